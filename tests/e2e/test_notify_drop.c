/*  e2e.notify_drop - the operator drops one queued message, with a real hr-notify and a real
 *  SMTP server (aiosmtpd, tests/support/smtp_sink.py): sending held, three emails queued, the
 *  manager's dropped with hrctl notify drop (a person - even one claiming the operator role - is
 *  refused; no reason, a blank, long, non-UTF-8 or multi-line one, a send id for a delivery id,
 *  an unknown id, a failed delivery and then a sent one are refused with notify's words; a second
 *  drop changes nothing). It leaves hrctl notify outbox, hrctl notify
 *  log shows it dropped with the reason, and its DeliveryFailed (dropped) is in the event log.
 *  Released: exactly the other two arrive. Restarted a day later: still dropped, never sent,
 *  while a message queued after the restart goes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"

#define WAIT_MS 15000
#define POLL_MS 50
#define NT_REASON_OVER 257 // bytes: one more than a reason may have
#define REASON "duplicate: the manager had this notice on Monday"

static const nt_who_t s_employee = {"E0110", "employee@corp.example.com", NULL, NULL};
static const nt_who_t s_manager = {"E0101", "manager@corp.example.com", NULL, NULL};
static const nt_who_t s_hr = {"E0002", "hr.head@corp.example.com", NULL, NULL};
static const nt_who_t s_nobody = {"E0999", NULL, NULL, NULL}; // no address: fails at once

// Runs hrctl args against the test's config; fails the test unless it exits want. Its stdout and
// stderr together (owned).
static char *s_hrctl(e2e_t *c, int want, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, not %d\n%s%s", args[0], args[1] ? args[1] : "", rc, want,
                 out, err);
    char *both = hr_strfmt("%s%s", out ? out : "", err ? err : "");
    hr_free(out);
    hr_free(err);
    return both;
}

// Fails the test, showing text, unless needle is in it (or, want false, is not).
static void s_has(const char *text, const char *needle, bool want)
{
    if ((strstr(text, needle) != NULL) != want)
        fail_msg("%s '%s' in:\n%s", want ? "no" : "unexpected", needle, text);
}

// notify.DropDelivery as a person (U-HR-1) with role, not the operator.
static hr_rc_t s_drop_as(e2e_t *c, const char *role, const char *id, hr_arena_t *arena,
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
    Hr__Notify__DropDeliveryRequest req = HR__NOTIFY__DROP_DELIVERY_REQUEST__INIT;
    req.delivery_id = (char *)id;
    req.reason = "not mine to drop";
    hr_call_opts_t opts = {.actor = &actor};
    hr_rc_t rc = hr_client_call(client, "notify.DropDelivery", &req.base,
                                &hr__notify__drop_delivery_reply__descriptor, arena, &opts, res);
    zmsg_destroy(&res->frames);
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    return rc;
}

// The one delivery of send_id.
static const Hr__Notify__Delivery *s_delivery(e2e_t *c, hr_arena_t *arena, const char *send_id)
{
    Hr__Notify__LogReply *log = nt_e2e_log(c, arena, send_id, 10);
    assert_non_null(log);
    assert_int_equal(log->n_deliveries, 1);
    return log->deliveries[0];
}

// The addresses the SMTP server received mail for, one string ("a b c").
static char *s_received(const nt_peer_t *sink)
{
    json_t *msgs = nt_peer_messages(sink);
    char *all = hr_strdup("");
    for (size_t i = 0; i < json_array_size(msgs); i++) {
        json_t *rcpts = json_object_get(json_array_get(msgs, i), "rcpt_tos");
        for (size_t k = 0; k < json_array_size(rcpts); k++) {
            char *more = hr_strfmt("%s%s ", all, json_string_value(json_array_get(rcpts, k)));
            hr_free(all);
            all = more;
        }
    }
    json_decref(msgs);
    return all;
}

static void test_a_dropped_message_is_kept_and_never_sent(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("nt-drop");
    hr_arena_t *arena = hr_arena_new(0);
    nt_peer_t sink = {0};
    char *dir = hr_strfmt("%s/smtp", e2e_dir(c));
    assert_int_equal(nt_peer_start(&sink, "smtp_sink.py", dir, 0, NULL), 0);
    hr_free(dir);
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink.port);
    e2e_config(c, "notify", "smtp/url", url);
    e2e_config(c, "notify", "smtp/from", "hr@corp.example.com");
    e2e_config(c, "notify", "smtp/timeout_s", "5");
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);

    char *out = s_hrctl(c, 0, (const char *[]){"notify", "hold", "--reason", "look first", NULL});
    hr_free(out);
    const char *const kv[] = {"note", "e2e.notify_drop", NULL};
    char *one = nt_e2e_send(c, arena, &s_employee, 1, NULL, 0, NULL, 0, "test", "en", kv);
    char *two = nt_e2e_send(c, arena, &s_manager, 1, NULL, 0, NULL, 0, "test", "en", kv);
    char *three = nt_e2e_send(c, arena, &s_hr, 1, NULL, 0, NULL, 0, "test", "en", kv);
    char *failed = nt_e2e_send(c, arena, &s_nobody, 1, NULL, 0, NULL, 0, "test", "en", kv);
    assert_non_null(one);
    assert_non_null(two);
    assert_non_null(three);
    assert_non_null(failed);
    char *id_one = hr_arena_fmt(arena, "%s.000", one);
    char *id_two = hr_arena_fmt(arena, "%s.000", two);
    char *id_three = hr_arena_fmt(arena, "%s.000", three);
    char *id_failed = hr_arena_fmt(arena, "%s.000", failed);
    assert_int_equal(s_delivery(c, arena, failed)->state,
                     HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED);

    // The outbox lists each waiting delivery by the id the drop takes.
    out = s_hrctl(c, 0, (const char *[]){"notify", "outbox", NULL});
    s_has(out, id_one, true);
    s_has(out, id_two, true);
    s_has(out, id_three, true);
    s_has(out, id_failed, false);
    s_has(out, "`hrctl notify drop DELIVERY_ID --reason TEXT`", true);
    hr_free(out);

    // Nobody but the operator drops: a person with the HR role, or claiming the operator's.
    hr_result_t res;
    assert_int_equal(s_drop_as(c, "hr", id_two, arena, &res), HR_EDENIED);
    assert_non_null(strstr(res.message, "only an operator may drop a message"));
    assert_int_equal(s_drop_as(c, "operator", id_two, arena, &res), HR_EDENIED);
    // Refused, each in words: no reason, a blank one, an unknown id, a delivery that failed.
    out = s_hrctl(c, 2, (const char *[]){"notify", "drop", id_two, NULL});
    s_has(out, "--reason: required", true);
    hr_free(out);
    out = s_hrctl(c, 2, (const char *[]){"notify", "drop", id_two, "--reason", "  ", NULL});
    s_has(out, "reason: required", true);
    hr_free(out);
    char long_reason[NT_REASON_OVER + 1];
    memset(long_reason, 'x', NT_REASON_OVER);
    long_reason[NT_REASON_OVER] = '\0';
    const char *bad_reasons[] = {long_reason, "not \xff UTF-8", "two\nlines"};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad_reasons); i++) {
        out = s_hrctl(c, 2,
                      (const char *[]){"notify", "drop", id_two, "--reason", bad_reasons[i], NULL});
        s_has(out, "at most 256 bytes, no control characters", true);
        hr_free(out);
    }
    out = s_hrctl(c, 2, (const char *[]){"notify", "drop", two, "--reason", "x", NULL});
    s_has(out, "delivery_id: '<send id>.<nnn>'", true);
    hr_free(out);
    char *unknown = hr_arena_fmt(arena, "%s.007", two);
    out = s_hrctl(c, 1, (const char *[]){"notify", "drop", unknown, "--reason", "x", NULL});
    s_has(out, "enotfound", true);
    s_has(out, "no delivery", true);
    hr_free(out);
    out = s_hrctl(c, 1, (const char *[]){"notify", "drop", id_failed, "--reason", "x", NULL});
    s_has(out, "econflict", true);
    s_has(out, "already failed at", true);
    s_has(out, "there is nothing to drop", true);
    hr_free(out);
    assert_int_equal(s_delivery(c, arena, two)->state,
                     HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED);

    // The manager's goes, as the operator, while held.
    out = s_hrctl(c, 0, (const char *[]){"notify", "drop", id_two, "--reason", REASON, NULL});
    s_has(out, "notify: dropped ", true);
    s_has(out, "(test email to manager@corp.example.com, case CASE-E2E): it will not be sent",
          true);
    s_has(out, "by operator: " REASON, true);
    s_has(out, "2 messages still waiting (sending held)", true);
    hr_free(out);
    out = s_hrctl(c, 0, (const char *[]){"notify", "drop", id_two, "--reason", "again", NULL});
    s_has(out, "already dropped; nothing changed", true);
    s_has(out, "by operator: " REASON, true); // the first drop's reason
    hr_free(out);

    // Kept, marked dropped with when, by whom and why; out of the outbox; in the log.
    const Hr__Notify__Delivery *d = s_delivery(c, arena, two);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED);
    assert_non_null(d->drop);
    assert_true(d->drop->at_ms > 0);
    assert_string_equal(d->drop->by, "operator");
    assert_string_equal(d->drop->reason, REASON);
    assert_int_equal(d->attempts, 0);
    out = s_hrctl(c, 0, (const char *[]){"notify", "outbox", NULL});
    s_has(out, id_one, true);
    s_has(out, id_two, false);
    s_has(out, id_three, true);
    s_has(out, "queued 2, ", true);
    hr_free(out);
    out = s_hrctl(c, 0, (const char *[]){"notify", "log", "--send", two, NULL});
    s_has(out, " dropped ", true);
    s_has(out, "dropped by operator: " REASON, true);
    s_has(out, "dropped 1", true);
    hr_free(out);
    // Its event is the second (after the failed one): the workflow learns of it.
    assert_int_equal(nt_e2e_last_event_seq(c, arena), 2);

    // Released: exactly the two others arrive; then the sent one cannot be dropped.
    out = s_hrctl(c, 0, (const char *[]){"notify", "release", NULL});
    s_has(out, "released; 2 messages waiting go out now", true);
    hr_free(out);
    assert_non_null(
        nt_e2e_wait(c, arena, one, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    assert_non_null(
        nt_e2e_wait(c, arena, three, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    assert_int_equal(nt_peer_count(&sink), 2);
    char *got = s_received(&sink);
    assert_non_null(strstr(got, "employee@corp.example.com "));
    assert_non_null(strstr(got, "hr.head@corp.example.com "));
    assert_null(strstr(got, "manager@"));
    hr_free(got);
    out = s_hrctl(c, 1, (const char *[]){"notify", "drop", id_one, "--reason", "late", NULL});
    s_has(out, "was sent at", true);
    hr_free(out);

    // Restarted and a day on: still dropped, never tried; a message sent since goes, alone.
    assert_int_equal(e2e_stop_one(c, "notify"), 0);
    assert_int_equal(e2e_restart(c, "notify"), 0);
    assert_int_equal(e2e_clock_advance(c, HR_DAY_MS), 0);
    char *four = nt_e2e_send(c, arena, &s_employee, 1, NULL, 0, NULL, 0, "test", "en", kv);
    assert_non_null(four);
    assert_non_null(
        nt_e2e_wait(c, arena, four, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    d = s_delivery(c, arena, two);
    assert_int_equal(d->state, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED);
    assert_int_equal(d->attempts, 0);
    assert_string_equal(d->drop->reason, REASON);
    assert_int_equal(nt_peer_count(&sink), 3);
    got = s_received(&sink);
    assert_null(strstr(got, "manager@"));
    hr_free(got);
    Hr__Notify__LogReply *log = nt_e2e_log(c, arena, NULL, 10);
    assert_int_equal(log->queued, 0);
    assert_int_equal(log->dropped, 1);
    assert_int_equal(log->sent, 3);

    nt_peer_free(&sink);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_dropped_message_is_kept_and_never_sent),
    };
    return cmocka_run_group_tests_name("e2e.notify_drop", tests, NULL, NULL);
}
