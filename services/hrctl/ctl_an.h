/*  ctl_an.h - what hrctl's analytics commands (facts, warnings, quarantine, metrics, import,
 *  pull) share: one call to hr-analytics with the operator as actor.
 */
#ifndef CTL_AN_H
#define CTL_AN_H

#include "ctl_call.h"
#include "analytics.pb-c.h"

// Calls type on hr-analytics (endpoint from the config in config_dir, NULL for the default) as
// user "operator" with role "operator", frames (may be NULL) sent after the envelope. Returns
// the server's code, or HR_EUNAVAIL when no client could be made. Messages on stderr start
// with who ("hrctl facts"): "<who>: analytics: <why>" when there is no client,
// "<who>: [<what>: ]<code>: <message>" when the call fails. The reply is in arena memory.
hr_rc_t ctl_an_call(const char *who, const char *what, const char *config_dir, const char *type,
                    const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                    int timeout_ms, zmsg_t *frames, hr_arena_t *arena, void **reply_out);

#endif
