/*  e2e.workflow_held - what the record of an interview and of the notice it leads to must not
 *  say, through the real daemon and hrctl, as a dismissed employee's lawyer reads them.
 *
 *  An interview entered after the fact is never dated before the case reached the interview (HR's
 *  review completed it), not even earlier on the review's day; every confirmation says whether the
 *  employee attended, one account of it, shown in `case show`, the history and the journal. A
 *  notice this system rendered that gives less than thirty days and promises the month's wage in
 *  lieu of notice is recorded as paying it: the case says what the served letter says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA5 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

// The note of the last history entry of this action, "" when none.
static const char *s_last_note(const Hr__Workflow__Case *cs, const char *action)
{
    const char *note = "";
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, action))
            note = cs->history[i]->note;
    return note;
}

static void s_confirm(e2e_t *c, const char *id, const char *user, const char *roles,
                      const char *attended, const char *notes, hr_rc_t want, const char *says,
                      hr_arena_t *arena)
{
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = (char *)id;
    ci.employee_attended = (char *)attended;
    ci.notes = (char *)notes;
    if (want)
        wfe_case_refused(c, user, roles, "workflow.ConfirmInterview", &ci.base, arena, want, says);
    else
        wfe_case_do(c, user, roles, "workflow.ConfirmInterview", &ci.base, arena);
}

// Reviewed on 2026-11-30 at 14:00; on 12-01 HR enters an interview "held" that morning at 09:00,
// five hours before the request was reviewed: refused, naming both times; held at 15:00 that
// day it is taken, labelled as entered after the fact. Each confirmation says whether the
// employee came: none without it, none contradicting another.
static void test_an_interview_is_never_before_the_review_and_says_who_attended(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-held-interview");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-11-30", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    wfe_clock_to(c, "2026-11-30", 14, arena);
    wfe_a39_1_reviewed(c, id, sha, "试用期内两次考核未达录用条件第3条", arena);

    wfe_clock_to(c, "2026-12-01", 9, arena);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-11-30";
    pr.time = "09:00";
    pr.place = "Room 9";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "date, time: 2026-11-30 09:00 is before HR reviewed the case (2026-11-30 "
                     "14:00): the interview comes after the review");
    pr.time = "13:59";
    wfe_case_refused(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "is before HR reviewed the case");
    assert_null(wfe_get(c, id, arena)->interview);
    pr.time = "15:00";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_true(rep->accepted);
    wfe_has("history", s_last_note(rep->case_, "interview_scheduled"),
            "held before it was entered");

    // Confirmed without saying whether the employee came: refused, saying what is asked.
    s_confirm(c, id, "E0003", "hr", "", "", HR_EINVAL,
              "employee_attended: required: say whether employee E0117 attended the "
              "interview, yes or no",
              arena);
    s_confirm(c, id, "E0003", "hr", "maybe", "", HR_EINVAL, "'maybe' is not yes or no", arena);
    assert_int_equal(wfe_get(c, id, arena)->interview->n_confirmations, 0);
    s_confirm(c, id, "E0003", "hr", "no", "员工未到场，电话未接", HR_OK, NULL, arena);
    // hrctl case confirm without the flag: the same refusal, saying what it needs.
    char *out = NULL, *err = NULL;
    const char *bare[] = {"case", "confirm", id, "--as", "E0101", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, bare), 0);
    wfe_has("hrctl case confirm", err, "--employee-attended yes|no");
    hr_free(out);
    hr_free(err);
    // The manager says otherwise: refused, naming HR's account.
    s_confirm(c, id, "E0101", "manager", "yes", "", HR_ECONFLICT,
              "E0003 (hr) confirmed that employee E0117 attended: no; this confirmation says yes",
              arena);
    s_confirm(c, id, "E0101", "manager", "no", "", HR_OK, NULL, arena);

    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__Interview *iv = cs->interview;
    assert_int_equal(iv->n_confirmations, 2);
    assert_string_equal(iv->confirmations[0]->employee_attended, "no");
    assert_string_equal(iv->confirmations[1]->employee_attended, "no");
    assert_int_equal(wfe_history_count(cs, "interview_confirmed"), 2);
    wfe_has("history", s_last_note(cs, "interview_confirmed"), "manager; employee attended: no");
    assert_true(cs->current < cs->n_steps);
    assert_string_equal(cs->steps[cs->current]->key, "outcome"); // both confirmed: held

    // hrctl: case show and the journal say it.
    const char *show[] = {"case", "show", id, "--as", "E0002", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "interview: 2026-11-30 15:00 at Room 9");
    wfe_has("case show", out, "confirmed by E0003 (hr)");
    wfe_has("case show", out, "employee attended: no: 员工未到场，电话未接");
    hr_free(out);
    hr_free(err);
    const char *journal[] = {"case", "journal", id, "--json", "--as", "E0002", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, journal), 0);
    wfe_has("case journal", out, "employee attended: no");
    wfe_has("case journal", out, "\"employee_attended\": \"no\"");
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// E0210's A40_3 case (manager E0201), reviewed with thirty days' notice (2026-12-01 to 12-31,
// no pay in lieu). HR serves the notice this system renders the same day it ends: the letter
// promises one month's wage in lieu of notice; the outcome on it records pay in lieu, the
// warning that it is "not yet planned" gone, and case show says what the letter says.
static void test_a_short_notice_letter_is_recorded_as_paying_in_lieu(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-held-in-lieu");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_config_evidence(c);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-31";
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0201", "E0210", &rv, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "");
    assert_false(rep->case_->assessment->pay_in_lieu_of_notice);
    char *id = rep->case_->id;
    wfe_interview_held(c, id, "2026-12-01", arena);
    s_confirm(c, id, "E0003", "hr", "yes", "", HR_OK, NULL, arena);
    s_confirm(c, id, "E0201", "manager", "yes", "", HR_OK, NULL, arena);

    // The notice served today, ending today: it promises the month's wage in lieu.
    char *out = NULL, *err = NULL;
    const char *store[] = {"case",       "document",    id,           "notice",  "--served",
                           "2026-12-01", "--effective", "2026-12-01", "--store", "--as",
                           "E0003",      NULL};
    int rc = e2e_hrctl(c, &out, &err, store);
    if (rc)
        fail_msg("hrctl case document --served --store: exit %d: %s", rc, err);
    wfe_has("notice", out, "以额外支付您一个月工资代替提前三十日书面通知");
    wfe_has("notice", out, "25,000.00");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    char *letter = hr_arena_strdup(arena, cs->evidence[cs->n_evidence - 1]->id);
    wfe_attach(c, "E0003", "hr", id, "other", SHA5, arena); // the witnesses' statement

    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = letter;
    oc.service_evidence_id = SHA5;
    rep = wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_true(rep->accepted);
    for (size_t i = 0; i < rep->n_problems; i++)
        assert_string_not_equal(rep->problems[i]->code, "NOTICE_PAY_OWED");

    cs = wfe_get(c, id, arena);
    const Hr__Workflow__Assessment *a = cs->assessment;
    assert_true(a->pay_in_lieu_of_notice);
    assert_int_equal(a->notice_pay_fen, 2500000);
    bool planned = false;
    for (size_t i = 0; i < a->n_findings; i++) {
        assert_string_not_equal(a->findings[i]->code, "NOTICE_PAY_OWED");
        planned |= !strcmp(a->findings[i]->code, "NOTICE_PAY_IN_LIEU");
    }
    assert_true(planned);
    assert_non_null(cs->reviewed_assessment);
    assert_false(cs->reviewed_assessment->pay_in_lieu_of_notice);
    wfe_has("assessment_changed", s_last_note(cs, "assessment_changed"),
            "states that one month's wage is paid in lieu of notice");
    wfe_has("assessment_changed", s_last_note(cs, "assessment_changed"), "pay in lieu no -> yes");

    const char *show[] = {"case", "show", id, "--as", "E0002", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "pay in lieu of notice: reviewed no, at the outcome yes");
    hr_free(out);
    hr_free(err);
    // Made again after the outcome, the letter still says the same.
    const char *again[] = {"case", "document", id, "notice", "--as", "E0003", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, again), 0);
    wfe_has("notice after the outcome", out, "以额外支付您一个月工资代替提前三十日书面通知");
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_interview_is_never_before_the_review_and_says_who_attended),
        cmocka_unit_test(test_a_short_notice_letter_is_recorded_as_paying_in_lieu),
    };
    return cmocka_run_group_tests_name("e2e.workflow_held", tests, NULL, NULL);
}
