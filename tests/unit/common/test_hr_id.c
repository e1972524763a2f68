/*  test_hr_id - ULID shape, time round trip, ordering, validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr_id.h"
#include "hr_test.h"

#define ORDER_RUNS 1000
// The ULID specification's example id and its time part.
#define SPEC_ID "01ARYZ6S41TSV4RRFFQ69G5FAV"
#define SPEC_ID_MS INT64_C(1469918176385)

static void test_made_id_is_26_upper_case_crockford_chars(void **state)
{
    HR_UNUSED(state);
    char id[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, id);
    assert_int_equal(strlen(id), HR_ID_LEN);
    assert_true(hr_id_is_valid(id));
    assert_int_equal(strspn(id, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), HR_ID_LEN);
}

static void test_time_part_round_trips(void **state)
{
    HR_UNUSED(state);
    const int64_t times[] = {0, 1, HR_TEST_T0_MS, HR_TEST_T0_MS + HR_DAY_MS + 7, HR_ID_TIME_MAX};
    for (size_t i = 0; i < HR_ARRAY_LEN(times); i++) {
        char id[HR_ID_LEN + 1];
        hr_id_make(times[i], id);
        assert_int_equal(hr_id_time_ms(id), times[i]);
    }
}

static void test_time_part_matches_the_ulid_spec_example(void **state)
{
    HR_UNUSED(state);
    assert_true(hr_id_is_valid(SPEC_ID));
    assert_int_equal(hr_id_time_ms(SPEC_ID), SPEC_ID_MS);
    char id[HR_ID_LEN + 1];
    hr_id_make(SPEC_ID_MS, id);
    assert_memory_equal(id, SPEC_ID, 10);
}

static void test_ids_made_later_sort_after_earlier_ones(void **state)
{
    HR_UNUSED(state);
    char prev[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, prev);
    for (int i = 1; i < ORDER_RUNS; i++) {
        char id[HR_ID_LEN + 1];
        hr_id_make(HR_TEST_T0_MS + i, id);
        assert_true(strcmp(prev, id) < 0);
        memcpy(prev, id, sizeof id);
    }
    char early[HR_ID_LEN + 1], late[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, early);
    hr_id_make(HR_TEST_T0_MS + HR_DAY_MS * 365, late);
    assert_true(strcmp(early, late) < 0);
}

static void test_ids_in_the_same_millisecond_differ(void **state)
{
    HR_UNUSED(state);
    char a[HR_ID_LEN + 1], b[HR_ID_LEN + 1];
    hr_id_make(HR_TEST_T0_MS, a);
    hr_id_make(HR_TEST_T0_MS, b);
    assert_memory_equal(a, b, 10);
    assert_string_not_equal(a, b);
}

static void test_out_of_range_times_are_clamped(void **state)
{
    HR_UNUSED(state);
    char id[HR_ID_LEN + 1];
    hr_id_make(-5, id);
    assert_int_equal(hr_id_time_ms(id), 0);
    hr_id_make(INT64_MAX, id);
    assert_int_equal(hr_id_time_ms(id), HR_ID_TIME_MAX);
    assert_int_equal(id[0], '7');
}

static void test_id_new_lives_in_the_arena(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *id = hr_id_new(arena, HR_TEST_T0_MS);
    assert_true(hr_id_is_valid(id));
    assert_int_equal(hr_id_time_ms(id), HR_TEST_T0_MS);
    assert_true(hr_arena_used(arena) >= HR_ID_LEN + 1);
    hr_arena_destroy(&arena); // the id goes with it: ASan reports no leak
}

static void test_malformed_ids_are_rejected(void **state)
{
    HR_UNUSED(state);
    const char *bad[] = {
        "",
        "01ARZ3NDEKTSV4RRFFQ69G5FA",   // 25 chars
        "01ARZ3NDEKTSV4RRFFQ69G5FAVX", // 27 chars
        "01arz3ndektsv4rrffq69g5fav",  // lower case
        "01ARZ3NDEKTSV4RRFFQ69G5FAI",  // I
        "01ARZ3NDEKTSV4RRFFQ69G5FAL",  // L
        "01ARZ3NDEKTSV4RRFFQ69G5FAO",  // O
        "01ARZ3NDEKTSV4RRFFQ69G5FAU",  // U
        "81ARZ3NDEKTSV4RRFFQ69G5FAV",  // time overflows 48 bits
        "01ARZ3NDEK-SV4RRFFQ69G5FAV",  // punctuation
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        assert_false(hr_id_is_valid(bad[i]));
        assert_int_equal(hr_id_time_ms(bad[i]), -1);
    }
    assert_false(hr_id_is_valid(NULL));
    assert_int_equal(hr_id_time_ms(NULL), -1);
}

static void test_largest_valid_id_is_accepted(void **state)
{
    HR_UNUSED(state);
    assert_true(hr_id_is_valid("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
    assert_int_equal(hr_id_time_ms("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"), HR_ID_TIME_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_made_id_is_26_upper_case_crockford_chars),
        cmocka_unit_test(test_time_part_round_trips),
        cmocka_unit_test(test_time_part_matches_the_ulid_spec_example),
        cmocka_unit_test(test_ids_made_later_sort_after_earlier_ones),
        cmocka_unit_test(test_ids_in_the_same_millisecond_differ),
        cmocka_unit_test(test_out_of_range_times_are_clamped),
        cmocka_unit_test(test_id_new_lives_in_the_arena),
        cmocka_unit_test(test_malformed_ids_are_rejected),
        cmocka_unit_test(test_largest_valid_id_is_accepted),
    };
    return cmocka_run_group_tests_name("unit.common.id", tests, NULL, NULL);
}
