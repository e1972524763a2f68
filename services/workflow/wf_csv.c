/*  wf_csv - imported files: encoding, CSV splitting, and rows into directory records.
 *
 *  Excel in China saves CSV as GB18030 (its "ANSI" code page 936) unless told otherwise, and as
 *  UTF-8 with a BOM when told; both are accepted. A file that is valid UTF-8 is taken as UTF-8;
 *  anything else is converted from GB18030 with iconv. The CSV dialect is RFC 4180 with LF or
 *  CRLF line ends. Every size is capped (wf.h). Pure apart from iconv: no I/O, no clock.
 */
#include "wf.h"

#include <iconv.h>

const char *wf_encoding_name(wf_encoding_t enc)
{
    switch (enc) {
    case WF_ENC_UTF8:
        return "utf-8";
    case WF_ENC_UTF8_BOM:
        return "utf-8-bom";
    case WF_ENC_GB18030:
        return "gb18030";
    }
    return "unknown";
}

static bool s_is_utf8(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t len;
        if (c < 0x80)
            len = 1;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
            len = 2;
        else if ((c & 0xF0) == 0xE0)
            len = 3;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
            len = 4;
        else
            return false;
        if (i + len > n)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        if (len == 3 && c == 0xE0 && s[i + 1] < 0xA0)
            return false; // overlong
        if (len == 3 && c == 0xED && s[i + 1] >= 0xA0)
            return false; // surrogate
        if (len == 4 && c == 0xF0 && s[i + 1] < 0x90)
            return false; // overlong
        if (len == 4 && c == 0xF4 && s[i + 1] >= 0x90)
            return false; // above U+10FFFF
        i += len;
    }
    return true;
}

hr_rc_t wf_csv_decode(const uint8_t *data, size_t len, hr_arena_t *arena, char **out,
                      size_t *out_len, wf_encoding_t *enc, char *err, size_t errlen)
{
    if (len > WF_CSV_MAX_BYTES) {
        snprintf(err, errlen, "file: %zu bytes, at most %d", len, WF_CSV_MAX_BYTES);
        return HR_EINVAL;
    }
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        data += 3;
        len -= 3;
        *enc = WF_ENC_UTF8_BOM;
    } else
        *enc = WF_ENC_UTF8;
    if (memchr(data, '\0', len)) {
        snprintf(err, errlen, "file: contains NUL bytes (UTF-16 is not supported: save as UTF-8)");
        return HR_EINVAL;
    }
    if (s_is_utf8(data, len)) {
        *out = hr_arena_strndup(arena, (const char *)data, len);
        *out_len = len;
        return HR_OK;
    }
    if (*enc == WF_ENC_UTF8_BOM) {
        snprintf(err, errlen, "file: starts with a UTF-8 BOM but is not valid UTF-8");
        return HR_EINVAL;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        snprintf(err, errlen, "file: not UTF-8, and GB18030 conversion is unavailable");
        return HR_EINVAL;
    }
    size_t cap = len * 2 + 4; // GB18030 -> UTF-8 grows by at most 3/2 per character
    char *buf = hr_arena_alloc(arena, cap);
    char *in = (char *)hr_arena_memdup(arena, data, len);
    char *inp = in, *outp = buf;
    size_t inleft = len, outleft = cap - 1;
    size_t rc = iconv(cd, &inp, &inleft, &outp, &outleft);
    iconv_close(cd);
    if (rc == (size_t)-1) {
        // Count the line the bad byte is on, for the message.
        size_t at = (size_t)(inp - in);
        unsigned line = 1;
        for (size_t i = 0; i < at; i++)
            line += in[i] == '\n';
        snprintf(err, errlen, "file: line %u: neither UTF-8 nor GB18030 (byte offset %zu)", line,
                 at);
        return HR_EINVAL;
    }
    *outp = '\0';
    *out = buf;
    *out_len = (size_t)(outp - buf);
    *enc = WF_ENC_GB18030;
    return HR_OK;
}

