/*  wf_server - hr-workflow's service description: routes, start-up, the deadline tick, status.
 *
 *  hr_daemon runs the loop (one thread, one store); this file adds what is ours. At start-up:
 *  the company calendar and the default template are loaded from files named in the config,
 *  the template is stored, and the reconciler rebuilds the due index from the cases, so a
 *  deadline that passed while the daemon was down fires on the first tick. The tick fires due
 *  escalations one write transaction per row, within a time budget, and asks for an immediate
 *  follow-up when rows remain, so a backlog drains without starving requests (the loop polls
 *  the ROUTER between batches).
 *
 *  A person's read of a case is written to the case's read log by wf_server_record_read, in a
 *  write transaction of its own after the read route's, before its reply leaves. The routes stay
 *  read routes - no dedupe row, no stored reply (a case with its whole history) - and a log entry
 *  that cannot be written (a full disk) is counted and logged while the read still answers:
 *  a full disk must not stop HR reading a case. hr_call_no_replay would have refused the read.
 *
 *  Someone who has left holds nothing for long: wf_server_hand_on hands their cases on
 *  (wf_handover_leaver) at start-up, each hour, on the first tick of each local day - before
 *  that tick's reminders and escalations - and right after a people import, one write
 *  transaction per case. What it moves no longer qualifies, so a pass interrupted by a crash is
 *  finished by the next one and none hands a case on twice.
 */
#define _XOPEN_SOURCE 700 // realpath: sys.Status names the calendar file in use
#include "wf.h"

#include <sodium.h>

#define WF_TZ_MIN_DEFAULT HR_TZ_SHANGHAI_MIN
#define WF_CALENDAR_AHEAD_DAYS 60 // deadlines set today fall within this many days
#define WF_CALENDAR_AHEAD_YEARS 2 // years those days touch at most
_Static_assert(WF_CALENDAR_AHEAD_DAYS < 365, "the days ahead touch two years at most");
#define WF_TZ_MIN_LIMIT (14 * 60)
#define WF_CALENDAR_FILE "calendar.txt"         // default: beside the config file
#define WF_TEMPLATE_FILE "template-default.txt" // default: beside the config file

const hr_route_t wf_routes[] = {
    {"workflow.ImportPeople", &hr__workflow__import_people_request__descriptor,
     &hr__workflow__import_reply__descriptor, HR_ROUTE_WRITE, wf_handle_import_people},
    {"workflow.ImportDepartments", &hr__workflow__import_departments_request__descriptor,
     &hr__workflow__import_reply__descriptor, HR_ROUTE_WRITE, wf_handle_import_departments},
    {"workflow.GetPerson", &hr__workflow__get_person_request__descriptor,
     &hr__workflow__get_person_reply__descriptor, HR_ROUTE_READ, wf_handle_get_person},
    {"workflow.ListPeople", &hr__workflow__list_people_request__descriptor,
     &hr__workflow__list_people_reply__descriptor, HR_ROUTE_READ, wf_handle_list_people},
    {"workflow.ReportStatus", &hr__workflow__report_status_request__descriptor,
     &hr__workflow__status_report_reply__descriptor, HR_ROUTE_WRITE, wf_handle_report_status},
    {"workflow.AnswerStatusReport", &hr__workflow__answer_status_report_request__descriptor,
     &hr__workflow__status_report_reply__descriptor, HR_ROUTE_WRITE,
     wf_handle_answer_status_report},
    {"workflow.ListStatusReports", &hr__workflow__list_status_reports_request__descriptor,
     &hr__workflow__list_status_reports_reply__descriptor, HR_ROUTE_READ,
     wf_handle_list_status_reports},
    {"workflow.PutTemplate", &hr__workflow__put_template_request__descriptor,
     &hr__workflow__put_template_reply__descriptor, HR_ROUTE_WRITE, wf_handle_put_template},
    {"workflow.OpenCase", &hr__workflow__open_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_open_case},
    {"workflow.AttachEvidence", &hr__workflow__attach_evidence_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_attach_evidence},
    {"workflow.SubmitCase", &hr__workflow__submit_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_submit_case},
    {"workflow.ReviewCase", &hr__workflow__review_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_review_case},
    {"workflow.ApproveCase", &hr__workflow__approve_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_approve_case},
    {"workflow.PrepareCase", &hr__workflow__prepare_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_prepare_case},
    {"workflow.ConfirmInterview", &hr__workflow__confirm_interview_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_confirm_interview},
    {"workflow.RecordOutcome", &hr__workflow__record_outcome_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_record_outcome},
    {"workflow.CloseCase", &hr__workflow__close_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_close_case},
    {"workflow.CompleteDuty", &hr__workflow__complete_duty_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_complete_duty},
    {"workflow.RecordUnion", &hr__workflow__record_union_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_record_union},
    {"workflow.CreateLayoff", &hr__workflow__create_layoff_request__descriptor,
     &hr__workflow__layoff_reply__descriptor, HR_ROUTE_WRITE, wf_handle_create_layoff},
    {"workflow.DateLayoff", &hr__workflow__date_layoff_request__descriptor,
     &hr__workflow__layoff_reply__descriptor, HR_ROUTE_WRITE, wf_handle_date_layoff},
    {"workflow.AddLayoffCase", &hr__workflow__add_layoff_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_add_layoff_case},
    {"workflow.GetLayoff", &hr__workflow__get_layoff_request__descriptor,
     &hr__workflow__layoff_reply__descriptor, HR_ROUTE_READ, wf_handle_get_layoff},
    {"workflow.ListLayoffs", &hr__workflow__list_layoffs_request__descriptor,
     &hr__workflow__list_layoffs_reply__descriptor, HR_ROUTE_READ, wf_handle_list_layoffs},
    {"workflow.WithdrawCase", &hr__workflow__withdraw_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_withdraw_case},
    {"workflow.RescindCase", &hr__workflow__rescind_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_rescind_case},
    {"workflow.ReassignCase", &hr__workflow__reassign_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_reassign_case},
    {"workflow.SetCaseTemplate", &hr__workflow__set_case_template_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_set_case_template},
    {"workflow.RecordDispute", &hr__workflow__record_dispute_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_record_dispute},
    {"workflow.RecordPayment", &hr__workflow__record_payment_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_WRITE, wf_handle_record_payment},
    {"workflow.GetCase", &hr__workflow__get_case_request__descriptor,
     &hr__workflow__case_reply__descriptor, HR_ROUTE_READ, wf_handle_get_case},
    {"workflow.ListCases", &hr__workflow__list_cases_request__descriptor,
     &hr__workflow__list_cases_reply__descriptor, HR_ROUTE_READ, wf_handle_list_cases},
    {"workflow.ListOutbox", &hr__workflow__list_outbox_request__descriptor,
     &hr__workflow__list_outbox_reply__descriptor, HR_ROUTE_READ, wf_handle_list_outbox},
    {"workflow.RenderDocument", &hr__workflow__render_document_request__descriptor,
     &hr__workflow__render_document_reply__descriptor, HR_ROUTE_READ, wf_handle_render_document},
    {"workflow.ListCaseReads", &hr__workflow__list_case_reads_request__descriptor,
     &hr__workflow__list_case_reads_reply__descriptor, HR_ROUTE_READ, wf_handle_list_case_reads},
    {"workflow.CaseJournal", &hr__workflow__case_journal_request__descriptor,
     &hr__workflow__case_journal_reply__descriptor, HR_ROUTE_READ, wf_handle_case_journal},
    {"workflow.Verify", &hr__workflow__workflow_verify_request__descriptor,
     &hr__workflow__workflow_verify_reply__descriptor, HR_ROUTE_READ, wf_handle_verify},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

// True when two templates say the same (steps, rules, titles), wherever each came from.
static bool s_template_same(const Hr__Workflow__Template *a, const Hr__Workflow__Template *b,
                            hr_arena_t *arena)
{
    Hr__Workflow__Template x = *a, y = *b;
    x.file_sha256 = y.file_sha256 = "";
    x.put_by = y.put_by = "";
    x.put_ms = y.put_ms = 0;
    size_t nx = protobuf_c_message_get_packed_size(&x.base);
    size_t ny = protobuf_c_message_get_packed_size(&y.base);
    if (nx != ny)
        return false;
    uint8_t *px = hr_arena_alloc(arena, nx + 1), *py = hr_arena_alloc(arena, ny + 1);
    protobuf_c_message_pack(&x.base, px);
    protobuf_c_message_pack(&y.base, py);
    return !memcmp(px, py, nx);
}

// The configured template file only seeds the store: what HR put (hrctl template put) stays
// the truth across restarts. The file is stored when no template of its id is, or when the
// stored one came from an earlier text of the file; one HR put is kept, and a file that
// differs from it is said loudly with the way to use it.
static hr_rc_t s_load_template(wf_server_t *self, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    hr_rc_t rc = hr_file_read(path, WF_TEMPLATE_TEXT_MAX, &text, &len);
    if (rc == HR_EFULL) {
        hr_error("template.invalid", "path=%s problem=\"template: more than %d bytes\"", path,
                 WF_TEMPLATE_TEXT_MAX);
        return HR_EINVAL;
    }
    if (rc) {
        hr_error("template.load", "path=%s err=%s", path,
                 rc == HR_EINVAL ? "not a regular file" : strerror(errno));
        return HR_EIO;
    }
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = NULL, *stored = NULL;
    char *errors[8];
    size_t nerr = 0;
    hr_txn_t *txn = NULL;
    rc = wf_template_parse(text, len, arena, &tpl, errors, HR_ARRAY_LEN(errors), &nerr);
    if (rc) {
        for (size_t i = 0; i < nerr && i < HR_ARRAY_LEN(errors); i++)
            hr_error("template.invalid", "path=%s problem=\"%s\"", path, errors[i]);
        goto out;
    }
    uint8_t h[crypto_hash_sha256_BYTES];
    char *sha = hr_arena_alloc(arena, 2 * sizeof h + 1);
    crypto_hash_sha256(h, (const unsigned char *)text, len);
    sodium_bin2hex(sha, 2 * sizeof h + 1, h, sizeof h);
    rc = hr_txn_begin_write(self->store, &txn);
    if (!rc) {
        rc = wf_store_template_get(txn, tpl->id, arena, &stored);
        if (rc == HR_ENOTFOUND) {
            stored = NULL;
            rc = HR_OK;
        }
    }
    if (rc)
        goto out;
    const char *was = "none";
    if (stored && *stored->put_by) {
        if (!s_template_same(stored, tpl, arena))
            hr_warn("template.file_ignored",
                    "id=%s path=%s put_by=%s put_ms=%lld (the template HR put is kept; the file "
                    "differs from it and is not used: to use the file, hrctl template put %s)",
                    tpl->id, path, stored->put_by, (long long)stored->put_ms, path);
        else
            hr_info("template.kept", "id=%s put_by=%s (the file says the same)", tpl->id,
                    stored->put_by);
        goto out;
    }
    if (stored && !strcmp(stored->file_sha256, sha)) {
        hr_info("template.loaded", "id=%s steps=%zu rules=%zu sha256=%s unchanged", tpl->id,
                tpl->n_steps, tpl->n_rules, sha);
        goto out;
    }
    if (stored && !*stored->file_sha256) {
        // Stored before templates recorded where they came from: from the file or from HR,
        // nobody knows. The same text is the file's; another may be HR's, which stays.
        if (!s_template_same(stored, tpl, arena)) {
            hr_warn("template.file_ignored",
                    "id=%s path=%s (the stored template differs from the file and may be what "
                    "HR put: it is kept; to use the file, hrctl template put %s)",
                    tpl->id, path, path);
            goto out;
        }
        was = "same";
    } else if (stored)
        was = stored->file_sha256;
    tpl->file_sha256 = sha;
    rc = wf_store_template_put(txn, tpl);
    if (!rc)
        rc = hr_txn_commit(&txn);
    if (!rc)
        hr_info("template.loaded", "id=%s steps=%zu rules=%zu sha256=%s replaced=%s", tpl->id,
                tpl->n_steps, tpl->n_rules, sha, was);
out:
    hr_txn_abort(&txn);
    hr_free(text);
    hr_arena_destroy(&arena);
    return rc;
}

typedef struct {
    hr_txn_t *txn;      // borrowed
    hr_arena_t *arena;  // borrowed: the cases read
    hr_arena_t *ids_in; // borrowed: where the ids go
    int64_t now_ms;     // who has left by then
    char **ids;         // ids_in: cases someone who has left holds something of
    size_t n;           // entries used in ids
    size_t cap;         // entries allocated
} s_leavers_t;

static bool s_gone(const s_leavers_t *l, const char *no)
{
    const char *one = no;
    return no && *no && wf_effects_pass_over_left(l->txn, l->arena, &one, 1, l->now_ms) == 0;
}

static hr_rc_t s_leavers_pick(void *arg, Hr__Workflow__Case *c)
{
    s_leavers_t *l = arg;
    bool held = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN && s_gone(l, c->manager_no);
    for (size_t i = 0; i < c->n_steps && !held; i++)
        held = c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE &&
               s_gone(l, c->steps[i]->owner_no);
    if (!held)
        return HR_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **ids = hr_arena_alloc(l->ids_in, cap * sizeof *ids);
        if (l->n)
            memcpy(ids, l->ids, l->n * sizeof *ids);
        l->ids = ids;
        l->cap = cap;
    }
    l->ids[l->n++] = hr_arena_strdup(l->ids_in, c->id);
    return HR_OK;
}

