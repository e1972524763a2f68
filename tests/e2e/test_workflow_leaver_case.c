/*  e2e.workflow_leaver_case - the case's people as the directory's left_date has them, and the
 *  interview, outcome and attachment rules around them, with the real hr-workflow (hr-evidence
 *  and hrctl for legal's attachment).
 *
 *  1. A manager who has left is never made a case's manager: HR opening the case of his report
 *     gets the first superior on the line who has not left (the reply and the history say so),
 *     that superior may open such a case himself, a peer may not; a case he managed is handed
 *     on to that superior from his leave day by itself, as ReassignCase without a manager named
 *     would, and HR's ReassignCase then finds nothing to hand on.
 *  2. An employee who has left: the interview, the notice and the outcome on or after their
 *     left_date are refused with the reason, nobody is invited, and HR's case show warns.
 *  3. A place of white space is refused; a padded one is kept trimmed.
 *  4. An interview recorded as held on a past day invites nobody and asks nobody to confirm on
 *     its day.
 *  5. An agreement on a unilateral ground is refused: that is an Art. 36 case.
 *  6. Legal attaches its memo (other) to the case file, with hrctl too; hrctl checks who may
 *     attach before it uploads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA2 "2222222222222222222222222222222222222222222222222222222222222222"
#define SHA5 "5555555555555555555555555555555555555555555555555555555555555555"

static Hr__Workflow__CaseReply *s_open_as(e2e_t *c, const char *user, const char *roles,
                                          const char *employee, hr_rc_t want, hr_arena_t *arena)
{
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = (char *)employee;
    op.ground = "A40_2";
    op.reason = "e2e.workflow_leaver_case";
    return wfe_case_expect(c, user, roles, "workflow.OpenCase", &op.base, arena, want);
}

// The reply's problem with this code, or NULL.
static const Hr__Workflow__Finding *s_problem(const Hr__Workflow__CaseReply *rep, const char *code)
{
    for (size_t i = 0; i < rep->n_problems; i++)
        if (!strcmp(rep->problems[i]->code, code))
            return rep->problems[i];
    return NULL;
}

// The note of the case's last history entry of this action ("" when none).
static const char *s_note(const Hr__Workflow__Case *cs, const char *action)
{
    const char *note = "";
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, action))
            note = cs->history[i]->note;
    return note;
}

static void test_a_manager_who_left_is_passed_over(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-leaver-case-mgr");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // E0101 opens E0114's case while he works here; then he leaves on 2026-11-28.
    Hr__Workflow__Case *before = wfe_open(c, "E0101", "E0114", "A40_2", arena);
    assert_non_null(before);
    char *old_id = hr_arena_strdup(arena, before->id);
    wfe_import_left(c, "E0101", "2026-11-28", arena);
    wfe_clock_to(c, "2026-11-30", 9, arena);

    // 1. HR opens the case of his report E0112: it goes to E0100, his superior, and says so.
    Hr__Workflow__CaseReply *rep = s_open_as(c, "E0003", "hr", "E0112", HR_OK, arena);
    assert_true(rep->accepted);
    assert_string_equal(rep->case_->manager_no, "E0100");
    assert_string_equal(wfe_step(rep->case_, "request")->owner_no, "E0100");
    const Hr__Workflow__Finding *warn = s_problem(rep, "MANAGER_LEFT");
    assert_non_null(warn);
    assert_string_equal(warn->severity, "warn");
    wfe_has("reply", warn->message_en, "manager E0101 left on 2026-11-28: the case goes to E0100");
    wfe_has("history", s_note(rep->case_, "opened"), "E0101 left on 2026-11-28");
    // The request stage's [待办] is E0100's, never E0101's.
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_int_equal(wfe_outbox_count(c, rep->case_->id, "step_assigned", arena, &last), 1);
    assert_int_equal(last->n_to, 1);
    assert_string_equal(last->to[0]->employee_no, "E0100");

    // 2. E0100 opens the case of another of E0101's reports himself; a peer (E0102) may not.
    rep = s_open_as(c, "E0100", "manager", "E0113", HR_OK, arena);
    assert_string_equal(rep->case_->manager_no, "E0100");
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0115";
    op.ground = "A40_2";
    op.reason = "e2e";
    wfe_case_refused(c, "E0102", "manager", "workflow.OpenCase", &op.base, arena, HR_EDENIED,
                     "only the employee's manager or HR may open a case");

    // 3. The leaver's case went on by itself from his day, as HR's reassignment naming nobody
    //    would hand it: to E0100, stage and all.
    Hr__Workflow__Case *moved = wfe_wait_manager(c, old_id, "E0100", 20000, arena);
    assert_string_equal(wfe_step(moved, "request")->owner_no, "E0100");
    wfe_has("history", s_note(moved, "reassigned"), "manager E0101 -> E0100 (E0101 left");
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = old_id;
    ra.reason = "E0101 left";
    // Once with someone who works here, there is nothing more to hand on.
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_ECONFLICT,
                     "nothing to hand on: E0100 manages it");

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static Hr__Workflow__CaseReply *s_prepare(e2e_t *c, const char *id, const char *date,
                                          const char *place, hr_rc_t want, hr_arena_t *arena)
{
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = (char *)id;
    pr.date = (char *)date;
    pr.time = "10:00";
    pr.place = (char *)place;
    return wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, want);
}

static void s_confirm_both(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = (char *)id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
}

static void test_an_employee_who_left_is_not_invited_nor_dismissed(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-leaver-case-emp");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    hr_free(docs);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena);
    // E0117 resigns: the directory has him leave on 2026-12-03.
    wfe_import_left(c, "E0117", "2026-12-03", arena);

    // HR's case show warns at once; the manager's does not (HR's matter).
    Hr__Workflow__GetCaseRequest gc = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    gc.case_id = id;
    Hr__Workflow__CaseReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.GetCase", &gc.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    const Hr__Workflow__Finding *warn = s_problem(rep, "EMPLOYEE_LEFT");
    assert_non_null(warn);
    wfe_has("case show", warn->message_en, "E0117 leaves on 2026-12-03");
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.GetCase", &gc.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_null(s_problem(rep, "EMPLOYEE_LEFT"));

    // 2. No interview on or after the day he leaves: refused, nobody invited.
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-03";
    pr.time = "10:00";
    pr.place = "3F";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_ECONFLICT,
                     "E0117 left on 2026-12-03: the employment already ended; withdraw this "
                     "case, or correct the directory");
    assert_int_equal(wfe_outbox_count(c, id, "interview_invite", arena, NULL), 0);
    assert_int_equal(wfe_outbox_count(c, id, "interview_scheduled", arena, NULL), 0);

    // 3. A place of white space is no place; a padded one is kept trimmed.
    pr.date = "2026-12-02";
    pr.place = "  ";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "place: UTF-8 text of 1..");
    pr.place = "\xe3\x80\x80 3F ";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_string_equal(rep->case_->interview->place, "3F");
    assert_non_null(s_problem(rep, "EMPLOYEE_LEFT")); // the reply warns too
    assert_int_equal(wfe_outbox_count(c, id, "interview_invite", arena, NULL), 1);

    // The interview is held before he leaves; a notice and an outcome ending the contract
    // after he left are refused with the reason.
    wfe_clock_to(c, "2026-12-02", 11, arena);
    s_confirm_both(c, id, arena);
    Hr__Workflow__RenderDocumentRequest rd = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    rd.case_id = id;
    rd.kind = "notice";
    rd.store = true;
    rd.served_date = "2026-12-02";
    rd.effective_date = "2026-12-04";
    const char *msg = NULL;
    assert_int_equal(
        wfe_call_msg(c, "E0003", "hr", "workflow.RenderDocument", &rd.base, arena, &msg),
        HR_ECONFLICT);
    wfe_has("notice", msg, "E0117 left on 2026-12-03: the employment already ended");
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA5, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-02";
    oc.effective_date = "2026-12-04";
    oc.evidence_id = SHA5;
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_ECONFLICT,
                     "E0117 left on 2026-12-03: the employment already ended");
    assert_null(wfe_get(c, id, arena)->outcome);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static void test_a_held_interview_is_recorded_and_an_agreement_needs_a36(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-leaver-case-held");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena);

    // 4. Entered on 12-03, held on 12-02: nobody invited to it, nobody asked to confirm on its
    //    day; the history says it was held.
    wfe_clock_to(c, "2026-12-03", 9, arena);
    Hr__Workflow__CaseReply *rep = s_prepare(c, id, "2026-12-02", "3F", HR_OK, arena);
    assert_true(rep->accepted);
    assert_null(s_problem(rep, "EMPLOYEE_NOT_NOTIFIED"));
    wfe_has("history", s_note(rep->case_, "interview_scheduled"), "held before it was entered");
    assert_int_equal(wfe_outbox_count(c, id, "interview_invite", arena, NULL), 0);
    assert_int_equal(wfe_outbox_count(c, id, "interview_scheduled", arena, NULL), 0);
    // The manager has the interview stage to confirm, as any stage that reaches him.
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_true(wfe_outbox_count(c, id, "step_assigned", arena, &last) > 0);
    assert_string_equal(last->to[0]->employee_no, "E0101");
    s_confirm_both(c, id, arena);

    // 5. An agreement ends no A39_1 case: that is a rescission by agreement, an A36 case.
    wfe_attach(c, "E0003", "hr", id, "agreement", SHA5, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    oc.served_date = "2026-12-03";
    oc.effective_date = "2026-12-03";
    oc.evidence_id = SHA5;
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL,
                     "is on A39_1, which ends by notice (notice_served)");
    oc.evidence_id = "";
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL,
                     "open an A36_EMPLOYER or A36_EMPLOYEE case");
    wfe_refused_zh(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL, "LCL Art. 36",
                   "《劳动合同法》第三十六条的协商解除（经济补偿见第四十六条第二项）");
    assert_null(wfe_get(c, id, arena)->outcome);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static void test_legal_attaches_its_memo(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-leaver-case-legal");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0112", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);

    // The workflow: legal attaches other and agreement records, nothing else.
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.evidence_id = at.sha256 = SHA1;
    at.kind = "performance_report";
    wfe_case_refused(c, "E0006", "legal", "workflow.AttachEvidence", &at.base, arena, HR_EDENIED,
                     "legal: records of kind other or agreement");
    wfe_attach(c, "E0006", "legal", id, "agreement", SHA2, arena);

    // hrctl: legal's memo is uploaded and attached in one go (hr-evidence learns the case's
    // people from the workflow's log within a second or so: retried until then).
    char *path = hr_arena_fmt(arena, "%s/memo.txt", e2e_dir(c));
    const char *memo = "legal memo on E0112, e2e.workflow_leaver_case\n";
    assert_int_equal(hr_test_write_file(path, memo, strlen(memo)), 0);
    const char *args[] = {"case",   "attach", id,     "--file", path,
                          "--kind", "other",  "--as", "E0006",  NULL};
    char *out = NULL, *err = NULL;
    int rc = 1;
    for (int i = 0; i < 100 && rc; i++) {
        hr_free(out);
        hr_free(err);
        out = err = NULL;
        rc = e2e_hrctl(c, &out, &err, args);
        if (rc)
            zclock_sleep(50);
    }
    if (rc)
        fail_msg("hrctl case attach as legal: exit %d: %s%s", rc, out, err);
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_int_equal(now->n_evidence, 2);
    assert_string_equal(now->evidence[1]->kind, "other");
    assert_string_equal(now->evidence[1]->attached_by, "E0006");

    // Someone who may not attach is told so before anything is uploaded: E0100 reads the case
    // (a superior) but does not manage it.
    const char *sup[] = {"case",   "attach", id,     "--file", path,
                         "--kind", "other",  "--as", "E0100",  NULL};
    out = err = NULL;
    assert_int_not_equal(e2e_hrctl(c, &out, &err, sup), 0);
    wfe_has("hrctl case attach as E0100", err, "only its manager now (E0101) or HR");
    wfe_has("hrctl case attach as E0100", err, "nothing uploaded");
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_manager_who_left_is_passed_over),
        cmocka_unit_test(test_an_employee_who_left_is_not_invited_nor_dismissed),
        cmocka_unit_test(test_a_held_interview_is_recorded_and_an_agreement_needs_a36),
        cmocka_unit_test(test_legal_attaches_its_memo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
