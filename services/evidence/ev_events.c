/*  ev_events - what the evidence service learns from the workflow (hr_consumer, source
 *  "workflow"), applied in the consumer's batch transaction together with its cursor, so each
 *  event counts exactly once and nothing is learnt twice after a crash.
 *
 *  - workflow.CaseOpened: the case's people (employee, manager, whoever opened it, the
 *    employee's managers up the line at open) go on the case's row. They may then read, and so
 *    sign, the case's records (the employee only the kinds in access/employee_kinds), without
 *    HR passing files around. Audited as case_people.
 *  - workflow.StepCompleted of the interview (held: HR and the manager confirmed it), or of the
 *    outcome (the path without an interview), and a CaseClosed with an outcome: the company has
 *    told the employee of the case (ev_told_by). Only from then on does the employee read its
 *    records through the case (the workflow's README: before, the employee is told of
 *    nothing). Audited as case_people, once.
 *  - workflow.CaseReassigned: HR handed the case to another manager; the manager and the line
 *    are replaced (the employee stays; whoever opened it stays on the row but grants nothing by
 *    itself: the replaced manager reads no more, unless still on the line). Audited as
 *    case_people.
 *  - workflow.CaseLineChanged: a people import moved the employee's reporting line (a manager
 *    now under another superior): the line is replaced by the directory's as it is now, so the
 *    superior the import took off it reads the case's records no more and the new one reads
 *    them, as in the workflow. Manager, employee and opener stay. A case with no row here (its
 *    CaseOpened never learnt) is left alone: nobody is given it by a line alone. Audited as
 *    case_people.
 *  - workflow.CaseClosed (agreement signed, notice served, withdrawn): the retention clock of
 *    every record of the case starts at the close (LCL Art. 50), as evidence.CloseCase does;
 *    a close HR recorded by hand before stands. Rescinded (the notice revoked with the
 *    employee's agreement before the contract ended) replaces an earlier close: the end that
 *    close counted from never came. Audited as case_closed. It also goes on the case's row
 *    (rescinded_ms): the case's notice letters and termination certificates are void from then
 *    (replies say so; the records stay as they were), a `void` audit entry naming each.
 *    With an outcome, the close names when the contract ends (ended_ms: records are kept from
 *    then when it is later) and the workflow's own date for keeping them (keep_until_ms: the
 *    retention duty's day, two years as Civil Code Arts. 201-203 count them, past rest days and
 *    holidays): a record is shredded at the later of the policy's days and that date, never
 *    before the date the workflow says records must be kept.
 *  - workflow.RetentionRedated: the workflow dated that keeping later (its calendar gained days
 *    off): the case's date raised, its records scheduled again. Audited as retention.
 *  - workflow.DisputeRecorded (arbitration or a lawsuit after the close) with no result yet or
 *    "pending": the case goes on the dispute's own hold (beside HR's), so nothing of it is
 *    deleted while the dispute runs; a release that names it (evidence.Release, dispute) ends
 *    it when the dispute is over. Audited as hold. With "reinstated" (an award or judgment
 *    ordered the contract to continue, LCL Art. 48): as a rescission - the case's notice
 *    letters and termination certificates void from then (reinstated_ms, a `void` audit entry
 *    each), its records kept from then - and no hold placed or taken. A later record naming that
 *    award in sets_aside (a judgment setting it aside, LDML Art. 50) makes them valid again
 *    (reinstatement_set_aside_ms; reinstated_ms stays: what was; an `unvoid` audit entry each).
 *    A retrial may reinstate again after that: void again from the new one (reinstated_ms its
 *    time, reinstatement_set_aside_ms 0), audited again, and a judgment may set it aside in turn.
 *  - workflow.RolesChanged (a people import, and once the directory as it was when the
 *    workflow's store was upgraded): each person's roles go on their row (people db). hr and
 *    legal count for a person only as that row gives them (ev_auth_is_custodian), so an
 *    employee who claims hr is an employee here as in the workflow. A person the directory
 *    records as having left (left_ms) is nobody here from that moment: no uploads or
 *    signatures, custodian of nothing, and no reads but of what is addressed to them as the
 *    employee concerned of a case (ev_handlers: s_reader).
 *  - workflow.StepCompleted of an Art. 50 duty naming its proof (employee_evidence_id: the
 *    certificate, the transfer receipt): the record goes on the case's row, for its employee to
 *    read whatever its kind (s_employee_evidence). Audited as case_people.
 *  - workflow.StepCompleted of hr_review naming the records HR's confirmations cite as proof of
 *    the ground (proof_evidence_ids): they replace the case's earlier set, for its employee to
 *    read once told whatever their kind, sensitive ones aside (s_proof). Audited as case_people
 *    when the set changes. workflow.ProofCited (once per reviewed case, at the workflow's
 *    upgrade to its schema 8: the reviews before named no proof) does the same. RolesChanged is
 *    audited as roles, once
 * per event that gives or takes hr or legal or records a leaving, naming who holds which now
 * ("left" for a leaver).
 *
 *  An event that cannot be applied (a body that does not unpack, a case id that is not one, a
 *  row that does not read) is logged at error level, counted (sys.Status events_skipped=) and
 *  passed over: holding the cursor on it would stop every later event. Passing over mostly
 *  fails closed: a case whose people were not learnt reads as before (HR, legal, operators and
 *  uploaders), one whose close was not learnt keeps its records, a role given and not learnt
 *  is not held. A dispute not learnt places no hold: the error line names the case, and HR
 *  must hold it by hand. A role taken and not learnt stays: the error line names the event's
 *  seq. Only a full store (HR_EFULL: the platform grows the map) is tried again. The count is
 *  since start, and a batch tried again may count an event twice.
 */
