/*  wf_deadline - due dates on the company calendar and the escalation ladder's decisions.
 *
 *  Pure: the calendar and now_ms are arguments. A period in working days ends at local
 *  midnight after the nth working day following the day it started, so "2 working days" from
 *  Friday afternoon before a holiday week ends after the second working day past the holiday.
 *  Each level of the ladder fires once: a step records the highest level sent, and the due
 *  index only ever holds the next level still to come. Level 1 at the deadline tells the owner
 *  (their manager in copy), level 2 after the template's level2_after the manager's manager
 *  and the HR head, and each level after that, the same period later, the next manager up the
 *  line, until its top: the ladder keeps going up as long as the step stays undone. Past the
 *  top, a configured escalation contact (escalation/contact) is addressed once, at the first
 *  level that has nobody else: never the owner, never whoever the level below addressed.
 */
#include "wf.h"

int64_t wf_deadline_end_of_day(const wf_time_t *t, int32_t day)
{
    return hr_ms_of_day(day + 1, t->tz_offset_min);
}

#define S_SATURDAY 5 // hr_date_weekday: 0 is Monday ... 6 Sunday

bool wf_deadline_interview_after_notice(const Hr__Workflow__Case *c, int32_t day, const char *date,
                                        hr_arena_t *arena, wf_problem_t *p)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    const law_ground_t *g = law_ground_find(c->ground);
    int32_t notice = 0;
    if (c->outcome || !as || !as->notice_date || !hr_date_parse(as->notice_date, &notice) ||
        day < notice || (g && g->family == LAW_FAMILY_MUTUAL))
        return false;
    bool a40 = g && g->family == LAW_FAMILY_NOTICE;
    const char *a40_zh =
        a40 ? "；第四十条的解除须提前三十日书面通知，三十日从实际送达之日起算，"
              "不足三十日的须额外支付一个月工资（代通知金），或相应推迟合同终止日期"
            : "";
    const char *a40_en = a40 ? "; an Art. 40 notice gives thirty days counted from the day it is "
                               "served, or a month's wage in lieu, or the contract ends later"
                             : "";
    const char *zh =
        day == notice
            ? hr_arena_fmt(arena,
                           "面谈定在 %s，与审核时计划的通知日是同一天：通知须在面谈听取员工陈述之后"
                           "才能送达，通知工会函拟定的日期须在面谈之后（工会于其前一日提出意见；"
                           "hrctl case document 案件编号 union_notice --served 日期）%s。面谈仍已"
                           "按此时间安排",
                           date, a40_zh)
            : hr_arena_fmt(arena,
                           "面谈定在 %s，晚于审核时计划的通知日 %s：按此计划，通知将在听取员工陈述"
                           "之前送达。请在面谈之后再送达通知（送达日早于面谈日的结果不予记录），"
                           "通知工会函拟定的日期也须在面谈之后（hrctl case document 案件编号 "
                           "union_notice --served 日期）%s。面谈仍已按此时间安排",
                           date, as->notice_date, a40_zh);
    const char *en =
        day == notice
            ? hr_arena_fmt(arena,
                           "the interview is on %s, the very day HR's review planned the notice "
                           "for: serve it only after the employee was heard at the interview, and "
                           "propose a day after it in the union's letter (its opinion is asked by "
                           "the day before; hrctl case document ID union_notice --served DATE)%s. "
                           "The interview is set all the same",
                           date, a40_en)
            : hr_arena_fmt(arena,
                           "the interview is on %s, after the notice day HR's review planned (%s): "
                           "as planned, the notice would be served before the employee was heard. "
                           "Serve it after the interview (an outcome served before the interview's "
                           "day is refused), and propose a day after it in the union's letter "
                           "(hrctl case document ID union_notice --served DATE)%s. The interview "
                           "is set all the same",
                           date, as->notice_date, a40_en);
    *p = (wf_problem_t){"INTERVIEW_NOT_BEFORE_NOTICE", "notice_date", "", zh, en};
    return true;
}

