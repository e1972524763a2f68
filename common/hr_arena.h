/*  hr_arena - bump allocator for everything one handled message needs.
 *
 *  Decoded requests, reply strings and temporary lists come from the call's arena and are freed
 *  in one go by hr_arena_reset() or hr_arena_destroy() (STYLE.md 7.4). Nothing allocated here is
 *  ever freed on its own.
 */
#ifndef HR_ARENA_H
#define HR_ARENA_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#include "hr_base.h"

typedef struct hr_arena hr_arena_t;

// Block size used when hr_arena_new() is given 0.
#define HR_ARENA_DEFAULT_BLOCK 16384

// Returns an owned arena that allocates in blocks of block_size bytes (0: HR_ARENA_DEFAULT_BLOCK).
// The first block is allocated now and kept until destroy.
hr_arena_t *hr_arena_new(size_t block_size);

// Frees the arena and all memory it handed out; sets *self_p to NULL; accepts NULL.
void hr_arena_destroy(hr_arena_t **self_p);

// Returns size bytes of zeroed memory aligned for any type (max_align_t), valid until the next
// reset or destroy. Never NULL (aborts on out-of-memory); size 0 gives a valid distinct pointer.
// Requests larger than a quarter of the block size get a block of their own.
void *hr_arena_alloc(hr_arena_t *self, size_t size);

// Copies s into the arena. NULL gives NULL.
char *hr_arena_strdup(hr_arena_t *self, const char *s);

// Copies at most n bytes of s (stopping at a NUL) into the arena, NUL-terminated. NULL gives NULL.
char *hr_arena_strndup(hr_arena_t *self, const char *s, size_t n);

// Formats into arena memory.
char *hr_arena_fmt(hr_arena_t *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Copies n bytes from p into the arena (p may be NULL when n is 0).
void *hr_arena_memdup(hr_arena_t *self, const void *p, size_t n);

// Frees everything but the first block and makes the arena ready for the next message. Every
// pointer handed out before is invalid afterwards.
void hr_arena_reset(hr_arena_t *self);

// Returns the bytes handed out since creation or the last reset (after alignment padding).
size_t hr_arena_used(const hr_arena_t *self);

// Returns a protobuf-c allocator (borrowed: embedded in the arena, valid as long as it) whose
// alloc takes arena memory and whose free does nothing:
//   protobuf_c_message_unpack(desc, hr_arena_pb_allocator(a), len, data)
// A message unpacked this way belongs to the arena: never call __free_unpacked() on it.
ProtobufCAllocator *hr_arena_pb_allocator(hr_arena_t *self);

#endif
