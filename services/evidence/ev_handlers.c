/*  ev_handlers - one function per evidence route; validation, then store and blob calls.
 *
 *  Nothing is served before it is verified: GetBegin decrypts the whole blob and checks its
 *  SHA-256 against the id before it opens a download, and the download starts only once the
 *  get's audit entry has committed. A blob that fails is queued for the tick, which marks the
 *  record corrupt and audits the finding in its own transaction (this one is aborted by the
 *  error reply).
 *
 *  Uploads: PutBegin opens a session (temp file, fresh key), PutChunk appends frames strictly
 *  in sequence (a repeat of the last chunk with the same msg_id is a retry and is answered
 *  again), PutEnd finishes, renames the blob into place and commits record, key and audit
 *  entry together. Any error in the middle of an upload aborts it and removes its temp file.
 */
#include "ev.h"

#include <jansson.h>
#include <libgen.h>
#include <stdatomic.h>
#include <unistd.h>

#define EV_MSG_VALUE_MAX 64 // bytes of a caller's value quoted in an error message

typedef struct {
    ev_server_t *self;     // borrowed
    ev_session_t *session; // borrowed: dropped or readied after commit
    ev_head_t head;        // the chain head the call's audit entry made
} s_hook_t;

static void s_hook_head(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_hook_t *h = arg;
    h->self->head = h->head;
}

static void s_hook_drop(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_hook_t *h = arg;
    ev_session_drop(h->self, h->session);
}

static void s_hook_ready(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_hook_t *h = arg;
    h->session->ready = true;
}

static s_hook_t *s_hook(ev_server_t *self, hr_call_t *call, ev_session_t *session)
{
    s_hook_t *h = hr_arena_alloc(hr_call_arena(call), sizeof *h);
    h->self = self;
    h->session = session;
    return h;
}

// Appends an audit entry in the call's transaction; the cached head moves after commit.
// bytes as lower-case hex in arena.
static const char *s_hex(hr_arena_t *arena, const unsigned char *bytes, size_t n)
{
    char *out = hr_arena_alloc(arena, 2 * n + 1);
    ev_hex(bytes, n, out);
    return out;
}

static hr_rc_t s_audit(ev_server_t *self, hr_call_t *call, const char *action, const char *id,
                       const char *case_id, const char *detail)
{
    s_hook_t *h = s_hook(self, call, NULL);
    const Hr__Actor *actor = hr_call_actor(call);
    ev_audit_t a = {.actor = actor->user_id ? actor->user_id : "",
                    .action = action,
                    .evidence_id = id,
                    .case_id = case_id,
                    .detail = detail};
    hr_rc_t rc = ev_store_audit(hr_call_txn(call), hr_call_now_ms(call), &a, &h->head);
    if (!rc)
        hr_call_after_commit(call, s_hook_head, h);
    return rc;
}

// Whether the workflow's directory records user as having left by now (workflow.RolesChanged's
// left_ms): from then on they are nobody here - no uploads or signatures, whatever roles they
// held, and no reads but what is addressed to them as the employee concerned (s_reader). A row
// that does not read is not a leaver (as before: fails as the roles do).
static bool s_has_left(hr_call_t *call, const char *user)
{
    Hr__Evidence__Person *p = NULL;
    if (!user || ev_store_person_get(hr_call_txn(call), user, hr_call_arena(call), &p))
        return false;
    return p->left_ms > 0 && hr_call_now_ms(call) >= p->left_ms;
}

// The caller's user id as a reader, or NULL: none given, or the operator's id claimed by anyone
// but the operator (hr_actor_is_operator) - what hrctl uploaded and signed as the operator is
// not theirs to read. Someone who has left (s_has_left) is a reader still, of one thing only:
// the records of the cases they are the employee concerned of, as the employee reads them
// (s_case_grants, s_employee_signs) - their notice, their Art. 50 certificate and what else
// access/employee_kinds gives the employee; the year to bring arbitration (LDMAL Art. 27)
// starts on their last day, and the certificate is owed to them (LCL Art. 50). Nothing of the
// cases they worked on, nothing they uploaded, no custodian's reads.
static const char *s_reader(hr_call_t *call)
{
    const Hr__Actor *a = hr_call_actor(call);
    if (!a->user_id || !*a->user_id)
        return NULL;
    if (!strcmp(a->user_id, HR_OPERATOR_ID) && !hr_actor_is_operator(a))
        return NULL;
    return a->user_id;
}

// The caller's user id as one who acts here (uploads, signs, holds, and reads beyond what is
// addressed to them), or NULL: no reader (s_reader), or someone who has left (s_has_left).
static const char *s_user(hr_call_t *call)
{
    const char *user = s_reader(call);
    return user && !s_has_left(call, user) ? user : NULL;
}

// Whether the caller reads as one who has left (s_reader without s_user): the employee
// concerned's records alone.
static bool s_left_reader(hr_call_t *call)
{
    return s_reader(call) && !s_user(call);
}

// A person's read of what a record says (Stat: signatures and their statements; List: a case's
// file names) goes into the audit chain as a get does. The operator's own reads (hrctl's
// identity: `hrctl verify` asks Stat for every id a case lists, `case attach` for the kind) are
// the system checking itself, not a person's access, and are not audited: they stay reads
// (hr_call_store_nothing). A person's read is refused when its entry cannot be written (a full
// disk), as a get is.
static hr_rc_t s_audit_read(ev_server_t *self, hr_call_t *call, const char *action, const char *id,
                            const char *case_id, const char *detail)
{
    if (hr_actor_is_operator(hr_call_actor(call))) {
        hr_call_store_nothing(call); // a read as before: no fsync, answered on a full disk
        return HR_OK;
    }
    hr_rc_t rc = s_audit(self, call, action, id, case_id, detail);
    if (rc)
        return hr_call_fail(call, rc, "could not write the audit log");
    // The entry commits; the reply (a whole case's records) is not kept for dedupe for days:
    // a retry reads again and writes one more entry (hr_call_no_replay).
    hr_call_no_replay(call);
    return HR_OK;
}

// Whether the caller is a custodian (hr, legal or operator; ev_auth_is_custodian): with a
// workflow peer, hr and legal only as the workflow's directory gives them (db people), so an
// employee claiming hr is an employee; without one (bench, some tests), the roles claimed.
// A directory that cannot be read makes nobody a custodian.
static bool s_custodian(ev_server_t *self, hr_call_t *call)
{
    const Hr__Actor *a = hr_call_actor(call);
    bool directory = self->workflow != NULL;
    Hr__Evidence__Person *p = NULL;
    if (directory) {
        hr_rc_t rc = ev_store_person_get(hr_call_txn(call), a->user_id, hr_call_arena(call), &p);
        if (rc && rc != HR_ENOTFOUND)
            return false;
        if (p && p->left_ms > 0 && hr_call_now_ms(call) >= p->left_ms)
            return false; // left: custodian of nothing
    }
    return ev_auth_is_custodian(a, p, directory);
}

// Whether the caller is a custodian by the legal role alone (ev_auth_is_legal_only), as
// s_custodian reads the directory. A directory that cannot be read counts as legal: it only
// narrows what the caller uploads.
static bool s_legal_only(ev_server_t *self, hr_call_t *call)
{
    const Hr__Actor *a = hr_call_actor(call);
    bool directory = self->workflow != NULL;
    Hr__Evidence__Person *p = NULL;
    if (directory) {
        hr_rc_t rc = ev_store_person_get(hr_call_txn(call), a->user_id, hr_call_arena(call), &p);
        if (rc && rc != HR_ENOTFOUND)
            return true;
    }
    return ev_auth_is_legal_only(a, p, directory);
}

bool ev_case_concerns(hr_txn_t *txn, hr_arena_t *arena, char *const *case_ids, size_t n,
                      const char *user)
{
    if (!user || !*user)
        return false;
    for (size_t i = 0; i < n; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        hr_rc_t rc = ev_store_case_get(txn, case_ids[i], arena, &c);
        if (rc == HR_ENOTFOUND)
            continue;
        if (rc || !strcmp(c->employee_no, user))
            return true;
    }
    return false;
}

// Whether the caller is a custodian for a record: one (s_custodian) who is not the employee of
// any of its cases (ev_case_concerns; the employee concerned reads as the employee).
static bool s_custodian_of(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    return s_custodian(self, call) && !ev_case_concerns(hr_call_txn(call), hr_call_arena(call),
                                                        e->case_ids, e->n_case_ids, s_user(call));
}

/*  Catching up on the workflow's log. The consumer pulls on a hint, on a timer and at start, so a
 *  request sent right after a case opened (hrctl case open, then attach at once) may come before
 *  the pull that brings its CaseOpened, and would be answered as for a case the workflow never
 *  opened: the manager refused their own case. So a request by anyone but HR, legal or an
 *  operator that names a case whose people are not known here (s_case_known) first has the log
 *  read (hr_consumer_sync) and parks until a pull sent after it came is applied, or
 *  EV_CATCH_UP_MS passed; then it runs again from the start and answers from what is known. A
 *  case opened before the request was sent is then known - unless the workflow did not answer
 *  in time, which the run after says (S_CAUGHT_LATE). The loop never waits: the wait is the
 *  parked call's work, on a thread of its own, reading one atomic.
 */
typedef enum {
    S_CAUGHT_NOTHING = 0, // no wait: every case known, no workflow peer, or a custodian asks
    S_CAUGHT_UP,          // the log was read after the request came: what is unknown, it never told
    S_CAUGHT_LATE,        // EV_CATCH_UP_MS passed first: the workflow did not answer in time
} s_caught_t;

typedef struct {
    hr_job_t job;            // first: the server's record (hr_call_job)
    hr_consumer_t *consumer; // borrowed: the workflow's; destroyed after hr_server_stop_work
    uint64_t ticket;         // hr_consumer_sync's
    bool synced;             // the work saw the log read (else the bound passed, or stopping)
} s_catch_up_t;

static void s_catch_up_work(const hr_server_t *server, void *arg)
{
    s_catch_up_t *w = arg;
    for (int64_t waited_ms = 0; waited_ms < EV_CATCH_UP_MS && !hr_work_stopping(server);
         waited_ms += EV_CATCH_UP_STEP_MS) {
        if (hr_consumer_is_synced(w->consumer, w->ticket))
            break;
        zclock_sleep(EV_CATCH_UP_STEP_MS);
    }
    w->synced = hr_consumer_is_synced(w->consumer, w->ticket);
}

void ev_catch_up_free_all(ev_server_t *self)
{
    while (self->catch_ups) {
        hr_job_t *j = self->catch_ups;
        self->catch_ups = j->next;
        hr_free(j);
    }
}

// A handler's first step where it may catch up (s_catch_up, later): *caught says what the wait
// found when the call runs again after it (S_CAUGHT_NOTHING on a first run). *parked true for a
// retry that came while the wait runs: the handler returns rc (the retry parked too).
static hr_rc_t s_caught(ev_server_t *self, hr_call_t *call, s_caught_t *caught, bool *parked)
{
    *caught = S_CAUGHT_NOTHING;
    *parked = false;
    bool running = false;
    s_catch_up_t *w = (s_catch_up_t *)hr_call_job(call, &self->catch_ups, &running);
    if (running) {
        *parked = true;
        return hr_call_park(call, NULL, NULL);
    }
    if (w) {
        *caught = w->synced ? S_CAUGHT_UP : S_CAUGHT_LATE;
        hr_info("case.caught_up", "msg=%s synced=%s", hr_call_msg_id(call),
                w->synced ? "yes" : "no (the workflow did not answer in time)");
        hr_free(w);
    }
    return HR_OK;
}

// Whether the workflow told this service case_id's people (a CaseOpened learnt): a row from a
// record or a hand close alone names none. A row that does not read counts as known: nothing to
// wait for.
static bool s_case_known(hr_call_t *call, const char *case_id)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(hr_call_txn(call), case_id, hr_call_arena(call), &c);
    if (rc)
        return rc != HR_ENOTFOUND;
    return *c->employee_no != '\0';
}

// Parks the call until the workflow's log is read (see above) when caught is S_CAUGHT_NOTHING,
// the caller is no custodian and one of the n case_ids (or case_id, when not NULL) is not known
// here. *parked true: the handler returns rc at once (HR_OK: it runs again after the wait).
// HR_EUNAVAIL with the call failed when too many requests wait already (try again).
static hr_rc_t s_catch_up(ev_server_t *self, hr_call_t *call, s_caught_t caught,
                          const char *case_id, char *const *case_ids, size_t n, bool *parked)
{
    *parked = false;
    if (caught != S_CAUGHT_NOTHING || !self->workflow || s_custodian(self, call))
        return HR_OK;
    const char *unknown = case_id && !s_case_known(call, case_id) ? case_id : NULL;
    for (size_t i = 0; i < n && !unknown; i++)
        if (!s_case_known(call, case_ids[i]))
            unknown = case_ids[i];
    if (!unknown)
        return HR_OK;
    s_catch_up_t *w = hr_alloc(sizeof *w);
    w->consumer = self->workflow;
    w->ticket = hr_consumer_sync(self->workflow);
    hr_rc_t rc = hr_call_park_job(call, &self->catch_ups, &w->job, s_catch_up_work);
    if (rc) {
        hr_free(w);
        return rc;
    }
    hr_debug("case.catch_up", "msg=%s case=%s", hr_call_msg_id(call), unknown);
    *parked = true;
    return HR_OK;
}

// Appended to a refusal for want of a custodian role: a person claiming one may not hold it.
#define S_ROLE_NOTE " (hr and legal as the workflow's directory gives them)"

// Whether who is one of the case's people as the workflow named them (CaseOpened, then
// CaseReassigned): the employee, the manager now and the reporting line. Whoever opened the case
// is not, by that alone: a manager HR replaced is outside it, as in the workflow (an HR person
// who opened it reads as a custodian).
static bool s_on_case(const Hr__Evidence__CaseInfo *c, const char *who)
{
    if (!who || !*who)
        return false;
    if (!strcmp(c->employee_no, who) || !strcmp(c->manager_no, who))
        return true;
    for (size_t j = 0; j < c->n_reporting_line; j++)
        if (!strcmp(c->reporting_line[j], who))
            return true;
    return false;
}

// Whether the caller puts under case_id only what legal uploads (ev_kind_is_legal_upload): a
// custodian by the legal role alone who is not one of the case's people as the workflow named
// them (a lawyer who manages the employee uploads as the manager does).
static bool s_puts_as_legal(ev_server_t *self, hr_call_t *call, const char *case_id)
{
    if (!s_legal_only(self, call))
        return false;
    Hr__Evidence__CaseInfo *c = NULL;
    if (ev_store_case_get(hr_call_txn(call), case_id, hr_call_arena(call), &c))
        return true;
    return !s_on_case(c, s_user(call));
}

