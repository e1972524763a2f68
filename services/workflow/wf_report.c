/*  wf_report - an employee's own report of a protected status (LCL Art. 42), and HR's answer.
 *
 *  The directory records a status only by HR's people import; the employee, who knows first that
 *  she is pregnant or on a medical period, had no way to say so. workflow.ReportStatus records a
 *  pending report (the kind, the start, the expected end, the certificate's id in hr-evidence)
 *  and changes nothing in the directory: HR lists the pending ones (workflow.ListStatusReports,
 *  hrctl person reports) and answers each (workflow.AnswerStatusReport): confirmed (HR then
 *  records it by an import: the reply gives the protected cell), or rejected with a reason the
 *  employee reads in their own list. A report is the person's own: nobody reports for another,
 *  and only HR and the person read it (a protected status is HR's, and the person's own).
 */
#include "wf.h"

static bool s_hex64(const char *v)
{
    size_t n = 0;
    for (; v[n]; n++)
        if (!((v[n] >= '0' && v[n] <= '9') || (v[n] >= 'a' && v[n] <= 'f')))
            return false;
    return n == 64;
}

static const char *s_me(hr_call_t *call)
{
    const Hr__Actor *a = wf_call_actor(call);
    return a->user_id && *a->user_id ? a->user_id : "";
}

hr_rc_t wf_handle_report_status(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__ReportStatusRequest *req = hr_call_request(call);
    Hr__Workflow__StatusReportReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    const char *me = s_me(call);
    Hr__Workflow__Person *p = NULL;
    if (!*me || wf_store_person_get(hr_call_txn(call), me, arena, &p))
        return hr_call_fail_zh(call, HR_EDENIED,
                               "只有人员名册中的员工本人才能报告自己的特殊保护状态（--as 工号）。",
                               "only a person in the directory reports their own protected "
                               "status (--as EMPLOYEE_NO)");
    if (!req->status || !law_status_find(req->status))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "状态“%.64s”无法识别：应为 pregnant（孕期）、maternity_leave"
                                     "（产期）、nursing_infant（哺乳期）、medical_treatment_period"
                                     "（医疗期）等 hr_law 状态代码。",
                                     req->status ? req->status : ""),
                               "status: unknown status '%.64s' (pregnant, maternity_leave, "
                               "nursing_infant, medical_treatment_period, ...)",
                               req->status ? req->status : "");
    int32_t since = 0, until = 0;
    if (!req->since || !hr_date_parse(req->since, &since))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "起始日期（--since）须为 YYYY-MM-DD 格式的日期，如 2026-11-20。",
                               "since: a date YYYY-MM-DD is required");
    if (req->until && *req->until && (!hr_date_parse(req->until, &until) || until < since))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "预计结束日期（--until）须为 YYYY-MM-DD 格式，且不早于起始日期。",
                               "until: a date YYYY-MM-DD, not before since");
    if (req->evidence_id && *req->evidence_id && !s_hex64(req->evidence_id))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "证据编号（--evidence）应为证明文件在证据库中的 SHA-256（64 位小写"
                               "十六进制）：先用 hrctl evidence put 上传证明。",
                               "evidence: the certificate's SHA-256 in hr-evidence (64 lower-case "
                               "hex digits)");
    Hr__Workflow__StatusReport *r = hr_arena_alloc(arena, sizeof *r);
    hr__workflow__status_report__init(r);
    r->id = hr_id_new(arena, hr_call_now_ms(call));
    r->employee_no = p->employee_no;
    r->status = req->status;
    r->since = req->since;
    r->until = req->until ? req->until : "";
    r->evidence_id = req->evidence_id ? req->evidence_id : "";
    r->reported_ms = hr_call_now_ms(call);
    r->state = "pending";
    hr_rc_t rc = wf_store_status_report_put(hr_call_txn(call), r);
    if (rc)
        return wf_fail_store(call, rc, "could not store the report");
    rep->report = r;
    hr_info("status.reported", "employee_no=%s report=%s msg=%s", p->employee_no, r->id,
            hr_call_msg_id(call));
    return HR_OK;
}

