/*  wf_dispute - what a dispute record after the close may say, and how the history tells it.
 *
 *  A dispute here is the employee contesting this dismissal, so its filing is dated between the
 *  case's notice (the assessment's notice date; the outcome's effective date for a case that
 *  has none) and today. The limit for it is a year from the day the employee knew (LDMAL Art.
 *  27; for a dismissal, the notice: the assessment's arbitration_limit_date; for a contract
 *  ending by law, the day it ends, as the notice letter says). A filing after
 *  the limit is recorded as it came and flagged: the time bar is the employer's to raise and
 *  the arbitration committee's to decide (the limit is interrupted and suspended by things the
 *  case does not know), never this service's to refuse. An award or a withdrawal ends a filing,
 *  so it needs one; "pending" (or no result) may be recorded before anything is filed, and so
 *  may a settlement (the employer often settles a threatened claim before it is filed). An
 *  amount is what was awarded or settled, so only employee_won, reinstated (the back pay, Interp.
 *  II Art. 18) and settled carry one. Pure: today is an argument.
 *
 *  reinstated: the award or judgment orders the contract to continue (LCL Art. 48: the employer
 *  ended it unlawfully and the employee asked for it to go on; 恢复劳动关系/继续履行). It ends a
 *  filing like any award, and names the award: its day (not before the filing, not in the
 *  future) and its reference. Only a case whose outcome ended the contract (closed) can be
 *  reinstated, and one reinstatement at a time: a rescinded case's contract never ended (its
 *  notice was revoked), and a reinstated one goes on already. The handler voids the termination
 *  (wf_handle_record_dispute).
 *
 *  A first-instance award is not final: either party may take it to court within fifteen days
 *  (LDML Art. 50), and a judgment may set the reinstatement aside. Only a record that says so
 *  undoes it - `sets_aside` naming the award it overturns, with the judgment's own day and
 *  reference, and result employer_won (the termination was lawful) or employee_won (unlawful, but
 *  compensation instead of the contract going on, LCL Art. 87) - so that a later record about the
 *  back pay or a settlement never undoes a reinstatement by accident; an employer_won after a
 *  reinstatement that names no award is refused for that reason. The reinstatement is then
 *  marked set aside (kept, never deleted: wf_case_is_reinstated is false again) and the handler
 *  re-arms the duties it cancelled (wf_steps_rearm_duties).
 *
 *  A retrial may reinstate the employee again (a higher court's judgment, after the one that set
 *  the award aside): a case whose latest reinstatement was set aside takes a new one, naming a
 *  decision of its own (not an award set aside, nor the judgment that set it aside) dated no
 *  earlier than that judgment (s_retrial). The handler keeps the one set aside in
 *  Case.earlier_reinstatements, in order; a judgment may set the new one aside in turn. An
 *  award set aside is never set aside again, whichever it was.
 */
#include "wf.h"

static const char *const s_results[] = {
    "", "pending", "employer_won", "employee_won", WF_REINSTATED, "settled", "withdrawn"};

// The day the dismissal was notified: the assessment's notice date (an assessment stored before
// it recorded one: a year before its arbitration limit), else the outcome's effective date.
static bool s_notice_day(const Hr__Workflow__Case *c, int32_t *day)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    law_day_t limit = 0;
    if (as && *as->notice_date)
        return hr_date_parse(as->notice_date, day);
    if (as && law_date_parse(as->arbitration_limit_date, &limit)) {
        *day = (int32_t)law_date_add_months(limit, -LAW_ARBITRATION_YEARS * LAW_MONTHS_PER_YEAR);
        return true;
    }
    return c->outcome && hr_date_parse(c->outcome->effective_date, day);
}

// The arbitration limit the closing documents state (wf_document.c): a dismissal's runs from the
// notice (the assessment's arbitration_limit_date, hr_law's), a contract that ends by law (终止,
// Art. 44) a year from the day it ends - an expiry dispute filed between the two is in time.
// The year's last day as the statute counts it, before a day off moves it (s_limit_day).
static bool s_limit_raw(const Hr__Workflow__Case *c, int32_t *day)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    int32_t year = 0;
    const char *end = c->outcome && *c->outcome->effective_date ? c->outcome->effective_date
                      : as                                      ? as->effective_date
                                                                : "";
    int32_t eff = 0;
    if (wf_doc_end(c) == WF_DOC_END_TERMINATED && hr_date_parse(end, &eff))
        year = (int32_t)law_date_add_months(eff, LAW_ARBITRATION_YEARS * LAW_MONTHS_PER_YEAR);
    else if (!as || !hr_date_parse(as->arbitration_limit_date, &year))
        return false;
    *day = year;
    return true;
}

