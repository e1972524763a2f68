/*  hr_server - ROUTER, route tables and the one dispatch sequence every service shares.
 *
 *  Invariants:
 *  - A reply leaves only after the transaction holding its effect has committed; a stored
 *    reply (dedupe) commits in that same transaction, so a retried msg_id gets the very same
 *    answer and never a second effect.
 *  - Nothing that arrives is asserted on. Frames without our tag, or without an envelope, are
 *    dropped and counted (there is nobody sensible to answer); everything else gets a reply.
 *  - One arena per message, reset after the reply: handlers never free.
 *  - The read transaction of a read route ends before the loop polls again (stale readers make
 *    the LMDB file grow).
 *  - A parked call keeps nothing of its first run but the request itself (identity, envelope,
 *    extra frames); it runs again only on this thread, from hr_server_wake(), once the thread
 *    of its work has ended and been joined.
 */
#include "hr_server.h"
#include "hr_curve.h"
#include "hr_envelope.h"
#include "hr_id.h"
#include "hr_log.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define HR_WHY_LEN 256
#define HR_DEDUPE_TIME_KEY_LEN (8 + HR_ID_LEN)

typedef struct {
    const hr_route_t *routes; // borrowed: static table
    void *self;               // borrowed: handed to the handlers
} s_table_t;

#define HR_DEDUPE_FP_LEN 32 // a request's fingerprint: BLAKE2b of type, actor and body

// Background work of a parked call.
typedef struct {
    bool used;                          // a thread was started and not yet joined
    atomic_bool done;                   // set by the thread as it ends
    char msg_id[HR_ID_LEN + 1];         // the request that waits for it
    unsigned char fp[HR_DEDUPE_FP_LEN]; // and its fingerprint
    pthread_t thread;                   // runs fn
    hr_work_fn *fn;                     // the work
    void *arg;                          // borrowed: the service's
    struct hr_server *server;           // borrowed
} s_work_t;

// A request waiting for its work, as it arrived.
typedef struct {
    bool used;                          // this slot holds a request
    char msg_id[HR_ID_LEN + 1];         // its msg_id
    unsigned char fp[HR_DEDUPE_FP_LEN]; // its fingerprint (type, actor, body)
    void *identity;                     // owned: the caller's routing id
    size_t identity_len;                // bytes
    void *env;                          // owned: the envelope, packed
    size_t env_len;                     // bytes
    zmsg_t *extra;                      // owned: extra frames, or NULL
} s_parked_t;

struct hr_server {
    zsock_t *router;                         // owned
    char *endpoint;                          // owned
    hr_store_t *store;                       // borrowed
    hr_clock_t *clock;                       // borrowed
    hr_arena_t *arena;                       // owned: reset after every message
    s_table_t tables[HR_SERVER_MAX_TABLES];  // route tables in search order
    size_t ntables;                          // entries used in tables
    hr_server_stats_t stats;                 // counters for sys.Status
    bool drained;                            // the last dispatch ended on an empty socket
    char *exit_after_commit;                 // owned: test hook, NULL = never (see the header)
    char *work_gate;                         // owned: test hook, NULL = none (see the header)
    int wake_fd;                             // eventfd: work threads count up as they end
    atomic_bool stopping;                    // hr_server_stop_work() was called
    s_work_t works[HR_SERVER_MAX_PARKED];    // background work, started and not joined
    s_parked_t parked[HR_SERVER_MAX_PARKED]; // requests waiting for their work
};

struct hr_call {
    hr_server_t *server;                           // borrowed
    const hr_route_t *route;                       // borrowed: the matched route
    Hr__Envelope *env;                             // arena: the request envelope
    Hr__Actor empty_actor;                         // returned when the envelope carries none
    const void *request;                           // arena: unpacked body
    ProtobufCMessage *reply;                       // arena: reply body, initialised
    int64_t now_ms;                                // one clock reading for the whole message
    hr_txn_t *txn;                                 // owned while the handler runs
    zmsg_t *frames_in;                             // borrowed: extra request frames (may be NULL)
    zmsg_t *frames_out;                            // owned: extra reply frames
    hr_rc_t rc;                                    // status code for the reply
    char *message;                                 // arena: status message
    char *message_zh;                              // arena: its Chinese text, NULL when none
    hr_after_commit_fn *hooks[HR_CALL_MAX_HOOKS];  // after-commit callbacks
    void *hook_args[HR_CALL_MAX_HOOKS];            // their arguments
    size_t nhooks;                                 // entries used in hooks
    hr_after_commit_fn *aborts[HR_CALL_MAX_HOOKS]; // callbacks when the txn does not commit
    void *abort_args[HR_CALL_MAX_HOOKS];           // their arguments
    size_t naborts;                                // entries used in aborts
    bool parked;                                   // hr_call_park() took the call
    bool resumed;                                  // runs again after its work ended
    bool store_nothing;                            // hr_call_store_nothing(): finish as a read
    bool no_replay;                                // hr_call_no_replay(): commit, store no reply
};

