/*  ev_events - what the evidence service learns from the workflow (hr_consumer, source
 *  "workflow"), applied in the consumer's batch transaction together with its cursor, so each
 *  event counts exactly once and nothing is learnt twice after a crash.
 *
 *  - workflow.CaseOpened: the case's people (employee, manager, whoever opened it, the
 *    employee's managers up the line at open) go on the case's row. They may then read, and so
 *    sign, the case's records (the employee only the kinds in access/employee_kinds), without
 *    HR passing files around. Audited as case_people.
 *  - workflow.CaseClosed (agreement signed, notice served, withdrawn): the retention clock of
 *    every record of the case starts at the close (LCL Art. 50), as evidence.CloseCase does;
 *    an earlier close HR recorded by hand stands. Audited as case_closed.
 *
 *  An event that cannot be understood (a body that does not unpack, a case id that is not one)
 *  is logged and passed over: holding the cursor on it would stop every later event.
 */
#include "ev.h"
#include "workflow.pb-c.h"

#define EV_LINE_MAX 32 // managers kept per case (the workflow follows at most WF_CHAIN_MAX)

static hr_rc_t s_opened(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                        const Hr__Workflow__CaseOpened *e)
{
    Hr__Evidence__CaseInfo *c = NULL;
    hr_rc_t rc = ev_store_case_get(txn, e->case_id, arena, &c);
    if (rc == HR_ENOTFOUND) {
        c = hr_arena_alloc(arena, sizeof *c);
        hr__evidence__case_info__init(c);
        c->case_id = e->case_id;
    } else if (rc) {
        return rc;
    }
    c->employee_no = e->employee_no;
    c->manager_no = e->manager_no;
    c->opened_by = e->opened_by;
    c->n_reporting_line =
        e->n_reporting_line < EV_LINE_MAX ? e->n_reporting_line : (size_t)EV_LINE_MAX;
    c->reporting_line = e->reporting_line;
    c->opened_ms = e->at_ms;
    rc = ev_store_case_put(txn, c);
    if (rc)
        return rc;
    char *line = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < c->n_reporting_line; i++)
        line = hr_arena_fmt(arena, "%s%s%s", line, i ? "," : "", c->reporting_line[i]);
    ev_audit_t a = {.actor = "workflow",
                    .action = "case_people",
                    .case_id = e->case_id,
                    .detail = hr_arena_fmt(arena, "employee=%s manager=%s opened_by=%s line=%s",
                                           c->employee_no, c->manager_no, c->opened_by, line)};
    rc = ev_store_audit(txn, hr_clock_now_ms(self->clock), &a, NULL);
    if (!rc)
        hr_info("case.people", "case=%s employee=%s manager=%s", e->case_id, e->employee_no,
                e->manager_no);
    return rc;
}

hr_rc_t ev_events_apply(void *server, hr_txn_t *txn, const Hr__Sys__Event *ev)
{
    ev_server_t *self = server;
    bool opened = !strcmp(ev->type, "workflow.CaseOpened");
    bool closed = !strcmp(ev->type, "workflow.CaseClosed");
    if (!opened && !closed)
        return HR_OK; // the rest of the workflow's story is not this service's
    hr_arena_t *arena = hr_arena_new(4096);
    ProtobufCAllocator *pa = hr_arena_pb_allocator(arena);
    hr_rc_t rc = HR_OK;
    const char *case_id = NULL;
    Hr__Workflow__CaseOpened *o = NULL;
    Hr__Workflow__CaseClosed *c = NULL;
    if (opened) {
        o = hr__workflow__case_opened__unpack(pa, ev->body.len, ev->body.data);
        case_id = o ? o->case_id : NULL;
    } else {
        c = hr__workflow__case_closed__unpack(pa, ev->body.len, ev->body.data);
        case_id = c ? c->case_id : NULL;
    }
    if (!case_id || !hr_id_is_valid(case_id) || (c && c->at_ms <= 0)) {
        hr_warn("events.skipped", "type=%s seq=%llu reason=\"malformed\"", ev->type,
                (unsigned long long)ev->seq);
        goto out;
    }
    if (o) {
        rc = s_opened(self, txn, arena, o);
    } else {
        uint32_t scheduled = 0;
        rc = ev_case_close(self, txn, arena, case_id, c->at_ms, true, "workflow",
                           hr_clock_now_ms(self->clock), &scheduled, NULL);
        if (!rc)
            hr_info("case.closed", "case=%s outcome=%s scheduled=%u", case_id, c->outcome,
                    scheduled);
    }
    self->head_stale = true; // the tick reads the chain head again after this batch commits
out:
    hr_arena_destroy(&arena);
    return rc;
}
