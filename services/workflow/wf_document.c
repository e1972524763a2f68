/*  wf_document - the closing documents: the termination certificate and the termination notice.
 *
 *  A document is a company's template file (plain UTF-8 text with {placeholder} fields, one per
 *  kind and language) filled from the case, the employee's directory record, hr_law's ground
 *  table and the company's name and address. Pure: the server reads the files and the store,
 *  this file only checks templates and computes and substitutes the values; "today" comes in as
 *  now_ms. The certificate carries what Reg. Art. 24 requires (contract term, end date,
 *  position, years of service) and no ground: it is the paper the employee shows the next
 *  employer. The notice carries the ground in the statute's words with its article and the
 *  case's reasons, notice or pay in lieu, the severance the review stored with its basis, the
 *  union, the Art. 50 duties and the arbitration limit.
 *
 *  Both say 解除 (rescission) or 终止 (termination) as the statute does: Arts. 36-41 rescind a
 *  contract, Art. 44 ends it. hr_law's ground table says which (law_ground_t.ending); an
 *  agreement signed as the outcome is a rescission by agreement (Art. 36) whatever ground the
 *  case was opened on.
 *
 *  A value the case cannot give (no position in the directory, no contract start) is never an
 *  empty gap: the text shows a marker naming the field and the reply lists it, so HR completes
 *  the directory or the letter before it is signed. `{{` and `}}` write a brace.
 */
#include "wf.h"

#include <stdarg.h>

#define S_LCL_ZH "《中华人民共和国劳动合同法》"
#define S_LCL_EN "the Labour Contract Law"
#define S_MONEY_MAX 48 // "1,000,000,000.00" with a unit, with room

static const char *const s_kinds[WF_DOC_KIND_COUNT] = {"certificate", "notice", "union_notice"};
static const char *const s_langs[WF_DOC_LANG_COUNT] = {"zh", "en"};

// Every placeholder a template may use, in wf_doc_field_t order.
static const char *const s_fields[WF_DOC_FIELD_COUNT] = {
    [WF_DOC_F_COMPANY_NAME] = "company_name",
    [WF_DOC_F_COMPANY_ADDRESS] = "company_address",
    [WF_DOC_F_CASE_ID] = "case_id",
    [WF_DOC_F_DATE] = "date",
    [WF_DOC_F_EMPLOYEE_NAME] = "employee_name",
    [WF_DOC_F_EMPLOYEE_NO] = "employee_no",
    [WF_DOC_F_DEPARTMENT] = "department",
    [WF_DOC_F_POSITION] = "position",
    [WF_DOC_F_HIRE_DATE] = "hire_date",
    [WF_DOC_F_CONTRACT_TYPE] = "contract_type",
    [WF_DOC_F_CONTRACT_START] = "contract_start",
    [WF_DOC_F_CONTRACT_END] = "contract_end",
    [WF_DOC_F_CONTRACT_TERM] = "contract_term",
    [WF_DOC_F_EFFECTIVE_DATE] = "effective_date",
    [WF_DOC_F_SERVICE_YEARS] = "service_years",
    [WF_DOC_F_GROUND_CODE] = "ground_code",
    [WF_DOC_F_GROUND_TITLE] = "ground_title",
    [WF_DOC_F_GROUND_ARTICLE] = "ground_article",
    [WF_DOC_F_NOTICE_DATE] = "notice_date",
    [WF_DOC_F_NOTICE_TERMS] = "notice_terms",
    [WF_DOC_F_NOTICE_PAY] = "notice_pay",
    [WF_DOC_F_SEVERANCE] = "severance",
    [WF_DOC_F_SEVERANCE_TERMS] = "severance_terms",
    [WF_DOC_F_UNION_TERMS] = "union_terms",
    [WF_DOC_F_CERTIFICATE_DATE] = "certificate_date",
    [WF_DOC_F_TRANSFER_DATE] = "transfer_date",
    [WF_DOC_F_ARBITRATION_LIMIT] = "arbitration_limit_date",
    [WF_DOC_F_ARBITRATION_FROM] = "arbitration_limit_from",
    [WF_DOC_F_TITLE] = "title",
    [WF_DOC_F_ENDING] = "ending",
    [WF_DOC_F_ENDED] = "ended",
    [WF_DOC_F_ENDING_MANNER] = "ending_manner",
    [WF_DOC_F_ISSUE_DATE] = "issue_date",
    [WF_DOC_F_REASON] = "reason",
    [WF_DOC_F_GROUND_TEXT] = "ground_text",
    [WF_DOC_F_PROBATION_START] = "probation_start",
    [WF_DOC_F_PROBATION_END] = "probation_end",
    [WF_DOC_F_PROBATION_TERMS] = "probation_terms",
    [WF_DOC_F_ID_NO] = "id_no",
    [WF_DOC_F_UNION_NAME] = "union_name",
    [WF_DOC_F_OPINION_BY] = "opinion_by",
    [WF_DOC_F_NOTICE_HEADING] = "notice_heading",
};

const char *wf_doc_kind_name(wf_doc_kind_t kind)
{
    return kind < WF_DOC_KIND_COUNT ? s_kinds[kind] : NULL;
}

const char *wf_doc_lang_name(wf_doc_lang_t lang)
{
    return lang < WF_DOC_LANG_COUNT ? s_langs[lang] : NULL;
}

bool wf_doc_kind_parse(const char *s, wf_doc_kind_t *out)
{
    for (int i = 0; s && i < WF_DOC_KIND_COUNT; i++)
        if (!strcmp(s, s_kinds[i])) {
            *out = (wf_doc_kind_t)i;
            return true;
        }
    return false;
}

bool wf_doc_lang_parse(const char *s, wf_doc_lang_t *out)
{
    for (int i = 0; s && i < WF_DOC_LANG_COUNT; i++)
        if (!strcmp(s, s_langs[i])) {
            *out = (wf_doc_lang_t)i;
            return true;
        }
    return false;
}

const char *wf_doc_field_name(wf_doc_field_t f)
{
    return f < WF_DOC_FIELD_COUNT ? s_fields[f] : NULL;
}

static int s_field_find(const char *name, size_t len)
{
    for (int i = 0; i < WF_DOC_FIELD_COUNT; i++)
        if (strlen(s_fields[i]) == len && !memcmp(s_fields[i], name, len))
            return i;
    return -1;
}

static bool s_name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

// The placeholder name starting at text[i] (after '{'): its length when it is a name closed by
// '}' within end, else 0.
static size_t s_name_len(const char *text, size_t i, size_t end)
{
    size_t n = 0;
    while (i + n < end && n <= WF_DOC_NAME_MAX && s_name_char(text[i + n]))
        n++;
    return n && n <= WF_DOC_NAME_MAX && i + n < end && text[i + n] == '}' ? n : 0;
}

hr_rc_t wf_doc_check(const char *text, size_t len, char *err, size_t errlen)
{
    if (len > WF_DOC_TEXT_MAX) {
        snprintf(err, errlen, "larger than %d bytes", WF_DOC_TEXT_MAX);
        return HR_EINVAL;
    }
    if (!hr_utf8_is_valid(text, len) || memchr(text, '\0', len)) {
        snprintf(err, errlen, "not UTF-8 text");
        return HR_EINVAL;
    }
    // A control or bidi character would rewrite or reorder what the letter says; a CR before a
    // LF (a file saved on Windows) is only a line end.
    for (size_t off = 0; off < len;) {
        uint32_t cp = 0;
        size_t at = off + hr_utf8_find_unsafe(text + off, len - off, HR_UTF8_ALLOW_TEXT, &cp);
        if (at >= len)
            break;
        if (text[at] == '\r' && at + 1 < len && text[at + 1] == '\n') {
            off = at + 1;
            continue;
        }
        unsigned at_line = 1;
        for (size_t i = 0; i < at; i++)
            at_line += text[i] == '\n';
        char name[HR_UTF8_UNSAFE_NAME_LEN];
        snprintf(err, errlen, "line %u: holds %s (a letter holds only text, line feeds and tabs)",
                 at_line, hr_utf8_unsafe_name(cp, name));
        return HR_EINVAL;
    }
    unsigned line = 1;
    size_t fields = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            line++;
        } else if (text[i] == '{' && i + 1 < len && text[i + 1] == '{') {
            i++;
        } else if (text[i] == '{') {
            size_t n = s_name_len(text, i + 1, len);
            if (!n) {
                snprintf(err, errlen,
                         "line %u: '{' opens no placeholder (a name of a-z, 0-9 and _ closed by "
                         "'}'; write {{ for a brace)",
                         line);
                return HR_EINVAL;
            }
            if (s_field_find(text + i + 1, n) < 0) {
                snprintf(err, errlen, "line %u: unknown placeholder {%.*s}", line, (int)n,
                         text + i + 1);
                return HR_EINVAL;
            }
            if (++fields > WF_DOC_FIELDS_MAX) {
                snprintf(err, errlen, "line %u: more than %d placeholders", line,
                         WF_DOC_FIELDS_MAX);
                return HR_EINVAL;
            }
            i += n + 1;
        }
    }
    return HR_OK;
}

// True when tpl has a placeholder for one of the n fields in fs.
static bool s_names_any(const char *tpl, const wf_doc_field_t *fs, size_t nf)
{
    size_t len = strlen(tpl);
    for (size_t i = 0; i < len; i++) {
        if (tpl[i] != '{')
            continue;
        if (i + 1 < len && tpl[i + 1] == '{') {
            i++;
            continue;
        }
        size_t n = s_name_len(tpl, i + 1, len);
        int f = n ? s_field_find(tpl + i + 1, n) : -1;
        for (size_t k = 0; k < nf; k++)
            if (f == (int)fs[k])
                return true;
    }
    return false;
}

bool wf_doc_names_ending(const char *tpl)
{
    static const wf_doc_field_t fs[] = {WF_DOC_F_TITLE, WF_DOC_F_ENDING, WF_DOC_F_ENDED,
                                        WF_DOC_F_ENDING_MANNER};
    return s_names_any(tpl, fs, HR_ARRAY_LEN(fs));
}

// ---------------------------------------------------------------------------------------------
// When each document may be made

static bool s_ends_employment(Hr__Workflow__OutcomeKind kind)
{
    return kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED ||
           kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
}

static const char *s_stage(const Hr__Workflow__Case *c)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    return cur ? cur->key : "-";
}

static const char *s_stage_zh(const Hr__Workflow__Case *c)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    return cur && cur->title_zh && *cur->title_zh ? cur->title_zh : "-";
}

// The case's ground as the Chinese half names it: its title (固定期限劳动合同期满终止), never the
// code; a code hr_law does not know as it is.
static const char *s_ground_zh(const Hr__Workflow__Case *c)
{
    const law_ground_t *g = law_ground_find(c->ground);
    return g ? g->title_zh : c->ground;
}

// The Chinese name of a document kind, as a refusal says it when no case decides the ending
// (LCL Art. 50: 出具解除或者终止劳动合同的证明).
static const char *const s_kinds_zh[WF_DOC_KIND_COUNT] = {
    "解除（终止）劳动合同的证明", "解除（终止）劳动合同通知书", "解除劳动合同通知工会函"};

const char *wf_doc_kind_zh(wf_doc_kind_t kind)
{
    return kind < WF_DOC_KIND_COUNT ? s_kinds_zh[kind] : NULL;
}

const char *wf_doc_case_kind_zh(const Hr__Workflow__Case *c, wf_doc_kind_t kind)
{
    static const char *const names[2][3] = {
        {"解除劳动合同的证明", "终止劳动合同的证明", "解除（终止）劳动合同的证明"},
        {"解除劳动合同通知书", "终止劳动合同通知书", "解除（终止）劳动合同通知书"},
    };
    if (kind != WF_DOC_CERTIFICATE && kind != WF_DOC_NOTICE)
        return wf_doc_kind_zh(kind);
    wf_doc_end_t end = wf_doc_end(c);
    int k = end == WF_DOC_END_UNKNOWN ? 2 : end == WF_DOC_END_TERMINATED ? 1 : 0;
    return names[kind == WF_DOC_NOTICE][k];
}

// The union's letter (LCL 43): for a rescission by the employer alone (Arts. 39, 40, 41), from
// the day the case is open to its close - beforehand, or to cure a missing notice before the
// employee sues (Interp. I Art. 47).
static hr_rc_t s_union_allowed(const Hr__Workflow__Case *c, char *err, size_t errlen, char *zh,
                               size_t zhlen)
{
    const law_ground_t *g = law_ground_find(c->ground);
    if (g && law_ground_is_unilateral(g) &&
        !(c->outcome &&
          c->outcome->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED))
        return HR_OK;
    snprintf(err, errlen,
             "case %s: ground %s is not a rescission by the employer alone (LCL Art. 39, 40, 41): "
             "Art. 43 (notifying the union of the reasons beforehand) does not apply, no letter to "
             "the union",
             c->id, c->ground);
    wf_zh_put(zh, zhlen,
              "案件 %s 的依据“%s”不是用人单位单方解除劳动合同（第三十九条、第四十条、第四十一条）："
              "不适用第四十三条关于事先将理由通知工会的规定，无需出具通知工会函。",
              c->id, s_ground_zh(c));
    return HR_ECONFLICT;
}

