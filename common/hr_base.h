/*  hr_base - result codes, allocation, byte order: what every module needs.
 *
 *  hr_alloc() and friends abort on out-of-memory (STYLE.md 6.9): no function in
 *  this project returns "out of memory". This is the only file that calls malloc.
 */
#ifndef HR_BASE_H
#define HR_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HR_VERSION "0.1.0"

#define HR_UNUSED(x) ((void)(x))
#define HR_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define HR_SECOND_MS INT64_C(1000)
#define HR_MINUTE_MS (60 * HR_SECOND_MS)
#define HR_HOUR_MS (60 * HR_MINUTE_MS)
#define HR_DAY_MS (24 * HR_HOUR_MS)

// One result type for everything that crosses a module boundary. The numeric values are on the
// wire (hr.Status.code): append only.
typedef enum {
    HR_OK = 0,
    HR_EINVAL,    // request or input is malformed or fails validation
    HR_ENOTFOUND, // the thing asked for does not exist
    HR_ECONFLICT, // state does not allow it (already exists, wrong step, stale version)
    HR_EDENIED,   // caller's role may not do this
    HR_EUNAVAIL,  // a peer or resource is down; retry later
    HR_ETIMEOUT,  // deadline passed
    HR_EFULL,     // store map or quota full
    HR_EIO,       // disk, LMDB or OS failure
    HR_EINTERNAL, // a bug surfaced as a value (should also have been logged)
    HR_RC_COUNT   // number of codes; not a result
} hr_rc_t;

// Stable lower-case name of a code ("ok", "einval", ...); "unknown" for anything else.
const char *hr_rc_name(int rc);

// True when s[0..len) is well-formed UTF-8 without NUL: no overlong forms, surrogates or code
// points past U+10FFFF, no sequence cut at the end.
bool hr_utf8_is_valid(const char *s, size_t len);
// The same check on len bytes; nul_ok lets NUL bytes through (a file's text, whose reader names
// the line that holds one), and then runs over ASCII eight bytes at a time.
bool hr_utf8_check(const void *data, size_t len, bool nul_ok);
// The length of s[0..len) without a last character cut short (a text cut at a byte limit ends
// on a character boundary, so it stays UTF-8 a JSON document can carry).
size_t hr_utf8_cut(const char *s, size_t len);
// Makes s[0..len) UTF-8 in place: hr_utf8_cut, then each byte that is not part of a
// well-formed character (NUL included) becomes '?'. Returns the new length.
size_t hr_utf8_scrub(char *s, size_t len);

// True when endpoint is ipc://PATH and a process is listening there now (a connect succeeds).
// A second bind on an ipc:// path silently takes the socket over from its owner, so a daemon
// asks before it binds, and hrctl asks before it waits for a reply that cannot come.
bool hr_ipc_in_use(const char *endpoint);

// Maps errno values to hr_rc_t (ENOENT -> ENOTFOUND, EEXIST -> ECONFLICT, EACCES/EPERM ->
// EDENIED, ENOSPC -> EFULL, anything else -> EIO).
hr_rc_t hr_rc_from_errno(int err);

// Allocation: never returns NULL; aborts the process on out-of-memory. Memory is zeroed.
void *hr_alloc(size_t size);
// Resizes p (may be NULL) to size bytes; aborts on out-of-memory. New bytes are not zeroed.
void *hr_realloc(void *p, size_t size);
// Returns an owned copy of s (NULL gives NULL).
char *hr_strdup(const char *s);
// Returns an owned copy of the first n bytes of s, NUL-terminated.
char *hr_strndup(const char *s, size_t n);
// Returns an owned string built from a printf format.
char *hr_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// Frees *p and sets it to NULL; accepts NULL and *p == NULL.
#define hr_free(p)                                                                                 \
    do {                                                                                           \
        hr_free_((void *)(p));                                                                     \
        (p) = NULL;                                                                                \
    } while (0)
void hr_free_(void *p);

// Big-endian fixed-width integers: keys built with these sort in numeric order.
void hr_be64_put(void *dst, uint64_t v);
uint64_t hr_be64_get(const void *src);
void hr_be32_put(void *dst, uint32_t v);
uint32_t hr_be32_get(const void *src);

// Parses a whole decimal integer string into *out within [min, max]. Returns false on anything
// else (empty, trailing characters, out of range).
bool hr_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

// Creates dir and its missing parents with mode (like mkdir -p). Returns 0, or -1 with errno.
int hr_mkdirs(const char *dir, unsigned mode);

#endif
