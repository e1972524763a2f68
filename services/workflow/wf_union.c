/*
 *  wf_union.c - the union's and the staff's part of a rescission, checked by the workflow before
 *  the legality engine reads it as booleans (LCL 41 para 1, LCL 43; pure).
 *
 *  The engine (common/law, contracts/law-check.md) takes explained_to_union_or_staff_30_days,
 *  reported_to_labour_bureau_before and total_headcount as HR gives them. What makes them true
 *  is a matter of dates and of the directory, which the workflow holds:
 *  - the explanation to the union or all staff counts only 30 days or more before the notice
 *    day (提前三十日), and the report to the labour administration only before it (裁员前报告:
 *    the report's day itself is not "before", the conservative choice of the reference);
 *  - the total headcount HR types is held against the active people of the directory (people
 *    import): they must agree, both numbers named when they do not - the directory is the
 *    roster the system itself rests on, and a roster HR proves with is right only if it agrees.
 *  A fact that fails its date is not given to the engine as proven (its EVIDENCE_MISSING
 *  follows), and a block finding of the workflow's own says why and from which day the notice
 *  may lawfully be served. These, and a missing union notice (UNION_NOT_NOTIFIED), are HR's own
 *  tasks: a review stopped by them alone stays with HR (wf_union_hr_only).
 */
#include "wf.h"

#include <string.h>

#include "hr_calendar.h"

#define S_EXPLAINED "explained_to_union_or_staff_30_days"
#define S_REPORTED "reported_to_labour_bureau_before"

static const char *s_path(const char *fact)
{
    return strcmp(fact, S_EXPLAINED)
               ? strcmp(fact, S_REPORTED) ? "evidence.total_headcount" : "evidence." S_REPORTED
               : "evidence." S_EXPLAINED;
}

static void s_block(law_finding_t *out, size_t max, size_t *n, const char *code, const char *fact,
                    const char *zh, const char *en)
{
    if (*n >= max)
        return;
    out[(*n)++] = (law_finding_t){.severity = LAW_SEVERITY_BLOCK,
                                  .code = code,
                                  .article = "LCL 41",
                                  .fact = s_path(fact),
                                  .message_zh = zh,
                                  .message_en = en};
}