hr_rc_t wf_handle_answer_status_report(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__AnswerStatusReportRequest *req = hr_call_request(call);
    Hr__Workflow__StatusReportReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!wf_actor_is_hr(wf_call_actor(call)))
        return hr_call_fail_zh(call, HR_EDENIED, "只有 HR 可以确认或驳回特殊保护状态的报告。",
                               "only HR confirms or rejects a protected-status report");
    const char *reason = req->reason ? req->reason : "";
    if (!req->confirm && !*reason)
        return hr_call_fail_zh(call, HR_EINVAL, "驳回须说明理由（--reason），员工将看到该理由。",
                               "reason: required to reject; the employee reads it");
    if (strlen(reason) > WF_TEXT_MAX ||
        hr_utf8_find_unsafe(reason, strlen(reason), 0, NULL) < strlen(reason))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "理由（--reason）至多 %d 字节，且不能含控制字符。", WF_TEXT_MAX),
            "reason: at most %d bytes, no control characters", WF_TEXT_MAX);
    Hr__Workflow__StatusReport *r = NULL;
    hr_rc_t rc = req->report_id && *req->report_id && strlen(req->report_id) <= HR_ID_LEN
                     ? wf_store_status_report_get(hr_call_txn(call), req->report_id, arena, &r)
                     : HR_ENOTFOUND;
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(call, rc,
                               wf_zh(call,
                                     "没有编号为 %.32s 的报告：请用 hrctl person reports 查看。",
                                     req->report_id ? req->report_id : ""),
                               "report_id: no report '%.32s' (hrctl person reports)",
                               req->report_id ? req->report_id : "");
    if (rc)
        return wf_fail_store(call, rc, "could not read the report");
    if (strcmp(r->state, "pending"))
        return hr_call_fail_zh(call, HR_ECONFLICT,
                               wf_zh(call, "该报告已处理（%s），不能再次确认或驳回。", r->state),
                               "report %s was already answered (%s)", r->id, r->state);
    r->state = req->confirm ? "confirmed" : "rejected";
    r->answered_by = (char *)s_me(call);
    r->answered_ms = hr_call_now_ms(call);
    r->answer = (char *)reason;
    rc = wf_store_status_report_put(hr_call_txn(call), r);
    if (rc)
        return wf_fail_store(call, rc, "could not store the answer");
    rep->report = r;
    if (req->confirm)
        rep->protected_cell =
            hr_arena_fmt(arena, "%s from=%s%s%s%s%s:%s", r->status, r->since,
                         *r->until ? " until=" : "", r->until, *r->evidence_id ? " evidence=" : "",
                         r->evidence_id, *reason ? reason : "员工本人报告，HR 已确认");
    hr_info("status.answered", "employee_no=%s report=%s state=%s msg=%s", r->employee_no, r->id,
            r->state, hr_call_msg_id(call));
    return HR_OK;
}

hr_rc_t wf_handle_list_status_reports(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__ListStatusReportsRequest *req = hr_call_request(call);
    Hr__Workflow__ListStatusReportsReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    bool hr = wf_actor_is_hr(wf_call_actor(call));
    const char *me = s_me(call);
    if (!hr && !*me)
        return hr_call_fail_zh(call, HR_EDENIED, "请以员工本人（--as 工号）或 HR 的身份查看报告。",
                               "reports: as yourself (--as EMPLOYEE_NO) or as HR");
    Hr__Workflow__StatusReport **all = NULL;
    size_t n = 0;
    hr_rc_t rc =
        wf_store_status_reports_all(hr_call_txn(call), arena, WF_STATUS_REPORTS_MAX, &all, &n);
    if (rc)
        return wf_fail_store(call, rc, "could not read the reports");
    rep->reports = hr_arena_alloc(arena, (n + 1) * sizeof *rep->reports);
    for (size_t i = 0; i < n; i++) {
        if (!hr && strcmp(all[i]->employee_no, me))
            continue; // someone else's: HR's and theirs alone
        if (req->pending_only && strcmp(all[i]->state, "pending"))
            continue;
        rep->reports[rep->n_reports++] = all[i];
    }
    return HR_OK;
}

void wf_reports_status(hr_txn_t *txn, Hr__Sys__StatusReply *rep, hr_arena_t *arena)
{
    Hr__Workflow__StatusReport **all = NULL;
    size_t n = 0, pending = 0;
    if (!wf_store_status_reports_all(txn, arena, WF_STATUS_REPORTS_MAX, &all, &n))
        for (size_t i = 0; i < n; i++)
            pending += !strcmp(all[i]->state, "pending");
    if (!pending)
        return;
    char **extra = hr_arena_alloc(arena, (rep->n_extra + 1) * sizeof *extra);
    if (rep->n_extra)
        memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
    rep->extra = extra;
    rep->extra[rep->n_extra++] = hr_arena_fmt(arena, "status_reports_pending=%zu", pending);
}
