/*  wf_steps - the case state machine: which action is allowed where, and what it moves.
 *
 *  The table below is the whole of it: (case state, stage, action) -> move. A stage "*" matches
 *  any stage. Anything without a row is a conflict, named to the caller. Moving NEXT completes
 *  the current stage and starts the following one (optional stages the case did not ask for
 *  are skipped); RETURN sends the case back to the request stage and resets what lay between;
 *  CLOSE ends the stages and starts the Art. 50 duties, which run in parallel, each with its own
 *  deadline. RESCIND ends a case whose outcome is recorded - at close or closed - when the
 *  notice was revoked with the employee's agreement: what was still open (the close stage, the
 *  duties) is cancelled, never done, so nothing of it is reminded, escalated or owed. Pure:
 *  now_ms and the calendar are arguments; strings come from the arena.
 */
#include "wf.h"

typedef struct {
    Hr__Workflow__CaseState state; // case state the row applies to
    const char *step;              // stage key, "*" for any
    wf_action_t act;               // the action
    wf_move_t move;                // what it does
} s_row_t;

#define OPEN HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN
#define CLOSED HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED
#define RESCINDED HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED

static const s_row_t s_table[] = {
    {OPEN, "*", WF_ACT_ATTACH, WF_MOVE_STAY},
    {OPEN, WF_STEP_REQUEST, WF_ACT_SUBMIT, WF_MOVE_NEXT},
    {OPEN, WF_STEP_HR_REVIEW, WF_ACT_REVIEW_PASS, WF_MOVE_NEXT},
    {OPEN, WF_STEP_HR_REVIEW, WF_ACT_REVIEW_RETURN, WF_MOVE_RETURN},
    {OPEN, WF_STEP_SUPERIOR, WF_ACT_APPROVE, WF_MOVE_NEXT},
    {OPEN, WF_STEP_SUPERIOR, WF_ACT_REJECT, WF_MOVE_RETURN},
    {OPEN, WF_STEP_PREPARE, WF_ACT_PREPARE, WF_MOVE_NEXT},
    {OPEN, WF_STEP_INTERVIEW, WF_ACT_PREPARE, WF_MOVE_STAY}, // rescheduled before it is held
    {OPEN, WF_STEP_INTERVIEW, WF_ACT_INTERVIEW_CONFIRM, WF_MOVE_STAY},
    {OPEN, WF_STEP_INTERVIEW, WF_ACT_INTERVIEW_DONE, WF_MOVE_NEXT},
    {OPEN, WF_STEP_OUTCOME, WF_ACT_OUTCOME, WF_MOVE_NEXT},
    {OPEN, WF_STEP_CLOSE, WF_ACT_CLOSE, WF_MOVE_CLOSE},
    // Withdrawn at any stage up to the outcome. Once it is recorded (the case stands at close)
    // the contract has ended and the Art. 50 duties are owed whatever happens: no row for close.
    {OPEN, WF_STEP_REQUEST, WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, WF_STEP_HR_REVIEW, WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, WF_STEP_SUPERIOR, WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, WF_STEP_PREPARE, WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, WF_STEP_INTERVIEW, WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {OPEN, WF_STEP_OUTCOME, WF_ACT_WITHDRAW, WF_MOVE_WITHDRAW},
    {CLOSED, "*", WF_ACT_ATTACH, WF_MOVE_STAY},
    {CLOSED, "*", WF_ACT_DUTY_DONE, WF_MOVE_STAY},
    {CLOSED, "*", WF_ACT_DISPUTE, WF_MOVE_STAY},
    // The employee may contest a revocation (or its terms): the dispute is recorded, and held.
    {RESCINDED, "*", WF_ACT_DISPUTE, WF_MOVE_STAY},
    {OPEN, "*", WF_ACT_REASSIGN, WF_MOVE_STAY},
    {CLOSED, "*", WF_ACT_REASSIGN, WF_MOVE_STAY}, // the Art. 50 duties' owner left
    // The notice revoked with the employee's agreement: only once the outcome is recorded (before
    // it the case is withdrawn), at close or after it, while the duties run.
    {OPEN, WF_STEP_CLOSE, WF_ACT_RESCIND, WF_MOVE_RESCIND},
    {CLOSED, "*", WF_ACT_RESCIND, WF_MOVE_RESCIND},
    // Another template (its stages, deadlines and rules) only while HR reviews: before it the
    // manager's request is judged by the rules it was opened under, after it the interview is
    // prepared on the stages the review passed.
    {OPEN, WF_STEP_HR_REVIEW, WF_ACT_RETEMPLATE, WF_MOVE_STAY},
};

static const char *const s_action_names[WF_ACT_COUNT] = {
    [WF_ACT_ATTACH] = "attach",
    [WF_ACT_SUBMIT] = "submit",
    [WF_ACT_REVIEW_PASS] = "review_pass",
    [WF_ACT_REVIEW_RETURN] = "review_return",
    [WF_ACT_APPROVE] = "approve",
    [WF_ACT_REJECT] = "reject",
    [WF_ACT_PREPARE] = "prepare",
    [WF_ACT_INTERVIEW_CONFIRM] = "interview_confirm",
    [WF_ACT_INTERVIEW_DONE] = "interview_done",
    [WF_ACT_OUTCOME] = "outcome",
    [WF_ACT_CLOSE] = "close",
    [WF_ACT_WITHDRAW] = "withdraw",
    [WF_ACT_DUTY_DONE] = "duty_done",
    [WF_ACT_DISPUTE] = "dispute",
    [WF_ACT_REASSIGN] = "reassign",
    [WF_ACT_RESCIND] = "rescind",
    [WF_ACT_RETEMPLATE] = "retemplate",
};

const char *wf_action_name(wf_action_t act)
{
    return (unsigned)act < WF_ACT_COUNT ? s_action_names[act] : "unknown";
}

// What each action does, for a person: "cannot <words> now".
static const char *const s_action_words[WF_ACT_COUNT] = {
    [WF_ACT_ATTACH] = "attach evidence",
    [WF_ACT_SUBMIT] = "submit the request",
    [WF_ACT_REVIEW_PASS] = "record the HR review's result",
    [WF_ACT_REVIEW_RETURN] = "record the HR review's result",
    [WF_ACT_APPROVE] = "record the superior's approval",
    [WF_ACT_REJECT] = "record the superior's rejection",
    [WF_ACT_PREPARE] = "set the interview's date and place",
    [WF_ACT_INTERVIEW_CONFIRM] = "confirm attendance at the interview",
    [WF_ACT_INTERVIEW_DONE] = "complete the interview",
    [WF_ACT_OUTCOME] = "record an outcome",
    [WF_ACT_CLOSE] = "close the case",
    [WF_ACT_WITHDRAW] = "withdraw the case",
    [WF_ACT_DUTY_DONE] = "record a closing duty as done",
    [WF_ACT_DISPUTE] = "record a dispute",
    [WF_ACT_REASSIGN] = "reassign the case",
    [WF_ACT_RESCIND] = "record the notice as revoked by agreement",
    [WF_ACT_RETEMPLATE] = "change its template (only while at HR review)",
};

const char *wf_action_words(wf_action_t act)
{
    return (unsigned)act < WF_ACT_COUNT ? s_action_words[act] : "do that";
}

// The same in Chinese: "现在不能<words>".
static const char *const s_action_words_zh[WF_ACT_COUNT] = {
    [WF_ACT_ATTACH] = "补充证据",
    [WF_ACT_SUBMIT] = "提交申请",
    [WF_ACT_REVIEW_PASS] = "记录 HR 审核结果",
    [WF_ACT_REVIEW_RETURN] = "记录 HR 审核结果",
    [WF_ACT_APPROVE] = "记录上级审批同意",
    [WF_ACT_REJECT] = "记录上级退回",
    [WF_ACT_PREPARE] = "安排面谈的时间和地点",
    [WF_ACT_INTERVIEW_CONFIRM] = "确认面谈出席情况",
    [WF_ACT_INTERVIEW_DONE] = "完成面谈",
    [WF_ACT_OUTCOME] = "记录解除或终止结果",
    [WF_ACT_CLOSE] = "结案",
    [WF_ACT_WITHDRAW] = "撤回案件",
    [WF_ACT_DUTY_DONE] = "记录离职手续已办",
    [WF_ACT_DISPUTE] = "记录争议",
    [WF_ACT_REASSIGN] = "移交案件",
    [WF_ACT_RESCIND] = "记录协商撤销解除（终止）劳动合同通知",
    [WF_ACT_RETEMPLATE] = "更换流程模板（只能在 HR 审核阶段更换）",
};

const char *wf_action_words_zh(wf_action_t act)
{
    return (unsigned)act < WF_ACT_COUNT ? s_action_words_zh[act] : "这样做";
}

// The one list of the stages' and duties' Chinese names a sentence uses ("案件仍在 HR 审核阶段"):
// short, where a template's title_zh is a line of a checklist.
static const struct {
    const char *key;
    const char *zh;
} s_step_zh[] = {
    {WF_STEP_REQUEST, "提交申请"},
    {WF_STEP_HR_REVIEW, "HR 审核"},
    {WF_STEP_SUPERIOR, "上级审批"},
    {WF_STEP_PREPARE, "面谈准备"},
    {WF_STEP_INTERVIEW, "沟通面谈"},
    {WF_STEP_OUTCOME, "记录结果"},
    {WF_STEP_CLOSE, "结案"},
    {WF_DUTY_CERTIFICATE, "出具解除或者终止劳动合同的证明"},
    {WF_DUTY_TRANSFER, "档案和社会保险关系转移"},
    {WF_DUTY_RETENTION, "劳动合同文本保存"},
    {WF_DUTY_HANDOVER, "工作交接"},
};

const char *wf_step_zh(const Hr__Workflow__Case *c, const char *key)
{
    if (!key || !*key)
        return "-";
    for (size_t i = 0; i < HR_ARRAY_LEN(s_step_zh); i++)
        if (!strcmp(key, s_step_zh[i].key))
            return s_step_zh[i].zh;
    for (size_t i = 0; c && i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, key) && c->steps[i]->title_zh && *c->steps[i]->title_zh)
            return c->steps[i]->title_zh;
    return key;
}

