/*
 *  wf_layoff.c - the economic layoff as one decision (LCL 41): the batch's rules (pure).
 *
 *  An economic layoff covers many people, each an A41 case of their own, but what the statute
 *  asks of it is asked once: 20 people or more, or 10% of the workforce (the threshold is of
 *  the layoff, not of one case), the situation explained to the union or all staff 30 days
 *  before, the plan reported to the labour administration. A batch (Layoff, db `layoffs`)
 *  records that once - the ground of para 1, the two days with the records that show them, the
 *  member cases - and a member's review takes from it what it gives the engine: the layoff count
 *  is the number of members counted (not HR's typed number, which must agree or the review is
 *  refused), the dates are the batch's (a review giving others is refused). The engine
 *  (contracts/law-check.md) is not changed: it reads the same scenario fields, only their
 *  source is the batch. An A41 case in no batch cannot be reviewed lawful nor get a notice
 *  (A41_NO_BATCH, a block HR alone clears): HR's typed count alone is no ground.
 *
 *  A member is counted while its case can still lead to a layoff (wf_layoff_standing): not
 *  withdrawn or rescinded, not sent back by a review for an Art. 42 protection, no Art. 42
 *  status on record. The others stay listed with why. A change that would take a batch whose
 *  notices are served below the threshold is refused unless HR records why (wf_layoff_below_why).
 */
#include "wf.h"

#include <string.h>

#include "hr_calendar.h"

const char *wf_layoff_reason_name(int32_t reason)
{
    return reason >= 1 && reason <= WF_LAYOFF_REASONS ? wf_a41_trigger_at((size_t)reason - 1)
                                                      : NULL;
}

int32_t wf_layoff_reason_of(const char *trigger)
{
    for (int32_t r = 1; trigger && r <= WF_LAYOFF_REASONS; r++)
        if (!strcmp(trigger, wf_layoff_reason_name(r)))
            return r;
    return 0;
}

// The Art. 42 status a review's block finding names ("employee.status.pregnant" -> "pregnant").
static const char *s_blocked_status(const Hr__Workflow__Assessment *a)
{
    static const char prefix[] = "employee.status.";
    for (size_t i = 0; a && i < a->n_findings; i++) {
        const Hr__Workflow__Finding *f = a->findings[i];
        if (!strcmp(f->severity, "block") && wf_finding_is_protected(f))
            return strncmp(f->fact, prefix, sizeof prefix - 1) ? f->fact
                                                               : f->fact + sizeof prefix - 1;
    }
    return NULL;
}

wf_layoff_standing_t wf_layoff_standing(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p,
                                        int32_t today, const char **status)
{
    *status = "";
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN)
        return WF_LAYOFF_WITHDRAWN;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED)
        return WF_LAYOFF_RESCINDED;
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED)
        return WF_LAYOFF_WITHDRAWN;
    // A served notice laid the person off, whatever is learned of them since: the batch's
    // threshold is judged as it was when the notices went out (the warnings of a status found
    // after service are wf_review_protection's).
    if (c->outcome)
        return WF_LAYOFF_COUNTED;
    const char *st = s_blocked_status(c->assessment);
    if (st) {
        *status = st;
        return WF_LAYOFF_RETURNED;
    }
    for (size_t i = 0; p && i < p->n_protected_statuses; i++)
        if (law_status_find(p->protected_statuses[i]->status)) {
            *status = p->protected_statuses[i]->status;
            return WF_LAYOFF_PROTECTED;
        }
    if (p) {
        wf_retire_t r;
        wf_person_retirement(p, today, &r);
        if (r.known && r.pos.protected_) {
            *status = law_status_get(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT)->name;
            return WF_LAYOFF_PROTECTED;
        }
    }
    return WF_LAYOFF_COUNTED;
}

const char *wf_layoff_standing_name(wf_layoff_standing_t s)
{
    static const char *const names[] = {"counted", "withdrawn", "rescinded", "returned_protected",
                                        "protected"};
    return (size_t)s < sizeof names / sizeof names[0] ? names[s] : "";
}

