/*  hr_envelope - the bus's framing: ["HR1", Envelope, extra frames...].
 *
 *  The protocol tag comes first so a receiver can drop anything that is not ours before it
 *  parses a byte of protobuf (as Majordomo's "MDPC01" does). Envelopes are checked here once:
 *  a valid msg_id, a type of the form "<service>.<VerbNoun>", bounded lengths.
 */
#ifndef HR_ENVELOPE_H
#define HR_ENVELOPE_H

#include "hr_base.h"
#include "hr_arena.h"
#include "envelope.pb-c.h"

#include <czmq.h>

#define HR_PROTO_TAG "HR1"
#define HR_TYPE_MAX 64                          // longest message type string
#define HR_ENVELOPE_MAX_BYTES (4 * 1024 * 1024) // an envelope frame, body included
#define HR_FRAME_MAX_BYTES (8 * 1024 * 1024)    // socket maxmsgsize: any single frame

// Decodes one envelope frame into arena memory and validates it. On failure returns HR_EINVAL
// and writes a reason for a person ("type: missing") into why (why_len bytes).
hr_rc_t hr_envelope_decode(const void *data, size_t len, hr_arena_t *arena, Hr__Envelope **env_out,
                           char *why, size_t why_len);
// Whether the protobuf bytes data[0..len) of a desc message hold a string field with a NUL
// byte, walking the wire format itself: protobuf-c hands strings over as C strings, so
// "abc\0def" would reach a handler as "abc" - a text cut short without a word. Writes the field's
// path ("reason", "dispute.note", "to[2].name") into path (path_len bytes). Bytes that are not
// valid protobuf, or nested deeper than HR_PB_DEPTH_MAX, are passed over: unpacking judges them.
#define HR_PB_DEPTH_MAX 32
bool hr_pb_string_has_nul(const ProtobufCMessageDescriptor *desc, const void *data, size_t len,
                          char *path, size_t path_len);
// True when type looks like "sys.Ping": lower-case service, a dot, a CamelCase name, <= 64 bytes.
bool hr_envelope_type_is_valid(const char *type);
// Packs env into a new owned frame.
zframe_t *hr_envelope_frame(const Hr__Envelope *env);
// Packs a protobuf message into arena memory for an envelope body.
ProtobufCBinaryData hr_envelope_pack_body(hr_arena_t *arena, const ProtobufCMessage *msg);
// True when a frame's bytes are our protocol tag, HR_PROTO_TAG.
bool hr_envelope_tag_is_ours(const void *data, size_t len);
// Receives what follows a frame that said more (when more is true): the envelope frame into
// env_msg (initialised by the caller, who closes it; *has_env says whether it came), then any
// extra frames into *extra (owned by the caller; NULL when there were none). Never blocks on a
// frame that was not announced.
void hr_envelope_recv_rest(zsock_t *sock, bool more, zmq_msg_t *env_msg, bool *has_env,
                           zmsg_t **extra);
// True when the actor (may be NULL) holds role; the one role check every service uses.
bool hr_actor_has_role(const Hr__Actor *a, const char *role);
// True when the actor holds any of roles (NULL-terminated).
bool hr_actor_has_any_role(const Hr__Actor *a, const char *const *roles);
// The user id of the operator: hrctl's own identity (IT), which no person's directory entry is.
#define HR_OPERATOR_ID "operator"
// True when the actor is the operator: user id HR_OPERATOR_ID with the operator role. A person
// (any other user id) claiming the role is not the operator, whatever the directory says.
bool hr_actor_is_operator(const Hr__Actor *a);
// The role a daemon's own commands carry; their user id is the daemon's name (hr-workflow's
// outbox rows: "workflow").
#define HR_SERVICE_ROLE "service"
// The daemons' names, NULL-terminated: each one's user id when it acts for itself.
extern const char *const hr_service_names[];
// True when the actor is the daemon name acting for itself: user id name (one of
// hr_service_names) with HR_SERVICE_ROLE. No person is: the directory refuses those ids.
bool hr_actor_is_service(const Hr__Actor *a, const char *name);
// True when id is one the system acts as itself - HR_OPERATOR_ID or a daemon's name, in any
// case - and so no person's (the people import refuses it).
bool hr_user_id_is_reserved(const char *id);
// The actor's user id for a log line: the id, "-" when there is none, "?" when it is longer
// than 64 bytes or holds anything but A-Z a-z 0-9 _ - . : @ (a forged id never breaks a line).
const char *hr_actor_log_id(const Hr__Actor *a);

#endif
