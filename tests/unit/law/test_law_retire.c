/*  test_law_retire - the statutory retirement age under the 2024 gradual-postponement decision
 *  (law_retire.c) at every band edge of the three groups, the retirement day, and the Art. 42(5)
 *  position: fifteen years' service and less than five years to go, each at its boundary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr_test.h"
#include "law.h"

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

#define Y(n) ((n)*12)

typedef struct {
    law_retire_base_t base;
    const char *birth;
    int months; // statutory age in months
} s_age_case_t;

// Band edges: the last month of the original age, the first band's first and last month, the
// second band's first, the month the cap is reached and the one before, and far after.
static const s_age_case_t s_ages[] = {
    {LAW_RETIRE_MALE60, "1964-12-31", Y(60)},       {LAW_RETIRE_MALE60, "1965-01-01", Y(60) + 1},
    {LAW_RETIRE_MALE60, "1965-04-30", Y(60) + 1},   {LAW_RETIRE_MALE60, "1965-05-01", Y(60) + 2},
    {LAW_RETIRE_MALE60, "1965-08-31", Y(60) + 2},   {LAW_RETIRE_MALE60, "1965-09-01", Y(60) + 3},
    {LAW_RETIRE_MALE60, "1966-01-15", Y(60) + 4},   {LAW_RETIRE_MALE60, "1970-12-31", Y(60) + 18},
    {LAW_RETIRE_MALE60, "1976-08-31", Y(60) + 35},  {LAW_RETIRE_MALE60, "1976-09-01", Y(63)},
    {LAW_RETIRE_MALE60, "1990-06-01", Y(63)},       {LAW_RETIRE_FEMALE55, "1969-12-31", Y(55)},
    {LAW_RETIRE_FEMALE55, "1970-01-01", Y(55) + 1}, {LAW_RETIRE_FEMALE55, "1970-04-30", Y(55) + 1},
    {LAW_RETIRE_FEMALE55, "1970-05-01", Y(55) + 2}, {LAW_RETIRE_FEMALE55, "1981-08-31", Y(55) + 35},
    {LAW_RETIRE_FEMALE55, "1981-09-01", Y(58)},     {LAW_RETIRE_FEMALE55, "2000-01-01", Y(58)},
    {LAW_RETIRE_FEMALE50, "1974-12-31", Y(50)},     {LAW_RETIRE_FEMALE50, "1975-01-01", Y(50) + 1},
    {LAW_RETIRE_FEMALE50, "1975-02-28", Y(50) + 1}, {LAW_RETIRE_FEMALE50, "1975-03-01", Y(50) + 2},
    {LAW_RETIRE_FEMALE50, "1975-12-31", Y(50) + 6}, {LAW_RETIRE_FEMALE50, "1984-10-31", Y(50) + 59},
    {LAW_RETIRE_FEMALE50, "1984-11-01", Y(55)},     {LAW_RETIRE_FEMALE50, "1995-01-01", Y(55)},
};

static void test_age_at_every_band_edge(void **state)
{
    HR_UNUSED(state);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_ages); i++) {
        int got = law_retire_age_months(s_ages[i].base, s_day(s_ages[i].birth));
        if (got != s_ages[i].months)
            fail_msg("%s born %s: %d months, want %d", law_retire_base_name(s_ages[i].base),
                     s_ages[i].birth, got, s_ages[i].months);
    }
}

static void test_retirement_day_is_birth_plus_age(void **state)
{
    HR_UNUSED(state);
    // The annex's table: a man born in January 1965 retires in February 2025.
    s_assert_date(law_retire_day(LAW_RETIRE_MALE60, s_day("1965-01-15")), "2025-02-15");
    s_assert_date(law_retire_day(LAW_RETIRE_MALE60, s_day("1964-06-30")), "2024-06-30");
    // A woman-55 born 1971-03-31: her fourth band (1971-01..04), 55 years 4 months.
    s_assert_date(law_retire_day(LAW_RETIRE_FEMALE55, s_day("1971-03-31")), "2026-07-31");
    // Born on the 31st, the retirement month has 30 days (or 28): its last day.
    s_assert_date(law_retire_day(LAW_RETIRE_MALE60, s_day("1965-07-31")), "2025-09-30");
    s_assert_date(law_retire_day(LAW_RETIRE_MALE60, s_day("1965-01-31")), "2025-02-28");
    s_assert_date(law_retire_day(LAW_RETIRE_FEMALE50, s_day("1984-11-01")), "2039-11-01");
}

static void test_group_names(void **state)
{
    HR_UNUSED(state);
    law_retire_base_t b;
    assert_true(law_retire_base_find("male60", &b));
    assert_int_equal(b, LAW_RETIRE_MALE60);
    assert_true(law_retire_base_find("female55", &b));
    assert_int_equal(b, LAW_RETIRE_FEMALE55);
    assert_true(law_retire_base_find("female50", &b));
    assert_int_equal(b, LAW_RETIRE_FEMALE50);
    assert_false(law_retire_base_find("female", &b));
    assert_false(law_retire_base_find("", &b));
    assert_false(law_retire_base_find(NULL, &b));
    assert_null(law_retire_base_name(LAW_RETIRE_BASE_COUNT));
}

static void test_art_42_5_at_its_boundaries(void **state)
{
    HR_UNUSED(state);
    law_retire_position_t p;
    // Born 1966-03-10, male: 60 years 4 months (his band 1966-01..04 is the fourth) ->
    // 2026-07-10. Hired 2011-06-01: fifteen years on 2026-05-31.
    law_day_t birth = s_day("1966-03-10"), hire = s_day("2011-06-01");
    law_retire_position(LAW_RETIRE_MALE60, birth, hire, s_day("2026-05-30"), &p);
    s_assert_date(p.retire_day, "2026-07-10");
    assert_int_equal(p.age_months, Y(60) + 4);
    assert_false(p.long_service); // 14 years 11 months 30 days
    assert_true(p.near);
    assert_false(p.protected_);
    law_retire_position(LAW_RETIRE_MALE60, birth, hire, s_day("2026-05-31"), &p);
    assert_int_equal(p.service.years, 15);
    assert_true(p.long_service);
    assert_true(p.protected_);
    assert_false(p.reached);
    law_retire_position(LAW_RETIRE_MALE60, birth, hire, s_day("2026-07-10"), &p);
    assert_true(p.reached);
    assert_true(p.protected_);

    // Exactly five years before the retirement day is not "less than five years".
    birth = s_day("1975-01-10"); // male: band 31 -> 60 years 31 months = 2037-08-10
    hire = s_day("2000-01-01");
    law_retire_position(LAW_RETIRE_MALE60, birth, hire, s_day("2032-08-10"), &p);
    s_assert_date(p.retire_day, "2037-08-10");
    assert_true(p.long_service);
    assert_false(p.near);
    assert_false(p.protected_);
    law_retire_position(LAW_RETIRE_MALE60, birth, hire, s_day("2032-08-11"), &p);
    assert_true(p.near);
    assert_true(p.protected_);

    // Without the postponement the same man (originally 60) would have been near on 2030-01-11:
    // the decision moves him out until 2032-08-11.
    law_retire_position(LAW_RETIRE_MALE60, birth, hire, s_day("2031-01-01"), &p);
    assert_false(p.near);

    // A woman-50 in a worker post born 1980-05-20: 50 years + 33 months (band 32 + 1) ->
    // 2033-02-20; hired 2010-03-01.
    law_retire_position(LAW_RETIRE_FEMALE50, s_day("1980-05-20"), s_day("2010-03-01"),
                        s_day("2028-03-01"), &p);
    assert_int_equal(p.age_months, Y(50) + 33);
    s_assert_date(p.retire_day, "2033-02-20");
    assert_true(p.long_service);
    assert_true(p.near);
    assert_true(p.protected_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age_at_every_band_edge),
        cmocka_unit_test(test_retirement_day_is_birth_plus_age),
        cmocka_unit_test(test_group_names),
        cmocka_unit_test(test_art_42_5_at_its_boundaries),
    };
    return cmocka_run_group_tests_name("unit.law.retire", tests, NULL, NULL);
}
