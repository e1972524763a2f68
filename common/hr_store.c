/*  hr_store - the LMDB environment of one service.
 *
 *  Invariants:
 *  - One environment per process, one thread: no MDB_NOTLS games, at most one write txn. The
 *    exceptions are readers on threads of their own (hr_store_backup's copy, background work
 *    of parked calls: hr_store_reader_begin), counted apart under a mutex: the map is never
 *    resized under them - hr_store_grow waits until none is open.
 *  - Every db is opened once, at start-up, in one write txn; handles live in self->dbis.
 *  - A write that fails marks its txn failed; commit then refuses, because LMDB forbids
 *    continuing a txn after a failed put (MDB_TXN_ERROR) and a half-applied command must never
 *    reach the disk.
 *  - No MDB_NOSYNC / MDB_NOMETASYNC / MDB_WRITEMAP: services ack only what is durable.
 *  - The map grows (hr_store_grow) only with no transaction open; hr_server does that on
 *    HR_EFULL and retries the message once, hr_store_write the same for a service's own writes
 *    (ticks, queues, sweeps): none of them waits for a request to grow the map.
 */
#include "hr_store.h"
#include "hr_log.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HR_STORE_MB (UINT64_C(1024) * 1024)
#define HR_META_SCHEMA_KEY "schema_version"

static const char *const s_platform_dbs[] = {
    HR_DB_META, HR_DB_DEDUPE, HR_DB_DEDUPE_BY_TIME, HR_DB_OUTBOX, HR_DB_EVENTS, HR_DB_CURSORS,
};

struct hr_store {
    MDB_env *env;                        // owned
    char *dir;                           // owned
    const char *names[HR_STORE_MAX_DBS]; // borrowed: static strings from opts or the table
    MDB_dbi dbis[HR_STORE_MAX_DBS];      // handles, parallel to names
    size_t ndbs;                         // entries used in names/dbis
    uint64_t map_bytes;                  // current map size
    uint64_t map_max_bytes;              // growth limit
    uint32_t schema_version;             // version on disk after open
    size_t open_txns;                    // transactions not yet ended (grow needs 0)
    pthread_mutex_t readers_mu;          // guards readers
    pthread_cond_t readers_gone;         // signalled when readers drops to 0
    size_t readers;                      // read txns open on other threads (grow waits)
    char *full_gate;                     // owned, or NULL: test hook (hr_store_set_full_gate)
};

struct hr_txn {
    hr_store_t *store;      // borrowed
    MDB_txn *mdb;           // owned until commit/abort
    bool write;             // opened for writing
    bool background;        // hr_store_reader_begin: counted in store->readers
    hr_rc_t failed;         // first failed write, HR_OK if none
    bool has_origin;        // origin was set
    hr_txn_origin_t origin; // whom it writes for (strings borrowed)
};

// Set when LMDB said MDB_MAP_FULL on this thread: the map, not the disk, is full (both read as
// HR_EFULL). Only the map can be grown.
static _Thread_local bool s_map_full;

bool hr_store_map_full_take(void)
{
    bool was = s_map_full;
    s_map_full = false;
    return was;
}

hr_rc_t hr_rc_from_mdb(int mdb_rc)
{
    if (mdb_rc == MDB_MAP_FULL)
        s_map_full = true;
    switch (mdb_rc) {
    case MDB_SUCCESS:
        return HR_OK;
    case MDB_NOTFOUND:
        return HR_ENOTFOUND;
    case MDB_KEYEXIST:
        return HR_ECONFLICT;
    case MDB_MAP_FULL:
        return HR_EFULL;
    default:
        if (mdb_rc > 0)
            return hr_rc_from_errno(mdb_rc) == HR_EFULL ? HR_EFULL : HR_EIO;
        return HR_EIO;
    }
}

static hr_rc_t s_add_db(hr_store_t *self, MDB_txn *txn, const char *name)
{
    if (self->ndbs >= HR_STORE_MAX_DBS)
        return HR_EINTERNAL;
    MDB_dbi dbi;
    int mrc = mdb_dbi_open(txn, name, MDB_CREATE, &dbi);
    if (mrc)
        return hr_rc_from_mdb(mrc);
    self->names[self->ndbs] = name;
    self->dbis[self->ndbs] = dbi;
    self->ndbs++;
    return HR_OK;
}

