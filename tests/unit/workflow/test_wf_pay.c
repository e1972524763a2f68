/*  unit.workflow.pay - payments after the outcome (wf_pay.c): amounts typed in yuan parsed
 *  exactly to fen (no floating point: 0.1 + 0.2 is 0.30, 12345.67 is 1234567), refused with a
 *  reason for more than two decimals, a sign, a comma, an exponent, zero or an amount past the
 *  limit (digit by digit, so a 30-digit number never overflows); the balance of each item against
 *  the outcome's assessment, net of reversals, owed or overpaid; and which requests
 *  wf_pay_check refuses, naming the field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf.h"

// ---------------------------------------------------------------------------------------------
// The amount parser

typedef struct {
    const char *text;        // as typed
    wf_pay_amount_why_t why; // the answer
    int64_t fen;             // with WF_PAY_AMOUNT_OK
} s_amount_row_t;

static const s_amount_row_t s_amounts[] = {
    {"12345.67", WF_PAY_AMOUNT_OK, 1234567},
    // Each of these times 100 in a double falls just short of the fen (28.999999999999996, ...):
    // truncated, a fen is lost.
    {"0.29", WF_PAY_AMOUNT_OK, 29},
    {"1.15", WF_PAY_AMOUNT_OK, 115},
    {"4.35", WF_PAY_AMOUNT_OK, 435},
    {"8.20", WF_PAY_AMOUNT_OK, 820},
    {"1234567.89", WF_PAY_AMOUNT_OK, 123456789},
    {"0.1", WF_PAY_AMOUNT_OK, 10},
    {"0.2", WF_PAY_AMOUNT_OK, 20},
    {"0.3", WF_PAY_AMOUNT_OK, 30},
    {"0.30", WF_PAY_AMOUNT_OK, 30},
    {"1.005", WF_PAY_AMOUNT_DECIMALS, 0}, // never rounded: a typo, not 1.01 or 1.00
    {"0.001", WF_PAY_AMOUNT_DECIMALS, 0},
    {"12345.6", WF_PAY_AMOUNT_OK, 1234560},
    {"12345", WF_PAY_AMOUNT_OK, 1234500},
    {"0.01", WF_PAY_AMOUNT_OK, 1},
    {"007.50", WF_PAY_AMOUNT_OK, 750},
    {"1000000000", WF_PAY_AMOUNT_OK, LAW_MONEY_MAX_FEN},
    {"1000000000.00", WF_PAY_AMOUNT_OK, LAW_MONEY_MAX_FEN},
    {"1000000000.01", WF_PAY_AMOUNT_TOO_LARGE, 0},
    {"1000000001", WF_PAY_AMOUNT_TOO_LARGE, 0},
    {"92233720368547758.07", WF_PAY_AMOUNT_TOO_LARGE, 0}, // INT64_MAX fen
    {"999999999999999999999999999999", WF_PAY_AMOUNT_TOO_LARGE, 0},
    {"-1", WF_PAY_AMOUNT_NEGATIVE, 0},
    {"-0.01", WF_PAY_AMOUNT_NEGATIVE, 0},
    {"", WF_PAY_AMOUNT_EMPTY, 0},
    {"0", WF_PAY_AMOUNT_ZERO, 0},
    {"0.00", WF_PAY_AMOUNT_ZERO, 0},
    {"+5", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"1e3", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"12,345.67", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {".5", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"5.", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {" 5", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"5 ", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"5元", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"0x10", WF_PAY_AMOUNT_NOT_NUMBER, 0},
    {"0.1+0.2", WF_PAY_AMOUNT_NOT_NUMBER, 0},
};

static void test_amounts_in_yuan_parse_exactly_to_fen_or_say_why_not(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof s_amounts / sizeof s_amounts[0]; i++) {
        const s_amount_row_t *r = &s_amounts[i];
        int64_t fen = -1;
        wf_pay_amount_why_t why = wf_pay_amount_parse(r->text, &fen);
        if (why != r->why || fen != r->fen)
            fail_msg("'%s': got why %d fen %lld, want why %d fen %lld", r->text, (int)why,
                     (long long)fen, (int)r->why, (long long)r->fen);
        assert_true(why == WF_PAY_AMOUNT_OK || *wf_pay_amount_why(why, true));
        assert_true(why == WF_PAY_AMOUNT_OK || *wf_pay_amount_why(why, false));
    }
}

static void test_tenths_add_up_in_fen_as_they_do_not_in_doubles(void **state)
{
    (void)state;
    int64_t a = 0, b = 0, c = 0;
    assert_int_equal(wf_pay_amount_parse("0.1", &a), WF_PAY_AMOUNT_OK);
    assert_int_equal(wf_pay_amount_parse("0.2", &b), WF_PAY_AMOUNT_OK);
    assert_int_equal(wf_pay_amount_parse("0.3", &c), WF_PAY_AMOUNT_OK);
    assert_int_equal(a + b, c);
    // Ten instalments of 1234.57 make 12345.70 to the fen.
    int64_t part = 0, sum = 0, total = 0;
    assert_int_equal(wf_pay_amount_parse("1234.57", &part), WF_PAY_AMOUNT_OK);
    for (int i = 0; i < 10; i++)
        sum += part;
    assert_int_equal(wf_pay_amount_parse("12345.70", &total), WF_PAY_AMOUNT_OK);
    assert_int_equal(sum, total);
}

static void test_a_refused_amount_says_why_in_both_languages(void **state)
{
    (void)state;
    assert_non_null(strstr(wf_pay_amount_why(WF_PAY_AMOUNT_DECIMALS, false), "two decimals"));
    assert_non_null(strstr(wf_pay_amount_why(WF_PAY_AMOUNT_DECIMALS, true), "两位小数"));
    assert_non_null(strstr(wf_pay_amount_why(WF_PAY_AMOUNT_NEGATIVE, false), "--reverses"));
    assert_non_null(strstr(wf_pay_amount_why(WF_PAY_AMOUNT_TOO_LARGE, true), "上限"));
    assert_string_equal(wf_pay_amount_why(WF_PAY_AMOUNT_OK, false), "");
}

// ---------------------------------------------------------------------------------------------
// The balance

typedef struct {
    Hr__Workflow__Case c;
    Hr__Workflow__Assessment a;
    Hr__Workflow__Outcome o;
    Hr__Workflow__Payment rows[8];
    Hr__Workflow__Payment *list[8];
} s_case_t;

// A lawful case with severance 30000.00 and notice pay 10000.00, its notice served on
// 2026-12-01, the contract's last day 2026-12-01; no payment yet.
static void s_case(s_case_t *s)
{
    memset(s, 0, sizeof *s);
    hr__workflow__case__init(&s->c);
    hr__workflow__assessment__init(&s->a);
    hr__workflow__outcome__init(&s->o);
    s->c.id = "01JN00000000000000000000AA";
    s->a.lawful = true;
    s->a.severance_fen = 3000000;
    s->a.notice_pay_fen = 1000000;
    s->a.unlawful_compensation_fen = 6000000;
    s->a.effective_date = "2026-12-01";
    s->a.notice_date = "2026-12-01";
    s->o.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    s->o.served_date = "2026-12-01";
    s->o.effective_date = "2026-12-01";
    s->c.assessment = &s->a;
    s->c.outcome = &s->o;
    s->c.payments = s->list;
}

// Adds a row: item, fen, and the id of the row it reverses ("" for a payment).
static void s_pay(s_case_t *s, const char *id, const char *item, int64_t fen, const char *reverses)
{
    assert_true(s->c.n_payments < 8);
    Hr__Workflow__Payment *p = &s->rows[s->c.n_payments];
    hr__workflow__payment__init(p);
    p->id = (char *)id;
    p->item = (char *)item;
    p->amount_fen = fen;
    p->paid_date = "2026-12-05";
    p->method = "bank";
    p->reference = "REF";
    p->reverses = (char *)reverses;
    s->list[s->c.n_payments++] = p;
}

static void test_nothing_paid_leaves_the_whole_amounts_owed(void **state)
{
    (void)state;
    s_case_t s;
    s_case(&s);
    wf_pay_balance_t b;
    wf_pay_balance(&s.c, &b);
    assert_true(b.lines[WF_PAY_SEVERANCE].computed);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].balance_fen, 3000000);
    assert_int_equal(b.lines[WF_PAY_NOTICE].balance_fen, 1000000);
    assert_int_equal(b.lines[WF_PAY_UNLAWFUL].due_fen, 0); // lawful: the 2N is not owed
    assert_false(b.lines[WF_PAY_WAGES].computed);
    assert_int_equal(b.total_paid_fen, 0);
}

static void test_instalments_add_up_and_the_balance_is_what_remains(void **state)
{
    (void)state;
    s_case_t s;
    s_case(&s);
    s_pay(&s, "P1", "severance", 1000000, "");
    s_pay(&s, "P2", "severance", 1234567, "");
    s_pay(&s, "P3", "notice_pay", 1000000, "");
    s_pay(&s, "P4", "wages_owed", 550000, "");
    wf_pay_balance_t b;
    wf_pay_balance(&s.c, &b);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].paid_fen, 2234567);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].balance_fen, 765433);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].rows, 2);
    assert_int_equal(b.lines[WF_PAY_NOTICE].balance_fen, 0);
    assert_int_equal(b.lines[WF_PAY_WAGES].paid_fen, 550000);
    assert_int_equal(b.lines[WF_PAY_WAGES].balance_fen, 0); // not computed: no balance
    assert_int_equal(b.total_paid_fen, 2234567 + 1000000 + 550000);
}

static void test_a_reversal_takes_its_row_back_out_of_the_total(void **state)
{
    (void)state;
    s_case_t s;
    s_case(&s);
    s_pay(&s, "P1", "severance", 3000000, "");
    s_pay(&s, "P2", "severance", 3000000, ""); // recorded twice by mistake
    wf_pay_balance_t b;
    wf_pay_balance(&s.c, &b);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].balance_fen, -3000000); // overpaid
    s_pay(&s, "P3", "severance", 3000000, "P2");
    wf_pay_balance(&s.c, &b);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].paid_fen, 3000000);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].balance_fen, 0);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].rows, 3);
    assert_int_equal(b.total_paid_fen, 3000000);
}

static void test_an_unlawful_case_owes_the_2n_and_no_severance(void **state)
{
    (void)state;
    s_case_t s;
    s_case(&s);
    s.a.lawful = false;
    s.a.severance_fen = 0;
    s_pay(&s, "P1", "unlawful_compensation", 2000000, "");
    wf_pay_balance_t b;
    wf_pay_balance(&s.c, &b);
    assert_int_equal(b.lines[WF_PAY_UNLAWFUL].due_fen, 6000000);
    assert_int_equal(b.lines[WF_PAY_UNLAWFUL].balance_fen, 4000000);
    assert_int_equal(b.lines[WF_PAY_SEVERANCE].balance_fen, 0);
}

static void test_the_handover_date_is_the_handover_dutys_day_done(void **state)
{
    (void)state;
    s_case_t s;
    s_case(&s);
    assert_string_equal(wf_pay_handover_date(&s.c), "");
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    Hr__Workflow__CaseStep *steps[1] = {&st};
    st.key = WF_DUTY_HANDOVER;
    st.duty = true;
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    s.c.steps = steps;
    s.c.n_steps = 1;
    assert_string_equal(wf_pay_handover_date(&s.c), ""); // not done yet
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    st.done_date = "2026-12-03";
    assert_string_equal(wf_pay_handover_date(&s.c), "2026-12-03");
}

// ---------------------------------------------------------------------------------------------
// wf_pay_check

typedef struct {
    const char *what;     // the row, as a sentence
    bool no_outcome;      // the case has no outcome yet
    const char *item;     // request
    int64_t fen;          // request
    const char *date;     // request paid_date
    const char *method;   // request
    const char *ref;      // request reference
    const char *reverses; // request
    const char *note;     // request
    hr_rc_t want;         // the answer
    const char *field;    // in the English error
    const char *zh;       // in the Chinese one
} s_check_row_t;

#define TODAY "2026-12-10"

static const s_check_row_t s_checks[] = {
    {"a bank payment on the day", false, "severance", 100, "2026-12-05", "bank", "XYZ", "", "",
     HR_OK, "", ""},
    {"cash needs no reference", false, "other", 100, "", "cash", "", "", "", HR_OK, "", ""},
    {"before the outcome nothing is recorded", true, "severance", 100, "2026-12-05", "bank", "XYZ",
     "", "", HR_ECONFLICT, "no outcome", "尚未记录解除结果"},
    {"an unknown item", false, "bonus", 100, "2026-12-05", "bank", "XYZ", "", "", HR_EINVAL,
     "item:", "款项"},
    {"a zero amount", false, "severance", 0, "2026-12-05", "bank", "XYZ", "", "", HR_EINVAL,
     "amount_fen:", "金额"},
    {"a negative amount", false, "severance", -5, "2026-12-05", "bank", "XYZ", "", "", HR_EINVAL,
     "amount_fen:", "金额"},
    {"an amount past the limit", false, "severance", LAW_MONEY_MAX_FEN + 1, "2026-12-05", "bank",
     "XYZ", "", "", HR_EINVAL, "amount_fen:", "金额"},
    {"a day in the future", false, "severance", 100, "2026-12-11", "bank", "XYZ", "", "", HR_EINVAL,
     "paid_date:", "还没到"},
    {"a day before the notice was served", false, "severance", 100, "2026-11-30", "bank", "XYZ", "",
     "", HR_EINVAL, "paid_date:", "早于"},
    {"a day that is none", false, "severance", 100, "2026-02-30", "bank", "XYZ", "", "", HR_EINVAL,
     "paid_date:", "付款日期"},
    {"an unknown method", false, "severance", 100, "2026-12-05", "alipay", "XYZ", "", "", HR_EINVAL,
     "method:", "支付方式"},
    {"a bank transfer without its reference", false, "severance", 100, "2026-12-05", "bank", "", "",
     "", HR_EINVAL, "reference:", "凭证号"},
    {"a reference with a control character", false, "severance", 100, "2026-12-05", "bank",
     "X\x1b[2JY", "", "", HR_EINVAL, "reference:", "控制字符"},
    {"a reference on two lines", false, "severance", 100, "2026-12-05", "bank", "X\nY", "", "",
     HR_EINVAL, "reference:", "凭证号"},
    {"a reference too long", false, "severance", 100, "2026-12-05", "bank",
     "0123456789012345678901234567890123456789012345678901234567890123456789", "", "", HR_EINVAL,
     "reference:", "太长"},
    {"a reversal of a row", false, "", 0, "2026-12-06", "", "", "P1", "entered twice", HR_OK, "",
     ""},
    {"a reversal without its reason", false, "", 0, "2026-12-06", "", "", "P1", "", HR_EINVAL,
     "note:", "原因"},
    {"a reversal of a row that is not there", false, "", 0, "2026-12-06", "", "", "P9", "why",
     HR_EINVAL, "reverses:", "不存在"},
    {"a reversal of a reversal", false, "", 0, "2026-12-06", "", "", "P3", "why", HR_EINVAL,
     "reverses:", "更正"},
    {"a reversal of a row reversed already", false, "", 0, "2026-12-06", "", "", "P2", "why",
     HR_ECONFLICT, "reversed already", "已被更正"},
    {"a reversal with another amount", false, "severance", 99, "2026-12-06", "", "", "P1", "why",
     HR_EINVAL, "item/amount_fen:", "一致"},
};

static void test_a_payment_request_is_checked_field_by_field(void **state)
{
    (void)state;
    int32_t today = 0;
    assert_true(hr_date_parse(TODAY, &today));
    for (size_t i = 0; i < sizeof s_checks / sizeof s_checks[0]; i++) {
        const s_check_row_t *r = &s_checks[i];
        s_case_t s;
        s_case(&s);
        s.c.ground = "A40_2";
        s_pay(&s, "P1", "severance", 500000, "");
        s_pay(&s, "P2", "severance", 500000, "");
        s_pay(&s, "P3", "severance", 500000, "P2");
        if (r->no_outcome)
            s.c.outcome = NULL;
        Hr__Workflow__RecordPaymentRequest req = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
        req.case_id = s.c.id;
        req.item = (char *)r->item;
        req.amount_fen = r->fen;
        req.paid_date = (char *)r->date;
        req.method = (char *)r->method;
        req.reference = (char *)r->ref;
        req.reverses = (char *)r->reverses;
        req.note = (char *)r->note;
        const Hr__Workflow__Payment *reversed = NULL;
        int32_t day = 0;
        char err[512] = "", zh[512] = "";
        hr_rc_t rc =
            wf_pay_check(&s.c, &req, today, &reversed, &day, err, sizeof err, zh, sizeof zh);
        if (rc != r->want)
            fail_msg("%s: rc %s, want %s (%s)", r->what, hr_rc_name(rc), hr_rc_name(r->want), err);
        if (!rc) {
            assert_true(!*r->reverses || (reversed && !strcmp(reversed->id, r->reverses)));
            continue;
        }
        if (!strstr(err, r->field) || !strstr(zh, r->zh))
            fail_msg("%s: err '%s' lacks '%s' or zh '%s' lacks '%s'", r->what, err, r->field, zh,
                     r->zh);
    }
}

// A case on a contract's expiry ends by 终止: the payment refused before its outcome, or dated
// before its notice, names that ending and that notice, never 解除.
static void test_an_expiry_case_refusal_says_termination(void **state)
{
    (void)state;
    int32_t today = 0;
    assert_true(hr_date_parse(TODAY, &today));
    s_case_t s;
    s_case(&s);
    s.c.ground = "A44_EXPIRY";
    Hr__Workflow__RecordPaymentRequest req = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    req.case_id = s.c.id;
    req.item = "severance";
    req.amount_fen = 100;
    req.paid_date = "2026-11-30";
    req.method = "bank";
    req.reference = "XYZ";
    const Hr__Workflow__Payment *reversed = NULL;
    int32_t day = 0;
    char err[512] = "", zh[512] = "";
    assert_int_equal(
        wf_pay_check(&s.c, &req, today, &reversed, &day, err, sizeof err, zh, sizeof zh),
        HR_EINVAL);
    assert_non_null(strstr(zh, "早于终止劳动合同通知书送达或协议签订之日"));
    assert_null(strstr(zh, "解除"));
    s.c.outcome = NULL;
    assert_int_equal(
        wf_pay_check(&s.c, &req, today, &reversed, &day, err, sizeof err, zh, sizeof zh),
        HR_ECONFLICT);
    assert_non_null(strstr(zh, "尚未记录终止结果"));
    assert_null(strstr(zh, "解除"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amounts_in_yuan_parse_exactly_to_fen_or_say_why_not),
        cmocka_unit_test(test_an_expiry_case_refusal_says_termination),
        cmocka_unit_test(test_tenths_add_up_in_fen_as_they_do_not_in_doubles),
        cmocka_unit_test(test_a_refused_amount_says_why_in_both_languages),
        cmocka_unit_test(test_nothing_paid_leaves_the_whole_amounts_owed),
        cmocka_unit_test(test_instalments_add_up_and_the_balance_is_what_remains),
        cmocka_unit_test(test_a_reversal_takes_its_row_back_out_of_the_total),
        cmocka_unit_test(test_an_unlawful_case_owes_the_2n_and_no_severance),
        cmocka_unit_test(test_the_handover_date_is_the_handover_dutys_day_done),
        cmocka_unit_test(test_a_payment_request_is_checked_field_by_field),
    };
    return cmocka_run_group_tests_name("unit.workflow.pay", tests, NULL, NULL);
}
