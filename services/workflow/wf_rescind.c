/*  wf_rescind - an employer's termination notice revoked with the employee's agreement.
 *
 *  Once the outcome is recorded nobody withdraws a case (the Art. 50 duties would be skipped).
 *  But a notice (Art. 40 with its 30 days, Art. 39, ...) that the employee agrees to have
 *  revoked before the contract ends leaves an employment that goes on: no certificate, no
 *  transfer, no two years from an end that never came. This file decides who may say so and
 *  when; the handler cancels what was open and tells everyone.
 *
 *  Who: HR's decision, made by the HR people the duties belong to - the HR person who reviewed
 *  the case (they own its stages and duties from the review on) or the HR head (level 2 of every
 *  HR duty) - never whoever opened or manages the case (releasing the duties is exactly what the
 *  rule against withdrawal keeps from them) and never the operator, who keeps the system running
 *  and makes none of the process's decisions. When: after an outcome that a notice ends the
 *  employment with, on an agreement dated between the day the notice was served and the
 *  contract's last day; after that day the employment has ended and taking the employee back is
 *  a re-hire. A termination by agreement (the outcome agreement_signed, or an Art. 36 ground) is
 *  the parties' own contract: its undoing is a new agreement or a matter for arbitration (Interp.
 *  I Art. 35), not a revocation of a notice, and is refused. The proof is the employee's signed
 *  agreement, attached to the case. Pure: today is an argument.
 */
#include "wf.h"

static bool s_is_hr_person(const Hr__Actor *a)
{
    return hr_actor_has_role(a, "hr") || hr_actor_has_role(a, "hr_head");
}

