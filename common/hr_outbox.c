/*  hr_outbox - the transactional outbox and its relay.
 *
 *  Invariants:
 *  - A row leaves the outbox only when a reply with status OK carrying its msg_id came back from
 *    its destination: the receiver committed it (hr_server replies after commit). Timeouts, error
 *    replies, unresolvable endpoints and failed deletes all end in a back-off and another
 *    attempt, never in a dropped row.
 *  - Sequence numbers come from a counter in `meta`, so a sequence is never reused even after
 *    the outbox drained: a late duplicate ack can never delete a newer row.
 *  - Per destination the relay holds a window of the lowest-sequence rows (at most in_flight).
 *    Every row of that destination below next_scan_seq is in the window or already deleted;
 *    `more` says rows of it may exist at or after next_scan_seq. Rows are loaded, first sent
 *    and re-sent in sequence order, so a receiver sees them in order unless a retry overtakes.
 *  - No transaction outlives a call: the relay reads in one read transaction per kick and
 *    deletes acknowledged rows in one write transaction per batch of replies.
 *  - The relay's state is only a cache of the outbox: after a restart the rows are found again
 *    and sent with attempt 1 (attempt numbers are diagnostics only).
 */
#include "hr_outbox.h"
#include "hr_client.h"
#include "hr_envelope.h"
#include "hr_id.h"
#include "hr_log.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

#define HR_OUTBOX_KEY_LEN 8
#define HR_RELAY_JITTER_SCALE 1000 // rnd is reduced to 0..HR_RELAY_JITTER_SCALE
#define HR_RELAY_WARN_FIRST_N 3    // timeouts logged one by one before rate-limiting

typedef struct {
    int64_t last_mono; // when the last rate-limited line was written
    bool set;          // last_mono is valid
} s_rate_t;

typedef struct {
    uint64_t seq;               // outbox key
    char msg_id[HR_ID_LEN + 1]; // the row's stable msg_id
    int64_t created_ms;         // wall clock at enqueue
    unsigned attempt;           // attempts sent so far (0 = not yet)
    bool sent;                  // an attempt is out, waiting for its reply
    int64_t due_mono;           // !sent: when to send next
    int64_t deadline_mono;      // sent: when the attempt times out
    bool held;                  // the last reply was a permanent rejection
    bool acked;                 // OK reply seen; delete pending
} s_slot_t;

typedef struct {
    char *name;                // owned: destination service
    hr_client_t *client;       // owned; NULL until the endpoint resolved
    s_slot_t *slots;           // owned: the window, sequence order, in_flight entries
    size_t nslots;             // entries used in slots
    uint64_t next_scan_seq;    // rows of this destination below it are in slots or gone
    bool more;                 // rows of this destination may exist at or after next_scan_seq
    unsigned resolve_failures; // endpoint resolutions failed in a row
    int64_t resolve_due_mono;  // next resolution attempt
} s_dest_t;

struct hr_relay {
    hr_relay_opts_t opts;               // copied; defaults filled in
    hr_daemon_t *daemon;                // borrowed: set by hr_relay_new_daemon, else NULL
    hr_timers_t *timers;                // borrowed: the daemon's, NULL without one
    int timer_id;                       // the kick timer in timers, 0 when none
    s_dest_t dests[HR_RELAY_MAX_DESTS]; // one per destination seen
    size_t ndests;                      // entries used in dests
    uint64_t scan_seq;                  // every row below it has been seen (its dest known)
    hr_arena_t *arena;                  // owned: reset after each operation
    hr_relay_stats_t stats;             // counters for status
    s_rate_t timeouts_warned;           // rate limit of outbox.timeout
    s_rate_t old_warned;                // rate limit of outbox.old_row
    s_rate_t dests_warned;              // rate limit of outbox.too_many_dests
    bool kicking;                       // inside kick: re-entry is a no-op
};

static void s_key(unsigned char key[HR_OUTBOX_KEY_LEN], uint64_t seq)
{
    hr_be64_put(key, seq);
}

