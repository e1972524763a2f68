/*  hr_store - one LMDB environment per service: named dbs, transactions, protobuf records,
 *  schema version and migrations, map growth on MDB_MAP_FULL, stale-reader check.
 *
 *  Every service opens its store once at start-up (STYLE.md section 10). The platform's own
 *  dbs (meta, dedupe, dedupe_by_time, outbox, events, cursors) are always opened; a service
 *  names its own in hr_store_opts_t.dbs. Handles are looked up by name once and kept.
 *
 *  Values returned by hr_store_get() point into LMDB's memory and are valid only until the
 *  transaction ends ("look but do not touch"). hr_store_get_pb() decodes into an arena so the
 *  result outlives the transaction.
 */
#ifndef HR_STORE_H
#define HR_STORE_H

#include "hr_base.h"
#include "hr_arena.h"

#include <lmdb.h>
#include <protobuf-c/protobuf-c.h>

#define HR_STORE_MAX_DBS 32
#define HR_STORE_DEFAULT_MAPSIZE_MB 1024
#define HR_STORE_DEFAULT_MAPSIZE_MAX_MB (64 * 1024)

// The platform's dbs, present in every store.
#define HR_DB_META "meta"                     // schema_version and other singletons
#define HR_DB_DEDUPE "dedupe"                 // msg_id -> stored reply of a write request
#define HR_DB_DEDUPE_BY_TIME "dedupe_by_time" // be64(stored_ms) + msg_id -> "" (pruning)
#define HR_DB_OUTBOX "outbox"                 // be64(seq) -> hr.sys.OutboxRow
#define HR_DB_EVENTS "events"                 // be64(seq) -> hr.sys.Event
#define HR_DB_CURSORS "cursors"               // source name -> be64(last applied seq)

typedef struct hr_store hr_store_t;
typedef struct hr_txn hr_txn_t;

// Upgrades the data from schema version N to N+1 inside the given write transaction.
typedef hr_rc_t(hr_migration_fn)(hr_txn_t *txn, void *arg);

typedef struct {
    const char *dir;                    // borrowed: the environment's directory (created 0700)
    size_t mapsize_mb;                  // initial map size; 0 = HR_STORE_DEFAULT_MAPSIZE_MB
    size_t mapsize_max_mb;              // growth limit; 0 = HR_STORE_DEFAULT_MAPSIZE_MAX_MB
    const char *const *dbs;             // borrowed: the service's db names, NULL-terminated
    uint32_t schema_version;            // the version this code writes (>= 1)
    hr_migration_fn *const *migrations; // borrowed: migrations[i] upgrades i+1 -> i+2
    void *migration_arg;                // passed to each migration
    bool as_is; // no schema check or migration (a tool reading another service's copy: only the
                // platform's dbs and those named are opened); schema_version is then ignored
} hr_store_opts_t;

// Opens (creating when absent) the environment in opts->dir, opens every db, checks for stale
// readers, and brings the schema to opts->schema_version: a fresh store is stamped with it; an
// older one is migrated in one write transaction; a newer one is refused. Returns an owned
// store, or NULL with *err_out set to an owned message naming the directory and the reason.
hr_store_t *hr_store_open(const hr_store_opts_t *opts, char **err_out);
void hr_store_destroy(hr_store_t **self_p);

