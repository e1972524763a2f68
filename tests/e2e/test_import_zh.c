/*  e2e.import_zh - a Chinese HR user imports the roster and reads, in Chinese, why a row was
 *  refused: the real hr-workflow and hrctl.
 *
 *  A roster with Chinese headers whose line 12 holds a mobile number of 10 digits is refused
 *  whole; hrctl prints `roster.csv: 第12行：手机号码“...”格式不正确（应为11位手机号码...）`
 *  (the column as the roster named it), then the English line scripts grep, and the summary in
 *  both (`人员导入：共11行数据...`). --json carries message_zh and column_zh beside message.
 *  The problems only the daemon can find read in Chinese too: a department given by its name,
 *  a department head nobody has, the HR head chosen among two, a file neither UTF-8 nor GB18030,
 *  more problems than are listed; and the warnings and the summary of a dry run and of an
 *  import with --skip-bad. The notices too: a case whose employee the file moves or whose wage it
 *  changes, a person it leaves out, a protected status it adds, each with its Chinese first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define S_MAX_ERRORS 500 // the problems a reply lists (hr-workflow's WF_IMPORT_MAX_ERRORS)
#define S_HEADER "工号,姓名,部门,直属上级,邮箱,手机号码,角色,特殊保护,月工资\n"

// Writes text (len bytes) to name in the test's directory: the path (owned).
static char *s_file(e2e_t *c, const char *name, const char *text, size_t len)
{
    char *path = hr_strfmt("%s/%s", e2e_config_dir(c), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

// The roster: 11 new people on lines 2..12 under E0100 in SALES; E0901 in 销售部 (SALES's
// name) holding hr_head beside the demo's E0002, E0902 pregnant, and on line 12 E0911's mobile
// of 10 digits.
static char *s_roster(void)
{
    char *text = hr_strdup(S_HEADER);
    for (int i = 1; i <= 11; i++) {
        char mobile[16];
        snprintf(mobile, sizeof mobile, i == 11 ? "1380000012" : "139000009%02d", i);
        char *row = hr_strfmt("E09%02d,新员工%d,%s,E0100,e09%02d@example.com,%s,%s,%s,12000.00\n",
                              i, i, i == 1 ? "销售部" : "SALES", i, mobile, i == 1 ? "hr_head" : "",
                              i == 2 ? "pregnant:医院证明 2026-11-20" : "");
        char *more = hr_strfmt("%s%s", text, row);
        hr_free(row);
        hr_free(text);
        text = more;
    }
    return text;
}

static void test_a_chinese_hr_user_reads_why_a_row_was_refused(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("import_zh");
    assert_non_null(c);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;

    // A department whose head nobody is yet: warned, in Chinese under the roster's header.
    const char *dept = "部门编号,部门名称,负责人工号\nXC,新部门,10O99\n";
    char *dpath = s_file(c, "departments.csv", dept, strlen(dept));
    const char *dimp[] = {"import", "departments", dpath, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, dimp), 0);
    char *want = hr_strfmt("警告：%s: 第2行：负责人工号“10O99”在名册中查无此人：请接着导入有此工号"
                           "的人员，或更正负责人工号\n",
                           dpath);
    wfe_has("import departments", out, want);
    hr_free(want);
    wfe_has("import departments", out,
            "部门导入：共1行数据（编码utf-8），导入1行，跳过0行，错误0处\n");
    wfe_has("import departments", out, "departments: 1 rows (utf-8), 1 imported, 0 skipped");
    hr_free(out);
    hr_free(err);

    char *text = s_roster();
    char *path = s_file(c, "roster.csv", text, strlen(text));
    const char *imp[] = {"import", "people", path, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, imp), 1);
    want = hr_strfmt("%s: 第12行：手机号码“1380000012”格式不正确（应为11位手机号码，如"
                     "13800000000；境外号码以+和国家代码开头，共7至15位数字）\n",
                     path);
    wfe_has("import people", out, want);
    hr_free(want);
    want = hr_strfmt("%s:12: mobile: '1380000012' is not a mobile number\n", path);
    wfe_has("import people", out, want); // the English line as it was
    hr_free(want);
    want = hr_strfmt("警告：%s: 第2行：部门“销售部”按名称读作部门SALES（名称为此的部门）\n", path);
    wfe_has("import people", out, want);
    hr_free(want);
    want = hr_strfmt("警告：%s: 部门负责人：部门XC的负责人“10O99”在名册中查无此人：请导入此人，或"
                     "更正departments.csv后重新导入\n",
                     path);
    wfe_has("import people", out, want);
    hr_free(want);
    wfe_has("import people", out,
            "人员导入：共11行数据（编码utf-8），导入0行，跳过0行，错误1处（未导入任何数据：请修正文"
            "件，或使用 --skip-bad 只导入无误的行）\n");
    wfe_has("import people", out,
            "people: 11 rows (utf-8), 0 imported, 0 skipped, 1 errors (nothing imported: fix the "
            "file or use --skip-bad)\n");
    hr_free(out);
    hr_free(err);

    // --json: each problem with its Chinese beside the English.
    const char *json[] = {"import", "people", path, "--json", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, json), 1);
    wfe_has("import people --json", out, "\"column_zh\": \"手机号码\"");
    wfe_has("import people --json", out,
            "\"message_zh\": \"第12行：手机号码“1380000012”格式不正确（应为11位手机号码");
    wfe_has("import people --json", out, "\"message\": \"'1380000012' is not a mobile number\"");
    hr_free(out);
    hr_free(err);

    // A dry run with --skip-bad: the protected status it would add, and nothing written.
    const char *dry[] = {"import", "people", path, "--skip-bad", "--dry-run", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, dry), 1);
    wfe_has("import people --dry-run", out,
            "人员导入：特殊保护状态变更1项（见上方通知）；试运行，未作任何变更\n");
    wfe_has(
        "import people --dry-run", out,
        "人员导入：共11行数据（编码utf-8），导入0行，跳过0行，错误1处（试运行：未写入任何数据）\n");
    wfe_has("import people --dry-run", out, "1 errors (dry run: nothing written)\n");
    hr_free(out);
    hr_free(err);

    // With --skip-bad: the good rows go in, and the HR head chosen among two is said in Chinese.
    const char *skip[] = {"import", "people", path, "--skip-bad", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, skip), 1);
    wfe_has("import people --skip-bad", out,
            "人员导入：共11行数据（编码utf-8），导入10行，跳过1行，错误1处\n");
    wfe_has("import people --skip-bad", out, "people: 11 rows (utf-8), 10 imported, 1 skipped");
    want =
        hr_strfmt("警告：%s: 角色：有2名在职人员担任hr_head（E0002, E0901）：HR负责人定为工号排第"
                  "一的E0002；请在workflow.cfg的roles/hr_head中指定一人\n",
                  path);
    wfe_has("import people --skip-bad", out, want);
    hr_free(want);
    hr_free(out);
    hr_free(err);

    // A file neither UTF-8 nor GB18030: refused whole, naming the line.
    const char bad[] = "工号,姓名,部门\nE0950,\xFF\xFF,SALES\n";
    char *bpath = s_file(c, "bad.csv", bad, sizeof bad - 1);
    const char *bimp[] = {"import", "people", bpath, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, bimp), 1);
    want = hr_strfmt("%s: 文件第2行既不是UTF-8编码，也不是GB18030编码（字节偏移", bpath);
    wfe_has("import people bad.csv", out, want);
    hr_free(want);
    hr_free(out);
    hr_free(err);

    // More problems than the reply lists: the rest counted, in Chinese too.
    size_t rows = S_MAX_ERRORS + 10;
    char *many = hr_strdup("工号,姓名,部门\n");
    for (size_t i = 0; i < rows; i++) {
        char *more = hr_strfmt("%sX%04zu,,SALES\n", many, i);
        hr_free(many);
        many = more;
    }
    char *mpath = s_file(c, "many.csv", many, strlen(many));
    const char *mimp[] = {"import", "people", mpath, "--dry-run", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, mimp), 1);
    want = hr_strfmt("%s: 第2行：姓名不能为空\n", mpath);
    wfe_has("import people many.csv", out, want);
    hr_free(want);
    want = hr_strfmt("%s: 另有10处问题未列出\n%s: 10 more problems not listed\n", mpath, mpath);
    wfe_has("import people many.csv", out, want);
    hr_free(want);
    hr_free(out);
    hr_free(err);

    hr_free(many);
    hr_free(mpath);
    hr_free(bpath);
    hr_free(text);
    hr_free(path);
    hr_free(dpath);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// E0117's row under the roster's own headers (入职时间, 月薪): another manager (E0102), a new
// monthly wage and a medical period, while E0117 has an open case with E0101.
#define S_MOVED                                                                                                                         \
    "工号,姓名,部门,直属上级,邮箱,手机号码,入职时间,合同类型,合同开始,合同结束,试用期结束,月薪," \
    "月平均工资,特殊保护\n"                                                                                                    \
    "E0117,吴昊,SALES,E0102,wu.hao@example.com,13800000117,2026-10-26,fixed,2026-10-26,"                                              \
    "2029-10-25,2027-04-25,19000.00,18000.00,medical_treatment_period:病假证明 2026-11-20\n"

// The import's notices - the case whose employee it moves, the case whose figures it changes,
// the person it leaves out, the status it adds - each in Chinese first, then the English line.
static void test_a_chinese_hr_user_reads_the_notices_in_chinese(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("import_zh_notices");
    assert_non_null(c);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A40_2", arena);
    assert_non_null(cs);
    char *path = s_file(c, "moved.csv", S_MOVED, strlen(S_MOVED));
    char *out = NULL, *err = NULL;
    const char *dry[] = {"import", "people", path, "--dry-run", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, dry), 0);
    const char *want[] = {
        hr_arena_fmt(arena,
                     "通知：案件 %s（未结）：本文件更改了 E0117 的月薪；案件的评估仍按作出时的数据"
                     "（hrctl case show %s）；请按新数据重新审核\n"
                     "notice: case %s (open): the file changes E0117's monthly_wage; the case's "
                     "assessment keeps what it was made with (hrctl case show %s); review it "
                     "again for the new figures\n",
                     cs->id, cs->id, cs->id, cs->id),
        hr_arena_fmt(arena,
                     "通知：案件 %s：E0117 的直属上级现为 E0102（原为 E0101）；在 HR 转交之前，案件"
                     "仍由 E0101 负责：hrctl case reassign %s --manager E0102 --reason 理由\n"
                     "notice: case %s: E0117 now reports to E0102 (was E0101); the case stays "
                     "with E0101 until HR reassigns it: hrctl case reassign %s --manager E0102 "
                     "--reason TEXT\n",
                     cs->id, cs->id, cs->id, cs->id),
        "通知：人员名册中有1人不在本文件中，保持不变（不会删除任何人；离职人员请填写离职日期后导入"
        "）：E0101\n"
        "notice: 1 people in the directory are not in this file and stay as they are (nobody is "
        "deleted; someone who left is imported with left_date): E0101\n",
        // The addition names the open case, at whatever step it is.
        hr_arena_fmt(arena,
                     "通知：E0117：新增特殊保护状态 medical_treatment_period（病假证明 2026-11-20）"
                     "；案件 %s 尚未结案：该状态存续期间，《劳动合同法》第四十二条禁止依第四十条、"
                     "第四十一条解除劳动合同——hrctl case show %s\n"
                     "notice: E0117: protected status medical_treatment_period added (病假证明 "
                     "2026-11-20); case %s is open: LCL Art. 42 bars dismissal under Art. 40 and "
                     "41 while it lasts - hrctl case show %s\n",
                     cs->id, cs->id, cs->id, cs->id),
        "人员导入：特殊保护状态变更1项（见上方通知）；试运行，未作任何变更\n",
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(want); i++)
        wfe_has("import people --dry-run", out, want[i]);
    hr_free(out);
    hr_free(err);

    // --json: notices_zh beside notices, index for index.
    const char *json[] = {"import", "people", path, "--dry-run", "--json", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, json), 0);
    wfe_has("import people --json", out, "\"notices_zh\": [");
    wfe_has("import people --json", out,
            "\"E0117：新增特殊保护状态 medical_treatment_period（病假证明 2026-11-20）；案件 ");
    hr_free(out);
    hr_free(err);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_chinese_hr_user_reads_why_a_row_was_refused),
        cmocka_unit_test(test_a_chinese_hr_user_reads_the_notices_in_chinese),
    };
    return cmocka_run_group_tests_name("e2e.import_zh", tests, NULL, NULL);
}
