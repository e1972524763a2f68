/*  wf_absence - the absence a case claims, held against the company's own attendance feed.
 *
 *  An Art. 39(2) case often rests on days away from work. The employer bears the burden of proof
 *  (Interp. I Art. 44), and an arbitrator who reads the company's own attendance records showing
 *  the employee at work on a claimed day does not believe the rest. So the manager states the
 *  days as data (Case.absence_days: OpenCaseRequest, restated at SubmitCaseRequest), never in the
 *  reason's words, and HR review asks hr-analytics what its feed shows on each of them
 *  (analytics.GetFacts with `days`, as the operator: the system checking itself) on a thread of
 *  its own while the review waits parked (hr_call_park), as wf_signers asks hr-evidence.
 *
 *  A day the feed contradicts - punches, approved leave, an approval the attendance system
 *  records, no working day, no import covering it although imports name the person - is a block
 *  finding (ABSENCE_CONTRADICTED), one per day, naming what the feed shows and the records it
 *  comes from, and what the manager can do: the case goes back like every block finding. HR may
 *  accept attached records that explain the difference (ReviewCaseRequest.absence_explained_by:
 *  a signed statement that someone else punched): the finding stays, as a warning naming them.
 *  When analytics holds nothing of the person's attendance the claim cannot be checked: a
 *  warning (ABSENCE_NOT_CHECKED), never a block - the feed is not the only evidence. When
 *  hr-analytics cannot be asked, the review fails EUNAVAIL and the case is unchanged: a claim is
 *  never passed unseen.
 */
#include "wf.h"

#define WF_ABSENCE_PROBLEM_MAX 256
#define S_ARTICLE "Interp. I Art. 44"
#define S_FACT "case.absence_days"

struct wf_absence {
    hr_job_t job;                         // first: in self->absence_jobs under the msg_id
    hr_arena_t *arena;                    // owned: everything below
    char *endpoint;                       // arena: hr-analytics' ROUTER
    int64_t offset_ms;                    // the daemon's clock offset, for the envelopes' times
    Hr__Analytics__GetFactsRequest req;   // the question (strings in arena)
    Hr__Analytics__GetFactsReply *rep;    // arena: the answer; NULL when none
    const char *none;                     // arena: analytics holds nothing of the person: why
    hr_rc_t rc;                           // HR_OK, or why hr-analytics could not say
    char problem[WF_ABSENCE_PROBLEM_MAX]; // what went wrong, for the refusal
};

char *wf_absence_days_why(const char *field, char *const *days, size_t n, int32_t today,
                          hr_arena_t *arena, char **zh)
{
    char *unused = NULL;
    zh = zh ? zh : &unused;
    *zh = NULL;
    if (n > WF_ABSENCE_DAYS_MAX) {
        *zh =
            hr_arena_fmt(arena, "缺勤日期（%s）给了 %zu 天，最多 %d 天：请只列出需要核对的缺勤日。",
                         field, n, WF_ABSENCE_DAYS_MAX);
        return hr_arena_fmt(arena, "%s: %zu days given, at most %d", field, n, WF_ABSENCE_DAYS_MAX);
    }
    int32_t first = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t d;
        char bad[HR_DATE_WHY_LEN];
        if (!days[i] || !hr_date_parse(days[i], &d)) {
            *zh = hr_arena_fmt(
                arena, "第 %zu 个缺勤日期（%s[%zu]）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                i + 1, field, i, days[i] ? days[i] : "");
            return hr_arena_fmt(arena, "%s[%zu]: '%.32s' %s", field, i, days[i] ? days[i] : "",
                                hr_date_why(days[i] ? days[i] : "", bad, sizeof bad));
        }
        if (i && d <= prev) {
            *zh = d == prev ? hr_arena_fmt(arena,
                                           "缺勤日期 %s 写了两次（%s[%zu]）：每天只写一次，并按日期"
                                           "先后排列。",
                                           days[i], field, i)
                            : hr_arena_fmt(arena,
                                           "缺勤日期 %s 排在了更晚的 %s 之后（%s[%zu]）：请按日期"
                                           "先后排列，每天只写一次。",
                                           days[i], days[i - 1], field, i);
            return hr_arena_fmt(arena, "%s[%zu]: %s %s %s: give each day once, in order", field, i,
                                days[i], d == prev ? "repeats" : "comes before", days[i - 1]);
        }
        if (d >= today) {
            char t[HR_DATE_LEN];
            *zh = hr_arena_fmt(
                arena, "缺勤日期 %s（%s[%zu]）还没有过完（今天是 %s）：只能申报已经过去的缺勤日。",
                days[i], field, i, hr_date_format(today, t));
            return hr_arena_fmt(arena,
                                "%s[%zu]: %s is not over yet (today is %s): only a past day's "
                                "absence can be claimed",
                                field, i, days[i], hr_date_format(today, t));
        }
        first = i ? first : d;
        if (d - first >= WF_ABSENCE_SPAN_MAX) {
            *zh = hr_arena_fmt(
                arena,
                "缺勤日期 %s（%s[%zu]）距第一个缺勤日 %s 超过 %d 天：请只申报一年之内的缺勤。",
                days[i], field, i, days[0], WF_ABSENCE_SPAN_MAX - 1);
            return hr_arena_fmt(arena, "%s[%zu]: %s is more than %d days after %s", field, i,
                                days[i], WF_ABSENCE_SPAN_MAX - 1, days[0]);
        }
        prev = d;
    }
    return NULL;
}

