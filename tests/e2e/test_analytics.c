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

#include "an_e2e.h"
#include "hr_calendar.h"
#include "hr_test.h"

// hrctl facts for 1007 over the fixtures' two weeks: the document (owned).
static json_t *s_facts(e2e_t *c)
{
    return ane_json(c, (const char *const[]){"facts", "1007", "--from", "2025-03-17", "--to",
                                             "2025-03-28", "--json", NULL});
}

static void test_small_company_facts_with_provenance(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_start("analytics", ANE_CALENDAR);

    json_t *p = ane_import_fixture(c, "pins", "generic", "people.csv");
    assert_int_equal(ane_int(p, "accepted"), 9);
    assert_string_equal(json_string_value(json_object_get(p, "encoding")), "utf-8-bom");
    json_decref(ane_import_fixture(c, "schedules", "generic", "schedules.csv"));
    json_decref(ane_import_fixture(c, "leave", "generic", "leave.csv"));
    json_t *a = ane_import_fixture(c, "attendance", "generic", "attendance.csv");
    assert_int_equal(ane_int(a, "quarantined"), 1);
    assert_int_equal(ane_int(a, "duplicates"), 1);
    assert_int_equal(ane_int(a, "unmatched_pins"), 1);
    json_t *bad = json_array_get(json_object_get(a, "bad_rows"), 0);
    assert_int_equal(ane_int(bad, "line"), 120);
    const char *att_id = json_string_value(json_object_get(a, "file_id"));
    json_t *z = ane_import_fixture(c, "attendance", "zkteco", "1_attlog.dat");
    assert_int_equal(ane_int(z, "accepted"), 40);
    assert_int_equal(ane_int(z, "unmatched_pins"), 0);
    json_t *d = ane_import_fixture(c, "attendance", "dingtalk", "dingtalk.json");
    assert_int_equal(ane_int(d, "accepted"), 20);
    json_t *t = ane_import_fixture(c, "training", "generic", "training.csv");
    assert_string_equal(json_string_value(json_object_get(t, "encoding")), "gb18030");
    assert_int_equal(ane_int(t, "accepted"), 3);
    json_decref(ane_import_fixture(c, "performance", "generic", "performance.csv"));
    json_decref(ane_import_fixture(c, "surveys", "generic", "surveys.csv"));

    // The same file again: nothing changes.
    json_t *again = ane_import_fixture(c, "attendance", "generic", "attendance.csv");
    assert_true(json_is_true(json_object_get(again, "already_imported")));
    json_decref(again);

    json_t *r = s_facts(c);
    assert_int_equal(ane_int(r, "working_days"), 10);
    assert_true(ane_value(r, "late_arrivals") == 3);
    assert_true(ane_value(r, "late_over_60") == 3);
    assert_true(ane_value(r, "late_minutes") == 80 + 65 + 150);
    assert_true(ane_value(r, "early_leaves") == 1);
    assert_true(ane_value(r, "missing_punches") == 1);
    assert_true(ane_value(r, "absences") == 1);
    assert_true(ane_value(r, "kpi_attainment") == 30);
    assert_true(ane_value(r, "training_failed") == 1);
    // Provenance: the 11:30 arrival on 2025-03-25 is a line of attendance.csv, shown as stored.
    json_t *late = ane_fact(r, "late_over_60", NULL);
    json_t *srcs = json_object_get(late, "sources");
    assert_int_equal(json_array_size(srcs), 3);
    json_t *s3 = json_array_get(srcs, 2);
    assert_string_equal(json_string_value(json_object_get(s3, "file_id")), att_id);
    assert_string_equal(json_string_value(json_object_get(s3, "file_name")), "attendance.csv");
    assert_string_equal(json_string_value(json_object_get(s3, "raw")),
                        "1007,2025-03-25 11:30:00,0,1");
    assert_string_equal(json_string_value(json_object_get(s3, "day")), "2025-03-25");
    assert_true(ane_int(s3, "line") > 1);
    json_t *cmp = json_object_get(late, "comparison");
    // The colleagues, 1007 left out: 1001-1006, none more than an hour late (1006 from the
    // DingTalk pull) - six, median 0 (it was 7 with 1007 in it).
    assert_int_equal(ane_int(cmp, "team_size"), 6);
    assert_true(json_real_value(json_object_get(cmp, "team_median")) == 0);
    assert_non_null(
        strstr(json_string_value(json_object_get(late, "text_zh")), "迟到超过60分钟3次"));
    assert_non_null(strstr(json_string_value(json_object_get(late, "text_en")), "3 times"));
    json_t *kpi = json_object_get(ane_fact(r, "kpi_attainment", NULL), "comparison");
    assert_true(json_real_value(json_object_get(kpi, "team_median")) == 100);

    // Kill -9 and restart: the same facts from the same records.
    e2e_kill(c, "analytics", SIGKILL);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    json_t *r2 = s_facts(c);
    char *t1 = json_dumps(r, JSON_SORT_KEYS), *t2 = json_dumps(r2, JSON_SORT_KEYS);
    assert_string_equal(t1, t2);
    free(t1);
    free(t2);

    // An unmatched PIN can still be asked for; an unknown employee is ENOTFOUND (exit 1).
    char *out = ane_run(c, 0, NULL,
                        (const char *const[]){"facts", "--pin", "9999", "--from", "2025-03-18",
                                              "--to", "2025-03-18", NULL});
    assert_non_null(strstr(out, "missing_punches = 1"));
    hr_free(out);
    char *err = ane_err(
        c, 1,
        (const char *const[]){"facts", "4242", "--from", "2025-03-17", "--to", "2025-03-28", NULL});
    assert_non_null(strstr(err, "not in the people feed"));
    hr_free(err);

    // The broken row is kept with its reason and text.
    out = ane_run(c, 0, NULL, (const char *const[]){"quarantine", "--json", NULL});
    assert_non_null(strstr(out, "1007,2025/3/32 09:00,0,1"));
    assert_non_null(strstr(out, "\"line\": 120"));
    hr_free(out);

    // Early warnings over the two weeks: 1007 (late more than an hour three times, none in the
    // two weeks before; KPI at 30 %), nobody else.
    json_t *wj = ane_json(c, (const char *const[]){"warnings", "--from", "2025-03-17", "--to",
                                                   "2025-03-28", "--json", NULL});
    json_t *warns = json_object_get(wj, "warnings");
    assert_int_equal(ane_int(wj, "people"), 9);
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
    wj = ane_json(c, (const char *const[]){"warnings", "--from", "2025-03-17", "--to", "2025-04-11",
                                           "--json", NULL});
    warns = json_object_get(wj, "warnings");
    assert_int_equal(json_array_size(warns), 2);
    w0 = json_array_get(warns, 0);
    assert_string_equal(json_string_value(json_object_get(w0, "code")), "late_over_60");
    assert_string_equal(json_string_value(json_object_get(w0, "to")), "2025-03-28");
    json_decref(wj);
    json_t *past = ane_json(c, (const char *const[]){"facts", "1007", "--from", "2025-03-17",
                                                     "--to", "2025-04-11", "--json", NULL});
    json_t *pabs = ane_fact(past, "absences", NULL);
    assert_true(json_real_value(json_object_get(pabs, "value")) == 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(pabs, "window"), "to")),
                        "2025-03-28");
    assert_non_null(strstr(json_string_value(json_object_get(pabs, "text_zh")),
                           "2025-03-17至2025-03-28期间，有1个工作日"));
    assert_non_null(
        strstr(json_string_value(json_object_get(pabs, "text_zh")), "考勤数据只导入至2025-03-28"));
    json_decref(past);
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "1007", "--from", "2025-03-31", "--to", "2025-04-11", NULL});
    assert_non_null(strstr(out, "attendance: nothing is counted"));
    assert_null(strstr(out, "absences"));
    hr_free(out);

    // A ZKTeco TFT export (serial on the first line) for the week of 04-14, 1007 absent on
    // Wednesday: the two weeks before it (03-31..04-11) were never imported and are nobody's
    // absences; the facts count the covered days and say how many working days inside were not
    // covered (nine: 04-04 is Qingming).
    char *gap_path = hr_strfmt("%s/CDQ9201160023_attlog.dat", e2e_config_dir(c));
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
    char *src_err = NULL;
    out = ane_run(
        c, 2, &src_err,
        (const char *const[]){"import", "attendance", "--source", "site\tB", gap_path, NULL});
    assert_non_null(strstr(src_err, "source: not an id"));
    hr_free(out);
    hr_free(src_err);
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"import", "attendance", "--format", "zkteco", gap_path, NULL});
    hr_free(out);
    hr_free(gap_path);
    json_t *gap = ane_json(c, (const char *const[]){"facts", "1007", "--from", "2025-03-17", "--to",
                                                    "2025-04-18", "--json", NULL});
    json_t *gabs = ane_fact(gap, "absences", NULL);
    assert_true(json_real_value(json_object_get(gabs, "value")) == 2); // 03-28 and 04-16
    assert_string_equal(json_string_value(json_object_get(json_object_get(gabs, "window"), "to")),
                        "2025-04-18");
    assert_non_null(strstr(json_string_value(json_object_get(gabs, "text_zh")),
                           "其间有9个工作日（2025-03-31..2025-04-11）没有导入的考勤数据，未计。"));
    json_decref(gap);
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "1007", "--from", "2025-03-17", "--to", "2025-04-18", NULL});
    assert_non_null(strstr(out, "attendance: 9 working days inside not covered by any attendance "
                                "import of this person (2025-03-31..2025-04-11): not counted"));
    hr_free(out);

    // Metrics: the feeds' figures; process metrics honestly absent.
    out = ane_run(c, 0, NULL, (const char *const[]){"metrics", NULL});
    assert_non_null(strstr(out, "feed.unmatched_pins"));
    assert_non_null(strstr(out, "process.available"));
    hr_free(out);

    // A file every record of which is quarantined (the time column's dates are not the date
    // column's) imports nothing: hrctl exits 1 and says so, the rows are in quarantine.
    char *allbad_path = hr_strfmt("%s/allbad.csv", e2e_config_dir(c));
    FILE *bf = fopen(allbad_path, "w");
    assert_non_null(bf);
    fputs("考勤号,日期,时间\n1007,2025-04-21,2025-04-22 09:00:00\n1007,2025-04-21,2025-04-20 "
          "18:00:00\n",
          bf);
    assert_int_equal(fclose(bf), 0);
    char *bad_err = NULL;
    out = ane_run(c, 1, &bad_err, (const char *const[]){"import", "attendance", allbad_path, NULL});
    assert_non_null(strstr(out, "quarantined 2"));
    assert_non_null(strstr(out, "is not on the row's date 2025-04-21"));
    assert_non_null(strstr(bad_err, "every record was quarantined (2): nothing imported"));
    hr_free(out);
    hr_free(bad_err);
    hr_free(allbad_path);

    // A DingTalk reply is one line: its bad record is cited as a record, with its place and
    // field, by the import and by `hrctl quarantine` (and `record` in --json), never "line 2".
    char *dt_path = ane_write(c, "dt-bad.json",
                              "{\"errcode\":0,\"recordresult\":[{\"userId\":\"dt9\","
                              "\"userCheckTime\":1740963900000},{\"userId\":\"dt9\"}]}");
    out = ane_run(
        c, 0, NULL,
        (const char *const[]){"import", "attendance", "--format", "dingtalk", dt_path, NULL});
    assert_non_null(strstr(out, "record 2: recordresult[1]: userCheckTime: missing"));
    hr_free(out);
    out = ane_run(c, 0, NULL, (const char *const[]){"quarantine", NULL});
    assert_non_null(strstr(out, "dt-bad.json record 2: recordresult[1]: userCheckTime: missing"));
    hr_free(out);
    json_t *qj = ane_json(c, (const char *const[]){"quarantine", "--json", NULL});
    bool cited = false;
    for (size_t i = 0; i < json_array_size(json_object_get(qj, "rows")); i++) {
        json_t *row = json_array_get(json_object_get(qj, "rows"), i);
        if (!strcmp(json_string_value(json_object_get(row, "file_name")), "dt-bad.json"))
            cited = json_integer_value(json_object_get(row, "record")) == 2 &&
                    !json_object_get(row, "line");
    }
    assert_true(cited);
    json_decref(qj);
    hr_free(dt_path);

    // The service clock (sys.ClockSet) back to 2025-03-26 10:00 in Beijing: the days from
    // today on are not over, whatever the feed holds, and are not counted.
    int32_t day26 = 0;
    assert_true(hr_date_parse("2025-03-26", &day26));
    hr_clock_t *wall = hr_clock_system_new();
    int64_t want_ms = hr_ms_of_day(day26, HR_TZ_SHANGHAI_MIN) + 10 * HR_HOUR_MS;
    assert_int_equal(e2e_clock_advance(c, want_ms - hr_clock_now_ms(wall)), 0);
    hr_clock_destroy(&wall);
    json_t *r3 = s_facts(c);
    json_t *abs3 = ane_fact(r3, "absences", NULL);
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
    assert_int_equal(e2e_stop(&c), 0);
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
    e2e_t *c = ane_new("anpull", NULL);
    int port = 0;
    pid_t api = s_fake_api(e2e_dir(c), &port);
    assert_true(port > 0);
    char *base = hr_strfmt("http://127.0.0.1:%d", port);
    char *ding_secret = hr_strfmt("%s/ding.secret", e2e_dir(c));
    char *wx_secret = hr_strfmt("%s/wx.secret", e2e_dir(c));
    assert_int_equal(hr_test_write_file(ding_secret, "ding-secret\n", 12), 0);
    assert_int_equal(hr_test_write_file(wx_secret, "wx-secret\n", 10), 0);
    e2e_config(c, "analytics", "dingtalk/base_url", base);
    e2e_config(c, "analytics", "dingtalk/appkey", "ding-key");
    e2e_config(c, "analytics", "dingtalk/page_size", "2");
    e2e_config(c, "analytics", "dingtalk/appsecret_file", ding_secret);
    e2e_config(c, "analytics", "wecom/base_url", base);
    e2e_config(c, "analytics", "wecom/corpid", "wx-corp");
    e2e_config(c, "analytics", "wecom/corpsecret_file", wx_secret);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    char *people = hr_strfmt("%s/people.csv", e2e_dir(c));
    const char *ptext = "employee_no,pin,department\n3001,d1,X\n3002,w1,X\n";
    assert_int_equal(hr_test_write_file(people, ptext, strlen(ptext)), 0);
    ane_ok(c, (const char *const[]){"import", "pins", people, NULL});

    // DingTalk: a token, then attendance/list paged two rows at a time while hasMore.
    char *usage = ane_err(c, 2, // --users without a value is a usage error
                          (const char *const[]){"pull", "dingtalk", "--from", "2025-03-17", "--to",
                                                "2025-03-21", "--users", NULL});
    hr_free(usage);
    const char *const pull[] = {"pull",       "dingtalk", "--from", "2025-03-17", "--to",
                                "2025-03-21", "--users",  "d1",     "--json",     NULL};
    json_t *j = ane_json(c, pull);
    assert_int_equal(ane_int(j, "pages"), 4);    // 7 rows, 2 a page
    assert_int_equal(ane_int(j, "accepted"), 6); // the NotSigned row is not a punch
    assert_int_equal(ane_int(j, "unmatched_pins"), 0);
    json_decref(j);
    char *log_path = hr_strfmt("%s/api.log", e2e_dir(c));
    char *log = hr_test_read_file(log_path, NULL);
    assert_non_null(log);
    assert_non_null(strstr(log, "/gettoken\n/attendance/list offset=0\n/attendance/list offset=2\n"
                                "/attendance/list offset=4\n/attendance/list offset=6\n"));
    hr_free(log);
    // The same pull again brings the same bytes: nothing changes.
    char *out = ane_run(c, 0, NULL, pull);
    assert_non_null(strstr(out, "\"already_imported\": true"));
    hr_free(out);

    // WeCom: seconds, a 未打卡 row that is not a punch.
    const char *const wecom[] = {"pull",       "wecom",   "--from", "2025-03-17", "--to",
                                 "2025-03-17", "--users", "w1",     NULL};
    out = ane_run(c, 0, NULL, wecom);
    assert_non_null(strstr(out, "accepted 1"));
    hr_free(out);
    j = ane_json(c, (const char *const[]){"facts", "3002", "--from", "2025-03-17", "--to",
                                          "2025-03-17", "--json", NULL});
    // The day's one punch (10:30, the 下班打卡 was 未打卡) is a missing punch, not a lateness.
    assert_true(ane_value(j, "late_minutes") == 0);
    assert_true(ane_value(j, "missing_punches") == 1);
    json_t *src =
        json_array_get(json_object_get(ane_fact(j, "missing_punches", NULL), "sources"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(src, "file_name")), "wecom-pull-"));
    json_decref(j);

    // A refused token is an error naming the vendor's message (hrctl reads the secret file
    // each time).
    assert_int_equal(hr_test_write_file(wx_secret, "nope\n", 5), 0);
    char *err = ane_err(c, 1, wecom);
    assert_non_null(strstr(err, "invalid credential"));
    hr_free(err);

    assert_int_equal(api, s_api_pid);
    s_kill_api();
    hr_free(log_path);
    hr_free(people);
    hr_free(base);
    hr_free(ding_secret);
    hr_free(wx_secret);
    assert_int_equal(e2e_stop(&c), 0);
}

