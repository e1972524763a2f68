/*  unit.analytics.withdraw - an import withdrawn from a real LMDB store (an_withdraw): the
 *  facts are those of a store that never had it (the snapshot, byte for byte, against a second
 *  store fed the other files alone), punches it brought first are the later file's again, a
 *  KPI row or a person it replaced comes back from the earlier file, a value a later file
 *  replaced stays; the file is kept, marked, with its quarantined rows; the refusals; the
 *  transaction is all or nothing; the schema 9 upgrade.
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

static const char *s_people = "employee_no,pin,department\n"
                              "123,123,D01\n200,200,D01\n300,300,D01\n400,400,D01\n";

// Week of 2025-03-03 (Mon) .. 03-07 (Fri): 123 late on Monday, early on Tuesday.
static const char *s_att = "pin,time\n"
                           "123,2025-03-03 10:15:00\n123,2025-03-03 18:00:00\n"
                           "123,2025-03-04 09:00:00\n123,2025-03-04 17:30:00\n"
                           "123,2025-03-05 09:00:00\n123,2025-03-05 18:00:00\n"
                           "200,2025-03-03 09:00:00\n200,2025-03-03 18:00:00\n"
                           "300,2025-03-03 09:20:00\n300,2025-03-03 18:00:00\n"
                           "400,2025-03-04 09:30:00\n400,2025-03-04 18:00:00\n";

// The mistaken export: it holds two of s_att's punches (imported first, it is their source),
// hides Monday's late arrival with an 08:30 punch, reaches into the next week (covers 03-10 and
// 03-11 for 123) and has a bad row.
static const char *s_wrong = "pin,time\n"
                             "123,2025-03-03 08:30:00\n"
                             "123,2025-03-03 18:00:00\n"
                             "123,2025-03-04 17:30:00\n"
                             "200,2025-03-10 09:00:00\n"
                             "200,2025-03-11 09:00:00\n"
                             "123,nonsense\n";

static const char *s_kpi = "employee_no,period,metric,target,actual\n"
                           "123,2025-03,calls,100,50\n200,2025-03,calls,100,90\n";
static const char *s_kpi_wrong = "employee_no,period,metric,target,actual\n"
                                 "123,2025-03,calls,100,150\n";

static hr_rc_t s_withdraw_want(fixture_t *f, const char *ref, const char *reason, hr_rc_t want,
                               Hr__Analytics__WithdrawImportReply **rep_out)
{
    Hr__Analytics__WithdrawImportReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__withdraw_import_reply__init(rep);
    an_withdraw_ctx_t ctx = {
        .tz_offset_min = 480, .now_ms = HR_TEST_T0_MS, .msg_id = "w", .actor = "E0003"};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    f->why[0] = '\0';
    hr_rc_t rc = an_withdraw(txn, &ctx, ref, reason, f->arena, rep, f->why, sizeof f->why);
    if (rc != want)
        fprintf(stderr, "withdraw %s: %s %s\n", ref, hr_rc_name(rc), f->why);
    assert_int_equal(rc, want);
    if (rc)
        hr_txn_abort(&txn);
    else
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    if (rep_out)
        *rep_out = rep;
    return rc;
}

static Hr__Analytics__WithdrawImportReply *s_withdraw(fixture_t *f, const char *ref)
{
    Hr__Analytics__WithdrawImportReply *rep = NULL;
    s_withdraw_want(f, ref, "wrong file", HR_OK, &rep);
    return rep;
}

static const char *s_no(fixture_t *f, const Hr__Analytics__ImportFeedReply *r)
{
    return hr_arena_fmt(f->arena, "%u", r->file_no);
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

static an_store_counts_t s_counts(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    an_store_counts_t n;
    assert_int_equal(an_store_counts(txn, &n), HR_OK);
    hr_txn_abort(&txn);
    return n;
}

// The snapshot of 123's facts in a second store fed only the files given (kind, text pairs,
// in order): what "as if never imported" is compared with.
static char *s_reference(fixture_t *f, const Hr__Analytics__FeedKind *kinds,
                         const char *const *texts, const char *const *names, size_t n)
{
    fixture_t *g = NULL;
    assert_int_equal(s_setup((void **)&g), 0);
    for (size_t i = 0; i < n; i++)
        s_import(g, kinds[i], "generic", names[i], texts[i], HR_OK);
    g->now_ms = f->now_ms;
    Hr__Analytics__GetFactsReply *r = s_facts(g, "123", NULL, "2025-03-03", "2025-03-14", true);
    char *snap = hr_strdup(r->snapshot_json);
    s_teardown((void **)&g);
    return snap;
}

static void test_withdrawn_attendance_gives_the_facts_of_a_store_that_never_had_it(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *w = s_import(f, ATT, "generic", "wrong.csv", s_wrong, HR_OK);
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    assert_int_equal(a->duplicates, 2); // wrong.csv holds them first
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-14", true);
    assert_true(s_fact(r, "late_arrivals")->value == 0); // 08:30 from wrong.csv hides 10:15
    assert_string_equal(r->attendance_to, "2025-03-11");
    an_store_counts_t before = s_counts(f);
    assert_int_equal(before.files, 3);
    assert_int_equal(before.quarantined, 1);

    Hr__Analytics__WithdrawImportReply *rep = s_withdraw(f, w->file_id);
    assert_int_equal(rep->file_no, w->file_no);
    assert_int_equal(rep->records_withdrawn, w->accepted);
    assert_int_equal(rep->files_replayed, 2);
    // wrong.csv covered 03-03..03-11; att.csv (which names 123 and 200 too) 03-03..03-05.
    assert_int_equal(rep->days_uncovered, 6);
    assert_int_equal(rep->n_uncovered, 1);
    assert_string_equal(rep->uncovered[0], "2025-03-06..2025-03-11");
    assert_true(rep->person_days_after < rep->person_days_before);

    r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-14", true);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 1);
    assert_string_equal(late->sources[0]->file_id, a->file_id); // att.csv's line 2 now
    assert_int_equal(late->sources[0]->line, 2);
    assert_string_equal(r->attendance_to, "2025-03-05");
    const Hr__Analytics__FeedKind kinds[] = {PEOPLE, ATT};
    const char *const texts[] = {s_people, s_att};
    const char *const names[] = {"people.csv", "att.csv"};
    char *ref = s_reference(f, kinds, texts, names, 2);
    assert_string_equal(r->snapshot_json, ref);
    hr_free(ref);

    // att.csv counts its punches now; the withdrawn file counts for nothing, kept as it was.
    assert_int_equal(s_file(f, a->file_no)->accepted, 12);
    an_store_counts_t after = s_counts(f);
    assert_int_equal(after.files, 2);
    assert_int_equal(after.records, 4 + 12);
    assert_int_equal(after.quarantined, 0);
    Hr__Analytics__File *kept = s_file(f, w->file_no);
    assert_int_equal(kept->withdrawn_ms, HR_TEST_T0_MS);
    assert_string_equal(kept->withdrawn_by, "E0003");
    assert_string_equal(kept->withdrawn_reason, "wrong file");
    assert_int_equal(kept->accepted, w->accepted);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t bad = 0;
    assert_int_equal(an_store_bad_each(txn, w->file_no, f->arena, NULL, NULL, &bad), HR_OK);
    assert_int_equal(bad, 1); // its quarantined row stays, for audit
    hr_txn_abort(&txn);
    char *path = NULL;
    {
        uint8_t id[32];
        memcpy(id, kept->file_id.data, 32);
        path = an_store_blob_path(f->store, id);
    }
    assert_int_equal(access(path, R_OK), 0); // and its text
    hr_free(path);
}

static void test_a_kpi_row_the_withdrawn_file_replaced_comes_back(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *k = s_import(f, PERF, "generic", "kpi.csv", s_kpi, HR_OK);
    Hr__Analytics__ImportFeedReply *w =
        s_import(f, PERF, "generic", "kpi_wrong.csv", s_kpi_wrong, HR_OK);
    assert_int_equal(w->updated, 1);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-01", "2025-03-31", false);
    assert_true(s_fact(r, "kpi_attainment")->value == 150);

    Hr__Analytics__WithdrawImportReply *rep = s_withdraw(f, s_no(f, w));
    assert_int_equal(rep->rows_restored, 1);
    assert_int_equal(rep->rows_removed, 0);
    r = s_facts(f, "123", NULL, "2025-03-01", "2025-03-31", false);
    const Hr__Analytics__Fact *kpi = s_fact(r, "kpi_attainment");
    assert_true(kpi->value == 50);
    assert_string_equal(kpi->sources[0]->file_id, k->file_id);
    assert_int_equal(kpi->sources[0]->line, 2);
}

// A later file replaced the withdrawn file's value: the later one stays. A row only the withdrawn
// file had is gone.
static void test_a_value_a_later_file_replaced_stays_and_its_own_rows_go(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    s_import(f, PERF, "generic", "kpi.csv", s_kpi, HR_OK);
    Hr__Analytics__ImportFeedReply *w =
        s_import(f, PERF, "generic", "wrong.csv",
                 "employee_no,period,metric,target,actual\n200,2025-03,calls,100,10\n"
                 "300,2025-03,calls,100,20\n",
                 HR_OK);
    s_import(f, PERF, "generic", "fixed.csv",
             "employee_no,period,metric,target,actual\n200,2025-03,calls,100,70\n", HR_OK);
    Hr__Analytics__WithdrawImportReply *rep = s_withdraw(f, s_no(f, w));
    assert_int_equal(rep->rows_removed, 1); // 300's
    assert_int_equal(rep->rows_restored, 0);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "200", NULL, "2025-03-01", "2025-03-31", false);
    assert_true(s_fact(r, "kpi_attainment")->value == 70);
    r = s_facts(f, "300", NULL, "2025-03-01", "2025-03-31", false);
    for (size_t i = 0; i < r->n_facts; i++)
        assert_string_not_equal(r->facts[i]->code, "kpi_attainment");
}

// A people file that moved 123 to another department: withdrawn, 123 is in D01 again.
static void test_a_withdrawn_people_file_moves_nobody(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *w = s_import(
        f, PEOPLE, "generic", "other.csv", "employee_no,department\n123,D09\n999,D09\n", HR_OK);
    assert_string_equal(s_facts(f, "123", NULL, "2025-03-03", "2025-03-07", false)->department,
                        "D09");
    Hr__Analytics__WithdrawImportReply *rep = s_withdraw(f, s_no(f, w));
    assert_int_equal(rep->people_restored, 1);
    assert_int_equal(rep->people_removed, 1);
    assert_string_equal(s_facts(f, "123", NULL, "2025-03-03", "2025-03-07", false)->department,
                        "D01");
    s_facts_want(f, "999", NULL, "2025-03-03", "2025-03-07", false, HR_ENOTFOUND);
}

static void test_bad_withdrawals_are_refused_and_change_nothing(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *w = s_import(f, ATT, "generic", "wrong.csv", s_wrong, HR_OK);
    const char *no = s_no(f, w);
    s_withdraw_want(f, no, "", HR_EINVAL, NULL);
    assert_non_null(strstr(f->why, "reason: empty"));
    s_withdraw_want(f, no, " \t", HR_EINVAL, NULL);
    char *long_reason = hr_alloc(AN_REASON_MAX + 2);
    memset(long_reason, 'x', AN_REASON_MAX + 1);
    s_withdraw_want(f, no, long_reason, HR_EINVAL, NULL);
    hr_free(long_reason);
    // Kept with the file and shown by `hrctl import list`: no control or bidi character.
    s_withdraw_want(f, no, "wrong\x1b[2J file", HR_EINVAL, NULL);
    assert_non_null(strstr(f->why, "reason: holds U+001B (ESC, a control character)"));
    s_withdraw_want(f, no, "wrong \u202Eelif", HR_EINVAL, NULL);
    assert_non_null(strstr(f->why, "U+202E"));
    s_withdraw_want(f, "77", "x", HR_ENOTFOUND, NULL);
    assert_non_null(strstr(f->why, "no import number 77"));
    s_withdraw_want(f, "0", "x", HR_EINVAL, NULL);
    s_withdraw_want(f, "wrong.csv", "x", HR_EINVAL, NULL);
    s_withdraw_want(f, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "x",
                    HR_ENOTFOUND, NULL);
    // The same bytes imported in another format: the id names two imports.
    s_import(f, ATT, "zkteco", "wrong.csv", s_wrong, HR_OK);
    s_withdraw_want(f, w->file_id, "x", HR_EINVAL, NULL);
    assert_non_null(strstr(f->why, "give the import's number"));
    assert_int_equal(s_file(f, w->file_no)->withdrawn_ms, 0);

    s_withdraw(f, no);
    s_withdraw_want(f, no, "again", HR_ECONFLICT, NULL);
    assert_non_null(strstr(f->why, "withdrawn already"));
    assert_non_null(strstr(f->why, "wrong file"));
    // The same bytes again as the same kind stay withdrawn.
    s_import(f, ATT, "generic", "wrong.csv", s_wrong, HR_ECONFLICT);
}

// A remaining file whose text is gone cannot be read again: the withdrawal fails whole (the
// transaction is aborted) and the file still counts.
static void test_a_rebuild_that_cannot_read_a_file_withdraws_nothing(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    Hr__Analytics__ImportFeedReply *w = s_import(f, ATT, "generic", "wrong.csv", s_wrong, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-14", true);
    char *before = hr_strdup(r->snapshot_json);
    Hr__Analytics__File *af = s_file(f, a->file_no);
    char *path = an_store_blob_path(f->store, af->file_id.data);
    char *moved = hr_strfmt("%s.away", path);
    assert_int_equal(rename(path, moved), 0);
    s_withdraw_want(f, s_no(f, w), "wrong file", HR_EIO, NULL);
    assert_non_null(strstr(f->why, "cannot be read"));
    assert_int_equal(rename(moved, path), 0);
    assert_int_equal(s_file(f, w->file_no)->withdrawn_ms, 0);
    r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-14", true);
    assert_string_equal(r->snapshot_json, before);
    hr_free(before);
    hr_free(moved);
    hr_free(path);
}

// A store of schema 8 opens at 9: its files count as before (none is withdrawn).
static void test_the_schema_9_upgrade_keeps_every_file(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {.dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 8};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    hr_store_destroy(&f->store);
    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_int_equal(hr_store_schema_version(f->store), an_service.schema_version); // 9 and on
    assert_int_equal(s_counts(f).files, 2);
    assert_true(s_fact(s_facts(f, "123", NULL, "2025-03-03", "2025-03-05", false), "late_arrivals")
                    ->value == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_withdrawn_attendance_gives_the_facts_of_a_store_that_never_had_it, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_a_kpi_row_the_withdrawn_file_replaced_comes_back,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_value_a_later_file_replaced_stays_and_its_own_rows_go, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_withdrawn_people_file_moves_nobody, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_bad_withdrawals_are_refused_and_change_nothing,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_rebuild_that_cannot_read_a_file_withdraws_nothing,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_schema_9_upgrade_keeps_every_file, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.withdraw", tests, NULL, NULL);
}
