/*  test_hr_events - the event log, sys.EventsSince over a real hr_server, PUB hints, and the
 *  consumer cursor, with real LMDB stores and real ZeroMQ (inproc): events commit with their
 *  transaction, pages and validation errors come back as documented, and a consumer applies
 *  every event exactly once across lost replies, failed batches and restarts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <string.h>

#include "hr.h"
#include "hr_test.h"

// One inproc name per fixture: ZeroMQ's reaper thread releases a closed socket's name a moment
// after close, so binding the same name again at once fails under load.
static char s_srv_endpoint[64]; // events-srv of the current fixture
static char s_pub_endpoint[64]; // events-pub of the current fixture
#define SRV_ENDPOINT s_srv_endpoint
#define PUB_ENDPOINT s_pub_endpoint
#define WAIT_MS 1000
#define QUIET_MS 50
#define HINT_TRIES 40
#define SOURCE "producer"
#define BIG_BODY (600 * 1024)
#define PUMP_ROUNDS 64

static const char *const s_consumer_dbs[] = {"seen", NULL};

typedef struct {
    char *dir;               // owned: the producer's store
    hr_store_t *store;       // owned
    hr_clock_t *clock;       // owned: fake
    hr_server_t *server;     // owned: the producer's ROUTER with hr_events_routes
    hr_events_t *events;     // owned: PUB hints
    char *cdir;              // owned: the consumer's store
    hr_store_t *cstore;      // owned
    hr_consumer_t *consumer; // owned, may be NULL
    hr_client_t *client;     // owned: a plain caller of sys.EventsSince
    hr_arena_t *arena;       // owned
    uint64_t fail_at_seq;    // apply fails on this seq (0 = never)
    uint64_t fail_at_seq2;   // and on this one (0 = never)
    uint64_t apply_calls;    // how often apply ran (committed or not)
} fixture_t;

static hr_store_t *s_store(const char *dir, const char *const *dbs)
{
    hr_store_t *store = hr_test_store_open(dir, dbs, 16);
    assert_non_null(store);
    return store;
}

static void s_name_endpoints(void)
{
    static int fixture_no;
    fixture_no++;
    snprintf(s_srv_endpoint, sizeof s_srv_endpoint, "inproc://events-srv-%d", fixture_no);
    snprintf(s_pub_endpoint, sizeof s_pub_endpoint, "inproc://events-pub-%d", fixture_no);
}

static int s_setup(void **state)
{
    s_name_endpoints();
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("events");
    f->store = s_store(f->dir, NULL);
    f->clock = hr_clock_fake_new(HR_TEST_T0_MS);
    char *err = NULL;
    f->server = hr_server_new(SRV_ENDPOINT, f->store, f->clock, &err);
    assert_non_null(f->server);
    f->events = hr_events_new(f->store, PUB_ENDPOINT, &err);
    assert_non_null(f->events);
    hr_server_add_routes(f->server, hr_events_routes, f->events);
    f->cdir = hr_test_tmpdir("events-cons");
    f->cstore = s_store(f->cdir, s_consumer_dbs);
    f->client = hr_client_new(SRV_ENDPOINT, f->clock, &err);
    assert_non_null(f->client);
    f->arena = hr_arena_new(0);
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_consumer_destroy(&f->consumer);
    hr_client_destroy(&f->client);
    hr_events_destroy(&f->events);
    hr_server_destroy(&f->server);
    hr_store_destroy(&f->store);
    hr_store_destroy(&f->cstore);
    hr_clock_destroy(&f->clock);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_test_rmdir(f->cdir);
    hr_free(f->dir);
    hr_free(f->cdir);
    hr_free(f);
    return 0;
}

// Appends n events (PingRequest bodies of body_len bytes) in one committed transaction.
static void s_append(fixture_t *f, size_t n, size_t body_len)
{
    uint8_t *body = hr_alloc(body_len ? body_len : 1);
    Hr__Sys__PingRequest ev = HR__SYS__PING_REQUEST__INIT;
    ev.payload.data = body;
    ev.payload.len = body_len;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(hr_events_append(txn, "test.ThingHappened", &ev.base, NULL,
                                          hr_clock_now_ms(f->clock), NULL),
                         HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_free(body);
}

// Calls sys.EventsSince through the real server: send, dispatch, receive.
static hr_rc_t s_events_since(fixture_t *f, uint64_t after, uint32_t max,
                              Hr__Sys__EventsSinceReply **reply_out)
{
    Hr__Sys__EventsSinceRequest req = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    req.after = after;
    req.max = max;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = hr_id_new(f->arena, hr_clock_now_ms(f->clock));
    env.type = "sys.EventsSince";
    env.body = hr_envelope_pack_body(f->arena, &req.base);
    assert_int_equal(hr_client_send(f->client, &env, NULL), HR_OK);
    zpoller_t *p = zpoller_new(hr_server_socket(f->server), NULL);
    assert_non_null(zpoller_wait(p, WAIT_MS));
    zpoller_destroy(&p);
    hr_server_dispatch(f->server);
    p = zpoller_new(hr_client_socket(f->client), NULL);
    assert_non_null(zpoller_wait(p, WAIT_MS));
    zpoller_destroy(&p);
    Hr__Envelope *rep = NULL;
    zmsg_t *frames = NULL;
    assert_int_equal(hr_client_recv(f->client, f->arena, &rep, &frames), HR_OK);
    assert_null(frames);
    assert_string_equal(rep->correlation_id, env.msg_id);
    hr_rc_t rc = rep->status ? (hr_rc_t)rep->status->code : HR_OK;
    *reply_out = NULL;
    if (!rc) {
        *reply_out = (Hr__Sys__EventsSinceReply *)protobuf_c_message_unpack(
            &hr__sys__events_since_reply__descriptor, hr_arena_pb_allocator(f->arena),
            rep->body.len, rep->body.data);
        assert_non_null(*reply_out);
    }
    return rc;
}

// The consumer's apply: counts each seq in `seen`, checks order, fails on fail_at_seq.
static hr_rc_t s_apply(void *arg, hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    fixture_t *f = arg;
    f->apply_calls++;
    if (ev->seq == f->fail_at_seq || ev->seq == f->fail_at_seq2)
        return HR_EINTERNAL;
    assert_string_equal(ev->type, "test.ThingHappened");
    unsigned char key[8];
    hr_be64_put(key, ev->seq);
    MDB_val v;
    uint64_t n = 0;
    if (hr_store_get(txn, "seen", key, sizeof key, &v) == HR_OK)
        n = hr_be64_get(v.mv_data);
    unsigned char val[8];
    hr_be64_put(val, n + 1);
    return hr_store_put(txn, "seen", key, sizeof key, val, sizeof val, 0);
}

static void s_consumer(fixture_t *f, uint32_t batch, const char *hints)
{
    hr_consumer_opts_t opts = {.source = SOURCE,
                               .endpoint = SRV_ENDPOINT,
                               .hint_endpoint = hints,
                               .store = f->cstore,
                               .clock = f->clock,
                               .apply = s_apply,
                               .apply_arg = f,
                               .batch = batch};
    char *err = NULL;
    f->consumer = hr_consumer_new(&opts, &err);
    assert_non_null(f->consumer);
}

// Serves the consumer's requests and hands it the replies until it has nothing out.
static void s_pump(fixture_t *f)
{
    zpoller_t *sp = zpoller_new(hr_server_socket(f->server), NULL);
    zpoller_t *cp = zpoller_new(hr_consumer_socket(f->consumer), NULL);
    for (int i = 0; i < PUMP_ROUNDS && hr_consumer_is_pending(f->consumer); i++) {
        if (zpoller_wait(sp, QUIET_MS))
            hr_server_dispatch(f->server);
        if (zpoller_wait(cp, WAIT_MS))
            hr_consumer_on_readable(f->consumer, hr_consumer_socket(f->consumer));
    }
    zpoller_destroy(&sp);
    zpoller_destroy(&cp);
}

static uint64_t s_cursor(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    uint64_t seq = 0;
    assert_int_equal(hr_txn_begin_read(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_consumer_cursor_get(txn, SOURCE, &seq), HR_OK);
    hr_txn_abort(&txn);
    return seq;
}

// Asserts that seqs 1..n were each applied exactly once and nothing else was.
static void s_assert_seen_once(fixture_t *f, uint64_t n)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "seen"), n);
    for (uint64_t seq = 1; seq <= n; seq++) {
        unsigned char key[8];
        hr_be64_put(key, seq);
        MDB_val v;
        assert_int_equal(hr_store_get(txn, "seen", key, sizeof key, &v), HR_OK);
        assert_int_equal(hr_be64_get(v.mv_data), 1);
    }
    hr_txn_abort(&txn);
}

static void test_append_in_an_aborted_txn_leaves_nothing_and_seqs_have_no_gaps(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__PingRequest ev = HR__SYS__PING_REQUEST__INIT;
    hr_txn_t *txn = NULL;
    uint64_t seq = 0;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_events_append(txn, "test.ThingHappened", &ev.base, NULL, 1, &seq), HR_OK);
    assert_int_equal(seq, 1);
    hr_txn_abort(&txn);
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_events_append(txn, "not a type", &ev.base, NULL, 1, &seq), HR_EINVAL);
    char msg_id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, msg_id);
    for (uint64_t want = 1; want <= 3; want++) {
        assert_int_equal(
            hr_events_append(txn, "test.ThingHappened", &ev.base, msg_id, HR_TEST_T0_MS, &seq),
            HR_OK);
        assert_int_equal(seq, want);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);

    Hr__Sys__EventsSinceReply *rep = NULL;
    assert_int_equal(s_events_since(f, 0, 0, &rep), HR_OK);
    assert_int_equal(rep->n_events, 3);
    assert_int_equal(rep->last_seq, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rep->events[i]->seq, i + 1);
        assert_string_equal(rep->events[i]->type, "test.ThingHappened");
        assert_string_equal(rep->events[i]->msg_id, msg_id);
        assert_int_equal(rep->events[i]->at_ms, HR_TEST_T0_MS);
    }
}

static void test_append_into_a_full_map_fails_with_efull(void **state)
{
    fixture_t *f = *state;
    size_t len = (size_t)32 * 1024 * 1024; // twice the fixture's 16 MiB map
    uint8_t *blob = hr_alloc(len);
    Hr__Sys__PingRequest ev = HR__SYS__PING_REQUEST__INIT;
    ev.payload.data = blob;
    ev.payload.len = len;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_events_append(txn, "test.ThingHappened", &ev.base, NULL, 0, NULL),
                     HR_EFULL);
    hr_txn_abort(&txn);
    hr_free(blob);
}

static void test_a_cursor_that_is_not_8_bytes_reads_as_eio(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, SOURCE, strlen(SOURCE), "bad", 3, 0), HR_OK);
    uint64_t seq = 1;
    assert_int_equal(hr_consumer_cursor_get(txn, SOURCE, &seq), HR_EIO);
    assert_int_equal(hr_consumer_cursor_get(txn, "other", &seq), HR_OK);
    assert_int_equal(seq, 0);
    hr_txn_abort(&txn);
}

static void test_events_since_pages_by_max_with_a_default_of_500(void **state)
{
    fixture_t *f = *state;
    s_append(f, 1200, 4);
    Hr__Sys__EventsSinceReply *rep = NULL;
    assert_int_equal(s_events_since(f, 0, 0, &rep), HR_OK);
    assert_int_equal(rep->n_events, HR_EVENTS_DEFAULT);
    assert_int_equal(rep->events[0]->seq, 1);
    assert_int_equal(rep->events[499]->seq, 500);
    assert_int_equal(rep->last_seq, 1200);
    assert_int_equal(s_events_since(f, 500, HR_EVENTS_MAX, &rep), HR_OK);
    assert_int_equal(rep->n_events, 700);
    assert_int_equal(rep->events[0]->seq, 501);
    assert_int_equal(rep->events[699]->seq, 1200);
    assert_int_equal(s_events_since(f, 1199, 1, &rep), HR_OK);
    assert_int_equal(rep->n_events, 1);
    assert_int_equal(rep->events[0]->seq, 1200);
    assert_int_equal(s_events_since(f, 1200, 10, &rep), HR_OK);
    assert_int_equal(rep->n_events, 0);
    assert_int_equal(rep->last_seq, 1200);
    hr_arena_reset(f->arena);
}

static void test_events_since_rejects_max_over_1000_and_a_cursor_beyond_the_log(void **state)
{
    fixture_t *f = *state;
    s_append(f, 5, 4);
    Hr__Sys__EventsSinceReply *rep = NULL;
    assert_int_equal(s_events_since(f, 0, HR_EVENTS_MAX + 1, &rep), HR_EINVAL);
    assert_int_equal(s_events_since(f, 6, 10, &rep), HR_ECONFLICT);
    assert_int_equal(s_events_since(f, 5, 10, &rep), HR_OK);
}

static void test_events_since_caps_the_bytes_of_one_reply_but_returns_at_least_one(void **state)
{
    fixture_t *f = *state;
    s_append(f, 6, BIG_BODY);
    hr_txn_t *txn = NULL;
    Hr__Sys__EventsSinceReply rep = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_events_read(txn, 0, 100, f->arena, &rep), HR_OK);
    assert_true(rep.n_events >= 1 && rep.n_events < 6);
    assert_true(rep.n_events * BIG_BODY <= HR_EVENTS_REPLY_MAX_BYTES);
    assert_int_equal(hr_events_read(txn, 5, 100, f->arena, &rep), HR_OK);
    assert_int_equal(rep.n_events, 1);
    hr_txn_abort(&txn);
}

static void test_a_hint_carries_type_and_seq_after_commit(void **state)
{
    fixture_t *f = *state;
    zsock_t *sub = zsock_new_sub(PUB_ENDPOINT, "");
    assert_non_null(sub);
    // A subscription reaches PUB asynchronously: publish until one gets through.
    char *type = NULL, *seq = NULL;
    for (int i = 0; i < HINT_TRIES && !type; i++) {
        s_append(f, 1, 4);
        hr_events_flush(f->events);
        zpoller_t *p = zpoller_new(sub, NULL);
        if (zpoller_wait(p, QUIET_MS))
            zstr_recvx(sub, &type, &seq, NULL);
        zpoller_destroy(&p);
    }
    assert_non_null(type);
    assert_string_equal(type, "test.ThingHappened");
    int64_t n = 0;
    assert_true(hr_parse_i64(seq, 1, HINT_TRIES, &n));
    zstr_free(&type);
    zstr_free(&seq);
    zsock_destroy(&sub);
}

static void test_consumer_applies_every_event_once_in_batches_and_keeps_its_cursor(void **state)
{
    fixture_t *f = *state;
    s_append(f, 250, 4);
    s_consumer(f, 100, NULL);
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 250);
    s_assert_seen_once(f, 250);
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.batches, 3);
    assert_int_equal(st.applied, 250);

    // Restart: the new consumer asks from its stored cursor and applies only what is new.
    hr_consumer_destroy(&f->consumer);
    s_append(f, 10, 4);
    s_consumer(f, 100, NULL);
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 260);
    s_assert_seen_once(f, 260);
    assert_int_equal(f->apply_calls, 260);
}

static void test_consumer_applies_once_when_a_reply_is_late_and_the_pull_repeated(void **state)
{
    fixture_t *f = *state;
    s_append(f, 20, 4);
    s_consumer(f, 0, NULL);
    hr_consumer_pull(f->consumer);
    zpoller_t *sp = zpoller_new(hr_server_socket(f->server), NULL);
    assert_non_null(zpoller_wait(sp, WAIT_MS));
    hr_server_dispatch(f->server); // the reply is on its way but not read in time
    hr_clock_fake_advance(f->clock, HR_CONSUMER_TIMEOUT_MS);
    hr_consumer_pull(f->consumer); // times out, asks again from the same cursor
    assert_non_null(zpoller_wait(sp, WAIT_MS));
    hr_server_dispatch(f->server);
    zpoller_destroy(&sp);
    s_pump(f);
    s_assert_seen_once(f, 20);
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.timeouts, 1);
    assert_int_equal(st.applied, 20);
    assert_int_equal(f->apply_calls, 20);
}

static void test_a_failed_apply_rolls_back_the_whole_batch_and_its_cursor(void **state)
{
    fixture_t *f = *state;
    s_append(f, 10, 4);
    f->fail_at_seq = 7;
    s_consumer(f, 0, NULL);
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 0);
    s_assert_seen_once(f, 0);
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.failures, 1);

    f->fail_at_seq = 0;
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 10);
    s_assert_seen_once(f, 10);
}

// One event the consumer cannot take is tried HR_CONSUMER_POISON_TRIES times, then passed
// over (counted, nothing of it applied); every event after it is applied once.
static void test_an_event_failing_batch_after_batch_is_passed_over(void **state)
{
    fixture_t *f = *state;
    s_append(f, 10, 4);
    f->fail_at_seq = 7;
    s_consumer(f, 0, NULL);
    for (int i = 0; i < HR_CONSUMER_POISON_TRIES; i++) {
        hr_consumer_pull(f->consumer);
        s_pump(f);
        assert_int_equal(s_cursor(f), 0);
    }
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.failures, HR_CONSUMER_POISON_TRIES);
    assert_int_equal(st.poisoned, 0);
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 10);
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.poisoned, 1);
    // Seen once each, except 7, which never was.
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "seen"), 9);
    unsigned char key[8];
    hr_be64_put(key, 7);
    MDB_val v;
    assert_int_equal(hr_store_get(txn, "seen", key, sizeof key, &v), HR_ENOTFOUND);
    hr_txn_abort(&txn);
    // A later failure on another event starts its own count.
    s_append(f, 3, 4);
    f->fail_at_seq = 12;
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 10); // the whole batch (11 with it) waits
    f->fail_at_seq = 0;
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 13);
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.poisoned, 1);
}

// Two such events next to each other: each is passed over in turn (a pass-over commits alone,
// so the failure of the next event cannot take it back), then the rest is applied.
static void test_two_poisoned_events_in_a_row_are_both_passed_over(void **state)
{
    fixture_t *f = *state;
    s_append(f, 10, 4);
    f->fail_at_seq = 7;
    f->fail_at_seq2 = 8;
    s_consumer(f, 0, NULL);
    for (int i = 0; i < 4 * HR_CONSUMER_POISON_TRIES && s_cursor(f) < 10; i++) {
        hr_consumer_pull(f->consumer);
        s_pump(f);
    }
    assert_int_equal(s_cursor(f), 10);
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.poisoned, 2);
    assert_int_equal(st.applied, 8);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "seen"), 8);
    hr_txn_abort(&txn);
}

// hr_consumer_sync, for a request that must see every event logged before it came: with a pull
// out that was answered before the new events were logged, that reply does not sync the ticket,
// and a pull follows it at once; its reply does. Idle, a sync pulls at once.
static void test_a_sync_waits_for_a_pull_sent_after_it(void **state)
{
    fixture_t *f = *state;
    s_append(f, 5, 4);
    s_consumer(f, 0, NULL);
    hr_consumer_pull(f->consumer);
    zpoller_t *sp = zpoller_new(hr_server_socket(f->server), NULL);
    assert_non_null(zpoller_wait(sp, WAIT_MS));
    hr_server_dispatch(f->server); // answered before the next events are logged
    zpoller_destroy(&sp);
    s_append(f, 3, 4);
    uint64_t ticket = hr_consumer_sync(f->consumer);
    assert_false(hr_consumer_is_synced(f->consumer, ticket));
    zpoller_t *cp = zpoller_new(hr_consumer_socket(f->consumer), NULL);
    assert_non_null(zpoller_wait(cp, WAIT_MS));
    hr_consumer_on_readable(f->consumer, hr_consumer_socket(f->consumer));
    zpoller_destroy(&cp);
    assert_int_equal(s_cursor(f), 5); // caught up as of that reply, which misses seqs 6..8
    assert_false(hr_consumer_is_synced(f->consumer, ticket));
    assert_true(hr_consumer_is_pending(f->consumer)); // the pull the sync asked for
    s_pump(f);
    assert_int_equal(s_cursor(f), 8);
    assert_true(hr_consumer_is_synced(f->consumer, ticket));

    ticket = hr_consumer_sync(f->consumer);
    assert_true(hr_consumer_is_pending(f->consumer));
    assert_false(hr_consumer_is_synced(f->consumer, ticket));
    s_pump(f);
    assert_true(hr_consumer_is_synced(f->consumer, ticket));
    s_assert_seen_once(f, 8);
}

static void test_a_hint_makes_the_consumer_pull(void **state)
{
    fixture_t *f = *state;
    s_consumer(f, 0, PUB_ENDPOINT);
    zsock_t *sub = hr_consumer_hint_socket(f->consumer);
    assert_non_null(sub);
    zpoller_t *p = zpoller_new(sub, NULL);
    bool hinted = false;
    for (int i = 0; i < HINT_TRIES && !hinted; i++) {
        s_append(f, 1, 4);
        hr_events_flush(f->events);
        hinted = zpoller_wait(p, QUIET_MS) != NULL;
    }
    zpoller_destroy(&p);
    assert_true(hinted);
    assert_false(hr_consumer_is_pending(f->consumer));
    hr_consumer_on_readable(f->consumer, sub);
    assert_true(hr_consumer_is_pending(f->consumer));
    s_pump(f);
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_true(st.hints >= 1);
    assert_true(s_cursor(f) >= 1);
    s_assert_seen_once(f, s_cursor(f));
}

// The consumer's store is newer than the producer's (restored from an older copy, or copied
// first in a backup): its cursor 20 is beyond the log's 10. It is set back to the producer's
// head at once - not skipped past, which would pass over seqs 11..20 the producer logs next -
// logged, counted in the stats and in meta, and shown as a sys.Status line.
static void test_a_cursor_beyond_the_log_is_rewound_to_the_producers_head(void **state)
{
    fixture_t *f = *state;
    s_append(f, 10, 4);
    hr_txn_t *txn = NULL;
    unsigned char v[8];
    hr_be64_put(v, 20);
    assert_int_equal(hr_txn_begin_write(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, SOURCE, strlen(SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    s_consumer(f, 0, NULL);
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 10);
    assert_int_equal(f->apply_calls, 0); // nothing of the old log applied again
    hr_consumer_stats_t st;
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.rewound, 1);

    // What the producer logs next, 11..25 (past the old cursor too), is applied, each once.
    s_append(f, 15, 4);
    hr_consumer_pull(f->consumer);
    s_pump(f);
    assert_int_equal(s_cursor(f), 25);
    assert_int_equal(f->apply_calls, 15);
    assert_int_equal(hr_txn_begin_read(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "seen"), 15);
    for (uint64_t seq = 11; seq <= 25; seq++) {
        unsigned char key[8];
        hr_be64_put(key, seq);
        MDB_val val;
        assert_int_equal(hr_store_get(txn, "seen", key, sizeof key, &val), HR_OK);
    }
    uint64_t count = 0;
    assert_int_equal(hr_consumer_rewound_get(txn, SOURCE, &count), HR_OK);
    assert_int_equal(count, 1);
    Hr__Sys__StatusReply rep = HR__SYS__STATUS_REPLY__INIT;
    char *first[] = {"service_line=1"};
    rep.extra = first;
    rep.n_extra = 1;
    hr_consumer_status_lines(txn, f->arena, &rep);
    assert_int_equal(rep.n_extra, 2);
    assert_string_equal(rep.extra[0], "service_line=1");
    assert_string_equal(rep.extra[1], "events_cursor_rewound_" SOURCE "=1");
    hr_txn_abort(&txn);
    hr_consumer_stats(f->consumer, &st);
    assert_int_equal(st.rewound, 1);
}

// The rewind as hrctl restore uses it on a store no consumer runs on: only a cursor beyond the
// given last seq moves, and each move is counted.
static void test_cursor_rewind_moves_only_a_cursor_beyond_the_log(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = NULL;
    uint64_t was = 1, count = 1;
    assert_int_equal(hr_txn_begin_write(f->cstore, &txn), HR_OK);
    assert_int_equal(hr_consumer_cursor_rewind(txn, SOURCE, 5, &was, &count), HR_OK);
    assert_int_equal(was, 0); // no cursor yet: nothing to do
    unsigned char v[8];
    hr_be64_put(v, 9);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, SOURCE, strlen(SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_consumer_cursor_rewind(txn, SOURCE, 9, &was, &count), HR_OK);
    assert_int_equal(was, 0); // the log reaches it
    assert_int_equal(hr_consumer_cursor_rewind(txn, SOURCE, 4, &was, &count), HR_OK);
    assert_int_equal(was, 9);
    assert_int_equal(count, 1);
    uint64_t cursor = 0;
    assert_int_equal(hr_consumer_cursor_get(txn, SOURCE, &cursor), HR_OK);
    assert_int_equal(cursor, 4);
    hr_be64_put(v, 7);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, SOURCE, strlen(SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_consumer_cursor_rewind(txn, SOURCE, 2, &was, &count), HR_OK);
    assert_int_equal(count, 2);
    assert_int_equal(hr_consumer_rewound_get(txn, SOURCE, &count), HR_OK);
    assert_int_equal(count, 2);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void test_consumer_refuses_a_bad_source_name(void **state)
{
    fixture_t *f = *state;
    hr_consumer_opts_t opts = {.source = "a-source-name-that-is-much-too-long-for-a-service",
                               .endpoint = SRV_ENDPOINT,
                               .store = f->cstore,
                               .clock = f->clock,
                               .apply = s_apply};
    char *err = NULL;
    assert_null(hr_consumer_new(&opts, &err));
    assert_non_null(strstr(err, "source"));
    hr_free(err);
}

int main(void)
{
    hr_log_init("test", HR_LOG_ERROR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_append_in_an_aborted_txn_leaves_nothing_and_seqs_have_no_gaps, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_append_into_a_full_map_fails_with_efull, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_cursor_that_is_not_8_bytes_reads_as_eio, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_events_since_pages_by_max_with_a_default_of_500,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_events_since_rejects_max_over_1000_and_a_cursor_beyond_the_log, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(
            test_events_since_caps_the_bytes_of_one_reply_but_returns_at_least_one, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_a_hint_carries_type_and_seq_after_commit, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_consumer_applies_every_event_once_in_batches_and_keeps_its_cursor, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(
            test_consumer_applies_once_when_a_reply_is_late_and_the_pull_repeated, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_failed_apply_rolls_back_the_whole_batch_and_its_cursor, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_event_failing_batch_after_batch_is_passed_over,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_two_poisoned_events_in_a_row_are_both_passed_over,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_sync_waits_for_a_pull_sent_after_it, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_hint_makes_the_consumer_pull, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_cursor_beyond_the_log_is_rewound_to_the_producers_head, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_cursor_rewind_moves_only_a_cursor_beyond_the_log,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_consumer_refuses_a_bad_source_name, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.common.events", tests, NULL, NULL);
}