hr_server_t *hr_server_new(const char *endpoint, hr_store_t *store, hr_clock_t *clock,
                           char **err_out)
{
    *err_out = NULL;
    zsock_t *router = zsock_new(ZMQ_ROUTER);
    if (!router) {
        *err_out = hr_strfmt("%s: cannot create socket", endpoint);
        return NULL;
    }
    zsock_set_router_mandatory(router, 1);
    zsock_set_maxmsgsize(router, HR_FRAME_MAX_BYTES);
    zsock_set_linger(router, 0);
    zsock_set_sndhwm(router, 10000);
    zsock_set_rcvhwm(router, 10000);
    if (hr_curve_server(router, endpoint, err_out)) {
        zsock_destroy(&router);
        return NULL;
    }
    if (hr_ipc_in_use(endpoint)) {
        *err_out = hr_strfmt("%s: another process is listening there (a second instance with "
                             "another store?); not taking it over",
                             endpoint);
        zsock_destroy(&router);
        return NULL;
    }
    if (zsock_bind(router, "%s", endpoint) < 0) {
        *err_out = hr_strfmt("%s: cannot bind: %s", endpoint, zmq_strerror(zmq_errno()));
        zsock_destroy(&router);
        return NULL;
    }
    int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd < 0) {
        *err_out = hr_strfmt("%s: cannot create an eventfd: %s", endpoint, strerror(errno));
        zsock_destroy(&router);
        return NULL;
    }
    hr_server_t *self = hr_alloc(sizeof *self);
    self->wake_fd = wake_fd;
    self->router = router;
    self->endpoint = hr_strdup(zsock_endpoint(router) ? zsock_endpoint(router) : endpoint);
    self->store = store;
    self->clock = clock;
    self->arena = hr_arena_new(0);
    return self;
}

void hr_server_set_exit_after_commit(hr_server_t *server, const char *type)
{
    hr_free(server->exit_after_commit);
    server->exit_after_commit = type && *type ? hr_strdup(type) : NULL;
}

void hr_server_set_work_gate(hr_server_t *server, const char *path)
{
    hr_free(server->work_gate);
    server->work_gate = path && *path ? hr_strdup(path) : NULL;
}

void hr_server_destroy(hr_server_t **self_p)
{
    hr_server_t *self = *self_p;
    if (!self)
        return;
    hr_server_stop_work(self);
    close(self->wake_fd);
    hr_free(self->exit_after_commit);
    hr_free(self->work_gate);
    zsock_destroy(&self->router);
    hr_arena_destroy(&self->arena);
    hr_free(self->endpoint);
    hr_free(self);
    *self_p = NULL;
}

void hr_server_add_routes(hr_server_t *server, const hr_route_t *routes, void *self)
{
    assert(server->ntables < HR_SERVER_MAX_TABLES);
    server->tables[server->ntables].routes = routes;
    server->tables[server->ntables].self = self;
    server->ntables++;
}

zsock_t *hr_server_socket(hr_server_t *server)
{
    return server->router;
}

const char *hr_server_endpoint(const hr_server_t *server)
{
    return server->endpoint;
}

void hr_server_stats(const hr_server_t *server, hr_server_stats_t *stats)
{
    *stats = server->stats;
    stats->waiting = 0;
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED; i++)
        stats->waiting += server->parked[i].used;
}

static const hr_route_t *s_find_route(hr_server_t *server, const char *type, void **self_out)
{
    for (size_t t = 0; t < server->ntables; t++)
        for (const hr_route_t *r = server->tables[t].routes; r->type; r++)
            if (!strcmp(r->type, type)) {
                *self_out = server->tables[t].self;
                return r;
            }
    return NULL;
}