#include "ev.h"
#include "workflow.pb-c.h"

#define EV_LINE_MAX 32  // managers kept per case (the workflow follows at most WF_CHAIN_MAX)
#define EV_ROLES_MAX 16 // roles kept per person (the workflow gives five at most)
#define EV_ROLES_DETAIL_MAX 960 // bytes of people named in one roles audit entry, about

// Who works on a case: from CaseOpened all of it, from CaseReassigned the manager and the line
// (employee and opener stay), from CaseLineChanged the line alone. NULL leaves a field as it is.
typedef struct {
    const char *case_id;
    const char *employee_no;   // NULL: kept
    const char *manager_no;    // NULL: kept
    const char *opened_by;     // NULL: kept
    char **line;               // the reporting line(s), nearest first
    size_t nline;              // entries in line
    int64_t opened_ms;         // 0: kept
    const char *action_detail; // "opened" or "reassigned from E0101"
} s_people_t;

static hr_rc_t s_people(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const s_people_t *p)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get_or_new(txn, p->case_id, arena, &c);
    if (rc)
        return rc;
    if (p->employee_no)
        c->employee_no = (char *)p->employee_no;
    if (p->manager_no)
        c->manager_no = (char *)p->manager_no;
    if (p->opened_by)
        c->opened_by = (char *)p->opened_by;
    c->n_reporting_line = p->nline < EV_LINE_MAX ? p->nline : (size_t)EV_LINE_MAX;
    c->reporting_line = p->line;
    if (p->opened_ms)
        c->opened_ms = p->opened_ms;
    rc = ev_store_case_put(txn, c);
    if (rc)
        return rc;
    char *line = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < c->n_reporting_line; i++)
        line = hr_arena_fmt(arena, "%s%s%s", line, i ? "," : "", c->reporting_line[i]);
    ev_audit_t a = {.actor = "workflow",
                    .action = "case_people",
                    .case_id = p->case_id,
                    .detail = hr_arena_fmt(arena, "%s: employee=%s manager=%s opened_by=%s line=%s",
                                           p->action_detail, c->employee_no, c->manager_no,
                                           c->opened_by, line)};
    rc = ev_store_audit(txn, hr_clock_now_ms(self->clock), &a, NULL);
    if (!rc)
        hr_info("case.people", "case=%s employee=%s manager=%s", c->case_id, c->employee_no,
                c->manager_no);
    return rc;
}

// A people import moved the case's reporting line: the line now replaces the case's. A case
// this service holds no people of (no row, or a row from a record or a hand close alone: its
// CaseOpened never learnt) is left as it is - a line alone gives nobody anything.
static hr_rc_t s_line_changed(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                              const Hr__Workflow__CaseLineChanged *lc)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, lc->case_id, arena, &c);
    if (rc == HR_ENOTFOUND || (!rc && !*c->employee_no))
        return HR_OK;
    if (rc)
        return rc;
    char *was = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < c->n_reporting_line; i++)
        was = hr_arena_fmt(arena, "%s%s%s", was, i ? "," : "", c->reporting_line[i]);
    s_people_t p = {.case_id = lc->case_id,
                    .line = lc->reporting_line,
                    .nline = lc->n_reporting_line,
                    .action_detail =
                        hr_arena_fmt(arena, "line moved by a people import (was %s)", was)};
    return s_people(self, txn, arena, &p);
}

