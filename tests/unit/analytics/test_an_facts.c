/*  unit.analytics.facts - the attendance rules day by day: late (grace 0, minutes, > 60),
 *  early leave, missing punch, absence, leave, rest days, holidays and adjusted working days,
 *  duplicates, night shifts across midnight; KPI attainment, medians, sentences.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "an.h"
#include "hr_test.h"

typedef struct {
    hr_calendar_t *cal;
    an_shift_t shift;   // every day
    an_shift_t night;   // from night_from on
    int32_t night_from; // INT32_MAX: never
    int32_t leave_day;  // approved leave on this day
    an_fpunch_t p[64];
    size_t np;
} s_ctx_t;

static bool s_working(void *arg, int32_t day)
{
    s_ctx_t *c = arg;
    return hr_calendar_is_working(c->cal, day);
}

static an_shift_t s_shift(void *arg, int32_t day)
{
    s_ctx_t *c = arg;
    return day >= c->night_from ? c->night : c->shift;
}

static bool s_leave(void *arg, int32_t day)
{
    s_ctx_t *c = arg;
    return day == c->leave_day;
}

static int32_t D(int m, int d)
{
    return hr_date_from_ymd(2025, m, d);
}

static void s_punch(s_ctx_t *c, int32_t day, int h, int m, int s)
{
    assert_true(c->np < 64);
    an_fpunch_t *p = &c->p[c->np++];
    p->day = day;
    p->sec = h * 3600 + m * 60 + s;
    p->file_no = 1;
    p->line = (uint32_t)c->np + 1;
    p->offset = 0;
    p->state = AN_STATE_NONE;
    p->flags = 0;
}

// The last punch added gets these rule flags (AN_PUNCH_*).
static void s_flag(s_ctx_t *c, uint8_t flags)
{
    c->p[c->np - 1].flags = flags;
}

static s_ctx_t *s_new(void)
{
    s_ctx_t *c = hr_alloc(sizeof *c);
    // 2025-04-04 (Friday) Qingming holiday; 2025-04-27 (Sunday) adjusted working day.
    const char *cal = "year 2025\n2025-04-04 holiday\n2025-04-27 workday\n";
    char *err = NULL;
    c->cal = hr_calendar_parse(cal, strlen(cal), "test", &err);
    assert_non_null(c->cal);
    c->shift = (an_shift_t){9 * 60, 18 * 60};
    c->night_from = INT32_MAX;
    c->leave_day = INT32_MIN;
    return c;
}

static void s_free(s_ctx_t *c)
{
    hr_calendar_destroy(&c->cal);
    hr_free(c);
}

// The input every case here starts from: c's punches, weekdays working, 09:00-18:00, c's leave.
static an_att_input_t s_input(s_ctx_t *c, int32_t from, int32_t to)
{
    return (an_att_input_t){.from = from,
                            .to = to,
                            .is_working = s_working,
                            .shift = s_shift,
                            .on_leave = s_leave,
                            .arg = c,
                            .punches = c->p,
                            .npunches = c->np};
}

static void s_run(s_ctx_t *c, int32_t from, int32_t to, an_day_result_t *days, an_att_totals_t *tot)
{
    an_att_input_t in = s_input(c, from, to);
    an_rules_t rules = an_rules_default();
    an_att_evaluate(&in, &rules, days, tot);
}

static void test_late_counts_from_the_first_second_and_over_60_separately(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 9, 0, 0); // on time exactly: not late
    s_punch(c, D(3, 3), 18, 0, 0);
    s_punch(c, D(3, 4), 9, 0, 1); // one second late: 1 minute
    s_punch(c, D(3, 4), 18, 5, 0);
    s_punch(c, D(3, 5), 10, 0, 0); // exactly 60 minutes: late, not over 60
    s_punch(c, D(3, 5), 18, 0, 0);
    s_punch(c, D(3, 6), 10, 0, 1); // 61 minutes (rounded up)
    s_punch(c, D(3, 6), 8, 0, 0);  // ... but an earlier punch is the arrival: on time
    s_punch(c, D(3, 7), 10, 30, 0);
    s_punch(c, D(3, 7), 19, 0, 0);
    // sort by time as the store does
    an_fpunch_t t = c->p[6];
    c->p[6] = c->p[7];
    c->p[7] = t;
    an_day_result_t days[5];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 7), days, &tot);
    assert_int_equal(tot.working_days, 5);
    assert_int_equal(days[0].late_min, 0);
    assert_int_equal(days[1].late_min, 1);
    assert_int_equal(days[2].late_min, 60);
    assert_int_equal(days[3].late_min, 0);
    assert_int_equal(days[4].late_min, 90);
    assert_int_equal(tot.late_arrivals, 3);
    assert_int_equal(tot.late_minutes, 151);
    assert_int_equal(tot.late_over_60, 1);
    assert_int_equal(tot.early_leaves, 1); // 3-6: the last punch (10:00) is the departure
    assert_int_equal(days[3].early_min, 480);
    assert_int_equal(tot.absences, 0);
    s_free(c);
}

static void test_early_missing_absence_leave_and_duplicates(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 8, 50, 0);
    s_punch(c, D(3, 3), 17, 59, 0); // early by 1 minute
    s_punch(c, D(3, 4), 8, 50, 0);  // one punch, twice: a missing punch, not early
    s_punch(c, D(3, 4), 8, 50, 0);
    // 3-5: nothing -> absence; 3-6: nothing but on leave; 3-7: nothing -> absence
    c->leave_day = D(3, 6);
    an_day_result_t days[5];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 7), days, &tot);
    assert_int_equal(tot.early_leaves, 1);
    assert_int_equal(days[0].early_min, 1);
    assert_int_equal(tot.missing_punches, 1);
    assert_int_equal(days[1].kind, AN_DAY_MISSING);
    assert_int_equal(days[1].npunch, 1);
    assert_int_equal(tot.absences, 2);
    assert_int_equal(days[3].kind, AN_DAY_LEAVE);
    assert_int_equal(tot.leave_days, 1);
    s_free(c);
}

// A day's only punch may be the check-out as well as the check-in: it makes the day a missing
// punch and nothing else - no lateness, no early leave.
static void test_a_single_punch_is_a_missing_punch_and_never_late_or_early(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 18, 2, 0);  // Monday: only the check-out
    s_punch(c, D(3, 4), 10, 30, 0); // Tuesday: only a late check-in
    s_punch(c, D(3, 5), 12, 0, 0);  // Wednesday: one punch at noon
    an_day_result_t days[3];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 5), days, &tot);
    assert_int_equal(tot.missing_punches, 3);
    assert_int_equal(tot.late_arrivals, 0);
    assert_int_equal(tot.late_minutes, 0);
    assert_int_equal(tot.late_over_60, 0);
    assert_int_equal(tot.early_leaves, 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(days[i].kind, AN_DAY_MISSING);
        assert_int_equal(days[i].late_min, 0);
        assert_int_equal(days[i].early_min, 0);
        assert_int_equal(days[i].arrival_ix, i); // the punch is still named, as the source
    }
    s_free(c);
}

static void test_rest_days_holidays_and_adjusted_working_days(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    // Friday 2025-04-04 is a holiday: a late punch there counts for nothing.
    s_punch(c, D(4, 4), 11, 0, 0);
    // Saturday 2025-04-05: rest day with one punch: not a missing punch.
    s_punch(c, D(4, 5), 11, 0, 0);
    // Sunday 2025-04-27 is an adjusted working day: no punch is an absence.
    an_day_result_t days[24];
    an_att_totals_t tot;
    s_run(c, D(4, 4), D(4, 27), days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_REST);
    assert_int_equal(days[1].kind, AN_DAY_REST);
    assert_int_equal(days[23].kind, AN_DAY_ABSENT);
    assert_int_equal(tot.late_arrivals, 0);
    assert_int_equal(tot.missing_punches, 0);
    // 04-07..04-25: 15 weekdays, plus 04-27: 16 working days, all absent
    assert_int_equal(tot.working_days, 16);
    assert_int_equal(tot.absences, 16);
    s_free(c);
}

static void test_night_shift_punches_after_midnight_belong_to_the_shift_day(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    c->night = (an_shift_t){22 * 60, 6 * 60};
    c->night_from = D(3, 3);
    s_punch(c, D(3, 3), 22, 10, 0); // Monday's shift: 10 minutes late
    s_punch(c, D(3, 4), 5, 30, 0);  // ... ends Tuesday 05:30: 30 minutes early
    s_punch(c, D(3, 4), 21, 55, 0); // Tuesday's shift: on time
    s_punch(c, D(3, 5), 6, 5, 0);   // ends Wednesday 06:05
    an_day_result_t days[2];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 4), days, &tot);
    assert_int_equal(days[0].npunch, 2);
    assert_int_equal(days[0].late_min, 10);
    assert_int_equal(days[0].early_min, 30);
    assert_int_equal(days[1].npunch, 2);
    assert_int_equal(days[1].late_min, 0);
    assert_int_equal(days[1].early_min, 0);
    assert_int_equal(tot.missing_punches, 0);
    // The window: half the 16-hour gap on either side.
    int32_t lo, hi;
    an_shift_window(c->night, &lo, &hi);
    assert_int_equal(lo, 14 * 3600);
    assert_int_equal(hi, (24 + 14) * 3600);
    s_free(c);
}

// Overtime past midnight on a day shift: the 00:30 check-out is Monday's departure, so
// Tuesday's arrival is its 10:30 punch (late) and Monday is no missing punch.
static void test_a_day_shift_check_out_after_midnight_belongs_to_the_day_before(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 9, 0, 0);
    s_punch(c, D(3, 4), 0, 30, 0); // Monday's overtime ends
    s_punch(c, D(3, 4), 10, 30, 0);
    s_punch(c, D(3, 4), 18, 0, 0);
    an_day_result_t days[2];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 4), days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_PRESENT);
    assert_int_equal(days[0].npunch, 2);
    assert_int_equal(days[0].departure_ix, 1);
    assert_int_equal(days[0].early_min, 0);
    assert_int_equal(days[1].kind, AN_DAY_PRESENT);
    assert_int_equal(days[1].arrival_ix, 2);
    assert_int_equal(days[1].late_min, 90);
    assert_int_equal(tot.missing_punches, 0);
    assert_int_equal(tot.late_arrivals, 1);
    int32_t lo, hi;
    an_shift_window(c->shift, &lo, &hi); // 09:00-18:00: half the 15-hour gap either side
    assert_int_equal(lo, 1 * 3600 + 30 * 60);
    assert_int_equal(hi, (24 + 1) * 3600 + 30 * 60);
    s_free(c);
}

static void test_the_previous_nights_punches_are_not_taken_again(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    c->night = (an_shift_t){22 * 60, 6 * 60};
    c->night_from = D(3, 2);      // Sunday night shift before the window (a rest day)
    s_punch(c, D(3, 3), 5, 0, 0); // belongs to Sunday's window, not Monday's
    s_punch(c, D(3, 3), 22, 0, 0);
    s_punch(c, D(3, 4), 6, 0, 0);
    an_day_result_t days[1];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 3), days, &tot);
    assert_int_equal(days[0].npunch, 2);
    assert_int_equal(days[0].late_min, 0);
    s_free(c);
}

static void test_kpi_attainment_medians_and_sentences(void **state)
{
    HR_UNUSED(state);
    assert_true(an_kpi_attainment(10, 4, false) == 40);
    assert_true(an_kpi_attainment(2, 4, true) == 50);
    double v[] = {3, 1, 2, 10};
    assert_true(an_median(v, 4) == 2.5);
    double w[] = {5};
    assert_true(an_median(w, 1) == 5);
    assert_true(an_median(NULL, 0) == 0);
    hr_arena_t *arena = hr_arena_new(0);
    an_fact_words_t words = {.code = "late_over_60",
                             .value = 3,
                             .from = "2025-03-01",
                             .to = "2025-03-14",
                             .has_comparison = true,
                             .team_median = 0,
                             .team_size = 8,
                             .team = "Sales"};
    char *zh = NULL, *en = NULL;
    an_fact_sentences(&words, arena, &zh, &en);
    assert_non_null(strstr(zh, "迟到超过60分钟3次"));
    assert_non_null(strstr(en, "more than 60 minutes late 3 times"));
    assert_non_null(strstr(en, "team median (Sales, 8 colleagues, the person not included) is 0"));
    hr_arena_destroy(&arena);
}

// ZKTeco break-out/in (2/3) and WeCom field trips are neither arrival nor departure: 08:55 then
// breaks at 12:01 and 12:58 is a missing punch, not "departure 12:58, 302 min early"; a day of
// a field trip only is a missing punch, never an absence; a field trip between a check-in and
// a check-out changes nothing.
static void test_break_and_field_trip_punches_are_neither_arrival_nor_departure(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(an_punch_flags("zkteco", 2), AN_PUNCH_NEUTRAL);
    assert_int_equal(an_punch_flags("adms", 3), AN_PUNCH_NEUTRAL);
    assert_int_equal(an_punch_flags("generic", 2), AN_PUNCH_NEUTRAL);
    assert_int_equal(an_punch_flags("zkteco", 1), 0);
    assert_int_equal(an_punch_flags("zkteco", AN_STATE_NONE), 0);
    assert_int_equal(an_punch_flags("wecom", AN_STATE_FIELD), AN_PUNCH_NEUTRAL);
    assert_int_equal(an_punch_flags("wecom", AN_STATE_OUT), 0);
    assert_int_equal(an_punch_flags("dingtalk", AN_STATE_OUT | AN_STATE_PREV_DAY),
                     AN_PUNCH_PREV_DAY);
    assert_int_equal(an_punch_flags("dingtalk", 2), 0); // DingTalk has no break states
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 8, 55, 0);
    s_punch(c, D(3, 3), 12, 1, 0);
    s_flag(c, AN_PUNCH_NEUTRAL);
    s_punch(c, D(3, 3), 12, 58, 0);
    s_flag(c, AN_PUNCH_NEUTRAL);
    s_punch(c, D(3, 4), 10, 30, 0); // a field trip, nothing else
    s_flag(c, AN_PUNCH_NEUTRAL);
    s_punch(c, D(3, 5), 8, 50, 0);
    s_punch(c, D(3, 5), 10, 30, 0);
    s_flag(c, AN_PUNCH_NEUTRAL);
    s_punch(c, D(3, 5), 18, 10, 0);
    s_punch(c, D(3, 6), 9, 20, 0);
    s_punch(c, D(3, 6), 16, 0, 0); // a field trip as the last punch: not the departure
    s_flag(c, AN_PUNCH_NEUTRAL);
    an_day_result_t days[4];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 6), days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_MISSING);
    assert_int_equal(days[0].nneutral, 2);
    assert_int_equal(days[1].kind, AN_DAY_MISSING); // not absent
    assert_int_equal(days[1].arrival_ix, 3);
    assert_int_equal(days[2].kind, AN_DAY_PRESENT);
    assert_int_equal(days[2].early_min, 0);
    assert_int_equal(days[3].kind, AN_DAY_MISSING);
    assert_int_equal(tot.missing_punches, 3);
    assert_int_equal(tot.early_leaves, 0);
    assert_int_equal(tot.late_arrivals, 0); // 09:20 of a missing-punch day is not late
    assert_int_equal(tot.absences, 0);
    s_free(c);
}

// Overtime to 02:10 after an 08:58 check-in: the 02:10 punch is Monday's departure, and
// Tuesday's arrival is 09:45 (45 min late) - not a missing punch on Monday and Tuesday on
// time. Only while the next day has a punch of its own (Thursday's lone 02:00 stays
// Thursday's), and only up to three hours before the next start (a 06:30 punch is the next
// day's). A punch DingTalk dates to the day before (workDate) is that day's wherever it is.
static void test_overtime_past_midnight_closes_an_open_check_in(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 8, 58, 0);
    s_punch(c, D(3, 4), 2, 10, 0);
    s_punch(c, D(3, 4), 9, 45, 0);
    s_punch(c, D(3, 4), 18, 5, 0);
    s_punch(c, D(3, 5), 9, 0, 0);
    s_punch(c, D(3, 6), 2, 0, 0);
    s_punch(c, D(3, 10), 9, 0, 0);
    s_punch(c, D(3, 11), 6, 30, 0);
    s_punch(c, D(3, 11), 18, 0, 0);
    s_punch(c, D(3, 12), 9, 0, 0);
    s_punch(c, D(3, 13), 7, 30, 0); // DingTalk: the OffDuty of 3-12
    s_flag(c, AN_PUNCH_PREV_DAY);
    s_punch(c, D(3, 13), 9, 10, 0);
    s_punch(c, D(3, 13), 18, 0, 0);
    an_day_result_t days[11];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 13), days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_PRESENT);
    assert_int_equal(days[0].departure_ix, 1);
    assert_int_equal(days[0].early_min, 0);
    assert_int_equal(days[1].kind, AN_DAY_PRESENT);
    assert_int_equal(days[1].late_min, 45);
    assert_int_equal(days[2].kind, AN_DAY_MISSING); // 3-5: 09:00, the 02:00 is 3-6's own
    assert_int_equal(days[3].kind, AN_DAY_MISSING);
    assert_int_equal(days[7].kind, AN_DAY_MISSING); // 3-10: 06:30 is 3-11's arrival
    assert_int_equal(days[8].kind, AN_DAY_PRESENT); // 3-11: 06:30 to 18:00
    assert_int_equal(days[9].kind, AN_DAY_PRESENT); // 3-12: 09:00 to 07:30 the next day
    assert_int_equal(days[9].departure_ix, 10);
    assert_int_equal(days[10].kind, AN_DAY_PRESENT); // 3-13: 09:10 (10 min late) to 18:00
    assert_int_equal(days[10].late_min, 10);
    assert_int_equal(tot.missing_punches, 3);
    s_free(c);
}

// Leave for part of a day (README "Leave and schedules"): 3-3 and 3-4 a morning off (09:00-13:30,
// never late), 3-5 an afternoon off, 3-6 09:00-12:00 off, 3-7 nothing.
static bool s_part(void *arg, int32_t day, an_shift_t shift, an_leave_part_t *out)
{
    HR_UNUSED(arg);
    HR_UNUSED(shift);
    memset(out, 0, sizeof *out);
    int64_t base = (int64_t)day * 86400;
    if (day == D(3, 3) || day == D(3, 4)) {
        an_leave_add(out, base + 9 * 3600, base + 13 * 3600 + 1800);
        out->no_late = true;
    } else if (day == D(3, 5)) {
        an_leave_add(out, base + 13 * 3600 + 1800, base + 18 * 3600);
        out->no_early = true;
    } else if (day == D(3, 6)) {
        an_leave_add(out, base + 9 * 3600, base + 12 * 3600);
    } else {
        return false;
    }
    return true;
}

static an_vslot_t s_vslot(int32_t day, uint8_t check, int sched_h, int punch_h, int punch_m,
                          an_vendor_verdict_t verdict, const char *result)
{
    an_vslot_t v = {.day = day,
                    .check = check,
                    .has_sched = true,
                    .sched_at = (int64_t)day * 86400 + sched_h * 3600,
                    .punched = punch_h >= 0,
                    .punch_at = (int64_t)day * 86400 + punch_h * 3600 + punch_m * 60,
                    .verdict = verdict,
                    .approval = "",
                    .result = result,
                    .format = "dingtalk",
                    .file_no = 1,
                    .record = (uint32_t)check + 1};
    return v;
}

// With the vendor's 09:00-18:00: on 3-3 a morning off and 13:05 (DingTalk: Normal) to 18:02 is
// neither late nor absent nor excused; on 3-4 the same morning off and no punch (both slots
// NotSigned, no approval) is half a day of absence, not a whole one, and no lateness; so is an
// afternoon off on 3-5; 6 of 9 hours on 3-6; 3-7 without leave is a whole day.
static void test_part_day_leave_without_a_punch_is_absent_for_the_rest_only(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 13, 5, 0);
    s_punch(c, D(3, 3), 18, 2, 0);
    an_vslot_t slots[] = {
        s_vslot(D(3, 3), AN_STATE_IN, 9, 13, 5, AN_VENDOR_NORMAL, "Normal"),
        s_vslot(D(3, 3), AN_STATE_OUT, 18, 18, 2, AN_VENDOR_NORMAL, "Normal"),
        s_vslot(D(3, 4), AN_STATE_IN, 9, -1, 0, AN_VENDOR_NOT_SIGNED, "NotSigned"),
        s_vslot(D(3, 4), AN_STATE_OUT, 18, -1, 0, AN_VENDOR_NOT_SIGNED, "NotSigned"),
    };
    an_att_input_t in = s_input(c, D(3, 3), D(3, 7));
    in.on_leave = NULL;
    in.leave_part = s_part;
    in.slots = slots;
    in.nslots = HR_ARRAY_LEN(slots);
    an_rules_t rules = an_rules_default();
    an_day_result_t days[5];
    an_att_totals_t tot;
    an_att_evaluate(&in, &rules, days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_PRESENT);
    assert_int_equal(days[0].late_min, 0);
    assert_int_equal(days[0].late_excuse, AN_EXCUSE_NONE);
    assert_false(days[0].vendor_late_only);
    assert_int_equal(days[0].early_min, 0);
    assert_true(days[0].absent_share == 0);
    for (int i = 1; i <= 4; i++)
        assert_int_equal(days[i].kind, AN_DAY_ABSENT);
    assert_true(days[1].absent_share == 0.5); // was a whole day
    assert_true(days[2].absent_share == 0.5);
    assert_true(fabs(days[3].absent_share - 6.0 / 9) < 1e-9);
    assert_true(days[4].absent_share == 1);
    assert_int_equal(tot.absences, 1); // whole days only
    assert_int_equal(tot.absent_part_days, 3);
    assert_true(fabs(tot.absent_part - (0.5 + 0.5 + 6.0 / 9)) < 1e-9);
    assert_true(fabs(an_att_absences(&tot) - 2.6) < 1e-9); // 2.67 rounded down, never up
    assert_int_equal(tot.late_arrivals, 0);
    assert_int_equal(tot.late_excused, 0);
    assert_int_equal(tot.vendor_late, 0);
    assert_int_equal(tot.missing_punches, 0);
    assert_true(fabs(tot.leave_part - (0.5 + 0.5 + 0.5 + 3.0 / 9)) < 1e-9);
    an_att_totals_t t = {.absent_part = 1 - 0.3}; // 0.7 as 0.6999...: still 0.7
    assert_true(fabs(an_att_absences(&t) - 0.7) < 1e-9);

    // The sentences: the part days said apart, with their part of the figure.
    hr_arena_t *arena = hr_arena_new(0);
    an_fact_words_t w = {.code = "absences",
                         .value = 2.6,
                         .from = "2025-03-03",
                         .to = "2025-03-07",
                         .part_days = 3,
                         .part_value = 1.6};
    char *zh = NULL, *en = NULL;
    an_fact_sentences(&w, arena, &zh, &en);
    assert_string_equal(zh, "2025-03-03至2025-03-07期间，缺勤合计2.6个工作日（无打卡且无批准假期的"
                            "时间）：其中1个工作日全天无打卡且无批准的假期；3个工作日无打卡但部分"
                            "时间为批准的假期，只计未请假的部分（1.6个工作日；当日其余时间为批准"
                            "的假期，见来源）。");
    assert_string_equal(en, "From 2025-03-03 to 2025-03-07, absent 2.6 working days in all (no "
                            "punch, not on approved leave): 1 working day had no punch and no "
                            "approved leave; 3 working days had no punch but approved leave for "
                            "part of the shift: only the part not on leave is counted (1.6 working "
                            "days; the rest of each of those days was on approved leave, see "
                            "sources).");
    w.value = 2;
    w.part_days = 0;
    w.part_value = 0;
    an_fact_sentences(&w, arena, &zh, &en); // whole days only: as it always read
    assert_string_equal(zh,
                        "2025-03-03至2025-03-07期间，有2个工作日无打卡且无批准的假期（缺勤）。");
    hr_arena_destroy(&arena);
    s_free(c);
}

// The last punch added gets this device state (AN_STATE_*).
static void s_state(s_ctx_t *c, uint8_t state)
{
    c->p[c->np - 1].state = state;
}

// A terminal pressed twice (18:05:10 and 18:05:12, the check-in forgotten), or an export imported
// again re-saved by Excel without its seconds (09:00:40 and 09:00): one punch - a missing punch,
// never an arrival 546 minutes late. Within rules/repeat_punch_min (5, inclusive) of the one
// before; on a day with more, the first punch is still the arrival and the last the departure.
static void test_punches_within_the_repeat_interval_are_one_punch(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 18, 5, 10);
    s_punch(c, D(3, 3), 18, 5, 12);
    s_punch(c, D(3, 4), 9, 0, 0);
    s_punch(c, D(3, 4), 9, 0, 40);
    s_punch(c, D(3, 5), 8, 58, 0); // 3-5: two punches, each pressed twice
    s_punch(c, D(3, 5), 8, 59, 30);
    s_punch(c, D(3, 5), 18, 1, 0);
    s_punch(c, D(3, 5), 18, 3, 0);
    s_punch(c, D(3, 6), 9, 10, 0); // 6 minutes apart: two punches, 10 min late
    s_punch(c, D(3, 6), 9, 16, 0);
    s_punch(c, D(3, 7), 12, 0, 0); // exactly 5 minutes: one
    s_punch(c, D(3, 7), 12, 5, 0);
    an_day_result_t days[5];
    an_att_totals_t tot;
    s_run(c, D(3, 3), D(3, 7), days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_MISSING);
    assert_int_equal(days[0].npunch, 1);
    assert_int_equal(days[0].nrepeat, 1);
    assert_int_equal(days[0].arrival_ix, 0); // the punch cited
    assert_int_equal(days[0].late_min, 0);
    assert_int_equal(days[1].kind, AN_DAY_MISSING);
    assert_int_equal(days[1].early_min, 0);
    assert_int_equal(days[2].kind, AN_DAY_PRESENT);
    assert_int_equal(days[2].npunch, 2);
    assert_int_equal(days[2].nrepeat, 2);
    assert_int_equal(days[2].arrival_ix, 4);
    assert_int_equal(days[2].departure_ix, 7);
    assert_int_equal(days[2].late_min, 0);
    assert_int_equal(days[2].early_min, 0);
    assert_int_equal(days[3].kind, AN_DAY_PRESENT);
    assert_int_equal(days[3].late_min, 10);
    assert_int_equal(days[4].kind, AN_DAY_MISSING);
    assert_int_equal(tot.missing_punches, 3);
    assert_int_equal(tot.late_arrivals, 1);
    assert_int_equal(tot.late_over_60, 0);
    assert_int_equal(tot.early_leaves, 1); // 3-6 only
    // rules/repeat_punch_min = 0: the same second only, as before.
    an_att_input_t in = s_input(c, D(3, 3), D(3, 3));
    an_rules_t rules = an_rules_default();
    rules.repeat_punch_min = 0;
    an_att_evaluate(&in, &rules, days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_PRESENT);
    assert_int_equal(days[0].late_min, 546);
    s_free(c);
}

// The vendor's own record says the check-in slot had no punch (DingTalk NotSigned, WeCom 未打卡;
// no approval) and the day's punches are all check-outs (an update punch 85 minutes after the
// first): no arrival - a missing punch, not "arrival 18:05, 545 min late". Likewise a check-out
// slot not punched and check-ins only (not an early leave). A punch without a side (another
// device) may be the missing one: the day is evaluated as before.
static void test_a_vendor_not_signed_slot_with_the_other_side_only_is_a_missing_punch(void **state)
{
    HR_UNUSED(state);
    s_ctx_t *c = s_new();
    s_punch(c, D(3, 3), 18, 5, 0);
    s_state(c, AN_STATE_OUT);
    s_punch(c, D(3, 3), 19, 30, 0);
    s_state(c, AN_STATE_OUT);
    s_punch(c, D(3, 4), 8, 55, 0);
    s_state(c, AN_STATE_IN);
    s_punch(c, D(3, 4), 9, 30, 0);
    s_state(c, AN_STATE_IN);
    s_punch(c, D(3, 5), 8, 58, 0); // a terminal's punch without a state: the arrival
    s_punch(c, D(3, 5), 18, 5, 0);
    s_state(c, AN_STATE_OUT);
    an_vslot_t slots[] = {
        s_vslot(D(3, 3), AN_STATE_IN, 9, -1, 0, AN_VENDOR_NOT_SIGNED, "NotSigned"),
        s_vslot(D(3, 3), AN_STATE_OUT, 18, 18, 5, AN_VENDOR_NORMAL, "Normal"),
        s_vslot(D(3, 4), AN_STATE_IN, 9, 8, 55, AN_VENDOR_NORMAL, "Normal"),
        s_vslot(D(3, 4), AN_STATE_OUT, 18, -1, 0, AN_VENDOR_NOT_SIGNED, "NotSigned"),
        s_vslot(D(3, 5), AN_STATE_IN, 9, -1, 0, AN_VENDOR_NOT_SIGNED, "NotSigned"),
        s_vslot(D(3, 5), AN_STATE_OUT, 18, 18, 5, AN_VENDOR_NORMAL, "Normal"),
    };
    an_att_input_t in = s_input(c, D(3, 3), D(3, 5));
    in.slots = slots;
    in.nslots = HR_ARRAY_LEN(slots);
    an_rules_t rules = an_rules_default();
    an_day_result_t days[3];
    an_att_totals_t tot;
    an_att_evaluate(&in, &rules, days, &tot);
    assert_int_equal(days[0].kind, AN_DAY_MISSING);
    assert_ptr_equal(days[0].unsigned_slot, &slots[0]);
    assert_int_equal(days[0].arrival_ix, 0); // the first check-out, cited
    assert_int_equal(days[0].late_min, 0);
    assert_int_equal(days[1].kind, AN_DAY_MISSING);
    assert_ptr_equal(days[1].unsigned_slot, &slots[3]);
    assert_int_equal(days[1].early_min, 0);
    assert_int_equal(days[2].kind, AN_DAY_PRESENT);
    assert_null(days[2].unsigned_slot);
    assert_int_equal(days[2].late_min, 0);
    assert_int_equal(tot.missing_punches, 2);
    assert_int_equal(tot.late_arrivals, 0);
    assert_int_equal(tot.late_over_60, 0);
    assert_int_equal(tot.early_leaves, 0);
    s_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_late_counts_from_the_first_second_and_over_60_separately),
        cmocka_unit_test(test_early_missing_absence_leave_and_duplicates),
        cmocka_unit_test(test_a_single_punch_is_a_missing_punch_and_never_late_or_early),
        cmocka_unit_test(test_rest_days_holidays_and_adjusted_working_days),
        cmocka_unit_test(test_night_shift_punches_after_midnight_belong_to_the_shift_day),
        cmocka_unit_test(test_a_day_shift_check_out_after_midnight_belongs_to_the_day_before),
        cmocka_unit_test(test_the_previous_nights_punches_are_not_taken_again),
        cmocka_unit_test(test_kpi_attainment_medians_and_sentences),
        cmocka_unit_test(test_break_and_field_trip_punches_are_neither_arrival_nor_departure),
        cmocka_unit_test(test_overtime_past_midnight_closes_an_open_check_in),
        cmocka_unit_test(test_part_day_leave_without_a_punch_is_absent_for_the_rest_only),
        cmocka_unit_test(test_punches_within_the_repeat_interval_are_one_punch),
        cmocka_unit_test(test_a_vendor_not_signed_slot_with_the_other_side_only_is_a_missing_punch),
    };
    return cmocka_run_group_tests_name("unit.analytics.facts", tests, NULL, NULL);
}