// Sends [identity, tag, reply, extra...]; takes the extras. reply is packed envelope bytes. The
// frames go out as plain libzmq messages: building a zmsg_t of zframe_t costs an allocation per
// frame and a list node each, several times the work of the send itself (bench_bus). A caller
// that has gone, or whose queue is full, is counted: the server never blocks on one client.
static void s_send(hr_server_t *server, zmq_msg_t *identity, ProtobufCBinaryData reply,
                   zmsg_t **extra_p)
{
    void *sock = zsock_resolve(server->router);
    bool extra = extra_p && *extra_p && zmsg_size(*extra_p);
    if (zmq_msg_send(identity, sock, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
        server->stats.unroutable++;
        hr_debug("reply.unroutable", "err=%d", zmq_errno());
        if (extra_p)
            zmsg_destroy(extra_p);
        return;
    }
    // After the first frame the rest of a message is always accepted.
    zmq_send_const(sock, HR_PROTO_TAG, strlen(HR_PROTO_TAG), ZMQ_SNDMORE);
    zmq_send(sock, reply.data, reply.len, extra ? ZMQ_SNDMORE : 0);
    if (extra) {
        zframe_t *f;
        while ((f = zmsg_pop(*extra_p)) != NULL)
            zframe_send(&f, server->router, zmsg_size(*extra_p) ? ZFRAME_MORE : 0);
    }
    if (extra_p)
        zmsg_destroy(extra_p);
}

// Packs a reply envelope into arena memory.
// The reply envelope; attempt echoes the request's (a retried request's earlier attempts may
// be answered too: the client tells them apart by it).
static ProtobufCBinaryData s_reply_pack(hr_server_t *server, const char *req_msg_id,
                                        uint32_t attempt, const char *type, hr_rc_t rc,
                                        const char *message, const char *message_zh,
                                        const ProtobufCMessage *body, int64_t now_ms)
{
    Hr__Envelope env = HR__ENVELOPE__INIT;
    Hr__Status status = HR__STATUS__INIT;
    char msg_id[HR_ID_LEN + 1];
    hr_id_make(now_ms, msg_id);
    env.msg_id = msg_id;
    env.correlation_id = (char *)(req_msg_id ? req_msg_id : "");
    env.type = (char *)(type ? type : "sys.Error");
    env.attempt = attempt ? attempt : 1;
    env.sent_at_ms = now_ms;
    status.code = (int32_t)rc;
    status.message = (char *)(message ? message : "");
    status.message_zh = (char *)(message_zh ? message_zh : "");
    env.status = &status;
    if (rc == HR_OK && body)
        env.body = hr_envelope_pack_body(server->arena, body);
    return hr_envelope_pack_body(server->arena, &env.base);
}

static void s_reply_error(hr_server_t *server, zmq_msg_t *identity, const char *req_msg_id,
                          uint32_t attempt, const char *type, hr_rc_t rc, const char *message)
{
    ProtobufCBinaryData reply = s_reply_pack(server, req_msg_id, attempt, type, rc, message, NULL,
                                             NULL, hr_clock_now_ms(server->clock));
    s_send(server, identity, reply, NULL);
}

// Looks up a stored reply for msg_id; on a hit copies it into the arena (the txn ends first).
// A stored reply answers only the request it was made for: the row starts with a fingerprint
// of that request (type, actor, body and extra frames), and a msg_id arriving with anything
// else is refused, never answered with someone else's reply (msg_ids are not secrets: case
// histories show them). V1 rows (stop 10 to 12) left the extra frames out: an import carries
// its file there, and another file under the same msg_id was answered with the first one's
// reply and dropped; they are still checked their way. Rows from before the fingerprint (no
// version byte; a reply envelope never starts with 0x01 or 0x02, field number 0) replay as
// they did.
#define HR_DEDUPE_V1 0x01
#define HR_DEDUPE_V2 0x02
#define HR_DEDUPE_HEAD (1 + HR_DEDUPE_FP_LEN)

static void s_fingerprint_v(const Hr__Envelope *env, const zmsg_t *frames, int version,
                            unsigned char fp[HR_DEDUPE_FP_LEN])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, HR_DEDUPE_FP_LEN);
    const Hr__Actor *a = env->actor;
    const char *parts[] = {"hr.dedupe.v1", env->type, a && a->user_id ? a->user_id : ""};
    for (size_t i = 0; i < HR_ARRAY_LEN(parts); i++)
        crypto_generichash_update(&st, (const unsigned char *)parts[i], strlen(parts[i]) + 1);
    for (size_t i = 0; a && i < a->n_roles; i++)
        crypto_generichash_update(&st, (const unsigned char *)a->roles[i], strlen(a->roles[i]) + 1);
    unsigned char len[8];
    hr_be64_put(len, env->body.len);
    crypto_generichash_update(&st, len, sizeof len);
    if (env->body.len)
        crypto_generichash_update(&st, env->body.data, env->body.len);
    for (zframe_t *f = version >= 2 && frames ? zmsg_first((zmsg_t *)frames) : NULL; f;
         f = zmsg_next((zmsg_t *)frames)) {
        hr_be64_put(len, zframe_size(f));
        crypto_generichash_update(&st, len, sizeof len);
        if (zframe_size(f))
            crypto_generichash_update(&st, zframe_data(f), zframe_size(f));
    }
    crypto_generichash_final(&st, fp, HR_DEDUPE_FP_LEN);
}

static void s_fingerprint(const Hr__Envelope *env, const zmsg_t *frames,
                          unsigned char fp[HR_DEDUPE_FP_LEN])
{
    s_fingerprint_v(env, frames, 2, fp);
}

// 1: a stored reply for this very request (*reply_out set); -1: the msg_id was used by another
// request; 0: none.
static int s_dedupe_lookup(hr_server_t *server, hr_txn_t *txn, const Hr__Envelope *env,
                           const zmsg_t *frames, ProtobufCBinaryData *reply_out)
{
    MDB_val val;
    if (hr_store_get(txn, HR_DB_DEDUPE, env->msg_id, HR_ID_LEN, &val))
        return 0;
    const unsigned char *p = val.mv_data;
    size_t len = val.mv_size;
    if (len >= HR_DEDUPE_HEAD && (p[0] == HR_DEDUPE_V1 || p[0] == HR_DEDUPE_V2)) {
        unsigned char fp[HR_DEDUPE_FP_LEN];
        s_fingerprint_v(env, frames, p[0] == HR_DEDUPE_V2 ? 2 : 1, fp);
        if (sodium_memcmp(fp, p + 1, HR_DEDUPE_FP_LEN))
            return -1;
        p += HR_DEDUPE_HEAD;
        len -= HR_DEDUPE_HEAD;
    }
    reply_out->data = hr_arena_memdup(server->arena, p, len);
    reply_out->len = len;
    return 1;
}

