/*  wf_pay - what was paid to the employee after the outcome, against what the law computed.
 *
 *  The legality engine decides the money (severance, notice pay, the 2N compensation: the
 *  outcome's assessment); nothing recorded that it was paid, and LCL Art. 50 para 2 has the
 *  severance paid at the completion of the work handover, Art. 85 adding 50% to 100% of it when
 *  it is not paid as required. A payment is a row of its own (workflow.RecordPayment): its item,
 *  its amount in fen, the calendar day it was paid, how (the bank transfer's reference), who
 *  recorded it and when. Rows are evidence and never change: a mistake is corrected by a row that
 *  reverses it - the same item and amount, counted negative - and the right payment recorded
 *  anew. The balance of an item the engine computes is its amount minus the payments net of
 *  reversals: positive still owed, negative overpaid. Wages owed and other payments are for
 *  payroll to compute (the pay statement's part II): they are listed and summed, with no balance.
 *
 *  Amounts typed by people are parsed here too (wf_pay_amount_parse): yuan with at most two
 *  decimals, digit by digit into integer fen - never through a double, where 0.1 + 0.2 is not
 *  0.3 and 12345.67 is 12345.669999... Pure: today is an argument.
 */
#include "wf.h"

static const char *const s_items[WF_PAY_ITEM_COUNT] = {
    "severance", "notice_pay", "unlawful_compensation", "wages_owed", "other"};
static const char *const s_items_zh[WF_PAY_ITEM_COUNT] = {
    "经济补偿", "代通知金", "违法解除或终止劳动合同的赔偿金", "工资", "其他款项"};
static const char *const s_methods[] = {"bank", "cash", "cheque", "other"};

const char *wf_pay_item_name(wf_pay_item_t item)
{
    return item < WF_PAY_ITEM_COUNT ? s_items[item] : "?";
}

const char *wf_pay_item_zh(wf_pay_item_t item)
{
    return item < WF_PAY_ITEM_COUNT ? s_items_zh[item] : "?";
}

int wf_pay_item_find(const char *name)
{
    for (int i = 0; name && i < WF_PAY_ITEM_COUNT; i++)
        if (!strcmp(name, s_items[i]))
            return i;
    return -1;
}

bool wf_pay_method_is_known(const char *method)
{
    for (size_t i = 0; method && i < HR_ARRAY_LEN(s_methods); i++)
        if (!strcmp(method, s_methods[i]))
            return true;
    return false;
}

wf_pay_amount_why_t wf_pay_amount_parse(const char *text, int64_t *out_fen)
{
    const char *p = text ? text : "";
    *out_fen = 0;
    if (!*p)
        return WF_PAY_AMOUNT_EMPTY;
    if (*p == '-')
        return WF_PAY_AMOUNT_NEGATIVE;
    int64_t yuan = 0;
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        yuan = yuan * 10 + (*p - '0');
        if (yuan > LAW_MONEY_MAX_FEN / LAW_FEN_PER_YUAN)
            return WF_PAY_AMOUNT_TOO_LARGE; // stops before any overflow of int64_t
    }
    int64_t fen = 0;
    if (*p == '.') {
        p++;
        int decimals = 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++decimals > WF_PAY_DECIMALS)
                return WF_PAY_AMOUNT_DECIMALS;
            fen = fen * 10 + (*p - '0');
        }
        if (!decimals)
            return WF_PAY_AMOUNT_NOT_NUMBER; // "12." is a typo, not 12 yuan
        if (decimals == 1)
            fen *= 10;
    }
    if (*p || !digits)
        return WF_PAY_AMOUNT_NOT_NUMBER; // a sign, an exponent, a comma, ".5", a unit
    int64_t total = yuan * LAW_FEN_PER_YUAN + fen;
    if (total > LAW_MONEY_MAX_FEN)
        return WF_PAY_AMOUNT_TOO_LARGE;
    if (!total)
        return WF_PAY_AMOUNT_ZERO;
    *out_fen = total;
    return WF_PAY_AMOUNT_OK;
}

