/*  hr_testd - two small daemons for the end-to-end tests of the outbox and the event log, built
 *  only into build/tests (never shipped). Compiled twice: with HR_TESTD_SENDER it is
 *  hr-test-sender, otherwise hr-test-receiver.
 *
 *  sender:   test.Enqueue (write) puts one outbox row test.Apply{command} for "receiver" and
 *            appends one event test.CommandQueued{command}, in the request's transaction; its
 *            relay delivers the rows, its event log answers sys.EventsSince and hints on PUB.
 *  receiver: test.Apply (write) counts each command in `applied`; an hr_consumer of "sender"'s
 *            events counts each CommandQueued in `consumed`; test.Applied (read) reports distinct
 *            commands and extra applications of both, and the consumer's cursor.
 *
 *  Counting, not setting, is the point: any second effect of one command shows up as an extra.
 */
#include "hr.h"
#include "testd.pb-c.h"

#define TD_DB_APPLIED "applied"   // be64 command -> be64 count (test.Apply)
#define TD_DB_CONSUMED "consumed" // be64 command -> be64 count (CommandQueued events)
#define TD_KEY_LEN 8
#define TD_SOURCE "sender"
#define TD_DEST "receiver"

typedef struct {
    hr_relay_t *relay;       // owned: delivers the outbox (sender)
    hr_events_t *events;     // owned: event log routes and hints (sender)
    hr_consumer_t *consumer; // owned: pulls the sender's events (receiver)
    hr_arena_t *arena;       // owned: event bodies while applying (receiver)
} td_server_t;

#ifdef HR_TESTD_SENDER

static hr_rc_t s_handle_enqueue(void *self, hr_call_t *call)
{
    td_server_t *td = self;
    const Hr__Test__EnqueueRequest *req = hr_call_request(call);
    Hr__Test__EnqueueReply *rep = hr_call_reply(call);
    if (!req->command)
        return hr_call_fail(call, HR_EINVAL, "command: must be > 0");
    hr_txn_t *txn = hr_call_txn(call);
    int64_t now_ms = hr_call_now_ms(call);
    Hr__Test__ApplyRequest apply = HR__TEST__APPLY_REQUEST__INIT;
    apply.command = req->command;
    hr_rc_t rc =
        hr_outbox_put(txn, TD_DEST, "test.Apply", &apply.base, now_ms, NULL, &rep->outbox_seq);
    if (rc)
        return hr_call_fail(call, rc, "outbox: could not store the command");
    Hr__Test__CommandQueued ev = HR__TEST__COMMAND_QUEUED__INIT;
    ev.command = req->command;
    rc = hr_events_append(txn, "test.CommandQueued", &ev.base, hr_call_msg_id(call), now_ms,
                          &rep->event_seq);
    if (rc)
        return hr_call_fail(call, rc, "events: could not store the event");
    hr_call_after_commit(call, hr_relay_after_commit, td->relay);
    hr_call_after_commit(call, hr_events_after_commit, td->events);
    return HR_OK;
}