// The company told the case's employee of the case (how: ev_told_by's words), at at_ms: from
// now on they read its records of the kinds in access/employee_kinds. Once: a case told
// already, and one with no employee known here (its CaseOpened passed over), stay as they are.
static hr_rc_t s_told(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                      const char *how, int64_t at_ms)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, case_id, arena, &c);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc || c->employee_told_ms || !*c->employee_no)
        return rc;
    int64_t now_ms = hr_clock_now_ms(self->clock);
    c->employee_told_ms = at_ms > 0 ? at_ms : now_ms;
    rc = ev_store_case_put(txn, c);
    ev_audit_t a = {.actor = "workflow",
                    .action = "case_people",
                    .case_id = case_id,
                    .detail = hr_arena_fmt(arena,
                                           "employee %s told of the case: %s; reads its records "
                                           "of the kinds in access/employee_kinds from now",
                                           c->employee_no, how)};
    if (!rc)
        rc = ev_store_audit(txn, now_ms, &a, NULL);
    if (!rc)
        hr_info("case.told", "case=%s employee=%s", case_id, c->employee_no);
    return rc;
}

// The proof of an Art. 50 duty the workflow names (StepCompleted.employee_evidence_id: the
// certificate, the transfer receipt) goes on the case's row: its employee reads it once told of
// the case, whatever its kind (ev_handlers: s_case_grants). Once per record; a case not known
// here, or holding EV_EMPLOYEE_IDS_MAX already, stays as it is (logged). Audited as case_people.
static hr_rc_t s_employee_evidence(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                                   const Hr__Workflow__StepCompleted *st)
{
    if (!hr_id_is_valid(st->case_id) || !ev_id_is_valid(st->employee_evidence_id))
        return HR_EINVAL;
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, st->case_id, arena, &c);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    for (size_t i = 0; i < c->n_employee_evidence_ids; i++)
        if (!strcmp(c->employee_evidence_ids[i], st->employee_evidence_id))
            return HR_OK;
    if (c->n_employee_evidence_ids >= EV_EMPLOYEE_IDS_MAX) {
        hr_error("case.employee_evidence_full", "case=%s id=%s", st->case_id,
                 st->employee_evidence_id);
        return HR_OK;
    }
    char **ids = hr_arena_alloc(arena, (c->n_employee_evidence_ids + 1) * sizeof *ids);
    if (c->n_employee_evidence_ids)
        memcpy(ids, c->employee_evidence_ids, c->n_employee_evidence_ids * sizeof *ids);
    ids[c->n_employee_evidence_ids++] = st->employee_evidence_id;
    c->employee_evidence_ids = ids;
    rc = ev_store_case_put(txn, c);
    ev_audit_t a = {.actor = "workflow",
                    .action = "case_people",
                    .case_id = st->case_id,
                    .evidence_id = st->employee_evidence_id,
                    .detail = hr_arena_fmt(arena,
                                           "the proof of duty %s (LCL Art. 50): employee %s "
                                           "reads it, whatever its kind",
                                           st->step, c->employee_no)};
    if (!rc)
        rc = ev_store_audit(txn, hr_clock_now_ms(self->clock), &a, NULL);
    return rc;
}

// The records the case's review cites as proof of its ground (StepCompleted of hr_review,
// proof_evidence_ids) go on the case's row in place of those an earlier review cited: its
// employee reads them once told of the case, whatever their kind, sensitive ones aside
// (ev_handlers: s_case_grants). A case not known here stays as it is; ids that are not
// evidence ids are passed over, at most EV_PROOF_IDS_MAX kept (logged). Audited as
// case_people when the set changes, naming each record.
static hr_rc_t s_proof(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                       char *const *proof, size_t nproof)
{
    if (!hr_id_is_valid(case_id))
        return HR_EINVAL;
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, case_id, arena, &c);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    char **ids = hr_arena_alloc(arena, (nproof + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < nproof; i++) {
        if (!ev_id_is_valid(proof[i]))
            continue;
        if (n == EV_PROOF_IDS_MAX) {
            hr_error("case.proof_full", "case=%s ids=%zu", case_id, nproof);
            break;
        }
        ids[n++] = proof[i];
    }
    bool same = n == c->n_proof_evidence_ids;
    for (size_t i = 0; same && i < n; i++)
        same = !strcmp(ids[i], c->proof_evidence_ids[i]);
    if (same)
        return HR_OK;
    c->proof_evidence_ids = ids;
    c->n_proof_evidence_ids = n;
    rc = ev_store_case_put(txn, c);
    char *list = n ? "" : " none";
    for (size_t i = 0; i < n; i++)
        list = hr_arena_fmt(arena, "%s%s%s", list, i ? "," : " ", ids[i]);
    ev_audit_t a = {.actor = "workflow",
                    .action = "case_people",
                    .case_id = case_id,
                    .detail = hr_arena_fmt(arena,
                                           "the review cites as proof of the ground:%s; employee "
                                           "%s reads them once told, whatever their kind, not "
                                           "sensitive ones",
                                           list, c->employee_no)};
    if (!rc)
        rc = ev_store_audit(txn, hr_clock_now_ms(self->clock), &a, NULL);
    return rc;
}

