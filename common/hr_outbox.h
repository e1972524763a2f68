/*  hr_outbox - commands to other services that commit with the change that caused them, and
 *  hr_relay, which delivers them and deletes each one only after its receiver acknowledged it.
 *
 *  Producer side, inside a handler's write transaction (STYLE.md section 9):
 *
 *      rc = hr_outbox_put(hr_call_txn(call), "notify", "notify.Send", &send.base, now_ms, NULL);
 *      ...
 *      hr_call_after_commit(call, hr_relay_after_commit, self->relay);
 *
 *  The row (db `outbox`, key be64 sequence, value hr.sys.OutboxRow) commits with the change or
 *  not at all. Its msg_id is made once, here, and every delivery attempt carries it, so the
 *  receiver's dedupe (a WRITE route) turns retries into one effect.
 *
 *  The relay sends due rows per destination in sequence order, at most max_in_flight at a time,
 *  and keeps each row until the receiver's reply (the ack) arrives; then it deletes the row in a
 *  write transaction. No reply within timeout_ms: the row waits retry_min_ms, doubling up to
 *  retry_max_ms (less up to HR_RELAY_JITTER_PCT percent), and goes again with attempt + 1. A
 *  permanent rejection (EINVAL, EDENIED: the receiver cannot take this command as it is) is
 *  logged as an error and retried on the longest back-off, counted in sys.Status. Rows are never
 *  dropped.
 *
 *  Config keys read by hr_relay_new_daemon() (environment overrides HR_OUTBOX_*):
 *      outbox/timeout_ms    wait for an ack per attempt, default HR_RELAY_TIMEOUT_MS
 *      outbox/retry_min_ms  first back-off, default HR_RELAY_RETRY_MIN_MS
 *      outbox/retry_max_ms  longest back-off, default HR_RELAY_RETRY_MAX_MS
 *      outbox/in_flight     rows out per destination, default HR_RELAY_IN_FLIGHT
 *  and peers/<dest> (or <config dir>/<dest>.cfg) for each destination's endpoint.
 */
#ifndef HR_OUTBOX_H
#define HR_OUTBOX_H

#include "hr_base.h"
#include "hr_arena.h"
#include "hr_clock.h"
#include "hr_daemon.h"
#include "hr_server.h"
#include "hr_store.h"
#include "hr_timers.h"
#include "sys.pb-c.h"

#include <czmq.h>

#define HR_OUTBOX_DEST_MAX 32                    // longest destination service name
#define HR_OUTBOX_SEQ_KEY "outbox_seq"           // meta key: last sequence number handed out
#define HR_RELAY_IN_FLIGHT 32                    // rows out per destination, default
#define HR_RELAY_IN_FLIGHT_MAX 1024              // largest outbox/in_flight accepted
#define HR_RELAY_TIMEOUT_MS 2000                 // wait for an ack, default
#define HR_RELAY_RETRY_MIN_MS 1000               // first back-off, default
#define HR_RELAY_RETRY_MAX_MS (5 * HR_MINUTE_MS) // longest back-off, default
#define HR_RELAY_JITTER_PCT 20                   // a back-off is shortened by up to this much
#define HR_RELAY_TICK_MS 250                     // timeouts and due retries are checked this often
#define HR_RELAY_MAX_DESTS 16                    // destinations one relay serves
#define HR_RELAY_ACK_BATCH 256                   // replies read per readable event at most
#define HR_RELAY_OLD_ROW_MS HR_HOUR_MS // an undelivered row older than this is warned about
#define HR_RELAY_WARN_EVERY_MS (60 * HR_SECOND_MS) // repeated warnings at most this often

// Writes one outbox row inside txn (a write transaction, borrowed): dest (service name, at most
// HR_OUTBOX_DEST_MAX bytes), type ("<service>.<VerbNoun>"), msg packed now (borrowed; nothing is
// kept), a new msg_id, created_ms = now_ms and actor (borrowed, may be NULL). *seq_out (may be
// NULL) gets the row's sequence number; sequence numbers are never reused. Returns HR_OK,
// HR_EINVAL for a bad dest or type (txn unharmed), or the store's HR_EFULL / HR_EIO (txn failed).
hr_rc_t hr_outbox_put(hr_txn_t *txn, const char *dest, const char *type,
                      const ProtobufCMessage *msg, int64_t now_ms, const Hr__Actor *actor,
                      uint64_t *seq_out);