static hr_rc_t s_dedupe_store(hr_server_t *server, hr_txn_t *txn, const Hr__Envelope *env,
                              const zmsg_t *frames, ProtobufCBinaryData reply, int64_t now_ms)
{
    const char *msg_id = env->msg_id;
    unsigned char *row = hr_arena_alloc(server->arena, HR_DEDUPE_HEAD + reply.len);
    row[0] = HR_DEDUPE_V2;
    s_fingerprint(env, frames, row + 1);
    memcpy(row + HR_DEDUPE_HEAD, reply.data, reply.len);
    hr_rc_t rc =
        hr_store_put(txn, HR_DB_DEDUPE, msg_id, HR_ID_LEN, row, HR_DEDUPE_HEAD + reply.len, 0);
    if (rc)
        return rc;
    unsigned char key[HR_DEDUPE_TIME_KEY_LEN];
    hr_be64_put(key, (uint64_t)now_ms);
    memcpy(key + 8, msg_id, HR_ID_LEN);
    return hr_store_put(txn, HR_DB_DEDUPE_BY_TIME, key, sizeof key, "", 0, 0);
}

// The handler's after-abort callbacks: this run's transaction did not commit.
static void s_run_aborts(hr_call_t *call)
{
    for (size_t i = 0; i < call->naborts; i++)
        call->aborts[i](call->abort_args[i], call);
    call->naborts = 0;
}

// Runs the route once: transaction, dedupe, handler, commit. Sets *reply_out (arena) to the
// envelope to send; HR_EFULL is returned (with no reply) only when the LMDB map filled up, so
// the caller can grow it and retry. A full disk is an answer like any other failure: growing
// the map would not help, and running the handler again would repeat what it did outside LMDB.
static hr_rc_t s_run(hr_server_t *server, hr_call_t *call, void *self,
                     ProtobufCBinaryData *reply_out)
{
    const hr_route_t *route = call->route;
    bool write = route->kind == HR_ROUTE_WRITE;
    *reply_out = (ProtobufCBinaryData){0, NULL};
    hr_store_map_full_take(); // what a previous request left
    hr_rc_t rc = write ? hr_txn_begin_write(server->store, &call->txn)
                       : hr_txn_begin_read(server->store, &call->txn);
    if (rc)
        return rc;
    const Hr__Actor *actor = hr_call_actor(call);
    hr_txn_origin_t origin = {actor->user_id ? actor->user_id : "", call->env->msg_id, route->type,
                              call->now_ms};
    hr_txn_set_origin(call->txn, &origin);
    int seen =
        write ? s_dedupe_lookup(server, call->txn, call->env, call->frames_in, reply_out) : 0;
    if (seen > 0) {
        hr_txn_abort(&call->txn);
        server->stats.replayed++;
        hr_debug("request.replayed", "msg=%s type=%s", call->env->msg_id, route->type);
        return HR_OK;
    }
    if (seen < 0) {
        hr_txn_abort(&call->txn);
        server->stats.rejected++;
        hr_warn("request.msg_id_reused", "msg=%s type=%s", call->env->msg_id, route->type);
        *reply_out =
            s_reply_pack(server, call->env->msg_id, call->env->attempt, route->type, HR_ECONFLICT,
                         "msg_id: already used by another request; a new request "
                         "needs a new msg_id",
                         NULL, NULL, call->now_ms);
        return HR_OK;
    }
    call->reply = hr_arena_alloc(server->arena, route->reply->sizeof_message);
    protobuf_c_message_init(route->reply, call->reply);
    call->rc = HR_OK;
    call->message = NULL;
    call->message_zh = NULL;
    call->nhooks = 0;
    call->naborts = 0;
    call->store_nothing = false;
    call->no_replay = false;

    rc = route->handler(self, call);
    if (call->parked) {
        hr_txn_abort(&call->txn); // nothing of this run is kept; the request runs again
        s_run_aborts(call);
        return HR_OK;
    }
    if (rc && call->rc == HR_OK)
        call->rc = rc; // handler returned an error without a message
    if (rc == HR_OK && call->rc)
        rc = call->rc;
    if (rc) {
        hr_txn_abort(&call->txn);
        s_run_aborts(call);
        if (rc == HR_EFULL && hr_store_map_full_take())
            return rc;
        *reply_out = s_reply_pack(server, call->env->msg_id, call->env->attempt, route->type, rc,
                                  call->message ? call->message : hr_rc_name(rc), call->message_zh,
                                  NULL, call->now_ms);
        return HR_OK;
    }
    ProtobufCBinaryData reply =
        s_reply_pack(server, call->env->msg_id, call->env->attempt, route->type, HR_OK, NULL, NULL,
                     call->reply, call->now_ms);
    if (write && !call->store_nothing) {
        rc = call->no_replay ? HR_OK
                             : s_dedupe_store(server, call->txn, call->env, call->frames_in, reply,
                                              call->now_ms);
        if (!rc)
            rc = hr_txn_commit(&call->txn);
        if (!rc && server->exit_after_commit && !strcmp(server->exit_after_commit, route->type)) {
            hr_warn("test.exit_after_commit", "msg=%s type=%s", call->env->msg_id, route->type);
            _exit(0); // test hook: committed, and the reply never leaves
        }
        hr_txn_abort(&call->txn);
        if (rc) {
            s_run_aborts(call);
            if (rc == HR_EFULL && hr_store_map_full_take())
                return rc;
            hr_error("request.commit_failed", "msg=%s type=%s rc=%s", call->env->msg_id,
                     route->type, hr_rc_name(rc));
            *reply_out =
                s_reply_pack(server, call->env->msg_id, call->env->attempt, route->type, rc,
                             rc == HR_EFULL ? "the disk is full: the change was not stored"
                                            : "the change could not be stored",
                             NULL, NULL, call->now_ms);
            return HR_OK;
        }
    } else {
        hr_txn_abort(&call->txn);
    }
    for (size_t i = 0; i < call->nhooks; i++)
        call->hooks[i](call->hook_args[i], call);
    *reply_out = reply;
    return HR_OK;
}

