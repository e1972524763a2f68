/*  an_events - what hr-analytics learns from hr-workflow's event log (hr_consumer, source
 *  "workflow"), applied in the consumer's batch transaction together with its cursor, so each
 *  event counts exactly once and nothing is learnt twice after a crash.
 *
 *  - workflow.RolesChanged (a people import; once the whole directory at the workflow's upgrade
 *    to its schema 3, again with the protected statuses at its schema 5 and with the managers at
 *    its schema 7): each person's roles, leaving, manager and protected status keys now replace
 *    their row in db roles. hr, hr_head and
 *    legal count for a caller only as that row gives them (an_auth_check), and none from the
 *    row's left_ms (the person left) on. A person without a usable id is passed over (logged);
 *    the others stand.
 *  - workflow.CaseReassigned (HR, or the system for a manager who left, handed the case to
 *    another manager): the case's CaseStat.manager_no becomes the manager now. A case counts
 *    under its manager now in every figure - a line manager's scope and their superiors' (the
 *    line is the one of the manager now, an_line_reaches), the detail rows, return_rate.manager
 *    - the period before the hand-over included: the replaced manager is outside the case, as
 *    the workflow's authorization has it (services/workflow/README.md, Authorization). An event
 *    about a case not seen opened changes nothing (no case is made up from it); a manager_no
 *    that is no id is passed over, logged.
 *  - workflow.SubmitRefused (the automatic check at submit refused the manager's submission,
 *    with its reason codes): counted on the case (an_metrics_refused), once by its seq; a
 *    later StepCompleted of the request stage (the submission passed) is kept as the case's
 *    submitted_seq, so "refused, then passed" is a matter of the log's order, not of clocks.
 *  - workflow.CaseLineChanged needs nothing here: the line is walked from the case's manager
 *    through db roles, which the same import's RolesChanged updates.
 *  - The case events (CaseOpened, StepCompleted, ...): the process metrics (an_metrics_apply).
 *
 *  After the store's upgrade to schema 7 (and 8, 12, 13, 14) the log is read again from its
 *  start (an_store_migrate_roles): the events up to the old cursor give their roles, the case's
 *  manager now (CaseReassigned, which a daemon before schema 13 passed over) and the refused
 *  submissions with the request's passes (schema 14: SubmitRefused, the request StepCompleted's
 *  seq; a refusal counted before is not counted again) and nothing else,
 *  since their other case effects are in the store already; the mark goes once the log is read
 *  past it. Both are idempotent: read again in order, the last entry stands. Meanwhile a
 *  person's roles move through the states the log went through (a role given and later taken
 *  is held between the two batches), as they did in the workflow itself.
 *
 *  A RolesChanged whose body does not unpack is HR_EIO like any known event's: the batch is
 *  tried again and after HR_CONSUMER_POISON_TRIES passed over (events.poisoned in the log and
 *  sys.Status). A role it gave is then not held here (refused: safe); a role it took stays
 *  until the person's next entry - the error line names the seq.
 */
#include "an.h"
#include "workflow.pb-c.h"

static hr_rc_t s_roles(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(4096);
    hr_rc_t rc = HR_OK;
    Hr__Workflow__RolesChanged *r = (Hr__Workflow__RolesChanged *)protobuf_c_message_unpack(
        &hr__workflow__roles_changed__descriptor, hr_arena_pb_allocator(arena), ev->body.len,
        ev->body.data);
    size_t bad = 0, put = 0;
    if (!r)
        rc = HR_EIO;
    for (size_t i = 0; r && i < r->n_people && !rc; i++) {
        const Hr__Workflow__PersonRoles *pr = r->people[i];
        Hr__Analytics__DirectoryRoles d = HR__ANALYTICS__DIRECTORY_ROLES__INIT;
        d.employee_no = pr->employee_no;
        d.roles = pr->roles;
        d.n_roles = pr->n_roles < AN_ROLES_MAX ? pr->n_roles : (size_t)AN_ROLES_MAX;
        d.left_ms = pr->left_ms; // from then on none of the roles counts (an_auth_check)
        // The reporting line (an_line_reaches): a number that is no clean id links to nobody.
        d.manager_no = an_id_is_clean(pr->manager_no) ? pr->manager_no : "";
        // The keys of the protected statuses (LCL 42): the warnings and comparisons leave the
        // person out (an_query.c). A key that is no clean id is kept as "LCL 42" all the same.
        d.protected_statuses =
            hr_arena_alloc(arena, (AN_STATUSES_MAX + 1) * sizeof *d.protected_statuses);
        for (size_t k = 0; k < pr->n_protected_statuses && k < AN_STATUSES_MAX; k++)
            d.protected_statuses[d.n_protected_statuses++] =
                an_id_is_clean(pr->protected_statuses[k]) && *pr->protected_statuses[k]
                    ? pr->protected_statuses[k]
                    : "unknown";
        d.at_ms = r->at_ms ? r->at_ms : ev->at_ms;
        d.seq = ev->seq;
        rc = an_store_roles_put(txn, &d);
        if (rc == HR_EINVAL) {
            bad++; // no id a caller can name: nobody to give the roles to
            rc = HR_OK;
        } else if (!rc) {
            put++;
        }
    }
    if (bad)
        hr_error("roles.skipped", "seq=%llu people=%zu reason=no usable employee_no",
                 (unsigned long long)ev->seq, bad);
    if (rc)
        hr_error("roles.event_bad", "seq=%llu rc=%s", (unsigned long long)ev->seq, hr_rc_name(rc));
    else
        hr_info("people.roles", "seq=%llu people=%zu", (unsigned long long)ev->seq, put);
    hr_arena_destroy(&arena);
    return rc;
}

