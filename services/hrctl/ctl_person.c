/*  ctl_person - `hrctl person show EMPLOYEE_NO [--json]`: one person as the people directory holds
 *  them (workflow.GetPerson), for HR to check an import. `hrctl person export EMPLOYEE_NO`: what
 *  is held about the person, as JSON, for HR to answer a PIPL Art. 45 request (a copy of one's
 *  personal information): the directory entry whole, the cases where they are the employee with
 *  their history, and the evidence records of those cases (kind, date, hash) - legal's own work
 *  (a memo, `other` uploaded by legal) left out and counted.
 *
 *  What is shown is what hr-workflow answers to the actor: HR and the operator see everything -
 *  wages, protected statuses, birth date and retirement group, the statutory retirement day and
 *  the Art. 42(5) position computed today, and what the record breaks (a probation longer than
 *  LCL Art. 19 allows); the person themselves and their superiors (`--as EMPLOYEE_NO`) see the
 *  record without those, the person also their own protected statuses (Chinese line first);
 *  anyone else is refused by the service. Exit 0 shown, 1 refused or not found, 2 usage.
 */
#include "ctl_ev.h"
#include "ctl_wf.h"
#include "law.h"

#include <string.h>

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl person show EMPLOYEE_NO [--json] [--as EMPLOYEE_NO [--role R]] "
                    "[--config-dir DIR]\n"
                    "       hrctl person export EMPLOYEE_NO [--as EMPLOYEE_NO] [--config-dir DIR]\n"
                    "  (export: HR's copy of what is held about the person, PIPL Art. 45, as "
                    "JSON)\n"
                    "       hrctl person report-status KIND --since YYYY-MM-DD [--until "
                    "YYYY-MM-DD] [--evidence SHA256] --as SELF\n"
                    "       hrctl person reports [--pending] [--json] [--as EMPLOYEE_NO]\n"
                    "       hrctl person answer-report REPORT_ID confirm|reject [--reason TEXT]\n");
    return CTL_EXIT_USAGE;
}

static const char *s_or(const char *s, const char *none)
{
    return s && *s ? s : none;
}

static void s_line(hr_arena_t *arena, const char *label, const char *value)
{
    printf("%-16s %s\n", label, ctl_text_safe(arena, value));
}

// The Art. 42 statuses as the employee reads them (hr_law's keys), Chinese first.
static const char *const s_status_zh[][2] = {
    {"hazard_exposure_without_exit_exam", "接触职业病危害作业，未进行离岗前职业健康检查"},
    {"occupational_disease_suspected", "疑似职业病，在诊断或者医学观察期间"},
    {"work_injury_incapacity", "因工丧失或者部分丧失劳动能力"},
    {"medical_treatment_period", "患病或者非因工负伤，在规定的医疗期内"},
    {"pregnant", "孕期"},
    {"maternity_leave", "产期"},
    {"nursing_infant", "哺乳期"},
    {"long_service_near_retirement", "连续工作满十五年，且距法定退休年龄不足五年"},
};

static const char *s_status_name_zh(const char *key)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_status_zh); i++)
        if (!strcmp(s_status_zh[i][0], key))
            return s_status_zh[i][1];
    return key;
}

// One recorded protected status, one line in Chinese then one in English: kind, since when
// (the stated start, else the day the directory recorded it), until, source, certificate.
static void s_print_status(hr_arena_t *arena, const Hr__Workflow__ProtectedStatus *ps,
                           const ctl_zone_t *zone)
{
    char rec[HR_TIME_ISO_LEN] = "";
    if (ps->recorded_ms) {
        ctl_when(ps->recorded_ms, zone, rec);
        rec[10] = '\0'; // the day is enough
    }
    const char *since_zh = *ps->since ? hr_arena_fmt(arena, "自%s起", ps->since)
                           : *rec     ? hr_arena_fmt(arena, "%s记录", rec)
                                      : "起始日未注明";
    const char *since_en = *ps->since ? hr_arena_fmt(arena, "since %s", ps->since)
                           : *rec     ? hr_arena_fmt(arena, "recorded %s", rec)
                                      : "start not given";
    s_line(arena, "特殊保护",
           hr_arena_fmt(arena, "%s（%s）：%s%s，依据：%s%s", s_status_name_zh(ps->status),
                        ps->status, since_zh,
                        *ps->until ? hr_arena_fmt(arena, "，预计至%s", ps->until) : "",
                        s_or(ps->source, "未注明"),
                        *ps->evidence_id ? hr_arena_fmt(arena, "，证据 %s", ps->evidence_id) : ""));
    s_line(arena, "protected",
           hr_arena_fmt(arena, "%s: %s%s, source: %s%s", ps->status, since_en,
                        *ps->until ? hr_arena_fmt(arena, ", until %s", ps->until) : "",
                        s_or(ps->source, "not given"),
                        *ps->evidence_id ? hr_arena_fmt(arena, ", evidence %s", ps->evidence_id)
                                         : ""));
}

