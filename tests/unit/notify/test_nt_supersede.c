/*  test_nt_supersede - a newer send superseding what waits of the same message, in a real LMDB
 *  (nt_store_supersede): an earlier delivery with the same supersede_key, channel and recipient
 *  that is still queued becomes superseded - kept, with when and by which send, out of the due
 *  index so the dispatch never hands it out, counted, and told to nobody (no DeliveryFailed).
 *  One with a sender (in flight) or marked in flight by a stopped run stays queued and due, the
 *  newer send only noted on it (a failed attempt of it is then superseded, not retried). Other
 *  recipients, channels, keys, a send without a key, the new send's own deliveries and
 *  deliveries already sent are not touched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt_test.h"

#define T0 HR_TEST_T0_MS
#define OLD "01JN00000000000000000000AA"
#define NEW "01JN00000000000000000000BB"
#define KEY "interview:01JNCASE0000000000000000CC"
#define EMP "employee@corp.example.com"

typedef struct {
    char *dir;         // owned: temp dir holding the LMDB env
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
    char seen[8][65];  // ids the dispatch was handed
    size_t nseen;      // entries used in seen
    const char *busy;  // the delivery id a sender has now (NULL: none)
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    *state = f;
    return nt_test_store_open("nt_supersede", &f->dir, &f->store, &f->arena);
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    nt_test_store_close(&f->dir, &f->store, &f->arena);
    hr_free(f);
    return 0;
}

// Delivery nnn of send (in f's arena, not stored).
static Hr__Notify__Delivery *s_new(fixture_t *f, const char *send, unsigned nnn, const char *key,
                                   Hr__Notify__Channel ch, const char *to, const char *tpl)
{
    Hr__Notify__Delivery *d = hr_arena_alloc(f->arena, sizeof *d);
    hr__notify__delivery__init(d);
    d->id = hr_arena_fmt(f->arena, "%s.%03u", send, nnn);
    d->send_id = (char *)send;
    d->channel = ch;
    d->transport = ch == HR__NOTIFY__CHANNEL__CHANNEL_SMS ? "webhook" : "smtp";
    d->recipient = (char *)to;
    d->template_ = (char *)tpl;
    d->case_id = "01JNCASE0000000000000000CC";
    d->supersede_key = (char *)key;
    d->created_ms = T0;
    d->next_at_ms = T0 + HR_MINUTE_MS; // retrying: the next attempt is a minute on
    d->state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED;
    return d;
}

static void s_store(fixture_t *f, const Hr__Notify__Delivery *d)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_delivery_put(txn, d), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static bool s_busy(void *arg, const char *id)
{
    const fixture_t *f = arg;
    return f->busy && !strcmp(f->busy, id);
}

// The new send's deliveries (stored first, as notify.Send does) supersede at now_ms.
static void s_supersede(fixture_t *f, Hr__Notify__Delivery **news, size_t n, size_t *superseded,
                        size_t *noted)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nt_store_delivery_put(txn, news[i]), HR_OK);
    assert_int_equal(nt_store_supersede(txn, f->arena, (const Hr__Notify__Delivery *const *)news, n,
                                        T0 + HR_HOUR_MS, s_busy, f, superseded, noted),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
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

static hr_rc_t s_seen(void *arg, const char *id, int64_t due_ms)
{
    HR_UNUSED(due_ms);
    fixture_t *f = arg;
    if (f->nseen < HR_ARRAY_LEN(f->seen))
        snprintf(f->seen[f->nseen++], sizeof f->seen[0], "%s", id);
    return HR_OK;
}

// What the dispatch would hand to the senders a day on.
static size_t s_dispatch(fixture_t *f)
{
    f->nseen = 0;
    hr_txn_t *txn = NULL;
    Hr__Notify__SendingHold *hold = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_dispatch_scan(txn, f->arena, T0 + HR_DAY_MS, 8, s_seen, f, &hold),
                     HR_OK);
    hr_txn_abort(&txn);
    return f->nseen;
}

static bool s_dispatched(const fixture_t *f, const char *id)
{
    for (size_t i = 0; i < f->nseen; i++)
        if (!strcmp(f->seen[i], id))
            return true;
    return false;
}

static uint64_t s_counter(fixture_t *f, const char *name)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t n = nt_store_counter_get(txn, name);
    hr_txn_abort(&txn);
    return n;
}

static uint64_t s_events(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    uint64_t seq = 0;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    hr_rc_t rc = hr_store_last_seq(txn, HR_DB_EVENTS, &seq);
    assert_true(rc == HR_OK || rc == HR_ENOTFOUND);
    hr_txn_abort(&txn);
    return seq;
}

#define EMAIL HR__NOTIFY__CHANNEL__CHANNEL_EMAIL
#define SMS HR__NOTIFY__CHANNEL__CHANNEL_SMS
#define QUEUED HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED
#define SUPERSEDED HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SUPERSEDED

static void test_a_waiting_delivery_is_superseded_kept_and_never_dispatched(void **state)
{
    fixture_t *f = *state;
    // The invite by email and SMS, retrying; then the move, by email and SMS, to the same person.
    Hr__Notify__Delivery *old_mail = s_new(f, OLD, 0, KEY, EMAIL, EMP, "interview_invite");
    Hr__Notify__Delivery *old_sms =
        s_new(f, OLD, 1, KEY, SMS, "+8613800000000", "interview_invite");
    s_store(f, old_mail);
    s_store(f, old_sms);
    Hr__Notify__Delivery *news[] = {
        s_new(f, NEW, 0, KEY, EMAIL, EMP, "interview_moved"),
        s_new(f, NEW, 1, KEY, SMS, "+8613800000000", "interview_moved")};
    size_t superseded = 0, noted = 0;
    s_supersede(f, news, 2, &superseded, &noted);
    assert_int_equal(superseded, 2);
    assert_int_equal(noted, 0);

    Hr__Notify__Delivery *d = s_get(f, OLD ".000");
    assert_int_equal(d->state, SUPERSEDED);
    assert_int_equal(d->done_ms, T0 + HR_HOUR_MS);
    assert_int_equal(d->next_at_ms, 0);
    assert_non_null(d->superseded);
    assert_int_equal(d->superseded->at_ms, T0 + HR_HOUR_MS);
    assert_string_equal(d->superseded->by_send_id, NEW);
    assert_string_equal(d->superseded->by_delivery_id, NEW ".000");
    assert_string_equal(d->superseded->by_template, "interview_moved");
    assert_string_equal(d->last_error, "not sent: superseded by send " NEW " (interview_moved)");
    d = s_get(f, OLD ".001");
    assert_int_equal(d->state, SUPERSEDED);
    assert_string_equal(d->superseded->by_delivery_id, NEW ".001"); // its own channel's
    // Never handed out: only the newer send's deliveries are.
    assert_int_equal(s_dispatch(f), 2);
    assert_true(s_dispatched(f, NEW ".000"));
    assert_true(s_dispatched(f, NEW ".001"));
    assert_int_equal(s_get(f, NEW ".000")->state, QUEUED); // not by itself
    assert_int_equal(s_counter(f, "superseded"), 2);
    assert_int_equal(s_counter(f, "failed"), 0);
    assert_int_equal(s_counter(f, "dropped"), 0);
    assert_int_equal(s_events(f), 0); // the workflow learns nothing: nothing failed

    // A third send (the cancellation) supersedes the move, and the invite stays as it was.
    Hr__Notify__Delivery *third[] = {
        s_new(f, "01JN00000000000000000000CC", 0, KEY, EMAIL, EMP, "interview_cancelled")};
    s_supersede(f, third, 1, &superseded, &noted);
    assert_int_equal(superseded, 1);
    assert_int_equal(s_get(f, NEW ".000")->state, SUPERSEDED);
    assert_int_equal(s_get(f, NEW ".001")->state, QUEUED); // no SMS in the third
    assert_string_equal(s_get(f, OLD ".000")->superseded->by_send_id, NEW);
    assert_int_equal(s_counter(f, "superseded"), 3);
    assert_int_equal(s_dispatch(f), 2);
    assert_false(s_dispatched(f, NEW ".000"));
}

static void test_an_in_flight_delivery_stays_queued_and_due(void **state)
{
    fixture_t *f = *state;
    // .000 is with a sender now (the loop says so); .001 an SMS a stopped run had handed out.
    s_store(f, s_new(f, OLD, 0, KEY, EMAIL, EMP, "interview_invite"));
    Hr__Notify__Delivery *marked = s_new(f, OLD, 1, KEY, SMS, "+8613800000000", "interview_invite");
    marked->inflight_ms = T0 + HR_SECOND_MS;
    s_store(f, marked);
    f->busy = OLD ".000";
    Hr__Notify__Delivery *news[] = {
        s_new(f, NEW, 0, KEY, EMAIL, EMP, "interview_moved"),
        s_new(f, NEW, 1, KEY, SMS, "+8613800000000", "interview_moved")};
    size_t superseded = 9, noted = 0;
    s_supersede(f, news, 2, &superseded, &noted);
    assert_int_equal(superseded, 0);
    assert_int_equal(noted, 2);
    for (unsigned i = 0; i < 2; i++) {
        Hr__Notify__Delivery *d = s_get(f, i ? OLD ".001" : OLD ".000");
        assert_int_equal(d->state, QUEUED);
        assert_int_equal(d->next_at_ms, T0 + HR_MINUTE_MS);
        assert_int_equal(d->done_ms, 0);
        assert_string_equal(d->last_error, "");
        assert_non_null(d->superseded); // noted: a failed attempt is not retried after the move
        assert_string_equal(d->superseded->by_send_id, NEW);
    }
    assert_int_equal(s_get(f, OLD ".001")->inflight_ms, T0 + HR_SECOND_MS);
    assert_int_equal(s_dispatch(f), 4); // still due: its result decides
    assert_int_equal(s_counter(f, "superseded"), 0);
    assert_int_equal(s_events(f), 0);

    // Its attempt failed for now: superseded then, with the note (what the loop records).
    hr_txn_t *txn = NULL;
    Hr__Notify__Delivery *d = s_get(f, OLD ".000");
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_due_del(txn, d->next_at_ms, d->id), HR_OK);
    assert_int_equal(nt_store_superseded_put(txn, f->arena, d, T0 + 2 * HR_HOUR_MS), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    d = s_get(f, OLD ".000");
    assert_int_equal(d->state, SUPERSEDED);
    assert_int_equal(d->done_ms, T0 + 2 * HR_HOUR_MS);
    assert_int_equal(d->superseded->at_ms, T0 + HR_HOUR_MS);
    assert_int_equal(s_dispatch(f), 3);
    assert_false(s_dispatched(f, OLD ".000"));
    assert_int_equal(s_counter(f, "superseded"), 1);
}

static void test_other_recipients_channels_keys_and_states_are_untouched(void **state)
{
    fixture_t *f = *state;
    s_store(f, s_new(f, OLD, 0, KEY, EMAIL, "other@corp.example.com", "interview_invite"));
    s_store(f, s_new(f, OLD, 1, KEY, SMS, EMP, "interview_invite")); // same text, not a channel
    s_store(f, s_new(f, OLD, 2, "interview:01JNCASE0000000000000000DD", EMAIL, EMP,
                     "interview_invite"));
    s_store(f, s_new(f, OLD, 3, "", EMAIL, EMP, "overdue_1"));
    Hr__Notify__Delivery *sent = s_new(f, OLD, 4, KEY, EMAIL, EMP, "interview_invite");
    sent->state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT;
    sent->done_ms = T0 + HR_SECOND_MS;
    sent->next_at_ms = 0;
    s_store(f, sent);
    Hr__Notify__Delivery *news[] = {s_new(f, NEW, 0, KEY, EMAIL, EMP, "interview_moved")};
    size_t superseded = 9, noted = 9;
    s_supersede(f, news, 1, &superseded, &noted);
    assert_int_equal(superseded, 0);
    assert_int_equal(noted, 0);
    for (unsigned i = 0; i < 4; i++) {
        Hr__Notify__Delivery *d = s_get(f, hr_arena_fmt(f->arena, "%s.%03u", OLD, i));
        assert_int_equal(d->state, QUEUED);
        assert_null(d->superseded);
    }
    assert_int_equal(s_get(f, OLD ".004")->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);
    assert_null(s_get(f, OLD ".004")->superseded);
    assert_int_equal(s_dispatch(f), 5);

    // A send without a key supersedes nothing, even the same template to the same person.
    Hr__Notify__Delivery *plain[] = {
        s_new(f, "01JN00000000000000000000CC", 0, "", EMAIL, EMP, "overdue_1")};
    s_supersede(f, plain, 1, &superseded, &noted);
    assert_int_equal(superseded, 0);
    assert_int_equal(s_get(f, OLD ".003")->state, QUEUED);
    assert_int_equal(s_dispatch(f), 6);
    assert_int_equal(s_counter(f, "superseded"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_waiting_delivery_is_superseded_kept_and_never_dispatched, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_in_flight_delivery_stays_queued_and_due, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_other_recipients_channels_keys_and_states_are_untouched, s_setup, s_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
