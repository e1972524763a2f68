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
#include <stdio.h>
#include <string.h>

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

#define S_PRE2008_ILLNESS_ZH                                                                                                                   \
    "工作年限跨越2008年1月1日：2008年前的部分按当时规定（1994年《违反和解除劳动合同的经济补偿"            \
    "办法》）计算，2008年后的部分按《中华人民共和国劳动合同法》第四十七条计算（第九十七条第三款）" \
    "。因患病或者非因工负伤解除的，该办法第六条还要求支付不低于六个月工资的医疗补助费（患重病的"  \
    "增加百分之五十以上，患绝症的增加百分之百以上），第十一条规定劳动者月平均工资低于企业月平均"  \
    "工资的按企业月平均工资计发：以下合计不含医疗补助费，也未按企业月平均工资核对，不是最终金额"  \
    "。2008年前部分的折算和封顶各地不一，需人工判断。请提供入职日期证明、2008年前的劳动合同、"         \
    "医疗期及病情证明和企业月平均工资。"
#define S_PRE2008_ILLNESS_EN                                                                       \
    "Service straddles 2008-01-01: the part before 2008 follows the rules then in force (the "     \
    "1994 Measures), the part from 2008 follows LCL 47 (LCL 97 para 3). On illness or non-work "   \
    "injury the Measures also require a medical subsidy of at least six months' wage (50% more "   \
    "for a serious illness, 100% more for a terminal one; Art. 6), and an employee whose average " \
    "wage is below the enterprise's average is paid at the enterprise's (Art. 11): the total "     \
    "below leaves the subsidy out and is not checked against the enterprise average, so it is "    \
    "not final. Rounding and caps of the pre-2008 part vary by region, so a person must decide. "  \
    "Produce proof of the hire date, the pre-2008 contracts, the medical period and illness "      \
    "records, and the enterprise's average wage."

// The 1994 Measures Art. 11 floor on the grounds whose pre-2008 part follows its Arts. 8 and 9
// (Art. 6, illness, says it beside the medical subsidy above): the same words, after the
// regional point. The engine pays the pre-2008 part at the employee's own wage (the contract's
// money), so the note says the total is not final.
#define S_PRE2008_FLOOR_ZH(GROUND_ZH, ART_ZH)                                                                                                  \
    "工作年限跨越2008年1月1日：2008年前的部分按当时规定（1994年《违反和解除劳动合同的经济补偿"            \
    "办法》）计算，2008年后的部分按《中华人民共和国劳动合同法》第四十七条计算（第九十七条第三款）" \
    "。2008年前部分的折算和封顶各地不一，需人工判断。" GROUND_ZH "的（该办法" ART_ZH "），第十一"                                         \
    "条规定劳动者月平均工资低于企业月平均工资的按企业月平均工资计发：以下合计未按企业月平均工资"  \
    "核对，不是最终金额。请提供入职日期证明、2008年前的劳动合同和企业月平均工资。"
#define S_PRE2008_FLOOR_EN(GROUND_EN, ART_EN)                                                      \
    "Service straddles 2008-01-01: the part before 2008 follows the rules then in force (the "     \
    "1994 Measures), the part from 2008 follows LCL 47 (LCL 97 para 3). Rounding and caps of "     \
    "the pre-2008 part vary by region, so a person must decide. On " GROUND_EN " (" ART_EN "), "   \
    "an employee whose average wage is below the enterprise's average is paid at the "             \
    "enterprise's (Art. 11): the total below is not checked against the enterprise average, so "   \
    "it is not final. Produce proof of the hire date, the pre-2008 contracts, and the "            \
    "enterprise's average wage."

#define S_PRE2008_CHANGE_ZH S_PRE2008_FLOOR_ZH("因客观情况发生重大变化解除", "第八条")
#define S_PRE2008_CHANGE_EN                                                                        \
    S_PRE2008_FLOOR_EN("a major change of the objective circumstances", "Art. 8")
#define S_PRE2008_LAYOFF_ZH S_PRE2008_FLOOR_ZH("经济性裁员", "第九条")
#define S_PRE2008_LAYOFF_EN S_PRE2008_FLOOR_EN("an economic layoff", "Art. 9")

