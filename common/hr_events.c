/*  hr_events - sequenced event log, PUB hints, sys.EventsSince, and the consumer cursor.
 *
 *  Invariants:
 *  - seq is the last key + 1, assigned inside the write transaction that appends, so the log has
 *    no gaps and a rolled-back append leaves none either.
 *  - PUB carries hints only, sent after commit: a hint may be lost, repeated or late; nothing
 *    depends on it but latency. Consumers also pull on start-up and on a timer.
 *  - A consumer's cursor and the effects of the events up to it commit in one write transaction.
 *    Inside it the cursor is read again and events at or below it are skipped, so a repeated or
 *    stale reply can never apply an event twice; an event after a gap is never applied.
 *  - At most one EventsSince request is out per consumer; replies are matched by correlation_id
 *    and anything else on the socket (late answers to requests that timed out) is discarded.
 *  - No transaction is held across a poll: every read and write transaction ends in its call.
 *  - Pulls are numbered (stats.requests); synced is the number of the latest pull whose reply
 *    left the cursor at the producer's last seq as of that reply. It is the only field another
 *    thread reads (hr_consumer_is_synced, from a parked call's work), so it alone is atomic.
 */
#include "hr_events.h"
#include "hr_curve.h"
#include "hr_client.h"
#include "hr_envelope.h"
#include "hr_id.h"
#include "hr_log.h"

#include <assert.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdatomic.h>
#include <string.h>

#define HR_EVENTS_KEY_LEN 8

static void s_key(unsigned char key[HR_EVENTS_KEY_LEN], uint64_t seq)
{
    hr_be64_put(key, seq);
}

hr_rc_t hr_events_append(hr_txn_t *txn, const char *type, const ProtobufCMessage *msg,
                         const char *msg_id, int64_t now_ms, uint64_t *seq_out)
{
    assert(txn && hr_txn_is_write(txn) && msg);
    if (!type || !hr_envelope_type_is_valid(type))
        return HR_EINVAL;
    uint64_t last = 0;
    hr_rc_t rc = hr_store_last_seq(txn, HR_DB_EVENTS, &last);
    if (rc)
        return rc;
    size_t len = protobuf_c_message_get_packed_size(msg);
    uint8_t *body = hr_alloc(len ? len : 1);
    protobuf_c_message_pack(msg, body);
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = last + 1;
    ev.type = (char *)type;
    ev.at_ms = now_ms;
    ev.msg_id = (char *)(msg_id ? msg_id : "");
    ev.body.data = body;
    ev.body.len = len;
    unsigned char key[HR_EVENTS_KEY_LEN];
    s_key(key, ev.seq);
    rc = hr_store_put_pb(txn, HR_DB_EVENTS, key, sizeof key, &ev.base, MDB_APPEND);
    hr_free(body);
    if (!rc && seq_out)
        *seq_out = ev.seq;
    return rc;
}

hr_rc_t hr_events_read(hr_txn_t *txn, uint64_t after, uint32_t max, hr_arena_t *arena,
                       Hr__Sys__EventsSinceReply *reply)
{
    if (max == 0)
        max = HR_EVENTS_DEFAULT;
    if (max > HR_EVENTS_MAX)
        return HR_EINVAL;
    uint64_t last = 0;
    hr_rc_t rc = hr_store_last_seq(txn, HR_DB_EVENTS, &last);
    if (rc)
        return rc;
    reply->last_seq = last;
    reply->n_events = 0;
    reply->events = NULL;
    if (after > last)
        return HR_ECONFLICT;
    if (after == last)
        return HR_OK;
    uint64_t want = last - after < max ? last - after : max;
    Hr__Sys__Event **events = hr_arena_alloc(arena, (size_t)want * sizeof *events);
    MDB_cursor *cursor = NULL;
    rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), HR_DB_EVENTS), &cursor));
    if (rc)
        return rc;
    unsigned char kbuf[HR_EVENTS_KEY_LEN];
    s_key(kbuf, after + 1);
    MDB_val key = {sizeof kbuf, kbuf}, val;
    size_t n = 0, bytes = 0;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
    while (mrc == 0 && n < want) {
        if (n > 0 && bytes + val.mv_size > HR_EVENTS_REPLY_MAX_BYTES)
            break;
        Hr__Sys__Event *ev = (Hr__Sys__Event *)protobuf_c_message_unpack(
            &hr__sys__event__descriptor, hr_arena_pb_allocator(arena), val.mv_size, val.mv_data);
        if (!ev) {
            hr_error("store.corrupt", "db=events seq=%llu",
                     (unsigned long long)(key.mv_size == HR_EVENTS_KEY_LEN
                                              ? hr_be64_get(key.mv_data)
                                              : 0));
            rc = HR_EIO;
            break;
        }
        events[n++] = ev;
        bytes += val.mv_size;
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cursor);
    if (rc)
        return rc;
    reply->events = events;
    reply->n_events = n;
    return HR_OK;
}