size_t wf_union_a41(law_scenario_t *s, const char *explained, const char *reported,
                    int64_t directory_headcount, hr_arena_t *arena, law_finding_t *out, size_t max)
{
    size_t n = 0;
    if (!s->ground || s->ground->id != LAW_GROUND_A41)
        return 0;
    char nd[HR_DATE_LEN], ed[HR_DATE_LEN], rd[HR_DATE_LEN];
    hr_date_format(s->notice_day, nd);
    int32_t day = 0;
    uint64_t bit = LAW_FACT_BIT(LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS);
    if (explained && (s->proven & bit)) { // NULL: an outcome of a review before the dates
        bool dated = *explained && hr_date_parse(explained, &day);
        if (!dated) {
            s->proven &= ~bit;
            s_block(out, max, &n, "A41_EXPLANATION_UNDATED", S_EXPLAINED,
                    "向工会或者全体职工说明情况的日期没有记录：须提前三十日说明（《劳动合同法》第"
                    "四十一条）。请 HR 审核时写明说明之日（hrctl case review ID --explained-on "
                    "YYYY-MM-DD），通知日期不得早于该日之后第三十日。",
                    "explained_date: the day the situation was explained to the union or all "
                    "staff is not recorded; it must be thirty days before the notice (LCL 41): "
                    "review with --explained-on YYYY-MM-DD; the notice is served no earlier than "
                    "thirty days after it");
        } else if (s->notice_day - day < LAW_NOTICE_DAYS) {
            s->proven &= ~bit;
            hr_date_format(day + LAW_NOTICE_DAYS, ed);
            s_block(out, max, &n, "A41_EXPLANATION_LATE", S_EXPLAINED,
                    hr_arena_fmt(arena,
                                 "向工会或者全体职工说明情况的日期 %s 距通知日期 %s 不足三十日"
                                 "（《劳动合同法》第四十一条：提前三十日）：最早可于 %s 送达裁员"
                                 "通知（hrctl case review ID --notice %s）。",
                                 explained, nd, ed, ed),
                    hr_arena_fmt(arena,
                                 "explained_date: %s is less than thirty days before the notice "
                                 "date %s (LCL 41: thirty days in advance); the earliest lawful "
                                 "notice date is %s (review with --notice %s)",
                                 explained, nd, ed, ed));
        }
    }
    bit = LAW_FACT_BIT(LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE);
    if (reported && (s->proven & bit)) {
        bool dated = *reported && hr_date_parse(reported, &day);
        if (!dated) {
            s->proven &= ~bit;
            s_block(out, max, &n, "A41_REPORT_UNDATED", S_REPORTED,
                    "裁减人员方案向劳动行政部门报告的日期没有记录：须在裁员前报告（《劳动合同法》"
                    "第四十一条）。请 HR 审核时写明报告之日（hrctl case review ID --reported-on "
                    "YYYY-MM-DD），通知日期须在其后。",
                    "reported_date: the day the layoff plan was reported to the labour "
                    "administration is not recorded; it must be before the layoff (LCL 41): "
                    "review with --reported-on YYYY-MM-DD; the notice is served after it");
        } else if (day >= s->notice_day) {
            s->proven &= ~bit;
            hr_date_format(day + 1, rd);
            s_block(out, max, &n, "A41_REPORT_LATE", S_REPORTED,
                    hr_arena_fmt(arena,
                                 "裁减人员方案向劳动行政部门报告的日期 %s 不早于通知日期 %s：须先"
                                 "报告、后裁员（《劳动合同法》第四十一条）。最早可于 %s 送达裁员"
                                 "通知（hrctl case review ID --notice %s）。",
                                 reported, nd, rd, rd),
                    hr_arena_fmt(arena,
                                 "reported_date: %s is not before the notice date %s: the plan is "
                                 "reported before anyone is dismissed (LCL 41); the earliest "
                                 "lawful notice date is %s (review with --notice %s)",
                                 reported, nd, rd, rd));
        }
    }
    if ((s->proven & LAW_FACT_BIT(LAW_FACT_TOTAL_HEADCOUNT)) && directory_headcount > 0 &&
        s->total_headcount != directory_headcount)
        s_block(out, max, &n, "A41_HEADCOUNT_MISMATCH", "total_headcount",
                hr_arena_fmt(arena,
                             "审核填写的企业职工总数（total_headcount）为 %lld 人，而人员名册中在"
                             "职人员为 %lld 人：两者须一致（裁员比例按职工总数计算，《劳动合同法》"
                             "第四十一条）。请核对后按名册人数重新审核，或先更正并导入人员名册"
                             "（hrctl import people FILE）。",
                             (long long)s->total_headcount, (long long)directory_headcount),
                hr_arena_fmt(arena,
                             "total_headcount: HR gave %lld, the directory holds %lld active "
                             "people; they must agree (the LCL 41 ratio is of the total "
                             "headcount): review again with the directory's number, or correct "
                             "and import the directory first (hrctl import people FILE)",
                             (long long)s->total_headcount, (long long)directory_headcount));
    return n;
}

bool wf_union_notice_is_stale(const Hr__Workflow__UnionRecord *u, const char *ground,
                              const char *reasons)
{
    return u && *u->notice_date && *u->notice_ground &&
           (strcmp(u->notice_ground, ground ? ground : "") ||
            strcmp(u->notice_reasons, reasons ? reasons : ""));
}