void wf_steps_next(const Hr__Workflow__Case *c, hr_arena_t *arena, char **en, char **zh)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    const char *id = c->id;
    if (!cur) {
        if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED) {
            *en = hr_arena_fmt(arena,
                               "what is left are its closing duties and any dispute (hrctl case "
                               "show %s)",
                               id);
            *zh = hr_arena_fmt(
                arena, "案件已结案，只剩离职手续和可能的争议（hrctl case show %s 查看）", id);
        } else {
            *en = hr_arena_fmt(arena, "to go on, open a new case: hrctl case open %s GROUND",
                               c->employee_no);
            *zh = hr_arena_fmt(arena, "如需继续，请重新发起案件：hrctl case open %s 解除依据",
                               c->employee_no);
        }
        return;
    }
    // The stage's owner when the case knows them; otherwise the command names the role.
    bool known = cur->owner_no && *cur->owner_no;
    const char *as_en = known ? cur->owner_no : "EMPLOYEE_NO";
    const char *as_zh = known ? cur->owner_no : "工号";
    const char *who = known ? hr_arena_fmt(arena, " %s", cur->owner_no) : "";
    const char *who_zh = known ? hr_arena_fmt(arena, "（%s）", cur->owner_no) : "";
    if (!strcmp(cur->key, WF_STEP_REQUEST)) {
        *en = hr_arena_fmt(arena,
                           "its manager %s attaches the evidence and submits it: hrctl case "
                           "submit %s --as %s",
                           c->manager_no, id, c->manager_no);
        *zh = hr_arena_fmt(arena, "由案件经理 %s 补齐证据后提交：hrctl case submit %s --as %s",
                           c->manager_no, id, c->manager_no);
    } else if (!strcmp(cur->key, WF_STEP_HR_REVIEW)) {
        *en = hr_arena_fmt(arena,
                           "HR%s (not who opened or manages the case) reviews it: hrctl case "
                           "review %s --as %s",
                           who, id, as_en);
        *zh = hr_arena_fmt(arena, "由 HR%s（非案件发起人或经理）审核：hrctl case review %s --as %s",
                           who_zh, id, as_zh);
    } else if (!strcmp(cur->key, WF_STEP_SUPERIOR)) {
        *en = hr_arena_fmt(arena,
                           "the superior%s approves it or returns it: hrctl case approve %s "
                           "[--reject --note TEXT] --as %s",
                           who, id, as_en);
        *zh = hr_arena_fmt(arena,
                           "由上级%s审批或退回：hrctl case approve %s [--reject --note 理由] "
                           "--as %s",
                           who_zh, id, as_zh);
    } else if (!strcmp(cur->key, WF_STEP_PREPARE)) {
        *en = hr_arena_fmt(arena,
                           "HR%s sets the interview: hrctl case prepare %s DATE HH:MM PLACE --as "
                           "%s",
                           who, id, as_en);
        *zh = hr_arena_fmt(arena, "由 HR%s安排面谈：hrctl case prepare %s 日期 HH:MM 地点 --as %s",
                           who_zh, id, as_zh);
    } else if (!strcmp(cur->key, WF_STEP_INTERVIEW)) {
        *en = hr_arena_fmt(arena,
                           "once the interview is held, HR and the manager %s each confirm it: "
                           "hrctl case confirm %s --employee-attended yes|no --as EMPLOYEE_NO",
                           c->manager_no, id);
        *zh = hr_arena_fmt(arena,
                           "面谈举行后，由 HR 和经理 %s 各自确认：hrctl case confirm %s "
                           "--employee-attended yes|no --as 工号",
                           c->manager_no, id);
    } else if (!strcmp(cur->key, WF_STEP_OUTCOME)) {
        *en = hr_arena_fmt(arena,
                           "HR%s records the outcome: hrctl case outcome %s "
                           "agreement_signed|notice_served DATE --as %s",
                           who, id, as_en);
        *zh = hr_arena_fmt(arena,
                           "由 HR%s记录%s结果：hrctl case outcome %s "
                           "agreement_signed|notice_served 日期 --as %s",
                           who_zh, wf_doc_ending_word(c, WF_DOC_ZH, false), id, as_zh);
    } else if (!strcmp(cur->key, WF_STEP_CLOSE)) {
        *en = hr_arena_fmt(arena, "HR%s closes it: hrctl case close %s --as %s", who, id, as_en);
        *zh = hr_arena_fmt(arena, "由 HR%s结案：hrctl case close %s --as %s", who_zh, id, as_zh);
    } else {
        *en = hr_arena_fmt(arena, "%s owes the stage '%s' (hrctl case show %s)",
                           known ? cur->owner_no : "its owner", cur->key, id);
        *zh = hr_arena_fmt(arena, "「%s」阶段由%s负责（hrctl case show %s 查看）", cur->title_zh,
                           known ? cur->owner_no : "该阶段负责人", id);
    }
}

