/*  wf_auth - who may see a case, on the envelope's actor (DESIGN.md 7).
 *
 *  The gateway sets the actor after authentication; hrctl acts as "operator". The roles an
 *  actor claims are not taken as they come (wf_auth_actor): for a person in the directory the
 *  roles that open HR's doors (hr, hr_head, legal) count only when their directory entry holds
 *  them too; "operator" counts only for the operator itself (user id "operator", hrctl's own
 *  identity: hr_actor_is_operator), never for a person who claims it; an actor the directory
 *  does not know keeps nothing else. HR, legal (the company's legal reviewer, who prepares the
 *  hearing of any case) and the operator see every case. A manager sees
 * the cases they manage now (a manager HR replaced, or who opened the case and was replaced, is
 * outside it) and the cases of people in their reporting line - the case's employee's, or its
 * manager's: the line wf_effects_case_line computes (so a superior sees what is escalated to
 * them, also once the employee has moved to another team); whoever a step was sent to (an approver)
 * sees that case. A person the directory records as having left (left_ms passed) is nobody:
 * wf_person_has_left - but for their own case's read log, as its employee (wf_auth_leaver). The
 * employee concerned never sees the case through this service, whatever roles their account holds -
 * but once invited to its interview they read that meeting (wf_case_for_employee: its date, time
 * and place, or that it is off) and their own wage as the case's money is computed from it
 * (employee_wage: the only wage-derived figure a non-HR reader but payroll gets); once the case
 * reached them (the outcome recorded) what it decided of them - ground, days, amounts, payments,
 * the certificate and transfer duties, the arbitration limit - and nothing else of it. Reading
 * is not deciding: legal records and
 * updates a dispute and renders the closing documents to read them, but never opens, reviews,
 * prepares, withdraws a case or records its outcome, and never stores a document as evidence (HR's
 * act: wf_auth_may_render). Legal attaches to the case file the records hr-evidence lets legal
 * upload under a case - other (their memos) and agreement
 * - and nothing else (wf_auth_may_attach).
 * Protected- status facts (pregnancy, medical treatment, ...) are HR's alone: findings about them
 * reach everyone else as a generic "a statutory protection applies". Wages and the amounts
 * computed from them (severance, notice pay, the 2N exposure, the wage base, a dispute's amount)
 * are for HR, legal and the operator: anyone else reads the case without them, flagged
 * money_hidden, so a screen says "visible to HR only" rather than 0.00. So are why a case was
 * withdrawn or rescinded and legal's dispute notes (often a protected status, PIPL Art. 28):
 * anyone else but who wrote them reads them withheld, with whom to ask. A case's read log (who
 * read it) is for HR, legal and the operator, and for the employee concerned once the case has
 * reached them (PIPL Art. 45); a manager reads the case, not who else read it. The union (a
 * directory role: its chair or committee contact) reads and lists, of the cases of its own
 * union's people (the union of each one's branch, wf_branch_union) that the company must notify
 * it of (LCL 43: a union, and a ground the employer uses alone), those whose notice HR recorded
 * (wf_auth_union_reads: the employer's notice gives the union the case), and of them what the
 * notice tells it - the ground, HR's reviewed reasons, the dates and the union record
 * (wf_case_for_union, wf_case_summary_for_union) - and nothing else. The payroll office (a
 * directory role, payroll: the payroll or finance staff who pay) reads, lists and records the
 * payments of the cases whose outcome fixes money (wf_pay_money_fixed) - what the pay statement
 * prints: the employee, the amounts with their basis, the dates, the handover's day and the
 * payments (wf_case_for_payroll) - and nothing else: no evidence, findings, reasons, notes,
 * interview or history (least access, PIPL Art. 6).
 * Pure.
 */
#include "wf.h"

// Roles that only the directory can give a person.
static const char *const s_directory_roles[] = {"hr", "hr_head", "legal", "union", "payroll"};

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
    return hr_actor_is_operator(a) || hr_actor_has_role(a, "hr") || hr_actor_has_role(a, "hr_head");
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
    return wf_auth_read_as(a, c, chain, nchain) != NULL;
}

