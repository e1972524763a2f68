/*  hr_id - ULIDs: 26-character, time-ordered ids used for every record id and msg_id.
 *
 *  48 bits of UTC ms then 80 random bits, in Crockford base32, upper case. Ids made in a later
 *  millisecond sort after earlier ones, byte-wise, so they make good LMDB keys.
 */
#ifndef HR_ID_H
#define HR_ID_H

#include <stdbool.h>
#include <stdint.h>

#include "hr_base.h"
#include "hr_arena.h"

#define HR_ID_LEN 26
// Largest time an id can carry (2^48 - 1 ms, year 10889).
#define HR_ID_TIME_MAX INT64_C(281474976710655)

// Writes a new id for now_ms (clamped to 0..HR_ID_TIME_MAX) into out, NUL-terminated. Random
// bits come from libsodium; aborts if libsodium cannot initialise.
void hr_id_make(int64_t now_ms, char out[HR_ID_LEN + 1]);

// Same as hr_id_make, in arena memory (valid until the arena is reset or destroyed).
char *hr_id_new(hr_arena_t *arena, int64_t now_ms);

// True if s is exactly 26 Crockford base32 characters (0-9, A-Z without I L O U, upper case)
// with a first character 0-7. NULL gives false.
bool hr_id_is_valid(const char *s);

// Returns the time part of a valid id in ms; -1 if id is not valid.
int64_t hr_id_time_ms(const char *id);

#endif
