/*  e2e.workflow_reasons - the legal reviewer's findings on HR review, through the real daemon
 *  and the real hrctl, in the demo company (no union: law/has_union false).
 *
 *  An A40_2 case for E0110 (manager E0101) reviewed by HR (E0003) with hrctl: one report
 *  confirmed as both the first and the second failed assessment is refused naming both facts
 *  and the shared id (LCL 40(2): a failure, training, a second failure); the bare
 *  `--union-notified` is refused by hrctl (the notice to the union is proven like every fact),
 *  and an id of another kind by the daemon; an Art. 41 trigger on another ground is refused; a
 *  review that would be lawful without HR's statement of the facts and reasons is refused and
 *  leaves the case at hr_review (GC180).
 *  With three records, the statement and the union_notice record the review is lawful; the
 *  statement is on the case and in the history beside the manager's own text, and the notice
 *  states HR's statement, says the company has no union and what it did instead - never that a
 *  union was told.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA_STD "07c6000000000000000000000000000000000000000000000000000000000000"
#define SHA_PRE "26ff000000000000000000000000000000000000000000000000000000000000"
#define SHA_TRN "be76000000000000000000000000000000000000000000000000000000000000"
#define SHA_POST "9a01000000000000000000000000000000000000000000000000000000000000"
#define SHA_UNION "4e00000000000000000000000000000000000000000000000000000000000000"

#define S_MANAGER_TEXT "业绩不行"
#define S_STATEMENT                                                                                                                       \
    "2026年第二季度考核未达到岗位标准（考核结果 26ff），经2026年7月大客户销售培训后，第三季度考核" \
    "仍未达到岗位标准（考核结果 9a01）"

// hrctl with these arguments, as HR person E0003, with the test's config dir: its exit code (2
// for a request the daemon finds invalid), stdout and stderr (hr_free both), also printed.
static int s_review(e2e_t *c, char **out, char **err, const char *const *args)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = hr_test_bin_path("hrctl");
    for (size_t i = 0; args[i] && n < 26; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--as";
    argv[n++] = "E0003";
    argv[n++] = "--config-dir";
    argv[n++] = (char *)e2e_config_dir(c);
    argv[n] = NULL;
    int rc = e2e_run(argv, out, err);
    hr_free(argv[0]);
    fprintf(stderr, "hrctl exit %d\nstdout: %s\nstderr: %s\n", rc, *out, *err);
    return rc;
}

static void s_lacks(const char *what, const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("%s has '%s':\n%s", what, part, text);
}

static Hr__Workflow__Case *s_get(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest gc = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    gc.case_id = (char *)id;
    return wfe_case_do(c, "E0003", "hr", "workflow.GetCase", &gc.base, arena)->case_;
}

static const char *s_step(const Hr__Workflow__Case *cs)
{
    return cs->current < cs->n_steps ? cs->steps[cs->current]->key : "-";
}

static const char *s_notice(e2e_t *c, const char *id, const char *lang, hr_arena_t *arena)
{
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)id;
    req.kind = "notice";
    req.language = (char *)lang;
    Hr__Workflow__RenderDocumentReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&rep),
                     HR_OK);
    return rep->text;
}

static void
test_review_holds_hr_to_distinct_records_its_reasons_and_a_proven_union_notice(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("wf-reasons");
    char *docs = hr_test_source_path("deploy/config/documents");
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路 1 号");
    hr_free(docs);
    wfe_config_evidence(c);
    const char *const svcs[] = {"workflow", "evidence", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0110";
    op.ground = "A40_2";
    op.reason = S_MANAGER_TEXT;
    Hr__Workflow__Case *opened =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena)->case_;
    char *id = hr_arena_strdup(arena, opened->id);
    wfe_attach(c, "E0101", "manager", id, "rule_acknowledgement", SHA_STD, arena);
    wfe_attach(c, "E0101", "manager", id, "performance_report", SHA_PRE, arena);
    wfe_attach(c, "E0101", "manager", id, "training_record", SHA_TRN, arena);
    wfe_attach(c, "E0101", "manager", id, "assessment_result", SHA_POST, arena);
    wfe_attach(c, "E0101", "manager", id, "union_notice", SHA_UNION, arena);
    wfe_talks(c, opened, 3, 3, arena); // the company's rule: three talks the employee signed
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena)->accepted);

    char *out = NULL, *err = NULL;
    // The reviewer's command: the pre-training report as both failures.
    assert_int_equal(
        s_review(c, &out, &err,
                 (const char *const[]){"case", "review", id, "--pay-in-lieu", "--reasons",
                                       S_STATEMENT, "--fact", "job_standard_made_known=" SHA_STD,
                                       "--fact", "first_assessment_failed=" SHA_PRE, "--fact",
                                       "training_or_adjustment_done=" SHA_TRN, "--fact",
                                       "second_assessment_failed=" SHA_PRE, NULL}),
        2);
    wfe_has("stderr", err,
            "'first_assessment_failed' and 'second_assessment_failed' both rest on "
            "evidence '" SHA_PRE "'");
    hr_free(out);
    hr_free(err);
    // The old flag form: the union notice needs its record.
    assert_int_equal(s_review(c, &out, &err,
                              (const char *const[]){"case", "review", id, "--union-notified",
                                                    "--reasons", S_STATEMENT, NULL}),
                     2);
    wfe_has("stderr", err, "--union-notified takes the id of the attached union_notice record");
    hr_free(out);
    hr_free(err);
    // A record of another kind proves no union notice.
    assert_int_equal(s_review(c, &out, &err,
                              (const char *const[]){"case", "review", id, "--union-notified",
                                                    SHA_TRN, "--reasons", S_STATEMENT, NULL}),
                     2);
    wfe_has("stderr", err, "not a union_notice record");
    hr_free(out);
    hr_free(err);
    // An Art. 41 trigger belongs to an A41 layoff only.
    assert_int_equal(
        s_review(c, &out, &err,
                 (const char *const[]){"case", "review", id, "--a41-trigger",
                                       "serious_difficulties", "--reasons", S_STATEMENT, NULL}),
        2);
    wfe_has("stderr", err, "a41_trigger: only an A41 layoff has one");
    hr_free(out);
    hr_free(err);
    // Lawful on its facts, but HR stated no facts and reasons for the notice: refused.
    const char *const lawful[] = {"case",
                                  "review",
                                  id,
                                  "--pay-in-lieu",
                                  "--fact",
                                  "job_standard_made_known=" SHA_STD,
                                  "--fact",
                                  "first_assessment_failed=" SHA_PRE,
                                  "--fact",
                                  "training_or_adjustment_done=" SHA_TRN,
                                  "--fact",
                                  "second_assessment_failed=" SHA_POST,
                                  "--union-notified",
                                  SHA_UNION,
                                  NULL,
                                  NULL,
                                  NULL};
    assert_int_equal(s_review(c, &out, &err, lawful), 2);
    wfe_has("stderr", err, "reasons: case");
    wfe_has("stderr", err, "--reasons TEXT");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = s_get(c, id, arena);
    assert_string_equal(s_step(cs), "hr_review");
    assert_null(cs->assessment);

    // Three records, HR's statement, the union_notice record: lawful.
    const char *with[17];
    memcpy(with, lawful, sizeof with);
    with[14] = "--reasons";
    with[15] = S_STATEMENT;
    assert_int_equal(s_review(c, &out, &err, with), 0);
    wfe_has("stdout", out, "assessment: lawful");
    // The findings HR decides on, Chinese first, then English (they were in English only).
    const char *f = strstr(out, "\n  [review] ");
    if (!f)
        f = strstr(out, "\n  [warn] ");
    if (!f)
        fail_msg("case review: no finding to decide on printed:\n%s", out);
    const char *fzh = strchr(f + 1, '\n'), *fen = fzh ? strchr(fzh + 1, '\n') : NULL;
    assert_true(fzh && fen && !strncmp(fzh, "\n    ", 5) && !strncmp(fen, "\n    ", 5));
    bool wide = false;
    for (const char *p = fzh + 5; p < fen && !wide; p++)
        wide = (unsigned char)*p >= 0x80;
    if (!wide)
        fail_msg("case review: the finding's first text is not Chinese:\n%s", f);
    hr_free(out);
    hr_free(err);
    cs = s_get(c, id, arena);
    assert_string_equal(cs->reason, S_MANAGER_TEXT); // what the manager said, kept
    assert_string_equal(cs->reviewed_reasons, S_STATEMENT);
    assert_true(cs->assessment->reasons_given);
    assert_true(cs->assessment->union_notified);
    assert_string_equal(cs->assessment->union_notice_evidence_id, SHA_UNION);
    bool stated = false;
    for (size_t i = 0; i < cs->n_history; i++)
        stated |= !strcmp(cs->history[i]->action, "reasons_stated") &&
                  !strcmp(cs->history[i]->note, S_STATEMENT);
    assert_true(stated);

    const char *zh = s_notice(c, id, "zh", arena);
    wfe_has("notice", zh, "事实和理由：" S_STATEMENT "。\n");
    s_lacks("notice", zh, S_MANAGER_TEXT);
    wfe_has("notice", zh,
            "三、工会：本单位未建立工会；本单位已于解除前将解除理由书面通知当地总工会");
    s_lacks("notice", zh, "通知工会（");
    const char *en = s_notice(c, id, "en", arena);
    wfe_has("notice", en,
            "3. Union: The Company has no union; before the rescission it notified "
            "the local federation of trade unions");
    s_lacks("notice", en, "notified the union");

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_review_holds_hr_to_distinct_records_its_reasons_and_a_proven_union_notice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
