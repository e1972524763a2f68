/*  law_assess - the rules of contracts/law-check.md applied to one scenario.
 *
 *  law_assess() runs the rules in a fixed order (part-time scope, Art. 42 protections,
 *  probation, the ground's facts, layoff thresholds, union procedure, notice, then money) and
 *  appends one finding per point. Findings carry only pointers to constant strings, so an
 *  assessment is a flat struct with no allocation: the bench relies on that.
 *
 *  The verdict is derived, never set by a rule: unlawful exactly when some finding is a block,
 *  needs_review exactly when some finding is a review. Money is computed after the verdict:
 *  severance N only when lawful (with the Art. 97 split for service before 2008), notice pay
 *  whenever Art. 40 notice fell short (rule 7 does not depend on the verdict), and 2N always,
 *  over the whole service from the hire date (Reg. Art. 25), never split.
 */
#include "law.h"

#include <assert.h>

// Rule texts that are not per-fact or per-status. Each names the article and the document.

#define S_PART_TIME_ZH                                                                                                                           \
    "非全日制用工：任何一方可随时通知终止用工，用人单位不支付经济补偿，也无需提前通知或支付代通知" \
    "金"                                                                                                                                        \
    "（《中华人民共和国劳动合同法》第七十一条）。请保存书面终止通知。"
#define S_PART_TIME_EN                                                                             \
    "Part-time employment: either side may end it at any time on notice; no severance and no "     \
    "notice pay are owed (LCL 71). Keep the written termination notice."

#define S_HAZARD_MUTUAL_ZH                                                                                                                    \
    "从事接触职业病危害作业的劳动者未进行离岗前职业健康检查：即使双方协商一致也不得解除劳动合同" \
    "（《中华人民共和国劳动合同法》第四十二条第一项；最高人民法院公报2017年第5期张传杰案），协议"  \
    "无效。请先安排离岗"                                                                                                             \
    "前"                                                                                                                                     \
    "职业健康检查并保存检查报告。"
#define S_HAZARD_MUTUAL_EN                                                                         \
    "The employee is exposed to occupational-disease hazards without a pre-departure health "      \
    "examination: the contract may not be ended even by mutual agreement (LCL 42(1); SPC "         \
    "Gazette 2017 No. 5), the agreement is invalid. Arrange the examination and keep its report "  \
    "first."

#define S_PROBATION_NONE_ZH                                                                                                                      \
    "未约定试用期：《中华人民共和国劳动合同法》第三十九条第一项只适用于试用期内。请提供载明试用期" \
    "的劳动合同，"                                                                                                                         \
    "或改用其他解除理由。"
#define S_PROBATION_NONE_EN                                                                        \
    "No probation was agreed: LCL 39(1) applies only during probation. Produce the contract "      \
    "that sets the probation period (employee.probation_end), or use another ground."

#define S_PROBATION_OVER_ZH                                                                                                                      \
    "解除通知在试用期结束后才送达：《中华人民共和国劳动合同法》第三十九条第一项只能在试用期内使用" \
    "。请提供试用期内"                                                                                                                   \
    "送达的签收的解除通知书，或改用其他解除理由。"
#define S_PROBATION_OVER_EN                                                                        \
    "The notice was received after probation ended (employee.probation_end): LCL 39(1) can only "  \
    "be used during probation. Produce a notice signed as received within probation, or use "      \
    "another ground."

#define S_PROBATION_BARRED_ZH                                                                                                                    \
    "解除通知在试用期内送达：试用期内用人单位只能依照第三十九条或第四十条第一项、第二项解除劳动合" \
    "同"                                                                                                                                        \
    "（《中华人民共和国劳动合同法》第二十一条），不能以此理由解除。请待试用期满后再行处理。"
#define S_PROBATION_BARRED_EN                                                                      \
    "The notice falls within probation: during probation the employer may dismiss only under "     \
    "LCL 39 or 40(1)/(2) (LCL 21), not on this ground. Wait until probation has ended."