static hr_rc_t s_open_dbs(hr_store_t *self, const hr_store_opts_t *opts)
{
    MDB_txn *txn = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_txn_begin(self->env, NULL, 0, &txn));
    if (rc)
        return rc;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_platform_dbs) && !rc; i++)
        rc = s_add_db(self, txn, s_platform_dbs[i]);
    for (size_t i = 0; opts->dbs && opts->dbs[i] && !rc; i++)
        rc = s_add_db(self, txn, opts->dbs[i]);
    if (rc) {
        mdb_txn_abort(txn);
        return rc;
    }
    return hr_rc_from_mdb(mdb_txn_commit(txn));
}

// Stamps a fresh store, migrates an older one, refuses a newer one.
static hr_rc_t s_schema(hr_store_t *self, const hr_store_opts_t *opts, char **err_out)
{
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_write(self, &txn);
    if (rc)
        return rc;
    MDB_val val;
    uint32_t on_disk = 0;
    rc = hr_store_get(txn, HR_DB_META, HR_META_SCHEMA_KEY, strlen(HR_META_SCHEMA_KEY), &val);
    if (rc == HR_OK && val.mv_size == 4)
        on_disk = hr_be32_get(val.mv_data);
    else if (rc == HR_OK || rc != HR_ENOTFOUND) {
        *err_out = hr_strfmt("%s: unreadable schema_version", self->dir);
        rc = HR_EIO;
        goto out;
    }
    rc = HR_OK;
    if (on_disk > opts->schema_version) {
        // A newer version migrated this store (migrations are one-way): the way back is that
        // version, or the backup taken before the upgrade restored with this version's hrctl.
        *err_out = hr_strfmt("%s: data has schema version %u, newer than this program's %u; "
                             "refusing to start. A newer version migrated it (one-way): run that "
                             "version again, or restore the backup taken before the upgrade with "
                             "this version's `hrctl restore DIR` (the README's upgrade section)",
                             self->dir, on_disk, opts->schema_version);
        rc = HR_ECONFLICT;
        goto out;
    }
    if (on_disk == 0)
        on_disk = opts->schema_version; // fresh store: nothing to migrate
    for (uint32_t v = on_disk; v < opts->schema_version && !rc; v++) {
        hr_migration_fn *fn = opts->migrations ? opts->migrations[v - 1] : NULL;
        if (!fn) {
            *err_out = hr_strfmt("%s: no migration from schema %u to %u", self->dir, v, v + 1);
            rc = HR_EINTERNAL;
            goto out;
        }
        rc = fn(txn, opts->migration_arg);
        if (rc)
            *err_out =
                hr_strfmt("%s: migration %u -> %u failed: %s", self->dir, v, v + 1, hr_rc_name(rc));
        else
            hr_info("store.migrated", "dir=%s from=%u to=%u", self->dir, v, v + 1);
    }
    if (rc)
        goto out;
    unsigned char buf[4];
    hr_be32_put(buf, opts->schema_version);
    rc = hr_store_put(txn, HR_DB_META, HR_META_SCHEMA_KEY, strlen(HR_META_SCHEMA_KEY), buf, 4, 0);
    if (rc)
        goto out;
    rc = hr_txn_commit(&txn);
    self->schema_version = opts->schema_version;
out:
    hr_txn_abort(&txn);
    return rc;
}