#define S_PRE2008_UNLAWFUL_ZH                                                                                                               \
    "工作年限跨越2008年1月1日且解除或终止违法：赔偿金自用工之日起按第四十七条的标准计算（《中华"  \
    "人民共和国劳动合同法实施条例》第二十五条），三倍封顶和十二年上限适用于全部年限，不按2008年" \
    "前后分段；这一读法并非各地均已确认。按第九十七条第三款分段计算的经济补偿（2008年前部分按"    \
    "1994年《违反和解除劳动合同的经济补偿办法》、不封顶）可能高于该赔偿金，赔偿金额需人工判断。" \
    "请提供入职日期证明及2008年前的劳动合同。"
#define S_PRE2008_UNLAWFUL_EN                                                                      \
    "Service straddles 2008-01-01 and the ending is unlawful: 2N runs from the hire date at the "  \
    "LCL 47 standard (Reg. Art. 25), with the 3x cap and the twelve-year limit over the whole "    \
    "service, not split at 2008; that reading is not confirmed in every region. The severance "    \
    "the Art. 97 para 3 split gives (the pre-2008 part under the 1994 Measures, uncapped) can "    \
    "be higher than this 2N, so a person must decide the amount. Produce proof of the hire date "  \
    "and the pre-2008 contracts."

#define S_OPEN_ENDED_TEN_ZH                                                                                                                   \
    "劳动者在本单位连续工作满十年（自用工之日起计算，含2008年以前的工作年限，《中华人民共和国"      \
    "劳动合同法实施条例》第九条）：劳动者提出或者同意续订劳动合同的，除劳动者提出订立固定期限"    \
    "劳动合同外，应当订立无固定期限劳动合同（《中华人民共和国劳动合同法》第十四条第二款第一项）" \
    "。劳动者要求续订而用人单位以期满为由终止的，属违法终止（第四十八条、第八十七条），不得自动" \
    "认定合法，需人工判断。请提供劳动者不同意续订或者提出订立固定期限劳动合同的书面答复。"
#define S_OPEN_ENDED_TEN_EN                                                                        \
    "The employee has worked here for ten consecutive years (counted from the hire date, service " \
    "before 2008 included; Reg. Art. 9): if they propose or agree to renew, an open-ended "        \
    "contract must be concluded unless they ask for a fixed term (LCL 14 para 2 (1)). Ending the " \
    "contract on expiry against their wish to renew is unlawful (LCL 48, 87), so this is not "     \
    "cleared automatically: a person must decide. Produce the employee's written answer "          \
    "declining renewal or asking for a fixed term."

#define S_OPEN_ENDED_TWO_TERMS_ZH                                                                                                             \
    "本劳动合同的起始日晚于用工之日，此前至少订立过一次劳动合同：连续订立二次固定期限劳动合同"    \
    "（自2008年1月1日起续订的开始计算，《中华人民共和国劳动合同法》第九十七条第一款），且劳动者"    \
    "没有第三十九条和第四十条第一项、第二项规定的情形，劳动者提出或者同意续订的，应当订立无固定" \
    "期限劳动合同（第十四条第二款第三项）；以期满为由终止可能属违法终止（第四十八条、第八十七条" \
    "），各地裁判不一，需人工判断。请提供此前各次劳动合同及劳动者对续订的书面答复。"
#define S_OPEN_ENDED_TWO_TERMS_EN                                                                  \
    "This contract started after the hire date, so at least one contract preceded it: after two "  \
    "consecutive fixed terms (counted from renewals on or after 2008-01-01, LCL 97 para 1), and "  \
    "with no LCL 39 or 40(1)/(2) situation, an employee who proposes or agrees to renew must get " \
    "an open-ended contract (LCL 14 para 2 (3)); ending on expiry may then be unlawful (LCL 48, "  \
    "87). Regions differ, so a person must decide. Produce the earlier contracts and the "         \
    "employee's written answer on renewal."

#define S_NOTICE_BEFORE_HIRE_ZH                                                                                                                  \
    "解除通知的送达日期早于用工之日：试用期自用工之日起算，入职前送达的通知不在试用期内，不能依"    \
    "《中华人民共和国劳动合同法》第三十九条第一项解除，需人工判断。请核对通知日期和入职日期，提供" \
    "试用期内送达并经劳动者签收的解除通知书。"
