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
 *  A line manager (`manager`, as the directory gives it) reads the process metrics of their own
 *  cases and nothing else (an_auth_is_manager; the handler scopes the cases).
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