hr_store_t *hr_store_open(const hr_store_opts_t *opts, char **err_out)
{
    assert(opts && opts->dir && err_out);
    *err_out = NULL;
    hr_store_t *self = hr_alloc(sizeof *self);
    pthread_mutex_init(&self->readers_mu, NULL);
    pthread_cond_init(&self->readers_gone, NULL);
    self->dir = hr_strdup(opts->dir);
    self->map_bytes =
        (opts->mapsize_mb ? opts->mapsize_mb : HR_STORE_DEFAULT_MAPSIZE_MB) * HR_STORE_MB;
    self->map_max_bytes =
        (opts->mapsize_max_mb ? opts->mapsize_max_mb : HR_STORE_DEFAULT_MAPSIZE_MAX_MB) *
        HR_STORE_MB;
    if (self->map_max_bytes < self->map_bytes)
        self->map_max_bytes = self->map_bytes;

    int mrc = 0;
    hr_rc_t rc = HR_OK;
    if (hr_mkdirs(opts->dir, 0700)) {
        *err_out = hr_strfmt("%s: cannot create directory: %s", opts->dir, strerror(errno));
        goto fail;
    }
    mrc = mdb_env_create(&self->env);
    if (!mrc)
        mrc = mdb_env_set_maxdbs(self->env, HR_STORE_MAX_DBS);
    if (!mrc)
        mrc = mdb_env_set_mapsize(self->env, (size_t)self->map_bytes);
    if (!mrc)
        mrc = mdb_env_open(self->env, opts->dir, 0, 0600);
    if (mrc) {
        *err_out = hr_strfmt("%s: cannot open LMDB environment: %s", opts->dir, mdb_strerror(mrc));
        goto fail;
    }
    // A map file larger than asked for (grown earlier) keeps its size.
    MDB_envinfo info;
    mdb_env_info(self->env, &info);
    if (info.me_mapsize > self->map_bytes)
        self->map_bytes = info.me_mapsize;

    int dead = 0;
    mdb_reader_check(self->env, &dead);
    if (dead)
        hr_warn("store.stale_readers", "dir=%s cleared=%d", opts->dir, dead);

    rc = s_open_dbs(self, opts);
    if (rc) {
        *err_out = hr_strfmt("%s: cannot open databases: %s", opts->dir, hr_rc_name(rc));
        goto fail;
    }
    // A migration runs in one write transaction and may need more pages than the map has left
    // (LMDB reopens a grown store with a map exactly its file's size): the map grows, up to its
    // limit, and the migration runs again from the start - it had changed nothing.
    if (!opts->as_is)
        rc = s_schema(self, opts, err_out);
    while (hr_store_grow_if_map_full(self, rc)) {
        hr_free(*err_out);
        *err_out = NULL;
        rc = s_schema(self, opts, err_out);
    }
    if (rc) {
        if (!*err_out)
            *err_out = hr_strfmt("%s: schema check failed: %s", opts->dir, hr_rc_name(rc));
        goto fail;
    }
    return self;
fail:
    hr_store_destroy(&self);
    return NULL;
}

void hr_store_destroy(hr_store_t **self_p)
{
    assert(self_p);
    hr_store_t *self = *self_p;
    if (!self)
        return;
    assert(self->open_txns == 0 && self->readers == 0);
    if (self->env)
        mdb_env_close(self->env);
    pthread_mutex_destroy(&self->readers_mu);
    pthread_cond_destroy(&self->readers_gone);
    hr_free(self->dir);
    hr_free(self->full_gate);
    hr_free(self);
    *self_p = NULL;
}

MDB_dbi hr_store_dbi(const hr_store_t *self, const char *name)
{
    for (size_t i = 0; i < self->ndbs; i++)
        if (!strcmp(self->names[i], name))
            return self->dbis[i];
    hr_error("store.unknown_db", "db=%s", name);
    assert(!"unknown db name");
    return 0;
}

MDB_env *hr_store_env(hr_store_t *self)
{
    return self->env;
}

const char *hr_store_dir(const hr_store_t *self)
{
    return self->dir;
}

uint32_t hr_store_schema_version(const hr_store_t *self)
{
    return self->schema_version;
}

uint64_t hr_store_file_bytes(const hr_store_t *self)
{
    char *path = hr_strfmt("%s/data.mdb", self->dir);
    struct stat st;
    uint64_t size = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
    hr_free(path);
    return size;
}

uint64_t hr_store_map_bytes(const hr_store_t *self)
{
    return self->map_bytes;
}

typedef struct {
    hr_store_t *store; // borrowed
    const char *path;  // borrowed: the target directory
    int mdb_rc;        // the copy's result
} s_copy_t;

static void s_reader_enter(hr_store_t *self)
{
    pthread_mutex_lock(&self->readers_mu);
    self->readers++;
    pthread_mutex_unlock(&self->readers_mu);
}