// True when msg_id waits (parked, or its work runs) for another request than env: another
// caller, type or body. Such a request is refused as dedupe refuses it, so that it can neither
// take the waiting one's place nor leave a stored reply that would refuse the waiting one.
static bool s_msg_id_taken(const hr_server_t *server, const Hr__Envelope *env, const zmsg_t *frames)
{
    unsigned char fp[HR_DEDUPE_FP_LEN];
    bool have = false, taken = false;
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED && !taken; i++) {
        const s_parked_t *p = &server->parked[i];
        const s_work_t *w = &server->works[i];
        bool same_p = p->used && !strcmp(p->msg_id, env->msg_id);
        bool same_w = w->used && !strcmp(w->msg_id, env->msg_id);
        if ((same_p || same_w) && !have) {
            s_fingerprint(env, frames, fp);
            have = true;
        }
        taken = (same_p && sodium_memcmp(p->fp, fp, sizeof fp)) ||
                (same_w && sodium_memcmp(w->fp, fp, sizeof fp));
    }
    return taken;
}

// Keeps a parked request until its work ends: in the slot of the same msg_id (the caller
// waits for its newest attempt), else in a free one (hr_call_park made sure there is one).
static void s_park_keep(hr_server_t *server, zmq_msg_t *identity, const Hr__Envelope *env,
                        zmsg_t *extra)
{
    s_parked_t *slot = NULL;
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED && !slot; i++)
        if (server->parked[i].used && !strcmp(server->parked[i].msg_id, env->msg_id))
            slot = &server->parked[i];
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED && !slot; i++)
        if (!server->parked[i].used)
            slot = &server->parked[i];
    assert(slot);
    if (slot->used) {
        hr_free(slot->identity);
        hr_free(slot->env);
        zmsg_destroy(&slot->extra);
    }
    slot->used = true;
    snprintf(slot->msg_id, sizeof slot->msg_id, "%s", env->msg_id);
    s_fingerprint(env, extra, slot->fp);
    slot->identity_len = zmq_msg_size(identity);
    slot->identity = hr_alloc(slot->identity_len ? slot->identity_len : 1);
    memcpy(slot->identity, zmq_msg_data(identity), slot->identity_len);
    slot->env_len = protobuf_c_message_get_packed_size(&env->base);
    slot->env = hr_alloc(slot->env_len ? slot->env_len : 1);
    protobuf_c_message_pack(&env->base, slot->env);
    slot->extra = extra ? zmsg_dup(extra) : NULL;
    server->stats.parked++;
    hr_debug("request.parked", "msg=%s type=%s", env->msg_id, env->type);
}