hr_rc_t wf_doc_allowed(const Hr__Workflow__Case *c, wf_doc_kind_t kind, char *err, size_t errlen,
                       char *zh, size_t zhlen)
{
    Hr__Workflow__OutcomeKind outcome =
        c->outcome ? c->outcome->kind : HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_UNSPECIFIED;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN) {
        snprintf(err, errlen, "case %s was withdrawn: the contract goes on, no %s", c->id,
                 s_kinds[kind]);
        wf_zh_put(zh, zhlen, "案件 %s 已撤回：劳动合同继续履行，不出具%s。", c->id,
                  wf_doc_case_kind_zh(c, kind));
        return HR_ECONFLICT;
    }
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED) {
        snprintf(err, errlen,
                 "case %s was rescinded: the termination notice was revoked with the employee's "
                 "agreement on %s and the employment goes on - the contract was neither "
                 "rescinded (解除) nor terminated (终止) - so no %s (no Art. 50 duty is owed)",
                 c->id, c->rescission ? c->rescission->agreement_date : "?", s_kinds[kind]);
        wf_zh_put(zh, zhlen,
                  "案件 %s 的%s劳动合同通知已于 %s 经员工同意撤销，劳动关系继续：合同既未解除也未"
                  "终止，不出具%s（也不产生第五十条的离职手续）。",
                  c->id, wf_doc_ending_word(c, WF_DOC_ZH, false),
                  c->rescission ? c->rescission->agreement_date : "?",
                  wf_doc_case_kind_zh(c, kind));
        return HR_ECONFLICT;
    }
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED) {
        snprintf(err, errlen, "case %s: its state (%d) ends no contract: no %s", c->id,
                 (int)c->state, s_kinds[kind]);
        wf_zh_put(zh, zhlen, "案件 %s 的状态（%d）不会结束劳动合同：不出具%s。", c->id,
                  (int)c->state, wf_doc_case_kind_zh(c, kind));
        return HR_ECONFLICT;
    }
    if (kind == WF_DOC_UNION_NOTICE)
        return s_union_allowed(c, err, errlen, zh, zhlen);
    if (kind == WF_DOC_CERTIFICATE) {
        // LCL Art. 50: owed once the contract ends, and never held back for the handover.
        if (s_ends_employment(outcome))
            return HR_OK;
        snprintf(err, errlen,
                 "case %s is at '%s': the certificate follows an outcome that ends the contract "
                 "(agreement signed or notice served; LCL Art. 50), and none is recorded",
                 c->id, s_stage(c));
        wf_zh_put(
            zh, zhlen,
            "案件 %s 在「%s」阶段：%s在记录了结束合同的结果（协议签订或通知送达，《劳动"
            "合同法》第五十条）之后出具，目前尚未记录。请先由 HR 记录结果：hrctl case outcome "
            "%s agreement_signed|notice_served 日期。",
            c->id, s_stage_zh(c), wf_doc_case_kind_zh(c, kind), c->id);
        return HR_ECONFLICT;
    }
    const law_ground_t *g = law_ground_find(c->ground);
    if (!g || (!law_ground_is_unilateral(g) && g->ending != LAW_ENDING_TERMINATION)) {
        snprintf(err, errlen,
                 "case %s: ground %s is not a dismissal by the employer (LCL Art. 39, 40, 41) nor "
                 "an ending on expiry (Art. 44): no notice; a contract rescinded by agreement "
                 "(Art. 36) ends on the signed agreement, which is its document",
                 c->id, c->ground);
        wf_zh_put(zh, zhlen,
                  "案件 %s 的依据“%s”既不是用人单位单方解除（第三十九条、第四十条、第四十一条），"
                  "也不是期满终止（第四十四条）：没有解除通知书；协商解除（第三十六条）以双方签"
                  "订的协议为准。",
                  c->id, s_ground_zh(c));
        return HR_ECONFLICT;
    }
    if (outcome == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED)
        return HR_OK;
    if (outcome != HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_UNSPECIFIED) {
        snprintf(err, errlen, "case %s: its outcome is not a notice served: no notice", c->id);
        wf_zh_put(zh, zhlen, "案件 %s 的结果不是送达%s劳动合同通知：没有%s。", c->id,
                  wf_doc_ending_word(c, WF_DOC_ZH, false), wf_doc_case_kind_zh(c, kind));
        return HR_ECONFLICT;
    }
    // Before the outcome the notice is the letter HR is about to serve: only once the review
    // found the dismissal lawful and the superior approved it when asked (the case is at
    // prepare, interview or outcome); served, it is the evidence the outcome rests on.
    const char *stage = s_stage(c);
    bool reviewed = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
                    (!strcmp(stage, WF_STEP_PREPARE) || !strcmp(stage, WF_STEP_INTERVIEW) ||
                     !strcmp(stage, WF_STEP_OUTCOME));
    if (reviewed && c->assessment && c->assessment->lawful)
        return HR_OK;
    snprintf(err, errlen,
             "case %s is at '%s': the notice is made once HR review has found the dismissal "
             "lawful (and the superior approved it when asked), from the prepare stage on",
             c->id, stage);
    wf_zh_put(zh, zhlen,
              "案件 %s 在「%s」阶段：%s要在 HR 审核认定%s合法（需上级审批的已审批）之后、从"
              "安排面谈阶段起才能生成。",
              c->id, s_stage_zh(c), wf_doc_case_kind_zh(c, kind),
              wf_doc_ending_word(c, WF_DOC_ZH, false));
    return HR_ECONFLICT;
}

wf_doc_end_t wf_doc_end(const Hr__Workflow__Case *c)
{
    const law_ground_t *g = law_ground_find(c->ground);
    if (!g)
        return WF_DOC_END_UNKNOWN;
    if (g->ending == LAW_ENDING_TERMINATION)
        return WF_DOC_END_TERMINATED;
    if (g->family == LAW_FAMILY_MUTUAL ||
        (c->outcome &&
         c->outcome->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED))
        return WF_DOC_END_BY_AGREEMENT;
    return WF_DOC_END_BY_EMPLOYER;
}

hr_rc_t wf_doc_fits(const char *tpl, const Hr__Workflow__Case *c, wf_doc_kind_t kind, char *err,
                    size_t errlen, char *zh, size_t zhlen)
{
    if (kind != WF_DOC_NOTICE || wf_doc_end(c) != WF_DOC_END_TERMINATED)
        return HR_OK;
    if (!wf_doc_names_ending(tpl)) {
        snprintf(
            err, errlen,
            "case %s: ground %s ends the contract (终止, LCL Art. 44), but the notice template "
            "names no ending ({title}, {ending}, {ended} or {ending_manner}) and would say 解除 "
            "(rescission); update the template (deploy/config/documents has one) and restart",
            c->id, c->ground);
        wf_zh_put(
            zh, zhlen,
            "案件 %s 的依据“%s”是劳动合同终止（《劳动合同法》第四十四条），但通知书模板没有写明"
            "结束方式（{title}、{ending}、{ended} 或 {ending_manner}），生成的通知书会写成“解除”："
            "请系统管理员更新模板（deploy/config/documents 中有范本）后重启 hr-workflow。",
            c->id, s_ground_zh(c));
        return HR_ECONFLICT;
    }
    // A template from before {arbitration_limit_from} says its own words for where the limit
    // runs from - the notice's - next to a date counted from the contract's end.
    static const wf_doc_field_t limit[] = {WF_DOC_F_ARBITRATION_LIMIT};
    static const wf_doc_field_t from[] = {WF_DOC_F_ARBITRATION_FROM};
    if (s_names_any(tpl, limit, 1) && !s_names_any(tpl, from, 1)) {
        snprintf(err, errlen,
                 "case %s: ground %s ends the contract (终止, LCL Art. 44): the arbitration limit "
                 "runs from the contract's end, but the notice template states "
                 "{arbitration_limit_date} without {arbitration_limit_from}, which says from "
                 "when; update the template (deploy/config/documents has one) and restart",
                 c->id, c->ground);
        wf_zh_put(
            zh, zhlen,
            "案件 %s 的依据“%s”是劳动合同终止（《劳动合同法》第四十四条），仲裁时效自合同终止之日"
            "起算，但通知书模板写了 {arbitration_limit_date} 却没有写 {arbitration_limit_from}"
            "（从何时起算）：请系统管理员更新模板（deploy/config/documents 中有范本）后重启 "
            "hr-workflow。",
            c->id, s_ground_zh(c));
        return HR_ECONFLICT;
    }
    return HR_OK;
}

// ---------------------------------------------------------------------------------------------
// Dates
//
// One source of truth for the days a letter states. After the outcome: the outcome's (the day
// the notice was served, the contract's last day). Before it: the review's plan, or the days HR
// gives - each taken as given once checked, or refused naming both days; a day is never moved
// or reckoned anew without HR saying so (the letter and case show would then differ).