size_t wf_union_notice(law_scenario_t *s, const Hr__Workflow__UnionRecord *u, const char *ground,
                       const char *reasons, hr_arena_t *arena, law_finding_t *out, size_t max)
{
    // Interp. I Art. 47: a cure HR recorded (after the union's opinion, wf_union_record) is the
    // engine's union_notice_cured_before_suit - of the reasons its notice told, not of others.
    bool stale = wf_union_notice_is_stale(u, ground, reasons);
    s->union_notice_cured_before_suit = u && *u->cured_date && !stale;
    int32_t day = 0;
    if (!s->union_notified || !u || !*u->notice_date || !max)
        return 0;
    if (stale) { // LCL 43: the union was told other reasons than those the notice now states
        s->union_notified = false;
        const char *then_zh = *u->notice_reasons ? "当时的解除理由" : "（记录时 HR 尚未写明理由）";
        const char *then_en =
            *u->notice_reasons ? "the reasons as they stood then" : "no reasons (none yet)";
        out[0] = (law_finding_t){
            .severity = LAW_SEVERITY_BLOCK,
            .code = "UNION_NOTICE_STALE",
            .article = "LCL 43",
            .fact = "termination.union_notified",
            .message_zh = hr_arena_fmt(
                arena,
                "%s 记录的通知工会告知的是%s，此后 HR 写明的解除理由已经改变：现理由尚未通知工会"
                "（《劳动合同法》第四十三条：解除理由须事先通知工会），原通知不再有效。请把载明现"
                "理由的通知工会函送达工会（hrctl case document ID union_notice），取得回执后重新"
                "记录通知（hrctl case union ID notice DATE --evidence EVID），系统将再次通知工会"
                "人员。",
                u->notice_date, then_zh),
            .message_en = hr_arena_fmt(
                arena,
                "union_record.notice_date: the union notice of %s told the union %s; HR's stated "
                "reasons have changed since and the union has not been told them (LCL 43: the "
                "reasons go to the union beforehand), so that notice no longer stands: serve the "
                "union's letter stating them (hrctl case document ID union_notice) and record the "
                "new notice with its receipt (hrctl case union ID notice DATE --evidence EVID), "
                "which tells the union's people again",
                u->notice_date, then_en)};
        return 1;
    }
    if (!hr_date_parse(u->notice_date, &day) || day <= s->notice_day)
        return 0;
    s->union_notified = false;
    if (s->union_notice_cured_before_suit) // the engine says so (UNION_NOTICE_CURED)
        return 0;
    char nd[HR_DATE_LEN];
    hr_date_format(s->notice_day, nd);
    out[0] = (law_finding_t){
        .severity = LAW_SEVERITY_BLOCK,
        .code = "UNION_NOTICE_LATE",
        .article = "LCL 43",
        .fact = "termination.union_notified",
        .message_zh = hr_arena_fmt(arena,
                                   "通知工会的日期 %s 晚于解除通知日期 %s：解除理由须事先通知"
                                   "工会（《劳动合同法》第四十三条）。请把通知日期定在 %s 或以后"
                                   "（hrctl case review ID --notice DATE）。",
                                   u->notice_date, nd, u->notice_date),
        .message_en = hr_arena_fmt(arena,
                                   "union_record.notice_date: the union was notified on %s, after "
                                   "the notice date %s: the reasons go to the union beforehand "
                                   "(LCL 43); serve the notice on %s or later (review with "
                                   "--notice DATE)",
                                   u->notice_date, nd, u->notice_date)};
    return 1;
}

// A block HR alone can clear: the union's notice, the layoff's batch, dates and headcount - and the
// engine's EVIDENCE_MISSING on a fact one of those took away.
static bool s_hr_own(const law_finding_t *f)
{
    return !strcmp(f->code, "UNION_NOT_NOTIFIED") || !strcmp(f->code, "UNION_NOTICE_LATE") ||
           !strcmp(f->code, "UNION_NOTICE_STALE") || !strncmp(f->code, "A41_EXPLANATION_", 16) ||
           !strncmp(f->code, "A41_REPORT_", 11) || !strcmp(f->code, "A41_HEADCOUNT_MISMATCH") ||
           !strcmp(f->code, "A41_NO_BATCH");
}

