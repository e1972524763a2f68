/*  e2e.workflow_held - what the record of an interview and of the notice it leads to must not
 *  say, through the real daemon and hrctl, as a dismissed employee's lawyer reads them.
 *
 *  An interview entered after the fact is never dated before the case reached the interview (HR's
 *  review completed it), not even earlier on the review's day; every confirmation says whether the
 *  employee attended, one account of it, shown in `case show`, the history and the journal.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_interview_is_never_before_the_review_and_says_who_attended),
    };
    return cmocka_run_group_tests_name("e2e.workflow_held", tests, NULL, NULL);
}
