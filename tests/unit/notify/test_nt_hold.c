/*  test_nt_hold - the hold on sending in a real LMDB: while held the dispatch is handed nothing
 *  (the deliveries stay queued and due), the release ends it and credits the time each queued
 *  delivery waited to its held_ms, so that its lifetime does not count the hold; a delivery
 *  already sent is not touched, and releasing what is not held changes nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt_test.h"

#define T0 HR_TEST_T0_MS
#define A "01JN00000000000000000000AA.000"
#define B "01JN00000000000000000000BB.000"
#define C "01JN00000000000000000000CC.000"

typedef struct {
    char *dir;         // owned: temp dir holding the LMDB env
    hr_store_t *store; // owned
    hr_arena_t *arena; // owned
    char seen[4][65];  // ids handed to the dispatch
    size_t nseen;      // entries used in seen
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    *state = f;
    return nt_test_store_open("nt_hold", &f->dir, &f->store, &f->arena);
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    nt_test_store_close(&f->dir, &f->store, &f->arena);
    hr_free(f);
    return 0;
}

static void s_put(fixture_t *f, const char *id, int64_t created_ms, Hr__Notify__DeliveryState st)
{
    Hr__Notify__Delivery d = HR__NOTIFY__DELIVERY__INIT;
    d.id = (char *)id;
    d.send_id = hr_arena_strndup(f->arena, id, HR_ID_LEN);
    d.created_ms = created_ms;
    d.next_at_ms = created_ms;
    d.state = st;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_delivery_put(txn, &d), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void s_hold(fixture_t *f, int64_t since_ms, const char *reason)
{
    Hr__Notify__SendingHold h = HR__NOTIFY__SENDING_HOLD__INIT;
    h.since_ms = since_ms;
    h.by = "operator";
    h.reason = (char *)reason;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_hold_put(txn, &h), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static hr_rc_t s_collect(void *arg, const char *id, int64_t due_ms)
{
    fixture_t *f = arg;
    HR_UNUSED(due_ms);
    assert_true(f->nseen < 4);
    snprintf(f->seen[f->nseen++], sizeof f->seen[0], "%s", id);
    return HR_OK;
}

// What the dispatch would hand to the senders at now_ms; *hold the hold it found (or NULL).
static size_t s_dispatch(fixture_t *f, int64_t now_ms, Hr__Notify__SendingHold **hold)
{
    f->nseen = 0;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_dispatch_scan(txn, f->arena, now_ms, 10, s_collect, f, hold), HR_OK);
    hr_txn_abort(&txn);
    return f->nseen;
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

static hr_rc_t s_release(fixture_t *f, int64_t now_ms, Hr__Notify__SendingHold **ended,
                         size_t *credited)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    hr_rc_t rc = nt_store_hold_release(txn, f->arena, now_ms, ended, credited);
    if (rc == HR_OK)
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_txn_abort(&txn);
    return rc;
}

static void test_a_held_store_hands_the_dispatch_nothing_until_released(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, T0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    s_put(f, B, T0 + 1, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    Hr__Notify__SendingHold *hold = NULL;
    assert_int_equal(s_dispatch(f, T0 + HR_MINUTE_MS, &hold), 2);
    assert_null(hold);

    s_hold(f, T0 + HR_MINUTE_MS, "restored from backup /var/backups/hr/x");
    assert_int_equal(s_dispatch(f, T0 + HR_HOUR_MS, &hold), 0);
    assert_non_null(hold);
    assert_int_equal(hold->since_ms, T0 + HR_MINUTE_MS);
    assert_string_equal(hold->by, "operator");
    assert_string_equal(hold->reason, "restored from backup /var/backups/hr/x");
    // Nothing is lost: both are still queued and due.
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(nt_store_due_count(txn), 2);
    hr_txn_abort(&txn);

    Hr__Notify__SendingHold *ended = NULL;
    size_t credited = 0;
    assert_int_equal(s_release(f, T0 + HR_HOUR_MS, &ended, &credited), HR_OK);
    assert_int_equal(credited, 2);
    assert_int_equal(ended->since_ms, T0 + HR_MINUTE_MS);
    assert_int_equal(s_dispatch(f, T0 + HR_HOUR_MS, &hold), 2);
    assert_null(hold);
    assert_string_equal(f->seen[0], A);
    assert_string_equal(f->seen[1], B);
}

static void test_the_release_credits_the_held_time_so_the_lifetime_does_not_count_it(void **state)
{
    fixture_t *f = *state;
    nt_retry_policy_t p = {5 * HR_MINUTE_MS, HR_HOUR_MS, 2 * HR_DAY_MS};
    s_put(f, A, T0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);             // before it
    s_put(f, B, T0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT);               // went before
    s_put(f, C, T0 + HR_DAY_MS, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED); // during it
    s_hold(f, T0 + HR_HOUR_MS, "");
    int64_t release = T0 + 3 * HR_DAY_MS;
    Hr__Notify__SendingHold *ended = NULL;
    size_t credited = 0;
    assert_int_equal(s_release(f, release, &ended, &credited), HR_OK);
    assert_int_equal(credited, 2);
    Hr__Notify__Delivery *a = s_get(f, A), *b = s_get(f, B), *c = s_get(f, C);
    assert_int_equal(a->held_ms, 3 * HR_DAY_MS - HR_HOUR_MS);
    assert_int_equal(b->held_ms, 0);
    assert_int_equal(c->held_ms, 2 * HR_DAY_MS);
    assert_int_equal(a->attempts, 0); // held is not failed
    // Its first attempt after the release fails for now: a retry, not "expired" - without the
    // credit the three held days would have used up its two-day lifetime.
    int64_t next = nt_retry_next_ms(&p, a->id, 1, release);
    assert_true(nt_retry_expired(&p, a->created_ms, next));
    assert_false(nt_retry_expired(&p, a->created_ms + a->held_ms, next));
    // A second hold adds to the first.
    s_hold(f, release + HR_HOUR_MS, "again");
    assert_int_equal(s_release(f, release + 2 * HR_HOUR_MS, &ended, &credited), HR_OK);
    assert_int_equal(s_get(f, A)->held_ms, 3 * HR_DAY_MS);
}

static void test_releasing_what_is_not_held_changes_nothing(void **state)
{
    fixture_t *f = *state;
    s_put(f, A, T0, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    Hr__Notify__SendingHold *ended = NULL;
    size_t credited = 7;
    assert_int_equal(s_release(f, T0 + HR_DAY_MS, &ended, &credited), HR_ENOTFOUND);
    assert_null(ended);
    assert_int_equal(credited, 0);
    assert_int_equal(s_get(f, A)->held_ms, 0);
}

static void test_held_time_runs_from_the_later_of_creation_and_hold(void **state)
{
    HR_UNUSED(state);
    static const struct {
        int64_t created, since, now, want;
    } rows[] = {
        {0, 100, 1000, 900},   // queued before the hold: from the hold
        {500, 100, 1000, 500}, // accepted during the hold: from its creation
        {100, 100, 100, 0},    // released at once
        {0, 1000, 500, 0},     // a clock set back: never negative
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        assert_int_equal(nt_retry_held_ms(rows[i].created, rows[i].since, rows[i].now),
                         rows[i].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_held_store_hands_the_dispatch_nothing_until_released,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_release_credits_the_held_time_so_the_lifetime_does_not_count_it, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_releasing_what_is_not_held_changes_nothing, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_held_time_runs_from_the_later_of_creation_and_hold),
    };
    return cmocka_run_group_tests_name("unit.notify.hold", tests, NULL, NULL);
}
