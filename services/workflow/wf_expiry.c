/*  wf_expiry - a fixed-term contract that ends on its end date (LCL Art. 44(1)): which contracts
 *  can, on which day, and what an Art. 42 status at the end does to it (Art. 45).
 *
 *  hr_law judges an expiry's money and its Art. 45 bar, not whether the contract can expire:
 *  its contract (contracts/law-check.md) takes the scenario as given. The workflow checks that
 *  first, from the directory: only a `fixed` contract with a `contract_end` expires (an
 *  open-ended one never does; a task-based one ends with its task, Reg. Art. 22; a part-time one
 *  at any time, Art. 71), and only on that end date - an earlier end is a unilateral rescission
 *  that needs an Art. 39-41 ground (else 2N, Art. 87), a later one is a contract extended by
 *  Art. 45 or continued by the employee working on (Interp. I Art. 34), which the directory's
 *  contract_end must then say. Pure: the directory record comes in, messages come out in the
 *  arena.
 */
#include "wf.h"

bool wf_ground_is_expiry(const law_ground_t *g)
{
    return g && g->family == LAW_FAMILY_EXPIRY;
}

char *wf_expiry_open_why(const Hr__Workflow__Person *p, const law_ground_t *g, int32_t today,
                         hr_arena_t *arena, char **zh)
{
    char *unused = NULL;
    zh = zh ? zh : &unused;
    *zh = NULL;
    if (!wf_ground_is_expiry(g))
        return NULL;
    // Said within a status message (255 bytes): the rule, the contract, what ends it instead.
    const char *type = p->contract_type ? p->contract_type : "";
    const char *no = p->employee_no;
    const char *head = hr_arena_fmt(
        arena, "ground: %s ends a fixed term on its end date (LCL Art. 44(1)); ", g->code);
    const char *head_zh = hr_arena_fmt(
        arena, "依据 %s 是固定期限劳动合同期满终止（《劳动合同法》第四十四条第一项）；", g->code);
    if (!strcmp(type, "open_ended")) {
        *zh = hr_arena_fmt(arena,
                           "%s%s 签订的是无固定期限劳动合同（open_ended），不存在期满：结束它需要"
                           "第三十六条或第三十九条至第四十一条的依据（否则属违法解除，依第八十七条"
                           "支付二倍经济补偿的赔偿金）。",
                           head_zh, no);
        return hr_arena_fmt(arena,
                            "%s%s's contract is open_ended and never expires: ending it needs an "
                            "Art. 36 or 39-41 ground (else unlawful, Art. 87: 2N)",
                            head, no);
    }
    if (!strcmp(type, "task_based")) {
        *zh = hr_arena_fmt(arena,
                           "%s%s 签订的是以完成一定工作任务为期限的劳动合同（task_based）：任务完成"
                           "时终止（《劳动合同法实施条例》第二十二条），不是期满终止。",
                           head_zh, no);
        return hr_arena_fmt(arena,
                            "%s%s's contract is task_based: it ends when its task is completed "
                            "(Reg. Art. 22), not on expiry",
                            head, no);
    }
    if (!strcmp(type, "part_time")) {
        *zh = hr_arena_fmt(arena,
                           "%s%s 是非全日制用工（part_time）：双方均可随时通知对方终止用工"
                           "（《劳动合同法》第七十一条），不适用期满终止。",
                           head_zh, no);
        return hr_arena_fmt(arena,
                            "%s%s's contract is part_time: either side may end it at any time on "
                            "notice (LCL Art. 71)",
                            head, no);
    }
    if (strcmp(type, "fixed")) {
        *zh = hr_arena_fmt(arena,
                           "%s人员名册中没有 %s 的合同类型（contract_type）：请 HR 先导入（fixed，"
                           "并写明 contract_end）：hrctl import people FILE。",
                           head_zh, no);
        return hr_arena_fmt(arena,
                            "%s%s has no contract_type in the directory: import it (fixed, with "
                            "contract_end) first",
                            head, no);
    }
    int32_t end;
    if (!p->contract_end || !hr_date_parse(p->contract_end, &end)) {
        *zh = hr_arena_fmt(arena,
                           "%s人员名册中 %s 的固定期限劳动合同没有到期日（contract_end）：请 HR 先"
                           "导入到期日（hrctl import people FILE）。",
                           head_zh, no);
        return hr_arena_fmt(arena,
                            "%s%s's fixed-term contract has no contract_end in the directory: "
                            "import its end date first",
                            head, no);
    }
    // Past its end and still employed: the employee worked on, so the contract continues on its
    // terms (Interp. I Art. 34) - no longer an ending on expiry. today < 0: not judged (review).
    if (today >= 0 && end < today) {
        *zh = hr_arena_fmt(
            arena,
            "%s%s 的固定期限劳动合同已于 %s 到期，早于今天：期满后员工仍在工作，"
            "合同按原条件继续履行（最高法劳动争议解释（一）第三十四条），不再期满终止；"
            "如已续订，请导入续订后的 contract_end。",
            head_zh, no, p->contract_end);
        return hr_arena_fmt(arena,
                            "%s%s's fixed term ended on %s, before today: worked on past it, the "
                            "contract continues (Interp. I Art. 34) and no longer expires; import "
                            "a renewal's contract_end",
                            head, no, p->contract_end);
    }
    return NULL;
}