bool wf_union_hr_only(const law_assessment_t *a)
{
    size_t blocks = 0;
    for (size_t i = 0; i < a->nfindings; i++) {
        const law_finding_t *f = &a->findings[i];
        if (f->severity != LAW_SEVERITY_BLOCK)
            continue;
        blocks++;
        if (s_hr_own(f))
            continue;
        bool taken = false; // EVIDENCE_MISSING of a fact a date check took away
        for (size_t k = 0; k < a->nfindings && !taken; k++)
            taken = k != i && !strcmp(f->code, "EVIDENCE_MISSING") && f->fact &&
                    a->findings[k].fact && s_hr_own(&a->findings[k]) &&
                    !strcmp(f->fact, a->findings[k].fact);
        if (!taken)
            return false;
    }
    return blocks > 0;
}

size_t wf_union_hr_problems(const law_assessment_t *a, wf_problem_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nfindings && n < max; i++) {
        const law_finding_t *f = &a->findings[i];
        if (f->severity == LAW_SEVERITY_BLOCK && s_hr_own(f))
            out[n++] = (wf_problem_t){.code = f->code,
                                      .fact = f->fact ? f->fact : "",
                                      .article = f->article ? f->article : "",
                                      .message_zh = f->message_zh,
                                      .message_en = f->message_en};
    }
    return n;
}

size_t wf_union_problems(const law_assessment_t *a, wf_problem_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nfindings && n < max; i++) {
        const law_finding_t *f = &a->findings[i];
        if (f->severity != LAW_SEVERITY_BLOCK || !strcmp(f->code, "EVIDENCE_MISSING"))
            continue;
        out[n++] = (wf_problem_t){.code = f->code,
                                  .fact = f->fact ? f->fact : "",
                                  .article = f->article ? f->article : "",
                                  .message_zh = f->message_zh,
                                  .message_en = f->message_en};
    }
    return n;
}

// One of HR's A41 dates: "" or a date not after today, A41 only.
static hr_rc_t s_review_date(hr_call_t *call, const Hr__Workflow__Case *c, const char *field,
                             const char *flag, const char *what_zh, const char *date, int32_t today)
{
    int32_t day = 0;
    if (!date || !*date)
        return HR_OK;
    if (strcmp(c->ground, "A41"))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(hr_call_arena(call),
                         "%s（%s）只适用于经济性裁员（A41）；案件 %s 的依据"
                         "是%s：请去掉 %s。",
                         what_zh, field, c->id, wf_ground_zh(hr_call_arena(call), c->ground), flag),
            "%s: only an A41 layoff has one (case %s is %s)", field, c->id, c->ground);
    if (!hr_date_parse(date, &day))
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(hr_call_arena(call),
                                            "%s（%s）“%.32s”不是 YYYY-MM-DD 格式的日期。", what_zh,
                                            field, date),
                               "%s: '%.32s' is not a date (YYYY-MM-DD)", field, date);
    char buf[HR_DATE_LEN];
    if (day > today)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(hr_call_arena(call),
                                            "%s（%s）%s 晚于今天（%s）：只能记录已经做过的事；"
                                            "做完后再审核。",
                                            what_zh, field, date, hr_date_format(today, buf)),
                               "%s: %s is after today (%s): only what was done is recorded; "
                               "review once it is done",
                               field, date, hr_date_format(today, buf));
    return HR_OK;
}

hr_rc_t wf_union_review_dates(hr_call_t *call, const Hr__Workflow__Case *c,
                              const Hr__Workflow__ReviewCaseRequest *in, int32_t today)
{
    hr_rc_t rc = s_review_date(call, c, "explained_date", "--explained-on",
                               "向工会或全体职工说明情况的日期", in->explained_date, today);
    return rc ? rc
              : s_review_date(call, c, "reported_date", "--reported-on",
                              "向劳动行政部门报告裁员方案的日期", in->reported_date, today);
}

