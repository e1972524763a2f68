/*  an_text - what raw HR files look like: encodings, CSV records, ids, dates and numbers.
 *
 *  Pure functions (no I/O, no clock). Everything here takes untrusted bytes: every loop is
 *  bounded by the input length, every copy by a named limit, and nothing asserts on input.
 *  Files arrive from Excel, WPS, ZKTeco software and vendor exports; the quirks handled are the
 *  "CSV imports" list of reference/reliability.md.
 */
#include "an.h"

#include <iconv.h>
#include <stdarg.h>
#include <math.h>

// ---- dates ----

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
int32_t an_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

static bool s_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

// Reads 1..max digits at s[*i]; false when none.
static bool s_digits(const char *s, size_t len, size_t *i, int max, int *out)
{
    int v = 0, n = 0;
    while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    *out = v;
    return n > 0;
}

static bool s_is_digits(const char *s, size_t len)
{
    if (!len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

// Excel's 1900 date system: serial 1 = 1900-01-01, with its fictional 1900-02-29 (serial 60);
// serial 61 onwards is 1899-12-30 + serial days.
static bool s_excel_day(int64_t serial, int32_t *day)
{
    if (serial < 1 || serial > 2958465 || serial == 60)
        return false;
    int32_t base = an_days_from_civil(1899, 12, 30);
    *day = (int32_t)(base + serial + (serial < 60 ? 1 : 0));
    return true;
}

bool an_date_parse(const char *s, size_t len, int32_t *day, const char **why)
{
    *why = "not a date";
    while (len && (s[len - 1] == ' '))
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    if (!len) {
        *why = "empty date";
        return false;
    }
    int y = 0, m = 0, d = 0;
    size_t i = 0;
    if (s_is_digits(s, len)) {
        if (len == 8) { // 20240105
            y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
            m = (s[4] - '0') * 10 + (s[5] - '0');
            d = (s[6] - '0') * 10 + (s[7] - '0');
        } else if (len <= 7) {
            int64_t serial = 0;
            for (size_t k = 0; k < len; k++)
                serial = serial * 10 + (s[k] - '0');
            if (!s_excel_day(serial, day)) {
                *why = "Excel date serial out of range";
                return false;
            }
            return true;
        } else {
            return false;
        }
    } else {
        if (!s_digits(s, len, &i, 4, &y))
            return false;
        if (i == 4 && i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
            char sep = s[i++];
            if (!s_digits(s, len, &i, 2, &m) || i >= len || s[i] != sep)
                return false;
            i++;
            if (!s_digits(s, len, &i, 2, &d))
                return false;
        } else if (i == 4 && len - i >= 3 && !memcmp(s + i, "年", 3)) {
            i += 3;
            if (!s_digits(s, len, &i, 2, &m) || len - i < 3 || memcmp(s + i, "月", 3))
                return false;
            i += 3;
            if (!s_digits(s, len, &i, 2, &d))
                return false;
            if (len - i >= 3 && !memcmp(s + i, "日", 3))
                i += 3;
        } else if (i <= 2 && i < len && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
            *why = "ambiguous date (dd/mm/yyyy or mm/dd/yyyy): write YYYY-MM-DD";
            return false;
        } else {
            return false;
        }
        if (i != len)
            return false;
    }
    if (!s_valid_ymd(y, m, d)) {
        *why = "no such date";
        return false;
    }
    *day = an_days_from_civil(y, m, d);
    return true;
}

bool an_tod_parse(const char *s, size_t len, int32_t *sec, const char **why)
{
    *why = "not a time of day";
    while (len && s[len - 1] == ' ')
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    size_t i = 0;
    int h = 0, mi = 0, se = 0;
    if (!s_digits(s, len, &i, 2, &h) || i >= len || s[i] != ':')
        return false;
    i++;
    if (!s_digits(s, len, &i, 2, &mi))
        return false;
    if (i < len && s[i] == ':') {
        i++;
        if (!s_digits(s, len, &i, 2, &se))
            return false;
        if (i < len && s[i] == '.') { // fraction of a second: dropped
            i++;
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
        }
    }
    if (i != len)
        return false;
    if (h == 24 && mi == 0 && se == 0) {
        *sec = 86400; // the end of the day: the caller moves to the next midnight
        return true;
    }
    if (h > 23 || mi > 59 || se > 59) {
        *why = "time of day out of range";
        return false;
    }
    *sec = h * 3600 + mi * 60 + se;
    return true;
}

void an_local_of_ms(int64_t ms, int tz_offset_min, int32_t *day, int32_t *sec)
{
    int64_t local_s = ms / 1000 - (ms % 1000 < 0 ? 1 : 0) + (int64_t)tz_offset_min * 60;
    int64_t d = local_s / 86400;
    int64_t r = local_s % 86400;
    if (r < 0) {
        r += 86400;
        d--;
    }
    *day = (int32_t)d;
    *sec = (int32_t)r;
}

// Parses a zone suffix at the end of s: "Z", "+08:00", "+0800", "-05". Returns its length (0 if
// none) and the offset.
static size_t s_zone_suffix(const char *s, size_t len, int *off_min)
{
    if (len && (s[len - 1] == 'Z' || s[len - 1] == 'z')) {
        *off_min = 0;
        return 1;
    }
    for (size_t n = 6; n >= 3; n--) {
        if (len < n + 8)
            continue;
        const char *z = s + len - n;
        if (z[0] != '+' && z[0] != '-')
            continue;
        int hh, mm = 0;
        size_t i = 1;
        if (!s_digits(z, n, &i, 2, &hh) || i != 3)
            continue;
        if (i < n && z[i] == ':')
            i++;
        if (i < n && !s_digits(z, n, &i, 2, &mm))
            continue;
        if (i != n || hh > 14 || mm > 59)
            continue;
        *off_min = (z[0] == '-' ? -1 : 1) * (hh * 60 + mm);
        return n;
    }
    return 0;
}

bool an_datetime_parse(const char *s, size_t len, int tz_offset_min, int32_t *day, int32_t *sec,
                       const char **why)
{
    while (len && (s[len - 1] == ' '))
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    *why = "not a date and time";
    if (!len)
        return false;
    // The common case first: "YYYY-MM-DD HH:MM:SS".
    if (len == 19 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') && s[13] == ':' &&
        s[16] == ':') {
        int v[6];
        static const uint8_t at[6] = {0, 5, 8, 11, 14, 17};
        bool ok = true;
        for (int k = 0; k < 6 && ok; k++) {
            const char *q = s + at[k];
            int n = k == 0 ? 4 : 2, x = 0;
            for (int j = 0; j < n; j++) {
                if (q[j] < '0' || q[j] > '9')
                    ok = false;
                x = x * 10 + (q[j] - '0');
            }
            v[k] = x;
        }
        if (ok && s_valid_ymd(v[0], v[1], v[2]) && v[3] <= 23 && v[4] <= 59 && v[5] <= 59) {
            *day = an_days_from_civil(v[0], v[1], v[2]);
            *sec = v[3] * 3600 + v[4] * 60 + v[5];
            return true;
        }
    }
    // An Excel serial with a fraction: 45296.375
    const char *dot = memchr(s, '.', len);
    if (dot && s_is_digits(s, (size_t)(dot - s)) &&
        s_is_digits(dot + 1, len - (size_t)(dot - s) - 1) && dot - s <= 7) {
        double v = 0;
        if (!an_number_parse(s, len, &v) || !s_excel_day((int64_t)v, day)) {
            *why = "Excel date serial out of range";
            return false;
        }
        double frac = v - floor(v);
        *sec = (int32_t)llround(frac * 86400.0);
        if (*sec >= 86400) {
            *sec -= 86400;
            (*day)++;
        }
        return true;
    }
    int zone = 0;
    size_t zl = s_zone_suffix(s, len, &zone);
    size_t body = len - zl;
    // Split date and time at the first 'T' or blank after the date.
    size_t cut = 0;
    while (cut < body && s[cut] != ' ' && s[cut] != 'T')
        cut++;
    if (cut >= body) {
        *why = "no time of day";
        return false;
    }
    size_t t0 = cut + 1;
    while (t0 < body && s[t0] == ' ')
        t0++;
    if (!an_date_parse(s, cut, day, why))
        return false;
    if (!an_tod_parse(s + t0, body - t0, sec, why))
        return false;
    if (*sec == 86400) {
        *sec = 0;
        (*day)++;
    }
    if (zl) {
        int64_t ms = ((int64_t)*day * 86400 + *sec - (int64_t)zone * 60) * 1000;
        an_local_of_ms(ms, tz_offset_min, day, sec);
    }
    return true;
}

size_t an_record_len(const char *s, size_t n)
{
    size_t first = 0; // the first line end, whatever the quotes
    while (first < n && s[first] != '\n' && s[first] != '\r')
        first++;
    bool q = false, crossed = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q) {
            if (c == '"' && i + 1 < n && s[i + 1] == '"')
                i++;
            else if (c == '"')
                q = false;
            else if (c == '\n' || c == '\r')
                crossed = true;
        } else if (c == '"' && (i == 0 || s[i - 1] == ',' || s[i - 1] == ';' || s[i - 1] == '\t')) {
            q = true; // a quote opens only at the start of a field
        } else if (c == '\n' || c == '\r') {
            return i;
        }
    }
    return q || !crossed ? first : n;
}

