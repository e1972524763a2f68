/*  e2e.evidence_privacy - the real hr-workflow, hr-evidence and hrctl: who reads a case's
 *  records follows the directory, and health data stays with HR, legal and the employee
 *  (review of the personal-information protection officer, PIPL Arts. 6, 28-29, 51).
 *
 *  1. E0101's case about E0116 holds a medical certificate. A people import moves E0101 under
 *     E0200: the workflow appends one workflow.CaseLineChanged, hr-evidence applies it - E0100,
 *     whom the workflow now refuses the case ("not in your reporting line"), is refused the
 *     certificate, and E0200, who reads the case, reads it; still so after kill -9 of
 *     hr-evidence, and the line's audit entry is written once. Before, the line stayed as at
 *     open: E0100 read the diagnosis and E0200 heard "no such evidence".
 *  2. The manager attaches a sick note with --sensitive; HR marks another record sensitive
 *     afterwards (hrctl evidence mark-sensitive, audited). The manager who uploaded it and the
 *     superiors are refused its content with a Chinese-first message naming who reads it; the
 *     list shows them that it exists; the uploader's stat keeps its file name, a superior's
 *     does not. HR and legal read both. A manager cannot mark; `hrctl verify` passes with the
 *     marking's audit entry in the chain.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sodium.h>

#include "ev.h"
#include "hr_test.h"
#include "workflow_util.h"

#define MEDCERT "病假证明：赵敏，2026-11-20 至 2026-12-04 休息，诊断：妊娠剧吐。\n"
#define REPORT "Sales report Q3 2026, E0116: 61% of target.\n"
#define SICKLIST "E0116 sick-leave days 2026: 11-20 .. 12-04 (certificate on file).\n"

// Writes text to <test dir>/name; the path (owned).
static char *s_file(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

// hrctl args... --as as (NULL: the operator); the exit status, stdout and stderr owned.
static int s_hrctl(e2e_t *c, const char *as, char **out, char **err, const char *const *args)
{
    const char *argv[20];
    size_t n = 0;
    for (; args[n] && n < 16; n++)
        argv[n] = args[n];
    if (as) {
        argv[n++] = "--as";
        argv[n++] = as;
    }
    argv[n] = NULL;
    return e2e_hrctl(c, out, err, argv);
}

// `hrctl evidence put FILE --case C --kind KIND` as the operator (HR's tool); the id (owned).
static char *s_put(e2e_t *c, const char *case_id, const char *kind, const char *path)
{
    char *out = NULL, *err = NULL;
    int rc =
        s_hrctl(c, NULL, &out, &err,
                (const char *[]){"evidence", "put", path, "--case", case_id, "--kind", kind, NULL});
    if (rc)
        fail_msg("evidence put: %s%s", out, err);
    assert_int_equal(strlen(out), 65);
    out[64] = '\0';
    hr_free(err);
    return out;
}

// `hrctl evidence get ID --as as`: 0 when it printed exactly want; else the exit status, with
// stderr in *err_out (owned, may be NULL).
static int s_get(e2e_t *c, const char *as, const char *id, const char *want, char **err_out)
{
    char *out = NULL, *err = NULL;
    int rc = s_hrctl(c, as, &out, &err, (const char *[]){"evidence", "get", id, NULL});
    if (!rc && strcmp(out, want))
        fail_msg("evidence get %s as %s printed '%s'", id, as, out);
    hr_free(out);
    if (err_out)
        *err_out = err;
    else
        hr_free(err);
    return rc;
}

// evidence.Stat as user, claiming the role the demo directory gives them (hr for E0003).
static hr_rc_t s_stat(e2e_t *c, const char *user, const char *id, hr_arena_t *arena,
                      Hr__Evidence__Evidence **e)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    Hr__Evidence__StatReply *rep = NULL;
    const char *role = !strcmp(user, "E0003") ? "hr" : NULL;
    hr_rc_t rc = wfe_call_to(c, "evidence", user, role, "evidence.Stat", &req.base,
                             &hr__evidence__stat_reply__descriptor, arena, (void **)&rep);
    if (e)
        *e = rc ? NULL : rep->evidence;
    return rc;
}

// Waits (real time, bounded) until hr-evidence has learnt the case's people: the case's manager
// reads record id.
static void s_wait_known(e2e_t *c, const char *id, hr_arena_t *arena)
{
    for (int i = 0; i < 200 && s_stat(c, "E0101", id, arena, NULL); i++)
        zclock_sleep(50);
    assert_int_equal(s_stat(c, "E0101", id, arena, NULL), HR_OK);
}

// The case's audit entries (operator) whose action is action and whose detail holds part.
static size_t s_audit_count(e2e_t *c, const char *case_id, const char *action, const char *part,
                            hr_arena_t *arena)
{
    Hr__Evidence__AuditExtractRequest req = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
    req.case_id = (char *)case_id;
    Hr__Evidence__AuditExtractReply *rep = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.AuditExtract", &req.base,
                                 &hr__evidence__audit_extract_reply__descriptor, arena,
                                 (void **)&rep),
                     HR_OK);
    size_t n = 0;
    for (size_t i = 0; i < rep->n_entries; i++)
        n += !strcmp(rep->entries[i]->action, action) && strstr(rep->entries[i]->detail, part);
    return n;
}

static hr_rc_t s_case_as(e2e_t *c, const char *user, const char *case_id, hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    return wfe_call(c, user, NULL, "workflow.GetCase", &req.base,
                    &hr__workflow__case_reply__descriptor, arena, NULL);
}

static void test_a_people_import_moves_who_reads_the_case(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = wfe_start_with_evidence("evidence_privacy_line");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *kase = wfe_open(c, "E0101", "E0116", "A40_2", arena);
    assert_non_null(kase);
    char *path = s_file(c, "medcert.txt", MEDCERT);
    char *id = s_put(c, kase->id, "other", path);
    s_wait_known(c, id, arena);
    // At open the line is E0101, E0100, E0001: E0100 reads it, E0200 does not.
    assert_int_equal(s_get(c, "E0100", id, MEDCERT, NULL), 0);
    assert_int_not_equal(s_get(c, "E0200", id, MEDCERT, NULL), 0);

    // E0101 moves under E0200 (a people import).
    uint64_t applied = wfe_evidence_applied(c, arena);
    static const char *const who[] = {"E0101"}, *const to[] = {"E0200"};
    wfe_import_managers(c, who, to, 1, arena);
    assert_int_equal(wfe_event_count(c, "workflow.CaseLineChanged", arena), 1);
    const Hr__Sys__Event *ev = wfe_event_last(c, "workflow.CaseLineChanged", arena);
    Hr__Workflow__CaseLineChanged *lc = hr__workflow__case_line_changed__unpack(
        hr_arena_pb_allocator(arena), ev->body.len, ev->body.data);
    assert_non_null(lc);
    assert_string_equal(lc->case_id, kase->id);
    assert_int_equal(lc->n_reporting_line, 3);
    assert_string_equal(lc->reporting_line[1], "E0200");
    assert_int_equal(lc->n_previous_line, 3);
    assert_string_equal(lc->previous_line[1], "E0100");
    assert_true(wfe_evidence_wait_applied(c, applied + 1, arena) > applied);
    for (int i = 0; i < 200 && s_stat(c, "E0200", id, arena, NULL); i++)
        zclock_sleep(50); // applied counts every event: wait for this one's effect

    // The workflow: E0100 refused the case, E0200 reads it. Evidence now says the same.
    assert_int_equal(s_case_as(c, "E0100", kase->id, arena), HR_EDENIED);
    assert_int_equal(s_case_as(c, "E0200", kase->id, arena), HR_OK);
    char *err = NULL;
    assert_int_not_equal(s_get(c, "E0100", id, MEDCERT, &err), 0);
    wfe_has("the old superior's refusal", err, "no such evidence");
    hr_free(err);
    assert_int_equal(s_get(c, "E0200", id, MEDCERT, NULL), 0);
    assert_int_equal(s_get(c, "E0101", id, MEDCERT, NULL), 0); // the manager stays
    assert_int_equal(s_get(c, "E0001", id, MEDCERT, NULL), 0); // still on the line
    assert_int_equal(
        s_audit_count(c, kase->id, "case_people", "line moved by a people import", arena), 1);

    // Durable: the line is in the store, and the event is not applied again after a crash.
    e2e_kill(c, "evidence", SIGKILL);
    assert_int_equal(e2e_restart(c, "evidence"), 0);
    assert_int_equal(s_stat(c, "E0100", id, arena, NULL), HR_ENOTFOUND);
    assert_int_equal(s_stat(c, "E0200", id, arena, NULL), HR_OK);
    assert_int_equal(
        s_audit_count(c, kase->id, "case_people", "line moved by a people import", arena), 1);

    // An import that moves nobody's line appends no line event.
    wfe_import_managers(c, who, to, 1, arena);
    assert_int_equal(wfe_event_count(c, "workflow.CaseLineChanged", arena), 1);
    hr_free(id);
    hr_free(path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A refusal of a sensitive record's content: Chinese first, naming who reads it.
static void s_refused_sensitive(e2e_t *c, const char *as, const char *id, const char *text)
{
    char *err = NULL;
    int rc = s_get(c, as, id, text, &err);
    if (!rc)
        fail_msg("%s read the sensitive record %s", as, id);
    wfe_has("the refusal's first line", err, "hrctl evidence get: 该证据已标记为敏感个人信息");
    assert_true(strstr(err, "敏感") < strstr(err, "sensitive")); // Chinese first
    wfe_has("the refusal", err, "only HR, legal, the operator and the employee it concerns");
    wfe_has("the refusal", err, "(edenied)");
    hr_free(err);
}

static void test_a_sensitive_record_is_read_by_hr_legal_and_its_employee(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = wfe_start_with_evidence("evidence_privacy_sensitive");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *kase = wfe_open(c, "E0101", "E0116", "A40_2", arena);
    assert_non_null(kase);
    char *report_path = s_file(c, "report.txt", REPORT);
    char *report = s_put(c, kase->id, "performance_report", report_path);
    s_wait_known(c, report, arena);

    // The manager attaches the sick note, marked sensitive at the put.
    char *cert_path = s_file(c, "病假证明.txt", MEDCERT);
    char *out = NULL, *err = NULL;
    if (s_hrctl(c, "E0101", &out, &err,
                (const char *[]){"case", "attach", kase->id, "--file", cert_path, "--kind", "other",
                                 "--note", "病假证明", "--sensitive", NULL}))
        fail_msg("case attach --sensitive: %s%s", out, err);
    char *cert = strstr(out, "evidence ");
    assert_non_null(cert);
    cert = hr_arena_fmt(arena, "%.64s", cert + strlen("evidence "));
    hr_free(out);
    hr_free(err);

    // Its content: HR and legal, not the manager who put it, nor the superiors.
    s_refused_sensitive(c, "E0101", cert, MEDCERT);
    s_refused_sensitive(c, "E0100", cert, MEDCERT);
    s_refused_sensitive(c, "E0001", cert, MEDCERT);
    assert_int_equal(s_get(c, "E0003", cert, MEDCERT, NULL), 0);
    assert_int_equal(s_get(c, "E0006", cert, MEDCERT, NULL), 0);
    // The employee reads what the README gives them today: not `other`, and nothing before the
    // interview - as a record never stored.
    assert_int_equal(s_stat(c, "E0116", cert, arena, NULL), HR_ENOTFOUND);
    // Nor do they sign it.
    Hr__Evidence__SignRequest sg = HR__EVIDENCE__SIGN_REQUEST__INIT;
    sg.id = cert;
    sg.statement = "已阅";
    assert_int_equal(wfe_call_to(c, "evidence", "E0100", NULL, "evidence.Sign", &sg.base,
                                 &hr__evidence__sign_reply__descriptor, arena, NULL),
                     HR_EDENIED);

    // The uploader sees its metadata; a superior that it exists (id, kind, date) alone.
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(s_stat(c, "E0101", cert, arena, &e), HR_OK);
    assert_true(e->sensitive && e->content_withheld);
    assert_string_equal(e->file_name, "病假证明.txt");
    assert_int_equal(s_stat(c, "E0100", cert, arena, &e), HR_OK);
    assert_true(e->sensitive && e->content_withheld);
    assert_string_equal(e->id, cert);
    assert_string_equal(e->kind, "other");
    assert_true(e->uploaded_ms > 0);
    assert_string_equal(e->file_name, "");
    assert_int_equal(e->size, 0);
    assert_string_equal(e->uploader, "");
    assert_int_equal(s_stat(c, "E0003", cert, arena, &e), HR_OK);
    assert_true(e->sensitive && !e->content_withheld);
    assert_string_equal(e->sensitive_by, "E0101");
    if (s_hrctl(c, "E0100", &out, &err,
                (const char *[]){"evidence", "list", "--case", kase->id, NULL}))
        fail_msg("evidence list as E0100: %s%s", out, err);
    wfe_has("the superior's list", out, cert);
    wfe_has("the superior's list", out, "敏感 / sensitive: ");
    wfe_has("the superior's list", out, "2 record(s)");
    hr_free(out);
    hr_free(err);

    // HR marks the sick-leave list afterwards. Before, the superior reads it; after, not.
    char *list_path = s_file(c, "sicklist.txt", SICKLIST);
    char *sick = s_put(c, kase->id, "attendance_record", list_path);
    assert_int_equal(s_get(c, "E0100", sick, SICKLIST, NULL), 0);
    assert_int_equal(
        s_hrctl(c, "E0101", &out, &err,
                (const char *[]){"evidence", "mark-sensitive", sick, "--reason", "病假记录", NULL}),
        1); // a manager does not mark
    wfe_has("the manager's marking", err, "只有 HR、法务或系统操作员");
    hr_free(out);
    hr_free(err);
    assert_int_equal(
        s_hrctl(c, "E0003", &out, &err, (const char *[]){"evidence", "mark-sensitive", sick, NULL}),
        2); // the reason is required
    hr_free(out);
    hr_free(err);
    if (s_hrctl(c, "E0003", &out, &err,
                (const char *[]){"evidence", "mark-sensitive", sick, "--reason", "病假记录，含诊断",
                                 NULL}))
        fail_msg("mark-sensitive as HR: %s%s", out, err);
    wfe_has("the marking", out, "marked sensitive");
    hr_free(out);
    hr_free(err);
    s_refused_sensitive(c, "E0100", sick, SICKLIST);
    s_refused_sensitive(c, "E0101", sick, SICKLIST);
    assert_int_equal(s_get(c, "E0003", sick, SICKLIST, NULL), 0);
    assert_int_equal(s_get(c, "E0006", sick, SICKLIST, NULL), 0);
    assert_int_equal(s_get(c, "E0100", report, REPORT, NULL), 0); // the rest of the case as before
    if (s_hrctl(c, "E0003", &out, &err,
                (const char *[]){"evidence", "mark-sensitive", sick, "--reason", "again", NULL}))
        fail_msg("mark-sensitive again: %s%s", out, err);
    wfe_has("a second marking", out, "sensitive already");
    hr_free(out);
    hr_free(err);

    // The marking is in the hash chain, once, and the chain verifies.
    assert_int_equal(s_audit_count(c, kase->id, "sensitive", "病假记录，含诊断", arena), 1);
    assert_int_equal(s_audit_count(c, kase->id, "sensitive", "again", arena), 0);
    if (s_hrctl(c, NULL, &out, &err, (const char *[]){"verify", NULL}))
        fail_msg("hrctl verify: %s%s", out, err);
    hr_free(out);
    hr_free(err);

    hr_free(sick);
    hr_free(list_path);
    hr_free(cert_path);
    hr_free(report);
    hr_free(report_path);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_people_import_moves_who_reads_the_case),
        cmocka_unit_test(test_a_sensitive_record_is_read_by_hr_legal_and_its_employee),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