// ---- the question, on its own thread ----

static void s_free(struct wf_absence **q_p)
{
    struct wf_absence *q = *q_p;
    if (!q)
        return;
    hr_arena_destroy(&q->arena);
    hr_free(*q_p);
}

static void s_free_hook(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    struct wf_absence *q = arg;
    s_free(&q);
}

static void s_work(const hr_server_t *server, void *arg)
{
    struct wf_absence *q = arg;
    if (hr_work_stopping(server)) {
        q->rc = HR_EUNAVAIL;
        snprintf(q->problem, sizeof q->problem, "hr-workflow is stopping");
        return;
    }
    wf_peer_t peer;
    q->rc =
        wf_peer_open(&peer, "analytics", q->endpoint, q->offset_ms, q->problem, sizeof q->problem);
    if (q->rc)
        return;
    hr_call_opts_t opts = {
        .timeout_ms = WF_ABSENCE_TIMEOUT_MS, .retries = -1, .actor = &peer.actor};
    hr_result_t res = {0};
    hr_rc_t rc = hr_client_call(peer.client, "analytics.GetFacts", &q->req.base,
                                &hr__analytics__get_facts_reply__descriptor, q->arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (rc == HR_ENOTFOUND) { // not in analytics' people feed: nothing of them is known
        q->none = hr_arena_fmt(q->arena, "hr-analytics: %s",
                               res.message && *res.message ? res.message : "no such person");
    } else if (rc) {
        q->rc = wf_peer_problem("analytics", rc, &res, WF_ABSENCE_TIMEOUT_MS, "", q->problem,
                                sizeof q->problem);
    } else {
        q->rep = res.reply;
    }
    wf_peer_close(&peer);
}

struct wf_absence *wf_absence_taken(wf_server_t *self, hr_call_t *call, bool *running)
{
    struct wf_absence *q = (struct wf_absence *)hr_call_job(call, &self->absence_jobs, running);
    if (q) { // freed when this run ends, committed or not
        hr_call_after_commit(call, s_free_hook, q);
        hr_call_after_abort(call, s_free_hook, q);
    }
    return q;
}

static hr_rc_t s_ask(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c, bool *parked)
{
    hr_rc_t erc = wf_peer_endpoint(self, call, "analytics", &self->analytics_endpoint,
                                   "could not check the claimed absence", "nothing was reviewed",
                                   "无法核对所申报的缺勤，本次没有审核");
    if (erc)
        return erc;
    struct wf_absence *q = hr_alloc(sizeof *q);
    q->arena = hr_arena_new(0);
    q->endpoint = hr_arena_strdup(q->arena, self->analytics_endpoint);
    q->offset_ms = hr_clock_offset_ms(self->clock);
    hr__analytics__get_facts_request__init(&q->req);
    q->req.employee_no = hr_arena_strdup(q->arena, c->employee_no);
    q->req.from = hr_arena_strdup(q->arena, c->absence_days[0]);
    q->req.to = hr_arena_strdup(q->arena, c->absence_days[c->n_absence_days - 1]);
    q->req.no_team = true;
    q->req.n_days = c->n_absence_days;
    q->req.days = hr_arena_alloc(q->arena, c->n_absence_days * sizeof *q->req.days);
    for (size_t i = 0; i < c->n_absence_days; i++)
        q->req.days[i] = hr_arena_strdup(q->arena, c->absence_days[i]);
    hr_rc_t rc = hr_call_park_job(call, &self->absence_jobs, &q->job, s_work);
    if (rc) {
        s_free(&q);
        return rc;
    }
    hr_debug("absence.asked", "msg=%s case=%s days=%zu", hr_call_msg_id(call), c->id,
             c->n_absence_days);
    *parked = true;
    return HR_OK;
}

hr_rc_t wf_absence_get(wf_server_t *self, hr_call_t *call, struct wf_absence *taken,
                       const Hr__Workflow__Case *c, const Hr__Analytics__GetFactsReply **rep,
                       const char **none, bool *parked)
{
    *rep = NULL;
    *none = NULL;
    *parked = false;
    if (!taken)
        return s_ask(self, call, c, parked);
    if (taken->rc) {
        hr_warn("absence.unchecked", "case=%s rc=%s", c->id, hr_rc_name(taken->rc));
        return hr_call_fail_zh(
            call, HR_EUNAVAIL,
            wf_zh(call,
                  "暂时无法向 hr-analytics 核对本案申报的 %zu "
                  "天缺勤（%s），因此没有进行审核：请稍后重试；如仍不行，请联系系统管理员（hrctl "
                  "health 可查看各服务状态）。",
                  c->n_absence_days, taken->problem),
            "could not check the claimed absence: %s; the case claims %zu "
            "day%s of absence, so nothing was reviewed: try again",
            taken->problem, c->n_absence_days, c->n_absence_days == 1 ? "" : "s");
    }
    bool same = taken->req.n_days == c->n_absence_days;
    for (size_t i = 0; same && i < c->n_absence_days; i++)
        same = !strcmp(taken->req.days[i], c->absence_days[i]);
    if (!same)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call, "向 hr-analytics 核对期间，案件 %s 申报的缺勤日期有了变化：请重新审核。",
                  c->id),
            "case %s: its claimed absence days changed while hr-analytics was "
            "asked; review again",
            c->id);
    hr_arena_t *arena = hr_call_arena(call);
    *none = taken->none ? hr_arena_strdup(arena, taken->none) : NULL;
    *rep = taken->rep; // lives until the call ends (s_free_hook)
    return HR_OK;
}

