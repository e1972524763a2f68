/*  hr_client - one DEALER per peer with deadlines and idempotent retries.
 *
 *  The transport does liveness (ZMTP heartbeats) and reconnect back-off; this module adds the
 *  request/reply discipline on top: a deadline per attempt, a bounded number of attempts that
 *  all carry the same msg_id, and matching of replies by correlation_id so a late answer to a
 *  previous call can never be taken for the answer to this one.
 */
#include "hr_client.h"
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
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(env);
    zmsg_append(msg, &frame);
    if (frames)
        for (zframe_t *f = zmsg_first(frames); f; f = zmsg_next(frames)) {
            zframe_t *copy = zframe_dup(f);
            zmsg_append(msg, &copy);
        }
    // DEALER send queues while disconnected; it fails only when the queue is full.
    zsock_set_sndtimeo(self->dealer, 0);
    int rc = zmsg_send(&msg, self->dealer);
    if (rc) {
        zmsg_destroy(&msg);
        return HR_EUNAVAIL;
    }
    return HR_OK;
}

// Takes msg: HR_OK with *env_out in arena memory and *frames_out (owned, may be NULL), or
// HR_EINVAL for a message that is not ours (dropped).
static hr_rc_t s_decode(hr_client_t *self, zmsg_t *msg, hr_arena_t *arena, Hr__Envelope **env_out,
                        zmsg_t **frames_out)
{
    hr_rc_t rc = HR_EINVAL;
    zframe_t *tag = zmsg_pop(msg);
    zframe_t *env_frame = zmsg_pop(msg);
    if (tag && env_frame && zframe_streq(tag, HR_PROTO_TAG)) {
        Hr__Envelope *env = (Hr__Envelope *)protobuf_c_message_unpack(
            &hr__envelope__descriptor, hr_arena_pb_allocator(arena), zframe_size(env_frame),
            zframe_data(env_frame));
        if (env) {
            *env_out = env;
            rc = HR_OK;
        } else {
            hr_debug("reply.dropped", "endpoint=%s reason=decode", self->endpoint);
        }
    }
    zframe_destroy(&tag);
    zframe_destroy(&env_frame);
    if (rc == HR_OK && zmsg_size(msg)) {
        *frames_out = msg;
        msg = NULL;
    }
    zmsg_destroy(&msg);
    return rc;
}

hr_rc_t hr_client_recv(hr_client_t *self, hr_arena_t *arena, Hr__Envelope **env_out,
                       zmsg_t **frames_out)
{
    *env_out = NULL;
    *frames_out = NULL;
    if (!(zsock_events(self->dealer) & ZMQ_POLLIN))
        return HR_ENOTFOUND;
    zmsg_t *msg = zmsg_recv(self->dealer);
    if (!msg)
        return HR_ENOTFOUND;
    return s_decode(self, msg, arena, env_out, frames_out);
}

// Waits at most wait_ms for one reply. HR_OK and HR_EINVAL as s_decode; HR_ENOTFOUND when
// nothing came in time; HR_EUNAVAIL when the process is being interrupted or ZeroMQ is
// terminating. A blocking receive with a timeout is one wait inside libzmq; zmq_poll would
// add two polls and two ZMQ_EVENTS queries per reply (bench_bus, same-CPU round trip).
static hr_rc_t s_recv_wait(hr_client_t *self, int wait_ms, hr_arena_t *arena,
                           Hr__Envelope **env_out, zmsg_t **frames_out)
{
    *env_out = NULL;
    *frames_out = NULL;
    if (zsys_interrupted)
        return HR_EUNAVAIL;
    zsock_set_rcvtimeo(self->dealer, wait_ms);
    zmsg_t *msg = zmsg_recv(self->dealer);
    if (!msg)
        return zsys_interrupted || zmq_errno() == ETERM ? HR_EUNAVAIL : HR_ENOTFOUND;
    return s_decode(self, msg, arena, env_out, frames_out);
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
            if (rc < HR_OK || rc >= HR_RC_COUNT)
                rc = HR_EINTERNAL;
            if (reply->status && reply->status->message)
                res->message = reply->status->message;
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
