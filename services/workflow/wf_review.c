/*  wf_review - what a case needs before it moves: evidence at submission, facts at HR review,
 *  and the bridge that turns a case and a directory record into an hr_law scenario.
 *
 *  Submission is checked per legal fact: every required fact of the ground needs at least one
 *  attached item of a kind that can prove it (hr_law's fact -> evidence kinds table, and the
 *  workflow's own facts beside it, wf_proposal.c); a refusal names the kinds for each fact still
 *  uncovered. Company rules from the template come on top;
 *  a rule that wants a record signed (signed_by) counts only what hr-evidence says that party
 *  signed, which the caller asks and passes in.
 *  At review HR confirms facts one by one with the evidence that proves them; only confirmed
 *  facts count as proven - the numbers of a layoff (layoff_count, total_headcount) too, with
 *  the evidence beside the number. Pure.
 */
#include "wf.h"

// The names of the kinds in the set, joined by ", ", into buf (cut at its size).
static const char *s_kinds_put(unsigned kinds, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        if (!(kinds & LAW_EVK_BIT(k)))
            continue;
        off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? ", " : "",
                                law_evidence_kind_name((law_evidence_kind_t)k));
        if (off >= size)
            break;
    }
    return buf;
}

static char *s_kinds_text(unsigned kinds, hr_arena_t *arena)
{
    char buf[512];
    return hr_arena_strdup(arena, s_kinds_put(kinds, buf, sizeof buf));
}

// The same kinds by their Chinese names, joined by "、", for the Chinese half.
static const char *s_kinds_zh_put(unsigned kinds, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int k = 0; k < LAW_EVK_COUNT && off < size; k++)
        if (kinds & LAW_EVK_BIT(k))
            off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? "、" : "",
                                    law_evidence_kind_zh((law_evidence_kind_t)k));
    return buf;
}

static char *s_kinds_zh(unsigned kinds, hr_arena_t *arena)
{
    char buf[512];
    return hr_arena_strdup(arena, s_kinds_zh_put(kinds, buf, sizeof buf));
}

static unsigned s_attached_kinds(const Hr__Workflow__Case *c)
{
    unsigned kinds = 0;
    for (size_t i = 0; i < c->n_evidence; i++) {
        law_evidence_kind_t k;
        if (!law_evidence_kind_find(c->evidence[i]->kind, &k))
            kinds |= LAW_EVK_BIT(k);
    }
    return kinds;
}

// The parties of signed_by, with their words in a refusal.
static const struct {
    const char *name; // the template's word
    unsigned bit;     // WF_PARTY_*
    const char *zh;   // "经员工签字"
    const char *en;   // "signed by the employee"
} s_parties[] = {
    {"employee", WF_PARTY_EMPLOYEE, "经员工本人签字", "signed by the employee"},
    {"manager", WF_PARTY_MANAGER, "经经理签字", "signed by the manager"},
    {"hr", WF_PARTY_HR, "经人事签字", "signed by HR"},
};

static int s_party(const char *name)
{
    for (size_t i = 0; name && i < HR_ARRAY_LEN(s_parties); i++)
        if (!strcmp(name, s_parties[i].name))
            return (int)i;
    return -1;
}

unsigned wf_party_parse(const char *name)
{
    int i = s_party(name);
    return i < 0 ? 0 : s_parties[i].bit;
}

static bool s_rule_applies(const Hr__Workflow__EvidenceRule *r, const law_ground_t *ground)
{
    return !*r->ground || !strcmp(r->ground, ground->code);
}

size_t wf_review_signed_ids(const Hr__Workflow__Case *c, const law_ground_t *ground,
                            const Hr__Workflow__Template *tpl, const char **ids, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; tpl && k < c->n_evidence && n < max; k++) {
        bool counted = false;
        for (size_t i = 0; i < tpl->n_rules && !counted; i++) {
            const Hr__Workflow__EvidenceRule *r = tpl->rules[i];
            counted = s_rule_applies(r, ground) && wf_party_parse(r->signed_by) &&
                      !strcmp(c->evidence[k]->kind, r->kind);
        }
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = !strcmp(ids[j], c->evidence[k]->id);
        if (counted && !seen)
            ids[n++] = c->evidence[k]->id;
    }
    return n;
}

static const wf_signed_t *s_signed(const wf_signed_t *sigs, size_t nsigs, const char *id)
{
    for (size_t i = 0; i < nsigs; i++)
        if (!strcmp(sigs[i].evidence_id, id))
            return &sigs[i];
    return NULL;
}

static unsigned s_signed_parties(const wf_signed_t *sigs, size_t nsigs, const char *id)
{
    const wf_signed_t *s = s_signed(sigs, nsigs, id);
    return s ? s->parties : 0;
}

// The refusals to confirm (evidence.Sign's decline) by the rule's party among the records of
// kind, appended to a rule's problem, Chinese and English, with what HR can do: nothing when
// there are none. Only the structured refusal is one; a statement's words are never read.
static void s_declines(const Hr__Workflow__Case *c, const char *kind, int party,
                       const wf_signed_t *sigs, size_t nsigs, hr_arena_t *arena, char **zh,
                       char **en)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n_evidence; k++) {
        if (strcmp(c->evidence[k]->kind, kind))
            continue;
        const wf_signed_t *s = s_signed(sigs, nsigs, c->evidence[k]->id);
        if (!s || !(s->declined & s_parties[party].bit) || (s->parties & s_parties[party].bit))
            continue;
        n++;
        *zh = hr_arena_fmt(arena, "%s。%s于 %s 拒绝签字确认记录 %.12s…，声明：“%s”", *zh,
                           s->declined_by, s->declined_date, s->evidence_id, s->decline_statement);
        *en = hr_arena_fmt(arena,
                           "%s. %s declined to confirm record %.12s... on %s, stating: \"%s\"", *en,
                           s->declined_by, s->evidence_id, s->declined_date, s->decline_statement);
    }
    if (!n)
        return;
    *zh = hr_arena_fmt(
        arena,
        "%s。拒绝签字不计入签字份数。人事可以：由在场见证人就拒签情况出具书面记录并签字，"
        "附入案件（其他材料），以证明已向员工出示且员工拒签；或另附一份经本人签字确认的%s",
        *zh, wf_kind_zh(kind));
    *en = hr_arena_fmt(arena,
                       "%s. A refusal is not counted as a signature. HR can have the witnesses "
                       "present write and sign a record of the refusal and attach it (other), "
                       "which shows the record was put to the employee and refused; or attach "
                       "another %s the employee signs",
                       *en, kind);
}

size_t wf_review_submit_problems(const Hr__Workflow__Case *c, const law_ground_t *ground,
                                 const Hr__Workflow__Template *tpl, const wf_signed_t *sigs,
                                 size_t nsigs, hr_arena_t *arena, wf_problem_t *out, size_t max)
{
    size_t n = 0;
    unsigned have = s_attached_kinds(c);
    const law_fact_t *f;
    for (size_t i = 0; (f = wf_fact_required(ground, i)) != NULL && n < max; i++) {
        if (f->kinds & have)
            continue;
        char *kinds = s_kinds_text(f->kinds, arena);
        out[n++] = (wf_problem_t){
            "MISSING_EVIDENCE",
            f->name,
            f->article,
            hr_arena_fmt(arena, "缺少证据：%s（%s）。请附上以下类型之一：%s（%s）",
                         f->description_zh, wf_article_zh(arena, f->article),
                         s_kinds_zh(f->kinds, arena), f->document_zh),
            hr_arena_fmt(arena, "Missing evidence: %s (%s). Attach one of: %s (%s)",
                         f->description_en, f->article, kinds, f->document_en),
        };
    }
    for (size_t i = 0; tpl && i < tpl->n_rules && n < max; i++) {
        const Hr__Workflow__EvidenceRule *r = tpl->rules[i];
        if (!s_rule_applies(r, ground))
            continue;
        int party = s_party(r->signed_by);
        uint32_t count = 0, signed_count = 0;
        for (size_t k = 0; k < c->n_evidence; k++) {
            if (strcmp(c->evidence[k]->kind, r->kind))
                continue;
            count++;
            if (party >= 0 &&
                (s_signed_parties(sigs, nsigs, c->evidence[k]->id) & s_parties[party].bit))
                signed_count++;
        }
        if (party >= 0) {
            // Records nobody (or someone else) signed are attached, and say so, but do not count.
            if (signed_count >= r->min_count)
                continue;
            char *zh = hr_arena_fmt(arena, "%s（已附 %u 份，其中%s %u 份，需要 %u 份：%s）",
                                    r->message_zh, count, s_parties[party].zh, signed_count,
                                    r->min_count, wf_kind_zh(r->kind));
            char *en =
                hr_arena_fmt(arena, "%s (attached %u, %s %u, need %u: %s)", r->message_en, count,
                             s_parties[party].en, signed_count, r->min_count, r->kind);
            s_declines(c, r->kind, party, sigs, nsigs, arena, &zh, &en);
            out[n++] = (wf_problem_t){"COMPANY_RULE", r->kind, "", zh, en};
            continue;
        }
        if (count >= r->min_count)
            continue;
        out[n++] = (wf_problem_t){
            "COMPANY_RULE",
            r->kind,
            "",
            hr_arena_fmt(arena, "%s（已有 %u 份，需要 %u 份：%s）", r->message_zh, count,
                         r->min_count, wf_kind_zh(r->kind)),
            hr_arena_fmt(arena, "%s (have %u of %u: %s)", r->message_en, count, r->min_count,
                         r->kind),
        };
    }
    return n;
}