// Refuses (HR_EDENIED) what the caller, putting under case_id as legal (s_puts_as_legal), may
// not add there: a record of a kind legal does not upload - what is put (the kind named), stored
// already (the same content is the record it is), or replaced. what says which. HR_OK otherwise.
static hr_rc_t s_legal_kind_check(ev_server_t *self, hr_call_t *call, const char *case_id,
                                  const char *kind, const char *what)
{
    const char *why = ev_kind_legal_refusal(kind);
    if (!why || !s_puts_as_legal(self, call, case_id))
        return HR_OK;
    hr_warn("evidence.put_denied", "case=%s user=%s kind=%s as=legal", case_id,
            s_user(call) ? s_user(call) : "", kind);
    return hr_call_fail(call, HR_EDENIED, "%s %s: %s", what, kind, why);
}

// Whether the case's people give user the record of this kind: the employee the kinds in
// access/employee_kinds (and never more, even if the directory made them their own manager)
// once the company told them of the case (employee_told_ms, from the workflow's log) and
// nothing before; the manager, whoever opened it and the managers up the line every record.
// Beside the kinds, the employee reads the proof of an Art. 50 duty the workflow named
// (employee_evidence_ids: the certificate, the transfer receipt - kind other, which they read
// of nothing else), and, with proof, the records the case's review cites as proof of its
// ground (proof_evidence_ids: a facts snapshot, an `other` record - what the dismissal rests
// on), but never a sensitive one that way: the flag does not say whose health it is, and HR
// hands the employee their own. Someone who has left (left) reads as the employee concerned
// alone (s_reader).
static bool s_case_grants(ev_server_t *self, const Hr__Evidence__CaseInfo *c, const char *user,
                          const Hr__Evidence__Evidence *e, bool left, bool proof)
{
    if (!strcmp(c->employee_no, user)) {
        int k = ev_kind_index(e->kind);
        if (!c->employee_told_ms)
            return false;
        if (k >= 0 && self->employee_reads[k])
            return true;
        for (size_t i = 0; i < c->n_employee_evidence_ids; i++)
            if (!strcmp(c->employee_evidence_ids[i], e->id))
                return true;
        for (size_t i = 0; proof && !e->sensitive && i < c->n_proof_evidence_ids; i++)
            if (!strcmp(c->proof_evidence_ids[i], e->id))
                return true;
        return false;
    }
    return !left && s_on_case(c, user);
}

// Whether user, the employee of case c before the company told them of it, reads e all the
// same - not through the case, which no reply names to them (s_redact): a record they are shown
// to sign (ev_kind_employee_signs: the record of a feedback talk held with them) or one they
// signed, of a kind in access/employee_kinds.
static bool s_employee_signs(ev_server_t *self, const Hr__Evidence__CaseInfo *c, const char *user,
                             const Hr__Evidence__Evidence *e)
{
    int k = ev_kind_index(e->kind);
    if (strcmp(c->employee_no, user) || c->employee_told_ms || k < 0 || !self->employee_reads[k])
        return false;
    if (ev_kind_employee_signs(e->kind))
        return true;
    for (size_t i = 0; i < e->n_signatures; i++)
        if (!strcmp(e->signatures[i]->signer, user))
            return true;
    return false;
}

// Who may read a record (stat, list, get) and sign it: HR, legal and operators all of them;
// anyone else the records they uploaded (first or again: they hold the content), and the
// records of the cases they work on as the workflow told this service (CaseOpened: the
// manager, whoever opened it, the employee's managers up the line); the case's employee only
// the kinds in access/employee_kinds (what is about them and served to or acknowledged by
// them), and only once the company told them of the case - before, what they are shown to
// sign or signed (s_employee_signs). Nobody else, whatever id they hold: a signature is never
// a way in. Someone who has left reads as the employee concerned alone (s_reader).
// proof: whether the case's proof counts (s_case_grants): for every read, not for replacing
// a record (supersedes), which the employee never does to what their case rests on.
static bool s_may_read_as(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e,
                          bool proof)
{
    if (s_custodian_of(self, call, e))
        return true;
    const char *user = s_reader(call);
    if (!user)
        return false;
    bool left = s_left_reader(call);
    if (!left && !strcmp(e->uploader, user))
        return true;
    for (size_t i = 0; i < e->n_also_uploaded_by && !left; i++)
        if (!strcmp(e->also_uploaded_by[i], user))
            return true;
    for (size_t i = 0; i < e->n_case_ids; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        if (ev_store_case_get(hr_call_txn(call), e->case_ids[i], hr_call_arena(call), &c))
            continue;
        if (s_case_grants(self, c, user, e, left, proof) || s_employee_signs(self, c, user, e))
            return true;
    }
    return false;
}

static bool s_may_read(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    return s_may_read_as(self, call, e, true);
}

// Whether user is the employee of one of e's cases (the employee it concerns).
static bool s_concerned(hr_call_t *call, const Hr__Evidence__Evidence *e, const char *user)
{
    for (size_t i = 0; user && i < e->n_case_ids; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        if (!ev_store_case_get(hr_call_txn(call), e->case_ids[i], hr_call_arena(call), &c) &&
            !strcmp(c->employee_no, user))
            return true;
    }
    return false;
}

// Whether the caller uploaded e (first or the same bytes again) and has not left.
static bool s_uploaded(hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    const char *user = s_user(call);
    if (!user)
        return false;
    bool mine = !strcmp(e->uploader, user);
    for (size_t i = 0; i < e->n_also_uploaded_by && !mine; i++)
        mine = !strcmp(e->also_uploaded_by[i], user);
    return mine;
}

// What the caller, known to e (s_may_read), is given of it (ev_sensitive_reads): a sensitive
// record's content only HR, legal and operators (s_custodian_of) and the employee it concerns
// - as s_may_read gives them the case's records (access/employee_kinds, once told) or as its
// uploader. Not its case's manager, nor the managers up the line, nor a manager who uploaded
// it: they see that it exists (id, kind, date; the uploader its metadata), no more (s_redact).
static ev_reads_t s_reads(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    if (!e->sensitive)
        return EV_READS_CONTENT;
    return ev_sensitive_reads(true, s_custodian_of(self, call, e),
                              s_concerned(call, e, s_reader(call)), s_uploaded(call, e));
}

// Whether the caller reads the content of e (get, sign) beside knowing of it (s_may_read).
static bool s_reads_content(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    return s_reads(self, call, e) == EV_READS_CONTENT;
}

bool ev_caller_reads(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    return s_may_read(self, call, e) && s_reads_content(self, call, e);
}

// The refusal of a sensitive record's content to one who knows of it (s_reads_content), Chinese
// first, naming who reads it; logged with ids only. Nothing goes into the audit chain, as for
// any refused read.
static hr_rc_t s_refuse_sensitive(hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    hr_warn("evidence.read_denied", "id=%s user=%s why=sensitive", e->id,
            s_reader(call) ? s_reader(call) : "");
    return hr_call_fail_zh(
        call, HR_EDENIED,
        "该证据已标记为敏感个人信息（如健康信息，《个人信息保护法》第二十八条）：只有 HR、法务、"
        "系统操作员和所涉员工本人可以查看或签署其内容；案件经理和上级只能看到它存在（编号、类型、"
        "日期）。如需了解，请联系 HR。",
        "id: the record is marked sensitive personal information (health and the like, PIPL Art. "
        "28): only HR, legal, the operator and the employee it concerns read or sign its "
        "content; the case's manager and the superiors see only that it exists (id, kind, date). "
        "Ask HR");
}

// The same content is one record, linked to every case it was put under (a company rule
// document may be in many). What a reader other than HR, legal or an operator is shown of it:
// the cases that grant them the record (and known_case, the one their request named), and of
// signers and uploaders only themselves and the people of those cases. Nothing tells them which
// other cases hold the file or who works on those - nor, to an employee not yet told of their
// case, that case (s_case_grants gives them nothing there). Only the reply is trimmed, never
// the store.
static void s_redact(ev_server_t *self, hr_call_t *call, Hr__Evidence__Evidence *e,
                     const char *known_case)
{
    // Whether a case hold keeps the record: over every case for custodians, over the cases
    // left to the reader for anyone else (a hold on a case they cannot see is not theirs to know).
    if (s_custodian_of(self, call, e)) {
        e->case_held = ev_cases_hold(hr_call_txn(call), e, hr_call_arena(call));
        ev_cases_void(hr_call_txn(call), e, hr_call_arena(call));
        return;
    }
    const char *user = s_reader(call) ? s_reader(call) : "";
    bool left = s_left_reader(call);
    hr_arena_t *arena = hr_call_arena(call);
    size_t n = e->n_case_ids, nvis = 0;
    Hr__Evidence__CaseInfo **vis = hr_arena_alloc(arena, (n + 1) * sizeof *vis);
    char **ids = hr_arena_alloc(arena, (n + 1) * sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        if (ev_store_case_get(hr_call_txn(call), e->case_ids[i], arena, &c))
            c = NULL;
        bool named = known_case && !strcmp(e->case_ids[i], known_case);
        bool grants = c && s_case_grants(self, c, user, e, left, true);
        if (named || grants) {
            ids[nvis] = e->case_ids[i];
            vis[nvis++] = grants ? c : NULL; // a case only named shows none of its people
        }
    }
    e->case_ids = ids;
    e->n_case_ids = nvis;
    e->case_held = ev_cases_hold(hr_call_txn(call), e, arena);
    ev_cases_void(hr_call_txn(call), e, hr_call_arena(call));
    size_t kept = 0;
    for (size_t i = 0; i < e->n_signatures; i++) {
        bool shown = !strcmp(e->signatures[i]->signer, user);
        for (size_t j = 0; j < nvis && !shown; j++)
            shown = vis[j] && s_on_case(vis[j], e->signatures[i]->signer);
        if (shown)
            e->signatures[kept++] = e->signatures[i];
    }
    e->n_signatures = kept;
    bool shown = !strcmp(e->uploader, user);
    for (size_t j = 0; j < nvis && !shown; j++)
        shown = vis[j] && s_on_case(vis[j], e->uploader);
    if (!shown)
        e->uploader = "";
    kept = 0;
    for (size_t i = 0; i < e->n_also_uploaded_by; i++)
        if (!strcmp(e->also_uploaded_by[i], user))
            e->also_uploaded_by[kept++] = e->also_uploaded_by[i];
    e->n_also_uploaded_by = kept;
    e->hold_reason = ""; // HR's words about a hold may be about any of the cases
    e->sensitive_reason = "";
    ev_sensitive_trim(e, s_reads(self, call, e));
}

// The case a person's access to record e (get, stat, sign) is audited under. One content is one
// record under every case it was put under, so which case the reader worked on is for them to
// say: the case the request named (case_id: one of the record's cases and, for anyone but a
// custodian, one that gives them the record), else the record's only case, else the one of its
// cases that gives the reader the record (the manager of one of them). Else none: the entry
// names the record alone and is in the audit extract of each of its cases (evidence.AuditExtract).
// *case_out gets the case ("" for none), *how a few words for the entry's detail saying which
// (an entry written before this rule named the record's first case and says nothing).
// HR_EINVAL, with the call failed, for a named case that is none of these. To its employee
// before they were told of it, a case gives what they are shown to sign or signed
// (s_employee_signs): named, it is the entry's case, and the reply names it no more than without.
static hr_rc_t s_acted_for(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e,
                           const char *named, const char **case_out, const char **how)
{
    bool custodian = s_custodian_of(self, call, e);
    const char *user = s_reader(call) ? s_reader(call) : "";
    bool left = s_left_reader(call);
    if (!named)
        named = "";
    const char *granting = NULL;
    size_t ngranting = 0;
    for (size_t i = 0; i < e->n_case_ids; i++) {
        bool grants = custodian, signs = false;
        if (!custodian) {
            Hr__Evidence__CaseInfo *c = NULL;
            if (!ev_store_case_get(hr_call_txn(call), e->case_ids[i], hr_call_arena(call), &c)) {
                grants = s_case_grants(self, c, user, e, left, true);
                signs = s_employee_signs(self, c, user, e);
            }
        }
        if (*named && !strcmp(e->case_ids[i], named)) {
            if (!grants && !signs)
                break;
            *case_out = e->case_ids[i];
            *how = "for the case named";
            return HR_OK;
        }
        if (grants && !custodian) {
            granting = e->case_ids[i];
            ngranting++;
        }
    }
    if (*named)
        return hr_call_fail(call, HR_EINVAL,
                            "case_id: the record is under no case %.*s that gives it to you",
                            EV_MSG_VALUE_MAX, named);
    if (e->n_case_ids == 1) {
        *case_out = e->case_ids[0];
        *how = "for its only case";
    } else if (ngranting == 1) {
        *case_out = granting;
        *how = "for the case the reader works on";
    } else {
        *case_out = "";
        *how = "no case named";
    }
    return HR_OK;
}

// The refusal, logged with ids only (ASVS 16.3.2: every denial is logged). The caller hears
// what a missing record says: an id is the SHA-256 of the content, so anything else would
// tell whoever holds a file whether it is in evidence.
static hr_rc_t s_refuse_field(hr_call_t *call, const Hr__Evidence__Evidence *e, const char *field)
{
    hr_warn("evidence.read_denied", "id=%s user=%s", e->id, s_reader(call) ? s_reader(call) : "");
    return hr_call_fail(call, HR_ENOTFOUND, "%s: no such evidence", field);
}

static hr_rc_t s_refuse_read(hr_call_t *call, const Hr__Evidence__Evidence *e)
{
    return s_refuse_field(call, e, "id");
}

// The record a put names to replace (supersedes), for a caller who may read it; to anyone else
// it is missing, as it is to a read (nothing about it, not even that it is signed, is told).
// Refused (HR_ECONFLICT) when it is signed. On failure the call's error is filled.
static hr_rc_t s_superseded_get(ev_server_t *self, hr_call_t *call, const char *old_id,
                                const char *case_id, Hr__Evidence__Evidence **old)
{
    hr_rc_t rc = ev_store_evidence_get(hr_call_txn(call), old_id, hr_call_arena(call), old);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail(call, rc, "supersedes: no such evidence");
    if (rc)
        return hr_call_fail(call, rc, "could not read the evidence store");
    if (!s_may_read_as(self, call, *old, false))
        return s_refuse_field(call, *old, "supersedes");
    if ((*old)->n_signatures)
        return hr_call_fail(call, HR_ECONFLICT,
                            "supersedes: the record is signed and cannot be replaced");
    return s_legal_kind_check(self, call, case_id, (*old)->kind, "supersedes: a record of kind");
}

