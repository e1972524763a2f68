/*  unit.analytics.zh - hr-analytics' refusals in Chinese, beside the English kept as it was:
 *  an HR person in China reads the Chinese first (Status.message_zh). The facts, warnings,
 *  withdrawal and import refusals are worded where the values are known (the ctx's why_zh, the
 *  handlers send it with hr_call_fail_zh); each names the same field and value as the English
 *  and, where there is one, the next step (which hrctl command). The exact texts below are what
 *  HR reads. The handlers' own refusals (who may call, a metrics window) are in
 *  e2e.analytics_refusal_zh; .ci/checksrc refuses a plain hr_call_fail in services/analytics.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

#define ZH_MAX 768

// GetFacts from..to about emp, which must be refused with want: the English (f->why) and the
// Chinese into zh.
static void s_facts_refused(fixture_t *f, const char *emp, const char *from, const char *to,
                            hr_rc_t want, char *zh)
{
    an_query_ctx_t ctx = {.tz_offset_min = 480,
                          .default_shift = {9 * 60, 18 * 60},
                          .rules = an_rules_default(),
                          .calendar = f->cal,
                          .why_zh = zh,
                          .why_zh_len = ZH_MAX};
    Hr__Analytics__GetFactsRequest req = HR__ANALYTICS__GET_FACTS_REQUEST__INIT;
    req.employee_no = (char *)emp;
    req.from = (char *)from;
    req.to = (char *)to;
    Hr__Analytics__GetFactsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__get_facts_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    zh[0] = f->why[0] = '\0';
    assert_int_equal(an_facts_query(txn, &ctx, &req, f->arena, rep, f->why, sizeof f->why), want);
    hr_txn_abort(&txn);
}

// A withdrawal of ref for reason, which must be refused with want: English in f->why, Chinese
// into zh.
static void s_withdraw_refused(fixture_t *f, const char *ref, const char *reason, hr_rc_t want,
                               char *zh)
{
    Hr__Analytics__WithdrawImportReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__withdraw_import_reply__init(rep);
    an_withdraw_ctx_t ctx = {.tz_offset_min = 480,
                             .now_ms = HR_TEST_T0_MS,
                             .msg_id = "w",
                             .actor = "E0003",
                             .why_zh = zh,
                             .why_zh_len = ZH_MAX};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    zh[0] = f->why[0] = '\0';
    assert_int_equal(an_withdraw(txn, &ctx, ref, reason, f->arena, rep, f->why, sizeof f->why),
                     want);
    if (want)
        hr_txn_abort(&txn);
    else
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// A file that must be refused as a whole (want): its English and Chinese.
static void s_import_refused(fixture_t *f, Hr__Analytics__FeedKind kind, const char *name,
                             const char *text, hr_rc_t want, char *why, char *zh)
{
    an_import_ctx_t ctx = {.tz_offset_min = 480,
                           .now_ms = HR_TEST_T0_MS,
                           .msg_id = "m",
                           .why_zh = zh,
                           .why_zh_len = ZH_MAX};
    Hr__Analytics__ImportFeedReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__import_feed_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    zh[0] = why[0] = '\0';
    assert_int_equal(
        an_import(txn, &ctx, kind, "generic", name, text, strlen(text), f->arena, rep, why, 512),
        want);
    hr_txn_abort(&txn);
}

// The facts' refusals: a date that is none, a person not in the people feed (what to import),
// a reversed and a too long window - each in Chinese with the value, the English as before.
static void test_facts_refusals_are_said_in_chinese(void **state)
{
    fixture_t *f = *state;
    char zh[ZH_MAX];
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nE0117,D1\n", HR_OK);
    s_facts_refused(f, "E0117", "2026-13-01", "2026-11-30", HR_EINVAL, zh);
    assert_string_equal(f->why, "from: '2026-13-01' is not a date (there is no month 13)");
    assert_string_equal(zh, "开始日期（--from）“2026-13-01”不是有效日期：没有 13 月。");
    s_facts_refused(f, "E0117", "2026-11-01", "2026-02-30", HR_EINVAL, zh);
    assert_string_equal(zh, "结束日期（--to）“2026-02-30”不是有效日期：2026 年 2 月没有 30 日。");
    s_facts_refused(f, "E0999", "2026-11-01", "2026-11-30", HR_ENOTFOUND, zh);
    assert_string_equal(f->why, "employee_no: E0999 is not in the people feed");
    assert_string_equal(zh, "人员数据中没有工号 E0999：请核对工号；新员工请先导入人员数据（hrctl "
                            "import pins FILE）。只知道考勤号时可用 hrctl facts --pin 查询。");
    s_facts_refused(f, "E0117", "2026-11-30", "2026-11-01", HR_EINVAL, zh);
    assert_string_equal(f->why, "to: 2026-11-01 is before from 2026-11-30: the dates are reversed");
    assert_string_equal(zh, "结束日期 2026-11-01 早于开始日期 2026-11-30：--from 和 --to "
                            "写反了，请对调后重试。");
    s_facts_refused(f, "E0117", "2024-01-01", "2026-11-30", HR_EINVAL, zh);
    assert_non_null(strstr(zh, "2024-01-01 至 2026-11-30 共 1065 天，一次最多查询 366 天"));
    s_facts_refused(f, "", "2026-11-01", "2026-11-30", HR_EINVAL, zh);
    assert_string_equal(f->why, "employee_no: missing (or give pin)");
    assert_non_null(strstr(zh, "hrctl facts --pin 考勤号"));
}

// The warnings' window, in Chinese with an example.
static void test_warnings_refusals_are_said_in_chinese(void **state)
{
    fixture_t *f = *state;
    char zh[ZH_MAX] = "";
    an_query_ctx_t ctx = {.tz_offset_min = 480,
                          .rules = an_rules_default(),
                          .calendar = f->cal,
                          .why_zh = zh,
                          .why_zh_len = sizeof zh};
    Hr__Analytics__ListWarningsRequest req = HR__ANALYTICS__LIST_WARNINGS_REQUEST__INIT;
    req.from = "2026/11/01";
    req.to = "2026-11-30";
    Hr__Analytics__ListWarningsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__list_warnings_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_warnings_query(txn, &ctx, &req, f->arena, rep, f->why, sizeof f->why),
                     HR_EINVAL);
    hr_txn_abort(&txn);
    assert_string_equal(f->why, "from, to: YYYY-MM-DD");
    assert_string_equal(zh, "开始日期和结束日期（--from、--to）都要写成 YYYY-MM-DD，例如 --from "
                            "2026-11-01 --to 2026-11-30。");
}

// A withdrawal without a reason, of an import that is none, and of one withdrawn already: each
// in Chinese, naming the import and what to do.
static void test_withdraw_refusals_are_said_in_chinese(void **state)
{
    fixture_t *f = *state;
    char zh[ZH_MAX];
    s_import(f, PEOPLE, "generic", "people.csv", "employee_no,department\nE0117,D1\n", HR_OK);
    s_withdraw_refused(f, "1", " ", HR_EINVAL, zh);
    assert_string_equal(zh, "撤回原因（--reason）不能为空：请写明为什么撤回该文件（原因会与文件一起"
                            "保存，供审计）。");
    s_withdraw_refused(f, "99", "wrong file", HR_ENOTFOUND, zh);
    assert_string_equal(f->why, "file: no import number 99 (hrctl import list shows them)");
    assert_string_equal(zh, "没有第 99 次导入：可用 hrctl import list 查看各次导入的编号。");
    s_withdraw_refused(f, "abc", "wrong file", HR_EINVAL, zh);
    assert_non_null(strstr(zh, "“abc”既不是文件编号（64 位十六进制数字），也不是导入的编号"));
    s_withdraw_refused(f, "1", "wrong file", HR_OK, zh);
    s_withdraw_refused(f, "1", "again", HR_ECONFLICT, zh);
    assert_non_null(strstr(zh,
                           "第 1 次导入（people.csv）已于 2025-03-03（UTC）由 E0003 撤回，原因："
                           "wrong file。无需再次撤回。"));
}

// A file without the columns a feed needs is refused whole, in Chinese naming the line, the
// column and every name it goes by; a KPI file lacking a KPI column says what needs it.
static void test_an_import_s_header_is_refused_in_chinese(void **state)
{
    fixture_t *f = *state;
    char why[512], zh[ZH_MAX];
    s_import_refused(f, ATT, "att.csv", "姓名,打卡时间\n张三,2026-11-02 08:55\n", HR_EINVAL, why,
                     zh);
    assert_non_null(strstr(why, "line 1: header: no column 'pin' (pin, user_id"));
    assert_string_equal(zh,
                        "第1行表头：缺少“pin”列（可写作：pin、user_id、userid、考勤号、考勤号码、"
                        "人员编号、ac_no、badgenumber），也没有“employee_no”列。未导入任何数据："
                        "请改正表头后重新导入。");
    s_import_refused(f, PERF, "kpi.csv", "employee_no,period,metric,target\nE1,2026-11,visits,40\n",
                     HR_EINVAL, why, zh);
    assert_non_null(strstr(why, "): KPI rows need it"));
    assert_non_null(strstr(zh, "第1行表头：缺少“actual”列（可写作：actual"));
    assert_non_null(strstr(zh, "：KPI 数据需要这一列。请补上这一列后重新导入。"));
    // The same bytes withdrawn and sent again.
    const char *people = "employee_no,department\nE0117,D1\n";
    s_import(f, PEOPLE, "generic", "people.csv", people, HR_OK);
    s_withdraw_refused(f, "1", "wrong file", HR_OK, zh);
    s_import_refused(f, PEOPLE, "people2.csv", people, HR_ECONFLICT, why, zh);
    assert_non_null(strstr(zh, "已作为第 1 次导入（people.csv）导入过，并已于 2025-03-03（UTC）由 "
                               "E0003 撤回：撤回的文件不会再次导入"));
}

// an_zh cuts a long text at a whole character (it stays UTF-8), and does nothing without a
// buffer (the English-only callers: tests, the withdrawal's replay).
static void test_an_zh_cuts_at_a_whole_character(void **state)
{
    HR_UNUSED(state);
    char zh[8];
    an_zh(zh, sizeof zh, "%s", "人员数据中没有"); // 3 bytes each: 2 fit in 7
    assert_string_equal(zh, "人员");
    an_zh(NULL, 0, "%s", "x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_facts_refusals_are_said_in_chinese, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_warnings_refusals_are_said_in_chinese, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_withdraw_refusals_are_said_in_chinese, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_import_s_header_is_refused_in_chinese, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_an_zh_cuts_at_a_whole_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