#define S_PROBATION_REASONS_ZH                                                                                                                   \
    "试用期内解除，应当向劳动者说明理由（《中华人民共和国劳动合同法》第二十一条）；未说明理由的后" \
    "果各地裁判不一，"                                                                                                                   \
    "需人工判断。请提供写明理由并经劳动者签收的解除通知书。"
#define S_PROBATION_REASONS_EN                                                                     \
    "Dismissal within probation must state the reasons to the employee (LCL 21); courts differ "   \
    "on the effect of not doing so, so a person must decide. Produce the notice letter stating "   \
    "the reasons, signed as received."

#define S_NOT_ENFORCED_ZH                                                                                                                        \
    "未证明该规章制度一贯执行（《中华人民共和国劳动合同法》第三十九条第二项）：对同类行为此前未处" \
    "理或处理不一的，"                                                                                                                   \
    "法院可能认定解除违法，需人工判断。请提供以往同类违纪的处理记录。"
#define S_NOT_ENFORCED_EN                                                                          \
    "Consistent enforcement of the rule is not shown (LCL 39(2)): where like conduct was earlier " \
    "tolerated or treated differently, courts may hold the dismissal unlawful, so a person must "  \
    "decide. Produce records of how earlier cases of the same conduct were handled."

#define S_LAYOFF_THRESHOLD_ZH                                                                                                                    \
    "裁减人数不足二十人且不足职工总数的百分之十，不能适用经济性裁员（《中华人民共和国劳动合同法》" \
    "第四十一条）。"                                                                                                                      \
    "请改用个别解除理由（如第四十条第三项或协商解除），或提供更正后的裁员方案。"
#define S_LAYOFF_THRESHOLD_EN                                                                      \
    "The layoff is below 20 people and below 10% of the headcount, so LCL 41 is not available. "   \
    "Use an individual ground (such as LCL 40(3) or a mutual agreement), or produce the "          \
    "corrected layoff plan."

#define S_UNION_MISSING_ZH                                                                                                                       \
    "用人单位有工会，但单方解除前未将理由通知工会，起诉前也未补正（《中华人民共和国劳动合同法》第" \
    "四十三条；"                                                                                                                            \
    "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》第四十七条），属违法解除。请在解" \
    "除前向工会发出书面通知并取得工会签收的回执。"
#define S_UNION_MISSING_EN                                                                         \
    "The employer has a union but did not notify it of the reasons before this unilateral "        \
    "termination, nor cure that before a suit (LCL 43; Interp. I Art. 47): unlawful. Send the "    \
    "written union notice before the termination and keep the union's signed receipt."

#define S_UNION_CURED_ZH                                                                                                                         \
    "解除前未通知工会，但在劳动者起诉前已补正通知程序（《最高人民法院关于审理劳动争议案件适用法律" \
    "问题的解释（一）》第四十七条）。"                                                                                           \
    "请保存补正通知及工会签收的回执。"
#define S_UNION_CURED_EN                                                                           \
    "The union was not notified before the termination, but the procedure was cured before any "   \
    "suit (Interp. I Art. 47). Keep the cured union notice and the union's signed receipt."

#define S_UNION_NONE_ZH                                                                                                                          \
    "用人单位未建立工会：是否仍需通知工会各地裁判不一（《中华人民共和国劳动合同法》第四十三条），" \
    "需人工判断。建议在解除"                                                                                                          \
    "前将理由书面通知当地或上级工会并等待其意见，保存通知及回执。"
#define S_UNION_NONE_EN                                                                            \
    "The employer has no union: courts differ on what LCL 43 then requires, so a person must "     \
    "decide. Before the termination, send the reasons in writing to the local or higher-level "    \
    "federation of trade unions, wait for its opinion, and keep the notice and receipt."