#define S_NOTICE_BEFORE_HIRE_EN                                                                    \
    "The notice was received before the hire date: probation runs from day 1 of service, so a "    \
    "notice received before it was not given within probation and LCL 39(1) cannot rest on it; "   \
    "a person must decide. Check the notice and hire dates, and produce a notice signed as "       \
    "received within probation."

#define S_PROBATION_ART19_ZH                                                                                                                     \
    "约定的试用期超过《中华人民共和国劳动合同法》第十九条对该劳动合同允许的最长期限（劳动合同期限" \
    "三个月以上不满一年的不超过一个月，一年以上不满三年的不超过二个月，三年以上固定期限和无固定"    \
    "期限的不超过六个月；以完成一定工作任务为期限或者期限不满三个月的不得约定试用期）：本评估只把" \
    "法定最长期限内的部分作为试用期；超过部分由用人单位按试用期满月工资支付赔偿金（第八十三条）。" \
    "请提供劳动合同，核对试用期约定。"
#define S_PROBATION_ART19_EN                                                                       \
    "The agreed probation is longer than LCL 19 allows for this contract (1 month for a term of "  \
    "3 months to under 1 year, 2 months for 1 to under 3 years, 6 months for 3 years or more or "  \
    "an open-ended contract; none for a task-based contract or a term under 3 months): this "      \
    "assessment treats only the lawful part as probation; the employer owes compensation for the " \
    "excess at the post-probation wage (LCL 83). Produce the contract and check its probation."

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

#define S_TERM_SHORT_MONTHS 3 // LCL Art. 19's term brackets
#define S_TERM_YEAR_MONTHS 12
#define S_TERM_LONG_MONTHS 36
#define S_PROBATION_SHORT_MAX 1 // a term of 3 months to under 1 year
#define S_PROBATION_MID_MAX 2   // 1 year to under 3 years
#define S_PROBATION_LONG_MAX 6  // 3 years or more, open-ended, or a term not given

// The most months of probation LCL Art. 19 allows the scenario's contract starting on `first`
// (as the workflow's directory check counts it: a term of N months or more has the day before
// the N-month anniversary of its start in it). A fixed term without contract_end is measured
// as the longest any contract allows.
static int s_probation_max(const law_scenario_t *s, law_day_t first)
{
    switch (s->contract_type) {
    case LAW_CONTRACT_TASK_BASED:
    case LAW_CONTRACT_PART_TIME: // Art. 70
        return 0;
    case LAW_CONTRACT_OPEN_ENDED:
    case LAW_CONTRACT_COUNT:
        return S_PROBATION_LONG_MAX;
    case LAW_CONTRACT_FIXED:
        break;
    }
    if (!s->has_contract_end)
        return S_PROBATION_LONG_MAX;
    law_day_t after = s->contract_end_day + 1;
    if (after < law_date_add_months(first, S_TERM_SHORT_MONTHS))
        return 0;
    if (after < law_date_add_months(first, S_TERM_YEAR_MONTHS))
        return S_PROBATION_SHORT_MAX;
    if (after < law_date_add_months(first, S_TERM_LONG_MONTHS))
        return S_PROBATION_MID_MAX;
    return S_PROBATION_LONG_MAX;
}

// The probation the law lets stand (LCL Arts. 19 and 83): the agreed probation_end, or - when it
// is longer than Art. 19 allows, counted from contract_start (else the hire date) - the last day
// of the most allowed, or none for a contract that allows none. beyond says it was cut.
typedef struct {
    bool has;      // a lawful probation
    law_day_t end; // its last day, if has
    bool beyond;   // the agreed one is longer than Art. 19 allows
} s_probation_t;

static s_probation_t s_probation(const law_scenario_t *s)
{
    s_probation_t p = {s->has_probation, s->has_probation ? s->probation_end_day : 0, false};
    if (!p.has)
        return p;
    law_day_t first = s->has_contract_start ? s->contract_start_day : s->hire_day;
    if (s->probation_end_day < first)
        return p; // nothing to measure it from
    int max = s_probation_max(s, first);
    law_day_t past = law_date_add_months(first, max); // the first day beyond the most allowed
    if (s->probation_end_day < past)
        return p;
    p.beyond = true;
    p.has = max > 0;
    p.end = max > 0 ? past - 1 : 0;
    return p;
}

