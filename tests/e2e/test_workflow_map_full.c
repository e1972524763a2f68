/*  e2e.workflow_map_full - the deadline tick on a store whose LMDB map is full, and a due row that
 *  cannot be fired.
 *
 *  hr-workflow runs with a 1 MiB map (store/mapsize_mb = 1, allowed to grow to 64). Once its case
 *  is open, this process opens the same environment (LMDB allows a second process) and fills
 *  the map, in a db of its own, until not even a one-byte record fits: the map is full as after
 *  a busy day, and no request comes in that would grow it. Moved past the deadline, the tick's
 *  escalation finds the map full: it grows the map (store.grown) and the level-1 escalation is
 *  in the outbox, as a request's write would have done.
 *
 *  Then two cases of the same manager, due at the same midnight: the first one's record is made
 *  unreadable (bytes that do not decode), so its due row fails on every tick. The second one's
 *  escalation still goes out: a row that fails is logged and passed over, not a wall in front
 *  of every reminder and escalation due after it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <lmdb.h>

#include "hr_test.h"
#include "workflow_util.h"

#define FIRE_MS 15000 // at most this long for a due escalation to appear (sanitizer builds)
#define MARGIN_MS 60000
#define FILL_DB "e2e_fill" // this test's own db in the workflow's environment

// The workflow's LMDB environment, opened from this process (no map size set: the one the
// daemon's last commit recorded). NULL on failure.
static MDB_env *s_env_open(e2e_t *c)
{
    char *dir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    MDB_env *env = NULL;
    int mrc = mdb_env_create(&env);
    if (!mrc)
        mrc = mdb_env_set_maxdbs(env, 64);
    if (!mrc)
        mrc = mdb_env_open(env, dir, MDB_NOSYNC, 0600); // synced once, at the end
    hr_free(dir);
    if (mrc) {
        print_error("mdb_env_open: %s\n", mdb_strerror(mrc));
        mdb_env_close(env);
        return NULL;
    }
    return env;
}

static void s_env_close(MDB_env *env)
{
    assert_int_equal(mdb_env_sync(env, 1), 0);
    mdb_env_close(env);
}

// Fills the map: records in FILL_DB, each in a transaction of its own, smaller and smaller,
// until one of a single byte is refused with MDB_MAP_FULL. Returns how many went in.
static size_t s_fill_map(e2e_t *c)
{
    MDB_env *env = s_env_open(c);
    assert_non_null(env);
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
    assert_int_equal(mdb_dbi_open(txn, FILL_DB, MDB_CREATE, &dbi), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    static char value[2048];
    memset(value, 'x', sizeof value);
    const size_t sizes[] = {sizeof value, 256, 16, 1};
    uint64_t n = 0;
    for (size_t s = 0; s < HR_ARRAY_LEN(sizes); s++) {
        for (;;) {
            uint8_t key[8];
            hr_be64_put(key, n);
            MDB_val k = {sizeof key, key}, v = {sizes[s], value};
            assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
            int mrc = mdb_put(txn, dbi, &k, &v, 0);
            if (!mrc)
                mrc = mdb_txn_commit(txn);
            else
                mdb_txn_abort(txn);
            if (mrc == MDB_MAP_FULL)
                break;
            assert_int_equal(mrc, 0);
            n++;
        }
    }
    s_env_close(env);
    return (size_t)n;
}

// Replaces the stored record of case id by bytes that are no Case: every read of it fails.
static void s_spoil_case(e2e_t *c, const char *id)
{
    MDB_env *env = s_env_open(c);
    assert_non_null(env);
    MDB_txn *txn = NULL;
    MDB_dbi dbi;
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
    assert_int_equal(mdb_dbi_open(txn, "cases", 0, &dbi), 0);
    static const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff};
    MDB_val k = {HR_ID_LEN, (void *)id}, v = {sizeof junk, (void *)junk};
    assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    s_env_close(env);
}

static void s_advance_to(e2e_t *c, int64_t target_ms, hr_arena_t *arena)
{
    int64_t now = wfe_now_ms(c, arena);
    assert_true(now > 0);
    if (target_ms > now)
        assert_int_equal(e2e_clock_advance(c, target_ms - now), 0);
}

// Whether the daemon's log holds part.
static bool s_logged(e2e_t *c, const char *part)
{
    char *path = hr_strfmt("%s/log/workflow.log", e2e_dir(c));
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    bool found = text && strstr(text, part);
    hr_free(text);
    return found;
}

static void test_the_tick_grows_a_full_map_and_escalates(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-mapfull");
    e2e_config(c, "workflow", "store/mapsize_mb", "1");
    e2e_config(c, "workflow", "store/mapsize_max_mb", "64");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    const char *id = cs->id;
    int64_t overdue_ms = cs->steps[0]->overdue_ms;
    assert_true(overdue_ms > 0);

    assert_true(s_fill_map(c) > 0);
    // From here only reads and sys.ClockSet reach the daemon: nothing a request writes grows
    // the map for the tick.
    s_advance_to(c, overdue_ms + MARGIN_MS, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 1, FIRE_MS, arena), 1);
    assert_true(s_logged(c, "ev=store.grown"));

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_a_row_that_fails_does_not_hold_up_the_rows_after_it(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-badrow");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *first = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(first);
    Hr__Workflow__Case *second = wfe_open(c, "E0101", "E0110", "A39_1", arena);
    assert_non_null(second);
    // The same midnight deadline: due rows sort by time, then case id (ULIDs: opening order).
    assert_int_equal(first->steps[0]->overdue_ms, second->steps[0]->overdue_ms);
    assert_true(strcmp(first->id, second->id) < 0);

    s_spoil_case(c, first->id);
    s_advance_to(c, second->steps[0]->overdue_ms + MARGIN_MS, arena);
    assert_int_equal(wfe_wait_outbox(c, second->id, "overdue_1", 1, FIRE_MS, arena), 1);
    assert_true(s_logged(c, "ev=due.fire"));

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_tick_grows_a_full_map_and_escalates),
        cmocka_unit_test(test_a_row_that_fails_does_not_hold_up_the_rows_after_it),
    };
    return cmocka_run_group_tests_name("e2e.workflow_map_full", tests, NULL, NULL);
}
