/*  e2e.workflow_reference - the reference scenario through the real daemon and hrctl.
 *
 *  A key account manager one month into probation (E0117); their sales manager (E0101) opens a
 *  request on the probation ground (A39_1) with no evidence. Submitting is refused, naming the
 *  evidence kinds each legal fact needs. With evidence attached the request reaches HR; HR can
 *  confirm the failure and the notice but has no documented hiring conditions, so hr_law
 *  returns the case to the manager with the finding in both languages, and the manager is told
 *  through the outbox. The demo is loaded with hrctl, as deploy/run.sh does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA_A "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA_B "2222222222222222222222222222222222222222222222222222222222222222"

static int s_hrctl(e2e_t *c, char **out, const char *a1, const char *a2, const char *a3,
                   const char *a4, const char *a5, const char *a6, const char *a7)
{
    char *bin = hr_test_bin_path("hrctl");
    char *argv[] = {bin,        (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5,
                    (char *)a6, (char *)a7, NULL,       NULL,       NULL};
    size_t n = 1;
    while (argv[n])
        n++;
    argv[n++] = "--config-dir";
    argv[n++] = (char *)e2e_config_dir(c);
    char *err = NULL;
    int rc = e2e_run(argv, out, &err);
    if (rc)
        fprintf(stderr, "hrctl %s %s: exit %d: %s\n", a1, a2 ? a2 : "", rc, err ? err : "");
    hr_free(err);
    hr_free(bin);
    return rc;
}

static const Hr__Workflow__Finding *s_problem(const Hr__Workflow__CaseReply *rep, const char *fact)
{
    for (size_t i = 0; i < rep->n_problems; i++)
        if (strstr(rep->problems[i]->fact, fact))
            return rep->problems[i];
    return NULL;
}

static void test_reference_scenario_refused_then_returned_by_law(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-ref");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *dept = hr_test_source_path("deploy/demo/departments.csv");
    char *people = hr_test_source_path("deploy/demo/people.csv");
    char *out = NULL;
    assert_int_equal(s_hrctl(c, &out, "import", "departments", dept, NULL, NULL, NULL, NULL), 0);
    hr_free(out);
    assert_int_equal(s_hrctl(c, &out, "import", "people", people, NULL, NULL, NULL, NULL), 0);
    assert_non_null(strstr(out, "42 imported"));
    hr_free(out);
    hr_free(dept);
    hr_free(people);

    // The sales manager opens the request with no evidence, as deploy/run.sh does.
    assert_int_equal(s_hrctl(c, &out, "case", "open", "E0117", "A39_1", "--as", "E0101", NULL), 0);
    hr_free(out);
    assert_int_equal(s_hrctl(c, &out, "case", "list", "--json", NULL, NULL, NULL, NULL), 0);
    assert_non_null(strstr(out, "\"employee_no\": \"E0117\""));
    assert_non_null(strstr(out, "\"step\": \"request\""));
    hr_free(out);
    Hr__Workflow__ListCasesRequest lreq = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *list = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListCases", &lreq.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_cases, 1);
    char *id = hr_arena_strdup(arena, list->cases[0]->id);

    // Submit without evidence: refused, each missing kind named per fact, nothing moves.
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    Hr__Workflow__CaseReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.SubmitCase", &sub.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_false(rep->accepted);
    assert_int_equal(rep->n_problems, 3);
    const Hr__Workflow__Finding *f = s_problem(rep, "hiring_conditions_defined");
    assert_non_null(f);
    assert_string_equal(f->code, "MISSING_EVIDENCE");
    assert_non_null(strstr(f->message_en, "hiring_conditions"));
    assert_non_null(strstr(f->message_zh, "录用条件"));
    f = s_problem(rep, "hiring_conditions_made_known");
    assert_non_null(f);
    assert_non_null(strstr(f->message_en, "rule_acknowledgement"));
    f = s_problem(rep, "failure_proven");
    assert_non_null(f);
    assert_non_null(strstr(f->message_en, "performance_report"));
    assert_non_null(strstr(f->message_en, "assessment_result"));
    assert_string_equal(rep->case_->steps[rep->case_->current]->key, "request");

    // The manager attaches what they have: the offer letter and a probation review.
    const char *ev[][3] = {{SHA_A, "hiring_conditions", SHA_A},
                           {SHA_B, "performance_report", SHA_B}};
    for (size_t i = 0; i < 2; i++) {
        Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
        at.case_id = id;
        at.evidence_id = (char *)ev[i][0];
        at.kind = (char *)ev[i][1];
        at.sha256 = (char *)ev[i][2];
        assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.AttachEvidence", &at.base,
                                  &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                         HR_OK);
    }
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.SubmitCase", &sub.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_true(rep->accepted);
    assert_string_equal(rep->case_->steps[rep->case_->current]->key, "hr_review");
    assert_string_equal(rep->case_->steps[rep->case_->current]->owner_no, "E0002"); // HR head

    // HR review: the offer letter does not state hiring conditions, so HR confirms only what
    // the evidence proves. hr_law blocks; the case goes back to the manager.
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    Hr__Workflow__FactConfirmation f1 = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    Hr__Workflow__FactConfirmation f2 = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ids1[] = {SHA_B}, *ids2[] = {SHA_A};
    f1.fact = "failure_proven";
    f1.evidence_ids = ids1;
    f1.n_evidence_ids = 1;
    f2.fact = "hiring_conditions_made_known";
    f2.evidence_ids = ids2;
    f2.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *facts[] = {&f1, &f2};
    rv.facts = facts;
    rv.n_facts = 2;
    // A manager cannot review.
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_EDENIED);
    // Evidence of a kind that cannot prove the fact is refused as input.
    f1.evidence_ids = ids2;
    assert_int_equal(wfe_call(c, "E0002", "hr", "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_EINVAL);
    f1.evidence_ids = ids1;
    // The offer letter is attached and could prove the conditions defined: leaving it out
    // without saying why decides nothing - the manager would read it was not accepted.
    assert_int_equal(wfe_call(c, "E0002", "hr", "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_false(rep->accepted);
    assert_string_equal(rep->problems[0]->code, "NOTE_REQUIRED");
    f = s_problem(rep, "hiring_conditions_defined");
    assert_non_null(f);
    assert_string_equal(f->code, "EVIDENCE_LEFT_OUT");
    assert_non_null(strstr(f->message_en, "hiring_conditions " SHA_A));
    assert_string_equal(rep->case_->steps[rep->case_->current]->key, "hr_review");
    rv.note = "the offer letter states no hiring conditions";
    assert_int_equal(wfe_call(c, "E0002", "hr", "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_false(rep->accepted);
    f = s_problem(rep, "hiring_conditions_defined");
    assert_non_null(f);
    assert_string_equal(f->severity, "block");
    assert_non_null(strstr(f->article, "39(1)"));
    assert_true(strlen(f->message_zh) > 0 && strlen(f->message_en) > 0);
    assert_false(rep->case_->assessment->lawful);
    assert_int_equal(rep->case_->returns, 1);
    assert_string_equal(rep->case_->steps[rep->case_->current]->key, "request");
    assert_true(rep->case_->steps[rep->case_->current]->due_ms > 0);

    // The manager hears about it through the outbox, with email and mobile resolved.
    Hr__Workflow__WorkflowNotifySend *send = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "case_returned", arena, &send), 1);
    assert_int_equal(send->n_to, 1);
    assert_string_equal(send->to[0]->employee_no, "E0101");
    assert_string_equal(send->to[0]->email, "liu.qiang@example.com");
    assert_string_equal(send->to[0]->mobile, "13800000101");
    // Events for analytics and the assistant.
    assert_int_equal(wfe_event_count(c, "workflow.CaseOpened", arena), 1);
    assert_int_equal(wfe_event_count(c, "workflow.StepCompleted", arena), 2); // request, review
    assert_int_equal(wfe_event_count(c, "workflow.CaseReturned", arena), 1);

    // hrctl case show names the finding too.
    assert_int_equal(s_hrctl(c, &out, "case", "show", id, NULL, NULL, NULL, NULL), 0);
    assert_non_null(strstr(out, "UNLAWFUL"));
    assert_non_null(strstr(out, "returned"));
    assert_non_null(strstr(out, " UTC+08:00  done ")); // a step's due time says its zone
    hr_free(out);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_scenario_refused_then_returned_by_law),
    };
    return cmocka_run_group_tests_name("e2e.workflow_reference", tests, NULL, NULL);
}
