/*  unit.workflow.layoff - an economic layoff as one decision (wf_layoff.c): a batch is created
 *  with a ground of LCL 41 para 1 and dated days each with its record, refused naming the field
 *  otherwise; only an open A41 case in no batch joins one, with a trigger of its own the batch's;
 *  a member's review is counted by the batch's members (a typed layoff_count that disagrees is
 *  refused naming both numbers) and dated by the batch (other dates refused, none taken from
 *  it; a day the batch lacks is to be recorded on it); a withdrawn or rescinded member, one sent
 *  back for an Art. 42 protection or with one on record, is not counted; the threshold (20, or
 *  10%) and the refusal of a fall below it after service; an A41 case in no batch is blocked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wf_fixture.h"

#define S_SHA "a300000000000000000000000000000000000000000000000000000000000000"

static int32_t s_day(const char *date)
{
    int32_t d = 0;
    assert_true(hr_date_parse(date, &d));
    return d;
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("%s: '%s' not in '%s'", what, part, text ? text : "(null)");
}

static void test_reasons_are_the_four_items_of_para_1(void **state)
{
    HR_UNUSED(state);
    assert_string_equal(wf_layoff_reason_name(1), "bankruptcy_reorganisation");
    assert_string_equal(wf_layoff_reason_name(2), "serious_difficulties");
    assert_string_equal(wf_layoff_reason_name(3), "business_change");
    assert_string_equal(wf_layoff_reason_name(4), "objective_change");
    assert_null(wf_layoff_reason_name(0));
    assert_null(wf_layoff_reason_name(5));
    assert_int_equal(wf_layoff_reason_of("business_change"), 3);
    assert_int_equal(wf_layoff_reason_of("layoff"), 0);
    assert_int_equal(wf_layoff_reason_of(NULL), 0);
}

static void test_a_batch_is_created_only_with_a_ground_and_dated_proven_days(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    int32_t today = s_day("2026-11-30");
    char *zh = NULL;
    Hr__Workflow__CreateLayoffRequest req = HR__WORKFLOW__CREATE_LAYOFF_REQUEST__INIT;
    req.reason = 2;
    assert_null(wf_layoff_create_why(&req, today, arena, &zh)); // the days may come later
    req.explained_date = "2026-10-30";
    req.explained_evidence_id = S_SHA;
    req.reported_date = "2026-11-20";
    req.reported_evidence_id = S_SHA;
    assert_null(wf_layoff_create_why(&req, today, arena, &zh));

    req.reason = 5;
    s_has("reason", wf_layoff_create_why(&req, today, arena, &zh), "reason: 5 is not an item");
    s_has("reason zh", zh, "裁员情形（reason）5");
    req.reason = 0;
    s_has("no reason", wf_layoff_create_why(&req, today, arena, &zh), "reason: 0");
    req.reason = 2;
    req.explained_evidence_id = "";
    s_has("no record", wf_layoff_create_why(&req, today, arena, &zh), "explained_evidence_id: ");
    s_has("no record zh", zh, "须有证明它的证据（explained_evidence_id）");
    req.explained_evidence_id = "A300"; // not an evidence id
    s_has("bad id", wf_layoff_create_why(&req, today, arena, &zh), "explained_evidence_id: ");
    req.explained_evidence_id = S_SHA;
    req.explained_date = "";
    s_has("a record, no day", wf_layoff_create_why(&req, today, arena, &zh),
          "explained_date: '' is not a date");
    req.explained_date = "2026-10-30";
    req.reported_date = "2026-12-01";
    s_has("future", wf_layoff_create_why(&req, today, arena, &zh),
          "reported_date: 2026-12-01 is after today (2026-11-30)");
    s_has("future zh", zh, "晚于今天");
    req.reported_date = "2026-11-31";
    s_has("no such day", wf_layoff_create_why(&req, today, arena, &zh),
          "reported_date: '2026-11-31' is not a date");
    hr_arena_destroy(&arena);
}

static void test_only_an_open_a41_case_in_no_batch_joins(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Layoff l = HR__WORKFLOW__LAYOFF__INIT;
    l.id = "01KLAYOFF00000000000000000";
    l.reason = 2;
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "01KCASE0000000000000000000";
    c.ground = "A41";
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    char *zh = NULL;
    hr_rc_t code = HR_OK;
    assert_null(wf_layoff_join_why(&l, &c, arena, &zh, &code));
    c.a41_trigger = "serious_difficulties"; // reviewed with the batch's ground
    assert_null(wf_layoff_join_why(&l, &c, arena, &zh, &code));

    c.a41_trigger = "business_change";
    s_has("trigger", wf_layoff_join_why(&l, &c, arena, &zh, &code),
          "reviewed with the trigger business_change, layoff 01KLAYOFF00000000000000000 is "
          "serious_difficulties");
    assert_int_equal(code, HR_ECONFLICT);
    c.a41_trigger = "";
    c.ground = "A40_3";
    s_has("ground", wf_layoff_join_why(&l, &c, arena, &zh, &code),
          "case_id: case 01KCASE0000000000000000000 is A40_3, not an A41 layoff");
    s_has("ground zh", zh, "不是经济性裁员（A41）");
    assert_int_equal(code, HR_EINVAL);
    c.ground = "A41";
    c.layoff_id = l.id;
    s_has("same", wf_layoff_join_why(&l, &c, arena, &zh, &code), "is already in layoff");
    assert_int_equal(code, HR_ECONFLICT);
    c.layoff_id = "01KOTHER000000000000000000";
    s_has("other", wf_layoff_join_why(&l, &c, arena, &zh, &code), "a case belongs to one layoff");
    c.layoff_id = "";
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    s_has("withdrawn", wf_layoff_join_why(&l, &c, arena, &zh, &code), "is not open");
    assert_int_equal(code, HR_ECONFLICT);
    hr_arena_destroy(&arena);
}

static void test_withdrawn_and_rescinded_members_are_not_counted(void **state)
{
    HR_UNUSED(state);
    const char *st = NULL;
    int32_t today = s_day("2026-11-30");
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    assert_int_equal(wf_layoff_standing(&c, NULL, today, &st), WF_LAYOFF_COUNTED);
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    assert_int_equal(wf_layoff_standing(&c, NULL, today, &st), WF_LAYOFF_COUNTED);
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    assert_int_equal(wf_layoff_standing(&c, NULL, today, &st), WF_LAYOFF_WITHDRAWN);
    assert_string_equal(wf_layoff_standing_name(WF_LAYOFF_WITHDRAWN), "withdrawn");
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    assert_int_equal(wf_layoff_standing(&c, NULL, today, &st), WF_LAYOFF_RESCINDED);
}

// LCL 42: a member who cannot be laid off does not count - a review sent the case back for a
// protection, or the directory records one (typed in, or 15 years' service and less than five
// to retirement, from the birth date). A served member counts whatever is learned since.
static void test_a_protected_member_is_not_counted(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    const char *st = NULL;
    int32_t today = s_day("2026-11-30");
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.hire_date = "2020-03-01";
    assert_int_equal(wf_layoff_standing(&c, &p, today, &st), WF_LAYOFF_COUNTED);
    assert_string_equal(st, "");
    // Pregnant on record.
    Hr__Workflow__ProtectedStatus *ps = wf_fixture_status(arena, "pregnant", "医院证明");
    p.protected_statuses = &ps;
    p.n_protected_statuses = 1;
    assert_int_equal(wf_layoff_standing(&c, &p, today, &st), WF_LAYOFF_PROTECTED);
    assert_string_equal(st, "pregnant");
    assert_string_equal(wf_layoff_standing_name(WF_LAYOFF_PROTECTED), "protected");
    // Fifteen years and less than five to retirement, from the directory's dates alone.
    p.n_protected_statuses = 0;
    p.hire_date = "2008-01-01";
    p.birth_date = "1969-06-01";
    p.retirement_base = "male60";
    assert_int_equal(wf_layoff_standing(&c, &p, today, &st), WF_LAYOFF_PROTECTED);
    assert_string_equal(st, "long_service_near_retirement");
    // Sent back by the review for a protection: not counted, whatever the directory says now.
    p.birth_date = "";
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    Hr__Workflow__Finding f = HR__WORKFLOW__FINDING__INIT;
    f.severity = "block";
    f.code = "PROTECTED_PREGNANT";
    f.fact = "employee.status.pregnant";
    Hr__Workflow__Finding *fs[1] = {&f};
    as.findings = fs;
    as.n_findings = 1;
    c.assessment = &as;
    assert_int_equal(wf_layoff_standing(&c, &p, today, &st), WF_LAYOFF_RETURNED);
    assert_string_equal(st, "pregnant");
    // A warning is no bar.
    f.severity = "warn";
    assert_int_equal(wf_layoff_standing(&c, &p, today, &st), WF_LAYOFF_COUNTED);
    // Served: counted, the protection found later notwithstanding.
    f.severity = "block";
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    c.outcome = &o;
    assert_int_equal(wf_layoff_standing(&c, &p, today, &st), WF_LAYOFF_COUNTED);
    hr_arena_destroy(&arena);
}

// LCL 41 para 1: 20 people, or 10% of the headcount, each included (以上).
static void test_the_threshold_is_20_people_or_10_percent(void **state)
{
    HR_UNUSED(state);
    assert_true(wf_layoff_meets(20, 1000));
    assert_false(wf_layoff_meets(19, 1000));
    assert_true(wf_layoff_meets(5, 45));  // 11.1%
    assert_false(wf_layoff_meets(4, 45)); // 8.9%
    assert_true(wf_layoff_meets(10, 100));
    assert_false(wf_layoff_meets(9, 100));
    assert_false(wf_layoff_meets(1, 0));
}

// A change taking a served batch below the threshold is refused with the numbers, Chinese
// first; the warning each served case then carries states HR's reason.
static void test_falling_below_the_threshold_after_service_is_said_with_the_numbers(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Layoff l = HR__WORKFLOW__LAYOFF__INIT;
    l.id = "01KLAYOFF00000000000000000";
    char *zh = NULL;
    char *en = wf_layoff_below_why(&l, "撤回案件 C1", "withdrawing case C1", 4, 45, 4, arena, &zh);
    s_has("en", en, "after withdrawing case C1 it would count 4 people of a headcount of 45");
    s_has("en", en, "(20 people, or 10% of the headcount: 5)");
    s_has("en", en, "--below-threshold-reason");
    s_has("zh", zh,
          "撤回案件 C1后，裁员批次 01KLAYOFF00000000000000000 只剩 4 人计入裁减人数"
          "（职工总数 45 人）");
    s_has("zh", zh, "即 5 人以上");
    law_finding_t f = wf_layoff_fell_below(&l, 4, 45, "业务调整", arena);
    assert_int_equal(f.severity, LAW_SEVERITY_WARN);
    assert_string_equal(f.code, "A41_BELOW_THRESHOLD_AFTER_SERVICE");
    s_has("warning zh", f.message_zh, "HR 记录的原因：业务调整");
    s_has("warning en", f.message_en, "fell to 4 people counted of a headcount of 45");
    hr_arena_destroy(&arena);
}

// A member whose notice was served (its outcome recorded) fixes the batch's days: DateLayoff
// refuses to change them, whatever became of the case since.
static void test_a_served_member_fixes_the_batchs_days(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    assert_false(wf_layoff_days_fixed(&c));
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    c.outcome = &o;
    assert_true(wf_layoff_days_fixed(&c));
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    assert_true(wf_layoff_days_fixed(&c));
}

static void test_a_member_review_is_counted_and_dated_by_its_batch(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Layoff l = HR__WORKFLOW__LAYOFF__INIT;
    l.id = "01KLAYOFF00000000000000000";
    l.reason = 2;
    l.explained_date = "2026-10-30";
    l.reported_date = "2026-11-20";
    char *zh = NULL;
    // Nothing typed: the batch's days and ground.
    Hr__Workflow__ReviewCaseRequest in = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    assert_null(wf_layoff_review_why(&l, 5, false, 0, &in, arena, &zh));
    assert_string_equal(in.explained_date, "2026-10-30");
    assert_string_equal(in.reported_date, "2026-11-20");
    assert_string_equal(in.a41_trigger, "serious_difficulties");
    // The same typed: accepted.
    Hr__Workflow__ReviewCaseRequest same = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    same.explained_date = "2026-10-30";
    same.a41_trigger = "serious_difficulties";
    assert_null(wf_layoff_review_why(&l, 5, true, 5, &same, arena, &zh));

    // A count of HR's own: refused, both numbers named.
    Hr__Workflow__ReviewCaseRequest typed = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    s_has("count", wf_layoff_review_why(&l, 5, true, 20, &typed, arena, &zh),
          "facts.layoff_count: the case is in layoff 01KLAYOFF00000000000000000, whose count is "
          "its members: 5, HR typed 20");
    s_has("count zh", zh, "批次现有 5 人，审核填写的是 20 人");
    // Other days, another ground: refused naming the field.
    Hr__Workflow__ReviewCaseRequest other = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    other.explained_date = "2026-10-01";
    s_has("explained", wf_layoff_review_why(&l, 5, false, 0, &other, arena, &zh),
          "explained_date: the case is in layoff 01KLAYOFF00000000000000000, whose date is the "
          "layoff's (2026-10-30), not 2026-10-01");
    s_has("explained zh", zh, "以批次记录的为准（2026-10-30）");
    other.explained_date = "";
    other.reported_date = "2026-11-19";
    s_has("reported", wf_layoff_review_why(&l, 5, false, 0, &other, arena, &zh), "reported_date: ");
    other.reported_date = "";
    other.a41_trigger = "objective_change";
    s_has("trigger", wf_layoff_review_why(&l, 5, false, 0, &other, arena, &zh),
          "a41_trigger: the case is in layoff 01KLAYOFF00000000000000000, whose ground is "
          "serious_difficulties, not objective_change");
    // A batch not dated yet gives no day: the engine's fact is not proven (wf_union_a41).
    l.explained_date = "";
    Hr__Workflow__ReviewCaseRequest none = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    assert_null(wf_layoff_review_why(&l, 5, false, 0, &none, arena, &zh));
    assert_string_equal(none.explained_date, "");
    none.explained_date = "2026-10-30";
    s_has("undated batch", wf_layoff_review_why(&l, 5, false, 0, &none, arena, &zh),
          "(none recorded yet)");
    hr_arena_destroy(&arena);
}

static void test_a_day_the_batch_lacks_is_recorded_on_the_batch(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Layoff l = HR__WORKFLOW__LAYOFF__INIT;
    l.id = "01KLAYOFF00000000000000000";
    law_finding_t f[3] = {
        {.code = "A41_EXPLANATION_UNDATED", .message_en = "review with --explained-on"},
        {.code = "A41_REPORT_LATE", .message_en = "late"},
        {.code = "A41_REPORT_UNDATED", .message_en = "review with --reported-on"}};
    wf_layoff_undated(&l, f, 3, arena);
    s_has("explained", f[0].message_en,
          "hrctl layoff date 01KLAYOFF00000000000000000 explained YYYY-MM-DD --evidence EVID");
    s_has("explained zh", f[0].message_zh, "批次尚未记录向工会或者全体职工说明情况的日期");
    assert_string_equal(f[1].message_en, "late"); // its advice (--notice DATE) stands
    s_has("reported", f[2].message_en,
          "hrctl layoff date 01KLAYOFF00000000000000000 reported YYYY-MM-DD");
    hr_arena_destroy(&arena);
}

// An A41 case in no batch is blocked: HR's typed count alone is no ground (HR's own to clear).
static void test_a_case_in_no_batch_is_blocked(void **state)
{
    HR_UNUSED(state);
    law_finding_t f = wf_layoff_alone();
    assert_int_equal(f.severity, LAW_SEVERITY_BLOCK);
    assert_string_equal(f.code, "A41_NO_BATCH");
    assert_string_equal(f.article, "LCL 41");
    s_has("en", f.message_en, "cannot be reviewed lawful nor get a notice");
    s_has("en", f.message_en, "hrctl layoff add ID CASE_ID");
    s_has("zh", f.message_zh, "本案不能审核为合法，也不能出具解除通知");
    law_assessment_t a = {.nfindings = 1};
    a.findings[0] = f;
    assert_true(wf_union_hr_only(&a)); // stays with HR: the manager has nothing to fix
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reasons_are_the_four_items_of_para_1),
        cmocka_unit_test(test_a_batch_is_created_only_with_a_ground_and_dated_proven_days),
        cmocka_unit_test(test_only_an_open_a41_case_in_no_batch_joins),
        cmocka_unit_test(test_withdrawn_and_rescinded_members_are_not_counted),
        cmocka_unit_test(test_a_protected_member_is_not_counted),
        cmocka_unit_test(test_the_threshold_is_20_people_or_10_percent),
        cmocka_unit_test(test_falling_below_the_threshold_after_service_is_said_with_the_numbers),
        cmocka_unit_test(test_a_served_member_fixes_the_batchs_days),
        cmocka_unit_test(test_a_member_review_is_counted_and_dated_by_its_batch),
        cmocka_unit_test(test_a_day_the_batch_lacks_is_recorded_on_the_batch),
        cmocka_unit_test(test_a_case_in_no_batch_is_blocked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