hr_rc_t wf_doc_union_day(const Hr__Workflow__Case *c, const char *want_served, int32_t today,
                         int32_t *day, char *err, size_t errlen, char *zh, size_t zhlen)
{
    const Hr__Workflow__Outcome *o = c->outcome && *c->outcome->served_date ? c->outcome : NULL;
    const Hr__Workflow__Assessment *as = c->assessment;
    char why[HR_DATE_WHY_LEN], a[HR_DATE_LEN], b[HR_DATE_LEN], t[HR_DATE_LEN];
    int32_t iv = 0;
    *day = 0;
    if (want_served && *want_served) {
        if (!hr_date_parse(want_served, day)) {
            snprintf(err, errlen, "served_date: '%.32s' %s", want_served,
                     hr_date_why(want_served, why, sizeof why));
            wf_zh_put(zh, zhlen,
                      "拟送达日期（served_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                      want_served);
            return HR_EINVAL;
        }
        // A letter after the notice was served (a cure, Interp. I Art. 47) states that day.
        if (o && strcmp(want_served, o->served_date)) {
            snprintf(err, errlen,
                     "served_date: case %s's notice was served on %s (the outcome): the union's "
                     "letter states that day, not %s",
                     c->id, o->served_date, want_served);
            wf_zh_put(zh, zhlen,
                      "案件 %s 的解除通知已于 %s 送达（已记录的结果）：通知工会函只能写明该日，不能"
                      "写 %s。请去掉 --served 或改为 %s。",
                      c->id, o->served_date, want_served, o->served_date);
            return HR_EINVAL;
        }
        if (!o && *day < today) {
            snprintf(err, errlen,
                     "served_date: %s is before today: the union is told the reasons before the "
                     "rescission (LCL 43)",
                     want_served);
            wf_zh_put(zh, zhlen,
                      "拟送达日期（served_date）%s 早于今天：工会须在解除之前收到理由（《中华人民"
                      "共和国劳动合同法》第四十三条），请写今天或以后的日期。",
                      want_served);
            return HR_EINVAL;
        }
    } else if (o) {
        if (!hr_date_parse(o->served_date, day))
            *day = 0;
        return HR_OK;
    } else if (c->union_record && *c->union_record->notice_proposed_date) {
        // The letter the union received (its notice recorded) proposed this day: a reprint
        // states it, checked when it was made, whatever the plan says or today is.
        if (!hr_date_parse(c->union_record->notice_proposed_date, day))
            *day = 0;
        return HR_OK;
    } else if (!as || !*as->notice_date || !hr_date_parse(as->notice_date, day)) {
        *day = 0; // no plan: the letter shows the gap for HR to fill (--served)
        return HR_OK;
    } else if (*day < today) {
        int32_t first = wf_interview_is_after(c->interview, today - 1, &iv) ? iv + 1 : today;
        snprintf(err, errlen,
                 "served_date: the review's notice day %s has passed (today is %s): the union's "
                 "letter proposes a day to come; give it: hrctl case document %s union_notice "
                 "--served %s",
                 as->notice_date, hr_date_format(today, t), c->id, hr_date_format(first, a));
        wf_zh_put(zh, zhlen,
                  "案件 %s 审核时计划的通知日 %s 已过（今天是 %s）：通知工会函写明的是拟送达解除"
                  "通知的日期，请写明新的日期：hrctl case document %s union_notice --served %s。",
                  c->id, as->notice_date, t, c->id, a);
        return HR_ECONFLICT;
    }
    // The employee is heard at the interview before the employer decides; the union's view is
    // asked for by the day before the notice (LCL 43), so the notice day falls after the
    // interview's: never a letter proposing to dismiss before the employee was heard.
    if (o || !wf_interview_is_after(c->interview, *day - 1, &iv))
        return HR_OK;
    bool given = want_served && *want_served;
    hr_date_format(*day, a);
    hr_date_format(iv + 1 > today ? iv + 1 : today, b);
    snprintf(err, errlen,
             "served_date: %s%s is not after the interview on %s: the union's letter proposes to "
             "serve the notice once the employee was heard and the union's opinion asked for by "
             "the day before (LCL 43); propose %s or later (hrctl case document %s union_notice "
             "--served %s)",
             given ? "" : "the review's notice day ", a, c->interview->date, b, c->id, b);
    wf_zh_put(zh, zhlen,
              "%s%s 不晚于面谈日期 %s：通知工会函拟定的解除通知送达日须在面谈听取员工陈述之后，"
              "并请工会于其前一日提出意见（《中华人民共和国劳动合同法》第四十三条）。请写明 %s "
              "或以后的日期：hrctl case document %s union_notice --served %s。",
              given ? "拟送达日期（served_date）" : "审核时计划的通知日 ", a, c->interview->date, b,
              c->id, b);
    *day = 0;
    return given ? HR_EINVAL : HR_ECONFLICT;
}

hr_rc_t wf_doc_notice_days(const Hr__Workflow__Case *c, const char *want_served,
                           const char *want_effective, const int32_t *planned, int32_t today,
                           int32_t *served, int32_t *effective, char *err, size_t errlen, char *zh,
                           size_t zhlen)
{
    const Hr__Workflow__Assessment *as = c->assessment;
    int32_t planned_end = 0, iv = 0;
    bool has_end = as && hr_date_parse(as->effective_date, &planned_end);
    bool expiry = wf_ground_is_expiry(law_ground_find(c->ground));
    int32_t period = planned && has_end && planned_end >= *planned ? planned_end - *planned : 0;
    bool want_s = want_served && *want_served, want_e = want_effective && *want_effective;
    char why[HR_DATE_WHY_LEN], a[HR_DATE_LEN], b[HR_DATE_LEN], t[HR_DATE_LEN], f[HR_DATE_LEN];
    *served = *effective = 0;
    if (want_s && !hr_date_parse(want_served, served)) {
        snprintf(err, errlen, "served_date: '%.32s' %s", want_served,
                 hr_date_why(want_served, why, sizeof why));
        wf_zh_put(zh, zhlen, "送达日期（served_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  want_served);
        return HR_EINVAL;
    }
    if (want_e && !hr_date_parse(want_effective, effective)) {
        snprintf(err, errlen, "effective_date: '%.32s' %s", want_effective,
                 hr_date_why(want_effective, why, sizeof why));
        wf_zh_put(zh, zhlen,
                  "合同终止日期（effective_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。",
                  want_effective);
        return HR_EINVAL;
    }
    // The remedy names the first day a notice can be served: today, or the interview's day.
    int32_t first = wf_interview_is_after(c->interview, today, &iv) ? iv : today;
    if (!want_s && (!planned || *planned < today)) {
        const char *pl = planned ? hr_date_format(*planned, a) : "no day";
        hr_date_format(today, t);
        hr_date_format(first, f);
        hr_date_format(expiry && has_end ? planned_end : first + period, b);
        snprintf(err, errlen,
                 "case %s: the review's notice day %s has passed (today is %s); a notice is not "
                 "backdated: hrctl case document %s notice --served %s --effective %s",
                 c->id, pl, t, c->id, f, b);
        wf_zh_put(zh, zhlen,
                  "案件 %s 审核时计划的通知日 %s 已过（今天是 %s），解除通知不能倒签：请写明新的"
                  "日期生成，hrctl case document %s notice --served %s --effective %s。",
                  c->id, planned ? pl : "（无）", t, c->id, f, b);
        return HR_ECONFLICT;
    }
    if (!want_s)
        *served = *planned;
    if (*served < today) {
        hr_date_format(*served, a);
        hr_date_format(today, t);
        snprintf(err, errlen,
                 "served_date: %s is before today (%s): a notice is dated the day it is served, "
                 "never backdated (a notice already served is recorded with hrctl case outcome)",
                 a, t);
        wf_zh_put(zh, zhlen,
                  "送达日期 %s 早于今天（%s）：解除通知以送达当天为日期，不能倒签；已经送达的通知"
                  "请用 hrctl case outcome 记录。",
                  a, t);
        return HR_EINVAL;
    }
    if (wf_interview_is_after(c->interview, *served, &iv)) { // as the outcome checks it
        hr_date_format(*served, a);
        hr_date_format(iv, b);
        snprintf(err, errlen, "served_date: %s is before the interview on %s", a, b);
        wf_zh_put(zh, zhlen,
                  "送达日期 %s 早于面谈日期 %s：解除通知应在面谈之后送达、协议在面谈之后签订，请"
                  "核对日期。",
                  a, b);
        return HR_EINVAL;
    }
    if (!want_e && !has_end) {
        snprintf(err, errlen, "effective_date: required (the review planned no end date)");
        wf_zh_put(zh, zhlen, "审核时没有计划合同终止日期：请加 --effective YYYY-MM-DD 写明。");
        return HR_EINVAL;
    }
    if (want_e)
        return HR_OK;
    // The contract's end HR did not give is the review's: its end on the review's notice day,
    // the contract's own end on expiry. A notice on another day than the review's would need an
    // end reckoned anew, which neither the review nor HR stated: HR gives it.
    if (!expiry && (!planned || *served != *planned)) {
        hr_date_format(*served, a);
        hr_date_format(planned_end, b);
        hr_date_format(*served + period, f);
        const char *pl = planned ? hr_date_format(*planned, t) : "no day";
        snprintf(err, errlen,
                 "effective_date: the notice served on %s is not on the review's notice day %s "
                 "(the review ends the contract on %s): the end is not reckoned anew from another "
                 "day; give it (hrctl case document %s notice --served %s --effective %s keeps the "
                 "review's notice period), or review again with the new days",
                 a, pl, b, c->id, a, f);
        wf_zh_put(zh, zhlen,
                  "送达日期 %s 不是 HR 审核时计划的通知日 %s（审核确定的合同终止日期为 %s）：终止"
                  "日期不会按另一个送达日自动推算，请一并写明（hrctl case document %s notice "
                  "--served %s --effective %s 保持审核时的通知期），或按新的日期重新审核。",
                  a, planned ? t : "（无）", b, c->id, a, f);
        return HR_ECONFLICT;
    }
    *effective = planned_end;
    return HR_OK;
}

// ---------------------------------------------------------------------------------------------
// Values

// hr_law's article ("LCL 40(2)") as the statute is cited, the legislature's way (no brackets,
// Chinese numerals): 《中华人民共和国劳动合同法》第四十条第二项 / "Article 40(2) of the Labour
// Contract Law".
// Anything else is given as it is.
static char *s_article(const char *article, wf_doc_lang_t lang, hr_arena_t *arena)
{
    int art = 0, item = 0;
    char tail = 0;
    int n = sscanf(article, "LCL %d(%d%c", &art, &item, &tail);
    if (n < 1 || (n >= 2 && tail != ')'))
        return hr_arena_strdup(arena, article);
    char a[LAW_ZH_NUMBER_MAX], b[LAW_ZH_NUMBER_MAX];
    if (lang == WF_DOC_EN)
        return n >= 2 ? hr_arena_fmt(arena, "Article %d(%d) of %s", art, item, S_LCL_EN)
                      : hr_arena_fmt(arena, "Article %d of %s", art, S_LCL_EN);
    return n >= 2 ? hr_arena_fmt(arena, "%s第%s条第%s项", S_LCL_ZH, law_zh_number(art, a, sizeof a),
                                 law_zh_number(item, b, sizeof b))
                  : hr_arena_fmt(arena, "%s第%s条", S_LCL_ZH, law_zh_number(art, a, sizeof a));
}

char *wf_doc_date(int32_t day, wf_doc_lang_t lang, hr_arena_t *arena)
{
    int y, m, d;
    if (lang == WF_DOC_EN) {
        char buf[HR_DATE_LEN];
        return hr_arena_strdup(arena, hr_date_format(day, buf));
    }
    hr_date_to_ymd(day, &y, &m, &d);
    return hr_arena_fmt(arena, "%d年%d月%d日", y, m, d);
}

char *wf_doc_money(int64_t fen, wf_doc_lang_t lang, hr_arena_t *arena)
{
    uint64_t abs = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = abs / LAW_FEN_PER_YUAN;
    char digits[32], grouped[S_MONEY_MAX];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)yuan);
    size_t o = 0;
    for (int i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0)
            grouped[o++] = ',';
        grouped[o++] = digits[i];
    }
    grouped[o] = '\0';
    unsigned cents = (unsigned)(abs % LAW_FEN_PER_YUAN);
    const char *sign = fen < 0 ? "-" : "";
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(arena, "CNY %s%s.%02u", sign, grouped, cents);
    return hr_arena_fmt(arena, "人民币%s%s.%02u元", sign, grouped, cents);
}

char *wf_doc_cny_upper(int64_t fen, hr_arena_t *arena)
{
    static const char *const digit[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    static const char *const place[] = {"", "拾", "佰", "仟"};
    uint64_t abs = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = abs / LAW_FEN_PER_YUAN;
    unsigned jiao = (unsigned)(abs % LAW_FEN_PER_YUAN) / 10, cents = (unsigned)(abs % 10);
    char d[24];
    int nd = snprintf(d, sizeof d, "%llu", (unsigned long long)yuan);
    char out[256] = "人民币";
    size_t o = strlen(out);
#define S_ADD(str) o += (size_t)snprintf(out + o, sizeof out - o, "%s", (str))
    if (fen < 0)
        S_ADD("负");
    bool zero = false; // a run of zeros waits for the next digit that is not one
    for (int i = 0; yuan && i < nd; i++) {
        int pos = nd - 1 - i; // 10^pos
        int v = d[i] - '0';
        if (v) {
            if (zero)
                S_ADD("零");
            zero = false;
            S_ADD(digit[v]);
            S_ADD(place[pos % 4]);
        } else {
            zero = true;
        }
        if (pos && pos % 4 == 0) {
            // 万 at 10^4 and 10^12, written when a digit of its four is not 0; 亿 at 10^8 and
            // 10^16, written when any digit from there up is not 0 (壹万亿, 壹亿亿: 亿 within 亿).
            bool any = false;
            for (int k = i; k >= 0 && (pos % 8 == 0 || k > i - 4); k--)
                any = any || d[k] != '0';
            if (any)
                S_ADD(pos % 8 == 0 ? "亿" : "万");
        }
    }
    if (yuan)
        S_ADD("元");
    if (!yuan && !jiao && !cents)
        S_ADD("零元");
    if (jiao) {
        S_ADD(digit[jiao]);
        S_ADD("角");
    } else if (cents && yuan) {
        S_ADD("零");
    }
    if (cents) {
        S_ADD(digit[cents]);
        S_ADD("分");
    } else {
        S_ADD("整");
    }
#undef S_ADD
    return hr_arena_strdup(arena, out);
}

char *wf_doc_amount(int64_t fen, wf_doc_lang_t lang, hr_arena_t *arena)
{
    char *figures = wf_doc_money(fen, lang, arena);
    if (lang == WF_DOC_EN)
        return figures;
    return hr_arena_fmt(arena, "%s（大写：%s）", figures, wf_doc_cny_upper(fen, arena));
}

int32_t wf_doc_period_end(const hr_calendar_t *cal, int32_t day)
{
    // A calendar holds at most HR_CALENDAR_MAX_DAYS exceptions, so days off end within that.
    for (int n = 0; n <= HR_CALENDAR_MAX_DAYS; n++, day++)
        if (cal ? hr_calendar_is_working(cal, day) : hr_date_weekday(day) < 5)
            break;
    return day;
}

int32_t wf_doc_period_end_sure(const hr_calendar_t *cal, int32_t day, int *unsure_year)
{
    *unsure_year = 0;
    int32_t end = wf_doc_period_end(cal, day);
    // Every day up to the end, and the end itself: one the notice may yet turn (a day off that
    // becomes a working day ends the period there, a working day that becomes a bridge day off
    // moves it on).
    for (int32_t d = day; d <= end && !*unsure_year; d++)
        if (wf_deadline_day_sure(cal, d) == WF_DAY_UNSURE) {
            int m, md;
            hr_date_to_ymd(d, unsure_year, &m, &md);
        }
    return end;
}

int32_t wf_doc_period_end_earliest(const hr_calendar_t *cal, int32_t day)
{
    // Only a day sure to stay off (a statutory holiday, a declared day off, a weekend far from
    // any holiday) moves the end on: a day a notice may yet make a working day may be the end.
    for (int n = 0; n <= HR_CALENDAR_MAX_DAYS; n++, day++)
        if (wf_deadline_day_sure(cal, day) != WF_DAY_SURE_OFF)
            break;
    return day;
}

int32_t wf_doc_period_end_latest(const hr_calendar_t *cal, int32_t day)
{
    int32_t end = wf_doc_period_end(cal, day);
    // A day a notice may yet make a day off moves the end on as well - but no notice gives more
    // than WF_DAYS_OFF_RUN_MAX days off in a row, so an unsure day that far on is the end.
    int32_t d = day;
    for (int n = 0; n <= HR_CALENDAR_MAX_DAYS; n++, d++) {
        wf_day_sure_t k = wf_deadline_day_sure(cal, d);
        if (k == WF_DAY_SURE_WORKING || (k == WF_DAY_UNSURE && d - day >= WF_DAYS_OFF_RUN_MAX))
            break;
    }
    return d > end ? d : end;
}

char *wf_doc_service(const law_service_t *s, wf_doc_lang_t lang, hr_arena_t *arena)
{
    char out[96] = "";
    size_t o = 0;
    int parts[3] = {s->years, s->months, s->days};
    static const char *const zh[3] = {"年", "个月", "天"};
    static const char *const en[3] = {"year", "month", "day"};
    for (int i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        if (lang == WF_DOC_EN)
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%d %s%s", o ? " " : "", parts[i],
                                  en[i], parts[i] == 1 ? "" : "s");
        else
            o += (size_t)snprintf(out + o, sizeof out - o, "%d%s", parts[i], zh[i]);
    }
    if (!o)
        snprintf(out, sizeof out, "%s", lang == WF_DOC_EN ? "0 days" : "0天");
    return hr_arena_strdup(arena, out);
}

