/*  e2e.workflow_leaver - a manager who left or was replaced keeps nothing of the case, with the
 *  real hr-workflow and hr-evidence (and hrctl).
 *
 *  1. A replaced manager: E0101 opens E0112's case, it escalates to him and his superior, HR
 *     imports a directory without him (his reports under E0102: the import says who the file
 *     leaves out and which case changed hands) and reassigns the case to E0102. E0101 can no
 *     longer withdraw, attach to or read the case, nor read HR's record in hr-evidence; E0102 can.
 *     HR withdraws it: the manager now, the stage's owner and whoever its escalation reached are
 *     told, never E0101.
 *  2. A leaver: people.csv's left_date (checked: a date, not before the hire) records E0101 as
 *     leaving on 2026-11-30; the import names his open case. Before that day he works as before;
 *     from it he reads and does nothing - in the workflow (with the reason) and in hr-evidence,
 *     even his own upload. A later file without the column keeps the day.
 *  3. After the outcome no evidence for the ground is attached (the manager nothing at all, HR
 *     no performance report), while the closing duties' proof is, and proves the duty.
 *  4. A dismissed employee who has left (left_date: the contract's last day) still reads what is
 *     addressed to him - his notice, his certificate, the transfer receipt HR gave as the
 *     transfer duty's proof (kind other), and who read his case - and nothing else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "evidence.pb-c.h"
#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA4 "4444444444444444444444444444444444444444444444444444444444444444"
#define SHA5 "5555555555555555555555555555555555555555555555555555555555555555"
#define SHA6 "6666666666666666666666666666666666666666666666666666666666666666"
#define SHA7 "7777777777777777777777777777777777777777777777777777777777777777"
#define WAIT_TRIES 200 // 50 ms each: hr-evidence follows the workflow's log within a second

// The demo's people file changed line by line: each data row goes through edit (NULL drops
// it), the header through header (when not NULL). Owned text.
typedef char *(s_edit_fn)(const char *row, size_t len);

static char *s_people(s_edit_fn *edit, const char *header_extra)
{
    char *src = hr_test_source_path("deploy/demo/people.csv");
    char *demo = hr_test_read_file(src, NULL);
    hr_free(src);
    assert_non_null(demo);
    char *out = hr_strdup("");
    bool first = true;
    for (const char *p = demo; *p;) {
        size_t len = strcspn(p, "\n");
        char *line = NULL;
        if (first)
            line = hr_strfmt("%.*s%s", (int)len, p, header_extra ? header_extra : "");
        else if (len)
            line = edit(p, len);
        if (line) {
            char *more = hr_strfmt("%s%s\n", out, line);
            hr_free(out);
            out = more;
            hr_free(line);
        }
        first = false;
        p += len;
        if (*p)
            p++;
    }
    hr_free(demo);
    return out;
}

// Without E0101; whoever reported to him reports to E0102 (the demo quotes no field).
static char *s_without_e0101(const char *row, size_t len)
{
    if (!strncmp(row, "E0101,", 6))
        return NULL;
    char *line = hr_strndup(row, len);
    // manager_no is the fourth column
    char *f = line;
    for (int i = 0; i < 3 && f; i++) {
        f = strchr(f, ',');
        f = f ? f + 1 : NULL;
    }
    if (f && !strncmp(f, "E0101,", 6))
        memcpy(f, "E0102", 5);
    return line;
}

static const char *s_left_value;

// E0101's row alone, with a left_date cell.
static char *s_e0101_left(const char *row, size_t len)
{
    if (strncmp(row, "E0101,", 6))
        return NULL;
    return hr_strfmt("%.*s,%s", (int)len, row, s_left_value);
}

static Hr__Workflow__ImportReply *s_import(e2e_t *c, const char *csv, bool dry_run,
                                           hr_arena_t *arena)
{
    Hr__Workflow__ImportPeopleRequest req = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    req.csv.data = (uint8_t *)csv;
    req.csv.len = strlen(csv);
    req.dry_run = dry_run;
    Hr__Workflow__ImportReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ImportPeople", &req.base,
                              &hr__workflow__import_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep;
}

// The import's notice holding part, or fails.
static const char *s_notice(const Hr__Workflow__ImportReply *rep, const char *part)
{
    for (size_t i = 0; i < rep->n_notices; i++)
        if (strstr(rep->notices[i], part))
            return rep->notices[i];
    for (size_t i = 0; i < rep->n_notices; i++)
        fprintf(stderr, "notice: %s\n", rep->notices[i]);
    fail_msg("no import notice holds '%s'", part);
    return NULL;
}

static hr_rc_t s_stat(e2e_t *c, const char *user, const char *id, hr_arena_t *arena)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    return wfe_call_to(c, "evidence", user, "manager", "evidence.Stat", &req.base,
                       &hr__evidence__stat_reply__descriptor, arena, NULL);
}

// Waits until user's Stat of id answers want (hr-evidence follows the log on its own).
static void s_stat_until(e2e_t *c, const char *user, const char *id, hr_rc_t want,
                         hr_arena_t *arena)
{
    hr_rc_t rc = HR_EINVAL;
    for (int i = 0; i < WAIT_TRIES && (rc = s_stat(c, user, id, arena)) != want; i++)
        zclock_sleep(50);
    if (rc != want)
        fail_msg("evidence.Stat %s as %s: %s, want %s", id, user, hr_rc_name(rc), hr_rc_name(want));
}

// hrctl case attach --file as `as` (NULL: the operator): the evidence id.
static char *s_upload(e2e_t *c, const char *id, const char *as, const char *kind, const char *text,
                      hr_arena_t *arena)
{
    char *path = hr_arena_fmt(arena, "%s/%s-%s.txt", e2e_dir(c), kind, as ? as : "operator");
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    const char *args[] = {"case", "attach",           id, "--file", path, "--kind",
                          kind,   as ? "--as" : NULL, as, NULL};
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl case attach: exit %d: %s%s", rc, out, err);
    const char *at = strstr(out, "evidence ");
    if (!at)
        at = strstr(err, "evidence ");
    assert_non_null(at);
    char *ev = hr_arena_strndup(arena, at + 9, 64);
    hr_free(out);
    hr_free(err);
    return ev;
}

static void s_attach_refused(e2e_t *c, const char *user, const char *roles, const char *id,
                             const char *kind, const char *sha, hr_rc_t want, const char *says,
                             hr_arena_t *arena)
{
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = (char *)id;
    at.evidence_id = (char *)sha;
    at.kind = (char *)kind;
    at.sha256 = (char *)sha;
    wfe_case_refused(c, user, roles, "workflow.AttachEvidence", &at.base, arena, want, says);
}

static void s_withdraw(e2e_t *c, const char *user, const char *roles, const char *id, hr_rc_t want,
                       const char *says, hr_arena_t *arena)
{
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = (char *)id;
    wd.reason = "the employee resigned";
    if (want == HR_OK)
        wfe_case_do(c, user, roles, "workflow.WithdrawCase", &wd.base, arena);
    else
        wfe_case_refused(c, user, roles, "workflow.WithdrawCase", &wd.base, arena, want, says);
}

static hr_rc_t s_get(e2e_t *c, const char *user, const char *id, hr_arena_t *arena,
                     const char **message)
{
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)id;
    return wfe_call_msg(c, user, "manager", "workflow.GetCase", &req.base, arena, message);
}

static void test_a_replaced_manager_keeps_nothing_of_the_case(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-leaver-replaced");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0112", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    char *rec = s_upload(c, id, NULL, "other", "HR's note on E0112, e2e.workflow_leaver\n", arena);
    s_stat_until(c, "E0101", rec, HR_OK, arena); // hr-evidence learnt the case's people

    // The request is overdue: level 1 reaches E0101 and his superior E0100.
    wfe_clock_to(c, "2026-12-02", 9, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 1, 20000, arena), 1);

    // 1. E0101 leaves the directory file; his reports go to E0102. Rows overwrite by key, so
    //    he stays - and the import says so, and names the case that changed hands.
    char *csv = s_people(s_without_e0101, NULL);
    Hr__Workflow__ImportReply *rep = s_import(c, csv, false, arena);
    hr_free(csv);
    assert_int_equal(rep->n_errors, 0);
    const char *missing = s_notice(rep, "not in this file");
    wfe_has("missing people", missing, "1 people");
    wfe_has("missing people", missing, "E0101");
    wfe_has("moved case", s_notice(rep, id), "now reports to E0102 (was E0101)");

    // 2. HR hands the case to E0102 (hrctl as the HR person E0003).
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err,
                       (const char *[]){"case", "reassign", id, "--manager", "E0102", "--reason",
                                        "E0101 left", "--as", "E0003", NULL});
    if (rc)
        fail_msg("hrctl case reassign: exit %d: %s%s", rc, out, err);
    hr_free(out);
    hr_free(err);

    // 3. E0101 is outside the case: no withdrawal, no attachment, no reading.
    s_withdraw(c, "E0101", "manager", id, HR_EDENIED, "is not visible to you", arena);
    s_attach_refused(c, "E0101", "manager", id, "performance_report", SHA1, HR_EDENIED,
                     "is not visible to you", arena);
    const char *msg = NULL;
    assert_int_equal(s_get(c, "E0101", id, arena, &msg), HR_EDENIED);
    assert_int_equal(s_get(c, "E0102", id, arena, &msg), HR_OK);
    // ... nor HR's record in hr-evidence, which E0102 now reads.
    s_stat_until(c, "E0102", rec, HR_OK, arena);
    s_stat_until(c, "E0101", rec, HR_ENOTFOUND, arena);
    wfe_attach(c, "E0102", "manager", id, "performance_report", SHA1, arena);

    // 4. HR withdraws it: the manager now (who owns the request stage) and whoever its
    //    escalation reached on his line are told, and the HR head; never E0101 nor E0112.
    s_withdraw(c, "E0003", "hr", id, HR_OK, NULL, arena);
    char *told = wfe_told(c, id, "case_withdrawn", false, arena);
    for (size_t i = 0; i < 3; i++) {
        const char *want[] = {"E0102", "E0100", "E0002"};
        if (!wfe_told_to(told, want[i]))
            fail_msg("case_withdrawn told '%s', not %s", told, want[i]);
    }
    assert_false(wfe_told_to(told, "E0101"));
    assert_false(wfe_told_to(told, "E0112"));
    assert_false(wfe_told_to(told, "E0003")); // who withdrew it knows

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static void test_a_leaver_reads_and_does_nothing_from_their_day(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-leaver-left");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0113", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    char *hrs = s_upload(c, id, NULL, "other", "HR's note on E0113, e2e.workflow_leaver\n", arena);
    s_stat_until(c, "E0101", hrs, HR_OK, arena); // hr-evidence learnt the case's people
    char *own = s_upload(c, id, "E0101", "performance_report",
                         "E0113's 2026 review by E0101, e2e.workflow_leaver\n", arena);
    s_stat_until(c, "E0101", own, HR_OK, arena);

    // 1. left_date is checked: a date, not before the hire (E0101: 2017-08-21).
    s_left_value = "2026-11-31";
    char *csv = s_people(s_e0101_left, ",left_date");
    Hr__Workflow__ImportReply *rep = s_import(c, csv, true, arena);
    hr_free(csv);
    assert_int_equal(rep->n_errors, 1);
    assert_string_equal(rep->errors[0]->column, "left_date");
    s_left_value = "2017-08-20";
    csv = s_people(s_e0101_left, ",离职日期");
    rep = s_import(c, csv, true, arena);
    hr_free(csv);
    assert_int_equal(rep->n_errors, 1);
    wfe_has("left before hire", rep->errors[0]->message, "before the hire date 2017-08-21");

    // 2. He leaves on Monday 2026-11-30: the import names the case he manages.
    s_left_value = "2026-11-30";
    csv = s_people(s_e0101_left, ",left_date");
    rep = s_import(c, csv, false, arena);
    hr_free(csv);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(rep->imported, 1);
    wfe_has("leaver's case", s_notice(rep, id), "its manager E0101 leaves on 2026-11-30");
    // Until then he works: reads his case and his record.
    const char *msg = NULL;
    assert_int_equal(s_get(c, "E0101", id, arena, &msg), HR_OK);
    assert_int_equal(s_stat(c, "E0101", own, arena), HR_OK);

    // 3. From that day: nothing, with the reason, in both services.
    wfe_clock_to(c, "2026-11-30", 8, arena);
    assert_int_equal(s_get(c, "E0101", id, arena, &msg), HR_EDENIED);
    wfe_has("leaver's read", msg, "E0101 left on 2026-11-30");
    s_withdraw(c, "E0101", "manager", id, HR_EDENIED, "left on 2026-11-30", arena);
    s_attach_refused(c, "E0101", "manager", id, "performance_report", SHA1, HR_EDENIED,
                     "left on 2026-11-30", arena);
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *list = NULL;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_cases, 0);
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0114";
    op.ground = "A40_2";
    op.reason = "e2e";
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.OpenCase", &op.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    // Not even his own upload: a leaver reads only what is addressed to him as the employee
    // concerned (test_a_dismissed_employee_who_left_keeps_their_papers), and to anyone who may
    // not read a record it is one never stored.
    s_stat_until(c, "E0101", own, HR_ENOTFOUND, arena);
    char *out = NULL, *err = NULL;
    assert_int_not_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "get", own, "--as", "E0101", NULL}),
        0);
    hr_free(out);
    hr_free(err);
    // No case is handed to someone who has left (here: back to him).
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = id;
    ra.manager_no = "E0101";
    ra.reason = "back to the manager who left";
    wfe_case_refused(c, "E0003", "hr", "workflow.ReassignCase", &ra.base, arena, HR_EINVAL,
                     "E0101 left on 2026-11-30");
    // HR and the rest of the line are untouched.
    assert_int_equal(s_get(c, "E0100", id, arena, &msg), HR_OK);
    assert_int_equal(s_stat(c, "E0100", own, arena), HR_OK);

    // 4. A later file without the column keeps the day (the demo's own file).
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_int_equal(s_get(c, "E0101", id, arena, &msg), HR_EDENIED);
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0101";
    Hr__Workflow__GetPersonReply *person = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&person),
                     HR_OK);
    assert_string_equal(person->person->left_date, "2026-11-30");
    assert_int_equal(e2e_hrctl(c, &out, &err,
                               (const char *[]){"person", "show", "E0101", "--as", "E0003", NULL}),
                     0);
    wfe_has("hrctl person show", out, "left             2026-11-30 (reads and does nothing");
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

static void test_no_evidence_for_the_ground_after_the_outcome(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-leaver-outcome");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_reviewed_demo(c, arena);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    wfe_clock_to(c, "2026-12-01", 11, arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    // Before the outcome the manager still adds to the record.
    wfe_attach(c, "E0101", "manager", id, "performance_report", SHA4, arena);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA5, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = SHA5;
    wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);

    // The outcome is recorded: the manager attaches nothing, HR nothing for the ground.
    s_attach_refused(c, "E0101", "manager", id, "performance_report", SHA6, HR_ECONFLICT,
                     "only HR attaches now", arena);
    s_attach_refused(c, "E0003", "hr", id, "performance_report", SHA6, HR_ECONFLICT,
                     "the facts were decided at HR review, so no performance_report", arena);
    s_attach_refused(c, NULL, NULL, id, "assessment_result", SHA6, HR_ECONFLICT,
                     "no assessment_result is attached after it", arena);
    // The closing duties' proof is attached as before, and proves the duty.
    wfe_attach(c, "E0003", "hr", id, "termination_certificate", SHA6, arena);
    wfe_attach(c, "E0003", "hr", id, "other", SHA7, arena); // the file's transfer receipt
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);
    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "certificate";
    du.evidence_id = SHA6;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena);
    assert_string_equal(wfe_step(rep->case_, "certificate")->evidence_id, SHA6);
    Hr__Workflow__Case *now = wfe_get(c, id, arena);
    assert_int_equal(now->n_evidence, 7);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

// ListCaseReads of case id as user: the reply, or NULL with the refusal in *message.
static Hr__Workflow__ListCaseReadsReply *s_reads(e2e_t *c, const char *user, const char *id,
                                                 hr_arena_t *arena, hr_rc_t *rc)
{
    Hr__Workflow__ListCaseReadsRequest req = HR__WORKFLOW__LIST_CASE_READS_REQUEST__INIT;
    req.case_id = (char *)id;
    Hr__Workflow__ListCaseReadsReply *rep = NULL;
    *rc = wfe_call(c, user, "employee", "workflow.ListCaseReads", &req.base,
                   &hr__workflow__list_case_reads_reply__descriptor, arena, (void **)&rep);
    return *rc ? NULL : rep;
}

// The dismissed employee who has left keeps what is addressed to them: their notice, their
// Art. 50 certificate, the file's and social insurance's transfer receipt HR gave as the
// transfer duty's proof (kind other: of that kind nothing else), and who read their case -
// from their last day on, when the year to bring arbitration starts (LDMAL Art. 27).
static void test_a_dismissed_employee_who_left_keeps_their_papers(void **state)
{
    HR_UNUSED(state);
    static const char *const sha[4] = {
        SHA1, "2222222222222222222222222222222222222222222222222222222222222222",
        "3333333333333333333333333333333333333333333333333333333333333333", SHA4};
    e2e_t *c = wfe_start_with_evidence("wf-leaver-papers");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = wfe_a39_1_at_close(c, sha, "2026-12-04", arena);
    char *notice = s_upload(c, id, NULL, "notice_letter", "E0117's notice, e2e\n", arena);
    char *cert = s_upload(c, id, NULL, "termination_certificate", "E0117's certificate\n", arena);
    char *receipt = s_upload(c, id, NULL, "other", "E0117's file transfer receipt\n", arena);
    char *ems = s_upload(c, id, NULL, "other", "EMS receipt of the notice\n", arena);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);
    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = id;
    du.key = "certificate";
    du.evidence_id = cert;
    wfe_case_do(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena);
    // Before he leaves: his papers, not the company's other papers (the transfer is done once
    // the contract has ended, LCL 50: its receipt is not his yet).
    s_stat_until(c, "E0117", cert, HR_OK, arena);
    assert_int_equal(s_stat(c, "E0117", notice, arena), HR_OK);
    assert_int_equal(s_stat(c, "E0117", receipt, arena), HR_ENOTFOUND);
    assert_int_equal(s_stat(c, "E0117", ems, arena), HR_ENOTFOUND);
    hr_rc_t rc = HR_OK;
    assert_non_null(s_reads(c, "E0117", id, arena, &rc));

    // His last day (the contract's end) recorded and passed, the transfer done with its
    // receipt: from then he still reads them, and who read his case; nothing else, and he does
    // nothing.
    uint64_t applied = wfe_evidence_applied(c, arena);
    wfe_import_left(c, "E0117", "2026-12-04", arena);
    wfe_clock_to(c, "2026-12-05", 9, arena);
    // hr-evidence learns it from the workflow's RolesChanged, which it may poll for.
    assert_true(wfe_evidence_wait_applied(c, applied + 1, arena) > applied);
    du.key = "transfer";
    du.evidence_id = receipt;
    wfe_case_do(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena);
    s_stat_until(c, "E0117", receipt, HR_OK, arena);
    assert_int_equal(s_stat(c, "E0117", notice, arena), HR_OK);
    assert_int_equal(s_stat(c, "E0117", cert, arena), HR_OK);
    assert_int_equal(s_stat(c, "E0117", receipt, arena), HR_OK);
    assert_int_equal(s_stat(c, "E0117", ems, arena), HR_ENOTFOUND);
    char *out = NULL, *err = NULL;
    if (e2e_hrctl(c, &out, &err,
                  (const char *[]){"evidence", "get", cert, "--case", id, "--as", "E0117", NULL}))
        fail_msg("hrctl evidence get as the leaver: %s%s", out, err);
    wfe_has("the certificate", out, "E0117's certificate");
    hr_free(out);
    hr_free(err);
    if (e2e_hrctl(c, &out, &err,
                  (const char *[]){"evidence", "list", "--case", id, "--as", "E0117", NULL}))
        fail_msg("hrctl evidence list as the leaver: %s%s", out, err);
    wfe_has("the list", out, "termination_certificate");
    wfe_has("the list", out, "notice_letter");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__ListCaseReadsReply *reads = s_reads(c, "E0117", id, arena, &rc);
    assert_int_equal(rc, HR_OK);
    assert_non_null(reads);
    reads = s_reads(c, "E0117", id, arena, &rc); // his own read is in it, by his id
    assert_non_null(reads);
    assert_true(reads->n_reads > 0);
    assert_string_equal(reads->reads[0]->reader, "E0117");
    assert_string_equal(reads->reads[0]->role, "employee");
    // He reads the log of no other case, and the case itself no more than before.
    const char *msg = NULL;
    assert_int_equal(s_get(c, "E0117", id, arena, &msg), HR_EDENIED);
    wfe_has("leaver's read", msg, "E0117 left on 2026-12-04");
    Hr__Workflow__Case *other = wfe_open(c, "E0101", "E0113", "A40_2", arena);
    assert_non_null(other);
    assert_null(s_reads(c, "E0117", other->id, arena, &rc));
    assert_int_equal(rc, HR_EDENIED);
    // A signature is an act: refused.
    if (!e2e_hrctl(c, &out, &err,
                   (const char *[]){"evidence", "sign", cert, "--statement", "已收到", "--as",
                                    "E0117", NULL}))
        fail_msg("hrctl evidence sign as the leaver was taken: %s%s", out, err);
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_replaced_manager_keeps_nothing_of_the_case),
        cmocka_unit_test(test_a_leaver_reads_and_does_nothing_from_their_day),
        cmocka_unit_test(test_no_evidence_for_the_ground_after_the_outcome),
        cmocka_unit_test(test_a_dismissed_employee_who_left_keeps_their_papers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
