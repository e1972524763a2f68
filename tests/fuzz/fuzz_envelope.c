/*  fuzz_envelope - the server's receive path on arbitrary bytes.
 *
 *  Each input is used twice:
 *  1. hr_envelope_decode() on the whole input (and hr_envelope_type_is_valid() on it as a
 *     string): it must accept or give a one-line reason, never crash.
 *  2. The input as a multipart message sent over inproc to a real hr_server with a read route
 *     (sys.Ping, sys.Status) and a write route (fuzz.Put: dedupe + LMDB), then dispatched, so
 *     frame checks, route lookup, deadline, body unpack, the transaction and the reply run.
 *
 *  Input layout: byte 0 holds flags; the rest is split into frames at every FUZZ_SEP
 *  ("\xff\xfe\xfd"). Flag bit 0 puts the protocol tag "HR1" in front as its own frame (so seeds
 *  can be plain envelopes); without it the first frame is whatever the input says.
 *
 *  Invariants (asserted; a violation is a bug we hunt): at most one reply per message; every
 *  reply decodes as an hr.Envelope with a known status code, and answers the request's msg_id
 *  when the request had a valid one; the server still answers a good sys.Ping afterwards.
 *
 *  The server, its store (in a temp dir, MDB_NOSYNC: fuzzing is not about durability) and the
 *  client live for the whole process; the store's dbs are emptied before every input so that
 *  each input behaves the same whatever ran before it.
 */
#include "fuzz.h"
#include "hr.h"

#include <assert.h>
#include <stdlib.h>
#include <unistd.h>
#include <zmq.h>

#define FUZZ_ENDPOINT "inproc://fuzz-envelope"
#define FUZZ_SEP "\xff\xfe\xfd"
#define FUZZ_SEP_LEN 3
#define FUZZ_MAX_FRAMES 16
#define FUZZ_T0_MS INT64_C(1740992400000) // 2025-03-03T09:00:00Z
#define FUZZ_WAIT_MS 1000
#define FUZZ_WHY_LEN 256

static const char *const s_dbs[] = {"records", NULL};

typedef struct {
    char *dir;           // owned: temp dir of the store
    hr_store_t *store;   // owned
    hr_clock_t *clock;   // owned: fake, fixed time
    hr_server_t *server; // owned
    hr_client_t *client; // owned: its DEALER sends the raw frames
    hr_arena_t *arena;   // owned: decoding, reset per input
} s_fuzz_t;

static s_fuzz_t *s_state;

// sys.Ping (read): echoes the payload, like the daemon's route.
static hr_rc_t s_ping(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    if (req->payload.len > HR_PING_PAYLOAD_MAX)
        return hr_call_fail(call, HR_EINVAL, "payload: %zu bytes, at most %d", req->payload.len,
                            HR_PING_PAYLOAD_MAX);
    rep->payload = req->payload;
    rep->now_ms = hr_call_now_ms(call);
    return HR_OK;
}

// sys.Status (read): a few fields read from the store, like the daemon's route.
static hr_rc_t s_status(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    Hr__Sys__StatusReply *rep = hr_call_reply(call);
    rep->service = "fuzz";
    rep->now_ms = hr_call_now_ms(call);
    rep->dedupe_size = hr_store_count(hr_call_txn(call), HR_DB_DEDUPE);
    rep->extra = hr_arena_alloc(hr_call_arena(call), sizeof *rep->extra);
    rep->extra[0] = hr_arena_fmt(hr_call_arena(call), "actor=%s", hr_call_actor(call)->user_id);
    rep->n_extra = 1;
    return HR_OK;
}

// fuzz.Put (write): stores the payload under the msg_id; "fail" rolls back.
static hr_rc_t s_put(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    const char *id = hr_call_msg_id(call);
    hr_rc_t rc = hr_store_put(hr_call_txn(call), "records", id, strlen(id), req->payload.data,
                              req->payload.len, 0);
    if (rc)
        return rc;
    if (req->payload.len == 4 && !memcmp(req->payload.data, "fail", 4))
        return hr_call_fail(call, HR_ECONFLICT, "payload: asked to fail");
    rep->now_ms = hr_call_now_ms(call);
    return HR_OK;
}

