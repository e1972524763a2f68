/*  an_metrics - process metrics from the workflow's events.
 *
 *  an_metrics_apply() (through an_events_apply, the hr_consumer apply function): each workflow
 *  event (CaseOpened, StepCompleted, CaseReturned, StepOverdue, CaseClosed, DisputeRecorded)
 *  updates the case's CaseStat in the consumer's batch transaction, together with the cursor, so
 *  every event counts exactly once; the CaseClosed's contract end and keeping day, and a later
 *  RetentionRedated's, are kept on it for the retention sweep (an_retention.c), which holds
 *  the imports of a case's employee while the case is kept. an_process_metrics() is pure: cases in,
 * metric rows out (issue 6, item 3): cases by state, cycle time per step (median, p90), overdue
 * steps, the return rate by ground, manager and department, cases per department, the dispute rate
 * after close, time to close; an_case_matches() picks the cases of a window of opening days and a
 *  department. A withdrawn case is no dismissal that ended: it is counted as withdrawn, never as
 *  closed, so it dilutes neither the dispute rate nor the time to close; nor is a rescinded one
 *  (the notice revoked by agreement after the outcome, the employment goes on: its later
 *  CaseClosed says so). A rate or median over no cases has no value (Metric.no_value, "n/a"),
 *  never a 0 that reads as perfect. A step whose event carried no times (a returned review's,
 *  from a workflow before its fix: started 0, done 0) is a time not known, left out of the cycle
 *  times (an_step_time_known), never an instant step.
 */
#include "an.h"
#include "workflow.pb-c.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static Hr__Analytics__CaseStat *s_case(hr_txn_t *txn, hr_arena_t *arena, const char *id,
                                       hr_rc_t *rc)
{
    Hr__Analytics__CaseStat *c = NULL;
    *rc = an_store_case_get(txn, id, arena, &c);
    if (*rc == HR_ENOTFOUND) {
        c = hr_arena_alloc(arena, sizeof *c);
        hr__analytics__case_stat__init(c);
        c->case_id = hr_arena_strdup(arena, id);
        *rc = HR_OK;
    }
    return *rc ? NULL : c;
}

#define S_UNPACK(type, desc, ev, arena)                                                            \
    ((type *)protobuf_c_message_unpack(&(desc), hr_arena_pb_allocator(arena), (ev)->body.len,      \
                                       (ev)->body.data))

// Keeps a return's stage and its findings' codes on the case (the latest AN_RETURNS_MAX), once
// by its seq: one at or below returned_seq was kept before (the log read again by schema 15's
// migration). A code that is no clean id is kept as "unknown" (counted as other), never dropped.
static void s_return_keep(Hr__Analytics__CaseStat *c, const Hr__Workflow__CaseReturned *e,
                          const Hr__Sys__Event *ev, hr_arena_t *arena)
{
    if (ev->seq <= c->returned_seq)
        return;
    Hr__Analytics__CaseReturn *r = hr_arena_alloc(arena, sizeof *r);
    hr__analytics__case_return__init(r);
    r->at_ms = e->at_ms ? e->at_ms : ev->at_ms;
    r->step = an_id_is_clean(e->step) ? e->step : "unknown";
    r->seq = ev->seq;
    r->codes = hr_arena_alloc(arena, (e->n_findings + 1) * sizeof *r->codes);
    for (size_t i = 0; i < e->n_findings; i++) {
        const char *code = e->findings[i] ? e->findings[i]->code : "";
        char *k = an_id_is_clean(code) && *code ? (char *)code : "unknown";
        size_t j = 0;
        while (j < r->n_codes && strcmp(r->codes[j], k))
            j++;
        if (j == r->n_codes)
            r->codes[r->n_codes++] = k;
    }
    size_t keep = c->n_returns_kept < AN_RETURNS_MAX ? c->n_returns_kept : AN_RETURNS_MAX - 1;
    Hr__Analytics__CaseReturn **list = hr_arena_alloc(arena, (keep + 1) * sizeof *list);
    if (keep)
        memcpy(list, c->returns_kept + (c->n_returns_kept - keep), keep * sizeof *list);
    list[keep] = r;
    c->returns_kept = list;
    c->n_returns_kept = keep + 1;
    c->returned_seq = ev->seq;
}

