/*  hr_base - result codes, allocation that aborts on OOM, big-endian helpers.
 *
 *  The allocation functions are the only callers of malloc in the project. Running out of
 *  memory is not a condition any caller can handle sensibly in a daemon that holds legal
 *  records, so it aborts loudly and the supervisor (systemd, docker) restarts the process.
 */
#include "hr_base.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *const s_rc_names[HR_RC_COUNT] = {
    "ok",       "einval",   "enotfound", "econflict", "edenied",
    "eunavail", "etimeout", "efull",     "eio",       "einternal",
};

const char *hr_rc_name(int rc)
{
    if (rc < 0 || rc >= HR_RC_COUNT)
        return "unknown";
    return s_rc_names[rc];
}

hr_rc_t hr_rc_from_errno(int err)
{
    switch (err) {
    case 0:
        return HR_OK;
    case ENOENT:
        return HR_ENOTFOUND;
    case EEXIST:
        return HR_ECONFLICT;
    case EACCES:
    case EPERM:
        return HR_EDENIED;
    case ENOSPC:
        return HR_EFULL;
    case EINVAL:
        return HR_EINVAL;
    default:
        return HR_EIO;
    }
}

static void s_oom(size_t size)
{
    fprintf(stderr, "lvl=error ev=oom bytes=%zu\n", size);
    abort();
}

void *hr_alloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        s_oom(size);
    return p;
}

void *hr_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        s_oom(size);
    return q;
}

char *hr_strdup(const char *s)
{
    if (!s)
        return NULL;
    return hr_strndup(s, strlen(s));
}

