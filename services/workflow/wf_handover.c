/*  wf_handover - a case handed on: by HR (ReassignCase) or by the system when its manager or a
 *  step's owner has left (the directory's left_date).
 *
 *  Both ways share every piece here, inside the caller's one write transaction: who takes a case
 *  whose manager left (the first up the employee's line who has not: wf_handover_line), whether
 *  someone may take it (wf_handover_fit), every active step given to whoever owes it now with a
 *  fresh ladder and the new owner told (wf_handover_steps), and the history entry and the
 *  workflow.CaseReassigned event hr-evidence follows (wf_handover_record). The system's hand-over
 *  (wf_handover_leaver) moves only what someone who has left holds, so it is idempotent: once
 *  moved, nobody who has left holds anything, and a case HR already handed on holds nothing to
 *  move. HR, who did not decide it, is told (case_handed_on). Nobody fit (nobody up the line
 *  still here, or the one there may not take it): the case stays as it is, listed (owner_left)
 *  and counted (steps_owner_left), and the caller logs why.
 */
#include "wf.h"

hr_rc_t wf_handover_line(const wf_handover_t *h, const char *employee_no, const char **no,
                         const Hr__Workflow__Person **passed)
{
    const char *chain[WF_CHAIN_MAX];
    size_t n = 0;
    *no = "";
    *passed = NULL;
    hr_rc_t rc = wf_effects_chain(h->txn, h->arena, employee_no, chain, WF_CHAIN_MAX, &n);
    for (size_t i = 0; !rc && i < n && !**no; i++) {
        Hr__Workflow__Person *p = NULL;
        rc = wf_store_person_get(h->txn, chain[i], h->arena, &p);
        if (rc == HR_ENOTFOUND) // not in the directory: nobody records them leaving
            rc = HR_OK;
        if (rc)
            break;
        if (!wf_person_has_left(p, h->now_ms))
            *no = chain[i];
        else if (!*passed)
            *passed = p;
    }
    return rc;
}

hr_rc_t wf_handover_fit(const wf_handover_t *h, const Hr__Workflow__Case *c,
                        const Hr__Workflow__Person *p, const char **why, const char **zh)
{
    const char *unused = NULL;
    zh = zh ? zh : &unused;
    *why = NULL;
    *zh = NULL;
    if (wf_person_has_left(p, h->now_ms)) {
        *zh = hr_arena_fmt(h->arena,
                           "%s 已于 %s 离职（人员名册的 left_date）：案件只能交给在职人员"
                           "（manager_no）。",
                           p->employee_no, p->left_date);
        *why = hr_arena_fmt(h->arena,
                            "manager_no: %s left on %s (the directory's left_date): a case "
                            "goes to someone who works here",
                            p->employee_no, p->left_date);
        return HR_OK;
    }
    // A superior of the employee as the directory stands, never someone being dismissed
    // (wf_owner_reassign_why): a typo must not hand the case and its evidence to a colleague.
    const char *line[WF_CHAIN_MAX];
    size_t nline = 0;
    char *open_id = "";
    hr_rc_t rc = wf_effects_chain(h->txn, h->arena, c->employee_no, line, WF_CHAIN_MAX, &nline);
    if (!rc)
        rc = wf_store_case_open_id(h->txn, p->employee_no, h->arena, &open_id);
    if (rc)
        return rc;
    *why = wf_owner_reassign_why(c->employee_no, p, line, nline, open_id, h->arena, zh);
    if (*why)
        return HR_OK;
    // A superior's approval still to come needs a superior, as at OpenCase: with nobody above
    // the new manager it would belong to nobody.
    bool approval_ahead = false;
    for (size_t i = 0; i < c->n_steps; i++)
        approval_ahead |= c->steps[i]->owner == HR__WORKFLOW__OWNER__OWNER_SUPERIOR &&
                          c->wants_superior_approval &&
                          (c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING ||
                           c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE);
    const char *sup[1] = {""};
    size_t nsup = 0;
    if (approval_ahead)
        rc = wf_effects_chain(h->txn, h->arena, p->employee_no, sup, 1, &nsup);
    if (!rc && approval_ahead && !nsup) {
        *zh = hr_arena_fmt(h->arena,
                           "%s 没有上级，而本案还需要上级审批（manager_no）：请改选有上级的人员。",
                           p->employee_no);
        *why = hr_arena_fmt(h->arena,
                            "manager_no: %s has no superior, and this case asks for a "
                            "superior's approval",
                            p->employee_no);
    }
    return rc;
}