// LCL 43: one item of the union's part, checked and stored on c->union_record (arena); HR_OK
// with *said the history's words, or the refusal on the call. e is the attached record.
hr_rc_t wf_union_record(hr_call_t *call, Hr__Workflow__Case *c,
                        const Hr__Workflow__RecordUnionRequest *req,
                        const Hr__Workflow__EvidenceRef *e, int32_t today, const char **said)
{
    hr_arena_t *arena = hr_call_arena(call);
    const char *what = req->what ? req->what : "";
    bool notice = !strcmp(what, "notice"), opinion = !strcmp(what, "opinion");
    bool reply = !strcmp(what, "reply"), cured = !strcmp(what, "cured");
    if (!notice && !opinion && !reply && !cured)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "工会事项（what）“%.32s”无法识别：只能是 notice（通知"
                                            "工会解除理由）、opinion（工会意见）、reply（书面处理"
                                            "答复）或 cured（起诉前补正通知）。",
                                            what),
                               "what: '%.32s' is not notice, opinion, reply or cured", what);
    int32_t day = 0;
    char buf[HR_DATE_LEN];
    if (!req->date || !hr_date_parse(req->date, &day))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena, "日期（date）“%.32s”不是 YYYY-MM-DD 格式的日期。",
                         req->date ? req->date : ""),
            "date: '%.32s' is not a date (YYYY-MM-DD)", req->date ? req->date : "");
    if (day > today)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "日期（date）%s 晚于今天（%s）：只能记录已经发生的事。",
                                            req->date, hr_date_format(today, buf)),
                               "date: %s is after today (%s): only what happened is recorded",
                               req->date, hr_date_format(today, buf));
    if (notice && strcmp(e->kind, "union_notice"))
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "证据 %.64s 的类型是%s，不是%s：不能证明已将解除理由"
                                            "通知工会（《劳动合同法》第四十三条）。",
                                            e->id, wf_kind_zh(e->kind),
                                            law_evidence_kind_zh(LAW_EVK_UNION_NOTICE)),
                               "evidence_id: %.64s is %s %s, not a union_notice record (LCL 43)",
                               e->id, wf_a(e->kind), e->kind);
    Hr__Workflow__UnionRecord *u = hr_arena_alloc(arena, sizeof *u);
    if (c->union_record)
        *u = *c->union_record;
    else
        hr__workflow__union_record__init(u);
    char *date = hr_arena_strdup(arena, req->date);
    if ((opinion || reply) && !*u->notice_date)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            hr_arena_fmt(arena,
                         "案件 %s 尚未记录通知工会（hrctl case union %s notice "
                         "DATE --evidence EVID）：先有通知，才有工会意见和答复。",
                         c->id, c->id),
            "case %s: no union notice recorded yet (hrctl case union %s notice "
            "DATE --evidence EVID): the opinion and the reply follow it",
            c->id, c->id);
    if (reply && strcmp(u->opinion, "objection"))
        return hr_call_fail_zh(call, HR_ECONFLICT,
                               hr_arena_fmt(arena,
                                            "案件 %s 没有记录工会的异议：书面处理答复是对工会异议"
                                            "的答复（《劳动合同法》第四十三条），请先记录工会意见"
                                            "（hrctl case union %s opinion DATE --evidence EVID "
                                            "--objection）。",
                                            c->id, c->id),
                               "case %s: no objection of the union recorded: the written reply "
                               "answers one (LCL 43); record the opinion first (hrctl case union "
                               "%s opinion DATE --evidence EVID --objection)",
                               c->id, c->id);
    const char *cure_zh = NULL;
    hr_rc_t cure_rc = HR_OK;
    const char *cure_why =
        cured ? wf_union_cure_why(c, req->date, arena, &cure_zh, &cure_rc) : NULL;
    if (cure_why)
        return hr_call_fail_zh(call, cure_rc, cure_zh, "%s", cure_why);
    int32_t before = 0;
    const char *earlier = opinion ? u->notice_date : reply ? u->opinion_date : "";
    if (*earlier && hr_date_parse(earlier, &before) && day < before)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena, "日期 %s 早于%s（%s）。", date,
                                            opinion ? "通知工会之日" : "工会提出意见之日", earlier),
                               "date: %s is before the %s (%s)", date,
                               opinion ? "union was notified" : "union's opinion", earlier);
    // The day the letter proposed is kept with the notice, so that a reprint states it
    // (wf_doc_union_day): HR's, checked as the letter's was, on the notice's own day; else the
    // one the letter states without it. None (a plan passed, or not after the interview) is kept
    // as none: the notice is recorded all the same.
    const char *proposed = "";
    if (notice) {
        const char *want = req->proposed_date ? req->proposed_date : "";
        int32_t pday = 0;
        char perr[WF_TEXT_MAX], pzh[WF_TEXT_MAX];
        hr_rc_t prc = wf_doc_union_day(c, want, day, &pday, perr, sizeof perr, pzh, sizeof pzh);
        if (prc && *want)
            return hr_call_fail_zh(call, prc, pzh, "proposed_date (--served): %s", perr);
        if (!prc && pday)
            proposed = hr_arena_strdup(arena, hr_date_format(pday, buf));
    }
    if (notice) { // what it told the union: the reasons as the case states them now
        u->notice_proposed_date = (char *)proposed;
        u->notice_date = date;
        u->notice_evidence_id = e->id;
        u->notice_ground = c->ground;
        u->notice_reasons = c->reviewed_reasons;
    } else if (opinion) {
        u->opinion = req->objection ? "objection" : "none";
        u->opinion_date = date;
        u->opinion_evidence_id = e->id;
        if (!req->objection) { // no objection: nothing to reply to
            u->reply_date = "";
            u->reply_evidence_id = "";
        }
    } else if (reply) {
        u->reply_date = date;
        u->reply_evidence_id = e->id;
    } else {
        u->cured_date = date;
        u->cured_evidence_id = e->id;
    }
    c->union_record = u;
    *said = hr_arena_fmt(arena, "%s%s %s, evidence %s (%s)", what,
                         opinion ? (req->objection ? " objection" : " none") : "", date, e->id,
                         e->kind);
    return HR_OK;
}

