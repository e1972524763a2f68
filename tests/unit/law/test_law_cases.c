/*  test_law_cases - runs every tests/cases/law/NNN-slug.case through the parser, engine and writer.
 *
 *  Each file is one cmocka test named after the file. The scenario lines (`a.b.c: value`) are
 *  assembled into a JSON document, which goes through law_scenario_from_json(), law_assess()
 *  and law_assessment_to_json() exactly as `hrctl law check` does; the printed assessment is
 *  parsed back and every `expect.` line is held against it. The format is described in
 *  tests/cases/law/README.md.
 *
 *  A case fails, naming the file and line, on: a mismatched expectation; an expectation whose
 *  output path does not exist; an unknown `expect.` key; a line without `key: value`; and a
 *  file with no expectation at all (a case that cannot fail is not a test).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hr_test.h"
#include "law.h"
#include "law_json.h"

#define CASES_DIR "tests/cases/law"
#define CASE_SUFFIX ".case"
#define MAX_CASES 1000
#define MAX_LINE 4096
#define MAX_EXPECT 64

typedef struct {
    int line;    // line number in the file
    char *key;   // owned: "expect.verdict", "expect.finding", ...
    char *value; // owned: the text after ": "
} expect_t;

typedef struct {
    const char *file;             // borrowed: the file name, for messages
    json_t *scenario;             // owned: built from the scenario lines
    expect_t expects[MAX_EXPECT]; // expectations in file order
    size_t nexpects;              // entries used
    int failures;                 // mismatches found so far
} case_t;

static void s_failf(case_t *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void s_failf(case_t *c, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s/%s:%d: ", CASES_DIR, c->file, line);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    c->failures++;
}

static char *s_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

// Value text to JSON: a JSON literal when it is one (true, 9000, [1, 2], "x"), else a string.
static json_t *s_value(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

// Sets root[a][b][c] = value for the dotted path "a.b.c", creating objects on the way.
static int s_set_path(json_t *root, const char *path, json_t *value)
{
    char *copy = hr_strdup(path);
    json_t *obj = root;
    char *seg = copy;
    int rc = -1;
    for (;;) {
        char *dot = strchr(seg, '.');
        if (!dot) {
            json_object_set_new(obj, seg, value);
            value = NULL;
            rc = 0;
            break;
        }
        *dot = '\0';
        json_t *next = json_object_get(obj, seg);
        if (!next) {
            next = json_object();
            json_object_set_new(obj, seg, next);
        }
        if (!json_is_object(next))
            break;
        obj = next;
        seg = dot + 1;
    }
    json_decref(value);
    hr_free(copy);
    return rc;
}

static void s_case_free(case_t *c)
{
    json_decref(c->scenario);
    for (size_t i = 0; i < c->nexpects; i++) {
        hr_free(c->expects[i].key);
        hr_free(c->expects[i].value);
    }
}

static void s_case_load(case_t *c, const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[MAX_LINE];
    int line = 0;
    c->scenario = json_object();
    while (fgets(buf, sizeof buf, f)) {
        line++;
        char *s = s_trim(buf);
        if (*s == '\0' || *s == '#')
            continue;
        char *colon = strstr(s, ": ");
        if (!colon && s[strlen(s) - 1] == ':')
            colon = s + strlen(s) - 1;
        if (!colon) {
            s_failf(c, line, "expected 'key: value', got '%s'", s);
            continue;
        }
        *colon = '\0';
        char *key = s_trim(s);
        char *value = s_trim(colon + 1);
        if (!strncmp(key, "expect.", strlen("expect."))) {
            if (c->nexpects == MAX_EXPECT) {
                s_failf(c, line, "too many expectations (at most %d)", MAX_EXPECT);
                continue;
            }
            expect_t *e = &c->expects[c->nexpects++];
            e->line = line;
            e->key = hr_strdup(key);
            e->value = hr_strdup(value);
        } else if (s_set_path(c->scenario, key, s_value(value))) {
            s_failf(c, line, "'%s' crosses a field that is not an object", key);
        }
    }
    fclose(f);
    if (c->nexpects == 0)
        s_failf(c, line, "no expect. line: a case must expect something");
}

// Output value at a dotted path ("money.severance", "findings.0.article": a number indexes an
// array); NULL when absent.
static json_t *s_get_path(json_t *root, const char *path)
{
    char *copy = hr_strdup(path);
    json_t *v = root;
    for (char *seg = copy; v && seg;) {
        char *dot = strchr(seg, '.');
        if (dot)
            *dot = '\0';
        char *end = NULL;
        unsigned long index = strtoul(seg, &end, 10);
        if (json_is_array(v))
            v = *seg && !*end ? json_array_get(v, index) : NULL;
        else
            v = json_is_object(v) ? json_object_get(v, seg) : NULL;
        seg = dot ? dot + 1 : NULL;
    }
    hr_free(copy);
    return v;
}

// Compares an output value with the expected text: numbers exactly to 0.01, booleans, strings.
static bool s_value_matches(json_t *actual, const char *expected, char *shown, size_t len)
{
    if (json_is_number(actual)) {
        double x = json_number_value(actual);
        snprintf(shown, len, "%.17g", x);
        char *end;
        double want = strtod(expected, &end);
        if (*end != '\0' || end == expected)
            return false;
        return llround(x * LAW_FEN_PER_YUAN) == llround(want * LAW_FEN_PER_YUAN) &&
               fabs(x - want) < 0.5 / LAW_FEN_PER_YUAN;
    }
    if (json_is_boolean(actual)) {
        snprintf(shown, len, "%s", json_is_true(actual) ? "true" : "false");
        return !strcmp(shown, expected);
    }
    if (json_is_string(actual)) {
        snprintf(shown, len, "%s", json_string_value(actual)); // shown may be cut: compare whole
        return !strcmp(json_string_value(actual), expected);
    }
    snprintf(shown, len, "(%s)", json_is_null(actual) ? "null" : "object or array");
    return false;
}

// "block PROTECTED_PREGNANT employee.status.pregnant": severity, code and optionally the fact.
static bool s_has_finding(json_t *findings, const char *spec)
{
    char severity[32] = "", code[96] = "", fact[128] = "";
    int n = sscanf(spec, "%31s %95s %127s", severity, code, fact);
    if (n < 2)
        return false;
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *fs = json_string_value(json_object_get(f, "severity"));
        const char *fc = json_string_value(json_object_get(f, "code"));
        const char *ff = json_string_value(json_object_get(f, "fact"));
        if (!fs || !fc || strcmp(fs, severity) || strcmp(fc, code))
            continue;
        if (n == 3 && (!ff || strcmp(ff, fact)))
            continue;
        return true;
    }
    return false;
}

static bool s_code_present(json_t *findings, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *fc = json_string_value(json_object_get(f, "code"));
        if (fc && !strcmp(fc, code))
            return true;
    }
    return false;
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

// Every finding must name an article and carry both messages (contract: "Every block names
// the article it rests on"; STYLE: findings speak to HR in both languages).
static void s_check_finding_shape(case_t *c, json_t *findings)
{
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *keys[] = {"severity", "code", "article", "message_zh", "message_en"};
        for (size_t k = 0; k < HR_ARRAY_LEN(keys); k++) {
            const char *v = json_string_value(json_object_get(f, keys[k]));
            if (!v || !*v)
                s_failf(c, 0, "finding %zu has no %s", i, keys[k]);
        }
        const char *zh = json_string_value(json_object_get(f, "message_zh"));
        const char *at = zh ? s_cite_style_break(zh) : NULL;
        if (at)
            s_failf(c, 0, "finding %zu cites '%.24s' (write 第四十二条第四项)", i, at);
    }
}

static void s_check_expect(case_t *c, const expect_t *e, json_t *out)
{
    char shown[128];
    json_t *findings = json_object_get(out, "findings");
    if (!strcmp(e->key, "expect.finding")) {
        if (!s_has_finding(findings, e->value))
            s_failf(c, e->line, "expected finding '%s', not in the output", e->value);
    } else if (!strcmp(e->key, "expect.no_finding")) {
        if (s_code_present(findings, e->value))
            s_failf(c, e->line, "expected no finding %s, but it is there", e->value);
    } else if (!strcmp(e->key, "expect.findings")) {
        if (strcmp(e->value, "none"))
            s_failf(c, e->line, "expect.findings takes only 'none'");
        else if (json_array_size(findings) != 0)
            s_failf(c, e->line, "expected no findings, got %zu", json_array_size(findings));
    } else if (!strcmp(e->key, "expect.findings.count")) {
        char count[32];
        snprintf(count, sizeof count, "%zu", json_array_size(findings));
        if (strcmp(count, e->value))
            s_failf(c, e->line, "expected %s findings, got %s", e->value, count);
    } else if (!strcmp(e->key, "expect.error") || !strcmp(e->key, "expect.error_text")) {
        s_failf(c, e->line, "%s: the scenario was accepted", e->key);
    } else {
        const char *path = e->key + strlen("expect.");
        json_t *actual = s_get_path(out, path);
        if (!actual)
            s_failf(c, e->line, "output has no '%s'", path);
        else if (!s_value_matches(actual, e->value, shown, sizeof shown))
            s_failf(c, e->line, "%s: expected %s, got %s", path, e->value, shown);
    }
}

// The scenario was rejected: only expect.error (a field path) and expect.error_text may be
// checked, against the one-line message.
static void s_check_rejection(case_t *c, const char *err)
{
    bool expected = false;
    for (size_t i = 0; i < c->nexpects; i++) {
        const expect_t *e = &c->expects[i];
        if (!strcmp(e->key, "expect.error")) {
            expected = true;
            size_t n = strlen(e->value);
            if (strncmp(err, e->value, n) || strncmp(err + n, ": ", 2))
                s_failf(c, e->line, "expected an error on %s, got '%s'", e->value, err);
        } else if (!strcmp(e->key, "expect.error_text")) {
            if (!strstr(err, e->value))
                s_failf(c, e->line, "expected the error to say '%s', got '%s'", e->value, err);
        } else {
            s_failf(c, e->line, "%s: the scenario was rejected: %s", e->key, err);
        }
    }
    if (!expected)
        s_failf(c, 0, "rejected without an expect.error line: %s", err);
}

static void s_run_case(void **state)
{
    const char *file = *state;
    char *path = hr_strfmt("%s/%s/%s", HR_SOURCE_DIR, CASES_DIR, file);
    case_t c;
    memset(&c, 0, sizeof c);
    c.file = file;
    s_case_load(&c, path);

    // Reals printed with 15 significant digits give back the decimals the case file wrote;
    // jansson's default (17) writes 9000.01 as 9000.0100000000002, which the parser rightly
    // refuses as more than 2 decimals.
    char *text = json_dumps(c.scenario, JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    assert_non_null(text);
    law_scenario_t scenario;
    char err[LAW_ERROR_MAX];
    if (law_scenario_from_json(text, strlen(text), &scenario, err, sizeof err)) {
        s_check_rejection(&c, err);
    } else {
        law_assessment_t assessment;
        assert_int_equal(law_assess(&scenario, &assessment), HR_OK);
        char *json = law_assessment_to_json(&assessment);
        json_error_t jerr;
        json_t *out = json_loads(json, 0, &jerr);
        if (!out)
            s_failf(&c, 0, "the assessment is not JSON: %s\n%s", jerr.text, json);
        for (size_t i = 0; out && i < c.nexpects; i++)
            s_check_expect(&c, &c.expects[i], out);
        if (out)
            s_check_finding_shape(&c, json_object_get(out, "findings"));
        if (c.failures)
            fprintf(stderr, "--- scenario: %s\n--- assessment:\n%s", text, json);
        json_decref(out);
        hr_free(json);
    }
    free(text);
    int failures = c.failures;
    s_case_free(&c);
    hr_free(path);
    if (failures)
        fail_msg("%s: %d expectation(s) failed", file, failures);
}

static int s_compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    char *dir = hr_strfmt("%s/%s", HR_SOURCE_DIR, CASES_DIR);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        return 1;
    }
    char **names = hr_alloc(MAX_CASES * sizeof *names);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        size_t slen = strlen(CASE_SUFFIX);
        if (len > slen && !strcmp(e->d_name + len - slen, CASE_SUFFIX) && n < MAX_CASES)
            names[n++] = hr_strdup(e->d_name);
    }
    closedir(d);
    hr_free(dir);
    if (n == 0) {
        fprintf(stderr, "no %s files in %s\n", CASE_SUFFIX, CASES_DIR);
        hr_free(names);
        return 1;
    }
    qsort(names, n, sizeof *names, s_compare_names);
    struct CMUnitTest *tests = hr_alloc(n * sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = names[i];
        tests[i].test_func = s_run_case;
        tests[i].setup_func = NULL;
        tests[i].teardown_func = NULL;
        tests[i].initial_state = names[i];
    }
    int rc = _cmocka_run_group_tests("unit.law.cases", tests, n, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        hr_free(names[i]);
    hr_free(names);
    hr_free(tests);
    return rc;
}
