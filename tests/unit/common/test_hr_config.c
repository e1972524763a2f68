/*  test_hr_config - ZPL files, environment overrides, typed getters, secrets, unknown keys, dump.
 *
 *  Every test writes real files into a fresh temp dir and cleans the HR_* variables it may set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hr_config.h"
#include "hr_test.h"

#define MAPSIZE_MAX 1048576

// Every variable a test may set; teardown unsets them all.
static const char *const s_env_vars[] = {
    "HR_STORE_MAPSIZE_MB", "HR_STORE_DIR",          "HR_BUS_PEER_ENDPOINT",
    "HR_LOG_DEBUG",        "HR_SMTP_PASSWORD_FILE", "HR_ONLY_ENV",
};

static const char s_zpl[] = "# workflow daemon\n"
                            "store\n"
                            "    dir = \"/var/lib/hr/workflow\"\n"
                            "    mapsize_mb = 1024\n"
                            "bus\n"
                            "    endpoint = \"ipc:///run/hr/workflow\"\n"
                            "    peer-endpoint = \"ipc:///run/hr/notify\"\n"
                            "log\n"
                            "    debug = yes\n"
                            "    levle = info\n";

typedef struct {
    char *dir;        // owned: temp dir
    char *cfg_path;   // owned: dir/workflow.cfg holding s_zpl
    hr_config_t *cfg; // owned: loaded from cfg_path
    char seen[512];   // paths and values reported to callbacks, ';'-separated
} fixture_t;

static char *s_write(const fixture_t *f, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", f->dir, name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    return path;
}

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("config");
    f->cfg_path = s_write(f, "workflow.cfg", s_zpl);
    char *err = NULL;
    f->cfg = hr_config_load(f->cfg_path, &err);
    assert_null(err);
    *state = f;
    return f->cfg ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_env_vars); i++)
        unsetenv(s_env_vars[i]);
    hr_config_destroy(&f->cfg);
    hr_test_rmdir(f->dir);
    hr_free(f->cfg_path);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static void s_seen_path(void *arg, const char *path)
{
    fixture_t *f = arg;
    size_t len = strlen(f->seen);
    snprintf(f->seen + len, sizeof f->seen - len, "%s;", path);
}

static void s_seen_value(void *arg, const char *path, const char *value)
{
    fixture_t *f = arg;
    size_t len = strlen(f->seen);
    snprintf(f->seen + len, sizeof f->seen - len, "%s=%s;", path, value);
}

static void test_file_values_are_read_by_path(void **state)
{
    fixture_t *f = *state;
    assert_string_equal(hr_config_path(f->cfg), f->cfg_path);
    assert_string_equal(hr_config_str(f->cfg, "store/dir", "/tmp"), "/var/lib/hr/workflow");
    assert_int_equal(hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX), 1024);
    assert_true(hr_config_bool(f->cfg, "log/debug", false));
    assert_null(hr_config_error(f->cfg));
}

static void test_missing_keys_return_the_default(void **state)
{
    fixture_t *f = *state;
    assert_string_equal(hr_config_str(f->cfg, "store/nothing", "fallback"), "fallback");
    assert_null(hr_config_str(f->cfg, "store/nothing_either", NULL));
    assert_int_equal(hr_config_int(f->cfg, "bus/hwm", 1000, 1, 100000), 1000);
    assert_false(hr_config_bool(f->cfg, "bus/curve", false));
    assert_string_equal(hr_config_str(f->cfg, "store", "section-has-no-value"),
                        "section-has-no-value");
    assert_null(hr_config_error(f->cfg));
}

static void test_env_override_beats_file(void **state)
{
    fixture_t *f = *state;
    setenv("HR_STORE_MAPSIZE_MB", "2048", 1);
    setenv("HR_STORE_DIR", "/data/wf", 1);
    setenv("HR_LOG_DEBUG", "off", 1);
    assert_int_equal(hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX), 2048);
    assert_string_equal(hr_config_str(f->cfg, "store/dir", NULL), "/data/wf");
    assert_false(hr_config_bool(f->cfg, "log/debug", true));
    assert_null(hr_config_error(f->cfg));
}

static void test_file_str_ignores_env_overrides(void **state)
{
    fixture_t *f = *state;
    setenv("HR_STORE_DIR", "/data/wf", 1);
    assert_string_equal(hr_config_file_str(f->cfg, "store/dir"), "/var/lib/hr/workflow");
    assert_null(hr_config_file_str(f->cfg, "store/nothing"));
    assert_null(hr_config_file_str(f->cfg, "store")); // a section has no value
}

static void test_env_name_upper_cases_and_replaces_dashes(void **state)
{
    fixture_t *f = *state;
    setenv("HR_BUS_PEER_ENDPOINT", "tcp://10.0.0.2:5555", 1);
    assert_string_equal(hr_config_str(f->cfg, "bus/peer-endpoint", NULL), "tcp://10.0.0.2:5555");
}

static void test_empty_config_uses_env_then_defaults(void **state)
{
    HR_UNUSED(state);
    hr_config_t *cfg = hr_config_new_empty();
    assert_string_equal(hr_config_path(cfg), "");
    setenv("HR_ONLY_ENV", "42", 1);
    assert_int_equal(hr_config_int(cfg, "only/env", 0, 0, 100), 42);
    assert_string_equal(hr_config_str(cfg, "store/dir", "var/wf"), "var/wf");
    assert_int_equal(hr_config_unknown(cfg, NULL, NULL), 0);
    hr_config_destroy(&cfg);
    assert_null(cfg);
    hr_config_destroy(&cfg);
}

static void test_set_value_is_read_back(void **state)
{
    fixture_t *f = *state;
    hr_config_t *cfg = hr_config_new_empty();
    hr_config_set(cfg, "bus/endpoint", "inproc://wf");
    hr_config_set(f->cfg, "store/mapsize_mb", "16");
    assert_string_equal(hr_config_str(cfg, "bus/endpoint", NULL), "inproc://wf");
    assert_int_equal(hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX), 16);
    hr_config_destroy(&cfg);
}

static void test_out_of_range_env_value_records_error_and_returns_default(void **state)
{
    fixture_t *f = *state;
    setenv("HR_STORE_MAPSIZE_MB", "99999999", 1);
    assert_int_equal(hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX), 64);
    assert_string_equal(hr_config_error(f->cfg), "store/mapsize_mb: value '99999999' out of "
                                                 "range 1..1048576 (from HR_STORE_MAPSIZE_MB)");
}

static void test_non_numeric_file_value_names_the_file(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(hr_config_int(f->cfg, "store/dir", 7, 0, 100), 7);
    char *expect = hr_strfmt("store/dir: value '/var/lib/hr/workflow' is not an integer (from %s)",
                             f->cfg_path);
    assert_string_equal(hr_config_error(f->cfg), expect);
    hr_free(expect);
}

static void test_only_the_first_error_is_kept(void **state)
{
    fixture_t *f = *state;
    setenv("HR_STORE_MAPSIZE_MB", "0", 1);
    hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX);
    hr_config_bool(f->cfg, "store/dir", false);
    assert_non_null(strstr(hr_config_error(f->cfg), "store/mapsize_mb: value '0'"));
}

static void test_bool_accepts_every_documented_spelling(void **state)
{
    fixture_t *f = *state;
    const char *yes[] = {"true", "yes", "1", "on", "TRUE", "Yes"};
    const char *no[] = {"false", "no", "0", "off", "OFF"};
    for (size_t i = 0; i < HR_ARRAY_LEN(yes); i++) {
        hr_config_set(f->cfg, "x/flag", yes[i]);
        assert_true(hr_config_bool(f->cfg, "x/flag", false));
    }
    for (size_t i = 0; i < HR_ARRAY_LEN(no); i++) {
        hr_config_set(f->cfg, "x/flag", no[i]);
        assert_false(hr_config_bool(f->cfg, "x/flag", true));
    }
    assert_null(hr_config_error(f->cfg));
}

static void test_invalid_bool_records_error_and_returns_default(void **state)
{
    fixture_t *f = *state;
    setenv("HR_LOG_DEBUG", "maybe", 1);
    assert_true(hr_config_bool(f->cfg, "log/debug", true));
    assert_string_equal(hr_config_error(f->cfg), "log/debug: value 'maybe' is not a boolean "
                                                 "(true/false/yes/no/1/0/on/off) (from "
                                                 "HR_LOG_DEBUG)");
}

static void test_str_result_stays_valid_when_asked_again(void **state)
{
    fixture_t *f = *state;
    const char *first = hr_config_str(f->cfg, "x/name", "alpha");
    const char *second = hr_config_str(f->cfg, "x/name", "beta");
    assert_string_equal(first, "alpha"); // ASan would catch a freed string here
    assert_string_equal(second, "beta");
    assert_ptr_equal(hr_config_str(f->cfg, "x/name", "beta"), second);
}

static void test_secret_is_read_from_its_file_without_trailing_newlines(void **state)
{
    fixture_t *f = *state;
    char *path = s_write(f, "smtp_password", "s3cret word\n\r\n");
    setenv("HR_SMTP_PASSWORD_FILE", path, 1);
    char *secret = hr_config_secret(f->cfg, "smtp/password");
    assert_string_equal(secret, "s3cret word");
    assert_null(hr_config_error(f->cfg));
    hr_free(secret);
    hr_free(path);
}

static void test_secret_file_can_come_from_the_config_file(void **state)
{
    fixture_t *f = *state;
    char *path = s_write(f, "token", "tok");
    hr_config_set(f->cfg, "smtp/password_file", path);
    char *secret = hr_config_secret(f->cfg, "smtp/password");
    assert_string_equal(secret, "tok");
    hr_free(secret);
    hr_free(path);
}

static void test_secret_without_file_key_is_null_and_not_an_error(void **state)
{
    fixture_t *f = *state;
    assert_null(hr_config_secret(f->cfg, "smtp/password"));
    assert_null(hr_config_error(f->cfg));
}

static void test_unreadable_secret_file_records_an_error(void **state)
{
    fixture_t *f = *state;
    setenv("HR_SMTP_PASSWORD_FILE", "/nonexistent/hr/secret", 1);
    assert_null(hr_config_secret(f->cfg, "smtp/password"));
    assert_string_equal(hr_config_error(f->cfg),
                        "smtp/password_file: cannot read '/nonexistent/hr/secret': No such file "
                        "or directory (from HR_SMTP_PASSWORD_FILE)");
}

static void test_oversized_secret_file_records_an_error(void **state)
{
    fixture_t *f = *state;
    char *big = hr_alloc(HR_CONFIG_SECRET_MAX + 2);
    memset(big, 'x', HR_CONFIG_SECRET_MAX + 1);
    char *path = s_write(f, "big", big);
    setenv("HR_SMTP_PASSWORD_FILE", path, 1);
    assert_null(hr_config_secret(f->cfg, "smtp/password"));
    assert_non_null(strstr(hr_config_error(f->cfg), "is larger than 65536 bytes"));
    hr_free(path);
    hr_free(big);
}

static void test_secret_is_masked_in_the_effective_dump(void **state)
{
    fixture_t *f = *state;
    char *path = s_write(f, "pw", "hunter2\n");
    setenv("HR_SMTP_PASSWORD_FILE", path, 1);
    hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX);
    char *secret = hr_config_secret(f->cfg, "smtp/password");
    hr_config_str(f->cfg, "bus/nothing", NULL);
    hr_config_bool(f->cfg, "log/debug", false);
    hr_config_each_effective(f->cfg, s_seen_value, f);
    char *expect = hr_strfmt("store/mapsize_mb=1024;smtp/password_file=%s;smtp/password=***;"
                             "bus/nothing=;log/debug=true;",
                             path);
    assert_string_equal(f->seen, expect);
    assert_null(strstr(f->seen, "hunter2"));
    hr_free(expect);
    hr_free(secret);
    hr_free(path);
}

// A URL that may carry a credential (a robot's webhook, user:password@) is returned as written
// and dumped redacted: query values, the password, a token-like path segment masked; scheme,
// host, port and the API's path kept (review: ev=config.effective key=wecom/url value=...?key=
// SECRET at every start).
static void test_url_credentials_are_masked_in_the_effective_dump(void **state)
{
    fixture_t *f = *state;
    const char *wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WECOM-SECRET-0123";
    hr_config_set(f->cfg, "wecom/url", wecom);
    hr_config_set(f->cfg, "smtp/url", "smtp://bob:S3cretPW@mail.example.com:587");
    hr_config_set(
        f->cfg, "feishu/url",
        "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    assert_string_equal(hr_config_url(f->cfg, "wecom/url", ""), wecom);
    hr_config_url(f->cfg, "smtp/url", "");
    hr_config_url(f->cfg, "feishu/url", "");
    hr_config_url(f->cfg, "webhook/url", "");
    hr_config_each_effective(f->cfg, s_seen_value, f);
    assert_string_equal(f->seen,
                        "wecom/url=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***;"
                        "smtp/url=smtp://bob:***@mail.example.com:587;"
                        "feishu/url=https://open.feishu.cn/open-apis/bot/v2/hook/***;"
                        "webhook/url=;");
    assert_null(strstr(f->seen, "SECRET"));
    assert_null(strstr(f->seen, "S3cretPW"));
    const char *const cases[][2] = {
        {"https://oapi.dingtalk.com/robot/send?access_token=DING-4567&x=1#frag",
         "https://oapi.dingtalk.com/robot/send?access_token=***&x=***#***"},
        {"https://u:p@[::1]:8443/a?flag", "https://u:***@[::1]:8443/a?flag"},
        {"https://only-user@host/", "https://***@host/"},
        {"http://host:8080/hooks", "http://host:8080/hooks"},
        {"", ""},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        char *r = hr_url_redact(cases[i][0]);
        assert_string_equal(r, cases[i][1]);
        hr_free(r);
    }
}

static void test_keys_nobody_asked_for_are_reported_as_unknown(void **state)
{
    fixture_t *f = *state;
    hr_config_str(f->cfg, "store/dir", NULL);
    hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX);
    hr_config_str(f->cfg, "bus/endpoint", NULL);
    hr_config_bool(f->cfg, "log/debug", false);
    assert_int_equal(hr_config_unknown(f->cfg, s_seen_path, f), 2);
    assert_string_equal(f->seen, "bus/peer-endpoint;log/levle;");
}

// A typo is found with the line it is on and the key meant: "log/levle" is one swap from
// "log/level". Far from every key, the section's keys are listed instead.
static void test_unknown_keys_have_their_line_and_the_closest_known_key(void **state)
{
    fixture_t *f = *state;
    hr_config_str(f->cfg, "store/dir", NULL);
    hr_config_int(f->cfg, "store/mapsize_mb", 64, 1, MAPSIZE_MAX);
    hr_config_str(f->cfg, "bus/endpoint", NULL);
    hr_config_bool(f->cfg, "log/debug", false);
    hr_config_str(f->cfg, "log/level", "info");
    assert_int_equal(hr_config_line(f->cfg, "log/levle"), 10);
    assert_int_equal(hr_config_line(f->cfg, "bus/peer-endpoint"), 7);
    assert_int_equal(hr_config_line(f->cfg, "store/dir"), 3);
    assert_int_equal(hr_config_line(f->cfg, "store"), 2);
    assert_int_equal(hr_config_line(f->cfg, "log/level"), 0); // asked for, not in the file
    assert_int_equal(hr_config_line(f->cfg, "dir"), 0);
    char *hint = hr_config_unknown_hint(f->cfg, "log/levle");
    assert_string_equal(hint, "did you mean log/level?");
    hr_free(hint);
    hint = hr_config_unknown_hint(f->cfg, "bus/peer-endpoint");
    assert_string_equal(hint, "the keys of bus are endpoint");
    hr_free(hint);
    hint = hr_config_unknown_hint(f->cfg, "stroe/mapsize_mb");
    assert_string_equal(hint, "did you mean store/mapsize_mb?");
    hr_free(hint);
    hint = hr_config_unknown_hint(f->cfg, "smtp/from");
    assert_string_equal(hint, "nothing under smtp/ is read");
    hr_free(hint);
    hr_config_t *empty = hr_config_new_empty();
    hr_config_set(empty, "a/b", "1");
    assert_int_equal(hr_config_line(empty, "a/b"), 0); // no file: no line
    hr_config_destroy(&empty);
}

static void test_allowed_keys_are_known_suggested_and_not_dumped(void **state)
{
    fixture_t *f = *state;
    hr_config_str(f->cfg, "store/dir", NULL);
    hr_config_allow(f->cfg, "bus/peer-endpoint");
    hr_config_allow(f->cfg, "bus/other");
    assert_int_equal(hr_config_unknown(f->cfg, NULL, NULL), 4); // not bus/peer-endpoint
    char *hint = hr_config_unknown_hint(f->cfg, "bus/peer-endpont");
    assert_string_equal(hint, "did you mean bus/peer-endpoint?");
    hr_free(hint);
    hr_config_each_effective(f->cfg, s_seen_value, f);
    assert_string_equal(f->seen, "store/dir=/var/lib/hr/workflow;");
    // Asked for after all: in the dump like any key.
    f->seen[0] = '\0';
    hr_config_str(f->cfg, "bus/peer-endpoint", "");
    hr_config_each_effective(f->cfg, s_seen_value, f);
    assert_string_equal(f->seen,
                        "store/dir=/var/lib/hr/workflow;bus/peer-endpoint=ipc:///run/hr/notify;");
}

// Sections whose names the company chooses (branch/BJ, branch/CD) are listed in file order, keys
// passed over; a misspelt key under one stays unknown until asked for.
static void test_sections_are_listed_by_index(void **state)
{
    fixture_t *f = *state;
    char *path = s_write(f, "branches.cfg",
                         "branch\n"
                         "    stray = 1\n"
                         "    BJ\n"
                         "        city = 北京\n"
                         "        ctiy = typo\n"
                         "    CD\n"
                         "        city = 成都\n");
    char *err = NULL;
    hr_config_t *cfg = hr_config_load(path, &err);
    assert_non_null(cfg);
    assert_string_equal(hr_config_section_at(cfg, "branch", 0), "BJ");
    assert_string_equal(hr_config_section_at(cfg, "branch", 1), "CD");
    assert_null(hr_config_section_at(cfg, "branch", 2));
    assert_null(hr_config_section_at(cfg, "branch/BJ", 0)); // only keys under it
    assert_null(hr_config_section_at(cfg, "nothing", 0));
    assert_string_equal(hr_config_str(cfg, "branch/BJ/city", ""), "北京");
    assert_string_equal(hr_config_str(cfg, "branch/CD/city", ""), "成都");
    hr_config_unknown(cfg, s_seen_path, f);
    assert_string_equal(f->seen, "branch/stray;branch/BJ/ctiy;");
    hr_config_destroy(&cfg);
    hr_free(path);
}

static void test_fail_records_an_error_like_the_getters(void **state)
{
    fixture_t *f = *state;
    assert_null(hr_config_error(f->cfg));
    hr_config_fail(f->cfg, "smtp/url: value '%s' is not an SMTP URL", "127.0.0.1:2525");
    hr_config_fail(f->cfg, "second");
    assert_string_equal(hr_config_error(f->cfg),
                        "smtp/url: value '127.0.0.1:2525' is not an SMTP URL");
}

static void test_load_of_missing_file_names_path_and_reason(void **state)
{
    fixture_t *f = *state;
    char *path = hr_strfmt("%s/absent.cfg", f->dir);
    char *err = NULL;
    assert_null(hr_config_load(path, &err));
    char *expect = hr_strfmt("config '%s': No such file or directory", path);
    assert_string_equal(err, expect);
    assert_null(hr_config_load(path, NULL)); // no message wanted: nothing leaks
    hr_free(expect);
    hr_free(err);
    hr_free(path);
}

static void test_load_of_a_directory_is_rejected(void **state)
{
    fixture_t *f = *state;
    char *err = NULL;
    assert_null(hr_config_load(f->dir, &err));
    char *expect = hr_strfmt("config '%s': not a regular file", f->dir);
    assert_string_equal(err, expect);
    hr_free(expect);
    hr_free(err);
}

static void test_load_of_unreadable_file_is_rejected(void **state)
{
    fixture_t *f = *state;
    if (geteuid() == 0)
        skip(); // root reads any file
    assert_int_equal(chmod(f->cfg_path, 0), 0);
    char *err = NULL;
    assert_null(hr_config_load(f->cfg_path, &err));
    assert_non_null(strstr(err, "Permission denied"));
    hr_free(err);
}

static void test_load_of_file_that_fails_to_read_names_the_reason(void **state)
{
    HR_UNUSED(state);
    // A regular file whose first read fails (offset 0 of our address space is unmapped), so
    // the read-error path is reachable even as root.
    char *err = NULL;
    assert_null(hr_config_load("/proc/self/mem", &err));
    assert_string_equal(err, "config '/proc/self/mem': Input/output error");
    hr_free(err);
}

static void test_load_of_oversized_file_is_rejected(void **state)
{
    fixture_t *f = *state;
    char *big = hr_alloc(HR_CONFIG_FILE_MAX + 2);
    memset(big, '#', HR_CONFIG_FILE_MAX + 1);
    char *path = s_write(f, "big.cfg", big);
    char *err = NULL;
    assert_null(hr_config_load(path, &err));
    char *expect = hr_strfmt("config '%s': larger than 1048576 bytes", path);
    assert_string_equal(err, expect);
    hr_free(expect);
    hr_free(err);
    hr_free(path);
    hr_free(big);
}

static void test_unreadable_secret_is_reported_with_its_reason(void **state)
{
    fixture_t *f = *state;
    setenv("HR_SMTP_PASSWORD_FILE", "/proc/self/mem", 1);
    assert_null(hr_config_secret(f->cfg, "smtp/password"));
    assert_string_equal(hr_config_error(f->cfg), "smtp/password_file: cannot read "
                                                 "'/proc/self/mem': Input/output error (from "
                                                 "HR_SMTP_PASSWORD_FILE)");
}

static void test_load_of_invalid_zpl_is_rejected(void **state)
{
    fixture_t *f = *state;
    char *path = s_write(f, "bad.cfg", "store\n  mapsize_mb = 1\n");
    char *err = NULL;
    assert_null(hr_config_load(path, &err));
    char *expect = hr_strfmt("config '%s': not valid ZPL", path);
    assert_string_equal(err, expect);
    hr_free(expect);
    hr_free(err);
    hr_free(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, s_setup, s_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_file_values_are_read_by_path),
        T(test_missing_keys_return_the_default),
        T(test_env_override_beats_file),
        T(test_file_str_ignores_env_overrides),
        T(test_env_name_upper_cases_and_replaces_dashes),
        T(test_empty_config_uses_env_then_defaults),
        T(test_set_value_is_read_back),
        T(test_out_of_range_env_value_records_error_and_returns_default),
        T(test_non_numeric_file_value_names_the_file),
        T(test_only_the_first_error_is_kept),
        T(test_bool_accepts_every_documented_spelling),
        T(test_invalid_bool_records_error_and_returns_default),
        T(test_str_result_stays_valid_when_asked_again),
        T(test_secret_is_read_from_its_file_without_trailing_newlines),
        T(test_secret_file_can_come_from_the_config_file),
        T(test_secret_without_file_key_is_null_and_not_an_error),
        T(test_unreadable_secret_file_records_an_error),
        T(test_oversized_secret_file_records_an_error),
        T(test_secret_is_masked_in_the_effective_dump),
        T(test_url_credentials_are_masked_in_the_effective_dump),
        T(test_keys_nobody_asked_for_are_reported_as_unknown),
        T(test_unknown_keys_have_their_line_and_the_closest_known_key),
        T(test_allowed_keys_are_known_suggested_and_not_dumped),
        T(test_sections_are_listed_by_index),
        T(test_fail_records_an_error_like_the_getters),
        T(test_load_of_missing_file_names_path_and_reason),
        T(test_load_of_a_directory_is_rejected),
        T(test_load_of_unreadable_file_is_rejected),
        T(test_load_of_file_that_fails_to_read_names_the_reason),
        T(test_load_of_oversized_file_is_rejected),
        T(test_unreadable_secret_is_reported_with_its_reason),
        T(test_load_of_invalid_zpl_is_rejected),
    };
    return cmocka_run_group_tests_name("unit.common.config", tests, NULL, NULL);
}
