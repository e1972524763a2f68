/*  e2e.notify_hold - sending held and released, with a real hr-notify and a real SMTP server
 *  (aiosmtpd, tests/support/smtp_sink.py): while held, two sends are accepted and queued and the
 *  server receives nothing; sys.Status, hrctl notify outbox and hrctl health say so; the hold
 *  outlasts a restart and two days on the clock; the release sends both exactly once, and the
 *  days held do not count against their lifetime (the first attempt after it fails for now and
 *  is retried, not expired). Only the operator (hrctl's identity) may hold or release.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"

#define WAIT_MS 15000
#define POLL_MS 50

static const nt_who_t s_employee = {"E0110", "employee@corp.example.com", NULL, NULL};
static const nt_who_t s_manager = {"E0101", "manager@corp.example.com", NULL, NULL};

// The sys.Status extra line of notify that starts with "held=".
static const char *s_held_line(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "notify", "sys.Status", &req.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    const Hr__Sys__StatusReply *st = res.reply;
    for (size_t i = 0; i < st->n_extra; i++)
        if (!strncmp(st->extra[i], "held=", 5))
            return st->extra[i];
    fail_msg("sys.Status has no held= line");
    return NULL;
}

static char *s_hrctl(e2e_t *c, int want, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, not %d\n%s%s", args[0], args[1] ? args[1] : "", rc, want,
                 out, err);
    hr_free(err);
    return out;
}

// notify.HoldSending / ReleaseSending as a person (U-HR-1) with role, not the operator.
static hr_rc_t s_call_as(e2e_t *c, const char *role, const char *type, const ProtobufCMessage *req,
                         const ProtobufCMessageDescriptor *desc, hr_arena_t *arena,
                         hr_result_t *res)
{
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new(e2e_endpoint(c, "notify"), clock, &err);
    assert_non_null(client);
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {(char *)role};
    actor.user_id = "U-HR-1";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.actor = &actor};
    hr_rc_t rc = hr_client_call(client, type, req, desc, arena, &opts, res);
    zmsg_destroy(&res->frames);
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    return rc;
}

static void test_held_messages_wait_and_go_once_released(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("nt-hold");
    hr_arena_t *arena = hr_arena_new(0);
    nt_peer_t sink = {0};
    char *dir = hr_strfmt("%s/smtp", e2e_dir(c));
    assert_int_equal(nt_peer_start(&sink, "smtp_sink.py", dir, 0, NULL), 0);
    hr_free(dir);
    // The first attempt of each after the release is answered 451: retried, or - had the days
    // held counted against the one-day lifetime - failed as expired.
    assert_int_equal(nt_peer_control(&sink, "451 2\n"), 0);
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink.port);
    e2e_config(c, "notify", "smtp/url", url);
    e2e_config(c, "notify", "smtp/from", "hr@corp.example.com");
    e2e_config(c, "notify", "smtp/timeout_s", "5");
    e2e_config(c, "notify", "retry/min_backoff_s", "60");
    e2e_config(c, "notify", "retry/max_backoff_s", "240");
    e2e_config(c, "notify", "retry/lifetime_s", "86400");
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    assert_string_equal(s_held_line(c, arena), "held=0");

    char *out =
        s_hrctl(c, 0, (const char *[]){"notify", "hold", "--reason", "checking the queue", NULL});
    assert_non_null(strstr(out, "notify: sending held; 0 messages waiting"));
    hr_free(out);
    // Twice: said plainly, nothing changed (the first reason stays).
    out = s_hrctl(c, 0, (const char *[]){"notify", "hold", "--reason", "another", NULL});
    assert_non_null(strstr(out, "already held; nothing changed"));
    assert_non_null(strstr(out, "by operator: checking the queue"));
    hr_free(out);
    // Nobody but the operator holds or releases.
    hr_result_t res;
    Hr__Notify__HoldSendingRequest hreq = HR__NOTIFY__HOLD_SENDING_REQUEST__INIT;
    assert_int_equal(s_call_as(c, "hr", "notify.HoldSending", &hreq.base,
                               &hr__notify__hold_sending_reply__descriptor, arena, &res),
                     HR_EDENIED);
    assert_non_null(strstr(res.message, "only an operator may hold sending"));
    Hr__Notify__ReleaseSendingRequest rreq = HR__NOTIFY__RELEASE_SENDING_REQUEST__INIT;
    assert_int_equal(s_call_as(c, "hr", "notify.ReleaseSending", &rreq.base,
                               &hr__notify__release_sending_reply__descriptor, arena, &res),
                     HR_EDENIED);
    assert_non_null(strstr(res.message, "only an operator may release sending"));
    // A person claiming the role is not the operator either (hr_actor_is_operator).
    assert_int_equal(s_call_as(c, "operator", "notify.ReleaseSending", &rreq.base,
                               &hr__notify__release_sending_reply__descriptor, arena, &res),
                     HR_EDENIED);

    // Two sends while held: accepted and queued, nothing handed to the SMTP server.
    const char *const kv[] = {"note", "e2e.notify_hold", NULL};
    char *one = nt_e2e_send(c, arena, &s_employee, 1, NULL, 0, NULL, 0, "test", "en", kv);
    char *two = nt_e2e_send(c, arena, &s_manager, 1, NULL, 0, NULL, 0, "test", "en", kv);
    assert_non_null(one);
    assert_non_null(two);
    const char *line = NULL;
    for (int i = 0; i < WAIT_MS / POLL_MS; i++) { // a dispatch pass saw both and the hold
        line = s_held_line(c, arena);
        if (strstr(line, " held_queued=2 "))
            break;
        zclock_sleep(POLL_MS);
    }
    assert_non_null(strstr(line, "held=1 held_since_ms="));
    assert_non_null(strstr(line, " held_by=operator held_queued=2 held_reason=checking the queue"));
    Hr__Notify__LogReply *log = nt_e2e_log(c, arena, NULL, 10);
    assert_int_equal(log->n_deliveries, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(log->deliveries[i]->state,
                         HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
        assert_int_equal(log->deliveries[i]->attempts, 0);
    }
    assert_non_null(log->hold);
    assert_int_equal(nt_peer_count(&sink), 0);
    out = s_hrctl(c, 0, (const char *[]){"notify", "outbox", NULL});
    assert_non_null(strstr(out, one));
    assert_non_null(strstr(out, two));
    assert_non_null(strstr(out, "sending held since"));
    assert_non_null(strstr(out, "by operator: checking the queue"));
    hr_free(out);
    // hrctl health: the other daemons are not running here (exit 1); notify's line is there.
    out = s_hrctl(c, 1, (const char *[]){"health", NULL});
    assert_non_null(strstr(out, "notify: holding 2 messages since "));
    assert_non_null(strstr(out, " UTC+08:00 (checking the queue); check them with `hrctl notify "
                                "outbox` (`hrctl notify drop ID --reason TEXT` for one that "
                                "must not go), then `hrctl notify release`"));
    hr_free(out);

    // Held across a restart, and for two days: still nothing sent, nothing tried.
    assert_int_equal(e2e_stop_one(c, "notify"), 0);
    assert_int_equal(e2e_restart(c, "notify"), 0);
    assert_int_equal(e2e_clock_advance(c, 2 * HR_DAY_MS), 0);
    assert_non_null(strstr(s_held_line(c, arena), "held=1 "));
    log = nt_e2e_log(c, arena, NULL, 10);
    assert_int_equal(log->deliveries[0]->attempts + log->deliveries[1]->attempts, 0);
    assert_int_equal(nt_peer_count(&sink), 0);

    out = s_hrctl(c, 0, (const char *[]){"notify", "release", NULL});
    assert_non_null(strstr(out, "notify: released; 2 messages waiting go out now"));
    assert_non_null(strstr(out, "checking the queue"));
    hr_free(out);
    out = s_hrctl(c, 0, (const char *[]){"notify", "release", NULL});
    assert_non_null(strstr(out, "sending was not held; nothing changed"));
    hr_free(out);
    assert_string_equal(s_held_line(c, arena), "held=0");
    // Each first attempt got 451: a retry (the held days are not its lifetime), then sent.
    const char *sends[] = {one, two};
    for (size_t i = 0; i < 2; i++) {
        log = nt_e2e_wait(c, arena, sends[i], HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1,
                          WAIT_MS);
        assert_non_null(log);
        assert_non_null(strstr(log->deliveries[0]->last_error, "451"));
        assert_true(log->deliveries[0]->held_ms >= 2 * HR_DAY_MS);
    }
    assert_int_equal(e2e_clock_advance(c, 5 * HR_MINUTE_MS), 0);
    for (size_t i = 0; i < 2; i++) {
        log = nt_e2e_wait(c, arena, sends[i], HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2,
                          WAIT_MS);
        assert_non_null(log);
        assert_int_equal(log->deliveries[0]->attempts, 2);
    }
    // Exactly once each.
    assert_int_equal(nt_peer_count(&sink), 2);
    json_t *msgs = nt_peer_messages(&sink);
    const char *a =
        json_string_value(json_array_get(json_object_get(json_array_get(msgs, 0), "rcpt_tos"), 0));
    const char *b =
        json_string_value(json_array_get(json_object_get(json_array_get(msgs, 1), "rcpt_tos"), 0));
    assert_non_null(a);
    assert_non_null(b);
    assert_string_not_equal(a, b);
    json_decref(msgs);

    nt_peer_free(&sink);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// An email queued while no relay was configured (the shipped notify.cfg, a company still setting
// up its relay, a restore on a disaster-recovery machine) goes by the relay configured when it
// is sent: the SMTP server gets it and nothing is written to file/dir. Before, the transport
// was fixed when the send was accepted: released, it went to file/dir and was logged as sent.
static void test_an_email_queued_before_the_relay_was_set_goes_by_the_relay(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("nt-hold-relay");
    hr_arena_t *arena = hr_arena_new(0);
    nt_peer_t sink = {0};
    char *dir = hr_strfmt("%s/smtp", e2e_dir(c));
    assert_int_equal(nt_peer_start(&sink, "smtp_sink.py", dir, 0, NULL), 0);
    hr_free(dir);
    char *mail_dir = hr_strfmt("%s/mail", e2e_dir(c));
    e2e_config(c, "notify", "file/dir", mail_dir);
    e2e_config(c, "notify", "smtp/from", "hr@corp.example.com");
    e2e_config(c, "notify", "smtp/timeout_s", "5");
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0); // no smtp/url: email goes to file/dir

    char *out = s_hrctl(c, 0, (const char *[]){"notify", "hold", "--reason", "relay", NULL});
    hr_free(out);
    const char *const kv[] = {"note", "e2e.notify_hold", NULL};
    char *send_id = nt_e2e_send(c, arena, &s_employee, 1, NULL, 0, NULL, 0, "test", "en", kv);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_log(c, arena, send_id, 10);
    assert_int_equal(log->n_deliveries, 1);
    assert_string_equal(log->deliveries[0]->transport, "file"); // what it would go by now

    // The relay is configured (HR_SMTP_URL, as a restore's operator would), then released.
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink.port);
    assert_int_equal(e2e_stop_one(c, "notify"), 0);
    setenv("HR_SMTP_URL", url, 1);
    setenv("HR_SMTP_TLS", "none", 1);
    int restarted = e2e_restart(c, "notify");
    unsetenv("HR_SMTP_URL");
    unsetenv("HR_SMTP_TLS");
    assert_int_equal(restarted, 0);
    out = s_hrctl(c, 0, (const char *[]){"notify", "outbox", NULL});
    char *row = strstr(out, send_id);
    assert_non_null(row);
    assert_non_null(strchr(row, '\n'));
    *strchr(row, '\n') = '\0';
    assert_non_null(strstr(row, " email    smtp     queued")); // what it goes by now
    hr_free(out);
    out = s_hrctl(c, 0, (const char *[]){"notify", "release", NULL});
    assert_non_null(strstr(out, "notify: released; 1 message waiting go"));
    hr_free(out);

    log =
        nt_e2e_wait(c, arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    assert_string_equal(log->deliveries[0]->transport, "smtp"); // what it went by
    assert_int_equal(nt_peer_wait(&sink, 1, WAIT_MS), 1);
    json_t *msgs = nt_peer_messages(&sink);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(json_array_get(msgs, 0), "rcpt_tos"), 0)),
        "employee@corp.example.com");
    json_decref(msgs);
    char *eml = hr_strfmt("%s/%s.eml", mail_dir, log->deliveries[0]->id);
    assert_int_equal(access(eml, F_OK), -1); // nothing went to file/dir
    hr_free(eml);
    out = s_hrctl(c, 0, (const char *[]){"notify", "log", "--send", send_id, NULL});
    assert_non_null(strstr(out, "email    smtp     sent"));
    hr_free(out);

    hr_free(mail_dir);
    nt_peer_free(&sink);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_held_messages_wait_and_go_once_released),
        cmocka_unit_test(test_an_email_queued_before_the_relay_was_set_goes_by_the_relay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
