/*  unit.workflow.failed - a notify.DeliveryFailed in the workflow: the decision as a table
 *  (which case, which step, whether and on which channel the HR head is told, never a loop),
 *  then the effect on a real LMDB: the failed reminder on the case once per delivery, the
 *  alert in the outbox on the other channel, a failed alert recorded without a new alert.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define CASE_A "01JN00000000000000000000AA"
#define CASE_B "01JN00000000000000000000BB"
#define CORR_A CASE_A ":request:step_assigned:0:1"
#define HR_HEAD "E0002"

typedef struct {
    const char *what;       // the row, as a sentence
    const char *case_id;    // DeliveryFailed.case_id
    const char *corr;       // DeliveryFailed.correlation_id
    const char *tpl;        // DeliveryFailed.template
    int channel;            // DeliveryFailed.channel
    const char *hr_head;    // the HR head's employee_no
    const char *want_case;  // "" = not recorded
    const char *want_step;  // the step found
    int want_alert_channel; // 0 = no alert
    const char *want_skip;  // why not, or NULL
} s_row_t;

static const s_row_t s_rows[] = {
    {"email bounced: HR head told by SMS", CASE_A, CORR_A, "step_assigned", WF_CHANNEL_EMAIL,
     HR_HEAD, CASE_A, "request", WF_CHANNEL_SMS, NULL},
    {"SMS failed: HR head told by email", CASE_A, CORR_A, "step_assigned", WF_CHANNEL_SMS, HR_HEAD,
     CASE_A, "request", WF_CHANNEL_EMAIL, NULL},
    {"a robot failed: email", CASE_A, CORR_A, "overdue_1", 3, HR_HEAD, CASE_A, "request",
     WF_CHANNEL_EMAIL, NULL},
    {"the file channel failed: email", CASE_A, CORR_A, "overdue_1", 6, HR_HEAD, CASE_A, "request",
     WF_CHANNEL_EMAIL, NULL},
    {"no case_id: the case from our correlation id", "", CASE_B ":hr_review:overdue_2:2:7",
     "overdue_2", WF_CHANNEL_EMAIL, HR_HEAD, CASE_B, "hr_review", WF_CHANNEL_SMS, NULL},
    {"case_id wins over a correlation id of another case", CASE_A, CASE_B ":prepare:x:0:1",
     "overdue_1", WF_CHANNEL_EMAIL, HR_HEAD, CASE_A, "", WF_CHANNEL_SMS, NULL},
    {"a step of '-' is no step", CASE_A, CASE_A ":-:case_returned:0:3", "case_returned",
     WF_CHANNEL_SMS, HR_HEAD, CASE_A, "", WF_CHANNEL_EMAIL, NULL},
    {"not a case: hrctl notify test", "", "", "test", WF_CHANNEL_EMAIL, HR_HEAD, "", "", 0, NULL},
    {"not a case id: someone else's correlation", "", "ticket-42:x", "test", WF_CHANNEL_EMAIL,
     HR_HEAD, "", "", 0, NULL},
    {"a lower-case id is not ours", "01jn00000000000000000000aa", "", "test", WF_CHANNEL_EMAIL,
     HR_HEAD, "", "", 0, NULL},
    {"the alert itself failed: recorded, never alerted again", CASE_A,
     CASE_A ":request:delivery_failed:0:2", "delivery_failed", WF_CHANNEL_SMS, HR_HEAD, CASE_A,
     "request", 0, WF_ALERT_SKIP_LOOP},
    {"an alert named only by the correlation id: no loop either", CASE_A,
     CASE_A ":request:delivery_failed:0:2", "", WF_CHANNEL_EMAIL, HR_HEAD, CASE_A, "request", 0,
     WF_ALERT_SKIP_LOOP},
    {"no HR head: recorded, nobody to tell", CASE_A, CORR_A, "step_assigned", WF_CHANNEL_EMAIL, "",
     CASE_A, "request", 0, WF_ALERT_SKIP_NO_HR_HEAD},
    {"NULL strings are empty", NULL, NULL, NULL, WF_CHANNEL_EMAIL, NULL, "", "", 0, NULL},
};

static void test_the_decision_table(void **state)
{
    HR_UNUSED(state);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_rows); i++) {
        const s_row_t *r = &s_rows[i];
        wf_failure_t d;
        wf_failure_decide(r->case_id, r->corr, r->tpl, r->channel, r->hr_head, &d);
        printf("  %s\n", r->what);
        assert_int_equal(d.record, *r->want_case != '\0');
        assert_string_equal(d.case_id, r->want_case);
        assert_string_equal(d.step, r->want_step);
        assert_int_equal(d.alert, r->want_alert_channel != 0);
        assert_int_equal(d.alert_channel, r->want_alert_channel);
        if (r->want_skip)
            assert_string_equal(d.skip, r->want_skip);
        else if (d.record)
            assert_null(d.skip);
        if (d.alert)
            assert_int_not_equal(d.alert_channel, r->channel); // always another channel
    }
}

static void test_channel_names(void **state)
{
    HR_UNUSED(state);
    assert_string_equal(wf_channel_name(WF_CHANNEL_EMAIL), "email");
    assert_string_equal(wf_channel_name(WF_CHANNEL_SMS), "sms");
    assert_string_equal(wf_channel_name(6), "file");
    assert_string_equal(wf_channel_name(7), "unknown");
    assert_string_equal(wf_channel_name(-1), "unknown");
}

// ---------------------------------------------------------------------------------------------
// The effect, on a real LMDB

typedef struct {
    char *dir;          // owned: temp dir holding the LMDB env
    hr_store_t *store;  // owned
    hr_arena_t *arena;  // owned
    hr_calendar_t *cal; // owned
    wf_time_t t;        // calendar + zone
} fixture_t;

static void s_person(hr_txn_t *txn, const char *no, const char *name, const char *email,
                     const char *mobile)
{
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = (char *)no;
    p.name = (char *)name;
    p.email = (char *)email;
    p.mobile = (char *)mobile;
    p.language = "zh";
    assert_int_equal(wf_store_person_put(txn, &p), HR_OK);
}

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("wf_failed");
    f->store = hr_test_store_open(f->dir, wf_store_dbs, 64);
    f->arena = hr_arena_new(0);
    f->cal = wf_fixture_calendar();
    f->t = (wf_time_t){f->cal, HR_TZ_SHANGHAI_MIN};
    *state = f;
    if (!f->store)
        return -1;
    Hr__Workflow__Template *tpl = wf_fixture_template(f->arena);
    if (!tpl)
        return -1;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    s_person(txn, HR_HEAD, "李静", "li.jing@example.com", "13800000002");
    s_person(txn, "E0101", "刘强", "liu.qiang@example.com", "13800000101");
    s_person(txn, "E0117", "吴昊", "wu.hao@example.com", "13800000117");
    assert_int_equal(wf_store_setting_put(txn, WF_SETTING_HR_HEAD, HR_HEAD), HR_OK);
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = CASE_A;
    c->employee_no = "E0117";
    c->manager_no = "E0101";
    c->ground = "A39_1";
    c->version = 1;
    wf_steps_init(c, tpl, f->arena, &f->t, HR_TEST_T0_MS);
    assert_int_equal(wf_store_case_put(txn, NULL, c), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_calendar_destroy(&f->cal);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

// cc_index: -1 for the delivery's own failure, else the refused cc's recipient_index (E0100).
static bool s_apply_cc(fixture_t *f, const char *delivery, const char *case_id, const char *tpl,
                       int channel, int64_t now, int cc_index)
{
    Hr__Notify__DeliveryFailed df = HR__NOTIFY__DELIVERY_FAILED__INIT;
    df.delivery_id = (char *)delivery;
    df.send_id = "01JN0000000000000000000SND";
    df.case_id = (char *)case_id;
    df.correlation_id = hr_arena_fmt(f->arena, "%s:request:%s:0:1", case_id, tpl);
    df.channel = (Hr__Notify__Channel)channel;
    df.recipient = "liu.qiang@example.com";
    df.person_id = "E0101";
    df.template_ = (char *)tpl;
    df.reason = "permanent: 550 5.1.1 mailbox unavailable";
    df.attempts = 1;
    df.failed_ms = now - 1000;
    if (cc_index >= 0) {
        df.recipient = "z***@example.com";
        df.person_id = "E0100";
        df.reason = "cc refused: smtp 550 <z***@example.com>";
        df.recipient_index = (uint32_t)cc_index;
        df.cc = true;
        df.cc_refused = true;
    }
    hr_txn_t *txn = NULL;
    bool recorded = false;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_effects_delivery_failed(txn, f->arena, &df, &f->t, now, &recorded), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return recorded;
}

static bool s_apply(fixture_t *f, const char *delivery, const char *case_id, const char *tpl,
                    int channel, int64_t now)
{
    return s_apply_cc(f, delivery, case_id, tpl, channel, now, -1);
}

static Hr__Workflow__Case *s_case(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    Hr__Workflow__Case *c = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_case_get(txn, CASE_A, f->arena, &c), HR_OK);
    hr_txn_abort(&txn);
    return c;
}

static Hr__Workflow__ListOutboxReply *s_outbox(fixture_t *f)
{
    hr_txn_t *txn = NULL;
    Hr__Workflow__ListOutboxReply *ob = hr_arena_alloc(f->arena, sizeof *ob);
    hr__workflow__list_outbox_reply__init(ob);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(wf_store_outbox_list(txn, 100, f->arena, ob), HR_OK);
    hr_txn_abort(&txn);
    return ob;
}

static size_t s_events_of(fixture_t *f, const char *type)
{
    hr_txn_t *txn = NULL;
    Hr__Sys__EventsSinceReply ev = HR__SYS__EVENTS_SINCE_REPLY__INIT;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_events_read(txn, 0, 100, f->arena, &ev), HR_OK);
    hr_txn_abort(&txn);
    size_t n = 0;
    for (size_t i = 0; i < ev.n_events; i++)
        n += !strcmp(ev.events[i]->type, type);
    return n;
}

static void test_bounced_email_is_recorded_once_and_the_hr_head_gets_an_sms(void **state)
{
    fixture_t *f = *state;
    int64_t now = HR_TEST_T0_MS + HR_HOUR_MS;
    assert_true(s_apply(f, "SND.001", CASE_A, "step_assigned", WF_CHANNEL_EMAIL, now));

    Hr__Workflow__Case *c = s_case(f);
    assert_int_equal(c->n_failed_reminders, 1);
    const Hr__Workflow__FailedReminder *fr = c->failed_reminders[0];
    assert_string_equal(fr->delivery_id, "SND.001");
    assert_string_equal(fr->template_id, "step_assigned");
    assert_string_equal(fr->step, "request");
    assert_string_equal(fr->person_no, "E0101");
    assert_string_equal(fr->channel, "email");
    assert_string_equal(fr->reason, "permanent: 550 5.1.1 mailbox unavailable");
    assert_int_equal(fr->recorded_ms, now);
    assert_string_equal(fr->alert_channel, "sms");
    assert_string_equal(fr->alert_skipped, "");
    assert_int_equal(c->version, 2);
    assert_string_equal(c->history[c->n_history - 1]->action, "reminder_failed");

    Hr__Workflow__ListOutboxReply *ob = s_outbox(f);
    assert_int_equal(ob->n_rows, 1);
    assert_string_equal(ob->rows[0]->row->msg_id, fr->alert_msg_id);
    const Hr__Workflow__WorkflowNotifySend *s = ob->rows[0]->send;
    assert_string_equal(s->template_id, WF_TPL_DELIVERY_FAILED);
    assert_int_equal(s->n_to, 1);
    assert_string_equal(s->to[0]->employee_no, HR_HEAD);
    assert_string_equal(s->to[0]->mobile, "13800000002");
    assert_int_equal(s->n_channels, 1);
    assert_int_equal(s->channels[0], WF_CHANNEL_SMS);
    assert_string_equal(s->case_id, CASE_A);
    assert_string_equal(s->correlation_id, CASE_A ":request:delivery_failed:0:1");
    bool has_reason = false, has_name = false;
    for (size_t i = 0; i < s->n_vars; i++) {
        has_reason |= !strcmp(s->vars[i]->key, "reason") && strstr(s->vars[i]->value, "550");
        has_name |= !strcmp(s->vars[i]->key, "person_name") && !strcmp(s->vars[i]->value, "刘强");
    }
    assert_true(has_reason);
    assert_true(has_name);
    assert_int_equal(s_events_of(f, "workflow.ReminderFailed"), 1);

    // The same delivery again (a second event for it): nothing changes.
    assert_false(s_apply(f, "SND.001", CASE_A, "step_assigned", WF_CHANNEL_EMAIL, now + 1));
    assert_int_equal(s_case(f)->n_failed_reminders, 1);
    assert_int_equal(s_outbox(f)->n_rows, 1);
    assert_int_equal(s_events_of(f, "workflow.ReminderFailed"), 1);
}

// A superior's copy refused while the reminder itself went out: recorded as that person's
// failed copy, once per refused cc of the delivery, apart from the delivery's own failure.
static void test_a_refused_cc_is_recorded_once_apart_from_its_delivery(void **state)
{
    fixture_t *f = *state;
    int64_t now = HR_TEST_T0_MS + HR_HOUR_MS;
    assert_true(s_apply_cc(f, "SND.004", CASE_A, "overdue_1", WF_CHANNEL_EMAIL, now, 1));
    Hr__Workflow__Case *c = s_case(f);
    assert_int_equal(c->n_failed_reminders, 1);
    const Hr__Workflow__FailedReminder *fr = c->failed_reminders[0];
    assert_true(fr->cc);
    assert_true(fr->cc_refused);
    assert_int_equal(fr->recipient_index, 1);
    assert_string_equal(fr->person_no, "E0100");
    assert_string_equal(fr->alert_channel, "sms");
    assert_non_null(strstr(c->history[c->n_history - 1]->note, "overdue_1 cc E0100 by email"));
    // Again: nothing. Another refused cc of it, and the delivery's own failure: one each.
    assert_false(s_apply_cc(f, "SND.004", CASE_A, "overdue_1", WF_CHANNEL_EMAIL, now + 1, 1));
    assert_true(s_apply_cc(f, "SND.004", CASE_A, "overdue_1", WF_CHANNEL_EMAIL, now + 2, 2));
    assert_true(s_apply(f, "SND.004", CASE_A, "overdue_1", WF_CHANNEL_EMAIL, now + 3));
    assert_false(s_apply(f, "SND.004", CASE_A, "overdue_1", WF_CHANNEL_EMAIL, now + 4));
    c = s_case(f);
    assert_int_equal(c->n_failed_reminders, 3);
    assert_false(c->failed_reminders[2]->cc_refused);
    assert_int_equal(s_events_of(f, "workflow.ReminderFailed"), 3);
    assert_int_equal(s_outbox(f)->n_rows, 3);
}

static void test_a_failed_alert_is_recorded_but_never_alerted_again(void **state)
{
    fixture_t *f = *state;
    int64_t now = HR_TEST_T0_MS + HR_HOUR_MS;
    assert_true(s_apply(f, "SND.002", CASE_A, "overdue_1", WF_CHANNEL_SMS, now));
    assert_int_equal(s_outbox(f)->n_rows, 1);
    assert_int_equal(s_outbox(f)->rows[0]->send->channels[0], WF_CHANNEL_EMAIL);
    // The alert's own delivery fails too: it shows on the case, and the outbox stays as it was.
    assert_true(s_apply(f, "ALR.001", CASE_A, WF_TPL_DELIVERY_FAILED, WF_CHANNEL_EMAIL, now + 5));
    Hr__Workflow__Case *c = s_case(f);
    assert_int_equal(c->n_failed_reminders, 2);
    assert_string_equal(c->failed_reminders[1]->template_id, WF_TPL_DELIVERY_FAILED);
    assert_string_equal(c->failed_reminders[1]->alert_channel, "");
    assert_string_equal(c->failed_reminders[1]->alert_skipped, WF_ALERT_SKIP_LOOP);
    assert_int_equal(s_outbox(f)->n_rows, 1);
    assert_int_equal(s_events_of(f, "workflow.ReminderFailed"), 2);
}

// The operator dropped the reminder from notify's queue (DeliveryFailed.dropped): the case
// records it as not sent, and the HR head is not alerted about the operator's own decision.
static void test_a_dropped_reminder_is_recorded_and_nobody_is_alerted(void **state)
{
    fixture_t *f = *state;
    int64_t now = HR_TEST_T0_MS + HR_HOUR_MS;
    Hr__Notify__DeliveryFailed df = HR__NOTIFY__DELIVERY_FAILED__INIT;
    df.delivery_id = "SND.005";
    df.send_id = "01JN0000000000000000000SND";
    df.case_id = CASE_A;
    df.correlation_id = CASE_A ":request:overdue_1:1:1";
    df.channel = HR__NOTIFY__CHANNEL__CHANNEL_EMAIL;
    df.person_id = "E0101";
    df.template_ = "overdue_1";
    df.reason = "not sent: dropped by the operator (sent before the backup's time)";
    df.failed_ms = now - 1000;
    df.dropped = true;
    hr_txn_t *txn = NULL;
    bool recorded = false;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(wf_effects_delivery_failed(txn, f->arena, &df, &f->t, now, &recorded), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_true(recorded);
    Hr__Workflow__Case *c = s_case(f);
    assert_int_equal(c->n_failed_reminders, 1);
    const Hr__Workflow__FailedReminder *fr = c->failed_reminders[0];
    assert_true(fr->dropped);
    assert_string_equal(fr->reason,
                        "not sent: dropped by the operator (sent before the backup's time)");
    assert_string_equal(fr->step, "request");
    assert_string_equal(fr->alert_channel, "");
    assert_string_equal(fr->alert_skipped, WF_ALERT_SKIP_DROPPED);
    assert_int_equal(s_outbox(f)->n_rows, 0); // no delivery_failed to the HR head
    assert_int_equal(s_events_of(f, "workflow.ReminderFailed"), 1);
}

static void test_unknown_case_changes_nothing(void **state)
{
    fixture_t *f = *state;
    assert_false(s_apply(f, "SND.003", CASE_B, "overdue_1", WF_CHANNEL_EMAIL, HR_TEST_T0_MS));
    assert_int_equal(s_outbox(f)->n_rows, 0);
    assert_int_equal(s_events_of(f, "workflow.ReminderFailed"), 0);
    assert_int_equal(s_case(f)->n_failed_reminders, 0);
}

static void test_failed_reminders_are_capped(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < WF_CASE_MAX_FAILED + 3; i++) {
        char id[32];
        snprintf(id, sizeof id, "SND.%03d", i);
        assert_true(
            s_apply(f, id, CASE_A, WF_TPL_DELIVERY_FAILED, WF_CHANNEL_SMS, HR_TEST_T0_MS + i));
        hr_arena_reset(f->arena);
    }
    Hr__Workflow__Case *c = s_case(f);
    assert_int_equal(c->n_failed_reminders, WF_CASE_MAX_FAILED);
    assert_string_equal(c->failed_reminders[0]->delivery_id, "SND.003"); // oldest dropped
    assert_string_equal(c->failed_reminders[WF_CASE_MAX_FAILED - 1]->delivery_id, "SND.202");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_decision_table),
        cmocka_unit_test(test_channel_names),
        cmocka_unit_test_setup_teardown(
            test_bounced_email_is_recorded_once_and_the_hr_head_gets_an_sms, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_refused_cc_is_recorded_once_apart_from_its_delivery,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_failed_alert_is_recorded_but_never_alerted_again,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_dropped_reminder_is_recorded_and_nobody_is_alerted,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_case_changes_nothing, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_failed_reminders_are_capped, s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.workflow.failed", tests, NULL, NULL);
}
