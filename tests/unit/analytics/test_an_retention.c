/*  unit.analytics.retention - the retention sweep's rule (an_retention_is_due,
 *  an_retention_case_holds) at its boundaries, and the sweep on a real LMDB store
 *  (an_retention_sweep, an_retention_after): an import whose last day is exactly feed_days ago is
 *  kept, one day more is erased; a file without last_day counts from its import day; an import
 *  naming the employee of an open case is kept, as is one whose case closed within its keeping
 *  period, not past it, and so is one whose row a later import replaced (read from its text); an
 * erased import leaves its tombstone (by "system", for "retention"), its punches and files gone; a
 * second sweep erases nothing more.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

#define S_FEED_DAYS 1095
#define S_KEEP_MS (INT64_C(731) * HR_DAY_MS)
#define S_PUNCH_DAY "2025-03-03" // the attendance files' one day (a Monday)

static const char *s_people = "employee_no,pin,department\nE0125,125,D01\nE0126,126,D01\n";
static const char *s_att_125 = "pin,time\n125,2025-03-03 08:55:00\n125,2025-03-03 18:05:00\n";
static const char *s_att_126 = "pin,time\n126,2025-03-03 09:25:00\n126,2025-03-03 18:05:00\n";

static int32_t s_day(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return day;
}

// 10:00 Beijing time, `days` after date.
static int64_t s_at(const char *date, int32_t days)
{
    return hr_ms_of_day(s_day(date) + days, 480) + 10 * HR_HOUR_MS;
}

// ---- the rule ----

static void test_an_import_exactly_feed_days_old_is_kept_one_day_more_is_due(void **state)
{
    HR_UNUSED(state);
    Hr__Analytics__File f = HR__ANALYTICS__FILE__INIT;
    f.last_day = s_day(S_PUNCH_DAY);
    f.imported_ms = s_at(S_PUNCH_DAY, 40); // imported later: last_day counts
    assert_false(an_retention_is_due(&f, f.last_day + S_FEED_DAYS - 1, S_FEED_DAYS, 480));
    assert_false(an_retention_is_due(&f, f.last_day + S_FEED_DAYS, S_FEED_DAYS, 480));
    assert_true(an_retention_is_due(&f, f.last_day + S_FEED_DAYS + 1, S_FEED_DAYS, 480));
    assert_false(an_retention_is_due(&f, f.last_day + 36500, 0, 480)); // 0: never
    f.erased_ms = s_at(S_PUNCH_DAY, 2000);
    assert_false(an_retention_is_due(&f, f.last_day + 36500, S_FEED_DAYS, 480)); // erased
}

static void test_a_file_without_last_day_counts_from_its_import_day(void **state)
{
    HR_UNUSED(state);
    Hr__Analytics__File f = HR__ANALYTICS__FILE__INIT;
    // 2025-03-03 07:30 Beijing time is 23:30 UTC the day before: the local day counts.
    f.imported_ms = hr_ms_of_day(s_day(S_PUNCH_DAY), 480) + 7 * HR_HOUR_MS + 30 * 60000;
    assert_int_equal(an_retention_last_day(&f, 480), s_day(S_PUNCH_DAY));
    assert_int_equal(an_retention_last_day(&f, 0), s_day(S_PUNCH_DAY) - 1);
    int32_t d = s_day(S_PUNCH_DAY);
    assert_false(an_retention_is_due(&f, d + S_FEED_DAYS, S_FEED_DAYS, 480));
    assert_true(an_retention_is_due(&f, d + S_FEED_DAYS + 1, S_FEED_DAYS, 480));
}

static void test_an_open_case_holds_a_closed_one_until_its_keeping_period_ends(void **state)
{
    HR_UNUSED(state);
    Hr__Analytics__CaseStat c = HR__ANALYTICS__CASE_STAT__INIT;
    c.employee_no = "E0125";
    c.opened_ms = s_at(S_PUNCH_DAY, 0);
    assert_true(an_retention_case_holds(&c, s_at(S_PUNCH_DAY, 30000), S_KEEP_MS)); // open
    c.closed_ms = s_at(S_PUNCH_DAY, 10);
    assert_true(an_retention_case_holds(&c, c.closed_ms + S_KEEP_MS, S_KEEP_MS));
    assert_false(an_retention_case_holds(&c, c.closed_ms + S_KEEP_MS + 1, S_KEEP_MS));
    // Counted from the contract's end when it came after the close.
    c.ended_ms = c.closed_ms + 30 * HR_DAY_MS;
    assert_true(an_retention_case_holds(&c, c.closed_ms + S_KEEP_MS + 1, S_KEEP_MS));
    assert_false(an_retention_case_holds(&c, c.ended_ms + S_KEEP_MS + 1, S_KEEP_MS));
    // The workflow's own keeping day, when later, stands.
    c.keep_until_ms = c.ended_ms + S_KEEP_MS + 9 * HR_DAY_MS;
    assert_true(an_retention_case_holds(&c, c.ended_ms + S_KEEP_MS + 1, S_KEEP_MS));
    assert_true(an_retention_case_holds(&c, c.keep_until_ms, S_KEEP_MS));
    assert_false(an_retention_case_holds(&c, c.keep_until_ms + 1, S_KEEP_MS));
    // An arbitration not decided holds; a decided one does not.
    c.disputed = true;
    c.dispute_result = "pending";
    assert_true(an_retention_case_holds(&c, c.keep_until_ms + 1, S_KEEP_MS));
    c.dispute_result = "employer_won";
    assert_false(an_retention_case_holds(&c, c.keep_until_ms + 1, S_KEEP_MS));
    // A case whose employee is not known holds nobody.
    c.employee_no = "";
    c.closed_ms = 0;
    assert_false(an_retention_case_holds(&c, c.opened_ms, S_KEEP_MS));
}

// ---- the sweep on a store ----

static void s_case(fixture_t *f, const char *id, const char *employee_no, int64_t closed_ms)
{
    Hr__Analytics__CaseStat c = HR__ANALYTICS__CASE_STAT__INIT;
    c.case_id = (char *)id;
    c.employee_no = (char *)employee_no;
    c.opened_ms = HR_TEST_T0_MS;
    c.closed_ms = closed_ms;
    c.outcome = closed_ms ? "notice_served" : "";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_case_put(txn, &c), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// The sweep in a write transaction of its own, committed when it returns HR_OK (as
// hr_store_write does), else aborted: its code, *res what it says.
static hr_rc_t s_sweep_rc(fixture_t *f, int64_t now_ms, an_retention_result_t *res)
{
    an_retention_ctx_t ctx = {.tz_offset_min = 480,
                              .feed_days = S_FEED_DAYS,
                              .case_keep_ms = S_KEEP_MS,
                              .now_ms = now_ms};
    char why[400] = "";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = an_retention_sweep(txn, &ctx, res, why, sizeof why);
    if (rc) {
        assert_true(*why); // the reason is said
        hr_txn_abort(&txn);
    } else {
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    }
    return rc;
}

static an_retention_result_t s_sweep(fixture_t *f, int64_t now_ms)
{
    an_retention_ctx_t ctx = {.tz_offset_min = 480,
                              .feed_days = S_FEED_DAYS,
                              .case_keep_ms = S_KEEP_MS,
                              .now_ms = now_ms};
    an_retention_result_t res;
    char why[400] = "";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = an_retention_sweep(txn, &ctx, &res, why, sizeof why);
    if (rc)
        fprintf(stderr, "sweep: %s %s\n", hr_rc_name(rc), why);
    assert_int_equal(rc, HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return res;
}

static Hr__Analytics__File *s_file(fixture_t *f, uint32_t no)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__File *file = NULL;
    assert_int_equal(an_store_file_by_no(txn, no, f->arena, &file), HR_OK);
    hr_txn_abort(&txn);
    return file;
}

static bool s_after_pending(fixture_t *f)
{
    bool pending = false;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_retention_after_get(txn, &pending), HR_OK);
    hr_txn_abort(&txn);
    return pending;
}

// The punches of pin on the files' day, through the store.
static size_t s_punches(fixture_t *f, const char *pin)
{
    an_fpunch_t *p = NULL;
    size_t n = 0, cap = 0;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(
        an_store_days_read(txn, pin, s_day(S_PUNCH_DAY), s_day(S_PUNCH_DAY), &p, &n, &cap), HR_OK);
    hr_txn_abort(&txn);
    hr_free(p);
    return n;
}

// The people file (E0125, E0126) and one attendance file each; the numbers of the three.
static void s_three(fixture_t *f, uint32_t nos[3])
{
    nos[0] = s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK)->file_no;
    nos[1] = s_import(f, ATT, "generic", "att_125.csv", s_att_125, HR_OK)->file_no;
    nos[2] = s_import(f, ATT, "generic", "att_126.csv", s_att_126, HR_OK)->file_no;
    assert_int_equal(s_punches(f, "126"), 2);
}

static void test_the_sweep_erases_an_import_past_retention_and_keeps_a_held_persons(void **state)
{
    fixture_t *f = *state;
    uint32_t nos[3];
    s_three(f, nos);
    s_case(f, "01JCASE0000000000000000125", "E0125", 0); // open: E0125's imports are held

    // Exactly feed_days after the punches (and after the people file's import day): kept.
    an_retention_result_t r = s_sweep(f, s_at(S_PUNCH_DAY, S_FEED_DAYS));
    assert_int_equal(r.n, 0);
    assert_int_equal(r.held, 0);
    assert_false(s_after_pending(f));

    // A day more: E0126's attendance goes; the people file (it gave E0125) and E0125's stay.
    int64_t now = s_at(S_PUNCH_DAY, S_FEED_DAYS + 1);
    r = s_sweep(f, now);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.nos[0], nos[2]);
    assert_int_equal(r.last_days[0], s_day(S_PUNCH_DAY));
    assert_int_equal(r.held, 2);
    assert_int_equal(r.files_replayed, 2);
    Hr__Analytics__File *gone = s_file(f, nos[2]);
    assert_int_equal(gone->erased_ms, now);
    assert_string_equal(gone->erased_by, "system");
    assert_string_equal(gone->erased_reason, "retention");
    assert_string_equal(gone->erased_msg_id, "");
    assert_int_equal(gone->withdrawn_ms, now);
    assert_string_equal(gone->withdrawn_by, "system");
    assert_int_equal(strlen(gone->sha256), 64);
    assert_int_equal(s_punches(f, "126"), 0); // its facts are gone
    assert_int_equal(s_punches(f, "125"), 2);
    assert_int_equal(s_file(f, nos[0])->erased_ms, 0);
    assert_int_equal(s_file(f, nos[0])->withdrawn_ms, 0);
    assert_int_equal(s_file(f, nos[1])->erased_ms, 0);

    // The commit leaves the files beside the store to a_retention_after (a crash here: the
    // mark says so to the next sweep).
    assert_true(s_after_pending(f));
    char *txt = an_store_blob_path(f->store, gone->file_id.data);
    assert_int_equal(access(txt, F_OK), 0);
    uint32_t removed = 0;
    uint64_t bytes = 0;
    assert_int_equal(an_retention_after(f->store, &removed, &bytes), HR_OK);
    assert_int_equal(removed, 1);
    assert_true(bytes > 0);
    assert_int_not_equal(access(txt, F_OK), 0);
    assert_false(s_after_pending(f));
    hr_free(txt);

    // Again: nothing more (the erased import is not due again, the held ones still held).
    r = s_sweep(f, now + HR_HOUR_MS);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.held, 2);
    assert_int_equal(s_file(f, nos[2])->erased_ms, now);
    assert_false(s_after_pending(f));
}

static void test_a_closed_case_holds_within_its_keeping_period_not_past_it(void **state)
{
    fixture_t *f = *state;
    uint32_t nos[3];
    s_three(f, nos);
    int64_t now = s_at(S_PUNCH_DAY, S_FEED_DAYS + 1);
    int64_t closed = now - S_KEEP_MS; // still within: kept up to and including closed + keep
    s_case(f, "01JCASE0000000000000000125", "E0125", closed);
    s_case(f, "01JCASE0000000000000000126", "E0126", closed - 1); // a millisecond past it

    an_retention_result_t r = s_sweep(f, now);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.nos[0], nos[2]);
    assert_int_equal(r.held, 2);

    // A millisecond later E0125's case is past its keeping period too: all goes.
    r = s_sweep(f, now + 1);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.held, 0);
    assert_int_not_equal(s_file(f, nos[0])->erased_ms, 0);
    assert_int_not_equal(s_file(f, nos[1])->erased_ms, 0);
    assert_int_equal(s_punches(f, "125"), 0);
}

// The rebuild cannot read a file that stays (its text gone from beside the store): HR_EIO, and
// nothing is withdrawn or erased - the next sweep tries again.
static void test_a_sweep_whose_rebuild_fails_changes_nothing(void **state)
{
    fixture_t *f = *state;
    uint32_t nos[3];
    s_three(f, nos);
    // A later attendance file of E0125's, not past retention: the rebuild reads it again.
    uint32_t later = s_import(f, ATT, "generic", "att_125b.csv",
                              "pin,time\n125,2027-03-01 08:55:00\n125,2027-03-01 18:05:00\n", HR_OK)
                         ->file_no;
    char *txt = an_store_blob_path(f->store, s_file(f, later)->file_id.data);
    assert_int_equal(unlink(txt), 0);
    hr_free(txt);
    an_retention_result_t r;
    assert_int_equal(s_sweep_rc(f, s_at(S_PUNCH_DAY, S_FEED_DAYS + 1), &r), HR_EIO);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(s_file(f, nos[i])->withdrawn_ms, 0);
        assert_int_equal(s_file(f, nos[i])->erased_ms, 0);
    }
    assert_int_equal(s_punches(f, "126"), 2);
    assert_false(s_after_pending(f));
}

// A row a later import replaced is no longer the first import's in the derived dbs; its text
// still names the held person, so it is kept. The unheld colleague's rows keep nothing.
static void test_an_import_whose_row_a_later_one_replaced_is_kept_for_a_held_person(void **state)
{
    fixture_t *f = *state;
    uint32_t first = s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK)->file_no;
    uint32_t later = s_import(f, PEOPLE, "generic", "people_moved.csv",
                              "employee_no,pin,department\nE0125,125,D02\n", HR_OK)
                         ->file_no;
    s_case(f, "01JCASE0000000000000000125", "E0125", 0); // open: E0125's imports are held

    an_retention_result_t r = s_sweep(f, s_at(S_PUNCH_DAY, S_FEED_DAYS + 900));
    assert_int_equal(r.n, 0);
    assert_int_equal(r.held, 2);
    assert_int_equal(s_file(f, first)->erased_ms, 0);
    assert_int_equal(s_file(f, later)->erased_ms, 0);

    // Without the case nothing holds them: both go.
    s_case(f, "01JCASE0000000000000000125", "", 0);
    r = s_sweep(f, s_at(S_PUNCH_DAY, S_FEED_DAYS + 901));
    assert_int_equal(r.n, 2);
    assert_int_equal(r.held, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_import_exactly_feed_days_old_is_kept_one_day_more_is_due),
        cmocka_unit_test(test_a_file_without_last_day_counts_from_its_import_day),
        cmocka_unit_test(test_an_open_case_holds_a_closed_one_until_its_keeping_period_ends),
        cmocka_unit_test_setup_teardown(
            test_the_sweep_erases_an_import_past_retention_and_keeps_a_held_persons, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_closed_case_holds_within_its_keeping_period_not_past_it, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_sweep_whose_rebuild_fails_changes_nothing, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_an_import_whose_row_a_later_one_replaced_is_kept_for_a_held_person, s_setup,
            s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.retention", tests, NULL, NULL);
}