// The log is read by the services that follow it (they call with no user) and by the operator
// (hrctl's own identity); a person's request (one the gateway or hrctl --as makes for them) is
// refused whatever roles it claims: the events name every case's employee, ground and line.
static bool s_may_read_log(const Hr__Actor *actor)
{
    if (!actor || !actor->user_id || !*actor->user_id)
        return true;
    return hr_actor_is_operator(actor);
}

static hr_rc_t s_handle_events_since(void *self, hr_call_t *call)
{
    HR_UNUSED(self);
    if (!s_may_read_log(hr_call_actor(call)))
        return hr_call_fail(call, HR_EDENIED,
                            "sys.EventsSince: the event log is for the services and operators");
    const Hr__Sys__EventsSinceRequest *req = hr_call_request(call);
    Hr__Sys__EventsSinceReply *rep = hr_call_reply(call);
    hr_rc_t rc = hr_events_read(hr_call_txn(call), req->after, req->max, hr_call_arena(call), rep);
    if (rc == HR_EINVAL)
        return hr_call_fail(call, rc, "max: %" PRIu32 " is out of range 1..%d", req->max,
                            HR_EVENTS_MAX);
    if (rc == HR_ECONFLICT)
        return hr_call_fail(call, rc, "after: %" PRIu64 " is beyond the last seq %" PRIu64,
                            req->after, rep->last_seq);
    if (rc)
        return hr_call_fail(call, rc, "the event log could not be read");
    return HR_OK;
}

const hr_route_t hr_events_routes[] = {
    {"sys.EventsSince", &hr__sys__events_since_request__descriptor,
     &hr__sys__events_since_reply__descriptor, HR_ROUTE_READ, s_handle_events_since},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

struct hr_events {
    hr_store_t *store;      // borrowed
    zsock_t *pub;           // owned; NULL without hints
    char *endpoint;         // owned; NULL without hints
    uint64_t published_seq; // hints went out up to here
    hr_timers_t *timers;    // borrowed: the daemon's, NULL without one
    int timer_id;           // the flush timer, 0 when none
};

hr_events_t *hr_events_new(hr_store_t *store, const char *pub_endpoint, char **err_out)
{
    assert(store && err_out);
    *err_out = NULL;
    hr_events_t *self = hr_alloc(sizeof *self);
    self->store = store;
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_read(store, &txn) == HR_OK) {
        hr_store_last_seq(txn, HR_DB_EVENTS, &self->published_seq);
        hr_txn_abort(&txn);
    }
    if (pub_endpoint && *pub_endpoint && hr_ipc_in_use(pub_endpoint)) {
        *err_out = hr_strfmt("bus/events_endpoint %s: another process is listening there; not "
                             "taking it over",
                             pub_endpoint);
        hr_free(self);
        return NULL;
    }
    if (pub_endpoint && *pub_endpoint) {
        self->pub = zsock_new(ZMQ_PUB);
        char *curve_err = NULL;
        if (self->pub) {
            zsock_set_linger(self->pub, 0);
            if (hr_curve_server(self->pub, pub_endpoint, &curve_err) ||
                zsock_bind(self->pub, "%s", pub_endpoint) < 0)
                zsock_destroy(&self->pub);
        }
        if (!self->pub && curve_err) {
            *err_out = curve_err;
            hr_free(self);
            return NULL;
        }
        if (!self->pub) {
            *err_out = hr_strfmt("bus/events_endpoint %s: cannot bind: %s", pub_endpoint,
                                 zmq_strerror(zmq_errno()));
            hr_free(self);
            return NULL;
        }
        const char *bound = zsock_endpoint(self->pub);
        self->endpoint = hr_strdup(bound ? bound : pub_endpoint);
    }
    return self;
}

static void s_flush_timer(void *arg)
{
    hr_events_flush(arg);
}

