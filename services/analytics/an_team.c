/*  an_team - whom a person is compared with over a window: their department on the window's last
 *  day, from the department history (dept_days: every people import dates the departments it
 *  gives from its day; README "Team"), and the people in that department on that day.
 *
 *  Before, the team was today's department: a people import that moved two colleagues out in
 *  November changed an October fact's team from 5 to 3 after the fact. Where the history does
 *  not reach the day (the person's first people import came after it), the team is today's
 *  department, and the fact says so (an_team_t.today).
 *
 *  Each membership names the people import's record that made it (an_dept_src_t: the history
 *  entry's, kept since 2026-11-29; the person's row for today's department), so a hearing
 *  traces the team back to a file like every other fact (README "Team").
 */
#include "an.h"

hr_rc_t an_team_of(hr_txn_t *txn, const Hr__Analytics__Person *p, int32_t day, an_team_t *out)
{
    memset(out, 0, sizeof *out);
    out->day = day;
    hr_rc_t rc =
        an_store_dept_on_src(txn, p->employee_no, day, out->department, &out->first, &out->src);
    if (rc == HR_ENOTFOUND) {
        out->today = true;
        snprintf(out->department, sizeof out->department, "%s", p->department);
        out->src = (an_dept_src_t){p->file_no, p->line, p->offset, INT32_MIN};
        return HR_OK;
    }
    return rc;
}

hr_rc_t an_team_src(hr_txn_t *txn, const an_team_t *t, const char *emp, hr_arena_t *arena,
                    an_dept_src_t *src)
{
    memset(src, 0, sizeof *src);
    src->since = INT32_MIN;
    if (!t->today) {
        char dept[AN_ID_MAX + 1];
        hr_rc_t rc = an_store_dept_on_src(txn, emp, t->day, dept, NULL, src);
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    }
    Hr__Analytics__Person *p = NULL;
    hr_rc_t rc = an_store_person_get(txn, emp, arena, &p);
    if (rc)
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    *src = (an_dept_src_t){p->file_no, p->line, p->offset, INT32_MIN};
    return HR_OK;
}

typedef struct {
    hr_txn_t *txn;
    const an_team_t *team;
    an_each_fn *fn;
    void *arg;
} s_on_t;

static hr_rc_t s_on(void *arg, const char *emp)
{
    s_on_t *w = arg;
    char dept[AN_ID_MAX + 1];
    hr_rc_t rc = an_store_dept_on(w->txn, emp, w->team->day, dept, NULL);
    if (rc == HR_ENOTFOUND)
        return HR_OK; // not in the people feed yet on that day
    if (rc)
        return rc;
    return strcmp(dept, w->team->department) ? HR_OK : w->fn(w->arg, emp);
}

hr_rc_t an_team_each(hr_txn_t *txn, const an_team_t *t, an_each_fn *fn, void *arg)
{
    if (t->today)
        return an_store_dept_each(txn, t->department, fn, arg);
    s_on_t w = {txn, t, fn, arg};
    return an_store_dept_ever_each(txn, t->department, s_on, &w);
}