// hr_head, hr, legal or operator: the first a holds (wf_auth_reads_all), NULL when none.
static const char *s_reads_all_as(const Hr__Actor *a)
{
    static const char *const roles[] = {"hr_head", "hr", "legal", "operator"};
    for (size_t i = 0; i < HR_ARRAY_LEN(roles); i++)
        if (hr_actor_has_role(a, roles[i]))
            return roles[i];
    return NULL;
}

const char *wf_auth_read_as(const Hr__Actor *a, const Hr__Workflow__Case *c,
                            const char *const *chain, size_t nchain)
{
    const char *me = a->user_id ? a->user_id : "";
    if (*me && !strcmp(me, c->employee_no))
        return NULL; // whatever roles they claim
    if (wf_auth_reads_all(a))
        return s_reads_all_as(a);
    if (!*me)
        return NULL;
    // The manager now, not whoever opened it or managed it before a reassignment: HR handed the
    // case on, and a replaced manager is outside it (unless the directory still puts them on
    // the case's line, as any superior).
    if (!strcmp(me, c->manager_no))
        return "manager";
    for (size_t i = 0; i < nchain; i++)
        if (chain[i] && !strcmp(chain[i], me))
            return "superior";
    // Whoever a step was sent to (an approver) reads the case it belongs to; the manager's own
    // steps belong to the manager now (above), not to whoever owned them before.
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (st->owner_no && !strcmp(st->owner_no, me) &&
            st->owner != HR__WORKFLOW__OWNER__OWNER_MANAGER &&
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING)
            return "step_owner";
    }
    return NULL;
}

bool wf_auth_read_is_recorded(const Hr__Actor *claimed, const Hr__Workflow__Person *p)
{
    if (hr_actor_is_operator(claimed))
        return false;
    return p || !hr_actor_has_role(claimed, "service");
}

bool wf_auth_employee_told(const Hr__Workflow__Case *c)
{
    return (c->interview && c->interview->date && *c->interview->date) || c->outcome ||
           c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED ||
           c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
}

const char *wf_auth_reads_log_as(const Hr__Actor *a, const Hr__Workflow__Case *c)
{
    const char *me = a->user_id ? a->user_id : "";
    if (*me && !strcmp(me, c->employee_no))
        return wf_auth_employee_told(c) ? "employee" : NULL;
    return s_reads_all_as(a);
}

bool wf_auth_is_case_manager(const Hr__Actor *a, const Hr__Workflow__Case *c)
{
    const char *me = a->user_id ? a->user_id : "";
    return *me && strcmp(me, c->employee_no) && !strcmp(me, c->manager_no);
}

bool wf_auth_may_attach(const Hr__Actor *a, const Hr__Workflow__Case *c, law_evidence_kind_t kind)
{
    if (wf_actor_is_hr(a) || wf_auth_is_case_manager(a, c))
        return true;
    // Legal's own papers, as hr-evidence takes them from legal: not the employee's case.
    const char *me = a->user_id ? a->user_id : "";
    return wf_actor_is_legal(a) && *me && strcmp(me, c->employee_no) &&
           (kind == LAW_EVK_OTHER || kind == LAW_EVK_AGREEMENT);
}

// What still reaches a case once its outcome is recorded: the closing steps' proof - the notice
// letter and its service, the agreement (the outcome's, or a revocation's), the certificate, and
// other papers (the file's and social insurance's transfer receipts) - never evidence for the
// ground: the facts were decided at HR review, and the outcome rests on them.
static bool s_closing_kind(law_evidence_kind_t kind)
{
    return kind == LAW_EVK_NOTICE_LETTER || kind == LAW_EVK_AGREEMENT ||
           kind == LAW_EVK_TERMINATION_CERTIFICATE || kind == LAW_EVK_OTHER;
}

