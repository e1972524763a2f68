/*  ctl_metrics - `hrctl metrics [--from DATE] [--to DATE] [--department ID] [--detail NAME]
 *  [--json] [--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]`: hr-analytics' figures: the
 *  feeds' (files, records, quarantine, unmatched PINs) and the process metrics from the
 *  workflow's events (cases, cycle times and the ages of the stages still open, overdue and
 *  abandoned steps, return and dispute rates, cases per department, time to close, the
 *  submissions the automatic check returned at submit by reason and how many passed later;
 *  process.available = 0 when no workflow peer is configured) - of the cases opened in the
 *  window and the department when given. Durations print in working days and hours (the ms
 *  rows in --json only); --detail lists the cases behind one row.
 */
#include "ctl_an.h"
#include "hr_calendar.h"

#include <jansson.h>
#include <string.h>

// A row's value as a person reads it: working days (工作日) and hours with their unit, the
// caveat of a year the company calendar does not declare; counts and rates as numbers.
static void s_print_value(const Hr__Analytics__Metric *x)
{
    if (x->no_value)
        printf(" %12s  ", "n/a");
    else if (!strcmp(x->unit, "working_days"))
        printf(" %5.1f 工作日 working days%s  ", x->value, x->year_undeclared ? " (*)" : "");
    else if (!strcmp(x->unit, "hours"))
        printf(" %10.1f h  ", x->value);
    else
        printf(" %12g  ", x->value);
    if (x->year_undeclared)
        printf("(*) %u 年未在公司日历中声明 / %u is not declared in the company calendar: its "
               "bridge days off count as working days; ",
               x->year_undeclared, x->year_undeclared);
}

// The cases behind one metric (--detail), longest or oldest first.
static void s_print_detail(const Hr__Analytics__GetMetricsReply *r, const char *name)
{
    for (size_t i = 0; i < r->n_metrics; i++)
        if (!strcmp(r->metrics[i]->name, name)) {
            ctl_cell(stdout, name, 0);
            s_print_value(r->metrics[i]);
            ctl_cell(stdout, r->metrics[i]->note, 0);
            printf("\n");
        }
    printf("%u case(s) behind %s (案件明细)%s\n", r->cases_total, name,
           r->n_cases < r->cases_total ? "; the first listed only: --json for scripts" : "");
    printf("%-28s %-8s %-8s %-12s %-14s %-7s %8s  %s\n", "case", "employee", "manager",
           "department", "ground", "counted", "value", "note");
    for (size_t i = 0; i < r->n_cases; i++) {
        const Hr__Analytics__MetricCase *c = r->cases[i];
        printf("%-28s %-8s %-8s %-12s %-14s %-7s ", c->case_id, c->employee_no, c->manager_no,
               c->department_id, c->ground, c->counted ? "yes" : "no");
        if (c->no_value)
            printf("%8s  ", "-");
        else
            printf("%8.1f  ", c->value);
        ctl_cell(stdout, c->note, 0);
        printf("\n");
    }
}

