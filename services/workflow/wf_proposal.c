/*  wf_proposal - who proposed an agreement to end the contract (LCL Art. 36): the workflow's own
 *  facts on top of hr_law's.
 *
 *  Severance on an agreement turns on who made the first proposal: owed when the employer did
 *  (Art. 46(2)), not when the employee did. hr_law takes the ground as given - A36_EMPLOYEE is
 *  lawful with severance 0 on the signed agreement alone - and its contract (law-check.md) stays
 *  as it is. So the workflow asks for the proof the ground rests on, as it asks for hr_law's
 *  facts: the employee's own written proposal (reference 2.1: "record who made the first
 *  written proposal"; the employer bears the burden, Interp. I Art. 44). The manager's reason
 *  text or HR's word proves nothing about it. The fact is required at submission (an attached
 *  record of a kind that can prove it) and confirmed by HR at review with that record; not
 *  confirmed, the assessment gets a block finding like hr_law's own EVIDENCE_MISSING and the
 *  case goes back to the manager, the finding saying that without the proposal the agreement
 *  is the employer's (A36_EMPLOYER, severance N).
 *
 *  This is the law's burden of proof, not a company rule: it is code, for every case on the
 *  ground whatever its template (company rules are a template's and pinned at open). Pure.
 */
#include "wf.h"

#define K_NOTICE LAW_EVK_BIT(LAW_EVK_NOTICE_LETTER)
#define K_OTHER LAW_EVK_BIT(LAW_EVK_OTHER)

// The sentence of the block finding, in hr_law's words for an unproven fact (law_catalogue's
// S_FACT), then what follows without it.
#define S_DESC_ZH "劳动者首先以书面形式提出协商解除劳动合同"
#define S_DESC_EN "the employee made the first written proposal to end the contract by agreement"
#define S_DOC_ZH "劳动者本人签名并注明日期的书面申请（协商解除或辞职申请书、信函、电子邮件）"
#define S_DOC_EN                                                                                   \
    "the employee's own signed and dated written request (a letter or email asking to end the "    \
    "contract by agreement, or to resign)"
#define S_KINDS "notice_letter, other"
// The same kinds by their Chinese names (law_evidence_kind_zh), for the Chinese sentence.
#define S_KINDS_ZH "通知书、其他材料"

// Each fact as hr_law's catalogue gives its own, with the path its finding names.
static const struct {
    law_fact_t fact;
    const char *path; // "evidence.<name>", as hr_law's findings name a fact
} s_own[] = {
    {{
         WF_FACT_EMPLOYEE_PROPOSED_FIRST,
         "employee_proposed_first",
         false,
         "LCL 46(2)",
         S_DESC_ZH,
         S_DESC_EN,
         S_DOC_ZH,
         S_DOC_EN,
         K_NOTICE | K_OTHER,
         "未证明：" S_DESC_ZH
         "（《中华人民共和国劳动合同法》第四十六条第二项）。经理的申请理由或 HR 的陈述不能"
         "证明由谁提出；用人单位对解除决定负举证责任（劳动争议司法解释（一）第四十四条），请提供"
         "：" S_DOC_ZH "（证据类型：" S_KINDS_ZH
         "）。不能证明的，协商解除视为用人单位提出，应依第四十六条第二项"
         "支付经济补偿：请补充后重新提交，或撤回本案并以 A36_EMPLOYER 重新立案（经济补偿 "
         "N，第四十七条）。",
         "Not proven: " S_DESC_EN
         " (employee_proposed_first, LCL 46(2)). The manager's reason or HR's word does not prove "
         "who proposed it; the employer bears the burden of proof (Interp. I Art. 44); "
         "produce " S_DOC_EN " (evidence kinds: " S_KINDS
         "). Without it the agreement counts as proposed by the "
         "employer, and severance is owed under Art. 46(2): attach it and submit again, or "
         "withdraw this case and open it as A36_EMPLOYER (severance N, Art. 47).",
     },
     "evidence.employee_proposed_first"},
};

// Which grounds need which of the workflow's own facts, in the order HR proves them.
static const struct {
    law_ground_id_t ground;
    law_fact_id_t fact;
} s_needs[] = {
    {LAW_GROUND_A36_EMPLOYEE, WF_FACT_EMPLOYEE_PROPOSED_FIRST},
};

static const law_fact_t *s_own_get(law_fact_id_t id)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_own); i++)
        if (s_own[i].fact.id == id)
            return &s_own[i].fact;
    return NULL;
}

static const char *s_own_path(const law_fact_t *f)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_own); i++)
        if (&s_own[i].fact == f)
            return s_own[i].path;
    return "evidence";
}

bool wf_fact_is_own(const law_fact_t *f)
{
    return f && (unsigned)f->id >= LAW_FACT_COUNT;
}