hr_rc_t an_metrics_returned(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(2048);
    Hr__Analytics__CaseStat *c = NULL;
    hr_rc_t rc = HR_OK;
    Hr__Workflow__CaseReturned *e =
        S_UNPACK(Hr__Workflow__CaseReturned, hr__workflow__case_returned__descriptor, ev, arena);
    if (!e)
        rc = HR_EIO;
    else if ((rc = an_store_case_get(txn, e->case_id, arena, &c)) == HR_OK &&
             ev->seq > c->returned_seq) {
        s_return_keep(c, e, ev, arena);
        rc = an_store_case_put(txn, c);
    }
    if (rc == HR_ENOTFOUND || rc == HR_EINVAL)
        rc = HR_OK; // never seen opened (or no id): no return was counted on it either
    if (rc)
        hr_error("metrics.event_bad", "seq=%llu type=%s rc=%s", (unsigned long long)ev->seq,
                 ev->type, hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t an_metrics_apply(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(4096);
    hr_rc_t rc = HR_OK;
    Hr__Analytics__CaseStat *c = NULL;
    bool known = true; // false: an event about a case this service does not know (nothing to do)
    const char *t = ev->type;
    if (!strcmp(t, "workflow.CaseOpened")) {
        Hr__Workflow__CaseOpened *e =
            S_UNPACK(Hr__Workflow__CaseOpened, hr__workflow__case_opened__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->employee_no = e->employee_no;
        c->manager_no = e->manager_no;
        c->department_id = e->department_id;
        c->ground = e->ground;
        c->opened_ms = e->at_ms;
        c->open_step = e->step; // "" from a workflow before it: the stage open is not known
        c->open_started_ms = *e->step ? e->at_ms : 0;
        c->open_due_ms = e->step_due_ms;
        c->open_overdue = false;
    } else if (!strcmp(t, "workflow.StepCompleted")) {
        Hr__Workflow__StepCompleted *e = S_UNPACK(
            Hr__Workflow__StepCompleted, hr__workflow__step_completed__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        if (c->n_steps < AN_STEPS_MAX) {
            Hr__Analytics__StepTime **steps =
                hr_arena_alloc(arena, (c->n_steps + 1) * sizeof *steps);
            if (c->n_steps)
                memcpy(steps, c->steps, c->n_steps * sizeof *steps);
            Hr__Analytics__StepTime *st = hr_arena_alloc(arena, sizeof *st);
            hr__analytics__step_time__init(st);
            st->step = e->step;
            // A returned review's event of a workflow before the fix says started 0, done 0:
            // not an instant review, a time nobody knows (nor whether it was late).
            st->known = e->started_ms > 0 && e->done_ms >= e->started_ms;
            st->ms = st->known ? e->done_ms - e->started_ms : 0;
            st->late = st->known && e->late;
            st->started_ms = st->known ? e->started_ms : 0;
            st->done_ms = st->known ? e->done_ms : 0;
            steps[c->n_steps++] = st;
            c->steps = steps;
        }
        if (!strcmp(e->step, "request") && ev->seq > c->submitted_seq)
            c->submitted_seq = ev->seq; // a submission that passed (an_refused_then_passed)
        if (*e->next_step) { // the stage this one made active (request again after a return)
            c->open_step = e->next_step;
            c->open_started_ms = e->next_started_ms;
            c->open_due_ms = e->next_due_ms;
            c->open_overdue = false;
        } else if (!strcmp(e->step, c->open_step)) { // the last stage: the case closes
            c->open_step = "";
            c->open_started_ms = c->open_due_ms = 0;
            c->open_overdue = false;
        }
    } else if (!strcmp(t, "workflow.CaseReturned")) {
        Hr__Workflow__CaseReturned *e = S_UNPACK(
            Hr__Workflow__CaseReturned, hr__workflow__case_returned__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->returns++;
        s_return_keep(c, e, ev, arena);
    } else if (!strcmp(t, "workflow.StepOverdue")) {
        Hr__Workflow__StepOverdue *e =
            S_UNPACK(Hr__Workflow__StepOverdue, hr__workflow__step_overdue__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->overdue++;
        if (*c->open_step && !strcmp(e->step, c->open_step)) {
            c->open_overdue = true;
            c->open_due_ms = e->due_ms; // the workflow's own, after any redating
        }
    } else if (!strcmp(t, "workflow.CaseClosed")) {
        Hr__Workflow__CaseClosed *e =
            S_UNPACK(Hr__Workflow__CaseClosed, hr__workflow__case_closed__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->closed_ms = e->at_ms;
        c->outcome = e->outcome;
        // The keeping period (an_retention_case_holds): a rescission's close replaces the one
        // before with its own, whose end never came (it carries no end and no keeping day).
        c->ended_ms = e->ended_ms;
        c->keep_until_ms = e->keep_until_ms;
        // Withdrawn (or rescinded before its close): the stage open then ends undone, without a
        // StepCompleted - counted as abandoned, not lost from the figures.
        if (*c->open_step &&
            (!strcmp(e->outcome, "withdrawn") || !strcmp(e->outcome, "rescinded"))) {
            c->abandoned_step = c->open_step;
            c->abandoned_started_ms = c->open_started_ms;
        }
        c->open_step = "";
        c->open_started_ms = c->open_due_ms = 0;
        c->open_overdue = false;
    } else if (!strcmp(t, "workflow.RetentionRedated")) {
        Hr__Workflow__RetentionRedated *e = S_UNPACK(
            Hr__Workflow__RetentionRedated, hr__workflow__retention_redated__descriptor, ev, arena);
        if (!e)
            goto out;
        rc = an_store_case_get(txn, e->case_id, arena, &c);
        if (rc == HR_ENOTFOUND) { // a case never seen opened: no CaseStat for it (metrics)
            rc = HR_OK;
            c = NULL;
            known = false;
            goto out;
        }
        if (rc)
            goto out;
        if (e->keep_until_ms <= c->keep_until_ms)
            goto out; // the keeping day is raised, never lowered
        c->keep_until_ms = e->keep_until_ms;
    } else if (!strcmp(t, "workflow.DisputeRecorded")) {
        Hr__Workflow__DisputeRecorded *e = S_UNPACK(
            Hr__Workflow__DisputeRecorded, hr__workflow__dispute_recorded__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        if (e->dispute) {
            c->disputed = c->disputed || e->dispute->arbitration_filed;
            c->dispute_result = e->dispute->result;
        }
    } else {
        goto out; // not a metric's business
    }
    if (!c) {
        rc = HR_EIO;
        goto out;
    }
    rc = an_store_case_put(txn, c);
out:
    if (!rc && !c && known &&
        (!strcmp(t, "workflow.CaseOpened") || !strcmp(t, "workflow.StepCompleted") ||
         !strcmp(t, "workflow.CaseReturned") || !strcmp(t, "workflow.StepOverdue") ||
         !strcmp(t, "workflow.CaseClosed") || !strcmp(t, "workflow.DisputeRecorded") ||
         !strcmp(t, "workflow.RetentionRedated")))
        rc = HR_EIO; // a known event whose body does not decode
    if (rc)
        hr_error("metrics.event_bad", "seq=%llu type=%s rc=%s", (unsigned long long)ev->seq, t,
                 hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

// Appends s to list (n entries, arena) unless it is there: each code or fact once a refusal.
static void s_put_once(char ***list, size_t *n, char *s, size_t max, hr_arena_t *arena)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*list)[i], s))
            return;
    if (*n >= max)
        return;
    if (!*n)
        *list = hr_arena_alloc(arena, max * sizeof **list);
    (*list)[(*n)++] = s;
}

hr_rc_t an_metrics_refused(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(4096);
    hr_rc_t rc = HR_OK;
    Hr__Analytics__CaseStat *c = NULL;
    Hr__Workflow__SubmitRefused *e =
        S_UNPACK(Hr__Workflow__SubmitRefused, hr__workflow__submit_refused__descriptor, ev, arena);
    if (!e) {
        rc = HR_EIO; // logged below
        goto out;
    }
    if (!*e->case_id || !an_id_is_clean(e->case_id)) { // no case to count it on: passed over
        hr_error("metrics.refusal_skipped", "seq=%llu reason=no usable case_id",
                 (unsigned long long)ev->seq);
        goto out;
    }
    if (!(c = s_case(txn, arena, e->case_id, &rc)))
        goto out;
    if (ev->seq <= c->refused_seq)
        goto out; // counted before (the log read again after the upgrade to schema 14)
    Hr__Analytics__SubmitRefusal *r = hr_arena_alloc(arena, sizeof *r);
    hr__analytics__submit_refusal__init(r);
    r->at_ms = e->at_ms ? e->at_ms : ev->at_ms;
    r->ground = *e->ground ? e->ground : c->ground;
    r->seq = ev->seq;
    for (size_t i = 0; i < e->n_reasons; i++) {
        const Hr__Workflow__SubmitRefusalReason *why = e->reasons[i];
        // Codes and facts are words of the workflow's code: one that is no clean id is kept as
        // "unknown", never dropped (the refusal still counts under it).
        char *code = an_id_is_clean(why->code) && *why->code ? why->code : "unknown";
        s_put_once(&r->codes, &r->n_codes, code, e->n_reasons, arena);
        if (*why->fact)
            s_put_once(&r->facts, &r->n_facts, an_id_is_clean(why->fact) ? why->fact : "unknown",
                       e->n_reasons, arena);
    }
    // The latest AN_REFUSALS_MAX are kept with their reasons; submit_refusals counts them all.
    size_t keep = c->n_refusals < AN_REFUSALS_MAX ? c->n_refusals : AN_REFUSALS_MAX - 1;
    Hr__Analytics__SubmitRefusal **list = hr_arena_alloc(arena, (keep + 1) * sizeof *list);
    if (keep)
        memcpy(list, c->refusals + (c->n_refusals - keep), keep * sizeof *list);
    list[keep] = r;
    c->refusals = list;
    c->n_refusals = keep + 1;
    c->submit_refusals++;
    c->refused_seq = ev->seq;
    rc = an_store_case_put(txn, c);
    if (!rc)
        hr_info("case.submit_refused", "seq=%llu case=%s reasons=%zu", (unsigned long long)ev->seq,
                c->case_id, e->n_reasons);
out:
    if (rc)
        hr_error("metrics.event_bad", "seq=%llu type=%s rc=%s", (unsigned long long)ev->seq,
                 ev->type, hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t an_metrics_submitted(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(1024);
    hr_rc_t rc = HR_OK;
    Hr__Analytics__CaseStat *c = NULL;
    Hr__Workflow__StepCompleted *e =
        S_UNPACK(Hr__Workflow__StepCompleted, hr__workflow__step_completed__descriptor, ev, arena);
    if (!e)
        rc = HR_EIO;
    else if (!strcmp(e->step, "request") && // another stage says nothing about a submission
             (rc = an_store_case_get(txn, e->case_id, arena, &c)) == HR_OK &&
             ev->seq > c->submitted_seq) {
        c->submitted_seq = ev->seq;
        rc = an_store_case_put(txn, c);
    }
    if (rc == HR_ENOTFOUND || rc == HR_EINVAL)
        rc = HR_OK; // never seen opened (or no id): nothing to mark
    if (rc)
        hr_error("metrics.event_bad", "seq=%llu type=%s rc=%s", (unsigned long long)ev->seq,
                 ev->type, hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

bool an_refused_then_passed(const Hr__Analytics__CaseStat *c)
{
    return c->submit_refusals > 0 && c->submitted_seq > c->refused_seq;
}

// ---- metrics (pure) ----

typedef struct {
    Hr__Analytics__GetMetricsReply *rep;
    hr_arena_t *arena;
    size_t cap;
} s_out_t;

// Appends a row; NULL when the reply is full.
static Hr__Analytics__Metric *s_add(s_out_t *o, char *name, double value, const char *note)
{
    if (o->rep->n_metrics >= o->cap)
        return NULL;
    Hr__Analytics__Metric *m = hr_arena_alloc(o->arena, sizeof *m);
    hr__analytics__metric__init(m);
    m->name = name;
    m->value = value;
    m->note = (char *)note;
    o->rep->metrics[o->rep->n_metrics++] = m;
    return m;
}

// num / den, or no value when den is 0: a rate over no cases is not 0.
static void s_add_rate(s_out_t *o, char *name, size_t num, size_t den, const char *note)
{
    Hr__Analytics__Metric *m = s_add(o, name, den ? (double)num / (double)den : 0, note);
    if (m)
        m->no_value = !den;
}

static double s_p90(double *v, size_t n)
{
    an_median(v, n); // sorts
    if (!n)
        return 0;
    size_t i = (size_t)ceil(0.9 * (double)n) - 1;
    return v[i < n ? i : n - 1];
}

bool an_step_time_known(const Hr__Analytics__StepTime *st)
{
    // known is set for every event read since it exists; an older record knew its time when it
    // was not 0 (the events without times gave 0, and no stage done by a later request takes 0
    // ms on a real clock).
    return st->known || st->ms > 0;
}

bool an_case_matches(const Hr__Analytics__CaseStat *c, const an_case_filter_t *f)
{
    if (*f->department && strcmp(c->department_id, f->department))
        return false;
    if (f->manager_no && *f->manager_no &&
        (f->in_line ? !f->in_line(f->line_arg, c->manager_no)
                    : !!strcmp(c->manager_no, f->manager_no)))
        return false;
    if (f->from_day == INT32_MIN && f->to_day == INT32_MAX)
        return true;
    if (!c->opened_ms)
        return false;
    int32_t day = hr_day_of_ms(c->opened_ms, f->tz_offset_min);
    return day >= f->from_day && day <= f->to_day;
}

typedef enum { S_BY_GROUND, S_BY_MANAGER, S_BY_DEPARTMENT, S_BY_COUNT } s_by_t;

static const char *s_field(const Hr__Analytics__CaseStat *c, s_by_t by)
{
    return by == S_BY_GROUND ? c->ground : by == S_BY_MANAGER ? c->manager_no : c->department_id;
}

// Distinct strings of a field over the cases (at most max), in first-seen order.
static size_t s_distinct(const char **out, size_t max, Hr__Analytics__CaseStat *const *cases,
                         size_t n, s_by_t by)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = s_field(cases[i], by);
        if (!*v)
            continue;
        size_t j = 0;
        while (j < k && strcmp(out[j], v))
            j++;
        if (j == k && k < max)
            out[k++] = v;
    }
    return k;
}

#define S_DAY_MS 86400000LL
#define S_HOUR_MS 3600000.0
#define S_SPAN_DAYS_MAX 3660

static bool s_is_working(const an_metrics_ctx_t *ctx, int32_t day)
{
    return ctx->calendar ? hr_calendar_is_working(ctx->calendar, day) : hr_date_weekday(day) < 5;
}

double an_working_days(const an_metrics_ctx_t *ctx, int64_t from_ms, int64_t to_ms,
                       uint32_t *year_undeclared)
{
    if (to_ms <= from_ms)
        return 0;
    int32_t first = hr_day_of_ms(from_ms, ctx->tz_offset_min);
    int32_t last = hr_day_of_ms(to_ms, ctx->tz_offset_min);
    if (last - first > S_SPAN_DAYS_MAX)
        first = last - S_SPAN_DAYS_MAX;
    double days = 0;
    for (int32_t d = first; d <= last; d++) {
        if (!s_is_working(ctx, d))
            continue;
        int64_t start = hr_ms_of_day(d, ctx->tz_offset_min), end = start + S_DAY_MS;
        int64_t a = from_ms > start ? from_ms : start, b = to_ms < end ? to_ms : end;
        if (b <= a)
            continue;
        days += (double)(b - a) / (double)S_DAY_MS;
        int y, m, md;
        hr_date_to_ymd(d, &y, &m, &md);
        if (ctx->calendar && year_undeclared && !*year_undeclared &&
            !hr_calendar_covers(ctx->calendar, y))
            *year_undeclared = (uint32_t)y;
    }
    return days;
}

// Whether a case reached HR's review: the manager's request was submitted. The request is the
// first stage, so any stage completed (a StepCompleted), a return, or a later stage open says so.
// A case withdrawn or still open at its request never reached HR: no return rate counts it.
static bool s_reached_hr(const Hr__Analytics__CaseStat *c)
{
    return c->returns > 0 || c->n_steps > 0 || (*c->open_step && strcmp(c->open_step, "request"));
}

static bool s_is_open(const Hr__Analytics__CaseStat *c)
{
    return !c->closed_ms;
}

static bool s_closed_with_outcome(const Hr__Analytics__CaseStat *c)
{
    return c->closed_ms && strcmp(c->outcome, "withdrawn") && strcmp(c->outcome, "rescinded");
}

// Past due as the workflow says it: its StepOverdue of the stage came. Not now > open_due_ms:
// a deadline the workflow moved later after the stage started (an interview dated again) is not
// in the events until then, and the stale one would count a stage on time as late.
static bool s_past_due(const Hr__Analytics__CaseStat *c)
{
    return c->open_overdue;
}

// The working days a step took (its start and end kept), else < 0.
static double s_step_days(const Hr__Analytics__StepTime *st, const an_metrics_ctx_t *ctx,
                          uint32_t *year)
{
    if (!st->known || !st->started_ms || st->done_ms < st->started_ms)
        return -1;
    return an_working_days(ctx, st->started_ms, st->done_ms, year);
}

static const an_metrics_ctx_t s_no_ctx = {0, NULL, 0};

// The steps of c done late (late) or on time (!late), as the workflow judged each when it was
// done (StepCompleted.late); a step whose times are not known (a returned review's event from a
// workflow before its fix) is in neither: whether it was late is not known either.
static size_t s_steps_done(const Hr__Analytics__CaseStat *c, bool late)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n_steps; k++)
        n += c->steps[k]->known && c->steps[k]->late == late;
    return n;
}

// ---- why requests came back: the reason codes counted (README "Metrics") ----

// The codes a request comes back with that get rows of their own, each with what it means:
// the check at submit's (wf_review_submit_problems) and the block findings of HR's review (the
// legality engine's, common/law, and the workflow's own). A bounded set: any other code counts
// under "other", so a code a later workflow adds shows up as a figure, never as a row nobody
// can read. Events name no protected status (the workflow says PROTECTED_STATUS to all but HR),
// and a PROTECTED_* code that came through anyway counts under PROTECTED_STATUS too.
static const struct {
    const char *code, *zh, *en;
} s_reasons[] = {
    {"MISSING_EVIDENCE", "缺少证明法定事实的证据",
     "no attached evidence can prove a fact the ground needs"},
    {"COMPANY_RULE", "未满足公司规则（证据份数或签字）", "a company rule of the template not met"},
    {"EVIDENCE_MISSING", "HR 审核认定法定事实未证明",
     "HR's review found a required fact not proven"},
    {"PROTECTED_STATUS", "员工受法定保护（劳动合同法第四十二条）",
     "a protected person (LCL Art. 42)"},
    {"PROBATION_NONE", "无（合法的）试用期", "no (lawful) probation"},
    {"PROBATION_OVER", "试用期已过", "probation over"},
    {"PROBATION_GROUND_BARRED", "试用期内不得以此依据解除", "the ground is barred in probation"},
    {"UNION_NOT_NOTIFIED", "未事先通知工会", "the union not told"},
    {"LAYOFF_BELOW_THRESHOLD", "裁员人数未达法定标准", "a layoff below the statutory threshold"},
    {"ABSENCE_CONTRADICTED", "所称旷工与考勤记录矛盾",
     "claimed absence contradicted by attendance"},
    {"CONTRACT_EXTENDED", "合同因法定保护顺延", "the contract extends (a protection at its end)"},
    {"NO_CODE", "未记录原因代码（上级驳回，理由见意见）",
     "no reason code (a superior's rejection: the note says why)"},
    {"other", "其他原因", "other reasons"},
};

// The row key of a stored reason code: the code itself when it has a row, PROTECTED_STATUS for
// any PROTECTED_*, else "other".
static const char *s_reason_key(const char *code)
{
    if (!strncmp(code, "PROTECTED_", 10))
        return "PROTECTED_STATUS";
    for (size_t i = 0; i + 1 < HR_ARRAY_LEN(s_reasons); i++)
        if (!strcmp(s_reasons[i].code, code))
            return s_reasons[i].code;
    return "other";
}

static size_t s_reason_index(const char *key)
{
    size_t i = 0;
    while (i + 1 < HR_ARRAY_LEN(s_reasons) && strcmp(s_reasons[i].code, key))
        i++;
    return i;
}

// ---- refused submissions (workflow.SubmitRefused) ----

typedef enum { S_REFUSAL_CODE, S_REFUSAL_FACT, S_REFUSAL_GROUND } s_refusal_by_t;

// Whether refusal r names key (a reason code, a fact, or its ground).
static bool s_refusal_names(const Hr__Analytics__SubmitRefusal *r, s_refusal_by_t by,
                            const char *key)
{
    if (by == S_REFUSAL_GROUND)
        return !strcmp(r->ground, key);
    char *const *list = by == S_REFUSAL_CODE ? r->codes : r->facts;
    size_t nl = by == S_REFUSAL_CODE ? r->n_codes : r->n_facts;
    for (size_t i = 0; i < nl; i++)
        if (!strcmp(by == S_REFUSAL_CODE ? s_reason_key(list[i]) : list[i], key))
            return true;
    return false;
}

// The refusals of c kept with their reasons that name key.
static size_t s_refusals_naming(const Hr__Analytics__CaseStat *c, s_refusal_by_t by,
                                const char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < c->n_refusals; i++)
        k += s_refusal_names(c->refusals[i], by, key);
    return k;
}

// Distinct codes, facts or grounds over the refusals kept (at most max), in first-seen order.
static size_t s_refusal_keys(const char **out, size_t max, Hr__Analytics__CaseStat *const *cases,
                             size_t n, s_refusal_by_t by)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < cases[i]->n_refusals; r++) {
            const Hr__Analytics__SubmitRefusal *x = cases[i]->refusals[r];
            char *const *list = by == S_REFUSAL_CODE   ? x->codes
                                : by == S_REFUSAL_FACT ? x->facts
                                                       : &x->ground;
            size_t nl = by == S_REFUSAL_CODE ? x->n_codes : by == S_REFUSAL_FACT ? x->n_facts : 1;
            for (size_t e = 0; e < nl; e++) {
                const char *v = by == S_REFUSAL_CODE ? s_reason_key(list[e]) : list[e];
                size_t j = 0;
                while (j < k && strcmp(out[j], v))
                    j++;
                if (*v && j == k && k < max)
                    out[k++] = v;
            }
        }
    return k;
}

// The rows of the submissions the automatic check at submit refused (README "Metrics"): over the
// cases counted (the window, department and reporting line asked), never the refusal's own day.
static void s_refusal_rows(s_out_t *o, Hr__Analytics__CaseStat *const *cases, size_t n)
{
    hr_arena_t *arena = o->arena;
    size_t total = 0, refused = 0, passed = 0, dropped = 0;
    for (size_t i = 0; i < n; i++) {
        total += cases[i]->submit_refusals;
        refused += cases[i]->submit_refusals > 0;
        passed += an_refused_then_passed(cases[i]);
        dropped += cases[i]->submit_refusals > cases[i]->n_refusals
                       ? cases[i]->submit_refusals - cases[i]->n_refusals
                       : 0;
    }
    s_add(o, "submit_refused.total", (double)total,
          "提交时被合法性自动检查退回的次数 / submissions the automatic check at submit returned "
          "(evidence a fact of the ground needs, a company rule; workflow.SubmitRefused)");
    s_add(o, "submit_refused.cases", (double)refused,
          "提交被退回过的案件 / cases whose submission was returned at least once");
    s_add(o, "submit_refused.later_passed", (double)passed,
          "退回后再次提交并通过检查的案件 / cases returned at submit whose later submission "
          "passed the check (the request went on to HR review after the latest return)");
    const char *kept =
        dropped ? hr_arena_fmt(arena,
                               "; %zu older return(s) of cases returned more than %d times are "
                               "counted in submit_refused.total only",
                               dropped, AN_REFUSALS_MAX)
                : "";
    static const struct {
        const char *name, *zh, *en;
        s_refusal_by_t by;
    } by_refusal[] = {
        {"reason", "按退回原因代码", "returns naming this reason code", S_REFUSAL_CODE},
        {"fact", "按缺少的事实或证据种类", "returns naming this legal fact or evidence kind",
         S_REFUSAL_FACT},
        {"ground", "按解除依据", "returns under this ground", S_REFUSAL_GROUND},
    };
    for (size_t b = 0; b < HR_ARRAY_LEN(by_refusal); b++) {
        const char *keys[AN_METRIC_KEYS];
        size_t nk = s_refusal_keys(keys, HR_ARRAY_LEN(keys), cases, n, by_refusal[b].by);
        for (size_t j = 0; j < nk; j++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                m += s_refusals_naming(cases[i], by_refusal[b].by, keys[j]);
            // A reason code says what it means, Chinese first.
            size_t r = s_reason_index(keys[j]);
            const char *note =
                by_refusal[b].by == S_REFUSAL_CODE
                    ? hr_arena_fmt(arena, "%s（%s）/ %s (%s)%s", s_reasons[r].zh, by_refusal[b].zh,
                                   s_reasons[r].en, by_refusal[b].en, kept)
                    : hr_arena_fmt(arena, "%s / %s%s", by_refusal[b].zh, by_refusal[b].en, kept);
            s_add(o, hr_arena_fmt(arena, "submit_refused.%s.%s", by_refusal[b].name, keys[j]),
                  (double)m, note);
        }
    }
    // By the case's manager now (CaseReassigned) and department, as return_rate.* counts them.
    static const struct {
        const char *name, *zh, *en;
        s_by_t by;
    } by_case[] = {
        {"manager", "按经理（案件现任经理）",
         "returns of the cases of this manager (the case's "
         "manager now)",
         S_BY_MANAGER},
        {"department", "按部门", "returns of the cases of this department", S_BY_DEPARTMENT},
    };
    for (size_t b = 0; b < HR_ARRAY_LEN(by_case); b++) {
        const char *keys[AN_METRIC_KEYS];
        size_t nk = 0;
        for (size_t i = 0; i < n; i++) {
            const char *v = s_field(cases[i], by_case[b].by);
            if (!cases[i]->submit_refusals || !*v)
                continue;
            size_t j = 0;
            while (j < nk && strcmp(keys[j], v))
                j++;
            if (j == nk && nk < HR_ARRAY_LEN(keys))
                keys[nk++] = v;
        }
        for (size_t j = 0; j < nk; j++) {
            size_t m = 0, cs = 0, ok = 0;
            for (size_t i = 0; i < n; i++) {
                if (strcmp(s_field(cases[i], by_case[b].by), keys[j]))
                    continue;
                m += cases[i]->submit_refusals;
                cs += cases[i]->submit_refusals > 0;
                ok += an_refused_then_passed(cases[i]);
            }
            s_add(o, hr_arena_fmt(arena, "submit_refused.%s.%s", by_case[b].name, keys[j]),
                  (double)m,
                  hr_arena_fmt(arena, "%s / %s: %zu case(s), %zu later passed", by_case[b].zh,
                               by_case[b].en, cs, ok));
        }
    }
}

// ---- returns to the manager (workflow.CaseReturned) ----

// Whether return r names the reason row key (NO_CODE: a return without findings).
static bool s_return_names(const Hr__Analytics__CaseReturn *r, const char *key)
{
    if (!r->n_codes)
        return !strcmp(key, "NO_CODE");
    for (size_t i = 0; i < r->n_codes; i++)
        if (!strcmp(s_reason_key(r->codes[i]), key))
            return true;
    return false;
}

// The returns of c kept with their reasons that name the reason key, or (by_step) that the
// stage key returned.
static size_t s_returns_naming(const Hr__Analytics__CaseStat *c, bool by_step, const char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < c->n_returns_kept; i++)
        k += by_step ? !strcmp(c->returns_kept[i]->step, key)
                     : s_return_names(c->returns_kept[i], key);
    return k;
}

// The rows of the returns to the manager by reason and by the stage that returned it (README
// "Metrics"), over the cases counted; a return kept without its reasons (more than
// AN_RETURNS_MAX, or before schema 15 read the log again) counts in returned.total only.
static void s_return_rows(s_out_t *o, Hr__Analytics__CaseStat *const *cases, size_t n)
{
    hr_arena_t *arena = o->arena;
    size_t total = 0, kept = 0;
    for (size_t i = 0; i < n; i++) {
        total += cases[i]->returns;
        kept += cases[i]->n_returns_kept;
    }
    const char *left = total > kept ? hr_arena_fmt(arena,
                                                   "；另有 %zu 次退回未保存原因，只计入 "
                                                   "returned.total / %zu more return(s) without "
                                                   "their reasons count in returned.total only",
                                                   total - kept, total - kept)
                                    : "";
    s_add(o, "returned.total", (double)total,
          "退回经理的次数（HR 审核认定不合法，或上级驳回）/ returns to the manager (HR's review "
          "found the request unlawful, or a superior rejected it; workflow.CaseReturned)");
    for (size_t r = 0; r < HR_ARRAY_LEN(s_reasons); r++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            m += s_returns_naming(cases[i], false, s_reasons[r].code);
        if (m)
            s_add(o, hr_arena_fmt(arena, "returned.reason.%s", s_reasons[r].code), (double)m,
                  hr_arena_fmt(arena, "%s（按退回原因代码）/ %s (returns naming this reason)%s",
                               s_reasons[r].zh, s_reasons[r].en, left));
    }
    const char *keys[AN_METRIC_KEYS];
    size_t nk = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < cases[i]->n_returns_kept; r++) {
            const char *v = cases[i]->returns_kept[r]->step;
            size_t j = 0;
            while (j < nk && strcmp(keys[j], v))
                j++;
            if (*v && j == nk && nk < HR_ARRAY_LEN(keys))
                keys[nk++] = v;
        }
    for (size_t j = 0; j < nk; j++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            m += s_returns_naming(cases[i], true, keys[j]);
        s_add(o, hr_arena_fmt(arena, "returned.step.%s", keys[j]), (double)m,
              hr_arena_fmt(arena, "按退回的环节 / returns by the stage that returned it%s", left));
    }
}

void an_process_metrics(Hr__Analytics__CaseStat *const *cases, size_t n,
                        const an_metrics_ctx_t *ctx, hr_arena_t *arena,
                        Hr__Analytics__GetMetricsReply *rep, size_t cap)
{
    if (!ctx)
        ctx = &s_no_ctx;
    s_out_t o = {rep, arena, cap};
    size_t open = 0, closed = 0, withdrawn = 0, rescinded = 0, overdue = 0, returned = 0;
    size_t disputed = 0, reached = 0, open_unknown = 0, abandoned = 0, abandoned_unknown = 0;
    size_t done_late = 0, done_on_time = 0; // steps done, by StepCompleted.late (times known)
    double *close_ms = hr_arena_alloc(arena, (n + 1) * sizeof *close_ms);
    double *close_days = hr_arena_alloc(arena, (n + 1) * sizeof *close_days);
    uint32_t close_year = 0;
    size_t nclose = 0;
    for (size_t i = 0; i < n; i++) {
        const Hr__Analytics__CaseStat *c = cases[i];
        if (!c->closed_ms) {
            open++;
            open_unknown += !*c->open_step;
        } else if (!strcmp(c->outcome, "withdrawn")) {
            withdrawn++; // no dismissal ended: it can carry no dispute and no time to close
        } else if (!strcmp(c->outcome, "rescinded")) {
            rescinded++; // the notice revoked by agreement: the employment goes on
        } else {
            closed++;
            if (c->opened_ms) {
                close_days[nclose] = an_working_days(ctx, c->opened_ms, c->closed_ms, &close_year);
                close_ms[nclose++] = (double)(c->closed_ms - c->opened_ms);
            }
            disputed += c->disputed;
        }
        if (c->closed_ms &&
            (!strcmp(c->outcome, "withdrawn") || !strcmp(c->outcome, "rescinded"))) {
            abandoned += *c->abandoned_step != 0;
            abandoned_unknown += !*c->abandoned_step && !strcmp(c->outcome, "withdrawn");
        }
        overdue += c->overdue;
        done_late += s_steps_done(c, true);
        done_on_time += s_steps_done(c, false);
        if (s_reached_hr(c)) {
            reached++;
            returned += c->returns > 0;
        }
    }
    s_add(&o, "cases.total", (double)n, "cases seen in the workflow's events");
    s_add(&o, "cases.open", (double)open, "not closed, not withdrawn, not rescinded");
    s_add(&o, "cases.closed", (double)closed,
          "closed with an outcome (withdrawn and rescinded cases are not)");
    s_add(&o, "cases.withdrawn", (double)withdrawn, "withdrawn: no dismissal");
    s_add(&o, "cases.rescinded", (double)rescinded,
          "the notice revoked by agreement: the employment continues");
    s_add(&o, "cases.reached_hr", (double)reached,
          "cases whose request was submitted to HR's review (the return rates count only them)");
    // Closed cases by outcome.
    const char *outcomes[] = {"agreement_signed", "notice_served"};
    for (size_t k = 0; k < HR_ARRAY_LEN(outcomes); k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            m += cases[i]->closed_ms && !strcmp(cases[i]->outcome, outcomes[k]);
        s_add(&o, hr_arena_fmt(arena, "cases.closed.%s", outcomes[k]), (double)m, "by outcome");
    }
    s_add(&o, "steps.overdue", (double)overdue,
          "StepOverdue events (stages and duties past their deadline, done since or not)");
    s_add(&o, "steps.done_late", (double)done_late,
          "stages and duties done after their deadline, as the workflow judged it when they were "
          "done (StepCompleted.late); steps whose times are not known are in neither count");
    s_add(&o, "steps.done_on_time", (double)done_on_time,
          "stages and duties done by their deadline (or without one); steps whose times are not "
          "known are in neither count");
    s_add(&o, "steps.open_not_known", (double)open_unknown,
          "open cases whose open stage is not known (events from a workflow before it said "
          "so): in no open_* row");
    s_add(&o, "steps.abandoned", (double)abandoned,
          abandoned_unknown
              ? hr_arena_fmt(arena,
                             "stages left undone when the case was withdrawn or rescinded; %zu "
                             "withdrawn case(s) more whose stage is not known (events from a "
                             "workflow before it said so)",
                             abandoned_unknown)
              : "stages left undone when the case was withdrawn or rescinded");
    s_add_rate(&o, "return_rate", returned, reached,
               "cases returned at least once / cases that reached HR review (request submitted); "
               "cases withdrawn or open before it are not counted");
    s_add_rate(&o, "dispute_rate", disputed, closed,
               "closed cases with arbitration filed / cases closed with an outcome");
    Hr__Analytics__Metric *ttc = s_add(&o, "time_to_close_ms.median", an_median(close_ms, nclose),
                                       "opened to closed, cases closed with an outcome");
    if (ttc) {
        ttc->no_value = !nclose;
        ttc->unit = "ms";
    }
    ttc = s_add(&o, "time_to_close_days.median", an_median(close_days, nclose),
                "opened to closed in working days, cases closed with an outcome");
    if (ttc) {
        ttc->no_value = !nclose;
        ttc->unit = "working_days";
        ttc->year_undeclared = close_year;
    }
    ttc = s_add(&o, "time_to_close_hours.median", an_median(close_ms, nclose) / S_HOUR_MS,
                "opened to closed in hours, cases closed with an outcome");
    if (ttc) {
        ttc->no_value = !nclose;
        ttc->unit = "hours";
    }
    // The steps: those completed, open now, or left undone by a withdrawal.
    const char *steps[AN_STEPS_MAX];
    size_t nsteps = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s <= cases[i]->n_steps + 1; s++) {
            const char *st = s < cases[i]->n_steps    ? cases[i]->steps[s]->step
                             : s == cases[i]->n_steps ? cases[i]->open_step
                                                      : cases[i]->abandoned_step;
            if (!*st)
                continue;
            size_t j = 0;
            while (j < nsteps && strcmp(steps[j], st))
                j++;
            if (j == nsteps && nsteps < AN_STEPS_MAX)
                steps[nsteps++] = st;
        }
    for (size_t j = 0; j < nsteps; j++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t s = 0; s < cases[i]->n_steps; s++)
                m += !strcmp(cases[i]->steps[s]->step, steps[j]);
        double *v = hr_arena_alloc(arena, (m + 1) * sizeof *v);
        double *vd = hr_arena_alloc(arena, (m + 1) * sizeof *vd);
        double *vh = hr_arena_alloc(arena, (m + 1) * sizeof *vh);
        size_t k = 0, kd = 0;
        uint32_t year = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t s = 0; s < cases[i]->n_steps; s++) {
                const Hr__Analytics__StepTime *st = cases[i]->steps[s];
                if (strcmp(st->step, steps[j]) || !an_step_time_known(st))
                    continue;
                vh[k] = (double)st->ms / S_HOUR_MS;
                v[k++] = (double)st->ms;
                double d = s_step_days(st, ctx, &year);
                if (d >= 0)
                    vd[kd++] = d;
            }
        double med = an_median(v, k);
        double p90 = s_p90(v, k);
        const char *note =
            k == m ? "done - started"
                   : hr_arena_fmt(arena,
                                  "done - started; %zu of %zu left out: recorded without their "
                                  "times (a return before the workflow's fix), not as 0 ms",
                                  m - k, m);
        Hr__Analytics__Metric *row =
            s_add(&o, hr_arena_fmt(arena, "cycle_ms.median.%s", steps[j]), med, note);
        if (row) {
            row->no_value = !k;
            row->unit = "ms";
        }
        row = s_add(&o, hr_arena_fmt(arena, "cycle_ms.p90.%s", steps[j]), p90, note);
        if (row) {
            row->no_value = !k;
            row->unit = "ms";
        }
        const char *dnote =
            kd == m ? "completed steps, started to done, in working days of the company calendar"
                    : hr_arena_fmt(arena,
                                   "completed steps, started to done, in working days of the "
                                   "company calendar; %zu of %zu left out: their start and end "
                                   "were not kept (recorded before, or without times)",
                                   m - kd, m);
        const char *what[2] = {"median", "p90"};
        double dv[2] = {an_median(vd, kd), s_p90(vd, kd)};
        for (int w = 0; w < 2; w++) {
            row =
                s_add(&o, hr_arena_fmt(arena, "cycle_days.%s.%s", what[w], steps[j]), dv[w], dnote);
            if (row) {
                row->no_value = !kd;
                row->unit = "working_days";
                row->year_undeclared = year;
            }
        }
        double hv[2] = {an_median(vh, k), s_p90(vh, k)};
        for (int w = 0; w < 2; w++) {
            row = s_add(&o, hr_arena_fmt(arena, "cycle_hours.%s.%s", what[w], steps[j]), hv[w],
                        k == m ? "completed steps, started to done, in hours" : note);
            if (row) {
                row->no_value = !k;
                row->unit = "hours";
            }
        }
        // The stage still open: how long it has been, and how many are past due.
        double *ad = hr_arena_alloc(arena, (n + 1) * sizeof *ad);
        double *ah = hr_arena_alloc(arena, (n + 1) * sizeof *ah);
        size_t na = 0, past = 0, gone = 0;
        uint32_t ayear = 0;
        for (size_t i = 0; i < n; i++) {
            const Hr__Analytics__CaseStat *c = cases[i];
            if (c->closed_ms && !strcmp(c->abandoned_step, steps[j]))
                gone++;
            if (!s_is_open(c) || strcmp(c->open_step, steps[j]))
                continue;
            int64_t to = ctx->now_ms > c->open_started_ms ? ctx->now_ms : c->open_started_ms;
            ad[na] = an_working_days(ctx, c->open_started_ms, to, &ayear);
            ah[na++] = (double)(to - c->open_started_ms) / S_HOUR_MS;
            past += s_past_due(c);
        }
        s_add(&o, hr_arena_fmt(arena, "open_steps.%s", steps[j]), (double)na,
              "cases whose open stage this is now");
        double amed = an_median(ad, na), aold = na ? ad[na - 1] : 0; // sorted by an_median
        double hmed = an_median(ah, na), hold = na ? ah[na - 1] : 0;
        struct {
            const char *name, *unit, *note;
            double v;
        } rows[4] = {
            {"open_age_days.median", "working_days", "open stages, started to now, working days",
             amed},
            {"open_age_days.oldest", "working_days", "open stages, started to now, working days",
             aold},
            {"open_age_hours.median", "hours", "open stages, started to now, hours", hmed},
            {"open_age_hours.oldest", "hours", "open stages, started to now, hours", hold},
        };
        for (size_t w = 0; w < HR_ARRAY_LEN(rows); w++) {
            row = s_add(&o, hr_arena_fmt(arena, "%s.%s", rows[w].name, steps[j]), rows[w].v,
                        rows[w].note);
            if (row) {
                row->no_value = !na;
                row->unit = (char *)rows[w].unit;
                row->year_undeclared = !strcmp(rows[w].unit, "working_days") ? ayear : 0;
            }
        }
        s_add(&o, hr_arena_fmt(arena, "open_past_due.%s", steps[j]), (double)past,
              "open stages past their deadline now (not done yet)");
        s_add(&o, hr_arena_fmt(arena, "steps.abandoned.%s", steps[j]), (double)gone,
              "left undone when the case was withdrawn or rescinded (no cycle time counts them)");
    }
    // Return rate by ground, by manager and by department over the cases that reached HR;
    // cases per department.
    static const char *const names[S_BY_COUNT] = {"ground", "manager", "department"};
    for (s_by_t by = 0; by < S_BY_COUNT; by++) {
        const char *keys[AN_METRIC_KEYS];
        size_t nk = s_distinct(keys, HR_ARRAY_LEN(keys), cases, n, by);
        for (size_t j = 0; j < nk; j++) {
            size_t all = 0, hr = 0, ret = 0;
            for (size_t i = 0; i < n; i++) {
                if (strcmp(s_field(cases[i], by), keys[j]))
                    continue;
                all++;
                if (s_reached_hr(cases[i])) {
                    hr++;
                    ret += cases[i]->returns > 0;
                }
            }
            if (by == S_BY_DEPARTMENT)
                s_add(&o, hr_arena_fmt(arena, "cases.department.%s", keys[j]), (double)all,
                      "cases of the department");
            s_add_rate(&o, hr_arena_fmt(arena, "return_rate.%s.%s", names[by], keys[j]), ret, hr,
                       "returned / cases that reached HR review");
        }
    }
    s_refusal_rows(&o, cases, n);
    s_return_rows(&o, cases, n);
}