static void s_reader_leave(hr_store_t *self)
{
    pthread_mutex_lock(&self->readers_mu);
    assert(self->readers > 0);
    if (--self->readers == 0)
        pthread_cond_broadcast(&self->readers_gone);
    pthread_mutex_unlock(&self->readers_mu);
}

static void *s_copy_thread(void *arg)
{
    s_copy_t *c = arg;
    s_reader_enter(c->store);
    c->mdb_rc = mdb_env_copy2(c->store->env, c->path, MDB_CP_COMPACT);
    s_reader_leave(c->store);
    return NULL;
}

// fsync of a file or directory by path; 0 or -1.
static int s_sync_path(const char *path, bool dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

// What a failure to write the copy means to the caller: the daemon may not write there (a
// directory it has no rights to, a read-only mount such as systemd's ProtectSystem=strict
// without ReadWritePaths=), the target is full (a disk, a quota, a file size limit), or else.
static hr_rc_t s_backup_rc(int err)
{
    switch (err) {
    case EACCES:
    case EPERM:
    case EROFS:
        return HR_EDENIED;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return HR_EFULL;
    case EEXIST:
        return HR_ECONFLICT;
    default:
        return HR_EIO;
    }
}

hr_rc_t hr_store_backup(hr_store_t *self, const char *dir, uint64_t *bytes_out, char **err_out)
{
    *bytes_out = 0;
    char *why = NULL;
    char *path = hr_strfmt("%s/data.mdb", dir);
    hr_rc_t rc = HR_OK;
    s_copy_t c = {self, dir, 0};
    pthread_t thread;
    struct stat st;
    int err = stat(dir, &st) ? errno : 0;         // then errno or LMDB code of the failure
    if (err && err != ENOENT && err != ENOTDIR) { // a parent we may not search
        rc = s_backup_rc(err);
        why = hr_strfmt("cannot reach the backup directory %s: %s", dir, strerror(err));
        goto out;
    }
    if (err || !S_ISDIR(st.st_mode)) {
        rc = HR_ENOTFOUND;
        why = hr_strfmt("%s is not a directory", dir);
        goto out;
    }
    if (stat(path, &st) == 0) {
        rc = HR_ECONFLICT; // a copy is there already: never overwritten
        why = hr_strfmt("%s exists; a backup is never overwritten", path);
        goto out;
    }
    // LMDB allows one read transaction per thread and the caller may hold one: the copy, which
    // is a reader, runs on a thread of its own.
    err = pthread_create(&thread, NULL, s_copy_thread, &c);
    if (err) {
        rc = HR_EIO;
        why = hr_strfmt("cannot start the copy: %s", strerror(err));
        goto out;
    }
    pthread_join(thread, NULL);
    err = c.mdb_rc; // the errno of the failed open or write, or an MDB_* code
    if (err) {
        rc = s_backup_rc(err);
        why = rc == HR_ECONFLICT
                  ? hr_strfmt("%s exists; a backup is never overwritten", path)
                  : hr_strfmt("cannot write the backup directory %s: %s", dir, mdb_strerror(err));
        if (err != EEXIST)
            unlink(path); // a half copy must not pass for a backup, nor block a retry
        goto out;
    }
    // LMDB makes it 0644; the store itself is 0600. Then the file and its name reach the disk.
    if (chmod(path, 0600) || s_sync_path(path, false) || s_sync_path(dir, true)) {
        err = errno;
        rc = s_backup_rc(err);
        why = hr_strfmt("cannot write the backup directory %s: %s", dir, strerror(err));
        goto out;
    }
    if (stat(path, &st) == 0)
        *bytes_out = (uint64_t)st.st_size;
out:
    if (rc)
        hr_warn("store.backup_failed", "dir=%s rc=%s err=%d", dir, hr_rc_name(rc), err);
    if (err_out)
        *err_out = why;
    else
        hr_free(why);
    hr_free(path);
    return rc;
}

// Opens the environment of self->dir again after hr_store_compact closed it: the same map size
// and dbs, opened in the order they were, so LMDB gives them the handles they had.
static int s_reopen(hr_store_t *self)
{
    int mrc = mdb_env_create(&self->env);
    if (!mrc)
        mrc = mdb_env_set_maxdbs(self->env, HR_STORE_MAX_DBS);
    if (!mrc)
        mrc = mdb_env_set_mapsize(self->env, (size_t)self->map_bytes);
    if (!mrc)
        mrc = mdb_env_open(self->env, self->dir, 0, 0600);
    MDB_txn *txn = NULL;
    if (!mrc)
        mrc = mdb_txn_begin(self->env, NULL, 0, &txn);
    for (size_t i = 0; i < self->ndbs && !mrc; i++) {
        MDB_dbi dbi;
        mrc = mdb_dbi_open(txn, self->names[i], MDB_CREATE, &dbi);
        if (!mrc && dbi != self->dbis[i])
            mrc = MDB_INCOMPATIBLE;
    }
    if (txn && mrc)
        mdb_txn_abort(txn);
    else if (txn)
        mrc = mdb_txn_commit(txn);
    return mrc;
}

hr_rc_t hr_store_compact(hr_store_t *self, uint64_t *bytes_out)
{
    assert(self->open_txns == 0);
    if (bytes_out)
        *bytes_out = 0;
    char *tmp = hr_strfmt("%s/compact.tmp", self->dir);
    char *copy = hr_strfmt("%s/data.mdb", tmp);
    char *data = hr_strfmt("%s/data.mdb", self->dir);
    hr_rc_t rc = HR_OK;
    unlink(copy); // a copy a crash left half written
    if (mkdir(tmp, 0700) && errno != EEXIST) {
        rc = s_backup_rc(errno) == HR_EFULL ? HR_EFULL : HR_EIO;
        hr_error("store.compact_failed", "dir=%s err=%d", self->dir, errno);
        goto out;
    }
    pthread_mutex_lock(&self->readers_mu);
    while (self->readers)
        pthread_cond_wait(&self->readers_gone, &self->readers_mu);
    // No transaction is open on this thread and none on another until the lock is released, so
    // the copy (a reader) may run here.
    int mrc = mdb_env_copy2(self->env, tmp, MDB_CP_COMPACT);
    if (!mrc && (chmod(copy, 0600) || s_sync_path(copy, false)))
        mrc = errno;
    if (mrc) {
        pthread_mutex_unlock(&self->readers_mu);
        rc = s_backup_rc(mrc) == HR_EFULL ? HR_EFULL : HR_EIO;
        hr_error("store.compact_failed", "dir=%s err=%d", self->dir, mrc);
        unlink(copy);
        rmdir(tmp);
        goto out;
    }
    mdb_env_close(self->env);
    self->env = NULL;
    if (rename(copy, data) || s_sync_path(self->dir, true)) {
        // The old file is still there, whole (rename is atomic): opened again as it was.
        hr_error("store.compact_rename", "dir=%s err=%d", self->dir, errno);
        rc = HR_EIO;
        unlink(copy);
    }
    rmdir(tmp);
    mrc = s_reopen(self);
    pthread_mutex_unlock(&self->readers_mu);
    if (mrc) {
        hr_error("store.compact_reopen", "dir=%s err=%d", self->dir, mrc);
        abort(); // the environment cannot be used: a restart opens the file that is there
    }
    struct stat st;
    if (!rc && bytes_out && stat(data, &st) == 0)
        *bytes_out = (uint64_t)st.st_size;
out:
    hr_free(tmp);
    hr_free(copy);
    hr_free(data);
    return rc;
}

hr_rc_t hr_store_grow(hr_store_t *self)
{
    assert(self->open_txns == 0);
    if (self->map_bytes >= self->map_max_bytes)
        return HR_EFULL;
    uint64_t next = self->map_bytes * 2;
    if (next > self->map_max_bytes)
        next = self->map_max_bytes;
    // The map moves: no reader on another thread may be looking into it. Their transactions
    // are short (a backup's copy excepted), and none can begin until the lock is released.
    pthread_mutex_lock(&self->readers_mu);
    if (self->readers)
        hr_warn("store.grow_waits", "dir=%s readers=%zu", self->dir, self->readers);
    while (self->readers)
        pthread_cond_wait(&self->readers_gone, &self->readers_mu);
    int mrc = mdb_env_set_mapsize(self->env, (size_t)next);
    pthread_mutex_unlock(&self->readers_mu);
    if (mrc) {
        hr_error("store.grow_failed", "dir=%s err=%d", self->dir, mrc);
        return HR_EIO;
    }
    hr_warn("store.grown", "dir=%s from_mb=%llu to_mb=%llu", self->dir,
            (unsigned long long)(self->map_bytes / HR_STORE_MB),
            (unsigned long long)(next / HR_STORE_MB));
    self->map_bytes = next;
    return HR_OK;
}

bool hr_store_grow_if_map_full(hr_store_t *self, hr_rc_t rc)
{
    return rc == HR_EFULL && hr_store_map_full_take() && hr_store_grow(self) == HR_OK;
}

// One run of fn in a write transaction of its own; the map-full mark it finds is an earlier
// write's and is dropped, so the one left afterwards is this run's.
static hr_rc_t s_write_once(hr_store_t *self, hr_store_write_fn *fn, void *arg)
{
    hr_txn_t *txn = NULL;
    hr_store_map_full_take();
    hr_rc_t rc = hr_txn_begin_write(self, &txn);
    if (!rc)
        rc = fn(txn, arg);
    if (!rc)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    return rc;
}

hr_rc_t hr_store_write(hr_store_t *self, hr_store_write_fn *fn, void *arg)
{
    hr_rc_t rc = s_write_once(self, fn, arg);
    if (hr_store_grow_if_map_full(self, rc))
        rc = s_write_once(self, fn, arg);
    return rc;
}

// background: a reader on a thread other than the service's, counted apart (see the top).
static hr_rc_t s_begin(hr_store_t *store, bool write, bool background, hr_txn_t **txn_out)
{
    if (background)
        s_reader_enter(store);
    MDB_txn *mdb = NULL;
    int mrc = mdb_txn_begin(store->env, NULL, write ? 0 : MDB_RDONLY, &mdb);
    if (mrc) {
        if (background)
            s_reader_leave(store);
        hr_error("store.txn_begin", "dir=%s err=%d background=%d", store->dir, mrc, background);
        return hr_rc_from_mdb(mrc);
    }
    hr_txn_t *txn = hr_alloc(sizeof *txn);
    txn->store = store;
    txn->mdb = mdb;
    txn->write = write;
    txn->background = background;
    if (!background)
        store->open_txns++;
    *txn_out = txn;
    return HR_OK;
}

hr_rc_t hr_txn_begin_read(hr_store_t *store, hr_txn_t **txn_out)
{
    return s_begin(store, false, false, txn_out);
}

hr_rc_t hr_store_reader_begin(hr_store_t *store, hr_txn_t **txn_out)
{
    return s_begin(store, false, true, txn_out);
}

void hr_store_set_full_gate(hr_store_t *store, const char *path)
{
    hr_free(store->full_gate);
    store->full_gate = path && *path ? hr_strdup(path) : NULL;
}

hr_rc_t hr_txn_begin_write(hr_store_t *store, hr_txn_t **txn_out)
{
    return s_begin(store, true, false, txn_out);
}

void hr_txn_set_origin(hr_txn_t *txn, const hr_txn_origin_t *origin)
{
    txn->origin = *origin;
    txn->has_origin = true;
}

const hr_txn_origin_t *hr_txn_origin(const hr_txn_t *txn)
{
    return txn->has_origin ? &txn->origin : NULL;
}

hr_rc_t hr_txn_commit(hr_txn_t **txn_p)
{
    hr_txn_t *txn = *txn_p;
    assert(txn);
    hr_rc_t rc = txn->failed;
    if (!rc && txn->write && txn->store->full_gate && access(txn->store->full_gate, F_OK) == 0)
        rc = HR_EFULL; // test hook: the disk is full while the gate file exists
    if (rc)
        mdb_txn_abort(txn->mdb);
    else
        rc = hr_rc_from_mdb(mdb_txn_commit(txn->mdb));
    if (txn->background)
        s_reader_leave(txn->store);
    else
        txn->store->open_txns--;
    hr_free(txn);
    *txn_p = NULL;
    return rc;
}

void hr_txn_abort(hr_txn_t **txn_p)
{
    hr_txn_t *txn = *txn_p;
    if (!txn)
        return;
    mdb_txn_abort(txn->mdb);
    if (txn->background)
        s_reader_leave(txn->store);
    else
        txn->store->open_txns--;
    hr_free(txn);
    *txn_p = NULL;
}

MDB_txn *hr_txn_mdb(hr_txn_t *txn)
{
    return txn->mdb;
}

hr_store_t *hr_txn_store(hr_txn_t *txn)
{
    return txn->store;
}

bool hr_txn_is_write(const hr_txn_t *txn)
{
    return txn->write;
}

static hr_rc_t s_write_result(hr_txn_t *txn, int mrc)
{
    hr_rc_t rc = hr_rc_from_mdb(mrc);
    // A refused NOOVERWRITE or a missing key on delete leave the txn usable; anything else
    // poisons it (LMDB marks the txn MDB_TXN_ERROR).
    if (rc && rc != HR_ECONFLICT && rc != HR_ENOTFOUND && !txn->failed)
        txn->failed = rc;
    return rc;
}

// The largest key LMDB takes (mdb_env_get_maxkeysize with the default build).
#define S_KEY_MAX 511

// A key given to a write is copied first (keys are at most S_KEY_MAX bytes): a key read from a
// cursor or an hr_store_each walk points into the map, and a put or delete that moves the page
// it lies on reads it while it moves (analytics lost a person-day's key that way). Longer keys
// are passed as they are, and LMDB refuses them.
static MDB_val s_key_copy(const void *key, size_t klen, char buf[S_KEY_MAX])
{
    if (klen > S_KEY_MAX)
        return (MDB_val){klen, (void *)key};
    if (klen)
        memcpy(buf, key, klen);
    return (MDB_val){klen, buf};
}

hr_rc_t hr_store_put(hr_txn_t *txn, const char *db, const void *key, size_t klen, const void *val,
                     size_t vlen, unsigned flags)
{
    assert(txn->write);
    if (txn->failed)
        return txn->failed;
    char kb[S_KEY_MAX];
    MDB_val k = s_key_copy(key, klen, kb);
    MDB_val v = {vlen, (void *)val};
    return s_write_result(txn, mdb_put(txn->mdb, hr_store_dbi(txn->store, db), &k, &v, flags));
}

hr_rc_t hr_store_get(hr_txn_t *txn, const char *db, const void *key, size_t klen, MDB_val *val)
{
    MDB_val k = {klen, (void *)key};
    return hr_rc_from_mdb(mdb_get(txn->mdb, hr_store_dbi(txn->store, db), &k, val));
}

hr_rc_t hr_store_del(hr_txn_t *txn, const char *db, const void *key, size_t klen)
{
    assert(txn->write);
    if (txn->failed)
        return txn->failed;
    char kb[S_KEY_MAX];
    MDB_val k = s_key_copy(key, klen, kb);
    return s_write_result(txn, mdb_del(txn->mdb, hr_store_dbi(txn->store, db), &k, NULL));
}

hr_rc_t hr_store_put_pb(hr_txn_t *txn, const char *db, const void *key, size_t klen,
                        const ProtobufCMessage *msg, unsigned flags)
{
    assert(txn->write);
    if (txn->failed)
        return txn->failed;
    size_t len = protobuf_c_message_get_packed_size(msg);
    char kb[S_KEY_MAX];
    MDB_val k = s_key_copy(key, klen, kb);
    MDB_val v = {len, NULL};
    // Reserve the space in LMDB and pack straight into it: no intermediate buffer.
    int mrc = mdb_put(txn->mdb, hr_store_dbi(txn->store, db), &k, &v, flags | MDB_RESERVE);
    if (mrc)
        return s_write_result(txn, mrc);
    if (len)
        protobuf_c_message_pack(msg, v.mv_data);
    return HR_OK;
}

hr_rc_t hr_store_get_pb(hr_txn_t *txn, const char *db, const void *key, size_t klen,
                        const ProtobufCMessageDescriptor *desc, hr_arena_t *arena, void **msg_out)
{
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, db, key, klen, &v);
    if (rc)
        return rc;
    ProtobufCMessage *msg =
        protobuf_c_message_unpack(desc, hr_arena_pb_allocator(arena), v.mv_size, v.mv_data);
    if (!msg) {
        hr_error("store.corrupt", "db=%s type=%s len=%zu", db, desc->name, v.mv_size);
        return HR_EIO;
    }
    *msg_out = msg;
    return HR_OK;
}

