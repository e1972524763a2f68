/*  hr_server - the ROUTER side of the bus: route table, decode, dedupe, transaction, reply.
 *
 *  hr_server_dispatch() does, for every message and always in this order (STYLE.md section 8):
 *  check the frames and the envelope (bad -> EINVAL reply, or dropped and counted when no reply
 *  is possible), look up the route (unknown -> EINVAL), check deadline_ms (passed -> ETIMEOUT),
 *  unpack the body into the call's arena, open a read or write transaction; for WRITE routes
 *  look up msg_id in `dedupe` and resend the stored reply without calling the handler; call the
 *  handler; on HR_OK store the reply under msg_id, commit, then send; on error abort, then send
 *  the error. On HR_EFULL the map grows and the message is tried once more.
 *
 *  Handlers see only hr_call_t. Everything they allocate comes from hr_call_arena(), freed in
 *  one go after the reply is sent.
 *
 *  Long work (verifying every blob, copying a store) does not stop the server: the handler
 *  parks the call with the work (hr_call_park), which runs on a thread of its own while the
 *  server answers everyone else; when it ends, the very request is run again from the start
 *  and its handler finds what the work left.
 */
#ifndef HR_SERVER_H
#define HR_SERVER_H

#include "hr_base.h"
#include "hr_arena.h"
#include "hr_clock.h"
#include "hr_id.h"
#include "hr_store.h"
#include "envelope.pb-c.h"

#include <czmq.h>
#include <stdarg.h>

typedef struct hr_server hr_server_t;
typedef struct hr_call hr_call_t;

typedef hr_rc_t(hr_handler_fn)(void *self, hr_call_t *call);
// Runs after the call's transaction committed and before the reply is sent.
typedef void(hr_after_commit_fn)(void *arg, hr_call_t *call);

typedef enum {
    HR_ROUTE_READ = 0, // read transaction, no dedupe
    HR_ROUTE_WRITE,    // write transaction, deduplicated by msg_id, reply stored with the effect
} hr_route_kind_t;

typedef struct {
    const char *type;                          // "workflow.OpenCase"; NULL ends a table
    const ProtobufCMessageDescriptor *request; // body of the request
    const ProtobufCMessageDescriptor *reply;   // body of the reply
    hr_route_kind_t kind;                      // read or write
    hr_handler_fn *handler;                    // the work
} hr_route_t;

typedef struct {
    uint64_t requests;   // messages that reached a route
    uint64_t dropped;    // frames dropped without a reply (no tag, unknown tag, no envelope)
    uint64_t rejected;   // error replies for bad envelopes, unknown types, bad bodies
    uint64_t expired;    // requests answered ETIMEOUT because deadline_ms had passed
    uint64_t replayed;   // write requests answered from dedupe
    uint64_t unroutable; // replies whose caller had gone
    uint64_t parked;     // requests parked until work in the background ended
    uint64_t waiting;    // of those, parked now
} hr_server_stats_t;

#define HR_SERVER_MAX_TABLES 4
#define HR_SERVER_BATCH 64                // messages handled per dispatch call at most
#define HR_CALL_MESSAGE_MAX 1024          // bytes of a status message from hr_call_fail (cut)
#define HR_DEDUPE_KEEP_MS (7 * HR_DAY_MS) // longer than any retry window
#define HR_DEDUPE_PRUNE_BATCH 256         // rows removed per prune call at most
#define HR_SERVER_MAX_PARKED 16           // requests waiting for background work at most

// Binds a ROUTER (router_mandatory, maxmsgsize) at endpoint. store and clock are borrowed and
// must outlive the server. NULL with an owned *err_out when the bind fails.
hr_server_t *hr_server_new(const char *endpoint, hr_store_t *store, hr_clock_t *clock,
                           char **err_out);