const char *wf_attach_refusal(const Hr__Actor *a, const Hr__Workflow__Case *c,
                              law_evidence_kind_t kind, hr_arena_t *arena, const char **zh)
{
    const char *unused = NULL;
    zh = zh ? zh : &unused;
    *zh = NULL;
    if (!c->outcome)
        return NULL;
    bool legals = wf_actor_is_legal(a) && (kind == LAW_EVK_OTHER || kind == LAW_EVK_AGREEMENT);
    bool agreed = c->outcome->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    if (!wf_actor_is_hr(a) && !legals) {
        *zh = hr_arena_fmt(arena,
                           "案件 %s 已记录%s结果（%s，%s 生效）：此后只有 HR 可以补充证据，"
                           "且只限结案步骤所需的证明（%s、协议、%s、其他送达材料）。请把材料"
                           "交给 HR 附上。",
                           c->id, wf_doc_ending_word(c, WF_DOC_ZH, false),
                           agreed ? "双方已签署协议"
                                  : hr_arena_fmt(arena, "%s劳动合同通知已送达",
                                                 wf_doc_ending_word(c, WF_DOC_ZH, false)),
                           c->outcome->effective_date, wf_doc_case_kind_zh(c, WF_DOC_NOTICE),
                           wf_doc_case_kind_zh(c, WF_DOC_CERTIFICATE));
        return hr_arena_fmt(arena,
                            "the outcome (%s, effective %s) is recorded: only HR attaches now, "
                            "and only the closing steps' proof",
                            c->outcome->kind ==
                                    HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED
                                ? "agreement_signed"
                                : "notice_served",
                            c->outcome->effective_date);
    }
    if (s_closing_kind(kind))
        return NULL;
    *zh = hr_arena_fmt(
        arena,
        "案件 %s 已记录%s结果：%s所依据的事实已在 HR 审核时认定，此后不再附加"
        "“%s”类证据；结案步骤所需的证明仍可附上（%s、%s、%s、%s）。",
        c->id, wf_doc_ending_word(c, WF_DOC_ZH, false), wf_doc_ending_word(c, WF_DOC_ZH, false),
        law_evidence_kind_zh(kind), law_evidence_kind_zh(LAW_EVK_NOTICE_LETTER),
        law_evidence_kind_zh(LAW_EVK_AGREEMENT),
        law_evidence_kind_zh(LAW_EVK_TERMINATION_CERTIFICATE), law_evidence_kind_zh(LAW_EVK_OTHER));
    return hr_arena_fmt(arena,
                        "the outcome is recorded: the facts were decided at HR review, so no %s "
                        "is attached after it; the closing steps' proof still is (notice_letter, "
                        "agreement, termination_certificate, other)",
                        law_evidence_kind_name(kind));
}

bool wf_person_has_left(const Hr__Workflow__Person *p, int64_t now_ms)
{
    return p && p->left_ms > 0 && now_ms >= p->left_ms;
}

Hr__Actor *wf_auth_leaver(const Hr__Workflow__Person *p, hr_arena_t *arena)
{
    Hr__Actor *a = hr_arena_alloc(arena, sizeof *a);
    hr__actor__init(a);
    a->user_id = hr_arena_strdup(arena, p && p->employee_no ? p->employee_no : "");
    a->department_id = hr_arena_strdup(arena, "");
    return a;
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
    g->message_zh = "存在法定保护情形（劳动合同法第四十二条），详情仅 HR 可见。请与 HR 联系。";
    g->message_en = "A statutory protection applies (LCL Art. 42); the details are visible to HR "
                    "only. Talk to HR.";
    // One that lasts until the retirement age (42(5)): there is no end to wait for.
    if (f->code && !strcmp(f->code, WF_CODE_LONG_SERVICE)) {
        g->message_zh = "存在法定保护情形（劳动合同法第四十二条），在员工达到法定退休年龄之前不会"
                        "消失，等待无益：请撤回本案（员工如有第三十九条规定的过错，可另行以该理由"
                        "申请）。详情仅 HR 可见。";
        g->message_en = "A statutory protection applies (LCL Art. 42) that does not end before the "
                        "statutory retirement age, so there is nothing to wait for: withdraw the "
                        "case (an LCL 39 ground stays possible where the employee is at such "
                        "fault). The details are visible to HR only.";
    }
    return g;
}

bool wf_actor_sees_money(const Hr__Actor *a)
{
    return a && (wf_actor_is_hr(a) || hr_actor_has_role(a, "legal"));
}

