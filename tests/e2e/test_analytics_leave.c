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

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "harness.h"
#include "hr_test.h"

typedef struct {
    e2e_t *c;
    char *hrctl;
    char *dir;
} s_env_t;

// hrctl with args (NULL-terminated, at most 7) and --config-dir; the exit code, *out owned.
static int s_hrctl(s_env_t *e, char **out, const char *a0, const char *a1, const char *a2,
                   const char *a3, const char *a4, const char *a5, const char *a6)
{
    char *argv[12] = {e->hrctl,   (char *)a0, (char *)a1, (char *)a2, (char *)a3,
                      (char *)a4, (char *)a5, (char *)a6, NULL};
    size_t n = 1;
    while (argv[n])
        n++;
    argv[n++] = "--config-dir";
    argv[n++] = e->dir;
    argv[n] = NULL;
    char *err = NULL;
    int rc = e2e_run(argv, out, &err);
    if (rc)
        fprintf(stderr, "hrctl %s %s: exit %d\n%s\n", a0, a1 ? a1 : "", rc, err ? err : "");
    hr_free(err);
    return rc;
}

// Writes text to NAME in the test's directory and imports it as kind: the reply (JSON, owned).
static json_t *s_import(s_env_t *e, const char *kind, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(e->c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    char *out = NULL;
    assert_int_equal(s_hrctl(e, &out, "import", kind, "--json", path, NULL, NULL, NULL), 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    hr_free(out);
    hr_free(path);
    return j;
}

static json_t *s_facts(s_env_t *e, const char *emp, const char *from, const char *to)
{
    char *out = NULL;
    assert_int_equal(s_hrctl(e, &out, "facts", emp, "--from", from, "--to", to, "--json"), 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    hr_free(out);
    return j;
}

static json_t *s_fact(json_t *facts, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(facts, "facts"), i, f)
    {
        if (!strcmp(json_string_value(json_object_get(f, "code")), code))
            return f;
    }
    return NULL;
}

static double s_value(json_t *facts, const char *code)
{
    json_t *f = s_fact(facts, code);
    if (!f)
        fail_msg("no fact %s", code);
    return json_real_value(json_object_get(f, "value"));
}

static void test_leave_and_schedules_as_exports_write_them(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("anleave");
    char *cal = hr_strfmt("%s/deploy/config/calendar.txt", HR_SOURCE_DIR);
    e2e_config(e.c, "analytics", "calendar/file", cal);
    assert_int_equal(e2e_start_one(e.c, "analytics", NULL), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));

    json_decref(s_import(&e, "pins", "people.csv",
                         "employee_no,department\nL1,QX\nL2,QX\nL3,QX\nL4,QX\nL5,QX\n"));
    json_t *lv = s_import(&e, "leave", "leave.csv",
                          "工号,开始日期,结束日期,假别\n"
                          "L1,2025-03-04 09:00,2025-03-04 12:00,产检\n"
                          "L1,2025-03-06 上午,,事假\n"
                          "L2,2025-03-10,2026-12-31,医疗期\n"
                          "L5,2025-03-10 上午,,事假\n"
                          "L5,2025-03-11上午,,事假\n");
    assert_int_equal(json_integer_value(json_object_get(lv, "accepted")), 5);
    assert_int_equal(json_integer_value(json_object_get(lv, "quarantined")), 0);
    json_decref(lv);
    json_t *sc = s_import(&e, "schedules", "schedules.csv",
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
    json_decref(s_import(&e, "attendance", "att.csv", att));

    json_t *f = s_facts(&e, "L1", "2025-03-03", "2025-03-07");
    assert_true(s_value(f, "late_arrivals") == 0);
    assert_true(s_value(f, "late_minutes") == 0);
    assert_true(fabs(s_value(f, "leave_days") - 0.8) < 1e-9); // 3 of 9 hours, half a day
    assert_true(fabs(json_real_value(json_object_get(f, "leave_days")) - 0.8) < 1e-9);
    assert_int_equal(json_integer_value(json_object_get(f, "working_days")), 5);
    json_decref(f);
    char *out = NULL;
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "L1", "--from", "2025-03-03", "--to", "2025-03-07", NULL), 0);
    assert_non_null(strstr(out, "5 working days, 0.8 of them on approved leave"));
    assert_non_null(strstr(out, "source: leave.csv line 2"));
    hr_free(out);

    f = s_facts(&e, "L2", "2025-03-10", "2025-03-14");
    assert_true(s_value(f, "absences") == 0);
    assert_true(s_value(f, "leave_days") == 5);
    json_decref(f);

    f = s_facts(&e, "L3", "2025-03-03", "2025-03-07");
    assert_int_equal(json_integer_value(json_object_get(f, "working_days")), 3);
    assert_true(s_value(f, "absences") == 0);
    json_decref(f);

    f = s_facts(&e, "L4", "2025-03-03", "2025-03-07");
    assert_null(s_fact(f, "late_arrivals"));
    assert_null(s_fact(f, "absences"));
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
    char *path = hr_strfmt("%s/dt_half.json", e2e_dir(e.c));
    assert_int_equal(hr_test_write_file(path, dt, strlen(dt)), 0);
    assert_int_equal(
        s_hrctl(&e, &out, "import", "attendance", "--format", "dingtalk", "--json", path, NULL), 0);
    hr_free(out);
    hr_free(path);
    f = s_facts(&e, "L5", "2025-03-10", "2025-03-11");
    assert_int_equal(json_integer_value(json_object_get(f, "working_days")), 2);
    assert_true(json_real_value(json_object_get(f, "leave_days")) == 1);
    assert_true(s_value(f, "late_arrivals") == 0);
    assert_true(s_value(f, "missing_punches") == 0);
    assert_true(s_value(f, "absences") == 0.5);
    json_t *ab = s_fact(f, "absences");
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
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "L5", "--from", "2025-03-10", "--to", "2025-03-11", NULL), 0);
    assert_non_null(strstr(out, "2 working days, 1 of them on approved leave"));
    assert_non_null(strstr(out, "absences = 0.5 days"));
    assert_non_null(strstr(out, "缺勤合计0.5个工作日"));
    assert_non_null(strstr(out, "source: leave.csv line 6"));
    hr_free(out);

    hr_free(cal);
    hr_free(e.hrctl);
    hr_free(e.dir);
    assert_int_equal(e2e_stop(&e.c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leave_and_schedules_as_exports_write_them),
    };
    return cmocka_run_group_tests_name("e2e.analytics_leave", tests, NULL, NULL);
}
