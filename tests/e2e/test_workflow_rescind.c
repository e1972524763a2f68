/*  e2e.workflow_rescind - a termination notice revoked with the employee's agreement, through
 *  the real hr-workflow and hr-evidence, on a fixed calendar (sys.ClockSet).
 *
 *  E0117's notice (A39_1) is served on 2026-12-01 for a contract ending 2026-12-31, and the case
 *  is closed: the Art. 50 duties run. On 2026-12-09 the employee signs an agreement to have the
 *  notice revoked; the signed copy goes to hr-evidence and onto the case (`hrctl case attach
 *  --file --kind agreement`). The manager, the operator and an HR person who is not on the case
 *  may not record it; the case's HR person does (`hrctl case rescind --on --reason
 *  --evidence`, whose refusals name the hrctl words). The case is RESCINDED, its duties
 *  CANCELLED, the history says who, when and why, the employee, the manager and HR are told,
 *  workflow.CaseClosed carries no contract end, and hr-evidence keeps the case's records two
 *  years from the rescission, no longer from the end that never came. Before it, HR closing the
 *  case by hand at hr-evidence (`hrctl evidence close-case`, now or --at the day) keeps the
 *  contract's end the workflow recorded, and the day typed in seconds is refused. A second case
 * closed on an agreement (Art. 36) with the same dates is not rescindable, and serves as the
 * control: when the clock is moved past the 15-day transfer deadline its duties escalate, the
 * rescinded case's do not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include "ev.h"
#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA2 "2222222222222222222222222222222222222222222222222222222222222222"
#define SHA3 "3333333333333333333333333333333333333333333333333333333333333333"
#define SHA4 "4444444444444444444444444444444444444444444444444444444444444444"
#define SHA5 "5555555555555555555555555555555555555555555555555555555555555555"
#define SHA6 "6666666666666666666666666666666666666666666666666666666666666666"
#define SHA7 "7777777777777777777777777777777777777777777777777777777777777777"
#define EFFECTIVE "2026-12-31"
#define AGREED "2026-12-09"
#define REASON "E0117 brought a medical certificate; both sides agreed to continue the contract"
#define WAIT_MS 30000 // real time for the tick to fire what a clock jump made due

static void s_clock_to(e2e_t *c, const char *date, int hh, hr_arena_t *arena)
{
    int64_t now = wfe_now_ms(c, arena);
    assert_true(now > 0);
    assert_int_equal(e2e_clock_advance(c, wfe_local_ms(date, hh) - now), 0);
}

static Hr__Workflow__FactConfirmation *s_fact(hr_arena_t *arena, const char *fact, const char *sha)
{
    Hr__Workflow__FactConfirmation *f = hr_arena_alloc(arena, sizeof *f);
    hr__workflow__fact_confirmation__init(f);
    f->fact = (char *)fact;
    f->evidence_ids = hr_arena_alloc(arena, sizeof *f->evidence_ids);
    f->evidence_ids[0] = (char *)sha;
    f->n_evidence_ids = 1;
    return f;
}

// Opens, submits and (as E0003, who becomes the case's HR person) reviews a case for employee on
// ground: notice 2026-12-01, contract ending EFFECTIVE; prepares its interview for 2026-12-01
// 10:00. The case's id (arena).
static char *s_reviewed(e2e_t *c, const char *employee, const char *ground, hr_arena_t *arena)
{
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", employee, ground, arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    Hr__Workflow__FactConfirmation *facts[3];
    if (!strcmp(ground, "A39_1")) {
        wfe_attach(c, "E0101", "manager", id, "hiring_conditions", SHA1, arena);
        wfe_attach(c, "E0101", "manager", id, "rule_acknowledgement", SHA2, arena);
        wfe_attach(c, "E0101", "manager", id, "assessment_result", SHA3, arena);
        facts[rv.n_facts++] = s_fact(arena, "hiring_conditions_defined", SHA1);
        facts[rv.n_facts++] = s_fact(arena, "hiring_conditions_made_known", SHA2);
        facts[rv.n_facts++] = s_fact(arena, "failure_proven", SHA3);
    } else { // A36_EMPLOYER
        wfe_attach(c, "E0101", "manager", id, "agreement", SHA5, arena);
        wfe_attach(c, "E0101", "manager", id, "rule_acknowledgement", SHA6, arena);
        wfe_attach(c, "E0101", "manager", id, "notice_letter", SHA7, arena);
        facts[rv.n_facts++] = s_fact(arena, "agreement_signed", SHA5);
    }
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena)->accepted);
    rv.case_id = id;
    rv.notice_date = "2026-12-01";
    rv.effective_date = EFFECTIVE;
    rv.facts = facts;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.ReviewCase", &rv.base, arena);
    if (!rep->accepted || !rep->case_->assessment->lawful)
        fail_msg("review of %s (%s) not accepted", employee, ground);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    return id;
}

// The interview held (the clock is past it), the outcome recorded and the case closed.
static void s_closed(e2e_t *c, const char *id, bool notice, const char *evidence, hr_arena_t *arena)
{
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = (char *)id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = (char *)id;
    oc.kind = notice ? HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED
                     : HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    oc.served_date = "2026-12-01";
    oc.effective_date = EFFECTIVE;
    oc.evidence_id = (char *)evidence;
    assert_true(wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena)->accepted);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = (char *)id;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);
    assert_int_equal(rep->case_->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
}

static const Hr__Workflow__HistoryEntry *s_history(const Hr__Workflow__Case *cs, const char *action)
{
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, action))
            return cs->history[i];
    return NULL;
}

// Events of the workflow's log about case_id that say a step was overdue or escalated.
static size_t s_escalations(e2e_t *c, const char *case_id, hr_arena_t *arena)
{
    Hr__Sys__EventsSinceRequest req = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    req.max = 1000;
    Hr__Sys__EventsSinceReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "sys.EventsSince", &req.base,
                              &hr__sys__events_since_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    size_t n = 0;
    for (size_t i = 0; i < rep->n_events; i++) {
        const Hr__Sys__Event *ev = rep->events[i];
        if (!strcmp(ev->type, "workflow.StepOverdue")) {
            Hr__Workflow__StepOverdue *so = (Hr__Workflow__StepOverdue *)protobuf_c_message_unpack(
                &hr__workflow__step_overdue__descriptor, hr_arena_pb_allocator(arena), ev->body.len,
                ev->body.data);
            n += so && !strcmp(so->case_id, case_id);
        } else if (!strcmp(ev->type, "workflow.EscalationSent")) {
            Hr__Workflow__EscalationSent *es =
                (Hr__Workflow__EscalationSent *)protobuf_c_message_unpack(
                    &hr__workflow__escalation_sent__descriptor, hr_arena_pb_allocator(arena),
                    ev->body.len, ev->body.data);
            n += es && !strcmp(es->case_id, case_id);
        }
    }
    return n;
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

// Waits (real time) until hr-evidence has applied a close other than `not_ms`: the record's due
// time, 0 when nothing came.
static int64_t s_due_changed(e2e_t *c, const char *id, int64_t not_ms, hr_arena_t *arena)
{
    for (int i = 0; i < WAIT_MS / 50; i++) {
        int64_t due = s_stat(c, id, arena)->due_ms;
        if (due && due != not_ms)
            return due;
        zclock_sleep(50);
    }
    return 0;
}

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

static void test_a_notice_revoked_by_agreement_ends_the_case_and_its_duties(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-rescind");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c)); // the certificate is stored (4.)
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路1号");
    hr_free(docs);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_config_evidence(c);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    s_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *a = s_reviewed(c, "E0117", "A39_1", arena);        // a notice
    char *b = s_reviewed(c, "E0110", "A36_EMPLOYER", arena); // an agreement: the control
    s_clock_to(c, "2026-12-01", 11, arena);                  // the interviews took place
    wfe_attach(c, "E0101", "manager", a, "notice_letter", SHA4, arena);
    s_closed(c, a, true, SHA4, arena);
    s_closed(c, b, false, SHA5, arena);
    const Hr__Sys__Event *ev = wfe_event_last(c, "workflow.CaseClosed", arena);
    assert_non_null(ev);

    // 1. The employee signs the revocation on 12-09; its signed copy goes to hr-evidence and onto
    //    the case. Its records are kept two years from the contract's end, as the close said:
    //    to the workflow's day (keep_until_ms), 2029-01-09 - the two years end on Sunday
    //    2028-12-31 before 元旦 2029, whose notice is not in the calendar (Civil Code Art. 203) -
    //    later than 731 days from the end.
    s_clock_to(c, AGREED, 15, arena);
    char *file = hr_arena_fmt(arena, "%s/revocation.txt", e2e_dir(c));
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fputs("E0117 agrees that the notice of 2026-12-01 is revoked. Signed 2026-12-09.\n", fp);
    fclose(fp);
    char *out = NULL, *err = NULL;
    const char *put[] = {"case", "attach", a, "--file", file, "--kind", "agreement", NULL};
    if (s_hrctl(c, put, &out, &err, arena))
        fail_msg("case attach --file: %s", err);
    char *agreement = hr_arena_strndup(arena, strstr(out, "evidence ") + 9, 64);
    int64_t two_years = (int64_t)EV_DEFAULT_RETENTION_DAYS * HR_DAY_MS;
    int64_t ended_ms = wfe_local_ms("2027-01-01", 0); // the end of 2026-12-31
    int64_t keep_ms = wfe_local_ms("2029-01-10", 0);  // the end of 2029-01-09
    assert_true(keep_ms > ended_ms + two_years);
    int64_t due = s_due_changed(c, agreement, 0, arena);
    assert_int_equal(due, keep_ms);
    //    HR closes the case by hand at hr-evidence while the notice runs - now, or on the day
    //    (review: that moved retention back to 12-09, records shredded before two years after the
    //    contract's end): the end the workflow recorded stands, hrctl says so. The day typed in
    //    seconds is refused, naming the value and the milliseconds meant.
    char *ms = hr_arena_fmt(arena, "%lld", (long long)(wfe_local_ms(AGREED, 12) / 1000));
    const char *const closes[][8] = {
        {"evidence", "close-case", "--case", a, NULL},
        {"evidence", "close-case", "--case", a, "--at", AGREED, NULL},
        {"evidence", "close-case", "--case", a, "--at-ms", ms, NULL},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(closes); i++) {
        int code = s_hrctl(c, closes[i], &out, &err, arena);
        if (i < 2 && (code || !strstr(out, "keeps its later end, 2026-12-31 24:00 UTC+08:00, "
                                           "recorded before")))
            fail_msg("hrctl evidence close-case (%zu): %d %s%s", i, code, out, err);
        if (i == 2 && (code != 2 || !strstr(err, "seconds, it seems (" AGREED " as seconds)")))
            fail_msg("hrctl evidence close-case --at-ms %s: %d %s", ms, code, err);
        assert_int_equal(s_stat(c, agreement, arena)->due_ms, keep_ms);
    }

    // 2. Who may not: the manager, the operator, an HR person who is not on the case; an
    //    agreement outcome (Art. 36) is no notice to revoke.
    Hr__Workflow__RescindCaseRequest rs = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
    rs.case_id = a;
    rs.agreement_date = AGREED;
    rs.reason = REASON;
    rs.evidence_id = agreement;
    wfe_case_refused(c, "E0101", "manager", "workflow.RescindCase", &rs.base, arena, HR_EDENIED,
                     "only an HR person");
    wfe_case_refused(c, NULL, NULL, "workflow.RescindCase", &rs.base, arena, HR_EDENIED,
                     "not the operator");
    wfe_case_refused(c, "E0007", "hr", "workflow.RescindCase", &rs.base, arena, HR_EDENIED,
                     "the HR person on the case (E0003) or the HR head (E0002)");
    rs.case_id = b;
    rs.evidence_id = SHA5;
    wfe_case_refused(c, "E0003", "hr", "workflow.RescindCase", &rs.base, arena, HR_ECONFLICT,
                     "LCL Art. 36");
    Hr__Workflow__Case *cs = wfe_get(c, a, arena);
    assert_int_equal(cs->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED);
    assert_null(s_history(cs, "rescinded"));

    // 3. hrctl names its own words in a refusal: the notice letter is no agreement (--evidence),
    //    a day after the agreement is in the future (--on); a mistyped option is not run.
    const char *letter[] = {"case",       "rescind", a,      "--on",  AGREED,   "--reason", REASON,
                            "--evidence", SHA4,      "--as", "E0003", "--role", "hr",       NULL};
    assert_int_equal(s_hrctl(c, letter, &out, &err, arena), 2); // invalid input
    if (!strstr(err, "evidence_id (--evidence): " SHA4 " is a notice_letter"))
        fail_msg("hrctl case rescind with the notice letter: %s", err);
    const char *future[] = {"case", "rescind",    a,         "--on", "2026-12-10", "--reason",
                            REASON, "--evidence", agreement, "--as", "E0003",      "--role",
                            "hr",   NULL};
    assert_int_equal(s_hrctl(c, future, &out, &err, arena), 2);
    if (!strstr(err, "agreement_date (--on): 2026-12-10 is in the future"))
        fail_msg("hrctl case rescind tomorrow: %s", err);
    const char *typo[] = {"case", "rescind", a, "--onn", AGREED, NULL};
    assert_int_equal(s_hrctl(c, typo, &out, &err, arena), 2);
    assert_non_null(strstr(err, "unknown option: --onn"));

    // 4. The case's HR person records it - after issuing the certificate early: that one stays
    //    done, and everyone reads that it is void and HR takes it back.
    Hr__Workflow__CompleteDutyRequest early = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    early.case_id = a;
    early.key = "certificate";
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.CompleteDuty", &early.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_OK);
    // The certificate stored as the case's termination_certificate, which the employee reads.
    const char *cert[] = {"case", "document", a,        "certificate", "--store",
                          "--as", "E0003",    "--role", "hr",          NULL};
    if (s_hrctl(c, cert, &out, &err, arena))
        fail_msg("hrctl case document certificate --store: %s%s", out, err);
    char *cert_id = hr_arena_strndup(arena, strstr(err, "evidence ") + 9, 64);
    const char *e_list[] = {"evidence", "list", "--case", a, "--as", "E0117", NULL};
    assert_int_equal(s_hrctl(c, e_list, &out, &err, arena), 0);
    if (!strstr(out, cert_id) || strstr(out, "void"))
        fail_msg("hrctl evidence list before the rescission:\n%s", out);
    int64_t before_ms = wfe_now_ms(c, arena);
    const char *ok[] = {"case",       "rescind", a,      "--on",  AGREED,   "--reason", REASON,
                        "--evidence", agreement, "--as", "E0003", "--role", "hr",       NULL};
    if (s_hrctl(c, ok, &out, &err, arena))
        fail_msg("hrctl case rescind: %s", err);
    int64_t after_ms = wfe_now_ms(c, arena);
    if (!strstr(out, "rescind: case") || !strstr(out, "RESCINDED"))
        fail_msg("hrctl case rescind printed: %s", out);
    cs = wfe_get(c, a, arena);
    assert_int_equal(cs->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED);
    assert_non_null(cs->rescission);
    assert_string_equal(cs->rescission->agreement_date, AGREED);
    assert_string_equal(cs->rescission->evidence_id, agreement);
    assert_string_equal(cs->rescission->reason, REASON);
    assert_string_equal(cs->rescission->by, "E0003");
    assert_string_equal(cs->rescission->effective_date, EFFECTIVE);
    assert_int_equal(wfe_step(cs, "certificate")->state, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE);
    const char *duties[] = {"transfer", "retention"};
    for (size_t i = 0; i < HR_ARRAY_LEN(duties); i++)
        assert_int_equal(wfe_step(cs, duties[i])->state,
                         HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED);
    const Hr__Workflow__HistoryEntry *h = s_history(cs, "rescinded");
    assert_non_null(h);
    assert_string_equal(h->actor, "E0003");
    assert_in_range(h->at_ms, before_ms - 1000, after_ms + 1000);
    if (!strstr(h->note, "revoked by agreement of " AGREED) || !strstr(h->note, REASON) ||
        !strstr(h->note, agreement))
        fail_msg("history note: %s", h->note);
    // Told: the manager and the case's HR person, each once, by the staff's message; the employee
    // by their own (the sender named, the HR person to ask; its SMS says neither case nor 解除).
    const char *told[] = {"E0101", "E0003"};
    size_t n_told = 0, n_employee = 0;
    for (size_t i = 0; i < cs->n_notifications; i++) {
        const Hr__Workflow__NotificationRef *n = cs->notifications[i];
        if (n->at_ms < before_ms)
            continue;
        assert_int_equal(n->n_to, 1);
        if (!strcmp(n->template_id, "employment_continues")) {
            assert_string_equal(n->to[0], "E0117");
            n_employee++;
        } else if (!strcmp(n->template_id, "case_rescinded")) {
            assert_true(n_told < HR_ARRAY_LEN(told));
            assert_string_equal(n->to[0], told[n_told]);
            n_told++;
        }
    }
    assert_int_equal(n_told, 2);
    assert_int_equal(n_employee, 1);
    Hr__Workflow__WorkflowNotifySend *mine = NULL;
    assert_int_equal(wfe_outbox_count(c, a, "employment_continues", arena, &mine), 1);
    const char *vars_want[][2] = {
        {"agreement_date", "2026年12月9日"}, {"contact_name", NULL}, {"inviter", "人力资源部"}};
    for (size_t k = 0; k < HR_ARRAY_LEN(vars_want); k++) {
        bool found = false;
        for (size_t i = 0; i < mine->n_vars; i++)
            found |= !strcmp(mine->vars[i]->key, vars_want[k][0]) && *mine->vars[i]->value &&
                     (!vars_want[k][1] || strstr(mine->vars[i]->value, vars_want[k][1]));
        if (!found)
            fail_msg("employment_continues has no %s", vars_want[k][0]);
    }
    Hr__Workflow__WorkflowNotifySend *last = NULL;
    assert_int_equal(wfe_outbox_count(c, a, "outcome_ready", arena, NULL), 1); // the outcome
    assert_int_equal(wfe_outbox_count(c, a, "case_rescinded", arena, &last), 2);
    bool rescinded_var = false, void_said = false;
    for (size_t i = 0; i < last->n_vars; i++) {
        rescinded_var |=
            !strcmp(last->vars[i]->key, "outcome") && !strcmp(last->vars[i]->value, "rescinded");
        void_said |= !strcmp(last->vars[i]->key, "documents") &&
                     strstr(last->vars[i]->value, "出具的解除劳动合同的证明作废，由HR收回");
    }
    assert_true(rescinded_var);
    assert_true(void_said);
    // The close event: no contract end.
    ev = wfe_event_last(c, "workflow.CaseClosed", arena);
    assert_non_null(ev);
    Hr__Workflow__CaseClosed *cl = (Hr__Workflow__CaseClosed *)protobuf_c_message_unpack(
        &hr__workflow__case_closed__descriptor, hr_arena_pb_allocator(arena), ev->body.len,
        ev->body.data);
    assert_non_null(cl);
    assert_string_equal(cl->case_id, a);
    assert_string_equal(cl->outcome, "rescinded");
    assert_int_equal(cl->ended_ms, 0);
    assert_in_range(cl->at_ms, before_ms - 1000, after_ms + 1000);

    // 5. hr-evidence keeps the records two years from the rescission, not from 2026-12-31 (nor
    //    to the workflow's day counted from it: the rescission carries none, and replaces it).
    assert_int_equal(cl->keep_until_ms, 0);
    due = s_due_changed(c, agreement, keep_ms, arena);
    assert_int_equal(due, cl->at_ms + two_years);
    //    And it says the certificate (and any notice letter) is void, to the employee as to HR
    //    (review: E0110 was told no certificate would be issued, yet read the stored one as
    //    ending the contract); the records stay, the agreement is not void, a `void` audit entry
    //    names each.
    assert_int_equal(s_hrctl(c, e_list, &out, &err, arena), 0);
    char *void_line = hr_arena_fmt(arena, "  void: case %s rescinded on " AGREED, a);
    const char *row = strstr(out, cert_id);
    const char *eol = row ? strchr(row, '\n') : NULL;
    if (!eol || strncmp(eol + 1, void_line, strlen(void_line)))
        fail_msg("hrctl evidence list --as E0117: the certificate is not said void:\n%s", out);
    const char *arow = strstr(out, agreement);
    assert_non_null(arow);
    assert_true(strncmp(strchr(arow, '\n') + 1, "  void:", 7));
    assert_non_null(strstr(out, "this document no longer applies"));
    const char *e_json[] = {"evidence", "list", "--case", a, "--json", NULL};
    assert_int_equal(s_hrctl(c, e_json, &out, &err, arena), 0);
    json_error_t jerr;
    json_t *arr = json_loads(out, 0, &jerr);
    assert_non_null(arr);
    size_t ji, nvoid = 0;
    json_t *jr;
    json_array_foreach(arr, ji, jr)
    {
        json_t *v = json_object_get(jr, "void");
        const char *kind = json_string_value(json_object_get(jr, "kind"));
        bool want = !strcmp(kind, "notice_letter") || !strcmp(kind, "termination_certificate");
        if (want != (v != NULL))
            fail_msg("record %s (%s): void %s", json_string_value(json_object_get(jr, "id")), kind,
                     v ? "given" : "missing");
        if (v) {
            assert_string_equal(json_string_value(json_object_get(v, "case_id")), a);
            assert_int_equal(json_integer_value(json_object_get(v, "rescinded_ms")), cl->at_ms);
            nvoid++;
        }
    }
    assert_true(nvoid >= 1); // the certificate, and the notice letter where hr-evidence has it
    json_decref(arr);
    assert_string_equal(s_stat(c, cert_id, arena)->kind, "termination_certificate"); // kept
    //    The control case (an agreement, not rescinded) says nothing void.
    const char *b_list[] = {"evidence", "list", "--case", b, NULL};
    assert_int_equal(s_hrctl(c, b_list, &out, &err, arena), 0);
    assert_null(strstr(out, "void"));

    // 6. Nothing more to do to it: a second rescission, a duty, a withdrawal are refused.
    rs.case_id = a;
    rs.evidence_id = agreement;
    wfe_case_refused(c, "E0003", "hr", "workflow.RescindCase", &rs.base, arena, HR_ECONFLICT,
                     "rescinded already");
    Hr__Workflow__CompleteDutyRequest du = HR__WORKFLOW__COMPLETE_DUTY_REQUEST__INIT;
    du.case_id = a;
    du.key = "certificate";
    wfe_case_refused(c, "E0003", "hr", "workflow.CompleteDuty", &du.base, arena, HR_ECONFLICT,
                     "rescinded");
    //    But the employee may contest the revocation: the dispute is recorded (review: refused,
    //    no record and no hold), never as a reinstatement - the contract never ended.
    Hr__Workflow__Dispute dp = HR__WORKFLOW__DISPUTE__INIT;
    dp.result = "reinstated";
    dp.filed_date = AGREED;
    dp.award_date = AGREED;
    dp.award_ref = "e2e award";
    Hr__Workflow__RecordDisputeRequest rd = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    rd.case_id = a;
    rd.dispute = &dp;
    wfe_case_refused(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena, HR_EINVAL,
                     "nothing to reinstate");
    dp.result = "pending";
    dp.award_date = "";
    dp.award_ref = "";
    dp.note = "the employee contests the revocation's terms";
    Hr__Workflow__CaseReply *drep =
        wfe_case_do(c, "E0006", "legal", "workflow.RecordDispute", &rd.base, arena);
    assert_int_equal(drep->case_->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED);
    assert_string_equal(drep->case_->dispute->result, "pending");

    // 7. hrctl shows and lists it.
    const char *show[] = {"case", "show", a, NULL};
    assert_int_equal(s_hrctl(c, show, &out, &err, arena), 0);
    if (!strstr(out, "RESCINDED") || !strstr(out, "CANCELLED") ||
        !strstr(out, "rescinded: the notice revoked by the employee's agreement of " AGREED))
        fail_msg("hrctl case show:\n%s", out);
    const char *list[] = {"case", "list", "--state", "rescinded", NULL};
    assert_int_equal(s_hrctl(c, list, &out, &err, arena), 0);
    if (!strstr(out, a) || strstr(out, b))
        fail_msg("hrctl case list --state rescinded:\n%s", out);

    // 8. Past the certificate's day and the 15 days of the transfer: the control case's duties
    //    escalate to E0003; the rescinded case's are nobody's any more.
    cs = wfe_get(c, a, arena);
    size_t version = cs->version, history = cs->n_history;
    s_clock_to(c, "2027-01-20", 10, arena);
    assert_true(wfe_wait_outbox(c, b, "overdue_1", 2, WAIT_MS, arena) >= 2);
    assert_true(s_escalations(c, b, arena) >= 4); // StepOverdue + EscalationSent, two duties
    assert_int_equal(s_escalations(c, a, arena), 0);
    assert_int_equal(wfe_outbox_count(c, a, "due_soon", arena, NULL), 0);
    assert_int_equal(wfe_outbox_count(c, a, "overdue_1", arena, NULL), 0);
    assert_int_equal(wfe_outbox_count(c, a, "overdue_2", arena, NULL), 0);
    cs = wfe_get(c, a, arena);
    assert_int_equal(cs->version, version);
    assert_int_equal(cs->n_history, history);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_notice_revoked_by_agreement_ends_the_case_and_its_duties),
    };
    return cmocka_run_group_tests_name("e2e.workflow_rescind", tests, NULL, NULL);
}