const char *wf_move_name(wf_move_t move)
{
    switch (move) {
    case WF_MOVE_STAY:
        return "stay";
    case WF_MOVE_NEXT:
        return "next";
    case WF_MOVE_RETURN:
        return "return";
    case WF_MOVE_CLOSE:
        return "close";
    case WF_MOVE_WITHDRAW:
        return "withdraw";
    case WF_MOVE_RESCIND:
        return "rescind";
    }
    return "unknown";
}

hr_rc_t wf_steps_decide(Hr__Workflow__CaseState state, const char *step, wf_action_t act,
                        wf_move_t *move)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_table); i++) {
        const s_row_t *r = &s_table[i];
        if (r->state != state || r->act != act)
            continue;
        if (strcmp(r->step, "*") && (!step || strcmp(r->step, step)))
            continue;
        *move = r->move;
        return HR_OK;
    }
    return HR_ECONFLICT;
}

static void s_activate(Hr__Workflow__CaseStep *st, const wf_time_t *t, int64_t now_ms)
{
    st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    st->started_ms = now_ms;
    st->done_ms = 0;
    st->done_by = "";
    st->escalation_level = 0;
    st->due_ms = wf_deadline_after(t, now_ms, st->due);
    st->overdue_ms = wf_deadline_daytime(t, st->due_ms);
    st->level2_ms = wf_deadline_next_level(t, st->due_ms, st->level2_after, 1, st->overdue_ms);
    st->next_level_ms = 0;
    st->remind_ms = wf_deadline_remind(t, now_ms, st->due_ms);
    st->reminded = false;
}

