/*  test_law_json - the parser's edges that .case files cannot express, the exact money text
 *  of the writer, and the checks law_assess() applies to scenarios built in C.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "hr_test.h"
#include "law.h"
#include "law_json.h"

#define MINIMAL                                                                                    \
    "{\"employee\":{\"hire_date\":\"2020-01-01\",\"average_monthly_wage\":%s},"                    \
    "\"employer\":{\"local_average_monthly_wage\":5000},\"termination\":{\"ground\":"              \
    "\"A36_EMPLOYER\",\"notice_date\":\"2022-12-31\",\"effective_date\":\"2022-12-31\"},"          \
    "\"evidence\":{\"agreement_signed\":true}}"

static hr_rc_t s_parse(const char *text, law_scenario_t *s, char *err)
{
    return law_scenario_from_json(text, strlen(text), s, err, LAW_ERROR_MAX);
}

static void test_minimal_scenario_takes_the_contracts_defaults(void **state)
{
    HR_UNUSED(state);
    char *text = hr_strfmt(MINIMAL, "9000");
    law_scenario_t s;
    char err[LAW_ERROR_MAX];
    assert_int_equal(s_parse(text, &s, err), HR_OK);
    assert_int_equal(s.contract_type, LAW_CONTRACT_FIXED);
    assert_false(s.has_probation);
    assert_false(s.has_union);
    assert_false(s.written_notice);
    assert_int_equal(s.status, 0);
    assert_int_equal(s.proven, LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED));
    assert_int_equal(s.average_wage_fen, 900000);
    assert_int_equal(s.nwages, 0);
    hr_free(text);
}

static void test_money_accepts_up_to_two_decimals_in_any_number_form(void **state)
{
    HR_UNUSED(state);
    const char *ok[][2] = {{"13500.5", "1350050"},
                           {"0.1", "10"},
                           {"9000.10", "900010"},
                           {"1e2", "10000"},
                           {"0.29", "29"},
                           {"1000000000", "100000000000"},
                           {"123456.78", "12345678"},
                           {"100.000000000000000", "10000"},
                           {"12345e-2", "12345"},
                           {"0.5E1", "500"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(ok); i++) {
        char *text = hr_strfmt(MINIMAL, ok[i][0]);
        law_scenario_t s;
        char err[LAW_ERROR_MAX];
        if (s_parse(text, &s, err))
            fail_msg("%s rejected: %s", ok[i][0], err);
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)s.average_wage_fen);
        assert_string_equal(want, ok[i][1]);
        hr_free(text);
    }
    const char *bad[] = {"13500.505",
                         "0.001",
                         "-0.01",
                         "1000000000.01",
                         "1e10",
                         "9000.0001",
                         "100.000000000000001",
                         "1.0000000000000001e2",
                         "12345e-3",
                         "13500.5000000000001"};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        char *text = hr_strfmt(MINIMAL, bad[i]);
        law_scenario_t s;
        char err[LAW_ERROR_MAX];
        if (!s_parse(text, &s, err))
            fail_msg("%s accepted", bad[i]);
        assert_non_null(strstr(err, "employee.average_monthly_wage: "));
        hr_free(text);
    }
}

static void test_duplicate_keys_and_oversized_input_are_rejected(void **state)
{
    HR_UNUSED(state);
    law_scenario_t s;
    char err[LAW_ERROR_MAX];
    assert_int_equal(s_parse("{\"employee\":{},\"employee\":{}}", &s, err), HR_EINVAL);
    assert_non_null(strstr(err, "duplicate"));
    assert_string_equal(err, "employee: duplicate key");
    // The error names the duplicate's field path, whatever comes before it: nested objects
    // closed already, arrays, strings holding braces, commas, colons and escaped quotes.
    static const struct {
        const char *text, *err;
    } dups[] = {
        {"{\"employee\": {\"status\": {\"pregnant\": true, \"pregnant\": false}}}",
         "employee.status.pregnant: duplicate key"},
        {"{\"employer\": {\"has_union\": true}, \"employee\": {\"hire_date\": \"{,:\\\"}\", "
         "\"wages_last_12_months\": [1, [2, {}], 3], \"hire_date\": \"2021-05-06\"}}",
         "employee.hire_date: duplicate key"},
        {"{\"a\": [{\"b\": 1}, {\"c\": {}, \"c\": 2}]}", "a[1].c: duplicate key"},
        {"{\"k\\\"x\": 1, \"k\\\"x\": 2}", "k\\\"x: duplicate key"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(dups); i++) {
        assert_int_equal(s_parse(dups[i].text, &s, err), HR_EINVAL);
        if (strcmp(err, dups[i].err))
            fail_msg("%s: '%s', want '%s'", dups[i].text, err, dups[i].err);
    }
    size_t big = LAW_INPUT_MAX + 1;
    char *text = hr_alloc(big + 1);
    memset(text, ' ', big);
    assert_int_equal(law_scenario_from_json(text, big, &s, err, sizeof err), HR_EINVAL);
    assert_string_equal(err, "input: is larger than 1048576 bytes");
    hr_free(text);
    // Text need not be NUL-terminated: only len bytes are read.
    char *exact = hr_strfmt(MINIMAL, "9000");
    size_t len = strlen(exact);
    char *copy = hr_alloc(len);
    memcpy(copy, exact, len);
    assert_int_equal(law_scenario_from_json(copy, len, &s, err, sizeof err), HR_OK);
    hr_free(copy);
    hr_free(exact);
}

static void test_errors_are_one_printable_line(void **state)
{
    HR_UNUSED(state);
    law_scenario_t s;
    char err[LAW_ERROR_MAX];
    const char *text = "{\"a\\nb\\u0001\":true}";
    assert_int_equal(s_parse(text, &s, err), HR_EINVAL);
    assert_string_equal(err, "a?b?: unknown field");
    text = "{\"employee\":{\"hire_date\":\"2021-01-01\\n2\",\"average_monthly_wage\":1}}";
    assert_int_equal(s_parse(text, &s, err), HR_EINVAL);
    assert_null(strchr(err, '\n'));
    assert_non_null(strstr(err, "employee.hire_date: \"2021-01-01\\n2\" is not a date"));
    // A small buffer truncates, it never overflows.
    char tiny[8];
    assert_int_equal(law_scenario_from_json("[]", 2, &s, tiny, sizeof tiny), HR_EINVAL);
    assert_string_equal(tiny, "input: ");
}

static void test_writer_prints_exact_decimals(void **state)
{
    HR_UNUSED(state);
    char *text = hr_strfmt(MINIMAL, "13500.1");
    law_scenario_t s;
    law_assessment_t a;
    char err[LAW_ERROR_MAX];
    assert_int_equal(s_parse(text, &s, err), HR_OK);
    assert_int_equal(law_assess(&s, &a), HR_OK);
    char *json = law_assessment_to_json(&a);
    assert_non_null(strstr(json, "\"average\": 13500.1,"));
    assert_non_null(strstr(json, "\"severance\": 40500.3,"));
    assert_non_null(strstr(json, "\"unlawful_compensation\": 81000.6}"));
    json_t *parsed = json_loads(json, 0, NULL);
    assert_non_null(parsed);
    json_decref(parsed);
    hr_free(json);
    hr_free(text);
}

static void test_scenarios_built_in_c_get_the_same_checks(void **state)
{
    HR_UNUSED(state);
    law_scenario_t s;
    law_assessment_t a;
    char err[LAW_ERROR_MAX];
    law_scenario_init(&s);
    assert_int_equal(law_assess(&s, &a), HR_EINVAL);
    assert_int_equal(law_scenario_check(&s, err, sizeof err), HR_EINVAL);
    assert_string_equal(err, "termination.ground: is required");
    s.ground = law_ground_find("A36_EMPLOYEE");
    assert_true(law_date_from_ymd(2021, 5, 6, &s.hire_day));
    assert_true(law_date_from_ymd(2021, 5, 5, &s.effective_day));
    s.notice_day = s.effective_day;
    s.has_average_wage = true;
    s.average_wage_fen = 900000;
    s.local_average_wage_fen = 1387600;
    assert_int_equal(law_scenario_check(&s, err, sizeof err), HR_EINVAL);
    assert_string_equal(err, "termination.effective_date: \"2021-05-05\" is before "
                             "employee.hire_date \"2021-05-06\"");
    s.effective_day += 1;
    s.notice_day = s.effective_day;
    assert_int_equal(law_assess(&s, &a), HR_OK);
    s.nwages = LAW_WAGES_MAX + 1;
    assert_int_equal(law_scenario_check(&s, NULL, 0), HR_EINVAL);
}

static void test_catalogue_json_is_an_array_of_thirteen_grounds(void **state)
{
    HR_UNUSED(state);
    char *text = law_catalogue_to_json();
    json_t *g = json_loads(text, 0, NULL);
    assert_non_null(g);
    assert_int_equal(json_array_size(g), law_ground_count());
    json_t *a41 = json_array_get(g, LAW_GROUND_A41);
    assert_string_equal(json_string_value(json_object_get(a41, "code")), "A41");
    json_t *count = json_array_get(json_object_get(a41, "facts"), 0);
    assert_string_equal(json_string_value(json_object_get(count, "type")), "number");
    json_decref(g);
    hr_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_scenario_takes_the_contracts_defaults),
        cmocka_unit_test(test_money_accepts_up_to_two_decimals_in_any_number_form),
        cmocka_unit_test(test_duplicate_keys_and_oversized_input_are_rejected),
        cmocka_unit_test(test_errors_are_one_printable_line),
        cmocka_unit_test(test_writer_prints_exact_decimals),
        cmocka_unit_test(test_scenarios_built_in_c_get_the_same_checks),
        cmocka_unit_test(test_catalogue_json_is_an_array_of_thirteen_grounds),
    };
    return cmocka_run_group_tests_name("unit.law.json", tests, NULL, NULL);
}
