/*  ctl_case - `hrctl case ...`: the operators' face of the dismissal workflow.
 *
 *      hrctl case list [--state open|closed|withdrawn|rescinded] [--overdue] [--owner NO]
 *                      [--limit N] [--after ID]
 *      hrctl case show ID
 *      hrctl case reads ID|--lists [--max N] [--before SEQ]
 *      hrctl case journal ID
 *      hrctl case open EMPLOYEE_NO GROUND [--reason TEXT] [--superior-approval]
 *                      [--template ID] [--absent DAYS]
 *      hrctl case attach ID EVIDENCE_ID [--note TEXT]
 *      hrctl case attach ID --file PATH --kind KIND [--note TEXT]
 *      hrctl case facts ID --from DATE --to DATE [--note TEXT]
 *      hrctl case submit ID [--absent DAYS|none]
 *      hrctl case review ID [--fact NAME=[NUMBER,]EVID[,EVID...]]...
 *                           [--effective DATE] [--notice DATE]
 *                           [--pay-in-lieu] [--union-notified EVID] [--reasons TEXT]
 *                           [--a41-trigger NAME] [--note TEXT] [--absence-explained EVID,...]
 *                           [--explained-on DATE] [--reported-on DATE] (A41, LCL 41)
 *      hrctl case union ID notice|opinion|reply|cured DATE --evidence EVID [--objection]
 *                      [--served DAY]
 *      hrctl case approve ID [--reject --note TEXT] (a rejection needs its note)
 *      hrctl case prepare ID DATE HH:MM PLACE
 *      hrctl case confirm ID --employee-attended yes|no [--notes TEXT]
 *      hrctl case outcome ID agreement_signed|notice_served DATE [--served DATE]
 *                        [--evidence ID] [--service ID]
 *      hrctl case close ID
 *      hrctl case duty ID certificate|transfer|retention [--on DATE] [--evidence ID]
 *      hrctl case withdraw ID REASON | withdraw ID --reason TEXT
 *      hrctl case rescind ID --on DATE --reason TEXT --evidence ID
 *      hrctl case reassign ID --reason TEXT [--manager EMPLOYEE_NO]
 *      hrctl case template ID TEMPLATE --reason TEXT
 *      hrctl case dispute ID --result R [--filed DATE] [--amount YUAN] [--note TEXT]
 *                        [--award-date DATE --award-ref REF] [--sets-aside REF]
 *      hrctl case pay ID --item ITEM --amount YUAN --method M [--reference REF] [--date DATE]
 *                        [--note TEXT]
 *      hrctl case pay ID --reverses PAYMENT_ID --note TEXT [--date DATE] [--method M]
 *                        [--reference REF]
 *      hrctl case outbox
 *      hrctl case events [--after SEQ]
 *
 *  Every command takes --json, --config-dir DIR and --as EMPLOYEE_NO [--role r1,r2] to act as
 *  a person instead of the operator (what the gateway does for a logged-in user). Exit 0 when
 *  the action was taken, 1 when the service refused it (problems are printed), 2 for usage.
 */
#include "ctl_an.h"
#include "ctl_ev.h"
#include "ctl_wf.h"
#include "law.h"
#include "sys.pb-c.h"
#include "wf.h"

#include <string.h>

#define CTL_CASE_MAX_FACTS 32
#define CTL_CASE_MAX_ABSENT 31          // --absent days (the workflow's WF_ABSENCE_DAYS_MAX)
#define CTL_CASE_FACTS_TIMEOUT_MS 30000 // facts over a long window for a big team take a while
#define CTL_CASE_PAGE_MAX 1000          // the largest page hr-workflow serves (its WF_LIST_LIMIT)
#define S_TIME_LEN 40                   // "2026-12-01 24:00 UTC+08:00" and its NUL

static const char *s_state_name(Hr__Workflow__CaseState s)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&hr__workflow__case_state__descriptor, (int)s);
    return v ? v->name + strlen("CASE_STATE_") : "?";
}

// A case's state as HR reads it: CLOSED, and REINSTATED for a closed case an award ordered the
// contract of to continue (Case.reinstatement, not set aside): the termination did not stand.
static const char *s_case_state(const Hr__Workflow__Case *c)
{
    bool reinstated = c->reinstatement && !*c->reinstatement->set_aside_date;
    return reinstated && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED
               ? "REINSTATED"
               : s_state_name(c->state);
}

static const char *s_step_state(Hr__Workflow__StepState s)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&hr__workflow__step_state__descriptor, (int)s);
    return v ? v->name + strlen("STEP_STATE_") : "?";
}

// "2026-12-02 09:30" in the company's zone; "-" for 0. A deadline (due) at local midnight is
// the end of the day before: "2026-12-01 24:00", the day the notifications name.
static void s_time_in(int64_t ms, const ctl_zone_t *z, bool due, char *buf)
{
    if (!ms) {
        snprintf(buf, HR_TIME_ISO_LEN, "-");
        return;
    }
    int64_t local = ms + (int64_t)z->offset_min * HR_MINUTE_MS;
    bool midnight = due && local % HR_DAY_MS == 0;
    hr_time_iso(midnight ? local - 1 : local, buf);
    buf[10] = ' ';
    buf[16] = '\0'; // minutes are enough on screen
    if (midnight)
        memcpy(buf + 11, "24:00", 5);
}

// s_time_in with its zone said, for `case show` (case list says it in its column header).
static void s_time_zoned(int64_t ms, const ctl_zone_t *z, bool due, char *buf)
{
    s_time_in(ms, z, due, buf);
    if (ms)
        snprintf(buf + strlen(buf), S_TIME_LEN - strlen(buf), " %s", z->name);
}

// A due date the workflow counted over a year its calendar does not declare (the reply's
// due_year_undeclared): "  (2027: only statutory holidays known)", "" for a sure one. Arena.
static const char *s_due_unsure(hr_arena_t *arena, uint32_t year, bool statutory)
{
    if (!year)
        return "";
    return hr_arena_fmt(arena, "  (%u: %s known; the year's holiday notice may move it later)",
                        year, statutory ? "only statutory holidays" : "no holidays");
}

// The verdict and the money of a case's assessment, as show and review print it: Chinese first
// ("评估：合法；经济补偿 9000.00元，…"), then English under label ("lawful; severance 9000.00,
// notice pay 18000.00, 2N exposure 18000.00 yuan; effective 2026-12-01"), each line indented
// by indent. A reader the service does not show wages to (money_hidden) reads that the amounts
// are HR's.
static void s_print_assessment(const Hr__Workflow__Case *c, const char *indent,
                               const char *label_zh, const char *label_en)
{
    const Hr__Workflow__Assessment *a = c->assessment;
    printf("%s%s%s；", indent, label_zh, a->lawful ? "合法" : "按现状违法");
    if (c->money_hidden)
        printf("经济补偿、代通知金、违法解除或终止劳动合同的赔偿金（2N）：仅 HR 可见");
    else
        printf("经济补偿 %lld.%02lld元，代通知金 "
               "%lld.%02lld元，违法解除或终止劳动合同的赔偿金（2N）风险 "
               "%lld.%02lld元",
               (long long)(a->severance_fen / 100), (long long)(a->severance_fen % 100),
               (long long)(a->notice_pay_fen / 100), (long long)(a->notice_pay_fen % 100),
               (long long)(a->unlawful_compensation_fen / 100),
               (long long)(a->unlawful_compensation_fen % 100));
    if (*a->effective_date)
        printf("；劳动合同解除或终止之日 %s", a->effective_date);
    printf("\n%s%s%s; ", indent, label_en, a->lawful ? "lawful" : "UNLAWFUL as it stands");
    if (c->money_hidden)
        printf("severance, notice pay, 2N exposure: visible to HR only");
    else
        printf("severance %lld.%02lld, notice pay %lld.%02lld, 2N exposure %lld.%02lld yuan",
               (long long)(a->severance_fen / 100), (long long)(a->severance_fen % 100),
               (long long)(a->notice_pay_fen / 100), (long long)(a->notice_pay_fen % 100),
               (long long)(a->unlawful_compensation_fen / 100),
               (long long)(a->unlawful_compensation_fen % 100));
    if (*a->effective_date)
        printf("; effective %s", a->effective_date);
    printf("\n");
}

// Where the assessment's branch came from, for its branch: line: the person's own (people.csv's
// branch column, over their department's) or their department's ("" in an assessment stored
// before branch_source: the department's, the only source then).
static const char *s_branch_source(const Hr__Workflow__Assessment *a)
{
    if (a->branch_source && !strcmp(a->branch_source, "person"))
        return "the person's own branch (people.csv branch), over their department's / "
               "本人所属分支机构";
    return "their department's branch / 所在部门的分支机构";
}

// What review prints beside the verdict: the year of the local average the Art. 47 cap used
// (the previous year's), and the findings HR must act on or decide (warn, review) - a cap on an
// old year's figure among them - so they are read where HR reviews, not only in case show.
static void s_print_review_points(const Hr__Workflow__Case *c)
{
    const Hr__Workflow__Assessment *a = c->assessment;
    if (a->branch && *a->branch)
        printf("  branch: %s %s (%s), %s\n", a->branch, *a->branch_name ? a->branch_name : "-",
               *a->branch_city ? a->branch_city : "city not configured", s_branch_source(a));
    if (!c->money_hidden && a->wage_capped && a->local_average_year)
        printf(
            "  capped at 3 x the local average monthly wage of %u (%s) / 按 %u 年度当地职工月平均"
            "工资的三倍封顶\n",
            a->local_average_year, a->local_average_source, a->local_average_year);
    for (size_t i = 0; i < a->n_findings; i++) {
        const Hr__Workflow__Finding *f = a->findings[i];
        if (!strcmp(f->severity, "warn") || !strcmp(f->severity, "review"))
            printf("  [%s] %s %s\n    %s\n    %s\n", f->severity, f->code, f->article,
                   f->message_zh, f->message_en);
    }
}

// The year of the local average the cap rests on, against the year LCL 47 names (the one
// before the contract ends). Year 0 is a figure the config gave no year, or an assessment
// stored before the year was recorded: nothing to say that would hold for both.
static void s_print_local_average_year(const Hr__Workflow__Assessment *a)
{
    int32_t end = 0;
    char year[5];
    int64_t ended = 0;
    if (!a->local_average_year || !hr_date_parse(a->effective_date, &end))
        return;
    snprintf(year, sizeof year, "%.4s", a->effective_date); // YYYY-MM-DD, checked above
    if (!hr_parse_i64(year, 1, 9999, &ended))
        return;
    int wanted = (int)ended - 1;
    if ((int)a->local_average_year == wanted) {
        printf("  当地职工月平均工资取 %u 年度：即合同终止前一年（第四十七条）\n",
               a->local_average_year);
        printf("  local average of %u: the year before the contract ends (LCL 47)\n",
               a->local_average_year);
    } else {
        printf("  当地职工月平均工资取 %u 年度：第四十七条应取合同终止前一年即 %d 年度的，"
               "配置中没有\n",
               a->local_average_year, wanted);
        printf("  local average of %u: LCL 47 takes %d's, the year before the contract ends, "
               "which the config does not give\n",
               a->local_average_year, wanted);
    }
}