// Marks the record old_id replaced by id (in the call's transaction). One record replaces
// another once: a record replaced already by another, or id itself, is refused (HR_ECONFLICT);
// one replaced by id already is left as it is.
static hr_rc_t s_supersede(ev_server_t *self, hr_call_t *call, const char *old_id, const char *id,
                           const char *case_id)
{
    if (!strcmp(old_id, id))
        return hr_call_fail(call, HR_ECONFLICT, "supersedes: a record cannot replace itself");
    Hr__Evidence__Evidence *old = NULL;
    hr_rc_t rc = ev_store_evidence_get(hr_call_txn(call), old_id, hr_call_arena(call), &old);
    if (!rc && s_may_read_as(self, call, old, false) && !strcmp(old->superseded_by, id))
        return HR_OK; // linked already (the same replacement uploaded again)
    rc = s_superseded_get(self, call, old_id, case_id, &old);
    if (rc)
        return rc;
    if (*old->superseded_by)
        return hr_call_fail(call, HR_ECONFLICT, "supersedes: the record is replaced already by %s",
                            old->superseded_by);
    old->superseded_by = (char *)id;
    rc = ev_store_evidence_put(hr_call_txn(call), old, old->due_ms);
    if (rc)
        return hr_call_fail(call, rc, "could not store the evidence record");
    return HR_OK;
}

// Signature validity is computed on every read, never taken from storage.
static void s_mark_signatures(Hr__Evidence__Evidence *e)
{
    for (size_t i = 0; i < e->n_signatures; i++) {
        Hr__Evidence__Signature *s = e->signatures[i];
        s->valid = ev_sign_verify(s->public_key.data, s->public_key.len, s->signature.data,
                                  s->signature.len, e->id, s->signer, s->signed_ms, s->statement,
                                  EV_SIG_DECLINED(s));
    }
}

static int64_t s_due_for(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                         const Hr__Evidence__Evidence *e)
{
    int k = ev_kind_index(e->kind);
    int64_t days = self->retention_days[k >= 0 ? k : EV_KIND_COUNT - 1];
    int64_t *closed = hr_arena_alloc(arena, (e->n_case_ids + 1) * sizeof *closed);
    int64_t *keep = hr_arena_alloc(arena, (e->n_case_ids + 1) * sizeof *keep);
    for (size_t i = 0; i < e->n_case_ids; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        bool known = ev_store_case_get(txn, e->case_ids[i], arena, &c) == HR_OK;
        closed[i] = known ? c->closed_ms : 0;
        keep[i] = known ? c->keep_until_ms : 0;
    }
    return ev_retention_due(closed, keep, e->n_case_ids, days);
}

// What a new record says about its blob. Strings borrowed: request or arena memory, since the
// stored record and the reply point at them.
typedef struct {
    const char *case_id;       // validated
    const char *kind;          // validated
    const char *file_name;     // sanitized
    const char *declared_type; // cleaned
    const char *supersedes;    // "" or a validated id
    const char *uploader;      // actor
    bool sensitive;            // marked sensitive at the put (Evidence.sensitive)
    s_caught_t caught;         // what catching up on the workflow's log found (s_catch_up)
} s_meta_t;

// Whether case_id may join a record stored already (the same bytes uploaded under another
// case): a record is under at most EV_CASES_MAX cases, and joins a case this service knows
// nothing of (no row: neither the workflow nor HR or legal ever named it) only by HR, legal or
// an operator. Anyone holding the bytes could otherwise link the record to a made-up case that
// never closes, and so keep it for ever. On refusal the call's error is filled, Chinese first,
// saying which it is as far as this service can tell (caught: s_catch_up read the workflow's log
// for the request): a case the workflow never opened, or one it has not told of yet.
static hr_rc_t s_may_link(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e,
                          const char *case_id, s_caught_t caught)
{
    if (e->n_case_ids >= EV_CASES_MAX)
        return hr_call_fail(call, HR_ECONFLICT,
                            "case_id: the record is under %d cases already, the most one record "
                            "joins",
                            EV_CASES_MAX);
    if (s_custodian(self, call))
        return HR_OK;
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(hr_call_txn(call), case_id, hr_call_arena(call), &c);
    if (rc == HR_ENOTFOUND) {
        hr_warn("evidence.link_denied", "id=%s case=%s user=%s", e->id, case_id,
                s_user(call) ? s_user(call) : "");
        hr_arena_t *arena = hr_call_arena(call);
        if (caught == S_CAUGHT_LATE)
            return hr_call_fail_zh(
                call, HR_EUNAVAIL,
                hr_arena_fmt(arena,
                             "证据库尚未从工作流获知案件 %s（工作流未在 %d 秒内应答），文件未加入"
                             "该案件：请稍后重试；仍不行请用 hrctl status 检查 hr-workflow。",
                             case_id, (int)(EV_CATCH_UP_MS / HR_SECOND_MS)),
                "case_id: hr-evidence has not learnt of case %s from the workflow yet (it did not "
                "answer within %d s), so the content was not added to it: try again in a minute; "
                "if it persists, check hr-workflow with hrctl status",
                case_id, (int)(EV_CATCH_UP_MS / HR_SECOND_MS));
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "工作流没有开立案件 %s%s：请核对案件编号（hrctl case list）。该内容已存于"
                         "证据库，只有 HR、法务或系统操作员可以把它加入工作流未开立的案件。",
                         case_id,
                         caught == S_CAUGHT_UP ? "（证据库刚刚读取了工作流的全部记录）" : ""),
            "case_id: the workflow has opened no case %s%s: check the case id (hrctl case list). "
            "This content is stored already; only HR, legal or operators add it to a case the "
            "workflow has not opened",
            case_id,
            caught == S_CAUGHT_UP ? " (hr-evidence read the workflow's log just now)" : "");
    }
    if (rc)
        return hr_call_fail(call, rc, "could not read the evidence store");
    return HR_OK;
}

// The common end of PutEnd and PutFacts: the blob is finished (id known). Renames it into place
// when the content is new and commits record, wrapped key and audit entry in the call's txn.
static hr_rc_t s_store_blob(ev_server_t *self, hr_call_t *call, ev_writer_t *w, const char *id,
                            const s_meta_t *m, Hr__Evidence__Evidence **out, bool *created)
{
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(txn, id, arena, &e);
    if (rc && rc != HR_ENOTFOUND)
        return hr_call_fail(call, rc, "could not read the evidence store");
    bool found = !rc;
    bool repair = found && e->state == HR__EVIDENCE__STATE__STATE_CORRUPT;
    // The same content is the record stored already, of its kind whatever kind this put named:
    // legal adds no record of another kind to a case (a repair restores the same bytes and adds
    // nothing).
    if (found && !repair) {
        rc = s_legal_kind_check(self, call, m->case_id, e->kind,
                                "kind: this content is stored already as a record of kind");
        if (rc)
            return rc;
    }
    const char *super = *m->supersedes ? hr_arena_fmt(arena, " supersedes=%s", m->supersedes)
                                       : ""; // for the put's audit entry
    if (*m->supersedes) {
        // Whether the content is new or stored already, the replacement is linked (or refused).
        if (found && *e->supersedes && strcmp(e->supersedes, m->supersedes))
            return hr_call_fail(call, HR_ECONFLICT,
                                "supersedes: the record with this content replaces %s already; "
                                "it replaces no other",
                                e->supersedes);
        rc = s_supersede(self, call, m->supersedes, id, m->case_id);
        if (rc)
            return rc;
    }
    bool relink = found && *m->supersedes && strcmp(e->supersedes, m->supersedes);
    if (relink)
        e->supersedes = (char *)m->supersedes;
    if (found && !repair) {
        // The same content is stored already: link the case if it is new, store nothing twice.
        *created = false;
        bool linked = false;
        for (size_t i = 0; i < e->n_case_ids; i++)
            linked |= !strcmp(e->case_ids[i], m->case_id);
        rc = linked ? HR_OK : s_may_link(self, call, e, m->case_id, m->caught);
        if (rc)
            return rc;
        // A put marking it sensitive marks the record (never the other way: a mark stays).
        bool marked = m->sensitive && !e->sensitive;
        if (marked) {
            e->sensitive = true;
            e->sensitive_ms = now_ms;
            e->sensitive_by = (char *)m->uploader;
        }
        // Whoever uploads the same bytes again holds them already: they may read the record.
        bool known = !strcmp(e->uploader, m->uploader);
        for (size_t i = 0; i < e->n_also_uploaded_by && !known; i++)
            known = !strcmp(e->also_uploaded_by[i], m->uploader);
        if (!known && e->n_also_uploaded_by < EV_UPLOADERS_MAX) {
            char **who = hr_arena_alloc(arena, (e->n_also_uploaded_by + 1) * sizeof *who);
            if (e->n_also_uploaded_by)
                memcpy(who, e->also_uploaded_by, e->n_also_uploaded_by * sizeof *who);
            who[e->n_also_uploaded_by++] = (char *)m->uploader;
            e->also_uploaded_by = who;
        }
        int64_t old_due = e->due_ms;
        if (!linked) {
            char **ids = hr_arena_alloc(arena, (e->n_case_ids + 1) * sizeof *ids);
            if (e->n_case_ids)
                memcpy(ids, e->case_ids, e->n_case_ids * sizeof *ids);
            ids[e->n_case_ids++] = (char *)m->case_id;
            e->case_ids = ids;
            e->due_ms = s_due_for(self, txn, arena, e);
        }
        if (!linked || !known || relink || marked) {
            rc = ev_store_evidence_put(txn, e, old_due);
            if (rc)
                return hr_call_fail(call, rc, "could not store the evidence record");
        }
        rc = s_audit(
            self, call, "put", id, m->case_id,
            hr_arena_fmt(arena, "%s%s%s",
                         linked ? "same content already stored" : "same content, linked to case",
                         super, marked ? " marked sensitive" : ""));
        if (rc)
            return hr_call_fail(call, rc, "could not write the audit log");
        s_mark_signatures(e);
        *out = e;
        return HR_OK;
    }
    char *path = ev_server_blob_path(self, id);
    rc = HR_OK; // the record's look-up found none: that is no failure of this step
    if (!ev_writer_is_committed(w)) {
        char *dir = hr_strdup(path);
        int mk = ev_dir_make(dirname(dir));
        hr_free(dir);
        rc = mk ? HR_EIO : ev_writer_commit(w, path);
    } else if (!ev_writer_in_place(w, path)) {
        // Renamed into place by a run whose commit failed: the record may name the file with
        // this writer's key only if nothing replaced it since (another upload of the same
        // content that placed its own and failed too).
        rc = HR_EIO;
    }
    hr_free(path);
    if (rc)
        return hr_call_fail(call, rc, "could not store the blob file");

    unsigned char *wrapped = hr_arena_alloc(arena, EV_WRAPPED_KEY_BYTES);
    ev_key_wrap(&self->keys, id, ev_writer_pad(w), ev_writer_key(w), wrapped);
    char name[EV_ID_HEX + 1];
    ev_blob_name(&self->keys, id, name);
    Hr__Evidence__Blob b = HR__EVIDENCE__BLOB__INIT;
    b.file = name;
    b.wrapped_key.data = wrapped;
    b.wrapped_key.len = EV_WRAPPED_KEY_BYTES;
    b.chunk_bytes = EV_SEAL_CHUNK;
    b.size = ev_writer_size(w);
    rc = ev_store_blob_put(txn, id, &b);
    if (rc)
        return hr_call_fail(call, rc, "could not store the blob key");

    if (repair) {
        e->state = HR__EVIDENCE__STATE__STATE_ACTIVE;
        e->corrupt_reason = "";
        rc = ev_store_evidence_put(txn, e, e->due_ms);
        if (!rc)
            rc = s_audit(self, call, "repair", id, m->case_id,
                         hr_arena_fmt(arena, "blob replaced by the same content%s", super));
        if (rc)
            return hr_call_fail(call, rc, "could not store the evidence record");
        *created = false;
        s_mark_signatures(e);
        *out = e;
        return HR_OK;
    }
    size_t head_len = 0;
    const unsigned char *head = ev_writer_head(w, &head_len);
    e = hr_arena_alloc(arena, sizeof *e);
    hr__evidence__evidence__init(e);
    e->id = hr_arena_strdup(arena, id);
    e->kind = (char *)m->kind;
    e->n_case_ids = 1;
    e->case_ids = hr_arena_alloc(arena, sizeof(char *));
    e->case_ids[0] = (char *)m->case_id;
    e->uploader = (char *)m->uploader;
    e->uploaded_ms = now_ms;
    e->file_name = (char *)m->file_name;
    e->media_type = (char *)ev_sniff(head, head_len);
    e->declared_media_type = (char *)m->declared_type;
    e->size = ev_writer_size(w);
    e->state = HR__EVIDENCE__STATE__STATE_ACTIVE;
    e->supersedes = (char *)m->supersedes;
    if (m->sensitive) {
        e->sensitive = true;
        e->sensitive_ms = now_ms;
        e->sensitive_by = (char *)m->uploader;
    }
    e->due_ms = s_due_for(self, txn, arena, e);
    rc = ev_store_evidence_put(txn, e, 0);
    if (rc)
        return hr_call_fail(call, rc, "could not store the evidence record");
    rc = s_audit(self, call, "put", id, m->case_id,
                 hr_arena_fmt(arena, "kind=%s size=%llu%s%s", m->kind, (unsigned long long)e->size,
                              super, m->sensitive ? " sensitive" : ""));
    if (rc)
        return hr_call_fail(call, rc, "could not write the audit log");
    *created = true;
    *out = e;
    return HR_OK;
}

static hr_rc_t s_check_case(hr_call_t *call, const char *case_id)
{
    if (!hr_id_is_valid(case_id))
        return hr_call_fail(call, HR_EINVAL, "case_id: '%.*s' is not a case id", EV_MSG_VALUE_MAX,
                            case_id ? case_id : "");
    return HR_OK;
}