hr_events_t *hr_events_new_daemon(hr_daemon_t *daemon, char **err_out)
{
    const char *endpoint = hr_config_str(hr_daemon_config(daemon), "bus/events_endpoint", "");
    hr_events_t *self = hr_events_new(hr_daemon_store(daemon), endpoint, err_out);
    if (!self)
        return NULL;
    hr_daemon_add_routes(daemon, hr_events_routes, self);
    self->timers = hr_daemon_timers(daemon);
    self->timer_id = hr_timers_add(self->timers, HR_DAEMON_TICK_MS, true, s_flush_timer, self);
    if (self->endpoint)
        hr_info("events.hints", "endpoint=%s last_seq=%llu", self->endpoint,
                (unsigned long long)self->published_seq);
    return self;
}

void hr_events_destroy(hr_events_t **self_p)
{
    hr_events_t *self = *self_p;
    if (!self)
        return;
    if (self->timers && self->timer_id)
        hr_timers_cancel(self->timers, self->timer_id);
    zsock_destroy(&self->pub);
    hr_free(self->endpoint);
    hr_free(self);
    *self_p = NULL;
}

const char *hr_events_endpoint(const hr_events_t *self)
{
    return self->endpoint;
}

static void s_hint(hr_events_t *self, const MDB_val *key, const MDB_val *val, hr_arena_t *arena)
{
    Hr__Sys__Event *ev = (Hr__Sys__Event *)protobuf_c_message_unpack(
        &hr__sys__event__descriptor, hr_arena_pb_allocator(arena), val->mv_size, val->mv_data);
    char seq[HR_EVENTS_SEQ_TEXT];
    snprintf(seq, sizeof seq, "%" PRIu64, hr_be64_get(key->mv_data));
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, ev ? ev->type : "");
    zmsg_addstr(msg, seq);
    if (zmsg_send(&msg, self->pub)) // PUB never blocks; a dropped hint costs latency only
        zmsg_destroy(&msg);
}

void hr_events_flush(hr_events_t *self)
{
    if (!self->pub)
        return;
    hr_txn_t *txn = NULL;
    MDB_cursor *cursor = NULL;
    hr_arena_t *arena = NULL;
    if (hr_txn_begin_read(self->store, &txn))
        return;
    if (mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(self->store, HR_DB_EVENTS), &cursor))
        goto out;
    MDB_val key, val;
    if (mdb_cursor_get(cursor, &key, &val, MDB_LAST) || key.mv_size != HR_EVENTS_KEY_LEN)
        goto out;
    uint64_t last = hr_be64_get(key.mv_data);
    if (last <= self->published_seq)
        goto out;
    arena = hr_arena_new(0);
    if (last - self->published_seq > HR_EVENTS_HINT_BATCH) {
        s_hint(self, &key, &val, arena); // the newest says it all: consumers pull from their cursor
    } else {
        unsigned char kbuf[HR_EVENTS_KEY_LEN];
        s_key(kbuf, self->published_seq + 1);
        key = (MDB_val){sizeof kbuf, kbuf};
        int mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
        while (mrc == 0 && key.mv_size == HR_EVENTS_KEY_LEN) {
            s_hint(self, &key, &val, arena);
            mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
        }
    }
    self->published_seq = last;
out:
    hr_arena_destroy(&arena);
    if (cursor)
        mdb_cursor_close(cursor);
    hr_txn_abort(&txn);
}

void hr_events_after_commit(void *events, hr_call_t *call)
{
    HR_UNUSED(call);
    hr_events_flush(events);
}

//  ---------------------------------------------------------------------------------------------
//  hr_consumer

struct hr_consumer {
    hr_consumer_opts_t opts;       // copied; its strings point at the owned copies below
    char *source;                  // owned
    char *endpoint;                // owned
    char *hint_endpoint;           // owned; NULL when poll only
    hr_client_t *client;           // owned: DEALER to the producer's ROUTER
    zsock_t *sub;                  // owned: SUB to the producer's PUB; NULL when poll only
    hr_arena_t *arena;             // owned: reset after each operation
    char pending[HR_ID_LEN + 1];   // msg_id of the request out; "" when none
    int64_t pending_deadline_mono; // when that request times out
    bool again;                    // a hint or a sync came while a request was out: pull after
    hr_timers_t *timers;           // borrowed: the daemon's, NULL without one
    int timer_id;                  // the poll timer, 0 when none
    hr_consumer_stats_t stats;     // counters
    uint64_t failing_seq;          // the event the last failed batch failed on (0: none)
    int failing_tries;             // batches in a row that failed on it
    uint64_t skip_seq;             // pass this event over in the next batch (0: none)
    bool probe;                    // the next pull asks for the producer's head (after 0, max 1)
    bool pending_probe;            // the request out is such a probe
    uint64_t pending_no;           // the number of the request out (stats.requests when sent)
    _Atomic uint64_t synced;       // the latest pull after whose reply the cursor was caught up
};

