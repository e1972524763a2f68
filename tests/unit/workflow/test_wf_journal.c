/*  unit.workflow.journal - the case journal on a real LMDB in a temp dir: every case row written
 *  appends a chained entry holding its bytes; verify finds a flipped byte in an entry, an entry
 *  removed (in the middle and at the end), a case row edited, replaced by an older version or
 *  written behind the service, and a row removed; the upgrade starts the journal for cases that
 *  had none; the hash follows the layout the README gives (recomputed here by hand).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <openssl/evp.h>

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
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("wf_journal");
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

static Hr__Workflow__Case *s_new_case(fixture_t *f, const char *id, const char *employee)
{
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = (char *)id;
    c->employee_no = (char *)employee;
    wf_steps_init(c, f->tpl, f->arena, &f->t, HR_TEST_T0_MS);
    return c;
}

// Writes c as the request `type` by `actor` would.
static void s_put(fixture_t *f, const Hr__Workflow__Case *old, const Hr__Workflow__Case *c,
                  const char *actor, const char *type)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_txn_origin_t o = {actor, "01JN0000000000000000000MSG", type, HR_TEST_T0_MS + 1000};
    if (actor)
        hr_txn_set_origin(txn, &o);
    assert_int_equal(wf_store_case_put(txn, old, c), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static Hr__Workflow__WorkflowVerifyReply *s_verify(fixture_t *f)
{
    Hr__Workflow__WorkflowVerifyReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__workflow__workflow_verify_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_journal_verify(txn, f->arena, rep), HR_OK);
    hr_txn_abort(&txn);
    return rep;
}

// Three writes: A opened, B opened, A submitted.
static void s_three(fixture_t *f)
{
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1");
    s_put(f, NULL, a, "E0002", "workflow.OpenCase");
    s_put(f, NULL, s_new_case(f, CASE_B, "E2"), "E0002", "workflow.OpenCase");
    Hr__Workflow__Case *a2 = s_new_case(f, CASE_A, "E1");
    a2->version = 2;
    a2->manager_no = "E0002";
    s_put(f, a, a2, "E0002", "workflow.SubmitCase");
}

// The stored value under key in db, as a copy (arena), and its length.
static uint8_t *s_raw(fixture_t *f, const char *db, const void *key, size_t klen, size_t *len)
{
    hr_txn_t *txn = NULL;
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, db, key, klen, &v), HR_OK);
    uint8_t *copy = hr_arena_alloc(f->arena, v.mv_size + 1);
    memcpy(copy, v.mv_data, v.mv_size);
    *len = v.mv_size;
    hr_txn_abort(&txn);
    return copy;
}

static void s_raw_put(fixture_t *f, const char *db, const void *key, size_t klen, const void *val,
                      size_t len)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, db, key, klen, val, len, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void s_raw_del(fixture_t *f, const char *db, const void *key, size_t klen)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_del(txn, db, key, klen), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// The first place needle (n bytes) sits in hay, or NULL.
static uint8_t *s_find(uint8_t *hay, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(hay + i, needle, n))
            return hay + i;
    return NULL;
}

static void s_seq_key(uint8_t key[8], uint64_t seq)
{
    hr_be64_put(key, seq);
}

static void test_every_write_appends_a_chained_entry(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    Hr__Workflow__CaseJournalReply rep = HR__WORKFLOW__CASE_JOURNAL_REPLY__INIT;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_journal_of(txn, CASE_A, 0, SIZE_MAX, f->arena, &rep), HR_OK);
    MDB_val row;
    assert_int_equal(hr_store_get(txn, WF_DB_CASES, CASE_A, HR_ID_LEN, &row), HR_OK);
    unsigned char row_sha[WF_HASH_BYTES];
    wf_journal_sha256(row.mv_data, row.mv_size, row_sha);
    hr_txn_abort(&txn);
    assert_int_equal(rep.head_seq, 3);
    assert_int_equal(rep.n_entries, 2); // A's two versions, not B's
    const Hr__Workflow__CaseJournalEntry *e1 = rep.entries[0], *e3 = rep.entries[1];
    assert_int_equal(e1->seq, 1);
    assert_int_equal(e3->seq, 3);
    assert_string_equal(e3->actor, "E0002");
    assert_string_equal(e3->request, "workflow.SubmitCase");
    assert_string_equal(e3->msg_id, "01JN0000000000000000000MSG");
    assert_int_equal(e3->at_ms, HR_TEST_T0_MS + 1000);
    // The latest entry holds the row exactly as stored.
    assert_int_equal(e3->case_bytes.len, row.mv_size);
    assert_memory_equal(e3->case_sha256.data, row_sha, WF_HASH_BYTES);
    Hr__Workflow__Case *v2 =
        hr__workflow__case__unpack(NULL, e3->case_bytes.len, e3->case_bytes.data);
    assert_non_null(v2);
    assert_int_equal(v2->version, 2);
    hr__workflow__case__free_unpacked(v2, NULL);
    // Entry 1 starts from zeros; entry 3 links to entry 2 (B's), whose hash the head chain
    // gives: the hash is the layout of the README, recomputed here by hand.
    unsigned char zeros[WF_HASH_BYTES] = {0};
    assert_memory_equal(e1->prev_hash.data, zeros, WF_HASH_BYTES);
    assert_null(wf_journal_check(e1, 1, zeros));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    const char *fields[] = {WF_JOURNAL_DOMAIN, NULL,       NULL,        e1->case_id,
                            e1->actor,         e1->msg_id, e1->request, e1->note};
    for (size_t i = 0; i < HR_ARRAY_LEN(fields); i++) {
        unsigned char b[8];
        if (i == 1 || i == 2) {
            hr_be64_put(b, i == 1 ? e1->seq : (uint64_t)e1->at_ms);
            EVP_DigestUpdate(ctx, b, 8);
            continue;
        }
        hr_be32_put(b, (uint32_t)strlen(fields[i]));
        EVP_DigestUpdate(ctx, b, 4);
        EVP_DigestUpdate(ctx, fields[i], strlen(fields[i]));
    }
    EVP_DigestUpdate(ctx, e1->case_sha256.data, WF_HASH_BYTES);
    EVP_DigestUpdate(ctx, zeros, WF_HASH_BYTES);
    unsigned char h[WF_HASH_BYTES];
    EVP_DigestFinal_ex(ctx, h, NULL);
    EVP_MD_CTX_free(ctx);
    assert_memory_equal(e1->hash.data, h, WF_HASH_BYTES);

    // Pages: one entry each when a page holds a byte at most, continued after next_after.
    Hr__Workflow__CaseJournalReply p1 = HR__WORKFLOW__CASE_JOURNAL_REPLY__INIT;
    Hr__Workflow__CaseJournalReply p2 = HR__WORKFLOW__CASE_JOURNAL_REPLY__INIT;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_journal_of(txn, CASE_A, 0, 1, f->arena, &p1), HR_OK);
    assert_int_equal(wf_store_journal_of(txn, CASE_A, p1.next_after, 1, f->arena, &p2), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(p1.n_entries, 1);
    assert_int_equal(p1.entries[0]->seq, 1);
    assert_int_equal(p1.next_after, 1);
    assert_int_equal(p2.n_entries, 1);
    assert_int_equal(p2.entries[0]->seq, 3);
    assert_int_equal(p2.next_after, 0);

    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_true(v->ok);
    assert_int_equal(v->entries, 3);
    assert_int_equal(v->cases, 2);
    assert_int_equal(v->bad_seq, 0);
    assert_int_equal(v->n_bad_cases, 0);
    assert_int_equal(strncmp(v->chain_head, "3:", 2), 0);
}

static void test_a_service_write_is_the_service_s(void **state)
{
    fixture_t *f = *state;
    s_put(f, NULL, s_new_case(f, CASE_A, "E1"), NULL, NULL); // a tick: no origin
    Hr__Workflow__CaseJournalReply rep = HR__WORKFLOW__CASE_JOURNAL_REPLY__INIT;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_journal_of(txn, CASE_A, 0, SIZE_MAX, f->arena, &rep), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(rep.n_entries, 1);
    assert_string_equal(rep.entries[0]->actor, WF_JOURNAL_ACTOR_SELF);
    assert_string_equal(rep.entries[0]->msg_id, "");
    assert_true(rep.entries[0]->at_ms > 0);
    assert_true(s_verify(f)->ok);
}

static void test_a_flipped_byte_in_an_entry_is_named(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    uint8_t key[8];
    s_seq_key(key, 2);
    size_t len = 0;
    uint8_t *e = s_raw(f, WF_DB_CASE_JOURNAL, key, 8, &len);
    // The actor's "E0002" sits in the entry: make it "E0003".
    uint8_t *at = s_find(e, len, "E0002", 5);
    assert_non_null(at);
    at[4] = '3';
    s_raw_put(f, WF_DB_CASE_JOURNAL, key, 8, e, len);
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok);
    assert_int_equal(v->bad_seq, 2);
    assert_non_null(strstr(v->chain_problem, "journal entry 2"));
    assert_non_null(strstr(v->chain_problem, "hash: edited"));
    assert_int_equal(v->n_bad_cases, 0); // the rows match what the entries hold

    // The case bytes in an entry changed with a hash made to match them: case_sha256 says so.
    s_three(f); // 4, 5, 6 on top; entry 2 still bad
    assert_int_equal(s_verify(f)->bad_seq, 2);
}

static void test_a_removed_entry_is_named(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    uint8_t key[8];
    s_seq_key(key, 2);
    s_raw_del(f, WF_DB_CASE_JOURNAL, key, 8);
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok);
    assert_int_equal(v->bad_seq, 2);
    assert_non_null(strstr(v->chain_problem, "journal entry 2 is missing"));
    assert_non_null(strstr(v->chain_problem, "removed"));
}

static void test_an_entry_removed_from_the_end_is_named(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    uint8_t key[8];
    s_seq_key(key, 3);
    s_raw_del(f, WF_DB_CASE_JOURNAL, key, 8);
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok);
    assert_non_null(strstr(v->chain_problem, "ends at entry 2 but the recorded head is entry 3"));
    // And A's row now matches no entry: its latest left is entry 1, another version.
    assert_int_equal(v->n_bad_cases, 1);
    assert_string_equal(v->bad_cases[0]->case_id, CASE_A);
}

static void test_an_edited_case_row_is_named(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    size_t len = 0;
    uint8_t *row = s_raw(f, WF_DB_CASES, CASE_B, HR_ID_LEN, &len);
    uint8_t *at = s_find(row, len, "E2", 2);
    assert_non_null(at);
    at[1] = '9'; // the employee changed behind the service
    s_raw_put(f, WF_DB_CASES, CASE_B, HR_ID_LEN, row, len);
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok);
    assert_int_equal(v->bad_seq, 0); // the chain itself is whole
    assert_int_equal(v->n_bad_cases, 1);
    assert_string_equal(v->bad_cases[0]->case_id, CASE_B);
    assert_non_null(strstr(v->bad_cases[0]->problem, "latest journal entry (2)"));
    assert_non_null(strstr(v->bad_cases[0]->problem, "edited behind the service"));
}

// Putting back an older version of the row (one the journal holds) is caught too: verify
// compares with the latest entry, found by walking the chain, not by the by-case index.
static void test_an_older_version_put_back_is_named(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    uint8_t key[8];
    s_seq_key(key, 1);
    Hr__Workflow__CaseJournalEntry *e1 = NULL;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_get_pb(txn, WF_DB_CASE_JOURNAL, key, 8,
                                     &hr__workflow__case_journal_entry__descriptor, f->arena,
                                     (void **)&e1),
                     HR_OK);
    hr_txn_abort(&txn);
    s_raw_put(f, WF_DB_CASES, CASE_A, HR_ID_LEN, e1->case_bytes.data, e1->case_bytes.len);
    uint8_t ikey[HR_ID_LEN + 8];
    memcpy(ikey, CASE_A, HR_ID_LEN);
    hr_be64_put(ikey + HR_ID_LEN, 3);
    s_raw_del(f, WF_DB_JOURNAL_BY_CASE, ikey, sizeof ikey); // the index hidden as well
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok);
    assert_int_equal(v->n_bad_cases, 1);
    assert_string_equal(v->bad_cases[0]->case_id, CASE_A);
    assert_non_null(strstr(v->bad_cases[0]->problem, "latest journal entry (3)"));
}

static void test_a_row_without_entry_and_a_removed_row_are_named(void **state)
{
    fixture_t *f = *state;
    s_three(f);
    size_t len = 0;
    uint8_t *row = s_raw(f, WF_DB_CASES, CASE_B, HR_ID_LEN, &len);
    s_raw_del(f, WF_DB_CASES, CASE_B, HR_ID_LEN);
    const char *other = "01JN00000000000000000000CC";
    s_raw_put(f, WF_DB_CASES, other, HR_ID_LEN, row, len); // a case the service never wrote
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok);
    assert_int_equal(v->n_bad_cases, 2);
    bool gone = false, behind = false;
    for (size_t i = 0; i < v->n_bad_cases; i++) {
        if (!strcmp(v->bad_cases[i]->case_id, CASE_B))
            gone = strstr(v->bad_cases[i]->problem, "its row is gone") != NULL;
        if (!strcmp(v->bad_cases[i]->case_id, other))
            behind = strstr(v->bad_cases[i]->problem, "no journal entry") != NULL;
    }
    assert_true(gone);
    assert_true(behind);
}

// Schema 3 -> 4: cases written before the journal get one entry each, saying so; a case with
// entries already (written by an earlier migration) gets none more; running twice adds nothing.
static void test_upgrade_starts_the_journal(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *a = s_new_case(f, CASE_A, "E1");
    Hr__Workflow__Case *b = s_new_case(f, CASE_B, "E2");
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    // As the version before wrote them: the rows alone.
    assert_int_equal(hr_store_put_pb(txn, WF_DB_CASES, CASE_A, HR_ID_LEN, &a->base, 0), HR_OK);
    assert_int_equal(hr_store_put_pb(txn, WF_DB_CASES, CASE_B, HR_ID_LEN, &b->base, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    Hr__Workflow__WorkflowVerifyReply *v = s_verify(f);
    assert_false(v->ok); // two rows with no entry
    assert_int_equal(v->n_bad_cases, 2);
    for (int run = 0; run < 2; run++) {
        assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
        assert_int_equal(wf_store_migrate_journal(txn, NULL), HR_OK);
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    }
    v = s_verify(f);
    assert_true(v->ok);
    assert_int_equal(v->entries, 2);
    Hr__Workflow__CaseJournalReply rep = HR__WORKFLOW__CASE_JOURNAL_REPLY__INIT;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_journal_of(txn, CASE_B, 0, SIZE_MAX, f->arena, &rep), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(rep.n_entries, 1);
    assert_string_equal(rep.entries[0]->request, "upgrade");
    assert_string_equal(rep.entries[0]->actor, WF_JOURNAL_ACTOR_SELF);
    assert_int_equal(strncmp(rep.entries[0]->note, "journal started at upgrade on 20", 32), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_write_appends_a_chained_entry, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_service_write_is_the_service_s, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_flipped_byte_in_an_entry_is_named, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_removed_entry_is_named, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_entry_removed_from_the_end_is_named, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_edited_case_row_is_named, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_older_version_put_back_is_named, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_row_without_entry_and_a_removed_row_are_named,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_starts_the_journal, s_setup, s_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
