/*  ev_client - the caller's side of the evidence transfer protocol (hrctl, tests, bench).
 *
 *  Upload: PutBegin naming the upload (and its size, when known), PutChunk with seq 0, 1, 2 ...
 *  each carrying one data frame sent right behind it (a window of requests in flight), then,
 *  right behind the last chunk, PutEnd with the chunk count and the client's own SHA-256, which
 *  the server checks; a PutEnd without an answer is sent once more with the same msg_id (a
 *  reply lost after the commit comes back from the server's store). Any failure in the middle
 *  sends PutAbort so the server drops the temp file at once.
 *  Download: GetBegin (the server verifies the whole blob and audits the get), GetChunk in
 *  order; the bytes are handed to the caller only after their SHA-256 matched the id.
 */
#include "ev.h"

#define EV_CLIENT_TIMEOUT_MS 10000
#define EV_PUT_WINDOW 4 // chunks in flight during an upload

static hr_rc_t s_call(hr_client_t *client, const char *type, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena,
                      const Hr__Actor *actor, int timeout_ms, zmsg_t *frames, hr_result_t *res,
                      const char **message_out)
{
    hr_call_opts_t opts = {.timeout_ms = timeout_ms ? timeout_ms : EV_CLIENT_TIMEOUT_MS,
                           .retries = 1,
                           .actor = actor,
                           .frames = frames};
    hr_rc_t rc = hr_client_call(client, type, req, reply_desc, arena, &opts, res);
    if (rc && message_out)
        *message_out = res->message && *res->message ? res->message : hr_rc_name(rc);
    if (rc && message_out && res->message_zh && *res->message_zh) // people read Chinese first
        *message_out = hr_arena_fmt(arena, "%s\n%s", res->message_zh, *message_out);
    return rc;
}

// Sends one request without waiting, followed by *data_p (taken, may be NULL) as its one extra
// frame: the frame moves into the message, so a chunk is never copied on the way out.
// A first attempt gives msg_id a new id; a later one sends msg_id again (the server answers a
// request it has done with its stored reply).
static hr_rc_t s_send(hr_client_t *client, const char *type, const ProtobufCMessage *req,
                      const Hr__Actor *actor, int timeout_ms, hr_arena_t *arena, zframe_t **data_p,
                      char msg_id[HR_ID_LEN + 1], uint32_t attempt)
{
    int64_t now_ms = (int64_t)zclock_time();
    if (attempt <= 1)
        hr_id_make(now_ms, msg_id);
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = msg_id;
    env.type = (char *)type;
    env.attempt = attempt;
    env.sent_at_ms = now_ms;
    env.deadline_ms = now_ms + timeout_ms;
    env.actor = (Hr__Actor *)actor;
    env.body = hr_envelope_pack_body(arena, req);
    if (!data_p || !*data_p)
        return hr_client_send(client, &env, NULL);
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *env_frame = hr_envelope_frame(&env);
    zmsg_append(msg, &env_frame);
    zmsg_append(msg, data_p);
    if (zmsg_send(&msg, hr_client_socket(client))) {
        zmsg_destroy(&msg);
        return HR_EUNAVAIL;
    }
    return HR_OK;
}

// Waits for the reply to attempt `attempt` of msg_id (replies to other ids are stale and
// dropped, and so is a refusal of an earlier attempt whose deadline had passed: the later
// attempt is still to be answered). *env_out and *frames_out (both may be NULL: not wanted)
// get the reply envelope and its owned extra frames.
static hr_rc_t s_wait(hr_client_t *client, zpoller_t *poller, hr_arena_t *arena, const char *msg_id,
                      uint32_t attempt, int timeout_ms, const char **message_out,
                      Hr__Envelope **env_out, zmsg_t **frames_out)
{
    int64_t until = zclock_mono() + timeout_ms;
    for (;;) {
        int64_t left = until - zclock_mono();
        if (left <= 0 || !zpoller_wait(poller, (int)left)) {
            if (message_out)
                *message_out = "no reply to a chunk before the deadline";
            return HR_ETIMEOUT;
        }
        Hr__Envelope *env = NULL;
        zmsg_t *frames = NULL;
        if (hr_client_recv(client, arena, &env, &frames))
            continue;
        bool expired = env->status && env->status->code == HR_ETIMEOUT && env->attempt != attempt;
        if (strcmp(env->correlation_id, msg_id) || expired) {
            zmsg_destroy(&frames);
            continue;
        }
        if (env_out)
            *env_out = env;
        if (frames_out)
            *frames_out = frames;
        else
            zmsg_destroy(&frames);
        hr_rc_t rc = env->status ? (hr_rc_t)env->status->code : HR_OK;
        if (rc < HR_OK || rc >= HR_RC_COUNT)
            rc = HR_EINTERNAL;
        if (rc && message_out)
            *message_out = env->status->message && *env->status->message ? env->status->message
                                                                         : hr_rc_name(rc);
        return rc;
    }
}

