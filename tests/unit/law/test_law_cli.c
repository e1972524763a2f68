/*  test_law_cli - runs the real build/bin/hrctl: `law check` on the contract's example and on
 *  every kind of invalid input the contract lists, and `law grounds` in both forms.
 *
 *  Each run forks hrctl with stdin, stdout and stderr redirected to files in a temp dir, so
 *  the test sees exactly what a shell user would: the exit code, the bytes on stdout, and the
 *  lines on stderr.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hr_test.h"

typedef struct {
    int code;  // exit code
    char *out; // owned: stdout
    char *err; // owned: stderr
} run_t;

typedef struct {
    char *dir;     // owned: temp dir for the redirections
    char *hrctl;   // owned: path of the binary
    char *example; // owned: the contract example's text
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("law-cli");
    f->hrctl = hr_test_bin_path("hrctl");
    char *path = hr_test_source_path("tests/unit/law/data/contract_example.json");
    f->example = hr_test_read_file(path, NULL);
    hr_free(path);
    *state = f;
    return f->example && access(f->hrctl, X_OK) == 0 ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f->hrctl);
    hr_free(f->example);
    hr_free(f);
    return 0;
}

static void s_run_free(run_t *r)
{
    hr_free(r->out);
    hr_free(r->err);
}

// Runs hrctl with up to four arguments (NULL ends the list), feeding `input` (may be NULL)
// on stdin.
static run_t s_run4(fixture_t *f, const char *input, const char *a1, const char *a2, const char *a3,
                    const char *a4)
{
    char *in = hr_strfmt("%s/in", f->dir), *out = hr_strfmt("%s/out", f->dir),
         *err = hr_strfmt("%s/err", f->dir);
    assert_int_equal(hr_test_write_file(in, input ? input : "", input ? strlen(input) : 0), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600),
            fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fi < 0 || fo < 0 || fe < 0)
            _exit(127);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        char *argv[] = {f->hrctl, (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL};
        execv(f->hrctl, argv);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    run_t r = {WEXITSTATUS(status), hr_test_read_file(out, NULL), hr_test_read_file(err, NULL)};
    assert_non_null(r.out);
    assert_non_null(r.err);
    hr_free(in);
    hr_free(out);
    hr_free(err);
    return r;
}

static run_t s_run(fixture_t *f, const char *input, const char *a1, const char *a2, const char *a3)
{
    return s_run4(f, input, a1, a2, a3, NULL);
}

static json_t *s_path(json_t *root, const char *a, const char *b)
{
    json_t *v = json_object_get(root, a);
    return b ? json_object_get(v, b) : v;
}

static void s_assert_num(json_t *root, const char *a, const char *b, double want)
{
    json_t *v = s_path(root, a, b);
    if (!json_is_number(v) || json_number_value(v) != want)
        fail_msg("%s.%s: want %.2f", a, b ? b : "", want);
}

static void s_assert_str(json_t *root, const char *a, const char *b, const char *want)
{
    json_t *v = s_path(root, a, b);
    if (!json_is_string(v) || strcmp(json_string_value(v), want))
        fail_msg("%s.%s: want %s", a, b ? b : "", want);
}

static void test_contract_example_gives_the_contracts_figures(void **state)
{
    fixture_t *f = *state;
    run_t r = s_run(f, f->example, "law", "check", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.err, "");
    json_t *a = json_loads(r.out, 0, NULL);
    assert_non_null(a);
    s_assert_str(a, "verdict", NULL, "lawful");
    assert_true(json_is_false(json_object_get(a, "needs_review")));
    s_assert_str(a, "ground", "code", "A40_2");
    s_assert_str(a, "ground", "article", "LCL 40(2)");
    assert_true(json_is_string(s_path(a, "ground", "title_zh")));
    assert_true(json_is_string(s_path(a, "ground", "title_en")));
    // Two monthly wages for 2 years' service: averaged as given, and said (Reg. 27).
    json_t *fs = json_object_get(a, "findings");
    assert_int_equal(json_array_size(fs), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fs, 0), "code")),
                        "WAGE_MONTHS_SHORT");
    assert_string_equal(json_string_value(json_object_get(json_array_get(fs, 0), "severity")),
                        "warn");
    s_assert_num(a, "service", "years", 2);
    s_assert_num(a, "service", "months", 7);
    s_assert_num(a, "service", "days", 8);
    s_assert_num(a, "service", "units", 3);
    s_assert_num(a, "wage", "average", 9000);
    s_assert_num(a, "wage", "base", 9000);
    s_assert_num(a, "wage", "cap", 41628);
    assert_true(json_is_false(s_path(a, "wage", "capped")));
    s_assert_num(a, "money", "severance", 27000);
    s_assert_num(a, "money", "notice_pay", 0);
    s_assert_num(a, "money", "unlawful_compensation", 54000);
    s_assert_str(a, "deadlines", "termination_certificate", "2023-12-13");
    s_assert_str(a, "deadlines", "file_and_social_insurance_transfer", "2023-12-28");
    s_assert_str(a, "deadlines", "keep_records_until", "2025-12-13");
    s_assert_str(a, "deadlines", "arbitration_limit", "2024-11-13");
    // The output has exactly the contract's top-level fields.
    const char *keys[] = {"verdict", "needs_review", "ground", "findings",
                          "service", "wage",         "money",  "deadlines"};
    assert_int_equal(json_object_size(a), HR_ARRAY_LEN(keys));
    for (size_t i = 0; i < HR_ARRAY_LEN(keys); i++)
        assert_non_null(json_object_get(a, keys[i]));
    json_decref(a);
    s_run_free(&r);
}

static void test_contract_example_with_nursing_gives_the_example_finding(void **state)
{
    fixture_t *f = *state;
    char *text = hr_strdup(f->example);
    char *p = strstr(text, "\"nursing_infant\": false");
    assert_non_null(p);
    memcpy(p + strlen("\"nursing_infant\": "), "true ", 5); // same length: "false" -> "true "
    char *path = hr_strfmt("%s/nursing.json", f->dir);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    run_t r = s_run(f, NULL, "law", "check", path); // from a FILE argument this time
    assert_int_equal(r.code, 0);
    json_t *a = json_loads(r.out, 0, NULL);
    assert_non_null(a);
    s_assert_str(a, "verdict", NULL, "unlawful");
    json_t *finding = json_array_get(json_object_get(a, "findings"), 0);
    s_assert_str(finding, "severity", NULL, "block");
    s_assert_str(finding, "code", NULL, "PROTECTED_NURSING");
    s_assert_str(finding, "article", NULL, "LCL 42(4)");
    s_assert_str(finding, "fact", NULL, "employee.status.nursing_infant");
    assert_true(strlen(json_string_value(json_object_get(finding, "message_zh"))) > 0);
    assert_true(strlen(json_string_value(json_object_get(finding, "message_en"))) > 0);
    s_assert_num(a, "money", "severance", 0);
    s_assert_num(a, "money", "unlawful_compensation", 54000);
    json_decref(a);
    s_run_free(&r);
    hr_free(path);
    hr_free(text);
}

// Replaces the first occurrence of `from` in the example with `to`.
static char *s_edit(const char *example, const char *from, const char *to)
{
    const char *p = strstr(example, from);
    assert_non_null(p);
    return hr_strfmt("%.*s%s%s", (int)(p - example), example, to, p + strlen(from));
}

typedef struct {
    const char *what; // the contract's kind of invalid input
    const char *from; // text in the example to replace
    const char *to;   // replacement
    const char *path; // field path the stderr line must start with
} invalid_t;

static const invalid_t s_invalid[] = {
    {"bad JSON", "\"employer\": {", "\"employer\": {{", "input"},
    {"unknown field", "\"employer\": {", "\"employeer\": {}, \"employer\": {", "employeer"},
    {"unknown field in status", "\"pregnant\": false", "\"pregnat\": false",
     "employee.status.pregnat"},
    {"unknown field in evidence", "\"job_standard_made_known\": true",
     "\"job_standard_made_known\": true, \"...\": true", "evidence...."},
    {"wrong type", "\"written_notice\": true", "\"written_notice\": \"yes\"",
     "termination.written_notice"},
    {"impossible date", "\"effective_date\": \"2023-12-13\"", "\"effective_date\": \"2023-02-30\"",
     "termination.effective_date"},
    {"missing required field", "\"hire_date\": \"2021-05-06\",", "", "employee.hire_date"},
    {"unknown ground", "\"A40_2\"", "\"A40_9\"", "termination.ground"},
    {"negative money", "\"average_monthly_wage\": 9000", "\"average_monthly_wage\": -9000",
     "employee.average_monthly_wage"},
    {"duplicate key", "\"average_monthly_wage\": 9000",
     "\"average_monthly_wage\": 9000, \"average_monthly_wage\": 9500",
     "employee.average_monthly_wage"},
    {"more than 2 decimals", "\"local_average_monthly_wage\": 13876",
     "\"local_average_monthly_wage\": 13876.123", "employer.local_average_monthly_wage"},
    {"more than 2 decimals a double cannot tell", "\"average_monthly_wage\": 9000",
     "\"average_monthly_wage\": 9000.000000000000001", "employee.average_monthly_wage"},
    {"effective date before the hire date", "\"hire_date\": \"2021-05-06\"",
     "\"hire_date\": \"2024-01-01\"", "termination.effective_date"},
    {"effective date before the notice date", "\"notice_date\": \"2023-11-13\"",
     "\"notice_date\": \"2023-12-14\"", "termination.effective_date"},
};

static void test_each_kind_of_invalid_input_exits_2_naming_the_field(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_invalid); i++) {
        const invalid_t *c = &s_invalid[i];
        char *text = s_edit(f->example, c->from, c->to);
        run_t r = s_run(f, text, "law", "check", NULL);
        size_t len = strlen(r.err);
        const char *nl = strchr(r.err, '\n');
        if (r.code != 2 || r.out[0] != '\0' || !nl || nl != r.err + len - 1 ||
            strncmp(r.err, c->path, strlen(c->path)) || strncmp(r.err + strlen(c->path), ": ", 2))
            fail_msg("%s: exit %d, stdout %zu bytes, stderr '%s' (want exit 2, no stdout, one "
                     "line starting '%s: ')",
                     c->what, r.code, strlen(r.out), r.err, c->path);
        s_run_free(&r);
        hr_free(text);
    }
}

static void test_impossible_date_message_is_the_contracts(void **state)
{
    fixture_t *f = *state;
    char *text = s_edit(f->example, "\"2023-12-13\"", "\"2023-02-30\"");
    run_t r = s_run(f, text, "law", "check", NULL);
    assert_int_equal(r.code, 2);
    assert_string_equal(r.err, "termination.effective_date: \"2023-02-30\" is not a date\n");
    s_run_free(&r);
    hr_free(text);
}

// Review: a duplicate key said "input: not valid JSON at line 1 column 89: duplicate object key";
// the contract wants the field path and the problem.
static void test_duplicate_key_message_names_the_field(void **state)
{
    fixture_t *f = *state;
    char *text = s_edit(f->example, "\"average_monthly_wage\": 9000",
                        "\"average_monthly_wage\": 9000, \"average_monthly_wage\": 9500");
    run_t r = s_run(f, text, "law", "check", NULL);
    assert_int_equal(r.code, 2);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "employee.average_monthly_wage: duplicate key\n");
    s_run_free(&r);
    hr_free(text);
}

static void test_grounds_json_lists_all_thirteen_grounds(void **state)
{
    fixture_t *f = *state;
    run_t r = s_run(f, NULL, "law", "grounds", "--json");
    assert_int_equal(r.code, 0);
    json_error_t jerr;
    json_t *g = json_loads(r.out, 0, &jerr);
    if (!g)
        fail_msg("not JSON: %s", jerr.text);
    const char *codes[] = {"A36_EMPLOYER", "A36_EMPLOYEE", "A39_1",     "A39_2", "A39_3",
                           "A39_4",        "A39_5",        "A39_6",     "A40_1", "A40_2",
                           "A40_3",        "A41",          "A44_EXPIRY"};
    assert_int_equal(json_array_size(g), HR_ARRAY_LEN(codes));
    for (size_t i = 0; i < HR_ARRAY_LEN(codes); i++) {
        json_t *ground = json_array_get(g, i);
        s_assert_str(ground, "code", NULL, codes[i]);
        assert_true(json_is_string(json_object_get(ground, "article")));
        assert_true(json_is_string(json_object_get(ground, "title_zh")));
        assert_true(json_is_string(json_object_get(ground, "title_en")));
        json_t *facts = json_object_get(ground, "facts");
        assert_true(json_is_array(facts));
        size_t j;
        json_t *fact;
        json_array_foreach(facts, j, fact)
        {
            assert_true(json_array_size(json_object_get(fact, "evidence_kinds")) > 0);
            assert_true(json_is_string(json_object_get(fact, "description_zh")));
            assert_true(json_is_string(json_object_get(fact, "document_en")));
        }
    }
    json_decref(g);
    s_run_free(&r);
}

static void test_grounds_text_is_bilingual_and_names_every_ground(void **state)
{
    fixture_t *f = *state;
    run_t r = s_run(f, NULL, "law", "grounds", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "A44_EXPIRY  LCL 44(1)"));
    assert_non_null(strstr(r.out, "不能胜任工作"));
    assert_non_null(strstr(r.out, "Incompetent after training"));
    assert_non_null(strstr(r.out, "evidence.second_assessment_failed"));
    assert_non_null(strstr(r.out, "assessment_result"));
    // Each fact's Chinese line cites its article the legislature's way, and each evidence kind
    // has its Chinese name beside the code --kind takes.
    assert_non_null(
        strstr(r.out, "该岗位有具体、明确的录用条件（《劳动合同法》第三十九条第一项）"));
    assert_non_null(strstr(r.out, "assessment_result（考核结果）"));
    assert_non_null(strstr(r.out, "rule_document（规章制度文本）"));
    s_run_free(&r);
}

// EX05: a rule never enforced before can make an Art. 39(2) dismissal unlawful; the engine
// raises a review finding. The catalogue must not call it money only; the renewal facts of an
// expiry are.
static void test_grounds_text_does_not_call_consistent_enforcement_money_only(void **state)
{
    fixture_t *f = *state;
    run_t r = s_run(f, NULL, "law", "grounds", NULL);
    assert_int_equal(r.code, 0);
    char *line = strstr(r.out, "evidence.enforced_consistently");
    assert_non_null(line);
    char *end = strchr(line, '\n');
    assert_non_null(end);
    *end = '\0';
    assert_null(strstr(line, "money only"));
    assert_null(strstr(line, "只影响补偿"));
    assert_non_null(strstr(line, "unlawful"));
    *end = '\n';
    line = strstr(r.out, "evidence.employee_refused_renewal");
    assert_non_null(line);
    end = strchr(line, '\n');
    *end = '\0';
    assert_non_null(strstr(line, "decides money only"));
    s_run_free(&r);
}

static void test_usage_errors_exit_2_with_usage_on_stderr(void **state)
{
    fixture_t *f = *state;
    const char *args[][4] = {
        {"law", NULL, NULL, NULL},         {"law", "frobnicate", NULL, NULL},
        {"law", "grounds", "--xml", NULL}, {"law", "check", "--strict", NULL},
        {"law", "check", "a", "b"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(args); i++) {
        run_t r = s_run4(f, NULL, args[i][0], args[i][1], args[i][2], args[i][3]);
        if (r.code != 2 || r.out[0] != '\0' || !strstr(r.err, "usage:"))
            fail_msg("args %zu: exit %d, stderr '%s'", i, r.code, r.err);
        s_run_free(&r);
    }
    run_t r = s_run(f, NULL, "law", "help", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "usage:"));
    s_run_free(&r);
}

static void test_unreadable_file_exits_2_with_nothing_on_stdout(void **state)
{
    fixture_t *f = *state;
    char *path = hr_strfmt("%s/does-not-exist.json", f->dir);
    run_t r = s_run(f, NULL, "law", "check", path);
    assert_int_equal(r.code, 2);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "input: cannot open"));
    s_run_free(&r);
    hr_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_example_gives_the_contracts_figures),
        cmocka_unit_test(test_contract_example_with_nursing_gives_the_example_finding),
        cmocka_unit_test(test_each_kind_of_invalid_input_exits_2_naming_the_field),
        cmocka_unit_test(test_impossible_date_message_is_the_contracts),
        cmocka_unit_test(test_duplicate_key_message_names_the_field),
        cmocka_unit_test(test_grounds_json_lists_all_thirteen_grounds),
        cmocka_unit_test(test_grounds_text_is_bilingual_and_names_every_ground),
        cmocka_unit_test(test_grounds_text_does_not_call_consistent_enforcement_money_only),
        cmocka_unit_test(test_usage_errors_exit_2_with_usage_on_stderr),
        cmocka_unit_test(test_unreadable_file_exits_2_with_nothing_on_stdout),
    };
    return cmocka_run_group_tests_name("unit.law.cli", tests, s_setup, s_teardown);
}
