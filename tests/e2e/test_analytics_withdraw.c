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

#include <string.h>

#include "an_e2e.h"
#include "hr_test.h"

// The JSON text hrctl prints (sorted keys): what "the same" means below.
static char *s_text(e2e_t *c, const char *const *args)
{
    json_t *j = ane_json(c, args);
    char *t = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    return t;
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
    e2e_t *c = ane_start("an_withdraw", ANE_CALENDAR);
    const char *fixtures[][2] = {{"pins", "people.csv"},
                                 {"schedules", "schedules.csv"},
                                 {"attendance", "attendance.csv"},
                                 {"performance", "performance.csv"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(fixtures); i++)
        json_decref(ane_import_fixture(c, fixtures[i][0], NULL, fixtures[i][1]));
    const char *const facts_args[] = {"facts", "1007",       "--from", "2025-03-17",
                                      "--to",  "2025-04-04", "--json", NULL};
    const char *const warn_args[] = {"warnings",   "--from", "2025-03-17", "--to",
                                     "2025-04-04", "--json", NULL};
    const char *const metrics_args[] = {"metrics", "--json", NULL};
    char *facts0 = s_text(c, facts_args);
    char *warn0 = s_text(c, warn_args);
    char *metrics0 = s_text(c, metrics_args);
    json_t *f0 = json_loads(facts0, 0, NULL);
    assert_true(ane_value(f0, "late_over_60") == 3);
    assert_true(ane_value(f0, "kpi_attainment") == 30);
    // attendance.csv covers 1007 up to 2025-03-28: the week after is counted for nobody.
    assert_string_equal(ane_str(json_object_get(f0, "attendance"), "to"), "2025-03-28");

    // The mistakes.
    char *bad_att = ane_write(c, "other_site.csv", s_bad_attendance);
    char *bad_kpi =
        ane_write(c, "kpi_test_export.csv",
                  "employee_no,period,metric,target,actual\n1007,2025-03,new_clients,10,12\n");
    json_t *ba = ane_import(c, "attendance", NULL, bad_att);
    assert_int_equal(json_integer_value(json_object_get(ba, "quarantined")), 1);
    char *att_no = hr_strfmt("%lld", (long long)json_integer_value(json_object_get(ba, "file_no")));
    json_t *bk = ane_import(c, "performance", NULL, bad_kpi);
    assert_int_equal(json_integer_value(json_object_get(bk, "updated")), 1);
    char *kpi_id = hr_strdup(ane_str(bk, "file_id"));

    json_t *f1 = ane_json(c, facts_args);
    assert_true(ane_value(f1, "late_over_60") == 2); // 03-18's 10:20 is no arrival any more
    assert_true(ane_value(f1, "kpi_attainment") == 120);
    assert_string_equal(ane_str(json_object_get(f1, "attendance"), "to"), "2025-04-04");
    assert_true(ane_value(f1, "absences") > ane_value(f0, "absences")); // 03-31..04-04 now counted
    char *facts1 = json_dumps(f1, JSON_SORT_KEYS);
    assert_string_not_equal(facts1, facts0);

    // The bad calls: nothing changes.
    char *err =
        ane_err(c, 2, (const char *const[]){"import", "withdraw", att_no, "--reason", "", NULL});
    assert_non_null(strstr(err, "reason: empty"));
    hr_free(err);
    err =
        ane_err(c, 2, (const char *const[]){"import", "withdraw", att_no, "--reason", "  ", NULL});
    assert_non_null(strstr(err, "reason: empty"));
    hr_free(err);
    err = ane_err(c, 2, (const char *const[]){"import", "withdraw", att_no, NULL});
    assert_non_null(strstr(err, "usage: hrctl import withdraw"));
    hr_free(err);
    err = ane_err(c, 1,
                  (const char *const[]){"import", "withdraw", "4242", "--reason", "test", NULL});
    assert_non_null(strstr(err, "no import number 4242"));
    hr_free(err);
    err =
        ane_err(c, 1,
                (const char *const[]){"import", "withdraw",
                                      "00000000000000000000000000000000000000000000000000000000000"
                                      "00000",
                                      "--reason", "test", NULL});
    assert_non_null(strstr(err, "no import of file id"));
    hr_free(err);
    err = ane_err(
        c, 2, (const char *const[]){"import", "withdraw", "other_site.csv", "--reason", "x", NULL});
    assert_non_null(strstr(err, "neither a file id"));
    hr_free(err);
    char *facts_same = s_text(c, facts_args);
    assert_string_equal(facts_same, facts1);
    hr_free(facts_same);

    // Withdrawn by number and by file id.
    json_t *wa =
        ane_json(c, (const char *const[]){"import", "withdraw", att_no, "--reason",
                                          "export of the Shenzhen site, not ours", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(wa, "records_withdrawn")),
                     json_integer_value(json_object_get(ba, "accepted")));
    // attendance.csv still covers 03-17..03-28 for 1001 and 1007: 03-29..04-04 no longer is.
    assert_int_equal(json_integer_value(json_object_get(wa, "days_uncovered")), 7);
    assert_string_equal(json_string_value(json_array_get(json_object_get(wa, "uncovered"), 0)),
                        "2025-03-29..2025-04-04");
    assert_true(json_integer_value(json_object_get(wa, "person_days_after")) <
                json_integer_value(json_object_get(wa, "person_days_before")));
    json_t *wk = ane_json(c, (const char *const[]){"import", "withdraw", kpi_id, "--reason",
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
    assert_true(ane_value(f2, "kpi_attainment") == 30); // performance.csv's row is back
    assert_string_equal(ane_str(json_object_get(f2, "attendance"), "to"), "2025-03-28");

    // Twice: refused, naming when and why.
    err = ane_err(c, 1,
                  (const char *const[]){"import", "withdraw", att_no, "--reason", "again", NULL});
    assert_non_null(strstr(err, "withdrawn already"));
    assert_non_null(strstr(err, "Shenzhen"));
    hr_free(err);
    // The same bytes again stay out.
    err = ane_err(c, 1, (const char *const[]){"import", "attendance", bad_att, NULL});
    assert_non_null(strstr(err, "withdrawn"));
    hr_free(err);

    // Kept for audit: listed as withdrawn with who and why, its text and quarantined row.
    json_t *list = ane_json(c, (const char *const[]){"import", "list", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 6);
    json_t *latest = json_array_get(json_object_get(list, "files"), 0); // the latest first
    assert_true(json_is_true(json_object_get(latest, "withdrawn")));
    assert_string_equal(ane_str(latest, "withdrawn_reason"), "test export");
    assert_string_equal(ane_str(latest, "withdrawn_by"), "operator");
    json_t *first = json_array_get(json_object_get(list, "files"), 5);
    assert_true(json_is_false(json_object_get(first, "withdrawn")));
    json_t *one =
        ane_json(c, (const char *const[]){"import", "list", att_no, "--text", "--json", NULL});
    assert_string_equal(ane_str(one, "text"), s_bad_attendance);
    assert_string_equal(
        ane_str(json_array_get(json_object_get(one, "files"), 0), "withdrawn_reason"),
        "export of the Shenzhen site, not ours");
    char *out = ane_run(c, 0, NULL, (const char *const[]){"import", "list", NULL});
    assert_non_null(strstr(out, "WITHDRAWN"));
    // In the company's zone, as case list says its times (review 2026-11-29: it said UTC).
    if (!strstr(out, " UTC+08:00  ") || strstr(out, " UTC  "))
        fail_msg("import list, times in the company's zone:\n%s", out);
    hr_free(out);
    json_t *q = ane_json(c, (const char *const[]){"quarantine", "--json", NULL});
    size_t i;
    json_t *row;
    bool found = false;
    json_array_foreach(json_object_get(q, "rows"), i, row)
    {
        if (!strcmp(ane_str(row, "raw"), "1007,2025/4/40 09:00,0")) {
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
        ane_write(c, "kpi_wrong.csv",
                  "employee_no,period,metric,target,actual\n1001,2025-03,new_clients,10,1\n");
    char *fixed =
        ane_write(c, "kpi_fixed.csv",
                  "employee_no,period,metric,target,actual\n1001,2025-03,new_clients,10,7\n");
    json_t *w = ane_import(c, "performance", NULL, wrong);
    json_decref(ane_import(c, "performance", NULL, fixed));
    char *wrong_no =
        hr_strfmt("%lld", (long long)json_integer_value(json_object_get(w, "file_no")));
    json_t *wr = ane_json(c, (const char *const[]){"import", "withdraw", wrong_no, "--reason",
                                                   "wrong month", "--json", NULL});
    assert_int_equal(json_integer_value(json_object_get(wr, "rows_removed")), 0);
    assert_int_equal(json_integer_value(json_object_get(wr, "rows_restored")), 0);
    json_t *f3 = ane_json(c, (const char *const[]){"facts", "1001", "--from", "2025-03-17", "--to",
                                                   "2025-03-28", "--json", NULL});
    assert_true(ane_value(f3, "kpi_attainment") == 70);

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
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_withdrawn_import_counts_for_nothing_and_stays_readable),
    };
    return cmocka_run_group_tests_name("e2e.analytics_withdraw", tests, NULL, NULL);
}