typedef struct {
    char **ids;        // arena: the case's record ids
    size_t n, cap;     // used, allocated
    hr_arena_t *arena; // borrowed
} s_ids_t;

static hr_rc_t s_collect(void *arg, const char *id)
{
    s_ids_t *ids = arg;
    if (ids->n == ids->cap) {
        size_t cap = ids->cap ? 2 * ids->cap : 16;
        char **grown = hr_arena_alloc(ids->arena, cap * sizeof *grown);
        if (ids->n)
            memcpy(grown, ids->ids, ids->n * sizeof *grown);
        ids->ids = grown;
        ids->cap = cap;
    }
    ids->ids[ids->n++] = hr_arena_strdup(ids->arena, id);
    return HR_OK;
}

// One `action` audit entry (actor workflow) for each of case_id's records a rescission or a
// reinstatement voids (notice letters, termination certificates: ev_kind_voided_by_rescission),
// its detail "KIND tail"; how many in *n.
static hr_rc_t s_audit_letters(hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                               int64_t now_ms, const char *action, const char *tail, size_t *n)
{
    s_ids_t ids = {.arena = arena};
    bool more = false;
    hr_rc_t rc = ev_store_case_each(txn, case_id, SIZE_MAX, s_collect, &ids, &more);
    for (size_t i = 0; !rc && i < ids.n; i++) {
        Hr__Evidence__Evidence *e = NULL;
        if (ev_store_evidence_get(txn, ids.ids[i], arena, &e) ||
            !ev_kind_voided_by_rescission(e->kind))
            continue;
        ev_audit_t a = {.actor = "workflow",
                        .action = action,
                        .evidence_id = e->id,
                        .case_id = case_id,
                        .detail = hr_arena_fmt(arena, "%s %s", e->kind, tail)};
        rc = ev_store_audit(txn, now_ms, &a, NULL);
        (*n)++;
    }
    return rc;
}

// Whether a reinstatement told at at_ms is a new one on case c: none learnt, or the one learnt
// set aside before at_ms (a retrial reinstating again, after the judgment). Not a replay of the
// one learnt, nor one told before its set-aside.
static bool s_reinstated_again(const Hr__Evidence__CaseInfo *c, int64_t at_ms)
{
    return !c->reinstated_ms ||
           (c->reinstatement_set_aside_ms > 0 && at_ms > c->reinstatement_set_aside_ms);
}

// The case's notice was revoked (CaseClosed "rescinded"): the contract goes on. Its notice
// letters and termination certificates say otherwise and stay as they were (records are never
// rewritten): the case row records the rescission, every reply shows those records void
// (ev_cases_void), and one `void` audit entry names each, so the chain says it too.
// reinstated: an award or judgment ordered the contract to continue (DisputeRecorded, result
// reinstated, LCL Art. 48): the same, on reinstated_ms - and again for a retrial's reinstatement
// after one set aside (reinstated_ms the new one's, reinstatement_set_aside_ms 0 again; the void
// and unvoid audit entries keep each round).
static hr_rc_t s_rescinded(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                           int64_t at_ms, bool reinstated)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get_or_new(txn, case_id, arena, &c);
    int64_t *when = c ? (reinstated ? &c->reinstated_ms : &c->rescinded_ms) : NULL;
    int64_t now_ms = hr_clock_now_ms(self->clock);
    if (at_ms <= 0)
        at_ms = now_ms;
    if (rc || (*when && !(reinstated && s_reinstated_again(c, at_ms))))
        return rc; // learnt once (a reinstatement: once each, s_reinstated_again)
    *when = at_ms;
    if (reinstated)
        c->reinstatement_set_aside_ms = 0; // the new one stands
    rc = ev_store_case_put(txn, c);
    char iso[HR_TIME_ISO_LEN];
    hr_time_iso(*when, iso);
    size_t voided = 0;
    if (!rc)
        rc = s_audit_letters(
            txn, arena, case_id, now_ms, "void",
            hr_arena_fmt(arena,
                         reinstated ? "void: case reinstated %s (an award or judgment ordered the "
                                      "contract to continue, LCL Art. 48)"
                                    : "void: case rescinded %s (the notice revoked, the contract "
                                      "not ended)",
                         iso),
            &voided);
    if (!rc)
        hr_info(reinstated ? "case.reinstated" : "case.rescinded", "case=%s void=%zu", case_id,
                voided);
    return rc;
}