const char *wf_union_cure_why(const Hr__Workflow__Case *c, const char *date, hr_arena_t *arena,
                              const char **zh, hr_rc_t *rc)
{
    const Hr__Workflow__UnionRecord *u = c->union_record;
    *rc = HR_ECONFLICT;
    if (!u || !*u->opinion) {
        *zh = hr_arena_fmt(
            arena,
            "案件 %s 尚未记录工会的意见（opinion）：补正（《最高人民法院关于审理劳动"
            "争议案件适用法律问题的解释（一）》第四十七条）是在起诉前补做《劳动合同法》"
            "第四十三条的程序——将解除理由通知工会并听取其意见，工会提出异议的还须书面"
            "答复。请先记录通知和工会意见（hrctl case union %s notice|opinion DATE "
            "--evidence EVID），再记录补正。",
            c->id, c->id);
        return hr_arena_fmt(arena,
                            "union_record.opinion: case %s has no opinion of the union recorded: "
                            "a cure (Interp. I Art. 47) is the procedure of LCL 43 done before "
                            "the suit - the reasons notified to the union and its opinion heard, "
                            "an objection answered in writing; record the notice and the union's "
                            "opinion first (hrctl case union %s notice|opinion DATE --evidence "
                            "EVID)",
                            c->id, c->id);
    }
    bool objected = !strcmp(u->opinion, "objection");
    if (objected && !*u->reply_date) {
        *zh =
            hr_arena_fmt(arena,
                         "案件 %s 的工会已于 %s 提出异议，尚未记录书面处理答复（reply_date）：用人"
                         "单位应当研究工会的意见，并将处理结果书面通知工会（《劳动合同法》第四十三"
                         "条），答复之前程序没有补正。请先记录答复（hrctl case union %s reply DATE "
                         "--evidence EVID）。",
                         c->id, u->opinion_date, c->id);
        return hr_arena_fmt(arena,
                            "union_record.reply_date: the union objected on %s and no written "
                            "reply of the employer is recorded: the procedure is not cured before "
                            "it (LCL 43: the employer studies the opinion and notifies the union "
                            "in writing of the outcome); record the reply first (hrctl case union "
                            "%s reply DATE --evidence EVID)",
                            u->opinion_date, c->id);
    }
    const char *after = objected ? u->reply_date : u->opinion_date;
    int32_t day = 0, before = 0;
    *rc = HR_EINVAL;
    if (date && hr_date_parse(date, &day) && hr_date_parse(after, &before) && day < before) {
        *zh = hr_arena_fmt(arena, "补正日期（date）%s 早于%s（%s）：程序补正于其后。", date,
                           objected ? "本单位书面答复工会之日" : "工会提出意见之日", after);
        return hr_arena_fmt(arena,
                            "date: %s is before the %s (%s): the procedure is cured after it", date,
                            objected ? "employer's written reply" : "union's opinion", after);
    }
    *rc = HR_OK;
    return NULL;
}

