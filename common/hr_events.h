/*  hr_events - the sequenced event log of a service, its PUB hints, the sys.EventsSince reader,
 *  and hr_consumer, the durable cursor that applies another service's events exactly once.
 *
 *  Producer side, inside a handler's write transaction (STYLE.md section 9):
 *
 *      rc = hr_events_append(hr_call_txn(call), "workflow.CaseOpened", &ev.base,
 *                            hr_call_msg_id(call), now_ms, NULL);
 *      ...
 *      hr_call_after_commit(call, hr_events_after_commit, self->events);
 *
 *  Events (db `events`, key be64 seq, value hr.sys.Event) commit with the change that caused
 *  them; seq runs 1, 2, ... without gaps. After commit the PUB socket (config bus/events_endpoint)
 *  carries [type, seq] as a wake-up only: consumers never trust it to carry every event.
 *
 *  Consumer side: hr_consumer keeps the last applied seq per source in the `cursors` db and pulls
 *  sys.EventsSince {after: cursor} on start-up, on a hint and every HR_CONSUMER_POLL_MS; each
 *  batch is applied through apply() together with the new cursor in ONE write transaction, so
 *  the effect of every event happens exactly once no matter what PUB dropped or how often a
 *  reply was repeated.
 *
 *  Config keys: bus/events_endpoint (producer PUB; unset = no hints); for a consumer of source S,
 *  peers/S (its ROUTER) and peers/S_events (its PUB), each defaulting to bus/endpoint and
 *  bus/events_endpoint in <config dir>/S.cfg.
 */
#ifndef HR_EVENTS_H
#define HR_EVENTS_H

#include "hr_base.h"
#include "hr_arena.h"
#include "hr_clock.h"
#include "hr_daemon.h"
#include "hr_server.h"
#include "hr_store.h"
#include "sys.pb-c.h"

#include <czmq.h>

#define HR_EVENTS_MAX 1000                          // largest EventsSince max
#define HR_EVENTS_DEFAULT 500                       // EventsSince max when 0
#define HR_EVENTS_REPLY_MAX_BYTES (2 * 1024 * 1024) // event bodies in one reply, at most
#define HR_EVENTS_HINT_BATCH 64                     // more new events than this: one hint
#define HR_EVENTS_SEQ_TEXT 24                       // a seq as decimal text, NUL included
#define HR_CONSUMER_SOURCE_MAX 32                   // longest source name
#define HR_CONSUMER_POLL_MS (3 * HR_SECOND_MS)      // pull this often without hints
#define HR_CONSUMER_TIMEOUT_MS (5 * HR_SECOND_MS)   // wait for an EventsSince reply
#define HR_CONSUMER_HINT_DRAIN 256                  // hints read per readable event at most
#define HR_CONSUMER_POISON_TRIES 5 // batches failing on the same event before it is passed over

// Appends one event inside txn (a write transaction, borrowed): type ("<service>.<NounVerbed>"),
// msg packed now (borrowed), msg_id (the request that caused it; may be NULL), at_ms = now_ms.
// *seq_out (may be NULL) gets its seq. HR_OK, HR_EINVAL (bad type, txn unharmed), HR_EFULL,
// HR_EIO.
hr_rc_t hr_events_append(hr_txn_t *txn, const char *type, const ProtobufCMessage *msg,
                         const char *msg_id, int64_t now_ms, uint64_t *seq_out);

// Fills reply with the events after `after`, at most max (1..HR_EVENTS_MAX) and at most about
// HR_EVENTS_REPLY_MAX_BYTES of bodies (never fewer than one event when one exists), unpacked
// into arena, plus last_seq. HR_OK, HR_EINVAL (max out of range), HR_ECONFLICT (after is beyond
// the log: the consumer's cursor belongs to another history), HR_EIO.
hr_rc_t hr_events_read(hr_txn_t *txn, uint64_t after, uint32_t max, hr_arena_t *arena,
                       Hr__Sys__EventsSinceReply *reply);

typedef struct hr_events hr_events_t;

// The producer's PUB side. pub_endpoint NULL or "" = no hints (EventsSince still works).
// store is borrowed. NULL with an owned *err_out when the bind fails.
hr_events_t *hr_events_new(hr_store_t *store, const char *pub_endpoint, char **err_out);
// For a service's start(): binds bus/events_endpoint (if set), adds hr_events_routes to the
// daemon and flushes hints on the daemon's timer. NULL with an owned *err_out.
hr_events_t *hr_events_new_daemon(hr_daemon_t *daemon, char **err_out);
void hr_events_destroy(hr_events_t **self_p);
// The PUB endpoint as bound, NULL without one (borrowed).
const char *hr_events_endpoint(const hr_events_t *self);
// Publishes [type, seq] for the events committed since the last flush (a single hint for the
// newest when there are more than HR_EVENTS_HINT_BATCH). Call after commit.
void hr_events_flush(hr_events_t *self);
// An hr_after_commit_fn: flushes the hr_events_t in arg.
void hr_events_after_commit(void *events, hr_call_t *call);

// sys.EventsSince as a route table (READ), for hr_daemon_add_routes() or hr_server_add_routes();
// its handler needs no self (pass the hr_events_t or NULL).
extern const hr_route_t hr_events_routes[];

typedef struct hr_consumer hr_consumer_t;

// Applies one event inside txn (borrowed; the batch's write transaction). Any error aborts the
// whole batch and its cursor: it is tried again later, so apply must not have effects outside
// txn. An event whose apply fails (other than HR_EFULL, which grows the map) in
// HR_CONSUMER_POISON_TRIES batches in a row is passed over in the next: logged at error level
// (events.poisoned) and counted, so one event the consumer cannot take never stops every event
// after it. Its effects are not applied, and nothing of the failed tries is kept.
typedef hr_rc_t(hr_consumer_apply_fn)(void *arg, hr_txn_t *txn, const Hr__Sys__Event *ev);

