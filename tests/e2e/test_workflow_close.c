/*  e2e.workflow_close - what happens once the outcome is recorded, through the real daemon.
 *
 *  The reference case (E0117, manager E0101) is taken to its outcome on a fixed calendar
 *  (sys.ClockSet): notice served on Tuesday 2026-12-01. Then: nobody withdraws it any more,
 *  neither the manager who opened it nor the operator (the contract has ended and the Art. 50
 *  duties are owed); a dispute's filing is dated between the notice and today, a result needs
 *  a filing and an amount a result that pays, a filing after the arbitration limit is recorded
 *  and flagged (LDMAL Art. 27), every record stays in the history, and `hrctl case show` prints
 *  the dispute and the limit; a certificate due on a Sunday is reminded on the Friday before;
 *  the retention duty is fulfilled on its day by itself, never done early, never reminded of;
 *  the transfer's fifteen days and the records' two years end as Civil Code Art. 203 counts a
 *  period - past the days off, in the steps and in the notice, which says why; in a year whose
 *  holiday notice is not out, stated with the rule and warned of, the transfer due at the
 *  earliest and the records kept to the latest end that notice could give;
 *  a duty is recorded with the day it was done (not in the future, not before the notice was
 *  served) and the evidence attached to the case that proves it, and judged late by that day.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define SHA5 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
#define SHA6 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

// UTC ms of "YYYY-MM-DD" hh:00 local (UTC+8).
static int64_t s_local(const char *date, int hh)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return hr_ms_of_day(day, HR_TZ_SHANGHAI_MIN) + hh * HR_HOUR_MS;
}

static void s_attach(e2e_t *c, const char *user, const char *roles, const char *id,
                     const char *kind, const char *sha, hr_arena_t *arena)
{
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = (char *)id;
    at.evidence_id = (char *)sha;
    at.kind = (char *)kind;
    at.sha256 = (char *)sha;
    wfe_case_expect(c, user, roles, "workflow.AttachEvidence", &at.base, arena, HR_OK);
}

// The note of the nth history entry (0 first) of this action.
static const char *s_note(const Hr__Workflow__Case *cs, const char *action, size_t nth)
{
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, action) && !nth--)
            return cs->history[i]->note;
    fail_msg("no history entry %s", action);
    return "";
}

// E0117's A39_1 case taken to its outcome (wfe_a39_1_at_close): notice served on 2026-12-01,
// effective on `effective`, the records SHA1..SHA4. At close; its id (arena).
static char *s_case_at_close(e2e_t *c, const char *effective, hr_arena_t *arena)
{
    static const char *const sha[4] = {SHA1, SHA2, SHA3, SHA4};
    return wfe_a39_1_at_close(c, sha, effective, arena);
}

static Hr__Workflow__CaseReply *s_close(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = (char *)id;
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena, HR_OK);
    assert_int_equal(rep->case_->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    return rep;
}

// Once the outcome is recorded the contract has ended: the manager who opened the case cannot
// withdraw it (the duties would have been skipped and a later dispute refused), nor can the
// operator, before the close or after it; the refusal says why and what to do instead.
static void test_nobody_withdraws_a_case_after_its_outcome(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-close-wd");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-01", arena);

    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = id;
    wd.reason = "the employee agreed to stay";
    wfe_case_refused(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_ECONFLICT,
                     "outcome");
    wfe_case_refused(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_ECONFLICT,
                     "Art. 50");
    wfe_refused_zh(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_ECONFLICT, "Art. 50",
                   "离职手续（《劳动合同法》第五十条）必须办理");
    wfe_case_refused(c, NULL, NULL, "workflow.WithdrawCase", &wd.base, arena, HR_ECONFLICT,
                     "outcome");
    wfe_case_refused(c, "E0002", "hr,hr_head", "workflow.WithdrawCase", &wd.base, arena,
                     HR_ECONFLICT, "outcome");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(cs->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN);
    assert_string_equal(cs->steps[cs->current]->key, "close");
    assert_int_equal(wfe_history_count(cs, "withdrawn"), 0);

    // Closed, the duties run and a dispute can still be recorded; withdrawing stays refused.
    Hr__Workflow__CaseReply *rep = s_close(c, id, arena);
    for (size_t i = 0; i < rep->case_->n_steps; i++)
        if (rep->case_->steps[i]->duty)
            assert_int_equal(rep->case_->steps[i]->state,
                             HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    wfe_case_refused(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_ECONFLICT,
                     "outcome");
    wfe_case_refused(c, NULL, NULL, "workflow.WithdrawCase", &wd.base, arena, HR_ECONFLICT,
                     "outcome");
    wfe_clock_to(c, "2026-12-20", 10, arena);
    Hr__Workflow__RecordDisputeRequest dp = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.filed_date = "2026-12-15";
    d.result = "pending";
    dp.case_id = id;
    dp.dispute = &d;
    wfe_case_expect(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_OK);
    assert_int_equal(wfe_get(c, id, arena)->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A dispute record is checked against the case and the calendar, each one goes to the history
// with its details, and `hrctl case show` prints the latest with the arbitration limit.
static void test_dispute_records_are_dated_checked_and_kept(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-close-dp");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-01", arena);
    Hr__Workflow__Case *cs = s_close(c, id, arena)->case_;
    const char *limit = hr_arena_strdup(arena, cs->assessment->arbitration_limit_date);
    assert_string_equal(limit, "2027-12-01"); // a year from the notice (LDMAL Art. 27)
    wfe_clock_to(c, "2027-04-28", 10, arena);

    Hr__Workflow__RecordDisputeRequest dp = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    dp.case_id = id;
    dp.dispute = &d;
    d.arbitration_filed = true;
    d.result = "pending";
    d.filed_date = "2027-12-20"; // in the future
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_EINVAL,
                     "future");
    d.filed_date = "2019-01-01"; // before hire and before the notice
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_EINVAL,
                     "before the notice");
    d.filed_date = "2026-11-30"; // the day before the notice
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_EINVAL,
                     "before the notice");
    d.arbitration_filed = false; // a result without a filing
    d.filed_date = "";
    d.result = "employee_won";
    d.amount_fen = 20800000;
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_EINVAL,
                     "filing");
    d.arbitration_filed = true; // filed, but no date to hold against the limit
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_EINVAL,
                     "filed_date");
    d.filed_date = "2027-01-15";
    d.result = "pending"; // an amount with no award or settlement
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_EINVAL,
                     "amount_fen");
    assert_int_equal(wfe_history_count(wfe_get(c, id, arena), "dispute_recorded"), 0);

    // The filing, then the award: the case holds the latest, the history both.
    d.amount_fen = 0;
    Hr__Workflow__CaseReply *rep =
        wfe_case_expect(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_int_equal(rep->n_problems, 0);
    assert_false(rep->case_->dispute->filed_after_limit);
    d.result = "employee_won";
    d.amount_fen = 20800000;
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_OK);
    cs = rep->case_;
    assert_string_equal(cs->dispute->result, "employee_won");
    assert_int_equal(cs->dispute->amount_fen, 20800000);
    assert_int_equal(wfe_history_count(cs, "dispute_recorded"), 2);
    const char *note = s_note(cs, "dispute_recorded", 0);
    assert_non_null(strstr(note, "filed 2027-01-15"));
    assert_non_null(strstr(note, "pending"));
    note = s_note(cs, "dispute_recorded", 1);
    assert_non_null(strstr(note, "filed 2027-01-15"));
    assert_non_null(strstr(note, "employee_won"));
    assert_non_null(strstr(note, "208000.00"));

    const char *show[] = {"case", "show", id, NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    if (!strstr(out, "filed 2027-01-15") || !strstr(out, "employee_won") ||
        !strstr(out, "208000.00") || !strstr(out, "arbitration limit 2027-12-01"))
        fail_msg("hrctl case show:\n%s", out);
    hr_free(out);
    hr_free(err);

    // Filed after the limit: recorded as it came, flagged - the time bar is the employer's to
    // raise and the committee's to decide.
    wfe_clock_to(c, "2028-09-10", 10, arena);
    d.filed_date = "2028-09-01";
    d.result = "pending";
    d.amount_fen = 0;
    rep = wfe_case_expect(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_OK);
    assert_true(rep->accepted);
    assert_true(rep->case_->dispute->filed_after_limit);
    assert_int_equal(rep->n_problems, 1);
    assert_string_equal(rep->problems[0]->severity, "warn");
    assert_string_equal(rep->problems[0]->article, "LDMAL Art. 27");
    note = s_note(rep->case_, "dispute_recorded", 2);
    assert_non_null(strstr(note, "after the arbitration limit 2027-12-01"));
    assert_non_null(strstr(note, "LDMAL Art. 27"));
    assert_int_equal(wfe_history_count(rep->case_, "dispute_recorded"), 3);
    assert_int_equal(wfe_event_count(c, "workflow.DisputeRecorded", arena), 3);
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    if (!strstr(out, "after the arbitration limit"))
        fail_msg("hrctl case show:\n%s", out);
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Effective on Sunday 2026-12-06: the certificate is due that day. The next working morning
// (Monday 08:00) is past the deadline, so the reminder goes on Friday 2026-12-04 at 08:00.
static void test_a_certificate_due_on_a_sunday_is_reminded_on_friday(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-close-rm");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-06", arena);
    Hr__Workflow__Case *cs = s_close(c, id, arena)->case_;
    const Hr__Workflow__CaseStep *cert = NULL;
    for (size_t i = 0; i < cs->n_steps; i++)
        if (!strcmp(cs->steps[i]->key, "certificate"))
            cert = cs->steps[i];
    assert_non_null(cert);
    assert_string_equal(cert->due_date, "2026-12-06");
    assert_int_equal(cert->remind_ms, s_local("2026-12-04", 8));
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, NULL), 0);
    wfe_clock_to(c, "2026-12-04", 9, arena);
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_int_equal(wfe_wait_outbox(c, id, "due_soon", 1, 10000, arena), 1);
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, &last), 1);
    assert_non_null(last);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 0);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A duty is recorded with the day it was done and the evidence that proves it, not only when HR
// clicked: the certificate issued on its due day (the notice's, 2026-12-01) and recorded two
// days later is not late. A day in the future, a day before the notice was served, a malformed
// day and evidence not attached to the case are refused, naming the field, and nothing is
// recorded; the retention duty stays refused before its day; hrctl takes --on and --evidence and
// `case show` prints them.
static void test_a_duty_is_recorded_with_its_day_and_evidence(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-close-duty");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-01", arena);
    s_close(c, id, arena);
    wfe_clock_to(c, "2026-12-03", 10, arena);
    s_attach(c, "E0003", "hr", id, "other", SHA5, arena); // the certificate's signed copy

    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "certificate";
    du.evidence_id = SHA5;
    du.done_date = "2026-12-04";
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_EINVAL,
                     "done_date: 2026-12-04 is in the future (today is 2026-12-03)");
    du.done_date = "2026-11-30";
    wfe_case_refused(
        c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_EINVAL,
        "done_date: 2026-11-30 is before the notice was served or the agreement signed "
        "(2026-12-01)");
    du.done_date = "2026-12-1";
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_EINVAL,
                     "done_date: '2026-12-1' is not YYYY-MM-DD");
    du.done_date = "2026-12-01";
    du.evidence_id = SHA6; // uploaded somewhere, never attached to this case
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_EINVAL,
                     "evidence_id: " SHA6 " is not attached to");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(wfe_history_count(cs, "duty_done"), 0);
    assert_int_equal(wfe_step(cs, "certificate")->state,
                     HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);

    du.evidence_id = SHA5;
    cs = wfe_case_expect(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_OK)->case_;
    const Hr__Workflow__CaseStep *cert = wfe_step(cs, "certificate");
    assert_int_equal(cert->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    assert_string_equal(cert->done_date, "2026-12-01");
    assert_string_equal(cert->evidence_id, SHA5);
    assert_string_equal(cert->done_by, "E0003");
    assert_in_range(cert->done_ms, s_local("2026-12-03", 10), s_local("2026-12-03", 11));
    assert_true(cert->done_ms > cert->due_ms); // done_ms: when it was recorded
    const char *note = s_note(cs, "duty_done", 0);
    if (!strstr(note, "done 2026-12-01") || !strstr(note, "evidence " SHA5 " (other)"))
        fail_msg("duty_done note: %s", note);
    const Hr__Sys__Event *ev = wfe_event_last(c, "workflow.StepCompleted", arena);
    assert_non_null(ev);
    Hr__Workflow__StepCompleted *sc = (Hr__Workflow__StepCompleted *)protobuf_c_message_unpack(
        &hr__workflow__step_completed__descriptor, hr_arena_pb_allocator(arena), ev->body.len,
        ev->body.data);
    assert_non_null(sc);
    assert_string_equal(sc->step, "certificate");
    assert_string_equal(sc->done_date, "2026-12-01");
    assert_false(sc->late); // issued on its due day, recorded two days later
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_ECONFLICT,
                     "already done");

    // The retention duty stays refused before its day, whatever day is given.
    du.key = "retention";
    du.done_date = "2026-12-02";
    du.evidence_id = "";
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_ECONFLICT,
                     "kept until 2028-12-01");

    // hrctl: its options are checked, then sent; any kind of attached evidence proves a duty.
    const char *bad[] = {"case", "duty", id, "transfer", "--date", "2026-12-02", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, bad), 2);
    hr_free(out);
    hr_free(err);
    // A refusal naming a field says the hrctl option that carries it.
    const char *future[] = {"case", "duty", id, "transfer", "--on", "2030-01-01", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, future), 0);
    if (!strstr(err, "done_date (--on): 2030-01-01 is in the future"))
        fail_msg("hrctl case duty --on 2030-01-01: %s", err);
    hr_free(out);
    hr_free(err);
    const char *duty[] = {"case",       "duty",       id,   "transfer", "--on",
                          "2026-12-02", "--evidence", SHA4, NULL};
    if (e2e_hrctl(c, &out, &err, duty))
        fail_msg("hrctl case duty: %s%s", out, err);
    hr_free(out);
    hr_free(err);
    cs = wfe_get(c, id, arena);
    assert_string_equal(wfe_step(cs, "transfer")->done_date, "2026-12-02");
    assert_string_equal(wfe_step(cs, "transfer")->evidence_id, SHA4);
    const char *show[] = {"case", "show", id, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    if (!strstr(out, "[done on 2026-12-01, evidence " SHA5 "]") ||
        !strstr(out, "[done on 2026-12-02, evidence " SHA4 "]"))
        fail_msg("hrctl case show:\n%s", out);
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The retention duty is no task: nobody marks it done before its day (the records are kept
// until then, LCL Art. 50), nobody is reminded of it or escalated to, and on its day the
// workflow records it fulfilled by itself. Effective 2026-12-31: the two years end on Sunday
// 2028-12-31, before 2029's 元旦, in days whose holiday notice is not in the calendar (Civil Code
// Art. 203 moves the end past days off the notice may add): kept to the latest end such a notice
// could give, WF_DAYS_OFF_RUN_MAX days on, 2029-01-09 - never shorter.
static void test_retention_is_fulfilled_on_its_day_by_itself(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-close-keep");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-31", arena);
    s_close(c, id, arena);
    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "certificate";
    wfe_case_expect(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_OK);
    // The transfer once the contract has ended (LCL 50: not while still employed).
    du.key = "transfer";
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_ECONFLICT,
                     "the contract's last day is 2026-12-31");
    wfe_clock_to(c, "2027-01-01", 10, arena);
    wfe_case_expect(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_OK);
    du.key = "retention";
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_ECONFLICT,
                     "kept until 2029-01-09");

    // The day before: still kept, nothing sent about it.
    wfe_clock_to(c, "2029-01-08", 12, arena);
    zclock_sleep(1500); // two ticks
    const Hr__Workflow__CaseStep *keep = NULL;
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    for (size_t i = 0; i < cs->n_steps; i++)
        if (!strcmp(cs->steps[i]->key, "retention"))
            keep = cs->steps[i];
    assert_non_null(keep);
    assert_int_equal(keep->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, NULL), 0);

    // Its day passed: fulfilled, by the workflow, dated by its day; still nobody told.
    wfe_clock_to(c, "2029-01-10", 10, arena);
    for (int i = 0; i < 100 && keep->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE; i++) {
        zclock_sleep(100);
        cs = wfe_get(c, id, arena);
        for (size_t k = 0; k < cs->n_steps; k++)
            if (!strcmp(cs->steps[k]->key, "retention"))
                keep = cs->steps[k];
    }
    assert_int_equal(keep->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    assert_string_equal(keep->done_by, "system");
    assert_string_equal(keep->done_date, "2029-01-09");
    assert_int_equal(keep->done_ms, keep->due_ms);
    assert_int_equal(keep->escalation_level, 0);
    assert_non_null(strstr(s_note(cs, "duty_done", 2), "records kept until 2029-01-09"));
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, NULL), 0);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 0);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// hr-workflow with the repository's document templates, started: the case is made and closed
// by s_case_at_close as in the tests above, and its notice rendered.
static e2e_t *s_start_with_documents(const char *name)
{
    e2e_t *c = wfe_new(name);
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    hr_free(docs);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    return c;
}

// The served notice of case id in lang, as RenderDocument gives it (arena).
static Hr__Workflow__RenderDocumentReply *s_notice(e2e_t *c, const char *id, const char *lang,
                                                   hr_arena_t *arena)
{
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)id;
    req.kind = "notice";
    req.language = (char *)lang;
    Hr__Workflow__RenderDocumentReply *doc = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    return doc;
}

static bool s_warns(const Hr__Workflow__RenderDocumentReply *doc, const char *code)
{
    for (size_t i = 0; i < doc->n_warnings; i++)
        if (!strcmp(doc->warnings[i]->code, code))
            return true;
    return false;
}

// LCL Art. 50's fifteen days for the file and social insurance are a period (Civil Code Arts.
// 201, 202) whose last day, a rest day, gives way to the day after the days off (Art. 203), as
// the arbitration limit's does: effective Friday 2026-12-11, the fifteenth day is Saturday
// 2026-12-26, so the transfer is due Monday 2026-12-28 - in the step and in the notice, which
// says why. The certificate, owed at the end itself, stays on the effective day.
static void test_a_transfer_ending_on_a_rest_day_is_due_the_day_after(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start_with_documents("wf-close-203");
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-11", arena);
    Hr__Workflow__RenderDocumentReply *doc = s_notice(c, id, "zh", arena);
    wfe_has("notice", doc->text,
            "在劳动合同解除后十五日内（最迟于2026年12月28日（期间届满日2026年12月26日为休息日，"
            "依照《中华人民共和国民法典》第二百零三条，以休假日结束的次日为期间的最后一日））");
    assert_false(s_warns(doc, "TRANSFER_YEAR_NOT_DECLARED")); // 2026 is declared: sure
    doc = s_notice(c, id, "en", arena);
    wfe_has("notice", doc->text,
            "by 2026-12-28 (the fifteen days end on 2026-12-26, a rest day in the Company's "
            "calendar: under Article 203 of the Civil Code the period ends on the day after the "
            "days off) at the latest");
    Hr__Workflow__Case *cs = s_close(c, id, arena)->case_;
    assert_string_equal(wfe_step(cs, "certificate")->due_date, "2026-12-11");
    assert_string_equal(wfe_step(cs, "transfer")->due_date, "2026-12-28");
    assert_int_equal(wfe_step(cs, "transfer")->due_ms, wfe_local_ms("2026-12-29", 0));
    assert_string_equal(wfe_step(cs, "retention")->due_date, "2028-12-11"); // a Monday
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Effective 2026-12-17: the fifteenth day is 2027-01-01 (元旦), in a year whose State Council
// notice is not in the calendar, so the days after it may yet be days off or working days. The
// notice states the day with Art. 203's rule and that year's arrangements, as the arbitration
// limit does, and HR is warned (hrctl on stderr); the transfer is due on the earliest day that
// notice could give (Saturday 2027-01-02, which it may make a working day), never later. The
// records' two years end on Sunday 2028-12-17, far from any holiday: kept to the Monday.
static void test_a_transfer_in_an_undeclared_years_holiday_is_stated_with_the_rule(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start_with_documents("wf-close-203u");
    hr_arena_t *arena = hr_arena_new(0);
    char *id = s_case_at_close(c, "2026-12-17", arena);
    Hr__Workflow__RenderDocumentReply *doc = s_notice(c, id, "zh", arena);
    wfe_has("notice", doc->text,
            "（最迟于2027年1月1日（期间的最后一日是法定休假日的，依照《中华人民共和国民法典》第二百"
            "零三条，以法定休假日结束的次日为期间的最后一日；2027年的法定休假日以国务院办公厅公布的"
            "2027年部分节假日安排为准））");
    assert_true(s_warns(doc, "TRANSFER_YEAR_NOT_DECLARED"));
    const char *const render[] = {"case", "document", id, "notice", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, render), 0);
    wfe_has("hrctl case document (stderr)", err, "WARNING [TRANSFER_YEAR_NOT_DECLARED]");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = s_close(c, id, arena)->case_;
    assert_string_equal(wfe_step(cs, "transfer")->due_date, "2027-01-02");
    assert_string_equal(wfe_step(cs, "retention")->due_date, "2028-12-18");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nobody_withdraws_a_case_after_its_outcome),
        cmocka_unit_test(test_dispute_records_are_dated_checked_and_kept),
        cmocka_unit_test(test_a_certificate_due_on_a_sunday_is_reminded_on_friday),
        cmocka_unit_test(test_retention_is_fulfilled_on_its_day_by_itself),
        cmocka_unit_test(test_a_duty_is_recorded_with_its_day_and_evidence),
        cmocka_unit_test(test_a_transfer_ending_on_a_rest_day_is_due_the_day_after),
        cmocka_unit_test(test_a_transfer_in_an_undeclared_years_holiday_is_stated_with_the_rule),
    };
    return cmocka_run_group_tests_name("e2e.workflow_close", tests, NULL, NULL);
}
