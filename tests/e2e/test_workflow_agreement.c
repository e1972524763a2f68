/*  e2e.workflow_agreement - an agreement the employee proposed (A36_EMPLOYEE: no severance, LCL
 *  Art. 46(2)) rests on the employee's own written proposal, through hrctl against the real
 *  hr-workflow and hr-evidence, on the pinned calendar (2026-11-27).
 *
 *  The reviewer's repro: E0212's manager E0201 opens an A36_EMPLOYEE case whose own reason says
 *  the company proposed it, attaches the signed agreement and submits. Refused: nothing proves
 *  who made the first proposal (the employer's burden, Interp. I Art. 44), and the refusal names
 *  employee_proposed_first and the kinds that prove it. His own memo attached as `other` passes
 *  the submission; HR confirming the agreement alone is asked why the memo is left out, and with
 *  its note the case goes back to the manager unlawful as it stands, severance 0, the finding
 *  saying that without the proposal the agreement is the employer's (A36_EMPLOYER, severance N).
 *  The agreement cannot prove the proposal. With E0212's dated letter attached and confirmed,
 *  the review is lawful with severance 0.00, and the case records which record proves who
 *  proposed it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

// hrctl with args: its exit status; stdout and stderr in *out and *err (owned, freed first).
static int s_ctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    hr_free(*out);
    hr_free(*err);
    *out = *err = NULL;
    return e2e_hrctl(c, out, err, args);
}

// The case id in "<what>: case <ID> ..." (arena).
static char *s_case_id(const char *out, hr_arena_t *arena)
{
    const char *at = out ? strstr(out, "case ") : NULL;
    if (!at)
        fail_msg("no case id in: %s", out ? out : "(null)");
    return hr_arena_fmt(arena, "%.26s", at + 5);
}

// Uploads text as a file of kind to the case as `as` (hrctl case attach --file): its evidence
// id, which hrctl prints ("evidence <64 hex> ...").
static char *s_upload(e2e_t *c, const char *id, const char *as, const char *name, const char *text,
                      const char *kind, hr_arena_t *arena)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    char *out = NULL, *err = NULL;
    const char *args[] = {"case", "attach", id, "--file", path, "--kind", kind, "--as", as, NULL};
    // hr-evidence learns the case's people from the workflow's log within a second or so:
    // retried until then.
    int rc = 1;
    for (int i = 0; i < 100 && rc; i++)
        if ((rc = s_ctl(c, &out, &err, args)) != 0)
            zclock_sleep(50);
    if (rc)
        fail_msg("hrctl case attach --file %s: exit %d: %s%s", name, rc, out, err);
    const char *at = strstr(out, "evidence ") ? strstr(out, "evidence ") : strstr(err, "evidence ");
    if (!at || strlen(at) < 9 + 64)
        fail_msg("no evidence id in: %s%s", out, err);
    char *ev = hr_arena_fmt(arena, "%.64s", at + 9);
    hr_free(out);
    hr_free(err);
    hr_free(path);
    return ev;
}

static const char *s_step(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__CaseStep *cur = NULL;
    for (size_t i = 0; i < cs->n_steps && !cur; i++)
        if (cs->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
            cur = cs->steps[i];
    return cur ? cur->key : "-";
}

static void test_an_employee_proposal_must_be_proven_before_severance_is_dropped(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-agreement");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;

    // The repro: the manager's own reason says the company proposed it.
    const char *open[] = {"case", "open",  "E0212", "A36_EMPLOYEE", "--reason", "公司提出",
                          "--as", "E0201", NULL};
    if (s_ctl(c, &out, &err, open))
        fail_msg("hrctl case open: %s%s", out, err);
    char *id = s_case_id(out, arena);
    char *agreement = s_upload(c, id, "E0201", "agreement.txt",
                               "解除劳动合同协议书：甲乙双方协商一致，于2026年12月1日解除劳动合同。"
                               "甲方（盖章） 乙方：宋佳\n",
                               "agreement", arena);
    const char *submit[] = {"case", "submit", id, "--as", "E0201", NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, submit), 0);
    char *said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("submit", said, "not accepted (stays at request)");
    wfe_has("submit", said, "[MISSING_EVIDENCE]");
    wfe_has("submit", said,
            "the employee made the first written proposal to end the contract by "
            "agreement (LCL 46(2)). Attach one of: notice_letter, other");
    assert_string_equal(s_step(c, id, arena), "request");

    // His own memo passes the submission (a record of a kind that could prove it)...
    char *memo =
        s_upload(c, id, "E0201", "memo.txt",
                 "经理说明：公司提出与宋佳协商解除劳动合同，宋佳同意。何军\n", "other", arena);
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    assert_string_equal(s_step(c, id, arena), "hr_review");

    // ...and the agreement proves no proposal.
    char *wrong = hr_arena_fmt(arena, "employee_proposed_first=%s", agreement);
    char *agreed = hr_arena_fmt(arena, "agreement_signed=%s", agreement);
    const char *by_agreement[] = {"case", "review", id,      "--fact", agreed, "--fact",
                                  wrong,  "--as",   "E0003", "--role", "hr",   NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, by_agreement), 0);
    said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("review by the agreement", said, "cannot prove 'employee_proposed_first'");
    assert_string_equal(s_step(c, id, arena), "hr_review");

    // HR confirms the agreement alone: the memo is left out, and HR must say why.
    const char *review[] = {"case", "review", id,       "--fact", agreed,
                            "--as", "E0003",  "--role", "hr",     NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, review), 0);
    said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("review without a note", said, "NOTE_REQUIRED");
    wfe_has("review without a note", said, memo);
    assert_string_equal(s_step(c, id, arena), "hr_review");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_null(cs->assessment);

    // With the note: returned, unlawful as it stands, no severance dropped on anyone's word.
    const char *noted[] = {"case",
                           "review",
                           id,
                           "--fact",
                           agreed,
                           "--note",
                           "经理的说明不是员工的申请，且写明公司提出",
                           "--as",
                           "E0003",
                           "--role",
                           "hr",
                           NULL};
    s_ctl(c, &out, &err, noted);
    said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("review returned", said, "employee_proposed_first");
    wfe_has("review returned", said, "A36_EMPLOYER");
    assert_string_equal(s_step(c, id, arena), "request");
    cs = wfe_get(c, id, arena);
    assert_non_null(cs->assessment);
    assert_false(cs->assessment->lawful);
    assert_int_equal(cs->assessment->severance_fen, 0);
    bool named = false;
    for (size_t i = 0; i < cs->assessment->n_findings; i++) {
        const Hr__Workflow__Finding *f = cs->assessment->findings[i];
        if (strcmp(f->fact, "evidence.employee_proposed_first"))
            continue;
        named = true;
        assert_string_equal(f->severity, "block");
        assert_string_equal(f->code, "EVIDENCE_MISSING");
        wfe_has("finding", f->message_en, "Interp. I Art. 44");
        wfe_has("finding", f->message_zh, "劳动者首先以书面形式提出协商解除劳动合同");
    }
    assert_true(named);
    assert_int_equal(wfe_history_count(cs, "returned"), 1);
    assert_int_equal(wfe_history_count(cs, "reviewed_lawful"), 0);

    // The employee's own dated letter: lawful, severance 0.00, and the case says what proves it.
    char *letter = s_upload(c, id, "E0201", "request.txt",
                            "协商解除劳动合同申请：本人因个人发展原因，申请与公司协商解除劳动合同。"
                            "申请人：宋佳 2026年11月20日\n",
                            "notice_letter", arena);
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    char *proposed = hr_arena_fmt(arena, "employee_proposed_first=%s", letter);
    const char *lawful[] = {"case",   "review", id,      "--fact", agreed, "--fact",
                            proposed, "--as",   "E0003", "--role", "hr",   NULL};
    if (s_ctl(c, &out, &err, lawful))
        fail_msg("hrctl case review: %s%s", out, err);
    wfe_has("review", out, "severance 0.00");
    cs = wfe_get(c, id, arena);
    assert_true(cs->assessment->lawful);
    assert_int_equal(cs->assessment->severance_fen, 0);
    bool recorded = false;
    for (size_t i = 0; i < cs->n_facts; i++)
        recorded |= !strcmp(cs->facts[i]->fact, "employee_proposed_first") &&
                    cs->facts[i]->n_evidence_ids == 1 &&
                    !strcmp(cs->facts[i]->evidence_ids[0], letter);
    assert_true(recorded);
    const char *show[] = {"case", "show", id, "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_ctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "employee_proposed_first");

    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_employee_proposal_must_be_proven_before_severance_is_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
