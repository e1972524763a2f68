/*  wf_document - the closing documents: the termination certificate and the termination notice.
 *
 *  A document is a company's template file (plain UTF-8 text with {placeholder} fields, one per
 *  kind and language) filled from the case, the employee's directory record, hr_law's ground
 *  table and the company's name and address. Pure: the server reads the files and the store,
 *  this file only checks templates and computes and substitutes the values; "today" comes in as
 *  now_ms. The certificate carries what Reg. Art. 24 requires (contract term, end date,
 *  position, years of service); the notice the ground in the statute's words with its article,
 *  notice or pay in lieu, the severance the review stored, the union, the Art. 50 duties and
 *  the arbitration limit.
 *
 *  A value the case cannot give (no position in the directory, no contract start) is never an
 *  empty gap: the text shows a marker naming the field and the reply lists it, so HR completes
 *  the directory or the letter before it is signed. `{{` and `}}` write a brace.
 */
#include "wf.h"

#define S_LCL_ZH "《中华人民共和国劳动合同法》"
#define S_LCL_EN "the Labour Contract Law"
#define S_MONEY_MAX 48 // "1,000,000,000.00" with a unit, with room

static const char *const s_kinds[WF_DOC_KIND_COUNT] = {"certificate", "notice"};
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

hr_rc_t wf_doc_allowed(const Hr__Workflow__Case *c, wf_doc_kind_t kind, char *err, size_t errlen)
{
    Hr__Workflow__OutcomeKind outcome =
        c->outcome ? c->outcome->kind : HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_UNSPECIFIED;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN) {
        snprintf(err, errlen, "case %s was withdrawn: the contract goes on, no %s", c->id,
                 s_kinds[kind]);
        return HR_ECONFLICT;
    }
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED) {
        snprintf(err, errlen,
                 "case %s was rescinded: the notice was revoked with the employee's agreement on "
                 "%s and the employment goes on, so no %s (no Art. 50 duty is owed)",
                 c->id, c->rescission ? c->rescission->agreement_date : "?", s_kinds[kind]);
        return HR_ECONFLICT;
    }
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED) {
        snprintf(err, errlen, "case %s: its state (%d) ends no contract: no %s", c->id,
                 (int)c->state, s_kinds[kind]);
        return HR_ECONFLICT;
    }
    if (kind == WF_DOC_CERTIFICATE) {
        // LCL Art. 50: owed once the contract ends, and never held back for the handover.
        if (s_ends_employment(outcome))
            return HR_OK;
        snprintf(err, errlen,
                 "case %s is at '%s': the certificate follows an outcome that ends the contract "
                 "(agreement signed or notice served; LCL Art. 50), and none is recorded",
                 c->id, s_stage(c));
        return HR_ECONFLICT;
    }
    const law_ground_t *g = law_ground_find(c->ground);
    if (!g || !law_ground_is_unilateral(g)) {
        snprintf(err, errlen,
                 "case %s: ground %s is not a dismissal by the employer (LCL Art. 39, 40, 41): no "
                 "notice of dismissal; the contract ends by agreement or expiry",
                 c->id, c->ground);
        return HR_ECONFLICT;
    }
    if (outcome == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED)
        return HR_OK;
    if (outcome != HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_UNSPECIFIED) {
        snprintf(err, errlen, "case %s: its outcome is not a notice served: no notice", c->id);
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
    return HR_ECONFLICT;
}

// ---------------------------------------------------------------------------------------------
// Values

// A Chinese number 1..99 (第四十条).
static const char *s_cn_number(int n, char *buf, size_t len)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    if (n <= 0 || n >= 100)
        snprintf(buf, len, "%d", n);
    else if (n < 10)
        snprintf(buf, len, "%s", digits[n]);
    else
        snprintf(buf, len, "%s十%s", n / 10 == 1 ? "" : digits[n / 10],
                 n % 10 ? digits[n % 10] : "");
    return buf;
}

