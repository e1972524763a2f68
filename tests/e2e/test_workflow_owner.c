/*  e2e.workflow_owner - whose a case's steps are, who hears of them, and to whom HR hands a case.
 *
 *  1. The HR head's own case (E0001 opens an A36 case about E0002, with hr-notify, aiosmtpd and
 *     an HTTP SMS gateway): the HR review is not E0002's but the next HR person's (E0003), who is
 *     emailed and texted; overdue, level 1 goes to E0003 with E0001 in copy (E0002, between
 *     them on the line, passed over), level 2 follows; E0003 reviews it. E0002 gets no email, no
 *     SMS and no notify.Send about the case, ever.
 *  2. Handing a case on: E0112's case goes only to a superior of E0112 - a colleague (E0113),
 *     another team's manager (E0102), legal (E0006), the employee, and a superior who is the
 *     employee of an open case (E0100) are refused, each saying why; E0100 once that case is
 *     withdrawn. E0102's case is not handed to E0120, who reports to E0102. A manager the
 *     directory now puts below the employee (an import) has a superior approval that passes
 *     over the employee to the next one up.
 *  3. A step handed on starts again: E0112's request, two levels overdue with E0101, goes to
 *     E0100 with a fresh two working days (step_assigned says the new day), level 0; nothing
 *     escalates meanwhile, E0100 is reminded and then overdue from the new deadline. At the
 *     interview stage the new manager gets the interview's day, hour and place.
 *  4. Required texts that are only white space (ASCII, U+3000) are refused: a rejection's note,
 *     a withdrawal's and a reassignment's reason, HR's reasons for a lawful review.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define WAIT_MS 25000 // at most this long for a message to reach a sink (sanitizer builds)
#define FIRE_MS 15000 // ... and for a due escalation to reach the outbox
#define TICKS_MS 2500 // a few 1 s ticks of real time: long enough for anything due to fire
#define BLANK "  \t\xE3\x80\x80 " // spaces, a tab and an ideographic space

static void s_let_ticks_run(void)
{
    struct timespec ts = {TICKS_MS / 1000, (TICKS_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

// Notifications the case records that name `no` in to or cc.
static size_t s_naming(const Hr__Workflow__Case *cs, const char *no)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n_notifications; i++) {
        const Hr__Workflow__NotificationRef *r = cs->notifications[i];
        for (size_t k = 0; k < r->n_to; k++)
            n += !strcmp(r->to[k], no);
        for (size_t k = 0; k < r->n_cc; k++)
            n += !strcmp(r->cc[k], no);
    }
    return n;
}

// The case's notifications of template tpl once there are `want` of them (or after FIRE_MS; the
// 1 s tick runs on its own): their count, the last in *last. notify delivers and deletes the
// outbox rows; the case keeps what it sent.
static size_t s_wait_sent(e2e_t *c, const char *id, const char *tpl, size_t want,
                          const Hr__Workflow__NotificationRef **last, hr_arena_t *arena)
{
    size_t n = 0;
    for (int waited = 0; waited < FIRE_MS; waited += 200) {
        Hr__Workflow__Case *cs = wfe_get(c, id, arena);
        assert_non_null(cs);
        n = 0;
        for (size_t i = 0; i < cs->n_notifications; i++)
            if (!strcmp(cs->notifications[i]->template_id, tpl)) {
                n++;
                *last = cs->notifications[i];
            }
        if (n >= want)
            break;
        zclock_sleep(200);
    }
    return n;
}

// The value of a notify.Send's variable, "" when it has none.
static const char *s_var(const Hr__Workflow__WorkflowNotifySend *s, const char *key)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (!strcmp(s->vars[i]->key, key))
            return s->vars[i]->value;
    return "";
}

// An A36 case opened by `opener` about `employee`, with its records attached and submitted.
static char *s_a36_submitted(e2e_t *c, const char *opener, const char *employee, bool superior,
                             hr_arena_t *arena)
{
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = (char *)employee;
    op.ground = "A36_EMPLOYER";
    op.reason = "e2e";
    op.wants_superior_approval = superior;
    char *id = hr_arena_strdup(
        arena, wfe_case_do(c, opener, "manager", "workflow.OpenCase", &op.base, arena)->case_->id);
    wfe_attach(c, opener, "manager", id, "agreement", SHA1, arena);
    wfe_attach(c, opener, "manager", id, "rule_acknowledgement", SHA2, arena);
    wfe_attach(c, opener, "manager", id, "notice_letter", SHA3, arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_do(c, opener, "manager", "workflow.SubmitCase", &sub.base, arena)->accepted);
    return id;
}

// E0003 reviews an A36 case: agreement_signed by SHA1, notice and end on `day`.
static Hr__Workflow__CaseReply *s_a36_review(e2e_t *c, const char *id, const char *day,
                                             hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = (char *)id;
    rv.notice_date = (char *)day;
    rv.effective_date = (char *)day;
    Hr__Workflow__FactConfirmation f = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ev[] = {SHA1};
    f.fact = "agreement_signed";
    f.evidence_ids = ev;
    f.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *facts[] = {&f};
    rv.facts = facts;
    rv.n_facts = 1;
    return wfe_case_do(c, "E0003", "hr", "workflow.ReviewCase", &rv.base, arena);
}

static Hr__Workflow__ReassignCaseRequest s_reassign(const char *id, const char *manager,
                                                    const char *reason)
{
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = (char *)id;
    ra.manager_no = (char *)manager;
    ra.reason = (char *)reason;
    return ra;
}

// ---------------------------------------------------------------------------------------------
// 1. The HR head's own case, by email and SMS

typedef struct {
    e2e_t *c;          // owned: notify and workflow
    hr_arena_t *arena; // owned
    nt_peer_t smtp;    // aiosmtpd
    nt_peer_t http;    // the SMS gateway (generic webhook)
} fixture_t;

// How many messages at the sink went to `to` with `what` in the subject (email) or the template
// (SMS), once there are `want` of them or after WAIT_MS.
static size_t s_wait(const nt_peer_t *p, bool sms, const char *to, const char *what, size_t want)
{
    json_t *found = nt_peer_wait_for(p, sms, to, what, want, WAIT_MS);
    size_t n = json_array_size(found);
    json_decref(found);
    return n;
}

// How many messages at the sink went to `to` (an address or a number), whatever they said.
static size_t s_count_to(const nt_peer_t *p, bool sms, const char *to)
{
    size_t n = 0;
    json_t *msgs = nt_peer_messages(p);
    for (size_t i = 0; i < json_array_size(msgs); i++)
        n += nt_peer_went_to(json_array_get(msgs, i), sms, to);
    json_decref(msgs);
    return n;
}

static void test_the_hr_heads_own_case_goes_to_another_hr_person(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    fx.c = e2e_new("wf-owner-hr-head");
    fx.arena = hr_arena_new(0);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    e2e_clock_pin(c, wfe_local_ms(WFE_EPOCH_DAY, 10));
    assert_int_equal(nt_e2e_peers(c, &fx.smtp, &fx.http), 0);
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    wfe_config_files(c);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // The CEO asks to part with the HR head by agreement: HR's review is another HR person's.
    char *id = s_a36_submitted(c, "E0001", "E0002", false, arena);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(wfe_step(cs, "hr_review")->owner_no, "E0003");
    assert_int_equal(s_wait(&fx.smtp, false, "chen.xiao@example.com", "[待办]", 1), 1);
    assert_int_equal(s_wait(&fx.http, true, "13800000003", "step_assigned", 1), 1);

    // Overdue (three working days from Friday: Wednesday's end; level 1 on Thursday at 08:00):
    // to E0003, the superior in copy is E0001 - E0002, E0003's manager, is passed over.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-03", 9, arena), 0);
    const Hr__Workflow__NotificationRef *last = NULL;
    assert_int_equal(s_wait_sent(c, id, "overdue_1", 1, &last, arena), 1);
    assert_int_equal(last->n_to, 1);
    assert_string_equal(last->to[0], "E0003");
    assert_int_equal(last->n_cc, 1);
    assert_string_equal(last->cc[0], "E0001");
    assert_int_equal(s_wait(&fx.smtp, false, "chen.xiao@example.com", "[已逾期]", 1), 1);
    assert_int_equal(s_wait(&fx.smtp, false, "zhou.ming@example.com", "[已逾期]", 1), 1);
    // Level 2 two working days after level 1 (Monday 12-07 08:00): E0002 neither. The HR head's
    // stand-in is E0003, who owns it already: level 2 goes up the line to E0001, E0003 in copy
    // (review 2026-11-29: it went to the late owner E0003 again).
    assert_int_equal(wfe_clock_to_day(c, "2026-12-08", 9, arena), 0);
    assert_int_equal(s_wait_sent(c, id, "overdue_2", 1, &last, arena), 1);
    assert_int_equal(last->n_to, 1);
    assert_string_equal(last->to[0], "E0001");
    assert_int_equal(last->n_cc, 1);
    assert_string_equal(last->cc[0], "E0003");
    // And the case moves: E0003 reviews it; the stages after it are E0003's.
    Hr__Workflow__CaseReply *rep = s_a36_review(c, id, "2026-12-08", arena);
    assert_true(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "prepare");
    assert_string_equal(rep->case_->steps[rep->case_->current]->owner_no, "E0003");

    cs = wfe_get(c, id, arena);
    assert_true(s_naming(cs, "E0003") >= 3);
    assert_int_equal(s_naming(cs, "E0002"), 0);
    s_let_ticks_run(); // the relay has had its chance to deliver anything queued
    assert_int_equal(s_count_to(&fx.smtp, false, "li.jing@example.com"), 0);
    assert_int_equal(s_count_to(&fx.http, true, "13800000002"), 0);

    nt_peer_free(&fx.smtp);
    nt_peer_free(&fx.http);
    hr_arena_destroy(&fx.arena);
    assert_int_equal(e2e_stop(&fx.c), 0);
}

// ---------------------------------------------------------------------------------------------
// 2. To whom a case is handed

static void test_a_case_is_handed_only_up_the_employees_line(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-owner-line");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *kase = wfe_open(c, "E0101", "E0112", "A36_EMPLOYER", arena);
    assert_non_null(kase);
    char *id = kase->id;
    Hr__Workflow__ReassignCaseRequest ra = s_reassign(id, "E0113", "E0101 on leave");
    // A colleague on the same team, another team's manager, legal: a typo, not a superior.
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "E0113 is not in E0112's reporting line (E0101, E0100, E0001)");
    ra.manager_no = "E0102";
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "E0102 is not in E0112's reporting line");
    ra.manager_no = "E0006";
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "E0006 is not in E0112's reporting line");
    ra.manager_no = "E0112";
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "is the employee of this case");
    // A superior whose own case is open.
    Hr__Workflow__Case *theirs = wfe_open(c, "E0001", "E0100", "A36_EMPLOYER", arena);
    assert_non_null(theirs);
    ra.manager_no = "E0100";
    char *refusal = hr_strfmt("E0100 is the employee of open case %s", theirs->id);
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     refusal);
    hr_free(refusal);
    kase = wfe_get(c, id, arena);
    assert_string_equal(kase->manager_no, "E0101");
    assert_int_equal(wfe_history_count(kase, "reassigned"), 0);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = theirs->id;
    wd.reason = "kept on";
    wfe_case_do(c, "E0001", "manager", "workflow.WithdrawCase", &wd.base, arena);
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena);
    assert_string_equal(rep->case_->manager_no, "E0100");
    assert_string_equal(wfe_step(rep->case_, "request")->owner_no, "E0100");

    // Path B: E0102's case is never handed to E0120, who reports to E0102.
    char *b = s_a36_submitted(c, "E0100", "E0102", true, arena);
    ra = s_reassign(b, "E0120", "E0100 on leave");
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "E0120 is not in E0102's reporting line (E0100, E0001)");

    // The directory puts E0110 above their own manager E0101 (an import): the superior
    // approval of E0110's case passes over E0110 to the next one up, E0100.
    char *d = s_a36_submitted(c, "E0101", "E0110", true, arena);
    static const char *const who[] = {"E0110", "E0101"};
    static const char *const managers[] = {"E0100", "E0110"};
    wfe_import_managers(c, who, managers, 2, arena);
    rep = s_a36_review(c, d, "2026-12-01", arena);
    assert_true(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "superior_approval");
    assert_string_equal(rep->case_->steps[rep->case_->current]->owner_no, "E0100");
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    wfe_outbox_count(c, d, "step_assigned", arena, &last);
    assert_string_equal(last->to[0]->employee_no, "E0100");
    assert_int_equal(s_naming(wfe_get(c, d, arena), "E0110"), 0);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// ---------------------------------------------------------------------------------------------
// 3. A step handed on starts again

static void test_a_step_handed_on_starts_its_ladder_again(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-owner-restart");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // Opened Friday 2026-11-27: the request is due at the end of Tuesday 12-01.
    Hr__Workflow__Case *kase = wfe_open(c, "E0101", "E0112", "A36_EMPLOYER", arena);
    assert_non_null(kase);
    char *id = kase->id;
    assert_int_equal(wfe_clock_to_day(c, "2026-12-03", 9, arena), 0);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 1, FIRE_MS, arena), 1);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_2", 1, FIRE_MS, arena), 1);
    assert_int_equal(wfe_get(c, id, arena)->steps[0]->escalation_level, 2);

    // E0100 takes it on Thursday 12-03: two working days from then, to the end of Monday 12-07.
    Hr__Workflow__ReassignCaseRequest ra = s_reassign(id, "E0100", "E0101 on leave");
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena);
    const Hr__Workflow__CaseStep *st = wfe_step(rep->case_, "request");
    assert_string_equal(st->owner_no, "E0100");
    assert_int_equal(st->escalation_level, 0);
    assert_int_equal(st->due_ms, wfe_local_ms("2026-12-08", 0));
    assert_false(st->reminded);
    wfe_has("history", rep->case_->history[rep->case_->n_history - 1]->note,
            "request E0101 -> E0100 (due 2026-12-07, escalation restarted): E0101 on leave");
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    wfe_outbox_count(c, id, "step_assigned", arena, &last);
    assert_string_equal(last->to[0]->employee_no, "E0100");
    assert_string_equal(s_var(last, "due_date"), "2026-12-07");

    // Friday: nothing more for lateness from before E0100 had it (level 3 would be E0001's).
    assert_int_equal(wfe_clock_to_day(c, "2026-12-04", 9, arena), 0);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 1);
    // Monday, the last day: E0100 is reminded; Tuesday: overdue to E0100, E0001 in copy.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-07", 9, arena), 0);
    assert_int_equal(wfe_wait_outbox(c, id, "due_soon", 1, FIRE_MS, arena), 1);
    wfe_outbox_count(c, id, "due_soon", arena, &last);
    assert_string_equal(last->to[0]->employee_no, "E0100");
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-08", 9, arena), 0);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 2, FIRE_MS, arena), 2);
    wfe_outbox_count(c, id, "overdue_1", arena, &last);
    assert_string_equal(last->to[0]->employee_no, "E0100");
    assert_string_equal(last->cc[0]->employee_no, "E0001");
    assert_string_equal(s_var(last, "due_date"), "2026-12-07");
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 1);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void
test_the_interviews_new_manager_is_told_its_day_and_blank_texts_are_refused(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-owner-interview");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    // Reasons of white space state nothing (GC180): refused, the case stays at hr_review.
    wfe_a39_1_review_zh(c, id, sha, BLANK, HR_EINVAL, "HR has not stated the facts and reasons",
                        "试用期见《劳动合同法》第二十一条", arena);
    assert_int_equal(wfe_step(wfe_get(c, id, arena), "hr_review")->state,
                     HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    wfe_a39_1_reviewed(c, id, sha, "e2e: the facts and reasons HR states for the notice", arena);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-03";
    pr.time = "10:00";
    pr.place = "Room 301";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.PrepareCase", &pr.base, arena);
    assert_string_equal(wfe_current_step(rep), "interview");
    assert_int_equal(wfe_outbox_count(c, id, "interview_scheduled", arena, NULL), 1);

    // A reason of white space is none.
    Hr__Workflow__ReassignCaseRequest ra = s_reassign(id, "E0100", BLANK);
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "reason:");
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = id;
    wd.reason = BLANK;
    wfe_case_refused(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_EINVAL,
                     "reason:");

    // E0101 goes on leave: E0100 runs the interview and is told when and where it is.
    ra.reason = "  E0101 on leave\n";
    rep = wfe_case_do(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena);
    assert_string_equal(wfe_step(rep->case_, "interview")->owner_no, "E0100");
    assert_int_equal(wfe_step(rep->case_, "interview")->escalation_level, 0);
    wfe_has("history", rep->case_->history[rep->case_->n_history - 1]->note,
            "interview E0101 -> E0100 (due ");
    wfe_has("history", rep->case_->history[rep->case_->n_history - 1]->note,
            "escalation restarted): E0101 on leave");
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "interview_scheduled", arena, &last), 2);
    assert_int_equal(last->n_to, 1);
    assert_string_equal(last->to[0]->employee_no, "E0100");
    assert_string_equal(s_var(last, "interview"), "2026-12-03 10:00 Room 301");
    assert_string_equal(s_var(last, "step"), "interview");

    // A rejection says why, and white space is no note: E0110's case asks for a superior's
    // approval, E0100's once HR has reviewed it.
    char *b = s_a36_submitted(c, "E0101", "E0110", true, arena);
    rep = s_a36_review(c, b, "2026-12-01", arena);
    assert_string_equal(wfe_current_step(rep), "superior_approval");
    Hr__Workflow__ApproveCaseRequest ap = HR__WORKFLOW__APPROVE_CASE_REQUEST__INIT;
    ap.case_id = b;
    ap.approve = false;
    ap.note = BLANK;
    wfe_case_refused(c, "E0100", "manager", "workflow.ApproveCase", &ap.base, arena, HR_EINVAL,
                     "note: required when rejecting");
    Hr__Workflow__Case *cs = wfe_get(c, b, arena);
    assert_string_equal(cs->steps[cs->current]->key, "superior_approval");
    assert_int_equal(wfe_history_count(cs, "rejected"), 0);
    ap.note = " \xE3\x80\x80targets missed, talk to HR first ";
    rep = wfe_case_do(c, "E0100", "manager", "workflow.ApproveCase", &ap.base, arena);
    assert_string_equal(wfe_current_step(rep), "request");
    const char *said = NULL;
    for (size_t i = 0; i < rep->case_->n_history; i++)
        if (!strcmp(rep->case_->history[i]->action, "rejected"))
            said = rep->case_->history[i]->note;
    assert_non_null(said);
    assert_string_equal(said, "targets missed, talk to HR first"); // stored trimmed
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_hr_heads_own_case_goes_to_another_hr_person),
        cmocka_unit_test(test_a_case_is_handed_only_up_the_employees_line),
        cmocka_unit_test(test_a_step_handed_on_starts_its_ladder_again),
        cmocka_unit_test(
            test_the_interviews_new_manager_is_told_its_day_and_blank_texts_are_refused),
    };
    return cmocka_run_group_tests_name("e2e.workflow_owner", tests, NULL, NULL);
}