void wf_absence_free_all(wf_server_t *self)
{
    while (self->absence_jobs) {
        struct wf_absence *q = (struct wf_absence *)self->absence_jobs;
        self->absence_jobs = q->job.next;
        s_free(&q);
    }
}

// ---- the findings (pure) ----

// What the feed shows on a day, both languages; NULL: the day is an absence by the feed.
static bool s_shows(const char *status, const char **zh, const char **en)
{
    static const struct {
        const char *status, *zh, *en;
    } t[] = {
        {"present", "当天有上下班打卡", "punches on the day (check-in and check-out)"},
        {"missing_punch", "当天有一次打卡", "a punch on the day"},
        {"approved", "考勤系统记录了当天的审批（请假、出差等）",
         "the attendance system records an approval for the day (leave, a business trip, ...)"},
        {"leave", "当天为批准的假期", "approved leave on the day"},
        {"rest", "当天不是工作日（公司日历或本人排班）",
         "no working day (the company calendar or the person's schedule)"},
        {"irregular", "当天实行不定时工作制，不计缺勤",
         "irregular working hours (不定时工作制) that day: no absence is counted"},
        {"uncovered", "没有任何考勤导入覆盖当天，公司记录无法证明缺勤",
         "no attendance import covers the day: the company's records cannot show an absence"},
        {"not_over", "考勤数据尚未计到当天", "the attendance feed does not count the day yet"},
        {"not_employed", "人员数据显示当天本人不在职",
         "the people feed has the person not employed on the day"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(t); i++)
        if (!strcmp(status, t[i].status)) {
            *zh = t[i].zh;
            *en = t[i].en;
            return true;
        }
    *zh = *en = NULL;
    return false; // absent (or a status this build does not know: said as is below)
}

// The day's sources, "attendance.csv 第12行（check-in 08:55；导入 3f2a9c01d4e5）" and English; a
// JSON feed's by its record ("dt.json 第18条记录（编号 71001；...）", "record 18 (id 71001; ...)"):
// a JSON file has no lines to count. A leave row is named by its file, place and import only:
// the manager reads the finding, and a leave's type (产检, 医疗期) can tell a status the law
// protects, which only HR sees.
static void s_sources(const Hr__Analytics__DayRecord *dr, hr_arena_t *arena, char **zh, char **en)
{
    *zh = "";
    *en = "";
    bool bare = !strcmp(dr->status, "leave");
    for (size_t i = 0; i < dr->n_sources; i++) {
        const Hr__Analytics__Source *s = dr->sources[i];
        const char *note = bare || !*s->note ? "" : s->note;
        bool id = s->record && *s->record_id;
        const char *at_zh = s->record ? hr_arena_fmt(arena, "第%u条记录", s->line)
                                      : hr_arena_fmt(arena, "第%u行", s->line);
        const char *at_en = hr_arena_fmt(arena, "%s %u", s->record ? "record" : "line", s->line);
        const char *id_zh = id ? hr_arena_fmt(arena, "编号 %s；", s->record_id) : "";
        const char *id_en = id ? hr_arena_fmt(arena, "id %s; ", s->record_id) : "";
        *zh = hr_arena_fmt(arena, "%s%s%s %s（%s%s%s导入 %.12s）", *zh, i ? "、" : "", s->file_name,
                           at_zh, id_zh, note, *note ? "；" : "", s->file_id);
        *en = hr_arena_fmt(arena, "%s%s%s %s (%s%s%simport %.12s)", *en, i ? ", " : "",
                           s->file_name, at_en, id_en, note, *note ? "; " : "", s->file_id);
    }
}

static const char *s_days_text(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    char *t = "";
    for (size_t i = 0; i < c->n_absence_days; i++)
        t = hr_arena_fmt(arena, "%s%s%s", t, i ? ", " : "", c->absence_days[i]);
    return t;
}

size_t wf_absence_findings(const Hr__Workflow__Case *c, const Hr__Analytics__GetFactsReply *rep,
                           const char *none, char *const *explained, size_t nexplained,
                           hr_arena_t *arena, law_finding_t *out, size_t max)
{
    size_t n = 0;
    if (!c->n_absence_days || !max)
        return 0;
    if (!rep || !rep->attendance_named) {
        const char *why = none ? none
                               : "no attendance import names the person's PIN (hrctl import "
                                 "pins|attendance)";
        out[n++] = (law_finding_t){
            LAW_SEVERITY_WARN,
            "ABSENCE_NOT_CHECKED",
            S_ARTICLE,
            S_FACT,
            hr_arena_fmt(
                arena,
                "无法核对缺勤主张：本案主张 %s 于 %s 缺勤，但考勤分析服务没有本人的考勤数据"
                "（%s）。用人单位对解除事实负举证责任（劳动争议司法解释（一）第四十四条）："
                "请导入本人的考勤数据后重新复核，或以其他证据证明缺勤。",
                c->employee_no, s_days_text(c, arena), why),
            hr_arena_fmt(arena,
                         "Claimed absence not checked: the case claims %s was absent on %s, but "
                         "hr-analytics holds no attendance feed for the person (%s). The "
                         "employer bears the burden of proof (Interp. I Art. 44): import the "
                         "person's attendance and review again, or prove the absence by other "
                         "evidence.",
                         c->employee_no, s_days_text(c, arena), why),
        };
        return n;
    }
    char *ex_zh = "", *ex_en = "";
    for (size_t i = 0; i < nexplained; i++) {
        ex_zh = hr_arena_fmt(arena, "%s%s%s", ex_zh, i ? "、" : "", explained[i]);
        ex_en = hr_arena_fmt(arena, "%s%s%s", ex_en, i ? ", " : "", explained[i]);
    }
    for (size_t i = 0; i < rep->n_day_records && n < max; i++) {
        const Hr__Analytics__DayRecord *dr = rep->day_records[i];
        const char *zh, *en;
        if (!s_shows(dr->status, &zh, &en)) {
            if (!strcmp(dr->status, "absent"))
                continue; // the feed agrees
            zh = en = hr_arena_fmt(arena, "'%s'", dr->status);
        }
        char *src_zh, *src_en;
        s_sources(dr, arena, &src_zh, &src_en);
        const char *note = *dr->note ? dr->note : "";
        const char *szh = *src_zh ? hr_arena_fmt(arena, "；来源：%s", src_zh) : "";
        const char *sen = *src_en ? hr_arena_fmt(arena, "; sources: %s", src_en) : "";
        if (nexplained) {
            out[n++] = (law_finding_t){
                LAW_SEVERITY_WARN,
                "ABSENCE_CONTRADICTION_EXPLAINED",
                S_ARTICLE,
                S_FACT,
                hr_arena_fmt(arena,
                             "%s：本案主张缺勤，考勤数据显示%s（%s%s）。HR 已采纳解释差异的证据"
                             "：%s；仲裁时须由该证据说明差异。",
                             dr->day, zh, note, szh, ex_zh),
                hr_arena_fmt(arena,
                             "%s: the case claims an absence; the attendance feed shows %s (%s%s). "
                             "HR accepted the records explaining the difference: %s; at "
                             "arbitration they must explain it.",
                             dr->day, en, note, sen, ex_en),
            };
            continue;
        }
        out[n++] = (law_finding_t){
            LAW_SEVERITY_BLOCK,
            "ABSENCE_CONTRADICTED",
            S_ARTICLE,
            S_FACT,
            hr_arena_fmt(arena,
                         "%s：本案主张 %s 当天缺勤，但公司自己的考勤数据显示%s（%s%s）。用人单位"
                         "对解除事实负举证责任（劳动争议司法解释（一）第四十四条），自己的考勤记录"
                         "与主张相矛盾，仲裁中无法证明。经理可以：更正所主张的缺勤日期（hrctl "
                         "case submit %s --absent 日期，或 --absent none）；或附上能解释差异的"
                         "证据（例如经签字确认的、证明当天打卡系他人代打的记录），由 HR 复核时"
                         "以 --absence-explained 证据ID 采纳。",
                         dr->day, c->employee_no, zh, note, szh, c->id),
            hr_arena_fmt(arena,
                         "%s: the case claims %s was absent, but the company's own attendance "
                         "feed shows %s (%s%s). The employer bears the burden of proof (Interp. "
                         "I Art. 44) and its own records contradicting the claim lose the "
                         "hearing. The manager can correct the claimed days (hrctl case submit "
                         "%s --absent DAYS, or --absent none), or attach the evidence that "
                         "explains the difference (e.g. a signed record that the punches were "
                         "made by someone else), which HR accepts at review with "
                         "--absence-explained EVIDENCE_ID.",
                         dr->day, c->employee_no, en, note, sen, c->id),
        };
    }
    return n;
}
