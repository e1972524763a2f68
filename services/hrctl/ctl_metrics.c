/*  ctl_metrics - `hrctl metrics [--json] [--config-dir DIR]`: hr-analytics' figures: the
 *  feeds' (files, records, quarantine, unmatched PINs) and the process metrics from the
 *  workflow's events (cases, cycle times, overdue steps, return and dispute rates, time to
 *  close; process.available = 0 when no workflow peer is configured).
 */
#include "ctl.h"
#include "hr.h"
#include "analytics.pb-c.h"

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
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    char *err = NULL;
    char *endpoint = ctl_endpoint(dir, "analytics", &err);
    int exit_code = CTL_EXIT_FAIL;
    hr_clock_t *clock = hr_clock_system_new();
    hr_arena_t *arena = hr_arena_new(0);
    hr_client_t *client = endpoint ? hr_client_new(endpoint, clock, &err) : NULL;
    if (!client) {
        fprintf(stderr, "hrctl metrics: analytics: %s\n", err ? err : "no endpoint");
        goto out;
    }
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.timeout_ms = 30000, .actor = &actor};
    Hr__Analytics__GetMetricsRequest req = HR__ANALYTICS__GET_METRICS_REQUEST__INIT;
    hr_result_t res;
    hr_rc_t rc = hr_client_call(client, "analytics.GetMetrics", &req.base,
                                &hr__analytics__get_metrics_reply__descriptor, arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (rc) {
        fprintf(stderr, "hrctl metrics: %s: %s\n", hr_rc_name(rc), res.message);
        goto out;
    }
    const Hr__Analytics__GetMetricsReply *r = res.reply;
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
    hr_client_destroy(&client);
    hr_arena_destroy(&arena);
    hr_clock_destroy(&clock);
    hr_free(endpoint);
    hr_free(err);
    hr_free(dir);
    return exit_code;
}