// One case someone who has left holds something of, in its own write transaction: handed on
// (wf_handover_leaver), or left as it is when nobody fit; *left counts the active steps whose
// owner has still left after it.
static hr_rc_t s_hand_on_one(wf_server_t *self, const char *id, int64_t now_ms, bool *changed,
                             size_t *left)
{
    hr_arena_t *arena = self->tick_arena;
    hr_txn_t *txn = NULL;
    Hr__Workflow__Case *old = NULL, *c = NULL;
    const char *why = NULL;
    size_t held = 0;
    *changed = false;
    hr_rc_t rc = hr_txn_begin_write(self->store, &txn);
    if (!rc)
        rc = wf_store_case_get(txn, id, arena, &c);
    if (!rc)
        rc = wf_store_case_get(txn, id, arena, &old);
    wf_handover_t h = {.txn = txn,
                       .arena = arena,
                       .time = &self->time,
                       .now_ms = now_ms,
                       .by = "system",
                       .msg_id = ""};
    if (!rc)
        rc = wf_handover_leaver(&h, c, changed, &why);
    if (!rc && *changed)
        rc = wf_store_case_put(txn, old, c);
    // What someone who has left still holds (nobody fit took it), for sys.Status.
    s_leavers_t l = {.txn = txn, .arena = arena, .now_ms = now_ms};
    for (size_t i = 0; !rc && i < c->n_steps; i++)
        held += c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE &&
                s_gone(&l, c->steps[i]->owner_no);
    if (!rc && *changed)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    if (rc == HR_ENOTFOUND) // gone meanwhile: nothing to hand on
        rc = HR_OK;
    else if (!rc && *changed)
        hr_info("case.handed_on", "case=%s manager=%s previous=%s by=system", c->id, c->manager_no,
                old->manager_no);
    if (!rc && why)
        hr_warn("case.hand_on_nobody",
                "case=%s manager=%s held=%zu why=\"%s\" (listed as owner_left and counted in "
                "steps_owner_left: HR reassigns it)",
                c->id, c->manager_no, held, why);
    if (!rc)
        *left += held;
    hr_arena_reset(arena);
    return rc;
}

size_t wf_server_hand_on(wf_server_t *self)
{
    int64_t now_ms = hr_clock_now_ms(self->clock);
    self->hand_on_day = hr_day_of_ms(now_ms, self->time.tz_offset_min);
    hr_arena_t *ids = hr_arena_new(0);
    s_leavers_t l = {.arena = self->tick_arena, .ids_in = ids, .now_ms = now_ms};
    hr_rc_t rc = hr_txn_begin_read(self->store, &l.txn);
    if (!rc)
        rc = wf_store_case_each(l.txn, "", self->tick_arena, s_leavers_pick, &l);
    hr_txn_abort(&l.txn);
    hr_arena_reset(self->tick_arena);
    size_t moved = 0, left = 0;
    for (size_t i = 0; !rc && i < l.n; i++) {
        bool changed = false;
        hr_store_map_full_take(); // what an earlier write left
        hr_rc_t one = s_hand_on_one(self, l.ids[i], now_ms, &changed, &left);
        if (hr_store_grow_if_map_full(self->store, one)) // it changed nothing: once more
            one = s_hand_on_one(self, l.ids[i], now_ms, &changed, &left);
        if (one) { // the next pass (the next day, import or hour) tries it again
            self->tick_errors++;
            hr_error("case.hand_on", "case=%s rc=%s", l.ids[i], hr_rc_name(one));
        }
        moved += changed;
    }
    hr_arena_destroy(&ids);
    if (rc) {
        self->tick_errors++;
        hr_error("case.hand_on_scan", "rc=%s", hr_rc_name(rc));
        return 0;
    }
    self->steps_owner_left = left;
    if (left)
        hr_warn("steps.owner_left",
                "steps=%zu (their owners left and nobody fit takes them: HR reassigns them)", left);
    if (moved && self->relay)
        hr_relay_kick(self->relay);
    if (moved && self->events)
        hr_events_flush(self->events);
    return moved;
}