const char *wf_union_outcome_why(const Hr__Workflow__Case *c, hr_arena_t *arena, const char **zh)
{
    const Hr__Workflow__UnionRecord *u = c->union_record;
    if (!u || strcmp(u->opinion, "objection") || *u->reply_date)
        return NULL;
    *zh = hr_arena_fmt(arena,
                       "工会已于 %s 对解除提出异议，本单位尚未记录书面处理答复：依照《劳动合同法》"
                       "第四十三条，用人单位应当研究工会的意见，并将处理结果书面通知工会。请先记录"
                       "答复（hrctl case union %s reply DATE --evidence EVID），再送达通知。",
                       u->opinion_date, c->id);
    return hr_arena_fmt(arena,
                        "union_record: the union objected on %s and no written reply of the "
                        "employer is recorded: under LCL 43 the employer studies the union's "
                        "opinion and notifies it in writing of the outcome; record the reply "
                        "(hrctl case union %s reply DATE --evidence EVID) before the notice",
                        u->opinion_date, c->id);
}

wf_problem_t wf_union_nobody(const wf_branch_t *branches, size_t n, bool head_has_union,
                             const char *union_of, hr_arena_t *arena)
{
    const char *zh = NULL, *en = NULL;
    if (*union_of) {
        zh = hr_arena_fmt(arena,
                          "分支机构 %s 的工会（branch/%s/has_union）在人员名册中没有在职的工会人员"
                          "（角色 union，本人的分支机构或所在部门属于 %s，且有邮箱或手机号）",
                          union_of, union_of, union_of);
        en = hr_arena_fmt(arena,
                          "branch %s's own union (branch/%s/has_union) has nobody active in the "
                          "directory (role union, of branch %s by their own branch or their "
                          "department, with an email or a mobile)",
                          union_of, union_of, union_of);
    } else {
        const char *shared_zh = wf_union_branches(branches, n, head_has_union, "", "、", arena);
        const char *shared_en = wf_union_branches(branches, n, head_has_union, "", ", ", arena);
        bool shared = *shared_en;
        zh = hr_arena_fmt(arena,
                          "总部的工会（law/has_union%s%s）在人员名册中没有在职的工会人员（角色 "
                          "union，属于总部%s，有邮箱或手机号）",
                          shared ? "，也代表未设置 has_union 的分支机构 " : "", shared_zh,
                          shared ? "或上述分支机构" : "");
        en = hr_arena_fmt(arena,
                          "the head office's union (law/has_union%s%s) has nobody active in the "
                          "directory (role union, of the head office%s, with an email or a mobile)",
                          shared ? ", which also stands for the branches that leave has_union "
                                   "unset: "
                                 : "",
                          shared_en, shared ? " or those branches" : "");
    }
    return (wf_problem_t){
        "UNION_NOBODY", "people.roles", "LCL 43",
        hr_arena_fmt(arena,
                     "%s，系统无法把解除理由发送给工会：请 HR 把该工会主席或工会委员会的联系人以"
                     "角色 union 导入人员名册（hrctl import people FILE），并将通知工会函书面送达"
                     "工会（已记录的通知照常有效）。",
                     zh),
        hr_arena_fmt(arena,
                     "%s, so the system cannot send it a rescission's reasons: import that union's "
                     "chair or committee contact with role union (hrctl import people FILE) and "
                     "serve the letter to the union on paper (a notice recorded stands)",
                     en)};
}
