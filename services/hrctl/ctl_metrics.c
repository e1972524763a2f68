/*  ctl_metrics - `hrctl metrics [--json] [--config-dir DIR]`: hr-analytics' figures: the
 *  feeds' (files, records, quarantine, unmatched PINs) and the process metrics from the
 *  workflow's events (cases, cycle times, overdue steps, return and dispute rates, time to
 *  close; process.available = 0 when no workflow peer is configured).
 */
#include "ctl_an.h"

#include <jansson.h>
#include <string.h>

int ctl_metrics_main(int argc, char **argv)
{
    bool json = false;
    const char *dir_arg = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else {
            fprintf(stderr, "usage: hrctl metrics [--json] [--config-dir DIR]\n");
            return CTL_EXIT_USAGE;
        }
    }
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Analytics__GetMetricsRequest req = HR__ANALYTICS__GET_METRICS_REQUEST__INIT;
    void *reply = NULL;
    // Any failure, even EINVAL, is CTL_EXIT_FAIL here: metrics takes no arguments to blame.
    if (ctl_an_call("hrctl metrics", NULL, dir_arg, "analytics.GetMetrics", &req.base,
                    &hr__analytics__get_metrics_reply__descriptor, 30000, NULL, arena, &reply))
        goto out;
    const Hr__Analytics__GetMetricsReply *r = reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < r->n_metrics; i++)
            json_array_append_new(arr,
                                  json_pack("{s:s,s:f,s:s}", "name", r->metrics[i]->name, "value",
                                            r->metrics[i]->value, "note", r->metrics[i]->note));
        json_t *o = json_pack("{s:o}", "metrics", arr);
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        for (size_t i = 0; i < r->n_metrics; i++)
            printf("%-22s %12g  %s\n", r->metrics[i]->name, r->metrics[i]->value,
                   r->metrics[i]->note);
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}
