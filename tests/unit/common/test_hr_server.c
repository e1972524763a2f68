/*  test_hr_server - the dispatch sequence over real ZeroMQ (inproc) and a real LMDB:
 *  replies, dedupe of write routes, reply-after-commit, and every kind of bad input, after
 *  each of which the server still answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdatomic.h>
#include <string.h>

#include "hr.h"
#include "hr_test.h"

// One inproc name per fixture: ZeroMQ's reaper thread releases a closed socket's name a moment
// after zsock_destroy, so binding the same name in the next test could fail under load.
#define ENDPOINT_FMT "inproc://test-server-%d"
#define WAIT_MS 1000
#define NO_REPLY_WAIT_MS 100

static const char *const s_dbs[] = {"counters", NULL};

typedef struct fixture fixture_t;

// test.Slow's record of its background work, kept under the request's msg_id.
typedef struct {
    hr_job_t job;  // first: in the fixture's list while its request waits
    bool used;     // a request owns it
    fixture_t *f;  // borrowed
    int64_t value; // what the work found
} slow_job_t;

#define SLOW_JOBS (HR_SERVER_MAX_PARKED + 2)

struct fixture {
    char *dir;           // owned
    hr_store_t *store;   // owned
    hr_clock_t *clock;   // owned: fake
    hr_server_t *server; // owned
    zsock_t *dealer;     // owned: the raw client side
    hr_arena_t *arena;   // owned: for decoding replies
    int handler_calls;   // how often test.Count ran
    int aborts;          // how often a test.Count run did not commit (its after-abort hook)
    size_t big_value;    // bytes test.Count writes besides the counter (for EFULL)
    int slow_calls;      // how often test.Slow's handler ran
    int peek_calls;      // how often test.Peek's handler ran
    int peek_hooks;      // how often its after-commit hook ran
    int slow_works;      // how many works test.Slow started
    atomic_bool gate;    // test.Slow's work waits until this opens
    slow_job_t jobs[SLOW_JOBS];
    hr_job_t *waiting; // test.Slow's jobs whose requests wait (hr_call_job)
};

// test.Echo (read): echoes the payload.
static hr_rc_t s_echo(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    rep->payload = req->payload;
    rep->now_ms = hr_call_now_ms(call);
    return HR_OK;
}

static void s_count_aborted(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    fixture_t *f = arg;
    f->aborts++;
}

// test.Count (write): increments a stored counter and answers its new value in now_ms.
// A payload of "fail" makes it write and then fail, to show the write is rolled back.
static hr_rc_t s_count(void *arg, hr_call_t *call)
{
    fixture_t *f = arg;
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    f->handler_calls++;
    hr_call_after_abort(call, s_count_aborted, f);
    MDB_val v;
    uint64_t n = 0;
    if (hr_store_get(hr_call_txn(call), "counters", "n", 1, &v) == HR_OK)
        n = hr_be64_get(v.mv_data);
    unsigned char buf[8];
    hr_be64_put(buf, n + 1);
    hr_rc_t rc = hr_store_put(hr_call_txn(call), "counters", "n", 1, buf, 8, 0);
    if (rc)
        return rc;
    if (f->big_value) {
        char *blob = hr_arena_alloc(hr_call_arena(call), f->big_value);
        unsigned char key[8];
        hr_be64_put(key, n + 1);
        rc = hr_store_put(hr_call_txn(call), "counters", key, 8, blob, f->big_value, 0);
        if (rc)
            return rc;
    }
    if (req->payload.len == 4 && !memcmp(req->payload.data, "fail", 4))
        return hr_call_fail(call, HR_ECONFLICT, "payload: asked to fail");
    if (req->payload.len == 4 && !memcmp(req->payload.data, "norp", 4))
        hr_call_no_replay(call); // commit, but keep no reply for dedupe
    if (req->payload.len == 4 && !memcmp(req->payload.data, "disk", 4)) // a file write: ENOSPC
        return hr_call_fail(call, HR_EFULL, "could not write the file: the disk is full");
    rep->now_ms = (int64_t)(n + 1);
    return HR_OK;
}

static void s_peek_hook(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    fixture_t *f = arg;
    f->peek_hooks++;
}

// test.Peek (write): reads the counter and writes nothing (hr_call_store_nothing); answers the
// counter in now_ms.
static hr_rc_t s_peek(void *arg, hr_call_t *call)
{
    fixture_t *f = arg;
    f->peek_calls++;
    MDB_val v;
    uint64_t n = 0;
    if (hr_store_get(hr_call_txn(call), "counters", "n", 1, &v) == HR_OK)
        n = hr_be64_get(v.mv_data);
    hr_call_store_nothing(call);
    hr_call_after_commit(call, s_peek_hook, f);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    rep->now_ms = (int64_t)n;
    return HR_OK;
}

// test.Slow's work: waits for the gate (or the server stopping), then finds its value.
static void s_slow_work(const hr_server_t *server, void *arg)
{
    slow_job_t *j = arg;
    while (!atomic_load(&j->f->gate) && !hr_work_stopping(server))
        zclock_sleep(1);
    j->value = 1000 + (int64_t)(j - j->f->jobs);
}

// test.Slow (write): parks with its work; run again, stores the work's value and answers it.
static hr_rc_t s_slow(void *arg, hr_call_t *call)
{
    fixture_t *f = arg;
    f->slow_calls++;
    bool running = false;
    slow_job_t *j = (slow_job_t *)hr_call_job(call, &f->waiting, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while the work runs
    if (!j) {
        for (size_t i = 0; i < SLOW_JOBS && !j; i++)
            if (!f->jobs[i].used)
                j = &f->jobs[i];
        assert_non_null(j);
        *j = (slow_job_t){.used = true, .f = f};
        hr_rc_t rc = hr_call_park_job(call, &f->waiting, &j->job, s_slow_work);
        if (rc)
            j->used = false;
        else
            f->slow_works++;
        return rc;
    }
    unsigned char buf[8];
    hr_be64_put(buf, (uint64_t)j->value);
    hr_rc_t rc = hr_store_put(hr_call_txn(call), "counters", "slow", 4, buf, 8, 0);
    if (rc)
        return rc;
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    rep->now_ms = j->value;
    j->used = false;
    return HR_OK;
}

static const hr_route_t s_routes[] = {
    {"test.Echo", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_READ, s_echo},
    {"test.Count", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_count},
    {"test.Slow", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_slow},
    {"test.Peek", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_peek},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

static fixture_t *s_fixture(size_t map_mb, size_t map_max_mb)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("server");
    hr_store_opts_t opts = {.dir = f->dir,
                            .mapsize_mb = map_mb,
                            .mapsize_max_mb = map_max_mb,
                            .dbs = s_dbs,
                            .schema_version = 1};
    char *err = NULL;
    f->store = hr_store_open(&opts, &err);
    assert_non_null(f->store);
    f->clock = hr_clock_fake_new(HR_TEST_T0_MS);
    static int s_fixtures;
    char endpoint[64];
    snprintf(endpoint, sizeof endpoint, ENDPOINT_FMT, ++s_fixtures);
    f->server = hr_server_new(endpoint, f->store, f->clock, &err);
    assert_non_null(f->server);
    hr_server_add_routes(f->server, s_routes, f);
    f->dealer = zsock_new_dealer(endpoint);
    assert_non_null(f->dealer);
    f->arena = hr_arena_new(0);
    return f;
}

static int s_setup(void **state)
{
    *state = s_fixture(8, 8);
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    zsock_destroy(&f->dealer);
    hr_server_destroy(&f->server);
    hr_store_destroy(&f->store);
    hr_clock_destroy(&f->clock);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

// The reply waiting on the dealer (arena), or NULL after wait_ms.
static Hr__Envelope *s_reply(fixture_t *f, int wait_ms)
{
    zpoller_t *cp = zpoller_new(f->dealer, NULL);
    void *ready = zpoller_wait(cp, wait_ms);
    zpoller_destroy(&cp);
    if (!ready)
        return NULL;
    zmsg_t *reply = zmsg_recv(f->dealer);
    assert_non_null(reply);
    assert_true(zmsg_size(reply) >= 2);
    char *tag = zmsg_popstr(reply);
    assert_string_equal(tag, HR_PROTO_TAG);
    zstr_free(&tag);
    zframe_t *frame = zmsg_pop(reply);
    Hr__Envelope *env = (Hr__Envelope *)protobuf_c_message_unpack(
        &hr__envelope__descriptor, hr_arena_pb_allocator(f->arena), zframe_size(frame),
        zframe_data(frame));
    zframe_destroy(&frame);
    zmsg_destroy(&reply);
    assert_non_null(env);
    return env;
}

// Lets the server handle what was sent, then returns the reply envelope (arena) or NULL.
static Hr__Envelope *s_exchange(fixture_t *f, zmsg_t **msg_p, int wait_ms)
{
    assert_int_equal(zmsg_send(msg_p, f->dealer), 0);
    zpoller_t *sp = zpoller_new(hr_server_socket(f->server), NULL);
    assert_non_null(zpoller_wait(sp, WAIT_MS));
    zpoller_destroy(&sp);
    hr_server_dispatch(f->server);
    return s_reply(f, wait_ms);
}

// A request of type with payload in a sys.Ping body; msg_id NULL = a new one, user NULL = no
// actor, else that user in the role "manager".
static zmsg_t *s_request_full(fixture_t *f, const char *type, const char *msg_id,
                              const char *payload, int64_t deadline_ms, const char *user)
{
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    if (payload) {
        req.payload.data = (uint8_t *)payload;
        req.payload.len = strlen(payload);
    }
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"manager"};
    actor.user_id = (char *)user;
    actor.roles = roles;
    actor.n_roles = 1;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    char id[HR_ID_LEN + 1];
    hr_id_make(hr_clock_now_ms(f->clock), id);
    env.msg_id = (char *)(msg_id ? msg_id : id);
    env.type = (char *)type;
    env.deadline_ms = deadline_ms;
    env.actor = user ? &actor : NULL;
    env.body = hr_envelope_pack_body(f->arena, &req.base);
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&env);
    zmsg_append(msg, &frame);
    return msg;
}

static zmsg_t *s_request(fixture_t *f, const char *type, const char *msg_id, const char *payload,
                         int64_t deadline_ms)
{
    return s_request_full(f, type, msg_id, payload, deadline_ms, NULL);
}

static zmsg_t *s_request_as(fixture_t *f, const char *type, const char *msg_id, const char *payload,
                            const char *user)
{
    return s_request_full(f, type, msg_id, payload, 0, user);
}

static int s_status(const Hr__Envelope *env)
{
    return env->status ? env->status->code : 0;
}

static void s_assert_still_serving(fixture_t *f)
{
    zmsg_t *msg = s_request(f, "test.Echo", NULL, "alive", 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_OK);
    Hr__Sys__PingReply *rep = (Hr__Sys__PingReply *)protobuf_c_message_unpack(
        &hr__sys__ping_reply__descriptor, hr_arena_pb_allocator(f->arena), env->body.len,
        env->body.data);
    assert_non_null(rep);
    assert_int_equal(rep->payload.len, 5);
    assert_memory_equal(rep->payload.data, "alive", 5);
}

static void test_read_route_replies_with_correlation_id(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    zmsg_t *msg = s_request(f, "test.Echo", id, "hello", 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_OK);
    assert_string_equal(env->correlation_id, id);
    assert_string_equal(env->type, "test.Echo");
}

static void test_write_retry_with_same_msg_id_is_applied_once(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    int64_t counts[3];
    for (int i = 0; i < 3; i++) {
        zmsg_t *msg = s_request(f, "test.Count", id, NULL, 0);
        Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
        assert_non_null(env);
        assert_int_equal(s_status(env), HR_OK);
        Hr__Sys__PingReply *rep = (Hr__Sys__PingReply *)protobuf_c_message_unpack(
            &hr__sys__ping_reply__descriptor, hr_arena_pb_allocator(f->arena), env->body.len,
            env->body.data);
        counts[i] = rep->now_ms;
    }
    assert_int_equal(f->handler_calls, 1);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 1);
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.replayed, 2);

    // A new msg_id is a new command.
    zmsg_t *msg = s_request(f, "test.Count", NULL, NULL, 0);
    assert_non_null(s_exchange(f, &msg, WAIT_MS));
    assert_int_equal(f->handler_calls, 2);
}

// A write route's call that stores nothing ends as a read: no stored reply, so the same msg_id
// runs the handler again, and its after-commit hooks still run.
static void test_a_write_that_stores_nothing_is_not_deduplicated(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = s_request(f, "test.Count", NULL, NULL, 0);
    assert_non_null(s_exchange(f, &msg, WAIT_MS));
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    for (int i = 0; i < 2; i++) {
        msg = s_request(f, "test.Peek", id, NULL, 0);
        Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
        assert_non_null(env);
        assert_int_equal(s_status(env), HR_OK);
        Hr__Sys__PingReply *rep = (Hr__Sys__PingReply *)protobuf_c_message_unpack(
            &hr__sys__ping_reply__descriptor, hr_arena_pb_allocator(f->arena), env->body.len,
            env->body.data);
        assert_int_equal(rep->now_ms, 1);
    }
    assert_int_equal(f->peek_calls, 2);
    assert_int_equal(f->peek_hooks, 2);
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.replayed, 0);
}

// A write whose handler asks for no replay (hr_call_no_replay) commits its effect but stores no
// dedupe row: the same msg_id runs the handler again, and its effect again.
static void test_a_write_without_replay_commits_and_stores_no_reply(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    for (int i = 1; i <= 2; i++) {
        zmsg_t *msg = s_request(f, "test.Count", id, "norp", 0);
        Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
        assert_non_null(env);
        assert_int_equal(s_status(env), HR_OK);
        Hr__Sys__PingReply *rep = (Hr__Sys__PingReply *)protobuf_c_message_unpack(
            &hr__sys__ping_reply__descriptor, hr_arena_pb_allocator(f->arena), env->body.len,
            env->body.data);
        assert_int_equal(rep->now_ms, i);
        hr_txn_t *txn = NULL;
        MDB_val v;
        assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
        assert_int_equal(hr_store_get(txn, "counters", "n", 1, &v), HR_OK);
        assert_int_equal(hr_be64_get(v.mv_data), (uint64_t)i); // committed
        assert_int_equal(hr_store_count(txn, HR_DB_DEDUPE), 0);
        assert_int_equal(hr_store_count(txn, HR_DB_DEDUPE_BY_TIME), 0);
        hr_txn_abort(&txn);
    }
    assert_int_equal(f->handler_calls, 2);
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.replayed, 0);
    // Without the option the same route stores its reply as before.
    zmsg_t *msg = s_request(f, "test.Count", NULL, NULL, 0);
    assert_int_equal(s_status(s_exchange(f, &msg, WAIT_MS)), HR_OK);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, HR_DB_DEDUPE), 1);
    hr_txn_abort(&txn);
}

static void test_failed_handler_rolls_back_and_is_not_stored(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    zmsg_t *msg = s_request(f, "test.Count", id, "fail", 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_ECONFLICT);
    assert_string_equal(env->status->message, "payload: asked to fail");
    hr_txn_t *txn = NULL;
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, "counters", "n", 1, &v), HR_ENOTFOUND);
    assert_int_equal(hr_store_count(txn, HR_DB_DEDUPE), 0);
    hr_txn_abort(&txn);
    // The same msg_id retried runs the handler again (errors are not stored).
    msg = s_request(f, "test.Count", id, "fail", 0);
    assert_non_null(s_exchange(f, &msg, WAIT_MS));
    assert_int_equal(f->handler_calls, 2);
    assert_int_equal(f->aborts, 2); // each failed run's after-abort hook ran
    msg = s_request(f, "test.Count", NULL, NULL, 0);
    assert_int_equal(s_status(s_exchange(f, &msg, WAIT_MS)), HR_OK);
    assert_int_equal(f->aborts, 2); // not for a run that committed
}

static void test_unknown_tag_and_missing_envelope_are_dropped_and_counted(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, "HTTP/1.1");
    zmsg_addstr(msg, "GET /");
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS));
    msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS));
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.dropped, 2);
    s_assert_still_serving(f);
}

static void test_broken_envelope_gets_einval(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zmsg_addmem(msg, "\x0a\xff\xff\xff\xff\x0f", 6); // a length running off the end
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EINVAL);
    assert_non_null(strstr(env->status->message, "envelope"));

    // A decodable envelope with a bad msg_id.
    Hr__Envelope bad = HR__ENVELOPE__INIT;
    bad.msg_id = "not-a-ulid";
    bad.type = "test.Echo";
    msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&bad);
    zmsg_append(msg, &frame);
    env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EINVAL);
    assert_non_null(strstr(env->status->message, "msg_id"));
    s_assert_still_serving(f);
}

static void test_unknown_type_gets_einval_naming_it(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = s_request(f, "test.NoSuchThing", NULL, NULL, 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EINVAL);
    assert_non_null(strstr(env->status->message, "test.NoSuchThing"));
    s_assert_still_serving(f);
}

static void test_expired_deadline_gets_etimeout_without_work(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = s_request(f, "test.Count", NULL, NULL, HR_TEST_T0_MS - 1);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_ETIMEOUT);
    assert_int_equal(f->handler_calls, 0);
    s_assert_still_serving(f);
}

static void test_body_of_the_wrong_shape_gets_einval(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    env.msg_id = id;
    env.type = "test.Echo";
    static const uint8_t junk[] = {0x0a, 0x10, 0x01}; // field 1 claims 16 bytes, has 1
    env.body.data = (uint8_t *)junk;
    env.body.len = sizeof junk;
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&env);
    zmsg_append(msg, &frame);
    Hr__Envelope *rep = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(rep);
    assert_int_equal(s_status(rep), HR_EINVAL);
    assert_non_null(strstr(rep->status->message, "body"));
    s_assert_still_serving(f);
}

static void test_oversized_envelope_gets_einval(void **state)
{
    fixture_t *f = *state;
    size_t len = HR_ENVELOPE_MAX_BYTES + 1;
    char *big = hr_alloc(len);
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zmsg_addmem(msg, big, len);
    hr_free(big);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EINVAL);
    assert_non_null(strstr(env->status->message, "limit"));
    s_assert_still_serving(f);
}

static void test_full_store_grows_and_the_write_succeeds(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_fixture(1, 8);
    f->big_value = 600 * 1024;
    for (int i = 0; i < 3; i++) {
        zmsg_t *msg = s_request(f, "test.Count", NULL, NULL, 0);
        Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
        assert_non_null(env);
        assert_int_equal(s_status(env), HR_OK);
    }
    assert_true(hr_store_map_bytes(f->store) > 1024 * 1024);
    // The run that found the map full did not commit: its after-abort hook ran, once per grow.
    assert_true(f->aborts >= 1);
    assert_int_equal(f->handler_calls, 3 + f->aborts);
    void *p = f;
    s_teardown(&p);
}

// A stored reply answers only its own request: the same msg_id from another user, or with
// another body, is refused and runs nothing (msg_ids show in case histories; replaying one must
// not hand out someone else's reply).
static void test_a_msg_id_reused_by_another_request_is_refused(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    zmsg_t *msg = s_request_as(f, "test.Count", id, "x", "E0101");
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_OK);
    assert_int_equal(f->handler_calls, 1);
    msg = s_request_as(f, "test.Count", id, "x", "E0102"); // another user
    env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_ECONFLICT);
    assert_non_null(strstr(env->status->message, "msg_id"));
    assert_int_equal(env->body.len, 0);                    // nothing of the first reply
    msg = s_request_as(f, "test.Count", id, "y", "E0101"); // another body
    env = s_exchange(f, &msg, WAIT_MS);
    assert_int_equal(s_status(env), HR_ECONFLICT);
    // The same envelope with other extra frames (an import carries its file there) is another
    // request too: answered with the first one's reply, its file would be dropped unread.
    msg = s_request_as(f, "test.Count", id, "x", "E0101");
    zmsg_addstr(msg, "another file");
    env = s_exchange(f, &msg, WAIT_MS);
    assert_int_equal(s_status(env), HR_ECONFLICT);
    msg = s_request_as(f, "test.Count", id, "x", "E0101"); // the same request: its reply
    env = s_exchange(f, &msg, WAIT_MS);
    assert_int_equal(s_status(env), HR_OK);
    assert_true(env->body.len > 0);
    assert_int_equal(f->handler_calls, 1);
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.replayed, 1);
}

// A handler's own "full" (a file it wrote hit a full disk) is an answer: no map growth, no
// second run of the handler (which would repeat what it did outside LMDB).
static void test_a_full_disk_in_a_handler_is_answered_not_retried(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = s_request(f, "test.Count", NULL, "disk", 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EFULL);
    assert_non_null(strstr(env->status->message, "disk is full"));
    assert_int_equal(f->handler_calls, 1);
    s_assert_still_serving(f);
}

static void test_dedupe_rows_are_pruned_after_retention(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = s_request(f, "test.Count", NULL, NULL, 0);
    assert_non_null(s_exchange(f, &msg, WAIT_MS));
    assert_int_equal(hr_server_prune(f->server), 0);
    hr_clock_fake_advance(f->clock, HR_DEDUPE_KEEP_MS + 1);
    assert_int_equal(hr_server_prune(f->server), 1);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, HR_DB_DEDUPE), 0);
    hr_txn_abort(&txn);
}

static void test_dispatch_reports_drained_only_when_the_socket_is_empty(void **state)
{
    fixture_t *f = *state;
    int n = 2 * HR_SERVER_BATCH + 5;
    assert_false(hr_server_drained(f->server)); // nothing known yet: a loop must look
    for (int i = 0; i < n; i++) {
        zmsg_t *msg = s_request(f, "test.Echo", NULL, "burst", 0);
        assert_int_equal(zmsg_send(&msg, f->dealer), 0);
    }
    zpoller_t *sp = zpoller_new(hr_server_socket(f->server), NULL);
    assert_non_null(zpoller_wait(sp, WAIT_MS));
    zpoller_destroy(&sp);
    // The loop of hr_daemon: dispatch again without waiting until the server says drained.
    hr_server_dispatch(f->server);
    assert_false(hr_server_drained(f->server)); // stopped at the batch limit
    int rounds = 1;
    while (!hr_server_drained(f->server) && rounds < 10) {
        hr_server_dispatch(f->server);
        rounds++;
    }
    assert_true(hr_server_drained(f->server));
    assert_int_equal(rounds, 3);
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.requests, (uint64_t)n);
    for (int i = 0; i < n; i++) {
        zmsg_t *reply = zmsg_recv(f->dealer);
        assert_non_null(reply);
        zmsg_destroy(&reply);
    }
}

// Waits until background work ended and the server ran the parked calls again.
static void s_wake(fixture_t *f)
{
    struct pollfd p = {.fd = hr_server_wake_fd(f->server), .events = POLLIN};
    assert_int_equal(poll(&p, 1, 5000), 1);
    hr_server_wake(f->server);
}

static int64_t s_value(fixture_t *f, const Hr__Envelope *env)
{
    Hr__Sys__PingReply *rep = (Hr__Sys__PingReply *)protobuf_c_message_unpack(
        &hr__sys__ping_reply__descriptor, hr_arena_pb_allocator(f->arena), env->body.len,
        env->body.data);
    assert_non_null(rep);
    return rep->now_ms;
}

static void test_a_parked_call_is_answered_when_its_work_ends_and_others_meanwhile(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    // The deadline passes while the work runs: the request was taken in time, it is answered.
    zmsg_t *msg = s_request(f, "test.Slow", id, NULL, HR_TEST_T0_MS + 50);
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS));
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.parked, 1);
    assert_int_equal(st.waiting, 1);
    s_assert_still_serving(f); // the server answers others while the work runs
    msg = s_request(f, "test.Count", NULL, NULL, 0);
    assert_int_equal(s_status(s_exchange(f, &msg, WAIT_MS)), HR_OK);

    // A retry meanwhile waits for the same work; it does not start another.
    msg = s_request(f, "test.Slow", id, NULL, 0);
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS));
    assert_int_equal(f->slow_works, 1);
    hr_server_stats(f->server, &st);
    assert_int_equal(st.waiting, 1); // the retry took the first attempt's place

    hr_clock_fake_advance(f->clock, 10000);
    atomic_store(&f->gate, true);
    s_wake(f);
    Hr__Envelope *env = s_reply(f, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_OK);
    assert_string_equal(env->correlation_id, id);
    int64_t value = s_value(f, env);
    assert_int_equal(value, 1000);
    assert_null(s_reply(f, NO_REPLY_WAIT_MS)); // one answer: the first attempt's place went
    hr_server_stats(f->server, &st);
    assert_int_equal(st.waiting, 0);
    assert_int_equal(f->slow_calls, 3); // parked, retry parked, run again

    // Its effect committed with its stored reply: the same msg_id replays it.
    msg = s_request(f, "test.Slow", id, NULL, 0);
    env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_value(f, env), value);
    assert_int_equal(f->slow_calls, 3);
    hr_txn_t *txn = NULL;
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, "counters", "slow", 4, &v), HR_OK);
    assert_int_equal((int64_t)hr_be64_get(v.mv_data), value);
    hr_txn_abort(&txn);
}

static void test_parking_beyond_the_limit_is_refused_as_busy(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < HR_SERVER_MAX_PARKED; i++) {
        zmsg_t *msg = s_request(f, "test.Slow", NULL, NULL, 0);
        assert_null(s_exchange(f, &msg, 10));
    }
    zmsg_t *msg = s_request(f, "test.Slow", NULL, NULL, 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EUNAVAIL);
    assert_non_null(strstr(env->status->message, "busy"));
    assert_int_equal(f->slow_works, HR_SERVER_MAX_PARKED);
    atomic_store(&f->gate, true);
    int answered = 0;
    for (int round = 0; round < 50 && answered < HR_SERVER_MAX_PARKED; round++) {
        s_wake(f);
        while ((env = s_reply(f, 10)) != NULL) {
            assert_int_equal(s_status(env), HR_OK);
            answered++;
        }
    }
    assert_int_equal(answered, HR_SERVER_MAX_PARKED);
    s_assert_still_serving(f);
}

static void test_stopping_ends_the_work_and_drops_the_parked_calls(void **state)
{
    fixture_t *f = *state;
    zmsg_t *msg = s_request(f, "test.Slow", NULL, NULL, 0);
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS));
    hr_server_stop_work(f->server); // the work sees hr_work_stopping and returns; joined here
    hr_server_stats_t st;
    hr_server_stats(f->server, &st);
    assert_int_equal(st.waiting, 0);
    assert_null(s_reply(f, NO_REPLY_WAIT_MS));
    msg = s_request(f, "test.Slow", NULL, NULL, 0);
    Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_EUNAVAIL); // nothing new starts while stopping
}

// A msg_id waits for one request: another caller's request under it (another user, another
// body, another route) is refused as dedupe refuses it, and the first caller is answered.
static void test_a_parked_msg_id_is_not_taken_by_another_request(void **state)
{
    fixture_t *f = *state;
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    zmsg_t *msg = s_request_as(f, "test.Slow", id, "x", "E0101");
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS)); // parked
    zsock_t *first = f->dealer;
    f->dealer = zsock_new_dealer(hr_server_endpoint(f->server));
    const struct {
        const char *type, *payload, *user;
    } others[] = {
        {"test.Slow", "y", "E0102"}, {"test.Slow", "y", "E0101"}, {"test.Count", "x", "E0101"}};
    for (size_t k = 0; k < HR_ARRAY_LEN(others); k++) {
        msg = s_request_as(f, others[k].type, id, others[k].payload, others[k].user);
        Hr__Envelope *env = s_exchange(f, &msg, WAIT_MS);
        assert_non_null(env);
        assert_int_equal(s_status(env), HR_ECONFLICT);
        assert_non_null(strstr(env->status->message, "already used by another request"));
    }
    zsock_destroy(&f->dealer);
    f->dealer = first;
    assert_int_equal(f->slow_works, 1);
    atomic_store(&f->gate, true);
    s_wake(f);
    Hr__Envelope *env = s_reply(f, WAIT_MS);
    assert_non_null(env);
    assert_int_equal(s_status(env), HR_OK);
    assert_int_equal(s_value(f, env), 1000);
}

// hr_daemon's loop (s_loop): zmq_poll on the ROUTER's ZMQ_FD (edge-triggered) and the wake fd.
// A request that arrives after the poll woke for the wake fd only, while hr_server_wake runs a
// parked call again and sends its reply, must still be answered.
static void s_loop_step(fixture_t *f, zmq_pollitem_t *items, int wait_ms)
{
    items[0].revents = items[1].revents = 0;
    zmq_poll(items, 2, wait_ms);
    if (items[0].revents || !hr_server_drained(f->server))
        hr_server_dispatch(f->server);
    if (items[1].revents & ZMQ_POLLIN)
        hr_server_wake(f->server);
}

static void test_a_request_arriving_during_wake_is_not_left_waiting(void **state)
{
    fixture_t *f = *state;
    zmq_pollitem_t items[2] = {{.fd = zsock_fd(hr_server_socket(f->server)), .events = ZMQ_POLLIN},
                               {.fd = hr_server_wake_fd(f->server), .events = ZMQ_POLLIN}};
    zmsg_t *msg = s_request(f, "test.Slow", NULL, NULL, 0);
    assert_null(s_exchange(f, &msg, NO_REPLY_WAIT_MS));           // parked
    zsock_t *b = zsock_new_dealer(hr_server_endpoint(f->server)); // another client, served once
    msg = s_request(f, "test.Echo", NULL, "b1", 0);
    assert_int_equal(zmsg_send(&msg, b), 0);
    for (int i = 0; i < 20 && !(zsock_events(b) & ZMQ_POLLIN); i++)
        s_loop_step(f, items, 50);
    zmsg_t *r = zmsg_recv(b);
    assert_non_null(r);
    zmsg_destroy(&r);
    s_loop_step(f, items, 50); // nothing pending now
    atomic_store(&f->gate, true);
    // The loop wakes for the work (a ROUTER edge with nothing behind it - ZMQ_FD may signal so -
    // is served as the loop would).
    for (int i = 0; i < 100; i++) {
        items[0].revents = items[1].revents = 0;
        assert_true(zmq_poll(items, 2, 5000) >= 1);
        if (items[1].revents & ZMQ_POLLIN)
            break;
        hr_server_dispatch(f->server);
    }
    assert_true(items[1].revents & ZMQ_POLLIN);
    // b's request arrives just then (while the parked call runs again, commits, is answered).
    msg = s_request(f, "test.Echo", NULL, "b2", 0);
    assert_int_equal(zmsg_send(&msg, b), 0);
    zclock_sleep(50);
    if (items[0].revents || !hr_server_drained(f->server))
        hr_server_dispatch(f->server);
    hr_server_wake(f->server);
    bool answered = false;
    for (int i = 0; i < 20 && !answered; i++) {
        s_loop_step(f, items, 100);
        answered = zsock_events(b) & ZMQ_POLLIN;
    }
    zsock_destroy(&b);
    assert_non_null(s_reply(f, WAIT_MS)); // the parked call's answer
    assert_true(answered);
}

int main(void)
{
    zsys_init();
    zsys_set_logstream(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_route_replies_with_correlation_id, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_write_retry_with_same_msg_id_is_applied_once, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_write_that_stores_nothing_is_not_deduplicated,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_failed_handler_rolls_back_and_is_not_stored, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_unknown_tag_and_missing_envelope_are_dropped_and_counted, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_broken_envelope_gets_einval, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_type_gets_einval_naming_it, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_expired_deadline_gets_etimeout_without_work, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_body_of_the_wrong_shape_gets_einval, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_oversized_envelope_gets_einval, s_setup, s_teardown),
        cmocka_unit_test(test_full_store_grows_and_the_write_succeeds),
        cmocka_unit_test_setup_teardown(test_a_msg_id_reused_by_another_request_is_refused, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_full_disk_in_a_handler_is_answered_not_retried,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_write_without_replay_commits_and_stores_no_reply,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_dedupe_rows_are_pruned_after_retention, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_reports_drained_only_when_the_socket_is_empty,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_parked_call_is_answered_when_its_work_ends_and_others_meanwhile, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_parking_beyond_the_limit_is_refused_as_busy, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_stopping_ends_the_work_and_drops_the_parked_calls,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_parked_msg_id_is_not_taken_by_another_request,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_request_arriving_during_wake_is_not_left_waiting,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.common.server", tests, NULL, NULL);
}