bool wf_deadline_rest_day(const wf_time_t *t, int32_t day, const char *date, hr_arena_t *arena,
                          const char **zh, const char **en)
{
    if (hr_calendar_is_working(t->cal, day))
        return false;
    static const char *const days_en[] = {"a Saturday", "a Sunday"};
    static const char *const days_zh[] = {"星期六", "星期日"};
    int weekday = hr_date_weekday(day);
    bool holiday = hr_calendar_kind(t->cal, day) == HR_DAY_HOLIDAY;
    const char *what_en = "a holiday", *what_zh = "节假日";
    if (weekday >= S_SATURDAY) {
        what_en = days_en[weekday - S_SATURDAY];
        what_zh = days_zh[weekday - S_SATURDAY];
    }
    *zh = hr_arena_fmt(
        arena, "%s 是%s%s，按公司日历不是工作日：请确认员工和经理能够出席（面谈已照常安排）", date,
        what_zh, holiday && weekday >= S_SATURDAY ? "（节假日）" : "");
    *en = hr_arena_fmt(arena,
                       "%s is %s%s, not a working day in the company calendar: check that the "
                       "employee and the manager can attend (the interview is set all the same)",
                       date, what_en, holiday && weekday >= S_SATURDAY ? " in a holiday" : "");
    return true;
}

static int s_year(int32_t day)
{
    int y, m, d;
    hr_date_to_ymd(day, &y, &m, &d);
    return y;
}

int wf_deadline_undeclared_year(const hr_calendar_t *cal, int32_t from, int32_t to)
{
    int year = 0;
    if (cal && from <= to)
        hr_calendar_missing_years(cal, from, to, &year, 1); // the first of them
    return year;
}

void wf_deadline_mark_undeclared(const wf_time_t *t, Hr__Workflow__CaseStep *st)
{
    st->due_year_undeclared = 0;
    st->due_year_statutory_known = false;
    // The transfer's fifteen days end on the earliest day a year's notice could give
    // (wf_steps.c s_duty_day): in a year the calendar does not declare, the notice may move it
    // later. (The records' keeping takes the latest day: it cannot move, so it is never marked.)
    int32_t day;
    if (st->duty && !strcmp(st->key, WF_DUTY_TRANSFER) &&
        st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE &&
        hr_date_parse(st->due_date, &day)) {
        int year = wf_deadline_undeclared_year(t->cal, day, day);
        st->due_year_undeclared = (uint32_t)year;
        st->due_year_statutory_known = year && hr_calendar_knows_statutory(t->cal, year);
        return;
    }
    // Counted on the calendar: a working-day period, or the interview stage (the working day
    // after the interview, wf_steps_date_interview).
    bool counted = (st->due && st->due->working_days) || !strcmp(st->key, WF_STEP_INTERVIEW);
    if (st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE || !st->due_ms || *st->due_date ||
        !counted || !st->started_ms)
        return;
    int32_t from = hr_day_of_ms(st->started_ms, t->tz_offset_min);
    int32_t last = hr_day_of_ms(st->due_ms - 1, t->tz_offset_min); // the midnight closing it
    int year = wf_deadline_undeclared_year(t->cal, from, last);
    st->due_year_undeclared = (uint32_t)year;
    st->due_year_statutory_known = year && hr_calendar_knows_statutory(t->cal, year);
}

bool wf_deadline_year_unknown(const wf_time_t *t, int32_t day, const char *date, hr_arena_t *arena,
                              const char **zh, const char **en)
{
    int year = s_year(day);
    if (!t->cal || hr_calendar_covers(t->cal, year) || !hr_calendar_is_working(t->cal, day))
        return false;
    bool statutory = hr_calendar_knows_statutory(t->cal, year);
    *zh = hr_arena_fmt(arena,
                       "%s 在%d年：公司日历尚未收入国务院办公厅%d年部分节假日安排的通知（%s），"
                       "调休放假和调休上班的日子尚不确定，该日仍可能成为休息日：通知公布后请核对"
                       "（面谈已照常安排）",
                       date, year, year, statutory ? "只列有法定节假日" : "连法定节假日也未列入");
    *en = hr_arena_fmt(arena,
                       "%s is in %d, whose State Council holiday notice is not in the company "
                       "calendar (%s): its bridge days off and adjusted working days are unknown, "
                       "so the day may yet be a day off - check it when the notice is published "
                       "(the interview is set all the same)",
                       date, year,
                       statutory ? "only the statutory holidays are"
                                 : "not even the statutory "
                                   "holidays are");
    return true;
}