#define S_AMOUNT ", amount "
#define S_DISPUTE_NOTE "; note: " // wf_dispute_summary's
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
static Hr__Workflow__Assessment *s_assessment_without_money(const Hr__Workflow__Assessment *in,
                                                            hr_arena_t *arena)
{
    Hr__Workflow__Assessment *a = hr_arena_alloc(arena, sizeof *a);
    *a = *in;
    a->severance_fen = a->notice_pay_fen = 0;
    a->unlawful_compensation_fen = a->wage_base_fen = 0;
    // The Art. 47 basis too: whether the wage was capped (the cap is the public local
    // average), the units and the pre-2008 part give the severance back.
    a->wage_capped = false;
    a->service_half_units = 0;
    a->severance_pre2008_fen = 0;
    a->monthly_wage_fen = 0;
    a->average_wage_fen = 0;
    a->service_half_units_actual = 0;
    a->severance_half_units = a->severance_half_units_actual = 0;
    a->pre2008_years = a->pre2008_months = 0;
    a->pre2008_wage_fen = 0;
    return a;
}

// An assessment_changed note ("WHY | FIGURES", RecordOutcome) without its figures.
static char *s_note_without_figures(const char *note, hr_arena_t *arena)
{
    const char *at = strstr(note, "| ");
    if (!at)
        return NULL;
    return hr_arena_fmt(arena, "%.*s| figures visible to HR only", (int)(at - note), note);
}

// History entry i of c with its note replaced by note (arena), copied on write: the case's own
// entries stay as stored; *list is the copied list, made at the first replacement and set on c.
static void s_history_note(Hr__Workflow__Case *c, Hr__Workflow__HistoryEntry ***list, size_t i,
                           char *note, hr_arena_t *arena)
{
    if (!*list) {
        *list = hr_arena_alloc(arena, (c->n_history + 1) * sizeof **list);
        memcpy(*list, c->history, c->n_history * sizeof **list);
    }
    Hr__Workflow__HistoryEntry *copy = hr_arena_alloc(arena, sizeof *copy);
    *copy = *c->history[i];
    copy->note = note;
    (*list)[i] = copy;
}

static void s_hide_money(Hr__Workflow__Case *c, hr_arena_t *arena)
{
    if (c->assessment)
        c->assessment = s_assessment_without_money(c->assessment, arena);
    if (c->reviewed_assessment)
        c->reviewed_assessment = s_assessment_without_money(c->reviewed_assessment, arena);
    if (c->dispute) {
        Hr__Workflow__Dispute *d = hr_arena_alloc(arena, sizeof *d);
        *d = *c->dispute;
        d->amount_fen = 0;
        c->dispute = d;
    }
    // What was paid is the wage's figure again (wf_pay.c): the rows go, money_hidden says why.
    c->payments = NULL;
    c->n_payments = 0;
    Hr__Workflow__HistoryEntry **list = NULL;
    for (size_t i = 0; i < c->n_history; i++) {
        const char *action = c->history[i]->action;
        char *note = !strcmp(action, "dispute_recorded")
                         ? s_note_without_amount(c->history[i]->note, arena)
                     : !strcmp(action, "assessment_changed")
                         ? s_note_without_figures(c->history[i]->note, arena)
                         : NULL;
        if (note)
            s_history_note(c, &list, i, note, arena);
    }
    if (list)
        c->history = list;
    c->money_hidden = true;
}

static Hr__Workflow__Assessment *
s_findings_for(const Hr__Actor *a, const Hr__Workflow__Assessment *in, hr_arena_t *arena)
{
    Hr__Workflow__Assessment *as = hr_arena_alloc(arena, sizeof *as);
    *as = *in;
    as->findings = hr_arena_alloc(arena, (as->n_findings + 1) * sizeof *as->findings);
    for (size_t i = 0; i < as->n_findings; i++)
        as->findings[i] = wf_finding_for(a, in->findings[i], arena);
    return as;
}

// What HR or legal wrote of why a case was withdrawn or rescinded, and legal's dispute notes, as
// the manager and the superiors read it: withheld, with whom to ask (who wrote it). The text is
// often the employee's protected status ("员工怀孕（医院证明）": sensitive personal information,
// PIPL Art. 28), which the directory keeps HR-only; the withdrawal mail says the same.
static char *s_withheld(const char *who, hr_arena_t *arena)
{
    const char *ask = who && *who ? who : "HR";
    return hr_arena_fmt(arena,
                        "已记录在案件中（仅 HR 和法务可见），如需了解请联系 %s / kept in the case "
                        "record (HR and legal only); ask %s",
                        ask, ask);
}

