/*  hr_id - ULID generation and checks.
 *
 *  Layout: 10 characters carry the 48-bit time (50 bits, so the first character is 0-7), then 16
 *  characters carry the 80 random bits, 5 bits per character, most significant first. Ids made
 *  in the same millisecond are ordered by their random part only; nothing here promises order
 *  within a millisecond (callers that need a sequence use one).
 *
 *  sodium_init() is called on every hr_id_make(): it is idempotent and thread-safe, and calling
 *  it here spares every main() from remembering it.
 */
#include "hr_id.h"

#include <assert.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HR_ID_TIME_CHARS 10
#define HR_ID_RAND_BYTES 10
#define HR_ID_BITS_PER_CHAR 5
#define HR_ID_CHAR_MASK 0x1f
// Random bits are read through a window of two bytes, so 5 bits never straddle more than that.
#define HR_ID_WINDOW_BITS 16
#define HR_ID_FIRST_MAX '7'

static const char s_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Value + 1 of each Crockford character, 0 for anything else: every request's msg_id is
// checked, and a table lookup is a tenth of the work of searching the alphabet.
static const unsigned char s_values[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['M'] = 21, ['N'] = 22, ['P'] = 23, ['Q'] = 24,
    ['R'] = 25, ['S'] = 26, ['T'] = 27, ['V'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31, ['Z'] = 32,
};

// Returns the 5-bit value of a Crockford character, or -1.
static int s_char_value(char c)
{
    return (int)s_values[(unsigned char)c] - 1;
}

void hr_id_make(int64_t now_ms, char out[HR_ID_LEN + 1])
{
    assert(out);
    if (sodium_init() < 0) {
        fprintf(stderr, "lvl=error ev=sodium.init_failed\n");
        abort();
    }
    if (now_ms < 0)
        now_ms = 0;
    if (now_ms > HR_ID_TIME_MAX)
        now_ms = HR_ID_TIME_MAX;

    uint64_t t = (uint64_t)now_ms;
    for (int i = HR_ID_TIME_CHARS - 1; i >= 0; i--) {
        out[i] = s_alphabet[t & HR_ID_CHAR_MASK];
        t >>= HR_ID_BITS_PER_CHAR;
    }

    unsigned char rnd[HR_ID_RAND_BYTES];
    randombytes_buf(rnd, sizeof rnd);
    for (int i = 0; i < HR_ID_LEN - HR_ID_TIME_CHARS; i++) {
        unsigned bit = (unsigned)i * HR_ID_BITS_PER_CHAR; // offset from the top of rnd
        unsigned byte = bit / CHAR_BIT, shift = bit % CHAR_BIT;
        unsigned window = (unsigned)rnd[byte] << CHAR_BIT;
        if (byte + 1 < sizeof rnd)
            window |= rnd[byte + 1];
        // the 5 bits start `shift` bits below the top of the window
        unsigned down = HR_ID_WINDOW_BITS - HR_ID_BITS_PER_CHAR - shift;
        out[HR_ID_TIME_CHARS + i] = s_alphabet[(window >> down) & HR_ID_CHAR_MASK];
    }
    out[HR_ID_LEN] = '\0';
    sodium_memzero(rnd, sizeof rnd);
}

char *hr_id_new(hr_arena_t *arena, int64_t now_ms)
{
    char *out = hr_arena_alloc(arena, HR_ID_LEN + 1);
    hr_id_make(now_ms, out);
    return out;
}

bool hr_id_is_valid(const char *s)
{
    if (!s)
        return false;
    for (int i = 0; i < HR_ID_LEN; i++) {
        if (s_char_value(s[i]) < 0)
            return false;
    }
    return s[HR_ID_LEN] == '\0' && s[0] <= HR_ID_FIRST_MAX;
}

int64_t hr_id_time_ms(const char *id)
{
    if (!hr_id_is_valid(id))
        return -1;
    int64_t t = 0;
    for (int i = 0; i < HR_ID_TIME_CHARS; i++)
        t = (t << HR_ID_BITS_PER_CHAR) | s_char_value(id[i]);
    return t;
}
