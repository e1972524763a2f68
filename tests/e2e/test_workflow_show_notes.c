/*  e2e.workflow_show_notes - case show names each attached record by its note and its file.
 *
 *  E0110's A40_2 case (manager E0101) with two assessment_result records attached by hrctl with
 *  the notes "第一次考核 Q2 不合格" and "第二次考核 Q3 不合格": case show printed their kind, id
 *  and uploader only, so HR could not tell the first assessment (LCL 40(2)) from the second. Each
 *  record's note and original file name are printed under it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <czmq.h>

#include "hr_test.h"
#include "workflow_util.h"

// Puts a new file name (text) into hr-evidence for the case (the operator, as the test of the
// unattached record does), then the manager attaches it with note.
static void s_attach(e2e_t *c, const char *id, const char *name, const char *text, const char *kind,
                     const char *note)
{
    char *file = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(file, text, strlen(text)), 0);
    const char *put[] = {"evidence", "put", file, "--case", id, "--kind", kind, NULL};
    char *out = NULL, *err = NULL;
    if (e2e_hrctl(c, &out, &err, put))
        fail_msg("hrctl evidence put %s: %s%s", name, out, err);
    char rec[65];
    snprintf(rec, sizeof rec, "%.64s", out);
    hr_free(out);
    hr_free(err);
    // At once, though the case opened just now: hr-evidence reads the workflow's log before it
    // answers for a case it has not learnt of (e2e.workflow_attach, test_attach_right_after_open).
    const char *att[] = {"case", "attach", id, rec, "--note", note, "--as", "E0101", NULL};
    out = err = NULL;
    if (e2e_hrctl(c, &out, &err, att))
        fail_msg("hrctl case attach %s: %s%s", name, out, err);
    hr_free(out);
    hr_free(err);
    hr_free(file);
}

static void test_case_show_names_each_record(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-show-notes");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(cs);
    s_attach(c, cs->id, "q2.txt", "考核 Q2 王磊 不合格\n", "assessment_result",
             "第一次考核 Q2 不合格");
    s_attach(c, cs->id, "q3.txt", "考核 Q3 王磊 不合格\n", "assessment_result",
             "第二次考核 Q3 不合格");

    const char *show[] = {"case", "show", cs->id, "--as", "E0003", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    const char *first = strstr(out, "备注 / note: 第一次考核 Q2 不合格");
    const char *second = strstr(out, "备注 / note: 第二次考核 Q3 不合格");
    if (!first || !second || !strstr(out, "文件 / file: q2.txt") ||
        !strstr(out, "文件 / file: q3.txt"))
        fail_msg("case show: the notes and file names are not all there:\n%s", out);
    // Each under its own record: the first note before the second record's line.
    assert_true(strstr(out, "文件 / file: q2.txt") < second);
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_show_names_each_record),
    };
    return cmocka_run_group_tests_name("e2e.workflow_show_notes", tests, NULL, NULL);
}