// A dispute's history note (wf_dispute_summary) with legal's note, after "; note: ", withheld;
// NULL when it has none.
static char *s_note_without_dispute_note(const char *note, const char *who, hr_arena_t *arena)
{
    const char *at = note ? strstr(note, S_DISPUTE_NOTE) : NULL;
    if (!at)
        return NULL;
    return hr_arena_fmt(arena, "%.*s%s%s", (int)(at - note), note, S_DISPUTE_NOTE,
                        s_withheld(who, arena));
}

// A rescission's history note (wf_rescind_note: "...: REASON") with the reason withheld.
static char *s_note_without_rescind_reason(const char *note, const char *who, hr_arena_t *arena)
{
    const char *at = note ? strstr(note, "): ") : NULL;
    if (!at)
        return s_withheld(who, arena);
    return hr_arena_fmt(arena, "%.*s): %s", (int)(at - note), note, s_withheld(who, arena));
}

// Who wrote the case's last history entry of action ("" when none).
static const char *s_last_actor(const Hr__Workflow__Case *c, const char *action)
{
    const char *who = "";
    for (size_t i = 0; i < c->n_history; i++)
        if (!strcmp(c->history[i]->action, action))
            who = c->history[i]->actor;
    return who;
}

// Whether who wrote it is the reader (me): a manager who withdrew the case reads their own words.
static bool s_own(const char *who, const char *me)
{
    return *me && who && !strcmp(who, me);
}

// The reasons and notes a reader who is not HR or legal does not read (s_withheld), in copies:
// the stored record the caller may still hold is not touched. What the reader wrote stays.
static void s_hide_reasons(Hr__Workflow__Case *c, const char *me, hr_arena_t *arena)
{
    const char *withdrew = s_last_actor(c, "withdrawn");
    if (*c->withdraw_reason && !s_own(withdrew, me))
        c->withdraw_reason = s_withheld(withdrew, arena);
    if (c->rescission && *c->rescission->reason && !s_own(c->rescission->by, me)) {
        Hr__Workflow__Rescission *r = hr_arena_alloc(arena, sizeof *r);
        *r = *c->rescission;
        r->reason = s_withheld(*r->by ? r->by : s_last_actor(c, "rescinded"), arena);
        c->rescission = r;
    }
    if (c->dispute && *c->dispute->note && !s_own(s_last_actor(c, "dispute_recorded"), me)) {
        Hr__Workflow__Dispute *d = hr_arena_alloc(arena, sizeof *d);
        *d = *c->dispute;
        d->note = s_withheld(s_last_actor(c, "dispute_recorded"), arena);
        c->dispute = d;
    }
    Hr__Workflow__HistoryEntry **list = NULL;
    for (size_t i = 0; i < c->n_history; i++) {
        const Hr__Workflow__HistoryEntry *h = c->history[i];
        char *note = !*h->note || s_own(h->actor, me)  ? NULL
                     : !strcmp(h->action, "withdrawn") ? s_withheld(h->actor, arena)
                     : !strcmp(h->action, "rescinded")
                         ? s_note_without_rescind_reason(h->note, h->actor, arena)
                     : !strcmp(h->action, "dispute_recorded")
                         ? s_note_without_dispute_note(h->note, h->actor, arena)
                         : NULL;
        if (note)
            s_history_note(c, &list, i, note, arena);
    }
    if (list)
        c->history = list;
}

void wf_case_redact(const Hr__Actor *a, Hr__Workflow__Case *c, hr_arena_t *arena)
{
    if (!wf_actor_sees_money(a))
        s_hide_money(c, arena);
    if (!wf_auth_reads_all(a))
        s_hide_reasons(c, a && a->user_id ? a->user_id : "", arena);
    if (wf_actor_is_hr(a))
        return;
    if (c->assessment)
        c->assessment = s_findings_for(a, c->assessment, arena);
    if (c->reviewed_assessment)
        c->reviewed_assessment = s_findings_for(a, c->reviewed_assessment, arena);
}