static char *s_yuan(hr_arena_t *arena, int64_t fen)
{
    return hr_arena_fmt(arena, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

// The payments recorded (workflow.RecordPayment), one line each - a reversal negative, naming
// the row it cancels - then the balance of each item the engine computes (wf_pay_balance); the
// pay statement says what a balance means (LCL 50, 85). A reader who does not see money reads
// that the payments are HR's.
static void s_print_payments(const Hr__Workflow__Case *c, const ctl_zone_t *z, hr_arena_t *arena)
{
    if (c->money_hidden) {
        if (c->outcome)
            printf("payments: visible to HR only\n");
        return;
    }
    if (!c->n_payments)
        return;
    printf("payments (付款):\n");
    char t[S_TIME_LEN];
    for (size_t i = 0; i < c->n_payments; i++) {
        const Hr__Workflow__Payment *p = c->payments[i];
        s_time_zoned(p->recorded_ms, z, false, t);
        printf("  %s  %-21s %s%s yuan  %s %s  recorded by %s at %s  %s%s%s\n", p->paid_date,
               p->item, *p->reverses ? "-" : "", s_yuan(arena, p->amount_fen), p->method,
               *p->reference ? ctl_text_safe(arena, p->reference) : "-", p->recorded_by, t, p->id,
               *p->reverses ? " reverses " : "", p->reverses);
    }
    wf_pay_balance_t b;
    wf_pay_balance(c, &b);
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++) {
        const wf_pay_line_t *l = &b.lines[i];
        if (!l->rows && !(l->computed && l->due_fen))
            continue;
        if (!l->computed) {
            printf("  %-21s paid %s yuan\n", wf_pay_item_name((wf_pay_item_t)i),
                   s_yuan(arena, l->paid_fen));
            continue;
        }
        int64_t abs_fen = l->balance_fen < 0 ? -l->balance_fen : l->balance_fen;
        printf("  %-21s due %s, paid %s, balance %s%s yuan%s\n", wf_pay_item_name((wf_pay_item_t)i),
               s_yuan(arena, l->due_fen), s_yuan(arena, l->paid_fen), l->balance_fen < 0 ? "-" : "",
               s_yuan(arena, abs_fen),
               l->balance_fen > 0   ? " still owed"
               : l->balance_fen < 0 ? " overpaid"
                                    : "");
    }
}

static char *s_months(hr_arena_t *arena, uint32_t half_units)
{
    return half_units % 2 ? hr_arena_fmt(arena, "%u.5", half_units / 2)
                          : hr_arena_fmt(arena, "%u", half_units / 2);
}

static char *s_units_capped(hr_arena_t *arena, uint32_t units, uint32_t actual)
{
    return actual && actual != units
               ? hr_arena_fmt(arena, "%u half-month units (actual %u before the 12-year cap)",
                              units, actual)
               : hr_arena_fmt(arena, "%u half-month units", units);
}

static char *s_units_capped_zh(hr_arena_t *arena, uint32_t units, uint32_t actual)
{
    return actual && actual != units
               ? hr_arena_fmt(arena, "%u 个半月单位（按十二年封顶，实为 %u 个）", units, actual)
               : hr_arena_fmt(arena, "%u 个半月单位", units);
}

// The two bases of the money, each amount reproducible from the figures printed (LCL 97 para 3:
// severance counts LCL years from 2008-01-01, the part before under the 1994 Measures; Reg. 25:
// 2N counts the whole service). An assessment stored before the severance's own basis: the
// whole service and the pre-2008 amount, as it was recorded.
static void s_print_bases(const Hr__Workflow__Assessment *a, hr_arena_t *arena)
{
    bool pre = a->pre2008_years > 0;
    if (a->severance_fen && a->severance_half_units) {
        char *post = hr_arena_fmt(
            arena, "%s%s: %s months x %s yuan = %s yuan",
            s_units_capped(arena, a->severance_half_units, a->severance_half_units_actual),
            pre ? " from 2008-01-01" : "", s_months(arena, a->severance_half_units),
            s_yuan(arena, a->wage_base_fen),
            s_yuan(arena,
                   law_fen_times_half_units(a->wage_base_fen, (int)a->severance_half_units)));
        printf(
            "  经济补偿（第四十七条%s）：%s%s：%s 个月 × %s元 = %s元%s\n",
            pre ? "、第九十七条第三款" : "",
            s_units_capped_zh(arena, a->severance_half_units, a->severance_half_units_actual),
            pre ? "（自 2008-01-01 起）" : "", s_months(arena, a->severance_half_units),
            s_yuan(arena, a->wage_base_fen),
            s_yuan(arena, law_fen_times_half_units(a->wage_base_fen, (int)a->severance_half_units)),
            pre ? hr_arena_fmt(arena, "；2008 年以前（1994 年办法）%s元；合计 %s元",
                               s_yuan(arena, a->severance_pre2008_fen),
                               s_yuan(arena, a->severance_fen))
                : "");
        if (!pre)
            printf("  severance (LCL 47): %s\n", post);
        else
            printf("  severance (LCL 47, 97 para 3): %s; before 2008 (1994 Measures): %u months "
                   "for %u started years%s x %s yuan (the wage uncapped) = %s yuan; total %s "
                   "yuan\n",
                   post, a->pre2008_months, a->pre2008_years,
                   a->pre2008_months && a->pre2008_months < a->pre2008_years
                       ? hr_arena_fmt(arena, " (at most %u)", a->pre2008_months)
                   : !a->pre2008_months ? " (none on this ground)"
                                        : "",
                   s_yuan(arena, a->pre2008_wage_fen), s_yuan(arena, a->severance_pre2008_fen),
                   s_yuan(arena, a->severance_fen));
    }
    printf("  赔偿金（2N，第八十七条；实施条例第二十五条：自入职之日起全部工作年限）：工作年限 "
           "%s：2 × %s 个月 × %s元 = %s元",
           s_units_capped_zh(arena, a->service_half_units, a->service_half_units_actual),
           s_months(arena, a->service_half_units), s_yuan(arena, a->wage_base_fen),
           s_yuan(arena, a->unlawful_compensation_fen));
    if (a->severance_pre2008_fen && !a->severance_half_units)
        printf("；2008 年以前的经济补偿 %s元", s_yuan(arena, a->severance_pre2008_fen));
    printf("\n");
    printf("  2N (LCL 87; Reg. 25: the whole service from the hire date): service %s: 2 x %s "
           "months x %s yuan = %s yuan",
           s_units_capped(arena, a->service_half_units, a->service_half_units_actual),
           s_months(arena, a->service_half_units), s_yuan(arena, a->wage_base_fen),
           s_yuan(arena, a->unlawful_compensation_fen));
    if (a->severance_pre2008_fen && !a->severance_half_units)
        printf("; severance before 2008: %s yuan", s_yuan(arena, a->severance_pre2008_fen));
    printf("\n");
}

// The 12-month average the wage base starts from and what the cap (LCL 47 para 2) or the floor
// (Reg. 27) made of it: "average 40000.00 yuan from the directory's average_wage; capped to
// 36921.00 = 3 x 12307.00 (2023)". Nothing for an assessment stored before the average was kept.
static void s_print_average(const Hr__Workflow__Assessment *a, hr_arena_t *arena)
{
    if (!a->average_wage_fen)
        return;
    printf("  前十二个月平均工资 %s元，取自人员名册的 %s", s_yuan(arena, a->average_wage_fen),
           *a->wage_base_source ? a->wage_base_source : "wage");
    if (a->wage_capped && a->local_average_wage_fen)
        printf("；封顶为 %s元 = 3 × %s元（%s）", s_yuan(arena, a->wage_base_fen),
               s_yuan(arena, a->local_average_wage_fen),
               a->local_average_year ? hr_arena_fmt(arena, "%u 年度", a->local_average_year)
                                     : "未注明年度");
    else if (a->wage_base_fen > a->average_wage_fen && a->local_minimum_wage_fen)
        printf("；提高至当地最低月工资标准 %s元（实施条例第二十七条）",
               s_yuan(arena, a->local_minimum_wage_fen));
    printf("\n");
    printf("  average %s yuan from the directory's %s", s_yuan(arena, a->average_wage_fen),
           *a->wage_base_source ? a->wage_base_source : "wage");
    if (a->wage_capped && a->local_average_wage_fen)
        printf("; capped to %s = 3 x %s (%s)", s_yuan(arena, a->wage_base_fen),
               s_yuan(arena, a->local_average_wage_fen),
               a->local_average_year ? hr_arena_fmt(arena, "%u", a->local_average_year)
                                     : "year not given");
    else if (a->wage_base_fen > a->average_wage_fen && a->local_minimum_wage_fen)
        printf("; raised to the local minimum monthly wage %s (Reg. 27)",
               s_yuan(arena, a->local_minimum_wage_fen));
    printf("\n");
}

// The directory facts the case's documents state: the ones kept with the assessment, or - an
// assessment stored before they were kept - today's directory, said so.
static void s_print_kept(const Hr__Workflow__Assessment *a, hr_arena_t *arena)
{
    if (!a->kept_facts) {
        printf("  documents: this assessment predates the kept directory facts - the certificate "
               "and notice state today's directory (hire date, contract, position, department); "
               "文书按人员名册现有信息生成\n");
        return;
    }
    printf("  documents state the directory as assessed: hired %s, contract %s %s..%s, %s, %s\n",
           *a->kept_hire_date ? a->kept_hire_date : "-",
           *a->kept_contract_type ? a->kept_contract_type : "-",
           *a->kept_contract_start ? a->kept_contract_start : "-",
           *a->kept_contract_end ? a->kept_contract_end : "",
           *a->kept_title ? ctl_text_safe(arena, a->kept_title) : "-",
           *a->kept_department      ? ctl_text_safe(arena, a->kept_department)
           : *a->kept_department_id ? a->kept_department_id
                                    : "-");
}

// What the case decided of the employee once it reached them (employee_view with an outcome):
// the ground as the notice states it, the days, each amount with what was paid and the balance,
// the certificate and transfer duties and the arbitration limit, Chinese first.
static void s_print_reached(const Hr__Workflow__Case *c, const ctl_zone_t *z, hr_arena_t *arena)
{
    const Hr__Workflow__Outcome *o = c->outcome;
    const law_ground_t *g = law_ground_find(c->ground);
    char art[LAW_ARTICLE_ZH_MAX];
    if (g)
        printf("依据：%s（%s）\nground: %s (%s)\n", g->title_zh,
               law_article_zh(g->article, art, sizeof art), g->title_en, g->article);
    printf("送达/签署日：%s　劳动合同最后一日：%s\nserved: %s  contract's last day: %s\n",
           *o->served_date ? o->served_date : "-", *o->effective_date ? o->effective_date : "-",
           *o->served_date ? o->served_date : "-", *o->effective_date ? o->effective_date : "-");
    const Hr__Workflow__Assessment *a = c->assessment;
    if (a) {
        wf_pay_balance_t b;
        wf_pay_balance(c, &b);
        for (int i = 0; i < WF_PAY_ITEM_COUNT; i++) {
            const wf_pay_line_t *l = &b.lines[i];
            if (!l->rows && !(l->computed && l->due_fen))
                continue;
            if (!l->computed) {
                printf("%s：已付 %s元 / %s: paid %s yuan\n", wf_pay_item_zh((wf_pay_item_t)i),
                       s_yuan(arena, l->paid_fen), wf_pay_item_name((wf_pay_item_t)i),
                       s_yuan(arena, l->paid_fen));
                continue;
            }
            const char *bal = s_yuan(arena, l->balance_fen < 0 ? -l->balance_fen : l->balance_fen);
            printf("%s：应付 %s元，已付 %s元，%s %s元 / %s: due %s, paid %s, %s %s yuan\n",
                   wf_pay_item_zh((wf_pay_item_t)i), s_yuan(arena, l->due_fen),
                   s_yuan(arena, l->paid_fen), l->balance_fen < 0 ? "多付" : "尚欠", bal,
                   wf_pay_item_name((wf_pay_item_t)i), s_yuan(arena, l->due_fen),
                   s_yuan(arena, l->paid_fen), l->balance_fen < 0 ? "overpaid" : "still owed", bal);
        }
    }
    for (size_t i = 0; i < c->n_payments; i++) {
        const Hr__Workflow__Payment *p = c->payments[i];
        printf("  付款 / paid %s  %s %s%s元 %s %s\n", p->paid_date, p->item,
               *p->reverses ? "-" : "", s_yuan(arena, p->amount_fen), p->method,
               *p->reference ? ctl_text_safe(arena, p->reference) : "-");
    }
    char due[S_TIME_LEN];
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *s = c->steps[i];
        s_time_zoned(s->due_ms, z, true, due);
        printf("%s：%s，期限 %s%s / %s: %s, due %s%s\n", s->title_zh,
               *s->done_date ? "已办" : "未办", due,
               *s->done_date ? hr_arena_fmt(arena, "，办理日 %s", s->done_date) : "", s->title_en,
               s_step_state(s->state), due,
               *s->done_date ? hr_arena_fmt(arena, ", done on %s", s->done_date) : "");
    }
    if (a && *a->arbitration_limit_date)
        printf("劳动争议仲裁时效：%s 前（《劳动争议调解仲裁法》第二十七条）\narbitration limit %s "
               "(LDMAL Art. 27)\n",
               a->arbitration_limit_date, a->arbitration_limit_date);
}

// What the employee concerned reads of their case (employee_view): the meeting and their own
// wage as the money owed to them is computed from it (employee_wage), Chinese first; once the
// case reached them what it decided of them (s_print_reached).
static void s_print_meeting(const Hr__Workflow__Case *c, const ctl_zone_t *z)
{
    const Hr__Workflow__Interview *iv = c->interview;
    hr_arena_t *arena = hr_arena_new(0);
    printf("%s  %s\n", c->id, s_state_name(c->state));
    if (iv)
        printf("meeting: %s %s (%s) at %s%s\n", iv->date, iv->time, z->name,
               ctl_text_safe(arena, iv->place), iv->cancelled ? ": cancelled" : "");
    const Hr__Workflow__EmployeeWage *w = c->employee_wage;
    if (w) {
        bool monthly = !strcmp(w->wage_base_source, "monthly_wage");
        printf("工资：月工资 %s元；经济补偿的计算基数 %s元（%s%s）\n",
               s_yuan(arena, w->monthly_wage_fen), s_yuan(arena, w->wage_base_fen),
               monthly ? "人员名册无前十二个月平均工资，以月工资代替"
                       : hr_arena_fmt(arena, "前十二个月平均工资 %s元",
                                      s_yuan(arena, w->average_wage_fen)),
               w->wage_capped ? hr_arena_fmt(arena, "，按当地职工月平均工资 %s元的三倍封顶",
                                             s_yuan(arena, w->local_average_wage_fen))
               : w->wage_base_fen > w->average_wage_fen && w->local_minimum_wage_fen
                   ? hr_arena_fmt(arena, "，不低于当地最低工资 %s元",
                                  s_yuan(arena, w->local_minimum_wage_fen))
                   : "");
        printf("wage: monthly %s yuan; severance base %s yuan (%s%s)\n",
               s_yuan(arena, w->monthly_wage_fen), s_yuan(arena, w->wage_base_fen),
               monthly ? "no 12-month average in the directory: the monthly wage stands in"
                       : hr_arena_fmt(arena, "12-month average %s yuan",
                                      s_yuan(arena, w->average_wage_fen)),
               w->wage_capped ? hr_arena_fmt(arena, ", capped at 3 x the local average %s yuan",
                                             s_yuan(arena, w->local_average_wage_fen))
               : w->wage_base_fen > w->average_wage_fen && w->local_minimum_wage_fen
                   ? hr_arena_fmt(arena, ", raised to the local minimum wage %s yuan",
                                  s_yuan(arena, w->local_minimum_wage_fen))
                   : "");
        printf("  (the figures the severance and notice pay are computed from; ask HR if one is "
               "wrong / 经济补偿和代通知金据此计算，如有不符请联系 HR)\n");
    }
    if (c->outcome)
        s_print_reached(c, z, arena);
    hr_arena_destroy(&arena);
}

// Free texts (reasons, notes, places) go through ctl_text_safe: what a person typed must not
// drive the terminal.
// Under an attached record in `case show`: who signed it and who declined to (with their
// statement), as hr-evidence holds them for the reader (ev: evidence.List's reply, or NULL when
// it could not be asked). A refusal is never counted as a signature; its words are shown as
// written.
static void s_print_signatures(const Hr__Evidence__ListReply *ev, const char *id,
                               const ctl_zone_t *z, hr_arena_t *arena)
{
    for (size_t i = 0; ev && i < ev->n_evidence; i++) {
        const Hr__Evidence__Evidence *e = ev->evidence[i];
        if (strcmp(e->id, id))
            continue;
        for (size_t k = 0; k < e->n_signatures; k++) {
            const Hr__Evidence__Signature *g = e->signatures[k];
            char when[HR_TIME_ISO_LEN];
            ctl_when(g->signed_ms, z, when);
            printf("      %s %s %s (%s)%s: %s\n",
                   EV_SIG_DECLINED(g) ? "拒绝签字 / DECLINED by" : "签字 / signed by", g->signer,
                   when, z->name, g->valid ? "" : " [signature NOT valid: not counted]",
                   ctl_text_safe(arena, g->statement));
        }
    }
}

// Under an attached record in `case show`: the note given when it was attached and the
// original file name hr-evidence keeps (ev NULL: the note alone), so two records of one kind -
// the first and the second assessment of A40(2) - can be told apart.
static void s_print_note(const Hr__Evidence__ListReply *ev, const Hr__Workflow__EvidenceRef *r,
                         hr_arena_t *arena)
{
    const char *name = NULL;
    for (size_t i = 0; ev && i < ev->n_evidence && !name; i++)
        if (!strcmp(ev->evidence[i]->id, r->id) && *ev->evidence[i]->file_name)
            name = ev->evidence[i]->file_name;
    if (*r->note)
        printf("      备注 / note: %s\n", ctl_text_safe(arena, r->note));
    if (name)
        printf("      文件 / file: %s\n", ctl_text_safe(arena, name));
}

// The union's and the staff's part (LCL 41, 43): the layoff's dates the review checked, and the
// union's notice, opinion, reply and cure as HR recorded them (hrctl case union).
static void s_show_union(const Hr__Workflow__Case *c)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    if (*c->layoff_id)
        printf("layoff batch (LCL 41): %s - its count and days are the layoff's (hrctl layoff "
               "show %s)\n",
               c->layoff_id, c->layoff_id);
    if (as && (*as->explained_date || *as->reported_date || as->directory_headcount))
        printf("layoff procedure (LCL 41): explained to the union/staff %s, reported to the "
               "labour bureau %s, directory headcount %lld\n",
               *as->explained_date ? as->explained_date : "(no date)",
               *as->reported_date ? as->reported_date : "(no date)",
               (long long)as->directory_headcount);
    const Hr__Workflow__UnionRecord *u = c->union_record;
    if (u && *u->notice_date)
        printf("union notice (LCL 43): %s, evidence %.12s%s%s\n", u->notice_date,
               u->notice_evidence_id,
               *u->notice_proposed_date ? ", the letter proposing the notice on " : "",
               u->notice_proposed_date);
    // HR's reasons changed since (UNION_NOTICE_STALE at review): the union was not told them.
    if (u && *u->notice_date && *u->notice_ground &&
        (strcmp(u->notice_ground, c->ground) || strcmp(u->notice_reasons, c->reviewed_reasons)))
        printf("  通知工会之后 HR 的解除理由已改变，现理由尚未通知工会 / the reasons changed "
               "after this notice: the union has not been told them (hrctl case document %s "
               "union_notice, then hrctl case union %s notice DATE --evidence EVID)\n",
               c->id, c->id);
    // A notice the review confirmed by evidence alone, with no dated record: said once, and only
    // then (it printed beside the dated line above whenever the reasons had not changed).
    if (as && as->union_notified && !(u && *u->notice_date))
        printf("union notice (LCL 43): evidence %.12s, date not recorded (hrctl case union %s "
               "notice DATE --evidence EVID)\n",
               as->union_notice_evidence_id, c->id);
    if (u && *u->opinion)
        printf("union opinion: %s %s, evidence %.12s\n",
               strcmp(u->opinion, "objection") ? "no objection" : "objection", u->opinion_date,
               u->opinion_evidence_id);
    if (u && !strcmp(u->opinion, "objection"))
        printf("employer's written reply: %s%s%.12s\n",
               *u->reply_date ? u->reply_date
                              : "none recorded - the notice is not served before it (hrctl case "
                                "union ID reply DATE --evidence EVID)",
               *u->reply_date ? ", evidence " : "", u->reply_evidence_id);
    if (u && *u->cured_date)
        printf("union notice cured before suit (Interp. I Art. 47): %s, evidence %.12s\n",
               u->cured_date, u->cured_evidence_id);
}
// What the union reads of a case it must be notified of (union_view, LCL 43): the ground with
// its article, HR's reviewed reasons, the dates and the union's part - nothing else.
static void s_print_union_view(const Hr__Workflow__Case *c)
{
    hr_arena_t *arena = hr_arena_new(0);
    const law_ground_t *g = law_ground_find(c->ground);
    printf("case %s  %s  employee %s  ground %s (%s)\n", c->id, s_case_state(c), c->employee_no,
           c->ground, g ? g->article : "?");
    if (g)
        printf("依据 / statute: %s / %s\n", g->statute_zh, g->statute_en);
    printf("解除理由 / reasons (HR): %s\n", *c->reviewed_reasons
                                                ? ctl_text_safe(arena, c->reviewed_reasons)
                                                : "（HR 尚未审核） / not reviewed yet");
    if (c->outcome && *c->outcome->served_date)
        printf("notice served: %s\n", c->outcome->served_date);
    if (c->outcome && *c->outcome->effective_date)
        printf("last day of service: %s\n", c->outcome->effective_date);
    s_show_union(c);
    hr_arena_destroy(&arena);
}

