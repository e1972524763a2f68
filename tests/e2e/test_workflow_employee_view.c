/*  e2e.workflow_employee_view - what the employee reads of their own case once it reached them,
 *  through hrctl against the real hr-workflow and hr-evidence, on the pinned calendar
 *  (2026-11-27).
 *
 *  E0225 (demo, fixed term 2023-12-18..2026-12-17) is not renewed (LCL Art. 44(1)): an
 *  A44_EXPIRY case with no interview, reviewed with no renewal offered (severance owed, Art.
 *  46(5)). Before the outcome she reads nothing of it and lists nothing. HR serves the 终止
 *  notice (outcome recorded): `hrctl case show --as E0225` gives the ground as the notice states
 *  it, the served day and the last day, the severance with what was paid and the balance, the
 *  certificate and transfer duties and the arbitration limit - no evidence id, finding or HR's
 *  names; `case list --as E0225` lists it, one line; her pay statement and her certificate
 *  render for her. The duties: the transfer is refused before the last day has ended (naming
 *  it), the certificate issued before it is warned of; after the last day the transfer is taken.
 *
 *  An interview entered as it begins (HR prepares 09:00 at 09:00, then moves it to 09:02 at
 *  09:00): the employee is sent nothing, the history and the reply say so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define S_EMS "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
#define EMPLOYEE "E0225"

static const char *const s_sha[3] = {
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"};

static e2e_t *s_start(const char *name)
{
    e2e_t *c = wfe_new(name);
    char *docs = hr_test_source_path("deploy/config/documents");
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路 100 号");
    hr_free(docs);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    return c;
}

// hrctl with args: its exit status; stdout and stderr in *out and *err (owned, freed first).
static int s_ctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    hr_free(*out);
    hr_free(*err);
    *out = *err = NULL;
    return e2e_hrctl(c, out, err, args);
}

// hrctl with args, which must exit with want: its stdout (arena; stderr appended after a
// "--stderr--" line, so a test reads a warning too).
static char *s_run(e2e_t *c, int want, const char *const *args, hr_arena_t *arena)
{
    char *out = NULL, *err = NULL;
    int rc = s_ctl(c, &out, &err, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, want %d\n%s%s", args[0], args[1], rc, want, out ? out : "",
                 err ? err : "");
    char *all = hr_arena_fmt(arena, "%s--stderr--\n%s", out ? out : "", err ? err : "");
    hr_free(out);
    hr_free(err);
    return all;
}

static void s_lacks(const char *what, const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("%s says '%s' and must not:\n%s", what, part, text);
}

// The case id in "<what>: case <ID> ..." (arena).
static char *s_case_id(const char *out, hr_arena_t *arena)
{
    const char *at = out ? strstr(out, "case ") : NULL;
    if (!at)
        fail_msg("no case id in: %s", out ? out : "(null)");
    return hr_arena_fmt(arena, "%.26s", at + 5);
}

// The evidence id hrctl printed ("evidence <64 hex> ...") (arena).
static char *s_evidence_id(const char *text, hr_arena_t *arena)
{
    const char *at = text ? strstr(text, "evidence ") : NULL;
    if (!at || strlen(at) < 9 + 64)
        fail_msg("no evidence id in: %s", text ? text : "(null)");
    return hr_arena_fmt(arena, "%.64s", at + 9);
}

// E0225's A44_EXPIRY case opened by E0202, submitted and reviewed by E0003 with no renewal
// offered (severance owed), at its outcome: its id (arena).
static char *s_expiry_reviewed(e2e_t *c, hr_arena_t *arena)
{
    const char *open[] = {"case",       "open",     EMPLOYEE,
                          "A44_EXPIRY", "--reason", "劳动合同期满，本单位不再续订",
                          "--as",       "E0202",    NULL};
    char *id = s_case_id(s_run(c, 0, open, arena), arena);
    const char *submit[] = {"case", "submit", id, "--as", "E0202", NULL};
    s_run(c, 0, submit, arena);
    const char *review[] = {"case", "review", id, "--as", "E0003", "--role", "hr", NULL};
    wfe_has("review", s_run(c, 0, review, arena), "now at outcome");
    return id;
}

static void test_the_employee_reads_the_case_that_reached_her(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start("wf-empview");
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_expiry_reviewed(c, arena);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_true(cs->assessment->severance_fen > 0);

    // Before the outcome: no interview, nothing of it to read or list.
    const char *show[] = {"case", "show", id, "--as", EMPLOYEE, NULL};
    s_run(c, 1, show, arena);
    const char *list[] = {"case", "list", "--as", EMPLOYEE, NULL};
    s_lacks("case list --as E0225 before the outcome", s_run(c, 0, list, arena), id);

    // HR serves the 终止 notice (EMS): the outcome is recorded.
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    char *notice = s_evidence_id(strstr(s_run(c, 0, store, arena), "--stderr--"), arena);
    wfe_attach(c, "E0003", "hr", id, "other", S_EMS, arena);
    const char *outcome[] = {"case",       "outcome",   id,           "notice_served",
                             "2026-12-17", "--served",  "2026-11-27", "--evidence",
                             notice,       "--service", S_EMS,        "--as",
                             "E0003",      "--role",    "hr",         NULL};
    s_run(c, 0, outcome, arena);
    cs = wfe_get(c, id, arena);
    char *severance =
        hr_arena_fmt(arena, "%lld.%02lld", (long long)cs->assessment->severance_fen / 100,
                     (long long)cs->assessment->severance_fen % 100);

    // 1, 2. Her view of it, without an interview: what the notice decided of her.
    char *out = s_run(c, 0, show, arena);
    printf("hrctl case show --as %s:\n%s", EMPLOYEE, out);
    wfe_has("case show --as E0225", out,
            "依据：固定期限劳动合同期满终止（《劳动合同法》第四十四条第一项）");
    wfe_has("case show --as E0225", out, "送达/签署日：2026-11-27　劳动合同最后一日：2026-12-17");
    wfe_has("case show --as E0225", out,
            hr_arena_fmt(arena, "应付 %s元，已付 0.00元，尚欠 %s元", severance, severance));
    wfe_has("case show --as E0225", out,
            "出具解除或者终止劳动合同的证明（劳动合同法第五十条）：未办，期限 2026-12-17 24:00");
    wfe_has("case show --as E0225", out,
            "十五日内办理档案和社会保险关系转移手续（劳动合同法第五十条）：未办，期限 2027-01-02");
    // The limit the 终止 notice states: a year from the contract's end.
    wfe_has("case show --as E0225", out, "劳动争议仲裁时效：2027-12-17 前");
    s_lacks("case show --as E0225", out, notice);
    s_lacks("case show --as E0225", out, S_EMS);
    s_lacks("case show --as E0225", out, "E0003");
    s_lacks("case show --as E0225", out, "E0202");
    s_lacks("case show --as E0225", out, "history");
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    Hr__Workflow__Case *view =
        wfe_case_do(c, EMPLOYEE, "employee", "workflow.GetCase", &get.base, arena)->case_;
    assert_true(view->employee_view);
    assert_int_equal(view->n_evidence + view->n_history + view->n_facts + view->n_notifications, 0);
    assert_string_equal(view->manager_no, "");
    assert_string_equal(view->reason, "");
    assert_string_equal(view->outcome->evidence_id, "");
    assert_int_equal(view->assessment->n_findings, 0);
    for (size_t i = 0; i < view->n_steps; i++)
        assert_string_equal(view->steps[i]->owner_no, "");

    // 3. Listed to her, one line.
    out = s_run(c, 0, list, arena);
    printf("hrctl case list --as %s:\n%s", EMPLOYEE, out);
    wfe_has("case list --as E0225", out,
            hr_arena_fmt(arena,
                         "%s  依据 固定期限劳动合同期满终止（《劳动合同法》第四十四条第一项）"
                         "　劳动合同最后一日 2026-12-17",
                         id));
    s_lacks("case list --as E0225", out, "MANAGER");

    // 4. Her pay statement and her certificate.
    const char *pay[] = {"case", "document", id, "pay_statement", "--as", EMPLOYEE, NULL};
    out = s_run(c, 0, pay, arena);
    wfe_has("pay_statement --as E0225", out, "离职结算清单");
    wfe_has("pay_statement --as E0225", out,
            "1. 经济补偿（《劳动合同法》第四十六条、第四十七条）：人民币");
    const char *cert[] = {"case", "document", id, "certificate", "--as", EMPLOYEE, NULL};
    out = s_run(c, 0, cert, arena);
    wfe_has("certificate --as E0225", out, "终止劳动合同证明书");
    wfe_has("certificate --as E0225", out, "终止劳动合同的日期：2026年12月17日");
    // Reading it is all: she stores nothing, and renders no other document.
    const char *cert_store[] = {"case",    "document", id,       "certificate",
                                "--store", "--as",     EMPLOYEE, NULL};
    s_run(c, 1, cert_store, arena);
    const char *her_notice[] = {"case", "document", id, "notice", "--as", EMPLOYEE, NULL};
    s_run(c, 1, her_notice, arena);

    // 6. The duties before the last day: the transfer refused, the certificate warned of.
    const char *close[] = {"case", "close", id, "--as", "E0003", "--role", "hr", NULL};
    s_run(c, 0, close, arena);
    const char *transfer[] = {"case",  "duty",   id,   "transfer", "--as",
                              "E0003", "--role", "hr", NULL};
    out = s_run(c, 1, transfer, arena);
    wfe_has("transfer before the last day", out, "劳动合同最后一日是 2026-12-17");
    wfe_has("transfer before the last day", out, "the contract's last day is 2026-12-17");
    assert_int_equal(wfe_step(wfe_get(c, id, arena), "transfer")->state,
                     HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    const char *certificate[] = {"case",  "duty",   id,   "certificate", "--as",
                                 "E0003", "--role", "hr", NULL};
    out = s_run(c, 0, certificate, arena);
    wfe_has("certificate before the last day", out, "CERTIFICATE_BEFORE_LAST_DAY");
    // The day after the last: the transfer is taken.
    wfe_clock_to(c, "2026-12-18", 10, arena);
    s_run(c, 0, transfer, arena);
    out = s_run(c, 0, show, arena);
    wfe_has("case show --as E0225 after the transfer", out, "办理日 2026-12-18");

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// How many notifications the case records to `to`.
static size_t s_told(const Hr__Workflow__Case *cs, const char *to)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n_notifications; i++)
        for (size_t k = 0; k < cs->notifications[i]->n_to; k++)
            n += !strcmp(cs->notifications[i]->to[k], to);
    return n;
}

// 5. An interview entered as it begins: the employee is sent nothing, invitation or move.
static void test_an_interview_whose_time_has_come_is_sent_to_nobody(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-empview-come");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = wfe_a39_1_submitted(c, s_sha, arena);
    wfe_a39_1_reviewed(c, id, s_sha, "e2e: the facts and reasons HR states", arena);
    const char *prepare[] = {"case",     "prepare", id,      "2026-12-01", "09:00",
                             "Room 301", "--as",    "E0002", NULL};
    char *out = s_run(c, 0, prepare, arena);
    wfe_has("prepare at its hour", out, "EMPLOYEE_NOT_INVITED");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(s_told(cs, "E0117"), 0);
    assert_int_equal(wfe_outbox_count(c, id, "interview_invite", arena, NULL), 0);
    const char *note = "";
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, "interview_scheduled"))
            note = cs->history[i]->note;
    wfe_has("interview_scheduled", note, "the employee was sent nothing");
    // Moved to two minutes on, at 09:00: no "moved" message either.
    const char *move[] = {"case",     "prepare", id,      "2026-12-01", "09:02",
                          "Room 301", "--as",    "E0002", NULL};
    out = s_run(c, 0, move, arena);
    wfe_has("moved minutes before", out, "EMPLOYEE_NOT_INVITED");
    cs = wfe_get(c, id, arena);
    assert_int_equal(s_told(cs, "E0117"), 0);
    assert_int_equal(wfe_outbox_count(c, id, "interview_moved", arena, NULL), 0);
    // An hour on, it is an invitation as before.
    const char *later[] = {"case",     "prepare", id,      "2026-12-01", "10:00",
                           "Room 301", "--as",    "E0002", NULL};
    s_lacks("moved an hour on", s_run(c, 0, later, arena), "EMPLOYEE_NOT_INVITED");
    assert_int_equal(s_told(wfe_get(c, id, arena), "E0117"), 1);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_employee_reads_the_case_that_reached_her),
        cmocka_unit_test(test_an_interview_whose_time_has_come_is_sent_to_nobody),
    };
    return cmocka_run_group_tests_name("e2e.workflow_employee_view", tests, NULL, NULL);
}