int ctl_metrics_main(int argc, char **argv)
{
    bool json = false;
    const char *dir_arg = NULL;
    Hr__Analytics__GetMetricsRequest req = HR__ANALYTICS__GET_METRICS_REQUEST__INIT;
    ctl_an_as_t as = {0};
    argc = ctl_an_as_options("hrctl metrics", argc, argv, &as);
    for (int i = 1; argc >= 0 && i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--config-dir") && has)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--from") && has)
            req.from = argv[++i];
        else if (!strcmp(argv[i], "--to") && has)
            req.to = argv[++i];
        else if (!strcmp(argv[i], "--detail") && has && *argv[i + 1])
            req.detail = argv[++i];
        else if (!strcmp(argv[i], "--department") && has && *argv[i + 1])
            req.department = argv[++i]; // "" (an unset variable) would silently mean everyone
        else {
            if (!strcmp(argv[i], "--department") && has)
                fprintf(stderr, "hrctl metrics: --department takes a department id, not an "
                                "empty word (leave it out for every department)\n");
            argc = -1;
        }
    }
    if (argc < 0) {
        fprintf(stderr, "usage: hrctl metrics [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
                        "[--department ID] [--detail METRIC] [--json] [--config-dir DIR] "
                        "[--as EMPLOYEE_NO [--role R1,R2]]\n");
        return CTL_EXIT_USAGE;
    }
    int32_t from = 0, to = 0;
    if ((*req.from && !hr_date_parse(req.from, &from)) ||
        (*req.to && !hr_date_parse(req.to, &to))) {
        fprintf(stderr, "hrctl metrics: --from and --to take a date, YYYY-MM-DD\n");
        return CTL_EXIT_USAGE;
    }
    if (*req.from && *req.to && to < from) {
        fprintf(stderr, "hrctl metrics: --to %s is before --from %s\n", req.to, req.from);
        return CTL_EXIT_USAGE;
    }
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc =
        ctl_an_call("hrctl metrics", NULL, dir_arg, &as, "analytics.GetMetrics", &req.base,
                    &hr__analytics__get_metrics_reply__descriptor, 30000, NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL; // a bad argument
        goto out;
    }
    const Hr__Analytics__GetMetricsReply *r = reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < r->n_metrics; i++) {
            const Hr__Analytics__Metric *x = r->metrics[i];
            // A rate over no cases has no value: null, never a 0 that reads as perfect.
            json_t *m = json_pack("{s:s,s:o,s:s,s:s}", "name", x->name, "value",
                                  x->no_value ? json_null() : json_real(x->value), "note", x->note,
                                  "unit", x->unit);
            if (m && x->year_undeclared)
                json_object_set_new(m, "year_undeclared", json_integer(x->year_undeclared));
            if (!m) { // not UTF-8: a row left out would change what the others mean
                fprintf(stderr, "hrctl metrics: row %s cannot be written as JSON\n",
                        r->metrics[i]->name);
                json_decref(arr);
                goto out;
            }
            if (x->n_calendar_years) { // the count may move once the years are declared
                json_t *ys = json_array();
                for (size_t k = 0; k < x->n_calendar_years; k++)
                    json_array_append_new(ys, json_integer(x->calendar_years[k]));
                json_object_set_new(m, "calendar_years", ys);
                json_object_set_new(m, "calendar_note_zh", ctl_json_str(x->calendar_note_zh));
            }
            json_array_append_new(arr, m);
        }
        json_t *o = json_pack("{s:o}", "metrics", arr);
        if (*req.detail) {
            json_t *cs = json_array();
            for (size_t i = 0; i < r->n_cases; i++) {
                const Hr__Analytics__MetricCase *c = r->cases[i];
                json_t *m = json_pack(
                    "{s:s,s:s,s:s,s:s,s:s,s:b,s:o,s:s}", "case_id", c->case_id, "employee_no",
                    c->employee_no, "manager_no", c->manager_no, "department_id", c->department_id,
                    "ground", c->ground, "counted", c->counted, "value",
                    c->no_value ? json_null() : json_real(c->value), "note", c->note);
                if (!m) {
                    fprintf(stderr, "hrctl metrics: case %s cannot be written as JSON\n",
                            c->case_id);
                    json_decref(cs);
                    json_decref(o);
                    goto out;
                }
                json_array_append_new(cs, m);
            }
            json_object_set_new(o, "detail",
                                json_pack("{s:s,s:i,s:o}", "metric", req.detail, "total",
                                          (json_int_t)r->cases_total, "cases", cs));
        }
        char *text =
            json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15)); // 2.6, not 2.6000000000000001
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else if (*req.detail) {
        s_print_detail(r, req.detail);
    } else {
        size_t hidden = 0;
        int width = 22; // the names line up however long the longest is, in columns: a
                        // department's Chinese name takes two per character
        for (size_t i = 0; i < r->n_metrics; i++) {
            int len = ctl_text_width(r->metrics[i]->name);
            width = len > width ? (len < 64 ? len : 64) : width;
        }
        bool refusals = false; // the heading of the submissions returned at submit, once
        bool returns = false;  // and of the returns to the manager after submit
        for (size_t i = 0; i < r->n_metrics; i++) {
            const Hr__Analytics__Metric *x = r->metrics[i];
            if (!strcmp(x->unit, "ms")) { // for scripts: --json
                hidden++;
                continue;
            }
            if (!refusals && !strncmp(x->name, "submit_refused.", 15)) {
                refusals = true;
                printf("提交时被合法性自动检查退回（按原因、依据、经理、部门；之后再次提交并通过的"
                       "案件） / submissions the automatic legality check returned at submit (by "
                       "reason, ground, manager, department; cases that passed a later "
                       "submission):\n");
            }
            if (!returns && !strncmp(x->name, "returned.", 9)) {
                returns = true;
                printf("提交后退回经理（HR 审核认定不合法或上级驳回；按原因、退回环节） / requests "
                       "sent back to the manager after submit (HR's review found them unlawful, "
                       "or a superior rejected them; by reason, by the stage that returned "
                       "them):\n");
            }
            ctl_cell(stdout, x->name, width);
            s_print_value(x);
            ctl_cell(stdout, x->note, 0);
            printf("\n");
            if (*x->calendar_note_zh) {
                printf("%*s  ", width + 13, "");
                ctl_cell(stdout, x->calendar_note_zh, 0);
                printf("\n");
            }
        }
        if (hidden)
            printf("(%zu rows in milliseconds (*_ms) for scripts: hrctl metrics --json; "
                   "毫秒数见 --json)\n",
                   hidden);
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}
