/*  ctl_pay - `hrctl case document CASE_ID pay_statement [--lang zh|en] [--out FILE]`: the final
 *  pay statement for payroll (离职结算清单), made here from the case as workflow.GetCase gives
 *  it to HR - no template and nothing stored: it is the payroll office's working sheet, not a
 *  letter to the employee.
 *
 *  It lists each amount the case decided, from the assessment it stands on (the outcome's once
 *  recorded, else the review's): severance N with its units and base (LCL 46, 47; the pre-2008
 *  part, LCL 97 para 3), notice pay with the month whose wage it rests on (LCL 40; Reg. 20), and
 *  2N when the case was found unlawful (LCL 48, 87; Reg. 25) - with the articles; then what the
 *  system does not compute and payroll must add: the wages up to the contract's last day (Interim
 *  Provisions on Wage Payment Art. 9), untaken annual leave at 300% pro rata (企业职工带薪年休
 *  假实施办法 Arts. 10 and 12), and when the severance is due (LCL 50 para 2: at the handover).
 */
#include "ctl_wf.h"
#include "law.h"
#include "wf.h"

#include <stdarg.h>

#define S_WHO "hrctl case document"

typedef struct {
    hr_arena_t *arena;
    wf_doc_lang_t lang;
    char *text; // the statement so far (arena)
} s_out_t;