hr_rc_t hr_outbox_put(hr_txn_t *txn, const char *dest, const char *type,
                      const ProtobufCMessage *msg, int64_t now_ms, const Hr__Actor *actor,
                      uint64_t *seq_out)
{
    assert(txn && hr_txn_is_write(txn) && msg);
    if (!dest || !*dest || strlen(dest) > HR_OUTBOX_DEST_MAX || !type ||
        !hr_envelope_type_is_valid(type))
        return HR_EINVAL;
    uint64_t last = 0;
    MDB_val val;
    hr_rc_t rc = hr_store_get(txn, HR_DB_META, HR_OUTBOX_SEQ_KEY, strlen(HR_OUTBOX_SEQ_KEY), &val);
    if (rc == HR_OK && val.mv_size == HR_OUTBOX_KEY_LEN)
        last = hr_be64_get(val.mv_data);
    else if (rc != HR_ENOTFOUND && rc != HR_OK)
        return rc;
    uint64_t last_key = 0;
    rc = hr_store_last_seq(txn, HR_DB_OUTBOX, &last_key);
    if (rc)
        return rc;
    uint64_t seq = (last > last_key ? last : last_key) + 1;

    char msg_id[HR_ID_LEN + 1];
    hr_id_make(now_ms, msg_id);
    size_t len = protobuf_c_message_get_packed_size(msg);
    uint8_t *body = hr_alloc(len ? len : 1);
    protobuf_c_message_pack(msg, body);
    Hr__Sys__OutboxRow row = HR__SYS__OUTBOX_ROW__INIT;
    row.dest = (char *)dest;
    row.type = (char *)type;
    row.msg_id = msg_id;
    row.body.data = body;
    row.body.len = len;
    row.created_ms = now_ms;
    row.actor = (Hr__Actor *)actor;

    unsigned char key[HR_OUTBOX_KEY_LEN];
    s_key(key, seq);
    rc = hr_store_put_pb(txn, HR_DB_OUTBOX, key, sizeof key, &row.base, MDB_NOOVERWRITE);
    if (!rc)
        rc = hr_store_put(txn, HR_DB_META, HR_OUTBOX_SEQ_KEY, strlen(HR_OUTBOX_SEQ_KEY), key,
                          sizeof key, 0);
    hr_free(body);
    if (!rc && seq_out)
        *seq_out = seq;
    return rc;
}

hr_rc_t hr_outbox_get(hr_txn_t *txn, uint64_t seq, hr_arena_t *arena, Hr__Sys__OutboxRow **row_out)
{
    unsigned char key[HR_OUTBOX_KEY_LEN];
    s_key(key, seq);
    void *msg = NULL;
    hr_rc_t rc = hr_store_get_pb(txn, HR_DB_OUTBOX, key, sizeof key,
                                 &hr__sys__outbox_row__descriptor, arena, &msg);
    *row_out = rc ? NULL : msg;
    return rc;
}

// Unpacks a row LMDB handed out (borrowed bytes) into arena memory; NULL when it does not decode.
static Hr__Sys__OutboxRow *s_row_unpack(const MDB_val *val, hr_arena_t *arena)
{
    return (Hr__Sys__OutboxRow *)protobuf_c_message_unpack(
        &hr__sys__outbox_row__descriptor, hr_arena_pb_allocator(arena), val->mv_size, val->mv_data);
}

hr_rc_t hr_outbox_oldest_ms(hr_txn_t *txn, int64_t *created_ms_out)
{
    *created_ms_out = 0;
    MDB_cursor *cursor = NULL;
    hr_arena_t *arena = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), HR_DB_OUTBOX), &cursor));
    if (rc)
        goto out;
    MDB_val key, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
    if (mrc == MDB_NOTFOUND)
        goto out;
    rc = hr_rc_from_mdb(mrc);
    if (rc)
        goto out;
    arena = hr_arena_new(0);
    Hr__Sys__OutboxRow *row = s_row_unpack(&val, arena);
    if (!row) {
        hr_error("store.corrupt", "db=outbox seq=%llu",
                 (unsigned long long)hr_be64_get(key.mv_data));
        rc = HR_EIO;
        goto out;
    }
    *created_ms_out = row->created_ms;
out:
    hr_arena_destroy(&arena);
    if (cursor)
        mdb_cursor_close(cursor);
    return rc;
}

int64_t hr_relay_backoff_ms(unsigned attempt, int64_t retry_min_ms, int64_t retry_max_ms,
                            uint32_t rnd)
{
    assert(attempt >= 1 && retry_min_ms > 0 && retry_max_ms >= retry_min_ms);
    int64_t base = retry_min_ms;
    for (unsigned i = 1; i < attempt && base < retry_max_ms; i++)
        base *= 2; // stops at the cap, so it never overflows
    if (base > retry_max_ms)
        base = retry_max_ms;
    int64_t jitter = base * HR_RELAY_JITTER_PCT / 100 *
                     (int64_t)(rnd % (HR_RELAY_JITTER_SCALE + 1)) / HR_RELAY_JITTER_SCALE;
    return base - jitter;
}

