/*  e2e.workflow_interview_bounds - how far ahead and how late an interview is set, through the
 *  real daemon and hrctl.
 *
 *  E0117's A39_1 case (manager E0101), reviewed on Tuesday 2026-12-01 at 09:00, with
 *  interview/horizon_days = 30: a day beyond the horizon is refused (hrctl's 2099 as the API's
 *  first day past it), naming the latest day and the config key, and the last day is taken; an
 *  hour of today already past is refused, naming the time now, and one that began a few
 *  minutes ago (entered as the meeting starts) is taken. One set less than
 *  interview/min_notice_hours (24) ahead is taken with INTERVIEW_SHORT_NOTICE, which stays with
 *  the interview (case show) and is said again when a notice is recorded after an interview the
 *  employee did not attend. One set after the notice day the review planned is taken with
 *  INTERVIEW_NOT_BEFORE_NOTICE: the notice would come before the employee was heard.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

// The problem of code in the reply, NULL when none.
static const Hr__Workflow__Finding *s_problem(const Hr__Workflow__CaseReply *rep, const char *code)
{
    for (size_t i = 0; i < rep->n_problems; i++)
        if (!strcmp(rep->problems[i]->code, code))
            return rep->problems[i];
    return NULL;
}

static void test_an_interview_is_set_within_bounds(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-iv-bounds");
    e2e_config(c, "workflow", "interview/horizon_days", "30");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    // Reviewed at 08:00, before the slots below (none is set before the review's moment).
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 8, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    wfe_a39_1_reviewed(c, id, sha, "试用期内两次考核未达录用条件第3条", arena);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);

    // Seventy-three years ahead, through hrctl: refused, saying the latest day and why.
    char *out = NULL, *err = NULL;
    const char *far[] = {"case", "prepare", id, "2099-12-09", "10:00", "R1", "--as", "E0003", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, far), 0);
    wfe_has("hrctl case prepare 2099", err,
            "2099-12-09 is more than 30 days ahead (today is 2026-12-01; the latest is "
            "2026-12-31, config interview/horizon_days)");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2027-01-01";
    pr.time = "10:00";
    pr.place = "R1";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "the latest is 2026-12-31");

    // Today at 07:00, two hours ago: refused, saying the time now.
    pr.date = "2026-12-01";
    pr.time = "07:00";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "time: 07:00 today has passed (now 09:0");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(cs->steps[cs->current]->key, "prepare");

    // The horizon's last day is taken; the interview stage is due after it, not decades on.
    pr.date = "2026-12-31";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_string_equal(wfe_current_step(rep), "interview");
    int64_t due = wfe_step(rep->case_, "interview")->due_ms;
    assert_true(due > wfe_local_ms("2026-12-31", 0));
    assert_true(due < wfe_local_ms("2027-01-31", 0));
    assert_null(s_problem(rep, "INTERVIEW_SHORT_NOTICE")); // a month's notice
    // After the notice day the review planned (2026-12-01): set, with the warning that the
    // notice would come before the employee was heard, Chinese first.
    const Hr__Workflow__Finding *late = s_problem(rep, "INTERVIEW_NOT_BEFORE_NOTICE");
    assert_non_null(late);
    assert_string_equal(late->severity, "warn");
    wfe_has("warning", late->message_zh,
            "面谈定在 2026-12-31，晚于审核时计划的通知日 2026-12-01：按此计划，通知将在听取员工"
            "陈述之前送达");
    wfe_has("warning", late->message_en,
            "the notice would be served before the employee was heard");

    // Half an hour from now: set, with a warning that the employee has no time to prepare or to
    // ask for another time (interview/min_notice_hours, 24 by default).
    pr.date = "2026-12-01";
    pr.time = "09:30";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    const Hr__Workflow__Finding *p = s_problem(rep, "INTERVIEW_SHORT_NOTICE");
    assert_non_null(p);
    assert_string_equal(p->severity, "warn");
    wfe_has("warning", p->message_en,
            "the interview begins 30 minutes from now (2026-12-01 09:00), less than 24 hours");
    wfe_has("warning", p->message_zh, "面谈距现在（2026-12-01 09:00）只有30分钟，少于24小时");
    // Through hrctl, tomorrow at 08:00: 23 hours, printed under the accepted change.
    const char *soon[] = {"case", "prepare", id,      "2026-12-02", "08:00",
                          "R1",   "--as",    "E0003", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, soon), 0);
    wfe_has("hrctl case prepare", out, "[INTERVIEW_SHORT_NOTICE]");
    wfe_has("hrctl case prepare", out, "begins 23 hours from now");
    hr_free(out);
    hr_free(err);

    // Moved to this morning: 08:40 has passed; 08:55, entered as it begins, is taken.
    pr.date = "2026-12-01";
    pr.time = "08:40";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "time: 08:40 today has passed");
    pr.time = "08:55";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_string_equal(rep->case_->interview->time, "08:55");
    assert_null(s_problem(rep, "INTERVIEW_SHORT_NOTICE")); // begun: nobody is invited to it
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

// An interview set an hour ahead that the employee did not attend: the warning was in the
// prepare reply only, and the case read lawful with nothing to say so. It is kept with the
// interview (case show) and said again when the notice is recorded.
static void test_a_short_notice_stays_with_the_interview(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-iv-short");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[4] = {SHA1, SHA2, SHA3, SHA4};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = id;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena);
    rv.n_facts = 3;
    wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_OK);
    wfe_interview_held(c, id, "2026-12-01", arena); // set at 09:00 for 10:00; now 11:00

    const Hr__Workflow__Finding *kept = wfe_get(c, id, arena)->interview->short_notice;
    assert_non_null(kept);
    assert_string_equal(kept->code, "INTERVIEW_SHORT_NOTICE");
    assert_string_equal(kept->severity, "warn");
    char *out = NULL, *err = NULL;
    const char *show[] = {"case", "show", id, "--as", "E0003", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "WARNING [warn] INTERVIEW_SHORT_NOTICE");
    wfe_has("case show", out, "面谈距现在（2026-12-01 09:00）只有60分钟");
    wfe_has("case show", out, "the interview begins 60 minutes from now (2026-12-01 09:00)");
    // Before the notice: the review's figures are its plan, and no arbitration limit runs yet.
    wfe_has("case show", out, "the review's plan: the effective date and notice pay above");
    assert_null(strstr(out, "arbitration limit"));
    hr_free(out);
    hr_free(err);

    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "no";
    wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = SHA4;
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    assert_true(rep->accepted); // a warning, never a refusal
    const Hr__Workflow__Finding *p = s_problem(rep, "INTERVIEW_SHORT_NOTICE");
    assert_non_null(p);
    assert_string_equal(p->severity, "warn");
    wfe_has("outcome warning", p->message_en,
            "the employee did not attend the interview of 2026-12-01 10:00, which was set at "
            "short notice");
    wfe_has("outcome warning", p->message_zh, "员工未出席 2026-12-01 10:00 的面谈");
    wfe_has("outcome warning", p->message_en, "60 minutes from now");
    out = err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show after the notice", out, "WARNING [warn] INTERVIEW_SHORT_NOTICE");
    wfe_has("case show after the notice", out, "arbitration limit 2027-12-01");
    assert_null(strstr(out, "the review's plan"));
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Two of E0101's cases reviewed at once (E0110, E0111: A40_3, notice on 2026-12-07), each
// prepared by E0003: the second set at 10:30 in the same room the day the first is at 10:00 is
// taken with INTERVIEW_CLASH naming the first case, what they share and how to move it; a third
// slot three hours on, elsewhere, is none (the layoff review: four employees invited to one
// room at one time with the same two attendees, no word of it).
static void test_a_clashing_interview_is_warned_of(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-iv-clash");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    const char *ids[2];
    const char *who[2] = {"E0110", "E0111"};
    for (int i = 0; i < 2; i++) {
        Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
        rv.notice_date = "2026-12-07";
        Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", who[i], &rv, arena);
        if (!rep->accepted)
            fail_msg("review %s: %s", who[i], rep->n_problems ? rep->problems[0]->message_en : "");
        ids[i] = hr_arena_strdup(arena, rep->case_->id);
    }
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = (char *)ids[0];
    pr.date = "2026-12-03";
    pr.time = "10:00";
    pr.place = "会议室A";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_true(rep->accepted);
    assert_null(s_problem(rep, "INTERVIEW_CLASH"));
    pr.case_id = (char *)ids[1];
    pr.time = "10:30";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_true(rep->accepted); // a warning, never a refusal: HR knows whether they clash
    const Hr__Workflow__Finding *p = s_problem(rep, "INTERVIEW_CLASH");
    assert_non_null(p);
    wfe_has("the clash", p->message_zh, ids[0]);
    wfe_has("the clash", p->message_zh, "2026-12-03 10:00（同一地点、同一经理和 HR）");
    wfe_has("the clash", p->message_en, "(the same place, the same manager and HR person)");
    wfe_has("the clash", p->message_zh, "hrctl case prepare ");
    // Moved to 13:30 in another room: clear of the first.
    pr.time = "13:30";
    pr.place = "会议室B";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_true(rep->accepted);
    assert_null(s_problem(rep, "INTERVIEW_CLASH"));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_interview_is_set_within_bounds),
        cmocka_unit_test(test_a_short_notice_stays_with_the_interview),
        cmocka_unit_test(test_a_clashing_interview_is_warned_of),
    };
    return cmocka_run_group_tests_name("e2e.workflow_interview_bounds", tests, NULL, NULL);
}
