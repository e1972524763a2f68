/*  hr_calendar - civil-date arithmetic and the working-day calendar.
 *
 *  Day numbers use Howard Hinnant's days-from-civil algorithm (public domain), which is exact
 *  for the whole proleptic Gregorian calendar with integer arithmetic only. Exceptions are kept
 *  sorted by day so lookups are a binary search; a calendar holds a few dozen per year.
 */
#include "hr_calendar.h"
#include "hr_file.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HR_DAYS_PER_ERA 146097
#define HR_CALENDAR_FILE_MAX (1024 * 1024) // a calendar is a few KB; anything this big is not one
#define HR_EPOCH_SHIFT 719468              // days from 0000-03-01 to 1970-01-01
#define HR_YEAR_MIN 1900
#define HR_YEAR_MAX 2999
#define HR_CALENDAR_LINE_MAX 512
#define HR_CALENDAR_MAX_YEARS 64

typedef struct {
    int32_t day;        // day number
    hr_day_kind_t kind; // holiday or workday
    bool statutory;     // a holiday by law (a `statutory` line), whatever a yearly notice adds
} s_exception_t;

struct hr_calendar {
    s_exception_t *days;                        // owned, sorted by day
    size_t ndays;                               // entries used
    size_t cap;                                 // entries allocated
    int years[HR_CALENDAR_MAX_YEARS];           // years the data declares
    size_t nyears;                              // entries used in years
    int statutory_years[HR_CALENDAR_MAX_YEARS]; // years with `statutory` lines
    size_t nstatutory;                          // entries used in statutory_years
};

int32_t hr_date_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * HR_DAYS_PER_ERA + doe - HR_EPOCH_SHIFT);
}

void hr_date_to_ymd(int32_t day, int *year, int *month, int *mday)
{
    int z = day + HR_EPOCH_SHIFT;
    int era = (z >= 0 ? z : z - HR_DAYS_PER_ERA + 1) / HR_DAYS_PER_ERA;
    int doe = z - era * HR_DAYS_PER_ERA;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *mday = d;
}

static int s_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool hr_date_is_valid(int year, int month, int day)
{
    return year >= HR_YEAR_MIN && year <= HR_YEAR_MAX && month >= 1 && month <= 12 && day >= 1 &&
           day <= s_days_in_month(year, month);
}

static bool s_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

// Splits "YYYY-MM-DD" (the shape only: any digits) into its numbers.
static bool s_ymd(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != HR_DATE_LEN - 1 || s[4] != '-' || s[7] != '-' || !s_digits(s, 4) ||
        !s_digits(s + 5, 2) || !s_digits(s + 8, 2))
        return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return true;
}

bool hr_date_parse(const char *s, int32_t *day_out)
{
    int y, m, d;
    if (!s_ymd(s, &y, &m, &d) || !hr_date_is_valid(y, m, d))
        return false;
    *day_out = hr_date_from_ymd(y, m, d);
    return true;
}

char *hr_date_why(const char *s, char *buf, size_t size)
{
    return hr_date_why_years(s, HR_YEAR_MIN, HR_YEAR_MAX, buf, size);
}

char *hr_date_why_years(const char *s, int year_min, int year_max, char *buf, size_t size)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    int y, m, d;
    if (!s_ymd(s, &y, &m, &d))
        snprintf(buf, size, "is not YYYY-MM-DD");
    else if (y < year_min || y > year_max)
        snprintf(buf, size, "is not a date from %d to %d", year_min, year_max);
    else if (m < 1 || m > 12)
        snprintf(buf, size, "is not a date (there is no month %02d)", m);
    else if (d < 1)
        snprintf(buf, size, "is not a date (there is no day 00)");
    else if (d > s_days_in_month(y, m))
        snprintf(buf, size, "is not a date (%s %d has %d days)", months[m - 1], y,
                 s_days_in_month(y, m));
    else
        snprintf(buf, size, "is a date");
    return buf;
}