static void s_print(const Hr__Workflow__GetPersonReply *rep, const ctl_zone_t *zone,
                    hr_arena_t *arena)
{
    const Hr__Workflow__Person *p = rep->person;
    bool hr = rep->retirement != NULL; // the service computes it for HR only
    printf("%s  %s\n", ctl_text_safe(arena, p->employee_no), ctl_text_safe(arena, p->name));
    s_line(arena, "department", s_or(p->department_id, "-"));
    if (p->branch && *p->branch) // else their department's (hr-workflow's README, Branches)
        s_line(arena, "branch",
               hr_arena_fmt(arena, "%s (their own: people.csv branch, over the department's)",
                            p->branch));
    s_line(arena, "title", s_or(p->title, "-"));
    char *chain = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < rep->n_chain; i++)
        chain = hr_arena_fmt(arena, "%s%s%s", chain, i ? " > " : "", rep->chain[i]);
    s_line(arena, "manager",
           *p->manager_no ? hr_arena_fmt(arena, "%s (line: %s)", p->manager_no, chain)
                          : "nobody (top of the company)");
    s_line(arena, "email", s_or(p->email, "-"));
    s_line(arena, "mobile", s_or(p->mobile, "-"));
    s_line(arena, "hire date", s_or(p->hire_date, "-"));
    if (*p->left_date)
        s_line(arena, "left",
               hr_arena_fmt(arena, "%s (reads and does nothing from that day)", p->left_date));
    s_line(arena, "contract",
           hr_arena_fmt(arena, "%s, %s to %s", s_or(p->contract_type, "fixed"),
                        s_or(p->contract_start, "(start not given)"),
                        !strcmp(s_or(p->contract_type, ""), "open_ended")
                            ? "open-ended"
                            : s_or(p->contract_end, "(end not given)")));
    s_line(arena, "probation",
           *p->probation_end ? hr_arena_fmt(arena, "to %s", p->probation_end) : "none");
    char *roles = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < p->n_roles; i++)
        roles = hr_arena_fmt(arena, "%s%s%s", roles, i ? ", " : "", p->roles[i]);
    s_line(arena, "roles", s_or(roles, "-"));
    s_line(arena, "language", s_or(p->language, "zh"));
    if (!hr && p->n_protected_statuses) {
        // Only the person themselves is given their statuses (hr-workflow's GetPerson).
        printf("本人的特殊保护状态（《劳动合同法》第四十二条；如有不符，请联系 HR）\n"
               "your own protected statuses as recorded (LCL Art. 42; tell HR if one is wrong)\n");
        for (size_t i = 0; i < p->n_protected_statuses; i++)
            s_print_status(arena, p->protected_statuses[i], zone);
    }
    if (!hr) {
        printf("（工资、出生日期、身份证号码和第四十二条第五项：仅 HR 可见%s）\n"
               "(wages, %sbirth date, identity number and Art. 42(5): HR only)\n",
               p->n_protected_statuses ? "" : "；特殊保护状态：仅 HR 和本人可见",
               p->n_protected_statuses ? "" : "protected statuses, ");
        return;
    }
    char monthly[LAW_MONEY_TEXT_MAX], average[LAW_MONEY_TEXT_MAX];
    law_fen_format(p->monthly_wage_fen, monthly);
    law_fen_format(p->average_wage_fen, average);
    s_line(arena, "wage",
           p->monthly_wage_fen || p->average_wage_fen
               ? hr_arena_fmt(arena, "%s yuan a month, 12-month average %s", monthly,
                              p->average_wage_fen ? average : "not given")
               : "none in the directory (HR review cannot assess a dismissal without one)");
    if (!p->n_protected_statuses)
        s_line(arena, "protected", "none");
    for (size_t i = 0; i < p->n_protected_statuses; i++)
        s_line(arena, i ? "" : "protected",
               hr_arena_fmt(
                   arena, "%s (%s)%s%s%s", p->protected_statuses[i]->status,
                   s_or(p->protected_statuses[i]->source, "no source given"),
                   *p->protected_statuses[i]->since
                       ? hr_arena_fmt(arena, " from %s", p->protected_statuses[i]->since)
                       : "",
                   *p->protected_statuses[i]->until
                       ? hr_arena_fmt(arena, " until %s", p->protected_statuses[i]->until)
                       : "",
                   *p->protected_statuses[i]->evidence_id
                       ? hr_arena_fmt(arena, " evidence %s", p->protected_statuses[i]->evidence_id)
                       : ""));
    s_line(arena, "identity no.",
           s_or(p->id_no, "not given (the termination certificate states it: people.csv id_no)"));
    const Hr__Workflow__RetirementPosition *r = rep->retirement;
    s_line(arena, "birth date",
           *p->birth_date ? hr_arena_fmt(arena, "%s, retirement group %s", p->birth_date,
                                         s_or(p->retirement_base, "not given"))
                          : hr_arena_fmt(arena, "not given (retirement group %s)",
                                         s_or(p->retirement_base, "not given")));
    if (*r->retirement_date)
        s_line(arena, "retirement",
               hr_arena_fmt(arena, "%s, at %u years %u months (statutory, 2024 decision)",
                            r->retirement_date, r->retirement_age_months / 12,
                            r->retirement_age_months % 12));
    s_line(arena, "Art. 42(5)",
           hr_arena_fmt(arena, "%s on %s: %s", r->position, r->on_date, r->reason));
    for (size_t i = 0; i < rep->n_warnings; i++)
        s_line(arena, "warning", rep->warnings[i]);
}

