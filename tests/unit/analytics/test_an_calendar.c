/*  unit.analytics.calendar - facts and warnings over days of a year the company calendar does
 *  not declare yet (no `year 2027`: the State Council's notice is not in calendar.txt, only the
 *  statutory holidays). Such days are counted by the week, so the facts (reply, sentences,
 *  snapshot) and the attendance warnings say which years and how many working days, and that
 *  absences on them are provisional; a window of declared years says nothing new; so does an
 *  early warnings' partly_employed row counting a KPI period's working days. README "Which days
 *  count".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

static int32_t s_day(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return day;
}

// An attendance file for pin: 08:55 and 18:05 on each Monday to Friday of from..to, but on the
// days of skip ("2027-01-01,2027-01-04"). Arena.
static const char *s_att(fixture_t *f, const char *pin, const char *from, const char *to,
                         const char *skip)
{
    char *s = "pin,time\n";
    for (int32_t d = s_day(from); d <= s_day(to); d++) {
        char ds[HR_DATE_LEN];
        hr_date_format(d, ds);
        if (hr_date_weekday(d) >= 5 || strstr(skip, ds))
            continue;
        s = hr_arena_fmt(f->arena, "%s%s,%s 08:55:00\n%s,%s 18:05:00\n", s, pin, ds, pin, ds);
    }
    return s;
}

// C1 punches from Monday 2026-12-14 to Friday 2027-01-15, absent on 2026-12-15 and 2027-01-04,
// and not on 2027-01-01 (元旦, a statutory holiday). Today is 2027-02-01.
static void s_setup_c1(fixture_t *f)
{
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nC1,QC\n", HR_OK);
    s_import(f, ATT, "generic", "att.csv",
             s_att(f, "C1", "2026-12-14", "2027-01-15", "2026-12-15,2027-01-01,2027-01-04"), HR_OK);
    f->now_ms = s_midnight("2027-02-01");
}

// A window reaching into 2027: the reply names 2027 and its 10 working days counted (01-01 is a
// statutory holiday, off), in Chinese and English; every attendance fact says it, and so does
// the snapshot. Before, nothing did: the absence of 01-04 read as final.
static void test_facts_over_an_undeclared_year_say_so(void **state)
{
    fixture_t *f = *state;
    s_setup_c1(f);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "C1", NULL, "2026-12-14", "2027-01-15", true);
    assert_true(s_fact(r, "absences")->value == 2);
    assert_int_equal(r->n_calendar_years, 1);
    assert_int_equal(r->calendar_years[0], 2027);
    assert_int_equal(r->calendar_days, 10);
    assert_non_null(strstr(r->calendar_note_zh, "所计考勤有10个工作日在2027年"));
    assert_non_null(strstr(r->calendar_note_zh, "法定节假日已按休息日计"));
    assert_non_null(strstr(r->calendar_note_zh, "缺勤"));
    assert_non_null(strstr(r->calendar_note_zh, "暂定"));
    assert_non_null(strstr(r->calendar_note_en, "10 working days counted are in 2027"));
    assert_non_null(strstr(r->calendar_note_en, "the statutory holidays are already days off"));
    assert_non_null(strstr(r->calendar_note_en, "absences on them"));
    assert_non_null(strstr(r->calendar_note_en, "provisional until the notice is in the calendar"));
    const Hr__Analytics__Fact *ab = s_fact(r, "absences");
    assert_non_null(strstr(ab->text_zh, "其间有10个工作日在2027年"));
    assert_non_null(strstr(ab->text_en, "10 of the working days counted are in 2027"));
    assert_non_null(strstr(s_fact(r, "late_arrivals")->text_en, "provisional"));
    assert_non_null(strstr(r->snapshot_json, "\"calendar\":{"));
    assert_non_null(strstr(r->snapshot_json, "\"undeclared_years\":[2027]"));
    assert_non_null(strstr(r->snapshot_json, "\"working_days\":10}"));
    assert_non_null(strstr(r->snapshot_json, "\"note_en\":\"10 working days counted are in 2027"));
    // Only the working days counted in 2027: 01-04..01-08 (01-01 is off, 2026 is declared).
    r = s_facts(f, "C1", NULL, "2026-12-28", "2027-01-08", false);
    assert_int_equal(r->calendar_days, 5);
    assert_true(s_fact(r, "absences")->value == 1);
}

// A window of a declared year: no note, no sentence, no snapshot key - the facts as before.
static void test_facts_of_a_declared_year_say_nothing_new(void **state)
{
    fixture_t *f = *state;
    s_setup_c1(f);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "C1", NULL, "2026-12-14", "2026-12-31", true);
    assert_true(s_fact(r, "absences")->value == 1);
    assert_int_equal(r->n_calendar_years, 0);
    assert_int_equal(r->calendar_days, 0);
    assert_string_equal(r->calendar_note_zh, "");
    assert_string_equal(r->calendar_note_en, "");
    assert_null(strstr(s_fact(r, "absences")->text_en, "provisional"));
    assert_null(strstr(r->snapshot_json, "\"calendar\""));
    // Nothing counted in 2027 (the window has not passed): nothing to say either.
    f->now_ms = s_midnight("2027-01-01");
    r = s_facts(f, "C1", NULL, "2026-12-14", "2027-01-15", true);
    assert_int_equal(r->calendar_days, 0);
    assert_null(strstr(r->snapshot_json, "\"calendar\""));
}

// A calendar that lists no statutory day of 2027 either: 元旦 counts as a working day (C1's
// absence), and the note says the statutory holidays count as working days too.
static void test_a_year_without_statutory_days_says_they_count(void **state)
{
    fixture_t *f = *state;
    hr_calendar_destroy(&f->cal);
    char *err = NULL;
    // 2026 declared with its notice's holidays (a bare `year` line may be refused at load).
    const char *cal = "year 2026\n2026-01-01 holiday 元旦\n2026-10-01 holiday 国庆节\n";
    f->cal = hr_calendar_parse(cal, strlen(cal), "test", &err);
    if (!f->cal)
        fail_msg("%s", err);
    s_setup_c1(f);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "C1", NULL, "2027-01-01", "2027-01-15", false);
    assert_true(s_fact(r, "absences")->value == 2); // 01-01 and 01-04
    assert_int_equal(r->calendar_days, 11);
    assert_non_null(strstr(r->calendar_note_zh, "2027年的法定节假日也未列入日历，同样按工作日计"));
    assert_non_null(strstr(r->calendar_note_en, "the statutory holidays of 2027 are not in the "
                                                "calendar either and count as working days too"));
    assert_null(strstr(r->calendar_note_en, "already days off"));
}

// Attendance warnings over 2027 days carry the caveat (texts and fields); one over December
// 2026 does not; the period before, when compared with and in 2027, counts too. C2 is absent
// twice in each of the first two windows, once in the third.
static void test_warnings_over_an_undeclared_year_are_provisional(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nC2,QC\n", HR_OK);
    s_import(f, ATT, "generic", "att.csv",
             s_att(f, "C2", "2026-11-02", "2027-01-22",
                   "2026-12-15,2026-12-16,2027-01-01,2027-01-04,2027-01-06,2027-01-18"),
             HR_OK);
    f->now_ms = s_midnight("2027-02-01");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2027-01-04", "2027-01-15", NULL);
    assert_int_equal(w->n_warnings, 1);
    const Hr__Analytics__Warning *x = w->warnings[0];
    assert_string_equal(x->code, "absences");
    assert_int_equal(x->n_calendar_years, 1);
    assert_int_equal(x->calendar_years[0], 2027);
    assert_int_equal(x->calendar_days, 10); // the 12 days before: 2026's, and 01-01..01-03 off
    assert_non_null(strstr(x->text_zh, "所据考勤有10个工作日在2027年"));
    assert_non_null(strstr(x->text_zh, "此提示为暂定"));
    assert_non_null(strstr(x->text_en, "10 of the working days counted are in 2027"));
    assert_non_null(strstr(x->text_en, "this warning is provisional"));
    w = s_warnings(f, "2026-12-14", "2026-12-25", NULL);
    assert_int_equal(w->n_warnings, 1);
    assert_int_equal(w->warnings[0]->calendar_days, 0);
    assert_int_equal(w->warnings[0]->n_calendar_years, 0);
    assert_null(strstr(w->warnings[0]->text_en, "provisional"));
    // Monday 01-18 to Friday 01-22 against the 5 days before (01-13..01-17), all of it in 2027:
    // 5 + 3 working days.
    an_warn_rules_t one = {.absences = 1};
    w = s_warnings_by(f, "2027-01-18", "2027-01-22", NULL, one);
    assert_int_equal(w->n_warnings, 1);
    assert_true(w->warnings[0]->value == 1);
    assert_int_equal(w->warnings[0]->calendar_days, 8);
    assert_non_null(strstr(w->warnings[0]->text_en, "8 of the working days counted are in 2027"));
}

// The KPI fact of code, or fails.
static const Hr__Analytics__Fact *s_kpi_fact(const Hr__Analytics__GetFactsReply *r,
                                             const char *subject)
{
    for (size_t i = 0; i < r->n_facts; i++)
        if (!strcmp(r->facts[i]->code, "kpi_attainment") && !strcmp(r->facts[i]->subject, subject))
            return r->facts[i];
    fail_msg("no kpi_attainment %s", subject);
    return NULL;
}

// A KPI fact counts the working days of its period (the part the person was employed, the leave
// in it): K1, hired 2027-01-18, was employed 10 of January 2027's 20 working days - counted by
// the week, 2027 being undeclared (元旦 off: statutory). The fact says so (calendar_years,
// calendar_days, a sentence in both languages) and so does the snapshot; K2's December 2026
// (declared) says nothing new. Before, "10 of the 20 working days" read as final.
static void test_a_kpi_period_of_an_undeclared_year_is_provisional(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,department,hire_date\nK1,QC,2027-01-18\nK2,QC,2026-12-14\n", HR_OK);
    s_import(f, PERF, "generic", "kpi.csv",
             "employee_no,period,metric,target,actual\nK1,2027-01,visits,40,20\n"
             "K2,2026-12,visits,40,20\n",
             HR_OK);
    f->now_ms = s_midnight("2027-02-10");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "K1", NULL, "2027-01-18", "2027-01-31", true);
    const Hr__Analytics__Fact *k = s_kpi_fact(r, "visits");
    assert_non_null(strstr(k->text_en, "employed for 10 of the 20 working days of period 2027-01"));
    assert_int_equal(k->n_calendar_years, 1);
    assert_int_equal(k->calendar_years[0], 2027);
    assert_int_equal(k->calendar_days, 20);
    assert_non_null(strstr(k->text_zh, "考核周期2027-01有20个工作日在2027年：该年国务院节假日安排"
                                       "通知尚未列入公司日历，这些日子按周一至周五计为工作日（法定"
                                       "节假日已按休息日计），上面的工作日天数为暂定，通知列入日历"
                                       "后可能有变。"));
    assert_non_null(strstr(k->text_en, "20 working days of period 2027-01 are in 2027, whose State "
                                       "Council holiday notice is not in the company calendar yet: "
                                       "counted by the week (Monday to Friday; the statutory "
                                       "holidays are already days off), so the working-day counts "
                                       "above are provisional"));
    assert_non_null(strstr(r->snapshot_json, "\"calendar\":{\"undeclared_years\":[2027],"
                                             "\"working_days\":20}"));
    r = s_facts(f, "K2", NULL, "2026-12-14", "2026-12-31", false);
    k = s_kpi_fact(r, "visits");
    assert_non_null(strstr(k->text_en, "employed for"));
    assert_int_equal(k->n_calendar_years, 0);
    assert_null(strstr(k->text_en, "provisional"));
}

// The early warnings leave a KPI row of a period the person was employed only part of out
// (partly_employed), its text counting the period's working days: K1's "employed for 10 of the
// 20 working days of period 2027-01" is counted by the week (2027 undeclared), and the row says
// so as the KPI fact does (text in both languages, calendar_years, calendar_days); K2's December
// 2026 (declared) says nothing new. Before, the row read as final.
static void test_a_partly_employed_warning_row_of_an_undeclared_year_is_provisional(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,department,hire_date\nK1,QC,2027-01-18\nK2,QC,2026-12-14\n", HR_OK);
    s_import(f, PERF, "generic", "kpi.csv",
             "employee_no,period,metric,target,actual\nK1,2027-01,visits,40,20\n"
             "K2,2026-12,visits,40,20\n",
             HR_OK);
    f->now_ms = s_midnight("2027-02-10");
    an_warn_rules_t kpi_only = {.kpi_below_percent = 60};
    Hr__Analytics__ListWarningsReply *w =
        s_warnings_by(f, "2027-01-18", "2027-01-29", NULL, kpi_only);
    assert_int_equal(w->n_warnings, 0);
    assert_int_equal(w->n_left_out, 1);
    const Hr__Analytics__WarningLeftOut *x = w->left_out[0];
    assert_string_equal(x->employee_no, "K1");
    assert_string_equal(x->reason, "partly_employed");
    assert_non_null(strstr(x->text_en, "employed for 10 of the 20 working days of period 2027-01"));
    assert_int_equal(x->n_calendar_years, 1);
    assert_int_equal(x->calendar_years[0], 2027);
    assert_int_equal(x->calendar_days, 20);
    assert_non_null(strstr(x->text_zh, "仅在职10/20个工作日"));
    assert_non_null(strstr(x->text_zh, "考核周期2027-01有20个工作日在2027年：该年国务院节假日安排"
                                       "通知尚未列入公司日历"));
    assert_non_null(strstr(x->text_zh, "上面的工作日天数为暂定"));
    assert_non_null(strstr(x->text_en,
                           "20 working days of period 2027-01 are in 2027, whose State "
                           "Council holiday notice is not in the company calendar yet"));
    assert_non_null(strstr(x->text_en, "the working-day counts above are provisional"));
    w = s_warnings_by(f, "2026-12-14", "2026-12-25", NULL, kpi_only);
    assert_int_equal(w->n_left_out, 1);
    x = w->left_out[0];
    assert_string_equal(x->employee_no, "K2");
    assert_string_equal(x->reason, "partly_employed");
    assert_int_equal(x->n_calendar_years, 0);
    assert_int_equal(x->calendar_days, 0);
    assert_null(strstr(x->text_en, "provisional"));
    assert_null(strstr(x->text_zh, "暂定"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_partly_employed_warning_row_of_an_undeclared_year_is_provisional, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_a_kpi_period_of_an_undeclared_year_is_provisional,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_facts_over_an_undeclared_year_say_so, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_facts_of_a_declared_year_say_nothing_new, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_year_without_statutory_days_says_they_count, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_warnings_over_an_undeclared_year_are_provisional,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