// Reads the row at seq, unpacked into arena. HR_ENOTFOUND, HR_EIO (does not decode).
hr_rc_t hr_outbox_get(hr_txn_t *txn, uint64_t seq, hr_arena_t *arena, Hr__Sys__OutboxRow **row_out);

// created_ms of the oldest row (the lowest sequence) into *created_ms_out, 0 when the outbox is
// empty. HR_OK or HR_EIO.
hr_rc_t hr_outbox_oldest_ms(hr_txn_t *txn, int64_t *created_ms_out);

// The back-off before attempt + 1 after `attempt` failed attempts (>= 1): retry_min_ms doubled
// attempt - 1 times, capped at retry_max_ms, then shortened by rnd % 1001 thousandths of
// HR_RELAY_JITTER_PCT percent. Pure: the caller draws rnd.
int64_t hr_relay_backoff_ms(unsigned attempt, int64_t retry_min_ms, int64_t retry_max_ms,
                            uint32_t rnd);

typedef struct hr_relay hr_relay_t;

// Resolves a destination name to an endpoint: an owned string, or NULL with an owned *err_out.
typedef char *(hr_relay_endpoint_fn)(void *arg, const char *dest, char **err_out);
// Asks the owner's loop to poll sock (borrowed: it lives as long as the relay) and call
// hr_relay_on_readable() when it is readable.
typedef void(hr_relay_watch_fn)(void *arg, zsock_t *sock);

typedef struct {
    hr_store_t *store;              // borrowed: the outbox lives here
    hr_clock_t *clock;              // borrowed: mono time for timeouts and back-off
    hr_relay_endpoint_fn *endpoint; // resolves destinations
    void *endpoint_arg;             // passed to endpoint
    hr_relay_watch_fn *watch;       // called once for each destination's socket
    void *watch_arg;                // passed to watch
    size_t in_flight;               // per destination; 0 = HR_RELAY_IN_FLIGHT
    int64_t timeout_ms;             // 0 = HR_RELAY_TIMEOUT_MS
    int64_t retry_min_ms;           // 0 = HR_RELAY_RETRY_MIN_MS
    int64_t retry_max_ms;           // 0 = HR_RELAY_RETRY_MAX_MS
} hr_relay_opts_t;

typedef struct {
    uint64_t sent;      // attempts sent
    uint64_t delivered; // rows acknowledged and deleted
    uint64_t timeouts;  // attempts that got no reply in time
    uint64_t failures;  // error replies (any code), each followed by a back-off
    uint64_t rejected;  // of those, permanent rejections (EINVAL, EDENIED)
    size_t in_flight;   // rows loaded in the windows right now
    size_t held;        // rows waiting on the longest back-off after a rejection, right now
} hr_relay_stats_t;

// Returns an owned relay. Nothing is sent until the first kick. opts is copied.
hr_relay_t *hr_relay_new(const hr_relay_opts_t *opts);
// The relay of a daemon: endpoints from hr_daemon_peer_endpoint(), sockets polled by the
// daemon's loop, kicked every HR_RELAY_TICK_MS by a daemon timer, outbox/* config keys. Call it
// from the service's start(); destroy it in stop().
hr_relay_t *hr_relay_new_daemon(hr_daemon_t *daemon);
void hr_relay_destroy(hr_relay_t **self_p);

// Finds new rows, sends what is due in sequence order, turns expired attempts into back-offs.
// Call after a commit that added rows and periodically. Never blocks.
void hr_relay_kick(hr_relay_t *self);
// An hr_after_commit_fn: kicks the relay (arg) after the handler's transaction committed.
void hr_relay_after_commit(void *relay, hr_call_t *call);
// Reads the replies waiting on sock (a destination's socket), deletes acknowledged rows in one
// write transaction, then kicks.
void hr_relay_on_readable(hr_relay_t *self, zsock_t *sock);
void hr_relay_stats(const hr_relay_t *self, hr_relay_stats_t *stats);
// Adds the relay's lines to sys.Status (for a service's status hook): outbox_in_flight,
// outbox_held (rejected rows waiting), outbox_timeouts, outbox_delivered. Strings in arena.
void hr_relay_status(const hr_relay_t *self, Hr__Sys__StatusReply *reply, hr_arena_t *arena);

#endif