// ---- export (PIPL Art. 45) ----

#define S_EXPORT_UPLOADERS 64 // distinct uploaders whose roles are looked up at most

typedef struct {
    const ctl_wf_opts_t *opts;
    hr_arena_t *arena;
    ctl_zone_t zone; // the company's: the day a record was uploaded
    size_t n;
    const char *no[S_EXPORT_UPLOADERS];
    bool legal[S_EXPORT_UPLOADERS];
} s_uploaders_t;

// Whether the directory gives user the legal role (asked once per user); someone it does not
// hold counts as not legal: their record is exported (hrctl says on stderr it holds no such
// person).
static bool s_uploader_is_legal(s_uploaders_t *u, const char *user)
{
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->no[i], user))
            return u->legal[i];
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = (char *)user;
    Hr__Workflow__GetPersonReply *rep = NULL;
    bool legal = false;
    if (*user &&
        !ctl_wf_call(u->opts, "workflow.GetPerson", &req.base,
                     &hr__workflow__get_person_reply__descriptor, u->arena, NULL, (void **)&rep) &&
        rep->person)
        for (size_t i = 0; i < rep->person->n_roles; i++)
            legal = legal || !strcmp(rep->person->roles[i], "legal");
    if (u->n < S_EXPORT_UPLOADERS) {
        u->no[u->n] = hr_arena_strdup(u->arena, user);
        u->legal[u->n++] = legal;
    }
    return legal;
}

