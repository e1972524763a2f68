/*  law_date - civil dates as day numbers, month arithmetic, and the length of service.
 *
 *  Day numbers count days from 1970-01-01 in the proleptic Gregorian calendar. The conversion
 *  is Howard Hinnant's days_from_civil / civil_from_days: it works in 400-year eras (every era
 *  has exactly 146097 days) with years starting on 1 March, so the leap day is the last day of
 *  a year and needs no special case. We do not use timegm/localtime: they depend on the time
 *  zone and on the C library, and a legal deadline must not.
 *
 *  Service length follows the contract (law-check.md, "Money"): both the first and the last day
 *  count, so service is measured up to the day after the last day; months are whole calendar
 *  months, each a month later on the same day, or the month's last day where that day does not
 *  exist (Civil Code Art. 202). Month arithmetic is always done from the start day, never step
 *  by step, so a Jan 31 hire reaches Feb 28, Mar 31, Apr 30 and so on.
 */
#include "law.h"
#include "hr_calendar.h"

#include <stdio.h>
#include <string.h>

#define S_DAYS_PER_ERA 146097     // days in 400 Gregorian years
#define S_YEARS_PER_ERA 400       // years in an era
#define S_DAYS_PER_YEAR 365       // days in a common year
#define S_LEAP_EVERY 4            // a leap year every 4 years...
#define S_LEAP_SKIP 100           // ...except every 100 years...
#define S_UNIX_EPOCH_SHIFT 719468 // days from 0000-03-01 to 1970-01-01
#define S_MARCH 3                 // the era's years start in March
#define S_MONTHS_AFTER_FEB 9      // Jan and Feb are months 10 and 11 of the shifted year
#define S_SHIFTED_MONTH_MUL 153   // days in the five months Mar-Jul (shifted-month formula)
#define S_SHIFTED_MONTH_ADD 2     // rounding term of the shifted-month formula
#define S_SHIFTED_MONTH_DIV 5     // months in the 153-day cycle
#define S_FEBRUARY 2
#define S_FEB_DAYS 28
#define S_LONG_MONTH 31
#define S_SHORT_MONTH 30

static const int s_month_days[LAW_MONTHS_PER_YEAR] = {
    S_LONG_MONTH, S_FEB_DAYS,   S_LONG_MONTH,  S_SHORT_MONTH, S_LONG_MONTH,  S_SHORT_MONTH,
    S_LONG_MONTH, S_LONG_MONTH, S_SHORT_MONTH, S_LONG_MONTH,  S_SHORT_MONTH, S_LONG_MONTH,
};

static bool s_is_leap(int year)
{
    return (year % S_LEAP_EVERY == 0 && year % S_LEAP_SKIP != 0) || year % S_YEARS_PER_ERA == 0;
}

int law_date_month_days(int year, int month)
{
    if (month < 1 || month > LAW_MONTHS_PER_YEAR)
        return 0;
    if (month == S_FEBRUARY && s_is_leap(year))
        return S_FEB_DAYS + 1;
    return s_month_days[month - 1];
}

// Day number of a date already known to exist.
static law_day_t s_days_from_civil(int year, int month, int mday)
{
    int y = month <= S_FEBRUARY ? year - 1 : year;
    int era = (y >= 0 ? y : y - (S_YEARS_PER_ERA - 1)) / S_YEARS_PER_ERA;
    int yoe = y - era * S_YEARS_PER_ERA; // [0, 399]
    int shifted_month = month > S_FEBRUARY ? month - S_MARCH : month + S_MONTHS_AFTER_FEB;
    int doy = (S_SHIFTED_MONTH_MUL * shifted_month + S_SHIFTED_MONTH_ADD) / S_SHIFTED_MONTH_DIV +
              mday - 1; // [0, 365]
    int doe = yoe * S_DAYS_PER_YEAR + yoe / S_LEAP_EVERY - yoe / S_LEAP_SKIP + doy;
    return (law_day_t)(era * S_DAYS_PER_ERA + doe - S_UNIX_EPOCH_SHIFT);
}

bool law_date_from_ymd(int year, int month, int mday, law_day_t *out)
{
    if (year < LAW_YEAR_MIN || year > LAW_YEAR_MAX)
        return false;
    if (month < 1 || month > LAW_MONTHS_PER_YEAR)
        return false;
    if (mday < 1 || mday > law_date_month_days(year, month))
        return false;
    *out = s_days_from_civil(year, month, mday);
    return true;
}

