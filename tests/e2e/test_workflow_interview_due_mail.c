/*  e2e.workflow_interview_due_mail - the manager's interview task tells the interview's deadline.
 *
 *  E0117's A39_1 case (manager E0101) reviewed on Tuesday 2026-12-01; HR prepares the interview
 *  for Monday 2026-12-28. The interview stage is due by the end of the working day after the
 *  interview (2026-12-29 24:00), not by its own three working days (2026-12-04): the
 *  step_assigned notification queued for the manager carries the step's deadline as the case
 *  shows it, not the template's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "hr_test.h"
#include "hr_clock.h"
#include "workflow_util.h"

// The value of var key in send, or NULL.
static const char *s_var(const Hr__Workflow__WorkflowNotifySend *send, const char *key)
{
    for (size_t i = 0; i < send->n_vars; i++)
        if (!strcmp(send->vars[i]->key, key))
            return send->vars[i]->value;
    return NULL;
}

static void test_the_interview_task_tells_the_interview_deadline(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-iv-due-mail");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena);
    size_t before = wfe_outbox_count(c, id, "step_assigned", arena, NULL);

    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-28";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_string_equal(wfe_current_step(rep), "interview");
    const Hr__Workflow__CaseStep *st = wfe_step(wfe_get(c, id, arena), "interview");
    char iso[HR_TIME_ISO_LEN];
    hr_time_iso(st->due_ms, iso);

    Hr__Workflow__WorkflowNotifySend *send = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "step_assigned", arena, &send), before + 1);
    assert_non_null(send);
    assert_string_equal(s_var(send, "step"), "interview");
    assert_int_equal(send->n_to, 1);
    assert_string_equal(send->to[0]->employee_no, "E0101");
    wfe_has("step_assigned due_at", s_var(send, "due_at"), "2026-12-29 24:00");
    assert_string_equal(s_var(send, "due_date"), "2026-12-29");
    assert_string_equal(s_var(send, "due_utc"), iso);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_interview_task_tells_the_interview_deadline),
    };
    return cmocka_run_group_tests_name("e2e.workflow_interview_due_mail", tests, NULL, NULL);
}
