/*  e2e.analytics_leave - the real hr-analytics daemon and hrctl: half-day and timed leave, a
 *  医疗期 of nearly two years, a part-time Mon/Wed/Fri schedule and 不定时工作制 imported as
 *  their files write them, then the facts: no lateness inside a leave, leave days stated (the
 *  header and `leave_days`), no absence on a part-timer's rest weekday, no attendance fact under
 *  irregular hours; a morning off on DingTalk's 09:00-18:00 with its results: 13:05 (Normal) is
 *  no lateness, and no punch at all is half a day of absence (`hrctl facts` text and JSON), not a
 *  whole one. README "Leave and schedules" and "Feeds and their columns".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "an_e2e.h"
#include "hr_test.h"

// hrctl facts for emp from..to: the document (owned).
static json_t *s_facts(e2e_t *c, const char *emp, const char *from, const char *to)
{
    return ane_json(
        c, (const char *const[]){"facts", emp, "--from", from, "--to", to, "--json", NULL});
}

static void test_leave_and_schedules_as_exports_write_them(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_start("anleave", ANE_CALENDAR);

    json_decref(ane_import_text(c, "pins", "people.csv",
                                "employee_no,department\nL1,QX\nL2,QX\nL3,QX\nL4,QX\nL5,QX\n"));
    json_t *lv = ane_import_text(c, "leave", "leave.csv",
                                 "工号,开始日期,结束日期,假别\n"
                                 "L1,2025-03-04 09:00,2025-03-04 12:00,产检\n"
                                 "L1,2025-03-06 上午,,事假\n"
                                 "L2,2025-03-10,2026-12-31,医疗期\n"
                                 "L5,2025-03-10 上午,,事假\n"
                                 "L5,2025-03-11上午,,事假\n");
    assert_int_equal(json_integer_value(json_object_get(lv, "accepted")), 5);
    assert_int_equal(json_integer_value(json_object_get(lv, "quarantined")), 0);
    json_decref(lv);
    json_t *sc = ane_import_text(c, "schedules", "schedules.csv",
                                 "scope,key,start,end,from,to,工作日,工时制\n"
                                 "person,L3,09:00,13:00,,,周一、周三、周五,\n"
                                 "person,L4,,,,,,不定时工作制\n");
    assert_int_equal(json_integer_value(json_object_get(sc, "accepted")), 2);
    json_decref(sc);
    // 2025-03-03 is a Monday. L1 arrives at 11:50 inside the 产检 (09:00-12:00) and at 13:20
    // after a morning off; L2's export runs on to Saturday 03-15; L3 punches Mon/Wed/Fri only,
    // L4 when the work needs it.
    const char *att = "pin,time\n"
                      "L1,2025-03-03 08:55\nL1,2025-03-03 18:05\nL1,2025-03-04 11:50\n"
                      "L1,2025-03-04 18:05\nL1,2025-03-05 08:55\nL1,2025-03-05 18:05\n"
                      "L1,2025-03-06 13:20\nL1,2025-03-06 18:05\nL1,2025-03-07 08:55\n"
                      "L1,2025-03-07 18:05\n"
                      "L2,2025-03-03 08:55\nL2,2025-03-03 18:05\nL2,2025-03-15 10:00\n"
                      "L3,2025-03-03 08:58\nL3,2025-03-03 13:02\nL3,2025-03-05 08:58\n"
                      "L3,2025-03-05 13:02\nL3,2025-03-07 08:58\nL3,2025-03-07 13:02\n"
                      "L4,2025-03-03 11:40\nL4,2025-03-03 16:00\nL4,2025-03-06 13:00\n"
                      "L4,2025-03-06 21:00\n";
    json_decref(ane_import_text(c, "attendance", "att.csv", att));

    json_t *f = s_facts(c, "L1", "2025-03-03", "2025-03-07");
    assert_true(ane_value(f, "late_arrivals") == 0);
    assert_true(ane_value(f, "late_minutes") == 0);
    assert_true(fabs(ane_value(f, "leave_days") - 0.8) < 1e-9); // 3 of 9 hours, half a day
    assert_true(fabs(json_real_value(json_object_get(f, "leave_days")) - 0.8) < 1e-9);
    assert_int_equal(json_integer_value(json_object_get(f, "working_days")), 5);
    json_decref(f);
    char *out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "L1", "--from", "2025-03-03", "--to", "2025-03-07", NULL});
    assert_non_null(strstr(out, "5 working days, 0.8 of them on approved leave"));
    assert_non_null(strstr(out, "source: leave.csv line 2"));
    hr_free(out);

    f = s_facts(c, "L2", "2025-03-10", "2025-03-14");
    assert_true(ane_value(f, "absences") == 0);
    assert_true(ane_value(f, "leave_days") == 5);
    json_decref(f);

    f = s_facts(c, "L3", "2025-03-03", "2025-03-07");
    assert_int_equal(json_integer_value(json_object_get(f, "working_days")), 3);
    assert_true(ane_value(f, "absences") == 0);
    json_decref(f);

    f = s_facts(c, "L4", "2025-03-03", "2025-03-07");
    assert_null(ane_fact_or_null(f, "late_arrivals", NULL));
    assert_null(ane_fact_or_null(f, "absences", NULL));
    const char *note = json_string_value(json_object_get(json_object_get(f, "attendance"), "note"));
    assert_non_null(strstr(note, "不定时工作制"));
    json_decref(f);

    // L5, a morning off on 03-10 and 03-11, DingTalk's schedule 09:00-18:00: on 03-10 in at 13:05
    // (its result Normal) and out at 18:02; on 03-11 no punch at all (NotSigned both, no
    // approval: the leave came through the leave feed). Before, 03-11 was a whole day's absence.
    const char *dt = "{\"errcode\":0,\"recordresult\":["
                     "{\"userId\":\"L5\",\"workDate\":1741536000000,\"checkType\":\"OnDuty\","
                     "\"timeResult\":\"Normal\",\"baseCheckTime\":1741568400000,"
                     "\"userCheckTime\":1741583100000},"
                     "{\"userId\":\"L5\",\"workDate\":1741536000000,\"checkType\":\"OffDuty\","
                     "\"timeResult\":\"Normal\",\"baseCheckTime\":1741600800000,"
                     "\"userCheckTime\":1741600920000},"
                     "{\"userId\":\"L5\",\"workDate\":1741622400000,\"checkType\":\"OnDuty\","
                     "\"timeResult\":\"NotSigned\",\"baseCheckTime\":1741654800000,"
                     "\"userCheckTime\":1741654800000},"
                     "{\"userId\":\"L5\",\"workDate\":1741622400000,\"checkType\":\"OffDuty\","
                     "\"timeResult\":\"NotSigned\",\"baseCheckTime\":1741687200000,"
                     "\"userCheckTime\":1741687200000}]}";
    char *path = hr_strfmt("%s/dt_half.json", e2e_dir(c));
    assert_int_equal(hr_test_write_file(path, dt, strlen(dt)), 0);
    json_decref(ane_import(c, "attendance", "dingtalk", path));
    hr_free(path);
    f = s_facts(c, "L5", "2025-03-10", "2025-03-11");
    assert_int_equal(json_integer_value(json_object_get(f, "working_days")), 2);
    assert_true(json_real_value(json_object_get(f, "leave_days")) == 1);
    assert_true(ane_value(f, "late_arrivals") == 0);
    assert_true(ane_value(f, "missing_punches") == 0);
    assert_true(ane_value(f, "absences") == 0.5);
    json_t *ab = ane_fact(f, "absences", NULL);
    json_t *days = json_object_get(ab, "days");
    assert_int_equal(json_array_size(days), 1);
    assert_string_equal(json_string_value(json_array_get(days, 0)), "2025-03-11");
    assert_non_null(strstr(json_string_value(json_object_get(ab, "text_en")),
                           "absent 0.5 working days in all"));
    bool cited = false; // the leave row, saying the rest of the day was on leave
    size_t i;
    json_t *src;
    json_array_foreach(json_object_get(ab, "sources"), i, src)
    {
        const char *sn = json_string_value(json_object_get(src, "note"));
        cited |= !strcmp(json_string_value(json_object_get(src, "file_name")), "leave.csv") &&
                 json_integer_value(json_object_get(src, "line")) == 6 &&
                 strstr(sn, "absent 13:30-18:00 only (0.5 of the day") &&
                 strstr(sn, "the rest of the shift, 09:00-13:30, was on approved leave");
    }
    assert_true(cited);
    json_decref(f);
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "L5", "--from", "2025-03-10", "--to", "2025-03-11", NULL});
    assert_non_null(strstr(out, "2 working days, 1 of them on approved leave"));
    assert_non_null(strstr(out, "absences = 0.5 days"));
    assert_non_null(strstr(out, "缺勤合计0.5个工作日"));
    assert_non_null(strstr(out, "source: leave.csv line 6"));
    hr_free(out);

    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leave_and_schedules_as_exports_write_them),
    };
    return cmocka_run_group_tests_name("e2e.analytics_leave", tests, NULL, NULL);
}
