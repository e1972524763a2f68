/*  unit.workflow.deadline - due dates on the company calendar and the escalation ladder.
 *
 *  Deadline arithmetic across the 2025 National Day week and the 2026 Spring Festival, with
 *  their adjusted working days (调休上班) on weekends, against deploy/config/calendar.txt; the
 *  escalation decision as a table; recipients of each level.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

typedef struct {
    const char *what;     // the row, as a sentence
    const char *start;    // local start date
    int hh;               // local start hour
    uint32_t days;        // working days (0: hours)
    uint32_t hours;       // wall-clock hours
    const char *end_date; // the last working day (local); NULL: start + hours
} s_due_row_t;

static const s_due_row_t s_due_rows[] = {
    {"plain week: Monday + 2 = end of Wednesday", "2025-03-03", 10, 2, 0, "2025-03-05"},
    {"Friday + 2 skips the weekend", "2025-03-07", 15, 2, 0, "2025-03-11"},
    {"Sunday 2025-09-28 is an adjusted working day", "2025-09-26", 10, 2, 0, "2025-09-29"},
    {"National Day week: Sep 30 + 2 = Oct 10", "2025-09-30", 10, 2, 0, "2025-10-10"},
    {"Saturday 2025-10-11 is an adjusted working day", "2025-10-10", 10, 1, 0, "2025-10-11"},
    {"a start inside the holiday counts from the holiday", "2025-10-03", 9, 1, 0, "2025-10-09"},
    {"New Year 2026: Jan 4 (Sunday) works", "2025-12-31", 18, 2, 0, "2026-01-05"},
    {"Spring Festival 2026: Feb 14 works, Feb 15-23 off", "2026-02-13", 10, 2, 0, "2026-02-24"},
    {"late evening local is still that local day", "2025-03-03", 23, 2, 0, "2025-03-05"},
    {"hours are wall-clock hours", "2025-10-01", 10, 0, 48, NULL},
};

static void test_working_day_deadlines_follow_the_company_calendar(void **state)
{
    HR_UNUSED(state);
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    for (size_t i = 0; i < HR_ARRAY_LEN(s_due_rows); i++) {
        const s_due_row_t *r = &s_due_rows[i];
        int64_t start = wf_fixture_local(r->start, r->hh, 0);
        Hr__Workflow__Period p = HR__WORKFLOW__PERIOD__INIT;
        p.working_days = r->days;
        p.hours = r->hours;
        int64_t want = r->end_date ? wf_fixture_end_of(r->end_date) : start + r->hours * HR_HOUR_MS;
        int64_t got = wf_deadline_after(&t, start, &p);
        if (got != want)
            fail_msg("%s: got %lld, want %lld", r->what, (long long)got, (long long)want);
    }
    hr_calendar_destroy(&cal);
}

// A row of an interview-day warning's table: the interview's day, and a part of the warning in
// each language (NULL: no warning that day).
typedef struct {
    const char *date; // the interview's day
    const char *en;   // in the warning; NULL: none
    const char *zh;
} s_warn_row_t;

typedef bool(s_warn_fn)(const wf_time_t *t, int32_t day, const char *date, hr_arena_t *arena,
                        const char **zh, const char **en);

// Runs warn over rows on the repository's calendar: a warning exactly where a row expects one,
// holding the row's parts, every en_all part (NULL-terminated) and zh_all (NULL: none).
static void s_warn_rows(s_warn_fn *warn, const s_warn_row_t *rows, size_t n,
                        const char *const *en_all, const char *zh_all)
{
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t i = 0; i < n; i++) {
        int32_t day = 0;
        assert_true(hr_date_parse(rows[i].date, &day));
        const char *zh = NULL, *en = NULL;
        bool warned = warn(&t, day, rows[i].date, arena, &zh, &en);
        if (warned != (rows[i].en != NULL))
            fail_msg("%s: warned %d", rows[i].date, warned);
        if (!warned)
            continue;
        if (!strstr(en, rows[i].en) || !strstr(zh, rows[i].zh) || (zh_all && !strstr(zh, zh_all)))
            fail_msg("%s: '%s' / '%s'", rows[i].date, en, zh);
        for (size_t k = 0; en_all[k]; k++)
            assert_non_null(strstr(en, en_all[k]));
    }
    hr_arena_destroy(&arena);
    hr_calendar_destroy(&cal);
}

// An interview set on a rest day is warned of, in words naming the day; a working day is not,
// nor a weekend day the calendar makes a working day.
static void test_an_interview_on_a_rest_day_is_warned_of(void **state)
{
    HR_UNUSED(state);
    static const s_warn_row_t rows[] = {
        {"2026-11-27", NULL, NULL}, // a Friday
        {"2026-11-28", "2026-11-28 is a Saturday, not a working day", "是星期六"},
        {"2026-11-29", "2026-11-29 is a Sunday, not a working day", "是星期日"},
        {"2025-10-01", "2025-10-01 is a holiday, not a working day", "是节假日"}, // a Wednesday
        {"2025-10-04", "2025-10-04 is a Saturday in a holiday,", "星期六（节假日）"},
        {"2025-09-28", NULL, NULL}, // a Sunday worked for the National Day week
    };
    static const char *const en_all[] = {"the interview is set all the same", NULL};
    s_warn_rows(wf_deadline_rest_day, rows, HR_ARRAY_LEN(rows), en_all, NULL);
}

// An interview on a working day of a year the calendar does not declare (2027: only its
// statutory holidays are listed) is warned of - the notice may yet make it a bridge day off -
// in both languages; a day already off is the rest-day warning's, a declared year says nothing.
static void test_an_interview_in_an_undeclared_year_is_warned_of(void **state)
{
    HR_UNUSED(state);
    static const s_warn_row_t rows[] = {
        {"2026-12-31", NULL, NULL}, // a Thursday of a declared year
        {"2027-01-06",
         "2027-01-06 is in 2027, whose State Council holiday notice is not in the "
         "company calendar (only the statutory holidays are)",
         "只列有法定节假日"},
        {"2027-01-01", NULL, NULL}, // 元旦, statutory: the rest-day warning's
        {"2027-01-09", NULL, NULL}, // a Saturday: the rest-day warning's
        {"2032-03-03", "(not even the statutory holidays are)", "连法定节假日也未列入"},
    };
    static const char *const en_all[] = {"bridge days off and adjusted working days are unknown",
                                         "the interview is set all the same", NULL};
    s_warn_rows(wf_deadline_year_unknown, rows, HR_ARRAY_LEN(rows), en_all, "调休放假");
}

// What is sure of a day as a period's last day: a declared year's days as the calendar says; in
// 2027 (statutory holidays only) a statutory day is off, a day within reach of one is unsure, a
// day farther follows the week; a year with nothing listed is unsure throughout; no calendar:
// the week.
static void test_a_day_of_an_undeclared_year_is_sure_only_far_from_its_holidays(void **state)
{
    HR_UNUSED(state);
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    static const struct {
        const char *date;
        wf_day_sure_t want;
    } rows[] = {
        {"2026-12-01", WF_DAY_SURE_WORKING}, {"2026-10-01", WF_DAY_SURE_OFF},
        {"2026-10-10", WF_DAY_SURE_WORKING}, // a Saturday worked (调休上班)
        {"2027-12-01", WF_DAY_SURE_WORKING}, // a Wednesday, 31 days from 2028's 元旦
        {"2027-12-04", WF_DAY_SURE_OFF},     // a Saturday as far
        {"2027-10-01", WF_DAY_SURE_OFF},     // 国庆节, statutory
        {"2027-10-04", WF_DAY_UNSURE},       // the Monday after it: a bridge day?
        {"2027-09-25", WF_DAY_UNSURE},       // a Saturday before it: worked?
        {"2027-10-13", WF_DAY_UNSURE},       // ten days after
        {"2027-10-14", WF_DAY_SURE_WORKING}, // eleven: the week
        {"2028-01-31", WF_DAY_UNSURE},       // the Monday after 春节 2028
        {"2032-06-02", WF_DAY_UNSURE},       // nothing listed for 2032
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        int32_t day = 0;
        assert_true(hr_date_parse(rows[i].date, &day));
        wf_day_sure_t got = wf_deadline_day_sure(cal, day);
        if (got != rows[i].want)
            fail_msg("%s: %d, want %d", rows[i].date, got, rows[i].want);
    }
    int32_t d = 0;
    assert_true(hr_date_parse("2027-10-04", &d));
    assert_int_equal(wf_deadline_day_sure(NULL, d), WF_DAY_SURE_WORKING);
    assert_int_equal(wf_deadline_day_sure(NULL, d - 1), WF_DAY_SURE_OFF);
    int32_t from = 0, to = 0;
    assert_true(hr_date_parse("2026-12-30", &from));
    assert_true(hr_date_parse("2027-01-04", &to));
    assert_int_equal(wf_deadline_undeclared_year(cal, from, to), 2027);
    assert_int_equal(wf_deadline_undeclared_year(cal, from, from + 1), 0);
    assert_int_equal(wf_deadline_undeclared_year(NULL, from, to), 0);
    hr_calendar_destroy(&cal);
}

static void test_start_after_midnight_utc_plus_8_is_the_next_local_day(void **state)
{
    HR_UNUSED(state);
    hr_calendar_t *cal = wf_fixture_calendar();
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    Hr__Workflow__Period p = HR__WORKFLOW__PERIOD__INIT;
    p.working_days = 2;
    // 2025-03-03T17:00Z is Tuesday 01:00 in Shanghai: Wednesday and Thursday count.
    int64_t start = INT64_C(1741021200000);
    assert_int_equal(wf_deadline_after(&t, start, &p), wf_fixture_end_of("2025-03-06"));
    hr_calendar_destroy(&cal);
}

static void test_empty_period_has_no_deadline(void **state)
{
    HR_UNUSED(state);
    hr_calendar_t *cal = wf_fixture_calendar();
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    Hr__Workflow__Period p = HR__WORKFLOW__PERIOD__INIT;
    assert_int_equal(wf_deadline_after(&t, HR_TEST_T0_MS, &p), 0);
    assert_int_equal(wf_deadline_after(&t, HR_TEST_T0_MS, NULL), 0);
    assert_int_equal(wf_deadline_level2(&t, 0, &p), 0);
    hr_calendar_destroy(&cal);
}

static void test_level2_counts_from_the_day_the_deadline_ended(void **state)
{
    HR_UNUSED(state);
    hr_calendar_t *cal = wf_fixture_calendar();
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    Hr__Workflow__Period one = HR__WORKFLOW__PERIOD__INIT;
    one.working_days = 1;
    // Due at the end of Monday 2025-09-29: level 2 at the end of Tuesday.
    assert_int_equal(wf_deadline_level2(&t, wf_fixture_end_of("2025-09-29"), &one),
                     wf_fixture_end_of("2025-09-30"));
    // Due at the end of Tuesday 2025-09-30: the holiday week passes, end of Oct 9.
    assert_int_equal(wf_deadline_level2(&t, wf_fixture_end_of("2025-09-30"), &one),
                     wf_fixture_end_of("2025-10-09"));
    Hr__Workflow__Period hours = HR__WORKFLOW__PERIOD__INIT;
    hours.hours = 24;
    assert_int_equal(wf_deadline_level2(&t, HR_TEST_T0_MS, &hours), HR_TEST_T0_MS + HR_DAY_MS);
    hr_calendar_destroy(&cal);
}

typedef struct {
    Hr__Workflow__StepState state; // step state
    unsigned sent;                 // escalation level already sent
    int64_t now;                   // now, relative to due (due = 1000, level2 = 2000)
    bool has_level2;               // level2_ms set
    int64_t next_level;            // next_level_ms (after level 2)
    unsigned want;                 // the level that must fire
    int64_t want_next;             // what the due index holds for the step
} s_esc_row_t;

#define ACTIVE HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE
#define DONE HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE
#define PENDING HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING

static const s_esc_row_t s_esc_rows[] = {
    {ACTIVE, 0, 999, true, 0, 0, 1000},     // before the deadline: nothing
    {ACTIVE, 0, 1000, true, 0, 1, 1000},    // at the deadline: level 1
    {ACTIVE, 0, 5000, true, 3000, 1, 1000}, // long after all: level 1 first, never 2 directly
    {ACTIVE, 1, 1500, true, 0, 0, 2000},    // level 1 sent, level 2 not yet due
    {ACTIVE, 1, 2000, true, 0, 2, 2000},    // level 2 due
    {ACTIVE, 1, 9000, false, 0, 0, 0},      // no level 2 in the template
    {ACTIVE, 2, 9000, true, 0, 0, 0},       // level 2 sent at the top of the line: the end
    {ACTIVE, 2, 2999, true, 3000, 0, 3000}, // someone above: level 3 not yet due
    {ACTIVE, 2, 3000, true, 3000, 3, 3000}, // ... and due
    {ACTIVE, 3, 9000, true, 4000, 4, 4000}, // level 3 sent, 4 due: it keeps going up
    {ACTIVE, WF_ESCALATION_MAX, 9000, true, 4000, 0, 0}, // the highest level there can be
    {DONE, 2, 9000, true, 3000, 0, 0},                   // a done step never escalates
    {PENDING, 0, 9000, true, 0, 0, 0},                   // nor a step not reached yet
};

static void test_escalation_fires_each_level_once_in_order(void **state)
{
    HR_UNUSED(state);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_esc_rows); i++) {
        const s_esc_row_t *r = &s_esc_rows[i];
        Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
        st.state = r->state;
        st.escalation_level = r->sent;
        st.due_ms = 1000;
        st.level2_ms = r->has_level2 ? 2000 : 0;
        st.next_level_ms = r->next_level;
        if (wf_escalation_due(&st, r->now) != r->want)
            fail_msg("row %zu: level %u, want %u", i, wf_escalation_due(&st, r->now), r->want);
        if (wf_escalation_next_ms(&st) != r->want_next)
            fail_msg("row %zu: next %lld, want %lld", i, (long long)wf_escalation_next_ms(&st),
                     (long long)r->want_next);
    }
}

// The due-soon reminder: once, before the deadline, never after it (level 1 says more), and
// only as the index's first row; the lead is 24 h or half a shorter period.
static void test_the_due_soon_reminder_fires_once_before_the_deadline(void **state)
{
    HR_UNUSED(state);
    int64_t h = HR_HOUR_MS;
    wf_time_t t = {NULL, HR_TZ_SHANGHAI_MIN};
    int64_t day = hr_ms_of_day(20000, HR_TZ_SHANGHAI_MIN); // a local midnight
    assert_int_equal(wf_deadline_remind(&t, day + 9 * h, day + 81 * h), day + 57 * h); // 24 h
    assert_int_equal(wf_deadline_remind(&t, day + 9 * h, day + 17 * h), day + 13 * h); // half
    assert_int_equal(wf_deadline_remind(&t, day, 0), 0);
    assert_int_equal(wf_deadline_remind(&t, day + 10 * h, day + 10 * h), 0);
    // A working-day deadline ends at midnight: not at 00:00 but at 08:00 of the last day.
    assert_int_equal(wf_deadline_remind(&t, day + 10 * h, day + 72 * h), day + 56 * h);
    // 23:00 moves to 08:00 the next morning, if that is still before the deadline...
    assert_int_equal(wf_deadline_remind(&t, day, day + 47 * h), day + 32 * h);
    // ... and is dropped when it is not.
    assert_int_equal(wf_deadline_remind(&t, day + 22 * h, day + 24 * h + 7 * h), 0);
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.state = ACTIVE;
    st.due_ms = 1000;
    st.level2_ms = 2000;
    st.remind_ms = 500;
    assert_int_equal(wf_escalation_next_ms(&st), 500);
    assert_int_equal(wf_escalation_due(&st, 499), 0);
    assert_int_equal(wf_escalation_due(&st, 500), WF_DUE_SOON);
    assert_int_equal(wf_escalation_due(&st, 1000), 1); // overdue already: level 1, no reminder
    st.reminded = true;
    assert_int_equal(wf_escalation_next_ms(&st), 1000);
    assert_int_equal(wf_escalation_due(&st, 999), 0);
    assert_int_equal(wf_escalation_due(&st, 1000), 1);
    st.reminded = false;
    st.escalation_level = 1; // level 1 went out first (the daemon was down): no reminder after
    assert_int_equal(wf_escalation_next_ms(&st), 2000);
    assert_int_equal(wf_escalation_due(&st, 1500), 0);
}

typedef struct {
    const char *what;       // the row, as a sentence
    const char *start;      // local date the step started
    int start_hh, start_mm; // ... and its local time
    const char *due_end_of; // the deadline: local midnight ending this date
    const char *want;       // local date of the reminder, NULL: none
    int want_hh, want_mm;   // ... and its local time
} s_remind_row_t;

// A deadline on a rest day (a duty dated by statute from an effective date on a Sunday or in a
// holiday week): the next working morning is past it, so the reminder goes on the last working
// morning before it, or at once (out of the night) when none is left - never dropped while the
// deadline is still ahead. 2026-12-06 is a Sunday, 2026-10-01..07 the National Day holiday
// (2026-09-25..27 off too), Saturday 2026-05-09 an adjusted working day.
static const s_remind_row_t s_remind_rows[] = {
    {"certificate due on a Sunday: Friday morning", "2026-12-02", 10, 0, "2026-12-06", "2026-12-04",
     8, 0},
    {"transfer due inside the National Day week: the last working day before it", "2026-09-21", 10,
     0, "2026-10-04", "2026-09-30", 8, 0},
    {"an adjusted working Saturday is a working morning", "2026-04-28", 10, 0, "2026-05-10",
     "2026-05-09", 8, 0},
    {"started on the Friday afternoon: at once", "2026-12-04", 15, 0, "2026-12-06", "2026-12-04",
     15, 0},
    {"started on the Saturday: at once", "2026-12-05", 10, 0, "2026-12-06", "2026-12-05", 10, 0},
    {"started on Saturday night: at 08:00, rest day or not", "2026-12-05", 23, 0, "2026-12-06",
     "2026-12-06", 8, 0},
    {"started too late on Sunday night: none", "2026-12-06", 23, 30, "2026-12-06", NULL, 0, 0},
    {"a working-day deadline keeps 08:00 of its last day", "2026-12-01", 10, 0, "2026-12-03",
     "2026-12-03", 8, 0},
    {"the last day a working day keeps its usual time", "2026-11-30", 10, 0, "2026-12-04",
     "2026-12-04", 8, 0},
};

static void test_a_deadline_on_a_rest_day_is_reminded_before_it(void **state)
{
    HR_UNUSED(state);
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    for (size_t i = 0; i < HR_ARRAY_LEN(s_remind_rows); i++) {
        const s_remind_row_t *r = &s_remind_rows[i];
        int64_t start = wf_fixture_local(r->start, r->start_hh, r->start_mm);
        int64_t due = wf_fixture_end_of(r->due_end_of);
        int64_t want = r->want ? wf_fixture_local(r->want, r->want_hh, r->want_mm) : 0;
        int64_t got = wf_deadline_remind(&t, start, due);
        if (got != want)
            fail_msg("row %zu (%s): %lld, want %lld (%+lld h)", i, r->what, (long long)got,
                     (long long)want, (long long)((got - want) / HR_HOUR_MS));
    }
    // Hours periods across a weekend: 48 h from Friday 20:00 end on Sunday 20:00, and Saturday
    // 20:00 would wait for Monday: at once, Friday evening being still daytime.
    int64_t fri = wf_fixture_local("2026-12-04", 20, 0);
    assert_int_equal(wf_deadline_remind(&t, fri, fri + 48 * HR_HOUR_MS), fri);
    hr_calendar_destroy(&cal);
}

// Nobody is texted at night: a time from 22:00 to 08:00 local moves to the next 08:00, so a
// working-day deadline (local midnight) escalates at 08:00 that morning.
static void test_escalations_wait_for_the_morning(void **state)
{
    HR_UNUSED(state);
    int64_t h = HR_HOUR_MS;
    wf_time_t t = {NULL, HR_TZ_SHANGHAI_MIN};
    int64_t day = hr_ms_of_day(20000, HR_TZ_SHANGHAI_MIN); // a local midnight
    assert_int_equal(wf_deadline_daytime(&t, day), day + 8 * h);
    assert_int_equal(wf_deadline_daytime(&t, day + 8 * h - 1), day + 8 * h);
    assert_int_equal(wf_deadline_daytime(&t, day + 8 * h), day + 8 * h);
    assert_int_equal(wf_deadline_daytime(&t, day + 15 * h), day + 15 * h);
    assert_int_equal(wf_deadline_daytime(&t, day + 22 * h - 1), day + 22 * h - 1);
    assert_int_equal(wf_deadline_daytime(&t, day + 22 * h), day + 32 * h);
    assert_int_equal(wf_deadline_daytime(&t, 0), 0);
    // Between the deadline and the morning the step is overdue but level 1 waits; a reminder
    // whose time passed with the deadline (downtime) is skipped, and the index moves on.
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.state = ACTIVE;
    st.due_ms = 1000;
    st.overdue_ms = 1500;
    st.level2_ms = 2000;
    st.remind_ms = 500;
    assert_int_equal(wf_escalation_due(&st, 1200), WF_REMIND_PASSED);
    st.reminded = true;
    assert_int_equal(wf_escalation_next_ms(&st), 1500);
    assert_int_equal(wf_escalation_due(&st, 1200), 0);
    assert_int_equal(wf_escalation_due(&st, 1500), 1);
    // A step stored before overdue_ms existed fires at its deadline, as it did.
    st.overdue_ms = 0;
    assert_int_equal(wf_escalation_next_ms(&st), 1000);
    assert_int_equal(wf_escalation_due(&st, 1000), 1);
}

// Each level is one period after the one before on the calendar, and a level moved to the
// morning moves the next with it: one working day gives Wed 08:00, Thu 08:00, Fri 08:00 for a
// deadline ending Tuesday (not a day more each level); four hours after a level moved to 08:00
// is 12:00, not the same 08:00.
static void test_each_level_is_one_period_after_the_one_before(void **state)
{
    HR_UNUSED(state);
    int64_t h = HR_HOUR_MS;
    hr_calendar_t *cal = hr_calendar_new(); // Monday to Friday, no holidays
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    int32_t wed = 0;
    assert_true(hr_date_parse("2026-12-02", &wed));
    int64_t due = hr_ms_of_day(wed, HR_TZ_SHANGHAI_MIN); // Tuesday's deadline: midnight
    Hr__Workflow__Period day = HR__WORKFLOW__PERIOD__INIT;
    day.working_days = 1;
    int64_t l1 = wf_deadline_daytime(&t, due);
    assert_int_equal(l1, due + 8 * h);
    int64_t l2 = wf_deadline_next_level(&t, due, &day, 1, l1);
    assert_int_equal(l2, due + 32 * h); // Thursday 08:00
    int64_t l3 = wf_deadline_next_level(&t, due, &day, 2, l2);
    assert_int_equal(l3, due + 56 * h); // Friday 08:00
    int64_t l4 = wf_deadline_next_level(&t, due, &day, 3, l3);
    assert_int_equal(l4, due + (56 + 72) * h); // Friday's ends at midnight: Monday 08:00
    // A deadline on Friday: level 1 on Monday morning, level 2 a working day later - Tuesday,
    // not Thursday (the weekend counted once).
    int64_t fri_due = due + 72 * h; // Saturday 00:00 ends Friday
    int64_t f1 = wf_deadline_daytime(&t, fri_due);
    assert_int_equal(f1, fri_due + 56 * h); // Monday 08:00
    int64_t f2 = wf_deadline_next_level(&t, fri_due, &day, 1, f1);
    assert_int_equal(f2, f1 + 24 * h); // Tuesday 08:00
    assert_int_equal(wf_deadline_next_level(&t, fri_due, &day, 2, f2), f2 + 24 * h);
    Hr__Workflow__Period four = HR__WORKFLOW__PERIOD__INIT;
    four.hours = 4;
    assert_int_equal(wf_deadline_next_level(&t, due, &four, 1, l1), due + 12 * h);
    assert_int_equal(wf_deadline_next_level(&t, due, NULL, 1, l1), 0);
    hr_calendar_destroy(&cal);
}

static void test_step_without_deadline_never_escalates(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.state = ACTIVE;
    assert_int_equal(wf_escalation_due(&st, INT64_MAX), 0);
    assert_int_equal(wf_escalation_next_ms(&st), 0);
}

static void test_level1_goes_to_owner_with_superior_in_copy(void **state)
{
    HR_UNUSED(state);
    const char *chain[2] = {"M1", "M2"};
    wf_recipients_t r;
    wf_escalation_recipients(1, "OWNER", chain, 2, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "OWNER");
    assert_int_equal(r.ncc, 1);
    assert_string_equal(r.cc[0], "M1");
}

static void test_level2_goes_to_superiors_superior_and_hr_head(void **state)
{
    HR_UNUSED(state);
    const char *chain[2] = {"M1", "M2"};
    wf_recipients_t r;
    wf_escalation_recipients(2, "OWNER", chain, 2, "HR", &r);
    assert_int_equal(r.nto, 2);
    assert_string_equal(r.to[0], "M2");
    assert_string_equal(r.to[1], "HR");
    assert_int_equal(r.ncc, 2);
    assert_string_equal(r.cc[0], "OWNER");
    assert_string_equal(r.cc[1], "M1");
}

static void test_recipients_skip_missing_and_repeated_people(void **state)
{
    HR_UNUSED(state);
    // The owner is at the top: no superior; the HR head is also the superior's superior.
    const char *top[1] = {NULL};
    wf_recipients_t r;
    wf_escalation_recipients(1, "CEO", top, 0, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_int_equal(r.ncc, 1); // someone above in copy: the HR head
    assert_string_equal(r.cc[0], "HR");
    wf_escalation_recipients(2, "CEO", top, 0, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "HR");
    const char *chain[2] = {"M1", "HR"};
    wf_escalation_recipients(2, "OWNER", chain, 2, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "HR");
    // HR owns the step and is its own head: level 1 goes to HR without copying HR twice.
    const char *hr_chain[2] = {"HR", "CEO"};
    wf_escalation_recipients(1, "HR", hr_chain, 2, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_int_equal(r.ncc, 0);
}

// A step the HR head owns (hr_review): the HR head E0002 reports to the general manager E0001.
// Each level above 1 addresses someone above the owner - never the late owner again - and the
// ladder ends at the top of the line (review 2026-11-29: level 2 went to E0002 themselves, level 3
// to nobody). An owner at the top still reaches someone: the HR head.
static void test_the_hr_heads_own_step_climbs_their_line(void **state)
{
    HR_UNUSED(state);
    const char *chain[1] = {"E0001"};
    wf_recipients_t r;
    wf_escalation_recipients(1, "E0002", chain, 1, "E0002", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "E0002");
    assert_int_equal(r.ncc, 1);
    assert_string_equal(r.cc[0], "E0001");
    wf_escalation_recipients(2, "E0002", chain, 1, "E0002", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "E0001");
    assert_int_equal(r.ncc, 1);
    assert_string_equal(r.cc[0], "E0002");
    for (unsigned lv = 3; lv <= WF_ESCALATION_MAX; lv++) { // the top was told: the ladder ends
        wf_escalation_recipients(lv, "E0002", chain, 1, "E0002", &r);
        assert_int_equal(r.nto, 0);
    }
    // Anyone else on a line one long: level 2 addresses its top and the HR head.
    wf_escalation_recipients(2, "E0100", chain, 1, "E0002", &r);
    assert_int_equal(r.nto, 2);
    assert_string_equal(r.to[0], "E0001");
    assert_string_equal(r.to[1], "E0002");
    assert_int_equal(r.ncc, 1);
    assert_string_equal(r.cc[0], "E0100");
    // The general manager's own step (no superior): the HR head in copy, then in to.
    wf_escalation_recipients(1, "E0001", NULL, 0, "E0002", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "E0001");
    assert_int_equal(r.ncc, 1);
    assert_string_equal(r.cc[0], "E0002");
    wf_escalation_recipients(2, "E0001", NULL, 0, "E0002", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "E0002");
    wf_escalation_recipients(3, "E0001", NULL, 0, "E0002", &r);
    assert_int_equal(r.nto, 0);
    // An HR head at the top owning a step: nobody is above; level 2 addresses nobody (never them).
    wf_escalation_recipients(2, "E0002", NULL, 0, "E0002", &r);
    assert_int_equal(r.nto, 0);
    assert_int_equal(r.ncc, 0);
}

// Above level 2 each level goes one manager further up, with the owner, the line below and
// the HR head in copy, as long as the line has someone that high.
static void test_levels_above_2_keep_going_up_the_line(void **state)
{
    HR_UNUSED(state);
    const char *chain[4] = {"M1", "M2", "M3", "M4"};
    wf_recipients_t r;
    wf_escalation_recipients(3, "OWNER", chain, 4, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "M3");
    assert_int_equal(r.ncc, 4);
    assert_string_equal(r.cc[0], "OWNER");
    assert_string_equal(r.cc[1], "M1");
    assert_string_equal(r.cc[2], "M2");
    assert_string_equal(r.cc[3], "HR");
    wf_escalation_recipients(4, "OWNER", chain, 4, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "M4");
    assert_int_equal(r.ncc, 5);
    // Nobody that high: nobody is told (the level waits: wf_effects_escalate).
    wf_escalation_recipients(5, "OWNER", chain, 4, "HR", &r);
    assert_int_equal(r.nto, 0);
    // The HR head on the line is told once, in to when it is their level.
    const char *hr_line[3] = {"M1", "M2", "HR"};
    wf_escalation_recipients(3, "OWNER", hr_line, 3, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "HR");
    assert_int_equal(r.ncc, 3);
    // The longest line the ladder follows fits the recipient lists.
    const char *longest[WF_CHAIN_MAX];
    char names[WF_CHAIN_MAX][8];
    for (int i = 0; i < WF_CHAIN_MAX; i++) {
        snprintf(names[i], sizeof names[i], "M%d", i + 1);
        longest[i] = names[i];
    }
    wf_escalation_recipients(WF_ESCALATION_MAX, "OWNER", longest, WF_CHAIN_MAX, "HR", &r);
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], names[WF_CHAIN_MAX - 1]);
    assert_int_equal(r.ncc, WF_CHAIN_MAX + 1);
}

// escalation/contact: past the top of the line and the HR head, the first level with nobody goes
// to the contact, with the owner, the line and the HR head in copy; the level after it addresses
// nobody again (once), and a contact the level below addressed is not told twice in a row.
static void test_the_escalation_contact_is_reached_once_past_the_top(void **state)
{
    HR_UNUSED(state);
    wf_recipients_t r;
    // The HR head at the top owns the step: level 2 has nobody above - the contact.
    assert_false(wf_escalation_recipients_end(1, "E0002", NULL, 0, "E0002", "E0900", &r));
    assert_string_equal(r.to[0], "E0002"); // level 1 unchanged: the owner
    assert_true(wf_escalation_recipients_end(2, "E0002", NULL, 0, "E0002", "E0900", &r));
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "E0900");
    assert_int_equal(r.ncc, 1);
    assert_string_equal(r.cc[0], "E0002");
    for (unsigned lv = 3; lv <= WF_ESCALATION_MAX; lv++) {
        assert_false(wf_escalation_recipients_end(lv, "E0002", NULL, 0, "E0002", "E0900", &r));
        assert_int_equal(r.nto, 0);
    }
    // Without a contact: as today, nobody.
    assert_false(wf_escalation_recipients_end(2, "E0002", NULL, 0, "E0002", "", &r));
    assert_int_equal(r.nto, 0);
    assert_false(wf_escalation_recipients_end(2, "E0002", NULL, 0, "E0002", NULL, &r));
    assert_int_equal(r.nto, 0);
    // The top person's step: level 2 the HR head, level 3 the contact, with both in copy.
    assert_false(wf_escalation_recipients_end(2, "E0001", NULL, 0, "E0002", "E0900", &r));
    assert_string_equal(r.to[0], "E0002");
    assert_true(wf_escalation_recipients_end(3, "E0001", NULL, 0, "E0002", "E0900", &r));
    assert_int_equal(r.nto, 1);
    assert_string_equal(r.to[0], "E0900");
    assert_int_equal(r.ncc, 2);
    assert_string_equal(r.cc[0], "E0001");
    assert_string_equal(r.cc[1], "E0002");
    assert_false(wf_escalation_recipients_end(4, "E0001", NULL, 0, "E0002", "E0900", &r));
    assert_int_equal(r.nto, 0);
    // A line: the contact after its top, everyone below in copy.
    const char *chain[2] = {"M1", "M2"};
    assert_true(wf_escalation_recipients_end(3, "OWNER", chain, 2, "HR", "E0900", &r));
    assert_string_equal(r.to[0], "E0900");
    assert_int_equal(r.ncc, 4);
    assert_string_equal(r.cc[0], "OWNER");
    assert_string_equal(r.cc[1], "M1");
    assert_string_equal(r.cc[2], "M2");
    assert_string_equal(r.cc[3], "HR");
    // Never twice in a row: a contact who is the top of the line (told at level 2), or the HR
    // head, is not told again at the next level; never the owner.
    assert_false(wf_escalation_recipients_end(3, "OWNER", chain, 2, "HR", "M2", &r));
    assert_int_equal(r.nto, 0);
    assert_false(wf_escalation_recipients_end(2, "E0001", NULL, 0, "E0002", "E0002", &r));
    assert_string_equal(r.to[0], "E0002"); // the HR head at level 2 as always
    assert_false(wf_escalation_recipients_end(3, "E0001", NULL, 0, "E0002", "E0002", &r));
    assert_int_equal(r.nto, 0);
    assert_false(wf_escalation_recipients_end(2, "E0002", NULL, 0, "E0002", "E0002", &r));
    assert_int_equal(r.nto, 0);
}

// The employee is heard before the notice: an interview on or after the notice day the review
// planned is warned of (zh first), and the Art. 40 warning names the thirty days from service;
// before it, after the outcome, with no plan, or on an agreement, nothing is said.
static void test_an_interview_on_or_after_the_notice_day_is_warned_of(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    as.notice_date = "2026-12-08";
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.ground = "A40_3";
    c.assessment = &as;
    int32_t before = 0, on = 0, after = 0;
    assert_true(hr_date_parse("2026-12-07", &before));
    assert_true(hr_date_parse("2026-12-08", &on));
    assert_true(hr_date_parse("2026-12-09", &after));
    wf_problem_t p = {0};
    assert_false(wf_deadline_interview_after_notice(&c, before, "2026-12-07", arena, &p));
    assert_true(wf_deadline_interview_after_notice(&c, on, "2026-12-08", arena, &p));
    assert_string_equal(p.code, "INTERVIEW_NOT_BEFORE_NOTICE");
    assert_non_null(strstr(p.message_zh, "面谈定在 2026-12-08，与审核时计划的通知日是同一天"));
    assert_non_null(strstr(p.message_zh, "第四十条"));
    assert_non_null(strstr(p.message_en, "serve it only after the employee was heard"));
    assert_non_null(strstr(p.message_en, "thirty days counted from the day it is served"));
    assert_true(wf_deadline_interview_after_notice(&c, after, "2026-12-09", arena, &p));
    assert_non_null(strstr(p.message_zh, "晚于审核时计划的通知日 2026-12-08：按此计划，通知将在听"
                                         "取员工陈述之前送达"));
    assert_non_null(strstr(p.message_en, "would be served before the employee was heard"));
    c.ground = "A39_2"; // no notice period, the hearing all the same
    assert_true(wf_deadline_interview_after_notice(&c, after, "2026-12-09", arena, &p));
    assert_null(strstr(p.message_en, "thirty days"));
    c.ground = "A36_EMPLOYER"; // an agreement serves no notice
    assert_false(wf_deadline_interview_after_notice(&c, after, "2026-12-09", arena, &p));
    c.ground = "A40_3";
    as.notice_date = ""; // no plan yet
    assert_false(wf_deadline_interview_after_notice(&c, after, "2026-12-09", arena, &p));
    as.notice_date = "2026-12-08";
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    c.outcome = &o; // served: the outcome's day is checked against the interview there
    assert_false(wf_deadline_interview_after_notice(&c, after, "2026-12-09", arena, &p));
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_working_day_deadlines_follow_the_company_calendar),
        cmocka_unit_test(test_an_interview_on_a_rest_day_is_warned_of),
        cmocka_unit_test(test_an_interview_on_or_after_the_notice_day_is_warned_of),
        cmocka_unit_test(test_an_interview_in_an_undeclared_year_is_warned_of),
        cmocka_unit_test(test_a_day_of_an_undeclared_year_is_sure_only_far_from_its_holidays),
        cmocka_unit_test(test_start_after_midnight_utc_plus_8_is_the_next_local_day),
        cmocka_unit_test(test_empty_period_has_no_deadline),
        cmocka_unit_test(test_level2_counts_from_the_day_the_deadline_ended),
        cmocka_unit_test(test_escalation_fires_each_level_once_in_order),
        cmocka_unit_test(test_the_due_soon_reminder_fires_once_before_the_deadline),
        cmocka_unit_test(test_a_deadline_on_a_rest_day_is_reminded_before_it),
        cmocka_unit_test(test_escalations_wait_for_the_morning),
        cmocka_unit_test(test_each_level_is_one_period_after_the_one_before),
        cmocka_unit_test(test_step_without_deadline_never_escalates),
        cmocka_unit_test(test_level1_goes_to_owner_with_superior_in_copy),
        cmocka_unit_test(test_level2_goes_to_superiors_superior_and_hr_head),
        cmocka_unit_test(test_recipients_skip_missing_and_repeated_people),
        cmocka_unit_test(test_levels_above_2_keep_going_up_the_line),
        cmocka_unit_test(test_the_escalation_contact_is_reached_once_past_the_top),
        cmocka_unit_test(test_the_hr_heads_own_step_climbs_their_line),
    };
    return cmocka_run_group_tests_name("unit.workflow.deadline", tests, NULL, NULL);
}