// Who puts evidence under a case: HR, legal and operators; and, once the workflow has named the
// case's people, only they (a manager cannot slip a file into a colleague's case). A case the
// workflow has not named (no workflow peer, or an id of another system) takes any
// authenticated uploader, as before. The case's employee, whatever roles they hold, puts
// nothing under it before the company told them of it (employee_told_ms), and hears what
// anyone outside the case hears: the answer must not tell them the case exists.
static hr_rc_t s_may_put(ev_server_t *self, hr_call_t *call, const char *case_id)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(hr_call_txn(call), case_id, hr_call_arena(call), &c);
    if (rc && rc != HR_ENOTFOUND)
        return hr_call_fail(call, rc, "could not read the evidence store");
    bool untold = !rc && *c->manager_no && !c->employee_told_ms && s_user(call) &&
                  !strcmp(c->employee_no, s_user(call));
    if (!untold && s_custodian(self, call))
        return HR_OK;
    if (rc == HR_ENOTFOUND || !*c->manager_no)
        return HR_OK;
    if (!untold && s_on_case(c, s_user(call)))
        return HR_OK;
    hr_warn("evidence.put_denied", "case=%s user=%s", case_id, s_user(call));
    return hr_call_fail(call, HR_EDENIED,
                        "case_id: only the case's people, HR, legal or operators put evidence "
                        "under case %s",
                        case_id);
}

hr_rc_t ev_handle_put_begin(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__PutBeginRequest *req = hr_call_request(call);
    Hr__Evidence__PutBeginReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    const char *user = s_user(call);
    if (!user)
        return hr_call_fail(call, HR_EDENIED, "actor: an upload needs an authenticated user");
    hr_rc_t bad = s_check_case(call, req->case_id);
    if (bad || (bad = s_may_put(self, call, req->case_id)))
        return bad;
    if (ev_kind_index(req->kind) < 0)
        return hr_call_fail(call, HR_EINVAL, "kind: unknown kind '%.*s'", EV_MSG_VALUE_MAX,
                            req->kind);
    const char *refusal = ev_kind_upload_refusal(req->kind);
    if (refusal)
        return hr_call_fail(call, HR_EINVAL, "%s", refusal);
    if ((bad = s_legal_kind_check(self, call, req->case_id, req->kind, "kind:")))
        return bad;
    if (req->size > self->max_bytes)
        return hr_call_fail(call, HR_EINVAL, "size: %llu bytes is over the limit of %llu bytes",
                            (unsigned long long)req->size, (unsigned long long)self->max_bytes);
    if (*req->supersedes) {
        Hr__Evidence__Evidence *old = NULL;
        if (!ev_id_is_valid(req->supersedes))
            return hr_call_fail(call, HR_ENOTFOUND, "supersedes: no such evidence");
        hr_rc_t rc = s_superseded_get(self, call, req->supersedes, req->case_id, &old);
        if (rc)
            return rc;
        if (*old->superseded_by)
            return hr_call_fail(call, HR_ECONFLICT,
                                "supersedes: the record is replaced already by %s",
                                old->superseded_by);
    }
    // The client may name the upload itself, to send its chunks right behind this request.
    const char *want = *req->upload_id ? req->upload_id : NULL;
    if (want && !hr_id_is_valid(want))
        return hr_call_fail(call, HR_EINVAL, "upload_id: '%.*s' is not an id", EV_MSG_VALUE_MAX,
                            want);
    if (want && (ev_session_find(self, EV_SESSION_UPLOAD, want) ||
                 ev_session_find(self, EV_SESSION_DOWNLOAD, want)))
        return hr_call_fail(call, HR_ECONFLICT, "upload_id: %s is in use", want);
    const char *full = NULL;
    ev_session_t *s = ev_session_new(self, EV_SESSION_UPLOAD, want, user, s_custodian(self, call),
                                     hr_call_now_ms(call), &full);
    if (!s)
        return hr_call_fail(call, HR_EUNAVAIL, "uploads: %s; try again later", full);
    s->begun_us = hr_stopwatch_us();
    s->tmp_path = hr_strfmt("%s/%s.part", self->tmp_dir, s->id);
    hr_rc_t rc = HR_OK;
    s->writer = ev_writer_new(s->tmp_path, self->pool, &rc);
    if (!s->writer) {
        ev_session_drop(self, s);
        return hr_call_fail(call, rc, "could not open a temp file for the upload");
    }
    s->case_id = hr_strdup(req->case_id);
    s->kind_name = hr_strdup(req->kind);
    s->file_name = hr_strdup(ev_name_sanitize(arena, req->file_name));
    s->declared_type = hr_strdup(ev_media_type_clean(arena, req->media_type));
    s->supersedes = hr_strdup(req->supersedes);
    s->uploader = hr_strdup(user);
    s->sensitive = req->sensitive || self->sensitive_kinds[ev_kind_index(req->kind)];
    s->announced_size = req->size;
    rep->upload_id = hr_arena_strdup(arena, s->id);
    rep->max_chunk_bytes = EV_MAX_CHUNK_BYTES;
    rep->max_bytes = self->max_bytes;
    hr_debug("upload.begun", "upload=%s case=%s", s->id, s->case_id);
    return HR_OK;
}

// The open upload upload_id names, or NULL with the call failed (HR_ENOTFOUND).
// The open session of that kind and id if the caller opened it, else NULL: an id someone else
// opened is, to the caller, no session at all.
static ev_session_t *s_own_session(ev_server_t *self, hr_call_t *call, ev_session_kind_t kind,
                                   const char *id)
{
    ev_session_t *s = ev_session_find(self, kind, id);
    // A download is a read: someone who has left fetches what GetBegin gave them (s_reader).
    const char *user = kind == EV_SESSION_DOWNLOAD ? s_reader(call) : s_user(call);
    if (s && (!user || !s->owner || strcmp(s->owner, user))) {
        hr_warn("evidence.session_denied", "session=%s user=%s", s->id, user ? user : "");
        return NULL;
    }
    return s;
}

static ev_session_t *s_upload_find(ev_server_t *self, hr_call_t *call, const char *upload_id)
{
    ev_session_t *s = s_own_session(self, call, EV_SESSION_UPLOAD, upload_id);
    if (!s)
        hr_call_fail(call, HR_ENOTFOUND,
                     "upload_id: no such upload (finished, aborted or expired)");
    return s;
}

// Fails the call with HR_EINVAL and the message, then drops the upload: the temp file goes with
// it.
static hr_rc_t s_abort_upload(ev_server_t *self, ev_session_t *s, hr_call_t *call, const char *fmt,
                              ...) __attribute__((format(printf, 4, 5)));
static hr_rc_t s_abort_upload(ev_server_t *self, ev_session_t *s, hr_call_t *call, const char *fmt,
                              ...)
{
    va_list ap;
    va_start(ap, fmt);
    hr_call_failv(call, HR_EINVAL, fmt, ap);
    va_end(ap);
    hr_debug("upload.aborted", "upload=%s", s->id);
    ev_session_drop(self, s);
    return HR_EINVAL;
}

hr_rc_t ev_handle_put_chunk(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__PutChunkRequest *req = hr_call_request(call);
    Hr__Evidence__PutChunkReply *rep = hr_call_reply(call);
    ev_session_t *s = s_upload_find(self, call, req->upload_id);
    if (!s)
        return HR_ENOTFOUND;
    if (s->finished)
        return hr_call_fail(call, HR_ECONFLICT, "upload_id: the upload has ended");
    const char *msg_id = hr_call_msg_id(call);
    if (req->seq + 1 == s->next_seq && !strcmp(s->last_chunk_msg, msg_id)) {
        rep->received_bytes = ev_writer_size(s->writer); // a retry of the chunk just taken
        return HR_OK;
    }
    if (s->ended)
        return s_abort_upload(self, s, call,
                              "size: all %llu bytes announced are in; no chunk may follow "
                              "(upload aborted)",
                              (unsigned long long)s->announced_size);
    if (req->seq != s->next_seq)
        return s_abort_upload(self, s, call,
                              "seq: expected chunk %llu, got %llu; chunks must arrive in order "
                              "(upload aborted)",
                              (unsigned long long)s->next_seq, (unsigned long long)req->seq);
    zmsg_t *frames = hr_call_frames_in(call);
    if (!frames || zmsg_size(frames) == 0)
        return hr_call_fail(call, HR_EINVAL, "frames: a chunk carries its data in extra frames");
    uint64_t total = 0;
    for (zframe_t *f = zmsg_first(frames); f; f = zmsg_next(frames)) {
        if (zframe_size(f) > EV_MAX_CHUNK_BYTES)
            return s_abort_upload(self, s, call,
                                  "chunk: a frame of %zu bytes is over %d bytes (upload aborted)",
                                  zframe_size(f), EV_MAX_CHUNK_BYTES);
        total += zframe_size(f);
    }
    uint64_t size = ev_writer_size(s->writer);
    if (size + total > self->max_bytes)
        return s_abort_upload(self, s, call,
                              "size: the upload exceeds the limit of %llu bytes (upload aborted)",
                              (unsigned long long)self->max_bytes);
    if (s->announced_size && size + total > s->announced_size)
        return s_abort_upload(self, s, call,
                              "size: more data than the %llu bytes announced (upload aborted)",
                              (unsigned long long)s->announced_size);
    for (zframe_t *f = zmsg_first(frames); f; f = zmsg_next(frames)) {
        hr_rc_t rc = ev_writer_write(s->writer, zframe_data(f), zframe_size(f));
        if (rc) {
            hr_warn("upload.write_failed", "upload=%s rc=%s", s->id, hr_rc_name(rc));
            hr_call_fail(call, rc, "could not write the upload (upload aborted)");
            ev_session_drop(self, s);
            return rc;
        }
    }
    s->next_seq++;
    snprintf(s->last_chunk_msg, sizeof s->last_chunk_msg, "%s", msg_id);
    rep->received_bytes = ev_writer_size(s->writer);
    if (s->announced_size && rep->received_bytes == s->announced_size) {
        // The last byte announced is in: the final write and fsync start now, on the I/O
        // worker, while this reply and the client's PutEnd travel.
        s->ended = true;
        hr_rc_t rc = ev_writer_end(s->writer, s->blob_id);
        s->last_in_us = hr_stopwatch_us();
        if (rc) {
            hr_warn("upload.write_failed", "upload=%s rc=%s", s->id, hr_rc_name(rc));
            hr_call_fail(call, rc, "could not write the upload (upload aborted)");
            ev_session_drop(self, s);
            return rc;
        }
    }
    return HR_OK;
}

// A PutEnd's upload, once its evidence row committed: logged then (a put the commit refused, on
// a full disk, was never stored and is not logged as put), and its session dropped.
typedef struct {
    ev_server_t *self;
    ev_session_t *session; // borrowed: dropped after commit
    const char *id;        // the call's arena
    const char *case_id;   // the call's arena
    bool created;
} s_put_hook_t;

static void s_hook_put_committed(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_put_hook_t *h = arg;
    const ev_session_t *s = h->session;
    int64_t now = hr_stopwatch_us();
    // Where the upload's time went, in the order it was spent (README, "Log"): PutBegin to the
    // last byte taken, the trip of that chunk's reply and of PutEnd, the file's flush PutEnd
    // still waited for, placing the file and writing the record, the commit.
    hr_info("evidence.put",
            "id=%s case=%s created=%d bytes=%llu took_us=%lld receive_us=%lld trip_us=%lld "
            "flush_wait_us=%lld store_us=%lld commit_us=%lld",
            h->id, h->case_id, h->created, (unsigned long long)ev_writer_size(s->writer),
            (long long)(now - s->begun_us), (long long)(s->last_in_us - s->begun_us),
            (long long)(s->end_in_us - s->last_in_us), (long long)(s->synced_us - s->end_in_us),
            (long long)(s->stored_us - s->synced_us), (long long)(now - s->stored_us));
    ev_session_drop(h->self, h->session);
}

hr_rc_t ev_handle_put_end(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__PutEndRequest *req = hr_call_request(call);
    Hr__Evidence__PutEndReply *rep = hr_call_reply(call);
    s_caught_t caught;
    bool parked = false;
    hr_rc_t rc = s_caught(self, call, &caught, &parked);
    if (rc || parked)
        return rc;
    ev_session_t *s = s_upload_find(self, call, req->upload_id);
    if (!s)
        return HR_ENOTFOUND;
    if (s->finished) // a PutEnd again, after one whose commit failed: its own time from here
        s->end_in_us = s->synced_us = hr_stopwatch_us();
    if (!s->finished) {
        uint64_t size = ev_writer_size(s->writer);
        if (req->chunks && req->chunks != s->next_seq)
            return s_abort_upload(self, s, call,
                                  "chunks: %llu announced, %llu received (upload aborted)",
                                  (unsigned long long)req->chunks, (unsigned long long)s->next_seq);
        if (size == 0)
            return s_abort_upload(self, s, call, "upload: the file is empty; nothing was stored");
        if (s->announced_size && size != s->announced_size)
            return s_abort_upload(self, s, call,
                                  "size: %llu bytes announced, %llu received (upload "
                                  "aborted)",
                                  (unsigned long long)s->announced_size, (unsigned long long)size);
        s->end_in_us = hr_stopwatch_us();
        if (!s->ended)
            s->last_in_us = s->end_in_us; // the final write starts now, and PutEnd waits for it
        rc = s->ended ? ev_writer_wait(s->writer) : ev_writer_finish(s->writer, s->blob_id);
        s->synced_us = hr_stopwatch_us();
        if (rc) {
            hr_call_fail(call, rc, "could not write the upload (upload aborted)");
            ev_session_drop(self, s);
            return rc;
        }
        s->finished = true;
        if (*req->sha256 && strcmp(req->sha256, s->blob_id))
            return s_abort_upload(self, s, call,
                                  "sha256: the content received hashes to %s (upload aborted)",
                                  s->blob_id);
    }
    // Whether the content may join the case (s_may_link) and what the reply shows of it depend on
    // the case's people: a case just opened is learnt first. The upload stays finished meanwhile
    // (s->finished: the run after the wait goes straight on from here).
    rc = s_catch_up(self, call, caught, s->case_id, NULL, 0, &parked);
    if (rc || parked)
        return rc;
    // Arena copies: the reply must not point into the session, which goes after commit.
    hr_arena_t *a = hr_call_arena(call);
    s_meta_t m = {.case_id = hr_arena_strdup(a, s->case_id),
                  .kind = hr_arena_strdup(a, s->kind_name),
                  .file_name = hr_arena_strdup(a, s->file_name),
                  .declared_type = hr_arena_strdup(a, s->declared_type),
                  .supersedes = hr_arena_strdup(a, s->supersedes),
                  .uploader = hr_arena_strdup(a, s->uploader),
                  .sensitive = s->sensitive,
                  .caught = caught};
    Hr__Evidence__Evidence *e = NULL;
    bool created = false;
    rc = s_store_blob(self, call, s->writer, s->blob_id, &m, &e, &created);
    if (rc)
        return rc;
    s->stored_us = hr_stopwatch_us();
    s_redact(self, call, e, m.case_id);
    rep->evidence = e;
    rep->created = created;
    s_put_hook_t *h = hr_arena_alloc(a, sizeof *h);
    *h = (s_put_hook_t){self, s, e->id, m.case_id, created};
    hr_call_after_commit(call, s_hook_put_committed, h);
    return HR_OK;
}

