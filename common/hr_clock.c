/*  hr_clock - wall and monotonic time behind one small object, real or fake.
 *
 *  A system clock reads the kernel on every call; a fake clock holds two counters that move
 *  only when a test calls hr_clock_fake_advance(). The offset (sys.ClockSet) shifts the wall
 *  reading only: monotonic time must never jump, or every timeout in the loop would fire at
 *  once. Nothing here is global; each daemon owns its clock and passes it down.
 */
#include "hr_clock.h"

#include <assert.h>
#include <stdio.h>
#include <time.h>

#define HR_CLOCK_NS_PER_MS INT64_C(1000000)
// Largest value hr_time_iso() prints: 9999-12-31T23:59:59.999Z.
#define HR_TIME_ISO_MAX_MS INT64_C(253402300799999)
// Smallest: 0000-01-01T00:00:00.000Z.
#define HR_TIME_ISO_MIN_MS INT64_C(-62167219200000)
#define HR_TM_YEAR_BASE 1900

struct hr_clock {
    bool fake;         // made by hr_clock_fake_new
    int64_t fake_now;  // fake only: wall ms before the offset
    int64_t fake_mono; // fake only: monotonic ms
    int64_t offset_ms; // added to the wall reading (sys.ClockSet)
};

static int64_t s_read_ms(clockid_t id)
{
    struct timespec ts;
    int rc = clock_gettime(id, &ts);
    assert(rc == 0); // only fails for an invalid clock id
    HR_UNUSED(rc);
    return (int64_t)ts.tv_sec * HR_SECOND_MS + (int64_t)ts.tv_nsec / HR_CLOCK_NS_PER_MS;
}

hr_clock_t *hr_clock_system_new(void)
{
    hr_clock_t *self = hr_alloc(sizeof *self);
    return self;
}

hr_clock_t *hr_clock_fake_new(int64_t t0_ms)
{
    hr_clock_t *self = hr_alloc(sizeof *self);
    self->fake = true;
    self->fake_now = t0_ms;
    return self;
}

void hr_clock_fake_advance(hr_clock_t *self, int64_t ms)
{
    assert(self);
    assert(self->fake);
    assert(ms >= 0);
    self->fake_now += ms;
    self->fake_mono += ms;
}

void hr_clock_set_offset(hr_clock_t *self, int64_t offset_ms)
{
    assert(self);
    self->offset_ms = offset_ms;
}

int64_t hr_clock_offset_ms(const hr_clock_t *self)
{
    assert(self);
    return self->offset_ms;
}

bool hr_clock_is_fake(const hr_clock_t *self)
{
    assert(self);
    return self->fake;
}

int64_t hr_clock_now_ms(const hr_clock_t *self)
{
    assert(self);
    int64_t wall = self->fake ? self->fake_now : s_read_ms(CLOCK_REALTIME);
    return wall + self->offset_ms;
}

int64_t hr_clock_mono_ms(const hr_clock_t *self)
{
    assert(self);
    return self->fake ? self->fake_mono : s_read_ms(CLOCK_MONOTONIC);
}

int64_t hr_stopwatch_us(void)
{
    struct timespec ts;
    int rc = clock_gettime(CLOCK_MONOTONIC, &ts);
    assert(rc == 0);
    HR_UNUSED(rc);
    return (int64_t)ts.tv_sec * 1000000 + (int64_t)ts.tv_nsec / 1000;
}

void hr_clock_destroy(hr_clock_t **self_p)
{
    assert(self_p);
    hr_free(*self_p);
}

char *hr_time_iso(int64_t ms, char *buf)
{
    assert(buf);
    if (ms > HR_TIME_ISO_MAX_MS)
        ms = HR_TIME_ISO_MAX_MS;
    if (ms < HR_TIME_ISO_MIN_MS)
        ms = HR_TIME_ISO_MIN_MS;
    // Floor division, so times before 1970 keep a positive millisecond part.
    int64_t secs = ms / HR_SECOND_MS;
    int64_t rem = ms % HR_SECOND_MS;
    if (rem < 0) {
        rem += HR_SECOND_MS;
        secs--;
    }
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(buf, HR_TIME_ISO_LEN, "%s", "0000-00-00T00:00:00.000Z");
        return buf;
    }
    // Formatted wide, then cut: gcc cannot see that every field fits, and years are clamped above.
    char wide[64];
    snprintf(wide, sizeof wide, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + HR_TM_YEAR_BASE,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)rem);
    snprintf(buf, HR_TIME_ISO_LEN, "%.*s", HR_TIME_ISO_LEN - 1, wide);
    return buf;
}
