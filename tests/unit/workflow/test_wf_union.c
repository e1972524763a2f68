/*  unit.workflow.union - the union's and the staff's part of a rescission before the engine
 *  (wf_union.c): the A41 explanation dated thirty days before the notice, the report to the
 *  labour bureau before it, the typed headcount against the directory's, which blocks are HR's
 *  own (a review stopped by them alone stays with HR), a union notice dated after the notice
 *  day, a notice for reasons HR has changed since (UNION_NOTICE_STALE), an objection without
 *  the employer's written reply stopping the notice (LCL 43), and a cure only after the union's
 *  opinion and the written reply to an objection, not dated before them (Interp. I Art. 47).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wf_fixture.h"

#define S_EXPLAINED LAW_FACT_BIT(LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS)
#define S_REPORTED LAW_FACT_BIT(LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE)

// An A41 layoff of 5 in 40 with every fact proven, noticed on 2026-11-30.
static void s_layoff(law_scenario_t *s, const char *ground)
{
    law_scenario_init(s);
    s->ground = law_ground_find(ground);
    assert_true(hr_date_parse("2020-03-02", &s->hire_day));
    assert_true(hr_date_parse("2026-11-30", &s->notice_day));
    s->effective_day = s->notice_day;
    s->has_average_wage = true;
    s->average_wage_fen = 900000;
    s->local_average_wage_fen = 1230700;
    s->written_notice = true;
    s->reasons_given = true;
    s->layoff_count = 5;
    s->total_headcount = 40;
    for (size_t i = 0; i < s->ground->nfacts; i++)
        s->proven |= LAW_FACT_BIT(s->ground->facts[i].fact);
}

static const law_finding_t *s_code(const law_finding_t *f, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i].code, code))
            return &f[i];
    return NULL;
}

static void
test_an_explanation_thirty_days_before_the_notice_and_an_earlier_report_pass(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    law_finding_t f[4];
    // Exactly thirty days before, reported the day before: both stay proven.
    assert_int_equal(wf_union_a41(&s, "2026-10-31", "2026-11-29", 40, arena, f, 4), 0);
    assert_true(s.proven & S_EXPLAINED);
    assert_true(s.proven & S_REPORTED);
    hr_arena_destroy(&arena);
}

static void
test_a_late_explanation_is_not_given_to_the_engine_and_names_the_earliest_notice(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    law_finding_t f[4];
    // Told minutes before (the reviewer's case), reported on the notice day itself.
    size_t n = wf_union_a41(&s, "2026-11-30", "2026-11-30", 40, arena, f, 4);
    assert_int_equal(n, 2);
    assert_false(s.proven & S_EXPLAINED);
    assert_false(s.proven & S_REPORTED);
    const law_finding_t *late = s_code(f, n, "A41_EXPLANATION_LATE");
    assert_non_null(late);
    assert_int_equal(late->severity, LAW_SEVERITY_BLOCK);
    assert_non_null(strstr(late->message_zh, "最早可于 2026-12-30 送达"));
    assert_non_null(strstr(late->message_en, "earliest lawful notice date is 2026-12-30"));
    const law_finding_t *rep = s_code(f, n, "A41_REPORT_LATE");
    assert_non_null(rep);
    assert_non_null(strstr(rep->message_en, "2026-12-01"));
    // The engine then finds the facts missing: the layoff is unlawful as it stands.
    law_assessment_t a;
    assert_int_equal(law_assess(&s, &a), 0);
    assert_false(a.lawful);
    hr_arena_destroy(&arena);
}

static void test_undated_facts_are_not_proven(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    law_finding_t f[4];
    size_t n = wf_union_a41(&s, "", "", 40, arena, f, 4);
    assert_int_equal(n, 2);
    assert_non_null(s_code(f, n, "A41_EXPLANATION_UNDATED"));
    assert_non_null(s_code(f, n, "A41_REPORT_UNDATED"));
    assert_false(s.proven & (S_EXPLAINED | S_REPORTED));
    // NULL: the outcome of a review made before the dates were recorded is not held to them.
    s_layoff(&s, "A41");
    assert_int_equal(wf_union_a41(&s, NULL, NULL, 0, arena, f, 4), 0);
    assert_true(s.proven & S_EXPLAINED);
    assert_true(s.proven & S_REPORTED);
    hr_arena_destroy(&arena);
}

static void test_a_typed_headcount_other_than_the_directory_is_a_block_naming_both(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    s.total_headcount = 10; // HR typed 10; the directory holds 41
    law_finding_t f[4];
    size_t n = wf_union_a41(&s, "2026-10-01", "2026-11-01", 41, arena, f, 4);
    assert_int_equal(n, 1);
    assert_string_equal(f[0].code, "A41_HEADCOUNT_MISMATCH");
    assert_non_null(strstr(f[0].message_en, "HR gave 10, the directory holds 41"));
    assert_non_null(strstr(f[0].message_zh, "为 10 人"));
    assert_non_null(strstr(f[0].message_zh, "在职人员为 41 人"));
    hr_arena_destroy(&arena);
}

static void test_other_grounds_are_left_alone(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A40_3");
    uint64_t proven = s.proven;
    law_finding_t f[4];
    assert_int_equal(wf_union_a41(&s, "", "", 41, arena, f, 4), 0);
    assert_int_equal(s.proven, proven);
    hr_arena_destroy(&arena);
}

static void test_only_hr_own_blocks_keep_the_review_with_hr(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    s.has_union = true; // and no union notice
    law_finding_t f[4];
    size_t n = wf_union_a41(&s, "2026-11-29", "2026-11-01", 40, arena, f, 4);
    law_assessment_t a;
    assert_int_equal(law_assess(&s, &a), 0);
    for (size_t i = 0; i < n; i++)
        a.findings[a.nfindings++] = f[i];
    // UNION_NOT_NOTIFIED, A41_EXPLANATION_LATE and the EVIDENCE_MISSING it caused: HR's.
    assert_non_null(s_code(a.findings, a.nfindings, "UNION_NOT_NOTIFIED"));
    assert_true(wf_union_hr_only(&a));
    wf_problem_t p[WF_PROBLEMS_MAX];
    size_t np = wf_union_problems(&a, p, WF_PROBLEMS_MAX);
    assert_int_equal(np, 2); // EVIDENCE_MISSING left out
    // A fact the manager's evidence must prove: the case goes back to the manager.
    s_layoff(&s, "A41");
    s.has_union = true;
    s.proven &= ~LAW_FACT_BIT(LAW_FACT_PRIORITY_RETENTION_CONSIDERED);
    assert_int_equal(law_assess(&s, &a), 0);
    assert_false(wf_union_hr_only(&a));
    // Lawful: nothing to refuse.
    s_layoff(&s, "A41");
    assert_int_equal(law_assess(&s, &a), 0);
    assert_true(a.lawful);
    assert_false(wf_union_hr_only(&a));
    hr_arena_destroy(&arena);
}

static void test_a_union_notice_after_the_notice_day_is_no_notice_beforehand(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    s.union_notified = true;
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    u.notice_date = "2026-11-30"; // the notice day itself: beforehand enough
    law_finding_t f[1];
    assert_int_equal(wf_union_notice(&s, &u, "A41", "", arena, f, 1), 0);
    assert_true(s.union_notified);
    u.notice_date = "2026-12-01";
    assert_int_equal(wf_union_notice(&s, &u, "A41", "", arena, f, 1), 1);
    assert_false(s.union_notified);
    assert_string_equal(f[0].code, "UNION_NOTICE_LATE");
    assert_non_null(strstr(f[0].message_zh, "《劳动合同法》第四十三条"));
    hr_arena_destroy(&arena);
}

// LCL 43: the notice told the union the ground and HR's reasons as the case stood; reasons
// stated otherwise since are not covered by it.
static void test_a_notice_for_reasons_since_changed_no_longer_stands(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    s_layoff(&s, "A41");
    s.union_notified = true;
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    u.notice_date = "2026-11-28";
    u.notice_ground = "A41";
    u.notice_reasons = "生产经营发生严重困难，裁减 5 人";
    law_finding_t f[1];
    // The same reasons: the notice stands.
    assert_false(wf_union_notice_is_stale(&u, "A41", u.notice_reasons));
    assert_int_equal(wf_union_notice(&s, &u, "A41", u.notice_reasons, arena, f, 1), 0);
    assert_true(s.union_notified);
    // Other reasons, or another ground: it does not, and the block is HR's own.
    assert_true(wf_union_notice_is_stale(&u, "A41", "生产经营发生严重困难，裁减 6 人"));
    assert_true(wf_union_notice_is_stale(&u, "A40_3", u.notice_reasons));
    assert_int_equal(wf_union_notice(&s, &u, "A41", "生产经营发生严重困难，裁减 6 人", arena, f, 1),
                     1);
    assert_false(s.union_notified);
    assert_string_equal(f[0].code, "UNION_NOTICE_STALE");
    assert_int_equal(f[0].severity, LAW_SEVERITY_BLOCK);
    assert_non_null(strstr(f[0].message_zh, "原通知不再有效"));
    assert_non_null(strstr(f[0].message_en, "union_record.notice_date: the union notice of "
                                            "2026-11-28"));
    law_assessment_t a = {.nfindings = 1, .findings = {f[0]}};
    assert_true(wf_union_hr_only(&a));
    // A notice recorded before HR stated any reasons told the union none of them.
    u.notice_reasons = "";
    assert_true(wf_union_notice_is_stale(&u, "A41", "生产经营发生严重困难，裁减 5 人"));
    // A notice recorded before stop 26 kept nothing of what it told: taken as it stands.
    u.notice_ground = "";
    assert_false(wf_union_notice_is_stale(&u, "A41", "anything"));
    // A cure of a stale notice cures nothing; of a late one it stands (the engine says so).
    u.notice_ground = "A41";
    u.notice_reasons = "X";
    u.cured_date = "2026-12-05";
    s.union_notified = true;
    assert_int_equal(wf_union_notice(&s, &u, "A41", "Y", arena, f, 1), 1);
    assert_false(s.union_notice_cured_before_suit);
    s.union_notified = true;
    u.notice_date = "2026-12-02"; // after the notice day
    assert_int_equal(wf_union_notice(&s, &u, "A41", "X", arena, f, 1), 0);
    assert_false(s.union_notified);
    assert_true(s.union_notice_cured_before_suit);
    s.has_union = true;
    assert_int_equal(law_assess(&s, &a), 0);
    assert_non_null(s_code(a.findings, a.nfindings, "UNION_NOTICE_CURED"));
    assert_null(s_code(a.findings, a.nfindings, "UNION_NOT_NOTIFIED"));
    hr_arena_destroy(&arena);
}

// Interp. I Art. 47: a cure is the procedure of LCL 43 done before the suit - the union's opinion
// heard and an objection answered in writing -, never HR's word alone.
static void test_a_cure_follows_the_union_opinion_and_the_reply_to_an_objection(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "01JN00000000000000000000AA";
    const char *zh = NULL;
    hr_rc_t rc = HR_OK;
    // Nothing recorded, or a notice alone: no opinion heard.
    const char *why = wf_union_cure_why(&c, "2026-12-05", arena, &zh, &rc);
    assert_non_null(why);
    assert_int_equal(rc, HR_ECONFLICT);
    assert_non_null(strstr(why, "union_record.opinion: case 01JN00000000000000000000AA has no "
                                "opinion"));
    assert_non_null(strstr(zh, "尚未记录工会的意见"));
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    u.notice_date = "2026-12-01";
    c.union_record = &u;
    assert_non_null(wf_union_cure_why(&c, "2026-12-05", arena, &zh, &rc));
    assert_int_equal(rc, HR_ECONFLICT);
    // An objection with no written reply: not cured.
    u.opinion = "objection";
    u.opinion_date = "2026-12-03";
    why = wf_union_cure_why(&c, "2026-12-05", arena, &zh, &rc);
    assert_non_null(why);
    assert_int_equal(rc, HR_ECONFLICT);
    assert_non_null(strstr(why, "union_record.reply_date: the union objected on 2026-12-03"));
    assert_non_null(strstr(zh, "工会已于 2026-12-03 提出异议"));
    // Replied: cured from the reply's day on, not before it (nor before the objection).
    u.reply_date = "2026-12-04";
    why = wf_union_cure_why(&c, "2026-12-02", arena, &zh, &rc);
    assert_non_null(why);
    assert_int_equal(rc, HR_EINVAL);
    assert_non_null(strstr(why, "date: 2026-12-02 is before the employer's written reply"));
    assert_non_null(strstr(zh, "早于本单位书面答复工会之日"));
    assert_non_null(wf_union_cure_why(&c, "2026-12-03", arena, &zh, &rc));
    assert_null(wf_union_cure_why(&c, "2026-12-04", arena, &zh, &rc));
    assert_int_equal(rc, HR_OK);
    // No objection: cured from the opinion's day on.
    u.opinion = "none";
    u.reply_date = "";
    why = wf_union_cure_why(&c, "2026-12-02", arena, &zh, &rc);
    assert_non_null(why);
    assert_int_equal(rc, HR_EINVAL);
    assert_non_null(strstr(why, "before the union's opinion (2026-12-03)"));
    assert_null(wf_union_cure_why(&c, "2026-12-03", arena, &zh, &rc));
    hr_arena_destroy(&arena);
}

static void test_an_objection_without_a_written_reply_stops_the_notice(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "01JN00000000000000000000AA";
    const char *zh = NULL;
    assert_null(wf_union_outcome_why(&c, arena, &zh)); // nothing recorded
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    u.notice_date = "2026-11-20";
    u.opinion = "none";
    u.opinion_date = "2026-11-22";
    c.union_record = &u;
    assert_null(wf_union_outcome_why(&c, arena, &zh));
    u.opinion = "objection";
    const char *why = wf_union_outcome_why(&c, arena, &zh);
    assert_non_null(why);
    assert_non_null(strstr(why, "the union objected on 2026-11-22"));
    assert_non_null(strstr(zh, "工会已于 2026-11-22 对解除提出异议"));
    u.reply_date = "2026-11-25";
    assert_null(wf_union_outcome_why(&c, arena, &zh));
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_an_explanation_thirty_days_before_the_notice_and_an_earlier_report_pass),
        cmocka_unit_test(
            test_a_late_explanation_is_not_given_to_the_engine_and_names_the_earliest_notice),
        cmocka_unit_test(test_undated_facts_are_not_proven),
        cmocka_unit_test(test_a_typed_headcount_other_than_the_directory_is_a_block_naming_both),
        cmocka_unit_test(test_other_grounds_are_left_alone),
        cmocka_unit_test(test_only_hr_own_blocks_keep_the_review_with_hr),
        cmocka_unit_test(test_a_union_notice_after_the_notice_day_is_no_notice_beforehand),
        cmocka_unit_test(test_an_objection_without_a_written_reply_stops_the_notice),
        cmocka_unit_test(test_a_notice_for_reasons_since_changed_no_longer_stands),
        cmocka_unit_test(test_a_cure_follows_the_union_opinion_and_the_reply_to_an_objection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
