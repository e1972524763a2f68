/*  test_hr_arena - zeroed aligned allocations, big requests, copies, reset, protobuf-c unpacking.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "hr_arena.h"
#include "hr_test.h"
#include "envelope.pb-c.h"

#define SMALL_BLOCK 1024
#define MANY_ALLOCS 1000
#define ODD_SIZE 37

static bool s_is_aligned(const void *p)
{
    return (uintptr_t)p % alignof(max_align_t) == 0;
}

static bool s_is_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i])
            return false;
    }
    return true;
}

static void test_allocations_are_zeroed_and_aligned(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t size = 1; size < 200; size += 7) {
        unsigned char *p = hr_arena_alloc(arena, size);
        assert_true(s_is_aligned(p));
        assert_true(s_is_zero(p, size));
        memset(p, 0xab, size);
    }
    hr_arena_destroy(&arena);
}

static void test_zero_byte_requests_get_distinct_pointers(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    void *a = hr_arena_alloc(arena, 0);
    void *b = hr_arena_alloc(arena, 0);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    hr_arena_destroy(&arena);
}

static void test_used_counts_bytes_after_alignment(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(hr_arena_used(arena), 0);
    hr_arena_alloc(arena, 1);
    assert_int_equal(hr_arena_used(arena), alignof(max_align_t));
    hr_arena_alloc(arena, alignof(max_align_t) + 1);
    assert_int_equal(hr_arena_used(arena), 3 * alignof(max_align_t));
    hr_arena_destroy(&arena);
}

static void test_big_request_gets_own_block_and_small_ones_stay_contiguous(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(SMALL_BLOCK);
    unsigned char *a = hr_arena_alloc(arena, ODD_SIZE);
    unsigned char *big = hr_arena_alloc(arena, 8 * SMALL_BLOCK);
    unsigned char *b = hr_arena_alloc(arena, ODD_SIZE);
    assert_true(s_is_aligned(big));
    assert_true(s_is_zero(big, 8 * SMALL_BLOCK));
    memset(big, 1, 8 * SMALL_BLOCK);
    size_t step =
        (ODD_SIZE + alignof(max_align_t) - 1) / alignof(max_align_t) * alignof(max_align_t);
    assert_ptr_equal(b, a + step); // the big block did not end the current one
    hr_arena_destroy(&arena);
}

static void test_many_small_allocations_span_blocks_intact(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(SMALL_BLOCK);
    char *ptrs[MANY_ALLOCS];
    for (int i = 0; i < MANY_ALLOCS; i++)
        ptrs[i] = hr_arena_fmt(arena, "item-%04d", i);
    for (int i = 0; i < MANY_ALLOCS; i++) {
        char expect[16];
        snprintf(expect, sizeof expect, "item-%04d", i);
        assert_string_equal(ptrs[i], expect);
    }
    hr_arena_destroy(&arena);
}

static void test_copies_duplicate_their_input(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    const char *src = "dismissal";
    char *dup = hr_arena_strdup(arena, src);
    assert_string_equal(dup, src);
    assert_ptr_not_equal(dup, src);
    assert_string_equal(hr_arena_strndup(arena, src, 3), "dis");
    assert_string_equal(hr_arena_strndup(arena, "ab", 10), "ab");
    assert_string_equal(hr_arena_fmt(arena, "%s-%d", "case", 7), "case-7");
    assert_string_equal(hr_arena_fmt(arena, "%s", ""), "");
    const unsigned char bytes[] = {0, 1, 2, 0xff};
    assert_memory_equal(hr_arena_memdup(arena, bytes, sizeof bytes), bytes, sizeof bytes);
    assert_non_null(hr_arena_memdup(arena, NULL, 0));
    hr_arena_destroy(&arena);
}

static void test_null_strings_copy_to_null(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    assert_null(hr_arena_strdup(arena, NULL));
    assert_null(hr_arena_strndup(arena, NULL, 4));
    assert_int_equal(hr_arena_used(arena), 0);
    hr_arena_destroy(&arena);
}

static void test_reset_reuses_the_first_block_zeroed(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(SMALL_BLOCK);
    unsigned char *first = hr_arena_alloc(arena, ODD_SIZE);
    memset(first, 0x5a, ODD_SIZE);
    for (int i = 0; i < MANY_ALLOCS; i++)
        hr_arena_alloc(arena, ODD_SIZE); // several more blocks, freed by reset (ASan checks)
    hr_arena_alloc(arena, 4 * SMALL_BLOCK);
    hr_arena_reset(arena);
    assert_int_equal(hr_arena_used(arena), 0);
    unsigned char *again = hr_arena_alloc(arena, ODD_SIZE);
    assert_ptr_equal(again, first);
    assert_true(s_is_zero(again, ODD_SIZE));
    hr_arena_destroy(&arena);
}

static void test_destroy_nulls_the_pointer_and_accepts_null(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    hr_arena_destroy(&arena);
    assert_null(arena);
    hr_arena_destroy(&arena);
}

static void test_protobuf_unpacks_into_the_arena(void **state)
{
    HR_UNUSED(state);
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"hr", "manager"};
    actor.user_id = "u-1";
    actor.n_roles = 2;
    actor.roles = roles;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = "01JN0000000000000000000000";
    env.type = "sys.Ping";
    env.actor = &actor;
    env.body.data = (uint8_t *)"\x01\x02";
    env.body.len = 2;
    size_t len = hr__envelope__get_packed_size(&env);
    uint8_t *buf = hr_alloc(len);
    hr__envelope__pack(&env, buf);

    hr_arena_t *arena = hr_arena_new(SMALL_BLOCK);
    Hr__Envelope *got = hr__envelope__unpack(hr_arena_pb_allocator(arena), len, buf);
    hr_free(buf); // the message must not point into the packed bytes
    assert_non_null(got);
    assert_string_equal(got->msg_id, "01JN0000000000000000000000");
    assert_string_equal(got->type, "sys.Ping");
    assert_string_equal(got->actor->roles[1], "manager");
    assert_int_equal(got->body.len, 2);
    assert_true(hr_arena_used(arena) > 0);
    hr_arena_destroy(&arena); // frees the message: no __free_unpacked, no leak
}

static void test_protobuf_allocator_handles_zero_bytes_and_ignores_free(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    ProtobufCAllocator *pb = hr_arena_pb_allocator(arena);
    assert_ptr_equal(pb, hr_arena_pb_allocator(arena));
    void *p = pb->alloc(pb->allocator_data, 0);
    assert_non_null(p);
    pb->free(pb->allocator_data, p);
    pb->free(pb->allocator_data, NULL);
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_are_zeroed_and_aligned),
        cmocka_unit_test(test_zero_byte_requests_get_distinct_pointers),
        cmocka_unit_test(test_used_counts_bytes_after_alignment),
        cmocka_unit_test(test_big_request_gets_own_block_and_small_ones_stay_contiguous),
        cmocka_unit_test(test_many_small_allocations_span_blocks_intact),
        cmocka_unit_test(test_copies_duplicate_their_input),
        cmocka_unit_test(test_null_strings_copy_to_null),
        cmocka_unit_test(test_reset_reuses_the_first_block_zeroed),
        cmocka_unit_test(test_destroy_nulls_the_pointer_and_accepts_null),
        cmocka_unit_test(test_protobuf_unpacks_into_the_arena),
        cmocka_unit_test(test_protobuf_allocator_handles_zero_bytes_and_ignores_free),
    };
    return cmocka_run_group_tests_name("unit.common.arena", tests, NULL, NULL);
}
