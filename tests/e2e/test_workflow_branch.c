/*  test_workflow_branch - branches in other cities (workflow.cfg branch/CODE) with real daemons:
 *  a person's contract is performed at their own branch (people.csv branch) or else their
 *  department's, so the Art. 47 cap and the Reg. 27 floor take that branch's figures (LCL 47;
 *  Reg. 14, 27), never the head office's; hrctl health names what a branch lacks and the config
 *  file it goes in.
 */
#define _XOPEN_SOURCE 700 // realpath: the config file as the daemon names it
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#include <stdlib.h>
#include <string.h>

#define SHA_B "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1"
#define SHA_C "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2"

#define PEOPLE_HEADER                                                                              \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"        \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,roles,language\n"

#define PEOPLE_HEADER_BRANCH                                                                       \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"        \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,roles,language,branch\n"

// The A36_EMPLOYER case of employee opened by E0001, the agreement sha attached, submitted, and
// reviewed by E0003 (hr) with the contract ending 2026-12-31: its assessment (and its id in
// *id_out unless NULL).
static const Hr__Workflow__Assessment *s_agreed_id(e2e_t *c, const char *employee, const char *sha,
                                                   hr_arena_t *arena, char **id_out)
{
    Hr__Workflow__Case *cs = wfe_open(c, "E0001", employee, "A36_EMPLOYER", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    if (id_out)
        *id_out = id;
    wfe_attach(c, "E0001", "manager", id, "agreement", sha, arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    wfe_case_do(c, "E0001", "manager", "workflow.SubmitCase", &sub.base, arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    rv.effective_date = "2026-12-31";
    const char *names[] = {"agreement_signed"};
    const char *shas[] = {sha};
    rv.facts = wfe_facts(names, shas, 1, arena);
    rv.n_facts = 1;
    wfe_case_do(c, "E0003", "hr", "workflow.ReviewCase", &rv.base, arena);
    return wfe_get(c, id, arena)->assessment;
}

static const Hr__Workflow__Assessment *s_agreed(e2e_t *c, const char *employee, const char *sha,
                                                hr_arena_t *arena)
{
    return s_agreed_id(c, employee, sha, arena, NULL);
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("%s: no \"%s\" in: %s", what, part, text ? text : "(null)");
}

// Beijing declares its 2025 average (11937) and minimum (2540); Chengdu only its city. B101
// (Beijing, 60000 a month) is capped at 3 x 11937 = 35811.00, the branch recorded; C201
// (Chengdu, 50000) is not capped and told Chengdu's figure is missing - with the head office's
// 2023 figure (12307) in the config, which would cap both. The import holds each person to their
// branch's minimum: B102 (2400 < Beijing's 2540) warned, C202 (2300, below Shanghai's 2740)
// not against Shanghai's. An unknown branch code is refused on its line and column.
static void test_a_branch_persons_review_takes_the_branchs_figures(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-branch");
    e2e_config(c, "workflow", "law/local_minimum_monthly_wage", "2740"); // Shanghai's
    e2e_config(c, "workflow", "branch/BJ/name", "示例科技有限公司北京分公司");
    e2e_config(c, "workflow", "branch/BJ/address", "北京市朝阳区示例路 1 号");
    e2e_config(c, "workflow", "branch/BJ/city", "北京");
    e2e_config(c, "workflow", "branch/BJ/local_average_monthly_wage_2025", "11937");
    e2e_config(c, "workflow", "branch/BJ/local_average_wage_source_2025",
               "北京市 2025 年度（测试）");
    e2e_config(c, "workflow", "branch/BJ/local_minimum_monthly_wage", "2540");
    e2e_config(c, "workflow", "branch/CD/name", "示例科技有限公司成都分公司");
    e2e_config(c, "workflow", "branch/CD/city", "成都");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    Hr__Workflow__ImportReply *rep = wfe_import_departments(c,
                                                            "id,name,head_no,parent_id,branch\n"
                                                            "SZ,深圳分公司,E0001,ADMIN,SZ\n",
                                                            true, arena);
    assert_int_equal(rep->n_errors, 1);
    assert_int_equal(rep->errors[0]->line, 2);
    assert_string_equal(rep->errors[0]->column, "branch");
    s_has("error", rep->errors[0]->message, "'SZ' is no branch workflow.cfg declares (BJ, CD)");
    s_has("error", rep->errors[0]->message_zh, "不是 workflow.cfg 声明的分支机构");
    rep = wfe_import_departments(c,
                                 "id,name,head_no,parent_id,branch\n"
                                 "BJ,北京分公司,E0001,ADMIN,BJ\n"
                                 "BJ-S,北京销售部,E0001,BJ,\n"
                                 "CD,成都分公司,E0001,ADMIN,CD\n",
                                 false, arena);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(rep->imported, 3);

    // A people file refused for its header has no rows: nor does it say each head (here XH's
    // X999) is nobody in the directory.
    rep = wfe_import_departments(c, "id,name,head_no,parent_id\nXH,新部门,X999,ADMIN\n", false,
                                 arena);
    assert_int_equal(rep->n_errors, 0);
    Hr__Workflow__ImportPeopleRequest bad = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    const char *bad_csv = "employee_no,name,department_id,work_city\nX999,某人,XH,北京\n";
    bad.csv.data = (uint8_t *)bad_csv;
    bad.csv.len = strlen(bad_csv);
    bad.dry_run = true;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ImportPeople", &bad.base,
                              &hr__workflow__import_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_errors, 1);
    assert_string_equal(rep->errors[0]->column, "header");
    for (size_t i = 0; i < rep->n_warnings; i++)
        if (strstr(rep->warnings[i]->message, "is nobody in the directory"))
            fail_msg("a refused file warns: %s", rep->warnings[i]->message);

    rep = wfe_import_people(
        c,
        PEOPLE_HEADER
        "B101,北京高薪,BJ-S,E0001,b101@example.com,13900000101,高级工程师,2016-03-01,open_ended,"
        "2016-03-01,,,60000.00,60000.00,employee,zh\n"
        "B102,北京低薪,BJ-S,E0001,b102@example.com,13900000102,助理,2022-03-01,open_ended,"
        "2022-03-01,,,2400.00,2400.00,employee,zh\n"
        "C201,成都高薪,CD,E0001,c201@example.com,13900000201,架构师,2020-03-01,open_ended,"
        "2020-03-01,,,50000.00,50000.00,employee,zh\n"
        "C202,成都员工,CD,E0001,c202@example.com,13900000202,客服专员,2022-03-01,open_ended,"
        "2022-03-01,,,2300.00,2300.00,employee,zh\n",
        arena);
    size_t minimum = 0;
    for (size_t i = 0; i < rep->n_warnings; i++) {
        const Hr__Workflow__RowError *w = rep->warnings[i];
        if (!strstr(w->message, "minimum monthly wage"))
            continue;
        minimum++;
        s_has("warning", w->message, "B102");
        s_has("warning", w->message, "2540.00 (branch/BJ/local_minimum_monthly_wage)");
    }
    assert_int_equal(minimum, 1); // not C202 against Shanghai's 2740

    // Beijing: 10 years 10 months -> 11 months at 3 x 11937.00.
    const Hr__Workflow__Assessment *a = s_agreed(c, "B101", SHA_B, arena);
    assert_true(a->lawful);
    wfe_capped(a, 3581100, 39392100);
    assert_int_equal(a->local_average_wage_fen, 1193700);
    assert_int_equal(a->local_average_year, 2025);
    s_has("source", a->local_average_source, "branch/BJ/local_average_monthly_wage_2025");
    assert_string_equal(a->branch, "BJ");
    assert_string_equal(a->branch_city, "北京");
    assert_null(wfe_finding(a, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED"));

    // Chengdu: no figure of its own - uncapped and said, not Shanghai's 12307 in silence.
    a = s_agreed(c, "C201", SHA_C, arena);
    assert_true(a->lawful);
    assert_false(a->wage_capped);
    assert_int_equal(a->wage_base_fen, 5000000);
    assert_int_equal(a->local_average_wage_fen, 0);
    assert_string_equal(a->branch, "CD");
    assert_string_equal(a->branch_city, "成都");
    wfe_warning(a, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED",
                "branch/CD/local_average_monthly_wage_2025");
    wfe_warning(a, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED", "branch CD (示例科技有限公司成都分公司");
    wfe_warning(a, "MINIMUM_WAGE_NOT_CONFIGURED", "branch/CD/local_minimum_monthly_wage");

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The demo's sales department placed in Beijing (a branch that is its own employer, with its own
// union and template): E0117's letters name the branch's entity and address, the union letter
// goes to the branch's union, and a case its manager opens without naming a template follows
// the branch's; a head office person's case still follows the default.
static void test_letters_and_template_follow_the_branch(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-branch-doc");
    wfe_config_documents(c);
    e2e_config(c, "workflow", "branch/BJ/name", "示例科技有限公司北京分公司");
    e2e_config(c, "workflow", "branch/BJ/address", "北京市朝阳区示例路 1 号");
    e2e_config(c, "workflow", "branch/BJ/city", "北京");
    e2e_config(c, "workflow", "branch/BJ/has_union", "true");
    e2e_config(c, "workflow", "branch/BJ/template", "beijing");
    e2e_config(c, "workflow", "branch/NJ/name", "示例科技有限公司南京分公司");
    e2e_config(c, "workflow", "branch/NJ/address", "南京市鼓楼区示例路 2 号");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena);
    Hr__Workflow__ImportReply *rep = wfe_import_departments(c,
                                                            "id,name,head_no,parent_id,branch\n"
                                                            "SALES,销售部,E0100,,BJ\n",
                                                            false, arena);
    assert_int_equal(rep->n_errors, 0);

    // Beijing has a union (the head office none): the letter goes to it, and the notice waits
    // for it (LCL 43).
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = id;
    req.kind = "union_notice";
    req.language = "zh";
    Hr__Workflow__RenderDocumentReply *doc = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("union letter", doc->text, "示例科技有限公司北京分公司工会：");
    wfe_has("union letter", doc->text, "示例科技有限公司北京分公司（以下简称“本单位”）");
    assert_null(strstr(doc->text, "当地地方总工会"));
    req.kind = "notice";
    const char *msg = NULL;
    assert_int_equal(
        wfe_call_msg(c, "E0003", "hr", "workflow.RenderDocument", &req.base, arena, &msg),
        HR_ECONFLICT);
    wfe_has("notice refused", msg, "UNION_NOT_NOTIFIED");
    // The union the letter goes to is Beijing's (LCL 43): a union person of the head office
    // (which has none here) reads nothing of the case - nor does Beijing's own before it is
    // notified (e2e.workflow_union_branch).
    assert_int_equal(wfe_import_people(c,
                                       "employee_no,name,department_id,manager_no,email,mobile,"
                                       "roles\n"
                                       "E0300,工会主席,ADMIN,E0002,union@example.com,13800000300,"
                                       "union\n",
                                       arena)
                         ->imported,
                     1);
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    assert_int_equal(wfe_call_msg(c, "E0300", "union", "workflow.GetCase", &get.base, arena, &msg),
                     HR_EDENIED);

    // Nanjing: its own entity, the head office's union (none): the notice names the branch.
    rep = wfe_import_departments(c,
                                 "id,name,head_no,parent_id,branch\n"
                                 "SALES,销售部,E0100,,NJ\n",
                                 false, arena);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("notice", doc->text, "入职示例科技有限公司南京分公司");
    wfe_has("notice", doc->text, "示例科技有限公司南京分公司（盖章）");
    wfe_has("notice", doc->text, "南京市鼓楼区示例路 2 号");
    wfe_has("notice", doc->text, "本单位未建立工会");
    // No union where the contract is performed: the union of the directory reads nothing of it.
    assert_int_equal(wfe_call_msg(c, "E0300", "union", "workflow.GetCase", &get.base, arena, &msg),
                     HR_EDENIED);
    assert_null(strstr(doc->text, "上海市浦东新区"));
    rep = wfe_import_departments(c,
                                 "id,name,head_no,parent_id,branch\n"
                                 "SALES,销售部,E0100,,BJ\n",
                                 false, arena);
    assert_int_equal(rep->n_errors, 0);

    // The branch's template is its people's default.
    char *path = hr_test_source_path("deploy/config/template-default.txt");
    char *text = hr_test_read_file(path, NULL);
    assert_non_null(text);
    char *at = strstr(text, "id = default");
    assert_non_null(at);
    char *beijing = hr_arena_fmt(arena, "%.*sid = beijing%s", (int)(at - text), text,
                                 at + strlen("id = default"));
    Hr__Workflow__PutTemplateRequest put = HR__WORKFLOW__PUT_TEMPLATE_REQUEST__INIT;
    put.text = beijing;
    Hr__Workflow__PutTemplateReply *pr = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.PutTemplate", &put.base,
                              &hr__workflow__put_template_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    assert_string_equal(pr->id, "beijing");
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0116", "A40_3", arena);
    assert_non_null(cs);
    assert_string_equal(cs->template_id, "beijing");
    cs = wfe_open(c, "E0004", "E0005", "A40_3", arena);
    assert_non_null(cs);
    assert_string_equal(cs->template_id, "default");
    hr_free(text);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

#define SHA_P "d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3"
#define SHA_Q "e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4e4"

// A person whose contract is performed in another city than their department's: people.csv's
// branch column over the department's. P301 and P302 are both in the demo's SALES (the head
// office, Shanghai: 12307 a month for 2025); P301 is based in Chengdu (branch=CD, 9000 a month
// for 2025): capped at 3 x 9000 = 27000.00, not at 3 x 12307, and the assessment says the branch
// is the person's own. A code the config does not declare is refused on its line and column and
// nothing of the file is written. Wuhan has only 2024's figure: health names it and the key.
static void test_a_persons_own_branch_places_their_contract(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-branch-own");
    e2e_config(c, "workflow", "branch/CD/name", "示例科技有限公司成都分公司");
    e2e_config(c, "workflow", "branch/CD/city", "成都");
    e2e_config(c, "workflow", "branch/CD/local_average_monthly_wage_2025", "9000");
    e2e_config(c, "workflow", "branch/CD/local_average_wage_source_2025",
               "成都市 2025 年度（测试）");
    e2e_config(c, "workflow", "branch/CD/local_minimum_monthly_wage", "2100");
    e2e_config(c, "workflow", "branch/CD/has_union", "false");
    e2e_config(c, "workflow", "branch/WH/name", "示例科技有限公司武汉分公司");
    e2e_config(c, "workflow", "branch/WH/city", "武汉");
    e2e_config(c, "workflow", "branch/WH/local_average_monthly_wage_2024", "8000");
    e2e_config(c, "workflow", "branch/WH/local_minimum_monthly_wage", "2010");
    e2e_config(c, "workflow", "branch/WH/has_union", "false");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // An unknown code: the row's line and the column, Chinese first; the good row is not written.
    Hr__Workflow__ImportPeopleRequest bad = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    const char *bad_csv = PEOPLE_HEADER_BRANCH
        "P301,成都销售,SALES,E0001,p301@example.com,13900000301,销售代表,2016-03-01,open_ended,"
        "2016-03-01,,,50000.00,50000.00,employee,zh,CD\n"
        "P309,深圳销售,SALES,E0001,p309@example.com,13900000309,销售代表,2016-03-01,open_ended,"
        "2016-03-01,,,50000.00,50000.00,employee,zh,SZ\n";
    bad.csv.data = (uint8_t *)bad_csv;
    bad.csv.len = strlen(bad_csv);
    Hr__Workflow__ImportReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ImportPeople", &bad.base,
                              &hr__workflow__import_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_errors, 1);
    assert_int_equal(rep->errors[0]->line, 3);
    assert_string_equal(rep->errors[0]->column, "branch");
    assert_string_equal(rep->errors[0]->column_zh, "分支机构");
    s_has("error", rep->errors[0]->message_zh,
          "第3行：分支机构“SZ”不是 workflow.cfg 声明的分支机构（CD, WH）");
    s_has("error", rep->errors[0]->message, "'SZ' is no branch workflow.cfg declares (CD, WH)");
    assert_int_equal(rep->imported, 0);
    Hr__Workflow__GetPersonRequest get = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    get.employee_no = "P301";
    const char *msg = NULL;
    assert_int_equal(wfe_call_msg(c, "E0003", "hr", "workflow.GetPerson", &get.base, arena, &msg),
                     HR_ENOTFOUND);

    rep = wfe_import_people(
        c,
        PEOPLE_HEADER_BRANCH
        "P301,成都销售,SALES,E0001,p301@example.com,13900000301,销售代表,2016-03-01,open_ended,"
        "2016-03-01,,,50000.00,50000.00,employee,zh,CD\n"
        "P302,上海销售,SALES,E0001,p302@example.com,13900000302,销售代表,2016-03-01,open_ended,"
        "2016-03-01,,,50000.00,50000.00,employee,zh,\n",
        arena);
    assert_int_equal(rep->imported, 2);

    // Chengdu's figure: 10 years 10 months -> 11 months at 3 x 9000.00.
    char *id = NULL;
    const Hr__Workflow__Assessment *a = s_agreed_id(c, "P301", SHA_P, arena, &id);
    assert_true(a->lawful);
    wfe_capped(a, 2700000, 29700000);
    assert_int_equal(a->local_average_wage_fen, 900000);
    s_has("source", a->local_average_source, "branch/CD/local_average_monthly_wage_2025");
    assert_string_equal(a->branch, "CD");
    assert_string_equal(a->branch_city, "成都");
    assert_string_equal(a->branch_source, "person");
    // Their colleague in the same department: the head office's (Shanghai) figure.
    const Hr__Workflow__Assessment *b = s_agreed(c, "P302", SHA_Q, arena);
    wfe_capped(b, 3692100, 40613100);
    assert_string_equal(b->branch, "");
    assert_string_equal(b->branch_source, "department");

    // hrctl case show says which branch and that it was the person's own.
    char *out = NULL, *err = NULL;
    const char *show[] = {"case", "show", id, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    s_has("hrctl case show", out, "branch: CD 示例科技有限公司成都分公司 (成都), the person's own");
    hr_free(out);
    hr_free(err);

    // Health: Wuhan lacks 2025's figure (it has 2024's); Chengdu lacks nothing.
    const char *health[] = {"health", NULL};
    e2e_hrctl(c, &out, &err, health); // exit 1: the other daemons are not running
    s_has("hrctl health", out, "workflow: 分支机构 WH 缺少审查所需的配置");
    s_has("hrctl health", out,
          "branch WH lacks what its people's reviews need: "
          "branch/WH/local_average_monthly_wage_2025 (the newest it has is "
          "2024's");
    assert_null(strstr(out, "branch CD lacks"));
    assert_null(strstr(out, "branch/WH/local_minimum_monthly_wage"));
    // It names the config file hr-workflow was started with, where the figure goes.
    char *dir = realpath(e2e_config_dir(c), NULL);
    assert_non_null(dir);
    char *want = hr_strfmt("请在 %s/workflow.cfg 的 branch/WH 中补充后重启 hr-workflow", dir);
    s_has("hrctl health", out, want);
    hr_free(want);
    want = hr_strfmt("set them in the branch/WH section of %s/workflow.cfg and restart", dir);
    s_has("hrctl health", out, want);
    hr_free(want);
    free(dir); // from realpath
    hr_free(out);
    hr_free(err);
    const char *health_json[] = {"health", "--json", NULL};
    e2e_hrctl(c, &out, &err, health_json);
    s_has("hrctl health --json", out, "\"branches_missing\"");
    s_has("hrctl health --json", out, "\"branch\": \"WH\"");
    s_has("hrctl health --json", out, "\"branch/WH/local_average_monthly_wage_2025\"");
    s_has("hrctl health --json", out, "\"local_average_newest\": 2024");
    assert_null(strstr(out, "\"branch\": \"CD\""));
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_branch_persons_review_takes_the_branchs_figures),
        cmocka_unit_test(test_letters_and_template_follow_the_branch),
        cmocka_unit_test(test_a_persons_own_branch_places_their_contract),
    };
    return cmocka_run_group_tests_name("e2e.workflow.branch", tests, NULL, NULL);
}