hr_rc_t ev_handle_put_abort(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__PutAbortRequest *req = hr_call_request(call);
    ev_session_t *s = s_own_session(self, call, EV_SESSION_UPLOAD, req->upload_id);
    // A finished upload is still here only when its PutEnd did not commit (a committed one is
    // dropped then): it goes too, with its temp file.
    if (s)
        ev_session_drop(self, s);
    return HR_OK; // aborting what is gone already (or is not the caller's) is done
}

hr_rc_t ev_handle_put_facts(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__PutFactsRequest *req = hr_call_request(call);
    Hr__Evidence__PutFactsReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    const char *user = s_user(call);
    if (!user)
        return hr_call_fail(call, HR_EDENIED, "actor: a snapshot needs an authenticated user");
    hr_rc_t bad = s_check_case(call, req->case_id);
    if (bad || (bad = s_may_put(self, call, req->case_id)))
        return bad;
    size_t len = strlen(req->json);
    if (len == 0 || len > EV_FACTS_MAX)
        return hr_call_fail(call, HR_EINVAL, "json: %zu bytes; 1 to %d allowed", len, EV_FACTS_MAX);
    json_error_t jerr;
    json_t *doc = json_loadb(req->json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return hr_call_fail(call, HR_EINVAL, "json: not a JSON document (line %d: %.80s)",
                            jerr.line, jerr.text);
    json_decref(doc);
    if (!ev_facts_is_snapshot(req->json, len))
        return hr_call_fail(call, HR_EINVAL,
                            "json: not hr-analytics' facts snapshot (no \"kind\": \"%s\"); "
                            "`hrctl case facts` takes one from hr-analytics",
                            EV_FACTS_DOC_KIND);
    char *tmp = hr_strfmt("%s/facts-%s.part", self->tmp_dir, hr_call_msg_id(call));
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(tmp, NULL, &rc); // small: no threads
    hr_free(tmp);
    if (!w)
        return hr_call_fail(call, rc, "could not open a temp file for the snapshot");
    char id[EV_ID_HEX + 1];
    rc = ev_writer_write(w, req->json, len);
    if (!rc)
        rc = ev_writer_finish(w, id);
    if (rc) {
        ev_writer_destroy(&w);
        return hr_call_fail(call, rc, "could not write the snapshot");
    }
    s_meta_t m = {.case_id = req->case_id,
                  .kind = EV_KIND_FACTS,
                  .file_name = ev_name_sanitize(arena, *req->name ? req->name : "facts.json"),
                  .declared_type = "application/json",
                  .supersedes = "",
                  .uploader = user};
    Hr__Evidence__Evidence *e = NULL;
    bool created = false;
    rc = s_store_blob(self, call, w, id, &m, &e, &created);
    ev_writer_destroy(&w); // renamed into place when new; otherwise its temp file goes
    if (rc)
        return rc;
    s_redact(self, call, e, m.case_id);
    rep->evidence = e;
    rep->created = created;
    return HR_OK;
}

// Reads the evidence record id (already validated) into the call's arena; on failure fills the
// call's error: HR_ENOTFOUND for an unknown id, the store's code otherwise.
static hr_rc_t s_evidence_get(hr_call_t *call, const char *id, Hr__Evidence__Evidence **e)
{
    hr_rc_t rc = ev_store_evidence_get(hr_call_txn(call), id, hr_call_arena(call), e);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail(call, rc, "id: no such evidence");
    if (rc)
        return hr_call_fail(call, rc, "could not read the evidence store");
    return HR_OK;
}

// Loads record, blob row and blob key for id; on any failure fills the call's error.
static hr_rc_t s_open_blob(ev_server_t *self, hr_call_t *call, const char *id,
                           Hr__Evidence__Evidence **e, Hr__Evidence__Blob **b,
                           unsigned char key[EV_KEY_BYTES])
{
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!ev_id_is_valid(id))
        return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
    hr_rc_t rc = ev_store_evidence_get(txn, id, arena, e);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail(call, rc, "id: no such evidence");
    if (!rc && !s_may_read(self, call, *e))
        return s_refuse_read(call, *e); // before the key is touched
    if (!rc && !s_reads_content(self, call, *e))
        return s_refuse_sensitive(call, *e);
    if (!rc)
        rc = ev_store_blob_get(txn, id, arena, b);
    if (rc)
        return hr_call_fail(call, HR_EIO, "could not read the evidence store");
    char why[160];
    char *path = ev_server_blob_path(self, id);
    bool opened = ev_blob_key(&self->keys, id, path, (*b)->wrapped_key.data, (*b)->wrapped_key.len,
                              key, why, sizeof why);
    hr_free(path);
    if (!opened) {
        ev_server_note_corrupt(self, id, why);
        if (!strcmp(why, "the wrapped key does not open"))
            return hr_call_fail(call, HR_EIO, "evidence %s: its key does not open; nothing served",
                                id);
        return hr_call_fail(call, HR_EIO, "evidence %s is corrupt (%s); nothing served", id, why);
    }
    return HR_OK;
}

// A large download's blob is decrypted and hashed in the background (hr_call_park) before
// anything is served: the daemon answers others meanwhile, and GetBegin runs again when the
// check has ended. The record, the caller's right to it and the key are looked up again then.
struct ev_fetch {
    hr_job_t job;                                // first: in self->fetches under its GetBegin
    char *path;                                  // owned: the blob file
    char id[EV_ID_HEX + 1];                      // evidence id
    uint64_t size;                               // plaintext size on record
    unsigned char key[EV_KEY_BYTES];             // the blob key, wiped when freed
    unsigned char wrapped[EV_WRAPPED_KEY_BYTES]; // the key row checked (a repair changes it)
    unsigned char *plain; // owned: the plaintext to keep, or NULL (read again later)
    size_t plain_len;     // bytes of plain, counted in self->kept_bytes
    hr_rc_t rc;           // the check's result
    char why[160];        // why it failed
};

static void s_fetch_work(const hr_server_t *server, void *arg)
{
    ev_fetch_t *f = arg;
    HR_UNUSED(server);
    f->rc = ev_blob_read_all(f->path, f->key, f->id, f->size, f->plain, f->why, sizeof f->why);
}

// Frees f and gives back the plaintext budget it held (what was not handed to a session).
static void s_fetch_free(ev_server_t *self, ev_fetch_t *f)
{
    if (f->plain) {
        sodium_memzero(f->plain, f->plain_len);
        assert(self->kept_bytes >= f->plain_len);
        self->kept_bytes -= f->plain_len;
        hr_free(f->plain);
    }
    sodium_memzero(f->key, sizeof f->key);
    hr_free(f->path);
    hr_free(f);
}

void ev_fetch_free_all(ev_server_t *self)
{
    while (self->fetches) {
        ev_fetch_t *f = (ev_fetch_t *)self->fetches;
        self->fetches = f->job.next;
        s_fetch_free(self, f);
    }
}

// The plaintext budget: a download keeps what it decrypted when the blob is small enough and
// the total allows; NULL otherwise (the blob is read again, chunk by authenticated chunk).
static unsigned char *s_keep(ev_server_t *self, uint64_t size)
{
    if (size > self->keep_max || self->kept_bytes + size > EV_KEEP_TOTAL)
        return NULL;
    self->kept_bytes += size;
    return hr_alloc(size ? size : 1);
}