// Probation runs from the hire date (day 1 of service) to its lawful end: a notice received
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
    // Contract rule 4 judges the probation_end given; Art. 19's limit is a warning beside it
    // (the workflow's directory check passes the engine the probation already cut to it).
    if (s_probation(s).beyond)
        s_add(run, LAW_SEVERITY_WARN, "PROBATION_BEYOND_ART19", "LCL 19; LCL 83",
              "employee.probation_end", S_PROBATION_ART19_ZH, S_PROBATION_ART19_EN);
    if (g->id == LAW_GROUND_A39_1) {
        if (!s->has_probation)
            s_add(run, LAW_SEVERITY_BLOCK, "PROBATION_NONE", "LCL 39(1)", "employee.probation_end",
                  S_PROBATION_NONE_ZH, S_PROBATION_NONE_EN);
        else if (s->notice_day > s->probation_end_day)
            s_add(run, LAW_SEVERITY_BLOCK, "PROBATION_OVER", "LCL 39(1)", "termination.notice_date",
                  S_PROBATION_OVER_ZH, S_PROBATION_OVER_EN);
        else if (s->notice_day < s->hire_day)
            // Rule 4 bars only a notice after probation_end; one before the hire date is not
            // within probation either (s_in_probation), so it cannot pass unseen: a warning,
            // which leaves the verdict and needs_review as the contract's rules set them.
            s_add(run, LAW_SEVERITY_WARN, "PROBATION_NOTICE_BEFORE_HIRE", "LCL 39(1)",
                  "termination.notice_date", S_NOTICE_BEFORE_HIRE_ZH, S_NOTICE_BEFORE_HIRE_EN);
    }
    if (within && (g->id == LAW_GROUND_A40_3 || g->id == LAW_GROUND_A41))
        s_add(run, LAW_SEVERITY_BLOCK, "PROBATION_GROUND_BARRED", "LCL 21",
              "termination.notice_date", S_PROBATION_BARRED_ZH, S_PROBATION_BARRED_EN);
    if (within && !s->reasons_given)
        s_add(run, LAW_SEVERITY_REVIEW, "PROBATION_REASONS_NOT_GIVEN", "LCL 21",
              "termination.reasons_given", S_PROBATION_REASONS_ZH, S_PROBATION_REASONS_EN);
}

