/*  law_catalogue - the constant tables: grounds, the facts each needs, evidence kinds, statuses.
 *
 *  This file is the part a lawyer reviews. Each fact says what must be true, in Chinese and
 *  English, the article that requires it, the document an HR person produces to prove it, and
 *  which evidence kinds (DESIGN.md section 3) can carry that document. The sentence a finding
 *  shows when a fact is not proven is built at compile time from those same strings (S_FACT),
 *  so the catalogue and the findings can never drift apart; a unit test checks that the kinds
 *  named in each sentence are exactly the kinds in the fact's bit set.
 *
 *  Tables are indexed by their enum (designated initializers), so law_fact_get() and friends
 *  are array lookups. Nothing here is mutable.
 *
 *  law_zh_number, at the end, is the one place a number becomes the Chinese numerals a citation
 *  takes (第四十二条): the tables write theirs out, the workflow's letters build theirs with it.
 */
#include "law.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const s_evidence_kind_names[LAW_EVK_COUNT] = {
    [LAW_EVK_PERFORMANCE_REPORT] = "performance_report",
    [LAW_EVK_ASSESSMENT_RESULT] = "assessment_result",
    [LAW_EVK_TRAINING_RECORD] = "training_record",
    [LAW_EVK_RULE_DOCUMENT] = "rule_document",
    [LAW_EVK_RULE_ACKNOWLEDGEMENT] = "rule_acknowledgement",
    [LAW_EVK_ATTENDANCE_RECORD] = "attendance_record",
    [LAW_EVK_COMPLAINT_RECORD] = "complaint_record",
    [LAW_EVK_FEEDBACK_TALK_RECORD] = "feedback_talk_record",
    [LAW_EVK_HIRING_CONDITIONS] = "hiring_conditions",
    [LAW_EVK_AGREEMENT] = "agreement",
    [LAW_EVK_NOTICE_LETTER] = "notice_letter",
    [LAW_EVK_UNION_NOTICE] = "union_notice",
    [LAW_EVK_FACTS_SNAPSHOT] = "facts_snapshot",
    [LAW_EVK_TERMINATION_CERTIFICATE] = "termination_certificate",
    [LAW_EVK_OTHER] = "other",
};

const char *law_evidence_kind_name(law_evidence_kind_t kind)
{
    if ((unsigned)kind >= LAW_EVK_COUNT)
        return NULL;
    return s_evidence_kind_names[kind];
}

// What an HR person calls each kind in Chinese: the Chinese half of a message names these, never
// the codes above (which the English half, hrctl's --kind and scripts keep).
static const char *const s_evidence_kind_zh[LAW_EVK_COUNT] = {
    [LAW_EVK_PERFORMANCE_REPORT] = "绩效报告",
    [LAW_EVK_ASSESSMENT_RESULT] = "考核结果",
    [LAW_EVK_TRAINING_RECORD] = "培训记录",
    [LAW_EVK_RULE_DOCUMENT] = "规章制度文本",
    [LAW_EVK_RULE_ACKNOWLEDGEMENT] = "规章制度签收记录",
    [LAW_EVK_ATTENDANCE_RECORD] = "考勤记录",
    [LAW_EVK_COMPLAINT_RECORD] = "投诉记录",
    [LAW_EVK_FEEDBACK_TALK_RECORD] = "反馈面谈记录",
    [LAW_EVK_HIRING_CONDITIONS] = "录用条件",
    [LAW_EVK_AGREEMENT] = "协议",
    [LAW_EVK_NOTICE_LETTER] = "通知书",
    [LAW_EVK_UNION_NOTICE] = "通知工会的记录",
    [LAW_EVK_FACTS_SNAPSHOT] = "事实快照",
    [LAW_EVK_TERMINATION_CERTIFICATE] = "解除或终止劳动合同的证明",
    [LAW_EVK_OTHER] = "其他材料",
};

const char *law_evidence_kind_zh(law_evidence_kind_t kind)
{
    if ((unsigned)kind >= LAW_EVK_COUNT)
        return NULL;
    return s_evidence_kind_zh[kind];
}

const char *law_evidence_kind_zh_of(const char *name)
{
    law_evidence_kind_t k;
    if (!name || law_evidence_kind_find(name, &k))
        return name ? name : "";
    return s_evidence_kind_zh[k];
}

hr_rc_t law_evidence_kind_find(const char *name, law_evidence_kind_t *out)
{
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        if (!strcmp(s_evidence_kind_names[k], name)) {
            *out = (law_evidence_kind_t)k;
            return HR_OK;
        }
    }
    return HR_ENOTFOUND;
}

// Short names for the bit sets below.
#define K_PERF LAW_EVK_BIT(LAW_EVK_PERFORMANCE_REPORT)
#define K_ASSESS LAW_EVK_BIT(LAW_EVK_ASSESSMENT_RESULT)
#define K_TRAIN LAW_EVK_BIT(LAW_EVK_TRAINING_RECORD)
#define K_RULE LAW_EVK_BIT(LAW_EVK_RULE_DOCUMENT)
#define K_ACK LAW_EVK_BIT(LAW_EVK_RULE_ACKNOWLEDGEMENT)
#define K_ATTEND LAW_EVK_BIT(LAW_EVK_ATTENDANCE_RECORD)
#define K_COMPLAINT LAW_EVK_BIT(LAW_EVK_COMPLAINT_RECORD)
#define K_TALK LAW_EVK_BIT(LAW_EVK_FEEDBACK_TALK_RECORD)
#define K_HIRING LAW_EVK_BIT(LAW_EVK_HIRING_CONDITIONS)
#define K_AGREE LAW_EVK_BIT(LAW_EVK_AGREEMENT)
#define K_NOTICE LAW_EVK_BIT(LAW_EVK_NOTICE_LETTER)
#define K_UNION LAW_EVK_BIT(LAW_EVK_UNION_NOTICE)
#define K_SNAP LAW_EVK_BIT(LAW_EVK_FACTS_SNAPSHOT)
#define K_OTHER LAW_EVK_BIT(LAW_EVK_OTHER)

// One fact. KINDS_TEXT lists the kinds of KINDS in enum order, joined by ", ", and KINDS_ZH
// their Chinese names (law_evidence_kind_zh) joined by "、": the Chinese sentence names no code
// (both checked by tests/unit/law/test_law_catalogue.c).
#define S_FACT(ID, NAME, NUMERIC, ART, ART_ZH, DZH, DEN, DOCZH, DOCEN, KINDS, KINDS_TEXT,             \
               KINDS_ZH)                                                                              \
    [ID] = {ID,                                                                                       \
            NAME,                                                                                     \
            NUMERIC,                                                                                  \
            ART,                                                                                      \
            DZH,                                                                                      \
            DEN,                                                                                      \
            DOCZH,                                                                                    \
            DOCEN,                                                                                    \
            KINDS,                                                                                    \
            "未证明：" DZH "（" ART_ZH                                                                \
            "）。用人单位对解除决定负举证责任（《最高人民法院关于审理劳" \
            "动争议案件适用法律问题的解释（一）》第四十四条），请提供：" DOCZH                        \
            "（证据类型：" KINDS_ZH "）。",                                                           \
            "Not proven: " DEN " (" ART "). The employer bears the burden of proof (Interp. I "       \
            "Art. 44); produce " DOCEN " (evidence kinds: " KINDS_TEXT ")."}

