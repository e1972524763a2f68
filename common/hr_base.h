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

// What a text may hold besides printable characters (hr_utf8_find_unsafe, hr_utf8_defang): a
// name or a key holds neither (0), a reason or a note may run over lines.
#define HR_UTF8_ALLOW_LF 0x1u  // line feed
#define HR_UTF8_ALLOW_TAB 0x2u // horizontal tab
#define HR_UTF8_ALLOW_TEXT (HR_UTF8_ALLOW_LF | HR_UTF8_ALLOW_TAB)
// Longest hr_utf8_unsafe_name text, with its NUL.
#define HR_UTF8_UNSAFE_NAME_LEN 64

// True when code point cp must not be stored in a text, nor reach a terminal or a document as it
// is: a C0 control (LF and TAB only as allow lets them), DEL, a C1 control (U+0080..U+009F; a
// terminal acts on ESC and CSI, CR rewrites a line), a bidi mark, embedding, override or
// isolate (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069: they reorder how the text
// around them is shown, so "txt.exe" reads as "exe.txt"), or a line or paragraph separator
// (U+2028, U+2029: a line break nobody sees in the data).
bool hr_utf8_is_unsafe(uint32_t cp, unsigned allow);
// The offset of the first hr_utf8_is_unsafe character in s[0..len), with its code point in
// *cp_out (may be NULL); len when there is none. Bytes that are not UTF-8 are passed over
// (hr_utf8_is_valid judges them).
size_t hr_utf8_find_unsafe(const char *s, size_t len, unsigned allow, uint32_t *cp_out);
// Names cp for a message into buf (HR_UTF8_UNSAFE_NAME_LEN bytes): "U+001B (ESC, a control
// character)", "U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)". Returns buf.
const char *hr_utf8_unsafe_name(uint32_t cp, char *buf);
// True when s[0..len) holds an hr_utf8_is_unsafe character; err then says which and where, for
// the caller to put after the field's name: "holds U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi
// control) at byte 4: ...".
bool hr_utf8_has_unsafe(const char *s, size_t len, unsigned allow, char *err, size_t errlen);
// hr_utf8_scrub, then each hr_utf8_is_unsafe character becomes '?': a text stored before it was
// refused, shown or put into a document as it is without acting on the terminal or the reader.
// Works in place (the text never grows); returns the new length.
size_t hr_utf8_defang(char *s, size_t len, unsigned allow);

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
