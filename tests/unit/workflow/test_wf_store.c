/*  unit.workflow.store - hr-workflow's dbs on a real LMDB in a temp dir: the due index kept in
 *  step with the case, the reconciler, the employee index, settings, outbox and events, the
 *  schema migrations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define CASE_A "01JN00000000000000000000AA"
#define CASE_B "01JN00000000000000000000BB"

typedef struct {
    char *dir;                   // owned: temp dir holding the LMDB env
    hr_store_t *store;           // owned
    hr_arena_t *arena;           // owned
    hr_calendar_t *cal;          // owned
    wf_time_t t;                 // calendar + zone
    Hr__Workflow__Template *tpl; // arena
    char seen[8][HR_ID_LEN + 1]; // case ids collected by s_collect
    int64_t seen_ms[8];          // their due times
    size_t nseen;                // entries used
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("wf_store");
    f->store = hr_test_store_open(f->dir, wf_store_dbs, 64);
    f->arena = hr_arena_new(0);
    f->cal = wf_fixture_calendar();
    f->t = (wf_time_t){f->cal, HR_TZ_SHANGHAI_MIN};
    f->tpl = wf_fixture_template(f->arena);
    *state = f;
    return f->store && f->tpl ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_calendar_destroy(&f->cal);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static hr_rc_t s_collect(void *arg, const char *case_id, uint32_t step, int64_t due_ms)
{
    fixture_t *f = arg;
    HR_UNUSED(step);
    assert_true(f->nseen < 8);
    f->seen_ms[f->nseen] = due_ms;
    snprintf(f->seen[f->nseen++], sizeof f->seen[0], "%s", case_id);
    return HR_OK;
}

// The due rows at or before now after `after` (NULL: from the first) into f->seen; how many.
static size_t s_scan_after(fixture_t *f, int64_t now, const wf_due_pos_t *after)
{
    f->nseen = 0;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_due_scan(txn, now, after, 100, s_collect, f), HR_OK);
    hr_txn_abort(&txn);
    return f->nseen;
}

static size_t s_scan(fixture_t *f, int64_t now)
{
    return s_scan_after(f, now, NULL);
}

static Hr__Workflow__Case *s_new_case(fixture_t *f, const char *id, const char *employee,
                                      int64_t now)
{
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = (char *)id;
    c->employee_no = (char *)employee;
    wf_steps_init(c, f->tpl, f->arena, &f->t, now);
    return c;
}

static void s_put(fixture_t *f, const Hr__Workflow__Case *old, const Hr__Workflow__Case *c)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_case_put(txn, old, c), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void test_due_index_follows_the_case(void **state)
{
    fixture_t *f = *state;
    int64_t t0 = HR_TEST_T0_MS;
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1", t0);
    Hr__Workflow__Case *b = s_new_case(f, CASE_B, "E2", t0 + 3 * HR_DAY_MS);
    s_put(f, NULL, a);
    s_put(f, NULL, b);
    // A fresh step's row is its due-soon reminder, before the deadline.
    int64_t due_a = a->steps[0]->due_ms, due_b = wf_escalation_next_ms(b->steps[0]);
    int64_t remind_a = wf_escalation_next_ms(a->steps[0]);
    assert_int_equal(remind_a, a->steps[0]->remind_ms);
    assert_true(remind_a < due_a && due_b < b->steps[0]->due_ms);
    assert_int_equal(s_scan(f, t0), 0);
    assert_int_equal(s_scan(f, remind_a), 1);
    assert_string_equal(f->seen[0], CASE_A);
    assert_int_equal(s_scan(f, due_b), 2);
    assert_string_equal(f->seen[1], CASE_B);

    // Level 1 sent: the index now holds the level-2 time instead.
    hr_txn_t *txn = NULL;
    Hr__Workflow__Case *old = NULL, *cur = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_case_get(txn, CASE_A, f->arena, &old), HR_OK);
    assert_int_equal(wf_store_case_get(txn, CASE_A, f->arena, &cur), HR_OK);
    hr_txn_abort(&txn);
    cur->steps[0]->reminded = true;
    cur->steps[0]->escalation_level = 1;
    s_put(f, old, cur);
    assert_true(cur->steps[0]->level2_ms < due_b);
    assert_int_equal(s_scan(f, due_a), 0); // the reminder's and level 1's rows are gone
    assert_int_equal(s_scan(f, cur->steps[0]->level2_ms), 1);
    assert_string_equal(f->seen[0], CASE_A);
    assert_int_equal(s_scan(f, due_b), 2);

    // The case moves on: nothing of A is left in the index but the new stage's deadline.
    old = cur;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_case_get(txn, CASE_A, f->arena, &cur), HR_OK);
    hr_txn_abort(&txn);
    wf_steps_apply(cur, WF_MOVE_NEXT, "M", f->arena, &f->t, t0 + HR_HOUR_MS, NULL);
    s_put(f, old, cur);
    assert_int_equal(s_scan(f, due_b - 1), 1); // A's new stage only
    assert_int_equal(f->seen_ms[0], wf_escalation_next_ms(cur->steps[1]));
    assert_int_equal(s_scan(f, INT64_MAX), 2);
}

// The tick goes on after the last row it looked at (a row that failed stays in the index): a
// scan from a row starts after it, whether the row is still there or gone.
static void test_due_scan_goes_on_after_a_row(void **state)
{
    fixture_t *f = *state;
    int64_t t0 = HR_TEST_T0_MS;
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1", t0);
    Hr__Workflow__Case *b = s_new_case(f, CASE_B, "E2", t0 + HR_DAY_MS);
    s_put(f, NULL, a);
    s_put(f, NULL, b);
    wf_due_pos_t from = {0};
    assert_int_equal(s_scan_after(f, INT64_MAX, &from), 2); // all zero: from the first
    assert_string_equal(f->seen[0], CASE_A);

    from.due_ms = wf_escalation_next_ms(a->steps[0]);
    snprintf(from.case_id, sizeof from.case_id, "%s", CASE_A);
    from.step = 0;
    assert_int_equal(s_scan_after(f, INT64_MAX, &from), 1);
    assert_string_equal(f->seen[0], CASE_B);

    from.due_ms -= 1; // a row no longer there, just before A's: A's comes next
    assert_int_equal(s_scan_after(f, INT64_MAX, &from), 2);
    assert_string_equal(f->seen[0], CASE_A);

    from.due_ms = wf_escalation_next_ms(b->steps[0]);
    snprintf(from.case_id, sizeof from.case_id, "%s", CASE_B);
    assert_int_equal(s_scan_after(f, INT64_MAX, &from), 0); // the last: nothing after it
}

// Schema 1 -> 2: a step the version before left at the top of its ladder (level 2 sent,
// next_level_ms 0, so a line that grew later never got level 3) gets a next level at once and
// is back in the due index; other steps are left alone.
static void test_the_migration_resumes_ladders_stopped_at_the_top(void **state)
{
    fixture_t *f = *state;
    int64_t t0 = HR_TEST_T0_MS;
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1", t0);
    a->steps[0]->reminded = true;
    a->steps[0]->escalation_level = 2; // what 5ec7890 wrote at the top of the line
    a->steps[0]->next_level_ms = 0;
    Hr__Workflow__Case *b = s_new_case(f, CASE_B, "E2", t0);
    s_put(f, NULL, a);
    s_put(f, NULL, b);
    assert_int_equal(s_scan(f, INT64_MAX), 1); // only B: A's ladder had stopped
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_migrate_ladder(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    Hr__Workflow__Case *after = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_case_get(txn, CASE_A, f->arena, &after), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(after->steps[0]->next_level_ms, a->steps[0]->level2_ms);
    assert_int_equal(after->steps[0]->escalation_level, 2);
    assert_int_equal(s_scan(f, INT64_MAX), 2); // A is back in the index
    assert_int_equal(wf_escalation_due(after->steps[0], INT64_MAX), 3);
    // Run again (a crash before the schema row committed): nothing more to do.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_migrate_ladder(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_scan(f, INT64_MAX), 2);
}

static void test_reconciler_rebuilds_a_lost_index(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1", HR_TEST_T0_MS);
    s_put(f, NULL, a);
    hr_txn_t *txn = NULL;
    // Damage: drop the due db, add a stale row.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(
        hr_rc_from_mdb(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(f->store, WF_DB_DUE), 0)), HR_OK);
    assert_int_equal(wf_store_due_del(txn, CASE_A, 0, 1), HR_OK); // absent: not an error
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_scan(f, INT64_MAX), 0);
    wf_rebuild_t r;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_due_rebuild(txn, f->arena, &r), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(r.rows, 1);
    assert_int_equal(r.missing, 1); // counted, never silent (reliability P5)
    assert_int_equal(r.stale, 0);
    assert_int_equal(s_scan(f, INT64_MAX), 1);
    assert_int_equal(f->seen_ms[0], wf_escalation_next_ms(a->steps[0]));

    // A row no case wants (a step's deadline moved by hand): found stale and removed; a second
    // run finds nothing to say.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    unsigned char key[8 + HR_ID_LEN + 4];
    hr_be64_put(key, (uint64_t)HR_TEST_T0_MS);
    memcpy(key + 8, CASE_A, HR_ID_LEN);
    hr_be32_put(key + 8 + HR_ID_LEN, 7);
    assert_int_equal(hr_store_put(txn, WF_DB_DUE, key, sizeof key, "", 0, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_scan(f, INT64_MAX), 2);
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_due_rebuild(txn, f->arena, &r), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(r.missing, 0);
    assert_int_equal(r.stale, 1);
    assert_int_equal(s_scan(f, INT64_MAX), 1);
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_due_rebuild(txn, f->arena, &r), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(r.missing + r.stale, 0);
}

static void test_open_case_per_employee_and_settings(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1", HR_TEST_T0_MS);
    s_put(f, NULL, a);
    hr_txn_t *txn = NULL;
    bool open = false;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_case_open_for(txn, "E1", f->arena, &open), HR_OK);
    assert_true(open);
    assert_int_equal(wf_store_case_open_for(txn, "E10", f->arena, &open), HR_OK);
    assert_false(open); // a prefix of another number is not that person
    char *v = NULL;
    assert_int_equal(wf_store_setting_get(txn, WF_SETTING_HR_HEAD, f->arena, &v), HR_ENOTFOUND);
    assert_int_equal(wf_store_setting_put(txn, WF_SETTING_HR_HEAD, "E0002"), HR_OK);
    assert_int_equal(wf_store_setting_get(txn, WF_SETTING_HR_HEAD, f->arena, &v), HR_OK);
    assert_string_equal(v, "E0002");
    assert_int_equal(wf_store_setting_put(txn, WF_SETTING_HR_HEAD, ""), HR_OK);
    assert_int_equal(wf_store_setting_get(txn, WF_SETTING_HR_HEAD, f->arena, &v), HR_ENOTFOUND);
    Hr__Workflow__Case *none = NULL;
    assert_int_equal(wf_store_case_get(txn, "not-an-id", f->arena, &none), HR_ENOTFOUND);
    assert_int_equal(wf_store_case_get(txn, CASE_B, f->arena, &none), HR_ENOTFOUND);
    hr_txn_abort(&txn);
}

static void test_events_and_outbox_are_sequenced(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (int i = 0; i < 3; i++) {
        Hr__Workflow__CaseOpened ev = HR__WORKFLOW__CASE_OPENED__INIT;
        ev.case_id = CASE_A;
        assert_int_equal(wf_store_event_append(txn, "workflow.CaseOpened", &ev.base, "m", i),
                         HR_OK);
    }
    Hr__Workflow__WorkflowNotifySend send = HR__WORKFLOW__WORKFLOW_NOTIFY_SEND__INIT;
    send.template_id = "overdue_1";
    char msg_id[HR_ID_LEN + 1];
    assert_int_equal(
        wf_store_outbox_put(txn, "notify", "notify.Send", &send.base, HR_TEST_T0_MS, msg_id),
        HR_OK);
    assert_true(hr_id_is_valid(msg_id));
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_events_read(txn, 1, 10, f->arena, &ev), HR_OK);
    assert_int_equal(ev.last_seq, 3);
    assert_int_equal(ev.n_events, 2);
    assert_int_equal(ev.events[0]->seq, 2);
    Hr__Workflow__ListOutboxReply ob = HR__WORKFLOW__LIST_OUTBOX_REPLY__INIT;
    assert_int_equal(wf_store_outbox_list(txn, 10, f->arena, &ob), HR_OK);
    assert_int_equal(ob.n_rows, 1);
    assert_string_equal(ob.rows[0]->row->msg_id, msg_id);
    assert_string_equal(ob.rows[0]->send->template_id, "overdue_1");
    hr_txn_abort(&txn);
}

// Schema 2 -> 3: every person's roles once, as workflow.RolesChanged events of at most
// WF_ROLES_EVENT_MAX people, in key order; an empty directory appends nothing.
static void test_the_migration_publishes_every_persons_roles(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_migrate_roles(txn, NULL), HR_OK); // nobody yet
    size_t n = 2 * WF_ROLES_EVENT_MAX + 5;
    char *hr[] = {"hr"};
    for (size_t i = 0; i < n; i++) {
        Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
        char no[16];
        snprintf(no, sizeof no, "E%05zu", i);
        p.employee_no = no;
        p.roles = hr;
        p.n_roles = i == 3; // E00003 is HR, everyone else a plain employee
        assert_int_equal(wf_store_person_put(txn, &p), HR_OK);
    }
    assert_int_equal(wf_store_migrate_roles(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_events_read(txn, 0, 10, f->arena, &ev), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(ev.n_events, 3);
    size_t seen = 0;
    for (size_t k = 0; k < ev.n_events; k++) {
        assert_string_equal(ev.events[k]->type, "workflow.RolesChanged");
        Hr__Workflow__RolesChanged *rc = hr__workflow__roles_changed__unpack(
            hr_arena_pb_allocator(f->arena), ev.events[k]->body.len, ev.events[k]->body.data);
        assert_non_null(rc);
        assert_int_equal(rc->n_people, k < 2 ? WF_ROLES_EVENT_MAX : 5);
        for (size_t i = 0; i < rc->n_people; i++, seen++) {
            char no[16];
            snprintf(no, sizeof no, "E%05zu", seen);
            assert_string_equal(rc->people[i]->employee_no, no);
            assert_int_equal(rc->people[i]->n_roles, seen == 3);
        }
    }
    assert_int_equal(seen, n);
}

// Whether b holds the bytes of s anywhere.
static bool s_bytes_hold(const ProtobufCBinaryData *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->len; i++)
        if (!memcmp(b->data + i, s, n))
            return true;
    return false;
}

// Schema 4 -> 5: everyone once more, now with the keys of their protected statuses - never a
// status's source (HR only) - so hr-analytics learns who the directory protects (LCL 42).
static void test_the_statuses_migration_publishes_the_keys_never_the_source(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Workflow__ProtectedStatus preg = HR__WORKFLOW__PROTECTED_STATUS__INIT;
    preg.status = "pregnant";
    preg.source = "medical certificate 2026-11-01";
    Hr__Workflow__ProtectedStatus med = HR__WORKFLOW__PROTECTED_STATUS__INIT;
    med.status = "medical_treatment_period";
    med.source = "hospital note";
    Hr__Workflow__ProtectedStatus *both[] = {&preg, &med};
    Hr__Workflow__Person a = HR__WORKFLOW__PERSON__INIT, b = HR__WORKFLOW__PERSON__INIT;
    a.employee_no = "E0111";
    a.protected_statuses = both;
    a.n_protected_statuses = 2;
    b.employee_no = "E0112";
    assert_int_equal(wf_store_person_put(txn, &a), HR_OK);
    assert_int_equal(wf_store_person_put(txn, &b), HR_OK);
    // A store of schema 2 was published whole by its 2 -> 3 step in the same start: not again.
    unsigned char v[4];
    hr_be32_put(v, 2);
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v, sizeof v, 0), HR_OK);
    assert_int_equal(wf_store_migrate_statuses(txn, NULL), HR_OK);
    hr_be32_put(v, 4); // a store of schema 4
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v, sizeof v, 0), HR_OK);
    assert_int_equal(wf_store_migrate_statuses(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_events_read(txn, 0, 10, f->arena, &ev), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(ev.n_events, 1);
    assert_string_equal(ev.events[0]->type, "workflow.RolesChanged");
    assert_false(s_bytes_hold(&ev.events[0]->body, "certificate"));
    assert_false(s_bytes_hold(&ev.events[0]->body, "hospital"));
    Hr__Workflow__RolesChanged *rc = hr__workflow__roles_changed__unpack(
        hr_arena_pb_allocator(f->arena), ev.events[0]->body.len, ev.events[0]->body.data);
    assert_non_null(rc);
    assert_int_equal(rc->n_people, 2);
    assert_string_equal(rc->people[0]->employee_no, "E0111");
    assert_int_equal(rc->people[0]->n_protected_statuses, 2);
    assert_string_equal(rc->people[0]->protected_statuses[0], "pregnant");
    assert_string_equal(rc->people[0]->protected_statuses[1], "medical_treatment_period");
    assert_int_equal(rc->people[1]->n_protected_statuses, 0);
}

// Schema 6 -> 7: everyone once more, now with whom they report to, so hr-analytics learns the
// reporting lines (a superior reads the metrics of the cases below them); a store from before
// schema 5 was published with it in the same start, not again.
static void test_the_lines_migration_publishes_whom_each_reports_to(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Workflow__Person a = HR__WORKFLOW__PERSON__INIT, b = HR__WORKFLOW__PERSON__INIT;
    a.employee_no = "E0100";
    b.employee_no = "E0101";
    b.manager_no = "E0100";
    assert_int_equal(wf_store_person_put(txn, &a), HR_OK);
    assert_int_equal(wf_store_person_put(txn, &b), HR_OK);
    unsigned char v[4];
    hr_be32_put(v, 4); // its 4 -> 5 step published everyone a moment ago
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v, sizeof v, 0), HR_OK);
    assert_int_equal(wf_store_migrate_lines(txn, NULL), HR_OK);
    hr_be32_put(v, 6); // a store of schema 6
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v, sizeof v, 0), HR_OK);
    assert_int_equal(wf_store_migrate_lines(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_events_read(txn, 0, 10, f->arena, &ev), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(ev.n_events, 1);
    Hr__Workflow__RolesChanged *rc = hr__workflow__roles_changed__unpack(
        hr_arena_pb_allocator(f->arena), ev.events[0]->body.len, ev.events[0]->body.data);
    assert_non_null(rc);
    assert_int_equal(rc->n_people, 2);
    assert_string_equal(rc->people[0]->employee_no, "E0100");
    assert_string_equal(rc->people[0]->manager_no, "");
    assert_string_equal(rc->people[1]->manager_no, "E0100");
}

// A closed case with its retention duty dated to day (the end of it), as a close stores it.
static Hr__Workflow__Case *s_closed_case(fixture_t *f, const char *id, const char *day)
{
    Hr__Workflow__Case *c = s_new_case(f, id, "E1", HR_TEST_T0_MS);
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    Hr__Workflow__CaseStep *st = hr_arena_alloc(f->arena, sizeof *st);
    hr__workflow__case_step__init(st);
    st->key = (char *)WF_DUTY_RETENTION;
    st->duty = true;
    st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    st->due_date = (char *)day;
    st->due_ms = wf_fixture_end_of(day);
    Hr__Workflow__CaseStep **steps = hr_arena_alloc(f->arena, (c->n_steps + 1) * sizeof *steps);
    memcpy(steps, c->steps, c->n_steps * sizeof *steps);
    steps[c->n_steps++] = st;
    c->steps = steps;
    return c;
}

// The workflow.RetentionRedated events of the log, in order, into out (at most max); how many.
static size_t s_redated(fixture_t *f, Hr__Workflow__RetentionRedated **out, size_t max)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_events_read(txn, 0, 100, f->arena, &ev), HR_OK);
    hr_txn_abort(&txn);
    size_t n = 0;
    for (size_t k = 0; k < ev.n_events; k++) {
        if (strcmp(ev.events[k]->type, "workflow.RetentionRedated"))
            continue;
        assert_true(n < max);
        out[n] = hr__workflow__retention_redated__unpack(
            hr_arena_pb_allocator(f->arena), ev.events[k]->body.len, ev.events[k]->body.data);
        assert_non_null(out[n]);
        n++;
    }
    return n;
}

// Schema 5 -> 6: a case closed before CaseClosed carried keep_until_ms (its close said 0) gets
// one workflow.RetentionRedated with its retention duty's day, so hr-evidence keeps its records
// to it; a case whose close said it, or an open one, gets none; run again, nothing more.
static void test_the_keep_migration_tells_evidence_the_days_its_closes_did_not(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *a = s_closed_case(f, CASE_A, "2029-01-09"); // closed by the old version
    Hr__Workflow__Case *b = s_closed_case(f, CASE_B, "2028-12-11"); // closed by this one
    Hr__Workflow__Case *open = s_closed_case(f, "01JN00000000000000000000CC", "2029-03-01");
    open->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    s_put(f, NULL, a);
    s_put(f, NULL, b);
    s_put(f, NULL, open);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Workflow__CaseClosed ca = HR__WORKFLOW__CASE_CLOSED__INIT, cb = ca;
    ca.case_id = CASE_A;
    ca.outcome = "notice_served";
    ca.at_ms = HR_TEST_T0_MS;
    ca.ended_ms = wf_fixture_end_of("2026-12-31"); // and no keep_until_ms: the old close
    cb = ca;
    cb.case_id = CASE_B;
    cb.keep_until_ms = wf_fixture_end_of("2028-12-11");
    assert_int_equal(wf_store_event_append(txn, "workflow.CaseClosed", &ca.base, "", 1), HR_OK);
    assert_int_equal(wf_store_event_append(txn, "workflow.CaseClosed", &cb.base, "", 1), HR_OK);
    assert_int_equal(wf_store_migrate_keep(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    Hr__Workflow__RetentionRedated *rd[4];
    assert_int_equal(s_redated(f, rd, 4), 1);
    assert_string_equal(rd[0]->case_id, CASE_A);
    assert_int_equal(rd[0]->keep_until_ms, wf_fixture_end_of("2029-01-09"));
    assert_true(rd[0]->at_ms > 0);
    // Run again (a crash before the schema row committed): its own event says it was sent.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_migrate_keep(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_redated(f, rd, 4), 1);
}

// A case as the version before left it: facts citing ids (one twice), its review completed
// when reviewed_ms is not 0.
static Hr__Workflow__Case *s_reviewed_case(fixture_t *f, const char *id, int64_t reviewed_ms,
                                           char **ids, size_t n)
{
    Hr__Workflow__Case *c = s_new_case(f, id, "E1", HR_TEST_T0_MS);
    bool found = false;
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_HR_REVIEW)) {
            c->steps[i]->done_ms = reviewed_ms;
            found = true;
        }
    assert_true(found);
    if (!n)
        return c;
    c->n_facts = 2;
    c->facts = hr_arena_alloc(f->arena, 2 * sizeof *c->facts);
    for (size_t i = 0; i < 2; i++) {
        c->facts[i] = hr_arena_alloc(f->arena, sizeof *c->facts[i]);
        hr__workflow__fact_confirmation__init(c->facts[i]);
        c->facts[i]->fact = i ? "warned_in_writing" : "rule_breach";
        c->facts[i]->evidence_ids = ids; // both cite them: each id goes out once
        c->facts[i]->n_evidence_ids = n;
    }
    return c;
}

// Schema 7 -> 8: each case whose review completed before StepCompleted named its proof gets one
// workflow.ProofCited with the records its facts cite, each once: nothing in the old events
// says them, so hr-evidence cannot learn them otherwise. A case not reviewed yet (its review
// will say them) and a reviewed one citing nothing get none.
static void test_the_proof_migration_publishes_what_old_reviews_cite(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(wf_service.schema_version, 8);
    assert_ptr_equal(wf_service.migrations[6], wf_store_migrate_proof);
    char memo[] = "1111111111111111111111111111111111111111111111111111111111111111";
    char snap[] = "2222222222222222222222222222222222222222222222222222222222222222";
    char *ids[] = {memo, snap, memo};
    s_put(f, NULL, s_reviewed_case(f, CASE_A, HR_TEST_T0_MS, ids, 3));
    s_put(f, NULL, s_reviewed_case(f, CASE_B, 0, ids, 3));
    s_put(f, NULL, s_reviewed_case(f, "01JN00000000000000000000CC", HR_TEST_T0_MS, NULL, 0));
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_migrate_proof(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_events_read(txn, 0, 10, f->arena, &ev), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(ev.n_events, 1);
    assert_string_equal(ev.events[0]->type, "workflow.ProofCited");
    Hr__Workflow__ProofCited *pc = hr__workflow__proof_cited__unpack(
        hr_arena_pb_allocator(f->arena), ev.events[0]->body.len, ev.events[0]->body.data);
    assert_non_null(pc);
    assert_string_equal(pc->case_id, CASE_A);
    assert_int_equal(pc->n_proof_evidence_ids, 2);
    assert_string_equal(pc->proof_evidence_ids[0], memo);
    assert_string_equal(pc->proof_evidence_ids[1], snap);
    assert_true(pc->at_ms > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_due_index_follows_the_case, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_due_scan_goes_on_after_a_row, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_migration_resumes_ladders_stopped_at_the_top,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_reconciler_rebuilds_a_lost_index, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_open_case_per_employee_and_settings, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_events_and_outbox_are_sequenced, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_migration_publishes_every_persons_roles, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_statuses_migration_publishes_the_keys_never_the_source, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_keep_migration_tells_evidence_the_days_its_closes_did_not, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_the_lines_migration_publishes_whom_each_reports_to,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_proof_migration_publishes_what_old_reviews_cite,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.workflow.store", tests, NULL, NULL);
}