hr_rc_t ev_handle_get_begin(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__GetBeginRequest *req = hr_call_request(call);
    Hr__Evidence__GetBeginReply *rep = hr_call_reply(call);
    if (!s_reader(call))
        return hr_call_fail(call, HR_EDENIED, "actor: a download needs an authenticated user");
    bool running = false;
    ev_fetch_t *f = (ev_fetch_t *)hr_call_job(call, &self->fetches, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while the blob is checked
    ev_fetch_t *taken = f; // this run answers; freed at the end (a new f it parks with is not)
    Hr__Evidence__Evidence *e = NULL;
    Hr__Evidence__Blob *b = NULL;
    unsigned char key[EV_KEY_BYTES];
    const char *for_case = NULL, *how = NULL;
    hr_rc_t rc = s_open_blob(self, call, req->id, &e, &b, key);
    if (!rc)
        rc = s_acted_for(self, call, e, req->case_id, &for_case, &how);
    if (rc) {
        if (f)
            s_fetch_free(self, f);
        sodium_memzero(key, sizeof key);
        return rc;
    }
    if (f && (b->wrapped_key.len != EV_WRAPPED_KEY_BYTES ||
              sodium_memcmp(f->wrapped, b->wrapped_key.data, EV_WRAPPED_KEY_BYTES)))
        f = NULL; // the blob was replaced while it was checked: check the one there now
    char *path = ev_server_blob_path(self, e->id);
    char why[160] = "";
    ev_session_t *s = NULL;
    if (!f && e->size >= EV_GET_APART) {
        f = hr_alloc(sizeof *f);
        f->path = hr_strdup(path);
        snprintf(f->id, sizeof f->id, "%s", e->id);
        f->size = e->size;
        memcpy(f->key, key, sizeof key);
        memcpy(f->wrapped, b->wrapped_key.data, EV_WRAPPED_KEY_BYTES);
        f->plain = s_keep(self, e->size);
        f->plain_len = f->plain ? e->size : 0;
        rc = hr_call_park_job(call, &self->fetches, &f->job, s_fetch_work);
        if (rc)
            s_fetch_free(self, f);
        goto out;
    }
    const char *full = NULL;
    s = ev_session_new(self, EV_SESSION_DOWNLOAD, NULL, s_reader(call), s_custodian(self, call),
                       hr_call_now_ms(call), &full);
    if (!s) {
        rc = hr_call_fail(call, HR_EUNAVAIL, "downloads: %s; try again later", full);
        goto out;
    }
    // The whole blob is decrypted and hashed before anything is served (here, or in the
    // background for a large one). A small one keeps the plaintext this produced and is served
    // from it; a large one is read again, chunk by authenticated chunk.
    if (f) {
        rc = f->rc;
        snprintf(why, sizeof why, "%s", f->why);
        s->plain = f->plain; // the session takes the plaintext and its share of the budget
        s->plain_len = f->plain_len;
        f->plain = NULL;
        f->plain_len = 0;
    } else {
        s->plain = s_keep(self, e->size);
        s->plain_len = s->plain ? e->size : 0;
        rc = ev_blob_read_all(path, key, e->id, e->size, s->plain, why, sizeof why);
    }
    if (rc) {
        ev_session_drop(self, s); // wipes what was read
        ev_server_note_corrupt(self, e->id, why);
        hr_error("evidence.get_refused", "id=%s", e->id);
        hr_call_fail(call, HR_EIO, "evidence %s is corrupt (%s); nothing served", e->id, why);
        goto out;
    }
    if (!s->plain) {
        s->reader = ev_reader_open(path, key, why, sizeof why);
        if (!s->reader) {
            ev_session_drop(self, s);
            rc = hr_call_fail(call, HR_EIO, "evidence %s: %s; nothing served", e->id, why);
            goto out;
        }
    }
    s->chunks = (uint32_t)(e->size / EV_BLOB_CHUNK + 1);
    snprintf(s->blob_id, sizeof s->blob_id, "%s", e->id);
    rc = s_audit(self, call, "get", e->id, for_case, how);
    if (rc) {
        ev_session_drop(self, s);
        rc = hr_call_fail(call, rc, "could not write the audit log");
        goto out;
    }
    hr_call_after_commit(call, s_hook_ready, s_hook(self, call, s));
    // A commit that fails leaves no download behind (nor its share of the plaintext budget).
    hr_call_after_abort(call, s_hook_drop, s_hook(self, call, s));
    s_mark_signatures(e);
    s_redact(self, call, e, NULL);
    rep->download_id = hr_arena_strdup(hr_call_arena(call), s->id);
    rep->evidence = e;
    rep->chunks = s->chunks;
out:
    if (taken)
        s_fetch_free(self, taken);
    sodium_memzero(key, sizeof key);
    hr_free(path);
    return rc;
}

hr_rc_t ev_handle_get_chunk(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__GetChunkRequest *req = hr_call_request(call);
    Hr__Evidence__GetChunkReply *rep = hr_call_reply(call);
    ev_session_t *s = s_own_session(self, call, EV_SESSION_DOWNLOAD, req->download_id);
    if (!s)
        return hr_call_fail(call, HR_ENOTFOUND,
                            "download_id: no such download (finished or expired)");
    if (!s->ready)
        return hr_call_fail(call, HR_ECONFLICT, "download_id: the download was not recorded");
    if (s->plain) {
        // Served from the verified plaintext; the previous index again is a retry.
        if (req->index >= s->chunks ||
            (req->index != s->next_index && req->index + 1 != s->next_index))
            return hr_call_fail(call, HR_EINVAL, "index: expected chunk %u, got %u", s->next_index,
                                req->index);
        size_t off = (size_t)req->index * EV_BLOB_CHUNK;
        size_t n = off >= s->plain_len                  ? 0
                   : s->plain_len - off < EV_BLOB_CHUNK ? s->plain_len - off
                                                        : EV_BLOB_CHUNK;
        zframe_t *frame = zframe_new(s->plain + off, n);
        hr_call_frame_out(call, &frame);
        rep->last = req->index + 1 == s->chunks;
        if (req->index == s->next_index)
            s->next_index++;
        if (rep->last)
            ev_session_drop(self, s);
        return HR_OK;
    }
    if (!(s->last_data && req->index + 1 == s->next_index)) {
        if (req->index != s->next_index)
            return hr_call_fail(call, HR_EINVAL, "index: expected chunk %u, got %u", s->next_index,
                                req->index);
        // One GetChunk carries EV_BLOB_CHUNK bytes whatever the blob's own chunk size (which
        // divides it): the blob's chunks are read and authenticated until that much is here.
        if (!s->last_data)
            s->last_data = hr_alloc(EV_BLOB_CHUNK);
        s->last_len = 0;
        bool last = false;
        while (s->last_len < EV_BLOB_CHUNK && !last) {
            const unsigned char *data = NULL;
            size_t len = 0;
            char why[160];
            hr_rc_t rc = ev_reader_next(s->reader, &data, &len, &last, why, sizeof why);
            if (rc) {
                ev_server_note_corrupt(self, s->blob_id, why);
                hr_call_fail(call, HR_EIO,
                             "the blob failed while being read (%s); discard what was "
                             "received",
                             why);
                ev_session_drop(self, s);
                return HR_EIO;
            }
            memcpy(s->last_data + s->last_len, data, len);
            s->last_len += len;
        }
        s->last_final = last;
        s->next_index++;
    }
    zframe_t *frame = zframe_new(s->last_data, s->last_len);
    hr_call_frame_out(call, &frame);
    rep->last = s->last_final;
    if (s->last_final)
        ev_session_drop(self, s);
    return HR_OK;
}

hr_rc_t ev_handle_stat(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__StatRequest *req = hr_call_request(call);
    Hr__Evidence__StatReply *rep = hr_call_reply(call);
    s_caught_t caught;
    bool parked = false;
    hr_rc_t rc = s_caught(self, call, &caught, &parked);
    if (rc || parked)
        return rc;
    if (!s_reader(call))
        return hr_call_fail(call, HR_EDENIED,
                            "actor: reading evidence needs an authenticated user");
    if (!ev_id_is_valid(req->id))
        return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
    rc = s_evidence_get(call, req->id, &rep->evidence);
    if (rc)
        return rc;
    // The record's cases decide what the reader is given: one just opened is learnt first.
    rc = s_catch_up(self, call, caught, *req->case_id ? req->case_id : NULL,
                    rep->evidence->case_ids, rep->evidence->n_case_ids, &parked);
    if (rc || parked)
        return rc;
    if (!s_may_read(self, call, rep->evidence))
        return s_refuse_read(call, rep->evidence);
    Hr__Evidence__Evidence *e = rep->evidence;
    const char *for_case = NULL, *how = NULL;
    rc = s_acted_for(self, call, e, req->case_id, &for_case, &how);
    if (!rc)
        rc = s_audit_read(self, call, "stat", e->id, for_case, how);
    if (rc)
        return rc;
    s_mark_signatures(e);
    s_redact(self, call, e, NULL);
    return HR_OK;
}

typedef struct {
    ev_server_t *self;            // borrowed
    hr_call_t *call;              // borrowed
    Hr__Evidence__ListReply *rep; // borrowed: filled
    const char *case_id;          // the case listed
    bool counts_withheld;         // the caller may learn how many records they are not shown
    uint32_t hidden;              // records not shown (the audit entry says, whoever asked)
} s_list_ctx_t;

// Whether the caller may learn that case_id holds records they are not shown (the list's
// withheld count): a custodian who is not its employee, and the case's people as the workflow
// named them - its employee only once the company told them of it. To anyone else a record
// they may not read answers as one never stored (stat, get), and so does the count.
static bool s_counts_withheld(ev_server_t *self, hr_call_t *call, const char *case_id)
{
    const char *user = s_reader(call);
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(hr_call_txn(call), case_id, hr_call_arena(call), &c);
    if (rc && rc != HR_ENOTFOUND)
        return false;
    if (c && !strcmp(c->employee_no, user))
        return c->employee_told_ms != 0;
    if (s_left_reader(call))
        return false; // who has left counts nothing of the cases they worked on
    return s_custodian(self, call) || (c && s_on_case(c, user));
}

static hr_rc_t s_list_one(void *arg, const char *id)
{
    s_list_ctx_t *ctx = arg;
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(hr_call_txn(ctx->call), id, hr_call_arena(ctx->call), &e);
    if (rc == HR_ENOTFOUND)
        return HR_OK; // an index row without a record: skipped, the record is what counts
    if (rc)
        return rc;
    if (!s_may_read(ctx->self, ctx->call, e)) {
        ctx->hidden++;
        if (ctx->counts_withheld)
            ctx->rep->withheld++;
        return HR_OK;
    }
    s_mark_signatures(e);
    s_redact(ctx->self, ctx->call, e, ctx->case_id);
    ctx->rep->evidence[ctx->rep->n_evidence++] = e;
    return HR_OK;
}

hr_rc_t ev_handle_list(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__ListRequest *req = hr_call_request(call);
    Hr__Evidence__ListReply *rep = hr_call_reply(call);
    s_caught_t caught;
    bool parked = false;
    hr_rc_t rc = s_caught(self, call, &caught, &parked);
    if (rc || parked)
        return rc;
    if (!s_reader(call))
        return hr_call_fail(call, HR_EDENIED,
                            "actor: reading evidence needs an authenticated user");
    if (s_check_case(call, req->case_id))
        return HR_EINVAL;
    rc = s_catch_up(self, call, caught, req->case_id, NULL, 0, &parked);
    if (rc || parked)
        return rc;
    rep->evidence = hr_arena_alloc(hr_call_arena(call), EV_LIST_MAX * sizeof(void *));
    s_list_ctx_t ctx = {self, call, rep, req->case_id, s_counts_withheld(self, call, req->case_id),
                        0};
    bool more = false;
    rc = ev_store_case_each(hr_call_txn(call), req->case_id, EV_LIST_MAX, s_list_one, &ctx, &more);
    if (rc)
        return hr_call_fail(call, rc, "could not read the evidence store");
    rep->truncated = more;
    // One entry per list, naming the case and what the caller was shown (not each record).
    return s_audit_read(self, call, "list", NULL, req->case_id,
                        hr_arena_fmt(hr_call_arena(call), "shown=%zu withheld=%u%s",
                                     rep->n_evidence, ctx.hidden, more ? " truncated" : ""));
}

typedef struct {
    ev_server_t *self;              // borrowed
    hr_call_t *call;                // borrowed
    Hr__Evidence__VerifyReply *rep; // borrowed: filled
    hr_arena_t *scratch;            // owned by the caller: reset per blob
} s_verify_ctx_t;

static hr_rc_t s_verify_one(void *arg, const char *id)
{
    s_verify_ctx_t *ctx = arg;
    hr_arena_reset(ctx->scratch);
    Hr__Evidence__Evidence *e = NULL;
    Hr__Evidence__Blob *b = NULL;
    char why[160] = "";
    hr_txn_t *txn = hr_call_txn(ctx->call);
    unsigned char key[EV_KEY_BYTES];
    hr_rc_t rc = ev_store_evidence_get(txn, id, ctx->scratch, &e);
    if (!rc)
        rc = ev_store_blob_get(txn, id, ctx->scratch, &b);
    if (rc)
        snprintf(why, sizeof why, "record or key row unreadable (%s)", hr_rc_name(rc));
    else {
        char *path = ev_server_blob_path(ctx->self, id);
        if (ev_blob_key(&ctx->self->keys, id, path, b->wrapped_key.data, b->wrapped_key.len, key,
                        why, sizeof why))
            ev_blob_check(path, key, id, e->size, why, sizeof why);
        hr_free(path);
        sodium_memzero(key, sizeof key);
    }
    ctx->rep->blobs++;
    if (!*why)
        return HR_OK;
    ev_server_note_corrupt(ctx->self, id, why);
    if (ctx->rep->n_bad_blobs < EV_VERIFY_PROBLEMS_MAX) {
        hr_arena_t *arena = hr_call_arena(ctx->call);
        Hr__Evidence__BlobProblem *p = hr_arena_alloc(arena, sizeof *p);
        hr__evidence__blob_problem__init(p);
        p->id = hr_arena_strdup(arena, id);
        p->problem = hr_arena_strdup(arena, why);
        ctx->rep->bad_blobs[ctx->rep->n_bad_blobs++] = p;
    }
    return HR_OK;
}

// A whole-store verify runs in the background (hr_call_park), so the service goes on serving
// while every blob is read: it reads the store in short transactions of its own, a page of
// records at a time, and checks their blobs outside any transaction. What it found is answered
// when the request runs again, after a look at each problem in the store as it is then: a
// record shredded or repaired meanwhile is not reported.
#define EV_VERIFY_PAGE 64

typedef struct {
    char id[EV_ID_HEX + 1];                      // evidence id
    uint64_t size;                               // plaintext size on record
    bool have_key;                               // record and key row were read
    unsigned char wrapped[EV_WRAPPED_KEY_BYTES]; // the key row as checked
    char why[160];                               // the problem, "" when none
} ev_verify_item_t;

struct ev_verify {
    hr_job_t job;                                 // first: in self->verifies under its request
    ev_server_t *self;                            // borrowed: keys, blob_dir, store (read only)
    hr_rc_t rc;                                   // HR_OK, or why the walk stopped
    hr_rc_t chain;                                // the chain's verdict
    char chain_why[256];                          // its problem, if any
    uint64_t entries, bad_seq;                    // from ev_store_chain_verify
    bool have_head;                               // head is set
    ev_head_t head;                               // the chain head as verified
    uint64_t blobs;                               // blobs checked
    atomic_uint_least64_t progress;               // blobs checked so far (sys.Status reads it)
    atomic_uint_least64_t total;                  // records when the walk began
    ev_verify_item_t bad[EV_VERIFY_PROBLEMS_MAX]; // problems found (the first ones)
    size_t nbad;                                  // entries used in bad
    uint64_t nbad_more;                           // problems beyond those
    ev_verify_item_t page[EV_VERIFY_PAGE];        // the page being checked
    size_t npage;                                 // entries used in page
    hr_txn_t *txn;                                // the page's transaction
    hr_arena_t *scratch;                          // owned: reset per record
};

static hr_rc_t s_verify_collect(void *arg, const char *id)
{
    ev_verify_t *v = arg;
    ev_verify_item_t *it = &v->page[v->npage++];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "%s", id);
    hr_arena_reset(v->scratch);
    Hr__Evidence__Evidence *e = NULL;
    Hr__Evidence__Blob *b = NULL;
    hr_rc_t rc = ev_store_evidence_get(v->txn, id, v->scratch, &e);
    if (!rc)
        rc = ev_store_blob_get(v->txn, id, v->scratch, &b);
    if (!rc && b->wrapped_key.len != EV_WRAPPED_KEY_BYTES)
        rc = HR_EIO;
    if (rc) {
        snprintf(it->why, sizeof it->why, "record or key row unreadable (%s)", hr_rc_name(rc));
        return HR_OK;
    }
    it->have_key = true;
    it->size = e->size;
    memcpy(it->wrapped, b->wrapped_key.data, EV_WRAPPED_KEY_BYTES);
    return HR_OK;
}

static void s_verify_work(const hr_server_t *server, void *arg)
{
    ev_verify_t *v = arg;
    v->rc = hr_store_reader_begin(v->self->store, &v->txn);
    if (v->rc)
        return;
    v->chain =
        ev_store_chain_verify(v->txn, &v->entries, &v->bad_seq, v->chain_why, sizeof v->chain_why);
    if (!v->chain) // the chain holds: does the store hold every record it says is stored?
        v->chain = ev_store_records_verify(v->txn, &v->bad_seq, v->chain_why, sizeof v->chain_why);
    v->have_head = ev_store_head(v->txn, &v->head) == HR_OK;
    atomic_store(&v->total, ev_store_evidence_count(v->txn));
    hr_txn_abort(&v->txn);
    char after[EV_ID_HEX + 1] = "";
    for (;;) {
        if (hr_work_stopping(server)) {
            v->rc = HR_EUNAVAIL;
            return;
        }
        v->npage = 0;
        v->rc = hr_store_reader_begin(v->self->store, &v->txn);
        if (!v->rc)
            v->rc =
                ev_store_evidence_each_after(v->txn, after, EV_VERIFY_PAGE, s_verify_collect, v);
        hr_txn_abort(&v->txn);
        if (v->rc || v->npage == 0)
            return;
        for (size_t i = 0; i < v->npage; i++) {
            ev_verify_item_t *it = &v->page[i];
            unsigned char key[EV_KEY_BYTES];
            if (!it->have_key)
                ;
            else {
                char *path = ev_server_blob_path(v->self, it->id);
                if (ev_blob_key(&v->self->keys, it->id, path, it->wrapped, EV_WRAPPED_KEY_BYTES,
                                key, it->why, sizeof it->why))
                    ev_blob_check(path, key, it->id, it->size, it->why, sizeof it->why);
                hr_free(path);
                sodium_memzero(key, sizeof key);
            }
            v->blobs++;
            atomic_store(&v->progress, v->blobs);
            if (!*it->why)
                continue;
            if (v->nbad < EV_VERIFY_PROBLEMS_MAX)
                v->bad[v->nbad++] = *it;
            else
                v->nbad_more++;
        }
        snprintf(after, sizeof after, "%s", v->page[v->npage - 1].id);
    }
}

static void s_verify_free(ev_verify_t *v)
{
    hr_arena_destroy(&v->scratch);
    hr_free(v);
}

size_t ev_verify_progress(const ev_server_t *self, hr_arena_t *arena, char **out, size_t max)
{
    size_t n = 0;
    for (const hr_job_t *j = self->verifies; j && n < max; j = j->next) {
        const ev_verify_t *v = (const ev_verify_t *)j;
        out[n++] = hr_arena_fmt(arena, "verify_running=%s checked=%llu of=%llu", j->msg_id,
                                (unsigned long long)atomic_load(&v->progress),
                                (unsigned long long)atomic_load(&v->total));
    }
    return n;
}

void ev_verify_free_all(ev_server_t *self)
{
    while (self->verifies) {
        ev_verify_t *v = (ev_verify_t *)self->verifies;
        self->verifies = v->job.next;
        s_verify_free(v);
    }
}

// True when a problem the background verify found still stands: the record is there with the
// key row it was checked with (not shredded, not repaired since).
static bool s_verify_still(hr_txn_t *txn, hr_arena_t *arena, const ev_verify_item_t *it)
{
    Hr__Evidence__Evidence *e = NULL;
    Hr__Evidence__Blob *b = NULL;
    if (ev_store_evidence_get(txn, it->id, arena, &e) == HR_ENOTFOUND)
        return false;
    hr_rc_t rc = ev_store_blob_get(txn, it->id, arena, &b);
    if (!it->have_key)
        return true;
    return rc || b->wrapped_key.len != EV_WRAPPED_KEY_BYTES ||
           !sodium_memcmp(b->wrapped_key.data, it->wrapped, EV_WRAPPED_KEY_BYTES);
}

