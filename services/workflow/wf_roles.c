/*  wf_roles - who the HR head and the legal reviewer are (settings hr_head and legal_head),
 *  chosen from the directory at every people import and at start-up by one documented rule:
 *  the person config names (roles/hr_head, roles/legal), else the only active holder of the
 *  role, else the first active holder by employee number - with a warning naming them all,
 *  given back by the import, logged and kept in the setting roles_note for sys.Status. People
 *  who have left (left_date reached) never count. The escalation contact (escalation/contact,
 *  the end of the deadline ladder) is checked against the directory at the same times: someone
 *  not in it, or gone, is not stored, and the note says so. At the same times each union that
 *  stands for a place (the head office's, a branch's own: wf_branch_union) is checked for
 *  someone to receive its notices (LCL 43): one with nobody is warned of, named by its
 *  has_union key - the same as sys.Status's union_nobody= lines (hrctl health).
 */
#include "wf.h"

#include <stdio.h>
#include <string.h>

// Whether p has role among its roles.
static bool s_holds(const Hr__Workflow__Person *p, const char *role)
{
    for (size_t k = 0; k < p->n_roles; k++)
        if (!strcmp(p->roles[k], role))
            return true;
    return false;
}

static bool s_active(const Hr__Workflow__Person *p, int64_t now_ms)
{
    return !p->left_ms || p->left_ms > now_ms;
}

// The active holders of role, in employee number order (the directory's key order): the first
// in *first ("" when none), all of them as "A, B, C" in *list (arena). Returns how many.
static size_t s_holders(Hr__Workflow__Person *const *all, size_t n, const char *role,
                        int64_t now_ms, hr_arena_t *arena, const char **first, const char **list)
{
    size_t count = 0;
    *first = "";
    *list = "";
    for (size_t i = 0; i < n; i++) {
        if (!s_active(all[i], now_ms) || !s_holds(all[i], role))
            continue;
        if (!count++)
            *first = all[i]->employee_no;
        *list = count == 1 ? all[i]->employee_no
                           : hr_arena_fmt(arena, "%s, %s", *list, all[i]->employee_no);
    }
    return count;
}

static const Hr__Workflow__Person *s_find(Hr__Workflow__Person *const *all, size_t n,
                                          const char *no)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(all[i]->employee_no, no))
            return all[i];
    return NULL;
}

// The problems in doubt about the choice: in English (the setting roles_note, sys.Status, the
// log) and in Chinese (the import's warning for HR).
typedef struct {
    char *en; // arena, "" when none
    char *zh; // arena, "" when none
} s_note_t;

// Appends one problem to the note ("; " and "；" between them).
static void s_note(hr_arena_t *arena, s_note_t *note, const char *en, const char *zh)
{
    note->en = *note->en ? hr_arena_fmt(arena, "%s; %s", note->en, en) : hr_arena_strdup(arena, en);
    note->zh = *note->zh ? hr_arena_fmt(arena, "%s；%s", note->zh, zh) : hr_arena_strdup(arena, zh);
}

// The person config names for key, when they may hold it (in the directory, not left, holding
// one of roles): their number; else "" - with a note saying why, when a name was given.
static const char *s_named(Hr__Workflow__Person *const *all, size_t n, const char *key,
                           const char *named, const char *const *roles, int64_t now_ms,
                           hr_arena_t *arena, s_note_t *note)
{
    if (!named || !*named)
        return "";
    const Hr__Workflow__Person *p = s_find(all, n, named);
    const char *why = NULL, *why_zh = NULL;
    if (!p) {
        why = "is not in the directory";
        why_zh = "不在名册中";
    } else if (!s_active(p, now_ms)) {
        why = hr_arena_fmt(arena, "has left (left_date %s)", p->left_date);
        why_zh = hr_arena_fmt(arena, "已离职（离职日期%s）", p->left_date);
    } else if (!s_holds(p, roles[0]) && !(roles[1] && s_holds(p, roles[1]))) {
        why = hr_arena_fmt(arena, "holds no role %s%s%s", roles[0], roles[1] ? " or " : "",
                           roles[1] ? roles[1] : "");
        why_zh = hr_arena_fmt(arena, "没有%s%s%s角色", roles[0], roles[1] ? "或" : "",
                              roles[1] ? roles[1] : "");
    }
    if (!why)
        return p->employee_no;
    s_note(arena, note,
           hr_arena_fmt(arena, "%s names %s, who %s: not taken; the rule below chose instead", key,
                        named, why),
           hr_arena_fmt(arena, "workflow.cfg的%s指定了%s，但此人%s：未采用，改按规则选定", key,
                        named, why_zh));
    return "";
}