// The due index rebuilt from the cases (reliability P5): at start-up and every hour. What it
// lacked or had wrongly is logged and counted, never silent. Then every case someone who has
// left holds something of is handed on (wf_server_hand_on), which counts what nobody fit could
// take (sys.Status steps_owner_left).
typedef struct {
    wf_server_t *self; // borrowed
    wf_rebuild_t r;    // out: what the rebuild found
} s_rebuild_arg_t;

// The rebuilding write (hr_store_write: it may run twice, so it starts afresh each time).
static hr_rc_t s_rebuild_write(hr_txn_t *txn, void *arg)
{
    s_rebuild_arg_t *a = arg;
    hr_arena_reset(a->self->tick_arena);
    a->r = (wf_rebuild_t){0};
    return wf_store_due_rebuild(txn, a->self->tick_arena, &a->r);
}

static hr_rc_t s_reconcile(wf_server_t *self)
{
    s_rebuild_arg_t a = {.self = self};
    hr_rc_t rc = hr_store_write(self->store, s_rebuild_write, &a);
    wf_rebuild_t r = a.r;
    hr_arena_reset(self->tick_arena);
    if (rc) {
        hr_error("due.rebuild", "rc=%s", hr_rc_name(rc));
        return rc;
    }
    self->due_rebuilt = r.rows;
    self->due_diverged += r.missing + r.stale;
    if (r.missing || r.stale)
        hr_warn("due.diverged", "missing=%zu stale=%zu rows=%zu", r.missing, r.stale, r.rows);
    else
        hr_info("due.rebuilt", "rows=%zu", r.rows);
    wf_server_hand_on(self);
    return HR_OK;
}

// A case with an active step: open, or closed with duties still owed.
static int s_pick_active(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(arg);
    const Hr__Workflow__Case *c = (const Hr__Workflow__Case *)msg;
    if (klen != HR_ID_LEN)
        return 0;
    for (size_t i = 0; i < c->n_steps; i++)
        if (c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
            return 1;
    return 0;
}

// At start-up: every active step dated again on the calendar as it is now, later only
// (wf_steps_redate; an Art. 50 duty by wf_steps_redate_duty). A step counted in working days
// before the calendar had a year's notice (or a holiday) - or a transfer dated on the earliest
// end that notice could give - would otherwise stay due - and escalate - on a day that is now a
// day off; an interview stage a version before this one dated by its period alone is dated by
// its interview.
// Each case that moved gets one journal entry (request deadline.redated, actor workflow) whose
// note says which steps moved from when to when; each step is logged. Changes nothing when the
// dates stand, and never brings a deadline forward: a calendar edit that removes days off
// shortens nothing already set.
typedef struct {
    wf_server_t *self; // borrowed
    int64_t now_ms;    // the clock reading the new dates are worked out at
    size_t moved;      // out: cases with a step that moved
    size_t steps;      // out: steps that moved
} s_redate_t;

// One case's steps dated again; the journal note of what moved (arena), NULL when nothing did.
static char *s_redate_case(wf_server_t *self, Hr__Workflow__Case *c, int64_t now_ms, size_t *steps)
{
    hr_arena_t *arena = self->tick_arena;
    char *note = NULL;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    for (size_t i = 0; i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        int32_t day = -1;
        if (st == cur && !strcmp(st->key, WF_STEP_INTERVIEW) && c->interview &&
            !hr_date_parse(c->interview->date, &day))
            day = -1;
        int64_t due_ms = st->due_ms, level2_ms = st->level2_ms;
        int32_t eff = 0;
        // A duty dated by statute (due_date) from the outcome's end; a company duty by its period.
        bool duty = st->duty && *st->due_date && c->outcome &&
                    hr_date_parse(c->outcome->effective_date, &eff);
        if (duty ? !wf_steps_redate_duty(st, eff, &self->time, now_ms, arena)
                 : !wf_steps_redate(st, day, &self->time, now_ms))
            continue;
        char was[HR_DATE_LEN], now[HR_DATE_LEN];
        bool due = st->due_ms != due_ms;
        int64_t from = due ? due_ms : level2_ms, to = due ? st->due_ms : st->level2_ms;
        // A deadline is the midnight closing its last day: that day.
        hr_date_format(hr_day_of_ms(from - 1, self->time.tz_offset_min), was);
        hr_date_format(hr_day_of_ms(to - 1, self->time.tz_offset_min), now);
        hr_info("deadline.redated", "case=%s step=%s what=%s from_ms=%lld to_ms=%lld", c->id,
                st->key, due ? "due" : "level2", (long long)from, (long long)to);
        note = hr_arena_fmt(arena, "%s%s%s %s %s -> %s", note ? note : "", note ? "; " : "",
                            st->key, due ? "due" : "level 2", was, now);
        (*steps)++;
    }
    return note ? hr_arena_fmt(arena,
                               "%s: dated again on the company calendar as it now is, at start-up "
                               "(later only)",
                               note)
                : NULL;
}

// The redating write (hr_store_write: it may run twice, so it starts afresh each time).
static hr_rc_t s_redate_write(hr_txn_t *txn, void *arg)
{
    s_redate_t *r = arg;
    wf_server_t *self = r->self;
    hr_record_t *cases = NULL;
    size_t n = 0;
    hr_arena_reset(self->tick_arena);
    r->moved = r->steps = 0;
    hr_txn_origin_t origin = {WF_JOURNAL_ACTOR_SELF, "", "deadline.redated", r->now_ms};
    hr_txn_set_origin(txn, &origin); // the case journal's "who"
    hr_rc_t rc = hr_store_collect(txn, WF_DB_CASES, NULL, 0, &hr__workflow__case__descriptor,
                                  s_pick_active, NULL, self->tick_arena, &cases, &n);
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Workflow__Case *old = cases[i].msg;
        Hr__Workflow__Case *c = NULL;
        rc = wf_store_case_get(txn, old->id, self->tick_arena, &c);
        if (rc)
            break;
        char *note = s_redate_case(self, c, r->now_ms, &r->steps);
        if (note) {
            rc = wf_store_case_put_noted(txn, old, c, note);
            r->moved++;
        }
        // A closed case's records kept longer: hr-evidence learns the new day (its CaseClosed
        // said the old one), so none is shredded before it.
        int64_t keep_ms = wf_steps_keep_until_ms(c);
        if (!rc && note && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED &&
            keep_ms > wf_steps_keep_until_ms(old)) {
            Hr__Workflow__RetentionRedated ev = HR__WORKFLOW__RETENTION_REDATED__INIT;
            ev.case_id = c->id;
            ev.keep_until_ms = keep_ms;
            ev.at_ms = r->now_ms;
            rc = wf_store_event_append(txn, "workflow.RetentionRedated", &ev.base, "", r->now_ms);
        }
    }
    return rc;
}

static hr_rc_t s_redate(wf_server_t *self)
{
    s_redate_t r = {.self = self, .now_ms = hr_clock_now_ms(self->clock)};
    hr_rc_t rc = hr_store_write(self->store, s_redate_write, &r);
    size_t moved = r.moved, steps = r.steps;
    hr_arena_reset(self->tick_arena);
    if (rc)
        hr_error("deadline.redate", "rc=%s", hr_rc_name(rc));
    else if (moved)
        hr_info("deadlines.redated", "cases=%zu steps=%zu", moved, steps);
    return rc;
}

static void s_reconcile_timer(void *arg)
{
    s_reconcile(arg);
}

// The file named by `key`, or `name` beside the config file when the key is not set. *given
// says whether the key was set (then a missing file is an error, not a fallback). Owned.
static char *s_path(hr_config_t *cfg, const char *key, const char *name, bool *given)
{
    const char *set = hr_config_str(cfg, key, "");
    *given = *set != '\0';
    if (*given)
        return hr_strdup(set);
    const char *cfg_path = hr_config_path(cfg);
    const char *slash = strrchr(cfg_path, '/');
    if (!slash)
        return hr_strdup(name);
    return hr_strfmt("%.*s/%s", (int)(slash - cfg_path), cfg_path, name);
}

static bool s_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