#define S_NOTICE_PAY_OWED_ZH                                                                                                                     \
    "未提前三十日书面通知劳动者本人：须额外支付一个月工资作为代通知金（《中华人民共和国劳动合同法" \
    "》第四十条；"                                                                                                                         \
    "《中华人民共和国劳动合同法实施条例》第二十条，按上一个月工资标准），但尚未安排支付。请在工资" \
    "结算单中列明代通知金。"
#define S_NOTICE_PAY_OWED_EN                                                                       \
    "Thirty days' written notice to the employee was not given: one extra month's wage is owed "   \
    "in lieu of notice (LCL 40; Reg. Art. 20, at the previous month's wage), and it is not yet "   \
    "planned. Put the notice pay on the final pay statement."

#define S_NOTICE_PAY_PLANNED_ZH                                                                                                                  \
    "未提前三十日书面通知：用人单位支付一个月工资代替通知（《中华人民共和国劳动合同法》第四十条；" \
    "《中华人民共和国劳动合同法实施条例》第二十条）。"                                                                   \
    "请在工资结算单中列明代通知金。"
#define S_NOTICE_PAY_PLANNED_EN                                                                    \
    "Thirty days' written notice was not given; the employer pays one month's wage in lieu "       \
    "(LCL 40; Reg. Art. 20). Put the notice pay on the final pay statement."

#define S_PRE2008_ZH                                                                                                                           \
    "工作年限跨越2008年1月1日：2008年前的部分按当时规定（1994年《违反和解除劳动合同的经济补偿"            \
    "办法》）计算，2008年后的部分按《中华人民共和国劳动合同法》第四十七条计算（第九十七条第三款）" \
    "。2008年前部分的折算和封顶"                                                                                                    \
    "各地不一，需人工判断。请提供入职日期证明及2008年前的劳动合同。"
#define S_PRE2008_EN                                                                               \
    "Service straddles 2008-01-01: the part before 2008 follows the rules then in force (the "     \
    "1994 Measures), the part from 2008 follows LCL 47 (LCL 97 para 3). Rounding and caps of "     \
    "the pre-2008 part vary by region, so a person must decide. Produce proof of the hire date "   \
    "and the pre-2008 contracts."

#define S_RENEWAL_REFUSED_ZH                                                                                                   \
    "用人单位以维持或者提高条件提出续订而劳动者不同意续订，合同期满终止不支付经济补偿" \
    "（《中华人民共和国劳动合同法》第四十六条第五项）。请保存续订通知及劳动者的书面答复。"
#define S_RENEWAL_REFUSED_EN                                                                       \
    "Renewal on the same or better terms was offered and the employee refused, so no severance "   \
    "is owed at expiry (LCL 46(5)). Keep the renewal offer and the employee's written answer."

#define S_EXPIRY_SEVERANCE_ZH                                                                                                                    \
    "合同期满终止应支付经济补偿，除非能证明用人单位以维持或者提高条件提出续订而劳动者不同意"          \
    "（《中华人民共和国劳动合同法》第四十六条第五项）。如有，请提供书面续订通知及劳动者的书面答复" \
    "。"
#define S_EXPIRY_SEVERANCE_EN                                                                      \
    "Severance is owed at expiry unless renewal on the same or better terms was offered and the "  \
    "employee refused (LCL 46(5)). If so, produce the written renewal offer and the employee's "   \
    "written answer."

// The engine's working state for one scenario.
typedef struct {
    const law_scenario_t *s; // borrowed: the input
    law_assessment_t *a;     // borrowed: the output being filled
} s_run_t;

static void s_add(s_run_t *run, law_severity_t severity, const char *code, const char *article,
                  const char *fact, const char *message_zh, const char *message_en)
{
    law_assessment_t *a = run->a;
    // The rules can produce at most one finding per fact, status and procedural point, which
    // is far below LAW_FINDINGS_MAX: running out would be a bug here, not bad input.
    assert(a->nfindings < LAW_FINDINGS_MAX);
    law_finding_t *f = &a->findings[a->nfindings++];
    f->severity = severity;
    f->code = code;
    f->article = article;
    f->fact = fact;
    f->message_zh = message_zh;
    f->message_en = message_en;
}