// The case's manager now (CaseReassigned). HR_EIO when the body does not decode.
static hr_rc_t s_reassigned(hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    hr_arena_t *arena = hr_arena_new(1024);
    Hr__Analytics__CaseStat *c = NULL;
    hr_rc_t rc = HR_OK;
    Hr__Workflow__CaseReassigned *r = (Hr__Workflow__CaseReassigned *)protobuf_c_message_unpack(
        &hr__workflow__case_reassigned__descriptor, hr_arena_pb_allocator(arena), ev->body.len,
        ev->body.data);
    if (!r) {
        rc = HR_EIO;
        hr_error("metrics.event_bad", "seq=%llu type=%s rc=%s", (unsigned long long)ev->seq,
                 ev->type, hr_rc_name(rc));
    } else if (!*r->manager_no || !an_id_is_clean(r->manager_no)) {
        hr_error("case.manager_skipped", "seq=%llu case=%s reason=no usable manager_no",
                 (unsigned long long)ev->seq, an_id_is_clean(r->case_id) ? r->case_id : "?");
    } else if ((rc = an_store_case_get(txn, r->case_id, arena, &c)) == HR_ENOTFOUND ||
               rc == HR_EINVAL) {
        rc = HR_OK; // never seen opened (or no id): nothing counted, nothing to move
        hr_warn("case.manager_unknown_case", "seq=%llu case=%s manager=%s",
                (unsigned long long)ev->seq, an_id_is_clean(r->case_id) ? r->case_id : "?",
                r->manager_no);
    } else if (!rc && strcmp(c->manager_no, r->manager_no)) {
        hr_info("case.manager", "seq=%llu case=%s manager=%s previous=%s",
                (unsigned long long)ev->seq, c->case_id, r->manager_no, c->manager_no);
        c->manager_no = r->manager_no;
        rc = an_store_case_put(txn, c);
    }
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t an_events_apply(void *arg, hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    HR_UNUSED(arg);
    uint64_t until = 0;
    hr_rc_t rc = an_store_roles_replay_until(txn, &until);
    if (!rc && until && ev->seq >= until)
        rc = an_store_roles_replay_clear(txn); // read past the old cursor: the replay ends here
    if (rc)
        return rc;
    if (!strcmp(ev->type, "workflow.RolesChanged"))
        return s_roles(txn, ev);
    if (!strcmp(ev->type, "workflow.CaseReassigned"))
        return s_reassigned(txn, ev); // also read again: the stores before schema 13 lack it
    if (!strcmp(ev->type, "workflow.SubmitRefused"))
        return an_metrics_refused(txn, ev); // also read again (schema 14), counted once by seq
    if (ev->seq <= until && !strcmp(ev->type, "workflow.CaseReturned"))
        return an_metrics_returned(txn, ev); // its reasons alone (schema 15), kept once by seq
    if (ev->seq <= until && !strcmp(ev->type, "workflow.StepCompleted"))
        return an_metrics_submitted(txn, ev); // a pass after a refusal (schema 14) alone
    if (ev->seq <= until)
        return HR_OK; // applied before the upgrade; read again for the roles and hand-overs only
    return an_metrics_apply(txn, ev);
}