// A file larger than one frame (hrctl sends 4 MiB frames): joined by the daemon, every row in.
static void test_a_file_of_several_frames_is_imported_whole(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_start("anbig", NULL);
    size_t cap = 12 * 1024 * 1024, len = 0;
    char *text = hr_alloc(cap);
    len += (size_t)snprintf(text, cap, "pin,time\n");
    int rows = 0;
    for (int day = 3; day <= 28 && len + 64 < cap; day++)
        for (int p = 0; p < 12000 && len + 64 < cap; p++, rows++)
            len += (size_t)snprintf(text + len, cap - len, "%d,2025-03-%02d 09:%02d:00\n",
                                    500000 + p, day, p % 60);
    char *path = hr_strfmt("%s/big.csv", e2e_dir(c));
    assert_int_equal(hr_test_write_file(path, text, len), 0);
    assert_true(len > 8 * 1024 * 1024); // three frames
    json_t *j = ane_import(c, "attendance", NULL, path);
    assert_int_equal(ane_int(j, "accepted"), rows);
    assert_int_equal(ane_int(j, "lines"), rows);
    json_decref(j);
    hr_free(path);
    hr_free(text);
    assert_int_equal(e2e_stop(&c), 0);
}

// hrctl facts for emp over the vendors' week: the document (owned).
static json_t *s_facts_of(e2e_t *c, const char *emp)
{
    return ane_json(c, (const char *const[]){"facts", emp, "--from", "2026-11-02", "--to",
                                             "2026-11-06", "--json", NULL});
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
    e2e_t *c = ane_start("anvendor", NULL);
    json_decref(ane_import_fixture(c, "pins", "generic", "vendor_people.csv"));
    json_t *d = ane_import_fixture(c, "attendance", "dingtalk", "vendor_dingtalk.json");
    assert_int_equal(ane_int(d, "skipped"), 2); // dt01's NotSigned slots: no punches
    json_decref(d);
    json_decref(ane_import_fixture(c, "attendance", "wecom", "vendor_wecom.json"));

    json_t *j = s_facts_of(c, "D003");
    json_t *late = ane_fact(j, "late_arrivals", NULL);
    assert_true(ane_value(j, "late_arrivals") == 1);
    assert_true(ane_value(j, "late_minutes") == 20);
    assert_true(ane_value(j, "early_leaves") == 0);
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

    j = s_facts_of(c, "D004"); // 09:10 against 09:00, and DingTalk says Normal
    late = ane_fact(j, "late_arrivals", NULL);
    assert_true(ane_value(j, "late_arrivals") == 0);
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

    j = s_facts_of(c, "D001"); // 11-05: NotSigned with the approval proc-annual-leave-77
    json_t *abs = ane_fact(j, "absences", NULL);
    assert_true(ane_value(j, "absences") == 0);
    assert_true(ane_value(j, "missing_punches") == 0);
    note = s_note(abs, "2026-11-05");
    assert_non_null(note);
    assert_non_null(strstr(note, "not an absence"));
    assert_non_null(strstr(note, "approval proc-annual-leave-77"));
    src = json_array_get(json_object_get(abs, "sources"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(src, "raw")), "proc-annual-leave-77"));
    assert_non_null(strstr(json_string_value(json_object_get(abs, "text_en")),
                           "approval in the attendance app (DingTalk: proc-annual-leave-77)"));
    json_decref(j);

    j = s_facts_of(c, "W001"); // WeCom's 10:00, 09:58 without exception; 10:05 时间异常
    late = ane_fact(j, "late_arrivals", NULL);
    assert_true(ane_value(j, "late_arrivals") == 1);
    assert_true(ane_value(j, "late_minutes") == 5);
    assert_true(ane_value(j, "early_leaves") == 0);
    note = s_note(late, "2026-11-06");
    assert_non_null(note);
    assert_non_null(strstr(note, "scheduled 10:00 by WeCom's own record: sch_checkin_time"));
    json_decref(j);

    assert_int_equal(e2e_stop(&c), 0);
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("%s lacks '%s':\n%s", what, part, text);
}

