/*  e2e.workflow_payment - what was paid after the outcome, through the real daemon and hrctl.
 *
 *  E0110's Art. 40(3) case (manager E0101), reviewed with pay in lieu of notice (notice pay
 *  16000.00) and ended on 2026-12-01. Before the outcome no payment is recorded (Chinese first);
 *  the operator records none. After it, HR (E0003) pays the severance in part through
 *  `hrctl case pay` (yuan typed, exact to the fen; 1.234 refused naming --amount), and the notice
 *  pay by a request sent twice with one msg_id (a retry): one row, one journal entry. The pay
 *  statement lists the rows and the severance still owed with LCL 50/85's warning; the rest paid
 *  twice by mistake shows overpaid until the second row is reversed (a row of its own, never an
 *  edit). The rows survive a restart; the manager reads the case without them (money_hidden).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

// hrctl with args; fails unless it exits `want`. Its stdout (arena; stderr too when err).
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

// fen as hrctl takes it: "12345.67".
static char *s_yuan(hr_arena_t *arena, int64_t fen)
{
    return hr_arena_fmt(arena, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

// How many of the case's journal entries the request `type` wrote.
static size_t s_journaled(e2e_t *c, const char *id, const char *type, hr_arena_t *arena)
{
    Hr__Workflow__CaseJournalRequest req = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
    req.case_id = (char *)id;
    Hr__Workflow__CaseJournalReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.CaseJournal", &req.base,
                              &hr__workflow__case_journal_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    size_t n = 0;
    for (size_t i = 0; i < rep->n_entries; i++)
        n += !strcmp(rep->entries[i]->request, type);
    return n;
}

static void test_payments_after_the_outcome_are_recorded_once_and_balanced(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-payment");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", "E0110", &rv, arena);
    assert_true(rep->accepted);
    char *id = rep->case_->id;
    int64_t severance = rep->case_->assessment->severance_fen;
    assert_true(severance > 100000);
    assert_int_equal(rep->case_->assessment->notice_pay_fen, 1600000);

    // 1. Before the outcome: refused, Chinese first, nothing written.
    Hr__Workflow__RecordPaymentRequest pay = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    pay.case_id = id;
    pay.item = "notice_pay";
    pay.amount_fen = 1600000;
    pay.method = "bank";
    pay.reference = "ICBC-20261201-0001";
    wfe_refused_zh(c, "E0003", "hr", "workflow.RecordPayment", &pay.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_ECONFLICT, "no outcome",
                   "尚未记录解除结果");
    assert_int_equal(wfe_get(c, id, arena)->n_payments, 0);

    // The interview held and confirmed, the notice served: the outcome.
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
    wfe_clock_to(c, "2026-12-04", 10, arena);

    // 2. The operator pays nobody: an HR person records in their own name.
    wfe_refused_zh(c, NULL, NULL, "workflow.RecordPayment", &pay.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EDENIED, "not the operator",
                   "运维账号");

    // 3. The severance in part through hrctl, typed in yuan: all but 123.45.
    const char *part = s_yuan(arena, severance - 12345);
    const char *const first[] = {
        "case",       "pay",      id,     "--item",      "severance", "--amount", part,    "--date",
        "2026-12-02", "--method", "bank", "--reference", "ICBC-1",    "--as",     "E0003", NULL};
    wfe_has("case pay", s_hrctl(c, first, 0, arena, NULL), "payment ");
    // Three decimals: refused before anything is sent, the option named, Chinese first.
    const char *const typo[] = {"case",     "pay",   id,         "--item", "severance",
                                "--amount", "1.234", "--method", "bank",   "--reference",
                                "X",        "--as",  "E0003",    NULL};
    char *err = NULL;
    s_hrctl(c, typo, 2, arena, &err);
    wfe_has("1.234 refused", err, "--amount（金额）");
    wfe_has("1.234 refused", err, "两位小数");

    // 4. The notice pay by one request sent twice with the same msg_id: one row.
    char msg_id[HR_ID_LEN + 1];
    hr_id_make((int64_t)zclock_time(), msg_id);
    Hr__Workflow__CaseReply *r1 = NULL, *r2 = NULL;
    assert_int_equal(wfe_send_msg_id(c, msg_id, 1, "workflow.RecordPayment", "E0003", "hr",
                                     &pay.base, &hr__workflow__case_reply__descriptor, arena,
                                     (void **)&r1),
                     HR_OK);
    assert_int_equal(wfe_send_msg_id(c, msg_id, 2, "workflow.RecordPayment", "E0003", "hr",
                                     &pay.base, &hr__workflow__case_reply__descriptor, arena,
                                     (void **)&r2),
                     HR_OK);
    assert_int_equal(r1->case_->n_payments, 2);
    assert_int_equal(r2->case_->n_payments, 2); // the stored reply, not a second row
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(cs->n_payments, 2);
    const Hr__Workflow__Payment *np = cs->payments[1];
    assert_string_equal(np->item, "notice_pay");
    assert_int_equal(np->amount_fen, 1600000);
    assert_string_equal(np->paid_date, "2026-12-04"); // no date given: today, company time
    assert_string_equal(np->recorded_by, "E0003");
    assert_string_equal(np->msg_id, msg_id);
    assert_int_equal(s_journaled(c, id, "workflow.RecordPayment", arena), 2);

    // 5. The statement: the rows, the severance still owed with LCL 50 and 85, notice pay even.
    const char *const doc[] = {"case", "document", id, "pay_statement", "--lang", "en", NULL};
    char *st = s_hrctl(c, doc, 0, arena, NULL);
    wfe_has("statement", st, "IV. Payments recorded");
    wfe_has("statement", st, "2026-12-02  severance");
    wfe_has("statement", st, "bank ICBC-1  recorded by E0003");
    wfe_has("statement", st, "still owed CNY 123.45");
    wfe_has("statement", st, "LCL Art. 85");
    wfe_has("statement", st, "handover done on: not recorded");
    wfe_has("statement", st, "notice_pay: due CNY 16,000.00, paid CNY 16,000.00, balance CNY 0.00");
    const char *const doc_zh[] = {"case", "document", id, "pay_statement", NULL};
    wfe_has("statement (zh)", s_hrctl(c, doc_zh, 0, arena, NULL), "尚欠 人民币123.45元");

    // 6. The rest paid twice by mistake: overpaid, until the second row is reversed.
    const char *const rest[] = {"case",       "pay",      id,       "--item",
                                "severance",  "--amount", "123.45", "--date",
                                "2026-12-03", "--method", "bank",   "--reference",
                                "ICBC-2",     "--as",     "E0003",  NULL};
    s_hrctl(c, rest, 0, arena, NULL);
    s_hrctl(c, rest, 0, arena, NULL);
    wfe_has("overpaid", s_hrctl(c, doc, 0, arena, NULL), "overpaid CNY 123.45");
    cs = wfe_get(c, id, arena);
    assert_int_equal(cs->n_payments, 4);
    const char *const undo[] = {
        "case",           "pay",  id,      "--reverses", cs->payments[3]->id, "--note",
        "recorded twice", "--as", "E0003", NULL};
    s_hrctl(c, undo, 0, arena, NULL);
    st = s_hrctl(c, doc, 0, arena, NULL);
    wfe_has("reversed", st, hr_arena_fmt(arena, "reverses payment %s", cs->payments[3]->id));
    wfe_has("reversed", st, "CNY -123.45");
    assert_null(strstr(st, "overpaid CNY"));
    assert_null(strstr(st, "still owed CNY"));
    // A row reversed already is not reversed again.
    s_hrctl(c, undo, 1, arena, NULL);

    // 7. Durable: the rows are there after a restart; the manager reads none of them.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    cs = wfe_get(c, id, arena);
    assert_int_equal(cs->n_payments, 5);
    assert_string_equal(cs->payments[4]->reverses, cs->payments[3]->id);
    assert_int_equal(s_journaled(c, id, "workflow.RecordPayment", arena), 5);
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    Hr__Workflow__CaseReply *mine = NULL;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&mine),
                     HR_OK);
    assert_true(mine->case_->money_hidden);
    assert_int_equal(mine->case_->n_payments, 0);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payments_after_the_outcome_are_recorded_once_and_balanced),
    };
    return cmocka_run_group_tests_name("e2e.workflow_payment", tests, NULL, NULL);
}