const char *wf_pay_amount_why(wf_pay_amount_why_t why, bool zh)
{
    switch (why) {
    case WF_PAY_AMOUNT_OK:
        return "";
    case WF_PAY_AMOUNT_EMPTY:
        return zh ? "不能为空" : "is empty";
    case WF_PAY_AMOUNT_NEGATIVE:
        return zh ? "不能为负数（更正错记的款项请用 --reverses 付款编号）"
                  : "is negative (to correct a payment, reverse it: --reverses PAYMENT_ID)";
    case WF_PAY_AMOUNT_DECIMALS:
        return zh ? "最多两位小数（元、角、分）" : "has more than two decimals (yuan to the fen)";
    case WF_PAY_AMOUNT_TOO_LARGE:
        return zh ? "超过上限 1000000000 元" : "is above the limit of 1000000000 yuan";
    case WF_PAY_AMOUNT_ZERO:
        return zh ? "须大于 0" : "must be more than 0";
    case WF_PAY_AMOUNT_NOT_NUMBER:
        break;
    }
    return zh ? "不是以元为单位的金额：只写数字，最多两位小数，如 "
                "12345.67（不带正负号、逗号或单位）"
              : "is not an amount in yuan: digits with at most two decimals, e.g. 12345.67 (no "
                "sign, comma, exponent or unit)";
}

// The engine's amount for item: the outcome's assessment (the review's before it). The 2N is
// owed instead of severance only when the case was found unlawful (LCL 48, 87).
static bool s_due(const Hr__Workflow__Case *c, wf_pay_item_t item, int64_t *due_fen)
{
    const Hr__Workflow__Assessment *a = c->assessment;
    *due_fen = 0;
    switch (item) {
    case WF_PAY_SEVERANCE:
        *due_fen = a ? a->severance_fen : 0;
        return true;
    case WF_PAY_NOTICE:
        *due_fen = a ? a->notice_pay_fen : 0;
        return true;
    case WF_PAY_UNLAWFUL:
        *due_fen = a && !a->lawful ? a->unlawful_compensation_fen : 0;
        return true;
    default:
        return false; // wages and the rest: payroll computes them (the statement's part II)
    }
}

void wf_pay_balance(const Hr__Workflow__Case *c, wf_pay_balance_t *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++)
        out->lines[i].computed = s_due(c, (wf_pay_item_t)i, &out->lines[i].due_fen);
    for (size_t k = 0; k < c->n_payments; k++) {
        const Hr__Workflow__Payment *p = c->payments[k];
        int i = wf_pay_item_find(p->item);
        if (i < 0 || p->amount_fen <= 0)
            continue; // never written so (wf_pay_check); a row out of reach counts nothing
        int64_t signed_fen = *p->reverses ? -p->amount_fen : p->amount_fen;
        out->lines[i].paid_fen += signed_fen;
        out->lines[i].rows++;
        out->total_paid_fen += signed_fen;
    }
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++)
        if (out->lines[i].computed)
            out->lines[i].balance_fen = out->lines[i].due_fen - out->lines[i].paid_fen;
}

const char *wf_pay_handover_date(const Hr__Workflow__Case *c)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (st->duty && !strcmp(st->key, WF_DUTY_HANDOVER) &&
            st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE && st->done_date &&
            *st->done_date)
            return st->done_date;
    }
    return "";
}

bool wf_pay_money_fixed(const Hr__Workflow__Case *c)
{
    if (!c->outcome || !c->assessment || c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED)
        return false; // a rescission revoked the notice: nothing it fixed is owed
    if (wf_case_is_reinstated(c))
        return false; // the contract goes on (LCL 48): no severance, notice pay or 2N for its end
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++) {
        int64_t due_fen = 0;
        if (s_due(c, (wf_pay_item_t)i, &due_fen) && due_fen > 0)
            return true;
    }
    return false;
}

