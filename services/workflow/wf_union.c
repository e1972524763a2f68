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
    if (s->proven & bit) {
        bool dated = explained && *explained && hr_date_parse(explained, &day);
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
    if (s->proven & bit) {
        bool dated = reported && *reported && hr_date_parse(reported, &day);
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

// A block HR alone can clear: the union's notice, the layoff's dates and headcount - and the
// engine's EVIDENCE_MISSING on a fact one of those took away.
static bool s_hr_own(const law_finding_t *f)
{
    return !strcmp(f->code, "UNION_NOT_NOTIFIED") || !strncmp(f->code, "A41_EXPLANATION_", 16) ||
           !strncmp(f->code, "A41_REPORT_", 11) || !strcmp(f->code, "A41_HEADCOUNT_MISMATCH");
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
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(hr_call_arena(call),
                                            "%s（%s）只适用于经济性裁员（A41）；案件 %s 的解除依据"
                                            "是 %s：请去掉 %s。",
                                            what_zh, field, c->id, c->ground, flag),
                               "%s: only an A41 layoff has one (case %s is %s)", field, c->id,
                               c->ground);
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