bool an_number_parse(const char *s, size_t len, double *out)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '%'))
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    // A currency sign before an amount: ¥ (U+00A5), ￥ (U+FFE5).
    if (len > 2 && !memcmp(s, "\xc2\xa5", 2)) {
        s += 2;
        len -= 2;
    } else if (len > 3 && !memcmp(s, "\xef\xbf\xa5", 3)) {
        s += 3;
        len -= 3;
    }
    if (!len || len > 64)
        return false;
    char buf[65];
    // Thousands separators as spreadsheets write amounts ("1,000", "12,345.5"): dropped when
    // every group after the first has three digits, before any decimal point ("1,5" is no
    // number: a decimal comma or a typo).
    size_t n = 0, group = 0;
    bool commas = false, point = false, digits_before = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',') {
            if (point || !digits_before || (commas && group != 3) || (!commas && group > 3))
                return false;
            commas = true;
            group = 0;
            continue;
        }
        if (c >= '0' && c <= '9') {
            group++;
            digits_before = true;
        } else if (c == '.' || c == 'e' || c == 'E') {
            if (commas && group != 3)
                return false;
            point = true;
        }
        buf[n++] = c;
    }
    if (commas && !point && group != 3)
        return false;
    len = n;
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return false;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (errno || end != buf + len || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool an_period_parse(const char *s, size_t len, int32_t *from, int32_t *to)
{
    const char *why = NULL;
    while (len && s[len - 1] == ' ')
        len--;
    while (len && *s == ' ') {
        s++;
        len--;
    }
    const char *tilde = memchr(s, '~', len);
    if (tilde)
        return an_date_parse(s, (size_t)(tilde - s), from, &why) &&
               an_date_parse(tilde + 1, len - (size_t)(tilde - s) - 1, to, &why) && *from <= *to;
    size_t i = 0;
    int y = 0, n = 0;
    // A month as Chinese exports write it: 2026年11月, 2026年1月, 2026/11, 2026.11 (a date has
    // three parts: 2026/11/5 is a day).
    if (len >= 6 && s_digits(s, len, &i, 4, &y) && i == 4 && y >= 1900) {
        size_t sep = 0;
        if (len > 4 && (s[4] == '/' || s[4] == '.'))
            sep = 1;
        else if (len >= 7 && !memcmp(s + 4, "年", 3))
            sep = 3;
        size_t j = 4 + sep;
        if (sep && s_digits(s, len, &j, 2, &n) && j > 4 + sep && n >= 1 && n <= 12 &&
            ((sep == 1 && j == len) || (sep == 3 && j + 3 == len && !memcmp(s + j, "月", 3)))) {
            *from = an_days_from_civil(y, n, 1);
            *to = (n == 12 ? an_days_from_civil(y + 1, 1, 1) : an_days_from_civil(y, n + 1, 1)) - 1;
            return true;
        }
        if (sep == 3) {
            // 2026年 (the year), 2026年第四季度 / 2026年第4季度, 2026年上半年 / 下半年.
            const char *r = s + 7;
            size_t rl = len - 7;
            static const char *const qn[] = {"第一季度", "第二季度", "第三季度", "第四季度",
                                             "第1季度",  "第2季度",  "第3季度",  "第4季度"};
            int q = 0, half = 0;
            for (int k = 0; k < 8; k++)
                if (rl == strlen(qn[k]) && !memcmp(r, qn[k], rl))
                    q = k % 4 + 1;
            if (rl == strlen("上半年") && !memcmp(r, "上半年", rl))
                half = 1;
            if (rl == strlen("下半年") && !memcmp(r, "下半年", rl))
                half = 2;
            if (!rl) {
                *from = an_days_from_civil(y, 1, 1);
                *to = an_days_from_civil(y, 12, 31);
                return true;
            }
            if (q) {
                *from = an_days_from_civil(y, (q - 1) * 3 + 1, 1);
                *to = (q == 4 ? an_days_from_civil(y + 1, 1, 1)
                              : an_days_from_civil(y, q * 3 + 1, 1)) -
                      1;
                return true;
            }
            if (half) {
                *from = an_days_from_civil(y, half == 1 ? 1 : 7, 1);
                *to =
                    (half == 1 ? an_days_from_civil(y, 7, 1) : an_days_from_civil(y + 1, 1, 1)) - 1;
                return true;
            }
        }
        i = 0;
    }
    if (len == 4 && s_digits(s, len, &i, 4, &y) && i == 4 && y >= 1900) {
        *from = an_days_from_civil(y, 1, 1);
        *to = an_days_from_civil(y, 12, 31);
        return true;
    }
    if (len == 7 && s_digits(s, len, &i, 4, &y) && i == 4 && y >= 1900 && s[4] == '-') {
        char c = s[5];
        i = 6;
        if ((c == 'Q' || c == 'q') && s_digits(s, len, &i, 1, &n) && n >= 1 && n <= 4) {
            *from = an_days_from_civil(y, (n - 1) * 3 + 1, 1);
            *to = (n == 4 ? an_days_from_civil(y + 1, 1, 1) : an_days_from_civil(y, n * 3 + 1, 1)) -
                  1;
            return true;
        }
        if ((c == 'H' || c == 'h') && s_digits(s, len, &i, 1, &n) && n >= 1 && n <= 2) {
            *from = an_days_from_civil(y, n == 1 ? 1 : 7, 1);
            *to = (n == 1 ? an_days_from_civil(y, 7, 1) : an_days_from_civil(y + 1, 1, 1)) - 1;
            return true;
        }
        i = 5;
        if (s_digits(s, len, &i, 2, &n) && i == 7 && n >= 1 && n <= 12) {
            *from = an_days_from_civil(y, n, 1);
            *to = (n == 12 ? an_days_from_civil(y + 1, 1, 1) : an_days_from_civil(y, n + 1, 1)) - 1;
            return true;
        }
        return false;
    }
    if (!an_date_parse(s, len, from, &why))
        return false;
    *to = *from;
    return true;
}

// ---- ids ----

an_id_rc_t an_id_canon(const char *s, size_t len, char *out)
{
    // The common case first: a number without leading zeros or blanks.
    if (len && len <= 20 && s[0] >= '1' && s[0] <= '9') {
        size_t i = 1;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == len) {
            memcpy(out, s, len);
            out[len] = '\0';
            return AN_ID_OK;
        }
    }
    out[0] = '\0';
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    if (len && *s == '\'') { // Excel's "keep as text" apostrophe
        s++;
        len--;
    }
    if (!len)
        return AN_ID_EMPTY;
    if (len > AN_ID_MAX)
        return AN_ID_BAD;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == ',' || c == ';' || c == '"')
            return AN_ID_BAD;
    }
    // "123.0" -> "123"
    if (len > 2 && s[len - 2] == '.' && s[len - 1] == '0' && s_is_digits(s, len - 2))
        len -= 2;
    // Scientific notation: D[.DDD]E[+]XX
    const char *e = NULL;
    for (size_t i = 0; i < len; i++)
        if (s[i] == 'E' || s[i] == 'e')
            e = s + i;
    if (e && e > s && s[0] >= '1' && s[0] <= '9') {
        size_t ml = (size_t)(e - s);
        char digits[AN_ID_MAX + 1];
        size_t nd = 0;
        bool ok = true;
        for (size_t i = 0; i < ml && ok; i++) {
            if (s[i] >= '0' && s[i] <= '9')
                digits[nd++] = s[i];
            else if (!(s[i] == '.' && i == 1))
                ok = false;
        }
        size_t i = (size_t)(e - s) + 1;
        if (i < len && s[i] == '+')
            i++;
        int exp = 0;
        size_t start = i;
        while (ok && i < len && s[i] >= '0' && s[i] <= '9' && exp < 100)
            exp = exp * 10 + (s[i++] - '0');
        if (ok && i == len && i > start && exp + 1 <= AN_ID_MAX) {
            while (nd > 1 && digits[nd - 1] == '0') // "1.20E+05": trailing zeros are not digits
                nd--;
            size_t want = (size_t)exp + 1;
            if (nd > want)
                return AN_ID_BAD; // a fraction: not an id
            memcpy(out, digits, nd);
            for (size_t k = nd; k < want; k++)
                out[k] = '0';
            out[want] = '\0';
            // Fewer mantissa digits than the number has: it may have been rounded (Excel shows
            // long numbers with about 6 significant digits).
            return nd < want ? AN_ID_SCI_LOSSY : AN_ID_SCI_EXACT;
        }
    }
    if (s_is_digits(s, len)) {
        while (len > 1 && *s == '0') {
            s++;
            len--;
        }
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return AN_ID_OK;
}

