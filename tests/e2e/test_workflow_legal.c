/*  e2e.workflow_legal - the company's legal reviewer (role legal in the people directory, demo
 *  E0006) through the real daemons (hr-workflow, hr-evidence) and hrctl --as E0006.
 *
 *  E0117's Art. 39(1) case is reviewed lawful. With no step of the template sent to legal, E0006
 *  lists the case, reads it with its money (wages are for HR and legal), and renders the notice
 *  to read it; storing that notice as evidence is HR's act and is refused before anything is
 *  put. Legal decides nothing: opening, preparing, reviewing, attaching evidence for the ground
 *  (legal attaches its own papers: e2e.workflow_leaver_case), withdrawing and recording the
 *  outcome are refused over the wire. HR serves the notice and records the
 *  outcome and closes the case; legal records the dispute that follows (a manager cannot). HR
 *  stores the certificate: it is kept as a termination_certificate, which the employee
 *  concerned reads beside the notice (LCL Art. 50), where kind `other` hid it from them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "evidence.pb-c.h"
#include "hr_test.h"
#include "workflow_util.h"

#include <sys/stat.h>

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

// A call as E0006 (legal, as the directory gives it) that must be refused with EDENIED.
static void s_legal_refused(e2e_t *c, const char *type, const ProtobufCMessage *req,
                            hr_arena_t *arena)
{
    const char *msg = "";
    hr_rc_t rc = wfe_call_msg(c, "E0006", "legal", type, req, arena, &msg);
    if (rc != HR_EDENIED)
        fail_msg("%s as legal E0006: %s (%s), want EDENIED", type, hr_rc_name(rc), msg);
}

// hrctl with args (NULL-terminated); its exit status, stdout and stderr in *out and *err (owned).
static int s_hrctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    return e2e_hrctl(c, out, err, args);
}

// Runs hrctl and fails the test unless it exits 0; its stdout (owned).
static char *s_hrctl_ok(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = s_hrctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl %s %s: exit %d: %s%s", args[0], args[1], rc, out, err);
    hr_free(err);
    return out;
}

// E0117's A39_1 case submitted and reviewed lawful by E0002 (notice and end 2026-12-01); at
// prepare. Its id (arena).
static char *s_reviewed_case(e2e_t *c, hr_arena_t *arena)
{
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    wfe_a39_1_reviewed(c, id, sha, "e2e: the facts and reasons HR states for the notice", arena);
    return id;
}

// The case's records in hr-evidence as the operator sees them.
static Hr__Evidence__ListReply *s_ev_list(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Evidence__ListRequest req = HR__EVIDENCE__LIST_REQUEST__INIT;
    req.case_id = (char *)id;
    Hr__Evidence__ListReply *rep = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.List", &req.base,
                                 &hr__evidence__list_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep;
}

// Waits (real time, at most 10 s) until the case's employee E0117 reads id at hr-evidence: the
// workflow's CaseOpened, and the interview held that told them of the case, have been applied.
static bool s_wait_granted(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    for (int i = 0; i < 200; i++) {
        if (wfe_call_to(c, "evidence", "E0117", "employee", "evidence.Stat", &req.base,
                        &hr__evidence__stat_reply__descriptor, arena, NULL) == HR_OK)
            return true;
        zclock_sleep(50);
    }
    return false;
}

// hrctl case document ID KIND --store as HR (E0003): the evidence id it stored (arena).
static char *s_store(e2e_t *c, const char *id, const char *kind, hr_arena_t *arena)
{
    char *out = NULL, *err = NULL;
    const char *args[] = {"case", "document", id, kind, "--store", "--as", "E0003", NULL};
    int rc = s_hrctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl case document %s --store: exit %d: %s", kind, rc, err);
    const char *line = strstr(err, "evidence ");
    if (!line || strlen(line) < 9 + 64)
        fail_msg("hrctl case document %s --store said: %s", kind, err);
    wfe_has("hrctl case document --store", err, "attached to case");
    char *ev = hr_arena_fmt(arena, "%.64s", line + 9);
    hr_free(out);
    hr_free(err);
    return ev;
}

static void test_legal_reads_every_case_and_records_its_dispute(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-legal");
    wfe_config_documents(
        c); // with the company's name and address: a letter with gaps is not stored
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_reviewed_case(c, arena);

    // 1. No step of the default template reaches legal, and legal reads the case all the same:
    //    in the list, and whole, with the money (legal sees wages; a manager does not).
    const char *list[] = {"case", "list", "--as", "E0006", NULL};
    char *out = s_hrctl_ok(c, list);
    wfe_has("case list as E0006", out, id);
    hr_free(out);
    // ... but never a case about legal themself (the employee concerned sees none of theirs).
    Hr__Workflow__Case *own = wfe_open(c, "E0001", "E0006", "A40_3", arena);
    out = s_hrctl_ok(c, list);
    wfe_has("case list as E0006", out, id);
    if (strstr(out, own->id))
        fail_msg("case list as E0006 shows their own case %s:\n%s", own->id, out);
    hr_free(out);
    const char *show[] = {"case", "show", id, "--as", "E0006", NULL};
    out = s_hrctl_ok(c, show);
    wfe_has("case show as E0006", out, "E0117");
    assert_null(strstr(out, "visible to HR only"));
    hr_free(out);
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    Hr__Workflow__CaseReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0006", "legal", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_false(rep->case_->money_hidden);
    assert_true(rep->case_->assessment->wage_base_fen > 0);
    assert_true(rep->case_->n_history > 0);
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_true(rep->case_->money_hidden);
    // A legal role the directory does not give (E0120 claims it) reads nothing.
    assert_int_equal(wfe_call(c, "E0120", "legal", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_EDENIED);

    // 2. Legal renders the notice to read it; storing it as the case's evidence is HR's act,
    //    refused before anything is put into hr-evidence.
    const char *notice[] = {"case", "document", id, "notice", "--as", "E0006", NULL};
    out = s_hrctl_ok(c, notice);
    wfe_has("notice as E0006", out, "解除劳动合同通知书");
    hr_free(out);
    char *err = NULL;
    const char *store[] = {"case", "document", id, "notice", "--store", "--as", "E0006", NULL};
    assert_int_not_equal(s_hrctl(c, &out, &err, store), 0);
    wfe_has("notice --store as E0006", err, "storing a document as the case's evidence is HR's");
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_ev_list(c, id, arena)->n_evidence, 0);
    assert_int_equal(wfe_get(c, id, arena)->n_evidence, 3);

    // 3. Reading is not deciding: every write but the dispute is refused to legal.
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    s_legal_refused(c, "workflow.PrepareCase", &pr.base, arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    s_legal_refused(c, "workflow.ReviewCase", &rv.base, arena);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = id;
    wd.reason = "legal says no";
    s_legal_refused(c, "workflow.WithdrawCase", &wd.base, arena);
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0120";
    op.ground = "A40_2";
    op.reason = "e2e";
    s_legal_refused(c, "workflow.OpenCase", &op.base, arena);
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.evidence_id = at.sha256 = "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";
    at.kind = "performance_report"; // legal attaches its own papers only (other, agreement)
    s_legal_refused(c, "workflow.AttachEvidence", &at.base, arena);

    // HR prepares and holds the interview, serves the stored notice, records the outcome.
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 11, arena), 0);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    s_legal_refused(c, "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    char *letter = s_store(c, id, "notice", arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = letter;
    // The rendered letter's 签收 line is blank: service is proven by the signed copy HR attaches.
    wfe_attach(c, "E0003", "hr", id, "notice_letter",
               "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", arena);
    oc.service_evidence_id = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    s_legal_refused(c, "workflow.RecordOutcome", &oc.base, arena);
    wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    s_legal_refused(c, "workflow.CloseCase", &cl.base, arena);
    wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);

    // 4. The employee contests it: legal records the dispute and updates it; a manager cannot.
    const char *dispute[] = {"case",    "dispute",    id,     "--result", "pending",
                             "--filed", "2026-12-01", "--as", "E0006",    NULL};
    out = s_hrctl_ok(c, dispute);
    hr_free(out);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_non_null(cs->dispute);
    assert_true(cs->dispute->arbitration_filed);
    assert_string_equal(cs->dispute->filed_date, "2026-12-01");
    assert_string_equal(cs->history[cs->n_history - 1]->action, "dispute_recorded");
    assert_string_equal(cs->history[cs->n_history - 1]->actor, "E0006");
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.filed_date = "2026-12-01";
    d.result = "settled";
    d.amount_fen = 1000000;
    Hr__Workflow__RecordDisputeRequest dr = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    dr.case_id = id;
    dr.dispute = &d;
    rep = wfe_case_do(c, "E0006", "legal", "workflow.RecordDispute", &dr.base, arena);
    assert_string_equal(rep->case_->dispute->result, "settled");
    assert_int_equal(rep->case_->dispute->amount_fen, 1000000); // legal sees the amount
    const char *msg = "";
    assert_int_equal(
        wfe_call_msg(c, "E0101", "manager", "workflow.RecordDispute", &dr.base, arena, &msg),
        HR_EDENIED);
    wfe_has("RecordDispute as the manager", msg, "only HR or legal");

    // 5. HR stores the certificate: a termination_certificate, which the employee reads beside
    //    the notice (and kind `other` hid from them).
    char *cert = s_store(c, id, "certificate", arena);
    cs = wfe_get(c, id, arena);
    assert_string_equal(cs->evidence[cs->n_evidence - 1]->id, cert);
    assert_string_equal(cs->evidence[cs->n_evidence - 1]->kind, "termination_certificate");
    // hr-evidence learns the case's people, and that the interview told E0117 of the case, from
    // the workflow's log (a PUB hint, else its poll).
    assert_true(s_wait_granted(c, letter, arena));
    const char *mine[] = {"evidence", "list", "--case", id, "--as", "E0117", "--json", NULL};
    out = s_hrctl_ok(c, mine);
    wfe_has("evidence list as the employee", out, cert);
    wfe_has("evidence list as the employee", out, letter);
    wfe_has("evidence list as the employee", out, "\"termination_certificate\"");
    hr_free(out);
    // Another employee reads neither.
    const char *theirs[] = {"evidence", "list", "--case", id, "--as", "E0110", "--json", NULL};
    out = s_hrctl_ok(c, theirs);
    assert_null(strstr(out, cert));
    hr_free(out);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legal_reads_every_case_and_records_its_dispute),
    };
    return cmocka_run_group_tests_name("e2e.workflow_legal", tests, NULL, NULL);
}