void wf_steps_init(Hr__Workflow__Case *c, const Hr__Workflow__Template *tpl, hr_arena_t *arena,
                   const wf_time_t *t, int64_t now_ms)
{
    c->n_steps = 0;
    c->steps = hr_arena_alloc(arena, (tpl->n_steps + 1) * sizeof *c->steps);
    for (size_t i = 0; i < tpl->n_steps; i++) {
        const Hr__Workflow__StepDef *d = tpl->steps[i];
        // Not a stage of a case on this ground (an expiry has no interview): never in the case,
        // so nothing reminds, escalates or waits for it.
        if (wf_step_def_skips(d, c->ground))
            continue;
        Hr__Workflow__CaseStep *st = hr_arena_alloc(arena, sizeof *st);
        hr__workflow__case_step__init(st);
        st->key = d->key;
        st->title_zh = d->title_zh;
        st->title_en = d->title_en;
        st->owner = d->owner;
        st->duty = d->duty;
        st->optional = d->optional;
        st->due = d->due;
        st->level2_after = d->level2_after;
        st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING;
        c->steps[c->n_steps++] = st;
    }
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    c->current = 0;
    s_activate(c->steps[0], t, now_ms);
}

Hr__Workflow__CaseStep *wf_steps_current(const Hr__Workflow__Case *c)
{
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN || c->current >= c->n_steps)
        return NULL;
    return c->steps[c->current];
}

static void s_finish(Hr__Workflow__CaseStep *st, Hr__Workflow__StepState state, char *by,
                     int64_t now_ms)
{
    st->state = state;
    st->done_ms = now_ms;
    st->done_by = by;
}

// The step of c with this key, NULL when none.
static Hr__Workflow__CaseStep *s_step_of(const Hr__Workflow__Case *c, const char *key)
{
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, key))
            return c->steps[i];
    return NULL;
}

bool wf_steps_retemplate(Hr__Workflow__Case *c, const Hr__Workflow__Template *tpl,
                         hr_arena_t *arena, const wf_time_t *t, int64_t now_ms)
{
    Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    if (!cur || strcmp(cur->key, WF_STEP_HR_REVIEW))
        return false;
    Hr__Workflow__CaseStep **steps = hr_arena_alloc(arena, (tpl->n_steps + 1) * sizeof *steps);
    size_t n = 0;
    int at = -1;
    for (size_t i = 0; i < tpl->n_steps; i++) {
        const Hr__Workflow__StepDef *d = tpl->steps[i];
        if (wf_step_def_skips(d, c->ground))
            continue;
        Hr__Workflow__CaseStep *st = hr_arena_alloc(arena, sizeof *st);
        hr__workflow__case_step__init(st);
        const Hr__Workflow__CaseStep *was = at < 0 ? s_step_of(c, d->key) : NULL;
        bool review = !strcmp(d->key, WF_STEP_HR_REVIEW);
        if (was && !review) { // a stage behind the case: as it happened
            *st = *was;
            steps[n++] = st;
            continue;
        }
        if (review)
            *st = *cur; // its owner and what the review recorded so far
        st->key = d->key;
        st->title_zh = d->title_zh;
        st->title_en = d->title_en;
        st->owner = d->owner;
        st->duty = d->duty;
        st->optional = d->optional;
        st->due = d->due;
        st->level2_after = d->level2_after;
        st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING;
        if (review) {
            at = (int)n;
            s_activate(st, t, now_ms); // the new periods, from now
        } else if (at < 0) {
            s_finish(st, HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED, "", now_ms); // never had
        }
        steps[n++] = st;
    }
    if (at < 0)
        return false; // no hr_review for this ground: nothing to carry on from
    c->steps = steps;
    c->n_steps = n;
    c->current = (uint32_t)at;
    return true;
}

