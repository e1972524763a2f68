/*  unit.analytics.metrics - workflow events into CaseStat records (real LMDB) and the process
 *  metrics computed from them: states, outcomes, cycle times (median, p90), overdue steps,
 *  return rate by ground and manager, dispute rate after close (withdrawn cases apart), time to
 *  close; rates over no cases have no value; the submissions the check returned at submit
 *  (workflow.SubmitRefused) by reason, fact, ground, manager and department, and later passed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"
#include "workflow.pb-c.h"

#include <math.h>

typedef struct {
    char *dir;
    hr_store_t *store;
    hr_arena_t *arena;
    uint64_t seq;
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("an_metrics");
    hr_store_opts_t o = {.dir = f->dir,
                         .mapsize_mb = 16,
                         .dbs = an_store_dbs,
                         .schema_version = an_service.schema_version};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    f->arena = hr_arena_new(0);
    *state = f;
    return f->store ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static void s_apply(fixture_t *f, const char *type, const ProtobufCMessage *msg)
{
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = ++f->seq;
    ev.type = (char *)type;
    ev.body.len = protobuf_c_message_get_packed_size(msg);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(msg, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void s_open_in(fixture_t *f, const char *id, const char *mgr, const char *ground, int64_t at,
                      const char *dept)
{
    Hr__Workflow__CaseOpened e = HR__WORKFLOW__CASE_OPENED__INIT;
    e.case_id = (char *)id;
    e.employee_no = "E1";
    e.manager_no = (char *)mgr;
    e.department_id = (char *)dept;
    e.ground = (char *)ground;
    e.at_ms = at;
    s_apply(f, "workflow.CaseOpened", &e.base);
}

static void s_open(fixture_t *f, const char *id, const char *mgr, const char *ground, int64_t at)
{
    s_open_in(f, id, mgr, ground, at, "D1");
}

static void s_step(fixture_t *f, const char *id, const char *step, int64_t ms)
{
    Hr__Workflow__StepCompleted e = HR__WORKFLOW__STEP_COMPLETED__INIT;
    e.case_id = (char *)id;
    e.step = (char *)step;
    e.by = "x";
    e.started_ms = 1000;
    e.done_ms = 1000 + ms;
    s_apply(f, "workflow.StepCompleted", &e.base);
}

typedef struct {
    Hr__Analytics__CaseStat *v[16];
    size_t n;
} s_cases_t;

static hr_rc_t s_collect(void *arg, const Hr__Analytics__CaseStat *c)
{
    s_cases_t *cs = arg;
    assert_true(cs->n < 16);
    cs->v[cs->n++] = (Hr__Analytics__CaseStat *)c;
    return HR_OK;
}

static double s_get(const Hr__Analytics__GetMetricsReply *r, const char *name)
{
    for (size_t i = 0; i < r->n_metrics; i++)
        if (!strcmp(r->metrics[i]->name, name))
            return r->metrics[i]->value;
    fail_msg("no metric %s", name);
    return -1;
}

static void test_events_become_case_stats_and_metrics(void **state)
{
    fixture_t *f = *state;
    s_open(f, "C1", "M1", "A39_1", 1000);
    s_open(f, "C2", "M1", "A40_2", 1000);
    s_open(f, "C3", "M2", "A40_2", 1000);
    s_step(f, "C1", "hr_review", 100);
    s_step(f, "C2", "hr_review", 300);
    s_step(f, "C3", "hr_review", 200);
    Hr__Workflow__CaseReturned ret = HR__WORKFLOW__CASE_RETURNED__INIT;
    ret.case_id = "C2";
    ret.step = "hr_review";
    s_apply(f, "workflow.CaseReturned", &ret.base);
    Hr__Workflow__StepOverdue od = HR__WORKFLOW__STEP_OVERDUE__INIT;
    od.case_id = "C3";
    od.step = "prepare";
    s_apply(f, "workflow.StepOverdue", &od.base);
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = "C1";
    cl.outcome = "agreement_signed";
    cl.at_ms = 5000;
    s_apply(f, "workflow.CaseClosed", &cl.base);
    cl.case_id = "C3";
    cl.outcome = "notice_served";
    cl.at_ms = 9000;
    s_apply(f, "workflow.CaseClosed", &cl.base);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.result = "pending";
    Hr__Workflow__DisputeRecorded dr = HR__WORKFLOW__DISPUTE_RECORDED__INIT;
    dr.case_id = "C3";
    dr.dispute = &d;
    s_apply(f, "workflow.DisputeRecorded", &dr.base);
    // Events of other kinds are not the metrics' business.
    Hr__Workflow__CaseOpened junk = HR__WORKFLOW__CASE_OPENED__INIT;
    s_apply(f, "workflow.SomethingElse", &junk.base);

    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    s_cases_t cs = {0};
    assert_int_equal(an_store_cases_each(txn, f->arena, s_collect, &cs), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(cs.n, 3);
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    rep.metrics = hr_arena_alloc(f->arena, 128 * sizeof *rep.metrics);
    an_process_metrics(cs.v, cs.n, 0, f->arena, &rep, 128);
    assert_true(s_get(&rep, "cases.total") == 3);
    assert_true(s_get(&rep, "cases.open") == 1);
    assert_true(s_get(&rep, "cases.closed.agreement_signed") == 1);
    assert_true(s_get(&rep, "cases.closed.notice_served") == 1);
    assert_true(s_get(&rep, "steps.overdue") == 1);
    assert_true(s_get(&rep, "cycle_ms.median.hr_review") == 200);
    assert_true(s_get(&rep, "cycle_ms.p90.hr_review") == 300);
    assert_true(s_get(&rep, "return_rate") > 0.33 && s_get(&rep, "return_rate") < 0.34);
    assert_true(s_get(&rep, "return_rate.ground.A40_2") == 0.5);
    assert_true(s_get(&rep, "return_rate.manager.M1") == 0.5);
    assert_true(s_get(&rep, "return_rate.manager.M2") == 0);
    assert_true(s_get(&rep, "dispute_rate") == 0.5);
    assert_true(s_get(&rep, "time_to_close_ms.median") == 6000);
}

static const Hr__Analytics__Metric *s_row(const Hr__Analytics__GetMetricsReply *r,
                                          const char *name);

static int32_t s_day(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return day;
}

// Opened at local time hh:00 on date (Beijing time).
static int64_t s_at(const char *date, int hh)
{
    return hr_ms_of_day(s_day(date), HR_TZ_SHANGHAI_MIN) + hh * HR_HOUR_MS;
}

static void test_a_window_of_days_and_a_department_pick_the_cases(void **state)
{
    fixture_t *f = *state;
    // Local days: 23:30 on 31 March in Beijing is still March (15:30 UTC).
    s_open_in(f, "C1", "M1", "A40_2", s_at("2026-03-31", 23), "SALES");
    s_open_in(f, "C2", "M1", "A40_2", s_at("2026-04-01", 0), "SALES");
    s_open_in(f, "C3", "M2", "A39_1", s_at("2026-06-30", 12), "IT");
    s_open_in(f, "C4", "M2", "A39_1", s_at("2026-07-01", 9), "IT");
    Hr__Workflow__CaseReturned ret = HR__WORKFLOW__CASE_RETURNED__INIT;
    ret.case_id = "C3";
    ret.step = "hr_review";
    s_apply(f, "workflow.CaseReturned", &ret.base);
    Hr__Workflow__StepOverdue od = HR__WORKFLOW__STEP_OVERDUE__INIT;
    od.case_id = "C9"; // its opening was never seen: no date bound takes it
    od.step = "prepare";
    s_apply(f, "workflow.StepOverdue", &od.base);

    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    s_cases_t all = {0};
    assert_int_equal(an_store_cases_each(txn, f->arena, s_collect, &all), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(all.n, 5);

    const struct {
        const char *from, *to, *dept;
        const char *want;    // case ids that pass, in order
        const char *manager; // a line manager's own cases only (NULL: every manager's)
    } cases[] = {
        {NULL, NULL, "", "C1C2C3C4C9", NULL},
        {NULL, NULL, "", "C1C2", "M1"}, // M1's own: never M2's
        {"2026-04-01", NULL, "", "C2", "M1"},
        {NULL, NULL, "IT", "", "M1"}, // another team's department holds none of M1's
        {NULL, NULL, "", "C3C4", "M2"},
        {"2026-04-01", "2026-06-30", "", "C2C3", NULL}, // the second quarter
        {"2026-04-01", NULL, "", "C2C3C4", NULL},
        {NULL, "2026-03-31", "", "C1", NULL},
        {NULL, NULL, "IT", "C3C4", NULL},
        {"2026-04-01", "2026-06-30", "SALES", "C2", NULL},
        {NULL, NULL, "HR", "", NULL},
    };
    for (size_t k = 0; k < HR_ARRAY_LEN(cases); k++) {
        an_case_filter_t flt = {cases[k].from ? s_day(cases[k].from) : INT32_MIN,
                                cases[k].to ? s_day(cases[k].to) : INT32_MAX,
                                cases[k].dept,
                                HR_TZ_SHANGHAI_MIN,
                                cases[k].manager,
                                NULL,
                                NULL};
        char got[64] = "";
        size_t len = 0;
        for (size_t i = 0; i < all.n; i++)
            if (an_case_matches(all.v[i], &flt))
                len += (size_t)snprintf(got + len, sizeof got - len, "%s", all.v[i]->case_id);
        assert_string_equal(got, cases[k].want);
    }

    // Cases and the return rate per department.
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    size_t cap = 32 + 2 * AN_STEPS_MAX + 4 * AN_METRIC_KEYS;
    rep.metrics = hr_arena_alloc(f->arena, cap * sizeof *rep.metrics);
    an_process_metrics(all.v, all.n, 0, f->arena, &rep, cap);
    assert_true(s_get(&rep, "cases.department.SALES") == 2);
    assert_true(s_get(&rep, "cases.department.IT") == 2);
    // Over the cases that reached HR's review: C3 (returned); C4 and the SALES cases are still
    // at their request (before, IT read 0.5 and SALES 0 - cases HR never saw counted as kept).
    assert_true(s_get(&rep, "return_rate.department.IT") == 1);
    assert_true(s_row(&rep, "return_rate.department.SALES")->no_value);
}

static const Hr__Analytics__Metric *s_row(const Hr__Analytics__GetMetricsReply *r, const char *name)
{
    for (size_t i = 0; i < r->n_metrics; i++)
        if (!strcmp(r->metrics[i]->name, name))
            return r->metrics[i];
    fail_msg("no metric %s", name);
    return NULL;
}

static void s_close(fixture_t *f, const char *id, const char *outcome, int64_t at_ms)
{
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = (char *)id;
    cl.outcome = (char *)outcome;
    cl.at_ms = at_ms;
    s_apply(f, "workflow.CaseClosed", &cl.base);
}

static void s_collect_all(fixture_t *f, s_cases_t *cs, Hr__Analytics__GetMetricsReply *rep)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_cases_each(txn, f->arena, s_collect, cs), HR_OK);
    hr_txn_abort(&txn);
    size_t cap = 32 + 2 * AN_STEPS_MAX + 4 * AN_METRIC_KEYS;
    rep->metrics = hr_arena_alloc(f->arena, cap * sizeof *rep->metrics);
    an_process_metrics(cs->v, cs->n, 0, f->arena, rep, cap);
}

// Nine cases counted by hand: two open, two withdrawn, one rescinded, four closed with an
// outcome, one of them disputed. A withdrawn case is no dismissal that ended: it can carry no
// dispute, so counting it as closed diluted the dispute rate (1/6 instead of 1/4) and the time to
// close.
static void test_withdrawn_cases_count_neither_as_closed_nor_in_the_dispute_rate(void **state)
{
    fixture_t *f = *state;
    const char *ids[] = {"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"};
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++)
        s_open(f, ids[i], "M1", "A40_2", 1000);
    s_close(f, "C1", "agreement_signed", 1000 + 10 * HR_DAY_MS);
    s_close(f, "C2", "agreement_signed", 1000 + 20 * HR_DAY_MS);
    s_close(f, "C3", "notice_served", 1000 + 30 * HR_DAY_MS);
    s_close(f, "C4", "notice_served", 1000 + 40 * HR_DAY_MS);
    s_close(f, "C5", "withdrawn", 1000 + 1 * HR_DAY_MS); // quick: would pull the median down
    s_close(f, "C6", "withdrawn", 1000 + 2 * HR_DAY_MS);
    // C9 closed with its notice served, then the notice was revoked by agreement (rescinded):
    // the employment goes on, so it is no closed dismissal either.
    s_open(f, "C9", "M1", "A40_2", 1000);
    s_close(f, "C9", "notice_served", 1000 + 3 * HR_DAY_MS);
    s_close(f, "C9", "rescinded", 1000 + 5 * HR_DAY_MS);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    Hr__Workflow__DisputeRecorded dr = HR__WORKFLOW__DISPUTE_RECORDED__INIT;
    dr.case_id = "C3";
    dr.dispute = &d;
    s_apply(f, "workflow.DisputeRecorded", &dr.base);

    s_cases_t cs = {0};
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    s_collect_all(f, &cs, &rep);
    assert_true(s_get(&rep, "cases.total") == 9);
    assert_true(s_get(&rep, "cases.open") == 2);
    assert_true(s_get(&rep, "cases.closed") == 4);
    assert_true(s_get(&rep, "cases.withdrawn") == 2);
    assert_true(s_get(&rep, "cases.rescinded") == 1);
    assert_true(s_get(&rep, "cases.closed.agreement_signed") == 2);
    assert_true(s_get(&rep, "cases.closed.notice_served") == 2);
    assert_true(s_get(&rep, "dispute_rate") == 0.25);
    assert_false(s_row(&rep, "dispute_rate")->no_value);
    assert_true(s_get(&rep, "time_to_close_ms.median") == 25.0 * HR_DAY_MS);
}

// No case (a department without one, a window before any): the rates and the time to close
// have no value ("n/a"), never a 0 that reads as a perfect record; the counts are 0.
static void test_rates_over_no_cases_have_no_value(void **state)
{
    fixture_t *f = *state;
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    size_t cap = 32 + 2 * AN_STEPS_MAX + 4 * AN_METRIC_KEYS;
    rep.metrics = hr_arena_alloc(f->arena, cap * sizeof *rep.metrics);
    an_process_metrics(NULL, 0, 0, f->arena, &rep, cap);
    assert_true(s_get(&rep, "cases.total") == 0);
    assert_false(s_row(&rep, "cases.total")->no_value);
    assert_true(s_row(&rep, "return_rate")->no_value);
    assert_true(s_row(&rep, "dispute_rate")->no_value);
    assert_true(s_row(&rep, "time_to_close_ms.median")->no_value);

    // Only withdrawn and open cases: a return rate, but no dispute rate and no time to close.
    s_open(f, "C1", "M1", "A40_2", 1000);
    s_open(f, "C2", "M1", "A40_2", 1000);
    s_close(f, "C2", "withdrawn", 5000);
    s_cases_t cs = {0};
    Hr__Analytics__GetMetricsReply rep2 = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    s_collect_all(f, &cs, &rep2);
    // Nor a return rate: its denominator is the cases that reached HR's review, and neither did
    // (before, it divided by every case: 0 of 2, a perfect record of cases HR never saw).
    assert_true(s_row(&rep2, "return_rate")->no_value);
    assert_true(s_get(&rep2, "cases.reached_hr") == 0);
    assert_true(s_row(&rep2, "dispute_rate")->no_value);
    assert_true(s_row(&rep2, "time_to_close_ms.median")->no_value);
}

// Steps done late or on time (the audit of 2026-11-29: StepCompleted.late was stored and never
// reported; steps.overdue counts StepOverdue events, not how the steps ended): C1's prepare done
// late and its hr_review on time, C2's prepare on time, and a step whose times are not known
// (started 0: an older workflow's returned review) in neither count.
static void test_steps_done_late_and_on_time_are_counted(void **state)
{
    fixture_t *f = *state;
    s_open(f, "C1", "M1", "A40_2", 1000);
    s_open(f, "C2", "M1", "A40_2", 1000);
    Hr__Workflow__StepCompleted e = HR__WORKFLOW__STEP_COMPLETED__INIT;
    e.case_id = "C1";
    e.step = "prepare";
    e.by = "x";
    e.started_ms = 1000;
    e.done_ms = 5000;
    e.late = true;
    s_apply(f, "workflow.StepCompleted", &e.base);
    s_step(f, "C1", "hr_review", 100);
    s_step(f, "C2", "prepare", 100);
    e.case_id = "C2";
    e.step = "hr_review";
    e.started_ms = e.done_ms = 0; // not known: nor whether it was late
    s_apply(f, "workflow.StepCompleted", &e.base);
    s_cases_t cs = {0};
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    s_collect_all(f, &cs, &rep);
    assert_true(s_get(&rep, "steps.done_late") == 1);
    assert_true(s_get(&rep, "steps.done_on_time") == 2);
    assert_non_null(strstr(s_row(&rep, "steps.done_late")->note, "StepCompleted.late"));
    an_metrics_ctx_t ctx = {0};
    char why[256];
    Hr__Analytics__GetMetricsReply d = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, &ctx, "steps.done_late", f->arena, &d,
                                      AN_DETAIL_MAX, why, sizeof why),
                     HR_OK);
    assert_int_equal(d.cases_total, 1);
    assert_string_equal(d.cases[0]->case_id, "C1");
    assert_non_null(strstr(d.cases[0]->note, "1 step(s) done late"));
}

// A returned review's StepCompleted from a workflow before its fix said started 0, done 0: an
// unknown time, not an instant review. Neither the events nor the CaseStat records stored from
// them before StepTime.known existed count in the cycle times; the note says how many are left
// out, and a step none of whose times is known has no value, not 0.
static void test_a_step_recorded_without_its_times_is_unknown_not_instant(void **state)
{
    fixture_t *f = *state;
    s_open(f, "C1", "M1", "A39_1", 1000);
    s_open(f, "C2", "M1", "A40_2", 1000);
    s_open(f, "C3", "M2", "A40_2", 1000);
    s_step(f, "C1", "hr_review", 100);
    s_step(f, "C3", "hr_review", 300);
    Hr__Workflow__StepCompleted e = HR__WORKFLOW__STEP_COMPLETED__INIT;
    e.case_id = "C2";
    e.step = "hr_review";
    e.by = "E0003"; // started_ms 0, done_ms 0: the event of a return before the fix
    s_apply(f, "workflow.StepCompleted", &e.base);
    e.step = "superior_approval";
    s_apply(f, "workflow.StepCompleted", &e.base);
    // A case stored before StepTime.known: one step of 0 ms (such an event), one of 400 ms.
    Hr__Analytics__StepTime old0 = HR__ANALYTICS__STEP_TIME__INIT, old400 = old0;
    old0.step = "hr_review";
    old400.step = "hr_review";
    old400.ms = 400;
    Hr__Analytics__StepTime *olds[] = {&old0, &old400};
    Hr__Analytics__CaseStat c4 = HR__ANALYTICS__CASE_STAT__INIT;
    c4.case_id = "C4";
    c4.steps = olds;
    c4.n_steps = 2;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_case_put(txn, &c4), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    s_cases_t cs = {0};
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    s_collect_all(f, &cs, &rep);
    // 100, 300, 400 known; C2's event and C4's old 0 are not 0 ms reviews.
    assert_true(s_get(&rep, "cycle_ms.median.hr_review") == 300);
    assert_true(s_get(&rep, "cycle_ms.p90.hr_review") == 400);
    assert_non_null(strstr(s_row(&rep, "cycle_ms.median.hr_review")->note, "2 of 5 left out"));
    assert_true(s_row(&rep, "cycle_ms.median.superior_approval")->no_value);
    assert_true(s_row(&rep, "cycle_ms.p90.superior_approval")->no_value);
    for (size_t i = 0; i < cs.n; i++)
        if (!strcmp(cs.v[i]->case_id, "C2")) {
            assert_false(cs.v[i]->steps[0]->known);
            assert_false(cs.v[i]->steps[0]->late);
        } else if (!strcmp(cs.v[i]->case_id, "C1")) {
            assert_true(cs.v[i]->steps[0]->known);
        }
}

static void test_a_known_event_that_does_not_decode_fails_the_batch(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = 1;
    ev.type = "workflow.CaseOpened";
    uint8_t junk[] = {0xff, 0xff, 0xff};
    ev.body.data = junk;
    ev.body.len = sizeof junk;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_EIO);
    hr_txn_abort(&txn);
}

// Local times at UTC+8 (the metrics' tz below).
static int64_t s_local(const char *date, int hh)
{
    return hr_ms_of_day(s_day(date), 480) + hh * HR_HOUR_MS;
}

static void s_open_at(fixture_t *f, const char *id, const char *mgr, int64_t at, int64_t due)
{
    Hr__Workflow__CaseOpened e = HR__WORKFLOW__CASE_OPENED__INIT;
    e.case_id = (char *)id;
    e.employee_no = "E1";
    e.manager_no = (char *)mgr;
    e.department_id = "D1";
    e.ground = "A40_2";
    e.at_ms = at;
    e.step = "request";
    e.step_due_ms = due;
    s_apply(f, "workflow.CaseOpened", &e.base);
}

static void s_done(fixture_t *f, const char *id, const char *step, int64_t started, int64_t done,
                   const char *next, int64_t next_due)
{
    Hr__Workflow__StepCompleted e = HR__WORKFLOW__STEP_COMPLETED__INIT;
    e.case_id = (char *)id;
    e.step = (char *)step;
    e.by = "x";
    e.started_ms = started;
    e.done_ms = done;
    e.next_step = (char *)next;
    e.next_started_ms = *next ? done : 0;
    e.next_due_ms = next_due;
    s_apply(f, "workflow.StepCompleted", &e.base);
}

static bool s_has_case(const Hr__Analytics__GetMetricsReply *r, const char *id, bool counted)
{
    for (size_t i = 0; i < r->n_cases; i++)
        if (!strcmp(r->cases[i]->case_id, id))
            return r->cases[i]->counted == counted;
    return false;
}

// The director's review (repro metrics.sh): cycle times were raw ms while every deadline is in
// working days; only completed steps counted, so a stage open and overdue, or left undone by a
// withdrawal, was invisible; the return rate divided by cases withdrawn at their request that
// never reached HR; and no figure could be drilled down to its cases.
static void test_working_days_open_stages_abandoned_and_the_cases_behind_a_figure(void **state)
{
    fixture_t *f = *state;
    // 2026-11-27 is a Friday. C1: request from Fri 12:00 to Mon 12:00 (72 h, 1 working day);
    // HR's review open since Mon 12:00, due Tue 12:00, now Thu 12:00: 3 working days, past due.
    s_open_at(f, "C1", "M1", s_local("2026-11-27", 12), s_local("2026-11-30", 23));
    s_done(f, "C1", "request", s_local("2026-11-27", 12), s_local("2026-11-30", 12), "hr_review",
           s_local("2026-12-01", 12));
    Hr__Workflow__StepOverdue od = HR__WORKFLOW__STEP_OVERDUE__INIT;
    od.case_id = "C1";
    od.step = "hr_review";
    od.due_ms = s_local("2026-12-01", 12);
    od.at_ms = od.due_ms;
    s_apply(f, "workflow.StepOverdue", &od.base);
    // C2: withdrawn at its request after a working day: never reached HR; the request abandoned.
    s_open_at(f, "C2", "M1", s_local("2026-11-30", 0), 0);
    s_close(f, "C2", "withdrawn", s_local("2026-12-01", 0));
    // C3: submitted, returned by HR, request open again (not due yet).
    s_open_at(f, "C3", "M2", s_local("2026-11-30", 9), 0);
    s_done(f, "C3", "request", s_local("2026-11-30", 9), s_local("2026-11-30", 15), "hr_review",
           s_local("2026-12-02", 15));
    s_done(f, "C3", "hr_review", s_local("2026-11-30", 15), s_local("2026-12-01", 15), "request",
           s_local("2026-12-08", 15));
    Hr__Workflow__CaseReturned ret = HR__WORKFLOW__CASE_RETURNED__INIT;
    ret.case_id = "C3";
    ret.step = "hr_review";
    s_apply(f, "workflow.CaseReturned", &ret.base);

    s_cases_t cs = {0};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_cases_each(txn, f->arena, s_collect, &cs), HR_OK);
    hr_txn_abort(&txn);
    an_metrics_ctx_t ctx = {s_local("2026-12-03", 12), NULL, 480};
    size_t cap = 40 + AN_METRIC_ROWS_PER_STEP * AN_STEPS_MAX + 4 * AN_METRIC_KEYS;
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    rep.metrics = hr_arena_alloc(f->arena, cap * sizeof *rep.metrics);
    an_process_metrics(cs.v, cs.n, &ctx, f->arena, &rep, cap);
    // Durations in working days and hours; the ms rows stay (for scripts), marked as such.
    assert_string_equal(s_row(&rep, "cycle_ms.median.request")->unit, "ms");
    assert_true(s_get(&rep, "cycle_ms.median.request") == (72 * HR_HOUR_MS + 6 * HR_HOUR_MS) / 2);
    assert_string_equal(s_row(&rep, "cycle_days.median.request")->unit, "working_days");
    assert_true(fabs(s_get(&rep, "cycle_days.p90.request") - 1.0) < 1e-9);
    assert_true(fabs(s_get(&rep, "cycle_hours.p90.request") - 72) < 1e-9);
    assert_true(fabs(s_get(&rep, "cycle_days.median.hr_review") - 1.0) < 1e-9);
    // The stages still open: their age, the oldest, how many past due.
    assert_true(s_get(&rep, "open_steps.hr_review") == 1);
    assert_true(fabs(s_get(&rep, "open_age_days.oldest.hr_review") - 3.0) < 1e-9);
    assert_true(fabs(s_get(&rep, "open_age_hours.median.hr_review") - 72) < 1e-9);
    assert_true(s_get(&rep, "open_past_due.hr_review") == 1);
    assert_true(s_get(&rep, "open_steps.request") == 1); // C3's, after the return
    assert_true(s_get(&rep, "open_past_due.request") == 0);
    // Left undone by the withdrawal: counted apart.
    assert_true(s_get(&rep, "steps.abandoned") == 1);
    assert_true(s_get(&rep, "steps.abandoned.request") == 1);
    // The return rate over the cases that reached HR: 1 of 2, not 1 of 3.
    assert_true(s_get(&rep, "cases.reached_hr") == 2);
    assert_true(s_get(&rep, "return_rate") == 0.5);
    assert_non_null(strstr(s_row(&rep, "return_rate")->note, "reached HR review"));
    assert_true(s_get(&rep, "return_rate.manager.M1") == 0);
    assert_true(s_get(&rep, "return_rate.manager.M2") == 1);

    // The cases behind a figure.
    char why[256];
    Hr__Analytics__GetMetricsReply d = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, &ctx, "open_past_due.hr_review", f->arena, &d,
                                      AN_DETAIL_MAX, why, sizeof why),
                     HR_OK);
    assert_int_equal(d.cases_total, 1);
    assert_string_equal(d.cases[0]->case_id, "C1");
    assert_true(fabs(d.cases[0]->value - 3.0) < 1e-9);
    assert_non_null(strstr(d.cases[0]->note, "past due since 2026-12-01"));
    Hr__Analytics__GetMetricsReply rr = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, &ctx, "return_rate", f->arena, &rr, AN_DETAIL_MAX,
                                      why, sizeof why),
                     HR_OK);
    assert_int_equal(rr.cases_total, 2); // C2 never reached HR
    assert_true(s_has_case(&rr, "C1", false));
    assert_true(s_has_case(&rr, "C3", true));
    Hr__Analytics__GetMetricsReply rm = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, &ctx, "return_rate.manager.M1", f->arena, &rm, 1,
                                      why, sizeof why),
                     HR_OK);
    assert_int_equal(rm.cases_total, 1);
    Hr__Analytics__GetMetricsReply ab = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, &ctx, "steps.abandoned.request", f->arena, &ab,
                                      AN_DETAIL_MAX, why, sizeof why),
                     HR_OK);
    assert_int_equal(ab.cases_total, 1);
    assert_string_equal(ab.cases[0]->case_id, "C2");
    Hr__Analytics__GetMetricsReply no = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, &ctx, "feed.files", f->arena, &no, AN_DETAIL_MAX,
                                      why, sizeof why),
                     HR_ENOTFOUND);
    assert_non_null(strstr(why, "detail: 'feed.files' is no metric over cases"));
}

// Working days on the company calendar: its holidays count nothing, and a year it does not
// declare is named (its bridge days off may be counted as working days).
static void test_working_days_follow_the_company_calendar(void **state)
{
    HR_UNUSED(state);
    const char *text = "year 2026\n2026-12-01 holiday test\n";
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_parse(text, strlen(text), "calendar.txt", &err);
    assert_non_null(cal);
    an_metrics_ctx_t ctx = {0, cal, 480};
    uint32_t year = 0;
    // Mon 2026-11-30 12:00 to Thu 2026-12-03 12:00, Tuesday a holiday: 0.5 + 1 + 0.5.
    double d = an_working_days(&ctx, s_local("2026-11-30", 12), s_local("2026-12-03", 12), &year);
    assert_true(fabs(d - 2.0) < 1e-9);
    assert_int_equal(year, 0);
    // Into 2027, which the calendar does not declare.
    d = an_working_days(&ctx, s_local("2026-12-31", 0), s_local("2027-01-05", 0), &year);
    assert_true(d > 0);
    assert_int_equal(year, 2027);
    hr_calendar_destroy(&cal);
}

// A case opened on the day `opened` (closed on `closed`, NULL: open) with `overdue` steps overdue.
static Hr__Analytics__CaseStat *s_stat(hr_arena_t *arena, const char *id, const char *opened,
                                       const char *closed, uint32_t overdue)
{
    Hr__Analytics__CaseStat *c = hr_arena_alloc(arena, sizeof *c);
    hr__analytics__case_stat__init(c);
    c->case_id = (char *)id;
    int32_t day = 0;
    assert_true(hr_date_parse(opened, &day));
    c->opened_ms = hr_ms_of_day(day, 480) + 3600000;
    if (closed) {
        assert_true(hr_date_parse(closed, &day));
        c->closed_ms = hr_ms_of_day(day, 480) + 3600000;
        c->outcome = "notice_served";
    }
    c->overdue = overdue;
    return c;
}

// The workflow counts a step's deadline in working days, by the week in a year the calendar
// does not declare: steps.overdue over cases open in such a year says which and that the count
// is provisional (README "Metrics"); cases of declared years only, or no calendar, say nothing.
// Before, the count read as final.
static void test_overdue_steps_over_an_undeclared_year_are_provisional(void **state)
{
    fixture_t *f = *state;
    const char *text = "year 2026\n2026-10-01 holiday 国庆\n2027-01-01 statutory 元旦\n";
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_parse(text, strlen(text), "cal.txt", &err);
    assert_non_null(cal);
    int32_t today = 0;
    assert_true(hr_date_parse("2027-01-10", &today));
    int64_t now_ms = hr_ms_of_day(today, 480) + 3600000;
    an_metrics_ctx_t ctx = {now_ms, NULL, 480};
    Hr__Analytics__CaseStat *cases[] = {
        s_stat(f->arena, "C1", "2026-12-20", NULL, 1),         // open into 2027, overdue
        s_stat(f->arena, "C2", "2026-05-01", "2026-06-01", 1), // declared 2026 only
        s_stat(f->arena, "C3", "2026-12-01", NULL, 0),         // into 2027, nothing overdue
    };
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    rep.metrics = hr_arena_alloc(f->arena, 128 * sizeof *rep.metrics);
    an_process_metrics(cases, 3, &ctx, f->arena, &rep, 128);
    an_metrics_calendar(cal, cases, 3, now_ms, 480, f->arena, &rep);
    const Hr__Analytics__Metric *m = s_row(&rep, "steps.overdue");
    assert_true(m->value == 2);
    assert_int_equal(m->n_calendar_years, 1);
    assert_int_equal(m->calendar_years[0], 2027);
    assert_non_null(strstr(m->note, "StepOverdue events (stages and duties past their deadline, "
                                    "done since or not); cases with an overdue step run into "
                                    "2027, whose State Council holiday notice is not in the "
                                    "company calendar yet"));
    assert_string_equal(m->calendar_note_zh,
                        "有逾期步骤的案件跨入了2027年，该年国务院节假日安排通知尚未列入公司日历："
                        "workflow 在这些日子按周一至周五计算以工作日计的期限（法定节假日已按休息日"
                        "计），逾期步骤数为暂定，通知列入日历后可能有变。");
    // Only the declared year's case: nothing said.
    Hr__Analytics__GetMetricsReply two = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    two.metrics = hr_arena_alloc(f->arena, 128 * sizeof *two.metrics);
    an_process_metrics(cases + 1, 2, &ctx, f->arena, &two, 128);
    an_metrics_calendar(cal, cases + 1, 2, now_ms, 480, f->arena, &two);
    assert_int_equal(s_row(&two, "steps.overdue")->n_calendar_years, 0);
    assert_string_equal(s_row(&two, "steps.overdue")->calendar_note_zh, "");
    assert_string_equal(s_row(&two, "steps.overdue")->note,
                        "StepOverdue events (stages and duties past their deadline, done since or "
                        "not)");
    // No calendar: nothing either (the daemon warns calendar.missing at start).
    Hr__Analytics__GetMetricsReply none = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    none.metrics = hr_arena_alloc(f->arena, 128 * sizeof *none.metrics);
    an_process_metrics(cases, 3, &ctx, f->arena, &none, 128);
    an_metrics_calendar(NULL, cases, 3, now_ms, 480, f->arena, &none);
    assert_int_equal(s_row(&none, "steps.overdue")->n_calendar_years, 0);
    hr_calendar_destroy(&cal);
}

// A refused submission (workflow.SubmitRefused) with reasons given as "CODE:fact" words, at seq
// (0: the next one).
static void s_refused(fixture_t *f, uint64_t seq, const char *id, const char *ground,
                      const char *const *reasons, size_t n)
{
    Hr__Workflow__SubmitRefused e = HR__WORKFLOW__SUBMIT_REFUSED__INIT;
    e.case_id = (char *)id;
    e.ground = (char *)ground;
    e.manager_no = "M1";
    e.at_ms = 2000;
    e.reasons = hr_arena_alloc(f->arena, (n + 1) * sizeof *e.reasons);
    for (size_t i = 0; i < n; i++) {
        Hr__Workflow__SubmitRefusalReason *r = hr_arena_alloc(f->arena, sizeof *r);
        hr__workflow__submit_refusal_reason__init(r);
        char *w = hr_arena_strdup(f->arena, reasons[i]);
        char *colon = strchr(w, ':');
        *colon = '\0';
        r->code = w;
        r->fact = colon + 1;
        e.reasons[e.n_reasons++] = r;
    }
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq ? seq : ++f->seq;
    ev.type = "workflow.SubmitRefused";
    ev.body.len = protobuf_c_message_get_packed_size(&e.base);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(&e.base, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// The stored cases, picked by the filter (NULL: all), into cs.
static void s_cases_of(fixture_t *f, const an_case_filter_t *filter, s_cases_t *cs)
{
    hr_txn_t *txn = NULL;
    s_cases_t all = {0};
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_cases_each(txn, f->arena, s_collect, &all), HR_OK);
    hr_txn_abort(&txn);
    cs->n = 0;
    for (size_t i = 0; i < all.n; i++)
        if (!filter || an_case_matches(all.v[i], filter))
            cs->v[cs->n++] = all.v[i];
}

// The legality check at submit returns requests (workflow.SubmitRefused): hr-analytics counts
// the returns, the cases returned, and by reason code, fact, ground, manager and department;
// "later passed" is a case whose request stage completed after its latest return (C1), not one
// that passed before it and was returned later (C3), nor one never submitted again (C2). A
// refusal read again (the same seq) is not counted twice; a manager's scope counts their cases
// only; --detail lists the cases behind a row. Before, no such event existed and no row did.
static void test_submissions_the_check_returned_count_by_reason_and_later_passed(void **state)
{
    fixture_t *f = *state;
    s_open_in(f, "C1", "M1", "A39_2", 1000, "D1");
    s_open_in(f, "C2", "M1", "A40_2", 1000, "D1");
    s_open_in(f, "C3", "M2", "A39_2", 1000, "D2");
    s_open_in(f, "C4", "M2", "A40_2", 1000, "D2"); // never returned
    static const char *const c1a[] = {"MISSING_EVIDENCE:rule_made_known",
                                      "MISSING_EVIDENCE:facts_proven"};
    static const char *const c1b[] = {"MISSING_EVIDENCE:facts_proven"};
    static const char *const c2[] = {"COMPANY_RULE:performance_report",
                                     "MISSING_EVIDENCE:first_assessment_failed"};
    static const char *const c3[] = {"MISSING_EVIDENCE:facts_proven"};
    s_refused(f, 0, "C1", "A39_2", c1a, 2);
    s_refused(f, 0, "C1", "A39_2", c1b, 1);
    s_step(f, "C1", "request", 50); // passed
    s_refused(f, 0, "C2", "A40_2", c2, 2);
    s_refused(f, f->seq, "C2", "A40_2", c2, 2); // read again: counted once
    s_step(f, "C3", "request", 50);             // passed, then HR returned it...
    s_refused(f, 0, "C3", "A39_2", c3, 1);      // ...and the next submission was returned
    s_step(f, "C4", "request", 50);

    s_cases_t cs = {0};
    s_cases_of(f, NULL, &cs);
    assert_int_equal(cs.n, 4);
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    size_t cap = 200 + AN_METRIC_REFUSAL_ROWS;
    rep.metrics = hr_arena_alloc(f->arena, cap * sizeof *rep.metrics);
    an_process_metrics(cs.v, cs.n, 0, f->arena, &rep, cap);
    assert_true(s_get(&rep, "submit_refused.total") == 4);
    assert_true(s_get(&rep, "submit_refused.cases") == 3);
    assert_true(s_get(&rep, "submit_refused.later_passed") == 1);
    assert_true(s_get(&rep, "submit_refused.reason.MISSING_EVIDENCE") == 4);
    assert_true(s_get(&rep, "submit_refused.reason.COMPANY_RULE") == 1);
    assert_true(s_get(&rep, "submit_refused.fact.facts_proven") == 3);
    assert_true(s_get(&rep, "submit_refused.fact.rule_made_known") == 1);
    assert_true(s_get(&rep, "submit_refused.fact.performance_report") == 1);
    assert_true(s_get(&rep, "submit_refused.ground.A39_2") == 3);
    assert_true(s_get(&rep, "submit_refused.ground.A40_2") == 1);
    assert_true(s_get(&rep, "submit_refused.manager.M1") == 3);
    assert_true(s_get(&rep, "submit_refused.manager.M2") == 1);
    assert_true(s_get(&rep, "submit_refused.department.D2") == 1);
    assert_non_null(strstr(s_row(&rep, "submit_refused.total")->note, "合法性自动检查退回"));
    assert_non_null(
        strstr(s_row(&rep, "submit_refused.manager.M1")->note, "2 case(s), 1 later passed"));

    // A line manager's scope: M2's cases alone.
    an_case_filter_t mine = {
        .from_day = INT32_MIN, .to_day = INT32_MAX, .department = "", .manager_no = "M2"};
    s_cases_of(f, &mine, &cs);
    Hr__Analytics__GetMetricsReply m2 = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    m2.metrics = hr_arena_alloc(f->arena, cap * sizeof *m2.metrics);
    an_process_metrics(cs.v, cs.n, 0, f->arena, &m2, cap);
    assert_true(s_get(&m2, "submit_refused.total") == 1);
    assert_true(s_get(&m2, "submit_refused.later_passed") == 0);
    for (size_t i = 0; i < m2.n_metrics; i++)
        assert_null(strstr(m2.metrics[i]->name, "M1"));

    // The cases behind the rows.
    s_cases_of(f, NULL, &cs);
    char why[256];
    Hr__Analytics__GetMetricsReply d = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, NULL, "submit_refused.later_passed", f->arena, &d,
                                      10, why, sizeof why),
                     HR_OK);
    assert_int_equal(d.cases_total, 3);
    size_t counted = 0;
    for (size_t i = 0; i < d.n_cases; i++)
        if (d.cases[i]->counted) {
            counted++;
            assert_string_equal(d.cases[i]->case_id, "C1");
            assert_non_null(strstr(d.cases[i]->note, "returned at submit 2 time(s)"));
            assert_non_null(strstr(d.cases[i]->note, "passed since"));
        }
    assert_int_equal(counted, 1);
    Hr__Analytics__GetMetricsReply d2 = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, NULL, "submit_refused.reason.COMPANY_RULE",
                                      f->arena, &d2, 10, why, sizeof why),
                     HR_OK);
    assert_int_equal(d2.cases_total, 1);
    assert_string_equal(d2.cases[0]->case_id, "C2");
    Hr__Analytics__GetMetricsReply d3 = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, NULL, "submit_refused.nonsense.X", f->arena, &d3,
                                      10, why, sizeof why),
                     HR_ENOTFOUND);
}

// A case returned more often than AN_REFUSALS_MAX keeps its latest returns' reasons and counts
// every return; a SubmitRefused whose body does not decode fails the batch.
static void test_many_returns_are_all_counted_and_a_bad_body_fails(void **state)
{
    fixture_t *f = *state;
    s_open(f, "C1", "M1", "A39_2", 1000);
    static const char *const r[] = {"MISSING_EVIDENCE:facts_proven"};
    for (int i = 0; i < AN_REFUSALS_MAX + 3; i++)
        s_refused(f, 0, "C1", "A39_2", r, 1);
    s_cases_t cs = {0};
    s_cases_of(f, NULL, &cs);
    assert_int_equal(cs.v[0]->submit_refusals, AN_REFUSALS_MAX + 3);
    assert_int_equal(cs.v[0]->n_refusals, AN_REFUSALS_MAX);
    assert_int_equal(cs.v[0]->refusals[AN_REFUSALS_MAX - 1]->seq, f->seq);
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    size_t cap = 200 + AN_METRIC_REFUSAL_ROWS;
    rep.metrics = hr_arena_alloc(f->arena, cap * sizeof *rep.metrics);
    an_process_metrics(cs.v, cs.n, 0, f->arena, &rep, cap);
    assert_true(s_get(&rep, "submit_refused.total") == AN_REFUSALS_MAX + 3);
    assert_true(s_get(&rep, "submit_refused.reason.MISSING_EVIDENCE") == AN_REFUSALS_MAX);
    assert_non_null(
        strstr(s_row(&rep, "submit_refused.reason.MISSING_EVIDENCE")->note, "3 older return(s)"));

    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = ++f->seq;
    ev.type = "workflow.SubmitRefused";
    uint8_t junk[] = {0x0a, 0x7f, 0x01};
    ev.body.len = sizeof junk;
    ev.body.data = junk;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_EIO);
    hr_txn_abort(&txn);
}

// Whether the reply has a row named name.
static bool s_has(const Hr__Analytics__GetMetricsReply *r, const char *name)
{
    for (size_t i = 0; i < r->n_metrics; i++)
        if (!strcmp(r->metrics[i]->name, name))
            return true;
    return false;
}

// A return to the manager (workflow.CaseReturned) from step with the findings' codes, at seq (0:
// the next one).
static void s_returned(fixture_t *f, uint64_t seq, const char *id, const char *step,
                       const char *const *codes, size_t n)
{
    Hr__Workflow__CaseReturned e = HR__WORKFLOW__CASE_RETURNED__INIT;
    e.case_id = (char *)id;
    e.step = (char *)step;
    e.at_ms = 3000;
    e.findings = hr_arena_alloc(f->arena, (n + 1) * sizeof *e.findings);
    for (size_t i = 0; i < n; i++) {
        Hr__Workflow__Finding *x = hr_arena_alloc(f->arena, sizeof *x);
        hr__workflow__finding__init(x);
        x->severity = "block";
        x->code = (char *)codes[i];
        e.findings[e.n_findings++] = x;
    }
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq ? seq : ++f->seq;
    ev.type = "workflow.CaseReturned";
    ev.body.len = protobuf_c_message_get_packed_size(&e.base);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(&e.base, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(seq ? an_metrics_returned(txn, &ev) : an_events_apply(NULL, txn, &ev), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// Why requests came back, by reason, from a fixed set of codes: a refusal at submit with a code
// the set does not hold counts under other; returns count by the findings' codes (a return
// naming a code twice once), a protected status under PROTECTED_STATUS whichever it is, a
// superior's rejection without findings under NO_CODE, an unknown code under other, and by the
// stage that returned them. A return read again (schema 15's migration, the same seq) keeps
// nothing twice and counts nothing again; --detail lists the cases. Each row says what its code
// means, Chinese first. Before, returns had no reason rows and a new code got a row of its own.
static void test_returns_and_refusals_count_by_a_bounded_set_of_reasons(void **state)
{
    fixture_t *f = *state;
    s_open_in(f, "C1", "M1", "A40_3", 1000, "D1");
    s_open_in(f, "C2", "M2", "A39_1", 1000, "D2");
    static const char *const r1[] = {"MISSING_EVIDENCE:facts_proven", "NEW_CHECK:something"};
    s_refused(f, 0, "C1", "A40_3", r1, 2);
    static const char *const x1[] = {"PROTECTED_PREGNANT", "UNION_NOT_NOTIFIED"};
    static const char *const x2[] = {"EVIDENCE_MISSING", "EVIDENCE_MISSING", "A_LATER_CODE"};
    static const char *const x3[] = {"PROBATION_OVER"};
    s_returned(f, 0, "C1", "hr_review", x1, 2);
    s_returned(f, 0, "C1", "hr_review", x2, 3);
    s_returned(f, 0, "C1", "approval_1", NULL, 0); // a superior's rejection: its note alone
    s_returned(f, 0, "C2", "hr_review", x3, 1);
    s_returned(f, f->seq, "C2", "hr_review", x3, 1); // read again: kept once

    s_cases_t cs = {0};
    s_cases_of(f, NULL, &cs);
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    size_t cap = 200 + AN_METRIC_REFUSAL_ROWS + AN_METRIC_RETURN_ROWS;
    rep.metrics = hr_arena_alloc(f->arena, cap * sizeof *rep.metrics);
    an_process_metrics(cs.v, cs.n, 0, f->arena, &rep, cap);
    assert_true(s_get(&rep, "submit_refused.reason.MISSING_EVIDENCE") == 1);
    assert_true(s_get(&rep, "submit_refused.reason.other") == 1);
    assert_false(s_has(&rep, "submit_refused.reason.NEW_CHECK"));
    const char *note = s_row(&rep, "submit_refused.reason.MISSING_EVIDENCE")->note;
    assert_true(strstr(note, "缺少证明法定事实的证据") &&
                strstr(note, "缺少证明法定事实的证据") < strstr(note, "no attached evidence"));
    assert_non_null(strstr(s_row(&rep, "submit_refused.reason.other")->note, "其他原因"));

    assert_true(s_get(&rep, "returned.total") == 4);
    assert_true(s_get(&rep, "returned.reason.PROTECTED_STATUS") == 1);
    assert_true(s_get(&rep, "returned.reason.UNION_NOT_NOTIFIED") == 1);
    assert_true(s_get(&rep, "returned.reason.EVIDENCE_MISSING") == 1);
    assert_true(s_get(&rep, "returned.reason.PROBATION_OVER") == 1);
    assert_true(s_get(&rep, "returned.reason.NO_CODE") == 1);
    assert_true(s_get(&rep, "returned.reason.other") == 1);
    assert_false(s_has(&rep, "returned.reason.PROTECTED_PREGNANT"));
    assert_false(s_has(&rep, "returned.reason.A_LATER_CODE"));
    assert_true(s_get(&rep, "returned.step.hr_review") == 3);
    assert_true(s_get(&rep, "returned.step.approval_1") == 1);
    note = s_row(&rep, "returned.reason.UNION_NOT_NOTIFIED")->note;
    assert_true(strstr(note, "未事先通知工会") &&
                strstr(note, "未事先通知工会") < strstr(note, "the union not told"));

    char why[256];
    Hr__Analytics__GetMetricsReply d = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, NULL, "returned.reason.PROBATION_OVER", f->arena,
                                      &d, 10, why, sizeof why),
                     HR_OK);
    assert_int_equal(d.cases_total, 1);
    assert_string_equal(d.cases[0]->case_id, "C2");
    Hr__Analytics__GetMetricsReply d2 = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    assert_int_equal(an_metric_detail(cs.v, cs.n, NULL, "returned.nonsense.X", f->arena, &d2, 10,
                                      why, sizeof why),
                     HR_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_returns_and_refusals_count_by_a_bounded_set_of_reasons,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_overdue_steps_over_an_undeclared_year_are_provisional,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_window_of_days_and_a_department_pick_the_cases,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_events_become_case_stats_and_metrics, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_withdrawn_cases_count_neither_as_closed_nor_in_the_dispute_rate, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_rates_over_no_cases_have_no_value, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_step_recorded_without_its_times_is_unknown_not_instant, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_known_event_that_does_not_decode_fails_the_batch,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_working_days_open_stages_abandoned_and_the_cases_behind_a_figure, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_steps_done_late_and_on_time_are_counted, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_working_days_follow_the_company_calendar, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_submissions_the_check_returned_count_by_reason_and_later_passed, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_many_returns_are_all_counted_and_a_bad_body_fails,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.metrics", tests, NULL, NULL);
}