// What the payroll office reads of a case whose outcome fixes money (payroll_view): the
// employee, the amounts and when each falls due, the payments - what the pay statement prints.
static void s_print_payroll_view(const Hr__Workflow__Case *c, const ctl_zone_t *z)
{
    hr_arena_t *arena = hr_arena_new(0);
    printf("case %s  %s  employee %s  ground %s  (薪资视图 / payroll view)\n", c->id,
           s_case_state(c), c->employee_no, c->ground);
    if (c->outcome)
        printf("notice served / agreement signed: %s  last day of service: %s\n",
               *c->outcome->served_date ? c->outcome->served_date : "-",
               *c->outcome->effective_date ? c->outcome->effective_date : "-");
    const Hr__Workflow__Assessment *a = c->assessment;
    if (a) {
        const char *handover = wf_pay_handover_date(c);
        printf("severance (经济补偿): %s yuan, due at the work handover (%s)\n",
               s_yuan(arena, a->severance_fen), *handover ? handover : "not recorded yet");
        printf("notice pay (代通知金): %s yuan, due by the last day (%s)\n",
               s_yuan(arena, a->notice_pay_fen), *wf_pay_last_day(c) ? wf_pay_last_day(c) : "-");
        if (!a->lawful)
            printf("unlawful compensation (违法解除或终止劳动合同的赔偿金): %s yuan\n",
                   s_yuan(arena, a->unlawful_compensation_fen));
    }
    s_print_payments(c, z, arena);
    printf("pay statement: hrctl case document %s pay_statement\n", c->id);
    hr_arena_destroy(&arena);
}

static void s_print_case(const Hr__Workflow__CaseReply *rep, const ctl_zone_t *z,
                         const Hr__Evidence__ListReply *ev)
{
    const Hr__Workflow__Case *c = rep->case_;
    if (c->employee_view) {
        s_print_meeting(c, z);
        return;
    }
    if (c->union_view) {
        s_print_union_view(c);
        return;
    }
    if (c->payroll_view) {
        s_print_payroll_view(c, z);
        return;
    }
    char t[S_TIME_LEN], t2[S_TIME_LEN];
    hr_arena_t *arena = hr_arena_new(0);
    printf("case %s  %s  employee %s  manager %s  ground %s  version %u\n", c->id, s_case_state(c),
           c->employee_no, c->manager_no, c->ground, c->version);
    // The template it follows, whose company rules its submission was judged by: HR checks it
    // at review (a manager cannot choose another; HR may).
    printf("template: %s%s%s%s\n", *c->template_id ? c->template_id : "default",
           *c->template_version ? " (" : "", ctl_text_safe(arena, c->template_version),
           *c->template_version ? ")" : "");
    if (*c->reason)
        printf("reason: %s\n", ctl_text_safe(arena, c->reason));
    if (c->n_absence_days) {
        printf("absence claimed (manager):");
        for (size_t i = 0; i < c->n_absence_days; i++)
            printf(" %s", ctl_text_safe(arena, c->absence_days[i]));
        printf("\n");
    }
    if (*c->reviewed_reasons)
        printf("reasons (HR, in the notice): %s\n", ctl_text_safe(arena, c->reviewed_reasons));
    if (*c->a41_trigger)
        printf("layoff ground (LCL 41 para 1): %s\n", c->a41_trigger);
    s_show_union(c);
    printf("steps:\n");
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *s = c->steps[i];
        s_time_zoned(s->due_ms, z, true, t);
        s_time_zoned(s->done_ms, z, false, t2);
        printf("  %s %-18s %-8s owner %-8s due %s  done %s",
               i == c->current && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN ? ">" : " ",
               s->key, s_step_state(s->state), *s->owner_no ? s->owner_no : "-", t, t2);
        if (*s->done_by) // who did it, which need not be its owner
            printf("  by %s", s->done_by);
        if (s->escalation_level)
            printf("  [escalated: level %u]", s->escalation_level);
        if (*s->done_date) // a duty: the day it was done, as HR recorded it, and its proof
            printf("  [done on %s, %s%s]", s->done_date, *s->evidence_id ? "evidence " : "",
                   *s->evidence_id ? s->evidence_id : "no evidence");
        printf("%s\n", s_due_unsure(arena, s->due_year_undeclared, s->due_year_statutory_known));
    }
    if (c->n_evidence)
        printf("evidence:\n");
    for (size_t i = 0; i < c->n_evidence; i++) {
        printf("  %-22s %s (by %s)\n", c->evidence[i]->kind, c->evidence[i]->id,
               c->evidence[i]->attached_by);
        s_print_note(ev, c->evidence[i], arena);
        s_print_signatures(ev, c->evidence[i]->id, z, arena);
    }
    // The legal facts HR confirmed at review and the evidence each rests on.
    if (c->n_facts)
        printf("facts confirmed by HR:\n");
    for (size_t i = 0; i < c->n_facts; i++) {
        printf("  %-34s", c->facts[i]->fact);
        for (size_t j = 0; j < c->facts[i]->n_evidence_ids; j++)
            printf(" %s", c->facts[i]->evidence_ids[j]);
        if (c->facts[i]->number)
            printf(" (number %lld)", (long long)c->facts[i]->number);
        printf("\n");
    }
    if (*c->probation_end)
        printf("试用期至 %s / in probation until %s\n", c->probation_end, c->probation_end);
    if (c->assessment) {
        const Hr__Workflow__Assessment *a = c->assessment;
        // Held for a legal protection since the review: the verdict was the review's, and the
        // case waits (which protection is HR's to read, in the problems below).
        bool held = c->protection_held_ms && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
        s_print_assessment(c, "",
                           held ? "评估（审核时；现等待法定保护情形结束，暂停办理）：" : "评估：",
                           held ? "assessment (at the review; the case now waits for a legal "
                                  "protection to end): "
                                : "assessment: ");
        // Before a notice is recorded the dates and the notice pay are the review's plan,
        // reckoned from the review's day; the letter for the day it is served says its own.
        if (!c->outcome && a->lawful)
            printf("  审核时的计划，以实际送达的通知书为准 / the review's plan: the effective date "
                   "and "
                   "notice pay above are reckoned from the review; the notice letter states its "
                   "own for the day it is served (hrctl case document %s notice --served DATE)\n",
                   c->id);
        // The Art. 47 basis: the wage base and where it came from, whether it was capped (and
        // the local average the cap rests on), the severance's units and pre-2008 part, the
        // 2N's units over the whole service, before and after the 12-year cap, the monthly wage
        // of the notice pay.
        // A branch's people: whose local figures (the place of performance, Reg. 14) were used.
        if (a->branch && *a->branch)
            printf("  branch: %s %s (%s), %s: its local wage figures and union were used\n",
                   a->branch, *a->branch_name ? a->branch_name : "-",
                   *a->branch_city ? a->branch_city : "city not configured", s_branch_source(a));
        if (!c->money_hidden && a->wage_base_fen) {
            printf("  计算基数（第四十七条）：月工资基数 %lld.%02lld元%s%s%s\n",
                   (long long)(a->wage_base_fen / 100), (long long)(a->wage_base_fen % 100),
                   *a->wage_base_source ? "，取自人员名册的 " : "", a->wage_base_source,
                   a->wage_capped ? "（按当地职工月平均工资的三倍封顶）" : "");
            printf("  basis (LCL 47): wage base %lld.%02lld yuan%s%s%s\n",
                   (long long)(a->wage_base_fen / 100), (long long)(a->wage_base_fen % 100),
                   *a->wage_base_source ? " from the directory's " : "", a->wage_base_source,
                   a->wage_capped ? " (capped at 3 x the local average wage)" : "");
            s_print_average(a, arena);
            s_print_bases(a, arena);
            if (a->local_average_wage_fen)
                printf("  当地职工月平均工资 %lld.%02lld元（%s）；月工资 %lld.%02lld元（代通知金，"
                       "实施条例第二十条）\n",
                       (long long)(a->local_average_wage_fen / 100),
                       (long long)(a->local_average_wage_fen % 100), a->local_average_source,
                       (long long)(a->monthly_wage_fen / 100),
                       (long long)(a->monthly_wage_fen % 100));
            if (a->local_average_wage_fen)
                printf("  local average monthly wage %lld.%02lld yuan (%s); monthly wage "
                       "%lld.%02lld yuan (notice pay, Reg. 20)\n",
                       (long long)(a->local_average_wage_fen / 100),
                       (long long)(a->local_average_wage_fen % 100), a->local_average_source,
                       (long long)(a->monthly_wage_fen / 100),
                       (long long)(a->monthly_wage_fen % 100));
            s_print_local_average_year(a);
            if (!a->local_average_wage_fen && *a->local_average_source)
                printf("  当地职工月平均工资：%s - 未适用第四十七条的封顶；月工资 %lld.%02lld元"
                       "（代通知金，实施条例第二十条）\n",
                       a->local_average_source, (long long)(a->monthly_wage_fen / 100),
                       (long long)(a->monthly_wage_fen % 100));
            if (!a->local_average_wage_fen && *a->local_average_source)
                printf("  local average monthly wage: %s - the cap (LCL 47) was not applied; "
                       "monthly wage %lld.%02lld yuan (notice pay, Reg. 20)\n",
                       a->local_average_source, (long long)(a->monthly_wage_fen / 100),
                       (long long)(a->monthly_wage_fen % 100));
        }
        s_print_kept(a, arena);
        for (size_t i = 0; i < a->n_findings; i++)
            printf("  [%s] %s %s\n    %s\n    %s\n", a->findings[i]->severity, a->findings[i]->code,
                   a->findings[i]->article, a->findings[i]->message_zh, a->findings[i]->message_en);
    }
    // The assessment HR reviewed, when the outcome assessed the case again and changed it (the
    // history's assessment_changed says why).
    if (c->reviewed_assessment) {
        Hr__Workflow__Case reviewed = *c;
        reviewed.assessment = c->reviewed_assessment;
        s_print_assessment(&reviewed, "", "HR 审核时的评估（登记结果之前）：",
                           "reviewed assessment (before the outcome): ");
        printf("  pay in lieu of notice: reviewed %s, at the outcome %s\n",
               c->reviewed_assessment->pay_in_lieu_of_notice ? "yes" : "no",
               c->assessment && c->assessment->pay_in_lieu_of_notice ? "yes" : "no");
    }
    // What the case says now, beyond its record: an Art. 42 status the directory records since
    // the review (hr-workflow sends these to HR only).
    for (size_t i = 0; i < rep->n_problems; i++)
        printf("WARNING [%s] %s %s\n    %s\n    %s\n", rep->problems[i]->severity,
               rep->problems[i]->code, rep->problems[i]->article, rep->problems[i]->message_zh,
               rep->problems[i]->message_en);
    if (c->interview)
        printf("interview: %s %s at %s; hr %s, manager %s\n", c->interview->date,
               c->interview->time, ctl_text_safe(arena, c->interview->place),
               c->interview->hr_confirmed ? "yes" : "no",
               c->interview->manager_confirmed ? "yes" : "no");
    // Set sooner than interview/min_notice_hours before it began: said with the interview for
    // as long as the case lasts, not in the prepare reply alone.
    if (c->interview && c->interview->short_notice)
        printf("  WARNING [%s] %s\n    %s\n    %s\n", c->interview->short_notice->severity,
               c->interview->short_notice->code, c->interview->short_notice->message_zh,
               c->interview->short_notice->message_en);
    // Who confirmed, as what, when, and what they noted; a case from before these records has
    // HR's notes alone.
    if (c->interview && !c->interview->n_confirmations && *c->interview->notes)
        printf("  notes (hr %s): %s\n", *c->interview->hr_no ? c->interview->hr_no : "-",
               ctl_text_safe(arena, c->interview->notes));
    for (size_t i = 0; c->interview && i < c->interview->n_confirmations; i++) {
        const Hr__Workflow__InterviewNote *n = c->interview->confirmations[i];
        s_time_zoned(n->at_ms, z, false, t);
        printf("  confirmed by %s (%s) at %s; employee attended: %s%s%s\n", n->by, n->role, t,
               *n->employee_attended ? n->employee_attended : "not recorded", *n->notes ? ": " : "",
               ctl_text_safe(arena, n->notes));
    }
    if (c->outcome) {
        const Hr__Workflow__Outcome *o = c->outcome;
        printf("outcome: %s", o->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED
                                  ? "agreement signed"
                                  : "notice served");
        if (*o->served_date)
            printf(" %s", o->served_date);
        printf(", contract ends %s", o->effective_date);
        if (*o->evidence_id)
            printf(" (evidence %s)", o->evidence_id);
        if (*o->service_evidence_id)
            printf("; served as proven by %s", o->service_evidence_id);
        if (*o->service_signed_date)
            printf("; receipt acknowledged by the employee's electronic signature of %s, "
                   "signer not verified (员工电子签收，系统未核验签收人身份)",
                   o->service_signed_date);
        printf("\n");
    }
    if (c->rescission) {
        const Hr__Workflow__Rescission *r = c->rescission;
        s_time_zoned(r->at_ms, z, false, t);
        printf("rescinded: the notice revoked by the employee's agreement of %s (evidence %s); "
               "the contract was to end %s; recorded by %s at %s: %s\n",
               r->agreement_date, r->evidence_id, r->effective_date, r->by, t,
               ctl_text_safe(arena, r->reason));
    }
    // Every reinstatement, in order: those set aside before a retrial's (earlier_reinstatements),
    // then the latest.
    for (size_t i = 0; c->reinstatement && i <= c->n_earlier_reinstatements; i++) {
        const Hr__Workflow__Reinstatement *r =
            i < c->n_earlier_reinstatements ? c->earlier_reinstatements[i] : c->reinstatement;
        s_time_zoned(r->at_ms, z, false, t);
        printf(
            "reinstated: award %s of %s ordered the contract to continue (LCL Art. 48, "
            "恢复劳动关系); the termination (contract to end %s) is void; recorded by %s at %s\n",
            ctl_text_safe(arena, r->award_ref), r->award_date, r->effective_date, r->by, t);
        if (*r->set_aside_date) {
            s_time_zoned(r->set_aside_at_ms, z, false, t);
            printf("  set aside: judgment %s of %s set the award aside (LDML Art. 50); the "
                   "termination stands again; recorded by %s at %s\n",
                   ctl_text_safe(arena, r->set_aside_ref), r->set_aside_date, r->set_aside_by, t);
        }
    }
    // A year from the notice: there is none before the outcome (a case returned UNLAWFUL
    // included), so no limit is printed before it.
    if (c->outcome && c->assessment && *c->assessment->arbitration_limit_date)
        printf("arbitration limit %s (LDMAL Art. 27: one year from the notice)\n",
               c->assessment->arbitration_limit_date);
    if (c->dispute) {
        const Hr__Workflow__Dispute *d = c->dispute;
        printf("dispute: %s%s, result %s, amount %s\n",
               d->arbitration_filed ? "arbitration filed" : "not filed",
               *d->filed_date ? hr_arena_fmt(arena, " %s", d->filed_date) : "",
               *d->result ? d->result : "pending",
               c->money_hidden
                   ? "visible to HR only"
                   : hr_arena_fmt(arena, "%lld.%02lld yuan", (long long)(d->amount_fen / 100),
                                  (long long)(d->amount_fen % 100)));
        if (d->filed_after_limit)
            printf("  filed after the arbitration limit: the employer may raise the time bar "
                   "(LDMAL Art. 27)\n");
        if (*d->note)
            printf("  note: %s\n", ctl_text_safe(arena, d->note));
    }
    s_print_payments(c, z, arena);
    printf("history:\n");
    for (size_t i = 0; i < c->n_history; i++) {
        s_time_zoned(c->history[i]->at_ms, z, false, t);
        printf("  %s  %-10s %-20s %s %s\n", t, c->history[i]->actor, c->history[i]->action,
               c->history[i]->step, ctl_text_safe(arena, c->history[i]->note));
    }
    if (c->n_notifications)
        printf("notifications:\n");
    for (size_t i = 0; i < c->n_notifications; i++) {
        const Hr__Workflow__NotificationRef *n = c->notifications[i];
        s_time_zoned(n->at_ms, z, false, t);
        printf("  %s  %-20s step %-12s to", t, n->template_id, n->step);
        for (size_t k = 0; k < n->n_to; k++)
            printf(" %s", n->to[k]);
        if (n->n_cc)
            printf("  cc");
        for (size_t k = 0; k < n->n_cc; k++)
            printf(" %s", n->cc[k]);
        printf("\n");
    }
    if (c->n_failed_reminders)
        printf("failed reminders:\n");
    for (size_t i = 0; i < c->n_failed_reminders; i++) {
        const Hr__Workflow__FailedReminder *f = c->failed_reminders[i];
        s_time_zoned(f->failed_ms, z, false, t);
        printf("  %s  %-20s step %-12s %s %s by %s", t, f->template_id, *f->step ? f->step : "-",
               f->cc ? "cc" : "to", *f->person_no ? f->person_no : "-", f->channel);
        if (!f->dropped) // a dropped one was not tried to the end: its reason says it all
            printf(" after %u tries", f->attempts);
        printf(": %s\n", ctl_text_safe(arena, f->reason));
        if (*f->alert_channel)
            printf("      hr head told by %s (outbox %s)\n", f->alert_channel, f->alert_msg_id);
        else
            printf("      hr head not told: %s\n", f->alert_skipped);
    }
    hr_arena_destroy(&arena);
}

