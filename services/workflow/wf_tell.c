/*  wf_tell - what the workflow tells people about a case and what a list shows of it.
 *
 *  The findings a returned case carries, as a text in the reader's language (numbered, with the
 *  article, the fact and what to attach: hr_law's messages say all three), bounded so it fits a
 *  notify variable - on a return with HR's note and what is attached that HR did not accept;
 *  whether a return is for a statutory protection that no evidence can cure (the case is then
 *  blocked, not late); who is told of a withdrawal; which open duty of a closed case a list
 *  shows; and the pieces of the employee's meeting texts (whether the interview was held, the
 *  company's practice on being accompanied, a list of names). Pure: the findings the caller
 *  passes are the ones the reader may see (wf_finding_for), and strings come from the arena.
 */
#include "wf.h"

static bool s_is_block(const Hr__Workflow__Finding *f)
{
    return f && f->severity && !strcmp(f->severity, "block");
}

size_t wf_tell_block_count(Hr__Workflow__Finding *const *findings, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += s_is_block(findings[i]);
    return count;
}

// At most max bytes of s, cut on a UTF-8 character boundary (arena).
static char *s_clip(hr_arena_t *arena, const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max)
        return hr_arena_strdup(arena, s);
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return hr_arena_fmt(arena, "%.*s…", (int)max, s);
}

// Whether f is a finding that its ground may not be used here, which more evidence cures only
// when the directory's record is wrong (hr_law: "... or use another ground").
static bool s_wants_other_ground(const Hr__Workflow__Finding *f)
{
    static const char *const codes[] = {"PROBATION_NONE", "PROBATION_OVER"};
    for (size_t i = 0; f->code && i < HR_ARRAY_LEN(codes); i++)
        if (!strcmp(f->code, codes[i]))
            return true;
    return false;
}

// The way out of a case on a ground that cannot be used: withdrawn, and a new case opened.
static const char *s_other_ground(const Hr__Workflow__Case *c, bool en, hr_arena_t *arena)
{
    return hr_arena_fmt(arena,
                        en ? "If this ground cannot be used, more materials will not help: "
                             "withdraw this case (hrctl case withdraw %s REASON) and open a new "
                             "case on the right ground (hrctl case open)."
                           : "如确不能使用该解除理由，补充材料无济于事：请撤回本案件（hrctl case "
                             "withdraw %s 原因），再以正确的解除理由新建案件（hrctl case open）。",
                        c->id);
}

// The findings text; with c, each finding followed by what is attached for its fact and HR did
// not accept, and by the way out when it wants another ground; with a note, HR's note first.
static char *s_findings_text(const Hr__Workflow__Case *c, Hr__Workflow__Finding *const *findings,
                             size_t n, const char *note, bool en, hr_arena_t *arena)
{
    char *out = hr_arena_alloc(arena, WF_TELL_TEXT_MAX + 1);
    size_t off = 0, shown = 0, total = wf_tell_block_count(findings, n);
    out[0] = '\0';
    if (note && *note) {
        char *head = hr_arena_fmt(arena, en ? "HR's note: %s\n" : "HR 说明：%s\n",
                                  s_clip(arena, note, WF_TELL_NOTE_MAX));
        memcpy(out, head, strlen(head) + 1);
        off = strlen(head);
    }
    size_t first = off; // where the numbered lines start
    for (size_t i = 0; i < n; i++) {
        const Hr__Workflow__Finding *f = findings[i];
        if (!s_is_block(f))
            continue;
        const char *msg = en ? f->message_en : f->message_zh;
        const char *left = c ? wf_review_not_accepted(c, f, en, arena) : NULL;
        if (c && s_wants_other_ground(f)) {
            const char *out_way = s_other_ground(c, en, arena);
            left = left ? hr_arena_fmt(arena, "%s\n   %s", left, out_way) : out_way;
        }
        // The English leads with the article's reference ([LCL 39(1)]), which people grep; the
        // Chinese message cites it already, the legislature's way, so a code would only repeat it.
        const char *article = f->article && *f->article ? f->article : "-";
        const char *head = en ? hr_arena_fmt(arena, "[%s] %s", article, msg && *msg ? msg : f->code)
                           : msg && *msg ? msg
                                         : wf_article_zh(arena, article);
        char *line = hr_arena_fmt(arena, "%s%zu. %s%s%s", off > first ? "\n" : "", shown + 1, head,
                                  left ? "\n   " : "", left ? left : "");
        // Room is kept for the closing line that says how many more there are.
        if (off + strlen(line) > WF_TELL_TEXT_MAX - WF_TELL_MORE_MAX)
            break;
        memcpy(out + off, line, strlen(line) + 1);
        off += strlen(line);
        shown++;
    }
    if (shown < total)
        snprintf(out + off, WF_TELL_TEXT_MAX + 1 - off,
                 en ? "%s... and %zu more: see the case in the system."
                    : "%s……另有 %zu 项，请在系统中查看该案件。",
                 off > first ? "\n" : "", total - shown);
    return out;
}

char *wf_tell_findings_text(Hr__Workflow__Finding *const *findings, size_t n, bool en,
                            hr_arena_t *arena)
{
    return s_findings_text(NULL, findings, n, NULL, en, arena);
}

