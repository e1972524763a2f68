/*  e2e.workflow_pre2008 - severance for service that began before 2008, through the real
 *  hr-workflow and hrctl: what the case record and the notice letter state must let an
 *  arbitrator recompute every amount from the figures printed (LCL Art. 97 para 3: LCL years
 *  count from 2008-01-01, the part before under the 1994 Measures at the uncapped wage; Reg.
 *  Art. 25: the 2N compensation over the whole service).
 *
 *  Two veterans of the demo company, Art. 40(3), ending 2026-12-30:
 *  - E0303, hired 2006-07-15, wage 8,000 (not capped): from 2008 19 months x 8,000 = 152,000;
 *    before 2008 2 started years x 8,000 = 16,000; severance 168,000. The whole service is
 *    20.5 months (41 half-units): 2N = 328,000.
 *  - E0300, hired 2005-01-10, wage 48,000 (above 3 x 12,307 = 36,921: capped): from 2008 19
 *    years cut to 12 at 36,921 = 443,052; before 2008 3 started years x 48,000 = 144,000;
 *    severance 587,052. The cap rests on the config's example figure with no source: a warn
 *    finding says so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define VETERANS                                                                                   \
    "employee_no,name,department_id,manager_no,title,hire_date,contract_type,contract_start,"      \
    "monthly_wage,average_wage,birth_date,retirement_base\n"                                       \
    "E0300,老王,SALES,E0101,销售总监,2005-01-10,open_ended,2005-01-10,48000.00,48000.00,"    \
    "1983-03-01,male60\n"                                                                          \
    "E0303,老陈,SALES,E0101,销售代表,2006-07-15,open_ended,2006-07-15,8000.00,8000.00,"      \
    "1984-05-01,male60\n"

// Opens, documents and submits an Art. 40(3) case for employee, then HR (E0002) reviews it with
// every fact proven: notice 2026-12-01, the contract's last day 2026-12-30. The reviewed case.
static Hr__Workflow__Case *s_reviewed(e2e_t *c, const char *employee, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-30";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", employee, &rv, arena);
    if (!rep->accepted)
        fail_msg("review %s: %s", employee, rep->n_problems ? rep->problems[0]->message_en : "");
    assert_true(rep->case_->assessment->lawful);
    return rep->case_;
}

// hrctl case show ID as HR: its output (arena).
static char *s_show(e2e_t *c, const char *id, hr_arena_t *arena)
{
    char *out = NULL, *err = NULL;
    const char *show[] = {"case", "show", id, "--as", "E0002", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    char *text = hr_arena_strdup(arena, out);
    hr_free(out);
    hr_free(err);
    return text;
}

// The notice HR serves, in lang (arena).
static char *s_notice(e2e_t *c, const char *id, const char *lang, hr_arena_t *arena)
{
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)id;
    req.kind = "notice";
    req.language = (char *)lang;
    Hr__Workflow__RenderDocumentReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_missing, 0);
    return rep->text;
}

static void test_pre2008_severance_is_stated_so_it_adds_up(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-pre2008");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    wfe_import_people(c, VETERANS, arena);

    // E0303: the record holds both bases - the severance's (from 2008, and the 1994 Measures'
    // years and wage) and the 2N's (the whole service).
    Hr__Workflow__Case *cs = s_reviewed(c, "E0303", arena);
    const Hr__Workflow__Assessment *a = cs->assessment;
    assert_int_equal(a->severance_fen, 16800000);
    assert_int_equal(a->severance_pre2008_fen, 1600000);
    assert_int_equal(a->severance_half_units, 38);
    assert_int_equal(a->severance_half_units_actual, 38);
    assert_int_equal(a->pre2008_years, 2);
    assert_int_equal(a->pre2008_months, 2);
    assert_int_equal(a->pre2008_wage_fen, 800000);
    assert_int_equal(a->service_half_units, 41);
    assert_int_equal(a->unlawful_compensation_fen, 32800000);
    assert_false(a->wage_capped);
    assert_null(wfe_finding(a, "LOCAL_AVERAGE_WAGE_SOURCE_MISSING")); // no cap, nothing to source
    char *out = s_show(c, cs->id, arena);
    wfe_has("case show E0303", out,
            "  severance (LCL 47, 97 para 3): 38 half-month units from 2008-01-01: 19 months x "
            "8000.00 yuan = 152000.00 yuan; before 2008 (1994 Measures): 2 months for 2 started "
            "years x 8000.00 yuan (the wage uncapped) = 16000.00 yuan; total 168000.00 yuan\n");
    wfe_has("case show E0303", out,
            "  2N (LCL 87; Reg. 25: the whole service from the hire date): service 41 half-month "
            "units: 2 x 20.5 months x 8000.00 yuan = 328000.00 yuan\n");
    char *zh = s_notice(c, cs->id, "zh", arena);
    wfe_has("notice zh E0303", zh,
            "经济补偿人民币168,000."
            "00元（大写：人民币壹拾陆万捌仟元整），您在本单位的工作年限为");
    // The service the months rest on, from the day hired (the notice's own end date after it).
    wfe_has("notice zh E0303", zh, "（自2006年7月15日入职至2026年12月30日）；其中：");
    wfe_has("notice zh E0303", zh, "；其中：2008年1月1日以后的工作年限依照第四十七条计19个月工资");
    wfe_has("notice zh E0303", zh, "月工资人民币8,000.00元（第四十七条、");
    wfe_has("notice zh E0303", zh,
            "为人民币152,000.00元；2008年1月1日以前的工作年限2年（不满一年的按一年计算）依照当时"
            "有关规定即原劳动部《违反和解除劳动合同的经济补偿办法》（劳部发〔1994〕481号）计算，"
            "计2个月工资（每满一年支付一个月工资），月工资人民币8,000.00元（不适用三倍封顶），为"
            "人民币16,000.00元；两项合计人民币168,000.00元（第九十七条第三款）");
    char *en = s_notice(c, cs->id, "en", arena);
    wfe_has("notice en E0303", en,
            "severance of CNY 168,000.00 (Articles 46(3) and 47 of the Labour Contract Law): your "
            "service with the Company, ");
    wfe_has(
        "notice en E0303", en,
        ", from 2006-07-15 to 2026-12-30; the years from 1 January 2008 count under Article 47: 19 "
        "months' wage");
    wfe_has("notice en E0303", en,
            "that is CNY 152,000.00; the 2 years of service before 2008 (a started year counting "
            "as a year) count under the rules then in force, the Measures on Economic "
            "Compensation for Breach and Rescission of Labour Contracts (Ministry of Labour, "
            "1994): 2 months' wage (a month's wage for each year) at your monthly wage of CNY "
            "8,000.00, which no cap limits: CNY 16,000.00; together CNY 168,000.00 (Article 97 "
            "para 3)");

    // The manager reads the case but not the money, nor the basis that would give it back.
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = cs->id;
    Hr__Workflow__CaseReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_true(rep->case_->money_hidden);
    const Hr__Workflow__Assessment *hidden = rep->case_->assessment;
    assert_int_equal(hidden->severance_half_units + hidden->severance_half_units_actual +
                         hidden->pre2008_years + hidden->pre2008_months,
                     0);
    assert_int_equal(hidden->pre2008_wage_fen, 0);

    // E0300: capped - the cap and the twelve-year limit cut the part from 2008 only; the part
    // before is at his own wage. The cap's figure has no source in the config: a warning.
    cs = s_reviewed(c, "E0300", arena);
    a = cs->assessment;
    wfe_capped(a, 3692100, 58705200);
    assert_int_equal(a->severance_half_units, 24);
    assert_int_equal(a->severance_half_units_actual, 38);
    assert_int_equal(a->pre2008_years, 3);
    assert_int_equal(a->pre2008_months, 3);
    assert_int_equal(a->pre2008_wage_fen, 4800000);
    assert_int_equal(a->service_half_units, 24);
    assert_int_equal(a->service_half_units_actual, 44);
    wfe_warning(a, "LOCAL_AVERAGE_WAGE_SOURCE_MISSING", "law/local_average_wage_source");
    out = s_show(c, cs->id, arena);
    wfe_has("case show E0300", out,
            "  severance (LCL 47, 97 para 3): 24 half-month units (actual 38 before the 12-year "
            "cap) from 2008-01-01: 12 months x 36921.00 yuan = 443052.00 yuan; before 2008 (1994 "
            "Measures): 3 months for 3 started years x 48000.00 yuan (the wage uncapped) = "
            "144000.00 yuan; total 587052.00 yuan\n");
    wfe_has("case show E0300", out,
            "service 24 half-month units (actual 44 before the 12-year cap): 2 x 12 months x "
            "36921.00 yuan = 886104.00 yuan\n");
    wfe_has("case show E0300", out, "[warn] LOCAL_AVERAGE_WAGE_SOURCE_MISSING LCL 47; Reg. 14");
    zh = s_notice(c, cs->id, "zh", arena);
    wfe_has("notice zh E0300", zh,
            "经济补偿人民币587,052."
            "00元（大写：人民币伍拾捌万柒仟零伍拾贰元整），您在本单位的工作年限为");
    wfe_has("notice zh E0300", zh, "；其中：2008年1月1日以后的工作年限依照第四十七条计12个月工资");
    wfe_has(
        "notice zh E0300", zh,
        "月工资人民币36,921.00元（第四十七条、《中华人民共和国劳动合同法实施条例》第二十七条）；"
        "您的月工资高于本地区2025年度职工月平均工资人民币12,307.00元的三倍，按该三倍的数额即人民"
        "币36,921.00元计算，年限最高不超过十二年（2008年1月1日以后的工作年限实为19个月工资），"
        "为人民币443,052.00元；");
    wfe_has("notice zh E0300", zh, "2008年1月1日以前的工作年限3年（不满一年的按一年计算）");
    wfe_has("notice zh E0300", zh,
            "计3个月工资（每满一年支付一个月工资），月工资人民币48,000.00元（不适用三倍封顶），为"
            "人民币144,000.00元；两项合计人民币587,052.00元（第九十七条第三款）");
    en = s_notice(c, cs->id, "en", arena);
    wfe_has("notice en E0300", en,
            "at a monthly wage of CNY 36,921.00 (Article 47 and Article 27 of the Implementing "
            "Regulations of the Labour Contract Law); as your monthly wage is above three times "
            "the local average monthly wage of 2025, CNY 12,307.00, that three-times figure, CNY "
            "36,921.00, is the monthly wage and at most twelve years count (your service from "
            "2008 is worth 19 months), that is CNY 443,052.00; the 3 years of service before "
            "2008");
    wfe_has("notice en E0300", en,
            "3 months' wage (a month's wage for each year) at your monthly wage of CNY 48,000.00, "
            "which no cap limits: CNY 144,000.00; together CNY 587,052.00 (Article 97 para 3)");

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pre2008_severance_is_stated_so_it_adds_up),
    };
    return cmocka_run_group_tests_name("e2e.workflow_pre2008", tests, NULL, NULL);
}