// Waits for the oldest reply in flight of an upload: PutBegin's first (*begin_pending), which
// must name the upload as the client did, then the chunks'.
static hr_rc_t s_next(hr_client_t *client, zpoller_t *poller, hr_arena_t *arena, const char *msg_id,
                      int timeout_ms, const char **message_out, bool *begin_pending,
                      const char *upload_id)
{
    if (!*begin_pending)
        return s_wait(client, poller, arena, msg_id, 1, timeout_ms, message_out, NULL, NULL);
    *begin_pending = false;
    Hr__Envelope *env = NULL;
    const char *msg = NULL;
    hr_rc_t rc = s_wait(client, poller, arena, msg_id, 1, timeout_ms, &msg, &env, NULL);
    if (rc == HR_ETIMEOUT)
        msg = "no answer to the upload's start before the deadline";
    if (!rc) {
        Hr__Evidence__PutBeginReply *br = (Hr__Evidence__PutBeginReply *)protobuf_c_message_unpack(
            &hr__evidence__put_begin_reply__descriptor, hr_arena_pb_allocator(arena), env->body.len,
            env->body.data);
        if (!br || strcmp(br->upload_id, upload_id)) {
            msg = "hr-evidence did not take the upload under the client's id (an older "
                  "version?)";
            rc = HR_EINTERNAL;
        }
    }
    if (rc && message_out)
        *message_out = msg;
    return rc;
}

