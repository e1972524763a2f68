/*  e2e.workflow_employee_notice - the employee is told what happens to them once their case
 *  ends, by email and SMS, through the real daemons.
 *
 *  hr-workflow, hr-notify, aiosmtpd and an HTTP SMS gateway. E0110's Art. 40(3) case (manager
 *  E0101, reviewed by the HR head E0002) with pay in lieu of notice, served and ending on
 *  2026-12-01. HR records the outcome: E0110's email says the contract ends (解除) on
 *  2026年12月1日, the notice served and how, the severance and the notice pay to the fen and when
 *  each is paid, the certificate and where to collect it, and the transfer; their SMS the ending,
 *  the day and both amounts - the Chinese dates as the documents write them, no ISO day, and no
 *  case id in the subject or the SMS. HR records a payment of part of the severance on
 *  2026-12-03: the email and SMS name 经济补偿, the amount to the fen and the day. The case closed
 *  and the transfer recorded done on 2026-12-04: both say so. The payment's reversal on
 *  2026-12-04 tells what was reversed, the amount, its day and what is owed again; the
 *  certificate recorded issued that day tells its day and where to collect it. E0110's
 *  email and mobile then taken out of the directory while money is still owed: sys.Status names
 *  them (employee_nobody=E0110) and hrctl health says nobody can tell them. E0117's case, the
 *  directory giving them neither: its outcome is recorded with EMPLOYEE_NOT_NOTIFIED (a warning:
 *  HR tells them in writing) and nothing is queued for them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"
#include "workflow_util.h"

#define WAIT_MS 25000
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define EMPLOYEE "E0110"
#define EMPLOYEE_MAIL "wang.lei@example.com"
#define EMPLOYEE_MOBILE "13800000110"

typedef struct {
    e2e_t *c;          // owned: notify and workflow
    hr_arena_t *arena; // owned
    nt_peer_t smtp;    // aiosmtpd
    nt_peer_t http;    // the SMS gateway (generic webhook)
} fixture_t;

// fen as the Chinese documents write it: 人民币12,345.67元.
static const char *s_yuan(hr_arena_t *arena, int64_t fen)
{
    char digits[32], grouped[48];
    int nd = snprintf(digits, sizeof digits, "%lld", (long long)(fen / 100));
    size_t o = 0;
    for (int i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    return hr_arena_fmt(arena, "人民币%s.%02lld元", grouped, (long long)(fen % 100));
}

// fen as an SMS writes it: 12,345.67元 (no 人民币, for length).
static const char *s_sms_yuan(hr_arena_t *arena, int64_t fen)
{
    return s_yuan(arena, fen) + strlen("人民币");
}

// The one email to the employee whose subject holds `what`: its text (and subject).
static const char *s_mail(fixture_t *fx, const char *what, const char **subject)
{
    json_t *mails = nt_peer_wait_for(&fx->smtp, false, EMPLOYEE_MAIL, what, 1, WAIT_MS);
    if (json_array_size(mails) != 1)
        fail_msg("emails to the employee with '%s': %zu, want 1", what, json_array_size(mails));
    json_t *m = json_array_get(mails, 0);
    const char *text = hr_arena_strdup(fx->arena, nt_peer_str(m, "text"));
    *subject = hr_arena_strdup(fx->arena, nt_peer_str(m, "subject"));
    json_decref(mails);
    printf("email to the employee: %s\n%s\n", *subject, text);
    return text;
}

// The one SMS of template tpl to the employee: its text.
static const char *s_sms(fixture_t *fx, const char *tpl)
{
    json_t *sms = nt_peer_wait_for(&fx->http, true, EMPLOYEE_MOBILE, tpl, 1, WAIT_MS);
    if (json_array_size(sms) != 1)
        fail_msg("SMS %s to the employee: %zu, want 1", tpl, json_array_size(sms));
    const char *text = hr_arena_strdup(
        fx->arena, nt_peer_str(json_object_get(json_array_get(sms, 0), "json"), "text"));
    json_decref(sms);
    printf("SMS to the employee (%s, %zu bytes): %s\n", tpl, strlen(text), text);
    return text;
}

// Neither an ISO day nor the case id in a Chinese text to the employee (the id: not in an SMS).
static void s_no_iso_day(const char *what, const char *text)
{
    if (strstr(text, "2026-12-"))
        fail_msg("%s has an ISO day: %s", what, text);
}

// The demo directory imported again with the email and mobile `pair` ("a@x,138...") left empty.
static void s_without_contacts(e2e_t *c, const char *pair, hr_arena_t *arena)
{
    char *path = hr_test_source_path("deploy/demo/people.csv");
    char *csv = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_non_null(csv);
    char *at = strstr(csv, pair);
    assert_non_null(at);
    *at = ','; // the comma between the two empty fields
    memmove(at + 1, at + strlen(pair), strlen(at + strlen(pair)) + 1);
    wfe_import_people(c, csv, arena);
    hr_free(csv);
}

static void test_the_employee_is_told_the_end_the_payments_and_the_transfer(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    fx.c = e2e_new("wf-enotice");
    fx.arena = hr_arena_new(0);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    assert_int_equal(nt_e2e_peers(c, &fx.smtp, &fx.http), 0);
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    wfe_config_files(c);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路 100 号");
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", EMPLOYEE, &rv, arena);
    assert_true(rep->accepted);
    char *id = rep->case_->id;
    wfe_interview_held(c, id, "2026-12-01", arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena);

    // 1. The outcome: the ending, the day, how the notice reached them, the money and when, the
    //    certificate and the transfer.
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = SHA4;
    rep = wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_true(rep->accepted);
    for (size_t i = 0; i < rep->n_problems; i++)
        assert_string_not_equal(rep->problems[i]->code, "EMPLOYEE_NOT_NOTIFIED");
    int64_t severance = rep->case_->assessment->severance_fen;
    assert_true(severance > 0);
    assert_int_equal(rep->case_->assessment->notice_pay_fen, 1600000);
    const char *subject = NULL;
    const char *text = s_mail(&fx, "劳动合同解除", &subject);
    wfe_has("ending", text, "王磊，您好");
    wfe_has("ending", text,
            "示例科技有限公司人力资源部通知您：您与公司的劳动合同于2026年12月1日解除，"
            "2026年12月1日是劳动合同的最后一日。");
    wfe_has("ending", text, "《解除劳动合同通知书》已于2026年12月1日送达您");
    wfe_has(
        "ending", text,
        hr_arena_fmt(arena, "· 经济补偿：%s，于您办结工作交接时支付", s_yuan(arena, severance)));
    wfe_has("ending", text,
            "· 代通知金（额外支付的一个月工资）：人民币16,000.00元，不迟于劳动合同最后一日"
            "（2026年12月1日）支付");
    wfe_has("ending", text, "为您出具《解除劳动合同的证明》");
    wfe_has("ending", text, "请到上海市浦东新区示例路 100 号向李静领取");
    wfe_has("ending", text, "档案和社会保险关系转移手续");
    wfe_has("ending", text, "如有疑问，请联系李静 li.jing@example.com 13800000002。");
    wfe_has("ending", text, id); // the reference
    s_no_iso_day("the ending email", text);
    assert_null(strstr(subject, id));
    const char *sms = s_sms(&fx, "employment_ended");
    wfe_has("ending SMS", sms, "示例科技有限公司人力资源部：您的劳动合同于2026年12月1日解除。");
    wfe_has("ending SMS", sms,
            hr_arena_fmt(arena,
                         "经济补偿%s于交接时支付，代通知金16,000.00元不迟于"
                         "2026年12月1日支付。详见邮件。",
                         s_sms_yuan(arena, severance)));
    wfe_has("ending SMS", sms, "李静 13800000002");
    s_no_iso_day("the ending SMS", sms);
    assert_null(strstr(sms, id));

    // 2. A payment of part of the severance: what for, to the fen, the day.
    wfe_clock_to(c, "2026-12-03", 10, arena);
    Hr__Workflow__RecordPaymentRequest pay = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    pay.case_id = id;
    pay.item = "severance";
    pay.amount_fen = 123456;
    pay.paid_date = "2026-12-03";
    pay.method = "bank";
    pay.reference = "ICBC-7";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.RecordPayment", &pay.base, arena);
    assert_true(rep->accepted);
    text = s_mail(&fx, "款项支付通知", &subject);
    wfe_has("payment subject", subject, "经济补偿");
    wfe_has("payment", text,
            "公司已于2026年12月3日向您支付经济补偿人民币1,234.56元（银行转账，凭证号 ICBC-7）。");
    wfe_has("payment", text,
            hr_arena_fmt(arena, "尚待支付给您的款项合计：%s。",
                         s_yuan(arena, severance - 123456 + 1600000)));
    s_no_iso_day("the payment email", text);
    sms = s_sms(&fx, "payment_made");
    wfe_has(
        "payment SMS", sms,
        hr_arena_fmt(arena,
                     "公司已于2026年12月3日向您支付经济补偿1,234.56元（银行转账）。尚待支付您%s。",
                     s_sms_yuan(arena, severance - 123456 + 1600000)));
    s_no_iso_day("the payment SMS", sms);
    assert_null(strstr(sms, id));
    // A reversal of it (a correction, the next day): what was reversed, the amount, its day and
    // what is owed again; the note stays HR's.
    wfe_clock_to(c, "2026-12-04", 9, arena);
    Hr__Workflow__Case *full = wfe_get(c, id, arena);
    Hr__Workflow__RecordPaymentRequest undo = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    undo.case_id = id;
    undo.reverses = full->payments[0]->id;
    undo.paid_date = "2026-12-04";
    undo.note = "wrong account";
    assert_true(
        wfe_case_do(c, "E0003", "hr", "workflow.RecordPayment", &undo.base, arena)->accepted);
    text = s_mail(&fx, "款项记录更正", &subject);
    wfe_has("reversal subject", subject, "经济补偿");
    wfe_has("reversal", text,
            "此前告知您公司已于2026年12月3日向您支付经济补偿人民币1,234.56元（银行转账），"
            "该付款记录已于2026年12月4日更正撤销");
    wfe_has(
        "reversal", text,
        hr_arena_fmt(arena, "尚待支付给您的款项合计：%s。", s_yuan(arena, severance + 1600000)));
    assert_null(strstr(text, "wrong account"));
    s_no_iso_day("the reversal email", text);
    sms = s_sms(&fx, "payment_reversed");
    wfe_has("reversal SMS", sms,
            "2026年12月3日向您支付经济补偿1,234.56元的记录已更正撤销。尚待支付您");
    s_no_iso_day("the reversal SMS", sms);
    assert_null(strstr(sms, id));

    // 3. The case closed, the transfer recorded done: its day.
    wfe_clock_to(c, "2026-12-04", 10, arena);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    assert_true(
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.CloseCase", &cl.base, arena)->accepted);
    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "transfer";
    du.done_date = "2026-12-04";
    assert_true(
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.CompleteDuty", &du.base, arena)->accepted);
    text = s_mail(&fx, "档案和社会保险关系转移", &subject);
    wfe_has("transfer", text, "您的档案和社会保险关系转移手续已于2026年12月4日办理完成");
    sms = s_sms(&fx, "transfer_done");
    wfe_has("transfer SMS", sms, "已于2026年12月4日办理完成");
    s_no_iso_day("the transfer SMS", sms);
    // The certificate recorded issued: its day, and where to collect it if not handed over.
    du.key = "certificate";
    assert_true(
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.CompleteDuty", &du.base, arena)->accepted);
    text = s_mail(&fx, "已出具", &subject);
    wfe_has("certificate subject", subject, "《解除劳动合同的证明》已出具");
    wfe_has("certificate", text, "公司已于2026年12月4日为您出具《解除劳动合同的证明》");
    wfe_has("certificate", text, "如尚未交给您，请到上海市浦东新区示例路 100 号向李静领取");
    s_no_iso_day("the certificate email", text);
    sms = s_sms(&fx, "certificate_issued");
    wfe_has("certificate SMS", sms, "已于2026年12月4日为您出具《解除劳动合同的证明》");
    wfe_has("certificate SMS", sms, "李静 13800000002领取");
    s_no_iso_day("the certificate SMS", sms);
    assert_null(strstr(sms, id));
    // Every SMS to the employee: the interview's invitation, then one each.
    json_t *all = nt_peer_wait_for(&fx.http, true, EMPLOYEE_MOBILE, "", 6, WAIT_MS);
    assert_int_equal(json_array_size(all), 6);
    json_decref(all);
    full = wfe_get(c, id, arena);
    size_t told = 0;
    for (size_t i = 0; i < full->n_notifications; i++)
        for (size_t k = 0; k < full->notifications[i]->n_to; k++)
            told += !strcmp(full->notifications[i]->to[k], EMPLOYEE);
    assert_int_equal(told, 6);

    // 4. Neither an email nor a mobile while money is still owed: the status and hrctl health
    //    name the employee nobody can tell.
    assert_null(e2e_status_extra(c, "workflow", "employee_nobody", arena));
    s_without_contacts(c, EMPLOYEE_MAIL "," EMPLOYEE_MOBILE, arena);
    const char *v = e2e_status_extra(c, "workflow", "employee_nobody", arena);
    assert_non_null(v);
    assert_string_equal(v, EMPLOYEE);
    char *out = NULL, *err = NULL;
    const char *const health[] = {"health", NULL};
    e2e_hrctl(c, &out, &err, health);
    wfe_has("hrctl health", out ? out : "", "workflow: nobody can tell E0110");
    hr_free(out);
    hr_free(err);

    // 5. E0117's case, the directory giving them neither: the outcome is recorded with
    //    EMPLOYEE_NOT_NOTIFIED (HR tells them in writing) and nothing is queued for them.
    static const char *const sha[3] = {
        "1111111111111111111111111111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222222222222222222222222222",
        "3333333333333333333333333333333333333333333333333333333333333333"};
    wfe_clock_to(c, "2026-12-07", 9, arena);
    s_without_contacts(c, "wu.hao@example.com,13800000117", arena);
    char *id2 = wfe_a39_1_submitted(c, sha, arena);
    Hr__Workflow__ReviewCaseRequest rv2 = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv2.case_id = id2;
    rv2.notice_date = "2026-12-07";
    rv2.effective_date = "2026-12-07";
    rv2.reasons = "e2e: the facts and reasons HR states";
    rv2.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena);
    rv2.n_facts = 3;
    assert_true(
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv2.base, arena)->accepted);
    wfe_interview_held(c, id2, "2026-12-07", arena);
    ci.case_id = id2;
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_attach(c, "E0003", "hr", id2, "notice_letter", SHA4, arena);
    oc.case_id = id2;
    oc.served_date = "2026-12-07";
    oc.effective_date = "2026-12-07";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_true(rep->accepted);
    const Hr__Workflow__Finding *warned = NULL;
    for (size_t i = 0; i < rep->n_problems; i++)
        if (!strcmp(rep->problems[i]->code, "EMPLOYEE_NOT_NOTIFIED"))
            warned = rep->problems[i];
    assert_non_null(warned);
    assert_string_equal(warned->severity, "warn");
    wfe_has("EMPLOYEE_NOT_NOTIFIED", warned->message_zh, "请 HR 书面告知本人");
    assert_int_equal(wfe_outbox_count(c, id2, "employment_ended", arena, NULL), 0);
    Hr__Workflow__Case *cs2 = wfe_get(c, id2, arena);
    for (size_t i = 0; i < cs2->n_notifications; i++)
        assert_string_not_equal(cs2->notifications[i]->template_id, "employment_ended");
    v = e2e_status_extra(c, "workflow", "employee_nobody", arena);
    assert_non_null(v);
    assert_string_equal(v, "E0117"); // E0110's contacts are back with the demo's rows

    nt_peer_free(&fx.smtp);
    nt_peer_free(&fx.http);
    hr_arena_destroy(&fx.arena);
    assert_int_equal(e2e_stop(&fx.c), 0);
}

// E0110 with a mobile and no email (a factory worker who reads SMS only): the SMS is all they
// read, so the ending's says the money, where and when to collect the certificate, the
// transfer's day and the arbitration limit, and a part payment's says the balance still owed -
// never "详见邮件".
static void test_an_employee_without_email_reads_it_all_by_sms(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    fx.c = e2e_new("wf-enosms");
    fx.arena = hr_arena_new(0);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    assert_int_equal(nt_e2e_peers(c, &fx.smtp, &fx.http), 0);
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    wfe_config_files(c);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路 100 号");
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // The demo's people again, E0110's email left out (the mobile kept).
    char *path = hr_test_source_path("deploy/demo/people.csv");
    char *csv = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_non_null(csv);
    char *at = strstr(csv, EMPLOYEE_MAIL "," EMPLOYEE_MOBILE);
    assert_non_null(at);
    memmove(at, at + strlen(EMPLOYEE_MAIL), strlen(at + strlen(EMPLOYEE_MAIL)) + 1);
    wfe_import_people(c, csv, arena);
    hr_free(csv);

    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", EMPLOYEE, &rv, arena);
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
    oc.effective_date = "2026-12-01";
    oc.evidence_id = SHA4;
    rep = wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_true(rep->accepted);
    int64_t severance = rep->case_->assessment->severance_fen;
    const char *limit = rep->case_->assessment->arbitration_limit_date;
    const char *transfer = "";
    for (size_t i = 0; i < rep->case_->n_steps; i++)
        if (!strcmp(rep->case_->steps[i]->key, "transfer"))
            transfer = rep->case_->steps[i]->due_date;
    assert_true(*limit && *transfer);
    int32_t ld = 0, td = 0;
    assert_true(hr_date_parse(limit, &ld) && hr_date_parse(transfer, &td));
    int ly, lm, lday, ty, tm, tday;
    hr_date_to_ymd(ld, &ly, &lm, &lday);
    hr_date_to_ymd(td, &ty, &tm, &tday);
    const char *sms = s_sms(&fx, "employment_ended");
    wfe_has("ending SMS", sms,
            hr_arena_fmt(arena,
                         "经济补偿%s于交接时支付，代通知金16,000.00元不迟于2026年12月1日支付。",
                         s_sms_yuan(arena, severance)));
    wfe_has("ending SMS", sms,
            "《解除劳动合同的证明》于2026年12月1日起到上海市浦东新区示例路 100 号向李静领取。");
    wfe_has("ending SMS", sms,
            hr_arena_fmt(arena, "档案和社保关系不迟于%d年%d月%d日转移。", ty, tm, tday));
    wfe_has("ending SMS", sms,
            hr_arena_fmt(arena, "如有异议，可不迟于%d年%d月%d日申请劳动仲裁。", ly, lm, lday));
    assert_null(strstr(sms, "邮件"));
    s_no_iso_day("the ending SMS", sms);

    // A part payment: the balance still owed, and the reference, in the SMS.
    wfe_clock_to(c, "2026-12-03", 10, arena);
    Hr__Workflow__RecordPaymentRequest pay = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    pay.case_id = id;
    pay.item = "severance";
    pay.amount_fen = 123456;
    pay.paid_date = "2026-12-03";
    pay.method = "bank";
    pay.reference = "ICBC-7";
    assert_true(
        wfe_case_do(c, "E0003", "hr", "workflow.RecordPayment", &pay.base, arena)->accepted);
    sms = s_sms(&fx, "payment_made");
    wfe_has("payment SMS", sms,
            hr_arena_fmt(arena,
                         "公司已于2026年12月3日向您支付经济补偿1,234.56元（银行转账）。"
                         "尚待支付您%s。凭证号 ICBC-7。",
                         s_sms_yuan(arena, severance - 123456 + 1600000)));
    assert_null(strstr(sms, "邮件"));

    nt_peer_free(&fx.smtp);
    nt_peer_free(&fx.http);
    hr_arena_destroy(&fx.arena);
    assert_int_equal(e2e_stop(&fx.c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_employee_is_told_the_end_the_payments_and_the_transfer),
        cmocka_unit_test(test_an_employee_without_email_reads_it_all_by_sms),
    };
    return cmocka_run_group_tests_name("e2e.workflow_employee_notice", tests, NULL, NULL);
}