// Appends one line, formatted (fmt: s_line's choice of the zh or en text).
static void s_put(s_out_t *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void s_put(s_out_t *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[2048];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    out->text = hr_arena_fmt(out->arena, "%s%s\n", out->text, buf);
}

// One line in the statement's language: its zh and en formats (string literals, so the
// compiler checks both against the arguments).
#define s_line(out, zh, en, ...) s_put((out), (out)->lang == WF_DOC_EN ? (en) : (zh), __VA_ARGS__)
// A line without figures.
#define s_text(out, zh, en) s_put((out), "%s", (out)->lang == WF_DOC_EN ? (en) : (zh))

static const char *s_money(s_out_t *out, int64_t fen)
{
    return wf_doc_money(fen, out->lang, out->arena);
}

static const char *s_months(s_out_t *out, uint32_t half_units)
{
    return half_units % 2 ? hr_arena_fmt(out->arena, "%u.5", half_units / 2)
                          : hr_arena_fmt(out->arena, "%u", half_units / 2);
}

// The wage base's line: where it came from, and the cap or the floor that made it.
static void s_base(s_out_t *out, const Hr__Workflow__Assessment *a)
{
    const char *base = s_money(out, a->wage_base_fen);
    if (a->wage_capped && a->local_average_wage_fen)
        s_line(
            out,
            "   月工资基数 %s：劳动合同解除或终止前十二个月平均工资 %s 高于本地区%s职工月平均工资 "
            "%s 的三倍，按三倍计算，年限最高不超过十二年（《劳动合同法》第四十七条第二款）",
            "   wage base %s: the 12-month average %s is above three times the local average "
            "monthly wage of %s, %s, so the base is that three-times figure and at most twelve "
            "years count (LCL Art. 47 para 2)",
            base, a->average_wage_fen ? s_money(out, a->average_wage_fen) : "-",
            a->local_average_year
                ? hr_arena_fmt(out->arena, out->lang == WF_DOC_EN ? "%u" : "%u年度",
                               a->local_average_year)
                : (out->lang == WF_DOC_EN ? "a year not given" : "（未注明年度）"),
            s_money(out, a->local_average_wage_fen));
    else if (a->average_wage_fen && a->wage_base_fen > a->average_wage_fen)
        s_line(out,
               "   月工资基数 %s：十二个月平均工资 %s 低于当地最低工资标准，按最低工资标准计算"
               "（《劳动合同法实施条例》第二十七条）",
               "   wage base %s: the 12-month average %s is below the local minimum monthly wage, "
               "so the base is that minimum (Reg. Art. 27)",
               base, s_money(out, a->average_wage_fen));
    else
        s_line(out,
               "   月工资基数 "
               "%s：劳动合同解除或终止前十二个月平均工资（%"
               "s；《劳动合同法》第四十七条第三款、《实施条例》第二十七条）",
               "   wage base %s: the average monthly wage of the 12 months before the end (%s; LCL "
               "Art. 47 para 3, Reg. Art. 27)",
               base, *a->wage_base_source ? a->wage_base_source : "-");
}

// Severance N (LCL 46, 47; 97 para 3): the amount, its units and base.
static void s_severance(s_out_t *out, const Hr__Workflow__Assessment *a)
{
    if (!a->severance_fen) {
        s_line(out, "1. 经济补偿（《劳动合同法》第四十六条、第四十七条）：本案不支付（%s）",
               "1. Severance (LCL Arts. 46, 47): none owed in this case (%s)",
               a->lawful ? (out->lang == WF_DOC_EN ? "the ground owes none"
                                                   : "该解除或终止依法不支付经济补偿")
                         : (out->lang == WF_DOC_EN ? "found unlawful: 2N below instead"
                                                   : "认定违法，改付下列赔偿金"));
        return;
    }
    s_line(out, "1. 经济补偿（《劳动合同法》第四十六条、第四十七条）：%s",
           "1. Severance (LCL Arts. 46, 47): %s", s_money(out, a->severance_fen));
    uint32_t units = a->severance_half_units ? a->severance_half_units : a->service_half_units;
    if (a->pre2008_years && a->severance_half_units) {
        s_line(out,
               "   2008年1月1日以后：%s 个月 × %s = %s；2008年1月1日以前：%u 个月 × %s（不封顶）= "
               "%s（《劳动合同法》第九十七条第三款、原劳动部1994年《违反和解除劳动合同的经济补偿办"
               "法》）",
               "   from 2008-01-01: %s months x %s = %s; before 2008: %u months x %s (uncapped) "
               "= %s (LCL Art. 97 para 3; the 1994 Measures)",
               s_months(out, units), s_money(out, a->wage_base_fen),
               s_money(out, law_fen_times_half_units(a->wage_base_fen, (int)units)),
               a->pre2008_months, s_money(out, a->pre2008_wage_fen),
               s_money(out, a->severance_pre2008_fen));
    } else if (units) {
        s_line(out,
               "   %s 个月工资（每满一年一个月；六个月以上不满一年按一年；不满六个月半个月）× "
               "月工资基数 %s",
               "   %s months' wage (a month per full year; six months or more a year, less half "
               "a month) x the wage base %s",
               s_months(out, units), s_money(out, a->wage_base_fen));
    }
    s_base(out, a);
}

// Notice pay (LCL 40; Reg. 20): the month whose wage it rests on - the one before the contract
// ends.
static void s_notice_pay(s_out_t *out, const Hr__Workflow__Assessment *a, const law_ground_t *g)
{
    // LCL 41 sets no individual notice and no pay in lieu: only Art. 40 has them.
    if (!a->notice_pay_fen && g && g->family == LAW_FAMILY_LAYOFF) {
        s_text(out,
               "2. 代通知金（《劳动合同法》第四十条）：不适用（经济性裁员依照第四十一条进行，"
               "第四十一条未规定代通知金）",
               "2. Notice pay (LCL Art. 40): does not apply (an economic layoff under Art. 41, "
               "which has no pay in lieu of notice)");
        return;
    }
    if (!a->notice_pay_fen) {
        s_text(
            out,
            "2. 代通知金（《劳动合同法》第四十条）：本案不支付（已提前三十日书面通知，或不适用）",
            "2. Notice pay (LCL Art. 40): none owed (thirty days' written notice given, or "
            "not an Art. 40 ground)");
        return;
    }
    int32_t end = 0;
    int y = 0, m = 0, d = 0;
    const char *month = "-";
    if (hr_date_parse(a->effective_date, &end)) {
        hr_date_to_ymd(end, &y, &m, &d);
        if (--m == 0) {
            m = 12;
            y--;
        }
        month = hr_arena_fmt(out->arena, out->lang == WF_DOC_EN ? "%04d-%02d" : "%d年%d月", y, m);
    }
    s_line(out,
           "2. 代通知金（《劳动合同法》第四十条、《实施条例》第二十条）：%s，按上一个月（%s）的工资"
           "标准，不迟于劳动合同解除之日支付",
           "2. Notice pay (LCL Art. 40; Reg. Art. 20): %s, at the previous month's wage (%s), "
           "paid no later than the contract's last day",
           s_money(out, a->notice_pay_fen), month);
}

// 2N (LCL 48, 87; Reg. 25): owed only when the case was found unlawful; otherwise its exposure.
static void s_unlawful(s_out_t *out, const Hr__Workflow__Assessment *a)
{
    if (!a->lawful)
        s_line(
            out,
            "3. 违法解除或终止劳动合同的赔偿金（《劳动合同法》第四十八条、第八十七条，《实施条例》"
            "第二十五条）：%s = 2 × %s 个月 × %s（自入职之日起的全部工作年限），支付赔偿金的不再"
            "支付经济补偿",
            "3. Compensation for an unlawful ending (LCL Arts. 48, 87; Reg. Art. 25): %s = 2 x "
            "%s months x %s (the whole service from the hire date); no severance beside it",
            s_money(out, a->unlawful_compensation_fen), s_months(out, a->service_half_units),
            s_money(out, a->wage_base_fen));
    else
        s_line(out,
               "3. 违法解除或终止劳动合同的赔偿金（2N）：不支付（审核认定合法）；如经仲裁或诉讼"
               "认定违法，为 %s",
               "3. Compensation for an unlawful ending (2N): not owed (found lawful); were it "
               "held unlawful, %s",
               s_money(out, a->unlawful_compensation_fen));
}

// An item's name in the statement's language.
static const char *s_item(s_out_t *out, wf_pay_item_t item)
{
    return out->lang == WF_DOC_EN ? wf_pay_item_name(item) : wf_pay_item_zh(item);
}

// The warning of an item still owed (balance > 0) after the outcome: when it fell due and what
// not paying costs. Severance: at the completion of the work handover (LCL 50 para 2; the day a
// template's handover duty was recorded done, when it has one), else up to 100% more (LCL 85).
static void s_owed(s_out_t *out, const Hr__Workflow__Case *c, wf_pay_item_t item, int64_t fen)
{
    const char *last = *c->assessment->effective_date ? c->assessment->effective_date : "-";
    if (item == WF_PAY_SEVERANCE) {
        const char *handover = wf_pay_handover_date(c);
        s_line(out,
               "   ！经济补偿尚欠 %s：应在劳动者办结工作交接时支付（《劳动合同法》第五十条第二款；"
               "工作交接完成日：%s）。未依法支付的，由劳动行政部门责令限期支付，逾期不支付的，"
               "按应付金额百分之五十以上百分之一百以下的标准向劳动者加付赔偿金（第八十五条）。",
               "   ! Severance still owed: %s. It is paid when the work handover is done (LCL Art. "
               "50 para 2; handover done on: %s). Unpaid as required, the labour administration "
               "orders it paid by a date, and past that date the employer pays an extra 50%% to "
               "100%% of the amount due (LCL Art. 85).",
               s_money(out, fen),
               *handover                ? handover
               : out->lang == WF_DOC_EN ? "not recorded - a template duty 'handover' records it"
                                        : "未记录（模板可设 handover 义务记录）");
    } else if (item == WF_PAY_NOTICE) {
        s_line(
            out,
            "   ！代通知金尚欠 %s：应不迟于劳动合同最后一日（%s）支付（《实施条例》第二十条）。",
            "   ! Notice pay still owed: %s, due no later than the contract's last day (%s; Reg. "
            "Art. 20).",
            s_money(out, fen), last);
    } else {
        s_line(out, "   ！违法解除或终止劳动合同的赔偿金尚欠 %s（《劳动合同法》第八十七条）。",
               "   ! Compensation for the unlawful ending still owed: %s (LCL Art. 87).",
               s_money(out, fen));
    }
}

// IV. What was paid (workflow.RecordPayment): each row - a reversal negative, naming what it
// cancels - then per item the total paid and, for the items the engine computes, the balance:
// still owed (with when it fell due and LCL 85's warning) or overpaid.
static void s_payments(s_out_t *out, const Hr__Workflow__Case *c)
{
    s_text(out, "四、已登记的付款", "IV. Payments recorded");
    if (!c->outcome) {
        s_line(out, "   尚未记录%s结果：付款在结果记录之后登记（hrctl case pay）",
               "   No outcome is recorded yet%s: payments are recorded after it (hrctl case pay)",
               out->lang == WF_DOC_EN ? "" : wf_doc_ending_word(c, WF_DOC_ZH, false));
        return;
    }
    if (!c->n_payments)
        s_text(out, "   尚无付款记录（hrctl case pay ID --item ... --amount ... 登记）",
               "   None recorded yet (hrctl case pay ID --item ... --amount ...)");
    for (size_t i = 0; i < c->n_payments; i++) {
        const Hr__Workflow__Payment *p = c->payments[i];
        wf_pay_item_t item = (wf_pay_item_t)wf_pay_item_find(p->item);
        const char *amount = s_money(out, *p->reverses ? -p->amount_fen : p->amount_fen);
        const char *ref = *p->reference ? ctl_text_safe(out->arena, p->reference) : "-";
        if (*p->reverses)
            s_line(out, "   %s　%s　%s　更正（冲销）付款 %s：%s　登记人 %s　编号 %s",
                   "   %s  %s  %s  reverses payment %s: %s  recorded by %s  id %s", p->paid_date,
                   s_item(out, item), amount, p->reverses, ctl_text_safe(out->arena, p->note),
                   p->recorded_by, p->id);
        else
            s_line(out, "   %s　%s　%s　%s %s　登记人 %s　编号 %s",
                   "   %s  %s  %s  %s %s  recorded by %s  id %s", p->paid_date, s_item(out, item),
                   amount, p->method, ref, p->recorded_by, p->id);
    }
    wf_pay_balance_t b;
    wf_pay_balance(c, &b);
    s_text(out, "", "");
    s_text(out, "五、应付、已付与余额", "V. Due, paid and the balance");
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++) {
        const wf_pay_line_t *l = &b.lines[i];
        if (!l->rows && !(l->computed && l->due_fen))
            continue;
        if (!l->computed) {
            s_line(out, "   %s：已付 %s（系统不计算应付金额，由薪资部门核对）",
                   "   %s: paid %s (the system does not compute what is due: payroll checks it)",
                   s_item(out, (wf_pay_item_t)i), s_money(out, l->paid_fen));
            continue;
        }
        s_line(out, "   %s：应付 %s，已付 %s，%s %s", "   %s: due %s, paid %s, %s %s",
               s_item(out, (wf_pay_item_t)i), s_money(out, l->due_fen), s_money(out, l->paid_fen),
               l->balance_fen > 0   ? (out->lang == WF_DOC_EN ? "still owed" : "尚欠")
               : l->balance_fen < 0 ? (out->lang == WF_DOC_EN ? "overpaid" : "多付")
                                    : (out->lang == WF_DOC_EN ? "balance" : "余额"),
               s_money(out, l->balance_fen < 0 ? -l->balance_fen : l->balance_fen));
        if (l->balance_fen > 0)
            s_owed(out, c, (wf_pay_item_t)i, l->balance_fen);
        else if (l->balance_fen < 0)
            s_text(out,
                   "   ！多付：请与员工核对；错记的付款用 hrctl case pay ID --reverses 编号 更正",
                   "   ! Overpaid: check with the employee; a payment recorded by mistake is "
                   "reversed with hrctl case pay ID --reverses ID");
    }
    s_line(out, "   合计已付 %s", "   Total paid %s", s_money(out, b.total_paid_fen));
}