// Rule 3: Art. 42 statuses against the ground's family.
static void s_rule_protections(s_run_t *run)
{
    const law_ground_t *g = run->s->ground;
    for (int i = 0; i < LAW_STATUS_COUNT; i++) {
        if (!(run->s->status & LAW_STATUS_BIT(i)))
            continue;
        const law_status_t *st = law_status_get((law_status_id_t)i);
        switch (g->family) {
        case LAW_FAMILY_NOTICE:
        case LAW_FAMILY_LAYOFF:
            s_add(run, LAW_SEVERITY_BLOCK, st->code, st->article, st->path, st->block_zh,
                  st->block_en);
            break;
        case LAW_FAMILY_EXPIRY:
            s_add(run, LAW_SEVERITY_BLOCK, st->code, "LCL 45", st->path, st->expiry_zh,
                  st->expiry_en);
            break;
        case LAW_FAMILY_MUTUAL:
            if (i == LAW_STATUS_HAZARD_EXPOSURE_WITHOUT_EXIT_EXAM)
                s_add(run, LAW_SEVERITY_BLOCK, st->code, st->article, st->path, S_HAZARD_MUTUAL_ZH,
                      S_HAZARD_MUTUAL_EN);
            break;
        case LAW_FAMILY_CAUSE:
            s_add(run, LAW_SEVERITY_INFO, "ART42_NOT_A_BAR", st->article, st->path,
                  st->not_a_bar_zh, st->not_a_bar_en);
            break;
        }
    }
}

// Probation runs from the hire date (day 1 of service) to probation_end: a notice received
// before the employee started was not given within it, nor after it.
static bool s_in_probation(const law_scenario_t *s)
{
    return s->has_probation && s->notice_day >= s->hire_day &&
           s->notice_day <= s->probation_end_day;
}

// Rule 4: probation windows (Arts. 21 and 39(1)).
static void s_rule_probation(s_run_t *run)
{
    const law_scenario_t *s = run->s;
    const law_ground_t *g = s->ground;
    bool within = s_in_probation(s);
    if (g->id == LAW_GROUND_A39_1) {
        if (!s->has_probation)
            s_add(run, LAW_SEVERITY_BLOCK, "PROBATION_NONE", "LCL 39(1)", "employee.probation_end",
                  S_PROBATION_NONE_ZH, S_PROBATION_NONE_EN);
        else if (s->notice_day > s->probation_end_day)
            s_add(run, LAW_SEVERITY_BLOCK, "PROBATION_OVER", "LCL 39(1)", "termination.notice_date",
                  S_PROBATION_OVER_ZH, S_PROBATION_OVER_EN);
    }
    if (within && (g->id == LAW_GROUND_A40_3 || g->id == LAW_GROUND_A41))
        s_add(run, LAW_SEVERITY_BLOCK, "PROBATION_GROUND_BARRED", "LCL 21",
              "termination.notice_date", S_PROBATION_BARRED_ZH, S_PROBATION_BARRED_EN);
    if (within && !s->reasons_given)
        s_add(run, LAW_SEVERITY_REVIEW, "PROBATION_REASONS_NOT_GIVEN", "LCL 21",
              "termination.reasons_given", S_PROBATION_REASONS_ZH, S_PROBATION_REASONS_EN);
}

