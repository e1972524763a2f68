/*  an_metrics - process metrics from the workflow's events.
 *
 *  an_metrics_apply() (through an_events_apply, the hr_consumer apply function): each workflow
 *  event (CaseOpened, StepCompleted, CaseReturned, StepOverdue, CaseClosed, DisputeRecorded)
 *  updates the case's CaseStat in the consumer's batch transaction, together with the cursor, so
 *  every event counts exactly once. an_process_metrics() is pure: cases in, metric rows out
 *  (issue 6, item 3): cases by state, cycle time per step (median, p90), overdue steps, the
 *  return rate by ground, manager and department, cases per department, the dispute rate after
 *  close, time to close; an_case_matches() picks the cases of a window of opening days and a
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

hr_rc_t an_metrics_apply(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(4096);
    hr_rc_t rc = HR_OK;
    Hr__Analytics__CaseStat *c = NULL;
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
            steps[c->n_steps++] = st;
            c->steps = steps;
        }
    } else if (!strcmp(t, "workflow.CaseReturned")) {
        Hr__Workflow__CaseReturned *e = S_UNPACK(
            Hr__Workflow__CaseReturned, hr__workflow__case_returned__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->returns++;
    } else if (!strcmp(t, "workflow.StepOverdue")) {
        Hr__Workflow__StepOverdue *e =
            S_UNPACK(Hr__Workflow__StepOverdue, hr__workflow__step_overdue__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->overdue++;
    } else if (!strcmp(t, "workflow.CaseClosed")) {
        Hr__Workflow__CaseClosed *e =
            S_UNPACK(Hr__Workflow__CaseClosed, hr__workflow__case_closed__descriptor, ev, arena);
        if (!e || !(c = s_case(txn, arena, e->case_id, &rc)))
            goto out;
        c->closed_ms = e->at_ms;
        c->outcome = e->outcome;
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
    if (!rc && !c &&
        (!strcmp(t, "workflow.CaseOpened") || !strcmp(t, "workflow.StepCompleted") ||
         !strcmp(t, "workflow.CaseReturned") || !strcmp(t, "workflow.StepOverdue") ||
         !strcmp(t, "workflow.CaseClosed") || !strcmp(t, "workflow.DisputeRecorded")))
        rc = HR_EIO; // a known event whose body does not decode
    if (rc)
        hr_error("metrics.event_bad", "seq=%llu type=%s rc=%s", (unsigned long long)ev->seq, t,
                 hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
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

void an_process_metrics(Hr__Analytics__CaseStat *const *cases, size_t n, int64_t now_ms,
                        hr_arena_t *arena, Hr__Analytics__GetMetricsReply *rep, size_t cap)
{
    HR_UNUSED(now_ms);
    s_out_t o = {rep, arena, cap};
    size_t open = 0, closed = 0, withdrawn = 0, rescinded = 0, overdue = 0, returned = 0;
    size_t disputed = 0;
    double *close_ms = hr_arena_alloc(arena, (n + 1) * sizeof *close_ms);
    size_t nclose = 0;
    for (size_t i = 0; i < n; i++) {
        const Hr__Analytics__CaseStat *c = cases[i];
        if (!c->closed_ms) {
            open++;
        } else if (!strcmp(c->outcome, "withdrawn")) {
            withdrawn++; // no dismissal ended: it can carry no dispute and no time to close
        } else if (!strcmp(c->outcome, "rescinded")) {
            rescinded++; // the notice revoked by agreement: the employment goes on
        } else {
            closed++;
            if (c->opened_ms)
                close_ms[nclose++] = (double)(c->closed_ms - c->opened_ms);
            disputed += c->disputed;
        }
        overdue += c->overdue;
        returned += c->returns > 0;
    }
    s_add(&o, "cases.total", (double)n, "cases seen in the workflow's events");
    s_add(&o, "cases.open", (double)open, "not closed, not withdrawn, not rescinded");
    s_add(&o, "cases.closed", (double)closed,
          "closed with an outcome (withdrawn and rescinded cases are not)");
    s_add(&o, "cases.withdrawn", (double)withdrawn, "withdrawn: no dismissal");
    s_add(&o, "cases.rescinded", (double)rescinded,
          "the notice revoked by agreement: the employment continues");
    // Closed cases by outcome.
    const char *outcomes[] = {"agreement_signed", "notice_served"};
    for (size_t k = 0; k < HR_ARRAY_LEN(outcomes); k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            m += cases[i]->closed_ms && !strcmp(cases[i]->outcome, outcomes[k]);
        s_add(&o, hr_arena_fmt(arena, "cases.closed.%s", outcomes[k]), (double)m, "by outcome");
    }
    s_add(&o, "steps.overdue", (double)overdue, "StepOverdue events");
    s_add_rate(&o, "return_rate", returned, n, "cases returned at least once / cases");
    s_add_rate(&o, "dispute_rate", disputed, closed,
               "closed cases with arbitration filed / cases closed with an outcome");
    Hr__Analytics__Metric *ttc = s_add(&o, "time_to_close_ms.median", an_median(close_ms, nclose),
                                       "opened to closed, cases closed with an outcome");
    if (ttc)
        ttc->no_value = !nclose;
    // Cycle time per step.
    const char *steps[AN_STEPS_MAX];
    size_t nsteps = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < cases[i]->n_steps; s++) {
            const char *st = cases[i]->steps[s]->step;
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
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t s = 0; s < cases[i]->n_steps; s++)
                if (!strcmp(cases[i]->steps[s]->step, steps[j]) &&
                    an_step_time_known(cases[i]->steps[s]))
                    v[k++] = (double)cases[i]->steps[s]->ms;
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
        if (row)
            row->no_value = !k;
        row = s_add(&o, hr_arena_fmt(arena, "cycle_ms.p90.%s", steps[j]), p90, note);
        if (row)
            row->no_value = !k;
    }
    // Return rate by ground, by manager and by department; cases per department.
    static const char *const names[S_BY_COUNT] = {"ground", "manager", "department"};
    for (s_by_t by = 0; by < S_BY_COUNT; by++) {
        const char *keys[AN_METRIC_KEYS];
        size_t nk = s_distinct(keys, HR_ARRAY_LEN(keys), cases, n, by);
        for (size_t j = 0; j < nk; j++) {
            size_t all = 0, ret = 0;
            for (size_t i = 0; i < n; i++) {
                if (strcmp(s_field(cases[i], by), keys[j]))
                    continue;
                all++;
                ret += cases[i]->returns > 0;
            }
            if (by == S_BY_DEPARTMENT)
                s_add(&o, hr_arena_fmt(arena, "cases.department.%s", keys[j]), (double)all,
                      "cases of the department");
            s_add_rate(&o, hr_arena_fmt(arena, "return_rate.%s.%s", names[by], keys[j]), ret, all,
                       "returned / cases");
        }
    }
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
