/*  test_hr_clock - fake and system clocks, the ClockSet offset, ISO-8601 formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "hr_clock.h"
#include "hr_test.h"

// How far the system clock may drift from time(2) during one test.
#define CLOCK_TOLERANCE_MS (5 * HR_SECOND_MS)

static void test_fake_clock_starts_at_t0_with_mono_at_zero(void **state)
{
    HR_UNUSED(state);
    hr_clock_t *clock = hr_clock_fake_new(HR_TEST_T0_MS);
    assert_true(hr_clock_is_fake(clock));
    assert_int_equal(hr_clock_now_ms(clock), HR_TEST_T0_MS);
    assert_int_equal(hr_clock_mono_ms(clock), 0);
    assert_int_equal(hr_clock_offset_ms(clock), 0);
    hr_clock_destroy(&clock);
}

static void test_fake_clock_moves_only_when_advanced(void **state)
{
    HR_UNUSED(state);
    hr_clock_t *clock = hr_clock_fake_new(HR_TEST_T0_MS);
    assert_int_equal(hr_clock_now_ms(clock), HR_TEST_T0_MS);
    hr_clock_fake_advance(clock, HR_DAY_MS + 5);
    assert_int_equal(hr_clock_now_ms(clock), HR_TEST_T0_MS + HR_DAY_MS + 5);
    assert_int_equal(hr_clock_mono_ms(clock), HR_DAY_MS + 5);
    hr_clock_destroy(&clock);
}

static void test_offset_shifts_wall_time_but_not_mono(void **state)
{
    HR_UNUSED(state);
    hr_clock_t *clock = hr_clock_fake_new(HR_TEST_T0_MS);
    hr_clock_set_offset(clock, 3 * HR_DAY_MS);
    assert_int_equal(hr_clock_offset_ms(clock), 3 * HR_DAY_MS);
    assert_int_equal(hr_clock_now_ms(clock), HR_TEST_T0_MS + 3 * HR_DAY_MS);
    assert_int_equal(hr_clock_mono_ms(clock), 0);
    hr_clock_set_offset(clock, 0);
    assert_int_equal(hr_clock_now_ms(clock), HR_TEST_T0_MS);
    hr_clock_destroy(&clock);
}

static void test_system_clock_reads_real_time(void **state)
{
    HR_UNUSED(state);
    hr_clock_t *clock = hr_clock_system_new();
    assert_false(hr_clock_is_fake(clock));
    int64_t expect = (int64_t)time(NULL) * HR_SECOND_MS;
    int64_t now = hr_clock_now_ms(clock);
    assert_true(now > expect - CLOCK_TOLERANCE_MS && now < expect + CLOCK_TOLERANCE_MS);
    int64_t m1 = hr_clock_mono_ms(clock);
    int64_t m2 = hr_clock_mono_ms(clock);
    assert_true(m2 >= m1);
    hr_clock_set_offset(clock, HR_DAY_MS);
    assert_true(hr_clock_now_ms(clock) >= now + HR_DAY_MS);
    assert_true(hr_clock_mono_ms(clock) < m2 + CLOCK_TOLERANCE_MS);
    hr_clock_destroy(&clock);
}

static void test_destroy_nulls_the_pointer_and_accepts_null(void **state)
{
    HR_UNUSED(state);
    hr_clock_t *clock = hr_clock_system_new();
    hr_clock_destroy(&clock);
    assert_null(clock);
    hr_clock_destroy(&clock);
}

static void test_time_iso_formats_utc_with_milliseconds(void **state)
{
    HR_UNUSED(state);
    char buf[HR_TIME_ISO_LEN];
    assert_string_equal(hr_time_iso(HR_TEST_T0_MS + 123, buf), "2025-03-03T09:00:00.123Z");
    assert_string_equal(hr_time_iso(0, buf), "1970-01-01T00:00:00.000Z");
    assert_int_equal(strlen(buf), HR_TIME_ISO_LEN - 1);
}

static void test_time_iso_handles_times_before_1970(void **state)
{
    HR_UNUSED(state);
    char buf[HR_TIME_ISO_LEN];
    assert_string_equal(hr_time_iso(-1, buf), "1969-12-31T23:59:59.999Z");
}

static void test_time_iso_clamps_to_four_digit_years(void **state)
{
    HR_UNUSED(state);
    char buf[HR_TIME_ISO_LEN];
    assert_string_equal(hr_time_iso(INT64_MAX, buf), "9999-12-31T23:59:59.999Z");
    assert_string_equal(hr_time_iso(INT64_MIN, buf), "0000-01-01T00:00:00.000Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fake_clock_starts_at_t0_with_mono_at_zero),
        cmocka_unit_test(test_fake_clock_moves_only_when_advanced),
        cmocka_unit_test(test_offset_shifts_wall_time_but_not_mono),
        cmocka_unit_test(test_system_clock_reads_real_time),
        cmocka_unit_test(test_destroy_nulls_the_pointer_and_accepts_null),
        cmocka_unit_test(test_time_iso_formats_utc_with_milliseconds),
        cmocka_unit_test(test_time_iso_handles_times_before_1970),
        cmocka_unit_test(test_time_iso_clamps_to_four_digit_years),
    };
    return cmocka_run_group_tests_name("unit.common.clock", tests, NULL, NULL);
}
