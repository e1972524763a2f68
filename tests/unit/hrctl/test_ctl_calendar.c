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

static s_run_t s_hrctl(const char *a1, const char *a2, const char *a3)
{
    char *bin = hr_test_bin_path("hrctl");
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *argv[9] = {bin, "calendar", "--calendar", cal};
    size_t n = 4;
    const char *extra[] = {a1, a2, a3};
    for (size_t i = 0; i < 3; i++)
        if (extra[i])
            argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    s_run_t r = {0};
    r.rc = hr_test_run(argv, &r.out, &r.err);
    hr_free(bin);
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
    json_decref(o);
    s_free(&r);
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
        cmocka_unit_test(test_words_in_english_and_chinese),
        cmocka_unit_test(test_bad_input_exits_2_with_a_reason),
    };
    return cmocka_run_group_tests_name("unit.hrctl.calendar", tests, NULL, NULL);
}
