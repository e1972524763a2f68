/*  ctl_warnings - `hrctl warnings --from DATE --to DATE [--department D] [--json]
 *  [--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]`: early warnings from
 *  hr-analytics, advisory only.
 */
#include "ctl_an.h"

#include <jansson.h>
#include <string.h>

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl warnings --from YYYY-MM-DD --to YYYY-MM-DD [--department D] "
                    "[--json] [--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]\n");
    return CTL_EXIT_USAGE;
}

int ctl_warnings_main(int argc, char **argv)
{
    Hr__Analytics__ListWarningsRequest req = HR__ANALYTICS__LIST_WARNINGS_REQUEST__INIT;
    const char *dir_arg = NULL;
    bool json = false;
    ctl_an_as_t as = {0};
    argc = ctl_an_as_options("hrctl warnings", argc, argv, &as);
    if (argc < 0)
        return s_usage();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc)
            req.from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            req.to = argv[++i];
        else if (!strcmp(argv[i], "--department") && i + 1 < argc && *argv[i + 1])
            req.department = argv[++i]; // '' (an unset $DEPT) must not mean the whole company
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else
            return s_usage();
    }
    if (!*req.from || !*req.to)
        return s_usage();
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc =
        ctl_an_call("hrctl warnings", NULL, dir_arg, &as, "analytics.ListWarnings", &req.base,
                    &hr__analytics__list_warnings_reply__descriptor, 60000, NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    const Hr__Analytics__ListWarningsReply *r = reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < r->n_warnings; i++) {
            const Hr__Analytics__Warning *w = r->warnings[i];
            json_t *x =
                json_pack("{s:o,s:o,s:o,s:f,s:o,s:f,s:o,s:o,s:o,s:o,s:o}", "employee_no",
                          ctl_json_str(w->employee_no), "department", ctl_json_str(w->department),
                          "code", ctl_json_str(w->code), "value", w->value, "previous",
                          w->no_previous ? json_null() : json_real(w->previous), "threshold",
                          w->threshold, "subject", ctl_json_str(w->subject), "from",
                          ctl_json_str(w->window_from), "to", ctl_json_str(w->window_to), "text_zh",
                          ctl_json_str(w->text_zh), "text_en", ctl_json_str(w->text_en));
            if (w->calendar_days) { // counted by the week in a year the calendar lacks
                json_t *years = json_array();
                for (size_t k = 0; k < w->n_calendar_years; k++)
                    json_array_append_new(years, json_integer(w->calendar_years[k]));
                json_object_set_new(x, "calendar",
                                    json_pack("{s:o,s:i}", "undeclared_years", years,
                                              "working_days", (int)w->calendar_days));
            }
            json_array_append_new(arr, x);
        }
        json_t *left = json_array();
        for (size_t i = 0; i < r->n_left_out; i++) {
            const Hr__Analytics__WarningLeftOut *x = r->left_out[i];
            json_t *lo =
                json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "employee_no",
                          ctl_json_str(x->employee_no), "department", ctl_json_str(x->department),
                          "code", ctl_json_str(x->code), "subject", ctl_json_str(x->subject),
                          "from", ctl_json_str(x->window_from), "to", ctl_json_str(x->window_to),
                          "reason", ctl_json_str(x->reason), "text_zh", ctl_json_str(x->text_zh),
                          "text_en", ctl_json_str(x->text_en));
            if (x->calendar_days) { // a period's working days counted by the week (provisional)
                json_t *years = json_array();
                for (size_t k = 0; k < x->n_calendar_years; k++)
                    json_array_append_new(years, json_integer(x->calendar_years[k]));
                json_object_set_new(lo, "calendar",
                                    json_pack("{s:o,s:i}", "undeclared_years", years,
                                              "working_days", (int)x->calendar_days));
            }
            json_array_append_new(left, lo);
        }
        json_t *o =
            json_pack("{s:o,s:i,s:o}", "warnings", arr, "people", (int)r->people, "left_out", left);
        char *text =
            json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15)); // 2.6, not 2.6000000000000001
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        for (size_t i = 0; i < r->n_warnings; i++) {
            const Hr__Analytics__Warning *w = r->warnings[i];
            char before[32] = "n/a"; // a KPI metric's first period: nothing to compare with
            if (!w->no_previous)
                snprintf(before, sizeof before, "%g", w->previous);
            printf("%s %s %s = %g (%s..%s, before %s, threshold %g)\n  %s\n  %s\n", w->employee_no,
                   w->department, w->code, w->value, w->window_from, w->window_to, before,
                   w->threshold, w->text_zh, w->text_en);
        }
        // Who was left out and why (protected leave, left, a KPI period not over or worked in
        // part): never warned on, and said so.
        for (size_t i = 0; i < r->n_left_out; i++) {
            const Hr__Analytics__WarningLeftOut *x = r->left_out[i];
            printf("left out: %s %s %s%s%s (%s..%s, %s)\n  %s\n  %s\n", x->employee_no,
                   x->department, *x->code ? x->code : "all warnings", *x->subject ? " " : "",
                   x->subject, x->window_from, x->window_to, x->reason, x->text_zh, x->text_en);
        }
        printf("%zu warnings, %u people looked at (advisory only)", r->n_warnings, r->people);
        if (r->n_left_out)
            printf("; %zu left out (above: no warning may be based on those days)", r->n_left_out);
        printf("\n");
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}