// A judgment set the case's reinstatement aside (DisputeRecorded naming the award in
// sets_aside): the termination stands again, so its letters and certificates are no longer void
// (ev_cases_void). reinstated_ms stays as it was, and one `unvoid` audit entry names each record,
// so the chain tells both. Learnt once per reinstatement (a retrial's reinstatement set aside
// in turn is unvoided again); nothing when no reinstatement was learnt, nor for a set-aside told
// before the reinstatement learnt (a replay of an earlier round).
static hr_rc_t s_set_aside(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                           Hr__Evidence__CaseInfo *c, const Hr__Workflow__DisputeRecorded *d)
{
    int64_t now_ms = hr_clock_now_ms(self->clock);
    int64_t at_ms = d->at_ms > 0 ? d->at_ms : now_ms;
    if (!c->reinstated_ms || c->reinstatement_set_aside_ms || at_ms < c->reinstated_ms)
        return HR_OK;
    c->reinstatement_set_aside_ms = at_ms;
    hr_rc_t rc = ev_store_case_put(txn, c);
    char iso[HR_TIME_ISO_LEN];
    hr_time_iso(c->reinstatement_set_aside_ms, iso);
    size_t valid = 0;
    if (!rc)
        rc = s_audit_letters(txn, arena, d->case_id, now_ms, "unvoid",
                             hr_arena_fmt(arena,
                                          "valid again: the reinstatement (award %s) set aside %s "
                                          "by judgment %s (LDML Art. 50): the termination stands",
                                          d->dispute->sets_aside, iso, d->dispute->award_ref),
                             &valid);
    if (!rc)
        hr_info("case.reinstatement_set_aside", "case=%s valid=%zu", d->case_id, valid);
    return rc;
}

// A dispute after the close: the whole case on the dispute's own hold, beside any hold HR
// placed (releasing theirs leaves this one).
static hr_rc_t s_dispute(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                         const Hr__Workflow__DisputeRecorded *d)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get_or_new(txn, d->case_id, arena, &c);
    if (rc)
        return rc;
    if (d->dispute->sets_aside && *d->dispute->sets_aside)
        return s_set_aside(self, txn, arena, c, d);
    // An award ordering the contract to continue: the termination's letters are void, and the
    // records are kept from it (as from a rescission: the end counted from did not stand).
    if (!strcmp(d->dispute->result, "reinstated") &&
        s_reinstated_again(c, d->at_ms > 0 ? d->at_ms : hr_clock_now_ms(self->clock))) {
        int64_t at_ms = d->at_ms > 0 ? d->at_ms : hr_clock_now_ms(self->clock);
        uint32_t scheduled = 0;
        // As a rescission's: the end the workflow's keeping date counted from did not stand.
        rc = ev_case_close(self, txn, arena, d->case_id, at_ms, 0, false, "workflow",
                           hr_clock_now_ms(self->clock), &scheduled, NULL);
        if (!rc)
            rc = s_rescinded(self, txn, arena, d->case_id, at_ms, true);
        if (rc)
            return rc;
        return HR_OK; // an award ends a filing: the hold, if any, stays HR's to release
    }
    // A live dispute holds the case; a result recorded later (settled, won, withdrawn,
    // reinstated) leaves the hold to HR, who may have released it already.
    bool live = !*d->dispute->result || !strcmp(d->dispute->result, "pending");
    if (c->dispute_held || !live)
        return HR_OK;
    c->dispute_held = true;
    c->dispute_held_ms = hr_clock_now_ms(self->clock);
    rc = ev_store_case_put(txn, c);
    ev_audit_t a = {.actor = "workflow",
                    .action = "hold",
                    .case_id = d->case_id,
                    .detail = "dispute recorded in the workflow (arbitration or lawsuit)"};
    if (!rc)
        rc = ev_store_audit(txn, c->dispute_held_ms, &a, NULL);
    if (!rc)
        hr_info("case.held", "case=%s by=workflow reason=dispute", d->case_id);
    return rc;
}