// s_limit_raw moved off the calendar's days off: the day the letter states.
static bool s_limit_day(const Hr__Workflow__Case *c, const hr_calendar_t *cal, int32_t *day)
{
    int32_t raw = 0;
    if (!s_limit_raw(c, &raw))
        return false;
    *day = wf_doc_period_end(cal, raw);
    return true;
}

// A filing on day `filed` against the limit: in time when every day from the limit's raw last
// day to the day before the filing is a day off (Civil Code Art. 203), late when one of them is a
// working day - or when one may be (wf_deadline_day_sure: a year whose notice is not out) and
// none surely is: then unsure, and *year says which year's notice decides; a run of days off
// longer than any notice gives (WF_DAYS_OFF_RUN_MAX) is late whatever it says.
typedef enum { S_IN_TIME, S_UNSURE, S_LATE } s_timely_t;

static s_timely_t s_timely(const Hr__Workflow__Case *c, const hr_calendar_t *cal, int32_t filed,
                           int *year)
{
    int32_t limit = 0;
    *year = 0;
    if (!s_limit_raw(c, &limit))
        return S_IN_TIME;
    for (int32_t d = limit; d < filed; d++) {
        if (*year && d - limit >= WF_DAYS_OFF_RUN_MAX)
            return S_LATE; // no notice gives that many days off in a row
        wf_day_sure_t k = wf_deadline_day_sure(cal, d);
        if (k == WF_DAY_SURE_WORKING)
            return S_LATE;
        if (k == WF_DAY_UNSURE && !*year) {
            int m, md;
            hr_date_to_ymd(d, year, &m, &md);
        }
    }
    if (*year && filed - limit > WF_DAYS_OFF_RUN_MAX)
        return S_LATE;
    return *year ? S_UNSURE : S_IN_TIME;
}

int wf_dispute_limit_unsure(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                            const hr_calendar_t *cal)
{
    int32_t filed = 0;
    int year = 0;
    if (!*d->filed_date || !hr_date_parse(d->filed_date, &filed))
        return 0;
    return s_timely(c, cal, filed, &year) == S_UNSURE ? year : 0;
}

const char *wf_dispute_limit_date(const Hr__Workflow__Case *c, const hr_calendar_t *cal,
                                  hr_arena_t *arena)
{
    int32_t limit = 0;
    char at[HR_DATE_LEN] = "";
    if (s_limit_day(c, cal, &limit))
        hr_date_format(limit, at);
    return hr_arena_fmt(arena, "%s", at);
}

// s_limit_raw as YYYY-MM-DD in arena ("" when the case has none).
static const char *s_raw_date(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    int32_t limit = 0;
    char at[HR_DATE_LEN] = "";
    if (s_limit_raw(c, &limit))
        hr_date_format(limit, at);
    return hr_arena_fmt(arena, "%s", at);
}

