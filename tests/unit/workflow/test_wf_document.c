/*  unit.workflow.document - the closing documents: templates checked at load, when each document
 *  may be made, and the values filled in - the four items Reg. Art. 24 requires on the
 *  certificate, dates in the Chinese form, money to the fen, years of service as hr_law counts
 *  them (across a leap day, from a hire on the 31st), an open-ended contract, and a value the
 *  case lacks shown and listed, never left blank. The repository's own templates
 *  (deploy/config/documents) are filled too.
 *
 *  Then one rendering of the repository's templates per way a contract ends - Art. 39 fault,
 *  Art. 40 with pay in lieu, Art. 41 layoff, Art. 44 expiry, Art. 36 agreement - checking the
 *  title's word (解除 or 终止) and the sentences a lawyer looks for, in zh and en.
 *  WF_DOC_PRINT=1 in the environment prints each rendering on stderr, for a legal read.
 *
 *  The case: E0117, hired 2024-01-31 as a key account manager on a fixed-term contract
 *  2024-01-31..2027-01-30, dismissed under Art. 40(2) with pay in lieu of notice; the notice
 *  served 2026-12-03, the contract ending 2027-01-04.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

typedef struct {
    hr_arena_t *arena;                    // owned
    Hr__Workflow__Case c;                 // the case (arena strings)
    Hr__Workflow__Person p;               // its employee
    Hr__Workflow__Assessment as;          // the review's figures
    Hr__Workflow__Outcome o;              // the outcome (attached when a test says so)
    Hr__Workflow__CaseStep steps[7];      // the stages
    Hr__Workflow__CaseStep *step_ptrs[7]; // c.steps
    wf_doc_input_t in;                    // what the documents are filled from
} fixture_t;

static const char *const s_stages[] = {"request",   "hr_review", "prepare",
                                       "interview", "outcome",   "close"};

static void s_at(fixture_t *f, const char *stage)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_stages); i++)
        if (!strcmp(s_stages[i], stage))
            f->c.current = (uint32_t)i;
}

static void s_outcome(fixture_t *f, Hr__Workflow__OutcomeKind kind)
{
    f->o.kind = kind;
    f->c.outcome = &f->o;
    s_at(f, "close");
}

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    memset(f, 0, sizeof *f);
    f->arena = hr_arena_new(0);
    hr__workflow__case__init(&f->c);
    hr__workflow__person__init(&f->p);
    hr__workflow__assessment__init(&f->as);
    hr__workflow__outcome__init(&f->o);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_stages); i++) {
        hr__workflow__case_step__init(&f->steps[i]);
        f->steps[i].key = (char *)s_stages[i];
        f->step_ptrs[i] = &f->steps[i];
    }
    f->c.id = "01JN00000000000000000000AA";
    f->c.employee_no = "E0117";
    f->c.ground = "A40_2";
    f->c.reason = "考核不合格"; // the manager's opening text: never the notice's
    f->c.reviewed_reasons = "2026年第二、第三季度考核均未达到岗位标准，其间参加了大客户销售培训";
    f->c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    f->c.steps = f->step_ptrs;
    f->c.n_steps = HR_ARRAY_LEN(s_stages);
    s_at(f, "prepare");
    f->c.assessment = &f->as;
    f->as.lawful = true;
    f->as.severance_fen = 4500000; // 45,000.00: 3 months at 15,000 (2 years 11 months)
    f->as.wage_base_fen = 1500000;
    f->as.service_half_units = 6;
    f->as.notice_pay_fen = 1234567; // 12,345.67
    f->as.notice_date = "2026-12-03";
    f->as.effective_date = "2027-01-04";
    f->as.pay_in_lieu_of_notice = true;
    f->o.effective_date = "2027-01-04";
    f->o.served_date = "2026-12-03";
    f->p.employee_no = "E0117";
    f->p.name = "吴昊";
    f->p.id_no = "310115199703120513";
    f->p.title = "大客户经理";
    f->p.hire_date = "2024-01-31";
    f->p.contract_type = "fixed";
    f->p.contract_start = "2024-01-31";
    f->p.contract_end = "2027-01-30";
    f->in.c = &f->c;
    f->in.p = &f->p;
    f->in.department = "销售部";
    f->in.company_name = "示例科技有限公司";
    f->in.company_address = "上海市浦东新区示例路 100 号";
    f->in.now_ms = wf_fixture_local("2026-12-03", 10, 0);
    f->in.tz_offset_min = HR_TZ_SHANGHAI_MIN;
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

static wf_doc_t s_fill(fixture_t *f, const char *tpl, wf_doc_lang_t lang)
{
    char err[256] = "";
    assert_int_equal(wf_doc_check(tpl, strlen(tpl), err, sizeof err), HR_OK);
    wf_doc_t doc;
    wf_doc_fill(tpl, &f->in, lang, f->arena, &doc);
    return doc;
}

static bool s_missing(const wf_doc_t *d, const char *name)
{
    for (size_t i = 0; i < d->nmissing; i++)
        if (!strcmp(d->missing[i], name))
            return true;
    return false;
}

// The repository's template of a kind and language, owned.
static char *s_repo_template(const char *file)
{
    char *rel = hr_strfmt("deploy/config/documents/%s", file);
    char *path = hr_test_source_path(rel);
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    hr_free(rel);
    assert_non_null(text);
    char err[256] = "";
    if (wf_doc_check(text, len, err, sizeof err))
        fail_msg("%s: %s", file, err);
    return text;
}

// The repository's template `file` filled for the case in lang (arena text); its missing
// fields in *nmissing.
static const char *s_render(fixture_t *f, wf_doc_kind_t kind, const char *file, wf_doc_lang_t lang,
                            size_t *nmissing)
{
    char *tpl = s_repo_template(file);
    f->in.kind = kind;
    wf_doc_t d = s_fill(f, tpl, lang);
    hr_free(tpl);
    *nmissing = d.nmissing;
    if (getenv("WF_DOC_PRINT"))
        fprintf(stderr, "=== %s\n%s\n", file, d.text);
    for (size_t i = 0; i < d.nmissing; i++)
        print_message("%s: missing %s\n", file, d.missing[i]);
    // One citation style, the legislature's: 第三十九条第一项, never 第三十九条第（一）项.
    if (strstr(d.text, "第（") || strstr(d.text, "）项"))
        fail_msg("%s cites an item in brackets:\n%s", file, d.text);
    return d.text;
}

static void s_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("lacks '%s':\n%s", part, text);
}

static void s_lacks(const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("has '%s':\n%s", part, text);
}

// A finding the review stored on the case (the engine's word on renewal, part-time...).
static void s_finding(fixture_t *f, const char *code)
{
    Hr__Workflow__Finding *g = hr_arena_alloc(f->arena, sizeof *g);
    hr__workflow__finding__init(g);
    g->severity = "info";
    g->code = (char *)code;
    Hr__Workflow__Finding **all = hr_arena_alloc(f->arena, (f->as.n_findings + 1) * sizeof *all);
    for (size_t i = 0; i < f->as.n_findings; i++)
        all[i] = f->as.findings[i];
    all[f->as.n_findings++] = g;
    f->as.findings = all;
}

// ---------------------------------------------------------------------------------------------
// Templates

static void test_check_names_an_unknown_placeholder_and_its_line(void **state)
{
    (void)state;
    const char *tpl = "证明\n{employee_name}\n工资：{salary}\n";
    char err[256] = "";
    assert_int_equal(wf_doc_check(tpl, strlen(tpl), err, sizeof err), HR_EINVAL);
    assert_string_equal(err, "line 3: unknown placeholder {salary}");
}

static void test_check_refuses_a_brace_that_opens_nothing(void **state)
{
    (void)state;
    const char *tpl = "a\nb { c\n";
    char err[256] = "";
    assert_int_equal(wf_doc_check(tpl, strlen(tpl), err, sizeof err), HR_EINVAL);
    assert_non_null(strstr(err, "line 2: '{' opens no placeholder"));
    const char *upper = "{Employee_Name}";
    assert_int_equal(wf_doc_check(upper, strlen(upper), err, sizeof err), HR_EINVAL);
}

static void test_check_refuses_what_is_not_utf8(void **state)
{
    (void)state;
    const char tpl[] = "\xd6\xa4\xc3\xf7 {date}"; // GB18030 bytes
    char err[256] = "";
    assert_int_equal(wf_doc_check(tpl, sizeof tpl - 1, err, sizeof err), HR_EINVAL);
    assert_string_equal(err, "not UTF-8 text");
}

// A control or bidi character would rewrite or reorder what a letter says: refused with its
// line; a CR before a LF (a file saved on Windows) is only a line end.
static void test_check_refuses_control_and_bidi_characters(void **state)
{
    (void)state;
    char err[256] = "";
    const char *crlf = "\xe9\x80\x9a\xe7\x9f\xa5\r\n{date}\r\n";
    assert_int_equal(wf_doc_check(crlf, strlen(crlf), err, sizeof err), HR_OK);
    const char *bidi = "{date}\n\xe6\x94\xaf\xe4\xbb\x98\xe2\x80\xae 000,01\n";
    assert_int_equal(wf_doc_check(bidi, strlen(bidi), err, sizeof err), HR_EINVAL);
    assert_non_null(strstr(err, "line 2: holds U+202E"));
    const char *cr = "{date}\rforged line\n";
    assert_int_equal(wf_doc_check(cr, strlen(cr), err, sizeof err), HR_EINVAL);
    assert_non_null(strstr(err, "line 1: holds U+000D"));
    const char *esc = "a\n\tb\n\x1b[31mc\n";
    assert_int_equal(wf_doc_check(esc, strlen(esc), err, sizeof err), HR_EINVAL);
    assert_non_null(strstr(err, "line 3: holds U+001B"));
}

static void test_check_caps_the_placeholders(void **state)
{
    (void)state;
    size_t one = strlen("{date}");
    char *tpl = hr_alloc((WF_DOC_FIELDS_MAX + 1) * one + 1);
    for (size_t i = 0; i <= WF_DOC_FIELDS_MAX; i++)
        memcpy(tpl + i * one, "{date}", one);
    char err[256] = "";
    assert_int_equal(wf_doc_check(tpl, WF_DOC_FIELDS_MAX * one, err, sizeof err), HR_OK);
    assert_int_equal(wf_doc_check(tpl, (WF_DOC_FIELDS_MAX + 1) * one, err, sizeof err), HR_EINVAL);
    assert_non_null(strstr(err, "more than 1000 placeholders"));
    hr_free(tpl);
}

static void test_doubled_braces_write_a_brace(void **state)
{
    fixture_t *f = *state;
    wf_doc_t d = s_fill(f, "{{employee_no}} = {employee_no} }}", WF_DOC_ZH);
    assert_string_equal(d.text, "{employee_no} = E0117 }");
    assert_int_equal(d.nmissing, 0);
}

static void test_the_repository_templates_load(void **state)
{
    (void)state;
    const char *files[] = {"certificate.zh.txt", "certificate.en.txt",  "notice.zh.txt",
                           "notice.en.txt",      "union_notice.zh.txt", "union_notice.en.txt"};
    for (size_t i = 0; i < HR_ARRAY_LEN(files); i++) {
        char *t = s_repo_template(files[i]);
        hr_free(t);
    }
}

// ---------------------------------------------------------------------------------------------
// When each document may be made

static void test_certificate_waits_for_an_outcome_that_ends_the_contract(void **state)
{
    fixture_t *f = *state;
    char err[256] = "", zh[512] = "";
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    assert_non_null(strstr(err, "is at 'prepare'"));
    assert_non_null(strstr(err, "LCL Art. 50"));
    // Said in Chinese too, with what comes first: the outcome recorded.
    assert_non_null(strstr(zh, "解除劳动合同的证明在记录了结束合同的结果"));
    assert_non_null(strstr(zh, "《劳动合同法》第五十条）")); // the legislature's numerals
    assert_non_null(strstr(zh, "hrctl case outcome"));
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, NULL, 0), HR_OK);
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED);
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, NULL, 0), HR_OK);
    f->c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED; // closed, duties open or not
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, NULL, 0), HR_OK);
    f->o.kind = 99; // an outcome this version does not know (rescinded?) ends nothing
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, NULL, 0),
                     HR_ECONFLICT);
}

static void test_notice_from_a_lawful_review_at_prepare(void **state)
{
    fixture_t *f = *state;
    char err[256] = "";
    static const struct {
        const char *stage;
        hr_rc_t want;
    } rows[] = {{"request", HR_ECONFLICT},
                {"hr_review", HR_ECONFLICT},
                {"prepare", HR_OK},
                {"interview", HR_OK},
                {"outcome", HR_OK}};
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        s_at(f, rows[i].stage);
        assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0),
                         rows[i].want);
    }
    s_at(f, "prepare");
    f->as.lawful = false;
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_ECONFLICT);
    f->as.lawful = true;
    f->c.assessment = NULL;
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_ECONFLICT);
    f->c.assessment = &f->as;
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    f->c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_OK);
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED);
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_ECONFLICT);
}

static void test_no_notice_for_an_agreement_and_nothing_for_a_withdrawn_case(void **state)
{
    fixture_t *f = *state;
    char err[256] = "", zh[512] = "";
    f->c.ground = "A36_EMPLOYER";
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    assert_non_null(strstr(err, "not a dismissal by the employer"));
    assert_non_null(strstr(zh, "既不是用人单位单方解除（第三十九条、第四十条、第四十一条），也不是"
                               "期满终止（第四十四条）"));
    assert_non_null(strstr(zh, "协商解除（第三十六条）以双方签订的协议为准"));
    f->c.ground = "A39_1";
    f->c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_ECONFLICT);
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, NULL, 0),
                     HR_ECONFLICT);
    assert_non_null(strstr(err, "withdrawn"));
}

// A notice revoked with the employee's agreement (workflow.RescindCase): the outcome stays
// notice_served, but the employment goes on - neither document.
static void test_nothing_for_a_rescinded_case(void **state)
{
    fixture_t *f = *state;
    char err[256] = "", zh[512] = "";
    Hr__Workflow__Rescission r = HR__WORKFLOW__RESCISSION__INIT;
    r.agreement_date = "2026-12-09";
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    f->c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    f->c.rescission = &r;
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_CERTIFICATE, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    assert_non_null(strstr(err, "rescinded"));
    assert_non_null(strstr(zh, "（也不产生第五十条的离职手续）"));
    assert_non_null(strstr(err, "2026-12-09"));
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_ECONFLICT);
    assert_non_null(strstr(err, "employment goes on"));
}

// ---------------------------------------------------------------------------------------------
// Values

static void test_certificate_states_the_four_art24_items_in_chinese(void **state)
{
    fixture_t *f = *state;
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    char *tpl = s_repo_template("certificate.zh.txt");
    wf_doc_t d = s_fill(f, tpl, WF_DOC_ZH);
    hr_free(tpl);
    assert_int_equal(d.nmissing, 0);
    // contract term, end date, position, years of service (Reg. Art. 24)
    assert_non_null(strstr(d.text, "劳动合同期限：自2024年1月31日至2027年1月30日"));
    assert_non_null(strstr(d.text, "解除劳动合同的日期：2027年1月4日"));
    assert_non_null(strstr(d.text, "工作岗位：大客户经理（销售部）"));
    assert_non_null(strstr(d.text, "在本单位的工作年限：2年11个月5天"));
    assert_non_null(strstr(d.text, "示例科技有限公司"));
    // made on 2026-12-03 for a contract that runs to 2027-01-04: dated the day it ends (Art. 50)
    assert_non_null(strstr(d.text, "示例路 100 号\n2027年1月4日\n"));
    assert_null(strstr(d.text, "2026年12月3日"));
    assert_null(strstr(d.text, "{"));
}

static void test_certificate_in_english_uses_iso_dates(void **state)
{
    fixture_t *f = *state;
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    char *tpl = s_repo_template("certificate.en.txt");
    wf_doc_t d = s_fill(f, tpl, WF_DOC_EN);
    hr_free(tpl);
    assert_int_equal(d.nmissing, 0);
    assert_non_null(
        strstr(d.text, "Contract term: 2024-01-31 to 2027-01-30 (fixed-term contract)"));
    assert_non_null(strstr(d.text, "Date of rescission of the contract: 2027-01-04"));
    assert_non_null(strstr(d.text, "Position: 大客户经理 (销售部)"));
    assert_non_null(strstr(d.text, "Years of service with the Company: 2 years 11 months 5 days"));
}

static void test_dates_in_the_chinese_form(void **state)
{
    fixture_t *f = *state;
    int32_t day;
    assert_true(hr_date_parse("2026-12-03", &day));
    assert_string_equal(wf_doc_date(day, WF_DOC_ZH, f->arena), "2026年12月3日");
    assert_string_equal(wf_doc_date(day, WF_DOC_EN, f->arena), "2026-12-03");
    assert_true(hr_date_parse("2027-01-04", &day));
    assert_string_equal(wf_doc_date(day, WF_DOC_ZH, f->arena), "2027年1月4日");
}

static void test_money_to_the_fen(void **state)
{
    fixture_t *f = *state;
    static const struct {
        int64_t fen;
        const char *zh;
        const char *en;
    } rows[] = {
        {0, "人民币0.00元", "CNY 0.00"},
        {5, "人民币0.05元", "CNY 0.05"},
        {99999, "人民币999.99元", "CNY 999.99"},
        {100000, "人民币1,000.00元", "CNY 1,000.00"},
        {1234567, "人民币12,345.67元", "CNY 12,345.67"},
        {123456789012, "人民币1,234,567,890.12元", "CNY 1,234,567,890.12"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        assert_string_equal(wf_doc_money(rows[i].fen, WF_DOC_ZH, f->arena), rows[i].zh);
        assert_string_equal(wf_doc_money(rows[i].fen, WF_DOC_EN, f->arena), rows[i].en);
    }
}

static void test_years_of_service_as_the_law_counts_them(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *hire;
        const char *last;
        const char *zh;
        const char *en;
    } rows[] = {
        // a hire on the 31st: February has no 31st, its last day is the anniversary
        {"2024-01-31", "2024-02-28", "1个月", "1 month"},
        {"2024-01-31", "2024-02-29", "1个月1天", "1 month 1 day"},
        {"2024-01-31", "2024-03-30", "2个月", "2 months"},
        // across the leap day 2024-02-29 and from it
        {"2023-03-01", "2024-02-29", "1年", "1 year"},
        {"2024-02-29", "2025-02-27", "1年", "1 year"},
        {"2024-02-29", "2026-03-01", "2年2天", "2 years 2 days"},
        {"2020-06-15", "2026-12-14", "6年6个月", "6 years 6 months"},
        {"2026-12-03", "2026-12-03", "1天", "1 day"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        int32_t a, b;
        assert_true(hr_date_parse(rows[i].hire, &a));
        assert_true(hr_date_parse(rows[i].last, &b));
        law_service_t s = law_service_between(a, b);
        const char *zh = wf_doc_service(&s, WF_DOC_ZH, f->arena);
        const char *en = wf_doc_service(&s, WF_DOC_EN, f->arena);
        if (strcmp(zh, rows[i].zh) || strcmp(en, rows[i].en))
            fail_msg("%s..%s: %s / %s, want %s / %s", rows[i].hire, rows[i].last, zh, en,
                     rows[i].zh, rows[i].en);
    }
    // in a document: from the hire date to the outcome's effective date
    f->p.hire_date = "2024-02-29";
    f->o.effective_date = "2026-02-28";
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED);
    wf_doc_t d = s_fill(f, "{service_years}|{effective_date}", WF_DOC_ZH);
    assert_string_equal(d.text, "2年1天|2026年2月28日");
}

static void test_open_ended_contract_says_so_instead_of_an_end(void **state)
{
    fixture_t *f = *state;
    f->p.contract_type = "open_ended";
    f->p.contract_end = "";
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    wf_doc_t d = s_fill(f, "{contract_term}|{contract_end}|{contract_type}", WF_DOC_ZH);
    assert_string_equal(d.text, "自2024年1月31日起，无固定期限|无固定期限|无固定期限劳动合同");
    assert_int_equal(d.nmissing, 0);
    d = s_fill(f, "{contract_term}|{contract_end}", WF_DOC_EN);
    assert_string_equal(d.text, "open-ended, from 2024-01-31|open-ended");
}

static void test_a_value_the_case_lacks_is_shown_and_listed(void **state)
{
    fixture_t *f = *state;
    f->p.title = "";            // no position in the directory
    f->p.contract_end = "";     // a fixed-term contract without its end
    f->in.company_address = ""; // company/address unset
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    wf_doc_t d = s_fill(f, "岗位：{position}；期限：{contract_term}；{company_address}；{position}",
                        WF_DOC_ZH);
    assert_string_equal(d.text, "岗位：【缺：position】；期限：【缺：contract_term】；"
                                "【缺：company_address】；【缺：position】");
    assert_int_equal(d.nmissing, 3); // each once
    assert_true(s_missing(&d, "position"));
    assert_true(s_missing(&d, "contract_term"));
    assert_true(s_missing(&d, "company_address"));
    d = s_fill(f, "Position: {position}", WF_DOC_EN);
    assert_string_equal(d.text, "Position: [missing: position]");
}

static void test_notice_states_ground_money_union_duties_and_arbitration(void **state)
{
    fixture_t *f = *state;
    f->in.has_union = true;
    f->as.union_notified = true;
    char *tpl = s_repo_template("notice.zh.txt");
    wf_doc_t d = s_fill(f, tpl, WF_DOC_ZH);
    hr_free(tpl);
    assert_int_equal(d.nmissing, 0);
    // the statute's words with the article, from hr_law's ground table
    assert_non_null(strstr(
        d.text,
        "第四十条第二项“劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作的”之规定"));
    assert_non_null(strstr(d.text, "《中华人民共和国劳动合同法》第四十条第二项"));
    assert_non_null(strstr(d.text, "劳动合同于2027年1月4日解除"));
    assert_non_null(strstr(
        d.text,
        "为人民币12,345.67元（大写：人民币壹万贰仟叁佰肆拾伍元陆角柒分），不迟于劳动合同解除之日"));
    assert_non_null(strstr(d.text, "经济补偿人民币45,000.00元（大写：人民币肆万伍仟元整）"));
    assert_non_null(strstr(d.text, "通知工会（《中华人民共和国劳动合同法》第四十三条）"));
    assert_non_null(strstr(d.text, "最迟于2027年1月19日")); // effective + 15 days (Art. 50)
    assert_non_null(strstr(d.text, "至2027年12月3日届满")); // a year from the notice (LDMAL 27)
    assert_non_null(strstr(d.text, "第二十七条"));
}

static void test_notice_terms_follow_the_ground(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    f->as.pay_in_lieu_of_notice = false;
    f->as.notice_pay_fen = 0; // 32 days' notice: none owed
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_non_null(strstr(v[WF_DOC_F_NOTICE_TERMS], "thirty days' written notice in person"));
    assert_string_equal(v[WF_DOC_F_GROUND_ARTICLE], "Article 40(2) of the Labour Contract Law");
    assert_non_null(strstr(v[WF_DOC_F_SEVERANCE_TERMS], "CNY 45,000.00"));
    assert_string_equal(v[WF_DOC_F_UNION_TERMS], "The Company has no union.");
    f->c.ground = "A39_2";
    f->as.severance_fen = 0;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_GROUND_ARTICLE], "《中华人民共和国劳动合同法》第三十九条第二项");
    assert_string_equal(v[WF_DOC_F_GROUND_TITLE], "严重违反用人单位的规章制度");
    assert_non_null(strstr(v[WF_DOC_F_NOTICE_TERMS], "第三十九条"));
    assert_non_null(strstr(v[WF_DOC_F_SEVERANCE_TERMS], "不支付经济补偿"));
    f->c.ground = "A41";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    // no trigger chosen: the paragraph whose words the notice quotes
    assert_string_equal(v[WF_DOC_F_GROUND_ARTICLE], "《中华人民共和国劳动合同法》第四十一条第一款");
    // A layoff has no advance notice: its section is the procedure, its days written 年月日.
    assert_string_equal(v[WF_DOC_F_NOTICE_HEADING], "裁员程序");
    f->as.explained_date = "2026-10-20";
    f->as.reported_date = "2026-11-20";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_NOTICE_TERMS], "本单位已于2026年10月20日（本通知三十日以前）向");
    s_has(v[WF_DOC_F_NOTICE_TERMS], "裁减人员方案已于2026年11月20日（本通知之前）向劳动行政");
    s_lacks(v[WF_DOC_F_NOTICE_TERMS], "2026-10-20");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_NOTICE_HEADING], "Layoff procedure");
    s_has(v[WF_DOC_F_NOTICE_TERMS], "on 2026-10-20, thirty days or more before this notice");
    f->as.explained_date = f->as.reported_date = "";
    f->c.ground = "A40_2";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_NOTICE_HEADING], "提前通知");
    f->c.ground = "A41";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    // a union the case did not notify: listed, not papered over
    f->in.has_union = true;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_null(v[WF_DOC_F_UNION_TERMS]);
}

static void test_notice_before_the_outcome_uses_the_reviewed_dates(void **state)
{
    fixture_t *f = *state;
    f->as.notice_date = "2026-12-05";
    f->as.effective_date = "2027-01-05";
    wf_doc_t d = s_fill(f, "{notice_date}|{effective_date}|{arbitration_limit_date}", WF_DOC_EN);
    // 2027-12-05 is a Sunday: the period ends on the Monday (Civil Code Art. 203), said so
    assert_string_equal(d.text, "2026-12-05|2027-01-05|2027-12-06 (a year ends on 2027-12-05, a "
                                "rest day in the Company's calendar: under Article 203 of the "
                                "Civil Code the period ends on the day after the days off)");
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED); // served 12-03
    d = s_fill(f, "{notice_date}|{effective_date}|{arbitration_limit_date}", WF_DOC_EN);
    assert_string_equal(d.text, "2026-12-03|2027-01-04|2027-12-03");
}

// A notice made later states the dates its caller checked (RenderDocument), not the review's
// planned ones; once the outcome is recorded its dates win over both.
static void test_notice_states_the_dates_it_is_made_for(void **state)
{
    fixture_t *f = *state;
    f->as.notice_date = "2026-12-03";
    f->as.effective_date = "2026-12-03";
    f->in.served_date = "2026-12-08";
    f->in.effective_date = "2027-01-08";
    const char *tpl = "{notice_date}|{effective_date}|{arbitration_limit_date}|{certificate_date}";
    wf_doc_t d = s_fill(f, tpl, WF_DOC_EN);
    assert_string_equal(d.text, "2026-12-08|2027-01-08|2027-12-08|2027-01-08");
    f->in.served_date = "";
    f->in.effective_date = "";
    d = s_fill(f, tpl, WF_DOC_EN);
    assert_string_equal(d.text, "2026-12-03|2026-12-03|2027-12-03|2026-12-03");
    f->in.served_date = "2026-12-08";
    f->in.effective_date = "2027-01-08";
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED); // served 12-03
    d = s_fill(f, tpl, WF_DOC_EN);
    assert_string_equal(d.text, "2026-12-03|2027-01-04|2027-12-03|2027-01-04");
}

static void test_file_name_names_kind_employee_case_and_language(void **state)
{
    fixture_t *f = *state;
    assert_string_equal(wf_doc_file_name(&f->c, WF_DOC_CERTIFICATE, WF_DOC_ZH, f->arena),
                        "certificate-E0117-01JN00000000000000000000AA.zh.txt");
    assert_string_equal(wf_doc_file_name(&f->c, WF_DOC_NOTICE, WF_DOC_EN, f->arena),
                        "notice-E0117-01JN00000000000000000000AA.en.txt");
}

// A name, title or reason stored before the directory and the workflow refused control and bidi
// characters goes into the letter with each as '?': the text the employee is handed (and the
// evidence kept of it) drives no terminal and reorders nothing. The reasons keep their lines.
static void test_values_stored_with_controls_are_shown_defanged(void **state)
{
    fixture_t *f = *state;
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    f->p.name = "Cert\x1b]2;CERTPWN\x07\x1b[42mGREEN\x1b[0m";
    f->p.title = "Head\u202Eof QA";
    f->in.department = "Sales\r";
    f->c.employee_no = "E\u20660117";
    f->c.reviewed_reasons = "first\nsecond\x1b[2J\tend";
    wf_doc_t d = s_fill(f, "{employee_name}|{position}|{department}|{reason}", WF_DOC_EN);
    assert_string_equal(d.text, "Cert?]2;CERTPWN??[42mGREEN?[0m|Head?of QA|Sales?|"
                                "first\nsecond?[2J\tend.");
    assert_string_equal(wf_doc_file_name(&f->c, WF_DOC_NOTICE, WF_DOC_EN, f->arena),
                        "notice-E?0117-01JN00000000000000000000AA.en.txt");
}

// ---------------------------------------------------------------------------------------------
// One rendering per ending: the title's word (解除 for Arts. 36-41, 终止 for Art. 44) and the
// sentences a lawyer looks for, in both languages, from the repository's templates.

// Art. 39(2): rescinded by the employer for fault - no notice, no pay in lieu, no severance; the
// union told; the facts stated (SPC Guiding Case 180). The certificate says who ended the
// contract and none of why.
static void test_art39_fault_notice_states_the_ground_and_the_certificate_does_not(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    f->c.ground = "A39_2";
    f->c.reviewed_reasons = "2026年11月2日至6日连续旷工五日，违反《员工手册》第5.3条";
    f->as.severance_fen = 0;
    f->as.notice_pay_fen = 0;
    f->as.pay_in_lieu_of_notice = false;
    f->as.notice_date = f->as.effective_date = "2026-12-03";
    f->o.effective_date = "2026-12-03";
    f->in.has_union = true;
    f->as.union_notified = true;
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "解除劳动合同通知书\n", strlen("解除劳动合同通知书\n")));
    s_has(t, "本单位依照《中华人民共和国劳动合同法》第三十九条第二项“严重违反用人单位的规章制度"
             "的”之规定，决定与您解除劳动合同，劳动合同于2026年12月3日解除（该日为劳动合同的最后"
             "一日）");
    s_lacks(t, "最后工作日");
    s_has(t, "员工拒绝签收的，由送达人、见证人注明：");
    s_has(t, "送达人：__________　见证人：__________　日期：____年__月__日");
    s_lacks(t, "试用期"); // not a probation dismissal
    s_has(t, "事实和理由：2026年11月2日至6日连续旷工五日，违反《员工手册》第5.3条");
    s_has(t, "依照《中华人民共和国劳动合同法》第三十九条解除劳动合同，无需提前三十日书面通知，亦不"
             "额外支付一个月工资（代通知金）。");
    s_has(t, "不属于第四十六条规定应当支付经济补偿的情形，本次解除依法不支付经济补偿。");
    s_has(t, "本单位已于解除前将解除理由通知工会（《中华人民共和国劳动合同法》第四十三条）。");
    s_has(t, "出具解除劳动合同的证明书");
    s_has(t, "最迟于2026年12月18日");
    s_has(t,
          "《中华人民共和国劳动争议调解仲裁法》第二十七条）；自本通知书送达之日起算，至2027年12月"
          "3日届满");
    s_lacks(t, "终止");
    t = s_render(f, WF_DOC_NOTICE, "notice.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "NOTICE OF RESCISSION OF THE LABOUR CONTRACT\n", 44));
    s_has(t, "Ground: Article 39(2) of the Labour Contract Law, “where the employee seriously "
             "violates the employer's rules and regulations”. On this ground your labour contract "
             "is rescinded: the rescission takes effect on 2026-12-03, the last day of the labour "
             "contract.");
    s_has(t, "If the employee refuses to sign, the person serving the notice and a witness record "
             "it here:");
    s_lacks(t, "probation");
    s_has(t, "no thirty days' notice is given and no pay in lieu of notice");
    s_has(t, "is not among the cases of Article 46 that owe severance");
    s_has(t, "certificate of rescission of the labour contract on 2026-12-03");

    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "解除劳动合同证明书\n", strlen("解除劳动合同证明书\n")));
    s_has(t, "订立的劳动合同已由本单位解除。");
    s_has(t, "二、解除劳动合同的日期：2026年12月3日");
    s_lacks(t, "终止");
    s_lacks(t, "第三十九条"); // no ground, no article, no facts on the certificate
    s_lacks(t, "规章制度");
    s_lacks(t, "旷工");
    s_lacks(t, "A39");
    s_lacks(t, "案件");
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "CERTIFICATE OF RESCISSION OF THE LABOUR CONTRACT\n", 49));
    s_has(t, "has been rescinded by the Company.");
    s_has(t, "2. Date of rescission of the contract: 2026-12-03");
    s_lacks(t, "Article 39");
    s_lacks(t, "rules");
    s_lacks(t, "termination");
}

// Art. 40(2) with pay in lieu ("N+1"): the extra month's wage at the previous month's standard
// (Reg. Art. 20), paid before the contract ends; severance N with its basis (Art. 46(3), 47),
// paid at the handover (Art. 50). Then thirty days' written notice, and a notice too short.
static void test_art40_notice_with_pay_in_lieu_and_severance_basis(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    f->in.has_union = true;
    f->as.union_notified = true;
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "解除劳动合同通知书\n", strlen("解除劳动合同通知书\n")));
    s_has(t, "劳动合同期限为自2024年1月31日至2027年1月30日");
    s_has(t, "依照《中华人民共和国劳动合同法》第四十条第二项“劳动者不能胜任工作，经过培训或者调整"
             "工作岗位，仍不能胜任工作的”之规定");
    s_has(t, "本单位依照《中华人民共和国劳动合同法》第四十条的规定，以额外支付您一个月工资代替提前"
             "三十日书面通知。该一个月工资按照您上一个月的工资标准确定（《中华人民共和国劳动合同法"
             "实施条例》第二十条），为人民币12,345."
             "67元（大写：人民币壹万贰仟叁佰肆拾伍元陆角柒分），不迟于劳动合同解除之日（2027年1月4"
             "日）支付。");
    s_has(t, "本单位依照《中华人民共和国劳动合同法》第四十六条第三项、第四十七条向您支付经济补偿"
             "人民币45,000.00元（大写：人民币肆万伍仟元整），按您在本单位的工作年限2年11个月5天"
             "（自2024年1月31日入职至2027年1月4日）计3个月工资（每满一年支付一个月工资；六个月"
             "以上不满一年的，按一年计算；不满六个月的，支付半个月工资），月工资人民币15,000.00元");
    s_has(t, "经济补偿于您办结工作交接时支付（第五十条）。");
    s_lacks(t, "三倍");
    t = s_render(f, WF_DOC_NOTICE, "notice.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "Under Article 40 of the Labour Contract Law, the Company pays you one extra month's "
             "wage instead of thirty days' written notice. That month's wage is set at your "
             "previous month's wage standard (Article 20 of the Implementing Regulations of the "
             "Labour Contract Law): CNY 12,345.67, paid no later than the day the contract is "
             "rescinded (2027-01-04).");
    s_has(t, "The Company pays you severance of CNY 45,000.00 (Articles 46(3) and 47 of the Labour "
             "Contract Law): 3 months' wage for your years of service with the Company, 2 years "
             "11 months 5 days, from 2024-01-31 to 2027-01-04 (a month's wage for each full "
             "year;");
    s_has(t, "at a monthly wage of CNY 15,000.00");
    s_has(t, "It is paid when you complete the agreed work handover (Article 50).");

    // Thirty days' written notice instead: its dates, no money.
    const char *v[WF_DOC_FIELD_COUNT];
    f->as.pay_in_lieu_of_notice = false;
    f->as.notice_pay_fen = 0;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_NOTICE_TERMS],
                        "本单位依照《中华人民共和国劳动合同法》第四十条的规定，以本通知书于2026年12"
                        "月3日提前三十日书面通知您本人，劳动合同于2027年1月4日解除。");
    // A notice shorter than thirty days without pay in lieu: the review found the month owed.
    f->as.notice_pay_fen = 1234567;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_NOTICE_TERMS], "本通知书送达之日至劳动合同解除之日不足三十日。本单位依照");
    s_has(v[WF_DOC_F_NOTICE_TERMS],
          "人民币12,345.67元（大写：人民币壹万贰仟叁佰肆拾伍元陆角柒分）");
    // Service before 2008: the split of Art. 97 para 3, with the pre-2008 part's amount.
    f->p.hire_date = "2005-03-01";
    f->as.severance_pre2008_fen = 3000000;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "2008年1月1日以后的工作年限依照第四十七条计算，此前的工作"
          "年限依照当时有关规定计算，为人民币30,000.00元（第九十七条第三款）");
    // An assessment stored before the figures: the amount and the articles, no made-up basis.
    f->p.hire_date = "2024-01-31";
    f->as.service_half_units = 0;
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_SEVERANCE_TERMS],
                        "The Company pays you severance of CNY 45,000.00 (Articles 46(3) and 47 of "
                        "the Labour Contract Law). It is paid when you complete the agreed work "
                        "handover (Article 50).");
}

// Reg. Art. 27's floor: a 12-month average below the local minimum monthly wage, the base that
// minimum (e0005: 2,200.00 raised to 2,740.00) - the notice says so with both figures, zh and
// en; an assessment stored before the average was kept says nothing of it.
static void test_a_floored_wage_names_the_local_minimum(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    f->as.wage_base_fen = 274000;
    f->as.severance_fen = 274000 * 3;
    f->as.average_wage_fen = 220000;
    f->as.local_minimum_wage_fen = 274000;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "月工资人民币2,740.00元（第四十七条、《中华人民共和国劳动合同法实施条例》第二十七条）；"
          "您劳动合同解除或终止前十二个月的平均工资人民币2,200.00元低于当地最低工资标准，按当地"
          "最低工资标准人民币2,740.00元计算（《中华人民共和国劳动合同法实施条例》第二十七条）");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "; as your average monthly wage of the last twelve months, CNY 2,200.00, is below the "
          "local minimum monthly wage, the monthly wage is that minimum, CNY 2,740.00 (Article 27 "
          "of the Implementing Regulations of the Labour Contract Law)");
    f->as.average_wage_fen = 0;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "最低工资标准");
}

// An illness rescission (Art. 40(1)) with service before 2008: the 1994 Measures also owe a
// medical subsidy of at least six months' wage (Art. 6) and floor the wage at the enterprise
// average (Art. 11), which the engine does not compute - the letter states the minimum subsidy
// and that the final amounts follow, never the severance as the whole sum (the legal reviewer's
// d3). Objective change and layoff (the Measures' Arts. 8 and 9) state the same Art. 11 floor;
// incompetence says nothing of either.
static void test_a_pre2008_illness_rescission_states_the_medical_subsidy(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    f->c.ground = "A40_1";
    f->p.hire_date = "2005-03-01";
    f->as.wage_base_fen = 800000;
    f->as.service_half_units = 12;
    f->as.severance_half_units = f->as.severance_half_units_actual = 6;
    f->as.pre2008_years = 3;
    f->as.pre2008_months = 3;
    f->as.pre2008_wage_fen = 800000;
    f->as.severance_pre2008_fen = 2400000;
    f->as.severance_fen = 4800000;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "两项合计人民币48,000.00元（第九十七条第三款）。此外，依照"
          "当时有关规定即原劳动部《违反和解除劳动合同的经济补偿办法》");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "第六条，本单位还应向您支付不低于六个月工资的医疗补助费，"
                                       "即不低于人民币48,000.00元");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "依该办法第十一条");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "经济补偿和医疗补助费的最终金额由本单位核定后另行书面告知");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "a medical subsidy of at least six months' wage, that is at "
                                       "least CNY 48,000.00");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "the final amounts of severance and subsidy will be "
                                       "confirmed to you in writing");
    f->c.ground = "A40_3";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "医疗补助费");
    // Objective change and layoff: no subsidy, but the same Art. 11 floor (the 1994 Measures'
    // Arts. 8 and 9), in the same words, and the amount is not final either.
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "两项合计人民币48,000.00元（第九十七条第三款）。此外，依照当时有关规定即原劳动部《违反"
          "和解除劳动合同的经济补偿办法》（劳部发〔1994〕481号）第八条、第十一条，您的月平均工资"
          "低于本单位月平均工资的，2008年1月1日以前部分按本单位月平均工资计算。经济补偿的最终金额"
          "由本单位核定后另行书面告知。经济补偿于您办结工作交接时支付");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "(Ministry of Labour, 1994), Articles 8 and 11), where your monthly wage is below the "
          "Company's average monthly wage the pre-2008 part is computed at that average: the final "
          "amount of severance will be confirmed to you in writing.");
    f->c.ground = "A41";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "医疗补助费");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "481号）第九条、第十一条，您的月平均工资低于本单位月平均");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "Articles 9 and 11), where your monthly wage is below");
    // A wage above three times the local average (capped) is not below the enterprise's: the
    // floor cannot apply, the amount is final, and neither is said.
    f->as.wage_capped = true;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "第十一条");
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "另行书面告知");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "confirmed to you in writing");
    f->as.wage_capped = false;
    // Incompetence (the Measures' Art. 7, capped, no floor): neither.
    f->c.ground = "A40_2";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "第十一条");
    // Hired from 2008: nothing before 2008, no subsidy under the Measures.
    f->c.ground = "A40_1";
    f->p.hire_date = "2012-03-01";
    f->as.pre2008_years = f->as.pre2008_months = 0;
    f->as.pre2008_wage_fen = f->as.severance_pre2008_fen = 0;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "医疗补助费");
}

// Service before 2008 with the assessment's own basis (LCL 97 para 3): the part from 2008
// (units x base, the cap and the twelve-year limit with what it cut), the part before under the
// 1994 Measures (started years, months, the uncapped wage), and their sum - in both languages,
// every figure the record's. An expiry owes nothing for the years before 2008 and says so.
static void test_a_pre2008_severance_states_both_parts_and_their_sum(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    f->p.hire_date = "2005-01-10";
    f->as.wage_capped = true;
    f->as.wage_base_fen = 3692100;
    f->as.service_half_units = 24;
    f->as.severance_half_units = 24;
    f->as.severance_half_units_actual = 38;
    f->as.pre2008_years = 3;
    f->as.pre2008_months = 3;
    f->as.pre2008_wage_fen = 4800000;
    f->as.severance_pre2008_fen = 14400000;
    f->as.severance_fen = 58705200;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(
        v[WF_DOC_F_SEVERANCE_TERMS],
        "本单位依照《中华人民共和国劳动合同法》第四十六条第三项、第四十七条向您支付经济补偿"
        "人民币587,052."
        "00元（大写：人民币伍拾捌万柒仟零伍拾贰元整），您在本单位的工作年限为21年11个月26天（自"
        "2005年1月10日入职至2027年1月4日）；其中：2008年1月1日以后的工作年限依照第四十七"
        "条计12个月工资（每满一年支"
        "付一个月工资；六个月以上不满一年的，按一年计算；不满六个月的，支付半个月工资），月工资"
        "人民币36,921."
        "00元（第四十七条、《中华人民共和国劳动合同法实施条例》第二十七条）；您的月工资高"
        "于本地区上年度职工月平均工资三倍，按职工月平均工资三倍的数额计算，年限最高不超过十二年（"
        "2008年1月1日以后的工作年限实为19个月工资），为人民币443,052.00元；2008年1月1日以前的工作"
        "年限3年（不满一年的按一年计算）依照当时有关规定即原劳动部《违反和解除劳动合同的经济补"
        "偿办法》（劳部发〔1994〕481号）计算，计3个月工资（每满一年支付一个月工资），月工资"
        "人民币48,000.00元（不适用三倍封顶），为人民币144,000.00元；两项合计人民币587,052."
        "00元（第九十七条第三"
        "款）。经济补偿于您办结工作交接时支付（第五十条）。");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(
        v[WF_DOC_F_SEVERANCE_TERMS],
        "The Company pays you severance of CNY 587,052.00 (Articles 46(3) and 47 of the Labour "
        "Contract Law): your service with the Company, 21 years 11 months 26 days, from "
        "2005-01-10 to 2027-01-04; the years from 1 January 2008 count under Article 47: 12 "
        "months' wage (a "
        "month's wage for each full year; six months or more count as a year, less than six "
        "months as half a month) at a monthly wage of CNY 36,921.00 (Article 47 and Article 27 of "
        "the Implementing Regulations of the Labour Contract Law); as your monthly wage is above "
        "three times the local average monthly wage of the previous year, that three-times "
        "figure is the monthly wage and at most twelve years count (your service from 2008 is "
        "worth 19 months), that is CNY 443,052.00; the 3 years of service before 2008 (a started "
        "year counting as a year) count under the rules then in force, the Measures on Economic "
        "Compensation for Breach and Rescission of Labour Contracts (Ministry of Labour, 1994): 3 "
        "months' wage (a month's wage for each year) at your monthly wage of CNY 48,000.00, "
        "which no cap limits: CNY 144,000.00; together CNY 587,052.00 (Article 97 para 3). It is "
        "paid when you complete the agreed work handover (Article 50).");

    // A ground the 1994 Measures cap at twelve months, with more years: the limit is said.
    f->as.wage_capped = false;
    f->as.wage_base_fen = 1500000;
    f->as.severance_half_units = f->as.severance_half_units_actual = 38;
    f->as.pre2008_years = 14;
    f->as.pre2008_months = 12;
    f->as.pre2008_wage_fen = 1500000;
    f->as.severance_pre2008_fen = 18000000;
    f->as.severance_fen = 28500000 + 18000000;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "月工资人民币15,000.00元（第四十七条、《中华人民共和国劳动"
                                       "合同法实施条例》第二十七条），为人民币285,000.00元；");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "工作年限14年");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "计12个月工资（每满一年支付一个月工资，最多不超过十二个月）");
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "三倍的数额");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "the 14 years of service before 2008");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "12 months' wage (a month's wage for each year, at most "
                                       "twelve months)");

    // A ground owing nothing for the years before 2008: the years, and that nothing is paid.
    f->as.pre2008_months = 0;
    f->as.severance_pre2008_fen = 0;
    f->as.severance_fen = 28500000;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS],
          "2008年1月1日以前的工作年限14年（不满一年的按一年计算）依照当时有关规定即原劳动部《违"
          "反和解除劳动合同的经济补偿办法》（劳部发〔1994〕481号）计算，本次解除或终止依照当时规"
          "定不支付经济补偿，为人民币0.00元；两项合计人民币285,000.00元");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "no severance on this ground: CNY 0.00; together CNY "
                                       "285,000.00 (Article 97 para 3)");

    // Hired from 2008 and capped: the years the limit cut are said.
    f->p.hire_date = "2012-03-01";
    f->as.wage_capped = true;
    f->as.pre2008_years = 0;
    f->as.service_half_units = f->as.severance_half_units = 24;
    f->as.severance_half_units_actual = 30;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "年限最高不超过十二年（工作年限实为15个月工资）");
    s_lacks(v[WF_DOC_F_SEVERANCE_TERMS], "2008");
}

// Art. 41: an economic layoff - its procedure and the priority on rehiring (para 3), severance
// under Art. 46(4) at the capped wage (Art. 47 para 2), the union told.
static void test_art41_layoff_notice(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    f->c.ground = "A41";
    f->c.reviewed_reasons = "2026年度华东区业务整体关停，公司裁减人员32人";
    f->as.notice_pay_fen = 0;
    f->as.pay_in_lieu_of_notice = false;
    f->in.has_union = true;
    f->as.union_notified = true;
    f->as.wage_capped = true;
    f->as.wage_base_fen = 1500000;
    f->as.severance_fen = 4500000;
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "解除劳动合同通知书\n", strlen("解除劳动合同通知书\n")));
    s_has(t,
          "本单位依照《中华人民共和国劳动合同法》第四十一条第一款“有下列情形之一，需要裁减人员二十"
          "人以上或者裁减不足二十人但占企业职工总数百分之十以上的，用人单位提前三十日向工会或者全"
          "体职工说明情况，听取工会或者职工的意见后，裁减人员方案经向劳动行政部门报告，可以裁减人"
          "员”之规定，决定与您解除劳动合同");
    s_has(t, "裁减人员方案已向劳动行政部门报告");
    s_has(t,
          "依照该条第三款，本单位在六个月内重新招用人员的，将通知您，并在同等条件下优先招用您。");
    s_has(t, "第四十六条第四项、第四十七条向您支付经济补偿人民币45,000."
             "00元（大写：人民币肆万伍仟元整）");
    s_has(t,
          "您的月工资高于本地区上年度职工月平均工资三倍，按职工月平均工资三倍的数额计算，年限最高"
          "不超过十二年");
    s_has(t, "通知工会（《中华人民共和国劳动合同法》第四十三条）");
    s_lacks(t, "终止");
    t = s_render(f, WF_DOC_NOTICE, "notice.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "NOTICE OF RESCISSION OF THE LABOUR CONTRACT\n", 44));
    s_has(t, "Ground: Article 41, paragraph 1 of the Labour Contract Law, “where, in one of the "
             "following cases, twenty or more employees");
    s_has(t, "if the Company hires again within six months it will notify you and, on equal "
             "terms, hire you first");
    s_has(t, "Articles 46(4) and 47");
    s_has(t, "above three times the local average monthly wage of the previous year");
}

// Art. 44(1): a fixed-term contract ends on expiry - 终止, not 解除, in the notice and the
// certificate; no Art. 40 notice, no Art. 43 union notice; severance under Art. 46(5) unless
// renewal on the same or better terms was refused.
static void test_art44_expiry_is_a_termination_in_both_documents(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    char err[256] = "";
    f->c.ground = "A44_EXPIRY";
    f->c.reviewed_reasons = "劳动合同期满，本单位不再续订";
    f->as.notice_pay_fen = 0;
    f->as.pay_in_lieu_of_notice = false;
    f->as.notice_date = "2026-12-30";
    f->as.effective_date = f->o.effective_date = "2027-01-30";
    f->o.served_date = "2026-12-30";
    f->in.has_union = true; // Art. 43 binds no expiry: not a missing union notice
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_OK);
    assert_int_equal(wf_doc_end(&f->c), WF_DOC_END_TERMINATED);
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "终止劳动合同通知书\n", strlen("终止劳动合同通知书\n")));
    s_has(t, "本单位依照《中华人民共和国劳动合同法》第四十四条第一项“劳动合同期满的”之规定，决定与"
             "您终止劳动合同，劳动合同于2027年1月30日终止（该日为劳动合同的最后一日）");
    s_has(t, "劳动合同期满终止（《中华人民共和国劳动合同法》第四十四条第一项），不适用第四十条规定"
             "的提前三十日书面通知或者额外支付一个月工资。");
    s_has(t, "第四十六条第五项、第四十七条向您支付经济补偿人民币45,000."
             "00元（大写：人民币肆万伍仟元整）");
    s_has(t,
          "劳动合同依法终止，不属于用人单位单方解除劳动合同，《中华人民共和国劳动合同法》第四十三"
          "条关于事先将理由通知工会的规定不适用。");
    // fifteen days from the end is 2027-02-14, a Sunday: the Monday (Civil Code Art. 203)
    s_has(t, "出具终止劳动合同的证明书，并在劳动合同终止后十五日内（最迟于2027年2月15日（期间届满日"
             "2027年2月14日为休息日，依照《中华人民共和国民法典》第二百零三条，以休假日结束的次日为"
             "期间的最后一日））");
    // The arbitration limit runs from the contract's end, not from the notice (review: an
    // expiry letter said a year from its own service, before the dispute could arise).
    // a year from the end is 2028-01-30, a Sunday: the Monday (Civil Code Art. 203)
    s_has(t, "自劳动合同终止之日起算，至2028年1月31日（期间届满日2028年1月30日为休息日，依照《中"
             "华人民共和国民法典》第二百零三条，以休假日结束的次日为期间的最后一日）届满");
    s_lacks(t, "2027年12月30日");
    s_lacks(t, "自本通知书送达之日起算");
    s_lacks(t, "解除劳动合同通知书");
    s_lacks(t, "与您解除");
    t = s_render(f, WF_DOC_NOTICE, "notice.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "NOTICE OF TERMINATION OF THE LABOUR CONTRACT\n", 45));
    s_has(t, "your labour contract is terminated: the termination takes effect on 2027-01-30");
    s_has(t, "Articles 46(5) and 47");
    s_has(t, "Article 43 (notifying the union beforehand) does not apply");
    s_has(t, "counted from the day the contract ends, it runs until 2028-01-31 (a year ends on "
             "2028-01-30, a rest day in the Company's calendar: under Article 203 of the Civil "
             "Code the period ends on the day after the days off)");
    s_lacks(t, "2027-12-30");
    s_lacks(t, "is rescinded");
    s_lacks(t, "certificate of rescission");
    // Renewal offered on the same or better terms and refused: no severance (Art. 46(5)).
    s_finding(f, "EXPIRY_RENEWAL_REFUSED");
    f->as.severance_fen = 0;
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_SEVERANCE_TERMS],
                        "本单位已提出以维持或者提高劳动合同约定条件与您续订劳动合同，您不同意续订，"
                        "依照《中华人民共和国劳动合同法》第四十六条第五项，本单位不支付经济补偿"
                        "。");

    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "终止劳动合同证明书\n", strlen("终止劳动合同证明书\n")));
    s_has(t, "订立的劳动合同已因劳动合同期满而终止。");
    s_has(t, "二、终止劳动合同的日期：2027年1月30日");
    s_lacks(t, "解除");
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.en.txt", WF_DOC_EN, &nm);
    assert_true(!strncmp(t, "CERTIFICATE OF TERMINATION OF THE LABOUR CONTRACT\n", 50));
    s_has(t, "has been terminated on the expiry of its term.");
    s_has(t, "2. Date of termination of the contract: 2027-01-30");
    s_lacks(t, "rescission");
}

// Art. 36: a contract rescinded by agreement has no notice (the signed agreement is its
// document); its certificate says 解除 by agreement - as does a case opened on a dismissal
// ground that ended in a signed agreement. Proposed by the employee: no severance (Art. 46(2)).
static void test_art36_agreement_certificate_and_no_notice(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    char err[256] = "";
    f->c.ground = "A36_EMPLOYER";
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED);
    assert_int_equal(wf_doc_end(&f->c), WF_DOC_END_BY_AGREEMENT);
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_ECONFLICT);
    s_has(err, "rescinded by agreement (Art. 36) ends on the signed agreement");
    const char *t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    assert_true(!strncmp(t, "解除劳动合同证明书\n", strlen("解除劳动合同证明书\n")));
    s_has(t, "订立的劳动合同已经双方协商一致解除。");
    s_has(t, "二、解除劳动合同的日期：2027年1月4日");
    s_lacks(t, "终止");
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "CERTIFICATE OF RESCISSION OF THE LABOUR CONTRACT");
    s_has(t, "has been rescinded by agreement of the parties.");
    s_has(t, "2. Date of rescission of the contract: 2027-01-04");

    // An Art. 40 case that ended in a signed agreement: rescinded by agreement, not by the
    // employer; the union rule of Art. 43 does not bind it.
    f->c.ground = "A40_2";
    assert_int_equal(wf_doc_end(&f->c), WF_DOC_END_BY_AGREEMENT);
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    s_has(t, "已经双方协商一致解除");
    s_lacks(t, "由本单位解除");
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_UNION_TERMS], "经双方协商一致解除，不属于用人单位单方解除劳动合同");
    s_has(v[WF_DOC_F_SEVERANCE_TERMS], "依照双方签订的解除劳动合同协议支付");
    // Proposed by the employee: Art. 46(2) owes nothing.
    f->c.ground = "A36_EMPLOYEE";
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_SEVERANCE_TERMS],
                        "The rescission by agreement was proposed by you, not by the Company "
                        "(Article 46(2) of the Labour Contract Law): no severance is owed.");
    assert_string_equal(v[WF_DOC_F_ENDING_MANNER], "rescinded by agreement of the parties");
}

// Part-time work ends at will (Art. 71): no notice, no pay in lieu, no severance, whatever the
// ground - the review said so (its PART_TIME finding), and so does the notice.
static void test_part_time_owes_no_notice_and_no_severance(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    s_finding(f, "PART_TIME");
    f->as.severance_fen = 0;
    f->as.notice_pay_fen = 0;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_NOTICE_TERMS], "第七十一条，双方当事人任何一方都可以随时通知对方终止用工");
    assert_string_equal(
        v[WF_DOC_F_SEVERANCE_TERMS],
        "依照《中华人民共和国劳动合同法》第七十一条，非全日制用工终止用工，用人单位不"
        "向劳动者支付经济补偿。");
}

// A template written before the documents named the ending still fills as it did (its fields
// are all still known); a 终止 notice from one that cannot say 终止 is refused, a certificate
// is not (its text is the company's). A certificate made after the contract ended bears the
// day it is made, never an earlier one.
static void test_an_old_template_still_fills_and_cannot_serve_an_expiry_notice(void **state)
{
    fixture_t *f = *state;
    char err[256] = "";
    const char *old = "解除劳动合同通知书\n因{ground_title}，依照{ground_article}的规定，本单位"
                      "决定与您解除劳动合同。{notice_terms}\n";
    assert_false(wf_doc_names_ending(old));
    assert_true(wf_doc_names_ending("{{title}} {ending}"));
    assert_false(wf_doc_names_ending("{{title}}"));
    wf_doc_t d = s_fill(f, old, WF_DOC_ZH);
    assert_int_equal(d.nmissing, 0);
    assert_int_equal(wf_doc_fits(old, &f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_OK);
    f->c.ground = "A44_EXPIRY";
    assert_int_equal(wf_doc_fits(old, &f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0),
                     HR_ECONFLICT);
    s_has(err, "names no ending");
    assert_int_equal(wf_doc_fits(old, &f->c, WF_DOC_CERTIFICATE, err, sizeof err, NULL, 0), HR_OK);
    char *tpl = s_repo_template("notice.zh.txt");
    assert_int_equal(wf_doc_fits(tpl, &f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_OK);
    hr_free(tpl);
    // One that words the limit as counted from the notice next to a date counted from the end
    // is refused too, for a 终止 only.
    const char *limit = "{title}\n自本通知书送达之日起算，至{arbitration_limit_date}届满。\n";
    assert_int_equal(wf_doc_fits(limit, &f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0),
                     HR_ECONFLICT);
    s_has(err, "without {arbitration_limit_from}");
    assert_int_equal(wf_doc_fits("{title} {arbitration_limit_from}，至{arbitration_limit_date}届满",
                                 &f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0),
                     HR_OK);
    f->c.ground = "A40_2";
    assert_int_equal(wf_doc_fits(limit, &f->c, WF_DOC_NOTICE, err, sizeof err, NULL, 0), HR_OK);
    f->c.ground = "A44_EXPIRY";
    // issued late: today, 2027-02-10, not the contract's last day 2027-01-04
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    f->in.now_ms = wf_fixture_local("2027-02-10", 10, 0);
    d = s_fill(f, "{issue_date}|{certificate_date}|{date}", WF_DOC_ZH);
    assert_string_equal(d.text, "2027年2月10日|2027年1月4日|2027年2月10日");
    // An expiry's fact is the contract's term: HR is asked for no reasons, and the letter says
    // when the term ends rather than showing a gap.
    f->c.reviewed_reasons = "";
    d = s_fill(f, "事实和理由：{reason}", WF_DOC_ZH);
    assert_string_equal(d.text,
                        "事实和理由：劳动合同期限于2027年1月4日届满（《中华人民共和国劳动合同法》第"
                        "四十四条第一项）。");
    assert_false(s_missing(&d, "reason"));
    d = s_fill(f, "Facts and reasons: {reason}", WF_DOC_EN);
    assert_string_equal(d.text, "Facts and reasons: the term of the employment contract expires "
                                "on 2027-01-04 (Article 44(1) of the Labour Contract Law).");
    // HR stated no reasons at review for another ground: the notice's facts are marked, never
    // left blank, and never filled from the manager's opening text HR did not review (GC180)
    f->c.ground = "A40_2";
    d = s_fill(f, "事实和理由：{reason}", WF_DOC_ZH);
    assert_string_equal(d.text, "事实和理由：【缺：reason】");
    assert_true(s_missing(&d, "reason"));
}

// GC180: the notice states the facts and reasons HR stated at review, which the company is
// held to - not the manager's opening text.
static void test_notice_states_hrs_reviewed_reasons_not_the_managers_text(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    s_has(t, "事实和理由：2026年第二、第三季度考核均未达到岗位标准");
    s_lacks(t, "考核不合格");
    // The sentence is closed: 。 after reasons without final punctuation, a trailing ；
    // replaced, punctuation already there kept.
    f->c.reviewed_reasons = "公司撤销华东大客户二组，您原岗位不复存在";
    t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    s_has(t, "事实和理由：公司撤销华东大客户二组，您原岗位不复存在。\n");
    f->c.reviewed_reasons = "经协商未能达成协议；";
    t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    s_has(t, "事实和理由：经协商未能达成协议。\n");
    f->c.reviewed_reasons = "考核两次不合格。";
    t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    s_has(t, "事实和理由：考核两次不合格。\n");
    f->c.reviewed_reasons = "";
    t = s_render(f, WF_DOC_NOTICE, "notice.en.txt", WF_DOC_EN, &nm);
    s_has(t, "Facts and reasons: [missing: reason]");
    s_lacks(t, "考核不合格");
}

// Art. 43's sentence follows the company's union first: a company with none never claims to
// have notified one; what it did instead (the reasons to the local federation, proven by a
// union_notice record) is said as that.
static void test_union_sentence_follows_whether_the_company_has_a_union(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    f->in.has_union = false;
    f->as.union_notified = true;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_UNION_TERMS], "本单位未建立工会");
    s_has(v[WF_DOC_F_UNION_TERMS], "当地总工会");
    s_lacks(v[WF_DOC_F_UNION_TERMS], "通知工会");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_UNION_TERMS], "The Company has no union");
    s_has(v[WF_DOC_F_UNION_TERMS], "local federation of trade unions");
    s_lacks(v[WF_DOC_F_UNION_TERMS], "notified the union");
    f->as.union_notified = false;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_UNION_TERMS], "本单位未建立工会。");
    f->in.has_union = true;
    f->as.union_notified = true;
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(
        v[WF_DOC_F_UNION_TERMS],
        "本单位已于解除前将解除理由通知工会（《中华人民共和国劳动合同法》第四十三条）。");
}

// Art. 41: the trigger of para 1 HR recorded at review, named with its item; the 30-day
// explanation said to have gone to whom it went (all staff in a company without a union; the
// union when HR confirmed it with a union_notice record), never the statute's "工会或者全体职工".
static void test_art41_notice_names_the_trigger_and_who_was_told(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    f->c.ground = "A41";
    f->as.pay_in_lieu_of_notice = false;
    f->as.notice_pay_fen = 0;
    f->c.a41_trigger = "serious_difficulties";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    // the item HR chose, cited and quoted as the statute words it
    assert_string_equal(v[WF_DOC_F_GROUND_ARTICLE],
                        "《中华人民共和国劳动合同法》第四十一条第一款第二项");
    assert_string_equal(v[WF_DOC_F_GROUND_TEXT], "生产经营发生严重困难的");
    s_has(v[WF_DOC_F_NOTICE_TERMS],
          "因生产经营发生严重困难（第四十一条第一款第二项）：本单位已提前三十日向全体职工说明"
          "情况，听取了职工的意见");
    s_lacks(v[WF_DOC_F_NOTICE_TERMS], "工会或者全体职工");
    s_lacks(v[WF_DOC_F_NOTICE_TERMS], "工会");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_GROUND_ARTICLE],
                        "Article 41, paragraph 1, item (2) of the Labour Contract Law");
    s_has(v[WF_DOC_F_NOTICE_TERMS], "para 1 item (2): the Company has serious difficulties in "
                                    "production and operation;");
    s_has(v[WF_DOC_F_NOTICE_TERMS], "explained the situation to all staff thirty days ahead");
    s_lacks(v[WF_DOC_F_NOTICE_TERMS], "union");
    // A union, told: the explanation confirmed with the union's record.
    Hr__Workflow__EvidenceRef e = HR__WORKFLOW__EVIDENCE_REF__INIT;
    e.id = "u1";
    e.kind = "union_notice";
    Hr__Workflow__EvidenceRef *ev[] = {&e};
    char *ids[] = {"u1"};
    Hr__Workflow__FactConfirmation fc = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    fc.fact = "explained_to_union_or_staff_30_days";
    fc.evidence_ids = ids;
    fc.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *facts[] = {&fc};
    f->c.evidence = ev;
    f->c.n_evidence = 1;
    f->c.facts = facts;
    f->c.n_facts = 1;
    f->in.has_union = true;
    f->c.a41_trigger = "";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    s_has(v[WF_DOC_F_NOTICE_TERMS],
          "规定的程序进行：本单位已提前三十日向工会说明情况，听取了工会的意见");
    s_lacks(v[WF_DOC_F_NOTICE_TERMS], "第一款");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    s_has(v[WF_DOC_F_NOTICE_TERMS], "explained the situation to the union thirty days ahead, heard "
                                    "the union's opinions");
    assert_string_equal(wf_a41_trigger_at(0), "bankruptcy_reorganisation");
    assert_null(wf_a41_trigger_at(4));
    assert_null(wf_a41_trigger_text("bankruptcy", false));
}

// ---------------------------------------------------------------------------------------------
// Money in capitals, the arbitration limit off days off, the probation, the statute's words

static void test_capitals_as_the_payment_rules_write_them(void **state)
{
    fixture_t *f = *state;
    // PBOC 支付结算办法, 正确填写票据和结算凭证的基本规定: 人民币 first, 壹拾, one 零 for a run of
    // zeros, 零 before fen when the jiao is 0, 整 after 元 or 角 (never after 分).
    static const struct {
        int64_t fen;
        const char *upper;
    } rows[] = {
        {0, "人民币零元整"},
        {1, "人民币壹分"},
        {5, "人民币伍分"},
        {10, "人民币壹角整"},
        {55, "人民币伍角伍分"},
        {100, "人民币壹元整"},
        {1000, "人民币壹拾元整"},
        {1050, "人民币壹拾元伍角整"},
        {1005, "人民币壹拾元零伍分"},
        {1500, "人民币壹拾伍元整"},
        {10000, "人民币壹佰元整"},
        {10001, "人民币壹佰元零壹分"},
        {10010, "人民币壹佰元壹角整"},
        {10100, "人民币壹佰零壹元整"},
        {11000, "人民币壹佰壹拾元整"},
        {140950, "人民币壹仟肆佰零玖元伍角整"},      // the rules' own example
        {168032, "人民币壹仟陆佰捌拾元叁角贰分"},    // the rules' example, the form without 零
        {1640902, "人民币壹万陆仟肆佰零玖元零贰分"}, // the rules' example
        {32504, "人民币叁佰贰拾伍元零肆分"},         // the rules' example
        {10700053, "人民币壹拾万零柒仟元伍角叁分"},  // the rules' example, the one-零 form
        {1234567, "人民币壹万贰仟叁佰肆拾伍元陆角柒分"},
        {2500000, "人民币贰万伍仟元整"},
        {22500000, "人民币贰拾贰万伍仟元整"},
        {20500000, "人民币贰拾万零伍仟元整"},
        {100000000, "人民币壹佰万元整"},
        {100050000, "人民币壹佰万零伍佰元整"},
        {1000000000, "人民币壹仟万元整"},
        {10000000000, "人民币壹亿元整"},
        {10000000010, "人民币壹亿元壹角整"},
        {10000000100, "人民币壹亿零壹元整"},
        {10001000000, "人民币壹亿零壹万元整"},
        {10100000000, "人民币壹亿零壹佰万元整"},
        {11000000000, "人民币壹亿壹仟万元整"},
        {12000050000, "人民币壹亿贰仟万零伍佰元整"},
        {100000000000000, "人民币壹万亿元整"},
        {100010000000000, "人民币壹万零壹亿元整"},
        {-1234567, "人民币负壹万贰仟叁佰肆拾伍元陆角柒分"},
        {INT64_MAX, "人民币玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒"
                    "分"}, // 922,337,203,6854,7758.07 yuan: 亿 within 亿
        {1000000000000000000, "人民币壹亿亿元整"},
        {1000000010000000000, "人民币壹亿零壹亿元整"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        if (strcmp(wf_doc_cny_upper(rows[i].fen, f->arena), rows[i].upper))
            fail_msg("%lld fen: '%s', want '%s'", (long long)rows[i].fen,
                     wf_doc_cny_upper(rows[i].fen, f->arena), rows[i].upper);
}

static void test_an_amount_paid_is_in_figures_and_capitals(void **state)
{
    fixture_t *f = *state;
    assert_string_equal(wf_doc_amount(22500000, WF_DOC_ZH, f->arena),
                        "人民币225,000.00元（大写：人民币贰拾贰万伍仟元整）");
    assert_string_equal(wf_doc_amount(2500000, WF_DOC_EN, f->arena), "CNY 25,000.00");
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_SEVERANCE], "人民币45,000.00元（大写：人民币肆万伍仟元整）");
    assert_string_equal(v[WF_DOC_F_NOTICE_PAY],
                        "人民币12,345.67元（大写：人民币壹万贰仟叁佰肆拾伍元陆角柒分）");
}

static void test_a_period_ending_on_days_off_ends_the_day_after(void **state)
{
    (void)state;
    const char *text = "year 2027\n"
                       "2027-10-01 holiday 国庆节\n2027-10-02 holiday\n2027-10-03 holiday\n"
                       "2027-10-04 holiday\n2027-10-05 holiday\n2027-10-06 holiday\n"
                       "2027-10-07 holiday\n2027-10-09 workday 国庆节调休上班\n";
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_parse(text, strlen(text), "cal", &err);
    assert_non_null(cal);
    int32_t d, want;
    static const struct {
        const char *day, *end, *end_weekdays;
    } rows[] = {
        {"2027-11-26", "2027-11-26", "2027-11-26"}, // a Friday: itself
        {"2027-11-27", "2027-11-29", "2027-11-29"}, // a Saturday: the Monday
        {"2027-11-28", "2027-11-29", "2027-11-29"}, // a Sunday: the Monday
        {"2027-10-01", "2027-10-08", "2027-10-01"}, // National Day: after the holiday block
        {"2027-10-03", "2027-10-08", "2027-10-04"}, // a Sunday inside the block
        {"2027-10-09", "2027-10-09", "2027-10-11"}, // a Saturday worked (调休上班): no day off
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        assert_true(hr_date_parse(rows[i].day, &d));
        assert_true(hr_date_parse(rows[i].end, &want));
        assert_int_equal(wf_doc_period_end(cal, d), want);
        assert_true(hr_date_parse(rows[i].end_weekdays, &want));
        assert_int_equal(wf_doc_period_end(NULL, d), want);
    }
    hr_calendar_destroy(&cal);
}

static void test_arbitration_limit_on_a_holiday_moves_and_the_letter_says_why(void **state)
{
    fixture_t *f = *state;
    const char *text = "year 2027\n2027-10-01 holiday\n2027-10-02 holiday\n2027-10-03 holiday\n"
                       "2027-10-04 holiday\n2027-10-05 holiday\n2027-10-06 holiday\n"
                       "2027-10-07 holiday\n";
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_parse(text, strlen(text), "cal", &err);
    assert_non_null(cal);
    f->in.cal = cal;
    f->as.notice_date = "2026-10-01";
    f->as.effective_date = "2026-11-02";
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT],
                        "2027年10月8日（期间届满日2027年10月1日为法定节假日，依照《中华人民共和国"
                        "民法典》第二百零三条，以休假日结束的次日为期间的最后一日）");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT],
                        "2027-10-08 (a year ends on 2027-10-01, a public holiday in the Company's "
                        "calendar: under Article 203 of the Civil Code the period ends on the day "
                        "after the days off)");
    // A working day: the date alone.
    f->as.notice_date = "2026-10-08";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT], "2027年10月8日");
    hr_calendar_destroy(&cal);
}

// A limit whose days a year's unpublished holiday notice may move (2028-01-26, 春节 正月初一:
// the repository's calendar lists 2028's statutory days only) is stated with Civil Code Art.
// 203's rule and the year's arrangements, not as a day the notice may contradict; the document
// says so to the caller (limit_unsure_year) when its template states the limit. A limit far
// from any holiday of an undeclared year keeps its day.
static void test_a_limit_in_an_undeclared_years_holidays_is_stated_with_the_rule(void **state)
{
    fixture_t *f = *state;
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    f->in.cal = cal;
    f->as.notice_date = "2027-01-26";
    f->as.effective_date = "2027-02-26";
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT],
                        "2028年1月26日（期间的最后一日是法定休假日的，依照《中华人民共和国民法典》"
                        "第二百零三条，以法定休假日结束的次日为期间的最后一日；2028年的法定休假日"
                        "以国务院办公厅公布的2028年部分节假日安排为准）");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT],
                        "2028-01-26 (where the last day of the period is a statutory rest day or "
                        "holiday, the period ends on the day after the rest days and holidays end, "
                        "under Article 203 of the Civil Code; which days of 2028 are rest days and "
                        "holidays follows the State Council's holiday arrangements for 2028)");
    wf_doc_t d = s_fill(f, "至{arbitration_limit_date}届满", WF_DOC_ZH);
    assert_int_equal(d.limit_unsure_year, 2028);
    int32_t want = 0;
    assert_true(hr_date_parse("2028-01-26", &want));
    assert_int_equal(d.limit_day, want);
    d = s_fill(f, "{notice_date}", WF_DOC_ZH); // states no limit: nothing to warn of
    assert_int_equal(d.limit_unsure_year, 0);
    // A Friday at the year's end, the day before 2028's 元旦: 2027's notice may move it.
    f->as.notice_date = "2026-12-31";
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_non_null(strstr(v[WF_DOC_F_ARBITRATION_LIMIT], "2027-12-31 (where the last day"));
    assert_non_null(strstr(v[WF_DOC_F_ARBITRATION_LIMIT], "arrangements for 2027)"));
    // 2027-12-04, a Saturday a month from any holiday: the Monday, said so, as before.
    f->as.notice_date = "2026-12-04";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT],
                        "2027年12月6日（期间届满日2027年12月4日为休息日，依照《中华人民共和国民法"
                        "典》第二百零三条，以休假日结束的次日为期间的最后一日）");
    d = s_fill(f, "至{arbitration_limit_date}届满", WF_DOC_ZH);
    assert_int_equal(d.limit_unsure_year, 0);
    // No calendar (a pure caller's): the week alone, sure, as before.
    hr_calendar_destroy(&cal);
    f->in.cal = NULL;
    f->as.notice_date = "2027-01-26";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_ARBITRATION_LIMIT], "2028年1月26日"); // the week alone
}

// The transfer of the file and social insurance is owed within fifteen days of the end (LCL Art.
// 50): a fifteenth day that is a rest day or holiday of the company calendar gives way to the
// day after the days off (Civil Code Art. 203), and the letter says why, in the words the
// arbitration limit uses. The repository's notice states it so.
static void test_transfer_on_days_off_moves_and_the_letter_says_why(void **state)
{
    fixture_t *f = *state;
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    f->in.cal = cal;
    // 2025-09-16 + 15 = 2025-10-01, 国庆节、中秋节 to 10-08.
    f->as.notice_date = "2025-08-15";
    f->as.effective_date = "2025-09-16";
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_TRANSFER_DATE],
                        "2025年10月9日（期间届满日2025年10月1日为法定节假日，依照《中华人民共和国"
                        "民法典》第二百零三条，以休假日结束的次日为期间的最后一日）");
    assert_string_equal(v[WF_DOC_F_CERTIFICATE_DATE], "2025年9月16日"); // at the end: no period
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_TRANSFER_DATE],
                        "2025-10-09 (the fifteen days end on 2025-10-01, a public holiday in the "
                        "Company's calendar: under Article 203 of the Civil Code the period ends "
                        "on the day after the days off)");
    size_t nm = 0;
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    s_has(t, "后十五日内（最迟于2025年10月9日（期间届满日2025年10月1日为法定节假日，依照《中华人民"
             "共和国民法典》第二百零三条");
    wf_doc_t d = s_fill(f, "{transfer_date}", WF_DOC_ZH);
    assert_int_equal(d.transfer_unsure_year, 0); // 2025 is declared: sure
    // 2026-11-13 + 15 = Saturday 2026-11-28: the Monday, a rest day.
    f->as.effective_date = "2026-11-13";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_TRANSFER_DATE],
                        "2026年11月30日（期间届满日2026年11月28日为休息日，依照《中华人民共和国民法"
                        "典》第二百零三条，以休假日结束的次日为期间的最后一日）");
    // A working day: the date alone.
    f->as.effective_date = "2026-11-12";
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_TRANSFER_DATE], "2026年11月27日");
    hr_calendar_destroy(&cal);
    f->in.cal = NULL;
}

// A fifteenth day a year's unpublished holiday notice may move (Saturday 2027-01-30, six days
// before 2027's 春节: the notice may make it a working day, or the days after it days off) is
// stated with Art. 203's rule and that year's arrangements, as the arbitration limit is; the
// document tells the caller (transfer_unsure_year, transfer_day) when its template states it.
static void test_a_transfer_in_an_undeclared_years_holidays_is_stated_with_the_rule(void **state)
{
    fixture_t *f = *state;
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    f->in.cal = cal;
    f->as.notice_date = "2026-12-15";
    f->as.effective_date = "2027-01-15";
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_TRANSFER_DATE],
                        "2027年1月30日（期间的最后一日是法定休假日的，依照《中华人民共和国民法典》"
                        "第二百零三条，以法定休假日结束的次日为期间的最后一日；2027年的法定休假日"
                        "以国务院办公厅公布的2027年部分节假日安排为准）");
    wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
    assert_string_equal(v[WF_DOC_F_TRANSFER_DATE],
                        "2027-01-30 (where the last day of the period is a statutory rest day or "
                        "holiday, the period ends on the day after the rest days and holidays end, "
                        "under Article 203 of the Civil Code; which days of 2027 are rest days and "
                        "holidays follows the State Council's holiday arrangements for 2027)");
    wf_doc_t d = s_fill(f, "最迟于{transfer_date}", WF_DOC_ZH);
    assert_int_equal(d.transfer_unsure_year, 2027);
    int32_t want = 0;
    assert_true(hr_date_parse("2027-01-30", &want));
    assert_int_equal(d.transfer_day, want);
    d = s_fill(f, "{certificate_date}", WF_DOC_ZH); // states no transfer: nothing to warn of
    assert_int_equal(d.transfer_unsure_year, 0);
    hr_calendar_destroy(&cal);
    f->in.cal = NULL;
}

// The bounds wf_steps_date_duties dates the Art. 50 periods by: where nothing can move the end,
// both are Art. 203's end; where an unpublished notice may, the earliest never after it and the
// latest never before it (a keeping never shorter), the latest at most WF_DAYS_OFF_RUN_MAX days
// on.
static void test_period_end_bounds_around_an_unpublished_notice(void **state)
{
    (void)state;
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    static const struct {
        const char *day, *earliest, *end, *latest;
    } rows[] = {
        {"2025-10-01", "2025-10-09", "2025-10-09", "2025-10-09"}, // declared: sure
        {"2027-11-27", "2027-11-29", "2027-11-29", "2027-11-29"}, // undeclared, far: sure
        {"2027-01-30", "2027-01-30", "2027-02-01", "2027-02-09"}, // near 春节: unsure
        {"2027-02-05", "2027-02-09", "2027-02-09", "2027-02-14"}, // statutory days: off
        {"2024-10-16", "2024-10-16", "2024-10-16", "2024-10-25"}, // a year not listed at all
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        int32_t d, e, n, l;
        assert_true(hr_date_parse(rows[i].day, &d));
        assert_true(hr_date_parse(rows[i].earliest, &e));
        assert_true(hr_date_parse(rows[i].end, &n));
        assert_true(hr_date_parse(rows[i].latest, &l));
        if (wf_doc_period_end_earliest(cal, d) != e || wf_doc_period_end(cal, d) != n ||
            wf_doc_period_end_latest(cal, d) != l) {
            char b1[HR_DATE_LEN], b2[HR_DATE_LEN], b3[HR_DATE_LEN];
            fail_msg("%s: earliest %s, end %s, latest %s", rows[i].day,
                     hr_date_format(wf_doc_period_end_earliest(cal, d), b1),
                     hr_date_format(wf_doc_period_end(cal, d), b2),
                     hr_date_format(wf_doc_period_end_latest(cal, d), b3));
        }
        assert_true(wf_doc_period_end_earliest(cal, d) >= d);
    }
    hr_calendar_destroy(&cal);
}

static void test_probation_notice_states_the_probation(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    f->c.ground = "A39_1";
    f->p.hire_date = "2026-10-26";
    f->p.contract_start = "2026-10-26";
    f->p.contract_end = "2029-10-25";
    f->p.probation_end = "2027-04-25";
    f->as.severance_fen = 0;
    f->as.notice_pay_fen = 0;
    f->as.notice_date = "2026-11-28";
    f->as.effective_date = "2026-11-28";
    const char *t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "劳动合同期限为自2026年10月26日至2029年10月25日。试用期自2026年10月26日至2027年4月25"
             "日。本单位依照《中华人民共和国劳动合同法》第三十九条第一项“在试用期间被证明不符合录用"
             "条件的”之规定，决定与您解除劳动合同，劳动合同于2026年11月28日解除（该日为劳动合同的最"
             "后一日）。");
    // served 2026-11-28: a year on is a Sunday (the review's C1), the Monday
    s_has(t, "至2027年11月29日（期间届满日2027年11月28日为休息日");
    t = s_render(f, WF_DOC_NOTICE, "notice.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "Your probation period runs from 2026-10-26 to 2027-04-25. Ground: Article 39(1) of "
             "the Labour Contract Law, “where the employee is proved, during the probation period, "
             "not to meet the hiring conditions”.");
    const char *v[WF_DOC_FIELD_COUNT];
    wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
    assert_string_equal(v[WF_DOC_F_PROBATION_START], "2026年10月26日");
    assert_string_equal(v[WF_DOC_F_PROBATION_END], "2027年4月25日");
    // No probation in the directory: the notice cannot say it, so HR sees it missing.
    f->p.probation_end = "";
    f->in.kind = WF_DOC_NOTICE;
    wf_doc_t d = s_fill(f, "{probation_terms}|{probation_end}", WF_DOC_ZH);
    assert_string_equal(d.text, "【缺：probation_terms】|【缺：probation_end】");
    assert_true(s_missing(&d, "probation_terms"));
    // Another ground: no probation sentence, and nothing missing for it.
    f->c.ground = "A39_2";
    f->p.probation_end = "2027-04-25";
    d = s_fill(f, "[{probation_terms}]", WF_DOC_ZH);
    assert_string_equal(d.text, "[]");
    assert_int_equal(d.nmissing, 0);
}

// The certificate is the paper the next employer reads: it names its holder by the identity
// document's number, with no salutation (a letter to the employee would not tell two 孙悦 apart).
static void test_certificate_identifies_its_holder(void **state)
{
    fixture_t *f = *state;
    size_t nm = 0;
    f->p.id_no = "310115199703120513";
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED);
    const char *t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "解除劳动合同证明书\n\n兹证明吴昊（身份证号码：310115199703120513，工号：E0117）自"
             "2024年1月31日起在示例科技有限公司（以下简称“本单位”）工作，其与本单位订立的劳动合同"
             "已由本单位解除。");
    s_lacks(t, "吴昊（工号 E0117）：");
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "This certifies that 吴昊 (identity document no. 310115199703120513, employee no. "
             "E0117) has worked for 示例科技有限公司 (the \"Company\") since 2024-01-31");
    s_lacks(t, "To 吴昊");
    // Not in the directory: not among what Reg. Art. 24 requires, and the certificate is owed
    // whatever the directory lacks (LCL 50, 89): a blank for hand entry, not a gap that keeps
    // it from being stored.
    f->p.id_no = "";
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "（身份证号码：__________________，工号：E0117）");
    s_has(t, "四、在本单位的工作年限：");
    s_lacks(t, "【缺：");
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.en.txt", WF_DOC_EN, &nm);
    assert_int_equal(nm, 0);
    s_has(t, "(identity document no. __________________, employee no. E0117)");
    // A required item still missing is still a gap.
    f->p.title = "";
    t = s_render(f, WF_DOC_CERTIFICATE, "certificate.zh.txt", WF_DOC_ZH, &nm);
    assert_int_equal(nm, 1);
    s_has(t, "【缺：position】");
}

static void test_every_ground_is_stated_in_the_statute_words(void **state)
{
    fixture_t *f = *state;
    const char *v[WF_DOC_FIELD_COUNT];
    static const struct {
        const char *ground, *article, *text;
    } rows[] = {
        {"A39_1", "第三十九条第一项", "在试用期间被证明不符合录用条件的"},
        {"A39_2", "第三十九条第二项", "严重违反用人单位的规章制度的"},
        {"A39_3", "第三十九条第三项", "严重失职，营私舞弊，给用人单位造成重大损害的"},
        {"A39_4", "第三十九条第四项",
         "劳动者同时与其他用人单位建立劳动关系，对完成本单位的工作任务造成严重影响，或者经用人单"
         "位提出，拒不改正的"},
        {"A39_5", "第三十九条第五项", "因本法第二十六条第一款第一项规定的情形致使劳动合同无效的"},
        {"A39_6", "第三十九条第六项", "被依法追究刑事责任的"},
        {"A40_1", "第四十条第一项",
         "劳动者患病或者非因工负伤，在规定的医疗期满后不能从事原工作，也不能从事由用人单位另行安"
         "排的工作的"},
        {"A40_2", "第四十条第二项",
         "劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作的"},
        {"A40_3", "第四十条第三项",
         "劳动合同订立时所依据的客观情况发生重大变化，致使劳动合同无法履行，经用人单位与劳动者协"
         "商，未能就变更劳动合同内容达成协议的"},
        {"A41", "第四十一条第一款",
         "有下列情形之一，需要裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上的，"
         "用人单位提前三十日向工会或者全体职工说明情况，听取工会或者职工的意见后，裁减人员方案经向"
         "劳动行政部门报告，可以裁减人员"},
        {"A44_EXPIRY", "第四十四条第一项", "劳动合同期满的"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        f->c.ground = (char *)rows[i].ground;
        wf_doc_values(&f->in, WF_DOC_ZH, f->arena, v);
        assert_string_equal(v[WF_DOC_F_GROUND_TEXT], rows[i].text);
        assert_string_equal(
            v[WF_DOC_F_GROUND_ARTICLE],
            hr_arena_fmt(f->arena, "《中华人民共和国劳动合同法》%s", rows[i].article));
        wf_doc_values(&f->in, WF_DOC_EN, f->arena, v);
        assert_true(v[WF_DOC_F_GROUND_TEXT] && !strncmp(v[WF_DOC_F_GROUND_TEXT], "where", 5));
    }
}

// The union's letter (LCL 43, GC180): HR's reviewed reasons (never the manager's text), quoted as
// what the notice to the employee states (they are written to the employee, "您..."), the ground
// in the legislature's words, the notice day proposed and the opinion asked for by the day before
// it, that day included; only for a rescission by the employer alone; to the company's union by
// its configured name, else <company>工会, and to the local federation with no union.
static void test_the_union_letter_states_the_reasons_the_notice_relies_on(void **state)
{
    fixture_t *f = *state;
    char err[512], zh[512];
    f->c.outcome = NULL;
    s_at(f, "hr_review");
    f->in.has_union = true;
    f->in.served_date = "2026-12-10";
    f->c.reviewed_reasons = "您于2026年11月2日至11月20日期间迟到5次";
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_UNION_NOTICE, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    size_t n = 0;
    const char *t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    assert_int_equal(n, 0);
    s_has(t, "解除劳动合同通知工会函");
    s_has(t, "示例科技有限公司工会：");
    // The employee's "您" inside a quotation of their notice, never the letter's own words.
    s_has(t, "二、事实和理由：本单位拟向该员工送达的解除劳动合同通知书所述事实和理由如下："
             "「您于2026年11月2日至11月20日期间迟到5次。」\n");
    s_lacks(t, "：您于");
    s_lacks(t, "考核不合格，");
    s_has(t, "第四十条第二项");
    s_has(t, "第四十三条");
    s_has(t, "2026年12月10日");
    // "于X前" alone leaves X out: the day is stated as included.
    s_has(t, "请工会研究后于2026年12月9日（含当日）前提出书面意见");
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.en.txt", WF_DOC_EN, &n);
    assert_int_equal(n, 0);
    s_has(t, "LETTER TO THE UNION");
    s_has(t, "Article 43 of the Labour Contract Law");
    s_has(t, "2. Facts and reasons: The notice to the employee states the facts and reasons as "
             "follows: \"您于2026年11月2日至11月20日期间迟到5次。\"\n");
    s_has(t, "give its opinion in writing by 2026-12-09 (inclusive).");
    s_has(t, "To the Company's trade union:");
    // The employee's own notice is unchanged: the reasons to them, unquoted.
    t = s_render(f, WF_DOC_NOTICE, "notice.zh.txt", WF_DOC_ZH, &n);
    s_has(t, "您于2026年11月2日至11月20日期间迟到5次。");
    s_lacks(t, "「您于");
    // The union by its configured name (company/union_name, branch/CODE/union_name).
    f->in.union_name = "示例科技有限公司工会委员会";
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    s_has(t, "\n示例科技有限公司工会委员会：\n");
    f->in.union_name = "";
    // No company name: the generic 本单位工会.
    f->in.company_name = "";
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    s_has(t, "\n本单位工会：\n");
    f->in.company_name = "示例科技有限公司";
    // No union: the local or higher-level federation of trade unions (the engine's UNION_NONE
    // advice), in the form the rest of the documents use (当地总工会).
    f->in.has_union = false;
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    s_has(t, "\n当地总工会（或上级工会）：\n");
    s_lacks(t, "当地地方");
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.en.txt", WF_DOC_EN, &n);
    s_has(t, "To the local federation of trade unions (or the higher-level trade union):");
    // The notice day tomorrow (the letter is of 12-03): the opinion by today would leave the
    // union less than one full day - no day, a gap HR sees.
    f->in.served_date = "2026-12-04";
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    assert_int_equal(n, 1);
    s_has(t, "【缺：opinion_by】");
    // The day after tomorrow: tomorrow, the first full day.
    f->in.served_date = "2026-12-05";
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    assert_int_equal(n, 0);
    s_has(t, "于2026年12月4日（含当日）前");
    // The notice day today: no day is left to ask the opinion by - a gap HR sees.
    f->in.served_date = "2026-12-03";
    s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    assert_int_equal(n, 1);
    // Not reviewed yet: the reasons are a gap, never the manager's text.
    f->c.reviewed_reasons = "";
    t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    assert_int_equal(n, 2);
    s_lacks(t, "考核不合格");
    // An agreement or an Art. 44 ending: Art. 43 does not apply.
    f->c.ground = "A36_EMPLOYER";
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_UNION_NOTICE, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    s_has(err, "Art. 43");
    s_has(zh, "不适用第四十三条");
    f->c.ground = "A44_EXPIRY";
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_UNION_NOTICE, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    f->c.ground = "A41";
    assert_int_equal(wf_doc_allowed(&f->c, WF_DOC_UNION_NOTICE, err, sizeof err, zh, sizeof zh),
                     HR_OK);
}

// ---------------------------------------------------------------------------------------------
// Dates: one source of truth for the days the letters state

// f's case with an interview on date (arena), "" none.
static void s_interview(fixture_t *f, const char *date)
{
    Hr__Workflow__Interview *iv = hr_arena_alloc(f->arena, sizeof *iv);
    hr__workflow__interview__init(iv);
    iv->date = (char *)date;
    iv->time = "10:00";
    f->c.interview = *date ? iv : NULL;
}

static int32_t s_today(const fixture_t *f)
{
    return hr_day_of_ms(f->in.now_ms, f->in.tz_offset_min);
}

static const char *s_ymd(fixture_t *f, int32_t day)
{
    char buf[HR_DATE_LEN];
    return hr_arena_strdup(f->arena, hr_date_format(day, buf));
}

// The union's letter (LCL 43) proposes a notice day after the interview: the employee is heard
// first and the union's opinion asked for by the day before the notice. The review's planned
// day that is not after the interview is refused (never moved), naming both days and the first
// that fits; HR's own day likewise; a day HR gives after the interview is taken as given.
static void test_union_letter_proposes_a_notice_day_after_the_interview(void **state)
{
    fixture_t *f = *state;
    char err[1024], zh[1024];
    int32_t day = 0, today = s_today(f); // 2026-12-03
    f->c.outcome = NULL;
    f->in.has_union = true;
    f->as.notice_date = "2026-12-08";
    // The review planned 12-08; the interview is set for 12-09: the letter would tell the union
    // of a notice served before the employee is heard.
    s_interview(f, "2026-12-09");
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    s_has(err, "the review's notice day 2026-12-08 is not after the interview on 2026-12-09");
    s_has(err, "--served 2026-12-10");
    s_has(zh, "审核时计划的通知日 2026-12-08 不晚于面谈日期 2026-12-09");
    assert_int_equal(day, 0);
    // On the interview's day itself: refused too.
    s_interview(f, "2026-12-08");
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    s_has(err, "2026-12-08 is not after the interview on 2026-12-08");
    // HR's own day on or before the interview: refused naming both days.
    assert_int_equal(
        wf_doc_union_day(&f->c, "2026-12-06", today, &day, err, sizeof err, zh, sizeof zh),
        HR_EINVAL);
    s_has(err, "served_date: 2026-12-06 is not after the interview on 2026-12-08");
    s_has(zh, "拟送达日期（served_date）2026-12-06 不晚于面谈日期 2026-12-08");
    // HR's day after it: as given, and the letter states it, the opinion asked by the day before.
    assert_int_equal(
        wf_doc_union_day(&f->c, "2026-12-10", today, &day, err, sizeof err, zh, sizeof zh), HR_OK);
    assert_string_equal(s_ymd(f, day), "2026-12-10");
    // The review's day after the interview: the default.
    s_interview(f, "2026-12-05");
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, day), "2026-12-08");
    f->in.served_date = s_ymd(f, day);
    size_t n = 0;
    const char *t = s_render(f, WF_DOC_UNION_NOTICE, "union_notice.zh.txt", WF_DOC_ZH, &n);
    assert_int_equal(n, 0);
    s_has(t, "拟送达解除通知书的日期：2026年12月8日");
    s_has(t, "请工会研究后于2026年12月7日（含当日）前提出书面意见");
    // No interview (a template without one): the review's day as it is.
    s_interview(f, "");
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, day), "2026-12-08");
    // The review's day passed: no letter proposing a past day - refused with the first that
    // fits (after an interview still to come).
    f->as.notice_date = "2026-12-01";
    s_interview(f, "2026-12-04");
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    s_has(err, "the review's notice day 2026-12-01 has passed (today is 2026-12-03)");
    s_has(err, "--served 2026-12-05");
    s_has(zh, "2026-12-01 已过（今天是 2026-12-03）");
    // No plan: no day (the letter shows the gap for HR).
    f->as.notice_date = "";
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_int_equal(day, 0);
    // The union's notice recorded with the day its letter proposed: a reprint states that day,
    // whatever the plan says now or whether it passed; HR's new day is a new letter.
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    u.notice_date = "2026-11-30";
    u.notice_proposed_date = "2026-12-02"; // before today: still what the union received
    f->c.union_record = &u;
    f->as.notice_date = "2026-12-01";
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, day), "2026-12-02");
    assert_int_equal(
        wf_doc_union_day(&f->c, "2026-12-10", today, &day, err, sizeof err, zh, sizeof zh), HR_OK);
    assert_string_equal(s_ymd(f, day), "2026-12-10");
    f->c.union_record = NULL;
    f->as.notice_date = "";
    // After the outcome (a cure's letter): the day served, and no other.
    s_outcome(f, HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED); // served 12-03
    assert_int_equal(wf_doc_union_day(&f->c, "", today, &day, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, day), "2026-12-03");
    assert_int_equal(
        wf_doc_union_day(&f->c, "2026-12-05", today, &day, err, sizeof err, zh, sizeof zh),
        HR_EINVAL);
    s_has(err, "notice was served on 2026-12-03 (the outcome): the union's letter states that "
               "day, not 2026-12-05");
    s_has(zh, "已于 2026-12-03 送达");
}

// The notice made before the outcome states the review's days (its notice day and end) or the
// ones HR gives, never an end reckoned anew from another day: a notice day other than the
// review's with no end given is refused, naming both days and the review's end; with both given
// they are taken as given.
static void test_notice_days_are_the_reviews_or_hrs_never_reckoned(void **state)
{
    fixture_t *f = *state;
    char err[1024], zh[1024];
    int32_t today = s_today(f), planned = 0, served = 0, end = 0; // today 2026-12-03
    f->c.outcome = NULL;
    assert_true(hr_date_parse(f->as.notice_date, &planned)); // 2026-12-03, ending 2027-01-04
    // Nothing given: the review's days, both.
    assert_int_equal(wf_doc_notice_days(&f->c, "", "", &planned, today, &served, &end, err,
                                        sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, served), f->as.notice_date);
    assert_string_equal(s_ymd(f, end), f->as.effective_date);
    // ... and the letter states them, as case show does.
    f->in.served_date = s_ymd(f, served);
    f->in.effective_date = s_ymd(f, end);
    wf_doc_t d = s_fill(f, "{notice_date}|{effective_date}", WF_DOC_EN);
    assert_string_equal(d.text, "2026-12-03|2027-01-04");
    // The review's notice day given: its end.
    assert_int_equal(wf_doc_notice_days(&f->c, "2026-12-03", "", &planned, today, &served, &end,
                                        err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, end), "2027-01-04");
    // Another day, no end: refused naming both days and the review's end (it was 2027-01-06,
    // reckoned from the day served, before).
    assert_int_equal(wf_doc_notice_days(&f->c, "2026-12-05", "", &planned, today, &served, &end,
                                        err, sizeof err, zh, sizeof zh),
                     HR_ECONFLICT);
    s_has(err, "the notice served on 2026-12-05 is not on the review's notice day 2026-12-03 (the "
               "review ends the contract on 2027-01-04)");
    s_has(err, "--served 2026-12-05 --effective 2027-01-06");
    s_has(zh, "送达日期 2026-12-05 不是 HR 审核时计划的通知日 2026-12-03");
    s_has(zh, "2027-01-04");
    // Both given: as given.
    assert_int_equal(wf_doc_notice_days(&f->c, "2026-12-05", "2027-01-10", &planned, today, &served,
                                        &end, err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, served), "2026-12-05");
    assert_string_equal(s_ymd(f, end), "2027-01-10");
    // The end alone: the review's notice day with it.
    assert_int_equal(wf_doc_notice_days(&f->c, "", "2027-01-10", &planned, today, &served, &end,
                                        err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, served), "2026-12-03");
    assert_string_equal(s_ymd(f, end), "2027-01-10");
    // Before the interview: refused naming both, before any end is asked for.
    s_interview(f, "2026-12-04");
    assert_int_equal(wf_doc_notice_days(&f->c, "", "", &planned, today, &served, &end, err,
                                        sizeof err, zh, sizeof zh),
                     HR_EINVAL);
    s_has(err, "served_date: 2026-12-03 is before the interview on 2026-12-04");
    s_interview(f, "");
    // An expiry's end is the contract's own, recorded: it stays whatever day it is served.
    f->c.ground = "A44_EXPIRY";
    f->as.effective_date = "2027-01-30";
    assert_int_equal(wf_doc_notice_days(&f->c, "2026-12-05", "", &planned, today, &served, &end,
                                        err, sizeof err, zh, sizeof zh),
                     HR_OK);
    assert_string_equal(s_ymd(f, end), "2027-01-30");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, s_setup, s_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_check_names_an_unknown_placeholder_and_its_line),
        T(test_the_union_letter_states_the_reasons_the_notice_relies_on),
        T(test_union_letter_proposes_a_notice_day_after_the_interview),
        T(test_notice_days_are_the_reviews_or_hrs_never_reckoned),
        T(test_check_refuses_a_brace_that_opens_nothing),
        T(test_check_refuses_what_is_not_utf8),
        T(test_check_refuses_control_and_bidi_characters),
        T(test_check_caps_the_placeholders),
        T(test_doubled_braces_write_a_brace),
        T(test_the_repository_templates_load),
        T(test_certificate_waits_for_an_outcome_that_ends_the_contract),
        T(test_notice_from_a_lawful_review_at_prepare),
        T(test_no_notice_for_an_agreement_and_nothing_for_a_withdrawn_case),
        T(test_nothing_for_a_rescinded_case),
        T(test_certificate_states_the_four_art24_items_in_chinese),
        T(test_certificate_in_english_uses_iso_dates),
        T(test_dates_in_the_chinese_form),
        T(test_money_to_the_fen),
        T(test_years_of_service_as_the_law_counts_them),
        T(test_open_ended_contract_says_so_instead_of_an_end),
        T(test_a_value_the_case_lacks_is_shown_and_listed),
        T(test_notice_states_ground_money_union_duties_and_arbitration),
        T(test_notice_states_hrs_reviewed_reasons_not_the_managers_text),
        T(test_union_sentence_follows_whether_the_company_has_a_union),
        T(test_art41_notice_names_the_trigger_and_who_was_told),
        T(test_capitals_as_the_payment_rules_write_them),
        T(test_an_amount_paid_is_in_figures_and_capitals),
        T(test_a_period_ending_on_days_off_ends_the_day_after),
        T(test_arbitration_limit_on_a_holiday_moves_and_the_letter_says_why),
        T(test_a_limit_in_an_undeclared_years_holidays_is_stated_with_the_rule),
        T(test_transfer_on_days_off_moves_and_the_letter_says_why),
        T(test_a_transfer_in_an_undeclared_years_holidays_is_stated_with_the_rule),
        cmocka_unit_test(test_period_end_bounds_around_an_unpublished_notice),
        T(test_probation_notice_states_the_probation),
        T(test_every_ground_is_stated_in_the_statute_words),
        T(test_certificate_identifies_its_holder),
        T(test_notice_terms_follow_the_ground),
        T(test_notice_before_the_outcome_uses_the_reviewed_dates),
        T(test_notice_states_the_dates_it_is_made_for),
        T(test_file_name_names_kind_employee_case_and_language),
        T(test_values_stored_with_controls_are_shown_defanged),
        T(test_art39_fault_notice_states_the_ground_and_the_certificate_does_not),
        T(test_art40_notice_with_pay_in_lieu_and_severance_basis),
        T(test_a_floored_wage_names_the_local_minimum),
        T(test_a_pre2008_severance_states_both_parts_and_their_sum),
        T(test_a_pre2008_illness_rescission_states_the_medical_subsidy),
        T(test_art41_layoff_notice),
        T(test_art44_expiry_is_a_termination_in_both_documents),
        T(test_art36_agreement_certificate_and_no_notice),
        T(test_part_time_owes_no_notice_and_no_severance),
        T(test_an_old_template_still_fills_and_cannot_serve_an_expiry_notice),
    };
    return cmocka_run_group_tests_name("unit.workflow.document", tests, NULL, NULL);
}