hr_relay_t *hr_relay_new(const hr_relay_opts_t *opts)
{
    assert(opts && opts->store && opts->clock && opts->endpoint);
    hr_relay_t *self = hr_alloc(sizeof *self);
    self->opts = *opts;
    if (!self->opts.in_flight)
        self->opts.in_flight = HR_RELAY_IN_FLIGHT;
    if (self->opts.timeout_ms <= 0)
        self->opts.timeout_ms = HR_RELAY_TIMEOUT_MS;
    if (self->opts.retry_min_ms <= 0)
        self->opts.retry_min_ms = HR_RELAY_RETRY_MIN_MS;
    if (self->opts.retry_max_ms < self->opts.retry_min_ms)
        self->opts.retry_max_ms = HR_RELAY_RETRY_MAX_MS > self->opts.retry_min_ms
                                      ? HR_RELAY_RETRY_MAX_MS
                                      : self->opts.retry_min_ms;
    self->scan_seq = 1;
    self->arena = hr_arena_new(0);
    return self;
}

static char *s_daemon_endpoint(void *arg, const char *dest, char **err_out)
{
    return hr_daemon_peer_endpoint(arg, dest, err_out);
}

static void s_daemon_readable(void *arg, zsock_t *sock)
{
    hr_relay_on_readable(arg, sock);
}

static void s_daemon_watch(void *arg, zsock_t *sock)
{
    hr_relay_t *self = arg;
    hr_daemon_add_reader(self->daemon, sock, s_daemon_readable, self);
}

static void s_timer(void *arg)
{
    hr_relay_kick(arg);
}

hr_relay_t *hr_relay_new_daemon(hr_daemon_t *daemon)
{
    hr_config_t *config = hr_daemon_config(daemon);
    hr_relay_opts_t opts = {
        .store = hr_daemon_store(daemon),
        .clock = hr_daemon_clock(daemon),
        .endpoint = s_daemon_endpoint,
        .endpoint_arg = daemon,
        .watch = s_daemon_watch,
        .in_flight = (size_t)hr_config_int(config, "outbox/in_flight", HR_RELAY_IN_FLIGHT, 1,
                                           HR_RELAY_IN_FLIGHT_MAX),
        .timeout_ms = hr_config_int(config, "outbox/timeout_ms", HR_RELAY_TIMEOUT_MS, 1, HR_DAY_MS),
        .retry_min_ms =
            hr_config_int(config, "outbox/retry_min_ms", HR_RELAY_RETRY_MIN_MS, 1, HR_DAY_MS),
        .retry_max_ms =
            hr_config_int(config, "outbox/retry_max_ms", HR_RELAY_RETRY_MAX_MS, 1, HR_DAY_MS),
    };
    hr_relay_t *self = hr_relay_new(&opts);
    self->opts.watch_arg = self;
    self->daemon = daemon;
    self->timers = hr_daemon_timers(daemon);
    self->timer_id = hr_timers_add(self->timers, HR_RELAY_TICK_MS, true, s_timer, self);
    return self;
}

void hr_relay_destroy(hr_relay_t **self_p)
{
    hr_relay_t *self = *self_p;
    if (!self)
        return;
    if (self->timers && self->timer_id)
        hr_timers_cancel(self->timers, self->timer_id);
    for (size_t i = 0; i < self->ndests; i++) {
        hr_client_destroy(&self->dests[i].client);
        hr_free(self->dests[i].slots);
        hr_free(self->dests[i].name);
    }
    hr_arena_destroy(&self->arena);
    hr_free(self);
    *self_p = NULL;
}

static s_dest_t *s_dest_find(hr_relay_t *self, const char *name)
{
    for (size_t i = 0; i < self->ndests; i++)
        if (!strcmp(self->dests[i].name, name))
            return &self->dests[i];
    return NULL;
}