// hr_law's article ("LCL 40(2)") as the statute is cited:
// 《中华人民共和国劳动合同法》第四十条第（二）项 / "Article 40(2) of the Labour Contract Law".
// Anything else is given as it is.
static char *s_article(const char *article, wf_doc_lang_t lang, hr_arena_t *arena)
{
    int art = 0, item = 0;
    char tail = 0;
    int n = sscanf(article, "LCL %d(%d%c", &art, &item, &tail);
    if (n < 1 || (n >= 2 && tail != ')'))
        return hr_arena_strdup(arena, article);
    char a[32], b[32];
    if (lang == WF_DOC_EN)
        return n >= 2 ? hr_arena_fmt(arena, "Article %d(%d) of %s", art, item, S_LCL_EN)
                      : hr_arena_fmt(arena, "Article %d of %s", art, S_LCL_EN);
    return n >= 2 ? hr_arena_fmt(arena, "%s第%s条第（%s）项", S_LCL_ZH,
                                 s_cn_number(art, a, sizeof a), s_cn_number(item, b, sizeof b))
                  : hr_arena_fmt(arena, "%s第%s条", S_LCL_ZH, s_cn_number(art, a, sizeof a));
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
    return hr_arena_fmt(arena, "%s%s.%02u 元", sign, grouped, cents);
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

static const char *s_date_of(const char *text, wf_doc_lang_t lang, hr_arena_t *arena)
{
    int32_t day;
    return text && hr_date_parse(text, &day) ? wf_doc_date(day, lang, arena) : NULL;
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

// Notice or pay in lieu, by the ground's family (Art. 40 only has them).
static const char *s_notice_terms(const law_ground_t *g, const Hr__Workflow__Assessment *as,
                                  wf_doc_lang_t lang, hr_arena_t *arena)
{
    if (g->family == LAW_FAMILY_CAUSE)
        return s_pick(lang,
                      "依照" S_LCL_ZH "第三十九条，本次解除无需提前三十日通知，亦不支付代通知金。",
                      "Under Article 39 of " S_LCL_EN ", no thirty days' notice is given and no "
                      "pay in lieu of notice is owed.");
    if (g->family == LAW_FAMILY_LAYOFF)
        return s_pick(lang,
                      "本次裁减人员依照" S_LCL_ZH
                      "第四十一条规定的程序进行（提前三十日向工会或者全体职工"
                      "说明情况并向劳动行政部门报告）。",
                      "The layoff follows the procedure of Article 41 of " S_LCL_EN
                      " (explained to the union or all staff thirty days ahead and reported to "
                      "the labour administration).");
    if (g->family != LAW_FAMILY_NOTICE || !as)
        return NULL;
    if (as->pay_in_lieu_of_notice) {
        const char *pay = wf_doc_money(as->notice_pay_fen, lang, arena);
        return lang == WF_DOC_EN
                   ? hr_arena_fmt(arena,
                                  "Instead of thirty days' written notice, the company pays you "
                                  "one extra month's wage, %s (Article 40 of %s).",
                                  pay, S_LCL_EN)
                   : hr_arena_fmt(arena,
                                  "本单位以额外支付您一个月工资（代通知金 "
                                  "%s）代替提前三十日书面通知（%s第四十条）。",
                                  pay, S_LCL_ZH);
    }
    return s_pick(
        lang, "本单位提前三十日以书面形式通知您本人（" S_LCL_ZH "第四十条）。",
        "The company gives you thirty days' written notice in person (Article 40 of " S_LCL_EN
        ").");
}

static const char *s_severance_terms(const law_ground_t *g, const Hr__Workflow__Assessment *as,
                                     wf_doc_lang_t lang, hr_arena_t *arena)
{
    if (!g->severance)
        return s_pick(lang, "依照" S_LCL_ZH "第四十六条，本次解除依法不支付经济补偿。",
                      "Under Article 46 of " S_LCL_EN ", no severance is owed on this ground.");
    if (!as)
        return NULL;
    const char *money = wf_doc_money(as->severance_fen, lang, arena);
    return lang == WF_DOC_EN
               ? hr_arena_fmt(arena,
                              "The company pays you severance of %s (Articles 46 and 47 of %s), "
                              "when you complete the agreed work handover (Article 50).",
                              money, S_LCL_EN)
               : hr_arena_fmt(arena,
                              "本单位依照%s第四十六条、第四十七条向您支付经济补偿 "
                              "%s，于您办结工作交接时支付（第五十条）。",
                              S_LCL_ZH, money);
}

static const char *s_union_terms(const Hr__Workflow__Assessment *as, bool has_union,
                                 wf_doc_lang_t lang)
{
    if (as && as->union_notified)
        return s_pick(lang, "本单位已于解除前将解除理由通知工会（" S_LCL_ZH "第四十三条）。",
                      "The company notified the union of the reasons before the termination "
                      "(Article 43 of " S_LCL_EN ").");
    if (!has_union)
        return s_pick(lang, "本单位未建立工会。", "The company has no union.");
    return NULL; // a union and no notice recorded: HR must see it, not a sentence
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
    v[WF_DOC_F_COMPANY_NAME] = s_nonempty(in->company_name);
    v[WF_DOC_F_COMPANY_ADDRESS] = s_nonempty(in->company_address);
    v[WF_DOC_F_CASE_ID] = c->id;
    v[WF_DOC_F_DATE] = wf_doc_date(hr_day_of_ms(in->now_ms, in->tz_offset_min), lang, arena);
    v[WF_DOC_F_EMPLOYEE_NAME] = s_nonempty(p->name);
    v[WF_DOC_F_EMPLOYEE_NO] = s_nonempty(p->employee_no);
    v[WF_DOC_F_DEPARTMENT] = s_nonempty(in->department);
    v[WF_DOC_F_POSITION] = s_nonempty(p->title);
    v[WF_DOC_F_HIRE_DATE] = s_date_of(p->hire_date, lang, arena);
    s_contract(p, lang, arena, v);

    // The contract's last day: the outcome's, or before it the one the review assessed.
    const char *effective = o ? o->effective_date : as ? as->effective_date : "";
    int32_t eff_day = 0, hire_day = 0, notice_day = 0;
    bool has_eff = hr_date_parse(effective, &eff_day);
    v[WF_DOC_F_EFFECTIVE_DATE] = has_eff ? wf_doc_date(eff_day, lang, arena) : NULL;
    if (has_eff && hr_date_parse(p->hire_date, &hire_day) && hire_day <= eff_day) {
        law_service_t s = law_service_between(hire_day, eff_day);
        v[WF_DOC_F_SERVICE_YEARS] = wf_doc_service(&s, lang, arena);
    }
    if (has_eff) {
        v[WF_DOC_F_CERTIFICATE_DATE] = wf_doc_date(eff_day, lang, arena);
        v[WF_DOC_F_TRANSFER_DATE] = wf_doc_date(eff_day + LAW_TRANSFER_DAYS, lang, arena);
    }
    // The notice's day: served (the outcome), or the day the review planned it.
    const char *served = o && *o->served_date     ? o->served_date
                         : as && *as->notice_date ? as->notice_date
                                                  : "";
    if (hr_date_parse(served, &notice_day)) {
        v[WF_DOC_F_NOTICE_DATE] = wf_doc_date(notice_day, lang, arena);
        v[WF_DOC_F_ARBITRATION_LIMIT] = wf_doc_date(
            law_date_add_months(notice_day, LAW_ARBITRATION_YEARS * LAW_MONTHS_PER_YEAR), lang,
            arena);
    }

    const law_ground_t *g = law_ground_find(c->ground);
    if (g) {
        v[WF_DOC_F_GROUND_CODE] = g->code;
        v[WF_DOC_F_GROUND_TITLE] = s_pick(lang, g->title_zh, g->title_en);
        v[WF_DOC_F_GROUND_ARTICLE] = s_article(g->article, lang, arena);
        v[WF_DOC_F_NOTICE_TERMS] = s_notice_terms(g, as, lang, arena);
        v[WF_DOC_F_SEVERANCE_TERMS] = s_severance_terms(g, as, lang, arena);
    }
    if (as) {
        v[WF_DOC_F_NOTICE_PAY] = wf_doc_money(as->notice_pay_fen, lang, arena);
        v[WF_DOC_F_SEVERANCE] = wf_doc_money(as->severance_fen, lang, arena);
    }
    v[WF_DOC_F_UNION_TERMS] = s_union_terms(as, in->has_union, lang);
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
    out->nmissing = 0;
    out->missing = hr_arena_alloc(arena, WF_DOC_FIELD_COUNT * sizeof *out->missing);
    for (int i = 0; i < WF_DOC_FIELD_COUNT; i++)
        if (missing[i])
            out->missing[out->nmissing++] = hr_arena_strdup(arena, s_fields[i]);
}

char *wf_doc_file_name(const Hr__Workflow__Case *c, wf_doc_kind_t kind, wf_doc_lang_t lang,
                       hr_arena_t *arena)
{
    return hr_arena_fmt(arena, "%s-%s-%s.%s.txt", s_kinds[kind], c->employee_no, c->id,
                        s_langs[lang]);
}
