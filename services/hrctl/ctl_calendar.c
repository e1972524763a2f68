/*  ctl_calendar - `hrctl calendar DATE [+N] [--json] [--calendar FILE]`.
 *
 *  Is DATE a working day on the company calendar, and which date is the Nth working day after
 *  it. The calendar file is --calendar FILE, else $HR_CALENDAR_FILE, else calendar.txt in the
 *  config directory (see ctl_config_dir).
 *
 *  Every year from DATE to the answer that the file does not declare (no `year` line: the State
 *  Council's notice is not in it) is named - in words a note, in JSON `missing_years` - since
 *  the answer may move once its notice is added: a count that crosses into 2027 is as unsure as
 *  one that starts there.
 */
#include "ctl.h"
#include "hr.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const s_weekdays_en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};
static const char *const s_weekdays_zh[] = {"星期一", "星期二", "星期三", "星期四",
                                            "星期五", "星期六", "星期日"};

static int s_usage(void)
{
    fprintf(stderr,
            "usage: hrctl calendar DATE [+N] [--json] [--calendar FILE]\n"
            "  DATE  YYYY-MM-DD\n"
            "  +N    also the date of the Nth working day after DATE (0..%d)\n",
            HR_CALENDAR_MAX_ADD);
    return CTL_EXIT_USAGE;
}

// Undeclared years one answer can name: +N spans at most HR_CALENDAR_MAX_ADD working days, some
// 15 years (26 with HR_CALENDAR_MAX_DAYS holidays in the way), so none is ever left out.
#define CTL_CALENDAR_YEARS_MAX 64

typedef struct {
    int years[CTL_CALENDAR_YEARS_MAX]; // undeclared years from DATE to the answer, oldest first
    size_t n;                          // entries used in years
} s_missing_t;

// Loads the calendar; its path into *path_out (owned), also when it does not load.
static hr_calendar_t *s_load(const char *given, char **path_out)
{
    char *path = NULL;
    const char *env = getenv("HR_CALENDAR_FILE");
    if (given)
        path = hr_strdup(given);
    else if (env && *env)
        path = hr_strdup(env);
    else {
        char *dir = ctl_config_dir(NULL);
        path = hr_strfmt("%s/calendar.txt", dir);
        hr_free(dir);
    }
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_load(path, &err);
    if (!cal)
        fprintf(stderr, "hrctl calendar: %s\n", err);
    hr_free(err);
    *path_out = path;
    return cal;
}