int wf_steps_apply(Hr__Workflow__Case *c, wf_move_t move, const char *by, hr_arena_t *arena,
                   const wf_time_t *t, int64_t now_ms, Hr__Workflow__CaseStep *done)
{
    Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    char *by_copy = hr_arena_strdup(arena, by);
    if (done)
        hr__workflow__case_step__init(done);
    switch (move) {
    case WF_MOVE_STAY:
        return -1;
    case WF_MOVE_NEXT:
        assert(cur);
        s_finish(cur, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE, by_copy, now_ms);
        if (done)
            *done = *cur;
        for (size_t i = c->current + 1; i < c->n_steps; i++) {
            Hr__Workflow__CaseStep *st = c->steps[i];
            if (st->duty)
                break;
            if (st->optional && !c->wants_superior_approval) {
                s_finish(st, HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED, "", now_ms);
                continue;
            }
            c->current = (uint32_t)i;
            s_activate(st, t, now_ms);
            return (int)i;
        }
        return -1; // no stage left: the template ends without close (rejected at parse)
    case WF_MOVE_RETURN:
        assert(cur);
        s_finish(cur, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE, by_copy, now_ms);
        if (done)
            *done = *cur; // as completed: the loop below resets it (cur is one of those steps)
        for (size_t i = 1; i <= c->current && i < c->n_steps; i++)
            if (!c->steps[i]->duty) {
                Hr__Workflow__CaseStep *st = c->steps[i];
                st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING;
                st->escalation_level = 0;
                st->reminded = false;
                st->started_ms = st->due_ms = st->level2_ms = st->remind_ms = st->done_ms = 0;
                st->next_level_ms = st->overdue_ms = 0;
            }
        c->current = 0;
        s_activate(c->steps[0], t, now_ms);
        return 0;
    case WF_MOVE_CLOSE: {
        assert(cur);
        s_finish(cur, HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE, by_copy, now_ms);
        if (done)
            *done = *cur;
        c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
        c->closed_ms = now_ms;
        c->current = (uint32_t)c->n_steps;
        int first = -1;
        for (size_t i = 0; i < c->n_steps; i++) {
            Hr__Workflow__CaseStep *st = c->steps[i];
            if (!st->duty)
                continue;
            int64_t due_ms = st->due_ms; // dated by wf_steps_date_duties, else from its period
            s_activate(st, t, now_ms);
            if (due_ms) {
                st->due_ms = due_ms;
                st->overdue_ms = wf_deadline_daytime(t, due_ms);
                st->level2_ms =
                    wf_deadline_next_level(t, due_ms, st->level2_after, 1, st->overdue_ms);
                st->remind_ms = wf_deadline_remind(t, now_ms, due_ms);
            }
            if (wf_steps_is_retention(st))
                st->reminded = true; // kept, not done: nobody to remind (wf_server's tick)
            if (first < 0)
                first = (int)i;
        }
        return first;
    }
    case WF_MOVE_WITHDRAW:
        for (size_t i = 0; i < c->n_steps; i++) {
            Hr__Workflow__CaseStep *st = c->steps[i];
            if (st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE ||
                st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING)
                s_finish(st, HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED, by_copy, now_ms);
        }
        c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
        c->closed_ms = now_ms;
        c->current = (uint32_t)c->n_steps;
        return -1;
    case WF_MOVE_RESCIND:
        for (size_t i = 0; i < c->n_steps; i++) {
            Hr__Workflow__CaseStep *st = c->steps[i];
            if (st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE ||
                st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING)
                s_finish(st, HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED, by_copy, now_ms);
        }
        c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
        if (!c->closed_ms)
            c->closed_ms = now_ms; // a case closed before keeps the time it closed
        c->current = (uint32_t)c->n_steps;
        return -1;
    }
    return -1;
}

char *wf_steps_cancel_duties(Hr__Workflow__Case *c, const char *by, hr_arena_t *arena,
                             int64_t now_ms)
{
    char *names = hr_arena_strdup(arena, "");
    char *by_copy = hr_arena_strdup(arena, by);
    for (size_t i = 0; i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty || (st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE &&
                          st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING))
            continue;
        s_finish(st, HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED, by_copy, now_ms);
        names = hr_arena_fmt(arena, "%s%s%s", names, *names ? ", " : "", st->key);
    }
    return names;
}