// ---- the cases behind a metric (pure) ----

typedef struct {
    bool in;          // behind the metric
    bool counted;     // a rate's numerator (true for the rest)
    double value;     // the case's own figure
    bool no_value;    // none
    const char *note; // borrowed or arena
} s_member_t;

// The rest of name after prefix, or NULL.
static const char *s_after(const char *name, const char *prefix)
{
    size_t len = strlen(prefix);
    return strncmp(name, prefix, len) || !name[len] ? NULL : name + len;
}

// The step of a cycle or open-age metric (cycle_days.median.hr_review: hr_review), or NULL.
static const char *s_step_of(const char *name, const char *const *prefixes, size_t np)
{
    for (size_t i = 0; i < np; i++) {
        const char *step = s_after(name, prefixes[i]);
        if (step)
            return step;
    }
    return NULL;
}

static const char *s_state(const Hr__Analytics__CaseStat *c)
{
    return !c->closed_ms ? (*c->open_step ? c->open_step : "open") : c->outcome;
}

// Whether name is a metric over cases (false: no such metric), and c's part in it in *m.
static bool s_member(const Hr__Analytics__CaseStat *c, const char *name,
                     const an_metrics_ctx_t *ctx, hr_arena_t *arena, s_member_t *m)
{
    *m = (s_member_t){.counted = true, .no_value = true, .note = s_state(c)};
    const char *key = NULL;
    bool withdrawn = c->closed_ms && !strcmp(c->outcome, "withdrawn");
    bool rescinded = c->closed_ms && !strcmp(c->outcome, "rescinded");
    if (!strcmp(name, "cases.total")) {
        m->in = true;
    } else if (!strcmp(name, "cases.open")) {
        m->in = s_is_open(c);
    } else if (!strcmp(name, "cases.closed")) {
        m->in = s_closed_with_outcome(c);
    } else if (!strcmp(name, "cases.withdrawn")) {
        m->in = withdrawn;
    } else if (!strcmp(name, "cases.rescinded")) {
        m->in = rescinded;
    } else if (!strcmp(name, "cases.reached_hr")) {
        m->in = s_reached_hr(c);
    } else if ((key = s_after(name, "cases.closed."))) {
        m->in = c->closed_ms && !strcmp(c->outcome, key);
    } else if ((key = s_after(name, "cases.department."))) {
        m->in = !strcmp(c->department_id, key);
    } else if (!strcmp(name, "steps.overdue")) {
        m->in = c->overdue > 0;
        m->value = c->overdue;
        m->no_value = false;
        m->note = hr_arena_fmt(arena, "%u StepOverdue event(s); %s", c->overdue, s_state(c));
    } else if (!strcmp(name, "steps.done_late") || !strcmp(name, "steps.done_on_time")) {
        bool late = !strcmp(name, "steps.done_late");
        size_t k = s_steps_done(c, late);
        m->in = k > 0;
        m->value = (double)k;
        m->no_value = false;
        m->note = hr_arena_fmt(arena, "%zu step(s) done %s; %s", k, late ? "late" : "on time",
                               s_state(c));
    } else if (!strcmp(name, "steps.open_not_known")) {
        m->in = s_is_open(c) && !*c->open_step;
    } else if (!strcmp(name, "steps.abandoned") || (key = s_after(name, "steps.abandoned."))) {
        bool all = !strcmp(name, "steps.abandoned");
        m->in = (withdrawn || rescinded) && *c->abandoned_step &&
                (all || !strcmp(c->abandoned_step, key));
        if (m->in && c->abandoned_started_ms) {
            m->value = an_working_days(ctx, c->abandoned_started_ms, c->closed_ms, NULL);
            m->no_value = false;
        }
        m->note = hr_arena_fmt(arena, "%s left undone (%s)", c->abandoned_step, c->outcome);
    } else if (!strcmp(name, "return_rate") || (key = s_after(name, "return_rate."))) {
        m->in = s_reached_hr(c);
        if (key) {
            const char *v = s_after(key, "ground.")       ? c->ground
                            : s_after(key, "manager.")    ? c->manager_no
                            : s_after(key, "department.") ? c->department_id
                                                          : NULL;
            if (!v)
                return false;
            m->in = m->in && !strcmp(v, strchr(key, '.') + 1);
        }
        m->counted = c->returns > 0;
        m->note = hr_arena_fmt(arena, "%s; returned %u time(s)", s_state(c), c->returns);
    } else if (!strcmp(name, "submit_refused.total") || !strcmp(name, "submit_refused.cases") ||
               !strcmp(name, "submit_refused.later_passed") ||
               (key = s_after(name, "submit_refused."))) {
        m->in = c->submit_refusals > 0;
        m->value = c->submit_refusals;
        m->no_value = false;
        if (!strcmp(name, "submit_refused.later_passed"))
            m->counted = an_refused_then_passed(c);
        if (key && strcmp(name, "submit_refused.total") && strcmp(name, "submit_refused.cases") &&
            strcmp(name, "submit_refused.later_passed")) {
            const char *k = NULL;
            if ((k = s_after(key, "reason.")))
                m->value = (double)s_refusals_naming(c, S_REFUSAL_CODE, k);
            else if ((k = s_after(key, "fact.")))
                m->value = (double)s_refusals_naming(c, S_REFUSAL_FACT, k);
            else if ((k = s_after(key, "ground.")))
                m->value = (double)s_refusals_naming(c, S_REFUSAL_GROUND, k);
            else if ((k = s_after(key, "manager.")))
                m->in = m->in && !strcmp(c->manager_no, k);
            else if ((k = s_after(key, "department.")))
                m->in = m->in && !strcmp(c->department_id, k);
            else
                return false;
            if (!s_after(key, "manager.") && !s_after(key, "department."))
                m->in = m->value > 0;
        }
        const Hr__Analytics__SubmitRefusal *last =
            c->n_refusals ? c->refusals[c->n_refusals - 1] : NULL;
        char *codes = "";
        for (size_t i = 0; last && i < last->n_codes; i++)
            codes = hr_arena_fmt(arena, "%s%s%s", codes, i ? " " : "", last->codes[i]);
        m->note = hr_arena_fmt(arena, "%s; returned at submit %u time(s), latest: %s; %s",
                               s_state(c), c->submit_refusals, *codes ? codes : "-",
                               an_refused_then_passed(c) ? "passed since" : "not passed since");
    } else if (!strcmp(name, "returned.total") || (key = s_after(name, "returned."))) {
        m->in = c->returns > 0;
        m->value = c->returns;
        m->no_value = false;
        const char *k = NULL;
        if (key && (k = s_after(key, "reason.")))
            m->value = (double)s_returns_naming(c, false, k);
        else if (key && (k = s_after(key, "step.")))
            m->value = (double)s_returns_naming(c, true, k);
        else if (key)
            return false;
        if (key)
            m->in = m->value > 0;
        const Hr__Analytics__CaseReturn *last =
            c->n_returns_kept ? c->returns_kept[c->n_returns_kept - 1] : NULL;
        char *codes = "";
        for (size_t i = 0; last && i < last->n_codes; i++)
            codes = hr_arena_fmt(arena, "%s%s%s", codes, i ? " " : "", last->codes[i]);
        m->note = hr_arena_fmt(arena, "%s; returned %u time(s), latest at %s: %s", s_state(c),
                               c->returns, last ? last->step : "-", *codes ? codes : "-");
    } else if (!strcmp(name, "dispute_rate")) {
        m->in = s_closed_with_outcome(c);
        m->counted = c->disputed;
        m->note = c->disputed ? "arbitration filed" : "no arbitration filed";
    } else if (!strcmp(name, "time_to_close_ms.median") ||
               !strcmp(name, "time_to_close_days.median") ||
               !strcmp(name, "time_to_close_hours.median")) {
        m->in = s_closed_with_outcome(c) && c->opened_ms;
        if (m->in) {
            m->value = an_working_days(ctx, c->opened_ms, c->closed_ms, NULL);
            m->no_value = false;
        }
    } else {
        static const char *const cycle[] = {"cycle_ms.median.",    "cycle_ms.p90.",
                                            "cycle_days.median.",  "cycle_days.p90.",
                                            "cycle_hours.median.", "cycle_hours.p90."};
        static const char *const age[] = {"open_steps.",
                                          "open_age_days.median.",
                                          "open_age_days.oldest.",
                                          "open_age_hours.median.",
                                          "open_age_hours.oldest.",
                                          "open_past_due."};
        const char *step;
        if ((step = s_step_of(name, cycle, HR_ARRAY_LEN(cycle)))) {
            size_t times = 0;
            for (size_t s = 0; s < c->n_steps; s++) {
                const Hr__Analytics__StepTime *st = c->steps[s];
                if (strcmp(st->step, step) || !an_step_time_known(st))
                    continue;
                times++;
                double d = s_step_days(st, ctx, NULL);
                if (d >= 0) { // the latest one
                    m->value = d;
                    m->no_value = false;
                }
            }
            m->in = times > 0;
            m->note = times > 1 ? hr_arena_fmt(arena,
                                               "%s done %zu times (the last one's working "
                                               "days); %s",
                                               step, times, s_state(c))
                                : s_state(c);
        } else if ((step = s_step_of(name, age, HR_ARRAY_LEN(age)))) {
            m->in = s_is_open(c) && !strcmp(c->open_step, step);
            if (!strncmp(name, "open_past_due.", 14))
                m->in = m->in && s_past_due(c);
            if (m->in) {
                int64_t to = ctx->now_ms > c->open_started_ms ? ctx->now_ms : c->open_started_ms;
                m->value = an_working_days(ctx, c->open_started_ms, to, NULL);
                m->no_value = false;
                char due[HR_DATE_LEN] = "";
                if (c->open_due_ms)
                    hr_date_format(hr_day_of_ms(c->open_due_ms, ctx->tz_offset_min), due);
                m->note = !c->open_due_ms ? hr_arena_fmt(arena, "%s open, no deadline", step)
                          : s_past_due(c)
                              ? hr_arena_fmt(arena, "%s open, past due since %s", step, due)
                              : hr_arena_fmt(arena, "%s open, due %s", step, due);
            }
        } else {
            return false;
        }
    }
    return true;
}