// The handle of a db opened at start-up. Asserts the name is known: a typo is a programmer error.
MDB_dbi hr_store_dbi(const hr_store_t *self, const char *name);
MDB_env *hr_store_env(hr_store_t *self);
const char *hr_store_dir(const hr_store_t *self);
uint32_t hr_store_schema_version(const hr_store_t *self);
// Size of the data file in bytes (what is on disk), and the configured map size.
uint64_t hr_store_file_bytes(const hr_store_t *self);
uint64_t hr_store_map_bytes(const hr_store_t *self);
// Copies the environment as it is in one committed state (mdb_env_copy2, MDB_CP_COMPACT) to
// <dir>/data.mdb, then syncs the file and dir. dir must exist; an existing data.mdb there is
// never overwritten. Runs the copy on a thread of its own, so the caller may hold a read
// transaction; a copy that fails part of the way is removed. HR_OK with *bytes_out, or
//   HR_ENOTFOUND  dir is not a directory (nothing there, or a file)
//   HR_ECONFLICT  dir/data.mdb exists
//   HR_EDENIED    this process may not write dir or reach it (EACCES, EPERM, EROFS)
//   HR_EFULL      the target cannot take the copy (ENOSPC, EDQUOT, EFBIG)
//   HR_EIO        anything else
// and, when err_out is not NULL, *err_out an owned message naming dir and the reason ("cannot
// write the backup directory /x: Read-only file system"); NULL on HR_OK.
hr_rc_t hr_store_backup(hr_store_t *self, const char *dir, uint64_t *bytes_out, char **err_out);
// Rewrites the data file without its free pages, so that bytes deleted by committed
// transactions are no longer in it: LMDB leaves a deleted record in the pages it freed until
// they are reused, which may be never (an erasure, PIPL Art. 47, must not leave the text
// there). A compacted copy (mdb_env_copy2, MDB_CP_COMPACT) is written to
// <dir>/compact.tmp/data.mdb and fsynced, the environment is closed, the copy renamed over
// <dir>/data.mdb, the directory fsynced, and the environment opened again with the same dbs
// (their handles unchanged). No transaction may be open on this thread; it waits for readers
// on other threads, and none begins until it is done. A crash leaves the old file or the
// compacted one, each whole. HR_OK with *bytes_out the new file's size (may be NULL); HR_EFULL
// or HR_EIO when the copy cannot be written (nothing changed, the temp copy removed). Opening
// the environment again cannot fail but as a broken disk would: it aborts the process (a
// restart opens whichever whole file is there).
hr_rc_t hr_store_compact(hr_store_t *self, uint64_t *bytes_out);
// Doubles the map size up to the configured maximum. No transaction may be open on this
// thread; it waits for readers on other threads (hr_store_reader_begin, a backup's copy).
// HR_EFULL when already at the maximum, HR_EIO when LMDB refuses.
hr_rc_t hr_store_grow(hr_store_t *self);
// After a write transaction that failed with rc and has ended: true when rc is HR_EFULL because
// LMDB's map, not the disk, is full (hr_store_map_full_take) and the map has grown - the caller
// runs its write once more, from the start, in a new transaction. False otherwise, and when the
// map is already at its limit (nothing changed). No transaction may be open on this thread.
bool hr_store_grow_if_map_full(hr_store_t *self, hr_rc_t rc);
// What hr_store_write runs: the whole of one write, in txn (borrowed; fn neither commits nor
// aborts it). HR_OK commits it; any error aborts it and is returned.
typedef hr_rc_t(hr_store_write_fn)(hr_txn_t *txn, void *arg);
// A write of the service's own, outside any request (a deadline tick, a send queue's results, a
// retention sweep): fn in a write transaction of its own, committed when fn returns HR_OK. When
// the map is full the map grows and fn runs once more in a new transaction, as hr_server does
// for a request - so a background writer is not stopped by a full map until some request happens
// to grow it. fn may therefore run twice: it changes nothing outside its transaction but what it
// sets afresh on every run. No transaction may be open on this thread. Returns HR_OK, fn's
// error, or the commit's (HR_EFULL: the disk, or the map at its limit; HR_EIO).
hr_rc_t hr_store_write(hr_store_t *self, hr_store_write_fn *fn, void *arg);
// Test hook (hr_daemon sets it only with --test-hooks, from test/commit_full): while the file
// at path exists, every write transaction's commit fails with HR_EFULL as on a full disk, so a
// test can make the store refuse results at a moment it chooses. NULL or "" turns it off.
void hr_store_set_full_gate(hr_store_t *store, const char *path);

// Transactions. begin returns HR_OK and an owned txn, or HR_EIO / HR_EFULL.
hr_rc_t hr_txn_begin_read(hr_store_t *store, hr_txn_t **txn_out);
hr_rc_t hr_txn_begin_write(hr_store_t *store, hr_txn_t **txn_out);
// A read transaction for a thread other than the service's (background work of a parked call,
// hr_server.h). It should be short - hr_store_grow waits until every such transaction ended -
// and ends with hr_txn_abort on the thread that began it.
hr_rc_t hr_store_reader_begin(hr_store_t *store, hr_txn_t **txn_out);
// Commits and frees *txn_p (nulled). After any failed write on the txn the commit is refused
// with that failure's code and the txn is aborted instead. HR_EFULL, HR_EIO.
hr_rc_t hr_txn_commit(hr_txn_t **txn_p);
// Aborts and frees *txn_p (nulled); accepts NULL.
void hr_txn_abort(hr_txn_t **txn_p);
MDB_txn *hr_txn_mdb(hr_txn_t *txn);
hr_store_t *hr_txn_store(hr_txn_t *txn);
bool hr_txn_is_write(const hr_txn_t *txn);
// Whom a write transaction works for, for a service that records it beside what it writes (the
// workflow's case journal): hr_server sets it from the request before the handler runs; a
// service's own transactions (ticks, consumers) may set their own. Strings are borrowed and must
// outlive the transaction. hr_txn_origin gives NULL when none was set.
typedef struct {
    const char *actor;  // user id of the request's actor, or the service's own name
    const char *msg_id; // the request's msg_id, "" for the service's own work
    const char *type;   // the request's type ("workflow.ReviewCase"), or what the service did
    int64_t at_ms;      // the request's clock reading
} hr_txn_origin_t;
void hr_txn_set_origin(hr_txn_t *txn, const hr_txn_origin_t *origin);
const hr_txn_origin_t *hr_txn_origin(const hr_txn_t *txn);