static hr_rc_t s_verify_answer(ev_server_t *self, hr_call_t *call, const ev_verify_t *v)
{
    Hr__Evidence__VerifyReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (v->rc == HR_EUNAVAIL)
        return hr_call_fail(call, v->rc, "the daemon is stopping; verify again later");
    if (v->rc)
        return hr_call_fail(call, v->rc, "could not read the evidence store");
    rep->entries = v->entries;
    rep->bad_seq = v->bad_seq;
    rep->chain_problem = hr_arena_strdup(arena, v->chain ? v->chain_why : "");
    if (v->have_head) {
        char hex[2 * EV_HASH_BYTES + 1];
        ev_hex(v->head.hash, EV_HASH_BYTES, hex);
        rep->chain_head = hr_arena_fmt(arena, "%llu:%s", (unsigned long long)v->head.seq, hex);
    }
    rep->blobs = v->blobs;
    rep->bad_blobs = hr_arena_alloc(arena, EV_VERIFY_PROBLEMS_MAX * sizeof(void *));
    for (size_t i = 0; i < v->nbad; i++) {
        const ev_verify_item_t *it = &v->bad[i];
        if (!s_verify_still(hr_call_txn(call), arena, it))
            continue;
        ev_server_note_corrupt(self, it->id, it->why);
        Hr__Evidence__BlobProblem *p = hr_arena_alloc(arena, sizeof *p);
        hr__evidence__blob_problem__init(p);
        p->id = hr_arena_strdup(arena, it->id);
        p->problem = hr_arena_strdup(arena, it->why);
        rep->bad_blobs[rep->n_bad_blobs++] = p;
    }
    rep->ok = v->chain == HR_OK && rep->n_bad_blobs == 0 && v->nbad_more == 0;
    if (!rep->ok)
        hr_warn("verify.failed", "bad_seq=%llu bad_blobs=%zu more=%llu",
                (unsigned long long)v->bad_seq, rep->n_bad_blobs, (unsigned long long)v->nbad_more);
    return HR_OK;
}

hr_rc_t ev_handle_verify(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__VerifyRequest *req = hr_call_request(call);
    Hr__Evidence__VerifyReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!s_custodian(self, call))
        return hr_call_fail(call, HR_EDENIED,
                            "actor: verify needs the hr, legal or operator role" S_ROLE_NOTE);
    if (!*req->id) {
        bool running = false;
        ev_verify_t *v = (ev_verify_t *)hr_call_job(call, &self->verifies, &running);
        if (running)
            return hr_call_park(call, NULL, NULL); // a retry while the verify runs
        if (!v) {
            v = hr_alloc(sizeof *v);
            v->self = self;
            v->scratch = hr_arena_new(0);
            hr_rc_t rc = hr_call_park_job(call, &self->verifies, &v->job, s_verify_work);
            if (rc)
                s_verify_free(v);
            return rc;
        }
        hr_rc_t rc = s_verify_answer(self, call, v);
        s_verify_free(v);
        return rc;
    }
    // One record: checked here, at once.
    if (!ev_id_is_valid(req->id))
        return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
    hr_txn_t *txn = hr_call_txn(call);
    char why[256];
    uint64_t entries = 0, bad_seq = 0;
    hr_rc_t chain = ev_store_chain_verify(txn, &entries, &bad_seq, why, sizeof why);
    if (!chain)
        chain = ev_store_records_verify(txn, &bad_seq, why, sizeof why);
    rep->entries = entries;
    rep->bad_seq = bad_seq;
    rep->chain_problem = hr_arena_strdup(arena, chain ? why : "");
    ev_head_t head;
    if (ev_store_head(txn, &head) == HR_OK) {
        char hex[2 * EV_HASH_BYTES + 1];
        ev_hex(head.hash, EV_HASH_BYTES, hex);
        rep->chain_head = hr_arena_fmt(arena, "%llu:%s", (unsigned long long)head.seq, hex);
    }
    rep->bad_blobs = hr_arena_alloc(arena, EV_VERIFY_PROBLEMS_MAX * sizeof(void *));
    hr_arena_t *scratch = hr_arena_new(0);
    s_verify_ctx_t ctx = {self, call, rep, scratch};
    hr_rc_t rc = s_verify_one(&ctx, req->id);
    hr_arena_destroy(&scratch);
    if (rc)
        return hr_call_fail(call, rc, "could not read the evidence store");
    rep->ok = chain == HR_OK && rep->n_bad_blobs == 0;
    if (!rep->ok)
        hr_warn("verify.failed", "bad_seq=%llu bad_blobs=%zu", (unsigned long long)bad_seq,
                rep->n_bad_blobs);
    return HR_OK;
}

hr_rc_t ev_handle_sign(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__SignRequest *req = hr_call_request(call);
    Hr__Evidence__SignReply *rep = hr_call_reply(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    const char *signer = s_user(call);
    if (!signer)
        return hr_call_fail(call, HR_EDENIED, "actor: a signature needs an authenticated user");
    // The service's own key is never a person's: nobody signs a record with it.
    if (!strcmp(signer, EV_SERVICE_KEY_ID))
        return hr_call_fail(call, HR_EDENIED, "actor: '%s' is the service's own key, no signer",
                            signer);
    if (strlen(signer) > EV_SIGNER_MAX)
        return hr_call_fail(call, HR_EINVAL, "actor: a user id of at most %d bytes signs",
                            EV_SIGNER_MAX);
    if (!ev_id_is_valid(req->id))
        return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
    size_t slen = strlen(req->statement);
    if (slen == 0 || slen > EV_STATEMENT_MAX)
        return hr_call_fail(call, HR_EINVAL, "statement: %zu bytes; 1 to %d allowed", slen,
                            EV_STATEMENT_MAX);
    // What a person signs is shown to whoever checks it later: text, not arbitrary bytes.
    if (!hr_utf8_is_valid(req->statement, slen))
        return hr_call_fail(call, HR_EINVAL, "statement: not UTF-8 text");
    char unsafe[256];
    if (hr_utf8_has_unsafe(req->statement, slen, HR_UTF8_ALLOW_TEXT, unsafe, sizeof unsafe))
        return hr_call_fail(call, HR_EINVAL, "statement: %s", unsafe);
    // How it was entered, as the client claims: kept as said, one line each.
    const struct {
        const char *name, *value;
    } claims[] = {{"entered_via", req->entered_via},
                  {"client_user", req->client_user},
                  {"client_host", req->client_host}};
    for (size_t i = 0; i < HR_ARRAY_LEN(claims); i++) {
        size_t n = strlen(claims[i].value);
        if (n > EV_CLAIM_MAX)
            return hr_call_fail(call, HR_EINVAL, "%s: %zu bytes; at most %d allowed",
                                claims[i].name, n, EV_CLAIM_MAX);
        if (!hr_utf8_is_valid(claims[i].value, n))
            return hr_call_fail(call, HR_EINVAL, "%s: not UTF-8 text", claims[i].name);
        if (hr_utf8_has_unsafe(claims[i].value, n, 0, unsafe, sizeof unsafe))
            return hr_call_fail(call, HR_EINVAL, "%s: %s", claims[i].name, unsafe);
    }
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = s_evidence_get(call, req->id, &e);
    if (rc)
        return rc;
    if (!s_may_read(self, call, e))
        return s_refuse_read(call, e); // only who may read a record signs it
    if (!s_reads_content(self, call, e))
        return s_refuse_sensitive(call, e); // nor signs what they may not read
    const char *for_case = NULL, *how = NULL;
    rc = s_acted_for(self, call, e, req->case_id, &for_case, &how);
    if (rc)
        return rc;
    if (e->state != HR__EVIDENCE__STATE__STATE_ACTIVE)
        return hr_call_fail(call, HR_ECONFLICT, "id: the blob is corrupt; it cannot be signed");
    for (size_t i = 0; i < e->n_signatures; i++)
        if (!strcmp(e->signatures[i]->signer, signer))
            return hr_call_fail(call, HR_ECONFLICT, "id: already %s by this user",
                                EV_SIG_DECLINED(e->signatures[i]) ? "declined" : "signed");
    Hr__Evidence__SigningKey *k = NULL;
    rc = ev_store_signing_key_get(txn, signer, arena, &k);
    if (rc == HR_ENOTFOUND) {
        k = hr_arena_alloc(arena, sizeof *k);
        hr__evidence__signing_key__init(k);
        k->user_id = (char *)signer;
        k->public_key.data = hr_arena_alloc(arena, crypto_sign_PUBLICKEYBYTES);
        k->public_key.len = crypto_sign_PUBLICKEYBYTES;
        k->wrapped_secret.data = hr_arena_alloc(arena, EV_WRAPPED_SK_BYTES);
        k->wrapped_secret.len = EV_WRAPPED_SK_BYTES;
        k->created_ms = now_ms;
        ev_sign_keypair(&self->keys, signer, k->public_key.data, k->wrapped_secret.data);
        rc = ev_store_signing_key_put(txn, k);
        // The key enters the chain the moment it exists: a hearing checks signatures against
        // a key the chain fixed then, not only against the one an export hands over.
        if (!rc)
            rc = s_audit(self, call, "key", e->id, for_case,
                         hr_arena_fmt(arena, "ed25519 key %s created for %s",
                                      s_hex(arena, k->public_key.data, k->public_key.len), signer));
    }
    if (rc)
        return hr_call_fail(call, rc, "could not store the signing key");
    Hr__Evidence__Signature *sig = hr_arena_alloc(arena, sizeof *sig);
    hr__evidence__signature__init(sig);
    sig->signer = (char *)signer;
    sig->signed_ms = now_ms;
    sig->statement = req->statement;
    sig->public_key = k->public_key;
    sig->disposition = req->decline ? HR__EVIDENCE__DISPOSITION__DISPOSITION_DECLINED
                                    : HR__EVIDENCE__DISPOSITION__DISPOSITION_ACKNOWLEDGED;
    sig->entered_via = req->entered_via;
    sig->client_user = req->client_user;
    sig->client_host = req->client_host;
    sig->signature.data = hr_arena_alloc(arena, crypto_sign_BYTES);
    sig->signature.len = crypto_sign_BYTES;
    if (!ev_sign(&self->keys, k->wrapped_secret.data, k->wrapped_secret.len, e->id, signer, now_ms,
                 req->statement, req->decline, sig->signature.data))
        return hr_call_fail(call, HR_EIO, "the signing key of this user does not open");
    Hr__Evidence__Signature **sigs = hr_arena_alloc(arena, (e->n_signatures + 1) * sizeof *sigs);
    if (e->n_signatures)
        memcpy(sigs, e->signatures, e->n_signatures * sizeof *sigs);
    sigs[e->n_signatures++] = sig;
    e->signatures = sigs;
    rc = ev_store_evidence_put(txn, e, e->due_ms);
    if (!rc)
        rc = s_audit(
            self, call, "sign", e->id, for_case,
            hr_arena_fmt(arena, "%s, %s; key %s; signature %s; %s",
                         req->decline ? "declined (refuses to confirm the record)" : "signed", how,
                         s_hex(arena, sig->public_key.data, sig->public_key.len),
                         s_hex(arena, sig->signature.data, sig->signature.len),
                         ev_sig_entered(sig, arena)));
    if (rc)
        return hr_call_fail(call, rc, "could not store the signature");
    s_mark_signatures(e);
    s_redact(self, call, e, NULL);
    rep->signature = sig;
    rep->evidence = e;
    return HR_OK;
}

static hr_rc_t s_hold(ev_server_t *self, hr_call_t *call, bool hold)
{
    const Hr__Evidence__HoldRequest *req = hr_call_request(call);
    Hr__Evidence__HoldReply *rep = hr_call_reply(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    const char *action = hold ? "hold" : "release";
    if (!s_custodian(self, call))
        return hr_call_fail(call, HR_EDENIED,
                            "actor: a legal hold needs the hr, legal or operator "
                            "role" S_ROLE_NOTE);
    if (!s_user(call)) // the audit must say who placed or lifted it
        return hr_call_fail(call, HR_EDENIED, "actor: a legal hold needs an authenticated user");
    if (!*req->case_id == !*req->id)
        return hr_call_fail(call, HR_EINVAL, "case_id, id: give exactly one of the two");
    if (req->dispute && (hold || !*req->case_id))
        return hr_call_fail(call, HR_EINVAL,
                            "dispute: only a release of a case names the dispute's hold (the "
                            "workflow places it when a dispute is recorded)");
    size_t rlen = strlen(req->reason);
    if (((hold || req->dispute) && rlen == 0) || rlen > EV_REASON_MAX)
        return hr_call_fail(call, HR_EINVAL, "reason: %zu bytes; 1 to %d allowed", rlen,
                            EV_REASON_MAX);
    if (!hr_utf8_is_valid(req->reason, rlen))
        return hr_call_fail(call, HR_EINVAL, "reason: not UTF-8 text");
    char unsafe[256];
    if (hr_utf8_has_unsafe(req->reason, rlen, HR_UTF8_ALLOW_TEXT, unsafe, sizeof unsafe))
        return hr_call_fail(call, HR_EINVAL, "reason: %s", unsafe);
    hr_rc_t rc;
    if (*req->case_id) {
        if (s_check_case(call, req->case_id))
            return HR_EINVAL;
        char *ids[] = {(char *)req->case_id};
        if (ev_case_concerns(txn, arena, ids, 1, s_user(call)))
            return hr_call_fail(call, HR_EDENIED,
                                "actor: the case's own employee does not %s its hold", action);
        Hr__Evidence__CaseInfo *c = NULL;
        rc = ev_store_case_get_or_new(txn, req->case_id, arena, &c);
        if (rc)
            return hr_call_fail(call, rc, "could not read the evidence store");
        if (req->dispute) {
            if (!c->dispute_held)
                return hr_call_fail(call, HR_ECONFLICT, "case_id: no dispute holds this case");
            c->dispute_held = false;
            c->dispute_held_ms = 0;
        } else if (c->held == hold) {
            return hr_call_fail(call, HR_ECONFLICT, "case_id: %s",
                                hold              ? "already on hold"
                                : c->dispute_held ? "not on hold by HR or legal; the hold a "
                                                    "dispute placed is released with dispute "
                                                    "(--dispute): the dispute is over"
                                                  : "not on hold");
        } else {
            c->held = hold;
            c->hold_reason = hold ? (char *)req->reason : "";
            c->held_by = (char *)s_user(call);
            c->held_ms = hr_call_now_ms(call);
        }
        rc = ev_store_case_put(txn, c);
        if (!rc)
            rc = s_audit(self, call, action, NULL, req->case_id,
                         req->dispute ? hr_arena_fmt(arena, "dispute hold: %s", req->reason)
                                      : req->reason);
        if (!hold && ev_case_is_held(c)) {
            rep->still_held = true;
            rep->still_held_for =
                c->dispute_held ? "dispute" : hr_arena_fmt(arena, "hold by %s", c->held_by);
        }
    } else {
        Hr__Evidence__Evidence *e = NULL;
        if (!ev_id_is_valid(req->id))
            return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
        rc = s_evidence_get(call, req->id, &e);
        if (rc)
            return rc;
        if (ev_case_concerns(txn, arena, e->case_ids, e->n_case_ids, s_user(call))) {
            if (!s_may_read(self, call, e))
                return s_refuse_read(call, e);
            return hr_call_fail(call, HR_EDENIED,
                                "actor: the employee of the record's case does not %s its hold",
                                action);
        }
        if (e->held == hold)
            return hr_call_fail(call, HR_ECONFLICT, "id: %s",
                                hold ? "already on hold" : "not on hold");
        e->held = hold;
        e->hold_reason = hold ? (char *)req->reason : "";
        rc = ev_store_evidence_put(txn, e, e->due_ms);
        if (!rc)
            rc = s_audit(self, call, action, e->id, e->n_case_ids ? e->case_ids[0] : NULL,
                         req->reason);
        if (!rc && !hold && ev_cases_hold(txn, e, arena)) {
            rep->still_held = true; // the record's own hold is gone; a case's keeps it
            rep->still_held_for = "a hold on its case";
        }
    }
    if (rc)
        return hr_call_fail(call, rc, "could not store the hold");
    return HR_OK;
}

hr_rc_t ev_handle_hold(void *server, hr_call_t *call)
{
    return s_hold(server, call, true);
}

hr_rc_t ev_handle_release(void *server, hr_call_t *call)
{
    return s_hold(server, call, false);
}

// HR marks a stored record sensitive (Evidence.sensitive): from then on its content is read by
// HR, legal, operators and the employee it concerns only (s_reads_content). The mark and the
// reason go into the audit chain (`sensitive`) in the same commit; a record marked already
// changes nothing (already). Never unmarked here. A custodian who is the employee of one of its
// cases does not mark it (as they do not hold it).
hr_rc_t ev_handle_mark_sensitive(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__MarkSensitiveRequest *req = hr_call_request(call);
    Hr__Evidence__MarkSensitiveReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!s_custodian(self, call))
        return hr_call_fail_zh(call, HR_EDENIED, "只有 HR、法务或系统操作员可以将证据标记为敏感。",
                               "actor: marking a record sensitive needs the hr, legal or "
                               "operator role" S_ROLE_NOTE);
    if (!s_user(call)) // the audit must say who marked it
        return hr_call_fail(call, HR_EDENIED, "actor: a marking needs an authenticated user");
    if (!ev_id_is_valid(req->id))
        return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
    size_t rlen = strlen(req->reason);
    if (rlen == 0 || rlen > EV_REASON_MAX)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena, "reason（理由）：%zu 字节；须为 1 至 %d 字节", rlen, EV_REASON_MAX),
            "reason: %zu bytes; 1 to %d allowed (why the record is sensitive)", rlen,
            EV_REASON_MAX);
    if (!hr_utf8_is_valid(req->reason, rlen))
        return hr_call_fail(call, HR_EINVAL, "reason: not UTF-8 text");
    char unsafe[256];
    if (hr_utf8_has_unsafe(req->reason, rlen, HR_UTF8_ALLOW_TEXT, unsafe, sizeof unsafe))
        return hr_call_fail(call, HR_EINVAL, "reason: %s", unsafe);
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = s_evidence_get(call, req->id, &e);
    if (rc)
        return rc;
    if (!s_custodian_of(self, call, e)) {
        if (!s_may_read(self, call, e))
            return s_refuse_read(call, e);
        return hr_call_fail(call, HR_EDENIED,
                            "actor: the employee of the record's case does not mark it");
    }
    const char *for_case = NULL, *how = NULL;
    rc = s_acted_for(self, call, e, req->case_id, &for_case, &how);
    if (rc)
        return rc;
    rep->already = e->sensitive;
    if (!e->sensitive) {
        e->sensitive = true;
        e->sensitive_ms = hr_call_now_ms(call);
        e->sensitive_by = (char *)s_user(call);
        e->sensitive_reason = (char *)req->reason;
        rc = ev_store_evidence_put(hr_call_txn(call), e, e->due_ms);
        if (!rc)
            rc = s_audit(self, call, "sensitive", e->id, for_case,
                         hr_arena_fmt(arena, "marked sensitive (%s): %s", how, req->reason));
        if (rc)
            return hr_call_fail(call, rc, "could not store the marking");
        hr_info("evidence.sensitive", "id=%s user=%s", e->id, s_user(call));
    }
    s_mark_signatures(e);
    s_redact(self, call, e, NULL);
    rep->evidence = e;
    return HR_OK;
}