// Handles one decoded envelope from the caller at identity; extra (may be NULL) is borrowed.
// resumed: a parked request run again, whose deadline was checked when it arrived.
static void s_route(hr_server_t *server, zmq_msg_t *identity, Hr__Envelope *env, zmsg_t *extra,
                    bool resumed)
{
    char why[HR_WHY_LEN];
    void *self = NULL;
    const hr_route_t *route = s_find_route(server, env->type, &self);
    if (!route) {
        server->stats.rejected++;
        snprintf(why, sizeof why, "type: unknown message type '%s'", env->type);
        s_reply_error(server, identity, env->msg_id, env->attempt, env->type, HR_EINVAL, why);
        return;
    }
    int64_t now_ms = hr_clock_now_ms(server->clock);
    // Deadlines are transport time: compared with the real clock, not the test offset.
    int64_t wall_ms = now_ms - hr_clock_offset_ms(server->clock);
    if (!resumed && env->deadline_ms && wall_ms > env->deadline_ms) {
        server->stats.expired++;
        snprintf(why, sizeof why, "deadline_ms: passed %lld ms ago",
                 (long long)(wall_ms - env->deadline_ms));
        s_reply_error(server, identity, env->msg_id, env->attempt, env->type, HR_ETIMEOUT, why);
        return;
    }
    if (!resumed && s_msg_id_taken(server, env, extra)) {
        server->stats.rejected++;
        s_reply_error(server, identity, env->msg_id, env->attempt, env->type, HR_ECONFLICT,
                      "msg_id: already used by another request; a new request needs a new "
                      "msg_id");
        return;
    }
    const void *request = protobuf_c_message_unpack(
        route->request, hr_arena_pb_allocator(server->arena), env->body.len, env->body.data);
    char nul_at[256];
    if (!request) {
        server->stats.rejected++;
        snprintf(why, sizeof why, "body: not a valid %s", route->request->name);
        s_reply_error(server, identity, env->msg_id, env->attempt, env->type, HR_EINVAL, why);
        return;
    }
    if (hr_pb_string_has_nul(route->request, env->body.data, env->body.len, nul_at,
                             sizeof nul_at)) {
        // protobuf-c's strings end at the NUL: "abc\0def" would be stored as "abc".
        server->stats.rejected++;
        snprintf(why, sizeof why, "%.200s: holds a NUL byte (the text would be cut short there)",
                 nul_at);
        s_reply_error(server, identity, env->msg_id, env->attempt, env->type, HR_EINVAL, why);
        return;
    }
    server->stats.requests++;

    hr_call_t call = {0};
    call.server = server;
    call.route = route;
    call.env = env;
    hr__actor__init(&call.empty_actor);
    call.request = request;
    call.now_ms = now_ms;
    call.frames_in = extra;
    call.resumed = resumed;

    ProtobufCBinaryData reply = {0, NULL};
    hr_rc_t rc = s_run(server, &call, self, &reply);
    if (rc == HR_EFULL && hr_store_grow(server->store) == HR_OK) {
        zmsg_destroy(&call.frames_out);
        rc = s_run(server, &call, self, &reply);
    }
    if (call.parked) {
        zmsg_destroy(&call.frames_out);
        s_park_keep(server, identity, env, extra);
        return;
    }
    if (rc) {
        zmsg_destroy(&call.frames_out);
        hr_warn("request.failed", "msg=%s type=%s rc=%s", env->msg_id, route->type, hr_rc_name(rc));
        reply = s_reply_pack(server, env->msg_id, env->attempt, route->type, rc,
                             rc == HR_EFULL ? "the store is full" : "the store failed", NULL, NULL,
                             now_ms);
    }
    s_send(server, identity, reply, &call.frames_out);
}

// Receives the rest of a message whose identity frame is in: [tag, envelope, extra...]. Frames
// without our tag or without an envelope are dropped and counted; a bad envelope gets EINVAL.
static void s_handle(hr_server_t *server, zmq_msg_t *identity)
{
    void *sock = zsock_resolve(server->router);
    zmq_msg_t tag, env_msg;
    zmq_msg_init(&tag);
    zmq_msg_init(&env_msg);
    bool has_tag = false, has_env = false, more = zmq_msg_more(identity);
    if (more && zmq_msg_recv(&tag, sock, 0) >= 0) {
        has_tag = true;
        more = zmq_msg_more(&tag);
    }
    zmsg_t *extra = NULL;
    hr_envelope_recv_rest(server->router, more, &env_msg, &has_env, &extra);
    if (!has_tag || !hr_envelope_tag_is_ours(zmq_msg_data(&tag), zmq_msg_size(&tag))) {
        server->stats.dropped++;
        hr_debug("frame.dropped", "reason=tag");
    } else if (!has_env) {
        server->stats.dropped++;
        hr_debug("frame.dropped", "reason=no_envelope");
    } else {
        char why[HR_WHY_LEN];
        Hr__Envelope *env = NULL;
        // protobuf-c copies what it keeps into the arena: the frame can go right after.
        hr_rc_t rc = hr_envelope_decode(zmq_msg_data(&env_msg), zmq_msg_size(&env_msg),
                                        server->arena, &env, why, sizeof why);
        zmq_msg_close(&env_msg);
        if (rc) {
            server->stats.rejected++;
            hr_debug("request.rejected", "reason=envelope");
            s_reply_error(server, identity, NULL, 0, NULL, HR_EINVAL, why);
        } else {
            s_route(server, identity, env, extra, false);
        }
    }
    zmq_msg_close(&tag);
    zmq_msg_close(&env_msg);
    zmsg_destroy(&extra);
}

void hr_server_dispatch(hr_server_t *server)
{
    void *sock = zsock_resolve(server->router);
    for (int i = 0; i < HR_SERVER_BATCH; i++) {
        zmq_msg_t identity;
        zmq_msg_init(&identity);
        if (zmq_msg_recv(&identity, sock, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&identity);
            server->drained = true;
            return;
        }
        s_handle(server, &identity);
        zmq_msg_close(&identity);
        hr_arena_reset(server->arena);
    }
    server->drained = false; // stopped at the batch limit: messages may be waiting
}

bool hr_server_drained(const hr_server_t *server)
{
    return server->drained;
}

static void *s_work_thread(void *arg)
{
    s_work_t *w = arg;
    while (w->server->work_gate && access(w->server->work_gate, F_OK) == 0 &&
           !hr_work_stopping(w->server))
        zclock_sleep(5); // test hook: the work starts once the test removes the file
    w->fn(w->server, w->arg);
    atomic_store(&w->done, true);
    uint64_t one = 1;
    ssize_t n = write(w->server->wake_fd, &one, sizeof one); // never full: 2^64-2 ends
    (void)n;
    return NULL;
}

