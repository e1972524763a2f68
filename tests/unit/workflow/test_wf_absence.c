/*  unit.workflow.absence - a case's claimed absence days (wf_absence_days_why: dates, in order,
 *  once each, past days only, at most 31 within 366 days) and the review's findings on them
 *  against analytics' day records (wf_absence_findings): a block per contradicted day naming the
 *  feed and its records, none for a day the feed shows absent, a leave named by its line only, a
 *  warning when HR accepted records explaining the difference, a warning when no attendance feed
 *  names the person.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wf.h"

static int32_t s_day(const char *s)
{
    int32_t d = 0;
    assert_true(hr_date_parse(s, &d));
    return d;
}

static void test_claimed_days_are_past_dates_in_order_once_each(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    int32_t today = s_day("2026-11-27");
    char *ok[] = {"2026-11-02", "2026-11-03", "2026-11-26"};
    assert_null(wf_absence_days_why("absence_days", ok, 3, today, arena, NULL));
    assert_null(wf_absence_days_why("absence_days", NULL, 0, today, arena, NULL));
    char *bad[] = {"2026-11-3"};
    assert_non_null(strstr(wf_absence_days_why("absence_days", bad, 1, today, arena, NULL),
                           "absence_days[0]: "));
    char *twice[] = {"2026-11-02", "2026-11-02"};
    assert_string_equal(wf_absence_days_why("absence_days", twice, 2, today, arena, NULL),
                        "absence_days[1]: 2026-11-02 repeats 2026-11-02: give each day once, in "
                        "order");
    char *back[] = {"2026-11-03", "2026-11-02"};
    assert_non_null(strstr(wf_absence_days_why("absence_days", back, 2, today, arena, NULL),
                           "absence_days[1]: 2026-11-02 comes before 2026-11-03"));
    char *now[] = {"2026-11-27"};
    assert_non_null(strstr(wf_absence_days_why("absence_days", now, 1, today, arena, NULL),
                           "absence_days[0]: 2026-11-27 is not over yet (today is 2026-11-27)"));
    char *far[] = {"2025-11-01", "2026-11-02"};
    assert_non_null(strstr(wf_absence_days_why("absence_days", far, 2, today, arena, NULL),
                           "is more than 365 days after 2025-11-01"));
    char *many[32];
    for (int i = 0; i < 32; i++)
        many[i] = hr_arena_fmt(arena, "2026-10-%02d", i + 1 > 31 ? 31 : i + 1);
    assert_string_equal(wf_absence_days_why("absence_days", many, 32, today, arena, NULL),
                        "absence_days: 32 days given, at most 31");
    hr_arena_destroy(&arena);
}

static Hr__Analytics__Source *s_src(hr_arena_t *arena, const char *file, uint32_t line,
                                    const char *note)
{
    Hr__Analytics__Source *s = hr_arena_alloc(arena, sizeof *s);
    hr__analytics__source__init(s);
    s->file_name = (char *)file;
    s->file_id = "3f2a9c01d4e5ffffffffffffffffffffffffffffffffffffffffffffffffffff";
    s->line = line;
    s->note = (char *)note;
    return s;
}

static Hr__Analytics__DayRecord *s_rec(hr_arena_t *arena, const char *day, const char *status,
                                       const char *note, Hr__Analytics__Source *a,
                                       Hr__Analytics__Source *b)
{
    Hr__Analytics__DayRecord *r = hr_arena_alloc(arena, sizeof *r);
    hr__analytics__day_record__init(r);
    r->day = (char *)day;
    r->status = (char *)status;
    r->note = (char *)note;
    r->sources = hr_arena_alloc(arena, 2 * sizeof *r->sources);
    if (a)
        r->sources[r->n_sources++] = a;
    if (b)
        r->sources[r->n_sources++] = b;
    return r;
}

static void test_each_contradicted_day_blocks_with_the_feed_and_its_records(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *days[] = {"2026-11-02", "2026-11-04", "2026-11-06"};
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "01CASE";
    c.employee_no = "E0117";
    c.absence_days = days;
    c.n_absence_days = 3;
    Hr__Analytics__DayRecord *recs[3] = {
        s_rec(arena, "2026-11-02", "present", "2 punches: 08:55 to 18:02",
              s_src(arena, "attendance.csv", 2, "check-in 08:55"),
              s_src(arena, "attendance.csv", 3, "check-out 18:02")),
        s_rec(arena, "2026-11-04", "absent", "no punch, no approved leave", NULL, NULL),
        s_rec(arena, "2026-11-06", "leave", "on approved leave all the shift",
              s_src(arena, "leave.csv", 2, "approved 产检 2026-11-06..2026-11-06"), NULL),
    };
    Hr__Analytics__GetFactsReply rep = HR__ANALYTICS__GET_FACTS_REPLY__INIT;
    rep.attendance_named = true;
    rep.day_records = recs;
    rep.n_day_records = 3;
    law_finding_t out[WF_ABSENCE_DAYS_MAX];
    size_t n = wf_absence_findings(&c, &rep, NULL, NULL, 0, arena, out, WF_ABSENCE_DAYS_MAX);
    assert_int_equal(n, 2); // 11-04: the feed agrees
    assert_int_equal(out[0].severity, LAW_SEVERITY_BLOCK);
    assert_string_equal(out[0].code, "ABSENCE_CONTRADICTED");
    assert_string_equal(out[0].article, "Interp. I Art. 44");
    assert_string_equal(out[0].fact, "case.absence_days");
    assert_non_null(strstr(out[0].message_zh, "2026-11-02：本案主张 E0117 当天缺勤，但公司自己的"
                                              "考勤数据显示当天有上下班打卡（2 punches: 08:55 to "
                                              "18:02；来源：attendance.csv 第2行（check-in "
                                              "08:55；导入 3f2a9c01d4e5）、attendance.csv 第3行"));
    assert_non_null(strstr(out[0].message_zh, "（劳动争议司法解释（一）第四十四条），自己的考勤"));
    assert_non_null(strstr(out[0].message_en, "hrctl case submit 01CASE --absent DAYS"));
    assert_non_null(strstr(out[0].message_en, "--absence-explained EVIDENCE_ID"));
    assert_string_equal(out[1].code, "ABSENCE_CONTRADICTED");
    assert_non_null(strstr(out[1].message_en, "2026-11-06: the case claims E0117 was absent"));
    assert_non_null(strstr(out[1].message_en, "approved leave on the day"));
    assert_non_null(strstr(out[1].message_en, "leave.csv line 2 (import 3f2a9c01d4e5)"));
    assert_null(strstr(out[1].message_en, "产检")); // only HR sees what the leave was
    assert_null(strstr(out[1].message_zh, "产检"));

    // A JSON feed's punch is cited by its record and the vendor's id, not a line: the file is
    // one line.
    Hr__Analytics__Source *js = s_src(arena, "dt.json", 18, "check-in 08:57");
    js->record = true;
    js->record_id = "71001";
    recs[0] = s_rec(arena, "2026-11-02", "present", "1 punch: 08:57", js, NULL);
    n = wf_absence_findings(&c, &rep, NULL, NULL, 0, arena, out, WF_ABSENCE_DAYS_MAX);
    assert_non_null(strstr(out[0].message_zh,
                           "dt.json 第18条记录（编号 71001；check-in 08:57；导入 "
                           "3f2a9c01d4e5）"));
    assert_non_null(strstr(out[0].message_en,
                           "dt.json record 18 (id 71001; check-in 08:57; import 3f2a9c01d4e5)"));
    assert_null(strstr(out[0].message_en, "line 18"));

    // HR accepted a record that explains the difference: warnings naming it.
    char *ex[] = {"4444"};
    n = wf_absence_findings(&c, &rep, NULL, ex, 1, arena, out, WF_ABSENCE_DAYS_MAX);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].severity, LAW_SEVERITY_WARN);
    assert_string_equal(out[0].code, "ABSENCE_CONTRADICTION_EXPLAINED");
    assert_non_null(strstr(out[0].message_en, "HR accepted the records explaining the "
                                              "difference: 4444"));
    assert_non_null(strstr(out[0].message_zh, "HR 已采纳解释差异的证据：4444"));
    hr_arena_destroy(&arena);
}

static void test_no_attendance_feed_warns_and_never_blocks(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *days[] = {"2026-11-03"};
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "01CASE";
    c.employee_no = "E0110";
    c.absence_days = days;
    c.n_absence_days = 1;
    law_finding_t out[4];
    // Not in analytics' people feed.
    size_t n = wf_absence_findings(&c, NULL,
                                   "hr-analytics: employee_no: E0110 is not in the "
                                   "people feed",
                                   NULL, 0, arena, out, 4);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].severity, LAW_SEVERITY_WARN);
    assert_string_equal(out[0].code, "ABSENCE_NOT_CHECKED");
    assert_non_null(strstr(out[0].message_en, "E0110 was absent on 2026-11-03"));
    assert_non_null(strstr(out[0].message_en, "is not in the people feed"));
    assert_non_null(strstr(out[0].message_zh, "无法核对缺勤主张"));
    assert_non_null(strstr(out[0].message_zh, "（劳动争议司法解释（一）第四十四条）："));
    // Known, but no attendance import names the PIN: every day would read uncovered.
    Hr__Analytics__DayRecord *recs[1] = {s_rec(arena, "2026-11-03", "uncovered",
                                               "no attendance import names the person's PIN", NULL,
                                               NULL)};
    Hr__Analytics__GetFactsReply rep = HR__ANALYTICS__GET_FACTS_REPLY__INIT;
    rep.day_records = recs;
    rep.n_day_records = 1;
    n = wf_absence_findings(&c, &rep, NULL, NULL, 0, arena, out, 4);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].code, "ABSENCE_NOT_CHECKED");
    // Named, and the day uncovered: the company's records cannot show the absence.
    rep.attendance_named = true;
    n = wf_absence_findings(&c, &rep, NULL, NULL, 0, arena, out, 4);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].code, "ABSENCE_CONTRADICTED");
    assert_non_null(strstr(out[0].message_en, "no attendance import covers the day"));
    // A case claiming no day gets nothing.
    c.n_absence_days = 0;
    assert_int_equal(wf_absence_findings(&c, &rep, NULL, NULL, 0, arena, out, 4), 0);
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claimed_days_are_past_dates_in_order_once_each),
        cmocka_unit_test(test_each_contradicted_day_blocks_with_the_feed_and_its_records),
        cmocka_unit_test(test_no_attendance_feed_warns_and_never_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