const char *wf_a(const char *word)
{
    // Among the evidence kinds only union_notice starts with a vowel letter and a consonant sound.
    return word && *word && strchr("aeio", word[0]) ? "an" : "a";
}

static const Hr__Workflow__EvidenceRef *s_evidence(const Hr__Workflow__Case *c, const char *id)
{
    for (size_t i = 0; i < c->n_evidence; i++)
        if (!strcmp(c->evidence[i]->id, id))
            return c->evidence[i];
    return NULL;
}

void wf_review_facts_stored(const Hr__Workflow__Case *c, uint64_t *proven, int64_t *layoff_count,
                            int64_t *total_headcount)
{
    *proven = 0;
    *layoff_count = 0;
    *total_headcount = 0;
    for (size_t i = 0; i < c->n_facts && i < WF_CASE_MAX_FACTS; i++) {
        const law_fact_t *f = law_fact_find(c->facts[i]->fact);
        if (!f)
            continue;
        if (f->id == LAW_FACT_LAYOFF_COUNT)
            *layoff_count = c->facts[i]->number;
        else if (f->id == LAW_FACT_TOTAL_HEADCOUNT)
            *total_headcount = c->facts[i]->number;
        *proven |= LAW_FACT_BIT(f->id);
    }
}

const law_fact_t *wf_review_fact_find(const char *name)
{
    static const char prefix[] = "evidence."; // as hrctl law grounds prints it
    if (name && !strncmp(name, prefix, sizeof prefix - 1))
        name += sizeof prefix - 1;
    return wf_fact_find(name);
}

// "unknown fact 'x'; A39_1 needs: a, b" into err: the names accepted for the case's ground, or
// all of them when the ground is unknown.
static void s_unknown_fact(const Hr__Workflow__Case *c, size_t i, const char *name, char *err,
                           size_t errlen, char *zh, size_t zhlen)
{
    const law_ground_t *g = c ? law_ground_find(c->ground) : NULL;
    char names[1024] = "";
    size_t used = 0;
    const law_fact_t *f;
    for (size_t k = 0; (f = g ? wf_fact_listed(g, k) : law_fact_get((law_fact_id_t)k)) != NULL &&
                       used < sizeof names;
         k++)
        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", k ? ", " : "", f->name);
    snprintf(err, errlen,
             "facts[%zu].fact: unknown fact '%.64s'; %s%s: %s (as hrctl law grounds prints them, "
             "with or without 'evidence.')",
             i, name, g ? g->code : "the facts are", g ? " needs" : "", names);
    wf_zh_put(
        zh, zhlen,
        "第 %zu 项事实确认（facts[%zu].fact）：未知的事实“%.64s”；%s%s：%s（即 hrctl law grounds "
        "列出的名称，可带或不带 evidence. 前缀）。",
        i + 1, i, name, g ? g->code : "可用的事实为", g ? " 需要确认的事实为" : "", names);
}

hr_rc_t wf_review_facts(const Hr__Workflow__Case *c, Hr__Workflow__FactConfirmation *const *facts,
                        size_t nfacts, uint64_t *proven, int64_t *layoff_count,
                        int64_t *total_headcount, char *err, size_t errlen, char *zh, size_t zhlen)
{
    *proven = 0;
    *layoff_count = 0;
    *total_headcount = 0;
    if (nfacts > WF_CASE_MAX_FACTS) {
        snprintf(err, errlen, "facts: %zu confirmations, at most %d", nfacts, WF_CASE_MAX_FACTS);
        wf_zh_put(zh, zhlen, "事实确认（facts）有 %zu 项，最多 %d 项：请只确认本案依据所需的事实。",
                  nfacts, WF_CASE_MAX_FACTS);
        return HR_EINVAL;
    }
    for (size_t i = 0; i < nfacts; i++) {
        Hr__Workflow__FactConfirmation *fc = facts[i];
        const law_fact_t *f = wf_review_fact_find(fc->fact);
        if (!f) {
            s_unknown_fact(c, i, fc->fact, err, errlen, zh, zhlen);
            return HR_EINVAL;
        }
        fc->fact = (char *)f->name; // stored by its bare name, however HR wrote it (static)
        if (f->numeric && (fc->number < 0 || fc->number > LAW_HEADCOUNT_MAX)) {
            snprintf(err, errlen, "facts[%zu].number: %lld is not 0..%d", i, (long long)fc->number,
                     LAW_HEADCOUNT_MAX);
            wf_zh_put(zh, zhlen,
                      "第 %zu 项事实 %s 的人数（facts[%zu].number）%lld 不在 0 至 %d 之间。", i + 1,
                      f->name, i, (long long)fc->number, LAW_HEADCOUNT_MAX);
            return HR_EINVAL;
        }
        // A number (layoff_count, total_headcount) is a fact like the others: it counts only
        // with the evidence that shows it (the layoff plan, the staff roster).
        if (!fc->n_evidence_ids) {
            snprintf(err, errlen, "facts[%zu].evidence_ids: '%s' needs the evidence that proves it",
                     i, f->name);
            wf_zh_put(
                zh, zhlen,
                "第 %zu 项事实“%s”没有给出证据（facts[%zu].evidence_ids）：每项事实都要有证明它的"
                "证据（%s），请附上后给出证据编号。",
                i + 1, f->name, i, f->document_zh);
            return HR_EINVAL;
        }
        for (size_t k = 0; k < fc->n_evidence_ids; k++) {
            const Hr__Workflow__EvidenceRef *e = s_evidence(c, fc->evidence_ids[k]);
            law_evidence_kind_t kind;
            if (!e) {
                snprintf(err, errlen,
                         "facts[%zu].evidence_ids: '%.64s' is not attached to the case", i,
                         fc->evidence_ids[k]);
                wf_zh_put(
                    zh, zhlen,
                    "第 %zu 项事实“%s”所引的证据 %.64s 没有附在本案上（facts[%zu].evidence_ids）："
                    "请先附上（hrctl case attach ID EVIDENCE_ID）。",
                    i + 1, f->name, fc->evidence_ids[k], i);
                return HR_EINVAL;
            }
            if (law_evidence_kind_find(e->kind, &kind) || !law_fact_is_proven_by(f, kind)) {
                char kinds[512], kinds_zh[512];
                snprintf(err, errlen,
                         "facts[%zu]: evidence '%.64s' (%s) cannot prove '%s': it needs one of: "
                         "%s (%s)",
                         i, e->id, e->kind, f->name, s_kinds_put(f->kinds, kinds, sizeof kinds),
                         f->document_en);
                wf_zh_put(zh, zhlen,
                          "第 %zu 项（facts[%zu]）：证据 %.64s 的类型是%s，不能证明“%s”：需要以下"
                          "类型之一：%s（%s）。",
                          i + 1, i, e->id, wf_kind_zh(e->kind), f->name,
                          s_kinds_zh_put(f->kinds, kinds_zh, sizeof kinds_zh), f->document_zh);
                return HR_EINVAL;
            }
        }
        if (f->id == LAW_FACT_LAYOFF_COUNT)
            *layoff_count = fc->number;
        else if (f->id == LAW_FACT_TOTAL_HEADCOUNT)
            *total_headcount = fc->number;
        // The workflow's own facts are never the engine's (wf_proposal_assess reads them).
        if (!wf_fact_is_own(f))
            *proven |= LAW_FACT_BIT(f->id);
    }
    return wf_review_distinct(facts, nfacts, err, errlen, zh, zhlen);
}