// Input path of each evidence fact ("evidence." + name) as a constant string, so a finding can
// point at it without building text at run time.
static const char *const s_fact_paths[LAW_FACT_COUNT] = {
#define S_PATH(ID, NAME) [ID] = "evidence." NAME
    S_PATH(LAW_FACT_AGREEMENT_SIGNED, "agreement_signed"),
    S_PATH(LAW_FACT_HIRING_CONDITIONS_DEFINED, "hiring_conditions_defined"),
    S_PATH(LAW_FACT_HIRING_CONDITIONS_MADE_KNOWN, "hiring_conditions_made_known"),
    S_PATH(LAW_FACT_FAILURE_PROVEN, "failure_proven"),
    S_PATH(LAW_FACT_RULE_EXISTS, "rule_exists"),
    S_PATH(LAW_FACT_RULE_ADOPTED_DEMOCRATICALLY, "rule_adopted_democratically"),
    S_PATH(LAW_FACT_RULE_MADE_KNOWN, "rule_made_known"),
    S_PATH(LAW_FACT_CONDUCT_COVERED_AS_SERIOUS, "conduct_covered_as_serious"),
    S_PATH(LAW_FACT_FACTS_PROVEN, "facts_proven"),
    S_PATH(LAW_FACT_ENFORCED_CONSISTENTLY, "enforced_consistently"),
    S_PATH(LAW_FACT_DERELICTION_OR_GRAFT_PROVEN, "dereliction_or_graft_proven"),
    S_PATH(LAW_FACT_MAJOR_DAMAGE_PROVEN, "major_damage_proven"),
    S_PATH(LAW_FACT_CONCURRENT_EMPLOYMENT_PROVEN, "concurrent_employment_proven"),
    S_PATH(LAW_FACT_SERIOUS_IMPACT_OR_REFUSED_TO_CORRECT, "serious_impact_or_refused_to_correct"),
    S_PATH(LAW_FACT_CONTRACT_INVALID_BY_EMPLOYEE_FRAUD, "contract_invalid_by_employee_fraud"),
    S_PATH(LAW_FACT_CRIMINAL_LIABILITY_ESTABLISHED, "criminal_liability_established"),
    S_PATH(LAW_FACT_MEDICAL_PERIOD_EXPIRED, "medical_period_expired"),
    S_PATH(LAW_FACT_CANNOT_DO_ORIGINAL_WORK, "cannot_do_original_work"),
    S_PATH(LAW_FACT_ALTERNATIVE_WORK_OFFERED, "alternative_work_offered"),
    S_PATH(LAW_FACT_CANNOT_DO_ALTERNATIVE_WORK, "cannot_do_alternative_work"),
    S_PATH(LAW_FACT_JOB_STANDARD_MADE_KNOWN, "job_standard_made_known"),
    S_PATH(LAW_FACT_FIRST_ASSESSMENT_FAILED, "first_assessment_failed"),
    S_PATH(LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE, "training_or_adjustment_done"),
    S_PATH(LAW_FACT_SECOND_ASSESSMENT_FAILED, "second_assessment_failed"),
    S_PATH(LAW_FACT_OBJECTIVE_CHANGE_MAJOR, "objective_change_major"),
    S_PATH(LAW_FACT_CONTRACT_CANNOT_BE_PERFORMED, "contract_cannot_be_performed"),
    S_PATH(LAW_FACT_VARIATION_CONSULTATION_FAILED, "variation_consultation_failed"),
    S_PATH(LAW_FACT_LAYOFF_COUNT, "layoff_count"),
    S_PATH(LAW_FACT_TOTAL_HEADCOUNT, "total_headcount"),
    S_PATH(LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS, "explained_to_union_or_staff_30_days"),
    S_PATH(LAW_FACT_OPINIONS_HEARD, "opinions_heard"),
    S_PATH(LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE, "reported_to_labour_bureau_before"),
    S_PATH(LAW_FACT_PRIORITY_RETENTION_CONSIDERED, "priority_retention_considered"),
    S_PATH(LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS, "renewal_offered_same_or_better_terms"),
    S_PATH(LAW_FACT_EMPLOYEE_REFUSED_RENEWAL, "employee_refused_renewal"),
#undef S_PATH
};

const char *law_fact_path(law_fact_id_t id)
{
    if ((unsigned)id >= LAW_FACT_COUNT)
        return NULL;
    return s_fact_paths[id];
}

static bool s_proven(const law_scenario_t *s, law_fact_id_t fact)
{
    return (s->proven & LAW_FACT_BIT(fact)) != 0;
}