// Finds or adds the destination of a row first seen at seq; NULL when the table is full.
static s_dest_t *s_dest_get(hr_relay_t *self, const char *name, uint64_t seq)
{
    s_dest_t *d = s_dest_find(self, name);
    if (d)
        return d;
    if (self->ndests >= HR_RELAY_MAX_DESTS)
        return NULL;
    d = &self->dests[self->ndests++];
    memset(d, 0, sizeof *d);
    d->name = hr_strndup(name, HR_OUTBOX_DEST_MAX);
    d->slots = hr_alloc(self->opts.in_flight * sizeof *d->slots);
    d->next_scan_seq = seq;
    d->more = true;
    return d;
}

// True at most once per HR_RELAY_WARN_EVERY_MS for one kind of repeated line.
static bool s_rate_ok(s_rate_t *rate, int64_t now)
{
    if (rate->set && now - rate->last_mono < HR_RELAY_WARN_EVERY_MS)
        return false;
    rate->set = true;
    rate->last_mono = now;
    return true;
}

// Reads every row from scan_seq on: makes their destinations known and marks them `more`.
static void s_discover(hr_relay_t *self, hr_txn_t *txn)
{
    MDB_cursor *cursor = NULL;
    if (mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(self->opts.store, HR_DB_OUTBOX), &cursor))
        return;
    unsigned char kbuf[HR_OUTBOX_KEY_LEN];
    s_key(kbuf, self->scan_seq);
    MDB_val key = {sizeof kbuf, kbuf}, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
    while (mrc == 0) {
        uint64_t seq = key.mv_size == HR_OUTBOX_KEY_LEN ? hr_be64_get(key.mv_data) : 0;
        Hr__Sys__OutboxRow *row = s_row_unpack(&val, self->arena);
        if (!row || !seq) {
            // Kept, never deleted: an operator must see it. Skipped so the rest still flows.
            hr_error("store.corrupt", "db=outbox seq=%llu", (unsigned long long)seq);
        } else {
            s_dest_t *d = s_dest_get(self, row->dest, seq);
            if (!d) {
                // A build with more destinations than HR_RELAY_MAX_DESTS: a programmer's limit.
                // The row and later ones stay in the outbox (and in sys.Status) until it is raised.
                if (s_rate_ok(&self->dests_warned, hr_clock_mono_ms(self->opts.clock)))
                    hr_error("outbox.too_many_dests", "dest=%s max=%d", row->dest,
                             HR_RELAY_MAX_DESTS);
                break;
            }
            if (!d->more) {
                d->more = true;
                d->next_scan_seq = seq;
            }
        }
        if (seq >= self->scan_seq)
            self->scan_seq = seq + 1;
        hr_arena_reset(self->arena); // one row at a time: a long backlog costs no memory
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    mdb_cursor_close(cursor);
    hr_arena_reset(self->arena);
}

// Loads rows of d from next_scan_seq on into its window until it is full or none are left.
static void s_refill(hr_relay_t *self, hr_txn_t *txn, s_dest_t *d, int64_t now)
{
    if (!d->more || d->nslots >= self->opts.in_flight)
        return;
    MDB_cursor *cursor = NULL;
    if (mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(self->opts.store, HR_DB_OUTBOX), &cursor))
        return;
    unsigned char kbuf[HR_OUTBOX_KEY_LEN];
    s_key(kbuf, d->next_scan_seq);
    MDB_val key = {sizeof kbuf, kbuf}, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
    while (mrc == 0) {
        uint64_t seq = key.mv_size == HR_OUTBOX_KEY_LEN ? hr_be64_get(key.mv_data) : 0;
        if (seq >= self->scan_seq)
            break; // not discovered yet: the next discover marks it
        Hr__Sys__OutboxRow *row = s_row_unpack(&val, self->arena);
        if (row && !strcmp(row->dest, d->name)) {
            if (d->nslots >= self->opts.in_flight) {
                d->next_scan_seq = seq;
                goto out; // full: this row is the next one to load
            }
            s_slot_t *s = &d->slots[d->nslots++];
            memset(s, 0, sizeof *s);
            s->seq = seq;
            snprintf(s->msg_id, sizeof s->msg_id, "%s", row->msg_id);
            s->created_ms = row->created_ms;
            s->due_mono = now;
        }
        hr_arena_reset(self->arena);
        d->next_scan_seq = seq + 1;
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    if (d->next_scan_seq < self->scan_seq)
        d->next_scan_seq = self->scan_seq;
    d->more = false;
out:
    mdb_cursor_close(cursor);
    hr_arena_reset(self->arena);
}

