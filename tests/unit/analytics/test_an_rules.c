/*  unit.analytics.rules - the attendance facts state the rules they were counted with
 *  (rules/grace_min, rules/very_late_min, rules/early_grace_min), in the rule text, in both
 *  sentences and in the facts snapshot frozen into a case: with a grace of 5 minutes a fact
 *  that said "grace 0 minutes" misstated what HR relies on. Real imports and facts queries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

// Q001 (PIN 901), three working days on a 09:00-18:00 schedule:
// Wed 10-14 09:03 in, 18:01 out: 3 minutes after the start, inside a 5-minute grace;
// Thu 10-15 09:10 in, 17:50 out: 10 minutes late, left 10 minutes early (a 15-minute grace);
// Fri 10-16 09:50 in, 17:40 out: 50 minutes late (over 45), left 20 minutes early.
static const char s_punches[] = "901\t2026-10-14 09:03:00\t1\t0\t1\t0\n"
                                "901\t2026-10-14 18:01:00\t1\t1\t1\t0\n"
                                "901\t2026-10-15 09:10:00\t1\t0\t1\t0\n"
                                "901\t2026-10-15 17:50:00\t1\t1\t1\t0\n"
                                "901\t2026-10-16 09:50:00\t1\t0\t1\t0\n"
                                "901\t2026-10-16 17:40:00\t1\t1\t1\t0\n";

static void s_load(fixture_t *f)
{
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department,hire_date\nQ001,901,QA,2026-01-01\n", HR_OK);
    s_import(f, ATT, "zkteco", "week.dat", s_punches, HR_OK);
    int32_t day = 0;
    assert_true(hr_date_parse("2026-12-01", &day));
    f->now_ms = hr_ms_of_day(day, 480);
}

static void s_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("'%s' is not in '%s'", part, text);
}

static void test_configured_rules_are_counted_and_stated(void **state)
{
    fixture_t *f = *state;
    an_rules_t rules = {.grace_min = 5, .very_late_min = 45, .early_grace_min = 15};
    f->rules = &rules;
    s_load(f);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-10-14", "2026-10-16", true);

    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 2); // 09:03 is inside the grace
    assert_string_equal(late->sources[0]->note, "arrival 09:10, 10 min late");
    s_has(late->rule, "more than 5 minutes after the scheduled start (grace 5 minutes");
    assert_null(strstr(late->rule, "grace 0"));
    s_has(late->text_en, "(more than 5 minutes after the scheduled start)");
    s_has(late->text_zh, "晚于排班上班时间超过5分钟");

    const Hr__Analytics__Fact *very = s_fact(r, "late_over_60");
    assert_true(very->value == 1);
    s_has(very->rule, "more than 45 minutes after the scheduled start");
    s_has(very->text_en, "arrived more than 45 minutes late 1 time");
    s_has(very->text_zh, "迟到超过45分钟1次");
    assert_null(strstr(very->text_en, "60"));

    const Hr__Analytics__Fact *early = s_fact(r, "early_leaves");
    assert_true(early->value == 1); // 17:50 is inside the 15-minute grace
    s_has(early->rule, "more than 15 minutes before the scheduled end (grace 15 minutes");
    s_has(early->text_en, "left more than 15 minutes before the scheduled end 1 time");
    s_has(early->text_zh, "早于排班下班时间超过15分钟");

    // The snapshot a case freezes carries the same rule words.
    assert_non_null(r->snapshot_json);
    s_has(r->snapshot_json, "(grace 5 minutes: rules/grace_min)");
    s_has(r->snapshot_json, "more than 45 minutes after the scheduled start");
    s_has(r->snapshot_json, "(grace 15 minutes: rules/early_grace_min)");
    assert_null(strstr(r->snapshot_json, "grace 0"));
}

// The shipped defaults (grace 0, 60, 0) read as they did: the snapshot states grace 0.
static void test_default_rules_state_grace_0_and_60_minutes(void **state)
{
    fixture_t *f = *state;
    s_load(f);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-10-14", "2026-10-16", true);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 3);
    s_has(late->rule, "(grace 0 minutes: rules/grace_min)");
    s_has(late->text_en, "(after the scheduled start)");
    s_has(s_fact(r, "late_over_60")->rule, "more than 60 minutes after the scheduled start");
    assert_true(s_fact(r, "late_over_60")->value == 0);
    assert_true(s_fact(r, "early_leaves")->value == 2);
    s_has(s_fact(r, "early_leaves")->text_en, "left before the scheduled end 2 times");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_configured_rules_are_counted_and_stated, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_default_rules_state_grace_0_and_60_minutes, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.rules", tests, NULL, NULL);
}