bool wf_layoff_meets(int64_t counted, int64_t headcount)
{
    return counted >= LAW_LAYOFF_MIN_PEOPLE ||
           (headcount > 0 && counted * 100 >= headcount * LAW_LAYOFF_MIN_PERCENT);
}

char *wf_layoff_below_why(const Hr__Workflow__Layoff *l, const char *what_zh, const char *what_en,
                          int64_t counted, int64_t headcount, int64_t served, hr_arena_t *arena,
                          char **zh)
{
    int64_t share = headcount > 0 ? (headcount * LAW_LAYOFF_MIN_PERCENT + 99) / 100 : 0;
    *zh = hr_arena_fmt(
        arena,
        "%s后，裁员批次 %s 只剩 %lld 人计入裁减人数（职工总数 %lld 人），低于《劳动合同法》第四十"
        "一条的标准（二十人以上，或者占职工总数百分之十以上即 %lld 人以上），而批次中已有 %lld "
        "人的解除通知送达：已送达的裁员将失去依据。如确需如此，请写明原因重新提交（--below-"
        "threshold-reason 原因），原因将记入批次，已送达的每个案件都会显示警告；否则请先另行"
        "加入同一次裁员的其他案件（hrctl layoff add %s CASE_ID）。",
        what_zh, l->id, (long long)counted, (long long)headcount, (long long)share,
        (long long)served, l->id);
    return hr_arena_fmt(
        arena,
        "layoff %s: after %s it would count %lld people of a headcount of %lld, below the "
        "threshold of LCL 41 (20 people, or 10%% of the headcount: %lld), while %lld of its "
        "notices are served: those layoffs would lose their ground. If it must be so, state why "
        "(--below-threshold-reason TEXT): it is recorded on the batch and every served case "
        "shows a warning; else add the layoff's other cases first (hrctl layoff add %s CASE_ID)",
        l->id, what_en, (long long)counted, (long long)headcount, (long long)share,
        (long long)served, l->id);
}

law_finding_t wf_layoff_fell_below(const Hr__Workflow__Layoff *l, int64_t counted,
                                   int64_t headcount, const char *reason, hr_arena_t *arena)
{
    return (law_finding_t){
        .severity = LAW_SEVERITY_WARN,
        .code = "A41_BELOW_THRESHOLD_AFTER_SERVICE",
        .article = "LCL 41",
        .fact = "evidence.layoff_count",
        .message_zh = hr_arena_fmt(
            arena,
            "解除通知送达后，裁员批次 %s 的裁减人数降至 %lld 人（职工总数 %lld 人），低于"
            "《劳动合同法》第四十一条的标准（二十人以上，或者占职工总数百分之十以上）：本案的"
            "裁员可能被认定为违法解除（第八十七条，赔偿金为经济补偿的二倍）。HR 记录的原因："
            "%s",
            l->id, (long long)counted, (long long)headcount, reason),
        .message_en = hr_arena_fmt(
            arena,
            "layoff_id: after this notice was served, layoff %s fell to %lld people counted of a "
            "headcount of %lld, below the threshold of LCL 41 (20 people, or 10%% of the "
            "headcount): this layoff may be held unlawful (LCL 87, twice the severance). HR's "
            "reason: %s",
            l->id, (long long)counted, (long long)headcount, reason)};
}

bool wf_layoff_days_fixed(const Hr__Workflow__Case *c)
{
    return c->outcome != NULL;
}

