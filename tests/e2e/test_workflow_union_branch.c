/*  e2e.workflow_union_branch - each branch's union reads its own people's cases (LCL 43),
 *  through the real daemon, in the demo company on 2026-12-01.
 *
 *  Sales is placed in Beijing and R&D in Nanjing, each branch with its own union
 *  (branch/CODE/has_union); the head office has one too (law/has_union). Beijing's union chair
 *  (E0301, in Sales), Nanjing's (E0302, in R&D) and the head office's (E0300, in Admin) are in
 *  the directory with role union. E0117's A39_1 case (Sales: Beijing's union) waits for HR's
 *  review, its union not notified; E0210's A39_2 case (R&D: Nanjing's) has its notice recorded.
 *  Nanjing's chair alone is mailed the notice, lists and reads that case; Beijing's and the head
 *  office's neither list nor read it, and are refused it as they are refused a case that does not
 *  exist (the same words, Chinese first). Beijing's chair reads E0117's case only once HR
 *  records Beijing's union's notice, and then lists it alone.
 *  hrctl health (and sys.Status, and the people import's warnings) names each union with nobody
 *  in the directory to tell - the head office's with the branches it stands for, a branch's own -
 *  until someone of it is imported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

static const char *const S_SHA[4] = {
    "1111111111111111111111111111111111111111111111111111111111111111",
    "2222222222222222222222222222222222222222222222222222222222222222",
    "3333333333333333333333333333333333333333333333333333333333333333",
    "4444444444444444444444444444444444444444444444444444444444444444"}; // the union's receipt

#define S_UNION_CSV                                                                                \
    "employee_no,name,department_id,manager_no,email,mobile,roles\n"                               \
    "E0300,总部工会主席,ADMIN,E0002,union@example.com,13800000300,union\n"                   \
    "E0301,北京分公司工会主席,SALES,E0100,union.bj@example.com,13800000301,union\n"       \
    "E0302,南京分公司工会主席,RND,E0200,union.nj@example.com,13800000302,union\n"

// HR records the union's notice of case id (LCL 43) on 2026-12-01, its receipt S_SHA[3]
// attached first.
static void s_notified(e2e_t *c, const char *id, hr_arena_t *arena)
{
    wfe_attach(c, "E0002", "hr,hr_head", id, "union_notice", S_SHA[3], arena);
    Hr__Workflow__RecordUnionRequest req = HR__WORKFLOW__RECORD_UNION_REQUEST__INIT;
    req.case_id = (char *)id;
    req.what = "notice";
    req.date = "2026-12-01";
    req.evidence_id = (char *)S_SHA[3];
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.RecordUnion", &req.base, arena);
    assert_true(rep->accepted);
    if (rep->n_problems)
        fail_msg("%s: %s", rep->problems[0]->code, rep->problems[0]->message_en);
}

// The case ids the union person `user` lists, " ID ID" in order (arena); each row the union's.
static char *s_listed(e2e_t *c, const char *user, hr_arena_t *arena)
{
    Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *rep = NULL;
    assert_int_equal(wfe_call(c, user, "union", "workflow.ListCases", &req.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    char *ids = "";
    for (size_t i = 0; i < rep->n_cases; i++) {
        assert_true(rep->cases[i]->union_view);
        ids = hr_arena_fmt(arena, "%s %s", ids, rep->cases[i]->id);
    }
    return ids;
}

// user (role union) reads case id as the union.
static void s_reads(e2e_t *c, const char *user, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = (char *)id;
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = wfe_call(c, user, "union", "workflow.GetCase", &get.base,
                          &hr__workflow__case_reply__descriptor, arena, (void **)&rep);
    if (rc)
        fail_msg("%s reading %s: %s", user, id, hr_rc_name(rc));
    assert_true(rep->case_->union_view);
    assert_string_equal(rep->case_->id, id);
    assert_string_equal(rep->case_->union_record->notice_date, "2026-12-01");
}

// user (role union) is refused case id with the union's refusal, which names the case and says
// nothing of whether it exists.
static void s_refused(e2e_t *c, const char *user, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = (char *)id;
    wfe_refused_zh(
        c, user, "union", "workflow.GetCase", &get.base, &hr__workflow__case_reply__descriptor,
        arena, HR_EDENIED,
        hr_arena_fmt(arena,
                     "case_id: case %s is not one you may see: the union's people read "
                     "the cases their own union (their department's branch's) was "
                     "notified of",
                     id),
        hr_arena_fmt(arena, "案件 %s 不在你可查看的案件中：工会人员只能查看本工会已收到通知的案件",
                     id));
}

static void test_each_branchs_union_reads_its_own_notified_cases(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_union_branch");
    e2e_config(c, "workflow", "law/has_union", "true");
    e2e_config(c, "workflow", "branch/BJ/name", "示例科技有限公司北京分公司");
    e2e_config(c, "workflow", "branch/BJ/city", "北京");
    e2e_config(c, "workflow", "branch/BJ/has_union", "true");
    e2e_config(c, "workflow", "branch/NJ/name", "示例科技有限公司南京分公司");
    e2e_config(c, "workflow", "branch/NJ/city", "南京");
    e2e_config(c, "workflow", "branch/NJ/has_union", "true");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ImportReply *imp = wfe_import_departments(c,
                                                            "id,name,head_no,parent_id,branch\n"
                                                            "ADMIN,综合管理部,E0001,,\n"
                                                            "SALES,销售部,E0100,,BJ\n"
                                                            "RND,产品研发部,E0200,,NJ\n",
                                                            false, arena);
    assert_int_equal(imp->n_errors, 0);
    assert_int_equal(wfe_import_people(c, S_UNION_CSV, arena)->imported, 3);

    // Beijing: E0117's case at HR's review, its union not notified yet.
    char *bj = wfe_a39_1_submitted(c, S_SHA, arena);
    // Nanjing: E0210's case, its union notified - and told, its chair alone.
    Hr__Workflow__Case *cs = wfe_open(c, "E0201", "E0210", "A39_2", arena);
    assert_non_null(cs);
    char *nj = hr_arena_strdup(arena, cs->id);
    s_notified(c, nj, arena);
    char *told = wfe_told(c, nj, "union_notice", false, arena);
    assert_true(wfe_told_to(told, "E0302"));
    assert_false(wfe_told_to(told, "E0301"));
    assert_false(wfe_told_to(told, "E0300"));

    // Nanjing's chair lists and reads Nanjing's case; Beijing's and the head office's neither.
    assert_string_equal(s_listed(c, "E0302", arena), hr_arena_fmt(arena, " %s", nj));
    s_reads(c, "E0302", nj, arena);
    assert_string_equal(s_listed(c, "E0301", arena), "");
    assert_string_equal(s_listed(c, "E0300", arena), "");
    s_refused(c, "E0301", nj, arena);
    s_refused(c, "E0300", nj, arena);
    // Beijing's own case, before its union was notified: refused as a case that does not exist.
    s_refused(c, "E0301", bj, arena);
    s_refused(c, "E0301", "01JZZZZZZZZZZZZZZZZZZZZZZZ", arena);
    s_refused(c, "E0302", bj, arena);

    // HR records Beijing's union's notice: its chair reads and lists it, alone; Nanjing's chair
    // still lists only Nanjing's, the head office's nothing.
    s_notified(c, bj, arena);
    told = wfe_told(c, bj, "union_notice", false, arena);
    assert_true(wfe_told_to(told, "E0301"));
    assert_false(wfe_told_to(told, "E0302"));
    s_reads(c, "E0301", bj, arena);
    assert_string_equal(s_listed(c, "E0301", arena), hr_arena_fmt(arena, " %s", bj));
    assert_string_equal(s_listed(c, "E0302", arena), hr_arena_fmt(arena, " %s", nj));
    assert_string_equal(s_listed(c, "E0300", arena), "");
    s_refused(c, "E0302", bj, arena);
    s_refused(c, "E0300", bj, arena);
    // HR lists both, as before.
    Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.ListCases", &req.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_cases, 2);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// hrctl health's output, text or --json (arena); exit 1 as the other daemons are not running.
static char *s_health(e2e_t *c, bool json, hr_arena_t *arena)
{
    const char *text[] = {"health", NULL}, *as_json[] = {"health", "--json", NULL};
    char *out = NULL, *err = NULL;
    e2e_hrctl(c, &out, &err, json ? as_json : text);
    hr_free(err);
    assert_non_null(out);
    char *copy = hr_arena_strdup(arena, out);
    hr_free(out);
    return copy;
}

// The people import's warnings (field roles) naming key, counted.
static size_t s_warned(const Hr__Workflow__ImportReply *rep, const char *key)
{
    size_t n = 0;
    for (size_t i = 0; i < rep->n_warnings; i++)
        n += !strcmp(rep->warnings[i]->column, "roles") && strstr(rep->warnings[i]->message, key) &&
             strstr(rep->warnings[i]->message_zh, key);
    return n;
}

// hrctl health names each union (LCL 43) whose notices would reach nobody, as wf_branch_union
// decides who is notified: the head office's - for its own people and Chengdu's, which leaves
// has_union unset (no "has_union unset" lack: the head office's union stands for it) - and
// Beijing's and Nanjing's own; each goes once someone of it is in the directory. The people
// import warns of the same unions, and sys.Status carries one line each.
static void test_health_names_each_union_with_nobody_to_tell(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_union_branch_health");
    e2e_config(c, "workflow", "law/has_union", "true");
    e2e_config(c, "workflow", "branch/BJ/has_union", "true");
    e2e_config(c, "workflow", "branch/NJ/has_union", "true");
    e2e_config(c, "workflow", "branch/CD/city", "成都");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ImportReply *imp = wfe_import_departments(c,
                                                            "id,name,head_no,parent_id,branch\n"
                                                            "ADMIN,综合管理部,E0001,,\n"
                                                            "SALES,销售部,E0100,,BJ\n"
                                                            "RND,产品研发部,E0200,,NJ\n",
                                                            false, arena);
    assert_int_equal(imp->n_errors, 0);

    // Nobody with role union: the head office's union (Chengdu's too), Beijing's, Nanjing's.
    const char *v = e2e_status_extra(c, "workflow", "union_nobody", arena);
    assert_non_null(v);
    assert_string_equal(v, "law/has_union branches=CD");
    char *out = s_health(c, false, arena);
    wfe_has("hrctl health", out,
            "workflow: the head office's union (law/has_union) has nobody active with role union");
    wfe_has("hrctl health", out, "nor for branches CD (has_union unset");
    wfe_has("hrctl health", out, "总部工会（law/has_union，也代表分支机构 CD）");
    wfe_has("hrctl health", out,
            "workflow: branch BJ's own union (branch/BJ/has_union) has nobody");
    wfe_has("hrctl health", out,
            "workflow: branch NJ's own union (branch/NJ/has_union) has nobody");
    // Chengdu lacks its figures, not a union: the head office's stands for it.
    wfe_has("hrctl health", out, "branch/CD/local_minimum_monthly_wage");
    assert_null(strstr(out, "branch/CD/has_union"));

    // The head office's chair alone: Beijing's and Nanjing's unions still reach nobody.
    imp = wfe_import_people(c,
                            "employee_no,name,department_id,manager_no,email,mobile,roles\n"
                            "E0300,总部工会主席,ADMIN,E0002,union@example.com,13800000300,union\n",
                            arena);
    assert_int_equal(imp->imported, 1);
    assert_int_equal(s_warned(imp, "branch/BJ/has_union"), 1);
    assert_int_equal(s_warned(imp, "branch/NJ/has_union"), 1);
    assert_int_equal(s_warned(imp, "law/has_union"), 0);
    out = s_health(c, false, arena);
    assert_null(strstr(out, "the head office's union"));
    wfe_has("hrctl health", out,
            "workflow: branch BJ's own union (branch/BJ/has_union) has nobody");
    wfe_has("hrctl health", out,
            "分支机构 NJ 的工会（branch/NJ/has_union）在人员名册中没有工会人员");
    out = s_health(c, true, arena);
    wfe_has("hrctl health --json", out, "\"union_nobody\"");
    wfe_has("hrctl health --json", out, "\"has_union\": \"branch/BJ/has_union\"");
    wfe_has("hrctl health --json", out, "\"branch\": \"NJ\"");
    assert_null(strstr(out, "\"has_union\": \"law/has_union\""));

    // Beijing's chair in Sales, Nanjing's with their own branch NJ: every union has someone.
    imp = wfe_import_people(
        c,
        "employee_no,name,department_id,manager_no,email,mobile,roles,branch\n"
        "E0301,北京分公司工会主席,SALES,E0100,union.bj@example.com,13800000301,union,\n"
        "E0302,南京分公司工会主席,ADMIN,E0002,,13800000302,union,NJ\n",
        arena);
    assert_int_equal(imp->imported, 2);
    assert_int_equal(s_warned(imp, "has_union"), 0);
    assert_null(e2e_status_extra(c, "workflow", "union_nobody", arena));
    out = s_health(c, false, arena);
    assert_null(strstr(out, "role union"));
    out = s_health(c, true, arena);
    assert_null(strstr(out, "\"union_nobody\""));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_branchs_union_reads_its_own_notified_cases),
        cmocka_unit_test(test_health_names_each_union_with_nobody_to_tell),
    };
    return cmocka_run_group_tests_name("e2e.workflow_union_branch", tests, NULL, NULL);
}