// The day a duty dated by statute is due for a contract ending on effective_day, on cal; false
// for any other step (a company duty runs its own period from the close). The certificate is
// owed at the end itself (解除或者终止劳动合同时), no period. The transfer's fifteen days and the
// records' two years are periods (Civil Code Arts. 201, 202): a last day that is a statutory
// rest day or holiday gives way to the day after the days off (Art. 203), as the arbitration
// limit does (wf_doc_period_end). Where a year's holiday notice is not out yet, the transfer
// takes the earliest end that notice could give and the records' keeping the latest: the duty
// is never dated later, nor the keeping shorter, than the law may turn out to say.
static void s_redue(Hr__Workflow__CaseStep *st, int64_t due_ms, const wf_time_t *t, int64_t now_ms);

static bool s_duty_day(const char *key, int32_t effective_day, const hr_calendar_t *cal,
                       int32_t *day)
{
    if (!strcmp(key, WF_DUTY_CERTIFICATE)) {
        *day = effective_day;
    } else if (!strcmp(key, WF_DUTY_TRANSFER)) {
        *day = wf_doc_period_end_earliest(cal, effective_day + LAW_TRANSFER_DAYS);
    } else if (!strcmp(key, WF_DUTY_RETENTION)) {
        int year, month, mday;
        hr_date_to_ymd(effective_day, &year, &month, &mday);
        int32_t keep = effective_day;
        law_day_t ld = 0;
        if (law_date_from_ymd(year, month, mday, &ld))
            keep = (int32_t)law_date_add_months(ld, LAW_KEEP_RECORDS_YEARS * LAW_MONTHS_PER_YEAR);
        *day = wf_doc_period_end_latest(cal, keep);
    } else {
        return false;
    }
    return true;
}

void wf_steps_date_duties(Hr__Workflow__Case *c, int32_t effective_day, hr_arena_t *arena,
                          const wf_time_t *t)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        int32_t day;
        if (!st->duty || !s_duty_day(st->key, effective_day, t->cal, &day))
            continue;
        char buf[HR_DATE_LEN];
        st->due_date = hr_arena_strdup(arena, hr_date_format(day, buf));
        st->due_ms = wf_deadline_end_of_day(t, day);
    }
}

char *wf_steps_rearm_duties(Hr__Workflow__Case *c, int64_t cancelled_ms, int32_t from_day,
                            hr_arena_t *arena, const wf_time_t *t, int64_t now_ms)
{
    char *names = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < c->n_steps; i++) {
        Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED ||
            st->done_ms != cancelled_ms)
            continue;
        s_activate(st, t, now_ms);
        int32_t day;
        if (s_duty_day(st->key, from_day, t->cal, &day)) {
            char buf[HR_DATE_LEN];
            st->due_date = hr_arena_strdup(arena, hr_date_format(day, buf));
            s_redue(st, wf_deadline_end_of_day(t, day), t, now_ms);
        }
        if (wf_steps_is_retention(st))
            st->reminded = true; // kept, not done: nobody to remind (as at the close)
        char due[HR_DATE_LEN] = "";
        if (!*st->due_date)
            hr_date_format(hr_day_of_ms(st->due_ms - 1, t->tz_offset_min), due);
        names = hr_arena_fmt(arena, "%s%s%s (%s %s)", names, *names ? ", " : "", st->key,
                             wf_steps_is_retention(st) ? "until" : "due",
                             *st->due_date ? st->due_date : due);
    }
    return names;
}

bool wf_steps_redate_duty(Hr__Workflow__CaseStep *st, int32_t effective_day, const wf_time_t *t,
                          int64_t now_ms, hr_arena_t *arena)
{
    int32_t day;
    if (!st || !st->duty || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE ||
        !*st->due_date || !s_duty_day(st->key, effective_day, t->cal, &day))
        return false;
    int64_t due_ms = wf_deadline_end_of_day(t, day);
    if (due_ms <= st->due_ms)
        return false;
    char buf[HR_DATE_LEN];
    st->due_date = hr_arena_strdup(arena, hr_date_format(day, buf));
    s_redue(st, due_ms, t, now_ms);
    if (wf_steps_is_retention(st))
        st->reminded = true; // kept, not done: nobody to remind (as at the close)
    return true;
}

bool wf_steps_is_retention(const Hr__Workflow__CaseStep *st)
{
    return st && st->duty && !strcmp(st->key, WF_DUTY_RETENTION);
}

int64_t wf_steps_keep_until_ms(const Hr__Workflow__Case *c)
{
    int64_t keep_ms = 0;
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        // Dated by statute (wf_steps_date_duties), not cancelled by a rescission.
        if (wf_steps_is_retention(st) && *st->due_date &&
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED &&
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED && st->due_ms > keep_ms)
            keep_ms = st->due_ms;
    }
    return keep_ms;
}