// Facts that are distinct events in the statute's order: each must rest on its own evidence
// record, never on one both share. LCL 40(2) "经过培训或者调整工作岗位，仍不能胜任工作": a
// failure, then training or adjustment, then a second failure (section 5.3, GC18); LCL 40(1):
// unfit for the original work, other work offered, unfit for that work too; LCL 39(1) and
// 39(2): the conditions or the rule made known before the conduct that breaks them; LCL 39(2):
// the earlier cases handled alike are not this employee's conduct; LCL 39(4): a refusal to
// correct comes after the concurrent employment is found; LCL 40(1): the medical period ends
// before the fitness for work is assessed; LCL 41: the explanation to the union or staff and
// the report to the labour bureau are two acts. Facts of one event (a rule's text and its
// clause on serious conduct; the graft and the damage it did) may share a record.
static const struct {
    law_fact_id_t a, b;
} s_distinct[] = {
    {LAW_FACT_FIRST_ASSESSMENT_FAILED, LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE},
    {LAW_FACT_FIRST_ASSESSMENT_FAILED, LAW_FACT_SECOND_ASSESSMENT_FAILED},
    {LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE, LAW_FACT_SECOND_ASSESSMENT_FAILED},
    {LAW_FACT_JOB_STANDARD_MADE_KNOWN, LAW_FACT_FIRST_ASSESSMENT_FAILED},
    {LAW_FACT_JOB_STANDARD_MADE_KNOWN, LAW_FACT_SECOND_ASSESSMENT_FAILED},
    {LAW_FACT_MEDICAL_PERIOD_EXPIRED, LAW_FACT_CANNOT_DO_ORIGINAL_WORK},
    {LAW_FACT_CANNOT_DO_ORIGINAL_WORK, LAW_FACT_ALTERNATIVE_WORK_OFFERED},
    {LAW_FACT_CANNOT_DO_ORIGINAL_WORK, LAW_FACT_CANNOT_DO_ALTERNATIVE_WORK},
    {LAW_FACT_ALTERNATIVE_WORK_OFFERED, LAW_FACT_CANNOT_DO_ALTERNATIVE_WORK},
    {LAW_FACT_HIRING_CONDITIONS_MADE_KNOWN, LAW_FACT_FAILURE_PROVEN},
    {LAW_FACT_HIRING_CONDITIONS_DEFINED, LAW_FACT_FAILURE_PROVEN},
    {LAW_FACT_RULE_MADE_KNOWN, LAW_FACT_FACTS_PROVEN},
    {LAW_FACT_FACTS_PROVEN, LAW_FACT_ENFORCED_CONSISTENTLY},
    {LAW_FACT_CONCURRENT_EMPLOYMENT_PROVEN, LAW_FACT_SERIOUS_IMPACT_OR_REFUSED_TO_CORRECT},
    {LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS, LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE},
};

// The first evidence id two confirmations share, or NULL.
static const char *s_shared(const Hr__Workflow__FactConfirmation *x,
                            const Hr__Workflow__FactConfirmation *y)
{
    for (size_t i = 0; i < x->n_evidence_ids; i++)
        for (size_t k = 0; k < y->n_evidence_ids; k++)
            if (!strcmp(x->evidence_ids[i], y->evidence_ids[k]))
                return x->evidence_ids[i];
    return NULL;
}

hr_rc_t wf_review_distinct(Hr__Workflow__FactConfirmation *const *facts, size_t nfacts, char *err,
                           size_t errlen, char *zh, size_t zhlen)
{
    for (size_t i = 0; i < nfacts; i++) {
        const law_fact_t *fi = law_fact_find(facts[i]->fact);
        for (size_t k = 0; fi && k < nfacts; k++) {
            const law_fact_t *fk = law_fact_find(facts[k]->fact);
            if (!fk || k == i)
                continue;
            bool pair = false;
            for (size_t p = 0; p < HR_ARRAY_LEN(s_distinct) && !pair; p++)
                pair = s_distinct[p].a == fi->id && s_distinct[p].b == fk->id;
            const char *id = pair ? s_shared(facts[i], facts[k]) : NULL;
            if (!id)
                continue;
            char art_zh[LAW_ARTICLE_ZH_MAX];
            snprintf(err, errlen,
                     "facts: '%s' and '%s' both rest on evidence '%.64s': they are distinct events "
                     "(%s) and each needs its own record - one document cannot prove both",
                     fi->name, fk->name, id, fk->article);
            wf_zh_put(
                zh, zhlen,
                "事实“%s”和“%s”引用了同一份证据 %.64s：两者是不同的事件（%s），各需要一份单独的"
                "记录，一份材料不能同时证明两者。",
                fi->name, fk->name, id, law_article_zh(fk->article, art_zh, sizeof art_zh));
            return HR_EINVAL;
        }
    }
    return HR_OK;
}

wf_local_wage_use_t wf_local_wage_for(const wf_law_config_t *cfg, int32_t effective_day,
                                      const char *undated_source)
{
    int year = 0, month = 0, mday = 0;
    law_date_to_ymd(effective_day, &year, &month, &mday);
    wf_local_wage_use_t use = {.wanted = year - 1, .key = "", .source = "", .source_key = ""};
    const wf_local_wage_t *best = NULL;
    for (size_t i = 0; i < cfg->n_local_wages; i++) {
        const wf_local_wage_t *w = &cfg->local_wages[i];
        if (w->fen > 0 && w->year <= use.wanted && (!best || w->year > best->year))
            best = w;
    }
    if (best) {
        use.year = best->year;
        use.fen = best->fen;
        use.key = best->key;
        use.source = best->source ? best->source : "";
        use.source_key = best->source_key;
    } else if (cfg->local_average_wage_fen > 0) {
        use.fen = cfg->local_average_wage_fen;
        use.key = "law/local_average_monthly_wage";
        use.source = undated_source ? undated_source : "";
        use.source_key = "law/local_average_wage_source";
    }
    return use;
}

// The four-digit year at t, or 0 when t does not start one standing alone (no digit before it,
// checked by the caller, nor after it) within the years a figure may be configured for.
static int32_t s_year_at(const char *t)
{
    int32_t y = 0;
    for (int i = 0; i < 4; i++) {
        if (t[i] < '0' || t[i] > '9')
            return 0;
        y = y * 10 + (t[i] - '0');
    }
    if (t[4] >= '0' && t[4] <= '9')
        return 0;
    return y >= WF_LOCAL_WAGE_YEAR_MIN && y <= WF_LOCAL_WAGE_YEAR_MAX ? y : 0;
}

int32_t wf_local_wage_year_named(const char *source)
{
    static const char niandu[] = "年度";
    int32_t only = 0;
    bool several = false;
    for (const char *t = source ? source : ""; *t; t++) {
        if (t != source && t[-1] >= '0' && t[-1] <= '9')
            continue;
        int32_t y = s_year_at(t);
        if (!y)
            continue;
        const char *after = t + 4;
        while (*after == ' ')
            after++;
        if (!strncmp(after, niandu, sizeof niandu - 1))
            return y; // "2023 年度": the year whose average it is
        several |= only && only != y;
        only = y;
    }
    return several ? 0 : only;
}

static bool s_day(const char *s, law_day_t *out)
{
    return s && *s && law_date_parse(s, out);
}

// The day Art. 42 is judged on: the later of the notice and the effective day.
static law_day_t s_on(const law_scenario_t *s)
{
    return s->effective_day > s->notice_day ? s->effective_day : s->notice_day;
}