// meta key of the count of rewinds of a source's cursor: "events_rewound/<source>" -> be64
#define HR_REWOUND_PREFIX "events_rewound/"

hr_rc_t hr_consumer_rewound_get(hr_txn_t *txn, const char *source, uint64_t *count_out)
{
    *count_out = 0;
    char key[sizeof HR_REWOUND_PREFIX + HR_CONSUMER_SOURCE_MAX];
    int klen = snprintf(key, sizeof key, "%s%s", HR_REWOUND_PREFIX, source);
    if (klen < 0 || (size_t)klen >= sizeof key)
        return HR_EINVAL;
    MDB_val val;
    hr_rc_t rc = hr_store_get(txn, HR_DB_META, key, (size_t)klen, &val);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    if (val.mv_size != HR_EVENTS_KEY_LEN)
        return HR_EIO;
    *count_out = hr_be64_get(val.mv_data);
    return HR_OK;
}

static hr_rc_t s_rewound_add(hr_txn_t *txn, const char *source, uint64_t *count_out)
{
    hr_rc_t rc = hr_consumer_rewound_get(txn, source, count_out);
    if (rc)
        return rc;
    (*count_out)++;
    char key[sizeof HR_REWOUND_PREFIX + HR_CONSUMER_SOURCE_MAX];
    int klen = snprintf(key, sizeof key, "%s%s", HR_REWOUND_PREFIX, source);
    unsigned char val[HR_EVENTS_KEY_LEN];
    hr_be64_put(val, *count_out);
    return hr_store_put(txn, HR_DB_META, key, (size_t)klen, val, sizeof val, 0);
}

void hr_consumer_status_lines(hr_txn_t *txn, hr_arena_t *arena, Hr__Sys__StatusReply *rep)
{
    MDB_cursor *cursor = NULL;
    if (mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), HR_DB_CURSORS), &cursor))
        return;
    MDB_val key, val;
    for (int mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST); mrc == 0;
         mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT)) {
        char source[HR_CONSUMER_SOURCE_MAX + 1];
        if (key.mv_size == 0 || key.mv_size > HR_CONSUMER_SOURCE_MAX)
            continue;
        memcpy(source, key.mv_data, key.mv_size);
        source[key.mv_size] = '\0';
        uint64_t n = 0;
        if (hr_consumer_rewound_get(txn, source, &n) || n == 0)
            continue;
        char **extra = hr_arena_alloc(arena, (rep->n_extra + 1) * sizeof *extra);
        if (rep->n_extra)
            memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
        extra[rep->n_extra] =
            hr_arena_fmt(arena, "events_cursor_rewound_%s=%llu", source, (unsigned long long)n);
        rep->extra = extra;
        rep->n_extra++;
    }
    mdb_cursor_close(cursor);
}

hr_rc_t hr_consumer_cursor_get(hr_txn_t *txn, const char *source, uint64_t *seq_out)
{
    *seq_out = 0;
    MDB_val val;
    hr_rc_t rc = hr_store_get(txn, HR_DB_CURSORS, source, strlen(source), &val);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    if (val.mv_size != HR_EVENTS_KEY_LEN) {
        hr_error("store.corrupt", "db=cursors source=%s len=%zu", source, val.mv_size);
        return HR_EIO;
    }
    *seq_out = hr_be64_get(val.mv_data);
    return HR_OK;
}