// A reinstatement on a case whose latest reinstatement was set aside (a retrial, a higher court's
// judgment: LDML Art. 50): a decision of its own - not the award set aside nor any award before
// it, not the judgment that set it aside - and not dated before that judgment.
static hr_rc_t s_retrial(const Hr__Workflow__Case *c, const char *date, const char *ref,
                         int32_t day, char *err, size_t errlen, char *zh, size_t zhlen)
{
    const Hr__Workflow__Reinstatement *r = c->reinstatement;
    for (size_t i = 0; i <= c->n_earlier_reinstatements; i++) {
        const Hr__Workflow__Reinstatement *e =
            i < c->n_earlier_reinstatements ? c->earlier_reinstatements[i] : r;
        bool award = !strcmp(ref, e->award_ref);
        if (!award && strcmp(ref, e->set_aside_ref))
            continue;
        snprintf(
            err, errlen,
            "dispute.award_ref: %.256s is the %s of case %s's reinstatement set aside (award %s "
            "of %s, set aside by judgment %s of %s): a new reinstatement names the award or "
            "judgment that orders it",
            ref, award ? "award" : "judgment setting aside", c->id, e->award_ref, e->award_date,
            e->set_aside_ref, e->set_aside_date);
        wf_zh_put(zh, zhlen,
                  "案号（dispute.award_ref）%.256s 是案件 %s 已被撤销的恢复劳动关系%s（裁决 "
                  "%s，%s；%s 判决 %s 撤销）：再次恢复劳动关系，请写明作出该决定的裁决书或判决书"
                  "的案号。",
                  ref, c->id, award ? "所依据的裁决" : "的撤销判决", e->award_ref, e->award_date,
                  e->set_aside_date, e->set_aside_ref);
        return HR_EINVAL;
    }
    int32_t aside = 0;
    if (hr_date_parse(r->set_aside_date, &aside) && day < aside) {
        snprintf(err, errlen,
                 "dispute.award_date: %s is before judgment %s of %s that set case %s's "
                 "reinstatement aside: a new reinstatement comes after it",
                 date, r->set_aside_ref, r->set_aside_date, c->id);
        wf_zh_put(zh, zhlen,
                  "裁决/判决日期（dispute.award_date）%s 早于撤销案件 %s 恢复劳动关系的判决 "
                  "%s（%s）：再次恢复劳动关系的裁决或判决应在其后，请核对日期。",
                  date, c->id, r->set_aside_ref, r->set_aside_date);
        return HR_EINVAL;
    }
    return HR_OK;
}

// The award a record names (award_date, award_ref): required with reinstated, checked whenever
// given; and a reinstatement only for a case whose outcome ended the contract, one standing at a
// time (after one set aside: s_retrial).
static hr_rc_t s_award(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d, bool reinstated,
                       int32_t filed, int32_t today, char *err, size_t errlen, char *zh,
                       size_t zhlen)
{
    const char *date = d->award_date ? d->award_date : "";
    const char *ref = d->award_ref ? d->award_ref : "";
    char a[HR_DATE_LEN], b[HR_DATE_LEN];
    int32_t day = 0;
    if (reinstated && !*date) {
        snprintf(err, errlen,
                 "dispute.award_date: required with result reinstated: the day of the award or "
                 "judgment that orders the contract to continue (YYYY-MM-DD; 裁决/判决日期)");
        wf_zh_put(zh, zhlen,
                  "结果为恢复劳动关系（reinstated）时，须写明裁决书或判决书的日期（dispute.award_"
                  "date，YYYY-MM-DD）。");
        return HR_EINVAL;
    }
    if (*date && !hr_date_parse(date, &day)) {
        char why[HR_DATE_WHY_LEN];
        snprintf(err, errlen, "dispute.award_date: '%.32s' %s", date,
                 hr_date_why(date, why, sizeof why));
        wf_zh_put(zh, zhlen,
                  "裁决/判决日期（dispute.award_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  date);
        return HR_EINVAL;
    }
    if (*date && day > today) {
        snprintf(err, errlen, "dispute.award_date: %s is in the future (today is %s)", date,
                 hr_date_format(today, a));
        wf_zh_put(zh, zhlen,
                  "裁决/判决日期（dispute.award_date）%s 还没到（今天是 "
                  "%s）：请在收到裁决书或判决书后再记录。",
                  date, a);
        return HR_EINVAL;
    }
    if (*date && filed && day < filed) {
        snprintf(err, errlen,
                 "dispute.award_date: %s is before the filing of %s that the award decides", date,
                 hr_date_format(filed, b));
        wf_zh_put(zh, zhlen,
                  "裁决/判决日期（dispute.award_date）%s 早于仲裁申请日 %s：请核对日期。", date, b);
        return HR_EINVAL;
    }
    size_t len = strlen(ref);
    if (reinstated && !len) {
        snprintf(err, errlen,
                 "dispute.award_ref: required with result reinstated: the award's or judgment's "
                 "reference (案号)");
        wf_zh_put(zh, zhlen,
                  "结果为恢复劳动关系（reinstated）时，须写明裁决书或判决书的案号（dispute.award_"
                  "ref）。");
        return HR_EINVAL;
    }
    if (len > WF_SHORT_MAX || !hr_utf8_is_valid(ref, len)) {
        snprintf(err, errlen, "dispute.award_ref: UTF-8 text of at most %d bytes", WF_SHORT_MAX);
        wf_zh_put(zh, zhlen, "案号（dispute.award_ref）须为 UTF-8 文本，最多 %d 字节。",
                  WF_SHORT_MAX);
        return HR_EINVAL;
    }
    if (!reinstated)
        return HR_OK;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED) {
        snprintf(err, errlen,
                 "dispute.result: case %s was rescinded (the notice revoked by agreement): the "
                 "contract never ended, so there is nothing to reinstate; record the dispute "
                 "about the revocation with another result",
                 c->id);
        wf_zh_put(zh, zhlen,
                  "争议结果（dispute.result）：案件 %s "
                  "的%s劳动合同通知已经双方协商撤销：劳动合同从未%"
                  "s，不存在恢复劳动关系；请以其他结果记录关"
                  "于撤销的争议。",
                  c->id, wf_doc_ending_word(c, WF_DOC_ZH, false),
                  wf_doc_ending_word(c, WF_DOC_ZH, false));
        return HR_EINVAL;
    }
    if (c->reinstatement && *c->reinstatement->set_aside_date)
        return s_retrial(c, date, ref, day, err, errlen, zh, zhlen);
    if (c->reinstatement) {
        snprintf(err, errlen,
                 "dispute.result: case %s was reinstated already (award %s of %s): the contract "
                 "goes on; record a later stage of the dispute with another result",
                 c->id, c->reinstatement->award_ref, c->reinstatement->award_date);
        wf_zh_put(zh, zhlen,
                  "争议结果（dispute.result）：案件 %s 已经恢复劳动关系（裁决 "
                  "%s，%s）：劳动合同继续履行；争议的后续阶段请以其他结果记录。",
                  c->id, c->reinstatement->award_ref, c->reinstatement->award_date);
        return HR_EINVAL;
    }
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED || !c->outcome) {
        snprintf(err, errlen,
                 "dispute.result: case %s has no outcome that ended the contract: nothing to "
                 "reinstate",
                 c->id);
        wf_zh_put(
            zh, zhlen,
            "争议结果（dispute.result）：案件 %s 没有已解除劳动合同的结果，不存在恢复劳动关系。",
            c->id);
        return HR_EINVAL;
    }
    return HR_OK;
}