bool an_id_sci_matches(const char *sci, size_t len, const char *known)
{
    char rounded[AN_ID_MAX + 1];
    if (an_id_canon(sci, len, rounded) != AN_ID_SCI_LOSSY)
        return false;
    size_t kl = strlen(known), rl = strlen(rounded);
    if (kl != rl || !s_is_digits(known, kl))
        return false;
    // Significant digits shown: the mantissa's, trailing zeros dropped.
    size_t nd = rl;
    while (nd > 1 && rounded[nd - 1] == '0')
        nd--;
    // Round known to nd significant digits and compare.
    char r[AN_ID_MAX + 2];
    memcpy(r + 1, known, kl);
    r[0] = '0';
    bool up = known[nd] >= '5';
    for (size_t k = nd + 1; k < kl + 1; k++)
        r[k] = '0';
    if (up) {
        size_t k = nd;
        while (r[k] == '9') {
            r[k] = '0';
            k--;
        }
        r[k]++;
    }
    if (r[0] != '0')
        return false; // rounding grew a digit: compare lengths would differ
    return !memcmp(r + 1, rounded, rl);
}

// ---- encodings ----

void an_zh(char *zh, size_t zh_len, const char *fmt, ...)
{
    if (!zh || !zh_len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(zh, zh_len, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= zh_len) // cut: end on a whole character
        zh[hr_utf8_cut(zh, zh_len - 1)] = '\0';
}

const char *an_enc_name(an_enc_t enc)
{
    switch (enc) {
    case AN_ENC_UTF8:
        return "utf-8";
    case AN_ENC_UTF8_BOM:
        return "utf-8-bom";
    case AN_ENC_GB18030:
        return "gb18030";
    case AN_ENC_UTF16LE:
        return "utf-16le";
    }
    return "?";
}

// Converts to UTF-8. On failure *bad_at (when given) is the offset in data where it stopped.
static hr_rc_t s_iconv(const char *from, const char *data, size_t len, char **out, size_t *out_len,
                       size_t *bad_at)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return HR_EINTERNAL;
    size_t cap = len * 2 + 16; // GB18030 (2 or 4 bytes) -> UTF-8 (at most 3 or 4): <= 2x
    char *buf = hr_alloc(cap);
    char *in = (char *)data;
    size_t in_left = len;
    char *o = buf;
    size_t o_left = cap - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    iconv_close(cd);
    if (r == (size_t)-1) {
        if (bad_at)
            *bad_at = (size_t)(in - data);
        hr_free(buf);
        return HR_EINVAL;
    }
    *o = '\0';
    *out = buf;
    *out_len = (size_t)(o - buf);
    return HR_OK;
}

