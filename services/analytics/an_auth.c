/*  an_auth - who may call hr-analytics (pure: the actor and the directory's entry in, a
 *  verdict out).
 *
 *  Roles are not taken as the caller claims them. The operator is hrctl's own identity
 *  (hr_actor_is_operator: user id "operator" with the role), never a person claiming the role.
 *  A person counts as hr (hr or hr_head, as hr-workflow counts HR) or legal only when they
 *  claim the role and the workflow's people directory gives it to their user id - the entry its
 *  workflow.RolesChanged events told this service (db roles). Without a workflow peer nothing
 *  tells this service who holds which role, so only the operator may act: trusting claims then
 *  would hand every person's attendance, KPIs and exit surveys to whoever says "hr". Someone the
 *  directory records as having left (left_ms, from RolesChanged) holds no role from that moment.
 *
 *  Legal reads as hr-workflow lets legal read (an_auth_reads_all): legal prepares the hearing
 *  of a case, so it reads the facts of a case's employee, and no one else's - not the warnings
 *  about everyone, nor the quarantined rows or an import's text, which are anyone's records.
 *  A line manager (`manager`, as the directory gives it) reads the process metrics of the cases
 *  of their reporting line and nothing else (an_auth_is_manager; the handler scopes the cases):
 *  their own and those of every manager whose chain of manager links in the directory reaches
 *  them (an_line_reaches: the superiors the escalation mails climb to), never a peer's.
 */
#include "an.h"

// The roles a route takes, in the order a refusal names them; legal only for reads.
static const char *const s_route_roles[] = {"hr", "hr_head", "legal"};
#define S_HR_ROLES 2 // the first S_HR_ROLES of s_route_roles are HR's

static bool s_gives(const Hr__Analytics__DirectoryRoles *p, const char *role)
{
    for (size_t i = 0; p && i < p->n_roles; i++)
        if (p->roles[i] && !strcmp(p->roles[i], role))
            return true;
    return false;
}

// The verdict; *claimed ("" on entry) gets the role a refusal is about.
static an_auth_t s_verdict(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p,
                           bool directory, bool legal_reads, int64_t now_ms, const char **claimed)
{
    if (hr_actor_is_operator(a))
        return AN_AUTH_OK;
    if (directory && p && p->left_ms > 0 && now_ms >= p->left_ms)
        return AN_AUTH_LEFT; // whatever the entry's roles: nobody from the day they left
    size_t n = legal_reads ? HR_ARRAY_LEN(s_route_roles) : S_HR_ROLES;
    for (size_t i = 0; i < n; i++) {
        const char *role = s_route_roles[i];
        if (!hr_actor_has_role(a, role))
            continue;
        if (directory && s_gives(p, role)) {
            *claimed = "";
            return AN_AUTH_OK;
        }
        if (!**claimed)
            *claimed = role;
    }
    if (!directory)
        return AN_AUTH_NO_DIRECTORY;
    if (**claimed)
        return AN_AUTH_NOT_IN_DIRECTORY;
    if (!hr_actor_has_role(a, "operator"))
        return AN_AUTH_NO_ROLE;
    *claimed = "operator";
    return AN_AUTH_NOT_OPERATOR;
}

an_auth_t an_auth_check(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p, bool directory,
                        bool legal_reads, int64_t now_ms, const char **role_out)
{
    const char *claimed = "";
    an_auth_t verdict = s_verdict(a, p, directory, legal_reads, now_ms, &claimed);
    if (role_out)
        *role_out = claimed;
    return verdict;
}

bool an_auth_reads_all(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p, bool directory,
                       int64_t now_ms)
{
    if (hr_actor_is_operator(a))
        return true;
    if (!directory || (p && p->left_ms > 0 && now_ms >= p->left_ms))
        return false;
    for (size_t i = 0; i < S_HR_ROLES; i++)
        if (hr_actor_has_role(a, s_route_roles[i]) && s_gives(p, s_route_roles[i]))
            return true;
    return false;
}

bool an_auth_is_manager(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p, bool directory,
                        int64_t now_ms)
{
    if (!directory || !p || (p->left_ms > 0 && now_ms >= p->left_ms))
        return false;
    return a && a->user_id && *a->user_id && hr_actor_has_role(a, "manager") &&
           s_gives(p, "manager");
}

// Whether the directory records no as having left by now_ms.
static bool s_link_left(an_link_fn *link, void *arg, const char *no, int64_t now_ms)
{
    an_link_t l = {"", 0};
    return link(arg, no, &l) && l.left_ms > 0 && now_ms >= l.left_ms;
}

bool an_line_reaches(const char *manager_no, const char *me, int64_t now_ms, an_link_fn *link,
                     void *arg)
{
    if (!manager_no || !*manager_no || !me || !*me || s_link_left(link, arg, me, now_ms))
        return false;
    const char *seen[AN_LINE_MAX + 1];
    const char *cur = manager_no;
    for (size_t depth = 0; depth <= AN_LINE_MAX; depth++) {
        if (!strcmp(cur, me))
            return true;
        for (size_t i = 0; i < depth; i++)
            if (!strcmp(seen[i], cur))
                return false; // a loop that slipped past the import: stop, never spin
        seen[depth] = cur;
        an_link_t l = {"", 0};
        if (!link(arg, cur, &l) || !l.manager_no || !*l.manager_no)
            return false; // the top, or someone the directory does not hold
        cur = l.manager_no;
    }
    return false; // deeper than any line followed
}
