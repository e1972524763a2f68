/*  ctl_call.h - one call from hrctl to one daemon (ctl_call.c). */
#ifndef CTL_CALL_H
#define CTL_CALL_H

#include "ctl.h"
#include "hr.h"

// Calls type on the daemon `service` ("workflow", ...; endpoint from the config in config_dir,
// NULL for the default) acting as `as` (NULL: user and role "operator"), frames (may be NULL)
// sent after the envelope. Returns the server's code, or HR_EUNAVAIL when no client could be
// made. Messages on stderr start with who ("hrctl facts"): "<who>: <service>: <why>" when there
// is no client; when the call fails, the server's Chinese line "<who>: [<what>: ]<message_zh>"
// first when it gave one, then "<who>: [<what>: ]<code>: <message>". what is left out when it is
// type itself (a route is no word for a person). The reply is in arena memory.
hr_rc_t ctl_service_call(const char *who, const char *service, const char *what,
                         const char *config_dir, const Hr__Actor *as, const char *type,
                         const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                         int timeout_ms, zmsg_t *frames, hr_arena_t *arena, void **reply_out);

// Before a call that may wait minutes (a backup, a verify, an import): sys.Ping with a short
// deadline; when it gets no answer, says at once that the daemon is busy or not running and how
// long the call will wait (wait_ms), instead of minutes of silence. The call goes on either way:
// a daemon busy with a long request answers nothing meanwhile.
#define CTL_PROBE_MS 1500
#define CTL_PROBE_ABOVE_MS 30000 // calls allowed longer than this are probed first
void ctl_probe(hr_client_t *client, const char *who, const char *service, int wait_ms,
               hr_arena_t *arena);

#endif