// Length of the valid UTF-8 sequence at p[0] (1 for ASCII), 0 when none starts there.
static size_t s_utf8_seq(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = (p[0] & 0xE0) == 0xC0   ? 2
               : (p[0] & 0xF0) == 0xE0 ? 3
               : (p[0] & 0xF8) == 0xF0 ? 4
                                       : 0;
    return n && n <= left && hr_utf8_check(p, n, true) ? n : 0;
}

// What a scan of bytes as UTF-8 found: multi-byte sequences that are valid, runs of bytes that
// are not (a cut character is one run), and where the first bad run starts; the lines holding
// anything and those holding bad bytes.
typedef struct {
    size_t multi;
    size_t bad;       // runs
    size_t bad_bytes; // bytes in them
    size_t first_bad;
    size_t first_bad_len;
    size_t lines;     // lines that are not empty
    size_t bad_lines; // ... holding bad bytes
} s_utf8_scan_t;

static void s_utf8_scan(const unsigned char *p, size_t len, s_utf8_scan_t *sc)
{
    memset(sc, 0, sizeof *sc);
    bool in_bad = false, line_used = false, line_bad = false;
    for (size_t i = 0; i < len;) {
        if (p[i] == '\n' || p[i] == '\r') {
            sc->lines += line_used;
            sc->bad_lines += line_bad;
            line_used = line_bad = in_bad = false;
            i++;
            continue;
        }
        line_used = true;
        size_t n = s_utf8_seq(p + i, len - i);
        if (n) {
            sc->multi += n > 1;
            in_bad = false;
            i += n;
            continue;
        }
        if (!in_bad && !sc->bad++)
            sc->first_bad = i;
        if (sc->bad == 1)
            sc->first_bad_len++; // still in the first run
        sc->bad_bytes++;
        in_bad = line_bad = true;
        i++;
    }
    sc->lines += line_used;
    sc->bad_lines += line_bad;
}

