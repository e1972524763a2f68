/*  ctl_an - hrctl's analytics commands call hr-analytics as the operator (ctl_call.c does the
 *  work).
 */
#include "ctl_an.h"

hr_rc_t ctl_an_call(const char *who, const char *what, const char *config_dir, const char *type,
                    const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                    int timeout_ms, zmsg_t *frames, hr_arena_t *arena, void **reply_out)
{
    return ctl_service_call(who, "analytics", what, config_dir, NULL, type, req, reply_desc,
                            timeout_ms, frames, arena, reply_out);
}