// A layoff's numbers are the company's, not one employee's: they rest on documents HR uploads
// (the layoff plan, the staff roster or social-insurance headcount: kind other), never on a
// facts_snapshot, which is hr-analytics' facts about the one employee of a case.
static const law_fact_t s_facts[LAW_FACT_COUNT] = {
    S_FACT(LAW_FACT_AGREEMENT_SIGNED, "agreement_signed", false, "LCL 36",
           "《中华人民共和国劳动合同法》第三十六条", "双方已签订书面解除劳动合同协议",
           "a written termination agreement signed by both parties",
           "双方签字的《解除劳动合同协议书》", "the termination agreement signed by both parties",
           K_AGREE, "agreement", "协议"),
    S_FACT(LAW_FACT_HIRING_CONDITIONS_DEFINED, "hiring_conditions_defined", false, "LCL 39(1)",
           "《中华人民共和国劳动合同法》第三十九条第一项", "该岗位有具体、明确的录用条件",
           "specific hiring conditions defined for the post", "书面的岗位录用条件",
           "the written hiring conditions for the post", K_HIRING, "hiring_conditions", "录用条件"),
    S_FACT(
        LAW_FACT_HIRING_CONDITIONS_MADE_KNOWN, "hiring_conditions_made_known", false, "LCL 39(1)",
        "《中华人民共和国劳动合同法》第三十九条第一项", "录用条件在入职前或入职时已告知劳动者",
        "the hiring conditions made known to the employee before or at hiring",
        "劳动者签收的录用条件确认书", "the hiring conditions signed as received by the employee",
        K_ACK | K_HIRING, "rule_acknowledgement, hiring_conditions", "规章制度签收记录、录用条件"),
    S_FACT(LAW_FACT_FAILURE_PROVEN, "failure_proven", false, "LCL 39(1)",
           "《中华人民共和国劳动合同法》第三十九条第一项",
           "有客观证据证明劳动者在试用期内不符合录用条件",
           "objective evidence that the employee failed the hiring conditions during probation",
           "试用期考核结果及其依据的记录",
           "the probation assessment result and the records it rests on",
           K_PERF | K_ASSESS | K_ATTEND, "performance_report, assessment_result, attendance_record",
           "绩效报告、考核结果、考勤记录"),
    S_FACT(LAW_FACT_RULE_EXISTS, "rule_exists", false, "LCL 39(2)",
           "《中华人民共和国劳动合同法》第三十九条第二项", "违纪行为发生时有效的规章制度文本",
           "the written rule in force when the conduct happened",
           "当时有效的规章制度或员工手册全文",
           "the full text of the rule or employee handbook then in force", K_RULE, "rule_document",
           "规章制度文本"),
    S_FACT(LAW_FACT_RULE_ADOPTED_DEMOCRATICALLY, "rule_adopted_democratically", false, "LCL 4",
           "《中华人民共和国劳动合同法》第四条",
           "规章制度经职工代表大会或者全体职工讨论，并与工会或者职工代表平等协商确定",
           "the rule adopted by the democratic procedure: discussed by the workers' congress or "
           "all staff and settled with the union or staff representatives",
           "职代会或全体职工讨论记录及与工会协商的会议纪要",
           "the minutes of the staff discussion and of the consultation with the union",
           K_RULE | K_OTHER, "rule_document, other", "规章制度文本、其他材料"),
    S_FACT(LAW_FACT_RULE_MADE_KNOWN, "rule_made_known", false, "LCL 4; Interp. I 50",
           "《中华人民共和国劳动合同法》第四条、《最高人民法院关于审理劳动争议案件适用法律问题的解"
           "释（一）》第五十条",
           "规章制度已向该劳动者公示或者告知", "the rule publicized or made known to this employee",
           "劳动者签字的员工手册签收单或制度培训签到表",
           "the employee's signed handbook acknowledgement or training sign-in sheet",
           K_TRAIN | K_ACK, "training_record, rule_acknowledgement", "培训记录、规章制度签收记录"),
    S_FACT(LAW_FACT_CONDUCT_COVERED_AS_SERIOUS, "conduct_covered_as_serious", false, "LCL 39(2)",
           "《中华人民共和国劳动合同法》第三十九条第二项", "规章制度明确将该行为规定为严重违纪",
           "a rule that names this conduct as a serious violation",
           "规章制度中将该行为列为严重违纪的具体条款",
           "the clause of the rule that classes this conduct as serious", K_RULE, "rule_document",
           "规章制度文本"),
    S_FACT(LAW_FACT_FACTS_PROVEN, "facts_proven", false, "LCL 39(2)",
           "《中华人民共和国劳动合同法》第三十九条第二项", "违纪事实有证据证明",
           "proof of the facts of the violation", "考勤记录、调查笔录、劳动者签字的情况说明等",
           "attendance records, investigation notes or the employee's signed statement",
           K_ATTEND | K_COMPLAINT | K_TALK | K_SNAP,
           "attendance_record, complaint_record, feedback_talk_record, facts_snapshot",
           "考勤记录、投诉记录、反馈面谈记录、事实快照"),
    S_FACT(LAW_FACT_ENFORCED_CONSISTENTLY, "enforced_consistently", false, "LCL 39(2)",
           "《中华人民共和国劳动合同法》第三十九条第二项", "该规章制度一贯执行，同类行为同样处理",
           "the rule enforced consistently, like cases treated alike", "以往同类违纪的处理记录",
           "records of how earlier cases of the same conduct were handled",
           K_ATTEND | K_SNAP | K_OTHER, "attendance_record, facts_snapshot, other",
           "考勤记录、事实快照、其他材料"),
    S_FACT(LAW_FACT_DERELICTION_OR_GRAFT_PROVEN, "dereliction_or_graft_proven", false, "LCL 39(3)",
           "《中华人民共和国劳动合同法》第三十九条第三项",
           "劳动者严重失职或者营私舞弊的事实有证据证明",
           "proof of serious dereliction of duty or graft by the employee",
           "调查报告、相关业务记录及劳动者的情况说明",
           "the investigation report, the business records concerned and the employee's statement",
           K_COMPLAINT | K_TALK | K_SNAP | K_OTHER,
           "complaint_record, feedback_talk_record, facts_snapshot, other",
           "投诉记录、反馈面谈记录、事实快照、其他材料"),
    S_FACT(LAW_FACT_MAJOR_DAMAGE_PROVEN, "major_damage_proven", false, "LCL 39(3)",
           "《中华人民共和国劳动合同法》第三十九条第三项",
           "给用人单位造成重大损害，且达到规章制度规定的标准",
           "proof of major damage to the employer, reaching the threshold the rules set",
           "损失核算报告及规定“重大损害”标准的制度条款",
           "the loss calculation and the rule clause that defines major damage",
           K_RULE | K_SNAP | K_OTHER, "rule_document, facts_snapshot, other",
           "规章制度文本、事实快照、其他材料"),
    S_FACT(LAW_FACT_CONCURRENT_EMPLOYMENT_PROVEN, "concurrent_employment_proven", false,
           "LCL 39(4)", "《中华人民共和国劳动合同法》第三十九条第四项",
           "劳动者同时与其他用人单位建立劳动关系",
           "proof that the employee works for another employer at the same time",
           "社保缴纳记录、另一单位的劳动合同或工资记录",
           "social insurance records, or the other employer's contract or payslips",
           K_SNAP | K_OTHER, "facts_snapshot, other", "事实快照、其他材料"),
    S_FACT(LAW_FACT_SERIOUS_IMPACT_OR_REFUSED_TO_CORRECT, "serious_impact_or_refused_to_correct",
           false, "LCL 39(4)", "《中华人民共和国劳动合同法》第三十九条第四项",
           "对完成本单位工作任务造成严重影响，或者经用人单位提出后拒不改正",
           "a serious effect on the employee's work here, or a refusal to end it when asked",
           "工作受影响的记录，或要求改正的书面通知及劳动者拒绝的记录",
           "records of the effect on the work, or the written request to end it and the refusal",
           K_PERF | K_TALK | K_NOTICE, "performance_report, feedback_talk_record, notice_letter",
           "绩效报告、反馈面谈记录、通知书"),
    S_FACT(LAW_FACT_CONTRACT_INVALID_BY_EMPLOYEE_FRAUD, "contract_invalid_by_employee_fraud", false,
           "LCL 39(5)", "《中华人民共和国劳动合同法》第三十九条第五项",
           "劳动合同因劳动者以欺诈、胁迫手段或者乘人之危订立而无效（第二十六条第一款第一项）",
           "the contract invalid because the employee used fraud, duress or someone's hardship "
           "(LCL 26(1))",
           "劳动者提供的虚假材料及确认合同无效的仲裁裁决或判决",
           "the false documents the employee gave and the award or judgment confirming invalidity",
           K_HIRING | K_OTHER, "hiring_conditions, other", "录用条件、其他材料"),
    S_FACT(LAW_FACT_CRIMINAL_LIABILITY_ESTABLISHED, "criminal_liability_established", false,
           "LCL 39(6)", "《中华人民共和国劳动合同法》第三十九条第六项", "劳动者被依法追究刑事责任",
           "the employee held criminally liable according to law", "生效的刑事判决书",
           "the final criminal judgment", K_OTHER, "other", "其他材料"),
    S_FACT(LAW_FACT_MEDICAL_PERIOD_EXPIRED, "medical_period_expired", false, "LCL 40(1)",
           "《中华人民共和国劳动合同法》第四十条第一项", "规定的医疗期已满",
           "the prescribed medical treatment period has expired", "病假记录及医疗期计算表",
           "the sick-leave records and the medical-period calculation", K_ATTEND | K_OTHER,
           "attendance_record, other", "考勤记录、其他材料"),
    S_FACT(LAW_FACT_CANNOT_DO_ORIGINAL_WORK, "cannot_do_original_work", false, "LCL 40(1)",
           "《中华人民共和国劳动合同法》第四十条第一项", "医疗期满后不能从事原工作",
           "the employee cannot do the original work after the medical period",
           "医院证明或劳动能力鉴定结论及原岗位评估记录",
           "a medical certificate or work-capacity appraisal and the assessment for the post",
           K_ASSESS | K_OTHER, "assessment_result, other", "考核结果、其他材料"),
    S_FACT(LAW_FACT_ALTERNATIVE_WORK_OFFERED, "alternative_work_offered", false, "LCL 40(1)",
           "《中华人民共和国劳动合同法》第四十条第一项", "用人单位另行安排了工作",
           "the employer offered the employee other work", "调岗通知书或调岗协议",
           "the written offer of other work or the job-change agreement", K_AGREE | K_NOTICE,
           "agreement, notice_letter", "协议、通知书"),
    S_FACT(LAW_FACT_CANNOT_DO_ALTERNATIVE_WORK, "cannot_do_alternative_work", false, "LCL 40(1)",
           "《中华人民共和国劳动合同法》第四十条第一项", "劳动者也不能从事另行安排的工作",
           "the employee cannot do the other work either", "新岗位的考核或评估记录",
           "the assessment of the employee in the other post", K_PERF | K_ASSESS,
           "performance_report, assessment_result", "绩效报告、考核结果"),
    S_FACT(LAW_FACT_JOB_STANDARD_MADE_KNOWN, "job_standard_made_known", false, "LCL 40(2)",
           "《中华人民共和国劳动合同法》第四十条第二项",
           "明确、合理的岗位标准或考核制度已事先告知劳动者",
           "a clear, reasonable job standard or assessment scheme made known to the employee in "
           "advance",
           "劳动者签收的岗位职责说明书或绩效考核制度",
           "the job description or assessment scheme signed as received by the employee",
           K_RULE | K_ACK, "rule_document, rule_acknowledgement", "规章制度文本、规章制度签收记录"),
    S_FACT(LAW_FACT_FIRST_ASSESSMENT_FAILED, "first_assessment_failed", false, "LCL 40(2)",
           "《中华人民共和国劳动合同法》第四十条第二项",
           "第一次考核客观证明劳动者不能胜任工作（末位排名不等于不能胜任）",
           "a first objective assessment showing the employee cannot do the job (a bottom "
           "ranking alone is not incompetence, SPC Guiding Case 18)",
           "第一次考核结果及其依据的数据", "the first assessment result and the data it rests on",
           K_PERF | K_ASSESS, "performance_report, assessment_result", "绩效报告、考核结果"),
    S_FACT(LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE, "training_or_adjustment_done", false, "LCL 40(2)",
           "《中华人民共和国劳动合同法》第四十条第二项", "针对不能胜任进行了培训或者调整工作岗位",
           "training or a job adjustment aimed at the incompetence", "培训记录或调岗通知书",
           "the training record or the job-adjustment notice", K_TRAIN | K_NOTICE,
           "training_record, notice_letter", "培训记录、通知书"),
    S_FACT(LAW_FACT_SECOND_ASSESSMENT_FAILED, "second_assessment_failed", false, "LCL 40(2)",
           "《中华人民共和国劳动合同法》第四十条第二项", "培训或者调岗后再次考核仍不能胜任工作",
           "a second assessment after the training or adjustment still showing incompetence",
           "第二次考核结果及其依据的数据", "the second assessment result and the data it rests on",
           K_PERF | K_ASSESS, "performance_report, assessment_result", "绩效报告、考核结果"),
    S_FACT(LAW_FACT_OBJECTIVE_CHANGE_MAJOR, "objective_change_major", false, "LCL 40(3)",
           "《中华人民共和国劳动合同法》第四十条第三项",
           "订立劳动合同时所依据的客观情况发生重大变化",
           "a major change in the objective circumstances the contract was based on",
           "搬迁、重组、撤销部门等变化的决定及证明材料",
           "the decision and records of the change (relocation, restructuring, a closed "
           "department)",
           K_SNAP | K_OTHER, "facts_snapshot, other", "事实快照、其他材料"),
    S_FACT(LAW_FACT_CONTRACT_CANNOT_BE_PERFORMED, "contract_cannot_be_performed", false,
           "LCL 40(3)", "《中华人民共和国劳动合同法》第四十条第三项", "该变化致使劳动合同无法履行",
           "the change makes the contract impossible to perform",
           "说明原岗位已不存在或无法履行的材料",
           "records showing the post no longer exists or cannot be performed", K_SNAP | K_OTHER,
           "facts_snapshot, other", "事实快照、其他材料"),
    S_FACT(LAW_FACT_VARIATION_CONSULTATION_FAILED, "variation_consultation_failed", false,
           "LCL 40(3)", "《中华人民共和国劳动合同法》第四十条第三项",
           "用人单位与劳动者就变更劳动合同内容进行了协商，未能达成协议",
           "a consultation with the employee on varying the contract that reached no agreement",
           "协商变更合同的书面通知、协商记录及劳动者的答复",
           "the written offer to vary the contract, the consultation record and the employee's "
           "answer",
           K_TALK | K_NOTICE, "feedback_talk_record, notice_letter", "反馈面谈记录、通知书"),
    S_FACT(LAW_FACT_LAYOFF_COUNT, "layoff_count", true, "LCL 41",
           "《中华人民共和国劳动合同法》第四十一条", "裁减人员的人数",
           "the number of people in the layoff", "含名单的裁减人员方案",
           "the layoff plan with its list of names", K_OTHER, "other", "其他材料"),
    S_FACT(LAW_FACT_TOTAL_HEADCOUNT, "total_headcount", true, "LCL 41",
           "《中华人民共和国劳动合同法》第四十一条", "企业职工总数",
           "the employer's total headcount", "职工花名册或社保缴费人数记录",
           "the staff roster or the social-insurance headcount", K_OTHER, "other", "其他材料"),
    S_FACT(LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS, "explained_to_union_or_staff_30_days",
           false, "LCL 41", "《中华人民共和国劳动合同法》第四十一条",
           "提前三十日向工会或者全体职工说明了情况",
           "the situation explained to the union or all staff 30 days in advance",
           "向工会或全体职工说明情况的通知、会议记录及签到",
           "the notice, minutes and sign-in sheet of the explanation to the union or staff",
           K_UNION | K_OTHER, "union_notice, other", "通知工会的记录、其他材料"),
    // The opinions of the union or all staff (LCL 41 para 1), heard collectively: the union's
    // records or the staff consultation's (other) - never a one-to-one feedback talk with the
    // dismissed employee. contracts/law-check.md names the fact, not the kinds that prove it.
    S_FACT(LAW_FACT_OPINIONS_HEARD, "opinions_heard", false, "LCL 41",
           "《中华人民共和国劳动合同法》第四十一条", "听取了工会或者职工的意见",
           "the opinions of the union or staff heard", "工会或职工的意见及用人单位答复的记录",
           "the union's or staff's opinions and the employer's answers", K_UNION | K_OTHER,
           "union_notice, other", "通知工会的记录、其他材料"),
    S_FACT(LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE, "reported_to_labour_bureau_before", false,
           "LCL 41", "《中华人民共和国劳动合同法》第四十一条",
           "裁减人员方案在裁员前已向劳动行政部门报告",
           "the layoff plan reported to the labour administration before anyone was dismissed",
           "劳动行政部门出具的裁员方案报告回执",
           "the labour bureau's receipt for the layoff plan report", K_OTHER, "other", "其他材料"),
    S_FACT(LAW_FACT_PRIORITY_RETENTION_CONSIDERED, "priority_retention_considered", false, "LCL 41",
           "《中华人民共和国劳动合同法》第四十一条",
           "考虑了依法应当优先留用的人员（第四十一条第二款）",
           "employees entitled to priority retention considered (LCL 41 para 2)",
           "优先留用人员的审查记录", "the priority-retention review record", K_SNAP | K_OTHER,
           "facts_snapshot, other", "事实快照、其他材料"),
    S_FACT(LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS, "renewal_offered_same_or_better_terms",
           false, "LCL 46(5)", "《中华人民共和国劳动合同法》第四十六条第五项",
           "用人单位提出以维持或者提高劳动合同约定条件续订",
           "an offer to renew on the same or better terms", "写明维持或提高条件的书面续订通知",
           "the written renewal offer stating the same or better terms", K_AGREE | K_NOTICE,
           "agreement, notice_letter", "协议、通知书"),
    S_FACT(LAW_FACT_EMPLOYEE_REFUSED_RENEWAL, "employee_refused_renewal", false, "LCL 46(5)",
           "《中华人民共和国劳动合同法》第四十六条第五项", "劳动者不同意续订",
           "the employee's refusal to renew", "劳动者签字的不续订确认或书面答复",
           "the employee's signed refusal or written answer", K_NOTICE | K_OTHER,
           "notice_letter, other", "通知书、其他材料"),
};

