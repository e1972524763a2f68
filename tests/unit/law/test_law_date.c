/*  test_law_date - civil-date math: conversion, parsing, month arithmetic, service length.
 *
 *  Conversion is checked against fixed anchors and by a round trip over every day from 1900 to
 *  2200; the service cases are the contract's month-counting rule at month ends and leap days.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr_test.h"
#include "law.h"
#include "hr_calendar.h"

static law_day_t s_day(const char *text)
{
    law_day_t day = 0;
    assert_true(law_date_parse(text, &day));
    return day;
}

static void s_assert_date(law_day_t day, const char *want)
{
    char buf[LAW_DATE_LEN + 1];
    law_date_format(day, buf);
    assert_string_equal(buf, want);
}

static void test_known_days_have_known_numbers(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(s_day("1970-01-01"), 0);
    assert_int_equal(s_day("1970-01-02"), 1);
    assert_int_equal(s_day("1969-12-31"), -1);
    assert_int_equal(s_day("2000-03-01"), 11017);
    assert_int_equal(s_day("2008-01-01"), 13879);
    assert_int_equal(s_day("1900-01-01"), -25567);
}

static void test_every_day_round_trips_from_1900_to_2200(void **state)
{
    HR_UNUSED(state);
    law_day_t expect = s_day("1900-01-01");
    for (int y = LAW_YEAR_MIN; y <= LAW_YEAR_MAX; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= law_date_month_days(y, m); d++) {
                law_day_t day;
                assert_true(law_date_from_ymd(y, m, d, &day));
                assert_int_equal(day, expect); // consecutive dates are consecutive numbers
                int yy, mm, dd;
                law_date_to_ymd(day, &yy, &mm, &dd);
                assert_int_equal(yy, y);
                assert_int_equal(mm, m);
                assert_int_equal(dd, d);
                expect++;
            }
        }
    }
}

static void test_leap_years_follow_the_gregorian_rule(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(law_date_month_days(2024, 2), 29);
    assert_int_equal(law_date_month_days(2023, 2), 28);
    assert_int_equal(law_date_month_days(2000, 2), 29);
    assert_int_equal(law_date_month_days(1900, 2), 28);
    assert_int_equal(law_date_month_days(2100, 2), 28);
    assert_int_equal(law_date_month_days(2023, 4), 30);
    assert_int_equal(law_date_month_days(2023, 13), 0);
}

static void test_impossible_and_malformed_dates_are_rejected(void **state)
{
    HR_UNUSED(state);
    law_day_t day;
    const char *bad[] = {"2023-02-29",  "2023-02-30",  "2024-02-30", "2023-04-31", "2023-13-01",
                         "2023-00-10",  "2023-01-00",  "2023-1-05",  "2023/01/05", "20230105",
                         "2023-01-05 ", " 2023-01-05", "2023-01-5x", "",           "1899-12-31",
                         "2201-01-01",  "abcd-ef-gh",  "2023-01-32", "+023-01-05", "2023-0a-05"};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        if (law_date_parse(bad[i], &day))
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_false(law_date_parse(NULL, &day));
    assert_true(law_date_parse("2024-02-29", &day));
    assert_true(law_date_parse("2200-12-31", &day));
}

// A refused date says why: a well-formed day that does not exist is not called malformed.
static void test_a_refused_date_says_why(void **state)
{
    HR_UNUSED(state);
    static const struct {
        const char *text; // refused by law_date_parse
        const char *why;  // law_date_why
    } rows[] = {
        {"2026-02-30", "is not a date (February 2026 has 28 days)"},
        {"2024-02-30", "is not a date (February 2024 has 29 days)"},
        {"2023-04-31", "is not a date (April 2023 has 30 days)"},
        {"2023-13-01", "is not a date (there is no month 13)"},
        {"2023-00-10", "is not a date (there is no month 00)"},
        {"2023-01-00", "is not a date (there is no day 00)"},
        {"2201-01-01", "is not a date from 1900 to 2200"},
        {"1899-12-31", "is not a date from 1900 to 2200"},
        {"2023-1-05", "is not YYYY-MM-DD"},
        {"2023/01/05", "is not YYYY-MM-DD"},
        {"", "is not YYYY-MM-DD"},
        {NULL, "is not YYYY-MM-DD"},
    };
    char buf[HR_DATE_WHY_LEN];
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        assert_string_equal(law_date_why(rows[i].text, buf, sizeof buf), rows[i].why);
    // hr_calendar's own parser takes years to 2999.
    assert_string_equal(hr_date_why("2201-01-01", buf, sizeof buf), "is a date");
    assert_string_equal(hr_date_why("3000-01-01", buf, sizeof buf),
                        "is not a date from 1900 to 2999");
    assert_string_equal(hr_date_why("2026-02-30", buf, sizeof buf),
                        "is not a date (February 2026 has 28 days)");
}

static void test_add_months_clamps_to_month_end_from_the_start_day(void **state)
{
    HR_UNUSED(state);
    s_assert_date(law_date_add_months(s_day("2023-01-31"), 1), "2023-02-28");
    s_assert_date(law_date_add_months(s_day("2024-01-31"), 1), "2024-02-29");
    s_assert_date(law_date_add_months(s_day("2023-01-31"), 2), "2023-03-31");
    s_assert_date(law_date_add_months(s_day("2023-01-31"), 3), "2023-04-30");
    s_assert_date(law_date_add_months(s_day("2024-02-29"), 12), "2025-02-28");
    s_assert_date(law_date_add_months(s_day("2024-02-29"), 48), "2028-02-29");
    s_assert_date(law_date_add_months(s_day("2023-02-28"), 1), "2023-03-28");
    s_assert_date(law_date_add_months(s_day("2023-12-15"), 1), "2024-01-15");
    s_assert_date(law_date_add_months(s_day("2024-03-31"), -1), "2024-02-29");
    s_assert_date(law_date_add_months(s_day("2023-11-13"), 12), "2024-11-13");
}

typedef struct {
    const char *first; // hire date
    const char *last;  // effective date (last day of service)
    int years;         // expected years
    int months;        // expected remainder months
    int days;          // expected leftover days
    int half_units;    // expected Art. 47 units x 2
} service_row_t;

static const service_row_t s_service_rows[] = {
    {"2021-05-06", "2023-12-13", 2, 7, 8, 6},   // the contract's example
    {"2023-01-01", "2023-06-30", 0, 6, 0, 2},   // exactly 6 months: 1 unit
    {"2023-01-01", "2023-06-29", 0, 5, 29, 1},  // 5 months 29 days: 0.5 units
    {"2022-01-01", "2023-06-30", 1, 6, 0, 4},   // 1 year 6 months: 2 units
    {"2020-01-01", "2022-12-31", 3, 0, 0, 6},   // exactly 3 years
    {"2023-01-01", "2023-01-01", 0, 0, 1, 1},   // one day of service
    {"2023-01-31", "2023-02-27", 0, 1, 0, 1},   // Jan 31 + 1 month is Feb 28 (the day after 02-27)
    {"2023-01-31", "2023-02-26", 0, 0, 27, 1},  // one day short of that month
    {"2023-01-31", "2023-07-30", 0, 6, 0, 2},   // Jan 31 + 6 months = Jul 31 = day after 07-30
    {"2023-01-31", "2023-07-29", 0, 5, 30, 1},  // a day short: 5 months 30 days
    {"2024-02-29", "2025-02-27", 1, 0, 0, 2},   // leap-day hire: a year later is 2025-02-28
    {"2024-02-29", "2025-02-26", 0, 11, 29, 2}, // a day short of the year
    {"2023-02-28", "2023-03-27", 0, 1, 0, 1},   // Feb 28 + 1 month is Mar 28, not Mar 31
    {"2023-02-28", "2024-02-27", 1, 0, 0, 2},   // a year later is 2024-02-28 = the day after
    {"2009-01-01", "2023-12-31", 15, 0, 0, 30}, // 15 years (T5)
    {"2023-03-15", "2023-03-14", 0, 0, 0, 0},   // last before first: nothing
};

static void test_service_counts_whole_months_to_the_day_after(void **state)
{
    HR_UNUSED(state);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_service_rows); i++) {
        const service_row_t r = s_service_rows[i];
        law_service_t s = law_service_between(s_day(r.first), s_day(r.last));
        if (s.years != r.years || s.months != r.months || s.days != r.days ||
            law_service_half_units(&s) != r.half_units)
            fail_msg("%s..%s: got %dy %dm %dd %d half-units, want %dy %dm %dd %d", r.first, r.last,
                     s.years, s.months, s.days, law_service_half_units(&s), r.years, r.months,
                     r.days, r.half_units);
        assert_int_equal(s.total_months, s.years * 12 + s.months);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_days_have_known_numbers),
        cmocka_unit_test(test_every_day_round_trips_from_1900_to_2200),
        cmocka_unit_test(test_leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(test_impossible_and_malformed_dates_are_rejected),
        cmocka_unit_test(test_a_refused_date_says_why),
        cmocka_unit_test(test_add_months_clamps_to_month_end_from_the_start_day),
        cmocka_unit_test(test_service_counts_whole_months_to_the_day_after),
    };
    return cmocka_run_group_tests_name("unit.law.date", tests, NULL, NULL);
}