static const char *s_pick(wf_doc_lang_t lang, const char *zh, const char *en)
{
    return lang == WF_DOC_EN ? en : zh;
}

static const char *s_nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

// A value from the directory, the configuration or the case as the document shows it: each
// control or bidi character (hr_utf8_is_unsafe; line feeds and tabs as allow says) as '?'. The
// directory refuses them since, but a name stored before must neither drive the terminal the
// document is printed on nor reorder the letter the employee signs.
static const char *s_shown(const char *s, unsigned allow, hr_arena_t *arena)
{
    size_t len = s ? strlen(s) : 0;
    if (!s || hr_utf8_find_unsafe(s, len, allow, NULL) == len)
        return s;
    char *copy = hr_arena_strndup(arena, s, len);
    copy[hr_utf8_defang(copy, len, allow)] = '\0';
    return copy;
}

// HR's reasons as the sentence the letter states: closed by its own final punctuation, else by
// 。 (a Chinese text) or '.' (one ending in ASCII); a trailing comma or semicolon becomes it.
// NULL stays NULL.
static const char *s_sentence(const char *s, hr_arena_t *arena)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    static const char *const ends[] = {"。",  "！",  "？",  "…",   ".",    "!", "?",
                                       "。”", "！”", "？”", ".\"", "。）", ".)"};
    static const char *const opens[] = {"；", "，", ";", ","};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t n = strlen(ends[i]);
        if (len >= n && !memcmp(s + len - n, ends[i], n))
            return hr_arena_strndup(arena, s, len);
    }
    for (size_t i = 0; i < sizeof opens / sizeof *opens; i++) {
        size_t n = strlen(opens[i]);
        if (len >= n && !memcmp(s + len - n, opens[i], n)) {
            len -= n;
            break;
        }
    }
    bool ascii = len && (unsigned char)s[len - 1] < 0x80;
    return hr_arena_fmt(arena, "%.*s%s", (int)len, s, ascii ? "." : "。");
}

static const char *s_date_of(const char *text, wf_doc_lang_t lang, hr_arena_t *arena)
{
    int32_t day;
    return text && hr_date_parse(text, &day) ? wf_doc_date(day, lang, arena) : NULL;
}

// A recorded day as a Chinese letter writes it (2026年11月30日), the text itself if it is none.
static const char *s_zh_day(const char *text, hr_arena_t *arena)
{
    const char *day = s_date_of(text, WF_DOC_ZH, arena);
    return day ? day : text;
}

// The contract's type and term as Reg. Art. 24 asks: from its start, to its end or open-ended.
static void s_contract(const Hr__Workflow__Person *p, wf_doc_lang_t lang, hr_arena_t *arena,
                       const char **v)
{
    const char *start = s_date_of(p->contract_start, lang, arena);
    const char *end = s_date_of(p->contract_end, lang, arena);
    const char *type = *p->contract_type ? p->contract_type : "fixed";
    v[WF_DOC_F_CONTRACT_START] = start;
    if (!strcmp(type, "open_ended")) {
        v[WF_DOC_F_CONTRACT_TYPE] = s_pick(lang, "无固定期限劳动合同", "open-ended contract");
        v[WF_DOC_F_CONTRACT_END] = s_pick(lang, "无固定期限", "open-ended");
        v[WF_DOC_F_CONTRACT_TERM] = !start ? NULL
                                    : lang == WF_DOC_EN
                                        ? hr_arena_fmt(arena, "open-ended, from %s", start)
                                        : hr_arena_fmt(arena, "自%s起，无固定期限", start);
    } else if (!strcmp(type, "task_based")) {
        v[WF_DOC_F_CONTRACT_TYPE] = s_pick(lang, "以完成一定工作任务为期限的劳动合同",
                                           "contract for the completion of a task");
        v[WF_DOC_F_CONTRACT_END] =
            end ? end : s_pick(lang, "以完成一定工作任务为期限", "until the task is completed");
        v[WF_DOC_F_CONTRACT_TERM] =
            !start              ? NULL
            : lang == WF_DOC_EN ? hr_arena_fmt(arena, "from %s until the task is completed", start)
                                : hr_arena_fmt(arena, "自%s起，以完成一定工作任务为期限", start);
    } else {
        bool part = !strcmp(type, "part_time");
        v[WF_DOC_F_CONTRACT_TYPE] = part ? s_pick(lang, "非全日制用工", "part-time employment")
                                         : s_pick(lang, "固定期限劳动合同", "fixed-term contract");
        v[WF_DOC_F_CONTRACT_END] = end;
        if (start && end)
            v[WF_DOC_F_CONTRACT_TERM] = lang == WF_DOC_EN
                                            ? hr_arena_fmt(arena, "%s to %s", start, end)
                                            : hr_arena_fmt(arena, "自%s至%s", start, end);
        else if (start && part)
            v[WF_DOC_F_CONTRACT_TERM] = lang == WF_DOC_EN
                                            ? hr_arena_fmt(arena, "part-time, from %s", start)
                                            : hr_arena_fmt(arena, "自%s起（非全日制用工）", start);
    }
}

// A finding the review stored, by its code: the engine's word on a part-time contract or a
// renewal refused, which decide the money and so the sentences about it.
static bool s_found(const Hr__Workflow__Assessment *as, const char *code)
{
    for (size_t i = 0; as && i < as->n_findings; i++)
        if (!strcmp(as->findings[i]->code, code))
            return true;
    return false;
}

// The item of Art. 46 that owes severance for a family (0: none does).
static const int s_art46_item[] = {
    [LAW_FAMILY_MUTUAL] = 2, // proposed by the employer
    [LAW_FAMILY_CAUSE] = 0,  [LAW_FAMILY_NOTICE] = 3,
    [LAW_FAMILY_LAYOFF] = 4, [LAW_FAMILY_EXPIRY] = 5,
};

// 解除 / 终止, in English a noun (rescission) or a participle (rescinded).
static const char *s_ending_word(wf_doc_end_t end, wf_doc_lang_t lang, bool participle)
{
    bool term = end == WF_DOC_END_TERMINATED;
    if (end == WF_DOC_END_UNKNOWN)
        return NULL;
    if (lang == WF_DOC_ZH)
        return term ? "终止" : "解除";
    if (participle)
        return term ? "terminated" : "rescinded";
    return term ? "termination" : "rescission";
}

const char *wf_doc_ending_word(const Hr__Workflow__Case *c, wf_doc_lang_t lang, bool participle)
{
    const char *w = s_ending_word(wf_doc_end(c), lang, participle);
    if (w)
        return w;
    if (lang == WF_DOC_ZH)
        return "解除或终止";
    return participle ? "rescinded or terminated" : "rescission or termination";
}

static const char *s_title(wf_doc_kind_t kind, wf_doc_end_t end, wf_doc_lang_t lang)
{
    static const char *const zh[WF_DOC_KIND_COUNT][2] = {
        {"解除劳动合同证明书", "终止劳动合同证明书"},
        {"解除劳动合同通知书", "终止劳动合同通知书"},
        {"解除劳动合同通知工会函", "解除劳动合同通知工会函"},
    };
    static const char *const en[WF_DOC_KIND_COUNT][2] = {
        {"CERTIFICATE OF RESCISSION OF THE LABOUR CONTRACT",
         "CERTIFICATE OF TERMINATION OF THE LABOUR CONTRACT"},
        {"NOTICE OF RESCISSION OF THE LABOUR CONTRACT",
         "NOTICE OF TERMINATION OF THE LABOUR CONTRACT"},
        {"LETTER TO THE UNION ON A RESCISSION OF THE LABOUR CONTRACT",
         "LETTER TO THE UNION ON A RESCISSION OF THE LABOUR CONTRACT"},
    };
    if (end == WF_DOC_END_UNKNOWN || kind >= WF_DOC_KIND_COUNT)
        return NULL;
    int term = end == WF_DOC_END_TERMINATED;
    return lang == WF_DOC_EN ? en[kind][term] : zh[kind][term];
}

// How the contract ended, in neutral words for the certificate: who ended it, never why (the
// ground of a dismissal for fault is no item of Reg. Art. 24, and the certificate is what the
// next employer sees).
static const char *s_manner(const law_ground_t *g, wf_doc_end_t end, wf_doc_lang_t lang)
{
    switch (end) {
    case WF_DOC_END_BY_EMPLOYER:
        return s_pick(lang, "由本单位解除", "rescinded by the Company");
    case WF_DOC_END_BY_AGREEMENT:
        return s_pick(lang, "经双方协商一致解除", "rescinded by agreement of the parties");
    case WF_DOC_END_TERMINATED:
        if (g->family == LAW_FAMILY_EXPIRY)
            return s_pick(lang, "因劳动合同期满而终止", "terminated on the expiry of its term");
        return s_pick(lang, "依法终止", "terminated by operation of law");
    case WF_DOC_END_UNKNOWN:
        break;
    }
    return NULL;
}

#define S_NO_NOTICE_ZH "不适用第四十条规定的提前三十日书面通知或者额外支付一个月工资"
#define S_NO_NOTICE_EN                                                                             \
    "neither Article 40's thirty days' written notice nor its one extra month's wage applies"
#define S_REG_ZH "《中华人民共和国劳动合同法实施条例》"
#define S_REG_EN "the Implementing Regulations of the Labour Contract Law"

// Art. 40's notice: thirty days' written notice served on the employee in person, or one extra
// month's wage at the previous month's standard (Reg. Art. 20), paid before the contract ends
// ("额外支付劳动者一个月工资后，可以解除"). A notice shorter than thirty days owes the month's wage
// too (the review computed it).
static const char *s_art40_terms(const Hr__Workflow__Assessment *as, const char *const *v,
                                 wf_doc_lang_t lang, hr_arena_t *arena)
{
    const char *eff = v[WF_DOC_F_EFFECTIVE_DATE];
    const char *served = v[WF_DOC_F_NOTICE_DATE];
    if (as->notice_pay_fen > 0) {
        const char *pay = wf_doc_amount(as->notice_pay_fen, lang, arena);
        if (lang == WF_DOC_EN)
            return hr_arena_fmt(
                arena,
                "%sUnder Article 40 of %s, the Company pays you one extra month's wage instead of "
                "thirty days' written notice. That month's wage is set at your previous month's "
                "wage standard (Article 20 of %s): %s, paid no later than the day the contract is "
                "rescinded%s%s%s.",
                as->pay_in_lieu_of_notice ? ""
                                          : "Fewer than thirty days run from the service of this "
                                            "notice to the end of the contract. ",
                S_LCL_EN, S_REG_EN, pay, eff ? " (" : "", eff ? eff : "", eff ? ")" : "");
        return hr_arena_fmt(
            arena,
            "%s本单位依照%s第四十条的规定，以额外支付您一个月工资代替提前三十日书面"
            "通知。该一个月工资按照您上一个月的工资标准确定（%s第二十条），为"
            "%s，不迟于劳动合同解除之日%s%s%s支付。",
            as->pay_in_lieu_of_notice ? "" : "本通知书送达之日至劳动合同解除之日不足三十日。",
            S_LCL_ZH, S_REG_ZH, pay, eff ? "（" : "", eff ? eff : "", eff ? "）" : "");
    }
    if (!eff || !served)
        return s_pick(lang, "本单位提前三十日以书面形式通知您本人（" S_LCL_ZH "第四十条）。",
                      "The Company gives you thirty days' written notice in person (Article 40 "
                      "of " S_LCL_EN ").");
    return lang == WF_DOC_EN
               ? hr_arena_fmt(arena,
                              "The Company gives you thirty days' written notice in person by "
                              "this letter, served on %s; the contract is rescinded on %s "
                              "(Article 40 of %s).",
                              served, eff, S_LCL_EN)
               : hr_arena_fmt(arena,
                              "本单位依照%s第四十条的规定，以本通知书于%s提前三十日书面通知您本人，"
                              "劳动合同于%s解除。",
                              S_LCL_ZH, served, eff);
}