// Makes sure d has a connected client; false while the endpoint cannot be resolved.
static bool s_connect(hr_relay_t *self, s_dest_t *d, int64_t now)
{
    if (d->client)
        return true;
    if (d->resolve_failures && now < d->resolve_due_mono)
        return false;
    char *err = NULL;
    char *endpoint = self->opts.endpoint(self->opts.endpoint_arg, d->name, &err);
    if (endpoint)
        d->client = hr_client_new(endpoint, self->opts.clock, &err);
    if (!d->client) {
        d->resolve_failures++;
        d->resolve_due_mono =
            now + hr_relay_backoff_ms(d->resolve_failures, self->opts.retry_min_ms,
                                      self->opts.retry_max_ms, randombytes_random());
        hr_error("outbox.no_endpoint", "dest=%s failures=%u err=\"%s\"", d->name,
                 d->resolve_failures, err ? err : "");
        hr_free(err);
        hr_free(endpoint);
        return false;
    }
    hr_info("outbox.connected", "dest=%s endpoint=%s", d->name, endpoint);
    d->resolve_failures = 0;
    hr_free(endpoint);
    if (self->opts.watch)
        self->opts.watch(self->opts.watch_arg, hr_client_socket(d->client));
    return true;
}

// Sends one attempt of the row in slot s (read from txn). A row that vanished leaves the window.
static void s_send(hr_relay_t *self, hr_txn_t *txn, s_dest_t *d, s_slot_t *s, int64_t now)
{
    Hr__Sys__OutboxRow *row = NULL;
    hr_rc_t rc = hr_outbox_get(txn, s->seq, self->arena, &row);
    if (rc) {
        // Only this relay deletes rows, so ENOTFOUND would be a bug; EIO is logged by the store.
        hr_error("outbox.row_unreadable", "dest=%s seq=%llu rc=%s", d->name,
                 (unsigned long long)s->seq, hr_rc_name(rc));
        s->due_mono = now + self->opts.retry_max_ms;
        return;
    }
    int64_t wall_ms = hr_clock_now_ms(self->opts.clock) - hr_clock_offset_ms(self->opts.clock);
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = row->msg_id;
    env.type = row->type;
    env.attempt = s->attempt + 1;
    env.sent_at_ms = wall_ms;
    env.deadline_ms = 0; // a durable command is worth doing whenever it arrives
    env.actor = row->actor;
    env.body = row->body;
    s->attempt++;
    s->sent = true;
    s->deadline_mono = now + self->opts.timeout_ms;
    self->stats.sent++;
    if (hr_client_send(d->client, &env, NULL))
        hr_warn("outbox.send_failed", "dest=%s seq=%llu msg=%s", d->name,
                (unsigned long long)s->seq, s->msg_id); // the timeout retries it
    else if (s->attempt > 1)
        hr_info("outbox.retry", "dest=%s seq=%llu msg=%s attempt=%u", d->name,
                (unsigned long long)s->seq, s->msg_id, s->attempt);
}

// Puts slot s on back-off after a failed attempt; held rows wait the longest.
static void s_back_off(hr_relay_t *self, s_slot_t *s, int64_t now, bool held)
{
    s->sent = false;
    s->held = held;
    int64_t delay = held ? self->opts.retry_max_ms
                         : hr_relay_backoff_ms(s->attempt ? s->attempt : 1, self->opts.retry_min_ms,
                                               self->opts.retry_max_ms, randombytes_random());
    s->due_mono = now + delay;
}

// Warns (at most once per HR_RELAY_WARN_EVERY_MS) when a loaded row waits longer than
// HR_RELAY_OLD_ROW_MS: something is wrong with its receiver and a person should look.
static void s_warn_old(hr_relay_t *self, int64_t now)
{
    const s_slot_t *oldest = NULL;
    const s_dest_t *dest = NULL;
    for (size_t i = 0; i < self->ndests; i++)
        for (size_t k = 0; k < self->dests[i].nslots; k++)
            if (!oldest || self->dests[i].slots[k].created_ms < oldest->created_ms) {
                oldest = &self->dests[i].slots[k];
                dest = &self->dests[i];
            }
    if (!oldest)
        return;
    int64_t age_ms = hr_clock_now_ms(self->opts.clock) - oldest->created_ms;
    if (age_ms < HR_RELAY_OLD_ROW_MS || !s_rate_ok(&self->old_warned, now))
        return;
    hr_warn("outbox.old_row", "dest=%s seq=%llu msg=%s age_ms=%lld attempt=%u held=%d", dest->name,
            (unsigned long long)oldest->seq, oldest->msg_id, (long long)age_ms, oldest->attempt,
            oldest->held);
}

