/*  ctl_layoff - `hrctl layoff ...`: an economic layoff (LCL 41, 经济性裁员) as one decision - HR's
 *  batch of A41 cases with its ground, the day the situation was explained to the union or all
 *  staff, the day the plan was reported to the labour administration, and its member cases
 *  (workflow.CreateLayoff, DateLayoff, AddLayoffCase, GetLayoff, ListLayoffs; HR only). A member's
 *  review takes its layoff count (the members counted) and those days from the batch.
 *
 *      hrctl layoff create --reason 1..4|NAME [--explained-on DATE --explained-evidence EVID]
 *                          [--reported-on DATE --reported-evidence EVID]
 *      hrctl layoff date ID explained|reported DATE --evidence EVID
 *      hrctl layoff add ID CASE_ID
 *      hrctl layoff show ID
 *      hrctl layoff list
 *  with --as EMPLOYEE_NO [--role hr], --json, --config-dir DIR as the case commands.
 */
#include "ctl_wf.h"
#include "wf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int s_usage(const char *why)
{
    if (why)
        fprintf(stderr, "hrctl layoff: %s\n", why);
    fprintf(stderr,
            "usage: hrctl layoff create --reason 1..4|NAME [--explained-on DATE "
            "--explained-evidence EVID]\n"
            "                           [--reported-on DATE --reported-evidence EVID]\n"
            "       hrctl layoff date ID explained|reported DATE --evidence EVID\n"
            "       hrctl layoff add ID CASE_ID\n"
            "       hrctl layoff show ID\n"
            "       hrctl layoff list\n"
            "  an economic layoff (LCL 41) as one decision, HR only: reason is the item of LCL 41\n"
            "  para 1 - 1 bankruptcy_reorganisation, 2 serious_difficulties, 3 business_change,\n"
            "  4 objective_change; the day the situation was explained to the union or all staff\n"
            "  (30 days before the notices) and the day the plan was reported to the labour\n"
            "  bureau (before them), each with the evidence record that shows it. A member case's\n"
            "  review counts the layoff by the batch's cases and takes its days.\n"
            "  options: --as EMPLOYEE_NO [--role hr], --json, --config-dir DIR\n");
    return CTL_EXIT_USAGE;
}

// --reason as a number (the service checks it is 1..4, naming the field) or a trigger name; -1
// for a word that is neither.
static int32_t s_reason(const char *s)
{
    char *end = NULL;
    long n = strtol(s, &end, 10);
    if (*s && end && !*end)
        return n < 0 || n > INT32_MAX ? 0 : (int32_t)n;
    int32_t r = wf_layoff_reason_of(s);
    return r ? r : -1;
}

static void s_print(const Hr__Workflow__LayoffReply *rep, bool members)
{
    const Hr__Workflow__Layoff *l = rep->layoff;
    const char *name = wf_layoff_reason_name(l->reason);
    printf("layoff %s: LCL 41 para 1 item %d (%s), %lld people counted, %zu cases\n", l->id,
           (int)l->reason, name ? name : "?", (long long)rep->layoff_count, l->n_case_ids);
    if (!members)
        return;
    printf("explained to the union/staff: %s%s%.12s\n",
           *l->explained_date ? l->explained_date : "(not recorded)",
           *l->explained_date ? ", evidence " : "", l->explained_evidence_id);
    printf("reported to the labour bureau: %s%s%.12s\n",
           *l->reported_date ? l->reported_date : "(not recorded)",
           *l->reported_date ? ", evidence " : "", l->reported_evidence_id);
    printf("created by %s\n", l->created_by);
    for (size_t i = 0; i < rep->n_members; i++) {
        const Hr__Workflow__LayoffMember *m = rep->members[i];
        const ProtobufCEnumValue *v =
            protobuf_c_enum_descriptor_get_value(&hr__workflow__case_state__descriptor, m->state);
        printf("  %s %-8s %-22s%s\n", m->case_id, m->employee_no, v ? v->name : "?",
               m->counted ? "" : " (not counted)");
    }
}

static int s_layoff(const ctl_wf_opts_t *opts, const char *type, const ProtobufCMessage *req,
                    hr_arena_t *arena, bool members)
{
    Hr__Workflow__LayoffReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, type, req, &hr__workflow__layoff_reply__descriptor, arena, NULL,
                             (void **)&rep);
    if (rc)
        return ctl_wf_exit(rc);
    if (opts->json)
        ctl_json_print(ctl_pb_to_json(&rep->base));
    else
        s_print(rep, members);
    return CTL_EXIT_OK;
}

// The value of option name among argv[from..], def when absent; *bad set for an option this
// action does not take (or one without its value).
static const char *s_opt(int argc, char **argv, int from, const char *const *known,
                         const char *name, bool *bad)
{
    const char *val = "";
    for (int i = from; i < argc; i++) {
        bool ok = false;
        for (size_t k = 0; known[k] && !ok; k++)
            ok = !strcmp(argv[i], known[k]);
        if (!ok || i + 1 >= argc) {
            *bad = true;
            return "";
        }
        if (!strcmp(argv[i], name))
            val = argv[i + 1];
        i++;
    }
    return val;
}