hr_rc_t hr_store_each(hr_txn_t *txn, const char *db, const void *prefix, size_t prefix_len,
                      const ProtobufCMessageDescriptor *desc, hr_arena_t *arena, hr_record_fn *fn,
                      void *arg)
{
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(txn->mdb, hr_store_dbi(txn->store, db), &cursor));
    if (rc)
        return rc;
    MDB_val k = {prefix_len, (void *)prefix}, v;
    int mrc = mdb_cursor_get(cursor, &k, &v, prefix_len ? MDB_SET_RANGE : MDB_FIRST);
    while (!mrc && !rc &&
           (!prefix_len || (k.mv_size >= prefix_len && !memcmp(k.mv_data, prefix, prefix_len)))) {
        ProtobufCMessage *msg =
            protobuf_c_message_unpack(desc, hr_arena_pb_allocator(arena), v.mv_size, v.mv_data);
        if (!msg) {
            hr_error("store.corrupt", "db=%s type=%s len=%zu", db, desc->name, v.mv_size);
            rc = HR_EIO;
            break;
        }
        rc = fn(arg, k.mv_data, k.mv_size, msg);
        if (!rc)
            mrc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cursor);
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    return rc;
}

typedef struct {
    hr_record_pick_fn *pick; // borrowed
    void *arg;               // pick's
    hr_arena_t *arena;       // the caller's: keys are copied into it
    hr_record_t *kept;       // owned: grows, copied into arena at the end
    size_t n, cap;           // entries used, allocated
} s_collect_t;