static int s_cmp_member(const void *a, const void *b)
{
    const Hr__Analytics__MetricCase *x = *(Hr__Analytics__MetricCase *const *)a;
    const Hr__Analytics__MetricCase *y = *(Hr__Analytics__MetricCase *const *)b;
    if (x->no_value != y->no_value)
        return x->no_value ? 1 : -1;
    if (x->value != y->value)
        return x->value < y->value ? 1 : -1; // the longest, the oldest first
    return strcmp(x->case_id, y->case_id);
}

hr_rc_t an_metric_detail(Hr__Analytics__CaseStat *const *cases, size_t n,
                         const an_metrics_ctx_t *ctx, const char *name, hr_arena_t *arena,
                         Hr__Analytics__GetMetricsReply *rep, size_t max, char *why, size_t why_len)
{
    if (!ctx)
        ctx = &s_no_ctx;
    s_member_t probe;
    Hr__Analytics__CaseStat none = HR__ANALYTICS__CASE_STAT__INIT;
    if (!s_member(&none, name, ctx, arena, &probe)) {
        snprintf(why, why_len,
                 "detail: '%.80s' is no metric over cases (give a row's name as hrctl metrics "
                 "prints it: cases.open, steps.overdue, return_rate.manager.E0101, "
                 "open_age_days.oldest.hr_review, ...; the feed.* and process.* rows count no "
                 "case)",
                 name);
        return HR_ENOTFOUND;
    }
    rep->cases = hr_arena_alloc(arena, (n + 1) * sizeof *rep->cases);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        s_member_t m;
        const Hr__Analytics__CaseStat *c = cases[i];
        if (!s_member(c, name, ctx, arena, &m) || !m.in)
            continue;
        Hr__Analytics__MetricCase *r = hr_arena_alloc(arena, sizeof *r);
        hr__analytics__metric_case__init(r);
        r->case_id = c->case_id;
        r->employee_no = c->employee_no;
        r->manager_no = c->manager_no;
        r->department_id = c->department_id;
        r->ground = c->ground;
        r->counted = m.counted;
        r->value = m.no_value ? 0 : m.value;
        r->no_value = m.no_value;
        r->note = (char *)m.note;
        rep->cases[k++] = r;
    }
    qsort(rep->cases, k, sizeof *rep->cases, s_cmp_member);
    rep->cases_total = (uint32_t)k;
    rep->n_cases = k < max ? k : max;
    return HR_OK;
}