// Raw records. put flags are LMDB's (0, MDB_NOOVERWRITE, MDB_APPEND). get fills *val with
// LMDB-owned memory valid until the txn ends. HR_ENOTFOUND, HR_ECONFLICT (key exists with
// MDB_NOOVERWRITE), HR_EFULL, HR_EIO.
hr_rc_t hr_store_put(hr_txn_t *txn, const char *db, const void *key, size_t klen, const void *val,
                     size_t vlen, unsigned flags);
hr_rc_t hr_store_get(hr_txn_t *txn, const char *db, const void *key, size_t klen, MDB_val *val);
hr_rc_t hr_store_del(hr_txn_t *txn, const char *db, const void *key, size_t klen);
// Protobuf records: msg is packed immediately (borrowed). get_pb unpacks into arena memory;
// HR_EIO when the stored bytes do not decode (logged as store.corrupt).
hr_rc_t hr_store_put_pb(hr_txn_t *txn, const char *db, const void *key, size_t klen,
                        const ProtobufCMessage *msg, unsigned flags);
hr_rc_t hr_store_get_pb(hr_txn_t *txn, const char *db, const void *key, size_t klen,
                        const ProtobufCMessageDescriptor *desc, hr_arena_t *arena, void **msg_out);
// Called by hr_store_each with each record's key and its value decoded into the walk's arena;
// an error stops the walk and is returned. It must not write db.
typedef hr_rc_t(hr_record_fn)(void *arg, const void *key, size_t klen, ProtobufCMessage *msg);
// Walks the records of db whose key starts with prefix (all when prefix_len is 0) in key order,
// decoding each with desc into arena. HR_EIO when a value does not decode (logged as
// store.corrupt), else fn's first error, else HR_OK.
hr_rc_t hr_store_each(hr_txn_t *txn, const char *db, const void *prefix, size_t prefix_len,
                      const ProtobufCMessageDescriptor *desc, hr_arena_t *arena, hr_record_fn *fn,
                      void *arg);
// One record kept by hr_store_collect: a copy of its key and its decoded value, in the
// caller's arena.
typedef struct {
    void *key;   // copy of the key
    size_t klen; // its length
    void *msg;   // the value, decoded with the walk's descriptor
} hr_record_t;
// Whether hr_store_collect keeps a decoded record: 1 keep, 0 pass over, -1 the record is
// corrupt (logged as store.corrupt; the walk fails with HR_EIO).
typedef int(hr_record_pick_fn)(const void *key, size_t klen, const ProtobufCMessage *msg,
                               void *arg);
// The "collect, then rewrite" walk of a schema migration: decodes every record of db whose key
// starts with prefix (all when prefix_len is 0) and keeps, in key order, those pick accepts (all
// when pick is NULL), so the caller rewrites them after the walk with no cursor open on what
// changes. *out is arena memory (NULL when none kept); the records passed over are decoded into
// arena too. HR_EIO when a value does not decode.
hr_rc_t hr_store_collect(hr_txn_t *txn, const char *db, const void *prefix, size_t prefix_len,
                         const ProtobufCMessageDescriptor *desc, hr_record_pick_fn *pick, void *arg,
                         hr_arena_t *arena, hr_record_t **out, size_t *n_out);
// Number of records in a db.
uint64_t hr_store_count(hr_txn_t *txn, const char *db);
// For dbs keyed by be64 sequence numbers: the last key's value (0 when empty).
hr_rc_t hr_store_last_seq(hr_txn_t *txn, const char *db, uint64_t *seq_out);

// Maps LMDB return codes: MDB_NOTFOUND -> ENOTFOUND, MDB_KEYEXIST -> ECONFLICT,
// MDB_MAP_FULL -> EFULL, others -> EIO (errno values through hr_rc_from_errno).
hr_rc_t hr_rc_from_mdb(int mdb_rc);
// Whether an HR_EFULL since the last call on this thread was LMDB's MDB_MAP_FULL (the map, which
// hr_store_grow can enlarge) rather than a full disk; clears it.
bool hr_store_map_full_take(void);

#endif