const law_fact_t *law_fact_get(law_fact_id_t id)
{
    if ((unsigned)id >= LAW_FACT_COUNT)
        return NULL;
    return &s_facts[id];
}

const law_fact_t *law_fact_find(const char *name)
{
    for (int f = 0; f < LAW_FACT_COUNT; f++)
        if (!strcmp(s_facts[f].name, name))
            return &s_facts[f];
    return NULL;
}

bool law_fact_is_proven_by(const law_fact_t *fact, law_evidence_kind_t kind)
{
    if ((unsigned)kind >= LAW_EVK_COUNT)
        return false;
    return (fact->kinds & LAW_EVK_BIT(kind)) != 0;
}

#define REQ(f)                                                                                     \
    {                                                                                              \
        f, true, NULL, NULL                                                                        \
    }
#define OPT(f)                                                                                     \
    {                                                                                              \
        f, false, "不影响合法性，只影响补偿", "decides money only"                                 \
    }
// Not required, yet not money only: when not proven the engine raises a review finding, and a
// court may find the dismissal unlawful on it (EX05: a rule never enforced before).
#define OPT_REVIEW(f)                                                                              \
    {                                                                                              \
        f, false, "未证明时须人工复核：可能导致违法解除（赔偿金2N）",                              \
            "when not proven, a review finding: it can make the dismissal unlawful (2N)"           \
    }

