/*  test_ctl_case - `hrctl case` refuses what it does not understand before it calls anyone.
 *
 *  A typo must not run the command as if the option were absent: `approve --rejct` approved
 *  the case, an unquoted place was cut at its first word, `withdraw ID --reason TEXT` stored
 *  "--reason" as the reason. Every refusal exits 2 with the word named on stderr and nothing on
 *  stdout; no daemon runs here, so a command that got past its checks would fail otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hr.h"
#include "hr_test.h"

#define S_ARGS_MAX 12

// Runs hrctl with args (NULL-terminated) against a config directory where nothing listens;
// checks exit 2, an empty stdout and want on stderr.
static void s_refused(const char *want, const char *const *args)
{
    char *bin = hr_test_bin_path("hrctl");
    char *argv[S_ARGS_MAX + 4] = {bin};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < S_ARGS_MAX; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--config-dir";
    argv[n++] = "/nonexistent/hr-config";
    argv[n] = NULL;
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc != 2 || *out || !strstr(err, want))
        fail_msg("hrctl %s %s ...: rc %d, stdout '%s', stderr '%s'; want 2 and '%s'", args[0],
                 args[1], rc, out, err, want);
    hr_free(out);
    hr_free(err);
    hr_free(bin);
}

#define S_CASE "01M8ENBH8Z16ERFE5YNKBPWZE1"

static void test_unknown_options_are_refused_not_ignored(void **state)
{
    HR_UNUSED(state);
    s_refused("unknown option: --rejct",
              (const char *[]){"case", "approve", S_CASE, "--rejct", "--note", "n", NULL});
    s_refused("unknown option: --efective",
              (const char *[]){"case", "review", S_CASE, "--fact", "rule_exists=ab", "--efective",
                               "2026-12-31", NULL});
    s_refused("unknown option: --bogus", (const char *[]){"case", "list", "--bogus", NULL});
    s_refused("unknown option: --force",
              (const char *[]){"case", "close", S_CASE, "--force", NULL});
    s_refused("unknown option: --since", (const char *[]){"case", "events", "--since", "3", NULL});
}

static void test_options_without_their_value_are_refused(void **state)
{
    HR_UNUSED(state);
    s_refused("--state needs a value", (const char *[]){"case", "list", "--state", NULL});
    s_refused("--reason needs a value",
              (const char *[]){"case", "withdraw", S_CASE, "--reason", NULL});
    s_refused("--note needs a value", (const char *[]){"case", "approve", S_CASE, "--note", NULL});
    s_refused("--note given twice",
              (const char *[]){"case", "approve", S_CASE, "--note", "a", "--note", "b", NULL});
}

static void test_extra_words_are_refused(void **state)
{
    HR_UNUSED(state);
    s_refused("one word too many: 301", (const char *[]){"case", "prepare", S_CASE, "2026-12-03",
                                                         "10:00", "Room", "301", NULL});
    s_refused("one word too many: resigned",
              (const char *[]){"case", "withdraw", S_CASE, "employee", "resigned", NULL});
    s_refused("one word too many: b",
              (const char *[]){"case", "open", "E0117", "A40_2", "--reason", "a", "b", NULL});
    s_refused("one word too many: x", (const char *[]){"case", "show", S_CASE, "x", NULL});
}

// A dispute is recorded anew from the options given: without --result, `case dispute ID` sent a
// dispute with nothing filed and wiped the one recorded.
static void test_a_dispute_needs_its_result(void **state)
{
    HR_UNUSED(state);
    s_refused("--result is required", (const char *[]){"case", "dispute", S_CASE, NULL});
    s_refused("--result is required", (const char *[]){"case", "dispute", S_CASE, "--filed",
                                                       "2026-12-20", "--amount", "5000", NULL});
    // An amount it cannot take is named, not answered with the whole synopsis.
    const char *const bad[] = {"-5", "1e9", "1000000000.01", "12.345", "ten"};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        char *want =
            hr_strfmt("--amount: '%s' is not an amount in yuan (0.00 to 1000000000.00", bad[i]);
        s_refused(want, (const char *[]){"case", "dispute", S_CASE, "--result", "settled",
                                         "--amount", bad[i], NULL});
        hr_free(want);
    }
}

// A payment's amount is typed in yuan and taken exactly to the fen or refused before anything is
// sent, naming --amount, Chinese first (wf_pay_amount_parse); the options it needs are named.
static void test_a_payment_amount_is_refused_naming_the_option(void **state)
{
    HR_UNUSED(state);
    static const struct {
        const char *amount, *zh, *en;
    } bad[] = {
        {"1.234", "最多两位小数", "has more than two decimals"},
        {"-5", "不能为负数", "is negative"},
        {"0", "须大于 0", "must be more than 0"},
        {"1000000000.01", "超过上限", "is above the limit"},
        {"99999999999999999999999", "超过上限", "is above the limit"},
        {"12,345.67", "不是以元为单位的金额", "is not an amount in yuan"},
        {"1e3", "不是以元为单位的金额", "is not an amount in yuan"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        char *want = hr_strfmt("hrctl case pay: --amount（金额）“%s”%s", bad[i].amount, bad[i].zh);
        const char *args[] = {"case",      "pay",         S_CASE,        "--item",
                              "severance", "--amount",    bad[i].amount, "--method",
                              "bank",      "--reference", "X",           NULL};
        s_refused(want, args);
        hr_free(want);
        want = hr_strfmt("--amount: '%s' %s", bad[i].amount, bad[i].en);
        s_refused(want, args);
        hr_free(want);
    }
    s_refused("--item, --amount and --method are required",
              (const char *[]){"case", "pay", S_CASE, "--amount", "5", NULL});
    s_refused("unknown option: --ammount", (const char *[]){"case", "pay", S_CASE, "--item",
                                                            "severance", "--ammount", "5", NULL});
}

#define S_SYNOPSIS "hrctl case dispute ID --result R [--filed DATE]"

// `hrctl case` said "see hrctl help", and hrctl help had no word on the actions: the synopsis
// of every action now comes with no action, with an unknown option and from `hrctl help case`.
static void test_the_actions_synopsis_is_printed(void **state)
{
    HR_UNUSED(state);
    s_refused(S_SYNOPSIS, (const char *[]){"case", NULL});
    s_refused(S_SYNOPSIS, (const char *[]){"case", "show", NULL});
    s_refused(S_SYNOPSIS, (const char *[]){"case", "approve", S_CASE, "--rejct", NULL});
    s_refused("hrctl case review ID [--fact NAME=", (const char *[]){"case", "frobnicate", NULL});
    char *bin = hr_test_bin_path("hrctl");
    char *argv[] = {bin, "help", "case", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(hr_test_run(argv, &out, &err), 0);
    assert_non_null(strstr(out, S_SYNOPSIS));
    assert_non_null(strstr(out, "hrctl case approve ID [--reject --note TEXT]"));
    assert_non_null(strstr(out, "hrctl case pay ID --item ITEM --amount YUAN --method M"));
    assert_string_equal(err, "");
    hr_free(out);
    hr_free(err);
    hr_free(bin);
}

// Runs hrctl with args (NULL-terminated) where nothing listens: exit 0, the synopsis on stdout
// and nothing on stderr - a command that reached for a daemon would fail.
static void s_helped(const char *const *args)
{
    char *bin = hr_test_bin_path("hrctl");
    char *argv[S_ARGS_MAX + 4] = {bin};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < S_ARGS_MAX; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--config-dir";
    argv[n++] = "/nonexistent/hr-config";
    argv[n] = NULL;
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc != 0 || !strstr(out, S_SYNOPSIS) || *err)
        fail_msg("hrctl %s %s %s ...: rc %d, stdout '%.80s', stderr '%s'; want 0 and the synopsis",
                 args[0], args[1], args[2] ? args[2] : "", rc, out, err);
    hr_free(out);
    hr_free(err);
    hr_free(bin);
}

// `case withdraw ID --help` withdrew the case with the reason "--help" and mailed the HR head;
// `case review --help` sent a review of a case named "--help". --help and -h print the synopsis
// after any action, and an option is never taken for a word by its place.
static void test_help_is_help_and_options_are_no_words(void **state)
{
    HR_UNUSED(state);
    s_helped((const char *[]){"case", "withdraw", S_CASE, "--help", NULL});
    s_helped((const char *[]){"case", "withdraw", S_CASE, "-h", NULL});
    s_helped((const char *[]){"case", "withdraw", S_CASE, "--reason", "--help", NULL});
    s_helped((const char *[]){"case", "review", "--help", NULL});
    s_helped((const char *[]){"case", "show", "-h", NULL});
    s_helped((const char *[]){"case", "prepare", S_CASE, "2026-12-03", "10:00", "--help", NULL});
    s_helped((const char *[]){"case", "document", S_CASE, "notice", "-h", NULL});
    s_helped((const char *[]){"case", "--help", NULL});
    s_helped((const char *[]){"case", "-h", NULL});
    s_refused("REASON expected here, not the option --note",
              (const char *[]){"case", "withdraw", S_CASE, "--note", "x", NULL});
    s_refused("此处应为 ID，而不是选项 --fact",
              (const char *[]){"case", "review", "--fact", "rule_exists=ab", NULL});
    s_refused("ID expected here, not the option --kind",
              (const char *[]){"case", "attach", "--kind", "other", NULL});
    s_refused(
        "PLACE expected here, not the option --room",
        (const char *[]){"case", "prepare", S_CASE, "2026-12-03", "10:00", "--room", "3F", NULL});
    s_refused("KIND expected here, not the option --store",
              (const char *[]){"case", "document", S_CASE, "--store", NULL});
    s_refused("--reason needs a value, not the option --evidence",
              (const char *[]){"case", "rescind", S_CASE, "--on", "2026-12-03", "--reason",
                               "--evidence", "E1", NULL});
}

// `hrctl help case` put the reads comment under journal, which had none; `hrctl --help` never
// named --as, which every process step needs.
static void test_the_help_texts_say_what_is_what(void **state)
{
    HR_UNUSED(state);
    char *bin = hr_test_bin_path("hrctl");
    char *argv[] = {bin, "help", "case", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(hr_test_run(argv, &out, &err), 0);
    const char *reads = strstr(out, "hrctl case reads ID");
    const char *journal = strstr(out, "hrctl case journal ID");
    const char *who = strstr(out, "# who read the case");
    assert_true(reads && journal && who);
    assert_true(reads < who && who < journal);
    assert_non_null(strstr(journal, "# every version of the case"));
    hr_free(out);
    hr_free(err);
    char *top[] = {bin, "--help", NULL};
    out = err = NULL;
    assert_int_equal(hr_test_run(top, &out, &err), 0);
    assert_non_null(strstr(out, "--as EMPLOYEE_NO"));
    hr_free(out);
    hr_free(err);
    hr_free(bin);
}

// A daemon that is not running is said at once: nothing listens on its ipc:// socket (a file
// left behind by a stop included), so hrctl does not wait out its deadline in silence.
static void test_a_daemon_not_running_is_said_at_once(void **state)
{
    HR_UNUSED(state);
    char dir[] = "/tmp/hr-ctl-down-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *cfg = hr_strfmt("%s/workflow.cfg", dir);
    char *text = hr_strfmt("bus\n    endpoint = \"ipc://%s/workflow.ipc\"\n", dir);
    assert_int_equal(hr_test_write_file(cfg, text, strlen(text)), 0);
    // The socket file a daemon killed -9 leaves: there, but nobody listens.
    char *sock = hr_strfmt("%s/workflow.ipc", dir);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (const struct sockaddr *)&addr, sizeof addr), 0);
    close(fd);
    char *bin = hr_test_bin_path("hrctl");
    char *argv[] = {bin, "case", "list", "--config-dir", dir, NULL};
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "nobody listens there"));
    assert_non_null(strstr(err, "is hr-workflow running?"));
    hr_free(out);
    hr_free(err);
    hr_free(bin);
    unlink(sock);
    hr_free(sock);
    unlink(cfg);
    rmdir(dir);
    hr_free(text);
    hr_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_options_are_refused_not_ignored),
        cmocka_unit_test(test_options_without_their_value_are_refused),
        cmocka_unit_test(test_extra_words_are_refused),
        cmocka_unit_test(test_a_dispute_needs_its_result),
        cmocka_unit_test(test_a_payment_amount_is_refused_naming_the_option),
        cmocka_unit_test(test_the_actions_synopsis_is_printed),
        cmocka_unit_test(test_help_is_help_and_options_are_no_words),
        cmocka_unit_test(test_the_help_texts_say_what_is_what),
        cmocka_unit_test(test_a_daemon_not_running_is_said_at_once),
    };
    return cmocka_run_group_tests_name("unit.hrctl.case", tests, NULL, NULL);
}
