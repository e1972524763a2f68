/*  hr_arena - bump allocator in linked blocks (nginx pool, h2o mem pool).
 *
 *  Invariants: blocks form a singly linked list, newest first, ending with the first block,
 *  which lives until destroy so a reset arena allocates without touching malloc. Allocations bump
 *  `used` in the current block; a request that does not fit opens a new block, and a big request
 *  (over a quarter of block_size) gets an exact-size block of its own that is linked in without
 *  becoming current, so the rest of the current block is not wasted. Every size is rounded up to
 *  HR_ARENA_ALIGN, so every pointer handed out is aligned for any type. Memory is zeroed when
 *  handed out, not when the block is made, because reset reuses the first block.
 */
#include "hr_arena.h"

#include <assert.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HR_ARENA_ALIGN alignof(max_align_t)
// A request larger than block_size / HR_ARENA_BIG_DIVISOR gets a block of its own.
#define HR_ARENA_BIG_DIVISOR 4
// Requests above this are a bug in the caller, not something to try to allocate.
#define HR_ARENA_MAX_REQUEST (SIZE_MAX / 4)

typedef struct hr_arena_block {
    struct hr_arena_block *next;               // owned: the older block
    size_t size;                               // bytes in data
    size_t used;                               // bytes of data handed out
    alignas(max_align_t) unsigned char data[]; // the memory itself
} hr_arena_block_t;

struct hr_arena {
    hr_arena_block_t *blocks;  // owned: newest first; the last one is `first`
    hr_arena_block_t *first;   // borrowed from blocks: kept across resets
    hr_arena_block_t *current; // borrowed from blocks: where small requests are bumped
    size_t block_size;         // data bytes of a normal block
    size_t used;               // bytes handed out since creation or reset
    ProtobufCAllocator pb;     // alloc -> hr_arena_alloc, free -> nothing
};

static size_t s_round_up(size_t size)
{
    return (size + HR_ARENA_ALIGN - 1) & ~(HR_ARENA_ALIGN - 1);
}

static hr_arena_block_t *s_block_new(size_t size)
{
    hr_arena_block_t *block = hr_alloc(sizeof *block + size);
    block->size = size;
    return block;
}

static void *s_pb_alloc(void *data, size_t size)
{
    return hr_arena_alloc(data, size);
}

static void s_pb_free(void *data, void *pointer)
{
    HR_UNUSED(data);
    HR_UNUSED(pointer);
}

hr_arena_t *hr_arena_new(size_t block_size)
{
    hr_arena_t *self = hr_alloc(sizeof *self);
    self->block_size = s_round_up(block_size ? block_size : HR_ARENA_DEFAULT_BLOCK);
    self->first = s_block_new(self->block_size);
    self->blocks = self->first;
    self->current = self->first;
    self->pb.alloc = s_pb_alloc;
    self->pb.free = s_pb_free;
    self->pb.allocator_data = self;
    return self;
}

static void s_free_blocks_until(hr_arena_t *self, const hr_arena_block_t *keep)
{
    while (self->blocks && self->blocks != keep) {
        hr_arena_block_t *next = self->blocks->next;
        hr_free(self->blocks);
        self->blocks = next;
    }
}

void hr_arena_destroy(hr_arena_t **self_p)
{
    assert(self_p);
    hr_arena_t *self = *self_p;
    if (!self)
        return;
    s_free_blocks_until(self, NULL);
    hr_free(self);
    *self_p = NULL;
}

void *hr_arena_alloc(hr_arena_t *self, size_t size)
{
    assert(self);
    assert(size <= HR_ARENA_MAX_REQUEST);
    size = s_round_up(size ? size : 1);
    unsigned char *p = NULL;
    if (size > self->block_size / HR_ARENA_BIG_DIVISOR) {
        hr_arena_block_t *big = s_block_new(size);
        big->used = size;
        big->next = self->blocks;
        self->blocks = big;
        p = big->data;
    } else {
        if (self->current->size - self->current->used < size) {
            hr_arena_block_t *block = s_block_new(self->block_size);
            block->next = self->blocks;
            self->blocks = block;
            self->current = block;
        }
        p = self->current->data + self->current->used;
        self->current->used += size;
    }
    self->used += size;
    memset(p, 0, size);
    return p;
}

char *hr_arena_strdup(hr_arena_t *self, const char *s)
{
    if (!s)
        return NULL;
    return hr_arena_memdup(self, s, strlen(s) + 1);
}

char *hr_arena_strndup(hr_arena_t *self, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *p = hr_arena_alloc(self, len + 1);
    memcpy(p, s, len);
    return p; // zeroed, so already terminated
}

char *hr_arena_fmt(hr_arena_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return hr_arena_alloc(self, 1); // only on an invalid format: an empty string
    char *p = hr_arena_alloc(self, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *hr_arena_memdup(hr_arena_t *self, const void *p, size_t n)
{
    void *q = hr_arena_alloc(self, n);
    if (n)
        memcpy(q, p, n);
    return q;
}

void hr_arena_reset(hr_arena_t *self)
{
    assert(self);
    s_free_blocks_until(self, self->first);
    self->first->used = 0;
    self->current = self->first;
    self->used = 0;
}

size_t hr_arena_used(const hr_arena_t *self)
{
    assert(self);
    return self->used;
}

ProtobufCAllocator *hr_arena_pb_allocator(hr_arena_t *self)
{
    assert(self);
    return &self->pb;
}
