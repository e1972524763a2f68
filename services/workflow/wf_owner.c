/*  wf_owner - who owns a case's steps and hears of them, and to whom HR may hand a case.
 *
 *  Pure: reporting lines, directory records and times are arguments. The case's employee is
 *  never the owner of a step of their own case nor a recipient of its step notices and
 *  escalations: wherever a reporting line would name them they are passed over (the next one up
 *  the line), and an HR head who is the employee has a stand-in (wf_effects_case_hr_head). A
 *  case is handed on (ReassignCase) only to a superior of the employee as the directory stands -
 *  for someone with nobody above them, to an HR person - who is not the employee of an open case
 *  themselves. A step handed to a new owner starts its ladder again from the hand-over: a fresh
 *  period (never an earlier deadline than it had), a new reminder, level 0; a duty the law dates
 *  (certificate, transfer, retention) keeps its day, and only its ladder restarts. The interview
 *  is confirmed by whoever attends it as the manager: a confirmation given by a manager HR then
 *  replaced lapses, and the new manager confirms (wf_owner_manager_replaced).
 */
#include "wf.h"

size_t wf_owner_pass_over(const char **list, size_t n, const char *employee_no)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!employee_no || !*employee_no || !list[i] || strcmp(list[i], employee_no))
            list[kept++] = list[i];
    return kept;
}

bool wf_owner_is_hr(const Hr__Workflow__Person *p)
{
    for (size_t i = 0; p && i < p->n_roles; i++)
        if (!strcmp(p->roles[i], "hr") || !strcmp(p->roles[i], "hr_head"))
            return true;
    return false;
}

const char *wf_owner_reassign_why(const char *employee_no, const Hr__Workflow__Person *to,
                                  const char *const *line, size_t nline, const char *open_case,
                                  hr_arena_t *arena, const char **zh)
{
    const char *unused = NULL;
    zh = zh ? zh : &unused;
    *zh = NULL;
    if (!strcmp(to->employee_no, employee_no)) {
        *zh = hr_arena_fmt(arena, "%s 是本案的员工本人，不能担任本案的经理（manager_no）。",
                           to->employee_no);
        return hr_arena_fmt(arena,
                            "manager_no: %s is the employee of this case; a case is never theirs "
                            "to manage",
                            to->employee_no);
    }
    if (open_case && *open_case) {
        *zh = hr_arena_fmt(arena,
                           "%s 本人是进行中的案件 %s 的员工：案件不能移交给本身正在被解除的人"
                           "（manager_no）。",
                           to->employee_no, open_case);
        return hr_arena_fmt(arena,
                            "manager_no: %s is the employee of open case %s; a case is never "
                            "handed to someone whose own dismissal is under way",
                            to->employee_no, open_case);
    }
    if (!nline) {
        if (wf_owner_is_hr(to))
            return NULL;
        *zh = hr_arena_fmt(
            arena,
            "人员名册中 %s 没有上级，其案件只能交给 HR（角色为 hr 或 hr_head 的人员），"
            "而 %s 不是 HR（manager_no）。",
            employee_no, to->employee_no);
        return hr_arena_fmt(arena,
                            "manager_no: %s has nobody above them in the directory, so their "
                            "case goes only to an HR person (hr or hr_head), and %s is none",
                            employee_no, to->employee_no);
    }
    char *names = "";
    for (size_t i = 0; i < nline; i++) {
        if (!strcmp(line[i], to->employee_no))
            return NULL;
        names = hr_arena_fmt(arena, "%s%s%s", names, i ? ", " : "", line[i]);
    }
    *zh = hr_arena_fmt(arena,
                       "%s 不在 %s 的汇报线上（%s）（manager_no）：案件只能移交给人员名册中该员工的"
                       "上级；如员工已换了经理，请先重新导入人员名册（hrctl import people FILE）。",
                       to->employee_no, employee_no, names);
    return hr_arena_fmt(arena,
                        "manager_no: %s is not in %s's reporting line (%s): a case goes only to a "
                        "superior of the employee as the directory stands (an employee who moved "
                        "to another manager: import the directory first)",
                        to->employee_no, employee_no, names);
}

void wf_owner_handed_on(Hr__Workflow__CaseStep *st, const int32_t *interview_day,
                        const wf_time_t *t, int64_t now_ms)
{
    // No deadline (a request blocked by a protection, a step the template gives no period):
    // none is made up for the new owner.
    if (st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE || !st->due_ms)
        return;
    if (!*st->due_date) {
        int64_t due_ms = wf_deadline_after(t, now_ms, st->due);
        if (interview_day && !strcmp(st->key, WF_STEP_INTERVIEW)) {
            // As wf_steps_date_interview: not due before the day after the interview's.
            int64_t after_ms =
                wf_deadline_end_of_day(t, hr_calendar_add_working_days(t->cal, *interview_day, 1));
            if (after_ms > due_ms)
                due_ms = after_ms;
        }
        if (due_ms > st->due_ms)
            st->due_ms = due_ms;
    }
    // A dated duty already past its day is the new owner's at once: level 1 now (out of the
    // night), the next level a full period after it - never for lateness before they had it.
    st->escalation_level = 0;
    st->next_level_ms = 0;
    st->overdue_ms = wf_deadline_daytime(t, st->due_ms > now_ms ? st->due_ms : now_ms);
    st->level2_ms = wf_deadline_next_level(t, st->due_ms, st->level2_after, 1, st->overdue_ms);
    st->remind_ms = wf_deadline_remind(t, now_ms, st->due_ms);
    st->reminded = wf_steps_is_retention(st); // kept, not done: nobody to remind
}

// The length of the white space character at the start of s[0..len), 0 when there is none:
// ASCII white space, NO-BREAK SPACE (U+00A0) and IDEOGRAPHIC SPACE (U+3000, a Chinese keyboard's
// space).
static size_t s_space_at(const unsigned char *s, size_t len)
{
    if (len >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
        return 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (len >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

// The same at the end of s[0..len).
static size_t s_space_before(const unsigned char *s, size_t len)
{
    if (len >= 1 && (s[len - 1] == ' ' || (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
        return 1;
    if (len >= 2 && s[len - 2] == 0xC2 && s[len - 1] == 0xA0)
        return 2;
    if (len >= 3 && s[len - 3] == 0xE3 && s[len - 2] == 0x80 && s[len - 1] == 0x80)
        return 3;
    return 0;
}

char *wf_text_trim(hr_arena_t *arena, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = strlen((const char *)p);
    for (size_t n = s_space_at(p, len); n; n = s_space_at(p, len)) {
        p += n;
        len -= n;
    }
    for (size_t n = s_space_before(p, len); n; n = s_space_before(p, len))
        len -= n;
    return hr_arena_strndup(arena, (const char *)p, len);
}

bool wf_owner_manager_replaced(Hr__Workflow__Case *c, const char *previous_no)
{
    // Both confirmed: the interview was held and the stage moved on; that stands.
    if (!c->interview || !c->interview->manager_confirmed ||
        wf_interview_is_complete(c->interview) || !strcmp(previous_no, c->manager_no))
        return false;
    c->interview->manager_confirmed = false;
    return true;
}
