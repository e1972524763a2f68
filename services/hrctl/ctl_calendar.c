/*  ctl_calendar - `hrctl calendar DATE [+N] [--json] [--calendar FILE]`.
 *
 *  Is DATE a working day on the company calendar, and which date is the Nth working day after
 *  it. The calendar file is --calendar FILE, else $HR_CALENDAR_FILE, else calendar.txt in the
 *  config directory (see ctl_config_dir).
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

static hr_calendar_t *s_load(const char *given)
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
    hr_free(path);
    return cal;
}

static void s_print_words(const hr_calendar_t *cal, int32_t day, bool has_plus, int64_t plus,
                          int32_t result)
{
    char date[HR_DATE_LEN], res[HR_DATE_LEN];
    int y, m, d;
    hr_date_format(day, date);
    hr_date_to_ymd(day, &y, &m, &d);
    int wd = hr_date_weekday(day);
    bool working = hr_calendar_is_working(cal, day);
    printf("%s (%s) is %s.\n", date, s_weekdays_en[wd],
           working ? "a working day" : "not a working day");
    printf("%s（%s）%s。\n", date, s_weekdays_zh[wd], working ? "是工作日" : "不是工作日");
    if (!hr_calendar_covers(cal, y))
        printf("Note: the calendar has no holiday data for %d; only weekends count. "
               "注意：日历没有 %d 年的节假日数据，只按周末计算。\n",
               y, y);
    if (has_plus) {
        hr_date_format(result, res);
        int rwd = hr_date_weekday(result);
        printf("%lld working day%s after %s: %s (%s).\n", (long long)plus, plus == 1 ? "" : "s",
               date, res, s_weekdays_en[rwd]);
        printf("%s 之后第 %lld 个工作日：%s（%s）。\n", date, (long long)plus, res,
               s_weekdays_zh[rwd]);
    }
}

static void s_print_json(const hr_calendar_t *cal, int32_t day, bool has_plus, int64_t plus,
                         int32_t result)
{
    char date[HR_DATE_LEN], res[HR_DATE_LEN];
    json_t *o = json_object();
    json_object_set_new(o, "date", ctl_json_str(hr_date_format(day, date)));
    json_object_set_new(o, "working", json_boolean(hr_calendar_is_working(cal, day)));
    if (has_plus) {
        json_object_set_new(o, "plus", json_integer(plus));
        json_object_set_new(o, "result", ctl_json_str(hr_date_format(result, res)));
    }
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
    hr_calendar_t *cal = s_load(file);
    if (!cal)
        return CTL_EXIT_USAGE;
    int32_t result = has_plus ? hr_calendar_add_working_days(cal, day, (int)plus) : day;
    if (json)
        s_print_json(cal, day, has_plus, plus, result);
    else
        s_print_words(cal, day, has_plus, plus, result);
    hr_calendar_destroy(&cal);
    return CTL_EXIT_OK;
}