int ctl_layoff_main(int argc, char **argv)
{
    ctl_wf_opts_t opts = {0};
    argc = ctl_wf_options(argc, argv, &opts);
    if (argc < 2)
        return s_usage(argc < 0 ? "an option lacks its value" : NULL);
    const char *sub = argv[1];
    hr_arena_t *arena = hr_arena_new(0);
    int code = CTL_EXIT_USAGE;
    bool bad = false;
    if (!strcmp(sub, "create")) {
        static const char *const known[] = {
            "--reason",      "--explained-on",      "--explained-evidence",
            "--reported-on", "--reported-evidence", NULL};
        Hr__Workflow__CreateLayoffRequest req = HR__WORKFLOW__CREATE_LAYOFF_REQUEST__INIT;
        const char *reason = s_opt(argc, argv, 2, known, "--reason", &bad);
        req.explained_date = (char *)s_opt(argc, argv, 2, known, "--explained-on", &bad);
        req.explained_evidence_id =
            (char *)s_opt(argc, argv, 2, known, "--explained-evidence", &bad);
        req.reported_date = (char *)s_opt(argc, argv, 2, known, "--reported-on", &bad);
        req.reported_evidence_id = (char *)s_opt(argc, argv, 2, known, "--reported-evidence", &bad);
        if (bad)
            code = s_usage("create: unknown option or missing value");
        else if (!*reason)
            code = s_usage("create: --reason 1..4 (LCL 41 para 1) is required");
        else if ((req.reason = s_reason(reason)) < 0)
            code = s_usage("create: --reason: not 1..4 nor bankruptcy_reorganisation, "
                           "serious_difficulties, business_change or objective_change "
                           "(裁员情形须为《劳动合同法》第四十一条第一款所列情形之一)");
        else
            code = s_layoff(&opts, "workflow.CreateLayoff", &req.base, arena, true);
    } else if (!strcmp(sub, "date") && argc >= 5) {
        static const char *const known[] = {"--evidence", NULL};
        Hr__Workflow__DateLayoffRequest req = HR__WORKFLOW__DATE_LAYOFF_REQUEST__INIT;
        req.layoff_id = argv[2];
        req.what = argv[3];
        req.date = argv[4];
        req.evidence_id = (char *)s_opt(argc, argv, 5, known, "--evidence", &bad);
        code = bad ? s_usage("date: unknown option or missing value")
                   : s_layoff(&opts, "workflow.DateLayoff", &req.base, arena, true);
    } else if (!strcmp(sub, "add") && argc == 4) {
        Hr__Workflow__AddLayoffCaseRequest req = HR__WORKFLOW__ADD_LAYOFF_CASE_REQUEST__INIT;
        req.layoff_id = argv[2];
        req.case_id = argv[3];
        Hr__Workflow__CaseReply *rep = NULL;
        hr_rc_t rc = ctl_wf_call(&opts, "workflow.AddLayoffCase", &req.base,
                                 &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
        code = rc ? ctl_wf_exit(rc) : CTL_EXIT_OK;
        if (!rc && opts.json)
            ctl_json_print(ctl_pb_to_json(&rep->base));
        else if (!rc)
            printf("add: case %s joined layoff %s\n", rep->case_->id, rep->case_->layoff_id);
    } else if (!strcmp(sub, "show") && argc == 3) {
        Hr__Workflow__GetLayoffRequest req = HR__WORKFLOW__GET_LAYOFF_REQUEST__INIT;
        req.layoff_id = argv[2];
        code = s_layoff(&opts, "workflow.GetLayoff", &req.base, arena, true);
    } else if (!strcmp(sub, "list") && argc == 2) {
        Hr__Workflow__ListLayoffsRequest req = HR__WORKFLOW__LIST_LAYOFFS_REQUEST__INIT;
        Hr__Workflow__ListLayoffsReply *rep = NULL;
        hr_rc_t rc =
            ctl_wf_call(&opts, "workflow.ListLayoffs", &req.base,
                        &hr__workflow__list_layoffs_reply__descriptor, arena, NULL, (void **)&rep);
        code = rc ? ctl_wf_exit(rc) : CTL_EXIT_OK;
        if (!rc && opts.json)
            ctl_json_print(ctl_pb_to_json(&rep->base));
        for (size_t i = 0; !rc && !opts.json && i < rep->n_layoffs; i++)
            s_print(rep->layoffs[i], false);
        if (!rc && !opts.json && !rep->n_layoffs)
            printf("no layoffs\n");
    } else {
        code = s_usage(NULL);
    }
    hr_arena_destroy(&arena);
    return code;
}