hr_consumer_t *hr_consumer_new(const hr_consumer_opts_t *opts, char **err_out)
{
    assert(opts && opts->store && opts->clock && opts->apply && opts->endpoint && err_out);
    *err_out = NULL;
    if (!opts->source || !*opts->source || strlen(opts->source) > HR_CONSUMER_SOURCE_MAX) {
        *err_out = hr_strfmt("source: '%s' is not a service name (1..%d bytes)",
                             opts->source ? opts->source : "", HR_CONSUMER_SOURCE_MAX);
        return NULL;
    }
    hr_client_t *client = hr_client_new(opts->endpoint, opts->clock, err_out);
    if (!client)
        return NULL;
    zsock_t *sub = NULL;
    if (opts->hint_endpoint && *opts->hint_endpoint) {
        sub = zsock_new(ZMQ_SUB);
        char *curve_err = NULL;
        if (sub) {
            zsock_set_linger(sub, 0);
            zsock_set_subscribe(sub, "");
            if (hr_curve_client(sub, opts->hint_endpoint, &curve_err) ||
                zsock_connect(sub, "%s", opts->hint_endpoint) < 0)
                zsock_destroy(&sub);
        }
        if (!sub && curve_err) {
            *err_out = curve_err;
            hr_client_destroy(&client);
            return NULL;
        }
        if (!sub) {
            *err_out = hr_strfmt("%s: cannot connect for hints: %s", opts->hint_endpoint,
                                 zmq_strerror(zmq_errno()));
            hr_client_destroy(&client);
            return NULL;
        }
    }
    hr_consumer_t *self = hr_alloc(sizeof *self);
    self->opts = *opts;
    self->source = hr_strdup(opts->source);
    self->endpoint = hr_strdup(opts->endpoint);
    self->hint_endpoint = sub ? hr_strdup(opts->hint_endpoint) : NULL;
    self->opts.source = self->source;
    self->opts.endpoint = self->endpoint;
    self->opts.hint_endpoint = self->hint_endpoint;
    if (!self->opts.batch || self->opts.batch > HR_EVENTS_MAX)
        self->opts.batch = HR_EVENTS_DEFAULT;
    if (self->opts.timeout_ms <= 0)
        self->opts.timeout_ms = HR_CONSUMER_TIMEOUT_MS;
    self->client = client;
    self->sub = sub;
    self->arena = hr_arena_new(0);
    return self;
}

static void s_consumer_readable(void *arg, zsock_t *sock)
{
    hr_consumer_on_readable(arg, sock);
}

static void s_poll_timer(void *arg)
{
    hr_consumer_pull(arg);
}

// The producer's hint endpoint: peers/<source>_events, else bus/events_endpoint in its config
// file. Owned, or NULL (poll only).
static char *s_hint_endpoint(hr_config_t *config, const char *source)
{
    char *key = hr_strfmt("peers/%s_events", source);
    const char *direct = hr_config_str(config, key, "");
    hr_free(key);
    if (*direct) {
        hr_curve_peer(direct, source);
        return hr_strdup(direct);
    }
    char *copy = hr_strdup(hr_config_path(config));
    char *path = hr_strfmt("%s/%s.cfg", dirname(copy), source);
    hr_free(copy);
    hr_config_t *peer = hr_config_load(path, NULL);
    hr_free(path);
    // The file's own value: this process's HR_BUS_EVENTS_ENDPOINT is about its own PUB.
    const char *in_file = peer ? hr_config_file_str(peer, "bus/events_endpoint") : NULL;
    char *endpoint = in_file && *in_file ? hr_strdup(in_file) : NULL;
    hr_config_destroy(&peer);
    hr_curve_peer(endpoint, source);
    return endpoint;
}

hr_consumer_t *hr_consumer_new_daemon(hr_daemon_t *daemon, const char *source,
                                      hr_consumer_apply_fn *apply, void *arg, char **err_out)
{
    *err_out = NULL;
    char *endpoint = hr_daemon_peer_endpoint(daemon, source, err_out);
    if (!endpoint)
        return NULL;
    char *hints = s_hint_endpoint(hr_daemon_config(daemon), source);
    hr_consumer_opts_t opts = {
        .source = source,
        .endpoint = endpoint,
        .hint_endpoint = hints,
        .store = hr_daemon_store(daemon),
        .clock = hr_daemon_clock(daemon),
        .apply = apply,
        .apply_arg = arg,
    };
    hr_consumer_t *self = hr_consumer_new(&opts, err_out);
    hr_free(endpoint);
    hr_free(hints);
    if (!self)
        return NULL;
    hr_daemon_add_reader(daemon, hr_client_socket(self->client), s_consumer_readable, self);
    if (self->sub)
        hr_daemon_add_reader(daemon, self->sub, s_consumer_readable, self);
    self->timers = hr_daemon_timers(daemon);
    self->timer_id = hr_timers_add(self->timers, HR_CONSUMER_POLL_MS, true, s_poll_timer, self);
    hr_info("events.consumer", "source=%s endpoint=%s hints=%s", self->source, self->endpoint,
            self->hint_endpoint ? self->hint_endpoint : "none");
    hr_consumer_pull(self); // start-up: catch up with whatever happened while we were down
    return self;
}

