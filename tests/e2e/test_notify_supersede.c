/*  e2e.notify_supersede - a newer message about the same thing supersedes what still waits, with
 *  a real hr-notify and a real SMTP server (aiosmtpd, tests/support/smtp_sink.py).
 *
 *  Waiting: the server refuses for now (451) while the employee's interview_invite (Room 9) is
 *  sent, so it waits for its retry; the server comes back and an interview_moved with the same
 *  supersede_key to the same address is accepted: the invite is superseded at once (kept, by
 *  which send, in hrctl notify log, out of hrctl notify outbox, no DeliveryFailed), the move is
 *  delivered, and a day of retries later the employee has received the move and never the
 *  invite. The same key to another address, another key and no key to the same address were
 *  waiting too, and are all delivered.
 *  In flight: the invite is with the server (a slow answer) when the move is accepted: it is left
 *  to its attempt, which the server refuses for now; it is then superseded, not retried, and
 *  again the employee's only message is the move.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"

#define WAIT_MS 20000
#define MIN_BACKOFF_S 60
#define KEY "interview:CASE-E2E"
#define EMP "employee@corp.example.com"
#define QUEUED HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED
#define SENT HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT
#define SUPERSEDED HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SUPERSEDED

static const nt_who_t s_employee = {"E0110", EMP, NULL, NULL};
static const nt_who_t s_manager = {"E0101", "manager@corp.example.com", NULL, NULL};

static const char *const s_invite[] = {"date",  "2026-12-28", "time", "10:00",
                                       "place", "Room 9",     NULL};
static const char *const s_moved[] = {
    "date", "2026-12-30", "time", "09:30", "place", "Room 11", "was", "2026-12-28 10:00", NULL};

typedef struct {
    e2e_t *c;
    hr_arena_t *arena;
    nt_peer_t sink;
} fixture_t;

static fixture_t *s_start(const char *name, const char *control)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->c = e2e_new(name);
    f->arena = hr_arena_new(0);
    char *dir = hr_strfmt("%s/smtp", e2e_dir(f->c));
    assert_int_equal(nt_peer_start(&f->sink, "smtp_sink.py", dir, 0, NULL), 0);
    hr_free(dir);
    assert_int_equal(nt_peer_control(&f->sink, control), 0);
    char url[64], backoff[16];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", f->sink.port);
    snprintf(backoff, sizeof backoff, "%d", MIN_BACKOFF_S);
    e2e_config(f->c, "notify", "smtp/url", url);
    e2e_config(f->c, "notify", "smtp/from", "hr@corp.example.com");
    e2e_config(f->c, "notify", "smtp/timeout_s", "10");
    e2e_config(f->c, "notify", "retry/min_backoff_s", backoff);
    e2e_config(f->c, "notify", "retry/max_backoff_s", "240");
    e2e_config(f->c, "notify", "retry/lifetime_s", "86400");
    assert_int_equal(e2e_start_one(f->c, "notify", NULL), 0);
    return f;
}

static void s_end(fixture_t *f)
{
    assert_int_equal(e2e_stop(&f->c), 0);
    nt_peer_free(&f->sink);
    hr_arena_destroy(&f->arena);
    hr_free(f);
}

// The one delivery of send_id.
static const Hr__Notify__Delivery *s_delivery(fixture_t *f, const char *send_id)
{
    Hr__Notify__LogReply *log = nt_e2e_log(f->c, f->arena, send_id, 10);
    assert_non_null(log);
    assert_int_equal(log->n_deliveries, 1);
    return log->deliveries[0];
}

// Waits until send_id's delivery is in state with at least min_attempts tried.
static void s_wait(fixture_t *f, const char *send_id, Hr__Notify__DeliveryState state,
                   uint32_t min_attempts)
{
    if (!nt_e2e_wait(f->c, f->arena, send_id, state, min_attempts, WAIT_MS))
        fail_msg("send %s: not in state %d after %d ms (state %d)", send_id, (int)state, WAIT_MS,
                 (int)s_delivery(f, send_id)->state);
}

// hrctl args: its output (stdout and stderr, owned); fails the test unless it exits 0.
static char *s_hrctl(fixture_t *f, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(f->c, &out, &err, args);
    if (rc)
        fail_msg("hrctl %s %s: exit %d\n%s%s", args[0], args[1], rc, out, err);
    char *both = hr_strfmt("%s%s", out ? out : "", err ? err : "");
    hr_free(out);
    hr_free(err);
    return both;
}

static void s_has(const char *text, const char *needle, bool want)
{
    if ((strstr(text, needle) != NULL) != want)
        fail_msg("%s '%s' in:\n%s", want ? "no" : "unexpected", needle, text);
}

// The subjects of the messages the employee received, in the order received ("a | b | ").
static char *s_employee_subjects(const nt_peer_t *sink)
{
    json_t *msgs = nt_peer_messages(sink);
    char *all = hr_strdup("");
    for (size_t i = 0; i < json_array_size(msgs); i++) {
        json_t *m = json_array_get(msgs, i);
        if (!nt_peer_went_to(m, false, EMP))
            continue;
        char *more = hr_strfmt("%s%s | ", all, nt_peer_str(m, "subject"));
        hr_free(all);
        all = more;
    }
    json_decref(msgs);
    return all;
}

static void test_a_waiting_invite_is_superseded_by_the_move(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-supersede", "451 -1\n"); // the server refuses for now
    int64_t seq0 = nt_e2e_last_event_seq(f->c, f->arena);
    assert_true(seq0 >= 0);
    const char *const kv[] = {"note", "e2e.notify_supersede", NULL};
    char *invite =
        nt_e2e_send_keyed(f->c, f->arena, &s_employee, "interview_invite", KEY, s_invite);
    char *other_to =
        nt_e2e_send_keyed(f->c, f->arena, &s_manager, "interview_invite", KEY, s_invite);
    char *other_key = nt_e2e_send_keyed(f->c, f->arena, &s_employee, "test", "other:1", kv);
    char *no_key = nt_e2e_send_keyed(f->c, f->arena, &s_employee, "test", NULL, kv);
    assert_non_null(invite);
    assert_non_null(other_to);
    assert_non_null(other_key);
    assert_non_null(no_key);
    const char *waiting[] = {invite, other_to, other_key, no_key};
    for (size_t i = 0; i < HR_ARRAY_LEN(waiting); i++)
        s_wait(f, waiting[i], QUEUED, 1); // tried, refused for now: waiting for the retry

    // The server is back; the meeting moves before the invite's retry.
    assert_int_equal(nt_peer_control(&f->sink, ""), 0);
    char *moved = nt_e2e_send_keyed(f->c, f->arena, &s_employee, "interview_moved", KEY, s_moved);
    assert_non_null(moved);
    const Hr__Notify__Delivery *d = s_delivery(f, invite);
    assert_int_equal(d->state, SUPERSEDED);
    assert_int_equal(d->attempts, 1);
    assert_non_null(d->superseded);
    assert_string_equal(d->superseded->by_send_id, moved);
    assert_string_equal(d->superseded->by_template, "interview_moved");
    s_has(d->last_error, "not sent: superseded by send ", true);
    for (size_t i = 1; i < HR_ARRAY_LEN(waiting); i++) {
        assert_int_equal(s_delivery(f, waiting[i])->state, QUEUED);
        assert_null(s_delivery(f, waiting[i])->superseded);
    }
    s_wait(f, moved, SENT, 1);

    // Out of the outbox, in the log with the send that superseded it.
    char *out = s_hrctl(f, (const char *[]){"notify", "outbox", NULL});
    s_has(out, hr_arena_fmt(f->arena, "%s.000", invite), false);
    s_has(out, hr_arena_fmt(f->arena, "%s.000", other_to), true);
    hr_free(out);
    out = s_hrctl(f, (const char *[]){"notify", "log", "--send", invite, NULL});
    s_has(out, "superseded", true);
    s_has(out, hr_arena_fmt(f->arena, "not sent: superseded by send %s", moved), true);
    hr_free(out);

    // The retries: the others go; a day on, the invite never did.
    assert_int_equal(e2e_clock_advance(f->c, (MIN_BACKOFF_S + 1) * HR_SECOND_MS), 0);
    for (size_t i = 1; i < HR_ARRAY_LEN(waiting); i++)
        s_wait(f, waiting[i], SENT, 2);
    assert_int_equal(e2e_clock_advance(f->c, HR_DAY_MS), 0);
    char *later = nt_e2e_send_keyed(f->c, f->arena, &s_employee, "test", NULL, kv);
    assert_non_null(later);
    s_wait(f, later, SENT, 1); // the dispatch has run past the invite's retry time
    assert_int_equal(s_delivery(f, invite)->state, SUPERSEDED);
    char *subjects = s_employee_subjects(&f->sink);
    s_has(subjects, "Meeting moved: 2026-12-30 09:30", true);
    s_has(subjects, "Meeting invitation", false);
    hr_free(subjects);
    json_t *to_manager = nt_peer_wait_for(&f->sink, false, "manager@corp.example.com",
                                          "Meeting invitation", 1, WAIT_MS);
    assert_int_equal(json_array_size(to_manager), 1);
    json_decref(to_manager);

    Hr__Notify__LogReply *log = nt_e2e_log(f->c, f->arena, NULL, 50);
    assert_non_null(log);
    assert_int_equal(log->superseded, 1);
    assert_int_equal(log->failed, 0);
    assert_int_equal(log->queued, 0);
    // Nothing failed: the workflow is told nothing.
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), seq0);
    s_end(f);
}

// Whether the server has taken the scripted 451 (at DATA): the control file no longer has it.
static bool s_refusal_taken(const nt_peer_t *sink)
{
    char *path = hr_strfmt("%s/control", sink->dir);
    char buf[256] = "";
    FILE *fp = fopen(path, "r");
    hr_free(path);
    if (!fp)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return !strstr(buf, "451");
}

static void test_an_invite_in_flight_is_not_retried_after_the_move(void **state)
{
    HR_UNUSED(state);
    // Slow answers; the first message gets a 451 after the wait.
    fixture_t *f = s_start("nt-supersede-flight", "delay 3000\n451 1\n");
    int64_t seq0 = nt_e2e_last_event_seq(f->c, f->arena);
    char *invite =
        nt_e2e_send_keyed(f->c, f->arena, &s_employee, "interview_invite", KEY, s_invite);
    assert_non_null(invite);
    for (int waited = 0; !s_refusal_taken(&f->sink); waited += 20) {
        if (waited > WAIT_MS)
            fail_msg("the invite did not reach the server's DATA");
        zclock_sleep(20);
    }
    // The invite is with the server now: the move cannot call it back.
    char *moved = nt_e2e_send_keyed(f->c, f->arena, &s_employee, "interview_moved", KEY, s_moved);
    assert_non_null(moved);
    const Hr__Notify__Delivery *d = s_delivery(f, invite);
    assert_int_equal(d->state, QUEUED);
    assert_non_null(d->superseded);
    assert_string_equal(d->superseded->by_send_id, moved);

    // Its attempt is refused for now: superseded then, not retried.
    s_wait(f, invite, SUPERSEDED, 1);
    s_wait(f, moved, SENT, 1);
    assert_int_equal(nt_peer_control(&f->sink, ""), 0);
    assert_int_equal(e2e_clock_advance(f->c, HR_DAY_MS), 0);
    // A message queued after the day goes: the dispatch has run past the invite's retry time.
    const char *const kv[] = {"note", "e2e.notify_supersede", NULL};
    char *later = nt_e2e_send_keyed(f->c, f->arena, &s_employee, "test", NULL, kv);
    assert_non_null(later);
    s_wait(f, later, SENT, 1);
    d = s_delivery(f, invite);
    assert_int_equal(d->state, SUPERSEDED);
    assert_int_equal(d->attempts, 1);
    char *subjects = s_employee_subjects(&f->sink);
    s_has(subjects, "Meeting moved: 2026-12-30 09:30", true);
    s_has(subjects, "Meeting invitation", false);
    hr_free(subjects);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), seq0);
    s_end(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_waiting_invite_is_superseded_by_the_move),
        cmocka_unit_test(test_an_invite_in_flight_is_not_retried_after_the_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