// Rule 2: one block per required fact not proven; A39_2's consistency is a review point.
static void s_rule_facts(s_run_t *run)
{
    const law_ground_t *g = run->s->ground;
    for (size_t i = 0; i < g->nfacts; i++) {
        law_fact_id_t id = g->facts[i].fact;
        if (!g->facts[i].required || s_proven(run->s, id))
            continue;
        const law_fact_t *fact = law_fact_get(id);
        s_add(run, LAW_SEVERITY_BLOCK, "EVIDENCE_MISSING", fact->article, s_fact_paths[id],
              fact->missing_zh, fact->missing_en);
    }
    if (g->id == LAW_GROUND_A39_2 && !s_proven(run->s, LAW_FACT_ENFORCED_CONSISTENTLY))
        s_add(run, LAW_SEVERITY_REVIEW, "RULE_NOT_ENFORCED_CONSISTENTLY", "LCL 39(2)",
              s_fact_paths[LAW_FACT_ENFORCED_CONSISTENTLY], S_NOT_ENFORCED_ZH, S_NOT_ENFORCED_EN);
}

#define S_PERCENT 100

// Rule 5: Art. 41 needs 20 people or more, or 10% of the headcount or more ("以上" includes the
// number itself, Civil Code Art. 1259). Judged only when both numbers are in evidence; a
// missing number is already a block under rule 2.
static void s_rule_layoff(s_run_t *run)
{
    const law_scenario_t *s = run->s;
    if (s->ground->id != LAW_GROUND_A41)
        return;
    if (!s_proven(s, LAW_FACT_LAYOFF_COUNT) || !s_proven(s, LAW_FACT_TOTAL_HEADCOUNT))
        return;
    bool people = s->layoff_count >= LAW_LAYOFF_MIN_PEOPLE;
    bool share = s->total_headcount > 0 &&
                 s->layoff_count * S_PERCENT >= s->total_headcount * LAW_LAYOFF_MIN_PERCENT;
    if (!people && !share)
        s_add(run, LAW_SEVERITY_BLOCK, "LAYOFF_BELOW_THRESHOLD", "LCL 41",
              s_fact_paths[LAW_FACT_LAYOFF_COUNT], S_LAYOFF_THRESHOLD_ZH, S_LAYOFF_THRESHOLD_EN);
}

// Rule 6: Art. 43 union notice for unilateral grounds (Interp. I Art. 47).
static void s_rule_union(s_run_t *run)
{
    const law_scenario_t *s = run->s;
    if (!law_ground_is_unilateral(s->ground))
        return;
    if (!s->has_union) {
        s_add(run, LAW_SEVERITY_REVIEW, "UNION_NONE", "LCL 43", "employer.has_union",
              S_UNION_NONE_ZH, S_UNION_NONE_EN);
        return;
    }
    if (s->union_notified)
        return;
    if (s->union_notice_cured_before_suit)
        s_add(run, LAW_SEVERITY_INFO, "UNION_NOTICE_CURED", "Interp. I 47",
              "termination.union_notice_cured_before_suit", S_UNION_CURED_ZH, S_UNION_CURED_EN);
    else
        s_add(run, LAW_SEVERITY_BLOCK, "UNION_NOT_NOTIFIED", "LCL 43; Interp. I 47",
              "termination.union_notified", S_UNION_MISSING_ZH, S_UNION_MISSING_EN);
}

// The previous month's wage (Reg. Art. 20): given, else the last month of the list, else the
// average.
static int64_t s_previous_month_wage(const law_scenario_t *s)
{
    if (s->has_previous_month_wage)
        return s->previous_month_wage_fen;
    if (s->nwages > 0)
        return s->wages_fen[s->nwages - 1];
    return s->average_wage_fen;
}