hr_rc_t wf_dispute_check(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d, int32_t today,
                         const hr_calendar_t *cal, bool *after_limit, char *err, size_t errlen,
                         char *zh, size_t zhlen)
{
    *after_limit = false;
    bool known = false;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_results) && !known; i++)
        known = !strcmp(d->result, s_results[i]);
    if (!known) {
        snprintf(err, errlen,
                 "dispute.result: pending, employer_won, employee_won, reinstated, settled or "
                 "withdrawn");
        wf_zh_put(zh, zhlen,
                  "争议结果（dispute.result）只能是 "
                  "pending（进行中）、employer_won（用人单位胜诉）、employee_"
                  "won（员工胜诉）、reinstated（恢复劳动关系）、settled（和解）或 "
                  "withdrawn（撤回申请）。");
        return HR_EINVAL;
    }
    bool filed = d->arbitration_filed || *d->filed_date;
    int32_t day = 0, notice = 0;
    char a[HR_DATE_LEN], b[HR_DATE_LEN];
    if (filed && !*d->filed_date) {
        snprintf(err, errlen,
                 "dispute.filed_date: required with arbitration_filed (YYYY-MM-DD): the day "
                 "the application was filed");
        wf_zh_put(
            zh, zhlen,
            "已申请仲裁（arbitration_filed）时，须写明仲裁申请日（dispute.filed_date，YYYY-MM-"
            "DD）。");
        return HR_EINVAL;
    }
    if (filed && !hr_date_parse(d->filed_date, &day)) {
        char why[HR_DATE_WHY_LEN];
        snprintf(err, errlen, "dispute.filed_date: '%.32s' %s", d->filed_date,
                 hr_date_why(d->filed_date, why, sizeof why));
        wf_zh_put(zh, zhlen,
                  "仲裁申请日（dispute.filed_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  d->filed_date);
        return HR_EINVAL;
    }
    if (filed && day > today) {
        snprintf(err, errlen, "dispute.filed_date: %s is in the future (today is %s)",
                 d->filed_date, hr_date_format(today, a));
        wf_zh_put(
            zh, zhlen,
            "仲裁申请日（dispute.filed_date）%s 还没到（今天是 %s）：请在实际申请之后再记录。",
            d->filed_date, a);
        return HR_EINVAL;
    }
    if (filed && s_notice_day(c, &notice) && day < notice) {
        snprintf(err, errlen,
                 "dispute.filed_date: %s is before the notice of %s that the dispute contests",
                 d->filed_date, hr_date_format(notice, b));
        wf_zh_put(zh, zhlen,
                  "仲裁申请日（dispute.filed_date）%s 早于所争议的解除通知日期 %s：请核对日期。",
                  d->filed_date, b);
        return HR_EINVAL;
    }
    bool result = *d->result && strcmp(d->result, "pending") && strcmp(d->result, "settled");
    if (result && !filed) {
        snprintf(err, errlen,
                 "dispute.result: %s needs the filing it ends: give dispute.filed_date with it",
                 d->result);
        wf_zh_put(zh, zhlen,
                  "结果 %s 须有对应的仲裁申请：请同时写明仲裁申请日（dispute.filed_date）。",
                  d->result);
        return HR_EINVAL;
    }
    if (d->amount_fen < 0 || d->amount_fen > LAW_MONEY_MAX_FEN) {
        snprintf(err, errlen, "dispute.amount_fen: 0..%lld", (long long)LAW_MONEY_MAX_FEN);
        wf_zh_put(zh, zhlen, "金额（dispute.amount_fen）须在 0 至 %lld 分之间。",
                  (long long)LAW_MONEY_MAX_FEN);
        return HR_EINVAL;
    }
    bool reinstated = !strcmp(d->result, WF_REINSTATED);
    if (d->amount_fen && strcmp(d->result, "employee_won") && !reinstated &&
        strcmp(d->result, "settled")) {
        snprintf(err, errlen,
                 "dispute.amount_fen: an amount is awarded (employee_won, reinstated) or settled "
                 "(settled), not with result '%s'",
                 *d->result ? d->result : "pending");
        wf_zh_put(zh, zhlen,
                  "金额（dispute.amount_fen）只在裁决支付（employee_"
                  "won、reinstated）或和解（settled）时填写，结果为“%s”时不能填写。",
                  *d->result ? d->result : "pending");
        return HR_EINVAL;
    }
    hr_rc_t rc = s_award(c, d, reinstated, filed ? day : 0, today, err, errlen, zh, zhlen);
    if (rc)
        return rc;
    int year = 0;
    *after_limit = filed && s_timely(c, cal, day, &year) == S_LATE;
    return HR_OK;
}