// The evidence records of case_id as the caller reads them into records (kind, day, hash, name,
// size), legal's own work counted in *legal_out. An exit code.
static int s_export_evidence(ctl_ev_t *ev, s_uploaders_t *u, const char *case_id, json_t *records,
                             size_t *legal_out)
{
    const Hr__Evidence__ListReply *list = NULL;
    const char *message = NULL;
    hr_rc_t rc = ctl_ev_list(ev, case_id, 0, &list, &message);
    if (rc) {
        fprintf(stderr, "hrctl person export: evidence of case %s: %s (%s)\n", case_id,
                message && *message ? message : "failed", hr_rc_name(rc));
        return ctl_wf_exit(rc);
    }
    if (list->truncated)
        fprintf(stderr,
                "hrctl person export: case %s has more evidence records than one list "
                "gives (1000): the export lists the first\n",
                case_id);
    for (size_t i = 0; i < list->n_evidence; i++) {
        const Hr__Evidence__Evidence *e = list->evidence[i];
        if (!strcmp(e->kind, "other") && s_uploader_is_legal(u, e->uploader)) {
            (*legal_out)++;
            continue;
        }
        char day[HR_DATE_LEN];
        hr_date_format(hr_day_of_ms(e->uploaded_ms, u->zone.offset_min), day);
        json_t *r = json_object();
        json_object_set_new(r, "case_id", json_string(case_id));
        json_object_set_new(r, "sha256", json_string(e->id));
        json_object_set_new(r, "kind", json_string(e->kind));
        json_object_set_new(r, "uploaded_ms", json_integer(e->uploaded_ms));
        json_object_set_new(r, "uploaded_on", json_string(day)); // the company's day
        json_object_set_new(r, "file_name", json_string(e->file_name));
        json_object_set_new(r, "size", json_integer((json_int_t)e->size));
        json_array_append_new(records, r);
    }
    return CTL_EXIT_OK;
}

// `person export NO`: HR's copy for a PIPL Art. 45 request, printed as one JSON object.
static int s_export(const ctl_wf_opts_t *opts, const char *no, hr_arena_t *arena)
{
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = (char *)no;
    Hr__Workflow__GetPersonReply *rep = NULL;
    hr_rc_t rc =
        ctl_wf_call(opts, "workflow.GetPerson", &req.base,
                    &hr__workflow__get_person_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc)
        return ctl_wf_exit(rc);
    if (!rep->person || !rep->retirement) { // the service computes retirement for HR only
        fprintf(stderr, "hrctl person export: 只有 HR 可以导出员工的个人信息副本（PIPL 第四十五条）"
                        "/ HR only: the copy of what is held about a person (PIPL Art. 45) is "
                        "made by HR (--as an HR person, or the operator)\n");
        return CTL_EXIT_FAIL;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "kind", json_string("hr.person_export"));
    json_object_set_new(doc, "employee_no", json_string(rep->person->employee_no));
    json_object_set_new(doc, "directory", ctl_pb_to_json(&rep->base));
    // The cases where the person is the employee, each with its history, as HR reads them.
    json_t *cases = json_array(), *records = json_array();
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    lr.max = 1000; // the largest page hr-workflow serves
    const char **ids = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        Hr__Workflow__ListCasesReply *page = NULL;
        rc = ctl_wf_call(opts, "workflow.ListCases", &lr.base,
                         &hr__workflow__list_cases_reply__descriptor, arena, NULL, (void **)&page);
        if (rc) {
            json_decref(doc);
            json_decref(cases);
            json_decref(records);
            return ctl_wf_exit(rc);
        }
        for (size_t i = 0; i < page->n_cases; i++) {
            if (strcmp(page->cases[i]->employee_no, rep->person->employee_no))
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                const char **grown = hr_arena_alloc(arena, cap * sizeof *grown);
                if (n)
                    memcpy(grown, ids, n * sizeof *ids);
                ids = grown;
            }
            ids[n++] = page->cases[i]->id;
        }
        if (!page->more || !page->n_cases)
            break;
        lr.after = page->cases[page->n_cases - 1]->id;
    }
    int code = CTL_EXIT_OK;
    ctl_ev_t ev = {0};
    s_uploaders_t u = {.opts = opts, .arena = arena, .zone = ctl_zone(opts)};
    size_t legal = 0;
    if (n)
        code = ctl_ev_open_as(&ev, opts, "person export", arena);
    for (size_t i = 0; i < n && code == CTL_EXIT_OK; i++) {
        Hr__Workflow__GetCaseRequest gr = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
        gr.case_id = (char *)ids[i];
        Hr__Workflow__CaseReply *cr = NULL;
        rc = ctl_wf_call(opts, "workflow.GetCase", &gr.base, &hr__workflow__case_reply__descriptor,
                         arena, NULL, (void **)&cr);
        if (rc)
            code = ctl_wf_exit(rc);
        else if (cr->case_)
            json_array_append_new(cases, ctl_pb_to_json(&cr->case_->base));
        if (!code)
            code = s_export_evidence(&ev, &u, ids[i], records, &legal);
    }
    ctl_ev_close(&ev);
    json_object_set_new(doc, "cases", cases);
    json_object_set_new(doc, "evidence", records);
    json_object_set_new(doc, "evidence_left_out", json_integer((json_int_t)legal));
    json_object_set_new(
        doc, "note",
        json_string("What hr-workflow and hr-evidence hold about the person, as HR reads it: the "
                    "directory entry, the cases where the person is the employee with their "
                    "history, and the evidence records of those cases (kind, date, SHA-256). "
                    "evidence_left_out counts legal's own work (memos: kind other uploaded by "
                    "legal), which is not the person's information. The files themselves: hrctl "
                    "evidence get SHA256. hr-analytics' feeds: hrctl facts EMPLOYEE_NO."));
    if (code) {
        json_decref(doc);
        return code;
    }
    ctl_json_print(doc);
    return CTL_EXIT_OK;
}