void law_date_to_ymd(law_day_t day, int *year, int *month, int *mday)
{
    int z = day + S_UNIX_EPOCH_SHIFT;
    int era = (z >= 0 ? z : z - (S_DAYS_PER_ERA - 1)) / S_DAYS_PER_ERA;
    int doe = z - era * S_DAYS_PER_ERA; // [0, 146096]
    int yoe = (doe - doe / (S_DAYS_PER_YEAR * S_LEAP_EVERY) +
               doe / (S_DAYS_PER_ERA / S_LEAP_EVERY) - doe / (S_DAYS_PER_ERA - 1)) /
              S_DAYS_PER_YEAR; // [0, 399]
    int doy = doe - (S_DAYS_PER_YEAR * yoe + yoe / S_LEAP_EVERY - yoe / S_LEAP_SKIP);
    int mp = (S_SHIFTED_MONTH_DIV * doy + S_SHIFTED_MONTH_ADD) / S_SHIFTED_MONTH_MUL; // [0, 11]
    int d = doy - (S_SHIFTED_MONTH_MUL * mp + S_SHIFTED_MONTH_ADD) / S_SHIFTED_MONTH_DIV + 1;
    int m = mp < S_SHIFTED_MONTH_DIV * 2 ? mp + S_MARCH : mp - S_MONTHS_AFTER_FEB;
    int y = yoe + era * S_YEARS_PER_ERA + (m <= S_FEBRUARY ? 1 : 0);
    *year = y;
    *month = m;
    *mday = d;
}

// Parses exactly `width` ASCII digits at s.
static bool s_digits(const char *s, int width, int *out)
{
    int v = 0;
    for (int i = 0; i < width; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool law_date_parse(const char *text, law_day_t *out)
{
    int year, month, mday;
    if (!text || strlen(text) != LAW_DATE_LEN)
        return false;
    if (text[4] != '-' || text[7] != '-')
        return false;
    if (!s_digits(text, 4, &year) || !s_digits(text + 5, 2, &month) ||
        !s_digits(text + 8, 2, &mday))
        return false;
    return law_date_from_ymd(year, month, mday, out);
}

char *law_date_why(const char *text, char *buf, size_t size)
{
    return hr_date_why_years(text, LAW_YEAR_MIN, LAW_YEAR_MAX, buf, size);
}

void law_date_format(law_day_t day, char *buf)
{
    // The same day numbers as hr_calendar (days since 1970-01-01): one formatter for both.
    hr_date_format(day, buf);
}

law_day_t law_date_add_months(law_day_t day, int months)
{
    int year, month, mday;
    law_date_to_ymd(day, &year, &month, &mday);
    int index = year * LAW_MONTHS_PER_YEAR + (month - 1) + months;
    int y = index / LAW_MONTHS_PER_YEAR;
    int m = index % LAW_MONTHS_PER_YEAR + 1;
    int last = law_date_month_days(y, m);
    return s_days_from_civil(y, m, mday < last ? mday : last);
}

law_service_t law_service_between(law_day_t first, law_day_t last)
{
    law_service_t service = {0, 0, 0, 0};
    if (last < first)
        return service;
    law_day_t end = last + 1; // the day after the last day of service
    int fy, fm, fd, ey, em, ed;
    law_date_to_ymd(first, &fy, &fm, &fd);
    law_date_to_ymd(end, &ey, &em, &ed);
    // The month of `end` is the latest candidate; one month less when its anniversary day
    // falls after `end`.
    int months = (ey - fy) * LAW_MONTHS_PER_YEAR + (em - fm);
    law_day_t anniversary = law_date_add_months(first, months);
    if (anniversary > end) {
        months--;
        anniversary = law_date_add_months(first, months);
    }
    service.total_months = months;
    service.years = months / LAW_MONTHS_PER_YEAR;
    service.months = months % LAW_MONTHS_PER_YEAR;
    service.days = end - anniversary;
    return service;
}

#define S_HALF_UNITS_PER_YEAR 2   // one month's wage per year, counted in half months
#define S_FULL_UNIT_FROM_MONTHS 6 // a remainder of 6 months or more counts as a year

int law_service_half_units(const law_service_t *service)
{
    int half = service->years * S_HALF_UNITS_PER_YEAR;
    if (service->months >= S_FULL_UNIT_FROM_MONTHS)
        half += S_HALF_UNITS_PER_YEAR;
    else if (service->months > 0 || service->days > 0)
        half += 1;
    return half;
}
