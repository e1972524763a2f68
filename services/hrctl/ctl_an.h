/*  ctl_an.h - what hrctl's analytics commands (facts, warnings, quarantine, metrics, import,
 *  pull) share: one call to hr-analytics, as the operator or as a person (--as).
 */
#ifndef CTL_AN_H
#define CTL_AN_H

#include "ctl_call.h"
#include "analytics.pb-c.h"

// --as EMPLOYEE_NO [--role r1,r2]: act as a person, as the gateway would for them, instead of
// the operator.
typedef struct {
    const char *as;    // --as (borrowed from argv); NULL = the operator
    const char *roles; // --role r1,r2 (borrowed); NULL = the directory's (ctl_as_actor)
} ctl_an_as_t;

// Takes --as and --role (each with its value) out of argv, in place, into *as; the new argc
// (argv[argc] stays NULL). -1 with a message on stderr starting with who when one lacks its
// value or --role comes without --as.
int ctl_an_as_options(const char *who, int argc, char **argv, ctl_an_as_t *as);

// Calls type on hr-analytics (endpoint from the config in config_dir, NULL for the default) as
// user "operator" with role "operator", or with as->as set as that person with the roles the
// people directory gives them or as->roles (ctl_as_actor: hr-analytics counts hr, hr_head and
// legal only as the directory gives them), frames (may be NULL) sent after the envelope.
// Returns the server's code, HR_EUNAVAIL when no client could be made, or ctl_as_actor's code
// (HR_EINVAL for an empty --as or a role that is none). Messages on stderr start with who
// ("hrctl facts"): "<who>: analytics: <why>" when there is no client, "<who>: [<what>: ]<code>:
// <message>" when the call fails. The reply is in arena memory.
hr_rc_t ctl_an_call(const char *who, const char *what, const char *config_dir,
                    const ctl_an_as_t *as, const char *type, const ProtobufCMessage *req,
                    const ProtobufCMessageDescriptor *reply_desc, int timeout_ms, zmsg_t *frames,
                    hr_arena_t *arena, void **reply_out);

#endif