// ---- an employee's own report of a protected status, and HR's answer ----

static void s_print_report(hr_arena_t *arena, const Hr__Workflow__StatusReport *r)
{
    static const char *const zh[][2] = {
        {"pending", "待 HR 处理"}, {"confirmed", "HR 已确认"}, {"rejected", "HR 已驳回"}};
    const char *state = r->state;
    for (size_t i = 0; i < HR_ARRAY_LEN(zh); i++)
        if (!strcmp(zh[i][0], r->state))
            state = zh[i][1];
    printf("%s  %s  %s（%s） 自%s起%s%s  %s（%s）%s%s\n", r->id, r->employee_no,
           s_status_name_zh(r->status), r->status, r->since, *r->until ? "，预计至" : "", r->until,
           state, r->state, *r->answer ? "  理由 / reason: " : "", ctl_text_safe(arena, r->answer));
}

// `hrctl person report-status KIND --since DATE [--until DATE] [--evidence SHA256] --as SELF`,
// `hrctl person reports [--pending]` and `hrctl person answer-report ID confirm|reject
// [--reason TEXT]` (hr-workflow's README, "Reporting a protected status").
static int s_reports(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    const char *since = "", *until = "", *evidence = "", *reason = "";
    bool pending = false;
    const char *pos[3] = {NULL, NULL, NULL};
    size_t npos = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--since") && i + 1 < argc)
            since = argv[++i];
        else if (!strcmp(argv[i], "--until") && i + 1 < argc)
            until = argv[++i];
        else if (!strcmp(argv[i], "--evidence") && i + 1 < argc)
            evidence = argv[++i];
        else if (!strcmp(argv[i], "--reason") && i + 1 < argc)
            reason = argv[++i];
        else if (!strcmp(argv[i], "--pending"))
            pending = true;
        else if (npos < 2)
            pos[npos++] = argv[i];
        else
            return s_usage();
    }
    hr_rc_t rc;
    if (!strcmp(argv[1], "reports")) {
        Hr__Workflow__ListStatusReportsRequest req =
            HR__WORKFLOW__LIST_STATUS_REPORTS_REQUEST__INIT;
        req.pending_only = pending;
        Hr__Workflow__ListStatusReportsReply *rep = NULL;
        rc = ctl_wf_call(opts, "workflow.ListStatusReports", &req.base,
                         &hr__workflow__list_status_reports_reply__descriptor, arena, NULL,
                         (void **)&rep);
        if (rc)
            return ctl_wf_exit(rc);
        if (opts->json) {
            ctl_json_print(ctl_pb_to_json(&rep->base));
            return CTL_EXIT_OK;
        }
        if (!rep->n_reports)
            printf("没有特殊保护状态的报告\nno protected-status reports\n");
        for (size_t i = 0; i < rep->n_reports; i++)
            s_print_report(arena, rep->reports[i]);
        return CTL_EXIT_OK;
    }
    Hr__Workflow__StatusReportReply *rep = NULL;
    if (!strcmp(argv[1], "report-status")) {
        if (npos != 1)
            return s_usage();
        Hr__Workflow__ReportStatusRequest req = HR__WORKFLOW__REPORT_STATUS_REQUEST__INIT;
        req.status = (char *)pos[0];
        req.since = (char *)since;
        req.until = (char *)until;
        req.evidence_id = (char *)evidence;
        rc =
            ctl_wf_call(opts, "workflow.ReportStatus", &req.base,
                        &hr__workflow__status_report_reply__descriptor, arena, NULL, (void **)&rep);
    } else {
        if (npos != 2 || (strcmp(pos[1], "confirm") && strcmp(pos[1], "reject")))
            return s_usage();
        Hr__Workflow__AnswerStatusReportRequest req =
            HR__WORKFLOW__ANSWER_STATUS_REPORT_REQUEST__INIT;
        req.report_id = (char *)pos[0];
        req.confirm = !strcmp(pos[1], "confirm");
        req.reason = (char *)reason;
        rc =
            ctl_wf_call(opts, "workflow.AnswerStatusReport", &req.base,
                        &hr__workflow__status_report_reply__descriptor, arena, NULL, (void **)&rep);
    }
    if (rc)
        return ctl_wf_exit(rc);
    if (opts->json) {
        ctl_json_print(ctl_pb_to_json(&rep->base));
        return CTL_EXIT_OK;
    }
    s_print_report(arena, rep->report);
    if (!strcmp(rep->report->state, "pending"))
        printf("已记录，待 HR 确认；人员名册暂不变更\nrecorded, pending HR's answer; the directory "
               "is not changed\n");
    if (*rep->protected_cell)
        printf("请在人员导入文件的特殊保护列中记录：%s\nrecord it in people.csv protected: %s\n",
               ctl_text_safe(arena, rep->protected_cell),
               ctl_text_safe(arena, rep->protected_cell));
    return CTL_EXIT_OK;
}