// hr_consumer's apply for source "notify", inside the batch's write transaction: a
// notify.DeliveryFailed becomes a failed reminder on its case and an alert to the HR head.
// Other event types are not ours to act on.
static hr_rc_t s_apply_notify(void *arg, hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    wf_server_t *self = arg;
    if (strcmp(ev->type, "notify.DeliveryFailed"))
        return HR_OK;
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Notify__DeliveryFailed *df = (Hr__Notify__DeliveryFailed *)protobuf_c_message_unpack(
        &hr__notify__delivery_failed__descriptor, hr_arena_pb_allocator(arena), ev->body.len,
        ev->body.data);
    hr_rc_t rc = HR_OK;
    bool recorded = false;
    hr_txn_origin_t origin = {WF_JOURNAL_ACTOR_SELF, "", "notify.DeliveryFailed",
                              hr_clock_now_ms(self->clock)};
    hr_txn_set_origin(txn, &origin); // the case journal's "who" (static strings: the batch goes on)
    if (!df)
        hr_warn("reminder.failed_undecodable", "seq=%llu", (unsigned long long)ev->seq);
    else
        rc = wf_effects_delivery_failed(txn, arena, df, &self->time, hr_clock_now_ms(self->clock),
                                        &recorded);
    if (!rc && recorded)
        hr_info("reminder.failed", "case=%s delivery=%s", df->case_id, df->delivery_id);
    hr_arena_destroy(&arena);
    return rc;
}

// notify's event log, when notify can be found (peers/notify or notify.cfg beside ours):
// optional, so the workflow also runs alone. Said once, at start-up.
static void s_consume_notify(wf_server_t *self, hr_daemon_t *daemon)
{
    char *err = NULL;
    self->notify_events = hr_consumer_new_daemon(daemon, "notify", s_apply_notify, self, &err);
    if (!self->notify_events)
        hr_warn("notify.events_off", "reason=\"%s\" (failed reminders are not recorded)",
                err ? err : "?");
    hr_free(err);
}

// The years the calendar does not declare from today to WF_CALENDAR_AHEAD_DAYS on (deadlines
// set now fall there), oldest first, as "2027" or "2027,2028" (arena memory); NULL when none.
// There the notice's bridge days off and adjusted working days are unknown. *first_out: the
// first of them, 0 when none.
static const char *s_calendar_missing_years(const wf_server_t *self, hr_arena_t *arena,
                                            int *first_out)
{
    int32_t today = hr_day_of_ms(hr_clock_now_ms(self->clock), self->time.tz_offset_min);
    int years[WF_CALENDAR_AHEAD_YEARS];
    size_t n = hr_calendar_missing_years(self->calendar, today, today + WF_CALENDAR_AHEAD_DAYS,
                                         years, WF_CALENDAR_AHEAD_YEARS);
    *first_out = n ? years[0] : 0;
    if (!n)
        return NULL;
    char *list = hr_arena_fmt(arena, "%d", years[0]);
    for (size_t i = 1; i < n && i < WF_CALENDAR_AHEAD_YEARS; i++)
        list = hr_arena_fmt(arena, "%s,%d", list, years[i]);
    return list;
}

// The local average monthly wages (LCL Art. 47 para 2) by year: law/local_average_monthly_wage_
// YYYY with law/local_average_wage_source_YYYY; and the single key of before,
// law/local_average_monthly_wage, as the figure of law/local_average_wage_year or else of the
// year its source names (wf_local_wage_year_named). A single key whose year neither gives stays
// a figure of no known year (law.local_average_wage_fen): used only when no dated one fits,
// always with a finding when it caps. The same year given twice with two figures stops the
// daemon (hr_config_fail). No figure is ever assumed.
static void s_load_local_wages(wf_server_t *self, hr_config_t *cfg)
{
    self->local_wages = hr_alloc(WF_LOCAL_WAGE_YEARS * sizeof *self->local_wages);
    size_t n = wf_local_wages_load(cfg, "law", self->local_wages);
    int64_t single = hr_config_int(cfg, "law/local_average_monthly_wage", 0, 1, WF_WAGE_MAX_YUAN) *
                     LAW_FEN_PER_YUAN;
    int32_t year = (int32_t)hr_config_int(cfg, "law/local_average_wage_year", 0,
                                          WF_LOCAL_WAGE_YEAR_MIN, WF_LOCAL_WAGE_YEAR_MAX);
    self->law_source = hr_config_str(cfg, "law/local_average_wage_source", "");
    if (year && !single)
        hr_warn("law.local_average_wage_year_unused",
                "key=law/local_average_wage_year year=%d (it dates law/local_average_monthly_wage, "
                "which is not set)",
                year);
    if (single && !year)
        year = wf_local_wage_year_named(self->law_source);
    for (size_t i = 0; single && year && i < n; i++) {
        if (self->local_wages[i].year != year)
            continue;
        if (self->local_wages[i].fen != single)
            hr_config_fail(cfg,
                           "law/local_average_monthly_wage: %lld is %d's figure (by "
                           "law/local_average_wage_year or its source) but %s is %lld: give each "
                           "year's figure once",
                           (long long)(single / LAW_FEN_PER_YUAN), year, self->local_wages[i].key,
                           (long long)(self->local_wages[i].fen / LAW_FEN_PER_YUAN));
        single = 0; // the year's own key says it
    }
    if (single && year) {
        size_t at = n;
        while (at > 0 && self->local_wages[at - 1].year > year)
            at--;
        memmove(&self->local_wages[at + 1], &self->local_wages[at],
                (n - at) * sizeof self->local_wages[0]);
        wf_local_wage_t *w = &self->local_wages[at];
        *w = (wf_local_wage_t){.year = year, .fen = single, .source = self->law_source};
        snprintf(w->key, sizeof w->key, "law/local_average_monthly_wage");
        snprintf(w->source_key, sizeof w->source_key, "law/local_average_wage_source");
        n++;
        single = 0;
    }
    self->law.local_average_wage_fen = single;
    self->law.local_wages = self->local_wages;
    self->law.n_local_wages = n;
    for (size_t i = 0; i < n; i++)
        hr_info("law.local_average_wage", "year=%d yuan=%lld key=%s", self->local_wages[i].year,
                (long long)(self->local_wages[i].fen / LAW_FEN_PER_YUAN), self->local_wages[i].key);
    if (single)
        hr_warn(
            "law.local_average_wage_undated",
            "key=law/local_average_monthly_wage yuan=%lld (no year: give it in "
            "law/local_average_wage_year, or rename the key law/local_average_monthly_wage_YYYY; "
            "a capped assessment says LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED)",
            (long long)(single / LAW_FEN_PER_YUAN));
}

// The year whose local average monthly wage a contract ending today takes (LCL 47 para 2: the
// previous year's).
static int32_t s_wage_year_wanted(const wf_server_t *self)
{
    int32_t today = hr_day_of_ms(hr_clock_now_ms(self->clock), self->time.tz_offset_min);
    int year = 0, month = 0, mday = 0;
    law_date_to_ymd(today, &year, &month, &mday);
    return year - 1;
}

// Whether the local average monthly wages lag the law for a contract ending today: the newest
// dated figure is older than last year's (the one the law names now), or there is only a figure
// of no year, or none. Then *newest is that year (0 for none or undated), *undated whether an
// undated figure is all there is, and *wanted last year.
static bool s_local_wage_outdated(const wf_server_t *self, int32_t *newest, bool *undated,
                                  int32_t *wanted)
{
    *wanted = s_wage_year_wanted(self);
    *newest = 0;
    for (size_t i = 0; i < self->law.n_local_wages; i++)
        if (self->law.local_wages[i].year > *newest)
            *newest = self->law.local_wages[i].year;
    *undated = !*newest && self->law.local_average_wage_fen > 0;
    return *newest < *wanted;
}

// Each branch as declared, and what it lacks said aloud: a review of its people finds no head
// office figure in its place (LOCAL_AVERAGE_WAGE_NOT_CONFIGURED, MINIMUM_WAGE_NOT_CONFIGURED
// naming the branch's key). sys.Status says the same (branch_missing=, hrctl health).
static void s_log_branches(const wf_server_t *self)
{
    int32_t wanted = s_wage_year_wanted(self);
    for (size_t i = 0; i < self->nbranches; i++) {
        const wf_branch_t *b = &self->branches[i];
        wf_branch_lacks_t lacks;
        wf_branch_lacks(b, wanted, &lacks);
        hr_info("branch.declared",
                "branch=%s name=\"%s\" city=\"%s\" local_average_years=%zu newest=%d "
                "minimum_yuan=%lld has_union=%s%s template=%s",
                b->code, b->name, b->city, b->law.n_local_wages, lacks.average_newest,
                (long long)(b->law.local_minimum_wage_fen / LAW_FEN_PER_YUAN),
                b->law.has_union ? "true" : "false", b->own_union ? "" : "(law/has_union)",
                *b->template_id ? b->template_id : "-");
        if (lacks.average_missing)
            hr_warn("branch.local_average_wage_missing",
                    "key=%s/local_average_monthly_wage_%d newest=%d (its people's assessments for "
                    "a contract ending this year apply no Art. 47 cap and say "
                    "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED, or cap at an older year's figure: the head "
                    "office's figure is never used for them)",
                    b->prefix, wanted, lacks.average_newest);
        if (lacks.minimum_missing)
            hr_warn("branch.minimum_wage_missing",
                    "key=%s/local_minimum_monthly_wage (Reg. Art. 27's floor is not applied to its "
                    "people: their assessments say MINIMUM_WAGE_NOT_CONFIGURED)",
                    b->prefix);
    }
}

