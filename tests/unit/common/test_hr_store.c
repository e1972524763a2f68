/*  test_hr_store - real LMDB in a temp dir: dbs, protobuf records, failed-write poisoning,
 *  schema stamping, migrations and their collect walk, refusal of newer data, map growth on
 *  MDB_MAP_FULL, backups, compaction (deleted bytes gone from data.mdb), stale readers left by
 *  killed processes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hr.h"
#include "hr_test.h"

static const char *const s_dbs[] = {"things", NULL};

typedef struct {
    char *dir;         // owned: temp dir
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
} fixture_t;

static hr_store_t *s_open(const char *dir, uint32_t version, hr_migration_fn *const *migrations,
                          void *arg, size_t map_mb, size_t map_max_mb, char **err)
{
    hr_store_opts_t opts = {.dir = dir,
                            .mapsize_mb = map_mb,
                            .mapsize_max_mb = map_max_mb,
                            .dbs = s_dbs,
                            .schema_version = version,
                            .migrations = migrations,
                            .migration_arg = arg};
    return hr_store_open(&opts, err);
}

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("store");
    char *err = NULL;
    f->store = s_open(f->dir, 1, NULL, NULL, 8, 8, &err);
    f->arena = hr_arena_new(0);
    *state = f;
    hr_free(err);
    return f->store ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static void test_put_then_get_in_a_later_transaction(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "k1", 2, "value", 5, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_null(txn);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    MDB_val v;
    assert_int_equal(hr_store_get(txn, "things", "k1", 2, &v), HR_OK);
    assert_int_equal(v.mv_size, 5);
    assert_memory_equal(v.mv_data, "value", 5);
    assert_int_equal(hr_store_get(txn, "things", "nope", 4, &v), HR_ENOTFOUND);
    assert_int_equal(hr_store_count(txn, "things"), 1);
    hr_txn_abort(&txn);
    hr_txn_abort(&txn); // a second abort of a NULL txn is harmless
}

static void test_nooverwrite_reports_conflict_and_keeps_txn_usable(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "a", 1, "1", 1, MDB_NOOVERWRITE), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "a", 1, "2", 1, MDB_NOOVERWRITE), HR_ECONFLICT);
    assert_int_equal(hr_store_del(txn, "things", "zz", 2), HR_ENOTFOUND);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// A key read from the map (a cursor's, as an hr_store_each walk gives them) given back to a put
// or a delete in the same write txn: the page it lies on is dirty and moves under the write, so
// the store copies the key first. Without the copy the re-put key was stored mangled.
static void test_a_key_from_the_map_written_back_stays_whole(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    char key[16], val[64];
    memset(val, 'v', sizeof val);
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof key, "key-%02d", i);
        assert_int_equal(hr_store_put(txn, "things", key, 6, val, 8, 0), HR_OK);
    }
    MDB_cursor *cur = NULL;
    assert_int_equal(mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(f->store, "things"), &cur),
                     MDB_SUCCESS);
    for (int i = 5; i < 40; i += 7) {
        snprintf(key, sizeof key, "key-%02d", i);
        MDB_val k = {6, key}, v;
        assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_SET_KEY), MDB_SUCCESS);
        assert_ptr_not_equal(k.mv_data, key); // the map's copy of the key
        // A larger value: the node is taken out and put back, shifting the page under k.
        assert_int_equal(hr_store_put(txn, "things", k.mv_data, k.mv_size, val, 60, 0), HR_OK);
    }
    snprintf(key, sizeof key, "key-%02d", 12);
    MDB_val k = {6, key}, v;
    assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_SET_KEY), MDB_SUCCESS);
    assert_int_equal(hr_store_del(txn, "things", k.mv_data, k.mv_size), HR_OK);
    mdb_cursor_close(cur);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "things"), 39);
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof key, "key-%02d", i);
        MDB_val got;
        assert_int_equal(hr_store_get(txn, "things", key, 6, &got), i == 12 ? HR_ENOTFOUND : HR_OK);
        if (i != 12)
            assert_int_equal(got.mv_size, i >= 5 && (i - 5) % 7 == 0 ? 60 : 8);
    }
    hr_txn_abort(&txn);
}

// Checks that *why_p is dir followed by rest, then frees it.
static void s_assert_why(char **why_p, const char *dir, const char *rest)
{
    char *want = hr_strfmt("%s%s", dir, rest);
    assert_non_null(*why_p);
    assert_string_equal(*why_p, want);
    hr_free(want);
    hr_free(*why_p);
}

// A backup taken while the caller holds a read txn (as sys.Backup's handler does) is the
// committed state, opens as a store of its own, and is never written over.
static void test_backup_copies_the_committed_state_and_never_overwrites(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "k1", 2, "kept", 4, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "k2", 2, "uncommitted", 11, 0), HR_OK);
    hr_txn_abort(&txn);

    char *bk = hr_strfmt("%s/backup", f->dir);
    uint64_t bytes = 0;
    char *why = NULL;
    assert_int_equal(hr_store_backup(f->store, bk, &bytes, &why), HR_ENOTFOUND); // no such dir
    s_assert_why(&why, bk, " is not a directory");
    assert_int_equal(hr_mkdirs(bk, 0700), 0);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_backup(f->store, bk, &bytes, &why), HR_OK);
    assert_null(why);
    hr_txn_abort(&txn);
    assert_true(bytes > 0);
    assert_int_equal(hr_store_backup(f->store, bk, &bytes, NULL), HR_ECONFLICT);
    assert_int_equal(hr_store_backup(f->store, bk, &bytes, &why), HR_ECONFLICT);
    s_assert_why(&why, bk, "/data.mdb exists; a backup is never overwritten");

    char *err = NULL;
    hr_store_t *copy = s_open(bk, 1, NULL, NULL, 8, 8, &err);
    assert_non_null(copy);
    assert_int_equal(hr_txn_begin_read(copy, &txn), HR_OK);
    MDB_val v;
    assert_int_equal(hr_store_get(txn, "things", "k1", 2, &v), HR_OK);
    assert_memory_equal(v.mv_data, "kept", 4);
    assert_int_equal(hr_store_get(txn, "things", "k2", 2, &v), HR_ENOTFOUND);
    hr_txn_abort(&txn);
    hr_store_destroy(&copy);
    hr_free(err);
    hr_free(bk);
}

// A backup the target cannot take says why, naming the directory, and leaves no half copy.
// The tests run as root, whom mode bits (a 0500 directory) do not stop, so the failures are
// ones root meets too: a file where the directory should be; sysfs, which takes no new file
// from anyone (EACCES; EROFS where it is mounted read-only); a file size limit (RLIMIT_FSIZE,
// as FAT32's 4 GiB would be) that stops the copy part of the way (EFBIG).
static void test_backup_names_why_it_could_not_write(void **state)
{
    fixture_t *f = *state;
    char big[20000];
    memset(big, 'x', sizeof big);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "big", 3, big, sizeof big, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    uint64_t bytes = 1;
    char *why = NULL;

    char *file = hr_strfmt("%s/a-file", f->dir);
    assert_int_equal(hr_test_write_file(file, "x", 1), 0);
    assert_int_equal(hr_store_backup(f->store, file, &bytes, &why), HR_ENOTFOUND);
    s_assert_why(&why, file, " is not a directory");

    assert_int_equal(hr_store_backup(f->store, "/sys", &bytes, &why), HR_EDENIED);
    assert_int_equal(bytes, 0);
    assert_non_null(why);
    if (strcmp(why, "cannot write the backup directory /sys: Permission denied") &&
        strcmp(why, "cannot write the backup directory /sys: Read-only file system"))
        fail_msg("why: %s", why);
    hr_free(why);

    char *bk = hr_strfmt("%s/small", f->dir);
    assert_int_equal(hr_mkdirs(bk, 0700), 0);
    struct rlimit was, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
    small = was;
    small.rlim_cur = 4096; // fewer bytes than the copy's two meta pages alone
    void (*sigxfsz)(int) = signal(SIGXFSZ, SIG_IGN); // the write fails instead of killing us
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    hr_rc_t rc = hr_store_backup(f->store, bk, &bytes, &why);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
    signal(SIGXFSZ, sigxfsz);
    assert_int_equal(rc, HR_EFULL);
    char *want = hr_strfmt("cannot write the backup directory %s: File too large", bk);
    assert_string_equal(why, want);
    hr_free(want);
    hr_free(why);
    char *copy = hr_strfmt("%s/data.mdb", bk);
    struct stat st;
    assert_int_equal(stat(copy, &st), -1); // the half copy is gone: a retry can take its place
    assert_int_equal(hr_store_backup(f->store, bk, &bytes, &why), HR_OK);
    assert_true(bytes > sizeof big);
    hr_free(copy);
    hr_free(bk);
    hr_free(file);
}

static int s_count_reader(const char *msg, void *ctx)
{
    (void)msg;
    (*(int *)ctx)++;
    return 0;
}

// Reader slots in env's lock file.
static int s_readers_of(MDB_env *env)
{
    int lines = 0;
    mdb_reader_list(env, s_count_reader, &lines);
    return lines - 1; // the first line is the header, or "(no active readers)"
}

// Reader slots in dir's lock file, counted with a raw environment (no reader check). Only
// while no store of this process has dir open (two environments on one file in one process
// would drop each other's locks).
static int s_readers(const char *dir)
{
    MDB_env *env = NULL;
    assert_int_equal(mdb_env_create(&env), 0);
    assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
    assert_int_equal(mdb_env_open(env, dir, 0, 0600), 0);
    int n = s_readers_of(env);
    mdb_env_close(env);
    return n;
}

// Forks a process that opens dir's store and, when in_txn is set, begins a read transaction;
// it writes one byte to *fd_out's pipe when done and then waits to be killed.
static pid_t s_holder(const char *dir, bool in_txn, int *fd_out)
{
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    if (pid == 0) {
        char *err = NULL;
        hr_store_t *st = s_open(dir, 1, NULL, NULL, 8, 8, &err);
        hr_txn_t *txn = NULL;
        if (!st || (in_txn && hr_txn_begin_read(st, &txn)))
            _exit(1);
        if (write(ready[1], "r", 1) != 1)
            _exit(1);
        pause(); // killed here
        _exit(0);
    }
    char c = 0;
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    *fd_out = ready[1];
    return pid;
}

static void s_kill(pid_t pid, int fd)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(fd);
}

// reliability.md P13: a process killed -9 inside a read transaction leaves its reader slot in
// the lock file while another process keeps the environment open (when none does, LMDB resets
// the table at the next open), and the slot pins old pages. hr_store_open clears such slots,
// so the file does not grow from crashes: thirty crashes, a 64 KiB rewrite after each.
static void test_stale_readers_of_killed_processes_are_cleared_at_open(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    int keep_fd = -1;
    pid_t keeper = s_holder(f->dir, false, &keep_fd); // keeps the lock file in use
    char *value = hr_alloc(64 * 1024);
    for (int round = 0; round < 30; round++) {
        int fd = -1;
        pid_t reader = s_holder(f->dir, true, &fd);
        s_kill(reader, fd);
        assert_int_equal(s_readers(f->dir), 1); // the dead reader's slot
        char *err = NULL;
        f->store = s_open(f->dir, 1, NULL, NULL, 8, 8, &err);
        assert_non_null(f->store);
        assert_int_equal(s_readers_of(hr_store_env(f->store)), 0);
        hr_txn_t *txn = NULL;
        value[0] = (char)round;
        assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
        assert_int_equal(hr_store_put(txn, "things", "big", 3, value, 64 * 1024, 0), HR_OK);
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
        hr_store_destroy(&f->store);
        hr_free(err);
    }
    s_kill(keeper, keep_fd);
    char *path = hr_strfmt("%s/data.mdb", f->dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size < 1024 * 1024); // 30 rewrites of 64 KiB, old pages reused
    hr_free(path);
    hr_free(value);
    char *err = NULL;
    f->store = s_open(f->dir, 1, NULL, NULL, 8, 8, &err); // for the teardown
    hr_free(err);
}

static void test_protobuf_record_round_trips_into_arena(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = 7;
    ev.type = "workflow.CaseOpened";
    ev.at_ms = HR_TEST_T0_MS;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    unsigned char key[8];
    hr_be64_put(key, 7);
    assert_int_equal(hr_store_put_pb(txn, HR_DB_EVENTS, key, 8, &ev.base, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__Event *got = NULL;
    assert_int_equal(hr_store_get_pb(txn, HR_DB_EVENTS, key, 8, &hr__sys__event__descriptor,
                                     f->arena, (void **)&got),
                     HR_OK);
    uint64_t last = 0;
    assert_int_equal(hr_store_last_seq(txn, HR_DB_EVENTS, &last), HR_OK);
    hr_txn_abort(&txn);
    // The record lives in the arena, past the end of the transaction.
    assert_int_equal(got->seq, 7);
    assert_string_equal(got->type, "workflow.CaseOpened");
    assert_int_equal(last, 7);
}

static void test_undecodable_record_is_an_io_error(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "bad", 3, "\xff\xff\xff", 3, 0), HR_OK);
    void *msg = NULL;
    assert_int_equal(
        hr_store_get_pb(txn, "things", "bad", 3, &hr__sys__event__descriptor, f->arena, &msg),
        HR_EIO);
    hr_txn_abort(&txn);
}

static void s_put_event(hr_txn_t *txn, const char *key, uint64_t seq, const char *type)
{
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = (char *)type;
    assert_int_equal(hr_store_put_pb(txn, "things", key, strlen(key), &ev.base, 0), HR_OK);
}

// Keeps events of even seq; an event of seq 13 counts as corrupt.
static int s_pick_even(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    (void)key;
    (void)klen;
    (*(int *)arg)++;
    const Hr__Sys__Event *ev = (const Hr__Sys__Event *)msg;
    return ev->seq == 13 ? -1 : ev->seq % 2 == 0;
}

static void test_collect_keeps_picked_records_under_a_prefix_in_key_order(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    s_put_event(txn, "a/3", 4, "three");
    s_put_event(txn, "a/1", 2, "one");
    s_put_event(txn, "a/2", 1, "two");
    s_put_event(txn, "b/1", 6, "other prefix");
    s_put_event(txn, "a", 8, "shorter than the prefix");
    hr_record_t *got = NULL;
    size_t n = 9;
    int seen = 0;
    assert_int_equal(hr_store_collect(txn, "things", "a/", 2, &hr__sys__event__descriptor,
                                      s_pick_even, &seen, f->arena, &got, &n),
                     HR_OK);
    assert_int_equal(seen, 3); // only the prefix's records were looked at
    assert_int_equal(n, 2);
    assert_int_equal(got[0].klen, 3);
    assert_memory_equal(got[0].key, "a/1", 3);
    assert_string_equal(((Hr__Sys__Event *)got[0].msg)->type, "one");
    assert_memory_equal(got[1].key, "a/3", 3);
    assert_string_equal(((Hr__Sys__Event *)got[1].msg)->type, "three");
    // The kept records outlive the walk: rewriting them is what a migration does next.
    for (size_t i = 0; i < n; i++)
        assert_int_equal(hr_store_del(txn, "things", got[i].key, got[i].klen), HR_OK);
    assert_int_equal(((Hr__Sys__Event *)got[1].msg)->seq, 4);

    // No prefix and no pick: everything left, in key order.
    assert_int_equal(hr_store_collect(txn, "things", NULL, 0, &hr__sys__event__descriptor, NULL,
                                      NULL, f->arena, &got, &n),
                     HR_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(got[0].key, "a", 1);
    assert_memory_equal(got[2].key, "b/1", 3);

    // Nothing under the prefix.
    assert_int_equal(hr_store_collect(txn, "things", "c/", 2, &hr__sys__event__descriptor, NULL,
                                      NULL, f->arena, &got, &n),
                     HR_OK);
    assert_int_equal(n, 0);
    assert_null(got);

    // A record pick calls corrupt, or one that does not decode, fails the walk.
    s_put_event(txn, "a/4", 13, "corrupt");
    assert_int_equal(hr_store_collect(txn, "things", "a/", 2, &hr__sys__event__descriptor,
                                      s_pick_even, &seen, f->arena, &got, &n),
                     HR_EIO);
    assert_int_equal(n, 0);
    assert_int_equal(hr_store_put(txn, "things", "b/2", 3, "\xff\xff\xff", 3, 0), HR_OK);
    assert_int_equal(hr_store_collect(txn, "things", "b/", 2, &hr__sys__event__descriptor, NULL,
                                      NULL, f->arena, &got, &n),
                     HR_EIO);
    hr_txn_abort(&txn);
}

static void test_full_map_poisons_txn_and_grow_makes_room(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("store-full");
    char *err = NULL;
    hr_store_t *store = s_open(dir, 1, NULL, NULL, 1, 2, &err); // 1 MiB map, may grow to 2
    assert_non_null(store);
    static char blob[64 * 1024];
    memset(blob, 'x', sizeof blob);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    hr_rc_t rc = HR_OK;
    int i = 0;
    for (; i < 64 && rc == HR_OK; i++) {
        unsigned char key[8];
        hr_be64_put(key, (uint64_t)i);
        rc = hr_store_put(txn, "things", key, 8, blob, sizeof blob, 0);
    }
    assert_int_equal(rc, HR_EFULL);
    // The failed put poisoned the txn: commit refuses and nothing reaches the disk.
    assert_int_equal(hr_txn_commit(&txn), HR_EFULL);
    assert_int_equal(hr_store_grow(store), HR_OK);
    assert_int_equal(hr_store_map_bytes(store), 2u * 1024 * 1024);
    assert_int_equal(hr_store_grow(store), HR_EFULL); // at the configured maximum
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    for (int k = 0; k < i - 1; k++) {
        unsigned char key[8];
        hr_be64_put(key, (uint64_t)k);
        assert_int_equal(hr_store_put(txn, "things", key, 8, blob, sizeof blob, 0), HR_OK);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_test_rmdir(dir);
    hr_free(dir);
}

// What s_put_blobs writes with hr_store_write: n blobs of 64 KiB; counts its runs.
typedef struct {
    int n;    // blobs to put, keys 0..n-1
    int runs; // times hr_store_write ran it
} s_blobs_t;

static hr_rc_t s_fail(hr_txn_t *txn, void *arg)
{
    s_blobs_t *b = arg;
    b->runs++;
    assert_int_equal(hr_store_put(txn, "things", "k", 1, "v", 1, 0), HR_OK);
    return HR_ECONFLICT;
}

static hr_rc_t s_put_blobs(hr_txn_t *txn, void *arg)
{
    s_blobs_t *b = arg;
    static char blob[64 * 1024];
    memset(blob, 'y', sizeof blob);
    b->runs++;
    hr_rc_t rc = HR_OK;
    for (int k = 0; k < b->n && !rc; k++) {
        unsigned char key[8];
        hr_be64_put(key, (uint64_t)k);
        rc = hr_store_put(txn, "things", key, 8, blob, sizeof blob, 0);
    }
    return rc;
}

// A service's own write (a tick's) on a full map: the map grows and the write runs once more,
// as a request's would; with no room left to grow into it is refused as full, nothing written.
static void test_a_background_write_grows_a_full_map(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("store-bgfull");
    char *err = NULL;
    hr_store_t *store = s_open(dir, 1, NULL, NULL, 1, 2, &err); // 1 MiB map, may grow to 2
    assert_non_null(store);
    s_blobs_t b = {.n = 20}; // 1.25 MiB: more than the map holds, less than 2 MiB
    assert_int_equal(hr_store_write(store, s_put_blobs, &b), HR_OK);
    assert_int_equal(b.runs, 2);
    assert_int_equal(hr_store_map_bytes(store), 2u * 1024 * 1024);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "things"), 20);
    hr_txn_abort(&txn);

    b = (s_blobs_t){.n = 40}; // 2.5 MiB: the map is at its limit
    assert_int_equal(hr_store_write(store, s_put_blobs, &b), HR_EFULL);
    assert_int_equal(b.runs, 1);
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "things"), 20);
    hr_txn_abort(&txn);

    // An error of fn's own is returned as it is, the transaction aborted, never run again.
    b = (s_blobs_t){.n = 0};
    hr_store_map_full_take();
    assert_int_equal(hr_store_write(store, s_fail, &b), HR_ECONFLICT);
    assert_int_equal(b.runs, 1);
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, "things", "k", 1, &v), HR_ENOTFOUND);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);
    hr_test_rmdir(dir);
    hr_free(dir);
}

// A reader on a thread of its own (hr_store_reader_begin) that reads a row, lets the test go
// on, and ends its transaction only after a while.
typedef struct {
    hr_store_t *store;   // borrowed
    atomic_bool reading; // the transaction is open and the row was read
    atomic_bool ended;   // the transaction is about to end
} reader_t;

static void *s_reader(void *arg)
{
    reader_t *r = arg;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_store_reader_begin(r->store, &txn), HR_OK);
    MDB_val v;
    assert_int_equal(hr_store_get(txn, "things", "k", 1, &v), HR_OK);
    atomic_store(&r->reading, true);
    zclock_sleep(200);
    assert_memory_equal(v.mv_data, "value", 5); // still mapped: the map did not move under it
    atomic_store(&r->ended, true);
    hr_txn_abort(&txn);
    return NULL;
}

static void test_grow_waits_for_readers_on_other_threads(void **state)
{
    HR_UNUSED(state);
    hr_txn_t *txn = NULL;
    char *dir = hr_test_tmpdir("store-grow");
    char *err = NULL;
    hr_store_t *store = s_open(dir, 1, NULL, NULL, 1, 2, &err);
    assert_non_null(store);
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "k", 1, "value", 5, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    reader_t r = {.store = store};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, s_reader, &r), 0);
    while (!atomic_load(&r.reading))
        zclock_sleep(1);
    assert_int_equal(hr_store_grow(store), HR_OK); // returns only once the reader ended
    assert_true(atomic_load(&r.ended));
    pthread_join(thread, NULL);
    assert_int_equal(hr_store_map_bytes(store), 2u * 1024 * 1024);
    hr_store_destroy(&store);
    hr_test_rmdir(dir);
    hr_free(dir);
}

static hr_rc_t s_migrate_1_to_2(hr_txn_t *txn, void *arg)
{
    int *calls = arg;
    (*calls)++;
    return hr_store_put(txn, "things", "migrated", 8, "yes", 3, 0);
}

static hr_rc_t s_migrate_fails(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_store_put(txn, "things", "half", 4, "done", 4, 0);
    return HR_EINTERNAL;
}

static void test_schema_is_stamped_migrated_and_newer_refused(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("store-schema");
    char *err = NULL;
    int calls = 0;
    hr_store_t *store = s_open(dir, 1, NULL, NULL, 8, 8, &err);
    assert_non_null(store);
    assert_int_equal(hr_store_schema_version(store), 1);
    hr_store_destroy(&store);

    // A failing migration leaves the store as it was and says why.
    hr_migration_fn *const failing[] = {s_migrate_fails};
    store = s_open(dir, 2, failing, NULL, 8, 8, &err);
    assert_null(store);
    assert_non_null(strstr(err, "migration 1 -> 2 failed"));
    hr_free(err);

    hr_migration_fn *const migrations[] = {s_migrate_1_to_2};
    store = s_open(dir, 2, migrations, &calls, 8, 8, &err);
    assert_non_null(store);
    assert_int_equal(calls, 1);
    assert_int_equal(hr_store_schema_version(store), 2);
    hr_txn_t *txn = NULL;
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, "things", "migrated", 8, &v), HR_OK);
    assert_int_equal(hr_store_get(txn, "things", "half", 4, &v), HR_ENOTFOUND);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);

    // Reopening at the same version runs nothing.
    store = s_open(dir, 2, migrations, &calls, 8, 8, &err);
    assert_non_null(store);
    assert_int_equal(calls, 1);
    hr_store_destroy(&store);

    // Older code refuses newer data.
    store = s_open(dir, 1, NULL, NULL, 8, 8, &err);
    assert_null(store);
    assert_non_null(strstr(err, "newer than this program"));
    assert_non_null(strstr(err, "hrctl restore")); // the way back, named
    hr_free(err);
    hr_test_rmdir(dir);
    hr_free(dir);
}

// A migration that needs more room than the map has left: the map grows (up to its limit) and
// the migration runs again, instead of the daemon refusing to start after an upgrade.
static hr_rc_t s_migrate_big(hr_txn_t *txn, void *arg)
{
    int *calls = arg;
    (*calls)++;
    static char value[4000];
    hr_rc_t rc = HR_OK;
    for (int i = 0; i < 400 && !rc; i++) {
        char key[16];
        int n = snprintf(key, sizeof key, "big%04d", i);
        rc = hr_store_put(txn, "things", key, (size_t)n, value, sizeof value, 0);
    }
    return rc;
}

static void test_a_migration_that_fills_the_map_grows_it(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("store-migfull");
    char *err = NULL;
    hr_store_t *store = s_open(dir, 1, NULL, NULL, 1, 16, &err);
    assert_non_null(store);
    hr_store_destroy(&store);
    int calls = 0;
    hr_migration_fn *const migrations[] = {s_migrate_big};
    store = s_open(dir, 2, migrations, &calls, 1, 16, &err); // 1.6 MB into a 1 MiB map
    if (!store)
        fail_msg("open: %s", err ? err : "?");
    assert_true(calls >= 2); // ran again after the map grew
    assert_int_equal(hr_store_schema_version(store), 2);
    hr_txn_t *txn = NULL;
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, "things", "big0399", 7, &v), HR_OK);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);
    // With no room to grow into, it is refused and says why.
    hr_test_rmdir(dir);
    store = s_open(dir, 1, NULL, NULL, 1, 1, &err);
    assert_non_null(store);
    hr_store_destroy(&store);
    store = s_open(dir, 2, migrations, &calls, 1, 1, &err);
    assert_null(store);
    assert_non_null(strstr(err, "migration 1 -> 2 failed: efull"));
    hr_free(err);
    hr_test_rmdir(dir);
    hr_free(dir);
}

static void test_unwritable_directory_is_reported(void **state)
{
    HR_UNUSED(state);
    char *err = NULL;
    hr_store_t *store = s_open("/proc/hr-no-such-place/store", 1, NULL, NULL, 8, 8, &err);
    assert_null(store);
    assert_non_null(err);
    assert_non_null(strstr(err, "/proc/hr-no-such-place/store"));
    hr_free(err);
}

// True when the data file holds needle (LMDB keeps deleted records in freed pages).
static bool s_data_holds(const char *dir, const char *needle)
{
    char *path = hr_strfmt("%s/data.mdb", dir), *data = NULL;
    size_t len = 0, n = strlen(needle);
    assert_int_equal(hr_file_read(path, 1u << 30, &data, &len), HR_OK);
    bool found = false;
    for (size_t i = 0; !found && n <= len && i <= len - n; i++)
        found = !memcmp(data + i, needle, n);
    hr_free(data);
    hr_free(path);
    return found;
}

static void test_compact_leaves_no_deleted_bytes_and_keeps_the_rest(void **state)
{
    fixture_t *f = *state;
    const char *secret = "DIAGNOSIS-7f3a-depression";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "a", 1, "kept", 4, 0), HR_OK);
    assert_int_equal(hr_store_put(txn, "things", "b", 1, secret, strlen(secret), 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_del(txn, "things", "b", 1), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_true(s_data_holds(f->dir, secret)); // deleted, yet still in a freed page

    uint64_t bytes = 0;
    assert_int_equal(hr_store_compact(f->store, &bytes), HR_OK);
    assert_true(bytes > 0);
    assert_false(s_data_holds(f->dir, secret));
    char *tmp = hr_strfmt("%s/compact.tmp", f->dir);
    struct stat st;
    assert_int_equal(stat(tmp, &st), -1); // the temp copy is gone
    hr_free(tmp);
    // The same store, the same handles: read and written as before.
    MDB_val v;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, "things", "a", 1, &v), HR_OK);
    assert_int_equal(v.mv_size, 4);
    assert_int_equal(hr_store_get(txn, "things", "b", 1, &v), HR_ENOTFOUND);
    assert_int_equal(hr_store_put(txn, "things", "c", 1, "new", 3, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_store_schema_version(f->store), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_compact_leaves_no_deleted_bytes_and_keeps_the_rest,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_put_then_get_in_a_later_transaction, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_nooverwrite_reports_conflict_and_keeps_txn_usable,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_key_from_the_map_written_back_stays_whole, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_backup_copies_the_committed_state_and_never_overwrites,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_backup_names_why_it_could_not_write, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_stale_readers_of_killed_processes_are_cleared_at_open,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_protobuf_record_round_trips_into_arena, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_undecodable_record_is_an_io_error, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_collect_keeps_picked_records_under_a_prefix_in_key_order, s_setup, s_teardown),
        cmocka_unit_test(test_full_map_poisons_txn_and_grow_makes_room),
        cmocka_unit_test(test_a_background_write_grows_a_full_map),
        cmocka_unit_test(test_grow_waits_for_readers_on_other_threads),
        cmocka_unit_test(test_schema_is_stamped_migrated_and_newer_refused),
        cmocka_unit_test(test_a_migration_that_fills_the_map_grows_it),
        cmocka_unit_test(test_unwritable_directory_is_reported),
    };
    return cmocka_run_group_tests_name("unit.common.store", tests, NULL, NULL);
}