int hr_server_wake_fd(const hr_server_t *server)
{
    return server->wake_fd;
}

bool hr_work_stopping(const hr_server_t *server)
{
    return atomic_load(&((hr_server_t *)server)->stopping);
}

// Runs a parked request again, as if it had just arrived (its deadline aside).
static void s_resume(hr_server_t *server, s_parked_t *slot)
{
    s_parked_t p = *slot; // the slot is free again: the request may park once more
    memset(slot, 0, sizeof *slot);
    zmq_msg_t identity;
    zmq_msg_init_size(&identity, p.identity_len);
    memcpy(zmq_msg_data(&identity), p.identity, p.identity_len);
    char why[HR_WHY_LEN];
    Hr__Envelope *env = NULL;
    if (hr_envelope_decode(p.env, p.env_len, server->arena, &env, why, sizeof why) == HR_OK)
        s_route(server, &identity, env, p.extra, true);
    zmq_msg_close(&identity);
    hr_arena_reset(server->arena);
    hr_free(p.identity);
    hr_free(p.env);
    zmsg_destroy(&p.extra);
    // Its reply was sent: libzmq may have taken the ZMQ_FD edge of requests that came meanwhile.
    server->drained = false;
}

void hr_server_wake(hr_server_t *server)
{
    uint64_t n;
    while (read(server->wake_fd, &n, sizeof n) > 0) {
    }
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED; i++) {
        s_work_t *w = &server->works[i];
        if (!w->used || !atomic_load(&w->done))
            continue;
        pthread_join(w->thread, NULL);
        w->used = false;
        bool other = false; // another work for the msg_id (hr_call_park allows none): it waits
        for (size_t j = 0; j < HR_SERVER_MAX_PARKED; j++)
            other |= server->works[j].used && !strcmp(server->works[j].msg_id, w->msg_id);
        for (size_t j = 0; j < HR_SERVER_MAX_PARKED && !other; j++)
            if (server->parked[j].used && !strcmp(server->parked[j].msg_id, w->msg_id))
                s_resume(server, &server->parked[j]);
    }
}

void hr_server_stop_work(hr_server_t *server)
{
    atomic_store(&server->stopping, true);
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED; i++) {
        s_work_t *w = &server->works[i];
        if (w->used)
            pthread_join(w->thread, NULL);
        w->used = false;
        s_parked_t *p = &server->parked[i];
        if (p->used) {
            hr_warn("request.unanswered", "msg=%s reason=stopping while it waited", p->msg_id);
            hr_free(p->identity);
            hr_free(p->env);
            zmsg_destroy(&p->extra);
            p->used = false;
        }
    }
}

size_t hr_server_prune(hr_server_t *server)
{
    int64_t cutoff = hr_clock_now_ms(server->clock) - HR_DEDUPE_KEEP_MS;
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_write(server->store, &txn))
        return 0;
    MDB_cursor *cursor = NULL;
    size_t removed = 0;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(
        hr_txn_mdb(txn), hr_store_dbi(server->store, HR_DB_DEDUPE_BY_TIME), &cursor));
    if (rc)
        goto out;
    MDB_val key, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
    while (mrc == 0 && removed < HR_DEDUPE_PRUNE_BATCH) {
        if (key.mv_size != HR_DEDUPE_TIME_KEY_LEN || (int64_t)hr_be64_get(key.mv_data) > cutoff)
            break;
        rc = hr_store_del(txn, HR_DB_DEDUPE, (const char *)key.mv_data + 8, HR_ID_LEN);
        if (rc && rc != HR_ENOTFOUND)
            goto out;
        rc = hr_rc_from_mdb(mdb_cursor_del(cursor, 0));
        if (rc)
            goto out;
        removed++;
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    mdb_cursor_close(cursor);
    cursor = NULL;
    rc = hr_txn_commit(&txn);
out:
    if (cursor)
        mdb_cursor_close(cursor);
    hr_txn_abort(&txn);
    if (rc) {
        hr_warn("dedupe.prune_failed", "rc=%s", hr_rc_name(rc));
        return 0;
    }
    if (removed)
        hr_debug("dedupe.pruned", "rows=%zu", removed);
    return removed;
}

const void *hr_call_request(hr_call_t *call)
{
    return call->request;
}

void *hr_call_reply(hr_call_t *call)
{
    return call->reply;
}

const Hr__Envelope *hr_call_envelope(hr_call_t *call)
{
    return call->env;
}

const Hr__Actor *hr_call_actor(hr_call_t *call)
{
    return call->env->actor ? call->env->actor : &call->empty_actor;
}

const char *hr_call_msg_id(hr_call_t *call)
{
    return call->env->msg_id;
}

int64_t hr_call_now_ms(hr_call_t *call)
{
    return call->now_ms;
}

hr_arena_t *hr_call_arena(hr_call_t *call)
{
    return call->server->arena;
}

hr_txn_t *hr_call_txn(hr_call_t *call)
{
    return call->txn;
}

zmsg_t *hr_call_frames_in(hr_call_t *call)
{
    return call->frames_in;
}

