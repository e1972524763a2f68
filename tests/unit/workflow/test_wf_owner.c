/*  Unit tests for wf_owner: the employee passed over on a line, to whom a case may be handed
 *  (as a table), a step's ladder restarted for its new owner on the company calendar, and
 *  required texts trimmed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

typedef struct {
    hr_calendar_t *cal; // owned
    wf_time_t t;        // calendar + zone
    hr_arena_t *arena;  // owned
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->cal = wf_fixture_calendar();
    f->t = (wf_time_t){f->cal, HR_TZ_SHANGHAI_MIN};
    f->arena = hr_arena_new(0);
    *state = f;
    return f->cal ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_calendar_destroy(&f->cal);
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

static void test_the_employee_is_passed_over(void **state)
{
    HR_UNUSED(state);
    const char *line[] = {"E0102", "E0100", "E0001"};
    assert_int_equal(wf_owner_pass_over(line, 3, "E0102"), 2);
    assert_string_equal(line[0], "E0100");
    assert_string_equal(line[1], "E0001");
    const char *other[] = {"E0101", "E0100"};
    assert_int_equal(wf_owner_pass_over(other, 2, "E0112"), 2);
    assert_int_equal(wf_owner_pass_over(other, 2, ""), 2);
    assert_int_equal(wf_owner_pass_over(other, 2, NULL), 2);
    assert_string_equal(other[0], "E0101");
}

static void test_a_case_goes_only_to_a_superior_of_the_employee(void **state)
{
    fixture_t *f = *state;
    static const char *const line[] = {"E0101", "E0100", "E0001"};
    char *hr_roles[] = {"hr"};
    static const struct {
        const char *to;      // the new manager
        bool hr;             // the directory gives them hr
        size_t nline;        // how much of line is the employee's (0: nobody above them)
        const char *open;    // an open case of theirs
        const char *refusal; // NULL: accepted
    } rows[] = {
        {"E0101", false, 3, "", NULL},
        {"E0100", false, 3, "", NULL},
        {"E0001", false, 3, "", NULL},
        {"E0113", false, 3, "", "E0113 is not in E0112's reporting line (E0101, E0100, E0001)"},
        {"E0006", false, 3, "", "E0006 is not in E0112's reporting line"},
        {"E0003", true, 3, "", "E0003 is not in E0112's reporting line"}, // HR is no superior
        {"E0112", false, 3, "", "E0112 is the employee of this case"},
        {"E0100", false, 3, "01J0CASE", "E0100 is the employee of open case 01J0CASE"},
        {"E0003", true, 0, "", NULL}, // nobody above the employee: HR
        {"E0004", false, 0, "", "E0112 has nobody above them"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
        p.employee_no = (char *)rows[i].to;
        p.roles = rows[i].hr ? hr_roles : NULL;
        p.n_roles = rows[i].hr ? 1 : 0;
        const char *why =
            wf_owner_reassign_why("E0112", &p, line, rows[i].nline, rows[i].open, f->arena, NULL);
        if (!rows[i].refusal) {
            if (why)
                fail_msg("row %zu: refused: %s", i, why);
            continue;
        }
        if (!why || !strstr(why, rows[i].refusal) || strncmp(why, "manager_no: ", 12))
            fail_msg("row %zu: %s, want %s", i, why ? why : "accepted", rows[i].refusal);
    }
}

static Hr__Workflow__CaseStep s_step(const char *key, Hr__Workflow__Period *due,
                                     Hr__Workflow__Period *level2_after)
{
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.key = (char *)key;
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    st.due = due;
    st.level2_after = level2_after;
    return st;
}

static void test_a_step_handed_on_starts_a_fresh_period(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Period two = HR__WORKFLOW__PERIOD__INIT, one = HR__WORKFLOW__PERIOD__INIT;
    two.working_days = 2;
    one.working_days = 1;
    // Opened Friday 11-27, due at the end of Tuesday 12-01, two levels sent; handed on Thursday
    // 12-03 at 09:00: two working days from then end on Monday 12-07.
    Hr__Workflow__CaseStep st = s_step(WF_STEP_REQUEST, &two, &one);
    st.started_ms = wf_fixture_local("2026-11-27", 10, 0);
    st.due_ms = wf_fixture_end_of("2026-12-01");
    st.escalation_level = 2;
    st.reminded = true;
    st.next_level_ms = wf_fixture_local("2026-12-04", 8, 0);
    int64_t now = wf_fixture_local("2026-12-03", 9, 0);
    wf_owner_handed_on(&st, NULL, &f->t, now);
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-12-07"));
    assert_int_equal(st.escalation_level, 0);
    assert_int_equal(st.next_level_ms, 0);
    assert_false(st.reminded);
    assert_int_equal(st.remind_ms, wf_fixture_local("2026-12-07", 8, 0));
    assert_int_equal(st.overdue_ms, wf_fixture_local("2026-12-08", 8, 0));
    assert_int_equal(st.level2_ms, wf_fixture_local("2026-12-09", 8, 0));
    assert_int_equal(st.started_ms, wf_fixture_local("2026-11-27", 10, 0)); // when it began
    assert_int_equal(wf_escalation_due(&st, now + HR_HOUR_MS), 0);

    // Handed on early, a fresh period is never an earlier deadline: the interview is not due
    // before the working day after its day (12-10, so the end of 12-11).
    Hr__Workflow__Period five = HR__WORKFLOW__PERIOD__INIT;
    five.working_days = 5;
    Hr__Workflow__CaseStep iv = s_step(WF_STEP_INTERVIEW, &five, &two);
    iv.due_ms = wf_fixture_end_of("2026-12-11");
    int32_t day = 0;
    assert_true(hr_date_parse("2026-12-10", &day));
    wf_owner_handed_on(&iv, &day, &f->t, wf_fixture_local("2026-11-30", 9, 0));
    assert_int_equal(iv.due_ms, wf_fixture_end_of("2026-12-11"));
    wf_owner_handed_on(&iv, &day, &f->t, wf_fixture_local("2026-12-09", 9, 0));
    assert_int_equal(iv.due_ms, wf_fixture_end_of("2026-12-16")); // five from Wednesday 12-09
}

static void test_a_dated_duty_keeps_its_day_and_restarts_its_ladder(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Period two = HR__WORKFLOW__PERIOD__INIT;
    two.working_days = 2;
    // The certificate was due on 12-01 (the contract's end) and reached level 1 with the old
    // owner; handed on Thursday 12-03 at 09:00 it stays due then: level 1 to the new owner at
    // once, level 2 a full period later (Monday 12-07 09:00), not for the days before.
    Hr__Workflow__CaseStep st = s_step(WF_DUTY_CERTIFICATE, &two, &two);
    st.duty = true;
    st.due_date = "2026-12-01";
    st.due_ms = wf_fixture_end_of("2026-12-01");
    st.escalation_level = 1;
    int64_t now = wf_fixture_local("2026-12-03", 9, 0);
    wf_owner_handed_on(&st, NULL, &f->t, now);
    assert_int_equal(st.due_ms, wf_fixture_end_of("2026-12-01"));
    assert_int_equal(st.escalation_level, 0);
    assert_int_equal(st.remind_ms, 0);
    assert_int_equal(st.overdue_ms, now);
    assert_int_equal(st.level2_ms, wf_fixture_local("2026-12-07", 9, 0));
    assert_int_equal(wf_escalation_due(&st, now), 1);
    // Handed on at night: level 1 waits for the morning.
    st.escalation_level = 1;
    wf_owner_handed_on(&st, NULL, &f->t, wf_fixture_local("2026-12-03", 23, 0));
    assert_int_equal(st.overdue_ms, wf_fixture_local("2026-12-04", 8, 0));
    // The retention duty is kept by the system, never reminded.
    Hr__Workflow__CaseStep keep = s_step(WF_DUTY_RETENTION, &two, &two);
    keep.duty = true;
    keep.due_date = "2028-12-01";
    keep.due_ms = wf_fixture_end_of("2028-12-01");
    wf_owner_handed_on(&keep, NULL, &f->t, now);
    assert_true(keep.reminded);
    // No deadline (a request blocked by a protection): none is made up.
    Hr__Workflow__CaseStep blocked = s_step(WF_STEP_REQUEST, &two, &two);
    wf_owner_handed_on(&blocked, NULL, &f->t, now);
    assert_int_equal(blocked.due_ms, 0);
    assert_int_equal(blocked.overdue_ms, 0);
    assert_int_equal(blocked.level2_ms, 0);
    assert_int_equal(wf_escalation_next_ms(&blocked), 0);
}

static void test_required_texts_are_trimmed(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *in;
        const char *out;
    } rows[] = {
        {"  \t\xE3\x80\x80 ", ""},                    // spaces, a tab, an ideographic space
        {"\xC2\xA0\n\r\v\f", ""},                     // NBSP and the rest of ASCII's
        {" targets missed ", "targets missed"},       // inside kept
        {"\xE3\x80\x80未达标\xE3\x80\x80", "未达标"}, // Chinese text
        {"a \xE3\x80\x80 b", "a \xE3\x80\x80 b"},     // between words kept
        {"\xE3\x80\x81", "\xE3\x80\x81"},             // IDEOGRAPHIC COMMA is no space
        {"x\xC2", "x\xC2"},                           // a cut sequence is left as it is
        {"", ""},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        const char *got = wf_text_trim(f->arena, rows[i].in);
        if (strcmp(got, rows[i].out))
            fail_msg("row %zu: '%s', want '%s'", i, got, rows[i].out);
    }
    assert_string_equal(wf_text_trim(f->arena, NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_employee_is_passed_over),
        cmocka_unit_test(test_a_case_goes_only_to_a_superior_of_the_employee),
        cmocka_unit_test(test_a_step_handed_on_starts_a_fresh_period),
        cmocka_unit_test(test_a_dated_duty_keeps_its_day_and_restarts_its_ladder),
        cmocka_unit_test(test_required_texts_are_trimmed),
    };
    return cmocka_run_group_tests_name("unit.workflow.owner", tests, s_setup, s_teardown);
}
