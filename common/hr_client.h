/*  hr_client - the DEALER side of the bus: one socket per peer, calls with deadlines and
 *  retries that reuse the msg_id (Lazy Pirate), ZMTP heartbeats and reconnect back-off.
 *
 *  A retry carries the same msg_id, so a write the server already committed is answered from
 *  its dedupe store instead of being applied twice. Replies that arrive late for an earlier
 *  call are recognised by correlation_id and discarded.
 */
#ifndef HR_CLIENT_H
#define HR_CLIENT_H

#include "hr_base.h"
#include "hr_arena.h"
#include "hr_clock.h"
#include "envelope.pb-c.h"

#include <czmq.h>

#define HR_CLIENT_TIMEOUT_MS 2000 // per attempt, default
#define HR_CLIENT_RETRIES 1       // extra attempts after the first, default
#define HR_HEARTBEAT_IVL_MS 1000
#define HR_HEARTBEAT_TIMEOUT_MS 3000
#define HR_RECONNECT_IVL_MS 100
#define HR_RECONNECT_IVL_MAX_MS 5000

typedef struct hr_client hr_client_t;

typedef struct {
    int timeout_ms;         // per attempt; 0 = HR_CLIENT_TIMEOUT_MS
    int retries;            // extra attempts; < 0 = none, 0 = HR_CLIENT_RETRIES
    const char *msg_id;     // reuse this id (e.g. an Idempotency-Key); NULL = new ULID
    const Hr__Actor *actor; // who acts; NULL = none
    zmsg_t *frames;         // borrowed: extra frames to send after the envelope (copied)
} hr_call_opts_t;

typedef struct {
    hr_rc_t rc;             // the server's status code, or EUNAVAIL / ETIMEOUT locally
    const char *message;    // arena: the status message ("" when none)
    const char *message_zh; // arena: the same in Chinese ("" when the server gave none)
    void *reply;            // arena: unpacked reply body (NULL unless rc == HR_OK)
    zmsg_t *frames;         // owned by the caller: extra reply frames, NULL when none
    unsigned attempts;      // how many times the request was sent
} hr_result_t;

// Connects a DEALER to endpoint. clock is borrowed. NULL with an owned *err_out on failure.
hr_client_t *hr_client_new(const char *endpoint, hr_clock_t *clock, char **err_out);
void hr_client_destroy(hr_client_t **self_p);
zsock_t *hr_client_socket(hr_client_t *self);
const char *hr_client_endpoint(const hr_client_t *self);

// Sends type+request and waits for the matching reply, retrying with the same msg_id.
// Returns res->rc: HR_OK with res->reply unpacked as reply_desc into arena; the server's error
// code with res->message (and res->message_zh when the server said it in Chinese too);
// HR_ETIMEOUT when no attempt was answered; HR_EINVAL when the reply
// does not decode.
hr_rc_t hr_client_call(hr_client_t *self, const char *type, const ProtobufCMessage *request,
                       const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena,
                       const hr_call_opts_t *opts, hr_result_t *res);

// Lower level, for loops that poll the socket themselves (the outbox relay):
// sends one request envelope (env is borrowed) with optional extra frames (borrowed, copied).
hr_rc_t hr_client_send(hr_client_t *self, const Hr__Envelope *env, zmsg_t *frames);
// Receives one reply without blocking: HR_OK with *env_out in arena memory and *frames_out
// (owned, may be NULL); HR_ENOTFOUND when nothing is waiting; HR_EINVAL for a frame that is
// not ours (dropped).
hr_rc_t hr_client_recv(hr_client_t *self, hr_arena_t *arena, Hr__Envelope **env_out,
                       zmsg_t **frames_out);

#endif
