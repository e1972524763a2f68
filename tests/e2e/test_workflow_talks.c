/*  e2e.workflow_talks - a company rule that wants its records signed, with the real hr-workflow
 *  and hr-evidence.
 *
 *  The demo template's rule for a performance ground (Art. 40(2)): at least three feedback talk
 *  records, each signed by the employee (`signed_by = employee`). E0101 opens an A40_2 case
 *  for E0110 with the evidence the law needs and three talk records put into hr-evidence:
 *  none signed, the submission is refused naming the rule with its counts (attached 3, signed
 *  by the employee 0, need 3), in Chinese and English, and `hrctl case submit` says so too; two
 *  signed by the employee and the third by the manager, still short (2 of 3); hr-evidence
 *  stopped, the submission fails EUNAVAIL "could not check signatures" and the case stays at
 *  request; hr-evidence back and the third signed by the employee, the rule is met and the case
 *  goes to HR review.
 *
 *  A refusal (review 23): the employee declines all three talks through `hrctl evidence sign ID
 *  --decline TEXT` (the structured act; what a statement says is never read). The submission
 *  is refused (signed by the employee 0), its problem naming who declined which record, the
 *  day and the statement, and what HR can do; `hrctl case show` lists each refusal with its
 *  words; the export records the refusals (disposition declined, their own signed domain), how
 *  each was entered (entered_via hrctl, the OS user and host hrctl claimed, in the manifest and
 *  in the sign audit entries) and a README that says the signer was not authenticated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#include <jansson.h>
#include <string.h>

#define SHA_ACK "ac00000000000000000000000000000000000000000000000000000000000001"
#define SHA_PRE "ac00000000000000000000000000000000000000000000000000000000000002"
#define SHA_TRN "ac00000000000000000000000000000000000000000000000000000000000003"
#define SHA_POST "ac00000000000000000000000000000000000000000000000000000000000004"

// The manager's submission, answered HR_OK: its reply.
static Hr__Workflow__CaseReply *s_submit(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = (char *)id;
    return wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena);
}

// The submission is refused for the company rule alone, its messages holding zh and en.
static void s_refused_for_rule(e2e_t *c, const char *id, const char *zh, const char *en,
                               hr_arena_t *arena)
{
    Hr__Workflow__CaseReply *rep = s_submit(c, id, arena);
    assert_false(rep->accepted);
    assert_int_equal(rep->n_problems, 1);
    assert_string_equal(rep->problems[0]->code, "COMPANY_RULE");
    assert_string_equal(rep->problems[0]->fact, "feedback_talk_record");
    wfe_has("the refusal (zh)", rep->problems[0]->message_zh, zh);
    wfe_has("the refusal (en)", rep->problems[0]->message_en, en);
    wfe_has("the refusal (en)", rep->problems[0]->message_en,
            "Company rule: at least three performance feedback talk records signed by the "
            "employee");
    assert_string_equal(wfe_current_step(rep), "request");
}

static void test_talks_count_only_when_the_employee_signed_them(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start_with_evidence("wf-talks");
    assert_non_null(c);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(cs);
    const char *id = cs->id;
    // What the law needs for the ground (LCL 40(2)): every legal fact has its evidence.
    wfe_attach(c, "E0101", "manager", id, "rule_acknowledgement", SHA_ACK, arena);
    wfe_attach(c, "E0101", "manager", id, "performance_report", SHA_PRE, arena);
    wfe_attach(c, "E0101", "manager", id, "training_record", SHA_TRN, arena);
    wfe_attach(c, "E0101", "manager", id, "assessment_result", SHA_POST, arena);

    // 1. Three talk records in hr-evidence, attached, none signed: the rule is not met.
    char **talks = wfe_talks(c, cs, 3, 0, arena);
    s_refused_for_rule(c, id, "（已附 3 份，其中经员工本人签字 0 份，需要 3 份：反馈面谈记录）",
                       "(attached 3, signed by the employee 0, need 3: feedback_talk_record)",
                       arena);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_int_equal(wfe_history_count(now, "submit_refused"), 1);
    assert_int_equal(wfe_history_count(now, "submitted"), 0);
    // hrctl shows the manager the same counts.
    char *out = NULL, *err = NULL;
    const char *const submit[] = {"case", "submit", id, "--as", "E0101", NULL};
    e2e_hrctl(c, &out, &err, submit);
    wfe_has("hrctl case submit", out, "signed by the employee 0, need 3");
    hr_free(out);
    hr_free(err);

    // 2. Two signed by the employee, the third by the manager only: still short.
    wfe_sign(c, "E0110", talks[0], arena);
    wfe_sign(c, "E0110", talks[1], arena);
    wfe_sign(c, "E0101", talks[2], arena);
    s_refused_for_rule(c, id, "（已附 3 份，其中经员工本人签字 2 份，需要 3 份：反馈面谈记录）",
                       "(attached 3, signed by the employee 2, need 3: feedback_talk_record)",
                       arena);

    // 3. hr-evidence down: the signatures cannot be checked, and the rule is not passed unseen.
    assert_int_equal(e2e_stop_one(c, "evidence"), 0);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = (char *)id;
    wfe_case_refused(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena, HR_EUNAVAIL,
                     "could not check signatures: hr-evidence did not answer");
    now = wfe_get(c, id, arena);
    assert_int_equal(wfe_history_count(now, "submit_refused"), 3); // hrctl's and step 2's
    assert_int_equal(wfe_history_count(now, "submitted"), 0);
    assert_int_equal(e2e_restart(c, "evidence"), 0);

    // 4. The employee signs the third: three signed by the employee, the case goes to HR.
    wfe_sign(c, "E0110", talks[2], arena);
    Hr__Workflow__CaseReply *rep = s_submit(c, id, arena);
    assert_true(rep->accepted);
    assert_int_equal(rep->n_problems, 0);
    assert_string_equal(wfe_current_step(rep), "hr_review");

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

#define S_REFUSAL "本人不同意该记录内容，拒绝签字确认 / I do not agree and refuse to confirm it"

// hrctl evidence sign ID --decline TEXT --as the employee: once hr-evidence has the case's
// people (until its CaseOpened arrives the employee is nobody on it), it answers ok.
static void s_decline(e2e_t *c, const char *user, const char *id)
{
    const char *const args[] = {"evidence", "sign", id, "--decline", S_REFUSAL, "--as", user, NULL};
    int rc = -1;
    for (int i = 0; i < 200 && rc; i++) {
        char *out = NULL, *err = NULL;
        rc = e2e_hrctl(c, &out, &err, args);
        if (rc && i == 199)
            fail_msg("hrctl evidence sign --decline: %s %s", out, err);
        hr_free(out);
        hr_free(err);
        if (rc)
            zclock_sleep(50);
    }
    assert_int_equal(rc, 0);
}

// o's string member name, "" when it has none.
static const char *s_jstr(const json_t *o, const char *name)
{
    const char *v = json_string_value(json_object_get(o, name));
    return v ? v : "";
}

static void test_a_refusal_is_recorded_and_never_counted(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start_with_evidence("wf-talks-decline");
    assert_non_null(c);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(cs);
    const char *id = cs->id;
    wfe_attach(c, "E0101", "manager", id, "rule_acknowledgement", SHA_ACK, arena);
    wfe_attach(c, "E0101", "manager", id, "performance_report", SHA_PRE, arena);
    wfe_attach(c, "E0101", "manager", id, "training_record", SHA_TRN, arena);
    wfe_attach(c, "E0101", "manager", id, "assessment_result", SHA_POST, arena);
    char **talks = wfe_talks(c, cs, 3, 0, arena);
    for (int i = 0; i < 3; i++)
        s_decline(c, "E0110", talks[i]);

    // 1. Three refusals are no signatures: refused, each refusal told with its words.
    s_refused_for_rule(c, id, "（已附 3 份，其中经员工本人签字 0 份，需要 3 份：反馈面谈记录）",
                       "(attached 3, signed by the employee 0, need 3: feedback_talk_record)",
                       arena);
    Hr__Workflow__CaseReply *rep = s_submit(c, id, arena);
    const char *zh = rep->problems[0]->message_zh, *en = rep->problems[0]->message_en;
    for (int i = 0; i < 3; i++) {
        wfe_has("the refusal (zh)", zh, hr_arena_fmt(arena, "拒绝签字确认记录 %.12s…", talks[i]));
        wfe_has("the refusal (en)", en,
                hr_arena_fmt(arena, "E0110 declined to confirm record %.12s... on ", talks[i]));
    }
    wfe_has("the refusal (zh)", zh, "E0110于 20"); // the day, in the company's zone
    wfe_has("the refusal (zh)", zh, "声明：“" S_REFUSAL "”");
    wfe_has("the refusal (zh)", zh, "拒绝签字不计入签字份数");
    wfe_has("the refusal (en)", en, "stating: \"" S_REFUSAL "\"");
    wfe_has("the refusal (en)", en, "witnesses");

    // 2. case show: each record's refusal with its statement.
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"case", "show", id, NULL}), 0);
    for (int i = 0; i < 3; i++) {
        const char *at = strstr(out, talks[i]);
        assert_non_null(at);
        wfe_has("case show", at, "拒绝签字 / DECLINED by E0110 ");
    }
    wfe_has("case show", out, S_REFUSAL);
    hr_free(out);
    hr_free(err);

    // 3. The export keeps the refusals and says how each was entered, and what it proves.
    char *dir = hr_strfmt("%s/export", e2e_dir(c));
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "export", "--case", id, dir, NULL}),
        0);
    hr_free(out);
    hr_free(err);
    char *path = hr_strfmt("%s/README.txt", dir);
    char *readme = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_null(strstr(readme, "authenticated session"));
    wfe_has("README.txt", readme, "identity is NOT authenticated by the system");
    wfe_has("README.txt", readme, "签名人身份未经");
    wfe_has("README.txt", readme, "hr.evidence.declined.v1");
    hr_free(readme);
    path = hr_strfmt("%s/manifest.json", dir);
    json_t *m = json_load_file(path, 0, NULL);
    hr_free(path);
    assert_non_null(m);
    size_t declined = 0, ri;
    json_t *r;
    json_array_foreach(json_object_get(m, "records"), ri, r)
    {
        size_t si;
        json_t *g;
        json_array_foreach(json_object_get(r, "signatures"), si, g)
        {
            assert_string_equal(s_jstr(g, "disposition"), "declined");
            assert_string_equal(s_jstr(g, "entered_via"), "hrctl");
            assert_true(*s_jstr(g, "client_user"));
            assert_true(json_is_false(json_object_get(g, "signer_authenticated")));
            assert_true(json_is_true(json_object_get(g, "valid_at_export")));
            declined++;
        }
    }
    assert_int_equal(declined, 3);
    json_decref(m);
    path = hr_strfmt("%s/audit.jsonl", dir);
    char *audit = hr_test_read_file(path, NULL);
    hr_free(path);
    size_t signs = 0;
    for (const char *p = audit; (p = strstr(p, "\"action\":\"sign\"")) != NULL; p++) {
        const char *eol = strchr(p, '\n');
        char *line = hr_strfmt("%.*s", (int)(eol ? eol - p : (ptrdiff_t)strlen(p)), p);
        wfe_has("sign audit entry", line, "declined (refuses to confirm the record)");
        wfe_has("sign audit entry", line, "entered via hrctl, claimed by the client: OS user ");
        wfe_has("sign audit entry", line, "not authenticated by hr-evidence");
        hr_free(line);
        signs++;
    }
    assert_int_equal(signs, 3);
    hr_free(audit);
    hr_free(dir);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_talks_count_only_when_the_employee_signed_them),
        cmocka_unit_test(test_a_refusal_is_recorded_and_never_counted),
    };
    return cmocka_run_group_tests_name("e2e.workflow_talks", tests, NULL, NULL);
}