// The four triggers of LCL 41 para 1, in the statute's order (HR picks one at review).
static const struct {
    const char *name, *zh, *en;
} s_a41_triggers[] = {
    {"bankruptcy_reorganisation", "依照企业破产法规定进行重整",
     "the Company is being reorganised under the Enterprise Bankruptcy Law"},
    {"serious_difficulties", "生产经营发生严重困难",
     "the Company has serious difficulties in production and operation"},
    {"business_change", "企业转产、重大技术革新或者经营方式调整，经变更劳动合同后，仍需裁减人员",
     "after a change of product line, a major technical innovation or a change of business "
     "method, staff must still be reduced although contracts were varied"},
    {"objective_change",
     "其他因劳动合同订立时所依据的客观经济情况发生重大变化，致使劳动合同无法履行",
     "another major change in the objective economic circumstances on which the contracts were "
     "concluded makes them impossible to perform"},
};

const char *wf_a41_trigger_at(size_t i)
{
    return i < HR_ARRAY_LEN(s_a41_triggers) ? s_a41_triggers[i].name : NULL;
}

static int s_a41_trigger_find(const char *name)
{
    for (size_t i = 0; name && i < HR_ARRAY_LEN(s_a41_triggers); i++)
        if (!strcmp(name, s_a41_triggers[i].name))
            return (int)i;
    return -1;
}

const char *wf_a41_trigger_text(const char *name, bool en)
{
    int i = s_a41_trigger_find(name);
    return i < 0 ? NULL : en ? s_a41_triggers[i].en : s_a41_triggers[i].zh;
}

// To whom the Art. 41 explanation went, from the case: the union when the company has one and
// HR confirmed the explanation with a union_notice record; all staff otherwise (a company with
// no union has only its staff to explain to).
static bool s_a41_to_union(const Hr__Workflow__Case *c, bool has_union)
{
    if (!has_union)
        return false;
    for (size_t i = 0; i < c->n_facts; i++) {
        if (strcmp(c->facts[i]->fact, "explained_to_union_or_staff_30_days"))
            continue;
        for (size_t k = 0; k < c->facts[i]->n_evidence_ids; k++)
            for (size_t e = 0; e < c->n_evidence; e++)
                if (!strcmp(c->evidence[e]->id, c->facts[i]->evidence_ids[k]) &&
                    !strcmp(c->evidence[e]->kind, "union_notice"))
                    return true;
    }
    return false;
}

static const char *s_a41_terms(const Hr__Workflow__Case *c, bool has_union, wf_doc_lang_t lang,
                               hr_arena_t *arena)
{
    int t = s_a41_trigger_find(c->a41_trigger);
    static const char *const item_zh[] = {"一", "二", "三", "四"};
    bool to_union = s_a41_to_union(c, has_union);
    // The days the review checked (wf_union.c): the explanation thirty days or more before the
    // notice, the report before it. A review of before they were recorded states none.
    const Hr__Workflow__Assessment *as = c->assessment;
    const char *told = as && as->explained_date ? as->explained_date : "";
    const char *reported = as && as->reported_date ? as->reported_date : "";
    if (lang == WF_DOC_EN) {
        const char *why = t < 0 ? ""
                                : hr_arena_fmt(arena, " on the ground of para 1 item (%d): %s;",
                                               t + 1, s_a41_triggers[t].en);
        return hr_arena_fmt(
            arena,
            "The layoff follows the procedure of Article 41 of " S_LCL_EN "%s%s the Company "
            "explained the situation to %s %s, heard %s opinions and reported the layoff plan to "
            "the labour administration%s. Article 41 sets no individual notice period and no "
            "pay in lieu of notice. Under its third paragraph, if the Company hires again within "
            "six months it will notify you and, on equal terms, hire you first.",
            t < 0 ? ":" : "", why, to_union ? "the union" : "all staff",
            *told ? hr_arena_fmt(arena, "on %s, thirty days or more before this notice", told)
                  : "thirty days ahead",
            to_union ? "the union's" : "the staff's",
            *reported ? hr_arena_fmt(arena, " on %s, before this notice", reported) : "");
    }
    const char *why = t < 0 ? ""
                            : hr_arena_fmt(arena, "，因%s（第四十一条第一款第%s项）",
                                           s_a41_triggers[t].zh, item_zh[t]);
    return hr_arena_fmt(
        arena,
        "本次裁减人员依照" S_LCL_ZH "第四十一条规定的程序进行%s：本单位已%s向%s说明情况，听取了%s"
        "的意见，裁减人员方案已%s向劳动行政部门报告。第四十一条未规定对被裁减人员的提前通知期"
        "或者代通知金。依照该条第三款，本单位在六个月内重新招用人员的，将通知您，并在同等条件下"
        "优先招用您。",
        why,
        *told ? hr_arena_fmt(arena, "于%s（本通知三十日以前）", s_date_of(told, lang, arena))
              : "提前三十日",
        to_union ? "工会" : "全体职工", to_union ? "工会" : "职工",
        *reported ? hr_arena_fmt(arena, "于%s（本通知之前）", s_date_of(reported, lang, arena))
                  : "");
}

// Notice or pay in lieu: only Art. 40 has them; every other ending says why it has none.
static const char *s_notice_terms(const law_ground_t *g, wf_doc_end_t end, const wf_doc_input_t *in,
                                  const char *const *v, wf_doc_lang_t lang, hr_arena_t *arena)
{
    const Hr__Workflow__Assessment *as = in->c->assessment;
    if (s_found(as, "PART_TIME"))
        return s_pick(lang,
                      "您为非全日制用工，依照" S_LCL_ZH "第七十一条，双方当事人任何一方都可以随时"
                      "通知对方终止用工，" S_NO_NOTICE_ZH "。",
                      "You are in part-time employment: under Article 71 of " S_LCL_EN
                      ", either party may end it at any time by notice, and " S_NO_NOTICE_EN ".");
    if (end == WF_DOC_END_BY_AGREEMENT)
        return s_pick(lang,
                      "劳动合同经双方协商一致解除（" S_LCL_ZH "第三十六条），" S_NO_NOTICE_ZH "。",
                      "The contract is rescinded by agreement (Article 36 of " S_LCL_EN
                      "): " S_NO_NOTICE_EN ".");
    switch (g->family) {
    case LAW_FAMILY_EXPIRY:
        return s_pick(
            lang, "劳动合同期满终止（" S_LCL_ZH "第四十四条第一项），" S_NO_NOTICE_ZH "。",
            "The contract ends on its expiry (Article 44(1) of " S_LCL_EN "): " S_NO_NOTICE_EN ".");
    case LAW_FAMILY_CAUSE:
        return s_pick(lang,
                      "依照" S_LCL_ZH "第三十九条解除劳动合同，无需提前三十日书面通知，亦不额外"
                      "支付一个月工资（代通知金）。",
                      "Under Article 39 of " S_LCL_EN ", no thirty days' notice is given and no "
                      "pay in lieu of notice (one extra month's wage) is owed.");
    case LAW_FAMILY_LAYOFF:
        return s_a41_terms(in->c, in->has_union, lang, arena);
    case LAW_FAMILY_NOTICE:
        return as ? s_art40_terms(as, v, lang, arena) : NULL;
    case LAW_FAMILY_MUTUAL:
        break;
    }
    return NULL;
}

// Half-month units as months of wage: "12", "20.5".
static char *s_months(uint32_t half_units, hr_arena_t *arena)
{
    return half_units % 2 ? hr_arena_fmt(arena, "%u.5", half_units / 2)
                          : hr_arena_fmt(arena, "%u", half_units / 2);
}

#define S_ART47_UNITS_ZH                                                                           \
    "（每满一年支付一个月工资；六个月以上不满一年的，按一年计算；不满六个月的，支付半个月工资）"
#define S_ART47_UNITS_EN                                                                           \
    " (a month's wage for each full year; six months or more count as a year, less than six "      \
    "months as half a month)"
#define S_MEASURES_ZH "原劳动部《违反和解除劳动合同的经济补偿办法》（劳部发〔1994〕481号）"
#define S_MEASURES_EN                                                                              \
    "the Measures on Economic Compensation for Breach and Rescission of Labour Contracts "         \
    "(Ministry of Labour, 1994)"

// The floor of Reg. Art. 27 in words: the 12-month average below the local minimum monthly wage,
// so the base is that minimum, its figure named ("" otherwise, or for an assessment stored
// before the average and the minimum were kept).
static const char *s_floor_words(const Hr__Workflow__Assessment *as, wf_doc_lang_t lang,
                                 hr_arena_t *arena)
{
    if (as->wage_capped || !as->average_wage_fen || !as->local_minimum_wage_fen ||
        as->average_wage_fen >= as->local_minimum_wage_fen ||
        as->wage_base_fen != as->local_minimum_wage_fen)
        return "";
    const char *avg = wf_doc_money(as->average_wage_fen, lang, arena);
    const char *min = wf_doc_money(as->local_minimum_wage_fen, lang, arena);
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(arena,
                            "; as your average monthly wage of the last twelve months, %s, is "
                            "below the local minimum monthly wage, the monthly wage is that "
                            "minimum, %s (Article 27 of %s)",
                            avg, min, S_REG_EN);
    return hr_arena_fmt(arena,
                        "；您劳动合同解除或终止前十二个月的平均工资%s低于当地最低工资标准，按当地"
                        "最低工资标准%s计算（%s第二十七条）",
                        avg, min, S_REG_ZH);
}

// The cap of Art. 47 para 2 in words, naming the local average's year and figure the assessment
// used (LCL 47: whichever year that was, never "the previous year" for another), with the years
// it cut when it cut some; the floor's words (s_floor_words) when the wage was not capped.
static const char *s_cap_words(const Hr__Workflow__Assessment *as, uint32_t units, uint32_t actual,
                               bool from_2008, wf_doc_lang_t lang, hr_arena_t *arena)
{
    if (!as->wage_capped)
        return s_floor_words(as, lang, arena);
    bool cut = actual > units;
    const char *cut_en = cut ? hr_arena_fmt(arena, " (your service%s is worth %s months)",
                                            from_2008 ? " from 2008" : "", s_months(actual, arena))
                             : "";
    const char *cut_zh =
        cut ? hr_arena_fmt(arena, "（%s工作年限实为%s个月工资）",
                           from_2008 ? "2008年1月1日以后的" : "", s_months(actual, arena))
            : "";
    int64_t avg = as->local_average_wage_fen;
    if (!avg) // an assessment stored before the figure was kept: the words of then
        return lang == WF_DOC_EN
                   ? hr_arena_fmt(arena,
                                  "; as your monthly wage is above three times the local average "
                                  "monthly wage of the previous year, that three-times figure is "
                                  "the monthly wage and at most twelve years count%s",
                                  cut_en)
                   : hr_arena_fmt(arena,
                                  "；您的月工资高于本地区上年度职工月平均工资三倍，按职工月平均"
                                  "工资三倍的数额计算，年限最高不超过十二年%s",
                                  cut_zh);
    const char *fig = wf_doc_money(avg, lang, arena);
    const char *three = wf_doc_money(avg * LAW_CAP_MULTIPLE, lang, arena);
    unsigned year = as->local_average_year;
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(arena,
                            "; as your monthly wage is above three times the local average "
                            "monthly wage %s, %s, that three-times figure, %s, is the monthly "
                            "wage and at most twelve years count%s",
                            year ? hr_arena_fmt(arena, "of %u", year) : "(its year not given)", fig,
                            three, cut_en);
    return hr_arena_fmt(arena,
                        "；您的月工资高于本地区%s职工月平均工资%s的三倍，按该三倍的数额即%s计算，"
                        "年限最高不超过十二年%s",
                        year ? hr_arena_fmt(arena, "%u年度", year) : "（未注明年度的）", fig, three,
                        cut_zh);
}