// Rule 7: Art. 40 needs 30 days' written notice, or a month's wage instead.
static void s_rule_notice(s_run_t *run)
{
    const law_scenario_t *s = run->s;
    if (s->ground->family != LAW_FAMILY_NOTICE)
        return;
    bool enough = s->written_notice && s->effective_day - s->notice_day >= LAW_NOTICE_DAYS;
    if (enough)
        return;
    run->a->notice_pay_fen = s_previous_month_wage(s);
    if (s->pay_in_lieu_of_notice)
        s_add(run, LAW_SEVERITY_INFO, "NOTICE_PAY_IN_LIEU", "LCL 40; Reg. 20",
              "termination.pay_in_lieu_of_notice", S_NOTICE_PAY_PLANNED_ZH,
              S_NOTICE_PAY_PLANNED_EN);
    else
        s_add(run, LAW_SEVERITY_WARN, "NOTICE_PAY_OWED", "LCL 40; Reg. 20",
              "termination.pay_in_lieu_of_notice", S_NOTICE_PAY_OWED_ZH, S_NOTICE_PAY_OWED_EN);
}

// Wage base and cap (Art. 47, Reg. Art. 27). Returns the floored but uncapped wage W.
static int64_t s_wage(const law_scenario_t *s, law_assessment_t *a)
{
    int64_t average =
        s->nwages > 0 ? law_fen_average(s->wages_fen, s->nwages) : s->average_wage_fen;
    int64_t w = average;
    if (s->has_local_minimum && w < s->local_minimum_wage_fen)
        w = s->local_minimum_wage_fen;
    a->wage_average_fen = average;
    a->wage_cap_fen = s->local_average_wage_fen * LAW_CAP_MULTIPLE;
    a->wage_capped = w > a->wage_cap_fen; // "高于": equal is not capped
    a->wage_base_fen = a->wage_capped ? a->wage_cap_fen : w;
    return w;
}

// Art. 47 half-units of a service, limited to 12 years when the wage is capped.
static int s_capped_half_units(const law_service_t *service, bool capped)
{
    int half = law_service_half_units(service);
    int limit = LAW_CAP_YEARS * 2;
    return capped && half > limit ? limit : half;
}

// Lawful severance N with the Art. 97 split for service before 2008.
static void s_severance(s_run_t *run, int64_t w_fen)
{
    const law_scenario_t *s = run->s;
    law_assessment_t *a = run->a;
    const law_ground_t *g = s->ground;
    if (!g->severance)
        return;
    if (g->family == LAW_FAMILY_EXPIRY) {
        if (s_proven(s, LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS) &&
            s_proven(s, LAW_FACT_EMPLOYEE_REFUSED_RENEWAL)) {
            s_add(run, LAW_SEVERITY_INFO, "EXPIRY_RENEWAL_REFUSED", "LCL 46(5)",
                  s_fact_paths[LAW_FACT_EMPLOYEE_REFUSED_RENEWAL], S_RENEWAL_REFUSED_ZH,
                  S_RENEWAL_REFUSED_EN);
            return;
        }
        s_add(run, LAW_SEVERITY_INFO, "EXPIRY_SEVERANCE_OWED", "LCL 46(5)",
              s_fact_paths[LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS], S_EXPIRY_SEVERANCE_ZH,
              S_EXPIRY_SEVERANCE_EN);
    }
    law_day_t lcl_day;
    bool ok = law_date_from_ymd(LAW_LCL_YEAR, 1, 1, &lcl_day);
    assert(ok);
    if (s->hire_day >= lcl_day) {
        a->severance_half_units = a->service_half_units;
        a->severance_half_units_actual = law_service_half_units(&a->service);
        a->severance_fen = law_fen_times_half_units(a->wage_base_fen, a->service_half_units);
        return;
    }
    // Art. 97 para 3: LCL years count from 2008-01-01; the part before follows the 1994
    // Measures: a month per year at the uncapped wage, a started year counting as a year.
    law_service_t post = law_service_between(lcl_day, s->effective_day);
    a->severance_half_units_actual = law_service_half_units(&post);
    a->severance_half_units = s_capped_half_units(&post, a->wage_capped);
    int64_t post_fen = law_fen_times_half_units(a->wage_base_fen, a->severance_half_units);
    law_day_t pre_last = s->effective_day < lcl_day ? s->effective_day : lcl_day - 1;
    law_service_t pre = law_service_between(s->hire_day, pre_last);
    a->pre2008_years = pre.years + (pre.months > 0 || pre.days > 0 ? 1 : 0);
    a->pre2008_wage_fen = w_fen;
    if (g->pre2008 == LAW_PRE2008_CAPPED || g->pre2008 == LAW_PRE2008_UNCAPPED) {
        a->pre2008_months = a->pre2008_years;
        if (g->pre2008 == LAW_PRE2008_CAPPED && a->pre2008_months > LAW_PRE2008_CAP_MONTHS)
            a->pre2008_months = LAW_PRE2008_CAP_MONTHS;
    }
    int64_t pre_fen = a->pre2008_months * w_fen;
    a->severance_pre2008_fen = pre_fen;
    a->severance_fen = pre_fen + post_fen;
    s_add(run, LAW_SEVERITY_REVIEW, "PRE_2008_SERVICE", "LCL 97", "employee.hire_date",
          S_PRE2008_ZH, S_PRE2008_EN);
}