static bool s_evidence_id(const char *s)
{
    if (!s || strlen(s) != 2 * WF_HASH_BYTES)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

char *wf_layoff_date_why(const char *what, const char *date, const char *evidence_id, int32_t today,
                         hr_arena_t *arena, char **zh)
{
    bool explained = !strcmp(what, "explained");
    const char *field = explained ? "explained_date" : "reported_date";
    const char *eid = explained ? "explained_evidence_id" : "reported_evidence_id";
    const char *what_zh =
        explained ? "向工会或者全体职工说明情况的日期" : "向劳动行政部门报告裁减人员方案的日期";
    date = date ? date : "";
    evidence_id = evidence_id ? evidence_id : "";
    int32_t day = 0;
    char buf[HR_DATE_LEN];
    if (!*date && !*evidence_id)
        return NULL;
    if (!hr_date_parse(date, &day)) {
        *zh = hr_arena_fmt(arena, "%s（%s）“%.32s”不是 YYYY-MM-DD 格式的日期。", what_zh, field,
                           date);
        return hr_arena_fmt(arena, "%s: '%.32s' is not a date (YYYY-MM-DD)", field, date);
    }
    if (day > today) {
        *zh = hr_arena_fmt(arena, "%s（%s）%s 晚于今天（%s）：只能记录已经做过的事。", what_zh,
                           field, date, hr_date_format(today, buf));
        return hr_arena_fmt(arena, "%s: %s is after today (%s): only what was done is recorded",
                            field, date, hr_date_format(today, buf));
    }
    if (!s_evidence_id(evidence_id)) {
        *zh = hr_arena_fmt(arena,
                           "%s须有证明它的证据（%s）：请给出 hr-evidence 中证据记录的编号（64 位"
                           "小写十六进制，hrctl evidence put 上传后给出），而不是“%.64s”。",
                           what_zh, eid, evidence_id);
        return hr_arena_fmt(arena,
                            "%s: the record that shows the %s is required: the id of an evidence "
                            "record (64 lower-case hex digits, as hrctl evidence put gives it), "
                            "not '%.64s'",
                            eid, field, evidence_id);
    }
    return NULL;
}

char *wf_layoff_create_why(const Hr__Workflow__CreateLayoffRequest *req, int32_t today,
                           hr_arena_t *arena, char **zh)
{
    if (!wf_layoff_reason_name(req->reason)) {
        *zh = hr_arena_fmt(arena,
                           "裁员情形（reason）%d 不是《劳动合同法》第四十一条第一款所列的情形："
                           "只能是 1（%s，依照企业破产法规定进行重整）、2（%s，生产经营发生严重"
                           "困难）、3（%s，转产、重大技术革新或者经营方式调整）或 4（%s，其他"
                           "客观经济情况发生重大变化）。",
                           (int)req->reason, wf_layoff_reason_name(1), wf_layoff_reason_name(2),
                           wf_layoff_reason_name(3), wf_layoff_reason_name(4));
        return hr_arena_fmt(arena,
                            "reason: %d is not an item of LCL 41 para 1: 1 (%s), 2 (%s), 3 (%s) "
                            "or 4 (%s)",
                            (int)req->reason, wf_layoff_reason_name(1), wf_layoff_reason_name(2),
                            wf_layoff_reason_name(3), wf_layoff_reason_name(4));
    }
    char *why = wf_layoff_date_why("explained", req->explained_date, req->explained_evidence_id,
                                   today, arena, zh);
    return why ? why
               : wf_layoff_date_why("reported", req->reported_date, req->reported_evidence_id,
                                    today, arena, zh);
}

char *wf_layoff_join_why(const Hr__Workflow__Layoff *l, const Hr__Workflow__Case *c,
                         hr_arena_t *arena, char **zh, hr_rc_t *code)
{
    *code = HR_EINVAL;
    if (strcmp(c->ground, "A41")) {
        *zh = hr_arena_fmt(arena,
                           "案件 %s 的依据是%s，不是经济性裁员（A41）：只有 A41 案件可以加入"
                           "裁员批次（case_id）。",
                           c->id, wf_ground_zh(arena, c->ground));
        return hr_arena_fmt(arena,
                            "case_id: case %s is %s, not an A41 layoff: only an A41 case joins a "
                            "layoff batch",
                            c->id, c->ground);
    }
    *code = HR_ECONFLICT;
    if (*c->layoff_id) {
        bool same = !strcmp(c->layoff_id, l->id);
        *zh = hr_arena_fmt(arena, "案件 %s 已经%s裁员批次 %s 中%s。", c->id,
                           same ? "在本" : "在另一个", c->layoff_id,
                           same ? "" : "：一个案件只属于一次裁员");
        return hr_arena_fmt(arena, "case_id: case %s is already in layoff %s%s", c->id,
                            c->layoff_id, same ? "" : " (a case belongs to one layoff)");
    }
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN) {
        *zh = hr_arena_fmt(
            arena, "案件 %s 已经结束（%s）：只有进行中的案件可以加入裁员批次。", c->id,
            protobuf_c_enum_descriptor_get_value(&hr__workflow__case_state__descriptor, c->state)
                ->name);
        return hr_arena_fmt(
            arena, "case_id: case %s is not open (%s): only an open case joins", c->id,
            protobuf_c_enum_descriptor_get_value(&hr__workflow__case_state__descriptor, c->state)
                ->name);
    }
    const char *name = wf_layoff_reason_name(l->reason);
    if (*c->a41_trigger && name && strcmp(c->a41_trigger, name)) {
        *zh = hr_arena_fmt(arena,
                           "案件 %s 审核时记录的裁员情形是 %s，而裁员批次 %s 的情形是 %s：同一次"
                           "裁员只有一个情形（《劳动合同法》第四十一条第一款）。请核对后重新审核"
                           "该案件，或选择正确的批次。",
                           c->id, c->a41_trigger, l->id, name);
        return hr_arena_fmt(arena,
                            "case_id: case %s was reviewed with the trigger %s, layoff %s is %s: "
                            "one layoff has one ground of LCL 41 para 1",
                            c->id, c->a41_trigger, l->id, name);
    }
    return NULL;
}

