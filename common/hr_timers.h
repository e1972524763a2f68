/*  hr_timers - a small list of one-shot and repeating timers on monotonic time, for the poll loop.
 *
 *      int wait_ms = hr_timers_wait_ms(timers, HR_LOOP_MAX_WAIT_MS);
 *      zpoller_wait(poller, wait_ms);
 *      ...
 *      hr_timers_run_due(timers);
 *
 *  For loop housekeeping (ticks, retries, heartbeats) only: business deadlines live in LMDB
 *  (STYLE.md 11), never here.
 */
#ifndef HR_TIMERS_H
#define HR_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

#include "hr_base.h"
#include "hr_clock.h"

typedef struct hr_timers hr_timers_t;
typedef void(hr_timer_fn)(void *arg);

// Returns an owned, empty timer list reading mono time from clock (borrowed: must outlive it).
hr_timers_t *hr_timers_new(hr_clock_t *clock);

// Frees the list (callbacks are not called); sets *self_p to NULL; accepts NULL.
void hr_timers_destroy(hr_timers_t **self_p);

// Adds a timer that first fires interval_ms (>= 0) from now, then, if repeat (interval_ms > 0),
// every interval_ms after it last ran. arg is borrowed and passed to fn. Returns the timer's
// id, > 0. May be called from inside a callback; the new timer runs no earlier than the next
// hr_timers_run_due().
int hr_timers_add(hr_timers_t *self, int64_t interval_ms, bool repeat, hr_timer_fn *fn, void *arg);

// Tests only: the id the next add tries first (ids wrap from INT_MAX to 1, skipping live ones).
void hr_timers_seed_id(hr_timers_t *self, int next_id);

// Removes the timer with this id; an unknown or already-finished id is ignored. Safe from inside
// a callback, including the timer's own.
void hr_timers_cancel(hr_timers_t *self, int id);

// Returns the ms until the earliest timer is due, clamped to [0, max_ms]; max_ms when there is
// no timer. A negative max_ms means no upper bound (zpoller's "wait forever"): then -1 is
// returned when there is no timer.
int hr_timers_wait_ms(const hr_timers_t *self, int max_ms);

// Runs every timer due now, once each, earliest first. One-shot timers are removed before their
// callback runs; repeating ones are rescheduled from now before it runs, so a loop that fell
// behind gets one call, not a burst of catch-up calls.
void hr_timers_run_due(hr_timers_t *self);

// Returns the number of live timers.
size_t hr_timers_size(const hr_timers_t *self);

#endif
