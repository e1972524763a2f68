/*  e2e.workflow_unattached_hint - a record stored under a case but not attached to it is named,
 *  with the command that attaches it, where the manager meets it.
 *
 *  E0110's A40_2 case (manager E0101). `hrctl evidence put FILE --case ID --kind
 *  performance_report` stores the record in hr-evidence under the case: stdout stays the id alone,
 *  stderr says (Chinese, then English) that it is not attached and gives `hrctl case attach ID
 *  EVIDENCE_ID`. The manager's submission is then refused for missing evidence, and hrctl names
 *  that record with the same command; once attached, it is named no more.
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

static void test_a_stored_record_not_attached_is_named(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-unattached");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(cs);

    char *file = hr_strfmt("%s/perf1.txt", e2e_dir(c));
    assert_int_equal(hr_test_write_file(file, "考核1 王磊 不合格\n", strlen("考核1 王磊 不合格\n")),
                     0);
    const char *put[] = {"evidence",           "put", file, "--case", cs->id, "--kind",
                         "performance_report", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, put), 0);
    assert_int_equal(strlen(out), 65); // the id alone, as scripts read it
    char rec[65];
    snprintf(rec, sizeof rec, "%.64s", out);
    char *attach = hr_strfmt("hrctl case attach %s %s", cs->id, rec);
    wfe_has("evidence put stderr", err, "尚未附入该案件");
    wfe_has("evidence put stderr", err, "not attached to it");
    wfe_has("evidence put stderr", err, attach);
    hr_free(out);
    hr_free(err);

    // The manager reads the case's records once hr-evidence has learnt the case from the log.
    const char *list[] = {"evidence", "list", "--case", cs->id, "--as", "E0101", NULL};
    bool listed = false;
    for (int i = 0; i < 100 && !listed; i++) {
        out = err = NULL;
        listed = !e2e_hrctl(c, &out, &err, list) && strstr(out, rec);
        hr_free(out);
        hr_free(err);
        if (!listed)
            zclock_sleep(100);
    }
    assert_true(listed);

    const char *submit[] = {"case", "submit", cs->id, "--as", "E0101", NULL};
    out = err = NULL;
    assert_int_not_equal(e2e_hrctl(c, &out, &err, submit), 0);
    wfe_has("case submit", out, "MISSING_EVIDENCE");
    wfe_has("case submit", out, "尚未附入案件");
    wfe_has("case submit", out, "not attached to it");
    wfe_has("case submit", out, hr_arena_fmt(arena, "%s    # performance_report", attach));
    hr_free(out);
    hr_free(err);

    // Attached, it is named no more (what is still missing is).
    const char *att[] = {"case", "attach", cs->id, rec, "--as", "E0101", NULL};
    out = err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, att), 0);
    hr_free(out);
    hr_free(err);
    out = err = NULL;
    assert_int_not_equal(e2e_hrctl(c, &out, &err, submit), 0);
    wfe_has("case submit after attach", out, "MISSING_EVIDENCE");
    assert_null(strstr(out, attach));
    hr_free(out);
    hr_free(err);

    hr_free(attach);
    hr_free(file);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_stored_record_not_attached_is_named),
    };
    return cmocka_run_group_tests_name("e2e.workflow_unattached_hint", tests, NULL, NULL);
}
