/*  unit.workflow.people - a person's record against the law: the contract data an import refuses
 *  (impossible) or keeps with a warning (LCL Art. 19 probation, no wage, half of the retirement
 *  data), the columns a file leaves out kept as they are, the protected-status changes an import
 *  lists, and Art. 42(5) computed from the birth date and retirement group - set as the law
 *  engine's input at review, or a finding asking HR when it cannot be computed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define HDR                                                                                        \
    "employee_no,name,department_id,hire_date,contract_type,contract_start,contract_end,"          \
    "probation_end,monthly_wage,birth_date,retirement_base\n"

typedef wf_fixture_t fixture_t; // an arena for each test

#define TODAY "2026-11-27"

// Reads people CSV text and runs the contract checks on TODAY with the local minimum monthly
// wage minimum_fen (0: none configured); errors and warnings out.
static wf_person_row_t *s_rows_min(fixture_t *f, const char *text, int64_t minimum_fen, size_t *n,
                                   wf_errors_t *errs, wf_errors_t *warns)
{
    size_t nrows = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 100, &nrows);
    wf_errors_init(errs, f->arena);
    wf_errors_init(warns, f->arena);
    wf_person_row_t *people = NULL;
    wf_people_from_csv(rows, nrows, f->arena, &people, n, errs);
    wf_people_check(people, *n, wf_fixture_day(TODAY), minimum_fen, f->arena, errs, warns);
    return people;
}

static wf_person_row_t *s_rows(fixture_t *f, const char *text, size_t *n, wf_errors_t *errs,
                               wf_errors_t *warns)
{
    return s_rows_min(f, text, 0, n, errs, warns);
}

static const wf_row_error_t *s_on(const wf_errors_t *e, uint32_t line, const char *column)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->items[i].line == line && !strcmp(e->items[i].column, column))
            return &e->items[i];
    return NULL;
}

static void test_impossible_contract_data_is_refused(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e, w;
    size_t n = 0;
    wf_person_row_t *r =
        s_rows(f,
               HDR "A,Ann,D1,2024-01-01,fixed,2024-01-01,2023-12-31,,9000,,\n"          // line 2
                   "B,Bo,D1,2024-01-01,fixed,2024-03-01,2027-02-28,2024-02-01,9000,,\n" // 3
                   "C,Cy,D1,2024-01-01,fixed,2024-01-01,2024-06-30,2024-08-01,9000,,\n" // 4
                   "D,Di,D1,2028-01-01,fixed,,,,9000,,\n"                               // 5
                   "E,Ed,D1,2027-06-01,fixed,,,,9000,,\n"                               // 6
                   "F,Fa,D1,2024-01-01,fixed,,,,0,,\n"                                  // 7
                   "G,Gu,D1,2024-01-01,fixed,,,,0.00,,\n"                               // 8
                   "H,Ho,D1,2024-01-01,fixed,,,,9000,2024-01-01,male60\n"               // 9
                   "I,Ix,D1,2024-01-01,fixed,,,,9000,1980-01-01,male65\n",              // 10
               &n, &e, &w);
    assert_int_equal(n, 9);
    assert_non_null(strstr(s_on(&e, 2, "contract_end")->message, "before contract_start"));
    assert_non_null(strstr(s_on(&e, 3, "probation_end")->message, "before contract_start"));
    assert_non_null(strstr(s_on(&e, 4, "probation_end")->message, "after contract_end"));
    assert_non_null(strstr(s_on(&e, 5, "hire_date")->message, "more than a year ahead"));
    assert_null(s_on(&e, 6, "hire_date")); // a hire next summer: onboarding, accepted
    assert_false(r[4].bad);
    assert_non_null(strstr(s_on(&e, 7, "monthly_wage")->message, "of 0 is not a wage"));
    assert_non_null(s_on(&e, 8, "monthly_wage"));
    assert_non_null(strstr(s_on(&e, 9, "birth_date")->message, "not before the hire date"));
    assert_non_null(strstr(s_on(&e, 10, "retirement_base")->message, "male60, female55"));
    for (size_t i = 0; i < n; i++)
        if (i != 4)
            assert_true(r[i].bad);
}

typedef struct {
    const char *type, *start, *end, *probation;
    bool warned;
    const char *says; // in the warning
} s_probation_case_t;

// LCL Art. 19: under 3 months none; 3 months to under 1 year 1 month; 1 to under 3 years 2
// months; 3 years or more, or open-ended, 6 months; a task-based contract or part-time work none.
static const s_probation_case_t s_probations[] = {
    {"fixed", "2026-01-01", "2026-03-30", "2026-01-10", true, "under 3 months"},
    {"fixed", "2026-01-01", "2026-03-31", "2026-01-31", false, NULL}, // 3 months: 1 month ok
    {"fixed", "2026-01-01", "2026-03-31", "2026-02-01", true, "at most 1 month "},
    {"fixed", "2026-01-01", "2026-12-30", "2026-01-31", false, NULL},
    {"fixed", "2026-01-01", "2026-12-31", "2026-02-28", false, NULL}, // 1 year: 2 months
    {"fixed", "2026-01-01", "2026-12-31", "2026-03-01", true, "at most 2 months"},
    {"fixed", "2026-01-01", "2028-12-30", "2026-03-31", true, "1 to under 3 years"},
    {"fixed", "2026-01-01", "2028-12-31", "2026-06-30", false, NULL}, // 3 years: 6 months
    {"fixed", "2026-01-01", "2028-12-31", "2026-07-01", true, "at most 6 months"},
    {"open_ended", "2026-01-01", "", "2026-06-30", false, NULL},
    {"open_ended", "2026-01-01", "", "2026-07-01", true, "open-ended"},
    {"fixed", "2026-01-01", "", "2026-07-01", true, "contract's end is not in the directory"},
    {"task_based", "2026-01-01", "", "2026-01-15", true, "task"},
    {"part_time", "2026-01-01", "", "2026-01-15", true, "Art. 70"},
};

static void test_probation_longer_than_art_19_is_kept_and_warned(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_probations); i++) {
        const s_probation_case_t *c = &s_probations[i];
        char *text = hr_arena_fmt(f->arena, HDR "A,Ann,D1,%s,%s,%s,%s,%s,9000,,\n", c->start,
                                  c->type, c->start, c->end, c->probation);
        wf_errors_t e, w;
        size_t n = 0;
        wf_person_row_t *r = s_rows(f, text, &n, &e, &w);
        assert_int_equal(e.total, 0);
        assert_false(r[0].bad); // the directory mirrors what was agreed, lawful or not
        const wf_row_error_t *x = s_on(&w, 2, "probation_end");
        if (c->warned != (x != NULL))
            fail_msg("case %zu (%s %s..%s, probation to %s): warned %d", i, c->type, c->start,
                     c->end, c->probation, x != NULL);
        if (x) {
            if (!strstr(x->message, c->says) || !strstr(x->message, "Art. 83"))
                fail_msg("case %zu: %s", i, x->message);
        }
        // What the engine is given at review follows the same measure (wf_review_scenario).
        wf_probation_t pr;
        wf_person_probation(r[0].person, &pr);
        if (pr.capped != c->warned)
            fail_msg("case %zu: capped %d, warned %d", i, pr.capped, c->warned);
    }
}

// Reg. Art. 27 and the Minimum Wage Provisions: a full-time wage below the configured local
// minimum is imported with a warning naming the person; none configured, nothing is checked;
// part-time work (an hourly minimum) is not checked against the monthly one.
static void test_a_wage_below_the_local_minimum_is_warned(void **state)
{
    fixture_t *f = *state;
    const char *text = HDR "A,Ann,D1,2026-01-05,open_ended,2026-01-05,,,1500.00,,\n"
                           "B,Bo,D1,2026-01-05,open_ended,2026-01-05,,,2740.00,,\n"
                           "C,Cy,D1,2026-01-05,part_time,2026-01-05,,,1200.00,,\n";
    wf_errors_t e, w;
    size_t n = 0;
    s_rows_min(f, text, 274000, &n, &e, &w);
    assert_int_equal(e.total, 0);
    const wf_row_error_t *x = s_on(&w, 2, "monthly_wage");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "A: monthly_wage 1500.00 is below the local minimum "
                                       "monthly wage 2740.00"));
    assert_non_null(strstr(x->message, "Reg. Art. 27"));
    assert_null(s_on(&w, 3, "monthly_wage"));
    assert_null(s_on(&w, 4, "monthly_wage"));
    s_rows_min(f, text, 0, &n, &e, &w);
    assert_null(s_on(&w, 2, "monthly_wage"));
}

static void test_missing_data_is_warned_once(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e, w;
    size_t n = 0;
    s_rows(f,
           HDR "A,Ann,D1,2024-01-01,fixed,,,,,,\n"
               "B,Bo,D1,2024-01-01,fixed,,,,,1980-02-02,\n"
               "C,Cy,D1,2024-01-01,fixed,,,,9000,,female50\n",
           &n, &e, &w);
    assert_int_equal(e.total, 0);
    const wf_row_error_t *wage = s_on(&w, 0, "monthly_wage");
    assert_non_null(wage);
    assert_non_null(strstr(wage->message, "2 people have no wage"));
    assert_non_null(strstr(wage->message, "A, B"));
    assert_non_null(strstr(s_on(&w, 3, "retirement_base")->message, "Art. 42(5)"));
    assert_non_null(strstr(s_on(&w, 4, "birth_date")->message, "no birth_date"));
}

static Hr__Workflow__Person *s_before(fixture_t *f)
{
    Hr__Workflow__Person *p = hr_arena_alloc(f->arena, sizeof *p);
    hr__workflow__person__init(p);
    p->employee_no = "E0114";
    p->protected_statuses = hr_arena_alloc(f->arena, 4 * sizeof *p->protected_statuses);
    p->protected_statuses[p->n_protected_statuses++] =
        wf_fixture_status(f->arena, "pregnant", "医院证明 2026-11-20");
    p->birth_date = "1990-05-05";
    p->retirement_base = "female55";
    return p;
}

// The reviewer's restart: the demo's row for E0114 without her status. A file without the
// column keeps it; a file with the column empties it - and says so.
static void test_a_file_without_the_columns_keeps_them(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person *before = s_before(f);
    wf_errors_t e, w;
    size_t n = 0;
    wf_person_row_t *r = s_rows(f, "employee_no,name,department_id\nE0114,Li,D1\n", &n, &e, &w);
    wf_person_keep(r[0].person, &r[0], before);
    assert_int_equal(r[0].person->n_protected_statuses, 1);
    assert_string_equal(r[0].person->birth_date, "1990-05-05");
    assert_string_equal(r[0].person->retirement_base, "female55");
    char *lines[4];
    assert_int_equal(wf_person_status_changes(before, r[0].person, "", f->arena, lines, NULL, 4),
                     0);

    r = s_rows(f, "employee_no,name,department_id,protected,birth_date\nE0114,Li,D1,,\n", &n, &e,
               &w);
    wf_person_keep(r[0].person, &r[0], before);
    assert_int_equal(r[0].person->n_protected_statuses, 0);
    assert_string_equal(r[0].person->birth_date, "");
    assert_string_equal(r[0].person->retirement_base, "female55"); // its column is not there
}

static void test_status_changes_are_listed_and_a_removal_names_the_case(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person *before = s_before(f);
    before->protected_statuses[before->n_protected_statuses++] =
        wf_fixture_status(f->arena, "medical_treatment_period", "sick note 2026-10-01");
    Hr__Workflow__Person *after = hr_arena_alloc(f->arena, sizeof *after);
    hr__workflow__person__init(after);
    after->employee_no = "E0114";
    after->protected_statuses = hr_arena_alloc(f->arena, 4 * sizeof *after->protected_statuses);
    after->protected_statuses[after->n_protected_statuses++] =
        wf_fixture_status(f->arena, "medical_treatment_period", "sick note 2026-11-01");
    after->protected_statuses[after->n_protected_statuses++] =
        wf_fixture_status(f->arena, "nursing_infant", "birth certificate");
    char *lines[4] = {0};
    size_t n = wf_person_status_changes(before, after, "01JN00000000000000000000AA", f->arena,
                                        lines, NULL, 4);
    assert_int_equal(n, 3);
    assert_string_equal(lines[0], "E0114: protected status medical_treatment_period changed "
                                  "(sick note 2026-10-01 -> sick note 2026-11-01)");
    // An addition names the open case too, whatever its step.
    assert_string_equal(lines[1], "E0114: protected status nursing_infant added (birth "
                                  "certificate); case 01JN00000000000000000000AA is open: LCL Art. "
                                  "42 bars dismissal under Art. 40 and 41 while it lasts - hrctl "
                                  "case show 01JN00000000000000000000AA");
    assert_non_null(strstr(lines[2], "E0114: protected status pregnant removed (was: 医院证明 "
                                     "2026-11-20) while case 01JN00000000000000000000AA is open"));
    // Counted beyond max, listed up to it; no case: no case named.
    assert_int_equal(wf_person_status_changes(before, after, "", f->arena, lines, NULL, 1), 3);
    assert_int_equal(wf_person_status_changes(NULL, after, "", f->arena, lines, NULL, 4), 2);
    assert_string_equal(lines[0], "E0114: protected status medical_treatment_period added (sick "
                                  "note 2026-11-01)");
    assert_int_equal(wf_person_status_changes(before, before, "", f->arena, lines, NULL, 4), 0);
    Hr__Workflow__Person none = HR__WORKFLOW__PERSON__INIT;
    none.employee_no = "E0114";
    assert_int_equal(wf_person_status_changes(before, &none, "", f->arena, lines, NULL, 4), 2);
    assert_string_equal(lines[0], "E0114: protected status pregnant removed (was: 医院证明 "
                                  "2026-11-20)");
}

// A man born 1968-02-10 (male60: his band 1968-01..04 is the tenth, 60 years 10 months:
// retirement 2028-12-10), hired 2010-01-04: 15 years on 2025-01-03.
static Hr__Workflow__Person s_veteran(void)
{
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = "E0200";
    p.hire_date = "2010-01-04";
    p.contract_type = "open_ended";
    p.monthly_wage_fen = 1500000;
    p.birth_date = "1968-02-10";
    p.retirement_base = "male60";
    return p;
}

static bool s_has(const law_assessment_t *a, const char *code, law_severity_t sev)
{
    for (size_t i = 0; i < a->nfindings; i++)
        if (!strcmp(a->findings[i].code, code) && a->findings[i].severity == sev)
            return true;
    return false;
}

static void s_review(fixture_t *f, const Hr__Workflow__Person *p, const char *ground,
                     const char *today, law_scenario_t *s, law_assessment_t *a)
{
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.union_notified = true;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = true};
    char err[256];
    uint64_t all = 0;
    const law_ground_t *g = law_ground_find(ground);
    for (size_t i = 0; i < g->nfacts; i++)
        all |= LAW_FACT_BIT(g->facts[i].fact);
    if (wf_review_scenario(p, g, &req, &cfg, wf_fixture_day(today), all, 0, 0, s, err, sizeof err,
                           NULL, 0))
        fail_msg("%s", err);
    assert_int_equal(law_assess(s, a), HR_OK);
    wf_review_retirement(p, s, a, f->arena);
}

static void test_art_42_5_is_computed_for_the_law_engine(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person p = s_veteran();
    law_scenario_t s;
    law_assessment_t a;
    // 2026-11-27: 16 years here, 2 years and some to go: protected; A40_2 with every fact proven
    // is unlawful, and the assessment says how it was computed.
    s_review(f, &p, "A40_2", TODAY, &s, &a);
    assert_true(s.status & LAW_STATUS_BIT(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT));
    assert_false(a.lawful);
    assert_true(s_has(&a, "PROTECTED_LONG_SERVICE", LAW_SEVERITY_BLOCK));
    assert_true(s_has(&a, "RETIREMENT_AGE_COMPUTED", LAW_SEVERITY_INFO));
    // Cited as PROTECTED_LONG_SERVICE cites it: the legislature's way, no brackets.
    for (size_t i = 0; i < a.nfindings; i++)
        if (!strcmp(a.findings[i].code, "RETIREMENT_AGE_COMPUTED")) {
            assert_non_null(
                strstr(a.findings[i].message_zh, "《中华人民共和国劳动合同法》第四十二条第五项"));
            assert_null(strstr(a.findings[i].message_zh, "（五）"));
        }
    // Art. 39 is not barred by Art. 42: the flag is set, nothing is added.
    s_review(f, &p, "A39_2", TODAY, &s, &a);
    assert_true(a.lawful);
    assert_false(s_has(&a, "RETIREMENT_AGE_COMPUTED", LAW_SEVERITY_INFO));

    // Born in 1975 instead: 62 years 7 months -> 2037: far from it, lawful.
    p.birth_date = "1975-02-10";
    s_review(f, &p, "A40_2", TODAY, &s, &a);
    assert_false(s.status & LAW_STATUS_BIT(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT));
    assert_true(a.lawful);
    assert_false(a.needs_review);

    // The notice on 2023-11-27 (effective 2023-12-27): 13 years 11 months here, not yet 15.
    p.birth_date = "1968-02-10";
    s_review(f, &p, "A40_2", "2023-11-27", &s, &a);
    assert_false(s.status & LAW_STATUS_BIT(LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT));
    assert_true(a.lawful);
}

static void test_art_42_5_unknown_asks_hr_and_never_passes_silently(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person p = s_veteran();
    p.birth_date = "";
    law_scenario_t s;
    law_assessment_t a;
    s_review(f, &p, "A40_2", TODAY, &s, &a);
    assert_true(a.lawful);       // nothing proves the status...
    assert_true(a.needs_review); // ...but HR is asked to confirm it
    assert_true(s_has(&a, "RETIREMENT_AGE_UNKNOWN", LAW_SEVERITY_REVIEW));
    bool said = false;
    for (size_t i = 0; i < a.nfindings; i++)
        said |= !strcmp(a.findings[i].code, "RETIREMENT_AGE_UNKNOWN") &&
                strstr(a.findings[i].message_en, "16 years") &&
                strstr(a.findings[i].message_zh, "《中华人民共和国劳动合同法》第四十二条第五项") &&
                !strcmp(a.findings[i].fact, "employee.status.long_service_near_retirement");
    assert_true(said);
    // Under 15 years here: nothing to confirm.
    p.hire_date = "2015-01-05";
    s_review(f, &p, "A40_2", TODAY, &s, &a);
    assert_false(s_has(&a, "RETIREMENT_AGE_UNKNOWN", LAW_SEVERITY_REVIEW));
    // HR typed the status: the engine blocks, nothing asked.
    p = s_veteran();
    p.retirement_base = "";
    Hr__Workflow__ProtectedStatus *list[] = {
        wf_fixture_status(f->arena, "long_service_near_retirement", "HR")};
    p.protected_statuses = list;
    p.n_protected_statuses = 1;
    s_review(f, &p, "A40_3", TODAY, &s, &a);
    assert_false(a.lawful);
    assert_false(s_has(&a, "RETIREMENT_AGE_UNKNOWN", LAW_SEVERITY_REVIEW));
}

static void test_retirement_position_for_get_person(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person p = s_veteran();
    Hr__Workflow__RetirementPosition *m =
        wf_retirement_message(&p, wf_fixture_day(TODAY), f->arena);
    assert_string_equal(m->position, "protected");
    assert_string_equal(m->retirement_date, "2028-12-10");
    assert_int_equal(m->retirement_age_months, 60 * 12 + 10);
    assert_int_equal(m->service_years, 16);
    assert_non_null(strstr(m->reason, "within LCL Art. 42(5)"));
    p.birth_date = "1975-02-10";
    m = wf_retirement_message(&p, wf_fixture_day(TODAY), f->arena);
    assert_string_equal(m->position, "not_protected");
    p.birth_date = "";
    m = wf_retirement_message(&p, wf_fixture_day(TODAY), f->arena);
    assert_string_equal(m->position, "unknown");
    assert_string_equal(m->retirement_date, "");
    assert_non_null(strstr(m->reason, "HR must confirm Art. 42(5)"));
}

// ---------------------------------------------------------------------------------------------
// One address, one person (wf_directory_contacts)

#define CHDR "employee_no,name,department_id,email,mobile\n"

static const char *s_open_case(void *arg, const char *no)
{
    const char *open_no = arg;
    return open_no && !strcmp(no, open_no) ? "01JNCASE0000000000000000AA" : "";
}

// The file's rows (CHDR columns) over existing, the contact check run with open_no (NULL: no
// open case) as the one employee with an open case.
static wf_person_row_t *s_contacts(fixture_t *f, const char *text, Hr__Workflow__Person *const *ex,
                                   size_t nex, const char *open_no, size_t *n, wf_errors_t *errs,
                                   wf_errors_t *warns)
{
    size_t nrows = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 100, &nrows);
    wf_errors_init(errs, f->arena);
    wf_errors_init(warns, f->arena);
    wf_person_row_t *people = NULL;
    wf_people_from_csv(rows, nrows, f->arena, &people, n, errs);
    assert_int_equal(errs->total, 0);
    wf_directory_contacts(people, *n, ex, nex, s_open_case, (void *)open_no, f->arena, errs, warns);
    return people;
}

static void s_says(const wf_row_error_t *e, const char *part)
{
    assert_non_null(e);
    if (!strstr(e->message, part))
        fail_msg("line %u %s: '%s' lacks '%s'", e->line, e->column, e->message, part);
}

// Two people sharing an email (in another case) or a mobile (written otherwise) are warned on
// the later row, naming both numbers and lines; nobody is refused, a family's shared phone
// included; one in the directory already is named as such; two the file does not name are not
// this import's to report.
static void test_a_shared_email_or_mobile_is_warned_naming_both(void **state)
{
    fixture_t *f = *state;
    const char *csv = CHDR "E0006,孙悦,ADMIN,sun.yue@example.com,13800000006\n"
                           "E0100,王芳,SALES,wang.fang@example.com,13800000100\n"
                           "E0225,孙悦,RND,Sun.Yue@Example.com,13800000225\n"
                           "E0226,王磊,RND,wang.lei@example.com,+86 138-0000-0100\n";
    size_t n = 0;
    wf_errors_t errs, warns;
    wf_person_row_t *rows = s_contacts(f, csv, NULL, 0, NULL, &n, &errs, &warns);
    assert_int_equal(errs.total, 0);
    assert_int_equal(warns.total, 2);
    const wf_row_error_t *w = s_on(&warns, 4, "email");
    s_says(w, "email Sun.Yue@Example.com of E0225 (line 4) is also E0006's (line 2)");
    s_says(w, "reaches both");
    w = s_on(&warns, 5, "mobile");
    s_says(w, "of E0226 (line 5) is also E0100's (line 3)");
    for (size_t i = 0; i < n; i++)
        assert_false(rows[i].bad);

    // One already in the directory, the other in the file; a pair both in the directory and not
    // in the file is left alone.
    Hr__Workflow__Person a = HR__WORKFLOW__PERSON__INIT, b = a, c = a;
    a.employee_no = "E0006";
    a.email = "sun.yue@example.com";
    b.employee_no = "E0300";
    b.mobile = "13900000000";
    c.employee_no = "E0301";
    c.mobile = "13900000000";
    Hr__Workflow__Person *ex[] = {&a, &b, &c};
    csv = CHDR "E0225,孙悦,RND,sun.yue@example.com,13800000225\n";
    s_contacts(f, csv, ex, 3, NULL, &n, &errs, &warns);
    assert_int_equal(errs.total, 0);
    assert_int_equal(warns.total, 1);
    s_says(s_on(&warns, 2, "email"), "of E0225 (line 2) is also E0006's (in the directory)");

    // The file changes E0006's address away from the shared one: nothing to say.
    csv = CHDR "E0006,孙悦,ADMIN,sun.yue.legal@example.com,13800000006\n"
               "E0225,孙悦,RND,sun.yue@example.com,13800000225\n";
    s_contacts(f, csv, ex, 1, NULL, &n, &errs, &warns);
    assert_int_equal(errs.total + warns.total, 0);
}

// When either of the two is the employee of an open case, the case's messages would reach the
// other: an error on each of the file's rows of the pair, which are not imported.
static void test_a_shared_address_with_an_open_case_employee_is_refused(void **state)
{
    fixture_t *f = *state;
    const char *csv = CHDR "E0006,孙悦,ADMIN,sun.yue@example.com,13800000006\n"
                           "E0100,王芳,SALES,wang.fang@example.com,13800000100\n"
                           "E0225,孙悦,RND,sun.yue@example.com,13800000225\n";
    size_t n = 0;
    wf_errors_t errs, warns;
    wf_person_row_t *rows = s_contacts(f, csv, NULL, 0, "E0225", &n, &errs, &warns);
    assert_int_equal(warns.total, 0);
    assert_int_equal(errs.total, 2);
    s_says(s_on(&errs, 4, "email"), "of E0225 (line 4) is also E0006's (line 2), and E0225 is "
                                    "the employee of open case 01JNCASE0000000000000000AA");
    s_says(s_on(&errs, 2, "email"), "of E0006 (line 2) is also E0225's (line 4)");
    assert_true(rows[0].bad);
    assert_false(rows[1].bad);
    assert_true(rows[2].bad);

    // The employee with the case in the directory, the other person's row in the file: that
    // row is refused.
    Hr__Workflow__Person e = HR__WORKFLOW__PERSON__INIT;
    e.employee_no = "E0225";
    e.email = "sun.yue@example.com";
    Hr__Workflow__Person *ex[] = {&e};
    csv = CHDR "E0006,孙悦,ADMIN,SUN.YUE@example.com,13800000006\n";
    rows = s_contacts(f, csv, ex, 1, "E0225", &n, &errs, &warns);
    assert_int_equal(errs.total, 1);
    s_says(s_on(&errs, 2, "email"), "is also E0225's (in the directory), and E0225 is");
    assert_true(rows[0].bad);
}

// The demo company's people file gives everyone their own email and mobile.
static void test_the_demo_people_share_no_address(void **state)
{
    fixture_t *f = *state;
    char *path = hr_test_source_path("deploy/demo/people.csv");
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    assert_non_null(text);
    wf_csv_row_t *rows = NULL;
    size_t nrows = 0, n = 0;
    char err[256];
    assert_int_equal(wf_csv_parse(text, len, f->arena, 1000, &rows, &nrows, err, NULL, sizeof err),
                     HR_OK);
    wf_errors_t errs, warns;
    wf_errors_init(&errs, f->arena);
    wf_errors_init(&warns, f->arena);
    wf_person_row_t *people = NULL;
    wf_people_from_csv(rows, nrows, f->arena, &people, &n, &errs);
    assert_true(n > 30);
    wf_directory_contacts(people, n, NULL, 0, s_open_case, NULL, f->arena, &errs, &warns);
    for (size_t i = 0; i < warns.n; i++)
        printf("line %u: %s\n", warns.items[i].line, warns.items[i].message);
    assert_int_equal(warns.total, 0);
    hr_free(text);
}

// The protected cell's long form: start, expected end and certificate before the source; the
// short form `kind:source` as before; each malformed part an error of the row's protected cell.
static void test_a_protected_cell_carries_dates_and_a_certificate(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e, w;
    size_t n = 0;
    wf_person_row_t *r = s_rows(
        f,
        "employee_no,name,department_id,protected\n"
        "A,Ann,D1,medical_treatment_period from=2026-11-01 until=2027-01-31 "
        "evidence=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:病假证明 a:b\n"
        "B,Bo,D1,pregnant:医院证明\n"
        "C,Cy,D1,pregnant until=2027-01-01 until=2027-02-01\n"
        "D,Di,D1,pregnant evidence=ABCDEF\n",
        &n, &e, &w);
    assert_int_equal(n, 4);
    const Hr__Workflow__ProtectedStatus *a = r[0].person->protected_statuses[0];
    assert_string_equal(a->status, "medical_treatment_period");
    assert_string_equal(a->since, "2026-11-01");
    assert_string_equal(a->until, "2027-01-31");
    assert_string_equal(a->evidence_id,
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assert_string_equal(a->source, "病假证明 a:b");
    assert_false(r[0].bad);
    assert_string_equal(r[1].person->protected_statuses[0]->source, "医院证明");
    assert_string_equal(r[1].person->protected_statuses[0]->until, "");
    assert_non_null(strstr(s_on(&e, 4, "protected")->message, "repeated 'until'"));
    assert_non_null(strstr(s_on(&e, 5, "protected")->message, "is not an hr-evidence id"));
    assert_true(r[2].bad && r[3].bad);
}

// A removal needs a reason while the status's stated period runs (its last day included) or the
// person has an open case; not for a status that ended, or one stated with no end.
static void test_a_removal_needs_a_reason_while_its_period_runs_or_a_case_is_open(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__ProtectedStatus *ps = wf_fixture_status(f->arena, "medical_treatment_period", "");
    int32_t today = wf_fixture_day(TODAY);
    assert_null(wf_status_removal_why(ps, today, false, false));
    assert_string_equal(wf_status_removal_why(ps, today, true, false),
                        "the person has an open case");
    ps->until = TODAY;
    assert_string_equal(wf_status_removal_why(ps, today, false, true), "其载明的期间尚未届满");
    ps->until = "2026-11-26";
    assert_null(wf_status_removal_why(ps, today, false, false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_impossible_contract_data_is_refused),
        cmocka_unit_test(test_probation_longer_than_art_19_is_kept_and_warned),
        cmocka_unit_test(test_a_wage_below_the_local_minimum_is_warned),
        cmocka_unit_test(test_missing_data_is_warned_once),
        cmocka_unit_test(test_a_file_without_the_columns_keeps_them),
        cmocka_unit_test(test_status_changes_are_listed_and_a_removal_names_the_case),
        cmocka_unit_test(test_art_42_5_is_computed_for_the_law_engine),
        cmocka_unit_test(test_art_42_5_unknown_asks_hr_and_never_passes_silently),
        cmocka_unit_test(test_retirement_position_for_get_person),
        cmocka_unit_test(test_a_shared_email_or_mobile_is_warned_naming_both),
        cmocka_unit_test(test_a_shared_address_with_an_open_case_employee_is_refused),
        cmocka_unit_test(test_the_demo_people_share_no_address),
        cmocka_unit_test(test_a_protected_cell_carries_dates_and_a_certificate),
        cmocka_unit_test(test_a_removal_needs_a_reason_while_its_period_runs_or_a_case_is_open),
    };
    return cmocka_run_group_tests_name("unit.workflow.people", tests, wf_fixture_setup,
                                       wf_fixture_teardown);
}
