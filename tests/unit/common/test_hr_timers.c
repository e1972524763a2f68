/*  test_hr_timers - one-shot and repeating timers on a fake clock, cancel and add from callbacks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>

#include "hr_timers.h"
#include "hr_test.h"

#define TICK_MS 1000
#define LOOP_MAX_MS 500
#define MAX_CALLS 8

typedef struct fixture fixture_t;

typedef struct {
    fixture_t *f; // borrowed: the test's fixture
    int tag;      // recorded in calls when fired
} probe_t;

struct fixture {
    hr_clock_t *clock;    // owned: fake
    hr_timers_t *timers;  // owned
    int calls[MAX_CALLS]; // tags in firing order
    int ncalls;           // entries used in calls
    int cancel_id;        // timer a callback cancels, 0 = none
    int added_id;         // timer a callback added, 0 = none
    probe_t probes[3];    // args for the timers
};

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->clock = hr_clock_fake_new(HR_TEST_T0_MS);
    f->timers = hr_timers_new(f->clock);
    for (int i = 0; i < 3; i++) {
        f->probes[i].f = f;
        f->probes[i].tag = i + 1;
    }
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_timers_destroy(&f->timers);
    hr_clock_destroy(&f->clock);
    hr_free(f);
    return 0;
}

static void s_record(void *arg)
{
    probe_t *p = arg;
    assert_true(p->f->ncalls < MAX_CALLS);
    p->f->calls[p->f->ncalls++] = p->tag;
}

static void s_record_and_cancel(void *arg)
{
    probe_t *p = arg;
    s_record(arg);
    hr_timers_cancel(p->f->timers, p->f->cancel_id);
}

static void s_record_and_add(void *arg)
{
    probe_t *p = arg;
    s_record(arg);
    p->f->added_id = hr_timers_add(p->f->timers, 0, false, s_record, &p->f->probes[2]);
}

static void test_timer_fires_after_its_interval_not_before(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[0]);
    hr_clock_fake_advance(f->clock, TICK_MS - 1);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 0);
    hr_clock_fake_advance(f->clock, 1);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 1);
    assert_int_equal(f->calls[0], 1);
}

static void test_one_shot_timer_fires_once_and_is_removed(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[0]);
    hr_clock_fake_advance(f->clock, 5 * TICK_MS);
    hr_timers_run_due(f->timers);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 1);
    assert_int_equal(hr_timers_size(f->timers), 0);
}

static void test_repeating_timer_reschedules_from_now_without_catch_up(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, true, s_record, &f->probes[0]);
    hr_clock_fake_advance(f->clock, 10 * TICK_MS + 300);
    hr_timers_run_due(f->timers);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 1);
    assert_int_equal(hr_timers_wait_ms(f->timers, 10 * TICK_MS), TICK_MS);
    hr_clock_fake_advance(f->clock, TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 2);
    assert_int_equal(hr_timers_size(f->timers), 1);
}

static void test_wait_is_time_to_earliest_timer_clamped(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, 3 * TICK_MS, false, s_record, &f->probes[0]);
    hr_timers_add(f->timers, 300, false, s_record, &f->probes[1]);
    assert_int_equal(hr_timers_wait_ms(f->timers, 10 * TICK_MS), 300);
    assert_int_equal(hr_timers_wait_ms(f->timers, 100), 100);
    hr_clock_fake_advance(f->clock, 400);
    assert_int_equal(hr_timers_wait_ms(f->timers, LOOP_MAX_MS), 0);
    assert_int_equal(hr_timers_wait_ms(f->timers, -1), 0);
}

static void test_wait_without_timers_is_the_maximum(void **state)
{
    fixture_t *f = *state;
    assert_int_equal(hr_timers_wait_ms(f->timers, LOOP_MAX_MS), LOOP_MAX_MS);
    assert_int_equal(hr_timers_wait_ms(f->timers, -1), -1);
    hr_timers_add(f->timers, HR_DAY_MS, false, s_record, &f->probes[0]);
    assert_int_equal(hr_timers_wait_ms(f->timers, -1), HR_DAY_MS);
}

static void test_due_timers_run_earliest_first(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, 3 * TICK_MS, false, s_record, &f->probes[0]);
    hr_timers_add(f->timers, 1 * TICK_MS, false, s_record, &f->probes[1]);
    hr_timers_add(f->timers, 2 * TICK_MS, false, s_record, &f->probes[2]);
    hr_clock_fake_advance(f->clock, 3 * TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 3);
    assert_int_equal(f->calls[0], 2);
    assert_int_equal(f->calls[1], 3);
    assert_int_equal(f->calls[2], 1);
}

static void test_cancel_stops_a_timer(void **state)
{
    fixture_t *f = *state;
    int id = hr_timers_add(f->timers, TICK_MS, true, s_record, &f->probes[0]);
    hr_timers_cancel(f->timers, id);
    hr_clock_fake_advance(f->clock, TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 0);
    assert_int_equal(hr_timers_size(f->timers), 0);
}

static void test_cancel_of_unknown_id_is_ignored(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[0]);
    hr_timers_cancel(f->timers, 999);
    hr_timers_cancel(f->timers, 0);
    assert_int_equal(hr_timers_size(f->timers), 1);
}

static void test_callback_can_cancel_another_due_timer(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, false, s_record_and_cancel, &f->probes[0]);
    f->cancel_id = hr_timers_add(f->timers, 2 * TICK_MS, false, s_record, &f->probes[1]);
    hr_clock_fake_advance(f->clock, 2 * TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 1);
    assert_int_equal(f->calls[0], 1);
    assert_int_equal(hr_timers_size(f->timers), 0);
}

static void test_repeating_timer_can_cancel_itself(void **state)
{
    fixture_t *f = *state;
    f->cancel_id = hr_timers_add(f->timers, TICK_MS, true, s_record_and_cancel, &f->probes[0]);
    hr_clock_fake_advance(f->clock, TICK_MS);
    hr_timers_run_due(f->timers);
    hr_clock_fake_advance(f->clock, TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 1);
    assert_int_equal(hr_timers_size(f->timers), 0);
}

static void test_timer_added_from_callback_runs_on_the_next_pass(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, false, s_record_and_add, &f->probes[0]);
    hr_clock_fake_advance(f->clock, TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 1);
    assert_true(f->added_id > 0);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 2);
    assert_int_equal(f->calls[1], 3);
}

static void test_ids_are_positive_and_distinct(void **state)
{
    fixture_t *f = *state;
    int a = hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[0]);
    int b = hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[0]);
    assert_true(a > 0);
    assert_true(b > 0);
    assert_int_not_equal(a, b);
}

static void test_many_timers_grow_the_list(void **state)
{
    fixture_t *f = *state;
    for (int i = 0; i < 2 * MAX_CALLS; i++)
        hr_timers_add(f->timers, TICK_MS + i, false, s_record, &f->probes[0]);
    assert_int_equal(hr_timers_size(f->timers), 2 * MAX_CALLS);
    hr_clock_fake_advance(f->clock, TICK_MS + MAX_CALLS - 1);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, MAX_CALLS);
    assert_int_equal(hr_timers_size(f->timers), MAX_CALLS);
}

static void test_destroy_nulls_the_pointer_and_accepts_null(void **state)
{
    fixture_t *f = *state;
    hr_timers_add(f->timers, TICK_MS, true, s_record, &f->probes[0]);
    hr_timers_destroy(&f->timers);
    assert_null(f->timers);
    hr_timers_destroy(&f->timers);
}

// A daemon that arms one-shot timers for months runs through INT_MAX ids: they wrap to 1 and
// skip the ones still live.
static void test_ids_wrap_after_int_max_and_skip_live_ones(void **state)
{
    fixture_t *f = *state;
    int first = hr_timers_add(f->timers, TICK_MS, true, s_record, &f->probes[0]);
    assert_int_equal(first, 1);
    hr_timers_seed_id(f->timers, INT_MAX - 1);
    assert_int_equal(hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[1]),
                     INT_MAX - 1);
    assert_int_equal(hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[2]), INT_MAX);
    int wrapped = hr_timers_add(f->timers, TICK_MS, false, s_record, &f->probes[0]);
    assert_int_equal(wrapped, 2); // 1 is still live
    hr_timers_cancel(f->timers, INT_MAX);
    assert_int_equal(hr_timers_size(f->timers), 3);
    hr_clock_fake_advance(f->clock, TICK_MS);
    hr_timers_run_due(f->timers);
    assert_int_equal(f->ncalls, 3); // first, INT_MAX - 1 and the wrapped one
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, s_setup, s_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_timer_fires_after_its_interval_not_before),
        T(test_one_shot_timer_fires_once_and_is_removed),
        T(test_repeating_timer_reschedules_from_now_without_catch_up),
        T(test_wait_is_time_to_earliest_timer_clamped),
        T(test_wait_without_timers_is_the_maximum),
        T(test_due_timers_run_earliest_first),
        T(test_cancel_stops_a_timer),
        T(test_cancel_of_unknown_id_is_ignored),
        T(test_callback_can_cancel_another_due_timer),
        T(test_repeating_timer_can_cancel_itself),
        T(test_timer_added_from_callback_runs_on_the_next_pass),
        T(test_ids_are_positive_and_distinct),
        T(test_ids_wrap_after_int_max_and_skip_live_ones),
        T(test_many_timers_grow_the_list),
        T(test_destroy_nulls_the_pointer_and_accepts_null),
    };
    return cmocka_run_group_tests_name("unit.common.timers", tests, NULL, NULL);
}