// One closing-document template: checked text in *out (owned), NULL when the file is missing
// (warned: that document is refused). A file that is there and wrong stops the daemon, naming
// the file and the line.
static hr_rc_t s_load_document(const char *dir, wf_doc_kind_t kind, wf_doc_lang_t lang, char **out)
{
    char *path = hr_strfmt("%s/%s.%s.txt", dir, wf_doc_kind_name(kind), wf_doc_lang_name(lang));
    char *text = NULL;
    hr_rc_t rc = HR_OK;
    *out = NULL;
    size_t len = 0;
    hr_rc_t found = hr_file_read(path, WF_DOC_TEXT_MAX, &text, &len);
    if (found == HR_ENOTFOUND || found == HR_EDENIED) {
        hr_warn("document.missing", "path=%s err=\"%s\" (workflow.RenderDocument refuses it)", path,
                strerror(errno));
        goto out;
    }
    char err[256] = "";
    if (found == HR_EINVAL)
        snprintf(err, sizeof err, "not a regular file");
    else if (found == HR_EFULL)
        snprintf(err, sizeof err, "larger than %d bytes", WF_DOC_TEXT_MAX);
    else if (found)
        snprintf(err, sizeof err, "read error: %s", strerror(errno));
    if (found || wf_doc_check(text, len, err, sizeof err)) {
        hr_error("document.invalid", "path=%s problem=\"%s\"", path, err);
        rc = HR_EINVAL;
        goto out;
    }
    // A template written before the documents named the ending (解除 / 终止) still works, saying
    // what its text says; a notice of 终止 (Art. 44) from it is refused (wf_doc_fits).
    if (!wf_doc_names_ending(text))
        hr_warn("document.no_ending",
                "path=%s (no {title}, {ending}, {ended} or {ending_manner}: it cannot tell a "
                "rescission from a termination)",
                path);
    *out = text;
    text = NULL;
out:
    hr_free(text);
    hr_free(path);
    return rc;
}

// The closing documents: company/name, company/address and company/union_name, and a template per
// kind and language in documents/dir (default: documents beside the config file).
static hr_rc_t s_load_documents(wf_server_t *self, hr_config_t *cfg)
{
    bool given = false;
    wf_docs_t *docs = hr_alloc(sizeof *docs);
    memset(docs, 0, sizeof *docs);
    self->docs = docs;
    docs->dir = s_path(cfg, "documents/dir", WF_DOC_DIR, &given);
    docs->company_name = hr_config_str(cfg, "company/name", "");
    docs->company_address = hr_config_str(cfg, "company/address", "");
    docs->union_name = hr_config_str(cfg, "company/union_name", "");
    docs->has_union = self->law.has_union;
    if (!*docs->company_name)
        hr_warn("company.missing", "key=company/name (documents show it as missing)");
    hr_rc_t rc = HR_OK;
    size_t loaded = 0;
    for (int k = 0; k < WF_DOC_KIND_COUNT && !rc; k++)
        for (int l = 0; l < WF_DOC_LANG_COUNT && !rc; l++) {
            rc = s_load_document(docs->dir, (wf_doc_kind_t)k, (wf_doc_lang_t)l, &docs->text[k][l]);
            loaded += docs->text[k][l] != NULL;
        }
    if (!rc)
        hr_info("documents.loaded", "dir=%s templates=%zu", docs->dir, loaded);
    return rc;
}

static void s_docs_destroy(wf_docs_t **docs_p)
{
    wf_docs_t *docs = *docs_p;
    if (!docs)
        return;
    for (int k = 0; k < WF_DOC_KIND_COUNT; k++)
        for (int l = 0; l < WF_DOC_LANG_COUNT; l++)
            hr_free(docs->text[k][l]);
    hr_free(docs->dir);
    hr_free(*docs_p);
}

// escalation/contact: the employee number the deadline ladder reaches past the top of a line
// (wf_escalation_recipients_end). Its form is checked here (a bad one stops the start, naming
// the file, line and key); whether the directory has them, at every choice of the roles
// (wf_roles_update: the log, hrctl health and the people import say so).
static void s_load_contact(wf_server_t *self, hr_config_t *cfg)
{
    self->roles.contact = hr_config_str(cfg, "escalation/contact", "");
    unsigned line = hr_config_line(cfg, "escalation/contact");
    const char *why = wf_config_has(cfg, "escalation/contact")
                          ? wf_roles_contact_malformed(self->roles.contact)
                          : NULL;
    if (!why)
        return;
    char *env = hr_config_env_name("escalation/contact");
    if (getenv(env))
        hr_config_fail(cfg, "escalation/contact: value '%.64s' %s (from %s)", self->roles.contact,
                       why, env);
    else
        hr_config_fail(cfg, "line %u: escalation/contact: value '%.64s' %s", line,
                       self->roles.contact, why);
    hr_free(env);
}

static hr_rc_t s_start(void *arg, hr_daemon_t *daemon)
{
    wf_server_t *self = arg;
    self->daemon = daemon;
    self->store = hr_daemon_store(daemon);
    self->clock = hr_daemon_clock(daemon);
    self->tick_arena = hr_arena_new(0);
    hr_config_t *cfg = hr_daemon_config(daemon);
    bool cal_given = false, tpl_given = false;
    char *cal_path = s_path(cfg, "calendar/file", WF_CALENDAR_FILE, &cal_given);
    char *tpl_path = s_path(cfg, "template/file", WF_TEMPLATE_FILE, &tpl_given);
    self->time.tz_offset_min = (int)hr_config_int(cfg, "calendar/tz_offset_min", WF_TZ_MIN_DEFAULT,
                                                  -WF_TZ_MIN_LIMIT, WF_TZ_MIN_LIMIT);
    s_load_local_wages(self, cfg);
    self->law.local_minimum_wage_fen =
        hr_config_int(cfg, "law/local_minimum_monthly_wage", 0, 0, WF_WAGE_MAX_YUAN) *
        LAW_FEN_PER_YUAN;
    self->law_min_source = hr_config_str(cfg, "law/local_minimum_wage_source", "");
    self->law.has_union = hr_config_bool(cfg, "law/has_union", false);
    wf_branches_load(cfg, self->law.has_union, &self->branches, &self->nbranches);
    s_log_branches(self);
    self->interview_horizon_days = (int)hr_config_int(
        cfg, "interview/horizon_days", WF_INTERVIEW_HORIZON_DAYS, 1, WF_INTERVIEW_HORIZON_MAX);
    self->interview_notice_hours = (int)hr_config_int(
        cfg, "interview/min_notice_hours", WF_INTERVIEW_NOTICE_HOURS, 0, WF_INTERVIEW_NOTICE_MAX);
    self->roles.hr_head = hr_config_str(cfg, "roles/hr_head", "");
    self->roles.legal = hr_config_str(cfg, "roles/legal", "");
    s_load_contact(self, cfg);
    hr_rc_t rc = s_load_documents(self, cfg);
    if (rc)
        goto out;
    if (hr_config_error(cfg)) {
        rc = HR_EINVAL; // hr_daemon names the key
        goto out;
    }
    if (!cal_given && !s_exists(cal_path)) {
        // Nothing configured and nothing beside the config: Monday to Friday, said loudly.
        hr_warn("calendar.missing", "path=%s fallback=weekdays_only", cal_path);
        self->calendar = hr_calendar_new();
    } else {
        char *err = NULL;
        self->calendar = hr_calendar_load(cal_path, &err);
        if (!self->calendar) {
            hr_error("calendar.load", "path=%s problem=\"%s\"", cal_path, err ? err : "");
            hr_free(err);
            rc = HR_EINVAL;
            goto out;
        }
        char *abs = realpath(cal_path, NULL);
        self->calendar_path = hr_strdup(abs ? abs : cal_path);
        free(abs); // from realpath
    }
    self->time.cal = self->calendar;
    hr_arena_t *scratch = hr_arena_new(0);
    int missing = 0;
    const char *years = s_calendar_missing_years(self, scratch, &missing);
    if (missing)
        hr_warn("calendar.year_missing",
                "year=%d years=%s path=%s (no State Council notice in the file: its bridge days "
                "off and adjusted working days are unknown until its holiday and workday lines "
                "and `year YYYY` are added and the daemon restarted; hrctl health says so too)",
                missing, years, cal_path);
    hr_arena_destroy(&scratch);
    if (!self->law.local_minimum_wage_fen)
        hr_warn("law.minimum_wage_missing",
                "key=law/local_minimum_monthly_wage (Reg. Art. 27's floor of the wage base is not "
                "applied: every assessment says so until it is set; hrctl health says so too)");
    // LCL 43, 41: whether the company has a union decides to whom a rescission's reasons go
    // and what its letters say; false (the default) is a declaration, said aloud like the
    // minimum wage, never assumed in silence.
    if (!self->law.has_union)
        hr_warn(
            "law.no_union",
            "key=law/has_union is false (unset: false): the company declares it has no union - "
            "rescissions are reviewed without the union's notice (LCL 43: UNION_NONE, notice to "
            "the local federation of trade unions), letters say 本单位未建立工会; set it true "
            "if the company has one; hrctl health says so too");
    int32_t newest = 0, wanted = 0;
    bool undated = false;
    if (s_local_wage_outdated(self, &newest, &undated, &wanted)) {
        char had[16];
        snprintf(had, sizeof had, "%d", newest);
        hr_warn("law.local_average_wage_outdated",
                "newest=%s wanted=%d key=law/local_average_monthly_wage_%d (a contract ending "
                "this year takes %d's figure, LCL Art. 47: set it once the city publishes it; "
                "hrctl health says so too)",
                newest    ? had
                : undated ? "undated"
                          : "none",
                wanted, wanted, wanted);
    }
    if (!tpl_given && !s_exists(tpl_path))
        hr_warn("template.missing", "path=%s (cases need a template: hrctl template put)",
                tpl_path);
    else
        rc = s_load_template(self, tpl_path);
    if (!rc)
        rc = s_redate(self);
    if (!rc)
        rc = s_reconcile(self);
    if (!rc)
        rc = wf_roles_start(self);
    if (rc)
        goto out;
    hr_timers_add(hr_daemon_timers(daemon), WF_RECONCILE_EVERY_MS, true, s_reconcile_timer, self);
    char *err = NULL;
    self->events = hr_events_new_daemon(daemon, &err); // also adds sys.EventsSince
    if (!self->events) {
        hr_error("events.start", "problem=\"%s\"", err ? err : "");
        hr_free(err);
        rc = HR_EIO;
        goto out;
    }
    self->relay = hr_relay_new_daemon(daemon);
    hr_relay_kick(self->relay); // rows left from before a restart go out now
    s_consume_notify(self, daemon);
out:
    hr_free(cal_path);
    hr_free(tpl_path);
    return rc;
}

