/*  e2e.workflow_reinstate - an arbitration award ordering the contract to continue (LCL Art. 48:
 *  恢复劳动关系/继续履行), through the real hr-workflow and hr-evidence on a fixed calendar.
 *
 *  E0117's notice (A39_1, wfe_a39_1_at_close) ends the contract on 2026-12-01; the case is
 *  closed, the termination certificate is stored in hr-evidence, and HR records in the directory
 *  that E0117 left that day. E0117 files for arbitration on 2026-12-03 (legal records it pending:
 *  hr-evidence holds the case) and a new case for E0117 is refused while the termination stands.
 *  The award of 2026-12-10 (review: "employee_won" with a note left the case CLOSED, the
 *  certificate valid, the transfer duty running and every new case refused) is recorded by legal
 *  with `hrctl case dispute --result reinstated --award-date --award-ref`: without its day or
 *  reference, or without the filing, it is refused naming the field. Once recorded, the case
 *  keeps its outcome and the original hire date, the Art. 50 duties not done are CANCELLED (a
 *  `reinstated` history line names them), the reply tells HR to clear the directory's left_date
 *  and keep the hire date, hr-evidence reads the certificate void ("reinstated") and keeps the
 *  dispute's hold, a second reinstatement and a revocation are refused, and - the left_date
 *  cleared as HR was told - a new case for E0117 opens. E0117 is told privately, the manager and
 *  HR with what is theirs to do, and HR's case list and case show say REINSTATED.
 *
 *  On appeal (LDML Art. 50) a judgment of 2027-01-20 sets the award aside: refused unless it
 *  names the award (--sets-aside); once recorded the reinstatement is kept and marked set aside,
 *  the duties are owed again from the judgment's day, hr-evidence reads the certificate valid
 *  again, and a new case for E0117 is kept out again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "evidence.pb-c.h"
#include "workflow_util.h"

#include <jansson.h>

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA2 "2222222222222222222222222222222222222222222222222222222222222222"
#define SHA3 "3333333333333333333333333333333333333333333333333333333333333333"
#define SHA4 "4444444444444444444444444444444444444444444444444444444444444444"
#define ENDED "2026-12-01"
#define ENDED_ZH "2026年12月1日" // as the employee's documents write it
#define FILED "2026-12-03"
#define AWARD "2026-12-10"
#define REF "沪劳人仲(2026)字第1234号"
#define JUDGED "2027-01-20"
#define JUDGED_ZH "2027年1月20日"
#define JREF "(2027)沪0101民初100号"
#define RETRIAL "2027-03-15" // the higher court's judgment reinstating again
#define RREF "(2027)沪01民终200号"
#define JUDGED2 "2027-06-10" // a retrial setting that one aside in turn
#define JUDGED2_ZH "2027年6月10日"
#define J2REF "(2027)沪民再30号"
#define WAIT_MS 30000 // real time for hr-evidence to apply the workflow's events

// Runs hrctl args; its exit code, stdout and stderr (arena).
static int s_hrctl(e2e_t *c, const char *const *args, char **out, char **err, hr_arena_t *arena)
{
    char *o = NULL, *e = NULL;
    int rc = e2e_hrctl(c, &o, &e, args);
    *out = hr_arena_strdup(arena, o ? o : "");
    *err = hr_arena_strdup(arena, e ? e : "");
    hr_free(o);
    hr_free(e);
    return rc;
}

static Hr__Evidence__Evidence *s_stat(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    Hr__Evidence__StatReply *rep = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.Stat", &req.base,
                                 &hr__evidence__stat_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep->evidence;
}

// Waits (real time, at most WAIT_MS) until record id reads void (want) or case held (!want).
static Hr__Evidence__Evidence *s_wait(e2e_t *c, const char *id, bool want_void, hr_arena_t *arena)
{
    Hr__Evidence__Evidence *e = NULL;
    for (int i = 0; i < WAIT_MS / 50; i++) {
        e = s_stat(c, id, arena);
        if (want_void ? e->void_ms > 0 : e->case_held)
            return e;
        zclock_sleep(50);
    }
    fail_msg("record %s: never %s", id, want_void ? "void" : "case held");
    return e;
}

// The scene both tests start from: E0117's case closed (notice ending the contract on ENDED),
// its certificate stored in hr-evidence (*cert_id), the leaving in the directory, and the filing
// of FILED recorded pending by legal (hr-evidence holds the case). The case id; daemons running.
static e2e_t *s_filed(const char *name, hr_arena_t *arena, char **case_id, char **cert_id)
{
    e2e_t *c = wfe_new(name);
    wfe_config_documents(c); // the certificate is stored
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_config_evidence(c);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    static const char *const sha[4] = {SHA1, SHA2, SHA3, SHA4};
    char *id = wfe_a39_1_at_close(c, sha, ENDED, arena);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);
    char *out = NULL, *err = NULL;
    const char *cert[] = {"case", "document", id,       "certificate", "--store",
                          "--as", "E0003",    "--role", "hr",          NULL};
    if (s_hrctl(c, cert, &out, &err, arena))
        fail_msg("hrctl case document certificate --store: %s%s", out, err);
    const char *at = strstr(err, "evidence ");
    assert_non_null(at);
    *cert_id = hr_arena_strndup(arena, at + 9, 64);
    wfe_import_left(c, "E0117", ENDED, arena); // HR records the leaving
    // The employee files on 12-03: legal records it, hr-evidence holds the case.
    wfe_clock_to(c, FILED, 10, arena);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "pending";
    d.filed_date = FILED;
    d.note = "申请仲裁：请求继续履行劳动合同";
    Hr__Workflow__RecordDisputeRequest rd = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    rd.case_id = id;
    rd.dispute = &d;
    wfe_case_do(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena);
    assert_true(s_wait(c, *cert_id, false, arena)->case_held);
    *case_id = id;
    return c;
}

// Legal records the award of date (ref) reinstating E0117 with hrctl (the clock on that day):
// the reply tells HR what to do with the directory.
static void s_award_of(e2e_t *c, const char *id, const char *date, const char *ref,
                       hr_arena_t *arena)
{
    char *out = NULL, *err = NULL;
    const char *rec[] = {"case",
                         "dispute",
                         id,
                         "--result",
                         "reinstated",
                         "--filed",
                         FILED,
                         "--award-date",
                         date,
                         "--award-ref",
                         ref,
                         "--note",
                         "继续履行劳动合同",
                         "--as",
                         "E0006",
                         "--role",
                         "legal",
                         NULL};
    if (s_hrctl(c, rec, &out, &err, arena))
        fail_msg("hrctl case dispute --result reinstated: %s%s", out, err);
    wfe_has("hrctl case dispute", out, "REINSTATED_DIRECTORY");
    wfe_has("hrctl case dispute", out, "离职日期（left_date）留空");
    wfe_has("hrctl case dispute", out, "入职日期（hire_date）保持 2026-10-26");
    wfe_has("hrctl case dispute", out, "left_date empty and the hire_date kept at 2026-10-26");
}

// The award of AWARD (REF).
static void s_award(e2e_t *c, const char *id, hr_arena_t *arena)
{
    s_award_of(c, id, AWARD, REF, arena);
}

// The set-aside by judgment jref of jdate was told `rounds` times in all on case id (one per
// judgment setting a reinstatement aside): the last to E0117 privately - the judgment, the end
// that stands again, the HR person to ask, none of the staff's text - and the manager E0101 and
// HR E0002 each once per round, with the judgment and what is theirs to do.
static void s_told_set_aside(e2e_t *c, const char *id, const char *jref, const char *jdate,
                             size_t rounds, hr_arena_t *arena)
{
    Hr__Workflow__WorkflowNotifySend *sent = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "employment_reinstatement_set_aside", arena, &sent),
                     rounds);
    assert_int_equal(sent->n_to, 1);
    assert_string_equal(sent->to[0]->employee_no, "E0117");
    const char *judgment = "", *day = "", *end = "", *contact = "";
    bool has_documents = false;
    for (size_t i = 0; i < sent->n_vars; i++) {
        const Hr__Workflow__Var *v = sent->vars[i];
        judgment = !strcmp(v->key, "judgment_ref") ? v->value : judgment;
        day = !strcmp(v->key, "judgment_date") ? v->value : day;
        end = !strcmp(v->key, "effective_date") ? v->value : end;
        contact = !strcmp(v->key, "contact_name") ? v->value : contact;
        has_documents |= !strcmp(v->key, "documents");
    }
    assert_string_equal(judgment, jref);
    assert_string_equal(day, jdate);
    assert_string_equal(end, ENDED_ZH);
    assert_true(*contact);
    assert_false(has_documents); // none of the staff's text
    assert_int_equal(wfe_outbox_count(c, id, "case_reinstatement_set_aside", arena, NULL),
                     2 * rounds);
    size_t manager = 0, hr = 0;
    Hr__Workflow__ListOutboxRequest obq = HR__WORKFLOW__LIST_OUTBOX_REQUEST__INIT;
    obq.max = 1000;
    Hr__Workflow__ListOutboxReply *ob = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListOutbox", &obq.base,
                              &hr__workflow__list_outbox_reply__descriptor, arena, (void **)&ob),
                     HR_OK);
    for (size_t i = 0; i < ob->n_rows; i++) {
        const Hr__Workflow__WorkflowNotifySend *snd = ob->rows[i]->send;
        if (!snd || strcmp(snd->template_id, "case_reinstatement_set_aside"))
            continue;
        bool this_one = false;
        for (size_t k = 0; k < snd->n_vars; k++)
            this_one |=
                !strcmp(snd->vars[k]->key, "judgment_ref") && !strcmp(snd->vars[k]->value, jref);
        manager += this_one && !strcmp(snd->to[0]->employee_no, "E0101");
        hr += this_one && !strcmp(snd->to[0]->employee_no, "E0002");
    }
    assert_int_equal(manager, 1);
    assert_int_equal(hr, 1);
}

// How many of hr-evidence's audit entries for case_id are `action` on record id by the workflow.
static size_t s_audited(e2e_t *c, const char *case_id, const char *action, const char *id,
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
    for (size_t i = 0; i < rep->n_entries; i++) {
        const Hr__Evidence__AuditEntry *e = rep->entries[i];
        n += !strcmp(e->action, action) && !strcmp(e->evidence_id, id) &&
             !strcmp(e->actor, "workflow");
    }
    return n;
}

// Waits (real time, at most WAIT_MS) until record id reads valid (not void) again.
static Hr__Evidence__Evidence *s_wait_valid(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Evidence__Evidence *e = NULL;
    for (int i = 0; i < WAIT_MS / 50; i++) {
        e = s_stat(c, id, arena);
        if (!e->void_ms)
            return e;
        zclock_sleep(50);
    }
    fail_msg("record %s: never valid again", id);
    return e;
}

static void test_an_award_reinstating_the_employee_voids_the_termination(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = NULL, *cert_id = NULL, *out = NULL, *err = NULL;
    e2e_t *c = s_filed("wf-reinstate", arena, &id, &cert_id);

    // 1. While the termination stands, no second case for E0117.
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.filed_date = FILED;
    Hr__Workflow__RecordDisputeRequest rd = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    rd.case_id = id;
    rd.dispute = &d;
    wfe_import_left(c, "E0117", "", arena); // even with no left_date
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0117";
    op.ground = "A39_2";
    op.reason = "e2e: a later case";
    wfe_case_refused(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena, HR_ECONFLICT,
                     "through case");
    wfe_import_left(c, "E0117", ENDED, arena);

    // 2. The award: refused without its day, its reference, or the filing it ends.
    wfe_clock_to(c, AWARD, 15, arena);
    d.result = "reinstated";
    d.note = "裁决：违法解除，继续履行劳动合同（劳动合同法第四十八条）";
    d.award_ref = REF;
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "dispute.award_date: required with result reinstated");
    d.award_date = AWARD;
    d.award_ref = "";
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "dispute.award_ref: required");
    d.award_ref = REF;
    d.filed_date = "";
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "needs the filing it ends");
    d.filed_date = FILED;
    d.award_date = "2026-12-02";
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "dispute.award_date: 2026-12-02 is before the filing");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_null(cs->reinstatement);
    assert_int_equal(wfe_step(cs, "transfer")->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);

    // 3. Legal records it with hrctl: the reply tells HR what to do with the directory.
    s_award(c, id, arena);
    cs = wfe_get(c, id, arena);
    assert_int_equal(cs->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    assert_non_null(cs->outcome); // what happened stays on record
    assert_non_null(cs->reinstatement);
    assert_string_equal(cs->reinstatement->award_date, AWARD);
    assert_string_equal(cs->reinstatement->award_ref, REF);
    assert_string_equal(cs->reinstatement->by, "E0006");
    assert_string_equal(cs->reinstatement->effective_date, ENDED);
    assert_string_equal(cs->dispute->result, "reinstated");
    const char *duties[] = {"certificate", "transfer", "retention"};
    for (size_t i = 0; i < HR_ARRAY_LEN(duties); i++)
        assert_int_equal(wfe_step(cs, duties[i])->state,
                         HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED);
    assert_int_equal(wfe_history_count(cs, "reinstated"), 1);
    const char *note = NULL;
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, "reinstated"))
            note = cs->history[i]->note;
    wfe_has("history reinstated", note, "award " REF " of " AWARD);
    wfe_has("history reinstated", note, "duties cancelled: certificate, transfer, retention");
    const char *show[] = {"case", "show", id, "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_hrctl(c, show, &out, &err, arena), 0);
    wfe_has("hrctl case show", out, "reinstated: award " REF " of " AWARD);
    wfe_has("hrctl case show", out, hr_arena_fmt(arena, "case %s  REINSTATED  employee E0117", id));
    // HR's list says so too: not one more closed case.
    const char *ls[] = {"case", "list", "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_hrctl(c, ls, &out, &err, arena), 0);
    wfe_has("hrctl case list", out, hr_arena_fmt(arena, "%s REINSTATED E0117", id));

    // Everyone is told: E0117 privately, in their own language, the HR person on the case as
    // contact; the manager and HR the award and what is theirs to do.
    Hr__Workflow__WorkflowNotifySend *sent = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "employment_reinstated", arena, &sent), 1);
    assert_int_equal(sent->n_to, 1);
    assert_string_equal(sent->to[0]->employee_no, "E0117");
    bool has_documents = false, has_contact = false;
    for (size_t i = 0; i < sent->n_vars; i++) {
        has_documents |= !strcmp(sent->vars[i]->key, "documents");
        has_contact |= !strcmp(sent->vars[i]->key, "contact_name") && *sent->vars[i]->value;
    }
    assert_false(has_documents); // none of the staff's text
    assert_true(has_contact);
    assert_int_equal(wfe_outbox_count(c, id, "case_reinstated", arena, NULL), 2);
    bool manager = false, hr = false;
    Hr__Workflow__ListOutboxRequest obq = HR__WORKFLOW__LIST_OUTBOX_REQUEST__INIT;
    obq.max = 1000;
    Hr__Workflow__ListOutboxReply *ob = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListOutbox", &obq.base,
                              &hr__workflow__list_outbox_reply__descriptor, arena, (void **)&ob),
                     HR_OK);
    for (size_t i = 0; i < ob->n_rows; i++) {
        const Hr__Workflow__WorkflowNotifySend *s = ob->rows[i]->send;
        if (!s || strcmp(s->template_id, "case_reinstated"))
            continue;
        manager |= !strcmp(s->to[0]->employee_no, "E0101");
        hr |= !strcmp(s->to[0]->employee_no, "E0002");
    }
    assert_true(manager && hr);

    // 4. hr-evidence: the certificate is void, for the reinstatement; the dispute's hold stays.
    Hr__Evidence__Evidence *e = s_wait(c, cert_id, true, arena);
    assert_string_equal(e->void_case_id, id);
    assert_string_equal(e->void_cause, "reinstated");
    assert_true(e->case_held);
    const char *list[] = {"evidence", "list", "--case", id, NULL};
    assert_int_equal(s_hrctl(c, list, &out, &err, arena), 0);
    wfe_has("hrctl evidence list", out, hr_arena_fmt(arena, "  void: case %s reinstated on", id));

    // 5. Nothing to reinstate twice, no notice left to revoke.
    d.award_date = AWARD;
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "reinstated already");
    Hr__Workflow__RescindCaseRequest rs = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
    rs.case_id = id;
    rs.agreement_date = AWARD;
    rs.reason = "e2e";
    rs.evidence_id = SHA1;
    wfe_case_refused(c, "E0002", "hr,hr_head", "workflow.RescindCase", &rs.base, arena,
                     HR_ECONFLICT, "reinstated by award");

    // 6. HR clears the left_date as told (hire date kept): a new case for E0117 opens.
    wfe_import_left(c, "E0117", "", arena);
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena);
    assert_string_equal(rep->case_->employee_no, "E0117");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The employer takes the award to court (LDML Art. 50: an award is not final) and the judgment of
// JUDGED sets the reinstatement aside: recorded only by naming the award it overturns
// (--sets-aside), the termination stands again - the reinstatement kept and marked set aside, the
// duties it cancelled owed again from the judgment's day, a history line, HR told to record the
// leaving again, hr-evidence reading the certificate as valid again, a new case kept out again.
static void test_a_judgment_setting_the_award_aside_restores_the_termination(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = NULL, *cert_id = NULL, *out = NULL, *err = NULL;
    e2e_t *c = s_filed("wf-reinstate-aside", arena, &id, &cert_id);
    wfe_clock_to(c, AWARD, 15, arena);
    s_award(c, id, arena);
    assert_int_equal(s_wait(c, cert_id, true, arena)->void_ms > 0, 1);

    // 1. The judgment as a bare employer_won would leave the reinstatement standing unseen:
    //    refused, naming the field; a wrong award, or no reference of its own, likewise.
    wfe_clock_to(c, JUDGED, 10, arena);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "employer_won";
    d.filed_date = FILED;
    d.award_date = JUDGED;
    d.award_ref = JREF;
    Hr__Workflow__RecordDisputeRequest rd = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    rd.case_id = id;
    rd.dispute = &d;
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "dispute.sets_aside: case");
    d.sets_aside = "沪劳人仲(2026)字第9999号";
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "is not the award that reinstated");
    d.sets_aside = REF;
    d.result = "settled";
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "dispute.result: a judgment setting the reinstatement aside");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(cs->reinstatement->set_aside_date, "");

    // 2. Legal records the judgment with hrctl.
    const char *rec[] = {
        "case", "dispute",      id,      "--result",    "employer_won", "--filed",
        FILED,  "--award-date", JUDGED,  "--award-ref", JREF,           "--sets-aside",
        REF,    "--as",         "E0006", "--role",      "legal",        NULL};
    if (s_hrctl(c, rec, &out, &err, arena))
        fail_msg("hrctl case dispute --sets-aside: %s%s", out, err);
    wfe_has("hrctl case dispute", out, "REINSTATEMENT_SET_ASIDE");
    wfe_has("hrctl case dispute", out, "离职日期（left_date）记为 " ENDED);
    cs = wfe_get(c, id, arena);
    assert_int_equal(cs->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    assert_non_null(cs->reinstatement); // kept: what was
    assert_string_equal(cs->reinstatement->award_ref, REF);
    assert_string_equal(cs->reinstatement->set_aside_date, JUDGED);
    assert_string_equal(cs->reinstatement->set_aside_ref, JREF);
    assert_string_equal(cs->reinstatement->set_aside_by, "E0006");
    assert_string_equal(cs->dispute->sets_aside, REF);
    const char *duties[] = {"certificate", "transfer", "retention"};
    for (size_t i = 0; i < HR_ARRAY_LEN(duties); i++) {
        const Hr__Workflow__CaseStep *st = wfe_step(cs, duties[i]);
        assert_int_equal(st->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
        assert_true(strcmp(st->due_date, JUDGED) >= 0); // from the judgment's day
    }
    assert_string_equal(wfe_step(cs, "certificate")->due_date, JUDGED);
    assert_int_equal(wfe_history_count(cs, "reinstatement_set_aside"), 1);
    const char *note = NULL;
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, "reinstatement_set_aside"))
            note = cs->history[i]->note;
    wfe_has("history reinstatement_set_aside", note,
            "judgment " JREF " of " JUDGED " sets aside award " REF " of " AWARD);
    wfe_has("history reinstatement_set_aside", note, "certificate (due " JUDGED ")");
    const char *show[] = {"case", "show", id, "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_hrctl(c, show, &out, &err, arena), 0);
    wfe_has("hrctl case show", out, hr_arena_fmt(arena, "case %s  CLOSED  employee E0117", id));
    wfe_has("hrctl case show", out, "set aside: judgment " JREF " of " JUDGED);
    s_told_set_aside(c, id, JREF, JUDGED_ZH, 1, arena);

    // 3. hr-evidence reads the certificate as valid again.
    Hr__Evidence__Evidence *e = NULL;
    for (int i = 0; i < WAIT_MS / 50; i++) {
        e = s_stat(c, cert_id, arena);
        if (!e->void_ms)
            break;
        zclock_sleep(50);
    }
    assert_int_equal(e->void_ms, 0);

    // 4. Not twice; and the termination keeps a new case for E0117 out again.
    d.result = "employer_won";
    d.award_date = JUDGED;
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "set aside already");
    // The same hrctl command run again (a new request): refused, in Chinese first; nobody is
    // told twice.
    assert_int_not_equal(s_hrctl(c, rec, &out, &err, arena), 0);
    wfe_has("hrctl case dispute again", err, "已于 " JUDGED " 被判决 " JREF " 撤销，不能再次撤销");
    wfe_has("hrctl case dispute again", err, "set aside already");
    s_told_set_aside(c, id, JREF, JUDGED_ZH, 1, arena);
    wfe_import_left(c, "E0117", "", arena); // the case keeps it out, not the directory
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0117";
    op.ground = "A39_2";
    op.reason = "e2e: a later case";
    wfe_case_refused(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena, HR_ECONFLICT,
                     "through case");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A retrial (LDML Art. 50: the higher court's judgment of RETRIAL, RREF) reinstates E0117 again
// after the judgment of JUDGED set the award aside, and a further judgment of JUDGED2 sets that
// one aside in turn. Each step is refused where it would leave two reinstatements standing, name
// an award set aside, or come before the judgment it follows; each is recorded with every
// reinstatement and set-aside kept on the case, in order (case show, --json, the history), the
// duties cancelled and owed again each time, hr-evidence voiding and unvoiding the certificate
// again, audited each time, and the employee, the manager and HR told of each set-aside once - a
// retry (the same request, the same msg_id) is answered from the dedupe store and tells nobody
// again, a replay (the same command again) is refused.
static void test_a_retrial_reinstates_again_and_a_further_judgment_sets_it_aside(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = NULL, *cert_id = NULL, *out = NULL, *err = NULL;
    e2e_t *c = s_filed("wf-reinstate-retrial", arena, &id, &cert_id);
    wfe_clock_to(c, AWARD, 15, arena);
    s_award(c, id, arena);
    int64_t first_void = s_wait(c, cert_id, true, arena)->void_ms;
    wfe_clock_to(c, JUDGED, 10, arena);
    const char *aside[] = {
        "case", "dispute",      id,      "--result",    "employer_won", "--filed",
        FILED,  "--award-date", JUDGED,  "--award-ref", JREF,           "--sets-aside",
        REF,    "--as",         "E0006", "--role",      "legal",        NULL};
    if (s_hrctl(c, aside, &out, &err, arena))
        fail_msg("hrctl case dispute --sets-aside: %s%s", out, err);
    s_wait_valid(c, cert_id, arena);

    // 1. The retrial's judgment: refused naming the award set aside or the judgment that set it
    //    aside as its own, or dated before that judgment - in Chinese first.
    wfe_clock_to(c, RETRIAL, 10, arena);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "reinstated";
    d.filed_date = FILED;
    d.award_date = RETRIAL;
    d.award_ref = REF;
    Hr__Workflow__RecordDisputeRequest rd = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    rd.case_id = id;
    rd.dispute = &d;
    wfe_refused_zh(c, "E0006", "legal", "workflow.RecordDispute", &rd.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL,
                   "dispute.award_ref: " REF " is the award of case",
                   "已被撤销的恢复劳动关系所依据的裁决");
    d.award_ref = JREF;
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "is the judgment setting aside");
    d.award_ref = RREF;
    d.award_date = "2027-01-19";
    wfe_refused_zh(c, "E0006", "legal", "workflow.RecordDispute", &rd.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL,
                   "dispute.award_date: 2027-01-19 is before judgment " JREF, "早于撤销案件");

    // 2. Recorded with hrctl: the new reinstatement stands, the one set aside kept before it.
    s_award_of(c, id, RETRIAL, RREF, arena);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(cs->reinstatement->set_aside_date, "");
    assert_string_equal(cs->reinstatement->award_ref, RREF);
    assert_string_equal(cs->reinstatement->award_date, RETRIAL);
    assert_string_equal(cs->reinstatement->set_aside_date, "");
    assert_int_equal(cs->n_earlier_reinstatements, 1);
    assert_string_equal(cs->earlier_reinstatements[0]->award_ref, REF);
    assert_string_equal(cs->earlier_reinstatements[0]->set_aside_ref, JREF);
    const char *duties[] = {"certificate", "transfer", "retention"};
    for (size_t i = 0; i < HR_ARRAY_LEN(duties); i++)
        assert_int_equal(wfe_step(cs, duties[i])->state,
                         HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED);
    assert_int_equal(wfe_outbox_count(c, id, "employment_reinstated", arena, NULL), 2);
    assert_int_equal(wfe_outbox_count(c, id, "case_reinstated", arena, NULL), 4);
    // Never two standing.
    d.award_date = RETRIAL;
    d.award_ref = "(2027)沪01民终999号";
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "reinstated already (award " RREF);
    // hr-evidence: the certificate void again, from the retrial's reinstatement, audited again.
    Hr__Evidence__Evidence *e = s_wait(c, cert_id, true, arena);
    assert_string_equal(e->void_cause, "reinstated");
    assert_true(e->void_ms > first_void);
    assert_int_equal(s_audited(c, id, "void", cert_id, arena), 2);
    assert_int_equal(s_audited(c, id, "unvoid", cert_id, arena), 1);

    // 3. A further judgment sets the retrial's reinstatement aside: not by naming the award set
    //    aside before; sent twice with the same msg_id (a retry), it is recorded and told once.
    wfe_clock_to(c, JUDGED2, 10, arena);
    Hr__Workflow__Dispute j = HR__WORKFLOW__DISPUTE__INIT;
    j.result = "employee_won";
    j.filed_date = FILED;
    j.award_date = JUDGED2;
    j.award_ref = J2REF;
    j.sets_aside = REF;
    rd.dispute = &j;
    wfe_refused_zh(c, "E0006", "legal", "workflow.RecordDispute", &rd.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL,
                   "award " REF " was set aside already by judgment " JREF, "不能再次撤销");
    j.sets_aside = RREF;
    char msg_id[HR_ID_LEN + 1];
    hr_id_make((int64_t)zclock_time(), msg_id);
    assert_int_equal(wfe_send_msg_id(c, msg_id, 1, "workflow.RecordDispute", "E0006", "legal",
                                     &rd.base, NULL, arena, NULL),
                     HR_OK);
    assert_int_equal(wfe_send_msg_id(c, msg_id, 2, "workflow.RecordDispute", "E0006", "legal",
                                     &rd.base, NULL, arena, NULL),
                     HR_OK);
    s_told_set_aside(c, id, J2REF, JUDGED2_ZH, 2, arena);
    // The same judgment again as a new request: refused, nobody told again.
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "award " RREF " was set aside already by judgment " J2REF);
    s_told_set_aside(c, id, J2REF, JUDGED2_ZH, 2, arena);
    cs = wfe_get(c, id, arena);
    assert_string_equal(cs->reinstatement->set_aside_date, JUDGED2);
    assert_string_equal(cs->reinstatement->set_aside_ref, J2REF);
    assert_int_equal(cs->n_earlier_reinstatements, 1);
    for (size_t i = 0; i < HR_ARRAY_LEN(duties); i++)
        assert_int_equal(wfe_step(cs, duties[i])->state,
                         HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    assert_string_equal(wfe_step(cs, "certificate")->due_date, JUDGED2);
    e = s_wait_valid(c, cert_id, arena);
    assert_int_equal(s_audited(c, id, "void", cert_id, arena), 2);
    assert_int_equal(s_audited(c, id, "unvoid", cert_id, arena), 2);

    // 4. The whole story, in order: the history, case show and --json.
    const char *want[] = {"reinstated", "reinstatement_set_aside", "reinstated",
                          "reinstatement_set_aside"};
    size_t k = 0;
    for (size_t i = 0; i < cs->n_history; i++)
        if (k < HR_ARRAY_LEN(want) && !strcmp(cs->history[i]->action, want[k]))
            k++;
    assert_int_equal(k, HR_ARRAY_LEN(want));
    assert_int_equal(wfe_history_count(cs, "reinstated"), 2);
    assert_int_equal(wfe_history_count(cs, "reinstatement_set_aside"), 2);
    const char *show[] = {"case", "show", id, "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_hrctl(c, show, &out, &err, arena), 0);
    const char *a1 = strstr(out, "reinstated: award " REF " of " AWARD);
    const char *j1 = strstr(out, "set aside: judgment " JREF " of " JUDGED);
    const char *a2 = strstr(out, "reinstated: award " RREF " of " RETRIAL);
    const char *j2 = strstr(out, "set aside: judgment " J2REF " of " JUDGED2);
    if (!a1 || !j1 || !a2 || !j2 || !(a1 < j1 && j1 < a2 && a2 < j2))
        fail_msg("hrctl case show: not every reinstatement and set-aside, in order:\n%s", out);
    const char *js[] = {"case", "show", id, "--json", "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_hrctl(c, js, &out, &err, arena), 0);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr);
    assert_non_null(doc);
    json_t *jc = json_object_get(doc, "case");
    json_t *earlier = json_object_get(jc, "earlier_reinstatements");
    assert_int_equal(json_array_size(earlier), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(earlier, 0), "award_ref")),
                        REF);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(jc, "reinstatement"), "set_aside_ref")),
        J2REF);
    json_decref(doc);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_award_reinstating_the_employee_voids_the_termination),
        cmocka_unit_test(test_a_judgment_setting_the_award_aside_restores_the_termination),
        cmocka_unit_test(test_a_retrial_reinstates_again_and_a_further_judgment_sets_it_aside),
    };
    return cmocka_run_group_tests_name("e2e.workflow_reinstate", tests, NULL, NULL);
}