int64_t wf_pay_owed(const Hr__Workflow__Case *c)
{
    if (!wf_pay_money_fixed(c))
        return 0;
    wf_pay_balance_t b;
    wf_pay_balance(c, &b);
    int64_t owed_fen = 0;
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++)
        if (b.lines[i].computed && b.lines[i].balance_fen > 0)
            owed_fen += b.lines[i].balance_fen;
    return owed_fen;
}

void wf_pay_due_of(const Hr__Workflow__Case *c, wf_pay_due_t *out)
{
    memset(out, 0, sizeof *out);
    if (!wf_pay_money_fixed(c))
        return;
    s_due(c, WF_PAY_SEVERANCE, &out->severance_fen);
    s_due(c, WF_PAY_NOTICE, &out->notice_pay_fen);
    s_due(c, WF_PAY_UNLAWFUL, &out->unlawful_fen);
}

const char *wf_pay_last_day(const Hr__Workflow__Case *c)
{
    if (c->outcome && *c->outcome->effective_date)
        return c->outcome->effective_date;
    return c->assessment && c->assessment->effective_date ? c->assessment->effective_date : "";
}

const Hr__Workflow__Payment *wf_pay_find(const Hr__Workflow__Case *c, const char *id)
{
    for (size_t k = 0; id && k < c->n_payments; k++)
        if (!strcmp(c->payments[k]->id, id))
            return c->payments[k];
    return NULL;
}

const Hr__Workflow__Payment *wf_pay_reversal_of(const Hr__Workflow__Case *c, const char *id)
{
    for (size_t k = 0; id && *id && k < c->n_payments; k++)
        if (!strcmp(c->payments[k]->reverses, id))
            return c->payments[k];
    return NULL;
}

// A one-line text of at most max bytes of UTF-8 with no control or bidi character (a reference
// printed in a statement and shown on a terminal). NULL when it is fine, else why (static).
static const char *s_line_why(const char *s, size_t max, bool zh)
{
    size_t len = strlen(s);
    if (len > max)
        return zh ? "太长" : "is too long";
    if (!hr_utf8_is_valid(s, len))
        return zh ? "不是有效的 UTF-8 文本" : "is not UTF-8 text";
    char why[128];
    if (hr_utf8_has_unsafe(s, len, 0, why, sizeof why))
        return zh ? "含有控制字符、换行或改变文字方向的字符"
                  : "holds a control, line break or "
                    "bidi character";
    return NULL;
}

// The day the employment's end was set in motion: the notice served or the agreement signed
// (the outcome's served_date; an outcome recorded before it: the review's notice date). False
// when neither parses.
static bool s_outcome_day(const Hr__Workflow__Case *c, int32_t *day)
{
    if (*c->outcome->served_date && hr_date_parse(c->outcome->served_date, day))
        return true;
    return c->assessment && c->assessment->notice_date &&
           hr_date_parse(c->assessment->notice_date, day);
}

