/*  ctl_template - `hrctl template validate FILE` (offline: the service's own parser) and
 *  `hrctl template put FILE` (stores it in hr-workflow; cases opened later use it: the
 *  template `default` any case, another id a case opened with --template ID). What HR put
 *  stays across restarts: the configured template file never replaces it.
 */
#include "ctl_wf.h"
#include "wf.h"

#include <string.h>

#define CTL_TEMPLATE_ERRORS 64

int ctl_template_main(int argc, char **argv)
{
    ctl_wf_opts_t opts = {0};
    argc = ctl_wf_options(argc, argv, &opts);
    if (argc != 3 || (strcmp(argv[1], "validate") && strcmp(argv[1], "put"))) {
        fprintf(stderr,
                "usage: hrctl template validate|put FILE [--json]\n"
                "  validate: checks the file offline with the service's own parser\n"
                "  put: stores it (HR); what HR put stays across restarts - the configured\n"
                "       template file never replaces it. Template 'default' is every case's;\n"
                "       another id is a case's opened with hrctl case open ... --template ID\n");
        return CTL_EXIT_USAGE;
    }
    size_t len = 0;
    char *text = (char *)ctl_read_file(argv[2], WF_TEMPLATE_TEXT_MAX, &len);
    if (!text)
        return CTL_EXIT_USAGE;
    text[len] = '\0';
    hr_arena_t *arena = hr_arena_new(0);
    int exit_code = CTL_EXIT_OK;
    if (!strcmp(argv[1], "validate")) {
        Hr__Workflow__Template *tpl = NULL;
        char *errors[CTL_TEMPLATE_ERRORS];
        size_t nerr = 0;
        hr_rc_t rc = wf_template_parse(text, len, arena, &tpl, errors, CTL_TEMPLATE_ERRORS, &nerr);
        size_t shown = nerr < CTL_TEMPLATE_ERRORS ? nerr : CTL_TEMPLATE_ERRORS;
        if (opts.json) {
            json_t *o = json_object();
            json_object_set_new(o, "valid", json_boolean(!rc));
            json_t *errs = json_array();
            for (size_t i = 0; i < shown; i++)
                json_array_append_new(errs, ctl_json_str(errors[i]));
            json_object_set_new(o, "errors", errs);
            if (!rc)
                json_object_set_new(o, "template", ctl_pb_to_json(&tpl->base));
            ctl_json_print(o);
        } else if (rc) {
            for (size_t i = 0; i < shown; i++)
                printf("%s: %s\n", argv[2], errors[i]);
            printf("%s: invalid (%zu problems)\n", argv[2], nerr);
        } else {
            printf("%s: template '%s' valid: %zu steps, %zu rules\n", argv[2], tpl->id,
                   tpl->n_steps, tpl->n_rules);
            for (size_t i = 0; i < tpl->n_steps; i++) {
                const Hr__Workflow__StepDef *s = tpl->steps[i];
                printf("  %-18s %-9s %s%s", s->key, wf_owner_name(s->owner),
                       s->duty       ? "duty"
                       : s->optional ? "optional"
                                     : "stage",
                       s->due ? "" : " (dated by statute)");
                for (size_t k = 0; k < s->n_skip_grounds; k++)
                    printf("%s%s", k ? ", " : " (not for ", s->skip_grounds[k]);
                printf("%s\n", s->n_skip_grounds ? ")" : "");
            }
        }
        exit_code = rc ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    } else {
        Hr__Workflow__PutTemplateRequest req = HR__WORKFLOW__PUT_TEMPLATE_REQUEST__INIT;
        req.text = text;
        Hr__Workflow__PutTemplateReply *rep = NULL;
        hr_rc_t rc =
            ctl_wf_call(&opts, "workflow.PutTemplate", &req.base,
                        &hr__workflow__put_template_reply__descriptor, arena, NULL, (void **)&rep);
        if (rc)
            exit_code = ctl_wf_exit(rc);
        else {
            for (size_t i = 0; i < rep->n_errors; i++)
                printf("%s: %s\n", argv[2], rep->errors[i]);
            if (!rep->n_errors && !strcmp(rep->id, WF_DEFAULT_TEMPLATE))
                printf("template '%s' stored: cases opened from now on use it (the template "
                       "file configured in workflow.cfg no longer replaces it)\n",
                       rep->id);
            else if (!rep->n_errors)
                printf("template '%s' stored: a case uses it when opened with "
                       "hrctl case open EMPLOYEE_NO GROUND --template %s (without, the "
                       "template 'default')\n",
                       rep->id, rep->id);
            exit_code = rep->n_errors ? CTL_EXIT_FAIL : CTL_EXIT_OK;
        }
    }
    hr_free(text);
    hr_arena_destroy(&arena);
    return exit_code;
}
