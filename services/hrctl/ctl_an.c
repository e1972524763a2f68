/*  ctl_an - hrctl's analytics commands call hr-analytics as the operator, or as a person with
 *  --as (ctl_as_actor finds their roles in the people directory; ctl_call.c does the call).
 */
#include "ctl_an.h"
#include "ctl_wf.h"

#include <string.h>

int ctl_an_as_options(const char *who, int argc, char **argv, ctl_an_as_t *as)
{
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool as_opt = !strcmp(a, "--as"), role_opt = !strcmp(a, "--role");
        if ((as_opt || role_opt) && i + 1 >= argc) {
            fprintf(stderr, "%s: %s needs a value\n", who, a);
            return -1;
        }
        if (as_opt)
            as->as = argv[++i];
        else if (role_opt)
            as->roles = argv[++i];
        else
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    if (as->roles && !as->as) {
        fprintf(stderr, "%s: --role names the roles of --as EMPLOYEE_NO\n", who);
        return -1;
    }
    return out;
}

hr_rc_t ctl_an_call(const char *who, const char *what, const char *config_dir,
                    const ctl_an_as_t *as, const char *type, const ProtobufCMessage *req,
                    const ProtobufCMessageDescriptor *reply_desc, int timeout_ms, zmsg_t *frames,
                    hr_arena_t *arena, void **reply_out)
{
    Hr__Actor actor;
    if (as && as->as) {
        hr_rc_t rc = ctl_as_actor(who, config_dir, as->as, as->roles, arena, &actor);
        if (rc)
            return rc;
    }
    return ctl_service_call(who, "analytics", what, config_dir, as && as->as ? &actor : NULL, type,
                            req, reply_desc, timeout_ms, frames, arena, reply_out);
}
