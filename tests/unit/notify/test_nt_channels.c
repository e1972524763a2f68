/*  test_nt_channels - the HTTP request each SMS vendor and robot gets: URL, signed headers,
 *  JSON bodies with variables escaped by jansson, mentions, and a clear reason when a channel
 *  is not configured. (The signatures themselves are checked independently, in Python, by the
 *  HTTP receiver of e2e.notify_http.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <strings.h>

#include "nt.h"
#include "hr_test.h"

typedef struct {
    nt_config_t cfg;                // settings, built by hand
    Hr__Notify__Recipient to, cc;   // recipients
    Hr__Notify__Recipient *to_p[1]; // arrays for the request
    Hr__Notify__Recipient *cc_p[1]; //
    Hr__Notify__Variable var;       // one variable
    Hr__Notify__Variable *var_p[1]; //
    Hr__Notify__SendRequest req;    // the request
    Hr__Notify__SendRecord rec;     // as stored
    Hr__Notify__Delivery d;         // the delivery being built
} fixture_t;

static void s_cfg(nt_config_t *c)
{
    hr_config_t *config = hr_config_new_empty();
    hr_config_set(config, "sms/provider", "aliyun");
    hr_config_set(config, "aliyun/endpoint", "http://127.0.0.1:9/aliyun/");
    hr_config_set(config, "aliyun/access_key_id", "AKID");
    hr_config_set(config, "aliyun/template_code", "SMS_1");
    hr_config_set(config, "aliyun/sign_name", "公司");
    hr_config_set(config, "tencent/endpoint", "http://127.0.0.1:9/tencent/");
    hr_config_set(config, "tencent/secret_id", "TCID");
    hr_config_set(config, "tencent/sdk_app_id", "1400006666");
    hr_config_set(config, "tencent/template_id", "449739");
    hr_config_set(config, "tencent/sign_name", "公司");
    hr_config_set(config, "webhook/url", "http://127.0.0.1:9/webhook");
    hr_config_set(config, "wecom/url", "http://127.0.0.1:9/wecom?key=K");
    hr_config_set(config, "dingtalk/url", "http://127.0.0.1:9/dingtalk?access_token=T");
    hr_config_set(config, "feishu/url", "http://127.0.0.1:9/feishu/hook");
    nt_config_read(c, config);
    hr_config_destroy(&config);
    // Secrets normally come from files.
    hr_free(c->aliyun_secret);
    c->aliyun_secret = hr_strdup("alisecret");
    hr_free(c->tencent_secret_key);
    c->tencent_secret_key = hr_strdup("tcsecret");
    hr_free(c->dingtalk_secret);
    c->dingtalk_secret = hr_strdup("SECding");
    hr_free(c->feishu_secret);
    c->feishu_secret = hr_strdup("feishu");
}

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    s_cfg(&f->cfg);
    hr__notify__recipient__init(&f->to);
    f->to.name = "张三";
    f->to.mobile = "+8613800001111";
    f->to.wecom_id = "zhangsan";
    f->to.dingtalk_id = "ding-zs";
    f->to.feishu_id = "ou_zs";
    hr__notify__recipient__init(&f->cc);
    f->cc.name = "李四";
    f->cc.mobile = "13900002222";
    f->to_p[0] = &f->to;
    f->cc_p[0] = &f->cc;
    hr__notify__variable__init(&f->var);
    f->var.key = "case_id";
    f->var.value = "C\"1\"\nx";
    f->var_p[0] = &f->var;
    hr__notify__send_request__init(&f->req);
    f->req.to = f->to_p;
    f->req.n_to = 1;
    f->req.cc = f->cc_p;
    f->req.n_cc = 1;
    f->req.template_ = "due_soon";
    f->req.language = "en";
    f->req.variables = f->var_p;
    f->req.n_variables = 1;
    hr__notify__send_record__init(&f->rec);
    f->rec.send_id = "01JN00000000000000000000AA";
    f->rec.request = &f->req;
    f->rec.accepted_ms = HR_TEST_T0_MS;
    hr__notify__delivery__init(&f->d);
    f->d.id = "01JN00000000000000000000AA.000";
    f->d.send_id = f->rec.send_id;
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    nt_config_free(&f->cfg);
    hr_free(f);
    return 0;
}

static nt_job_t *s_build(fixture_t *f, Hr__Notify__Channel ch, const char *transport)
{
    f->d.channel = ch;
    f->d.transport = (char *)transport;
    return nt_job_build(&f->cfg, &f->rec, &f->d, HR_TEST_T0_MS);
}

static const char *s_header(const nt_job_t *job, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < job->n_headers; i++)
        if (!strncasecmp(job->headers[i], name, n) && job->headers[i][n] == ':')
            return job->headers[i] + n + 2;
    return NULL;
}

static void test_aliyun_request_is_signed_with_host_and_acs_headers(void **state)
{
    fixture_t *f = *state;
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, "aliyun");
    assert_int_equal(job->kind, NT_JOB_HTTP);
    assert_true(!strncmp(job->url, "http://127.0.0.1:9/aliyun/?OutId=01JN", 37));
    assert_non_null(strstr(job->url, "PhoneNumbers=%2B8613800001111"));
    assert_non_null(strstr(job->url, "TemplateCode=SMS_1"));
    assert_string_equal(s_header(job, "host"), "127.0.0.1:9");
    assert_string_equal(s_header(job, "x-acs-action"), "SendSms");
    assert_string_equal(s_header(job, "x-acs-version"), "2017-05-25");
    assert_string_equal(s_header(job, "x-acs-date"), "2025-03-03T09:00:00Z");
    const char *auth = s_header(job, "Authorization");
    assert_true(!strncmp(auth,
                         "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=content-type;host;"
                         "x-acs-action;x-acs-content-sha256;x-acs-date;"
                         "x-acs-signature-nonce;x-acs-version,Signature=",
                         150));
    nt_job_destroy(&job);
}

static void test_tencent_body_carries_the_number_and_the_short_text(void **state)
{
    fixture_t *f = *state;
    hr_free(f->cfg.sms_provider);
    f->cfg.sms_provider = hr_strdup("tencent");
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, "tencent");
    assert_int_equal(job->kind, NT_JOB_HTTP);
    json_t *body = json_loadb(job->data, job->len, 0, NULL);
    assert_non_null(body);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(body, "PhoneNumberSet"), 0)),
        "+8613800001111");
    const char *text =
        json_string_value(json_array_get(json_object_get(body, "TemplateParamSet"), 0));
    assert_non_null(strstr(text, "C\"1\" x")); // newline gone, quote kept (JSON-escaped)
    assert_string_equal(s_header(job, "X-TC-Action"), "SendSms");
    assert_string_equal(s_header(job, "X-TC-Timestamp"), "1740992400");
    assert_non_null(strstr(s_header(job, "Authorization"),
                           "Credential=TCID/2025-03-03/sms/tc3_request, "
                           "SignedHeaders=content-type;host, Signature="));
    json_decref(body);
    nt_job_destroy(&job);
}

static void test_robots_mention_recipients_and_sign(void **state)
{
    fixture_t *f = *state;
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_WECOM, "wecom");
    json_t *body = json_loadb(job->data, job->len, 0, NULL);
    json_t *text = json_object_get(body, "text");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(text, "mentioned_list"), 0)), "zhangsan");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(text, "mentioned_mobile_list"), 0)),
        "13900002222");
    json_decref(body);
    nt_job_destroy(&job);

    job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK, "dingtalk");
    char *sign = nt_dingtalk_sign("SECding", HR_TEST_T0_MS);
    char *want = hr_strfmt("http://127.0.0.1:9/dingtalk?access_token=T&timestamp=%lld&sign=%s",
                           (long long)HR_TEST_T0_MS, sign);
    assert_string_equal(job->url, want);
    body = json_loadb(job->data, job->len, 0, NULL);
    assert_non_null(
        strstr(json_string_value(json_object_get(json_object_get(body, "text"), "content")),
               "@13900002222"));
    json_decref(body);
    hr_free(want);
    hr_free(sign);
    nt_job_destroy(&job);

    job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_FEISHU, "feishu");
    body = json_loadb(job->data, job->len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(body, "timestamp")), "1740992400");
    sign = nt_feishu_sign("feishu", 1740992400);
    assert_string_equal(json_string_value(json_object_get(body, "sign")), sign);
    assert_non_null(
        strstr(json_string_value(json_object_get(json_object_get(body, "content"), "text")),
               "<at user_id=\"ou_zs\"></at>"));
    json_decref(body);
    hr_free(sign);
    nt_job_destroy(&job);
}

// A send accepted under one SMS vendor and sent after the provider changed is read as the
// vendor it went to (Tencent's "Ok" was read as an Aliyun failure, an Aliyun "OK" under the
// demo's file provider was retried for five days).
static void test_an_sms_reply_is_read_as_the_vendor_it_went_to(void **state)
{
    fixture_t *f = *state;
    hr_free(f->cfg.sms_provider);
    f->cfg.sms_provider = hr_strdup("tencent");
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, "aliyun");
    assert_int_equal(job->kind, NT_JOB_HTTP);
    assert_string_equal(job->vendor, "tencent");
    assert_non_null(strstr(job->url, "/tencent/"));
    nt_job_destroy(&job);
}

// Feishu refuses a body over 20 KB: a long text (ASCII-escaped, an emoji is twelve bytes) with
// many mentions is cut shorter until the body fits, mentions kept.
static void test_a_feishu_message_stays_under_20_kb(void **state)
{
    fixture_t *f = *state;
    enum { N = 100 };
    Hr__Notify__Recipient people[N], *list[N];
    char ids[N][130];
    for (int i = 0; i < N; i++) {
        hr__notify__recipient__init(&people[i]);
        snprintf(ids[i], sizeof ids[i], "ou_%03d", i);
        memset(ids[i] + 6, 'x', 122);
        ids[i][128] = '\0';
        people[i].name = "张三";
        people[i].feishu_id = ids[i];
        list[i] = &people[i];
    }
    f->req.to = list;
    f->req.n_to = N;
    f->req.n_cc = 0;
    char *emoji = hr_alloc(4 * 1000 + 1);
    for (int i = 0; i < 1000; i++)
        memcpy(emoji + 4 * i, "\xf0\x9f\x98\x80", 4);
    f->var.value = emoji;
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_FEISHU, "feishu");
    assert_int_equal(job->kind, NT_JOB_HTTP);
    assert_true(job->len <= 20 * 1024);
    json_t *body = json_loadb(job->data, job->len, 0, NULL);
    assert_non_null(body);
    const char *text = json_string_value(json_object_get(json_object_get(body, "content"), "text"));
    assert_non_null(strstr(text, "<at user_id=\"ou_099"));
    json_decref(body);
    nt_job_destroy(&job);
    hr_free(emoji);
}

static void test_an_unconfigured_channel_fails_permanently_with_the_reason(void **state)
{
    fixture_t *f = *state;
    hr_free(f->cfg.sms_provider);
    f->cfg.sms_provider = hr_strdup("");
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, "sms");
    assert_int_equal(job->kind, NT_JOB_NONE);
    assert_int_equal(job->outcome, NT_OUTCOME_PERMANENT);
    assert_non_null(strstr(job->error, "sms/provider"));
    nt_job_destroy(&job);
    hr_free(f->cfg.wecom_url);
    f->cfg.wecom_url = hr_strdup("");
    job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_WECOM, "wecom");
    assert_int_equal(job->kind, NT_JOB_NONE);
    assert_non_null(strstr(job->error, "wecom/url"));
    nt_job_destroy(&job);
    // A vendor's required sign name: said here, not refused by the vendor on every send.
    hr_free(f->cfg.sms_provider);
    f->cfg.sms_provider = hr_strdup("aliyun");
    hr_free(f->cfg.aliyun_sign_name);
    f->cfg.aliyun_sign_name = hr_strdup("");
    job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, "aliyun");
    assert_int_equal(job->kind, NT_JOB_NONE);
    assert_non_null(strstr(job->error, "sign_name"));
    nt_job_destroy(&job);
}

static void test_email_without_smtp_url_is_an_eml_file(void **state)
{
    fixture_t *f = *state;
    f->to.email = "zs@example.com";
    f->cc.email = "ls@example.com";
    f->d.message_id = "01JN00000000000000000000AA.000@example.com";
    // The config in force decides, not the transport stored when the send was accepted: "smtp"
    // stored, smtp/url empty now (as in this config): a file.
    assert_string_equal(f->cfg.smtp_url, "");
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_EMAIL, "smtp");
    assert_int_equal(job->kind, NT_JOB_FILE);
    assert_string_equal(job->vendor, "file");
    assert_string_equal(job->path, "var/mail/01JN00000000000000000000AA.000.eml");
    assert_non_null(strstr(job->data, "Cc: =?UTF-8?B?5p2O5Zub?= <ls@example.com>\r\n"));
    nt_job_destroy(&job);
    hr_free(f->cfg.smtp_url);
    f->cfg.smtp_url = hr_strdup("smtp://127.0.0.1:25");
    // Accepted (and stored "file") before smtp/url was set, sent after: by SMTP.
    job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_EMAIL, "file");
    assert_int_equal(job->kind, NT_JOB_SMTP);
    assert_string_equal(job->vendor, "smtp");
    assert_string_equal(job->url, "smtp://127.0.0.1:25");
    assert_int_equal(job->n_rcpts, 2);
    assert_string_equal(job->rcpts[0], "<zs@example.com>");
    assert_string_equal(job->rcpts[1], "<ls@example.com>");
    nt_job_destroy(&job);
    // The file channel writes a file whatever smtp/url says.
    job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_FILE, "smtp");
    assert_int_equal(job->kind, NT_JOB_FILE);
    nt_job_destroy(&job);
}

// sms/provider = "file" (the demo's): the text the gateway would get, as a file beside the
// .eml files, headed by the number and the name, a name's line breaks flattened.
static void test_sms_to_the_file_provider_is_a_text_file(void **state)
{
    fixture_t *f = *state;
    hr_free(f->cfg.sms_provider);
    f->cfg.sms_provider = hr_strdup("file");
    f->to.name = "张三\r\nBcc: x@evil.example";
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, "file");
    assert_int_equal(job->kind, NT_JOB_FILE);
    assert_string_equal(job->path, "var/mail/01JN00000000000000000000AA.000.sms.txt");
    assert_true(!strncmp(job->data, "To: +8613800001111 (张三  Bcc: x@evil.example)\nDate: ", 52));
    assert_null(strstr(job->data, "\r"));
    assert_non_null(strstr(job->data, "\n\n"));
    assert_int_equal(job->len, strlen(job->data));
    nt_job_destroy(&job);
}

static char *s_repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *out = hr_alloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * len, unit, len);
    out[len * n] = '\0';
    return out;
}

// SMS length: characters as the vendors bill them (an emoji two), a cut on a character
// boundary ended with "...", and the cap: sms/max_chars within the 500-character SMS less the
// sign name and its 【】.
static void test_sms_length_is_counted_and_cut_by_characters(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(nt_sms_chars("abc"), 3);
    assert_int_equal(nt_sms_chars("张三 a"), 4);
    assert_int_equal(nt_sms_chars("张\xf0\x9f\x98\x80"), 3);
    char *cut = nt_sms_cut("short", 20);
    assert_string_equal(cut, "short");
    hr_free(cut);
    cut = nt_sms_cut("张三李四王五赵六钱七孙八周九吴十郑一冯二陈三", 20);
    assert_string_equal(cut, "张三李四王五赵六钱七孙八周九吴十郑...");
    assert_int_equal(nt_sms_chars(cut), 20);
    hr_free(cut);
    char *emoji = s_repeat("\xf0\x9f\x98\x80", 30);
    cut = nt_sms_cut(emoji, 21); // 18 characters of room: nine emoji, never half of one
    assert_int_equal(strlen(cut), 9 * 4 + 3);
    assert_true(hr_utf8_is_valid(cut, strlen(cut)));
    hr_free(cut);
    cut = nt_sms_cut(emoji, 22); // 19 of room: still nine
    assert_int_equal(nt_sms_chars(cut), 21);
    hr_free(cut);
    hr_free(emoji);

    assert_int_equal(nt_sms_max_chars(&f->cfg), 300); // the default
    f->cfg.sms_max_chars = 500;
    assert_int_equal(nt_sms_max_chars(&f->cfg), 500 - 2 - 2); // 【公司】
    hr_free(f->cfg.sms_provider);
    f->cfg.sms_provider = hr_strdup("webhook");
    assert_int_equal(nt_sms_max_chars(&f->cfg), 500); // no sign name of ours
}

// A cap of 3 characters or less (a sign name of 495+ characters took the rest) gave "": the
// start of the text that fits now, without "..."; and hr-notify refuses to start with a sign name
// that leaves the text fewer than sms/max_chars's minimum, naming its key.
static void test_a_tiny_sms_cap_never_empties_the_text_and_is_refused(void **state)
{
    fixture_t *f = *state;
    const char *want[] = {"", "张", "张三", "张三李", "张..."};
    for (size_t max = 0; max < HR_ARRAY_LEN(want); max++) {
        char *cut = nt_sms_cut("张三李四王五", max);
        assert_string_equal(cut, want[max]);
        assert_true(nt_sms_chars(cut) <= max);
        hr_free(cut);
    }
    assert_null(nt_sms_config_problem(&f->cfg));
    const char *const providers[] = {"aliyun", "tencent"};
    for (size_t i = 0; i < HR_ARRAY_LEN(providers); i++) {
        hr_free(f->cfg.sms_provider);
        f->cfg.sms_provider = hr_strdup(providers[i]);
        char **sign = i ? &f->cfg.tencent_sign_name : &f->cfg.aliyun_sign_name;
        char *saved = *sign;
        *sign = s_repeat("公", 498); // 【...】: 500 characters, none left for the text
        assert_int_equal(nt_sms_max_chars(&f->cfg), 0);
        const char *key = nt_sms_config_problem(&f->cfg);
        assert_non_null(key);
        assert_string_equal(key, i ? "tencent/sign_name" : "aliyun/sign_name");
        hr_free(*sign);
        *sign = s_repeat("公", 478); // leaves 20: enough
        assert_int_equal(nt_sms_max_chars(&f->cfg), 20);
        assert_null(nt_sms_config_problem(&f->cfg));
        hr_free(*sign);
        *sign = saved;
    }
}

// A long escalation text (a 1000-character step title) goes to each SMS vendor cut to
// sms/max_chars - the vendor refused it on every attempt - on a character boundary; robots and
// email are not touched by it.
static void test_a_long_sms_text_is_cut_to_the_cap_for_every_provider(void **state)
{
    fixture_t *f = *state;
    char *title = s_repeat("步", 1000);
    f->var.key = "step";
    f->var.value = title;
    const char *providers[] = {"tencent", "webhook", "file", "aliyun"};
    for (size_t i = 0; i < HR_ARRAY_LEN(providers); i++) {
        hr_free(f->cfg.sms_provider);
        f->cfg.sms_provider = hr_strdup(providers[i]);
        nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_SMS, providers[i]);
        assert_int_not_equal(job->kind, NT_JOB_NONE);
        char *text = NULL;
        if (!strcmp(providers[i], "aliyun")) {
            // TemplateParam={"content": ...} in the signed query string, percent-encoded
            const char *q = strstr(job->url, "TemplateParam=");
            assert_non_null(q);
            q += strlen("TemplateParam=");
            size_t n = strcspn(q, "&");
            char *raw = hr_strndup(q, n);
            char *dec = hr_alloc(n + 1);
            size_t k = 0;
            for (size_t j = 0; j < n; j++) {
                if (raw[j] == '%' && j + 2 < n) {
                    char hex[3] = {raw[j + 1], raw[j + 2], '\0'};
                    dec[k++] = (char)strtol(hex, NULL, 16);
                    j += 2;
                } else {
                    dec[k++] = raw[j];
                }
            }
            dec[k] = '\0';
            json_t *tp = json_loads(dec, 0, NULL);
            assert_non_null(tp);
            text = hr_strdup(json_string_value(json_object_get(tp, "content")));
            json_decref(tp);
            hr_free(dec);
            hr_free(raw);
        } else if (!strcmp(providers[i], "file")) {
            const char *body = strstr(job->data, "\n\n");
            assert_non_null(body);
            text = hr_strndup(body + 2, strlen(body + 2) - 1); // the text, without its newline
        } else {
            json_t *body = json_loadb(job->data, job->len, 0, NULL);
            assert_non_null(body);
            json_t *v = !strcmp(providers[i], "tencent")
                            ? json_array_get(json_object_get(body, "TemplateParamSet"), 0)
                            : json_object_get(body, "text");
            text = hr_strdup(json_string_value(v));
            json_decref(body);
        }
        assert_non_null(text);
        if (nt_sms_chars(text) != 300)
            fail_msg("%s: %zu characters", providers[i], nt_sms_chars(text));
        assert_true(hr_utf8_is_valid(text, strlen(text)));
        assert_true(!strncmp(text, "[HR] Case -: step \"步步步", 21));
        assert_string_equal(text + strlen(text) - 6, "步...");
        hr_free(text);
        nt_job_destroy(&job);
    }
    // The robots keep their own, longer caps.
    nt_job_t *job = s_build(f, HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK, "dingtalk");
    json_t *body = json_loadb(job->data, job->len, 0, NULL);
    assert_true(nt_sms_chars(json_string_value(
                    json_object_get(json_object_get(body, "text"), "content"))) > 1000);
    json_decref(body);
    nt_job_destroy(&job);
    hr_free(title);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_aliyun_request_is_signed_with_host_and_acs_headers,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_tencent_body_carries_the_number_and_the_short_text,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_robots_mention_recipients_and_sign, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_an_unconfigured_channel_fails_permanently_with_the_reason, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_an_sms_reply_is_read_as_the_vendor_it_went_to, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_feishu_message_stays_under_20_kb, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_email_without_smtp_url_is_an_eml_file, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_sms_to_the_file_provider_is_a_text_file, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_tiny_sms_cap_never_empties_the_text_and_is_refused,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_sms_length_is_counted_and_cut_by_characters, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_long_sms_text_is_cut_to_the_cap_for_every_provider,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.notify.channels", tests, NULL, NULL);
}
