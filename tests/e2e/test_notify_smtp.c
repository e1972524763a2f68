/*  e2e.notify_smtp - hr-notify against a real SMTP server (aiosmtpd, tests/support/
 *  smtp_sink.py) on loopback: what arrives (decoded by Python's email package), 4xx retried
 *  after back-off, 5xx failed with an event, the server down and back, and kill -9 mid-queue.
 *  Back-off is moved with sys.ClockSet, never slept through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <unistd.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"

#define MIN_BACKOFF_S 60
#define WAIT_MS 15000

typedef struct {
    e2e_t *c;          // owned
    nt_peer_t sink;    // the SMTP server
    hr_arena_t *arena; // owned
} fixture_t;

// A self-signed certificate for 127.0.0.1 in the test directory (openssl CLI).
static void s_make_cert(e2e_t *c, char **cert, char **key)
{
    *cert = hr_strfmt("%s/cert.pem", e2e_dir(c));
    *key = hr_strfmt("%s/key.pem", e2e_dir(c));
    char *const argv[] = {"/usr/bin/openssl",
                          "req",
                          "-x509",
                          "-newkey",
                          "rsa:2048",
                          "-nodes",
                          "-keyout",
                          *key,
                          "-out",
                          *cert,
                          "-days",
                          "1",
                          "-subj",
                          "/CN=127.0.0.1",
                          "-addext",
                          "subjectAltName=IP:127.0.0.1",
                          NULL};
    char *out = NULL, *err = NULL;
    int status = e2e_run(argv, &out, &err);
    if (status)
        fprintf(stderr, "openssl: %s\n", err);
    assert_int_equal(status, 0);
    hr_free(out);
    hr_free(err);
}

// tls: NULL (plain), "starttls" or "smtps".
// commit_gate (may be NULL): the test/commit_full hook's file - while it exists hr-notify's
// store refuses every commit as on a full disk.
static fixture_t *s_start_full(const char *name, const char *control, const char *tls,
                               const char *commit_gate)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->c = e2e_new(name);
    f->arena = hr_arena_new(0);
    char *dir = hr_strfmt("%s/smtp", e2e_dir(f->c));
    char *cert = NULL, *key = NULL;
    const char *extra[4] = {NULL};
    if (tls) {
        s_make_cert(f->c, &cert, &key);
        extra[0] = !strcmp(tls, "smtps") ? "--smtps" : "--starttls";
        extra[1] = cert;
        extra[2] = key;
        e2e_config(f->c, "notify", "smtp/cainfo", cert);
        e2e_config(f->c, "notify", "smtp/tls", !strcmp(tls, "smtps") ? "auto" : "starttls");
    }
    assert_int_equal(nt_peer_start(&f->sink, "smtp_sink.py", dir, 0, extra), 0);
    hr_free(dir);
    hr_free(cert);
    hr_free(key);
    if (control)
        assert_int_equal(nt_peer_control(&f->sink, control), 0);
    char url[64], backoff[16];
    snprintf(url, sizeof url, "%s://127.0.0.1:%d", tls && !strcmp(tls, "smtps") ? "smtps" : "smtp",
             f->sink.port);
    snprintf(backoff, sizeof backoff, "%d", MIN_BACKOFF_S);
    e2e_config(f->c, "notify", "smtp/url", url);
    e2e_config(f->c, "notify", "smtp/from", "hr@corp.example.com");
    e2e_config(f->c, "notify", "smtp/timeout_s", "5");
    e2e_config(f->c, "notify", "retry/min_backoff_s", backoff);
    e2e_config(f->c, "notify", "retry/max_backoff_s", "240");
    e2e_config(f->c, "notify", "retry/lifetime_s", "86400");
    if (commit_gate)
        e2e_config(f->c, "notify", "test/commit_full", commit_gate);
    assert_int_equal(e2e_start_one(f->c, "notify", NULL), 0);
    return f;
}

static fixture_t *s_start_tls(const char *name, const char *control, const char *tls)
{
    return s_start_full(name, control, tls, NULL);
}

static fixture_t *s_start(const char *name, const char *control)
{
    return s_start_tls(name, control, NULL);
}

static void s_finish(fixture_t *f)
{
    nt_peer_free(&f->sink);
    hr_arena_destroy(&f->arena);
    assert_int_equal(e2e_stop(&f->c), 0);
    hr_free(f);
}

static const char *s_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static const nt_who_t s_manager = {"张三\r\nBcc: evil@attacker.example", "manager@corp.example.com",
                                   NULL, NULL};
static const nt_who_t s_superior = {"李四 (Superior)", "boss@corp.example.com", NULL, NULL};

static void test_email_reaches_the_manager_with_the_superior_in_cc(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-mail", NULL);
    const char *const kv[] = {"case_id", "CASE-7",
                              "step",    "审批\r\nBcc: evil@attacker.example",
                              "due_at",  "2025-03-05 18:00",
                              "owner",   "<b>王五</b>",
                              "url",     "https://hr.example/cases/CASE-7",
                              NULL};
    char *send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "overdue_1",
                                "zh-CN", kv);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->n_deliveries, 1);
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);

    json_t *msgs = nt_peer_messages(&f->sink);
    json_t *m = json_array_get(msgs, 0);
    json_t *rcpts = json_object_get(m, "rcpt_tos");
    assert_int_equal(json_array_size(rcpts), 2);
    assert_string_equal(json_string_value(json_array_get(rcpts, 0)), "manager@corp.example.com");
    assert_string_equal(json_string_value(json_array_get(rcpts, 1)), "boss@corp.example.com");
    json_t *to = json_array_get(json_object_get(m, "to"), 0);
    assert_string_equal(s_str(to, "addr"), "manager@corp.example.com");
    // The CR LF became spaces inside an encoded-word: a name, not a header.
    assert_true(!strncmp(s_str(to, "name"), "张三", strlen("张三")));
    assert_non_null(strstr(s_str(to, "name"), "Bcc: evil"));
    json_t *cc = json_array_get(json_object_get(m, "cc"), 0);
    assert_string_equal(s_str(cc, "addr"), "boss@corp.example.com");
    assert_string_equal(s_str(cc, "name"), "李四 (Superior)");
    assert_int_equal(json_array_size(json_object_get(m, "bcc")), 0);
    json_t *names = json_object_get(m, "header_names");
    for (size_t i = 0; i < json_array_size(names); i++)
        assert_string_not_equal(json_string_value(json_array_get(names, i)), "bcc");
    const char *subject = s_str(m, "subject");
    assert_true(
        !strncmp(subject, "[已逾期] 案件 CASE-7：审批", strlen("[已逾期] 案件 CASE-7：审批")));
    assert_null(strchr(subject, '\n'));
    assert_null(strchr(subject, '\r'));
    char *want_id = hr_strfmt("<%s>", log->deliveries[0]->message_id);
    assert_string_equal(s_str(m, "message_id"), want_id);
    hr_free(want_id);
    assert_string_equal(s_str(m, "mail_from"), "hr@corp.example.com");
    assert_non_null(strstr(s_str(m, "text"), "案件 CASE-7"));
    assert_non_null(strstr(s_str(m, "text"), "负责人：<b>王五</b>"));
    assert_non_null(strstr(s_str(m, "html"), "负责人：&lt;b&gt;王五&lt;/b&gt;"));
    assert_null(strstr(s_str(m, "html"), "<b>王五"));
    json_decref(msgs);

    // The "done when": hrctl notify test with a cc delivers one message to both.
    char *hrctl = hr_test_bin_path("hrctl");
    char *const argv[] = {hrctl,
                          "notify",
                          "test",
                          "--to",
                          "a@example.com",
                          "--cc",
                          "b@example.com",
                          "--config-dir",
                          (char *)e2e_config_dir(f->c),
                          NULL};
    char *out = NULL, *err = NULL;
    int status = e2e_run(argv, &out, &err);
    if (status)
        fprintf(stderr, "hrctl: %s %s\n", out, err);
    assert_int_equal(status, 0);
    assert_non_null(strstr(out, "queued send"));
    hr_free(out);
    hr_free(err);
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    msgs = nt_peer_messages(&f->sink);
    m = json_array_get(msgs, 1);
    rcpts = json_object_get(m, "rcpt_tos");
    assert_int_equal(json_array_size(rcpts), 2);
    assert_string_equal(json_string_value(json_array_get(rcpts, 0)), "a@example.com");
    assert_string_equal(json_string_value(json_array_get(rcpts, 1)), "b@example.com");
    assert_string_equal(s_str(json_array_get(json_object_get(m, "cc"), 0), "addr"),
                        "b@example.com");
    // No --lang: zh-CN, notify's default (services/notify/README.md).
    assert_string_equal(s_str(m, "subject"), "hr-dismissal 测试消息");
    json_decref(msgs);

    // hrctl notify log shows both deliveries as sent.
    char *const argv_log[] = {
        hrctl, "notify", "log", "--json", "--config-dir", (char *)e2e_config_dir(f->c), NULL};
    assert_int_equal(e2e_run(argv_log, &out, &err), 0);
    json_error_t jerr;
    json_t *j = json_loads(out, 0, &jerr);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "sent")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "deliveries")), 2);
    json_decref(j);
    hr_free(out);
    hr_free(err);
    hr_free(hrctl);
    s_finish(f);
}

static void test_4xx_is_retried_after_back_off_then_delivered(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-4xx", "451 1\n");
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_superior, 1, NULL, 0, NULL, 0, "due_soon", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
    assert_non_null(log);
    const Hr__Notify__Delivery *d = log->deliveries[0];
    assert_non_null(strstr(d->last_error, "451"));
    int64_t wait_ms = d->next_at_ms - d->last_attempt_ms; // the back-off, less up to 10%
    assert_true(wait_ms <= MIN_BACKOFF_S * HR_SECOND_MS);
    assert_true(wait_ms >= MIN_BACKOFF_S * HR_SECOND_MS * 9 / 10);
    assert_int_equal(nt_peer_count(&f->sink), 0);
    // Not yet due: nothing happens within a few ticks.
    zclock_sleep(1500);
    log = nt_e2e_log(f->c, f->arena, send_id, 10);
    assert_int_equal(log->deliveries[0]->attempts, 1);

    assert_int_equal(e2e_clock_advance(f->c, (MIN_BACKOFF_S + 1) * HR_SECOND_MS), 0);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->deliveries[0]->attempts, 2);
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 0);
    s_finish(f);
}

static void test_5xx_fails_at_once_and_appends_a_delivery_failed_event(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-5xx", "550 -1\n");
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 0);
    char *send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0,
                                "step_assigned", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS);
    assert_non_null(log);
    const Hr__Notify__Delivery *d = log->deliveries[0];
    assert_non_null(strstr(d->last_error, "permanent"));
    assert_non_null(strstr(d->last_error, "550"));
    assert_int_equal(log->failed, 1);
    assert_int_equal(log->queued, 0);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1);
    // The workflow pulls it with sys.EventsSince (hr_events).
    Hr__Sys__EventsSinceRequest since = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(f->c, "notify", "sys.EventsSince", &since.base,
                              &hr__sys__events_since_reply__descriptor, f->arena, &res),
                     HR_OK);
    const Hr__Sys__EventsSinceReply *events = res.reply;
    assert_int_equal(events->n_events, 1);
    assert_string_equal(events->events[0]->type, "notify.DeliveryFailed");
    Hr__Notify__DeliveryFailed *ev = hr__notify__delivery_failed__unpack(
        hr_arena_pb_allocator(f->arena), events->events[0]->body.len, events->events[0]->body.data);
    assert_non_null(ev);
    assert_string_equal(ev->delivery_id, d->id);
    assert_string_equal(ev->case_id, "CASE-E2E");
    assert_string_equal(ev->recipient, "m***@corp.example.com"); // the event log keeps it masked
    assert_non_null(strstr(ev->reason, "550"));
    // A day later: no further attempt, nothing at the server.
    assert_int_equal(e2e_clock_advance(f->c, HR_DAY_MS), 0);
    zclock_sleep(1500);
    log = nt_e2e_log(f->c, f->arena, send_id, 10);
    assert_int_equal(log->deliveries[0]->attempts, 1);
    assert_int_equal(nt_peer_count(&f->sink), 0);
    s_finish(f);
}

// Addresses the sink answers 550 at RCPT TO (smtp_sink.py's DIR/reject).
static void s_reject(fixture_t *f, const char *lines)
{
    char *path = hr_strfmt("%s/reject", f->sink.dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(lines, fp);
    fclose(fp);
    hr_free(path);
}

static size_t s_count_rcpt(json_t *msgs, const char *addr)
{
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(msgs); i++) {
        json_t *r = json_object_get(json_array_get(msgs, i), "rcpt_tos");
        for (size_t k = 0; k < json_array_size(r); k++)
            n += !strcmp(json_string_value(json_array_get(r, k)), addr);
    }
    return n;
}

// notify's DeliveryFailed events from seq after on (sys.EventsSince), oldest first; *n gets how
// many. Arena memory.
static Hr__Notify__DeliveryFailed **s_events(fixture_t *f, uint64_t after, size_t *n)
{
    Hr__Sys__EventsSinceRequest since = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    since.after = after;
    hr_result_t res;
    assert_int_equal(e2e_call(f->c, "notify", "sys.EventsSince", &since.base,
                              &hr__sys__events_since_reply__descriptor, f->arena, &res),
                     HR_OK);
    const Hr__Sys__EventsSinceReply *events = res.reply;
    Hr__Notify__DeliveryFailed **out =
        hr_arena_alloc(f->arena, (events->n_events + 1) * sizeof *out);
    for (size_t i = 0; i < events->n_events; i++) {
        assert_string_equal(events->events[i]->type, "notify.DeliveryFailed");
        out[i] = hr__notify__delivery_failed__unpack(hr_arena_pb_allocator(f->arena),
                                                     events->events[i]->body.len,
                                                     events->events[i]->body.data);
        assert_non_null(out[i]);
    }
    *n = events->n_events;
    return out;
}

// A cc's mailbox refused at RCPT TO: the recipient's own email still goes, the refusal is kept
// with the delivery, and it raises its own DeliveryFailed (cc_refused) naming the cc, so the
// workflow learns that the superior did not get the copy. The recipient's own mailbox refused
// for good: the delivery fails (with its event), and the cc still get the message. Both refused:
// one event each.
static void test_a_refused_cc_does_not_stop_the_recipients_email(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-rcpt", NULL);
    s_reject(f, "boss@corp.example.com\n");
    char *send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "overdue_1",
                                "zh-CN", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    const Hr__Notify__Delivery *d = log->deliveries[0];
    assert_non_null(strstr(d->last_error, "cc refused: smtp 550 <boss@corp.example.com>"));
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    json_t *msgs = nt_peer_messages(&f->sink);
    json_t *rcpts = json_object_get(json_array_get(msgs, 0), "rcpt_tos");
    assert_int_equal(json_array_size(rcpts), 1);
    assert_string_equal(json_string_value(json_array_get(rcpts, 0)), "manager@corp.example.com");
    json_decref(msgs);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1);
    size_t n = 0;
    Hr__Notify__DeliveryFailed **ev = s_events(f, 0, &n);
    assert_int_equal(n, 1);
    assert_string_equal(ev[0]->delivery_id, d->id); // the delivery it rode on, which was sent
    assert_string_equal(ev[0]->send_id, send_id);
    assert_string_equal(ev[0]->case_id, "CASE-E2E");
    assert_string_equal(ev[0]->template_, "overdue_1");
    assert_int_equal(ev[0]->channel, HR__NOTIFY__CHANNEL__CHANNEL_EMAIL);
    assert_true(ev[0]->cc_refused);
    assert_true(ev[0]->cc);
    assert_int_equal(ev[0]->recipient_index, 1); // to[0], then cc[0]
    assert_string_equal(ev[0]->recipient, "b***@corp.example.com");
    assert_non_null(strstr(ev[0]->reason, "cc refused: smtp 550 <b***@corp.example.com>"));
    assert_int_equal(ev[0]->attempts, 1);
    log = nt_e2e_log(f->c, f->arena, NULL, 10);
    assert_int_equal(log->sent, 1); // a refused cc is not a failed delivery
    assert_int_equal(log->failed, 0);

    s_reject(f, "manager@corp.example.com\n");
    send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "overdue_1",
                          "zh-CN", NULL);
    assert_non_null(send_id);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1,
                      WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "smtp 550: recipient refused"));
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 2);
    ev = s_events(f, 1, &n);
    assert_int_equal(n, 1);
    assert_false(ev[0]->cc_refused);
    assert_false(ev[0]->cc);
    assert_int_equal(ev[0]->recipient_index, 0);
    assert_string_equal(ev[0]->recipient, "m***@corp.example.com");
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    msgs = nt_peer_messages(&f->sink);
    rcpts = json_object_get(json_array_get(msgs, 1), "rcpt_tos");
    assert_int_equal(json_array_size(rcpts), 1);
    assert_string_equal(json_string_value(json_array_get(rcpts, 0)), "boss@corp.example.com");
    json_decref(msgs);

    // Nobody takes it: the delivery fails, and the cc's refusal is told apart from it.
    s_reject(f, "manager@corp.example.com\nboss@corp.example.com\n");
    send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "overdue_1",
                          "zh-CN", NULL);
    assert_non_null(send_id);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 4);
    ev = s_events(f, 2, &n);
    assert_int_equal(n, 2);
    size_t own = ev[0]->cc_refused ? 1 : 0; // the order within the transaction is not promised
    assert_false(ev[own]->cc_refused);
    assert_string_equal(ev[own]->recipient, "m***@corp.example.com");
    assert_true(ev[1 - own]->cc_refused);
    assert_string_equal(ev[1 - own]->recipient, "b***@corp.example.com");
    assert_string_equal(ev[1 - own]->delivery_id, ev[own]->delivery_id);
    assert_int_equal(nt_peer_count(&f->sink), 2);
    s_finish(f);
}

#define CC_CRASH_SENDS 12

// Exactly one event per refused cc address of a send: none while the delivery is retried (the
// whole message goes again), one with the attempt that finishes it, none more after a restart,
// and one per send across a kill -9 between the server's 250 and the commit. A cc named twice
// is one address.
static void test_a_refused_cc_is_told_once_across_retries_and_restarts(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-rcpt1", "451 1\n");
    s_reject(f, "boss@corp.example.com\n");
    const nt_who_t cc[] = {s_superior,
                           {"王五", "wang.wu@corp.example.com", NULL, NULL},
                           {"李四", "boss@corp.example.com", NULL, NULL}};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, cc, 3, NULL, 0, "overdue_1", "zh-CN", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "451"));
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 0); // it will be asked again

    assert_int_equal(e2e_clock_advance(f->c, (MIN_BACKOFF_S + 1) * HR_SECOND_MS), 0);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    json_t *msgs = nt_peer_messages(&f->sink);
    assert_int_equal(s_count_rcpt(msgs, "manager@corp.example.com"), 1);
    assert_int_equal(s_count_rcpt(msgs, "wang.wu@corp.example.com"), 1);
    assert_int_equal(s_count_rcpt(msgs, "boss@corp.example.com"), 0);
    json_decref(msgs);
    size_t n = 0;
    Hr__Notify__DeliveryFailed **ev = s_events(f, 0, &n);
    assert_int_equal(n, 1);
    assert_true(ev[0]->cc_refused);
    assert_int_equal(ev[0]->recipient_index, 1); // the first time boss is named
    assert_int_equal(ev[0]->attempts, 2);

    assert_int_equal(e2e_stop_one(f->c, "notify"), 0);
    assert_int_equal(e2e_restart(f->c, "notify"), 0);
    assert_int_equal(e2e_clock_advance(f->c, HR_DAY_MS), 0);
    zclock_sleep(1500);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1);
    assert_int_equal(nt_peer_count(&f->sink), 1);

    // kill -9 mid-queue: sends the server took but notify had not recorded go again, and each
    // send's refused cc is told once, with the attempt that is recorded.
    assert_int_equal(nt_peer_control(&f->sink, "delay 150\n"), 0);
    char *ids[CC_CRASH_SENDS];
    for (int i = 0; i < CC_CRASH_SENDS; i++) {
        ids[i] = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "test",
                             "zh-CN", NULL);
        assert_non_null(ids[i]);
    }
    assert_true(nt_peer_wait(&f->sink, 4, WAIT_MS) >= 4);
    e2e_kill(f->c, "notify", SIGKILL);
    assert_true(nt_peer_count(&f->sink) < 1 + CC_CRASH_SENDS); // the kill came mid-queue
    assert_int_equal(nt_peer_control(&f->sink, ""), 0);
    assert_int_equal(e2e_restart(f->c, "notify"), 0);
    for (int i = 0; i < CC_CRASH_SENDS; i++)
        assert_non_null(nt_e2e_wait(f->c, f->arena, ids[i],
                                    HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    ev = s_events(f, 1, &n);
    assert_int_equal(n, CC_CRASH_SENDS);
    for (int i = 0; i < CC_CRASH_SENDS; i++) {
        size_t seen = 0;
        for (size_t k = 0; k < n; k++)
            seen += !strcmp(ev[k]->send_id, ids[i]) && ev[k]->cc_refused;
        if (seen != 1)
            fail_msg("send %s: %zu cc_refused events", ids[i], seen);
    }
    s_finish(f);
}

// Level 2 of an escalation has two "to" and two cc: every person gets exactly one email. A cc
// with an address that is no address is left out, and the send goes on without it.
static void test_each_cc_gets_one_copy_of_a_send(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-cc1", NULL);
    const nt_who_t to[] = {{"周明", "zhou.ming@corp.example.com", NULL, NULL},
                           {"李静", "li.jing@corp.example.com", NULL, NULL}};
    const nt_who_t cc[] = {{"刘强", "liu.qiang@corp.example.com", NULL, NULL},
                           {"张伟", "zhang.wei@corp.example.com", NULL, NULL},
                           {"李静", "li.jing@corp.example.com", NULL, NULL},
                           {"坏地址", "bad@@corp.example.com", NULL, NULL}};
    char *send_id = nt_e2e_send(f->c, f->arena, to, 2, cc, 4, NULL, 0, "overdue_2", "zh-CN", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->n_deliveries, 2);
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    zclock_sleep(500); // nothing more arrives
    json_t *msgs = nt_peer_messages(&f->sink);
    assert_int_equal(json_array_size(msgs), 2);
    const char *everyone[] = {"zhou.ming@corp.example.com", "li.jing@corp.example.com",
                              "liu.qiang@corp.example.com", "zhang.wei@corp.example.com"};
    for (size_t i = 0; i < HR_ARRAY_LEN(everyone); i++)
        if (s_count_rcpt(msgs, everyone[i]) != 1)
            fail_msg("%s got %zu copies", everyone[i], s_count_rcpt(msgs, everyone[i]));
    assert_int_equal(s_count_rcpt(msgs, "bad@@corp.example.com"), 0);
    json_decref(msgs);
    s_finish(f);
}

#define DOWN_SENDS 5

// Reliability P8: duplicates only in the window between the server's 250 and recording it. A
// result the store cannot record (a full disk) is kept and recorded again, and nothing is sent
// meanwhile - before, the delivery stayed due and was sent again every second, with the same
// Message-ID, for as long as the disk stayed full.
static void test_a_result_the_store_cannot_record_is_not_sent_again(void **state)
{
    HR_UNUSED(state);
    char *gate = hr_strfmt("/tmp/hr-nt-full-%d", (int)getpid());
    unlink(gate);
    fixture_t *f = s_start_full("nt-full", "delay 1500\n", NULL, gate);
    char *id = nt_e2e_send(f->c, f->arena, &s_superior, 1, NULL, 0, NULL, 0, "test", "en", NULL);
    assert_non_null(id);
    zclock_sleep(500); // handed to a worker, which waits for the slow server
    assert_int_equal(hr_test_write_file(gate, "", 0), 0); // the disk fills up
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    zclock_sleep(4000); // four ticks: each would have sent it again
    assert_int_equal(nt_peer_count(&f->sink), 1);
    unlink(gate); // space again: the kept result is recorded, as one attempt
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->deliveries[0]->attempts, 1);
    zclock_sleep(1500);
    assert_int_equal(nt_peer_count(&f->sink), 1);
    hr_free(gate);
    s_finish(f);
}

static void test_server_down_then_back_delivers_everything(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-down", NULL);
    int port = f->sink.port;
    nt_peer_stop(&f->sink);
    char *ids[DOWN_SENDS];
    for (int i = 0; i < DOWN_SENDS; i++) {
        ids[i] = nt_e2e_send(f->c, f->arena, &s_superior, 1, NULL, 0, NULL, 0, "test", "en", NULL);
        assert_non_null(ids[i]);
    }
    for (int i = 0; i < DOWN_SENDS; i++) {
        Hr__Notify__LogReply *log = nt_e2e_wait(
            f->c, f->arena, ids[i], HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
        assert_non_null(log);
        assert_true(strlen(log->deliveries[0]->last_error) > 0);
    }
    // Down for a while longer: another round of attempts fails too.
    assert_int_equal(e2e_clock_advance(f->c, (MIN_BACKOFF_S + 1) * HR_SECOND_MS), 0);
    for (int i = 0; i < DOWN_SENDS; i++)
        assert_non_null(nt_e2e_wait(f->c, f->arena, ids[i],
                                    HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 2, WAIT_MS));
    // Back on the same port.
    assert_int_equal(nt_peer_start(&f->sink, "smtp_sink.py", f->sink.dir, port, NULL), 0);
    assert_int_equal(e2e_clock_advance(f->c, 2 * (MIN_BACKOFF_S + 1) * HR_SECOND_MS), 0);
    assert_int_equal(nt_peer_wait(&f->sink, DOWN_SENDS, WAIT_MS), DOWN_SENDS);
    for (int i = 0; i < DOWN_SENDS; i++)
        assert_non_null(nt_e2e_wait(f->c, f->arena, ids[i],
                                    HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 3, WAIT_MS));
    json_t *msgs = nt_peer_messages(&f->sink);
    assert_int_equal(json_array_size(msgs), DOWN_SENDS);
    for (size_t i = 0; i < DOWN_SENDS; i++)
        for (size_t k = i + 1; k < DOWN_SENDS; k++)
            assert_string_not_equal(s_str(json_array_get(msgs, i), "message_id"),
                                    s_str(json_array_get(msgs, k), "message_id"));
    json_decref(msgs);
    s_finish(f);
}

#define KILL_SENDS 20

static void test_kill_9_mid_queue_then_everything_delivered_once_by_message_id(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-kill", "delay 150\n");
    char *ids[KILL_SENDS];
    for (int i = 0; i < KILL_SENDS; i++) {
        ids[i] = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "test",
                             "zh-CN", NULL);
        assert_non_null(ids[i]);
    }
    size_t before = nt_peer_wait(&f->sink, 3, WAIT_MS);
    assert_true(before >= 3);
    e2e_kill(f->c, "notify", SIGKILL);
    size_t at_kill = nt_peer_count(&f->sink);
    assert_true(at_kill < KILL_SENDS); // the kill came mid-queue
    assert_int_equal(nt_peer_control(&f->sink, ""), 0);
    assert_int_equal(e2e_restart(f->c, "notify"), 0);
    for (int i = 0; i < KILL_SENDS; i++)
        assert_non_null(nt_e2e_wait(f->c, f->arena, ids[i],
                                    HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    zclock_sleep(300); // a message written by the sink after its delayed reply
    json_t *msgs = nt_peer_messages(&f->sink);
    size_t total = json_array_size(msgs);
    size_t distinct = 0, duplicates = 0;
    for (int i = 0; i < KILL_SENDS; i++) {
        Hr__Notify__LogReply *log = nt_e2e_log(f->c, f->arena, ids[i], 10);
        char *want = hr_strfmt("<%s>", log->deliveries[0]->message_id);
        size_t seen = 0;
        for (size_t k = 0; k < total; k++)
            seen += !strcmp(s_str(json_array_get(msgs, k), "message_id"), want);
        hr_free(want);
        assert_true(seen >= 1); // nothing lost
        distinct++;
        duplicates += seen - 1;
    }
    // Every message received belongs to one of the sends: duplicates carry the same Message-ID.
    assert_int_equal(distinct + duplicates, total);
    printf("kill -9 at %zu of %d delivered: %zu received, %zu distinct, %zu duplicate(s)\n",
           at_kill, KILL_SENDS, total, distinct, duplicates);
    json_decref(msgs);
    s_finish(f);
}

static void
test_dropped_line_after_data_is_retried_and_the_duplicate_keeps_its_message_id(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-drop", "drop 1\n");
    char *send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "overdue_2",
                                "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
    assert_non_null(log);
    assert_int_equal(e2e_clock_advance(f->c, (MIN_BACKOFF_S + 1) * HR_SECOND_MS), 0);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    json_t *msgs = nt_peer_messages(&f->sink);
    char *want = hr_strfmt("<%s>", log->deliveries[0]->message_id);
    assert_string_equal(s_str(json_array_get(msgs, 0), "message_id"), want);
    assert_string_equal(s_str(json_array_get(msgs, 1), "message_id"), want);
    printf("line dropped after DATA: 2 copies received, 1 duplicate, one Message-ID %s\n", want);
    hr_free(want);
    json_decref(msgs);
    s_finish(f);
}

static void test_starttls_is_required_and_verified_and_never_skipped(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start_tls("nt-tls", NULL, "starttls");
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "test", "en", NULL);
    assert_non_null(send_id);
    assert_non_null(nt_e2e_wait(f->c, f->arena, send_id,
                                HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);

    // Told not to use TLS, notify is refused by a server that requires it: a visible failure.
    // (The environment override is the documented way, and the harness writes files only at
    // the first start.)
    e2e_kill(f->c, "notify", SIGKILL);
    setenv("HR_SMTP_TLS", "none", 1);
    int restarted = e2e_restart(f->c, "notify");
    unsetenv("HR_SMTP_TLS");
    assert_int_equal(restarted, 0);
    send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, NULL, 0, "test", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS);
    if (!log) {
        log = nt_e2e_log(f->c, f->arena, send_id, 1);
        fail_msg("not failed: state %d error '%s'", log->deliveries[0]->state,
                 log->deliveries[0]->last_error);
    }
    assert_non_null(strstr(log->deliveries[0]->last_error, "530"));
    assert_int_equal(nt_peer_count(&f->sink), 1);
    s_finish(f);
}

static void test_smtps_implicit_tls_delivers(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start_tls("nt-smtps", NULL, "smtps");
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, NULL, 0, "test", "zh-CN", NULL);
    assert_non_null(send_id);
    assert_non_null(nt_e2e_wait(f->c, f->arena, send_id,
                                HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    json_t *msgs = nt_peer_messages(&f->sink);
    assert_int_equal(json_array_size(json_object_get(json_array_get(msgs, 0), "rcpt_tos")), 2);
    json_decref(msgs);
    s_finish(f);
}

static void test_without_smtp_url_email_is_written_as_an_eml_file(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("nt-file");
    hr_arena_t *arena = hr_arena_new(0);
    char *dir = hr_strfmt("%s/mail", e2e_dir(c));
    e2e_config(c, "notify", "file/dir", dir);
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    char *send_id = nt_e2e_send(c, arena, &s_manager, 1, &s_superior, 1, NULL, 0, "outcome_ready",
                                "zh-CN", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log =
        nt_e2e_wait(c, arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    const Hr__Notify__Delivery *d = log->deliveries[0];
    assert_string_equal(d->transport, "file");
    char *path = hr_strfmt("%s/%s.eml", dir, d->id);
    char *eml = hr_test_read_file(path, NULL);
    assert_non_null(eml);
    char *want = hr_strfmt("Message-ID: <%s>\r\n", d->message_id);
    assert_non_null(strstr(eml, want));
    assert_non_null(strstr(eml, "<manager@corp.example.com>\r\n"));
    assert_non_null(strstr(eml, "Cc: =?UTF-8?B?"));
    assert_non_null(strstr(eml, "<boss@corp.example.com>\r\n"));
    hr_free(want);
    hr_free(eml);
    hr_free(path);
    hr_free(dir);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email_reaches_the_manager_with_the_superior_in_cc),
        cmocka_unit_test(test_4xx_is_retried_after_back_off_then_delivered),
        cmocka_unit_test(test_5xx_fails_at_once_and_appends_a_delivery_failed_event),
        cmocka_unit_test(test_a_refused_cc_does_not_stop_the_recipients_email),
        cmocka_unit_test(test_a_refused_cc_is_told_once_across_retries_and_restarts),
        cmocka_unit_test(test_each_cc_gets_one_copy_of_a_send),
        cmocka_unit_test(test_a_result_the_store_cannot_record_is_not_sent_again),
        cmocka_unit_test(test_server_down_then_back_delivers_everything),
        cmocka_unit_test(test_kill_9_mid_queue_then_everything_delivered_once_by_message_id),
        cmocka_unit_test(
            test_dropped_line_after_data_is_retried_and_the_duplicate_keeps_its_message_id),
        cmocka_unit_test(test_starttls_is_required_and_verified_and_never_skipped),
        cmocka_unit_test(test_smtps_implicit_tls_delivers),
        cmocka_unit_test(test_without_smtp_url_email_is_written_as_an_eml_file),
    };
    return cmocka_run_group_tests_name("e2e.notify_smtp", tests, NULL, NULL);
}