// A UTF-8 file damaged in a few places (a character cut by an editor or a transfer), not a
// file in another encoding: it has valid multi-byte UTF-8 sequences, at least two for every
// byte that is not UTF-8. GBK text seen as UTF-8 is the other way round: most of its bytes are
// not UTF-8, and fewer than one character in ten happens to be a valid sequence.
static bool s_utf8_damaged(const s_utf8_scan_t *sc)
{
    return sc->bad_bytes && sc->bad_bytes * 2 <= sc->multi;
}

// An ASCII file (a ZKTeco export, a CSV of ids and times) with a few bad bytes, in fewer than
// half its lines: no multi-byte UTF-8 says which encoding it is, but its other lines are ASCII,
// which reads the same in every encoding an HR file comes in.
static bool s_ascii_damaged(const s_utf8_scan_t *sc)
{
    return sc->bad_bytes && !sc->multi && sc->bad_lines * 2 < sc->lines;
}

// Line (from 1) of the byte at off.
static unsigned s_line_at(const char *data, size_t off)
{
    unsigned line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

// "FF AE 89": at most the first 4 bytes of a bad run.
static void s_hex_bytes(const unsigned char *p, size_t n, char *out, size_t out_len)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n && k < 4 && o + 4 < out_len; k++)
        o += (size_t)snprintf(out + o, out_len - o, "%s%02X", k ? " " : "", p[k]);
}

