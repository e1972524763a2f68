/*  e2e.evidence_subject - what the employee dismissed reads of their own case, through the real
 *  hr-workflow, hr-evidence and hrctl.
 *
 *  E0110's Art. 40(3) case rests on kinds the employee reads of nothing else: the restructuring
 *  decision (`other`) and a facts snapshot (`facts_snapshot`), beside the consultation talk. HR's
 *  review cites them (and a sick note put `--sensitive`, also `other`); the interview is held.
 *  Then E0110 reads the decision and the snapshot (`hrctl evidence get --as E0110`), and is
 *  refused the sick note (sensitive), an `other` record the review does not cite, and a
 *  colleague's (E0111's) case's record - each as a record never stored - and may not replace
 *  the decision with an upload of their own (supersedes). `hrctl case reads --as
 *  E0110` lists who read their evidence - the manager's get of the decision, with the role -
 *  and neither HR's read of the sick note nor the manager's read under E0111's case. `hrctl case
 *  show --as E0110` shows their wage, the severance's base. Before the change E0110 read none
 *  of the proof, the evidence reads were "not shown" and the view had no wage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"
#include "evidence.pb-c.h"

#include <jansson.h>

#define MEMO "Decision of 2026-11-15: the Shanghai sales office closes on 2026-12-31.\n"
#define TALK "Talk of 2026-11-20 with E0110 on a transfer to Suzhou: declined.\n"
#define SICK "Sick note of E0110, 2026-11-02.\n"
#define LEGAL "Legal memo on the consultation, not cited.\n"
#define OTHERS "E0111's performance report.\n"
// A facts snapshot as hr-analytics writes one: the colleagues' figures unnamed, in order.
#define SNAPSHOT                                                                                   \
    "{\"department\":\"SALES\",\"employee_no\":\"E0110\",\"facts\":[{\"code\":\"sales_amount\","   \
    "\"comparison\":{\"colleagues\":[{\"colleague\":1,\"value\":3},{\"colleague\":2,\"value\":5}," \
    "{\"colleague\":3,\"value\":8}],\"team_median\":5,\"team_size\":3},\"value\":0}],"             \
    "\"kind\":\"hr.analytics.facts_snapshot\"}"

// Writes text to a file in the test directory; its path (owned).
static char *s_file(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    return path;
}

// `hrctl evidence put` of text under case_id as the operator (HR's tool), with one more
// argument (NULL: none); the id (arena).
static char *s_put(e2e_t *c, const char *case_id, const char *kind, const char *name,
                   const char *text, const char *extra, hr_arena_t *arena)
{
    char *path = s_file(c, name, text);
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(
        c, &out, &err,
        (const char *[]){"evidence", "put", path, "--case", case_id, "--kind", kind, extra, NULL});
    if (rc || strlen(out) < 64)
        fail_msg("evidence put %s: %s%s", name, out, err);
    char *id = hr_arena_fmt(arena, "%.64s", out);
    hr_free(out);
    hr_free(err);
    hr_free(path);
    return id;
}

// `hrctl evidence get ID --as as`: its exit status; stdout in *out (owned). With loud, a
// failure fails the test, saying why.
static int s_get_as(e2e_t *c, const char *as, const char *id, char **out, bool loud)
{
    char *err = NULL;
    int rc = e2e_hrctl(c, out, &err, (const char *[]){"evidence", "get", id, "--as", as, NULL});
    if (rc && loud)
        fail_msg("evidence get %.12s --as %s: exit %d: %s", id, as, rc, err);
    hr_free(err);
    return rc;
}

static int s_get(e2e_t *c, const char *as, const char *id, char **out)
{
    return s_get_as(c, as, id, out, true);
}

// E0110 is refused record id as one never stored.
static void s_refused(e2e_t *c, const char *id, const char *what)
{
    char *out = NULL, *err = NULL;
    int rc =
        e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "get", id, "--as", "E0110", NULL});
    if (!rc || !strstr(err, "no such evidence"))
        fail_msg("E0110 reads %s: exit %d: %s%s", what, rc, out, err);
    hr_free(out);
    hr_free(err);
}

// Whether the --json evidence reads hold an entry by reader of action on record id (NULL: any),
// as role (NULL: any).
static bool s_has_read(json_t *reads, const char *reader, const char *action, const char *id,
                       const char *role)
{
    for (size_t i = 0; i < json_array_size(reads); i++) {
        json_t *r = json_array_get(reads, i);
        const char *who = json_string_value(json_object_get(r, "reader"));
        const char *act = json_string_value(json_object_get(r, "action"));
        const char *rec = json_string_value(json_object_get(r, "evidence_id"));
        const char *as = json_string_value(json_object_get(r, "as"));
        if ((!reader || (who && !strcmp(who, reader))) &&
            (!action || (act && !strcmp(act, action))) && (!id || (rec && !strcmp(rec, id))) &&
            (!role || (as && !strcmp(as, role))))
            return true;
    }
    return false;
}

static void test_the_employee_reads_what_the_dismissal_rests_on(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("ev-subject");
    wfe_config_evidence(c);
    const char *const svcs[] = {"workflow", "evidence", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // E0110's case and a colleague's, E0111's, both E0101's.
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_3", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    Hr__Workflow__Case *cs2 = wfe_open(c, "E0101", "E0111", "A40_3", arena);
    assert_non_null(cs2);
    char *other_case = hr_arena_strdup(arena, cs2->id);

    char *memo = s_put(c, id, "other", "decision.txt", MEMO, NULL, arena);
    char *talk = s_put(c, id, "feedback_talk_record", "talk.txt", TALK, NULL, arena);
    char *sick = s_put(c, id, "other", "sick.txt", SICK, "--sensitive", arena);
    char *legal = s_put(c, id, "other", "legal.txt", LEGAL, NULL, arena);
    char *others = s_put(c, other_case, "performance_report", "report.txt", OTHERS, NULL, arena);
    Hr__Evidence__PutFactsRequest pf = HR__EVIDENCE__PUT_FACTS_REQUEST__INIT;
    pf.case_id = id;
    pf.json = SNAPSHOT;
    Hr__Evidence__PutFactsReply *pr = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.PutFacts", &pf.base,
                                 &hr__evidence__put_facts_reply__descriptor, arena, (void **)&pr),
                     HR_OK);
    char *snap = hr_arena_strdup(arena, pr->evidence->id);

    wfe_attach(c, "E0101", "manager", id, "other", memo, arena);
    wfe_attach(c, "E0101", "manager", id, "feedback_talk_record", talk, arena);
    wfe_attach(c, "E0003", "hr", id, "other", sick, arena);
    wfe_attach(c, "E0003", "hr", id, "other", legal, arena);
    wfe_attach(c, "E0003", "hr", id, "facts_snapshot", snap, arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena);
    if (!rep->accepted)
        fail_msg("submit: %s", rep->n_problems ? rep->problems[0]->message_en : "");

    // HR's review cites the decision and the sick note, the snapshot and the talk.
    static const char *const names[3] = {"objective_change_major", "contract_cannot_be_performed",
                                         "variation_consultation_failed"};
    const char *on[3] = {memo, snap, talk};
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    rv.reasons = "e2e: the office closes and E0110 declined the transfer";
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    rv.facts = wfe_facts(names, on, 3, arena);
    rv.n_facts = 3;
    char **two = hr_arena_alloc(arena, 2 * sizeof *two);
    two[0] = memo;
    two[1] = sick;
    rv.facts[0]->evidence_ids = two;
    rv.facts[0]->n_evidence_ids = 2;
    rep = wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_OK);
    if (!rep->accepted || !rep->case_->assessment->lawful)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "not lawful");

    // The interview is held: the company has told E0110 of the case.
    wfe_interview_held(c, id, "2026-12-01", arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
    wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);

    // Others read: the manager the decision (once hr-evidence has learnt the case's people from
    // the workflow's log) and the colleague's report, HR the sick note.
    char *out = NULL;
    int rc = 1;
    for (int i = 0; i < 200 && rc; i++) {
        out = NULL;
        rc = s_get_as(c, "E0101", memo, &out, false);
        hr_free(out);
        if (rc)
            zclock_sleep(50);
    }
    assert_int_equal(s_get(c, "E0101", memo, &out), 0);
    hr_free(out);
    assert_int_equal(s_get(c, "E0101", others, &out), 0);
    hr_free(out);
    assert_int_equal(s_get(c, "E0003", sick, &out), 0);
    hr_free(out);

    // 1. E0110 reads the decision (kind other) and the snapshot once hr-evidence learnt the
    //    interview from the workflow's log (a second or so).
    rc = 1;
    for (int i = 0; i < 200 && rc; i++) {
        out = NULL;
        rc = s_get_as(c, "E0110", memo, &out, false);
        if (rc) {
            hr_free(out);
            zclock_sleep(50);
        }
    }
    if (rc)
        fail_msg("E0110 does not read the decision their case rests on (exit %d)", rc);
    assert_string_equal(out, MEMO);
    hr_free(out);
    assert_int_equal(s_get(c, "E0110", snap, &out), 0);
    assert_string_equal(out, SNAPSHOT);
    hr_free(out);
    assert_int_equal(s_get(c, "E0110", talk, &out), 0); // as before: a kind they read
    hr_free(out);
    // ... not the sick note (sensitive), the memo the review does not cite, nor E0111's case.
    s_refused(c, sick, "the sensitive sick note");
    s_refused(c, legal, "an other record the review does not cite");
    s_refused(c, others, "E0111's performance report");

    // ... nor replace what their case rests on with a file of their own (as a record they may
    // not read: the same answer), while a record they upload themselves begins as before.
    Hr__Evidence__PutBeginRequest pb = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    pb.case_id = id;
    pb.kind = "other";
    pb.file_name = "mine.txt";
    pb.supersedes = memo;
    assert_int_equal(wfe_call_to(c, "evidence", "E0110", NULL, "evidence.PutBegin", &pb.base,
                                 &hr__evidence__put_begin_reply__descriptor, arena, NULL),
                     HR_ENOTFOUND);
    pb.supersedes = "";
    Hr__Evidence__PutBeginReply *pbr = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", "E0110", NULL, "evidence.PutBegin", &pb.base,
                                 &hr__evidence__put_begin_reply__descriptor, arena, (void **)&pbr),
                     HR_OK);
    Hr__Evidence__PutAbortRequest pa = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
    pa.upload_id = pbr->upload_id;
    assert_int_equal(wfe_call_to(c, "evidence", "E0110", NULL, "evidence.PutAbort", &pa.base,
                                 &hr__evidence__put_abort_reply__descriptor, arena, NULL),
                     HR_OK);

    // 2. Who read their evidence: the manager's get of the decision, as manager; not HR's read
    //    of the sick note, not the manager's read of E0111's report.
    char *err = NULL;
    out = NULL;
    rc = e2e_hrctl(c, &out, &err,
                   (const char *[]){"case", "reads", id, "--as", "E0110", "--json", NULL});
    if (rc)
        fail_msg("case reads --as E0110: exit %d: %s%s", rc, out, err);
    hr_free(err);
    json_error_t jerr;
    json_t *log = json_loads(out, 0, &jerr);
    if (!log)
        fail_msg("case reads --json: %s: %s", jerr.text, out);
    json_t *ev = json_object_get(log, "evidence_reads");
    if (!json_is_array(ev))
        fail_msg("E0110's evidence reads: %s", out);
    hr_free(out);
    char *dump = json_dumps(ev, 0);
    if (!s_has_read(ev, "E0101", "get", memo, "manager") ||
        !s_has_read(ev, "E0110", "get", snap, "employee"))
        fail_msg("E0110's evidence reads lack the manager's or their own: %s", dump);
    if (s_has_read(ev, NULL, NULL, sick, NULL) || s_has_read(ev, NULL, NULL, others, NULL) ||
        s_has_read(ev, NULL, NULL, legal, NULL))
        fail_msg("E0110's evidence reads show what is not theirs: %s", dump);
    free(dump);
    json_decref(log);
    // The text form names the reader's role.
    err = NULL;
    out = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"case", "reads", id, "--as", "E0110", NULL}), 0);
    wfe_has("case reads --as E0110", out,
            hr_arena_fmt(arena, "E0101      manager   get     %.12s", memo));
    hr_free(out);
    hr_free(err);
    // A colleague's case's audit is not theirs.
    Hr__Evidence__AuditExtractRequest ax = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
    ax.case_id = other_case;
    assert_int_equal(wfe_call_to(c, "evidence", "E0110", NULL, "evidence.AuditExtract", &ax.base,
                                 &hr__evidence__audit_extract_reply__descriptor, arena, NULL),
                     HR_EDENIED);

    // 3. Their view of the case shows their wage, the severance's base (16000.00 in the demo).
    err = NULL;
    out = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"case", "show", id, "--as", "E0110", NULL}), 0);
    wfe_has("case show --as E0110", out, "月工资 16000.00元；经济补偿的计算基数 16000.00元");
    wfe_has("case show --as E0110", out, "wage: monthly 16000.00 yuan; severance base 16000.00");
    hr_free(out);
    hr_free(err);
    // ... and the manager's does not (money hidden, as before).
    err = NULL;
    out = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"case", "show", id, "--as", "E0101", NULL}), 0);
    assert_null(strstr(out, "16000.00"));
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    e2e_stop(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_employee_reads_what_the_dismissal_rests_on),
    };
    return cmocka_run_group_tests_name("e2e.evidence_subject", tests, NULL, NULL);
}
