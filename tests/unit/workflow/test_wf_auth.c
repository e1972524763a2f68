/*  unit.workflow.auth - who may read and act beside HR (wf_auth): the legal reviewer reads every
 *  case with its money, records disputes and renders documents to read them, and decides
 *  nothing; the employee concerned never reads their case, whatever roles they hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

static Hr__Actor s_actor(const char *user, char **roles, size_t n)
{
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = (char *)user;
    a.roles = roles;
    a.n_roles = n;
    return a;
}

static void test_legal_reads_every_case_and_sees_its_money(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E1";
    c.manager_no = "M1";
    c.opened_by = "M1";
    char *legal[] = {"legal"}, *manager[] = {"manager"}, *hr[] = {"hr"};
    Hr__Actor l = s_actor("L1", legal, 1), m = s_actor("M9", manager, 1),
              self = s_actor("E1", legal, 1), h = s_actor("H1", hr, 1);
    // No step of the case reaches L1, and no reporting line is given: legal reads it all the same.
    assert_true(wf_auth_can_read(&l, &c, NULL, 0));
    assert_true(wf_auth_reads_all(&l));
    assert_true(wf_actor_sees_money(&l));
    assert_false(wf_actor_is_hr(&l));
    assert_false(wf_auth_can_read(&m, &c, NULL, 0));
    assert_false(wf_auth_reads_all(&m));
    assert_false(wf_auth_can_read(&self, &c, NULL, 0)); // the employee concerned, as legal
    assert_true(wf_auth_can_read(&h, &c, NULL, 0));
}

static void test_legal_records_disputes_and_renders_to_read_only(void **state)
{
    HR_UNUSED(state);
    char *legal[] = {"legal"}, *manager[] = {"manager"}, *hr[] = {"hr"}, *op[] = {"operator"};
    Hr__Actor l = s_actor("L1", legal, 1), m = s_actor("M1", manager, 1), h = s_actor("H1", hr, 1),
              o = s_actor("operator", op, 1);
    assert_true(wf_auth_may_dispute(&l));
    assert_true(wf_auth_may_dispute(&h));
    assert_true(wf_auth_may_dispute(&o));
    assert_false(wf_auth_may_dispute(&m));
    assert_true(wf_auth_may_render(&l, false));
    assert_false(wf_auth_may_render(&l, true)); // storing a document as evidence is HR's act
    assert_true(wf_auth_may_render(&h, true));
    assert_true(wf_auth_may_render(&o, true));
    assert_false(wf_auth_may_render(&m, false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legal_reads_every_case_and_sees_its_money),
        cmocka_unit_test(test_legal_records_disputes_and_renders_to_read_only),
    };
    return cmocka_run_group_tests_name("unit.workflow.auth", tests, NULL, NULL);
}