// One date of the review against the batch's: none given takes the batch's; another is refused.
static char *s_review_date(const char *field, const char *flag, const char *what_zh,
                           const char *batch_date, const char *layoff_id, char **date,
                           hr_arena_t *arena, char **zh)
{
    if (*date && **date && strcmp(*date, batch_date)) {
        *zh = hr_arena_fmt(arena,
                           "本案属于裁员批次 %s：%s（%s）以批次记录的为准（%s），审核不能另填 "
                           "%s。请去掉 %s；日期有误请更正批次（hrctl layoff date %s ...）。",
                           layoff_id, what_zh, field, *batch_date ? batch_date : "尚未记录", *date,
                           flag, layoff_id);
        return hr_arena_fmt(arena,
                            "%s: the case is in layoff %s, whose date is the layoff's (%s), not "
                            "%s: leave %s out, or correct the layoff (hrctl layoff date %s ...)",
                            field, layoff_id, *batch_date ? batch_date : "none recorded yet", *date,
                            flag, layoff_id);
    }
    *date = (char *)batch_date;
    return NULL;
}

char *wf_layoff_review_why(const Hr__Workflow__Layoff *l, int64_t members, bool typed,
                           int64_t typed_count, Hr__Workflow__ReviewCaseRequest *in,
                           hr_arena_t *arena, char **zh)
{
    if (typed && typed_count != members) {
        *zh = hr_arena_fmt(arena,
                           "本案属于裁员批次 %s，裁减人数（layoff_count）以批次中的案件数为准："
                           "批次现有 %lld 人，审核填写的是 %lld 人。请按 %lld 确认（--fact "
                           "layoff_count=%lld,EVID），或先把其他被裁减人员的案件加入批次（hrctl "
                           "layoff add %s CASE_ID）。",
                           l->id, (long long)members, (long long)typed_count, (long long)members,
                           (long long)members, l->id);
        return hr_arena_fmt(arena,
                            "facts.layoff_count: the case is in layoff %s, whose count is its "
                            "members: %lld, HR typed %lld; confirm layoff_count=%lld, or add the "
                            "other cases of the layoff first (hrctl layoff add %s CASE_ID)",
                            l->id, (long long)members, (long long)typed_count, (long long)members,
                            l->id);
    }
    char *why = s_review_date("explained_date", "--explained-on", "向工会或全体职工说明情况的日期",
                              l->explained_date, l->id, &in->explained_date, arena, zh);
    if (!why)
        why = s_review_date("reported_date", "--reported-on", "向劳动行政部门报告裁员方案的日期",
                            l->reported_date, l->id, &in->reported_date, arena, zh);
    if (why)
        return why;
    const char *name = wf_layoff_reason_name(l->reason);
    if (in->a41_trigger && *in->a41_trigger && name && strcmp(in->a41_trigger, name)) {
        *zh = hr_arena_fmt(arena,
                           "本案属于裁员批次 %s，裁员情形（a41_trigger）以批次为准（%s），审核"
                           "不能另填 %s：请去掉 --a41-trigger。",
                           l->id, name, in->a41_trigger);
        return hr_arena_fmt(arena,
                            "a41_trigger: the case is in layoff %s, whose ground is %s, not %s: "
                            "leave --a41-trigger out",
                            l->id, name, in->a41_trigger);
    }
    if (name)
        in->a41_trigger = (char *)name;
    return NULL;
}