void hr_relay_kick(hr_relay_t *self)
{
    if (self->kicking)
        return;
    self->kicking = true;
    int64_t now = hr_clock_mono_ms(self->opts.clock);
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_read(self->opts.store, &txn))
        goto out;
    s_discover(self, txn);
    for (size_t i = 0; i < self->ndests; i++) {
        s_dest_t *d = &self->dests[i];
        for (size_t k = 0; k < d->nslots; k++) {
            s_slot_t *s = &d->slots[k];
            if (s->sent && !s->acked && now >= s->deadline_mono) {
                self->stats.timeouts++;
                if (self->stats.timeouts <= HR_RELAY_WARN_FIRST_N ||
                    s_rate_ok(&self->timeouts_warned, now))
                    hr_warn("outbox.timeout", "dest=%s seq=%llu msg=%s attempt=%u timeouts=%llu",
                            d->name, (unsigned long long)s->seq, s->msg_id, s->attempt,
                            (unsigned long long)self->stats.timeouts);
                s_back_off(self, s, now, false);
            }
        }
        s_refill(self, txn, d, now);
        if (!d->nslots || !s_connect(self, d, now))
            continue;
        for (size_t k = 0; k < d->nslots; k++) {
            s_slot_t *s = &d->slots[k];
            if (!s->sent && !s->acked && now >= s->due_mono)
                s_send(self, txn, d, s, now);
        }
        hr_arena_reset(self->arena);
    }
    s_warn_old(self, now);
out:
    hr_txn_abort(&txn);
    self->kicking = false;
}

void hr_relay_after_commit(void *relay, hr_call_t *call)
{
    HR_UNUSED(call);
    hr_relay_kick(relay);
}

static s_slot_t *s_slot_by_msg_id(s_dest_t *d, const char *msg_id)
{
    for (size_t k = 0; k < d->nslots; k++)
        if (!strcmp(d->slots[k].msg_id, msg_id))
            return &d->slots[k];
    return NULL;
}

// Deletes the acknowledged rows of d in one write transaction. HR_OK or the store's code.
static hr_rc_t s_delete_acked(hr_relay_t *self, s_dest_t *d)
{
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_write(self->opts.store, &txn);
    if (rc)
        return rc;
    for (size_t k = 0; k < d->nslots && !rc; k++) {
        s_slot_t *s = &d->slots[k];
        if (!s->acked)
            continue;
        Hr__Sys__OutboxRow *row = NULL;
        hr_rc_t grc = hr_outbox_get(txn, s->seq, self->arena, &row);
        if (grc == HR_ENOTFOUND)
            continue;
        if (grc == HR_OK && strcmp(row->msg_id, s->msg_id)) {
            hr_error("outbox.ack_mismatch", "dest=%s seq=%llu msg=%s stored=%s", d->name,
                     (unsigned long long)s->seq, s->msg_id, row->msg_id);
            continue; // never delete a row that was not the one acknowledged
        }
        unsigned char key[HR_OUTBOX_KEY_LEN];
        s_key(key, s->seq);
        rc = hr_store_del(txn, HR_DB_OUTBOX, key, sizeof key);
        if (rc == HR_ENOTFOUND)
            rc = HR_OK;
    }
    if (!rc)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    hr_arena_reset(self->arena);
    return rc;
}

// Removes acknowledged slots from the window, keeping the rest in sequence order.
static size_t s_compact(s_dest_t *d)
{
    size_t kept = 0, removed = 0;
    for (size_t k = 0; k < d->nslots; k++) {
        if (d->slots[k].acked) {
            removed++;
            continue;
        }
        d->slots[kept++] = d->slots[k];
    }
    d->nslots = kept;
    return removed;
}