char *wf_tell_returned_text(const Hr__Workflow__Case *c, Hr__Workflow__Finding *const *findings,
                            size_t n, const char *note, bool en, hr_arena_t *arena)
{
    return s_findings_text(c, findings, n, note, en, arena);
}

bool wf_tell_is_blocked(const Hr__Workflow__Assessment *a)
{
    for (size_t i = 0; a && i < a->n_findings; i++)
        if (s_is_block(a->findings[i]) && wf_finding_is_protected(a->findings[i]))
            return true;
    return false;
}

bool wf_tell_is_lasting(const Hr__Workflow__Assessment *a)
{
    bool any = false;
    for (size_t i = 0; a && i < a->n_findings; i++) {
        const Hr__Workflow__Finding *f = a->findings[i];
        if (!s_is_block(f) || !wf_finding_is_protected(f))
            continue;
        if (strcmp(f->code, WF_CODE_LONG_SERVICE))
            return false;
        any = true;
    }
    return any;
}

bool wf_tell_case_is_blocked(const Hr__Workflow__Case *c)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    return cur && !strcmp(cur->key, WF_STEP_REQUEST) && c->returns &&
           wf_tell_is_blocked(c->assessment);
}

void wf_tell_block_step(Hr__Workflow__CaseStep *st)
{
    st->due_ms = st->overdue_ms = st->level2_ms = st->next_level_ms = st->remind_ms = 0;
    st->escalation_level = 0;
    st->reminded = false;
}

static void s_add(const char **out, size_t *n, size_t max, const char *no, const char *const *skip,
                  size_t nskip)
{
    if (!no || !*no || *n >= max)
        return;
    for (size_t i = 0; i < nskip; i++)
        if (skip[i] && !strcmp(skip[i], no))
            return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(out[i], no))
            return;
    out[(*n)++] = no;
}

size_t wf_tell_withdrawn_to(const Hr__Workflow__Case *c, const char *hr_no, const char *superior_no,
                            const char *by, const char *const *escalated, size_t nescalated,
                            const char **out, size_t max)
{
    // Whoever withdrew it knows; the employee is never told of a case through this.
    const char *skip[2] = {by, c->employee_no};
    size_t n = 0;
    s_add(out, &n, max, hr_no, skip, 2);
    if (c->wants_superior_approval)
        s_add(out, &n, max, superior_no, skip, 2);
    // The manager now (HR or the operator withdrew it, or HR reassigned it before): the case they
    // answer for ended.
    s_add(out, &n, max, c->manager_no, skip, 2);
    if (c->interview) // everyone invited: the manager (above) and the HR person who prepared it
        for (size_t i = 0; i < c->n_steps; i++)
            if (!strcmp(c->steps[i]->key, WF_STEP_PREPARE))
                s_add(out, &n, max, c->steps[i]->owner_no, skip, 2);
    // Whoever owed the stage it stood at, and whoever its escalations reached.
    for (size_t i = 0; i < nescalated; i++)
        s_add(out, &n, max, escalated[i], skip, 2);
    return n;
}

const Hr__Workflow__CaseStep *wf_tell_open_duty(const Hr__Workflow__Case *c, uint32_t *nopen)
{
    const Hr__Workflow__CaseStep *best = NULL;
    *nopen = 0;
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED)
        return NULL;
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty || st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
            continue;
        // Keeping the records is owed for two years and is nobody's task until its day: it is
        // shown only once it is overdue.
        if (wf_steps_is_retention(st) && !st->escalation_level)
            continue;
        (*nopen)++;
        if (!best || st->escalation_level > best->escalation_level ||
            (st->escalation_level == best->escalation_level && st->due_ms &&
             (!best->due_ms || st->due_ms < best->due_ms)))
            best = st;
    }
    return best;
}

bool wf_tell_interview_held(const Hr__Workflow__Case *c)
{
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_INTERVIEW))
            return c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    return false;
}

const char *wf_tell_accompany(bool en, bool has_union)
{
    // Worded as what the company does: PRC law gives no statutory right to a hearing for most
    // grounds, and a union is named only where the company has one.
    if (en)
        return has_union ? "As is the company's practice, you may ask a colleague or a union "
                           "representative to accompany you; if you wish to, please tell the "
                           "contact person beforehand."
                         : "As is the company's practice, you may ask a colleague to accompany "
                           "you; if you wish to, please tell the contact person beforehand.";
    return has_union ? "按公司惯例，您可以请一名本公司同事或工会代表陪同出席；如需陪同，请提前告知"
                       "联系人。"
                     : "按公司惯例，您可以请一名本公司同事陪同出席；如需陪同，请提前告知联系人。";
}

char *wf_tell_names(const char *const *names, size_t n, bool en, hr_arena_t *arena)
{
    char *out = "";
    for (size_t i = 0; i < n; i++) {
        bool seen = !names[i] || !*names[i];
        for (size_t k = 0; k < i && !seen; k++)
            seen = names[k] && !strcmp(names[k], names[i]);
        if (seen)
            continue;
        out = hr_arena_fmt(arena, "%s%s%s", out, *out ? (en ? ", " : "、") : "", names[i]);
    }
    return out;
}