// Keeps a finished row unless it is blank; the list doubles in the arena when full. HR_EINVAL,
// with the reason in err, past max_rows.
static hr_rc_t s_row_push(const wf_csv_row_t *row, hr_arena_t *arena, size_t max_rows,
                          wf_csv_row_t **rows, size_t *n, size_t *cap, char *err, size_t errlen)
{
    bool blank = row->nfields == 0 || (row->nfields == 1 && !*row->fields[0]);
    if (blank)
        return HR_OK;
    if (*n >= max_rows) {
        snprintf(err, errlen, "line %u: more than %zu rows", row->line, max_rows);
        return HR_EINVAL;
    }
    if (*n == *cap) {
        wf_csv_row_t *bigger = hr_arena_alloc(arena, 2 * *cap * sizeof *bigger);
        memcpy(bigger, *rows, *n * sizeof *bigger);
        *rows = bigger;
        *cap *= 2;
    }
    (*rows)[(*n)++] = *row;
    return HR_OK;
}

hr_rc_t wf_csv_parse(const char *text, size_t len, hr_arena_t *arena, size_t max_rows,
                     wf_csv_row_t **rows_out, size_t *nrows_out, char *err, size_t errlen)
{
    size_t cap = 64, n = 0;
    wf_csv_row_t *rows = hr_arena_alloc(arena, cap * sizeof *rows);
    char *field = hr_arena_alloc(arena, WF_CSV_MAX_FIELD + 1);
    size_t flen = 0, i = 0;
    uint32_t line = 1;
    wf_csv_row_t row = {0};
    row.line = 1;
    bool quoted = false, any = false;
    while (i <= len) {
        char ch = i < len ? text[i] : '\n';
        bool at_end = i >= len;
        if (quoted) {
            if (at_end) {
                snprintf(err, errlen, "line %u: a quoted field is not closed", row.line);
                return HR_EINVAL;
            }
            if (ch == '"') {
                if (i + 1 < len && text[i + 1] == '"') {
                    ch = '"';
                    i++;
                } else {
                    quoted = false;
                    i++;
                    continue;
                }
            }
            if (ch == '\n')
                line++;
            if (flen >= WF_CSV_MAX_FIELD) {
                snprintf(err, errlen, "line %u: a field is longer than %d bytes", row.line,
                         WF_CSV_MAX_FIELD);
                return HR_EINVAL;
            }
            field[flen++] = ch;
            i++;
            continue;
        }
        if (ch == '"' && flen == 0) {
            quoted = true;
            any = true;
            i++;
            continue;
        }
        if (ch == ',' || ch == '\n') {
            if (flen && field[flen - 1] == '\r' && ch == '\n')
                flen--;
            if (row.nfields >= WF_CSV_MAX_FIELDS) {
                snprintf(err, errlen, "line %u: more than %d columns", row.line, WF_CSV_MAX_FIELDS);
                return HR_EINVAL;
            }
            if (flen || any || ch == ',' || row.nfields)
                row.fields[row.nfields++] = hr_arena_strndup(arena, field, flen);
            flen = 0;
            any = false;
            if (ch == '\n') {
                if (s_row_push(&row, arena, max_rows, &rows, &n, &cap, err, errlen))
                    return HR_EINVAL;
                line++;
                memset(&row, 0, sizeof row);
                row.line = line;
            }
            i++;
            continue;
        }
        if (flen >= WF_CSV_MAX_FIELD) {
            snprintf(err, errlen, "line %u: a field is longer than %d bytes", row.line,
                     WF_CSV_MAX_FIELD);
            return HR_EINVAL;
        }
        field[flen++] = ch;
        i++;
    }
    *rows_out = rows;
    *nrows_out = n;
    return HR_OK;
}

void wf_errors_init(wf_errors_t *e, hr_arena_t *arena)
{
    memset(e, 0, sizeof *e);
    e->cap = WF_IMPORT_MAX_ERRORS;
    e->items = hr_arena_alloc(arena, e->cap * sizeof *e->items);
}

