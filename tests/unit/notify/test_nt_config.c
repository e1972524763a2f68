/*  unit.notify.config - what stops hr-notify at start (nt_config_problem): an SMTP URL without
 *  smtp:// or smtps:// (libcurl took "127.0.0.1:2525" for http and every email failed for good),
 *  a robot or SMS endpoint that is no http(s) URL, an SMS provider missing any key it needs (each
 *  one named), a robot's secret without its URL, default channels that go nowhere. The shipped
 *  defaults and complete configurations pass.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt.h"
#include "hr_test.h"

typedef struct {
    char *dir;           // owned: temp dir holding secret files
    hr_config_t *config; // owned: built key by key
    nt_config_t cfg;     // read from config by s_problem
    char *problem;       // owned: the last nt_config_problem result
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("nt_config");
    f->config = hr_config_new_empty();
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    nt_config_free(&f->cfg);
    hr_config_destroy(&f->config);
    hr_free(f->problem);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static void s_set(fixture_t *f, const char *path, const char *value)
{
    hr_config_set(f->config, path, value);
}

// A secret file holding value, named by "<path>_file".
static void s_secret(fixture_t *f, const char *path, const char *value)
{
    char *file = hr_strfmt("%s/%s.secret", f->dir, strchr(path, '/') + 1);
    assert_int_equal(hr_test_write_file(file, value, strlen(value)), 0);
    char *key = hr_strfmt("%s_file", path);
    hr_config_set(f->config, key, file);
    hr_free(key);
    hr_free(file);
}

// Reads the config and returns what nt_config_problem says ("" for nothing).
static const char *s_problem(fixture_t *f)
{
    nt_config_free(&f->cfg);
    memset(&f->cfg, 0, sizeof f->cfg);
    nt_config_read(&f->cfg, f->config);
    assert_null(hr_config_error(f->config));
    hr_free(f->problem);
    f->problem = nt_config_problem(&f->cfg);
    return f->problem ? f->problem : "";
}

static void test_defaults_and_good_smtp_urls_pass(void **state)
{
    fixture_t *f = *state;
    assert_string_equal(s_problem(f), ""); // email to file/dir, no SMS, no robots
    const char *good[] = {"smtp://127.0.0.1:2525", "smtp://mail.corp.example.com",
                          "smtps://smtp.exmail.qq.com:465", "smtp://[::1]:25/hr.example.com"};
    for (size_t i = 0; i < HR_ARRAY_LEN(good); i++) {
        s_set(f, "smtp/url", good[i]);
        assert_string_equal(s_problem(f), "");
    }
}

static void test_smtp_url_without_smtp_scheme_names_key_value_and_forms(void **state)
{
    fixture_t *f = *state;
    const char *bad[] = {
        "127.0.0.1:2525", "http://127.0.0.1:2525", "mail.corp.example.com", "smtp:/mail",
        "smtp://",        "smtp://mail:0",         "smtp://mail:99999",     "smtp://mail:25x",
        "SMTP-host",      "smtp://ma il:25"};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        s_set(f, "smtp/url", bad[i]);
        char *want = hr_strfmt("smtp/url: value '%s' is not an SMTP URL; accepted: "
                               "smtp://host[:port]",
                               bad[i]);
        if (strncmp(s_problem(f), want, strlen(want)))
            fail_msg("%s: got '%s'", bad[i], s_problem(f));
        assert_non_null(strstr(s_problem(f), "smtps://host[:port]"));
        hr_free(want);
    }
}

static void test_smtp_tls_must_be_a_known_mode(void **state)
{
    fixture_t *f = *state;
    s_set(f, "smtp/tls", "yes");
    assert_string_equal(s_problem(f), "smtp/tls: value 'yes' is not one of auto, starttls, none");
}

// The reviewer's case: an access key id and a sign name, no secret file, no template code.
static void test_aliyun_names_exactly_the_missing_keys(void **state)
{
    fixture_t *f = *state;
    s_set(f, "sms/provider", "aliyun");
    s_set(f, "aliyun/access_key_id", "LTAI");
    s_set(f, "aliyun/sign_name", "示例");
    assert_string_equal(s_problem(f), "sms/provider = aliyun needs "
                                      "aliyun/access_key_secret_file, aliyun/template_code: not "
                                      "set (any of them)");
    s_set(f, "aliyun/template_code", "SMS_1");
    assert_string_equal(s_problem(f),
                        "sms/provider = aliyun needs aliyun/access_key_secret_file: not set");
    s_secret(f, "aliyun/access_key_secret", "s3cret\n");
    assert_string_equal(s_problem(f), "");
    s_set(f, "aliyun/endpoint", "dysmsapi.aliyuncs.com");
    assert_string_equal(s_problem(f), "aliyun/endpoint: value 'dysmsapi.aliyuncs.com' is not a "
                                      "URL; accepted: https://host[:port]/path (or http://)");
}

static void test_tencent_and_webhook_name_what_they_lack(void **state)
{
    fixture_t *f = *state;
    s_set(f, "sms/provider", "tencent");
    s_set(f, "tencent/secret_id", "AKID");
    s_set(f, "tencent/sign_name", "示例");
    assert_string_equal(s_problem(f), "sms/provider = tencent needs tencent/secret_key_file, "
                                      "tencent/sdk_app_id, tencent/template_id: not set (any of "
                                      "them)");
    s_secret(f, "tencent/secret_key", "k");
    s_set(f, "tencent/sdk_app_id", "1400006666");
    s_set(f, "tencent/template_id", "449739");
    assert_string_equal(s_problem(f), "");

    s_set(f, "sms/provider", "webhook");
    assert_string_equal(s_problem(f), "sms/provider = webhook needs webhook/url: not set");
    s_set(f, "webhook/url", "sms-gateway.corp:8080/send");
    assert_string_equal(s_problem(f), "webhook/url: value 'sms-gateway.corp:8080/send' is not a "
                                      "URL; accepted: https://host[:port]/path (or http://)");
    s_set(f, "webhook/url", "http://sms-gateway.corp:8080/send");
    assert_string_equal(s_problem(f), "");

    s_set(f, "sms/provider", "alyun");
    assert_string_equal(s_problem(f), "sms/provider: value 'alyun' is not one of aliyun, tencent, "
                                      "webhook, file (or \"\": no SMS)");
}

static void test_robot_urls_and_secrets(void **state)
{
    fixture_t *f = *state;
    s_set(f, "dingtalk/url", "oapi.dingtalk.com/robot/send?access_token=T");
    // The token is a credential: the refusal names the key and masks its value.
    assert_string_equal(s_problem(f), "dingtalk/url: value "
                                      "'oapi.dingtalk.com/robot/send?access_token=***' is not a "
                                      "URL; accepted: https://host[:port]/path (or http://)");
    s_set(f, "dingtalk/url", "https://oapi.dingtalk.com/robot/send?access_token=T");
    assert_string_equal(s_problem(f), "");
    s_secret(f, "feishu/secret", "SEC");
    assert_string_equal(s_problem(f), "feishu/secret_file is set but feishu/url is not: set the "
                                      "robot's webhook URL, or remove the secret");
    s_set(f, "feishu/url", "https://open.feishu.cn/open-apis/bot/v2/hook/x");
    s_set(f, "wecom/url", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K");
    assert_non_null(strstr(s_problem(f), "wecom/url: value 'qyapi.weixin.qq.com/"));
}

static void test_default_channels_must_be_configured_channels(void **state)
{
    fixture_t *f = *state;
    s_set(f, "notify/default_channels", "email,sms");
    assert_string_equal(s_problem(f), "notify/default_channels: names sms, which is not "
                                      "configured (sms/provider is not set)");
    s_set(f, "notify/default_channels", "email, emial");
    assert_string_equal(s_problem(f), "notify/default_channels: 'emial' is not a channel (email, "
                                      "sms, wecom, dingtalk, feishu, file)");
    s_set(f, "notify/default_channels", "email,sms");
    s_set(f, "sms/provider", "file");
    assert_string_equal(s_problem(f), "");
}

// An SMTP URL with user:password@ is refused without repeating the password (review: stderr and
// notify.log held it), saying where credentials go.
static void test_smtp_url_with_a_password_is_refused_without_repeating_it(void **state)
{
    fixture_t *f = *state;
    s_set(f, "smtp/url", "smtp://bob:S3cretPW@127.0.0.1:2525");
    const char *why = s_problem(f);
    assert_null(strstr(why, "S3cretPW"));
    assert_non_null(strstr(why, "smtp/url: value 'smtp://bob:***@127.0.0.1:2525' is not an SMTP "
                                "URL (a user name and password do not go into the URL: set "
                                "smtp/username, and the password in the file named by "
                                "smtp/password_file); accepted: smtp://host[:port]"));
}

static void s_seen(void *arg, const char *path, const char *value)
{
    char *seen = arg;
    size_t len = strlen(seen);
    snprintf(seen + len, 2048 - len, "%s=%s\n", path, value);
}

// The robots' URLs carry their tokens (?key=, ?access_token=, Feishu's hook id): the start-up
// log's effective config (hr_config_each_effective) shows them masked, the channels get them
// whole.
static void test_robot_tokens_are_masked_in_the_effective_config(void **state)
{
    fixture_t *f = *state;
    s_set(f, "wecom/url", "https://127.0.0.1:1/cgi-bin/webhook/send?key=WECOM-SECRET-KEY-0123");
    s_set(f, "dingtalk/url", "https://127.0.0.1:1/robot/send?access_token=DING-SECRET-TOKEN-4567");
    s_set(f, "feishu/url", "https://127.0.0.1:1/open-apis/bot/v2/hook/SECRET-1234-5678-9abc-def0");
    s_set(f, "webhook/url", "https://127.0.0.1:1/hook?token=SECRET");
    s_set(f, "smtp/url", "smtps://mail.example.com:465");
    assert_string_equal(s_problem(f), "");
    assert_string_equal(f->cfg.wecom_url,
                        "https://127.0.0.1:1/cgi-bin/webhook/send?key=WECOM-SECRET-KEY-0123");
    char seen[2048] = "";
    hr_config_each_effective(f->config, s_seen, seen);
    assert_null(strstr(seen, "SECRET"));
    assert_non_null(strstr(seen, "wecom/url=https://127.0.0.1:1/cgi-bin/webhook/send?key=***\n"));
    assert_non_null(strstr(seen, "dingtalk/url=https://127.0.0.1:1/robot/send?access_token=***\n"));
    assert_non_null(strstr(seen, "feishu/url=https://127.0.0.1:1/open-apis/bot/v2/hook/***\n"));
    assert_non_null(strstr(seen, "webhook/url=https://127.0.0.1:1/hook?token=***\n"));
    assert_non_null(strstr(seen, "smtp/url=smtps://mail.example.com:465\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults_and_good_smtp_urls_pass, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_smtp_url_without_smtp_scheme_names_key_value_and_forms,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_smtp_tls_must_be_a_known_mode, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_aliyun_names_exactly_the_missing_keys, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_tencent_and_webhook_name_what_they_lack, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_robot_urls_and_secrets, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_smtp_url_with_a_password_is_refused_without_repeating_it, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_robot_tokens_are_masked_in_the_effective_config,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_default_channels_must_be_configured_channels, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.notify.config", tests, NULL, NULL);
}
