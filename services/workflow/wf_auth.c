/*  wf_auth - who may see a case, on the envelope's actor (DESIGN.md 7).
 *
 *  The gateway sets the actor after authentication; hrctl acts as "operator". HR and the
 *  operator see every case. A manager sees the cases they opened and the cases of people in
 *  their reporting line (so a superior sees what is escalated to them). The employee concerned
 *  never sees the case through this service, whatever roles their account holds. Pure.
 */
#include "wf.h"

bool wf_actor_has_role(const Hr__Actor *a, const char *role)
{
    for (size_t i = 0; i < a->n_roles; i++)
        if (a->roles[i] && !strcmp(a->roles[i], role))
            return true;
    return false;
}

bool wf_actor_is_hr(const Hr__Actor *a)
{
    return wf_actor_has_role(a, "operator") || wf_actor_has_role(a, "hr") ||
           wf_actor_has_role(a, "hr_head");
}

bool wf_auth_can_read(const Hr__Actor *a, const Hr__Workflow__Case *c, const char *const *chain,
                      size_t nchain)
{
    const char *me = a->user_id ? a->user_id : "";
    if (*me && !strcmp(me, c->employee_no) && !wf_actor_has_role(a, "operator"))
        return false;
    if (wf_actor_is_hr(a))
        return true;
    if (!*me)
        return false;
    if (!strcmp(me, c->manager_no) || !strcmp(me, c->opened_by))
        return true;
    for (size_t i = 0; i < nchain; i++)
        if (chain[i] && !strcmp(chain[i], me))
            return true;
    return false;
}