hr_rc_t ev_client_put(hr_client_t *client, const ev_put_opts_t *o, ev_source_fn *source, void *arg,
                      hr_arena_t *arena, char id_out[EV_ID_HEX + 1], const char **message_out)
{
    *message_out = "";
    id_out[0] = '\0';
    size_t chunk = o->chunk_bytes ? o->chunk_bytes : EV_PUT_CHUNK;
    if (chunk > EV_MAX_CHUNK_BYTES)
        chunk = EV_MAX_CHUNK_BYTES;
    int timeout_ms = o->timeout_ms ? o->timeout_ms : EV_CLIENT_TIMEOUT_MS;
    // The upload is named here, so PutBegin and the first chunks travel together: replies come
    // back in order on the one connection, PutBegin's first. A refused PutBegin makes every
    // chunk after it "no such upload"; its own message is the one reported.
    char upload_id[HR_ID_LEN + 1];
    hr_id_make((int64_t)zclock_time(), upload_id);
    Hr__Evidence__PutBeginRequest begin = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    begin.case_id = (char *)o->case_id;
    begin.kind = (char *)o->kind;
    begin.file_name = (char *)(o->file_name ? o->file_name : "");
    begin.media_type = (char *)(o->media_type ? o->media_type : "");
    begin.supersedes = (char *)(o->supersedes ? o->supersedes : "");
    begin.sensitive = o->sensitive;
    begin.upload_id = upload_id;
    begin.size = o->size; // lets the server finish the file as soon as the last byte is in
    // Up to EV_PUT_WINDOW requests in flight (PutBegin counts as one), so the server hashes and
    // encrypts one chunk while the next is read and sent.
    char pending[EV_PUT_WINDOW][HR_ID_LEN + 1];
    size_t first = 0, inflight = 0;
    hr_rc_t rc = s_send(client, "evidence.PutBegin", &begin.base, o->actor, timeout_ms, arena, NULL,
                        pending[0], 1);
    if (rc) {
        *message_out = "could not send the upload's start";
        return rc;
    }
    inflight = 1;
    bool begin_pending = true;
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    assert(sha);
    EVP_DigestInit_ex(sha, EVP_sha256(), NULL);
    zpoller_t *poller = zpoller_new(hr_client_socket(client), NULL);
    uint64_t seq = 0;
    for (;;) {
        if (inflight == EV_PUT_WINDOW) {
            rc = s_next(client, poller, arena, pending[first], timeout_ms, message_out,
                        &begin_pending, upload_id);
            first = (first + 1) % EV_PUT_WINDOW;
            inflight--;
            if (rc)
                break;
        }
        zframe_t *data = zframe_new(NULL, chunk); // read straight into the frame that is sent
        ssize_t n = source(arg, zframe_data(data), chunk);
        if (n <= 0) {
            zframe_destroy(&data);
            if (n < 0) {
                *message_out = "could not read the input";
                rc = HR_EIO;
            }
            break;
        }
        if ((size_t)n < chunk) {
            zframe_t *exact = zframe_new(zframe_data(data), (size_t)n); // the last, short chunk
            zframe_destroy(&data);
            data = exact;
        }
        EVP_DigestUpdate(sha, zframe_data(data), (size_t)n);
        Hr__Evidence__PutChunkRequest req = HR__EVIDENCE__PUT_CHUNK_REQUEST__INIT;
        req.upload_id = upload_id;
        req.seq = seq;
        char *msg_id = pending[(first + inflight) % EV_PUT_WINDOW];
        rc = s_send(client, "evidence.PutChunk", &req.base, o->actor, timeout_ms, arena, &data,
                    msg_id, 1);
        zframe_destroy(&data); // sent: already NULL
        if (rc) {
            *message_out = "could not send a chunk";
            break;
        }
        inflight++;
        seq++;
    }
    // PutEnd travels right behind the last chunk. Its reply comes after theirs, and a refused
    // chunk makes it fail too, so the first failure is the one reported.
    unsigned char h[EV_HASH_BYTES];
    unsigned int hlen = 0;
    EVP_DigestFinal_ex(sha, h, &hlen);
    EVP_MD_CTX_free(sha);
    char hex[EV_ID_HEX + 1];
    ev_hex(h, sizeof h, hex);
    Hr__Evidence__PutEndRequest end = HR__EVIDENCE__PUT_END_REQUEST__INIT;
    end.upload_id = upload_id;
    end.chunks = seq;
    end.sha256 = hex;
    char end_id[HR_ID_LEN + 1] = "";
    if (!rc && (rc = s_send(client, "evidence.PutEnd", &end.base, o->actor, timeout_ms, arena, NULL,
                            end_id, 1)))
        *message_out = "could not send the upload's end";
    bool end_sent = !rc;
    while (inflight) {
        hr_rc_t wrc = s_next(client, poller, arena, pending[first], timeout_ms,
                             rc ? NULL : message_out, &begin_pending, upload_id);
        if (!rc)
            rc = wrc;
        first = (first + 1) % EV_PUT_WINDOW;
        inflight--;
    }
    if (end_sent && !rc) {
        Hr__Envelope *env = NULL;
        rc = s_wait(client, poller, arena, end_id, 1, timeout_ms, message_out, &env, NULL);
        if (rc == HR_ETIMEOUT) {
            // The reply may be lost after the commit: the same msg_id gets the stored reply.
            *message_out = "";
            rc = s_send(client, "evidence.PutEnd", &end.base, o->actor, timeout_ms, arena, NULL,
                        end_id, 2);
            if (rc)
                *message_out = "could not send the upload's end again";
            else
                rc = s_wait(client, poller, arena, end_id, 2, timeout_ms, message_out, &env, NULL);
            if (rc == HR_ETIMEOUT)
                *message_out = "no answer to the upload's end before the deadline";
        }
        Hr__Evidence__PutEndReply *er =
            rc ? NULL
               : (Hr__Evidence__PutEndReply *)protobuf_c_message_unpack(
                     &hr__evidence__put_end_reply__descriptor, hr_arena_pb_allocator(arena),
                     env->body.len, env->body.data);
        if (!rc && (!er || !er->evidence || !ev_id_is_valid(er->evidence->id))) {
            *message_out = "hr-evidence answered the upload's end with something unreadable";
            rc = HR_EINTERNAL;
        }
        if (!rc) {
            snprintf(id_out, EV_ID_HEX + 1, "%s", er->evidence->id);
            zpoller_destroy(&poller);
            return HR_OK;
        }
    }
    zpoller_destroy(&poller);
    Hr__Evidence__PutAbortRequest abort_req = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
    abort_req.upload_id = upload_id;
    hr_result_t ares;
    s_call(client, "evidence.PutAbort", &abort_req.base, &hr__evidence__put_abort_reply__descriptor,
           arena, o->actor, o->timeout_ms, NULL, &ares, NULL);
    return rc;
}