// Calls type on hr-workflow for a listing. True when *rep is there to print as text; otherwise
// *code is the exit code: the call failed, or --json printed the reply already.
static bool s_ask(const ctl_wf_opts_t *opts, const char *type, const ProtobufCMessage *req,
                  const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena, void **rep,
                  int *code)
{
    hr_rc_t rc = ctl_wf_call(opts, type, req, reply_desc, arena, NULL, rep);
    if (rc) {
        *code = ctl_wf_exit(rc);
        return false;
    }
    if (opts->json) {
        ctl_json_print(ctl_pb_to_json(*rep));
        *code = CTL_EXIT_OK;
        return false;
    }
    return true;
}

// A case reply as JSON: what the service left out for this reader (money_hidden) is left out
// here too, not printed as amounts of 0.
static json_t *s_case_json(const Hr__Workflow__CaseReply *rep)
{
    json_t *j = ctl_pb_to_json(&rep->base);
    if (!rep->case_ || !rep->case_->money_hidden)
        return j;
    static const char *const money[] = {
        "severance_fen",         "notice_pay_fen",       "unlawful_compensation_fen",
        "wage_base_fen",         "service_half_units",   "wage_capped",
        "severance_pre2008_fen", "severance_half_units", "severance_half_units_actual",
        "pre2008_years",         "pre2008_months",       "pre2008_wage_fen",
        "average_wage_fen"};
    json_t *cs = json_object_get(j, "case");
    json_t *a = json_object_get(cs, "assessment");
    for (size_t i = 0; json_is_object(a) && i < HR_ARRAY_LEN(money); i++)
        json_object_del(a, money[i]);
    json_t *d = json_object_get(cs, "dispute");
    if (json_is_object(d))
        json_object_del(d, "amount_fen");
    return j;
}

// Prints an action's reply: the problems when refused, a line when accepted.
static int s_result(const ctl_wf_opts_t *opts, hr_rc_t rc, Hr__Workflow__CaseReply *rep,
                    const char *what)
{
    if (rc)
        return ctl_wf_exit(rc);
    if (opts->json) {
        ctl_json_print(s_case_json(rep));
        return rep->accepted ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    }
    const Hr__Workflow__CaseStep *cur = NULL;
    if (rep->case_->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        rep->case_->current < rep->case_->n_steps)
        cur = rep->case_->steps[rep->case_->current];
    const Hr__Workflow__Case *c = rep->case_;
    // A review that found the dismissal unlawful is not accepted, yet it moved the case: back
    // to the manager (its history's last entry says so; "blocked" follows "returned" when a
    // statutory protection was the reason).
    const char *last = c->n_history ? c->history[c->n_history - 1]->action : "";
    bool returned = !rep->accepted && (!strcmp(last, "returned") || !strcmp(last, "blocked"));
    if (rep->accepted)
        printf("%s: case %s %s%s%s", what, c->id, s_case_state(c), cur ? ", now at " : "",
               cur ? cur->key : "");
    else if (returned)
        printf("%s: case %s not accepted: returned to the manager %s (now at %s)", what, c->id,
               c->manager_no, cur ? cur->key : "-");
    else
        printf("%s: case %s: not accepted (%s%s)", what, c->id, cur ? "stays at " : "",
               cur ? cur->key : "");
    if (!strcmp(what, "reassign"))
        printf("; manager %s", rep->case_->manager_no);
    if (!strcmp(what, "template"))
        printf("; template %s (%s)", c->template_id, c->template_version);
    if (!strcmp(what, "pay") && c->n_payments) // the row just recorded: the last one
        printf("; payment %s", c->payments[c->n_payments - 1]->id);
    if (!strcmp(what, "outcome") && rep->accepted && c->outcome && *c->outcome->service_signed_date)
        printf("; receipt acknowledged by the employee's electronic signature of %s, signer "
               "not verified (员工电子签收，系统未核验签收人身份)",
               c->outcome->service_signed_date);
    printf("\n");
    // What HR review decided: the verdict, the money and the date the dismissal takes effect
    // (right under the state line: scripts read it there), then the template it was judged by.
    if (!strcmp(what, "review") && rep->case_->assessment) {
        s_print_assessment(rep->case_, "  ", "评估：", "assessment: ");
        s_print_review_points(rep->case_);
    }
    if (!strcmp(what, "review"))
        printf("  template: %s%s%s%s (its company rules judged the request)\n",
               *c->template_id ? c->template_id : "default", *c->template_version ? " (" : "",
               c->template_version, *c->template_version ? ")" : "");
    for (size_t i = 0; i < rep->n_problems; i++)
        printf("  - [%s] %s\n    %s\n", rep->problems[i]->code, rep->problems[i]->message_zh,
               rep->problems[i]->message_en);
    return rep->accepted ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}

// A superior's rejection done: the service answers it as not accepted (the case did not go
// on), but the case went back to the manager as asked, which is what the superior wanted.
static int s_rejected(const ctl_wf_opts_t *opts, Hr__Workflow__CaseReply *rep, const char *note)
{
    if (rep->n_problems)
        return s_result(opts, HR_OK, rep, "approve"); // refused for a reason it names
    if (opts->json) {
        ctl_json_print(s_case_json(rep));
        return CTL_EXIT_OK;
    }
    const Hr__Workflow__Case *c = rep->case_;
    hr_arena_t *arena = hr_arena_new(0);
    printf("approve: case %s rejected: returned to the manager %s (now at %s): %s\n", c->id,
           c->manager_no, c->current < c->n_steps ? c->steps[c->current]->key : "-",
           ctl_text_safe(arena, note));
    hr_arena_destroy(&arena);
    return CTL_EXIT_OK;
}

void ctl_case_usage(FILE *out)
{
    fprintf(
        out,
        "usage: hrctl case ACTION ... [--json] [--config-dir DIR] [--as EMPLOYEE_NO "
        "[--role r1,r2]]\n"
        "  hrctl case list [--state open|closed|withdrawn|rescinded] [--overdue] "
        "[--owner EMPLOYEE_NO]\n"
        "                  [--limit N] [--after ID]\n"
        "                       # open cases first, the most urgent (earliest due) first, then\n"
        "                       # the rest newest first; --limit rows (default 100; --max is\n"
        "                       # its older name); --after: the rows after that case;\n"
        "                       # --as a person with role union: the cases the union was\n"
        "                       # notified of (LCL 43), no step or owner (no --owner, --overdue);\n"
        "                       # --as a person with role payroll: the cases awaiting payment\n"
        "                       # (owed, last day), no step or owner either\n"
        "  hrctl case show ID\n"
        "  hrctl case open EMPLOYEE_NO GROUND [--reason TEXT] [--superior-approval] "
        "[--template ID]\n"
        "                       [--absent 2026-11-02..2026-11-04,2026-11-06]\n"
        "                       # --template: a template HR put (hrctl template put) under\n"
        "                       # another id than default; --absent: the days the employee\n"
        "                       # was absent, checked at HR review against the attendance feed\n"
        "  hrctl case attach ID EVIDENCE_ID [--note TEXT]\n"
        "  hrctl case attach ID --file PATH --kind KIND [--note TEXT]\n"
        "  hrctl case facts ID --from DATE --to DATE [--note TEXT]\n"
        "  hrctl case submit ID [--absent DAYS|none]   # --absent: the claimed days restated\n"
        "  hrctl case review ID [--fact NAME=[NUMBER,]EVID[,EVID]]... [--effective DATE] "
        "[--notice DATE]\n"
        "                       [--pay-in-lieu] [--union-notified EVID] [--reasons TEXT]\n"
        "                       [--a41-trigger NAME] [--note TEXT] [--absence-explained EVID]\n"
        "                       # --absence-explained: attached records HR accepts as\n"
        "                       # explaining attendance that contradicts the claimed absence\n"
        "                       # --reasons: HR's facts and reasons, printed in the notice\n"
        "                       # (GC180); required to review A39_*, A40_*, A41 lawful\n"
        "                       # --union-notified: the attached union_notice record (LCL 43;\n"
        "                       # no union: the notice to the local federation of unions)\n"
        "                       # --a41-trigger: bankruptcy_reorganisation|serious_difficulties\n"
        "                       # |business_change|objective_change (LCL 41 para 1)\n"
        "                       [--explained-on DATE] [--reported-on DATE]   # A41: the days the\n"
        "                       # union or staff was told (30 days before the notice) and the\n"
        "                       # plan reported to the labour bureau (before the notice)\n"
        "  hrctl case union ID notice|opinion|reply|cured DATE --evidence EVID [--objection]\n"
        "                       [--served DAY]   # LCL 43: the reasons notified to the union (a\n"
        "                       # union_notice record; --served: the notice day the letter\n"
        "                       # proposed, which reprints state), its opinion (--objection: it "
        "objected), the written\n"
        "                       # reply to an objection (required before the notice is served),\n"
        "                       # a missing notice cured before suit (Interp. I Art. 47)\n"
        "  hrctl case approve ID [--reject --note TEXT]     # a rejection needs its note\n"
        "  hrctl case prepare ID DATE HH:MM PLACE\n"
        "  hrctl case confirm ID --employee-attended yes|no [--notes TEXT]\n"
        "  hrctl case outcome ID agreement_signed|notice_served DATE [--served DATE] "
        "[--evidence ID] [--service ID]\n"
        "                       # DATE: the contract's last day; --served: the day the notice\n"
        "                       # was served (required) or the agreement signed (default today)\n"
        "                       # --evidence: the served notice_letter, required for a notice\n"
        "                       # (proof of service); the signed agreement, optional\n"
        "                       # --service: on a notice this system rendered, the signed copy,\n"
        "                       # the witnesses' statement of a refused signature or the EMS "
        "receipt\n"
        "  hrctl case close ID | withdraw ID REASON [--below-threshold-reason TEXT]\n"
        "                       # a REASON beginning with '-' goes after --reason\n"
        "  hrctl case duty ID KEY [--on DATE] [--evidence ID]\n"
        "                       # --on: the day it was done (default today); --evidence: an\n"
        "                       # evidence id attached to the case that proves it\n"
        "  hrctl case rescind ID --on DATE --reason TEXT --evidence ID\n"
        "                       # the notice revoked with the employee's agreement before the\n"
        "                       # contract ended: --on the day they agreed, --evidence their\n"
        "                       # signed agreement (kind agreement, attached to the case)\n"
        "  hrctl case reassign ID --reason TEXT [--manager EMPLOYEE_NO]\n"
        "  hrctl case template ID TEMPLATE --reason TEXT\n"
        "                       # HR only, while the case is at hr_review: it follows TEMPLATE\n"
        "                       # (hrctl template put) from now on - its stages, deadlines and\n"
        "                       # rules; the history records from, to and the reason\n"
        "  hrctl case dispute ID --result R [--filed DATE] [--amount YUAN] [--note TEXT]\n"
        "      [--award-date DATE --award-ref REF]\n"
        "                       # R: pending, employer_won, employee_won, reinstated, settled,\n"
        "                       # withdrawn; reinstated (恢复劳动关系/继续履行, LCL Art. 48): the\n"
        "                       # award orders the contract to continue - give its day and\n"
        "                       # reference; the termination is void, the duties cancelled\n"
        "      [--sets-aside REF]   # a judgment (award date/ref: its own) setting the award REF\n"
        "                       # of a reinstatement aside (LDML Art. 50; result employer_won\n"
        "                       # or employee_won): the termination stands, the duties owed\n"
        "  hrctl case pay ID --item ITEM --amount YUAN --method M [--reference REF] [--date DATE]\n"
        "      [--note TEXT]    # HR or payroll (role payroll: only on a case whose outcome\n"
        "                       # fixes money), in their own name (--as): a payment to the "
        "employee\n"
        "                       # after the outcome. ITEM: severance|notice_pay|\n"
        "                       # unlawful_compensation|wages_owed|other; YUAN: e.g. 12345.67\n"
        "                       # (at most two decimals, exact to the fen); M: bank|cash|cheque|\n"
        "                       # other; --reference: the transfer's reference (required but\n"
        "                       # for cash); --date: the day paid (default today; not before\n"
        "                       # the notice was served or the agreement signed)\n"
        "  hrctl case pay ID --reverses PAYMENT_ID --note TEXT [--date DATE]\n"
        "                       # a correction: a new row cancelling a payment recorded by\n"
        "                       # mistake (rows are never edited); record the right one anew.\n"
        "                       # The pay statement lists the payments and the balance due\n"
        "  hrctl case outbox | events [--after SEQ]\n"
        "  hrctl case document ID certificate|notice|union_notice|pay_statement [--lang zh|en] "
        "[--out FILE] "
        "[--store [--wage-year-accepted]]\n"
        "      [--served DATE] [--effective DATE]\n"
        "                       # the termination certificate or notice from the case;\n"
        "                       # --store also puts it into hr-evidence and attaches it;\n"
        "                       # a notice before the outcome: the day served, the last day;\n"
        "                       # --wage-year-accepted: store a notice whose Art. 47 cap\n"
        "                       # rests on another year's local average (or none), recorded\n"
        "                       # pay_statement: the final pay statement for payroll (the\n"
        "                       # amounts decided, what payroll adds), not stored; HR's and\n"
        "                       # payroll's (role payroll reads only this, the payroll view\n"
        "                       # of case show and the list of cases awaiting payment)\n"
        "  hrctl case reads ID|--lists [--max N] [--before SEQ]\n"
        "                       # who read the case (newest first): HR, legal, and the\n"
        "                       # employee concerned once the case has reached them;\n"
        "                       # --lists: who listed cases (HR, legal)\n"
        "  hrctl case journal ID\n"
        "                       # every version of the case from its hash-chained journal,\n"
        "                       # oldest first: when, by whom, which request, what changed\n"
        "--help or -h after any action prints this synopsis and does nothing else; a word in\n"
        "an action's fixed place (ID, DATE, PLACE, REASON, ...) is never an option.\n"
        "Without --as hrctl acts as the operator (IT). The process is people's: submit as\n"
        "the manager (--as E0101), review, prepare and outcome as HR (--as E0003), approve\n"
        "as the superior (--as E0100), pay as payroll (--as a person with role payroll):\n"
        "--as takes the person's roles from the people directory (--role r1,r2 names them\n"
        "instead; roles: employee, manager, hr, hr_head, legal, union, payroll, operator).\n"
        "More in services/workflow/README.md.\n");
}

