/*  e2e.workflow_hearing - what an arbitration hearing asks of a case's record, through the real
 *  daemon and hrctl.
 *
 *  E0110's Art. 40(3) case (manager E0101), reviewed by E0002 with pay in lieu of notice and
 *  held on 2026-12-01. Every confirmer's interview notes are kept with who, their role and when -
 *  HR's twice and the manager's, none replacing another - and shown in the history and in
 *  `hrctl case show`. The notice is then served with more than 30 days before the end: the
 *  outcome's assessment follows what was done (no pay in lieu, no notice pay, consistent in every
 *  field), the reviewed assessment is kept beside it, and the history says what changed and why;
 *  a reader who does not see money reads the why, not the figures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

#define NOTES_HR "HR: 员工对考核结果有异议"
#define NOTES_HR2 "HR 补充: 员工要求书面说明"
#define NOTES_MGR "经理: 员工拒绝签收考核结果"

// The note of the first history entry of this action, "" when none.
static const char *s_note(const Hr__Workflow__Case *cs, const char *action)
{
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, action))
            return cs->history[i]->note;
    return "";
}

// E0110's A40_3 case reviewed lawful by E0002 with pay in lieu of notice, notice and end on
// 2026-12-01, then prepared for 10:00 that day; the clock at 11:00. Its id (arena).
static char *s_reviewed_in_lieu(e2e_t *c, hr_arena_t *arena)
{
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", "E0110", &rv, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "");
    assert_true(rep->case_->assessment->pay_in_lieu_of_notice);
    assert_int_equal(rep->case_->assessment->notice_pay_fen, 1600000); // a month's wage
    assert_string_equal(wfe_current_step(rep), "prepare");
    char *id = rep->case_->id;
    wfe_interview_held(c, id, "2026-12-01", arena);
    return id;
}

static void s_confirm(e2e_t *c, const char *id, const char *user, const char *roles,
                      const char *notes, hr_arena_t *arena)
{
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = (char *)id;
    ci.employee_attended = "yes";
    ci.notes = (char *)notes;
    wfe_case_do(c, user, roles, "workflow.ConfirmInterview", &ci.base, arena);
}

// H2: HR's notes, a second HR confirmation's and the manager's are all kept, each with who,
// role and when, none overwriting another; the history and `case show` say them.
static void test_every_confirmers_interview_notes_are_kept_and_shown(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-hearing-notes");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_reviewed_in_lieu(c, arena);
    int64_t now = wfe_now_ms(c, arena);
    s_confirm(c, id, "E0003", "hr", NOTES_HR, arena);
    s_confirm(c, id, "E0002", "hr,hr_head", NOTES_HR2, arena); // the same side again
    s_confirm(c, id, "E0101", "manager", NOTES_MGR, arena);

    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__Interview *iv = cs->interview;
    assert_non_null(iv);
    assert_string_equal(iv->notes, NOTES_HR); // the first HR notes, not replaced
    assert_string_equal(iv->hr_no, "E0003");
    assert_int_equal(iv->n_confirmations, 3);
    const char *by[] = {"E0003", "E0002", "E0101"};
    const char *role[] = {"hr", "hr", "manager"};
    const char *notes[] = {NOTES_HR, NOTES_HR2, NOTES_MGR};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(iv->confirmations[i]->by, by[i]);
        assert_string_equal(iv->confirmations[i]->role, role[i]);
        assert_string_equal(iv->confirmations[i]->notes, notes[i]);
        assert_true(iv->confirmations[i]->at_ms >= now);
    }
    size_t said = 0;
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, "interview_confirmed"))
            said += strstr(cs->history[i]->note, NOTES_MGR) ||
                    strstr(cs->history[i]->note, NOTES_HR) ||
                    strstr(cs->history[i]->note, NOTES_HR2);
    assert_int_equal(said, 3);

    char *out = NULL, *err = NULL;
    const char *show[] = {"case", "show", id, "--as", "E0002", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "confirmed by E0101 (manager)");
    wfe_has("case show", out, NOTES_MGR);
    wfe_has("case show", out, "confirmed by E0003 (hr)");
    wfe_has("case show", out, NOTES_HR2);
    // M2: what a hearing needs in the text view - who did each step, the facts HR confirmed and
    // their records, the Art. 47 basis, and a review line that says what it rested on.
    wfe_has("case show", out, "by E0002");
    wfe_has("case show", out, "facts confirmed by HR:");
    wfe_has("case show", out, "variation_consultation_failed      " WFE_A40_3_SHA_TALK);
    wfe_has("case show", out,
            "\n  计算基数（第四十七条）：月工资基数 16000.00元，取自人员名册的 average_wage\n"
            "  basis (LCL 47): wage base 16000.00 yuan from the directory's average_wage");
    // M1: every input the amounts rest on, recorded in the case.
    wfe_has("case show", out,
            "local average monthly wage 12307.00 yuan (config law/local_average_monthly_wage); "
            "monthly wage 16000.00 yuan");
    const Hr__Workflow__Assessment *a = cs->assessment;
    assert_string_equal(a->wage_base_source, "average_wage");
    assert_int_equal(a->monthly_wage_fen, 1600000);
    assert_int_equal(a->local_average_wage_fen, 1230700);
    assert_int_equal(a->service_half_units_actual, 16); // 2019-04-01 to 2026-12-01: 7y8m
    assert_int_equal(a->service_half_units, 16);
    wfe_has("reviewed_lawful", s_note(cs, "reviewed_lawful"),
            "facts confirmed: objective_change_major (aaaaaaaaaaaa)");
    // The findings the engine left to a person's judgment are named in the review's record as
    // HR's to have judged (the arbitration review: "needs_review" with nobody's decision).
    size_t judged = 0;
    for (size_t i = 0; i < a->n_findings; i++)
        if (!strcmp(a->findings[i]->severity, "review")) {
            wfe_has("reviewed_lawful", s_note(cs, "reviewed_lawful"), a->findings[i]->code);
            judged++;
        }
    assert_true(judged > 0); // this company has no union: UNION_NONE at least
    wfe_has("reviewed_lawful", s_note(cs, "reviewed_lawful"),
            "; judged by HR (findings left to a person): ");
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// H4: reviewed with pay in lieu; served with more than 30 days' notice. The outcome's assessment
// says what was done, consistent in every field; the reviewed one is kept; the history says the
// figures changed and why - without the figures to a reader who does not see money.
static void test_the_outcome_assessment_follows_the_notice_served(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-hearing-outcome");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_reviewed_in_lieu(c, arena);
    s_confirm(c, id, "E0003", "hr", "", arena);
    s_confirm(c, id, "E0101", "manager", "", arena);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena); // the signed copy, scanned
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2027-01-05"; // 35 days: the notice period given
    oc.evidence_id = SHA4;
    assert_true(wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena)->accepted);

    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__Assessment *a = cs->assessment;
    assert_true(a->lawful);
    assert_false(a->pay_in_lieu_of_notice);
    assert_int_equal(a->notice_pay_fen, 0);
    assert_string_equal(a->effective_date, "2027-01-05");
    const Hr__Workflow__Assessment *r = cs->reviewed_assessment;
    assert_non_null(r);
    assert_true(r->pay_in_lieu_of_notice);
    assert_int_equal(r->notice_pay_fen, 1600000);
    assert_string_equal(r->effective_date, "2026-12-01");
    const char *note = s_note(cs, "assessment_changed");
    wfe_has("assessment_changed", note, "30 days' notice");
    wfe_has("assessment_changed", note, "no wage in lieu of notice is owed");
    wfe_has("assessment_changed", note, "the contract ends 2027-01-05, not 2026-12-01");
    wfe_has("assessment_changed", note, "notice pay 16000.00 -> 0.00");
    wfe_has("assessment_changed", note, "pay in lieu yes -> no");
    wfe_has("assessment_changed", note,
            hr_arena_fmt(arena, "severance %lld.%02lld -> %lld.%02lld",
                         (long long)(r->severance_fen / 100), (long long)(r->severance_fen % 100),
                         (long long)(a->severance_fen / 100), (long long)(a->severance_fen % 100)));

    // The manager reads why, not the figures.
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    Hr__Workflow__CaseReply *mine =
        wfe_case_do(c, "E0101", "manager", "workflow.GetCase", &get.base, arena);
    assert_int_equal(mine->case_->reviewed_assessment->notice_pay_fen, 0);
    note = s_note(mine->case_, "assessment_changed");
    wfe_has("manager's assessment_changed", note, "30 days' notice");
    assert_null(strstr(note, "16000.00"));

    // M1: a later import changing E0110's wage names the case; the case keeps its figures.
    char *src = hr_test_source_path("deploy/demo/people.csv");
    size_t len = 0;
    char *text = hr_test_read_file(src, &len);
    assert_non_null(text);
    char *nl = strchr(text, '\n');
    char *row = strstr(text, "\nE0110,");
    assert_non_null(nl);
    assert_non_null(row);
    char *end = strchr(row + 1, '\n');
    char *line = hr_arena_fmt(arena, "%.*s", (int)(end - row - 1), row + 1);
    char *wage = strstr(line, ",16000.00,16000.00,");
    assert_non_null(wage);
    memcpy(wage, ",17000.00", 9);
    char *csv = hr_arena_fmt(arena, "%.*s%s\n", (int)(nl - text + 1), text, line);
    hr_free(text);
    hr_free(src);
    Hr__Workflow__ImportReply *ir = wfe_import_people(c, csv, arena);
    bool named = false;
    for (size_t i = 0; i < ir->n_notices; i++)
        named |= strstr(ir->notices[i], id) && strstr(ir->notices[i], "E0110's monthly_wage") &&
                 strstr(ir->notices[i], "keeps what it was made with");
    if (!named)
        fail_msg("the import did not name case %s (%zu notices)", id, ir->n_notices);
    assert_int_equal(wfe_get(c, id, arena)->assessment->monthly_wage_fen, 1600000);

    char *out = NULL, *err = NULL;
    const char *show[] = {"case", "show", id, "--as", "E0002", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "\nHR 审核时的评估（登记结果之前）：合法；经济补偿 ");
    wfe_has("case show", out, "\nreviewed assessment (before the outcome): lawful");
    wfe_has("case show", out, "pay in lieu of notice: reviewed yes, at the outcome no");
    wfe_has("case show", out, "assessment_changed");
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static hr_rc_t s_person(e2e_t *c, const char *user, const char *roles, const char *no,
                        hr_arena_t *arena, Hr__Workflow__GetPersonReply **out)
{
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = (char *)no;
    return wfe_call(c, user, roles, "workflow.GetPerson", &req.base,
                    &hr__workflow__get_person_reply__descriptor, arena, (void **)out);
}

// L1: legal (E0006) reads the directory entry of the employee of a case, with the wage the
// case's amounts rest on; not of anyone else.
static void test_legal_reads_the_directory_entry_of_a_cases_employee(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-hearing-person");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__GetPersonReply *rep = NULL;
    assert_int_equal(s_person(c, "E0006", "legal", "E0112", arena, &rep), HR_EDENIED);
    assert_non_null(wfe_open(c, "E0101", "E0112", "A40_3", arena));
    assert_int_equal(s_person(c, "E0006", "legal", "E0112", arena, &rep), HR_OK);
    assert_string_equal(rep->person->employee_no, "E0112");
    assert_int_equal(rep->person->monthly_wage_fen, 1600000);
    assert_int_equal(rep->person->n_protected_statuses, 0);
    assert_int_equal(s_person(c, "E0006", "legal", "E0113", arena, &rep), HR_EDENIED);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_confirmers_interview_notes_are_kept_and_shown),
        cmocka_unit_test(test_the_outcome_assessment_follows_the_notice_served),
        cmocka_unit_test(test_legal_reads_the_directory_entry_of_a_cases_employee),
    };
    return cmocka_run_group_tests_name("e2e.workflow_hearing", tests, NULL, NULL);
}