const law_fact_t *wf_fact_find(const char *name)
{
    const law_fact_t *f = name ? law_fact_find(name) : NULL;
    for (size_t i = 0; !f && name && i < HR_ARRAY_LEN(s_own); i++)
        if (!strcmp(s_own[i].fact.name, name))
            f = &s_own[i].fact;
    return f;
}

// The i-th of the workflow's own facts ground g needs; NULL past the end.
static const law_fact_t *s_own_needed(const law_ground_t *g, size_t i)
{
    for (size_t k = 0; g && k < HR_ARRAY_LEN(s_needs); k++)
        if (s_needs[k].ground == g->id && i-- == 0)
            return s_own_get(s_needs[k].fact);
    return NULL;
}

const law_fact_t *wf_fact_required(const law_ground_t *g, size_t i)
{
    for (size_t k = 0; g && k < g->nfacts; k++)
        if (g->facts[k].required && i-- == 0)
            return law_fact_get(g->facts[k].fact);
    return s_own_needed(g, i);
}

const law_fact_t *wf_fact_listed(const law_ground_t *g, size_t i)
{
    if (!g)
        return NULL;
    if (i < g->nfacts)
        return law_fact_get(g->facts[i].fact);
    return s_own_needed(g, i - g->nfacts);
}

static bool s_confirmed(const law_fact_t *f, Hr__Workflow__FactConfirmation *const *facts,
                        size_t nfacts)
{
    for (size_t k = 0; k < nfacts; k++)
        if (facts[k]->fact && !strcmp(facts[k]->fact, f->name) && facts[k]->n_evidence_ids)
            return true;
    return false;
}

void wf_proposal_assess(const law_scenario_t *s, Hr__Workflow__FactConfirmation *const *facts,
                        size_t nfacts, law_assessment_t *a)
{
    // A part-time contract ends with no severance whoever proposed it (Art. 71): hr_law's
    // rule 1 asks nothing of it, and neither does this.
    if (!s->ground || s->contract_type == LAW_CONTRACT_PART_TIME)
        return;
    const law_fact_t *f;
    for (size_t i = 0; (f = s_own_needed(s->ground, i)) != NULL; i++) {
        if (s_confirmed(f, facts, nfacts) || a->nfindings >= LAW_FINDINGS_MAX)
            continue;
        a->findings[a->nfindings++] = (law_finding_t){
            .severity = LAW_SEVERITY_BLOCK,
            .code = "EVIDENCE_MISSING",
            .article = f->article,
            .fact = s_own_path(f),
            .message_zh = f->missing_zh,
            .message_en = f->missing_en,
        };
        // As hr_law does for a fact not proven: unlawful as it stands, severance 0 (its 2N
        // exposure stays as computed).
        a->lawful = false;
        a->severance_fen = 0;
        a->severance_pre2008_fen = 0;
    }
}

bool wf_proposal_missing(const Hr__Workflow__Assessment *as)
{
    for (size_t i = 0; as && i < as->n_findings; i++) {
        const Hr__Workflow__Finding *f = as->findings[i];
        static const char prefix[] = "evidence.";
        if (f->severity && !strcmp(f->severity, "block") && f->fact &&
            !strncmp(f->fact, prefix, sizeof prefix - 1) &&
            wf_fact_is_own(wf_fact_find(f->fact + sizeof prefix - 1)))
            return true;
    }
    return false;
}

wf_problem_t wf_proposal_outcome_advice(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    return (wf_problem_t){
        "PROPOSAL_NOT_REVIEWED",
        "facts",
        "LCL 46(2)",
        hr_arena_fmt(
            arena,
            "案件 %s 的审核未确认劳动者首先书面提出协商解除（employee_proposed_first；该审核早于"
            "本系统要求此项证明）：其“无经济补偿”的结论没有证据支持，结果不予记录。审核已过，"
            "不能再补充确认：请撤回本案（hrctl case withdraw %s 原因）并重新立案 - 以 "
            "A36_EMPLOYEE 立案并附上劳动者的书面申请、审核时用 --fact "
            "employee_proposed_first=证据ID "
            "确认；或以 A36_EMPLOYER 立案（经济补偿 N，第四十六条第二项、第四十七条）。",
            c->id, c->id),
        hr_arena_fmt(
            arena,
            "case %s was reviewed without confirming that the employee made the first written "
            "proposal (employee_proposed_first; the review came before the workflow asked for "
            "it): its 'no severance' rests on no proof, so the outcome is not recorded. A "
            "review cannot be added to now: withdraw the case (hrctl case withdraw %s REASON) "
            "and open it again - on A36_EMPLOYEE with the employee's written request attached "
            "and confirmed at review (--fact employee_proposed_first=EVIDENCE_ID), or on "
            "A36_EMPLOYER (severance N, LCL 46(2) and 47)",
            c->id, c->id),
    };
}