// The checks on the reversal named by req->reverses; *reversed the row.
static hr_rc_t s_check_reversal(const Hr__Workflow__Case *c,
                                const Hr__Workflow__RecordPaymentRequest *req,
                                const Hr__Workflow__Payment **reversed, char *err, size_t errlen,
                                char *zh, size_t zhlen)
{
    const Hr__Workflow__Payment *r = wf_pay_find(c, req->reverses);
    if (!r || *r->reverses) {
        snprintf(err, errlen, "reverses: case %s has no payment %.32s%s", c->id, req->reverses,
                 r ? " to reverse (it is itself a reversal: record the payment anew)" : "");
        wf_zh_put(zh, zhlen,
                  "要更正的付款（reverses）“%.32s”不存在%s：hrctl case document %s pay_statement "
                  "列出本案的付款编号。",
                  req->reverses, r ? "或本身就是一笔更正（请重新记录正确的付款）" : "", c->id);
        return HR_EINVAL;
    }
    const Hr__Workflow__Payment *done = wf_pay_reversal_of(c, r->id);
    if (done) {
        snprintf(err, errlen, "reverses: payment %s was reversed already (by %s on %s)", r->id,
                 done->id, done->paid_date);
        wf_zh_put(zh, zhlen, "付款 %s 已被更正过（更正记录 %s，%s），不能重复更正。", r->id,
                  done->id, done->paid_date);
        return HR_ECONFLICT;
    }
    if ((*req->item && strcmp(req->item, r->item)) ||
        (req->amount_fen && req->amount_fen != r->amount_fen)) {
        snprintf(err, errlen,
                 "item/amount_fen: a reversal repeats the payment it cancels (%s, %lld fen) or "
                 "leaves them empty",
                 r->item, (long long)r->amount_fen);
        wf_zh_put(zh, zhlen, "更正记录的款项和金额须与被更正的付款一致（%s，%lld 分），或者不填。",
                  r->item, (long long)r->amount_fen);
        return HR_EINVAL;
    }
    if (!*req->note) {
        snprintf(err, errlen, "note: a reversal says why the payment is cancelled");
        wf_zh_put(zh, zhlen, "更正付款须写明原因（note），例如“金额录入错误”或“银行退回”。");
        return HR_EINVAL;
    }
    *reversed = r;
    return HR_OK;
}