void wf_errors_add(wf_errors_t *e, hr_arena_t *arena, uint32_t line, const char *column,
                   const char *fmt, ...)
{
    e->total++;
    if (e->n >= e->cap)
        return;
    char msg[WF_SHORT_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    e->items[e->n++] = (wf_row_error_t){line, column, hr_arena_strdup(arena, msg)};
}

// ---------------------------------------------------------------------------------------------
// Columns

typedef enum {
    C_NO,
    C_NAME,
    C_DEPT,
    C_MANAGER,
    C_EMAIL,
    C_MOBILE,
    C_TITLE,
    C_HIRE,
    C_CTYPE,
    C_CSTART,
    C_CEND,
    C_PROBATION,
    C_WAGE,
    C_AVG_WAGE,
    C_TAGS,
    C_ROLES,
    C_LANG,
    C_PROTECTED,
    C_BIRTH,
    C_RETIRE,
    C_LEFT,
    C_ID_NO,
    C_COUNT
} s_col_t;

#define S_ALIASES_MAX 5 // Chinese headers one column goes by

typedef struct {
    const char *name;                   // the documented header
    const char *aliases[S_ALIASES_MAX]; // the Chinese headers rosters use (NULL-ended)
    bool required;
} s_coldef_t;

static const s_coldef_t s_people_cols[C_COUNT] = {
    [C_NO] = {"employee_no", {"工号", "员工编号", "员工工号", "人员编号"}, true},
    [C_NAME] = {"name", {"姓名", "员工姓名"}, true},
    [C_DEPT] = {"department_id", {"部门", "部门编号", "部门代码", "所属部门"}, true},
    [C_MANAGER] = {"manager_no", {"直属上级", "直属上级工号", "上级工号", "汇报对象"}, false},
    [C_EMAIL] = {"email", {"邮箱", "电子邮箱", "邮件地址"}, false},
    [C_MOBILE] = {"mobile", {"手机", "手机号", "手机号码", "移动电话"}, false},
    [C_TITLE] = {"title", {"职位", "岗位", "职务"}, false},
    [C_HIRE] = {"hire_date", {"入职日期", "入职时间"}, false},
    [C_CTYPE] = {"contract_type", {"合同类型", "劳动合同类型", "合同期限类型"}, false},
    [C_CSTART] = {"contract_start",
                  {"合同开始", "合同开始日期", "合同起始日期", "合同起始日"},
                  false},
    [C_CEND] = {"contract_end", {"合同结束", "合同结束日期", "合同到期日", "合同终止日期"}, false},
    [C_PROBATION] = {"probation_end", {"试用期结束", "试用期结束日期", "试用期截止日期"}, false},
    [C_WAGE] = {"monthly_wage", {"月工资", "月薪"}, false},
    [C_AVG_WAGE] = {"average_wage", {"月平均工资", "平均工资"}, false},
    [C_TAGS] = {"tags", {"标签"}, false},
    [C_ROLES] = {"roles", {"角色"}, false},
    [C_LANG] = {"language", {"语言"}, false},
    [C_PROTECTED] = {"protected", {"特殊保护"}, false},
    [C_BIRTH] = {"birth_date", {"出生日期"}, false},
    [C_RETIRE] = {"retirement_base", {"退休年龄类别"}, false},
    [C_LEFT] = {"left_date", {"离职日期"}, false},
    [C_ID_NO] = {"id_no", {"身份证号码", "身份证号", "证件号码"}, false},
};

// Whether header h names column def: its documented name or one of its Chinese headers.
static bool s_names(const s_coldef_t *def, const char *h)
{
    if (!strcmp(h, def->name))
        return true;
    for (size_t i = 0; i < S_ALIASES_MAX && def->aliases[i]; i++)
        if (!strcmp(h, def->aliases[i]))
            return true;
    return false;
}

// Maps header cells to columns; unknown headers are errors (a typo would drop data silently).
static bool s_header(const wf_csv_row_t *hdr, const s_coldef_t *defs, size_t ndefs, int *map,
                     hr_arena_t *arena, wf_errors_t *errs)
{
    for (size_t c = 0; c < ndefs; c++)
        map[c] = -1;
    bool ok = true;
    for (size_t f = 0; f < hdr->nfields; f++) {
        const char *h = hdr->fields[f];
        while (*h == ' ')
            h++;
        bool found = false;
        for (size_t c = 0; c < ndefs; c++)
            if (s_names(&defs[c], h)) {
                if (map[c] >= 0) {
                    wf_errors_add(errs, arena, hdr->line, defs[c].name, "column appears twice");
                    ok = false;
                }
                map[c] = (int)f;
                found = true;
            }
        if (!found && *h) {
            wf_errors_add(errs, arena, hdr->line, "header", "unknown column '%.64s'", h);
            ok = false;
        }
    }
    for (size_t c = 0; c < ndefs; c++)
        if (defs[c].required && map[c] < 0) {
            wf_errors_add(errs, arena, hdr->line, defs[c].name, "required column is missing");
            ok = false;
        }
    return ok;
}

static const char *s_cell(const wf_csv_row_t *r, const int *map, int col)
{
    int f = map[col];
    if (f < 0 || (size_t)f >= r->nfields)
        return "";
    char *v = r->fields[f];
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        v[--n] = '\0';
    return v;
}

// Refuses each cell of the row that holds a control or bidi character (hr_utf8_is_unsafe): no
// name, key or list of the directory needs one, not even a tab or a line break, and a name
// holding ESC or U+202E would act on the terminal it is shown on or reorder the letter it is
// printed in. The error names the character; the cell is then defanged in place, so that no
// later message about it quotes the character (the row is bad and is not imported).
static void s_cells_clean(const wf_csv_row_t *r, const int *map, const s_coldef_t *defs,
                          size_t ncols, uint32_t line, bool *bad, hr_arena_t *arena,
                          wf_errors_t *errs)
{
    for (size_t c = 0; c < ncols; c++) {
        if (map[c] < 0 || (size_t)map[c] >= r->nfields)
            continue;
        char *v = (char *)s_cell(r, map, (int)c); // a field of r, which s_cell trims in place
        size_t len = strlen(v);
        char why[WF_SHORT_MAX];
        if (!hr_utf8_has_unsafe(v, len, 0, why, sizeof why))
            continue;
        wf_errors_add(errs, arena, line, defs[c].name, "%s", why);
        *bad = true;
        v[hr_utf8_defang(v, len, 0)] = '\0';
    }
}

static bool s_text(wf_person_row_t *pr, const char *col, const char *v, size_t max,
                   hr_arena_t *arena, wf_errors_t *errs)
{
    if (strlen(v) > max) {
        wf_errors_add(errs, arena, pr->line, col, "longer than %zu bytes", max);
        pr->bad = true;
        return false;
    }
    return true;
}

static char *s_date(wf_person_row_t *pr, const char *col, const char *v, hr_arena_t *arena,
                    wf_errors_t *errs)
{
    if (!*v)
        return "";
    int32_t day;
    if (!hr_date_parse(v, &day)) {
        wf_errors_add(errs, arena, pr->line, col, "'%.32s' is not a date YYYY-MM-DD", v);
        pr->bad = true;
        return "";
    }
    return hr_arena_strdup(arena, v);
}

// An identity document's number: 6 to 32 letters and digits, upper-cased; one of 18 with 17
// digits first is a resident identity card's (GB 11643-1999), whose last character must be its
// check digit - a typo would put a stranger's number on the certificate. The value is never
// quoted back: it is personal data.
static char *s_id_no(wf_person_row_t *pr, const char *v, hr_arena_t *arena, wf_errors_t *errs)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    size_t n = strlen(v), digits = 0;
    if (!n)
        return "";
    bool ok = n >= WF_ID_NO_MIN && n <= WF_ID_NO_MAX;
    char *up = hr_arena_strdup(arena, v);
    for (size_t i = 0; ok && i < n; i++) {
        char ch = up[i] >= 'a' && up[i] <= 'z' ? (char)(up[i] - 'a' + 'A') : up[i];
        ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z');
        up[i] = ch;
        digits += i < 17 && ch >= '0' && ch <= '9';
    }
    if (!ok) {
        wf_errors_add(errs, arena, pr->line, "id_no",
                      "not an identity document's number (%d to %d letters and digits)",
                      WF_ID_NO_MIN, WF_ID_NO_MAX);
        pr->bad = true;
        return "";
    }
    if (n == 18 && digits == 17) {
        int sum = 0;
        for (int i = 0; i < 17; i++)
            sum += (up[i] - '0') * weight[i];
        if (up[17] != check[sum % 11]) {
            wf_errors_add(errs, arena, pr->line, "id_no",
                          "a resident identity card number whose check digit does not match "
                          "(GB 11643-1999): a digit is mistyped");
            pr->bad = true;
            return "";
        }
    }
    return up;
}

