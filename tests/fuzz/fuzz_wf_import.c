/*  fuzz_wf_import - hr-workflow's directory import on arbitrary bytes: encoding detection,
 *  CSV splitting, people rows and the directory checks, and the template parser on the same
 *  bytes.
 *
 *  Whatever the input: either a clean rejection with a message, or rows whose every reported
 *  problem carries a line inside the file; a row marked bad has at least one problem; nothing
 *  crashes, leaks or reads past the input.
 */
#include "fuzz.h"
#include "wf.h"

#include <assert.h>
#include <string.h>

#define S_MAX_ROWS 2000
#define S_TODAY 20784        // 2026-11-27: the contract checks' "today"
#define S_MINIMUM_FEN 274000 // a local minimum monthly wage, so the check below it runs too

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hr_arena_t *arena = hr_arena_new(0);
    char *text = NULL, err[256] = "";
    size_t len = 0;
    wf_encoding_t enc;
    if (wf_csv_decode(data, size, arena, &text, &len, &enc, err, NULL, sizeof err)) {
        assert(err[0]);
        goto out;
    }
    wf_csv_row_t *rows = NULL;
    size_t nrows = 0;
    if (wf_csv_parse(text, len, arena, S_MAX_ROWS, &rows, &nrows, err, NULL, sizeof err)) {
        assert(!strncmp(err, "line ", 5));
        goto tpl;
    }
    uint32_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    wf_errors_t errs;
    wf_errors_init(&errs, arena);
    wf_person_row_t *people = NULL;
    size_t n = 0;
    wf_people_from_csv(rows, nrows, arena, &people, &n, &errs);
    wf_errors_t warns;
    wf_errors_init(&warns, arena);
    wf_people_check(people, n, S_TODAY, S_MINIMUM_FEN, arena, &errs, &warns);
    wf_directory_check(people, n, NULL, 0, NULL, NULL, arena, &errs);
    for (size_t i = 0; i < errs.n; i++)
        assert(errs.items[i].line <= lines && errs.items[i].message);
    for (size_t i = 0; i < warns.n; i++)
        assert(warns.items[i].line <= lines && warns.items[i].message);
    for (size_t i = 0; i < n; i++)
        assert(!people[i].bad || errs.total > 0);
tpl:;
    Hr__Workflow__Template *tpl = NULL;
    char *problems[8];
    size_t nproblems = 0;
    hr_rc_t rc = wf_template_parse(text, len, arena, &tpl, problems, 8, &nproblems);
    assert(rc == HR_OK ? nproblems == 0 : nproblems > 0);
out:
    hr_arena_destroy(&arena);
    return 0;
}