hr_rc_t wf_pay_check(const Hr__Workflow__Case *c, const Hr__Workflow__RecordPaymentRequest *req,
                     int32_t today, const Hr__Workflow__Payment **reversed, int32_t *paid_day,
                     char *err, size_t errlen, char *zh, size_t zhlen)
{
    char a[HR_DATE_LEN], b[HR_DATE_LEN];
    *reversed = NULL;
    *paid_day = today;
    wf_zh_put(zh, zhlen, "%s", "");
    if (!c->outcome) {
        snprintf(err, errlen,
                 "case %s: no outcome is recorded yet: a payment is recorded once the notice was "
                 "served or the agreement signed (hrctl case outcome)",
                 c->id);
        wf_zh_put(zh, zhlen,
                  "案件 %s 尚未记录%s结果（送达通知或签订协议）：付款在结果记录之后才能登记"
                  "（hrctl case outcome）。",
                  c->id, wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_ECONFLICT;
    }
    if (c->n_payments >= WF_PAY_MAX) {
        snprintf(err, errlen, "case %s: %d payments are recorded, the most a case keeps", c->id,
                 WF_PAY_MAX);
        wf_zh_put(zh, zhlen, "案件 %s 已登记 %d 笔付款，达到上限。", c->id, WF_PAY_MAX);
        return HR_ECONFLICT;
    }
    hr_rc_t rc =
        *req->reverses ? s_check_reversal(c, req, reversed, err, errlen, zh, zhlen) : HR_OK;
    if (rc)
        return rc;
    if (!*reversed && wf_pay_item_find(req->item) < 0) {
        snprintf(err, errlen,
                 "item: '%.32s' is not severance, notice_pay, unlawful_compensation, wages_owed "
                 "or other",
                 req->item);
        wf_zh_put(zh, zhlen,
                  "款项（item）“%.32s”不对：应为 severance（经济补偿）、notice_pay（代通知金）、"
                  "unlawful_compensation（违法解除或终止劳动合同的赔偿金）、wages_owed（工资）或 "
                  "other（其他）。",
                  req->item);
        return HR_EINVAL;
    }
    if (!*reversed && (req->amount_fen <= 0 || req->amount_fen > LAW_MONEY_MAX_FEN)) {
        snprintf(err, errlen, "amount_fen: %lld is not 1..%lld", (long long)req->amount_fen,
                 (long long)LAW_MONEY_MAX_FEN);
        wf_zh_put(zh, zhlen, "金额（amount_fen）%lld 分不对：须大于 0，最多 %lld 分。",
                  (long long)req->amount_fen, (long long)LAW_MONEY_MAX_FEN);
        return HR_EINVAL;
    }
    char why[HR_DATE_WHY_LEN];
    if (*req->paid_date && !hr_date_parse(req->paid_date, paid_day)) {
        snprintf(err, errlen, "paid_date: '%.32s' %s", req->paid_date,
                 hr_date_why(req->paid_date, why, sizeof why));
        wf_zh_put(zh, zhlen, "付款日期（paid_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  req->paid_date);
        return HR_EINVAL;
    }
    if (*paid_day > today) {
        snprintf(err, errlen, "paid_date: %s is in the future (today is %s)",
                 hr_date_format(*paid_day, a), hr_date_format(today, b));
        wf_zh_put(zh, zhlen, "付款日期 %s 还没到（今天是 %s）：款项付出后再登记。",
                  hr_date_format(*paid_day, a), hr_date_format(today, b));
        return HR_EINVAL;
    }
    int32_t served = 0;
    if (s_outcome_day(c, &served) && *paid_day < served) {
        snprintf(err, errlen,
                 "paid_date: %s is before the notice was served or the agreement signed (%s)",
                 hr_date_format(*paid_day, a), hr_date_format(served, b));
        wf_zh_put(zh, zhlen, "付款日期 %s 早于%s送达或协议签订之日（%s）：请核对日期。",
                  hr_date_format(*paid_day, a), wf_doc_case_kind_zh(c, WF_DOC_NOTICE),
                  hr_date_format(served, b));
        return HR_EINVAL;
    }
    if ((*req->method || !*reversed) && !wf_pay_method_is_known(req->method)) {
        snprintf(err, errlen, "method: '%.32s' is not bank, cash, cheque or other", req->method);
        wf_zh_put(zh, zhlen,
                  "支付方式（method）“%.32s”不对：应为 bank（银行转账）、cash（现金）、cheque"
                  "（支票）或 other（其他）。",
                  req->method);
        return HR_EINVAL;
    }
    const char *bad = s_line_why(req->reference, WF_PAY_REFERENCE_MAX, false);
    if (bad || (!*req->reference && strcmp(req->method, "cash") && !*reversed)) {
        snprintf(err, errlen, "reference: %s (one line, at most %d bytes; required but for cash)",
                 bad ? bad : "is empty", WF_PAY_REFERENCE_MAX);
        wf_zh_put(
            zh, zhlen,
            "付款凭证号（reference）%s：银行转账等须填写流水号或凭证号（现金除外），一行，最多 "
            "%d 字节。",
            bad ? s_line_why(req->reference, WF_PAY_REFERENCE_MAX, true) : "不能为空",
            WF_PAY_REFERENCE_MAX);
        return HR_EINVAL;
    }
    bad = s_line_why(req->note, WF_PAY_NOTE_MAX, false);
    if (bad) {
        snprintf(err, errlen, "note: %s (one line, at most %d bytes)", bad, WF_PAY_NOTE_MAX);
        wf_zh_put(zh, zhlen, "说明（note）%s：一行，最多 %d 字节。",
                  s_line_why(req->note, WF_PAY_NOTE_MAX, true), WF_PAY_NOTE_MAX);
        return HR_EINVAL;
    }
    return HR_OK;
}

char *wf_pay_note(const Hr__Workflow__Payment *p, hr_arena_t *arena)
{
    if (*p->reverses)
        return hr_arena_fmt(arena, "payment %s reverses %s (%s), %s", p->id, p->reverses, p->item,
                            p->paid_date);
    return hr_arena_fmt(arena, "payment %s: %s paid %s (%s)", p->id, p->item, p->paid_date,
                        p->method);
}