char *hr_date_format(int32_t day, char *buf)
{
    int y, m, d;
    hr_date_to_ymd(day, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000, um = (unsigned)m % 100, ud = (unsigned)d % 100;
    const char digits[] = "0123456789";
    buf[0] = digits[uy / 1000];
    buf[1] = digits[uy / 100 % 10];
    buf[2] = digits[uy / 10 % 10];
    buf[3] = digits[uy % 10];
    buf[4] = '-';
    buf[5] = digits[um / 10];
    buf[6] = digits[um % 10];
    buf[7] = '-';
    buf[8] = digits[ud / 10];
    buf[9] = digits[ud % 10];
    buf[10] = '\0';
    return buf;
}

int hr_date_weekday(int32_t day)
{
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    int w = (int)((day % 7 + 7 + 3) % 7);
    return w;
}

int32_t hr_day_of_ms(int64_t ms, int tz_offset_min)
{
    int64_t local = ms + (int64_t)tz_offset_min * HR_MINUTE_MS;
    int64_t day = local / HR_DAY_MS;
    if (local % HR_DAY_MS < 0)
        day--;
    return (int32_t)day;
}

int64_t hr_ms_of_day(int32_t day, int tz_offset_min)
{
    return (int64_t)day * HR_DAY_MS - (int64_t)tz_offset_min * HR_MINUTE_MS;
}

hr_calendar_t *hr_calendar_new(void)
{
    return hr_alloc(sizeof(hr_calendar_t));
}

void hr_calendar_destroy(hr_calendar_t **self_p)
{
    hr_calendar_t *self = *self_p;
    if (!self)
        return;
    hr_free(self->days);
    hr_free(self);
    *self_p = NULL;
}

// Index of the first exception with day >= `day`.
static size_t s_lower_bound(const hr_calendar_t *self, int32_t day)
{
    size_t lo = 0, hi = self->ndays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (self->days[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

hr_rc_t hr_calendar_set(hr_calendar_t *self, int32_t day, hr_day_kind_t kind)
{
    size_t i = s_lower_bound(self, day);
    if (i < self->ndays && self->days[i].day == day) {
        self->days[i].kind = kind;
        return HR_OK;
    }
    if (self->ndays >= HR_CALENDAR_MAX_DAYS)
        return HR_EFULL;
    if (self->ndays == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 64;
        self->days = hr_realloc(self->days, self->cap * sizeof *self->days);
    }
    memmove(&self->days[i + 1], &self->days[i], (self->ndays - i) * sizeof *self->days);
    self->days[i] = (s_exception_t){day, kind, false};
    self->ndays++;
    return HR_OK;
}

hr_day_kind_t hr_calendar_kind(const hr_calendar_t *self, int32_t day)
{
    size_t i = s_lower_bound(self, day);
    if (i < self->ndays && self->days[i].day == day)
        return self->days[i].kind;
    return HR_DAY_NORMAL;
}

bool hr_calendar_is_working(const hr_calendar_t *self, int32_t day)
{
    switch (hr_calendar_kind(self, day)) {
    case HR_DAY_HOLIDAY:
        return false;
    case HR_DAY_WORKDAY:
        return true;
    case HR_DAY_NORMAL:
        break;
    }
    return hr_date_weekday(day) < 5;
}

// The entry of day, or NULL.
static s_exception_t *s_find(const hr_calendar_t *self, int32_t day)
{
    size_t i = s_lower_bound(self, day);
    return i < self->ndays && self->days[i].day == day ? &self->days[i] : NULL;
}

bool hr_calendar_is_statutory(const hr_calendar_t *self, int32_t day)
{
    const s_exception_t *e = s_find(self, day);
    return e && e->statutory;
}

bool hr_calendar_knows_statutory(const hr_calendar_t *self, int year)
{
    for (size_t i = 0; i < self->nstatutory; i++)
        if (self->statutory_years[i] == year)
            return true;
    return false;
}

bool hr_calendar_covers(const hr_calendar_t *self, int year)
{
    for (size_t i = 0; i < self->nyears; i++)
        if (self->years[i] == year)
            return true;
    return false;
}

size_t hr_calendar_missing_years(const hr_calendar_t *self, int32_t from_day, int32_t to_day,
                                 int *years, size_t cap)
{
    if (to_day < from_day) {
        int32_t t = from_day;
        from_day = to_day;
        to_day = t;
    }
    int first, last, m, d;
    hr_date_to_ymd(from_day, &first, &m, &d);
    hr_date_to_ymd(to_day, &last, &m, &d);
    size_t n = 0;
    for (int y = first; y <= last; y++) {
        if (hr_calendar_covers(self, y))
            continue;
        if (n < cap)
            years[n] = y;
        n++;
    }
    return n;
}

int hr_calendar_missing_year(const hr_calendar_t *self, int32_t today, int horizon_days)
{
    assert(horizon_days >= 0);
    int year = 0;
    hr_calendar_missing_years(self, today, today + horizon_days, &year, 1);
    return year;
}

int32_t hr_calendar_add_working_days(const hr_calendar_t *self, int32_t day, int n)
{
    assert(n >= 0 && n <= HR_CALENDAR_MAX_ADD);
    while (n > 0) {
        day++;
        if (hr_calendar_is_working(self, day))
            n--;
    }
    return day;
}

int hr_calendar_working_days_between(const hr_calendar_t *self, int32_t from, int32_t to)
{
    int n = 0;
    for (int32_t d = from + 1; d <= to; d++)
        n += hr_calendar_is_working(self, d);
    return n;
}

static char *s_fail(const char *name, int line, const char *what, const char *text)
{
    return hr_strfmt("%s:%d: %s '%s'", name, line, what, text);
}

// What a parse keeps beside the calendar, to check the file as a whole once it is read: a
// `year` line says the year's notice is in the file, and a notice always lists holidays.
typedef struct {
    int year_line[HR_CALENDAR_MAX_YEARS];             // line of each self->years entry
    bool holiday_year[HR_YEAR_MAX - HR_YEAR_MIN + 1]; // a `holiday` line of the year was read
} s_parse_t;

// Parses one non-comment line into the calendar. NULL on success, else an owned message.
static char *s_parse_line(hr_calendar_t *self, s_parse_t *p, char *line, const char *name,
                          int lineno)
{
    char *save = NULL;
    char *first = strtok_r(line, " \t", &save);
    char *second = strtok_r(NULL, " \t", &save);
    if (!first)
        return NULL;
    if (!strcmp(first, "year")) {
        int64_t year = 0;
        if (!second || !hr_parse_i64(second, HR_YEAR_MIN, HR_YEAR_MAX, &year))
            return s_fail(name, lineno, "not a year:", second ? second : "");
        if (self->nyears >= HR_CALENDAR_MAX_YEARS)
            return s_fail(name, lineno, "too many years at", second);
        p->year_line[self->nyears] = lineno;
        self->years[self->nyears++] = (int)year;
        return NULL;
    }
    int32_t day = 0;
    if (!hr_date_parse(first, &day))
        return s_fail(name, lineno, "not a date (YYYY-MM-DD):", first);
    hr_day_kind_t kind;
    bool statutory = second && !strcmp(second, "statutory");
    if (statutory || (second && !strcmp(second, "holiday")))
        kind = HR_DAY_HOLIDAY;
    else if (second && !strcmp(second, "workday"))
        kind = HR_DAY_WORKDAY;
    else
        return s_fail(name, lineno, "expected holiday, workday or statutory, got",
                      second ? second : "");
    s_exception_t *had = s_find(self, day);
    // A statutory day is listed again as a holiday by the year's notice, once published: both
    // say the same. Never a working day, and any other date only once.
    if (had && kind == HR_DAY_WORKDAY && had->statutory)
        return s_fail(
            name, lineno,
            "a statutory holiday (全国年节及纪念日放假办法 Art. 2) is never a working day:", first);
    if (had &&
        !(kind == HR_DAY_HOLIDAY && had->kind == HR_DAY_HOLIDAY && (statutory || had->statutory)))
        return s_fail(name, lineno, "date listed twice:", first);
    if (hr_calendar_set(self, day, kind))
        return s_fail(name, lineno, "too many dates at", first);
    int y, m, d;
    hr_date_to_ymd(day, &y, &m, &d);
    if (kind == HR_DAY_HOLIDAY && !statutory)
        p->holiday_year[y - HR_YEAR_MIN] = true;
    if (statutory) {
        s_find(self, day)->statutory = true;
        if (!hr_calendar_knows_statutory(self, y)) {
            if (self->nstatutory >= HR_CALENDAR_MAX_YEARS)
                return s_fail(name, lineno, "too many years at", first);
            self->statutory_years[self->nstatutory++] = y;
        }
    }
    return NULL;
}

// A `year` line with no `holiday` line of its year: a notice always lists holidays, so the
// line can only have been added to silence the warnings (sys.Status, hrctl health, hrctl
// calendar, interview and deadline findings) while the year's days off stay unknown. NULL when
// every declared year has one, else an owned message naming the first `year` line without.
static char *s_check_years(const hr_calendar_t *self, const s_parse_t *p, const char *name)
{
    for (size_t i = 0; i < self->nyears; i++) {
        int y = self->years[i];
        if (p->holiday_year[y - HR_YEAR_MIN])
            continue;
        return hr_strfmt(
            "%s:%d: `year %d` but no `%d-MM-DD holiday` line: a State Council notice always "
            "lists holidays, so a bare year line would only silence the warnings that %d's "
            "days off are unknown. Add the notice's holiday and workday lines of %d "
            "(YYYY-MM-DD holiday|workday) with it, or remove `year %d` until the notice is "
            "published (国务院放假通知必有放假日期：请补上 %d 年通知的 holiday 和 workday 行，"
            "或在通知发布前删去此行)",
            name, p->year_line[i], y, y, y, y, y, y);
    }
    return NULL;
}

hr_calendar_t *hr_calendar_parse(const char *text, size_t len, const char *name, char **err_out)
{
    *err_out = NULL;
    hr_calendar_t *self = hr_calendar_new();
    s_parse_t parse = {0};
    size_t pos = 0;
    int lineno = 0;
    while (pos < len && !*err_out) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        size_t n = end - pos;
        if (n >= HR_CALENDAR_LINE_MAX) {
            *err_out =
                hr_strfmt("%s:%d: line longer than %d bytes", name, lineno, HR_CALENDAR_LINE_MAX);
            break;
        }
        char line[HR_CALENDAR_LINE_MAX];
        memcpy(line, text + pos, n);
        line[n] = '\0';
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        line[strcspn(line, "\r")] = '\0';
        *err_out = s_parse_line(self, &parse, line, name, lineno);
        pos = end + 1;
    }
    if (!*err_out)
        *err_out = s_check_years(self, &parse, name);
    if (*err_out)
        hr_calendar_destroy(&self);
    return self;
}

hr_calendar_t *hr_calendar_load(const char *path, char **err_out)
{
    *err_out = NULL;
    char *text = NULL;
    size_t len = 0;
    hr_rc_t rc = hr_file_read(path, HR_CALENDAR_FILE_MAX, &text, &len);
    hr_calendar_t *self = NULL;
    // A directory reads as nothing on some systems: an empty calendar would drop every holiday
    // without a word, so it is "not a regular file", as a device is.
    if (rc == HR_ENOTFOUND || rc == HR_EDENIED)
        *err_out = hr_strfmt("%s: cannot open", path);
    else if (rc == HR_EINVAL)
        *err_out = hr_strfmt("%s: not a regular file", path);
    else if (rc == HR_EFULL)
        *err_out = hr_strfmt("%s: over %d bytes: not a calendar", path, HR_CALENDAR_FILE_MAX);
    else if (rc)
        *err_out = hr_strfmt("%s: read error", path);
    else
        self = hr_calendar_parse(text, len, path, err_out);
    hr_free(text);
    return self;
}