static void s_stop(void *arg)
{
    wf_server_t *self = arg;
    if (self->more_timer)
        hr_timers_cancel(hr_daemon_timers(self->daemon), self->more_timer);
    self->more_timer = 0;
    hr_consumer_destroy(&self->notify_events);
    hr_relay_destroy(&self->relay);
    hr_events_destroy(&self->events);
    hr_calendar_destroy(&self->calendar);
    hr_free(self->calendar_path);
    hr_arena_destroy(&self->tick_arena);
    s_docs_destroy(&self->docs);
    wf_signers_free_all(self); // hr_daemon joined their threads before stop
    wf_absence_free_all(self);
    wf_journal_free_all(self);
    hr_free(self->evidence_endpoint);
    hr_free(self->analytics_endpoint);
    hr_free(self->local_wages);
    wf_branches_free(&self->branches, self->nbranches);
}

typedef struct {
    char case_id[HR_ID_LEN + 1]; // copied from the key
    uint32_t step;               // index in the case's steps
    int64_t due_ms;              // the key's time
} s_due_t;

typedef struct {
    s_due_t rows[WF_TICK_BATCH]; // collected by the scan
    size_t n;                    // entries used
} s_batch_t;

static hr_rc_t s_collect(void *arg, const char *case_id, uint32_t step, int64_t due_ms)
{
    s_batch_t *b = arg;
    s_due_t *d = &b->rows[b->n++];
    snprintf(d->case_id, sizeof d->case_id, "%s", case_id);
    d->step = step;
    d->due_ms = due_ms;
    return HR_OK;
}

typedef struct {
    wf_server_t *self; // borrowed
    const s_due_t *d;  // borrowed: the row
    int64_t now_ms;    // the tick's clock reading
    unsigned level;    // out: the level fired, 0 when none
    bool sent;         // out: an escalation level reached someone
} s_fire_t;

// The write of one due row (hr_store_write: it may run twice, so it starts afresh each time).
static hr_rc_t s_fire_write(hr_txn_t *txn, void *arg)
{
    s_fire_t *f = arg;
    wf_server_t *self = f->self;
    const s_due_t *d = f->d;
    int64_t now_ms = f->now_ms;
    hr_arena_t *arena = self->tick_arena;
    hr_arena_reset(arena);
    f->level = 0;
    f->sent = true;
    hr_txn_origin_t origin = {WF_JOURNAL_ACTOR_SELF, "", "deadline.tick", now_ms};
    hr_txn_set_origin(txn, &origin); // the case journal's "who"
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = wf_store_case_get(txn, d->case_id, arena, &c);
    if (!rc)
        rc = wf_store_case_get(txn, d->case_id, arena, &old);
    unsigned level = 0;
    if (!rc && d->step < c->n_steps) {
        Hr__Workflow__CaseStep *st = c->steps[d->step];
        if (wf_escalation_next_ms(st) == d->due_ms)
            level = wf_escalation_due(st, now_ms);
    }
    if (rc == HR_ENOTFOUND || (!rc && !level)) {
        rc = wf_store_due_del(txn, d->case_id, d->step, d->due_ms); // stale: nothing to do
    } else if (!rc && d->step == c->current && wf_tell_case_is_blocked(c)) {
        // Returned for a statutory protection before such a request lost its deadline (an older
        // version): nothing the manager could do is late, so the deadline goes, unescalated.
        wf_tell_block_step(c->steps[d->step]);
        level = 0;
        rc = wf_store_case_put(txn, old, c);
    } else if (!rc && wf_steps_is_retention(c->steps[d->step])) {
        // Not something anyone does: the records were kept until the day, and that fulfils it.
        if (now_ms >= c->steps[d->step]->due_ms)
            rc = wf_effects_kept(txn, arena, c, (int)d->step, now_ms);
        else
            c->steps[d->step]->reminded = true; // a reminder of a store written before: none
        level = 0;
        if (!rc)
            rc = wf_store_case_put(txn, old, c);
    } else if (!rc) {
        if (level == WF_REMIND_PASSED)
            c->steps[d->step]->reminded = true; // skipped: level 1 says more, in the morning
        else
            rc = level == WF_DUE_SOON
                     ? wf_effects_remind(txn, arena, c, (int)d->step, &self->time, now_ms)
                     : wf_effects_escalate(txn, arena, c, (int)d->step, level, &self->time, now_ms,
                                           &f->sent);
        if (!rc)
            rc = wf_store_case_put(txn, old, c);
    }
    f->level = level;
    return rc;
}

// One due row, in its own write transaction: fire the level that is due, or drop a stale row.
// A full map grows (hr_store_write): at night no request comes to grow it for the tick.
static hr_rc_t s_fire_one(wf_server_t *self, const s_due_t *d, int64_t now_ms)
{
    s_fire_t f = {.self = self, .d = d, .now_ms = now_ms};
    hr_rc_t rc = hr_store_write(self->store, s_fire_write, &f);
    unsigned level = f.level;
    if (!rc && level == WF_DUE_SOON)
        hr_info("case.reminded", "case=%s step=%u", d->case_id, d->step);
    else if (!rc && level == WF_REMIND_PASSED)
        hr_info("case.reminder_skipped", "case=%s step=%u reason=deadline passed", d->case_id,
                d->step);
    else if (!rc && level && !f.sent)
        hr_info("case.escalation_waits", "case=%s step=%u level=%u reason=nobody that high",
                d->case_id, d->step, level);
    else if (!rc && level) {
        self->escalations++;
        hr_info("case.escalated", "case=%s step=%u level=%u", d->case_id, d->step, level);
    }
    hr_arena_reset(self->tick_arena);
    return rc;
}