void hr_server_destroy(hr_server_t **self_p);
// Adds a route table (NULL-terminated, borrowed, static) whose handlers receive self.
// Tables are searched in the order added.
void hr_server_add_routes(hr_server_t *server, const hr_route_t *routes, void *self);
zsock_t *hr_server_socket(hr_server_t *server);
const char *hr_server_endpoint(const hr_server_t *server);
// Handles the messages waiting on the socket (at most HR_SERVER_BATCH) without blocking.
void hr_server_dispatch(hr_server_t *server);
// True when the last hr_server_dispatch() ended on an empty socket; false before the first one,
// after one that stopped at HR_SERVER_BATCH, and after an hr_server_wake() that sent replies
// (a send may take the ZMQ_FD edge of requests that arrived meanwhile). A loop polling the
// socket's ZMQ_FD (which is edge-triggered) must dispatch again without waiting while false.
bool hr_server_drained(const hr_server_t *server);
void hr_server_stats(const hr_server_t *server, hr_server_stats_t *stats);
// Removes dedupe rows older than HR_DEDUPE_KEEP_MS (at most a batch). Returns rows removed.
size_t hr_server_prune(hr_server_t *server);
// The descriptor hr_server_wake() serves: readable when background work has ended.
int hr_server_wake_fd(const hr_server_t *server);
// Runs again each parked call whose work has ended (see hr_call_park); never blocks for long.
void hr_server_wake(hr_server_t *server);
// Asks running work to stop (hr_work_stopping turns true) and waits for every work thread.
// Parked calls get no reply. Before the service frees what the work uses.
void hr_server_stop_work(hr_server_t *server);
// Test hook (hr_daemon sets it only with --test-hooks, from test/exit_after_commit): the process
// ends (_exit) right after committing a write of this type, before its reply leaves - the
// "committed but the reply was lost" case of reliability P3. NULL or "" = never.
void hr_server_set_exit_after_commit(hr_server_t *server, const char *type);
// Test hook (hr_daemon sets it only with --test-hooks, from test/work_gate): background work
// (hr_call_park) starts only once the file at path is gone, so a test fixes the order of events
// instead of relying on timing. NULL or "" = never waits.
void hr_server_set_work_gate(hr_server_t *server, const char *path);

