/*  test_hr_client - hr_client against a real hr_server in a zactor thread over inproc, and
 *  against raw ROUTERs that misbehave on purpose: replies, error statuses, timeouts with their
 *  attempts, retries that keep the msg_id (a write runs once), late replies discarded by
 *  correlation_id, frames that are not ours, a full send queue and an interrupted wait.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <string.h>

#include "hr.h"
#include "hr_test.h"

#define ENDPOINT_FMT "inproc://test-client-%d" // one per fixture (see below)
// Each raw actor binds its own endpoint: a closed socket's inproc name is released by ZeroMQ's
// reaper thread a moment later, so binding the same name again at once can fail.
#define LATE_ENDPOINT "inproc://test-client-late"
#define JUNK_ENDPOINT "inproc://test-client-junk"
#define NOBODY_ENDPOINT "inproc://test-client-nobody"
#define CALL_TIMEOUT_MS 5000 // generous: only reached when a test is failing
#define SHORT_TIMEOUT_MS 50  // for calls that must time out
#define RETRY_WAIT_MS 5000   // how long the slow handler waits for the retry to arrive

static const char *const s_dbs[] = {"counters", NULL};

// What the server thread shares with the test thread.
typedef struct {
    char endpoint[64];        // the server's, unique per fixture
    char *dir;                // owned by the test: the store's directory
    hr_server_t *server;      // the server thread's (set before the actor signals ready)
    atomic_int count_calls;   // how often test.Count's handler ran
    atomic_bool hold_first;   // test.Count waits for the retry before its first commit
    atomic_int frames_in_len; // extra request frames test.Echo saw
} shared_t;

typedef struct {
    shared_t shared;     // with the server thread
    zactor_t *actor;     // owned: the hr_server thread (may be NULL)
    hr_clock_t *clock;   // owned: system clock (deadlines are real time)
    hr_client_t *client; // owned
    hr_arena_t *arena;   // owned: results
} fixture_t;

// test.Echo (read): echoes the payload; a request frame "with-frame" gets a reply frame back.
static hr_rc_t s_echo(void *arg, hr_call_t *call)
{
    shared_t *sh = arg;
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    rep->payload = req->payload;
    rep->now_ms = hr_call_now_ms(call);
    zmsg_t *in = hr_call_frames_in(call);
    atomic_store(&sh->frames_in_len, in ? (int)zmsg_size(in) : 0);
    if (in) {
        zframe_t *out = zframe_new("reply-chunk", 11);
        hr_call_frame_out(call, &out);
    }
    return HR_OK;
}

// test.Fail (read): always fails with a status message.
static hr_rc_t s_fail(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    return hr_call_fail(call, HR_ECONFLICT, "state: case %s is closed", "C-1");
}

#define LONG_MESSAGE 900 // bytes: a refusal with its next step and command, kept whole

// test.Refuse (read): a refusal people read, in Chinese and English (hr_call_fail_zh). A payload
// of "again" fails the call once more, in English alone, after it: that one is what goes back.
static hr_rc_t s_refuse(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_rc_t rc = hr_call_fail_zh(
        call, HR_EDENIED, hr_arena_fmt(arena, "只有员工的经理（%s）或 HR 可以发起案件", "E0101"),
        "employee_no: only the employee's manager (%s) or HR may open a case", "E0101");
    if (req->payload.len == 5 && !memcmp(req->payload.data, "again", 5))
        rc = hr_call_fail(call, HR_ECONFLICT, "state: case %s is closed", "C-1");
    if (req->payload.len == 4 && !memcmp(req->payload.data, "long", 4)) { // a next step at length
        char *en = hr_arena_alloc(arena, LONG_MESSAGE + 1);
        memset(en, 'x', LONG_MESSAGE);
        en[LONG_MESSAGE] = '\0';
        rc = hr_call_fail_zh(call, HR_EDENIED, "很长", "%s", en);
    }
    return rc;
}

// test.Count (write): increments a stored counter and answers it in now_ms. With hold_first,
// the first run waits until the client's retry is queued on the socket, so its reply arrives
// after the client gave up on attempt 1 and the retry meets the stored reply.
static hr_rc_t s_count(void *arg, hr_call_t *call)
{
    shared_t *sh = arg;
    int n = atomic_fetch_add(&sh->count_calls, 1) + 1;
    if (n == 1 && atomic_load(&sh->hold_first)) {
        zpoller_t *p = zpoller_new(hr_server_socket(sh->server), NULL);
        zpoller_set_nonstop(p, true);
        zpoller_wait(p, RETRY_WAIT_MS);
        zpoller_destroy(&p);
    }
    unsigned char buf[8];
    hr_be64_put(buf, (uint64_t)n);
    hr_rc_t rc = hr_store_put(hr_call_txn(call), "counters", "n", 1, buf, 8, 0);
    if (rc)
        return rc;
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    rep->now_ms = n;
    return HR_OK;
}

static const hr_route_t s_routes[] = {
    {"test.Echo", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_READ, s_echo},
    {"test.Fail", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_READ, s_fail},
    {"test.Refuse", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_READ, s_refuse},
    {"test.Count", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_count},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

// The server thread: its own store, clock and hr_server; dispatches until $TERM.
static void s_server_actor(zsock_t *pipe, void *args)
{
    shared_t *sh = args;
    hr_store_opts_t opts = {.dir = sh->dir, .mapsize_mb = 8, .dbs = s_dbs, .schema_version = 1};
    char *err = NULL;
    hr_store_t *store = hr_store_open(&opts, &err);
    hr_clock_t *clock = hr_clock_system_new();
    hr_server_t *server = store ? hr_server_new(sh->endpoint, store, clock, &err) : NULL;
    if (!server) {
        fprintf(stderr, "server actor: %s\n", err ? err : "?");
        hr_free(err);
        zsock_signal(pipe, 1);
        hr_clock_destroy(&clock);
        hr_store_destroy(&store);
        return;
    }
    hr_server_add_routes(server, s_routes, sh);
    sh->server = server;
    zpoller_t *poller = zpoller_new(pipe, hr_server_socket(server), NULL);
    zpoller_set_nonstop(poller, true);
    zsock_signal(pipe, 0);
    for (;;) {
        void *which = zpoller_wait(poller, -1);
        if (which == pipe) {
            zmsg_t *msg = zmsg_recv(pipe);
            char *cmd = msg ? zmsg_popstr(msg) : NULL;
            bool term = !cmd || !strcmp(cmd, "$TERM");
            zstr_free(&cmd);
            zmsg_destroy(&msg);
            if (term)
                break;
        } else if (which) {
            hr_server_dispatch(server);
        }
    }
    zpoller_destroy(&poller);
    hr_server_destroy(&server);
    hr_clock_destroy(&clock);
    hr_store_destroy(&store);
}

static fixture_t *s_fixture(const char *endpoint, bool with_server)
{
    static int s_fixtures;
    fixture_t *f = hr_alloc(sizeof *f);
    snprintf(f->shared.endpoint, sizeof f->shared.endpoint, ENDPOINT_FMT, ++s_fixtures);
    if (!endpoint)
        endpoint = f->shared.endpoint;
    f->shared.dir = hr_test_tmpdir("client");
    if (with_server) {
        f->actor = zactor_new(s_server_actor, &f->shared);
        assert_non_null(f->actor);
        assert_non_null(f->shared.server); // the actor signalled success
    }
    f->clock = hr_clock_system_new();
    char *err = NULL;
    f->client = hr_client_new(endpoint, f->clock, &err);
    assert_non_null(f->client);
    assert_null(err);
    f->arena = hr_arena_new(0);
    return f;
}

static int s_setup(void **state)
{
    *state = s_fixture(NULL, true);
    return 0;
}

static int s_setup_nobody(void **state)
{
    *state = s_fixture(NOBODY_ENDPOINT, false);
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_client_destroy(&f->client);
    zactor_destroy(&f->actor);
    hr_clock_destroy(&f->clock);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->shared.dir);
    hr_free(f->shared.dir);
    hr_free(f);
    return 0;
}

static hr_rc_t s_call(fixture_t *f, const char *type, const char *payload,
                      const hr_call_opts_t *opts, hr_result_t *res)
{
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    req.payload.data = (uint8_t *)payload;
    req.payload.len = payload ? strlen(payload) : 0;
    return hr_client_call(f->client, type, &req.base, &hr__sys__ping_reply__descriptor, f->arena,
                          opts, res);
}

static void test_call_returns_the_unpacked_reply(void **state)
{
    fixture_t *f = *state;
    hr_call_opts_t opts = {.timeout_ms = CALL_TIMEOUT_MS};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Echo", "hello", &opts, &res), HR_OK);
    assert_int_equal(res.rc, HR_OK);
    assert_int_equal(res.attempts, 1);
    assert_string_equal(res.message, "");
    assert_null(res.frames);
    const Hr__Sys__PingReply *rep = res.reply;
    assert_non_null(rep);
    assert_int_equal(rep->payload.len, 5);
    assert_memory_equal(rep->payload.data, "hello", 5);
    assert_true(rep->now_ms > 0);
}

static void test_extra_frames_travel_both_ways(void **state)
{
    fixture_t *f = *state;
    zmsg_t *frames = zmsg_new();
    zmsg_addstr(frames, "chunk-1");
    zmsg_addstr(frames, "chunk-2");
    hr_call_opts_t opts = {.timeout_ms = CALL_TIMEOUT_MS, .frames = frames};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Echo", "x", &opts, &res), HR_OK);
    assert_int_equal(atomic_load(&f->shared.frames_in_len), 2);
    assert_int_equal(zmsg_size(frames), 2); // borrowed: still the caller's
    assert_non_null(res.frames);
    assert_int_equal(zmsg_size(res.frames), 1);
    char *chunk = zmsg_popstr(res.frames);
    assert_string_equal(chunk, "reply-chunk");
    zstr_free(&chunk);
    zmsg_destroy(&res.frames);
    zmsg_destroy(&frames);
}

static void test_server_error_status_is_passed_through_with_its_message(void **state)
{
    fixture_t *f = *state;
    hr_call_opts_t opts = {.timeout_ms = CALL_TIMEOUT_MS};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Fail", NULL, &opts, &res), HR_ECONFLICT);
    assert_int_equal(res.rc, HR_ECONFLICT);
    assert_string_equal(res.message, "state: case C-1 is closed");
    assert_string_equal(res.message_zh, ""); // said in English alone
    assert_null(res.reply);
    assert_int_equal(res.attempts, 1);

    // An unknown type is the server's EINVAL, naming the type.
    assert_int_equal(s_call(f, "test.NoSuchThing", NULL, &opts, &res), HR_EINVAL);
    assert_non_null(strstr(res.message, "test.NoSuchThing"));
}

static void test_refusal_in_chinese_and_english_arrives_with_both(void **state)
{
    fixture_t *f = *state;
    hr_call_opts_t opts = {.timeout_ms = CALL_TIMEOUT_MS};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Refuse", NULL, &opts, &res), HR_EDENIED);
    assert_string_equal(res.message_zh, "只有员工的经理（E0101）或 HR 可以发起案件");
    assert_string_equal(res.message,
                        "employee_no: only the employee's manager (E0101) or HR may open a case");
    assert_null(res.reply);

    // A later failure of the same call in English alone leaves no Chinese of the first behind.
    assert_int_equal(s_call(f, "test.Refuse", "again", &opts, &res), HR_ECONFLICT);
    assert_string_equal(res.message, "state: case C-1 is closed");
    assert_string_equal(res.message_zh, "");

    // A long refusal (what to do next, with the command) arrives whole.
    assert_int_equal(s_call(f, "test.Refuse", "long", &opts, &res), HR_EDENIED);
    assert_int_equal(strlen(res.message), LONG_MESSAGE);
    assert_string_equal(res.message_zh, "很长");

    // A call that succeeds has neither.
    assert_int_equal(s_call(f, "test.Echo", "x", &opts, &res), HR_OK);
    assert_string_equal(res.message, "");
    assert_string_equal(res.message_zh, "");
}

static void test_reply_that_does_not_decode_is_einval(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    hr_call_opts_t opts = {.timeout_ms = CALL_TIMEOUT_MS};
    hr_result_t res;
    // A PingReply read as a StatusReply: now_ms (field 2, varint) is not a string.
    assert_int_equal(hr_client_call(f->client, "test.Echo", &req.base,
                                    &hr__sys__status_reply__descriptor, f->arena, &opts, &res),
                     HR_EINVAL);
    assert_string_equal(res.message, "reply body does not decode");
    assert_null(res.reply);
}

static void test_no_server_times_out_after_every_attempt(void **state)
{
    fixture_t *f = *state;
    hr_call_opts_t opts = {.timeout_ms = SHORT_TIMEOUT_MS, .retries = 2};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Echo", "anyone?", &opts, &res), HR_ETIMEOUT);
    assert_int_equal(res.rc, HR_ETIMEOUT);
    assert_int_equal(res.attempts, 3);
    assert_string_equal(res.message, "no reply before the deadline");
    assert_null(res.reply);

    // retries < 0: one attempt only.
    opts.retries = -1;
    assert_int_equal(s_call(f, "test.Echo", NULL, &opts, &res), HR_ETIMEOUT);
    assert_int_equal(res.attempts, 1);
    // retries 0: the default of one retry.
    opts.retries = 0;
    assert_int_equal(s_call(f, "test.Echo", NULL, &opts, &res), HR_ETIMEOUT);
    assert_int_equal(res.attempts, 1 + HR_CLIENT_RETRIES);
}

static void test_retry_reuses_the_msg_id_so_a_write_runs_once(void **state)
{
    fixture_t *f = *state;
    atomic_store(&f->shared.hold_first, true);
    // Attempt 1 reaches the handler, which holds its reply until attempt 2 is queued; the
    // client has given up on attempt 1 by then. Attempt 2 carries the same msg_id and meets
    // the stored reply: one effect, answered twice.
    hr_call_opts_t opts = {.timeout_ms = 200, .retries = 5};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Count", NULL, &opts, &res), HR_OK);
    assert_true(res.attempts >= 2);
    assert_int_equal(atomic_load(&f->shared.count_calls), 1);
    const Hr__Sys__PingReply *rep = res.reply;
    assert_int_equal(rep->now_ms, 1);

    // The same msg_id given by the caller (an Idempotency-Key) is also answered from dedupe.
    const char *key = "01JNGZ3V8Q7W2K5M9P4R6T8X0Y";
    opts = (hr_call_opts_t){.timeout_ms = CALL_TIMEOUT_MS, .msg_id = key};
    assert_int_equal(s_call(f, "test.Count", NULL, &opts, &res), HR_OK);
    assert_int_equal(atomic_load(&f->shared.count_calls), 2);
    assert_int_equal(s_call(f, "test.Count", NULL, &opts, &res), HR_OK);
    assert_int_equal(atomic_load(&f->shared.count_calls), 2);
    rep = res.reply;
    assert_int_equal(rep->now_ms, 2);
}

// A raw ROUTER that answers the first request late: it holds it until the second arrives, then
// sends the reply to the first, a message that is not ours, and the reply to the second.
static void s_send_reply(zsock_t *router, zmsg_t **req_p)
{
    zmsg_t *req = *req_p;
    zframe_t *identity = zmsg_pop(req);
    char *tag = zmsg_popstr(req);
    zframe_t *env_frame = zmsg_pop(req);
    hr_arena_t *arena = hr_arena_new(0);
    char why[128];
    Hr__Envelope *env = NULL;
    if (tag && !strcmp(tag, HR_PROTO_TAG) && env_frame &&
        hr_envelope_decode(zframe_data(env_frame), zframe_size(env_frame), arena, &env, why,
                           sizeof why) == HR_OK) {
        const Hr__Sys__PingRequest *ping = (Hr__Sys__PingRequest *)protobuf_c_message_unpack(
            &hr__sys__ping_request__descriptor, hr_arena_pb_allocator(arena), env->body.len,
            env->body.data);
        Hr__Sys__PingReply rep = HR__SYS__PING_REPLY__INIT;
        if (ping)
            rep.payload = ping->payload;
        Hr__Envelope out = HR__ENVELOPE__INIT;
        Hr__Status status = HR__STATUS__INIT;
        out.msg_id = hr_id_new(arena, HR_TEST_T0_MS);
        out.correlation_id = env->msg_id;
        out.type = env->type;
        out.status = &status;
        out.body = hr_envelope_pack_body(arena, &rep.base);
        zmsg_t *msg = zmsg_new();
        zmsg_append(msg, &identity);
        zmsg_addstr(msg, HR_PROTO_TAG);
        zframe_t *frame = hr_envelope_frame(&out);
        zmsg_append(msg, &frame);
        zmsg_send(&msg, router);
    }
    zstr_free(&tag);
    zframe_destroy(&identity);
    zframe_destroy(&env_frame);
    hr_arena_destroy(&arena);
    zmsg_destroy(req_p);
}

static void s_send_junk(zsock_t *router, zmsg_t *req)
{
    zmsg_t *msg = zmsg_new();
    zframe_t *identity = zframe_dup(zmsg_first(req));
    zmsg_append(msg, &identity);
    zmsg_addstr(msg, "NOT-OURS");
    zmsg_addstr(msg, "junk");
    zmsg_send(&msg, router);
}

static void s_late_actor(zsock_t *pipe, void *args)
{
    HR_UNUSED(args);
    zsock_t *router = zsock_new_router(LATE_ENDPOINT);
    assert(router);
    zpoller_t *poller = zpoller_new(pipe, router, NULL);
    zpoller_set_nonstop(poller, true);
    zsock_signal(pipe, 0);
    zmsg_t *held = NULL;
    for (;;) {
        void *which = zpoller_wait(poller, -1);
        if (which == pipe)
            break; // $TERM
        zmsg_t *req = zmsg_recv(router);
        if (!req)
            continue;
        if (!held) {
            held = req;
            continue;
        }
        s_send_reply(router, &held);
        s_send_junk(router, req);
        s_send_reply(router, &req);
    }
    zmsg_destroy(&held);
    zpoller_destroy(&poller);
    zsock_destroy(&router);
}

static void test_late_reply_to_an_earlier_call_is_discarded(void **state)
{
    HR_UNUSED(state);
    zactor_t *late = zactor_new(s_late_actor, NULL);
    fixture_t *f = s_fixture(LATE_ENDPOINT, false);
    hr_call_opts_t opts = {.timeout_ms = SHORT_TIMEOUT_MS, .retries = -1};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Echo", "first", &opts, &res), HR_ETIMEOUT);
    // The answer to "first" now comes in ahead of the answer to "second", with a message that
    // is not ours between them: the call must skip both and return its own.
    opts.timeout_ms = CALL_TIMEOUT_MS;
    assert_int_equal(s_call(f, "test.Echo", "second", &opts, &res), HR_OK);
    const Hr__Sys__PingReply *rep = res.reply;
    assert_int_equal(rep->payload.len, 6);
    assert_memory_equal(rep->payload.data, "second", 6);
    assert_int_equal(res.attempts, 1);
    void *p = f;
    s_teardown(&p);
    zactor_destroy(&late);
}

// A raw ROUTER that answers every request with a message that is not ours, then a real reply.
static void s_junk_actor(zsock_t *pipe, void *args)
{
    HR_UNUSED(args);
    zsock_t *router = zsock_new_router(JUNK_ENDPOINT);
    assert(router);
    zpoller_t *poller = zpoller_new(pipe, router, NULL);
    zpoller_set_nonstop(poller, true);
    zsock_signal(pipe, 0);
    for (;;) {
        void *which = zpoller_wait(poller, -1);
        if (which == pipe)
            break;
        zmsg_t *req = zmsg_recv(router);
        if (!req)
            continue;
        s_send_junk(router, req);
        s_send_reply(router, &req);
    }
    zpoller_destroy(&poller);
    zsock_destroy(&router);
}

// Waits until the client's socket has input.
static void s_wait_input(fixture_t *f)
{
    zpoller_t *p = zpoller_new(hr_client_socket(f->client), NULL);
    assert_non_null(zpoller_wait(p, CALL_TIMEOUT_MS));
    zpoller_destroy(&p);
}

static void test_recv_drops_what_is_not_ours_and_reports_empty(void **state)
{
    HR_UNUSED(state);
    zactor_t *junk = zactor_new(s_junk_actor, NULL);
    fixture_t *f = s_fixture(JUNK_ENDPOINT, false);
    Hr__Envelope *env = NULL;
    zmsg_t *frames = NULL;
    assert_int_equal(hr_client_recv(f->client, f->arena, &env, &frames), HR_ENOTFOUND);
    assert_null(env);

    Hr__Envelope req = HR__ENVELOPE__INIT;
    req.msg_id = hr_id_new(f->arena, HR_TEST_T0_MS);
    req.type = "test.Echo";
    assert_int_equal(hr_client_send(f->client, &req, NULL), HR_OK);
    s_wait_input(f);
    assert_int_equal(hr_client_recv(f->client, f->arena, &env, &frames), HR_EINVAL);
    assert_null(env);
    assert_null(frames);
    s_wait_input(f);
    assert_int_equal(hr_client_recv(f->client, f->arena, &env, &frames), HR_OK);
    assert_non_null(env);
    assert_string_equal(env->correlation_id, req.msg_id);
    assert_null(frames);
    assert_int_equal(hr_client_recv(f->client, f->arena, &env, &frames), HR_ENOTFOUND);
    void *p = f;
    s_teardown(&p);
    zactor_destroy(&junk);
}

static void test_full_send_queue_is_eunavail(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope req = HR__ENVELOPE__INIT;
    req.msg_id = hr_id_new(f->arena, HR_TEST_T0_MS);
    req.type = "test.Echo";
    // Nobody is there to take them: the queue fills at the high-water mark.
    hr_rc_t rc = HR_OK;
    int sent = 0;
    while (sent < 1000000 && (rc = hr_client_send(f->client, &req, NULL)) == HR_OK)
        sent++;
    assert_int_equal(rc, HR_EUNAVAIL);
    assert_true(sent > 0);
    hr_call_opts_t opts = {.timeout_ms = SHORT_TIMEOUT_MS, .retries = 1};
    hr_result_t res;
    assert_int_equal(s_call(f, "test.Echo", NULL, &opts, &res), HR_EUNAVAIL);
    assert_int_equal(res.attempts, 2);
}

static void test_interrupted_wait_is_eunavail(void **state)
{
    fixture_t *f = *state;
    hr_call_opts_t opts = {.timeout_ms = CALL_TIMEOUT_MS};
    hr_result_t res;
    zsys_interrupted = 1; // as after SIGTERM: the call must not sit out its deadline
    hr_rc_t rc = s_call(f, "test.Echo", NULL, &opts, &res);
    zsys_interrupted = 0;
    assert_int_equal(rc, HR_EUNAVAIL);
    assert_int_equal(res.attempts, 1);
}

static void test_new_refuses_a_bad_endpoint_with_a_reason(void **state)
{
    HR_UNUSED(state);
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new("nonsense://x", clock, &err);
    assert_null(client);
    assert_non_null(err);
    assert_non_null(strstr(err, "nonsense://x"));
    hr_free(err);
    hr_clock_destroy(&clock);
}

int main(void)
{
    zsys_init();
    zsys_set_logstream(NULL);
    hr_log_init("test", HR_LOG_ERROR);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_call_returns_the_unpacked_reply, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_extra_frames_travel_both_ways, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_server_error_status_is_passed_through_with_its_message,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_refusal_in_chinese_and_english_arrives_with_both,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_reply_that_does_not_decode_is_einval, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_no_server_times_out_after_every_attempt,
                                        s_setup_nobody, s_teardown),
        cmocka_unit_test_setup_teardown(test_retry_reuses_the_msg_id_so_a_write_runs_once, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_late_reply_to_an_earlier_call_is_discarded),
        cmocka_unit_test(test_recv_drops_what_is_not_ours_and_reports_empty),
        cmocka_unit_test_setup_teardown(test_full_send_queue_is_eunavail, s_setup_nobody,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_interrupted_wait_is_eunavail, s_setup, s_teardown),
        cmocka_unit_test(test_new_refuses_a_bad_endpoint_with_a_reason),
    };
    return cmocka_run_group_tests_name("unit.common.client", tests, NULL, NULL);
}