// Which of the directory-given custodian roles roles holds: "hr,legal", "hr", "legal" or "none".
static const char *s_grants(char *const *roles, size_t n)
{
    bool hr = false, legal = false;
    for (size_t i = 0; i < n; i++) {
        hr |= !strcmp(roles[i], "hr");
        legal |= !strcmp(roles[i], "legal");
    }
    return hr && legal ? "hr,legal" : hr ? "hr" : legal ? "legal" : "none";
}

// The directory's roles: every person's row replaced with their roles now. A person without a
// usable id is passed over (logged); the others stand.
static hr_rc_t s_roles(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                       const Hr__Workflow__RolesChanged *r, const Hr__Sys__Event *ev)
{
    char *detail = hr_arena_strdup(arena, "");
    size_t changed = 0, listed = 0, bad = 0;
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < r->n_people && !rc; i++) {
        const Hr__Workflow__PersonRoles *pr = r->people[i];
        size_t len = strlen(pr->employee_no);
        if (!len || len > EV_SIGNER_MAX) {
            bad++;
            continue;
        }
        Hr__Evidence__Person *old = NULL;
        if (ev_store_person_get(txn, pr->employee_no, arena, &old))
            old = NULL; // none yet, or a row that does not read: replaced all the same
        Hr__Evidence__Person p = HR__EVIDENCE__PERSON__INIT;
        p.employee_no = pr->employee_no;
        p.roles = pr->roles;
        p.n_roles = pr->n_roles < EV_ROLES_MAX ? pr->n_roles : EV_ROLES_MAX;
        p.at_ms = ev->at_ms;
        p.left_ms = pr->left_ms > 0 ? pr->left_ms : 0;
        rc = ev_store_person_put(txn, &p);
        // A leaver holds nothing from their day on (ev_handlers: s_user, s_custodian).
        const char *was = !old           ? "none"
                          : old->left_ms ? "left"
                                         : s_grants(old->roles, old->n_roles);
        const char *now = p.left_ms ? "left" : s_grants(p.roles, p.n_roles);
        if (rc || !strcmp(was, now))
            continue;
        changed++;
        if (strlen(detail) < EV_ROLES_DETAIL_MAX)
            detail =
                hr_arena_fmt(arena, "%s%s%s=%s", detail, listed++ ? " " : "", p.employee_no, now);
    }
    if (bad)
        hr_error("roles.skipped", "seq=%llu people=%zu reason=no usable employee_no",
                 (unsigned long long)ev->seq, bad);
    if (rc || !changed)
        return rc;
    if (listed < changed)
        detail = hr_arena_fmt(arena, "%s and %zu more", detail, changed - listed);
    ev_audit_t a = {.actor = "workflow",
                    .action = "roles",
                    .detail = hr_arena_fmt(arena, "hr and legal now: %s", detail)};
    rc = ev_store_audit(txn, hr_clock_now_ms(self->clock), &a, NULL);
    if (!rc)
        hr_info("people.roles", "seq=%llu people=%zu custodians_changed=%zu",
                (unsigned long long)ev->seq, r->n_people, changed);
    return rc;
}

#define S_UNPACK(type, desc, ev, arena)                                                            \
    ((type *)protobuf_c_message_unpack(&(desc), hr_arena_pb_allocator(arena), (ev)->body.len,      \
                                       (ev)->body.data))