// The real daemon and hrctl over three months: QZ's people imported on 2026-09-30, its
// attendance from 09-28 to 10-30 on 11-02 (Z1, Z2, Z3 late three times in October, Z4, Z5 never;
// tests/fixtures/analytics/qz, as unit.analytics.compare has them), a people import on 11-20 that
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
    char *pins = ane_fixture("qz/people.csv");
    ane_ok(c, (const char *[]){"import", "pins", pins, NULL});
    char *att_path = ane_fixture("qz/attendance.csv");
    assert_int_equal(e2e_clock_advance(c, INT64_C(33) * HR_DAY_MS), 0); // 11-02
    ane_ok(c, (const char *[]){"import", "attendance", att_path, NULL});
    const char *facts[] = {"facts", "Z1", "--from", "2026-10-01", "--to", "2026-10-31", NULL};
    assert_int_equal(e2e_clock_advance(c, INT64_C(18) * HR_DAY_MS), 0); // 11-20
    char *before = ane_run(c, 0, NULL, facts);
    s_has("facts before the move", before, "QZ，4人");
    char *move = ane_write(c, "move.csv", "employee_no,pin,department\nZ2,802,QX\nZ3,803,QX\n");
    ane_ok(c, (const char *[]){"import", "pins", move, NULL});
    char *after = ane_run(c, 0, NULL, facts);
    assert_string_equal(after, before); // October's team is October's
    e2e_kill(c, "analytics", SIGTERM);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    hr_free(after);
    after = ane_run(c, 0, NULL, facts);
    assert_string_equal(after, before);
    // Z2 is in QX from 11-20 on.
    assert_int_equal(e2e_clock_advance(c, HR_DAY_MS), 0);
    char *z2 = ane_run(
        c, 0, NULL,
        (const char *[]){"facts", "Z2", "--from", "2026-11-20", "--to", "2026-11-20", NULL});
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
