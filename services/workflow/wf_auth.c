/*  wf_auth - who may see a case, on the envelope's actor (DESIGN.md 7).
 *
 *  The gateway sets the actor after authentication; hrctl acts as "operator". The roles an
 *  actor claims are not taken as they come (wf_auth_actor): for a person in the directory the
 *  roles that open HR's doors (hr, hr_head, legal) count only when their directory entry holds
 *  them too; "operator" counts only for the operator itself (user id "operator", hrctl's own
 *  identity: hr_actor_is_operator), never for a person who claims it; an actor the directory
 *  does not know keeps nothing else. HR, legal (the company's legal reviewer, who prepares the
 *  hearing of any case) and the operator see every case. A manager sees
 * the cases they opened and the cases of people in their reporting line (so a superior sees what is
 * escalated to them); whoever a step was sent to (an approver) sees that case. The employee
 * concerned never sees the case through this service, whatever roles their account holds - but
 * once invited to its interview they read that meeting (wf_case_for_employee: its date, time and
 * place, or that it is off), and nothing else of it.
 * Reading is not deciding: legal records and updates a dispute and renders the closing documents
 * to read them, but never opens, reviews, prepares, withdraws a case or records its outcome, and
 * never stores a document as evidence (HR's act: wf_auth_may_render).
 * Protected- status facts (pregnancy, medical treatment, ...) are HR's alone: findings about them
 * reach everyone else as a generic "a statutory protection applies". Wages and the amounts
 * computed from them (severance, notice pay, the 2N exposure, the wage base, a dispute's amount)
 * are for HR, legal and the operator: anyone else reads the case without them, flagged
 * money_hidden, so a screen says "visible to HR only" rather than 0.00. Pure.
 */
#include "wf.h"

// Roles that only the directory can give a person.
static const char *const s_directory_roles[] = {"hr", "hr_head", "legal"};

static bool s_person_has_role(const Hr__Workflow__Person *p, const char *role)
{
    for (size_t i = 0; i < p->n_roles; i++)
        if (!strcmp(p->roles[i], role))
            return true;
    return false;
}

static bool s_role_counts(const Hr__Actor *claimed, const char *role, const Hr__Workflow__Person *p)
{
    if (!strcmp(role, "operator"))
        return hr_actor_is_operator(claimed); // hrctl's identity, never a person's claim
    if (!p)
        return false;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_directory_roles); i++)
        if (!strcmp(role, s_directory_roles[i]))
            return s_person_has_role(p, role);
    return true; // manager, employee, ...: they open no door by themselves
}

Hr__Actor *wf_auth_actor(const Hr__Actor *claimed, const Hr__Workflow__Person *p, hr_arena_t *arena)
{
    Hr__Actor *a = hr_arena_alloc(arena, sizeof *a);
    hr__actor__init(a);
    a->user_id = hr_arena_strdup(arena, claimed->user_id ? claimed->user_id : "");
    a->department_id = hr_arena_strdup(arena, claimed->department_id ? claimed->department_id : "");
    a->roles = hr_arena_alloc(arena, (claimed->n_roles + 1) * sizeof *a->roles);
    for (size_t i = 0; i < claimed->n_roles; i++)
        if (claimed->roles[i] && s_role_counts(claimed, claimed->roles[i], p))
            a->roles[a->n_roles++] = hr_arena_strdup(arena, claimed->roles[i]);
    return a;
}

bool wf_actor_is_hr(const Hr__Actor *a)
{
    return hr_actor_has_role(a, "operator") || hr_actor_has_role(a, "hr") ||
           hr_actor_has_role(a, "hr_head");
}

bool wf_actor_is_legal(const Hr__Actor *a)
{
    return a && hr_actor_has_role(a, "legal");
}

bool wf_auth_reads_all(const Hr__Actor *a)
{
    return wf_actor_is_hr(a) || wf_actor_is_legal(a);
}

bool wf_auth_may_dispute(const Hr__Actor *a)
{
    return wf_auth_reads_all(a);
}

bool wf_auth_may_render(const Hr__Actor *a, bool store)
{
    return wf_actor_is_hr(a) || (!store && wf_actor_is_legal(a));
}

bool wf_auth_roles_equal(const Hr__Workflow__Person *a, const Hr__Workflow__Person *b)
{
    for (size_t i = 0; i < a->n_roles; i++)
        if (!s_person_has_role(b, a->roles[i]))
            return false;
    for (size_t i = 0; i < b->n_roles; i++)
        if (!s_person_has_role(a, b->roles[i]))
            return false;
    return true;
}

bool wf_auth_can_read(const Hr__Actor *a, const Hr__Workflow__Case *c, const char *const *chain,
                      size_t nchain)
{
    const char *me = a->user_id ? a->user_id : "";
    if (*me && !strcmp(me, c->employee_no))
        return false; // whatever roles they claim
    if (wf_auth_reads_all(a))
        return true;
    if (!*me)
        return false;
    if (!strcmp(me, c->manager_no) || !strcmp(me, c->opened_by))
        return true;
    for (size_t i = 0; i < nchain; i++)
        if (chain[i] && !strcmp(chain[i], me))
            return true;
    // Whoever a step was sent to (an approver) reads the case it belongs to.
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (st->owner_no && !strcmp(st->owner_no, me) &&
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING)
            return true;
    }
    return false;
}

