/*  e2e.analytics_refusal_zh - hr-analytics' refusals as an HR person reads them through the
 *  real daemon and hrctl: the Chinese line first (Status.message_zh), naming the same field and
 *  value and, where there is one, the next step; then the English line as it always was, with
 *  its error word for scripts. A sample of every kind: who may call, a facts window, a metrics
 *  department, facts about nobody, a file without its header, a withdrawal of no import, a
 *  quarantine file id. unit.analytics.zh holds the exact texts of the facts, warnings,
 *  withdrawal and import refusals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an_e2e.h"
#include "hr_test.h"

// Fails unless err has a line "hrctl ...: " + zh part and, on a later line, the English part.
static void s_zh_then_en(const char *what, const char *err, const char *zh, const char *en)
{
    const char *z = strstr(err, zh);
    const char *e = strstr(err, en);
    if (!z || !e || z > e)
        fail_msg("%s: wanted '%s' and then '%s' in:\n%s", what, zh, en, err);
    const char *line = z;
    while (line > err && line[-1] != '\n')
        line--;
    if (strncmp(line, "hrctl", 5) || strchr(line, '\n') > e)
        fail_msg("%s: the Chinese is not a line of its own before the English:\n%s", what, err);
}

static void test_refusals_are_chinese_first(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_start("an-zh", ANE_CALENDAR);
    json_decref(ane_import_text(c, "pins", "people.csv", "employee_no,pin,department\nE1,1,D1\n"));

    char *err = ane_err(
        c, 1,
        (const char *[]){"facts", "E0999", "--from", "2026-11-01", "--to", "2026-11-30", NULL});
    s_zh_then_en("facts E0999", err,
                 "人员数据中没有工号 E0999：请核对工号；新员工请先导入人员数据（hrctl import pins "
                 "FILE）。",
                 "employee_no: E0999 is not in the people feed");
    hr_free(err);

    err = ane_err(
        c, 2, (const char *[]){"facts", "E1", "--from", "2026-11-30", "--to", "2026-11-01", NULL});
    s_zh_then_en(
        "facts reversed", err,
        "结束日期 2026-11-01 早于开始日期 2026-11-30：--from 和 --to 写反了，请对调后重试。",
        "to: 2026-11-01 is before from 2026-11-30: the dates are reversed");
    hr_free(err);

    err = ane_err(c, 1, (const char *[]){"metrics", "--department", "销售部", NULL});
    s_zh_then_en("metrics --department", err,
                 "人员数据和 workflow 的案件中都没有部门“销售部”：请填写部门编号而不是部门名称"
                 "（已知的部门编号：D1）。",
                 "department: no department '销售部' in the people feed or the workflow's cases");
    hr_free(err);

    // Without a workflow peer nobody's roles are known: only the operator.
    err = ane_err(c, 1,
                  (const char *[]){"facts", "E1", "--from", "2026-11-01", "--to", "2026-11-30",
                                   "--as", "E0003", "--role", "hr", NULL});
    s_zh_then_en(
        "facts --as E0003", err,
        "E0003：hr-analytics 没有配置 workflow 对端（peers/workflow），无从得知任何人的角色"
        "，只有操作员（hrctl）可以使用。",
        "actor: E0003: without a workflow peer (peers/workflow) hr-analytics knows "
        "nobody's roles");
    hr_free(err);

    char *path = ane_write(c, "att.csv", "姓名,打卡时间\n张三,2026-11-02 08:55\n");
    err = ane_err(c, 2, (const char *[]){"import", "attendance", path, NULL});
    s_zh_then_en("import attendance", err, "第1行表头：缺少“pin”列（可写作：pin、user_id",
                 "line 1: header: no column 'pin' (pin, user_id");
    assert_non_null(strstr(err, "未导入任何数据：请改正表头后重新导入。"));
    hr_free(err);
    hr_free(path);

    err = ane_err(c, 1, (const char *[]){"import", "withdraw", "99", "--reason", "wrong", NULL});
    s_zh_then_en("import withdraw 99", err,
                 "没有第 99 次导入：可用 hrctl import list 查看各次导入的编号。",
                 "file: no import number 99 (hrctl import list shows them)");
    hr_free(err);

    err = ane_err(c, 2, (const char *[]){"quarantine", "--file-id", "xyz", NULL});
    s_zh_then_en("quarantine --file-id", err, "文件编号（--file-id）应为 64 位十六进制数字",
                 "file_id: not 64 hex digits");
    hr_free(err);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals_are_chinese_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