// Logs a due row that could not be fired: the first, then at most once a minute with how many
// failed meanwhile (a row that fails fails on every tick).
static void s_fire_failed(wf_server_t *self, const s_due_t *d, hr_rc_t rc)
{
    self->tick_errors++;
    self->fire_unlogged++;
    int64_t mono_ms = hr_clock_mono_ms(self->clock);
    if (self->fire_logged_ms && mono_ms - self->fire_logged_ms < HR_MINUTE_MS)
        return;
    hr_error("due.fire",
             "case=%s step=%u rc=%s failures=%llu (the row stays and is tried again each tick; "
             "the rows after it go on)",
             d->case_id, d->step, hr_rc_name(rc), (unsigned long long)self->fire_unlogged);
    self->fire_logged_ms = mono_ms ? mono_ms : 1;
    self->fire_unlogged = 0;
}

size_t wf_server_fire_due(wf_server_t *self, int64_t now_ms, bool *more)
{
    int64_t until = hr_clock_mono_ms(self->clock) + WF_TICK_BUDGET_MS;
    size_t handled = 0;
    *more = false;
    for (;;) {
        s_batch_t batch;
        batch.n = 0;
        hr_txn_t *txn = NULL;
        hr_rc_t rc = hr_txn_begin_read(self->store, &txn);
        if (!rc)
            rc = wf_store_due_scan(txn, now_ms, &self->due_from, WF_TICK_BATCH, s_collect, &batch);
        hr_txn_abort(&txn);
        if (rc) {
            self->tick_errors++;
            hr_error("due.scan", "rc=%s", hr_rc_name(rc));
            return handled;
        }
        for (size_t i = 0; i < batch.n; i++) {
            const s_due_t *d = &batch.rows[i];
            // The next scan goes on after the last row looked at, so a row that fails (and
            // stays) is passed over until the scan comes round again, not met first each time.
            self->due_from.due_ms = d->due_ms;
            memcpy(self->due_from.case_id, d->case_id, sizeof self->due_from.case_id);
            self->due_from.step = d->step;
            rc = s_fire_one(self, d, now_ms);
            if (rc)
                s_fire_failed(self, d, rc);
            else
                handled++;
            if (hr_clock_mono_ms(self->clock) >= until) {
                *more = true;
                return handled;
            }
        }
        if (batch.n < WF_TICK_BATCH) {
            self->due_from = (wf_due_pos_t){0}; // came round: the next tick starts at the first
            return handled;
        }
    }
}

// fn's entry in a write transaction of its own, the map grown once when it is the map that is
// full (hr_store_write, as hr_server grows it for a write request), not the disk. Counted either
// way.
static hr_rc_t s_record(wf_server_t *self, hr_store_write_fn *fn, void *arg)
{
    hr_rc_t rc = hr_store_write(self->store, fn, arg);
    if (rc)
        self->reads_unrecorded++;
    else
        self->reads_recorded++;
    return rc;
}

typedef struct {
    const char *case_id;           // borrowed
    Hr__Workflow__CaseRead *entry; // borrowed
} s_read_arg_t;

static hr_rc_t s_append_read(hr_txn_t *txn, void *arg)
{
    s_read_arg_t *a = arg;
    return wf_store_read_append(txn, a->case_id, a->entry, WF_CASE_MAX_READS);
}

hr_rc_t wf_server_record_read(wf_server_t *self, const char *case_id, Hr__Workflow__CaseRead *r)
{
    s_read_arg_t a = {case_id, r};
    hr_rc_t rc = s_record(self, s_append_read, &a);
    if (rc)
        hr_error("case.read_unrecorded", "case=%s reader=%s route=%s msg=%s rc=%s", case_id,
                 r->reader, r->route, r->msg_id, hr_rc_name(rc));
    return rc;
}

static hr_rc_t s_append_list(hr_txn_t *txn, void *arg)
{
    return wf_store_list_append(txn, arg, WF_LISTS_MAX);
}

hr_rc_t wf_server_record_list(wf_server_t *self, Hr__Workflow__CaseListRead *l)
{
    hr_rc_t rc = s_record(self, s_append_list, l);
    if (rc)
        hr_error("case.list_unrecorded", "reader=%s shown=%u msg=%s rc=%s", l->reader, l->shown,
                 l->msg_id, hr_rc_name(rc));
    return rc;
}

static void s_tick(void *arg);

static void s_more(void *arg)
{
    wf_server_t *self = arg;
    self->more_timer = 0;
    s_tick(self);
}

static void s_tick(void *arg)
{
    wf_server_t *self = arg;
    bool more = false;
    // A new day (midnight, or a clock set on): whoever left by it hands their cases on before
    // any reminder or escalation of theirs fires.
    if (hr_day_of_ms(hr_clock_now_ms(self->clock), self->time.tz_offset_min) != self->hand_on_day)
        wf_server_hand_on(self);
    size_t fired = wf_server_fire_due(self, hr_clock_now_ms(self->clock), &more);
    bool consumed = false;
    if (self->notify_events) {
        // The consumer commits outside any handler: its alerts and events go out from here.
        hr_consumer_stats_t st;
        hr_consumer_stats(self->notify_events, &st);
        consumed = st.batches != self->notify_batches;
        self->notify_batches = st.batches;
    }
    if (fired || consumed) {
        hr_relay_kick(self->relay);
        hr_events_flush(self->events);
    }
    if (more && !self->more_timer)
        self->more_timer = hr_timers_add(hr_daemon_timers(self->daemon), 0, false, s_more, self);
}

// One line per declared branch that lacks something a review of its people needs (wf_branch_
// lacks), for hrctl health to name it and each key: "branch_missing=CD
// local_average_monthly_wage_2025=none local_minimum_monthly_wage=none has_union=unset
// union_name=unset" - the average's value is the newest year the branch has ("none"), each key
// under branch/CODE/; has_union=unset only when law/has_union is false (else the head office's
// union stands for it, and union_nobody= says whether anyone receives its notices).
// rep->extra has room for one a branch.
static void s_status_branches(const wf_server_t *self, Hr__Sys__StatusReply *rep, hr_arena_t *arena)
{
    int32_t wanted = s_wage_year_wanted(self);
    for (size_t i = 0; i < self->nbranches; i++) {
        const wf_branch_t *b = &self->branches[i];
        wf_branch_lacks_t lacks;
        if (!wf_branch_lacks(b, wanted, &lacks))
            continue;
        char *line = hr_arena_fmt(arena, "branch_missing=%s", b->code);
        if (lacks.average_missing && lacks.average_newest)
            line = hr_arena_fmt(arena, "%s local_average_monthly_wage_%d=%d", line, wanted,
                                lacks.average_newest);
        else if (lacks.average_missing)
            line = hr_arena_fmt(arena, "%s local_average_monthly_wage_%d=none", line, wanted);
        if (lacks.minimum_missing)
            line = hr_arena_fmt(arena, "%s local_minimum_monthly_wage=none", line);
        if (lacks.union_unset)
            line = hr_arena_fmt(arena, "%s has_union=unset", line);
        if (lacks.union_name_missing)
            line = hr_arena_fmt(arena, "%s union_name=unset", line);
        rep->extra[rep->n_extra++] = line;
    }
}

