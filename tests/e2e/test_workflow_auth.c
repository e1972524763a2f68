/*  e2e.workflow_auth - authorization on the envelope's actor, inside hr-workflow.
 *
 *  A manager of another department can neither read nor act on a case; the employee concerned
 *  cannot see it (not even with a manager's role on their account); the initiating manager,
 *  the superiors on the employee's reporting line and HR can; protected-status facts and wages
 *  in the directory reach HR only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA "3333333333333333333333333333333333333333333333333333333333333333"

static hr_rc_t s_get(e2e_t *c, const char *user, const char *roles, const char *id,
                     hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)id;
    void *rep = NULL;
    return wfe_call(c, user, roles, "workflow.GetCase", &req.base,
                    &hr__workflow__case_reply__descriptor, arena, &rep);
}

static size_t s_list(e2e_t *c, const char *user, const char *roles, hr_arena_t *arena)
{
    Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *rep = NULL;
    if (wfe_call(c, user, roles, "workflow.ListCases", &req.base,
                 &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep))
        return SIZE_MAX;
    return rep->n_cases;
}

static void test_other_manager_and_employee_cannot_see_or_act(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-auth");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // Only the employee's own manager (or HR) may open a case.
    assert_null(wfe_open(c, "E0201", "E0117", "A39_1", arena));
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);

    // Who may read.
    assert_int_equal(s_get(c, "E0101", "manager", id, arena), HR_OK);       // opened it
    assert_int_equal(s_get(c, "E0100", "manager", id, arena), HR_OK);       // superior
    assert_int_equal(s_get(c, "E0001", "manager", id, arena), HR_OK);       // superior's superior
    assert_int_equal(s_get(c, "E0003", "hr", id, arena), HR_OK);            // HR
    assert_int_equal(s_get(c, "E0201", "manager", id, arena), HR_EDENIED);  // other department
    assert_int_equal(s_get(c, "E0102", "manager", id, arena), HR_EDENIED);  // peer manager
    assert_int_equal(s_get(c, "E0117", "employee", id, arena), HR_EDENIED); // the employee
    assert_int_equal(s_get(c, "E0117", "employee,manager", id, arena), HR_EDENIED);
    assert_int_equal(s_get(c, "", "", id, arena), HR_EDENIED); // nobody

    // Lists are filtered the same way.
    assert_int_equal(s_list(c, "E0101", "manager", arena), 1);
    assert_int_equal(s_list(c, "E0201", "manager", arena), 0);
    assert_int_equal(s_list(c, "E0117", "employee", arena), 0);
    assert_int_equal(s_list(c, "E0002", "hr", arena), 1);

    // Nor may they act.
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.evidence_id = SHA;
    at.kind = "performance_report";
    at.sha256 = SHA;
    void *rep = NULL;
    assert_int_equal(wfe_call(c, "E0201", "manager", "workflow.AttachEvidence", &at.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    assert_int_equal(wfe_call(c, "E0117", "employee", "workflow.AttachEvidence", &at.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_int_equal(wfe_call(c, "E0201", "manager", "workflow.SubmitCase", &sub.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = id;
    wd.reason = "not mine";
    assert_int_equal(wfe_call(c, "E0201", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    // The superior may read but the withdrawal belongs to whoever opened the case.
    assert_int_equal(wfe_call(c, "E0100", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    assert_int_equal(wfe_call(c, "E0201", "manager", "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    // The case is untouched: still at request, version 1, no evidence.
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_non_null(now);
    assert_int_equal(now->n_evidence, 0);
    assert_int_equal(now->version, 1);

    // The directory: protected facts and wages for HR only; other departments not at all.
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0117";
    Hr__Workflow__GetPersonReply *pr = NULL;
    assert_int_equal(wfe_call(c, "E0201", "manager", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_EDENIED);
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    assert_int_equal(pr->person->monthly_wage_fen, 0);
    assert_int_equal(pr->n_chain, 3); // E0101, E0100, E0001
    assert_int_equal(wfe_call(c, "E0002", "hr", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    assert_int_equal(pr->person->monthly_wage_fen, 1800000);
    // Imports are HR's.
    Hr__Workflow__ImportPeopleRequest ip = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.ImportPeople", &ip.base,
                              &hr__workflow__import_reply__descriptor, arena, &rep),
                     HR_EDENIED);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Roles are the directory's, not the caller's say-so: a key-account manager whose entry gives
// no HR role, claiming hr, neither reads wages nor reviews; someone the directory does not know
// is no HR either; the employee claiming operator still cannot read their own case.
static void test_claimed_roles_count_only_with_the_directory(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-auth-roles");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);

    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0201";
    Hr__Workflow__GetPersonReply *pr = NULL;
    assert_int_equal(wfe_call(c, "E0110", "hr", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_EDENIED);
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    assert_true(pr->person->monthly_wage_fen > 0);
    assert_int_equal(s_get(c, "E0110", "hr", id, arena), HR_EDENIED);
    assert_int_equal(s_get(c, "E0110", "hr_head,legal", id, arena), HR_EDENIED);
    assert_int_equal(s_get(c, "H9999", "hr", id, arena), HR_EDENIED); // not in the directory
    assert_int_equal(s_get(c, "E0117", "operator", id, arena), HR_EDENIED);
    assert_int_equal(s_get(c, "E0117", "hr,operator", id, arena), HR_EDENIED);
    assert_int_equal(s_list(c, "E0110", "hr", arena), 0);
    assert_int_equal(s_list(c, "E0117", "operator", arena), 0);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    void *rep = NULL;
    assert_int_equal(wfe_call(c, "E0110", "hr", "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    // Nor does the operator (IT) decide whether a dismissal is lawful.
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ReviewCase", &rv.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    // The event log names every case's employee, ground and reporting line: services and the
    // operator read it, a person does not, whatever roles they claim.
    Hr__Sys__EventsSinceRequest es = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    es.max = 10;
    assert_int_equal(wfe_call(c, "E0117", "employee", "sys.EventsSince", &es.base,
                              &hr__sys__events_since_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    assert_int_equal(wfe_call(c, "E0003", "hr,operator", "sys.EventsSince", &es.base,
                              &hr__sys__events_since_reply__descriptor, arena, &rep),
                     HR_EDENIED);
    assert_int_equal(wfe_call(c, NULL, NULL, "sys.EventsSince", &es.base,
                              &hr__sys__events_since_reply__descriptor, arena, &rep),
                     HR_OK);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// GetPerson of employee_no as user/roles: the code.
static hr_rc_t s_person(e2e_t *c, const char *user, const char *roles, const char *employee_no,
                        hr_arena_t *arena)
{
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = (char *)employee_no;
    void *rep = NULL;
    return wfe_call(c, user, roles, "workflow.GetPerson", &gp.base,
                    &hr__workflow__get_person_reply__descriptor, arena, &rep);
}

// The privacy officer's review of 2026-11-29 (PIPL Art. 51): reads of the directory left no
// trace. Each GetPerson a reader is let in on is a person.read line - who, as what, whose entry,
// which sensitive parts the reply carried -, a refusal a person.denied line, HR's ListPeople a
// people.list line; and none carries a value: not the identity number, the birth date nor the
// protected status's source.
static void test_directory_reads_are_logged_without_their_values(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-auth-person-reads");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    wfe_import_people(
        c,
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected,birth_date,retirement_base,id_no\n"
        "E0117,吴昊,SALES,E0101,wu.hao@example.com,13800000117,大客户经理,2026-10-26,fixed,"
        "2026-10-26,2029-10-25,2027-04-25,18000.00,18000.00,,,zh,"
        "pregnant:医院证明 2026-11-25 孕12周,1997-03-12,,310115199703120513\n",
        arena);
    assert_int_equal(s_person(c, "E0003", "hr", "E0117", arena), HR_OK);
    assert_int_equal(s_person(c, "E0101", "manager", "E0117", arena), HR_OK);
    assert_int_equal(s_person(c, "E0117", "employee", "E0117", arena), HR_OK);
    assert_int_equal(s_person(c, "E0201", "manager", "E0117", arena), HR_EDENIED);
    Hr__Workflow__ListPeopleRequest lp = HR__WORKFLOW__LIST_PEOPLE_REQUEST__INIT;
    lp.department_id = "SALES";
    void *rep = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.ListPeople", &lp.base,
                              &hr__workflow__list_people_reply__descriptor, arena, &rep),
                     HR_OK);

    // Each line is written before its reply leaves.
    char *path = hr_strfmt("%s/log/workflow.log", e2e_dir(c));
    char *log = hr_test_read_file(path, NULL);
    assert_non_null(log);
    const char *want[] = {
        "ev=person.read actor=E0003 as=hr employee_no=E0117 route=workflow.GetPerson "
        "parts=wage,id_no,protected,birth_date msg=",
        "ev=person.read actor=E0101 as=superior employee_no=E0117 route=workflow.GetPerson "
        "parts=- msg=",
        // The person reads their own protected statuses (README "Directory import").
        "ev=person.read actor=E0117 as=self employee_no=E0117 route=workflow.GetPerson "
        "parts=protected msg=",
        "ev=person.denied actor=E0201 employee_no=E0117 route=workflow.GetPerson msg=",
        "ev=people.list actor=E0003 shown=",
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(want); i++)
        if (!strstr(log, want[i]))
            fail_msg("no '%s' in the workflow log:\n%s", want[i], log);
    const char *never[] = {"310115199703120513", "医院证明", "孕12周", "1997-03-12"};
    for (size_t i = 0; i < HR_ARRAY_LEN(never); i++)
        if (strstr(log, never[i]))
            fail_msg("the workflow log holds '%s':\n%s", never[i], log);
    hr_free(log);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_manager_and_employee_cannot_see_or_act),
        cmocka_unit_test(test_claimed_roles_count_only_with_the_directory),
        cmocka_unit_test(test_directory_reads_are_logged_without_their_values),
    };
    return cmocka_run_group_tests_name("e2e.workflow_auth", tests, NULL, NULL);
}