wf_day_sure_t wf_deadline_day_sure(const hr_calendar_t *cal, int32_t day)
{
    if (!cal)
        return hr_date_weekday(day) < S_SATURDAY ? WF_DAY_SURE_WORKING : WF_DAY_SURE_OFF;
    bool working = hr_calendar_is_working(cal, day);
    int year = s_year(day);
    if (hr_calendar_covers(cal, year))
        return working ? WF_DAY_SURE_WORKING : WF_DAY_SURE_OFF;
    if (hr_calendar_is_statutory(cal, day))
        return WF_DAY_SURE_OFF;
    if (!hr_calendar_knows_statutory(cal, year))
        return WF_DAY_UNSURE;
    for (int32_t d = day - WF_NOTICE_REACH_DAYS; d <= day + WF_NOTICE_REACH_DAYS; d++)
        if (hr_calendar_is_statutory(cal, d))
            return WF_DAY_UNSURE;
    return working ? WF_DAY_SURE_WORKING : WF_DAY_SURE_OFF;
}

static int64_t s_after(const wf_time_t *t, int32_t day, int64_t start_ms,
                       const Hr__Workflow__Period *p)
{
    if (p->working_days) {
        int n = (int)p->working_days;
        if (n > HR_CALENDAR_MAX_ADD)
            n = HR_CALENDAR_MAX_ADD;
        return wf_deadline_end_of_day(t, hr_calendar_add_working_days(t->cal, day, n));
    }
    if (p->hours)
        return start_ms + (int64_t)p->hours * HR_HOUR_MS;
    return 0;
}

int64_t wf_deadline_after(const wf_time_t *t, int64_t start_ms, const Hr__Workflow__Period *p)
{
    if (!p)
        return 0;
    return s_after(t, hr_day_of_ms(start_ms, t->tz_offset_min), start_ms, p);
}

int64_t wf_deadline_level2(const wf_time_t *t, int64_t due_ms, const Hr__Workflow__Period *p)
{
    if (!p || !due_ms)
        return 0;
    // A working-day deadline is the midnight closing its last day: count from that day.
    return s_after(t, hr_day_of_ms(due_ms - 1, t->tz_offset_min), due_ms, p);
}

int64_t wf_deadline_daytime(const wf_time_t *t, int64_t at_ms)
{
    if (!at_ms)
        return 0;
    int32_t day = hr_day_of_ms(at_ms, t->tz_offset_min);
    int64_t into = at_ms - hr_ms_of_day(day, t->tz_offset_min);
    bool working = !t->cal || hr_calendar_is_working(t->cal, day);
    if (working && into >= WF_REMIND_FROM_MS && into < WF_REMIND_UNTIL_MS)
        return at_ms;
    if (working && into < WF_REMIND_FROM_MS)
        return hr_ms_of_day(day, t->tz_offset_min) + WF_REMIND_FROM_MS;
    // In the evening, or on a weekend or holiday: the next working morning.
    int32_t next = t->cal ? hr_calendar_add_working_days(t->cal, day, 1) : day + 1;
    return hr_ms_of_day(next, t->tz_offset_min) + WF_REMIND_FROM_MS;
}

int64_t wf_deadline_next_level(const wf_time_t *t, int64_t due_ms, const Hr__Workflow__Period *p,
                               unsigned level, int64_t level_ms)
{
    if (!p || !due_ms)
        return 0;
    // The levels' times as the calendar gives them, before any was moved out of the night:
    // level 1 at the deadline, each next one period after the one before.
    int64_t raw = due_ms;
    for (unsigned i = 1; i < level && raw; i++)
        raw = wf_deadline_level2(t, raw, p);
    int64_t next = raw ? wf_deadline_level2(t, raw, p) : 0;
    if (!next)
        return 0;
    // A level moved to the morning moves the next one with it (an hours period must not land
    // on the same 08:00): the later of its own time and the period after the level's real time,
    // counted the way the period is - working days from the level's day (a weekend between is
    // not counted twice), hours from its time.
    int64_t own = wf_deadline_daytime(t, next);
    int64_t after;
    if (p->working_days) {
        int n = p->working_days > HR_CALENDAR_MAX_ADD ? HR_CALENDAR_MAX_ADD : (int)p->working_days;
        int32_t day = hr_day_of_ms(level_ms, t->tz_offset_min);
        int64_t into = level_ms - hr_ms_of_day(day, t->tz_offset_min);
        after = hr_ms_of_day(hr_calendar_add_working_days(t->cal, day, n), t->tz_offset_min) + into;
    } else {
        after = level_ms + (int64_t)p->hours * HR_HOUR_MS;
    }
    after = wf_deadline_daytime(t, after);
    return own > after ? own : after;
}