static int s_usage(void)
{
    ctl_case_usage(stderr);
    return CTL_EXIT_USAGE;
}

// Value of --name in argv[from..argc), or def.
static char *s_opt(int argc, char **argv, int from, const char *name, char *def)
{
    for (int i = from; i + 1 < argc; i++)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return def;
}

// --absent SPEC: days and ranges, "2026-11-02..2026-11-04,2026-11-06", or "none" (no day):
// *days (arena) and *n; false with the reason on stderr. The server checks order and dates.
static bool s_absent_days(const char *cmd, const char *spec, hr_arena_t *arena, char ***days,
                          size_t *n)
{
    *days = hr_arena_alloc(arena, (CTL_CASE_MAX_ABSENT + 1) * sizeof **days);
    *n = 0;
    if (!strcmp(spec, "none"))
        return true;
    char *copy = hr_arena_strdup(arena, spec), *save = NULL;
    for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        char *dots = strstr(part, "..");
        int32_t a, b;
        if (dots)
            *dots = '\0';
        if (!hr_date_parse(part, &a) || (dots && !hr_date_parse(dots + 2, &b)) || (dots && b < a)) {
            fprintf(stderr,
                    "hrctl case %s: --absent: '%s' is not a day or range (YYYY-MM-DD or "
                    "YYYY-MM-DD..YYYY-MM-DD, comma-separated; none for no day)\n",
                    cmd, spec);
            return false;
        }
        for (int32_t d = a; d <= (dots ? b : a); d++) {
            if (*n >= CTL_CASE_MAX_ABSENT) {
                fprintf(stderr, "hrctl case %s: --absent: at most %d days\n", cmd,
                        CTL_CASE_MAX_ABSENT);
                return false;
            }
            char t[HR_DATE_LEN];
            (*days)[(*n)++] = hr_arena_strdup(arena, hr_date_format(d, t));
        }
    }
    return true;
}

static bool s_flag(int argc, char **argv, int from, const char *name)
{
    for (int i = from; i < argc; i++)
        if (!strcmp(argv[i], name))
            return true;
    return false;
}

// Checks argv[from..argc) before s_opt and s_flag read it: only the options in `valued` (each
// with its value; only --fact may repeat) and the `flags`. Anything else - an unknown option,
// one without its value, a word more than the command takes - is named on stderr and the
// command does not run: a typo must not act as if the option were absent ("--rejct" would
// approve what was to be rejected; an unquoted place would be cut at its first word).
static bool s_strict(const char *sub, int argc, char **argv, int from, const char *const *valued,
                     const char *const *flags)
{
    for (int i = from; i < argc; i++) {
        bool known = false;
        for (size_t k = 0; valued && valued[k] && !known; k++) {
            if (strcmp(argv[i], valued[k]))
                continue;
            if (i + 1 >= argc || !strncmp(argv[i + 1], "--", 2)) {
                fprintf(stderr, "hrctl case %s: %s needs a value%s%s\n", sub, argv[i],
                        i + 1 < argc ? ", not the option " : "", i + 1 < argc ? argv[i + 1] : "");
                return false;
            }
            for (int j = from; j < i; j++)
                if (!strcmp(argv[j], valued[k]) && strcmp(valued[k], "--fact")) {
                    fprintf(stderr, "hrctl case %s: %s given twice\n", sub, argv[i]);
                    return false;
                }
            known = true;
            i++;
        }
        for (size_t k = 0; flags && flags[k] && !known; k++)
            known = !strcmp(argv[i], flags[k]);
        if (!known) {
            if (argv[i][0] == '-') {
                fprintf(stderr, "hrctl case %s: unknown option: %s\n", sub, argv[i]);
                ctl_case_usage(stderr);
            } else
                fprintf(stderr,
                        "hrctl case %s: one word too many: %s (quote a text of several "
                        "words)\n",
                        sub, argv[i]);
            return false;
        }
    }
    return true;
}

// case list's order: first the cases waiting on someone (open, or closed with a duty owed),
// the most urgent first - the earliest due time, so the most overdue leads; a step with no due
// time after them - then the rest, newest first. Ties by id.
static int s_list_rank(const Hr__Workflow__CaseSummary *s)
{
    return s->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN || s->open_duties ? 0 : 1;
}

static int s_list_cmp(const void *pa, const void *pb)
{
    const Hr__Workflow__CaseSummary *a = *(const Hr__Workflow__CaseSummary *const *)pa;
    const Hr__Workflow__CaseSummary *b = *(const Hr__Workflow__CaseSummary *const *)pb;
    int ra = s_list_rank(a), rb = s_list_rank(b);
    if (ra != rb)
        return ra - rb;
    if (!ra) {
        int64_t da = a->step_due_ms ? a->step_due_ms : INT64_MAX;
        int64_t db = b->step_due_ms ? b->step_due_ms : INT64_MAX;
        if (da != db)
            return da < db ? -1 : 1;
    } else if (a->opened_ms != b->opened_ms)
        return a->opened_ms > b->opened_ms ? -1 : 1;
    return strcmp(a->id, b->id);
}

// The union's list (LCL 43: every row read as the union): the cases it was notified of, with
// the ground and its article and the union's part as HR recorded it - no manager, step, owner
// or due time, which the union does not read.
static void s_list_union(Hr__Workflow__CaseSummary *const *rows, size_t n, hr_arena_t *arena)
{
    printf("%-26s %-10s %-10s %-12s %-8s %-14s %-12s %-22s %s\n", "CASE", "STATE", "EMPLOYEE",
           "NAME", "GROUND", "ARTICLE", "NOTICE", "OPINION", "REPLY");
    for (size_t i = 0; i < n; i++) {
        const Hr__Workflow__CaseSummary *s = rows[i];
        const Hr__Workflow__UnionRecord *u = s->union_record;
        const law_ground_t *g = law_ground_find(s->ground);
        printf("%-26s %-10s %-10s ", s->id, s_state_name(s->state), s->employee_no);
        ctl_cell(stdout, ctl_text_safe(arena, s->employee_name), 12);
        const char *opinion = !u || !*u->opinion ? "-"
                              : strcmp(u->opinion, "objection")
                                  ? hr_arena_fmt(arena, "none %s", u->opinion_date)
                                  : hr_arena_fmt(arena, "objection %s", u->opinion_date);
        const char *reply = u && *u->reply_date                     ? u->reply_date
                            : u && !strcmp(u->opinion, "objection") ? "awaited"
                                                                    : "-";
        printf(" %-8s %-14s %-12s %-22s %s\n", s->ground, g ? g->article : "?",
               u && *u->notice_date ? u->notice_date : "-", opinion, reply);
    }
}

// The payroll office's list (every row read as payroll): the cases awaiting payment, with what
// is still owed of the amounts the case computed and the contract's last day (notice pay is due
// by it; severance at the handover, LCL 50) - no manager, step, owner or due time.
static void s_list_payroll(Hr__Workflow__CaseSummary *const *rows, size_t n, hr_arena_t *arena)
{
    printf("%-26s %-10s %-10s %-12s %-8s %-14s %s\n", "CASE", "STATE", "EMPLOYEE", "NAME", "GROUND",
           "OWED (YUAN)", "LAST DAY");
    for (size_t i = 0; i < n; i++) {
        const Hr__Workflow__CaseSummary *s = rows[i];
        printf("%-26s %-10s %-10s ", s->id, s_state_name(s->state), s->employee_no);
        ctl_cell(stdout, ctl_text_safe(arena, s->employee_name), 12);
        printf(" %-8s %-14s %s\n", s->ground, s_yuan(arena, s->owed_fen),
               *s->last_day ? s->last_day : "-");
    }
}

// The employee's own list (every row read as its employee): their cases that reached them, one
// line each, Chinese first - the ground and its article, the state and the contract's last day.
static void s_list_employee(Hr__Workflow__CaseSummary *const *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Hr__Workflow__CaseSummary *s = rows[i];
        const law_ground_t *g = law_ground_find(s->ground);
        char art[LAW_ARTICLE_ZH_MAX];
        const char *last = *s->last_day ? s->last_day : "-";
        printf("%s  依据 %s（%s）　劳动合同最后一日 %s / %s %s %s, last day %s (hrctl case show "
               "%s)\n",
               s->id, g ? g->title_zh : s->ground,
               g ? law_article_zh(g->article, art, sizeof art) : "-", last, s_state_name(s->state),
               s->ground, g ? g->article : "?", last, s->id);
    }
}

#define CTL_CASE_LIST_DEFAULT 100 // rows case list shows unless --limit says more
#define CTL_CASE_LIST_ALL 100000  // the most cases case list reads to order them

static int s_list(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    static const char *const valued[] = {"--state", "--max", "--limit", "--after", "--owner", NULL};
    static const char *const flags[] = {"--overdue", NULL};
    if (!s_strict("list", argc, argv, 2, valued, flags))
        return CTL_EXIT_USAGE;
    const char *state = s_opt(argc, argv, 2, "--state", "");
    if (!strcmp(state, "open"))
        req.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    else if (!strcmp(state, "closed"))
        req.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    else if (!strcmp(state, "withdrawn"))
        req.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    else if (!strcmp(state, "rescinded"))
        req.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    else if (*state)
        return s_usage();
    // --limit (--max, its older name): how many rows are shown, after the order is made.
    int64_t limit = CTL_CASE_LIST_DEFAULT;
    const char *limit_s = s_opt(argc, argv, 2, "--limit", s_opt(argc, argv, 2, "--max", NULL));
    if (limit_s && !hr_parse_i64(limit_s, 1, CTL_CASE_LIST_ALL, &limit)) {
        fprintf(stderr, "hrctl case list: --limit: '%s' is not a number from 1 to %d\n", limit_s,
                CTL_CASE_LIST_ALL);
        return CTL_EXIT_USAGE;
    }
    const char *after = s_opt(argc, argv, 2, "--after", NULL);
    if (after && !hr_id_is_valid(after)) {
        fprintf(stderr,
                "hrctl case list: --after: '%s' is not a case id (the last id a list showed)\n",
                after);
        return CTL_EXIT_USAGE;
    }
    req.owner_no = s_opt(argc, argv, 2, "--owner", "");
    req.overdue = s_flag(argc, argv, 2, "--overdue");
    // Every case the caller may see, page by page, then ordered here: the server pages in the
    // order the cases were opened, which is not the order a reader wants them in.
    Hr__Workflow__CaseSummary **all = NULL;
    size_t n = 0, cap = 0;
    req.max = CTL_CASE_PAGE_MAX;
    for (;;) {
        Hr__Workflow__ListCasesReply *rep = NULL;
        hr_rc_t rc =
            ctl_wf_call(opts, "workflow.ListCases", &req.base,
                        &hr__workflow__list_cases_reply__descriptor, arena, NULL, (void **)&rep);
        if (rc)
            return ctl_wf_exit(rc);
        if (n + rep->n_cases > cap) {
            cap = (n + rep->n_cases) * 2;
            Hr__Workflow__CaseSummary **grown = hr_arena_alloc(arena, cap * sizeof *grown);
            if (n)
                memcpy(grown, all, n * sizeof *all);
            all = grown;
        }
        for (size_t i = 0; i < rep->n_cases; i++)
            all[n++] = rep->cases[i];
        if (!rep->more || !rep->n_cases || n >= CTL_CASE_LIST_ALL)
            break;
        req.after = rep->cases[rep->n_cases - 1]->id;
    }
    if (n)
        qsort(all, n, sizeof *all, s_list_cmp);
    size_t from = 0;
    if (after) { // continues after that case, in this order
        while (from < n && strcmp(all[from]->id, after))
            from++;
        if (from == n) {
            fprintf(stderr,
                    "hrctl case list: --after: no case %s in this list (the filters must be the "
                    "same as the list it came from)\n",
                    after);
            return CTL_EXIT_USAGE;
        }
        from++;
    }
    size_t shown = n - from < (size_t)limit ? n - from : (size_t)limit;
    size_t rest = n - from - shown;
    const char *last = shown ? all[from + shown - 1]->id : "";
    if (opts->json) {
        Hr__Workflow__ListCasesReply out = HR__WORKFLOW__LIST_CASES_REPLY__INIT;
        out.cases = all + from;
        out.n_cases = shown;
        out.more = rest > 0;
        json_t *j = ctl_pb_to_json(&out.base);
        json_object_set_new(j, "total", json_integer((json_int_t)n));
        json_object_set_new(j, "rest", json_integer((json_int_t)rest));
        if (rest)
            json_object_set_new(j, "next_after", json_string(last));
        ctl_json_print(j);
        return CTL_EXIT_OK;
    }
    bool union_only = shown > 0;
    for (size_t i = 0; i < shown && union_only; i++)
        union_only = all[from + i]->union_view;
    if (union_only)
        s_list_union(all + from, shown, arena);
    bool employee_only = shown > 0 && !union_only;
    for (size_t i = 0; i < shown && employee_only; i++)
        employee_only = all[from + i]->employee_view;
    if (employee_only) {
        s_list_employee(all + from, shown);
        union_only = true; // the staff's table is not theirs either
    }
    bool payroll_only = shown > 0 && !union_only;
    for (size_t i = 0; i < shown && payroll_only; i++)
        payroll_only = all[from + i]->payroll_view;
    if (payroll_only) {
        s_list_payroll(all + from, shown, arena);
        union_only = true; // the staff's table is not theirs either
    }
    // A closed case whose duties are owed shows the one to look at first (its name, due time
    // and escalation), "certificate +1" when more are open. Columns as wide as their widest.
    ctl_zone_t z = ctl_zone(opts);
    int wground = 6, wstep = 18, wowner = 8;
    const char **steps = hr_arena_alloc(arena, (shown + 1) * sizeof *steps);
    for (size_t i = 0; i < shown && !union_only; i++) {
        const Hr__Workflow__CaseSummary *s = all[from + i];
        steps[i] = !*s->step            ? "-"
                   : s->open_duties > 1 ? hr_arena_fmt(arena, "%s +%u", s->step, s->open_duties - 1)
                                        : s->step;
        int w = (int)strlen(s->ground);
        wground = w > wground ? w : wground;
        w = (int)strlen(steps[i]);
        wstep = w > wstep ? w : wstep;
        w = (int)strlen(s->step_owner_no);
        wowner = w > wowner ? w : wowner;
    }
    if (!union_only)
        printf("%-26s %-10s %-10s %-12s %-9s %-*s %-*s %-*s %-12s %-16s %-7s %s\n", "CASE", "STATE",
               "EMPLOYEE", "NAME", "MANAGER", wground, "GROUND", wstep, "STEP", wowner, "OWNER",
               "OWNER NAME", hr_arena_fmt(arena, "DUE (%s)", z.name), "OVERDUE", "ESC");
    for (size_t i = 0; i < shown && !union_only; i++) {
        const Hr__Workflow__CaseSummary *s = all[from + i];
        char t[S_TIME_LEN];
        s_time_in(s->step_due_ms, &z, true, t);
        printf("%-26s %-10s %-10s ", s->id, s->reinstated ? "REINSTATED" : s_state_name(s->state),
               s->employee_no);
        ctl_cell(stdout, ctl_text_safe(arena, s->employee_name), 12);
        printf(" %-9s %-*s %-*s %-*s ", s->manager_no, wground, s->ground, wstep, steps[i], wowner,
               *s->step_owner_no ? s->step_owner_no : "-");
        ctl_cell(stdout, *s->step_owner_name ? ctl_text_safe(arena, s->step_owner_name) : "-", 12);
        printf(" %-16s %-7s %u", t, s->overdue ? "yes" : "-", s->escalation_level);
        if (*s->owner_left) // the step waits for someone who has left: HR reassigns it
            printf("  owner %s has left: hrctl case reassign", s->owner_left);
        if (s->protection_held) // LCL 42: nothing is due until the protection ends
            printf("  暂停：等待法定保护情形结束 / on hold for a legal protection");
        if (s->union_view && s->union_record) // a row read as the union (LCL 43)
            printf("  union notice %s", s->union_record->notice_date);
        printf("%s\n",
               s_due_unsure(arena, s->step_due_year_undeclared, s->step_due_year_statutory_known));
    }
    // Never cut silently: what was left out, and how to see it.
    if (rest)
        printf("-- 列表已截断：共 %zu 个案件，此处显示 %zu 个，其余 %zu 个请用 hrctl case list "
               "--after %s 查看（或 --limit N）\n"
               "-- cut: %zu cases, %zu shown, %zu more: hrctl case list --after %s (or --limit "
               "N)\n",
               n, shown, rest, last, n, shown, rest, last);
    return CTL_EXIT_OK;
}