// years[0..n) as words, sep between them and last before the last: "2027, 2028 and 2029"
// (", ", " and "), "2027、2028、2029" ("、", "、"). Into buf (size bytes); returns buf.
static char *s_year_list(const int *years, size_t n, const char *sep, const char *last, char *buf,
                         size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *before = i == 0 ? "" : i + 1 == n ? last : sep;
        int w = snprintf(buf + used, size - used, "%s%d", before, years[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

// The notes for the undeclared years of the answer: those whose statutory holidays the file
// lists (a weekday holiday of law is off; the notice's bridge days and 调休 are unknown), and
// those it knows nothing of (weekends alone).
static void s_print_missing(const hr_calendar_t *cal, const char *path, const s_missing_t *miss)
{
    int known[CTL_CALENDAR_YEARS_MAX], bare[CTL_CALENDAR_YEARS_MAX];
    size_t nknown = 0, nbare = 0;
    for (size_t i = 0; i < miss->n; i++) {
        if (hr_calendar_knows_statutory(cal, miss->years[i]))
            known[nknown++] = miss->years[i];
        else
            bare[nbare++] = miss->years[i];
    }
    char en[CTL_CALENDAR_YEARS_MAX * 12], zh[CTL_CALENDAR_YEARS_MAX * 12]; // "、2027" is 7 bytes
    if (nknown) {
        printf("Note: the calendar %s has no State Council holiday notice for %s (no `year` "
               "line): there only weekends and its statutory holidays count; the notice's bridge "
               "days off and adjusted working days are not known, so a date there may move once "
               "the notice is added (its holiday and workday lines, then `year YYYY`).\n",
               path, s_year_list(known, nknown, ", ", " and ", en, sizeof en));
        printf("注意：日历 %s 尚未收入 %s 年的国务院放假通知，只按周末和法定节假日计算，"
               "调休放假和调休上班尚不确定，通知加入后日期可能变化（加入通知的 holiday 和 workday "
               "行，再加 year YYYY 行）。\n",
               path, s_year_list(known, nknown, "、", "、", zh, sizeof zh));
    }
    if (nbare) {
        printf("Note: the calendar %s has no holiday data for %s (no `year` line, no statutory "
               "holidays): there only weekends count.\n",
               path, s_year_list(bare, nbare, ", ", " and ", en, sizeof en));
        printf("注意：日历 %s 没有 %s 年的节假日数据，只按周末计算。\n", path,
               s_year_list(bare, nbare, "、", "、", zh, sizeof zh));
    }
}

static void s_print_words(const hr_calendar_t *cal, const char *path, const s_missing_t *miss,
                          int32_t day, bool has_plus, int64_t plus, int32_t result)
{
    char date[HR_DATE_LEN], res[HR_DATE_LEN];
    hr_date_format(day, date);
    int wd = hr_date_weekday(day);
    bool working = hr_calendar_is_working(cal, day);
    printf("%s (%s) is %s.\n", date, s_weekdays_en[wd],
           working ? "a working day" : "not a working day");
    printf("%s（%s）%s。\n", date, s_weekdays_zh[wd], working ? "是工作日" : "不是工作日");
    if (has_plus) {
        hr_date_format(result, res);
        int rwd = hr_date_weekday(result);
        printf("%lld working day%s after %s: %s (%s).\n", (long long)plus, plus == 1 ? "" : "s",
               date, res, s_weekdays_en[rwd]);
        printf("%s 之后第 %lld 个工作日：%s（%s）。\n", date, (long long)plus, res,
               s_weekdays_zh[rwd]);
    }
    s_print_missing(cal, path, miss);
}

static void s_print_json(const hr_calendar_t *cal, const s_missing_t *miss, int32_t day,
                         bool has_plus, int64_t plus, int32_t result)
{
    char date[HR_DATE_LEN], res[HR_DATE_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "date", ctl_json_str(hr_date_format(day, date)));
    json_object_set_new(o, "working", json_boolean(hr_calendar_is_working(cal, day)));
    if (has_plus) {
        json_object_set_new(o, "plus", json_integer(plus));
        json_object_set_new(o, "result", ctl_json_str(hr_date_format(result, res)));
    }
    json_t *years = json_array();
    for (size_t i = 0; i < miss->n; i++)
        json_array_append_new(years, json_integer(miss->years[i]));
    json_object_set_new(o, "missing_years", years);
    char *text = json_dumps(o, JSON_PRESERVE_ORDER);
    printf("%s\n", text);
    free(text);
    json_decref(o);
}

int ctl_calendar_main(int argc, char **argv)
{
    bool json = false, has_date = false, has_plus = false;
    const char *file = NULL;
    int32_t day = 0;
    int64_t plus = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json"))
            json = true;
        else if (!strcmp(a, "--calendar") && i + 1 < argc)
            file = argv[++i];
        else if (a[0] == '+' && !has_plus) {
            if (!hr_parse_i64(a + 1, 0, HR_CALENDAR_MAX_ADD, &plus)) {
                fprintf(stderr, "hrctl calendar: '%s' is not +N with N in 0..%d\n", a,
                        HR_CALENDAR_MAX_ADD);
                return CTL_EXIT_USAGE;
            }
            has_plus = true;
        } else if (!has_date && a[0] != '-') {
            if (!hr_date_parse(a, &day)) {
                fprintf(stderr, "hrctl calendar: \"%s\" is not a date (YYYY-MM-DD)\n", a);
                return CTL_EXIT_USAGE;
            }
            has_date = true;
        } else
            return s_usage();
    }
    if (!has_date)
        return s_usage();
    char *path = NULL;
    hr_calendar_t *cal = s_load(file, &path);
    if (!cal) {
        hr_free(path);
        return CTL_EXIT_USAGE;
    }
    int32_t result = has_plus ? hr_calendar_add_working_days(cal, day, (int)plus) : day;
    s_missing_t miss = {0};
    size_t n = hr_calendar_missing_years(cal, day, result, miss.years, CTL_CALENDAR_YEARS_MAX);
    miss.n = n < CTL_CALENDAR_YEARS_MAX ? n : CTL_CALENDAR_YEARS_MAX;
    if (json)
        s_print_json(cal, &miss, day, has_plus, plus, result);
    else
        s_print_words(cal, path, &miss, day, has_plus, plus, result);
    hr_calendar_destroy(&cal);
    hr_free(path);
    return CTL_EXIT_OK;
}