void hr_call_frame_out(hr_call_t *call, zframe_t **frame_p)
{
    assert(call->route->kind == HR_ROUTE_READ);
    if (!call->frames_out)
        call->frames_out = zmsg_new();
    zmsg_append(call->frames_out, frame_p);
}

hr_rc_t hr_call_failv(hr_call_t *call, hr_rc_t rc, const char *fmt, va_list ap)
{
    assert(rc != HR_OK);
    char buf[HR_CALL_MESSAGE_MAX]; // room for a refusal with its next step and command
    vsnprintf(buf, sizeof buf, fmt, ap);
    call->rc = rc;
    call->message = hr_arena_strdup(call->server->arena, buf);
    call->message_zh = NULL; // a later failure says it alone: no Chinese left from an earlier one
    return rc;
}

hr_rc_t hr_call_fail_zh(hr_call_t *call, hr_rc_t rc, const char *zh, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hr_call_failv(call, rc, fmt, ap);
    va_end(ap);
    if (zh && *zh)
        call->message_zh = hr_arena_strdup(call->server->arena, zh);
    return rc;
}

hr_rc_t hr_call_fail(hr_call_t *call, hr_rc_t rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hr_call_failv(call, rc, fmt, ap);
    va_end(ap);
    return rc;
}

hr_rc_t hr_call_park(hr_call_t *call, hr_work_fn *work, void *arg)
{
    hr_server_t *server = call->server;
    assert(!call->parked);
    const char *msg_id = call->env->msg_id;
    unsigned char fp[HR_DEDUPE_FP_LEN];
    s_fingerprint(call->env, call->frames_in, fp);
    // A msg_id waits for one request only (s_route refuses others before their handler runs;
    // this is the handler's own check).
    if (s_msg_id_taken(server, call->env, call->frames_in))
        return hr_call_fail(call, HR_ECONFLICT,
                            "msg_id: already used by another request; a new request needs a "
                            "new msg_id");
    bool room = false, running = false;
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED; i++) {
        const s_parked_t *p = &server->parked[i];
        room |= !p->used || !strcmp(p->msg_id, msg_id);
        running |= server->works[i].used && !strcmp(server->works[i].msg_id, msg_id);
    }
    if (work && running)
        return hr_call_fail(call, HR_EINTERNAL, "the work of this request runs already");
    if (!room || atomic_load(&server->stopping))
        return hr_call_fail(call, HR_EUNAVAIL,
                            "busy: %d requests wait for work in the background; try again later",
                            HR_SERVER_MAX_PARKED);
    if (!work) {
        if (!running)
            return hr_call_fail(call, HR_EINTERNAL, "no work runs for this request");
        call->parked = true;
        return HR_OK;
    }
    s_work_t *w = NULL;
    for (size_t i = 0; i < HR_SERVER_MAX_PARKED && !w; i++)
        if (!server->works[i].used)
            w = &server->works[i];
    if (!w)
        return hr_call_fail(call, HR_EUNAVAIL,
                            "busy: %d pieces of work run in the background; try again later",
                            HR_SERVER_MAX_PARKED);
    w->fn = work;
    w->arg = arg;
    w->server = server;
    atomic_store(&w->done, false);
    snprintf(w->msg_id, sizeof w->msg_id, "%s", msg_id);
    memcpy(w->fp, fp, sizeof fp);
    if (pthread_create(&w->thread, NULL, s_work_thread, w))
        return hr_call_fail(call, HR_EUNAVAIL, "could not start a thread for the work");
    w->used = true;
    call->parked = true;
    return HR_OK;
}

void hr_call_store_nothing(hr_call_t *call)
{
    call->store_nothing = true;
}

void hr_call_no_replay(hr_call_t *call)
{
    call->no_replay = true;
}

void hr_call_after_abort(hr_call_t *call, hr_after_commit_fn *fn, void *arg)
{
    assert(call->naborts < HR_CALL_MAX_HOOKS);
    call->aborts[call->naborts] = fn;
    call->abort_args[call->naborts] = arg;
    call->naborts++;
}

hr_job_t *hr_call_job(hr_call_t *call, hr_job_t **list, bool *running)
{
    hr_job_t **link = list;
    while (*link && strcmp((*link)->msg_id, call->env->msg_id))
        link = &(*link)->next;
    hr_job_t *job = *link;
    *running = job && !call->resumed;
    if (!job || *running)
        return NULL;
    *link = job->next;
    job->next = NULL;
    return job;
}

hr_rc_t hr_call_park_job(hr_call_t *call, hr_job_t **list, hr_job_t *job, hr_work_fn *work)
{
    snprintf(job->msg_id, sizeof job->msg_id, "%s", call->env->msg_id);
    hr_rc_t rc = hr_call_park(call, work, job);
    if (!rc) {
        job->next = *list;
        *list = job;
    }
    return rc;
}

bool hr_call_resumed(const hr_call_t *call)
{
    return call->resumed;
}

void hr_call_after_commit(hr_call_t *call, hr_after_commit_fn *fn, void *arg)
{
    assert(call->nhooks < HR_CALL_MAX_HOOKS);
    call->hooks[call->nhooks] = fn;
    call->hook_args[call->nhooks] = arg;
    call->nhooks++;
}