static const law_ground_t s_grounds[LAW_GROUND_COUNT] = {
    [LAW_GROUND_A36_EMPLOYER] =
        {LAW_GROUND_A36_EMPLOYER,
         "A36_EMPLOYER",
         "LCL 36",
         "用人单位提出，双方协商一致解除劳动合同",
         "Mutual agreement proposed by the employer",
         LAW_FAMILY_MUTUAL,
         LAW_ENDING_RESCISSION,
         true,
         LAW_PRE2008_CAPPED,
         1,
         {REQ(LAW_FACT_AGREEMENT_SIGNED)},
         "用人单位与劳动者协商一致，可以解除劳动合同",
         "the employer and the employee may rescind the labour contract by agreement"},
    [LAW_GROUND_A36_EMPLOYEE] =
        {LAW_GROUND_A36_EMPLOYEE,
         "A36_EMPLOYEE",
         "LCL 36",
         "劳动者提出，双方协商一致解除劳动合同",
         "Mutual agreement proposed by the employee",
         LAW_FAMILY_MUTUAL,
         LAW_ENDING_RESCISSION,
         false,
         LAW_PRE2008_NONE,
         1,
         {REQ(LAW_FACT_AGREEMENT_SIGNED)},
         "用人单位与劳动者协商一致，可以解除劳动合同",
         "the employer and the employee may rescind the labour contract by agreement"},
    [LAW_GROUND_A39_1] = {LAW_GROUND_A39_1,
                          "A39_1",
                          "LCL 39(1)",
                          "在试用期间被证明不符合录用条件",
                          "Fails the hiring conditions during probation",
                          LAW_FAMILY_CAUSE,
                          LAW_ENDING_RESCISSION,
                          false,
                          LAW_PRE2008_NONE,
                          3,
                          {REQ(LAW_FACT_HIRING_CONDITIONS_DEFINED),
                           REQ(LAW_FACT_HIRING_CONDITIONS_MADE_KNOWN),
                           REQ(LAW_FACT_FAILURE_PROVEN)},
                          "在试用期间被证明不符合录用条件的",
                          "where the employee is proved, during the probation period, not to meet "
                          "the hiring conditions"},
    [LAW_GROUND_A39_2] =
        {LAW_GROUND_A39_2,
         "A39_2",
         "LCL 39(2)",
         "严重违反用人单位的规章制度",
         "Serious violation of the employer's rules",
         LAW_FAMILY_CAUSE,
         LAW_ENDING_RESCISSION,
         false,
         LAW_PRE2008_NONE,
         6,
         {REQ(LAW_FACT_RULE_EXISTS), REQ(LAW_FACT_RULE_ADOPTED_DEMOCRATICALLY),
          REQ(LAW_FACT_RULE_MADE_KNOWN), REQ(LAW_FACT_CONDUCT_COVERED_AS_SERIOUS),
          REQ(LAW_FACT_FACTS_PROVEN), OPT_REVIEW(LAW_FACT_ENFORCED_CONSISTENTLY)},
         "严重违反用人单位的规章制度的",
         "where the employee seriously violates the employer's rules and regulations"},
    [LAW_GROUND_A39_3] = {LAW_GROUND_A39_3,
                          "A39_3",
                          "LCL 39(3)",
                          "严重失职，营私舞弊，给用人单位造成重大损害",
                          "Serious dereliction of duty or graft causing major damage",
                          LAW_FAMILY_CAUSE,
                          LAW_ENDING_RESCISSION,
                          false,
                          LAW_PRE2008_NONE,
                          2,
                          {REQ(LAW_FACT_DERELICTION_OR_GRAFT_PROVEN),
                           REQ(LAW_FACT_MAJOR_DAMAGE_PROVEN)},
                          "严重失职，营私舞弊，给用人单位造成重大损害的",
                          "where the employee seriously neglects his or her duties or engages in "
                          "graft, causing major damage to the employer"},
    [LAW_GROUND_A39_4] =
        {LAW_GROUND_A39_4,
         "A39_4",
         "LCL 39(4)",
         "同时与其他用人单位建立劳动关系，严重影响工作或经提出拒不改正",
         "Concurrent employment affecting the work or not ended when asked",
         LAW_FAMILY_CAUSE,
         LAW_ENDING_RESCISSION,
         false,
         LAW_PRE2008_NONE,
         2,
         {REQ(LAW_FACT_CONCURRENT_EMPLOYMENT_PROVEN),
          REQ(LAW_FACT_SERIOUS_IMPACT_OR_REFUSED_TO_CORRECT)},
         "劳动者同时与其他用人单位建立劳动关系，对完成本单位的工作任务造成严重影响，或者经用人单位"
         "提出，拒不改正的",
         "where the employee establishes an employment relationship with another employer at the "
         "same time, which seriously affects the completion of the employee's work tasks with the "
         "employer, or refuses to correct this after the employer raises it"},
    [LAW_GROUND_A39_5] = {LAW_GROUND_A39_5,
                          "A39_5",
                          "LCL 39(5)",
                          "以欺诈、胁迫手段或者乘人之危致使劳动合同无效",
                          "Contract invalid through the employee's fraud",
                          LAW_FAMILY_CAUSE,
                          LAW_ENDING_RESCISSION,
                          false,
                          LAW_PRE2008_NONE,
                          1,
                          {REQ(LAW_FACT_CONTRACT_INVALID_BY_EMPLOYEE_FRAUD)},
                          "因本法第二十六条第一款第一项规定的情形致使劳动合同无效的",
                          "where the labour contract is invalid in the circumstances of Article 26 "
                          "paragraph 1 item 1 of this Law"},
    [LAW_GROUND_A39_6] = {LAW_GROUND_A39_6,
                          "A39_6",
                          "LCL 39(6)",
                          "被依法追究刑事责任",
                          "Held criminally liable",
                          LAW_FAMILY_CAUSE,
                          LAW_ENDING_RESCISSION,
                          false,
                          LAW_PRE2008_NONE,
                          1,
                          {REQ(LAW_FACT_CRIMINAL_LIABILITY_ESTABLISHED)},
                          "被依法追究刑事责任的",
                          "where the employee is held criminally liable according to law"},
    [LAW_GROUND_A40_1] = {LAW_GROUND_A40_1,
                          "A40_1",
                          "LCL 40(1)",
                          "患病或者非因工负伤，医疗期满后不能从事原工作，也不能从事另行安排的工作",
                          "Illness or non-work injury: unable to work after the medical period",
                          LAW_FAMILY_NOTICE,
                          LAW_ENDING_RESCISSION,
                          true,
                          LAW_PRE2008_UNCAPPED,
                          4,
                          {REQ(LAW_FACT_MEDICAL_PERIOD_EXPIRED),
                           REQ(LAW_FACT_CANNOT_DO_ORIGINAL_WORK),
                           REQ(LAW_FACT_ALTERNATIVE_WORK_OFFERED),
                           REQ(LAW_FACT_CANNOT_DO_ALTERNATIVE_WORK)},
                          "劳动者患病或者非因工负伤，在规定的医疗期满后不能从事原工作，也不能从事由"
                          "用人单位另行安排的工作的",
                          "where the employee is ill or injured other than at work and, after the "
                          "prescribed medical treatment period, can do neither the original work "
                          "nor other work arranged by the employer"},
    [LAW_GROUND_A40_2] = {LAW_GROUND_A40_2,
                          "A40_2",
                          "LCL 40(2)",
                          "不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作",
                          "Incompetent after training or job adjustment",
                          LAW_FAMILY_NOTICE,
                          LAW_ENDING_RESCISSION,
                          true,
                          LAW_PRE2008_CAPPED,
                          4,
                          {REQ(LAW_FACT_JOB_STANDARD_MADE_KNOWN),
                           REQ(LAW_FACT_FIRST_ASSESSMENT_FAILED),
                           REQ(LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE),
                           REQ(LAW_FACT_SECOND_ASSESSMENT_FAILED)},
                          "劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作的",
                          "where the employee is incompetent for the work and remains incompetent "
                          "after training or an adjustment of the post"},
    [LAW_GROUND_A40_3] =
        {LAW_GROUND_A40_3,
         "A40_3",
         "LCL 40(3)",
         "客观情况发生重大变化致使劳动合同无法履行，协商未能就变更达成协议",
         "Major change of objective circumstances; no agreement on a variation",
         LAW_FAMILY_NOTICE,
         LAW_ENDING_RESCISSION,
         true,
         LAW_PRE2008_UNCAPPED,
         3,
         {REQ(LAW_FACT_OBJECTIVE_CHANGE_MAJOR), REQ(LAW_FACT_CONTRACT_CANNOT_BE_PERFORMED),
          REQ(LAW_FACT_VARIATION_CONSULTATION_FAILED)},
         "劳动合同订立时所依据的客观情况发生重大变化，致使劳动合同无法履行，经用人单位与劳动者协商"
         "，未能就变更劳动合同内容达成协议的",
         "where the objective circumstances on which the labour contract was based when concluded "
         "have changed materially, so that the contract cannot be performed, and the employer and "
         "the employee, after consultation, fail to agree on varying its content"},
    [LAW_GROUND_A41] =
        {LAW_GROUND_A41,
         "A41",
         "LCL 41",
         "经济性裁员",
         "Economic layoff",
         LAW_FAMILY_LAYOFF,
         LAW_ENDING_RESCISSION,
         true,
         LAW_PRE2008_UNCAPPED,
         6,
         {REQ(LAW_FACT_LAYOFF_COUNT), REQ(LAW_FACT_TOTAL_HEADCOUNT),
          REQ(LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS), REQ(LAW_FACT_OPINIONS_HEARD),
          REQ(LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE),
          REQ(LAW_FACT_PRIORITY_RETENTION_CONSIDERED)},
         "有下列情形之一，需要裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上的，"
         "用人单位提前三十日向工会或者全体职工说明情况，听取工会或者职工的意见后，裁减人员方案经向"
         "劳动行政部门报告，可以裁减人员",
         "where, in one of the following cases, twenty or more employees, or fewer than twenty but "
         "ten per cent or more of the enterprise's employees, must be laid off, the employer may "
         "lay off staff after explaining the situation to the union or all staff thirty days in "
         "advance, hearing the opinions of the union or the staff, and reporting the layoff plan "
         "to the labour administration"},
    [LAW_GROUND_A44_EXPIRY] = {LAW_GROUND_A44_EXPIRY,
                               "A44_EXPIRY",
                               "LCL 44(1)",
                               "固定期限劳动合同期满终止",
                               "Fixed-term contract expires",
                               LAW_FAMILY_EXPIRY,
                               LAW_ENDING_TERMINATION,
                               true,
                               LAW_PRE2008_ZERO,
                               2,
                               {OPT(LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS),
                                OPT(LAW_FACT_EMPLOYEE_REFUSED_RENEWAL)},
                               "劳动合同期满的",
                               "where the labour contract expires"},
};