// A wage: empty is "not given" (0); a written 0 is refused - nobody works for nothing, and a
// zero would only be found at HR review, where it stops the assessment.
static int64_t s_money(wf_person_row_t *pr, const char *col, const char *v, hr_arena_t *arena,
                       wf_errors_t *errs)
{
    int64_t fen = 0;
    if (*v && !law_fen_parse(v, &fen)) {
        wf_errors_add(errs, arena, pr->line, col, "'%.32s' is not an amount in yuan (13500.00)", v);
        pr->bad = true;
    } else if (*v && fen == 0) {
        wf_errors_add(errs, arena, pr->line, col,
                      "'%.32s': a monthly wage of 0 is not a wage (leave the cell empty when it is "
                      "not known)",
                      v);
        pr->bad = true;
    }
    return fen;
}

// Splits "a;b|c" into arena strings; at most WF_LIST_MAX.
static char **s_list(const char *v, size_t *n, hr_arena_t *arena)
{
    char **out = hr_arena_alloc(arena, WF_LIST_MAX * sizeof *out);
    *n = 0;
    const char *p = v;
    while (*p && *n < WF_LIST_MAX) {
        size_t len = strcspn(p, ";|");
        const char *s = p;
        size_t l = len;
        while (l && *s == ' ') {
            s++;
            l--;
        }
        while (l && s[l - 1] == ' ')
            l--;
        if (l)
            out[(*n)++] = hr_arena_strndup(arena, s, l);
        p += len;
        if (*p)
            p++;
    }
    return out;
}