static char *s_statement(const Hr__Workflow__Case *c, wf_doc_lang_t lang, hr_arena_t *arena)
{
    const Hr__Workflow__Assessment *a = c->assessment;
    s_out_t out = {arena, lang, ""};
    const law_ground_t *g = law_ground_find(c->ground);
    s_text(&out, "离职结算清单（供薪资核算，非送达文书）",
           "FINAL PAY STATEMENT (for payroll; not a letter to serve)");
    s_text(&out, "", "");
    s_line(&out, "案件：%s　员工工号：%s", "Case: %s  Employee: %s", c->id, c->employee_no);
    // The English keeps the ground's code (payroll's scripts grep it); the Chinese names the
    // ground and cites its article, the legislature's way.
    char art[LAW_ARTICLE_ZH_MAX];
    if (lang == WF_DOC_EN || !g)
        s_line(&out, "依据：%s %s　劳动合同最后一日：%s", "Ground: %s %s  Contract's last day: %s",
               c->ground, g ? (lang == WF_DOC_EN ? g->title_en : g->title_zh) : "",
               *a->effective_date ? a->effective_date : "-");
    else
        s_put(&out, "依据：%s（%s）　劳动合同最后一日：%s", g->title_zh,
              law_article_zh(g->article, art, sizeof art),
              *a->effective_date ? a->effective_date : "-");
    s_line(&out, "结论：%s%s", "Verdict: %s%s",
           a->lawful ? (lang == WF_DOC_EN ? "lawful" : "合法")
                     : (lang == WF_DOC_EN ? "unlawful" : "违法"),
           c->outcome ? (lang == WF_DOC_EN ? " (assessed at the outcome)" : "（结果记录时的评估）")
                      : (lang == WF_DOC_EN ? " (HR review's assessment; no outcome yet)"
                                           : "（HR 审核时的评估，尚未记录结果）"));
    s_text(&out, "", "");
    s_text(&out, "一、本案已确定的款项", "I. Amounts the case decided");
    s_severance(&out, a);
    s_notice_pay(&out, a, g);
    s_unlawful(&out, a);
    s_text(&out, "", "");
    s_text(&out, "二、系统未计算、须由薪资部门核算加列的款项",
           "II. Not computed by the system - payroll adds them");
    s_line(&out,
           "4. 工资：截至劳动合同最后一日（%s）的工资，在解除或终止劳动合同时一次付清（《工资支付"
           "暂行规定》第九条）",
           "4. Wages up to the contract's last day (%s), paid in full when the contract ends "
           "(Interim Provisions on Wage Payment Art. 9)",
           *a->effective_date ? a->effective_date : "-");
    s_text(&out,
           "5. 未休年休假工资：当年度未休天数 =（当年度在本单位已过日历天数 ÷ 365）× 全年应休天数 "
           "- 已休天数，不足一整天的部分不支付；按日工资收入的300%支付（含正常工资100%）"
           "（《企业职工带薪年休假实施办法》第十条、第十二条）",
           "5. Untaken annual leave: days = (calendar days of the year served / 365) x the year's "
           "entitlement - days taken, fractions of a day not paid; paid at 300% of the daily wage "
           "(the normal 100% included) (Measures on Paid Annual Leave of Enterprise Employees "
           "Arts. 10, 12)");
    s_text(&out, "", "");
    s_text(&out, "三、支付时间", "III. When each is due");
    s_text(&out,
           "- 经济补偿：在劳动者办结工作交接时支付（《劳动合同法》第五十条第二款）；代通知金和"
           "工资：不迟于劳动合同最后一日",
           "- Severance: when the employee completes the work handover (LCL Art. 50 para 2); "
           "notice pay and wages: no later than the contract's last day");
    s_text(&out, "", "");
    s_payments(&out, c);
    return out.text;
}

char *ctl_case_pay_statement(const ctl_wf_opts_t *opts, const char *case_id, const char *lang,
                             hr_arena_t *arena, int *code)
{
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "workflow.GetCase", &req.base,
                             &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc) {
        *code = ctl_wf_exit(rc);
        return NULL;
    }
    const Hr__Workflow__Case *c = rep->case_;
    if (!c || !c->assessment || c->money_hidden) {
        fprintf(stderr, S_WHO ": %s\n",
                !c || c->money_hidden
                    ? "离职结算清单只供 HR 生成（含金额） / the pay statement is HR's (it states "
                      "the amounts)"
                    : "案件尚未经 HR 审核，没有可列的款项 / the case has no assessment yet (HR "
                      "review first)");
        *code = CTL_EXIT_FAIL;
        return NULL;
    }
    *code = CTL_EXIT_OK;
    return s_statement(c, !strcmp(lang, "en") ? WF_DOC_EN : WF_DOC_ZH, arena);
}