bool an_utf8_first_bad(const char *s, size_t len, size_t *off, char *hex, size_t hex_len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = s_utf8_seq(p + i, len - i);
        if (n) {
            i += n;
            continue;
        }
        size_t e = i + 1;
        while (e < len && !s_utf8_seq(p + e, len - e))
            e++;
        *off = i;
        s_hex_bytes(p + i, e - i, hex, hex_len);
        return true;
    }
    return false;
}

// Refuses a UTF-8 file with bad bytes: where the first bad run is (line, byte offset in the
// file, from 0), its bytes, how many there are.
static hr_rc_t s_utf8_refuse(const char *data, size_t base, const s_utf8_scan_t *sc, char *why,
                             size_t why_len)
{
    size_t off = base + sc->first_bad;
    unsigned line = s_line_at(data, off);
    char hex[16];
    s_hex_bytes((const unsigned char *)data + off, sc->first_bad_len, hex, sizeof hex);
    snprintf(why, why_len,
             "line %u, byte offset %zu: bytes %s are not UTF-8 in a UTF-8 file (%zu such place%s); "
             "nothing was imported: correct the character there and save the file as UTF-8 again "
             "/ 第%u行（字节偏移%zu）：字节 %s 不是有效的 UTF-8 字符（共%zu处）；未导入任何数据，"
             "请改正该处字符后重新保存为 UTF-8",
             line, off, hex, sc->bad, sc->bad == 1 ? "" : "s", line, off, hex, sc->bad);
    return HR_EINVAL;
}

hr_rc_t an_text_decode(const char *data, size_t len, bool lines, const char **text_out,
                       size_t *len_out, bool *owned_out, an_enc_t *enc_out, size_t *damaged_out,
                       char *why, size_t why_len)
{
    const unsigned char *p = (const unsigned char *)data;
    *owned_out = false;
    *damaged_out = 0;
    if (len >= 2 && p[0] == 0xff && p[1] == 0xfe) {
        char *buf = NULL;
        size_t n = 0;
        if (s_iconv("UTF-16LE", data + 2, len - 2, &buf, &n, NULL)) {
            snprintf(why, why_len, "file: UTF-16LE byte order mark but the text does not decode");
            return HR_EINVAL;
        }
        *text_out = buf;
        *len_out = n;
        *owned_out = true;
        *enc_out = AN_ENC_UTF16LE;
        return HR_OK;
    }
    if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        if (!hr_utf8_check(p + 3, len - 3, true)) {
            s_utf8_scan_t sc;
            s_utf8_scan(p + 3, len - 3, &sc);
            if (!lines)
                return s_utf8_refuse(data, 3, &sc, why, why_len); // the BOM says UTF-8
            *damaged_out = sc.bad; // the BOM says UTF-8: the lines holding them are set aside
        }
        *text_out = data + 3;
        *len_out = len - 3;
        *enc_out = AN_ENC_UTF8_BOM;
        return HR_OK;
    }
    if (hr_utf8_check(p, len, true)) {
        *text_out = data;
        *len_out = len;
        *enc_out = AN_ENC_UTF8;
        return HR_OK;
    }
    s_utf8_scan_t sc;
    s_utf8_scan(p, len, &sc);
    char *buf = NULL;
    size_t n = 0, gb_at = 0;
    hr_rc_t gb = s_iconv("GB18030", data, len, &buf, &n, &gb_at);
    // Damaged UTF-8 that also reads as GB18030 throughout: which it is cannot be told, and
    // either guess could turn the text into mojibake. Refused, as is damaged UTF-8 whose
    // format has no lines to set aside (JSON).
    if (s_utf8_damaged(&sc) && (!gb || !lines)) {
        hr_free(buf);
        return s_utf8_refuse(data, 0, &sc, why, why_len);
    }
    if (gb && lines && (s_utf8_damaged(&sc) || s_ascii_damaged(&sc))) {
        *text_out = data; // the bytes as they are: the parser sets aside the lines holding bad ones
        *len_out = len;
        *enc_out = AN_ENC_UTF8;
        *damaged_out = sc.bad;
        return HR_OK;
    }
    if (gb) {
        unsigned ul = s_line_at(data, sc.first_bad), gl = s_line_at(data, gb_at);
        snprintf(why, why_len,
                 "file: neither UTF-8 (not at line %u, byte offset %zu) nor GB18030 (GBK) (not at "
                 "line %u, byte offset %zu); save it as UTF-8 / 文件既不是 UTF-8（第%u行，字节偏移"
                 "%zu）也不是 GB18030（GBK）（第%u行，字节偏移%zu）编码，请另存为 UTF-8",
                 ul, sc.first_bad, gl, gb_at, ul, sc.first_bad, gl, gb_at);
        return HR_EINVAL;
    }
    *text_out = buf;
    *len_out = n;
    *owned_out = true;
    *enc_out = AN_ENC_GB18030;
    return HR_OK;
}