static const char *const s_roles[] = {"hr", "hr_head", "legal", "manager", "employee"};
static const char *const s_contracts[] = {"fixed", "open_ended", "task_based", "part_time"};
// The contract types as a Chinese roster writes them (LCL Arts. 13-15, 68), each with its key.
static const char *const s_contracts_zh[][2] = {
    {"固定期限", "fixed"},
    {"固定期限劳动合同", "fixed"},
    {"无固定期限", "open_ended"},
    {"无固定期限劳动合同", "open_ended"},
    {"以完成一定工作任务为期限", "task_based"},
    {"以完成一定工作任务为期限的劳动合同", "task_based"},
    {"非全日制", "part_time"},
    {"非全日制用工", "part_time"},
};

static bool s_in(const char *v, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v, set[i]))
            return true;
    return false;
}

static void s_person(wf_person_row_t *pr, const wf_csv_row_t *r, const int *map, hr_arena_t *arena,
                     wf_errors_t *errs)
{
    Hr__Workflow__Person *p = hr_arena_alloc(arena, sizeof *p);
    hr__workflow__person__init(p);
    pr->person = p;
    s_cells_clean(r, map, s_people_cols, C_COUNT, pr->line, &pr->bad, arena, errs);
    const char *no = s_cell(r, map, C_NO);
    if (!*no) {
        wf_errors_add(errs, arena, pr->line, "employee_no", "is empty");
        pr->bad = true;
    } else if (s_text(pr, "employee_no", no, WF_KEY_MAX, arena, errs)) {
        for (const char *c = no; *c; c++)
            if (*c == ' ' || *c == ';' || *c == '|' || (unsigned char)*c < 0x20) {
                wf_errors_add(errs, arena, pr->line, "employee_no",
                              "'%.64s' holds a space or separator", no);
                pr->bad = true;
                break;
            }
        // The operator's and the daemons' own ids: a person holding one would be taken for
        // them (what hrctl uploaded as the operator, a daemon's commands).
        if (!pr->bad && hr_user_id_is_reserved(no)) {
            wf_errors_add(errs, arena, pr->line, "employee_no",
                          "'%.64s' is reserved: the operator and the daemons act under it "
                          "(operator, workflow, evidence, analytics, notify, assistant, gateway); "
                          "give the person another number",
                          no);
            pr->bad = true;
        }
    }
    p->employee_no = hr_arena_strndup(arena, no, WF_KEY_MAX);
    const char *name = s_cell(r, map, C_NAME);
    if (!*name) {
        wf_errors_add(errs, arena, pr->line, "name", "is empty");
        pr->bad = true;
    }
    s_text(pr, "name", name, WF_SHORT_MAX, arena, errs);
    p->name = hr_arena_strndup(arena, name, WF_SHORT_MAX);
    const char *dept = s_cell(r, map, C_DEPT);
    if (!*dept) {
        wf_errors_add(errs, arena, pr->line, "department_id", "is empty");
        pr->bad = true;
    }
    p->department_id = hr_arena_strndup(arena, dept, WF_KEY_MAX);
    p->manager_no = hr_arena_strndup(arena, s_cell(r, map, C_MANAGER), WF_KEY_MAX);
    if (*p->manager_no && !strcmp(p->manager_no, p->employee_no)) {
        wf_errors_add(errs, arena, pr->line, "manager_no", "a person cannot report to themselves");
        pr->bad = true;
    }
    // Contact details follow the rule notify applies (hr_contact), so that a person imported
    // here is a person notify can reach; the number is stored in its normal form.
    const char *email = s_cell(r, map, C_EMAIL);
    if (*email && !hr_email_is_valid(email)) {
        wf_errors_add(errs, arena, pr->line, "email", "'%.64s' is not an email address", email);
        pr->bad = true;
    }
    p->email = hr_arena_strndup(arena, email, WF_SHORT_MAX);
    const char *mobile = s_cell(r, map, C_MOBILE);
    char normal[HR_MOBILE_LEN] = "";
    if (*mobile && !hr_mobile_normalize(mobile, normal)) {
        wf_errors_add(errs, arena, pr->line, "mobile", "'%.32s' is not a mobile number", mobile);
        pr->bad = true;
    }
    p->mobile = hr_arena_strdup(arena, normal);
    p->title = hr_arena_strndup(arena, s_cell(r, map, C_TITLE), WF_SHORT_MAX);
    p->hire_date = s_date(pr, "hire_date", s_cell(r, map, C_HIRE), arena, errs);
    const char *ctype = s_cell(r, map, C_CTYPE);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_contracts_zh); i++)
        if (!strcmp(ctype, s_contracts_zh[i][0]))
            ctype = s_contracts_zh[i][1];
    if (*ctype && !s_in(ctype, s_contracts, HR_ARRAY_LEN(s_contracts))) {
        wf_errors_add(errs, arena, pr->line, "contract_type",
                      "'%.32s' is not fixed, open_ended, task_based or part_time (固定期限, "
                      "无固定期限, 以完成一定工作任务为期限, 非全日制)",
                      ctype);
        pr->bad = true;
    }
    p->contract_type = hr_arena_strdup(arena, *ctype ? ctype : "fixed");
    p->contract_start = s_date(pr, "contract_start", s_cell(r, map, C_CSTART), arena, errs);
    p->contract_end = s_date(pr, "contract_end", s_cell(r, map, C_CEND), arena, errs);
    p->probation_end = s_date(pr, "probation_end", s_cell(r, map, C_PROBATION), arena, errs);
    p->birth_date = s_date(pr, "birth_date", s_cell(r, map, C_BIRTH), arena, errs);
    const char *base = s_cell(r, map, C_RETIRE);
    law_retire_base_t rb;
    if (*base && !law_retire_base_find(base, &rb)) {
        wf_errors_add(errs, arena, pr->line, "retirement_base",
                      "'%.32s' is not male60, female55 or female50 (the original statutory "
                      "retirement age group)",
                      base);
        pr->bad = true;
    }
    p->retirement_base = hr_arena_strndup(arena, base, WF_KEY_MAX);
    pr->has_protected = map[C_PROTECTED] >= 0;
    pr->has_birth_date = map[C_BIRTH] >= 0;
    pr->has_retirement_base = map[C_RETIRE] >= 0;
    p->left_date = s_date(pr, "left_date", s_cell(r, map, C_LEFT), arena, errs);
    pr->has_left_date = map[C_LEFT] >= 0;
    p->id_no = s_id_no(pr, s_cell(r, map, C_ID_NO), arena, errs);
    pr->has_id_no = map[C_ID_NO] >= 0;
    p->monthly_wage_fen = s_money(pr, "monthly_wage", s_cell(r, map, C_WAGE), arena, errs);
    p->average_wage_fen = s_money(pr, "average_wage", s_cell(r, map, C_AVG_WAGE), arena, errs);
    p->tags = s_list(s_cell(r, map, C_TAGS), &p->n_tags, arena);
    p->roles = s_list(s_cell(r, map, C_ROLES), &p->n_roles, arena);
    for (size_t i = 0; i < p->n_roles; i++)
        if (!s_in(p->roles[i], s_roles, HR_ARRAY_LEN(s_roles))) {
            wf_errors_add(errs, arena, pr->line, "roles",
                          "unknown role '%.32s' (hr, hr_head, legal, manager, employee)",
                          p->roles[i]);
            pr->bad = true;
        }
    const char *lang = s_cell(r, map, C_LANG);
    if (*lang && strcmp(lang, "zh") && strcmp(lang, "en")) {
        wf_errors_add(errs, arena, pr->line, "language", "'%.16s' is not zh or en", lang);
        pr->bad = true;
    }
    p->language = hr_arena_strdup(arena, *lang ? lang : "zh");
    size_t nprot = 0;
    char **prot = s_list(s_cell(r, map, C_PROTECTED), &nprot, arena);
    p->protected_statuses = hr_arena_alloc(arena, (nprot + 1) * sizeof *p->protected_statuses);
    for (size_t i = 0; i < nprot; i++) {
        char *colon = strchr(prot[i], ':');
        if (colon)
            *colon = '\0';
        if (!law_status_find(prot[i])) {
            wf_errors_add(errs, arena, pr->line, "protected", "unknown status '%.64s'", prot[i]);
            pr->bad = true;
            continue;
        }
        Hr__Workflow__ProtectedStatus *ps = hr_arena_alloc(arena, sizeof *ps);
        hr__workflow__protected_status__init(ps);
        ps->status = prot[i];
        ps->source = colon ? colon + 1 : "";
        p->protected_statuses[p->n_protected_statuses++] = ps;
    }
}