size_t law_ground_count(void)
{
    return LAW_GROUND_COUNT;
}

const law_ground_t *law_ground_at(size_t i)
{
    if (i >= LAW_GROUND_COUNT)
        return NULL;
    return &s_grounds[i];
}

const law_ground_t *law_ground_find(const char *code)
{
    for (int g = 0; g < LAW_GROUND_COUNT; g++)
        if (!strcmp(s_grounds[g].code, code))
            return &s_grounds[g];
    return NULL;
}

bool law_ground_is_unilateral(const law_ground_t *ground)
{
    return ground->family == LAW_FAMILY_CAUSE || ground->family == LAW_FAMILY_NOTICE ||
           ground->family == LAW_FAMILY_LAYOFF;
}

unsigned law_ground_kinds(const law_ground_t *ground)
{
    unsigned kinds = 0;
    for (size_t i = 0; i < ground->nfacts; i++)
        if (ground->facts[i].required)
            kinds |= s_facts[ground->facts[i].fact].kinds;
    return kinds;
}

// One Art. 42 status with its three finding sentences: barring Art. 40/41 (the way out, OUT_ZH and
// OUT_EN, after it), what Art. 45 does to an expiring contract (EXPIRY_ZH, EXPIRY_EN), and noting
// that Art. 39 is not barred.
#define S_STATUS_ALL(ID, NAME, CODE, ART, ART_ZH, DZH, DEN, OUT_ZH, OUT_EN, EXPIRY_ZH, EXPIRY_EN)                                    \
    [ID] = {ID,                                                                                                                      \
            NAME,                                                                                                                    \
            "employee.status." NAME,                                                                                                 \
            CODE,                                                                                                                    \
            ART,                                                                                                                     \
            DZH "：" ART_ZH                                                                                                          \
                "禁止依照第四十条、第四十一条解除劳动合同；此时解除属违法解除，需支付二倍经济" \
                "补偿的赔偿金（第八十七条）。" OUT_ZH,                                                                               \
            "The employee is " DEN ": " ART " forbids dismissal under LCL 40 or 41 while this "                                      \
            "lasts; dismissing now is unlawful and costs 2N (LCL 87). " OUT_EN,                                                      \
            EXPIRY_ZH,                                                                                                               \
            EXPIRY_EN,                                                                                                               \
            DZH "：" ART_ZH "不限制依照第三十九条解除，但法院对此类劳动者的过失证据审查更严。",                                      \
            "The employee is " DEN ": " ART " does not bar dismissal under LCL 39, but courts "                                      \
            "examine the LCL 39 evidence more strictly for protected employees."}

