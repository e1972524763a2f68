/*  test_ctl_calendar - `hrctl calendar` as users run it: JSON and words, +N, bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "hr.h"
#include "hr_test.h"

typedef struct {
    int rc;    // exit status
    char *out; // owned stdout
    char *err; // owned stderr
} s_run_t;

// hrctl calendar --calendar cal a1 a2 a3 (NULLs left out).
static s_run_t s_hrctl_on(const char *cal, const char *a1, const char *a2, const char *a3)
{
    char *bin = hr_test_bin_path("hrctl");
    char *argv[9] = {bin, "calendar", "--calendar", (char *)cal};
    size_t n = 4;
    const char *extra[] = {a1, a2, a3};
    for (size_t i = 0; i < 3; i++)
        if (extra[i])
            argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    s_run_t r = {0};
    r.rc = hr_test_run(argv, &r.out, &r.err);
    hr_free(bin);
    return r;
}

// The same on the repository's calendar (2025 and 2026 declared, 2027-2031 statutory only).
static s_run_t s_hrctl(const char *a1, const char *a2, const char *a3)
{
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    s_run_t r = s_hrctl_on(cal, a1, a2, a3);
    hr_free(cal);
    return r;
}

static void s_free(s_run_t *r)
{
    hr_free(r->out);
    hr_free(r->err);
}

static void test_json_says_whether_a_date_is_working(void **state)
{
    HR_UNUSED(state);
    s_run_t r = s_hrctl("2026-02-14", "--json", NULL);
    assert_int_equal(r.rc, 0);
    json_error_t jerr;
    json_t *o = json_loads(r.out, 0, &jerr);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2026-02-14");
    assert_true(json_is_true(json_object_get(o, "working")));
    assert_null(json_object_get(o, "plus"));
    json_decref(o);
    s_free(&r);

    r = s_hrctl("2026-10-05", "--json", NULL);
    o = json_loads(r.out, 0, &jerr);
    assert_true(json_is_false(json_object_get(o, "working")));
    json_decref(o);
    s_free(&r);
}

static void test_plus_n_gives_the_nth_working_day_after(void **state)
{
    HR_UNUSED(state);
    s_run_t r = s_hrctl("2026-09-30", "+3", "--json");
    assert_int_equal(r.rc, 0);
    json_error_t jerr;
    json_t *o = json_loads(r.out, 0, &jerr);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2026-09-30");
    assert_true(json_is_true(json_object_get(o, "working")));
    assert_int_equal(json_integer_value(json_object_get(o, "plus")), 3);
    assert_string_equal(json_string_value(json_object_get(o, "result")), "2026-10-10");
    assert_int_equal(json_array_size(json_object_get(o, "missing_years")), 0); // all declared
    json_decref(o);
    s_free(&r);
}

// A count from a declared year into undeclared ones names every undeclared year it crosses, not
// only DATE's: the answer may move once their notices are added.
static void test_every_undeclared_year_up_to_the_result_is_named(void **state)
{
    HR_UNUSED(state);
    s_run_t r = s_hrctl("2026-12-30", "+300", "--json");
    assert_int_equal(r.rc, 0);
    json_error_t jerr;
    json_t *o = json_loads(r.out, 0, &jerr);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "result")), "2028-03-09");
    json_t *years = json_object_get(o, "missing_years");
    assert_int_equal(json_array_size(years), 2);
    assert_int_equal(json_integer_value(json_array_get(years, 0)), 2027);
    assert_int_equal(json_integer_value(json_array_get(years, 1)), 2028);
    json_decref(o);
    s_free(&r);

    r = s_hrctl("2026-12-30", "+300", NULL);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "has no State Council holiday notice for 2027 and 2028 (no "
                                  "`year` line): there only weekends and its statutory holidays "
                                  "count"));
    assert_non_null(strstr(r.out, "its holiday and workday lines, then `year YYYY`"));
    assert_non_null(strstr(r.out, "deploy/config/calendar.txt")); // the file to edit
    assert_non_null(strstr(r.out, "尚未收入 2027、2028 年的国务院放假通知"));
    s_free(&r);

    // 2032's statutory holidays are not in the file either: weekends alone.
    r = s_hrctl("2031-12-01", "+40", NULL);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "notice for 2031 (no `year` line)"));
    assert_non_null(strstr(r.out, "no holiday data for 2032 (no `year` line, no statutory "
                                  "holidays): there only weekends count."));
    assert_non_null(strstr(r.out, "没有 2032 年的节假日数据"));
    s_free(&r);

    r = s_hrctl("2026-09-30", "+3", NULL); // within 2026: no note
    assert_int_equal(r.rc, 0);
    assert_null(strstr(r.out, "Note:"));
    s_free(&r);
}

// A `year` line without a holiday of its year is refused: the file, the line, what to do.
static void test_a_bare_year_line_is_refused_with_what_to_add(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("ctl_cal");
    char *cal = hr_strfmt("%s/calendar.txt", dir);
    const char text[] = "2027-01-01 statutory 元旦\nyear 2027\n";
    assert_int_equal(hr_test_write_file(cal, text, sizeof text - 1), 0);
    s_run_t r = s_hrctl_on(cal, "2027-01-04", NULL, NULL);
    assert_int_equal(r.rc, 2);
    assert_string_equal(r.out, "");
    char *want =
        hr_strfmt("hrctl calendar: %s:2: `year 2027` but no `2027-MM-DD holiday` line", cal);
    assert_non_null(strstr(r.err, want));
    assert_non_null(strstr(r.err, "Add the notice's holiday and workday lines of 2027"));
    hr_free(want);
    s_free(&r);
    hr_free(cal);
    hr_test_rmdir(dir);
    hr_free(dir);
}

static void test_words_in_english_and_chinese(void **state)
{
    HR_UNUSED(state);
    s_run_t r = s_hrctl("2025-01-26", "+1", NULL);
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(r.out, "2025-01-26 (Sunday) is a working day."));
    assert_non_null(strstr(r.out, "是工作日"));
    assert_non_null(strstr(r.out, "1 working day after 2025-01-26: 2025-01-27 (Monday)."));
    s_free(&r);
}

static void test_bad_input_exits_2_with_a_reason(void **state)
{
    HR_UNUSED(state);
    s_run_t r = s_hrctl("2026-02-30", "--json", NULL);
    assert_int_equal(r.rc, 2);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "\"2026-02-30\" is not a date"));
    s_free(&r);
    r = s_hrctl("2026-02-10", "+x", NULL);
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "+x"));
    s_free(&r);
    r = s_hrctl("--bogus", NULL, NULL);
    assert_int_equal(r.rc, 2);
    assert_non_null(strstr(r.err, "usage"));
    s_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_says_whether_a_date_is_working),
        cmocka_unit_test(test_plus_n_gives_the_nth_working_day_after),
        cmocka_unit_test(test_every_undeclared_year_up_to_the_result_is_named),
        cmocka_unit_test(test_a_bare_year_line_is_refused_with_what_to_add),
        cmocka_unit_test(test_words_in_english_and_chinese),
        cmocka_unit_test(test_bad_input_exits_2_with_a_reason),
    };
    return cmocka_run_group_tests_name("unit.hrctl.calendar", tests, NULL, NULL);
}
