/*  e2e.config - what a daemon does with its config at start, from the real binaries:
 *  - every key of every shipped config (deploy/config/<daemon>.cfg, which the Docker image
 *    copies to /etc/hr) is one its daemon reads: all six start on them;
 *  - a misspelt key stops each of the six, naming the file, the line, the key and the key
 *    meant ("did you mean smtp/from?"), where it used to be a warning and a silent default;
 *  - hr-notify refuses an SMTP URL without smtp:// or smtps://, a robot URL that is no http(s)
 *    URL and an Aliyun SMS config missing keys, naming them - where every message used to fail
 *    for good at the first send.
 *  - a misspelt HR_* environment variable stops its daemon the same way; another daemon's
 *    variable does not;
 *  A daemon that starts anyway would serve until `timeout` ends it (exit 124, not 1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "harness.h"
#include "hr_test.h"

#define TIMEOUT_BIN "/usr/bin/timeout"
#define RUN_LIMIT_S "30" // a daemon that starts is ended by timeout after this

typedef struct {
    e2e_t *c;        // borrowed
    const char *svc; // borrowed
    char *paths[64]; // owned: the shipped file's keys
    size_t n;        // entries used in paths
} s_keys_t;

static void s_collect(void *arg, const char *path)
{
    s_keys_t *k = arg;
    assert_true(k->n < HR_ARRAY_LEN(k->paths));
    k->paths[k->n++] = hr_strdup(path);
}

// The keys of deploy/config/<svc>.cfg, with the paths in it moved into the test's directory.
static void s_shipped_keys(e2e_t *c, const char *svc)
{
    char *rel = hr_strfmt("deploy/config/%s.cfg", svc);
    char *path = hr_test_source_path(rel);
    char *err = NULL;
    hr_config_t *cfg = hr_config_load(path, &err);
    if (!cfg)
        fail_msg("%s", err);
    s_keys_t k = {.c = c, .svc = svc};
    hr_config_unknown(cfg, s_collect, &k); // nothing asked for yet: every key of the file
    assert_true(k.n >= 4);
    for (size_t i = 0; i < k.n; i++) {
        const char *p = k.paths[i];
        const char *v = hr_config_file_str(cfg, p);
        char *value = NULL;
        if (!strcmp(p, "bus/endpoint") || !strcmp(p, "store/dir"))
            value = NULL; // the harness's own
        else if (!strcmp(p, "bus/events_endpoint"))
            value = hr_strfmt("ipc://%s/run/%s-events.ipc", e2e_dir(c), svc);
        else if (!strcmp(p, "calendar/file"))
            value = hr_test_source_path(v);
        else if (!strcmp(p, "keys/master_file"))
            value = hr_strfmt("%s/keys/%s.key", e2e_dir(c), svc);
        else if (!strcmp(p, "file/dir"))
            value = hr_strfmt("%s/mail", e2e_dir(c));
        else
            value = hr_strdup(v);
        if (value)
            e2e_config(c, svc, p, value);
        hr_free(value);
        hr_free(k.paths[i]);
    }
    hr_config_destroy(&cfg);
    hr_free(path);
    hr_free(rel);
}

// The keys a started daemon read, from its log's config.effective lines: owned, NULL-ended.
static char **s_effective_keys(e2e_t *c, const char *svc)
{
    char *path = hr_strfmt("%s/log/%s.log", e2e_dir(c), svc);
    char *text = hr_test_read_file(path, NULL);
    assert_non_null(text);
    size_t n = 0;
    char **keys = hr_alloc(sizeof *keys);
    keys[0] = NULL;
    for (const char *p = strstr(text, "ev=config.effective key="); p;
         p = strstr(p + 1, "ev=config.effective key=")) {
        const char *k = p + strlen("ev=config.effective key=");
        keys = hr_realloc(keys, (n + 2) * sizeof *keys);
        keys[n++] = hr_strndup(k, strcspn(k, " \n"));
        keys[n] = NULL;
    }
    assert_true(n >= 4);
    hr_free(text);
    hr_free(path);
    return keys;
}

static void s_report_env(void *arg, const char *name, const char *path)
{
    fail_msg("hr-%s would refuse %s as a typo of %s", (const char *)arg, name, path);
}

// The environment is shared: docker-compose's common block and a systemd EnvironmentFile give
// every daemon the variables of all. No daemon may take another's key for a typo of its own:
// the keys each of the six read (their logs say which), all set at once, stop none of them.
static void s_no_daemon_takes_anothers_variable_for_a_typo(e2e_t *c)
{
    char **keys[8] = {0};
    size_t nsvc = 0;
    for (; e2e_all_services[nsvc]; nsvc++)
        keys[nsvc] = s_effective_keys(c, e2e_all_services[nsvc]);
    for (size_t s = 0; s < nsvc; s++) {
        for (char **k = keys[s]; *k; k++) {
            char *name = hr_config_env_name(*k);
            assert_int_equal(setenv(name, "x", 1), 0);
            hr_free(name);
        }
    }
    // And the tools' own: hrctl's, docker-compose's, the tests' and the scripts'.
    static const char *const tools[] = {"HR_CONFIG_DIR", "HR_IMAGE_TAG",     "HR_GATEWAY_PORT",
                                        "HR_E2E_SEED",   "HR_CHECK_PROJECT", "HR_VERSION"};
    for (size_t i = 0; i < HR_ARRAY_LEN(tools); i++)
        assert_int_equal(setenv(tools[i], "x", 1), 0);
    for (size_t s = 0; s < nsvc; s++) {
        hr_config_t *cfg = hr_config_new_empty();
        for (char **k = keys[s]; *k; k++)
            hr_config_allow(cfg, *k);
        assert_int_equal(hr_config_unknown_env(cfg, s_report_env, (void *)e2e_all_services[s]), 0);
        hr_config_destroy(&cfg);
    }
    for (size_t i = 0; i < HR_ARRAY_LEN(tools); i++)
        unsetenv(tools[i]);
    for (size_t s = 0; s < nsvc; s++) {
        for (char **k = keys[s]; *k; k++) {
            char *name = hr_config_env_name(*k);
            unsetenv(name);
            hr_free(name);
            hr_free(*k);
        }
        hr_free(keys[s]);
    }
}

static void test_every_shipped_config_starts_its_daemon(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("shipped");
    char *keys = hr_strfmt("%s/keys", e2e_dir(c));
    assert_int_equal(mkdir(keys, 0700), 0);
    hr_free(keys);
    for (size_t i = 0; e2e_all_services[i]; i++)
        s_shipped_keys(c, e2e_all_services[i]);
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    s_no_daemon_takes_anothers_variable_for_a_typo(c);
    assert_int_equal(e2e_stop(&c), 0);
}

// Runs hr-<svc> on a config of its own (a fresh store) holding extra, under timeout. Returns
// the exit code; *err_out (owned) its stderr, *cfg_out (owned) the config's path.
static int s_run(e2e_t *c, const char *svc, const char *tag, const char *extra, bool hooks,
                 char **err_out, char **cfg_out)
{
    char *cfg = hr_strfmt("%s/%s-%s.cfg", e2e_config_dir(c), svc, tag);
    char *text = hr_strfmt("#   e2e.config: %s\nbus\n    endpoint = \"ipc://%s/run/%s-%s.ipc\"\n"
                           "store\n    dir = \"%s/data/%s-%s\"\n    mapsize_mb = 16\n%s",
                           tag, e2e_dir(c), svc, tag, e2e_dir(c), svc, tag, extra);
    assert_int_equal(hr_test_write_file(cfg, text, strlen(text)), 0);
    char *bin_name = hr_strfmt("hr-%s", svc);
    char *bin = hr_test_bin_path(bin_name);
    char *argv[] = {TIMEOUT_BIN, RUN_LIMIT_S, bin, "--config", cfg, hooks ? "--test-hooks" : NULL,
                    NULL};
    *err_out = NULL;
    int rc = e2e_run(argv, NULL, err_out);
    if (!*err_out)
        *err_out = hr_strdup("");
    hr_free(bin);
    hr_free(bin_name);
    hr_free(text);
    *cfg_out = cfg;
    return rc;
}

static void s_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("'%s' is not in:\n%s", part, text);
}

static void test_a_misspelt_key_stops_every_daemon_naming_line_and_key_meant(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("typo");
    // Line 7 of each config is the section, 8 the misspelt key (s_run writes six lines first).
    static const struct {
        const char *svc, *extra, *key, *meant;
    } typos[] = {
        {"workflow", "law\n    has_unoin = true\n", "law/has_unoin", "law/has_union"},
        {"evidence", "retention\n    defualt_days = 731\n", "retention/defualt_days",
         "retention/default_days"},
        {"analytics", "rules\n    grcae_min = 5\n", "rules/grcae_min", "rules/grace_min"},
        {"notify", "smtp\n    form = \"hr@corp.example.com\"\n", "smtp/form", "smtp/from"},
        {"assistant", "log\n    levle = \"debug\"\n", "log/levle", "log/level"},
        {"gateway", "outbox\n    timeout = 5\n", "outbox/timeout", NULL},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(typos); i++) {
        char *err = NULL, *cfg = NULL;
        int rc = s_run(c, typos[i].svc, "typo", typos[i].extra, true, &err, &cfg);
        if (rc != 1)
            fail_msg("hr-%s: exit %d (a daemon that started: 124)\n%s", typos[i].svc, rc, err);
        char *want = hr_strfmt("hr-%s: %s:8: %s: unknown key; ", typos[i].svc, cfg, typos[i].key);
        s_has(err, want);
        if (typos[i].meant) {
            char *meant = hr_strfmt("did you mean %s?", typos[i].meant);
            s_has(err, meant);
            hr_free(meant);
        } else {
            s_has(err, "nothing under outbox/ is read"); // only a daemon with an outbox reads it
        }
        hr_free(want);
        hr_free(err);
        hr_free(cfg);
    }
    // A misspelt section, and a test hook in a production start.
    char *err = NULL, *cfg = NULL;
    assert_int_equal(
        s_run(c, "notify", "section", "smpt\n    url = \"smtp://mail:25\"\n", true, &err, &cfg), 1);
    s_has(err, "smpt/url: unknown key; did you mean smtp/url?");
    hr_free(err);
    hr_free(cfg);
    assert_int_equal(
        s_run(c, "evidence", "hooks", "test\n    clock_offset_ms = 5\n", false, &err, &cfg), 1);
    s_has(err, "test/clock_offset_ms: unknown key; test/ keys are read only with --test-hooks");
    hr_free(err);
    hr_free(cfg);
    assert_int_equal(e2e_stop(&c), 0);
}

// A typo in the environment (docker-compose, systemd) is named as one in a file is: a misspelt
// HR_SMTP_FROM used to leave smtp/from at its default while the daemon started.
static void test_a_misspelt_environment_variable_stops_its_daemon(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("envtypo");
    char *err = NULL, *cfg = NULL;
    assert_int_equal(setenv("HR_SMTP_FORM", "hr@corp.example.com", 1), 0);
    int rc = s_run(c, "notify", "envtypo", "", true, &err, &cfg);
    unsetenv("HR_SMTP_FORM");
    if (rc != 1)
        fail_msg("hr-notify: exit %d (a daemon that started: 124)\n%s", rc, err);
    s_has(err, "hr-notify: environment: HR_SMTP_FORM: unknown variable; did you mean HR_SMTP_FROM "
               "(smtp/from)?");
    hr_free(err);
    hr_free(cfg);
    // Another daemon's variable, far from every key notify reads, is passed over: notify starts
    // with the workflow's HR_LAW_HAS_UNION and a tool's HR_E2E_ANYTHING in its environment.
    assert_int_equal(setenv("HR_LAW_HAS_UNION", "true", 1), 0);
    assert_int_equal(setenv("HR_E2E_ANYTHING", "1", 1), 0);
    static const char *const notify_only[] = {"notify", NULL};
    rc = e2e_start(c, notify_only);
    unsetenv("HR_LAW_HAS_UNION");
    unsetenv("HR_E2E_ANYTHING");
    assert_int_equal(rc, 0);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_notify_refuses_bad_urls_and_incomplete_sms_naming_them(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("ntcfg");
    static const struct {
        const char *tag, *extra, *want;
    } cases[] = {
        {"noscheme", "smtp\n    url = \"127.0.0.1:2525\"\n",
         "smtp/url: value '127.0.0.1:2525' is not an SMTP URL; accepted: smtp://host[:port]"},
        {"http", "smtp\n    url = \"http://mail.corp.example.com:25\"\n",
         "smtp/url: value 'http://mail.corp.example.com:25' is not an SMTP URL"},
        {"robot", "dingtalk\n    url = \"oapi.dingtalk.com/robot/send?access_token=T\"\n",
         "dingtalk/url: value 'oapi.dingtalk.com/robot/send?access_token=***' is not a URL; "
         "accepted: https://host[:port]/path (or http://)"},
        {"password", "smtp\n    url = \"smtp://bob:S3cretPW@127.0.0.1:2525\"\n",
         "smtp/url: value 'smtp://bob:***@127.0.0.1:2525' is not an SMTP URL (a user name and "
         "password do not go into the URL: set smtp/username, and the password in the file named "
         "by smtp/password_file)"},
        {"aliyun",
         "sms\n    provider = \"aliyun\"\naliyun\n    access_key_id = \"LTAI\"\n"
         "    sign_name = \"示例\"\n",
         "sms/provider = aliyun needs aliyun/access_key_secret_file, aliyun/template_code: not "
         "set (any of them)"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        char *err = NULL, *cfg = NULL;
        int rc = s_run(c, "notify", cases[i].tag, cases[i].extra, true, &err, &cfg);
        if (rc != 1)
            fail_msg("%s: exit %d (a daemon that started: 124)\n%s", cases[i].tag, rc, err);
        char *want = hr_strfmt("hr-notify: %s: %s", cfg, cases[i].want);
        s_has(err, want);
        // A credential in a URL reaches neither stderr nor the log (the robot's token, the
        // SMTP password).
        if (strstr(err, "S3cretPW") || strstr(err, "access_token=T"))
            fail_msg("%s: a credential repeated on stderr:\n%s", cases[i].tag, err);
        hr_free(want);
        hr_free(err);
        hr_free(cfg);
    }
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_shipped_config_starts_its_daemon),
        cmocka_unit_test(test_a_misspelt_key_stops_every_daemon_naming_line_and_key_meant),
        cmocka_unit_test(test_a_misspelt_environment_variable_stops_its_daemon),
        cmocka_unit_test(test_notify_refuses_bad_urls_and_incomplete_sms_naming_them),
    };
    return cmocka_run_group_tests_name("e2e.config", tests, NULL, NULL);
}
