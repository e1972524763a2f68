/*  test_law_findings - the figures a finding's message carries beside its constant text
 *  (law_finding_detail, as hrctl law check prints them): a pre-2008 split N rebuilt from the
 *  message, the 1994 Measures' medical subsidy on an illness rescission, and an unlawful
 *  ending's 2N set against the split N. The legal reviewer's d3 and d7 (stop 24). And the
 *  1994 Measures' Art. 11 floor (the enterprise's average wage), named on each ground it binds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr_test.h"
#include "law.h"
#include "law_json.h"

// The reviewer's d7: hired 2000-01-01, W 40000 above the cap (3 x 5000), A40_3 ending
// 2023-12-31; %s is the consultation fact (true: lawful; false: unlawful).
#define S_D7                                                                                       \
    "{\"employee\":{\"hire_date\":\"2000-01-01\",\"average_monthly_wage\":40000},"                 \
    "\"employer\":{\"local_average_monthly_wage\":5000,\"has_union\":true},"                       \
    "\"termination\":{\"ground\":\"A40_3\",\"notice_date\":\"2023-11-30\","                        \
    "\"effective_date\":\"2023-12-31\",\"written_notice\":true,\"reasons_given\":true,"            \
    "\"union_notified\":true},\"evidence\":{\"objective_change_major\":true,"                      \
    "\"contract_cannot_be_performed\":true,\"variation_consultation_failed\":%s}}"

// The reviewer's d3: an A40_1 (illness) rescission, hired 2005-03-01, W 8000 under the cap.
#define S_D3                                                                                       \
    "{\"employee\":{\"hire_date\":\"2005-03-01\",\"average_monthly_wage\":8000},"                  \
    "\"employer\":{\"local_average_monthly_wage\":5000,\"has_union\":true},"                       \
    "\"termination\":{\"ground\":\"A40_1\",\"notice_date\":\"2010-07-31\","                        \
    "\"effective_date\":\"2010-08-31\",\"written_notice\":true,\"reasons_given\":true,"            \
    "\"union_notified\":true},\"evidence\":{\"medical_period_expired\":true,"                      \
    "\"cannot_do_original_work\":true,\"alternative_work_offered\":true,"                          \
    "\"cannot_do_alternative_work\":true}}"

// An A41 (economic layoff) with service before 2008: hired 2005-03-01, W 10000 under the cap.
#define S_LAYOFF                                                                                   \
    "{\"employee\":{\"hire_date\":\"2005-03-01\",\"average_monthly_wage\":10000},"                 \
    "\"employer\":{\"local_average_monthly_wage\":5000,\"has_union\":true},"                       \
    "\"termination\":{\"ground\":\"A41\",\"notice_date\":\"2010-07-31\","                          \
    "\"effective_date\":\"2010-08-31\",\"written_notice\":true,\"reasons_given\":true,"            \
    "\"union_notified\":true},\"evidence\":{\"layoff_count\":25,\"total_headcount\":400,"          \
    "\"explained_to_union_or_staff_30_days\":true,\"opinions_heard\":true,"                        \
    "\"reported_to_labour_bureau_before\":true,\"priority_retention_considered\":true}}"

static char *s_check(const char *text, law_assessment_t *a)
{
    law_scenario_t s;
    char err[LAW_ERROR_MAX];
    if (law_scenario_from_json(text, strlen(text), &s, err, sizeof err))
        fail_msg("scenario refused: %s", err);
    assert_int_equal(law_assess(&s, a), HR_OK);
    return law_assessment_to_json(a);
}

static const law_finding_t *s_finding(const law_assessment_t *a, const char *code)
{
    for (size_t i = 0; i < a->nfindings; i++)
        if (!strcmp(a->findings[i].code, code))
            return &a->findings[i];
    fail_msg("no finding %s", code);
    return NULL;
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("%s lacks '%s': %s", what, part, text ? text : "(null)");
}

static void test_a_lawful_pre_2008_split_is_rebuilt_from_the_message(void **state)
{
    HR_UNUSED(state);
    char *text = hr_strfmt(S_D7, "true");
    law_assessment_t a;
    char *json = s_check(text, &a);
    assert_true(a.lawful);
    assert_int_equal(a.severance_fen, 50000000); // 12 x 15000 + 8 x 40000
    char detail[LAW_DETAIL_MAX];
    const law_finding_t *f = s_finding(&a, "PRE_2008_SERVICE");
    law_finding_detail(&a, f, true, detail, sizeof detail);
    s_has("en", detail, "from 2008-01-01, 12 months x 15000 = 180000");
    s_has("en", detail, "before 2008, 8 started year(s), 8 months x 40000 = 320000; total 500000");
    law_finding_detail(&a, f, false, detail, sizeof detail);
    s_has("zh", detail, "2008年1月1日起 12 个月 × 15000 元 = 180000 元");
    s_has("zh", detail, "计 8 个月 × 40000 元 = 320000 元；合计 500000 元");
    s_has("zh", detail, "为 360000 元，低于该经济补偿");
    law_finding_detail(&a, f, true, detail, sizeof detail);
    s_has("en", detail,
          "2N (from the hire date, not split: Reg. Art. 25) is 360000, below this N.");
    // hrctl law check prints it after the constant text.
    s_has("json", json, "(LCL 97 para 3). Rounding");
    s_has("json", json, "total 500000.");
    hr_free(json);
    hr_free(text);
}

// An unlawful ending says 2N (never split, rule 9) against the split N - as information: the
// contract's review finding, and so needs_review, is for a lawful N only.
static void test_an_unlawful_pre_2008_ending_shows_2n_against_the_split(void **state)
{
    HR_UNUSED(state);
    char *text = hr_strfmt(S_D7, "false");
    law_assessment_t a;
    char *json = s_check(text, &a);
    assert_false(a.lawful);
    assert_int_equal(a.severance_fen, 0);
    assert_int_equal(a.unlawful_compensation_fen, 36000000); // rule 9: never split
    assert_int_equal(a.split_severance_fen, 50000000);
    for (size_t i = 0; i < a.nfindings; i++)
        assert_string_not_equal(a.findings[i].code, "PRE_2008_SERVICE");
    const law_finding_t *f = s_finding(&a, "PRE_2008_2N_UNSPLIT");
    assert_int_equal(f->severity, LAW_SEVERITY_INFO);
    char detail[LAW_DETAIL_MAX];
    law_finding_detail(&a, f, true, detail, sizeof detail);
    s_has("en", detail, "2N from the hire date = 12 months x 15000 x 2 = 360000");
    s_has("en", detail,
          "split would be 500000 (before 2008: 8 months x 40000 = 320000): 2N is "
          "below it");
    law_finding_detail(&a, f, false, detail, sizeof detail);
    s_has("zh", detail, "赔偿金低于该经济补偿");
    s_has("json", json, "Reg. Art. 25");
    hr_free(json);
    hr_free(text);
}

static void test_an_illness_rescission_names_the_medical_subsidy(void **state)
{
    HR_UNUSED(state);
    law_assessment_t a;
    char *json = s_check(S_D3, &a);
    assert_true(a.lawful);
    const law_finding_t *f = s_finding(&a, "PRE_2008_SERVICE");
    s_has("zh", f->message_zh, "医疗补助费");
    s_has("zh", f->message_zh, "第十一条");
    s_has("en", f->message_en, "is not final");
    char detail[LAW_DETAIL_MAX];
    law_finding_detail(&a, f, true, detail, sizeof detail);
    s_has("en", detail, "at least 6 months x 8000 = 48000, not in the total");
    law_finding_detail(&a, f, false, detail, sizeof detail);
    s_has("zh", detail, "不低于 6 个月 × 8000 元 = 48000 元");
    s_has("json", json, "48000");
    hr_free(json);
}

// The 1994 Measures' Art. 11 floor (the enterprise's average wage) binds Arts. 6, 8 and 9 alike:
// the PRE_2008_SERVICE finding of an illness (A40_1), objective-change (A40_3) and layoff (A41)
// rescission cites its article and Art. 11 in the same words; the contract's money is unchanged.
static void s_names_the_enterprise_average(const law_assessment_t *a, const char *article,
                                           const char *art_zh, const char *art_en)
{
    assert_true(a->lawful);
    assert_true(a->needs_review);
    const law_finding_t *f = s_finding(a, "PRE_2008_SERVICE");
    assert_int_equal(f->severity, LAW_SEVERITY_REVIEW);
    assert_string_equal(f->article, article);
    s_has("zh", f->message_zh, art_zh);
    s_has("zh", f->message_zh,
          "第十一条规定劳动者月平均工资低于企业月平均工资的按企业月平均工资计发");
    s_has("zh", f->message_zh, "未按企业月平均工资核对，不是最终金额");
    s_has("en", f->message_en, art_en);
    s_has("en", f->message_en,
          "an employee whose average wage is below the enterprise's average is paid at the "
          "enterprise's (Art. 11)");
    s_has("en", f->message_en, "is not checked against the enterprise average, so it is not final");
    s_has("en", f->message_en, "the enterprise's average wage.");
}

static void test_an_illness_rescission_names_the_enterprise_average(void **state)
{
    HR_UNUSED(state);
    law_assessment_t a;
    char *json = s_check(S_D3, &a);
    s_names_the_enterprise_average(&a, "LCL 97; 1994 Measures 6, 11", "第六条", "Art. 6)");
    hr_free(json);
}

static void test_an_objective_change_rescission_names_the_enterprise_average(void **state)
{
    HR_UNUSED(state);
    char *text = hr_strfmt(S_D7, "true");
    law_assessment_t a;
    char *json = s_check(text, &a);
    s_names_the_enterprise_average(&a, "LCL 97; 1994 Measures 8, 11",
                                   "因客观情况发生重大变化解除的（该办法第八条）",
                                   "On a major change of the objective circumstances (Art. 8)");
    assert_int_equal(a.severance_fen, 50000000); // the contract's money: at W, not floored
    s_has("json", json, "1994 Measures 8, 11");
    hr_free(json);
    hr_free(text);
}

static void test_a_layoff_names_the_enterprise_average(void **state)
{
    HR_UNUSED(state);
    law_assessment_t a;
    char *json = s_check(S_LAYOFF, &a);
    s_names_the_enterprise_average(&a, "LCL 97; 1994 Measures 9, 11",
                                   "经济性裁员的（该办法第九条）",
                                   "On an economic layoff (Art. 9)");
    assert_int_equal(a.severance_fen, 6000000); // 3 x 10000 before 2008 + 3 x 10000 after
    assert_int_equal(a.unlawful_compensation_fen, 12000000);
    s_has("json", json, "1994 Measures 9, 11");
    hr_free(json);
}

// The grounds whose pre-2008 part the 1994 Measures pay under other articles (Arts. 5 and 7:
// agreement, incompetence) are not floored at the enterprise's average: no Art. 11 there.
static void test_an_incompetence_rescission_does_not_name_the_enterprise_average(void **state)
{
    HR_UNUSED(state);
    const char *text =
        "{\"employee\":{\"hire_date\":\"2005-03-01\",\"average_monthly_wage\":10000},"
        "\"employer\":{\"local_average_monthly_wage\":5000,\"has_union\":true},"
        "\"termination\":{\"ground\":\"A40_2\",\"notice_date\":\"2010-07-31\","
        "\"effective_date\":\"2010-08-31\",\"written_notice\":true,\"reasons_given\":true,"
        "\"union_notified\":true},\"evidence\":{\"job_standard_made_known\":true,"
        "\"first_assessment_failed\":true,\"training_or_adjustment_done\":true,"
        "\"second_assessment_failed\":true}}";
    law_assessment_t a;
    char *json = s_check(text, &a);
    const law_finding_t *f = s_finding(&a, "PRE_2008_SERVICE");
    assert_string_equal(f->article, "LCL 97");
    assert_null(strstr(f->message_zh, "第十一条"));
    assert_null(strstr(f->message_en, "Art. 11"));
    hr_free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_lawful_pre_2008_split_is_rebuilt_from_the_message),
        cmocka_unit_test(test_an_unlawful_pre_2008_ending_shows_2n_against_the_split),
        cmocka_unit_test(test_an_illness_rescission_names_the_medical_subsidy),
        cmocka_unit_test(test_an_illness_rescission_names_the_enterprise_average),
        cmocka_unit_test(test_an_objective_change_rescission_names_the_enterprise_average),
        cmocka_unit_test(test_a_layoff_names_the_enterprise_average),
        cmocka_unit_test(test_an_incompetence_rescission_does_not_name_the_enterprise_average),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