char *hr_strndup(const char *s, size_t n)
{
    char *p = hr_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *hr_strfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return hr_strdup("");
    char *p = hr_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void hr_free_(void *p)
{
    free(p);
}

void hr_be64_put(void *dst, uint64_t v)
{
    unsigned char *d = dst;
    for (int i = 7; i >= 0; i--) {
        d[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

uint64_t hr_be64_get(const void *src)
{
    const unsigned char *s = src;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | s[i];
    return v;
}

void hr_be32_put(void *dst, uint32_t v)
{
    unsigned char *d = dst;
    for (int i = 3; i >= 0; i--) {
        d[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

uint32_t hr_be32_get(const void *src)
{
    const unsigned char *s = src;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | s[i];
    return v;
}

bool hr_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno || *end != '\0' || end == s)
        return false;
    if (v < min || v > max)
        return false;
    *out = (int64_t)v;
    return true;
}

int hr_mkdirs(const char *dir, unsigned mode)
{
    char *path = hr_strdup(dir);
    int rc = 0;
    for (char *p = path + 1; *p && rc == 0; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, (mode_t)mode) && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    if (rc == 0 && mkdir(path, (mode_t)mode) && errno != EEXIST)
        rc = -1;
    int saved = errno;
    hr_free(path);
    errno = saved;
    return rc;
}

bool hr_utf8_check(const void *data, size_t len, bool nul_ok)
{
    const unsigned char *p = data;
    size_t i = 0;
    while (i < len) {
        // Fast path over ASCII, eight bytes at a time (imported files are mostly ASCII).
        while (nul_ok && i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned c = p[i];
        size_t n;
        unsigned min;
        if (c == 0 && !nul_ok)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            min = 0x80;
            c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            min = 0x800;
            c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            min = 0x10000;
            c &= 0x07;
        } else {
            return false;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (p[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

bool hr_utf8_is_valid(const char *s, size_t len)
{
    return hr_utf8_check(s, len, false);
}

// Bytes in a sequence that a lead byte c starts, 0 when c cannot start one.
static size_t s_utf8_len(unsigned char c)
{
    return c < 0x80             ? 1
           : (c & 0xE0) == 0xC0 ? 2
           : (c & 0xF0) == 0xE0 ? 3
           : (c & 0xF8) == 0xF0 ? 4
                                : 0;
}

size_t hr_utf8_cut(const char *s, size_t len)
{
    size_t i = len, cont = 0;
    while (i > 0 && cont < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0)
        return len; // no lead byte to judge by
    size_t need = s_utf8_len((unsigned char)s[i - 1]);
    return need > cont + 1 ? i - 1 : len; // the last character is cut short: leave it out
}

size_t hr_utf8_scrub(char *s, size_t len)
{
    len = hr_utf8_cut(s, len);
    size_t i = 0;
    while (i < len) {
        size_t n = s_utf8_len((unsigned char)s[i]);
        if (n && i + n <= len && hr_utf8_is_valid(s + i, n)) {
            i += n;
            continue;
        }
        s[i++] = '?'; // NUL, a stray byte, an overlong form or a surrogate
    }
    return len;
}

bool hr_utf8_is_unsafe(uint32_t cp, unsigned allow)
{
    if (cp == '\n')
        return !(allow & HR_UTF8_ALLOW_LF);
    if (cp == '\t')
        return !(allow & HR_UTF8_ALLOW_TAB);
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// The code point of the well-formed character of n bytes at p.
static uint32_t s_utf8_decode(const unsigned char *p, size_t n)
{
    uint32_t cp = n == 1 ? p[0] : p[0] & (0xFFu >> (n + 1));
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (p[i] & 0x3F);
    return cp;
}

// The length of the well-formed character at s[i..len), 0 when none starts there.
static size_t s_utf8_at(const char *s, size_t i, size_t len)
{
    size_t n = s_utf8_len((unsigned char)s[i]);
    return n && i + n <= len && hr_utf8_is_valid(s + i, n) ? n : 0;
}

size_t hr_utf8_find_unsafe(const char *s, size_t len, unsigned allow, uint32_t *cp_out)
{
    size_t i = 0;
    while (i < len) {
        size_t n = s_utf8_at(s, i, len);
        if (!n) {
            i++;
            continue;
        }
        uint32_t cp = s_utf8_decode((const unsigned char *)s + i, n);
        if (hr_utf8_is_unsafe(cp, allow)) {
            if (cp_out)
                *cp_out = cp;
            return i;
        }
        i += n;
    }
    return len;
}

const char *hr_utf8_unsafe_name(uint32_t cp, char *buf)
{
    static const char *const c0[0x20] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                         "BS",  "TAB", "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                         "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                         "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    static const struct {
        uint32_t cp;
        const char *name;
    } bidi[] = {
        {0x061C, "ARABIC LETTER MARK"},      {0x200E, "LEFT-TO-RIGHT MARK"},
        {0x200F, "RIGHT-TO-LEFT MARK"},      {0x202A, "LEFT-TO-RIGHT EMBEDDING"},
        {0x202B, "RIGHT-TO-LEFT EMBEDDING"}, {0x202C, "POP DIRECTIONAL FORMATTING"},
        {0x202D, "LEFT-TO-RIGHT OVERRIDE"},  {0x202E, "RIGHT-TO-LEFT OVERRIDE"},
        {0x2066, "LEFT-TO-RIGHT ISOLATE"},   {0x2067, "RIGHT-TO-LEFT ISOLATE"},
        {0x2068, "FIRST STRONG ISOLATE"},    {0x2069, "POP DIRECTIONAL ISOLATE"},
    };
    const char *name = NULL, *kind = "a control character";
    if (cp < 0x20)
        name = c0[cp];
    else if (cp == 0x7F)
        name = "DEL";
    else if (cp == 0x2028 || cp == 0x2029) {
        name = cp == 0x2028 ? "LINE SEPARATOR" : "PARAGRAPH SEPARATOR";
        kind = "an invisible line break";
    }
    for (size_t i = 0; !name && i < HR_ARRAY_LEN(bidi); i++)
        if (bidi[i].cp == cp) {
            name = bidi[i].name;
            kind = "a bidi control";
        }
    if (name)
        snprintf(buf, HR_UTF8_UNSAFE_NAME_LEN, "U+%04X (%s, %s)", (unsigned)cp, name, kind);
    else
        snprintf(buf, HR_UTF8_UNSAFE_NAME_LEN, "U+%04X (%s)", (unsigned)cp, kind);
    return buf;
}

bool hr_utf8_has_unsafe(const char *s, size_t len, unsigned allow, char *err, size_t errlen)
{
    uint32_t cp = 0;
    size_t at = hr_utf8_find_unsafe(s, len, allow, &cp);
    if (at == len)
        return false;
    char name[HR_UTF8_UNSAFE_NAME_LEN];
    snprintf(err, errlen,
             "holds %s at byte %zu: no control character%s and no bidi control is taken (it would "
             "act on the terminal the text is shown on or reorder the document it is printed in)",
             hr_utf8_unsafe_name(cp, name), at,
             (allow & HR_UTF8_ALLOW_TEXT) == HR_UTF8_ALLOW_TEXT ? " but a line feed or a tab"
             : allow & HR_UTF8_ALLOW_LF                         ? " but a line feed"
             : allow & HR_UTF8_ALLOW_TAB                        ? " but a tab"
                                                                : "");
    return true;
}

size_t hr_utf8_defang(char *s, size_t len, unsigned allow)
{
    len = hr_utf8_scrub(s, len);
    size_t i = 0, o = 0;
    while (i < len) {
        size_t n = s_utf8_at(s, i, len); // never 0 past hr_utf8_scrub
        n = n ? n : 1;
        if (hr_utf8_is_unsafe(s_utf8_decode((const unsigned char *)s + i, n), allow)) {
            s[o++] = '?';
        } else {
            memmove(s + o, s + i, n);
            o += n;
        }
        i += n;
    }
    return o;
}

bool hr_ipc_in_use(const char *endpoint)
{
    if (strncmp(endpoint, "ipc://", 6))
        return false;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    const char *path = endpoint + 6;
    if (strlen(path) >= sizeof addr.sun_path)
        return false; // binding will say what is wrong with it
    memcpy(addr.sun_path, path, strlen(path) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return false;
    // A file left by a process that ended refuses the connection; a live listener accepts it,
    // or has a full backlog (a stopped process: EAGAIN, never a wait here).
    bool live = connect(fd, (const struct sockaddr *)&addr, sizeof addr) == 0 || errno == EAGAIN ||
                errno == EINPROGRESS;
    close(fd);
    return live;
}