static void s_status(void *arg, Hr__Sys__StatusReply *rep, hr_arena_t *arena)
{
    wf_server_t *self = arg;
    if (self->relay)
        hr_relay_status(self->relay, rep, arena);
    char **extra = hr_arena_alloc(arena, (rep->n_extra + 12 + self->nbranches) * sizeof *extra);
    if (rep->n_extra)
        memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
    rep->extra = extra;
    rep->extra[rep->n_extra++] =
        hr_arena_fmt(arena, "escalations=%llu", (unsigned long long)self->escalations);
    rep->extra[rep->n_extra++] =
        hr_arena_fmt(arena, "tick_errors=%llu", (unsigned long long)self->tick_errors);
    rep->extra[rep->n_extra++] =
        hr_arena_fmt(arena, "due_rebuilt=%zu due_diverged=%llu", self->due_rebuilt,
                     (unsigned long long)self->due_diverged);
    rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "reads_recorded=%llu reads_unrecorded=%llu",
                                              (unsigned long long)self->reads_recorded,
                                              (unsigned long long)self->reads_unrecorded);
    rep->extra[rep->n_extra++] =
        hr_arena_fmt(arena, "steps_owner_left=%zu", self->steps_owner_left);
    // The calendar read at start-up ("" when none: weekdays only) and the years it lacks: hrctl
    // health says which file to complete, and to restart the daemon after.
    rep->extra[rep->n_extra++] =
        hr_arena_fmt(arena, "calendar_file=%s", self->calendar_path ? self->calendar_path : "");
    int missing = 0;
    const char *years = s_calendar_missing_years(self, arena, &missing);
    if (missing) {
        rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "calendar_missing_year=%d", missing);
        rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "calendar_missing_years=%s", years);
    }
    if (!self->law.local_minimum_wage_fen)
        rep->extra[rep->n_extra++] = "minimum_wage_missing=law/local_minimum_monthly_wage";
    if (!self->law.has_union)
        rep->extra[rep->n_extra++] = "no_union=law/has_union";
    int32_t newest = 0, wanted = 0;
    bool undated = false;
    if (s_local_wage_outdated(self, &newest, &undated, &wanted))
        rep->extra[rep->n_extra++] =
            newest ? hr_arena_fmt(arena, "local_average_wage_outdated=%d/%d", newest, wanted)
                   : hr_arena_fmt(arena, "local_average_wage_outdated=%s/%d",
                                  undated ? "undated" : "none", wanted);
    // The key of before (no year in its name) read as the year its surrounding text names:
    // hrctl health names the key and the year taken, so the operator can rename it.
    for (size_t i = 0; i < self->law.n_local_wages; i++)
        if (!strcmp(self->law.local_wages[i].key, "law/local_average_monthly_wage")) {
            rep->extra[rep->n_extra++] =
                hr_arena_fmt(arena, "local_average_wage_undated_key=%s:%d",
                             self->law.local_wages[i].key, self->law.local_wages[i].year);
            break;
        }
    s_status_branches(self, rep, arena);
    if (self->notify_events)
        hr_consumer_status(self->notify_events, arena, rep); // grows extra itself
    wf_roles_status(self, rep, arena);                       // grows extra itself
}

// Whether the directory holds somebody active with role payroll, hr or hr_head: who records the
// payments of a case whose outcome fixes money (wf_auth_may_pay).
static bool s_payer_held(hr_txn_t *txn, hr_arena_t *arena, int64_t now_ms)
{
    static const char *const payers[] = {"payroll", "hr", "hr_head"};
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    if (wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n))
        return true; // unknown: no warning on a guess
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < all[i]->n_roles; k++)
            for (size_t r = 0; r < HR_ARRAY_LEN(payers); r++)
                if (!strcmp(all[i]->roles[k], payers[r]) && !wf_person_has_left(all[i], now_ms))
                    return true;
    return false;
}

// Whether the directory has people with role payroll and none of them can be told of a payment
// (wf_effects_payroll_told, _changed): each left, or has neither email nor mobile. A company
// where nobody ever held payroll pays through HR, as the README says: no warning for that.
static bool s_payroll_unreached(hr_txn_t *txn, hr_arena_t *arena, int64_t now_ms)
{
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    if (wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n))
        return false; // unknown: no warning on a guess
    bool held = false;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < all[i]->n_roles; k++) {
            if (strcmp(all[i]->roles[k], "payroll"))
                continue;
            held = true;
            if (!wf_person_has_left(all[i], now_ms) && (*all[i]->email || *all[i]->mobile))
                return false;
        }
    return held;
}

static hr_rc_t s_count_awaiting(void *arg, Hr__Workflow__Case *c)
{
    size_t *n = arg;
    if (wf_pay_owed(c) > 0)
        (*n)++;
    return HR_OK;
}

// Whether case c still has something to tell its employee: its outcome is recorded, not
// rescinded, and the case is open, money is still owed or the transfer is still to do.
static hr_rc_t s_still_telling(void *arg, Hr__Workflow__Case *c)
{
    bool *found = arg;
    if (!c->outcome || (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
                        c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED))
        return HR_OK;
    bool transfer = false;
    for (size_t i = 0; i < c->n_steps; i++)
        transfer |= c->steps[i]->duty && !strcmp(c->steps[i]->key, WF_DUTY_TRANSFER) &&
                    (c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING ||
                     c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN || transfer || wf_pay_owed(c) > 0) {
        *found = true;
        return HR_ECONFLICT; // enough
    }
    return HR_OK;
}

// The employees the system cannot tell that their employment ended, of a payment to them or of
// their transfer (wf_effects_employee_ended ...): no email and no mobile in the directory while
// one of their cases still has something to tell them (s_still_telling). "E0117,E0120" (at
// most 20, then ",..."), "" none or unknown. The cases are read only for such people.
static const char *s_employees_untold(hr_txn_t *txn, hr_arena_t *arena)
{
    Hr__Workflow__Person **all = NULL;
    size_t n = 0, listed = 0;
    if (wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n))
        return "";
    const char *out = "";
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        if (wf_effects_employee_reachable(all[i]) ||
            wf_store_cases_of(txn, all[i]->employee_no, arena, s_still_telling, &found) || !found)
            continue;
        if (listed++ == 20) {
            out = hr_arena_fmt(arena, "%s,...", out);
            break;
        }
        out = hr_arena_fmt(arena, "%s%s%s", out, *out ? "," : "", all[i]->employee_no);
    }
    return out;
}

// The case journal's head, `case_journal_head=<seq>:<hex>`: written down elsewhere from time to
// time, it anchors the journal (README, The case journal). Then a union_nobody= line for each
// union whose notices would reach nobody (wf_roles_union_nobody_line), payment_nobody= when
// cases await payment and nobody active may record it, else payroll_unreached= when the payroll
// office the directory names can be told of none of it, and employee_nobody= naming the
// employees the system cannot tell what their case still holds for them.
static void s_status_store(void *arg, hr_txn_t *txn, Hr__Sys__StatusReply *rep, hr_arena_t *arena)
{
    wf_server_t *self = arg;
    wf_reports_status(txn, rep, arena); // grows extra itself
    wf_journal_head_t head;
    if (wf_store_journal_head(txn, &head))
        return;
    char hex[2 * WF_HASH_BYTES + 1];
    wf_hex(head.hash, WF_HASH_BYTES, hex);
    const char *unreached[WF_BRANCH_MAX + 1];
    size_t nunreached = 0;
    // Each union (the head office's, a branch's own) with nobody of it to tell: hrctl health names
    // it (UNION_NOBODY). Unknown (a read failed): no line on a guess.
    if (self && wf_roles_unions_unreached(self, txn, arena, hr_clock_now_ms(self->clock), unreached,
                                          &nunreached))
        nunreached = 0;
    char **extra = hr_arena_alloc(arena, (rep->n_extra + 3 + nunreached) * sizeof *extra);
    if (rep->n_extra)
        memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
    rep->extra = extra;
    rep->extra[rep->n_extra++] =
        hr_arena_fmt(arena, "case_journal_head=%llu:%s", (unsigned long long)head.seq, hex);
    for (size_t i = 0; i < nunreached; i++)
        rep->extra[rep->n_extra++] = (char *)wf_roles_union_nobody_line(self, unreached[i], arena);
    // Cases awaiting payment and nobody active to pay them (payroll or HR): hrctl health says
    // so. Or someone pays (HR), but the payroll office the directory names can be told of none
    // of it: payment_due and payment_changed reach nobody, and payroll pays the old amounts.
    // The cases are read only then, which a running company never is.
    if (!self)
        return;
    int64_t now_ms = hr_clock_now_ms(self->clock);
    bool payer = s_payer_held(txn, arena, now_ms);
    size_t awaiting = 0;
    // No early return: the employees' line below is said whatever payroll's state is.
    if ((!payer || s_payroll_unreached(txn, arena, now_ms)) &&
        !wf_store_case_each(txn, "", arena, s_count_awaiting, &awaiting) && awaiting)
        rep->extra[rep->n_extra++] = payer ? hr_arena_fmt(arena, "payroll_unreached=%zu", awaiting)
                                           : hr_arena_fmt(arena, "payment_nobody=%zu", awaiting);
    // Employees nobody can tell of their ending, their payments or their transfer: hrctl health
    // names them, for HR to write to them or import an email or a mobile.
    const char *untold = s_employees_untold(txn, arena);
    if (*untold)
        rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "employee_nobody=%s", untold);
}

// migrations[i] upgrades schema i+1 to i+2.
static hr_migration_fn *const s_migrations[] = {wf_store_migrate_ladder,  wf_store_migrate_roles,
                                                wf_store_migrate_journal, wf_store_migrate_statuses,
                                                wf_store_migrate_keep,    wf_store_migrate_lines,
                                                wf_store_migrate_proof};

const hr_service_t wf_service = {
    .name = "workflow",
    .routes = wf_routes,
    .dbs = wf_store_dbs,
    .schema_version = 8,
    .migrations = s_migrations,
    .start = s_start,
    .stop = s_stop,
    .tick = s_tick,
    .status = s_status,
    .status_store = s_status_store,
};
