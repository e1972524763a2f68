/*  test_hr_calendar - civil dates, the State Council calendar of 2025 and 2026 as shipped in
 *  deploy/config/calendar.txt, and working-day arithmetic across holidays and adjusted days.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr.h"
#include "hr_test.h"

#include <stdlib.h>
#include <unistd.h>

static int32_t s_day(const char *s)
{
    int32_t d = 0;
    assert_true(hr_date_parse(s, &d));
    return d;
}

static void s_assert_date(int32_t day, const char *want)
{
    char buf[HR_DATE_LEN];
    assert_string_equal(hr_date_format(day, buf), want);
}

static int s_setup(void **state)
{
    char *path = hr_test_source_path("deploy/config/calendar.txt");
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_load(path, &err);
    if (!cal)
        fprintf(stderr, "%s\n", err);
    hr_free(err);
    hr_free(path);
    *state = cal;
    return cal ? 0 : -1;
}

static int s_teardown(void **state)
{
    hr_calendar_t *cal = *state;
    hr_calendar_destroy(&cal);
    return 0;
}

static void test_epoch_and_round_trips(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(hr_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(s_day("1970-01-02"), 1);
    assert_int_equal(s_day("2000-03-01") - s_day("2000-02-28"), 2); // 2000 was a leap year
    assert_int_equal(s_day("1900-03-01") - s_day("1900-02-28"), 1); // 1900 was not
    for (int32_t d = s_day("1999-12-25"); d < s_day("2031-01-10"); d++) {
        int y, m, md;
        hr_date_to_ymd(d, &y, &m, &md);
        assert_int_equal(hr_date_from_ymd(y, m, md), d);
    }
    s_assert_date(s_day("2024-02-29"), "2024-02-29");
}

static void test_parse_rejects_impossible_and_malformed_dates(void **state)
{
    HR_UNUSED(state);
    int32_t d;
    assert_false(hr_date_parse("2023-02-29", &d));
    assert_false(hr_date_parse("2023-02-30", &d));
    assert_false(hr_date_parse("2023-13-01", &d));
    assert_false(hr_date_parse("2023-00-10", &d));
    assert_false(hr_date_parse("2023-4-01", &d));
    assert_false(hr_date_parse("2023-04-01T", &d));
    assert_false(hr_date_parse("20230401", &d));
    assert_false(hr_date_parse("", &d));
    assert_false(hr_date_parse(NULL, &d));
    assert_true(hr_date_parse("2024-02-29", &d));
}

static void test_weekdays_are_monday_zero(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(hr_date_weekday(s_day("1970-01-01")), 3); // Thursday
    assert_int_equal(hr_date_weekday(s_day("2025-03-03")), 0); // Monday
    assert_int_equal(hr_date_weekday(s_day("2026-11-29")), 6); // Sunday
    assert_int_equal(hr_date_weekday(s_day("1969-12-31")), 2); // Wednesday, before the epoch
}

static void test_shanghai_day_of_an_instant(void **state)
{
    HR_UNUSED(state);
    // 2025-03-02T16:00:00Z is midnight 2025-03-03 in Shanghai.
    int64_t ms = hr_ms_of_day(s_day("2025-03-03"), HR_TZ_SHANGHAI_MIN);
    assert_int_equal(ms, INT64_C(1740931200000));
    assert_int_equal(hr_day_of_ms(ms, HR_TZ_SHANGHAI_MIN), s_day("2025-03-03"));
    assert_int_equal(hr_day_of_ms(ms - 1, HR_TZ_SHANGHAI_MIN), s_day("2025-03-02"));
    assert_int_equal(hr_day_of_ms(ms, 0), s_day("2025-03-02"));
}

static void test_holidays_and_adjusted_working_days_2025_2026(void **state)
{
    hr_calendar_t *cal = *state;
    assert_true(hr_calendar_covers(cal, 2025));
    assert_true(hr_calendar_covers(cal, 2026));
    assert_false(hr_calendar_covers(cal, 2027));
    assert_false(hr_calendar_is_working(cal, s_day("2025-01-01")));
    assert_true(hr_calendar_is_working(cal, s_day("2025-01-26")));  // Sunday, adjusted
    assert_false(hr_calendar_is_working(cal, s_day("2025-02-04"))); // Tuesday, Spring Festival
    assert_true(hr_calendar_is_working(cal, s_day("2025-02-08")));  // Saturday, adjusted
    assert_false(hr_calendar_is_working(cal, s_day("2025-10-08")));
    assert_true(hr_calendar_is_working(cal, s_day("2025-10-11")));
    assert_true(hr_calendar_is_working(cal, s_day("2026-01-04")));  // Sunday, adjusted
    assert_false(hr_calendar_is_working(cal, s_day("2026-02-23"))); // Monday, Spring Festival
    assert_true(hr_calendar_is_working(cal, s_day("2026-02-28")));
    assert_false(hr_calendar_is_working(cal, s_day("2026-10-07")));
    assert_true(hr_calendar_is_working(cal, s_day("2026-10-10")));
    assert_true(hr_calendar_is_working(cal, s_day("2026-11-27")));  // an ordinary Friday
    assert_false(hr_calendar_is_working(cal, s_day("2026-11-28"))); // an ordinary Saturday
}

// Years whose notice is not out: the holidays the law fixes (全国年节及纪念日放假办法 Art. 2)
// are holidays all the same - New Year's Day 2027 is no working day, nor an absence - while the
// year stays undeclared, so the daemons keep warning. The notice, once added, may repeat them.
static void test_statutory_days_of_undeclared_years(void **state)
{
    hr_calendar_t *cal = *state;
    assert_false(hr_calendar_covers(cal, 2027));
    assert_true(hr_calendar_knows_statutory(cal, 2027));
    assert_false(hr_calendar_knows_statutory(cal, 2026)); // its notice is in the file
    assert_false(hr_calendar_knows_statutory(cal, 2032));
    const char *off[] = {"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
                         "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15",
                         "2027-10-01", "2027-10-02", "2027-10-03", "2028-01-25", "2028-01-26",
                         "2028-01-28", "2028-04-04", "2028-05-28", "2028-10-03", "2031-10-01"};
    for (size_t i = 0; i < HR_ARRAY_LEN(off); i++) {
        if (hr_calendar_is_working(cal, s_day(off[i])) ||
            !hr_calendar_is_statutory(cal, s_day(off[i])))
            fail_msg("%s is a statutory holiday", off[i]);
    }
    assert_false(hr_calendar_is_statutory(cal, s_day("2026-01-01"))); // a notice's holiday
    assert_true(hr_calendar_is_working(cal, s_day("2027-01-04")));    // Monday after 元旦
    assert_true(hr_calendar_is_working(cal, s_day("2027-02-09")));    // Tuesday after 初三
    // Thursday before 除夕 2027, one working day on: Tuesday 02-09 (no 调休 known yet).
    s_assert_date(hr_calendar_add_working_days(cal, s_day("2027-02-04"), 1), "2027-02-09");
    // Each listed year has the 13 days, 12 when 中秋 falls on 10-01..10-03 (2028, 2031).
    int want[] = {13, 12, 13, 13, 12};
    for (int y = 2027; y <= 2031; y++) {
        int n = 0;
        for (int32_t d = hr_date_from_ymd(y, 1, 1); d < hr_date_from_ymd(y + 1, 1, 1); d++)
            n += hr_calendar_is_statutory(cal, d);
        if (n != want[y - 2027])
            fail_msg("%d: %d statutory days, want %d", y, n, want[y - 2027]);
    }
    // The notice, once published, lists them again as holidays: taken, still statutory.
    const char *text = "2027-01-01 statutory 元旦\nyear 2027\n2027-01-01 holiday 元旦\n";
    char *err = NULL;
    hr_calendar_t *c = hr_calendar_parse(text, strlen(text), "cal", &err);
    assert_non_null(c);
    assert_true(hr_calendar_covers(c, 2027));
    assert_true(hr_calendar_is_statutory(c, s_day("2027-01-01")));
    assert_false(hr_calendar_is_working(c, s_day("2027-01-01")));
    hr_calendar_destroy(&c);
}

// The first year the calendar lacks from today to the horizon: what hrctl health warns of.
static void test_missing_year_looks_from_today_to_the_horizon(void **state)
{
    hr_calendar_t *cal = *state; // declares 2025 and 2026
    assert_int_equal(hr_calendar_missing_year(cal, s_day("2026-11-27"), 0), 0);
    assert_int_equal(hr_calendar_missing_year(cal, s_day("2026-11-27"), 34), 0); // to 12-31
    assert_int_equal(hr_calendar_missing_year(cal, s_day("2026-11-27"), 35), 2027);
    assert_int_equal(hr_calendar_missing_year(cal, s_day("2025-01-01"), 729), 0);
    assert_int_equal(hr_calendar_missing_year(cal, s_day("2027-03-01"), 0), 2027);
    assert_int_equal(hr_calendar_missing_year(cal, s_day("2024-12-31"), 400), 2024);
    hr_calendar_t *none = hr_calendar_new(); // no file: no year declared
    assert_int_equal(hr_calendar_missing_year(none, s_day("2026-06-01"), 0), 2026);
    hr_calendar_destroy(&none);
}

// Every undeclared year a range touches, in order, whichever end comes first: hrctl calendar
// DATE +N warns of each, not only of DATE's. More than cap are counted, not written.
static void test_missing_years_lists_every_undeclared_year_of_a_range(void **state)
{
    hr_calendar_t *cal = *state; // declares 2025 and 2026
    int years[8] = {0};
    assert_int_equal(hr_calendar_missing_years(cal, s_day("2025-01-01"), s_day("2026-12-31"), years,
                                               HR_ARRAY_LEN(years)),
                     0);
    assert_int_equal(hr_calendar_missing_years(cal, s_day("2026-12-30"), s_day("2027-01-05"), years,
                                               HR_ARRAY_LEN(years)),
                     1);
    assert_int_equal(years[0], 2027);
    assert_int_equal(hr_calendar_missing_years(cal, s_day("2024-06-01"), s_day("2029-01-02"), years,
                                               HR_ARRAY_LEN(years)),
                     4);
    int want[] = {2024, 2027, 2028, 2029};
    for (size_t i = 0; i < HR_ARRAY_LEN(want); i++)
        assert_int_equal(years[i], want[i]);
    int two[2] = {0};
    assert_int_equal(
        hr_calendar_missing_years(cal, s_day("2029-01-02"), s_day("2024-06-01"), two, 2), 4);
    assert_int_equal(two[0], 2024);
    assert_int_equal(two[1], 2027);
    assert_int_equal(
        hr_calendar_missing_years(cal, s_day("2027-03-01"), s_day("2030-03-01"), NULL, 0), 4);
    hr_calendar_t *none = hr_calendar_new();
    assert_int_equal(
        hr_calendar_missing_years(none, s_day("2026-06-01"), s_day("2026-06-01"), years, 1), 1);
    assert_int_equal(years[0], 2026);
    hr_calendar_destroy(&none);
}

// A `year` line says the year's notice is in the file, and a notice always lists holidays: a
// year line with no `holiday` line of its year (statutory lines and workdays are not one) is
// refused, naming that line and what to add. Before or after the year line, one is enough.
static void test_a_year_line_without_its_holidays_is_refused(void **state)
{
    HR_UNUSED(state);
    struct {
        const char *text;
        const char *line;
    } bare[] = {
        {"year 2027\n", "cal:1: `year 2027` but no `2027-MM-DD holiday` line"},
        {"# 2026\n2026-01-01 holiday\nyear 2026\nyear 2027\n2027-01-01 statutory 元旦\n",
         "cal:4: `year 2027`"},
        {"year 2027\n2027-01-09 workday\n2026-10-01 holiday\n", "cal:1: `year 2027`"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(bare); i++) {
        char *err = NULL;
        hr_calendar_t *cal = hr_calendar_parse(bare[i].text, strlen(bare[i].text), "cal", &err);
        assert_null(cal);
        assert_non_null(err);
        if (!strstr(err, bare[i].line) || !strstr(err, "holiday and workday lines of 2027") ||
            !strstr(err, "remove `year 2027` until the notice is published") ||
            !strstr(err, "only silence the warnings"))
            fail_msg("case %zu: got '%s'", i, err);
        hr_free(err);
    }
    const char *ok[] = {
        "year 2027\n2027-10-08 holiday 国庆节\n",
        "2027-01-01 holiday 元旦\n2027-01-09 workday\nyear 2027\n",
        "2027-01-01 statutory 元旦\nyear 2027\n2027-01-01 holiday 元旦\n",
        "2027-01-01 statutory 元旦\n", // undeclared: statutory lines alone are fine
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(ok); i++) {
        char *err = NULL;
        hr_calendar_t *cal = hr_calendar_parse(ok[i], strlen(ok[i]), "cal", &err);
        if (!cal)
            fail_msg("case %zu refused: %s", i, err);
        hr_calendar_destroy(&cal);
    }
}

static void test_working_days_skip_holidays_and_count_adjusted_days(void **state)
{
    hr_calendar_t *cal = *state;
    // Friday before the 2026 Spring Festival: Saturday 02-14 is a working day, then nine days off.
    s_assert_date(hr_calendar_add_working_days(cal, s_day("2026-02-13"), 1), "2026-02-14");
    s_assert_date(hr_calendar_add_working_days(cal, s_day("2026-02-13"), 2), "2026-02-24");
    // Two working days after National Day eve 2026: 10-08 (Thu), 10-09 (Fri).
    s_assert_date(hr_calendar_add_working_days(cal, s_day("2026-09-30"), 2), "2026-10-09");
    s_assert_date(hr_calendar_add_working_days(cal, s_day("2026-09-30"), 3), "2026-10-10");
    s_assert_date(hr_calendar_add_working_days(cal, s_day("2026-09-30"), 0), "2026-09-30");
    assert_int_equal(
        hr_calendar_working_days_between(cal, s_day("2026-09-30"), s_day("2026-10-10")), 3);
    // A plain calendar knows only weekends.
    hr_calendar_t *plain = hr_calendar_new();
    s_assert_date(hr_calendar_add_working_days(plain, s_day("2026-09-30"), 2), "2026-10-02");
    hr_calendar_destroy(&plain);
}

static void test_bad_calendar_lines_are_named_with_line_numbers(void **state)
{
    HR_UNUSED(state);
    struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"year 2025\n2025-02-30 holiday\n", "cal:2: not a date"},
        {"2025-05-01 party\n", "cal:1: expected holiday, workday or statutory"},
        {"# ok\n2025-05-01 holiday\n2025-05-01 workday\n", "cal:3: date listed twice"},
        {"year twenty\n", "cal:1: not a year"},
        {"2027-01-01 statutory 元旦\n2027-01-01 workday\n", "cal:2: a statutory holiday"},
        {"2027-01-04 holiday\n2027-01-04 statutory\n2027-01-04 workday\n",
         "cal:3: a statutory holiday"},
        {"2027-01-09 workday\n2027-01-09 statutory\n", "cal:2: date listed twice"},
        {"2025-05-01\n", "cal:1: expected holiday, workday or statutory"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        char *err = NULL;
        hr_calendar_t *cal = hr_calendar_parse(cases[i].text, strlen(cases[i].text), "cal", &err);
        assert_null(cal);
        assert_non_null(err);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].want);
        hr_free(err);
    }
    char *err = NULL;
    assert_null(hr_calendar_load("/nonexistent/calendar.txt", &err));
    assert_non_null(strstr(err, "cannot open"));
    hr_free(err);
    // A directory or a device is not an empty calendar (every holiday gone without a word),
    // and an endless file is not read for ever.
    err = NULL;
    assert_null(hr_calendar_load("/tmp", &err));
    assert_non_null(strstr(err, "not a regular file"));
    hr_free(err);
    err = NULL;
    assert_null(hr_calendar_load("/dev/zero", &err));
    assert_non_null(strstr(err, "not a regular file"));
    hr_free(err);
    char path[] = "/tmp/hr-cal-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 2 * 1024 * 1024), 0);
    close(fd);
    err = NULL;
    assert_null(hr_calendar_load(path, &err));
    assert_non_null(strstr(err, "not a calendar"));
    hr_free(err);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epoch_and_round_trips),
        cmocka_unit_test(test_parse_rejects_impossible_and_malformed_dates),
        cmocka_unit_test(test_weekdays_are_monday_zero),
        cmocka_unit_test(test_shanghai_day_of_an_instant),
        cmocka_unit_test_setup_teardown(test_holidays_and_adjusted_working_days_2025_2026, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_statutory_days_of_undeclared_years, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_missing_year_looks_from_today_to_the_horizon, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_missing_years_lists_every_undeclared_year_of_a_range,
                                        s_setup, s_teardown),
        cmocka_unit_test(test_a_year_line_without_its_holidays_is_refused),
        cmocka_unit_test_setup_teardown(test_working_days_skip_holidays_and_count_adjusted_days,
                                        s_setup, s_teardown),
        cmocka_unit_test(test_bad_calendar_lines_are_named_with_line_numbers),
    };
    return cmocka_run_group_tests_name("unit.common.calendar", tests, NULL, NULL);
}