int ctl_person_main(int argc, char **argv)
{
    ctl_wf_opts_t opts = {0};
    argc = ctl_wf_options(argc, argv, &opts);
    if (argc >= 2 && (!strcmp(argv[1], "report-status") || !strcmp(argv[1], "reports") ||
                      !strcmp(argv[1], "answer-report"))) {
        hr_arena_t *arena = hr_arena_new(0);
        int code = s_reports(&opts, argc, argv, arena);
        hr_arena_destroy(&arena);
        return code;
    }
    if (argc == 3 && !strcmp(argv[1], "export")) {
        hr_arena_t *arena = hr_arena_new(0);
        int code = s_export(&opts, argv[2], arena);
        hr_arena_destroy(&arena);
        return code;
    }
    if (argc != 3 || strcmp(argv[1], "show"))
        return s_usage();
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = argv[2];
    Hr__Workflow__GetPersonReply *rep = NULL;
    hr_rc_t rc =
        ctl_wf_call(&opts, "workflow.GetPerson", &req.base,
                    &hr__workflow__get_person_reply__descriptor, arena, NULL, (void **)&rep);
    int code = CTL_EXIT_OK;
    if (rc)
        code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
    else if (!rep->person) {
        fprintf(stderr, "hrctl: person %s: hr-workflow answered without the person\n", argv[2]);
        code = CTL_EXIT_FAIL;
    } else if (opts.json)
        ctl_json_print(ctl_pb_to_json(&rep->base));
    else {
        ctl_zone_t zone = ctl_zone(&opts);
        s_print(rep, &zone, arena);
    }
    hr_arena_destroy(&arena);
    return code;
}
