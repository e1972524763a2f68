/*  e2e.workflow_template - the company's templates through the real daemon and the real hrctl.
 *
 *  What HR put with PutTemplate stays the truth across restarts: the configured template file
 *  only seeds the store, or replaces a default that itself came from an earlier text of the
 *  file; a file that differs from HR's is left unused with a warning saying how to use it.
 *  A case is judged at submit by the company rules of the template it was opened under, not
 *  by those put since. A template with its own id is used by a case opened with --template
 *  ID (hrctl case open); an unknown id is refused. A department head naming nobody in the
 *  directory is a warning at the departments import and at the people import.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA_HC "4c00000000000000000000000000000000000000000000000000000000000000"

// The repository's default template with the request's period at `due` working days and, when
// rule, a company rule: two hiring-conditions records before an A39_1 request. id replaces
// `default` when not NULL. hr_free.
static char *s_template(const char *id, int due, bool rule)
{
    char *path = hr_test_source_path("deploy/config/template-default.txt");
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(path, 65536, &text, &len), HR_OK);
    hr_free(path);
    char *at = strstr(text, "due = 2 working_days"); // the request's, the first step
    assert_non_null(at);
    at[6] = (char)('0' + due);
    char *idl = strstr(text, "id = default");
    assert_non_null(idl);
    *idl = '\0';
    char *out = hr_strfmt("%sid = %s%s%s", text, id ? id : "default", idl + strlen("id = default"),
                          rule ? "\n[rule]\nground = A39_1\nkind = hiring_conditions\nmin = 2\n"
                                 "message_zh = 公司规定：两份录用条件\n"
                                 "message_en = Company rule: two hiring conditions records\n"
                               : "");
    hr_free(text);
    return out;
}

static void s_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, true);
    assert_int_equal(fclose(f), 0);
}

static void s_put(e2e_t *c, const char *text, const char *want_id, hr_arena_t *arena)
{
    Hr__Workflow__PutTemplateRequest req = HR__WORKFLOW__PUT_TEMPLATE_REQUEST__INIT;
    req.text = (char *)text;
    Hr__Workflow__PutTemplateReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.PutTemplate", &req.base,
                              &hr__workflow__put_template_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_errors, 0);
    assert_string_equal(rep->id, want_id);
}

// The request's period of a case opened now for employee by E0101 (template_id "" = default).
static uint32_t s_open_due(e2e_t *c, const char *employee, const char *tpl, char **id,
                           hr_arena_t *arena)
{
    Hr__Workflow__OpenCaseRequest req = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    req.employee_no = (char *)employee;
    req.ground = "A39_1";
    req.reason = "e2e";
    req.template_id = (char *)tpl;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &req.base, arena);
    if (id)
        *id = rep->case_->id;
    const Hr__Workflow__CaseStep *st = wfe_step(rep->case_, "request");
    assert_non_null(st->due);
    return st->due->working_days;
}

static void s_withdraw(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__WithdrawCaseRequest req = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    req.case_id = (char *)id;
    req.reason = "e2e";
    wfe_case_do(c, "E0101", "manager", "workflow.WithdrawCase", &req.base, arena);
}

static char *s_log(e2e_t *c)
{
    char *path = hr_strfmt("%s/log/workflow.log", e2e_dir(c));
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(path, 64 << 20, &text, &len), HR_OK);
    hr_free(path);
    return text;
}

static size_t s_count(const char *text, const char *part)
{
    size_t n = 0;
    for (const char *p = strstr(text, part); p; p = strstr(p + 1, part))
        n++;
    return n;
}

// hrctl with args as `as` (NULL: the operator): exit code; out and err hr_free.
static int s_hrctl(e2e_t *c, const char *as, char **out, char **err, const char *const *args)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = hr_test_bin_path("hrctl");
    for (size_t i = 0; args[i] && n < 26; i++)
        argv[n++] = (char *)args[i];
    if (as) {
        argv[n++] = "--as";
        argv[n++] = (char *)as;
    }
    argv[n++] = "--config-dir";
    argv[n++] = (char *)e2e_config_dir(c);
    argv[n] = NULL;
    int rc = e2e_run(argv, out, err);
    hr_free(argv[0]);
    fprintf(stderr, "hrctl exit %d\nstdout: %s\nstderr: %s\n", rc, *out, *err);
    return rc;
}

// D1: HR's template outlives restarts; the file seeds, and replaces only its own earlier text.
static void test_what_hr_put_outlives_restarts(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("workflow_template_restart");
    char *file = hr_strfmt("%s/template-file.txt", e2e_dir(c));
    char *text = s_template(NULL, 2, false);
    s_write(file, text);
    e2e_config(c, "workflow", "template/file", file);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = NULL;
    assert_int_equal(s_open_due(c, "E0110", "", &id, arena), 2); // seeded from the file
    s_withdraw(c, id, arena);

    // The file changes while the stored default is still the file's: the start takes it.
    char *text3 = s_template(NULL, 3, false);
    s_write(file, text3);
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_int_equal(s_open_due(c, "E0111", "", &id, arena), 3);
    s_withdraw(c, id, arena);

    // HR puts its own: 4 working days. Restarts keep it, whatever the file says, and say so.
    char *mine = s_template(NULL, 4, true);
    s_put(c, mine, "default", arena);
    assert_int_equal(s_open_due(c, "E0112", "", &id, arena), 4);
    s_withdraw(c, id, arena);
    for (int round = 0; round < 2; round++) {
        if (round)
            s_write(file, text); // and a file changed once more
        assert_int_equal(e2e_stop_one(c, "workflow"), 0);
        assert_int_equal(e2e_restart(c, "workflow"), 0);
        assert_int_equal(s_open_due(c, round ? "E0114" : "E0113", "", &id, arena), 4);
        s_withdraw(c, id, arena);
    }
    char *log = s_log(c);
    assert_int_equal(s_count(log, "template.file_ignored"), 2);
    wfe_has("the log", log, "hrctl template put ");
    wfe_has("the log", log, "put_by=E0002");
    hr_free(log);

    // HR puts the file's text: the file now says the same as what HR put; no warning.
    s_put(c, text, "default", arena);
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_int_equal(s_open_due(c, "E0115", "", &id, arena), 2);
    log = s_log(c);
    assert_int_equal(s_count(log, "template.file_ignored"), 2);
    wfe_has("the log", log, "template.kept");
    hr_free(log);
    hr_free(mine);
    hr_free(text3);
    hr_free(text);
    hr_free(file);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// D1: a case is judged at submit by the company rules it was opened under.
static void test_a_case_keeps_the_rules_it_was_opened_under(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_template_pinned");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *strict = s_template(NULL, 2, true);
    s_put(c, strict, "default", arena);
    char *id = NULL;
    s_open_due(c, "E0117", "", &id, arena);
    wfe_attach(c, "E0101", "manager", id, "hiring_conditions", SHA_HC, arena);
    // The rule goes from the template after the case was opened: the case still has it.
    char *lax = s_template(NULL, 2, false);
    s_put(c, lax, "default", arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena);
    assert_false(rep->accepted);
    bool rule = false;
    for (size_t i = 0; i < rep->n_problems; i++)
        rule = rule || (rep->problems[i]->message_en &&
                        strstr(rep->problems[i]->message_en, "two hiring conditions records"));
    assert_true(rule);
    // A case opened now, under the lax template, is not held to it.
    s_withdraw(c, id, arena);
    s_open_due(c, "E0117", "", &id, arena);
    Hr__Workflow__GetCaseRequest gc = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    gc.case_id = id;
    Hr__Workflow__Case *cs =
        wfe_case_do(c, "E0101", "manager", "workflow.GetCase", &gc.base, arena)->case_;
    assert_true(cs->rules_pinned);
    assert_int_equal(cs->n_rules, 1); // the repository's A40_2 rule only
    hr_free(strict);
    hr_free(lax);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// D8: a template of its own id, used by hrctl case open --template ID; an unknown id refused.
static void test_a_template_of_its_own_id_is_used_when_named(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_template_id");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *path = hr_strfmt("%s/t-xc-id.txt", e2e_dir(c));
    char *text = s_template("xincheng", 6, false);
    s_write(path, text);
    char *out = NULL, *err = NULL;
    const char *const put[] = {"template", "put", path, NULL};
    assert_int_equal(s_hrctl(c, "E0002", &out, &err, put), 0);
    wfe_has("template put", out, "--template xincheng");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    // Review 2026-11-29: a manager choosing another template escaped the default one's company
    // rules. Only HR chooses one: the manager is refused, in both languages, saying who may.
    const char *const open[] = {"case", "open", "E0110", "A39_1", "--template", "xincheng", NULL};
    assert_int_not_equal(s_hrctl(c, "E0101", &out, &err, open), 0);
    wfe_has("case open --template as the manager", err,
            "template_id: only HR (hr, hr_head) or the operator may open a case under a template "
            "other than default ('xincheng')");
    wfe_has("case open --template as the manager", err,
            "只有 HR 可以为案件选择默认模板以外的流程模板");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__OpenCaseRequest mreq = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    mreq.employee_no = "E0110";
    mreq.ground = "A39_1";
    mreq.template_id = "xincheng";
    wfe_case_refused(c, "E0101", "manager", "workflow.OpenCase", &mreq.base, arena, HR_EDENIED,
                     "only HR (hr, hr_head) or the operator may open a case under a template");
    mreq.template_id = "default"; // the default, named: the manager's as without --template
    Hr__Workflow__CaseReply *named =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &mreq.base, arena);
    s_withdraw(c, named->case_->id, arena);
    // HR may: the case follows it, and case show names it with its version, as --json does.
    assert_int_equal(s_hrctl(c, "E0003", &out, &err, open), 0);
    hr_free(out);
    hr_free(err);
    lr.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    Hr__Workflow__ListCasesReply *list = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_cases, 1);
    Hr__Workflow__Case *cs = wfe_get(c, list->cases[0]->id, arena);
    assert_non_null(cs);
    assert_string_equal(cs->template_id, "xincheng");
    assert_int_equal(wfe_step(cs, "request")->due->working_days, 6);
    wfe_has("the case's template version", cs->template_version, "put by E0002 ");
    const char *const show[] = {"case", "show", cs->id, NULL};
    assert_int_equal(s_hrctl(c, "E0003", &out, &err, show), 0);
    wfe_has("case show", out, hr_arena_fmt(arena, "template: xincheng (%s)", cs->template_version));
    hr_free(out);
    hr_free(err);
    const char *const show_json[] = {"case", "show", cs->id, "--json", NULL};
    assert_int_equal(s_hrctl(c, "E0003", &out, &err, show_json), 0);
    wfe_has("case show --json", out, "\"template_version\": \"put by E0002 ");
    hr_free(out);
    hr_free(err);
    // Without --template: the default.
    assert_int_equal(s_open_due(c, "E0111", "", NULL, arena), 2);
    // An unknown id: refused, saying how a template gets one.
    Hr__Workflow__OpenCaseRequest req = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    req.employee_no = "E0112";
    req.ground = "A39_1";
    req.template_id = "nope";
    wfe_case_refused(c, "E0003", "hr", "workflow.OpenCase", &req.base, arena, HR_ENOTFOUND,
                     "no template 'nope' (hrctl template put");
    hr_free(text);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// HR has a case at HR review follow another template (hrctl case template): its stages and
// deadlines from then on, the history saying who, from, to and why; the manager is refused, and
// so is anyone once the review has passed - in Chinese first.
static void test_hr_changes_a_cases_template_at_review(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_template_change");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // xincheng: the request 6 working days, HR review 9 (the default's 3), prepare 3.
    char *text = s_template("xincheng", 6, false);
    char *review = strstr(text, "due = 3 working_days"); // hr_review's, the first after request
    assert_non_null(review);
    review[6] = '9';
    s_put(c, text, "xincheng", arena);
    static const char *const sha[3] = {
        "1111111111111111111111111111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222222222222222222222222222",
        "3333333333333333333333333333333333333333333333333333333333333333"};
    char *id = wfe_a39_1_submitted(c, sha, arena); // under the default, at hr_review
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(cs->template_id, "default");
    char *was_version = hr_arena_strdup(arena, cs->template_version);
    assert_int_equal(wfe_step(cs, "hr_review")->due->working_days, 3);

    // The manager may not.
    char *out = NULL, *err = NULL;
    const char *const change[] = {"case",     "template",   id,  "xincheng",
                                  "--reason", "销售部流程", NULL};
    assert_int_not_equal(s_hrctl(c, "E0101", &out, &err, change), 0);
    wfe_has("case template as the manager", err, "只有 HR 可以办理这一步");
    wfe_has("case template as the manager", err, "hrctl case template ID TEMPLATE --reason TEXT");
    hr_free(out);
    hr_free(err);
    // Without a reason: refused, saying so.
    Hr__Workflow__SetCaseTemplateRequest req = HR__WORKFLOW__SET_CASE_TEMPLATE_REQUEST__INIT;
    req.case_id = id;
    req.template_id = "xincheng";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.SetCaseTemplate", &req.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL, "reason: UTF-8 text",
                   "请写明更换模板的原因");
    req.template_id = "nope";
    req.reason = "x";
    wfe_case_refused(c, "E0002", "hr,hr_head", "workflow.SetCaseTemplate", &req.base, arena,
                     HR_ENOTFOUND, "no template 'nope'");

    // HR may: the case follows xincheng from now - hr_review's 9 working days from the change.
    assert_int_equal(s_hrctl(c, "E0002", &out, &err, change), 0);
    wfe_has("case template", out, "now at hr_review; template xincheng (put by E0002 ");
    hr_free(out);
    hr_free(err);
    cs = wfe_get(c, id, arena);
    assert_string_equal(cs->template_id, "xincheng");
    wfe_has("the case's template version", cs->template_version, "put by E0002 ");
    const Hr__Workflow__CaseStep *rv = wfe_step(cs, "hr_review");
    assert_int_equal(rv->due->working_days, 9);
    assert_string_equal(cs->steps[cs->current]->key, "hr_review");
    assert_int_equal(wfe_step(cs, "request")->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    assert_int_equal(wfe_history_count(cs, "template_changed"), 1);
    const Hr__Workflow__HistoryEntry *h = cs->history[cs->n_history - 1];
    assert_string_equal(h->action, "template_changed");
    assert_string_equal(h->actor, "E0002");
    assert_true(h->at_ms > 0);
    wfe_has("the history", h->note,
            hr_arena_fmt(arena, "from default (%s) to xincheng (%s): 销售部流程", was_version,
                         cs->template_version));
    // Once more the same: nothing to change.
    req.template_id = "xincheng";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.SetCaseTemplate", &req.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_ECONFLICT,
                   "already follows template 'xincheng'", "无需更换");

    // The review passes: from prepare on, nobody may.
    wfe_a39_1_reviewed(c, id, sha, "试用期考核不合格，不符合录用条件", arena);
    req.template_id = "default";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.SetCaseTemplate", &req.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_ECONFLICT,
                   "cannot change its template (only while at HR review) now: the case is at "
                   "'prepare'",
                   "现在不能更换流程模板（只能在 HR 审核阶段更换）");
    hr_free(text);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// D13: a department head naming nobody is a warning (departments come before the people).
static void test_a_head_naming_nobody_is_a_warning(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_template_heads");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ImportDepartmentsRequest dr = HR__WORKFLOW__IMPORT_DEPARTMENTS_REQUEST__INIT;
    static const char depts[] = "id,name,head_no,parent_id\nXC,新城,10O99,ADMIN\n";
    dr.csv.data = (uint8_t *)depts;
    dr.csv.len = strlen(depts);
    Hr__Workflow__ImportReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ImportDepartments", &dr.base,
                              &hr__workflow__import_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(rep->imported, 1);
    assert_int_equal(rep->n_warnings, 1);
    assert_int_equal(rep->warnings[0]->line, 2);
    assert_string_equal(rep->warnings[0]->column, "head_no");
    wfe_has("the warning", rep->warnings[0]->message, "'10O99'");
    // Still nobody after a people import (the demo's E0110 again): said again there.
    char *src = hr_test_source_path("deploy/demo/people.csv");
    char *demo = hr_test_read_file(src, NULL);
    hr_free(src);
    assert_non_null(demo);
    const char *row = strstr(demo, "\nE0110,");
    assert_non_null(row);
    char *csv = hr_arena_fmt(arena, "%.*s\n%.*s\n", (int)strcspn(demo, "\n"), demo,
                             (int)strcspn(row + 1, "\n"), row + 1);
    hr_free(demo);
    rep = wfe_import_people(c, csv, arena);
    bool said = false;
    for (size_t i = 0; i < rep->n_warnings; i++)
        said = said || strstr(rep->warnings[i]->message, "department XC: its head '10O99'");
    assert_true(said);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_what_hr_put_outlives_restarts),
        cmocka_unit_test(test_a_case_keeps_the_rules_it_was_opened_under),
        cmocka_unit_test(test_a_template_of_its_own_id_is_used_when_named),
        cmocka_unit_test(test_hr_changes_a_cases_template_at_review),
        cmocka_unit_test(test_a_head_naming_nobody_is_a_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
