/*  test_ev_store - hr-evidence's dbs on a real LMDB: the audit chain verifies, and an edited,
 *  removed or truncated entry is found and named; records, their case index, the due index
 *  and deletion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ev.h"
#include "hr_test.h"

#define CASE_A "01JN00000000000000000000AA"
#define CASE_B "01JN00000000000000000000BB"
#define ID_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define ID_B "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
#define ID_C "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"

typedef struct {
    char *dir;         // owned
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("ev_store");
    f->store = hr_test_store_open(f->dir, ev_store_dbs, 16);
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

static void s_append(fixture_t *f, int n)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (int i = 0; i < n; i++) {
        ev_audit_t a = {.actor = "operator",
                        .action = i % 2 ? "get" : "put",
                        .evidence_id = ID_A,
                        .case_id = CASE_A,
                        .detail = "d"};
        assert_int_equal(ev_store_audit(txn, HR_TEST_T0_MS + i, &a, NULL), HR_OK);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static hr_rc_t s_verify(fixture_t *f, uint64_t *bad_seq, char *why, size_t whylen)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t entries = 0;
    hr_rc_t rc = ev_store_chain_verify(txn, &entries, bad_seq, why, whylen);
    hr_txn_abort(&txn);
    return rc;
}

static void test_a_fresh_chain_and_an_appended_one_verify(void **state)
{
    fixture_t *f = *state;
    uint64_t bad = 0;
    char why[256];
    assert_int_equal(s_verify(f, &bad, why, sizeof why), HR_OK);
    s_append(f, 5);
    assert_int_equal(s_verify(f, &bad, why, sizeof why), HR_OK);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    ev_head_t head;
    assert_int_equal(ev_store_head(txn, &head), HR_OK);
    assert_int_equal(head.seq, 5);
    Hr__Evidence__AuditEntry *e = NULL;
    assert_int_equal(ev_store_audit_get(txn, 5, f->arena, &e), HR_OK);
    assert_memory_equal(e->hash.data, head.hash, EV_HASH_BYTES);
    Hr__Evidence__AuditEntry *prev = NULL;
    assert_int_equal(ev_store_audit_get(txn, 4, f->arena, &prev), HR_OK);
    assert_memory_equal(e->prev_hash.data, prev->hash.data, EV_HASH_BYTES);
    hr_txn_abort(&txn);
}

// Rewrites entry seq with fn applied (raw LMDB, as an attacker with the disk would).
static void s_tamper(fixture_t *f, uint64_t seq, bool remove, bool rehash)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    unsigned char key[8];
    hr_be64_put(key, seq);
    if (remove) {
        assert_int_equal(hr_store_del(txn, "audit", key, 8), HR_OK);
    } else {
        Hr__Evidence__AuditEntry *e = NULL;
        assert_int_equal(ev_store_audit_get(txn, seq, f->arena, &e), HR_OK);
        e->actor = "someone-else";
        if (rehash) {
            ev_chain_fields_t cf = {.seq = e->seq,
                                    .at_ms = e->at_ms,
                                    .actor = e->actor,
                                    .action = e->action,
                                    .evidence_id = e->evidence_id,
                                    .case_id = e->case_id,
                                    .detail = e->detail};
            memcpy(cf.prev_hash, e->prev_hash.data, EV_HASH_BYTES);
            ev_chain_hash(&cf, e->hash.data);
        }
        assert_int_equal(hr_store_put_pb(txn, "audit", key, 8, &e->base, 0), HR_OK);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void test_an_edited_entry_is_named(void **state)
{
    fixture_t *f = *state;
    s_append(f, 5);
    s_tamper(f, 3, false, false);
    uint64_t bad = 0;
    char why[256];
    assert_int_equal(s_verify(f, &bad, why, sizeof why), HR_ECONFLICT);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(why, "entry 3"));
    assert_non_null(strstr(why, "edited"));
}

static void test_an_edited_and_rehashed_entry_breaks_the_next_link(void **state)
{
    fixture_t *f = *state;
    s_append(f, 5);
    s_tamper(f, 2, false, true);
    uint64_t bad = 0;
    char why[256];
    assert_int_equal(s_verify(f, &bad, why, sizeof why), HR_ECONFLICT);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(why, "entry 2 was edited"));
}

static void test_a_removed_middle_entry_is_named(void **state)
{
    fixture_t *f = *state;
    s_append(f, 5);
    s_tamper(f, 4, true, false);
    uint64_t bad = 0;
    char why[256];
    assert_int_equal(s_verify(f, &bad, why, sizeof why), HR_ECONFLICT);
    assert_int_equal(bad, 4);
    assert_non_null(strstr(why, "entry 4 is missing"));
}

static void test_a_removed_last_entry_is_caught_by_the_head(void **state)
{
    fixture_t *f = *state;
    s_append(f, 5);
    s_tamper(f, 5, true, false);
    uint64_t bad = 0;
    char why[256];
    assert_int_equal(s_verify(f, &bad, why, sizeof why), HR_ECONFLICT);
    assert_int_equal(bad, 5);
    assert_non_null(strstr(why, "removed from the end"));
}

static hr_rc_t s_count(void *arg, const char *id)
{
    HR_UNUSED(id);
    (*(int *)arg)++;
    return HR_OK;
}

static void test_records_their_case_index_due_index_and_deletion(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    char *cases[] = {CASE_A, CASE_B};
    Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
    e.id = ID_A;
    e.kind = "other";
    e.case_ids = cases;
    e.n_case_ids = 2;
    e.due_ms = HR_TEST_T0_MS + HR_DAY_MS;
    assert_int_equal(ev_store_evidence_put(txn, &e, 0), HR_OK);
    Hr__Evidence__Evidence e2 = HR__EVIDENCE__EVIDENCE__INIT;
    e2.id = ID_B;
    e2.kind = "other";
    e2.case_ids = cases;
    e2.n_case_ids = 1;
    assert_int_equal(ev_store_evidence_put(txn, &e2, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    int na = 0, nb = 0;
    bool more = false;
    assert_int_equal(ev_store_case_each(txn, CASE_A, 10, s_count, &na, &more), HR_OK);
    assert_int_equal(ev_store_case_each(txn, CASE_B, 10, s_count, &nb, &more), HR_OK);
    assert_int_equal(na, 2);
    assert_int_equal(nb, 1);
    ev_due_t due[4];
    size_t n = 0;
    bool done = false;
    assert_int_equal(ev_store_due_scan(txn, HR_TEST_T0_MS, NULL, due, 4, &n, &done), HR_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ev_store_due_scan(txn, HR_TEST_T0_MS + HR_DAY_MS, NULL, due, 4, &n, &done),
                     HR_OK);
    assert_int_equal(n, 1);
    assert_string_equal(due[0].id, ID_A);
    hr_txn_abort(&txn);

    // Moving the due date replaces the index row.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    e.due_ms = HR_TEST_T0_MS + 2 * HR_DAY_MS;
    assert_int_equal(ev_store_evidence_put(txn, &e, HR_TEST_T0_MS + HR_DAY_MS), HR_OK);
    assert_int_equal(ev_store_due_scan(txn, HR_TEST_T0_MS + HR_DAY_MS, NULL, due, 4, &n, &done),
                     HR_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ev_store_evidence_delete(txn, &e), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence *got = NULL;
    assert_int_equal(ev_store_evidence_get(txn, ID_A, f->arena, &got), HR_ENOTFOUND);
    assert_int_equal(ev_store_evidence_get(txn, ID_B, f->arena, &got), HR_OK);
    na = 0;
    assert_int_equal(ev_store_case_each(txn, CASE_A, 10, s_count, &na, &more), HR_OK);
    assert_int_equal(na, 1);
    assert_int_equal(ev_store_due_scan(txn, INT64_MAX, NULL, due, 4, &n, &done), HR_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ev_store_evidence_get(txn, "../x", f->arena, &got), HR_ENOTFOUND);
    hr_txn_abort(&txn);
}

static void s_audit_one(fixture_t *f, const char *action, const char *id)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    ev_audit_t a = {.actor = "operator", .action = action, .evidence_id = id, .case_id = CASE_A};
    assert_int_equal(ev_store_audit(txn, HR_TEST_T0_MS, &a, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static hr_rc_t s_records_verify(fixture_t *f, uint64_t *bad_seq, char *why, size_t whylen)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    hr_rc_t rc = ev_store_records_verify(txn, bad_seq, why, whylen);
    hr_txn_abort(&txn);
    return rc;
}

// Every id the chain puts and never deletes has its record and key row; one removed behind the
// service's back is named with the entry that put it.
static void test_a_record_the_chain_holds_and_the_store_lost_is_named(void **state)
{
    fixture_t *f = *state;
    const char *ids[] = {ID_A, ID_B};
    char *cases[] = {CASE_A};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (size_t i = 0; i < 2; i++) {
        Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
        e.id = (char *)ids[i];
        e.kind = "other";
        e.case_ids = cases;
        e.n_case_ids = 1;
        assert_int_equal(ev_store_evidence_put(txn, &e, 0), HR_OK);
        Hr__Evidence__Blob b = HR__EVIDENCE__BLOB__INIT;
        b.file = "f";
        assert_int_equal(ev_store_blob_put(txn, ids[i], &b), HR_OK);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    s_audit_one(f, "put", ID_A);
    s_audit_one(f, "get", ID_A);
    s_audit_one(f, "put", ID_B);
    uint64_t bad = 0;
    char why[512];
    assert_int_equal(s_records_verify(f, &bad, why, sizeof why), HR_OK);

    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(ev_store_evidence_get(txn, ID_B, f->arena, &e), HR_OK);
    assert_int_equal(ev_store_evidence_delete(txn, e), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_records_verify(f, &bad, why, sizeof why), HR_ECONFLICT);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(why, ID_B));
    assert_non_null(strstr(why, "record is gone"));
    // Deleted by retention (the chain says so): nothing is missing.
    s_audit_one(f, "delete", ID_B);
    assert_int_equal(s_records_verify(f, &bad, why, sizeof why), HR_OK);
    // The key row alone gone is named too.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_del(txn, "blobs", ID_A, EV_ID_HEX), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_records_verify(f, &bad, why, sizeof why), HR_ECONFLICT);
    assert_int_equal(bad, 1);
    assert_non_null(strstr(why, "key row is gone"));
}

static bool s_exists(fixture_t *f, const char *id)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(txn, id, f->arena, &e);
    hr_txn_abort(&txn);
    return rc == HR_OK;
}

// Held records that are due keep their rows in the due index; more of them than one scan looks
// at must not stop the sweep for the records after them (one litigated case stopping every
// lawful deletion). Once released, they go too.
static void test_held_records_due_do_not_stop_the_sweep(void **state)
{
    fixture_t *f = *state;
    const int nheld = EV_SWEEP_SCAN + 40;
    char(*ids)[EV_ID_HEX + 1] = hr_alloc((size_t)nheld * sizeof *ids);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Evidence__CaseInfo held = HR__EVIDENCE__CASE_INFO__INIT;
    held.case_id = CASE_A;
    held.held = true;
    held.held_by = "legal1";
    assert_int_equal(ev_store_case_put(txn, &held), HR_OK);
    char *case_a[] = {CASE_A}, *case_b[] = {CASE_B};
    for (int i = 0; i < nheld; i++) {
        char text[32];
        snprintf(text, sizeof text, "held %d", i);
        ev_sha256_hex(text, strlen(text), ids[i]);
        Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
        e.id = ids[i];
        e.kind = "other";
        e.case_ids = case_a;
        e.n_case_ids = 1;
        e.due_ms = 1000 + (i % 7); // all due before the free one
        assert_int_equal(ev_store_evidence_put(txn, &e, 0), HR_OK);
    }
    Hr__Evidence__Evidence free_one = HR__EVIDENCE__EVIDENCE__INIT;
    free_one.id = ID_B;
    free_one.kind = "other";
    free_one.case_ids = case_b;
    free_one.n_case_ids = 1;
    free_one.due_ms = 2000;
    assert_int_equal(ev_store_evidence_put(txn, &free_one, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    ev_server_t srv = {0};
    srv.store = f->store;
    srv.blob_dir = f->dir;
    srv.ledger_path = hr_strfmt("%s/evidence.key.shredded", f->dir); // the sweep writes it
    for (int tick = 0; tick < 3 && s_exists(f, ID_B); tick++)
        ev_server_sweep(&srv, HR_TEST_T0_MS);
    assert_false(s_exists(f, ID_B));
    for (int i = 0; i < nheld; i++)
        assert_true(s_exists(f, ids[i]));

    // The hold lifted: every one of them goes, the scan coming round past where it stopped.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    held.held = false;
    assert_int_equal(ev_store_case_put(txn, &held), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    size_t deleted = 0;
    for (int tick = 0; tick < 2 * nheld / EV_SWEEP_BATCH && deleted < (size_t)nheld; tick++)
        deleted += ev_server_sweep(&srv, HR_TEST_T0_MS);
    assert_int_equal(deleted, nheld);
    for (int i = 0; i < nheld; i++)
        assert_false(s_exists(f, ids[i]));
    hr_free(srv.ledger_path);
    hr_free(ids);
}

// Schema 1 -> 2: a case held by the old single flag for a dispute (held_by "workflow") gets
// the dispute's own hold instead; HR's holds and unheld cases are left as they were.
static void test_the_migration_gives_old_dispute_holds_their_own_flag(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(ev_service.schema_version, 7);
    assert_ptr_equal(ev_service.migrations[0], ev_store_migrate_dispute_holds);
    assert_ptr_equal(ev_service.migrations[1], ev_store_migrate_people); // nothing to convert
    assert_ptr_equal(ev_service.migrations[2], ev_store_migrate_tombstones);
    assert_ptr_equal(ev_service.migrations[3], ev_store_migrate_told); // unit.evidence.events
    // Schema 6 changes no db: its number alone keeps a binary without the shred ledger away.
    assert_ptr_equal(ev_service.migrations[4], ev_store_migrate_ledger);
    assert_ptr_equal(ev_service.migrations[5], ev_store_migrate_proof); // unit.evidence.events
    const char *ids[] = {CASE_A, CASE_B, "01JN00000000000000000000CC"};
    Hr__Evidence__CaseInfo c[3];
    for (int i = 0; i < 3; i++) {
        hr__evidence__case_info__init(&c[i]);
        c[i].case_id = (char *)ids[i];
    }
    c[0].held = true, c[0].held_by = "workflow", c[0].held_ms = HR_TEST_T0_MS;
    c[0].hold_reason = "dispute recorded in the workflow (arbitration or lawsuit)";
    c[1].held = true, c[1].held_by = "E0003", c[1].hold_reason = "grievance";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(ev_store_case_put(txn, &c[i]), HR_OK);
    assert_int_equal(ev_store_migrate_dispute_holds(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Evidence__CaseInfo *got[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(ev_store_case_get(txn, ids[i], f->arena, &got[i]), HR_OK);
    hr_txn_abort(&txn);
    assert_true(got[0]->dispute_held);
    assert_int_equal(got[0]->dispute_held_ms, HR_TEST_T0_MS);
    assert_false(got[0]->held);
    assert_string_equal(got[0]->held_by, "");
    assert_true(got[1]->held && !got[1]->dispute_held);
    assert_string_equal(got[1]->held_by, "E0003");
    assert_true(!got[2]->held && !got[2]->dispute_held);
}

// A record shredded for retention leaves a tombstone (when, why, the delete entry; no key, no
// content) that evidence.Deleted answers from; a store of schema 3, whose deletions left only
// their `delete` audit entries, gets one per deletion from its migration.
static void test_a_shredded_record_leaves_a_tombstone_and_old_deletions_get_one(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    char *cases[] = {CASE_A};
    Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
    e.id = ID_A;
    e.kind = "complaint_record";
    e.case_ids = cases;
    e.n_case_ids = 1;
    e.due_ms = 1000;
    assert_int_equal(ev_store_evidence_put(txn, &e, 0), HR_OK);
    ev_audit_t put = {.actor = "hr1", .action = "put", .evidence_id = ID_A, .case_id = CASE_A};
    assert_int_equal(ev_store_audit(txn, 500, &put, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    ev_server_t srv = {0};
    srv.store = f->store;
    srv.blob_dir = f->dir;
    srv.ledger_path = hr_strfmt("%s/evidence.key.shredded", f->dir); // the sweep writes it
    // A line a crash tore (no line feed): the next starts a line of its own.
    assert_int_equal(hr_test_write_file(srv.ledger_path, "0a1b torn", 9), 0);
    assert_int_equal(ev_server_sweep(&srv, HR_TEST_T0_MS), 1);
    Hr__Evidence__Tombstone *t = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(ev_store_tombstone_get(txn, ID_A, f->arena, &t), HR_OK);
    assert_int_equal(ev_store_tombstone_get(txn, ID_B, f->arena, &t), HR_ENOTFOUND);
    assert_int_equal(ev_store_tombstone_get(txn, ID_A, f->arena, &t), HR_OK);
    Hr__Evidence__AuditEntry *del = NULL;
    assert_int_equal(ev_store_audit_get(txn, t->audit_seq, f->arena, &del), HR_OK);
    hr_txn_abort(&txn);
    assert_string_equal(t->reason, "retention");
    assert_int_equal(t->deleted_ms, HR_TEST_T0_MS);
    assert_int_equal(t->due_ms, 1000);
    assert_string_equal(t->kind, "complaint_record");
    assert_int_equal(t->n_case_ids, 1);
    assert_string_equal(del->action, "delete");
    assert_string_equal(del->evidence_id, ID_A);
    // The shred ledger took the deletion before it committed: one line, by blob name (never the
    // id), the time, the reason and the delete entry's seq and hash.
    char *ledger = hr_test_read_file(srv.ledger_path, NULL);
    assert_non_null(ledger);
    char name[EV_ID_HEX + 1], hex[2 * EV_HASH_BYTES + 1];
    ev_blob_name(&srv.keys, ID_A, name);
    ev_hex(del->hash.data, EV_HASH_BYTES, hex);
    char *line = hr_strfmt("0a1b torn\n%s %lld retention %llu:%s\n", name, (long long)HR_TEST_T0_MS,
                           (unsigned long long)t->audit_seq, hex);
    assert_string_equal(ledger, line);
    assert_null(strstr(ledger, ID_A));
    hr_free(line);
    hr_free(ledger);
    hr_free(srv.ledger_path);

    // Schema 3: a deletion recorded only in the chain (ID_B here), and an entry of another
    // action; the migration makes the one tombstone.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    ev_audit_t old = {.actor = "hr-evidence",
                      .action = "delete",
                      .evidence_id = ID_B,
                      .case_id = CASE_B,
                      .detail = "retention: due 2024-01-01T00:00:00Z, key destroyed"};
    ev_audit_t get = {.actor = "hr1", .action = "get", .evidence_id = ID_C};
    ev_head_t head;
    assert_int_equal(ev_store_audit(txn, 7000, &old, &head), HR_OK);
    assert_int_equal(ev_store_audit(txn, 8000, &get, NULL), HR_OK);
    assert_int_equal(ev_store_migrate_tombstones(txn, NULL), HR_OK);
    assert_int_equal(ev_store_tombstone_get(txn, ID_B, f->arena, &t), HR_OK);
    assert_int_equal(t->deleted_ms, 7000);
    assert_int_equal(t->audit_seq, head.seq);
    assert_string_equal(t->case_ids[0], CASE_B);
    assert_int_equal(ev_store_tombstone_get(txn, ID_C, f->arena, &t), HR_ENOTFOUND);
    hr_txn_abort(&txn);
}

static hr_rc_t s_note_seq(void *arg, const Hr__Evidence__AuditEntry *e)
{
    uint64_t *seqs = arg;
    seqs[seqs[0] + 1] = e->seq;
    seqs[0]++;
    return HR_OK;
}

// The walk evidence.AuditExtract pages with: at most max entries after after_seq, in order, the
// last seq given back, and the end said only when the last entry was reached.
static void test_the_audit_walk_pages_in_order_to_the_end(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (int i = 0; i < 10; i++) {
        ev_audit_t a = {.actor = "hr1", .action = "get", .evidence_id = ID_A};
        assert_int_equal(ev_store_audit(txn, 1000 + i, &a, NULL), HR_OK);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t seqs[16] = {0}, after = 0;
    bool end = false;
    for (int page = 0; page < 10 && !end; page++) {
        uint64_t before = seqs[0];
        assert_int_equal(
            ev_store_audit_each_after(txn, after, 3, f->arena, s_note_seq, seqs, &after, &end),
            HR_OK);
        assert_true(seqs[0] - before <= 3);
        assert_int_equal(after, seqs[0]);
    }
    assert_true(end);
    assert_int_equal(seqs[0], 10);
    for (uint64_t i = 1; i <= 10; i++)
        assert_int_equal(seqs[i], i);
    // After the last: nothing, at the end.
    assert_int_equal(
        ev_store_audit_each_after(txn, 10, 3, f->arena, s_note_seq, seqs, &after, &end), HR_OK);
    assert_int_equal(seqs[0], 10);
    assert_int_equal(after, 10);
    assert_true(end);
    hr_txn_abort(&txn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_fresh_chain_and_an_appended_one_verify, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_edited_entry_is_named, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_edited_and_rehashed_entry_breaks_the_next_link,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_removed_middle_entry_is_named, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_removed_last_entry_is_caught_by_the_head, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_shredded_record_leaves_a_tombstone_and_old_deletions_get_one, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_the_audit_walk_pages_in_order_to_the_end, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_migration_gives_old_dispute_holds_their_own_flag,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_record_the_chain_holds_and_the_store_lost_is_named,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_held_records_due_do_not_stop_the_sweep, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_records_their_case_index_due_index_and_deletion,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.evidence.store", tests, NULL, NULL);
}