void wf_layoff_undated(const Hr__Workflow__Layoff *l, law_finding_t *f, size_t n, hr_arena_t *arena)
{
    for (size_t i = 0; i < n; i++) {
        bool explained = !strcmp(f[i].code, "A41_EXPLANATION_UNDATED");
        if (!explained && strcmp(f[i].code, "A41_REPORT_UNDATED"))
            continue;
        const char *what = explained ? "explained" : "reported";
        f[i].message_zh = hr_arena_fmt(
            arena,
            "本案属于裁员批次 %s，批次尚未记录%s（《劳动合同法》第四十一条：%s）。请 HR 在批次上"
            "记录该日期及其证据（hrctl layoff date %s %s YYYY-MM-DD --evidence EVID），再审核。",
            l->id, explained ? "向工会或者全体职工说明情况的日期" : "向劳动行政部门报告的日期",
            explained ? "提前三十日说明" : "裁员前报告", l->id, what);
        f[i].message_en = hr_arena_fmt(
            arena,
            "layoff_id: the case is in layoff %s, which has no day of the %s recorded (LCL 41: "
            "%s): "
            "record it on the layoff with its record (hrctl layoff date %s %s YYYY-MM-DD "
            "--evidence EVID), then review again",
            l->id,
            explained ? "explanation to the union or all staff" : "report to the labour bureau",
            explained ? "thirty days before the notice" : "before the layoff", l->id, what);
    }
}

law_finding_t wf_layoff_alone(void)
{
    return (law_finding_t){
        .severity = LAW_SEVERITY_BLOCK,
        .code = "A41_NO_BATCH",
        .article = "LCL 41",
        .fact = "evidence.layoff_count",
        .message_zh = "本案不属于任何裁员批次：经济性裁员的人数（二十人以上，或者占职工总数百分之"
                      "十以上）按整次裁员计算，裁员情形、向工会或者全体职工说明情况和向劳动行政"
                      "部门报告也是整次裁员的（《劳动合同法》第四十一条），HR 单独填写的人数不能"
                      "作为依据，本案不能审核为合法，也不能出具解除通知。请建立裁员批次并把本次"
                      "裁员的全部案件加入（hrctl layoff create --reason 情形；hrctl layoff add "
                      "批次编号 案件编号），再审核。",
        .message_en = "layoff_id: this A41 case is in no layoff batch: the threshold (20 people, "
                      "or 10% of the headcount), the ground, the explanation and the report are "
                      "the whole layoff's (LCL 41), and HR's typed layoff_count alone is no "
                      "ground: the case cannot be reviewed lawful nor get a notice. Create the "
                      "layoff and add each of its cases (hrctl layoff create --reason TRIGGER; "
                      "hrctl layoff add ID CASE_ID), then review again"};
}
