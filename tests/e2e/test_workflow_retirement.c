/*  e2e.workflow_retirement - LCL Art. 42(5) at HR review, through the real daemon: the people
 *  import carries birth_date and retirement_base, and the review sets the law engine's input
 *  long_service_near_retirement itself. A man born 1968-02-10 (male60: 60 years 10 months under
 *  the 2024 decision, retiring 2028-12-10) with 18 years here: an Art. 40(3) dismissal is
 *  returned as unlawful (PROTECTED_LONG_SERVICE) and the assessment says how it was computed.
 *  The same service without a birth date: lawful as proven, but never silently - the assessment
 *  needs review, with a finding asking HR to confirm Art. 42(5). GetPerson gives HR the position.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define VETERANS                                                                                   \
    "employee_no,name,department_id,manager_no,hire_date,contract_type,monthly_wage,"              \
    "average_wage,birth_date,retirement_base\n"                                                    \
    "E0300,老王,SALES,E0101,2008-03-03,open_ended,15000.00,15000.00,1968-02-10,male60\n"         \
    "E0301,老李,SALES,E0101,2008-03-03,open_ended,15000.00,15000.00,,\n"

// Opens, documents and submits an Art. 40(3) case for employee, then HR (E0002) reviews it with
// every fact proven, notice on 2026-12-01 (wfe_a40_3_review). The review's reply.
static Hr__Workflow__CaseReply *s_reviewed(e2e_t *c, const char *employee, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    return wfe_a40_3_review(c, "E0101", employee, &rv, arena);
}

static void test_art_42_5_is_computed_at_review(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_retirement");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ImportReply *ir = wfe_import_people(c, VETERANS, arena);
    assert_int_equal(ir->imported, 2);

    // Within Art. 42(5): the review returns the case, and says why.
    Hr__Workflow__CaseReply *rep = s_reviewed(c, "E0300", arena);
    assert_false(rep->accepted);
    bool blocked = false;
    for (size_t i = 0; i < rep->n_problems; i++)
        blocked |= !strcmp(rep->problems[i]->code, "PROTECTED_LONG_SERVICE");
    assert_true(blocked);
    assert_false(rep->case_->assessment->lawful);
    // It does not end before the retirement age: HR's finding says withdraw, not wait for proof
    // that it ended, and the manager is told so (case_blocked_lasting, not "submit it again").
    const Hr__Workflow__Finding *lf = wfe_finding(rep->case_->assessment, "PROTECTED_LONG_SERVICE");
    assert_non_null(strstr(lf->message_zh, "达到法定退休年龄之前不会消失"));
    assert_null(strstr(lf->message_zh, "已消失的材料"));
    assert_int_equal(wfe_outbox_count(c, rep->case_->id, "case_blocked_lasting", arena, NULL), 2);
    assert_int_equal(wfe_outbox_count(c, rep->case_->id, "case_blocked", arena, NULL), 0);
    const Hr__Workflow__Finding *f = wfe_finding(rep->case_->assessment, "RETIREMENT_AGE_COMPUTED");
    assert_non_null(f);
    assert_string_equal(f->severity, "info");
    assert_non_null(strstr(f->message_en, "2028-12-10"));

    // Unknown: lawful as proven, but HR is asked to confirm Art. 42(5).
    rep = s_reviewed(c, "E0301", arena);
    assert_true(rep->accepted);
    assert_true(rep->case_->assessment->lawful);
    assert_true(rep->case_->assessment->needs_review);
    f = wfe_finding(rep->case_->assessment, "RETIREMENT_AGE_UNKNOWN");
    assert_non_null(f);
    assert_string_equal(f->severity, "review");
    assert_string_equal(f->article, "LCL 42(5)");

    // HR's view of the person: the position today.
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0300";
    Hr__Workflow__GetPersonReply *pr = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    assert_non_null(pr->retirement);
    assert_string_equal(pr->retirement->position, "protected");
    assert_string_equal(pr->retirement->retirement_date, "2028-12-10");
    assert_string_equal(pr->person->birth_date, "1968-02-10");
    // Their manager sees neither.
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    assert_null(pr->retirement);
    assert_string_equal(pr->person->birth_date, "");
    assert_string_equal(pr->person->retirement_base, "");
    assert_int_equal(pr->person->n_protected_statuses, 0);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_art_42_5_is_computed_at_review),
    };
    return cmocka_run_group_tests_name("e2e.workflow_retirement", tests, NULL, NULL);
}