char *wf_expiry_date_why(const Hr__Workflow__Person *p, const char *field, int32_t day,
                         hr_arena_t *arena, char **zh)
{
    char *unused = NULL;
    zh = zh ? zh : &unused;
    *zh = NULL;
    int32_t end;
    if (!p->contract_end || !hr_date_parse(p->contract_end, &end) || day == end)
        return NULL;
    char buf[HR_DATE_LEN];
    hr_date_format(day, buf);
    if (day < end) {
        *zh = hr_arena_fmt(arena,
                           "终止日期（%s）%s 早于 %s 的固定期限劳动合同到期日 %s：期满终止只能在"
                           "到期日当天（《劳动合同法》第四十四条第一项）；提前结束属于单方解除，"
                           "需要第三十九条至第四十一条的依据（否则依第八十七条支付二倍经济补偿的"
                           "赔偿金）。",
                           field, buf, p->employee_no, p->contract_end);
        return hr_arena_fmt(arena,
                            "%s: %s is before the end of %s's fixed-term contract (%s): it ends on "
                            "expiry on that day (LCL Art. 44(1)); an earlier end is a unilateral "
                            "rescission needing an Art. 39-41 ground (else 2N, Art. 87)",
                            field, buf, p->employee_no, p->contract_end);
    }
    *zh = hr_arena_fmt(arena,
                       "终止日期（%s）%s 晚于 %s 的固定期限劳动合同到期日 %s：期满终止在到期日当天"
                       "（《劳动合同法》第四十四条第一项）；更晚终止需依第四十五条续延或续订合同，"
                       "并先在人员名册中更新 contract_end。",
                       field, buf, p->employee_no, p->contract_end);
    return hr_arena_fmt(arena,
                        "%s: %s is after the end of %s's fixed-term contract (%s): it ends on "
                        "expiry on that day (LCL Art. 44(1)); a later end needs an Art. 45 "
                        "extension or a renewal, imported as contract_end first",
                        field, buf, p->employee_no, p->contract_end);
}

wf_problem_t wf_expiry_extended(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    const char *end = as && as->effective_date && *as->effective_date ? as->effective_date : "-";
    return (wf_problem_t){
        "CONTRACT_EXTENDED",
        "contract_end",
        "LCL 45",
        hr_arena_fmt(
            arena,
            "%s 的固定期限劳动合同于 %s 期满，但人员名册记载的劳动合同法第四十二条保护情形"
            "在期满时仍然存在：依第四十五条，劳动合同应当续延至该情形消失时终止，不能于 %s "
            "终止（按原期限终止属违法终止，需支付二倍经济补偿的赔偿金，第八十七条）。请撤回"
            "本案（hrctl case withdraw %s 原因），或待该情形消失后，在人员名册中将 "
            "contract_end 更新为续延后的终止日，再以该日终止。",
            c->employee_no, end, end, c->id),
        hr_arena_fmt(arena,
                     "%s's fixed-term contract expires on %s, but an LCL Art. 42 protection the "
                     "directory records still holds at its end: under LCL Art. 45 the contract "
                     "extends until the protection ends, and it cannot end on %s (ending it then "
                     "is an unlawful termination costing 2N, LCL Art. 87). Withdraw the case "
                     "(hrctl case withdraw %s REASON), or once the protection has ended record "
                     "the extended end as contract_end in the directory: the contract ends on "
                     "that day.",
                     c->employee_no, end, end, c->id),
    };
}

bool wf_expiry_open_ended(const Hr__Workflow__Case *c, wf_problem_t *out, hr_arena_t *arena)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    const Hr__Workflow__Finding *f = NULL;
    for (size_t i = 0; as && !f && i < as->n_findings; i++) {
        const char *code = as->findings[i]->code;
        if (code && (!strcmp(code, "OPEN_ENDED_CONTRACT_DUE") ||
                     !strcmp(code, "OPEN_ENDED_AFTER_TWO_TERMS")))
            f = as->findings[i];
    }
    if (!f)
        return false;
    uint64_t proven;
    int64_t count, headcount;
    wf_review_facts_stored(c, &proven, &count, &headcount);
    if (proven & LAW_FACT_BIT(LAW_FACT_EMPLOYEE_REFUSED_RENEWAL))
        return false;
    bool ten = !strcmp(f->code, "OPEN_ENDED_CONTRACT_DUE");
    *out = (wf_problem_t){
        f->code,
        f->fact,
        f->article,
        hr_arena_fmt(
            arena,
            "案件 %s：%s，劳动者提出或者同意续订的，应当订立无固定期限劳动合同（《中华人民共和国"
            "劳动合同法》第十四条第二款第%s项），以期满为由终止属违法终止（第四十八条、第八十七条"
            "，赔偿金为二倍经济补偿）。本案尚未确认劳动者不同意续订（employee_refused_renewal）："
            "在附上劳动者的书面答复并经 HR 审核确认之前，本终止通知书不能视为合法终止的文书。",
            c->id,
            ten ? "劳动者在本单位连续工作已满十年（含2008年以前的工作年限）"
                : "本劳动合同可能是连续订立的第二次固定期限劳动合同",
            ten ? "一" : "三"),
        hr_arena_fmt(arena,
                     "case %s: %s, so an employee who proposes or agrees to renew must get an "
                     "open-ended contract (LCL Art. 14 para 2 (%s)) and ending on expiry is then "
                     "unlawful (Arts. 48, 87: 2N). The case does not prove that the employee "
                     "declined renewal (employee_refused_renewal): until their written answer is "
                     "attached and confirmed at review, this notice is not the letter of a lawful "
                     "ending.",
                     c->id,
                     ten ? "the employee has ten consecutive years of service here (pre-2008 "
                           "service included)"
                         : "this may be the second consecutive fixed-term contract",
                     ten ? "1" : "3"),
    };
    return true;
}