// The only active holder of role, else the first by employee number with a note naming all.
// "" when nobody holds it.
static const char *s_first(Hr__Workflow__Person *const *all, size_t n, const char *role,
                           const char *what, const char *what_zh, const char *key, int64_t now_ms,
                           hr_arena_t *arena, s_note_t *note)
{
    const char *first = "", *list = "";
    size_t count = s_holders(all, n, role, now_ms, arena, &first, &list);
    if (count > 1)
        s_note(arena, note,
               hr_arena_fmt(arena,
                            "%zu active people hold %s (%s): the %s is %s, the first by employee "
                            "number; name one with %s in workflow.cfg",
                            count, role, list, what, first, key),
               hr_arena_fmt(arena,
                            "有%zu名在职人员担任%s（%s）：%s定为工号排第一的%s；请在workflow.cfg的"
                            "%s中指定一人",
                            count, role, list, what_zh, first, key));
    return first;
}

const char *wf_roles_contact_malformed(const char *no)
{
    if (!*no)
        return "is empty (leave the key out for no contact)";
    if (strlen(no) > WF_KEY_MAX)
        return "is longer than an employee number may be";
    for (const char *c = no; *c; c++)
        if (*c == ' ' || *c == ';' || *c == '|' || (unsigned char)*c < 0x20)
            return "holds a space or separator: give one employee number";
    if (hr_user_id_is_reserved(no))
        return "is reserved for the operator and the daemons: give a person's employee number";
    return NULL;
}

// The escalation contact config names, when in the directory and not left: their number; else
// "" - with a note saying why, when one was named. Any role will do: whoever HR chose.
static const char *s_contact(Hr__Workflow__Person *const *all, size_t n, const char *named,
                             int64_t now_ms, hr_arena_t *arena, s_note_t *note)
{
    if (!named || !*named)
        return "";
    const Hr__Workflow__Person *p = s_find(all, n, named);
    if (p && s_active(p, now_ms))
        return p->employee_no;
    const char *why = p ? hr_arena_fmt(arena, "has left (left_date %s)", p->left_date)
                        : "is not in the directory";
    const char *why_zh =
        p ? hr_arena_fmt(arena, "已离职（离职日期%s）", p->left_date) : "不在名册中";
    s_note(arena, note,
           hr_arena_fmt(arena,
                        "escalation/contact names %s, who %s: escalations past the top of a line "
                        "reach nobody until the directory has them or the config names another",
                        named, why),
           hr_arena_fmt(arena,
                        "workflow.cfg的escalation/contact指定了%s，但此人%s：超过汇报线顶端的逾期"
                        "升级将无人接收，请在名册中补上此人或在配置中另行指定",
                        named, why_zh));
    return "";
}

hr_rc_t wf_roles_update(hr_txn_t *txn, hr_arena_t *arena, wf_roles_config_t *cfg, int64_t now_ms,
                        wf_errors_t *warns)
{
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    hr_rc_t rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n);
    if (rc)
        return rc;
    s_note_t notes = {"", ""};
    const char *head = s_named(all, n, "roles/hr_head", cfg ? cfg->hr_head : "",
                               (const char *const[]){"hr_head", "hr"}, now_ms, arena, &notes);
    if (!*head)
        head = s_first(all, n, "hr_head", "HR head", "HR负责人", "roles/hr_head", now_ms, arena,
                       &notes);
    if (!*head)
        head =
            s_first(all, n, "hr", "HR head (nobody active holds hr_head)",
                    "HR负责人（没有在职人员担任hr_head）", "roles/hr_head", now_ms, arena, &notes);
    const char *legal = s_named(all, n, "roles/legal", cfg ? cfg->legal : "",
                                (const char *const[]){"legal", NULL}, now_ms, arena, &notes);
    if (!*legal)
        legal = s_first(all, n, "legal", "legal reviewer", "法务审核人", "roles/legal", now_ms,
                        arena, &notes);
    if (n && !*head)
        s_note(arena, &notes,
               "no active person holds hr_head or hr: there is no HR head (HR steps wait for "
               "nobody)",
               "没有在职人员担任hr_head或hr：没有HR负责人（HR的步骤将无人处理）");
    const char *contact = s_contact(all, n, cfg ? cfg->contact : "", now_ms, arena, &notes);
    const char *note = notes.en;
    rc = wf_store_setting_put(txn, WF_SETTING_HR_HEAD, head);
    if (!rc)
        rc = wf_store_setting_put(txn, WF_SETTING_ESCALATION, contact);
    if (!rc)
        rc = wf_store_setting_put(txn, WF_SETTING_LEGAL, legal);
    if (!rc)
        rc = wf_store_setting_put(txn, WF_SETTING_ROLES_NOTE, note);
    if (!rc && *note && warns) {
        wf_errors_add(warns, arena, 0, "roles", "%s", note);
        wf_errors_zh(warns, arena, "：%s", notes.zh);
    }
    if (!rc && cfg) {
        snprintf(cfg->chosen, sizeof cfg->chosen, "hr_head=%s legal=%s%s%s", head, legal,
                 *contact ? " escalation_contact=" : "", contact);
        snprintf(cfg->warning, sizeof cfg->warning, "%s", note);
    }
    return rc;
}