void hr_consumer_destroy(hr_consumer_t **self_p)
{
    hr_consumer_t *self = *self_p;
    if (!self)
        return;
    if (self->timers && self->timer_id)
        hr_timers_cancel(self->timers, self->timer_id);
    hr_client_destroy(&self->client);
    zsock_destroy(&self->sub);
    hr_arena_destroy(&self->arena);
    hr_free(self->source);
    hr_free(self->endpoint);
    hr_free(self->hint_endpoint);
    hr_free(self);
    *self_p = NULL;
}

zsock_t *hr_consumer_socket(hr_consumer_t *self)
{
    return hr_client_socket(self->client);
}

zsock_t *hr_consumer_hint_socket(hr_consumer_t *self)
{
    return self->sub;
}

uint64_t hr_consumer_sync(hr_consumer_t *self)
{
    uint64_t ticket = self->stats.requests + 1; // the next pull is sent after this call
    hr_consumer_pull(self);
    if (self->stats.requests < ticket)
        self->again = true; // one is out, sent before: another follows its reply
    return ticket;
}

bool hr_consumer_is_synced(const hr_consumer_t *self, uint64_t ticket)
{
    return atomic_load(&((hr_consumer_t *)self)->synced) >= ticket;
}

bool hr_consumer_is_pending(const hr_consumer_t *self)
{
    return self->pending[0] != '\0';
}

void hr_consumer_stats(const hr_consumer_t *self, hr_consumer_stats_t *stats)
{
    *stats = self->stats;
}

void hr_consumer_status(const hr_consumer_t *self, hr_arena_t *arena, Hr__Sys__StatusReply *rep)
{
    char **extra = hr_arena_alloc(arena, (rep->n_extra + 2) * sizeof *extra);
    if (rep->n_extra)
        memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
    rep->extra = extra;
    rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "%s_events_applied=%llu", self->source,
                                              (unsigned long long)self->stats.applied);
    rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "%s_events_poisoned=%llu", self->source,
                                              (unsigned long long)self->stats.poisoned);
}

void hr_consumer_pull(hr_consumer_t *self)
{
    int64_t now = hr_clock_mono_ms(self->opts.clock);
    if (self->pending[0]) {
        if (now < self->pending_deadline_mono)
            return;
        self->stats.timeouts++;
        hr_warn("events.pull_timeout", "source=%s msg=%s timeouts=%llu", self->source,
                self->pending, (unsigned long long)self->stats.timeouts);
        self->pending[0] = '\0';
    }
    uint64_t cursor = 0;
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_read(self->opts.store, &txn);
    if (!rc)
        rc = hr_consumer_cursor_get(txn, self->source, &cursor);
    hr_txn_abort(&txn);
    if (rc)
        return; // logged by the store; the next poll tries again

    Hr__Sys__EventsSinceRequest req = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    req.after = self->probe ? 0 : cursor; // a probe wants last_seq only
    req.max = self->probe ? 1 : self->opts.batch;
    int64_t wall_ms = hr_clock_now_ms(self->opts.clock) - hr_clock_offset_ms(self->opts.clock);
    char msg_id[HR_ID_LEN + 1];
    hr_id_make(hr_clock_now_ms(self->opts.clock), msg_id);
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = msg_id;
    env.type = "sys.EventsSince";
    env.attempt = 1;
    env.sent_at_ms = wall_ms;
    env.deadline_ms = wall_ms + self->opts.timeout_ms;
    env.body = hr_envelope_pack_body(self->arena, &req.base);
    rc = hr_client_send(self->client, &env, NULL);
    hr_arena_reset(self->arena);
    if (rc) {
        hr_warn("events.pull_failed", "source=%s rc=%s", self->source, hr_rc_name(rc));
        return;
    }
    self->stats.requests++;
    self->pending_no = self->stats.requests;
    self->again = false;
    self->pending_probe = self->probe;
    snprintf(self->pending, sizeof self->pending, "%s", msg_id);
    self->pending_deadline_mono = now + self->opts.timeout_ms;
}