// Whether no is someone the directory records as having left by now_ms.
static bool s_has_left(const wf_handover_t *h, const char *no)
{
    Hr__Workflow__Person *p = NULL;
    return no && *no && !wf_store_person_get(h->txn, no, h->arena, &p) &&
           wf_person_has_left(p, h->now_ms);
}

hr_rc_t wf_handover_steps(const wf_handover_t *h, Hr__Workflow__Case *c, const char *prev,
                          bool only_left, char **moved_out)
{
    // A step that changes hands starts its ladder again from now (wf_owner_handed_on): the new
    // owner is never told a deadline, nor escalated for lateness, from before they had it.
    int32_t iv_day = 0;
    const int32_t *interview_day =
        c->interview && hr_date_parse(c->interview->date, &iv_day) ? &iv_day : NULL;
    char *moved = hr_arena_strdup(h->arena, "");
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; !rc && i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        if (st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
            continue;
        const char *before = st->owner_no;
        if (only_left && !s_has_left(h, before))
            continue;
        rc = wf_effects_resolve_owner(h->txn, h->arena, c, (int)i, h->now_ms);
        if (rc || !strcmp(before, st->owner_no))
            continue;
        wf_owner_handed_on(st, interview_day, h->time, h->now_ms);
        char due[HR_DATE_LEN] = "";
        if (st->due_ms)
            hr_date_format(hr_day_of_ms(st->due_ms - 1, h->time->tz_offset_min), due);
        moved = hr_arena_fmt(h->arena, "%s; %s %s -> %s%s%s%s", moved, st->key,
                             *before ? before : "-", *st->owner_no ? st->owner_no : "-",
                             *due ? " (due " : "", due, *due ? ", escalation restarted)" : "");
        const char *to[1] = {st->owner_no};
        if (*st->owner_no)
            rc = wf_effects_notify(h->txn, h->arena, c, WF_TPL_STEP_ASSIGNED, st, 0, to, 1, NULL, 0,
                                   h->time, h->now_ms, NULL, NULL);
        // The interview's new owner attends it: they get its day, hour and place, as the
        // manager it was scheduled with did.
        if (!rc && *st->owner_no && interview_day && !strcmp(st->key, WF_STEP_INTERVIEW))
            rc = wf_effects_notify(h->txn, h->arena, c, WF_TPL_INTERVIEW, st, 0, to, 1, NULL, 0,
                                   h->time, h->now_ms, "interview",
                                   hr_arena_fmt(h->arena, "%s %s %s", c->interview->date,
                                                c->interview->time, c->interview->place));
    }
    if (rc)
        return rc;
    // The interview is confirmed by the manager who attends it: the replaced one's confirmation
    // lapses, and the new manager confirms for themselves (ConfirmInterview).
    if (wf_owner_manager_replaced(c, prev))
        moved = hr_arena_fmt(h->arena, "%s; interview: %s's confirmation lapses, %s confirms",
                             moved, prev, c->manager_no);
    *moved_out = moved;
    return HR_OK;
}

// The people up both lines (the employee's managers, then the manager's), each once.
static hr_rc_t s_lines(const wf_handover_t *h, const Hr__Workflow__Case *c, char ***out, size_t *n)
{
    const char **a = hr_arena_alloc(h->arena, 2 * WF_CHAIN_MAX * sizeof *a);
    size_t na = 0, nb = 0;
    hr_rc_t rc = wf_effects_chain(h->txn, h->arena, c->employee_no, a, WF_CHAIN_MAX, &na);
    if (!rc)
        rc = wf_effects_chain(h->txn, h->arena, c->manager_no, a + na, WF_CHAIN_MAX, &nb);
    *n = 0;
    for (size_t i = 0; !rc && i < na + nb; i++) {
        bool seen = false;
        for (size_t j = 0; j < *n && !seen; j++)
            seen = !strcmp(a[j], a[i]);
        if (!seen)
            a[(*n)++] = a[i];
    }
    *out = (char **)a;
    return rc;
}

