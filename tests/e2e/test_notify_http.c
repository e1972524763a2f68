/*  e2e.notify_http - hr-notify against a real HTTP receiver on loopback (tests/support/
 *  http_sink.py) standing in for Aliyun and Tencent SMS, a generic SMS webhook, and the WeCom,
 *  DingTalk and Feishu robots. The receiver recomputes every signature in Python from the
 *  request as received; bodies are checked for numbers, mentions and escaping. Also: 429
 *  retried after back-off, 400 failed with an event, and notify.Send refusing bad input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <signal.h>
#include <cmocka.h>

#include <unistd.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"

#define WAIT_MS 15000

typedef struct {
    e2e_t *c;          // owned
    nt_peer_t sink;    // the HTTP receiver
    hr_arena_t *arena; // owned
} fixture_t;

static void s_secret(fixture_t *f, const char *key, const char *name, const char *value)
{
    char *path = hr_strfmt("%s/%s.secret", e2e_dir(f->c), name);
    assert_int_equal(hr_test_write_file(path, value, strlen(value)), 0);
    e2e_config(f->c, "notify", key, path);
    hr_free(path);
}

static void s_url(fixture_t *f, const char *key, const char *path)
{
    char *url = hr_strfmt("http://127.0.0.1:%d%s", f->sink.port, path);
    e2e_config(f->c, "notify", key, url);
    hr_free(url);
}

static const char *const s_secrets[] = {
    "--secret", "aliyun=ali-secret-1", "--secret", "tencent=tc-secret-2",
    "--secret", "dingtalk=SECding-3",  "--secret", "feishu=feishu-4",
    "--secret", "webhook=hook-5",      NULL};

// kv: more notify keys and values (alternating, NULL-terminated; may be NULL). Not started.
static fixture_t *s_prepare(const char *name, const char *sms_provider, const char *control,
                            const char *const *kv)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->c = e2e_new(name);
    f->arena = hr_arena_new(0);
    char *dir = hr_strfmt("%s/http", e2e_dir(f->c));
    assert_int_equal(nt_peer_start(&f->sink, "http_sink.py", dir, 0, s_secrets), 0);
    hr_free(dir);
    if (control)
        assert_int_equal(nt_peer_control(&f->sink, control), 0);
    e2e_config(f->c, "notify", "sms/provider", sms_provider);
    s_url(f, "aliyun/endpoint", "/aliyun/");
    e2e_config(f->c, "notify", "aliyun/access_key_id", "LTAI-test");
    s_secret(f, "aliyun/access_key_secret_file", "aliyun", "ali-secret-1\n");
    e2e_config(f->c, "notify", "aliyun/sign_name", "某某公司");
    e2e_config(f->c, "notify", "aliyun/template_code", "SMS_15305");
    s_url(f, "tencent/endpoint", "/tencent/");
    e2e_config(f->c, "notify", "tencent/secret_id", "AKID-test");
    s_secret(f, "tencent/secret_key_file", "tencent", "tc-secret-2");
    e2e_config(f->c, "notify", "tencent/sdk_app_id", "1400006666");
    e2e_config(f->c, "notify", "tencent/sign_name", "某某公司");
    e2e_config(f->c, "notify", "tencent/template_id", "449739");
    s_url(f, "webhook/url", "/webhook/sms");
    s_secret(f, "webhook/secret_file", "webhook", "hook-5");
    s_url(f, "wecom/url", "/wecom/send?key=robot-key");
    s_url(f, "dingtalk/url", "/dingtalk/send?access_token=tok");
    s_secret(f, "dingtalk/secret_file", "dingtalk", "SECding-3");
    s_url(f, "feishu/url", "/feishu/hook/abc");
    s_secret(f, "feishu/secret_file", "feishu", "feishu-4");
    e2e_config(f->c, "notify", "retry/min_backoff_s", "30");
    for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2)
        e2e_config(f->c, "notify", kv[i], kv[i + 1]);
    return f;
}

static fixture_t *s_start_with(const char *name, const char *sms_provider, const char *control,
                               const char *const *kv)
{
    fixture_t *f = s_prepare(name, sms_provider, control, kv);
    assert_int_equal(e2e_start_one(f->c, "notify", NULL), 0);
    return f;
}

static fixture_t *s_start(const char *name, const char *sms_provider, const char *control)
{
    return s_start_with(name, sms_provider, control, NULL);
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

// The request received for vendor (the n-th one), or NULL.
static json_t *s_find(json_t *msgs, const char *vendor, size_t nth)
{
    for (size_t i = 0; i < json_array_size(msgs); i++) {
        json_t *m = json_array_get(msgs, i);
        if (!strcmp(s_str(m, "vendor"), vendor) && nth-- == 0)
            return m;
    }
    return NULL;
}

static void s_assert_signed(json_t *m)
{
    assert_non_null(m);
    if (!json_is_true(json_object_get(m, "sig_ok")))
        fail_msg("%s: signature not accepted: %s", s_str(m, "vendor"), s_str(m, "sig_error"));
}

// Numbers as people write them: notify sends to their normal form (hr_mobile_normalize).
static const nt_who_t s_manager = {"张三", "manager@corp.example.com", "+86 138-0000-1111", "zs01"};
static const nt_who_t s_superior = {"李四", "boss@corp.example.com", "139 0000 2222", NULL};

static void test_aliyun_sms_and_three_robots_arrive_signed(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-http", "aliyun", NULL);
    const Hr__Notify__Channel ch[] = {
        HR__NOTIFY__CHANNEL__CHANNEL_SMS, HR__NOTIFY__CHANNEL__CHANNEL_WECOM,
        HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK, HR__NOTIFY__CHANNEL__CHANNEL_FEISHU};
    const char *const kv[] = {"case_id", "CASE-3", "step", "提交\"申请\"", "due_at", "明天", NULL};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, ch, 4, "overdue_1", "zh-CN", kv);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->n_deliveries, 5); // SMS to both, one post per robot
    assert_int_equal(nt_peer_wait(&f->sink, 5, WAIT_MS), 5);
    json_t *msgs = nt_peer_messages(&f->sink);

    // Aliyun: one SendSms per number, signed, the short text in TemplateParam.
    const char *phones[2] = {NULL, NULL};
    for (size_t i = 0; i < 2; i++) {
        json_t *m = s_find(msgs, "aliyun", i);
        s_assert_signed(m);
        json_t *q = json_object_get(m, "query");
        phones[i] = s_str(q, "PhoneNumbers");
        assert_string_equal(s_str(q, "TemplateCode"), "SMS_15305");
        assert_string_equal(s_str(q, "SignName"), "某某公司");
        json_t *tp = json_loads(s_str(q, "TemplateParam"), 0, NULL);
        assert_non_null(tp);
        assert_non_null(strstr(s_str(tp, "content"), "案件CASE-3的步骤「提交\"申请\"」已逾期"));
        json_decref(tp);
        assert_string_equal(s_str(json_object_get(m, "headers"), "x-acs-action"), "SendSms");
    }
    assert_true((!strcmp(phones[0], "13800001111") && !strcmp(phones[1], "13900002222")) ||
                (!strcmp(phones[1], "13800001111") && !strcmp(phones[0], "13900002222")));

    json_t *wecom = s_find(msgs, "wecom", 0);
    assert_non_null(wecom);
    assert_string_equal(s_str(json_object_get(wecom, "query"), "key"), "robot-key");
    json_t *text = json_object_get(json_object_get(wecom, "json"), "text");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(text, "mentioned_list"), 0)), "zs01");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(text, "mentioned_mobile_list"), 0)),
        "13900002222");
    assert_non_null(strstr(s_str(text, "content"), "提交\"申请\""));

    json_t *ding = s_find(msgs, "dingtalk", 0);
    s_assert_signed(ding);
    json_t *at = json_object_get(json_object_get(ding, "json"), "at");
    assert_string_equal(json_string_value(json_array_get(json_object_get(at, "atUserIds"), 0)),
                        "zs01");
    assert_non_null(strstr(s_str(json_object_get(json_object_get(ding, "json"), "text"), "content"),
                           "@13900002222"));

    json_t *feishu = s_find(msgs, "feishu", 0);
    s_assert_signed(feishu);
    assert_string_equal(s_str(json_object_get(feishu, "json"), "msg_type"), "text");
    json_decref(msgs);
    s_finish(f);
}

static void test_tencent_429_is_retried_after_back_off_and_signed_both_times(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-tc", "tencent", "429 1\n");
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "429"));
    assert_int_equal(e2e_clock_advance(f->c, 31 * HR_SECOND_MS), 0);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    json_t *msgs = nt_peer_messages(&f->sink);
    for (size_t i = 0; i < 2; i++) {
        json_t *m = s_find(msgs, "tencent", i);
        s_assert_signed(m);
        json_t *body = json_object_get(m, "json");
        assert_string_equal(
            json_string_value(json_array_get(json_object_get(body, "PhoneNumberSet"), 0)),
            "13800001111");
        assert_string_equal(s_str(body, "SmsSdkAppId"), "1400006666");
        assert_string_equal(s_str(body, "SessionContext"), log->deliveries[0]->id);
    }
    json_decref(msgs);
    s_finish(f);
}

static void test_webhook_400_fails_with_an_event_and_the_body_escapes_variables(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-hook", "webhook", "400 -1\n");
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    const char *tricky = "line1\nline2 \"quoted\" \\ <tag> {\"json\":1}";
    const char *const kv[] = {"reasons", tricky, "case_id", "CASE-9", NULL};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "case_returned", "en", kv);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "HTTP 400"));
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1);
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    json_t *msgs = nt_peer_messages(&f->sink);
    json_t *m = s_find(msgs, "webhook", 0);
    s_assert_signed(m);
    json_t *body = json_object_get(m, "json");
    assert_string_equal(s_str(json_object_get(body, "variables"), "reasons"), tricky);
    assert_string_equal(s_str(body, "to"), "13800001111");
    assert_null(strchr(s_str(body, "text"), '\n'));
    json_decref(msgs);
    s_finish(f);
}

// The newest notify.DeliveryFailed in notify's event log (arena), or NULL.
static Hr__Notify__DeliveryFailed *s_last_failed(fixture_t *f)
{
    Hr__Sys__EventsSinceRequest since = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    hr_result_t res;
    if (e2e_call(f->c, "notify", "sys.EventsSince", &since.base,
                 &hr__sys__events_since_reply__descriptor, f->arena, &res) != HR_OK)
        return NULL;
    const Hr__Sys__EventsSinceReply *events = res.reply;
    if (!events->n_events)
        return NULL;
    const Hr__Sys__Event *ev = events->events[events->n_events - 1];
    return hr__notify__delivery_failed__unpack(hr_arena_pb_allocator(f->arena), ev->body.len,
                                               ev->body.data);
}

// Aliyun answers a throttled SendSms with HTTP 400 and its JSON error body: Throttling.User is
// read from it and retried after the back-off (it was failed for good, as any 400); a code that
// needs a person, with the same status, fails at once with the code in the DeliveryFailed.
static void test_aliyun_error_body_of_a_400_is_read_and_classed_by_its_code(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-ali400", "aliyun", "400 1 Throttling.User\n");
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "Throttling.User"));
    assert_non_null(strstr(log->deliveries[0]->last_error, "HTTP 400"));
    assert_int_equal(e2e_clock_advance(f->c, 31 * HR_SECOND_MS), 0);
    assert_non_null(nt_e2e_wait(f->c, f->arena, send_id,
                                HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2, WAIT_MS));
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 0);

    assert_int_equal(nt_peer_control(&f->sink, "400 1 isv.AMOUNT_NOT_ENOUGH\n"), 0);
    send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(send_id);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->deliveries[0]->attempts, 1);
    assert_non_null(strstr(log->deliveries[0]->last_error, "isv.AMOUNT_NOT_ENOUGH"));
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1);
    Hr__Notify__DeliveryFailed *ev = s_last_failed(f);
    assert_non_null(ev);
    assert_string_equal(ev->delivery_id, log->deliveries[0]->id);
    assert_non_null(strstr(ev->reason, "isv.AMOUNT_NOT_ENOUGH"));
    assert_non_null(strstr(ev->reason, "HTTP 400"));
    s_finish(f);
}

// An SMS whose request reached the vendor and whose answer did not come back in time (the
// vendor took it, its answer came after http/timeout_s) may well have been sent, and neither
// Aliyun (no idempotency, OutId only echoed) nor Tencent deduplicates a second request: it is
// not sent again. It fails as "unknown" with maybe_sent in its DeliveryFailed, so the workflow
// tells HR; the vendor saw one request. Without this it was retried after the back-off and the
// person got the SMS twice.
static void test_an_sms_timed_out_after_its_request_went_is_not_sent_again(void **state)
{
    HR_UNUSED(state);
    const char *const providers[] = {"aliyun", "tencent"};
    for (size_t i = 0; i < HR_ARRAY_LEN(providers); i++) {
        const char *const kv[] = {"http/timeout_s", "1", NULL};
        fixture_t *f = s_start_with("nt-stall", providers[i], "stall 1 3\n", kv);
        const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
        char *send_id =
            nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
        assert_non_null(send_id);
        Hr__Notify__LogReply *log = nt_e2e_wait(
            f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS);
        assert_non_null(log);
        const Hr__Notify__Delivery *d = log->deliveries[0];
        char *id = hr_arena_strdup(f->arena, d->id);
        assert_int_equal(d->attempts, 1);
        if (strncmp(d->last_error, "unknown: ", 9) || !strstr(d->last_error, "may have been sent"))
            fail_msg("%s: last_error '%s'", providers[i], d->last_error);
        Hr__Notify__DeliveryFailed *ev = s_last_failed(f);
        assert_non_null(ev);
        assert_string_equal(ev->delivery_id, id);
        assert_true(ev->maybe_sent);
        assert_false(ev->cc_refused);
        assert_string_equal(ev->recipient, "138****1111");

        // Well past the back-off (30 s): another SMS goes, this one does not again.
        assert_int_equal(e2e_clock_advance(f->c, 300 * HR_SECOND_MS), 0); // < ACS3's 15 minutes
        char *next =
            nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
        assert_non_null(next);
        assert_non_null(nt_e2e_wait(f->c, f->arena, next,
                                    HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
        assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
        json_t *msgs = nt_peer_messages(&f->sink);
        assert_int_equal(json_array_size(msgs), 2);
        size_t for_first = 0;
        for (size_t k = 0; k < 2; k++) {
            json_t *m = s_find(msgs, providers[i], k);
            s_assert_signed(m);
            const char *tag = !strcmp(providers[i], "aliyun")
                                  ? s_str(json_object_get(m, "query"), "OutId")
                                  : s_str(json_object_get(m, "json"), "SessionContext");
            for_first += !strcmp(tag, id);
        }
        assert_int_equal(for_first, 1);
        json_decref(msgs);
        log = nt_e2e_log(f->c, f->arena, send_id, 10);
        assert_int_equal(log->deliveries[0]->attempts, 1);
        assert_int_equal(log->deliveries[0]->state,
                         HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED);
        s_finish(f);
    }
}

// libcurl sends a request again by itself, on a new connection, when a kept-alive connection it
// reused closes without an answer - for an SMS a second message nobody deduplicates, and the job
// came back sent. An SMS now goes on a connection of its own: a vendor that read the request
// and closed the line without answering got it once, and the delivery fails as unknown
// (maybe_sent) instead of being sent twice. One worker, so the second SMS would have reused the
// first one's connection.
static void test_an_sms_dropped_unanswered_on_a_kept_alive_line_is_not_resent(void **state)
{
    HR_UNUSED(state);
    const char *const kv[] = {"notify/workers", "1", NULL};
    fixture_t *f = s_start_with("nt-drop", "aliyun", NULL, kv);
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *first =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(first);
    assert_non_null(nt_e2e_wait(f->c, f->arena, first,
                                HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    assert_int_equal(nt_peer_count(&f->sink), 1);
    assert_int_equal(nt_peer_control(&f->sink, "drop 1\n"), 0);
    char *second =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(second);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, second, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS);
    if (!log) {
        log = nt_e2e_log(f->c, f->arena, second, 1);
        fail_msg("second SMS: state %d, %zu requests at the vendor",
                 log ? (int)log->deliveries[0]->state : -1, nt_peer_count(&f->sink));
    }
    const Hr__Notify__Delivery *d = log->deliveries[0];
    assert_int_equal(d->attempts, 1);
    if (strncmp(d->last_error, "unknown: ", 9))
        fail_msg("last_error '%s'", d->last_error);
    Hr__Notify__DeliveryFailed *ev = s_last_failed(f);
    assert_non_null(ev);
    assert_string_equal(ev->delivery_id, d->id);
    assert_true(ev->maybe_sent);
    assert_int_equal(nt_peer_count(&f->sink), 2); // each SMS's request once
    s_finish(f);
}

// Waits until send_id's first delivery carries the "in flight since" mark (it went to a
// worker). False after WAIT_MS.
static bool s_wait_marked(fixture_t *f, const char *send_id)
{
    for (int64_t end = zclock_mono() + WAIT_MS; zclock_mono() < end; zclock_sleep(50)) {
        Hr__Notify__LogReply *log = nt_e2e_log(f->c, f->arena, send_id, 1);
        if (log && log->n_deliveries && log->deliveries[0]->inflight_ms)
            return true;
    }
    return false;
}

// hr-notify stopped while an SMS's request is with the vendor (the vendor holds its answer): the
// SMS may have been sent, and that fact outlives the stop. Stopped with SIGTERM, the worker's
// result ("unknown", the transfer cut short after the request went) is recorded before the
// daemon exits - it was dropped, and the SMS went again at the next start - and a second SMS
// waiting behind it on the same worker, never begun, is simply sent at the next start. Killed
// (-9), the delivery's "in flight since" mark, committed before the request went, fails it as
// unknown at the next start. Either way the vendor saw one request, DeliveryFailed has
// maybe_sent, and the next SMS goes as usual.
static void s_stopped_with_an_sms_in_flight(bool crash)
{
    const char *const kv[] = {"http/timeout_s", "30", "notify/workers", "1", NULL};
    fixture_t *f = s_start_with(crash ? "nt-crash" : "nt-term", "aliyun", "stall 1 20\n", kv);
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(send_id);
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1); // the vendor has it, no answer yet
    char *waiting = NULL;                                    // handed out, behind it
    if (!crash) {
        waiting =
            nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
        assert_non_null(waiting);
        assert_true(s_wait_marked(f, waiting));
    }
    if (crash)
        e2e_kill(f->c, "notify", SIGKILL);
    else
        assert_int_equal(e2e_stop_one(f->c, "notify"), 0);
    assert_int_equal(e2e_restart(f->c, "notify"), 0);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS);
    if (!log) {
        log = nt_e2e_log(f->c, f->arena, send_id, 1);
        fail_msg("%s: state %d attempts %u, %zu requests at the vendor", crash ? "kill" : "term",
                 log ? (int)log->deliveries[0]->state : -1, log ? log->deliveries[0]->attempts : 0,
                 nt_peer_count(&f->sink));
    }
    const Hr__Notify__Delivery *d = log->deliveries[0];
    char *id = hr_arena_strdup(f->arena, d->id);
    assert_int_equal(d->attempts, 1);
    assert_int_equal(d->inflight_ms, 0);
    // SIGTERM: the worker's own result, recorded while stopping; -9: the mark's, at the start.
    if (strncmp(d->last_error, "unknown: ", 9) || !strstr(d->last_error, "may have been sent") ||
        !strstr(d->last_error, crash ? "(a crash)" : "aliyun: "))
        fail_msg("last_error '%s'", d->last_error);
    Hr__Notify__DeliveryFailed *ev = s_last_failed(f);
    assert_non_null(ev);
    assert_string_equal(ev->delivery_id, id);
    assert_true(ev->maybe_sent);
    if (waiting) {
        log = nt_e2e_wait(f->c, f->arena, waiting, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT,
                          1, WAIT_MS);
        if (!log) {
            log = nt_e2e_log(f->c, f->arena, waiting, 1);
            fail_msg("the SMS never begun: state %d '%s'",
                     log ? (int)log->deliveries[0]->state : -1,
                     log ? log->deliveries[0]->last_error : "");
        }
        assert_int_equal(log->deliveries[0]->attempts, 1);
        assert_int_equal(log->deliveries[0]->inflight_ms, 0);
        assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1); // the first one's only
    }

    // Past the back-off: the next SMS goes and is answered; the first never went again.
    size_t before = waiting ? 2 : 1;
    assert_int_equal(e2e_clock_advance(f->c, 300 * HR_SECOND_MS), 0);
    char *next = nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(next);
    log = nt_e2e_wait(f->c, f->arena, next, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->deliveries[0]->inflight_ms, 0); // cleared with the result
    assert_int_equal(nt_peer_wait(&f->sink, before + 1, WAIT_MS), before + 1);
    json_t *msgs = nt_peer_messages(&f->sink);
    assert_int_equal(json_array_size(msgs), before + 1);
    size_t for_first = 0;
    for (size_t k = 0; k < before + 1; k++)
        for_first +=
            !strcmp(s_str(json_object_get(s_find(msgs, "aliyun", k), "query"), "OutId"), id);
    assert_int_equal(for_first, 1);
    json_decref(msgs);
    log = nt_e2e_log(f->c, f->arena, send_id, 10);
    assert_int_equal(log->deliveries[0]->attempts, 1);
    s_finish(f);
}

static void test_an_sms_in_flight_at_sigterm_is_recorded_not_sent_again(void **state)
{
    HR_UNUSED(state);
    s_stopped_with_an_sms_in_flight(false);
}

static void test_an_sms_in_flight_at_a_crash_fails_as_unknown_at_start(void **state)
{
    HR_UNUSED(state);
    s_stopped_with_an_sms_in_flight(true);
}

// Nothing of the request went (the vendor could not be reached): retried after the back-off,
// as before, and sent once it is back.
static void test_an_sms_that_could_not_connect_is_retried(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-down", "aliyun", NULL);
    int port = f->sink.port;
    nt_peer_stop(&f->sink);
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "due_soon", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1, WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "connect"));
    char *dir = hr_strdup(f->sink.dir);
    assert_int_equal(nt_peer_start(&f->sink, "http_sink.py", dir, port, s_secrets), 0);
    hr_free(dir);
    assert_int_equal(e2e_clock_advance(f->c, 31 * HR_SECOND_MS), 0);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 2,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->deliveries[0]->attempts, 2);
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 0);
    s_finish(f);
}

// A cc's SMS is a delivery of its own: when it fails, its DeliveryFailed names the cc (cc set,
// recipient_index past the "to"), and it is the delivery that failed (not cc_refused).
static void test_a_failed_cc_sms_has_its_own_event_naming_the_cc(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-hookcc", "webhook", "400 -1\n");
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, &s_superior, 1, ch, 1, "overdue_1", "en", NULL);
    assert_non_null(send_id);
    assert_non_null(nt_e2e_wait(f->c, f->arena, send_id,
                                HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 1, WAIT_MS));
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 2);
    Hr__Sys__EventsSinceRequest since = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(f->c, "notify", "sys.EventsSince", &since.base,
                              &hr__sys__events_since_reply__descriptor, f->arena, &res),
                     HR_OK);
    const Hr__Sys__EventsSinceReply *events = res.reply;
    assert_int_equal(events->n_events, 2);
    size_t seen_cc = 0;
    for (size_t i = 0; i < events->n_events; i++) {
        Hr__Notify__DeliveryFailed *ev = hr__notify__delivery_failed__unpack(
            hr_arena_pb_allocator(f->arena), events->events[i]->body.len,
            events->events[i]->body.data);
        assert_non_null(ev);
        assert_false(ev->cc_refused);
        if (!ev->cc) {
            assert_int_equal(ev->recipient_index, 0);
            assert_string_equal(ev->recipient, "138****1111");
            continue;
        }
        seen_cc++;
        assert_int_equal(ev->recipient_index, 1);
        assert_string_equal(ev->recipient, "139****2222");
        assert_non_null(strstr(ev->reason, "HTTP 400"));
    }
    assert_int_equal(seen_cc, 1);
    s_finish(f);
}

// The outbox relay's contract: a notify.Send retried with the same msg_id is answered from the
// stored reply and queues nothing more.
static void test_send_retried_with_the_same_msg_id_queues_once(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-dedupe", "aliyun", NULL);
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new(e2e_endpoint(f->c, "notify"), clock, &err);
    assert_non_null(client);
    Hr__Notify__Recipient to = HR__NOTIFY__RECIPIENT__INIT;
    Hr__Notify__Recipient *to_p[] = {&to};
    to.mobile = "+8613800001111";
    Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    Hr__Notify__SendRequest req = HR__NOTIFY__SEND_REQUEST__INIT;
    req.to = to_p;
    req.n_to = 1;
    req.channels = ch;
    req.n_channels = 1;
    req.template_ = "test";
    char msg_id[HR_ID_LEN + 1];
    hr_id_make(hr_clock_now_ms(clock), msg_id);
    char *roles[] = {HR_SERVICE_ROLE}; // as hr-workflow's relay sends it (wf_store_outbox_put)
    Hr__Actor relay = HR__ACTOR__INIT;
    relay.user_id = "workflow";
    relay.roles = roles;
    relay.n_roles = 1;
    hr_call_opts_t opts = {.msg_id = msg_id, .actor = &relay};
    char *first = NULL;
    for (int i = 0; i < 3; i++) {
        hr_result_t res = {0};
        assert_int_equal(hr_client_call(client, "notify.Send", &req.base,
                                        &hr__notify__send_reply__descriptor, f->arena, &opts, &res),
                         HR_OK);
        const Hr__Notify__SendReply *rep = res.reply;
        assert_int_equal(rep->deliveries, 1);
        if (!first)
            first = rep->send_id;
        assert_string_equal(rep->send_id, first);
    }
    assert_non_null(nt_e2e_wait(f->c, f->arena, first,
                                HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1, WAIT_MS));
    Hr__Notify__LogReply *log = nt_e2e_log(f->c, f->arena, NULL, 50);
    assert_int_equal(log->n_deliveries, 1);
    assert_int_equal(log->sent, 1);
    zclock_sleep(500);
    assert_int_equal(nt_peer_count(&f->sink), 1);
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    s_finish(f);
}

static void test_send_refuses_bad_input_and_unconfigured_channels_fail_visibly(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_start("nt-bad", "aliyun", NULL);
    const nt_who_t bad_email = {"x", "a@example.com\r\nBcc: evil@example.com", NULL, NULL};
    assert_null(nt_e2e_send(f->c, f->arena, &bad_email, 1, NULL, 0, NULL, 0, "test", "en", NULL));
    const nt_who_t bad_im = {"x", NULL, NULL, "a\"b"};
    assert_null(nt_e2e_send(f->c, f->arena, &bad_im, 1, NULL, 0, NULL, 0, "test", "en", NULL));
    assert_null(nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, NULL, 0, "nope", "en", NULL));
    assert_null(nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, NULL, 0, "test", "fr", NULL));
    assert_null(nt_e2e_send(f->c, f->arena, NULL, 0, NULL, 0, NULL, 0, "test", "en", NULL));
    const char *const bad_key[] = {"Bad-Key", "v", NULL};
    assert_null(
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, NULL, 0, "test", "en", bad_key));
    assert_int_equal(nt_peer_count(&f->sink), 0);

    // A recipient without a mobile on SMS: a failed delivery (and event), not silence.
    const nt_who_t no_mobile = {"王五", "w5@example.com", NULL, NULL};
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    char *send_id = nt_e2e_send(f->c, f->arena, &no_mobile, 1, NULL, 0, ch, 1, "test", "en", NULL);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_wait(
        f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED, 0, WAIT_MS);
    assert_non_null(log);
    assert_non_null(strstr(log->deliveries[0]->last_error, "no mobile"));
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1);

    // A "to" whose number is no number refuses the send; a cc's bad address or number is left
    // out of it and the rest goes: the manager and the second cc get their SMS.
    const nt_who_t bad_mobile = {"x", NULL, "138-0000-01", NULL};
    assert_null(nt_e2e_send(f->c, f->arena, &bad_mobile, 1, NULL, 0, ch, 1, "test", "en", NULL));
    const nt_who_t bad_cc[] = {{"赵六", "z6@@example.com", "138-0000-01", NULL},
                               {"钱七", "not an address", "139 0000 2223", NULL}};
    send_id = nt_e2e_send(f->c, f->arena, &s_manager, 1, bad_cc, 2, ch, 1, "test", "en", NULL);
    assert_non_null(send_id);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1,
                      WAIT_MS);
    assert_non_null(log);
    assert_int_equal(log->n_deliveries, 2);
    assert_int_equal(nt_peer_wait(&f->sink, 2, WAIT_MS), 2);
    json_t *msgs = nt_peer_messages(&f->sink);
    const char *phones[2] = {
        s_str(json_object_get(s_find(msgs, "aliyun", 0), "query"), "PhoneNumbers"),
        s_str(json_object_get(s_find(msgs, "aliyun", 1), "query"), "PhoneNumbers")};
    assert_true((!strcmp(phones[0], "13800001111") && !strcmp(phones[1], "13900002223")) ||
                (!strcmp(phones[1], "13800001111") && !strcmp(phones[0], "13900002223")));
    json_decref(msgs);
    assert_int_equal(nt_e2e_last_event_seq(f->c, f->arena), 1); // nothing failed
    s_finish(f);
}

// hrctl with args; its exit status must be 0. Returns its output (owned).
static char *s_hrctl(fixture_t *f, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(f->c, &out, &err, args);
    if (rc)
        fail_msg("hrctl %s %s: exit %d\n%s%s", args[0], args[1], rc, out, err);
    hr_free(err);
    return out;
}

// An SMS queued under one sms/provider and sent after it changed goes by the provider of that
// moment and says so: the log's transport is the one it went by (it said the one in force when
// it was accepted), and the outbox shows what a waiting one would go by now.
static void test_an_sms_queued_before_the_provider_changed_goes_by_the_new_one(void **state)
{
    HR_UNUSED(state);
    fixture_t *f = s_prepare("nt-sms-switch", "file", NULL, NULL); // the demo's provider
    char *mail = hr_strfmt("%s/mail", e2e_dir(f->c));
    e2e_config(f->c, "notify", "file/dir", mail);
    assert_int_equal(e2e_start_one(f->c, "notify", NULL), 0);
    char *out = s_hrctl(f, (const char *[]){"notify", "hold", "--reason", "provider", NULL});
    hr_free(out);
    const Hr__Notify__Channel ch[] = {HR__NOTIFY__CHANNEL__CHANNEL_SMS};
    const char *const vars[] = {"case_id", "CASE-11", NULL};
    char *send_id =
        nt_e2e_send(f->c, f->arena, &s_manager, 1, NULL, 0, ch, 1, "case_returned", "en", vars);
    assert_non_null(send_id);
    Hr__Notify__LogReply *log = nt_e2e_log(f->c, f->arena, send_id, 10);
    assert_int_equal(log->n_deliveries, 1);
    assert_string_equal(log->deliveries[0]->transport, "file");

    assert_int_equal(e2e_stop_one(f->c, "notify"), 0);
    setenv("HR_SMS_PROVIDER", "webhook", 1);
    int restarted = e2e_restart(f->c, "notify");
    unsetenv("HR_SMS_PROVIDER");
    assert_int_equal(restarted, 0);
    log = nt_e2e_log(f->c, f->arena, send_id, 10);
    assert_string_equal(log->deliveries[0]->transport, "webhook"); // what it would go by now
    out = s_hrctl(f, (const char *[]){"notify", "release", NULL});
    hr_free(out);
    log = nt_e2e_wait(f->c, f->arena, send_id, HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT, 1,
                      WAIT_MS);
    assert_non_null(log);
    assert_string_equal(log->deliveries[0]->transport, "webhook"); // what it went by
    assert_int_equal(nt_peer_wait(&f->sink, 1, WAIT_MS), 1);
    json_t *msgs = nt_peer_messages(&f->sink);
    s_assert_signed(s_find(msgs, "webhook", 0));
    json_decref(msgs);
    char *txt = hr_strfmt("%s/%s.sms.txt", mail, log->deliveries[0]->id);
    assert_int_equal(access(txt, F_OK), -1);
    hr_free(txt);
    out = s_hrctl(f, (const char *[]){"notify", "log", "--send", send_id, NULL});
    assert_non_null(strstr(out, "sms      webhook  sent"));
    hr_free(out);
    hr_free(mail);
    s_finish(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aliyun_sms_and_three_robots_arrive_signed),
        cmocka_unit_test(test_tencent_429_is_retried_after_back_off_and_signed_both_times),
        cmocka_unit_test(test_webhook_400_fails_with_an_event_and_the_body_escapes_variables),
        cmocka_unit_test(test_aliyun_error_body_of_a_400_is_read_and_classed_by_its_code),
        cmocka_unit_test(test_an_sms_timed_out_after_its_request_went_is_not_sent_again),
        cmocka_unit_test(test_an_sms_dropped_unanswered_on_a_kept_alive_line_is_not_resent),
        cmocka_unit_test(test_an_sms_in_flight_at_sigterm_is_recorded_not_sent_again),
        cmocka_unit_test(test_an_sms_in_flight_at_a_crash_fails_as_unknown_at_start),
        cmocka_unit_test(test_an_sms_that_could_not_connect_is_retried),
        cmocka_unit_test(test_a_failed_cc_sms_has_its_own_event_naming_the_cc),
        cmocka_unit_test(test_send_retried_with_the_same_msg_id_queues_once),
        cmocka_unit_test(test_send_refuses_bad_input_and_unconfigured_channels_fail_visibly),
        cmocka_unit_test(test_an_sms_queued_before_the_provider_changed_goes_by_the_new_one),
    };
    return cmocka_run_group_tests_name("e2e.notify_http", tests, NULL, NULL);
}