hr_rc_t wf_roles_unions_unreached(const wf_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                                  int64_t now_ms, const char **out, size_t *n)
{
    *n = 0;
    Hr__Workflow__Person **all = NULL;
    size_t npeople = 0;
    Hr__Workflow__Department **depts = NULL;
    size_t ndepts = 0;
    hr_rc_t rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &npeople);
    if (!rc)
        rc = wf_store_departments_all(txn, arena, WF_PEOPLE_MAX, &depts, &ndepts);
    if (rc)
        return rc;
    wf_dept_map_t map;
    wf_dept_map_init(&map, depts, ndepts, arena);
    *n = wf_unions_unreached(self->branches, self->nbranches, self->law.has_union, &map, all,
                             npeople, now_ms, out, WF_BRANCH_MAX + 1);
    return HR_OK;
}

const char *wf_roles_union_nobody_line(const wf_server_t *self, const char *union_of,
                                       hr_arena_t *arena)
{
    if (*union_of)
        return hr_arena_fmt(arena, "union_nobody=branch/%s/has_union", union_of);
    const char *shared =
        wf_union_branches(self->branches, self->nbranches, self->law.has_union, "", ",", arena);
    return hr_arena_fmt(arena, "union_nobody=law/has_union%s%s", *shared ? " branches=" : "",
                        shared);
}

// Each union with nobody to receive its notices, warned of in the log (at start-up). A read
// that fails says so and stops nothing: sys.Status asks again.
static void s_unions_log(const wf_server_t *self, hr_txn_t *txn, hr_arena_t *arena)
{
    const char *unreached[WF_BRANCH_MAX + 1];
    size_t n = 0;
    hr_rc_t rc =
        wf_roles_unions_unreached(self, txn, arena, hr_clock_now_ms(self->clock), unreached, &n);
    if (rc)
        hr_error("union.check", "rc=%s (whether each union has someone to tell is unknown)",
                 hr_rc_name(rc));
    for (size_t i = 0; i < n; i++)
        hr_warn("union.nobody",
                "%s (LCL 43: nobody active with role union of that union and an email or a "
                "mobile in the directory; its notices reach nobody)",
                wf_roles_union_nobody_line(self, unreached[i], arena) + strlen("union_nobody="));
}

hr_rc_t wf_roles_start(wf_server_t *self)
{
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_write(self->store, &txn);
    if (!rc)
        rc = wf_roles_update(txn, self->tick_arena, &self->roles, hr_clock_now_ms(self->clock),
                             NULL);
    if (!rc)
        s_unions_log(self, txn, self->tick_arena);
    if (!rc)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    hr_arena_reset(self->tick_arena);
    if (rc)
        hr_error("roles.update", "rc=%s", hr_rc_name(rc));
    else if (*self->roles.warning)
        hr_warn("roles.ambiguous", "%s problem=\"%s\"", self->roles.chosen, self->roles.warning);
    else
        hr_info("roles.chosen", "%s", self->roles.chosen);
    return rc;
}

void wf_roles_status(wf_server_t *self, Hr__Sys__StatusReply *rep, hr_arena_t *arena)
{
    char **extra = hr_arena_alloc(arena, (rep->n_extra + 2) * sizeof *extra);
    if (rep->n_extra)
        memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
    rep->extra = extra;
    rep->extra[rep->n_extra++] = hr_arena_strdup(arena, self->roles.chosen);
    if (*self->roles.warning)
        rep->extra[rep->n_extra++] =
            hr_arena_fmt(arena, "roles_warning=\"%s\"", self->roles.warning);
}