// Handles one reply envelope from d. Returns true when it acknowledged a row.
static bool s_on_reply(hr_relay_t *self, s_dest_t *d, const Hr__Envelope *env, int64_t now)
{
    s_slot_t *s = s_slot_by_msg_id(d, env->correlation_id);
    if (!s || s->acked) {
        hr_debug("outbox.stale_reply", "dest=%s msg=%s", d->name, env->correlation_id);
        return false;
    }
    hr_rc_t code = env->status ? (hr_rc_t)env->status->code : HR_OK;
    if (code == HR_OK) {
        s->acked = true;
        return true;
    }
    self->stats.failures++;
    const char *why = env->status && env->status->message ? env->status->message : "";
    if (code == HR_EINVAL || code == HR_EDENIED) {
        self->stats.rejected++;
        hr_error("outbox.rejected", "dest=%s seq=%llu msg=%s rc=%s why=\"%s\" retry_ms=%lld",
                 d->name, (unsigned long long)s->seq, s->msg_id, hr_rc_name(code), why,
                 (long long)self->opts.retry_max_ms);
        s_back_off(self, s, now, true);
    } else {
        hr_warn("outbox.failed", "dest=%s seq=%llu msg=%s rc=%s", d->name,
                (unsigned long long)s->seq, s->msg_id, hr_rc_name(code));
        s_back_off(self, s, now, false);
    }
    return false;
}

void hr_relay_on_readable(hr_relay_t *self, zsock_t *sock)
{
    s_dest_t *d = NULL;
    for (size_t i = 0; i < self->ndests && !d; i++)
        if (self->dests[i].client && hr_client_socket(self->dests[i].client) == sock)
            d = &self->dests[i];
    if (!d)
        return;
    int64_t now = hr_clock_mono_ms(self->opts.clock);
    size_t acked = 0;
    for (int i = 0; i < HR_RELAY_ACK_BATCH; i++) {
        Hr__Envelope *env = NULL;
        zmsg_t *frames = NULL;
        hr_rc_t rc = hr_client_recv(d->client, self->arena, &env, &frames);
        zmsg_destroy(&frames);
        if (rc == HR_ENOTFOUND)
            break;
        if (rc == HR_OK && s_on_reply(self, d, env, now))
            acked++;
    }
    hr_arena_reset(self->arena);
    if (acked) {
        hr_rc_t rc = s_delete_acked(self, d);
        if (hr_store_grow_if_map_full(self->opts.store, rc))
            rc = s_delete_acked(self, d);
        if (rc) {
            // The rows stay; their next attempt is answered from the receiver's dedupe.
            hr_error("outbox.delete_failed", "dest=%s rows=%zu rc=%s", d->name, acked,
                     hr_rc_name(rc));
            for (size_t k = 0; k < d->nslots; k++)
                if (d->slots[k].acked) {
                    d->slots[k].acked = false;
                    s_back_off(self, &d->slots[k], now, false);
                }
        } else {
            self->stats.delivered += s_compact(d);
            d->more = true; // the window has room: look for the next rows
        }
    }
    hr_relay_kick(self);
}

void hr_relay_stats(const hr_relay_t *self, hr_relay_stats_t *stats)
{
    *stats = self->stats;
    stats->in_flight = 0;
    stats->held = 0;
    for (size_t i = 0; i < self->ndests; i++)
        for (size_t k = 0; k < self->dests[i].nslots; k++) {
            stats->in_flight++;
            if (self->dests[i].slots[k].held)
                stats->held++;
        }
}

void hr_relay_status(const hr_relay_t *self, Hr__Sys__StatusReply *reply, hr_arena_t *arena)
{
    hr_relay_stats_t st;
    hr_relay_stats(self, &st);
    const char *lines[] = {
        hr_arena_fmt(arena, "outbox_in_flight=%zu", st.in_flight),
        hr_arena_fmt(arena, "outbox_held=%zu", st.held),
        hr_arena_fmt(arena, "outbox_rejected=%llu", (unsigned long long)st.rejected),
        hr_arena_fmt(arena, "outbox_timeouts=%llu", (unsigned long long)st.timeouts),
        hr_arena_fmt(arena, "outbox_delivered=%llu", (unsigned long long)st.delivered),
    };
    size_t n = reply->n_extra + HR_ARRAY_LEN(lines);
    char **extra = hr_arena_alloc(arena, n * sizeof *extra);
    for (size_t i = 0; i < reply->n_extra; i++)
        extra[i] = reply->extra[i];
    for (size_t i = 0; i < HR_ARRAY_LEN(lines); i++)
        extra[reply->n_extra + i] = (char *)lines[i];
    reply->extra = extra;
    reply->n_extra = n;
}
