/*  unit.analytics.roles - whose roles count at hr-analytics: an_auth_check against every kind
 *  of caller (the operator, people the directory makes hr, hr_head or legal, people claiming
 *  what it does not give them, no directory at all); workflow.RolesChanged kept per person in
 *  db roles (real LMDB), the latest entry winning; and the schema 7 migration, which reads the
 *  workflow's log again for the roles an older daemon passed over without counting a case
 *  event twice; workflow.CaseReassigned making the case count under its manager now, and the
 *  schema 13 migration reading the hand-overs a daemon of schema 12 passed over again, and the
 *  schema 14 one the refused submissions (workflow.SubmitRefused) a daemon of 13 passed over,
 *  schema 15 one the reasons of the returns (workflow.CaseReturned) a daemon of 14 kept none of.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"
#include "workflow.pb-c.h"

typedef struct {
    char *dir;         // owned: the store's temp dir
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("an_roles");
    hr_store_opts_t o = {.dir = f->dir,
                         .mapsize_mb = 16,
                         .dbs = an_store_dbs,
                         .schema_version = an_service.schema_version};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    hr_free(err);
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

// An actor: user and roles as a comma list ("" = none), in arena memory.
static Hr__Actor *s_actor(hr_arena_t *arena, const char *user, const char *roles)
{
    Hr__Actor *a = hr_arena_alloc(arena, sizeof *a);
    hr__actor__init(a);
    a->user_id = hr_arena_strdup(arena, user);
    a->roles = hr_arena_alloc(arena, 8 * sizeof *a->roles);
    char *list = hr_arena_strdup(arena, roles);
    for (char *r = list; *r && a->n_roles < 8;) {
        size_t n = strcspn(r, ",");
        bool last = !r[n];
        r[n] = '\0';
        a->roles[a->n_roles++] = r;
        r += last ? n : n + 1;
    }
    return a;
}

// A directory entry with roles as a comma list, or NULL for "no entry".
static Hr__Analytics__DirectoryRoles *s_entry(hr_arena_t *arena, const char *user,
                                              const char *roles)
{
    if (!roles)
        return NULL;
    Hr__Actor *a = s_actor(arena, user, roles);
    Hr__Analytics__DirectoryRoles *p = hr_arena_alloc(arena, sizeof *p);
    hr__analytics__directory_roles__init(p);
    p->employee_no = a->user_id;
    p->roles = a->roles;
    p->n_roles = a->n_roles;
    return p;
}

static void test_every_caller_against_the_check(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *user, *claims, *given; // given NULL: the directory has no entry for user
        bool directory, legal_reads;
        an_auth_t want;
        const char *role; // the role a refusal is about
    } rows[] = {
        // hrctl's own identity, with or without a directory, for imports and reads alike.
        {"operator", "operator", NULL, true, false, AN_AUTH_OK, ""},
        {"operator", "operator", NULL, false, true, AN_AUTH_OK, ""},
        // A person claiming operator is not the operator, whatever the directory gives them.
        {"E0120", "operator", "", true, true, AN_AUTH_NOT_OPERATOR, "operator"},
        {"E0003", "operator", "hr", true, true, AN_AUTH_NOT_OPERATOR, "operator"},
        {"operator", "hr", NULL, true, true, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        // HR of the directory, claiming it.
        {"E0003", "hr", "hr", true, false, AN_AUTH_OK, ""},
        {"E0003", "employee,hr", "hr,manager", true, true, AN_AUTH_OK, ""},
        {"E0002", "hr_head", "hr_head", true, false, AN_AUTH_OK, ""},
        // Legal reads, never imports.
        {"E0006", "legal", "legal", true, true, AN_AUTH_OK, ""},
        {"E0006", "legal", "legal", true, false, AN_AUTH_NO_ROLE, ""},
        {"E0006", "hr", "legal", true, true, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        {"E0006", "hr,legal", "legal", true, true, AN_AUTH_OK, ""},
        {"E0006", "hr,legal", "legal", true, false, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        // Claims the directory does not give: a plain employee, someone it does not know.
        {"E0120", "hr", "", true, false, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        {"E0120", "hr", "employee", true, true, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        {"E0120", "legal", "", true, true, AN_AUTH_NOT_IN_DIRECTORY, "legal"},
        {"E0120", "hr_head", "", true, true, AN_AUTH_NOT_IN_DIRECTORY, "hr_head"},
        {"X9999", "hr", NULL, true, true, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        {"", "hr", NULL, true, true, AN_AUTH_NOT_IN_DIRECTORY, "hr"},
        // A role counts only when claimed too: an HR person acting as an employee is one.
        {"E0003", "employee", "hr", true, true, AN_AUTH_NO_ROLE, ""},
        {"E0003", "", "hr", true, true, AN_AUTH_NO_ROLE, ""},
        // No workflow peer: nobody tells this service who is hr - only the operator.
        {"E0003", "hr", "hr", false, false, AN_AUTH_NO_DIRECTORY, "hr"},
        {"E0006", "legal", "legal", false, true, AN_AUTH_NO_DIRECTORY, "legal"},
        {"E0120", "operator", NULL, false, true, AN_AUTH_NO_DIRECTORY, ""},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Actor *a = s_actor(f->arena, rows[i].user, rows[i].claims);
        Hr__Analytics__DirectoryRoles *p = s_entry(f->arena, rows[i].user, rows[i].given);
        const char *role = NULL;
        an_auth_t got = an_auth_check(a, p, rows[i].directory, rows[i].legal_reads, 0, &role);
        if (got != rows[i].want || strcmp(role, rows[i].role))
            fail_msg("row %zu (%s claiming '%s', given '%s'): %d '%s', want %d '%s'", i,
                     rows[i].user, rows[i].claims, rows[i].given ? rows[i].given : "(none)", got,
                     role, rows[i].want, rows[i].role);
    }
    assert_int_equal(
        an_auth_check(s_actor(f->arena, "operator", "operator"), NULL, true, false, 0, NULL),
        AN_AUTH_OK);
}

// Who reads everyone's records (an_auth_reads_all): the operator, and hr / hr_head as the
// directory gives them; legal - alone or with an hr claim the directory does not back - reads as
// hr-workflow lets legal read (a case's employee), as does someone who has left.
static void test_only_the_operator_and_hr_read_everyone(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *user, *claims, *given;
        bool directory, all;
    } rows[] = {
        {"operator", "operator", NULL, true, true},
        {"operator", "operator", NULL, false, true},
        {"E0003", "hr", "hr", true, true},
        {"E0002", "hr_head", "hr_head", true, true},
        {"E0002", "hr_head,legal", "hr_head,legal", true, true},
        {"E0006", "legal", "legal", true, false},
        {"E0006", "hr,legal", "legal", true, false},
        {"E0006", "legal", "legal,hr", true, false}, // hr given, not claimed: acts as legal
        {"E0003", "hr", "hr", false, false},
        {"E0120", "hr", "", true, false},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Actor *a = s_actor(f->arena, rows[i].user, rows[i].claims);
        Hr__Analytics__DirectoryRoles *p = s_entry(f->arena, rows[i].user, rows[i].given);
        if (an_auth_reads_all(a, p, rows[i].directory, 0) != rows[i].all)
            fail_msg("row %zu (%s claiming '%s', given '%s'): want %d", i, rows[i].user,
                     rows[i].claims, rows[i].given ? rows[i].given : "(none)", rows[i].all);
    }
    Hr__Analytics__DirectoryRoles *left = s_entry(f->arena, "E0003", "hr");
    left->left_ms = 1000;
    assert_true(an_auth_reads_all(s_actor(f->arena, "E0003", "hr"), left, true, 999));
    assert_false(an_auth_reads_all(s_actor(f->arena, "E0003", "hr"), left, true, 1000));
}

// Applies one workflow event at seq through the consumer's apply function, in its own txn.
static hr_rc_t s_apply(fixture_t *f, uint64_t seq, const char *type, const ProtobufCMessage *msg)
{
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = (char *)type;
    ev.at_ms = 1000 + (int64_t)seq;
    ev.body.len = protobuf_c_message_get_packed_size(msg);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(msg, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = an_events_apply(NULL, txn, &ev);
    if (!rc)
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_txn_abort(&txn);
    return rc;
}

// A RolesChanged of people given as {employee_no, "r1,r2"} pairs.
static hr_rc_t s_roles_event(fixture_t *f, uint64_t seq, const char *const (*people)[2], size_t n)
{
    Hr__Workflow__RolesChanged rc = HR__WORKFLOW__ROLES_CHANGED__INIT;
    rc.people = hr_arena_alloc(f->arena, n * sizeof *rc.people);
    for (size_t i = 0; i < n; i++) {
        Hr__Workflow__PersonRoles *p = hr_arena_alloc(f->arena, sizeof *p);
        hr__workflow__person_roles__init(p);
        Hr__Actor *a = s_actor(f->arena, people[i][0], people[i][1]);
        p->employee_no = a->user_id;
        p->roles = a->roles;
        p->n_roles = a->n_roles;
        rc.people[rc.n_people++] = p;
    }
    return s_apply(f, seq, "workflow.RolesChanged", &rc.base);
}

// The roles stored for user as a comma list; "(none)" when the directory gave no entry.
static const char *s_stored(fixture_t *f, const char *user)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__DirectoryRoles *p = NULL;
    hr_rc_t rc = an_store_roles_get(txn, user, f->arena, &p);
    hr_txn_abort(&txn);
    if (rc == HR_ENOTFOUND)
        return "(none)";
    assert_int_equal(rc, HR_OK);
    assert_string_equal(p->employee_no, user);
    char *list = hr_arena_strdup(f->arena, "");
    for (size_t i = 0; i < p->n_roles; i++)
        list = hr_arena_fmt(f->arena, "%s%s%s", list, i ? "," : "", p->roles[i]);
    return list;
}

static void test_roles_changed_keeps_each_persons_latest_roles(void **state)
{
    fixture_t *f = *state;
    static const char *const first[][2] = {
        {"E0003", "hr"}, {"E0006", "legal"}, {"E0120", ""}, {"E0002", "hr_head,hr,manager"}};
    assert_int_equal(s_roles_event(f, 1, first, HR_ARRAY_LEN(first)), HR_OK);
    assert_string_equal(s_stored(f, "E0003"), "hr");
    assert_string_equal(s_stored(f, "E0006"), "legal");
    assert_string_equal(s_stored(f, "E0120"), "");
    assert_string_equal(s_stored(f, "E0002"), "hr_head,hr,manager");
    assert_string_equal(s_stored(f, "X9999"), "(none)");
    assert_string_equal(s_stored(f, ""), "(none)");
    // A later import takes E0003's hr and makes E0120 legal; nobody else changes.
    static const char *const second[][2] = {{"E0003", ""}, {"E0120", "legal"}};
    assert_int_equal(s_roles_event(f, 2, second, HR_ARRAY_LEN(second)), HR_OK);
    assert_string_equal(s_stored(f, "E0003"), "");
    assert_string_equal(s_stored(f, "E0120"), "legal");
    assert_string_equal(s_stored(f, "E0006"), "legal");
    // Someone without a usable id is passed over; the rest of the event stands.
    static const char *const bad[][2] = {{"", "hr"},
                                         {"E\x01"
                                          "7",
                                          "hr"},
                                         {"E0007", "hr"}};
    assert_int_equal(s_roles_event(f, 3, bad, HR_ARRAY_LEN(bad)), HR_OK);
    assert_string_equal(s_stored(f, "E0007"), "hr");
    // A body that does not unpack fails the batch (the consumer tries again, then passes over).
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = 4;
    ev.type = "workflow.RolesChanged";
    uint8_t junk[] = {0x0a, 0x7f, 0x01};
    ev.body.len = sizeof junk;
    ev.body.data = junk;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_EIO);
    hr_txn_abort(&txn);
    // The check reads the stored entry: E0003 claims hr in vain now, E0007 holds it.
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__DirectoryRoles *p = NULL;
    assert_int_equal(an_store_roles_get(txn, "E0003", f->arena, &p), HR_OK);
    assert_int_equal(an_auth_check(s_actor(f->arena, "E0003", "hr"), p, true, true, 0, NULL),
                     AN_AUTH_NOT_IN_DIRECTORY);
    assert_int_equal(an_store_roles_get(txn, "E0007", f->arena, &p), HR_OK);
    assert_int_equal(an_auth_check(s_actor(f->arena, "E0007", "hr"), p, true, false, 0, NULL),
                     AN_AUTH_OK);
    hr_txn_abort(&txn);
}

static void s_case_event(fixture_t *f, uint64_t seq, const char *type, bool via_metrics)
{
    ProtobufCMessage *msg = NULL;
    Hr__Workflow__CaseOpened o = HR__WORKFLOW__CASE_OPENED__INIT;
    Hr__Workflow__StepCompleted s = HR__WORKFLOW__STEP_COMPLETED__INIT;
    if (!strcmp(type, "workflow.CaseOpened")) {
        o.case_id = "C1";
        o.employee_no = "E0110";
        o.manager_no = "E0101";
        o.department_id = "SALES";
        o.ground = "A40_2";
        o.at_ms = 1000;
        msg = &o.base;
    } else {
        s.case_id = "C1";
        s.step = "request";
        s.started_ms = 1000;
        s.done_ms = 2000;
        msg = &s.base;
    }
    if (!via_metrics) {
        assert_int_equal(s_apply(f, seq, type, msg), HR_OK);
        return;
    }
    // What a daemon of schema 6 did: the case events only, RolesChanged none of its business.
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = (char *)type;
    ev.body.len = protobuf_c_message_get_packed_size(msg);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(msg, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_metrics_apply(txn, &ev), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static size_t s_steps(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__CaseStat *c = NULL;
    assert_int_equal(an_store_case_get(txn, "C1", f->arena, &c), HR_OK);
    hr_txn_abort(&txn);
    return c->n_steps;
}

static uint64_t s_cursor(fixture_t *f, uint64_t *until)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t seq = 0;
    assert_int_equal(hr_consumer_cursor_get(txn, AN_WORKFLOW_SOURCE, &seq), HR_OK);
    assert_int_equal(an_store_roles_replay_until(txn, until), HR_OK);
    hr_txn_abort(&txn);
    return seq;
}

// A store of schema 6 whose daemon followed the workflow up to seq 3 and passed its directory
// (RolesChanged at 2) over: at the upgrade the log is read again from its start; the events up
// to 3 give their roles and nothing else, the case's step is counted once; later events count
// as always, and the mark is gone once the log was read past it.
static void test_the_upgrade_reads_the_log_again_for_the_roles_alone(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {.dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 6};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    s_case_event(f, 1, "workflow.CaseOpened", true);
    s_case_event(f, 3, "workflow.StepCompleted", true);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 3);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE,
                                  strlen(AN_WORKFLOW_SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&f->store);

    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_int_equal(hr_store_schema_version(f->store),
                     an_service.schema_version); // 8, on to 9 (withdrawn files) and later
    uint64_t until = 0;
    assert_int_equal(s_cursor(f, &until), 0); // from the log's start
    assert_int_equal(until, 3);
    assert_int_equal(s_steps(f), 1);

    // The consumer reads 1..3 again and then 4.
    s_case_event(f, 1, "workflow.CaseOpened", false);
    static const char *const dir[][2] = {{"E0003", "hr"}, {"E0120", ""}};
    assert_int_equal(s_roles_event(f, 2, dir, HR_ARRAY_LEN(dir)), HR_OK);
    assert_string_equal(s_stored(f, "E0003"), "hr");
    s_case_event(f, 3, "workflow.StepCompleted", false);
    assert_int_equal(s_steps(f), 1); // counted before the upgrade: not again
    s_cursor(f, &until);
    assert_int_equal(until, 0); // read past the old cursor: the replay is over
    s_case_event(f, 4, "workflow.StepCompleted", false);
    assert_int_equal(s_steps(f), 2);
    assert_string_equal(s_stored(f, "E0120"), "");
    hr_free(err);
}

// A store of schema 6 that never followed the workflow has nothing to read again.
static void test_the_upgrade_of_a_store_without_a_cursor_marks_nothing(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_migrate_roles(txn, NULL), HR_OK);
    uint64_t until = 9;
    assert_int_equal(an_store_roles_replay_until(txn, &until), HR_OK);
    assert_int_equal(until, 0);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    s_case_event(f, 1, "workflow.CaseOpened", false);
    s_case_event(f, 2, "workflow.StepCompleted", false);
    assert_int_equal(s_steps(f), 1);
}

// A leaver (RolesChanged's left_ms, today's workflow) holds no role here from that moment: the
// row keeps the day, and the check refuses from it on whatever roles the row still lists.
static void test_a_leaver_holds_no_role_from_the_day_they_left(void **state)
{
    fixture_t *f = *state;
    const int64_t left = 1764432000000; // 2025-11-29 16:00 UTC: 2025-11-30 00:00 in Shanghai
    Hr__Workflow__RolesChanged rc = HR__WORKFLOW__ROLES_CHANGED__INIT;
    Hr__Workflow__PersonRoles pr = HR__WORKFLOW__PERSON_ROLES__INIT;
    Hr__Workflow__PersonRoles *people[1] = {&pr};
    char *roles[2] = {"hr", "legal"};
    pr.employee_no = "E0003";
    pr.roles = roles;
    pr.n_roles = 2;
    pr.left_ms = left;
    rc.people = people;
    rc.n_people = 1;
    assert_int_equal(s_apply(f, 1, "workflow.RolesChanged", &rc.base), HR_OK);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__DirectoryRoles *p = NULL;
    assert_int_equal(an_store_roles_get(txn, "E0003", f->arena, &p), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(p->left_ms, left);
    Hr__Actor *hr = s_actor(f->arena, "E0003", "hr");
    Hr__Actor *legal = s_actor(f->arena, "E0003", "legal");
    assert_int_equal(an_auth_check(hr, p, true, false, left - 1, NULL), AN_AUTH_OK);
    assert_int_equal(an_auth_check(legal, p, true, true, left - 1, NULL), AN_AUTH_OK);
    assert_int_equal(an_auth_check(hr, p, true, false, left, NULL), AN_AUTH_LEFT);
    assert_int_equal(an_auth_check(legal, p, true, true, left + 1, NULL), AN_AUTH_LEFT);
    // The operator is hrctl's identity, not a person: untouched.
    assert_int_equal(
        an_auth_check(s_actor(f->arena, "operator", "operator"), p, true, false, left, NULL),
        AN_AUTH_OK);
}

// A store of schema 7 dropped left_ms from the events it applied: the upgrade to 8 reads the log
// again for the roles, so a leaver's row gets the day.
static void test_the_upgrade_to_8_reads_the_log_again_for_leavers(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {.dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 7};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 5);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE,
                                  strlen(AN_WORKFLOW_SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&f->store);
    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_int_equal(hr_store_schema_version(f->store),
                     an_service.schema_version); // 8, on to 9 (withdrawn files) and later
    uint64_t until = 0;
    assert_int_equal(s_cursor(f, &until), 0); // from the log's start
    assert_int_equal(until, 5);
    hr_free(err);
}

// A directory for an_line_reaches: {employee_no, manager_no, left_ms} rows.
typedef struct {
    const char *no;
    const char *manager;
    int64_t left_ms;
} s_row_t;
typedef struct {
    const s_row_t *rows;
    size_t n;
    size_t lookups; // how many an_line_reaches asked (a loop must not spin)
} s_dir_t;

static bool s_dir_link(void *arg, const char *no, an_link_t *out)
{
    s_dir_t *d = arg;
    d->lookups++;
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->rows[i].no, no)) {
            out->manager_no = d->rows[i].manager;
            out->left_ms = d->rows[i].left_ms;
            return true;
        }
    return false;
}

// A superior's reporting line (an_line_reaches): every manager whose chain of manager links
// reaches them, however far up - not a peer, not a superior who has left (the line goes on
// above them), never spinning on a loop, no deeper than AN_LINE_MAX levels.
static void test_the_line_reaches_every_manager_below_a_superior(void **state)
{
    HR_UNUSED(state);
    static char deep[AN_LINE_MAX + 4][8];
    static s_row_t rows[64] = {
        {"E0001", "", 0},      {"E0100", "E0001", 0},  {"E0101", "E0100", 0},
        {"E0102", "E0100", 0}, {"E0110", "E0101", 0},  {"E0200", "E0001", 0},
        {"E0300", "E0301", 0}, {"E0301", "E0302", 0},  {"E0302", "E0300", 0}, // a loop
        {"E0400", "E0401", 0}, {"E0401", "E0402", 50}, {"E0402", "", 0},      // E0401 left at 50
    };
    size_t n = 12;
    for (int i = 0; i < AN_LINE_MAX + 3; i++) {
        snprintf(deep[i], sizeof deep[i], "D%02d", i);
        rows[n++] = (s_row_t){deep[i], "", 0};
    }
    for (int i = 0; i < AN_LINE_MAX + 2; i++)
        rows[12 + i].manager = deep[i + 1];
    s_dir_t d = {rows, n, 0};
    static const struct {
        const char *manager, *me;
        int64_t now_ms;
        bool want;
    } cases[] = {
        {"E0110", "E0110", 0, true},   // their own
        {"E0110", "E0101", 0, true},   // one level up
        {"E0110", "E0100", 0, true},   // two
        {"E0110", "E0001", 0, true},   // three: the top
        {"E0101", "E0102", 0, false},  // a peer
        {"E0110", "E0102", 0, false},  // a peer's report
        {"E0110", "E0200", 0, false},  // another branch under the same top
        {"E0100", "E0101", 0, false},  // below is no superior
        {"E0300", "E0302", 0, true},   // on a loop, before it closes
        {"E0300", "E0999", 0, false},  // the loop closes: no spin, nobody else
        {"E0400", "E0401", 49, true},  // before they left
        {"E0400", "E0401", 50, false}, // a superior who left is none any more
        {"E0400", "E0402", 50, true},  // the line goes on above them
        {"E0999", "E0001", 0, false},  // a manager the directory does not hold
        {"", "E0001", 0, false},       {"E0110", "", 0, false},
        {"D00", "D32", 0, true},  // AN_LINE_MAX levels up
        {"D00", "D33", 0, false}, // one more: not followed
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        d.lookups = 0;
        bool got = an_line_reaches(cases[i].manager, cases[i].me, cases[i].now_ms, s_dir_link, &d);
        if (got != cases[i].want)
            fail_msg("row %zu: %s under %s: %d, want %d", i, cases[i].manager, cases[i].me, got,
                     cases[i].want);
        assert_true(d.lookups <= AN_LINE_MAX + 2);
    }
}

// RolesChanged carries whom each person reports to (the workflow's schema 7): kept in db roles
// beside the roles; a number that is no clean id links to nobody.
static void test_roles_changed_keeps_whom_each_reports_to(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__RolesChanged ev = HR__WORKFLOW__ROLES_CHANGED__INIT;
    Hr__Workflow__PersonRoles a = HR__WORKFLOW__PERSON_ROLES__INIT;
    Hr__Workflow__PersonRoles b = HR__WORKFLOW__PERSON_ROLES__INIT;
    Hr__Workflow__PersonRoles *list[] = {&a, &b};
    a.employee_no = "E0101";
    a.manager_no = "E0100";
    b.employee_no = "E0102";
    b.manager_no = "E01\x01"
                   "00";
    ev.people = list;
    ev.n_people = 2;
    assert_int_equal(s_apply(f, 1, "workflow.RolesChanged", &ev.base), HR_OK);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__DirectoryRoles *p = NULL, *q = NULL; // decoded into the arena
    hr_rc_t rp = an_store_roles_get(txn, "E0101", f->arena, &p);
    hr_rc_t rq = an_store_roles_get(txn, "E0102", f->arena, &q);
    hr_txn_abort(&txn);
    assert_int_equal(rp, HR_OK);
    assert_int_equal(rq, HR_OK);
    assert_string_equal(p->manager_no, "E0100");
    assert_string_equal(q->manager_no, "");
}

// The case id as stored (arena), NULL when analytics holds none.
static Hr__Analytics__CaseStat *s_case_stat(fixture_t *f, const char *id)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__CaseStat *c = NULL;
    hr_rc_t rc = an_store_case_get(txn, id, f->arena, &c);
    hr_txn_abort(&txn);
    if (rc == HR_ENOTFOUND)
        return NULL;
    assert_int_equal(rc, HR_OK);
    return c;
}

static hr_rc_t s_reassign(fixture_t *f, uint64_t seq, const char *id, const char *manager,
                          bool via_metrics)
{
    Hr__Workflow__CaseReassigned r = HR__WORKFLOW__CASE_REASSIGNED__INIT;
    r.case_id = (char *)id;
    r.manager_no = (char *)manager;
    r.previous_manager_no = "E0101";
    r.at_ms = 5000;
    if (!via_metrics)
        return s_apply(f, seq, "workflow.CaseReassigned", &r.base);
    // What a daemon of schema 12 did: CaseReassigned went to the metrics, which passed it over.
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = "workflow.CaseReassigned";
    ev.body.len = protobuf_c_message_get_packed_size(&r.base);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(&r.base, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = an_metrics_apply(txn, &ev);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return rc;
}

// D1 (a department head's review): HR hands E0101's case to E0102; the case counts under E0102
// from then on - a line manager's filter, the detail rows' manager - and E0101, replaced, reads
// none of it. A hand-over of a case never seen opened makes up no case, one naming no usable
// manager changes nothing, one read again changes nothing; a body that does not decode fails
// the batch. Before, CaseReassigned was passed over and the case stayed E0101's for good.
static void test_a_case_handed_on_counts_under_its_manager_now(void **state)
{
    fixture_t *f = *state;
    s_case_event(f, 1, "workflow.CaseOpened", false); // C1: E0110's, opened by E0101
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0101");
    assert_int_equal(s_reassign(f, 2, "C1", "E0102", false), HR_OK);
    Hr__Analytics__CaseStat *c = s_case_stat(f, "C1");
    assert_string_equal(c->manager_no, "E0102");
    assert_string_equal(c->employee_no, "E0110"); // nothing else moves
    assert_string_equal(c->ground, "A40_2");
    assert_int_equal(c->opened_ms, 1000);

    an_case_filter_t mine = {.from_day = INT32_MIN, .to_day = INT32_MAX, .department = ""};
    mine.manager_no = "E0101";
    assert_false(an_case_matches(c, &mine)); // the replaced manager: outside the case
    mine.manager_no = "E0102";
    assert_true(an_case_matches(c, &mine));
    Hr__Analytics__GetMetricsReply rep = HR__ANALYTICS__GET_METRICS_REPLY__INIT;
    char why[256];
    assert_int_equal(
        an_metric_detail(&c, 1, NULL, "cases.open", f->arena, &rep, 10, why, sizeof why), HR_OK);
    assert_int_equal(rep.n_cases, 1);
    assert_string_equal(rep.cases[0]->manager_no, "E0102");

    // Read again (a replay), no usable manager, a case never seen: nothing changes or appears.
    assert_int_equal(s_reassign(f, 2, "C1", "E0102", false), HR_OK);
    assert_int_equal(s_reassign(f, 3, "C1", "", false), HR_OK);
    assert_int_equal(s_reassign(f, 4, "C1",
                                "E01\x01"
                                "02",
                                false),
                     HR_OK);
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0102");
    assert_int_equal(s_reassign(f, 5, "C9", "E0102", false), HR_OK);
    assert_null(s_case_stat(f, "C9"));
    // Handed on again (to the superior): the last hand-over's manager counts.
    assert_int_equal(s_reassign(f, 6, "C1", "E0100", false), HR_OK);
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0100");

    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = 7;
    ev.type = "workflow.CaseReassigned";
    uint8_t junk[] = {0x0a, 0x7f, 0x01};
    ev.body.len = sizeof junk;
    ev.body.data = junk;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_EIO);
    hr_txn_abort(&txn);
}

// A store of schema 12 whose daemon passed C1's hand-over (seq 2) over and followed the log to
// seq 3: the upgrade to 13 reads the log again; the hand-over counts (C1 is E0102's), the step
// at 3 is not counted twice, and the mark goes once the log is read past it.
static void test_the_upgrade_to_13_reads_the_hand_overs_again(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {
        .dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 12};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    s_case_event(f, 1, "workflow.CaseOpened", true);
    assert_int_equal(s_reassign(f, 2, "C1", "E0102", true), HR_OK);
    s_case_event(f, 3, "workflow.StepCompleted", true);
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0101"); // as schema 12 left it
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 3);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE,
                                  strlen(AN_WORKFLOW_SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&f->store);

    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_true(an_service.schema_version >= 13);
    uint64_t until = 0;
    assert_int_equal(s_cursor(f, &until), 0); // from the log's start
    assert_int_equal(until, 3);
    s_case_event(f, 1, "workflow.CaseOpened", false);
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0101");
    assert_int_equal(s_reassign(f, 2, "C1", "E0102", false), HR_OK);
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0102");
    s_case_event(f, 3, "workflow.StepCompleted", false);
    assert_int_equal(s_steps(f), 1); // counted before the upgrade: not again
    s_cursor(f, &until);
    assert_int_equal(until, 0);
    assert_string_equal(s_case_stat(f, "C1")->manager_no, "E0102");
    hr_free(err);
}

// A workflow.SubmitRefused of C1 at seq; via_metrics: as a daemon of schema 13 took it (the
// metrics, which passed it over).
static hr_rc_t s_submit_refused(fixture_t *f, uint64_t seq, bool via_metrics)
{
    Hr__Workflow__SubmitRefusalReason why = HR__WORKFLOW__SUBMIT_REFUSAL_REASON__INIT;
    why.code = "MISSING_EVIDENCE";
    why.fact = "first_assessment_failed";
    Hr__Workflow__SubmitRefusalReason *reasons[1] = {&why};
    Hr__Workflow__SubmitRefused r = HR__WORKFLOW__SUBMIT_REFUSED__INIT;
    r.case_id = "C1";
    r.ground = "A40_2";
    r.reasons = reasons;
    r.n_reasons = 1;
    r.at_ms = 1500;
    if (!via_metrics)
        return s_apply(f, seq, "workflow.SubmitRefused", &r.base);
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = "workflow.SubmitRefused";
    ev.body.len = protobuf_c_message_get_packed_size(&r.base);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(&r.base, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = an_metrics_apply(txn, &ev);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return rc;
}

// A store of schema 13 whose daemon passed C1's refused submission (seq 2) over, counted the
// request passing at 3 and followed the log to seq 3: the upgrade to 14 reads the log again; the
// refusal counts once (also read twice), the pass after it makes C1 "later passed", the step at
// 3 is not counted twice; a refusal after the upgrade counts as always, and C1 has not passed
// since.
static void test_the_upgrade_to_14_reads_the_refused_submissions_again(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {
        .dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 13};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    s_case_event(f, 1, "workflow.CaseOpened", true);
    assert_int_equal(s_submit_refused(f, 2, true), HR_OK);
    s_case_event(f, 3, "workflow.StepCompleted", true); // the request, submitted again
    Hr__Analytics__CaseStat *old = s_case_stat(f, "C1");
    assert_int_equal(old->submit_refusals, 0); // as schema 13 left it
    old->submitted_seq = 0;                    // which kept no seq of the request's pass
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_case_put(txn, old), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 3);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE,
                                  strlen(AN_WORKFLOW_SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&f->store);

    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_true(an_service.schema_version >= 14);
    uint64_t until = 0;
    assert_int_equal(s_cursor(f, &until), 0); // from the log's start
    assert_int_equal(until, 3);
    s_case_event(f, 1, "workflow.CaseOpened", false);
    assert_int_equal(s_submit_refused(f, 2, false), HR_OK);
    assert_int_equal(s_submit_refused(f, 2, false), HR_OK); // read twice: once
    Hr__Analytics__CaseStat *c = s_case_stat(f, "C1");
    assert_int_equal(c->submit_refusals, 1);
    assert_int_equal(c->n_refusals, 1);
    assert_string_equal(c->refusals[0]->codes[0], "MISSING_EVIDENCE");
    assert_string_equal(c->refusals[0]->facts[0], "first_assessment_failed");
    assert_string_equal(c->refusals[0]->ground, "A40_2");
    assert_false(an_refused_then_passed(c));
    s_case_event(f, 3, "workflow.StepCompleted", false);
    assert_int_equal(s_steps(f), 1); // counted before the upgrade: not again
    assert_true(an_refused_then_passed(s_case_stat(f, "C1")));
    s_cursor(f, &until);
    assert_int_equal(until, 0);
    assert_int_equal(s_submit_refused(f, 4, false), HR_OK); // returned again after the upgrade
    c = s_case_stat(f, "C1");
    assert_int_equal(c->submit_refusals, 2);
    assert_false(an_refused_then_passed(c));
    hr_free(err);
}

// A workflow.CaseReturned of C1 at seq, from HR's review with EVIDENCE_MISSING and
// UNION_NOT_NOTIFIED; via_metrics: applied as the case events are (a live event).
static void s_case_returned(fixture_t *f, uint64_t seq, bool via_metrics)
{
    Hr__Workflow__Finding a = HR__WORKFLOW__FINDING__INIT, b = HR__WORKFLOW__FINDING__INIT;
    a.severity = b.severity = "block";
    a.code = "EVIDENCE_MISSING";
    b.code = "UNION_NOT_NOTIFIED";
    Hr__Workflow__Finding *findings[2] = {&a, &b};
    Hr__Workflow__CaseReturned r = HR__WORKFLOW__CASE_RETURNED__INIT;
    r.case_id = "C1";
    r.step = "hr_review";
    r.findings = findings;
    r.n_findings = 2;
    r.at_ms = 2500;
    if (!via_metrics) {
        assert_int_equal(s_apply(f, seq, "workflow.CaseReturned", &r.base), HR_OK);
        return;
    }
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = "workflow.CaseReturned";
    ev.body.len = protobuf_c_message_get_packed_size(&r.base);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(&r.base, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_metrics_apply(txn, &ev), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// A store of schema 14 whose daemon counted C1's return (seq 2) but kept no reason, counted the
// request submitted again (3) and followed the log to seq 3: the upgrade to 15 reads the log again;
// the return's stage and codes are kept once (also read twice) and the return is not counted again;
// a return after the upgrade counts and keeps its reasons as always.
static void test_the_upgrade_to_15_reads_the_returns_reasons_again(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {
        .dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 14};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    s_case_event(f, 1, "workflow.CaseOpened", true);
    s_case_returned(f, 2, true);
    s_case_event(f, 3, "workflow.StepCompleted", true); // the request, submitted again
    Hr__Analytics__CaseStat *old = s_case_stat(f, "C1");
    assert_int_equal(old->returns, 1);
    old->n_returns_kept = 0; // as schema 14 left it: counted, no reason kept
    old->returned_seq = 0;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_case_put(txn, old), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, 3);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE,
                                  strlen(AN_WORKFLOW_SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&f->store);

    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_true(an_service.schema_version >= 15);
    uint64_t until = 0;
    assert_int_equal(s_cursor(f, &until), 0); // from the log's start
    assert_int_equal(until, 3);
    s_case_event(f, 1, "workflow.CaseOpened", false);
    s_case_returned(f, 2, false);
    s_case_returned(f, 2, false); // read twice: kept once
    Hr__Analytics__CaseStat *c = s_case_stat(f, "C1");
    assert_int_equal(c->returns, 1); // counted before the upgrade: not again
    assert_int_equal(c->n_returns_kept, 1);
    assert_string_equal(c->returns_kept[0]->step, "hr_review");
    assert_int_equal(c->returns_kept[0]->n_codes, 2);
    assert_string_equal(c->returns_kept[0]->codes[0], "EVIDENCE_MISSING");
    assert_string_equal(c->returns_kept[0]->codes[1], "UNION_NOT_NOTIFIED");
    s_case_event(f, 3, "workflow.StepCompleted", false);
    assert_int_equal(s_steps(f), 1); // counted before the upgrade: not again
    s_case_returned(f, 4, false);    // after the mark: counted and kept
    s_cursor(f, &until);
    assert_int_equal(until, 0);
    c = s_case_stat(f, "C1");
    assert_int_equal(c->returns, 2);
    assert_int_equal(c->n_returns_kept, 2);
    hr_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_the_upgrade_to_15_reads_the_returns_reasons_again,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_every_caller_against_the_check, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_only_the_operator_and_hr_read_everyone, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_roles_changed_keeps_each_persons_latest_roles, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_upgrade_reads_the_log_again_for_the_roles_alone,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_upgrade_of_a_store_without_a_cursor_marks_nothing,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_leaver_holds_no_role_from_the_day_they_left, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_upgrade_to_8_reads_the_log_again_for_leavers,
                                        s_setup, s_teardown),
        cmocka_unit_test(test_the_line_reaches_every_manager_below_a_superior),
        cmocka_unit_test_setup_teardown(test_roles_changed_keeps_whom_each_reports_to, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_case_handed_on_counts_under_its_manager_now, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_upgrade_to_13_reads_the_hand_overs_again, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_upgrade_to_14_reads_the_refused_submissions_again,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.roles", tests, NULL, NULL);
}
