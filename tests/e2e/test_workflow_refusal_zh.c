/*  e2e.workflow_refusal_zh - a refusal as a line manager and an HR person read it, through the
 *  real daemon and hrctl: Chinese first, then English, each saying who may do it and with which
 *  command. The English line keeps the error word (edenied, ...) for scripts; no RPC route
 *  ("workflow.OpenCase") stands in front of either.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

// Runs hrctl with args, which must be refused (exit 1); its stderr (owned).
static char *s_refused(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != 1)
        fail_msg("hrctl %s %s: exit %d, wanted 1\n%s%s", args[0], args[1], rc, out ? out : "",
                 err ? err : "");
    hr_free(out);
    return err;
}

// Fails unless err holds the line starting "hrctl: " + zh_start and, on a later line, the line
// starting "hrctl: " + en_start; and no RPC route anywhere. Each part must be in its line.
static void s_zh_then_en(const char *what, const char *err, const char *zh_start,
                         const char *zh_part, const char *en_start, const char *en_part)
{
    char *zh_want = hr_strfmt("hrctl: %s", zh_start);
    char *en_want = hr_strfmt("\nhrctl: %s", en_start);
    const char *zh = strstr(err, zh_want);
    const char *en = strstr(err, en_want);
    if (!zh || !en || zh > en || (zh != err && zh[-1] != '\n'))
        fail_msg("%s: wanted '%s' and then '%s' on lines of their own in:\n%s", what, zh_want,
                 en_want + 1, err);
    const char *zh_end = strchr(zh, '\n');
    if (!strstr(zh, zh_part) || strstr(zh, zh_part) > zh_end)
        fail_msg("%s: the Chinese line lacks '%s':\n%s", what, zh_part, err);
    if (!strstr(en, en_part))
        fail_msg("%s: the English line lacks '%s':\n%s", what, en_part, err);
    if (strstr(err, "workflow."))
        fail_msg("%s: a route name is shown:\n%s", what, err);
    hr_free(zh_want);
    hr_free(en_want);
}

// E0102 manages another team: opening a case for E0117 (E0101's) is refused, naming E0101 and
// the command E0101 runs. The case E0101 opens then is submitted by E0101 alone: HR (E0003) is
// refused, told who submits it; and HR closing it at the request stage is told what comes next.
static void test_refusals_are_chinese_first_with_the_next_step(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-refusal-zh");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    const char *open[] = {"case", "open", "E0117", "A39_1", "--as", "E0102", NULL};
    char *err = s_refused(c, open);
    s_zh_then_en("hrctl case open as E0102", err, "只有员工 E0117 的直属经理（E0101）或 HR",
                 "请由 E0101 发起（hrctl case open E0117 A39_1 --as E0101）",
                 "edenied: employee_no: only the employee's manager or HR may open a case",
                 "hrctl case open E0117 A39_1 --as E0101");
    hr_free(err);

    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    const char *submit[] = {"case", "submit", cs->id, "--as", "E0003", NULL};
    err = s_refused(c, submit);
    char *zh = hr_strfmt("只有案件 %s 的经理 E0101 可以提交申请", cs->id);
    char *cmd = hr_strfmt("hrctl case submit %s --as E0101", cs->id);
    s_zh_then_en("hrctl case submit as E0003", err, zh, cmd, "edenied: case ", cmd);
    hr_free(zh);
    hr_free(err);

    const char *close[] = {"case", "close", cs->id, "--as", "E0003", NULL};
    err = s_refused(c, close);
    zh = hr_strfmt("案件 %s 目前在「", cs->id);
    s_zh_then_en("hrctl case close as E0003", err, zh, "现在不能结案。下一步：由案件经理 E0101",
                 "econflict: case ", cmd);
    wfe_has("hrctl case close as E0003", err, "cannot close the case now");
    hr_free(zh);
    hr_free(cmd);
    hr_free(err);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals_are_chinese_first_with_the_next_step),
    };
    return cmocka_run_group_tests_name("e2e.workflow_refusal_zh", tests, NULL, NULL);
}
