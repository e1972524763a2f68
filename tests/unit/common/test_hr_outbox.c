/*  test_hr_outbox - the transactional outbox and its relay over real LMDB and real ZeroMQ
 *  (inproc): rows commit with their transaction or not at all, leave only on an ack, retry with
 *  the same msg_id on a back-off, go out in order with a bounded window, and a real hr_server
 *  receiver applies each one once however often it arrives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr.h"
#include "hr_test.h"

// One inproc name per fixture: ZeroMQ's reaper thread releases a closed socket's name a moment
// after close, so binding the same name again at once fails under load.
static char s_raw_endpoint[64]; // outbox-raw of the current fixture
static char s_srv_endpoint[64]; // outbox-srv of the current fixture
#define RAW_ENDPOINT s_raw_endpoint
#define SRV_ENDPOINT s_srv_endpoint
#define WAIT_MS 1000
#define QUIET_MS 50
#define TIMEOUT_MS 2000
#define RETRY_MIN_MS 1000
#define RETRY_MAX_MS 8000
#define WINDOW 4
#define MAX_SOCKS 4

static const char *const s_receiver_dbs[] = {"applied", NULL};

typedef struct {
    char *dir;                 // owned: the sender's store
    hr_store_t *store;         // owned
    hr_clock_t *clock;         // owned: fake
    hr_relay_t *relay;         // owned
    zsock_t *socks[MAX_SOCKS]; // borrowed from the relay: its destination sockets
    size_t nsocks;             // entries used in socks
    zsock_t *raw;              // owned: a bare ROUTER playing a receiver by hand
    char *rdir;                // owned: the real receiver's store
    hr_store_t *rstore;        // owned
    hr_server_t *server;       // owned: the real receiver
    hr_arena_t *arena;         // owned: decoding
    int applied_calls;         // how often the real receiver's handler ran
} fixture_t;

// test.Apply (write) on the real receiver: counts applications per payload in `applied`.
static hr_rc_t s_apply(void *arg, hr_call_t *call)
{
    fixture_t *f = arg;
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    f->applied_calls++;
    MDB_val v;
    uint64_t n = 0;
    if (hr_store_get(hr_call_txn(call), "applied", req->payload.data, req->payload.len, &v) ==
        HR_OK)
        n = hr_be64_get(v.mv_data);
    unsigned char buf[8];
    hr_be64_put(buf, n + 1);
    return hr_store_put(hr_call_txn(call), "applied", req->payload.data, req->payload.len, buf, 8,
                        0);
}

static const hr_route_t s_routes[] = {
    {"test.Apply", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_apply},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

static char *s_endpoint(void *arg, const char *dest, char **err_out)
{
    HR_UNUSED(arg);
    *err_out = NULL;
    if (!strcmp(dest, "raw"))
        return hr_strdup(RAW_ENDPOINT);
    if (!strcmp(dest, "srv"))
        return hr_strdup(SRV_ENDPOINT);
    *err_out = hr_strfmt("peers/%s is not set", dest);
    return NULL;
}

static void s_watch(void *arg, zsock_t *sock)
{
    fixture_t *f = arg;
    assert_true(f->nsocks < MAX_SOCKS);
    f->socks[f->nsocks++] = sock;
}

static hr_store_t *s_store(const char *dir, const char *const *dbs)
{
    hr_store_t *store = hr_test_store_open(dir, dbs, 8);
    assert_non_null(store);
    return store;
}

static void s_name_endpoints(void)
{
    static int fixture_no;
    fixture_no++;
    snprintf(s_raw_endpoint, sizeof s_raw_endpoint, "inproc://outbox-raw-%d", fixture_no);
    snprintf(s_srv_endpoint, sizeof s_srv_endpoint, "inproc://outbox-srv-%d", fixture_no);
}

static int s_setup(void **state)
{
    s_name_endpoints();
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("outbox");
    f->store = s_store(f->dir, NULL);
    f->clock = hr_clock_fake_new(HR_TEST_T0_MS);
    hr_relay_opts_t opts = {.store = f->store,
                            .clock = f->clock,
                            .endpoint = s_endpoint,
                            .watch = s_watch,
                            .watch_arg = f,
                            .in_flight = WINDOW,
                            .timeout_ms = TIMEOUT_MS,
                            .retry_min_ms = RETRY_MIN_MS,
                            .retry_max_ms = RETRY_MAX_MS};
    f->relay = hr_relay_new(&opts);
    f->raw = zsock_new(ZMQ_ROUTER);
    assert_non_null(f->raw);
    assert_int_equal(zsock_bind(f->raw, "%s", RAW_ENDPOINT), 0);
    f->rdir = hr_test_tmpdir("outbox-rcv");
    f->rstore = s_store(f->rdir, s_receiver_dbs);
    char *err = NULL;
    f->server = hr_server_new(SRV_ENDPOINT, f->rstore, f->clock, &err);
    assert_non_null(f->server);
    hr_server_add_routes(f->server, s_routes, f);
    f->arena = hr_arena_new(0);
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_relay_destroy(&f->relay);
    zsock_destroy(&f->raw);
    hr_server_destroy(&f->server);
    hr_store_destroy(&f->store);
    hr_store_destroy(&f->rstore);
    hr_clock_destroy(&f->clock);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_test_rmdir(f->rdir);
    hr_free(f->dir);
    hr_free(f->rdir);
    hr_free(f);
    return 0;
}

// Commits one row for dest whose body is a PingRequest carrying payload. Returns its seq.
static uint64_t s_put(fixture_t *f, const char *dest, const char *payload)
{
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    req.payload.data = (uint8_t *)payload;
    req.payload.len = strlen(payload);
    hr_txn_t *txn = NULL;
    uint64_t seq = 0;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(
        hr_outbox_put(txn, dest, "test.Apply", &req.base, hr_clock_now_ms(f->clock), NULL, &seq),
        HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return seq;
}

static uint64_t s_depth(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t n = hr_store_count(txn, HR_DB_OUTBOX);
    hr_txn_abort(&txn);
    return n;
}

static Hr__Sys__OutboxRow *s_row(fixture_t *f, uint64_t seq)
{
    hr_txn_t *txn = NULL;
    Hr__Sys__OutboxRow *row = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    hr_rc_t rc = hr_outbox_get(txn, seq, f->arena, &row);
    hr_txn_abort(&txn);
    return rc ? NULL : row;
}

typedef struct {
    zframe_t *identity;        // owned: the relay's routing id
    Hr__Envelope *env;         // arena
    Hr__Sys__PingRequest *req; // arena: the body
} s_received_t;

// Receives one request on the raw ROUTER within wait_ms; false when none came.
static bool s_raw_recv(fixture_t *f, s_received_t *out, int wait_ms)
{
    memset(out, 0, sizeof *out);
    zpoller_t *p = zpoller_new(f->raw, NULL);
    void *ready = zpoller_wait(p, wait_ms);
    zpoller_destroy(&p);
    if (!ready)
        return false;
    zmsg_t *msg = zmsg_recv(f->raw);
    assert_non_null(msg);
    assert_int_equal(zmsg_size(msg), 3);
    out->identity = zmsg_pop(msg);
    char *tag = zmsg_popstr(msg);
    assert_string_equal(tag, HR_PROTO_TAG);
    zstr_free(&tag);
    zframe_t *frame = zmsg_pop(msg);
    out->env = (Hr__Envelope *)protobuf_c_message_unpack(&hr__envelope__descriptor,
                                                         hr_arena_pb_allocator(f->arena),
                                                         zframe_size(frame), zframe_data(frame));
    zframe_destroy(&frame);
    zmsg_destroy(&msg);
    assert_non_null(out->env);
    out->req = (Hr__Sys__PingRequest *)protobuf_c_message_unpack(
        &hr__sys__ping_request__descriptor, hr_arena_pb_allocator(f->arena), out->env->body.len,
        out->env->body.data);
    assert_non_null(out->req);
    return true;
}

// Answers a received request with status code (and frees its identity).
static void s_raw_reply(fixture_t *f, s_received_t *r, hr_rc_t code)
{
    Hr__Envelope env = HR__ENVELOPE__INIT;
    Hr__Status status = HR__STATUS__INIT;
    char id[HR_ID_LEN + 1];
    hr_id_make(hr_clock_now_ms(f->clock), id);
    env.msg_id = id;
    env.correlation_id = r->env->msg_id;
    env.type = r->env->type;
    status.code = (int32_t)code;
    status.message = code ? "refused by the test" : "";
    env.status = &status;
    zmsg_t *msg = zmsg_new();
    zmsg_append(msg, &r->identity);
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&env);
    zmsg_append(msg, &frame);
    assert_int_equal(zmsg_send(&msg, f->raw), 0);
}

// Waits up to wait_ms for replies on the relay's socket(s), then lets it handle them and any
// that follow within QUIET_MS.
static void s_relay_read(fixture_t *f, int wait_ms)
{
    assert_true(f->nsocks > 0);
    zpoller_t *p = zpoller_new(NULL);
    for (size_t i = 0; i < f->nsocks; i++)
        zpoller_add(p, f->socks[i]);
    void *which = zpoller_wait(p, wait_ms);
    while (which) {
        hr_relay_on_readable(f->relay, which);
        which = zpoller_wait(p, QUIET_MS);
    }
    zpoller_destroy(&p);
}

// Lets the real receiver handle what arrived within wait_ms.
static void s_server_serve(fixture_t *f, int wait_ms)
{
    zpoller_t *p = zpoller_new(hr_server_socket(f->server), NULL);
    while (zpoller_wait(p, wait_ms))
        hr_server_dispatch(f->server);
    zpoller_destroy(&p);
}

static uint64_t s_applied(fixture_t *f, const char *payload)
{
    hr_txn_t *txn = NULL;
    MDB_val v;
    uint64_t n = 0;
    assert_int_equal(hr_txn_begin_read(f->rstore, &txn), HR_OK);
    if (hr_store_get(txn, "applied", payload, strlen(payload), &v) == HR_OK)
        n = hr_be64_get(v.mv_data);
    hr_txn_abort(&txn);
    return n;
}

static void test_put_inside_an_aborted_txn_leaves_no_row(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_outbox_put(txn, "raw", "test.Apply", &req.base, HR_TEST_T0_MS, NULL, NULL),
                     HR_OK);
    assert_int_equal(hr_store_count(txn, HR_DB_OUTBOX), 1);
    hr_txn_abort(&txn);
    assert_int_equal(s_depth(f), 0);
    hr_relay_kick(f->relay);
    s_received_t r;
    assert_false(s_raw_recv(f, &r, QUIET_MS));
}

static void test_put_stores_dest_type_id_body_time_and_actor(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    req.payload.data = (uint8_t *)"c1";
    req.payload.len = 2;
    static char *roles[] = {"hr"};
    Hr__Actor actor = HR__ACTOR__INIT;
    actor.user_id = "u1";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_txn_t *txn = NULL;
    uint64_t seq = 0;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(
        hr_outbox_put(txn, "notify", "notify.Send", &req.base, HR_TEST_T0_MS, &actor, &seq), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(seq, 1);
    Hr__Sys__OutboxRow *row = s_row(f, seq);
    assert_non_null(row);
    assert_string_equal(row->dest, "notify");
    assert_string_equal(row->type, "notify.Send");
    assert_true(hr_id_is_valid(row->msg_id));
    assert_int_equal(row->created_ms, HR_TEST_T0_MS);
    assert_non_null(row->actor);
    assert_string_equal(row->actor->user_id, "u1");
    Hr__Sys__PingRequest *body = (Hr__Sys__PingRequest *)protobuf_c_message_unpack(
        &hr__sys__ping_request__descriptor, hr_arena_pb_allocator(f->arena), row->body.len,
        row->body.data);
    assert_non_null(body);
    assert_memory_equal(body->payload.data, "c1", 2);

    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    int64_t oldest = 0;
    assert_int_equal(hr_outbox_oldest_ms(txn, &oldest), HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(oldest, HR_TEST_T0_MS);
}

static void test_put_rejects_a_bad_dest_or_type_and_the_txn_goes_on(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_outbox_put(txn, "", "test.Apply", &req.base, 0, NULL, NULL), HR_EINVAL);
    assert_int_equal(hr_outbox_put(txn, "a-destination-name-that-is-far-too-long-to-be-real",
                                   "test.Apply", &req.base, 0, NULL, NULL),
                     HR_EINVAL);
    assert_int_equal(hr_outbox_put(txn, "raw", "not a type", &req.base, 0, NULL, NULL), HR_EINVAL);
    assert_int_equal(hr_outbox_put(txn, "raw", "test.Apply", &req.base, 0, NULL, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(s_depth(f), 1);
}

static void test_put_into_a_full_map_fails_with_efull_and_nothing_is_kept(void **state)
{
    fixture_t *f = *state;
    size_t len = (size_t)16 * 1024 * 1024; // twice the fixture's 8 MiB map
    uint8_t *blob = hr_alloc(len);
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    req.payload.data = blob;
    req.payload.len = len;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_outbox_put(txn, "raw", "test.Apply", &req.base, 0, NULL, NULL), HR_EFULL);
    assert_int_equal(hr_txn_commit(&txn), HR_EFULL); // the failed put poisoned the txn
    hr_free(blob);
    assert_int_equal(s_depth(f), 0);
}

static void test_sequence_numbers_are_never_reused_after_the_outbox_drains(void **state)
{
    fixture_t *f = *state;
    uint64_t first = s_put(f, "raw", "a");
    hr_relay_kick(f->relay);
    s_received_t r;
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    s_raw_reply(f, &r, HR_OK);
    s_relay_read(f, WAIT_MS);
    assert_int_equal(s_depth(f), 0);
    uint64_t second = s_put(f, "raw", "b");
    assert_true(second > first);
}

static void test_relay_deletes_a_row_only_when_the_ack_arrives(void **state)
{
    fixture_t *f = *state;
    uint64_t seq = s_put(f, "raw", "c1");
    const char *msg_id = s_row(f, seq)->msg_id;
    hr_relay_kick(f->relay);
    s_received_t r;
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    assert_string_equal(r.env->msg_id, msg_id);
    assert_string_equal(r.env->type, "test.Apply");
    assert_int_equal(r.env->attempt, 1);
    assert_memory_equal(r.req->payload.data, "c1", 2);
    // Sent is not delivered: the row stays until the receiver answers.
    hr_relay_kick(f->relay);
    assert_int_equal(s_depth(f), 1);
    // A transient error is not an ack either.
    s_raw_reply(f, &r, HR_EUNAVAIL);
    s_relay_read(f, WAIT_MS);
    assert_int_equal(s_depth(f), 1);
    hr_relay_stats_t st;
    hr_relay_stats(f->relay, &st);
    assert_int_equal(st.failures, 1);
    assert_int_equal(st.delivered, 0);

    hr_clock_fake_advance(f->clock, RETRY_MIN_MS);
    hr_relay_kick(f->relay);
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    assert_string_equal(r.env->msg_id, msg_id);
    s_raw_reply(f, &r, HR_OK);
    s_relay_read(f, WAIT_MS);
    assert_int_equal(s_depth(f), 0);
    hr_relay_stats(f->relay, &st);
    assert_int_equal(st.delivered, 1);
    assert_int_equal(st.in_flight, 0);
}

static void test_timeout_retries_with_the_same_msg_id_and_the_next_attempt(void **state)
{
    fixture_t *f = *state;
    uint64_t seq = s_put(f, "raw", "c1");
    const char *msg_id = s_row(f, seq)->msg_id;
    hr_relay_kick(f->relay);
    s_received_t r;
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    zframe_destroy(&r.identity); // no answer: the receiver "crashed"
    for (unsigned attempt = 2; attempt <= 4; attempt++) {
        hr_clock_fake_advance(f->clock, TIMEOUT_MS);
        hr_relay_kick(f->relay); // the timeout: back-off starts, nothing sent yet
        assert_false(s_raw_recv(f, &r, QUIET_MS));
        hr_clock_fake_advance(f->clock,
                              hr_relay_backoff_ms(attempt - 1, RETRY_MIN_MS, RETRY_MAX_MS, 0));
        hr_relay_kick(f->relay);
        assert_true(s_raw_recv(f, &r, WAIT_MS));
        assert_string_equal(r.env->msg_id, msg_id);
        assert_int_equal(r.env->attempt, attempt);
        zframe_destroy(&r.identity);
    }
    hr_relay_stats_t st;
    hr_relay_stats(f->relay, &st);
    assert_int_equal(st.timeouts, 3);
    assert_int_equal(st.sent, 4);
    assert_int_equal(s_depth(f), 1);
}

static void test_backoff_doubles_from_the_minimum_to_the_cap_with_bounded_jitter(void **state)
{
    HR_UNUSED(state);
    const int64_t min_ms = HR_RELAY_RETRY_MIN_MS, max_ms = HR_RELAY_RETRY_MAX_MS;
    const struct {
        unsigned attempt;
        int64_t base_ms;
    } rows[] = {
        {1, 1000},    {2, 2000},    {3, 4000},      {4, 8000},   {5, 16000},
        {6, 32000},   {7, 64000},   {8, 128000},    {9, 256000}, {10, 300000},
        {11, 300000}, {64, 300000}, {1000, 300000},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        int64_t base = rows[i].base_ms;
        assert_int_equal(hr_relay_backoff_ms(rows[i].attempt, min_ms, max_ms, 0), base);
        assert_int_equal(hr_relay_backoff_ms(rows[i].attempt, min_ms, max_ms, 1000),
                         base - base * HR_RELAY_JITTER_PCT / 100);
        for (uint32_t rnd = 0; rnd < 5000; rnd += 37) {
            int64_t d = hr_relay_backoff_ms(rows[i].attempt, min_ms, max_ms, rnd);
            assert_true(d <= base);
            assert_true(d >= base - base * HR_RELAY_JITTER_PCT / 100);
        }
    }
}

static void test_rows_go_out_in_order_per_destination_with_a_bounded_window(void **state)
{
    fixture_t *f = *state;
    char payload[8][4];
    for (int i = 0; i < 8; i++) {
        snprintf(payload[i], sizeof payload[i], "r%d", i);
        s_put(f, "raw", payload[i]);
    }
    hr_relay_kick(f->relay);
    s_received_t r[WINDOW];
    for (int i = 0; i < WINDOW; i++) {
        assert_true(s_raw_recv(f, &r[i], WAIT_MS));
        assert_memory_equal(r[i].req->payload.data, payload[i], 2);
    }
    s_received_t extra;
    assert_false(s_raw_recv(f, &extra, QUIET_MS)); // the window is full
    // Acks out of order: the third first. The freed slot goes to the fifth row, in order.
    s_raw_reply(f, &r[2], HR_OK);
    s_relay_read(f, WAIT_MS);
    assert_true(s_raw_recv(f, &extra, WAIT_MS));
    assert_memory_equal(extra.req->payload.data, payload[4], 2);
    zframe_destroy(&extra.identity);
    s_raw_reply(f, &r[0], HR_OK);
    s_raw_reply(f, &r[1], HR_OK);
    s_relay_read(f, WAIT_MS);
    for (int i = 5; i < 7; i++) {
        assert_true(s_raw_recv(f, &extra, WAIT_MS));
        assert_memory_equal(extra.req->payload.data, payload[i], 2);
        zframe_destroy(&extra.identity);
    }
    zframe_destroy(&r[3].identity);
    assert_int_equal(s_depth(f), 5);
}

static void test_a_permanent_rejection_is_held_on_the_longest_backoff_and_kept(void **state)
{
    fixture_t *f = *state;
    uint64_t seq = s_put(f, "raw", "bad");
    const char *msg_id = s_row(f, seq)->msg_id;
    hr_relay_kick(f->relay);
    s_received_t r;
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    s_raw_reply(f, &r, HR_EINVAL);
    s_relay_read(f, WAIT_MS);
    hr_relay_stats_t st;
    hr_relay_stats(f->relay, &st);
    assert_int_equal(st.rejected, 1);
    assert_int_equal(st.held, 1);
    assert_int_equal(s_depth(f), 1);

    Hr__Sys__StatusReply status = HR__SYS__STATUS_REPLY__INIT;
    hr_relay_status(f->relay, &status, f->arena);
    bool seen = false;
    for (size_t i = 0; i < status.n_extra; i++)
        seen = seen || !strcmp(status.extra[i], "outbox_held=1");
    assert_true(seen);

    hr_clock_fake_advance(f->clock, RETRY_MAX_MS - 1);
    hr_relay_kick(f->relay);
    assert_false(s_raw_recv(f, &r, QUIET_MS));
    hr_clock_fake_advance(f->clock, 1);
    hr_relay_kick(f->relay);
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    assert_string_equal(r.env->msg_id, msg_id);
    assert_int_equal(r.env->attempt, 2);
    s_raw_reply(f, &r, HR_EDENIED);
    s_relay_read(f, WAIT_MS);
    hr_relay_stats(f->relay, &st);
    assert_int_equal(st.rejected, 2);
    assert_int_equal(s_depth(f), 1);
}

static void test_an_unknown_destination_keeps_its_rows_and_others_still_flow(void **state)
{
    fixture_t *f = *state;
    s_put(f, "nowhere", "lost?");
    s_put(f, "raw", "fine");
    hr_relay_kick(f->relay);
    s_received_t r;
    assert_true(s_raw_recv(f, &r, WAIT_MS));
    assert_memory_equal(r.req->payload.data, "fine", 4);
    s_raw_reply(f, &r, HR_OK);
    s_relay_read(f, WAIT_MS);
    assert_int_equal(s_depth(f), 1); // the row for "nowhere" waits, never dropped
    hr_clock_fake_advance(f->clock, RETRY_MAX_MS);
    hr_relay_kick(f->relay);
    assert_int_equal(s_depth(f), 1);
}

static void test_a_real_receiver_applies_each_row_once_despite_retries(void **state)
{
    fixture_t *f = *state;
    const char *payloads[] = {"c1", "c2", "c3"};
    for (size_t i = 0; i < HR_ARRAY_LEN(payloads); i++)
        s_put(f, "srv", payloads[i]);
    hr_relay_kick(f->relay);
    s_server_serve(f, QUIET_MS); // applied and committed: the acks are on their way ...
    // ... but the relay does not read them before its timeout: every row is sent again.
    hr_clock_fake_advance(f->clock, TIMEOUT_MS);
    hr_relay_kick(f->relay);
    hr_clock_fake_advance(f->clock, RETRY_MIN_MS);
    hr_relay_kick(f->relay);
    s_server_serve(f, QUIET_MS); // answered from dedupe
    for (int i = 0; i < 4 && s_depth(f); i++)
        s_relay_read(f, WAIT_MS);
    assert_int_equal(s_depth(f), 0);
    for (size_t i = 0; i < HR_ARRAY_LEN(payloads); i++)
        assert_int_equal(s_applied(f, payloads[i]), 1);
    assert_int_equal(f->applied_calls, 3);
    hr_relay_stats_t st;
    hr_relay_stats(f->relay, &st);
    assert_int_equal(st.delivered, 3);
    assert_int_equal(st.sent, 6);
}

static void test_a_new_relay_finds_rows_left_by_a_previous_run(void **state)
{
    fixture_t *f = *state;
    s_put(f, "srv", "left-over");
    hr_relay_destroy(&f->relay); // the daemon died before sending
    f->nsocks = 0;
    hr_relay_opts_t opts = {.store = f->store,
                            .clock = f->clock,
                            .endpoint = s_endpoint,
                            .watch = s_watch,
                            .watch_arg = f};
    f->relay = hr_relay_new(&opts);
    hr_relay_kick(f->relay);
    s_server_serve(f, QUIET_MS);
    s_relay_read(f, WAIT_MS);
    assert_int_equal(s_depth(f), 0);
    assert_int_equal(s_applied(f, "left-over"), 1);
}

int main(void)
{
    hr_log_init("test", HR_LOG_ERROR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_put_inside_an_aborted_txn_leaves_no_row, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_put_stores_dest_type_id_body_time_and_actor, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_put_rejects_a_bad_dest_or_type_and_the_txn_goes_on,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_put_into_a_full_map_fails_with_efull_and_nothing_is_kept, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_sequence_numbers_are_never_reused_after_the_outbox_drains, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_relay_deletes_a_row_only_when_the_ack_arrives, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_timeout_retries_with_the_same_msg_id_and_the_next_attempt, s_setup, s_teardown),
        cmocka_unit_test(test_backoff_doubles_from_the_minimum_to_the_cap_with_bounded_jitter),
        cmocka_unit_test_setup_teardown(
            test_rows_go_out_in_order_per_destination_with_a_bounded_window, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_permanent_rejection_is_held_on_the_longest_backoff_and_kept, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(
            test_an_unknown_destination_keeps_its_rows_and_others_still_flow, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_real_receiver_applies_each_row_once_despite_retries,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_new_relay_finds_rows_left_by_a_previous_run, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.common.outbox", tests, NULL, NULL);
}
