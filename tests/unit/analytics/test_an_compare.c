/*  unit.analytics.compare - what a fact is compared with and what it says: the team median
 *  leaves the person out, needs three colleagues with the figure and counts only colleagues in
 *  that feed; a course failed and passed later is no failure; a KPI warning names the KPI's own
 *  period. README "Facts", "Early warnings". The fixtures come from an IT walkthrough review.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

static void s_people(fixture_t *f)
{
    s_import(f, PEOPLE, "generic", "pins.csv",
             "employee_no,pin,department,hire_date\nQ001,901,QA,2026-01-01\n"
             "Q002,902,QA,2026-01-01\nQ003,903,QA,2026-01-01\nQ004,904,QA,2026-01-01\n"
             "Q005,905,QA,2026-01-01\nZ001,951,TWO,2026-01-01\nZ002,952,TWO,2026-01-01\n",
             HR_OK);
    f->now_ms = s_midnight("2026-12-05");
}

// QA's sales: Q001 7 clients in November, Q002 5, Q003 1; Q004 and Q005 sell nothing and are in
// no sales row: two colleagues with the figure, too few to compare (was "QA, 5 people, median
// 1" with the two as zeros and Q001 in it). Once Q005 has an October row, Q005 is in the feed
// and counts as 0 in November: the median of Q002, Q003 and Q005 is 1, without Q001's 7.
static void test_the_team_median_leaves_the_person_out_and_needs_three(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, PERF, "generic", "sales.csv",
             "employee_no,date,clients_followed,deals_signed\nQ001,2026-11-03,3,1\n"
             "Q001,2026-11-04,4,1\nQ002,2026-11-03,5,2\nQ003,2026-11-03,1,0\n",
             HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-01", "2026-11-30", false);
    const Hr__Analytics__Fact *c = s_fact(r, "sales_clients_followed");
    assert_true(c->value == 7);
    assert_false(c->has_comparison);
    assert_non_null(strstr(c->comparison, "team too small to compare"));
    assert_non_null(strstr(c->text_en, "Team too small to compare"));
    assert_non_null(strstr(c->text_zh, "不作比较"));
    s_import(f, PERF, "generic", "sales-oct.csv",
             "employee_no,date,clients_followed,deals_signed\nQ005,2026-10-15,2,1\n", HR_OK);
    r = s_facts(f, "Q001", NULL, "2026-11-01", "2026-11-30", false);
    c = s_fact(r, "sales_clients_followed");
    assert_true(c->has_comparison);
    assert_int_equal(c->team_size, 3);
    assert_true(c->team_median == 1); // 5, 1, 0
    assert_non_null(strstr(c->text_en, "3 colleagues, the person not included) is 1"));
    // Two people in TWO: one colleague is no team.
    s_import(f, ATT, "generic", "two.csv",
             "pin,time\n951,2026-11-02 09:30:00\n951,2026-11-02 18:00:00\n"
             "952,2026-11-02 09:00:00\n952,2026-11-02 18:00:00\n",
             HR_OK);
    r = s_facts(f, "Z001", NULL, "2026-11-02", "2026-11-02", false);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 1);
    assert_false(late->has_comparison); // was the median of 1 and 0: 0.5
    assert_non_null(strstr(late->comparison, "1 colleague with this figure"));
}

// 安全培训 failed on 11-05 (55 of 60) and passed on 11-19 (85): no failure in November; up to
// 11-10 it still is one.
static void test_a_course_passed_later_is_no_failure(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, TRAINING, "generic", "tr.csv",
             "employee_no,course,date,score,pass_mark\nQ001,安全培训,2026-11-05,55,60\n"
             "Q001,安全培训,2026-11-19,85,60\nQ001,质量体系,2026-11-06,50,60\n",
             HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-01", "2026-11-30", false);
    const Hr__Analytics__Fact *x = s_fact(r, "training_failed");
    assert_true(x->value == 1); // 质量体系 only (was 2)
    assert_int_equal(x->n_sources, 1);
    assert_string_equal(x->sources[0]->note, "质量体系");
    r = s_facts(f, "Q001", NULL, "2026-11-01", "2026-11-10", false);
    assert_true(s_fact(r, "training_failed")->value == 2);
}

// A monthly KPI under the threshold, asked about over four days of the month: the warning
// names the KPI's period and its days, not "from 2026-11-24 to 2026-11-27".
static void test_a_kpi_warning_names_the_kpis_own_period(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, PERF, "generic", "kpi.csv",
             "employee_no,period,metric,target,actual\nQ001,2026-11,tests_written,100,30\n", HR_OK);
    an_warn_rules_t kpi_only = {.kpi_below_percent = 60};
    Hr__Analytics__ListWarningsReply *rep =
        s_warnings_by(f, "2026-11-24", "2026-11-27", NULL, kpi_only);
    assert_int_equal(rep->n_warnings, 1);
    const Hr__Analytics__Warning *w = rep->warnings[0];
    assert_string_equal(w->code, "kpi_attainment");
    assert_non_null(
        strstr(w->text_en, "in period 2026-11, KPI \"tests_written\" attainment was 30%"));
    assert_null(strstr(w->text_en, "2026-11-24"));
    assert_non_null(strstr(w->text_zh, "考核周期2026-11"));
    assert_string_equal(w->window_from, "2026-11-01");
    assert_string_equal(w->window_to, "2026-11-30");
}

// A KPI under the threshold is warned on only when worse than the metric's period before
// (README "Early warnings", the audit of 2026-11-29): Q001's renewals went from 30% in September
// to 50% in October - improved, no warning (was "50 ... before 30"); Q002's fell from 60% to 50%
// and is warned; Q003 has no September row and the threshold alone decides ("before n/a"). Q004,
// hired 2026-09-15, has only part of September before: nothing to compare with either.
static void test_a_kpi_warning_needs_a_worse_figure_than_the_period_before(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, PEOPLE, "generic", "hire.csv",
             "employee_no,pin,department,hire_date\nQ004,904,QA,2026-09-15\n", HR_OK);
    s_import(f, PERF, "generic", "kpi.csv",
             "employee_no,period,metric,target,actual\nQ001,2026-09,renewals,10,3\n"
             "Q001,2026-10,renewals,10,5\nQ002,2026-09,renewals,10,6\n"
             "Q002,2026-10,renewals,10,5\nQ003,2026-10,renewals,10,4\n"
             "Q004,2026-09,renewals,10,9\nQ004,2026-10,renewals,10,5\n",
             HR_OK);
    an_warn_rules_t kpi_only = {.kpi_below_percent = 60};
    Hr__Analytics__ListWarningsReply *rep =
        s_warnings_by(f, "2026-10-01", "2026-10-31", NULL, kpi_only);
    assert_int_equal(rep->n_warnings, 3);
    const Hr__Analytics__Warning *q2 = rep->warnings[0], *q3 = rep->warnings[1],
                                 *q4 = rep->warnings[2];
    assert_string_equal(q2->employee_no, "Q002");
    assert_true(q2->value == 50 && q2->previous == 60 && !q2->no_previous);
    assert_non_null(strstr(q2->text_en, "60% in the period before"));
    assert_string_equal(q3->employee_no, "Q003");
    assert_true(q3->value == 40 && q3->no_previous);
    assert_non_null(strstr(q3->text_en, "no period before to compare with"));
    assert_non_null(strstr(q3->text_zh, "此前无可比较的考核周期"));
    assert_string_equal(q4->employee_no, "Q004");
    assert_true(q4->value == 50 && q4->no_previous); // September was a part: not 90% before
}

// An import on the day of at (the day dates the departments a people file gives).
static void s_import_at(fixture_t *f, Hr__Analytics__FeedKind kind, const char *name,
                        const char *text, int64_t at)
{
    an_import_ctx_t ctx = {.tz_offset_min = 480, .now_ms = at, .msg_id = name};
    assert_int_equal(s_import_ctx(f, &ctx, kind, "generic", name, text, HR_OK)->quarantined, 0);
}

// A team is the department as it was on the window's last day (the department history, from the
// people imports' days), not today's: a people import on 11-20 that moved Z2 and Z3 to QX left
// Z1's October compared with the four colleagues QZ had then (median 1.5 of 3, 3, 0, 0), where
// it became "2 colleagues, too small to compare". A window before the first people import is
// compared with today's department, and says so. A withdrawal of the move puts the history back.
static void test_the_team_is_the_department_of_the_windows_days(void **state)
{
    fixture_t *f = *state;
    // QZ (tests/fixtures/analytics/qz): Z1..Z5, and every day from 09-28 to 10-30 with Z1, Z2
    // and Z3 late (09:30) on 10-13, 10-15 and 10-20, Z4 and Z5 always on time.
    s_import_at(f, PEOPLE, "pins.csv", s_fixture(f, "qz/people.csv"),
                s_midnight("2026-09-30") + 10 * HR_HOUR_MS);
    s_import_at(f, ATT, "att.csv", s_fixture(f, "qz/attendance.csv"),
                s_midnight("2026-11-02") + 10 * HR_HOUR_MS);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Z1", NULL, "2026-10-01", "2026-10-31", false);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 3);
    assert_true(late->has_comparison);
    assert_int_equal(late->team_size, 4);
    assert_true(late->team_median == 1.5);
    assert_string_equal(r->department, "QZ");

    // Z2 and Z3 move to QX on 11-20.
    s_import_at(f, PEOPLE, "move.csv", "employee_no,pin,department\nZ2,802,QX\nZ3,803,QX\n",
                s_midnight("2026-11-20") + 10 * HR_HOUR_MS);
    r = s_facts(f, "Z1", NULL, "2026-10-01", "2026-10-31", false);
    late = s_fact(r, "late_arrivals");
    assert_true(late->has_comparison); // was: 2 colleagues, too small to compare
    assert_int_equal(late->team_size, 4);
    assert_true(late->team_median == 1.5);
    assert_non_null(strstr(late->comparison, "department QZ, 4 colleagues"));
    assert_null(strstr(late->comparison, "today's"));
    assert_null(strstr(late->text_en, "today's"));
    // Z2 was in QZ in October, and is in QX from 11-20.
    r = s_facts(f, "Z2", NULL, "2026-10-01", "2026-10-31", false);
    assert_string_equal(r->department, "QZ");
    assert_int_equal(s_fact(r, "late_arrivals")->team_size, 4); // Z1, Z3, Z4, Z5
    r = s_facts(f, "Z2", NULL, "2026-11-23", "2026-11-27", false);
    assert_string_equal(r->department, "QX");

    // Before the first people import (09-30) the history knows nothing: today's QZ (Z4, Z5: too
    // small), and the comparison and both sentences say it is today's.
    r = s_facts(f, "Z1", NULL, "2026-09-28", "2026-09-29", false);
    late = s_fact(r, "late_arrivals");
    assert_false(late->has_comparison);
    assert_non_null(strstr(late->comparison, "department QZ is today's: the department history "
                                             "does not reach 2026-09-29 (it starts 2026-09-30)"));
    assert_non_null(strstr(late->text_en, "Compared with today's department QZ"));
    assert_non_null(strstr(late->text_zh, "今日部门"));

    // The move withdrawn: Z2 and Z3 are in QZ again, on every day.
    an_withdraw_ctx_t wctx = {
        .tz_offset_min = 480, .now_ms = s_midnight("2026-12-01"), .msg_id = "w", .actor = "E0003"};
    Hr__Analytics__WithdrawImportReply *wrep = hr_arena_alloc(f->arena, sizeof *wrep);
    hr__analytics__withdraw_import_reply__init(wrep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_withdraw(txn, &wctx, "3", "the move was a mistake", f->arena, wrep, f->why,
                                 sizeof f->why),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    r = s_facts(f, "Z2", NULL, "2026-11-23", "2026-11-27", false);
    assert_string_equal(r->department, "QZ");
    char dept[AN_ID_MAX + 1];
    int32_t first = 0, day = 0;
    assert_true(hr_date_parse("2026-09-30", &day));
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_dept_on(txn, "Z2", day + 60, dept, &first), HR_OK);
    assert_string_equal(dept, "QZ");
    assert_int_equal(first, day); // the replay dates the rows by their import, not today
    assert_int_equal(an_store_dept_on(txn, "Z2", day - 1, dept, NULL), HR_ENOTFOUND);
    hr_txn_abort(&txn);
}

// The team's provenance (README "Team"): the people import's line that put the person in the
// department compared with, dated from its day, and the people imports that put the colleagues
// there (unnamed: ids only), in the reply and in the snapshot (the person's line given, and
// hashed with the rest). A move names the import that made it; a window the history does not
// reach names the person's row of today's department. Before, nothing named where the team
// came from.
static void test_the_team_names_the_people_import_that_placed_it(void **state)
{
    fixture_t *f = *state;
    an_import_ctx_t pctx = {
        .tz_offset_min = 480, .now_ms = s_midnight("2026-09-30") + 10 * HR_HOUR_MS, .msg_id = "p"};
    Hr__Analytics__ImportFeedReply *pins =
        s_import_ctx(f, &pctx, PEOPLE, "generic", "pins.csv", s_fixture(f, "qz/people.csv"), HR_OK);
    s_import_at(f, ATT, "att.csv", s_fixture(f, "qz/attendance.csv"),
                s_midnight("2026-11-02") + 10 * HR_HOUR_MS);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Z1", NULL, "2026-10-01", "2026-10-31", true);
    const Hr__Analytics__Source *ds = r->department_source;
    assert_non_null(ds);
    assert_string_equal(ds->file_id, pins->file_id);
    assert_string_equal(ds->file_name, "pins.csv");
    assert_int_equal(ds->line, 2);
    assert_string_equal(ds->raw, "Z1,801,QZ,2020-01-01");
    assert_string_equal(ds->day, "2026-09-30");
    assert_non_null(strstr(ds->note, "department QZ from 2026-09-30 on"));
    assert_string_equal(r->team_day, "2026-10-31");
    assert_false(r->team_today);
    assert_int_equal(r->team_people, 4); // Z2..Z5
    assert_int_equal(r->n_team_people_file_ids, 1);
    assert_string_equal(r->team_people_file_ids[0], pins->file_id);
    assert_non_null(strstr(r->snapshot_json, "\"team\":{\"colleagues\":4,\"day\":\"2026-10-31\","
                                             "\"department\":\"QZ\",\"department_source\":{"));
    assert_non_null(strstr(r->snapshot_json, "\"line\":2,\"note\":"));
    assert_non_null(strstr(r->snapshot_json, "\"raw\":\"Z1,801,QZ,2020-01-01\",\"since\":"
                                             "\"2026-09-30\"}"));
    // source_files: the people file, the person's line as it stands, used for the department.
    assert_non_null(strstr(r->snapshot_json, "{\"line\":2,\"text\":\"Z1,801,QZ,2020-01-01\"}"));
    assert_non_null(strstr(r->snapshot_json, "\"used_for\":[\"department\"]"));
    assert_null(strstr(r->snapshot_json, "Z2,802")); // no colleague's row

    // Z2 and Z3 move to QX on 11-20: Z2's late November is QX's, by the move's line 2.
    an_import_ctx_t mctx = {
        .tz_offset_min = 480, .now_ms = s_midnight("2026-11-20") + 10 * HR_HOUR_MS, .msg_id = "m2"};
    Hr__Analytics__ImportFeedReply *move =
        s_import_ctx(f, &mctx, PEOPLE, "generic", "move.csv",
                     "employee_no,pin,department\nZ2,802,QX\nZ3,803,QX\n", HR_OK);
    r = s_facts(f, "Z2", NULL, "2026-11-23", "2026-11-27", false);
    ds = r->department_source;
    assert_string_equal(ds->file_id, move->file_id);
    assert_int_equal(ds->line, 2);
    assert_string_equal(ds->raw, "Z2,802,QX");
    assert_string_equal(ds->day, "2026-11-20");
    assert_int_equal(r->team_people, 1); // Z3
    assert_int_equal(r->n_team_people_file_ids, 1);
    assert_string_equal(r->team_people_file_ids[0], move->file_id);
    // Z1's late November: Z4 and Z5, both placed by the first import.
    r = s_facts(f, "Z1", NULL, "2026-11-23", "2026-11-27", false);
    assert_string_equal(r->department_source->file_id, pins->file_id);
    assert_int_equal(r->team_people, 2);
    assert_string_equal(r->team_people_file_ids[0], pins->file_id);

    // Before the history starts: today's department, from the person's row (no day dates it).
    r = s_facts(f, "Z1", NULL, "2026-09-28", "2026-09-29", false);
    assert_true(r->team_today);
    ds = r->department_source;
    assert_string_equal(ds->file_id, pins->file_id);
    assert_int_equal(ds->line, 2);
    assert_string_equal(ds->raw, "Z1,801,QZ,2020-01-01");
    assert_string_equal(ds->day, "");
    assert_non_null(strstr(ds->note, "department history does not reach 2026-09-29"));
}

// The history of a store from before (schema 9): each person's department from the day of the
// import that gave their row (the latest local day of its instant), nothing before.
static void test_the_upgrade_dates_the_departments_by_their_import(void **state)
{
    fixture_t *f = *state;
    int64_t at = s_midnight("2026-09-30") + 10 * HR_HOUR_MS;
    s_import_at(f, PEOPLE, "pins.csv", s_fixture(f, "qz/people.csv"), at);
    s_import_at(f, PEOPLE, "move.csv", "employee_no,pin,department\nZ2,802,QX\n",
                s_midnight("2026-11-20") + 10 * HR_HOUR_MS);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    static const char *const dbs[] = {AN_DB_DEPT_DAYS, AN_DB_DEPT_EVER};
    for (size_t i = 0; i < HR_ARRAY_LEN(dbs); i++)
        assert_int_equal(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(f->store, dbs[i]), 0), 0);
    assert_int_equal(an_store_migrate_dept_history(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    int32_t sep30 = 0, nov20 = 0, first = 0;
    assert_true(hr_date_parse("2026-09-30", &sep30) && hr_date_parse("2026-11-20", &nov20));
    char dept[AN_ID_MAX + 1];
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    an_dept_src_t src;
    assert_int_equal(an_store_dept_on_src(txn, "Z1", sep30, dept, &first, &src), HR_OK);
    assert_string_equal(dept, "QZ");
    assert_int_equal(first, sep30);
    // Dated by the row's import, and named by it: the first file, Z1's line 2.
    assert_int_equal(src.file_no, 1);
    assert_int_equal(src.line, 2);
    assert_true(src.offset > 0);
    assert_int_equal(src.since, sep30);
    // Z2's row is the move's: known in QX from 11-20; October is not known (it was not kept).
    assert_int_equal(an_store_dept_on(txn, "Z2", nov20, dept, &first), HR_OK);
    assert_string_equal(dept, "QX");
    assert_int_equal(first, nov20);
    assert_int_equal(an_store_dept_on(txn, "Z2", nov20 - 1, dept, NULL), HR_ENOTFOUND);
    hr_txn_abort(&txn);
}

// The audit of 2026-11-29 (README "Team", "Facts"): S5, S6 and S7 left SALES on 2026-10-31 but
// the department history keeps them, and November's sales median counted them as 0 ("median 5,
// 6 colleagues, 0, 0, 0, 10, 12, 14"); by hand it is S2 12, S3 14, S4 10: 12 of 3. The team
// holds the 3 colleagues compared (was 6), and its people imports name leavers.csv, whose leave
// dates left the three out. S8, hired 2026-11-09, is compared at their rate over the 10 working
// days employed, scaled to the window's 15: 8 is 12 (was 8 unscaled, and the median 11).
static void test_the_sales_median_leaves_out_colleagues_not_employed_in_the_window(void **state)
{
    fixture_t *f = *state;
    s_import_at(f, PEOPLE, "pins.csv",
                "employee_no,pin,department,hire_date\nS1,601,SALES,2026-01-01\n"
                "S2,602,SALES,2026-01-01\nS3,603,SALES,2026-01-01\nS4,604,SALES,2026-01-01\n"
                "S5,605,SALES,2026-01-01\nS6,606,SALES,2026-01-01\nS7,607,SALES,2026-01-01\n",
                s_midnight("2026-09-30") + 10 * HR_HOUR_MS);
    s_import(f, PERF, "generic", "sales.csv",
             "employee_no,date,clients_followed,deals_signed\nS5,2026-10-20,9,2\n"
             "S6,2026-10-20,8,2\nS7,2026-10-20,7,1\nS1,2026-11-05,6,1\nS2,2026-11-05,6,1\n"
             "S3,2026-11-05,7,1\nS4,2026-11-05,5,1\nS1,2026-11-12,6,1\nS2,2026-11-12,6,1\n"
             "S3,2026-11-12,7,1\nS4,2026-11-12,5,1\n",
             HR_OK);
    s_import_at(f, PEOPLE, "leavers.csv",
                "employee_no,department,leave_date\nS5,SALES,2026-10-31\nS6,SALES,2026-10-31\n"
                "S7,SALES,2026-10-31\n",
                s_midnight("2026-11-02") + 10 * HR_HOUR_MS);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "S1", NULL, "2026-11-01", "2026-11-20", false);
    const Hr__Analytics__Fact *c = s_fact(r, "sales_clients_followed");
    assert_true(c->value == 12);
    assert_true(c->has_comparison);
    assert_int_equal(c->team_size, 3);
    assert_true(c->team_median == 12);
    assert_int_equal(c->n_team_values, 3);
    assert_true(c->team_values[0] == 10 && c->team_values[2] == 14);
    assert_int_equal(r->team_people, 3);            // was 6: the leavers too
    assert_int_equal(r->n_team_people_file_ids, 2); // pins.csv, and leavers.csv's leave dates
    // A colleague hired in the window: their rate per working day employed.
    s_import_at(f, PEOPLE, "hire.csv",
                "employee_no,pin,department,hire_date\nS8,608,SALES,2026-11-09\n",
                s_midnight("2026-11-09") + 10 * HR_HOUR_MS);
    s_import(f, PERF, "generic", "sales-s8.csv",
             "employee_no,date,clients_followed,deals_signed\nS8,2026-11-12,8,1\n", HR_OK);
    r = s_facts(f, "S1", NULL, "2026-11-01", "2026-11-20", false);
    c = s_fact(r, "sales_clients_followed");
    assert_int_equal(c->team_size, 4);
    assert_true(c->team_median == 12); // 10, 12, 12, 14 (unscaled: 8, 10, 12, 14, 11)
    assert_non_null(strstr(c->comparison, "1 colleague employed part of the window"));
    assert_non_null(strstr(c->text_en, "over the same 15 working days"));
    assert_non_null(strstr(c->text_zh, "仅部分时间在职"));
    assert_int_equal(r->team_people, 4);
}

// A warning's window is the days counted: N1, hired 2026-10-26 and late every day of their
// first week, is warned over 10-26..11-20 for a window asked from 10-12 (was "from": 10-12,
// days before the hire; the facts of the same window start on 10-26), with nothing before to
// compare with.
static void test_a_warning_window_starts_at_the_hire_date(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "pins.csv",
             "employee_no,pin,department,hire_date\nN1,701,NEW,2026-10-26\n"
             "N2,702,NEW,2026-01-01\n",
             HR_OK);
    char *att = hr_strdup("pin,time\n");
    int32_t d0 = 0, d1 = 0;
    assert_true(hr_date_parse("2026-10-12", &d0));
    assert_true(hr_date_parse("2026-11-20", &d1));
    for (int32_t d = d0; d <= d1; d++) {
        if (hr_date_weekday(d) >= 5)
            continue;
        char ds[HR_DATE_LEN];
        hr_date_format(d, ds);
        bool mine = d >= d0 + 14, late = mine && d < d0 + 19; // 10-26 .. 10-30
        char *more = hr_strfmt("%s702,%s 09:00:00\n702,%s 18:00:00\n", att, ds, ds);
        hr_free(att);
        att = more;
        if (mine) {
            more = hr_strfmt("%s701,%s %s\n701,%s 18:00:00\n", att, ds,
                             late ? "09:30:00" : "09:00:00", ds);
            hr_free(att);
            att = more;
        }
    }
    s_import(f, ATT, "generic", "att.csv", att, HR_OK);
    hr_free(att);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-10-12", "2026-11-20", NULL);
    assert_int_equal(w->n_warnings, 1);
    assert_string_equal(w->warnings[0]->employee_no, "N1");
    assert_string_equal(w->warnings[0]->code, "late_arrivals");
    assert_true(w->warnings[0]->value == 5);
    assert_true(w->warnings[0]->no_previous);
    assert_string_equal(w->warnings[0]->window_from, "2026-10-26");
    assert_string_equal(w->warnings[0]->window_to, "2026-11-20");
    assert_non_null(strstr(w->warnings[0]->text_en, "from 2026-10-26 to 2026-11-20"));
    assert_non_null(strstr(w->warnings[0]->text_zh, "2026-10-26至2026-11-20"));
    Hr__Analytics__GetFactsReply *r = s_facts(f, "N1", NULL, "2026-10-12", "2026-11-20", false);
    assert_string_equal(s_fact(r, "late_arrivals")->window_from, "2026-10-26"); // the same days
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_team_median_leaves_the_person_out_and_needs_three,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_course_passed_later_is_no_failure, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_kpi_warning_names_the_kpis_own_period, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_kpi_warning_needs_a_worse_figure_than_the_period_before, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_team_is_the_department_of_the_windows_days,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_upgrade_dates_the_departments_by_their_import,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_team_names_the_people_import_that_placed_it,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_sales_median_leaves_out_colleagues_not_employed_in_the_window, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_a_warning_window_starts_at_the_hire_date, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.compare", tests, NULL, NULL);
}