// A status that ends (a pregnancy, a medical period): proof that it has ended changes the verdict.
#define S_STATUS_45(ID, NAME, CODE, ART, ART_ZH, DZH, DEN, DOCZH, DOCEN, EXPIRY_ZH, EXPIRY_EN)     \
    S_STATUS_ALL(ID, NAME, CODE, ART, ART_ZH, DZH, DEN,                                            \
                 "只有证明该情形已消失的材料（" DOCZH "）才能改变结论。",                          \
                 "Only proof that it has ended (" DOCEN ") would change this.", EXPIRY_ZH,         \
                 EXPIRY_EN)

// Art. 45's first sentence: the contract extends until the status ends.
#define S_STATUS(ID, NAME, CODE, ART, ART_ZH, DZH, DEN, DOCZH, DOCEN)                              \
    S_STATUS_45(ID, NAME, CODE, ART, ART_ZH, DZH, DEN, DOCZH, DOCEN,                               \
                DZH "：依照第四十五条，劳动合同期满时有" ART_ZH                                    \
                    "情形的，合同应续延至该情形消失时终止；"                    \
                    "按原期限终止属违法终止（第八十七条）。请记录该情形消失的日期（" DOCZH "）。", \
                "The employee is " DEN ": under LCL 45 an expiring contract extends until this "   \
                "ends (" ART "); ending it on the original date is unlawful (2N, LCL 87). Record " \
                "when it ends (" DOCEN ").")

