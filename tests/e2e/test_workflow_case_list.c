/*  e2e.workflow_case_list - `hrctl case list` for a director (review 2026-11-29).
 *
 *  The list is never cut silently: ListCases says a page was cut (more), hrctl case list says how
 *  many were left out and how to see them (--after ID, --limit N). Open cases come first, the
 *  most urgent first, the rest newest first. Each row names who the case waits on (the shown
 *  step's owner, id and name), its due time and whether it is overdue; --overdue and --owner
 *  filter; an A44_EXPIRY row keeps its columns in line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#include <jansson.h>

// hrctl with args as `as` (NULL: the operator): exit code; out and err hr_free.
static int s_hrctl(e2e_t *c, const char *as, char **out, char **err, const char *const *args)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = hr_test_bin_path("hrctl");
    for (size_t i = 0; args[i] && n < 26; i++)
        argv[n++] = (char *)args[i];
    if (as) {
        argv[n++] = "--as";
        argv[n++] = (char *)as;
    }
    argv[n++] = "--config-dir";
    argv[n++] = (char *)e2e_config_dir(c);
    argv[n] = NULL;
    int rc = e2e_run(argv, out, err);
    hr_free(argv[0]);
    fprintf(stderr, "hrctl exit %d\nstdout: %s\nstderr: %s\n", rc, *out, *err);
    return rc;
}

// The line of text holding part (a copy in arena), failing when there is none.
static char *s_line(const char *text, const char *part, hr_arena_t *arena)
{
    const char *at = strstr(text, part);
    if (!at)
        fail_msg("no line with '%s' in:\n%s", part, text);
    const char *from = at;
    while (from > text && from[-1] != '\n')
        from--;
    const char *to = strchr(at, '\n');
    return hr_arena_fmt(arena, "%.*s", (int)(to ? to - from : (long)strlen(from)), from);
}

// Where word starts in line, in terminal columns (Chinese characters count two).
static size_t s_column(const char *line, const char *word)
{
    const char *at = strstr(line, word);
    assert_non_null(at);
    size_t col = 0;
    for (const char *p = line; p < at;) {
        unsigned char b = (unsigned char)*p;
        size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        col += len == 3 ? 2 : 1;
        p += len;
    }
    return col;
}

static void test_the_list_says_what_it_cut_and_who_each_case_waits_on(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_case_list");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_int_equal(wfe_clock_to_day(c, "2026-11-30", 10, arena), 0);
    // A withdrawn case (oldest), an open A40_2 case of E0101, an open expiry of E0202.
    Hr__Workflow__Case *gone = wfe_open(c, "E0101", "E0110", "A39_1", arena);
    assert_non_null(gone);
    Hr__Workflow__WithdrawCaseRequest wr = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wr.case_id = gone->id;
    wr.reason = "e2e";
    wfe_case_do(c, "E0101", "manager", "workflow.WithdrawCase", &wr.base, arena);
    Hr__Workflow__Case *a = wfe_open(c, "E0101", "E0111", "A39_1", arena);
    assert_non_null(a);
    char *out = NULL, *err = NULL;
    const char *const expiry[] = {"case", "open", "E0225", "A44_EXPIRY", NULL};
    assert_int_equal(s_hrctl(c, "E0202", &out, &err, expiry), 0);
    hr_free(out);
    hr_free(err);

    // The server says a page was cut, and not when it was not.
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *list = NULL;
    lr.max = 2;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_cases, 2);
    assert_true(list->more);
    lr.max = 3;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_cases, 3);
    assert_false(list->more);
    // Who the open case waits on: the request's owner, the manager, by number and name.
    const Hr__Workflow__CaseSummary *sa = list->cases[1];
    assert_string_equal(sa->id, a->id);
    assert_string_equal(sa->step_owner_no, "E0101");
    assert_true(*sa->step_owner_name);
    assert_false(sa->overdue);

    // hrctl: open cases first (the earliest due first), the withdrawn one last; a cut said.
    const char *const cut[] = {"case", "list", "--limit", "2", NULL};
    assert_int_equal(s_hrctl(c, NULL, &out, &err, cut), 0);
    wfe_has("case list --limit 2", out,
            "-- cut: 3 cases, 2 shown, 1 more: hrctl case list --after ");
    wfe_has("case list --limit 2", out, "列表已截断");
    if (strstr(out, gone->id))
        fail_msg("the withdrawn case is listed before the open ones:\n%s", out);
    char *header = s_line(out, "CASE ", arena);
    char *row = s_line(out, "A44_EXPIRY", arena);
    // The columns after GROUND stay in line with the header: A44_EXPIRY does not shift the row.
    assert_int_equal(s_column(row, "request"), s_column(header, "STEP"));
    // Who it waits on: the owner's number and name under OWNER and OWNER NAME.
    assert_int_equal(s_column(row, "request            E0202") + 19, s_column(header, "OWNER "));
    assert_int_equal(s_column(row, "郭丽"), s_column(header, "OWNER NAME"));
    assert_int_equal(s_column(s_line(out, a->id, arena), "刘强"), s_column(header, "OWNER NAME"));
    const char *after = strstr(out, "--after ") + strlen("--after ");
    char *last = hr_arena_fmt(arena, "%.26s", after);
    hr_free(err);
    const char *const rest[] = {"case", "list", "--after", last, NULL};
    char *out2 = NULL;
    assert_int_equal(s_hrctl(c, NULL, &out2, &err, rest), 0);
    wfe_has("case list --after", out2, gone->id);
    if (strstr(out2, "-- cut"))
        fail_msg("case list --after: nothing more was cut:\n%s", out2);
    hr_free(out2);
    hr_free(err);
    hr_free(out);
    const char *const bad[] = {"case", "list", "--after", "x", NULL};
    assert_int_not_equal(s_hrctl(c, NULL, &out, &err, bad), 0);
    wfe_has("case list --after x", err, "--after: 'x' is not a case id");
    hr_free(out);
    hr_free(err);

    // Past the request's deadline both are overdue; --owner picks the one E0202 owes.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-20", 10, arena), 0);
    const char *const late[] = {"case", "list", "--overdue", "--owner", "E0202", "--json", NULL};
    assert_int_equal(s_hrctl(c, NULL, &out, &err, late), 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    assert_non_null(j);
    json_t *cases = json_object_get(j, "cases");
    assert_int_equal(json_array_size(cases), 1);
    json_t *one = json_array_get(cases, 0);
    assert_string_equal(json_string_value(json_object_get(one, "step_owner_no")), "E0202");
    assert_true(json_is_true(json_object_get(one, "overdue")));
    assert_string_equal(json_string_value(json_object_get(one, "ground")), "A44_EXPIRY");
    json_decref(j);
    hr_free(out);
    hr_free(err);
    const char *const text[] = {"case", "list", "--overdue", NULL};
    assert_int_equal(s_hrctl(c, NULL, &out, &err, text), 0);
    wfe_has("case list --overdue", s_line(out, a->id, arena), " yes ");
    if (strstr(out, gone->id))
        fail_msg("case list --overdue lists the withdrawn case:\n%s", out);
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_list_says_what_it_cut_and_who_each_case_waits_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