bool wf_steps_is_late(const Hr__Workflow__CaseStep *st, const wf_time_t *t)
{
    if (!st->due_ms)
        return false;
    int64_t done_ms = st->done_ms;
    int32_t day;
    // A date says the day, not the hour: done by the end of it at the latest (a dated duty is
    // due at the end of its day; a step due at an hour of that day counts as late).
    if (*st->done_date && hr_date_parse(st->done_date, &day)) {
        int64_t end_ms = wf_deadline_end_of_day(t, day);
        if (end_ms < done_ms)
            done_ms = end_ms;
    }
    return done_ms > st->due_ms;
}

// The interview stage's deadline (wf_steps_date_interview).
static int64_t s_interview_due(const Hr__Workflow__CaseStep *st, int32_t interview_day,
                               const wf_time_t *t)
{
    int64_t own_ms = wf_deadline_after(t, st->started_ms, st->due);
    int64_t after_ms =
        wf_deadline_end_of_day(t, hr_calendar_add_working_days(t->cal, interview_day, 1));
    return after_ms > own_ms ? after_ms : own_ms;
}

// st takes due_ms as its deadline, the ladder with it.
static void s_redue(Hr__Workflow__CaseStep *st, int64_t due_ms, const wf_time_t *t, int64_t now_ms)
{
    st->due_ms = due_ms;
    st->overdue_ms = wf_deadline_daytime(t, due_ms);
    if (now_ms < due_ms) {
        // A deadline still ahead starts the ladder anew (what fired stays in the history): an
        // interview moved later escalates nobody before its new day.
        st->escalation_level = 0;
        st->next_level_ms = 0;
    }
    if (st->escalation_level == 0) {
        st->level2_ms = wf_deadline_next_level(t, due_ms, st->level2_after, 1, st->overdue_ms);
        st->remind_ms = wf_deadline_remind(t, now_ms, due_ms);
        st->reminded = false;
    }
}