typedef struct {
    const char *source;          // the producer's service name: the cursor's key (copied)
    const char *endpoint;        // the producer's ROUTER (copied)
    const char *hint_endpoint;   // the producer's PUB (copied); NULL or "" = poll only
    hr_store_t *store;           // borrowed: holds the cursor and the effects
    hr_clock_t *clock;           // borrowed
    hr_consumer_apply_fn *apply; // called for each event in order
    void *apply_arg;             // passed to apply
    uint32_t batch;              // EventsSince max; 0 = HR_EVENTS_DEFAULT
    int64_t timeout_ms;          // 0 = HR_CONSUMER_TIMEOUT_MS
} hr_consumer_opts_t;

typedef struct {
    uint64_t requests;  // EventsSince requests sent
    uint64_t batches;   // batches committed
    uint64_t applied;   // events applied
    uint64_t skipped;   // events in replies that were already applied (not applied again)
    uint64_t hints;     // PUB hints received
    uint64_t timeouts;  // requests that got no reply in time
    uint64_t failures;  // error replies and failed batches
    uint64_t poisoned;  // events passed over after HR_CONSUMER_POISON_TRIES failed batches
    uint64_t rewound;   // times the cursor was set back to the producer's head (see below)
    uint64_t caught_up; // replies after which the cursor reached the producer's last seq then
    int64_t caught_up_mono_ms; // hr_clock_mono_ms at the last of them (when caught_up > 0)
} hr_consumer_stats_t;

// Returns an owned consumer, connected but idle until the first pull. NULL with an owned
// *err_out for a bad source name or a socket that cannot connect.
hr_consumer_t *hr_consumer_new(const hr_consumer_opts_t *opts, char **err_out);
// For a service's start(): endpoints from config (see above), sockets polled by the daemon's
// loop, a pull now and every HR_CONSUMER_POLL_MS. NULL with an owned *err_out.
hr_consumer_t *hr_consumer_new_daemon(hr_daemon_t *daemon, const char *source,
                                      hr_consumer_apply_fn *apply, void *arg, char **err_out);
void hr_consumer_destroy(hr_consumer_t **self_p);
// Sends EventsSince {after: cursor} unless a request is out and not yet timed out. Never blocks.
void hr_consumer_pull(hr_consumer_t *self);
// Handles what is waiting on sock: a reply (applied in one write transaction with the cursor,
// then the next pull while the producer has more) or hints (a pull).
void hr_consumer_on_readable(hr_consumer_t *self, zsock_t *sock);
// The DEALER to the producer, and the SUB (NULL when poll only): borrowed, for the owner's poll.
zsock_t *hr_consumer_socket(hr_consumer_t *self);
zsock_t *hr_consumer_hint_socket(hr_consumer_t *self);
// The cursor as stored: the last applied seq of source (0 when none). HR_OK or HR_EIO.
hr_rc_t hr_consumer_cursor_get(hr_txn_t *txn, const char *source, uint64_t *seq_out);
void hr_consumer_stats(const hr_consumer_t *self, hr_consumer_stats_t *stats);
// For a service's sys.Status: appends "<source>_events_applied=N" and
// "<source>_events_poisoned=N" (events passed over) to rep->extra, in arena memory.
void hr_consumer_status(const hr_consumer_t *self, hr_arena_t *arena, Hr__Sys__StatusReply *rep);
// A cursor beyond the producer's log (EventsSince answers ECONFLICT: the producer's store is an
// older copy than this one, as after a restore) is set back to the producer's last seq at once -
// a probe EventsSince {after 0, max 1} asks for it - instead of skipping, for good, every event
// the producer logs up to the old cursor: logged as events.cursor_rewound (error) and counted
// per source in meta ("events_rewound/<source>"). *count_out gets that count (0 when never).
// HR_OK or HR_EIO.
hr_rc_t hr_consumer_rewound_get(hr_txn_t *txn, const char *source, uint64_t *count_out);
// The rewind itself, inside txn (a write transaction): when source's cursor is beyond last, sets
// it to last and counts it; *was_out gets the cursor it replaced (0: nothing done) and
// *count_out the count. Also for hrctl restore, which sets the cursors of the copies it puts
// back against the producers' copies before any daemon starts. HR_OK, HR_EFULL, HR_EIO.
hr_rc_t hr_consumer_cursor_rewind(hr_txn_t *txn, const char *source, uint64_t last,
                                  uint64_t *was_out, uint64_t *count_out);
// For sys.Status (hr_daemon): appends "events_cursor_rewound_<source>=N" to rep->extra (arena
// memory) for each source whose cursor was ever rewound.
void hr_consumer_status_lines(hr_txn_t *txn, hr_arena_t *arena, Hr__Sys__StatusReply *rep);
// For a request that must see every event the producer logged before it arrived (a case opened
// just before its first upload): pulls now - or, with a request out (sent earlier, so its reply
// may miss them), right after that request's reply - and returns a ticket for
// hr_consumer_is_synced. Never blocks.
uint64_t hr_consumer_sync(hr_consumer_t *self);
// True once a pull sent at or after hr_consumer_sync returned ticket was answered and everything
// the producer had logged by then is applied (committed with the cursor). Safe from any thread
// (one atomic read), for the work of a parked call waiting for it; self must outlive it (the
// owner destroys the consumer after hr_server_stop_work).
bool hr_consumer_is_synced(const hr_consumer_t *self, uint64_t ticket);
// True while an EventsSince request is out.
bool hr_consumer_is_pending(const hr_consumer_t *self);

#endif