static const law_status_t s_statuses[LAW_STATUS_COUNT] = {
    S_STATUS(LAW_STATUS_HAZARD_EXPOSURE_WITHOUT_EXIT_EXAM, "hazard_exposure_without_exit_exam",
             "PROTECTED_HAZARD_EXPOSURE", "LCL 42(1)",
             "《中华人民共和国劳动合同法》第四十二条第一项",
             "从事接触职业病危害作业的劳动者未进行离岗前职业健康检查",
             "exposed to occupational-disease hazards without a pre-departure health examination",
             "离岗前职业健康检查报告", "the pre-departure occupational health examination report"),
    S_STATUS(LAW_STATUS_OCCUPATIONAL_DISEASE_SUSPECTED, "occupational_disease_suspected",
             "PROTECTED_OCCUPATIONAL_DISEASE", "LCL 42(1)",
             "《中华人民共和国劳动合同法》第四十二条第一项", "疑似职业病病人在诊断或者医学观察期间",
             "a suspected occupational-disease patient under diagnosis or medical observation",
             "职业病诊断结论或医学观察结束证明",
             "the diagnosis, or the record that medical observation ended"),
    // Art. 45's proviso: a 42(2) contract does not simply extend; its end follows the national
    // work-injury insurance rules (by the disability grade; the rules file lists the grade rules
    // as still to confirm, so the finding names the regulation, not the grades).
    S_STATUS_45(LAW_STATUS_WORK_INJURY_INCAPACITY, "work_injury_incapacity",
                "PROTECTED_WORK_INJURY", "LCL 42(2)",
                "《中华人民共和国劳动合同法》第四十二条第二项",
                "在本单位患职业病或者因工负伤并被确认丧失或者部分丧失劳动能力",
                "confirmed as having lost all or part of the capacity to work through an "
                "occupational disease or work injury here",
                "工伤认定及劳动能力鉴定结论", "the work-injury decision and the capacity appraisal",
                "在本单位患职业病或者因工负伤并被确认丧失或者部分丧失劳动能力：依照第四十五条但书，"
                "此类劳动者的劳动合同期满终止，按照国家有关工伤保险的规定执行（《工伤保险条例》，"
                "视伤残等级而定），不得按原期限径行终止；径行终止属违法终止（第八十七条）。"
                "请先取得工伤认定及劳动能力鉴定结论，并依该条例办理。",
                "The employee is confirmed as having lost all or part of the capacity to work "
                "through an occupational disease or work injury here: under the proviso of LCL 45 "
                "such a contract does not end on its original date as others do; its end follows "
                "the national work-injury insurance rules (the Work Injury Insurance "
                "Regulations, by the disability grade). Ending it on the original date without "
                "them is unlawful (2N, LCL 87). Obtain the work-injury decision and the capacity "
                "appraisal first and proceed under those regulations."),
    S_STATUS(LAW_STATUS_MEDICAL_TREATMENT_PERIOD, "medical_treatment_period",
             "PROTECTED_MEDICAL_PERIOD", "LCL 42(3)",
             "《中华人民共和国劳动合同法》第四十二条第三项", "患病或者非因工负伤，在规定的医疗期内",
             "ill or injured off duty and within the prescribed medical period",
             "病假记录及医疗期计算表", "the sick-leave records and the medical-period calculation"),
    S_STATUS(LAW_STATUS_PREGNANT, "pregnant", "PROTECTED_PREGNANT", "LCL 42(4)",
             "《中华人民共和国劳动合同法》第四十二条第四项", "女职工在孕期", "pregnant",
             "医院出具的妊娠终止证明", "a medical record that the pregnancy has ended"),
    S_STATUS(LAW_STATUS_MATERNITY_LEAVE, "maternity_leave", "PROTECTED_MATERNITY", "LCL 42(4)",
             "《中华人民共和国劳动合同法》第四十二条第四项", "女职工在产期", "on maternity leave",
             "产假起止日期记录", "the record of the maternity leave dates"),
    S_STATUS(LAW_STATUS_NURSING_INFANT, "nursing_infant", "PROTECTED_NURSING", "LCL 42(4)",
             "《中华人民共和国劳动合同法》第四十二条第四项", "女职工在哺乳期（婴儿未满一周岁）",
             "nursing a baby under one year old", "婴儿出生证明（载明出生日期）",
             "the baby's birth certificate showing the date of birth"),
    // Art. 42(5) does not end before the retirement age (service only grows, the age only comes
    // nearer): nothing to wait for, so the way out is to withdraw; the records can only show it
    // never applied. Under Art. 45 the contract runs on to the retirement age (then Art. 44(2)).
    S_STATUS_ALL(
        LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT, "long_service_near_retirement",
        "PROTECTED_LONG_SERVICE", "LCL 42(5)", "《中华人民共和国劳动合同法》第四十二条第五项",
        "在本单位连续工作满十五年，且距法定退休年龄不足五年",
        "in 15 or more years of continuous service here and less than 5 years from the statutory "
        "retirement age",
        "该情形在员工达到法定退休年龄之前不会消失，等待无益：请撤回本案。只有证明该情形并不存在"
        "的材料（连续工龄记录及身份证件（出生日期））才能改变结论；员工如有第三十九条规定的过错，"
        "仍可依该条另行处理。",
        "This does not end before the statutory retirement age, so there is nothing to wait for: "
        "withdraw the case. Only proof that it does not apply (the continuous-service record and "
        "the identity document with the date of birth) would change this; an LCL 39 ground, where "
        "the employee is at such fault, stays open.",
        "在本单位连续工作满十五年，且距法定退休年龄不足五年：依照第四十五条，劳动合同期满时有"
        "《中华人民共和国劳动合同法》第四十二条第五项情形的，合同应续延至该情形消失时终止，而该情"
        "形在员工达到法定退休年龄之前不会消失；按原期限终止属违法终止（第八十七条）。请撤回本案。",
        "The employee is in 15 or more years of continuous service here and less than 5 years from "
        "the statutory retirement age: under LCL 45 an expiring contract extends until this ends "
        "(LCL 42(5)), and it does not end before the retirement age; ending it on the original "
        "date is unlawful (2N, LCL 87). Withdraw the case."),
};

