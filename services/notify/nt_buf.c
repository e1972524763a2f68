/*  nt_buf - a growing byte buffer.
 *
 *  Used to build messages and request bodies. Everything appended comes from inputs already
 *  capped by notify.Send's limits, so the buffer's size is bounded by them.
 */
#include "nt.h"

#include <stdarg.h>

static void s_reserve(nt_buf_t *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    b->data = hr_realloc(b->data, cap);
    b->cap = cap;
}

void nt_buf_add(nt_buf_t *b, const void *data, size_t len)
{
    s_reserve(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void nt_buf_adds(nt_buf_t *b, const char *s)
{
    nt_buf_add(b, s, strlen(s));
}

void nt_buf_addf(nt_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert(n >= 0);
    s_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *nt_buf_take(nt_buf_t *b, size_t *len_out)
{
    if (!b->data) {
        s_reserve(b, 0);
        b->data[0] = '\0';
    }
    char *p = b->data;
    if (len_out)
        *len_out = b->len;
    *b = (nt_buf_t){0};
    return p;
}

void nt_buf_free(nt_buf_t *b)
{
    hr_free(b->data);
    *b = (nt_buf_t){0};
}