hr_rc_t wf_handover_record(const wf_handover_t *h, Hr__Workflow__Case *c, const char *prev,
                           const char *passed, const char *moved, const char *reason)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    wf_case_history(c, h->arena, h->now_ms, h->by, "reassigned", cur ? cur->key : "",
                    hr_arena_fmt(h->arena, "manager %s -> %s%s%s: %s", prev, c->manager_no, passed,
                                 moved, reason),
                    h->msg_id);
    Hr__Workflow__CaseReassigned ev = HR__WORKFLOW__CASE_REASSIGNED__INIT;
    ev.case_id = c->id;
    ev.manager_no = c->manager_no;
    ev.previous_manager_no = (char *)prev;
    ev.at_ms = h->now_ms;
    hr_rc_t rc = s_lines(h, c, &ev.reporting_line, &ev.n_reporting_line);
    if (!rc)
        rc = wf_store_event_append(h->txn, "workflow.CaseReassigned", &ev.base, h->msg_id,
                                   h->now_ms);
    return rc;
}

// The first active step someone who has left still holds, or NULL.
static const Hr__Workflow__CaseStep *s_left_step(const wf_handover_t *h,
                                                 const Hr__Workflow__Case *c)
{
    for (size_t i = 0; i < c->n_steps; i++)
        if (c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE &&
            s_has_left(h, c->steps[i]->owner_no))
            return c->steps[i];
    return NULL;
}

hr_rc_t wf_handover_leaver(const wf_handover_t *h, Hr__Workflow__Case *c, bool *changed,
                           const char **why_not)
{
    *changed = false;
    *why_not = NULL;
    // Where HR could reassign it (an open case, a closed one's duties); nowhere else.
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    wf_move_t move;
    if (wf_steps_decide(c->state, cur ? cur->key : "", WF_ACT_REASSIGN, &move))
        return HR_OK;
    const char *prev = c->manager_no, *passed = "", *reason = NULL;
    const Hr__Workflow__Person *gone = NULL; // who left, named to HR
    Hr__Workflow__Person *was = NULL;
    hr_rc_t rc = HR_OK;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        !wf_store_person_get(h->txn, c->manager_no, h->arena, &was) &&
        wf_person_has_left(was, h->now_ms)) {
        // As ReassignCase without a manager named: the first up the employee's line who has
        // not left, when they may take it.
        const char *to_no = "";
        const Hr__Workflow__Person *passed_over = NULL;
        rc = wf_handover_line(h, c->employee_no, &to_no, &passed_over);
        Hr__Workflow__Person *p = NULL;
        if (!rc && !*to_no)
            *why_not = hr_arena_fmt(h->arena, "nobody up %s's line is still here", c->employee_no);
        else if (!rc)
            rc = wf_store_person_get(h->txn, to_no, h->arena, &p);
        if (!rc && p)
            rc = wf_handover_fit(h, c, p, why_not, NULL);
        if (rc)
            return rc;
        if (p && !*why_not) {
            c->manager_no = p->employee_no;
            passed = hr_arena_fmt(h->arena,
                                  " (%s left on %s: the first on the employee's line who has "
                                  "not left)",
                                  was->employee_no, was->left_date);
        }
        reason = hr_arena_fmt(h->arena, "manager %s left on %s (the directory's left_date)",
                              was->employee_no, was->left_date);
        gone = was;
    }
    const Hr__Workflow__CaseStep *left = s_left_step(h, c);
    Hr__Workflow__Person *owner = NULL;
    if (!reason && left && !wf_store_person_get(h->txn, left->owner_no, h->arena, &owner)) {
        reason = hr_arena_fmt(h->arena, "%s (%s) left on %s (the directory's left_date)",
                              owner->employee_no, left->key, owner->left_date);
        gone = owner;
    }
    if (!reason)
        return HR_OK; // nobody who has left holds anything here
    char *moved = NULL;
    rc = wf_handover_steps(h, c, prev, true, &moved);
    if (rc)
        return rc;
    if (!strcmp(prev, c->manager_no) && !*moved) {
        if (!*why_not)
            *why_not = "nobody else owes the step";
        return HR_OK;
    }
    rc = wf_handover_record(h, c, prev, passed, moved, reason);
    // HR did not decide it: they are told what moved, and may hand it elsewhere.
    if (!rc)
        rc = wf_effects_handed_on(h->txn, h->arena, c, gone->employee_no, gone->left_date,
                                  *moved ? moved + 2 : "-", h->time, h->now_ms);
    if (rc)
        return rc;
    c->version++;
    *changed = true;
    return HR_OK;
}
