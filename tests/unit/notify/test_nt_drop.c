/*  test_nt_drop - the operator's drop of one waiting delivery in a real LMDB (nt_delivery_drop):
 *  a queued delivery becomes dropped - kept, with when, by whom and why, out of the due index so
 *  the dispatch never sees it again (held or not, released or not) - and a DeliveryFailed with
 *  dropped set tells the workflow, in the same transaction. A second drop changes nothing. A
 *  delivery sent, failed, with a sender (in flight) or marked in flight by a stopped run is
 *  refused and left as it was; an unknown id is not found.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt_test.h"

#define T0 HR_TEST_T0_MS
#define SEND "01JN00000000000000000000AA"
#define A SEND ".000"
#define B SEND ".001"

typedef struct {
    char *dir;         // owned: temp dir holding the LMDB env
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
    size_t nseen;      // ids the dispatch was handed
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    *state = f;
    return nt_test_store_open("nt_drop", &f->dir, &f->store, &f->arena);
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    nt_test_store_close(&f->dir, &f->store, &f->arena);
    hr_free(f);
    return 0;
}

// The send (to: E0110, cc: E0100) and its delivery id to E0110 in state st.
static void s_put(fixture_t *f, const char *id, Hr__Notify__DeliveryState st, int64_t inflight_ms)
{
    Hr__Notify__Recipient to = HR__NOTIFY__RECIPIENT__INIT, cc = HR__NOTIFY__RECIPIENT__INIT;
    to.email = "employee@corp.example.com";
    to.person_id = "E0110";
    cc.email = "boss@corp.example.com";
    cc.person_id = "E0100";
    Hr__Notify__Recipient *tos[] = {&to}, *ccs[] = {&cc};
    Hr__Notify__SendRequest req = HR__NOTIFY__SEND_REQUEST__INIT;
    req.n_to = 1;
    req.to = tos;
    req.n_cc = 1;
    req.cc = ccs;
    req.template_ = "overdue_1";
    req.case_id = "01JNCASE0000000000000000CC";
    Hr__Notify__SendRecord rec = HR__NOTIFY__SEND_RECORD__INIT;
    rec.send_id = SEND;
    rec.msg_id = "01JNMSG0000000000000000000";
    rec.accepted_ms = T0;
    rec.request = &req;
    Hr__Notify__Delivery d = HR__NOTIFY__DELIVERY__INIT;
    d.id = (char *)id;
    d.send_id = SEND;
    d.channel = HR__NOTIFY__CHANNEL__CHANNEL_EMAIL;
    d.transport = "smtp";
    d.recipient = "employee@corp.example.com";
    d.template_ = "overdue_1";
    d.case_id = req.case_id;
    d.correlation_id = "01JNCASE0000000000000000CC:request:overdue_1:1:1";
    d.created_ms = T0;
    d.next_at_ms = T0;
    d.state = st;
    d.inflight_ms = inflight_ms;
    d.attempts = st == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED ? 0 : 1;
    if (st != HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED)
        d.done_ms = T0 + HR_SECOND_MS;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = nt_store_send_put(txn, &rec);
    assert_true(rc == HR_OK || rc == HR_ECONFLICT); // once per send
    assert_int_equal(nt_store_delivery_put(txn, &d), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// nt_delivery_drop in its own write transaction, committed when it succeeds.
static hr_rc_t s_drop(fixture_t *f, const char *id, bool in_flight, const char *reason,
                      int64_t now_ms, Hr__Notify__Delivery **d, bool *already)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc =
        nt_delivery_drop(txn, id, in_flight, "operator", reason, now_ms, f->arena, d, already);
    if (rc == HR_OK)
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_txn_abort(&txn);
    return rc;
}

static Hr__Notify__Delivery *s_get(fixture_t *f, const char *id)
{
    Hr__Notify__Delivery *d = NULL;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_delivery_get(txn, id, f->arena, &d), HR_OK);
    hr_txn_abort(&txn);
    return d;
}

static hr_rc_t s_count_due(void *arg, const char *id, int64_t due_ms)
{
    HR_UNUSED(id);
    HR_UNUSED(due_ms);
    ((fixture_t *)arg)->nseen++;
    return HR_OK;
}

// What the dispatch would hand to the senders a day on.
static size_t s_dispatch(fixture_t *f)
{
    f->nseen = 0;
    hr_txn_t *txn = NULL;
    Hr__Notify__SendingHold *hold = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(
        nt_store_dispatch_scan(txn, f->arena, T0 + HR_DAY_MS, 10, s_count_due, f, &hold), HR_OK);
    hr_txn_abort(&txn);
    return f->nseen;
}

// The last event in the log (NULL when there is none) and how many there are.
static Hr__Notify__DeliveryFailed *s_last_event(fixture_t *f, uint64_t *seq)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    *seq = 0;
    hr_rc_t rc = hr_store_last_seq(txn, HR_DB_EVENTS, seq);
    assert_true(rc == HR_OK || rc == HR_ENOTFOUND);
    Hr__Notify__DeliveryFailed *body = NULL;
    if (*seq) {
        uint8_t key[8];
        hr_be64_put(key, *seq);
        Hr__Sys__Event *ev = NULL;
        assert_int_equal(hr_store_get_pb(txn, HR_DB_EVENTS, key, 8, &hr__sys__event__descriptor,
                                         f->arena, (void **)&ev),
                         HR_OK);
        assert_string_equal(ev->type, "notify.DeliveryFailed");
        body = hr__notify__delivery_failed__unpack(hr_arena_pb_allocator(f->arena), ev->body.len,
                                                   ev->body.data);
        assert_non_null(body);
    }
    hr_txn_abort(&txn);
    return body;
}

static uint64_t s_counter(fixture_t *f, const char *name)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t n = nt_store_counter_get(txn, name);
    hr_txn_abort(&txn);
    return n;
}

static void test_a_waiting_delivery_is_dropped_kept_and_told(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 0);
    s_put(f, B, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 0);
    assert_int_equal(s_dispatch(f), 2);

    Hr__Notify__Delivery *d = NULL;
    bool already = true;
    assert_int_equal(s_drop(f, A, false, "duplicate notice, see employee@corp.example.com",
                            T0 + HR_HOUR_MS, &d, &already),
                     HR_OK);
    assert_false(already);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED);
    // Kept, with when, by whom and why (the whole reason: the record is pruned with its send).
    d = s_get(f, A);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED);
    assert_int_equal(d->done_ms, T0 + HR_HOUR_MS);
    assert_int_equal(d->next_at_ms, 0);
    assert_int_equal(d->attempts, 0);
    assert_non_null(d->drop);
    assert_int_equal(d->drop->at_ms, T0 + HR_HOUR_MS);
    assert_string_equal(d->drop->by, "operator");
    assert_string_equal(d->drop->reason, "duplicate notice, see employee@corp.example.com");
    assert_string_equal(d->message_id, "");
    // Out of the queue: only the other one is handed out.
    assert_int_equal(s_dispatch(f), 1);
    assert_int_equal(s_counter(f, "dropped"), 1);
    assert_int_equal(s_counter(f, "failed"), 0);
    // Told like a failure, marked dropped; the person's id from the send, the texts masked.
    uint64_t seq = 0;
    Hr__Notify__DeliveryFailed *ev = s_last_event(f, &seq);
    assert_int_equal(seq, 1);
    assert_non_null(ev);
    assert_true(ev->dropped);
    assert_false(ev->maybe_sent);
    assert_false(ev->cc);
    assert_false(ev->cc_refused);
    assert_string_equal(ev->delivery_id, A);
    assert_string_equal(ev->case_id, "01JNCASE0000000000000000CC");
    assert_string_equal(ev->correlation_id, "01JNCASE0000000000000000CC:request:overdue_1:1:1");
    assert_string_equal(ev->template_, "overdue_1");
    assert_string_equal(ev->person_id, "E0110");
    assert_string_equal(ev->recipient, "e***@corp.example.com");
    assert_string_equal(ev->reason, "not sent: dropped by the operator (duplicate notice, see "
                                    "e***@corp.example.com)");
    assert_int_equal(ev->failed_ms, T0 + HR_HOUR_MS);

    // Again: nothing changes - the first drop stays, no second event, no second count.
    assert_int_equal(s_drop(f, A, false, "another reason", T0 + 2 * HR_HOUR_MS, &d, &already),
                     HR_OK);
    assert_true(already);
    assert_int_equal(d->drop->at_ms, T0 + HR_HOUR_MS);
    assert_string_equal(s_get(f, A)->drop->reason,
                        "duplicate notice, see employee@corp.example.com");
    s_last_event(f, &seq);
    assert_int_equal(seq, 1);
    assert_int_equal(s_counter(f, "dropped"), 1);
}

static void test_sent_and_failed_deliveries_are_refused_unchanged(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 0);
    s_put(f, B, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 0);
    const char *ids[] = {A, B};
    const Hr__Notify__DeliveryState was[] = {HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT,
                                             HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED};
    for (size_t i = 0; i < 2; i++) {
        Hr__Notify__Delivery *d = NULL;
        bool already = true;
        assert_int_equal(s_drop(f, ids[i], false, "too late", T0 + HR_HOUR_MS, &d, &already),
                         HR_ECONFLICT);
        assert_false(already);
        assert_non_null(d); // the caller says which
        assert_int_equal(d->state, was[i]);
        d = s_get(f, ids[i]);
        assert_int_equal(d->state, was[i]);
        assert_null(d->drop);
        assert_int_equal(d->done_ms, T0 + HR_SECOND_MS);
    }
    uint64_t seq = 0;
    assert_null(s_last_event(f, &seq));
    assert_int_equal(s_counter(f, "dropped"), 0);
}

static void test_an_in_flight_delivery_is_refused_and_stays_due(void **state)
{
    fixture_t *f = *state;
    // A: with a sender now (the loop says so). B: an SMS a stopped run had handed out (its mark).
    s_put(f, A, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 0);
    s_put(f, B, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, T0 + HR_SECOND_MS);
    Hr__Notify__Delivery *d = NULL;
    bool already = true;
    assert_int_equal(s_drop(f, A, true, "stop it", T0 + HR_HOUR_MS, &d, &already), HR_ECONFLICT);
    assert_false(already);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    assert_int_equal(s_drop(f, B, false, "stop it", T0 + HR_HOUR_MS, &d, &already), HR_ECONFLICT);
    assert_int_equal(d->inflight_ms, T0 + HR_SECOND_MS);
    assert_int_equal(s_dispatch(f), 2); // both still due, untouched
    assert_null(s_get(f, A)->drop);
    assert_null(s_get(f, B)->drop);
    uint64_t seq = 0;
    assert_null(s_last_event(f, &seq));
    // Once its sender is done with it (not in flight any more), A can go.
    assert_int_equal(s_drop(f, A, false, "stop it", T0 + HR_HOUR_MS, &d, &already), HR_OK);
    assert_int_equal(s_dispatch(f), 1);
}

static void test_an_unknown_delivery_is_not_found(void **state)
{
    fixture_t *f = *state;
    Hr__Notify__Delivery *d = NULL;
    bool already = true;
    assert_int_equal(s_drop(f, A, false, "x", T0, &d, &already), HR_ENOTFOUND);
    assert_null(d);
    assert_false(already);
}

// Dropped while held: the release credits only what still waits, and sends only that.
static void test_a_drop_while_held_is_not_sent_by_the_release(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 0);
    s_put(f, B, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 0);
    Hr__Notify__SendingHold h = HR__NOTIFY__SENDING_HOLD__INIT;
    h.since_ms = T0 + HR_MINUTE_MS;
    h.by = "operator";
    h.reason = "restored from backup /var/backups/hr/x";
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_hold_put(txn, &h), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_dispatch(f), 0);

    Hr__Notify__Delivery *d = NULL;
    bool already = true;
    assert_int_equal(
        s_drop(f, A, false, "sent before the backup's time", T0 + HR_HOUR_MS, &d, &already), HR_OK);
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Notify__SendingHold *ended = NULL;
    size_t credited = 0;
    assert_int_equal(nt_store_hold_release(txn, f->arena, T0 + 2 * HR_HOUR_MS, &ended, &credited),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(credited, 1);
    assert_int_equal(s_dispatch(f), 1);
    d = s_get(f, A);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED);
    assert_int_equal(d->held_ms, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_waiting_delivery_is_dropped_kept_and_told, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_sent_and_failed_deliveries_are_refused_unchanged,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_in_flight_delivery_is_refused_and_stays_due,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_unknown_delivery_is_not_found, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_drop_while_held_is_not_sent_by_the_release, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.notify.drop", tests, NULL, NULL);
}