static const hr_route_t s_routes[] = {
    {"test.Enqueue", &hr__test__enqueue_request__descriptor, &hr__test__enqueue_reply__descriptor,
     HR_ROUTE_WRITE, s_handle_enqueue},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

static hr_rc_t s_start(void *self, hr_daemon_t *daemon)
{
    td_server_t *td = self;
    char *err = NULL;
    td->events = hr_events_new_daemon(daemon, &err);
    if (!td->events) {
        hr_error("testd.start", "err=\"%s\"", err);
        hr_free(err);
        return HR_EIO;
    }
    td->relay = hr_relay_new_daemon(daemon);
    return HR_OK;
}

static void s_stop(void *self)
{
    td_server_t *td = self;
    hr_relay_destroy(&td->relay);
    hr_events_destroy(&td->events);
}

static void s_status(void *self, Hr__Sys__StatusReply *reply, hr_arena_t *arena)
{
    td_server_t *td = self;
    if (td->relay)
        hr_relay_status(td->relay, reply, arena);
}

static const hr_service_t s_service = {
    .name = "sender",
    .routes = s_routes,
    .schema_version = 1,
    .start = s_start,
    .stop = s_stop,
    .status = s_status,
};

#else // the receiver

static const char *const s_dbs[] = {TD_DB_APPLIED, TD_DB_CONSUMED, NULL};

// Adds one to the count of command in db; *count_out (may be NULL) gets the new count.
static hr_rc_t s_count(hr_txn_t *txn, const char *db, uint64_t command, uint64_t *count_out)
{
    unsigned char key[TD_KEY_LEN], val[TD_KEY_LEN];
    hr_be64_put(key, command);
    MDB_val v;
    uint64_t n = 0;
    hr_rc_t rc = hr_store_get(txn, db, key, sizeof key, &v);
    if (rc == HR_OK && v.mv_size == TD_KEY_LEN)
        n = hr_be64_get(v.mv_data);
    else if (rc != HR_OK && rc != HR_ENOTFOUND)
        return rc;
    hr_be64_put(val, n + 1);
    if (count_out)
        *count_out = n + 1;
    return hr_store_put(txn, db, key, sizeof key, val, sizeof val, 0);
}

static hr_rc_t s_handle_apply(void *self, hr_call_t *call)
{
    HR_UNUSED(self);
    const Hr__Test__ApplyRequest *req = hr_call_request(call);
    Hr__Test__ApplyReply *rep = hr_call_reply(call);
    if (!req->command)
        return hr_call_fail(call, HR_EINVAL, "command: must be > 0");
    return s_count(hr_call_txn(call), TD_DB_APPLIED, req->command, &rep->count);
}

// distinct keys, applications beyond the first, smallest and largest command in db.
static hr_rc_t s_tally(hr_txn_t *txn, const char *db, uint64_t *distinct, uint64_t *extra,
                       uint64_t *min, uint64_t *max)
{
    MDB_cursor *cursor = NULL;
    *distinct = *extra = *min = *max = 0;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), db), &cursor));
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
    while (mrc == 0) {
        if (k.mv_size == TD_KEY_LEN && v.mv_size == TD_KEY_LEN) {
            uint64_t command = hr_be64_get(k.mv_data);
            if (!*distinct)
                *min = command;
            *max = command;
            (*distinct)++;
            *extra += hr_be64_get(v.mv_data) - 1;
        }
        mrc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cursor);
    return HR_OK;
}

static hr_rc_t s_handle_applied(void *self, hr_call_t *call)
{
    HR_UNUSED(self);
    Hr__Test__AppliedReply *rep = hr_call_reply(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_rc_t rc = s_tally(txn, TD_DB_APPLIED, &rep->commands_distinct, &rep->commands_extra,
                         &rep->commands_min, &rep->commands_max);
    if (!rc)
        rc = s_tally(txn, TD_DB_CONSUMED, &rep->events_distinct, &rep->events_extra,
                     &rep->events_min, &rep->events_max);
    if (!rc)
        rc = hr_consumer_cursor_get(txn, TD_SOURCE, &rep->cursor);
    return rc;
}

static const hr_route_t s_routes[] = {
    {"test.Apply", &hr__test__apply_request__descriptor, &hr__test__apply_reply__descriptor,
     HR_ROUTE_WRITE, s_handle_apply},
    {"test.Applied", &hr__test__applied_request__descriptor, &hr__test__applied_reply__descriptor,
     HR_ROUTE_READ, s_handle_applied},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

// The consumer's apply: one more sighting of the event's command, in the batch's transaction.
static hr_rc_t s_consume(void *arg, hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    td_server_t *td = arg;
    if (strcmp(ev->type, "test.CommandQueued"))
        return HR_OK; // not ours to count; the cursor still moves past it
    Hr__Test__CommandQueued *q = (Hr__Test__CommandQueued *)protobuf_c_message_unpack(
        &hr__test__command_queued__descriptor, hr_arena_pb_allocator(td->arena), ev->body.len,
        ev->body.data);
    hr_rc_t rc = q ? s_count(txn, TD_DB_CONSUMED, q->command, NULL) : HR_EINVAL;
    hr_arena_reset(td->arena);
    return rc;
}

static hr_rc_t s_start(void *self, hr_daemon_t *daemon)
{
    td_server_t *td = self;
    td->arena = hr_arena_new(0);
    char *err = NULL;
    td->consumer = hr_consumer_new_daemon(daemon, TD_SOURCE, s_consume, td, &err);
    if (!td->consumer) {
        hr_error("testd.start", "err=\"%s\"", err);
        hr_free(err);
        return HR_EIO;
    }
    return HR_OK;
}

static void s_stop(void *self)
{
    td_server_t *td = self;
    hr_consumer_destroy(&td->consumer);
    hr_arena_destroy(&td->arena);
}

static const hr_service_t s_service = {
    .name = "receiver",
    .routes = s_routes,
    .dbs = s_dbs,
    .schema_version = 1,
    .start = s_start,
    .stop = s_stop,
};

#endif

int main(int argc, char **argv)
{
    td_server_t self = {0};
    return hr_daemon_main(&s_service, &self, argc, argv);
}
