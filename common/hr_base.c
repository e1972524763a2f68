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