typedef struct {
    char **ids;        // arena: collected ids
    size_t n;          // used
    size_t cap;        // allocated
    hr_arena_t *arena; // borrowed
} s_ids_t;

static hr_rc_t s_collect_id(void *arg, const char *id)
{
    s_ids_t *ids = arg;
    if (ids->n == ids->cap) {
        size_t cap = ids->cap ? 2 * ids->cap : 64;
        char **grown = hr_arena_alloc(ids->arena, cap * sizeof *grown);
        if (ids->n)
            memcpy(grown, ids->ids, ids->n * sizeof *grown);
        ids->ids = grown;
        ids->cap = cap;
    }
    ids->ids[ids->n++] = hr_arena_strdup(ids->arena, id);
    return HR_OK;
}

// Every record of case_id given its due time again (s_due_for: the case row as it now is);
// *scheduled gets those that have one.
static hr_rc_t s_reschedule(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                            const char *case_id, uint32_t *scheduled)
{
    *scheduled = 0;
    s_ids_t ids = {.arena = arena};
    bool more = false;
    hr_rc_t rc = ev_store_case_each(txn, case_id, SIZE_MAX, s_collect_id, &ids, &more);
    for (size_t i = 0; !rc && i < ids.n; i++) {
        Hr__Evidence__Evidence *e = NULL;
        if (ev_store_evidence_get(txn, ids.ids[i], arena, &e))
            continue;
        int64_t old_due = e->due_ms;
        e->due_ms = s_due_for(self, txn, arena, e);
        rc = ev_store_evidence_put(txn, e, old_due);
        *scheduled += e->due_ms != 0;
    }
    return rc;
}

// The audit's words for the workflow's keeping end of c, when there is one: "; ..." (arena).
static const char *s_keep_words(hr_arena_t *arena, const Hr__Evidence__CaseInfo *c)
{
    if (!c->keep_until_ms)
        return "";
    char iso[HR_TIME_ISO_LEN];
    return hr_arena_fmt(arena,
                        "; the workflow keeps the records until %s (LCL Art. 50, Civil Code "
                        "Arts. 201-203): none is shredded before",
                        hr_time_iso(c->keep_until_ms, iso));
}

hr_rc_t ev_case_close(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                      int64_t closed_ms, int64_t keep_until_ms, bool keep_existing,
                      const char *actor, int64_t now_ms, uint32_t *scheduled, ev_head_t *head_out)
{
    *scheduled = 0;
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get_or_new(txn, case_id, arena, &c);
    if (rc)
        return rc;
    int64_t asked_ms = closed_ms;
    bool kept = keep_existing && c->closed_ms > closed_ms; // a later end recorded before stands
    if (!kept)
        c->closed_ms = closed_ms;
    // The workflow's date: raised, never lowered - but by a rescission, which replaces it with
    // the close it replaces (the end that date was counted from never came).
    if (!keep_existing || keep_until_ms > c->keep_until_ms)
        c->keep_until_ms = keep_until_ms;
    rc = ev_store_case_put(txn, c);
    if (!rc)
        rc = s_reschedule(self, txn, arena, case_id, scheduled);
    if (rc)
        return rc;
    char iso[HR_TIME_ISO_LEN], asked[HR_TIME_ISO_LEN];
    ev_audit_t a = {.actor = actor,
                    .action = "case_closed",
                    .case_id = case_id,
                    .detail = kept ? hr_arena_fmt(arena,
                                                  "closed %s (asked %s: the later end recorded "
                                                  "before stands), %u records scheduled%s",
                                                  hr_time_iso(c->closed_ms, iso),
                                                  hr_time_iso(asked_ms, asked), *scheduled,
                                                  s_keep_words(arena, c))
                                   : hr_arena_fmt(arena, "closed %s, %u records scheduled%s",
                                                  hr_time_iso(c->closed_ms, iso), *scheduled,
                                                  s_keep_words(arena, c))};
    return ev_store_audit(txn, now_ms, &a, head_out);
}

hr_rc_t ev_case_keep_until(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                           int64_t keep_until_ms, const char *actor, int64_t now_ms,
                           uint32_t *scheduled)
{
    *scheduled = 0;
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get_or_new(txn, case_id, arena, &c);
    if (rc || keep_until_ms <= c->keep_until_ms)
        return rc; // as late or later already: nothing moves
    c->keep_until_ms = keep_until_ms;
    rc = ev_store_case_put(txn, c);
    if (!rc)
        rc = s_reschedule(self, txn, arena, case_id, scheduled);
    if (rc)
        return rc;
    ev_audit_t a = {.actor = actor,
                    .action = "retention",
                    .case_id = case_id,
                    .detail = hr_arena_fmt(arena, "dated again, %u records scheduled%s", *scheduled,
                                           s_keep_words(arena, c))};
    return ev_store_audit(txn, now_ms, &a, NULL);
}

// When case_id began as this service knows it, which a hand close may not precede: the
// workflow's CaseOpened (c may be NULL: no row), else the first upload of its records; 0 when
// neither is known. *what says which, for the error.
static int64_t s_case_began(hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                            const Hr__Evidence__CaseInfo *c, const char **what)
{
    *what = "opened";
    if (c && c->opened_ms > 0)
        return c->opened_ms;
    *what = "had its first record stored";
    s_ids_t ids = {.arena = arena};
    bool more = false;
    if (ev_store_case_each(txn, case_id, SIZE_MAX, s_collect_id, &ids, &more))
        return 0; // the store answers the close itself
    int64_t first = 0;
    for (size_t i = 0; i < ids.n; i++) {
        Hr__Evidence__Evidence *e = NULL;
        if (!ev_store_evidence_get(txn, ids.ids[i], arena, &e) && e->uploaded_ms > 0 &&
            (!first || e->uploaded_ms < first))
            first = e->uploaded_ms;
    }
    return first;
}

hr_rc_t ev_case_close_by_hand(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                              const char *case_id, int64_t closed_ms, int64_t keep_until_ms,
                              const char *actor, int64_t now_ms, Hr__Evidence__CloseCaseReply *rep,
                              ev_head_t *head_out, char *why, size_t size)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, case_id, arena, &c);
    if (rc && rc != HR_ENOTFOUND)
        return rc;
    c = rc ? NULL : c;
    // A time that cannot be a close (seconds typed for milliseconds, before the case began)
    // would set every record's deletion date in the past: the next sweep would shred them.
    const char *began = NULL;
    int64_t began_ms = closed_ms ? s_case_began(txn, arena, case_id, c, &began) : 0;
    if (closed_ms && ev_close_why(closed_ms, now_ms, began_ms, began, why, size))
        return HR_EINVAL;
    if (!closed_ms)
        closed_ms = now_ms;
    // The latest end recorded stands (the workflow's close with the contract's end, an earlier
    // hand close): a hand close while the notice runs moves retention on, never back.
    int64_t before_ms = c ? c->closed_ms : 0;
    // The workflow's day for keeping the records, as the caller read it (hrctl asks the
    // workflow): raised into the case's, never lowered - a close by hand brings no record's
    // shredding before the day the workflow keeps it to (LCL Art. 50).
    rc = ev_case_close(self, txn, arena, case_id, closed_ms,
                       ev_keep_until_take(keep_until_ms, closed_ms), true, actor, now_ms,
                       &rep->scheduled, head_out);
    if (!rc)
        rc = ev_store_case_get(txn, case_id, arena, &c);
    if (rc)
        return rc;
    rep->later_end_kept = before_ms > closed_ms;
    rep->closed_ms = rep->later_end_kept ? before_ms : closed_ms;
    rep->keep_until_ms = c->keep_until_ms;
    return HR_OK;
}

hr_rc_t ev_handle_close_case(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__CloseCaseRequest *req = hr_call_request(call);
    Hr__Evidence__CloseCaseReply *rep = hr_call_reply(call);
    if (!s_custodian(self, call))
        return hr_call_fail(call, HR_EDENIED,
                            "actor: closing a case needs the hr, legal or "
                            "operator role" S_ROLE_NOTE);
    if (s_check_case(call, req->case_id))
        return HR_EINVAL;
    char *ids[] = {(char *)req->case_id};
    if (ev_case_concerns(hr_call_txn(call), hr_call_arena(call), ids, 1, s_user(call)))
        return hr_call_fail(call, HR_EDENIED,
                            "actor: the case's own employee does not close it (its retention "
                            "clock)");
    // A keeping end is a day two years and more after a contract's end: one before 2000 is a
    // value gone wrong (seconds for milliseconds), which would keep nothing longer.
    hr_arena_t *arena = hr_call_arena(call);
    if (req->keep_until_ms && req->keep_until_ms < EV_CLOSE_MIN_MS) {
        char iso[HR_TIME_ISO_LEN];
        bool secs = req->keep_until_ms >= EV_CLOSE_MIN_MS / 1000; // after 2000 as seconds
        const char *as = req->keep_until_ms >= 0 ? hr_time_iso(req->keep_until_ms, iso) : "";
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "keep_until_ms（工作流的记录保存期限）：%lld 早于 2000-01-01%s%s%s："
                         "应为 1970 年起的毫秒数（UTC）%s；案件未关闭",
                         (long long)req->keep_until_ms, *as ? "（" : "", as, *as ? "）" : "",
                         secs ? "，这看起来是秒数" : ""),
            "keep_until_ms (the workflow's keeping end): %lld is before 2000-01-01%s%s%s; a "
            "keeping end is in milliseconds since 1970 (UTC)%s; the case is not closed",
            (long long)req->keep_until_ms, *as ? " (" : "", as, *as ? ")" : "",
            secs ? " - this looks like seconds" : "");
    }
    char why[EV_CLOSE_WHY_LEN] = "";
    s_hook_t *h = s_hook(self, call, NULL);
    hr_rc_t rc = ev_case_close_by_hand(self, hr_call_txn(call), arena, req->case_id, req->closed_ms,
                                       req->keep_until_ms, s_user(call) ? s_user(call) : "",
                                       hr_call_now_ms(call), rep, &h->head, why, sizeof why);
    if (rc == HR_EINVAL && *why)
        return hr_call_fail(call, rc, "closed_ms: %s", why);
    if (rc)
        return hr_call_fail(call, rc, "could not store the case");
    hr_call_after_commit(call, s_hook_head, h);
    return HR_OK;
}
