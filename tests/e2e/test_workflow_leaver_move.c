/*  e2e.workflow_leaver_move - a case whose manager left moves on by itself, with the real
 *  hr-workflow, its tick and the test clock.
 *
 *  1. E0101 manages E0112's request and leaves on 2026-11-30 (people.csv's left_date). On the
 *     evening before, the case is still his; on his day the tick hands it to E0100, the next up
 *     E0112's line, recorded as a reassignment by the system naming who left and when: E0100
 *     owns the request with a fresh deadline and level 0, is told (step_assigned), acts on it,
 *     HR's head is told (case_handed_on), and workflow.CaseReassigned (which hr-evidence
 *     follows) says so. A restart and the next
 *     day's tick move nothing more.
 *  2. HR handed E0113's case to E0100 by hand before E0101's day: the tick does not hand it
 *     again, while E0112's case, left with E0101, moves on that day.
 *  3. A people import recording a left_date already past hands the case on before its reply.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define MOVE_WAIT_MS 20000 // the 1 s tick hands it on well within this

// The last history entry of this action, or fails.
static const Hr__Workflow__HistoryEntry *s_last(const Hr__Workflow__Case *cs, const char *action)
{
    for (size_t i = cs->n_history; i > 0; i--)
        if (!strcmp(cs->history[i - 1]->action, action))
            return cs->history[i - 1];
    fail_msg("case %s: no history entry %s", cs->id, action);
    return NULL;
}

static size_t s_reassigned_events(e2e_t *c, const char *case_id, hr_arena_t *arena)
{
    Hr__Sys__EventsSinceRequest req = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    req.max = 1000;
    Hr__Sys__EventsSinceReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "sys.EventsSince", &req.base,
                              &hr__sys__events_since_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    size_t n = 0;
    for (size_t i = 0; i < rep->n_events; i++) {
        if (strcmp(rep->events[i]->type, "workflow.CaseReassigned"))
            continue;
        Hr__Workflow__CaseReassigned *ev =
            (Hr__Workflow__CaseReassigned *)protobuf_c_message_unpack(
                &hr__workflow__case_reassigned__descriptor, hr_arena_pb_allocator(arena),
                rep->events[i]->body.len, rep->events[i]->body.data);
        assert_non_null(ev);
        n += !strcmp(ev->case_id, case_id);
    }
    return n;
}

static void test_the_case_moves_on_the_leave_day_and_once(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-leaver-move-day");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0112", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    int64_t due_before = wfe_step(cs, "request")->due_ms;
    wfe_import_left(c, "E0101", "2026-11-30", arena);

    // The evening before his day he still works: the case is his.
    wfe_clock_to(c, "2026-11-29", 23, arena);
    wfe_let_tick();
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_string_equal(now->manager_no, "E0101");
    assert_string_equal(wfe_step(now, "request")->owner_no, "E0101");
    assert_int_equal(wfe_history_count(now, "reassigned"), 0);

    // His day: the system hands it to E0100, the next up E0112's line.
    wfe_clock_to(c, "2026-11-30", 9, arena);
    now = wfe_wait_manager(c, id, "E0100", MOVE_WAIT_MS, arena);
    const Hr__Workflow__CaseStep *st = wfe_step(now, "request");
    assert_string_equal(st->owner_no, "E0100");
    assert_int_equal(st->escalation_level, 0);
    if (st->due_ms <= due_before || st->due_ms <= wfe_local_ms("2026-11-30", 9))
        fail_msg("request due %lld: want a fresh deadline after %lld and after the hand-over",
                 (long long)st->due_ms, (long long)due_before);
    const Hr__Workflow__HistoryEntry *h = s_last(now, "reassigned");
    assert_string_equal(h->actor, "system");
    wfe_has("history", h->note, "manager E0101 -> E0100");
    wfe_has("history", h->note, "request E0101 -> E0100 (due ");
    wfe_has("history", h->note, "manager E0101 left on 2026-11-30 (the directory's left_date)");
    assert_true(wfe_told_to(wfe_told(c, id, "step_assigned", false, arena), "E0100"));
    // HR, who did not decide it, is told what moved (the HR head: nobody reviewed it yet).
    Hr__Workflow__WorkflowNotifySend *hr = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "case_handed_on", arena, &hr), 1);
    assert_int_equal(hr->n_to, 1);
    assert_string_equal(hr->to[0]->employee_no, "E0002");
    assert_int_equal(s_reassigned_events(c, id, arena), 1);
    // The new manager acts on the case; the one who left does nothing.
    wfe_attach(c, "E0100", "manager", id, "performance_report", SHA1, arena);
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.kind = "performance_report";
    at.evidence_id = SHA1;
    at.sha256 = SHA1;
    wfe_case_refused(c, "E0101", "manager", "workflow.AttachEvidence", &at.base, arena, HR_EDENIED,
                     "left on 2026-11-30");

    // A restart, then the next day's tick: nothing is handed on again.
    size_t told = wfe_outbox_count(c, id, "step_assigned", arena, NULL);
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    wfe_let_tick();
    wfe_clock_to(c, "2026-12-01", 9, arena);
    wfe_let_tick();
    now = wfe_get(c, id, arena);
    assert_string_equal(now->manager_no, "E0100");
    assert_int_equal(wfe_history_count(now, "reassigned"), 1);
    assert_int_equal(s_reassigned_events(c, id, arena), 1);
    assert_int_equal(wfe_outbox_count(c, id, "step_assigned", arena, NULL), told);
    assert_int_equal(wfe_outbox_count(c, id, "case_handed_on", arena, NULL), 1);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static void test_hr_handing_it_on_first_leaves_nothing_to_move(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-leaver-move-hr");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0112", "A40_2", arena);
    assert_non_null(cs);
    char *left_alone = hr_arena_strdup(arena, cs->id);
    cs = wfe_open(c, "E0101", "E0113", "A40_2", arena);
    assert_non_null(cs);
    char *handed = hr_arena_strdup(arena, cs->id);
    wfe_import_left(c, "E0101", "2026-11-30", arena);

    // Before his day HR hands E0113's case on by hand.
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = handed;
    ra.manager_no = "E0100";
    ra.reason = "E0101 leaves on Monday";
    wfe_case_do(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena);

    // His day: the case HR left with him moves; the one HR handed on does not move again.
    wfe_clock_to(c, "2026-11-30", 9, arena);
    wfe_wait_manager(c, left_alone, "E0100", MOVE_WAIT_MS, arena);
    wfe_let_tick();
    Hr__Workflow__Case *now = wfe_get(c, handed, arena);
    assert_string_equal(now->manager_no, "E0100");
    assert_int_equal(wfe_history_count(now, "reassigned"), 1);
    assert_string_equal(s_last(now, "reassigned")->actor, "E0003");
    assert_int_equal(s_reassigned_events(c, handed, arena), 1);
    assert_int_equal(s_reassigned_events(c, left_alone, arena), 1);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static void test_an_import_with_a_past_left_date_moves_it_at_once(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-leaver-move-import");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0112", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    // Recorded late: he left the day the case opened. Handed on before the import answers.
    wfe_import_left(c, "E0101", WFE_EPOCH_DAY, arena);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_string_equal(now->manager_no, "E0100");
    wfe_has("history", s_last(now, "reassigned")->note,
            "manager E0101 left on " WFE_EPOCH_DAY " (the directory's left_date)");

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_case_moves_on_the_leave_day_and_once),
        cmocka_unit_test(test_hr_handing_it_on_first_leaves_nothing_to_move),
        cmocka_unit_test(test_an_import_with_a_past_left_date_moves_it_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