void wf_steps_date_interview(Hr__Workflow__CaseStep *st, int32_t interview_day, const wf_time_t *t,
                             int64_t now_ms)
{
    if (!st || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
        return;
    int64_t due_ms = s_interview_due(st, interview_day, t);
    if (due_ms != st->due_ms)
        s_redue(st, due_ms, t, now_ms);
}

void wf_steps_defer(Hr__Workflow__CaseStep *st, const wf_time_t *t, int64_t from_ms, int64_t now_ms)
{
    if (!st || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE || !st->due_ms)
        return;
    int64_t due_ms = wf_deadline_after(t, from_ms > now_ms ? from_ms : now_ms, st->due);
    if (due_ms <= st->due_ms)
        return;
    st->escalation_level = 0;
    st->next_level_ms = 0;
    s_redue(st, due_ms, t, now_ms);
}

void wf_steps_resume(Hr__Workflow__CaseStep *st, const wf_time_t *t, int64_t now_ms)
{
    if (!st || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
        return;
    // The time it was held is nobody's delay: the step's own period counts again from now.
    int64_t due_ms = wf_deadline_after(t, now_ms, st->due);
    st->escalation_level = 0;
    st->next_level_ms = 0;
    if (!due_ms) {
        wf_tell_block_step(st); // a step the template gives no period: none is made up
        return;
    }
    s_redue(st, due_ms, t, now_ms);
}

bool wf_steps_redate(Hr__Workflow__CaseStep *st, int32_t interview_day, const wf_time_t *t,
                     int64_t now_ms)
{
    if (!st || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE || !st->due_ms ||
        *st->due_date)
        return false;
    bool counted = st->due && st->due->working_days;
    int64_t due_ms = interview_day >= 0 ? s_interview_due(st, interview_day, t)
                     : counted          ? wf_deadline_after(t, st->started_ms, st->due)
                                        : st->due_ms;
    if (due_ms > st->due_ms) {
        s_redue(st, due_ms, t, now_ms);
        return true;
    }
    if (due_ms != st->due_ms || st->escalation_level > 1 || !st->level2_after ||
        !st->level2_after->working_days)
        return false;
    int64_t level2_ms = wf_deadline_next_level(t, st->due_ms, st->level2_after, 1,
                                               st->overdue_ms ? st->overdue_ms : st->due_ms);
    if (level2_ms <= st->level2_ms)
        return false;
    st->level2_ms = level2_ms;
    return true;
}

void wf_case_history(Hr__Workflow__Case *c, hr_arena_t *arena, int64_t now_ms, const char *actor,
                     const char *action, const char *step, const char *note, const char *msg_id)
{
    Hr__Workflow__HistoryEntry *h = hr_arena_alloc(arena, sizeof *h);
    hr__workflow__history_entry__init(h);
    h->at_ms = now_ms;
    h->actor = hr_arena_strdup(arena, actor ? actor : "");
    h->action = hr_arena_strdup(arena, action);
    h->step = hr_arena_strdup(arena, step ? step : "");
    h->note = hr_arena_strndup(arena, note ? note : "", WF_TEXT_MAX);
    h->msg_id = hr_arena_strdup(arena, msg_id ? msg_id : "");
    size_t n = c->n_history;
    Hr__Workflow__HistoryEntry **list = hr_arena_alloc(arena, (n + 1) * sizeof *list);
    if (n)
        memcpy(list, c->history, n * sizeof *list);
    if (n >= WF_CASE_MAX_HISTORY) {
        // Keep the opening entry; drop the oldest after it.
        memmove(list + 1, list + 2, (n - 2) * sizeof *list);
        n--;
    }
    list[n++] = h;
    c->history = list;
    c->n_history = n;
}

bool wf_interview_is_complete(const Hr__Workflow__Interview *iv)
{
    return iv && iv->hr_confirmed && iv->manager_confirmed;
}

bool wf_interview_is_after(const Hr__Workflow__Interview *iv, int32_t day, int32_t *iv_day)
{
    int32_t scheduled;
    if (!iv || !iv->date || !hr_date_parse(iv->date, &scheduled) || scheduled <= day)
        return false;
    if (iv_day)
        *iv_day = scheduled;
    return true;
}

char *wf_case_blocks_open(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p, int32_t today,
                          hr_arena_t *arena, char **zh)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    char *why_zh = NULL;
    if (!zh)
        zh = &why_zh;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN) {
        *zh = hr_arena_fmt(arena,
                           "员工 %s 已有进行中的案件 %s（在「%s」阶段）：请在该案件上继续办理"
                           "（hrctl case show %s）。",
                           c->employee_no, c->id, cur ? cur->title_zh : "-", c->id);
        return hr_arena_fmt(arena,
                            "employee_no: %s already has an open case %s (at %s): go on with it "
                            "(hrctl case show %s)",
                            c->employee_no, c->id, cur ? cur->key : "-", c->id);
    }
    const Hr__Workflow__Outcome *o = c->outcome;
    int32_t end = 0, hired = 0;
    // Withdrawn or rescinded: the employment went on; reinstated by an award (LCL Art. 48): it
    // goes on from the original hire. A re-hire after the end is a new contract.
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED || !o || wf_case_is_reinstated(c) ||
        !hr_date_parse(o->effective_date, &end) ||
        (p && hr_date_parse(p->hire_date, &hired) && hired > end))
        return NULL;
    bool agreement = o->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    const char *ending = wf_doc_ending_word(c, WF_DOC_ZH, false);
    if (end < today) {
        *zh = hr_arena_fmt(arena,
                           "员工 %s 的劳动合同已于 %s 经案件 %s %s（%s %s）：已无合同可解除或"
                           "终止；如已重新入职，请 HR 在人员名册中更新入职日期。",
                           c->employee_no, o->effective_date, c->id, ending,
                           agreement ? "协议签订于" : "通知送达于", o->served_date);
        return hr_arena_fmt(arena,
                            "employee_no: %s's contract ended on %s through case %s (%s %s): "
                            "there is no contract to end; a re-hire has a new hire date in the "
                            "directory",
                            c->employee_no, o->effective_date, c->id,
                            agreement ? "agreement signed" : "notice served", o->served_date);
    }
    *zh = hr_arena_fmt(
        arena,
        "员工 %s 的劳动合同将于 %s 经案件 %s %s（%s %s）：在此之前不能再发起"
        "新案件%s。",
        c->employee_no, o->effective_date, c->id, ending, agreement ? "协议签订于" : "通知送达于",
        o->served_date,
        agreement
            ? ""
            : hr_arena_fmt(arena, "；如双方协商撤销%s劳动合同通知，请在该案件上记录", ending));
    return hr_arena_fmt(arena,
                        "employee_no: %s's contract ends on %s through case %s (%s %s): no "
                        "second case while it runs%s",
                        c->employee_no, o->effective_date, c->id,
                        agreement ? "agreement signed" : "notice served", o->served_date,
                        agreement ? ""
                                  : "; a notice revoked by agreement is recorded on that case");
}

bool wf_interview_starts_after(const Hr__Workflow__Interview *iv, int64_t now_ms, int tz_offset_min,
                               int64_t *start_ms)
{
    int32_t day;
    const char *t = iv ? iv->time : NULL;
    if (!iv || !iv->date || !hr_date_parse(iv->date, &day) || !t || strlen(t) != 5 || t[2] != ':' ||
        !isdigit((unsigned char)t[0]) || !isdigit((unsigned char)t[1]) ||
        !isdigit((unsigned char)t[3]) || !isdigit((unsigned char)t[4]))
        return false;
    int64_t start = hr_ms_of_day(day, tz_offset_min) +
                    ((t[0] - '0') * 10 + (t[1] - '0')) * HR_HOUR_MS +
                    ((t[3] - '0') * 10 + (t[4] - '0')) * HR_MINUTE_MS;
    if (start <= now_ms)
        return false;
    if (start_ms)
        *start_ms = start;
    return true;
}
