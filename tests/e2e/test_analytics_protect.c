/*  e2e.analytics_protect - the real hr-analytics daemon and hrctl, on the analytics review's
 *  QX company (2026-11-28): facts and warnings never hold leave the law protects, a part of a
 *  KPI period or a period not over against anyone, and say so (README "Leave and protected
 *  statuses"); a lower-is-better KPI with a target of 0 is stated, not refused; an absence names
 *  the import that covered its day.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "an_e2e.h"
#include "hr_test.h"

static void s_import(e2e_t *c, const char *kind, const char *name, const char *text)
{
    json_decref(ane_import_text(c, kind, name, text));
}

// The entry of an array of objects whose employee_no is emp (and subject, when not NULL).
static json_t *s_entry(json_t *arr, const char *emp, const char *subject)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (!strcmp(ane_str(x, "employee_no"), emp) &&
            (!subject || !strcmp(ane_str(x, "subject"), subject)))
            return x;
    }
    return NULL;
}

static void test_protected_leave_partial_and_unfinished_periods(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_new("an_protect", ANE_CALENDAR);
    // 2026-11-28 10:00 in Beijing: November's last working day is still ahead.
    int32_t day = 0;
    assert_true(hr_date_parse("2026-11-28", &day));
    e2e_clock_pin(c, hr_ms_of_day(day, 480) + INT64_C(10) * 3600000);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    json_decref(ane_import_fixture(c, "pins", NULL, "qx/people.csv"));
    s_import(c, "leave", "leave.csv",
             "工号,开始日期,结束日期,请假类型\nQ001,2026-11-16,2027-04-22,产假\n");
    s_import(c, "performance", "kpi.csv",
             "employee_no,period,metric,target,actual,direction\n"
             "Q001,2026-10,visits,40,40,\nQ001,2026-11,visits,40,15,\n"
             "Q002,2026-11,visits,40,28,\nQ003,2026-11,visits,40,40,\n"
             "Q005,2026-11,visits,40,41,\nQ006,2026-11,visits,40,39,\n"
             "Q007,2026-11,visits,40,44,\nQ008,2026-11,visits,40,18,\n"
             "Q009,2026-10,visits,40,40,\nQ009,2026-11,visits,40,6,\n"
             "Q005,2026-Q4,revenue,120,40,\nQ006,2026-Q4,revenue,120,45,\n"
             "Q007,2026-Q4,revenue,120,50,\nQ005,2026-10,complaints,0,3,lower\n");
    s_import(c, "training", "train.csv",
             "employee_no,course,date,score,pass_mark\nQ001,Q4 合规 compliance,2026-11-20,0,60\n");
    // Q002 is absent on 11-04: the export of that week holds everyone else's punches.
    json_decref(ane_import_fixture(c, "attendance", NULL, "qx/week45.csv"));

    // Q001's facts: the KPI says the 产假 and is compared with nobody; the course on a day of it
    // could not be attended: no failure.
    json_t *f = ane_json(c, (const char *const[]){"facts", "Q001", "--from", "2026-11-01", "--to",
                                                  "2026-11-30", "--json", NULL});
    json_t *k = ane_fact(f, "kpi_attainment", "visits");
    assert_true(json_is_null(json_object_get(json_object_get(k, "comparison"), "team_median")));
    assert_non_null(strstr(ane_str(json_object_get(k, "comparison"), "text"), "not compared"));
    assert_non_null(strstr(ane_str(k, "text_zh"), "产假 2026-11-16..2026-11-30 (11 working days)"));
    assert_non_null(strstr(ane_str(k, "text_en"), "must not be held against the person"));
    assert_non_null(
        strstr(ane_str(k, "text_en"), "Period 2026-11 runs to 2026-11-30 and is not over"));
    json_t *t = ane_fact(f, "training_score", NULL);
    assert_null(strstr(ane_str(t, "text_zh"), "未达到及格线"));
    assert_non_null(strstr(ane_str(t, "text_zh"), "未能参加培训"));
    assert_true(json_real_value(json_object_get(ane_fact(f, "training_failed", NULL), "value")) ==
                0);
    json_decref(f);

    // A target of 0, lower is better: imported, stated.
    f = ane_json(c, (const char *const[]){"facts", "Q005", "--from", "2026-10-01", "--to",
                                          "2026-10-31", "--json", NULL});
    k = ane_fact(f, "kpi_actual", "complaints");
    assert_true(json_real_value(json_object_get(k, "value")) == 3);
    assert_non_null(strstr(ane_str(k, "text_en"), "target 0 (lower is better), actual 3"));
    json_decref(f);

    // Q002's absence names the import that covered 11-04.
    f = ane_json(c, (const char *const[]){"facts", "Q002", "--from", "2026-11-03", "--to",
                                          "2026-11-05", "--json", NULL});
    k = ane_fact(f, "absences", NULL);
    assert_true(json_real_value(json_object_get(k, "value")) == 1);
    json_t *src = json_array_get(json_object_get(k, "sources"), 0);
    assert_non_null(src);
    assert_string_equal(ane_str(src, "file_name"), "week45.csv");
    assert_string_equal(ane_str(src, "day"), "2026-11-04");
    assert_non_null(
        strstr(ane_str(src, "raw"), "punches from 2026-11-03 08:50 to 2026-11-05 18:00"));
    json_decref(f);

    // Warnings to 11-27, asked on 11-28: Q001 left out whole, Q009 (left) and Q008 (November
    // not over) not warned, each said in the reply and hrctl's output.
    json_t *w =
        ane_json(c, (const char *const[]){"warnings", "--from", "2026-11-01", "--to", "2026-11-27",
                                          "--department", "QX", "--json", NULL});
    json_t *warnings = json_object_get(w, "warnings"), *left = json_object_get(w, "left_out");
    assert_null(s_entry(warnings, "Q001", NULL));
    assert_null(s_entry(warnings, "Q008", NULL));
    assert_null(s_entry(warnings, "Q009", NULL));
    json_t *x = s_entry(left, "Q001", NULL);
    assert_non_null(x);
    assert_string_equal(ane_str(x, "reason"), "protected_leave");
    assert_string_equal(ane_str(x, "code"), "");
    assert_null(strstr(ane_str(x, "text_en"), "37"));
    assert_string_equal(ane_str(s_entry(left, "Q009", NULL), "reason"), "left");
    assert_string_equal(ane_str(s_entry(left, "Q008", "visits"), "reason"), "period_in_progress");
    json_decref(w);
    char *out = ane_run(c, 0, NULL,
                        (const char *const[]){"warnings", "--from", "2026-11-01", "--to",
                                              "2026-11-27", "--department", "QX", NULL});
    assert_non_null(strstr(out, "left out: Q001 QX all warnings (2026-11-16..2026-11-27, "
                                "protected_leave)"));
    assert_non_null(strstr(out, "no warning may be based on it"));
    assert_non_null(strstr(out, "left out: Q009 QX all warnings"));
    assert_null(strstr(out, "Q001 QX kpi_attainment"));
    assert_non_null(strstr(out, "left out (above: no warning may be based on those days)"));
    hr_free(out);

    // The quarter, asked to 12-31 on 11-28: not over, no warning.
    w = ane_json(c, (const char *const[]){"warnings", "--from", "2026-11-01", "--to", "2026-12-31",
                                          "--json", NULL});
    assert_null(s_entry(json_object_get(w, "warnings"), "Q005", "revenue"));
    x = s_entry(json_object_get(w, "left_out"), "Q005", "revenue");
    assert_non_null(x);
    assert_string_equal(ane_str(x, "reason"), "period_in_progress");
    json_decref(w);

    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_protected_leave_partial_and_unfinished_periods),
    };
    return cmocka_run_group_tests_name("e2e.analytics_protect", tests, NULL, NULL);
}
