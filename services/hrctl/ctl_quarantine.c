/*  ctl_quarantine - `hrctl quarantine [--file-id ID] [--max N] [--json] [--config-dir DIR]`:
 *  the rows hr-analytics could not use, with their file, line, reason and text as written.
 */
#include "ctl.h"
#include "hr.h"
#include "analytics.pb-c.h"

#include <jansson.h>
#include <string.h>

int ctl_quarantine_main(int argc, char **argv)
{
    Hr__Analytics__ListQuarantineRequest req = HR__ANALYTICS__LIST_QUARANTINE_REQUEST__INIT;
    const char *dir_arg = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int64_t max = 0;
        if (!strcmp(argv[i], "--file-id") && i + 1 < argc)
            req.file_id = argv[++i];
        else if (!strcmp(argv[i], "--max") && i + 1 < argc &&
                 hr_parse_i64(argv[++i], 1, 1000, &max))
            req.max = (uint32_t)max;
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else {
            fprintf(stderr, "usage: hrctl quarantine [--file-id ID] [--max 1..1000] [--json] "
                            "[--config-dir DIR]\n");
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
        fprintf(stderr, "hrctl quarantine: analytics: %s\n", err ? err : "no endpoint");
        goto out;
    }
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.timeout_ms = 30000, .actor = &actor};
    hr_result_t res;
    hr_rc_t rc =
        hr_client_call(client, "analytics.ListQuarantine", &req.base,
                       &hr__analytics__list_quarantine_reply__descriptor, arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (rc) {
        fprintf(stderr, "hrctl quarantine: %s: %s\n", hr_rc_name(rc), res.message);
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    const Hr__Analytics__ListQuarantineReply *r = res.reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < r->n_rows; i++)
            json_array_append_new(
                arr, json_pack("{s:s,s:s,s:i,s:s,s:s}", "file_id", r->rows[i]->file_id, "file_name",
                               r->rows[i]->file_name, "line", (int)r->rows[i]->line, "reason",
                               r->rows[i]->reason, "raw", r->rows[i]->raw));
        json_t *o = json_pack("{s:o,s:I}", "rows", arr, "total", (json_int_t)r->total);
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        for (size_t i = 0; i < r->n_rows; i++)
            printf("%s line %u: %s\n  %s\n", r->rows[i]->file_name, r->rows[i]->line,
                   r->rows[i]->reason, r->rows[i]->raw);
        printf("%zu shown of %llu quarantined\n", r->n_rows, (unsigned long long)r->total);
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