hr_rc_t ev_client_get(hr_client_t *client, const char *id, const Hr__Actor *actor, uint64_t max,
                      hr_arena_t *arena, unsigned char **data_out, size_t *len_out,
                      const char **message_out)
{
    return ev_client_get_for(client, id, NULL, actor, max, arena, data_out, len_out, message_out);
}

hr_rc_t ev_client_get_for(hr_client_t *client, const char *id, const char *case_id,
                          const Hr__Actor *actor, uint64_t max, hr_arena_t *arena,
                          unsigned char **data_out, size_t *len_out, const char **message_out)
{
    *data_out = NULL;
    *len_out = 0;
    *message_out = "";
    Hr__Evidence__GetBeginRequest begin = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
    begin.id = (char *)id;
    begin.case_id = (char *)(case_id ? case_id : "");
    hr_result_t res;
    hr_rc_t rc =
        s_call(client, "evidence.GetBegin", &begin.base, &hr__evidence__get_begin_reply__descriptor,
               arena, actor, 0, NULL, &res, message_out);
    if (rc)
        return rc;
    Hr__Evidence__GetBeginReply *br = res.reply;
    uint64_t size = br->evidence->size;
    if (size > max) {
        *message_out = "the evidence is larger than this client accepts";
        return HR_EFULL;
    }
    char *download_id = hr_arena_strdup(arena, br->download_id);
    uint32_t chunks = br->chunks;
    unsigned char *data = hr_alloc(size ? size : 1);
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    assert(sha);
    EVP_DigestInit_ex(sha, EVP_sha256(), NULL);
    size_t got = 0;
    bool last = false;
    // Pipelined like the upload: up to EV_PUT_WINDOW chunk requests in flight.
    char pending[EV_PUT_WINDOW][HR_ID_LEN + 1];
    zpoller_t *poller = zpoller_new(hr_client_socket(client), NULL);
    uint32_t sent = 0, done = 0;
    while (done < chunks && !rc) {
        while (sent < chunks && sent - done < EV_PUT_WINDOW) {
            Hr__Evidence__GetChunkRequest req = HR__EVIDENCE__GET_CHUNK_REQUEST__INIT;
            req.download_id = download_id;
            req.index = sent;
            rc = s_send(client, "evidence.GetChunk", &req.base, actor, EV_CLIENT_TIMEOUT_MS, arena,
                        NULL, pending[sent % EV_PUT_WINDOW], 1);
            if (rc)
                break;
            sent++;
        }
        if (rc) {
            *message_out = "could not send a chunk request";
            break;
        }
        Hr__Envelope *env = NULL;
        zmsg_t *frames = NULL;
        rc = s_wait(client, poller, arena, pending[done % EV_PUT_WINDOW], 1, EV_CLIENT_TIMEOUT_MS,
                    message_out, &env, &frames);
        Hr__Evidence__GetChunkReply *cr =
            rc ? NULL
               : (Hr__Evidence__GetChunkReply *)protobuf_c_message_unpack(
                     &hr__evidence__get_chunk_reply__descriptor, hr_arena_pb_allocator(arena),
                     env->body.len, env->body.data);
        zframe_t *f = frames ? zmsg_first(frames) : NULL;
        size_t n = f ? zframe_size(f) : 0;
        if (!rc && (!cr || got + n > size || (cr->last && done + 1 != chunks))) {
            *message_out = "the server sent more than the record's size";
            rc = HR_EIO;
        } else if (!rc) {
            if (n) {
                memcpy(data + got, zframe_data(f), n);
                EVP_DigestUpdate(sha, data + got, n); // while the next chunks are on their way
            }
            got += n;
            last = cr->last;
            done++;
        }
        zmsg_destroy(&frames);
    }
    zpoller_destroy(&poller);
    char hex[EV_ID_HEX + 1];
    if (!rc && (!last || got != size)) {
        *message_out = "the download ended early";
        rc = HR_EIO;
    }
    if (!rc) {
        unsigned char h[EV_HASH_BYTES];
        unsigned int hlen = 0;
        EVP_DigestFinal_ex(sha, h, &hlen);
        ev_hex(h, sizeof h, hex);
        if (strcmp(hex, id)) {
            *message_out = "the content received does not hash to its id";
            rc = HR_EIO;
        }
    }
    EVP_MD_CTX_free(sha);
    if (rc) {
        sodium_memzero(data, size ? size : 1);
        hr_free(data);
        return rc;
    }
    *data_out = data;
    *len_out = got;
    return HR_OK;
}