// Applies reply's events after the stored cursor, and the new cursor, in one write transaction.
// *applied_out gets how many were applied, *passed_out whether the batch passed over a poisoned
// event (alone: see below). HR_OK or the failing code (nothing applied).
static hr_rc_t s_apply_once(hr_consumer_t *self, const Hr__Sys__EventsSinceReply *reply,
                            uint64_t *cursor_out, size_t *applied_out, bool *passed_out)
{
    *applied_out = 0;
    *passed_out = false;
    bool passed = false;
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_write(self->opts.store, &txn);
    if (rc)
        return rc;
    uint64_t cursor = 0;
    size_t applied = 0, skipped = 0;
    rc = hr_consumer_cursor_get(txn, self->source, &cursor);
    for (size_t i = 0; i < reply->n_events && !rc; i++) {
        const Hr__Sys__Event *ev = reply->events[i];
        if (ev->seq <= cursor) {
            skipped++;
            continue;
        }
        if (ev->seq != cursor + 1) {
            hr_error("events.gap", "source=%s cursor=%llu seq=%llu", self->source,
                     (unsigned long long)cursor, (unsigned long long)ev->seq);
            break; // never apply past a gap; the next pull asks from the cursor again
        }
        if (ev->seq == self->skip_seq) {
            hr_error("events.poisoned", "source=%s seq=%llu type=%s tries=%d", self->source,
                     (unsigned long long)ev->seq, ev->type, HR_CONSUMER_POISON_TRIES);
            cursor = ev->seq; // passed over: nothing of it applied
            passed = true;
            break; // committed alone: a failure on the next event must not take it back
        }
        rc = self->opts.apply(self->opts.apply_arg, txn, ev);
        if (rc) {
            hr_error("events.apply_failed", "source=%s seq=%llu type=%s rc=%s", self->source,
                     (unsigned long long)ev->seq, ev->type, hr_rc_name(rc));
            if (rc != HR_EFULL) {
                self->failing_tries = ev->seq == self->failing_seq ? self->failing_tries + 1 : 1;
                self->failing_seq = ev->seq;
                if (self->failing_tries >= HR_CONSUMER_POISON_TRIES)
                    self->skip_seq = ev->seq; // the next batch passes it over
            }
            break;
        }
        cursor = ev->seq;
        applied++;
    }
    if (!rc && (applied || passed)) {
        unsigned char val[HR_EVENTS_KEY_LEN];
        hr_be64_put(val, cursor);
        rc = hr_store_put(txn, HR_DB_CURSORS, self->source, strlen(self->source), val, sizeof val,
                          0);
        if (!rc)
            rc = hr_txn_commit(&txn);
    }
    hr_txn_abort(&txn);
    if (!rc) {
        *applied_out = applied;
        *passed_out = passed;
        self->stats.skipped += skipped;
        if (passed) {
            self->stats.poisoned++;
            self->skip_seq = 0;
            self->failing_seq = 0;
            self->failing_tries = 0;
        }
    }
    *cursor_out = cursor;
    return rc;
}

hr_rc_t hr_consumer_cursor_rewind(hr_txn_t *txn, const char *source, uint64_t last,
                                  uint64_t *was_out, uint64_t *count_out)
{
    *was_out = 0;
    *count_out = 0;
    uint64_t cursor = 0;
    hr_rc_t rc = hr_consumer_cursor_get(txn, source, &cursor);
    if (rc || cursor <= last)
        return rc; // the producer's log reaches it: nothing to do
    unsigned char val[HR_EVENTS_KEY_LEN];
    hr_be64_put(val, last);
    rc = hr_store_put(txn, HR_DB_CURSORS, source, strlen(source), val, sizeof val, 0);
    if (!rc)
        rc = s_rewound_add(txn, source, count_out);
    if (!rc)
        *was_out = cursor;
    return rc;
}

// A cursor beyond the producer's last seq belongs to a history the producer no longer has (its
// store was restored to an older copy, or copied before this one in a backup): left as it is,
// every event the producer logs from now on up to that cursor would read as applied and be
// skipped for good. It is set back to the producer's head (last), so what the producer logs next
// is applied; what this store took from the lost history stays. Logged at error level
// (events.cursor_rewound) and counted in meta (sys.Status events_cursor_rewound_<source>).
static hr_rc_t s_rewind(hr_consumer_t *self, uint64_t last)
{
    hr_txn_t *txn = NULL;
    uint64_t cursor = 0, count = 0;
    hr_rc_t rc = hr_txn_begin_write(self->opts.store, &txn);
    if (!rc)
        rc = hr_consumer_cursor_rewind(txn, self->source, last, &cursor, &count);
    if (!rc && cursor)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    if (rc || !cursor)
        return rc; // the producer caught up meanwhile: nothing to do
    self->stats.rewound++;
    hr_error("events.cursor_rewound",
             "source=%s cursor=%llu last=%llu rewinds=%llu reason=the cursor was beyond the "
             "producer's log (its store is older); events from last+1 on are applied",
             self->source, (unsigned long long)cursor, (unsigned long long)last,
             (unsigned long long)count);
    return HR_OK;
}

