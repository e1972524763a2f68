/*  ctl_quarantine - `hrctl quarantine [--file-id ID] [--max N] [--json] [--config-dir DIR]
 *  [--as EMPLOYEE_NO [--role R1,R2]]`: the rows hr-analytics could not use, with their file,
 *  line, reason and text as written - on a terminal with each control or bidi character as '?'
 *  (a feed's row is whatever its sender put there: ESC ] 2 ; would retitle the window, ESC [ 1 A
 *  overwrite the line above); --json keeps the text, escaped as JSON escapes it.
 */
#include "ctl_an.h"

#include <jansson.h>
#include <string.h>

int ctl_quarantine_main(int argc, char **argv)
{
    Hr__Analytics__ListQuarantineRequest req = HR__ANALYTICS__LIST_QUARANTINE_REQUEST__INIT;
    const char *dir_arg = NULL;
    bool json = false;
    ctl_an_as_t as = {0};
    argc = ctl_an_as_options("hrctl quarantine", argc, argv, &as);
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
        else
            argc = -1;
    }
    if (argc < 0) {
        fprintf(stderr, "usage: hrctl quarantine [--file-id ID] [--max 1..1000] [--json] "
                        "[--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]\n");
        return CTL_EXIT_USAGE;
    }
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc =
        ctl_an_call("hrctl quarantine", NULL, dir_arg, &as, "analytics.ListQuarantine", &req.base,
                    &hr__analytics__list_quarantine_reply__descriptor, 30000, NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    const Hr__Analytics__ListQuarantineReply *r = reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < r->n_rows; i++)
            json_array_append_new(
                arr,
                json_pack("{s:o,s:o,s:i,s:o,s:o,s:b}", "file_id", ctl_json_str(r->rows[i]->file_id),
                          "file_name", ctl_json_str(r->rows[i]->file_name),
                          r->rows[i]->record ? "record" : "line", (int)r->rows[i]->line, "reason",
                          ctl_json_str(r->rows[i]->reason), "raw", ctl_json_str(r->rows[i]->raw),
                          "withdrawn", (int)r->rows[i]->withdrawn));
        json_t *o = json_pack("{s:o,s:I}", "rows", arr, "total", (json_int_t)r->total);
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        for (size_t i = 0; i < r->n_rows; i++)
            printf("%s%s %s %u: %s\n  %s\n", ctl_text_safe(arena, r->rows[i]->file_name),
                   r->rows[i]->withdrawn ? " (withdrawn import)" : "",
                   r->rows[i]->record ? "record" : "line", r->rows[i]->line,
                   ctl_text_safe(arena, r->rows[i]->reason), ctl_text_safe(arena, r->rows[i]->raw));
        printf("%zu shown of %llu quarantined\n", r->n_rows, (unsigned long long)r->total);
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}
