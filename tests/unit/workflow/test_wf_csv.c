/*  unit.workflow.csv - imported files: encodings, CSV splitting with line numbers, people and
 *  department rows, and the directory checks (unknown manager, loops, duplicates, contacts).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <iconv.h>

#include "wf_fixture.h"

#define HDR "employee_no,name,department_id,manager_no,email,mobile\n"

typedef wf_fixture_t fixture_t; // an arena for each test

static char *s_decode(fixture_t *f, const char *data, size_t len, wf_encoding_t *enc)
{
    char *out = NULL, err[256];
    size_t olen = 0;
    if (wf_csv_decode((const uint8_t *)data, len, f->arena, &out, &olen, enc, err, NULL,
                      sizeof err))
        return NULL;
    return out;
}

static void test_utf8_with_and_without_bom(void **state)
{
    fixture_t *f = *state;
    wf_encoding_t enc;
    char *s = s_decode(f, "工号,姓名\n", strlen("工号,姓名\n"), &enc);
    assert_non_null(s);
    assert_int_equal(enc, WF_ENC_UTF8);
    s = s_decode(f,
                 "\xEF\xBB\xBF"
                 "id,name\n",
                 11, &enc);
    assert_non_null(s);
    assert_int_equal(enc, WF_ENC_UTF8_BOM);
    assert_string_equal(s, "id,name\n");
}

static void test_gb18030_as_excel_writes_it(void **state)
{
    fixture_t *f = *state;
    const char *utf8 = "E0117,吴昊,SALES\n";
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char gb[64], *in = (char *)hr_arena_strdup(f->arena, utf8), *out = gb;
    size_t inleft = strlen(utf8), outleft = sizeof gb;
    assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    wf_encoding_t enc;
    char *s = s_decode(f, gb, sizeof gb - outleft, &enc);
    assert_non_null(s);
    assert_int_equal(enc, WF_ENC_GB18030);
    assert_string_equal(s, utf8);
}

static void test_undecodable_bytes_name_the_line(void **state)
{
    fixture_t *f = *state;
    char *out = NULL, err[256];
    size_t olen = 0;
    wf_encoding_t enc;
    const char bad[] = "a,b\nc,\xFF\xFF\xFF\n";
    assert_int_equal(wf_csv_decode((const uint8_t *)bad, sizeof bad - 1, f->arena, &out, &olen,
                                   &enc, err, NULL, sizeof err),
                     HR_EINVAL);
    assert_non_null(strstr(err, "line 2"));
    const char utf16[] = "\xFF\xFE"
                         "a\0,\0";
    assert_int_equal(wf_csv_decode((const uint8_t *)utf16, sizeof utf16 - 1, f->arena, &out, &olen,
                                   &enc, err, NULL, sizeof err),
                     HR_EINVAL);
}

static void test_csv_quotes_crlf_and_line_numbers(void **state)
{
    fixture_t *f = *state;
    const char *text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",3\r\n\r\n\"two\nlines\",,\r\nlast,1,2";
    size_t n = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 10, &n);
    assert_int_equal(n, 4);
    assert_int_equal(rows[1].line, 2);
    assert_string_equal(rows[1].fields[0], "x, y");
    assert_string_equal(rows[1].fields[1], "say \"hi\"");
    assert_int_equal(rows[2].line, 4); // the blank line 3 is skipped
    assert_string_equal(rows[2].fields[0], "two\nlines");
    assert_int_equal(rows[2].nfields, 3);
    assert_string_equal(rows[2].fields[2], "");
    assert_int_equal(rows[3].line, 6); // the quoted newline took a line
    assert_string_equal(rows[3].fields[2], "2");
}

static void test_csv_limits_and_unclosed_quote(void **state)
{
    fixture_t *f = *state;
    wf_csv_row_t *rows = NULL;
    size_t n = 0;
    char err[256];
    const char *open = "a,b\n\"never closed,2\n";
    assert_int_equal(
        wf_csv_parse(open, strlen(open), f->arena, 10, &rows, &n, err, NULL, sizeof err),
        HR_EINVAL);
    assert_non_null(strstr(err, "line 2"));
    const char *many = "a\nb\nc\n";
    assert_int_equal(
        wf_csv_parse(many, strlen(many), f->arena, 2, &rows, &n, err, NULL, sizeof err), HR_EINVAL);
    char *wide = hr_arena_alloc(f->arena, WF_CSV_MAX_FIELD + 8);
    memset(wide, 'x', WF_CSV_MAX_FIELD + 2);
    assert_int_equal(
        wf_csv_parse(wide, strlen(wide), f->arena, 10, &rows, &n, err, NULL, sizeof err),
        HR_EINVAL);
    char *cols = hr_arena_alloc(f->arena, 2 * WF_CSV_MAX_FIELDS + 8);
    for (int i = 0; i <= WF_CSV_MAX_FIELDS; i++)
        memcpy(cols + 2 * i, "x,", 2);
    assert_int_equal(
        wf_csv_parse(cols, strlen(cols), f->arena, 10, &rows, &n, err, NULL, sizeof err),
        HR_EINVAL);
}

// Parses people CSV text and runs the directory checks against `existing`.
static wf_errors_t s_people(fixture_t *f, const char *text, Hr__Workflow__Person *const *existing,
                            size_t nexisting, wf_person_row_t **rows_out, size_t *n_out)
{
    size_t n = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 100, &n);
    wf_errors_t errs;
    wf_errors_init(&errs, f->arena);
    wf_person_row_t *people = NULL;
    size_t np = 0;
    wf_people_from_csv(rows, n, f->arena, &people, &np, &errs);
    wf_directory_check(people, np, existing, nexisting, NULL, NULL, f->arena, &errs);
    if (rows_out)
        *rows_out = people;
    if (n_out)
        *n_out = np;
    return errs;
}

static const wf_row_error_t *s_err_on(const wf_errors_t *e, uint32_t line, const char *column)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->items[i].line == line && !strcmp(e->items[i].column, column))
            return &e->items[i];
    return NULL;
}

static void test_clean_file_has_no_errors(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,,a@example.com,13800000001\n"
                                 "B,Bob,D1,A,b@example.com,13800000002\n",
                             NULL, 0, NULL, NULL);
    assert_int_equal(e.total, 0);
}

static void test_unknown_manager_is_reported_with_its_line(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,,a@example.com,13800000001\n"
                                 "B,Bob,D1,Z9,b@example.com,13800000002\n",
                             NULL, 0, NULL, NULL);
    const wf_row_error_t *err = s_err_on(&e, 3, "manager_no");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "unknown manager 'Z9'"));
}

static void test_manager_already_in_the_directory_is_known(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person boss = HR__WORKFLOW__PERSON__INIT;
    boss.employee_no = "Z9";
    boss.manager_no = "";
    boss.email = "z@example.com";
    boss.mobile = "13800000009";
    Hr__Workflow__Person *existing[] = {&boss};
    wf_errors_t e =
        s_people(f, HDR "B,Bob,D1,Z9,b@example.com,13800000002\n", existing, 1, NULL, NULL);
    assert_int_equal(e.total, 0);
    // Without contacts, the existing manager is named on the file's row that reports to them.
    boss.mobile = "";
    e = s_people(f, HDR "B,Bob,D1,Z9,b@example.com,13800000002\n", existing, 1, NULL, NULL);
    assert_non_null(s_err_on(&e, 2, "manager_no"));
}

static void test_reporting_loop_names_everyone_in_it(void **state)
{
    fixture_t *f = *state;
    wf_person_row_t *rows = NULL;
    size_t n = 0;
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,C,a@example.com,13800000001\n"
                                 "B,Bob,D1,A,b@example.com,13800000002\n"
                                 "C,Cy,D1,B,c@example.com,13800000003\n"
                                 "D,Di,D1,A,d@example.com,13800000004\n",
                             NULL, 0, &rows, &n);
    for (uint32_t line = 2; line <= 4; line++) {
        const wf_row_error_t *err = s_err_on(&e, line, "manager_no");
        assert_non_null(err);
        assert_non_null(strstr(err->message, "reporting loop"));
        assert_true(rows[line - 2].bad);
    }
    assert_false(rows[3].bad); // D reports into the loop but is not in it
    assert_null(s_err_on(&e, 5, "manager_no"));
}

static void test_duplicate_employee_numbers_name_both_lines(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,,a@example.com,13800000001\n"
                                 "A,Another Ann,D1,,a2@example.com,13800000002\n",
                             NULL, 0, NULL, NULL);
    const wf_row_error_t *err = s_err_on(&e, 3, "employee_no");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "line 2"));
}

static void test_missing_contacts_on_an_escalation_chain(void **state)
{
    fixture_t *f = *state;
    // A manages B but has no mobile; B manages nobody, so B's missing email is fine.
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,,a@example.com,\n"
                                 "B,Bob,D1,A,,13800000002\n",
                             NULL, 0, NULL, NULL);
    const wf_row_error_t *err = s_err_on(&e, 2, "mobile");
    assert_non_null(err);
    assert_non_null(strstr(err->message, "escalation chain"));
    assert_int_equal(e.total, 1);
    // HR is always reachable by escalations.
    e = s_people(f,
                 "employee_no,name,department_id,email,mobile,roles\n"
                 "H,Hana,D1,,,hr_head\n",
                 NULL, 0, NULL, NULL);
    assert_non_null(s_err_on(&e, 2, "email"));
}

static void test_row_values_are_checked_per_column(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e =
        s_people(f,
                 "employee_no,name,department_id,email,mobile,hire_date,monthly_wage,roles,"
                 "contract_type,protected\n"
                 "A,Ann,D1,not-an-email,12,2025-02-30,12k,boss,forever,pregnant:cert;flying\n"
                 ",,,,,,,,,\n",
                 NULL, 0, NULL, NULL);
    const char *cols[] = {"email", "mobile",        "hire_date", "monthly_wage",
                          "roles", "contract_type", "protected"};
    for (size_t i = 0; i < HR_ARRAY_LEN(cols); i++)
        if (!s_err_on(&e, 2, cols[i]))
            fail_msg("no error on line 2 column %s", cols[i]);
    assert_non_null(s_err_on(&e, 3, "employee_no"));
    assert_non_null(s_err_on(&e, 3, "name"));
    assert_non_null(s_err_on(&e, 3, "department_id"));
}

// The identity document's number the certificate states (people.csv id_no, 身份证号码): upper
// case; a resident identity card's check digit checked (GB 11643-1999); never quoted back.
static void test_id_numbers_are_checked_and_never_quoted(void **state)
{
    fixture_t *f = *state;
    wf_person_row_t *rows = NULL;
    size_t n = 0;
    wf_errors_t e = s_people(f,
                             "employee_no,name,department_id,身份证号码\n"
                             "A,Ann,D1,31011519970312051x\n" // lower-case check: X
                             "B,Bob,D1,310115199703120514\n" // 4, not the check 3
                             "C,Cy,D1,E12345678\n"           // a passport's
                             "D,Di,D1,31-0115\n"
                             "E,Ed,D1,\n"
                             "G,Gu,D1,310115199703120513\n",
                             NULL, 0, &rows, &n);
    assert_int_equal(n, 6);
    assert_non_null(s_err_on(&e, 2, "id_no")); // 31011519970312051X has check digit 3
    const wf_row_error_t *bad = s_err_on(&e, 3, "id_no");
    assert_non_null(bad);
    assert_non_null(strstr(bad->message, "check digit"));
    assert_null(strstr(bad->message, "3101"));
    assert_null(s_err_on(&e, 4, "id_no"));
    assert_string_equal(rows[2].person->id_no, "E12345678");
    assert_non_null(s_err_on(&e, 5, "id_no"));
    assert_null(s_err_on(&e, 6, "id_no"));
    assert_string_equal(rows[4].person->id_no, "");
    assert_null(s_err_on(&e, 7, "id_no"));
    assert_string_equal(rows[5].person->id_no, "310115199703120513");
    assert_true(rows[5].has_id_no);
    e = s_people(f, "employee_no,name,department_id,id_no\nA,Ann,D1,11010519491231002x\n", NULL, 0,
                 &rows, &n);
    assert_int_equal(e.total, 0); // the standard's own example, its X in lower case
    assert_string_equal(rows[0].person->id_no, "11010519491231002X");
}

// A name or any other cell holding a control or bidi character is refused, with its line, its
// column and the character named (never quoted); the other rows import, and quoted CR/LF inside
// a cell is no way around it.
static void test_control_and_bidi_characters_are_refused_per_cell(void **state)
{
    fixture_t *f = *state;
    wf_person_row_t *rows = NULL;
    size_t n = 0;
    wf_errors_t e = s_people(f,
                             "employee_no,name,department_id,title\n"
                             "A,Ann,D1,Engineer\n"
                             "B,Cert\x1b]2;CERTPWN\x07,D1,\n"
                             "C,Eve\u202Egnp.exe,D1,\n"
                             "D,\"Two\r\nlines\",D1,\n"
                             "E,Zoë 张三,D1,Head\u2066 of\u2069 QA\n",
                             NULL, 0, &rows, &n);
    assert_int_equal(n, 5);
    assert_false(rows[0].bad);
    const wf_row_error_t *esc = s_err_on(&e, 3, "name");
    assert_non_null(esc);
    assert_non_null(strstr(esc->message, "U+001B (ESC, a control character)"));
    assert_null(strchr(esc->message, '\x1b'));
    assert_true(rows[1].bad);
    // The stored text would have been defanged, were the row taken: nothing raw is left.
    assert_null(strchr(rows[1].person->name, '\x1b'));
    const wf_row_error_t *rlo = s_err_on(&e, 4, "name");
    assert_non_null(rlo);
    assert_non_null(strstr(rlo->message, "U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)"));
    assert_null(strstr(rlo->message, "\u202E"));
    assert_true(rows[2].bad);
    assert_non_null(s_err_on(&e, 5, "name")); // CR inside a quoted cell
    assert_true(rows[3].bad);
    const wf_row_error_t *iso = s_err_on(&e, 7, "title"); // the quoted row spans lines 5-6
    assert_non_null(iso);
    assert_non_null(strstr(iso->message, "U+2066"));
    assert_true(rows[4].bad);
    assert_null(s_err_on(&e, 7, "name")); // Zoë 张三 is a name
    assert_null(s_err_on(&e, 2, "name"));

    // Departments: the same.
    const char *text = "id,name,head_no,parent_id\n"
                       "D1,One,,\n"
                       "D2,Sales\u202E,,\n";
    size_t nc = 0;
    wf_csv_row_t *csv = wf_fixture_csv(f->arena, text, 100, &nc);
    wf_errors_t de;
    wf_errors_init(&de, f->arena);
    wf_dept_row_t *d = NULL;
    size_t nd = 0;
    wf_departments_from_csv(csv, nc, f->arena, &d, &nd, &de);
    assert_int_equal(nd, 2);
    assert_false(d[0].bad);
    assert_true(d[1].bad);
    assert_non_null(s_err_on(&de, 3, "name"));
}

static void test_mobiles_are_stored_in_the_form_notify_sends_to(void **state)
{
    fixture_t *f = *state;
    wf_person_row_t *rows = NULL;
    size_t n = 0;
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,,a@example.com,138-0000-0100\n"
                                 "B,Bob,D1,A,b@example.com,+86 138 0000 0101\n"
                                 "C,Cat,D1,A,c@example.com,0086 13800000102\n"
                                 "D,Dan,D1,A,d@example.com,8613800000103\n"
                                 "E,Eve,D1,A,e@example.com,+852 6123 4567\n",
                             NULL, 0, &rows, &n);
    assert_int_equal(e.total, 0);
    assert_int_equal(n, 5);
    const char *want[] = {"13800000100", "13800000101", "13800000102", "13800000103",
                          "+85261234567"};
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rows[i].person->mobile, want[i]);
}

static void test_contacts_notify_would_refuse_are_refused_with_the_line(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e = s_people(f,
                             HDR "A,Ann,D1,,a@example.com,13800000100\n"
                                 "B,Bob,D1,A,bob@@example.com,13800000101\n"
                                 "C,Cat,D1,A,c(at)@example.com,13800000102\n"
                                 "D,Dan,D1,A,d@example,13800000103\n"
                                 "E,Eve,D1,A,.e@example.com,13800000104\n"
                                 "F,Fay,D1,A,f@example.com,1380000010\n"
                                 "G,Gus,D1,A,g@example.com,138.0000.0106\n",
                             NULL, 0, NULL, NULL);
    for (uint32_t line = 3; line <= 6; line++)
        if (!s_err_on(&e, line, "email"))
            fail_msg("no email error on line %u", line);
    assert_non_null(s_err_on(&e, 7, "mobile"));
    assert_non_null(s_err_on(&e, 8, "mobile"));
    assert_null(s_err_on(&e, 2, "email"));
    assert_int_equal(e.total, 6);
}

static void test_header_problems_stop_the_file(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e = s_people(f, "employee_no,nmae,department_id\nA,Ann,D1\n", NULL, 0, NULL, NULL);
    assert_non_null(s_err_on(&e, 1, "header"));
    assert_non_null(s_err_on(&e, 1, "name"));
    // Chinese headers as Excel users type them are accepted.
    e = s_people(f, "工号,姓名,部门,直属上级,邮箱,手机\nA,Ann,D1,,a@example.com,13800000001\n",
                 NULL, 0, NULL, NULL);
    assert_int_equal(e.total, 0);
}

static void test_department_checks(void **state)
{
    fixture_t *f = *state;
    const char *text = "id,name,head_no,parent_id\n"
                       "D1,One,,D3\n"
                       "D2,Two,,D9\n"
                       "D3,Three,,D1\n"
                       "D2,Two again,,\n";
    size_t n = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 100, &n);
    wf_errors_t e;
    wf_errors_init(&e, f->arena);
    wf_dept_row_t *d = NULL;
    size_t nd = 0;
    wf_departments_from_csv(rows, n, f->arena, &d, &nd, &e);
    wf_departments_check(d, nd, NULL, 0, f->arena, &e);
    assert_non_null(s_err_on(&e, 3, "parent_id")); // unknown D9
    assert_non_null(s_err_on(&e, 5, "id"));        // duplicate
    assert_non_null(s_err_on(&e, 4, "parent_id")); // loop D3 -> D1 -> D3
}

static void test_error_list_is_capped_but_counted(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e;
    wf_errors_init(&e, f->arena);
    for (int i = 0; i < WF_IMPORT_MAX_ERRORS + 10; i++)
        wf_errors_add(&e, f->arena, (uint32_t)i, "x", "problem %d", i);
    assert_int_equal(e.n, WF_IMPORT_MAX_ERRORS);
    assert_int_equal(e.total, WF_IMPORT_MAX_ERRORS + 10);
}

// The union chair or the union committee's contact is a person with role union; several may be.
static void test_the_union_is_a_role(void **state)
{
    fixture_t *f = *state;
    wf_person_row_t *rows = NULL;
    size_t n = 0;
    wf_errors_t e = s_people(f,
                             "employee_no,name,department_id,email,mobile,roles\n"
                             "U1,工会主席,D1,union@example.com,13800000300,union\n"
                             "U2,工会委员,D1,u2@example.com,,employee;union\n",
                             NULL, 0, &rows, &n);
    assert_int_equal(e.total, 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[1].person->roles[1], "union");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_with_and_without_bom),
        cmocka_unit_test(test_the_union_is_a_role),
        cmocka_unit_test(test_gb18030_as_excel_writes_it),
        cmocka_unit_test(test_undecodable_bytes_name_the_line),
        cmocka_unit_test(test_csv_quotes_crlf_and_line_numbers),
        cmocka_unit_test(test_csv_limits_and_unclosed_quote),
        cmocka_unit_test(test_clean_file_has_no_errors),
        cmocka_unit_test(test_unknown_manager_is_reported_with_its_line),
        cmocka_unit_test(test_manager_already_in_the_directory_is_known),
        cmocka_unit_test(test_reporting_loop_names_everyone_in_it),
        cmocka_unit_test(test_duplicate_employee_numbers_name_both_lines),
        cmocka_unit_test(test_missing_contacts_on_an_escalation_chain),
        cmocka_unit_test(test_row_values_are_checked_per_column),
        cmocka_unit_test(test_control_and_bidi_characters_are_refused_per_cell),
        cmocka_unit_test(test_id_numbers_are_checked_and_never_quoted),
        cmocka_unit_test(test_mobiles_are_stored_in_the_form_notify_sends_to),
        cmocka_unit_test(test_contacts_notify_would_refuse_are_refused_with_the_line),
        cmocka_unit_test(test_header_problems_stop_the_file),
        cmocka_unit_test(test_department_checks),
        cmocka_unit_test(test_error_list_is_capped_but_counted),
    };
    return cmocka_run_group_tests_name("unit.workflow.csv", tests, wf_fixture_setup,
                                       wf_fixture_teardown);
}
