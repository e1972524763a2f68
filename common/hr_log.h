/*  hr_log - one logfmt line per event on stderr.
 *
 *  ts=2025-03-03T09:00:00.123Z lvl=info svc=workflow ev=case.opened case=01JN... ms=3
 *
 *  The caller's format produces the key=value tail; event names are noun.verb and stable.
 *  No personal data: ids only (STYLE.md 12).
 */
#ifndef HR_LOG_H
#define HR_LOG_H

#include <stdbool.h>
#include <stdio.h>

#include "hr_base.h"

// A call with an empty tail, hr_info("daemon.started", ""), is normal here: keep gcc's
// -Wformat-zero-length (on with -Wformat) from rejecting it in every file that logs.
#pragma GCC diagnostic ignored "-Wformat-zero-length"

typedef enum { HR_LOG_DEBUG = 0, HR_LOG_INFO, HR_LOG_WARN, HR_LOG_ERROR } hr_log_level_t;

// Longest service name kept by hr_log_init(); longer names are cut.
#define HR_LOG_SERVICE_MAX 31
// Longest line written, newline included; longer lines end in "..." before the newline.
#define HR_LOG_LINE_MAX 2048

// Sets the process-wide service name (copied, at most HR_LOG_SERVICE_MAX chars; NULL keeps the
// current one) and the minimum level written. Before the first call: svc "hr", level info.
void hr_log_init(const char *service, hr_log_level_t level);

// Parses "debug", "info", "warn" or "error" into *out. Returns false (and leaves *out) for
// anything else, including NULL.
bool hr_log_level_parse(const char *s, hr_log_level_t *out);

// Returns the lower-case name of a level ("info"); "unknown" for anything else.
const char *hr_log_level_name(hr_log_level_t level);

// Sends lines to f (borrowed; must outlive its use) instead of stderr. NULL restores stderr.
// For tests.
void hr_log_set_stream(FILE *f);

// Writes one line if level is at or above the minimum. event is "noun.verb"; fmt builds the
// key=value tail and may be "". Newlines in the tail become spaces; the line is written with a
// single write(2) so lines from several processes sharing stderr never interleave.
void hr_log(hr_log_level_t level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define hr_debug(ev, ...) hr_log(HR_LOG_DEBUG, ev, __VA_ARGS__)
#define hr_info(ev, ...) hr_log(HR_LOG_INFO, ev, __VA_ARGS__)
#define hr_warn(ev, ...) hr_log(HR_LOG_WARN, ev, __VA_ARGS__)
#define hr_error(ev, ...) hr_log(HR_LOG_ERROR, ev, __VA_ARGS__)

#endif