// The call, as a handler sees it. Everything borrowed is valid until the handler returns.
const void *hr_call_request(hr_call_t *call); // the unpacked request body
void *hr_call_reply(hr_call_t *call);         // the reply body, initialised, in the arena
const Hr__Envelope *hr_call_envelope(hr_call_t *call);
const Hr__Actor *hr_call_actor(hr_call_t *call); // never NULL (an empty actor when absent)
const char *hr_call_msg_id(hr_call_t *call);
int64_t hr_call_now_ms(hr_call_t *call); // one clock reading per message
hr_arena_t *hr_call_arena(hr_call_t *call);
hr_txn_t *hr_call_txn(hr_call_t *call);
// Extra frames after the envelope (file chunks); borrowed, may be NULL.
zmsg_t *hr_call_frames_in(hr_call_t *call);
// Appends a frame to the reply (takes ownership, nulls *frame_p). Read routes only: stored
// replies of write routes carry no extra frames.
void hr_call_frame_out(hr_call_t *call, zframe_t **frame_p);
// Sets the error status for the reply and returns rc, so handlers write
// `return hr_call_fail(call, HR_EINVAL, "ground: unknown ground '%s'", g);`.
hr_rc_t hr_call_fail(hr_call_t *call, hr_rc_t rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
// hr_call_fail with a va_list, for helpers that fail the call and then clean up.
hr_rc_t hr_call_failv(hr_call_t *call, hr_rc_t rc, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
// hr_call_fail for a refusal people read (HR, line managers): zh is the same in Chinese, said
// first (Status.message_zh), and both say what to do next - who may do it, with which command.
// zh is copied (build it with hr_arena_fmt); NULL or "" sends the English alone, as
// hr_call_fail does. A later hr_call_fail or hr_call_failv on the call drops this zh.
//     return hr_call_fail_zh(call, HR_EDENIED, hr_arena_fmt(arena, "只有……：%s", cmd),
//                            "only ...: %s", cmd);
hr_rc_t hr_call_fail_zh(hr_call_t *call, hr_rc_t rc, const char *zh, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
// Work for a parked call: runs on a thread of its own, with no transaction and no call; it may
// read the store in transactions of its own (hr_store_reader_begin) and should return soon
// once hr_work_stopping() says the daemon is stopping.
typedef void(hr_work_fn)(const hr_server_t *server, void *arg);
bool hr_work_stopping(const hr_server_t *server);
// Parks the call until work(arg) has run on a thread of its own: nothing the handler wrote in
// its transaction is kept and no reply leaves now, while the server goes on serving. When the
// work has returned, the same request is run again from the start - dedupe, transaction,
// handler, reply; its deadline is not checked again - and the handler, finding its record of
// the work (kept under hr_call_msg_id()) and hr_call_resumed() true, answers from it. work
// NULL parks the call until the work already started under the same msg_id ends (a retry
// arriving meanwhile); a call parked again under a msg_id replaces the one parked before (its
// caller waits for the newest attempt). Returns HR_OK (the handler returns it), or HR_EUNAVAIL
// with a message when HR_SERVER_MAX_PARKED calls wait already or no thread can start, or
// HR_ECONFLICT when the msg_id waits for another request (another caller, type or body): then
// work never runs. A resumed write whose commit found the map full runs once more after the
// map grew (as any write); a handler that dropped its record by then starts the work again.
//     return hr_call_park(call, s_verify_work, job);
hr_rc_t hr_call_park(hr_call_t *call, hr_work_fn *work, void *arg);
// A handler's record of its background work, kept from the run that parks to the run that
// answers, in a list of the handler's: the first member of the service's own record.
typedef struct hr_job hr_job_t;
struct hr_job {
    hr_job_t *next;             // in the handler's list
    char msg_id[HR_ID_LEN + 1]; // the request it answers
};
// The handler's first step with a list of jobs. Returns the call's job taken out of *list when
// the call runs again after its work (answer from it, then free it); otherwise NULL, with
// *running true for a retry that arrived while the work runs (the handler returns
// hr_call_park(call, NULL, NULL)) and false when there is no job yet (make one and
// hr_call_park_job).
hr_job_t *hr_call_job(hr_call_t *call, hr_job_t **list, bool *running);
// hr_call_park with job as work's argument; job goes into *list under the call's msg_id when
// the call parked. On failure job is not in the list and the handler frees it.
hr_rc_t hr_call_park_job(hr_call_t *call, hr_job_t **list, hr_job_t *job, hr_work_fn *work);
// True when the call runs again after its work ended (the work's thread has been joined: what
// it left may be read without locks). A retry that arrives while the work runs is not resumed.
bool hr_call_resumed(const hr_call_t *call);
// For a WRITE route's handler whose call wrote nothing this time (a read it chose not to record,
// e.g. evidence's Stat by the operator): the call is finished as a read route's is - the
// transaction is aborted, not committed (no fsync; it answers on a full disk), no reply is
// stored for dedupe (a retry runs the handler again), and the after-commit hooks run. Only when
// the handler wrote nothing through hr_call_txn() (what it wrote would be dropped).
void hr_call_store_nothing(hr_call_t *call);
// For a WRITE route's handler whose write is worth committing but whose reply is not worth
// keeping (evidence's Stat and List by a person: one audit entry, and a reply that may be large):
// the transaction commits as usual (fsync, after-commit hooks, refused on a full disk), but no
// dedupe row and no reply are stored. A retry of the same msg_id runs the handler again - for an
// audited read, one more audit entry. Use it only where running twice is harmless.
void hr_call_no_replay(hr_call_t *call);
// Registers fn to run after commit (at most HR_CALL_MAX_HOOKS per call).
#define HR_CALL_MAX_HOOKS 4
void hr_call_after_commit(hr_call_t *call, hr_after_commit_fn *fn, void *arg);
// Registers fn to run when this run's transaction does not commit - the handler failed after
// registering it, the commit failed, or the map was full and the message runs again - for what
// the handler made outside the store (a session, a buffer). At most HR_CALL_MAX_HOOKS.
void hr_call_after_abort(hr_call_t *call, hr_after_commit_fn *fn, void *arg);

#endif