static int s_attach_usage(const char *why)
{
    fprintf(stderr,
            "hrctl case attach: %s\n"
            "usage: hrctl case attach CASE_ID EVIDENCE_ID [--note TEXT]\n"
            "       hrctl case attach CASE_ID --file PATH --kind KIND [--note TEXT] "
            "[--sensitive]\n"
            "  (kind and SHA-256 come from hr-evidence; --file uploads there first;\n"
            "   --sensitive: health information, a sick note say - HR, legal and the employee\n"
            "   read it, the manager and superiors see only that it exists)\n",
            why);
    return CTL_EXIT_USAGE;
}

// The evidence's record as hr-evidence knows it, refused unless it belongs to case_id and is
// intact. CTL_EXIT_OK with *out set, else an exit code after a message on stderr, Chinese first.
// The workflow was asked first (s_attach_precheck): the case exists and the actor reads it. And
// hr-evidence learns a case it has not heard of from the workflow's log before it answers, so a
// case opened just now is known to it (services/evidence/README.md): a record it will not name
// is one it does not hold, or one the actor may not read (it tells nobody which: an id is the
// SHA-256 of the content).
static int s_attach_stat(ctl_ev_t *ev, const char *case_id, const char *id,
                         const Hr__Evidence__Evidence **out)
{
    const char *message = NULL;
    hr_rc_t rc = ctl_ev_stat(ev, id, out, &message);
    if (rc == HR_ENOTFOUND) {
        fprintf(
            stderr,
            "hrctl case attach: 证据 %.64s：证据库中没有这条记录，或您无权查看（不告知是哪种）；"
            "请核对编号，或上传文件并附入：hrctl case attach %s --file 文件 --kind 类型\n"
            "hrctl case attach: evidence %.64s: unknown to hr-evidence, or not yours to read "
            "(it does not say which); check the id, or upload the file and attach it with "
            "`hrctl case attach %s --file PATH --kind KIND`\n",
            id, case_id, id, case_id);
        return CTL_EXIT_FAIL;
    }
    if (rc) {
        fprintf(stderr, "hrctl case attach: evidence %.64s: %s (%s)\n", id,
                message && *message ? message : "failed", hr_rc_name(rc));
        return ctl_wf_exit(rc);
    }
    const Hr__Evidence__Evidence *e = *out;
    bool mine = false;
    for (size_t i = 0; i < e->n_case_ids; i++)
        mine |= !strcmp(e->case_ids[i], case_id);
    if (!mine && e->n_case_ids) {
        fprintf(stderr,
                "hrctl case attach: 证据 %.64s 属于案件 %s，不属于案件 %s；请先用 hrctl evidence "
                "put 文件 --case %s --kind 类型 把它存入本案件\n"
                "hrctl case attach: evidence %.64s belongs to case %s, not to case %s; put it "
                "under this case first: hrctl evidence put FILE --case %s --kind KIND\n",
                id, e->case_ids[0], case_id, case_id, id, e->case_ids[0], case_id, case_id);
        return CTL_EXIT_FAIL;
    }
    if (!mine) {
        // Shown to its uploader under none of its cases: hr-evidence knows none of them as one of
        // the actor's (it could not hear of the case from the workflow in time, or the actor is
        // not on it).
        fprintf(stderr,
                "hrctl case attach: 证据 %.64s 在证据库中不属于您经办的任何案件（证据库尚未从工作流"
                "获知案件 %s，或您不是该案件的经办人）；请稍后重试，仍不行请联系 HR\n"
                "hrctl case attach: evidence %.64s is under no case hr-evidence shows you as yours "
                "(it has not learnt of case %s from the workflow yet, or you do not work on it): "
                "try again in a minute; if it persists, ask HR\n",
                id, case_id, id, case_id);
        return CTL_EXIT_FAIL;
    }
    if (e->state == HR__EVIDENCE__STATE__STATE_CORRUPT) {
        fprintf(stderr,
                "hrctl case attach: 证据 %.64s 已损坏（%s），未附入\n"
                "hrctl case attach: evidence %.64s is corrupt (%s); not attached\n",
                id, e->corrupt_reason, id, e->corrupt_reason);
        return CTL_EXIT_FAIL;
    }
    return CTL_EXIT_OK;
}

// What hrctl can tell before it uploads a file for the case or asks hr-evidence for a record
// (the workflow decides; a refusal after the upload would leave the record stored and not
// attached): the case exists, the actor reads it and is one who attaches this kind - HR, the
// case's manager now, legal for other and agreement (services/workflow/README.md,
// Authorization); kind NULL (a stored record, its kind not known yet) leaves legal to the
// workflow. CTL_EXIT_OK, or an exit code after a message; *got: the case as it was read (arena).
static int s_attach_precheck(const ctl_wf_opts_t *opts, const Hr__Actor *actor, const char *case_id,
                             const char *kind, hr_arena_t *arena, const Hr__Workflow__Case **got)
{
    const char *nothing = kind ? "nothing uploaded" : "nothing attached";
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "workflow.GetCase", &req.base,
                             &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc) {
        fprintf(stderr, "hrctl case attach: %s\n", nothing);
        return ctl_wf_exit(rc);
    }
    const char *me = actor->user_id ? actor->user_id : "";
    const Hr__Workflow__Case *c = rep->case_;
    *got = c;
    bool hr = hr_actor_has_role(actor, "operator") || hr_actor_has_role(actor, "hr") ||
              hr_actor_has_role(actor, "hr_head");
    bool manager = *me && *c->manager_no && !strcmp(me, c->manager_no);
    bool legal = hr_actor_has_role(actor, "legal") &&
                 (!kind || !strcmp(kind, "other") || !strcmp(kind, "agreement"));
    if (hr || manager || legal)
        return CTL_EXIT_OK;
    fprintf(stderr,
            "hrctl case attach: case %s: only its manager now (%s) or HR may attach evidence "
            "(legal: records of kind other or agreement); %s\n",
            case_id, *c->manager_no ? c->manager_no : "-", nothing);
    return CTL_EXIT_FAIL;
}

// attach CASE_ID (EVIDENCE_ID | --file PATH --kind KIND) [--note TEXT]: the kind and hash are
// hr-evidence's (evidence.Stat), never typed; --file puts the file there for the case first.
static int s_attach(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    const char *case_id = argv[2], *id = NULL, *file = NULL, *kind = NULL, *note = "";
    bool sensitive = false;
    for (int i = 3; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--sensitive"))
            sensitive = true;
        else if (!strcmp(argv[i], "--file") && has)
            file = argv[++i];
        else if (!strcmp(argv[i], "--kind") && has)
            kind = argv[++i];
        else if (!strcmp(argv[i], "--note") && has)
            note = argv[++i];
        else if (!id && argv[i][0] != '-')
            id = argv[i];
        else
            return s_attach_usage(argv[i][0] == '-' ? "unknown option or missing value"
                                                    : "one evidence id only (kind and SHA-256 "
                                                      "now come from hr-evidence)");
    }
    if (!id == !file)
        return s_attach_usage("give either EVIDENCE_ID or --file PATH");
    if (file && !kind)
        return s_attach_usage("--file needs --kind KIND");
    if (id && kind)
        return s_attach_usage("--kind goes with --file; an uploaded record has its own kind");
    if (id && sensitive)
        return s_attach_usage("--sensitive goes with --file; HR marks a stored record: hrctl "
                              "evidence mark-sensitive ID --reason TEXT");
    ctl_ev_t ev = {0};
    ev.sensitive = sensitive;
    int code = ctl_ev_open_as(&ev, opts, "case attach", arena);
    if (code)
        goto out;
    code = CTL_EXIT_FAIL;
    char put_id[EV_ID_HEX + 1];
    // The workflow first: a case it does not know is refused as that, before hr-evidence is asked.
    const Hr__Workflow__Case *before = NULL;
    code = s_attach_precheck(opts, &ev.actor, case_id, kind, arena, &before);
    if (code)
        goto out;
    if (file) {
        code = ctl_ev_put(&ev, file, case_id, kind, NULL, NULL, put_id);
        if (code)
            goto out;
        id = put_id;
        if (!opts->json)
            printf("evidence %s\n", id);
    }
    const Hr__Evidence__Evidence *e = NULL;
    code = s_attach_stat(&ev, case_id, id, &e);
    if (code)
        goto out;
    Hr__Workflow__AttachEvidenceRequest req = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.evidence_id = e->id;
    req.kind = e->kind;
    req.sha256 = e->id; // an evidence id is the SHA-256 of its content
    req.note = (char *)note;
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "workflow.AttachEvidence", &req.base,
                             &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
    code = s_result(opts, rc, rep, "attach");
    // The upload stands: say where the record is and how it still reaches the case - unless the
    // case had it already (the same file again): the workflow's refusal said so.
    bool had = false;
    for (size_t i = 0; before && i < before->n_evidence; i++)
        had = had || !strcmp(before->evidence[i]->id, id);
    if (file && code && !had)
        fprintf(stderr,
                "hrctl case attach: 证据 %s 已存入证据库（案件 %s 名下），但未附入该案件（不属于"
                "案卷）；HR 或该案件的经办经理可用以下命令附入：hrctl case attach %s %s\n"
                "hrctl case attach: evidence %s is stored in hr-evidence under case %s but is not "
                "attached to it (not part of the case file); HR or the case's manager attaches "
                "it with: hrctl case attach %s %s\n",
                id, case_id, case_id, id, id, case_id, case_id, id);
out:
    ctl_ev_close(&ev);
    return code;
}

// Whether kind is one of the kinds a MISSING_EVIDENCE finding asks for ("Attach one of: a, b
// (...)", wf_review).
static bool s_kind_wanted(const Hr__Workflow__CaseReply *rep, const char *kind)
{
    static const char lead[] = "Attach one of: ";
    size_t len = strlen(kind);
    for (size_t i = 0; i < rep->n_problems; i++) {
        const char *m = rep->problems[i]->message_en;
        if (strcmp(rep->problems[i]->code, "MISSING_EVIDENCE") || !m || !(m = strstr(m, lead)))
            continue;
        for (const char *at = m + sizeof lead - 1; (at = strstr(at, kind)) != NULL; at += len) {
            bool starts = at[-1] == ' ' || at[-1] == ',';
            bool ends = at[len] == ',' || at[len] == ' ' || at[len] == '\0';
            if (starts && ends)
                return true;
        }
    }
    return false;
}

// A submission refused for missing evidence, when hr-evidence holds records of a wanted kind
// under the case that are not attached to it (stored by `hrctl evidence put`): says which, and
// the command that attaches each. Quiet when hr-evidence cannot be asked (a hint only).
static void s_unattached_hint(const ctl_wf_opts_t *opts, const Hr__Workflow__CaseReply *rep,
                              hr_arena_t *arena)
{
    const Hr__Workflow__Case *c = rep->case_;
    bool missing = false;
    for (size_t i = 0; i < rep->n_problems && !missing; i++)
        missing = !strcmp(rep->problems[i]->code, "MISSING_EVIDENCE");
    if (!c || !missing)
        return;
    ctl_ev_t ev = {0};
    const Hr__Evidence__ListReply *list = NULL;
    const char *message = NULL;
    if (ctl_ev_open_as(&ev, opts, "case submit", arena) ||
        ctl_ev_list(&ev, c->id, 3000, &list, &message)) {
        ctl_ev_close(&ev);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < list->n_evidence; i++) {
        const Hr__Evidence__Evidence *e = list->evidence[i];
        bool attached = false;
        for (size_t k = 0; k < c->n_evidence && !attached; k++)
            attached = !strcmp(c->evidence[k]->id, e->id);
        if (attached || !s_kind_wanted(rep, e->kind))
            continue;
        if (!n++)
            printf("  证据库中本案件名下有所需类型的记录，但尚未附入案件（提交只认已附入的证据）；"
                   "逐条附入：\n"
                   "  hr-evidence holds records of a wanted kind under this case that are not "
                   "attached to it (submit counts attached evidence only); attach each:\n");
        printf("    hrctl case attach %s %s    # %s\n", c->id, e->id,
               ctl_text_safe(arena, e->kind));
    }
    ctl_ev_close(&ev);
}

static int s_facts_usage(const char *why)
{
    fprintf(stderr,
            "hrctl case facts: %s\n"
            "usage: hrctl case facts CASE_ID --from YYYY-MM-DD --to YYYY-MM-DD [--note TEXT]\n"
            "  (the employee's facts from hr-analytics, frozen in hr-evidence as a\n"
            "   facts_snapshot and attached to the case)\n",
            why);
    return CTL_EXIT_USAGE;
}