static const hr_route_t s_routes[] = {
    {"sys.Ping", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_READ, s_ping},
    {"sys.Status", &hr__sys__status_request__descriptor, &hr__sys__status_reply__descriptor,
     HR_ROUTE_READ, s_status},
    {"fuzz.Put", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_put},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

static void s_cleanup(void)
{
    s_fuzz_t *f = s_state;
    if (!f)
        return;
    hr_client_destroy(&f->client);
    hr_server_destroy(&f->server);
    hr_store_destroy(&f->store);
    hr_clock_destroy(&f->clock);
    hr_arena_destroy(&f->arena);
    char *path = hr_strfmt("%s/data.mdb", f->dir);
    unlink(path);
    hr_free(path);
    path = hr_strfmt("%s/lock.mdb", f->dir);
    unlink(path);
    hr_free(path);
    rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    s_state = NULL;
}

static s_fuzz_t *s_setup(void)
{
    if (s_state)
        return s_state;
    zsys_handler_set(NULL); // libFuzzer owns the signals
    zsys_init();
    zsys_set_logstream(NULL);
    hr_log_init("fuzz", HR_LOG_ERROR);
    s_fuzz_t *f = hr_alloc(sizeof *f);
    f->dir = hr_strdup("/tmp/hr-fuzz-envelope-XXXXXX");
    if (!mkdtemp(f->dir))
        abort();
    hr_store_opts_t opts = {
        .dir = f->dir, .mapsize_mb = 8, .mapsize_max_mb = 64, .dbs = s_dbs, .schema_version = 1};
    char *err = NULL;
    f->store = hr_store_open(&opts, &err);
    if (!f->store)
        abort();
    mdb_env_set_flags(hr_store_env(f->store), MDB_NOSYNC, 1);
    f->clock = hr_clock_fake_new(FUZZ_T0_MS);
    f->server = hr_server_new(FUZZ_ENDPOINT, f->store, f->clock, &err);
    if (!f->server)
        abort();
    hr_server_add_routes(f->server, s_routes, NULL);
    f->client = hr_client_new(FUZZ_ENDPOINT, f->clock, &err);
    if (!f->client)
        abort();
    f->arena = hr_arena_new(0);
    s_state = f;
    atexit(s_cleanup);
    return f;
}

// Empties the dbs a message can write, so inputs do not depend on each other.
static void s_reset_store(s_fuzz_t *f)
{
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_write(f->store, &txn))
        abort();
    static const char *const dbs[] = {HR_DB_DEDUPE, HR_DB_DEDUPE_BY_TIME, "records"};
    for (size_t i = 0; i < HR_ARRAY_LEN(dbs); i++)
        mdb_drop(hr_txn_mdb(txn), hr_store_dbi(f->store, dbs[i]), 0);
    if (hr_txn_commit(&txn))
        abort();
}

// The first FUZZ_SEP in [p, end), or NULL.
static const uint8_t *s_find_sep(const uint8_t *p, const uint8_t *end)
{
    for (const uint8_t *q = p; q + FUZZ_SEP_LEN <= end; q++)
        if (!memcmp(q, FUZZ_SEP, FUZZ_SEP_LEN))
            return q;
    return NULL;
}

