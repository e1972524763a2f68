/*  e2e.workflow_tell - what the workflow tells people and shows them, through the real daemons.
 *
 *  Money (hr-workflow alone, on a fixed calendar): the reference case reviewed lawful; its
 *  manager and the manager's superior read the case (workflow.GetCase) without the wage-derived
 *  amounts (money_hidden), HR and the operator with them; `hrctl case show --as E0101` says
 *  "visible to HR only" and its --json has no wage_base_fen; a dispute's amount likewise, in the
 *  history note too. Closed with the certificate overdue: `hrctl case list` shows the duty, its
 *  due time in company time (UTC+08:00, the deadline at the day's end as 24:00) and its level.
 *
 *  Telling (hr-workflow, hr-notify, hr-evidence, aiosmtpd, an HTTP SMS gateway): a review that
 *  leaves out attached evidence without a note is refused naming it; with HR's note, the request
 *  returned for evidence missing reaches the manager by email with the note, each finding's
 *  article and what to attach, and what is attached but not accepted by HR, by SMS with a count
 *  (the A40_2 requests carry three feedback talks their
 *  employee signed in hr-evidence, as the demo template's rule wants); a request returned for a
 *  protected employee (pregnant, Art. 42 against an Art. 40 ground) tells the manager it can
 *  only be withdrawn or waited out, never which protection, tells HR once with it, and is not
 *  escalated while the control case is, whose English-reading owner and Chinese-reading superior
 *  each get the escalation in their own language; a case withdrawn after its interview was
 *  scheduled tells HR (who was invited) of the withdrawal, naming the stage by its title, and the
 *  employee only that the meeting is off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define WAIT_MS 25000

static int64_t s_local(const char *date, int hh)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return hr_ms_of_day(day, HR_TZ_SHANGHAI_MIN) + hh * HR_HOUR_MS;
}

// A person's call claims every role (roles NULL): the directory decides which count, as it does
// for a logged-in user - a manager claiming hr and legal still reads no wages.
static Hr__Workflow__CaseReply *s_do(e2e_t *c, const char *user, const char *roles,
                                     const char *type, const ProtobufCMessage *req,
                                     hr_arena_t *arena, hr_rc_t want)
{
    Hr__Workflow__CaseReply *rep = NULL;
    if (user && !roles)
        roles = "hr,hr_head,legal,manager";
    hr_rc_t rc = wfe_call(c, user, roles, type, req, &hr__workflow__case_reply__descriptor, arena,
                          (void **)&rep);
    if (rc != want)
        fail_msg("%s as %s: %s, want %s", type, user ? user : "operator", hr_rc_name(rc),
                 hr_rc_name(want));
    return rep;
}

static void s_attach(e2e_t *c, const char *user, const char *id, const char *kind, const char *sha,
                     hr_arena_t *arena)
{
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = (char *)id;
    at.evidence_id = (char *)sha;
    at.kind = (char *)kind;
    at.sha256 = (char *)sha;
    s_do(c, user, NULL, "workflow.AttachEvidence", &at.base, arena, HR_OK);
}

static Hr__Workflow__Case *s_get_as(e2e_t *c, const char *user, const char *roles, const char *id,
                                    hr_arena_t *arena)
{
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = (char *)id;
    return s_do(c, user, roles, "workflow.GetCase", &get.base, arena, HR_OK)->case_;
}

// Opens manager's case on employee (ground), attaches what the submission needs and submits it.
static char *s_submitted(e2e_t *c, const char *manager, const char *employee, const char *ground,
                         hr_arena_t *arena)
{
    Hr__Workflow__Case *cs = wfe_open(c, manager, employee, ground, arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    if (!strcmp(ground, "A39_1")) {
        s_attach(c, manager, id, "hiring_conditions", SHA1, arena);
        s_attach(c, manager, id, "rule_acknowledgement", SHA2, arena);
        s_attach(c, manager, id, "assessment_result", SHA3, arena);
    } else { // A40_2
        s_attach(c, manager, id, "rule_document", SHA1, arena);
        s_attach(c, manager, id, "performance_report", SHA2, arena);
        s_attach(c, manager, id, "training_record", SHA3, arena);
        // The demo template's company rule: three feedback talks the employee signed before an
        // A40_2 request (in hr-evidence).
        wfe_talks(c, cs, 3, 3, arena);
    }
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(s_do(c, manager, NULL, "workflow.SubmitCase", &sub.base, arena, HR_OK)->accepted);
    return id;
}

// HR (E0003) reviews the A39_1 case: all three facts confirmed (lawful) or only the first; the
// notice and the contract's end on `day` (NULL: the review's defaults, from today); HR's note
// (NULL: none).
static Hr__Workflow__CaseReply *s_review(e2e_t *c, const char *id, bool all, const char *day,
                                         const char *note, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = (char *)id;
    if (note)
        rv.note = (char *)note;
    if (day) {
        rv.notice_date = (char *)day;
        rv.effective_date = (char *)day;
    }
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    rv.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena);
    rv.n_facts = all ? 3 : 1;
    return s_do(c, "E0003", NULL, "workflow.ReviewCase", &rv.base, arena, HR_OK);
}

static void s_prepare(e2e_t *c, const char *id, const char *date, hr_arena_t *arena)
{
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = (char *)id;
    pr.date = (char *)date;
    pr.time = "10:00";
    pr.place = "Room 301";
    s_do(c, "E0003", NULL, "workflow.PrepareCase", &pr.base, arena, HR_OK);
}

static char *s_hrctl(e2e_t *c, int want, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, want %d\n%s%s", args[0], args[1], rc, want, out ? out : "",
                 err ? err : "");
    hr_free(err);
    return out;
}

static void test_the_manager_reads_no_money_and_hr_reads_company_time(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-tell-money");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_submitted(c, "E0101", "E0117", "A39_1", arena);
    Hr__Workflow__CaseReply *rep = s_review(c, id, true, "2026-12-01", NULL, arena);
    assert_true(rep->accepted);
    assert_false(rep->case_->money_hidden); // HR reads its review's money
    assert_true(rep->case_->assessment->unlawful_compensation_fen > 0);

    // The route: the manager and their superior read the verdict, not the amounts.
    const char *readers[] = {"E0101", "E0100"};
    for (size_t i = 0; i < HR_ARRAY_LEN(readers); i++) {
        Hr__Workflow__Case *cs = s_get_as(c, readers[i], NULL, id, arena);
        assert_true(cs->money_hidden);
        assert_true(cs->assessment->lawful);
        assert_int_equal(cs->assessment->unlawful_compensation_fen, 0);
        assert_int_equal(cs->assessment->wage_base_fen, 0);
        assert_int_equal(cs->assessment->severance_fen, 0);
        assert_int_equal(cs->assessment->notice_pay_fen, 0);
    }
    Hr__Workflow__Case *cs = s_get_as(c, "E0002", NULL, id, arena);
    assert_false(cs->money_hidden);
    int64_t exposure = cs->assessment->unlawful_compensation_fen;
    assert_true(exposure > 0 && cs->assessment->wage_base_fen == 1800000);
    cs = s_get_as(c, NULL, NULL, id, arena); // the operator
    assert_int_equal(cs->assessment->unlawful_compensation_fen, exposure);

    // hrctl, as the manager: the verdict, the amounts named as HR's; --json without them.
    const char *show_mgr[] = {"case", "show", id, "--as", "E0101", NULL};
    char *out = s_hrctl(c, 0, show_mgr);
    if (!strstr(out, "\n评估：合法；经济补偿、代通知金、违法解除或终止劳动合同的赔偿金（2N）：仅 "
                     "HR 可见；劳动合同解除或终止之日 ") ||
        !strstr(out,
                "\nassessment: lawful; severance, notice pay, 2N exposure: visible to HR only") ||
        strstr(out, " yuan"))
        fail_msg("hrctl case show --as E0101:\n%s", out);
    hr_free(out);
    const char *json_mgr[] = {"case", "show", id, "--as", "E0101", "--json", NULL};
    out = s_hrctl(c, 0, json_mgr);
    if (strstr(out, "wage_base_fen") || strstr(out, "unlawful_compensation_fen") ||
        strstr(out, "severance_fen") || !strstr(out, "\"money_hidden\": true"))
        fail_msg("hrctl case show --as E0101 --json:\n%s", out);
    hr_free(out);
    const char *show_op[] = {"case", "show", id, NULL};
    out = s_hrctl(c, 0, show_op);
    char *want = hr_strfmt("2N exposure %lld.%02lld yuan", (long long)(exposure / 100),
                           (long long)(exposure % 100));
    if (!strstr(out, want) || strstr(out, "visible to HR only"))
        fail_msg("hrctl case show (operator), want '%s':\n%s", want, out);
    hr_free(want);
    hr_free(out);

    // On to the close: the interview that day, the notice served, the case closed.
    s_prepare(c, id, "2026-12-01", arena);
    wfe_clock_to(c, "2026-12-01", 11, arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    s_do(c, "E0003", NULL, "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    s_do(c, "E0101", NULL, "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    s_attach(c, "E0003", id, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = SHA4;
    s_do(c, "E0003", NULL, "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    s_do(c, "E0003", NULL, "workflow.CloseCase", &cl.base, arena, HR_OK);

    // A dispute's amount is a wage-derived figure too: HR's, also in the history note.
    Hr__Workflow__RecordDisputeRequest dr = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.filed_date = "2026-12-01";
    d.result = "employee_won";
    d.amount_fen = 20800000;
    dr.case_id = id;
    dr.dispute = &d;
    s_do(c, "E0003", NULL, "workflow.RecordDispute", &dr.base, arena, HR_OK);
    cs = s_get_as(c, "E0101", NULL, id, arena);
    assert_int_equal(cs->dispute->amount_fen, 0);
    for (size_t i = 0; i < cs->n_history; i++)
        assert_null(strstr(cs->history[i]->note, "208000"));
    out = s_hrctl(c, 0, show_mgr);
    if (!strstr(out, "result employee_won, amount visible to HR only") || strstr(out, "208000"))
        fail_msg("hrctl case show --as E0101 (dispute):\n%s", out);
    hr_free(out);
    assert_int_equal(s_get_as(c, "E0003", NULL, id, arena)->dispute->amount_fen, 20800000);

    // The certificate was due at the end of 2026-12-01; a week on it is escalated. The list
    // shows it on the closed case with its level, and its due time in company time.
    wfe_clock_to(c, "2026-12-09", 10, arena);
    Hr__Workflow__CaseStep *cert = NULL;
    for (int waited = 0; waited < WAIT_MS && !(cert && cert->escalation_level >= 2);
         waited += 200) {
        cs = wfe_get(c, id, arena);
        for (size_t i = 0; i < cs->n_steps; i++)
            if (!strcmp(cs->steps[i]->key, "certificate"))
                cert = cs->steps[i];
        zclock_sleep(200);
    }
    assert_non_null(cert);
    assert_true(cert->escalation_level >= 2);
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *list = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_cases, 1);
    assert_int_equal(list->cases[0]->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    assert_string_equal(list->cases[0]->step, "certificate");
    assert_int_equal(list->cases[0]->escalation_level, cert->escalation_level);
    assert_int_equal(list->cases[0]->step_due_ms, s_local("2026-12-02", 0));
    assert_int_equal(list->cases[0]->open_duties, 2); // the certificate and the transfer
    const char *ls[] = {"case", "list", NULL};
    out = s_hrctl(c, 0, ls);
    // The duty, who owes it (OWNER, OWNER NAME), its due time, overdue, its level.
    char *row = hr_strfmt(" 2026-12-01 24:00 yes     %u\n", cert->escalation_level);
    if (!strstr(out, "DUE (UTC+08:00)") || !strstr(out, row) ||
        !strstr(out, " certificate +1     "))
        fail_msg("hrctl case list, want '%s':\n%s", row, out);
    hr_free(row);
    hr_free(out);
    out = s_hrctl(c, 0, show_op);
    if (!strstr(out, "due 2026-12-01 24:00 UTC+08:00") || strstr(out, "T16:00"))
        fail_msg("hrctl case show (zone):\n%s", out);
    hr_free(out);
    const char *ls_json[] = {"case", "list", "--json", NULL};
    out = s_hrctl(c, 0, ls_json); // JSON keeps UTC milliseconds
    char *ms = hr_strfmt("%lld", (long long)s_local("2026-12-02", 0));
    assert_non_null(strstr(out, ms));
    hr_free(ms);
    hr_free(out);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// ---------------------------------------------------------------------------------------------
// What reaches people by email and SMS

typedef struct {
    e2e_t *c;          // owned: notify and workflow
    hr_arena_t *arena; // owned
    nt_peer_t smtp;    // aiosmtpd
    nt_peer_t http;    // the SMS gateway (generic webhook)
} fixture_t;

static const char *s_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

// The messages at the sink to `to` (an email address, or a mobile for the SMS gateway) whose
// subject (email) or template (SMS) holds `what`, as a new array, once there are `want` of them
// (or after WAIT_MS).
static json_t *s_wait(const nt_peer_t *p, bool sms, const char *to, const char *what, size_t want)
{
    json_t *found = json_array();
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        json_array_clear(found);
        json_t *msgs = nt_peer_messages(p);
        for (size_t i = 0; i < json_array_size(msgs); i++) {
            json_t *m = json_array_get(msgs, i);
            json_t *body = json_object_get(m, "json");
            const char *addr = sms ? s_str(body, "to")
                                   : s_str(json_array_get(json_object_get(m, "to"), 0), "addr");
            const char *field = sms ? s_str(body, "template") : s_str(m, "subject");
            if (!strcmp(addr, to) && strstr(field, what))
                json_array_append(found, m);
        }
        json_decref(msgs);
        if (json_array_size(found) >= want)
            break;
        zclock_sleep(200);
    }
    return found;
}

static size_t s_sent(const Hr__Workflow__Case *cs, const char *tpl, const char *to)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n_notifications; i++) {
        const Hr__Workflow__NotificationRef *r = cs->notifications[i];
        for (size_t k = 0; !strcmp(r->template_id, tpl) && k < r->n_to; k++)
            n += !to || !strcmp(r->to[k], to);
    }
    return n;
}

// E0123 (E0102's report) is pregnant: a people file with her row again, protected.
static void s_make_pregnant(e2e_t *c, hr_arena_t *arena)
{
    char *path = hr_test_source_path("deploy/demo/people.csv");
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    assert_non_null(text);
    char *nl = strchr(text, '\n');
    char *row = strstr(text, "\nE0123,");
    assert_non_null(nl);
    assert_non_null(row);
    char *end = strchr(row + 1, '\n');
    assert_non_null(end);
    // The status goes into the `protected` column, the 18th: after the row's 17th comma (the
    // columns after it, birth date and retirement group, stay as they are).
    char *cell = row + 1;
    for (int commas = 0; commas < 17; cell++) {
        assert_true(cell < end);
        commas += *cell == ',';
    }
    char *csv =
        hr_strfmt("%.*s%.*spregnant:medical certificate 2026-11-20%.*s\n", (int)(nl - text + 1),
                  text, (int)(cell - row - 1), row + 1, (int)(end - cell), cell);
    hr_free(text);
    wfe_import_people(c, csv, arena);
    hr_free(csv);
}

// A people file with one demo row again, its column `col` (0-based) set to value.
static void s_set_cell(e2e_t *c, const char *no, int col, const char *value, hr_arena_t *arena)
{
    char *path = hr_test_source_path("deploy/demo/people.csv");
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    assert_non_null(text);
    char *nl = strchr(text, '\n');
    char *key = hr_strfmt("\n%s,", no);
    char *row = strstr(text, key);
    hr_free(key);
    assert_non_null(nl);
    assert_non_null(row);
    char *end = strchr(row + 1, '\n');
    assert_non_null(end);
    char *cell = row + 1;
    for (int commas = 0; commas < col; cell++) {
        assert_true(cell < end);
        commas += *cell == ',';
    }
    char *after = cell;
    while (after < end && *after != ',')
        after++;
    char *csv = hr_strfmt("%.*s%.*s%s%.*s\n", (int)(nl - text + 1), text, (int)(cell - row - 1),
                          row + 1, value, (int)(end - after), after);
    hr_free(text);
    Hr__Workflow__ImportReply *rep = wfe_import_people(c, csv, arena);
    assert_int_equal(rep->imported, 1);
    hr_free(csv);
}

// HR (E0003) reviews an A40_2 case with nothing confirmed: unlawful as it stands.
static Hr__Workflow__CaseReply *s_review_nothing(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = (char *)id;
    rv.note = "nothing is proven yet"; // a review confirming no fact says why (or is refused)
    return s_do(c, "E0003", NULL, "workflow.ReviewCase", &rv.base, arena, HR_OK);
}

static void test_returns_say_what_to_attach_protections_say_stop_withdrawals_tell(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    fx.c = e2e_new("wf-tell-mail");
    fx.arena = hr_arena_new(0);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    assert_int_equal(nt_e2e_peers(c, &fx.smtp, &fx.http), 0);
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    wfe_config_files(c);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    wfe_config_evidence(c); // the A40_2 cases' talk records are signed there
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    s_make_pregnant(c, arena);

    // 1. Evidence missing: the manager E0101 reads each finding, its article and what to attach.
    //    HR confirms only the conditions, leaving out the acknowledgement and the assessment the
    //    manager attached: without a note that decides nothing (the case stays, nobody is told)
    //    and the reply names what was left out; with one, the manager reads HR's note and, under
    //    each finding, what is attached and was not accepted as proof.
    char *id = s_submitted(c, "E0101", "E0117", "A39_1", arena);
    Hr__Workflow__CaseReply *rep = s_review(c, id, false, NULL, NULL, arena);
    assert_false(rep->accepted);
    assert_string_equal(rep->case_->steps[rep->case_->current]->key, "hr_review");
    assert_true(rep->n_problems >= 3);
    assert_string_equal(rep->problems[0]->code, "NOTE_REQUIRED");
    bool named = false;
    for (size_t i = 1; i < rep->n_problems; i++)
        named |= !strcmp(rep->problems[i]->fact, "hiring_conditions_made_known") &&
                 strstr(rep->problems[i]->message_en, "rule_acknowledgement " SHA2) != NULL;
    assert_true(named);
    assert_int_equal(s_sent(wfe_get(c, id, arena), "case_returned", NULL), 0);

    // One address, one person: a people file giving E0225 the legal counsel E0006's email warns
    // naming both; one giving E0120 the address of E0117, whose case is open, is refused (his
    // invitation would reach her) - `--dry-run` says so too, and nothing is imported.
    char *csv = hr_strfmt("%s/shared.csv", e2e_dir(c));
    const char *rows = "employee_no,name,department_id,manager_no,email,mobile,language\n"
                       "E0225,孙悦,RND,E0202,SUN.YUE@example.com,13800000225,zh\n"
                       "E0120,周丽,SALES,E0102,wu.hao@example.com,13800000120,zh\n";
    assert_int_equal(hr_test_write_file(csv, rows, strlen(rows)), 0);
    const char *dry[] = {"import", "people", csv, "--dry-run", NULL};
    char *out = s_hrctl(c, 1, dry);
    printf("hrctl import people --dry-run:\n%s", out);
    if (!strstr(out, "warning: ") ||
        !strstr(out, ":2: email: email SUN.YUE@example.com of E0225 (line 2) is also E0006's (in "
                     "the directory): a message to either reaches both") ||
        !strstr(out, ":3: email: email wu.hao@example.com of E0120 (line 3) is also E0117's (in "
                     "the directory), and E0117 is the employee of open case"))
        fail_msg("hrctl import people --dry-run:\n%s", out);
    if (!strstr(out, "2 rows (utf-8), 0 imported, 0 skipped, 1 errors (dry run"))
        fail_msg("hrctl import people --dry-run, the summary:\n%s", out);
    hr_free(out);
    hr_free(csv);
    rep = s_review(c, id, false, NULL, "签收单上没有员工本人签字；考核结果没有所依据的记录", arena);
    assert_false(rep->accepted);
    assert_string_equal(rep->case_->steps[rep->case_->current]->key, "request");
    json_t *mails = s_wait(&fx.smtp, false, "liu.qiang@example.com", "[退回]", 1);
    assert_int_equal(json_array_size(mails), 1);
    const char *text = s_str(json_array_get(mails, 0), "text");
    printf("case_returned email:\n%s\n", text);
    if (!strstr(text, "原因如下：\n\nHR 说明：签收单上没有员工本人签字；考核结果没有所依据的记录\n"
                      "1. 未证明：") ||
        !strstr(text, "\n2. 未证明：") || strstr(text, "] 未证明") ||
        !strstr(text, "证据类型：规章制度签收记录、录用条件") ||
        !strstr(text, "证据类型：绩效报告") || strstr(text, "EVIDENCE_MISSING") ||
        !strstr(text, "\n   已附：录用条件 aaaaaaaa，规章制度签收记录 bbbbbbbb - HR "
                      "未认可其为") ||
        !strstr(text, "\n   已附：考核结果 cccccccc - HR 未认可其为"))
        fail_msg("case_returned email:\n%s", text);
    json_decref(mails);
    json_t *sms = s_wait(&fx.http, true, "13800000101", "case_returned", 1);
    assert_int_equal(json_array_size(sms), 1);
    const char *short_text = s_str(json_object_get(json_array_get(sms, 0), "json"), "text");
    printf("case_returned SMS: %s\n", short_text);
    if (!strstr(short_text, "已退回：2项待补充，详见邮件或系统") || strlen(short_text) > 300)
        fail_msg("case_returned SMS: %s", short_text);
    json_decref(sms);

    // 2. The pregnant employee E0123 (A40_2) and a control case, E0120, on the same ground.
    char *blocked = s_submitted(c, "E0102", "E0123", "A40_2", arena);
    char *control = s_submitted(c, "E0102", "E0120", "A40_2", arena);
    rep = s_review_nothing(c, blocked, arena);
    assert_false(rep->accepted);
    assert_true(rep->case_->money_hidden == false); // HR's own reply
    rep = s_review_nothing(c, control, arena);
    assert_false(rep->accepted);
    Hr__Workflow__Case *cs = s_get_as(c, "E0102", NULL, blocked, arena);
    assert_string_equal(cs->steps[cs->current]->key, "request");
    assert_int_equal(cs->steps[cs->current]->due_ms, 0); // nothing owed by a date
    assert_int_equal(s_sent(cs, "case_blocked", "E0102"), 1);
    assert_int_equal(s_sent(cs, "case_blocked", "E0003"), 1); // HR, once each
    assert_int_equal(s_sent(cs, "case_blocked", "E0002"), 1);
    assert_int_equal(s_sent(cs, "case_returned", NULL), 0);
    mails = s_wait(&fx.smtp, false, "huang.min@example.com", "[暂不能解除]", 1);
    assert_int_equal(json_array_size(mails), 1);
    text = s_str(json_array_get(mails, 0), "text");
    printf("case_blocked email to the manager:\n%s\n", text);
    if (!strstr(text, "只能撤回，或待保护情形结束后重新提交") ||
        !strstr(text, "《中华人民共和国劳动合同法》第四十二条") || strstr(text, "孕") ||
        strstr(text, "请补充后"))
        fail_msg("case_blocked email to the manager:\n%s", text);
    json_decref(mails);
    mails = s_wait(&fx.smtp, false, "chen.xiao@example.com", "[暂不能解除]", 1);
    assert_int_equal(json_array_size(mails), 1);
    text = s_str(json_array_get(mails, 0), "text");
    printf("case_blocked email to HR:\n%s\n", text);
    if (!strstr(text, "孕"))
        fail_msg("case_blocked email to HR names the protection:\n%s", text);
    json_decref(mails);

    // A week later the control request is escalated; the blocked one is not. Its owner E0102
    // now reads English, her superior E0100 Chinese: each reads their own - level 1 reaches
    // E0100 as a Chinese message of its own (email and SMS), not as a copy of E0102's English
    // one; level 2 reaches E0102 in English and the HR head in Chinese.
    s_set_cell(c, "E0102", 16, "en", arena);
    wfe_clock_to(c, "2026-12-09", 10, arena);
    for (int waited = 0; waited < WAIT_MS; waited += 200) {
        cs = wfe_get(c, control, arena);
        if (s_sent(cs, "overdue_2", NULL))
            break;
        zclock_sleep(200);
    }
    assert_true(s_sent(cs, "overdue_1", NULL) >= 1 && s_sent(cs, "overdue_2", NULL) >= 1);
    cs = wfe_get(c, blocked, arena);
    assert_int_equal(s_sent(cs, "overdue_1", NULL) + s_sent(cs, "overdue_2", NULL) +
                         s_sent(cs, "due_soon", NULL),
                     0);
    assert_int_equal(cs->steps[cs->current]->escalation_level, 0);
    cs = wfe_get(c, control, arena);
    assert_int_equal(s_sent(cs, "overdue_1", "E0102"), 1);
    assert_int_equal(s_sent(cs, "overdue_1", "E0100"), 1); // told, in a send of its own
    // Each says who is in copy though the headers cannot (the other language's reader has a
    // message of their own), and what each is to do.
    mails = s_wait(&fx.smtp, false, "huang.min@example.com", "[Overdue]", 1);
    assert_int_equal(json_array_size(mails), 1);
    text = s_str(json_array_get(mails, 0), "text");
    printf("overdue_1 email to the owner:\n%s\n", text);
    if (!strstr(text, "Addressed at this level: 黄敏 (the owner); in copy: 张伟 (the owner's "
                      "superior, sent to them separately in Chinese)") ||
        !strstr(text,
                hr_arena_fmt(arena, "complete the step now with hrctl case submit %s", control)) ||
        strstr(text, "抄送"))
        fail_msg("overdue_1 email to the owner E0102:\n%s", text);
    json_decref(mails);
    mails = s_wait(&fx.smtp, false, "zhang.wei@example.com", "[已逾期]", 1);
    assert_int_equal(json_array_size(mails), 1);
    text = s_str(json_array_get(mails, 0), "text");
    printf("overdue_1 email to the superior:\n%s\n", text);
    if (!strstr(text, "负责人：黄敏") || strstr(text, "Overdue") ||
        !strstr(text, "本级发送给：黄敏（负责人，另以英文发送）；抄送：张伟（负责人的直属上级）") ||
        !strstr(text, "张伟：请与负责人黄敏沟通"))
        fail_msg("overdue_1 email to the superior E0100:\n%s", text);
    json_decref(mails);
    // E0100 is E0101's superior too, whose returned case is overdue as well: the SMS about the
    // control case is the one naming it.
    sms = s_wait(&fx.http, true, "13800000100", "overdue_1", 2);
    short_text = NULL;
    for (size_t i = 0; i < json_array_size(sms); i++) {
        const char *t = s_str(json_object_get(json_array_get(sms, i), "json"), "text");
        if (strstr(t, control))
            short_text = t;
    }
    assert_non_null(short_text);
    printf("overdue_1 SMS to the superior: %s\n", short_text);
    if (!strstr(short_text, "已逾期") || !strstr(short_text, "负责人黄敏"))
        fail_msg("overdue_1 SMS to the superior E0100: %s", short_text);
    json_decref(sms);
    mails = s_wait(&fx.smtp, false, "huang.min@example.com", "[Escalated]", 1);
    assert_int_equal(json_array_size(mails), 1);
    json_decref(mails);
    mails = s_wait(&fx.smtp, false, "li.jing@example.com", "[逾期升级]", 2); // and E0101's case
    bool escalated = false;
    for (size_t i = 0; i < json_array_size(mails); i++)
        escalated |= strstr(s_str(json_array_get(mails, i), "subject"), control) != NULL;
    assert_true(escalated);
    json_decref(mails);

    // 3. The first case, completed and reviewed lawful, its interview scheduled, withdrawn by
    //    its manager: HR, who was invited, hears of it; the employee never does.
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    s_do(c, "E0101", NULL, "workflow.SubmitCase", &sub.base, arena, HR_OK);
    assert_true(s_review(c, id, true, NULL, NULL, arena)->accepted);
    s_prepare(c, id, "2026-12-11", arena);
    mails = s_wait(&fx.smtp, false, "chen.xiao@example.com", "[面谈安排]", 1);
    assert_int_equal(json_array_size(mails), 1);
    json_decref(mails);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = id;
    wd.reason = "转岗到渠道部";
    s_do(c, "E0101", NULL, "workflow.WithdrawCase", &wd.base, arena, HR_OK);
    mails = s_wait(&fx.smtp, false, "chen.xiao@example.com", "[已撤回]", 1);
    assert_int_equal(json_array_size(mails), 1);
    text = s_str(json_array_get(mails, 0), "text");
    printf("case_withdrawn email:\n%s\n", text);
    if (!strstr(text, "已由 刘强 (E0101) 撤回") || !strstr(text, "撤回原因：转岗到渠道部") ||
        !strstr(text, "原定于2026年12月11日 10:00在Room 301的面谈取消") ||
        !strstr(text, "撤回时处于「沟通面谈（HR 与直属经理均须到场确认）」阶段") ||
        strstr(text, "「interview」"))
        fail_msg("case_withdrawn email:\n%s", text);
    json_decref(mails);
    sms = s_wait(&fx.http, true, "13800000003", "case_withdrawn", 1);
    assert_int_equal(json_array_size(sms), 1);
    json_decref(sms);
    cs = wfe_get(c, id, arena);
    assert_int_equal(s_sent(cs, "case_withdrawn", "E0003"), 1);
    assert_int_equal(s_sent(cs, "case_withdrawn", NULL), 1); // not the manager who did it
    assert_int_equal(s_sent(cs, "case_withdrawn", "E0117"), 0);
    // The employee, invited to the interview, hears only that the meeting is off
    // (e2e.workflow_invite): never the withdrawal, its reason or the case.
    assert_int_equal(s_sent(cs, "interview_cancelled", "E0117"), 1);
    json_t *emp = s_wait(&fx.smtp, false, "wu.hao@example.com", "面谈取消", 1);
    assert_int_equal(json_array_size(emp), 1);
    json_decref(emp);
    emp = nt_peer_messages(&fx.smtp);
    for (size_t i = 0; i < json_array_size(emp); i++) {
        json_t *m = json_array_get(emp, i);
        if (strcmp(s_str(json_array_get(json_object_get(m, "to"), 0), "addr"),
                   "wu.hao@example.com"))
            continue;
        if (strstr(s_str(m, "subject"), "撤回") || strstr(s_str(m, "text"), "撤回") ||
            strstr(s_str(m, "text"), "转岗到渠道部"))
            fail_msg("the employee read of the withdrawal:\n%s", s_str(m, "text"));
    }
    json_decref(emp);

    // 4. HR withdraws the pregnant employee's case saying why: HR's words stay with HR - the
    //    manager, from whom the directory keeps the protection, is told who to ask, not the text.
    wd.case_id = blocked;
    wd.reason = "员工已提交医院证明，处于孕期";
    s_do(c, "E0003", "hr", "workflow.WithdrawCase", &wd.base, arena, HR_OK);
    char *subject = hr_strfmt("[Withdrawn] Case %s", blocked); // E0102 reads English here
    mails = s_wait(&fx.smtp, false, "huang.min@example.com", subject, 1);
    hr_free(subject);
    assert_int_equal(json_array_size(mails), 1);
    text = s_str(json_array_get(mails, 0), "text");
    printf("case_withdrawn email to the manager:\n%s\n", text);
    if (strstr(text, "孕期") || strstr(text, "医院") || !strstr(text, "ask 陈晓 (E0003)"))
        fail_msg("case_withdrawn email to the manager E0102:\n%s", text);
    json_decref(mails);

    nt_peer_free(&fx.smtp);
    nt_peer_free(&fx.http);
    hr_arena_destroy(&fx.arena);
    assert_int_equal(e2e_stop(&fx.c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_manager_reads_no_money_and_hr_reads_company_time),
        cmocka_unit_test(test_returns_say_what_to_attach_protections_say_stop_withdrawals_tell),
    };
    return cmocka_run_group_tests_name("e2e.workflow_tell", tests, NULL, NULL);
}
