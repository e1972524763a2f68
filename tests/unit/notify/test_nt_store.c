/*  test_nt_store - notify's dbs in a real LMDB: due rows follow the delivery state, the due
 *  scan returns only what is due, oldest first; a failure writes its state, counter and
 *  DeliveryFailed event in the same transaction; the log reads newest first and filters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "nt_test.h"

typedef struct {
    char *dir;         // owned: temp dir holding the LMDB env
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
    char seen[8][65];  // ids collected by s_collect
    size_t nseen;      // entries used in seen
    char gone[256];    // delivery ids s_prune reported deleted, space-separated
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    *state = f;
    return nt_test_store_open("nt_store", &f->dir, &f->store, &f->arena);
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    nt_test_store_close(&f->dir, &f->store, &f->arena);
    hr_free(f);
    return 0;
}

static void s_put(fixture_t *f, const char *id, int64_t due_ms, Hr__Notify__DeliveryState st)
{
    Hr__Notify__Delivery d = HR__NOTIFY__DELIVERY__INIT;
    d.id = (char *)id;
    d.send_id = hr_arena_strndup(f->arena, id, HR_ID_LEN);
    d.next_at_ms = due_ms;
    d.state = st;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_delivery_put(txn, &d), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static hr_rc_t s_collect_due(void *arg, const char *id, int64_t due_ms)
{
    fixture_t *f = arg;
    HR_UNUSED(due_ms);
    snprintf(f->seen[f->nseen++], sizeof f->seen[0], "%s", id);
    return HR_OK;
}

static hr_rc_t s_collect_log(void *arg, const Hr__Notify__Delivery *d)
{
    fixture_t *f = arg;
    snprintf(f->seen[f->nseen++], sizeof f->seen[0], "%s", d->id);
    return HR_OK;
}

#define A "01JN00000000000000000000AA.000"
#define B "01JN00000000000000000000BB.000"
#define B1 "01JN00000000000000000000BB.001"
#define C "01JN00000000000000000000CC.000"

static void test_due_scan_returns_due_queued_deliveries_oldest_first(void **state)
{
    fixture_t *f = *state;
    int64_t t0 = HR_TEST_T0_MS;
    s_put(f, B, t0 + 2000, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    s_put(f, A, t0 + 1000, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    s_put(f, C, t0 + 9000, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    s_put(f, B1, t0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT); // no due row
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_due_count(txn), 3);
    assert_int_equal(nt_store_due_scan(txn, t0 + 2000, 10, s_collect_due, f), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(f->nseen, 2);
    assert_string_equal(f->seen[0], A);
    assert_string_equal(f->seen[1], B);
}

static void test_failure_writes_state_counter_and_event_together(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, HR_TEST_T0_MS, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Notify__Delivery *d = NULL;
    assert_int_equal(nt_store_delivery_get(txn, A, f->arena, &d), HR_OK);
    assert_int_equal(nt_store_due_del(txn, d->next_at_ms, d->id), HR_OK);
    d->attempts = 3;
    assert_int_equal(nt_delivery_fail(txn, d, "P1", false, false, "permanent: smtp 550",
                                      HR_TEST_T0_MS + 5, f->arena),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_due_count(txn), 0);
    assert_int_equal(nt_store_counter_get(txn, "failed"), 1);
    uint64_t seq = 0;
    assert_int_equal(hr_store_last_seq(txn, HR_DB_EVENTS, &seq), HR_OK);
    assert_int_equal(seq, 1);
    uint8_t key[8];
    hr_be64_put(key, 1);
    Hr__Sys__Event *ev = NULL;
    assert_int_equal(hr_store_get_pb(txn, HR_DB_EVENTS, key, 8, &hr__sys__event__descriptor,
                                     f->arena, (void **)&ev),
                     HR_OK);
    assert_string_equal(ev->type, "notify.DeliveryFailed");
    Hr__Notify__DeliveryFailed *body = hr__notify__delivery_failed__unpack(
        hr_arena_pb_allocator(f->arena), ev->body.len, ev->body.data);
    assert_non_null(body);
    assert_string_equal(body->delivery_id, A);
    assert_string_equal(body->person_id, "P1");
    assert_string_equal(body->reason, "permanent: smtp 550");
    assert_int_equal(body->attempts, 3);
    assert_false(body->maybe_sent);
    assert_int_equal(nt_store_delivery_get(txn, A, f->arena, &d), HR_OK);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED);
    hr_txn_abort(&txn);
}

// A cc refused at RCPT TO: an event for the cc, masked, and the delivery left as it was.
static void test_a_refused_cc_appends_its_event_and_leaves_the_delivery(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, HR_TEST_T0_MS, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    Hr__Notify__Recipient who = HR__NOTIFY__RECIPIENT__INIT;
    who.email = "boss@corp.example.com";
    who.person_id = "E0100";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Notify__Delivery *d = NULL;
    assert_int_equal(nt_store_delivery_get(txn, A, f->arena, &d), HR_OK);
    assert_int_equal(nt_delivery_cc_refused(txn, d, &who, 2, 550, HR_TEST_T0_MS + 5, f->arena),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_counter_get(txn, "failed"), 0);
    uint8_t key[8];
    hr_be64_put(key, 1);
    Hr__Sys__Event *ev = NULL;
    assert_int_equal(hr_store_get_pb(txn, HR_DB_EVENTS, key, 8, &hr__sys__event__descriptor,
                                     f->arena, (void **)&ev),
                     HR_OK);
    assert_string_equal(ev->type, "notify.DeliveryFailed");
    Hr__Notify__DeliveryFailed *body = hr__notify__delivery_failed__unpack(
        hr_arena_pb_allocator(f->arena), ev->body.len, ev->body.data);
    assert_non_null(body);
    assert_string_equal(body->delivery_id, A);
    assert_true(body->cc_refused);
    assert_true(body->cc);
    assert_int_equal(body->recipient_index, 2);
    assert_string_equal(body->person_id, "E0100");
    assert_string_equal(body->recipient, "b***@corp.example.com");
    assert_string_equal(body->reason, "cc refused: smtp 550 <b***@corp.example.com>");
    assert_int_equal(nt_store_delivery_get(txn, A, f->arena, &d), HR_OK);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    hr_txn_abort(&txn);
}

static void test_log_is_newest_first_and_filters(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, 1, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    s_put(f, B, 1, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED);
    s_put(f, B1, 1, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    s_put(f, C, 1, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_log(txn, f->arena, false, NULL, 3, s_collect_log, f), HR_OK);
    assert_int_equal(f->nseen, 3);
    assert_string_equal(f->seen[0], C);
    assert_string_equal(f->seen[1], B1);
    assert_string_equal(f->seen[2], B);
    f->nseen = 0;
    assert_int_equal(nt_store_log(txn, f->arena, true, NULL, 10, s_collect_log, f), HR_OK);
    assert_int_equal(f->nseen, 1);
    assert_string_equal(f->seen[0], B);
    f->nseen = 0;
    assert_int_equal(
        nt_store_log(txn, f->arena, false, "01JN00000000000000000000BB", 10, s_collect_log, f),
        HR_OK);
    assert_int_equal(f->nseen, 2);
    assert_string_equal(f->seen[0], B1);
    assert_string_equal(f->seen[1], B);
    hr_txn_abort(&txn);
}

static void s_send(fixture_t *f, const char *send_id, int64_t accepted_ms)
{
    Hr__Notify__SendRecord rec = HR__NOTIFY__SEND_RECORD__INIT;
    rec.send_id = (char *)send_id;
    rec.msg_id = (char *)send_id;
    rec.accepted_ms = accepted_ms;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_send_put(txn, &rec), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void s_gone(void *arg, const char *id)
{
    char *ids = arg;
    snprintf(ids + strlen(ids), 256 - strlen(ids), "%s ", id);
}

// Prunes; the ids of the deliveries deleted go to f->gone, space-separated.
static size_t s_prune(fixture_t *f, int64_t cutoff_ms, size_t max)
{
    hr_txn_t *txn = NULL;
    size_t n = 0;
    f->gone[0] = '\0';
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_prune(txn, cutoff_ms, max, &n, s_gone, f->gone), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return n;
}

static bool s_has_send(fixture_t *f, const char *send_id)
{
    hr_txn_t *txn = NULL;
    Hr__Notify__SendRecord *rec = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    bool has = nt_store_send_get(txn, send_id, f->arena, &rec) == HR_OK;
    hr_txn_abort(&txn);
    return has;
}

static size_t s_deliveries(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    size_t n = (size_t)hr_store_count(txn, "deliveries");
    hr_txn_abort(&txn);
    return n;
}

static size_t s_due_rows(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    size_t n = (size_t)nt_store_due_count(txn);
    hr_txn_abort(&txn);
    return n;
}

// Retention: finished sends older than the cutoff go with all their deliveries (and any due row
// one still had), oldest first; a send still queued, or one that does not read, is passed over
// without stopping the sweep; a young one ends it.
static void test_prune_deletes_old_finished_sends_with_their_deliveries(void **state)
{
    fixture_t *f = *state;
    int64_t t0 = HR_TEST_T0_MS;
    s_send(f, "01JN00000000000000000000AA", t0);
    s_put(f, A, t0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    s_send(f, "01JN00000000000000000000BB", t0 + 1);
    s_put(f, B, t0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED);
    s_put(f, B1, t0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    hr_txn_t *txn = NULL; // a record that does not read
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(
        hr_store_put(txn, "sendq", "01JN00000000000000000000BC", HR_ID_LEN, "\xff\xff\xff", 3, 0),
        HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    s_send(f, "01JN00000000000000000000CC", t0 + 2 * HR_DAY_MS);
    s_put(f, C, t0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    s_send(f, "01JN00000000000000000000DD", t0 + 20 * HR_DAY_MS);
    assert_int_equal(s_deliveries(f), 4);
    assert_int_equal(s_due_rows(f), 1); // B1's

    // AA and CC go; BB (still being sent) and BC (unreadable) are passed; DD is too young.
    assert_int_equal(s_prune(f, t0 + 10 * HR_DAY_MS, 100), 2);
    assert_string_equal(f->gone, A " " C " "); // named for the file channel's copies
    assert_false(s_has_send(f, "01JN00000000000000000000AA"));
    assert_true(s_has_send(f, "01JN00000000000000000000BB"));
    assert_false(s_has_send(f, "01JN00000000000000000000CC"));
    assert_true(s_has_send(f, "01JN00000000000000000000DD"));
    assert_int_equal(s_deliveries(f), 2);

    // BB's last delivery finishes (its due row, left over here, goes with it).
    s_put(f, B1, t0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    assert_int_equal(s_prune(f, t0 + 10 * HR_DAY_MS, 0), 0); // at most max
    assert_int_equal(s_prune(f, t0 + 10 * HR_DAY_MS, 100), 1);
    assert_string_equal(f->gone, B " " B1 " ");
    assert_false(s_has_send(f, "01JN00000000000000000000BB"));
    assert_int_equal(s_deliveries(f), 0);
    assert_int_equal(s_due_rows(f), 0);
    assert_true(s_has_send(f, "01JN00000000000000000000DD"));
}

// What the file channel wrote for a delivery goes with it: its .eml or .sms.txt and a crash's
// .tmp; another delivery's files and anything else in the directory stay.
static void test_the_file_channels_copies_of_a_delivery_are_removed(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("nt-files");
    const char *names[] = {A ".eml", A ".sms.txt.tmp", B ".eml", "README", A ".txt"};
    for (size_t i = 0; i < HR_ARRAY_LEN(names); i++) {
        char *path = hr_strfmt("%s/%s", dir, names[i]);
        assert_int_equal(hr_test_write_file(path, "x", 1), 0);
        hr_free(path);
    }
    assert_int_equal(nt_files_remove(dir, A), 2);
    assert_int_equal(nt_files_remove(dir, A), 0);
    for (size_t i = 0; i < HR_ARRAY_LEN(names); i++) {
        char *path = hr_strfmt("%s/%s", dir, names[i]);
        assert_int_equal(access(path, F_OK) == 0, i >= 2);
        hr_free(path);
    }
    char *missing = hr_strfmt("%s/none", dir);
    assert_int_equal(nt_files_remove(missing, B), 0); // nothing written yet
    hr_free(missing);
    hr_test_rmdir(dir);
    hr_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_due_scan_returns_due_queued_deliveries_oldest_first,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_failure_writes_state_counter_and_event_together,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_refused_cc_appends_its_event_and_leaves_the_delivery,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_log_is_newest_first_and_filters, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_prune_deletes_old_finished_sends_with_their_deliveries,
                                        s_setup, s_teardown),
        cmocka_unit_test(test_the_file_channels_copies_of_a_delivery_are_removed),
    };
    return cmocka_run_group_tests_name("unit.notify.store", tests, NULL, NULL);
}