// LCL Art. 14 para 2: an expiry where an open-ended contract may be due if the employee
// proposes or agrees to renew - ten consecutive years from the hire date (item 1; pre-2008
// service counts, Reg. Art. 9), or a contract that started after the hire date and so may be
// the second consecutive fixed term (item 3; renewals counted from 2008, Art. 97 para 1). Ending
// it then is unlawful (Arts. 48, 87), so a person decides (reference 2.7: never auto-cleared):
// a `warn` here, since the contract's rules set the verdict and needs_review (none of them
// names Art. 14); the workflow holds the notice until HR records the employee's answer. The
// contract's input has no count of earlier contracts: contract_start is the evidence.
static void s_rule_open_ended(s_run_t *run)
{
    const law_scenario_t *s = run->s;
    if (s->ground->family != LAW_FAMILY_EXPIRY || s->contract_type != LAW_CONTRACT_FIXED)
        return;
    if (run->a->service.years >= LAW_OPEN_ENDED_YEARS) {
        s_add(run, LAW_SEVERITY_WARN, "OPEN_ENDED_CONTRACT_DUE", "LCL 14(2)(1); Reg. 9",
              "employee.hire_date", S_OPEN_ENDED_TEN_ZH, S_OPEN_ENDED_TEN_EN);
        return;
    }
    law_day_t lcl_day;
    bool ok = law_date_from_ymd(LAW_LCL_YEAR, 1, 1, &lcl_day);
    assert(ok);
    if (s->has_contract_start && s->contract_start_day > s->hire_day &&
        s->contract_start_day >= lcl_day)
        s_add(run, LAW_SEVERITY_WARN, "OPEN_ENDED_AFTER_TWO_TERMS", "LCL 14(2)(3); LCL 97",
              "employee.contract_start", S_OPEN_ENDED_TWO_TERMS_ZH, S_OPEN_ENDED_TWO_TERMS_EN);
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

#define S_WAGE_MONTHS_SHORT_ZH                                                                                                                   \
    "工资基数按所给的少于十二个月的工资平均计算，而劳动者在本单位工作已满十二个月：依《中华人民共" \
    "和国劳动合同法》第四十七条第三款和《中华人民共和国劳动合同法实施条例》第二十七条，月工资是劳" \
    "动合同解除或者终止前十二个月的平均工资。请补齐十二个月的应得工资（包括计时或计件工资以及奖"    \
    "金、津贴和补贴等货币性收入）后重新计算。"
#define S_WAGE_MONTHS_SHORT_EN                                                                     \
    "The wage base is the average of fewer than twelve monthly wages, though the service is "      \
    "twelve months or more: the monthly wage is the average of the twelve months before the "      \
    "contract ends (LCL Art. 47 para 3; Reg. Art. 27). Give all twelve months' wages due "         \
    "(time or piece wages, bonuses, allowances and subsidies) and assess again."

// Reg. Art. 27: a service of twelve months or more is averaged over twelve months. Fewer wages
// given are averaged as they are (the money stays the contract's), and a warning says so.
static void s_rule_wage_months(s_run_t *run)
{
    const law_scenario_t *s = run->s;
    if (s->nwages == 0 || s->nwages >= LAW_WAGES_MAX || run->a->service.years < 1)
        return;
    s_add(run, LAW_SEVERITY_WARN, "WAGE_MONTHS_SHORT", "Reg. 27", "employee.wages_last_12_months",
          S_WAGE_MONTHS_SHORT_ZH, S_WAGE_MONTHS_SHORT_EN);
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

// N with the Art. 97 split for a hire before 2008: the LCL part from 2008-01-01 (caps apply)
// and the 1994 Measures part (a month per started year at the uncapped wage w_fen).
typedef struct {
    int half_units;        // Art. 47 half-units from 2008-01-01, after the 12-year limit
    int half_units_actual; // before it
    int pre_years;         // started years before 2008
    int pre_months;        // months of wage the 1994 Measures pay for them
    int64_t pre_fen;       // the pre-2008 part
    int64_t total_fen;     // N
} s_split_t;

static s_split_t s_split(const law_scenario_t *s, const law_assessment_t *a, int64_t w_fen,
                         law_day_t lcl_day)
{
    const law_ground_t *g = s->ground;
    s_split_t sp = {0};
    law_service_t post = law_service_between(lcl_day, s->effective_day);
    sp.half_units_actual = law_service_half_units(&post);
    sp.half_units = s_capped_half_units(&post, a->wage_capped);
    int64_t post_fen = law_fen_times_half_units(a->wage_base_fen, sp.half_units);
    law_day_t pre_last = s->effective_day < lcl_day ? s->effective_day : lcl_day - 1;
    law_service_t pre = law_service_between(s->hire_day, pre_last);
    sp.pre_years = pre.years + (pre.months > 0 || pre.days > 0 ? 1 : 0);
    if (g->pre2008 == LAW_PRE2008_CAPPED || g->pre2008 == LAW_PRE2008_UNCAPPED) {
        sp.pre_months = sp.pre_years;
        if (g->pre2008 == LAW_PRE2008_CAPPED && sp.pre_months > LAW_PRE2008_CAP_MONTHS)
            sp.pre_months = LAW_PRE2008_CAP_MONTHS;
    }
    sp.pre_fen = sp.pre_months * w_fen;
    sp.total_fen = sp.pre_fen + post_fen;
    return sp;
}

// Service before 2008 (Art. 97 para 3), whatever the verdict: the split N kept for the
// PRE_2008_SERVICE finding; lawful, it is the severance (its basis in the assessment) and the
// finding is the split's regional points (the illness subsidy on A40_1); unlawful, 2N stays
// unsplit (rule 9, Reg. Art. 25) and the finding says it may be below the split N.
static void s_pre2008(s_run_t *run, int64_t w_fen)
{
    const law_scenario_t *s = run->s;
    law_assessment_t *a = run->a;
    law_day_t lcl_day;
    bool ok = law_date_from_ymd(LAW_LCL_YEAR, 1, 1, &lcl_day);
    assert(ok);
    if (s->hire_day >= lcl_day || a->lawful)
        return; // a lawful ending's split is its severance (s_severance)
    if (s->ground->severance) {
        s_split_t sp = s_split(s, a, w_fen, lcl_day);
        a->split_severance_fen = sp.total_fen;
        a->split_pre2008_fen = sp.pre_fen;
        a->split_pre2008_months = sp.pre_months;
        a->split_pre2008_wage_fen = w_fen;
    }
    if (!a->lawful) // informative: the contract's review finding is for a lawful N only
        s_add(run, LAW_SEVERITY_INFO, "PRE_2008_2N_UNSPLIT", "LCL 97; Reg. 25",
              "employee.hire_date", S_PRE2008_UNLAWFUL_ZH, S_PRE2008_UNLAWFUL_EN);
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
    s_split_t sp = s_split(s, a, w_fen, lcl_day);
    a->severance_half_units_actual = sp.half_units_actual;
    a->severance_half_units = sp.half_units;
    a->pre2008_years = sp.pre_years;
    a->pre2008_wage_fen = w_fen;
    a->pre2008_months = sp.pre_months;
    a->severance_pre2008_fen = sp.pre_fen;
    a->severance_fen = sp.total_fen;
    a->split_severance_fen = sp.total_fen;
    a->split_pre2008_fen = sp.pre_fen;
    a->split_pre2008_months = sp.pre_months;
    a->split_pre2008_wage_fen = w_fen;
    // The 1994 Measures' Art. 11 floor (the enterprise's average wage) binds its Arts. 6, 8 and
    // 9: illness (A40_1, with the medical subsidy), objective change (A40_3), layoff (A41).
    if (g->id == LAW_GROUND_A40_1)
        s_add(run, LAW_SEVERITY_REVIEW, "PRE_2008_SERVICE", "LCL 97; 1994 Measures 6, 11",
              "employee.hire_date", S_PRE2008_ILLNESS_ZH, S_PRE2008_ILLNESS_EN);
    else if (g->id == LAW_GROUND_A40_3)
        s_add(run, LAW_SEVERITY_REVIEW, "PRE_2008_SERVICE", "LCL 97; 1994 Measures 8, 11",
              "employee.hire_date", S_PRE2008_CHANGE_ZH, S_PRE2008_CHANGE_EN);
    else if (g->id == LAW_GROUND_A41)
        s_add(run, LAW_SEVERITY_REVIEW, "PRE_2008_SERVICE", "LCL 97; 1994 Measures 9, 11",
              "employee.hire_date", S_PRE2008_LAYOFF_ZH, S_PRE2008_LAYOFF_EN);
    else
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
    a->split_severance_fen = a->split_pre2008_fen = a->split_pre2008_wage_fen = 0;
    a->split_pre2008_months = 0;
    a->notice_pay_fen = 0;
    s_run_t run = {s, a};

    a->service = law_service_between(s->hire_day, s->effective_day);
    int64_t w_fen = s_wage(s, a);
    a->service_half_units = s_capped_half_units(&a->service, a->wage_capped);
    // Rule 9: 2N over the whole service from the hire date, at the same base and limit. Exact
    // in fen (base x half-units), so with a half unit it may be one fen off twice a rounded N:
    // the contract rounds every amount once, and the published EX08 award (5033.33) does so.
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
    s_rule_open_ended(&run);
    s_rule_facts(&run);
    s_rule_layoff(&run);
    s_rule_union(&run);
    s_rule_notice(&run);
    s_rule_wage_months(&run);

    for (size_t i = 0; i < a->nfindings; i++)
        if (a->findings[i].severity == LAW_SEVERITY_BLOCK)
            a->lawful = false;
    // Rule 8: severance only when lawful; rule 9: when unlawful, 2N instead and severance 0.
    s_pre2008(&run, w_fen);
    if (a->lawful)
        s_severance(&run, w_fen);
    for (size_t i = 0; i < a->nfindings; i++)
        if (a->findings[i].severity == LAW_SEVERITY_REVIEW)
            a->needs_review = true;
    return HR_OK;
}

// Half-units as a number of months ("3", "3.5") into buf (at least S_UNITS_TEXT_MAX bytes).
#define S_UNITS_TEXT_MAX 16
static void s_units_text(int half_units, char *buf)
{
    snprintf(buf, S_UNITS_TEXT_MAX, "%d%s", half_units / 2, half_units % 2 ? ".5" : "");
}

size_t law_finding_detail(const law_assessment_t *a, const law_finding_t *f, bool en, char *buf,
                          size_t size)
{
    assert(a && f && buf && size > 0);
    buf[0] = '\0';
    if (!f->code || (strcmp(f->code, "PRE_2008_SERVICE") && strcmp(f->code, "PRE_2008_2N_UNSPLIT")))
        return 0;
    char base[LAW_MONEY_TEXT_MAX], pre_wage[LAW_MONEY_TEXT_MAX], pre[LAW_MONEY_TEXT_MAX];
    char total[LAW_MONEY_TEXT_MAX], part[LAW_MONEY_TEXT_MAX], units[S_UNITS_TEXT_MAX];
    law_fen_format(a->wage_base_fen, base);
    law_fen_format(a->split_pre2008_wage_fen, pre_wage);
    law_fen_format(a->split_pre2008_fen, pre);
    law_fen_format(a->split_severance_fen, total);
    int n;
    if (a->lawful) {
        s_units_text(a->severance_half_units, units);
        law_fen_format(a->severance_fen - a->severance_pre2008_fen, part);
        n = snprintf(buf, size,
                     en ? " Figures: from 2008-01-01, %s months x %s = %s; before 2008, %d "
                          "started year(s), %d months x %s = %s; total %s."
                        : "计算：2008年1月1日起 %s 个月 × %s 元 = %s 元；2008年1月1日前 %d "
                          "年（不满一年的按一年），计 %d 个月 × %s 元 = %s 元；合计 %s 元。",
                     units, base, part, a->pre2008_years, a->pre2008_months, pre_wage, pre, total);
        if (n >= 0 && (size_t)n < size && a->ground->id == LAW_GROUND_A40_1) {
            char medical[LAW_MONEY_TEXT_MAX];
            law_fen_format(a->pre2008_wage_fen * LAW_PRE2008_MEDICAL_MONTHS, medical);
            int m = snprintf(buf + n, size - (size_t)n,
                             en ? " Medical subsidy (1994 Measures Art. 6): at least %d months x "
                                  "%s = %s, not in the total."
                                : "医疗补助费（1994年办法第六条）不低于 %d 个月 × %s 元 = %s "
                                  "元，未计入合计。",
                             LAW_PRE2008_MEDICAL_MONTHS, pre_wage, medical);
            n = m < 0 ? n : n + m;
        }
        if (n >= 0 && (size_t)n < size && a->unlawful_compensation_fen < a->severance_fen) {
            // Rule 9's 2N is never split: with a high wage it can fall below this N.
            char twice[LAW_MONEY_TEXT_MAX];
            law_fen_format(a->unlawful_compensation_fen, twice);
            int m = snprintf(buf + n, size - (size_t)n,
                             en ? " 2N (from the hire date, not split: Reg. Art. 25) is %s, below "
                                  "this N."
                                : "赔偿金（自用工之日起计算、不分段，实施条例第二十五条）为 %s "
                                  "元，低于该经济补偿。",
                             twice);
            n = m < 0 ? n : n + m;
        }
    } else {
        s_units_text(a->service_half_units, units);
        char twice[LAW_MONEY_TEXT_MAX];
        law_fen_format(a->unlawful_compensation_fen, twice);
        n = snprintf(buf, size,
                     en ? " Figures: 2N from the hire date = %s months x %s x 2 = %s."
                        : "计算：赔偿金自用工之日起 %s 个月 × %s 元 × 2 = %s 元。",
                     units, base, twice);
        if (n >= 0 && (size_t)n < size && a->split_severance_fen > 0) {
            bool below = a->unlawful_compensation_fen < a->split_severance_fen;
            int m = snprintf(
                buf + n, size - (size_t)n,
                en ? " Severance with the Art. 97 split would be %s (before 2008: %d months x %s "
                     "= %s)%s."
                   : "按第九十七条第三款分段计算的经济补偿为 %s 元（其中2008年1月1日前 %d 个月 × "
                     "%s 元 = %s 元）%s。",
                total, a->split_pre2008_months, pre_wage, pre,
                below ? (en ? ": 2N is below it" : "，赔偿金低于该经济补偿") : "");
            n = m < 0 ? n : n + m;
        }
    }
    if (n < 0)
        n = 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}
