/*  hr_client - one DEALER per peer with deadlines and idempotent retries.
 *
 *  The transport does liveness (ZMTP heartbeats) and reconnect back-off; this module adds the
 *  request/reply discipline on top: a deadline per attempt, a bounded number of attempts that
 *  all carry the same msg_id, and matching of replies by correlation_id so a late answer to a
 *  previous call can never be taken for the answer to this one. A receiver that was stopped
 *  longer than the deadline answers every queued attempt: the earlier ones with "deadline
 *  passed", which is no answer to the attempt still waiting; replies echo their request's
 *  attempt, so such a refusal is told apart and passed over (e2e.platform, with SIGSTOP).
 */
#include "hr_client.h"
#include "hr_curve.h"
#include "hr_envelope.h"
#include "hr_id.h"
#include "hr_log.h"

#include <string.h>

struct hr_client {
    zsock_t *dealer;   // owned
    char *endpoint;    // owned
    hr_clock_t *clock; // borrowed
};

hr_client_t *hr_client_new(const char *endpoint, hr_clock_t *clock, char **err_out)
{
    *err_out = NULL;
    zsock_t *dealer = zsock_new(ZMQ_DEALER);
    if (!dealer) {
        *err_out = hr_strfmt("%s: cannot create socket", endpoint);
        return NULL;
    }
    zsock_set_linger(dealer, 0);
    zsock_set_maxmsgsize(dealer, HR_FRAME_MAX_BYTES);
    zsock_set_heartbeat_ivl(dealer, HR_HEARTBEAT_IVL_MS);
    zsock_set_heartbeat_timeout(dealer, HR_HEARTBEAT_TIMEOUT_MS);
    zsock_set_reconnect_ivl(dealer, HR_RECONNECT_IVL_MS);
    zsock_set_reconnect_ivl_max(dealer, HR_RECONNECT_IVL_MAX_MS);
    zsock_set_sndhwm(dealer, 10000);
    if (hr_curve_client(dealer, endpoint, err_out)) {
        zsock_destroy(&dealer);
        return NULL;
    }
    if (zsock_connect(dealer, "%s", endpoint) < 0) {
        *err_out = hr_strfmt("%s: cannot connect: %s", endpoint, zmq_strerror(zmq_errno()));
        zsock_destroy(&dealer);
        return NULL;
    }
    hr_client_t *self = hr_alloc(sizeof *self);
    self->dealer = dealer;
    self->endpoint = hr_strdup(endpoint);
    self->clock = clock;
    return self;
}

void hr_client_destroy(hr_client_t **self_p)
{
    hr_client_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy(&self->dealer);
    hr_free(self->endpoint);
    hr_free(self);
    *self_p = NULL;
}

zsock_t *hr_client_socket(hr_client_t *self)
{
    return self->dealer;
}

const char *hr_client_endpoint(const hr_client_t *self)
{
    return self->endpoint;
}

hr_rc_t hr_client_send(hr_client_t *self, const Hr__Envelope *env, zmsg_t *frames)
{
    // Plain libzmq messages: a zmsg_t of zframe_t costs an allocation per frame and a list
    // node each, several times the work of the send itself (bench_bus).
    void *sock = zsock_resolve(self->dealer);
    bool extra = frames && zmsg_size(frames);
    size_t len = protobuf_c_message_get_packed_size(&env->base);
    zmq_msg_t msg;
    zmq_msg_init_size(&msg, len);
    if (len)
        protobuf_c_message_pack(&env->base, zmq_msg_data(&msg));
    // DEALER send queues while disconnected; it fails only when the queue is full. After the
    // first frame the rest of a message is always accepted.
    if (zmq_send_const(sock, HR_PROTO_TAG, strlen(HR_PROTO_TAG), ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&msg);
        return HR_EUNAVAIL;
    }
    zmq_msg_send(&msg, sock, extra ? ZMQ_SNDMORE : 0);
    zmq_msg_close(&msg);
    if (extra) {
        size_t n = zmsg_size(frames), i = 0;
        for (zframe_t *f = zmsg_first(frames); f; f = zmsg_next(frames))
            zframe_send(&f, self->dealer, ZFRAME_REUSE | (++i < n ? ZFRAME_MORE : 0));
    }
    return HR_OK;
}

// Receives one message (flags: 0 to wait up to the socket's receive timeout, or ZMQ_DONTWAIT).
// HR_OK with *env_out in arena memory and *frames_out (owned, may be NULL); HR_EINVAL for a
// message that is not ours (dropped); HR_ENOTFOUND when nothing came; HR_EUNAVAIL when the
// process is being interrupted or ZeroMQ is terminating.
static hr_rc_t s_recv(hr_client_t *self, int flags, hr_arena_t *arena, Hr__Envelope **env_out,
                      zmsg_t **frames_out)
{
    *env_out = NULL;
    *frames_out = NULL;
    void *sock = zsock_resolve(self->dealer);
    zmq_msg_t tag, env_msg;
    zmq_msg_init(&tag);
    zmq_msg_init(&env_msg);
    if (zmq_msg_recv(&tag, sock, flags) < 0) {
        zmq_msg_close(&tag);
        return zsys_interrupted || zmq_errno() == ETERM ? HR_EUNAVAIL : HR_ENOTFOUND;
    }
    bool has_env = false;
    zmsg_t *extra = NULL;
    hr_envelope_recv_rest(self->dealer, zmq_msg_more(&tag), &env_msg, &has_env, &extra);
    hr_rc_t rc = HR_EINVAL;
    if (has_env && hr_envelope_tag_is_ours(zmq_msg_data(&tag), zmq_msg_size(&tag))) {
        Hr__Envelope *env = (Hr__Envelope *)protobuf_c_message_unpack(
            &hr__envelope__descriptor, hr_arena_pb_allocator(arena), zmq_msg_size(&env_msg),
            zmq_msg_data(&env_msg));
        if (env) {
            *env_out = env;
            *frames_out = extra;
            extra = NULL;
            rc = HR_OK;
        } else {
            hr_debug("reply.dropped", "endpoint=%s reason=decode", self->endpoint);
        }
    }
    zmq_msg_close(&tag);
    zmq_msg_close(&env_msg);
    zmsg_destroy(&extra);
    return rc;
}