// The last working morning (08:00 local) before due_ms that is not before from_ms; 0 when none.
static int64_t s_last_morning(const wf_time_t *t, int64_t from_ms, int64_t due_ms)
{
    for (int32_t day = hr_day_of_ms(due_ms - 1, t->tz_offset_min);; day--) {
        int64_t at = hr_ms_of_day(day, t->tz_offset_min) + WF_REMIND_FROM_MS;
        if (at < from_ms)
            return 0;
        if (at < due_ms && (!t->cal || hr_calendar_is_working(t->cal, day)))
            return at;
    }
}

// at_ms, or the 08:00 after it when it falls in the night (any day: not the next working one).
static int64_t s_out_of_night(const wf_time_t *t, int64_t at_ms)
{
    int32_t day = hr_day_of_ms(at_ms, t->tz_offset_min);
    int64_t into = at_ms - hr_ms_of_day(day, t->tz_offset_min);
    if (into < WF_REMIND_FROM_MS)
        return hr_ms_of_day(day, t->tz_offset_min) + WF_REMIND_FROM_MS;
    if (into >= WF_REMIND_UNTIL_MS)
        return hr_ms_of_day(day + 1, t->tz_offset_min) + WF_REMIND_FROM_MS;
    return at_ms;
}

int64_t wf_deadline_remind(const wf_time_t *t, int64_t started_ms, int64_t due_ms)
{
    if (!due_ms || due_ms <= started_ms)
        return 0;
    int64_t lead = (due_ms - started_ms) / 2;
    if (lead > WF_REMIND_LEAD_MS)
        lead = WF_REMIND_LEAD_MS;
    if (lead <= 0)
        return 0;
    // Nobody is texted at night: a reminder that falls between 22:00 and 08:00 local time goes
    // at 08:00 (a working-day deadline ends at midnight, so 24 h before it is midnight too), or
    // on a rest day on the next working morning. Escalations go out of the night the same way.
    int64_t at = wf_deadline_daytime(t, due_ms - lead);
    if (at < due_ms)
        return at;
    // That morning is past the deadline: it falls on a rest day or in the night (a duty dated
    // by statute from an effective date on a Sunday, an hours period ending before 08:00).
    // Earlier rather than never: the last working morning before the deadline, or, when the
    // step started after it, at once - out of the night - if that is still before the deadline.
    at = s_last_morning(t, started_ms, due_ms);
    if (!at)
        at = s_out_of_night(t, started_ms);
    return at < due_ms ? at : 0;
}

// When level 1 fires: at the deadline, or after it in the morning (steps stored before
// overdue_ms existed fire at the deadline).
static int64_t s_level1_ms(const Hr__Workflow__CaseStep *step)
{
    return step->overdue_ms ? step->overdue_ms : step->due_ms;
}

// The reminder is still to come (it never fires once the deadline has passed: level 1 says
// more).
static bool s_remind_pending(const Hr__Workflow__CaseStep *step)
{
    return !step->reminded && step->remind_ms && step->remind_ms < step->due_ms &&
           step->escalation_level == 0;
}

unsigned wf_escalation_due(const Hr__Workflow__CaseStep *step, int64_t now_ms)
{
    if (step->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE || !step->due_ms)
        return 0;
    if (step->escalation_level == 0 && now_ms < step->due_ms)
        return s_remind_pending(step) && now_ms >= step->remind_ms ? WF_DUE_SOON : 0;
    if (step->escalation_level == 0 && now_ms < s_level1_ms(step))
        return s_remind_pending(step) ? WF_REMIND_PASSED : 0; // the night after the deadline
    if (step->escalation_level == 0)
        return 1;
    if (step->escalation_level == 1 && step->level2_ms && now_ms >= step->level2_ms)
        return 2;
    if (step->escalation_level >= 2 && step->escalation_level < WF_ESCALATION_MAX &&
        step->next_level_ms && now_ms >= step->next_level_ms)
        return step->escalation_level + 1;
    return 0;
}

