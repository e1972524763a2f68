/*  test_law_money - fen arithmetic: averaging and Art. 47 products rounded half-up, exact text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr_test.h"
#include "law.h"

static void test_average_rounds_half_up_to_the_fen(void **state)
{
    HR_UNUSED(state);
    const int64_t same[] = {900000, 900000};
    assert_int_equal(law_fen_average(same, 2), 900000);
    const int64_t thirds[] = {900000, 900000, 900100}; // 9000.333... -> 9000.33
    assert_int_equal(law_fen_average(thirds, 3), 900033);
    const int64_t two_thirds[] = {900000, 900100, 900100}; // 9000.666... -> 9000.67
    assert_int_equal(law_fen_average(two_thirds, 3), 900067);
    const int64_t half[] = {1, 2}; // 0.015 -> 0.02 (half-up)
    assert_int_equal(law_fen_average(half, 2), 2);
    const int64_t one[] = {503333};
    assert_int_equal(law_fen_average(one, 1), 503333);
}

static void test_half_units_product_rounds_half_up(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(law_fen_times_half_units(900000, 6), 2700000);  // 3 units x 9000
    assert_int_equal(law_fen_times_half_units(900001, 1), 450001);   // 4500.005 -> 4500.01
    assert_int_equal(law_fen_times_half_units(1635300, 3), 2452950); // 1.5 x 16353 = 24529.5
    assert_int_equal(law_fen_times_half_units(503333, 1), 251667);   // 2516.665 -> 2516.67
    assert_int_equal(law_fen_times_half_units(12345, 0), 0);
}

static void s_assert_text(int64_t fen, const char *want)
{
    char buf[LAW_MONEY_TEXT_MAX];
    law_fen_format(fen, buf);
    assert_string_equal(buf, want);
}

static void test_amounts_print_as_exact_decimals(void **state)
{
    HR_UNUSED(state);
    s_assert_text(1350000, "13500");
    s_assert_text(1350050, "13500.5");
    s_assert_text(1350005, "13500.05");
    s_assert_text(1350055, "13500.55");
    s_assert_text(0, "0");
    s_assert_text(7, "0.07");
    s_assert_text(10, "0.1");
    s_assert_text(LAW_MONEY_MAX_FEN * 2, "2000000000");
}

static void test_decimal_text_parses_to_fen_or_is_refused(void **state)
{
    HR_UNUSED(state);
    int64_t fen = -1;
    assert_true(law_fen_parse("13500", &fen));
    assert_int_equal(fen, 1350000);
    assert_true(law_fen_parse("13500.5", &fen));
    assert_int_equal(fen, 1350050);
    assert_true(law_fen_parse("0.05", &fen));
    assert_int_equal(fen, 5);
    assert_true(law_fen_parse("1000000000", &fen));
    assert_int_equal(fen, LAW_MONEY_MAX_FEN);
    const char *bad[] = {
        "-1", "1.234", "1e3", "", ".5", "5.", "1,000", "1000000000.01", "99999999999999999999",
        " 1", "1 "};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++)
        if (law_fen_parse(bad[i], &fen))
            fail_msg("accepted '%s'", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_average_rounds_half_up_to_the_fen),
        cmocka_unit_test(test_half_units_product_rounds_half_up),
        cmocka_unit_test(test_amounts_print_as_exact_decimals),
        cmocka_unit_test(test_decimal_text_parses_to_fen_or_is_refused),
    };
    return cmocka_run_group_tests_name("unit.law.money", tests, NULL, NULL);
}
