/*  e2e.workflow_roles - who the HR head and the legal reviewer are (wf_roles.c) through the real
 *  hr-workflow and hrctl, for a company adopting the system (the adoption review's D2): its
 *  former HR head and legal reviewer (left) sort first and never count; two active hr_head
 *  holders give the first by employee number, warned at the import and in sys.Status; the
 *  demo's people imported beside the company's put the demo's E0002 first - warned, naming all
 *  three - until roles/hr_head and roles/legal in workflow.cfg name the company's own, taken at
 *  the restart with nothing in doubt; a name that cannot be taken (someone who left) is said.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define COMPANY_PEOPLE                                                                             \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"        \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"     \
    "protected,birth_date,retirement_base,left_date\n"                                             \
    "XC0001,张前,ADMIN,,zhang.q@corp.example,13900000001,HR总监,2015-01-05,open_ended,"        \
    "2015-01-05,,,30000.00,30000.00,,hr_head;hr;manager,zh,,,,2025-06-30\n"                        \
    "XC0002,王总,ADMIN,,wang.z@corp.example,13900000002,HR总监,2016-01-05,open_ended,"         \
    "2016-01-05,,,30000.00,30000.00,,hr_head;hr;manager,zh,,,,\n"                                  \
    "XC0003,李副,ADMIN,XC0002,li.f@corp.example,13900000003,HR副总监,2017-01-05,open_ended,"  \
    "2017-01-05,,,25000.00,25000.00,,hr_head;hr,zh,,,,\n"                                          \
    "XC0004,赵法,ADMIN,XC0002,zhao.f@corp.example,13900000004,法务,2017-01-05,open_ended,"     \
    "2017-01-05,,,20000.00,20000.00,,legal,zh,,,,2025-06-30\n"                                     \
    "XC0005,钱法,ADMIN,XC0002,qian.f@corp.example,13900000005,法务,2018-01-05,open_ended,"     \
    "2018-01-05,,,20000.00,20000.00,,legal,zh,,,,\n"

// sys.Status of hr-workflow, its extra lines joined by newlines (owned).
static char *s_status(e2e_t *c)
{
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res = {0};
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &req.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    const Hr__Sys__StatusReply *rep = res.reply;
    char *text = hr_strdup("");
    for (size_t i = 0; i < rep->n_extra; i++) {
        char *more = hr_strfmt("%s%s\n", text, rep->extra[i]);
        hr_free(text);
        text = more;
    }
    hr_arena_destroy(&arena);
    return text;
}

// hrctl import KIND PATH; asserts exit 0 and returns stdout (owned).
static char *s_import(e2e_t *c, const char *kind, const char *path)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, (const char *[]){"import", kind, path, NULL});
    if (rc)
        fprintf(stderr, "hrctl import %s: exit %d\n%s\n%s\n", kind, rc, out ? out : "",
                err ? err : "");
    assert_int_equal(rc, 0);
    hr_free(err);
    return out;
}

// hr-workflow stopped and started again with its config written anew (a changed roles/...).
static void s_restart(e2e_t *c)
{
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
}

static void test_workflow_roles_of_a_real_company(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf_roles");
    assert_non_null(c);
    char *depts = hr_test_source_path("deploy/demo/departments.csv");
    char *demo = hr_test_source_path("deploy/demo/people.csv");
    char *csv = hr_strfmt("%s/company.csv", e2e_dir(c));
    assert_int_equal(hr_test_write_file(csv, COMPANY_PEOPLE, strlen(COMPANY_PEOPLE)), 0);
    char *out = s_import(c, "departments", depts);
    hr_free(out);

    // The company alone: XC0001 and XC0004 have left and never count; of XC0002 and XC0003 the
    // first is the HR head, said at the import and in sys.Status; XC0005 is the only legal one.
    out = s_import(c, "people", csv);
    assert_non_null(strstr(out, "warning:"));
    assert_non_null(strstr(out, "2 active people hold hr_head (XC0002, XC0003): the HR head is "
                                "XC0002, the first by employee number; name one with "
                                "roles/hr_head in workflow.cfg"));
    assert_null(strstr(out, "hold legal"));
    hr_free(out);
    char *st = s_status(c);
    assert_non_null(strstr(st, "hr_head=XC0002 legal=XC0005\n"));
    assert_non_null(strstr(st, "roles_warning=\"2 active people hold hr_head (XC0002, XC0003)"));
    hr_free(st);

    // The demo's people beside the company's: E0002 sorts first - never silently.
    out = s_import(c, "people", demo);
    assert_non_null(strstr(out, "3 active people hold hr_head (E0002, XC0002, XC0003): the HR "
                                "head is E0002"));
    assert_non_null(strstr(out, "2 active people hold legal (E0006, XC0005): the legal reviewer "
                                "is E0006, the first by employee number; name one with "
                                "roles/legal in workflow.cfg"));
    hr_free(out);
    st = s_status(c);
    assert_non_null(strstr(st, "hr_head=E0002 legal=E0006\n"));
    hr_free(st);

    // workflow.cfg names the company's own: taken at the restart, nothing in doubt - and kept
    // at the next import.
    e2e_config(c, "workflow", "roles/hr_head", "XC0002");
    e2e_config(c, "workflow", "roles/legal", "XC0005");
    s_restart(c);
    st = s_status(c);
    assert_non_null(strstr(st, "hr_head=XC0002 legal=XC0005\n"));
    assert_null(strstr(st, "roles_warning"));
    hr_free(st);
    out = s_import(c, "people", csv);
    assert_null(strstr(out, "roles"));
    hr_free(out);
    st = s_status(c);
    assert_non_null(strstr(st, "hr_head=XC0002 legal=XC0005\n"));
    hr_free(st);

    // Someone who has left cannot be named: the rule chooses, and says why.
    e2e_config(c, "workflow", "roles/hr_head", "XC0001");
    e2e_config(c, "workflow", "roles/legal", "XC0002");
    s_restart(c);
    st = s_status(c);
    assert_non_null(strstr(st, "hr_head=E0002 legal=E0006\n"));
    assert_non_null(strstr(st, "roles/hr_head names XC0001, who has left (left_date 2025-06-30): "
                               "not taken; the rule below chose instead"));
    assert_non_null(strstr(st, "roles/legal names XC0002, who holds no role legal"));
    hr_free(st);
    // The next import says so to HR, in Chinese first.
    out = s_import(c, "people", csv);
    assert_non_null(strstr(out, "警告："));
    assert_non_null(strstr(out, "角色：workflow.cfg的roles/hr_head指定了XC0001，但此人已离职（离职"
                                "日期2025-06-30）：未采用，改按规则选定；"));
    assert_non_null(strstr(out, "workflow.cfg的roles/legal指定了XC0002，但此人没有legal角色：未采"
                                "用，改按规则选定"));
    assert_non_null(strstr(out, "roles/hr_head names XC0001, who has left (left_date 2025-06-30)"));
    hr_free(out);

    hr_free(csv);
    hr_free(demo);
    hr_free(depts);
    assert_int_equal(e2e_stop(&c), 0);
}

// hr-workflow run on cfg_text (written as workflow.cfg in a fresh directory, its store beside):
// asserts it refuses to start and that stderr holds want.
static void s_refused(const char *cfg_text, const char *want)
{
    char *dir = hr_test_tmpdir("wfesc");
    char *cfg = hr_strfmt("%s/workflow.cfg", dir);
    char *zpl =
        hr_strfmt("bus\n    endpoint = \"ipc://%s/wf.ipc\"\nstore\n    dir = \"%s/store\"\n%s", dir,
                  dir, cfg_text);
    assert_int_equal(hr_test_write_file(cfg, zpl, strlen(zpl)), 0);
    char *bin = hr_test_bin_path("hr-workflow");
    char *argv[] = {bin, "--config", cfg, NULL};
    char *out = NULL, *err = NULL;
    int rc = e2e_run(argv, &out, &err);
    assert_int_not_equal(rc, 0);
    if (!err || !strstr(err, want))
        fail_msg("hr-workflow said: %s", err ? err : "");
    hr_free(out);
    hr_free(err);
    hr_free(bin);
    hr_free(zpl);
    hr_free(cfg);
    hr_test_rmdir(dir);
    hr_free(dir);
}

// escalation/contact (the end of the deadline ladder): a value that is no employee number, or a
// key misspelt, stops the start naming the file, line and key; one the directory lacks is said
// in sys.Status (hrctl health) until it has them, then shown beside the HR head.
static void test_the_escalation_contact_is_checked(void **state)
{
    HR_UNUSED(state);
    s_refused(
        "escalation\n    contact = \"E0 900\"\n",
        "workflow.cfg: line 6: escalation/contact: value 'E0 900' holds a space or separator");
    s_refused("escalation\n    contact = \"operator\"\n",
              "line 6: escalation/contact: value 'operator' is reserved");
    s_refused("escalation\n    contakt = \"XC0002\"\n",
              "workflow.cfg:6: escalation/contakt: unknown key");

    e2e_t *c = wfe_start("wf_contact");
    assert_non_null(c);
    e2e_config(c, "workflow", "escalation/contact", "XC0099");
    s_restart(c);
    char *depts = hr_test_source_path("deploy/demo/departments.csv");
    char *csv = hr_strfmt("%s/company.csv", e2e_dir(c));
    assert_int_equal(hr_test_write_file(csv, COMPANY_PEOPLE, strlen(COMPANY_PEOPLE)), 0);
    char *out = s_import(c, "departments", depts);
    hr_free(out);
    out = s_import(c, "people", csv);
    assert_non_null(strstr(out, "workflow.cfg的escalation/contact指定了XC0099，但此人不在名册中"));
    hr_free(out);
    char *st = s_status(c);
    assert_non_null(strstr(st, "escalation/contact names XC0099, who is not in the directory"));
    assert_null(strstr(st, "escalation_contact="));
    hr_free(st);
    // hrctl health says it too.
    char *err = NULL;
    e2e_hrctl(c, &out, &err, (const char *[]){"health", NULL});
    assert_non_null(out);
    assert_non_null(strstr(out, "escalation/contact names XC0099"));
    hr_free(out);
    hr_free(err);

    // Someone the directory has: taken, shown beside the HR head.
    e2e_config(c, "workflow", "escalation/contact", "XC0005");
    s_restart(c);
    st = s_status(c);
    assert_non_null(strstr(st, "escalation_contact=XC0005"));
    assert_null(strstr(st, "escalation/contact names"));
    hr_free(st);
    hr_free(csv);
    hr_free(depts);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workflow_roles_of_a_real_company),
        cmocka_unit_test(test_the_escalation_contact_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
