/*  e2e.analytics_withdraw - the real hr-analytics daemon and hrctl: a mistaken import taken back
 *  (`hrctl import withdraw`). The company's feeds from tests/fixtures/analytics/ first; then a
 *  wrong attendance file (an early punch that hides a late arrival, three weeks of another
 *  export stretching the person's covered days, a bad row) and a wrong KPI file (the person's
 *  KPI row replaced): the facts change. Withdrawn, the facts, warnings and feed metrics are
 *  those of before, byte for byte of their JSON; the KPI value the wrong file replaced is back;
 *  the days it alone covered are no longer covered. The file stays readable (its text, its
 *  quarantined row, marked withdrawn in `import list` and `quarantine`), and the bad calls get
 *  clear errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "harness.h"
#include "hr_test.h"

// hrctl with args (NULL-terminated); asserts the exit code; stdout owned in *out, stderr
// (owned) returned.
static char *s_run(e2e_t *c, int want, char **out, const char *const *args)
{
    char *err = NULL, *o = NULL;
    int rc = e2e_hrctl(c, &o, &err, args);
    if (rc != want)
        fprintf(stderr, "hrctl %s %s: exit %d, wanted %d\n%s\n%s\n", args[0],
                args[1] ? args[1] : "", rc, want, o ? o : "", err ? err : "");
    assert_int_equal(rc, want);
    if (out)
        *out = o;
    else
        hr_free(o);
    return err;
}

// hrctl with args that prints JSON: exit 0, the document.
static json_t *s_json(e2e_t *c, const char *const *args)
{
    char *out = NULL;
    char *err = s_run(c, 0, &out, args);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    if (!j)
        fprintf(stderr, "not JSON: %s\n", out);
    assert_non_null(j);
    hr_free(out);
    hr_free(err);
    return j;
}

// The JSON text hrctl prints (sorted keys): what "the same" means below.
static char *s_text(e2e_t *c, const char *const *args)
{
    json_t *j = s_json(c, args);
    char *t = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    return t;
}

static json_t *s_import(e2e_t *c, const char *kind, const char *path)
{
    return s_json(c, (const char *const[]){"import", kind, "--json", path, NULL});
}

static char *s_fixture(const char *name)
{
    return hr_strfmt("%s/tests/fixtures/analytics/%s", HR_SOURCE_DIR, name);
}

static char *s_write(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static json_t *s_fact(json_t *facts_doc, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(facts_doc, "facts"), i, f)
    {
        if (!strcmp(json_string_value(json_object_get(f, "code")), code))
            return f;
    }
    return NULL;
}

static double s_value(json_t *facts_doc, const char *code)
{
    json_t *f = s_fact(facts_doc, code);
    assert_non_null(f);
    return json_real_value(json_object_get(f, "value"));
}

static const char *s_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    assert_non_null(s);
    return s;
}

// The wrong attendance export: 1001 every working day from 03-17 to 04-04 (another site's
// export), 1007 at 08:00 on 03-18 (the day 1007 came at 10:20), one punch again as stored, and a
// broken row.
static const char s_bad_attendance[] = "pin,time,state\n"
                                       "1001,2025-03-17 08:40:00,0\n"
                                       "1001,2025-03-18 08:40:00,0\n"
                                       "1007,2025-03-18 08:00:00,0\n"
                                       "1007,2025-03-18 18:05:00,1\n"
                                       "1001,2025-03-19 08:40:00,0\n"
                                       "1001,2025-03-20 08:40:00,0\n"
                                       "1001,2025-03-21 08:40:00,0\n"
                                       "1001,2025-03-24 08:40:00,0\n"
                                       "1001,2025-03-25 08:40:00,0\n"
                                       "1001,2025-03-26 08:40:00,0\n"
                                       "1001,2025-03-27 08:40:00,0\n"
                                       "1001,2025-03-28 08:40:00,0\n"
                                       "1001,2025-03-31 08:40:00,0\n"
                                       "1001,2025-04-01 08:40:00,0\n"
                                       "1001,2025-04-02 08:40:00,0\n"
                                       "1001,2025-04-03 08:40:00,0\n"
                                       "1001,2025-04-04 08:40:00,0\n"
                                       "1007,2025/4/40 09:00,0\n";

static void test_a_withdrawn_import_counts_for_nothing_and_stays_readable(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("an_withdraw");
    char *cal = hr_strfmt("%s/deploy/config/calendar.txt", HR_SOURCE_DIR);
    e2e_config(c, "analytics", "calendar/file", cal);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    const char *fixtures[][2] = {{"pins", "people.csv"},
                                 {"schedules", "schedules.csv"},
                                 {"attendance", "attendance.csv"},
                                 {"performance", "performance.csv"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(fixtures); i++) {
        char *path = s_fixture(fixtures[i][1]);
        json_decref(s_import(c, fixtures[i][0], path));
        hr_free(path);
    }
    const char *const facts_args[] = {"facts", "1007",       "--from", "2025-03-17",
                                      "--to",  "2025-04-04", "--json", NULL};
    const char *const warn_args[] = {"warnings",   "--from", "2025-03-17", "--to",
                                     "2025-04-04", "--json", NULL};
    const char *const metrics_args[] = {"metrics", "--json", NULL};
    char *facts0 = s_text(c, facts_args);
    char *warn0 = s_text(c, warn_args);
    char *metrics0 = s_text(c, metrics_args);
    json_t *f0 = json_loads(facts0, 0, NULL);
    assert_true(s_value(f0, "late_over_60") == 3);
    assert_true(s_value(f0, "kpi_attainment") == 30);
    // attendance.csv covers 1007 up to 2025-03-28: the week after is counted for nobody.
    assert_string_equal(s_str(json_object_get(f0, "attendance"), "to"), "2025-03-28");

    // The mistakes.
    char *bad_att = s_write(c, "other_site.csv", s_bad_attendance);
    char *bad_kpi =
        s_write(c, "kpi_test_export.csv",
                "employee_no,period,metric,target,actual\n1007,2025-03,new_clients,10,12\n");
    json_t *ba = s_import(c, "attendance", bad_att);
    assert_int_equal(json_integer_value(json_object_get(ba, "quarantined")), 1);
    char *att_no = hr_strfmt("%lld", (long long)json_integer_value(json_object_get(ba, "file_no")));
    json_t *bk = s_import(c, "performance", bad_kpi);
    assert_int_equal(json_integer_value(json_object_get(bk, "updated")), 1);
    char *kpi_id = hr_strdup(s_str(bk, "file_id"));

    json_t *f1 = s_json(c, facts_args);
    assert_true(s_value(f1, "late_over_60") == 2); // 03-18's 10:20 is no arrival any more
    assert_true(s_value(f1, "kpi_attainment") == 120);
    assert_string_equal(s_str(json_object_get(f1, "attendance"), "to"), "2025-04-04");
    assert_true(s_value(f1, "absences") > s_value(f0, "absences")); // 03-31..04-04 now counted
    char *facts1 = json_dumps(f1, JSON_SORT_KEYS);
    assert_string_not_equal(facts1, facts0);

    // The bad calls: nothing changes.
    char *err = s_run(c, 2, NULL,
                      (const char *const[]){"import", "withdraw", att_no, "--reason", "", NULL});
    assert_non_null(strstr(err, "reason: empty"));
    hr_free(err);
    err = s_run(c, 2, NULL,
                (const char *const[]){"import", "withdraw", att_no, "--reason", "  ", NULL});
    assert_non_null(strstr(err, "reason: empty"));
    hr_free(err);
    err = s_run(c, 2, NULL, (const char *const[]){"import", "withdraw", att_no, NULL});
    assert_non_null(strstr(err, "usage: hrctl import withdraw"));
    hr_free(err);
    err = s_run(c, 1, NULL,
                (const char *const[]){"import", "withdraw", "4242", "--reason", "test", NULL});
    assert_non_null(strstr(err, "no import number 4242"));
    hr_free(err);
    err = s_run(c, 1, NULL,
                (const char *const[]){"import", "withdraw",
                                      "00000000000000000000000000000000000000000000000000000000000"
                                      "00000",
                                      "--reason", "test", NULL});
    assert_non_null(strstr(err, "no import of file id"));
    hr_free(err);
    err =
        s_run(c, 2, NULL,
              (const char *const[]){"import", "withdraw", "other_site.csv", "--reason", "x", NULL});
    assert_non_null(strstr(err, "neither a file id"));
    hr_free(err);
    char *facts_same = s_text(c, facts_args);
    assert_string_equal(facts_same, facts1);
    hr_free(facts_same);

    // Withdrawn by number and by file id.
    json_t *wa =
        s_json(c, (const char *const[]){"import", "withdraw", att_no, "--reason",
                                        "export of the Shenzhen site, not ours", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(wa, "records_withdrawn")),
                     json_integer_value(json_object_get(ba, "accepted")));
    // attendance.csv still covers 03-17..03-28 for 1001 and 1007: 03-29..04-04 no longer is.
    assert_int_equal(json_integer_value(json_object_get(wa, "days_uncovered")), 7);
    assert_string_equal(json_string_value(json_array_get(json_object_get(wa, "uncovered"), 0)),
                        "2025-03-29..2025-04-04");
    assert_true(json_integer_value(json_object_get(wa, "person_days_after")) <
                json_integer_value(json_object_get(wa, "person_days_before")));
    json_t *wk = s_json(c, (const char *const[]){"import", "withdraw", kpi_id, "--reason",
                                                 "test export", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(wk, "rows_restored")), 1);
    assert_int_equal(json_integer_value(json_object_get(wk, "rows_removed")), 0);

    // As if they had never been imported.
    char *facts2 = s_text(c, facts_args);
    assert_string_equal(facts2, facts0);
    char *warn2 = s_text(c, warn_args);
    assert_string_equal(warn2, warn0);
    char *metrics2 = s_text(c, metrics_args);
    assert_string_equal(metrics2, metrics0);
    json_t *f2 = json_loads(facts2, 0, NULL);
    assert_true(s_value(f2, "kpi_attainment") == 30); // performance.csv's row is back
    assert_string_equal(s_str(json_object_get(f2, "attendance"), "to"), "2025-03-28");

    // Twice: refused, naming when and why.
    err = s_run(c, 1, NULL,
                (const char *const[]){"import", "withdraw", att_no, "--reason", "again", NULL});
    assert_non_null(strstr(err, "withdrawn already"));
    assert_non_null(strstr(err, "Shenzhen"));
    hr_free(err);
    // The same bytes again stay out.
    err = s_run(c, 1, NULL, (const char *const[]){"import", "attendance", bad_att, NULL});
    assert_non_null(strstr(err, "withdrawn"));
    hr_free(err);

    // Kept for audit: listed as withdrawn with who and why, its text and quarantined row.
    json_t *list = s_json(c, (const char *const[]){"import", "list", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 6);
    json_t *latest = json_array_get(json_object_get(list, "files"), 0); // the latest first
    assert_true(json_is_true(json_object_get(latest, "withdrawn")));
    assert_string_equal(s_str(latest, "withdrawn_reason"), "test export");
    assert_string_equal(s_str(latest, "withdrawn_by"), "operator");
    json_t *first = json_array_get(json_object_get(list, "files"), 5);
    assert_true(json_is_false(json_object_get(first, "withdrawn")));
    json_t *one =
        s_json(c, (const char *const[]){"import", "list", att_no, "--text", "--json", NULL});
    assert_string_equal(s_str(one, "text"), s_bad_attendance);
    assert_string_equal(s_str(json_array_get(json_object_get(one, "files"), 0), "withdrawn_reason"),
                        "export of the Shenzhen site, not ours");
    char *out = NULL;
    err = s_run(c, 0, &out, (const char *const[]){"import", "list", NULL});
    hr_free(err);
    assert_non_null(strstr(out, "WITHDRAWN"));
    hr_free(out);
    json_t *q = s_json(c, (const char *const[]){"quarantine", "--json", NULL});
    size_t i;
    json_t *row;
    bool found = false;
    json_array_foreach(json_object_get(q, "rows"), i, row)
    {
        if (!strcmp(s_str(row, "raw"), "1007,2025/4/40 09:00,0")) {
            found = true;
            assert_true(json_is_true(json_object_get(row, "withdrawn")));
        } else {
            assert_true(json_is_false(json_object_get(row, "withdrawn")));
        }
    }
    assert_true(found);

    // A value a later file replaced stays the later file's: 1001's KPI from a wrong file, then
    // corrected by the next; the wrong one withdrawn leaves the correction.
    char *wrong =
        s_write(c, "kpi_wrong.csv",
                "employee_no,period,metric,target,actual\n1001,2025-03,new_clients,10,1\n");
    char *fixed =
        s_write(c, "kpi_fixed.csv",
                "employee_no,period,metric,target,actual\n1001,2025-03,new_clients,10,7\n");
    json_t *w = s_import(c, "performance", wrong);
    json_decref(s_import(c, "performance", fixed));
    char *wrong_no =
        hr_strfmt("%lld", (long long)json_integer_value(json_object_get(w, "file_no")));
    json_t *wr = s_json(c, (const char *const[]){"import", "withdraw", wrong_no, "--reason",
                                                 "wrong month", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(wr, "rows_removed")), 0);
    assert_int_equal(json_integer_value(json_object_get(wr, "rows_restored")), 0);
    json_t *f3 = s_json(c, (const char *const[]){"facts", "1001", "--from", "2025-03-17", "--to",
                                                 "2025-03-28", "--json", NULL});
    assert_true(s_value(f3, "kpi_attainment") == 70);

    json_decref(f0);
    json_decref(f1);
    json_decref(f2);
    json_decref(f3);
    json_decref(ba);
    json_decref(bk);
    json_decref(wa);
    json_decref(wk);
    json_decref(w);
    json_decref(wr);
    json_decref(list);
    json_decref(one);
    json_decref(q);
    free(facts0);
    free(facts1);
    free(facts2);
    free(warn0);
    free(warn2);
    free(metrics0);
    free(metrics2);
    hr_free(att_no);
    hr_free(kpi_id);
    hr_free(wrong_no);
    hr_free(bad_att);
    hr_free(bad_kpi);
    hr_free(wrong);
    hr_free(fixed);
    hr_free(cal);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_withdrawn_import_counts_for_nothing_and_stays_readable),
    };
    return cmocka_run_group_tests_name("e2e.analytics_withdraw", tests, NULL, NULL);
}