hr_rc_t hr_client_recv(hr_client_t *self, hr_arena_t *arena, Hr__Envelope **env_out,
                       zmsg_t **frames_out)
{
    hr_rc_t rc = s_recv(self, ZMQ_DONTWAIT, arena, env_out, frames_out);
    return rc == HR_EUNAVAIL ? HR_ENOTFOUND : rc;
}

// Waits at most wait_ms for one reply: s_recv's results. A blocking receive with a timeout is
// one wait inside libzmq; zmq_poll would add two polls and two ZMQ_EVENTS queries per reply
// (bench_bus, same-CPU round trip).
static hr_rc_t s_recv_wait(hr_client_t *self, int wait_ms, hr_arena_t *arena,
                           Hr__Envelope **env_out, zmsg_t **frames_out)
{
    if (zsys_interrupted) {
        *env_out = NULL;
        *frames_out = NULL;
        return HR_EUNAVAIL;
    }
    zsock_set_rcvtimeo(self->dealer, wait_ms);
    return s_recv(self, 0, arena, env_out, frames_out);
}

hr_rc_t hr_client_call(hr_client_t *self, const char *type, const ProtobufCMessage *request,
                       const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena,
                       const hr_call_opts_t *opts, hr_result_t *res)
{
    static const hr_call_opts_t s_defaults = {0};
    if (!opts)
        opts = &s_defaults;
    memset(res, 0, sizeof *res);
    res->message = "";
    res->message_zh = "";
    int timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : HR_CLIENT_TIMEOUT_MS;
    int retries = opts->retries < 0 ? 0 : opts->retries > 0 ? opts->retries : HR_CLIENT_RETRIES;

    int64_t now_ms = hr_clock_now_ms(self->clock);
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = opts->msg_id ? (char *)opts->msg_id : hr_id_new(arena, now_ms);
    env.type = (char *)type;
    env.actor = (Hr__Actor *)opts->actor;
    env.body = hr_envelope_pack_body(arena, request);

    hr_rc_t rc = HR_ETIMEOUT;
    for (int attempt = 1; attempt <= 1 + retries; attempt++) {
        // Deadlines are transport time: the real clock, never a test offset.
        now_ms = hr_clock_now_ms(self->clock) - hr_clock_offset_ms(self->clock);
        env.attempt = (uint32_t)attempt;
        env.sent_at_ms = now_ms;
        env.deadline_ms = now_ms + timeout_ms;
        res->attempts = (unsigned)attempt;
        if (hr_client_send(self, &env, opts->frames)) {
            rc = HR_EUNAVAIL;
            continue;
        }
        int64_t until = hr_clock_mono_ms(self->clock) + timeout_ms;
        for (;;) {
            int64_t left = until - hr_clock_mono_ms(self->clock);
            if (left <= 0)
                break;
            Hr__Envelope *reply = NULL;
            zmsg_t *frames = NULL;
            hr_rc_t wrc = s_recv_wait(self, (int)left, arena, &reply, &frames);
            if (wrc == HR_EUNAVAIL) {
                rc = HR_EUNAVAIL;
                goto out;
            }
            if (wrc)
                continue; // nothing yet (the loop ends at the deadline), or not ours
            if (strcmp(reply->correlation_id, env.msg_id)) {
                zmsg_destroy(&frames); // a late reply to an earlier call
                continue;
            }
            rc = reply->status ? (hr_rc_t)reply->status->code : HR_OK;
            if (rc == HR_ETIMEOUT && reply->attempt != (uint32_t)attempt) {
                // The server refused an earlier attempt whose deadline had passed when it got
                // to it (a stopped or busy receiver): no answer to the current one, sent with a
                // fresh deadline. Keep waiting for that.
                zmsg_destroy(&frames);
                continue;
            }
            if (rc < HR_OK || rc >= HR_RC_COUNT)
                rc = HR_EINTERNAL;
            if (reply->status && reply->status->message)
                res->message = reply->status->message;
            if (reply->status && reply->status->message_zh)
                res->message_zh = reply->status->message_zh;
            if (rc == HR_OK) {
                res->reply = protobuf_c_message_unpack(reply_desc, hr_arena_pb_allocator(arena),
                                                       reply->body.len, reply->body.data);
                if (!res->reply) {
                    rc = HR_EINVAL;
                    res->message = "reply body does not decode";
                }
            }
            res->frames = frames;
            goto out;
        }
    }
    if (rc == HR_ETIMEOUT)
        res->message = "no reply before the deadline";
out:
    res->rc = rc;
    return rc;
}
