/*  hr - umbrella header: system and dependency headers plus every hr_common module.
 *
 *  Service code includes its own <svc>.h, which includes this. Modules written on other branches
 *  are included only once they exist (__has_include), so this header compiles at every step of
 *  the merge order.
 */
#ifndef HR_H
#define HR_H

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <czmq.h>
#include <lmdb.h>
#include <protobuf-c/protobuf-c.h>

#include "hr_base.h"
#include "hr_log.h"
#include "hr_clock.h"
#include "hr_config.h"
#include "hr_arena.h"
#include "hr_id.h"
#include "hr_timers.h"
#include "hr_calendar.h"
#include "hr_curve.h"
#include "hr_contact.h"
#include "hr_file.h"

#if __has_include("hr_store.h")
#include "hr_store.h"
#endif
#if __has_include("hr_envelope.h")
#include "hr_envelope.h"
#endif
#if __has_include("hr_server.h")
#include "hr_server.h"
#endif
#if __has_include("hr_client.h")
#include "hr_client.h"
#endif
#if __has_include("hr_outbox.h")
#include "hr_outbox.h"
#endif
#if __has_include("hr_events.h")
#include "hr_events.h"
#endif
#if __has_include("hr_daemon.h")
#include "hr_daemon.h"
#endif

#endif