// Service before 2008 (Art. 97 para 3), with the assessment's basis: the part from 2008 as
// Art. 47 computes it (units x base, the cap and the twelve-year limit when applied), the part
// before under the 1994 Measures (started years, the months paid at the uncapped wage), and
// their sum - each figure the one the review stored.
static const char *s_severance_split(const Hr__Workflow__Assessment *as, wf_doc_lang_t lang,
                                     hr_arena_t *arena)
{
    const char *post_months = s_months(as->severance_half_units, arena);
    const char *base = wf_doc_money(as->wage_base_fen, lang, arena);
    const char *post = wf_doc_money(
        law_fen_times_half_units(as->wage_base_fen, (int)as->severance_half_units), lang, arena);
    const char *cap = s_cap_words(as, as->severance_half_units, as->severance_half_units_actual,
                                  true, lang, arena);
    const char *pre_wage = wf_doc_money(as->pre2008_wage_fen, lang, arena);
    const char *pre = wf_doc_money(as->severance_pre2008_fen, lang, arena);
    const char *total = wf_doc_money(as->severance_fen, lang, arena);
    bool capped12 = as->pre2008_months && as->pre2008_months < as->pre2008_years;
    if (lang == WF_DOC_EN) {
        const char *pre_part =
            as->pre2008_months
                ? hr_arena_fmt(arena,
                               "%u months' wage (a month's wage for each year%s) at your monthly "
                               "wage of %s, which no cap limits: %s",
                               as->pre2008_months, capped12 ? ", at most twelve months" : "",
                               pre_wage, pre)
                : hr_arena_fmt(arena, "no severance on this ground: %s", pre);
        return hr_arena_fmt(
            arena,
            "the years from 1 January 2008 count under Article 47: %s months' wage%s at a monthly "
            "wage of %s (Article 47 and Article 27 of %s)%s, that is %s; the %u year%s of service "
            "before 2008 (a started year counting as a year) count under the rules then in force, "
            "%s: %s; together %s (Article 97 para 3)",
            post_months, S_ART47_UNITS_EN, base, S_REG_EN, cap, post, as->pre2008_years,
            as->pre2008_years == 1 ? "" : "s", S_MEASURES_EN, pre_part, total);
    }
    const char *pre_part =
        as->pre2008_months
            ? hr_arena_fmt(arena,
                           "计%u个月工资（每满一年支付一个月工资%s），月工资%s（不适用"
                           "三倍封顶），为%s",
                           as->pre2008_months, capped12 ? "，最多不超过十二个月" : "", pre_wage,
                           pre)
            : hr_arena_fmt(arena, "本次解除或终止依照当时规定不支付经济补偿，为%s", pre);
    return hr_arena_fmt(arena,
                        "其中：2008年1月1日以后的工作年限依照第四十七条计%s个月工资%s，月工资"
                        "%s（第四十七条、%s第二十七条）%s，为%s；2008年1月1日以前的工作年限%u"
                        "年（不满一年的按一年计算）依照当时有关规定即%s计算，%s；两项合计%s（第"
                        "九十七条第三款）",
                        post_months, S_ART47_UNITS_ZH, base, S_REG_ZH, cap, post, as->pre2008_years,
                        S_MEASURES_ZH, pre_part, total);
}

// Art. 47's computation in words: the months of wage, the monthly wage, the cap; the pre-2008
// split (Art. 97 para 3) when there was service before 2008, each part with its figures. NULL
// when the assessment predates the figures (the sentence then gives the amount alone); an
// assessment stored with the pre-2008 amount but not its basis gives that amount.
static const char *s_severance_basis(const Hr__Workflow__Assessment *as,
                                     const Hr__Workflow__Person *p, const char *service,
                                     wf_doc_lang_t lang, hr_arena_t *arena)
{
    int32_t hire = 0, lcl = hr_date_from_ymd(LAW_LCL_YEAR, 1, 1);
    if (!hr_date_parse(p->hire_date, &hire))
        return NULL;
    // The years of service the months rest on, from and to (Art. 47: "按劳动者在本单位工作的年
    // 限"), so the employee can check them: "" when the end is not known.
    const char *lead = !*service ? ""
                       : lang == WF_DOC_EN
                           ? hr_arena_fmt(arena, "your service with the Company, %s; ", service)
                           : hr_arena_fmt(arena, "您在本单位的工作年限为%s；", service);
    if (hire < lcl && as->pre2008_years && as->wage_base_fen)
        return hr_arena_fmt(arena, "%s%s", lead, s_severance_split(as, lang, arena));
    if (hire < lcl) {
        const char *pre = wf_doc_money(as->severance_pre2008_fen, lang, arena);
        return lang == WF_DOC_EN
                   ? hr_arena_fmt(arena,
                                  "%sthe years from 1 January 2008 count under Article 47, and "
                                  "the service before that date under the rules then in force, "
                                  "%s (Article 97 para 3)",
                                  lead, pre)
                   : hr_arena_fmt(arena,
                                  "%s2008年1月1日以后的工作年限依照第四十七条计算，此前的工作年限"
                                  "依照当时有关规定计算，为%s（第九十七条第三款）",
                                  lead, pre);
    }
    if (!as->service_half_units || !as->wage_base_fen)
        return NULL;
    char *months = s_months(as->service_half_units, arena);
    const char *wage = wf_doc_money(as->wage_base_fen, lang, arena);
    uint32_t actual = as->severance_half_units_actual;
    const char *cap = s_cap_words(as, as->service_half_units, actual, false, lang, arena);
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(arena,
                            "%s months' wage for your years of service with the Company%s%s%s at "
                            "a monthly wage of %s (Article 47 and Article 27 of %s)%s",
                            months, *service ? ", " : "", service, S_ART47_UNITS_EN, wage, S_REG_EN,
                            cap);
    return hr_arena_fmt(
        arena, "按您在本单位的工作年限%s计%s个月工资%s，月工资%s（第四十七条、%s第二十七条）%s",
        service, months, S_ART47_UNITS_ZH, wage, S_REG_ZH, cap);
}

// An Art. 40(1) rescission (illness or non-work injury) with service before 2008: the rules then
// in force also owe a medical subsidy of at least six months' wage (1994 Measures Art. 6, more
// for a serious or terminal illness) and floor the wage at the enterprise's average (Art. 11),
// neither of which the engine computes (its PRE_2008_SERVICE finding names them): the letter
// states the minimum and that the final amounts follow, never the severance as the whole sum.
// "" otherwise.
static const char *s_medical_subsidy(const law_ground_t *g, const Hr__Workflow__Assessment *as,
                                     wf_doc_lang_t lang, hr_arena_t *arena)
{
    if (g->id != LAW_GROUND_A40_1 || !as->pre2008_years || !as->pre2008_wage_fen)
        return "";
    const char *least =
        wf_doc_money(as->pre2008_wage_fen * LAW_PRE2008_MEDICAL_MONTHS, lang, arena);
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(
            arena,
            " In addition, under the rules then in force (%s, Article 6) the Company pays a "
            "medical subsidy of at least six months' wage, that is at least %s (50%% more for a "
            "serious illness, 100%% more for a terminal one), and where your monthly wage is below "
            "the Company's average monthly wage the pre-2008 part is computed at that average "
            "(Article 11): the final amounts of severance and subsidy will be confirmed to you in "
            "writing.",
            S_MEASURES_EN, least);
    return hr_arena_fmt(
        arena,
        "此外，依照当时有关规定即%s第六条，本单位还应向您支付不低于六个月工资的医疗补助费，即不"
        "低于%s（患重病的增加百分之五十以上，患绝症的增加百分之百以上）；依该办法第十一条，您的月"
        "平均工资低于本单位月平均工资的，2008年1月1日以前部分按本单位月平均工资计算。经济补偿和"
        "医疗补助费的最终金额由本单位核定后另行书面告知。",
        S_MEASURES_ZH, least);
}

#define S_MEASURES_ART_CHANGE 8 // 1994 Measures: a major change of objective circumstances
#define S_MEASURES_ART_LAYOFF 9 // 1994 Measures: a layoff

// An Art. 40(3) (objective change) or Art. 41 (layoff) rescission with service before 2008: the
// rules then in force pay its pre-2008 part under their Art. 8 or 9, which Art. 11 floors at the
// enterprise's average wage as it does Art. 6 (illness, above); the engine does not compute that
// floor (its PRE_2008_SERVICE finding names it), so the letter says so in the same words and that
// the final amount follows. "" otherwise.
static const char *s_enterprise_average(const law_ground_t *g, const Hr__Workflow__Assessment *as,
                                        wf_doc_lang_t lang, hr_arena_t *arena)
{
    int art = g->id == LAW_GROUND_A40_3 ? S_MEASURES_ART_CHANGE
              : g->id == LAW_GROUND_A41 ? S_MEASURES_ART_LAYOFF
                                        : 0;
    // Art. 11's floor lifts a wage below the enterprise's average: one above three times the
    // local average (capped, LCL 47) is not below it, and the amount stated is final.
    if (!art || !as->pre2008_years || !as->pre2008_wage_fen || as->wage_capped)
        return "";
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(
            arena,
            " In addition, under the rules then in force (%s, Articles %d and 11), where your "
            "monthly wage is below the Company's average monthly wage the pre-2008 part is "
            "computed at that average: the final amount of severance will be confirmed to you in "
            "writing.",
            S_MEASURES_EN, art);
    char n[LAW_ZH_NUMBER_MAX];
    return hr_arena_fmt(arena,
                        "此外，依照当时有关规定即%s第%s条、第十一条，您的月平均工资低于本单位月平均"
                        "工资的，2008年1月1日以前部分按本单位月平均工资计算。经济补偿的最终金额由本"
                        "单位核定后另行书面告知。",
                        S_MEASURES_ZH, law_zh_number(art, n, sizeof n));
}

// service: the years of service in words with their first and last day ("" unknown).
static const char *s_severance_terms(const law_ground_t *g, wf_doc_end_t end,
                                     const Hr__Workflow__Assessment *as,
                                     const Hr__Workflow__Person *p, const char *service,
                                     wf_doc_lang_t lang, hr_arena_t *arena)
{
    if (s_found(as, "PART_TIME"))
        return s_pick(lang,
                      "依照" S_LCL_ZH "第七十一条，非全日制用工终止用工，用人单位不向劳动者支付"
                      "经济补偿。",
                      "Under Article 71 of " S_LCL_EN
                      ", no severance is owed when part-time employment ends.");
    if (end == WF_DOC_END_BY_AGREEMENT && g->family != LAW_FAMILY_MUTUAL)
        return s_pick(lang,
                      "经济补偿依照双方签订的解除劳动合同协议支付（" S_LCL_ZH
                      "第三十六条、第四十六条第二项、第四十七条）。",
                      "Severance is paid as the signed rescission agreement says (Articles 36, "
                      "46(2) and 47 of " S_LCL_EN ").");
    if (!g->severance && g->family == LAW_FAMILY_CAUSE)
        return s_pick(lang,
                      "依照" S_LCL_ZH "第三十九条解除劳动合同，不属于第四十六条规定应当支付经济"
                      "补偿的情形，本次解除依法不支付经济补偿。",
                      "A rescission under Article 39 of " S_LCL_EN
                      " is not among the cases of Article 46 that owe severance: no severance is "
                      "owed on this ground.");
    if (!g->severance && g->family == LAW_FAMILY_MUTUAL)
        return s_pick(lang,
                      "劳动合同由您提出、经双方协商一致解除，不属于" S_LCL_ZH
                      "第四十六条第二项规定的由用人单位提出解除的情形，依法不支付经济补偿。",
                      "The rescission by agreement was proposed by you, not by the Company "
                      "(Article 46(2) of " S_LCL_EN "): no severance is owed.");
    if (!g->severance)
        return s_pick(lang, "依照" S_LCL_ZH "第四十六条，依法不支付经济补偿。",
                      "Under Article 46 of " S_LCL_EN ", no severance is owed on this ground.");
    if (!as)
        return NULL;
    if (s_found(as, "EXPIRY_RENEWAL_REFUSED"))
        return s_pick(lang,
                      "本单位已提出以维持或者提高劳动合同约定条件与您续订劳动合同，您不同意续订，"
                      "依照" S_LCL_ZH "第四十六条第五项，本单位不支付经济补偿。",
                      "The Company offered to renew the contract on the same or better terms and "
                      "you declined: under Article 46(5) of " S_LCL_EN ", no severance is owed.");
    const char *money = wf_doc_amount(as->severance_fen, lang, arena);
    const char *basis = s_severance_basis(as, p, service, lang, arena);
    int item = s_art46_item[g->family];
    const char *medical = s_medical_subsidy(g, as, lang, arena);
    if (!*medical)
        medical = s_enterprise_average(g, as, lang, arena);
    char n[LAW_ZH_NUMBER_MAX];
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(
            arena,
            "The Company pays you severance of %s (Articles 46(%d) and 47 of %s)%s%s.%s "
            "It is paid when you complete the agreed work handover (Article 50).",
            money, item, S_LCL_EN, basis ? ": " : "", basis ? basis : "", medical);
    return hr_arena_fmt(arena,
                        "本单位依照%s第四十六条第%s项、第四十七条向您支付经济补偿%s%s%s。%s经济"
                        "补偿于您办结工作交接时支付（第五十条）。",
                        S_LCL_ZH, law_zh_number(item, n, sizeof n), money, basis ? "，" : "",
                        basis ? basis : "", medical);
}

