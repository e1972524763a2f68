/*  unit.analytics.leave - attendance facts against leave and schedules, from a review of the
 *  facts (2026-11-28, items 2, 3, 4, 6 and 7): a person's leave and schedule rows however many
 *  there are, the team median without colleagues on leave all the window, leave days stated,
 *  part-time weekdays and 不定时工作制, half-day and timed leave, a 医疗期 of two years.
 *  README "Leave and schedules" and "Feeds and their columns".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

static int32_t s_day(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return day;
}

// A growing text (owned).
typedef struct {
    char *s;
    size_t n, cap;
} s_buf_t;

static void s_add(s_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char line[512];
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof line);
    if (b->n + (size_t)n + 1 > b->cap) {
        b->cap = (b->cap + (size_t)n + 1) * 2;
        char *m = hr_alloc(b->cap);
        if (b->n)
            memcpy(m, b->s, b->n);
        hr_free(b->s);
        b->s = m;
    }
    memcpy(b->s + b->n, line, (size_t)n + 1);
    b->n += (size_t)n;
}

// Punches of pin at arrive / leave on each Monday to Friday of from..to (the calendar of
// November 2026 has no holiday), but on the days of skip ("2026-11-09,2026-11-10").
static void s_punches(s_buf_t *b, const char *pin, const char *from, const char *to,
                      const char *arrive, const char *leave, const char *skip)
{
    for (int32_t d = s_day(from); d <= s_day(to); d++) {
        char ds[HR_DATE_LEN];
        hr_date_format(d, ds);
        if (hr_date_weekday(d) >= 5 || (skip && strstr(skip, ds)))
            continue;
        s_add(b, "%s,%s %s:00\n%s,%s %s:00\n", pin, ds, arrive, pin, ds, leave);
    }
}

// Item 2: 260 one-day leave rows of 2024 and 2025, then 病假 2026-11-09..13. Before, the 257th
// row on was dropped (S_MAX_LEAVE 256, the whole history loaded): five absences.
static void test_leave_rows_past_the_256th_count(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nQ002,QX\n", HR_OK);
    s_buf_t lv = {0};
    s_add(&lv, "employee_no,from,to,type\n");
    for (int32_t d = s_day("2024-01-01"), i = 0; i < 260; i++, d += 2) {
        char ds[HR_DATE_LEN];
        s_add(&lv, "Q002,%s,,事假\n", hr_date_format(d, ds));
    }
    s_add(&lv, "Q002,2026-11-09,2026-11-13,病假\n");
    Hr__Analytics__ImportFeedReply *rep = s_import(f, LEAVE, "generic", "leave.csv", lv.s, HR_OK);
    assert_int_equal(rep->accepted, 261);
    hr_free(lv.s);
    s_buf_t att = {0};
    s_add(&att, "pin,time\n");
    s_punches(&att, "Q002", "2026-11-02", "2026-11-20", "08:55", "18:05",
              "2026-11-09,2026-11-10,2026-11-11,2026-11-12,2026-11-13");
    s_import(f, ATT, "generic", "att.csv", att.s, HR_OK);
    hr_free(att.s);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-11-01", "2026-11-20", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_int_equal(r->working_days, 15);
    assert_true(r->leave_days == 5);
    const Hr__Analytics__Fact *lf = s_fact(r, "leave_days");
    assert_true(lf->value == 5);
    assert_int_equal(lf->n_days, 5);
    assert_string_equal(lf->days[0], "2026-11-09");
    assert_int_equal(lf->n_sources, 1); // the 病假 row, with its line
    assert_int_equal(lf->sources[0]->line, 262);
    assert_non_null(strstr(lf->sources[0]->raw, "病假"));
    assert_non_null(strstr(lf->text_zh, "病假"));
    assert_false(lf->has_comparison); // leave is never compared with the team
}

// Item 3: daily person rows from 2026-08-01 to 11-30, 14:00-22:00 in November; punches 13:55 and
// 22:03. Before, rows past the 64th of the scope were dropped (S_MAX_SCHED 64): November fell
// back to 09:00-18:00, late every day.
static void test_schedule_rows_past_the_64th_count(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nQ003,QX\n", HR_OK);
    s_buf_t sc = {0};
    s_add(&sc, "scope,key,start,end,from,to\n");
    for (int32_t d = s_day("2026-08-01"); d <= s_day("2026-11-30"); d++) {
        char ds[HR_DATE_LEN];
        hr_date_format(d, ds);
        bool nov = d >= s_day("2026-11-01");
        s_add(&sc, "person,Q003,%s,%s,%s,%s\n", nov ? "14:00" : "09:00", nov ? "22:00" : "18:00",
              ds, ds);
    }
    Hr__Analytics__ImportFeedReply *rep = s_import(f, SCHED, "generic", "sched.csv", sc.s, HR_OK);
    assert_int_equal(rep->accepted, 122);
    hr_free(sc.s);
    s_buf_t att = {0};
    s_add(&att, "pin,time\n");
    s_punches(&att, "Q003", "2026-11-02", "2026-11-20", "13:55", "22:03", NULL);
    s_import(f, ATT, "generic", "att.csv", att.s, HR_OK);
    hr_free(att.s);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q003", NULL, "2026-11-02", "2026-11-20", false);
    assert_int_equal(r->working_days, 15);
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "late_over_60")->value == 0);
    assert_true(s_fact(r, "early_leaves")->value == 0);
}

// Item 4: Z1-Z3 and Z7 work 11-16..27, Z2 and Z3 late on 11-17, 11-19 and 11-24 like Z1, Z7
// never; Z4 产假, Z5 病假, Z6 年假 all of it (each punched once on a Saturday: the export names
// them, so their days are covered). Before, the median counted Z4-Z6 as perfect records: 0 over
// 6 colleagues. Now 3 over Z2, Z3 and Z7, and the three on leave are said to be left out.
static void test_team_median_leaves_out_colleagues_on_leave(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,department\nZ1,QZ\nZ2,QZ\nZ3,QZ\nZ4,QZ\nZ5,QZ\nZ6,QZ\nZ7,QZ\n", HR_OK);
    s_import(f, LEAVE, "generic", "leave.csv",
             "employee_no,from,to,type\nZ4,2026-11-16,2026-11-27,产假\n"
             "Z5,2026-11-16,2026-11-27,病假\nZ6,2026-11-16,2026-11-27,年假\n",
             HR_OK);
    s_buf_t att = {0};
    s_add(&att, "pin,time\n");
    const char *late = "2026-11-17,2026-11-19,2026-11-24";
    for (int z = 1; z <= 3; z++) {
        char pin[8];
        snprintf(pin, sizeof pin, "Z%d", z);
        s_punches(&att, pin, "2026-11-16", "2026-11-27", "08:55", "18:05", late);
        s_punches(&att, pin, "2026-11-17", "2026-11-17", "09:30", "18:05", NULL);
        s_punches(&att, pin, "2026-11-19", "2026-11-19", "09:30", "18:05", NULL);
        s_punches(&att, pin, "2026-11-24", "2026-11-24", "09:30", "18:05", NULL);
    }
    s_punches(&att, "Z7", "2026-11-16", "2026-11-27", "08:55", "18:05", NULL);
    s_add(&att, "Z4,2026-11-21 10:00:00\nZ5,2026-11-21 10:00:00\nZ6,2026-11-21 10:00:00\n");
    s_import(f, ATT, "generic", "att.csv", att.s, HR_OK);
    hr_free(att.s);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Z1", NULL, "2026-11-16", "2026-11-27", false);
    const Hr__Analytics__Fact *lf = s_fact(r, "late_arrivals");
    assert_true(lf->value == 3);
    assert_true(lf->has_comparison);
    assert_int_equal(lf->team_size, 3);
    assert_true(lf->team_median == 3);
    assert_non_null(strstr(lf->comparison, "3 colleagues on approved leave every working day "
                                           "counted left out"));
    assert_non_null(strstr(lf->text_zh, "另有3名同事所计工作日均在休假"));
    assert_non_null(strstr(lf->text_en, "3 colleagues on approved leave"));
    // Z4 on 产假 all the window: ten leave days, nothing else, and not compared.
    r = s_facts(f, "Z4", NULL, "2026-11-16", "2026-11-27", false);
    assert_int_equal(r->working_days, 10);
    assert_true(r->leave_days == 10);
    assert_true(s_fact(r, "leave_days")->value == 10);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_false(s_fact(r, "absences")->has_comparison);
    assert_string_equal(s_fact(r, "absences")->comparison,
                        "not compared: on approved leave every working day counted");
    // Z2 off on 年假 half the window: Z1 compares with Z2's rate over the days Z2 worked.
    s_import(f, LEAVE, "generic", "leave2.csv",
             "employee_no,from,to,type\nZ2,2026-11-23,2026-11-27,年假\n", HR_OK);
    r = s_facts(f, "Z1", NULL, "2026-11-16", "2026-11-27", false);
    lf = s_fact(r, "late_arrivals");
    // Z2: 2 late in 5 days worked -> 4 over Z1's 10; Z3 3, Z7 0: median 3.
    assert_true(lf->team_median == 3);
    assert_non_null(strstr(lf->text_en, "their imports cover (leave apart), over the same 10"));
    assert_non_null(strstr(lf->text_zh, "工作日（假期除外）的比率折算为同样10个工作日"));
    const Hr__Analytics__Fact *ab = s_fact(r, "absences");
    assert_true(ab->team_median == 0); // Z2's leave is no absence
}

// Item 6: a part-time Mon/Wed/Fri person schedule, in each spelling; 不定时工作制.
static void test_part_time_weekdays_and_irregular_hours(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,department\nQ004,QX\nQ005,QX\nQ006,QX\nQ007,QX\n", HR_OK);
    Hr__Analytics__ImportFeedReply *rep = s_import(f, SCHED, "generic", "sched.csv",
                                                   "scope,key,start,end,from,to,days,hours\n"
                                                   "person,Q004,09:00,13:00,,,\"Mon,Wed,Fri\",\n"
                                                   "person,Q005,09:00,13:00,,,1/3/5,\n"
                                                   "person,Q006,09:00,13:00,,,周一、周三、周五,\n"
                                                   "person,Q007,,,,,,不定时工作制\n"
                                                   "person,Q008,09:00,13:00,,,Mon-Fir,\n"
                                                   "person,Q009,09:00,18:00,,,,flexitime\n",
                                                   HR_OK);
    assert_int_equal(rep->accepted, 4);
    assert_int_equal(rep->quarantined, 2);
    s_buf_t att = {0};
    s_add(&att, "pin,time\n");
    const char *tue_thu = "2026-11-03,2026-11-05,2026-11-10,2026-11-12";
    s_punches(&att, "Q004", "2026-11-02", "2026-11-13", "08:58", "13:02", tue_thu);
    s_punches(&att, "Q005", "2026-11-02", "2026-11-13", "08:58", "13:02", tue_thu);
    s_punches(&att, "Q006", "2026-11-02", "2026-11-13", "08:58", "13:02", tue_thu);
    s_punches(&att, "Q007", "2026-11-02", "2026-11-13", "10:40", "15:00", tue_thu);
    s_import(f, ATT, "generic", "att.csv", att.s, HR_OK);
    hr_free(att.s);
    f->now_ms = s_midnight("2026-12-05");
    const char *who[] = {"Q004", "Q005", "Q006"};
    for (size_t i = 0; i < 3; i++) {
        Hr__Analytics__GetFactsReply *r =
            s_facts(f, who[i], NULL, "2026-11-02", "2026-11-13", false);
        assert_int_equal(r->working_days, 6);
        assert_true(s_fact(r, "absences")->value == 0);
        assert_true(s_fact(r, "late_arrivals")->value == 0);
    }
    // 不定时工作制: no lateness, early leave nor absence at all, and the note says why.
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q007", NULL, "2026-11-02", "2026-11-13", false);
    assert_null(s_fact_or_null(r, "late_arrivals"));
    assert_null(s_fact_or_null(r, "absences"));
    assert_non_null(strstr(r->attendance_note, "10 working days under 不定时工作制"));
}

// Item 7: half-day and timed leave; a 医疗期 of two years; a row over three years refused.
static void test_half_day_and_timed_leave(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nQ001,QX\nQ002,QX\n",
             HR_OK);
    Hr__Analytics__ImportFeedReply *rep = s_import(
        f, LEAVE, "generic", "leave.csv",
        "employee_no,from,to,type\n"
        "Q001,2026-11-03 09:00,2026-11-03 12:00,产检\n" // arrival 11:50: not late
        "Q001,2026-11-04 09:00,2026-11-04 12:00,产检\n" // arrival 12:10: 10 minutes late
        "Q001,2026-11-05 上午,,事假\n"                  // arrival 14:20: a morning off
        "Q001,2026-11-06 下午,2026-11-06 下午,事假\n"   // departure 12:00: an afternoon off
        "Q001,2026-11-09 15:00,2026-11-09 24:00,产检\n" // departure 15:05: the rest of the day
        "Q002,2026-11-23,2027-12-31,医疗期\n"
        "Q002,2020-01-01,2026-11-20,病假\n"
        "Q001,2026-11-10 12:00,2026-11-10 09:00,产检\n"
        "Q001,2026-11-11 下午,2026-11-11 上午,事假\n"
        "Q001,2026-11-12 9点,,事假\n"
        "Q001,2026-11-13 上午,,事假\n" // a morning and an afternoon off: two rows, a whole day
        "Q001,2026-11-13下午,,事假\n",
        HR_OK);
    assert_int_equal(rep->accepted, 8);
    assert_int_equal(rep->quarantined, 4);
    assert_int_equal(rep->n_bad_rows, 4);
    assert_int_equal(rep->bad_rows[0]->line, 8); // 2020-01-01..2026-11-20: more than 3 years
    assert_non_null(strstr(rep->bad_rows[0]->reason, "more than 3 years after from"));
    assert_string_equal(rep->bad_rows[1]->reason, "to is before from");
    assert_string_equal(rep->bad_rows[2]->reason, "to is before from");
    assert_non_null(strstr(rep->bad_rows[3]->reason, "from '2026-11-12 9点' is not a date, a date "
                                                     "and a time"));
    s_buf_t att = {0};
    s_add(&att, "pin,time\n");
    s_punches(&att, "Q001", "2026-11-02", "2026-11-02", "08:55", "18:05", NULL);
    s_punches(&att, "Q001", "2026-11-03", "2026-11-03", "11:50", "18:05", NULL);
    s_punches(&att, "Q001", "2026-11-04", "2026-11-04", "12:10", "18:05", NULL);
    s_punches(&att, "Q001", "2026-11-05", "2026-11-05", "14:20", "18:05", NULL);
    s_punches(&att, "Q001", "2026-11-06", "2026-11-06", "08:55", "12:00", NULL);
    s_punches(&att, "Q001", "2026-11-09", "2026-11-09", "08:55", "15:05", NULL);
    s_punches(&att, "Q002", "2026-11-02", "2026-11-20", "08:55", "18:05", NULL);
    s_add(&att, "Q002,2026-11-30 08:55:00\n"); // the export runs to 11-30
    s_import(f, ATT, "generic", "att.csv", att.s, HR_OK);
    hr_free(att.s);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-02", "2026-11-09", false);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 1);
    assert_string_equal(late->days[0], "2026-11-04");
    assert_true(s_fact(r, "late_minutes")->value == 10);
    assert_true(s_fact(r, "late_over_60")->value == 0);
    assert_true(s_fact(r, "early_leaves")->value == 0);
    assert_int_equal(r->working_days, 6);
    // 3 of 9 hours twice, two half days, 3 of 9 hours: 2/3 + 1 + 1/3 = 2.0
    assert_true(fabs(s_fact(r, "leave_days")->value - 2.0) < 1e-9);
    assert_int_equal(s_fact(r, "leave_days")->n_days, 5);
    r = s_facts(f, "Q001", NULL, "2026-11-13", "2026-11-13", false);
    assert_true(s_fact(r, "leave_days")->value == 1);
    assert_true(s_fact(r, "absences")->value == 0);
    // Q002: 医疗期 from 11-23 for more than a year: no absence on 11-23..30 (punches end 11-20).
    r = s_facts(f, "Q002", NULL, "2026-11-23", "2026-11-30", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_true(s_fact(r, "leave_days")->value == 6);
}

static const Hr__Analytics__Warning *s_warning(const Hr__Analytics__ListWarningsReply *w,
                                               const char *emp, const char *code)
{
    for (size_t i = 0; i < w->n_warnings; i++)
        if (!strcmp(w->warnings[i]->employee_no, emp) && !strcmp(w->warnings[i]->code, code))
            return w->warnings[i];
    return NULL;
}

// The source of fact on day whose note holds part, or NULL.
static const Hr__Analytics__Source *s_source(const Hr__Analytics__Fact *fact, const char *day,
                                             const char *part)
{
    for (size_t i = 0; i < fact->n_sources; i++)
        if (!strcmp(fact->sources[i]->day, day) && strstr(fact->sources[i]->note, part))
            return fact->sources[i];
    fprintf(stderr, "%s: no source of %s saying '%s'\n", fact->code, day, part);
    for (size_t i = 0; i < fact->n_sources; i++)
        fprintf(stderr, "  %s %s\n", fact->sources[i]->day, fact->sources[i]->note);
    return NULL;
}

// A working day with approved leave for part of its shift and no punch at all is absent for the
// rest of the shift only (from a dismissal case: a morning off and no punch was a whole day's
// absence). Q001: 上午 off on 11-05, 年假 09:00-12:00 on 11-10, 下午 off on 11-12, and no punch
// on those days nor on 11-11 (no leave). The absences are 1 + 0.5 + 6/9 + 0.5 = 2.67 days,
// stated rounded down (2.6), each part day with its leave row as a source saying the rest of
// the day was on approved leave; the warnings count them the same way.
static void test_part_day_leave_without_a_punch_is_absent_for_the_rest_only(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nQ001,QX\n", HR_OK);
    s_import(f, LEAVE, "generic", "leave.csv",
             "employee_no,from,to,type\n"
             "Q001,2026-11-05 上午,,事假\n"
             "Q001,2026-11-10 09:00,2026-11-10 12:00,年假\n"
             "Q001,2026-11-12 下午,,事假\n",
             HR_OK);
    s_buf_t att = {0};
    s_add(&att, "pin,time\n");
    s_punches(&att, "Q001", "2026-11-02", "2026-11-13", "08:55", "18:05",
              "2026-11-05,2026-11-10,2026-11-11,2026-11-12");
    s_import(f, ATT, "generic", "att.csv", att.s, HR_OK);
    hr_free(att.s);
    f->now_ms = s_midnight("2026-12-05");

    // One morning off and no punch: half a day, not a whole one.
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-05", "2026-11-05", false);
    const Hr__Analytics__Fact *ab = s_fact(r, "absences");
    assert_true(ab->value == 0.5);
    assert_int_equal(ab->n_days, 1);
    assert_string_equal(ab->days[0], "2026-11-05");
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "missing_punches")->value == 0);
    assert_true(r->leave_days == 0.5);
    const Hr__Analytics__Source *src =
        s_source(ab, "2026-11-05",
                 "absent 13:30-18:00 only (0.5 of the day, 4 h 30 min of the 9 h "
                 "shift): no punch");
    assert_non_null(src);
    assert_int_equal(src->line, 2); // the leave row, cited
    assert_non_null(strstr(src->raw, "2026-11-05 上午"));
    assert_non_null(strstr(src->note, "the rest of the shift, 09:00-13:30, was on approved leave "
                                      "(事假 2026-11-05..2026-11-05, part of a day)"));
    assert_non_null(s_source(ab, "2026-11-05", "covers this day for the person")); // the import
    assert_non_null(strstr(ab->text_zh, "缺勤合计0.5个工作日"));
    assert_non_null(strstr(ab->text_zh, "1个工作日无打卡但部分时间为批准的假期，只计未请假的部分"
                                        "（0.5个工作日"));
    assert_null(strstr(ab->text_zh, "有0.5个工作日无打卡且无批准的假期"));
    assert_non_null(strstr(ab->text_en, "absent 0.5 working days in all"));
    assert_non_null(strstr(ab->text_en, "1 working day had no punch but approved leave for part of "
                                        "the shift: only the part not on leave is counted (0.5 "
                                        "working days; the rest of the day was on approved leave, "
                                        "see sources)"));
    assert_non_null(strstr(ab->rule, "only the share of the shift not on leave"));

    // The week and a half: 11-11 whole, 11-05 and 11-12 half, 11-10 six of nine hours.
    r = s_facts(f, "Q001", NULL, "2026-11-02", "2026-11-13", false);
    ab = s_fact(r, "absences");
    assert_true(fabs(ab->value - 2.6) < 1e-9); // 2.67, never stated as more
    assert_int_equal(ab->n_days, 4);
    assert_string_equal(ab->days[0], "2026-11-05");
    assert_string_equal(ab->days[1], "2026-11-10");
    assert_string_equal(ab->days[2], "2026-11-11");
    assert_string_equal(ab->days[3], "2026-11-12");
    src = s_source(ab, "2026-11-10",
                   "absent 12:00-18:00 only (0.66 of the day, 6 h of the 9 h shift)");
    assert_non_null(src);
    assert_int_equal(src->line, 3);
    assert_non_null(strstr(src->note, "09:00-12:00, was on approved leave (年假"));
    src = s_source(ab, "2026-11-12", "absent 09:00-13:30 only (0.5 of the day");
    assert_non_null(src);
    assert_int_equal(src->line, 4);
    assert_non_null(s_source(ab, "2026-11-11", "covers this day for the person"));
    for (size_t i = 0; i < ab->n_sources; i++) // the whole day's absence cites no leave row
        assert_false(!strcmp(ab->sources[i]->day, "2026-11-11") &&
                     strstr(ab->sources[i]->note, "approved leave"));
    assert_non_null(strstr(ab->text_zh, "缺勤合计2.6个工作日"));
    assert_non_null(strstr(ab->text_zh, "其中1个工作日全天无打卡且无批准的假期"));
    assert_non_null(strstr(ab->text_zh, "3个工作日无打卡但部分时间为批准的假期"));
    assert_non_null(strstr(ab->text_zh, "（1.6个工作日"));
    assert_non_null(strstr(ab->text_en, "absent 2.6 working days in all"));
    assert_non_null(strstr(ab->text_en, "1 working day had no punch and no approved leave"));
    assert_non_null(strstr(ab->text_en, "3 working days had no punch but approved leave for part"));
    // The snapshot frozen into evidence states the figure as counted: 2.6, not 2.6000000000000001.
    r = s_facts(f, "Q001", NULL, "2026-11-02", "2026-11-13", true);
    assert_non_null(strstr(r->snapshot_json, "\"code\":\"absences\""));
    assert_non_null(strstr(r->snapshot_json, "\"value\":2.6,"));
    assert_null(strstr(r->snapshot_json, "2.6000"));
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "early_leaves")->value == 0);

    // Warnings (threshold 2 absences): 11-11 and 11-12 are 1.5, no warning (it was 2); 11-10 to
    // 11-12 are 2.1 (2.17), stated as such (it was 3).
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-11-11", "2026-11-12", NULL);
    assert_null(s_warning(w, "Q001", "absences"));
    w = s_warnings(f, "2026-11-10", "2026-11-12", NULL);
    const Hr__Analytics__Warning *x = s_warning(w, "Q001", "absences");
    assert_non_null(x);
    assert_true(fabs(x->value - 2.1) < 1e-9);
    assert_non_null(strstr(x->text_zh, "缺勤天数为2.1，达到阈值2"));
    assert_non_null(strstr(x->text_en, "absences was 2.1, reaching the threshold of 2"));
}

// DingTalk's schedule and results with a morning off (上午, the leave feed) on the vendor's
// 09:00-18:00: 902 checks in at 13:05 (DingTalk: Normal) and out at 18:02 on 11-16 - no lateness,
// no absence; on 11-17 both slots are NotSigned (no punch, no approval: the leave came through
// the leave feed) - half a day of absence, not a whole one, and no lateness; on 11-18 DingTalk's
// own check-in is at 13:30 (its afternoon) and 902 is there at 13:25 - nothing.
static const char *const s_dt_half_day =
    "{\"errcode\":0,\"recordresult\":["
    "{\"userId\":\"902\",\"workDate\":1794758400000,\"checkType\":\"OnDuty\",\"timeResult\":"
    "\"Normal\",\"baseCheckTime\":1794790800000,\"userCheckTime\":1794805500000},"
    "{\"userId\":\"902\",\"workDate\":1794758400000,\"checkType\":\"OffDuty\",\"timeResult\":"
    "\"Normal\",\"baseCheckTime\":1794823200000,\"userCheckTime\":1794823320000},"
    "{\"userId\":\"902\",\"workDate\":1794844800000,\"checkType\":\"OnDuty\",\"timeResult\":"
    "\"NotSigned\",\"baseCheckTime\":1794877200000,\"userCheckTime\":1794877200000},"
    "{\"userId\":\"902\",\"workDate\":1794844800000,\"checkType\":\"OffDuty\",\"timeResult\":"
    "\"NotSigned\",\"baseCheckTime\":1794909600000,\"userCheckTime\":1794909600000},"
    "{\"userId\":\"902\",\"workDate\":1794931200000,\"checkType\":\"OnDuty\",\"timeResult\":"
    "\"Normal\",\"baseCheckTime\":1794979800000,\"userCheckTime\":1794979500000},"
    "{\"userId\":\"902\",\"workDate\":1794931200000,\"checkType\":\"OffDuty\",\"timeResult\":"
    "\"Normal\",\"baseCheckTime\":1794996000000,\"userCheckTime\":1794996060000}]}";

static void test_half_day_leave_with_the_vendors_schedule_and_results(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department,hire_date\nQ002,902,QX,2026-01-01\n", HR_OK);
    s_import(f, LEAVE, "generic", "leave.csv",
             "employee_no,from,to,type\nQ002,2026-11-16 上午,,事假\nQ002,2026-11-17 上午,,事假\n"
             "Q002,2026-11-18 上午,,事假\n",
             HR_OK);
    Hr__Analytics__ImportFeedReply *rep =
        s_import(f, ATT, "dingtalk", "dt_half.json", s_dt_half_day, HR_OK);
    assert_int_equal(rep->skipped, 2); // 11-17's NotSigned slots: no punches
    f->now_ms = s_midnight("2026-12-05");

    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-11-16", "2026-11-16", false);
    assert_int_equal(r->working_days, 1);
    assert_true(r->leave_days == 0.5);
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_int_equal(s_fact(r, "late_arrivals")->n_sources, 0); // nothing to excuse either
    assert_true(s_fact(r, "late_minutes")->value == 0);
    assert_true(s_fact(r, "early_leaves")->value == 0);
    assert_true(s_fact(r, "missing_punches")->value == 0);
    assert_true(s_fact(r, "absences")->value == 0);

    r = s_facts(f, "Q002", NULL, "2026-11-17", "2026-11-17", false);
    assert_int_equal(r->working_days, 1);
    assert_true(r->leave_days == 0.5);
    const Hr__Analytics__Fact *ab = s_fact(r, "absences");
    assert_true(ab->value == 0.5); // was 1: the morning off counted as absent
    assert_string_equal(ab->days[0], "2026-11-17");
    const Hr__Analytics__Source *src =
        s_source(ab, "2026-11-17",
                 "absent 13:30-18:00 only (0.5 of the day, 4 h 30 min of the 9 h "
                 "shift): no punch");
    assert_non_null(src);
    assert_string_equal(src->file_name, "leave.csv");
    assert_int_equal(src->line, 3);
    assert_non_null(s_source(ab, "2026-11-17", "import 3 covers this day for the person"));
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "missing_punches")->value == 0);

    r = s_facts(f, "Q002", NULL, "2026-11-16", "2026-11-18", false);
    assert_int_equal(r->working_days, 3);
    assert_true(r->leave_days == 1.5);
    assert_true(s_fact(r, "absences")->value == 0.5);
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "early_leaves")->value == 0);
    assert_true(s_fact(r, "missing_punches")->value == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_leave_rows_past_the_256th_count, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_schedule_rows_past_the_64th_count, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_team_median_leaves_out_colleagues_on_leave, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_part_time_weekdays_and_irregular_hours, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_half_day_and_timed_leave, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_part_day_leave_without_a_punch_is_absent_for_the_rest_only, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_half_day_leave_with_the_vendors_schedule_and_results,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