// Sends data split at FUZZ_SEP into frames, with the tag first when asked.
static void s_send_frames(s_fuzz_t *f, bool tag, const uint8_t *data, size_t size)
{
    void *sock = zsock_resolve(hr_client_socket(f->client));
    const uint8_t *frames[FUZZ_MAX_FRAMES];
    size_t lens[FUZZ_MAX_FRAMES];
    size_t n = 0;
    const uint8_t *p = data, *end = data + size;
    while (n < FUZZ_MAX_FRAMES - 1) {
        const uint8_t *sep = s_find_sep(p, end);
        if (!sep)
            break;
        frames[n] = p;
        lens[n++] = (size_t)(sep - p);
        p = sep + FUZZ_SEP_LEN;
    }
    frames[n] = p;
    lens[n++] = (size_t)(end - p);
    if (tag)
        zmq_send_const(sock, HR_PROTO_TAG, strlen(HR_PROTO_TAG), ZMQ_SNDMORE);
    for (size_t i = 0; i < n; i++)
        zmq_send(sock, frames[i], lens[i], i + 1 < n ? ZMQ_SNDMORE : 0);
}

// Dispatches what reached the server and returns how many replies came back (all checked).
static int s_exchange(s_fuzz_t *f, const char *req_msg_id)
{
    zmq_pollitem_t item = {.socket = zsock_resolve(hr_server_socket(f->server)),
                           .events = ZMQ_POLLIN};
    if (zmq_poll(&item, 1, FUZZ_WAIT_MS) != 1)
        abort(); // inproc delivers at once: the message must be there
    hr_server_dispatch(f->server);
    int replies = 0;
    for (;;) {
        Hr__Envelope *env = NULL;
        zmsg_t *frames = NULL;
        hr_rc_t rc = hr_client_recv(f->client, f->arena, &env, &frames);
        if (rc == HR_ENOTFOUND)
            break;
        assert(rc == HR_OK); // the server never sends anything but a well-formed envelope
        assert(frames == NULL);
        assert(hr_id_is_valid(env->msg_id));
        assert(env->status && env->status->code >= HR_OK && env->status->code < HR_RC_COUNT);
        assert(env->status->message && !strchr(env->status->message, '\n'));
        if (req_msg_id)
            assert(!strcmp(env->correlation_id, req_msg_id));
        replies++;
    }
    return replies;
}

static void s_assert_still_serving(s_fuzz_t *f)
{
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    req.payload.data = (uint8_t *)"alive";
    req.payload.len = 5;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    char id[HR_ID_LEN + 1];
    hr_id_make(FUZZ_T0_MS, id);
    env.msg_id = id;
    env.type = "sys.Ping";
    env.body = hr_envelope_pack_body(f->arena, &req.base);
    assert(hr_client_send(f->client, &env, NULL) == HR_OK);
    assert(s_exchange(f, id) == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    s_fuzz_t *f = s_setup();

    // 1. The decoder alone, on the whole input.
    char why[FUZZ_WHY_LEN];
    Hr__Envelope *env = NULL;
    hr_rc_t rc = hr_envelope_decode(data, size, f->arena, &env, why, sizeof why);
    assert(rc == HR_OK || rc == HR_EINVAL);
    assert(rc == HR_OK ? env != NULL : (env == NULL && why[0] && !strchr(why, '\n')));
    char *text = hr_arena_strndup(f->arena, (const char *)data, size);
    if (hr_envelope_type_is_valid(text))
        assert(strlen(text) <= HR_TYPE_MAX && strchr(text, '.'));

    // 2. The whole receive path.
    if (size == 0) {
        hr_arena_reset(f->arena);
        return 0;
    }
    s_reset_store(f);
    bool tag = data[0] & 1;
    s_send_frames(f, tag, data + 1, size - 1);
    // When the message is exactly [tag, a valid envelope], the reply must answer its msg_id.
    const char *req_msg_id = NULL;
    if (tag && size > 1 && !s_find_sep(data + 1, data + size) &&
        hr_envelope_decode(data + 1, size - 1, f->arena, &env, why, sizeof why) == HR_OK)
        req_msg_id = env->msg_id;
    int replies = s_exchange(f, req_msg_id);
    assert(replies <= 1);
    if (req_msg_id)
        assert(replies == 1);
    s_assert_still_serving(f);
    hr_arena_reset(f->arena);
    return 0;
}
