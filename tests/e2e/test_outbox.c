/*  e2e.outbox - the two reliability mechanisms between real daemons (hr-test-sender and
 *  hr-test-receiver, tests/e2e/hr_testd.c) over real ipc sockets and real LMDB stores.
 *
 *  A: 2,000 commands go from a client through the sender's outbox to the receiver while both
 *     daemons are killed -9 at random moments (seeded; the seed is printed, HR_E2E_SEED replays
 *     it) and restarted. The client retries each command with its own msg_id across sender
 *     restarts. At the end every command was applied exactly once, none is missing, the sender's
 *     outbox is empty, and the receiver's event consumer saw every CommandQueued exactly once.
 *  B: the receiver (an event consumer) is down while 800 more events are appended; after restart
 *     it catches up, applying every event exactly once, and the outbox drains.
 *
 *  Waiting for delivery polls sys.Status and test.Applied until the work is done, within a
 *  liveness bound; nothing asserts on how long it took (the figures are printed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "hr_test.h"
#include "testd.pb-c.h"

#define N_COMMANDS 2000
#define N_BEFORE_DOWN 200       // scenario B: consumed before the receiver goes down
#define N_WHILE_DOWN 800        // scenario B: appended while it is down
#define KILL_PER_MILLE 4        // per command: chance of killing the sender, and the receiver
#define RECEIVER_DOWN_MAX 200   // commands enqueued while the receiver is down, at most
#define KILL_DELAY_MAX_US 3000  // a sender kill lands this long after a request, at most
#define ENQUEUE_TIMEOUT_MS 2000 // per attempt of test.Enqueue
#define ENQUEUE_TRIES 30        // attempts per command before the test gives up
#define DRAIN_LIMIT_MS (90 * HR_SECOND_MS) // liveness bound for delivery to finish
#define DRAIN_POLL_MS 100
#define US_PER_MS 1000
#define PER_MILLE 1000
#define SEED_MIX UINT64_C(1000003) // an odd prime spreading seconds over the seed's bits
#define NS_PER_US 1000

typedef struct {
    e2e_t *c;                // owned
    hr_clock_t *clock;       // owned
    hr_client_t *client;     // owned: the enqueuing client's DEALER to the sender
    hr_arena_t *arena;       // owned: reset per command
    uint64_t rng;            // xorshift64 state
    unsigned sender_kills;   // kill -9 of the sender so far
    unsigned receiver_kills; // kill -9 of the receiver so far
    unsigned retries;        // test.Enqueue attempts beyond the first
} ctx_t;

static uint64_t s_rand(ctx_t *x)
{
    x->rng ^= x->rng << 13;
    x->rng ^= x->rng >> 7;
    x->rng ^= x->rng << 17;
    return x->rng;
}

static uint64_t s_seed(void)
{
    const char *env = getenv("HR_E2E_SEED");
    int64_t seed = 0;
    if (env && hr_parse_i64(env, 1, INT64_MAX, &seed))
        return (uint64_t)seed;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t mix =
        ((uint64_t)ts.tv_sec * SEED_MIX) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
    return mix | 1u; // xorshift must never start at 0
}

static void s_start(ctx_t *x, const char *name)
{
    memset(x, 0, sizeof *x);
    x->rng = s_seed();
    print_message("e2e.%s: seed=%" PRIu64 " (HR_E2E_SEED=%" PRIu64 " replays it)\n", name, x->rng,
                  x->rng);
    x->c = e2e_new(name);
    char *hints = hr_strfmt("ipc://%s/run/sender-events.ipc", e2e_dir(x->c));
    e2e_config(x->c, "sender", "bus/events_endpoint", hints);
    hr_free(hints);
    e2e_config(x->c, "receiver", "log/level", "info");
    assert_int_equal(e2e_start_one(x->c, "sender", "hr-test-sender"), 0);
    assert_int_equal(e2e_start_one(x->c, "receiver", "hr-test-receiver"), 0);
    x->clock = hr_clock_system_new();
    char *err = NULL;
    x->client = hr_client_new(e2e_endpoint(x->c, "sender"), x->clock, &err);
    assert_non_null(x->client);
    x->arena = hr_arena_new(0);
}

static void s_finish(ctx_t *x)
{
    hr_client_destroy(&x->client);
    hr_arena_destroy(&x->arena);
    hr_clock_destroy(&x->clock);
    assert_int_equal(e2e_stop(&x->c), 0);
}

// Enqueues command with msg_id, retrying with the same msg_id until the sender answers OK.
static void s_enqueue(ctx_t *x, uint64_t command, const char *msg_id)
{
    Hr__Test__EnqueueRequest req = HR__TEST__ENQUEUE_REQUEST__INIT;
    req.command = command;
    hr_call_opts_t opts = {.timeout_ms = ENQUEUE_TIMEOUT_MS, .retries = -1, .msg_id = msg_id};
    for (int attempt = 0; attempt < ENQUEUE_TRIES; attempt++) {
        hr_result_t res;
        hr_rc_t rc = hr_client_call(x->client, "test.Enqueue", &req.base,
                                    &hr__test__enqueue_reply__descriptor, x->arena, &opts, &res);
        zmsg_destroy(&res.frames);
        if (rc == HR_OK)
            return;
        x->retries++;
        assert_true(rc == HR_ETIMEOUT || rc == HR_EUNAVAIL);
    }
    e2e_fail(x->c);
    fail_msg("test.Enqueue %" PRIu64 " was never answered", command);
}

// Sends test.Enqueue without waiting, then kills `service` -9 a random moment later: for the
// sender before, during or after its commit; for the receiver while the relay's row for this
// command is on its way, being applied or being acknowledged. The sender is restarted at once;
// the receiver is left down for the caller to restart.
static void s_kill_mid_request(ctx_t *x, const char *service, uint64_t command, const char *msg_id)
{
    Hr__Test__EnqueueRequest req = HR__TEST__ENQUEUE_REQUEST__INIT;
    req.command = command;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = (char *)msg_id;
    env.type = "test.Enqueue";
    env.attempt = 1;
    env.sent_at_ms = hr_clock_now_ms(x->clock);
    env.body = hr_envelope_pack_body(x->arena, &req.base);
    assert_int_equal(hr_client_send(x->client, &env, NULL), HR_OK);
    uint64_t delay_us = s_rand(x) % KILL_DELAY_MAX_US;
    struct timespec ts = {0, (long)(delay_us * NS_PER_US)};
    nanosleep(&ts, NULL);
    e2e_kill(x->c, service, SIGKILL);
    if (!strcmp(service, "sender")) {
        x->sender_kills++;
        assert_int_equal(e2e_restart(x->c, "sender"), 0);
    } else {
        x->receiver_kills++;
    }
}

static Hr__Sys__StatusReply *s_sender_status(ctx_t *x, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    if (e2e_call(x->c, "sender", "sys.Status", &req.base, &hr__sys__status_reply__descriptor, arena,
                 &res))
        return NULL;
    return res.reply;
}

static Hr__Test__AppliedReply *s_applied(ctx_t *x, hr_arena_t *arena)
{
    Hr__Test__AppliedRequest req = HR__TEST__APPLIED_REQUEST__INIT;
    hr_result_t res;
    if (e2e_call(x->c, "receiver", "test.Applied", &req.base, &hr__test__applied_reply__descriptor,
                 arena, &res))
        return NULL;
    return res.reply;
}

// Waits until the sender's outbox is empty and the receiver's cursor reached the sender's last
// event, which must be n. Returns the final readings (arena) and the ms it took.
static int64_t s_wait_drained(ctx_t *x, uint64_t n, hr_arena_t *arena,
                              Hr__Sys__StatusReply **status_out,
                              Hr__Test__AppliedReply **applied_out)
{
    int64_t t0 = hr_clock_mono_ms(x->clock);
    for (;;) {
        Hr__Sys__StatusReply *st = s_sender_status(x, arena);
        Hr__Test__AppliedReply *ap = s_applied(x, arena);
        if (st && ap && st->outbox_depth == 0 && st->last_event_seq == n && ap->cursor == n) {
            *status_out = st;
            *applied_out = ap;
            return hr_clock_mono_ms(x->clock) - t0;
        }
        if (hr_clock_mono_ms(x->clock) - t0 > DRAIN_LIMIT_MS) {
            e2e_fail(x->c);
            fail_msg("not drained: outbox_depth=%" PRIu64 " last_event_seq=%" PRIu64
                     " cursor=%" PRIu64 " commands_distinct=%" PRIu64,
                     st ? st->outbox_depth : UINT64_MAX, st ? st->last_event_seq : UINT64_MAX,
                     ap ? ap->cursor : UINT64_MAX, ap ? ap->commands_distinct : UINT64_MAX);
        }
        struct timespec ts = {0, DRAIN_POLL_MS * US_PER_MS * NS_PER_US};
        nanosleep(&ts, NULL);
    }
}

// How many lines of service's log (every run of it so far) hold needle.
static unsigned s_log_count(ctx_t *x, const char *service, const char *needle)
{
    char *path = hr_strfmt("%s/log/%s.log", e2e_dir(x->c), service);
    char *text = hr_test_read_file(path, NULL);
    hr_free(path);
    unsigned n = 0;
    for (const char *p = text ? strstr(text, needle) : NULL; p; p = strstr(p + 1, needle))
        n++;
    hr_free(text);
    return n;
}

static void s_print_relay(ctx_t *x, const Hr__Sys__StatusReply *st)
{
    for (size_t i = 0; i < st->n_extra; i++)
        print_message("  sender since its last start: %s\n", st->extra[i]);
    print_message("  sender log, all runs: %u outbox.timeout, %u outbox.retry, %u request.replayed "
                  "(a client retry of a committed command); receiver log: %u "
                  "events.pull_timeout\n",
                  s_log_count(x, "sender", "ev=outbox.timeout"),
                  s_log_count(x, "sender", "ev=outbox.retry"),
                  s_log_count(x, "sender", "ev=request.replayed"),
                  s_log_count(x, "receiver", "ev=events.pull_timeout"));
}

// Every command 1..n applied exactly once through the outbox and seen once as an event.
static void s_assert_exactly_once(const Hr__Test__AppliedReply *ap, const Hr__Sys__StatusReply *st,
                                  uint64_t n)
{
    assert_int_equal(ap->commands_distinct, n);
    assert_int_equal(ap->commands_extra, 0);
    assert_int_equal(ap->commands_min, 1);
    assert_int_equal(ap->commands_max, n);
    assert_int_equal(ap->events_distinct, n);
    assert_int_equal(ap->events_extra, 0);
    assert_int_equal(ap->events_min, 1);
    assert_int_equal(ap->events_max, n);
    assert_int_equal(ap->cursor, n);
    assert_int_equal(st->outbox_depth, 0);
    assert_int_equal(st->outbox_oldest_ms, 0);
    assert_int_equal(st->last_event_seq, n);
}

static void test_2000_commands_exactly_once_while_both_sides_are_killed(void **state)
{
    HR_UNUSED(state);
    ctx_t x;
    s_start(&x, "outbox");
    int64_t t0 = hr_clock_mono_ms(x.clock);
    bool receiver_up = true;
    uint64_t down_left = 0;
    for (uint64_t command = 1; command <= N_COMMANDS; command++) {
        char msg_id[HR_ID_LEN + 1];
        hr_id_make(hr_clock_now_ms(x.clock), msg_id); // the client's own id, kept across retries
        bool force = command == N_COMMANDS / 2; // at least one kill of each, whatever the seed
        if (receiver_up &&
            (s_rand(&x) % PER_MILLE < KILL_PER_MILLE || (force && !x.receiver_kills))) {
            s_kill_mid_request(&x, "receiver", command, msg_id);
            receiver_up = false;
            down_left = s_rand(&x) % RECEIVER_DOWN_MAX;
        } else if (s_rand(&x) % PER_MILLE < KILL_PER_MILLE || (force && !x.sender_kills)) {
            s_kill_mid_request(&x, "sender", command, msg_id);
        }
        s_enqueue(&x, command, msg_id);
        if (!receiver_up && down_left-- == 0) {
            assert_int_equal(e2e_restart(x.c, "receiver"), 0);
            receiver_up = true;
        }
        hr_arena_reset(x.arena);
    }
    if (!receiver_up)
        assert_int_equal(e2e_restart(x.c, "receiver"), 0);
    int64_t enqueued_ms = hr_clock_mono_ms(x.clock) - t0;

    hr_arena_t *arena = hr_arena_new(0);
    Hr__Sys__StatusReply *st = NULL;
    Hr__Test__AppliedReply *ap = NULL;
    int64_t drain_ms = s_wait_drained(&x, N_COMMANDS, arena, &st, &ap);
    print_message("e2e.outbox: %d commands, sender killed %u times, receiver killed %u times, "
                  "%u client retries; enqueued in %lld ms, drained %lld ms later\n",
                  N_COMMANDS, x.sender_kills, x.receiver_kills, x.retries, (long long)enqueued_ms,
                  (long long)drain_ms);
    s_print_relay(&x, st);
    s_assert_exactly_once(ap, st, N_COMMANDS);
    assert_true(x.sender_kills >= 1);
    assert_true(x.receiver_kills >= 1);
    hr_arena_destroy(&arena);
    s_finish(&x);
}

static void test_a_consumer_that_was_down_catches_up_exactly_once(void **state)
{
    HR_UNUSED(state);
    ctx_t x;
    s_start(&x, "catchup");
    hr_arena_t *arena = hr_arena_new(0);
    uint64_t command = 0;
    for (; command < N_BEFORE_DOWN; command++) {
        char msg_id[HR_ID_LEN + 1];
        hr_id_make(hr_clock_now_ms(x.clock), msg_id);
        s_enqueue(&x, command + 1, msg_id);
        hr_arena_reset(x.arena);
    }
    Hr__Sys__StatusReply *st = NULL;
    Hr__Test__AppliedReply *ap = NULL;
    s_wait_drained(&x, N_BEFORE_DOWN, arena, &st, &ap);
    s_assert_exactly_once(ap, st, N_BEFORE_DOWN);

    e2e_kill(x.c, "receiver", SIGKILL);
    for (; command < N_BEFORE_DOWN + N_WHILE_DOWN; command++) {
        char msg_id[HR_ID_LEN + 1];
        hr_id_make(hr_clock_now_ms(x.clock), msg_id);
        s_enqueue(&x, command + 1, msg_id);
        hr_arena_reset(x.arena);
    }
    st = s_sender_status(&x, arena);
    assert_non_null(st);
    assert_int_equal(st->last_event_seq, N_BEFORE_DOWN + N_WHILE_DOWN);
    assert_true(st->outbox_depth > 0); // nobody to deliver to: the rows wait
    assert_true(st->outbox_oldest_ms > 0);

    assert_int_equal(e2e_restart(x.c, "receiver"), 0);
    int64_t drain_ms = s_wait_drained(&x, N_BEFORE_DOWN + N_WHILE_DOWN, arena, &st, &ap);
    print_message("e2e.catchup: %d events behind, caught up and drained in %lld ms\n", N_WHILE_DOWN,
                  (long long)drain_ms);
    s_print_relay(&x, st);
    s_assert_exactly_once(ap, st, N_BEFORE_DOWN + N_WHILE_DOWN);
    hr_arena_destroy(&arena);
    s_finish(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_2000_commands_exactly_once_while_both_sides_are_killed),
        cmocka_unit_test(test_a_consumer_that_was_down_catches_up_exactly_once),
    };
    return cmocka_run_group_tests_name("e2e.outbox", tests, NULL, NULL);
}