// ---- CSV ----

void an_csv_init(an_csv_t *csv, const char *text, size_t len, char delim)
{
    memset(csv, 0, sizeof *csv);
    csv->text = text;
    csv->len = len;
    an_csv_rewind(csv, 0, 1, delim);
}

void an_csv_rewind(an_csv_t *csv, size_t pos, uint32_t line, char delim)
{
    const char *text = csv->text;
    size_t len = csv->len;
    csv->pos = pos < len ? pos : len;
    csv->line = line;
    memset(csv->stop, 0, sizeof csv->stop);
    csv->delim = delim;
    if (!delim) {
        // Guess from the line at pos: the most frequent of , ; TAB outside quotes.
        size_t c = 0, sc = 0, tab = 0, at = csv->pos;
        bool q = false;
        while (at < len && (text[at] == '\n' || text[at] == '\r')) // empty lines are skipped
            at++;
        for (size_t i = at; i < len && i - at < AN_RECORD_MAX; i++) {
            char ch = text[i];
            if (ch == '"')
                q = !q;
            else if (!q && (ch == '\n' || ch == '\r'))
                break;
            else if (!q && ch == ',')
                c++;
            else if (!q && ch == ';')
                sc++;
            else if (!q && ch == '\t')
                tab++;
        }
        csv->delim = tab > c && tab >= sc ? '\t' : sc > c ? ';' : ',';
    }
    csv->stop[(uint8_t)csv->delim] = csv->stop['\n'] = csv->stop['\r'] = csv->stop[0] = 1;
}

void an_csv_free(an_csv_t *csv)
{
    hr_free(csv->buf);
    csv->buf_cap = 0;
}

// Skips to just after the end of the current physical line.
static void s_skip_line(an_csv_t *csv)
{
    const char *t = csv->text;
    while (csv->pos < csv->len && t[csv->pos] != '\n' && t[csv->pos] != '\r')
        csv->pos++;
    if (csv->pos < csv->len && t[csv->pos] == '\r')
        csv->pos++;
    if (csv->pos < csv->len && t[csv->pos] == '\n' && t[csv->pos - 1] == '\r')
        csv->pos++;
    else if (csv->pos < csv->len && t[csv->pos] == '\n')
        csv->pos++;
    csv->line++;
}

// The character column (from 1) of the byte at off on its line.
static uint32_t s_column_at(const char *t, size_t off)
{
    size_t b = off;
    while (b && t[b - 1] != '\n' && t[b - 1] != '\r')
        b--;
    uint32_t col = 1;
    for (size_t i = b; i < off; i++)
        col += ((unsigned char)t[i] & 0xC0) != 0x80; // continuation bytes are no column
    return col;
}

// A quote opened at line qline, byte qoff, that does not close: at the end of the file
// (next_line 0) or at a quote on next_line followed by text (the opening quote of a later field).
static void s_unterminated(an_csv_t *csv, uint32_t qline, size_t qoff, uint32_t next_line)
{
    uint32_t col = s_column_at(csv->text, qoff);
    if (next_line)
        snprintf(csv->bad_buf, sizeof csv->bad_buf,
                 "unterminated quote: the quote opened at line %u, column %u does not close on "
                 "its line; the next quote, on line %u, is followed by text, not a delimiter",
                 qline, col, next_line);
    else
        snprintf(csv->bad_buf, sizeof csv->bad_buf,
                 "unterminated quote: the quote opened at line %u, column %u does not close "
                 "before the end of the file",
                 qline, col);
    csv->bad = csv->bad_buf;
}