void an_metrics_calendar(const void *calendar, Hr__Analytics__CaseStat *const *cases, size_t n,
                         int64_t now_ms, int tz_offset_min, hr_arena_t *arena,
                         Hr__Analytics__GetMetricsReply *rep)
{
    if (!calendar)
        return;
    int years[8];
    size_t ny = 0;
    bool statutory = true; // every such year's statutory holidays are listed
    for (size_t i = 0; i < n; i++) {
        const Hr__Analytics__CaseStat *c = cases[i];
        if (!c->overdue || !c->opened_ms)
            continue;
        int found[8];
        size_t nf = hr_calendar_missing_years(
            calendar, hr_day_of_ms(c->opened_ms, tz_offset_min),
            hr_day_of_ms(c->closed_ms ? c->closed_ms : now_ms, tz_offset_min), found,
            HR_ARRAY_LEN(found));
        for (size_t k = 0; k < nf && k < HR_ARRAY_LEN(found); k++) {
            size_t j = 0;
            while (j < ny && years[j] < found[k])
                j++;
            if ((j < ny && years[j] == found[k]) || ny == HR_ARRAY_LEN(years))
                continue;
            memmove(&years[j + 1], &years[j], (ny - j) * sizeof years[0]);
            years[j] = found[k];
            ny++;
            statutory &= hr_calendar_knows_statutory(calendar, found[k]);
        }
    }
    if (!ny)
        return;
    char *yz = "", *ye = "";
    for (size_t j = 0; j < ny; j++) {
        yz = hr_arena_fmt(arena, "%s%s%d", yz, j ? "年、" : "", years[j]);
        ye = hr_arena_fmt(arena, "%s%s%d", ye, j ? ", " : "", years[j]);
    }
    for (size_t i = 0; i < rep->n_metrics; i++) {
        Hr__Analytics__Metric *m = rep->metrics[i];
        if (strcmp(m->name, "steps.overdue"))
            continue;
        m->calendar_years = hr_arena_alloc(arena, ny * sizeof *m->calendar_years);
        memcpy(m->calendar_years, years, ny * sizeof *m->calendar_years);
        m->n_calendar_years = ny;
        m->note = hr_arena_fmt(
            arena,
            "%s; cases with an overdue step run into %s, whose State Council holiday notice %s "
            "not in the company calendar yet: the workflow counts a step's deadline in working "
            "days by the week there (Monday to Friday; %s), so this count is provisional until "
            "the notice is in the calendar",
            m->note, ye, ny == 1 ? "is" : "are",
            statutory ? "the statutory holidays are days off" : "not even the statutory holidays");
        m->calendar_note_zh = hr_arena_fmt(
            arena,
            "有逾期步骤的案件跨入了%s年，%s国务院节假日安排通知尚未列入公司日历：workflow 在"
            "这些日子按周一至周五计算以工作日计的期限（%s），逾期步骤数为暂定，通知列入日历后"
            "可能有变。",
            yz, ny == 1 ? "该年" : "这些年份",
            statutory ? "法定节假日已按休息日计" : "连法定节假日也未列入，同样按工作日计");
    }
}
