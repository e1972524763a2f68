/*  e2e.workflow_lifecycle - a case from request to dispute follow-up, a withdrawal, and the
 *  directory import's all-or-nothing rule, through the real daemon (and hrctl for the import).
 *
 *  Lawful path: evidence for every fact of A39_1, HR confirms each fact, hr_law finds it lawful
 *  and the money is stored; HR prepares the interview, which completes only when the manager has
 *  confirmed too (HR cannot stand in for them); the outcome dates the Art. 50 duties, closing
 *  starts them, a duty is done, a dispute is recorded. Every transition leaves its history entry
 *  and its events.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_calendar.h"
#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

static void s_attach(e2e_t *c, const char *user, const char *roles, const char *id, const char *ev,
                     const char *kind, const char *sha, hr_arena_t *arena)
{
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = (char *)id;
    at.evidence_id = (char *)ev;
    at.kind = (char *)kind;
    at.sha256 = (char *)sha;
    wfe_case_expect(c, user, roles, "workflow.AttachEvidence", &at.base, arena, HR_OK);
}

static bool s_history_has(const Hr__Workflow__Case *cs, const char *action)
{
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, action))
            return true;
    return false;
}

// hrctl with args; its exit status, stdout and stderr in *out and *err (owned).
static int s_hrctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    hr_free(*out);
    hr_free(*err);
    *out = *err = NULL;
    return e2e_hrctl(c, out, err, args);
}

// hr-evidence learns of the dispute from the workflow's events and holds the case with a hold
// of its own: HR's hold comes and goes beside it, and only a release that names the dispute's
// hold, with a reason, ends it.
static void s_dispute_holds_the_evidence(e2e_t *c, const char *case_id)
{
    char *out = NULL, *err = NULL;
    const char *release[] = {"evidence", "release", "--case", case_id, "--reason", "settled", NULL};
    for (int i = 0; i < 200; i++) {
        assert_int_not_equal(s_hrctl(c, &out, &err, release), 0); // HR holds nothing yet
        if (strstr(err, "dispute"))
            break; // ... but the dispute does
        zclock_sleep(50);
    }
    assert_non_null(strstr(err, "--dispute"));
    assert_int_equal(s_hrctl(c, &out, &err,
                             (const char *[]){"evidence", "hold", "--case", case_id, "--reason",
                                              "grievance", NULL}),
                     0);
    assert_int_equal(s_hrctl(c, &out, &err, release), 0);
    assert_non_null(strstr(out, "stays on hold (dispute)"));
    const char *end[] = {"evidence", "release", "--case", case_id, "--dispute", NULL, NULL, NULL};
    assert_int_not_equal(s_hrctl(c, &out, &err, end), 0);
    assert_non_null(strstr(err, "reason"));
    end[5] = "--reason";
    end[6] = "award final";
    assert_int_equal(s_hrctl(c, &out, &err, end), 0);
    assert_string_equal(out, "ok\n");
    assert_int_not_equal(s_hrctl(c, &out, &err, end), 0);
    assert_non_null(strstr(err, "no dispute holds this case"));
    hr_free(out);
    hr_free(err);
}

static void test_lawful_case_from_request_to_dispute(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-life");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0117";
    op.ground = "A39_1";
    op.reason = "fails the probation targets";
    op.wants_superior_approval = true;
    Hr__Workflow__Case *cs =
        wfe_case_expect(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena, HR_OK)->case_;
    char *id = hr_arena_strdup(arena, cs->id);
    // A second case for the same employee while this one is open: refused.
    assert_null(wfe_open(c, "E0101", "E0117", "A39_1", arena));

    s_attach(c, "E0101", "manager", id, SHA1, "hiring_conditions", SHA1, arena);
    s_attach(c, "E0101", "manager", id, SHA2, "rule_acknowledgement", SHA2, arena);
    s_attach(c, "E0101", "manager", id, SHA3, "assessment_result", SHA3, arena);
    // An evidence id is its content's SHA-256: an id that is not names nothing.
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.evidence_id = "ev-made-up";
    at.kind = "performance_report";
    at.sha256 = SHA4;
    wfe_case_expect(c, "E0101", "manager", "workflow.AttachEvidence", &at.base, arena, HR_EINVAL);
    at.evidence_id = SHA1;
    wfe_case_expect(c, "E0101", "manager", "workflow.AttachEvidence", &at.base, arena, HR_EINVAL);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    // The request is the manager's: HR does not submit it for them.
    wfe_case_expect(c, "E0003", "hr", "workflow.SubmitCase", &sub.base, arena, HR_EDENIED);
    wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.SubmitCase", &sub.base, arena, HR_EDENIED);
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena, HR_OK);
    assert_true(rep->accepted);
    // Submitting twice: the case is no longer at request, as the refusal says in words.
    const char *msg = NULL;
    assert_int_equal(
        wfe_call_msg(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena, &msg),
        HR_ECONFLICT);
    assert_non_null(strstr(msg, "cannot submit the request now: the case is at 'hr_review' ("));

    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;

    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = id;
    rv.notice_date = "2026-12-01"; // within probation (ends 2027-04-25)
    rv.effective_date = "2026-12-01";
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    rv.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena);
    rv.n_facts = 3;
    // Dates before the hire date (2026-10-26) are refused, not moved to it.
    rv.notice_date = "2020-01-01";
    wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_EINVAL);
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2020-01-01";
    wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_EINVAL);
    rv.effective_date = "2026-12-01";
    rep = wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_true(rep->case_->assessment->lawful);
    assert_int_equal(rep->case_->assessment->severance_fen, 0);         // Art. 39: no severance
    assert_true(rep->case_->assessment->unlawful_compensation_fen > 0); // the 2N exposure shown
    assert_int_equal(rep->case_->n_facts, 3);
    // Superior approval was asked for: the sales director (E0101's manager) owns it.
    assert_string_equal(wfe_current_step(rep), "superior_approval");
    assert_string_equal(rep->case_->steps[rep->case_->current]->owner_no, "E0100");
    Hr__Workflow__ApproveCaseRequest ap = HR__WORKFLOW__APPROVE_CASE_REQUEST__INIT;
    ap.case_id = id;
    ap.approve = true;
    wfe_case_expect(c, "E0101", "manager", "workflow.ApproveCase", &ap.base, arena, HR_EDENIED);
    wfe_case_expect(c, "E0003", "hr", "workflow.ApproveCase", &ap.base, arena, HR_EDENIED);
    rep = wfe_case_expect(c, "E0100", "manager", "workflow.ApproveCase", &ap.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "prepare");

    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "25:00";
    pr.place = "3F meeting room";
    wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL);
    pr.time = "10:00";
    pr.place = "3F \xc3(";
    wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL);
    pr.place = "3F meeting room";
    pr.date = "2026-11-02"; // before the case was even opened
    wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL);
    pr.date = "2026-12-01";
    wfe_case_expect(c, "E0101", "manager", "workflow.PrepareCase", &pr.base, arena, HR_EDENIED);
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_OK);
    assert_string_equal(wfe_current_step(rep), "interview");
    Hr__Workflow__WorkflowNotifySend *told = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "interview_scheduled", arena, &told), 1);
    // Both who attend: the manager and the HR person on the case (E0002 reviewed it).
    assert_int_equal(told->n_to, 2);
    assert_string_equal(told->to[0]->employee_no, "E0101");
    assert_string_equal(told->to[1]->employee_no, "E0002");
    // Keyed like the employee's notices: a newer time supersedes this one while it still waits.
    assert_string_equal(told->supersede_key, hr_arena_fmt(arena, "interview:%s", id));

    // The interview is held on its day: the clock moves there before anyone confirms it.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 10, arena), 0);
    // HR confirms: not enough. The operator (IT) confirms nobody's attendance, the manager's or
    // HR's.
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    ci.notes = "employee informed; documents handed over";
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    assert_string_equal(wfe_current_step(rep), "interview");
    assert_true(rep->case_->interview->hr_confirmed);
    assert_false(rep->case_->interview->manager_confirmed);
    wfe_case_expect(c, NULL, NULL, "workflow.ConfirmInterview", &ci.base, arena, HR_EDENIED);
    wfe_case_expect(c, "E0102", "manager", "workflow.ConfirmInterview", &ci.base, arena,
                    HR_EDENIED);
    ci.notes = "";
    rep =
        wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    assert_true(rep->case_->interview->manager_confirmed);
    assert_string_equal(wfe_current_step(rep), "outcome");

    s_attach(c, "E0003", "hr", id, SHA4, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.effective_date = "2026-12-01";
    oc.served_date = "2026-12-01";
    oc.evidence_id = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.evidence_id = SHA4;
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    assert_string_equal(wfe_current_step(rep), "close");
    Hr__Workflow__WorkflowNotifySend *ready = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "outcome_ready", arena, &ready), 1);
    // The manager (zh) reads the outcome in words, with its day - not the history's key.
    bool said = false;
    for (size_t i = 0; i < ready->n_vars; i++)
        said |= !strcmp(ready->vars[i]->key, "outcome") &&
                !strcmp(ready->vars[i]->value, "通知已送达 (生效日期 2026-12-01)");
    assert_true(said);

    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena, HR_OK);
    assert_int_equal(rep->case_->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    int32_t eff = 0;
    assert_true(hr_date_parse("2026-12-01", &eff));
    size_t duties = 0;
    for (size_t i = 0; i < rep->case_->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = rep->case_->steps[i];
        if (!st->duty)
            continue;
        duties++;
        assert_int_equal(st->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
        assert_string_equal(st->owner_no, "E0002");
        if (!strcmp(st->key, "transfer")) {
            assert_string_equal(st->due_date, "2026-12-16");
            assert_int_equal(st->due_ms, hr_ms_of_day(eff + 16, HR_TZ_SHANGHAI_MIN));
        }
    }
    assert_int_equal(duties, 3);
    // The close says when the contract ends: the evidence of the case is kept two years from
    // the end of that day, not from the close (LCL Art. 50).
    const Hr__Sys__Event *closed = wfe_event_last(c, "workflow.CaseClosed", arena);
    assert_non_null(closed);
    Hr__Workflow__CaseClosed *cc = (Hr__Workflow__CaseClosed *)protobuf_c_message_unpack(
        &hr__workflow__case_closed__descriptor, hr_arena_pb_allocator(arena), closed->body.len,
        closed->body.data);
    assert_non_null(cc);
    assert_string_equal(cc->outcome, "notice_served");
    assert_int_equal(cc->ended_ms, hr_ms_of_day(eff + 1, HR_TZ_SHANGHAI_MIN));

    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "certificate";
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_OK);
    wfe_case_expect(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_ECONFLICT);

    // A filing is never dated in the future: the clock goes past it first.
    int32_t later = 0;
    assert_true(hr_date_parse("2027-01-20", &later));
    assert_int_equal(e2e_clock_advance(c, hr_ms_of_day(later, HR_TZ_SHANGHAI_MIN) + HR_DAY_MS / 2 -
                                              wfe_now_ms(c, arena)),
                     0);
    Hr__Workflow__RecordDisputeRequest dp = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.filed_date = "2027-01-15";
    d.result = "pending";
    dp.case_id = id;
    dp.dispute = &d;
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_OK);
    assert_true(rep->case_->dispute->arbitration_filed);
    s_dispute_holds_the_evidence(c, id);

    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = id;
    wd.reason = "too late";
    wfe_case_expect(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_ECONFLICT);
    // Nor is an interview prepared any more, as the refusal says in words.
    Hr__Workflow__PrepareCaseRequest late = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    late.case_id = id;
    late.date = "2027-01-25";
    late.time = "10:00";
    late.place = "3F";
    assert_int_equal(
        wfe_call_msg(c, "E0003", "hr", "workflow.PrepareCase", &late.base, arena, &msg),
        HR_ECONFLICT);
    assert_non_null(strstr(msg, " is closed: cannot set the interview's date and place"));

    const char *actions[] = {"opened",
                             "evidence_attached",
                             "submitted",
                             "reviewed_lawful",
                             "interview_scheduled",
                             "interview_confirmed",
                             "outcome_recorded",
                             "closed",
                             "duty_done",
                             "dispute_recorded"};
    for (size_t i = 0; i < HR_ARRAY_LEN(actions); i++)
        if (!s_history_has(rep->case_, actions[i]))
            fail_msg("no history entry '%s'", actions[i]);
    assert_int_equal(wfe_event_count(c, "workflow.CaseClosed", arena), 1);
    assert_int_equal(wfe_event_count(c, "workflow.DisputeRecorded", arena), 1);
    // request, hr_review, superior_approval, prepare, interview, outcome, close, certificate
    assert_int_equal(wfe_event_count(c, "workflow.StepCompleted", arena), 8);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_initiator_withdraws_with_a_reason(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-withdraw");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0102", "E0125", "A40_2", arena);
    assert_non_null(cs);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = cs->id;
    wd.reason = "";
    wfe_case_expect(c, "E0102", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_EINVAL);
    // Bytes that are not UTF-8 would be stored and then shown as nothing: refused.
    wd.reason = "\xff\xfe reason";
    wfe_case_expect(c, "E0102", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_EINVAL);
    wd.reason = "performance improved after coaching";
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0102", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_OK);
    assert_int_equal(rep->case_->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN);
    assert_string_equal(rep->case_->withdraw_reason, "performance improved after coaching");
    assert_int_equal(wfe_event_count(c, "workflow.CaseClosed", arena), 1);
    // Nothing left to escalate, and a new case may be opened.
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    assert_int_equal(wfe_wait_outbox(c, cs->id, "overdue_1", 1, 2500, arena), 0);
    assert_non_null(wfe_open(c, "E0102", "E0125", "A40_2", arena));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A roster as a Chinese HR system exports it: its own headers (员工编号, 手机号, 岗位, 合同到期日),
// the contract type in Chinese and the department by its name: taken, the name said in a warning.
static void test_a_chinese_roster_is_read_as_written(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-import-zh");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *path = hr_strfmt("%s/roster.csv", e2e_dir(c));
    const char *csv = "员工编号,员工姓名,部门,直属上级,电子邮箱,手机号,岗位,入职日期,合同类型,"
                      "合同起始日期,合同到期日\n"
                      "N8,测试,销售部,E0101,n8@example.com,13900000008,销售代表,2024-01-01,"
                      "固定期限,2024-01-01,2026-12-31\n"
                      "N9,测试二,销售部,E0101,n9@example.com,13900000009,销售代表,2020-01-01,"
                      "无固定期限劳动合同,2020-01-01,\n";
    assert_int_equal(hr_test_write_file(path, csv, strlen(csv)), 0);
    char *bin = hr_test_bin_path("hrctl");
    char *out = NULL;
    char *argv[] = {bin, "import", "people", path, "--config-dir", (char *)e2e_config_dir(c), NULL};
    if (e2e_run(argv, &out, NULL) != 0)
        fail_msg("hrctl import people:\n%s", out);
    assert_non_null(strstr(out, "roster.csv:2: department_id: '销售部' read as department SALES"));
    assert_non_null(strstr(out, "2 imported"));
    hr_free(out);
    const char *want[][3] = {{"N8", "fixed", "2026-12-31"}, {"N9", "open_ended", ""}};
    for (size_t i = 0; i < HR_ARRAY_LEN(want); i++) {
        Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
        gp.employee_no = (char *)want[i][0];
        Hr__Workflow__GetPersonReply *rep = NULL;
        assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetPerson", &gp.base,
                                  &hr__workflow__get_person_reply__descriptor, arena,
                                  (void **)&rep),
                         HR_OK);
        assert_string_equal(rep->person->department_id, "SALES");
        assert_string_equal(rep->person->contract_type, want[i][1]);
        assert_string_equal(rep->person->contract_end, want[i][2]);
        assert_string_equal(rep->person->title, "销售代表");
        assert_non_null(strstr(rep->person->email, "@example.com")); // 电子邮箱
    }
    hr_free(bin);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_import_with_errors_imports_nothing_unless_skip_bad(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-import");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *path = hr_strfmt("%s/bad.csv", e2e_dir(c));
    const char *csv = "\xEF\xBB\xBF" // UTF-8 BOM, as Excel writes it when asked
                      "工号,姓名,部门,直属上级,邮箱,手机\n"
                      "N1,新员工,SALES,E0101,n1@example.com,13900000001\n"
                      "N2,无上级,SALES,X999,n2@example.com,13900000002\n"
                      "N1,重复,SALES,E0101,n3@example.com,13900000003\n";
    assert_int_equal(hr_test_write_file(path, csv, strlen(csv)), 0);
    char *bin = hr_test_bin_path("hrctl");
    char *out = NULL;
    char *argv[] = {bin,  "import", "people", path, "--config-dir", (char *)e2e_config_dir(c),
                    NULL, NULL};
    assert_int_equal(e2e_run(argv, &out, NULL), 1);
    assert_non_null(strstr(out, "bad.csv:3: manager_no: unknown manager 'X999'"));
    assert_non_null(strstr(out, "bad.csv:4: employee_no: duplicate employee number 'N1'"));
    assert_non_null(strstr(out, "0 imported"));
    hr_free(out);
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "N1";
    void *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, &rep),
                     HR_ENOTFOUND);
    argv[6] = "--skip-bad";
    assert_int_equal(e2e_run(argv, &out, NULL), 1); // still reports the errors
    assert_non_null(strstr(out, "0 imported, 3 skipped"));
    hr_free(out);
    // N1 is on two lines: both bad; N2 has no manager: bad. Nothing good is left.
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, &rep),
                     HR_ENOTFOUND);
    const char *good = "employee_no,name,department_id,manager_no,email,mobile\n"
                       "N5,Good,SALES,E0101,n5@example.com,13900000005\n"
                       "N6,Orphan,SALES,N7,n6@example.com,13900000006\n"
                       "N7,Bad mail,SALES,E0101,not-mail,13900000007\n";
    assert_int_equal(hr_test_write_file(path, good, strlen(good)), 0);
    assert_int_equal(e2e_run(argv, &out, NULL), 1);
    // N7 is bad; leaving it out orphans N6, which is left out too; N5 goes in.
    assert_non_null(strstr(out, "1 imported, 2 skipped"));
    hr_free(out);
    gp.employee_no = "N5";
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, &rep),
                     HR_OK);
    // A file larger than a request body travels in extra frames (hrctl splits it).
    size_t rows = 22000, cap = rows * 160 + 128, off = 0;
    char *big = hr_alloc(cap);
    off += (size_t)snprintf(big, cap, "employee_no,name,department_id,manager_no,title\n");
    for (size_t i = 0; i < rows; i++)
        off += (size_t)snprintf(big + off, cap - off, "P%05zu,Bulk %zu,SALES,E0101,%s\n", i, i,
                                "Key account assistant for the eastern region's large customers, "
                                "second line of support");
    assert_true(off > 2 * 1024 * 1024);
    assert_int_equal(hr_test_write_file(path, big, off), 0);
    hr_free(big);
    argv[6] = NULL;
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    assert_non_null(strstr(out, "22000 imported"));
    hr_free(out);
    gp.employee_no = "P21999";
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, &rep),
                     HR_OK);
    hr_free(bin);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The directory moves the employee of an open case to another manager: the case keeps its
// manager (a case changes hands only when HR reassigns it), and the import says which case to
// look at - in a dry run too, and only once the file changes something.
static void test_a_new_manager_in_the_directory_is_a_notice_on_the_case(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-import-notice");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A40_2", arena);
    assert_non_null(cs);
    char *case_id = hr_strdup(cs->id);
    char *path = hr_strfmt("%s/moved.csv", e2e_dir(c));
    const char *csv = "employee_no,name,department_id,manager_no,email,mobile\n"
                      "E0117,吴昊,SALES,E0102,wu.hao@example.com,13800000117\n";
    assert_int_equal(hr_test_write_file(path, csv, strlen(csv)), 0);
    char *bin = hr_test_bin_path("hrctl");
    char *out = NULL;
    char *argv[] = {bin,  "import", "people", path, "--config-dir", (char *)e2e_config_dir(c),
                    NULL, NULL};
    char *want = hr_strfmt("notice: case %s: E0117 now reports to E0102 (was E0101); the case "
                           "stays with E0101 until HR reassigns it",
                           case_id);
    argv[6] = "--dry-run";
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "dry run"));
    hr_free(out);
    argv[6] = NULL;
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "1 imported"));
    hr_free(out);
    Hr__Workflow__GetCaseRequest gc = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    gc.case_id = case_id;
    Hr__Workflow__CaseReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetCase", &gc.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_string_equal(rep->case_->manager_no, "E0101");
    assert_int_equal(e2e_run(argv, &out, NULL), 0); // the same file again changes nothing
    assert_null(strstr(out, "notice:"));
    hr_free(out);
    hr_free(want);
    hr_free(bin);
    hr_free(path);
    hr_free(case_id);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A mutual-agreement case for E0117 (hired 2026-10-26) opened by their manager E0101, with the
// agreement (SHA1), a rule acknowledgement (SHA2) and a notice letter (SHA3) attached,
// submitted.
static char *s_a36_submitted(e2e_t *c, bool superior, hr_arena_t *arena)
{
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0117";
    op.ground = "A36_EMPLOYER";
    op.reason = "e2e";
    op.wants_superior_approval = superior;
    char *id = hr_arena_strdup(
        arena, wfe_case_expect(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena, HR_OK)
                   ->case_->id);
    s_attach(c, "E0101", "manager", id, SHA1, "agreement", SHA1, arena);
    s_attach(c, "E0101", "manager", id, SHA2, "rule_acknowledgement", SHA2, arena);
    s_attach(c, "E0101", "manager", id, SHA3, "notice_letter", SHA3, arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_expect(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena, HR_OK)
            ->accepted);
    return id;
}

// HR (user with roles) reviews the A36 case: agreement_signed by SHA1, notice and effective
// date 2026-12-01.
static Hr__Workflow__CaseReply *s_a36_review(e2e_t *c, const char *user, const char *roles,
                                             const char *id, hr_arena_t *arena, hr_rc_t want)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = (char *)id;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    Hr__Workflow__FactConfirmation f = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ev[] = {SHA1};
    f.fact = "agreement_signed";
    f.evidence_ids = ev;
    f.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *facts[] = {&f};
    rv.facts = facts;
    rv.n_facts = 1;
    return wfe_case_expect(c, user, roles, "workflow.ReviewCase", &rv.base, arena, want);
}

// The A36 case taken to the outcome stage: reviewed lawful for 2026-12-01, interview held that
// day (the clock moved on to it).
static char *s_at_outcome(e2e_t *c, hr_arena_t *arena)
{
    char *id = s_a36_submitted(c, false, arena);
    Hr__Workflow__CaseReply *rep = s_a36_review(c, "E0003", "hr", id, arena, HR_OK);
    assert_true(rep->case_->assessment->lawful);
    assert_string_equal(rep->case_->assessment->notice_date, "2026-12-01");
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F";
    wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_OK);
    assert_int_equal(wfe_clock_to_day(c, pr.date, 11, arena), 0);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    ci.notes = "";
    wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    rep =
        wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    assert_string_equal(wfe_current_step(rep), "outcome");
    return id;
}

// The outcome's effective date is held against the review: never before the hire date or the
// notice date; another date is assessed again and the assessment, the Art. 50 dates and the
// duties all follow it. The outcome's evidence must be the kind that proves it.
static void test_outcome_date_and_evidence_are_held_against_the_review(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-outcome");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_at_outcome(c, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    oc.effective_date = "2020-01-01"; // before the hire date
    oc.evidence_id = SHA1;
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.effective_date = "2026-11-30"; // before the notice date (and the interview)
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.effective_date = "2026-12-15";
    oc.evidence_id = SHA2; // a rule acknowledgement is no agreement
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.evidence_id = SHA3; // nor is a notice letter
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(cs->steps[cs->current]->key, "outcome");
    assert_null(cs->outcome);
    oc.evidence_id = SHA1;
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "close");
    const Hr__Workflow__Assessment *as = rep->case_->assessment;
    assert_true(as->lawful);
    assert_string_equal(as->effective_date, "2026-12-15");
    assert_string_equal(as->certificate_date, "2026-12-15");
    assert_string_equal(as->transfer_date, "2026-12-30");
    assert_string_equal(as->notice_date, "2026-12-01");
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena, HR_OK);
    for (size_t i = 0; i < rep->case_->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = rep->case_->steps[i];
        if (!strcmp(st->key, "certificate"))
            assert_string_equal(st->due_date, "2026-12-15");
        if (!strcmp(st->key, "transfer"))
            assert_string_equal(st->due_date, "2026-12-30");
    }
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The interview stage is due by its interview: a day three weeks ahead makes it due the working
// day after (nobody escalated to before it can be held). A case a previous version left dated
// by the stage's own period alone is dated again when the daemon starts.
static void test_the_interview_stage_waits_for_its_interview(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-iv-due");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_a36_submitted(c, false, arena);
    assert_true(s_a36_review(c, "E0003", "hr", id, arena, HR_OK)->case_->assessment->lawful);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-21"; // a Monday
    pr.time = "10:00";
    pr.place = "3F";
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_OK);
    assert_int_equal(rep->n_problems, 0); // a working day: nothing to warn of
    Hr__Workflow__Case *cs = rep->case_;
    assert_string_equal(cs->steps[cs->current]->key, "interview");
    int64_t want = wfe_local_ms("2026-12-23", 0); // the end of Tuesday 12-22
    assert_int_equal(cs->steps[cs->current]->due_ms, want);

    // As a previous version stored it: due five working days after the preparation.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    char *dir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    static const char *const dbs[] = {"cases", NULL};
    hr_store_t *store = hr_test_store_open_at(dir, dbs, 64, 8); // hr-workflow's schema
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    Hr__Workflow__Case *old = NULL;
    assert_int_equal(hr_store_get_pb(txn, "cases", id, HR_ID_LEN, &hr__workflow__case__descriptor,
                                     arena, (void **)&old),
                     HR_OK);
    old->steps[old->current]->due_ms = wfe_local_ms("2026-12-05", 0);
    assert_int_equal(hr_store_put_pb(txn, "cases", id, HR_ID_LEN, &old->base, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_free(dir);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    cs = wfe_get(c, id, arena);
    assert_int_equal(cs->steps[cs->current]->due_ms, want);

    // Moved to a Saturday: set all the same, with a warning that it is a rest day.
    char *out = NULL, *err = NULL;
    assert_int_equal(s_hrctl(c, &out, &err,
                             (const char *[]){"case", "prepare", id, "2026-12-26", "15:00", "3F",
                                              "--as", "E0003", "--role", "hr", NULL}),
                     0);
    assert_non_null(strstr(out, "now at interview\n  - [INTERVIEW_ON_REST_DAY] "));
    assert_non_null(strstr(out, "2026-12-26 is a Saturday, not a working day in the company "
                                "calendar"));
    hr_free(out);
    hr_free(err);
    cs = wfe_get(c, id, arena);
    assert_string_equal(cs->interview->date, "2026-12-26");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A notice is dated by the day it was served, not by the review: the served day (today unless
// given, never in the future or before the hire date) becomes the assessment's notice date -
// the notice given, probation and the arbitration limit follow it - and the contract never
// ends before it. The case show says both dates.
static void test_a_notice_counts_from_the_day_it_was_served(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-served");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_at_outcome(c, arena); // reviewed with the notice date 2026-12-01
    assert_int_equal(wfe_clock_to_day(c, "2026-12-03", 11, arena), 0); // the interview was 12-01
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.evidence_id = SHA3;
    oc.effective_date = "2027-01-05";
    oc.served_date = "2026-12-04"; // tomorrow
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.served_date = "2020-01-01"; // before the hire date
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.served_date = "3 Dec";
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.served_date = "2026-11-30"; // before the interview
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.served_date = ""; // a notice says when it was served
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    oc.served_date = "2026-12-03";
    oc.effective_date = "2026-12-02"; // the day after the review's notice date, before serving
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL);
    assert_null(wfe_get(c, id, arena)->outcome);

    oc.effective_date = "2027-01-05";
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_string_equal(rep->case_->outcome->served_date, "2026-12-03");
    // HR's stages after the review are the reviewer's (E0003, an HR business partner), not the
    // HR head's: the close and, after it, the Art. 50 duties.
    assert_string_equal(wfe_current_step(rep), "close");
    assert_string_equal(rep->case_->steps[rep->case_->current]->owner_no, "E0003");
    const Hr__Workflow__Assessment *as = rep->case_->assessment;
    assert_true(as->lawful);
    assert_string_equal(as->notice_date, "2026-12-03");
    assert_string_equal(as->effective_date, "2027-01-05");
    assert_string_equal(as->arbitration_limit_date, "2027-12-03");

    char *out = NULL, *err = NULL;
    assert_int_equal(s_hrctl(c, &out, &err, (const char *[]){"case", "show", id, NULL}), 0);
    assert_non_null(strstr(out, "outcome: notice served 2026-12-03, contract ends 2027-01-05"));
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// An outcome dated otherwise than reviewed is assessed again on today's directory: a
// protection learnt since the review makes it unlawful, and the outcome is refused (the case
// stays at outcome with the assessment it was reviewed with).
static void test_outcome_on_another_date_that_is_unlawful_is_refused(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-outcome-unlawful");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_at_outcome(c, arena);
    const char *csv = "employee_no,name,department_id,manager_no,email,mobile,hire_date,"
                      "contract_type,probation_end,monthly_wage,average_wage,protected\n"
                      "E0117,吴昊,SALES,E0101,wu.hao@example.com,13800000117,2026-10-26,fixed,"
                      "2027-04-25,18000.00,18000.00,hazard_exposure_without_exit_exam:exam due\n";
    wfe_import_people(c, csv, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    oc.effective_date = "2026-12-20";
    oc.evidence_id = SHA1;
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    assert_false(rep->accepted);
    assert_true(rep->n_problems > 0);
    assert_string_equal(rep->problems[0]->code, "PROTECTED_HAZARD_EXPOSURE");
    assert_string_equal(wfe_current_step(rep), "outcome");
    assert_null(rep->case_->outcome);
    assert_true(rep->case_->assessment->lawful);
    assert_string_equal(rep->case_->assessment->effective_date, "2026-12-01");
    assert_true(s_history_has(rep->case_, "outcome_refused"));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A case-changing call refused with want, the server's message holding `says`.
static void s_refused(e2e_t *c, const char *user, const char *roles, const char *type,
                      const ProtobufCMessage *req, hr_arena_t *arena, hr_rc_t want,
                      const char *says)
{
    const char *msg = NULL;
    hr_rc_t rc = wfe_call_msg(c, user, roles, type, req, arena, &msg);
    if (rc != want || !strstr(msg, says))
        fail_msg("%s as %s: %s '%s', want %s naming '%s'", type, user ? user : "operator",
                 hr_rc_name(rc), msg ? msg : "", hr_rc_name(want), says);
}

// The interview is held on its day, not before: neither side confirms it ahead of the date,
// and the outcome's effective date does not precede it. An interview that moves is prepared
// again (earlier too): both sides confirm again, on the new day. Dates are counted from the
// daemon's clock, which moves on with sys.ClockSet.
static void test_the_interview_is_held_on_its_day_and_the_outcome_follows_it(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-interview-day");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_a36_submitted(c, false, arena);
    assert_true(s_a36_review(c, "E0003", "hr", id, arena, HR_OK)->case_->assessment->lawful);
    int32_t notice = 0, today = hr_day_of_ms(wfe_now_ms(c, arena), HR_TZ_SHANGHAI_MIN);
    assert_true(hr_date_parse("2026-12-01", &notice)); // the review's notice date
    int32_t base = today > notice ? today : notice;
    char planned[HR_DATE_LEN], moved[HR_DATE_LEN], eve[HR_DATE_LEN];
    hr_date_format(base + 7, planned);
    hr_date_format(base + 5, moved); // brought forward two days
    hr_date_format(base + 4, eve);   // after the notice date, before the interview

    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = planned;
    pr.time = "10:00";
    pr.place = "3F";
    wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_OK);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    ci.notes = "";
    s_refused(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_ECONFLICT,
              planned);
    s_refused(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_ECONFLICT,
              planned);
    char *out = NULL, *err = NULL;
    assert_int_equal(s_hrctl(c, &out, &err,
                             (const char *[]){"case", "confirm", id, "--employee-attended", "yes",
                                              "--as", "E0003", "--role", "hr", NULL}),
                     1);
    assert_non_null(strstr(err, planned));
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(cs->steps[cs->current]->key, "interview");
    assert_false(cs->interview->hr_confirmed);
    assert_false(cs->interview->manager_confirmed);

    // Moved: HR prepares it again (the manager does not; the same slot again changes nothing).
    s_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_ECONFLICT, planned);
    pr.date = moved;
    pr.time = "09:30";
    wfe_case_expect(c, "E0101", "manager", "workflow.PrepareCase", &pr.base, arena, HR_EDENIED);
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_OK);
    assert_string_equal(wfe_current_step(rep), "interview");
    assert_string_equal(rep->case_->interview->date, moved);
    assert_true(s_history_has(rep->case_, "interview_rescheduled"));
    assert_int_equal(wfe_outbox_count(c, id, "interview_scheduled", arena, NULL), 2);

    // The day before the new date: still too early; on the day at 09:00, before its 09:30,
    // too. Once it has begun HR confirms; the interview then moves to the afternoon, and HR's
    // confirmation was for the morning.
    assert_int_equal(wfe_clock_to_day(c, eve, 11, arena), 0);
    s_refused(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_ECONFLICT, moved);
    assert_int_equal(wfe_clock_to_day(c, moved, 9, arena), 0);
    s_refused(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_ECONFLICT,
              "at 09:30; it cannot be confirmed as held before it begins");
    assert_int_equal(wfe_clock_to_day(c, moved, 10, arena), 0);
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    assert_true(rep->case_->interview->hr_confirmed);
    pr.time = "15:00";
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_OK);
    assert_false(rep->case_->interview->hr_confirmed);
    assert_int_equal(wfe_clock_to_day(c, moved, 16, arena), 0);
    wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    rep =
        wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    assert_string_equal(wfe_current_step(rep), "outcome");
    // Held: it is not moved any more.
    wfe_case_expect(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_ECONFLICT);

    // The agreement cannot take effect before the interview that led to it.
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    oc.effective_date = eve;
    oc.evidence_id = SHA1;
    char *says = hr_strfmt("effective_date: %s is before the interview on %s", eve, moved);
    s_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL, says);
    hr_free(says);
    cs = wfe_get(c, id, arena);
    assert_null(cs->outcome);
    oc.effective_date = moved; // the interview's day itself
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "close");
    assert_string_equal(rep->case_->outcome->effective_date, moved);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Whoever opened the case or manages it does not review it, HR role or not: the HR head who
// manages the employee asks, another HR person decides.
static void test_the_initiator_does_not_review_their_own_request(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-self-review");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // E0002, the HR head, manages E0007.
    Hr__Workflow__Case *cs = wfe_open(c, "E0002", "E0007", "A36_EMPLOYER", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    s_attach(c, "E0002", "manager", id, SHA1, "agreement", SHA1, arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_expect(c, "E0002", "manager", "workflow.SubmitCase", &sub.base, arena, HR_OK)
            ->accepted);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = id;
    const char *msg = NULL;
    assert_int_equal(
        wfe_call_msg(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, &msg),
        HR_EDENIED);
    assert_non_null(strstr(msg, "another HR person must review it"));
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_string_equal(now->steps[now->current]->key, "hr_review");
    assert_null(now->assessment);
    Hr__Workflow__FactConfirmation f = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ev[] = {SHA1};
    f.fact = "agreement_signed";
    f.evidence_ids = ev;
    f.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *facts[] = {&f};
    rv.facts = facts;
    rv.n_facts = 1;
    assert_true(
        wfe_case_expect(c, "E0003", "hr", "workflow.ReviewCase", &rv.base, arena, HR_OK)->accepted);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A superior who rejects says why, and the manager hears it as from an HR return: the case is
// back at request, case_returned goes to the manager and workflow.CaseReturned is logged. A
// manager with nobody above cannot ask for a superior's approval.
static void test_a_superior_rejection_returns_the_case_to_the_manager(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-reject");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_a36_submitted(c, true, arena);
    // HR reviews with hrctl, which prints the verdict, the money and the effective date.
    char *out = NULL, *err = NULL;
    assert_int_equal(
        s_hrctl(c, &out, &err,
                (const char *[]){"case", "review", id, "--fact", "agreement_signed=" SHA1,
                                 "--notice", "2026-12-01", "--effective", "2026-12-01", "--as",
                                 "E0003", "--role", "hr", NULL}),
        0);
    // Chinese first, then English, as hrctl prints refusals.
    assert_non_null(strstr(out, "now at superior_approval\n  评估：合法；经济补偿 "));
    assert_non_null(strstr(out, "，代通知金 "));
    assert_non_null(strstr(out, "，违法解除或终止劳动合同的赔偿金（2N）风险 "));
    assert_non_null(
        strstr(out, "元；劳动合同解除或终止之日 2026-12-01\n  assessment: lawful; severance "));
    assert_non_null(strstr(out, " notice pay "));
    assert_non_null(strstr(out, " 2N exposure "));
    assert_non_null(strstr(out, " yuan; effective 2026-12-01\n"));
    size_t returned = wfe_outbox_count(c, id, "case_returned", arena, NULL);
    size_t events = wfe_event_count(c, "workflow.CaseReturned", arena);
    Hr__Workflow__ApproveCaseRequest ap = HR__WORKFLOW__APPROVE_CASE_REQUEST__INIT;
    ap.case_id = id;
    ap.approve = false;
    ap.note = "";
    wfe_case_expect(c, "E0100", "manager", "workflow.ApproveCase", &ap.base, arena, HR_EINVAL);
    // hrctl says the case went back as asked, with the note, and exits 0: the rejection was done.
    assert_int_equal(s_hrctl(c, &out, &err,
                             (const char *[]){"case", "approve", id, "--reject", "--note",
                                              "talk to the employee about a transfer first", "--as",
                                              "E0100", NULL}),
                     0);
    assert_non_null(strstr(out, "returned to the manager E0101 (now at request): talk to the "
                                "employee about a transfer first"));
    assert_null(strstr(out, "not accepted"));
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_string_equal(now->steps[now->current]->key, "request");
    assert_int_equal(now->returns, 1);
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "case_returned", arena, &last), returned + 1);
    assert_string_equal(last->to[0]->employee_no, "E0101");
    bool why = false;
    for (size_t i = 0; i < last->n_vars; i++)
        why |= !strcmp(last->vars[i]->value, "talk to the employee about a transfer first");
    assert_true(why);
    assert_int_equal(wfe_event_count(c, "workflow.CaseReturned", arena), events + 1);

    // Submitted again and reviewed with no fact confirmed and a note saying why: unlawful, so HR's
    // review sends it back to the manager, and hrctl says so instead of "stays at" a stage it left.
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_expect(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena, HR_OK)
            ->accepted);
    assert_int_equal(
        s_hrctl(c, &out, &err,
                (const char *[]){"case", "review", id, "--notice", "2026-12-01", "--effective",
                                 "2026-12-01", "--note", "nothing is proven yet", "--as", "E0003",
                                 "--role", "hr", NULL}),
        1);
    assert_non_null(strstr(out, " not accepted: returned to the manager E0101 (now at request)\n"
                                "  评估：按现状违法；"));
    assert_non_null(strstr(out, "\n  assessment: UNLAWFUL as it stands"));
    assert_null(strstr(out, "stays at"));
    hr_free(out);
    hr_free(err);

    // E0001 is at the top: nobody could approve for them.
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0100";
    op.ground = "A36_EMPLOYER";
    op.reason = "e2e";
    op.wants_superior_approval = true;
    const char *msg = NULL;
    assert_int_equal(
        wfe_call_msg(c, "E0001", "manager", "workflow.OpenCase", &op.base, arena, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "superior approval: E0001 has no superior"));
    op.wants_superior_approval = false;
    wfe_case_expect(c, "E0001", "manager", "workflow.OpenCase", &op.base, arena, HR_OK);
    // Nor can the case that asks for approval be handed to them: it would wait for nobody.
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = id;
    ra.manager_no = "E0001";
    ra.reason = "reorganisation";
    assert_int_equal(wfe_call_msg(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, &msg),
                     HR_EINVAL);
    assert_non_null(strstr(msg, "E0001 has no superior"));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lawful_case_from_request_to_dispute),
        cmocka_unit_test(test_initiator_withdraws_with_a_reason),
        cmocka_unit_test(test_outcome_date_and_evidence_are_held_against_the_review),
        cmocka_unit_test(test_outcome_on_another_date_that_is_unlawful_is_refused),
        cmocka_unit_test(test_the_interview_is_held_on_its_day_and_the_outcome_follows_it),
        cmocka_unit_test(test_a_notice_counts_from_the_day_it_was_served),
        cmocka_unit_test(test_the_interview_stage_waits_for_its_interview),
        cmocka_unit_test(test_the_initiator_does_not_review_their_own_request),
        cmocka_unit_test(test_a_superior_rejection_returns_the_case_to_the_manager),
        cmocka_unit_test(test_import_with_errors_imports_nothing_unless_skip_bad),
        cmocka_unit_test(test_a_chinese_roster_is_read_as_written),
        cmocka_unit_test(test_a_new_manager_in_the_directory_is_a_notice_on_the_case),
    };
    return cmocka_run_group_tests_name("e2e.workflow_lifecycle", tests, NULL, NULL);
}