static void s_deadlines(const law_scenario_t *s, law_assessment_t *a)
{
    a->certificate_day = s->effective_day;
    a->transfer_day = s->effective_day + LAW_TRANSFER_DAYS;
    a->keep_records_day =
        law_date_add_months(s->effective_day, LAW_KEEP_RECORDS_YEARS * LAW_MONTHS_PER_YEAR);
    a->arbitration_limit_day =
        law_date_add_months(s->notice_day, LAW_ARBITRATION_YEARS * LAW_MONTHS_PER_YEAR);
}

hr_rc_t law_assess(const law_scenario_t *scenario, law_assessment_t *out)
{
    assert(scenario && out);
    hr_rc_t rc = law_scenario_check(scenario, NULL, 0);
    if (rc)
        return rc;
    const law_scenario_t *s = scenario;
    law_assessment_t *a = out;
    a->lawful = true;
    a->needs_review = false;
    a->ground = s->ground;
    a->nfindings = 0;
    a->severance_fen = 0;
    a->severance_pre2008_fen = 0;
    a->severance_half_units = a->severance_half_units_actual = 0;
    a->pre2008_years = a->pre2008_months = 0;
    a->pre2008_wage_fen = 0;
    a->notice_pay_fen = 0;
    s_run_t run = {s, a};

    a->service = law_service_between(s->hire_day, s->effective_day);
    int64_t w_fen = s_wage(s, a);
    a->service_half_units = s_capped_half_units(&a->service, a->wage_capped);
    // Rule 9: 2N over the whole service from the hire date, at the same base and limit.
    a->unlawful_compensation_fen = a->wage_base_fen * a->service_half_units;
    s_deadlines(s, a);

    if (s->contract_type == LAW_CONTRACT_PART_TIME) {
        // Rule 1: Art. 71 ends part-time work at will, with no severance and no notice pay.
        s_add(&run, LAW_SEVERITY_INFO, "PART_TIME", "LCL 71", "employee.contract_type",
              S_PART_TIME_ZH, S_PART_TIME_EN);
        return HR_OK;
    }
    s_rule_protections(&run);
    s_rule_probation(&run);
    s_rule_facts(&run);
    s_rule_layoff(&run);
    s_rule_union(&run);
    s_rule_notice(&run);

    for (size_t i = 0; i < a->nfindings; i++)
        if (a->findings[i].severity == LAW_SEVERITY_BLOCK)
            a->lawful = false;
    // Rule 8: severance only when lawful; rule 9: when unlawful, 2N instead and severance 0.
    if (a->lawful)
        s_severance(&run, w_fen);
    for (size_t i = 0; i < a->nfindings; i++)
        if (a->findings[i].severity == LAW_SEVERITY_REVIEW)
            a->needs_review = true;
    return HR_OK;
}