// Art. 43 binds a rescission by the employer alone: notified, no union, or missing for HR to
// see; an agreement or an Art. 44 ending says it does not apply.
static const char *s_union_terms(wf_doc_end_t end, const Hr__Workflow__Assessment *as,
                                 const Hr__Workflow__UnionRecord *u, bool has_union,
                                 wf_doc_lang_t lang, hr_arena_t *arena)
{
    if (end == WF_DOC_END_TERMINATED)
        return s_pick(lang,
                      "劳动合同依法终止，不属于用人单位单方解除劳动合同，" S_LCL_ZH
                      "第四十三条关于事先将理由通知工会的规定不适用。",
                      "The contract ends by law (Article 44 of " S_LCL_EN
                      "), not by the Company's unilateral rescission: Article 43 (notifying the "
                      "union beforehand) does not apply.");
    if (end == WF_DOC_END_BY_AGREEMENT)
        return s_pick(lang,
                      "劳动合同经双方协商一致解除，不属于用人单位单方解除劳动合同，" S_LCL_ZH
                      "第四十三条关于事先将理由通知工会的规定不适用。",
                      "The contract is rescinded by agreement, not by the Company alone: Article "
                      "43 of " S_LCL_EN " (notifying the union beforehand) does not apply.");
    // The company's union first: a company with none never says it notified one. What it did
    // instead is what the engine's UNION_NONE finding advises: the reasons to the local
    // federation of trade unions, when a union_notice record proves it.
    if (!has_union)
        return as && as->union_notified
                   ? s_pick(lang,
                            "本单位未建立工会；本单位已于解除前将解除理由书面通知当地总工会（参"
                            "照" S_LCL_ZH "第四十三条）。",
                            "The Company has no union; before the rescission it notified the "
                            "local federation of trade unions of the reasons in writing (following "
                            "Article 43 of " S_LCL_EN ").")
                   : s_pick(lang, "本单位未建立工会。", "The Company has no union.");
    // The days HR recorded (hrctl case union): the notice, the union's opinion, the reply.
    if (as && as->union_notified && u && *u->notice_date) {
        bool objected = !strcmp(u->opinion, "objection");
        const char *zh_op =
            !*u->opinion ? ""
            : objected
                ? hr_arena_fmt(
                      arena, "工会于%s提出异议，本单位%s", s_zh_day(u->opinion_date, arena),
                      *u->reply_date ? hr_arena_fmt(arena, "已于%s将处理结果书面通知工会。",
                                                    s_zh_day(u->reply_date, arena))
                                     : "正在研究工会的意见。")
                : hr_arena_fmt(arena, "工会于%s答复无异议。", s_zh_day(u->opinion_date, arena));
        const char *en_op =
            !*u->opinion ? ""
            : objected
                ? hr_arena_fmt(arena, " The union objected on %s; %s", u->opinion_date,
                               *u->reply_date
                                   ? hr_arena_fmt(arena,
                                                  "the Company notified it of its handling in "
                                                  "writing on %s.",
                                                  u->reply_date)
                                   : "the Company is studying its opinion.")
                : hr_arena_fmt(arena, " The union raised no objection (%s).", u->opinion_date);
        return lang == WF_DOC_EN
                   ? hr_arena_fmt(arena,
                                  "The Company notified the union of the reasons on %s, before "
                                  "the rescission (Article 43 of " S_LCL_EN ").%s",
                                  u->notice_date, en_op)
                   : hr_arena_fmt(arena,
                                  "本单位已于%s（解除前）将解除理由通知工会（" S_LCL_ZH
                                  "第四十三条）。%s",
                                  s_zh_day(u->notice_date, arena), zh_op);
    }
    if (as && as->union_notified)
        return s_pick(lang, "本单位已于解除前将解除理由通知工会（" S_LCL_ZH "第四十三条）。",
                      "The Company notified the union of the reasons before the rescission "
                      "(Article 43 of " S_LCL_EN ").");
    return NULL; // a union and no notice recorded: HR must see it, not a sentence
}

// The ground as the notice states it (Guiding Case 180: a notice is judged on the basis it
// states): the article and the statute's own words, hr_law's. A layoff with the trigger HR
// chose at review cites and quotes that item of Art. 41 para 1.
static void s_ground(const law_ground_t *g, const Hr__Workflow__Case *c, wf_doc_lang_t lang,
                     hr_arena_t *arena, const char **v)
{
    int t = g->family == LAW_FAMILY_LAYOFF ? s_a41_trigger_find(c->a41_trigger) : -1;
    if (t < 0 && g->family == LAW_FAMILY_LAYOFF) {
        v[WF_DOC_F_GROUND_ARTICLE] = lang == WF_DOC_EN ? "Article 41, paragraph 1 of " S_LCL_EN
                                                       : S_LCL_ZH
                                         "第四十一条第一款"; // the words quoted are its own
        v[WF_DOC_F_GROUND_TEXT] = s_pick(lang, g->statute_zh, g->statute_en);
        return;
    }
    if (t < 0) {
        v[WF_DOC_F_GROUND_ARTICLE] = s_article(g->article, lang, arena);
        v[WF_DOC_F_GROUND_TEXT] = s_pick(lang, g->statute_zh, g->statute_en);
        return;
    }
    char n[LAW_ZH_NUMBER_MAX];
    v[WF_DOC_F_GROUND_ARTICLE] =
        lang == WF_DOC_EN
            ? hr_arena_fmt(arena, "Article 41, paragraph 1, item (%d) of %s", t + 1, S_LCL_EN)
            : hr_arena_fmt(arena, "%s第四十一条第一款第%s项", S_LCL_ZH,
                           law_zh_number(t + 1, n, sizeof n));
    v[WF_DOC_F_GROUND_TEXT] = lang == WF_DOC_EN
                                  ? hr_arena_fmt(arena, "where %s", s_a41_triggers[t].en)
                                  : hr_arena_fmt(arena, "%s的", s_a41_triggers[t].zh);
}

// The probation an Art. 39(1) dismissal rests on (lawful only within it, Art. 21): from the
// contract's start (Art. 19: the probation is part of the contract term; the hire date when the
// directory has no start) to the directory's probation_end. Other grounds say nothing of it.
static void s_probation(const law_ground_t *g, const Hr__Workflow__Person *p, wf_doc_lang_t lang,
                        hr_arena_t *arena, const char **v)
{
    const char *start =
        s_date_of(*p->contract_start ? p->contract_start : p->hire_date, lang, arena);
    const char *end = s_date_of(p->probation_end, lang, arena);
    v[WF_DOC_F_PROBATION_START] = start;
    v[WF_DOC_F_PROBATION_END] = end;
    if (!g || g->id != LAW_GROUND_A39_1) {
        v[WF_DOC_F_PROBATION_TERMS] = "";
        return;
    }
    if (!start || !end)
        return; // a probation dismissal that cannot say its probation: HR completes it
    v[WF_DOC_F_PROBATION_TERMS] =
        lang == WF_DOC_EN
            ? hr_arena_fmt(arena, "Your probation period runs from %s to %s. ", start, end)
            : hr_arena_fmt(arena, "试用期自%s至%s。", start, end);
}

// A period's last day as a letter states it - the arbitration limit's year, the transfer's
// fifteen days (`period` says in English when it ends: "a year ends", "the fifteen days end"): a
// day off in the company calendar moves it to the day after the days off (Civil Code Art. 203), and
// the letter says so. When a year's holiday notice that is not out yet may move it
// (wf_doc_period_end_sure), the letter names no day it cannot stand by: it states the period's
// plain last day with Art. 203's rule, and that the State Council's arrangements for that year
// decide which days are off.
static const char *s_period_words(int32_t limit, const hr_calendar_t *cal, const char *period,
                                  wf_doc_lang_t lang, hr_arena_t *arena)
{
    int year = 0;
    int32_t last = wf_doc_period_end_sure(cal, limit, &year);
    if (year && lang == WF_DOC_EN)
        return hr_arena_fmt(arena,
                            "%s (where the last day of the period is a statutory rest day or "
                            "holiday, the period ends on the day after the rest days and holidays "
                            "end, under Article 203 of the Civil Code; which days of %d are rest "
                            "days and holidays follows the State Council's holiday arrangements "
                            "for %d)",
                            wf_doc_date(limit, lang, arena), year, year);
    if (year)
        return hr_arena_fmt(arena,
                            "%s（期间的最后一日是法定休假日的，依照《中华人民共和国民法典》第二百"
                            "零三条，以法定休假日结束的次日为期间的最后一日；%d年的法定休假日以国"
                            "务院办公厅公布的%d年部分节假日安排为准）",
                            wf_doc_date(limit, lang, arena), year, year);
    const char *day = wf_doc_date(last, lang, arena);
    if (last == limit)
        return day;
    bool holiday = cal && hr_calendar_kind(cal, limit) == HR_DAY_HOLIDAY;
    const char *was = wf_doc_date(limit, lang, arena);
    if (lang == WF_DOC_EN)
        return hr_arena_fmt(arena,
                            "%s (%s on %s, a %s in the Company's calendar: under Article "
                            "203 of the Civil Code the period ends on the day after the days off)",
                            day, period, was, holiday ? "public holiday" : "rest day");
    return hr_arena_fmt(arena,
                        "%s（期间届满日%s为%s，依照《中华人民共和国民法典》第二百零三条，以休假日结"
                        "束的次日为期间的最后一日）",
                        day, was, holiday ? "法定节假日" : "休息日");
}

// The contract's last day a document for `in` states: the outcome's, or before it the one the
// caller checked (the notice's, RenderDocument), else the one the review assessed; "" none.
static const char *s_effective_of(const wf_doc_input_t *in)
{
    const Hr__Workflow__Case *c = in->c;
    const Hr__Workflow__Assessment *as = c->assessment;
    const Hr__Workflow__Outcome *o =
        c->outcome && s_ends_employment(c->outcome->kind) ? c->outcome : NULL;
    return o                                           ? o->effective_date
           : in->effective_date && *in->effective_date ? in->effective_date
           : as                                        ? as->effective_date
                                                       : "";
}

// The arbitration limit's raw last day (LDMAL Art. 27) for the document of in, before Art. 203
// moves it: it runs from the day the employee knew of the infringement. A dismissal: the
// notice, in practice. A contract that ends by law (终止, Art. 44): the dispute arises when it
// ends, so a year from the effective date - never a day before that year is up (review: an
// expiry served 12-01, ending 12-17, said 12-01). hr_law's deadlines.arbitration_limit stays the
// notice's (its contract). False when the document has no day to count it from.
static bool s_limit_raw(const wf_doc_input_t *in, int32_t *limit)
{
    const Hr__Workflow__Case *c = in->c;
    const Hr__Workflow__Assessment *as = c->assessment;
    const Hr__Workflow__Outcome *o =
        c->outcome && s_ends_employment(c->outcome->kind) ? c->outcome : NULL;
    // The contract's last day and the notice's day, as wf_doc_values states them.
    const char *effective = s_effective_of(in);
    const char *served = o && *o->served_date                  ? o->served_date
                         : in->served_date && *in->served_date ? in->served_date
                         : as && *as->notice_date              ? as->notice_date
                                                               : "";
    int32_t from = 0;
    if (!hr_date_parse(wf_doc_end(c) == WF_DOC_END_TERMINATED ? effective : served, &from))
        return false;
    *limit = (int32_t)law_date_add_months(from, LAW_ARBITRATION_YEARS * LAW_MONTHS_PER_YEAR);
    return true;
}

int wf_doc_transfer_unsure(const wf_doc_input_t *in, int32_t *transfer)
{
    int32_t eff_day = 0;
    int year = 0;
    if (!hr_date_parse(s_effective_of(in), &eff_day))
        return 0;
    *transfer = eff_day + LAW_TRANSFER_DAYS;
    wf_doc_period_end_sure(in->cal, *transfer, &year);
    return year;
}

int wf_doc_limit_unsure(const wf_doc_input_t *in, int32_t *limit)
{
    int year = 0;
    if (s_limit_raw(in, limit))
        wf_doc_period_end_sure(in->cal, *limit, &year);
    return year;
}

