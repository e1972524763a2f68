/*  hr_clock - the two time readings every daemon uses: UTC wall time and monotonic time.
 *
 *  Production uses hr_clock_system_new(); unit tests use hr_clock_fake_new(t0) and move time
 *  with hr_clock_fake_advance(). Domain code never reads a clock: it takes now_ms (STYLE.md 11).
 */
#ifndef HR_CLOCK_H
#define HR_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "hr_base.h"

typedef struct hr_clock hr_clock_t;

// Returns an owned clock reading the real wall clock (CLOCK_REALTIME) and CLOCK_MONOTONIC.
hr_clock_t *hr_clock_system_new(void);

// Returns an owned fake clock: now_ms starts at t0_ms, mono_ms at 0, and both move only by
// hr_clock_fake_advance().
hr_clock_t *hr_clock_fake_new(int64_t t0_ms);

// Advances both readings of a fake clock by ms (>= 0). Asserts that self is fake.
void hr_clock_fake_advance(hr_clock_t *self, int64_t ms);

// Sets an offset added to now_ms (never to mono_ms). Used by sys.ClockSet in test builds; a
// production daemon never sets it. 0 removes it.
void hr_clock_set_offset(hr_clock_t *self, int64_t offset_ms);

// Returns the offset set by hr_clock_set_offset() (0 by default).
int64_t hr_clock_offset_ms(const hr_clock_t *self);

// True for clocks made by hr_clock_fake_new().
bool hr_clock_is_fake(const hr_clock_t *self);

// Returns UTC wall time in ms since the Unix epoch, plus the offset.
int64_t hr_clock_now_ms(const hr_clock_t *self);

// Returns monotonic time in ms (arbitrary origin): for timeouts, back-off and heartbeats only.
int64_t hr_clock_mono_ms(const hr_clock_t *self);

// Returns real monotonic time in microseconds, whatever clock the daemon runs on: for saying
// in a log line how long work took (a disk's flush, a commit), never for deciding anything.
int64_t hr_stopwatch_us(void);

// Frees *self_p and sets it to NULL; accepts NULL and *self_p == NULL.
void hr_clock_destroy(hr_clock_t **self_p);

// Bytes hr_time_iso() needs, including the NUL: "2025-03-03T09:00:00.123Z".
#define HR_TIME_ISO_LEN 25

// Formats UTC ms as "2025-03-03T09:00:00.123Z" into buf (at least HR_TIME_ISO_LEN bytes) and
// returns buf. Values outside years 0000..9999 are clamped to that range.
char *hr_time_iso(int64_t ms, char *buf);

#endif