// facts CASE_ID --from D --to D [--note TEXT]: asks hr-analytics for the case employee's facts
// over the window with their snapshot, stores the snapshot in hr-evidence (whose id, the
// SHA-256 of the content, must be the hash analytics computed), and attaches it to the case,
// where HR can confirm facts with it at review.
static int s_facts(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    const char *case_id = argv[2], *from = NULL, *to = NULL, *note = "";
    for (int i = 3; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--from") && has)
            from = argv[++i];
        else if (!strcmp(argv[i], "--to") && has)
            to = argv[++i];
        else if (!strcmp(argv[i], "--note") && has)
            note = argv[++i];
        else
            return s_facts_usage("unknown option or missing value");
    }
    if (!from || !to)
        return s_facts_usage("--from and --to are required");
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = (char *)case_id;
    Hr__Workflow__CaseReply *cr = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "workflow.GetCase", &get.base,
                             &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&cr);
    if (rc)
        return ctl_wf_exit(rc);
    const char *employee = cr->case_->employee_no;
    ctl_ev_t ev = {0};
    int code = ctl_ev_open_as(&ev, opts, "case facts", arena);
    if (code)
        goto out;
    code = CTL_EXIT_FAIL;
    // Analytics is asked as whoever acts (--as), like workflow and evidence.
    Hr__Analytics__GetFactsRequest fr = HR__ANALYTICS__GET_FACTS_REQUEST__INIT;
    fr.employee_no = (char *)employee;
    fr.from = (char *)from;
    fr.to = (char *)to;
    fr.with_snapshot = true;
    Hr__Analytics__GetFactsReply *facts = NULL;
    rc = ctl_service_call("hrctl case facts", "analytics", NULL, opts->config_dir,
                          opts->as ? &ev.actor : NULL, "analytics.GetFacts", &fr.base,
                          &hr__analytics__get_facts_reply__descriptor, CTL_CASE_FACTS_TIMEOUT_MS,
                          NULL, arena, (void **)&facts);
    if (rc) {
        code = ctl_wf_exit(rc);
        goto out;
    }
    if (!facts->n_facts || !*facts->snapshot_sha256) {
        fprintf(stderr,
                "hrctl case facts: hr-analytics has no facts about %s from %s to %s; nothing "
                "stored (import the attendance, KPI or training feeds first)\n",
                employee, from, to);
        goto out;
    }
    // The snapshot must be the bytes analytics hashed before anything is stored; evidence's
    // id (the SHA-256 of what it stored) must then be that hash too.
    char hex[EV_ID_HEX + 1];
    ev_sha256_hex(facts->snapshot_json, strlen(facts->snapshot_json), hex);
    if (strcmp(hex, facts->snapshot_sha256)) {
        fprintf(stderr,
                "hrctl case facts: the snapshot hashes to %s, not to the %s hr-analytics "
                "sent; nothing stored\n",
                hex, facts->snapshot_sha256);
        goto out;
    }
    char *name = hr_arena_fmt(arena, "facts-%s-%s-%s.json", employee, from, to);
    const Hr__Evidence__Evidence *e = NULL;
    const char *message = NULL;
    rc = ctl_ev_put_facts(&ev, case_id, facts->snapshot_json, name, &e, &message);
    if (rc) {
        fprintf(stderr, "hrctl case facts: evidence: %s (%s)\n",
                message && *message ? message : "failed", hr_rc_name(rc));
        code = ctl_wf_exit(rc);
        goto out;
    }
    if (strcmp(e->id, hex)) {
        fprintf(stderr,
                "hrctl case facts: hr-evidence stored the snapshot as %s, not under its hash %s; "
                "not attached\n",
                e->id, hex);
        goto out;
    }
    Hr__Workflow__AttachEvidenceRequest req = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.evidence_id = e->id;
    req.kind = e->kind;
    req.sha256 = e->id;
    req.note = (char *)note;
    Hr__Workflow__CaseReply *rep = NULL;
    rc = ctl_wf_call(opts, "workflow.AttachEvidence", &req.base,
                     &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
    if (!rc && rep->accepted && !opts->json)
        printf("facts snapshot %s: %zu facts about %s, %s to %s\n", e->id, facts->n_facts, employee,
               facts->n_facts ? facts->facts[0]->window_from : from,
               facts->n_facts ? facts->facts[0]->window_to : to);
    code = s_result(opts, rc, rep, "attach");
out:
    ctl_ev_close(&ev);
    return code;
}

static int s_review(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    static const char *const valued[] = {"--fact",
                                         "--effective",
                                         "--notice",
                                         "--note",
                                         "--reasons",
                                         "--union-notified",
                                         "--a41-trigger",
                                         "--absence-explained",
                                         "--explained-on",
                                         "--reported-on",
                                         NULL};
    static const char *const flags[] = {"--pay-in-lieu", NULL};
    // The union notice is proven like every fact: the flag alone, the old form, is refused.
    for (int i = 3; i < argc; i++)
        if (!strcmp(argv[i], "--union-notified") && (i + 1 >= argc || argv[i + 1][0] == '-')) {
            fprintf(stderr, "hrctl case review: --union-notified takes the id of the attached "
                            "union_notice record (--union-notified EVIDENCE_ID): the notice to "
                            "the union (LCL 43) is proven like every fact\n");
            return CTL_EXIT_USAGE;
        }
    if (!s_strict("review", argc, argv, 3, valued, flags))
        return CTL_EXIT_USAGE;
    req.case_id = argv[2];
    Hr__Workflow__FactConfirmation *facts[CTL_CASE_MAX_FACTS];
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--fact") || i + 1 >= argc)
            continue;
        if (req.n_facts >= CTL_CASE_MAX_FACTS) {
            fprintf(stderr, "hrctl case review: at most %d --fact\n", CTL_CASE_MAX_FACTS);
            return CTL_EXIT_USAGE;
        }
        char *spec = hr_arena_strdup(arena, argv[++i]);
        Hr__Workflow__FactConfirmation *f = hr_arena_alloc(arena, sizeof *f);
        hr__workflow__fact_confirmation__init(f);
        char *eq = strchr(spec, '=');
        if (eq)
            *eq = '\0';
        f->fact = spec;
        f->evidence_ids = hr_arena_alloc(arena, CTL_CASE_MAX_FACTS * sizeof *f->evidence_ids);
        char *save = NULL;
        for (char *e = eq ? strtok_r(eq + 1, ",", &save) : NULL; e;
             e = strtok_r(NULL, ",", &save)) {
            if (f->n_evidence_ids >= CTL_CASE_MAX_FACTS) {
                fprintf(stderr, "hrctl case review: --fact %s: at most %d evidence ids\n", spec,
                        CTL_CASE_MAX_FACTS);
                return CTL_EXIT_USAGE;
            }
            int64_t n = 0;
            // Numeric facts: the number first, then the evidence that shows it
            // (--fact layoff_count=25,EVID).
            if (e == eq + 1 && hr_parse_i64(e, 0, INT64_C(100000000), &n) && !strchr(e, ':')) {
                f->number = n;
                continue;
            }
            f->evidence_ids[f->n_evidence_ids++] = e;
        }
        facts[req.n_facts++] = f;
    }
    req.facts = facts;
    req.effective_date = s_opt(argc, argv, 3, "--effective", "");
    req.notice_date = s_opt(argc, argv, 3, "--notice", "");
    req.note = s_opt(argc, argv, 3, "--note", "");
    req.pay_in_lieu_of_notice = s_flag(argc, argv, 3, "--pay-in-lieu");
    req.union_notice_evidence_id = s_opt(argc, argv, 3, "--union-notified", "");
    req.reasons = s_opt(argc, argv, 3, "--reasons", "");
    req.a41_trigger = s_opt(argc, argv, 3, "--a41-trigger", "");
    req.explained_date = s_opt(argc, argv, 3, "--explained-on", "");
    req.reported_date = s_opt(argc, argv, 3, "--reported-on", "");
    // Attached records HR accepts as explaining a contradicted absence: EVID[,EVID...].
    char *explained = s_opt(argc, argv, 3, "--absence-explained", NULL);
    if (explained) {
        req.absence_explained_by = hr_arena_alloc(arena, CTL_CASE_MAX_FACTS * sizeof(char *));
        char *save = NULL;
        for (char *e = strtok_r(hr_arena_strdup(arena, explained), ",", &save); e;
             e = strtok_r(NULL, ",", &save)) {
            if (req.n_absence_explained_by >= CTL_CASE_MAX_FACTS) {
                fprintf(stderr, "hrctl case review: --absence-explained: at most %d ids\n",
                        CTL_CASE_MAX_FACTS);
                return CTL_EXIT_USAGE;
            }
            req.absence_explained_by[req.n_absence_explained_by++] = e;
        }
    }
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "workflow.ReviewCase", &req.base,
                             &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
    return s_result(opts, rc, rep, "review");
}

static int s_outbox(const ctl_wf_opts_t *opts, hr_arena_t *arena)
{
    Hr__Workflow__ListOutboxRequest req = HR__WORKFLOW__LIST_OUTBOX_REQUEST__INIT;
    req.max = CTL_CASE_PAGE_MAX;
    Hr__Workflow__ListOutboxReply *rep = NULL;
    int code = CTL_EXIT_OK;
    if (!s_ask(opts, "workflow.ListOutbox", &req.base, &hr__workflow__list_outbox_reply__descriptor,
               arena, (void **)&rep, &code))
        return code;
    if (!rep->n_rows)
        printf("outbox: empty (every command was delivered)\n");
    for (size_t i = 0; i < rep->n_rows; i++) {
        const Hr__Workflow__ListOutboxRow *r = rep->rows[i];
        printf("%6llu %-8s %-12s %s", (unsigned long long)r->seq, r->row ? r->row->dest : "?",
               r->row ? r->row->type : "?", r->send ? r->send->template_id : "");
        if (r->send) {
            printf(" to");
            for (size_t k = 0; k < r->send->n_to; k++)
                printf(" %s", r->send->to[k]->employee_no);
            if (r->send->n_cc)
                printf(" cc");
            for (size_t k = 0; k < r->send->n_cc; k++)
                printf(" %s", r->send->cc[k]->employee_no);
            printf(" case %s", r->send->case_id);
        }
        printf("\n");
    }
    return CTL_EXIT_OK;
}

static int s_events(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    Hr__Sys__EventsSinceRequest req = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    static const char *const valued[] = {"--after", NULL};
    if (!s_strict("events", argc, argv, 2, valued, NULL))
        return CTL_EXIT_USAGE;
    int64_t after = 0;
    const char *after_s = s_opt(argc, argv, 2, "--after", "0");
    if (!hr_parse_i64(after_s, 0, INT64_MAX, &after))
        return s_usage();
    req.after = (uint64_t)after;
    req.max = HR_EVENTS_MAX;
    Hr__Sys__EventsSinceReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "sys.EventsSince", &req.base,
                             &hr__sys__events_since_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc)
        return ctl_wf_exit(rc);
    json_t *arr = json_array();
    for (size_t i = 0; i < rep->n_events; i++) {
        const Hr__Sys__Event *ev = rep->events[i];
        const ProtobufCMessageDescriptor *d = NULL;
        if (!strncmp(ev->type, "workflow.", 9)) {
            char full[HR_TYPE_MAX + 64];
            snprintf(full, sizeof full, "%s", ev->type + 9);
            // The event's message, by its short name ("workflow.CaseOpened" -> CaseOpened):
            // every type hr-workflow appends (wf_handlers.c, wf_effects.c, wf_store.c), or it has
            // no body.
            static const ProtobufCMessageDescriptor *const known[] = {
                &hr__workflow__case_opened__descriptor,
                &hr__workflow__step_completed__descriptor,
                &hr__workflow__case_returned__descriptor,
                &hr__workflow__submit_refused__descriptor,
                &hr__workflow__step_overdue__descriptor,
                &hr__workflow__escalation_sent__descriptor,
                &hr__workflow__case_closed__descriptor,
                &hr__workflow__dispute_recorded__descriptor,
                &hr__workflow__reminder_failed__descriptor,
                &hr__workflow__case_reassigned__descriptor,
                &hr__workflow__roles_changed__descriptor,
                &hr__workflow__case_line_changed__descriptor,
            };
            for (size_t k = 0; k < HR_ARRAY_LEN(known); k++)
                if (!strcmp(known[k]->short_name, full))
                    d = known[k];
        }
        json_t *o = json_object();
        json_object_set_new(o, "seq", json_integer((json_int_t)ev->seq));
        json_object_set_new(o, "type", ctl_json_str(ev->type));
        json_object_set_new(o, "at_ms", json_integer(ev->at_ms));
        ProtobufCMessage *body = d ? protobuf_c_message_unpack(d, hr_arena_pb_allocator(arena),
                                                               ev->body.len, ev->body.data)
                                   : NULL;
        if (body)
            json_object_set_new(o, "body", ctl_pb_to_json(body));
        if (opts->json)
            json_array_append_new(arr, o);
        else {
            char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            printf("%s\n", text ? text : "");
            free(text);
            json_decref(o);
        }
    }
    if (opts->json)
        ctl_json_print(arr);
    else
        json_decref(arr);
    return CTL_EXIT_OK;
}

// The case's records with their signatures, as hr-evidence shows them to the reader, for
// `case show` (*out NULL, and a line on stderr saying so, when it cannot be asked: the case is
// shown without them). ev is closed by the caller.
static void s_signatures_of(const ctl_wf_opts_t *opts, const char *case_id, hr_arena_t *arena,
                            ctl_ev_t *ev, const Hr__Evidence__ListReply **out)
{
    *out = NULL;
    char *err = NULL;
    char *dir = ctl_config_dir(opts->config_dir);
    char *endpoint = ctl_endpoint(dir, "evidence", &err);
    hr_free(dir);
    hr_free(err);
    bool listening = endpoint && (strncmp(endpoint, "ipc://", 6) || hr_ipc_in_use(endpoint));
    hr_free(endpoint);
    const char *message = NULL;
    if (!listening || ctl_ev_open_as(ev, opts, "case show", arena) ||
        ctl_ev_list(ev, case_id, 3000, out, &message)) {
        *out = NULL;
        fprintf(stderr,
                "hrctl case show: signatures not shown (签字情况未显示): hr-evidence could not "
                "be asked%s%s\n",
                message ? ": " : "", message ? message : "");
    }
}

// Calls one case action and prints its reply: the whole case for "show", else s_result's line.
static int s_call(const ctl_wf_opts_t *opts, const char *type, const ProtobufCMessage *req,
                  hr_arena_t *arena, const char *what)
{
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, type, req, &hr__workflow__case_reply__descriptor, arena, NULL,
                             (void **)&rep);
    if (!rc && !opts->json && !strcmp(what, "show")) {
        ctl_zone_t z = ctl_zone(opts);
        ctl_ev_t ev = {0};
        const Hr__Evidence__ListReply *list = NULL;
        if (rep->case_ && !rep->case_->employee_view && rep->case_->n_evidence)
            s_signatures_of(opts, rep->case_->id, arena, &ev, &list);
        s_print_case(rep, &z, list);
        ctl_ev_close(&ev);
        return CTL_EXIT_OK;
    }
    return s_result(opts, rc, rep, what);
}

// The fixed words an action takes after `case ACTION`, named in `words` ("ID DATE HH:MM
// PLACE"): *from is the index after them. None of them may look like an option: a word that
// does is refused, never taken by its place (`withdraw ID --help` withdrew the case with the
// reason "--help"; `review --fact ...` reviewed a case named "--fact").
static bool s_words(const char *sub, const char *words, int argc, char **argv, int *from)
{
    int i = 2;
    for (const char *w = words; *w; i++) {
        int len = (int)strcspn(w, " ");
        if (i < argc && argv[i][0] == '-') {
            fprintf(stderr,
                    "hrctl case %s: 此处应为 %.*s，而不是选项 %s (%.*s expected here, not the "
                    "option %s; hrctl help case)\n",
                    sub, len, w, argv[i], len, w, argv[i]);
            return false;
        }
        w += len;
        w += *w == ' ';
    }
    *from = i;
    return true;
}