hr_rc_t wf_review_scenario(const Hr__Workflow__Person *p, const law_ground_t *ground,
                           const Hr__Workflow__ReviewCaseRequest *req, const wf_law_config_t *cfg,
                           int32_t today, uint64_t proven, int64_t layoff_count,
                           int64_t total_headcount, law_scenario_t *s, char *err, size_t errlen,
                           char *zh, size_t zhlen)
{
    wf_zh_put(zh, zhlen, "%s", "");
    law_scenario_init(s);
    s->ground = ground;
    if (!s_day(p->hire_date, &s->hire_day)) {
        snprintf(err, errlen, "employee.hire_date: the directory has no hire date for %.64s",
                 p->employee_no);
        wf_zh_put(
            zh, zhlen,
            "人员名册中没有 %.64s 的入职日期（hire_date）：请 HR 补充后重新导入人员名册（hrctl "
            "import people FILE），再审核。",
            p->employee_no);
        return HR_EINVAL;
    }
    static const char *const contracts[] = {"fixed", "open_ended", "task_based", "part_time"};
    for (size_t i = 0; i < HR_ARRAY_LEN(contracts); i++)
        if (p->contract_type && !strcmp(p->contract_type, contracts[i]))
            s->contract_type = (law_contract_t)i;
    s->has_contract_start = s_day(p->contract_start, &s->contract_start_day);
    s->has_contract_end = s_day(p->contract_end, &s->contract_end_day);
    // The probation the law lets stand (LCL Art. 19), never an agreed end past it: an A39_1
    // notice after the lawful end is outside probation (wf_review_probation says so).
    wf_probation_t prob;
    wf_person_probation(p, &prob);
    s->has_probation = prob.lawful;
    s->probation_end_day = prob.lawful ? prob.end : 0;
    int64_t wage = p->average_wage_fen ? p->average_wage_fen : p->monthly_wage_fen;
    if (wage <= 0) {
        snprintf(err, errlen, "employee.average_wage: the directory has no wage for %.64s",
                 p->employee_no);
        wf_zh_put(
            zh, zhlen,
            "人员名册中没有 %.64s 的工资（average_wage 或 monthly_wage），无法计算经济补偿：请 HR "
            "补充后重新导入人员名册（hrctl import people FILE），再审核。",
            p->employee_no);
        return HR_EINVAL;
    }
    s->has_average_wage = true;
    s->average_wage_fen = wage;
    s->has_previous_month_wage = p->monthly_wage_fen > 0;
    s->previous_month_wage_fen = p->monthly_wage_fen;
    for (size_t i = 0; i < p->n_protected_statuses; i++) {
        const law_status_t *st = law_status_find(p->protected_statuses[i]->status);
        if (st)
            s->status |= LAW_STATUS_BIT(st->id);
    }
    s->has_local_minimum = cfg->local_minimum_wage_fen > 0;
    s->local_minimum_wage_fen = cfg->local_minimum_wage_fen;
    s->has_union = cfg->has_union;

    s->notice_day = today;
    if (*req->notice_date && !law_date_parse(req->notice_date, &s->notice_day)) {
        char why[HR_DATE_WHY_LEN];
        snprintf(err, errlen, "notice_date: '%.32s' %s", req->notice_date,
                 law_date_why(req->notice_date, why, sizeof why));
        wf_zh_put(zh, zhlen, "通知日期（notice_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  req->notice_date);
        return HR_EINVAL;
    }
    // A date HR gives is taken as given or refused, never moved: only a computed default is
    // kept from before the hire date.
    if (*req->notice_date && s->notice_day < s->hire_day) {
        snprintf(err, errlen, "notice_date: %s is before the hire date %s of %.64s",
                 req->notice_date, p->hire_date, p->employee_no);
        wf_zh_put(zh, zhlen, "通知日期 %s 早于 %.64s 的入职日期 %s：请核对日期。", req->notice_date,
                  p->employee_no, p->hire_date);
        return HR_EINVAL;
    }
    if (*req->effective_date) {
        if (!law_date_parse(req->effective_date, &s->effective_day)) {
            char why[HR_DATE_WHY_LEN];
            snprintf(err, errlen, "effective_date: '%.32s' %s", req->effective_date,
                     law_date_why(req->effective_date, why, sizeof why));
            wf_zh_put(zh, zhlen,
                      "合同终止日期（effective_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                      req->effective_date);
            return HR_EINVAL;
        }
        if (s->effective_day < s->hire_day) {
            snprintf(err, errlen, "effective_date: %s is before the hire date %s of %.64s",
                     req->effective_date, p->hire_date, p->employee_no);
            wf_zh_put(zh, zhlen, "合同终止日期 %s 早于 %.64s 的入职日期 %s：请核对日期。",
                      req->effective_date, p->employee_no, p->hire_date);
            return HR_EINVAL;
        }
    } else if (ground->family == LAW_FAMILY_NOTICE && !req->pay_in_lieu_of_notice)
        s->effective_day = s->notice_day + WF_NOTICE_DAYS;
    else
        s->effective_day = s->notice_day;
    if (s->effective_day < s->hire_day)
        s->effective_day = s->hire_day;
    // Art. 47 para 2's figure is the previous year's, so it follows the effective day. None
    // configured: no cap (the engine wants a figure; three times the base itself is never
    // reached), and wf_review_local_average tells HR what to set.
    wf_local_wage_use_t use = wf_local_wage_for(cfg, s->effective_day, NULL);
    int64_t uncapped = wage > cfg->local_minimum_wage_fen ? wage : cfg->local_minimum_wage_fen;
    s->local_average_wage_fen = use.fen ? use.fen : uncapped;
    s->written_notice = true;
    // Art. 21 and GC180: the reasons count as given only when HR stated them at review; an
    // agreement (Art. 36) or an expiry (Art. 44) is no rescission by the employer and states
    // none.
    s->reasons_given = (req->reasons && *req->reasons) || !law_ground_is_unilateral(ground);
    s->pay_in_lieu_of_notice = req->pay_in_lieu_of_notice;
    s->union_notified = req->union_notified;
    s->proven = proven;
    s->layoff_count = layoff_count;
    s->total_headcount = total_headcount;
    // Art. 42(5) from the directory's birth date and retirement group, on the later of the
    // notice and the effective day (a status at either bars the dismissal): the engine's input
    // set by the workflow, never left to HR's memory (wf_review_retirement says what it did).
    wf_retire_t r;
    wf_person_retirement(p, s_on(s), &r);
    if (r.known && r.pos.protected_)
        s->status |= LAW_STATUS_BIT(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT);
    return law_scenario_check(s, err, errlen);
}

static bool s_barred_by_art42(const law_ground_t *g)
{
    return g->family == LAW_FAMILY_NOTICE || g->family == LAW_FAMILY_LAYOFF ||
           g->family == LAW_FAMILY_EXPIRY;
}

void wf_review_retirement(const Hr__Workflow__Person *p, const law_scenario_t *s,
                          law_assessment_t *a, hr_arena_t *arena)
{
    if (a->nfindings >= LAW_FINDINGS_MAX || !s->ground || !s_barred_by_art42(s->ground))
        return;
    wf_retire_t r;
    wf_person_retirement(p, s_on(s), &r);
    const law_status_t *st = law_status_get(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT);
    law_finding_t *f = &a->findings[a->nfindings];
    char buf[HR_DATE_LEN];
    if (r.known && r.pos.protected_ && !r.set_by_hr) {
        hr_date_format(r.pos.retire_day, buf);
        *f = (law_finding_t){
            .severity = LAW_SEVERITY_INFO,
            .code = "RETIREMENT_AGE_COMPUTED",
            .article = st->article,
            .fact = st->path,
            .message_zh = hr_arena_fmt(arena,
                                       "按人员名册的出生日期和退休年龄类别（%"
                                       "s），依《全国人民代表大会常务委员会关于实施渐进"
                                       "式延迟法定退休年龄的决定》，法定退休日期为%"
                                       "s；在本单位连续工作%d年，距法定退休年龄不足"
                                       "五年：属于《中华人民共和国劳动合同法》第四十二条第五项",
                                       p->retirement_base, buf, r.pos.service.years),
            .message_en = hr_arena_fmt(
                arena,
                "From the directory's birth date and retirement group (%s), under the NPCSC "
                "decision on gradually raising the statutory retirement age, the statutory "
                "retirement day is %s; %d years of continuous service here and less than five "
                "years to go: LCL Art. 42(5) applies",
                p->retirement_base, buf, r.pos.service.years),
        };
        a->nfindings++;
        return;
    }
    if (r.known || r.set_by_hr || !r.has_hire || r.service.years < LAW_A42_5_SERVICE_YEARS)
        return;
    *f = (law_finding_t){
        .severity = LAW_SEVERITY_REVIEW,
        .code = "RETIREMENT_AGE_UNKNOWN",
        .article = st->article,
        .fact = st->path,
        .message_zh = hr_arena_fmt(
            arena,
            "该员工在本单位连续工作已满%d年，但人员名册没有出生日期或退休年龄类别（birth_date、"
            "retirement_base），无法计算距法定退休年龄是否不足五年（《中华人民共和国劳动合同法》"
            "第四十二条第五项）：请HR核实并在名册中补录，或在确属该情形时登记 "
            "long_service_near_retirement",
            r.service.years),
        .message_en = hr_arena_fmt(
            arena,
            "%d years of continuous service here, but the directory has no birth date or "
            "retirement group (birth_date, retirement_base), so whether less than five years "
            "remain to the statutory retirement age (LCL Art. 42(5)) cannot be computed: HR must "
            "confirm it - import the two columns, or the status long_service_near_retirement "
            "when it applies",
            r.service.years),
    };
    a->nfindings++;
    a->needs_review = true;
}

static char *s_date(hr_arena_t *arena, law_day_t day)
{
    char buf[LAW_DATE_LEN + 1];
    law_date_format(day, buf);
    return hr_arena_strdup(arena, buf);
}

Hr__Workflow__Assessment *wf_review_assessment(const law_assessment_t *a, hr_arena_t *arena,
                                               int64_t now_ms, int32_t effective_day)
{
    Hr__Workflow__Assessment *r = hr_arena_alloc(arena, sizeof *r);
    hr__workflow__assessment__init(r);
    r->lawful = a->lawful;
    r->needs_review = a->needs_review;
    r->n_findings = a->nfindings;
    r->findings = hr_arena_alloc(arena, (a->nfindings + 1) * sizeof *r->findings);
    for (size_t i = 0; i < a->nfindings; i++) {
        const law_finding_t *f = &a->findings[i];
        Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
        hr__workflow__finding__init(o);
        o->severity = hr_arena_strdup(arena, law_severity_name(f->severity));
        o->code = hr_arena_strdup(arena, f->code ? f->code : "");
        o->article = hr_arena_strdup(arena, f->article ? f->article : "");
        o->fact = hr_arena_strdup(arena, f->fact ? f->fact : "");
        // With the figures the engine's constant text refers to (the pre-2008 split's parts),
        // as hrctl law check prints them.
        char zh[LAW_DETAIL_MAX], en[LAW_DETAIL_MAX];
        law_finding_detail(a, f, false, zh, sizeof zh);
        law_finding_detail(a, f, true, en, sizeof en);
        o->message_zh = hr_arena_fmt(arena, "%s%s", f->message_zh ? f->message_zh : "", zh);
        o->message_en = hr_arena_fmt(arena, "%s%s", f->message_en ? f->message_en : "", en);
        r->findings[i] = o;
    }
    r->severance_fen = a->severance_fen;
    r->notice_pay_fen = a->notice_pay_fen;
    r->unlawful_compensation_fen = a->unlawful_compensation_fen;
    r->wage_base_fen = a->wage_base_fen;
    r->service_half_units = (uint32_t)a->service_half_units;
    r->wage_capped = a->wage_capped;
    r->severance_pre2008_fen = a->severance_pre2008_fen;
    r->severance_half_units = (uint32_t)a->severance_half_units;
    r->severance_half_units_actual = (uint32_t)a->severance_half_units_actual;
    r->pre2008_years = (uint32_t)a->pre2008_years;
    r->pre2008_months = (uint32_t)a->pre2008_months;
    r->pre2008_wage_fen = a->pre2008_wage_fen;
    r->certificate_date = s_date(arena, a->certificate_day);
    r->transfer_date = s_date(arena, a->transfer_day);
    r->keep_records_date = s_date(arena, a->keep_records_day);
    r->arbitration_limit_date = s_date(arena, a->arbitration_limit_day);
    r->effective_date = s_date(arena, effective_day);
    r->at_ms = now_ms;
    return r;
}

static char *s_yuan(hr_arena_t *arena, int64_t fen);

// Appends a finding to the assessment's list (arena memory, the list copied).
static void s_append_finding(Hr__Workflow__Assessment *as, Hr__Workflow__Finding *o,
                             hr_arena_t *arena)
{
    Hr__Workflow__Finding **list = hr_arena_alloc(arena, (as->n_findings + 2) * sizeof *list);
    if (as->n_findings)
        memcpy(list, as->findings, as->n_findings * sizeof *list);
    list[as->n_findings++] = o;
    as->findings = list;
}

// The cap of Art. 47 para 2 applied with a local average wage whose source the config does not
// give (law/local_average_wage_source): the figure may be the shipped example, and the notice
// would state a cap nobody can trace. A warning for HR to fill it before the notice goes out.
static void s_local_average_source(Hr__Workflow__Assessment *as, const wf_local_wage_use_t *use,
                                   hr_arena_t *arena)
{
    if (!as->wage_capped || !use->fen || *use->source)
        return;
    Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__finding__init(o);
    o->severity = "warn";
    o->code = "LOCAL_AVERAGE_WAGE_SOURCE_MISSING";
    o->article = "LCL 47; Reg. 14";
    o->fact = "employer.local_average_monthly_wage";
    char *avg = s_yuan(arena, as->local_average_wage_fen);
    char *cap = s_yuan(arena, as->local_average_wage_fen * LAW_CAP_MULTIPLE);
    o->message_zh = hr_arena_fmt(
        arena,
        "月工资高于本地区上年度职工月平均工资三倍，经济补偿和赔偿金按 %s 元（3 × %s 元）计算，"
        "年限最高不超过十二年；但配置没有写明该平均工资的出处（%s："
        "城市、年度和公布文件），%s 元可能只是示例值。依《劳动合同法》第四十七条第二款和《实施"
        "条例》第十四条，应为劳动合同履行地直辖市或设区的市人民政府公布的上年度职工月平均工资："
        "请核实数额、填写出处并重新审核后再发出通知。",
        cap, avg, use->source_key, avg);
    o->message_en = hr_arena_fmt(
        arena,
        "the wage is above three times the local average monthly wage, so the severance and the "
        "compensation use %s yuan (3 x %s) and at most twelve years; but the config does not say "
        "where that average comes from (%s: the city, the year and "
        "the publication), and %s may be the shipped example. It is the previous year's average "
        "monthly wage published by the government of the municipality or city where the contract "
        "is performed (LCL Art. 47 para 2; Regulations Art. 14): check the figure, give its "
        "source and review again before the notice goes out",
        cap, avg, use->source_key, avg);
    s_append_finding(as, o, arena);
}

// Where cfg's figures are set: "law", or a branch's section (branch/BJ).
static const char *s_prefix(const wf_law_config_t *cfg)
{
    return cfg->key_prefix && *cfg->key_prefix ? cfg->key_prefix : "law";
}

// A finding's opening words naming the branch whose figures it is about ("" the head office).
static const char *s_place_lead(const wf_law_config_t *cfg, bool en, hr_arena_t *arena)
{
    const char *place = en ? cfg->place_en : cfg->place_zh;
    if (!place || !*place)
        return "";
    return hr_arena_fmt(arena, en ? "%s: " : "%s：", place);
}

void wf_review_inputs(const Hr__Workflow__Person *p, const law_scenario_t *s,
                      const wf_law_config_t *cfg, const char *source, Hr__Workflow__Assessment *as,
                      hr_arena_t *arena)
{
    as->wage_base_source = p->average_wage_fen > 0 ? "average_wage" : "monthly_wage";
    as->monthly_wage_fen = p->monthly_wage_fen;
    wf_local_wage_use_t use = wf_local_wage_for(cfg, s->effective_day, source);
    as->local_average_wage_fen = use.fen;
    as->local_average_year = (uint32_t)use.year;
    if (use.fen)
        as->local_average_source =
            hr_arena_fmt(arena, "config %s%s%s", use.key, *use.source ? "; " : "", use.source);
    else
        as->local_average_source = hr_arena_fmt(
            arena, "none configured for %d or before (%s/local_average_monthly_wage_%d)",
            use.wanted, s_prefix(cfg), use.wanted);
    law_service_t served = law_service_between(s->hire_day, s->effective_day);
    as->service_half_units_actual = (uint32_t)law_service_half_units(&served);
    s_local_average_source(as, &use, arena);
    as->average_wage_fen = s->average_wage_fen;
    as->local_minimum_wage_fen = cfg->local_minimum_wage_fen;
    // The directory facts the documents state, kept as the money was decided on them (Reg. 24);
    // the department's name is the caller's (the store).
    as->kept_facts = true;
    as->kept_hire_date = hr_arena_strdup(arena, p->hire_date ? p->hire_date : "");
    as->kept_contract_type = hr_arena_strdup(arena, p->contract_type ? p->contract_type : "");
    as->kept_contract_start = hr_arena_strdup(arena, p->contract_start ? p->contract_start : "");
    as->kept_contract_end = hr_arena_strdup(arena, p->contract_end ? p->contract_end : "");
    as->kept_probation_end = hr_arena_strdup(arena, p->probation_end ? p->probation_end : "");
    as->kept_title = hr_arena_strdup(arena, p->title ? p->title : "");
    as->kept_department_id = hr_arena_strdup(arena, p->department_id ? p->department_id : "");
}

// The figure the cap used, named for HR: "2023 年度的数额（config law/...）" and the like.
static const char *s_figure_used(const wf_local_wage_use_t *use, bool en, hr_arena_t *arena)
{
    if (use->year)
        return en ? hr_arena_fmt(arena, "%d's figure (config %s)", use->year, use->key)
                  : hr_arena_fmt(arena, "%d 年度的数额（配置 %s）", use->year, use->key);
    return en ? "a figure whose year the config does not give (law/local_average_monthly_wage, "
                "with no law/local_average_wage_year and no year before 年度 or alone in "
                "law/local_average_wage_source)"
              : "未注明年度的数额（law/local_average_monthly_wage：law/local_average_wage_year "
                "和 law/local_average_wage_source 都没有写明年度）";
}

void wf_review_local_average(const Hr__Workflow__Person *p, const law_scenario_t *s,
                             const wf_law_config_t *cfg, const char *undated_source,
                             Hr__Workflow__Assessment *as, hr_arena_t *arena)
{
    wf_local_wage_use_t use = wf_local_wage_for(cfg, s->effective_day, undated_source);
    // Part-time work owes no severance (LCL Art. 71): no cap to apply.
    bool part_time = p->contract_type && !strcmp(p->contract_type, "part_time");
    if ((use.fen && (use.year == use.wanted || !as->wage_capped)) || (!use.fen && part_time))
        return;
    char end[HR_DATE_LEN];
    hr_date_format(s->effective_day, end);
    Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__finding__init(o);
    o->severity = "warn";
    o->article = "LCL 47; Reg. 14";
    o->fact = "employer.local_average_monthly_wage";
    if (!use.fen) {
        char *wage = s_yuan(arena, as->wage_base_fen);
        o->code = "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED";
        const char *k = s_prefix(cfg);
        o->message_zh = hr_arena_fmt(
            arena,
            "%s工作流服务没有配置 %d 年度或更早年度的当地职工月平均工资（%s/local_average_monthly_"
            "wage_%d）。劳动合同于 %s 解除或终止，依《劳动合同法》第四十七条第二款，月工资高于劳动"
            "合同履行地人民政府公布的上年度（%d 年度）职工月平均工资三倍的，按三倍的数额计算、年限"
            "最高不超过十二年；本评估未能适用该封顶，工资基数 %s 元按原数计算，高收入者的经济补偿"
            "和赔偿金可能多算。请运维人员在 workflow.cfg 的 %s 段设置 %s/local_average_monthly_"
            "wage_%d（未公布前为最近已公布年度的数额，键名写该年度）及其出处 %s/local_average_"
            "wage_source_%d 后重新审核。",
            s_place_lead(cfg, false, arena), use.wanted, k, use.wanted, end, use.wanted, wage, k, k,
            use.wanted, k, use.wanted);
        o->message_en = hr_arena_fmt(
            arena,
            "%sno local average monthly wage is configured for %d or any year before it "
            "(%s/local_average_monthly_wage_%d). The contract ends on %s: LCL Art. 47 para 2 "
            "pays a wage above three times the previous year's (%d's) local average, published "
            "by the city where the contract is performed, at three times that figure and for at "
            "most twelve years. This assessment could not apply the cap: the wage base %s yuan "
            "counts in full, so the severance and compensation of a high earner may be too high. "
            "The operator sets %s/local_average_monthly_wage_%d (until it is published: the "
            "latest published year's, under that year's key) and %s/local_average_wage_source_%d "
            "in workflow.cfg's %s section; then review again",
            s_place_lead(cfg, true, arena), use.wanted, k, use.wanted, end, use.wanted, wage, k,
            use.wanted, k, use.wanted, k);
        s_append_finding(as, o, arena);
        return;
    }
    char *avg = s_yuan(arena, use.fen);
    char *cap = s_yuan(arena, use.fen * LAW_CAP_MULTIPLE);
    o->code = "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED";
    const char *k = s_prefix(cfg);
    o->message_zh = hr_arena_fmt(
        arena,
        "%s劳动合同于 %s 解除或终止，依《劳动合同法》第四十七条第二款和《实施条例》第十四条，三倍封"
        "顶应按劳动合同履行地人民政府公布的上年度（%d 年度）职工月平均工资计算，但配置没有 %d 年"
        "度的数额（%s/local_average_monthly_wage_%d）：本评估的封顶 %s 元（3 × %s 元）用的是%s。"
        "城市通常在次年年中公布上年度数额，公布前可按最近已公布年度的数额计算：请核实 %d 年度（"
        "或最近已公布年度）的数额，在 workflow.cfg 的 %s 段以 %s/local_average_monthly_wage_"
        "<年度> 设置并写明出处后重新审核，再发出通知。",
        s_place_lead(cfg, false, arena), end, use.wanted, use.wanted, k, use.wanted, cap, avg,
        s_figure_used(&use, false, arena), use.wanted, k, k);
    o->message_en = hr_arena_fmt(
        arena,
        "%sthe contract ends on %s, so the cap of LCL Art. 47 para 2 takes the local average "
        "monthly wage of the previous year, %d, published by the city where the contract is "
        "performed (Regulations Art. 14), but the config has no figure for %d "
        "(%s/local_average_monthly_wage_%d): the cap here, %s yuan (3 x %s), uses %s. Cities "
        "publish a year's figure around the middle of the next; until %d's is published the "
        "latest published year's is the one to use: check which that is, set it in "
        "workflow.cfg's %s section as %s/local_average_monthly_wage_YEAR with its source, and "
        "review again before the notice goes out",
        s_place_lead(cfg, true, arena), end, use.wanted, use.wanted, k, use.wanted, cap, avg,
        s_figure_used(&use, true, arena), use.wanted, k, k);
    s_append_finding(as, o, arena);
}

void wf_review_wage_base(const Hr__Workflow__Person *p, Hr__Workflow__Assessment *as,
                         hr_arena_t *arena)
{
    if (p->average_wage_fen > 0 || p->monthly_wage_fen <= 0)
        return;
    Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__finding__init(o);
    o->severity = "warn";
    o->code = "AVERAGE_WAGE_MISSING";
    o->article = "LCL 47; Reg. 27";
    o->fact = "employee.average_wage";
    o->message_zh = hr_arena_fmt(
        arena,
        "人员名册没有员工 %s 离职前十二个月的平均工资：经济补偿、代通知金和赔偿金暂以月工资 "
        "%s 元计算。依《劳动合同法》第四十七条和《实施条例》第二十七条，基数为劳动合同解除或终止"
        "前十二个月的平均工资，按应得工资计算，包括计时或计件工资以及奖金、津贴和补贴等货币性"
        "收入：请在人员名册中填写 average_wage 后重新审核。",
        p->employee_no, s_yuan(arena, p->monthly_wage_fen));
    o->message_en = hr_arena_fmt(
        arena,
        "the directory gives no 12-month average wage for %s: the monthly wage %s yuan stands "
        "in for it in the severance, notice pay and compensation. The base is the average "
        "monthly wage of the 12 months before the contract ends (LCL Art. 47; Regulations Art. "
        "27): wages due, including time or piece wages, bonuses, allowances and subsidies - "
        "give average_wage in the directory and review again",
        p->employee_no, s_yuan(arena, p->monthly_wage_fen));
    s_append_finding(as, o, arena);
}

void wf_review_probation(const Hr__Workflow__Person *p, Hr__Workflow__Assessment *as,
                         hr_arena_t *arena)
{
    wf_probation_t pr;
    wf_person_probation(p, &pr);
    if (!pr.capped)
        return;
    Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__finding__init(o);
    o->severity = "warn";
    o->code = "PROBATION_BEYOND_ART19";
    o->article = "LCL 19; LCL 83";
    o->fact = "employee.probation_end";
    const char *problem = wf_person_probation_problem(p, arena);
    char end[HR_DATE_LEN];
    if (pr.lawful) {
        hr_date_format(pr.end, end);
        o->message_zh = hr_arena_fmt(
            arena,
            "人员名册约定的试用期至 %s，超过《劳动合同法》第十九条对该劳动合同允许的最长 %d "
            "个月：合法的试用期至 %s 止，本评估以 %s 为试用期结束日（%s 之后不得依第三十九条"
            "第一项解除）；超过部分由用人单位按试用期满月工资支付赔偿金（第八十三条）。",
            p->probation_end, pr.max_months, end, end, end);
        o->message_en = hr_arena_fmt(
            arena,
            "%s. The agreed probation_end %s is past the lawful probation, which ended on %s: "
            "this assessment used %s as the end of probation (no LCL 39(1) dismissal after it)",
            problem ? problem : "", p->probation_end, end, end);
    } else {
        o->message_zh = hr_arena_fmt(
            arena,
            "人员名册约定的试用期至 %s，但依《劳动合同法》第十九条（非全日制用工依第七十条）该"
            "劳动合同不得约定试用期：本评估按没有试用期处理（不得依第三十九条第一项解除）；"
            "已履行的试用期由用人单位按试用期满月工资支付赔偿金（第八十三条）。",
            p->probation_end);
        o->message_en = hr_arena_fmt(
            arena,
            "%s. The agreed probation_end %s is not a lawful probation: this assessment used no "
            "probation at all (no LCL 39(1) dismissal)",
            problem ? problem : "", p->probation_end);
    }
    s_append_finding(as, o, arena);
}

void wf_review_minimum_wage(const Hr__Workflow__Person *p, const wf_law_config_t *cfg,
                            const char *source, Hr__Workflow__Assessment *as, hr_arena_t *arena)
{
    int64_t wage = p->average_wage_fen > 0 ? p->average_wage_fen : p->monthly_wage_fen;
    bool configured = cfg->local_minimum_wage_fen > 0;
    // Part-time work owes no severance (LCL Art. 71) and its minimum is hourly.
    if ((configured && wage >= cfg->local_minimum_wage_fen) ||
        (p->contract_type && !strcmp(p->contract_type, "part_time")))
        return;
    Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__finding__init(o);
    o->article = "Reg. 27";
    o->fact = "employer.local_minimum_monthly_wage";
    const char *k = s_prefix(cfg);
    if (!configured) {
        o->severity = "warn";
        o->code = "MINIMUM_WAGE_NOT_CONFIGURED";
        o->message_zh = hr_arena_fmt(
            arena,
            "%s工作流服务未配置当地月最低工资标准（%s/local_minimum_monthly_wage）：经济补偿、"
            "代通知金和赔偿金的工资基数未按《劳动合同法实施条例》第二十七条以当地最低工资标准为"
            "下限计算，低于该标准的工资会少算。请运维人员在 workflow.cfg 中设置用人单位所在地"
            "公布的月最低工资标准后重新审核。",
            s_place_lead(cfg, false, arena), k);
        o->message_en = hr_arena_fmt(
            arena,
            "%sthe workflow service has no local minimum monthly wage configured "
            "(%s/local_minimum_monthly_wage): the wage base of the severance, notice pay and "
            "compensation was not raised to the local minimum as Regulations Art. 27 requires, "
            "so a wage below it gives too little. The operator sets the minimum the employer's "
            "city publishes in workflow.cfg; then review again",
            s_place_lead(cfg, true, arena), k);
        s_append_finding(as, o, arena);
        return;
    }
    const char *src = source ? source : "";
    char *min = s_yuan(arena, cfg->local_minimum_wage_fen);
    o->severity = "info";
    o->code = "MINIMUM_WAGE_APPLIED";
    o->message_zh =
        hr_arena_fmt(arena,
                     "%s员工 %s 的工资 %s 元低于当地月最低工资标准 %s 元（%s/%s%s%s）：依"
                     "《劳动合同法实施条例》第二十七条，工资基数按最低工资标准计算。",
                     s_place_lead(cfg, false, arena), p->employee_no, s_yuan(arena, wage), min, k,
                     "local_minimum_monthly_wage", *src ? "；" : "", src);
    o->message_en =
        hr_arena_fmt(arena,
                     "%sthe wage of %s, %s yuan, is below the local minimum monthly "
                     "wage %s yuan (config %s/%s%s%s): the wage base is the minimum "
                     "(Regulations Art. 27)",
                     s_place_lead(cfg, true, arena), p->employee_no, s_yuan(arena, wage), min, k,
                     "local_minimum_monthly_wage", *src ? "; " : "", src);
    s_append_finding(as, o, arena);
}

Hr__Workflow__Finding *wf_problem_finding(const wf_problem_t *p, hr_arena_t *arena)
{
    Hr__Workflow__Finding *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__finding__init(o);
    o->severity = "block";
    o->code = hr_arena_strdup(arena, p->code);
    o->fact = hr_arena_strdup(arena, p->fact ? p->fact : "");
    o->article = hr_arena_strdup(arena, p->article ? p->article : "");
    o->message_zh = hr_arena_strdup(arena, p->message_zh);
    o->message_en = hr_arena_strdup(arena, p->message_en);
    return o;
}

// ---------------------------------------------------------------------------------------------
// Art. 42 against the directory as it is now

static char *s_yuan(hr_arena_t *arena, int64_t fen)
{
    return hr_arena_fmt(arena, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

size_t wf_review_protected_blocks(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p,
                                  const wf_law_config_t *cfg, int32_t today,
                                  const char *notice_date, const char *effective_date,
                                  hr_arena_t *arena, wf_problem_t *out, size_t max,
                                  int64_t *exposure_fen)
{
    *exposure_fen = 0;
    const law_ground_t *ground = law_ground_find(c->ground);
    if (!ground || !c->assessment || !p)
        return 0;
    char err[256];
    uint64_t proven = 0;
    int64_t layoff = 0, headcount = 0;
    // The facts as HR confirmed them at the review, under the rules of that day.
    wf_review_facts_stored(c, &proven, &layoff, &headcount);
    Hr__Workflow__ReviewCaseRequest in = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    in.notice_date = (char *)(notice_date ? notice_date : "");
    in.effective_date = (char *)(effective_date ? effective_date : "");
    in.pay_in_lieu_of_notice = c->assessment->pay_in_lieu_of_notice;
    in.union_notified = c->assessment->union_notified;
    in.reasons = c->assessment->reasons_given ? c->reviewed_reasons : "";
    law_scenario_t s;
    if (wf_review_scenario(p, ground, &in, cfg, today, proven, layoff, headcount, &s, err,
                           sizeof err, NULL, 0))
        return 0;
    law_assessment_t *a = hr_arena_alloc(arena, sizeof *a);
    if (law_assess(&s, a))
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < a->nfindings && n < max; i++) {
        const law_finding_t *f = &a->findings[i];
        if (f->severity != LAW_SEVERITY_BLOCK || !f->fact ||
            strncmp(f->fact, WF_STATUS_PATH_PREFIX, strlen(WF_STATUS_PATH_PREFIX)))
            continue;
        out[n++] = (wf_problem_t){f->code, f->fact, f->article, f->message_zh, f->message_en};
    }
    *exposure_fen = a->unlawful_compensation_fen;
    return n;
}

wf_problem_t wf_review_protection_advice(const Hr__Workflow__Case *c, wf_protect_when_t when,
                                         int64_t exposure_fen, hr_arena_t *arena)
{
    char *money = s_yuan(arena, exposure_fen);
    const Hr__Workflow__Outcome *o = c->outcome;
    // What the status makes of the ending: a notice under Art. 40 or 41 is barred (Art. 42); a
    // contract that expires is extended until the status ends (Art. 45), so ending it on the day
    // is an unlawful 终止, not 解除.
    const char *barred_zh =
        wf_doc_end(c) == WF_DOC_END_TERMINATED
            ? "在此期间劳动合同应当续延至该情形消失时终止（第四十五条），送达终止劳动合同通知"
              "属违法终止"
            : "在此期间依第四十条、第四十一条送达解除通知属违法解除";
    switch (when) {
    case WF_PROTECT_OUTCOME:
        return (wf_problem_t){
            "PROTECTED_AT_OUTCOME",
            WF_STATUS_PATH_PREFIX "*",
            "LCL 42",
            hr_arena_fmt(
                arena,
                "结果未记录：人员名册现记载 %s 处于《劳动合同法》第四十二条保护情形（见上），"
                "%s，需支付二倍经济补偿的赔偿金 %s 元（第八十七条）。请撤回本案（hrctl case "
                "withdraw %s 原因），或待保护情形消失、人员名册更新后重新送达通知，并以送达之日"
                "记录结果（届时将按名册重新评估合法性）。",
                c->employee_no, barred_zh, money, c->id),
            hr_arena_fmt(arena,
                         "Not recorded: the directory now records an LCL 42 protection for %s "
                         "(above), and a notice under LCL 40 or 41 served while it lasts is an "
                         "unlawful dismissal costing 2N, %s yuan (LCL 87). Withdraw the case "
                         "(hrctl case withdraw %s REASON), or wait until the protection ends "
                         "and the directory says so, serve the notice again and record the "
                         "outcome with that day: it is reviewed again against the directory then.",
                         c->employee_no, money, c->id),
        };
    case WF_PROTECT_WINDOW:
        return (wf_problem_t){
            "REVOCATION_WINDOW",
            WF_STATUS_PATH_PREFIX "*",
            "LCL 42",
            hr_arena_fmt(
                arena,
                "%s劳动合同通知已于 %s 送达，劳动合同将于 %s %s；人员名册此后记载 %s 处于《劳动"
                "合同法》第四十二条保护情形（见上）。用人单位知悉后仍不撤销通知的，按违法%s处理，"
                "需支付二倍经济补偿的赔偿金 %s 元（第八十七条）。请在 %s 前与员工协商撤销通知"
                "（hrctl case rescind %s --on 日期 --reason 原因 --evidence 证据），"
                "或立即征询法律意见。",
                wf_doc_ending_word(c, WF_DOC_ZH, false), o ? o->served_date : "",
                o ? o->effective_date : "", wf_doc_ending_word(c, WF_DOC_ZH, false), c->employee_no,
                wf_doc_ending_word(c, WF_DOC_ZH, false), money, o ? o->effective_date : "", c->id),
            hr_arena_fmt(arena,
                         "The notice was served on %s and the contract ends on %s; since then the "
                         "directory records an LCL 42 protection for %s (above). An employer that "
                         "learns of it and does not revoke the notice dismisses unlawfully "
                         "and owes 2N, %s yuan (LCL 87). Before %s, revoke the notice with the "
                         "employee's agreement (hrctl case rescind %s --on DATE --reason TEXT "
                         "--evidence ID), or take legal advice now.",
                         o ? o->served_date : "", o ? o->effective_date : "", c->employee_no, money,
                         o ? o->effective_date : "", c->id),
        };
    case WF_PROTECT_BEFORE_NOTICE:
        break;
    }
    return (wf_problem_t){
        "PROTECTED_SINCE_REVIEW",
        WF_STATUS_PATH_PREFIX "*",
        "LCL 42",
        hr_arena_fmt(
            arena,
            "人员名册现记载 %s 处于《劳动合同法》第四十二条保护情形（见上），审核时并无此记载。"
            "%s，需支付二倍经济补偿的赔偿金 %s 元（第八十七条）。请勿送达通知：撤回本案（hrctl "
            "case withdraw %s 原因），或待保护情形消失、人员名册更新后再送达；记录结果时将按名册"
            "重新评估，保护期间会被拒绝。",
            c->employee_no, barred_zh, money, c->id),
        hr_arena_fmt(
            arena,
            "The directory now records an LCL 42 protection for %s (above) that the review "
            "did not see. A notice under LCL 40 or 41 served while it lasts is an unlawful "
            "dismissal costing 2N, %s yuan (LCL 87). Do not serve the notice: withdraw the "
            "case (hrctl case withdraw %s REASON), or wait until the protection ends and "
            "the directory says so; the outcome is reviewed again against the directory "
            "when it is recorded, and refused while the protection lasts.",
            c->employee_no, money, c->id),
    };
}

size_t wf_review_protection(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p,
                            const wf_law_config_t *cfg, int32_t today, hr_arena_t *arena,
                            wf_problem_t *out, size_t max)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    if (!as || !as->lawful || max < 2)
        return 0;
    wf_protect_when_t when;
    const char *notice = as->notice_date, *effective = as->effective_date;
    const Hr__Workflow__Outcome *o = c->outcome;
    int32_t end = 0;
    if (o) {
        // Served by notice and the contract not ended yet: the revocation window.
        if (o->kind != HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED ||
            c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED ||
            c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN ||
            !hr_date_parse(o->effective_date, &end) || end < today)
            return 0;
        when = WF_PROTECT_WINDOW;
        if (*o->served_date)
            notice = o->served_date;
        effective = o->effective_date;
    } else {
        // Reviewed lawful and on its way to the notice: past the review, still open.
        const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
        if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN || !cur ||
            !strcmp(cur->key, WF_STEP_REQUEST) || !strcmp(cur->key, WF_STEP_HR_REVIEW))
            return 0;
        when = WF_PROTECT_BEFORE_NOTICE;
    }
    int64_t exposure = 0;
    size_t n = wf_review_protected_blocks(c, p, cfg, today, notice, effective, arena, out, max - 1,
                                          &exposure);
    if (n)
        out[n++] = wf_review_protection_advice(c, when, exposure, arena);
    return n;
}

// ---------------------------------------------------------------------------------------------
// A review that confirms nothing the ground needs

size_t wf_review_unconfirmed(const Hr__Workflow__Case *c, const law_ground_t *ground,
                             Hr__Workflow__FactConfirmation *const *facts, size_t nfacts,
                             const char *note, hr_arena_t *arena, wf_problem_t *out, size_t max)
{
    // HR found none proven and says why: a decision, the case is returned with all of them.
    if (note && *note)
        return 0;
    size_t nreq = 0;
    const law_fact_t *f;
    for (; (f = wf_fact_required(ground, nreq)) != NULL; nreq++)
        for (size_t k = 0; k < nfacts; k++)
            if (facts[k]->fact && !strcmp(facts[k]->fact, f->name))
                return 0; // HR decided: what it left out, it found not proven
    if (!nreq || max < 2)
        return 0;
    size_t n = 0;
    out[n++] = (wf_problem_t){
        "FACTS_NOT_CONFIRMED",
        "facts",
        ground->article,
        hr_arena_fmt(
            arena,
            "审核未确认依据“%s”（%s）所需的任何事实：未作任何决定，案件仍在「%"
            "s」阶段，未通知任何人。"
            "请用 --fact 事实=证据ID 逐项确认证据能证明的事实（见下）；只有认定未证明的事实才可"
            "不确认，审核会据此将案件退回经理。若认定全部未证明，请用 --note 写明理由。",
            ground->title_zh, wf_article_zh(arena, ground->article),
            wf_step_zh(c, WF_STEP_HR_REVIEW)),
        hr_arena_fmt(arena,
                     "The review confirms none of the facts %s (%s) needs: nothing was decided, "
                     "the case stays at hr_review and nobody was told. Confirm each fact its "
                     "evidence proves with --fact NAME=EVIDENCE_ID (below); leave out only a fact "
                     "you find not proven, and the review returns the case to the manager with it. "
                     "If you find none proven, say why with --note.",
                     ground->code, ground->article),
    };
    for (size_t i = 0; (f = wf_fact_required(ground, i)) != NULL && n < max; i++) {
        // The first attached item that can prove it goes in the option; every other one that
        // could is named beside it, for HR to choose.
        const Hr__Workflow__EvidenceRef *e = NULL;
        char *others = "", *others_zh = "";
        for (size_t k = 0; k < c->n_evidence; k++) {
            law_evidence_kind_t kind;
            if (law_evidence_kind_find(c->evidence[k]->kind, &kind) ||
                !law_fact_is_proven_by(f, kind))
                continue;
            if (!e)
                e = c->evidence[k];
            else {
                others = hr_arena_fmt(arena, "%s; %s %s", others, c->evidence[k]->kind,
                                      c->evidence[k]->id);
                others_zh = hr_arena_fmt(arena, "%s；%s %s", others_zh,
                                         wf_kind_zh(c->evidence[k]->kind), c->evidence[k]->id);
            }
        }
        const char *num = f->numeric ? "NUMBER," : "";
        char *opt = e ? hr_arena_fmt(arena, "--fact %s=%s%s", f->name, num, e->id)
                      : hr_arena_fmt(arena, "--fact %s=%sEVIDENCE_ID", f->name, num);
        char *kinds = s_kinds_text(f->kinds, arena);
        out[n++] = (wf_problem_t){
            "FACT_TO_CONFIRM",
            f->name,
            f->article,
            e ? hr_arena_fmt(arena, "%s（%s）：%s（附件：%s%s）", f->description_zh,
                             wf_article_zh(arena, f->article), opt, wf_kind_zh(e->kind), others_zh)
              : hr_arena_fmt(arena, "%s（%s）：%s（案件没有能证明它的附件：%s）", f->description_zh,
                             wf_article_zh(arena, f->article), opt, s_kinds_zh(f->kinds, arena)),
            e ? hr_arena_fmt(arena, "%s (%s): %s (the attached %s%s)", f->description_en,
                             f->article, opt, e->kind, others)
              : hr_arena_fmt(arena, "%s (%s): %s (no attached evidence can prove it: %s)",
                             f->description_en, f->article, opt, kinds),
        };
    }
    return n;
}

// ---------------------------------------------------------------------------------------------
// Attached evidence HR did not accept

// The fact of an unproven-fact finding (hr_law's path "evidence.<fact>"), or NULL.
static const law_fact_t *s_finding_fact(const Hr__Workflow__Finding *f)
{
    static const char prefix[] = "evidence.";
    if (!f || !f->severity || strcmp(f->severity, "block") || !f->code ||
        strcmp(f->code, "EVIDENCE_MISSING") || !f->fact ||
        strncmp(f->fact, prefix, sizeof prefix - 1))
        return NULL;
    return wf_fact_find(f->fact + sizeof prefix - 1);
}

static bool s_proves(const law_fact_t *fact, const Hr__Workflow__EvidenceRef *e)
{
    law_evidence_kind_t kind;
    return !law_evidence_kind_find(e->kind, &kind) && law_fact_is_proven_by(fact, kind);
}

char *wf_review_not_accepted(const Hr__Workflow__Case *c, const Hr__Workflow__Finding *f, bool en,
                             hr_arena_t *arena)
{
    const law_fact_t *fact = s_finding_fact(f);
    char *items = NULL;
    size_t n = 0;
    for (size_t i = 0; fact && i < c->n_evidence && n < WF_NOT_ACCEPTED_MAX; i++) {
        const Hr__Workflow__EvidenceRef *e = c->evidence[i];
        if (!s_proves(fact, e))
            continue;
        items =
            hr_arena_fmt(arena, "%s%s%s %.*s", items ? items : "", items ? (en ? ", " : "，") : "",
                         en ? e->kind : wf_kind_zh(e->kind), WF_SHORT_ID_LEN, e->id);
        n++;
    }
    if (!items)
        return NULL;
    return en ? hr_arena_fmt(arena, "attached: %s - not accepted by HR as proof of %s", items,
                             fact->name)
              : hr_arena_fmt(arena, "已附：%s - HR 未认可其为“%s”（%s）的证明", items,
                             fact->description_zh, fact->name);
}

size_t wf_review_left_out(const Hr__Workflow__Case *c, Hr__Workflow__Finding *const *findings,
                          size_t nfindings, const char *note, hr_arena_t *arena, wf_problem_t *out,
                          size_t max)
{
    if ((note && *note) || max < 2)
        return 0;
    size_t n = 1; // out[0], the summary, once there is something to say
    for (size_t i = 0; i < nfindings && n < max; i++) {
        const law_fact_t *fact = s_finding_fact(findings[i]);
        char *items = NULL, *items_zh = NULL;
        for (size_t k = 0; fact && k < c->n_evidence; k++)
            if (s_proves(fact, c->evidence[k])) {
                items = hr_arena_fmt(arena, "%s%s%s %s", items ? items : "", items ? "; " : "",
                                     c->evidence[k]->kind, c->evidence[k]->id);
                items_zh =
                    hr_arena_fmt(arena, "%s%s%s %s", items_zh ? items_zh : "", items_zh ? "；" : "",
                                 wf_kind_zh(c->evidence[k]->kind), c->evidence[k]->id);
            }
        if (!items)
            continue;
        out[n++] = (wf_problem_t){
            "EVIDENCE_LEFT_OUT",
            fact->name,
            fact->article,
            hr_arena_fmt(arena,
                         "%s（%s）未确认，但案件已附可证明它的材料：%s。请用 --fact %s=证据ID "
                         "确认，或在 --note 中写明为何不予认可",
                         fact->description_zh, wf_article_zh(arena, fact->article), items_zh,
                         fact->name),
            hr_arena_fmt(arena,
                         "%s (%s) is not confirmed, but the case has attached evidence of a kind "
                         "that proves it: %s. Confirm it with --fact %s=EVIDENCE_ID, or say with "
                         "--note why HR does not accept it",
                         fact->description_en, fact->article, items, fact->name),
        };
    }
    if (n == 1)
        return 0;
    out[0] = (wf_problem_t){
        "NOTE_REQUIRED",
        "note",
        "",
        hr_arena_fmt(
            arena,
            "审核未确认 %zu 项事实，而案件已附有可证明这些事实的材料（见下）：未作任何决定，"
            "案件仍在「%s」阶段，未通知任何人。退回时经理会看到这些材料未被 HR 认可，"
            "请用 --note 说明理由，或用 --fact 确认。",
            n - 1, wf_step_zh(c, WF_STEP_HR_REVIEW)),
        hr_arena_fmt(arena,
                     "The review leaves %zu fact(s) unconfirmed for which the case has attached "
                     "evidence of a kind that proves them (below): nothing was decided, the case "
                     "stays at hr_review and nobody was told. A return tells the manager these "
                     "items were not accepted by HR, so say why with --note, or confirm them with "
                     "--fact.",
                     n - 1),
    };
    return n;
}
