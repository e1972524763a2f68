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

// A member's state as the case commands name it, Chinese then the code.
static const char *s_state_zh(Hr__Workflow__CaseState s)
{
    switch (s) {
    case HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN:
        return "进行中 OPEN";
    case HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED:
        return "已结案 CLOSED";
    case HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN:
        return "已撤回 WITHDRAWN";
    case HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED:
        return "已撤销 RESCINDED";
    default:
        return "? UNSPECIFIED";
    }
}

// Whether a member counts, and why not (LayoffMember.not_counted), Chinese / English.
static void s_print_standing(const Hr__Workflow__LayoffMember *m)
{
    const char *why = m->not_counted ? m->not_counted : "";
    if (m->counted)
        printf("计入 / counted\n");
    else if (!strcmp(why, "withdrawn"))
        printf("不计入：案件已撤回 / not counted: withdrawn\n");
    else if (!strcmp(why, "rescinded"))
        printf("不计入：解除通知已经双方协商撤销，劳动合同继续履行 / not counted: rescinded\n");
    else if (!strcmp(why, "returned_protected"))
        printf("不计入：审核因《劳动合同法》第四十二条的情形（%s）退回，不得裁减 / not counted: "
               "sent back by the review for an Art. 42 protection (%s)\n",
               m->status, m->status);
    else if (!strcmp(why, "protected"))
        printf("不计入：人员名册记录有《劳动合同法》第四十二条的情形（%s），不得裁减 / not "
               "counted: an Art. 42 status on record (%s)\n",
               m->status, m->status);
    else
        printf("不计入 / not counted\n");
}

static void s_print(const Hr__Workflow__LayoffReply *rep, bool members)
{
    const Hr__Workflow__Layoff *l = rep->layoff;
    const char *name = wf_layoff_reason_name(l->reason);
    const char *text = name ? wf_a41_trigger_text(name, false) : NULL;
    static const char *const items[] = {"", "一", "二", "三", "四"};
    const char *item = l->reason >= 1 && l->reason <= WF_LAYOFF_REASONS ? items[l->reason] : "?";
    bool meets = rep->meets_threshold;
    printf("裁员批次 %s：《劳动合同法》第四十一条第一款第%s项（%s），计入裁减人数 %lld 人，共 %zu "
           "个案件；职工总数 %lld 人，%s（二十人以上，或者占职工总数百分之十以上）\n",
           l->id, item, text ? text : "?", (long long)rep->layoff_count, l->n_case_ids,
           (long long)rep->headcount, meets ? "达到裁员人数标准" : "未达到裁员人数标准");
    printf("layoff %s: LCL 41 para 1 item %d (%s), %lld people counted, %zu cases; headcount "
           "%lld: %s (20 people, or 10%% of the headcount)\n",
           l->id, (int)l->reason, name ? name : "?", (long long)rep->layoff_count, l->n_case_ids,
           (long long)rep->headcount, meets ? "meets the threshold" : "BELOW the threshold");
    if (!members)
        return;
    printf("向工会或者全体职工说明情况之日 / explained to the union/staff: %s%s%.12s\n",
           *l->explained_date ? l->explained_date : "未记录 (not recorded)",
           *l->explained_date ? ", evidence " : "", l->explained_evidence_id);
    printf("向劳动行政部门报告之日 / reported to the labour bureau: %s%s%.12s\n",
           *l->reported_date ? l->reported_date : "未记录 (not recorded)",
           *l->reported_date ? ", evidence " : "", l->reported_evidence_id);
    printf("创建人 / created by: %s\n", l->created_by);
    for (size_t i = 0; i < l->n_below_threshold; i++) {
        const Hr__Workflow__LayoffBelow *b = l->below_threshold[i];
        hr_arena_t *arena = hr_arena_new(0);
        printf("送达后低于裁员人数标准 / below the threshold after service: 案件 / case %s，计入 "
               "%lld 人，职工总数 %lld 人，%s 记录的原因 / reason recorded by %s: %s\n",
               b->case_id, (long long)b->counted, (long long)b->headcount, b->by, b->by,
               ctl_text_safe(arena, b->reason));
        hr_arena_destroy(&arena);
    }
    for (size_t i = 0; i < rep->n_members; i++) {
        const Hr__Workflow__LayoffMember *m = rep->members[i];
        printf("  %s %-8s %-18s ", m->case_id, m->employee_no, s_state_zh(m->state));
        s_print_standing(m);
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
        else if (!rc) {
            printf("案件 %s 已加入裁员批次 %s / add: case %s joined layoff %s\n", rep->case_->id,
                   rep->case_->layoff_id, rep->case_->id, rep->case_->layoff_id);
            for (size_t i = 0; i < rep->n_problems; i++)
                printf("警告 / warning %s: %s\n  %s\n", rep->problems[i]->code,
                       rep->problems[i]->message_zh, rep->problems[i]->message_en);
        }
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
            printf("尚无裁员批次 / no layoffs\n");
    } else {
        code = s_usage(NULL);
    }
    hr_arena_destroy(&arena);
    return code;
}