bool wf_auth_is_employee(const Hr__Actor *a, const Hr__Workflow__Case *c)
{
    return a && a->user_id && *a->user_id && !strcmp(a->user_id, c->employee_no);
}

bool wf_auth_employee_reached(const Hr__Workflow__Case *c)
{
    return c->outcome && (*c->outcome->served_date || *c->outcome->effective_date);
}

// A duty's row as a reader outside HR gets it: which duty, its state and day done, its titles,
// and (due) its due time - never its owner, who did it or its notes.
static Hr__Workflow__CaseStep *s_duty_copy(const Hr__Workflow__CaseStep *st, bool due,
                                           hr_arena_t *arena)
{
    Hr__Workflow__CaseStep *d = hr_arena_alloc(arena, sizeof *d);
    hr__workflow__case_step__init(d);
    d->key = st->key;
    d->duty = true;
    d->state = st->state;
    d->due_ms = due ? st->due_ms : 0;
    d->done_date = st->done_date;
    d->title_zh = st->title_zh;
    d->title_en = st->title_en;
    return d;
}

// The duties the employee is owed at the end (LCL 50): the certificate and the transfer of their
// records and social insurance, each with its state, due day and the day done - not who owns
// it, who did it or its proof.
static void s_employee_duties(const Hr__Workflow__Case *c, Hr__Workflow__Case *v, hr_arena_t *arena)
{
    v->steps = hr_arena_alloc(arena, (c->n_steps + 1) * sizeof *v->steps);
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty ||
            (strcmp(st->key, WF_DUTY_CERTIFICATE) && strcmp(st->key, WF_DUTY_TRANSFER)))
            continue;
        v->steps[v->n_steps++] = s_duty_copy(st, true, arena);
    }
}

// What was paid to them, row by row: the amounts, days, how and the reference - not which HR
// person recorded it, the request or the note (other people's words).
static void s_employee_payments(const Hr__Workflow__Case *c, Hr__Workflow__Case *v,
                                hr_arena_t *arena)
{
    v->payments = hr_arena_alloc(arena, (c->n_payments + 1) * sizeof *v->payments);
    for (size_t i = 0; i < c->n_payments; i++) {
        Hr__Workflow__Payment *p = hr_arena_alloc(arena, sizeof *p);
        *p = *c->payments[i];
        p->recorded_by = p->msg_id = p->note = (char *)"";
        v->payments[v->n_payments++] = p;
    }
}

static Hr__Workflow__Assessment *s_assessment_for_payroll(const Hr__Workflow__Assessment *in,
                                                          hr_arena_t *arena);

Hr__Workflow__Case *wf_case_for_employee(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    bool reached = wf_auth_employee_reached(c);
    if (!c->interview && !reached)
        return NULL;
    Hr__Workflow__Case *v = hr_arena_alloc(arena, sizeof *v);
    hr__workflow__case__init(v);
    v->id = c->id;
    v->employee_no = c->employee_no;
    v->state = c->state;
    v->employee_view = true;
    if (reached) {
        // The case reached them (the notice served, the agreement signed): what it decided of
        // them is theirs to read and to dispute in time (LCL 50, LDMAL Art. 27) - the ground
        // as the notice states it, the days, the money and what was paid, the duties, the
        // arbitration limit. Never the findings, notes, evidence or other people.
        v->ground = c->ground;
        Hr__Workflow__Outcome *o = hr_arena_alloc(arena, sizeof *o);
        hr__workflow__outcome__init(o);
        o->kind = c->outcome->kind;
        o->effective_date = c->outcome->effective_date;
        o->served_date = c->outcome->served_date;
        v->outcome = o;
        if (c->assessment) {
            v->assessment = s_assessment_for_payroll(c->assessment, arena);
            v->assessment->arbitration_limit_date = c->assessment->arbitration_limit_date;
        }
        s_employee_duties(c, v, arena);
        s_employee_payments(c, v, arena);
    }
    if (!c->interview)
        return v;
    Hr__Workflow__Interview *iv = hr_arena_alloc(arena, sizeof *iv);
    hr__workflow__interview__init(iv);
    iv->date = c->interview->date;
    iv->time = c->interview->time;
    iv->place = c->interview->place;
    iv->cancelled =
        c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN && !wf_tell_interview_held(c);
    v->interview = iv;
    // Their own wage, as the severance and the notice pay are computed from it: the money owed
    // to them rests on it, and a wrong figure is theirs to dispute (LCL 47, Reg. 27). The
    // amounts, the verdict and the findings stay HR's.
    const Hr__Workflow__Assessment *a = c->assessment;
    if (a && (a->wage_base_fen || a->monthly_wage_fen || a->average_wage_fen)) {
        Hr__Workflow__EmployeeWage *w = hr_arena_alloc(arena, sizeof *w);
        hr__workflow__employee_wage__init(w);
        w->monthly_wage_fen = a->monthly_wage_fen;
        w->average_wage_fen = a->average_wage_fen;
        w->wage_base_fen = a->wage_base_fen;
        w->wage_base_source = a->wage_base_source;
        w->wage_capped = a->wage_capped;
        w->local_average_wage_fen = a->local_average_wage_fen;
        w->local_average_year = a->local_average_year;
        w->local_minimum_wage_fen = a->local_minimum_wage_fen;
        w->at_ms = a->at_ms;
        v->employee_wage = w;
    }
    return v;
}