// The file's first row as its header: false, with the reason in errs, for an empty file or a
// header s_header refuses.
static bool s_header_row(const wf_csv_row_t *rows, size_t nrows, const s_coldef_t *cols,
                         size_t ncols, int *map, hr_arena_t *arena, wf_errors_t *errs)
{
    if (!nrows) {
        wf_errors_add(errs, arena, 0, "file", "is empty: a header row is required");
        return false;
    }
    return s_header(&rows[0], cols, ncols, map, arena, errs);
}

void wf_people_from_csv(const wf_csv_row_t *rows, size_t nrows, hr_arena_t *arena,
                        wf_person_row_t **out, size_t *nout, wf_errors_t *errs)
{
    *out = NULL;
    *nout = 0;
    int map[C_COUNT];
    if (!s_header_row(rows, nrows, s_people_cols, C_COUNT, map, arena, errs))
        return;
    wf_person_row_t *list = hr_arena_alloc(arena, nrows * sizeof *list);
    for (size_t i = 1; i < nrows; i++) {
        wf_person_row_t *pr = &list[i - 1];
        pr->line = rows[i].line;
        s_person(pr, &rows[i], map, arena, errs);
    }
    *out = list;
    *nout = nrows - 1;
}

typedef enum { D_ID, D_NAME, D_HEAD, D_PARENT, D_COUNT } s_dcol_t;

