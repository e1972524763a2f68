/*  unit.workflow.reads - who read a case: the read log on a real LMDB in a temp dir (seqs from 1
 *  per case, newest first, pages, the per-case cap, neighbouring cases kept apart, the case
 *  lists' one log beside them, an entry that
 *  cannot be written counted while nothing else stops), and the rules of wf_auth: what a reader
 *  reads a case as, whose reads are recorded, and who may read the log - HR, legal, the employee
 *  concerned once the case has reached them, never a manager.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#include <unistd.h>

#define CASE_A "01JN00000000000000000000AA"
#define CASE_AB "01JN00000000000000000000AB" // between A and B: never read
#define CASE_B "01JN00000000000000000000BB"

typedef struct {
    char *dir;         // owned: temp dir holding the LMDB env
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("wf_reads");
    f->store = hr_test_store_open(f->dir, wf_store_dbs, 64);
    f->arena = hr_arena_new(0);
    *state = f;
    return f->store ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static Hr__Workflow__CaseRead s_entry(const char *reader, const char *role, int64_t at_ms)
{
    Hr__Workflow__CaseRead r = HR__WORKFLOW__CASE_READ__INIT;
    r.reader = (char *)reader;
    r.role = (char *)role;
    r.route = "workflow.GetCase";
    r.detail = "case, history";
    r.at_ms = at_ms;
    return r;
}

// Appends one entry to case_id's log with this cap; its seq.
static uint64_t s_append(fixture_t *f, const char *case_id, const char *reader, size_t cap)
{
    Hr__Workflow__CaseRead r = s_entry(reader, "hr", HR_TEST_T0_MS);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_read_append(txn, case_id, &r, cap), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return r.seq;
}

static Hr__Workflow__ListCaseReadsReply *s_list(fixture_t *f, const char *case_id, uint64_t before,
                                                size_t max)
{
    Hr__Workflow__ListCaseReadsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__workflow__list_case_reads_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_reads_list(txn, case_id, before, max, f->arena, rep), HR_OK);
    hr_txn_abort(&txn);
    return rep;
}

static void test_reads_are_numbered_per_case_and_listed_newest_first(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(s_append(f, CASE_A, "E0003", 100), 1);
    assert_int_equal(s_append(f, CASE_B, "E0101", 100), 1); // each case counts its own
    assert_int_equal(s_append(f, CASE_A, "E0006", 100), 2);
    assert_int_equal(s_append(f, CASE_A, "E0100", 100), 3);

    Hr__Workflow__ListCaseReadsReply *rep = s_list(f, CASE_A, 0, 100);
    assert_int_equal(rep->n_reads, 3);
    assert_int_equal(rep->total, 3);
    assert_int_equal(rep->dropped, 0);
    assert_int_equal(rep->next_before, 0);
    assert_string_equal(rep->reads[0]->reader, "E0100");
    assert_int_equal(rep->reads[0]->seq, 3);
    assert_string_equal(rep->reads[2]->reader, "E0003");
    assert_string_equal(rep->reads[2]->route, "workflow.GetCase");
    assert_int_equal(rep->reads[2]->at_ms, HR_TEST_T0_MS);

    // B's one entry, whether A's come before it in the db or not; a case between them: none.
    rep = s_list(f, CASE_B, 0, 100);
    assert_int_equal(rep->n_reads, 1);
    assert_string_equal(rep->reads[0]->reader, "E0101");
    rep = s_list(f, CASE_AB, 0, 100);
    assert_int_equal(rep->n_reads, 0);
    assert_int_equal(rep->total, 0);
    assert_int_equal(rep->next_before, 0);
    rep = s_list(f, "not-an-id", 0, 100);
    assert_int_equal(rep->n_reads, 0);
}

static void test_reads_page_back_with_before(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 5; i++)
        s_append(f, CASE_A, "E0003", 100);
    s_append(f, CASE_B, "E0101", 100);
    Hr__Workflow__ListCaseReadsReply *rep = s_list(f, CASE_A, 0, 2);
    assert_int_equal(rep->n_reads, 2);
    assert_int_equal(rep->reads[0]->seq, 5);
    assert_int_equal(rep->reads[1]->seq, 4);
    assert_int_equal(rep->next_before, 4);
    rep = s_list(f, CASE_A, 4, 2);
    assert_int_equal(rep->n_reads, 2);
    assert_int_equal(rep->reads[0]->seq, 3);
    assert_int_equal(rep->next_before, 2);
    rep = s_list(f, CASE_A, 2, 2);
    assert_int_equal(rep->n_reads, 1);
    assert_int_equal(rep->reads[0]->seq, 1);
    assert_int_equal(rep->next_before, 0); // nothing older
    rep = s_list(f, CASE_A, 1, 2);
    assert_int_equal(rep->n_reads, 0);
    assert_int_equal(rep->total, 5);
    rep = s_list(f, CASE_A, 99, 10); // beyond the newest: from the newest
    assert_int_equal(rep->n_reads, 5);
}

static void test_the_cap_drops_the_oldest_and_the_count_goes_on(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 5; i++)
        s_append(f, CASE_A, i < 2 ? "E0201" : "E0003", 3);
    s_append(f, CASE_B, "E0101", 3);
    Hr__Workflow__ListCaseReadsReply *rep = s_list(f, CASE_A, 0, 100);
    assert_int_equal(rep->n_reads, 3);
    assert_int_equal(rep->total, 5);
    assert_int_equal(rep->dropped, 2);
    assert_int_equal(rep->reads[2]->seq, 3);
    for (size_t i = 0; i < rep->n_reads; i++)
        assert_string_equal(rep->reads[i]->reader, "E0003"); // E0201's two were the oldest
    assert_int_equal(s_append(f, CASE_A, "E0006", 3), 6);
    rep = s_list(f, CASE_A, 0, 100);
    assert_int_equal(rep->n_reads, 3);
    assert_int_equal(rep->dropped, 3);
    rep = s_list(f, CASE_B, 0, 100); // another case's cap is its own
    assert_int_equal(rep->n_reads, 1);
    assert_int_equal(rep->dropped, 0);
}

static void test_append_refuses_what_is_no_case(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__CaseRead r = s_entry("E0003", "hr", HR_TEST_T0_MS);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_read_append(txn, "E0117", &r, 10), HR_EINVAL);
    assert_int_equal(wf_store_read_append(txn, CASE_A, &r, 0), HR_EINVAL);
    hr_txn_abort(&txn);
}

// The case lists' log: one run for every list, newest first, paged and capped the same way, and
// kept apart from the cases' reads.
static void test_lists_are_one_log_newest_first(void **state)
{
    fixture_t *f = *state;
    s_append(f, CASE_A, "E0003", 100);
    for (uint32_t i = 1; i <= 4; i++) {
        Hr__Workflow__CaseListRead l = HR__WORKFLOW__CASE_LIST_READ__INIT;
        l.reader = i % 2 ? "E0101" : "E0003";
        l.role = i % 2 ? "own" : "hr";
        l.shown = i;
        l.first_id = CASE_A;
        l.last_id = CASE_B;
        hr_txn_t *txn = NULL;
        assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
        assert_int_equal(wf_store_list_append(txn, &l, 3), HR_OK);
        assert_int_equal(wf_store_list_append(txn, &l, 0), HR_EINVAL);
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
        assert_int_equal(l.seq, i);
    }
    Hr__Workflow__ListCaseReadsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__workflow__list_case_reads_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_lists_list(txn, 0, 2, f->arena, rep), HR_OK);
    assert_int_equal(rep->n_lists, 2);
    assert_int_equal(rep->total, 4);
    assert_int_equal(rep->dropped, 1); // cap 3
    assert_int_equal(rep->lists[0]->seq, 4);
    assert_int_equal(rep->lists[0]->shown, 4);
    assert_string_equal(rep->lists[1]->reader, "E0101");
    assert_string_equal(rep->lists[1]->first_id, CASE_A);
    assert_int_equal(rep->next_before, 3);
    assert_int_equal(wf_store_lists_list(txn, 3, 10, f->arena, rep), HR_OK);
    assert_int_equal(rep->n_lists, 1);
    assert_int_equal(rep->lists[0]->seq, 2);
    assert_int_equal(rep->next_before, 0);
    hr_txn_abort(&txn);
    assert_int_equal(s_list(f, CASE_A, 0, 10)->total, 1); // the case's reads are their own
}

// wf_server_record_read on a store whose commits fail as on a full disk (the platform's test
// hook): the entry is counted as unrecorded and nothing else happens; once the disk has room,
// the next read is recorded.
static void test_an_entry_that_cannot_be_written_is_counted(void **state)
{
    fixture_t *f = *state;
    wf_server_t srv;
    memset(&srv, 0, sizeof srv);
    srv.store = f->store;
    char *gate = hr_strfmt("%s/full", f->dir);
    FILE *g = fopen(gate, "w");
    assert_non_null(g);
    fclose(g);
    hr_store_set_full_gate(f->store, gate);
    Hr__Workflow__CaseRead r = s_entry("E0003", "hr", HR_TEST_T0_MS);
    r.route = "workflow.GetCase";
    r.msg_id = "01JN000000000000000000MSG1";
    assert_int_equal(wf_server_record_read(&srv, CASE_A, &r), HR_EFULL);
    assert_int_equal(srv.reads_unrecorded, 1);
    assert_int_equal(srv.reads_recorded, 0);
    assert_int_equal(s_list(f, CASE_A, 0, 10)->n_reads, 0);
    assert_int_equal(unlink(gate), 0);
    assert_int_equal(wf_server_record_read(&srv, CASE_A, &r), HR_OK);
    assert_int_equal(srv.reads_recorded, 1);
    assert_int_equal(s_list(f, CASE_A, 0, 10)->n_reads, 1);
    hr_store_set_full_gate(f->store, NULL);
    hr_free(gate);
}

// ---------------------------------------------------------------------------------------------
// Who reads as what, whose reads are recorded, who reads the log

static Hr__Actor s_actor(const char *user, char **roles, size_t n)
{
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = (char *)user;
    a.roles = roles;
    a.n_roles = n;
    return a;
}

static Hr__Workflow__Case s_case(void)
{
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E0117";
    c.manager_no = "E0101";
    c.opened_by = "E0101";
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    return c;
}

static void test_a_read_is_recorded_as_what_opened_the_case_to_the_reader(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = s_case();
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    Hr__Workflow__CaseStep *steps[] = {&st};
    st.owner_no = "E0150";
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    c.steps = steps;
    c.n_steps = 1;
    const char *chain[] = {"E0101", "E0100", "E0001"};
    char *head[] = {"hr", "hr_head", "manager"}, *hr[] = {"hr"}, *legal[] = {"legal"},
         *op[] = {"operator"}, *manager[] = {"manager"};
    Hr__Actor a = s_actor("E0002", head, 3);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "hr_head");
    a = s_actor("E0003", hr, 1);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "hr");
    a = s_actor("E0006", legal, 1);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "legal");
    a = s_actor("operator", op, 1);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "operator");
    a = s_actor("E0101", manager, 1);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "manager");
    a = s_actor("E0100", manager, 1);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "superior");
    a = s_actor("E0150", manager, 1);
    assert_string_equal(wf_auth_read_as(&a, &c, chain, 3), "step_owner");
    a = s_actor("E0201", manager, 1);
    assert_null(wf_auth_read_as(&a, &c, chain, 3));
    a = s_actor("E0117", hr, 1); // the employee concerned, whatever their roles
    assert_null(wf_auth_read_as(&a, &c, chain, 3));
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING; // not reached yet
    a = s_actor("E0150", manager, 1);
    assert_null(wf_auth_read_as(&a, &c, chain, 3));
    assert_false(wf_auth_can_read(&a, &c, chain, 3));
    // A list shows every case to HR and legal, the cases open to them to anyone else.
    a = s_actor("E0003", hr, 1);
    assert_string_equal(wf_auth_list_as(&a), "hr");
    a = s_actor("E0006", legal, 1);
    assert_string_equal(wf_auth_list_as(&a), "legal");
    a = s_actor("E0101", manager, 1);
    assert_string_equal(wf_auth_list_as(&a), "own");
}

static void test_only_a_persons_reads_are_recorded(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = "E0003";
    char *op[] = {"operator"}, *svc[] = {"service"}, *hr[] = {"hr"};
    Hr__Actor a = s_actor("operator", op, 1);
    assert_false(wf_auth_read_is_recorded(&a, NULL)); // hrctl's own identity
    a = s_actor("assistant", svc, 1);
    assert_false(wf_auth_read_is_recorded(&a, NULL)); // a daemon's own call
    a = s_actor("E0003", svc, 1);
    assert_true(wf_auth_read_is_recorded(&a, &p)); // a person claiming service is a person
    a = s_actor("E0003", op, 1);
    assert_true(wf_auth_read_is_recorded(&a, &p)); // ... and one claiming operator too
    a = s_actor("E0003", hr, 1);
    assert_true(wf_auth_read_is_recorded(&a, &p));
    a = s_actor("E9999", hr, 1);
    assert_true(wf_auth_read_is_recorded(&a, NULL)); // unknown, claiming no service
}

static void test_the_read_log_is_for_hr_legal_and_the_told_employee(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = s_case();
    char *hr[] = {"hr"}, *legal[] = {"legal"}, *op[] = {"operator"}, *manager[] = {"manager"},
         *emp[] = {"employee"};
    Hr__Actor h = s_actor("E0003", hr, 1), l = s_actor("E0006", legal, 1),
              o = s_actor("operator", op, 1), m = s_actor("E0101", manager, 1),
              s = s_actor("E0100", manager, 1), e = s_actor("E0117", emp, 1),
              eh = s_actor("E0117", hr, 1);
    assert_string_equal(wf_auth_reads_log_as(&h, &c), "hr");
    assert_string_equal(wf_auth_reads_log_as(&l, &c), "legal");
    assert_string_equal(wf_auth_reads_log_as(&o, &c), "operator");
    assert_null(wf_auth_reads_log_as(&m, &c)); // the manager reads the case, not who read it
    assert_null(wf_auth_reads_log_as(&s, &c));
    // The employee: not while the case is HR's and the manager's alone, whatever their roles.
    assert_false(wf_auth_employee_told(&c));
    assert_null(wf_auth_reads_log_as(&e, &c));
    assert_null(wf_auth_reads_log_as(&eh, &c));
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    c.interview = &iv; // a record without a date: nothing scheduled
    assert_false(wf_auth_employee_told(&c));
    iv.date = "2026-12-03";
    assert_true(wf_auth_employee_told(&c));
    assert_string_equal(wf_auth_reads_log_as(&e, &c), "employee");
    assert_string_equal(wf_auth_reads_log_as(&eh, &c), "employee");
    c.interview = NULL;
    Hr__Workflow__Outcome out = HR__WORKFLOW__OUTCOME__INIT;
    c.outcome = &out; // an expiry: no interview, the notice served
    assert_true(wf_auth_employee_told(&c));
    c.outcome = NULL;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN; // before it reached them
    assert_false(wf_auth_employee_told(&c));
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    assert_true(wf_auth_employee_told(&c));
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    assert_true(wf_auth_employee_told(&c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reads_are_numbered_per_case_and_listed_newest_first,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_reads_page_back_with_before, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_cap_drops_the_oldest_and_the_count_goes_on,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_append_refuses_what_is_no_case, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_lists_are_one_log_newest_first, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_entry_that_cannot_be_written_is_counted, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_a_read_is_recorded_as_what_opened_the_case_to_the_reader),
        cmocka_unit_test(test_only_a_persons_reads_are_recorded),
        cmocka_unit_test(test_the_read_log_is_for_hr_legal_and_the_told_employee),
    };
    return cmocka_run_group_tests_name("unit.workflow.reads", tests, NULL, NULL);
}