static hr_rc_t s_collect_one(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    s_collect_t *c = arg;
    int pick = c->pick ? c->pick(key, klen, msg, c->arg) : 1;
    if (pick < 0) {
        hr_error("store.corrupt", "type=%s (a migration's check)", msg->descriptor->name);
        return HR_EIO;
    }
    if (!pick)
        return HR_OK;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->kept = hr_realloc(c->kept, c->cap * sizeof *c->kept);
    }
    c->kept[c->n++] = (hr_record_t){hr_arena_memdup(c->arena, key, klen), klen, msg};
    return HR_OK;
}

hr_rc_t hr_store_collect(hr_txn_t *txn, const char *db, const void *prefix, size_t prefix_len,
                         const ProtobufCMessageDescriptor *desc, hr_record_pick_fn *pick, void *arg,
                         hr_arena_t *arena, hr_record_t **out, size_t *n_out)
{
    s_collect_t c = {.pick = pick, .arg = arg, .arena = arena};
    hr_rc_t rc = hr_store_each(txn, db, prefix, prefix_len, desc, arena, s_collect_one, &c);
    *out = !rc && c.n ? hr_arena_memdup(arena, c.kept, c.n * sizeof *c.kept) : NULL;
    *n_out = rc ? 0 : c.n;
    hr_free(c.kept);
    return rc;
}

uint64_t hr_store_count(hr_txn_t *txn, const char *db)
{
    MDB_stat st;
    if (mdb_stat(txn->mdb, hr_store_dbi(txn->store, db), &st))
        return 0;
    return st.ms_entries;
}

hr_rc_t hr_store_last_seq(hr_txn_t *txn, const char *db, uint64_t *seq_out)
{
    *seq_out = 0;
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(txn->mdb, hr_store_dbi(txn->store, db), &cursor));
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cursor, &k, &v, MDB_LAST);
    if (mrc == 0 && k.mv_size >= 8)
        *seq_out = hr_be64_get(k.mv_data);
    else if (mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cursor);
    return rc;
}