static const s_coldef_t s_dept_cols[D_COUNT] = {
    [D_ID] = {"id", {"部门编号", "部门代码", "部门ID"}, true},
    [D_NAME] = {"name", {"部门名称", "部门"}, true},
    [D_HEAD] = {"head_no", {"负责人", "负责人工号", "部门负责人"}, false},
    [D_PARENT] = {"parent_id", {"上级部门", "上级部门编号"}, false},
};

// One department row; problems go to errs and mark the row bad.
static void s_department(wf_dept_row_t *dr, const wf_csv_row_t *r, const int *map,
                         hr_arena_t *arena, wf_errors_t *errs)
{
    Hr__Workflow__Department *d = hr_arena_alloc(arena, sizeof *d);
    hr__workflow__department__init(d);
    dr->dept = d;
    s_cells_clean(r, map, s_dept_cols, D_COUNT, dr->line, &dr->bad, arena, errs);
    const char *id = s_cell(r, map, D_ID);
    const char *name = s_cell(r, map, D_NAME);
    if (!*id || strlen(id) > WF_KEY_MAX) {
        wf_errors_add(errs, arena, dr->line, "id", "must be 1..%d bytes", WF_KEY_MAX);
        dr->bad = true;
    }
    if (!*name || strlen(name) > WF_SHORT_MAX) {
        wf_errors_add(errs, arena, dr->line, "name", "must be 1..%d bytes", WF_SHORT_MAX);
        dr->bad = true;
    }
    d->id = hr_arena_strndup(arena, id, WF_KEY_MAX);
    d->name = hr_arena_strndup(arena, name, WF_SHORT_MAX);
    d->head_no = hr_arena_strndup(arena, s_cell(r, map, D_HEAD), WF_KEY_MAX);
    d->parent_id = hr_arena_strndup(arena, s_cell(r, map, D_PARENT), WF_KEY_MAX);
    if (*d->parent_id && !strcmp(d->parent_id, d->id)) {
        wf_errors_add(errs, arena, dr->line, "parent_id", "a department cannot be its own parent");
        dr->bad = true;
    }
}

void wf_departments_from_csv(const wf_csv_row_t *rows, size_t nrows, hr_arena_t *arena,
                             wf_dept_row_t **out, size_t *nout, wf_errors_t *errs)
{
    *out = NULL;
    *nout = 0;
    int map[D_COUNT];
    if (!s_header_row(rows, nrows, s_dept_cols, D_COUNT, map, arena, errs))
        return;
    wf_dept_row_t *list = hr_arena_alloc(arena, nrows * sizeof *list);
    for (size_t i = 1; i < nrows; i++) {
        wf_dept_row_t *dr = &list[i - 1];
        dr->line = rows[i].line;
        s_department(dr, &rows[i], map, arena, errs);
    }
    *out = list;
    *nout = nrows - 1;
}
