/*  e2e.analytics_metrics - process metrics from the workflow's real event log: hr-workflow and
 *  hr-analytics run together; cases opened and one withdrawn show up in analytics.GetMetrics
 *  (pulled with the consumer's durable cursor), counted once, also after a restart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <string.h>
#include <time.h>

#include "analytics.pb-c.h"
#include "harness.h"
#include "hr_test.h"
#include "workflow_util.h"

static double s_metric(const Hr__Analytics__GetMetricsReply *r, const char *name)
{
    for (size_t i = 0; i < r->n_metrics; i++)
        if (!strcmp(r->metrics[i]->name, name))
            return r->metrics[i]->value;
    return -1;
}

// Polls GetMetrics (real time: the consumer pulls on its own) until cases.total reaches want.
static Hr__Analytics__GetMetricsReply *s_wait(e2e_t *c, double want, hr_arena_t *arena)
{
    Hr__Analytics__GetMetricsReply *r = NULL;
    for (int i = 0; i < 150; i++) {
        Hr__Analytics__GetMetricsRequest req = HR__ANALYTICS__GET_METRICS_REQUEST__INIT;
        hr_result_t res;
        if (e2e_call(c, "analytics", "analytics.GetMetrics", &req.base,
                     &hr__analytics__get_metrics_reply__descriptor, arena, &res) == HR_OK) {
            r = res.reply;
            if (s_metric(r, "cases.total") >= want && s_metric(r, "cases.closed") >= want - 1)
                return r;
        }
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return r;
}

static void test_cases_from_the_workflow_events_become_metrics(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("anmet");
    assert_non_null(c);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *a = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(a);
    Hr__Workflow__Case *b = wfe_open(c, "E0102", "E0125", "A40_2", arena);
    assert_non_null(b);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = b->id;
    wd.reason = "performance improved after coaching";
    void *rep = NULL;
    assert_int_equal(wfe_call(c, "E0102", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_OK);

    Hr__Analytics__GetMetricsReply *m = s_wait(c, 2, arena);
    assert_non_null(m);
    assert_true(s_metric(m, "process.available") == 1);
    assert_true(s_metric(m, "cases.total") == 2);
    assert_true(s_metric(m, "cases.open") == 1);
    assert_true(s_metric(m, "cases.closed") == 1);
    assert_true(s_metric(m, "cases.closed.withdrawn") == 1);
    assert_true(s_metric(m, "time_to_close_ms.median") >= 0);
    assert_true(s_metric(m, "return_rate.ground.A39_1") == 0);

    // A restart pulls from the stored cursor: nothing counted twice.
    e2e_kill(c, "analytics", SIGKILL);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    m = s_wait(c, 2, arena);
    assert_non_null(m);
    assert_true(s_metric(m, "cases.total") == 2);
    assert_true(s_metric(m, "cases.closed.withdrawn") == 1);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_from_the_workflow_events_become_metrics),
    };
    return cmocka_run_group_tests_name("e2e.analytics_metrics", tests, NULL, NULL);
}