const char *wf_auth_list_as(const Hr__Actor *a)
{
    const char *as = s_reads_all_as(a);
    return as ? as : wf_auth_is_union(a) ? "union" : wf_auth_is_payroll(a) ? "payroll" : "own";
}

bool wf_auth_is_union(const Hr__Actor *a)
{
    return a && hr_actor_has_role(a, "union");
}

bool wf_auth_union_concerned(const Hr__Workflow__Case *c, bool has_union)
{
    const law_ground_t *g = has_union ? law_ground_find(c->ground) : NULL;
    return g && law_ground_is_unilateral(g);
}

// A reader's view of c that starts from what every narrow view shows: the case, its employee and
// department, state, ground, when it opened and closed, and the outcome's kind and dates (never
// its records or text). The union's and the payroll office's views add their own parts.
static Hr__Workflow__Case *s_case_view(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    Hr__Workflow__Case *v = hr_arena_alloc(arena, sizeof *v);
    hr__workflow__case__init(v);
    v->id = c->id;
    v->employee_no = c->employee_no;
    v->department_id = c->department_id;
    v->state = c->state;
    v->ground = c->ground;
    v->opened_ms = c->opened_ms;
    v->closed_ms = c->closed_ms;
    if (c->outcome) {
        Hr__Workflow__Outcome *o = hr_arena_alloc(arena, sizeof *o);
        hr__workflow__outcome__init(o);
        o->kind = c->outcome->kind;
        o->effective_date = c->outcome->effective_date;
        o->served_date = c->outcome->served_date;
        v->outcome = o;
    }
    return v;
}

Hr__Workflow__Case *wf_case_for_union(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    Hr__Workflow__Case *v = s_case_view(c, arena);
    v->reviewed_reasons = c->reviewed_reasons;
    v->a41_trigger = c->a41_trigger;
    if (c->union_record) {
        Hr__Workflow__UnionRecord *u = hr_arena_alloc(arena, sizeof *u);
        *u = *c->union_record; // its dates and the records' ids, never their contents
        v->union_record = u;
    }
    v->union_view = true;
    return v;
}

bool wf_auth_union_lists(const Hr__Workflow__Case *c, bool has_union)
{
    return wf_auth_union_concerned(c, has_union) && c->union_record &&
           *c->union_record->notice_date;
}

bool wf_auth_union_reads(const Hr__Workflow__Case *c, const char *mine, const char *theirs)
{
    return mine && theirs && !strcmp(mine, theirs) && wf_auth_union_lists(c, true);
}

// The list row every narrow view starts from: the case, its employee (number and name), ground,
// state and opening.
static Hr__Workflow__CaseSummary *s_case_summary_view(const Hr__Workflow__Case *c, const char *name,
                                                      hr_arena_t *arena)
{
    Hr__Workflow__CaseSummary *s = hr_arena_alloc(arena, sizeof *s);
    hr__workflow__case_summary__init(s);
    s->id = c->id;
    s->employee_no = c->employee_no;
    if (name)
        s->employee_name = (char *)name;
    s->ground = c->ground;
    s->state = c->state;
    s->opened_ms = c->opened_ms;
    return s;
}