hr_rc_t ev_events_apply(void *server, hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    ev_server_t *self = server;
    bool opened = !strcmp(ev->type, "workflow.CaseOpened");
    bool closed = !strcmp(ev->type, "workflow.CaseClosed");
    bool disputed = !strcmp(ev->type, "workflow.DisputeRecorded");
    bool reassigned = !strcmp(ev->type, "workflow.CaseReassigned");
    bool roles = !strcmp(ev->type, "workflow.RolesChanged");
    bool step = !strcmp(ev->type, "workflow.StepCompleted");
    bool redated = !strcmp(ev->type, "workflow.RetentionRedated");
    bool moved = !strcmp(ev->type, "workflow.CaseLineChanged");
    bool cited = !strcmp(ev->type, "workflow.ProofCited");
    if (!opened && !closed && !disputed && !reassigned && !roles && !step && !redated && !moved &&
        !cited)
        return HR_OK; // the rest of the workflow's story is not this service's
    // Applied before an upgrade: read again for the roles, for who was told, or for what the
    // review cites as proof, alone.
    bool roles_again = ev->seq <= ev_store_roles_replay_until(txn);
    bool told_again = ev->seq <= ev_store_told_replay_until(txn);
    bool proof_again = ev->seq <= ev_store_proof_replay_until(txn);
    bool again_roles = roles && roles_again;
    bool again_told = (step || closed) && told_again;
    bool again_proof = (step || cited) && proof_again;
    if ((roles_again || told_again || proof_again) && !again_roles && !again_told && !again_proof)
        return HR_OK;
    bool told_only = told_again && !roles; // a close applied before: whether it told, no more
    // A step applied before, read again for the review's proof alone (ev_store_migrate_proof).
    bool proof_only = again_proof && !again_told;
    hr_arena_t *arena = hr_arena_new(4096);
    hr_rc_t rc = HR_OK;
    const char *case_id = NULL;
    Hr__Workflow__CaseOpened *o = NULL;
    Hr__Workflow__CaseClosed *c = NULL;
    Hr__Workflow__DisputeRecorded *d = NULL;
    Hr__Workflow__CaseReassigned *r = NULL;
    Hr__Workflow__RolesChanged *rl = NULL;
    Hr__Workflow__StepCompleted *st = NULL;
    Hr__Workflow__RetentionRedated *rd = NULL;
    Hr__Workflow__CaseLineChanged *lc = NULL;
    if (moved) {
        lc = S_UNPACK(Hr__Workflow__CaseLineChanged, hr__workflow__case_line_changed__descriptor,
                      ev, arena);
        case_id = lc ? lc->case_id : NULL;
    } else if (redated) {
        rd = S_UNPACK(Hr__Workflow__RetentionRedated, hr__workflow__retention_redated__descriptor,
                      ev, arena);
        case_id = rd ? rd->case_id : NULL;
    } else if (step) {
        st = S_UNPACK(Hr__Workflow__StepCompleted, hr__workflow__step_completed__descriptor, ev,
                      arena);
        case_id = st ? st->case_id : NULL;
    } else if (cited) {
        Hr__Workflow__ProofCited *pc =
            S_UNPACK(Hr__Workflow__ProofCited, hr__workflow__proof_cited__descriptor, ev, arena);
        rc = pc ? s_proof(self, txn, arena, pc->case_id, pc->proof_evidence_ids,
                          pc->n_proof_evidence_ids)
                : HR_EINVAL;
        proof_only = true; // nothing else to it
    } else if (roles) {
        rl = S_UNPACK(Hr__Workflow__RolesChanged, hr__workflow__roles_changed__descriptor, ev,
                      arena);
    } else if (reassigned) {
        r = S_UNPACK(Hr__Workflow__CaseReassigned, hr__workflow__case_reassigned__descriptor, ev,
                     arena);
        case_id = r && *r->manager_no ? r->case_id : NULL;
    } else if (opened) {
        o = S_UNPACK(Hr__Workflow__CaseOpened, hr__workflow__case_opened__descriptor, ev, arena);
        case_id = o ? o->case_id : NULL;
    } else if (closed) {
        c = S_UNPACK(Hr__Workflow__CaseClosed, hr__workflow__case_closed__descriptor, ev, arena);
        case_id = c ? c->case_id : NULL;
    } else {
        d = S_UNPACK(Hr__Workflow__DisputeRecorded, hr__workflow__dispute_recorded__descriptor, ev,
                     arena);
        case_id = d && d->dispute ? d->case_id : NULL;
    }
    const char *told = step && st    ? ev_told_by(ev->type, st->step)
                       : closed && c ? ev_told_by(ev->type, c->outcome)
                                     : NULL;
    bool review = step && st && !strcmp(st->step, "hr_review");
    if (proof_only) {
        // Read again for the review's proof alone (a ProofCited was applied above).
        if (review)
            rc = s_proof(self, txn, arena, st->case_id, st->proof_evidence_ids,
                         st->n_proof_evidence_ids);
    } else if (step && st && !told) {
        // An Art. 50 duty's proof given to the employee, what the review cites as proof of the
        // ground, or another stage done (nothing).
        rc = *st->employee_evidence_id ? s_employee_evidence(self, txn, arena, st)
             : review ? s_proof(self, txn, arena, st->case_id, st->proof_evidence_ids,
                                st->n_proof_evidence_ids)
                      : HR_OK;
    } else if (roles) {
        rc = rl ? s_roles(self, txn, arena, rl, ev) : HR_EINVAL;
    } else if (!case_id || !hr_id_is_valid(case_id) ||
               (c && (c->at_ms < EV_CLOSE_MIN_MS ||
                      c->at_ms > hr_clock_now_ms(self->clock) + EV_CLOSE_AHEAD_MS)) ||
               (rd && rd->keep_until_ms < EV_CLOSE_MIN_MS)) {
        // A close time in the future (beyond the clocks' slack) is not a close: passed over, the
        // records kept, rather than their retention counted from a time that never comes. Nor
        // is one before 2000 (a clock or a sender gone wrong): counted from it, the records
        // would be shredded at the next sweep.
        rc = HR_EINVAL;
    } else if (rd) {
        // Later only (a calendar that gained days off), and within reason of when it was said.
        int64_t now_ms = hr_clock_now_ms(self->clock);
        int64_t keep_ms = rd->keep_until_ms;
        if (keep_ms - now_ms > EV_KEEP_AFTER_END_MAX_MS)
            keep_ms = now_ms + EV_KEEP_AFTER_END_MAX_MS;
        uint32_t scheduled = 0;
        rc = ev_case_keep_until(self, txn, arena, case_id, keep_ms, "workflow", now_ms, &scheduled);
        if (!rc)
            hr_info("case.kept", "case=%s keep_until_ms=%lld scheduled=%u", case_id,
                    (long long)keep_ms, scheduled);
    } else if (step || (c && told_only)) {
        rc = told ? s_told(self, txn, arena, case_id, told, ev->at_ms) : HR_OK;
    } else if (o) {
        s_people_t p = {.case_id = o->case_id,
                        .employee_no = o->employee_no,
                        .manager_no = o->manager_no,
                        .opened_by = o->opened_by,
                        .line = o->reporting_line,
                        .nline = o->n_reporting_line,
                        .opened_ms = o->at_ms,
                        .action_detail = "opened"};
        rc = s_people(self, txn, arena, &p);
    } else if (lc) {
        rc = s_line_changed(self, txn, arena, lc);
    } else if (r) {
        s_people_t p = {.case_id = r->case_id,
                        .manager_no = r->manager_no,
                        .line = r->reporting_line,
                        .nline = r->n_reporting_line,
                        .action_detail =
                            hr_arena_fmt(arena, "reassigned from %s", r->previous_manager_no)};
        rc = s_people(self, txn, arena, &p);
    } else if (c) {
        // Kept from when the contract ends when that is later than the close (a case can close
        // while the notice runs), within reason: a bad value keeps records longer, never shorter.
        int64_t from_ms = c->at_ms;
        if (c->ended_ms > from_ms)
            from_ms = c->ended_ms - from_ms > EV_ENDED_AFTER_CLOSE_MAX_MS
                          ? from_ms + EV_ENDED_AFTER_CLOSE_MAX_MS
                          : c->ended_ms;
        // The workflow's own date for keeping the records (LCL Art. 50 counted as Civil Code
        // Arts. 201-203 count a period) may be later than the policy's days from from_ms: the
        // later stands. An older workflow sends none (0): the policy alone, as before.
        int64_t keep_ms = ev_keep_until_take(c->keep_until_ms, from_ms);
        uint32_t scheduled = 0;
        bool rescinded = !strcmp(c->outcome, "rescinded"); // the end counted from never came
        rc = ev_case_close(self, txn, arena, case_id, from_ms, keep_ms, !rescinded, "workflow",
                           hr_clock_now_ms(self->clock), &scheduled, NULL);
        if (!rc && rescinded)
            rc = s_rescinded(self, txn, arena, case_id, c->at_ms, false);
        if (!rc)
            hr_info("case.closed", "case=%s outcome=%s scheduled=%u", case_id, c->outcome,
                    scheduled);
        if (!rc && told)
            rc = s_told(self, txn, arena, case_id, told, ev->at_ms);
    } else {
        rc = s_dispute(self, txn, arena, d);
    }
    if (rc && rc != HR_EFULL) {
        // Passed over (see above); the batch's other effects stand.
        hr_error("events.skipped", "type=%s seq=%llu rc=%s", ev->type, (unsigned long long)ev->seq,
                 hr_rc_name(rc));
        self->events_skipped++;
        rc = HR_OK;
    }
    self->head_stale = true; // the tick reads the chain head again after this batch commits
    hr_arena_destroy(&arena);
    return rc;
}