bool wf_case_is_reinstated(const Hr__Workflow__Case *c)
{
    return c->reinstatement && !*c->reinstatement->set_aside_date;
}

// Fills the English (err) and Chinese (zh) refusal; HR_EINVAL.
static hr_rc_t s_refuse(char *err, size_t errlen, char *zh, size_t zhlen, const char *zh_text,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static hr_rc_t s_refuse(char *err, size_t errlen, char *zh, size_t zhlen, const char *zh_text,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    snprintf(zh, zhlen, "%s", zh_text);
    return HR_EINVAL;
}

hr_rc_t wf_dispute_set_aside_check(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                                   char *err, size_t errlen, char *zh, size_t zhlen)
{
    const Hr__Workflow__Reinstatement *r = c->reinstatement;
    const char *aside = d->sets_aside ? d->sets_aside : "";
    const char *date = d->award_date ? d->award_date : "";
    const char *ref = d->award_ref ? d->award_ref : "";
    bool judged = !strcmp(d->result, "employer_won") || !strcmp(d->result, "employee_won");
    char zt[WF_TEXT_MAX];
    size_t len = strlen(aside);
    if (!len) {
        if (!wf_case_is_reinstated(c) || strcmp(d->result, "employer_won"))
            return HR_OK;
        snprintf(zt, sizeof zt,
                 "案件 %s 已依裁决/判决 %s（%s）恢复劳动关系。用人单位胜诉的判决若撤销了该裁决，"
                 "请写明所撤销的裁决案号（dispute.sets_aside，hrctl case dispute %s --result "
                 "employer_won --sets-aside %s ...）；否则请用其他结果记录。",
                 c->id, r->award_ref, r->award_date, c->id, r->award_ref);
        return s_refuse(err, errlen, zh, zhlen, zt,
                        "dispute.sets_aside: case %s was reinstated by award %s of %s: an "
                        "employer_won after it is a judgment setting that award aside - name it "
                        "(dispute.sets_aside %s; hrctl case dispute %s --result employer_won "
                        "--sets-aside REF ...); otherwise record another result",
                        c->id, r->award_ref, r->award_date, r->award_ref, c->id);
    }
    if (len > WF_SHORT_MAX || !hr_utf8_is_valid(aside, len))
        return s_refuse(err, errlen, zh, zhlen,
                        "被撤销的裁决案号（sets_aside）应为不超过 256 字节的 UTF-8 文本。",
                        "dispute.sets_aside: UTF-8 text of at most %d bytes", WF_SHORT_MAX);
    if (!r) {
        snprintf(zt, sizeof zt, "案件 %s 没有恢复劳动关系的记录，无可撤销（sets_aside）。", c->id);
        return s_refuse(err, errlen, zh, zhlen, zt,
                        "dispute.sets_aside: case %s was never reinstated: there is no award to "
                        "set aside",
                        c->id);
    }
    // The award set aside already: the latest (set aside, nothing since), or one before it.
    for (size_t i = 0; i <= c->n_earlier_reinstatements; i++) {
        const Hr__Workflow__Reinstatement *e =
            i < c->n_earlier_reinstatements ? c->earlier_reinstatements[i] : r;
        if (!*e->set_aside_date || (e != r && strcmp(aside, e->award_ref)))
            continue;
        snprintf(zt, sizeof zt, "裁决 %s 已于 %s 被判决 %s 撤销，不能再次撤销。", e->award_ref,
                 e->set_aside_date, e->set_aside_ref);
        return s_refuse(err, errlen, zh, zhlen, zt,
                        "dispute.sets_aside: award %s was set aside already by judgment %s of %s",
                        e->award_ref, e->set_aside_ref, e->set_aside_date);
    }
    if (strcmp(aside, r->award_ref)) {
        snprintf(zt, sizeof zt,
                 "被撤销的裁决案号 %.256s 与案件 %s 恢复劳动关系所依据的裁决 %s（%s）不符。", aside,
                 c->id, r->award_ref, r->award_date);
        return s_refuse(err, errlen, zh, zhlen, zt,
                        "dispute.sets_aside: '%.256s' is not the award that reinstated case %s "
                        "(award %s of %s)",
                        aside, c->id, r->award_ref, r->award_date);
    }
    if (!judged) {
        snprintf(
            zt, sizeof zt,
            "撤销恢复劳动关系的判决，结果应为 employer_won（解除合法）或 employee_won（违法解除"
            "但不再继续履行，支付赔偿金，劳动合同法第八十七条），而不是 %s。",
            *d->result ? d->result : "pending");
        return s_refuse(err, errlen, zh, zhlen, zt,
                        "dispute.result: a judgment setting the reinstatement aside is "
                        "employer_won (the termination was lawful) or employee_won (unlawful, "
                        "compensation instead of the contract going on, LCL Art. 87), not '%s'",
                        *d->result ? d->result : "pending");
    }
    if (!*date || !*ref)
        return s_refuse(err, errlen, zh, zhlen,
                        "撤销裁决的判决须写明判决日期（award_date）和判决案号（award_ref）。",
                        "dispute.%s: required with sets_aside: the %s of the judgment that sets "
                        "the award aside",
                        !*date ? "award_date" : "award_ref", !*date ? "day" : "reference (案号)");
    if (!strcmp(ref, r->award_ref))
        return s_refuse(
            err, errlen, zh, zhlen,
            "判决案号（award_ref）应为撤销裁决的判决本身的案号，而不是被撤销的裁决的案号。",
            "dispute.award_ref: the judgment's own reference, not that of the award "
            "it sets aside (%s)",
            r->award_ref);
    int32_t day = 0, award = 0;
    if (hr_date_parse(date, &day) && hr_date_parse(r->award_date, &award) && day < award) {
        snprintf(zt, sizeof zt, "判决日期 %s 早于其撤销的裁决 %s 的日期 %s。", date, r->award_ref,
                 r->award_date);
        return s_refuse(err, errlen, zh, zhlen, zt,
                        "dispute.award_date: %s is before the award %s of %s it sets aside", date,
                        r->award_ref, r->award_date);
    }
    return HR_OK;
}

char *wf_dispute_summary(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                         const hr_calendar_t *cal, hr_arena_t *arena)
{
    char *s =
        hr_arena_fmt(arena, "%s%s, result %s, amount %lld.%02lld yuan",
                     d->arbitration_filed ? "arbitration filed " : "not filed",
                     d->arbitration_filed ? d->filed_date : "", *d->result ? d->result : "pending",
                     (long long)(d->amount_fen / 100), (long long)(d->amount_fen % 100));
    if (d->filed_after_limit)
        s = hr_arena_fmt(arena,
                         "%s; filed after the arbitration limit %s: the employer may raise the "
                         "time bar (LDMAL Art. 27), the committee decides",
                         s, wf_dispute_limit_date(c, cal, arena));
    int year = d->filed_after_limit ? 0 : wf_dispute_limit_unsure(c, d, cal);
    if (year)
        s = hr_arena_fmt(arena,
                         "%s; filed after %s, a year from the notice, in days %d's holiday notice "
                         "(not in the company calendar) may make days off: whether it is in time "
                         "depends on that notice (Civil Code Art. 203): check it before raising "
                         "the time bar",
                         s, s_raw_date(c, arena), year);
    if (d->award_date && *d->award_date)
        s = hr_arena_fmt(arena, "%s; award %s of %s", s, d->award_ref ? d->award_ref : "",
                         d->award_date);
    if (d->sets_aside && *d->sets_aside)
        s = hr_arena_fmt(arena, "%s; sets aside award %s: the reinstatement does not stand", s,
                         d->sets_aside);
    if (!strcmp(d->result, WF_REINSTATED))
        s = hr_arena_fmt(arena,
                         "%s: the contract continues (LCL Art. 48, 恢复劳动关系/继续履行), the "
                         "termination is void",
                         s);
    size_t used = strlen(s) + sizeof "; note: ";
    if (*d->note && used < WF_TEXT_MAX) {
        size_t len = hr_utf8_cut(d->note, strnlen(d->note, WF_TEXT_MAX - used));
        s = hr_arena_fmt(arena, "%s; note: %.*s", s, (int)len, d->note);
    }
    return s;
}

void wf_dispute_limit_problem(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                              const hr_calendar_t *cal, hr_arena_t *arena, wf_problem_t *out)
{
    const char *limit = wf_dispute_limit_date(c, cal, arena);
    *out = (wf_problem_t){
        "ARBITRATION_LIMIT_PASSED",
        "filed_date",
        "LDMAL Art. 27",
        hr_arena_fmt(arena,
                     "仲裁申请日 %s 晚于仲裁时效届满日 %s（《劳动争议调解仲裁法》第二十七条）："
                     "已记录；用人单位可以提出时效抗辩，由仲裁委员会决定。",
                     d->filed_date, limit),
        hr_arena_fmt(arena,
                     "Filed %s, after the arbitration limit %s (LDMAL Art. 27): recorded; the "
                     "employer may raise the time bar, the arbitration committee decides.",
                     d->filed_date, limit),
    };
}

void wf_dispute_unsure_problem(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                               const hr_calendar_t *cal, hr_arena_t *arena, wf_problem_t *out)
{
    const char *limit = s_raw_date(c, arena);
    int year = wf_dispute_limit_unsure(c, d, cal);
    *out = (wf_problem_t){
        "ARBITRATION_LIMIT_UNSURE",
        "filed_date",
        "LDMAL Art. 27; Civil Code Art. 203",
        hr_arena_fmt(arena,
                     "仲裁申请日 %s 在仲裁时效一年期满日 %s 之后，但其间的日子可能因国务院办公厅"
                     "%d年部分节假日安排（公司日历尚未收入）成为法定休假日：期间最后一日是法定休"
                     "假日的，以法定休假日结束的次日为期间的最后一日（《民法典》第二百零三条）。"
                     "是否超过时效取决于该通知：请核对%d年的通知后再决定是否提出时效抗辩。",
                     d->filed_date, limit, year, year),
        hr_arena_fmt(arena,
                     "Filed %s, after %s, a year from the notice (LDMAL Art. 27), but the days "
                     "between may be rest days or holidays under the State Council's holiday "
                     "notice for %d, which the company calendar does not have: a period whose "
                     "last day is a rest day or holiday ends on the day after them (Civil Code "
                     "Art. 203). Whether the filing is in time depends on that notice: check the "
                     "notice for %d before raising the time bar.",
                     d->filed_date, limit, year, year),
    };
}
