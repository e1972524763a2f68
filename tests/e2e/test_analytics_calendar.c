/*  e2e.analytics_calendar - the real hr-analytics daemon and hrctl with the repository's calendar,
 *  the clock pinned to 2027-02-01: 2027 is not declared there (no `year 2027`: its State Council
 *  notice is not published; only its statutory holidays are listed), so the facts and warnings
 *  over its days say which year and how many working days were counted by the week, and that
 *  absences on them are provisional: `hrctl facts` text, --json and --snapshot, `hrctl warnings`
 *  text and --json. A window of 2026 says nothing of it. README "Which days count".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "an_e2e.h"
#include "hr_calendar.h"
#include "hr_test.h"

static void test_facts_and_warnings_over_an_undeclared_year(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_new("ancal", ANE_CALENDAR);
    int32_t day = 0;
    assert_true(hr_date_parse("2027-02-01", &day));
    e2e_clock_pin(c, hr_ms_of_day(day, 480) + INT64_C(10) * 3600000);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    json_decref(ane_import_text(c, "pins", "people.csv", "employee_no,department\nC1,QC\n"));
    // C1 punches Monday 2026-12-14 to Friday 2027-01-15, but on 12-15, 01-01 (元旦, statutory)
    // and 01-04.
    char *att = hr_strdup("pin,time\n");
    int32_t from = 0, to = 0;
    assert_true(hr_date_parse("2026-12-14", &from) && hr_date_parse("2027-01-15", &to));
    for (int32_t d = from; d <= to; d++) {
        char ds[HR_DATE_LEN];
        hr_date_format(d, ds);
        if (hr_date_weekday(d) >= 5 || strstr("2026-12-15,2027-01-01,2027-01-04", ds))
            continue;
        char *more = hr_strfmt("%sC1,%s 08:55\nC1,%s 18:05\n", att, ds, ds);
        hr_free(att);
        att = more;
    }
    json_decref(ane_import_text(c, "attendance", "att.csv", att));
    hr_free(att);

    // --json and --snapshot: the calendar object, the absence's sentences, the snapshot's.
    json_t *f = ane_json(c, (const char *const[]){"facts", "C1", "--from", "2026-12-14", "--to",
                                                  "2027-01-15", "--json", "--snapshot", NULL});
    assert_true(ane_value(f, "absences") == 2);
    json_t *cal = json_object_get(f, "calendar");
    assert_non_null(cal);
    json_t *years = json_object_get(cal, "undeclared_years");
    assert_int_equal(json_array_size(years), 1);
    assert_int_equal(json_integer_value(json_array_get(years, 0)), 2027);
    assert_int_equal(ane_int(cal, "working_days"), 10);
    assert_non_null(strstr(ane_str(cal, "note_zh"), "所计考勤有10个工作日在2027年"));
    assert_non_null(strstr(ane_str(cal, "note_zh"), "法定节假日已按休息日计"));
    assert_non_null(strstr(ane_str(cal, "note_en"), "10 working days counted are in 2027"));
    assert_non_null(strstr(ane_str(cal, "note_en"), "absences on them"));
    assert_non_null(strstr(ane_str(cal, "note_en"), "provisional until the notice is in"));
    json_t *ab = ane_fact(f, "absences", NULL);
    assert_non_null(strstr(ane_str(ab, "text_zh"), "其间有10个工作日在2027年"));
    assert_non_null(strstr(ane_str(ab, "text_en"), "provisional"));
    json_t *snap = json_object_get(f, "snapshot");
    assert_non_null(snap);
    json_t *scal = json_object_get(snap, "calendar");
    assert_non_null(scal);
    assert_int_equal(ane_int(scal, "working_days"), 10);
    assert_string_equal(ane_str(scal, "note_en"), ane_str(cal, "note_en"));
    json_decref(f);

    // The text: a calendar line, Chinese first.
    char *out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "C1", "--from", "2026-12-14", "--to", "2027-01-15", NULL});
    char *line = strstr(out, "\ncalendar: 所计考勤有10个工作日在2027年");
    assert_non_null(line);
    assert_non_null(strstr(line, "\n  10 working days counted are in 2027"));
    hr_free(out);

    // December 2026 alone: nothing of it.
    f = ane_json(c, (const char *const[]){"facts", "C1", "--from", "2026-12-14", "--to",
                                          "2026-12-31", "--json", "--snapshot", NULL});
    assert_true(ane_value(f, "absences") == 1);
    assert_null(json_object_get(f, "calendar"));
    assert_null(json_object_get(json_object_get(f, "snapshot"), "calendar"));
    json_decref(f);
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "C1", "--from", "2026-12-14", "--to", "2026-12-31", NULL});
    assert_null(strstr(out, "calendar:"));
    hr_free(out);

    // Warnings: C1's two absences (two needed), one of them on a day of 2027: the warning rests
    // on 2027's 10 working days too (nothing before 12-14 is imported: no period before).
    json_t *w = ane_json(c, (const char *const[]){"warnings", "--from", "2026-12-14", "--to",
                                                  "2027-01-15", "--json", NULL});
    json_t *x = json_array_get(json_object_get(w, "warnings"), 0);
    assert_non_null(x);
    assert_string_equal(ane_str(x, "code"), "absences");
    json_t *wcal = json_object_get(x, "calendar");
    assert_non_null(wcal);
    assert_int_equal(
        json_integer_value(json_array_get(json_object_get(wcal, "undeclared_years"), 0)), 2027);
    assert_int_equal(ane_int(wcal, "working_days"), 10);
    assert_non_null(strstr(ane_str(x, "text_zh"), "此提示为暂定"));
    assert_non_null(strstr(ane_str(x, "text_en"), "this warning is provisional"));
    json_decref(w);
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"warnings", "--from", "2026-12-14", "--to", "2027-01-15", NULL});
    assert_non_null(strstr(out, "所据考勤有10个工作日在2027年"));
    hr_free(out);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts_and_warnings_over_an_undeclared_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
