/*  unit.workflow.steps - the case state machine as a table, and moves applied to a case built
 *  from the default template (deploy/config/template-default.txt).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define OPEN HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN
#define CLOSED HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED
#define WITHDRAWN HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN
#define RESCINDED HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED
#define CANCELLED HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED
#define NO -1 // ECONFLICT expected
#define ACTIVE HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE
#define PENDING HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING

typedef struct {
    Hr__Workflow__CaseState state;
    const char *step;
    wf_action_t act;
    int move; // wf_move_t, or NO
} s_row_t;

// Every action at every stage of an open case, plus closed and withdrawn cases.
static const s_row_t s_rows[] = {
    {OPEN, "request", WF_ACT_ATTACH, WF_MOVE_STAY},
    {OPEN, "request", WF_ACT_SUBMIT, WF_MOVE_NEXT},
    {OPEN, "request", WF_ACT_REVIEW_PASS, NO},
    {OPEN, "request", WF_ACT_REVIEW_RETURN, NO},
    {OPEN, "request", WF_ACT_APPROVE, NO},
    {OPEN, "request", WF_ACT_PREPARE, NO},
    {OPEN, "request", WF_ACT_INTERVIEW_CONFIRM, NO},
    {OPEN, "request", WF_ACT_OUTCOME, NO},
    {OPEN, "request", WF_ACT_CLOSE, NO},
    {OPEN, "request", WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, "request", WF_ACT_DUTY_DONE, NO},
    {OPEN, "request", WF_ACT_DISPUTE, NO},
    {OPEN, "hr_review", WF_ACT_SUBMIT, NO},
    {OPEN, "hr_review", WF_ACT_REVIEW_PASS, WF_MOVE_NEXT},
    {OPEN, "hr_review", WF_ACT_REVIEW_RETURN, WF_MOVE_RETURN},
    {OPEN, "hr_review", WF_ACT_ATTACH, WF_MOVE_STAY},
    {OPEN, "hr_review", WF_ACT_APPROVE, NO},
    {OPEN, "hr_review", WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, "superior_approval", WF_ACT_APPROVE, WF_MOVE_NEXT},
    {OPEN, "superior_approval", WF_ACT_REJECT, WF_MOVE_RETURN},
    {OPEN, "superior_approval", WF_ACT_REVIEW_PASS, NO},
    {OPEN, "prepare", WF_ACT_PREPARE, WF_MOVE_NEXT},
    {OPEN, "prepare", WF_ACT_INTERVIEW_CONFIRM, NO},
    {OPEN, "interview", WF_ACT_INTERVIEW_CONFIRM, WF_MOVE_STAY},
    {OPEN, "interview", WF_ACT_INTERVIEW_DONE, WF_MOVE_NEXT},
    {OPEN, "interview", WF_ACT_OUTCOME, NO},
    {OPEN, "interview", WF_ACT_PREPARE, WF_MOVE_STAY}, // moved before it is held
    {OPEN, "outcome", WF_ACT_PREPARE, NO},             // held: it stays on its day
    {OPEN, "outcome", WF_ACT_OUTCOME, WF_MOVE_NEXT},
    {OPEN, "outcome", WF_ACT_CLOSE, NO},
    {OPEN, "close", WF_ACT_CLOSE, WF_MOVE_CLOSE},
    {OPEN, "close", WF_ACT_DUTY_DONE, NO},
    {OPEN, "close", WF_ACT_DISPUTE, NO},
    // Withdrawal: at any stage up to the outcome; once the outcome is recorded (the case stands
    // at close) the contract has ended and the Art. 50 duties are owed, so nobody withdraws.
    {OPEN, "superior_approval", WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, "prepare", WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, "interview", WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, "outcome", WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, "close", WF_ACT_WITHDRAW, NO},
    {CLOSED, "", WF_ACT_DUTY_DONE, WF_MOVE_STAY},
    {CLOSED, "", WF_ACT_DISPUTE, WF_MOVE_STAY},
    {CLOSED, "", WF_ACT_ATTACH, WF_MOVE_STAY},
    {CLOSED, "", WF_ACT_WITHDRAW, NO},
    {CLOSED, "", WF_ACT_SUBMIT, NO},
    {WITHDRAWN, "", WF_ACT_ATTACH, NO},
    {WITHDRAWN, "", WF_ACT_DISPUTE, NO},
    {WITHDRAWN, "", WF_ACT_WITHDRAW, NO},
    {WITHDRAWN, "", WF_ACT_SUBMIT, NO},
    {OPEN, "request", WF_ACT_REASSIGN, WF_MOVE_STAY},
    {OPEN, "interview", WF_ACT_REASSIGN, WF_MOVE_STAY},
    {CLOSED, "", WF_ACT_REASSIGN, WF_MOVE_STAY},
    {WITHDRAWN, "", WF_ACT_REASSIGN, NO},
    // Rescinded by agreement: once the outcome is recorded (at close, or closed with the duties
    // running), never before it (withdrawn then), and nothing after it.
    {OPEN, "request", WF_ACT_RESCIND, NO},
    {OPEN, "hr_review", WF_ACT_RESCIND, NO},
    {OPEN, "interview", WF_ACT_RESCIND, NO},
    {OPEN, "outcome", WF_ACT_RESCIND, NO},
    {OPEN, "close", WF_ACT_RESCIND, WF_MOVE_RESCIND},
    {CLOSED, "", WF_ACT_RESCIND, WF_MOVE_RESCIND},
    {WITHDRAWN, "", WF_ACT_RESCIND, NO},
    {RESCINDED, "", WF_ACT_RESCIND, NO},
    {RESCINDED, "", WF_ACT_WITHDRAW, NO},
    {RESCINDED, "", WF_ACT_DUTY_DONE, NO},
    {RESCINDED, "", WF_ACT_DISPUTE, WF_MOVE_STAY}, // the employee contests the revocation
    {RESCINDED, "", WF_ACT_ATTACH, NO},
    {RESCINDED, "", WF_ACT_REASSIGN, NO},
    {RESCINDED, "", WF_ACT_CLOSE, NO},
    // Another template only at HR review: not before it, nor once the review passed.
    {OPEN, WF_STEP_HR_REVIEW, WF_ACT_RETEMPLATE, WF_MOVE_STAY},
    {OPEN, WF_STEP_REQUEST, WF_ACT_RETEMPLATE, NO},
    {OPEN, WF_STEP_SUPERIOR, WF_ACT_RETEMPLATE, NO},
    {OPEN, WF_STEP_PREPARE, WF_ACT_RETEMPLATE, NO},
    {OPEN, WF_STEP_INTERVIEW, WF_ACT_RETEMPLATE, NO},
    {CLOSED, "", WF_ACT_RETEMPLATE, NO},
};

static void test_state_machine_table(void **state)
{
    HR_UNUSED(state);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_rows); i++) {
        const s_row_t *r = &s_rows[i];
        wf_move_t move = WF_MOVE_STAY;
        hr_rc_t rc = wf_steps_decide(r->state, r->step, r->act, &move);
        if (r->move == NO && rc != HR_ECONFLICT)
            fail_msg("row %zu (%s at %s): allowed, want conflict", i, wf_action_name(r->act),
                     r->step);
        if (r->move != NO && (rc || (int)move != r->move))
            fail_msg("row %zu (%s at %s): rc %s move %s, want %s", i, wf_action_name(r->act),
                     r->step, hr_rc_name(rc), wf_move_name(move), wf_move_name((wf_move_t)r->move));
    }
}

static void test_every_action_has_a_name(void **state)
{
    HR_UNUSED(state);
    for (int a = 0; a < WF_ACT_COUNT; a++)
        assert_string_not_equal(wf_action_name((wf_action_t)a), "unknown");
    assert_string_equal(wf_action_name(WF_ACT_COUNT), "unknown");
    // A refusal says what could not be done in words, never with the action's id.
    for (int a = 0; a < WF_ACT_COUNT; a++) {
        const char *words = wf_action_words((wf_action_t)a);
        assert_non_null(words);
        assert_true(strlen(words) > 4);
        assert_null(strchr(words, '_'));
    }
    assert_string_equal(wf_action_words(WF_ACT_REVIEW_PASS), "record the HR review's result");
}

typedef struct {
    hr_arena_t *arena;           // owned
    hr_calendar_t *cal;          // owned
    wf_time_t t;                 // calendar + zone
    Hr__Workflow__Template *tpl; // arena
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->arena = hr_arena_new(0);
    f->cal = wf_fixture_calendar();
    f->t = (wf_time_t){f->cal, HR_TZ_SHANGHAI_MIN};
    f->tpl = wf_fixture_template(f->arena);
    *state = f;
    return f->cal && f->tpl ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_calendar_destroy(&f->cal);
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

static Hr__Workflow__Case *s_case(fixture_t *f, bool superior, int64_t now)
{
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = "01JN00000000000000000000AA";
    c->wants_superior_approval = superior;
    wf_steps_init(c, f->tpl, f->arena, &f->t, now);
    return c;
}

static const char *s_cur(const Hr__Workflow__Case *c)
{
    const Hr__Workflow__CaseStep *st = wf_steps_current(c);
    return st ? st->key : "-";
}

static void test_open_case_starts_at_request_with_a_two_working_day_deadline(void **state)
{
    fixture_t *f = *state;
    int64_t now = wf_fixture_local("2025-09-26", 10, 0); // Friday before the holiday week
    Hr__Workflow__Case *c = s_case(f, false, now);
    assert_int_equal(c->state, OPEN);
    assert_string_equal(s_cur(c), "request");
    assert_int_equal(c->steps[0]->due_ms, wf_fixture_end_of("2025-09-29"));
    // Escalations wait for 08:00 of a working day: level 1 the morning after the deadline;
    // level 2's day ends at the start of the National Day week, so it waits for its end.
    assert_int_equal(c->steps[0]->overdue_ms, wf_fixture_end_of("2025-09-29") + 8 * HR_HOUR_MS);
    assert_int_equal(c->steps[0]->level2_ms, wf_fixture_end_of("2025-10-08") + 8 * HR_HOUR_MS);
    for (size_t i = 1; i < c->n_steps; i++)
        assert_int_equal(c->steps[i]->state, PENDING);
}

static void test_next_skips_superior_approval_unless_asked(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    wf_steps_apply(c, WF_MOVE_NEXT, "M", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    assert_string_equal(s_cur(c), "hr_review");
    int i = wf_steps_apply(c, WF_MOVE_NEXT, "HR", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    assert_string_equal(s_cur(c), "prepare");
    assert_int_equal(c->steps[i]->state, ACTIVE);
    assert_int_equal(c->steps[2]->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED);

    Hr__Workflow__Case *d = s_case(f, true, HR_TEST_T0_MS);
    wf_steps_apply(d, WF_MOVE_NEXT, "M", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    wf_steps_apply(d, WF_MOVE_NEXT, "HR", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    assert_string_equal(s_cur(d), "superior_approval");
}

static void test_return_goes_back_to_request_with_a_fresh_deadline(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    wf_steps_apply(c, WF_MOVE_NEXT, "M", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    c->steps[1]->escalation_level = 1;
    int64_t later = HR_TEST_T0_MS + 7 * HR_DAY_MS;
    int i = wf_steps_apply(c, WF_MOVE_RETURN, "HR", f->arena, &f->t, later, NULL);
    assert_int_equal(i, 0);
    assert_string_equal(s_cur(c), "request");
    assert_int_equal(c->steps[0]->started_ms, later);
    assert_true(c->steps[0]->due_ms > later);
    assert_int_equal(c->steps[0]->escalation_level, 0);
    assert_int_equal(c->steps[1]->state, PENDING);
    assert_int_equal(c->steps[1]->escalation_level, 0);
    assert_int_equal(c->steps[1]->due_ms, 0);
}

// What a move completed, as completed: a returned review keeps its start, its end, its author and
// its lateness in the copy though the case's step is reset to pending (issue: the StepCompleted
// of every returned review said 0 ms and never late, made from the reset step).
static void test_the_stage_a_return_completed_is_reported_as_done(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    Hr__Workflow__CaseStep done;
    int64_t submitted = HR_TEST_T0_MS + HR_HOUR_MS;
    wf_steps_apply(c, WF_MOVE_NEXT, "M", f->arena, &f->t, submitted, &done);
    assert_string_equal(done.key, "request");
    assert_int_equal(done.started_ms, HR_TEST_T0_MS);
    assert_int_equal(done.done_ms, submitted);
    int64_t due = c->steps[1]->due_ms;
    assert_true(due > submitted);
    // Returned a week later: after its deadline.
    int64_t later = HR_TEST_T0_MS + 7 * HR_DAY_MS;
    assert_true(later > due);
    assert_int_equal(wf_steps_apply(c, WF_MOVE_RETURN, "HR", f->arena, &f->t, later, &done), 0);
    assert_string_equal(done.key, "hr_review");
    assert_string_equal(done.done_by, "HR");
    assert_int_equal(done.state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    assert_int_equal(done.started_ms, submitted);
    assert_int_equal(done.done_ms, later);
    assert_int_equal(done.due_ms, due);
    assert_true(wf_steps_is_late(&done, &f->t));
    assert_int_equal(c->steps[1]->started_ms, 0); // the case's own step: pending again
    assert_int_equal(c->steps[1]->state, PENDING);
    // Submitted again and returned within its deadline: on time, from its new start.
    int64_t again = later + HR_HOUR_MS;
    wf_steps_apply(c, WF_MOVE_NEXT, "M", f->arena, &f->t, again, &done);
    int64_t soon = again + HR_HOUR_MS;
    assert_true(soon < c->steps[1]->due_ms);
    wf_steps_apply(c, WF_MOVE_RETURN, "HR", f->arena, &f->t, soon, &done);
    assert_int_equal(done.started_ms, again);
    assert_int_equal(done.done_ms, soon);
    assert_false(wf_steps_is_late(&done, &f->t));
    // A withdrawal completes no stage.
    assert_int_equal(wf_steps_apply(c, WF_MOVE_WITHDRAW, "M", f->arena, &f->t, soon, &done), -1);
    assert_string_equal(done.key, "");
}

static void test_close_starts_the_art50_duties_dated_by_statute(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    for (int k = 0; k < 5; k++) // request, hr_review, prepare, interview, outcome
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    assert_string_equal(s_cur(c), "close");
    int32_t eff = 0;
    assert_true(hr_date_parse("2025-03-31", &eff));
    wf_steps_date_duties(c, eff, f->arena, &f->t);
    int first = wf_steps_apply(c, WF_MOVE_CLOSE, "HR", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    assert_true(first > 0);
    assert_int_equal(c->state, CLOSED);
    assert_null(wf_steps_current(c));
    size_t duties = 0;
    for (size_t i = 0; i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty)
            continue;
        duties++;
        assert_int_equal(st->state, ACTIVE);
        if (!strcmp(st->key, "certificate"))
            assert_int_equal(st->due_ms, wf_fixture_end_of("2025-03-31"));
        if (!strcmp(st->key, "transfer")) // within 15 days
            assert_int_equal(st->due_ms, wf_fixture_end_of("2025-04-15"));
        if (!strcmp(st->key, "retention")) // at least two years: 2027-03-31, a Wednesday six
            // days from 清明 in a year whose notice is not out (Civil Code Art. 203: a bridge
            // day off would move it), kept as long as that notice could make it
            assert_int_equal(st->due_ms, wf_fixture_end_of("2027-04-09"));
        assert_true(st->level2_ms > st->due_ms);
    }
    assert_int_equal(duties, 3);
    // What CaseClosed tells hr-evidence to keep the records to: the retention duty's end.
    assert_int_equal(wf_steps_keep_until_ms(c), wf_fixture_end_of("2027-04-09"));
}

// The due days of a case closed with the given effective day, its transfer's and its retention's.
static void s_duty_days(fixture_t *f, const char *effective, int64_t *transfer, int64_t *keep)
{
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    for (int k = 0; k < 5; k++) // request, hr_review, prepare, interview, outcome
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    int32_t eff = 0;
    assert_true(hr_date_parse(effective, &eff));
    wf_steps_date_duties(c, eff, f->arena, &f->t);
    assert_true(wf_steps_apply(c, WF_MOVE_CLOSE, "HR", f->arena, &f->t, HR_TEST_T0_MS, NULL) > 0);
    *transfer = *keep = 0;
    for (size_t i = 0; i < c->n_steps; i++) {
        if (!strcmp(c->steps[i]->key, "transfer"))
            *transfer = c->steps[i]->due_ms;
        if (!strcmp(c->steps[i]->key, "retention"))
            *keep = c->steps[i]->due_ms;
    }
}

// LCL Art. 50's fifteen days for the file and social insurance and its two years for the
// contract text are periods (Civil Code Arts. 201, 202): one whose last day is a rest day or a
// holiday of the company calendar ends on the day after the days off (Art. 203), as the
// arbitration limit does. Where the year's State Council notice is not in the calendar and may
// still move the days (within WF_NOTICE_REACH_DAYS of its statutory holidays, or a year whose
// holidays are not even listed), the transfer is due on the earliest day the notice could give
// and the records are kept to the latest: never a duty later, never a keeping shorter.
static void test_art50_periods_ending_on_days_off_end_after_them(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *effective, *transfer, *keep;
    } rows[] = {
        // 15 days: 2025-10-01, 国庆节 to 10-08. Two years: 2027-09-16, the day after 2027's
        // 中秋节, unsure: kept to WF_DAYS_OFF_RUN_MAX days on.
        {"2025-09-16", "2025-10-09", "2027-09-25"},
        // 15 days in 2024, a year the calendar knows nothing of: the day itself. Two years:
        // 2026-10-01, 国庆节 to 10-07.
        {"2024-10-01", "2024-10-16", "2026-10-08"},
        // 15 days: Saturday 2026-11-28, the Monday. Two years: a Monday, itself.
        {"2026-11-13", "2026-11-30", "2028-11-13"},
        // Two years: Saturday 2027-11-27, a month from any holiday of 2027 (undeclared): sure,
        // the Monday.
        {"2025-11-27", "2025-12-12", "2027-11-29"},
        // 15 days: Saturday 2027-01-30, six days before 2027's 春节: the notice may make it a
        // working day (调休上班), so it stays due then - not the Monday the week alone gives.
        {"2027-01-15", "2027-01-30", "2029-01-15"},
        // 15 days: 2027-02-05 (除夕), statutory to 02-08: the Tuesday after, at the earliest.
        {"2027-01-21", "2027-02-09", "2029-01-22"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        int64_t transfer = 0, keep = 0;
        s_duty_days(f, rows[i].effective, &transfer, &keep);
        if (transfer != wf_fixture_end_of(rows[i].transfer) ||
            keep != wf_fixture_end_of(rows[i].keep))
            fail_msg("effective %s: transfer due %" PRId64 " (want end of %s), kept to %" PRId64
                     " (want end of %s)",
                     rows[i].effective, transfer, rows[i].transfer, keep, rows[i].keep);
    }
}

static void test_withdraw_ends_every_open_step(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    assert_int_equal(wf_steps_apply(c, WF_MOVE_WITHDRAW, "M", f->arena, &f->t, HR_TEST_T0_MS, NULL),
                     -1);
    assert_int_equal(c->state, WITHDRAWN);
    for (size_t i = 0; i < c->n_steps; i++) {
        assert_int_equal(c->steps[i]->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED);
        assert_int_equal(wf_escalation_next_ms(c->steps[i]), 0); // nothing left in the index
    }
}

// A case at close (its outcome recorded, not yet closed): the close stage and the duties that
// have not started are cancelled, none of them done, and nothing is left for the due index.
static void test_rescind_at_close_cancels_the_stage_and_the_duties(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    for (int k = 0; k < 5; k++) // request, hr_review, prepare, interview, outcome
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    assert_string_equal(s_cur(c), "close");
    int64_t at = HR_TEST_T0_MS + HR_DAY_MS;
    assert_int_equal(wf_steps_apply(c, WF_MOVE_RESCIND, "E0003", f->arena, &f->t, at, NULL), -1);
    assert_int_equal(c->state, RESCINDED);
    assert_null(wf_steps_current(c));
    assert_int_equal(c->closed_ms, at);
    size_t cancelled = 0;
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        assert_int_equal(wf_escalation_next_ms(st), 0);
        assert_int_equal(wf_escalation_due(st, at + 400 * HR_DAY_MS), 0);
        if (st->duty || !strcmp(st->key, "close")) {
            assert_int_equal(st->state, CANCELLED);
            assert_string_equal(st->done_by, "E0003");
            cancelled++;
        } else {
            assert_int_not_equal(st->state, CANCELLED); // done or skipped before: kept
            assert_int_not_equal(st->state, ACTIVE);
        }
    }
    assert_int_equal(cancelled, 4); // close, certificate, transfer, retention
}

// A closed case whose certificate was issued: the duty done stays done (it happened), the
// others are cancelled; the case keeps the time it closed.
static void test_rescind_after_close_keeps_a_done_duty_done(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    for (int k = 0; k < 5; k++)
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    int32_t eff = 0;
    assert_true(hr_date_parse("2025-03-31", &eff));
    wf_steps_date_duties(c, eff, f->arena, &f->t);
    assert_true(wf_steps_apply(c, WF_MOVE_CLOSE, "HR", f->arena, &f->t, HR_TEST_T0_MS, NULL) > 0);
    Hr__Workflow__CaseStep *cert = NULL;
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, "certificate"))
            cert = c->steps[i];
    assert_non_null(cert);
    cert->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    cert->done_by = "E0003";
    int64_t later = HR_TEST_T0_MS + 3 * HR_DAY_MS;
    wf_move_t move;
    assert_int_equal(wf_steps_decide(c->state, "", WF_ACT_RESCIND, &move), HR_OK);
    assert_true(wf_steps_keep_until_ms(c) > 0);
    assert_int_equal(wf_steps_apply(c, move, "E0002", f->arena, &f->t, later, NULL), -1);
    assert_int_equal(c->state, RESCINDED);
    assert_int_equal(c->closed_ms, HR_TEST_T0_MS);
    assert_int_equal(wf_steps_keep_until_ms(c), 0); // the retention duty cancelled: no end said
    assert_int_equal(cert->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    for (size_t i = 0; i < c->n_steps; i++)
        if (c->steps[i]->duty && c->steps[i] != cert) {
            assert_int_equal(c->steps[i]->state, CANCELLED);
            assert_int_equal(c->steps[i]->done_ms, later);
            assert_int_equal(wf_escalation_next_ms(c->steps[i]), 0);
        }
}

// A reinstatement cancelled the duties not done (the certificate was issued); a judgment of
// 2025-06-10 sets it aside (LDML Art. 50): the duties it cancelled are owed again, dated from the
// judgment's day as at a close, the ladder anew; the duty done stays done, and one cancelled at
// another time (not by the reinstatement) stays cancelled. The records are kept two years from
// the judgment, and a new case is kept out again as for any end.
static void test_a_reinstatement_set_aside_owes_the_duties_again(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    for (int k = 0; k < 5; k++)
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, HR_TEST_T0_MS, NULL);
    int32_t eff = 0, judged = 0, today = 0;
    assert_true(hr_date_parse("2025-03-31", &eff));
    assert_true(hr_date_parse("2025-06-10", &judged));
    assert_true(hr_date_parse("2025-06-12", &today));
    wf_steps_date_duties(c, eff, f->arena, &f->t);
    assert_true(wf_steps_apply(c, WF_MOVE_CLOSE, "HR", f->arena, &f->t, HR_TEST_T0_MS, NULL) > 0);
    Hr__Workflow__CaseStep *cert = NULL, *transfer = NULL, *keep = NULL;
    for (size_t i = 0; i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        if (!strcmp(st->key, "certificate"))
            cert = st;
        if (!strcmp(st->key, "transfer"))
            transfer = st;
        if (!strcmp(st->key, "retention"))
            keep = st;
    }
    assert_true(cert && transfer && keep);
    cert->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    cert->done_by = "E0003";
    int64_t reinstated = HR_TEST_T0_MS + 10 * HR_DAY_MS;
    assert_string_equal(wf_steps_cancel_duties(c, "E0006", f->arena, reinstated),
                        "transfer, retention");
    keep->done_ms = reinstated - 1; // as if cancelled by something else: not the reinstatement's
    int64_t now = HR_TEST_T0_MS + 80 * HR_DAY_MS;
    const char *owed = wf_steps_rearm_duties(c, reinstated, judged, f->arena, &f->t, now);
    assert_string_equal(owed, "transfer (due 2025-06-25)");
    assert_int_equal(transfer->state, ACTIVE);
    assert_int_equal(transfer->due_ms, wf_fixture_end_of("2025-06-25")); // 15 days from 06-10
    assert_string_equal(transfer->due_date, "2025-06-25");
    assert_int_equal(transfer->escalation_level, 0);
    assert_true(transfer->level2_ms > transfer->due_ms);
    assert_int_equal(transfer->started_ms, now);
    assert_int_equal(cert->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    assert_int_equal(keep->state, CANCELLED);

    // The reinstatement's own cancellation takes the retention too: the records kept two years
    // from the judgment (never shorter than from the original end), nobody reminded of it.
    keep->done_ms = reinstated;
    owed = wf_steps_rearm_duties(c, reinstated, judged, f->arena, &f->t, now);
    assert_non_null(strstr(owed, "retention (until 2027-06-"));
    assert_int_equal(keep->state, ACTIVE);
    assert_true(keep->reminded);
    assert_true(wf_steps_keep_until_ms(c) >= wf_fixture_end_of("2027-06-10"));
    assert_string_equal(wf_steps_rearm_duties(c, reinstated, judged, f->arena, &f->t, now), "");

    // A new case for the employee: not kept out while reinstated, kept out again once set aside.
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    o.effective_date = "2025-03-31";
    o.served_date = "2025-03-01";
    c->outcome = &o;
    c->employee_no = "E1";
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = "E1";
    p.hire_date = "2020-01-01";
    Hr__Workflow__Reinstatement r = HR__WORKFLOW__REINSTATEMENT__INIT;
    r.award_ref = "A1";
    r.award_date = "2025-04-20";
    c->reinstatement = &r;
    assert_true(wf_case_is_reinstated(c));
    assert_null(wf_case_blocks_open(c, &p, today, f->arena, NULL));
    r.set_aside_date = "2025-06-10";
    r.set_aside_ref = "J1";
    assert_false(wf_case_is_reinstated(c));
    const char *why = wf_case_blocks_open(c, &p, today, f->arena, NULL);
    assert_non_null(why);
    assert_non_null(strstr(why, "contract ended on 2025-03-31"));
}

static void test_interview_needs_both_confirmations(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    assert_false(wf_interview_is_complete(NULL));
    assert_false(wf_interview_is_complete(&iv));
    iv.hr_confirmed = true;
    assert_false(wf_interview_is_complete(&iv));
    iv.hr_confirmed = false;
    iv.manager_confirmed = true;
    assert_false(wf_interview_is_complete(&iv));
    iv.hr_confirmed = true;
    assert_true(wf_interview_is_complete(&iv));
}

// Nothing the interview leads to is dated before its day: the day itself and later are fine;
// a case without a scheduled date has nothing to hold a date against.
static void test_interview_is_after_only_a_day_before_its_date(void **state)
{
    HR_UNUSED(state);
    int32_t d = 0, seen = -1;
    assert_true(hr_date_parse("2026-12-03", &d));
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2026-12-03";
    const struct {
        int32_t day;
        bool after;
    } rows[] = {
        {d - 400, true}, {d - 1, true}, {d, false}, {d + 1, false}, {d + 400, false},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        seen = -1;
        if (wf_interview_is_after(&iv, rows[i].day, &seen) != rows[i].after)
            fail_msg("row %zu: day %d against %s", i, (int)rows[i].day, iv.date);
        assert_int_equal(seen, rows[i].after ? d : -1);
    }
    assert_true(wf_interview_is_after(&iv, d - 1, NULL));
    assert_false(wf_interview_is_after(NULL, d - 1, &seen));
    iv.date = ""; // confirmed before any date was recorded
    assert_false(wf_interview_is_after(&iv, d - 1, &seen));
    iv.date = "2026-13-03";
    assert_false(wf_interview_is_after(&iv, d - 1, &seen));
}

// An interview set weeks ahead dates its stage: due at the end of the working day after it
// (not overdue before it is held); one soon keeps the stage's own period.
static void test_the_interview_stage_is_due_after_its_interview(void **state)
{
    fixture_t *f = *state;
    int64_t now = wf_fixture_local("2025-09-22", 10, 0); // a Monday
    Hr__Workflow__Case *c = s_case(f, false, now);
    for (int k = 0; k < 3; k++) // request, hr_review, prepare
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, now, NULL);
    assert_string_equal(s_cur(c), "interview");
    Hr__Workflow__CaseStep *st = wf_steps_current(c);
    int64_t own = st->due_ms;
    int32_t day = 0;
    assert_true(hr_date_parse("2025-09-23", &day));
    wf_steps_date_interview(st, day, &f->t, now);
    assert_int_equal(st->due_ms, own);
    // 2025-09-30, the eve of the National Day week: the next working day is 10-09.
    assert_true(hr_date_parse("2025-09-30", &day));
    wf_steps_date_interview(st, day, &f->t, now);
    assert_int_equal(st->due_ms, wf_fixture_end_of("2025-10-09"));
    assert_int_equal(st->overdue_ms, wf_fixture_end_of("2025-10-09") + 8 * HR_HOUR_MS);
    assert_true(st->level2_ms > st->overdue_ms);
    assert_true(st->remind_ms <= st->due_ms);
    assert_int_equal(wf_escalation_next_ms(st) > wf_fixture_end_of("2025-09-30"), true);
    // Brought forward again: due by its own period once more, and a ladder that had started
    // (level 1 fired) starts anew for the deadline still ahead.
    st->escalation_level = 1;
    assert_true(hr_date_parse("2025-09-23", &day));
    wf_steps_date_interview(st, day, &f->t, now);
    assert_int_equal(st->due_ms, own);
    assert_int_equal(st->escalation_level, 0);
    assert_int_equal(st->overdue_ms, own + 8 * HR_HOUR_MS);
    // A deadline already passed keeps the ladder where it is.
    st->escalation_level = 2;
    int64_t level2 = st->level2_ms;
    assert_true(hr_date_parse("2025-09-30", &day));
    int64_t late = wf_fixture_local("2025-10-10", 10, 0);
    wf_steps_date_interview(st, day, &f->t, late);
    assert_int_equal(st->due_ms, wf_fixture_end_of("2025-10-09"));
    assert_int_equal(st->escalation_level, 2);
    assert_int_equal(st->level2_ms, level2);
}

// Lateness goes by the day a duty was done when HR gives it, capped by when it was recorded: a
// certificate due 2026-12-01 issued that day and recorded on the 3rd is on time; one issued on
// the 2nd is late; without a date (stages, older records) the record's time decides.
static void test_a_duty_is_late_by_the_day_it_was_done(void **state)
{
    fixture_t *f = *state;
    int64_t due = wf_fixture_end_of("2026-12-01");
    int64_t hour_due = wf_fixture_local("2026-12-01", 15, 0); // a period in hours
    const struct {
        int64_t due_ms;
        const char *done_date;
        int64_t done_ms;
        bool late;
    } rows[] = {
        {due, "2026-12-01", wf_fixture_local("2026-12-03", 10, 0), false},
        {due, "2026-11-28", wf_fixture_local("2026-12-03", 10, 0), false},
        {due, "2026-12-02", wf_fixture_local("2026-12-03", 10, 0), true},
        {due, "", wf_fixture_local("2026-12-03", 10, 0), true},
        {due, "", wf_fixture_local("2026-12-01", 23, 0), false},
        {due, "", due, false},
        {due, "2026-12-01", wf_fixture_local("2026-12-01", 9, 0), false},
        {due, "not a date", wf_fixture_local("2026-12-03", 10, 0), true},
        {hour_due, "2026-12-01", wf_fixture_local("2026-12-02", 9, 0), true}, // hour unknown
        {hour_due, "2026-12-01", wf_fixture_local("2026-12-01", 14, 0), false},
        {hour_due, "2026-11-30", wf_fixture_local("2026-12-02", 9, 0), false},
        {0, "2030-01-01", wf_fixture_local("2030-01-01", 9, 0), false}, // no deadline
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
        st.due_ms = rows[i].due_ms;
        st.done_date = (char *)rows[i].done_date;
        st.done_ms = rows[i].done_ms;
        if (wf_steps_is_late(&st, &f->t) != rows[i].late)
            fail_msg("row %zu: done '%s' recorded %lld, due %lld: want late %d", i,
                     rows[i].done_date, (long long)rows[i].done_ms, (long long)rows[i].due_ms,
                     rows[i].late);
    }
}

static void test_history_keeps_the_opening_entry_when_full(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    wf_case_history(c, f->arena, 1, "M", "opened", "request", "", "");
    for (int i = 0; i < WF_CASE_MAX_HISTORY + 5; i++)
        wf_case_history(c, f->arena, 2 + i, "M", "evidence_attached", "request", "", "");
    assert_int_equal(c->n_history, WF_CASE_MAX_HISTORY);
    assert_string_equal(c->history[0]->action, "opened");
    assert_int_equal(c->history[WF_CASE_MAX_HISTORY - 1]->at_ms, 2 + WF_CASE_MAX_HISTORY + 4);
}

// On its day an interview is not held before its hour; a slot without a time goes by its day.
static void test_interview_starts_at_its_hour(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2026-12-03";
    iv.time = "09:30";
    int64_t start = 0;
    assert_true(wf_interview_starts_after(&iv, wf_fixture_local("2026-12-03", 9, 29),
                                          HR_TZ_SHANGHAI_MIN, &start));
    assert_int_equal(start, wf_fixture_local("2026-12-03", 9, 30));
    assert_false(wf_interview_starts_after(&iv, wf_fixture_local("2026-12-03", 9, 30),
                                           HR_TZ_SHANGHAI_MIN, NULL));
    assert_false(wf_interview_starts_after(&iv, wf_fixture_local("2026-12-04", 8, 0),
                                           HR_TZ_SHANGHAI_MIN, NULL));
    assert_true(wf_interview_starts_after(&iv, wf_fixture_local("2026-12-02", 23, 0),
                                          HR_TZ_SHANGHAI_MIN, NULL));
    iv.time = "";
    assert_false(wf_interview_starts_after(&iv, wf_fixture_local("2026-12-03", 0, 0),
                                           HR_TZ_SHANGHAI_MIN, NULL));
    iv.time = "9:30";
    assert_false(wf_interview_starts_after(&iv, wf_fixture_local("2026-12-03", 0, 0),
                                           HR_TZ_SHANGHAI_MIN, NULL));
    assert_false(wf_interview_starts_after(NULL, 0, HR_TZ_SHANGHAI_MIN, NULL));
}

// Which earlier case keeps a new one for the same employee from opening, as a table: open at
// any stage; closed with an outcome whose end is to come or has passed; not withdrawn,
// rescinded, nor ended before a re-hire.
static void test_an_earlier_case_keeps_a_new_one_out(void **state)
{
    fixture_t *f = *state;
    int32_t today = 0;
    assert_true(hr_date_parse("2026-12-10", &today));
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = "E1";
    const struct {
        Hr__Workflow__CaseState state;
        Hr__Workflow__OutcomeKind kind; // 0: no outcome
        const char *end;
        const char *hired;
        const char *says; // NULL: no block
    } rows[] = {
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN, 0, "", "2020-01-01",
         "already has an open case 01JN00000000000000000000AA (at request)"},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED,
         HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED, "2026-12-31", "2020-01-01",
         "contract ends on 2026-12-31 through case 01JN00000000000000000000AA (notice served"},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED,
         HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED, "2026-12-10", "2020-01-01",
         "contract ends on 2026-12-10"},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED,
         HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED, "2026-12-09", "2020-01-01",
         "contract ended on 2026-12-09 through case 01JN00000000000000000000AA (agreement signed"},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED,
         HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED, "2026-12-09", "2026-12-10", NULL},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED, 0, "", "2020-01-01", NULL},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN, 0, "", "2020-01-01", NULL},
        {HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED,
         HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED, "2026-12-31", "2020-01-01", NULL},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
        c->employee_no = "E1";
        c->state = rows[i].state;
        Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
        if (rows[i].kind) {
            o.kind = rows[i].kind;
            o.effective_date = (char *)rows[i].end;
            o.served_date = "2026-11-30";
            c->outcome = &o;
        }
        p.hire_date = (char *)rows[i].hired;
        char *zh = NULL;
        const char *why = wf_case_blocks_open(c, &p, today, f->arena, &zh);
        if (!rows[i].says != !why || (why && !strstr(why, rows[i].says)))
            fail_msg("row %zu: '%s', want '%s'", i, why ? why : "(none)",
                     rows[i].says ? rows[i].says : "(none)");
        // Said in Chinese too, naming the case that keeps the new one out.
        if (why && (!zh || !strstr(zh, "01JN00000000000000000000AA")))
            fail_msg("row %zu: Chinese '%s'", i, zh ? zh : "(none)");
    }
    Hr__Workflow__Case *open = s_case(f, false, HR_TEST_T0_MS);
    open->employee_no = "E1";
    open->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    char *zh = NULL;
    assert_non_null(wf_case_blocks_open(open, &p, today, f->arena, &zh));
    assert_non_null(strstr(zh, "员工 E1 已有进行中的案件 01JN00000000000000000000AA"));
    assert_non_null(wf_case_blocks_open(open, &p, today, f->arena, NULL)); // zh may be NULL
}

// What a refusal says comes next, stage by stage: who (the stage's owner when known) and the
// hrctl command, in both languages; a case no longer open says what is left of it.
static void test_next_step_names_who_and_the_command_at_each_stage(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, true, HR_TEST_T0_MS);
    c->employee_no = "E0117";
    c->manager_no = "E0101";
    c->ground = "A40_2";
    const struct {
        const char *key, *zh, *en;
    } rows[] = {
        {WF_STEP_REQUEST,
         "由案件经理 E0101 补齐证据后提交：hrctl case submit 01JN00000000000000000000AA --as E0101",
         "hrctl case submit 01JN00000000000000000000AA --as E0101"},
        {WF_STEP_HR_REVIEW, "由 HR（E9）", "hrctl case review 01JN00000000000000000000AA --as E9"},
        {WF_STEP_SUPERIOR, "由上级（E9）审批或退回",
         "hrctl case approve 01JN00000000000000000000AA"},
        {WF_STEP_PREPARE, "由 HR（E9）安排面谈", "hrctl case prepare 01JN00000000000000000000AA"},
        {WF_STEP_INTERVIEW, "由 HR 和经理 E0101 各自确认",
         "hrctl case confirm 01JN00000000000000000000AA"},
        {WF_STEP_OUTCOME, "由 HR（E9）记录解除结果",
         "hrctl case outcome 01JN00000000000000000000AA"},
        {WF_STEP_CLOSE, "由 HR（E9）结案：hrctl case close 01JN00000000000000000000AA --as E9",
         "hrctl case close 01JN00000000000000000000AA --as E9"},
    };
    for (size_t r = 0; r < HR_ARRAY_LEN(rows); r++) {
        size_t i = 0;
        while (i < c->n_steps && strcmp(c->steps[i]->key, rows[r].key))
            i++;
        assert_true(i < c->n_steps);
        c->current = (uint32_t)i;
        c->steps[i]->owner_no = r ? "E9" : "E0101";
        char *en = NULL, *zh = NULL;
        wf_steps_next(c, f->arena, &en, &zh);
        if (!strstr(zh, rows[r].zh) || !strstr(en, rows[r].en))
            fail_msg("%s: '%s' / '%s'", rows[r].key, zh, en);
    }
    // An owner not known yet: the command names the role to fill in.
    c->steps[c->current]->owner_no = "";
    char *en = NULL, *zh = NULL;
    wf_steps_next(c, f->arena, &en, &zh);
    assert_non_null(strstr(zh, "由 HR结案：hrctl case close 01JN00000000000000000000AA --as 工号"));
    assert_non_null(strstr(en, "--as EMPLOYEE_NO"));
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    wf_steps_next(c, f->arena, &en, &zh);
    assert_non_null(strstr(zh, "请重新发起案件：hrctl case open E0117"));
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    wf_steps_next(c, f->arena, &en, &zh);
    assert_non_null(strstr(en, "closing duties"));
    assert_string_equal(wf_action_words_zh(WF_ACT_SUBMIT), "提交申请");
    assert_string_equal(wf_action_words_zh(WF_ACT_COUNT), "这样做");
}

// A case on a contract's expiry (A44) ends by 终止: what comes next at its outcome says so.
static void test_next_step_of_an_expiry_records_its_termination(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    c->ground = "A44_EXPIRY";
    size_t i = 0;
    while (i < c->n_steps && strcmp(c->steps[i]->key, WF_STEP_OUTCOME))
        i++;
    assert_true(i < c->n_steps);
    c->current = (uint32_t)i;
    c->steps[i]->owner_no = "E9";
    char *en = NULL, *zh = NULL;
    wf_steps_next(c, f->arena, &en, &zh);
    assert_non_null(strstr(zh, "由 HR（E9）记录终止结果"));
    assert_null(strstr(zh, "解除"));
}

// The Chinese names a stage or duty by its name, never its key: the service's own names, then
// the case's title for a key it does not know, then the key.
static void test_a_step_has_a_chinese_name(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, HR_TEST_T0_MS);
    assert_string_equal(wf_step_zh(c, WF_STEP_HR_REVIEW), "HR 审核");
    assert_string_equal(wf_step_zh(NULL, WF_STEP_PREPARE), "面谈准备");
    assert_string_equal(wf_step_zh(NULL, WF_DUTY_TRANSFER), "档案和社会保险关系转移");
    const char *keys[] = {WF_STEP_REQUEST,   WF_STEP_HR_REVIEW,   WF_STEP_SUPERIOR,
                          WF_STEP_PREPARE,   WF_STEP_INTERVIEW,   WF_STEP_OUTCOME,
                          WF_STEP_CLOSE,     WF_DUTY_CERTIFICATE, WF_DUTY_TRANSFER,
                          WF_DUTY_RETENTION, WF_DUTY_HANDOVER};
    for (size_t k = 0; k < HR_ARRAY_LEN(keys); k++)
        for (const char *p = wf_step_zh(NULL, keys[k]); *p; p++)
            assert_true(*p == ' ' || *p == 'H' || *p == 'R' || (unsigned char)*p >= 0x80);
    // A template's own step: its title in the case; unknown everywhere: the key.
    c->steps[0]->key = "legal_check";
    c->steps[0]->title_zh = "法务复核";
    assert_string_equal(wf_step_zh(c, "legal_check"), "法务复核");
    assert_string_equal(wf_step_zh(NULL, "legal_check"), "legal_check");
    assert_string_equal(wf_step_zh(c, ""), "-");
}

static hr_calendar_t *s_cal(const char *text)
{
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_parse(text, strlen(text), "cal", &err);
    assert_non_null(cal);
    return cal;
}

// A step counted in working days on a calendar that lacked a day off is dated again on the
// calendar that has it: later, with its ladder; the same calendar again changes nothing, and an
// older calendar never brings it forward. A duty dated by statute and an hours period stay. When
// only level 2 falls on the new day off, level 2 alone moves.
// A step held for a legal protection (wf_tell_block_step) runs again when it ends: its own
// period from then, nothing sent while held counted; a step with no period stays without one.
static void test_a_held_step_resumes_with_its_own_period_from_the_release(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, false, wf_fixture_local("2026-11-23", 10, 0)); // Monday
    Hr__Workflow__CaseStep *st = c->steps[0];
    st->escalation_level = 2;
    wf_tell_block_step(st);
    assert_int_equal(st->due_ms, 0);
    int64_t released = wf_fixture_local("2026-12-01", 10, 0); // a Tuesday, weeks later
    wf_steps_resume(st, &f->t, released);
    assert_int_equal(st->due_ms, wf_deadline_after(&f->t, released, st->due));
    assert_true(st->due_ms > released);
    assert_int_equal(st->escalation_level, 0);
    assert_int_equal(st->overdue_ms, wf_deadline_daytime(&f->t, st->due_ms));
    assert_true(st->level2_ms > st->due_ms);
    assert_false(st->reminded);
    Hr__Workflow__CaseStep none = HR__WORKFLOW__CASE_STEP__INIT;
    none.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    wf_steps_resume(&none, &f->t, released);
    assert_int_equal(none.due_ms, 0);
    assert_int_equal(none.level2_ms, 0);
}

// A request returned because its ground is barred in probation (LCL 21) owes nothing before
// probation ends: its period counts from then (later only; none made up for a step without one).
static void test_a_deferred_step_counts_its_period_from_the_day_given(void **state)
{
    fixture_t *f = *state;
    int64_t now = wf_fixture_local("2026-11-23", 10, 0);
    Hr__Workflow__Case *c = s_case(f, false, now);
    Hr__Workflow__CaseStep *st = c->steps[0];
    int64_t was = st->due_ms;
    int64_t from = wf_fixture_end_of("2027-01-29"); // probation's last day, its midnight
    wf_steps_defer(st, &f->t, from, now);
    assert_int_equal(st->due_ms, wf_deadline_after(&f->t, from, st->due));
    assert_true(st->due_ms > from);
    assert_true(st->remind_ms > now && st->remind_ms < st->due_ms);
    assert_true(st->level2_ms > st->due_ms);
    int64_t deferred = st->due_ms;
    wf_steps_defer(st, &f->t, now, now); // never earlier
    assert_int_equal(st->due_ms, deferred);
    assert_true(deferred > was);
    wf_tell_block_step(st);
    wf_steps_defer(st, &f->t, from, now);
    assert_int_equal(st->due_ms, 0);
}

static void test_a_step_is_dated_again_on_a_calendar_that_gained_a_day_off(void **state)
{
    HR_UNUSED(state);
    // A year line needs a holiday of its notice (hr_calendar_parse): 国庆节, weeks before.
    hr_calendar_t *before = s_cal("year 2026\n2026-10-01 holiday\n");
    hr_calendar_t *after =
        s_cal("year 2026\n2026-10-01 holiday\n2026-12-01 holiday the notice's bridge day\n");
    wf_time_t tb = {before, HR_TZ_SHANGHAI_MIN}, ta = {after, HR_TZ_SHANGHAI_MIN};
    Hr__Workflow__Period two = HR__WORKFLOW__PERIOD__INIT, one = HR__WORKFLOW__PERIOD__INIT;
    two.working_days = 2;
    one.working_days = 1;
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.key = "request";
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    st.due = &two;
    st.level2_after = &one;
    st.started_ms = wf_fixture_local("2026-11-27", 10, 0); // a Friday
    int64_t now = st.started_ms + HR_HOUR_MS;
    st.due_ms = wf_deadline_after(&tb, st.started_ms, &two);
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-12-01"));
    st.overdue_ms = wf_deadline_daytime(&tb, st.due_ms);
    st.level2_ms = wf_deadline_next_level(&tb, st.due_ms, &one, 1, st.overdue_ms);
    st.remind_ms = wf_deadline_remind(&tb, st.started_ms, st.due_ms);

    assert_true(wf_steps_redate(&st, -1, &ta, now));
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-12-02"));
    assert_int_equal(st.overdue_ms, wf_fixture_local("2026-12-03", 8, 0));
    assert_int_equal(st.level2_ms, wf_fixture_local("2026-12-04", 8, 0));
    assert_true(st.remind_ms > wf_fixture_local("2026-12-01", 23, 0));
    assert_false(wf_steps_redate(&st, -1, &ta, now)); // stands
    assert_false(wf_steps_redate(&st, -1, &tb, now)); // never earlier
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-12-02"));

    // Level 2 alone: due on Monday 11-30, level 2 a working day later, on the new day off.
    hr__workflow__case_step__init(&st);
    st.key = "request";
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    st.due = &one;
    st.level2_after = &one;
    st.started_ms = wf_fixture_local("2026-11-27", 10, 0);
    st.due_ms = wf_deadline_after(&tb, st.started_ms, &one);
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-11-30"));
    st.overdue_ms = wf_deadline_daytime(&tb, st.due_ms);
    st.level2_ms = wf_deadline_next_level(&tb, st.due_ms, &one, 1, st.overdue_ms);
    st.escalation_level = 1; // level 1 went on 12-01 08:00
    assert_int_equal(st.level2_ms, wf_fixture_local("2026-12-02", 8, 0));
    assert_true(wf_steps_redate(&st, -1, &ta, wf_fixture_local("2026-12-01", 9, 0)));
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-11-30"));
    assert_int_equal(st.level2_ms, wf_fixture_local("2026-12-03", 8, 0));
    assert_int_equal(st.escalation_level, 1);

    // A duty dated by statute, and a period in hours: not counted on the calendar.
    st.due_date = "2026-12-01";
    st.escalation_level = 0;
    st.level2_ms = 0;
    assert_false(wf_steps_redate(&st, -1, &ta, now));
    st.due_date = "";
    Hr__Workflow__Period hours = HR__WORKFLOW__PERIOD__INIT;
    hours.hours = 48;
    st.due = &hours;
    st.level2_after = NULL;
    assert_false(wf_steps_redate(&st, -1, &ta, now));
    hr_calendar_destroy(&before);
    hr_calendar_destroy(&after);
}

// A transfer dated, before 2027's notice was in the calendar, on the earliest end the notice
// could give (Saturday 2027-01-30: it might be a working day) is dated again at start-up on the
// calendar with the notice: to Monday 02-01 when the Saturday stays off (Civil Code Art. 203),
// not at all when the notice made it a working day (调休上班), never back. The records' keeping,
// dated to the latest end, never comes earlier: a calendar that would end it sooner leaves it.
static void test_a_statutory_duty_is_dated_again_when_the_years_notice_comes(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    hr_calendar_t *before = s_cal("2027-02-05 statutory 春节\n2027-02-06 statutory\n"
                                  "2027-02-07 statutory\n2027-02-08 statutory\n");
    hr_calendar_t *after = s_cal("year 2027\n2027-02-05 holiday 春节\n2027-02-06 holiday\n"
                                 "2027-02-07 holiday\n2027-02-08 holiday\n");
    hr_calendar_t *worked = s_cal("year 2027\n2027-01-30 workday 春节调休上班\n"
                                  "2027-02-05 holiday 春节\n2027-02-06 holiday\n"
                                  "2027-02-07 holiday\n2027-02-08 holiday\n");
    hr_calendar_t *later = s_cal("year 2029\n2029-01-01 holiday 元旦\n");
    wf_time_t tb = {before, HR_TZ_SHANGHAI_MIN}, ta = {after, HR_TZ_SHANGHAI_MIN};
    wf_time_t tw = {worked, HR_TZ_SHANGHAI_MIN}, tl = {later, HR_TZ_SHANGHAI_MIN};
    int32_t eff = 0;
    assert_true(hr_date_parse("2027-01-15", &eff));
    Hr__Workflow__CaseStep tr = HR__WORKFLOW__CASE_STEP__INIT, kp = HR__WORKFLOW__CASE_STEP__INIT;
    tr.key = "transfer";
    kp.key = "retention";
    Hr__Workflow__CaseStep *steps[2] = {&tr, &kp};
    for (size_t i = 0; i < 2; i++) {
        steps[i]->duty = true;
        steps[i]->state = ACTIVE;
    }
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.steps = steps;
    c.n_steps = 2;
    wf_steps_date_duties(&c, eff, arena, &tb);
    assert_string_equal(tr.due_date, "2027-01-30");
    assert_string_equal(kp.due_date, "2029-01-24"); // 2029 unknown: WF_DAYS_OFF_RUN_MAX on
    int64_t now = wf_fixture_local("2027-01-20", 10, 0);

    assert_false(wf_steps_redate_duty(&tr, eff, &tw, now, arena)); // 01-30 worked: stands
    assert_string_equal(tr.due_date, "2027-01-30");
    assert_true(wf_steps_redate_duty(&tr, eff, &ta, now, arena));
    assert_string_equal(tr.due_date, "2027-02-01");
    assert_int_equal(tr.due_ms, wf_fixture_end_of("2027-02-01"));
    assert_int_equal(tr.escalation_level, 0);
    assert_true(tr.level2_ms == 0 || tr.level2_ms > tr.due_ms);
    assert_false(wf_steps_redate_duty(&tr, eff, &ta, now, arena)); // stands
    assert_false(wf_steps_redate_duty(&tr, eff, &tb, now, arena)); // never earlier

    assert_false(wf_steps_redate_duty(&kp, eff, &tl, now, arena)); // 2029-01-15 would be less
    assert_string_equal(kp.due_date, "2029-01-24");
    // A duty no longer active, or a step no statute dates, is left alone.
    tr.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    assert_false(wf_steps_redate_duty(&tr, eff, &tb, now, arena));
    Hr__Workflow__CaseStep own = HR__WORKFLOW__CASE_STEP__INIT;
    own.key = "exit_interview";
    own.duty = true;
    own.state = ACTIVE;
    own.due_date = "2027-01-30";
    assert_false(wf_steps_redate_duty(&own, eff, &ta, now, arena));
    hr_calendar_destroy(&before);
    hr_calendar_destroy(&after);
    hr_calendar_destroy(&worked);
    hr_calendar_destroy(&later);
    hr_arena_destroy(&arena);
}

// The step def of tpl with this key.
static Hr__Workflow__StepDef *s_def(Hr__Workflow__Template *tpl, const char *key)
{
    int i = wf_template_step_index(tpl, key);
    assert_true(i >= 0);
    return tpl->steps[i];
}

// HR has a case at hr_review follow another template (SetCaseTemplate): the request stays done
// as it was, hr_review keeps its owner and starts the new period from the change, the stages
// after it are the new template's; a case before hr_review is left as it is.
static void test_a_case_at_hr_review_follows_another_template_from_then_on(void **state)
{
    fixture_t *f = *state;
    int64_t t0 = wf_fixture_local("2025-11-03", 10, 0); // a Monday
    Hr__Workflow__Case *c = s_case(f, false, t0);
    Hr__Workflow__Template *other = wf_fixture_template(f->arena);
    other->id = "xincheng";
    Hr__Workflow__Period five = HR__WORKFLOW__PERIOD__INIT, seven = HR__WORKFLOW__PERIOD__INIT;
    five.working_days = 5;
    seven.working_days = 7;
    s_def(other, WF_STEP_HR_REVIEW)->due = &five;
    s_def(other, WF_STEP_PREPARE)->due = &seven;
    assert_false(wf_steps_retemplate(c, other, f->arena, &f->t, t0)); // at request: untouched
    assert_string_equal(s_cur(c), WF_STEP_REQUEST);
    assert_int_equal(c->steps[1]->due->working_days, 3);

    assert_int_equal(wf_steps_apply(c, WF_MOVE_NEXT, "E0101", f->arena, &f->t, t0, NULL), 1);
    c->steps[1]->owner_no = "E0002";
    int64_t old_due = c->steps[1]->due_ms;
    int64_t t1 = wf_fixture_local("2025-11-04", 15, 0); // Tuesday: 5 working days to the 11th
    assert_true(wf_steps_retemplate(c, other, f->arena, &f->t, t1));
    assert_string_equal(s_cur(c), WF_STEP_HR_REVIEW);
    const Hr__Workflow__CaseStep *req = c->steps[0], *rv = wf_steps_current(c);
    assert_string_equal(req->key, WF_STEP_REQUEST);
    assert_int_equal(req->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    assert_string_equal(req->done_by, "E0101");
    assert_int_equal(rv->state, ACTIVE);
    assert_string_equal(rv->owner_no, "E0002");
    assert_int_equal(rv->started_ms, t1);
    assert_int_equal(rv->escalation_level, 0);
    assert_int_equal(rv->due->working_days, 5);
    assert_int_equal(rv->due_ms, wf_fixture_end_of("2025-11-11"));
    assert_true(rv->due_ms != old_due);
    const Hr__Workflow__CaseStep *prep = NULL;
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_PREPARE))
            prep = c->steps[i];
    assert_non_null(prep);
    assert_int_equal(prep->state, PENDING);
    assert_int_equal(prep->due->working_days, 7);
    // Moving on goes by the new stages.
    assert_true(wf_steps_apply(c, WF_MOVE_NEXT, "E0002", f->arena, &f->t, t1, NULL) > 1);
    assert_string_equal(s_cur(c), WF_STEP_PREPARE);
    assert_int_equal(wf_steps_current(c)->due->working_days, 7);
    // Past hr_review: no longer.
    assert_false(wf_steps_retemplate(c, f->tpl, f->arena, &f->t, t1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_case_at_hr_review_follows_another_template_from_then_on),
        cmocka_unit_test(test_state_machine_table),
        cmocka_unit_test(test_a_step_is_dated_again_on_a_calendar_that_gained_a_day_off),
        cmocka_unit_test(test_every_action_has_a_name),
        cmocka_unit_test(test_a_held_step_resumes_with_its_own_period_from_the_release),
        cmocka_unit_test(test_a_deferred_step_counts_its_period_from_the_day_given),
        cmocka_unit_test(test_open_case_starts_at_request_with_a_two_working_day_deadline),
        cmocka_unit_test(test_next_skips_superior_approval_unless_asked),
        cmocka_unit_test(test_return_goes_back_to_request_with_a_fresh_deadline),
        cmocka_unit_test(test_the_stage_a_return_completed_is_reported_as_done),
        cmocka_unit_test(test_close_starts_the_art50_duties_dated_by_statute),
        cmocka_unit_test(test_art50_periods_ending_on_days_off_end_after_them),
        cmocka_unit_test(test_a_statutory_duty_is_dated_again_when_the_years_notice_comes),
        cmocka_unit_test(test_withdraw_ends_every_open_step),
        cmocka_unit_test_setup_teardown(test_rescind_at_close_cancels_the_stage_and_the_duties,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_rescind_after_close_keeps_a_done_duty_done, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_reinstatement_set_aside_owes_the_duties_again,
                                        s_setup, s_teardown),
        cmocka_unit_test(test_interview_needs_both_confirmations),
        cmocka_unit_test(test_interview_is_after_only_a_day_before_its_date),
        cmocka_unit_test(test_the_interview_stage_is_due_after_its_interview),
        cmocka_unit_test(test_a_duty_is_late_by_the_day_it_was_done),
        cmocka_unit_test(test_history_keeps_the_opening_entry_when_full),
        cmocka_unit_test(test_interview_starts_at_its_hour),
        cmocka_unit_test(test_an_earlier_case_keeps_a_new_one_out),
        cmocka_unit_test(test_next_step_of_an_expiry_records_its_termination),
        cmocka_unit_test(test_a_step_has_a_chinese_name),
        cmocka_unit_test(test_next_step_names_who_and_the_command_at_each_stage),
    };
    return cmocka_run_group_tests_name("unit.workflow.steps", tests, s_setup, s_teardown);
}
