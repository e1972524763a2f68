/*  e2e.workflow_refusal_zh - a refusal as a line manager and an HR person read it, through the
 *  real daemon and hrctl: Chinese first, then English, each saying who may do it and with which
 *  command. The English line keeps the error word (edenied, ...) for scripts; no RPC route
 *  ("workflow.OpenCase") stands in front of either.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

// Runs hrctl with args, which must be refused (exit 1); its stderr (owned).
static char *s_refused(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != 1)
        fail_msg("hrctl %s %s: exit %d, wanted 1\n%s%s", args[0], args[1], rc, out ? out : "",
                 err ? err : "");
    hr_free(out);
    return err;
}

// Fails unless err holds the line starting "hrctl: " + zh_start and, on a later line, the line
// starting "hrctl: " + en_start; and no RPC route anywhere. Each part must be in its line.
static void s_zh_then_en(const char *what, const char *err, const char *zh_start,
                         const char *zh_part, const char *en_start, const char *en_part)
{
    char *zh_want = hr_strfmt("hrctl: %s", zh_start);
    char *en_want = hr_strfmt("\nhrctl: %s", en_start);
    const char *zh = strstr(err, zh_want);
    const char *en = strstr(err, en_want);
    if (!zh || !en || zh > en || (zh != err && zh[-1] != '\n'))
        fail_msg("%s: wanted '%s' and then '%s' on lines of their own in:\n%s", what, zh_want,
                 en_want + 1, err);
    const char *zh_end = strchr(zh, '\n');
    if (!strstr(zh, zh_part) || strstr(zh, zh_part) > zh_end)
        fail_msg("%s: the Chinese line lacks '%s':\n%s", what, zh_part, err);
    if (!strstr(en, en_part))
        fail_msg("%s: the English line lacks '%s':\n%s", what, en_part, err);
    if (strstr(err, "workflow."))
        fail_msg("%s: a route name is shown:\n%s", what, err);
    hr_free(zh_want);
    hr_free(en_want);
}

// E0102 manages another team: opening a case for E0117 (E0101's) is refused, naming E0101 and
// the command E0101 runs. The case E0101 opens then is submitted by E0101 alone: HR (E0003) is
// refused, told who submits it; and HR closing it at the request stage is told what comes next.
static void test_refusals_are_chinese_first_with_the_next_step(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-refusal-zh");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    const char *open[] = {"case", "open", "E0117", "A39_1", "--as", "E0102", NULL};
    char *err = s_refused(c, open);
    s_zh_then_en("hrctl case open as E0102", err, "只有员工 E0117 的直属经理（E0101）或 HR",
                 "请由 E0101 发起（hrctl case open E0117 A39_1 --as E0101）",
                 "edenied: employee_no: only the employee's manager or HR may open a case",
                 "hrctl case open E0117 A39_1 --as E0101");
    hr_free(err);

    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    const char *submit[] = {"case", "submit", cs->id, "--as", "E0003", NULL};
    err = s_refused(c, submit);
    char *zh = hr_strfmt("只有案件 %s 的经理 E0101 可以提交申请", cs->id);
    char *cmd = hr_strfmt("hrctl case submit %s --as E0101", cs->id);
    s_zh_then_en("hrctl case submit as E0003", err, zh, cmd, "edenied: case ", cmd);
    hr_free(zh);
    hr_free(err);

    const char *close[] = {"case", "close", cs->id, "--as", "E0003", NULL};
    err = s_refused(c, close);
    zh = hr_strfmt("案件 %s 目前在「", cs->id);
    s_zh_then_en("hrctl case close as E0003", err, zh, "现在不能结案。下一步：由案件经理 E0101",
                 "econflict: case ", cmd);
    wfe_has("hrctl case close as E0003", err, "cannot close the case now");
    hr_free(zh);
    hr_free(cmd);
    hr_free(err);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// One refusal of each area HR and managers meet after the first steps, through the real daemon:
// each comes with its Chinese (Status.message_zh), naming the same field or value as the
// English, which stays as it was. E0117's A39_1 case (as wfe_a39_1_at_close takes it, with a
// refusal at each stage on the way): review, outcome, attaching after it, duties, disputes,
// rescission, reads.
static void test_later_refusals_are_chinese_too(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-refusal-zh-later");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    static const char *const sha[4] = {
        "1111111111111111111111111111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222222222222222222222222222",
        "3333333333333333333333333333333333333333333333333333333333333333",
        "4444444444444444444444444444444444444444444444444444444444444444"};
    static const char *const stray =
        "5555555555555555555555555555555555555555555555555555555555555555";
    const ProtobufCMessageDescriptor *case_reply = &hr__workflow__case_reply__descriptor;
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = wfe_a39_1_submitted(c, sha, arena);

    // Review: the union told, but no proof of it (s_review_inputs).
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = id;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-31";
    rv.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena);
    rv.n_facts = 3;
    rv.union_notified = true;
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, case_reply, arena,
                   HR_EINVAL, "union_notified: the notice to the union must be proven",
                   "通知工会（union_notified）也须有证据证明");
    // ... and a fact resting on a record not attached (wf_review_facts, s_assess).
    rv.union_notified = false;
    const char *const strays[3] = {sha[0], sha[1], stray};
    rv.facts = wfe_facts(wfe_a39_1_facts, strays, 3, arena);
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, case_reply, arena,
                   HR_EINVAL, "is not attached to the case", "没有附在本案上");
    rv.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena);
    assert_true(
        wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_OK)
            ->accepted);

    wfe_interview_held(c, id, "2026-12-01", arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);

    // Outcome: the notice named is not attached (s_outcome_evidence), then the wrong kind.
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-31";
    oc.evidence_id = (char *)stray;
    wfe_refused_zh(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, case_reply, arena,
                   HR_EINVAL, "is not attached to", "没有附在案件");
    oc.evidence_id = (char *)sha[0];
    wfe_refused_zh(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, case_reply, arena,
                   HR_EINVAL, "the outcome notice_served rests on the notice_letter",
                   "需以通知书类证据为凭");
    wfe_attach(c, "E0003", "hr", id, "notice_letter", sha[3], arena);
    oc.evidence_id = (char *)sha[3];
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);

    // Attaching after the outcome: the manager no longer does (wf_attach_refusal).
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.evidence_id = (char *)stray;
    at.kind = "other";
    at.sha256 = (char *)stray;
    wfe_refused_zh(c, "E0101", "manager", "workflow.AttachEvidence", &at.base, case_reply, arena,
                   HR_ECONFLICT, "only HR attaches now", "此后只有 HR 可以补充证据");

    // Duties (a closed case's): one the case does not have, one done tomorrow.
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_expect(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena, HR_OK);
    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "nope";
    wfe_refused_zh(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, case_reply, arena,
                   HR_EINVAL, "key: no duty 'nope'", "没有名为“nope”的解除后义务");
    du.key = "certificate";
    du.done_date = "2026-12-02";
    wfe_refused_zh(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, case_reply, arena,
                   HR_EINVAL, "done_date: 2026-12-02 is in the future",
                   "完成日期 2026-12-02 还没到");

    // Disputes: a manager may not record one; a result that is none.
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "lost";
    Hr__Workflow__RecordDisputeRequest rd = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    rd.case_id = id;
    rd.dispute = &d;
    wfe_refused_zh(c, "E0101", "manager", "workflow.RecordDispute", &rd.base, case_reply, arena,
                   HR_EDENIED, "only HR or legal may record a dispute",
                   "只有 HR 或法务可以记录劳动争议");
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.RecordDispute", &rd.base, case_reply, arena,
                   HR_EINVAL, "dispute.result: pending, employer_won",
                   "争议结果（dispute.result）只能是");

    // Rescission: the day the employee agreed is missing (wf_rescind_check).
    Hr__Workflow__RescindCaseRequest rs = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
    rs.case_id = id;
    rs.reason = "e2e: the employee stays";
    rs.evidence_id = (char *)stray;
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.RescindCase", &rs.base, case_reply, arena,
                   HR_EINVAL, "agreement_date: required",
                   "请写明员工同意撤销解除劳动合同通知的日期");

    // Reads: the employee reads no one else's directory entry, a manager no case journal.
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0003";
    wfe_refused_zh(c, "E0117", "employee", "workflow.GetPerson", &gp.base,
                   &hr__workflow__get_person_reply__descriptor, arena, HR_EDENIED,
                   "employee_no: not in your reporting line", "你无权查看此人的信息");
    Hr__Workflow__CaseJournalRequest cj = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
    cj.case_id = id;
    wfe_refused_zh(c, "E0101", "manager", "workflow.CaseJournal", &cj.base,
                   &hr__workflow__case_journal_reply__descriptor, arena, HR_EDENIED,
                   "a case's journal is shown to HR, legal and the operator only",
                   "案件的变更日志只向 HR、法务和运维人员");

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals_are_chinese_first_with_the_next_step),
        cmocka_unit_test(test_later_refusals_are_chinese_too),
    };
    return cmocka_run_group_tests_name("e2e.workflow_refusal_zh", tests, NULL, NULL);
}