// Handles the reply to the pending request. Returns true when another pull should follow now.
static bool s_on_reply(hr_consumer_t *self, const Hr__Envelope *env)
{
    hr_rc_t code = env->status ? (hr_rc_t)env->status->code : HR_OK;
    bool probe = self->pending_probe;
    self->pending_probe = false;
    if (code) {
        self->stats.failures++;
        hr_warn("events.pull_rejected", "source=%s rc=%s why=\"%s\"", self->source,
                hr_rc_name(code), env->status && env->status->message ? env->status->message : "");
        // The cursor is beyond the producer's log (the producer's store is an older copy): ask
        // for its head at once, then rewind to it (s_rewind).
        if (code == HR_ECONFLICT && !probe) {
            self->probe = true;
            return true;
        }
        return false;
    }
    Hr__Sys__EventsSinceReply *reply = (Hr__Sys__EventsSinceReply *)protobuf_c_message_unpack(
        &hr__sys__events_since_reply__descriptor, hr_arena_pb_allocator(self->arena), env->body.len,
        env->body.data);
    if (!reply) {
        self->stats.failures++;
        hr_warn("events.pull_rejected", "source=%s reason=decode", self->source);
        return false;
    }
    if (probe) {
        self->probe = false;
        hr_rc_t rc = s_rewind(self, reply->last_seq);
        if (hr_store_grow_if_map_full(self->opts.store, rc))
            rc = s_rewind(self, reply->last_seq);
        if (rc) {
            self->stats.failures++;
            self->probe = true; // the next poll asks again
            return false;
        }
        return true; // pull from the cursor as it is now
    }
    uint64_t cursor = 0;
    size_t applied = 0;
    bool passed = false;
    hr_rc_t rc = s_apply_once(self, reply, &cursor, &applied, &passed);
    // Only a full map grows; a full disk waits for the next poll like any failure.
    if (hr_store_grow_if_map_full(self->opts.store, rc))
        rc = s_apply_once(self, reply, &cursor, &applied, &passed);
    if (rc) {
        self->stats.failures++;
        return false; // logged above or by the store; the next poll tries again
    }
    if (applied) {
        self->stats.batches++;
        self->stats.applied += applied;
        hr_debug("events.applied", "source=%s events=%zu cursor=%llu last=%llu", self->source,
                 applied, (unsigned long long)cursor, (unsigned long long)reply->last_seq);
    }
    if (cursor >= reply->last_seq) { // everything the producer had logged when it answered is in
        self->stats.caught_up++;
        self->stats.caught_up_mono_ms = hr_clock_mono_ms(self->opts.clock);
        atomic_store(&self->synced, self->pending_no);
    }
    return (applied || passed) && cursor < reply->last_seq;
}

void hr_consumer_on_readable(hr_consumer_t *self, zsock_t *sock)
{
    bool pull = false;
    if (self->sub && sock == self->sub) {
        for (int i = 0; i < HR_CONSUMER_HINT_DRAIN; i++) {
            if (!(zsock_events(self->sub) & ZMQ_POLLIN))
                break;
            zmsg_t *msg = zmsg_recv(self->sub);
            if (!msg)
                break;
            zmsg_destroy(&msg);
            self->stats.hints++;
        }
        if (self->pending[0])
            self->again = true;
        else
            pull = true;
    } else if (sock == hr_client_socket(self->client)) {
        for (;;) {
            Hr__Envelope *env = NULL;
            zmsg_t *frames = NULL;
            hr_rc_t rc = hr_client_recv(self->client, self->arena, &env, &frames);
            zmsg_destroy(&frames);
            if (rc == HR_ENOTFOUND)
                break;
            if (rc || !self->pending[0] || strcmp(env->correlation_id, self->pending)) {
                hr_arena_reset(self->arena);
                continue; // not ours, or a late answer to a request that timed out
            }
            self->pending[0] = '\0';
            pull = s_on_reply(self, env) || self->again;
            hr_arena_reset(self->arena);
        }
    }
    if (pull)
        hr_consumer_pull(self);
}
