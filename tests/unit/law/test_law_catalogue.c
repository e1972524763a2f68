/*  test_law_catalogue - the ground, fact, status and evidence-kind tables are complete and
 *  consistent: every ground of the contract, every fact reachable, every finding sentence
 *  naming exactly the evidence kinds its fact lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "hr_test.h"
#include "law.h"

// The contract's ground table, in its order, with the facts it lists.
static const char *const s_contract_grounds[][8] = {
    {"A36_EMPLOYER", "agreement_signed", NULL},
    {"A36_EMPLOYEE", "agreement_signed", NULL},
    {"A39_1", "hiring_conditions_defined", "hiring_conditions_made_known", "failure_proven", NULL},
    {"A39_2", "rule_exists", "rule_adopted_democratically", "rule_made_known",
     "conduct_covered_as_serious", "facts_proven", NULL},
    {"A39_3", "dereliction_or_graft_proven", "major_damage_proven", NULL},
    {"A39_4", "concurrent_employment_proven", "serious_impact_or_refused_to_correct", NULL},
    {"A39_5", "contract_invalid_by_employee_fraud", NULL},
    {"A39_6", "criminal_liability_established", NULL},
    {"A40_1", "medical_period_expired", "cannot_do_original_work", "alternative_work_offered",
     "cannot_do_alternative_work", NULL},
    {"A40_2", "job_standard_made_known", "first_assessment_failed", "training_or_adjustment_done",
     "second_assessment_failed", NULL},
    {"A40_3", "objective_change_major", "contract_cannot_be_performed",
     "variation_consultation_failed", NULL},
    {"A41", "layoff_count", "total_headcount", "explained_to_union_or_staff_30_days",
     "opinions_heard", "reported_to_labour_bureau_before", "priority_retention_considered", NULL},
    {"A44_EXPIRY", NULL}, // its two facts only decide severance: none is required
};

static void test_catalogue_has_the_contracts_thirteen_grounds_and_required_facts(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(law_ground_count(), HR_ARRAY_LEN(s_contract_grounds));
    assert_null(law_ground_at(law_ground_count()));
    for (size_t i = 0; i < HR_ARRAY_LEN(s_contract_grounds); i++) {
        const law_ground_t *g = law_ground_find(s_contract_grounds[i][0]);
        assert_non_null(g);
        assert_ptr_equal(g, law_ground_at(i));
        assert_true(strlen(g->article) > 0 && strlen(g->title_zh) > 0 && strlen(g->title_en) > 0);
        size_t nrequired = 0;
        for (size_t j = 0; j < g->nfacts; j++)
            if (g->facts[j].required)
                nrequired++;
        size_t want = 0;
        while (s_contract_grounds[i][want + 1])
            want++;
        assert_int_equal(nrequired, want);
        for (size_t k = 0; k < want; k++) {
            const law_fact_t *f = law_fact_find(s_contract_grounds[i][k + 1]);
            assert_non_null(f);
            bool listed = false;
            for (size_t j = 0; j < g->nfacts; j++)
                listed |= g->facts[j].fact == f->id && g->facts[j].required;
            if (!listed)
                fail_msg("%s does not require %s", g->code, f->name);
        }
    }
    assert_null(law_ground_find("a40_2"));
    assert_null(law_ground_find("A40"));
}

static void test_optional_facts_are_a39_2_consistency_and_a44_renewal(void **state)
{
    HR_UNUSED(state);
    const law_ground_t *a39 = law_ground_find("A39_2");
    const law_ground_t *a44 = law_ground_find("A44_EXPIRY");
    assert_int_equal(a39->facts[a39->nfacts - 1].fact, LAW_FACT_ENFORCED_CONSISTENTLY);
    assert_false(a39->facts[a39->nfacts - 1].required);
    assert_int_equal(a44->nfacts, 2);
    assert_int_equal(a44->facts[0].fact, LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS);
    assert_int_equal(a44->facts[1].fact, LAW_FACT_EMPLOYEE_REFUSED_RENEWAL);
}

static void test_every_fact_belongs_to_a_ground_and_has_its_path(void **state)
{
    HR_UNUSED(state);
    for (int f = 0; f < LAW_FACT_COUNT; f++) {
        const law_fact_t *fact = law_fact_get((law_fact_id_t)f);
        assert_int_equal(fact->id, f);
        assert_ptr_equal(law_fact_find(fact->name), fact);
        char path[128];
        snprintf(path, sizeof path, "evidence.%s", fact->name);
        assert_string_equal(law_fact_path(fact->id), path);
        assert_true(fact->kinds != 0);
        bool used = false;
        for (size_t g = 0; g < law_ground_count(); g++) {
            const law_ground_t *ground = law_ground_at(g);
            for (size_t j = 0; j < ground->nfacts; j++)
                used |= ground->facts[j].fact == fact->id;
        }
        if (!used)
            fail_msg("fact %s is in no ground", fact->name);
    }
    assert_null(law_fact_get(LAW_FACT_COUNT));
    assert_null(law_fact_find("nonsense"));
    assert_null(law_fact_path(LAW_FACT_COUNT));
}

// The sentence of a missing fact lists exactly the kinds of its bit set, in enum order.
static void test_missing_fact_sentences_name_exactly_their_evidence_kinds(void **state)
{
    HR_UNUSED(state);
    for (int f = 0; f < LAW_FACT_COUNT; f++) {
        const law_fact_t *fact = law_fact_get((law_fact_id_t)f);
        char list[512] = "", list_zh[512] = "";
        for (int k = 0; k < LAW_EVK_COUNT; k++) {
            if (!law_fact_is_proven_by(fact, (law_evidence_kind_t)k))
                continue;
            if (list[0])
                strncat(list, ", ", sizeof list - strlen(list) - 1);
            if (list_zh[0])
                strncat(list_zh, "、", sizeof list_zh - strlen(list_zh) - 1);
            strncat(list, law_evidence_kind_name((law_evidence_kind_t)k),
                    sizeof list - strlen(list) - 1);
            strncat(list_zh, law_evidence_kind_zh((law_evidence_kind_t)k),
                    sizeof list_zh - strlen(list_zh) - 1);
        }
        char en[600], zh[600];
        snprintf(en, sizeof en, "(evidence kinds: %s).", list);
        snprintf(zh, sizeof zh, "（证据类型：%s）。", list_zh);
        if (!strstr(fact->missing_en, en))
            fail_msg("%s: English sentence does not end with '%s': %s", fact->name, en,
                     fact->missing_en);
        if (!strstr(fact->missing_zh, zh))
            fail_msg("%s: Chinese sentence does not list '%s': %s", fact->name, list_zh,
                     fact->missing_zh);
        // The Chinese names the kinds in Chinese: no code (rule_document, other) in it.
        for (int k = 0; k < LAW_EVK_COUNT; k++)
            if (strstr(fact->missing_zh, law_evidence_kind_name((law_evidence_kind_t)k)))
                fail_msg("%s: Chinese sentence names the code %s: %s", fact->name,
                         law_evidence_kind_name((law_evidence_kind_t)k), fact->missing_zh);
        assert_non_null(strstr(fact->missing_en, fact->article));
        assert_non_null(strstr(fact->missing_en, fact->document_en));
        assert_non_null(strstr(fact->missing_zh, fact->document_zh));
    }
}

static void test_evidence_kinds_are_the_design_list(void **state)
{
    HR_UNUSED(state);
    const char *design[] = {"performance_report", "assessment_result",       "training_record",
                            "rule_document",      "rule_acknowledgement",    "attendance_record",
                            "complaint_record",   "feedback_talk_record",    "hiring_conditions",
                            "agreement",          "notice_letter",           "union_notice",
                            "facts_snapshot",     "termination_certificate", "other"};
    assert_int_equal(LAW_EVK_COUNT, HR_ARRAY_LEN(design));
    for (size_t i = 0; i < HR_ARRAY_LEN(design); i++) {
        law_evidence_kind_t k;
        assert_int_equal(law_evidence_kind_find(design[i], &k), HR_OK);
        assert_int_equal(k, i);
        assert_string_equal(law_evidence_kind_name(k), design[i]);
    }
    law_evidence_kind_t k;
    assert_int_equal(law_evidence_kind_find("video", &k), HR_ENOTFOUND);
    assert_null(law_evidence_kind_name(LAW_EVK_COUNT));
}

static void test_ground_kinds_collect_the_kinds_of_required_facts(void **state)
{
    HR_UNUSED(state);
    unsigned a40_2 = law_ground_kinds(law_ground_find("A40_2"));
    assert_true(a40_2 & LAW_EVK_BIT(LAW_EVK_ASSESSMENT_RESULT));
    assert_true(a40_2 & LAW_EVK_BIT(LAW_EVK_TRAINING_RECORD));
    assert_true(a40_2 & LAW_EVK_BIT(LAW_EVK_RULE_ACKNOWLEDGEMENT));
    assert_false(a40_2 & LAW_EVK_BIT(LAW_EVK_UNION_NOTICE));
    assert_int_equal(law_ground_kinds(law_ground_find("A36_EMPLOYER")),
                     LAW_EVK_BIT(LAW_EVK_AGREEMENT));
    assert_int_equal(law_ground_kinds(law_ground_find("A44_EXPIRY")), 0);
    const law_fact_t *f = law_fact_find("training_or_adjustment_done");
    assert_true(law_fact_is_proven_by(f, LAW_EVK_TRAINING_RECORD));
    assert_false(law_fact_is_proven_by(f, LAW_EVK_AGREEMENT));
    assert_false(law_fact_is_proven_by(f, LAW_EVK_COUNT));
    // A layoff's numbers are the company's: the plan and the roster HR uploads (other), never a
    // facts snapshot, which is about the one employee of a case.
    const char *const numbers[] = {"layoff_count", "total_headcount"};
    for (size_t i = 0; i < HR_ARRAY_LEN(numbers); i++) {
        f = law_fact_find(numbers[i]);
        assert_true(law_fact_is_proven_by(f, LAW_EVK_OTHER));
        assert_false(law_fact_is_proven_by(f, LAW_EVK_FACTS_SNAPSHOT));
        assert_non_null(strstr(f->missing_en, "(evidence kinds: other)"));
    }
    // LCL 41: the opinions of the union or the staff are heard collectively - a one-to-one talk
    // with the dismissed employee is not that (the union review's D7).
    f = law_fact_find("opinions_heard");
    assert_true(law_fact_is_proven_by(f, LAW_EVK_UNION_NOTICE));
    assert_true(law_fact_is_proven_by(f, LAW_EVK_OTHER));
    assert_false(law_fact_is_proven_by(f, LAW_EVK_FEEDBACK_TALK_RECORD));
}

static void test_statuses_have_paths_codes_and_articles(void **state)
{
    HR_UNUSED(state);
    const char *codes[] = {"PROTECTED_HAZARD_EXPOSURE", "PROTECTED_OCCUPATIONAL_DISEASE",
                           "PROTECTED_WORK_INJURY",     "PROTECTED_MEDICAL_PERIOD",
                           "PROTECTED_PREGNANT",        "PROTECTED_MATERNITY",
                           "PROTECTED_NURSING",         "PROTECTED_LONG_SERVICE"};
    const char *articles[] = {"LCL 42(1)", "LCL 42(1)", "LCL 42(2)", "LCL 42(3)",
                              "LCL 42(4)", "LCL 42(4)", "LCL 42(4)", "LCL 42(5)"};
    assert_int_equal(LAW_STATUS_COUNT, HR_ARRAY_LEN(codes));
    for (int i = 0; i < LAW_STATUS_COUNT; i++) {
        const law_status_t *st = law_status_get((law_status_id_t)i);
        char path[128];
        snprintf(path, sizeof path, "employee.status.%s", st->name);
        assert_string_equal(st->path, path);
        assert_string_equal(st->code, codes[i]);
        assert_string_equal(st->article, articles[i]);
        assert_ptr_equal(law_status_find(st->name), st);
        assert_non_null(strstr(st->block_en, st->article));
        assert_non_null(strstr(st->expiry_en, "LCL 45"));
    }
    assert_null(law_status_get(LAW_STATUS_COUNT));
    assert_null(law_status_find("tired"));
}

// Art. 42(5) lasts until the retirement age: its findings tell HR to withdraw, never to wait for
// proof that it has ended; the statuses that end keep that way out.
static void test_long_service_says_withdraw_not_wait(void **state)
{
    HR_UNUSED(state);
    const law_status_t *st = law_status_get(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT);
    assert_null(strstr(st->block_zh, "已消失"));
    assert_non_null(strstr(st->block_zh, "达到法定退休年龄之前不会消失"));
    assert_non_null(strstr(st->block_zh, "请撤回本案"));
    assert_non_null(strstr(st->block_zh, "第三十九条"));
    assert_null(strstr(st->block_en, "has ended"));
    assert_non_null(strstr(st->block_en, "withdraw the case"));
    assert_non_null(strstr(st->expiry_zh, "达到法定退休年龄之前不会消失"));
    assert_null(strstr(st->expiry_zh, "请记录该情形消失的日期"));
    assert_non_null(strstr(st->expiry_en, "Withdraw the case"));
    for (int i = 0; i < LAW_STATUS_COUNT; i++)
        if (i != LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT)
            assert_non_null(strstr(law_status_get((law_status_id_t)i)->block_zh, "已消失的材料"));
}

// Arts. 36-41 rescind the contract (解除); Art. 44 ends it (终止): the closing documents name the
// one the ground's row says.
static void test_grounds_rescind_except_the_art44_ones_which_terminate(void **state)
{
    HR_UNUSED(state);
    for (size_t i = 0; i < law_ground_count(); i++) {
        const law_ground_t *g = law_ground_at(i);
        bool art44 = !strncmp(g->article, "LCL 44", 6);
        if (g->ending != (art44 ? LAW_ENDING_TERMINATION : LAW_ENDING_RESCISSION))
            fail_msg("%s (%s): ending %d", g->code, g->article, (int)g->ending);
    }
    assert_int_equal(law_ground_find("A44_EXPIRY")->ending, LAW_ENDING_TERMINATION);
    assert_int_equal(law_ground_find("A36_EMPLOYEE")->ending, LAW_ENDING_RESCISSION);
}

static void test_names_of_enums(void **state)
{
    HR_UNUSED(state);
    assert_string_equal(law_severity_name(LAW_SEVERITY_BLOCK), "block");
    assert_string_equal(law_severity_name(LAW_SEVERITY_WARN), "warn");
    assert_string_equal(law_severity_name(LAW_SEVERITY_REVIEW), "review");
    assert_string_equal(law_severity_name(LAW_SEVERITY_INFO), "info");
    assert_null(law_severity_name((law_severity_t)99));
    assert_string_equal(law_contract_name(LAW_CONTRACT_PART_TIME), "part_time");
    assert_null(law_contract_name(LAW_CONTRACT_COUNT));
    assert_true(law_ground_is_unilateral(law_ground_find("A39_1")));
    assert_true(law_ground_is_unilateral(law_ground_find("A41")));
    assert_false(law_ground_is_unilateral(law_ground_find("A36_EMPLOYER")));
    assert_false(law_ground_is_unilateral(law_ground_find("A44_EXPIRY")));
}

// The legislature's citation style: 第四十二条第四项 - Chinese numerals, no brackets. NULL when s
// keeps it, else where it does not (第42条, 第（四）项).
static const char *s_cite_style_break(const char *s)
{
    for (const char *p = strstr(s, "第"); p; p = strstr(p + 1, "第")) {
        const char *q = p + strlen("第");
        if (!strncmp(q, "（", strlen("（")))
            return p;
        size_t digits = 0;
        while (q[digits] >= '0' && q[digits] <= '9')
            digits++;
        q += digits;
        if (digits && (!strncmp(q, "条", strlen("条")) || !strncmp(q, "款", strlen("款")) ||
                       !strncmp(q, "项", strlen("项"))))
            return p;
    }
    return NULL;
}

static void s_cites_well(const char *what, const char *s)
{
    const char *at = s ? s_cite_style_break(s) : NULL;
    if (at)
        fail_msg("%s cites '%.24s' (write 第四十二条第四项): %s", what, at, s);
}

static void test_messages_cite_the_legislature_way(void **state)
{
    (void)state;
    for (int i = 0; i < LAW_FACT_COUNT; i++) {
        const law_fact_t *f = law_fact_get((law_fact_id_t)i);
        s_cites_well(f->name, f->missing_zh);
        s_cites_well(f->name, f->description_zh);
    }
    for (int i = 0; i < LAW_STATUS_COUNT; i++) {
        const law_status_t *st = law_status_get((law_status_id_t)i);
        s_cites_well(st->name, st->block_zh);
        s_cites_well(st->name, st->expiry_zh);
        s_cites_well(st->name, st->not_a_bar_zh);
    }
    assert_non_null(s_cite_style_break("劳动合同法第42条第（四）项"));
    assert_non_null(s_cite_style_break("第（四）项"));
    assert_null(
        s_cite_style_break("《中华人民共和国劳动合同法》第四十二条第四项；公报2017年第5期"));
}

// What a notice quotes (Guiding Case 180): each ground's item in the statute's own words, an
// Art. 39/40/44 item with its closing 的 and no semicolon, not a paraphrase.
static void test_every_ground_has_the_statute_words(void **state)
{
    (void)state;
    for (size_t i = 0; i < law_ground_count(); i++) {
        const law_ground_t *g = law_ground_at(i);
        assert_non_null(g->statute_zh);
        assert_non_null(g->statute_en);
        assert_true(*g->statute_zh && *g->statute_en);
        assert_null(strstr(g->statute_zh, "；"));
        assert_null(strstr(g->statute_zh, "。"));
        size_t n = strlen(g->statute_zh), de = strlen("的");
        bool item = g->family == LAW_FAMILY_CAUSE || g->family == LAW_FAMILY_NOTICE ||
                    g->family == LAW_FAMILY_EXPIRY;
        if (item && (n < de || strcmp(g->statute_zh + n - de, "的")))
            fail_msg("%s: '%s' does not end as the item does (的)", g->code, g->statute_zh);
    }
    assert_string_equal(law_ground_find("A40_3")->statute_zh,
                        "劳动合同订立时所依据的客观情况发生重大变化，致使劳动合同无法履行，经用人单"
                        "位与劳动者协商，未能就变更劳动合同内容达成协议的");
    assert_string_equal(law_ground_find("A39_4")->statute_zh,
                        "劳动者同时与其他用人单位建立劳动关系，对完成本单位的工作任务造成严重影响，"
                        "或者经用人单位提出，拒不改正的");
    assert_string_equal(law_ground_find("A39_5")->statute_zh,
                        "因本法第二十六条第一款第一项规定的情形致使劳动合同无效的");
    assert_string_equal(law_ground_find("A40_1")->statute_zh,
                        "劳动者患病或者非因工负伤，在规定的医疗期满后不能从事原工作，也不能从事由用"
                        "人单位另行安排的工作的");
    assert_string_equal(law_ground_find("A44_EXPIRY")->statute_zh, "劳动合同期满的");
    assert_string_equal(law_ground_find("A36_EMPLOYER")->statute_zh,
                        "用人单位与劳动者协商一致，可以解除劳动合同");
}

// The one place a number becomes a citation's numerals (第四十二条, 第一百零五条): 十 alone
// before the units under twenty, 一十 inside a larger number, one 零 for a run of zeros.
static void test_law_zh_number_writes_the_legislature_numerals(void **state)
{
    HR_UNUSED(state);
    static const struct {
        int n;
        const char *zh;
    } rows[] = {{1, "一"},
                {4, "四"},
                {10, "十"},
                {12, "十二"},
                {20, "二十"},
                {21, "二十一"},
                {42, "四十二"},
                {97, "九十七"},
                {100, "一百"},
                {105, "一百零五"},
                {110, "一百一十"},
                {115, "一百一十五"},
                {1001, "一千零一"},
                {1010, "一千零一十"},
                {1259, "一千二百五十九"},
                {9999, "九千九百九十九"},
                {0, "0"},
                {-3, "-3"},
                {10000, "10000"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        char buf[LAW_ZH_NUMBER_MAX];
        assert_string_equal(law_zh_number(rows[i].n, buf, sizeof buf), rows[i].zh);
        assert_ptr_equal(law_zh_number(rows[i].n, buf, sizeof buf), buf);
    }
    char tight[8]; // 四十 fits, 二 does not: cut at a whole numeral, still terminated
    assert_string_equal(law_zh_number(42, tight, sizeof tight), "四十");
}

// Every kind has a Chinese name of its own, with no code in it; by name too, and a name that is no
// kind comes back as it is.
static void test_evidence_kinds_have_chinese_names(void **state)
{
    HR_UNUSED(state);
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        const char *zh = law_evidence_kind_zh((law_evidence_kind_t)k);
        assert_non_null(zh);
        for (const char *p = zh; *p; p++)
            assert_true((unsigned char)*p >= 0x80); // Chinese only
        for (int j = 0; j < k; j++)
            assert_string_not_equal(zh, law_evidence_kind_zh((law_evidence_kind_t)j));
        assert_string_equal(law_evidence_kind_zh_of(law_evidence_kind_name((law_evidence_kind_t)k)),
                            zh);
    }
    assert_string_equal(law_evidence_kind_zh(LAW_EVK_RULE_DOCUMENT), "规章制度文本");
    assert_string_equal(law_evidence_kind_zh(LAW_EVK_FACTS_SNAPSHOT), "事实快照");
    assert_null(law_evidence_kind_zh(LAW_EVK_COUNT));
    assert_string_equal(law_evidence_kind_zh_of("scan"), "scan");
    assert_string_equal(law_evidence_kind_zh_of(NULL), "");
}

// The tables' article references, cited as the legislature does: numerals, 条/款/项, the law named
// once for a run; anything else copied whole.
static void test_law_article_zh_cites_the_legislature_way(void **state)
{
    HR_UNUSED(state);
    static const struct {
        const char *article, *zh;
    } rows[] = {
        {"LCL 39(2)", "《劳动合同法》第三十九条第二项"},
        {"LCL 41", "《劳动合同法》第四十一条"},
        {"LCL 14(2)(1); Reg. 9",
         "《劳动合同法》第十四条第二款第一项、《劳动合同法实施条例》第九条"},
        {"LCL 19; LCL 83", "《劳动合同法》第十九条、第八十三条"},
        {"LCL 97; 1994 Measures 6, 11",
         "《劳动合同法》第九十七条、《违反和解除劳动合同的经济补偿办法》第六条、第十一条"},
        {"LCL 43; Interp. I 47",
         "《劳动合同法》第四十三条、《最高人民法院关于审理劳动争议案件适用法律问题的解释（一）》"
         "第四十七条"},
        {"Reg. 27", "《劳动合同法实施条例》第二十七条"},
        {"LCL 47 standard (Reg. Art. 25)", "LCL 47 standard (Reg. Art. 25)"},
        {"LCL 39(x)", "LCL 39(x)"},
        {"LCL ", "LCL "},
        {"", ""},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        char buf[LAW_ARTICLE_ZH_MAX];
        assert_string_equal(law_article_zh(rows[i].article, buf, sizeof buf), rows[i].zh);
    }
    // Every fact's and ground's reference turns whole, and says what the table's Chinese says.
    char buf[LAW_ARTICLE_ZH_MAX];
    for (int f = 0; f < LAW_FACT_COUNT; f++) {
        const law_fact_t *fact = law_fact_get((law_fact_id_t)f);
        law_article_zh(fact->article, buf, sizeof buf);
        assert_null(strstr(buf, "LCL"));
    }
    for (size_t i = 0; i < law_ground_count(); i++)
        assert_null(strstr(law_article_zh(law_ground_at(i)->article, buf, sizeof buf), "LCL"));
    char tight[24]; // too small for the title: the reference as it is, cut, never half turned
    assert_string_equal(law_article_zh("LCL 39(2)", tight, sizeof tight), "LCL 39(2)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_law_zh_number_writes_the_legislature_numerals),
        cmocka_unit_test(test_evidence_kinds_have_chinese_names),
        cmocka_unit_test(test_law_article_zh_cites_the_legislature_way),
        cmocka_unit_test(test_catalogue_has_the_contracts_thirteen_grounds_and_required_facts),
        cmocka_unit_test(test_optional_facts_are_a39_2_consistency_and_a44_renewal),
        cmocka_unit_test(test_every_fact_belongs_to_a_ground_and_has_its_path),
        cmocka_unit_test(test_missing_fact_sentences_name_exactly_their_evidence_kinds),
        cmocka_unit_test(test_evidence_kinds_are_the_design_list),
        cmocka_unit_test(test_ground_kinds_collect_the_kinds_of_required_facts),
        cmocka_unit_test(test_statuses_have_paths_codes_and_articles),
        cmocka_unit_test(test_long_service_says_withdraw_not_wait),
        cmocka_unit_test(test_grounds_rescind_except_the_art44_ones_which_terminate),
        cmocka_unit_test(test_names_of_enums),
        cmocka_unit_test(test_every_ground_has_the_statute_words),
        cmocka_unit_test(test_messages_cite_the_legislature_way),
    };
    return cmocka_run_group_tests_name("unit.law.catalogue", tests, NULL, NULL);
}
