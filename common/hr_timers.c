/*  hr_timers - timer list for the single-threaded poll loop (Redis serverCron in miniature).
 *
 *  Timers sit in a plain array in insertion order; a daemon has a handful, so linear scans beat
 *  a heap for clarity. Callbacks may add and cancel timers, which can move or reallocate the
 *  array, so hr_timers_run_due() first snapshots the ids of the due timers (into `due`, reused
 *  between runs), then for each id looks the timer up again, updates or removes it, and only
 *  then calls it. A timer cancelled by an earlier callback in the same run is simply not found;
 *  a timer added by a callback is not in the snapshot and waits for the next run.
 */
#include "hr_timers.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define HR_TIMERS_INITIAL_CAP 8

typedef struct {
    int id;              // > 0, unique within the list
    int64_t due_mono;    // mono ms at which it fires next
    int64_t interval_ms; // delay between runs
    bool repeat;         // rescheduled after each run
    hr_timer_fn *fn;     // called when due
    void *arg;           // borrowed: passed to fn
} hr_timer_t;

typedef struct {
    int id;           // timer id
    int64_t due_mono; // its due time when the snapshot was taken
} hr_timer_due_t;

struct hr_timers {
    hr_clock_t *clock;   // borrowed: mono time source
    hr_timer_t *timers;  // owned: live timers, insertion order
    size_t size;         // entries used in timers
    size_t cap;          // entries allocated in timers
    hr_timer_due_t *due; // owned: run_due's snapshot buffer
    size_t due_cap;      // entries allocated in due
    int next_id;         // id the next add returns
    bool running;        // inside run_due: it must not be re-entered from a callback
};

hr_timers_t *hr_timers_new(hr_clock_t *clock)
{
    assert(clock);
    hr_timers_t *self = hr_alloc(sizeof *self);
    self->clock = clock;
    self->next_id = 1;
    return self;
}

void hr_timers_destroy(hr_timers_t **self_p)
{
    assert(self_p);
    hr_timers_t *self = *self_p;
    if (!self)
        return;
    hr_free(self->timers);
    hr_free(self->due);
    hr_free(self);
    *self_p = NULL;
}

static hr_timer_t *s_find(hr_timers_t *self, int id)
{
    for (size_t i = 0; i < self->size; i++) {
        if (self->timers[i].id == id)
            return &self->timers[i];
    }
    return NULL;
}

int hr_timers_add(hr_timers_t *self, int64_t interval_ms, bool repeat, hr_timer_fn *fn, void *arg)
{
    assert(self);
    assert(fn);
    assert(interval_ms >= 0);
    assert(!repeat || interval_ms > 0); // a zero-interval repeat would spin the loop
    // Ids wrap after INT_MAX adds (a daemon that arms one-shot timers for months gets there)
    // and skip the few still live, so an id names one live timer at a time.
    while (s_find(self, self->next_id))
        self->next_id = self->next_id == INT_MAX ? 1 : self->next_id + 1;
    if (self->size == self->cap) {
        self->cap = self->cap ? self->cap * 2 : HR_TIMERS_INITIAL_CAP;
        self->timers = hr_realloc(self->timers, self->cap * sizeof *self->timers);
    }
    hr_timer_t *t = &self->timers[self->size++];
    t->id = self->next_id;
    self->next_id = self->next_id == INT_MAX ? 1 : self->next_id + 1;
    t->due_mono = hr_clock_mono_ms(self->clock) + interval_ms;
    t->interval_ms = interval_ms;
    t->repeat = repeat;
    t->fn = fn;
    t->arg = arg;
    return t->id;
}

void hr_timers_seed_id(hr_timers_t *self, int next_id)
{
    assert(next_id > 0);
    self->next_id = next_id;
}

static void s_remove(hr_timers_t *self, hr_timer_t *t)
{
    size_t i = (size_t)(t - self->timers);
    memmove(t, t + 1, (self->size - i - 1) * sizeof *t);
    self->size--;
}

void hr_timers_cancel(hr_timers_t *self, int id)
{
    assert(self);
    hr_timer_t *t = s_find(self, id);
    if (t)
        s_remove(self, t);
}

int hr_timers_wait_ms(const hr_timers_t *self, int max_ms)
{
    assert(self);
    if (self->size == 0)
        return max_ms < 0 ? -1 : max_ms;
    int64_t earliest = self->timers[0].due_mono;
    for (size_t i = 1; i < self->size; i++) {
        if (self->timers[i].due_mono < earliest)
            earliest = self->timers[i].due_mono;
    }
    int64_t wait = earliest - hr_clock_mono_ms(self->clock);
    int64_t cap = max_ms < 0 ? INT_MAX : max_ms;
    if (wait < 0)
        wait = 0;
    if (wait > cap)
        wait = cap;
    return (int)wait;
}

static int s_due_cmp(const void *a, const void *b)
{
    const hr_timer_due_t *x = a, *y = b;
    if (x->due_mono != y->due_mono)
        return x->due_mono < y->due_mono ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

void hr_timers_run_due(hr_timers_t *self)
{
    assert(self);
    assert(!self->running);
    self->running = true;
    int64_t now = hr_clock_mono_ms(self->clock);
    size_t ndue = 0;
    if (self->due_cap < self->size) {
        self->due_cap = self->cap;
        self->due = hr_realloc(self->due, self->due_cap * sizeof *self->due);
    }
    for (size_t i = 0; i < self->size; i++) {
        if (self->timers[i].due_mono <= now) {
            self->due[ndue].id = self->timers[i].id;
            self->due[ndue].due_mono = self->timers[i].due_mono;
            ndue++;
        }
    }
    if (ndue > 1)
        qsort(self->due, ndue, sizeof *self->due, s_due_cmp);

    for (size_t i = 0; i < ndue; i++) {
        hr_timer_t *t = s_find(self, self->due[i].id);
        if (!t)
            continue; // cancelled by an earlier callback in this run
        hr_timer_fn *fn = t->fn;
        void *arg = t->arg;
        if (t->repeat)
            t->due_mono = now + t->interval_ms;
        else
            s_remove(self, t);
        fn(arg); // may add or cancel timers: t is not used after this
    }
    self->running = false;
}

size_t hr_timers_size(const hr_timers_t *self)
{
    assert(self);
    return self->size;
}
