/*  hr_calendar - civil dates and the company's working-day calendar.
 *
 *  A day is an int32 count of days since 1970-01-01 in the proleptic Gregorian calendar, so
 *  date arithmetic is integer arithmetic. A calendar holds the exceptions to the Monday-Friday
 *  week: public holidays and adjusted working days (调休上班), as data a company edits
 *  (deploy/config/calendar.txt). Pure: no clock, no time zone database; the display zone is a
 *  fixed offset (Asia/Shanghai is +480 minutes and has no daylight saving).
 */
#ifndef HR_CALENDAR_H
#define HR_CALENDAR_H

#include "hr_base.h"

#define HR_DATE_LEN 11            // "2025-03-03" + NUL
#define HR_TZ_SHANGHAI_MIN 480    // UTC+8
#define HR_CALENDAR_MAX_DAYS 4096 // exceptions a calendar may hold
#define HR_CALENDAR_MAX_ADD 3660  // working days hr_calendar_add_working_days accepts

typedef struct hr_calendar hr_calendar_t;

typedef enum {
    HR_DAY_NORMAL = 0, // follows the week: Monday-Friday working
    HR_DAY_HOLIDAY,    // a public holiday or rest day moved by the State Council
    HR_DAY_WORKDAY,    // an adjusted working day on a weekend
} hr_day_kind_t;

// Day number of a civil date; the date must be valid (see hr_date_is_valid).
int32_t hr_date_from_ymd(int year, int month, int day);
void hr_date_to_ymd(int32_t day, int *year, int *month, int *mday);
bool hr_date_is_valid(int year, int month, int day);
// Parses exactly "YYYY-MM-DD" (a real date, years 1900-2999). false otherwise.
bool hr_date_parse(const char *s, int32_t *day_out);
// Why hr_date_parse refuses s, as the words that follow the text in a message: "is not
// YYYY-MM-DD" (the shape), "is not a date (there is no month 13)", "is not a date (February
// 2026 has 28 days)", "is not a date from 1900 to 2999"; "is a date" when it takes it. Into buf
// (size bytes; HR_DATE_WHY_LEN is enough); returns buf.
char *hr_date_why(const char *s, char *buf, size_t size);
// The same for a parser that takes the years year_min to year_max only (hr_law's).
char *hr_date_why_years(const char *s, int year_min, int year_max, char *buf, size_t size);
#define HR_DATE_WHY_LEN 64
// Writes "YYYY-MM-DD" into buf (HR_DATE_LEN bytes); returns buf.
char *hr_date_format(int32_t day, char *buf);
// 0 = Monday ... 6 = Sunday.
int hr_date_weekday(int32_t day);
// The local civil day of a UTC instant at a fixed offset east of UTC, in minutes.
int32_t hr_day_of_ms(int64_t ms, int tz_offset_min);
// UTC ms of local midnight starting `day` at the offset.
int64_t hr_ms_of_day(int32_t day, int tz_offset_min);

// An empty calendar: Monday-Friday working, no exceptions. Owned.
hr_calendar_t *hr_calendar_new(void);
// Loads a calendar file: one exception per line, `YYYY-MM-DD holiday|workday [note]`,
// `# comments` and blank lines ignored, and `year YYYY` lines declaring which years the file
// covers. `YYYY-MM-DD statutory [note]` is a holiday fixed by law (全国年节及纪念日放假办法 Art.
// 2: 元旦, 春节 除夕 to 初三, 清明, 5-1 and 5-2, 端午, 中秋, 10-1 to 10-3), listed for years whose
// yearly notice is not out yet: a holiday whether or not the year is declared, which the
// notice's own `holiday` line may repeat and no `workday` line may contradict. A `year YYYY`
// line needs at least one `holiday` line of that year (statutory lines do not count): a notice
// always lists holidays, and a bare year line would only silence the warnings that the year's
// days off are unknown. NULL with an owned *err_out naming the line ("calendar.txt:12: ..."; a
// bare year line: its own line, and what to add), or saying the path is not a regular file,
// could not be read, or is over 1 MiB.
hr_calendar_t *hr_calendar_load(const char *path, char **err_out);
// Same, from text in memory (name is used in messages).
hr_calendar_t *hr_calendar_parse(const char *text, size_t len, const char *name, char **err_out);
void hr_calendar_destroy(hr_calendar_t **self_p);
// Sets an exception. HR_EFULL past HR_CALENDAR_MAX_DAYS.
hr_rc_t hr_calendar_set(hr_calendar_t *self, int32_t day, hr_day_kind_t kind);
hr_day_kind_t hr_calendar_kind(const hr_calendar_t *self, int32_t day);
bool hr_calendar_is_working(const hr_calendar_t *self, int32_t day);
// True when the file declared the year (`year 2026`): outside them only the week applies,
// with the statutory days listed (hr_calendar_knows_statutory).
bool hr_calendar_covers(const hr_calendar_t *self, int year);
// True when day was listed as `statutory`.
bool hr_calendar_is_statutory(const hr_calendar_t *self, int32_t day);
// True when the file lists statutory days in year: of a year it does not declare, the
// holidays the law fixes are known, the notice's bridge days and adjusted working days not.
bool hr_calendar_knows_statutory(const hr_calendar_t *self, int year);
// The first year from today's to that of today + horizon_days (days >= 0) that the calendar
// does not declare, 0 when it declares them all: a daemon says so (sys.Status, hrctl health)
// before deadlines or attendance there count weekends alone - holidays as working days.
int hr_calendar_missing_year(const hr_calendar_t *self, int32_t today, int horizon_days);
// The years from from_day's to to_day's (either may be the later; both included) that the
// calendar does not declare, oldest first: a date counted across them may move once their
// notices are added. Writes the first cap of them into years (borrowed; may be NULL when cap is
// 0) and returns how many there are, which may be more than cap.
size_t hr_calendar_missing_years(const hr_calendar_t *self, int32_t from_day, int32_t to_day,
                                 int *years, size_t cap);
// The date of the nth working day after day (n >= 1); day itself for n == 0. n is capped by
// the caller at HR_CALENDAR_MAX_ADD (asserted).
int32_t hr_calendar_add_working_days(const hr_calendar_t *self, int32_t day, int n);
// Working days in (from, to]: how many working days after `from` up to and including `to`.
int hr_calendar_working_days_between(const hr_calendar_t *self, int32_t from, int32_t to);

#endif
