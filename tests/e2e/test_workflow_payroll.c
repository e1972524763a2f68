/*  e2e.workflow_payroll - the payroll office pays, and reads no more than it pays by.
 *
 *  The payroll clerk (E0400, role payroll, reading English) is imported into the directory beside
 *  the demo's own payroll office (E0008).
 *  E0110's Art. 40(3) case (manager E0101) is reviewed with pay in lieu of notice. Before the
 *  outcome the clerk reads, lists and pays nothing of it (EDENIED, Chinese first, the same as for
 *  a case that does not exist). HR records the outcome: the clerk is mailed that a payment is due
 *  (payment_due, history payroll_told), lists the case awaiting payment with what is owed and the
 *  last day, reads the payroll view (the amounts, no reasons, evidence or findings), prints the
 *  pay statement and records the payments through `hrctl case pay --as E0400`; the case then
 *  leaves the list. The clerk never reads the full case, its documents or its read log, and a
 *  person who only claims the role (the directory does not give it) pays nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define SHA5 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

#define S_PAYROLL_CSV                                                                              \
    "employee_no,name,department_id,manager_no,email,mobile,roles,language\n"                      \
    "E0400,薪资专员,ADMIN,E0002,payroll@example.com,13800000400,payroll,en\n"

// hrctl with args; fails unless it exits `want`. Its stdout (arena; stderr in *err when err).
static char *s_hrctl(e2e_t *c, const char *const *args, int want, hr_arena_t *arena, char **err)
{
    char *out = NULL, *e = NULL;
    int rc = e2e_hrctl(c, &out, &e, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, want %d: %s%s", args[0], args[1], rc, want, out ? out : "",
                 e ? e : "");
    char *text = hr_arena_strdup(arena, out ? out : "");
    if (err)
        *err = hr_arena_strdup(arena, e ? e : "");
    hr_free(out);
    hr_free(e);
    return text;
}

// The payroll clerk's list of cases.
static Hr__Workflow__ListCasesReply *s_list(e2e_t *c, hr_arena_t *arena)
{
    Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0400", "payroll", "workflow.ListCases", &req.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep;
}

static void test_the_payroll_office_pays_the_case_it_is_told_of(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-payroll");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_int_equal(wfe_import_people(c, S_PAYROLL_CSV, arena)->imported, 1);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", "E0110", &rv, arena);
    assert_true(rep->accepted);
    char *id = rep->case_->id;
    int64_t severance = rep->case_->assessment->severance_fen;
    assert_true(severance > 0);
    assert_int_equal(rep->case_->assessment->notice_pay_fen, 1600000);

    // 1. Before the outcome nothing is fixed: the clerk reads, lists and pays nothing of it,
    // refused as for a case that does not exist.
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    wfe_refused_zh(c, "E0400", "payroll", "workflow.GetCase", &get.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EDENIED,
                   "not one the payroll office may see", "薪资人员");
    Hr__Workflow__GetCaseRequest none = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    none.case_id = "01JN00000000000000000000ZZ";
    wfe_refused_zh(c, "E0400", "payroll", "workflow.GetCase", &none.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EDENIED,
                   "not one the payroll office may see", "薪资人员");
    assert_int_equal(s_list(c, arena)->n_cases, 0);
    Hr__Workflow__RecordPaymentRequest pay = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    pay.case_id = id;
    pay.item = "notice_pay";
    pay.amount_fen = 1600000;
    pay.method = "bank";
    pay.reference = "ICBC-20261201-0001";
    wfe_refused_zh(c, "E0400", "payroll", "workflow.RecordPayment", &pay.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EDENIED,
                   "not one the payroll office may see", "薪资人员");

    // The interview held and confirmed, the notice served: HR records the outcome.
    wfe_interview_held(c, id, "2026-12-01", arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = SHA4;
    assert_true(wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena)->accepted);

    // 2. The clerk is told a payment is due and by when (in English, their language), once.
    char *told = wfe_told(c, id, "payment_due", false, arena);
    if (!wfe_told_to(told, "E0400"))
        fail_msg("payment_due told '%s', not E0400", told);
    assert_false(wfe_told_to(told, "E0003")); // HR is no payroll holder
    Hr__Workflow__Case *full = wfe_get(c, id, arena);
    assert_int_equal(wfe_history_count(full, "payroll_told"), 1);
    wfe_clock_to(c, "2026-12-04", 10, arena);

    // 3. Listed as awaiting payment: what is owed and the last day, no manager or step.
    Hr__Workflow__ListCasesReply *l = s_list(c, arena);
    assert_int_equal(l->n_cases, 1);
    assert_true(l->cases[0]->payroll_view);
    assert_string_equal(l->cases[0]->id, id);
    assert_int_equal(l->cases[0]->owed_fen, severance + 1600000);
    assert_string_equal(l->cases[0]->last_day, "2026-12-01");
    assert_string_equal(l->cases[0]->manager_no, "");
    assert_string_equal(l->cases[0]->step, "");

    // 4. The payroll view: the amounts and dates, none of the reasons, evidence or findings.
    Hr__Workflow__CaseReply *mine = NULL;
    assert_int_equal(wfe_call(c, "E0400", "payroll", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&mine),
                     HR_OK);
    Hr__Workflow__Case *v = mine->case_;
    assert_true(v->payroll_view);
    assert_false(v->money_hidden);
    assert_int_equal(v->assessment->severance_fen, severance);
    assert_int_equal(v->assessment->n_findings, 0);
    assert_int_equal(v->n_evidence, 0);
    assert_int_equal(v->n_history, 0);
    assert_string_equal(v->reason, "");
    assert_string_equal(v->reviewed_reasons, "");
    assert_string_equal(v->manager_no, "");
    assert_null(v->interview);
    // Nor the case's read log or its documents.
    Hr__Workflow__ListCaseReadsRequest reads = HR__WORKFLOW__LIST_CASE_READS_REQUEST__INIT;
    reads.case_id = id;
    Hr__Workflow__ListCaseReadsReply *rr = NULL;
    assert_int_equal(wfe_call(c, "E0400", "payroll", "workflow.ListCaseReads", &reads.base,
                              &hr__workflow__list_case_reads_reply__descriptor, arena,
                              (void **)&rr),
                     HR_EDENIED);
    Hr__Workflow__RenderDocumentRequest rd = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    rd.case_id = id;
    rd.kind = "notice";
    Hr__Workflow__RenderDocumentReply *doc = NULL;
    assert_int_equal(wfe_call(c, "E0400", "payroll", "workflow.RenderDocument", &rd.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_EDENIED);

    // 5. hrctl: the payroll view, the pay statement, and the payments recorded in their name.
    const char *const show[] = {"case", "show", id, "--as", "E0400", NULL};
    char *shown = s_hrctl(c, show, 0, arena, NULL);
    wfe_has("case show --as payroll", shown, "payroll view");
    wfe_has("case show --as payroll", shown, "notice pay (代通知金): 16000.00 yuan");
    const char *const st[] = {"case", "document", id,  "pay_statement", "--lang", "en",
                              "--as", "E0400",    NULL};
    char *statement = s_hrctl(c, st, 0, arena, NULL);
    wfe_has("pay statement --as payroll", statement, "I. Amounts the case decided");
    wfe_has("pay statement --as payroll", statement, "None recorded yet");
    const char *const np[] = {"case",       "pay",      id,         "--item",
                              "notice_pay", "--amount", "16000.00", "--date",
                              "2026-12-01", "--method", "bank",     "--reference",
                              "ICBC-1",     "--as",     "E0400",    NULL};
    wfe_has("case pay --as payroll", s_hrctl(c, np, 0, arena, NULL), "; payment ");
    char *yuan = hr_arena_fmt(arena, "%lld.%02lld", (long long)(severance / 100),
                              (long long)(severance % 100));
    const char *const sv[] = {
        "case",       "pay",      id,     "--item",      "severance", "--amount", yuan,    "--date",
        "2026-12-03", "--method", "bank", "--reference", "ICBC-2",    "--as",     "E0400", NULL};
    s_hrctl(c, sv, 0, arena, NULL);
    full = wfe_get(c, id, arena);
    assert_int_equal(full->n_payments, 2);
    assert_string_equal(full->payments[0]->recorded_by, "E0400");
    assert_string_equal(full->payments[1]->item, "severance");
    // A correction is theirs too: a reversal, then the row again.
    const char *const undo[] = {
        "case",   "pay",           id,     "--reverses", full->payments[1]->id,
        "--note", "wrong account", "--as", "E0400",      NULL};
    s_hrctl(c, undo, 0, arena, NULL);
    s_hrctl(c, sv, 0, arena, NULL);
    assert_int_equal(wfe_get(c, id, arena)->n_payments, 4);

    // 6. All paid: the case leaves the clerk's list (they still read it by id).
    assert_int_equal(s_list(c, arena)->n_cases, 0);
    assert_int_equal(wfe_call(c, "E0400", "payroll", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&mine),
                     HR_OK);
    assert_int_equal(mine->case_->n_payments, 4);

    // 7. A claim is not the directory's word: the manager claiming payroll pays nothing.
    wfe_refused_zh(c, "E0101", "manager,payroll", "workflow.RecordPayment", &pay.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EDENIED, "payroll office",
                   "薪资人员");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The one send of template tpl in language for case id in the workflow's outbox.
static const Hr__Workflow__WorkflowNotifySend *s_send(e2e_t *c, const char *id, const char *tpl,
                                                      const char *language, hr_arena_t *arena)
{
    Hr__Workflow__ListOutboxRequest req = HR__WORKFLOW__LIST_OUTBOX_REQUEST__INIT;
    req.max = 1000;
    Hr__Workflow__ListOutboxReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListOutbox", &req.base,
                              &hr__workflow__list_outbox_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    const Hr__Workflow__WorkflowNotifySend *found = NULL;
    for (size_t i = 0; i < rep->n_rows; i++) {
        const Hr__Workflow__WorkflowNotifySend *s = rep->rows[i]->send;
        if (s && !strcmp(s->case_id, id) && !strcmp(s->template_id, tpl) &&
            !strcmp(s->language, language)) {
            assert_null(found); // one
            found = s;
        }
    }
    assert_non_null(found);
    return found;
}

static const char *s_var(const Hr__Workflow__WorkflowNotifySend *s, const char *key)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (!strcmp(s->vars[i]->key, key))
            return s->vars[i]->value;
    fail_msg("%s has no %s", s->template_id, key);
    return NULL;
}

// fen as the English mail says it: CNY 12,345.67.
static const char *s_cny(int64_t fen, hr_arena_t *arena)
{
    long long yuan = (long long)(fen / 100);
    char digits[32], grouped[48];
    int nd = snprintf(digits, sizeof digits, "%lld", yuan);
    size_t o = 0;
    for (int i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    return hr_arena_fmt(arena, "CNY %s.%02lld", grouped, (long long)(fen % 100));
}

// E0110's Art. 40(3) case (manager E0101) reviewed with pay in lieu of notice, its notice served
// and recorded on 2026-12-01, the contract ending 2026-12-20: its outcome fixes money. Its id
// (arena).
static char *s_outcome_fixed(e2e_t *c, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-20";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", "E0110", &rv, arena);
    assert_true(rep->accepted);
    char *id = rep->case_->id;
    wfe_interview_held(c, id, "2026-12-01", arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-20";
    oc.evidence_id = SHA4;
    assert_true(wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena)->accepted);
    return id;
}

// What the case owes changes after the payroll office was told: the notice is revoked with the
// employee's agreement (LCL 36), so nothing for the contract's end is owed. The clerk is told
// again (payment_changed, history payroll_told) with the amounts before and now, and the case
// leaves their list. Before that, while the only payroll clerk has neither email nor mobile, the
// workflow's status and hrctl health say the payroll office can be told of nothing.
static void test_the_payroll_office_is_told_again_when_what_is_owed_changes(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-payroll-changed");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_int_equal(wfe_import_people(c, S_PAYROLL_CSV, arena)->imported, 1);
    char *id = s_outcome_fixed(c, arena);
    int64_t severance = wfe_get(c, id, arena)->assessment->severance_fen;
    assert_true(severance > 0);
    char *due = wfe_told(c, id, "payment_due", false, arena);
    assert_true(wfe_told_to(due, "E0400"));
    assert_true(wfe_told_to(due, "E0008")); // the demo's own payroll office (deploy/demo)
    assert_null(e2e_status_extra(c, "workflow", "payroll_unreached", arena));

    // 1. The payroll people's emails and mobiles gone from the directory: a case awaits payment
    //    and no one in payroll hears of it. HR still pays, so this is not payment_nobody.
    assert_int_equal(
        wfe_import_people(c,
                          "employee_no,name,department_id,manager_no,email,mobile,roles,language\n"
                          "E0400,薪资专员,ADMIN,E0002,,,payroll,en\n"
                          "E0008,林娜,ADMIN,E0004,,,payroll,zh\n",
                          arena)
            ->imported,
        2);
    const char *v = e2e_status_extra(c, "workflow", "payroll_unreached", arena);
    assert_non_null(v);
    assert_string_equal(v, "1");
    assert_null(e2e_status_extra(c, "workflow", "payment_nobody", arena));
    const char *const health[] = {"health", NULL};
    char *out = NULL, *err = NULL;
    e2e_hrctl(c, &out, &err, health); // other daemons are not running: its exit says so
    wfe_has("hrctl health", out ? out : "", "1 case(s) await payment and nobody with role payroll");
    wfe_has("hrctl health", out ? out : "", "没有可接收通知的薪资人员");
    hr_free(out);
    hr_free(err);
    assert_int_equal(wfe_import_people(c, S_PAYROLL_CSV, arena)->imported, 1);
    assert_null(e2e_status_extra(c, "workflow", "payroll_unreached", arena)); // E0400 again

    // 2. The employee agrees on 12-03 that the notice is revoked; the case's HR person records
    //    it. The clerk is told what changed, in English (their language), to the fen.
    wfe_clock_to(c, "2026-12-03", 10, arena);
    wfe_attach(c, "E0003", "hr", id, "agreement", SHA5, arena);
    Hr__Workflow__RescindCaseRequest rs = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
    rs.case_id = id;
    rs.agreement_date = "2026-12-03";
    rs.reason = "双方协商一致撤销解除通知";
    rs.evidence_id = SHA5;
    assert_true(
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.RescindCase", &rs.base, arena)->accepted);
    char *told = wfe_told(c, id, "payment_changed", false, arena);
    if (!wfe_told_to(told, "E0400"))
        fail_msg("payment_changed told '%s', not E0400", told);
    Hr__Workflow__Case *full = wfe_get(c, id, arena);
    assert_int_equal(wfe_history_count(full, "payroll_told"), 2);
    const Hr__Workflow__WorkflowNotifySend *send = s_send(c, id, "payment_changed", "en", arena);
    assert_string_equal(send->language, "en");
    assert_string_equal(s_var(send, "notice_pay_was"), "CNY 16,000.00");
    assert_string_equal(s_var(send, "notice_pay"), "none");
    assert_string_equal(s_var(send, "severance_was"), s_cny(severance, arena));
    assert_string_equal(s_var(send, "severance"), "none");
    assert_string_equal(s_var(send, "owed"), "none");
    wfe_has("payment_changed why", s_var(send, "why"), "revoked with the employee's agreement");
    assert_int_equal(s_list(c, arena)->n_cases, 0); // nothing is owed any more
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_payroll_office_pays_the_case_it_is_told_of),
        cmocka_unit_test(test_the_payroll_office_is_told_again_when_what_is_owed_changes),
    };
    return cmocka_run_group_tests_name("e2e.workflow_payroll", tests, NULL, NULL);
}