int64_t wf_escalation_next_ms(const Hr__Workflow__CaseStep *step)
{
    if (step->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE || !step->due_ms)
        return 0;
    if (s_remind_pending(step))
        return step->remind_ms;
    if (step->escalation_level == 0)
        return s_level1_ms(step);
    if (step->escalation_level == 1)
        return step->level2_ms;
    return step->escalation_level < WF_ESCALATION_MAX ? step->next_level_ms : 0;
}

static void s_add(const char **list, size_t *n, const char *no, const char *const *other,
                  size_t nother)
{
    if (!no || !*no)
        return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(list[i], no))
            return;
    for (size_t i = 0; i < nother; i++)
        if (!strcmp(other[i], no))
            return;
    list[(*n)++] = no;
}

void wf_escalation_recipients(unsigned level, const char *owner_no, const char *const *chain,
                              size_t nchain, const char *hr_head_no, wf_recipients_t *out)
{
    memset(out, 0, sizeof *out);
    // The owner is addressed at level 1 only: a step the HR head owns is not escalated to the HR
    // head (it climbs their own line), so no level above collapses onto the one who is late.
    const char *hr = hr_head_no && *hr_head_no && (!owner_no || strcmp(hr_head_no, owner_no))
                         ? hr_head_no
                         : NULL;
    if (level == 1) {
        s_add(out->to, &out->nto, owner_no, NULL, 0);
        // Someone above in copy: the superior, else (the owner is the top) the HR head.
        s_add(out->cc, &out->ncc, nchain ? chain[0] : hr, out->to, out->nto);
    } else if (level == 2) {
        // The superior's superior; on a line one long, the superior - its top, only copied at
        // level 1 - is addressed now. And the HR head; for an owner at the top, the HR head alone.
        s_add(out->to, &out->nto, nchain > 1 ? chain[1] : nchain ? chain[0] : NULL, NULL, 0);
        s_add(out->to, &out->nto, hr, NULL, 0);
        if (!out->nto)
            return; // nobody above the owner (the top, and the HR head): the ladder ends
        s_add(out->cc, &out->ncc, owner_no, out->to, out->nto);
        s_add(out->cc, &out->ncc, nchain ? chain[0] : NULL, out->to, out->nto);
    } else if (level > 2 && level <= WF_ESCALATION_MAX && nchain >= level) {
        // Only when someone is that high: the line below in copy, never the top alone.
        s_add(out->to, &out->nto, chain[level - 1], NULL, 0);
        s_add(out->cc, &out->ncc, owner_no, out->to, out->nto);
        for (unsigned i = 0; i + 1 < level; i++)
            s_add(out->cc, &out->ncc, chain[i], out->to, out->nto);
        s_add(out->cc, &out->ncc, hr, out->to, out->nto);
    }
}

bool wf_escalation_recipients_end(unsigned level, const char *owner_no, const char *const *chain,
                                  size_t nchain, const char *hr_head_no, const char *contact_no,
                                  wf_recipients_t *out)
{
    wf_escalation_recipients(level, owner_no, chain, nchain, hr_head_no, out);
    if (out->nto || level < 2 || level > WF_ESCALATION_MAX || !contact_no || !*contact_no ||
        (owner_no && !strcmp(contact_no, owner_no)))
        return false;
    // Only at the first level with nobody: the level below addressed someone, and not the
    // contact (a contact who is the top of the line, or the HR head, is not told twice in a row).
    wf_recipients_t below;
    wf_escalation_recipients(level - 1, owner_no, chain, nchain, hr_head_no, &below);
    if (!below.nto)
        return false;
    for (size_t i = 0; i < below.nto; i++)
        if (!strcmp(below.to[i], contact_no))
            return false;
    memset(out, 0, sizeof *out);
    out->to[out->nto++] = contact_no;
    const char *hr = hr_head_no && *hr_head_no && (!owner_no || strcmp(hr_head_no, owner_no))
                         ? hr_head_no
                         : NULL;
    s_add(out->cc, &out->ncc, owner_no, out->to, out->nto);
    for (size_t i = 0; i < nchain && i < WF_CHAIN_MAX; i++)
        s_add(out->cc, &out->ncc, chain[i], out->to, out->nto);
    s_add(out->cc, &out->ncc, hr, out->to, out->nto);
    return true;
}
