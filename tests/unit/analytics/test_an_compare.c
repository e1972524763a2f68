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

#define PERF HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE
#define TRAINING HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING

static int64_t s_midnight(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return hr_ms_of_day(day, 480);
}

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
    an_query_ctx_t ctx = {.tz_offset_min = 480,
                          .default_shift = {9 * 60, 18 * 60},
                          .rules = an_rules_default(),
                          .calendar = f->cal,
                          .warn = {.kpi_below_percent = 60},
                          .now_ms = f->now_ms};
    Hr__Analytics__ListWarningsRequest req = HR__ANALYTICS__LIST_WARNINGS_REQUEST__INIT;
    req.from = "2026-11-24";
    req.to = "2026-11-27";
    Hr__Analytics__ListWarningsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__list_warnings_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_warnings_query(txn, &ctx, &req, f->arena, rep, f->why, sizeof f->why),
                     HR_OK);
    hr_txn_abort(&txn);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_team_median_leaves_the_person_out_and_needs_three,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_course_passed_later_is_no_failure, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_kpi_warning_names_the_kpis_own_period, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.compare", tests, NULL, NULL);
}
