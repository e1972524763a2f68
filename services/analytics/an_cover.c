/*  an_cover - the stretches an attendance file covers (pure).
 *
 *  A file covered every day from its first punch to its last, so one stray punch - a device
 *  reset to 2026-01-01 00:00:07, a wrong year - stretched an export of one week over eleven
 *  months, and every working day between read as an absence of everyone in it. The import now
 *  counts the punches (and DingTalk/WeCom slots) of each local day of the file (an_dayhist_*),
 *  and an_spans_build cuts the days with punches into stretches: two days with punches at most
 *  AN_SPAN_GAP_DAYS apart (ten: the longest run of public holidays with its weekends is nine)
 *  are one stretch, a longer gap without any punch starts another. A stretch covers from its
 *  earliest punch to its latest; a small stretch far from the rest (at most AN_OUTLIER_DAYS
 *  days with punches, and fewer than half the punches of the largest stretch) is an outlier:
 *  it covers nothing, and the import reply and the facts name it (README "Which days count").
 */
#include "an.h"

void an_dayhist_add(an_dayhist_t *h, int32_t day, int32_t sec)
{
    if (h->over)
        return;
    if (!h->n) {
        h->base = day;
        h->n = 64;
        h->count = hr_alloc(h->n * sizeof *h->count);
        h->lo = hr_alloc(h->n * sizeof *h->lo);
        h->hi = hr_alloc(h->n * sizeof *h->hi);
        memset(h->count, 0, h->n * sizeof *h->count);
    }
    if (day < h->base || (int64_t)day - h->base >= h->n) {
        int64_t lo = day < h->base ? (int64_t)day - 32 : h->base;
        int64_t hi = (int64_t)day - h->base >= h->n ? (int64_t)day + 32 : (int64_t)h->base + h->n;
        if (hi - lo > AN_SPAN_DAYS_MAX) {
            h->over = true; // days too far apart to track: the file covers first..last
            return;
        }
        uint32_t n = (uint32_t)(hi - lo), shift = (uint32_t)(h->base - lo);
        uint32_t *count = hr_alloc(n * sizeof *count);
        int32_t *slo = hr_alloc(n * sizeof *slo), *shi = hr_alloc(n * sizeof *shi);
        memset(count, 0, n * sizeof *count);
        memcpy(count + shift, h->count, h->n * sizeof *count);
        memcpy(slo + shift, h->lo, h->n * sizeof *slo);
        memcpy(shi + shift, h->hi, h->n * sizeof *shi);
        hr_free(h->count);
        hr_free(h->lo);
        hr_free(h->hi);
        h->count = count;
        h->lo = slo;
        h->hi = shi;
        h->n = n;
        h->base = (int32_t)lo;
    }
    uint32_t i = (uint32_t)(day - h->base);
    if (!h->count[i] || sec < h->lo[i])
        h->lo[i] = sec;
    if (!h->count[i] || sec > h->hi[i])
        h->hi[i] = sec;
    if (h->count[i] < UINT32_MAX)
        h->count[i]++;
}

void an_dayhist_free(an_dayhist_t *h)
{
    hr_free(h->count);
    hr_free(h->lo);
    hr_free(h->hi);
    memset(h, 0, sizeof *h);
}

size_t an_spans_build(const an_dayhist_t *h, Hr__Analytics__Span *out, size_t cap)
{
    if (h->over || !h->n)
        return 0;
    size_t n = 0;
    int64_t prev = INT64_MIN;
    for (uint32_t i = 0; i < h->n; i++) {
        if (!h->count[i])
            continue;
        int64_t day = (int64_t)h->base + i;
        if (prev == INT64_MIN || day - prev - 1 > AN_SPAN_GAP_DAYS) {
            if (n == cap)
                return 0; // more stretches than kept: the file covers first..last as before
            hr__analytics__span__init(&out[n]);
            out[n].from_at = day * 86400 + h->lo[i];
            n++;
        }
        Hr__Analytics__Span *s = &out[n - 1];
        s->to_at = day * 86400 + h->hi[i];
        s->punches += h->count[i];
        s->days++;
        prev = day;
    }
    uint32_t most = 0;
    for (size_t i = 0; i < n; i++)
        most = out[i].punches > most ? out[i].punches : most;
    for (size_t i = 0; i < n; i++)
        out[i].outlier = out[i].days <= AN_OUTLIER_DAYS && (uint64_t)out[i].punches * 2 < most;
    return n;
}

static void s_at_text(int64_t at, char *buf, size_t len)
{
    char d[HR_DATE_LEN];
    int32_t day = an_day_of_at(at);
    int32_t sec = (int32_t)(at - (int64_t)day * 86400);
    hr_date_format(day, d);
    snprintf(buf, len, "%s %02d:%02d:%02d", d, sec / 3600, sec / 60 % 60, sec % 60);
}

void an_span_text(const Hr__Analytics__Span *s, char *buf, size_t len)
{
    char a[32], b[32];
    s_at_text(s->from_at, a, sizeof a);
    s_at_text(s->to_at, b, sizeof b);
    if (s->from_at == s->to_at)
        snprintf(buf, len, "%s (%u punch%s)", a, s->punches, s->punches == 1 ? "" : "es");
    else
        snprintf(buf, len, "%s .. %s (%u punches)", a, b, s->punches);
}