const law_status_t *law_status_get(law_status_id_t id)
{
    if ((unsigned)id >= LAW_STATUS_COUNT)
        return NULL;
    return &s_statuses[id];
}

const law_status_t *law_status_find(const char *name)
{
    for (int s = 0; s < LAW_STATUS_COUNT; s++)
        if (!strcmp(s_statuses[s].name, name))
            return &s_statuses[s];
    return NULL;
}

static const char *const s_contract_names[LAW_CONTRACT_COUNT] = {
    [LAW_CONTRACT_FIXED] = "fixed",
    [LAW_CONTRACT_OPEN_ENDED] = "open_ended",
    [LAW_CONTRACT_TASK_BASED] = "task_based",
    [LAW_CONTRACT_PART_TIME] = "part_time",
};

const char *law_contract_name(law_contract_t type)
{
    if ((unsigned)type >= LAW_CONTRACT_COUNT)
        return NULL;
    return s_contract_names[type];
}

const char *law_severity_name(law_severity_t severity)
{
    switch (severity) {
    case LAW_SEVERITY_BLOCK:
        return "block";
    case LAW_SEVERITY_WARN:
        return "warn";
    case LAW_SEVERITY_REVIEW:
        return "review";
    case LAW_SEVERITY_INFO:
        return "info";
    }
    return NULL;
}

const char *law_zh_number(int n, char *buf, size_t len)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    static const char *const places[] = {"千", "百", "十", ""};
    static const int values[] = {1000, 100, 10, 1};
    assert(buf && len > 0);
    if (n <= 0 || n > LAW_ZH_NUMBER_TOP) {
        snprintf(buf, len, "%d", n);
        return buf;
    }
    size_t used = 0;
    bool started = false, zero = false; // a digit written; a 零 owed before the next one
    buf[0] = '\0';
    for (size_t i = 0; i < HR_ARRAY_LEN(values); i++) {
        int d = n / values[i] % 10;
        if (!d) {
            zero = started;
            continue;
        }
        // 十二, not 一十二: a leading one before 十 is left out (but 一百一十 keeps it).
        bool bare_ten = !started && d == 1 && values[i] == 10;
        int w = snprintf(buf + used, len - used, "%s%s%s", zero ? "零" : "",
                         bare_ten ? "" : digits[d], places[i]);
        if (w < 0 || (size_t)w >= len - used) {
            buf[used] = '\0'; // len below LAW_ZH_NUMBER_MAX: whole numerals only, never half one
            break;
        }
        used += (size_t)w;
        started = true;
        zero = false;
    }
    return buf;
}

// The laws hr_law's article references name, by the prefix they take there ("LCL 39(2)").
static const struct {
    const char *prefix;
    const char *title;
} s_laws[] = {
    {"LCL ", "《劳动合同法》"},
    {"Reg. ", "《劳动合同法实施条例》"},
    {"Interp. I ", "《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》"},
    {"1994 Measures ", "《违反和解除劳动合同的经济补偿办法》"},
};

// Appends text to buf (used bytes in *used); false when it does not fit.
static bool s_cat(char *buf, size_t len, size_t *used, const char *text)
{
    size_t n = strlen(text);
    if (*used + n >= len)
        return false;
    memcpy(buf + *used, text, n + 1);
    *used += n;
    return true;
}

// One number with its brackets, "39(2)" or "14(2)(1)", at *p: 第三十九条第二项,
// 第十四条第二款第一项. False when *p does not start one.
static bool s_cite_one(const char **p, char *buf, size_t len, size_t *used)
{
    static const char *const units[][3] = {{"条", "", ""}, {"条", "项", ""}, {"条", "款", "项"}};
    int n[3] = {0, 0, 0}, count = 0;
    const char *s = *p;
    while (count < 3) {
        if (count && *s != '(')
            break;
        if (count)
            s++;
        if (*s < '1' || *s > '9')
            return false;
        int v = 0;
        while (*s >= '0' && *s <= '9' && v <= LAW_ZH_NUMBER_TOP)
            v = v * 10 + (*s++ - '0');
        if (v > LAW_ZH_NUMBER_TOP || (count && *s++ != ')'))
            return false;
        n[count++] = v;
    }
    for (int i = 0; i < count; i++) {
        char num[LAW_ZH_NUMBER_MAX];
        if (!s_cat(buf, len, used, "第") ||
            !s_cat(buf, len, used, law_zh_number(n[i], num, sizeof num)) ||
            !s_cat(buf, len, used, units[count - 1][i]))
            return false;
    }
    *p = s;
    return true;
}

// The whole reference in Chinese into buf; false at anything it cannot cite.
static bool s_cite(const char *s, char *buf, size_t len)
{
    size_t used = 0;
    int last = -1; // the law of the previous reference: named once for a run of its articles
    buf[0] = '\0';
    while (*s) {
        int law = -1;
        for (size_t i = 0; i < HR_ARRAY_LEN(s_laws); i++)
            if (!strncmp(s, s_laws[i].prefix, strlen(s_laws[i].prefix)))
                law = (int)i;
        if (law < 0)
            return false;
        s += strlen(s_laws[law].prefix);
        if ((used && !s_cat(buf, len, &used, "、")) ||
            (law != last && !s_cat(buf, len, &used, s_laws[law].title)))
            return false;
        last = law;
        for (;;) {
            if (!s_cite_one(&s, buf, len, &used))
                return false;
            if (strncmp(s, ", ", 2))
                break;
            s += 2;
            if (!s_cat(buf, len, &used, "、"))
                return false;
        }
        if (!strncmp(s, "; ", 2))
            s += 2;
        else if (*s)
            return false;
    }
    return used > 0;
}

const char *law_article_zh(const char *article, char *buf, size_t len)
{
    assert(buf && len > 0);
    // A reference written some other way ("LCL 47 standard ..."): given as it is, whole, rather
    // than half turned.
    if (!article || !s_cite(article, buf, len))
        snprintf(buf, len, "%s", article ? article : "");
    return buf;
}
