/*  test_ev_events - what hr-evidence learns from the workflow's events, on a real LMDB:
 *  CaseOpened names the case's people, CaseClosed starts the retention clock (from the end of
 *  the contract when that comes later; an earlier close never moves a later one back), a live
 * DisputeRecorded puts the case on hold, RolesChanged records who holds which role, the
 * interview held (or the outcome recorded) tells the case's employee of the case, a people
 * import's CaseLineChanged replaces the case's reporting line; each is
 * audited; an event that cannot be applied is passed over and counted, never stops the ones after
 * it. A hand close (evidence.CloseCase) keeps the latest end recorded too, and one that cannot be
 * a close (seconds for milliseconds, before the case began) is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ev.h"
#include "hr_test.h"
#include "workflow.pb-c.h"

#define CASE_A "01JN00000000000000000000AA"
#define CASE_B "01JN00000000000000000000BB"
#define CASE_C "01JN00000000000000000000CC"
#define ID_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define DAY HR_DAY_MS

typedef struct {
    char *dir;          // owned
    hr_store_t *store;  // owned
    hr_arena_t *arena;  // owned
    ev_server_t srv;    // the parts ev_events_apply uses
    uint64_t seq;       // the last event fed
    int64_t keep_named; // the workflow's keeping end s_close_by_hand names (0 none)
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("ev_events");
    f->store = hr_test_store_open(f->dir, ev_store_dbs, 16);
    f->arena = hr_arena_new(0);
    f->srv.store = f->store;
    f->srv.clock = hr_clock_fake_new(HR_TEST_T0_MS);
    f->srv.ledger_path = hr_strfmt("%s/evidence.key.shredded", f->dir); // the sweep writes it
    for (int k = 0; k < EV_KIND_COUNT; k++)
        f->srv.retention_days[k] = EV_DEFAULT_RETENTION_DAYS;
    char *bad = NULL;
    assert_int_equal(
        ev_employee_kinds_parse(EV_EMPLOYEE_KINDS_DEFAULT, f->srv.employee_reads, &bad), 0);
    *state = f;
    return f->store ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_clock_destroy(&f->srv.clock);
    hr_free(f->srv.blob_dir);
    hr_free(f->srv.ledger_path);
    hr_store_destroy(&f->store);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

// Feeds one event (type, packed body) through ev_events_apply in its own write transaction.
static hr_rc_t s_feed(fixture_t *f, const char *type, const ProtobufCMessage *body)
{
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = ++f->seq;
    ev.type = (char *)type;
    ev.at_ms = HR_TEST_T0_MS;
    uint8_t buf[4096];
    ev.body.len = body ? protobuf_c_message_pack(body, buf) : 3;
    ev.body.data = body ? buf : (uint8_t *)"\xff\xff\xff"; // no message at all
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = ev_events_apply(&f->srv, txn, &ev);
    if (rc)
        hr_txn_abort(&txn);
    else
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return rc;
}

static Hr__Evidence__CaseInfo *s_case(fixture_t *f, const char *id)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, id, f->arena, &c);
    hr_txn_abort(&txn);
    return rc ? NULL : c;
}

static void s_put_case(fixture_t *f, const Hr__Evidence__CaseInfo *c)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(ev_store_case_put(txn, c), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// The action of audit entry seq ("" when there is none).
static const char *s_action(fixture_t *f, uint64_t seq)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__AuditEntry *e = NULL;
    hr_rc_t rc = ev_store_audit_get(txn, seq, f->arena, &e);
    hr_txn_abort(&txn);
    return rc ? "" : hr_arena_strdup(f->arena, e->action);
}

// Stores record ID_A of kind under case_id alone, uploaded by E0003 at uploaded_ms, active.
static void s_record(fixture_t *f, const char *kind, const char *case_id, int64_t uploaded_ms)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
    char *cases[] = {(char *)case_id};
    e.id = ID_A;
    e.kind = (char *)kind;
    e.case_ids = cases;
    e.n_case_ids = 1;
    e.uploader = "E0003";
    e.uploaded_ms = uploaded_ms;
    e.state = HR__EVIDENCE__STATE__STATE_ACTIVE;
    assert_int_equal(ev_store_evidence_put(txn, &e, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// A hand close of case_id at closed_ms, now now, as ev_handle_close_case makes it: its result,
// committed when OK (aborted otherwise), the refusal in why.
static hr_rc_t s_close_by_hand(fixture_t *f, const char *case_id, int64_t closed_ms, int64_t now,
                               Hr__Evidence__CloseCaseReply *rep, char *why, size_t why_len)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr__evidence__close_case_reply__init(rep);
    hr_rc_t rc = ev_case_close_by_hand(&f->srv, txn, f->arena, case_id, closed_ms, f->keep_named,
                                       "E0003", now, rep, NULL, why, why_len);
    if (rc)
        hr_txn_abort(&txn);
    else
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return rc;
}

static void test_opened_names_the_case_people_and_closed_starts_retention(void **state)
{
    fixture_t *f = *state;
    // A record of case A, its retention not started.
    s_record(f, "feedback_talk_record", CASE_A, 0);

    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    char *line[] = {"E0101", "E0100", "E0001"};
    o.case_id = CASE_A;
    o.employee_no = "E0110";
    o.manager_no = "E0101";
    o.opened_by = "E0101";
    o.reporting_line = line;
    o.n_reporting_line = 3;
    o.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK);
    Hr__Evidence__CaseInfo *c = s_case(f, CASE_A);
    assert_non_null(c);
    assert_string_equal(c->employee_no, "E0110");
    assert_string_equal(c->manager_no, "E0101");
    assert_int_equal(c->n_reporting_line, 3);
    assert_string_equal(c->reporting_line[2], "E0001");
    assert_int_equal(c->closed_ms, 0);
    assert_string_equal(s_action(f, 1), "case_people");

    // Events the service has no use for change nothing.
    Hr__Workflow__StepCompleted sc = HR__WORKFLOW__STEP_COMPLETED__INIT;
    sc.case_id = CASE_A;
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK);
    assert_string_equal(s_action(f, 2), "");

    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "withdrawn";
    cl.at_ms = HR_TEST_T0_MS + 10 * DAY;
    hr_clock_fake_advance(f->srv.clock, 10 * DAY); // the case closes ten days on
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    c = s_case(f, CASE_A);
    assert_int_equal(c->closed_ms, HR_TEST_T0_MS + 10 * DAY);
    assert_string_equal(c->employee_no, "E0110"); // the people stay
    assert_string_equal(s_action(f, 2), "case_closed");
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence *got = NULL;
    assert_int_equal(ev_store_evidence_get(txn, ID_A, f->arena, &got), HR_OK);
    hr_txn_abort(&txn);
    assert_true(got->due_ms >= HR_TEST_T0_MS + (10 + EV_DEFAULT_RETENTION_DAYS) * DAY);
    assert_true(got->due_ms < HR_TEST_T0_MS + (12 + EV_DEFAULT_RETENTION_DAYS) * DAY);
}

// A people import moves the case's line (E0101 now under E0200): CaseLineChanged replaces the
// line, the manager, employee and opener stay, and it is audited. A case with no people known
// here (its CaseOpened never learnt) gets no row from a line alone.
static void test_a_moved_line_replaces_the_cases_line(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    char *line[] = {"E0101", "E0100", "E0001"};
    o.case_id = CASE_A;
    o.employee_no = "E0116";
    o.manager_no = "E0101";
    o.opened_by = "E0101";
    o.reporting_line = line;
    o.n_reporting_line = 3;
    o.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK);

    Hr__Workflow__CaseLineChanged lc = HR__WORKFLOW__CASE_LINE_CHANGED__INIT;
    char *now[] = {"E0101", "E0200", "E0001"};
    lc.case_id = CASE_A;
    lc.reporting_line = now;
    lc.n_reporting_line = 3;
    lc.previous_line = line;
    lc.n_previous_line = 3;
    lc.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseLineChanged", &lc.base), HR_OK);
    Hr__Evidence__CaseInfo *c = s_case(f, CASE_A);
    assert_non_null(c);
    assert_int_equal(c->n_reporting_line, 3);
    assert_string_equal(c->reporting_line[1], "E0200");
    assert_string_equal(c->manager_no, "E0101");
    assert_string_equal(c->employee_no, "E0116");
    assert_string_equal(c->opened_by, "E0101");
    assert_string_equal(s_action(f, 2), "case_people");
    assert_int_equal(f->srv.events_skipped, 0);

    lc.case_id = CASE_B; // never opened here
    assert_int_equal(s_feed(f, "workflow.CaseLineChanged", &lc.base), HR_OK);
    assert_null(s_case(f, CASE_B));
    assert_string_equal(s_action(f, 3), "");
    assert_int_equal(f->srv.events_skipped, 0);
}

static int64_t s_due(fixture_t *f, const char *id)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence *got = NULL;
    assert_int_equal(ev_store_evidence_get(txn, id, f->arena, &got), HR_OK);
    hr_txn_abort(&txn);
    return got->due_ms;
}

// A case can close while the notice runs: its records are kept two years from the end of the
// contract (LCL Art. 50), not from the close. An end before the close changes nothing; an end
// absurdly far off counts as ten years after the close (kept longer, never shorter).
static void test_records_are_kept_from_the_end_of_the_contract(void **state)
{
    fixture_t *f = *state;
    s_record(f, "notice_letter", CASE_A, 0);

    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "notice_served";
    cl.at_ms = HR_TEST_T0_MS;
    cl.ended_ms = HR_TEST_T0_MS + 16 * DAY;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->closed_ms, HR_TEST_T0_MS + 16 * DAY);
    assert_int_equal(s_due(f, ID_A), HR_TEST_T0_MS + (16 + EV_DEFAULT_RETENTION_DAYS) * DAY);
    assert_int_equal(f->srv.events_skipped, 0);

    cl.case_id = CASE_B;
    cl.at_ms = HR_TEST_T0_MS;
    cl.ended_ms = HR_TEST_T0_MS - 5 * DAY; // an agreement that ended the contract before
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_B)->closed_ms, HR_TEST_T0_MS);

    // The default keeps two calendar years whatever the leap days: 2026-12-28 -> 2028-12-28.
    int32_t from = 0, to = 0;
    assert_true(hr_date_parse("2026-12-28", &from));
    assert_true(hr_date_parse("2028-12-28", &to));
    assert_true(EV_DEFAULT_RETENTION_DAYS >= to - from);
}

static void test_an_absurd_contract_end_counts_as_ten_years(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "notice_served";
    cl.at_ms = HR_TEST_T0_MS;
    cl.ended_ms = INT64_MAX;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->closed_ms, HR_TEST_T0_MS + EV_ENDED_AFTER_CLOSE_MAX_MS);
}

static void test_a_later_close_moves_a_hand_close_on(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    uint32_t scheduled = 0;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(ev_case_close(&f->srv, txn, f->arena, CASE_B, HR_TEST_T0_MS + 30 * DAY, 0,
                                   false, "E0003", HR_TEST_T0_MS, &scheduled, NULL),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    // The workflow's earlier close does not move it back; a later one (the contract ended
    // after HR's close) moves it on: records are kept from the latest end anyone recorded.
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_B;
    cl.outcome = "notice_served";
    cl.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_B)->closed_ms, HR_TEST_T0_MS + 30 * DAY);
    hr_clock_fake_advance(f->srv.clock, 40 * DAY);
    cl.at_ms = HR_TEST_T0_MS + 40 * DAY;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_B)->closed_ms, HR_TEST_T0_MS + 40 * DAY);
}

static void test_a_live_dispute_holds_the_case_and_a_result_does_not(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.result = "settled";
    Hr__Workflow__DisputeRecorded dr = HR__WORKFLOW__DISPUTE_RECORDED__INIT;
    dr.case_id = CASE_B;
    dr.dispute = &d;
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    Hr__Evidence__CaseInfo *c = s_case(f, CASE_B);
    assert_true(!c || !c->held);
    dr.case_id = CASE_A;
    d.result = "pending";
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    c = s_case(f, CASE_A);
    assert_non_null(c);
    assert_true(c->dispute_held);
    assert_false(c->held); // the dispute's own hold: HR's stays theirs to place and lift
    assert_true(ev_case_is_held(c));
    assert_string_equal(s_action(f, 1), "hold");
    // Recorded again (a new filing date, say): one hold, one audit entry.
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    assert_string_equal(s_action(f, 2), "");
    // A case HR holds already gets the dispute's hold beside theirs: lifting theirs later
    // leaves the case held.
    Hr__Evidence__CaseInfo held = HR__EVIDENCE__CASE_INFO__INIT;
    held.case_id = CASE_C;
    held.held = true;
    held.held_by = "hr1";
    held.hold_reason = "grievance pending";
    s_put_case(f, &held);
    dr.case_id = CASE_C;
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    c = s_case(f, CASE_C);
    assert_true(c->held && c->dispute_held);
    c->held = false;
    assert_true(ev_case_is_held(c));
    // A record of the case is kept by the case's holds (what the retention sweep asks).
    Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
    char *ids[] = {CASE_B, CASE_C};
    e.case_ids = ids;
    e.n_case_ids = 2;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_true(ev_cases_hold(txn, &e, f->arena));
    e.n_case_ids = 1; // CASE_B alone: its dispute was settled, nothing holds it
    assert_false(ev_cases_hold(txn, &e, f->arena));
    hr_txn_abort(&txn);
}

static void test_an_event_that_cannot_be_applied_is_passed_over_and_counted(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", NULL), HR_OK); // not a message
    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    o.case_id = "../../etc";
    o.employee_no = "E0110";
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK);
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A; // no close time
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(f->srv.events_skipped, 3);
    assert_null(s_case(f, CASE_A));
    // The next good event is applied.
    o.case_id = CASE_A;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK);
    assert_non_null(s_case(f, CASE_A));
    assert_int_equal(f->srv.events_skipped, 3);
}

// A close time far in the future is no close: passed over and counted, the records kept (a
// due time computed from it would wrap round to the past and shred them at once).
static void test_a_close_in_the_far_future_is_passed_over(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "withdrawn";
    cl.at_ms = INT64_MAX - 1000;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    cl.at_ms = HR_TEST_T0_MS + 2 * DAY;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(f->srv.events_skipped, 2);
    assert_null(s_case(f, CASE_A));
    // Within a day of now (clocks differ a little) it is a close.
    cl.at_ms = HR_TEST_T0_MS + HR_HOUR_MS;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->closed_ms, HR_TEST_T0_MS + HR_HOUR_MS);
    assert_int_equal(f->srv.events_skipped, 2);
}

// Nor is a close before 2000 (a clock or a sender gone wrong, a time in seconds): passed over
// and counted, where counted from it the records would be shredded at the next sweep.
static void test_a_close_before_2000_is_passed_over(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "withdrawn";
    cl.at_ms = 1;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    cl.at_ms = HR_TEST_T0_MS / 1000;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(f->srv.events_skipped, 2);
    assert_null(s_case(f, CASE_A));
    cl.at_ms = EV_CLOSE_MIN_MS;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->closed_ms, EV_CLOSE_MIN_MS);
    assert_int_equal(f->srv.events_skipped, 2);
}

static Hr__Evidence__Person *s_person(fixture_t *f, const char *no)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__Person *p = NULL;
    hr_rc_t rc = ev_store_person_get(txn, no, f->arena, &p);
    hr_txn_abort(&txn);
    return rc ? NULL : p;
}

// The audit detail of entry seq ("" when there is none).
static const char *s_detail(fixture_t *f, uint64_t seq)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__AuditEntry *e = NULL;
    hr_rc_t rc = ev_store_audit_get(txn, seq, f->arena, &e);
    hr_txn_abort(&txn);
    return rc ? "" : hr_arena_strdup(f->arena, e->detail);
}

// An upgrade reads the workflow's log again from the start for the roles alone: a daemon of the
// previous version passed RolesChanged over and moved its cursor past it. What was applied
// before is not applied twice; what comes after the old cursor is applied as always.
static void test_an_upgrade_reads_the_roles_again(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 2);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, "workflow", 8, v, sizeof v, 0), HR_OK);
    assert_int_equal(ev_store_migrate_people(txn, NULL), HR_OK);
    uint64_t cursor = 9;
    assert_int_equal(hr_consumer_cursor_get(txn, "workflow", &cursor), HR_OK);
    assert_int_equal(cursor, 0);
    assert_int_equal(ev_store_roles_replay_until(txn), 2);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    o.case_id = CASE_A;
    o.employee_no = "E0110";
    o.manager_no = "E0101";
    o.opened_by = "E0101";
    o.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK); // seq 1: applied before
    assert_null(s_case(f, CASE_A));
    char *hr[] = {"hr"};
    Hr__Workflow__PersonRoles a = HR__WORKFLOW__PERSON_ROLES__INIT;
    a.employee_no = "E0003", a.roles = hr, a.n_roles = 1;
    Hr__Workflow__PersonRoles *list[] = {&a};
    Hr__Workflow__RolesChanged rc = HR__WORKFLOW__ROLES_CHANGED__INIT;
    rc.people = list;
    rc.n_people = 1;
    assert_int_equal(s_feed(f, "workflow.RolesChanged", &rc.base), HR_OK); // seq 2: passed over
    assert_non_null(s_person(f, "E0003"));
    o.case_id = CASE_B;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK); // seq 3: new
    assert_non_null(s_case(f, CASE_B));
}

// RolesChanged puts each person's roles on their row, replacing what was there; an event that
// gives or takes hr or legal is audited (who holds which now), one that does not is not; a
// person without a usable id is passed over, the others stand.
static void test_roles_changed_keeps_each_persons_roles(void **state)
{
    fixture_t *f = *state;
    char *hr[] = {"hr", "manager"}, *legal[] = {"legal"}, *plain[] = {"employee"};
    Hr__Workflow__PersonRoles a = HR__WORKFLOW__PERSON_ROLES__INIT,
                              b = HR__WORKFLOW__PERSON_ROLES__INIT,
                              c = HR__WORKFLOW__PERSON_ROLES__INIT,
                              bad = HR__WORKFLOW__PERSON_ROLES__INIT;
    a.employee_no = "E0003", a.roles = hr, a.n_roles = 2;
    b.employee_no = "E0006", b.roles = legal, b.n_roles = 1;
    c.employee_no = "E0120", c.roles = plain, c.n_roles = 1;
    Hr__Workflow__PersonRoles *list[] = {&a, &b, &c, &bad};
    Hr__Workflow__RolesChanged rc = HR__WORKFLOW__ROLES_CHANGED__INIT;
    rc.people = list;
    rc.n_people = 4;
    assert_int_equal(s_feed(f, "workflow.RolesChanged", &rc.base), HR_OK);
    assert_int_equal(f->srv.events_skipped, 0);
    Hr__Evidence__Person *p = s_person(f, "E0003");
    assert_non_null(p);
    assert_int_equal(p->n_roles, 2);
    assert_string_equal(p->roles[0], "hr");
    assert_int_equal(p->at_ms, HR_TEST_T0_MS);
    assert_int_equal(s_person(f, "E0120")->n_roles, 1);
    assert_null(s_person(f, ""));
    assert_string_equal(s_action(f, 1), "roles");
    assert_string_equal(s_detail(f, 1), "hr and legal now: E0003=hr E0006=legal");

    // E0120's roles change, nobody's hr or legal: stored, nothing audited.
    char *mgr[] = {"manager"};
    c.roles = mgr;
    list[0] = &c;
    rc.n_people = 1;
    assert_int_equal(s_feed(f, "workflow.RolesChanged", &rc.base), HR_OK);
    assert_string_equal(s_person(f, "E0120")->roles[0], "manager");
    assert_string_equal(s_action(f, 2), "");

    // A later import takes E0003's hr: the row has no role left, and the audit says so.
    a.n_roles = 0;
    list[0] = &a;
    assert_int_equal(s_feed(f, "workflow.RolesChanged", &rc.base), HR_OK);
    assert_int_equal(s_person(f, "E0003")->n_roles, 0);
    assert_string_equal(s_action(f, 2), "roles");
    assert_string_equal(s_detail(f, 2), "hr and legal now: E0003=none");

    // The workflow (schema 5) publishes E0006 again with a protected status key: not this
    // service's business - the row keeps its roles, nothing is audited.
    char *preg[] = {"pregnant"};
    b.protected_statuses = preg;
    b.n_protected_statuses = 1;
    list[0] = &b;
    assert_int_equal(s_feed(f, "workflow.RolesChanged", &rc.base), HR_OK);
    assert_int_equal(s_person(f, "E0006")->n_roles, 1);
    assert_string_equal(s_person(f, "E0006")->roles[0], "legal");
    assert_int_equal(s_person(f, "E0006")->left_ms, 0);
    assert_string_equal(s_action(f, 3), "");

    // A body that does not unpack is passed over and counted.
    assert_int_equal(s_feed(f, "workflow.RolesChanged", NULL), HR_OK);
    assert_int_equal(f->srv.events_skipped, 1);
}

#define CASE_D "01JN00000000000000000000DD"

// Opens case_id about employee (manager E0101) through the workflow's CaseOpened.
static void s_open(fixture_t *f, const char *case_id, const char *employee)
{
    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    o.case_id = (char *)case_id;
    o.employee_no = (char *)employee;
    o.manager_no = "E0101";
    o.opened_by = "E0101";
    o.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK);
}

static hr_rc_t s_step(fixture_t *f, const char *case_id, const char *step)
{
    Hr__Workflow__StepCompleted sc = HR__WORKFLOW__STEP_COMPLETED__INIT;
    sc.case_id = (char *)case_id;
    sc.step = (char *)step;
    sc.by = "E0101";
    return s_feed(f, "workflow.StepCompleted", &sc.base);
}

static hr_rc_t s_close(fixture_t *f, const char *case_id, const char *outcome)
{
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = (char *)case_id;
    cl.outcome = (char *)outcome;
    cl.at_ms = HR_TEST_T0_MS;
    return s_feed(f, "workflow.CaseClosed", &cl.base);
}

// The audit chain's last seq.
static uint64_t s_head(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    ev_head_t head;
    assert_int_equal(ev_store_head(txn, &head), HR_OK);
    hr_txn_abort(&txn);
    return head.seq;
}

// The company tells the case's employee of the case at the interview held (StepCompleted of
// `interview`), or, on a path without one, when the outcome is recorded; a close with an
// outcome as well. Then, once, the time goes on the case's row and is audited (case_people);
// other stages, a withdrawal and later events tell nothing more.
static void test_the_employee_is_told_at_the_interview_once(void **state)
{
    fixture_t *f = *state;
    s_open(f, CASE_A, "E0110"); // audit 1
    s_open(f, CASE_B, "E0111"); // 2
    s_open(f, CASE_C, "E0225"); // 3
    s_open(f, CASE_D, "E0117"); // 4
    static const char *const before[] = {"request", "hr_review", "superior_approval", "prepare"};
    for (size_t i = 0; i < HR_ARRAY_LEN(before); i++)
        assert_int_equal(s_step(f, CASE_A, before[i]), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->employee_told_ms, 0);
    assert_int_equal(s_head(f), 4);
    // Withdrawn before the interview: the employee is told of nothing.
    assert_int_equal(s_close(f, CASE_B, "withdrawn"), HR_OK); // 5: case_closed
    assert_int_equal(s_case(f, CASE_B)->employee_told_ms, 0);
    assert_int_equal(s_head(f), 5);

    assert_int_equal(s_step(f, CASE_A, "interview"), HR_OK); // 6
    assert_int_equal(s_case(f, CASE_A)->employee_told_ms, HR_TEST_T0_MS);
    assert_string_equal(s_action(f, 6), "case_people");
    assert_non_null(strstr(s_detail(f, 6), "employee E0110 told of the case: the interview held"));
    // Once: the outcome and the close that follow add nothing of the kind.
    assert_int_equal(s_step(f, CASE_A, "outcome"), HR_OK);
    assert_int_equal(s_head(f), 6);
    assert_int_equal(s_close(f, CASE_A, "notice_served"), HR_OK); // 7: case_closed only
    assert_int_equal(s_head(f), 7);
    assert_string_equal(s_action(f, 7), "case_closed");
    assert_int_equal(s_case(f, CASE_A)->employee_told_ms, HR_TEST_T0_MS);

    // A fixed-term contract not renewed has no interview: the outcome recorded tells.
    assert_int_equal(s_step(f, CASE_C, "outcome"), HR_OK); // 8
    assert_int_equal(s_case(f, CASE_C)->employee_told_ms, HR_TEST_T0_MS);
    assert_non_null(strstr(s_detail(f, 8), "the outcome recorded"));
    // A close with an outcome tells, after its retention entry.
    assert_int_equal(s_close(f, CASE_D, "agreement_signed"), HR_OK); // 9 case_closed, 10
    assert_string_equal(s_action(f, 9), "case_closed");
    assert_string_equal(s_action(f, 10), "case_people");
    assert_non_null(strstr(s_detail(f, 10), "E0117 told of the case"));
    // A case this service was never told of gets no row from a stage done; a body that does not
    // unpack is passed over and counted.
    assert_int_equal(s_step(f, "01JN00000000000000000000EE", "interview"), HR_OK);
    assert_null(s_case(f, "01JN00000000000000000000EE"));
    assert_int_equal(f->srv.events_skipped, 0);
    assert_int_equal(s_feed(f, "workflow.StepCompleted", NULL), HR_OK);
    assert_int_equal(f->srv.events_skipped, 1);
    assert_int_equal(s_head(f), 10);
}

// The records HR's review cites as proof of the ground (StepCompleted of hr_review,
// proof_evidence_ids) go on the case's row for its employee, audited once as case_people; a
// later review's set replaces them, the same set again changes and audits nothing, an id that is
// no evidence id is passed over, and another stage's event touches none of it.
static void test_the_reviews_proof_goes_on_the_case_row(void **state)
{
    fixture_t *f = *state;
    s_open(f, CASE_A, "E0110"); // audit 1
    char memo[] = "1111111111111111111111111111111111111111111111111111111111111111";
    char snap[] = "2222222222222222222222222222222222222222222222222222222222222222";
    char bad[] = "not-an-evidence-id";
    char *ids[] = {memo, bad, snap};
    Hr__Workflow__StepCompleted sc = HR__WORKFLOW__STEP_COMPLETED__INIT;
    sc.case_id = CASE_A;
    sc.step = "hr_review";
    sc.by = "E0002";
    sc.proof_evidence_ids = ids;
    sc.n_proof_evidence_ids = 3;
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK); // 2
    Hr__Evidence__CaseInfo *c = s_case(f, CASE_A);
    assert_int_equal(c->n_proof_evidence_ids, 2);
    assert_string_equal(c->proof_evidence_ids[0], memo);
    assert_string_equal(c->proof_evidence_ids[1], snap);
    assert_int_equal(c->employee_told_ms, 0); // a review tells the employee nothing
    assert_int_equal(s_head(f), 2);
    assert_string_equal(s_action(f, 2), "case_people");
    assert_non_null(strstr(s_detail(f, 2), memo));
    assert_non_null(strstr(s_detail(f, 2), "employee E0110 reads them once told"));
    // The same review again (a retried event, a second pass with the same citations): nothing.
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK);
    assert_int_equal(s_head(f), 2);
    // Another stage names no proof: the row stays.
    assert_int_equal(s_step(f, CASE_A, "superior_approval"), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->n_proof_evidence_ids, 2);
    // A later review citing the snapshot alone replaces the set: the memo is no longer proof.
    char *later[] = {snap};
    sc.proof_evidence_ids = later;
    sc.n_proof_evidence_ids = 1;
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK); // 3
    c = s_case(f, CASE_A);
    assert_int_equal(c->n_proof_evidence_ids, 1);
    assert_string_equal(c->proof_evidence_ids[0], snap);
    assert_int_equal(s_head(f), 3);
    // A case this service does not know gets no row.
    sc.case_id = "01JN00000000000000000000EE";
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK);
    assert_null(s_case(f, "01JN00000000000000000000EE"));
    assert_int_equal(f->srv.events_skipped, 0);
}

// An upgrade to schema 5 reads the workflow's log again from its start for the events that tell
// an employee alone: a case whose interview was held under the previous version is told now;
// nothing else is applied twice (no case opened, no close counted again), and what comes after
// the old cursor is applied as always. Coming from schema 2 in the same upgrade, it reads as far
// as the roles are read again.
static void test_an_upgrade_reads_who_was_told_again(void **state)
{
    fixture_t *f = *state;
    s_open(f, CASE_A, "E0110");                               // seq 1, audit 1
    assert_int_equal(s_step(f, CASE_A, "interview"), HR_OK);  // seq 2, audit 2
    s_open(f, CASE_B, "E0111");                               // seq 3, audit 3
    assert_int_equal(s_close(f, CASE_B, "withdrawn"), HR_OK); // seq 4, audit 4
    assert_int_equal(s_head(f), 4);
    // What the previous version left: no told time on the row.
    Hr__Evidence__CaseInfo *a = s_case(f, CASE_A);
    a->employee_told_ms = 0;
    s_put_case(f, a);

    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 4);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, "workflow", 8, v, sizeof v, 0), HR_OK);
    assert_int_equal(ev_store_migrate_told(txn, NULL), HR_OK);
    uint64_t cursor = 9;
    assert_int_equal(hr_consumer_cursor_get(txn, "workflow", &cursor), HR_OK);
    assert_int_equal(cursor, 0);
    assert_int_equal(ev_store_told_replay_until(txn), 4);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    f->seq = 0; // the log from its start
    s_open(f, CASE_A, "E0110");
    assert_int_equal(s_head(f), 4);
    assert_int_equal(s_step(f, CASE_A, "interview"), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->employee_told_ms, HR_TEST_T0_MS);
    assert_int_equal(s_head(f), 5);
    assert_string_equal(s_action(f, 5), "case_people");
    s_open(f, CASE_B, "E0111");
    assert_int_equal(s_close(f, CASE_B, "withdrawn"), HR_OK);
    assert_int_equal(s_head(f), 5); // neither opened nor closed again
    s_open(f, CASE_C, "E0225");     // seq 5: new
    assert_non_null(s_case(f, CASE_C));
    assert_int_equal(s_head(f), 6);

    // From schema 2: the roles' migration moved the cursor; this one reads as far as it does.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_be64_put(v, 7);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, "workflow", 8, v, sizeof v, 0), HR_OK);
    assert_int_equal(ev_store_migrate_people(txn, NULL), HR_OK);
    assert_int_equal(ev_store_migrate_told(txn, NULL), HR_OK);
    assert_int_equal(ev_store_roles_replay_until(txn), 7);
    assert_int_equal(ev_store_told_replay_until(txn), 7);
    assert_int_equal(hr_consumer_cursor_get(txn, "workflow", &cursor), HR_OK);
    assert_int_equal(cursor, 0);
    hr_txn_abort(&txn);
}

// An upgrade to schema 7 reads the workflow's log again from its start for what a case's review
// cites as proof alone: the review's StepCompleted (a newer workflow sent the ids while the
// previous version of this service passed them over) and the ProofCited the workflow's own
// upgrade appends for the cases reviewed before. Nothing else is applied twice (no case opened
// or told again); what comes after the old cursor is applied as always. Coming from schema 4 in
// the same upgrade, it reads as far as who was told is read again, ProofCited included.
static void test_an_upgrade_reads_the_reviews_proof_again(void **state)
{
    fixture_t *f = *state;
    char memo[] = "1111111111111111111111111111111111111111111111111111111111111111";
    char snap[] = "2222222222222222222222222222222222222222222222222222222222222222";
    char *memo_ids[] = {memo}, *snap_ids[] = {snap};
    Hr__Workflow__StepCompleted sc = HR__WORKFLOW__STEP_COMPLETED__INIT;
    sc.case_id = CASE_A;
    sc.step = "hr_review";
    sc.by = "E0002";
    sc.proof_evidence_ids = memo_ids;
    sc.n_proof_evidence_ids = 1;
    Hr__Workflow__ProofCited pc = HR__WORKFLOW__PROOF_CITED__INIT;
    pc.case_id = CASE_B;
    pc.proof_evidence_ids = snap_ids;
    pc.n_proof_evidence_ids = 1;
    pc.at_ms = HR_TEST_T0_MS;
    s_open(f, CASE_A, "E0110");                                             // seq 1, audit 1
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK); // seq 2, audit 2
    s_open(f, CASE_B, "E0111");                                             // seq 3, audit 3
    assert_int_equal(s_feed(f, "workflow.ProofCited", &pc.base), HR_OK);    // seq 4, audit 4
    assert_int_equal(s_step(f, CASE_A, "interview"), HR_OK);                // seq 5, audit 5
    assert_int_equal(s_case(f, CASE_B)->n_proof_evidence_ids, 1);           // learnt as it comes
    assert_int_equal(s_head(f), 5);
    // What the previous version left: no proof on the rows (it passed both events over).
    for (int i = 0; i < 2; i++) {
        Hr__Evidence__CaseInfo *c = s_case(f, i ? CASE_B : CASE_A);
        c->n_proof_evidence_ids = 0;
        s_put_case(f, c);
    }

    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 5);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, "workflow", 8, v, sizeof v, 0), HR_OK);
    assert_int_equal(ev_store_migrate_proof(txn, NULL), HR_OK);
    uint64_t cursor = 9;
    assert_int_equal(hr_consumer_cursor_get(txn, "workflow", &cursor), HR_OK);
    assert_int_equal(cursor, 0);
    assert_int_equal(ev_store_proof_replay_until(txn), 5);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    f->seq = 0; // the log from its start
    s_open(f, CASE_A, "E0110");
    assert_int_equal(s_feed(f, "workflow.StepCompleted", &sc.base), HR_OK);
    Hr__Evidence__CaseInfo *a = s_case(f, CASE_A);
    assert_int_equal(a->n_proof_evidence_ids, 1);
    assert_string_equal(a->proof_evidence_ids[0], memo);
    assert_int_equal(s_head(f), 6);
    assert_string_equal(s_action(f, 6), "case_people");
    assert_non_null(strstr(s_detail(f, 6), memo));
    s_open(f, CASE_B, "E0111");
    assert_int_equal(s_head(f), 6); // not opened again
    assert_int_equal(s_feed(f, "workflow.ProofCited", &pc.base), HR_OK);
    Hr__Evidence__CaseInfo *b = s_case(f, CASE_B);
    assert_int_equal(b->n_proof_evidence_ids, 1);
    assert_string_equal(b->proof_evidence_ids[0], snap);
    assert_int_equal(s_head(f), 7);
    int64_t told_ms = s_case(f, CASE_A)->employee_told_ms;
    assert_int_equal(s_step(f, CASE_A, "interview"), HR_OK);
    assert_int_equal(s_head(f), 7); // not told again
    assert_int_equal(s_case(f, CASE_A)->employee_told_ms, told_ms);
    s_open(f, CASE_C, "E0225"); // seq 6: new
    assert_non_null(s_case(f, CASE_C));
    assert_int_equal(s_head(f), 8);
    assert_int_equal(f->srv.events_skipped, 0);

    // From schema 4: the told migration moved the cursor; this one reads as far as it does, and
    // a ProofCited up to there is read again for the proof (not dropped as none of the told).
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_be64_put(v, 6);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, "workflow", 8, v, sizeof v, 0), HR_OK);
    assert_int_equal(ev_store_migrate_told(txn, NULL), HR_OK);
    assert_int_equal(ev_store_migrate_proof(txn, NULL), HR_OK);
    assert_int_equal(ev_store_told_replay_until(txn), 6);
    assert_int_equal(ev_store_proof_replay_until(txn), 6);
    assert_int_equal(hr_consumer_cursor_get(txn, "workflow", &cursor), HR_OK);
    assert_int_equal(cursor, 0);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    b = s_case(f, CASE_B);
    b->n_proof_evidence_ids = 0;
    s_put_case(f, b);
    f->seq = 3;
    assert_int_equal(s_feed(f, "workflow.ProofCited", &pc.base), HR_OK); // seq 4 again
    assert_int_equal(s_case(f, CASE_B)->n_proof_evidence_ids, 1);
}

// A hand close (evidence.CloseCase, as ev_handle_close_case makes it) that cannot be a close is
// refused and changes nothing: seconds typed for milliseconds (review: 1764288000 set the due
// date to 1972 and the next sweep shredded the case), a time before 2000, before the case
// opened. One while the notice runs (HR closing on the day) keeps the contract's end the
// workflow recorded, and says so. Either way the sweep deletes nothing before two years after
// that end.
static void test_a_hand_close_never_moves_retention_back(void **state)
{
    fixture_t *f = *state;
    f->srv.blob_dir = hr_strfmt("%s/blobs", f->dir);
    s_record(f, "notice_letter", CASE_A, HR_TEST_T0_MS - 20 * DAY);
    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    o.case_id = CASE_A;
    o.employee_no = "E0110";
    o.manager_no = "E0101";
    o.at_ms = HR_TEST_T0_MS - 30 * DAY;
    assert_int_equal(s_feed(f, "workflow.CaseOpened", &o.base), HR_OK);
    // The workflow closes the case while the notice runs: the contract ends 16 days on.
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "notice_served";
    cl.at_ms = HR_TEST_T0_MS;
    cl.ended_ms = HR_TEST_T0_MS + 16 * DAY;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    int64_t end = HR_TEST_T0_MS + 16 * DAY;
    int64_t due = end + EV_DEFAULT_RETENTION_DAYS * DAY;
    assert_int_equal(s_due(f, ID_A), due);

    static const struct {
        int64_t closed_ms;
        const char *said; // in the refusal
    } bad[] = {
        {HR_TEST_T0_MS / 1000, "seconds, it seems"}, // the contract's end typed in seconds
        {1764288000, "(2025-11-28 as seconds); a close time is in milliseconds since 1970 "
                     "(UTC): 1764288000000"},
        {1, "from 2000-01-01 on"},
        {HR_TEST_T0_MS - 31 * DAY, "before the case opened"},
        {HR_TEST_T0_MS + 2 * DAY, "more than a day from now"},
        {-1, "must not be negative"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        Hr__Evidence__CloseCaseReply rep;
        char why[EV_CLOSE_WHY_LEN] = "";
        hr_rc_t rc =
            s_close_by_hand(f, CASE_A, bad[i].closed_ms, HR_TEST_T0_MS, &rep, why, sizeof why);
        if (rc != HR_EINVAL || !strstr(why, bad[i].said))
            fail_msg("closed_ms %lld: rc %s, \"%s\"", (long long)bad[i].closed_ms, hr_rc_name(rc),
                     why);
        char value[32];
        snprintf(value, sizeof value, "%lld", (long long)bad[i].closed_ms);
        assert_non_null(strstr(why, value)); // the error names the value
    }
    assert_int_equal(s_case(f, CASE_A)->closed_ms, end);
    assert_int_equal(s_due(f, ID_A), due);

    // HR closes by hand on the day (now), and at a time past since the case opened: the
    // contract's end recorded stands, the reply says so, the audit entry too.
    const int64_t hand[] = {0, HR_TEST_T0_MS - 10 * DAY};
    for (size_t i = 0; i < HR_ARRAY_LEN(hand); i++) {
        Hr__Evidence__CloseCaseReply rep;
        char why[EV_CLOSE_WHY_LEN] = "";
        assert_int_equal(s_close_by_hand(f, CASE_A, hand[i], HR_TEST_T0_MS, &rep, why, sizeof why),
                         HR_OK);
        assert_true(rep.later_end_kept);
        assert_int_equal(rep.closed_ms, end);
        assert_int_equal(rep.scheduled, 1);
        assert_int_equal(s_case(f, CASE_A)->closed_ms, end);
        assert_int_equal(s_due(f, ID_A), due);
        assert_non_null(strstr(s_detail(f, s_head(f)), "the later end recorded before stands"));
    }
    // Nothing goes before two years after the contract's end; then the record does (the sweep
    // does delete: its 0s above are no accident).
    assert_int_equal(ev_server_sweep(&f->srv, HR_TEST_T0_MS), 0);
    assert_int_equal(ev_server_sweep(&f->srv, due - 1), 0);
    assert_int_equal(s_due(f, ID_A), due);

    // A hand close later than the end recorded moves it on (the contract ended later).
    Hr__Evidence__CloseCaseReply rep;
    char why[EV_CLOSE_WHY_LEN] = "";
    assert_int_equal(s_close_by_hand(f, CASE_A, end + DAY, end + DAY, &rep, why, sizeof why),
                     HR_OK);
    assert_false(rep.later_end_kept);
    assert_int_equal(rep.closed_ms, end + DAY);
    assert_int_equal(s_due(f, ID_A), due + DAY);
    assert_int_equal(ev_server_sweep(&f->srv, due), 0);
    assert_int_equal(ev_server_sweep(&f->srv, due + DAY), 1);
}

// A case the workflow never opened here (no workflow peer): a hand close before its first
// record was stored is refused; from then on it is taken.
static void test_a_hand_close_before_the_first_record_is_refused(void **state)
{
    fixture_t *f = *state;
    const int64_t uploaded = HR_TEST_T0_MS - 5 * DAY;
    s_record(f, "other", CASE_B, uploaded);
    Hr__Evidence__CloseCaseReply rep;
    char why[EV_CLOSE_WHY_LEN] = "";
    assert_int_equal(s_close_by_hand(f, CASE_B, uploaded - 1, HR_TEST_T0_MS, &rep, why, sizeof why),
                     HR_EINVAL);
    assert_non_null(strstr(why, "before the case had its first record stored"));
    assert_int_equal(s_close_by_hand(f, CASE_B, uploaded, HR_TEST_T0_MS, &rep, why, sizeof why),
                     HR_OK);
    assert_false(rep.later_end_kept);
    assert_int_equal(rep.closed_ms, uploaded);
    assert_int_equal(s_due(f, ID_A), uploaded + EV_DEFAULT_RETENTION_DAYS * DAY);
}

// The workflow's CaseClosed names its own date for keeping the records (the retention duty's
// day: two years as Civil Code Arts. 201-203 count them, past rest days and holidays), later than
// the policy's days from the contract's end: nothing goes before it, a hand close does not bring
// it forward, a RetentionRedated moves it on (never back), an old close without it keeps the
// policy's count, and a rescission (the end never came) replaces it with none.
static void test_records_are_kept_until_the_workflows_date(void **state)
{
    fixture_t *f = *state;
    f->srv.blob_dir = hr_strfmt("%s/blobs", f->dir);
    s_record(f, "notice_letter", CASE_A, HR_TEST_T0_MS - 20 * DAY);
    int64_t end = HR_TEST_T0_MS + 16 * DAY;
    int64_t policy = end + EV_DEFAULT_RETENTION_DAYS * DAY;
    int64_t keep = policy + 8 * DAY; // the last day on a rest day, then a holiday week
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "notice_served";
    cl.at_ms = HR_TEST_T0_MS;
    cl.ended_ms = end;
    cl.keep_until_ms = keep;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_A)->closed_ms, end);
    assert_int_equal(s_case(f, CASE_A)->keep_until_ms, keep);
    assert_int_equal(s_due(f, ID_A), keep);
    assert_non_null(strstr(s_detail(f, s_head(f)), "the workflow keeps the records until"));

    // A hand close now: the end and the workflow's date stand.
    Hr__Evidence__CloseCaseReply rep;
    char why[EV_CLOSE_WHY_LEN] = "";
    assert_int_equal(s_close_by_hand(f, CASE_A, 0, HR_TEST_T0_MS, &rep, why, sizeof why), HR_OK);
    assert_int_equal(s_due(f, ID_A), keep);
    assert_int_equal(rep.keep_until_ms, keep); // the reply says the day it keeps to

    // The policy's day passes: kept.
    assert_int_equal(ev_server_sweep(&f->srv, policy), 0);
    assert_int_equal(ev_server_sweep(&f->srv, keep - 1), 0);

    // Dated again later (the calendar gained days off), then earlier (passed over).
    Hr__Workflow__RetentionRedated rd = HR__WORKFLOW__RETENTION_REDATED__INIT;
    rd.case_id = CASE_A;
    rd.keep_until_ms = keep + 3 * DAY;
    rd.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.RetentionRedated", &rd.base), HR_OK);
    assert_int_equal(s_due(f, ID_A), keep + 3 * DAY);
    assert_string_equal(s_action(f, s_head(f)), "retention");
    uint64_t head = s_head(f);
    rd.keep_until_ms = keep;
    assert_int_equal(s_feed(f, "workflow.RetentionRedated", &rd.base), HR_OK);
    assert_int_equal(s_due(f, ID_A), keep + 3 * DAY);
    assert_int_equal(s_head(f), head); // nothing moved, nothing audited
    rd.keep_until_ms = 5;              // not a time
    assert_int_equal(s_feed(f, "workflow.RetentionRedated", &rd.base), HR_OK);
    assert_int_equal(f->srv.events_skipped, 1);
    assert_int_equal(s_due(f, ID_A), keep + 3 * DAY);
    assert_int_equal(ev_server_sweep(&f->srv, keep + 3 * DAY - 1), 0);
    assert_int_equal(ev_server_sweep(&f->srv, keep + 3 * DAY), 1);

    // A close from an older workflow (no keep_until_ms): the policy's days, as before.
    cl.case_id = CASE_B;
    cl.keep_until_ms = 0;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_B)->keep_until_ms, 0);
    // A rescission replaces the close and the workflow's date with it: the end never came.
    cl.keep_until_ms = keep;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_B)->keep_until_ms, keep);
    Hr__Workflow__CaseClosed rs = HR__WORKFLOW__CASE_CLOSED__INIT;
    rs.case_id = CASE_B;
    rs.outcome = "rescinded";
    rs.at_ms = HR_TEST_T0_MS;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &rs.base), HR_OK);
    assert_int_equal(s_case(f, CASE_B)->closed_ms, HR_TEST_T0_MS);
    assert_int_equal(s_case(f, CASE_B)->keep_until_ms, 0);
    // One absurdly far off keeps ten years after the end, not for ever.
    cl.case_id = CASE_C;
    cl.keep_until_ms = INT64_MAX;
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_case(f, CASE_C)->keep_until_ms, end + EV_KEEP_AFTER_END_MAX_MS);
}

// A case this service learnt closed from a workflow before keep_until_ms (an old close: the
// policy's days alone), closed again by hand naming the workflow's day as hrctl read it: the day
// goes on the case's row and the record is kept to it; the reply says it. A day named earlier
// than the one recorded (or none) lowers nothing.
static void test_a_hand_close_naming_the_workflows_day_keeps_to_it(void **state)
{
    fixture_t *f = *state;
    f->srv.blob_dir = hr_strfmt("%s/blobs", f->dir);
    s_record(f, "notice_letter", CASE_A, HR_TEST_T0_MS - 20 * DAY);
    int64_t end = HR_TEST_T0_MS + 16 * DAY;
    int64_t policy = end + EV_DEFAULT_RETENTION_DAYS * DAY;
    int64_t keep = policy + 8 * DAY;
    Hr__Workflow__CaseClosed cl = HR__WORKFLOW__CASE_CLOSED__INIT;
    cl.case_id = CASE_A;
    cl.outcome = "notice_served";
    cl.at_ms = HR_TEST_T0_MS;
    cl.ended_ms = end; // and no keep_until_ms: an older workflow's close
    assert_int_equal(s_feed(f, "workflow.CaseClosed", &cl.base), HR_OK);
    assert_int_equal(s_due(f, ID_A), policy);

    Hr__Evidence__CloseCaseReply rep;
    char why[EV_CLOSE_WHY_LEN] = "";
    assert_int_equal(s_close_by_hand(f, CASE_A, 0, HR_TEST_T0_MS, &rep, why, sizeof why), HR_OK);
    assert_int_equal(rep.keep_until_ms, 0); // none known, none named: the policy's days
    assert_int_equal(s_due(f, ID_A), policy);
    f->keep_named = keep;
    assert_int_equal(s_close_by_hand(f, CASE_A, 0, HR_TEST_T0_MS, &rep, why, sizeof why), HR_OK);
    assert_true(rep.later_end_kept);
    assert_int_equal(rep.closed_ms, end);
    assert_int_equal(rep.keep_until_ms, keep);
    assert_int_equal(s_case(f, CASE_A)->keep_until_ms, keep);
    assert_int_equal(s_due(f, ID_A), keep);
    assert_non_null(strstr(s_detail(f, s_head(f)), "the workflow keeps the records until"));
    f->keep_named = keep - 5 * DAY; // earlier: the later day stands
    assert_int_equal(s_close_by_hand(f, CASE_A, 0, HR_TEST_T0_MS, &rep, why, sizeof why), HR_OK);
    assert_int_equal(rep.keep_until_ms, keep);
    assert_int_equal(s_due(f, ID_A), keep);
    assert_int_equal(ev_server_sweep(&f->srv, policy), 0);
    assert_int_equal(ev_server_sweep(&f->srv, keep - 1), 0);
    assert_int_equal(ev_server_sweep(&f->srv, keep), 1);
}

// How many audit entries from 1 to the head are `action`.
static size_t s_count_action(fixture_t *f, const char *action)
{
    size_t n = 0;
    for (uint64_t seq = 1, head = s_head(f); seq <= head; seq++)
        n += !strcmp(s_action(f, seq), action);
    return n;
}

// Whether record ID_A reads void now (ev_cases_void), for cause.
static bool s_void(fixture_t *f, const char *cause)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(ev_store_evidence_get(txn, ID_A, f->arena, &e), HR_OK);
    ev_cases_void(txn, e, f->arena);
    hr_txn_abort(&txn);
    return e->void_ms > 0 && !strcmp(e->void_cause, cause);
}

// A reinstatement (DisputeRecorded, result reinstated) voids the case's notice letter, a
// judgment setting it aside (sets_aside) makes it valid again, and a retrial reinstating again
// after that voids it again - each round audited (void, unvoid), the row holding the latest
// reinstatement. A replay of an earlier round (a reinstatement told before the set-aside, a
// set-aside told before the new reinstatement) changes nothing and audits nothing.
static void test_a_retrial_voids_again_after_a_set_aside(void **state)
{
    fixture_t *f = *state;
    s_record(f, "notice_letter", CASE_A, HR_TEST_T0_MS);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.filed_date = "2026-12-03";
    d.result = "reinstated";
    d.award_date = "2026-12-10";
    d.award_ref = "A1";
    Hr__Workflow__DisputeRecorded dr = HR__WORKFLOW__DISPUTE_RECORDED__INIT;
    dr.case_id = CASE_A;
    dr.dispute = &d;
    const int64_t t1 = HR_TEST_T0_MS + DAY, t2 = t1 + 30 * DAY, t3 = t2 + 30 * DAY,
                  t4 = t3 + 30 * DAY;
    dr.at_ms = t1;
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    assert_true(s_void(f, "reinstated"));
    assert_int_equal(s_case(f, CASE_A)->reinstated_ms, t1);

    Hr__Workflow__Dispute j = HR__WORKFLOW__DISPUTE__INIT;
    j.arbitration_filed = true;
    j.filed_date = "2026-12-03";
    j.result = "employer_won";
    j.award_date = "2027-01-20";
    j.award_ref = "J1";
    j.sets_aside = "A1";
    Hr__Workflow__DisputeRecorded ja = HR__WORKFLOW__DISPUTE_RECORDED__INIT;
    ja.case_id = CASE_A;
    ja.dispute = &j;
    ja.at_ms = t2;
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &ja.base), HR_OK);
    assert_false(s_void(f, "reinstated"));
    assert_int_equal(s_count_action(f, "void"), 1);
    assert_int_equal(s_count_action(f, "unvoid"), 1);

    // The first reinstatement told again: nothing.
    uint64_t head = s_head(f);
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    assert_false(s_void(f, "reinstated"));
    assert_int_equal(s_head(f), head);

    // The retrial reinstates again: void again from then.
    d.award_date = "2027-03-15";
    d.award_ref = "R1";
    dr.at_ms = t3;
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &dr.base), HR_OK);
    assert_true(s_void(f, "reinstated"));
    Hr__Evidence__CaseInfo *c = s_case(f, CASE_A);
    assert_int_equal(c->reinstated_ms, t3);
    assert_int_equal(c->reinstatement_set_aside_ms, 0);
    assert_int_equal(s_count_action(f, "void"), 2);
    // The first set-aside told again: nothing, the new reinstatement stands.
    head = s_head(f);
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &ja.base), HR_OK);
    assert_true(s_void(f, "reinstated"));
    assert_int_equal(s_head(f), head);

    // A further judgment sets the retrial's reinstatement aside: valid again, audited again.
    j.award_date = "2027-06-10";
    j.award_ref = "J2";
    j.sets_aside = "R1";
    ja.at_ms = t4;
    assert_int_equal(s_feed(f, "workflow.DisputeRecorded", &ja.base), HR_OK);
    assert_false(s_void(f, "reinstated"));
    c = s_case(f, CASE_A);
    assert_int_equal(c->reinstated_ms, t3);
    assert_int_equal(c->reinstatement_set_aside_ms, t4);
    assert_int_equal(s_count_action(f, "void"), 2);
    assert_int_equal(s_count_action(f, "unvoid"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_moved_line_replaces_the_cases_line, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_close_in_the_far_future_is_passed_over, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_close_before_2000_is_passed_over, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_opened_names_the_case_people_and_closed_starts_retention, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_records_are_kept_from_the_end_of_the_contract, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_hand_close_naming_the_workflows_day_keeps_to_it,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_records_are_kept_until_the_workflows_date, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_absurd_contract_end_counts_as_ten_years, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_later_close_moves_a_hand_close_on, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_hand_close_never_moves_retention_back, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_hand_close_before_the_first_record_is_refused,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_upgrade_reads_the_roles_again, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_live_dispute_holds_the_case_and_a_result_does_not,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_an_event_that_cannot_be_applied_is_passed_over_and_counted, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_roles_changed_keeps_each_persons_roles, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_reviews_proof_goes_on_the_case_row, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_employee_is_told_at_the_interview_once, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_upgrade_reads_the_reviews_proof_again, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_upgrade_reads_who_was_told_again, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_retrial_voids_again_after_a_set_aside, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.evidence.events", tests, NULL, NULL);
}
