/*  unit.workflow.import_zh - every problem a directory import can give, in Chinese: the product
 *  is Chinese first, and the HR person who reads why a roster row was refused reads Chinese.
 *  Each row error (and each warning) carries its whole Chinese sentence beside the English one,
 *  line and column included, the column named as the roster's own Chinese header when it used
 *  one ("第2行：手机“12”格式不正确..."), else by its usual Chinese name ("手机号码"). The notices
 *  of the protected-status changes an import makes read in Chinese the same way. The tables
 *  below hold the exact text of each, so a reviewer reads here what HR will read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define TODAY "2026-11-28"
#define MINIMUM_FEN 274000 // 2740.00 yuan, the shipped config's local minimum monthly wage
#define OPEN_CASE "01JN00000000000000000000ZZ"

typedef wf_fixture_t fixture_t; // an arena for each test

// Departments D1 and D2 exist.
static bool s_dept_known(void *arg, const char *id)
{
    HR_UNUSED(arg);
    return !strcmp(id, "D1") || !strcmp(id, "D2");
}

// arg is the employee number whose case is open (NULL: nobody's).
static const char *s_open_case(void *arg, const char *no)
{
    return arg && !strcmp(arg, no) ? OPEN_CASE : NULL;
}

static bool s_nobody(void *arg, const char *no)
{
    HR_UNUSED(arg);
    HR_UNUSED(no);
    return false;
}

// A people file through every check of the import, in the handler's order, over `existing`;
// `open_no` is the employee of an open case.
static void s_people(fixture_t *f, const char *text, Hr__Workflow__Person *const *existing,
                     size_t nexisting, const char *open_no, wf_errors_t *errs, wf_errors_t *warns)
{
    size_t nrows = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 1000, &nrows);
    wf_errors_init(errs, f->arena);
    wf_person_row_t *people = NULL;
    size_t n = 0;
    wf_people_from_csv(rows, nrows, f->arena, &people, &n, errs);
    wf_errors_init(warns, f->arena);
    wf_errors_labels_copy(warns, errs);
    wf_people_check(people, n, wf_fixture_day(TODAY), MINIMUM_FEN, f->arena, errs, warns);
    wf_directory_contacts(people, n, existing, nexisting, s_open_case, (void *)open_no, f->arena,
                          errs, warns);
    wf_directory_check(people, n, existing, nexisting, s_dept_known, NULL, f->arena, errs);
}

static void s_departments(fixture_t *f, const char *text, wf_errors_t *errs, wf_errors_t *warns)
{
    size_t nrows = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena, text, 100, &nrows);
    wf_errors_init(errs, f->arena);
    wf_dept_row_t *d = NULL;
    size_t nd = 0;
    wf_departments_from_csv(rows, nrows, f->arena, &d, &nd, errs);
    wf_departments_check(d, nd, NULL, 0, f->arena, errs);
    wf_errors_init(warns, f->arena);
    wf_errors_labels_copy(warns, errs);
    wf_departments_heads(d, nd, s_nobody, NULL, f->arena, warns);
}

// The problem on line `line`, column `column` says `zh` in Chinese, and still says `en_part` in
// English (the English message is kept as it was).
static void s_expect(const wf_errors_t *e, uint32_t line, const char *column, const char *zh,
                     const char *en_part)
{
    for (size_t i = 0; i < e->n; i++) {
        const wf_row_error_t *it = &e->items[i];
        if (it->line != line || strcmp(it->column, column) || strcmp(it->message_zh, zh))
            continue;
        if (en_part && !strstr(it->message, en_part))
            fail_msg("line %u %s: English '%s' lacks '%s'", line, column, it->message, en_part);
        return;
    }
    for (size_t i = 0; i < e->n; i++)
        print_message("  have %u %s: %s | %s\n", e->items[i].line, e->items[i].column,
                      e->items[i].message_zh, e->items[i].message);
    fail_msg("no problem on line %u column %s saying\n  %s", line, column, zh);
}

typedef struct {
    const char *csv;    // a people file
    uint32_t line;      // where the problem is
    const char *column; // RowError.column
    const char *zh;     // RowError.message_zh, whole
    const char *en;     // a part of the English message, unchanged
} s_case_t;

#define H "employee_no,name,department_id,manager_no,email,mobile"

// Every refusal of a row's own cells (wf_csv.c), and of the file's header.
static const s_case_t s_cell_cases[] = {
    {"employee_no,nmae,department_id\nA,Ann,D1\n", 1, "header",
     "第1行：表头中的列名“nmae”无法识别：请按使用说明填写列名（拼错的列会让该列数据被悄悄丢弃，所"
     "以整个文件不予导入）",
     "unknown column 'nmae'"},
    {"employee_no,nmae,department_id\nA,Ann,D1\n", 1, "name",
     "第1行：姓名是必填列，表头中没有这一列", "required column is missing"},
    {"工号,姓名,所属部门,手机,mobile\nA,Ann,D1,13800000001,13800000001\n", 1, "mobile",
     "第1行：手机一列出现了两次（表头第4列和第5列是同一列）", "column appears twice"},
    {H "\nA,An\x1bn,D1,,,\n", 2, "name",
     "第2行：姓名含有控制字符 U+001B（第2字节）：不接受控制字符和双向文本控制符（它们会操控显示它的"
     "终端，或打乱打印文件中文字的顺序），请删除后重新导入",
     "holds U+001B (ESC, a control character) at byte 2"},
    {"工号,员工姓名,部门\nA,Ann\u202E,D1\n", 2, "name",
     "第2行：员工姓名含有双向文本控制符 U+202E（第3字节）：不接受控制字符和双向文本控制符（它们会操"
     "控显示它的终端，或打乱打印文件中文字的顺序），请删除后重新导入",
     "U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)"},
    {H "\nA,,D1,,,\n", 2, "name", "第2行：姓名不能为空", "is empty"},
    {H "\n,Ann,D1,,,\n", 2, "employee_no", "第2行：工号不能为空", "is empty"},
    {H "\nA,Ann,,,,\n", 2, "department_id", "第2行：部门不能为空", "is empty"},
    {"员工编号,姓名,部门\nA|1,Ann,D1\n", 2, "employee_no",
     "第2行：员工编号“A|1”含有空格或分隔符（; 或 |）", "holds a space or separator"},
    {H "\nOperator,Ann,D1,,,\n", 2, "employee_no",
     "第2行：工号“Operator”是系统保留的编号：操作员和各服务以此身份操作（operator、workflow、"
     "evidence、analytics、notify、assistant、gateway），请给此人另编工号",
     "is reserved"},
    {H "\n"
       "A12345678901234567890123456789012345678901234567890123456789012345,Ann,D1,,,\n",
     2, "employee_no", "第2行：工号超过64字节的长度上限", "longer than 64 bytes"},
    {H "\nA,Ann,D1,A,a@example.com,13800000001\n", 2, "manager_no",
     "第2行：直属上级不能是本人（员工不能向自己汇报）", "cannot report to themselves"},
    {H "\nA,Ann,D1,,not-an-email,\n", 2, "email",
     "第2行：邮箱“not-an-email”不是有效的电子邮箱地址（如zhang.san@example.com）",
     "is not an email address"},
    {H "\nA,Ann,D1,,,12\n", 2, "mobile",
     "第2行：手机号码“12”格式不正确（应为11位手机号码，如13800000000；境外号码以+和国家代码开头，"
     "共7至15位数字）",
     "'12' is not a mobile number"},
    {"工号,姓名,部门,手机\nA,Ann,D1,1380000000\n", 2, "mobile",
     "第2行：手机“1380000000”格式不正确（应为11位手机号码，如13800000000；境外号码以+和国家代码开"
     "头，共7至15位数字）",
     "is not a mobile number"},
    {"employee_no,name,department_id,入职日期\nA,Ann,D1,2025-02-30\n", 2, "hire_date",
     "第2行：入职日期“2025-02-30”不是有效日期（应为YYYY-MM-DD格式，如2025-03-01）",
     "is not a date YYYY-MM-DD"},
    {"employee_no,name,department_id,contract_end\nA,Ann,D1,31/12/2026\n", 2, "contract_end",
     "第2行：合同结束日期“31/12/2026”不是有效日期（应为YYYY-MM-DD格式，如2025-03-01）",
     "is not a date"},
    {"employee_no,name,department_id,合同类型\nA,Ann,D1,长期\n", 2, "contract_type",
     "第2行：合同类型“长期”无法识别（应为固定期限、无固定期限、以完成一定工作任务为期限或非全日制；"
     "也可写fixed、open_ended、task_based、part_time）",
     "is not fixed, open_ended, task_based or part_time"},
    {"employee_no,name,department_id,退休年龄类别\nA,Ann,D1,male65\n", 2, "retirement_base",
     "第2行：退休年龄类别“male65”无法识别（应为male60、female55或female50，即原法定退休年龄类别：男"
     "职工60岁、女干部55岁、女工人50岁）",
     "is not male60, female55 or female50"},
    {"employee_no,name,department_id,证件号码\nA,Ann,D1,31-0115\n", 2, "id_no",
     "第2行：证件号码不是有效的证件号码（应为6至32位字母或数字）",
     "not an identity document's number"},
    {"employee_no,name,department_id,id_no\nA,Ann,D1,310115199703120514\n", 2, "id_no",
     "第2行：身份证号码校验码不符：按居民身份证号码校验（GB "
     "11643-1999），最后一位与前17位不符，应有"
     "数字录入错误",
     "check digit does not match"},
    {"employee_no,name,department_id,月薪\nA,Ann,D1,12k\n", 2, "monthly_wage",
     "第2行：月薪“12k”不是以元为单位的金额（如13500.00）", "is not an amount in yuan"},
    {"employee_no,name,department_id,average_wage\nA,Ann,D1,0\n", 2, "average_wage",
     "第2行：月平均工资“0”：工资不能为0（不清楚时请留空）", "a monthly wage of 0 is not a wage"},
    {"employee_no,name,department_id,角色\nA,Ann,D1,hr;boss\n", 2, "roles",
     "第2行：角色中的“boss”不是有效角色（可用：hr、hr_"
     "head、legal、manager、employee、union、payroll）",
     "unknown role 'boss'"},
    {"employee_no,name,department_id,language\nA,Ann,D1,fr\n", 2, "language",
     "第2行：语言“fr”无法识别（应为zh或en）", "is not zh or en"},
    {"employee_no,name,department_id,特殊保护\nA,Ann,D1,pregnant:医院证明;flying\n", 2, "protected",
     "第2行：特殊保护中的状态“flying”无法识别（应为hr_law的状态代码，如pregnant、medical_treatment_"
     "period，可写作 状态:来源）",
     "unknown status 'flying'"},
};

static void test_each_cell_refusal_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_cell_cases); i++) {
        const s_case_t *c = &s_cell_cases[i];
        wf_errors_t errs, warns;
        s_people(f, c->csv, NULL, 0, NULL, &errs, &warns);
        s_expect(&errs, c->line, c->column, c->zh, c->en);
    }
}

static void test_a_name_longer_than_allowed_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    char text[WF_SHORT_MAX + 64];
    int off = snprintf(text, sizeof text, "employee_no,name,department_id\nA,");
    memset(text + off, 'n', WF_SHORT_MAX + 1);
    snprintf(text + off + WF_SHORT_MAX + 1, sizeof text - (size_t)off - WF_SHORT_MAX - 1, ",D1\n");
    wf_errors_t errs, warns;
    s_people(f, text, NULL, 0, NULL, &errs, &warns);
    s_expect(&errs, 2, "name", "第2行：姓名超过256字节的长度上限", "longer than 256 bytes");
}

// The contract data that cannot be (wf_people_check), each date column named as the roster did.
static const s_case_t s_contract_cases[] = {
    {"employee_no,name,department_id,hire_date\nA,Ann,D1,2028-01-01\n", 2, "hire_date",
     "第2行：入职日期2028-01-01比今天（2026-11-"
     "28）晚一年以上：是否录入有误？尚未入职的员工最多可提前"
     "366天导入",
     "is more than a year ahead"},
    {"工号,姓名,部门,合同起始日期,合同到期日\nA,Ann,D1,2025-06-01,2025-01-01\n", 2, "contract_end",
     "第2行：合同到期日2025-01-01早于合同起始日期2025-06-01：合同不能在开始之前结束",
     "is before contract_start"},
    {"employee_no,name,department_id,contract_start,probation_end\nA,Ann,D1,2025-06-01,"
     "2025-05-01\n",
     2, "probation_end", "第2行：试用期结束日期2025-05-01早于合同开始日期2025-06-01",
     "is before contract_start"},
    {"工号,姓名,部门,入职时间,试用期截止日期\nA,Ann,D1,2025-06-01,2025-05-01\n", 2, "probation_end",
     "第2行：试用期截止日期2025-05-01早于入职时间2025-06-01", "is before hire_date"},
    {"employee_no,name,department_id,contract_start,contract_end,probation_end\nA,Ann,D1,"
     "2025-06-01,2025-08-31,2025-09-30\n",
     2, "probation_end",
     "第2行：试用期结束日期2025-09-30晚于合同结束日期2025-08-31：试用期包含在劳动合同期限内（《劳动"
     "合同法》第十九条）",
     "is after contract_end"},
    {"employee_no,name,department_id,hire_date,离职日期\nA,Ann,D1,2025-01-01,2024-01-01\n", 2,
     "left_date", "第2行：离职日期2024-01-01早于入职日期2025-01-01", "is before the hire date"},
    {"employee_no,name,department_id,hire_date,birth_date,retirement_base\nA,Ann,D1,2025-01-01,"
     "2025-01-01,male60\n",
     2, "birth_date", "第2行：出生日期2025-01-01不早于入职日期2025-01-01：出生日期须在入职之前",
     "is not before the hire date"},
};

static void test_each_contract_refusal_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_contract_cases); i++) {
        const s_case_t *c = &s_contract_cases[i];
        wf_errors_t errs, warns;
        s_people(f, c->csv, NULL, 0, NULL, &errs, &warns);
        s_expect(&errs, c->line, c->column, c->zh, c->en);
    }
}

// The directory after the import (wf_directory_check, wf_directory_contacts).
static const s_case_t s_directory_cases[] = {
    {H "\nA,Ann,D1,,a@example.com,13800000001\nA,Ann2,D1,,b@example.com,13800000002\n", 3,
     "employee_no", "第3行：工号“A”重复（第2行已有此工号）", "duplicate employee number 'A'"},
    {"工号,姓名,所属部门\nA,Ann,销售部\n", 2, "department_id",
     "第2行：所属部门“销售部”不存在（既不是已导入部门的编号，也不是唯一一个部门的名称）：请先导入部"
     "门，或更正此格",
     "unknown department '销售部'"},
    {H "\nA,Ann,D1,Z9,a@example.com,13800000001\n", 2, "manager_no",
     "第2行：直属上级“Z9”不存在（本文件和现有名册中都没有这个工号）", "unknown manager 'Z9'"},
    {"工号,姓名,部门,汇报对象,邮箱,手机号\nA,Ann,D1,B,a@example.com,13800000001\n"
     "B,Bob,D1,A,b@example.com,13800000002\n",
     3, "manager_no", "第3行：汇报对象形成汇报循环：A -> B -> A（汇报关系不能绕回自己）",
     "reporting loop: A -> B -> A"},
    {H "\nA,Ann,D1,,a@example.com,\nB,Bob,D1,A,b@example.com,13800000002\n", 2, "mobile",
     "第2行：手机号码未填写：A在催办升级链上（有下属，或担任HR），须能通过邮件和短信联系到",
     "mobile missing: A is on an escalation chain"},
    {"工号,姓名,部门,直属上级,电子邮箱,手机\nA,Ann,D1,,,\nB,Bob,D1,A,b@example.com,13800000002\n",
     2, "email",
     "第2行：电子邮箱和手机未填写：A在催办升级链上（有下属，或担任HR），须能通过邮件和短信联系到",
     "email and mobile missing"},
};

static void test_each_directory_refusal_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_directory_cases); i++) {
        const s_case_t *c = &s_directory_cases[i];
        wf_errors_t errs, warns;
        s_people(f, c->csv, NULL, 0, NULL, &errs, &warns);
        s_expect(&errs, c->line, c->column, c->zh, c->en);
    }
}

static void test_a_reporting_line_too_deep_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    // P33 at the top, each next one reporting to the one before, down to P00 on the last line:
    // WF_CHAIN_MAX + 2 levels, walked up from P00 (the first by number) before anyone else.
    int top = WF_CHAIN_MAX + 1;
    char *text = hr_arena_fmt(f->arena, H "\nP%02d,Top,D1,,p@example.com,13800000000\n", top);
    for (int i = top - 1; i >= 0; i--)
        text = hr_arena_fmt(f->arena, "%sP%02d,N%d,D1,P%02d,p%d@example.com,138000001%02d\n", text,
                            i, i, i + 1, i, i);
    wf_errors_t errs, warns;
    s_people(f, text, NULL, 0, NULL, &errs, &warns);
    s_expect(&errs, WF_CHAIN_MAX + 3, "manager_no", "第35行：直属上级所在的汇报链超过32级",
             "reporting line deeper than 32 levels");
}

static void test_a_manager_without_contacts_in_the_directory_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person boss = HR__WORKFLOW__PERSON__INIT;
    boss.employee_no = "Z9";
    boss.manager_no = "";
    boss.email = "z@example.com";
    boss.mobile = "";
    Hr__Workflow__Person *existing[] = {&boss};
    wf_errors_t errs, warns;
    s_people(f, H "\nB,Bob,D1,Z9,b@example.com,13800000002\n", existing, 1, NULL, &errs, &warns);
    s_expect(&errs, 2, "manager_no",
             "第2行：直属上级Z9在现有名册中没有手机号码（催办升级会发给此人）：请在文件中补上此人的"
             "联系方式",
             "manager Z9 has no mobile in the directory");
}

static void test_one_address_two_people_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    const char *text = "工号,姓名,部门,手机号\nA,Ann,D1,13800000001\nB,Bob,D1,138-0000-0001\n";
    wf_errors_t errs, warns;
    // Nobody's case open: a warning on the later row.
    s_people(f, text, NULL, 0, NULL, &errs, &warns);
    s_expect(&warns, 3, "mobile",
             "第3行：手机号13800000001是B（第3行）的，也是A（第2行）的：发给其中一人的消息两人都会"
             "收到，请为每人填写各自的手机号",
             "a message to either reaches both");
    // A's case open: both rows refused.
    s_people(f, text, NULL, 0, "A", &errs, &warns);
    s_expect(&errs, 3, "mobile",
             "第3行：手机号13800000001同时属于B（第3行）和A（第2行），而A是未结案件" OPEN_CASE
             "的员工：该案件的消息会发到另一人那里，请为每人填写各自的手机号",
             "is the employee of open case");
    s_expect(&errs, 2, "mobile",
             "第2行：手机号13800000001同时属于A（第2行）和B（第3行），而A是未结案件" OPEN_CASE
             "的员工：该案件的消息会发到另一人那里，请为每人填写各自的手机号",
             "is the employee of open case");
}

// The warnings the rows import with (wf_people_check, wf_departments_heads).
static void test_each_warning_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    wf_errors_t errs, warns;
    s_people(
        f,
        "工号,姓名,部门,入职日期,合同类型,合同开始日期,合同结束日期,试用期结束日期,月工资,出生日期,"
        "退休年龄类别\n"
        "A,Ann,D1,2026-01-05,固定期限,2026-01-05,2026-12-31,2026-04-30,8000,,\n"
        "B,Bob,D1,2026-01-05,,,,,1500,2012-01-01,\n"
        "C,Cy,D1,2026-01-05,,,,,,,female55\n",
        NULL, 0, NULL, &errs, &warns);
    assert_int_equal(errs.total, 0);
    s_expect(
        &warns, 2, "probation_end",
        "第2行：试用期结束日期：A的试用期自2026-01-05至2026-04-30，共3个月26天；《劳动合同法》第"
        "十九条规定期限三个月以上不满一年的劳动合同试用期最长1个月：超出部分是用人单位违法约定"
        "试用期（第八十三条：以试用期满后的月工资为标准，按已履行的超过法定试用期的期间支付赔偿"
        "金），审查解除时按试用期至2026-02-04判断",
        "LCL Art. 19 allows at most 1 month");
    s_expect(
        &warns, 3, "birth_date",
        "第3行：出生日期2012-01-01：B于2026-01-05入职时未满16周岁（《劳动法》第十五条禁止招用未满"
        "十六周岁的未成年人），请核对日期",
        "was under 16 when hired");
    s_expect(
        &warns, 3, "retirement_base",
        "第3行：退休年龄类别未填写：B有出生日期，但没有退休年龄类别，无法计算《劳动合同法》第四十"
        "二条第五项（临近法定退休年龄），HR审查时须人工确认",
        "has a birth_date but no retirement_base");
    s_expect(
        &warns, 4, "birth_date",
        "第4行：出生日期未填写：C有退休年龄类别，但没有出生日期，无法计算《劳动合同法》第四十二条"
        "第五项（临近法定退休年龄），HR审查时须人工确认",
        "has a retirement_base but no birth_date");
    s_expect(
        &warns, 3, "monthly_wage",
        "第3行：月工资1500.00元（B）低于当地最低月工资标准2740.00元（law/local_minimum_monthly_"
        "wage）：全日制用工低于最低工资属违法（《最低工资规定》第十二条；试用期见《劳动合同法》第"
        "二十条），经济补偿的计算基数按最低工资标准（《劳动合同法实施条例》第二十七条）；请核对"
        "金额",
        "is below the local minimum monthly wage");
    s_expect(
        &warns, 0, "monthly_wage",
        "月工资：有1人没有工资数据（月工资和月平均工资均为空）：C；在导入工资之前，HR审查无法评估"
        "对他们的解除",
        "1 person has no wage");

    s_departments(f, "部门编号,部门名称,部门负责人\nD1,销售部,10O99\n", &errs, &warns);
    s_expect(&warns, 2, "head_no",
             "第2行：部门负责人“10O99”在名册中查无此人：请接着导入有此工号的人员，或更正负责人工号",
             "no person '10O99' in the directory");
}

// The departments file (wf_departments_from_csv, wf_departments_check).
static void test_each_department_refusal_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    wf_errors_t errs, warns;
    s_departments(f,
                  "id,name,head_no,parent_id\n"
                  ",Nameless,,\n"
                  "D2,,,\n"
                  "D3,Three,,D3\n"
                  "D4,Four,,D9\n"
                  "D4,Four again,,\n"
                  "D5,Five,,D6\n"
                  "D6,Six,,D5\n"
                  "D7,Seven\x1b,,\n",
                  &errs, &warns);
    s_expect(&errs, 2, "id", "第2行：部门编号不能为空，且不超过64字节", "must be 1..64 bytes");
    s_expect(&errs, 3, "name", "第3行：部门名称不能为空，且不超过256字节", "must be 1..256 bytes");
    s_expect(&errs, 4, "parent_id", "第4行：上级部门不能是本部门（部门不能以自己为上级）",
             "cannot be its own parent");
    s_expect(&errs, 5, "parent_id", "第5行：上级部门“D9”不存在（本文件和已导入的部门中都没有）",
             "unknown department 'D9'");
    s_expect(&errs, 6, "id", "第6行：部门编号“D4”重复（第5行已有此部门）",
             "duplicate department 'D4' (also on line 5)");
    s_expect(&errs, 7, "parent_id", "第7行：上级部门形成循环：部门“D5”的上级链绕回了自己",
             "department loop through 'D5'");
    s_expect(
        &errs, 9, "name",
        "第9行：部门名称含有控制字符 U+001B（第5字节）：不接受控制字符和双向文本控制符（它们会操控"
        "显示它的终端，或打乱打印文件中文字的顺序），请删除后重新导入",
        "holds U+001B");
    // A roster's own headers name the columns.
    s_departments(f, "部门代码,部门,上级部门编号\nD1,One,D9\n", &errs, &warns);
    s_expect(&errs, 2, "parent_id", "第2行：上级部门编号“D9”不存在（本文件和已导入的部门中都没有）",
             "unknown department 'D9'");
}

// The file as a whole: empty, undecodable, or not CSV the import can split (wf_csv_decode,
// wf_csv_parse): the handler puts err_zh after 文件.
static void test_each_file_refusal_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    wf_errors_t errs, warns;
    s_people(f, "", NULL, 0, NULL, &errs, &warns);
    s_expect(&errs, 0, "file", "文件为空：第一行须为表头", "is empty: a header row is required");

    char err[512], zh[512];
    char *out = NULL;
    size_t olen = 0;
    wf_encoding_t enc;
    static const struct {
        const char *data;
        size_t len;
        const char *zh;
    } decode[] = {
        {"a\0b", 3, "含有空字节（NUL）：不支持UTF-16编码的文件，请另存为UTF-8编码的CSV后重新导入"},
        {"\xEF\xBB\xBF"
         "a\xFF",
         5, "以UTF-8的BOM开头，但内容不是有效的UTF-8编码"},
        {"a\nb\n\x81\x20", 6, "第3行既不是UTF-8编码，也不是GB18030编码（字节偏移4）"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(decode); i++) {
        assert_int_equal(wf_csv_decode((const uint8_t *)decode[i].data, decode[i].len, f->arena,
                                       &out, &olen, &enc, err, zh, sizeof err),
                         HR_EINVAL);
        assert_string_equal(zh, decode[i].zh);
    }
    size_t big = WF_CSV_MAX_BYTES + 1;
    uint8_t *huge = hr_alloc(big);
    assert_int_equal(wf_csv_decode(huge, big, f->arena, &out, &olen, &enc, err, zh, sizeof err),
                     HR_EINVAL);
    hr_free(huge);
    assert_string_equal(zh, "大小为16777217字节，超过上限16777216字节");

    wf_csv_row_t *rows = NULL;
    size_t n = 0;
    const char *open = "a,b\n\"c,d\n";
    assert_int_equal(wf_csv_parse(open, strlen(open), f->arena, 10, &rows, &n, err, zh, sizeof err),
                     HR_EINVAL);
    assert_string_equal(zh, "第2行：带引号的字段缺少结束引号");
    const char *many = "a\nb\nc\n";
    assert_int_equal(wf_csv_parse(many, strlen(many), f->arena, 2, &rows, &n, err, zh, sizeof err),
                     HR_EINVAL);
    assert_string_equal(zh, "第3行：超过2行的上限");
    char *wide = hr_arena_alloc(f->arena, WF_CSV_MAX_FIELD + 8);
    memset(wide, 'x', WF_CSV_MAX_FIELD + 1);
    assert_int_equal(wf_csv_parse(wide, strlen(wide), f->arena, 10, &rows, &n, err, zh, sizeof err),
                     HR_EINVAL);
    assert_string_equal(zh, "第1行：有字段超过4096字节");
    char *quoted = hr_arena_fmt(f->arena, "\"%s\"", wide);
    assert_int_equal(
        wf_csv_parse(quoted, strlen(quoted), f->arena, 10, &rows, &n, err, zh, sizeof err),
        HR_EINVAL);
    assert_string_equal(zh, "第1行：有字段超过4096字节");
    char *cols = hr_arena_alloc(f->arena, 2 * (WF_CSV_MAX_FIELDS + 1) + 2);
    for (int i = 0; i <= WF_CSV_MAX_FIELDS; i++)
        memcpy(cols + 2 * i, "x,", 2);
    assert_int_equal(wf_csv_parse(cols, strlen(cols), f->arena, 10, &rows, &n, err, zh, sizeof err),
                     HR_EINVAL);
    assert_string_equal(zh, "第1行：超过64列");
}

// A cell quoted in part (%.64s) may be cut inside a Chinese character: both texts stay UTF-8
// (a reply's strings must be, for any client to read them).
static void test_a_cell_cut_inside_a_character_stays_utf8(void **state)
{
    fixture_t *f = *state;
    // 22 characters of 3 bytes: quoted as 64 bytes, the 22nd is cut after its first byte (?).
    const char *text = "工号,姓名,部门\nA,Ann,销售部销售部销售部销售部销售部销售部销售部销\n";
    wf_errors_t errs, warns;
    s_people(f, text, NULL, 0, NULL, &errs, &warns);
    s_expect(
        &errs, 2, "department_id",
        "第2行：部门“销售部销售部销售部销售部销售部销售部销售部?”不存在（既不是已导入部门的编号，"
        "也不是唯一一个部门的名称）：请先导入部门，或更正此格",
        "unknown department '销售部销售部销售部销售部销售部销售部销售部?'");
}

// Past the cap, a problem is counted and has no Chinese either; the ones kept keep theirs.
// The notices of the protected-status changes a people import makes (wf_person_status_changes),
// each in Chinese at the index of its English line: changed, added (no source given), removed
// from the employee of an open case, removed.
static void test_each_status_change_notice_reads_in_chinese(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__ProtectedStatus *was[] = {
        wf_fixture_status(f->arena, "medical_treatment_period", "病假证明 2026-10-01"),
        wf_fixture_status(f->arena, "pregnant", "医院证明 2026-11-20"),
    };
    Hr__Workflow__ProtectedStatus *now[] = {
        wf_fixture_status(f->arena, "medical_treatment_period", "病假证明 2026-11-01"),
        wf_fixture_status(f->arena, "nursing_infant", ""),
    };
    Hr__Workflow__Person before = HR__WORKFLOW__PERSON__INIT;
    before.employee_no = "E0114";
    before.protected_statuses = was;
    before.n_protected_statuses = HR_ARRAY_LEN(was);
    Hr__Workflow__Person after = before;
    after.protected_statuses = now;
    after.n_protected_statuses = HR_ARRAY_LEN(now);
    char *en[4] = {0}, *zh[4] = {0};
    assert_int_equal(wf_person_status_changes(&before, &after, OPEN_CASE, f->arena, en, zh, 4), 3);
    assert_string_equal(zh[0],
                        "E0114：特殊保护状态 medical_treatment_period 的依据已变更（病假证明 "
                        "2026-10-01 → 病假证明 2026-11-01）");
    assert_non_null(strstr(en[0], "E0114: protected status medical_treatment_period changed"));
    assert_string_equal(zh[1],
                        "E0114：新增特殊保护状态 nursing_infant（未注明依据）；案件 " OPEN_CASE
                        " 尚未结案：该状态存续期间，《劳动合同法》第四十二条禁止依第四十条、"
                        "第四十一条解除劳动合同——hrctl case show " OPEN_CASE);
    assert_non_null(strstr(en[1], "E0114: protected status nursing_infant added (no source "
                                  "given); case " OPEN_CASE " is open"));
    assert_string_equal(
        zh[2],
        "E0114：已移除特殊保护状态 pregnant（原依据：医院证明 2026-11-20），而案件 " OPEN_CASE
        " 尚未结案：该状态存续期间，《劳动合同法》第四十二条禁止依第四十条、第四十一条解除劳动"
        "合同——请核实该状态确已结束；若案件审核时已考虑该状态，请重新审核案件");
    assert_non_null(strstr(en[2], "removed (was: 医院证明 2026-11-20) while case " OPEN_CASE));
    assert_null(zh[3]);

    assert_int_equal(wf_person_status_changes(&before, &after, "", f->arena, en, zh, 4), 3);
    assert_string_equal(zh[2], "E0114：已移除特殊保护状态 pregnant（原依据：医院证明 2026-11-20）");
    assert_string_equal(en[2],
                        "E0114: protected status pregnant removed (was: 医院证明 2026-11-20)");
    // Counted beyond max, written up to it, in both.
    char *en1[1] = {0}, *zh1[1] = {0};
    assert_int_equal(wf_person_status_changes(&before, &after, "", f->arena, en1, zh1, 1), 3);
    assert_non_null(strstr(zh1[0], "medical_treatment_period 的依据已变更"));
    assert_non_null(strstr(en1[0], "medical_treatment_period changed"));
}

static void test_chinese_follows_only_a_kept_problem(void **state)
{
    fixture_t *f = *state;
    wf_errors_t e;
    wf_errors_init(&e, f->arena);
    for (int i = 0; i < WF_IMPORT_MAX_ERRORS + 2; i++) {
        wf_errors_add(&e, f->arena, (uint32_t)i + 1, "employee_no", "problem %d", i);
        wf_errors_zh(&e, f->arena, "问题%d", i);
    }
    assert_int_equal(e.n, WF_IMPORT_MAX_ERRORS);
    assert_string_equal(e.items[0].message_zh, "第1行：工号问题0");
    assert_string_equal(e.items[WF_IMPORT_MAX_ERRORS - 1].message_zh,
                        hr_arena_fmt(f->arena, "第%d行：工号问题%d", WF_IMPORT_MAX_ERRORS,
                                     WF_IMPORT_MAX_ERRORS - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_each_cell_refusal_reads_in_chinese, wf_fixture_setup,
                                        wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_a_name_longer_than_allowed_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_each_contract_refusal_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_each_directory_refusal_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_a_reporting_line_too_deep_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_manager_without_contacts_in_the_directory_reads_in_chinese, wf_fixture_setup,
            wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_one_address_two_people_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_each_warning_reads_in_chinese, wf_fixture_setup,
                                        wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_each_department_refusal_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_each_file_refusal_reads_in_chinese, wf_fixture_setup,
                                        wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_a_cell_cut_inside_a_character_stays_utf8,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_each_status_change_notice_reads_in_chinese,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_chinese_follows_only_a_kept_problem, wf_fixture_setup,
                                        wf_fixture_teardown),
    };
    return cmocka_run_group_tests_name("unit.workflow.import_zh", tests, NULL, NULL);
}