#define S_STATUS_PREFIX "employee.status."

bool wf_finding_is_protected(const Hr__Workflow__Finding *f)
{
    return f && f->fact && !strncmp(f->fact, S_STATUS_PREFIX, strlen(S_STATUS_PREFIX));
}

Hr__Workflow__Finding *wf_finding_for(const Hr__Actor *a, Hr__Workflow__Finding *f,
                                      hr_arena_t *arena)
{
    if ((a && wf_actor_is_hr(a)) || !wf_finding_is_protected(f))
        return f;
    Hr__Workflow__Finding *g = hr_arena_alloc(arena, sizeof *g);
    hr__workflow__finding__init(g);
    g->severity = f->severity;
    g->code = "PROTECTED_STATUS";
    g->article = "LCL 42";
    g->fact = "employee.status";
    g->message_zh = "存在法定保护情形（劳动合同法第42条），详情仅 HR 可见。请与 HR 联系。";
    g->message_en = "A statutory protection applies (LCL Art. 42); the details are visible to HR "
                    "only. Talk to HR.";
    return g;
}

bool wf_actor_sees_money(const Hr__Actor *a)
{
    return a && (wf_actor_is_hr(a) || hr_actor_has_role(a, "legal"));
}

#define S_AMOUNT ", amount "
#define S_YUAN " yuan"

// A dispute's history note without its amount: "..., amount 208000.00 yuan; ..." keeps its
// words and loses the figure (wf_dispute_note writes it so).
static char *s_note_without_amount(const char *note, hr_arena_t *arena)
{
    const char *at = strstr(note, S_AMOUNT);
    const char *end = at ? strstr(at, S_YUAN) : NULL;
    if (!end)
        return NULL;
    return hr_arena_fmt(arena, "%.*s, amount visible to HR only%s", (int)(at - note), note,
                        end + strlen(S_YUAN));
}

// The money of a case, left out for a reader who may not see wages: copies, so the stored
// record the caller may still hold is not touched.
static void s_hide_money(Hr__Workflow__Case *c, hr_arena_t *arena)
{
    if (c->assessment) {
        Hr__Workflow__Assessment *a = hr_arena_alloc(arena, sizeof *a);
        *a = *c->assessment;
        a->severance_fen = a->notice_pay_fen = 0;
        a->unlawful_compensation_fen = a->wage_base_fen = 0;
        // The Art. 47 basis too: whether the wage was capped (the cap is the public local
        // average), the units and the pre-2008 part give the severance back.
        a->wage_capped = false;
        a->service_half_units = 0;
        a->severance_pre2008_fen = 0;
        c->assessment = a;
    }
    if (c->dispute) {
        Hr__Workflow__Dispute *d = hr_arena_alloc(arena, sizeof *d);
        *d = *c->dispute;
        d->amount_fen = 0;
        c->dispute = d;
    }
    Hr__Workflow__HistoryEntry **list = NULL;
    for (size_t i = 0; i < c->n_history; i++) {
        char *note = strcmp(c->history[i]->action, "dispute_recorded")
                         ? NULL
                         : s_note_without_amount(c->history[i]->note, arena);
        if (!note)
            continue;
        if (!list) {
            list = hr_arena_alloc(arena, (c->n_history + 1) * sizeof *list);
            memcpy(list, c->history, c->n_history * sizeof *list);
        }
        Hr__Workflow__HistoryEntry *h = hr_arena_alloc(arena, sizeof *h);
        *h = *c->history[i];
        h->note = note;
        list[i] = h;
    }
    if (list)
        c->history = list;
    c->money_hidden = true;
}

void wf_case_redact(const Hr__Actor *a, Hr__Workflow__Case *c, hr_arena_t *arena)
{
    if (!wf_actor_sees_money(a))
        s_hide_money(c, arena);
    if (wf_actor_is_hr(a) || !c->assessment)
        return;
    Hr__Workflow__Assessment *as = hr_arena_alloc(arena, sizeof *as);
    *as = *c->assessment;
    as->findings = hr_arena_alloc(arena, (as->n_findings + 1) * sizeof *as->findings);
    for (size_t i = 0; i < as->n_findings; i++)
        as->findings[i] = wf_finding_for(a, c->assessment->findings[i], arena);
    c->assessment = as;
}

bool wf_auth_is_employee(const Hr__Actor *a, const Hr__Workflow__Case *c)
{
    return a && a->user_id && *a->user_id && !strcmp(a->user_id, c->employee_no);
}

Hr__Workflow__Case *wf_case_for_employee(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    if (!c->interview)
        return NULL;
    Hr__Workflow__Case *v = hr_arena_alloc(arena, sizeof *v);
    hr__workflow__case__init(v);
    v->id = c->id;
    v->employee_no = c->employee_no;
    v->state = c->state;
    v->employee_view = true;
    Hr__Workflow__Interview *iv = hr_arena_alloc(arena, sizeof *iv);
    hr__workflow__interview__init(iv);
    iv->date = c->interview->date;
    iv->time = c->interview->time;
    iv->place = c->interview->place;
    iv->cancelled =
        c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN && !wf_tell_interview_held(c);
    v->interview = iv;
    return v;
}
