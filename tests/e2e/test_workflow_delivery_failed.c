/*  e2e.workflow_delivery_failed - nothing fails silently, across services: real hr-workflow and
 *  hr-notify, a real SMTP server (aiosmtpd) and a real HTTP receiver as the SMS gateway.
 *
 *  A manager's "step assigned" reminder bounces: the SMTP server answers 550 (permanent) to
 *  the email and the gateway 400 to every SMS. notify marks both failed and appends
 *  notify.DeliveryFailed; hr-workflow pulls the events, shows each failed reminder on the case
 *  (GetCase, hrctl case show, --json) and tells the HR head on the other channel: by SMS for
 *  the bounced email (that SMS fails too: recorded, never alerted again) and by email for the
 *  failed SMS (it arrives at the SMTP server). Counted at the end: notify's three events became
 *  three records and two alerts, and both outboxes are empty.
 *
 *  An expired lifetime: the SMTP server only answers 451; after the clock moves past the
 *  lifetime (sys.ClockSet, no sleeping for business time) notify gives up, and the case shows
 *  the failed reminder ("expired") while the HR head gets an SMS.
 *
 *  A reminder the operator dropped from notify's queue (hrctl notify drop, sending held): the
 *  case records it as not sent, dropped by the operator with the reason, and nobody is alerted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"
#include "workflow_util.h"

#define WAIT_MS 25000
#define HR_HEAD "E0002"
#define HR_HEAD_EMAIL "li.jing@example.com"
#define HR_HEAD_MOBILE "13800000002"

static const char *s_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static const Hr__Workflow__FailedReminder *s_failed(const Hr__Workflow__Case *c, const char *tpl,
                                                    const char *channel)
{
    for (size_t i = 0; i < c->n_failed_reminders; i++)
        if (!strcmp(c->failed_reminders[i]->template_id, tpl) &&
            !strcmp(c->failed_reminders[i]->channel, channel))
            return c->failed_reminders[i];
    return NULL;
}

// Polls GetCase until the case holds n failed reminders. The case, or NULL after WAIT_MS.
static Hr__Workflow__Case *s_wait_failed(e2e_t *c, const char *case_id, size_t n, hr_arena_t *arena)
{
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        Hr__Workflow__Case *cs = wfe_get(c, case_id, arena);
        if (cs && cs->n_failed_reminders >= n)
            return cs;
        zclock_sleep(200);
    }
    return NULL;
}

// The first message at the sink for which match() holds, waiting up to WAIT_MS. Owned, or NULL.
static json_t *s_wait_msg(const nt_peer_t *p, bool (*match)(json_t *m))
{
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        json_t *msgs = nt_peer_messages(p);
        for (size_t i = 0; i < json_array_size(msgs); i++) {
            json_t *m = json_array_get(msgs, i);
            if (match(m)) {
                json_incref(m);
                json_decref(msgs);
                return m;
            }
        }
        json_decref(msgs);
        zclock_sleep(200);
    }
    return NULL;
}

static bool s_is_alert_email(json_t *m)
{
    json_t *to = json_array_get(json_object_get(m, "to"), 0);
    return !strcmp(s_str(to, "addr"), HR_HEAD_EMAIL) &&
           strstr(s_str(m, "subject"), "[提醒未送达]") != NULL;
}

static bool s_is_alert_sms(json_t *m)
{
    json_t *body = json_object_get(m, "json");
    return !strcmp(s_str(m, "vendor"), "webhook") && !strcmp(s_str(body, "to"), HR_HEAD_MOBILE) &&
           !strcmp(s_str(body, "template"), "delivery_failed");
}

static size_t s_count(const nt_peer_t *p, bool (*match)(json_t *m))
{
    json_t *msgs = nt_peer_messages(p);
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(msgs); i++)
        n += match(json_array_get(msgs, i));
    json_decref(msgs);
    return n;
}

typedef struct {
    e2e_t *c;          // owned: notify and workflow
    hr_arena_t *arena; // owned
    nt_peer_t smtp;    // aiosmtpd
    nt_peer_t http;    // the SMS gateway (generic webhook)
} fixture_t;

// Starts both peers with their scripted answers, hr-notify (SMTP, webhook SMS, retry settings
// as given) and hr-workflow, and imports the demo directory.
static void s_start(fixture_t *f, const char *name, const char *smtp_control,
                    const char *http_control, const char *min_backoff_s, const char *lifetime_s)
{
    f->c = e2e_new(name);
    f->arena = hr_arena_new(0);
    e2e_t *c = f->c;
    assert_int_equal(nt_e2e_peers(c, &f->smtp, &f->http), 0);
    if (smtp_control)
        assert_int_equal(nt_peer_control(&f->smtp, smtp_control), 0);
    if (http_control)
        assert_int_equal(nt_peer_control(&f->http, http_control), 0);
    if (min_backoff_s)
        e2e_config(c, "notify", "retry/min_backoff_s", min_backoff_s);
    if (lifetime_s)
        e2e_config(c, "notify", "retry/lifetime_s", lifetime_s);
    // notify first: the workflow finds it (commands and events) through <config dir>/notify.cfg.
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    wfe_config_files(c);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    assert_int_equal(wfe_import_demo(c, f->arena), 0);
}

static void s_finish(fixture_t *f)
{
    nt_peer_free(&f->smtp);
    nt_peer_free(&f->http);
    hr_arena_destroy(&f->arena);
    assert_int_equal(e2e_stop(&f->c), 0);
}

static void test_bounced_reminder_shows_on_the_case_and_reaches_the_hr_head(void **state)
{
    HR_UNUSED(state);
    // The first email is refused for good; every SMS is refused (HTTP 400 is permanent).
    fixture_t fx = {0};
    s_start(&fx, "wf-dfail", "550 1\n", "400 -1\n", NULL, NULL);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    // Opening the case assigns the request step to the manager E0101: email + SMS.
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *case_id = hr_arena_strdup(arena, cs->id);

    // Both of the manager's deliveries failed; then the HR head's SMS alert failed as well.
    cs = s_wait_failed(c, case_id, 3, arena);
    assert_non_null(cs);
    const Hr__Workflow__FailedReminder *mail = s_failed(cs, "step_assigned", "email");
    assert_non_null(mail);
    assert_string_equal(mail->person_no, "E0101");
    assert_string_equal(mail->step, "request");
    assert_non_null(strstr(mail->reason, "550"));
    assert_true(mail->attempts >= 1);
    assert_true(mail->failed_ms > 0);
    assert_string_equal(mail->alert_channel, "sms"); // the other channel
    assert_true(hr_id_is_valid(mail->alert_msg_id));
    const Hr__Workflow__FailedReminder *sms = s_failed(cs, "step_assigned", "sms");
    assert_non_null(sms);
    assert_string_equal(sms->person_no, "E0101");
    assert_non_null(strstr(sms->reason, "400"));
    assert_string_equal(sms->alert_channel, "email");
    const Hr__Workflow__FailedReminder *alert = s_failed(cs, "delivery_failed", "sms");
    assert_non_null(alert);
    assert_string_equal(alert->person_no, HR_HEAD);
    assert_string_equal(alert->alert_channel, ""); // a failed alert is never alerted again
    assert_string_equal(alert->alert_skipped, "alert_failed");

    // The HR head: the SMS reached the gateway (which refused it), the email arrived.
    json_t *m = s_wait_msg(&fx.http, s_is_alert_sms);
    assert_non_null(m);
    json_t *body = json_object_get(m, "json");
    assert_string_equal(s_str(body, "case_id"), case_id);
    assert_non_null(strstr(s_str(body, "text"), case_id));
    json_decref(m);
    m = s_wait_msg(&fx.smtp, s_is_alert_email);
    assert_non_null(m);
    printf("alert: %s\n%s\n", s_str(m, "subject"), s_str(m, "text"));
    assert_non_null(strstr(s_str(m, "subject"), case_id));
    assert_non_null(strstr(s_str(m, "text"), "刘强")); // who did not get it
    assert_non_null(strstr(s_str(m, "text"), "sms"));  // on which channel
    json_decref(m);

    // No loop: once notify's log and both queues are drained, notify's three events made
    // exactly three records and two alerts.
    Hr__Notify__LogReply *log = NULL;
    size_t left = 1;
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        log = nt_e2e_log(c, arena, NULL, 100);
        left = wfe_outbox_count(c, NULL, NULL, arena, NULL);
        if (log && !log->queued && !left && nt_e2e_last_event_seq(c, arena) == 3 &&
            wfe_event_count(c, "workflow.ReminderFailed", arena) == 3)
            break;
        zclock_sleep(200);
    }
    assert_non_null(log);
    assert_int_equal(log->queued, 0);
    assert_int_equal(left, 0);
    assert_int_equal(log->failed, 3);
    assert_int_equal(nt_e2e_last_event_seq(c, arena), 3);
    assert_int_equal(wfe_event_count(c, "workflow.ReminderFailed", arena), 3);
    cs = wfe_get(c, case_id, arena);
    assert_non_null(cs);
    assert_int_equal(cs->n_failed_reminders, 3);
    size_t alerts = 0;
    for (size_t i = 0; i < cs->n_notifications; i++)
        alerts += !strcmp(cs->notifications[i]->template_id, "delivery_failed");
    assert_int_equal(alerts, 2);
    assert_int_equal(s_count(&fx.http, s_is_alert_sms), 1);
    assert_int_equal(s_count(&fx.smtp, s_is_alert_email), 1);

    // hrctl case show, as text and as JSON.
    char *bin = hr_test_bin_path("hrctl");
    char *out = NULL;
    char *argv[] = {bin,  "case", "show", case_id, "--config-dir", (char *)e2e_config_dir(c),
                    NULL, NULL};
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    assert_non_null(strstr(out, "failed reminders:"));
    assert_non_null(strstr(out, "hr head told by sms"));
    assert_non_null(strstr(out, "hr head not told: alert_failed"));
    hr_free(out);
    argv[6] = "--json";
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    json_t *j = json_loads(out, 0, NULL);
    hr_free(out);
    assert_non_null(j);
    json_t *frs = json_object_get(json_object_get(j, "case"), "failed_reminders");
    assert_int_equal(json_array_size(frs), 3);
    json_decref(j);
    hr_free(bin);

    s_finish(&fx);
}

// The email delivery of a notify.Log, or NULL.
static const Hr__Notify__Delivery *s_email(const Hr__Notify__LogReply *log)
{
    for (size_t i = 0; log && i < log->n_deliveries; i++)
        if (log->deliveries[i]->channel == HR__NOTIFY__CHANNEL__CHANNEL_EMAIL)
            return log->deliveries[i];
    return NULL;
}

static void test_expired_lifetime_shows_on_the_case_and_the_hr_head_gets_an_sms(void **state)
{
    HR_UNUSED(state);
    // The SMTP server only ever says 451 (try later); SMS works. Lifetime 600 s, first retry
    // after 300 s: the second attempt's retry would fall past the lifetime.
    fixture_t fx = {0};
    s_start(&fx, "wf-dexp", "451 -1\n", NULL, "300", "600");
    Hr__Workflow__Case *cs = wfe_open(fx.c, "E0101", "E0117", "A39_1", fx.arena);
    assert_non_null(cs);
    char *case_id = hr_arena_strdup(fx.arena, cs->id);
    const Hr__Notify__Delivery *d = NULL;
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        d = s_email(nt_e2e_log(fx.c, fx.arena, NULL, 100));
        if (d && d->attempts >= 1)
            break;
        zclock_sleep(200);
    }
    assert_non_null(d);
    assert_int_equal(d->attempts, 1);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);
    cs = wfe_get(fx.c, case_id, fx.arena);
    assert_non_null(cs);
    assert_int_equal(cs->n_failed_reminders, 0); // not failed yet: it is only late

    assert_int_equal(e2e_clock_advance(fx.c, 400 * HR_SECOND_MS), 0);
    cs = s_wait_failed(fx.c, case_id, 1, fx.arena);
    assert_non_null(cs);
    assert_int_equal(cs->n_failed_reminders, 1);
    const Hr__Workflow__FailedReminder *fr = cs->failed_reminders[0];
    assert_string_equal(fr->template_id, "step_assigned");
    assert_string_equal(fr->channel, "email");
    assert_string_equal(fr->person_no, "E0101");
    assert_int_equal(fr->attempts, 2);
    assert_non_null(strstr(fr->reason, "expired"));
    assert_string_equal(fr->alert_channel, "sms");
    json_t *m = s_wait_msg(&fx.http, s_is_alert_sms);
    assert_non_null(m);
    assert_string_equal(s_str(json_object_get(m, "json"), "case_id"), case_id);
    json_decref(m);
    s_finish(&fx);
}

#define MARGIN_MS 60000

// The first failed reminder of c with that template that is a refused cc, or NULL.
static const Hr__Workflow__FailedReminder *s_cc_refused(const Hr__Workflow__Case *c,
                                                        const char *tpl)
{
    for (size_t i = 0; c && i < c->n_failed_reminders; i++)
        if (c->failed_reminders[i]->cc_refused && !strcmp(c->failed_reminders[i]->template_id, tpl))
            return c->failed_reminders[i];
    return NULL;
}

// An escalation whose superior copy bounced: the manager's overdue_1 email is delivered, but the
// SMTP server refuses the superior's mailbox at RCPT TO. notify tells the workflow (a
// DeliveryFailed with cc_refused), the case records it as the superior's failed copy - not as a
// failed reminder to the manager - and the HR head hears of it by SMS, once.
static void test_superior_copy_refused_shows_on_the_case_and_reaches_the_hr_head(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    s_start(&fx, "wf-dcc", NULL, NULL, NULL, NULL);
    char *path = hr_strfmt("%s/reject", fx.smtp.dir);
    assert_int_equal(hr_test_write_file(path, "zhang.wei@example.com\n", 22), 0);
    hr_free(path);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *case_id = hr_arena_strdup(arena, cs->id);
    int64_t overdue_ms = cs->steps[0]->overdue_ms; // level 1: E0101, with E0100 in cc
    assert_true(overdue_ms > 0);
    assert_int_equal(e2e_clock_advance(c, overdue_ms + MARGIN_MS - wfe_now_ms(c, arena)), 0);

    const Hr__Workflow__FailedReminder *fr = NULL;
    for (int waited = 0; waited < WAIT_MS && !fr; waited += 200) {
        cs = wfe_get(c, case_id, arena);
        fr = s_cc_refused(cs, "overdue_1");
        if (!fr)
            zclock_sleep(200);
    }
    assert_non_null(fr);
    assert_string_equal(fr->person_no, "E0100");
    assert_true(fr->cc);
    assert_string_equal(fr->channel, "email");
    assert_string_equal(fr->step, "request");
    assert_non_null(strstr(fr->reason, "cc refused: smtp 550"));
    assert_string_equal(fr->alert_channel, "sms");
    // The manager's own email went out, with the superior in Cc but not in the envelope.
    Hr__Notify__LogReply *log = nt_e2e_log(c, arena, fr->send_id, 10);
    assert_non_null(log);
    bool sent = false;
    for (size_t i = 0; i < log->n_deliveries; i++)
        if (!strcmp(log->deliveries[i]->id, fr->delivery_id))
            sent = log->deliveries[i]->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT;
    assert_true(sent);
    json_t *m = s_wait_msg(&fx.http, s_is_alert_sms);
    assert_non_null(m);
    json_t *body = json_object_get(m, "json");
    assert_string_equal(s_str(body, "case_id"), case_id);
    assert_non_null(strstr(s_str(body, "text"), "张伟")); // who did not get it
    json_decref(m);

    // Once: with notify and both outboxes drained, one record, one ReminderFailed, one alert.
    size_t left = 1;
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        log = nt_e2e_log(c, arena, NULL, 100);
        left = wfe_outbox_count(c, NULL, NULL, arena, NULL);
        if (log && !log->queued && !left && nt_e2e_last_event_seq(c, arena) == 1 &&
            wfe_event_count(c, "workflow.ReminderFailed", arena) == 1)
            break;
        zclock_sleep(200);
    }
    assert_int_equal(left, 0);
    assert_int_equal(nt_e2e_last_event_seq(c, arena), 1);
    assert_int_equal(wfe_event_count(c, "workflow.ReminderFailed", arena), 1);
    cs = wfe_get(c, case_id, arena);
    assert_non_null(cs);
    assert_int_equal(cs->n_failed_reminders, 1);
    assert_int_equal(s_count(&fx.http, s_is_alert_sms), 1);

    char *bin = hr_test_bin_path("hrctl");
    char *out = NULL;
    char *argv[] = {bin, "case", "show", case_id, "--config-dir", (char *)e2e_config_dir(c), NULL};
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    assert_non_null(strstr(out, "cc E0100 by email"));
    hr_free(out);
    hr_free(bin);
    s_finish(&fx);
}

static bool s_is_unknown_email(json_t *m)
{
    json_t *to = json_array_get(json_object_get(m, "to"), 0);
    return !strcmp(s_str(to, "addr"), HR_HEAD_EMAIL) &&
           strstr(s_str(m, "subject"), "[提醒可能已送达]") != NULL;
}

// The manager's SMS went out whole and the gateway never answered: notify does not send it again
// (DeliveryFailed.maybe_sent), the case records it so, and the HR head is asked to check with
// the person (delivery_unknown) - not told it "could not be delivered".
static void test_an_sms_that_may_have_arrived_asks_the_hr_head_to_check(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    setenv("HR_HTTP_TIMEOUT_S", "1", 1); // notify's http/timeout_s, for the stalled request
    s_start(&fx, "wf-dunk", NULL, "stall 1 5\n", NULL, NULL);
    unsetenv("HR_HTTP_TIMEOUT_S");
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *case_id = hr_arena_strdup(arena, cs->id);
    cs = s_wait_failed(c, case_id, 1, arena);
    assert_non_null(cs);
    const Hr__Workflow__FailedReminder *sms = s_failed(cs, "step_assigned", "sms");
    assert_non_null(sms);
    assert_true(sms->maybe_sent);
    assert_non_null(strstr(sms->reason, "unknown"));
    assert_string_equal(sms->alert_channel, "email");
    json_t *m = s_wait_msg(&fx.smtp, s_is_unknown_email);
    assert_non_null(m);
    assert_non_null(strstr(s_str(m, "text"), "为免重复，系统不会再次发送"));
    assert_non_null(strstr(s_str(m, "text"), "刘强"));
    json_decref(m);
    assert_int_equal(s_count(&fx.smtp, s_is_alert_email), 0); // no "not delivered"
    s_finish(&fx);
}

#define DROP_REASON "sent by hand before the backup's time"

// hrctl args (the test's config); fails unless it exits 0. Its stdout (owned).
static char *s_hrctl(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl %s %s: exit %d\n%s%s", args[0], args[1], rc, out, err);
    hr_free(err);
    return out;
}

// The operator dropped the manager's "step assigned" email from notify's queue (held after a
// restore, say): the case records it as not sent, dropped by the operator with the reason
// (DeliveryFailed.dropped), and the HR head gets no delivery_failed alert for a deliberate drop.
static void test_a_reminder_the_operator_dropped_shows_on_the_case_without_an_alert(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    s_start(&fx, "wf-ddrop", NULL, NULL, NULL, NULL);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    char *out = s_hrctl(c, (const char *[]){"notify", "hold", NULL});
    hr_free(out);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *case_id = hr_arena_strdup(arena, cs->id);
    const Hr__Notify__Delivery *mail = NULL;
    for (int waited = 0; waited < WAIT_MS && !mail; waited += 200) {
        mail = s_email(nt_e2e_log(c, arena, NULL, 100));
        if (!mail)
            zclock_sleep(200);
    }
    assert_non_null(mail); // queued at notify, held
    out = s_hrctl(c, (const char *[]){"notify", "drop", mail->id, "--reason", DROP_REASON, NULL});
    assert_non_null(strstr(out, "it will not be sent"));
    hr_free(out);

    cs = s_wait_failed(c, case_id, 1, arena);
    assert_non_null(cs);
    assert_int_equal(cs->n_failed_reminders, 1);
    const Hr__Workflow__FailedReminder *fr = cs->failed_reminders[0];
    assert_string_equal(fr->delivery_id, mail->id);
    assert_string_equal(fr->template_id, "step_assigned");
    assert_string_equal(fr->channel, "email");
    assert_string_equal(fr->person_no, "E0101");
    assert_true(fr->dropped);
    assert_string_equal(fr->reason, "not sent: dropped by the operator (" DROP_REASON ")");
    // Recorded in the same transaction as an alert would have been queued: there is none.
    assert_string_equal(fr->alert_channel, "");
    assert_string_equal(fr->alert_skipped, "dropped");
    for (size_t i = 0; i < cs->n_notifications; i++)
        assert_string_not_equal(cs->notifications[i]->template_id, "delivery_failed");
    assert_int_equal(wfe_outbox_count(c, NULL, NULL, arena, NULL), 0);

    // Released: the SMS goes; the email never does, and nothing reaches the HR head.
    out = s_hrctl(c, (const char *[]){"notify", "release", NULL});
    hr_free(out);
    assert_int_equal(nt_peer_wait(&fx.http, 1, WAIT_MS), 1);
    assert_int_equal(s_count(&fx.smtp, s_is_alert_email), 0);
    assert_int_equal(s_count(&fx.http, s_is_alert_sms), 0);
    assert_int_equal(nt_peer_count(&fx.smtp), 0);
    assert_int_equal(wfe_event_count(c, "workflow.ReminderFailed", arena), 1);

    char *bin = hr_test_bin_path("hrctl");
    char *argv[] = {bin, "case", "show", case_id, "--config-dir", (char *)e2e_config_dir(c), NULL};
    assert_int_equal(e2e_run(argv, &out, NULL), 0);
    printf("%s", out);
    assert_non_null(
        strstr(out, "to E0101 by email: not sent: dropped by the operator (" DROP_REASON ")\n"));
    assert_non_null(strstr(out, "hr head not told: dropped"));
    hr_free(out);
    hr_free(bin);
    s_finish(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bounced_reminder_shows_on_the_case_and_reaches_the_hr_head),
        cmocka_unit_test(test_an_sms_that_may_have_arrived_asks_the_hr_head_to_check),
        cmocka_unit_test(test_expired_lifetime_shows_on_the_case_and_the_hr_head_gets_an_sms),
        cmocka_unit_test(test_superior_copy_refused_shows_on_the_case_and_reaches_the_hr_head),
        cmocka_unit_test(test_a_reminder_the_operator_dropped_shows_on_the_case_without_an_alert),
    };
    return cmocka_run_group_tests_name("e2e.workflow_delivery_failed", tests, NULL, NULL);
}