// The options each action takes after its fixed words (list and events check their own;
// attach, facts, review and document check their options themselves, their fixed words here);
// false, with the reason on stderr, for anything else.
static bool s_strict_sub(const char *sub, int argc, char **argv)
{
    static const struct {
        const char *sub;       // the action
        const char *words;     // its fixed words, by name
        bool own;              // its options are checked by its own parser
        const char *valued[8]; // options with a value
        const char *flags[3];  // options without
    } rules[] = {
        {"show", "ID", false, {NULL}, {NULL}},
        {"open",
         "EMPLOYEE_NO GROUND",
         false,
         {"--reason", "--template", "--absent", NULL},
         {"--superior-approval", NULL}},
        {"submit", "ID", false, {"--absent", NULL}, {NULL}},
        {"approve", "ID", false, {"--note", NULL}, {"--reject", NULL}},
        {"prepare", "ID DATE HH:MM PLACE", false, {NULL}, {NULL}},
        {"confirm", "ID", false, {"--notes", "--employee-attended", NULL}, {NULL}},
        {"outcome", "ID KIND DATE", false, {"--evidence", "--served", "--service", NULL}, {NULL}},
        {"close", "ID", false, {NULL}, {NULL}},
        {"duty", "ID KEY", false, {"--on", "--evidence", NULL}, {NULL}},
        {"union", "ID WHAT DATE", false, {"--evidence", "--served", NULL}, {"--objection", NULL}},
        {"rescind",
         "ID",
         false,
         {"--on", "--reason", "--evidence", "--below-threshold-reason", NULL},
         {NULL}},
        {"reassign", "ID", false, {"--manager", "--reason", NULL}, {NULL}},
        {"template", "ID TEMPLATE", false, {"--reason", NULL}, {NULL}},
        {"pay",
         "ID",
         false,
         {"--item", "--amount", "--date", "--method", "--reference", "--reverses", "--note", NULL},
         {NULL}},
        {"dispute",
         "ID",
         false,
         {"--result", "--filed", "--note", "--amount", "--award-date", "--award-ref",
          "--sets-aside", NULL},
         {NULL}},
        {"attach", "ID", true, {NULL}, {NULL}},
        {"facts", "ID", true, {NULL}, {NULL}},
        {"review", "ID", true, {NULL}, {NULL}},
        {"document", "ID KIND", true, {NULL}, {NULL}},
    };
    int from = 0;
    for (size_t i = 0; i < HR_ARRAY_LEN(rules); i++)
        if (!strcmp(sub, rules[i].sub))
            return s_words(sub, rules[i].words, argc, argv, &from) &&
                   (rules[i].own || argc < from ||
                    s_strict(sub, argc, argv, from, rules[i].valued, rules[i].flags));
    if (!strcmp(sub, "withdraw")) {
        static const char *const valued[] = {"--reason", "--below-threshold-reason", NULL};
        // withdraw ID REASON, or withdraw ID --reason REASON; a REASON that begins with '-'
        // goes after --reason. --below-threshold-reason: a layoff member's (LCL 41).
        if (argc > 3 && !strcmp(argv[3], "--reason"))
            return s_words(sub, "ID", argc, argv, &from) &&
                   s_strict(sub, argc, argv, from, valued, NULL);
        return s_words(sub, "ID REASON", argc, argv, &from) &&
               (argc < from || s_strict(sub, argc, argv, from, valued + 1, NULL));
    }
    return true; // reads, journal: their own parsers; an unknown action: usage
}

// `hrctl case pay ID ...`: a payment to the employee (workflow.RecordPayment, HR in their own
// name: --as), the amount typed in yuan and parsed exactly to fen (wf_pay_amount_parse); or with
// --reverses, a row cancelling one recorded by mistake. Refusals name the option, Chinese first.
static int s_pay(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    Hr__Workflow__RecordPaymentRequest req = HR__WORKFLOW__RECORD_PAYMENT_REQUEST__INIT;
    req.case_id = argv[2];
    req.item = s_opt(argc, argv, 3, "--item", "");
    req.paid_date = s_opt(argc, argv, 3, "--date", "");
    req.method = s_opt(argc, argv, 3, "--method", "");
    req.reference = s_opt(argc, argv, 3, "--reference", "");
    req.reverses = s_opt(argc, argv, 3, "--reverses", "");
    req.note = s_opt(argc, argv, 3, "--note", "");
    const char *amount = s_opt(argc, argv, 3, "--amount", NULL);
    if (!*req.reverses && (!*req.item || !amount || !*req.method)) {
        fprintf(stderr, "hrctl case pay: 须写明 --item、--amount 和 --method / --item, --amount "
                        "and --method are required (or --reverses PAYMENT_ID --note TEXT)\n");
        return CTL_EXIT_USAGE;
    }
    if (amount) {
        wf_pay_amount_why_t why = wf_pay_amount_parse(amount, &req.amount_fen);
        if (why) {
            const char *shown = ctl_text_safe(arena, amount);
            fprintf(stderr, "hrctl case pay: --amount（金额）“%s”%s / --amount: '%s' %s\n", shown,
                    wf_pay_amount_why(why, true), shown, wf_pay_amount_why(why, false));
            return CTL_EXIT_USAGE;
        }
    }
    return s_call(opts, "workflow.RecordPayment", &req.base, arena, "pay");
}

int ctl_case_main(int argc, char **argv)
{
    ctl_wf_opts_t opts = {0};
    argc = ctl_wf_options(argc, argv, &opts);
    if (argc < 2)
        return s_usage();
    // --help or -h, wherever it stands, asks for the synopsis: nothing is sent.
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            ctl_case_usage(stdout);
            return CTL_EXIT_OK;
        }
    const char *sub = argv[1];
    hr_arena_t *arena = hr_arena_new(0);
    int code = CTL_EXIT_USAGE;
    if (!strcmp(sub, "list"))
        code = s_list(&opts, argc, argv, arena);
    else if (!strcmp(sub, "outbox"))
        code = s_strict(sub, argc, argv, 2, NULL, NULL) ? s_outbox(&opts, arena) : CTL_EXIT_USAGE;
    else if (!strcmp(sub, "events"))
        code = s_events(&opts, argc, argv, arena);
    else if (argc < 3)
        code = s_usage();
    else if (!s_strict_sub(sub, argc, argv))
        code = CTL_EXIT_USAGE;
    else if (!strcmp(sub, "show")) {
        Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        code = s_call(&opts, "workflow.GetCase", &req.base, arena, "show");
    } else if (!strcmp(sub, "open") && argc >= 4) {
        Hr__Workflow__OpenCaseRequest req = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
        req.employee_no = argv[2];
        req.ground = argv[3];
        req.reason = s_opt(argc, argv, 4, "--reason", "");
        req.wants_superior_approval = s_flag(argc, argv, 4, "--superior-approval");
        req.template_id = s_opt(argc, argv, 4, "--template", "");
        const char *absent = s_opt(argc, argv, 4, "--absent", NULL);
        if (absent && !s_absent_days("open", absent, arena, &req.absence_days, &req.n_absence_days))
            code = CTL_EXIT_USAGE;
        else
            code = s_call(&opts, "workflow.OpenCase", &req.base, arena, "open");
    } else if (!strcmp(sub, "attach")) {
        code = s_attach(&opts, argc, argv, arena);
    } else if (!strcmp(sub, "facts")) {
        code = s_facts(&opts, argc, argv, arena);
    } else if (!strcmp(sub, "document")) {
        code = ctl_case_document(&opts, argc, argv, arena);
    } else if (!strcmp(sub, "reads")) {
        code = ctl_case_reads(&opts, argc, argv, arena);
    } else if (!strcmp(sub, "journal")) {
        code = ctl_case_journal(&opts, argc, argv, arena);
    } else if (!strcmp(sub, "submit")) {
        Hr__Workflow__SubmitCaseRequest req = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        const char *absent = s_opt(argc, argv, 3, "--absent", NULL);
        req.absence_days_set = absent != NULL;
        if (absent &&
            !s_absent_days("submit", absent, arena, &req.absence_days, &req.n_absence_days)) {
            hr_arena_destroy(&arena);
            return CTL_EXIT_USAGE;
        }
        Hr__Workflow__CaseReply *rep = NULL;
        hr_rc_t rc = ctl_wf_call(&opts, "workflow.SubmitCase", &req.base,
                                 &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
        code = s_result(&opts, rc, rep, "submit");
        if (!rc && rep && !rep->accepted && !opts.json)
            s_unattached_hint(&opts, rep, arena);
    } else if (!strcmp(sub, "review"))
        code = s_review(&opts, argc, argv, arena);
    else if (!strcmp(sub, "approve")) {
        Hr__Workflow__ApproveCaseRequest req = HR__WORKFLOW__APPROVE_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        req.approve = !s_flag(argc, argv, 3, "--reject");
        req.note = s_opt(argc, argv, 3, "--note", "");
        Hr__Workflow__CaseReply *rep = NULL;
        hr_rc_t rc = ctl_wf_call(&opts, "workflow.ApproveCase", &req.base,
                                 &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
        code = !rc && !req.approve ? s_rejected(&opts, rep, req.note)
                                   : s_result(&opts, rc, rep, "approve");
    } else if (!strcmp(sub, "prepare") && argc >= 6) {
        Hr__Workflow__PrepareCaseRequest req = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        req.date = argv[3];
        req.time = argv[4];
        req.place = argv[5];
        code = s_call(&opts, "workflow.PrepareCase", &req.base, arena, "prepare");
    } else if (!strcmp(sub, "confirm")) {
        Hr__Workflow__ConfirmInterviewRequest req = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
        req.case_id = argv[2];
        req.notes = s_opt(argc, argv, 3, "--notes", "");
        req.employee_attended = s_opt(argc, argv, 3, "--employee-attended", "");
        code = s_call(&opts, "workflow.ConfirmInterview", &req.base, arena, "confirm");
    } else if (!strcmp(sub, "outcome") && argc >= 5) {
        Hr__Workflow__RecordOutcomeRequest req = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
        req.case_id = argv[2];
        req.kind = !strcmp(argv[3], "agreement_signed")
                       ? HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED
                   : !strcmp(argv[3], "notice_served")
                       ? HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED
                       : HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_UNSPECIFIED;
        req.effective_date = argv[4];
        req.evidence_id = s_opt(argc, argv, 5, "--evidence", "");
        req.served_date = s_opt(argc, argv, 5, "--served", "");
        req.service_evidence_id = s_opt(argc, argv, 5, "--service", "");
        code = s_call(&opts, "workflow.RecordOutcome", &req.base, arena, "outcome");
    } else if (!strcmp(sub, "close")) {
        Hr__Workflow__CloseCaseRequest req = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        code = s_call(&opts, "workflow.CloseCase", &req.base, arena, "close");
    } else if (!strcmp(sub, "duty") && argc >= 4) {
        Hr__Workflow__CompleteDutyRequest req = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
        req.case_id = argv[2];
        req.key = argv[3];
        req.done_date = s_opt(argc, argv, 4, "--on", "");
        req.evidence_id = s_opt(argc, argv, 4, "--evidence", "");
        code = s_call(&opts, "workflow.CompleteDuty", &req.base, arena, "duty");
    } else if (!strcmp(sub, "union") && argc >= 5) {
        // LCL 43: notice | opinion | reply | cured, the day, the attached record.
        Hr__Workflow__RecordUnionRequest req = HR__WORKFLOW__RECORD_UNION_REQUEST__INIT;
        req.case_id = argv[2];
        req.what = argv[3];
        req.date = argv[4];
        req.evidence_id = s_opt(argc, argv, 5, "--evidence", "");
        req.objection = s_flag(argc, argv, 5, "--objection");
        req.proposed_date = s_opt(argc, argv, 5, "--served", ""); // the letter's notice day
        code = s_call(&opts, "workflow.RecordUnion", &req.base, arena, "union");
    } else if (!strcmp(sub, "withdraw") && argc >= 4) {
        Hr__Workflow__WithdrawCaseRequest req = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        req.reason = s_opt(argc, argv, 3, "--reason", argv[3]); // REASON or --reason REASON
        req.below_threshold_reason = s_opt(argc, argv, 3, "--below-threshold-reason", "");
        code = s_call(&opts, "workflow.WithdrawCase", &req.base, arena, "withdraw");
    } else if (!strcmp(sub, "rescind")) {
        // The notice revoked with the employee's agreement: the day, why, and their signature.
        Hr__Workflow__RescindCaseRequest req = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        req.agreement_date = s_opt(argc, argv, 3, "--on", "");
        req.reason = s_opt(argc, argv, 3, "--reason", "");
        req.evidence_id = s_opt(argc, argv, 3, "--evidence", "");
        req.below_threshold_reason = s_opt(argc, argv, 3, "--below-threshold-reason", "");
        code = s_call(&opts, "workflow.RescindCase", &req.base, arena, "rescind");
    } else if (!strcmp(sub, "reassign")) {
        // HR hands the case on: a new manager, and every active step to whoever owes it now.
        Hr__Workflow__ReassignCaseRequest req = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
        req.case_id = argv[2];
        req.manager_no = s_opt(argc, argv, 3, "--manager", "");
        req.reason = s_opt(argc, argv, 3, "--reason", NULL);
        code = req.reason ? s_call(&opts, "workflow.ReassignCase", &req.base, arena, "reassign")
                          : s_usage();
    } else if (!strcmp(sub, "template")) {
        // HR has the case follow another template while it is at HR review.
        Hr__Workflow__SetCaseTemplateRequest req = HR__WORKFLOW__SET_CASE_TEMPLATE_REQUEST__INIT;
        req.case_id = argv[2];
        req.template_id = argc > 3 && strncmp(argv[3], "--", 2) ? argv[3] : NULL;
        req.reason = s_opt(argc, argv, 4, "--reason", NULL);
        code = req.template_id && req.reason
                   ? s_call(&opts, "workflow.SetCaseTemplate", &req.base, arena, "template")
                   : s_usage();
    } else if (!strcmp(sub, "pay")) {
        code = s_pay(&opts, argc, argv, arena);
    } else if (!strcmp(sub, "dispute")) {
        Hr__Workflow__RecordDisputeRequest req = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
        Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
        req.case_id = argv[2];
        d.result = s_opt(argc, argv, 3, "--result", NULL);
        d.filed_date = s_opt(argc, argv, 3, "--filed", "");
        d.arbitration_filed = *d.filed_date != '\0';
        d.note = s_opt(argc, argv, 3, "--note", "");
        d.award_date = s_opt(argc, argv, 3, "--award-date", "");
        d.award_ref = s_opt(argc, argv, 3, "--award-ref", "");
        d.sets_aside = s_opt(argc, argv, 3, "--sets-aside", "");
        const char *amount = s_opt(argc, argv, 3, "--amount", NULL);
        // The dispute is recorded anew from what is given: without a result, a bare
        // `case dispute ID` wiped the filed date, amount and note already recorded.
        if (!d.result) {
            fprintf(stderr, "hrctl case dispute: --result is required (pending, employer_won, "
                            "employee_won, reinstated, settled or withdrawn); the dispute is "
                            "recorded anew from the options given, so repeat --filed, --amount, "
                            "--note, --award-date and --award-ref\n");
            code = CTL_EXIT_USAGE;
        } else if (amount && !law_fen_parse(amount, &d.amount_fen)) {
            fprintf(stderr,
                    "hrctl case dispute: --amount: '%s' is not an amount in yuan (0.00 to "
                    "%lld.00: digits, at most two decimals, no sign or exponent)\n",
                    ctl_text_safe(arena, amount), (long long)(LAW_MONEY_MAX_FEN / 100));
            code = CTL_EXIT_USAGE;
        } else {
            req.dispute = &d;
            code = s_call(&opts, "workflow.RecordDispute", &req.base, arena, "dispute");
        }
    } else
        code = s_usage();
    hr_arena_destroy(&arena);
    return code;
}
