/*  e2e.analytics - the real hr-analytics daemon and hrctl: a small company's feeds imported
 *  (people with lost leading zeros, a generic CSV with a duplicate, a broken row and an unknown
 *  PIN, a ZKTeco USB export, a DingTalk reply, a GB18030 training export, schedules, leave,
 *  KPI, surveys), then the reference employee's facts with their provenance links; the same
 *  file again changes nothing; kill -9 and restart lose nothing.
 *
 *  Fixtures: tests/fixtures/analytics/ (README there says what each file holds).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "hr_calendar.h"
#include "hr_test.h"

typedef struct {
    e2e_t *c;
    char *hrctl;
    char *dir;
} s_env_t;

// Runs hrctl with args (NULL-terminated) and --config-dir; returns the exit code, *out owned.
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

static json_t *s_import(s_env_t *e, const char *kind, const char *format, const char *fixture)
{
    char *path = hr_strfmt("%s/tests/fixtures/analytics/%s", HR_SOURCE_DIR, fixture);
    char *out = NULL;
    int rc = s_hrctl(e, &out, "import", kind, "--format", format, "--json", path, NULL);
    assert_int_equal(rc, 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    hr_free(out);
    hr_free(path);
    return j;
}

static json_int_t s_int(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_non_null(v);
    return json_integer_value(v);
}

static json_t *s_fact(json_t *facts, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f)
    {
        if (!strcmp(json_string_value(json_object_get(f, "code")), code))
            return f;
    }
    fail_msg("no fact %s", code);
    return NULL;
}

static double s_value(json_t *facts, const char *code)
{
    return json_real_value(json_object_get(s_fact(facts, code), "value"));
}

static json_t *s_facts(s_env_t *e)
{
    char *out = NULL;
    assert_int_equal(
        s_hrctl(e, &out, "facts", "1007", "--from", "2025-03-17", "--to", "2025-03-28", "--json"),
        0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    hr_free(out);
    return j;
}

static void test_small_company_facts_with_provenance(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("analytics");
    char *cal = hr_strfmt("%s/deploy/config/calendar.txt", HR_SOURCE_DIR);
    e2e_config(e.c, "analytics", "calendar/file", cal);
    assert_int_equal(e2e_start_one(e.c, "analytics", NULL), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));

    json_t *p = s_import(&e, "pins", "generic", "people.csv");
    assert_int_equal(s_int(p, "accepted"), 9);
    assert_string_equal(json_string_value(json_object_get(p, "encoding")), "utf-8-bom");
    json_decref(s_import(&e, "schedules", "generic", "schedules.csv"));
    json_decref(s_import(&e, "leave", "generic", "leave.csv"));
    json_t *a = s_import(&e, "attendance", "generic", "attendance.csv");
    assert_int_equal(s_int(a, "quarantined"), 1);
    assert_int_equal(s_int(a, "duplicates"), 1);
    assert_int_equal(s_int(a, "unmatched_pins"), 1);
    json_t *bad = json_array_get(json_object_get(a, "bad_rows"), 0);
    assert_int_equal(s_int(bad, "line"), 120);
    const char *att_id = json_string_value(json_object_get(a, "file_id"));
    json_t *z = s_import(&e, "attendance", "zkteco", "1_attlog.dat");
    assert_int_equal(s_int(z, "accepted"), 40);
    assert_int_equal(s_int(z, "unmatched_pins"), 0);
    json_t *d = s_import(&e, "attendance", "dingtalk", "dingtalk.json");
    assert_int_equal(s_int(d, "accepted"), 20);
    json_t *t = s_import(&e, "training", "generic", "training.csv");
    assert_string_equal(json_string_value(json_object_get(t, "encoding")), "gb18030");
    assert_int_equal(s_int(t, "accepted"), 3);
    json_decref(s_import(&e, "performance", "generic", "performance.csv"));
    json_decref(s_import(&e, "surveys", "generic", "surveys.csv"));

    // The same file again: nothing changes.
    json_t *again = s_import(&e, "attendance", "generic", "attendance.csv");
    assert_true(json_is_true(json_object_get(again, "already_imported")));
    json_decref(again);

    json_t *r = s_facts(&e);
    json_t *facts = json_object_get(r, "facts");
    assert_int_equal(s_int(r, "working_days"), 10);
    assert_true(s_value(facts, "late_arrivals") == 3);
    assert_true(s_value(facts, "late_over_60") == 3);
    assert_true(s_value(facts, "late_minutes") == 80 + 65 + 150);
    assert_true(s_value(facts, "early_leaves") == 1);
    assert_true(s_value(facts, "missing_punches") == 1);
    assert_true(s_value(facts, "absences") == 1);
    assert_true(s_value(facts, "kpi_attainment") == 30);
    assert_true(s_value(facts, "training_failed") == 1);
    // Provenance: the 11:30 arrival on 2025-03-25 is a line of attendance.csv, shown as stored.
    json_t *late = s_fact(facts, "late_over_60");
    json_t *srcs = json_object_get(late, "sources");
    assert_int_equal(json_array_size(srcs), 3);
    json_t *s3 = json_array_get(srcs, 2);
    assert_string_equal(json_string_value(json_object_get(s3, "file_id")), att_id);
    assert_string_equal(json_string_value(json_object_get(s3, "file_name")), "attendance.csv");
    assert_string_equal(json_string_value(json_object_get(s3, "raw")),
                        "1007,2025-03-25 11:30:00,0,1");
    assert_string_equal(json_string_value(json_object_get(s3, "day")), "2025-03-25");
    assert_true(s_int(s3, "line") > 1);
    json_t *cmp = json_object_get(late, "comparison");
    // The colleagues, 1007 left out: 1001-1006, none more than an hour late (1006 from the
    // DingTalk pull) - six, median 0 (it was 7 with 1007 in it).
    assert_int_equal(s_int(cmp, "team_size"), 6);
    assert_true(json_real_value(json_object_get(cmp, "team_median")) == 0);
    assert_non_null(
        strstr(json_string_value(json_object_get(late, "text_zh")), "迟到超过60分钟3次"));
    assert_non_null(strstr(json_string_value(json_object_get(late, "text_en")), "3 times"));
    json_t *kpi = json_object_get(s_fact(facts, "kpi_attainment"), "comparison");
    assert_true(json_real_value(json_object_get(kpi, "team_median")) == 100);

    // Kill -9 and restart: the same facts from the same records.
    e2e_kill(e.c, "analytics", SIGKILL);
    assert_int_equal(e2e_restart(e.c, "analytics"), 0);
    json_t *r2 = s_facts(&e);
    char *t1 = json_dumps(r, JSON_SORT_KEYS), *t2 = json_dumps(r2, JSON_SORT_KEYS);
    assert_string_equal(t1, t2);
    free(t1);
    free(t2);

    // An unmatched PIN can still be asked for; an unknown employee is ENOTFOUND (exit 1).
    char *out = NULL;
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "--pin", "9999", "--from", "2025-03-18", "--to", "2025-03-18"),
        0);
    assert_non_null(strstr(out, "missing_punches = 1"));
    hr_free(out);
    char *argv[] = {e.hrctl, "facts",      "4242",         "--from", "2025-03-17",
                    "--to",  "2025-03-28", "--config-dir", e.dir,    NULL};
    char *err = NULL;
    assert_int_equal(e2e_run(argv, NULL, &err), 1);
    assert_non_null(strstr(err, "not in the people feed"));
    hr_free(err);

    // The broken row is kept with its reason and text.
    assert_int_equal(s_hrctl(&e, &out, "quarantine", "--json", NULL, NULL, NULL, NULL, NULL), 0);
    assert_non_null(strstr(out, "1007,2025/3/32 09:00,0,1"));
    assert_non_null(strstr(out, "\"line\": 120"));
    hr_free(out);

    // Early warnings over the two weeks: 1007 (late more than an hour three times, none in the
    // two weeks before; KPI at 30 %), nobody else.
    assert_int_equal(
        s_hrctl(&e, &out, "warnings", "--from", "2025-03-17", "--to", "2025-03-28", "--json", NULL),
        0);
    json_error_t wje;
    json_t *wj = json_loads(out, 0, &wje);
    assert_non_null(wj);
    hr_free(out);
    json_t *warns = json_object_get(wj, "warnings");
    assert_int_equal(s_int(wj, "people"), 9);
    assert_int_equal(json_array_size(warns), 2);
    json_t *w0 = json_array_get(warns, 0), *w1 = json_array_get(warns, 1);
    assert_string_equal(json_string_value(json_object_get(w0, "employee_no")), "1007");
    assert_string_equal(json_string_value(json_object_get(w0, "code")), "late_over_60");
    assert_true(json_real_value(json_object_get(w0, "value")) == 3);
    assert_true(json_real_value(json_object_get(w0, "previous")) == 0);
    assert_string_equal(json_string_value(json_object_get(w1, "employee_no")), "1007");
    assert_string_equal(json_string_value(json_object_get(w1, "code")), "kpi_attainment");
    json_decref(wj);

    // A window reaching past the end of the imported attendance (2025-03-28): the days after it
    // are nobody's absences. Counted whole, every person had the ten working days after it as
    // absences and was warned about; the facts' sentence counted them too.
    assert_int_equal(
        s_hrctl(&e, &out, "warnings", "--from", "2025-03-17", "--to", "2025-04-11", "--json", NULL),
        0);
    wj = json_loads(out, 0, &wje);
    assert_non_null(wj);
    hr_free(out);
    warns = json_object_get(wj, "warnings");
    assert_int_equal(json_array_size(warns), 2);
    w0 = json_array_get(warns, 0);
    assert_string_equal(json_string_value(json_object_get(w0, "code")), "late_over_60");
    assert_string_equal(json_string_value(json_object_get(w0, "to")), "2025-03-28");
    json_decref(wj);
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "1007", "--from", "2025-03-17", "--to", "2025-04-11", "--json"),
        0);
    json_t *past = json_loads(out, 0, &wje);
    assert_non_null(past);
    hr_free(out);
    json_t *pabs = s_fact(json_object_get(past, "facts"), "absences");
    assert_true(json_real_value(json_object_get(pabs, "value")) == 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(pabs, "window"), "to")),
                        "2025-03-28");
    assert_non_null(strstr(json_string_value(json_object_get(pabs, "text_zh")),
                           "2025-03-17至2025-03-28期间，有1个工作日"));
    assert_non_null(
        strstr(json_string_value(json_object_get(pabs, "text_zh")), "考勤数据只导入至2025-03-28"));
    json_decref(past);
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "1007", "--from", "2025-03-31", "--to", "2025-04-11", NULL), 0);
    assert_non_null(strstr(out, "attendance: nothing is counted"));
    assert_null(strstr(out, "absences"));
    hr_free(out);

    // A ZKTeco TFT export (serial on the first line) for the week of 04-14, 1007 absent on
    // Wednesday: the two weeks before it (03-31..04-11) were never imported and are nobody's
    // absences; the facts count the covered days and say how many working days inside were not
    // covered (nine: 04-04 is Qingming).
    char *gap_path = hr_strfmt("%s/CDQ9201160023_attlog.dat", e.dir);
    FILE *gf = fopen(gap_path, "w");
    assert_non_null(gf);
    fputs("CDQ9201160023\r\n", gf);
    const char *gap_days[] = {"14", "15", "17", "18"};
    for (size_t i = 0; i < HR_ARRAY_LEN(gap_days); i++)
        fprintf(gf,
                "     1007\t2025-04-%s 08:55:00\t1\t0\t1\t0\r\n"
                "     1007\t2025-04-%s 18:05:00\t1\t1\t1\t0\r\n",
                gap_days[i], gap_days[i]);
    assert_int_equal(fclose(gf), 0);
    // --source names the device or site; the daemon checks it (a control character is no id).
    char *src_argv[] = {e.hrctl,  "import",       "attendance", "--source", "site\tB",
                        gap_path, "--config-dir", e.dir,        NULL};
    char *src_err = NULL;
    assert_int_equal(e2e_run(src_argv, &out, &src_err), 2);
    assert_non_null(strstr(src_err, "source: not an id"));
    hr_free(out);
    hr_free(src_err);
    assert_int_equal(
        s_hrctl(&e, &out, "import", "attendance", "--format", "zkteco", gap_path, NULL, NULL), 0);
    hr_free(out);
    hr_free(gap_path);
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "1007", "--from", "2025-03-17", "--to", "2025-04-18", "--json"),
        0);
    json_t *gap = json_loads(out, 0, &wje);
    assert_non_null(gap);
    hr_free(out);
    json_t *gabs = s_fact(json_object_get(gap, "facts"), "absences");
    assert_true(json_real_value(json_object_get(gabs, "value")) == 2); // 03-28 and 04-16
    assert_string_equal(json_string_value(json_object_get(json_object_get(gabs, "window"), "to")),
                        "2025-04-18");
    assert_non_null(strstr(json_string_value(json_object_get(gabs, "text_zh")),
                           "其间有9个工作日（2025-03-31..2025-04-11）没有导入的考勤数据，未计。"));
    json_decref(gap);
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "1007", "--from", "2025-03-17", "--to", "2025-04-18", NULL), 0);
    assert_non_null(strstr(out, "attendance: 9 working days inside not covered by any attendance "
                                "import of this person (2025-03-31..2025-04-11): not counted"));
    hr_free(out);

    // Metrics: the feeds' figures; process metrics honestly absent.
    assert_int_equal(s_hrctl(&e, &out, "metrics", NULL, NULL, NULL, NULL, NULL, NULL), 0);
    assert_non_null(strstr(out, "feed.unmatched_pins"));
    assert_non_null(strstr(out, "process.available"));
    hr_free(out);

    // A file every record of which is quarantined (the time column's dates are not the date
    // column's) imports nothing: hrctl exits 1 and says so, the rows are in quarantine.
    char *allbad_path = hr_strfmt("%s/allbad.csv", e.dir);
    FILE *bf = fopen(allbad_path, "w");
    assert_non_null(bf);
    fputs("考勤号,日期,时间\n1007,2025-04-21,2025-04-22 09:00:00\n1007,2025-04-21,2025-04-20 "
          "18:00:00\n",
          bf);
    assert_int_equal(fclose(bf), 0);
    char *bad_argv[] = {e.hrctl, "import", "attendance", allbad_path, "--config-dir", e.dir, NULL};
    char *bad_err = NULL;
    assert_int_equal(e2e_run(bad_argv, &out, &bad_err), 1);
    assert_non_null(strstr(out, "quarantined 2"));
    assert_non_null(strstr(out, "is not on the row's date 2025-04-21"));
    assert_non_null(strstr(bad_err, "every record was quarantined (2): nothing imported"));
    hr_free(out);
    hr_free(bad_err);
    hr_free(allbad_path);

    // The service clock (sys.ClockSet) back to 2025-03-26 10:00 in Beijing: the days from
    // today on are not over, whatever the feed holds, and are not counted.
    int32_t day26 = 0;
    assert_true(hr_date_parse("2025-03-26", &day26));
    hr_clock_t *wall = hr_clock_system_new();
    int64_t want_ms = hr_ms_of_day(day26, HR_TZ_SHANGHAI_MIN) + 10 * HR_HOUR_MS;
    assert_int_equal(e2e_clock_advance(e.c, want_ms - hr_clock_now_ms(wall)), 0);
    hr_clock_destroy(&wall);
    json_t *r3 = s_facts(&e);
    json_t *abs3 = s_fact(json_object_get(r3, "facts"), "absences");
    assert_string_equal(json_string_value(json_object_get(json_object_get(abs3, "window"), "to")),
                        "2025-03-25");
    assert_non_null(strstr(
        json_string_value(json_object_get(json_object_get(r3, "attendance"), "note")), "not over"));
    json_decref(r3);

    json_decref(r);
    json_decref(r2);
    json_decref(p);
    json_decref(a);
    json_decref(z);
    json_decref(d);
    json_decref(t);
    hr_free(cal);
    hr_free(e.hrctl);
    hr_free(e.dir);
    assert_int_equal(e2e_stop(&e.c), 0);
}

static pid_t s_api_pid; // the fake API, killed at exit even when an assertion jumped out

static void s_kill_api(void)
{
    if (s_api_pid > 0) {
        kill(s_api_pid, SIGTERM);
        waitpid(s_api_pid, NULL, 0);
        s_api_pid = 0;
    }
}

// Starts tests/e2e/fake_attendance_api.py; returns its pid and port.
static pid_t s_fake_api(const char *dir, int *port)
{
    char *script = hr_test_source_path("tests/e2e/fake_attendance_api.py");
    char *port_file = hr_strfmt("%s/api.port", dir);
    char *log_file = hr_strfmt("%s/api.log", dir);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/usr/bin/python3", "python3", script, port_file, log_file, (char *)NULL);
        _exit(127);
    }
    s_api_pid = pid;
    atexit(s_kill_api);
    *port = 0;
    for (int i = 0; i < 200 && !*port; i++) { // process start-up, not business time
        char *text = hr_test_read_file(port_file, NULL);
        if (text) {
            *port = (int)strtol(text, NULL, 10);
            hr_free(text);
        } else {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    hr_free(script);
    hr_free(port_file);
    hr_free(log_file);
    return pid;
}

static void test_pull_connectors_page_through_the_vendor_apis(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("anpull");
    int port = 0;
    pid_t api = s_fake_api(e2e_dir(e.c), &port);
    assert_true(port > 0);
    char *base = hr_strfmt("http://127.0.0.1:%d", port);
    char *ding_secret = hr_strfmt("%s/ding.secret", e2e_dir(e.c));
    char *wx_secret = hr_strfmt("%s/wx.secret", e2e_dir(e.c));
    assert_int_equal(hr_test_write_file(ding_secret, "ding-secret\n", 12), 0);
    assert_int_equal(hr_test_write_file(wx_secret, "wx-secret\n", 10), 0);
    e2e_config(e.c, "analytics", "dingtalk/base_url", base);
    e2e_config(e.c, "analytics", "dingtalk/appkey", "ding-key");
    e2e_config(e.c, "analytics", "dingtalk/page_size", "2");
    e2e_config(e.c, "analytics", "dingtalk/appsecret_file", ding_secret);
    e2e_config(e.c, "analytics", "wecom/base_url", base);
    e2e_config(e.c, "analytics", "wecom/corpid", "wx-corp");
    e2e_config(e.c, "analytics", "wecom/corpsecret_file", wx_secret);
    assert_int_equal(e2e_start_one(e.c, "analytics", NULL), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));
    char *people = hr_strfmt("%s/people.csv", e2e_dir(e.c));
    const char *ptext = "employee_no,pin,department\n3001,d1,X\n3002,w1,X\n";
    assert_int_equal(hr_test_write_file(people, ptext, strlen(ptext)), 0);
    char *out = NULL;
    assert_int_equal(s_hrctl(&e, &out, "import", "pins", people, NULL, NULL, NULL, NULL), 0);
    hr_free(out);

    // DingTalk: a token, then attendance/list paged two rows at a time while hasMore.
    assert_int_equal(s_hrctl(&e, &out, "pull", "dingtalk", "--from", "2025-03-17", "--to",
                             "2025-03-21", "--users"),
                     2); // --users without a value is a usage error
    hr_free(out);
    char *argv[] = {e.hrctl,        "pull",       "dingtalk", "--from", "2025-03-17",
                    "--to",         "2025-03-21", "--users",  "d1",     "--json",
                    "--config-dir", e.dir,        NULL};
    char *err = NULL;
    int prc = e2e_run(argv, &out, &err);
    if (prc)
        fprintf(stderr, "hrctl pull: %s\n", err);
    assert_int_equal(prc, 0);
    hr_free(err);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    hr_free(out);
    assert_int_equal(s_int(j, "pages"), 4);    // 7 rows, 2 a page
    assert_int_equal(s_int(j, "accepted"), 6); // the NotSigned row is not a punch
    assert_int_equal(s_int(j, "unmatched_pins"), 0);
    json_decref(j);
    char *log_path = hr_strfmt("%s/api.log", e2e_dir(e.c));
    char *log = hr_test_read_file(log_path, NULL);
    assert_non_null(log);
    assert_non_null(strstr(log, "/gettoken\n/attendance/list offset=0\n/attendance/list offset=2\n"
                                "/attendance/list offset=4\n/attendance/list offset=6\n"));
    hr_free(log);
    // The same pull again brings the same bytes: nothing changes.
    assert_int_equal(e2e_run(argv, &out, &err), 0);
    hr_free(err);
    assert_non_null(strstr(out, "\"already_imported\": true"));
    hr_free(out);

    // WeCom: seconds, a 未打卡 row that is not a punch.
    char *wargv[] = {e.hrctl,      "pull",    "wecom", "--from",       "2025-03-17", "--to",
                     "2025-03-17", "--users", "w1",    "--config-dir", e.dir,        NULL};
    assert_int_equal(e2e_run(wargv, &out, &err), 0);
    hr_free(err);
    assert_non_null(strstr(out, "accepted 1"));
    hr_free(out);
    assert_int_equal(
        s_hrctl(&e, &out, "facts", "3002", "--from", "2025-03-17", "--to", "2025-03-17", "--json"),
        0);
    j = json_loads(out, 0, &je);
    hr_free(out);
    json_t *facts = json_object_get(j, "facts");
    // The day's one punch (10:30, the 下班打卡 was 未打卡) is a missing punch, not a lateness.
    assert_true(s_value(facts, "late_minutes") == 0);
    assert_true(s_value(facts, "missing_punches") == 1);
    json_t *src = json_array_get(json_object_get(s_fact(facts, "missing_punches"), "sources"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(src, "file_name")), "wecom-pull-"));
    json_decref(j);

    // A refused token is an error naming the vendor's message (hrctl reads the secret file
    // each time).
    assert_int_equal(hr_test_write_file(wx_secret, "nope\n", 5), 0);
    assert_int_equal(e2e_run(wargv, &out, &err), 1);
    assert_non_null(strstr(err, "invalid credential"));
    hr_free(out);
    hr_free(err);

    assert_int_equal(api, s_api_pid);
    s_kill_api();
    hr_free(log_path);
    hr_free(people);
    hr_free(base);
    hr_free(ding_secret);
    hr_free(wx_secret);
    hr_free(e.hrctl);
    hr_free(e.dir);
    assert_int_equal(e2e_stop(&e.c), 0);
}

// A file larger than one frame (hrctl sends 4 MiB frames): joined by the daemon, every row in.
static void test_a_file_of_several_frames_is_imported_whole(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("anbig");
    assert_int_equal(e2e_start_one(e.c, "analytics", NULL), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));
    size_t cap = 12 * 1024 * 1024, len = 0;
    char *text = hr_alloc(cap);
    len += (size_t)snprintf(text, cap, "pin,time\n");
    int rows = 0;
    for (int day = 3; day <= 28 && len + 64 < cap; day++)
        for (int p = 0; p < 12000 && len + 64 < cap; p++, rows++)
            len += (size_t)snprintf(text + len, cap - len, "%d,2025-03-%02d 09:%02d:00\n",
                                    500000 + p, day, p % 60);
    char *path = hr_strfmt("%s/big.csv", e2e_dir(e.c));
    assert_int_equal(hr_test_write_file(path, text, len), 0);
    assert_true(len > 8 * 1024 * 1024); // three frames
    char *out = NULL;
    assert_int_equal(s_hrctl(&e, &out, "import", "attendance", "--json", path, NULL, NULL, NULL),
                     0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    assert_int_equal(s_int(j, "accepted"), rows);
    assert_int_equal(s_int(j, "lines"), rows);
    json_decref(j);
    hr_free(out);
    hr_free(path);
    hr_free(text);
    hr_free(e.hrctl);
    hr_free(e.dir);
    assert_int_equal(e2e_stop(&e.c), 0);
}

static json_t *s_facts_of(s_env_t *e, const char *emp)
{
    char *out = NULL;
    assert_int_equal(
        s_hrctl(e, &out, "facts", emp, "--from", "2026-11-02", "--to", "2026-11-06", "--json"), 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    hr_free(out);
    return j;
}

// The note of the fact's source of day (NULL when none).
static const char *s_note(json_t *fact, const char *day)
{
    size_t i;
    json_t *src;
    json_array_foreach(json_object_get(fact, "sources"), i, src)
    {
        if (!strcmp(json_string_value(json_object_get(src, "day")), day))
            return json_string_value(json_object_get(src, "note"));
    }
    return NULL;
}

// The vendors' own schedule, result and approvals (README "Vendor results"), through hrctl and the
// real daemon: DingTalk's baseCheckTime 10:00 with timeResult Normal at 09:55 is no lateness
// against the company's 09:00 (was 5 late arrivals, 275 minutes); its Late at 10:20 is 20 minutes
// from its 10:00, saying so; its Normal at 09:10 against 09:00 is not counted and the fact says
// why, citing the record; a day whose slots are NotSigned with procInstId proc-annual-leave-77 is
// no absence and the fact names the approval. WeCom's sch_checkin_time 10:00 with exception_type
// "" at 09:58 is no lateness (was "58 min late"); its 时间异常 at 10:05 is 5 minutes late.
static void test_vendor_schedules_results_and_approvals_decide(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("anvendor");
    assert_int_equal(e2e_start_one(e.c, "analytics", NULL), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));
    json_decref(s_import(&e, "pins", "generic", "vendor_people.csv"));
    json_t *d = s_import(&e, "attendance", "dingtalk", "vendor_dingtalk.json");
    assert_int_equal(s_int(d, "skipped"), 2); // dt01's NotSigned slots: no punches
    json_decref(d);
    json_decref(s_import(&e, "attendance", "wecom", "vendor_wecom.json"));

    json_t *j = s_facts_of(&e, "D003");
    json_t *facts = json_object_get(j, "facts");
    json_t *late = s_fact(facts, "late_arrivals");
    assert_true(s_value(facts, "late_arrivals") == 1);
    assert_true(s_value(facts, "late_minutes") == 20);
    assert_true(s_value(facts, "early_leaves") == 0);
    assert_string_equal(json_string_value(json_array_get(json_object_get(late, "days"), 0)),
                        "2026-11-06");
    const char *note = s_note(late, "2026-11-06");
    assert_non_null(note);
    assert_non_null(strstr(note, "arrival 10:20, 20 min late (scheduled 10:00 by DingTalk's own "
                                 "record: baseCheckTime"));
    assert_non_null(strstr(note, "import 2 record 35; its result: Late)")); // the record cited
    json_t *src = json_array_get(json_object_get(late, "sources"), 0);
    assert_non_null(
        strstr(json_string_value(json_object_get(src, "raw")), "\"timeResult\":\"Late\""));
    json_decref(j);

    j = s_facts_of(&e, "D004"); // 09:10 against 09:00, and DingTalk says Normal
    facts = json_object_get(j, "facts");
    late = s_fact(facts, "late_arrivals");
    assert_true(s_value(facts, "late_arrivals") == 0);
    assert_int_equal(json_array_size(json_object_get(late, "days")), 0);
    note = s_note(late, "2026-11-04");
    assert_non_null(note);
    assert_non_null(strstr(note, "not counted: arrival 09:10 is 10 min after the scheduled 09:00 "
                                 "(baseCheckTime), but DingTalk's own result for it is Normal"));
    assert_non_null(
        strstr(json_string_value(json_object_get(late, "text_zh")), "自身的结果为正常"));
    assert_non_null(strstr(json_string_value(json_object_get(late, "text_en")),
                           "1 more arrival after the scheduled time is not counted"));
    json_decref(j);

    j = s_facts_of(&e, "D001"); // 11-05: NotSigned with the approval proc-annual-leave-77
    facts = json_object_get(j, "facts");
    json_t *abs = s_fact(facts, "absences");
    assert_true(s_value(facts, "absences") == 0);
    assert_true(s_value(facts, "missing_punches") == 0);
    note = s_note(abs, "2026-11-05");
    assert_non_null(note);
    assert_non_null(strstr(note, "not an absence"));
    assert_non_null(strstr(note, "approval proc-annual-leave-77"));
    src = json_array_get(json_object_get(abs, "sources"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(src, "raw")), "proc-annual-leave-77"));
    assert_non_null(strstr(json_string_value(json_object_get(abs, "text_en")),
                           "approval in the attendance app (DingTalk: proc-annual-leave-77)"));
    json_decref(j);

    j = s_facts_of(&e, "W001"); // WeCom's 10:00, 09:58 without exception; 10:05 时间异常
    facts = json_object_get(j, "facts");
    late = s_fact(facts, "late_arrivals");
    assert_true(s_value(facts, "late_arrivals") == 1);
    assert_true(s_value(facts, "late_minutes") == 5);
    assert_true(s_value(facts, "early_leaves") == 0);
    note = s_note(late, "2026-11-06");
    assert_non_null(note);
    assert_non_null(strstr(note, "scheduled 10:00 by WeCom's own record: sch_checkin_time"));
    json_decref(j);

    hr_free(e.hrctl);
    hr_free(e.dir);
    assert_int_equal(e2e_stop(&e.c), 0);
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("%s lacks '%s':\n%s", what, part, text);
}

// hrctl with args as the operator, which must exit 0: its stdout (owned).
static char *s_ok(e2e_t *c, const char *const *args);
// The same, its output dropped.
static void s_run_ok(e2e_t *c, const char *const *args)
{
    char *out = s_ok(c, args);
    hr_free(out);
}

// hrctl with args as the operator, which must exit 0: its stdout (owned).
static char *s_ok(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl %s %s: exit %d: %s", args[0], args[1], rc, err ? err : "");
    hr_free(err);
    return out;
}

static char *s_write(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    return path;
}

// The real daemon and hrctl over three months: QZ's people imported on 2026-09-30, October's
// attendance on 11-02 (Z1, Z2, Z3 late three times, Z4, Z5 never), a people import on 11-20 that
// moves Z2 and Z3 to QX. Z1's October is compared with the four colleagues QZ had in October
// before and after the move (it was "QZ，2人": too small to compare, after the fact), and a
// restart keeps the history.
static void test_a_move_leaves_the_team_of_a_past_window_alone(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("anteam");
    int32_t sep30 = 0;
    assert_true(hr_date_parse("2026-09-30", &sep30));
    e2e_clock_pin(c, hr_ms_of_day(sep30, HR_TZ_SHANGHAI_MIN) + 10 * HR_HOUR_MS);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    char *pins = s_write(c, "pins.csv",
                         "employee_no,pin,department,hire_date\nZ1,801,QZ,2020-01-01\n"
                         "Z2,802,QZ,2020-01-01\nZ3,803,QZ,2020-01-01\nZ4,804,QZ,2020-01-01\n"
                         "Z5,805,QZ,2020-01-01\n");
    s_run_ok(c, (const char *[]){"import", "pins", pins, NULL});
    size_t cap = 64 * 1024, len = 0;
    char *att = hr_alloc(cap);
    len += (size_t)snprintf(att, cap, "pin,time\n");
    for (int32_t d = sep30 + 1; d <= sep30 + 30; d++) // 10-01 .. 10-30
        for (int pin = 801; pin <= 805; pin++) {
            char day[HR_DATE_LEN];
            hr_date_format(d, day);
            bool late = pin <= 803 && (!strcmp(day, "2026-10-13") || !strcmp(day, "2026-10-15") ||
                                       !strcmp(day, "2026-10-20"));
            len += (size_t)snprintf(att + len, cap - len, "%d,%s %s\n%d,%s 18:05:00\n", pin, day,
                                    late ? "09:30:00" : "08:55:00", pin, day);
        }
    char *att_path = s_write(c, "att.csv", att);
    hr_free(att);
    assert_int_equal(e2e_clock_advance(c, INT64_C(33) * HR_DAY_MS), 0); // 11-02
    s_run_ok(c, (const char *[]){"import", "attendance", att_path, NULL});
    const char *facts[] = {"facts", "Z1", "--from", "2026-10-01", "--to", "2026-10-31", NULL};
    assert_int_equal(e2e_clock_advance(c, INT64_C(18) * HR_DAY_MS), 0); // 11-20
    char *before = s_ok(c, facts);
    s_has("facts before the move", before, "QZ，4人");
    char *move = s_write(c, "move.csv", "employee_no,pin,department\nZ2,802,QX\nZ3,803,QX\n");
    s_run_ok(c, (const char *[]){"import", "pins", move, NULL});
    char *after = s_ok(c, facts);
    assert_string_equal(after, before); // October's team is October's
    e2e_kill(c, "analytics", SIGTERM);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    hr_free(after);
    after = s_ok(c, facts);
    assert_string_equal(after, before);
    // Z2 is in QX from 11-20 on.
    assert_int_equal(e2e_clock_advance(c, HR_DAY_MS), 0);
    char *z2 = s_ok(
        c, (const char *[]){"facts", "Z2", "--from", "2026-11-20", "--to", "2026-11-20", NULL});
    s_has("Z2 after the move", z2, "department QX");
    hr_free(z2);
    hr_free(after);
    hr_free(before);
    hr_free(move);
    hr_free(att_path);
    hr_free(pins);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_company_facts_with_provenance),
        cmocka_unit_test(test_pull_connectors_page_through_the_vendor_apis),
        cmocka_unit_test(test_a_file_of_several_frames_is_imported_whole),
        cmocka_unit_test(test_vendor_schedules_results_and_approvals_decide),
        cmocka_unit_test(test_a_move_leaves_the_team_of_a_past_window_alone),
    };
    return cmocka_run_group_tests_name("e2e.analytics", tests, NULL, NULL);
}