bool an_csv_next(an_csv_t *csv)
{
    const char *t = csv->text;
    size_t len = csv->len;
    // Skip empty lines.
    while (csv->pos < len && (t[csv->pos] == '\n' || t[csv->pos] == '\r')) {
        if (t[csv->pos] == '\r' && csv->pos + 1 < len && t[csv->pos + 1] == '\n')
            csv->pos++;
        csv->pos++;
        csv->line++;
    }
    if (csv->pos >= len)
        return false;
    csv->nf = 0;
    csv->bad = NULL;
    csv->rec_line = csv->line;
    csv->rec_off = csv->pos;
    size_t used = 0; // bytes used in buf
    size_t p = csv->pos;
    for (;;) {
        // One field.
        if (csv->nf == AN_FIELDS_MAX) {
            csv->bad = "too many fields";
            break;
        }
        if (p < len && t[p] == '"') {
            uint32_t qline = csv->line; // where the quote opens: a broken one is reported there
            size_t qoff = p;
            p++;
            size_t start = used;
            for (;;) {
                if (p >= len) {
                    s_unterminated(csv, qline, qoff, 0);
                    break;
                }
                char ch = t[p];
                if (ch == '"') {
                    if (p + 1 < len && t[p + 1] == '"') {
                        ch = '"';
                        p += 2;
                    } else {
                        p++;
                        break;
                    }
                } else {
                    if (ch == '\n' || (ch == '\r' && !(p + 1 < len && t[p + 1] == '\n')))
                        csv->line++;
                    p++;
                }
                if (ch == '\0') {
                    csv->bad = "NUL byte";
                }
                if (used + 2 > csv->buf_cap) {
                    if (csv->buf_cap >= AN_RECORD_MAX) {
                        csv->bad = "record longer than 65536 bytes";
                        break;
                    }
                    csv->buf_cap = csv->buf_cap ? csv->buf_cap * 2 : 1024;
                    csv->buf = hr_realloc(csv->buf, csv->buf_cap);
                }
                csv->buf[used++] = ch;
            }
            if (csv->bad)
                break;
            // A quoted field that ran over a line end and whose closing quote is followed by
            // text: the quote that opened it never closed, and the one taken for its end opens a
            // field of a later line (`2,"09:01` then `3,"09:02"`). Read as one field, the lines
            // between would vanish into it.
            if (csv->line != qline && p < len && t[p] != csv->delim && t[p] != '\n' &&
                t[p] != '\r') {
                s_unterminated(csv, qline, qoff, csv->line);
                break;
            }
            // Text after the closing quote up to the delimiter is kept (a stray quote).
            while (p < len && t[p] != csv->delim && t[p] != '\n' && t[p] != '\r') {
                if (used + 2 > csv->buf_cap) {
                    if (csv->buf_cap >= AN_RECORD_MAX) {
                        csv->bad = "record longer than 65536 bytes";
                        break;
                    }
                    csv->buf_cap = csv->buf_cap ? csv->buf_cap * 2 : 1024;
                    csv->buf = hr_realloc(csv->buf, csv->buf_cap);
                }
                csv->buf[used++] = t[p++];
            }
            if (csv->bad)
                break;
            // buf may move while later fields grow it: keep offsets, make pointers at the end.
            csv->fq[csv->nf] = true;
            csv->foff[csv->nf] = start;
            csv->flen[csv->nf] = used - start;
            csv->nf++;
        } else {
            size_t s = p;
            for (;;) {
                while (p < len && !csv->stop[(uint8_t)t[p]])
                    p++;
                if (p < len && t[p] == '\0') {
                    csv->bad = "NUL byte";
                    p++;
                    continue;
                }
                break;
            }
            if (p - s > AN_RECORD_MAX) {
                csv->bad = "record longer than 65536 bytes";
                break;
            }
            csv->fq[csv->nf] = false;
            csv->foff[csv->nf] = s;
            csv->flen[csv->nf] = p - s;
            csv->nf++;
        }
        if (p - csv->rec_off > AN_RECORD_MAX) {
            csv->bad = "record longer than 65536 bytes";
            break;
        }
        if (p < len && t[p] == csv->delim) {
            p++;
            continue;
        }
        break;
    }
    if (csv->bad) {
        // Resynchronise: the record ends at the end of the physical line it started on.
        csv->pos = csv->rec_off;
        csv->line = csv->rec_line;
        s_skip_line(csv);
        csv->rec_len = 0;
        while (csv->rec_off + csv->rec_len < len && t[csv->rec_off + csv->rec_len] != '\n' &&
               t[csv->rec_off + csv->rec_len] != '\r')
            csv->rec_len++;
        csv->nf = 0;
        return true;
    }
    csv->rec_len = p - csv->rec_off;
    for (size_t i = 0; i < csv->nf; i++)
        csv->f[i] = !csv->fq[i] ? t + csv->foff[i] : csv->buf ? csv->buf + csv->foff[i] : "";
    // End of line.
    if (p < len && t[p] == '\r')
        p++;
    if (p < len && t[p] == '\n' && t[p - 1] == '\r')
        p++;
    else if (p < len && t[p] == '\n')
        p++;
    csv->pos = p;
    csv->line++;
    return true;
}

bool an_id_is_clean(const char *s)
{
    size_t len = strlen(s);
    if (len > AN_ID_MAX || !hr_utf8_is_valid(s, len))
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}
