/*  e2e.evidence_access - the real hr-workflow and hr-evidence: evidence learns from the
 *  workflow's events who works on a case and when it closed (issue 7 with issue 4; P19, P22).
 *
 *  E0101 opens a case about E0110 (line: E0101, E0100, E0001); HR puts a feedback talk record
 *  and a complaint record under it. Then, with no one handing files around: the manager and
 *  the manager's superior read both; another manager reads nothing and hears "no such
 *  evidence"; the employee reads and signs the feedback talk record but not the complaint;
 *  another employee signs nothing. The same rules document in three cases is one record, and
 *  each case's people see only their own cases and people on it. An unnamed caller opens no
 *  case. After kill -9 of hr-evidence the grants are still there. HR hands the case to another
 *  manager (hrctl case reassign): the open step and its notification go to them, and so does
 *  reading the case's records.
 *  Withdrawing the case in the workflow starts the records' retention (two years after the
 *  close), where before only `hrctl evidence close-case` did; verify stays clean.
 *  Roles count as the workflow's directory gives them (workflow.RolesChanged): an employee
 *  claiming hr, legal or operator reads, gets and holds nothing of another case; HR and legal
 *  of the directory do; a role a later people import takes is gone at evidence; a directory
 *  from the previous version's store reaches evidence through the workflow's upgrade.
 *  Legal uploads only its own work (other, agreement), never the employer's records.
 *  A case's employee reads nothing of it before the company tells them of it (the interview
 *  held): a stat names no case and answers a hidden record as one never stored; what they are
 *  shown to sign (a feedback talk) they read and sign.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include "ev.h"
#include "hr_test.h"
#include "wf.h"
#include "workflow_util.h"

#define TALK "Feedback talk with E0110 on 2026-10-12: targets missed three months running.\n"
#define COMPLAINT "Complaint by a client about E0110, 2026-09-30 (names withheld).\n"
#define RULES "Sales team rules 2026, chapter 4: targets and reviews.\n"

// Puts text as the operator (HR's tool) under case_id; the id, owned.
static char *s_put(e2e_t *c, const char *case_id, const char *kind, const char *text)
{
    char *file = hr_strfmt("%s/%s.txt", e2e_dir(c), kind);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(
        c, &out, &err,
        (const char *[]){"evidence", "put", file, "--case", case_id, "--kind", kind, NULL});
    if (rc)
        fprintf(stderr, "evidence put: %s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(strlen(out), 65);
    out[64] = '\0';
    hr_free(err);
    hr_free(file);
    return out;
}

// Runs hrctl with args (the test's --config-dir added); its exit status, the output dropped
// (printed when it failed).
static int s_hrctl(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc)
        fprintf(stderr, "hrctl %s %s: %s%s\n", args[0], args[1], out, err);
    hr_free(out);
    hr_free(err);
    return rc;
}

// What both tests start from: hr-workflow and hr-evidence, the demo directory, E0101's case
// about E0110 with HR's feedback talk record and a complaint under it, and the case's people
// known to hr-evidence.
typedef struct {
    e2e_t *c;                 // owned
    hr_arena_t *arena;        // owned
    Hr__Workflow__Case *kase; // arena
    char *talk;               // owned: the feedback talk record's id
    char *complaint;          // owned: the complaint's id
} s_env_t;

static bool s_wait_granted(e2e_t *c, const char *id, hr_arena_t *arena);

static s_env_t s_env(const char *name)
{
    assert_true(sodium_init() >= 0);
    s_env_t e = {.c = wfe_start_with_evidence(name), .arena = hr_arena_new(0)};
    assert_non_null(e.c);
    assert_int_equal(wfe_import_demo(e.c, e.arena), 0);
    e.kase = wfe_open(e.c, "E0101", "E0110", "A40_2", e.arena);
    assert_non_null(e.kase);
    e.talk = s_put(e.c, e.kase->id, "feedback_talk_record", TALK);
    e.complaint = s_put(e.c, e.kase->id, "complaint_record", COMPLAINT);
    assert_true(s_wait_granted(e.c, e.talk, e.arena));
    return e;
}

static void s_env_end(s_env_t *e)
{
    hr_free(e->talk);
    hr_free(e->complaint);
    hr_arena_destroy(&e->arena);
    assert_int_equal(e2e_stop(&e->c), 0);
}

static hr_rc_t s_stat(e2e_t *c, const char *user, const char *role, const char *id,
                      hr_arena_t *arena, Hr__Evidence__Evidence **e)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    Hr__Evidence__StatReply *rep = NULL;
    hr_rc_t rc = wfe_call_to(c, "evidence", user, role, "evidence.Stat", &req.base,
                             &hr__evidence__stat_reply__descriptor, arena, (void **)&rep);
    if (e)
        *e = rc ? NULL : rep->evidence;
    return rc;
}

static hr_rc_t s_sign(e2e_t *c, const char *user, const char *role, const char *id,
                      hr_arena_t *arena)
{
    Hr__Evidence__SignRequest req = HR__EVIDENCE__SIGN_REQUEST__INIT;
    req.id = (char *)id;
    req.statement = "I received this record";
    return wfe_call_to(c, "evidence", user, role, "evidence.Sign", &req.base,
                       &hr__evidence__sign_reply__descriptor, arena, NULL);
}

static Hr__Evidence__ListReply *s_list(e2e_t *c, const char *user, const char *role,
                                       const char *case_id, hr_arena_t *arena)
{
    Hr__Evidence__ListRequest req = HR__EVIDENCE__LIST_REQUEST__INIT;
    req.case_id = (char *)case_id;
    Hr__Evidence__ListReply *rep = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", user, role, "evidence.List", &req.base,
                                 &hr__evidence__list_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep;
}

// How many of case_id's audit entries (evidence.AuditExtract, as the operator: the first 1000)
// are `action` of record id by actor naming case_named ("" = no case).
static size_t s_extract_count(e2e_t *c, const char *case_id, const char *action, const char *id,
                              const char *actor, const char *case_named, hr_arena_t *arena)
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
             !strcmp(e->actor, actor) && !strcmp(e->case_id, case_named);
    }
    return n;
}

// Waits (real time) until the manager reads id: the CaseOpened event has been applied.
static bool s_wait_granted(e2e_t *c, const char *id, hr_arena_t *arena)
{
    for (int i = 0; i < 200; i++) {
        if (s_stat(c, "E0101", "manager", id, arena, NULL) == HR_OK)
            return true;
        zclock_sleep(50);
    }
    return false;
}

static void test_case_people_read_and_sign_and_close_starts_retention(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_access");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    Hr__Workflow__Case *kase = env.kase;
    const char *talk = env.talk, *complaint = env.complaint;

    // 1. The manager who opened the case, and the managers above, read both records.
    assert_int_equal(s_stat(c, "E0101", "manager", complaint, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0100", "manager", complaint, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0001", "manager", talk, arena, NULL), HR_OK);
    Hr__Evidence__ListReply *l = s_list(c, "E0101", "manager", kase->id, arena);
    assert_int_equal(l->n_evidence, 2);
    assert_int_equal(l->withheld, 0);

    // 2. Another manager reads nothing: not even that the records exist.
    assert_int_equal(s_stat(c, "E0102", "manager", talk, arena, NULL), HR_ENOTFOUND);
    l = s_list(c, "E0102", "manager", kase->id, arena);
    assert_int_equal(l->n_evidence, 0);
    assert_int_equal(l->withheld, 0);
    assert_int_equal(s_sign(c, "E0102", "manager", talk, arena), HR_ENOTFOUND);

    // 3. The employee reads and signs the talk record, never the complaint.
    assert_int_equal(s_stat(c, "E0110", "employee", talk, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0110", "employee", complaint, arena, NULL), HR_ENOTFOUND);
    l = s_list(c, "E0110", "employee", kase->id, arena);
    assert_int_equal(l->n_evidence, 1);
    assert_string_equal(l->evidence[0]->id, talk);
    assert_int_equal(l->withheld, 0); // not told of the case yet: not even how many
    assert_int_equal(s_sign(c, "E0110", "employee", talk, arena), HR_OK);
    assert_int_equal(s_sign(c, "E0110", "employee", complaint, arena), HR_ENOTFOUND);
    assert_int_equal(s_sign(c, "E0111", "employee", talk, arena), HR_ENOTFOUND);
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(s_stat(c, NULL, NULL, talk, arena, &e), HR_OK);
    assert_int_equal(e->n_signatures, 1);
    assert_string_equal(e->signatures[0]->signer, "E0110");
    assert_true(e->signatures[0]->valid);
    assert_int_equal(e->due_ms, 0); // the case is open: nothing scheduled

    // 4. One file in several cases is one record; a case's people see of it only their cases
    //    and their cases' people: not which colleagues elsewhere face the same process. (The
    //    employees of these requests read none of it: e2e of that below, and told employees'
    //    trimmed view in test_the_employee_reads_nothing_of_the_case_before_the_interview.)
    Hr__Workflow__Case *b = wfe_open(c, "E0101", "E0111", "A40_2", arena);
    Hr__Workflow__Case *other = wfe_open(c, "E0102", "E0120", "A40_2", arena);
    assert_non_null(b);
    assert_non_null(other);
    char *rules = s_put(c, kase->id, "rule_document", RULES);
    char *rules_b = s_put(c, b->id, "rule_document", RULES);
    char *rules_c = s_put(c, other->id, "rule_document", RULES);
    assert_string_equal(rules, rules_b);
    assert_string_equal(rules, rules_c);
    Hr__Evidence__Evidence *r = NULL;
    for (int i = 0; i < 200 && s_stat(c, "E0102", "manager", rules, arena, &r); i++)
        zclock_sleep(50); // CaseOpened of the newer cases applied
    assert_int_equal(s_sign(c, "E0101", "manager", rules, arena), HR_OK);
    assert_int_equal(s_sign(c, "E0102", "manager", rules, arena), HR_OK);
    // A rules document of a case the company has not told its employee of yet is not theirs.
    assert_int_equal(s_stat(c, "E0110", "employee", rules, arena, NULL), HR_ENOTFOUND);
    assert_int_equal(s_sign(c, "E0111", "employee", rules, arena), HR_ENOTFOUND);
    assert_int_equal(s_stat(c, "E0101", "manager", rules, arena, &r), HR_OK);
    assert_int_equal(r->n_case_ids, 2); // both of E0101's cases, not E0102's
    assert_int_equal(r->n_signatures, 1);
    assert_string_equal(r->signatures[0]->signer, "E0101");
    assert_string_equal(r->uploader, ""); // the operator, on none of E0101's cases
    l = s_list(c, "E0102", "manager", other->id, arena);
    assert_int_equal(l->n_evidence, 1);
    assert_int_equal(l->evidence[0]->n_case_ids, 1);
    assert_string_equal(l->evidence[0]->case_ids[0], other->id);
    assert_int_equal(l->evidence[0]->n_signatures, 1);
    assert_string_equal(l->evidence[0]->signatures[0]->signer, "E0102");
    //    Each read and signature is audited under the case that gave the reader the record,
    //    so it is in that case's audit extract and no other's; E0101 works on two of its cases and
    //    named neither: those entries name none and are in every case's extract.
    assert_int_equal(s_extract_count(c, other->id, "sign", rules, "E0102", other->id, arena), 1);
    assert_int_equal(s_extract_count(c, kase->id, "sign", rules, "E0102", other->id, arena), 0);
    assert_int_equal(s_extract_count(c, b->id, "sign", rules, "E0102", other->id, arena), 0);
    assert_int_equal(s_extract_count(c, b->id, "sign", rules, "E0101", "", arena), 1);
    assert_int_equal(s_extract_count(c, kase->id, "sign", rules, "E0101", "", arena), 1);
    assert_int_equal(s_extract_count(c, b->id, "stat", rules, "E0101", "", arena), 1);
    assert_int_equal(s_extract_count(c, kase->id, "stat", rules, "E0101", "", arena), 1);
    assert_int_equal(s_stat(c, NULL, NULL, rules, arena, &r), HR_OK); // HR sees it all
    assert_int_equal(r->n_case_ids, 3);
    assert_int_equal(r->n_signatures, 2);
    assert_string_equal(r->uploader, "operator");
    // A hold on E0102's case keeps the record: HR and E0102 see that it does, E0101 (whose
    // cases are not held) learns nothing of a hold on a colleague's case.
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "hold", "--case", other->id,
                                                 "--reason", "investigation", NULL}),
                     0);
    assert_int_equal(s_stat(c, NULL, NULL, rules, arena, &r), HR_OK);
    assert_true(r->case_held);
    assert_int_equal(s_stat(c, "E0102", "manager", rules, arena, &r), HR_OK);
    assert_true(r->case_held);
    assert_int_equal(s_stat(c, "E0101", "manager", rules, arena, &r), HR_OK);
    assert_false(r->case_held);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "release", "--case", other->id,
                                                 "--reason", "closed", NULL}),
                     0);
    // Naming a case shows none of its people, and only a case's people put files under it.
    l = s_list(c, "E0101", "manager", other->id, arena);
    assert_int_equal(l->n_evidence, 1);                // the rules, E0101's through their cases
    assert_int_equal(l->evidence[0]->n_signatures, 1); // their own, not E0102's
    assert_string_equal(l->evidence[0]->signatures[0]->signer, "E0101");
    char *file = hr_strfmt("%s/rule_document.txt", e2e_dir(c));
    const char *put_as[] = {"evidence",      "put",  file,    "--case", other->id,  "--kind",
                            "rule_document", "--as", "E0110", "--role", "employee", NULL};
    char *pout = NULL, *perr = NULL;
    assert_int_equal(e2e_hrctl(c, &pout, &perr, put_as), 1);
    assert_non_null(strstr(perr, "only the case's people"));
    hr_free(pout);
    hr_free(perr);
    // Into their own case, before the company told them of it: the very same refusal (the
    // answer must not tell them the case exists).
    put_as[4] = kase->id;
    assert_int_equal(e2e_hrctl(c, &pout, &perr, put_as), 1);
    assert_non_null(strstr(perr, "only the case's people"));
    hr_free(pout);
    hr_free(perr);
    hr_free(file);
    hr_free(rules);
    hr_free(rules_b);
    hr_free(rules_c);

    // A case names who opened it: never an unnamed caller, whatever its roles.
    Hr__Workflow__OpenCaseRequest anon = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    anon.employee_no = "E0112";
    anon.ground = "A40_2";
    anon.reason = "e2e";
    assert_int_equal(wfe_call(c, "", "hr", "workflow.OpenCase", &anon.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_EDENIED);

    // 5. The grants are in the store, not in memory: still there after kill -9.
    e2e_kill(c, "evidence", SIGKILL);
    assert_int_equal(e2e_restart(c, "evidence"), 0);
    assert_int_equal(s_stat(c, "E0100", "manager", talk, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0102", "manager", talk, arena, NULL), HR_ENOTFOUND);

    // 6. E0110 moves to E0102's team and HR hands the case to E0102 (a case goes only up the
    //    employee's line): the open step goes to E0102, who is told and reads the case's
    //    records; E0101, who opened it and is no longer its manager nor above E0110, does not.
    //    E0102 reads them from the import on, as the workflow lets the employee's line read the
    //    case (workflow.CaseLineChanged); E0101 until the reassignment, as its manager.
    static const char *const moved[] = {"E0110"}, *const to_e0102[] = {"E0102"};
    uint64_t applied = wfe_evidence_applied(c, arena);
    wfe_import_managers(c, moved, to_e0102, 1, arena);
    assert_true(wfe_evidence_wait_applied(c, applied + 1, arena) > applied);
    for (int i = 0; i < 200 && s_stat(c, "E0102", "manager", complaint, arena, NULL); i++)
        zclock_sleep(50);
    assert_int_equal(s_stat(c, "E0102", "manager", complaint, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0101", "manager", complaint, arena, NULL), HR_OK);
    Hr__Workflow__ReassignCaseRequest ra = HR__WORKFLOW__REASSIGN_CASE_REQUEST__INIT;
    ra.case_id = kase->id;
    ra.manager_no = "E0102";
    ra.reason = "E0101 on long leave";
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.ReassignCase", &ra.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_EDENIED); // HR's decision, not a manager's
    ra.reason = "";
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ReassignCase", &ra.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_EINVAL);
    ra.reason = "E0101 on long leave";
    ra.manager_no = "E9999";
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ReassignCase", &ra.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_ENOTFOUND);
    ra.manager_no = "E0110";
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ReassignCase", &ra.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_EINVAL);
    size_t assigned = wfe_outbox_count(c, kase->id, "step_assigned", arena, NULL);
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err,
                               (const char *[]){"case", "reassign", kase->id, "--manager", "E0102",
                                                "--reason", "E0101 on long leave", NULL}),
                     0);
    assert_non_null(strstr(out, "; manager E0102\n")); // hrctl says who has the case now
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *now = wfe_get(c, kase->id, arena);
    assert_string_equal(now->manager_no, "E0102");
    assert_string_equal(now->steps[now->current]->owner_no, "E0102");
    Hr__Workflow__WorkflowNotifySend *told = NULL;
    assert_int_equal(wfe_outbox_count(c, kase->id, "step_assigned", arena, &told), assigned + 1);
    assert_string_equal(told->to[0]->employee_no, "E0102");
    assert_non_null(strstr(now->history[now->n_history - 1]->note, "E0101 -> E0102"));
    // hrctl case events shows the event with its body (the new manager, the reporting lines).
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"case", "events", "--json", NULL}),
                     0);
    json_t *events = json_loads(out, 0, NULL);
    assert_non_null(events);
    const char *moved_to = NULL;
    size_t k;
    json_t *ev;
    json_array_foreach(events, k, ev)
    {
        if (!strcmp(json_string_value(json_object_get(ev, "type")), "workflow.CaseReassigned"))
            moved_to =
                json_string_value(json_object_get(json_object_get(ev, "body"), "manager_no"));
    }
    assert_non_null(moved_to);
    assert_string_equal(moved_to, "E0102");
    json_decref(events);
    hr_free(out);
    hr_free(err);
    ra.manager_no = "E0102"; // again: nothing to hand on
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ReassignCase", &ra.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_ECONFLICT);
    // E0102 read from the import on: wait for the reassignment's effect, E0101 refused.
    for (int i = 0; i < 200 && !s_stat(c, "E0101", "manager", complaint, arena, NULL); i++)
        zclock_sleep(50);
    assert_int_equal(s_stat(c, "E0102", "manager", complaint, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0101", "manager", complaint, arena, NULL), HR_ENOTFOUND);

    // 7. The workflow withdraws the case - its manager now, not the one replaced: the records'
    //    retention starts at the close.
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = kase->id;
    wd.reason = "the employee resigned";
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    assert_int_equal(wfe_call(c, "E0102", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_OK);
    int64_t closed_ms = wfe_now_ms(c, arena);
    for (int i = 0; i < 200 && e->due_ms == 0; i++) {
        zclock_sleep(50);
        assert_int_equal(s_stat(c, NULL, NULL, complaint, arena, &e), HR_OK);
    }
    int64_t two_years = (int64_t)EV_DEFAULT_RETENTION_DAYS * HR_DAY_MS;
    assert_true(e->due_ms > closed_ms - 60000 + two_years - HR_DAY_MS);
    assert_true(e->due_ms <= closed_ms + two_years + HR_DAY_MS);

    // 8. A hold on the case keeps its records, and every reader of a record sees that it does
    // (a dispute's own hold: e2e.workflow_lifecycle).
    assert_false(e->case_held);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "hold", "--case", kase->id, "--reason",
                                                 "grievance", NULL}),
                     0);
    assert_int_equal(s_stat(c, "E0102", "manager", complaint, arena, &e), HR_OK);
    assert_true(e->case_held);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "release", "--case", kase->id,
                                                 "--reason", "grievance settled", NULL}),
                     0);
    assert_int_equal(s_stat(c, NULL, NULL, complaint, arena, &e), HR_OK);
    assert_false(e->case_held);

    // 9. The chain holds what was learnt (case_people, case_closed) and verifies.
    assert_int_equal(s_hrctl(c, (const char *[]){"verify", NULL}), 0);
    s_env_end(&env);
}

// The authorization matrix of reliability P19 for hr-evidence: every kind of caller against
// every route, on a case's records, with the answer each must get. E0003 holds hr and E0006
// legal in the demo directory. ALLOW is HR_OK; a refusal to
// read is HR_ENOTFOUND (the record's existence is not told), a role check HR_EDENIED.
typedef struct {
    const char *user; // "" = no user id
    const char *role;
    hr_rc_t stat_talk, stat_complaint, get_talk, sign_talk, hold, verify, put;
    hr_rc_t put_report, put_memo; // an upload (PutBegin) of a performance_report, of other
    size_t listed;                // records List shows of the case (of 2)
} s_row_t;

static hr_rc_t s_call_as(e2e_t *c, const s_row_t *r, const char *type, const ProtobufCMessage *req,
                         const ProtobufCMessageDescriptor *desc, hr_arena_t *arena, void **rep)
{
    return wfe_call_to(c, "evidence", r->user, r->role, type, req, desc, arena, rep);
}

static void test_every_caller_against_every_route(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_matrix");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    Hr__Workflow__Case *kase = env.kase;
    char *talk = env.talk, *complaint = env.complaint;
    static const s_row_t rows[] = {
        // user, role: stat talk, stat complaint, get talk, sign talk, hold, verify, put facts,
        // put a performance report, put other, listed. Legal uploads only its own work (other,
        // agreement): the employer's records are HR's and the manager's.
        {"E0003", "hr", HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, 2},
        {"E0006", "legal", HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_OK, HR_EDENIED, HR_OK, 2},
        {"E0101", "manager", HR_OK, HR_OK, HR_OK, HR_OK, HR_EDENIED, HR_EDENIED, HR_OK, HR_OK,
         HR_OK, 2},
        {"E0100", "manager", HR_OK, HR_OK, HR_OK, HR_OK, HR_EDENIED, HR_EDENIED, HR_OK, HR_OK,
         HR_OK, 2},
        {"E0102", "manager", HR_ENOTFOUND, HR_ENOTFOUND, HR_ENOTFOUND, HR_ENOTFOUND, HR_EDENIED,
         HR_EDENIED, HR_EDENIED, HR_EDENIED, HR_EDENIED, 0},
        // The employee puts nothing under their case before being told of it (as E0102 outside).
        {"E0110", "employee", HR_OK, HR_ENOTFOUND, HR_OK, HR_OK, HR_EDENIED, HR_EDENIED, HR_EDENIED,
         HR_EDENIED, HR_EDENIED, 1},
        {"E0111", "employee", HR_ENOTFOUND, HR_ENOTFOUND, HR_ENOTFOUND, HR_ENOTFOUND, HR_EDENIED,
         HR_EDENIED, HR_EDENIED, HR_EDENIED, HR_EDENIED, 0},
        {"E0110", "hr_head", HR_OK, HR_ENOTFOUND, HR_OK, HR_ECONFLICT, HR_EDENIED, HR_EDENIED,
         HR_EDENIED, HR_EDENIED, HR_EDENIED, 1}, // the employee is the employee, whatever role
        {"", "hr", HR_EDENIED, HR_EDENIED, HR_EDENIED, HR_EDENIED, HR_EDENIED, HR_EDENIED,
         HR_EDENIED, HR_EDENIED, HR_EDENIED, 0}, // nobody the directory knows: hr counts for no one
        {"E0110", "operator", HR_OK, HR_ENOTFOUND, HR_OK, HR_ECONFLICT, HR_EDENIED, HR_EDENIED,
         HR_EDENIED, HR_EDENIED, HR_EDENIED, 1}, // a person of the directory is never the operator
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        const s_row_t *r = &rows[i];
        char what[64];
        snprintf(what, sizeof what, "row %zu (%s as %s)", i, r->user, r->role);
        Hr__Evidence__StatRequest st = HR__EVIDENCE__STAT_REQUEST__INIT;
        st.id = talk;
        hr_rc_t rc = s_call_as(c, r, "evidence.Stat", &st.base,
                               &hr__evidence__stat_reply__descriptor, arena, NULL);
        if (rc != r->stat_talk)
            fail_msg("%s: stat talk %s", what, hr_rc_name(rc));
        st.id = complaint;
        rc = s_call_as(c, r, "evidence.Stat", &st.base, &hr__evidence__stat_reply__descriptor,
                       arena, NULL);
        if (rc != r->stat_complaint)
            fail_msg("%s: stat complaint %s", what, hr_rc_name(rc));
        Hr__Evidence__GetBeginRequest gb = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
        gb.id = talk;
        rc = s_call_as(c, r, "evidence.GetBegin", &gb.base,
                       &hr__evidence__get_begin_reply__descriptor, arena, NULL);
        if (rc != r->get_talk)
            fail_msg("%s: get talk %s", what, hr_rc_name(rc));
        Hr__Evidence__SignRequest sg = HR__EVIDENCE__SIGN_REQUEST__INIT;
        sg.id = talk;
        sg.statement = "seen";
        rc = s_call_as(c, r, "evidence.Sign", &sg.base, &hr__evidence__sign_reply__descriptor,
                       arena, NULL);
        if (rc != r->sign_talk)
            fail_msg("%s: sign talk %s", what, hr_rc_name(rc));
        Hr__Evidence__HoldRequest hd = HR__EVIDENCE__HOLD_REQUEST__INIT;
        hd.id = complaint;
        hd.reason = "matrix";
        rc = s_call_as(c, r, "evidence.Hold", &hd.base, &hr__evidence__hold_reply__descriptor,
                       arena, NULL);
        if (rc != r->hold)
            fail_msg("%s: hold %s", what, hr_rc_name(rc));
        if (rc == HR_OK) // lifted again, so the next row finds the record as it was
            assert_int_equal(s_call_as(c, r, "evidence.Release", &hd.base,
                                       &hr__evidence__hold_reply__descriptor, arena, NULL),
                             HR_OK);
        Hr__Evidence__VerifyRequest vf = HR__EVIDENCE__VERIFY_REQUEST__INIT;
        rc = s_call_as(c, r, "evidence.Verify", &vf.base, &hr__evidence__verify_reply__descriptor,
                       arena, NULL);
        if (rc != r->verify)
            fail_msg("%s: verify %s", what, hr_rc_name(rc));
        Hr__Evidence__PutFactsRequest pf = HR__EVIDENCE__PUT_FACTS_REQUEST__INIT;
        pf.case_id = kase->id;
        pf.json = hr_arena_fmt(arena, "{\"kind\":\"hr.analytics.facts_snapshot\",\"row\":%zu}", i);
        rc = s_call_as(c, r, "evidence.PutFacts", &pf.base,
                       &hr__evidence__put_facts_reply__descriptor, arena, NULL);
        if (rc != r->put)
            fail_msg("%s: put %s", what, hr_rc_name(rc));
        const char *put_kinds[2] = {"performance_report", "other"};
        for (int k = 0; k < 2; k++) {
            Hr__Evidence__PutBeginRequest pb = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
            pb.case_id = kase->id;
            pb.kind = (char *)put_kinds[k];
            pb.file_name = "matrix.txt";
            Hr__Evidence__PutBeginReply *br = NULL;
            rc = s_call_as(c, r, "evidence.PutBegin", &pb.base,
                           &hr__evidence__put_begin_reply__descriptor, arena, (void **)&br);
            if (rc != (k ? r->put_memo : r->put_report))
                fail_msg("%s: put %s %s", what, put_kinds[k], hr_rc_name(rc));
            if (rc == HR_OK) { // dropped again: the next row finds every upload slot free
                Hr__Evidence__PutAbortRequest pa = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
                pa.upload_id = br->upload_id;
                assert_int_equal(s_call_as(c, r, "evidence.PutAbort", &pa.base,
                                           &hr__evidence__put_abort_reply__descriptor, arena, NULL),
                                 HR_OK);
            }
        }
        Hr__Evidence__ListRequest ls = HR__EVIDENCE__LIST_REQUEST__INIT;
        ls.case_id = kase->id;
        Hr__Evidence__ListReply *lr = NULL;
        rc = s_call_as(c, r, "evidence.List", &ls.base, &hr__evidence__list_reply__descriptor,
                       arena, (void **)&lr);
        size_t listed = 0;
        for (size_t k = 0; !rc && k < lr->n_evidence; k++)
            listed += !strcmp(lr->evidence[k]->id, talk) || !strcmp(lr->evidence[k]->id, complaint);
        if (listed != r->listed)
            fail_msg("%s: listed %zu of the two", what, listed);
    }
    s_env_end(&env);
}

static hr_rc_t s_get(e2e_t *c, const char *user, const char *role, const char *id,
                     hr_arena_t *arena)
{
    Hr__Evidence__GetBeginRequest req = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
    req.id = (char *)id;
    return wfe_call_to(c, "evidence", user, role, "evidence.GetBegin", &req.base,
                       &hr__evidence__get_begin_reply__descriptor, arena, NULL);
}

// evidence.Hold (hold) or evidence.Release of a whole case.
static hr_rc_t s_hold(e2e_t *c, const char *user, const char *role, const char *case_id, bool hold,
                      hr_arena_t *arena)
{
    Hr__Evidence__HoldRequest req = HR__EVIDENCE__HOLD_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.reason = hold ? "grievance" : "settled";
    return wfe_call_to(c, "evidence", user, role, hold ? "evidence.Hold" : "evidence.Release",
                       &req.base, &hr__evidence__hold_reply__descriptor, arena, NULL);
}

// Waits (real time) until user as role is shown `want` records of the case: the workflow's
// events have been applied. false on timeout.
static bool s_wait_listed(e2e_t *c, const char *user, const char *role, const char *case_id,
                          size_t want, hr_arena_t *arena)
{
    for (int i = 0; i < 200; i++) {
        if (s_list(c, user, role, case_id, arena)->n_evidence == want)
            return true;
        zclock_sleep(50);
    }
    return false;
}

// Roles a caller claims count at hr-evidence only as the workflow's directory gives them: the
// workflow publishes its people's roles (workflow.RolesChanged) and hr-evidence keeps them. An
// employee claiming hr, legal or operator is an employee (hrctl --as E0120 --role hr listed any
// case's records); HR and legal of the directory read, hold and verify; a role a later people
// import takes is gone at evidence too; hrctl, the operator, is unchanged.
static void test_claimed_roles_count_only_as_the_directory_gives_them(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_roles");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    const char *case_id = env.kase->id, *talk = env.talk, *complaint = env.complaint;

    // 1. E0003 has the role hr in the directory: once evidence has learnt it, they read all.
    assert_true(s_wait_listed(c, "E0003", "hr", case_id, 2, arena));
    assert_int_equal(s_get(c, "E0003", "hr", complaint, arena), HR_OK);
    assert_int_equal(s_hold(c, "E0003", "hr", case_id, true, arena), HR_OK);
    assert_int_equal(s_hold(c, "E0003", "hr", case_id, false, arena), HR_OK);
    assert_int_equal(s_stat(c, "E0006", "legal", complaint, arena, NULL), HR_OK);
    assert_int_equal(s_list(c, "E0006", "legal", case_id, arena)->n_evidence, 2);

    // 2. An employee of another case claiming a custodian's role reads, gets and holds nothing:
    //    to them the records do not exist. So for a legal reviewer claiming hr they do not hold.
    static const struct {
        const char *user, *role;
    } claims[] = {{"E0120", "hr"},
                  {"E0120", "legal"},
                  {"E0120", "operator"},
                  {"E0120", "hr,legal"},
                  {"E0006", "hr"},
                  // Users the directory does not know: only hrctl's own identity is the operator.
                  {"X9999", "operator"},
                  {"e0120", "operator"},
                  {"E0120 ", "operator"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(claims); i++) {
        const char *user = claims[i].user, *role = claims[i].role;
        Hr__Evidence__ListReply *l = s_list(c, user, role, case_id, arena);
        if (l->n_evidence != 0 || l->withheld != 0)
            fail_msg("%s as %s: listed %zu, withheld %u", user, role, l->n_evidence, l->withheld);
        assert_int_equal(s_stat(c, user, role, talk, arena, NULL), HR_ENOTFOUND);
        assert_int_equal(s_get(c, user, role, complaint, arena), HR_ENOTFOUND);
        assert_int_equal(s_hold(c, user, role, case_id, true, arena), HR_EDENIED);
        Hr__Evidence__VerifyRequest vf = HR__EVIDENCE__VERIFY_REQUEST__INIT;
        vf.id = (char *)talk;
        assert_int_equal(wfe_call_to(c, "evidence", user, role, "evidence.Verify", &vf.base,
                                     &hr__evidence__verify_reply__descriptor, arena, NULL),
                         HR_EDENIED);
    }
    // The case's own employee claiming hr reads what the employee reads, nothing more.
    Hr__Evidence__ListReply *l = s_list(c, "E0110", "hr", case_id, arena);
    assert_int_equal(l->n_evidence, 1);
    assert_string_equal(l->evidence[0]->id, talk);
    // hrctl, the operator (no person of the directory), is as it was.
    char *out = NULL, *err = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "list", "--case", case_id, NULL}), 0);
    assert_non_null(strstr(out, talk));
    assert_non_null(strstr(out, complaint));
    hr_free(out);
    hr_free(err);
    // hrctl --as without --role acts with the roles the directory gives the person, as the
    // gateway will: E0003 (hr) reads both records, E0120 (no role) neither, E0110 (the
    // employee) the talk; a user the directory does not hold is stopped before any call.
    static const struct {
        const char *user;
        int code;
        const char *says;
    } as_directory[] = {{"E0003", 0, "2 record(s)\n"},
                        {"E0120", 0, "0 record(s)\n"},
                        {"E0110", 0, "1 record(s)\n"},
                        {"X9999", 1, "no person 'X9999'"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(as_directory); i++) {
        int code = e2e_hrctl(c, &out, &err,
                             (const char *[]){"evidence", "list", "--case", case_id, "--as",
                                              as_directory[i].user, NULL});
        if (code != as_directory[i].code || !strstr(code ? err : out, as_directory[i].says))
            fail_msg("hrctl --as %s: exit %d\n%s%s", as_directory[i].user, code, out, err);
        hr_free(out);
        hr_free(err);
    }
    assert_int_equal(
        e2e_hrctl(c, &out, &err, (const char *[]){"case", "show", case_id, "--as", "E0003", NULL}),
        0);
    hr_free(out);
    hr_free(err);
    // --role is a list of role names, spaces around them allowed; a name that is no role, or an
    // empty --as, is a usage error (exit 2) before any call.
    assert_int_equal(e2e_hrctl(c, &out, &err,
                               (const char *[]){"evidence", "list", "--case", case_id, "--as",
                                                "E0003", "--role", "manager, hr", NULL}),
                     0);
    assert_non_null(strstr(out, "2 record(s)\n"));
    hr_free(out);
    hr_free(err);
    const char *const *usage[] = {
        (const char *[]){"evidence", "list", "--case", case_id, "--as", "E0003", "--role", "hrr",
                         NULL},
        (const char *[]){"evidence", "list", "--case", case_id, "--as", "", NULL},
        (const char *[]){"case", "show", case_id, "--as", "", NULL},
        (const char *[]){"case", "show", case_id, "--as", "E0003", "--role", "hr,boss", NULL}};
    for (size_t i = 0; i < HR_ARRAY_LEN(usage); i++) {
        assert_int_equal(e2e_hrctl(c, &out, &err, usage[i]), 2);
        if (!strstr(err, "is not a role") && !strstr(err, "--as needs an employee number"))
            fail_msg("usage %zu: %s", i, err);
        hr_free(out);
        hr_free(err);
    }

    // 3. A people import takes E0003's hr: evidence follows, and E0003 is a plain employee
    //    there too; E0007, still hr, reads on.
    char *file = wfe_people_without_roles(c, "E0003");
    assert_non_null(file);
    assert_int_equal(s_hrctl(c, (const char *[]){"import", "people", file, NULL}), 0);
    hr_free(file);
    assert_true(s_wait_listed(c, "E0003", "hr", case_id, 0, arena));
    assert_int_equal(s_stat(c, "E0003", "hr", talk, arena, NULL), HR_ENOTFOUND);
    assert_int_equal(s_get(c, "E0003", "hr", complaint, arena), HR_ENOTFOUND);
    assert_int_equal(s_hold(c, "E0003", "hr", case_id, true, arena), HR_EDENIED);
    assert_int_equal(s_list(c, "E0007", "hr", case_id, arena)->n_evidence, 2);
    // The workflow says so in its log: the import's event names E0003 and no role.
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"case", "events", "--json", NULL}),
                     0);
    json_t *events = json_loads(out, 0, NULL);
    assert_non_null(events);
    json_t *last = NULL, *ev;
    size_t k;
    json_array_foreach(events, k, ev)
    {
        if (!strcmp(json_string_value(json_object_get(ev, "type")), "workflow.RolesChanged"))
            last = ev;
    }
    assert_non_null(last);
    json_t *people = json_object_get(json_object_get(last, "body"), "people");
    assert_int_equal(json_array_size(people), 1);
    json_t *p0 = json_array_get(people, 0);
    assert_string_equal(json_string_value(json_object_get(p0, "employee_no")), "E0003");
    assert_int_equal(json_array_size(json_object_get(p0, "roles")), 0);
    json_decref(events);
    hr_free(out);
    hr_free(err);
    // The grants and the loss are audited, and the chain verifies.
    assert_int_equal(s_hrctl(c, (const char *[]){"verify", NULL}), 0);
    s_env_end(&env);
}

// The workflow.RolesChanged events in the workflow's log: how many, and the people of all of
// them together.
static size_t s_roles_events(e2e_t *c, size_t *people)
{
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"case", "events", "--json", NULL}),
                     0);
    json_t *events = json_loads(out, 0, NULL);
    assert_non_null(events);
    size_t n = 0, k;
    json_t *ev;
    *people = 0;
    json_array_foreach(events, k, ev)
    {
        if (strcmp(json_string_value(json_object_get(ev, "type")), "workflow.RolesChanged"))
            continue;
        n++;
        *people += json_array_size(json_object_get(json_object_get(ev, "body"), "people"));
    }
    json_decref(events);
    hr_free(out);
    hr_free(err);
    return n;
}

// A directory from before this release reaches hr-evidence: a workflow store of schema 2 holds
// people and no workflow.RolesChanged; the upgraded workflow publishes every person's roles
// once when it migrates the store (schema 3), never again, and evidence trusts hr and legal as
// that says.
static void test_a_directory_from_the_previous_version_reaches_evidence(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = wfe_new("evidence_upgrade");
    hr_arena_t *arena = hr_arena_new(0);
    char *dir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    char *err = NULL;
    hr_store_opts_t opts = {.dir = dir, .mapsize_mb = 64, .dbs = wf_store_dbs, .schema_version = 2};
    hr_store_t *store = hr_store_open(&opts, &err);
    assert_non_null(store);
    static const char *const people[][2] = {
        {"E0003", "hr"}, {"E0006", "legal"}, {"E0120", "employee"}};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    for (size_t i = 0; i < HR_ARRAY_LEN(people); i++) {
        Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
        char *roles[] = {(char *)people[i][1]};
        p.employee_no = (char *)people[i][0];
        p.roles = roles;
        p.n_roles = 1;
        assert_int_equal(wf_store_person_put(txn, &p), HR_OK);
    }
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_free(dir);

    assert_int_equal(e2e_start(c, (const char *const[]){"workflow", NULL}), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    const char *case_id = "01JN00000000000000000000AA";
    char *id = s_put(c, case_id, "complaint_record", COMPLAINT);
    assert_true(s_wait_listed(c, "E0003", "hr", case_id, 1, arena));
    assert_int_equal(s_list(c, "E0006", "legal", case_id, arena)->n_evidence, 1);
    assert_int_equal(s_stat(c, "E0120", "hr", id, arena, NULL), HR_ENOTFOUND);
    Hr__Evidence__ListReply *l = s_list(c, "E0120", "hr", case_id, arena);
    assert_int_equal(l->n_evidence, 0);
    assert_int_equal(l->withheld, 0);
    size_t n = 0;
    assert_int_equal(s_roles_events(c, &n), 1);
    assert_int_equal(n, HR_ARRAY_LEN(people));
    // Once: a restart has nothing more to migrate.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_int_equal(s_roles_events(c, &n), 1);
    hr_free(id);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The audit chain's length (sys.Status chain_head=N:...).
static unsigned long long s_chain_len(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    Hr__Sys__StatusReply *rep = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "sys.Status", &req.base,
                                 &hr__sys__status_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    for (size_t i = 0; i < rep->n_extra; i++)
        if (!strncmp(rep->extra[i], "chain_head=", 11))
            return strtoull(rep->extra[i] + 11, NULL, 10);
    fail_msg("sys.Status of hr-evidence has no chain_head");
    return 0;
}

// Every read by a person is in the audit chain, as a get is: a stat (signatures, statements)
// one entry, a list (the case's file names) one entry for the whole list; a refused read none
// (it is logged); the operator's own reads (hrctl verify's walk) none. Verify still passes.
static void test_people_reads_are_audited(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_read_audit");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    unsigned long long n = s_chain_len(c, arena);
    assert_int_equal(s_stat(c, "E0006", "legal", env.complaint, arena, NULL), HR_OK);
    assert_int_equal(s_chain_len(c, arena), n + 1);
    Hr__Evidence__ListReply *l = s_list(c, "E0110", "employee", env.kase->id, arena);
    assert_int_equal(l->n_evidence, 1);
    assert_int_equal(s_chain_len(c, arena), n + 2);
    assert_int_equal(s_stat(c, "E0110", "employee", env.complaint, arena, NULL), HR_ENOTFOUND);
    assert_int_equal(s_stat(c, NULL, NULL, env.talk, arena, NULL), HR_OK);
    s_list(c, NULL, NULL, env.kase->id, arena);
    assert_int_equal(s_chain_len(c, arena), n + 2);
    // Through hrctl as a person, as the legal reviewer found it: one entry each.
    const char *stat[] = {"evidence", "stat", env.talk, "--as", "E0006", NULL};
    assert_int_equal(s_hrctl(c, stat), 0);
    const char *list[] = {"evidence", "list", "--case", env.kase->id, "--as", "E0110", NULL};
    assert_int_equal(s_hrctl(c, list), 0);
    assert_int_equal(s_chain_len(c, arena), n + 4);
    const char *verify[] = {"verify", NULL};
    assert_int_equal(s_hrctl(c, verify), 0);
    assert_int_equal(s_chain_len(c, arena), n + 4);
    s_env_end(&env);
}

// hrctl verify after a lawful retention deletion: the case still lists the ids the workflow
// attached, hr-evidence shredded their records two years after the close. Each is said as
// "shredded for retention on DATE" (evidence.Deleted: the tombstone the sweep left), not
// MISSING, and verify passes; an id the case lists that has no record and no deletion stays
// MISSING and fails it.
static void test_verify_after_retention_names_shredded_records_not_missing(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_access_retained");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    const char *case_id = env.kase->id;
    char *file = hr_strfmt("%s/ack.txt", e2e_dir(c));
    assert_int_equal(hr_test_write_file(file, RULES, strlen(RULES)), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err,
                               (const char *[]){"case", "attach", case_id, "--file", file, "--kind",
                                                "rule_acknowledgement", NULL}),
                     0);
    char id[65] = "";
    for (const char *p = out; *p && !id[0]; p++)
        if (strspn(p, "0123456789abcdef") == 64)
            snprintf(id, sizeof id, "%.64s", p);
    assert_int_equal(strlen(id), 64);
    hr_free(out);
    hr_free(err);

    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = env.kase->id;
    wd.reason = "the employee resigned";
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, NULL),
                     HR_OK);
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(s_stat(c, NULL, NULL, id, arena, &e), HR_OK);
    for (int i = 0; i < 200 && e->due_ms == 0; i++) {
        zclock_sleep(50);
        assert_int_equal(s_stat(c, NULL, NULL, id, arena, &e), HR_OK);
    }
    assert_true(e->due_ms > 0);
    // Nobody asks after it before it is deleted.
    Hr__Evidence__DeletedRequest dq = HR__EVIDENCE__DELETED_REQUEST__INIT;
    dq.id = id;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.Deleted", &dq.base,
                                 &hr__evidence__deleted_reply__descriptor, arena, NULL),
                     HR_ENOTFOUND);

    // Two years and a few days on: the sweep shreds the attached record.
    int64_t now = wfe_now_ms(c, arena);
    assert_int_equal(e2e_clock_advance(c, e->due_ms - now + 3 * HR_DAY_MS), 0);
    for (int i = 0; i < 200 && s_stat(c, NULL, NULL, id, arena, NULL) != HR_ENOTFOUND; i++)
        zclock_sleep(50);
    assert_int_equal(s_stat(c, NULL, NULL, id, arena, NULL), HR_ENOTFOUND);
    Hr__Evidence__DeletedReply *dr = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.Deleted", &dq.base,
                                 &hr__evidence__deleted_reply__descriptor, arena, (void **)&dr),
                     HR_OK);
    assert_string_equal(dr->tombstone->reason, "retention");
    assert_true(dr->tombstone->deleted_ms >= e->due_ms);
    assert_true(dr->tombstone->audit_seq > 0);
    // Only custodians ask: the case's manager hears what a missing record says.
    assert_int_equal(wfe_call_to(c, "evidence", "E0101", "manager", "evidence.Deleted", &dq.base,
                                 &hr__evidence__deleted_reply__descriptor, arena, NULL),
                     HR_EDENIED);

    char iso[HR_TIME_ISO_LEN];
    hr_time_iso(dr->tombstone->deleted_ms, iso);
    char *line =
        hr_strfmt("case %s: evidence %s: shredded for retention on %.10s", case_id, id, iso);
    int vrc = e2e_hrctl(c, &out, &err, (const char *[]){"verify", NULL});
    if (vrc)
        fprintf(stderr, "hrctl verify: %s%s", out, err);
    assert_int_equal(vrc, 0);
    assert_non_null(strstr(out, line));
    assert_null(strstr(out, "MISSING"));
    assert_non_null(strstr(out, "0 missing at hr-evidence, 1 shredded for retention"));
    assert_non_null(strstr(out, "verify: ok"));
    hr_free(out);
    hr_free(err);
    hr_free(line);
    hr_free(file);
    s_env_end(&env);
}

// The employee concerned reads as the employee whatever roles they hold (review: E0006, legal,
// read and exported the complaint about them): of their own case only the kinds in
// access/employee_kinds, never the custodian view, no export, audit extract, hold or release.
// Their role still counts on every other case.
static void test_a_custodian_who_is_the_case_employee_reads_as_the_employee(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_own_case");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    // E0006 holds legal in the directory: once evidence has learnt it, they read E0110's case.
    assert_true(s_wait_listed(c, "E0006", "legal", env.kase->id, 2, arena));
    Hr__Workflow__Case *own = wfe_open(c, "E0001", "E0006", "A40_3", arena);
    assert_non_null(own);
    char *talk = s_put(c, own->id, "feedback_talk_record", "Feedback talk with E0006.\n");
    char *complaint = s_put(c, own->id, "complaint_record", "Complaint about E0006.\n");
    bool known = false;
    for (int i = 0; i < 200 && !known; i++) {
        known = s_stat(c, "E0001", "manager", complaint, arena, NULL) == HR_OK;
        if (!known)
            zclock_sleep(50);
    }
    assert_true(known);

    // Not yet told of the case: the talk shown to sign, and not how many records are withheld.
    Hr__Evidence__ListReply *l = s_list(c, "E0006", "legal", own->id, arena);
    assert_int_equal(l->n_evidence, 1);
    assert_int_equal(l->withheld, 0);
    assert_string_equal(l->evidence[0]->id, talk);
    assert_int_equal(s_stat(c, "E0006", "legal", talk, arena, NULL), HR_OK);
    assert_int_equal(s_stat(c, "E0006", "legal", complaint, arena, NULL), HR_ENOTFOUND);
    assert_int_equal(s_get(c, "E0006", "legal", complaint, arena), HR_ENOTFOUND);
    assert_int_equal(s_hold(c, "E0006", "legal", own->id, true, arena), HR_EDENIED);
    assert_int_equal(s_hold(c, "E0006", "legal", own->id, false, arena), HR_EDENIED);
    Hr__Evidence__HoldRequest hr = HR__EVIDENCE__HOLD_REQUEST__INIT;
    hr.id = talk;
    hr.reason = "mine";
    assert_int_equal(wfe_call_to(c, "evidence", "E0006", "legal", "evidence.Hold", &hr.base,
                                 &hr__evidence__hold_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    Hr__Evidence__CloseCaseRequest cc = HR__EVIDENCE__CLOSE_CASE_REQUEST__INIT;
    cc.case_id = own->id;
    assert_int_equal(wfe_call_to(c, "evidence", "E0006", "legal", "evidence.CloseCase", &cc.base,
                                 &hr__evidence__close_case_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    Hr__Evidence__ExportRequest ex = HR__EVIDENCE__EXPORT_REQUEST__INIT;
    ex.case_id = own->id;
    assert_int_equal(wfe_call_to(c, "evidence", "E0006", "legal", "evidence.Export", &ex.base,
                                 &hr__evidence__export_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    Hr__Evidence__AuditExtractRequest ax = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
    ax.case_id = own->id;
    assert_int_equal(wfe_call_to(c, "evidence", "E0006", "legal", "evidence.AuditExtract", &ax.base,
                                 &hr__evidence__audit_extract_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    // As the reviewer ran it: hrctl --as E0006 (the directory's roles) shows one record and
    // exports nothing.
    char *out = NULL, *err = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err,
                  (const char *[]){"evidence", "list", "--case", own->id, "--as", "E0006", NULL}),
        0);
    assert_non_null(strstr(out, "1 record(s)\n"));
    assert_null(strstr(out, complaint));
    hr_free(out);
    hr_free(err);
    char *dir = hr_strfmt("%s/own-export", e2e_dir(c));
    assert_int_not_equal(e2e_hrctl(c, &out, &err,
                                   (const char *[]){"evidence", "export", "--case", own->id, dir,
                                                    "--as", "E0006", NULL}),
                         0);
    hr_free(out);
    hr_free(err);
    char *manifest = hr_strfmt("%s/manifest.json", dir);
    assert_int_not_equal(access(manifest, F_OK), 0);
    hr_free(manifest);
    hr_free(dir);
    // On another case E0006 is legal as before; HR exports E0006's case.
    assert_int_equal(s_list(c, "E0006", "legal", env.kase->id, arena)->n_evidence, 2);
    ex.case_id = env.kase->id;
    assert_int_equal(wfe_call_to(c, "evidence", "E0006", "legal", "evidence.Export", &ex.base,
                                 &hr__evidence__export_reply__descriptor, arena, NULL),
                     HR_OK);
    ex.case_id = own->id;
    Hr__Evidence__ExportReply *exr = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", "E0003", "hr", "evidence.Export", &ex.base,
                                 &hr__evidence__export_reply__descriptor, arena, (void **)&exr),
                     HR_OK);
    assert_int_equal(exr->n_evidence, 2);
    hr_free(talk);
    hr_free(complaint);
    s_env_end(&env);
}

// Writes text to a file named name in the test's directory; the path, owned.
static char *s_file(e2e_t *c, const char *name, const char *text)
{
    char *file = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(file, text, strlen(text)), 0);
    return file;
}

// hrctl evidence put as E0006 (legal in the demo directory, roles from it); the exit status,
// stdout and stderr in *out and *err (owned).
static int s_put_as_legal(e2e_t *c, const char *file, const char *case_id, const char *kind,
                          char **out, char **err)
{
    return e2e_hrctl(c, out, err,
                     (const char *[]){"evidence", "put", file, "--case", case_id, "--kind", kind,
                                      "--as", "E0006", NULL});
}

// PutBegin as E0006 (legal) replacing old; *message (arena) is the server's text on a refusal.
// An upload begun is dropped again.
static hr_rc_t s_supersede_as_legal(e2e_t *c, const char *case_id, const char *kind,
                                    const char *old, hr_arena_t *arena, const char **message)
{
    hr_clock_t *clock = hr_clock_system_new();
    char *cerr = NULL;
    hr_client_t *client = hr_client_new(e2e_endpoint(c, "evidence"), clock, &cerr);
    assert_non_null(client);
    Hr__Actor legal = HR__ACTOR__INIT;
    char *roles[] = {"legal"};
    legal.user_id = "E0006";
    legal.roles = roles;
    legal.n_roles = 1;
    hr_call_opts_t opts = {.timeout_ms = 5000, .actor = &legal};
    Hr__Evidence__PutBeginRequest pb = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    pb.case_id = (char *)case_id;
    pb.kind = (char *)kind;
    pb.file_name = "v2.txt";
    pb.supersedes = (char *)old;
    hr_result_t res;
    hr_rc_t rc = hr_client_call(client, "evidence.PutBegin", &pb.base,
                                &hr__evidence__put_begin_reply__descriptor, arena, &opts, &res);
    zmsg_destroy(&res.frames);
    *message = res.message ? res.message : "";
    if (!rc) {
        Hr__Evidence__PutAbortRequest pa = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
        pa.upload_id = ((Hr__Evidence__PutBeginReply *)res.reply)->upload_id;
        assert_int_equal(hr_client_call(client, "evidence.PutAbort", &pa.base,
                                        &hr__evidence__put_abort_reply__descriptor, arena, &opts,
                                        &res),
                         HR_OK);
        zmsg_destroy(&res.frames);
    }
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    return rc;
}

// Legal reviews the employer's evidence and uploads only its own work: `other` (legal memos,
// arbitration and court papers) and `agreement` (a settlement it drafted). A performance report,
// a notice letter or any other record of the employment and its procedure is the manager's or
// HR's to upload (review: legal uploaded a performance_report through hrctl evidence put, and
// the record then named legal as its producer at a hearing). Nor does legal add such a record
// by uploading its bytes again under another kind, or replace one. HR's rights are unchanged.
// PIPL Art. 45 (the privacy officer's review of 2026-11-29): `hrctl person export E0110` as HR
// gives the directory entry whole, the case where E0110 is the employee with its history, and
// its evidence records with kind, day and hash - HR's feedback talk among them, legal's memo
// (`other` uploaded by legal) not, counted. The manager gets no export.
static void s_export_leaves_out_legal_s_work(e2e_t *c, const char *case_id, const char *talk,
                                             const char *memo_id)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err,
                       (const char *[]){"person", "export", "E0110", "--as", "E0003", NULL});
    if (rc)
        fail_msg("person export: exit %d: %s", rc, err);
    json_error_t je;
    json_t *doc = json_loads(out, 0, &je);
    if (!doc)
        fail_msg("person export: not JSON (%s): %s", je.text, out);
    json_t *person = json_object_get(json_object_get(doc, "directory"), "person");
    assert_string_equal(json_string_value(json_object_get(person, "employee_no")), "E0110");
    assert_true(json_integer_value(json_object_get(person, "monthly_wage_fen")) > 0);
    json_t *cases = json_object_get(doc, "cases");
    assert_int_equal(json_array_size(cases), 1);
    json_t *kase = json_array_get(cases, 0);
    assert_string_equal(json_string_value(json_object_get(kase, "id")), case_id);
    assert_true(json_array_size(json_object_get(kase, "history")) > 0);
    bool has_talk = false;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, "evidence"), i, r)
    {
        const char *sha = json_string_value(json_object_get(r, "sha256"));
        assert_string_not_equal(sha, memo_id);
        assert_string_equal(json_string_value(json_object_get(r, "case_id")), case_id);
        assert_int_equal(strlen(json_string_value(json_object_get(r, "uploaded_on"))), 10);
        if (!strcmp(sha, talk)) {
            has_talk = true;
            assert_string_equal(json_string_value(json_object_get(r, "kind")),
                                "feedback_talk_record");
        }
    }
    assert_true(has_talk);
    assert_true(json_integer_value(json_object_get(doc, "evidence_left_out")) >= 1);
    assert_null(strstr(out, "Legal memo"));
    json_decref(doc);
    hr_free(out);
    hr_free(err);
    rc = e2e_hrctl(c, &out, &err,
                   (const char *[]){"person", "export", "E0110", "--as", "E0101", NULL});
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(err, "HR only"));
    assert_null(strstr(out, "E0110"));
    hr_free(out);
    hr_free(err);
}

static void test_legal_uploads_only_its_own_work(void **state)
{
    HR_UNUSED(state);
    s_env_t env = s_env("evidence_legal_put");
    e2e_t *c = env.c;
    hr_arena_t *arena = env.arena;
    const char *case_id = env.kase->id;
    assert_true(s_wait_listed(c, "E0006", "legal", case_id, 2, arena)); // legal learnt
    char *out = NULL, *err = NULL;
    const char *refused[] = {"performance_report", "notice_letter", "attendance_record",
                             "union_notice", "termination_certificate"};
    char *report = s_file(c, "report.txt", "Q3 performance report of E0110, by legal.\n");
    for (size_t i = 0; i < HR_ARRAY_LEN(refused); i++) {
        assert_int_not_equal(s_put_as_legal(c, report, case_id, refused[i], &out, &err), 0);
        assert_string_equal(out, "");
        assert_non_null(strstr(err, refused[i]));
        assert_non_null(strstr(err, "legal uploads only other"));
        assert_non_null(strstr(err, "agreement"));
        assert_non_null(strstr(err, "(edenied)"));
        hr_free(out);
        hr_free(err);
    }
    // Its own work goes in, named as legal's.
    char *memo = s_file(c, "memo.txt", "Legal memo: the A40_2 grounds hold; see the talks.\n");
    assert_int_equal(s_put_as_legal(c, memo, case_id, "other", &out, &err), 0);
    out[64] = '\0';
    char *memo_id = hr_strdup(out);
    hr_free(out);
    hr_free(err);
    char *deal = s_file(c, "deal.txt", "Settlement draft: mutual termination, LCL Art. 36.\n");
    assert_int_equal(s_put_as_legal(c, deal, case_id, "agreement", &out, &err), 0);
    hr_free(out);
    hr_free(err);
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(s_stat(c, "E0003", "hr", memo_id, arena, &e), HR_OK);
    assert_string_equal(e->uploader, "E0006");
    assert_string_equal(e->kind, "other");
    // The complaint HR stored, uploaded again as `other`: it is the complaint record, and legal
    // does not add it to another case, nor to its own again.
    Hr__Workflow__Case *b = wfe_open(c, "E0101", "E0111", "A40_2", arena);
    assert_non_null(b);
    char *again = s_file(c, "again.txt", COMPLAINT);
    const char *cases[] = {b->id, case_id};
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        assert_int_not_equal(s_put_as_legal(c, again, cases[i], "other", &out, &err), 0);
        assert_non_null(strstr(err, "stored already as a record of kind complaint_record"));
        hr_free(out);
        hr_free(err);
    }
    assert_int_equal(s_stat(c, "E0003", "hr", env.complaint, arena, &e), HR_OK);
    assert_int_equal(e->n_case_ids, 1);
    assert_int_equal(e->n_also_uploaded_by, 0);
    // Replacing HR's record is producing it: refused; legal's own memo it replaces.
    const char *msg = NULL;
    assert_int_equal(s_supersede_as_legal(c, case_id, "other", env.talk, arena, &msg), HR_EDENIED);
    assert_non_null(strstr(msg, "supersedes: a record of kind feedback_talk_record"));
    assert_int_equal(s_supersede_as_legal(c, case_id, "other", memo_id, arena, &msg), HR_OK);
    // HR and the case's manager upload a performance report as before.
    assert_int_equal(
        s_hrctl(c, (const char *[]){"evidence", "put", report, "--case", case_id, "--kind",
                                    "performance_report", "--as", "E0101", NULL}),
        0);
    char *hr_report = s_file(c, "hr_report.txt", "Q3 performance report of E0110, by HR.\n");
    assert_int_equal(
        s_hrctl(c, (const char *[]){"evidence", "put", hr_report, "--case", case_id, "--kind",
                                    "performance_report", "--as", "E0003", NULL}),
        0);
    assert_int_equal(s_hrctl(c, (const char *[]){"verify", NULL}), 0);
    s_export_leaves_out_legal_s_work(c, case_id, env.talk, memo_id);
    hr_free(hr_report);
    hr_free(again);
    hr_free(deal);
    hr_free(memo_id);
    hr_free(memo);
    hr_free(report);
    s_env_end(&env);
}

#define HIRING "Hiring conditions for E0117, account manager: signed on 2026-10-26.\n"
#define ACK "E0117 acknowledges the sales team rules 2026, 2026-10-26.\n"
#define ASSESSMENT "Probation assessment of E0117, 2026-11-20: below the hiring conditions.\n"

// hrctl args (at most 8) as `as`, with the roles the directory gives them: its exit status; out
// and err owned.
static int s_hrctl_as(e2e_t *c, const char *as, char **out, char **err, const char *const *args)
{
    const char *argv[11];
    size_t n = 0;
    for (; args[n] && n < 8; n++)
        argv[n] = args[n];
    argv[n++] = "--as";
    argv[n++] = as;
    argv[n] = NULL;
    return e2e_hrctl(c, out, err, argv);
}

// Reported on the demo (HIGH): the staff handbook every employee holds gives its id (sha256sum);
// `hrctl evidence stat <id> --as E0117` named the case against them while it was still a
// manager's request, and the case's list and get then read its performance files. Now the case
// gives its employee nothing until the company tells them of it - the interview held, HR and the
// manager both confirming it - but what they are shown to sign (a feedback talk), and names the
// case to them in no reply: a hidden record answers as one never stored. From the interview on,
// they read the kinds in access/employee_kinds as before, and only their own case is named.
static void test_the_employee_reads_nothing_of_the_case_before_the_interview(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = wfe_start_with_evidence("evidence_told");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // E0117's A39_1 case, submitted on three records HR then stores (their ids are their hashes).
    static const char *const texts[3] = {HIRING, ACK, ASSESSMENT};
    char sha[3][65];
    for (int i = 0; i < 3; i++) {
        unsigned char d[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(d, (const unsigned char *)texts[i], strlen(texts[i]));
        sodium_bin2hex(sha[i], sizeof sha[i], d, sizeof d);
    }
    const char *const shas[3] = {sha[0], sha[1], sha[2]};
    char *id = wfe_a39_1_submitted(c, shas, arena); // at hr_review: a manager's request
    char *hiring = s_put(c, id, "hiring_conditions", HIRING);
    char *ack = s_put(c, id, "rule_acknowledgement", ACK);
    char *assessment = s_put(c, id, "assessment_result", ASSESSMENT);
    assert_string_equal(hiring, sha[0]);
    assert_string_equal(ack, sha[1]);
    assert_string_equal(assessment, sha[2]);
    char *handbook = s_put(c, id, "rule_document", RULES);
    char *talk = s_put(c, id, "feedback_talk_record", "Feedback talk with E0117, 2026-11-13.\n");
    char *complaint = s_put(c, id, "complaint_record", COMPLAINT);
    // The same handbook in E0110's case (E0101's too, and not told either).
    Hr__Workflow__Case *other = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(other);
    char *again = s_put(c, other->id, "rule_document", RULES);
    assert_string_equal(again, handbook);
    assert_true(s_wait_granted(c, handbook, arena)); // the cases' people are known at evidence
    Hr__Evidence__ListReply *l = NULL;
    for (int i = 0;
         i < 200 && (l = s_list(c, "E0101", "manager", other->id, arena))->n_evidence != 1; i++)
        zclock_sleep(50);
    assert_int_equal(l->n_evidence, 1);

    // 1. Before the interview: to E0117 the case's records are not there, as the reviewer tried
    //    it and over the wire, whatever the kind.
    const char *const hidden[] = {handbook, hiring, ack, assessment, complaint};
    for (size_t i = 0; i < HR_ARRAY_LEN(hidden); i++) {
        if (s_stat(c, "E0117", "employee", hidden[i], arena, NULL) != HR_ENOTFOUND ||
            s_get(c, "E0117", "employee", hidden[i], arena) != HR_ENOTFOUND ||
            s_sign(c, "E0117", "employee", hidden[i], arena) != HR_ENOTFOUND)
            fail_msg("E0117 reads %s of their case before the interview", hidden[i]);
    }
    char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
    assert_int_equal(
        s_hrctl_as(c, "E0117", &out, &err, (const char *[]){"evidence", "stat", handbook, NULL}),
        1);
    assert_null(strstr(out, id));
    assert_null(strstr(err, id));
    // ... and in the very words of a record never stored.
    const char *never = "0000000000000000000000000000000000000000000000000000000000000001";
    assert_int_equal(
        s_hrctl_as(c, "E0117", &out2, &err2, (const char *[]){"evidence", "stat", never, NULL}), 1);
    assert_string_equal(err, err2);
    hr_free(out);
    hr_free(err);
    hr_free(out2);
    hr_free(err2);
    assert_int_equal(
        s_hrctl_as(c, "E0117", &out, &err, (const char *[]){"evidence", "get", assessment, NULL}),
        1);
    assert_int_equal(strlen(out), 0);
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_hrctl_as(c, "E0117", &out, &err,
                                (const char *[]){"evidence", "list", "--case", id, NULL}),
                     0);
    wfe_has("evidence list --as E0117 before the interview", out, "1 record(s)\n");
    assert_null(strstr(out, "withheld")); // not even how many
    for (size_t i = 0; i < HR_ARRAY_LEN(hidden); i++)
        assert_null(strstr(out, hidden[i]));
    hr_free(out);
    hr_free(err);
    // What they are shown to sign they read and sign, and no reply names the case.
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(s_stat(c, "E0117", "employee", talk, arena, &e), HR_OK);
    assert_int_equal(e->n_case_ids, 0);
    assert_string_equal(e->uploader, "");
    assert_int_equal(s_get(c, "E0117", "employee", talk, arena), HR_OK);
    // They sign it naming the case (as the reviewer did: the audit entry names it, and the
    // case's extract holds their signature), and the reply names it no more than without.
    assert_int_equal(s_hrctl_as(c, "E0117", &out, &err,
                                (const char *[]){"evidence", "sign", talk, "--statement",
                                                 "本人已阅", "--case", id, NULL}),
                     0);
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_stat(c, "E0117", "employee", talk, arena, &e), HR_OK);
    assert_int_equal(e->n_case_ids, 0);
    assert_int_equal(e->n_signatures, 1);
    assert_string_equal(e->signatures[0]->signer, "E0117");
    assert_int_equal(
        s_hrctl_as(c, "E0117", &out, &err, (const char *[]){"evidence", "stat", talk, NULL}), 0);
    assert_null(strstr(out, id));
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_hrctl_as(c, "E0117", &out, &err,
                                (const char *[]){"evidence", "stat", talk, "--case", id, NULL}),
                     0);
    assert_null(strstr(out, id));
    assert_non_null(strstr(out, "E0117")); // their own signature
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_hrctl_as(c, "E0117", &out, &err,
                                (const char *[]){"evidence", "get", talk, "--case", id, NULL}),
                     0);
    assert_string_equal(out, "Feedback talk with E0117, 2026-11-13.\n");
    hr_free(out);
    hr_free(err);
    // Naming the case opens nothing else of it: the handbook is still a record never stored.
    assert_int_equal(s_hrctl_as(c, "E0117", &out, &err,
                                (const char *[]){"evidence", "stat", handbook, "--case", id, NULL}),
                     1);
    assert_int_equal(s_hrctl_as(c, "E0117", &out2, &err2,
                                (const char *[]){"evidence", "stat", never, "--case", id, NULL}),
                     1);
    assert_string_equal(err, err2);
    assert_null(strstr(err, id));
    hr_free(out);
    hr_free(err);
    hr_free(out2);
    hr_free(err2);
    assert_int_equal(s_sign(c, "E0117", "employee", handbook, arena), HR_ENOTFOUND);
    // The case's audit extract holds the signature, get and stat made for it, saying so.
    Hr__Evidence__AuditExtractRequest sx = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
    sx.case_id = id;
    Hr__Evidence__AuditExtractReply *sxr = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.AuditExtract", &sx.base,
                                 &hr__evidence__audit_extract_reply__descriptor, arena,
                                 (void **)&sxr),
                     HR_OK);
    size_t named = 0;
    for (size_t i = 0; i < sxr->n_entries; i++) {
        const Hr__Evidence__AuditEntry *a = sxr->entries[i];
        if (strcmp(a->actor, "E0117") || strcmp(a->evidence_id, talk) || strcmp(a->case_id, id))
            continue;
        named +=
            !strcmp(a->action, "sign") && !strncmp(a->detail, "signed, for the case named; key ",
                                                   strlen("signed, for the case named; key "));
        named += !strcmp(a->action, "stat") && !strcmp(a->detail, "for the case named");
        named += !strcmp(a->action, "get") && !strcmp(a->detail, "for the case named");
    }
    assert_int_equal(named, 3);

    // 2. HR reviews the case lawful, prepares the interview and confirms it alone: not held yet,
    //    nothing told.
    wfe_a39_1_reviewed(c, id, shas, "e2e: the facts and reasons HR states for the notice", arena);
    assert_int_equal(s_stat(c, "E0117", "employee", handbook, arena, NULL), HR_ENOTFOUND);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 11, arena), 0);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    assert_int_equal(s_stat(c, "E0117", "employee", assessment, arena, NULL), HR_ENOTFOUND);

    // 3. The manager confirms too: the interview is held, the company has told E0117, who now
    //    reads the kinds in access/employee_kinds - never the complaint - and of the handbook
    //    only their own case.
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    for (int i = 0; i < 200 && s_stat(c, "E0117", "employee", handbook, arena, &e); i++)
        zclock_sleep(50);
    assert_int_equal(s_stat(c, "E0117", "employee", handbook, arena, &e), HR_OK);
    assert_int_equal(e->n_case_ids, 1);
    assert_string_equal(e->case_ids[0], id);
    assert_int_equal(s_get(c, "E0117", "employee", assessment, arena), HR_OK);
    assert_int_equal(s_stat(c, "E0117", "employee", complaint, arena, NULL), HR_ENOTFOUND);
    assert_int_equal(s_stat(c, "E0117", "employee", talk, arena, &e), HR_OK);
    assert_int_equal(e->n_case_ids, 1);
    l = s_list(c, "E0117", "employee", id, arena);
    assert_int_equal(l->n_evidence, 5);
    assert_int_equal(l->withheld, 1);
    assert_int_equal(
        s_hrctl_as(c, "E0117", &out, &err, (const char *[]){"evidence", "stat", ack, NULL}), 0);
    wfe_has("evidence stat --as E0117 after the interview", out, id);
    assert_null(strstr(out, other->id));
    hr_free(out);
    hr_free(err);
    // E0110, whose case is a request still, reads nothing of the same handbook.
    assert_int_equal(s_stat(c, "E0110", "employee", handbook, arena, NULL), HR_ENOTFOUND);
    // The chain says when and how E0117 was told.
    Hr__Evidence__AuditExtractRequest ax = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
    ax.case_id = id;
    Hr__Evidence__AuditExtractReply *axr = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.AuditExtract", &ax.base,
                                 &hr__evidence__audit_extract_reply__descriptor, arena,
                                 (void **)&axr),
                     HR_OK);
    size_t told = 0;
    for (size_t i = 0; i < axr->n_entries; i++)
        told += !strcmp(axr->entries[i]->action, "case_people") &&
                strstr(axr->entries[i]->detail, "E0117 told of the case: the interview held");
    assert_int_equal(told, 1);
    assert_int_equal(s_hrctl(c, (const char *[]){"verify", NULL}), 0);

    // 4. A store of the previous version (schema 4) kept no told time: at the upgrade hr-evidence
    //    reads the workflow's log again for who was told alone, and E0117 reads on; nothing else
    //    is applied twice (the case opened once in the chain).
    assert_int_equal(e2e_stop_one(c, "evidence"), 0);
    char *dir = hr_strfmt("%s/data/evidence", e2e_dir(c));
    hr_store_opts_t opts = {.dir = dir,
                            .mapsize_mb = 64,
                            .dbs = ev_store_dbs,
                            .schema_version = ev_service.schema_version,
                            .migrations = ev_service.migrations};
    char *oerr = NULL;
    hr_store_t *store = hr_store_open(&opts, &oerr);
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    Hr__Evidence__CaseInfo *row = NULL;
    assert_int_equal(ev_store_case_get(txn, id, arena, &row), HR_OK);
    assert_true(row->employee_told_ms > 0);
    row->employee_told_ms = 0;
    assert_int_equal(ev_store_case_put(txn, row), HR_OK);
    uint8_t v4[4];
    hr_be32_put(v4, 4);
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v4, sizeof v4, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_free(dir);
    assert_int_equal(e2e_restart(c, "evidence"), 0);
    for (int i = 0; i < 200 && s_stat(c, "E0117", "employee", assessment, arena, NULL); i++)
        zclock_sleep(50);
    assert_int_equal(s_stat(c, "E0117", "employee", assessment, arena, NULL), HR_OK);
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.AuditExtract", &ax.base,
                                 &hr__evidence__audit_extract_reply__descriptor, arena,
                                 (void **)&axr),
                     HR_OK);
    size_t opened = 0;
    told = 0;
    for (size_t i = 0; i < axr->n_entries; i++) {
        opened += !strcmp(axr->entries[i]->action, "case_people") &&
                  !strncmp(axr->entries[i]->detail, "opened:", 7);
        told += !strcmp(axr->entries[i]->action, "case_people") &&
                strstr(axr->entries[i]->detail, "E0117 told of the case: the interview held");
    }
    assert_int_equal(opened, 1);
    assert_int_equal(told, 2); // before the edit, and again at the upgrade
    assert_int_equal(s_hrctl(c, (const char *[]){"verify", NULL}), 0);

    hr_free(hiring);
    hr_free(ack);
    hr_free(assessment);
    hr_free(handbook);
    hr_free(talk);
    hr_free(complaint);
    hr_free(again);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The file runs as two CTest tests (evidence_access and evidence_access_2 in
// tests/e2e/CMakeLists.txt, HR_E2E_PART) so that each stays under a minute on 2 cores.
#ifndef HR_E2E_PART
#define HR_E2E_PART 1
#endif

int main(void)
{
    const struct CMUnitTest part1[] = {
        cmocka_unit_test(test_case_people_read_and_sign_and_close_starts_retention),
        cmocka_unit_test(test_every_caller_against_every_route),
        cmocka_unit_test(test_claimed_roles_count_only_as_the_directory_gives_them),
        cmocka_unit_test(test_a_directory_from_the_previous_version_reaches_evidence),
    };
    const struct CMUnitTest part2[] = {
        cmocka_unit_test(test_people_reads_are_audited),
        cmocka_unit_test(test_verify_after_retention_names_shredded_records_not_missing),
        cmocka_unit_test(test_a_custodian_who_is_the_case_employee_reads_as_the_employee),
        cmocka_unit_test(test_legal_uploads_only_its_own_work),
        cmocka_unit_test(test_the_employee_reads_nothing_of_the_case_before_the_interview),
    };
    if (HR_E2E_PART == 2)
        return cmocka_run_group_tests_name("e2e.evidence_access_2", part2, NULL, NULL);
    return cmocka_run_group_tests_name("e2e.evidence_access", part1, NULL, NULL);
}
