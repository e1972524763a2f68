/*  e2e.workflow_left_owner - what today's leaver and reassignment fixes left open, with the real
 *  hr-workflow and hr-evidence.
 *
 *  1. A step owned by someone who has left and nobody fit takes over: E0101 manages E0112's
 *     request and leaves on 2026-11-30 (people.csv's left_date), while E0100, next up the line,
 *     is the employee of an open case. From that day the case list names him as the step's
 *     owner who left and sys.Status counts the step (steps_owner_left, at that day's hand-over
 *     pass and after a restart), for HR to reassign it; the due-soon reminder and the overdue
 *     notice go to the next one up his line (E0100), never to him, and say he left.
 *  2. An interview confirmed by a manager HR then replaced: the confirmation lapses (the one
 *     attending is the new manager), HR's alone does not hold the interview, the replaced manager
 *     (still on the employee's line, so reading the case) cannot confirm, the new one does.
 *  3. The case's employee uploads nothing into their case before the company told them of it
 *     (hr-evidence PutBegin): refused with the very answer someone outside the case gets; once
 *     the interview was held, they upload as before.
 *  4. An HR step that starts after its reviewer, the HR head, left goes to the HR head's
 *     stand-in (the first other HR person), not to them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "evidence.pb-c.h"
#include "hr_client.h"
#include "hr_test.h"
#include "workflow_util.h"

#define WAIT_TRIES 200 // 50 ms each: hr-evidence follows the workflow's log within a second

// The case list's entry for id as HR (E0003) sees it, or fails.
static const Hr__Workflow__CaseSummary *s_listed(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *list = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    for (size_t i = 0; i < list->n_cases; i++)
        if (!strcmp(list->cases[i]->id, id))
            return list->cases[i];
    fail_msg("case %s not listed", id);
    return NULL;
}

// sys.Status's steps_owner_left=N line, or fails.
static const char *s_status_left(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res = {0};
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    const Hr__Sys__StatusReply *rep = res.reply;
    for (size_t i = 0; i < rep->n_extra; i++)
        if (!strncmp(rep->extra[i], "steps_owner_left=", 17))
            return rep->extra[i];
    fail_msg("sys.Status has no steps_owner_left");
    return NULL;
}

// The last send of template_id on case id says, in both languages, that E0101 left on
// 2026-11-30 and nobody took the step over.
static void s_says_left(e2e_t *c, const char *id, const char *template_id, hr_arena_t *arena)
{
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_true(wfe_outbox_count(c, id, template_id, arena, &last) > 0);
    const char *zh = "", *en = "";
    for (size_t i = 0; i < last->n_vars; i++) {
        if (!strcmp(last->vars[i]->key, "owner_left_zh"))
            zh = last->vars[i]->value;
        if (!strcmp(last->vars[i]->key, "owner_left_en"))
            en = last->vars[i]->value;
    }
    wfe_has(template_id, en, "The owner E0101 left on 2026-11-30");
    wfe_has(template_id, zh, "负责人 E0101 已于2026年11月30日离职");
}

static void test_a_step_whose_owner_left_is_shown_and_passed_over(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-left-owner-step");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0112", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    assert_string_equal(wfe_step(cs, "request")->owner_no, "E0101");
    // E0100, the next up E0112's line, is the employee of an open case himself: nobody fit takes
    // E0101's case when he leaves (wf_handover_fit), so it stays his, for HR to reassign.
    assert_non_null(wfe_open(c, "E0001", "E0100", "A40_2", arena));

    // E0101 leaves on Monday 2026-11-30; until then his step is his as before.
    wfe_import_left(c, "E0101", "2026-11-30", arena);
    assert_string_equal(s_listed(c, id, arena)->owner_left, "");
    assert_string_equal(s_status_left(c, arena), "steps_owner_left=0");

    // From his day the step waits for nobody: listed and counted for HR to reassign.
    wfe_clock_to(c, "2026-11-30", 9, arena);
    assert_string_equal(s_listed(c, id, arena)->owner_left, "E0101");
    // Counted by the day's hand-over pass, which found nobody fit, without waiting for a restart.
    const char *counted = "";
    for (int i = 0; i < 100 && strcmp(counted, "steps_owner_left=1"); i++) {
        counted = s_status_left(c, arena);
        zclock_sleep(100);
    }
    assert_string_equal(counted, "steps_owner_left=1");
    assert_string_equal(wfe_get(c, id, arena)->manager_no, "E0101");
    // sys.Status counts them at each reconciliation (start-up and hourly): a restart here.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_string_equal(s_status_left(c, arena), "steps_owner_left=1");
    char *out = NULL, *err = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"case", "list", "--as", "E0003", NULL}), 0);
    wfe_has("hrctl case list", out, "owner E0101 has left: hrctl case reassign");
    hr_free(out);
    hr_free(err);

    // The reminder and the overdue notice go to the next one up his line, never to him.
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "due_soon", 1, 20000, arena), 1);
    char *told = wfe_told(c, id, "due_soon", true, arena);
    if (wfe_told_to(told, "E0101") || !wfe_told_to(told, "E0100"))
        fail_msg("due_soon told '%s': want E0100, never E0101", told);
    s_says_left(c, id, "due_soon", arena);
    wfe_clock_to(c, "2026-12-02", 9, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 1, 20000, arena), 1);
    told = wfe_told(c, id, "overdue_1", true, arena);
    if (wfe_told_to(told, "E0101") || !wfe_told_to(told, "E0100"))
        fail_msg("overdue_1 told '%s': want E0100, never E0101", told);
    assert_false(wfe_told_to(told, "E0112"));
    s_says_left(c, id, "overdue_1", arena);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

// evidence.PutBegin under case_id as user with roles (a comma list of one or two): the status,
// *message the server's text (arena).
static hr_rc_t s_put_begin(e2e_t *c, const char *user, const char *roles, const char *case_id,
                           const char **message, hr_arena_t *arena)
{
    Hr__Evidence__PutBeginRequest req = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.kind = "performance_report";
    req.file_name = "mine.txt";
    req.media_type = "text/plain";
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new(e2e_endpoint(c, "evidence"), clock, &err);
    assert_non_null(client);
    Hr__Actor actor = HR__ACTOR__INIT;
    char *list[2];
    char *buf = hr_arena_strdup(arena, roles);
    char *comma = strchr(buf, ',');
    list[actor.n_roles++] = buf;
    if (comma) {
        *comma = '\0';
        list[actor.n_roles++] = comma + 1;
    }
    actor.roles = list;
    actor.user_id = (char *)user;
    hr_call_opts_t opts = {.timeout_ms = 5000, .retries = 1, .actor = &actor};
    hr_result_t res = {0};
    hr_rc_t rc = hr_client_call(client, "evidence.PutBegin", &req.base,
                                &hr__evidence__put_begin_reply__descriptor, arena, &opts, &res);
    zmsg_destroy(&res.frames);
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    *message = hr_arena_strdup(arena, res.message ? res.message : "");
    return rc;
}

static void s_confirm(e2e_t *c, const char *user, const char *roles, const char *id,
                      hr_arena_t *arena)
{
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = (char *)id;
    ci.employee_attended = "yes";
    wfe_case_do(c, user, roles, "workflow.ConfirmInterview", &ci.base, arena);
}

static void test_the_new_manager_confirms_and_the_employee_uploads_once_told(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-left-owner-iv");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena); // E0101's case of E0117

    // 3. Before the company told E0117 of the case, an upload of theirs under it is refused with
    //    exactly what a colleague outside the case hears - whatever roles E0117 claims.
    const char *outsider = NULL, *employee = NULL;
    hr_rc_t rc = HR_OK;
    for (int i = 0; i < WAIT_TRIES; i++) { // hr-evidence learns the case's people from the log
        if ((rc = s_put_begin(c, "E0120", "employee", id, &outsider, arena)) == HR_EDENIED)
            break;
        zclock_sleep(50);
    }
    assert_int_equal(rc, HR_EDENIED);
    assert_int_equal(s_put_begin(c, "E0117", "employee", id, &employee, arena), HR_EDENIED);
    assert_string_equal(employee, outsider);
    assert_int_equal(s_put_begin(c, "E0117", "employee,hr", id, &employee, arena), HR_EDENIED);
    assert_string_equal(employee, outsider);
    assert_int_equal(s_put_begin(c, "E0101", "manager", id, &employee, arena), HR_OK);

    // 2. The interview: E0101 confirms, then HR hands the case to E0100.
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    wfe_clock_to(c, "2026-12-01", 11, arena);
    s_confirm(c, "E0101", "manager", id, arena);
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = id;
    ra.manager_no = "E0100";
    ra.reason = "E0101 moves to another post";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena);
    assert_false(rep->case_->interview->manager_confirmed);
    const Hr__Workflow__HistoryEntry *h = rep->case_->history[rep->case_->n_history - 1];
    wfe_has("reassigned", h->note, "interview: E0101's confirmation lapses, E0100 confirms");
    // HR's confirmation alone does not hold the interview; the replaced manager, who still reads
    // the case as E0117's superior, confirms nothing.
    s_confirm(c, "E0003", "hr", id, arena);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_string_equal(now->steps[now->current]->key, "interview");
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_refused(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena,
                     HR_EDENIED, "only an HR person and the manager confirm");
    s_confirm(c, "E0100", "manager", id, arena);
    now = wfe_get(c, id, arena);
    assert_string_equal(now->steps[now->current]->key, "outcome");

    // 3. The interview was held: E0117 was told, and uploads into the case as before.
    for (int i = 0; i < WAIT_TRIES; i++) {
        if ((rc = s_put_begin(c, "E0117", "employee", id, &employee, arena)) == HR_OK)
            break;
        zclock_sleep(50);
    }
    if (rc != HR_OK)
        fail_msg("E0117's upload once told: %s %s", hr_rc_name(rc), employee);
    assert_int_equal(s_put_begin(c, "E0120", "employee", id, &outsider, arena), HR_EDENIED);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

// E0002, the HR head who reviewed E0117's case, leaves on the interview's day: the outcome
// stage, HR's, goes to their stand-in (the first other HR person: E0003), not to the reviewer.
static void test_an_hr_step_goes_past_a_reviewer_who_left(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-left-owner-hr");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena);
    assert_string_equal(wfe_step(wfe_get(c, id, arena), "prepare")->owner_no, "E0002");
    wfe_import_left(c, "E0002", "2026-12-01", arena);

    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    wfe_clock_to(c, "2026-12-01", 11, arena);
    s_confirm(c, "E0003", "hr", id, arena);
    s_confirm(c, "E0101", "manager", id, arena);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_string_equal(now->steps[now->current]->key, "outcome");
    assert_string_equal(now->steps[now->current]->owner_no, "E0003");
    char *told = wfe_told(c, id, "step_assigned", true, arena);
    assert_true(wfe_told_to(told, "E0003"));

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_step_whose_owner_left_is_shown_and_passed_over),
        cmocka_unit_test(test_the_new_manager_confirms_and_the_employee_uploads_once_told),
        cmocka_unit_test(test_an_hr_step_goes_past_a_reviewer_who_left),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
