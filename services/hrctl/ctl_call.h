/*  ctl_call.h - one call from hrctl to one daemon (ctl_call.c). */
#ifndef CTL_CALL_H
#define CTL_CALL_H

#include "ctl.h"
#include "hr.h"

// Calls type on the daemon `service` ("workflow", ...; endpoint from the config in config_dir,
// NULL for the default) acting as `as` (NULL: user and role "operator"), frames (may be NULL)
// sent after the envelope. Returns the server's code, or HR_EUNAVAIL when no client could be
// made. Messages on stderr start with who ("hrctl facts"): "<who>: <service>: <why>" when there
// is no client, "<who>: [<what>: ]<code>: <message>" when the call fails. The reply is in arena
// memory.
hr_rc_t ctl_service_call(const char *who, const char *service, const char *what,
                         const char *config_dir, const Hr__Actor *as, const char *type,
                         const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                         int timeout_ms, zmsg_t *frames, hr_arena_t *arena, void **reply_out);

// Before a call that may wait minutes (a backup, a verify): sys.Ping with a short deadline, so
// a daemon that is down is said at once ("<who>: hr-<service> does not answer: is it running?
// (hrctl health)") instead of after the long call's deadline. HR_OK when it answered.
#define CTL_PROBE_MS 1500
#define CTL_PROBE_ABOVE_MS 30000 // calls allowed longer than this are probed first
hr_rc_t ctl_probe(hr_client_t *client, const char *who, const char *service, hr_arena_t *arena);

#endif
