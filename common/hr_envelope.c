/*  hr_envelope - decode, validate and pack hr.Envelope.
 *
 *  Everything here handles bytes from the network: no asserts on content, every failure is a
 *  reason string. protobuf-c unpacks into the caller's arena, so a rejected envelope costs no
 *  frees and a hostile one cannot leak.
 */
#include "hr_envelope.h"
#include "hr_id.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool hr_envelope_type_is_valid(const char *type)
{
    if (!type)
        return false;
    size_t len = strlen(type);
    if (len < 3 || len > HR_TYPE_MAX)
        return false;
    const char *dot = strchr(type, '.');
    if (!dot || dot == type || strchr(dot + 1, '.'))
        return false;
    for (const char *p = type; p < dot; p++)
        if (!islower((unsigned char)*p))
            return false;
    if (!isupper((unsigned char)dot[1]))
        return false;
    for (const char *p = dot + 1; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return true;
}

// A varint at *pos (advanced past it) into *v; false when the bytes end first or it runs over
// ten bytes.
static bool s_varint(const uint8_t *b, size_t len, size_t *pos, uint64_t *v)
{
    *v = 0;
    for (unsigned shift = 0; shift < 70 && *pos < len; shift += 7) {
        uint8_t c = b[(*pos)++];
        *v |= (uint64_t)(c & 0x7f) << (shift < 64 ? shift : 0);
        if (!(c & 0x80))
            return true;
    }
    return false;
}

static bool s_string_has_nul(const ProtobufCMessageDescriptor *desc, const uint8_t *b, size_t len,
                             int depth, char *path, size_t path_len)
{
    size_t pos = 0;
    unsigned counts[HR_PB_DEPTH_MAX] = {0}; // repeated fields' indexes, for the path (first 32)
    while (pos < len) {
        uint64_t tag = 0, n = 0;
        if (!s_varint(b, len, &pos, &tag))
            return false;
        const ProtobufCFieldDescriptor *f =
            tag >> 3 <= UINT32_MAX
                ? protobuf_c_message_descriptor_get_field(desc, (unsigned)(tag >> 3))
                : NULL;
        switch (tag & 7) {
        case 0:
            if (!s_varint(b, len, &pos, &n))
                return false;
            continue;
        case 1:
            pos += 8;
            continue;
        case 5:
            pos += 4;
            continue;
        case 2:
            break;
        default: // groups and bad wire types: unpacking refuses them
            return false;
        }
        if (!s_varint(b, len, &pos, &n) || n > len - pos)
            return false;
        const uint8_t *v = b + pos;
        pos += (size_t)n;
        if (!f || (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE))
            continue;
        size_t k = (size_t)(f - desc->fields);
        unsigned index = k < HR_PB_DEPTH_MAX ? counts[k]++ : 0;
        char here[HR_TYPE_MAX * 2];
        if (f->label == PROTOBUF_C_LABEL_REPEATED)
            snprintf(here, sizeof here, "%s[%u]", f->name, index);
        else
            snprintf(here, sizeof here, "%s", f->name);
        if (f->type == PROTOBUF_C_TYPE_STRING) {
            if (!memchr(v, 0, (size_t)n))
                continue;
            snprintf(path, path_len, "%s", here);
            return true;
        }
        if (depth + 1 >= HR_PB_DEPTH_MAX)
            continue;
        char inner[256] = "";
        if (s_string_has_nul(f->descriptor, v, (size_t)n, depth + 1, inner, sizeof inner)) {
            snprintf(path, path_len, "%s.%s", here, inner);
            return true;
        }
    }
    return false;
}

bool hr_pb_string_has_nul(const ProtobufCMessageDescriptor *desc, const void *data, size_t len,
                          char *path, size_t path_len)
{
    if (path_len)
        path[0] = '\0';
    return data && s_string_has_nul(desc, data, len, 0, path, path_len);
}

hr_rc_t hr_envelope_decode(const void *data, size_t len, hr_arena_t *arena, Hr__Envelope **env_out,
                           char *why, size_t why_len)
{
    *env_out = NULL;
    if (len > HR_ENVELOPE_MAX_BYTES) {
        snprintf(why, why_len, "envelope: %zu bytes, more than the limit of %d", len,
                 HR_ENVELOPE_MAX_BYTES);
        return HR_EINVAL;
    }
    Hr__Envelope *env = (Hr__Envelope *)protobuf_c_message_unpack(
        &hr__envelope__descriptor, hr_arena_pb_allocator(arena), len, data);
    if (!env) {
        snprintf(why, why_len, "envelope: not a valid hr.Envelope");
        return HR_EINVAL;
    }
    char path[256];
    if (hr_pb_string_has_nul(&hr__envelope__descriptor, data, len, path, sizeof path)) {
        snprintf(why, why_len, "%s: holds a NUL byte (a text would be cut short there)", path);
        return HR_EINVAL;
    }
    if (!hr_id_is_valid(env->msg_id)) {
        snprintf(why, why_len, "msg_id: not a ULID");
        return HR_EINVAL;
    }
    if (!hr_envelope_type_is_valid(env->type)) {
        snprintf(why, why_len, "type: not of the form service.VerbNoun");
        return HR_EINVAL;
    }
    if (env->deadline_ms < 0) {
        snprintf(why, why_len, "deadline_ms: negative");
        return HR_EINVAL;
    }
    if (env->sent_at_ms < 0) {
        snprintf(why, why_len, "sent_at_ms: negative");
        return HR_EINVAL;
    }
    *env_out = env;
    return HR_OK;
}

zframe_t *hr_envelope_frame(const Hr__Envelope *env)
{
    size_t len = protobuf_c_message_get_packed_size(&env->base);
    zframe_t *frame = zframe_new(NULL, len);
    if (len)
        protobuf_c_message_pack(&env->base, zframe_data(frame));
    return frame;
}

ProtobufCBinaryData hr_envelope_pack_body(hr_arena_t *arena, const ProtobufCMessage *msg)
{
    ProtobufCBinaryData body = {0, NULL};
    body.len = protobuf_c_message_get_packed_size(msg);
    body.data = hr_arena_alloc(arena, body.len ? body.len : 1);
    if (body.len)
        protobuf_c_message_pack(msg, body.data);
    return body;
}

bool hr_envelope_tag_is_ours(const void *data, size_t len)
{
    size_t tag_len = strlen(HR_PROTO_TAG);
    return len == tag_len && !memcmp(data, HR_PROTO_TAG, tag_len);
}

void hr_envelope_recv_rest(zsock_t *sock, bool more, zmq_msg_t *env_msg, bool *has_env,
                           zmsg_t **extra)
{
    *has_env = false;
    *extra = NULL;
    if (more && zmq_msg_recv(env_msg, zsock_resolve(sock), 0) >= 0) {
        *has_env = true;
        more = zmq_msg_more(env_msg);
    }
    while (more) {
        zframe_t *f = zframe_recv(sock);
        if (!f)
            break;
        more = zframe_more(f);
        if (!*extra)
            *extra = zmsg_new();
        zmsg_append(*extra, &f);
    }
}

bool hr_actor_has_role(const Hr__Actor *a, const char *role)
{
    for (size_t i = 0; a && i < a->n_roles; i++)
        if (a->roles[i] && !strcmp(a->roles[i], role))
            return true;
    return false;
}

bool hr_actor_is_operator(const Hr__Actor *a)
{
    return a && a->user_id && !strcmp(a->user_id, HR_OPERATOR_ID) &&
           hr_actor_has_role(a, "operator");
}

const char *const hr_service_names[] = {"workflow",  "evidence", "analytics", "notify",
                                        "assistant", "gateway",  NULL};

bool hr_actor_is_service(const Hr__Actor *a, const char *name)
{
    if (!a || !a->user_id || strcmp(a->user_id, name) || !hr_actor_has_role(a, HR_SERVICE_ROLE))
        return false;
    for (size_t i = 0; hr_service_names[i]; i++)
        if (!strcmp(name, hr_service_names[i]))
            return true;
    return false;
}

bool hr_user_id_is_reserved(const char *id)
{
    if (!id || !strcasecmp(id, HR_OPERATOR_ID))
        return id != NULL;
    for (size_t i = 0; hr_service_names[i]; i++)
        if (!strcasecmp(id, hr_service_names[i]))
            return true;
    return false;
}

const char *hr_actor_log_id(const Hr__Actor *a)
{
    const char *id = a && a->user_id ? a->user_id : "";
    if (!*id)
        return "-";
    size_t n = 0;
    for (const char *p = id; *p; p++, n++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("_-.:@", c);
        if (!ok || n >= 64)
            return "?";
    }
    return id;
}

bool hr_actor_has_any_role(const Hr__Actor *a, const char *const *roles)
{
    for (size_t k = 0; roles[k]; k++)
        if (hr_actor_has_role(a, roles[k]))
            return true;
    return false;
}