static hr_rc_t s_who(const Hr__Workflow__Case *c, const wf_rescind_ctx_t *x, char *err,
                     size_t errlen, char *zh, size_t zhlen)
{
    const char *me = x->actor->user_id ? x->actor->user_id : "";
    const char *hr = *x->case_hr ? x->case_hr : "-";
    const char *head = *x->hr_head ? x->hr_head : "-";
    if (hr_actor_is_operator(x->actor) || !strcmp(me, HR_OPERATOR_ID)) {
        snprintf(err, errlen,
                 "workflow.RescindCase: the HR person on the case (%s) or the HR head (%s) "
                 "records a revocation, not the operator (hrctl ... --as EMPLOYEE_NO --role hr)",
                 hr, head);
        wf_zh_put(
            zh, zhlen,
            "撤销%s劳动合同通知须由本案的 HR（%s）或 HR "
            "负责人（%s）以本人身份记录，运维账号（operator）不能代办：请用 hrctl ... --as 工号 "
            "--role hr。",
            wf_doc_ending_word(c, WF_DOC_ZH, false), hr, head);
        return HR_EDENIED;
    }
    if (!*me || !s_is_hr_person(x->actor)) {
        snprintf(err, errlen,
                 "workflow.RescindCase: only an HR person (hr or hr_head in the people "
                 "directory) records a revocation; the directory gives this user neither role");
        wf_zh_put(zh, zhlen,
                  "只有 HR（人员名册中角色为 hr 或 hr_head "
                  "的人员）可以记录撤销%s劳动合同通知；名册中你没有这两个角色：请联系本案的 HR。",
                  wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_EDENIED;
    }
    if (!strcmp(me, c->manager_no) || !strcmp(me, c->opened_by)) {
        snprintf(err, errlen,
                 "case %s: %s opened or manages this case and cannot release its Art. 50 "
                 "duties: the HR person on the case (%s) or the HR head (%s) records a revocation",
                 c->id, me, hr, head);
        wf_zh_put(
            zh, zhlen,
            "案件 %s 由 %s 发起或负责，不能由其本人撤销%s劳动合同通知并免除第五十条规定的离职手续："
            "请由本案的 HR（%s）或 HR 负责人（%s）记录撤销。",
            c->id, me, wf_doc_ending_word(c, WF_DOC_ZH, false), hr, head);
        return HR_EDENIED;
    }
    bool mine = !strcmp(me, x->case_hr) || !strcmp(me, x->hr_head) ||
                hr_actor_has_role(x->actor, "hr_head");
    if (!mine) {
        snprintf(err, errlen,
                 "case %s: the HR person on the case (%s) or the HR head (%s) records a "
                 "revocation, not %s",
                 c->id, hr, head, me);
        wf_zh_put(zh, zhlen,
                  "案件 %s 的撤销%s劳动合同通知须由本案的 HR（%s）或 HR 负责人（%s）记录，%s "
                  "不能记录：请联系他们。",
                  c->id, wf_doc_ending_word(c, WF_DOC_ZH, false), hr, head, me);
        return HR_EDENIED;
    }
    return HR_OK;
}

static hr_rc_t s_where(const Hr__Workflow__Case *c, char *err, size_t errlen, char *zh,
                       size_t zhlen)
{
    const Hr__Workflow__Outcome *o = c->outcome;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED) {
        snprintf(err, errlen, "case %s was rescinded already (agreement of %s)", c->id,
                 c->rescission ? c->rescission->agreement_date : "-");
        wf_zh_put(zh, zhlen, "案件 %s 的%s劳动合同通知已经撤销（协议日期 %s），无需再次记录。",
                  c->id, wf_doc_ending_word(c, WF_DOC_ZH, false),
                  c->rescission ? c->rescission->agreement_date : "-");
        return HR_ECONFLICT;
    }
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN) {
        snprintf(err, errlen, "case %s was withdrawn: no notice ended anything to revoke", c->id);
        wf_zh_put(zh, zhlen, "案件 %s 已撤回：没有送达过%s劳动合同通知，无可撤销。", c->id,
                  wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_ECONFLICT;
    }
    if (wf_case_is_reinstated(c)) {
        snprintf(err, errlen,
                 "case %s was reinstated by award %s of %s (LCL Art. 48): the termination is "
                 "void and the contract goes on; there is no notice left to revoke",
                 c->id, c->reinstatement->award_ref, c->reinstatement->award_date);
        wf_zh_put(
            zh, zhlen,
            "案件 %s 已由裁决 "
            "%s（%"
            "s）恢复劳动关系（《劳动合同法》第四十八条）：%s无效、劳动合同继续履行，已没有可撤销"
            "的%s劳动合同通知。",
            c->id, c->reinstatement->award_ref, c->reinstatement->award_date,
            wf_doc_ending_word(c, WF_DOC_ZH, false), wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_ECONFLICT;
    }
    if (!o) {
        const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
        snprintf(err, errlen,
                 "case %s is at '%s': no outcome is recorded, so no notice has ended the "
                 "employment yet; withdraw the case instead (case withdraw)",
                 c->id, cur ? cur->key : "-");
        wf_zh_put(zh, zhlen,
                  "案件 %s "
                  "目前在“%s”阶段，尚未记录%s结果，%"
                  "s劳动合同通知还没有结束劳动关系：请改为撤回案件（hrctl "
                  "case withdraw %s 原因）。",
                  c->id, wf_step_zh(c, cur ? cur->key : NULL),
                  wf_doc_ending_word(c, WF_DOC_ZH, false), wf_doc_ending_word(c, WF_DOC_ZH, false),
                  c->id);
        return HR_ECONFLICT;
    }
    const law_ground_t *g = law_ground_find(c->ground);
    bool by_agreement = g && (g->id == LAW_GROUND_A36_EMPLOYER || g->id == LAW_GROUND_A36_EMPLOYEE);
    if (o->kind != HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED || by_agreement) {
        snprintf(err, errlen,
                 "case %s: the contract ends by the parties' agreement (LCL Art. 36), not by a "
                 "notice the employer can revoke; undoing it is a new agreement between them, or "
                 "for arbitration (Interp. I Art. 35: gross misunderstanding, obvious "
                 "unfairness) - record that with case dispute",
                 c->id);
        wf_zh_put(
            zh, zhlen,
            "案件 %s "
            "的劳动合同是双方协商一致解除的（《劳动合同法》第三十六条），不是用人单位可以撤销的解"
            "除通知；要改变它需双方重新达成协议，或通过仲裁（最高法劳动争议解释（一）第三十五条："
            "重大误解、显失公平）：请用 hrctl case dispute 记录。",
            c->id);
        return HR_ECONFLICT;
    }
    // A pending arbitration is about this very termination: its end (settled, withdrawn, an
    // award) is recorded first, so the case does not read "pending" for ever once rescinded.
    const Hr__Workflow__Dispute *d = c->dispute;
    if (d && d->arbitration_filed && (!*d->result || !strcmp(d->result, "pending"))) {
        snprintf(err, errlen,
                 "case %s: the arbitration filed %s is pending; record how it ended first (case "
                 "dispute ID --result settled|withdrawn|employer_won|employee_won), then the "
                 "revocation",
                 c->id, *d->filed_date ? d->filed_date : "-");
        wf_zh_put(
            zh, zhlen,
            "案件 %s 于 %s 申请的仲裁尚未结束：请先记录仲裁结果（hrctl case dispute ID --result "
            "settled|withdrawn|employer_won|employee_won），再记录撤销%s劳动合同通知。",
            c->id, *d->filed_date ? d->filed_date : "-", wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_ECONFLICT;
    }
    wf_move_t move;
    if (wf_steps_decide(c->state, wf_steps_current(c) ? wf_steps_current(c)->key : "",
                        WF_ACT_RESCIND, &move)) {
        snprintf(err, errlen, "case %s: cannot be rescinded where it stands", c->id);
        wf_zh_put(zh, zhlen, "案件 %s 目前所处的阶段不能撤销%s劳动合同通知。", c->id,
                  wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_ECONFLICT;
    }
    return HR_OK;
}

// The day the notice was served: the outcome's, else (an outcome recorded before it had one)
// the review's notice date. False when neither is known.
static bool s_served(const Hr__Workflow__Case *c, int32_t *day)
{
    if (*c->outcome->served_date && hr_date_parse(c->outcome->served_date, day))
        return true;
    return c->assessment && *c->assessment->notice_date &&
           hr_date_parse(c->assessment->notice_date, day);
}

static hr_rc_t s_date(const Hr__Workflow__Case *c, const char *date, int32_t today, int32_t *agreed,
                      char *err, size_t errlen, char *zh, size_t zhlen)
{
    char a[HR_DATE_LEN], b[HR_DATE_LEN];
    if (!*date) {
        snprintf(err, errlen,
                 "agreement_date: required: the day the employee agreed to the revocation "
                 "(YYYY-MM-DD)");
        wf_zh_put(
            zh, zhlen,
            "请写明员工同意撤销%s劳动合同通知的日期（agreement_date，YYYY-MM-DD）：hrctl case "
            "rescind ID --on 日期。",
            wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_EINVAL;
    }
    if (!hr_date_parse(date, agreed)) {
        char why[HR_DATE_WHY_LEN];
        snprintf(err, errlen, "agreement_date: '%.32s' %s", date,
                 hr_date_why(date, why, sizeof why));
        wf_zh_put(zh, zhlen, "协议日期（agreement_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  date);
        return HR_EINVAL;
    }
    if (*agreed > today) {
        snprintf(err, errlen,
                 "agreement_date: %s is in the future (today is %s); record the revocation once "
                 "the employee has agreed",
                 hr_date_format(*agreed, a), hr_date_format(today, b));
        wf_zh_put(zh, zhlen, "协议日期 %s 还没到（今天是 %s）：请在员工同意之后再记录撤销。", a, b);
        return HR_EINVAL;
    }
    int32_t served = 0, last = 0;
    if (s_served(c, &served) && *agreed < served) {
        snprintf(err, errlen,
                 "agreement_date: %s is before the notice was served (%s): there was no notice "
                 "to revoke",
                 hr_date_format(*agreed, a), hr_date_format(served, b));
        wf_zh_put(
            zh, zhlen,
            "协议日期 %s 早于%s劳动合同通知的送达日期（%s）：那时还没有可撤销的通知，请核对日期。",
            a, wf_doc_ending_word(c, WF_DOC_ZH, false), b);
        return HR_EINVAL;
    }
    if (hr_date_parse(c->outcome->effective_date, &last) && *agreed > last) {
        snprintf(err, errlen,
                 "agreement_date: %s is after the contract ended (its last day was %s): the "
                 "employment has ended, and taking the employee back is a re-hire (a new "
                 "contract), not a revocation of the notice",
                 hr_date_format(*agreed, a), hr_date_format(last, b));
        wf_zh_put(zh, zhlen,
                  "协议日期 %s "
                  "晚于劳动合同的最后一天（%"
                  "s）：劳动关系已经结束，再让员工回来属于重新录用（另订劳动合同），不是撤销%"
                  "s劳动合同通知。",
                  a, b, wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_EINVAL;
    }
    return HR_OK;
}

static hr_rc_t s_proof(const Hr__Workflow__Case *c, const char *id,
                       const Hr__Workflow__EvidenceRef **out, char *err, size_t errlen, char *zh,
                       size_t zhlen)
{
    const char *want = law_evidence_kind_name(LAW_EVK_AGREEMENT);
    if (!*id) {
        snprintf(err, errlen,
                 "evidence_id: required: the employee's signed agreement to the revocation, "
                 "attached to the case (case attach ID --file PATH --kind %s)",
                 want);
        wf_zh_put(
            zh, zhlen,
            "请附上员工签字同意撤销%s劳动合同通知的协议（%s 类）作为证据：hrctl case attach ID "
            "--file 文件 --kind %s，再以 --evidence 给出其编号。",
            wf_doc_ending_word(c, WF_DOC_ZH, false), want, want);
        return HR_EINVAL;
    }
    *out = NULL;
    for (size_t i = 0; i < c->n_evidence && !*out; i++)
        if (!strcmp(c->evidence[i]->id, id))
            *out = c->evidence[i];
    if (!*out) {
        snprintf(err, errlen, "evidence_id: %.64s is not attached to %s", id, c->id);
        wf_zh_put(zh, zhlen,
                  "证据 %.64s 没有附在案件 %s 上：请先附上员工签字的协议（hrctl case attach）。",
                  id, c->id);
        return HR_EINVAL;
    }
    if (strcmp((*out)->kind, want)) {
        snprintf(err, errlen,
                 "evidence_id: %.64s is %s %s; a revocation rests on the employee's signed "
                 "agreement (kind %s)",
                 id, wf_a((*out)->kind), (*out)->kind, want);
        wf_zh_put(zh, zhlen,
                  "证据 %.64s 的类型是%s；撤销%s劳动合同通知须以员工签字的协议（%s类）为凭。", id,
                  wf_kind_zh((*out)->kind), wf_doc_ending_word(c, WF_DOC_ZH, false),
                  wf_kind_zh(want));
        *out = NULL;
        return HR_EINVAL;
    }
    return HR_OK;
}

hr_rc_t wf_rescind_check(const Hr__Workflow__Case *c, const Hr__Workflow__RescindCaseRequest *req,
                         const wf_rescind_ctx_t *x, int32_t *agreed,
                         const Hr__Workflow__EvidenceRef **evidence, char *err, size_t errlen,
                         char *zh, size_t zhlen)
{
    *agreed = 0;
    *evidence = NULL;
    hr_rc_t rc = s_who(c, x, err, errlen, zh, zhlen);
    if (!rc)
        rc = s_where(c, err, errlen, zh, zhlen);
    if (!rc)
        rc = s_date(c, req->agreement_date, x->today, agreed, err, errlen, zh, zhlen);
    size_t len = req->reason ? strlen(req->reason) : 0;
    if (!rc && (!len || len > WF_TEXT_MAX || !hr_utf8_is_valid(req->reason, len))) {
        snprintf(err, errlen,
                 "reason: required: why the notice is revoked (UTF-8 text of 1..%d "
                 "bytes)",
                 WF_TEXT_MAX);
        wf_zh_put(
            zh, zhlen,
            "请写明撤销%s劳动合同通知的原因（reason）：不能为空，最多 %d 字节（约 %d 个汉字）。",
            wf_doc_ending_word(c, WF_DOC_ZH, false), WF_TEXT_MAX, WF_TEXT_MAX / 3);
        rc = HR_EINVAL;
    }
    char why[WF_SHORT_MAX];
    if (!rc && hr_utf8_has_unsafe(req->reason, len, HR_UTF8_ALLOW_TEXT, why, sizeof why)) {
        snprintf(err, errlen, "reason: %s", why);
        wf_zh_put(zh, zhlen, "原因（reason）含有不能保存的字符（%s）：请删除后重试。", why);
        rc = HR_EINVAL;
    }
    if (!rc)
        rc = s_proof(c, req->evidence_id, evidence, err, errlen, zh, zhlen);
    return rc;
}

char *wf_rescind_note(const Hr__Workflow__Case *c, const Hr__Workflow__Rescission *r,
                      const Hr__Workflow__EvidenceRef *e, hr_arena_t *arena)
{
    const Hr__Workflow__Outcome *o = c->outcome;
    char *note = hr_arena_fmt(arena,
                              "notice served %s (contract to end %s) revoked by agreement of %s, "
                              "evidence %s (%s): %s",
                              o && *o->served_date ? o->served_date : "-", r->effective_date,
                              r->agreement_date, r->evidence_id, e ? e->kind : "-", r->reason);
    return hr_arena_strndup(arena, note, hr_utf8_cut(note, strnlen(note, WF_TEXT_MAX)));
}
