/*  e2e.workflow_reads - who read a dismissal case, through the real hr-workflow and hrctl.
 *
 *  E0117's Art. 39(1) case is reviewed lawful. Its manager (E0101) and their superior (E0100)
 *  read it over the wire, HR (E0003) with `hrctl case show --as`, legal (E0006) has the notice
 *  made with `hrctl case document --as`: four entries in the case's read log, newest first,
 *  each with its reader, what they read it as (manager, superior, hr, legal), the route and
 *  what. The operator's reads (hrctl without --as, the test's own GetCase) leave none; a manager
 *  of another department and the employee are refused the case, and their attempts are not in
 *  its log (anyone could fill it) but in the daemon's log by id (case.denied). The log itself
 *  is HR's and legal's: the manager is refused it, and so is the employee until the interview
 *  is scheduled - then E0117 reads who read their case (PIPL Art. 45), HR's own look at the log
 *  included. With the disk full (the platform's test/commit_full hook) HR still reads the case:
 *  the entry that could not be written is counted (reads_unrecorded=1 in sys.Status) and
 *  logged with the ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#include <jansson.h>
#include <unistd.h>

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

// Runs hrctl and fails the test unless it exits `want`; its stdout, stderr after it (owned).
static char *s_hrctl(e2e_t *c, int want, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, want %d: %s%s", args[0], args[1], rc, want, out, err);
    char *both = hr_strfmt("%s%s", out, err);
    hr_free(out);
    hr_free(err);
    return both;
}

static hr_rc_t s_get(e2e_t *c, const char *user, const char *roles, const char *id,
                     hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)id;
    return wfe_call(c, user, roles, "workflow.GetCase", &req.base,
                    &hr__workflow__case_reply__descriptor, arena, NULL);
}

// The case's read log as `user` (the operator when NULL): its reply, or NULL when refused with
// *rc saying how.
static Hr__Workflow__ListCaseReadsReply *s_reads(e2e_t *c, const char *user, const char *roles,
                                                 const char *id, hr_arena_t *arena, hr_rc_t *rc)
{
    Hr__Workflow__ListCaseReadsRequest req = HR__WORKFLOW__LIST_CASE_READS_REQUEST__INIT;
    req.case_id = (char *)id;
    Hr__Workflow__ListCaseReadsReply *rep = NULL;
    *rc = wfe_call(c, user, roles, "workflow.ListCaseReads", &req.base,
                   &hr__workflow__list_case_reads_reply__descriptor, arena, (void **)&rep);
    return *rc ? NULL : rep;
}

// Fails unless entry i of the JSON read log is by reader, as role, on route, and its detail
// holds detail.
static void s_entry(json_t *reads, size_t i, const char *reader, const char *role,
                    const char *route, const char *detail)
{
    json_t *r = json_array_get(reads, i);
    if (!r)
        fail_msg("read log: no entry %zu", i);
    const char *got_reader = json_string_value(json_object_get(r, "reader"));
    const char *got_role = json_string_value(json_object_get(r, "role"));
    const char *got_route = json_string_value(json_object_get(r, "route"));
    const char *got_detail = json_string_value(json_object_get(r, "detail"));
    if (!got_reader || strcmp(got_reader, reader) || !got_role || strcmp(got_role, role) ||
        !got_route || strcmp(got_route, route) || !got_detail || !strstr(got_detail, detail))
        fail_msg("read log entry %zu: %s as %s, %s: %s; want %s as %s, %s: %s", i,
                 got_reader ? got_reader : "-", got_role ? got_role : "-",
                 got_route ? got_route : "-", got_detail ? got_detail : "-", reader, role, route,
                 detail);
    if (json_integer_value(json_object_get(r, "at_ms")) <= 0)
        fail_msg("read log entry %zu: no time", i);
}

// The daemon's sys.Status line that starts with key, or NULL.
static const char *s_status_line(e2e_t *c, const char *key, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    Hr__Sys__StatusReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "sys.Status", &req.base,
                              &hr__sys__status_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    for (size_t i = 0; i < rep->n_extra; i++)
        if (!strncmp(rep->extra[i], key, strlen(key)))
            return rep->extra[i];
    return NULL;
}

static char *s_log(e2e_t *c)
{
    char *path = hr_strfmt("%s/log/workflow.log", e2e_dir(c));
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    assert_non_null(text);
    return text;
}

static void test_who_read_a_case(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-reads");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    char *full = hr_strfmt("%s/disk-full", e2e_dir(c));
    e2e_config(c, "workflow", "test/commit_full", full); // full while the file exists
    const char *const svcs[] = {"workflow", "evidence", NULL};
    wfe_config_evidence(c);
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    wfe_a39_1_reviewed(c, id, sha, "e2e: the facts and reasons HR states for the notice", arena);
    hr_rc_t rc = HR_OK;
    Hr__Workflow__ListCaseReadsReply *rep = s_reads(c, NULL, NULL, id, arena, &rc);
    assert_int_equal(rc, HR_OK);
    assert_int_equal(rep->total, 0); // opened, attached, submitted, reviewed: actions, no reads

    // 1. Four people read it, each their way; the operator twice, unrecorded.
    assert_int_equal(s_get(c, "E0101", "manager", id, arena), HR_OK);
    assert_int_equal(s_get(c, "E0100", "manager", id, arena), HR_OK);
    const char *show_hr[] = {"case", "show", id, "--as", "E0003", NULL};
    char *out = s_hrctl(c, 0, show_hr);
    hr_free(out);
    const char *notice_legal[] = {"case", "document", id, "notice", "--as", "E0006", NULL};
    out = s_hrctl(c, 0, notice_legal);
    wfe_has("case document notice as E0006", out, "E0117");
    hr_free(out);
    const char *show_op[] = {"case", "show", id, NULL};
    out = s_hrctl(c, 0, show_op);
    hr_free(out);
    assert_int_equal(s_get(c, NULL, NULL, id, arena), HR_OK);
    // ... and a manager of another department and the employee are refused it.
    assert_int_equal(s_get(c, "E0201", "manager", id, arena), HR_EDENIED);
    assert_int_equal(s_get(c, "E0117", "employee,hr", id, arena), HR_EDENIED);

    // ... and the case's evidence: HR puts a record, the manager downloads it (once hr-evidence
    // has learnt the case from the workflow's log).
    char *file = hr_strfmt("%s/memo.txt", e2e_dir(c));
    assert_int_equal(hr_test_write_file(file, "memo of the talk on 2026-11-20\n", 31), 0);
    const char *put[] = {"evidence", "put", file, "--case", id, "--kind", "other", NULL};
    out = s_hrctl(c, 0, put);
    char rec[65]; // a SHA-256 in hex
    snprintf(rec, sizeof rec, "%.64s", out);
    hr_free(out);
    hr_free(file);
    const char *get_mgr[] = {"evidence", "get", rec, "--as", "E0101", NULL};
    int got = 1;
    for (int i = 0; i < 100 && got; i++) {
        char *o = NULL, *e = NULL;
        got = e2e_hrctl(c, &o, &e, get_mgr);
        hr_free(o);
        hr_free(e);
        if (got)
            zclock_sleep(100);
    }
    assert_int_equal(got, 0);

    // 2. HR reads who read it: newest first, with role, route and what; the operator's reads
    //    and the refused attempts are not there (those are in the daemon's log, by id). The
    //    evidence reads follow, from hr-evidence's audit chain.
    const char *reads_hr[] = {"case", "reads", id, "--as", "E0003", "--json", NULL};
    out = s_hrctl(c, 0, reads_hr);
    json_error_t jerr;
    json_t *log = json_loads(out, 0, &jerr);
    if (!log)
        fail_msg("case reads --json: %s: %s", jerr.text, out);
    hr_free(out);
    json_t *ev_reads = json_object_get(log, "evidence_reads");
    assert_true(json_is_array(ev_reads));
    // The operator's put is no read; HR's `case show` listed the case's records (with their
    // signatures) through hr-evidence, as HR: that list is a read, the oldest.
    if (json_array_size(ev_reads) != 2)
        fail_msg("evidence_reads: %s", json_dumps(ev_reads, 0));
    json_t *listed = json_array_get(ev_reads, 1);
    assert_string_equal(json_string_value(json_object_get(listed, "reader")), "E0003");
    assert_string_equal(json_string_value(json_object_get(listed, "action")), "list");
    json_t *ev_read = json_array_get(ev_reads, 0);
    assert_string_equal(json_string_value(json_object_get(ev_read, "reader")), "E0101");
    assert_string_equal(json_string_value(json_object_get(ev_read, "action")), "get");
    assert_string_equal(json_string_value(json_object_get(ev_read, "evidence_id")), rec);
    json_t *reads = json_object_get(log, "reads");
    assert_int_equal(json_array_size(reads), 4);
    assert_int_equal(json_integer_value(json_object_get(log, "total")), 4);
    s_entry(reads, 0, "E0006", "legal", "workflow.RenderDocument", "notice zh");
    s_entry(reads, 1, "E0003", "hr", "workflow.GetCase", "case, history");
    s_entry(reads, 2, "E0100", "superior", "workflow.GetCase", "(amounts hidden)");
    s_entry(reads, 3, "E0101", "manager", "workflow.GetCase", "(amounts hidden)");
    json_decref(log);
    char *dlog = s_log(c);
    wfe_has("workflow log", dlog, hr_arena_fmt(arena, "case.denied case=%s user=E0201", id));
    wfe_has("workflow log", dlog, hr_arena_fmt(arena, "case.denied case=%s user=E0117", id));
    hr_free(dlog);

    // 3. The text form, a page at a time; legal reads it too.
    const char *page[] = {"case", "reads", id, "--max", "2", "--as", "E0006", NULL};
    out = s_hrctl(c, 0, page);
    wfe_has("case reads --max 2", out, "5 reads recorded"); // 4, and HR's look at the log
    wfe_has("case reads --max 2", out, "workflow.ListCaseReads");
    wfe_has("case reads --max 2", out, hr_arena_fmt(arena, "hrctl case reads %s --before", id));
    wfe_has("case reads --max 2", out, "2 reads in hr-evidence's audit chain");
    wfe_has("case reads --max 2", out,
            hr_arena_fmt(arena, "E0101      manager   get     %.12s", rec));
    hr_free(out);

    // 4. The manager and the superior read the case, not who else read it; the employee not
    //    before the case has reached them.
    const char *reads_mgr[] = {"case", "reads", id, "--as", "E0101", NULL};
    out = s_hrctl(c, 1, reads_mgr);
    wfe_has("case reads as the manager", out, "shown to HR, legal and the employee concerned");
    hr_free(out);
    assert_null(s_reads(c, "E0100", "manager", id, arena, &rc));
    assert_int_equal(rc, HR_EDENIED);
    const char *reads_emp[] = {"case", "reads", id, "--as", "E0117", NULL};
    out = s_hrctl(c, 1, reads_emp);
    wfe_has("case reads as the employee, before", out, "once the case has reached them");
    hr_free(out);

    // 5. HR schedules the interview: E0117 is invited, and reads who read their case.
    Hr__Workflow__PrepareCaseRequest prep = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    prep.case_id = id;
    prep.date = "2026-12-03";
    prep.time = "10:00";
    prep.place = "Room 3";
    wfe_case_do(c, "E0002", "hr,hr_head", "workflow.PrepareCase", &prep.base, arena);
    out = s_hrctl(c, 0, reads_emp);
    wfe_has("case reads as the employee", out, "E0101");
    wfe_has("case reads as the employee", out, "E0006");
    wfe_has("case reads as the employee", out, "legal");
    hr_free(out);
    rep = s_reads(c, "E0003", "hr", id, arena, &rc);
    assert_int_equal(rc, HR_OK);
    assert_int_equal(rep->total, 7);                     // 5, legal's page, the employee's look
    assert_string_equal(rep->reads[0]->reader, "E0117"); // their own look is recorded too
    assert_string_equal(rep->reads[0]->role, "employee");

    // 6. Lists: one entry per call, whose and what it showed; the operator's none. The lists'
    //    log is HR's and legal's.
    Hr__Workflow__ListCasesRequest lreq = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.ListCases", &lreq.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, NULL),
                     HR_OK);
    lreq.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    assert_int_equal(wfe_call(c, "E0006", "legal", "workflow.ListCases", &lreq.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, NULL),
                     HR_OK);
    const char *list_op[] = {"case", "list", NULL};
    out = s_hrctl(c, 0, list_op);
    hr_free(out);
    const char *lists_hr[] = {"case", "reads", "--lists", "--as", "E0003", NULL};
    out = s_hrctl(c, 0, lists_hr);
    wfe_has("case reads --lists", out, "case lists: 2 recorded");
    wfe_has("case reads --lists", out, hr_arena_fmt(arena, "%s .. %s", id, id));
    char *legal_line = strstr(out, "E0006");
    assert_non_null(legal_line);
    wfe_has("case reads --lists, legal's line", legal_line, "legal    open");
    char *mgr_line = strstr(out, "E0101");
    assert_non_null(mgr_line);
    wfe_has("case reads --lists, the manager's line", mgr_line, "own      all       1");
    hr_free(out);
    const char *lists_mgr[] = {"case", "reads", "--lists", "--as", "E0101", NULL};
    out = s_hrctl(c, 1, lists_mgr);
    wfe_has("case reads --lists as the manager", out, "HR and legal only");
    hr_free(out);

    // 7. The disk is full: HR still reads the case; the entry is counted and logged, not kept.
    wfe_has("sys.Status", s_status_line(c, "reads_recorded=", arena), "reads_unrecorded=0");
    assert_int_equal(hr_test_write_file(full, "", 0), 0);
    assert_int_equal(s_get(c, "E0003", "hr", id, arena), HR_OK);
    assert_int_equal(unlink(full), 0);
    wfe_has("sys.Status", s_status_line(c, "reads_recorded=", arena), "reads_unrecorded=1");
    dlog = s_log(c);
    wfe_has("workflow log", dlog,
            hr_arena_fmt(arena, "case.read_unrecorded case=%s reader=E0003", id));
    hr_free(dlog);
    rep = s_reads(c, NULL, NULL, id, arena, &rc);
    assert_int_equal(rc, HR_OK);
    assert_int_equal(rep->total, 8); // 7, and HR's look in step 5; not the read that was lost
    assert_string_equal(rep->reads[0]->route, "workflow.ListCaseReads");

    hr_arena_destroy(&arena);
    hr_free(full);
    hr_free(docs);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_read_a_case),
    };
    return cmocka_run_group_tests_name("e2e.workflow_reads", tests, NULL, NULL);
}