void wf_doc_values(const wf_doc_input_t *in, wf_doc_lang_t lang, hr_arena_t *arena, const char **v)
{
    const Hr__Workflow__Case *c = in->c;
    const Hr__Workflow__Person *p = in->p;
    const Hr__Workflow__Assessment *as = c->assessment;
    const Hr__Workflow__Outcome *o =
        c->outcome && s_ends_employment(c->outcome->kind) ? c->outcome : NULL;
    for (int i = 0; i < WF_DOC_FIELD_COUNT; i++)
        v[i] = NULL;
    v[WF_DOC_F_COMPANY_NAME] = s_shown(s_nonempty(in->company_name), 0, arena);
    v[WF_DOC_F_COMPANY_ADDRESS] = s_shown(s_nonempty(in->company_address), 0, arena);
    v[WF_DOC_F_CASE_ID] = c->id;
    int32_t today = hr_day_of_ms(in->now_ms, in->tz_offset_min);
    v[WF_DOC_F_DATE] = wf_doc_date(today, lang, arena);
    v[WF_DOC_F_EMPLOYEE_NAME] = s_shown(s_nonempty(p->name), 0, arena);
    v[WF_DOC_F_EMPLOYEE_NO] = s_shown(s_nonempty(p->employee_no), 0, arena);
    // The identity number is not among what Reg. Art. 24 requires, and the certificate is owed
    // unconditionally (LCL 50, 89): without one in the directory the template's label is
    // followed by a blank for hand entry, never a gap that keeps the certificate from being made.
    v[WF_DOC_F_ID_NO] = p->id_no && *p->id_no ? s_shown(p->id_no, 0, arena) : WF_DOC_HAND_BLANK;
    v[WF_DOC_F_DEPARTMENT] = s_shown(s_nonempty(in->department), 0, arena);
    v[WF_DOC_F_POSITION] = s_shown(s_nonempty(p->title), 0, arena);
    v[WF_DOC_F_HIRE_DATE] = s_date_of(p->hire_date, lang, arena);
    // GC180: the facts and reasons HR stated at review, which the employer is held to - never
    // the manager's opening text (c->reason), which HR did not review; none is a marker.
    v[WF_DOC_F_REASON] =
        s_sentence(s_shown(s_nonempty(c->reviewed_reasons), HR_UTF8_ALLOW_TEXT, arena), arena);
    // The reasons are written to the employee ("您于..."): the union's letter quotes them as what
    // the notice to the employee states, so the second person reads right there.
    if (in->kind == WF_DOC_UNION_NOTICE && v[WF_DOC_F_REASON])
        v[WF_DOC_F_REASON] =
            lang == WF_DOC_EN
                ? hr_arena_fmt(arena,
                               "The notice to the employee states the facts and reasons as "
                               "follows: \"%s\"",
                               v[WF_DOC_F_REASON])
                : hr_arena_fmt(arena,
                               "本单位拟向该员工送达的解除劳动合同通知书所述事实和理由如下："
                               "「%s」",
                               v[WF_DOC_F_REASON]);
    s_contract(p, lang, arena, v);

    const char *effective = s_effective_of(in); // the contract's last day
    int32_t eff_day = 0, hire_day = 0, notice_day = 0;
    bool has_eff = hr_date_parse(effective, &eff_day);
    v[WF_DOC_F_EFFECTIVE_DATE] = has_eff ? wf_doc_date(eff_day, lang, arena) : NULL;
    if (has_eff && hr_date_parse(p->hire_date, &hire_day) && hire_day <= eff_day) {
        law_service_t s = law_service_between(hire_day, eff_day);
        v[WF_DOC_F_SERVICE_YEARS] = wf_doc_service(&s, lang, arena);
    }
    if (has_eff) {
        v[WF_DOC_F_CERTIFICATE_DATE] = wf_doc_date(eff_day, lang, arena);
        // Within fifteen days of the end (Art. 50), counted as the arbitration limit is.
        v[WF_DOC_F_TRANSFER_DATE] = s_period_words(eff_day + LAW_TRANSFER_DAYS, in->cal,
                                                   "the fifteen days end", lang, arena);
        // Issued at the end of the contract (Art. 50): made ahead, it bears that day, not a day
        // on which the contract still ran; made later, the day it is made, never backdated.
        v[WF_DOC_F_ISSUE_DATE] = wf_doc_date(today > eff_day ? today : eff_day, lang, arena);
    }
    // The notice's day: served (the outcome), the one checked for this notice, or the day the
    // review planned it.
    const char *served = o && *o->served_date                  ? o->served_date
                         : in->served_date && *in->served_date ? in->served_date
                         : as && *as->notice_date              ? as->notice_date
                                                               : "";
    bool has_notice = hr_date_parse(served, &notice_day);
    if (has_notice)
        v[WF_DOC_F_NOTICE_DATE] = wf_doc_date(notice_day, lang, arena);

    const law_ground_t *g = law_ground_find(c->ground);
    wf_doc_end_t end = wf_doc_end(c);
    // The arbitration limit (LDMAL Art. 27): s_limit_raw.
    int32_t limit = 0;
    if (s_limit_raw(in, &limit)) {
        v[WF_DOC_F_ARBITRATION_LIMIT] = s_period_words(limit, in->cal, "a year ends", lang, arena);
        v[WF_DOC_F_ARBITRATION_FROM] =
            end == WF_DOC_END_TERMINATED
                ? s_pick(lang, "自劳动合同终止之日起算", "counted from the day the contract ends")
                : s_pick(lang, "自本通知书送达之日起算", "counted from the service of this notice");
    }
    v[WF_DOC_F_TITLE] = s_title(in->kind, end, lang);
    v[WF_DOC_F_ENDING] = s_ending_word(end, lang, false);
    v[WF_DOC_F_ENDED] = s_ending_word(end, lang, true);
    if (g) {
        v[WF_DOC_F_ENDING_MANNER] = s_manner(g, end, lang);
        v[WF_DOC_F_GROUND_CODE] = g->code;
        v[WF_DOC_F_GROUND_TITLE] = s_pick(lang, g->title_zh, g->title_en);
        s_ground(g, c, lang, arena, v);
        // An ending on expiry has its fact in the contract itself: HR is asked for no reasons,
        // and the letter states the term's end rather than a gap to fill.
        if (!v[WF_DOC_F_REASON] && g->family == LAW_FAMILY_EXPIRY && has_eff)
            v[WF_DOC_F_REASON] =
                lang == WF_DOC_EN
                    ? hr_arena_fmt(arena,
                                   "the term of the employment contract expires on %s (Article "
                                   "44(1) of %s).",
                                   v[WF_DOC_F_EFFECTIVE_DATE], S_LCL_EN)
                    : hr_arena_fmt(arena, "劳动合同期限于%s届满（%s第四十四条第一项）。",
                                   v[WF_DOC_F_EFFECTIVE_DATE], S_LCL_ZH);
        v[WF_DOC_F_NOTICE_TERMS] = s_notice_terms(g, end, in, v, lang, arena);
        // A layoff has no advance notice of its own (LCL 41): its section is the procedure.
        v[WF_DOC_F_NOTICE_HEADING] = g && g->family == LAW_FAMILY_LAYOFF
                                         ? s_pick(lang, "裁员程序", "Layoff procedure")
                                         : s_pick(lang, "提前通知", "Notice");
        // The years of service behind the months, from the day hired to the last day.
        const char *service =
            !v[WF_DOC_F_SERVICE_YEARS] ? ""
            : lang == WF_DOC_EN
                ? hr_arena_fmt(arena, "%s, from %s to %s", v[WF_DOC_F_SERVICE_YEARS],
                               v[WF_DOC_F_HIRE_DATE], v[WF_DOC_F_EFFECTIVE_DATE])
                : hr_arena_fmt(arena, "%s（自%s入职至%s）", v[WF_DOC_F_SERVICE_YEARS],
                               v[WF_DOC_F_HIRE_DATE], v[WF_DOC_F_EFFECTIVE_DATE]);
        v[WF_DOC_F_SEVERANCE_TERMS] = s_severance_terms(g, end, as, p, service, lang, arena);
    }
    if (as) {
        v[WF_DOC_F_NOTICE_PAY] = wf_doc_amount(as->notice_pay_fen, lang, arena);
        v[WF_DOC_F_SEVERANCE] = wf_doc_amount(as->severance_fen, lang, arena);
    }
    v[WF_DOC_F_UNION_TERMS] =
        s_union_terms(end, as, in->c->union_record, in->has_union, lang, arena);
    // The union's letter (LCL 43): to the company's union by name (company/union_name, a
    // branch's union_name) or else <company_name>工会 (本单位工会 with no name), or - with none -
    // to the local or higher-level federation of trade unions (the engine's UNION_NONE advice).
    if (in->has_union && in->union_name && *in->union_name)
        v[WF_DOC_F_UNION_NAME] = in->union_name;
    else if (in->has_union)
        v[WF_DOC_F_UNION_NAME] = s_pick(
            lang,
            v[WF_DOC_F_COMPANY_NAME] ? hr_arena_fmt(arena, "%s工会", v[WF_DOC_F_COMPANY_NAME])
                                     : "本单位工会",
            "the Company's trade union");
    else
        v[WF_DOC_F_UNION_NAME] =
            s_pick(lang, "当地总工会（或上级工会）",
                   "the local federation of trade unions (or the higher-level trade union)");
    // Its opinion asked for by the day before the notice day, that day included ("于X前" alone
    // leaves X out), and never before the day after the letter's: a notice day that leaves the
    // union less than one full day has none (a marker for HR, who proposes a later day).
    if (has_notice && notice_day - 1 >= today + 1)
        v[WF_DOC_F_OPINION_BY] =
            lang == WF_DOC_EN
                ? hr_arena_fmt(arena, "%s (inclusive)", wf_doc_date(notice_day - 1, lang, arena))
                : hr_arena_fmt(arena, "%s（含当日）", wf_doc_date(notice_day - 1, lang, arena));
    s_probation(g, p, lang, arena, v);
}

// ---------------------------------------------------------------------------------------------
// Filling

typedef struct {
    char *out;  // NULL while counting
    size_t len; // bytes written (or counted)
} s_buf_t;

static void s_put(s_buf_t *b, const char *s, size_t n)
{
    if (b->out)
        memcpy(b->out + b->len, s, n);
    b->len += n;
}

// One pass over the template: counts when b->out is NULL, writes otherwise. Missing names are
// collected on the writing pass only.
static void s_pass(const char *tpl, size_t len, const char *const *v, wf_doc_lang_t lang,
                   s_buf_t *b, bool *missing)
{
    for (size_t i = 0; i < len; i++) {
        if ((tpl[i] == '{' || tpl[i] == '}') && i + 1 < len && tpl[i + 1] == tpl[i]) {
            s_put(b, tpl + i, 1);
            i++;
            continue;
        }
        size_t n = tpl[i] == '{' ? s_name_len(tpl, i + 1, len) : 0;
        int f = n ? s_field_find(tpl + i + 1, n) : -1;
        if (f < 0) {
            s_put(b, tpl + i, 1); // checked at load: only a brace wf_doc_check let through
            continue;
        }
        if (v[f]) {
            s_put(b, v[f], strlen(v[f]));
        } else {
            const char *open = lang == WF_DOC_EN ? "[missing: " : "【缺：";
            const char *close = lang == WF_DOC_EN ? "]" : "】";
            s_put(b, open, strlen(open));
            s_put(b, s_fields[f], strlen(s_fields[f]));
            s_put(b, close, strlen(close));
            missing[f] = true;
        }
        i += n + 1;
    }
}

void wf_doc_fill(const char *tpl, const wf_doc_input_t *in, wf_doc_lang_t lang, hr_arena_t *arena,
                 wf_doc_t *out)
{
    const char *v[WF_DOC_FIELD_COUNT];
    bool missing[WF_DOC_FIELD_COUNT] = {false};
    wf_doc_values(in, lang, arena, v);
    size_t len = strlen(tpl);
    s_buf_t b = {NULL, 0};
    s_pass(tpl, len, v, lang, &b, missing);
    b.out = hr_arena_alloc(arena, b.len + 1);
    b.len = 0;
    s_pass(tpl, len, v, lang, &b, missing);
    b.out[b.len] = '\0';
    out->text = b.out;
    // The anchor (wf_doc_input_t.journal_hash): a closing line the company's template cannot
    // leave out, so the letter the employee keeps pins the case's history as it stood - a later
    // rewrite of it no longer matches (the export's verify.py looks the value up).
    if ((in->kind == WF_DOC_NOTICE || in->kind == WF_DOC_CERTIFICATE) && in->journal_hash &&
        strlen(in->journal_hash) >= WF_DOC_ANCHOR_HEX)
        out->text = hr_arena_fmt(arena, "%s%s\n%s%.*s\n", b.out,
                                 b.len && b.out[b.len - 1] != '\n' ? "\n" : "",
                                 lang == WF_DOC_ZH ? WF_DOC_ANCHOR_ZH : WF_DOC_ANCHOR_EN,
                                 WF_DOC_ANCHOR_HEX, in->journal_hash);
    // A limit the letter states with Art. 203's rule instead of a day: the render warns HR.
    static const wf_doc_field_t limit[] = {WF_DOC_F_ARBITRATION_LIMIT};
    out->limit_day = 0;
    out->limit_unsure_year =
        s_names_any(tpl, limit, 1) ? wf_doc_limit_unsure(in, &out->limit_day) : 0;
    // And a transfer date stated so (the same rule, the fifteen days of Art. 50).
    static const wf_doc_field_t transfer[] = {WF_DOC_F_TRANSFER_DATE};
    out->transfer_day = 0;
    out->transfer_unsure_year =
        s_names_any(tpl, transfer, 1) ? wf_doc_transfer_unsure(in, &out->transfer_day) : 0;
    out->nmissing = 0;
    out->missing = hr_arena_alloc(arena, WF_DOC_FIELD_COUNT * sizeof *out->missing);
    for (int i = 0; i < WF_DOC_FIELD_COUNT; i++)
        if (missing[i])
            out->missing[out->nmissing++] = hr_arena_strdup(arena, s_fields[i]);
}

char *wf_doc_file_name(const Hr__Workflow__Case *c, wf_doc_kind_t kind, wf_doc_lang_t lang,
                       hr_arena_t *arena)
{
    return hr_arena_fmt(arena, "%s-%s-%s.%s.txt", s_kinds[kind], s_shown(c->employee_no, 0, arena),
                        c->id, s_langs[lang]);
}