Hr__Workflow__CaseSummary *wf_case_summary_for_union(const Hr__Workflow__Case *c, const char *name,
                                                     hr_arena_t *arena)
{
    Hr__Workflow__CaseSummary *s = s_case_summary_view(c, name, arena);
    if (c->union_record) {
        Hr__Workflow__UnionRecord *u = hr_arena_alloc(arena, sizeof *u);
        *u = *c->union_record; // its dates and the records' ids, as the union's view has them
        s->union_record = u;
    }
    s->union_view = true;
    return s;
}

Hr__Workflow__CaseSummary *wf_case_summary_for_employee(const Hr__Workflow__Case *c,
                                                        const char *name, hr_arena_t *arena)
{
    Hr__Workflow__CaseSummary *s = s_case_summary_view(c, name, arena);
    s->last_day = (char *)wf_pay_last_day(c);
    s->employee_view = true;
    return s;
}

bool wf_auth_is_payroll(const Hr__Actor *a)
{
    return a && hr_actor_has_role(a, "payroll");
}

bool wf_auth_may_pay(const Hr__Actor *a, const Hr__Workflow__Case *c)
{
    if (!a || hr_actor_is_operator(a))
        return false; // the operator keeps the system running and pays nobody
    if (wf_actor_is_hr(a))
        return true;
    return wf_auth_is_payroll(a) && wf_pay_money_fixed(c);
}

// The assessment as the pay statement prints it: the amounts and their basis, nothing the review
// found or kept of the person (findings, kept facts, the branch's source).
static Hr__Workflow__Assessment *s_assessment_for_payroll(const Hr__Workflow__Assessment *in,
                                                          hr_arena_t *arena)
{
    Hr__Workflow__Assessment *a = hr_arena_alloc(arena, sizeof *a);
    hr__workflow__assessment__init(a);
    a->lawful = in->lawful;
    a->severance_fen = in->severance_fen;
    a->notice_pay_fen = in->notice_pay_fen;
    a->unlawful_compensation_fen = in->unlawful_compensation_fen;
    a->wage_base_fen = in->wage_base_fen;
    a->wage_base_source = in->wage_base_source;
    a->wage_capped = in->wage_capped;
    a->average_wage_fen = in->average_wage_fen;
    a->local_average_wage_fen = in->local_average_wage_fen;
    a->local_average_year = in->local_average_year;
    a->service_half_units = in->service_half_units;
    a->severance_half_units = in->severance_half_units;
    a->severance_pre2008_fen = in->severance_pre2008_fen;
    a->pre2008_years = in->pre2008_years;
    a->pre2008_months = in->pre2008_months;
    a->pre2008_wage_fen = in->pre2008_wage_fen;
    a->effective_date = in->effective_date;
    a->notice_date = in->notice_date;
    a->pay_in_lieu_of_notice = in->pay_in_lieu_of_notice;
    a->at_ms = in->at_ms;
    return a;
}

Hr__Workflow__Case *wf_case_for_payroll(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    Hr__Workflow__Case *v = s_case_view(c, arena);
    v->version = c->version;
    if (c->assessment)
        v->assessment = s_assessment_for_payroll(c->assessment, arena);
    // Severance falls due at the handover (LCL 50 para 2): its duty's day, the one step kept.
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty || strcmp(st->key, WF_DUTY_HANDOVER))
            continue;
        v->steps = hr_arena_alloc(arena, sizeof *v->steps);
        v->steps[0] = s_duty_copy(st, false, arena);
        v->n_steps = 1;
        break;
    }
    v->payments = c->payments; // the rows: what was paid, how, the reference and who recorded it
    v->n_payments = c->n_payments;
    v->payroll_view = true;
    return v;
}

Hr__Workflow__CaseSummary *wf_case_summary_for_payroll(const Hr__Workflow__Case *c,
                                                       const char *name, hr_arena_t *arena)
{
    Hr__Workflow__CaseSummary *s = s_case_summary_view(c, name, arena);
    s->owed_fen = wf_pay_owed(c);
    s->last_day = (char *)wf_pay_last_day(c);
    s->payroll_view = true;
    return s;
}
