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

// The Chinese of a file-level problem into err_zh (errlen bytes), when the caller asked for it.
static void s_err_zh(char *err_zh, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void s_err_zh(char *err_zh, size_t errlen, const char *fmt, ...)
{
    if (!err_zh)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_zh, errlen, fmt, ap);
    va_end(ap);
}

hr_rc_t wf_csv_decode(const uint8_t *data, size_t len, hr_arena_t *arena, char **out,
                      size_t *out_len, wf_encoding_t *enc, char *err, char *err_zh, size_t errlen)
{
    if (len > WF_CSV_MAX_BYTES) {
        snprintf(err, errlen, "file: %zu bytes, at most %d", len, WF_CSV_MAX_BYTES);
        s_err_zh(err_zh, errlen, "大小为%zu字节，超过上限%d字节", len, WF_CSV_MAX_BYTES);
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
        s_err_zh(err_zh, errlen,
                 "含有空字节（NUL）：不支持UTF-16编码的文件，请另存为UTF-8编码的CSV后重新导入");
        return HR_EINVAL;
    }
    if (s_is_utf8(data, len)) {
        *out = hr_arena_strndup(arena, (const char *)data, len);
        *out_len = len;
        return HR_OK;
    }
    if (*enc == WF_ENC_UTF8_BOM) {
        snprintf(err, errlen, "file: starts with a UTF-8 BOM but is not valid UTF-8");
        s_err_zh(err_zh, errlen, "以UTF-8的BOM开头，但内容不是有效的UTF-8编码");
        return HR_EINVAL;
    }
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        snprintf(err, errlen, "file: not UTF-8, and GB18030 conversion is unavailable");
        s_err_zh(err_zh, errlen, "不是UTF-8编码，且本机无法进行GB18030转换");
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
        s_err_zh(err_zh, errlen, "第%u行既不是UTF-8编码，也不是GB18030编码（字节偏移%zu）", line,
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
                          wf_csv_row_t **rows, size_t *n, size_t *cap, char *err, char *err_zh,
                          size_t errlen)
{
    bool blank = row->nfields == 0 || (row->nfields == 1 && !*row->fields[0]);
    if (blank)
        return HR_OK;
    if (*n >= max_rows) {
        snprintf(err, errlen, "line %u: more than %zu rows", row->line, max_rows);
        s_err_zh(err_zh, errlen, "第%u行：超过%zu行的上限", row->line, max_rows);
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
                     wf_csv_row_t **rows_out, size_t *nrows_out, char *err, char *err_zh,
                     size_t errlen)
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
                s_err_zh(err_zh, errlen, "第%u行：带引号的字段缺少结束引号", row.line);
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
                s_err_zh(err_zh, errlen, "第%u行：有字段超过%d字节", row.line, WF_CSV_MAX_FIELD);
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
                s_err_zh(err_zh, errlen, "第%u行：超过%d列", row.line, WF_CSV_MAX_FIELDS);
                return HR_EINVAL;
            }
            if (flen || any || ch == ',' || row.nfields)
                row.fields[row.nfields++] = hr_arena_strndup(arena, field, flen);
            flen = 0;
            any = false;
            if (ch == '\n') {
                if (s_row_push(&row, arena, max_rows, &rows, &n, &cap, err, err_zh, errlen))
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
            s_err_zh(err_zh, errlen, "第%u行：有字段超过%d字节", row.line, WF_CSV_MAX_FIELD);
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
    e->last_kept = false;
    if (e->n >= e->cap)
        return;
    char msg[WF_SHORT_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    msg[hr_utf8_scrub(msg, strlen(msg))] = '\0'; // a cell quoted as %.64s may end mid-character
    e->items[e->n++] = (wf_row_error_t){line, column, hr_arena_strdup(arena, msg),
                                        wf_errors_label(e, column ? column : ""), ""};
    e->last_kept = true;
}

void wf_errors_zh(wf_errors_t *e, hr_arena_t *arena, const char *fmt, ...)
{
    if (!e->last_kept)
        return;
    wf_row_error_t *it = &e->items[e->n - 1];
    char msg[WF_SHORT_MAX * 8]; // Chinese takes 3 bytes a character
    size_t off = 0;
    if (it->line)
        off = (size_t)snprintf(msg, sizeof msg, "第%u行：", it->line);
    off += (size_t)snprintf(msg + off, sizeof msg - off, "%s", it->column_zh);
    if (off < sizeof msg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg + off, sizeof msg - off, fmt, ap);
        va_end(ap);
    }
    msg[hr_utf8_scrub(msg, strlen(msg))] = '\0';
    it->message_zh = hr_arena_strdup(arena, msg);
}

// What the import calls in Chinese that is not a column of the file kind (wf_errors_label).
static const wf_col_label_t s_other_labels[] = {
    {"file", "文件"},
    {"header", "表头"},
    {"head_no", "部门负责人"},
    {"roles", "角色"},
    {"employee_no", "工号"},
    {"department_id", "部门"},
    {"manager_no", "直属上级"},
    {"email", "邮箱"},
    {"mobile", "手机号码"},
    {"monthly_wage", "月工资"},
    {"", ""},
};

const char *wf_errors_label(const wf_errors_t *e, const char *column)
{
    for (size_t i = 0; i < e->nlabels; i++)
        if (!strcmp(e->labels[i].key, column))
            return e->labels[i].zh;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_other_labels); i++)
        if (!strcmp(s_other_labels[i].key, column))
            return s_other_labels[i].zh;
    return column;
}

void wf_errors_labels_copy(wf_errors_t *to, const wf_errors_t *from)
{
    memcpy(to->labels, from->labels, sizeof to->labels);
    to->nlabels = from->nlabels;
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
    C_BRANCH,
    C_COUNT
} s_col_t;

#define S_ALIASES_MAX 5 // Chinese headers one column goes by

typedef struct {
    const char *name;                   // the documented header
    const char *aliases[S_ALIASES_MAX]; // the Chinese headers rosters use (NULL-ended)
    bool required;
    const char *zh; // its name in a Chinese message when the file's header is the English one
} s_coldef_t;

static const s_coldef_t s_people_cols[C_COUNT] = {
    [C_NO] = {"employee_no", {"工号", "员工编号", "员工工号", "人员编号"}, true, "工号"},
    [C_NAME] = {"name", {"姓名", "员工姓名"}, true, "姓名"},
    [C_DEPT] = {"department_id", {"部门", "部门编号", "部门代码", "所属部门"}, true, "部门"},
    [C_MANAGER] = {"manager_no",
                   {"直属上级", "直属上级工号", "上级工号", "汇报对象"},
                   false,
                   "直属上级"},
    [C_EMAIL] = {"email", {"邮箱", "电子邮箱", "邮件地址"}, false, "邮箱"},
    [C_MOBILE] = {"mobile", {"手机", "手机号", "手机号码", "移动电话"}, false, "手机号码"},
    [C_TITLE] = {"title", {"职位", "岗位", "职务"}, false, "职位"},
    [C_HIRE] = {"hire_date", {"入职日期", "入职时间"}, false, "入职日期"},
    [C_CTYPE] = {"contract_type", {"合同类型", "劳动合同类型", "合同期限类型"}, false, "合同类型"},
    [C_CSTART] = {"contract_start",
                  {"合同开始", "合同开始日期", "合同起始日期", "合同起始日"},
                  false,
                  "合同开始日期"},
    [C_CEND] = {"contract_end",
                {"合同结束", "合同结束日期", "合同到期日", "合同终止日期"},
                false,
                "合同结束日期"},
    [C_PROBATION] = {"probation_end",
                     {"试用期结束", "试用期结束日期", "试用期截止日期"},
                     false,
                     "试用期结束日期"},
    [C_WAGE] = {"monthly_wage", {"月工资", "月薪"}, false, "月工资"},
    [C_AVG_WAGE] = {"average_wage", {"月平均工资", "平均工资"}, false, "月平均工资"},
    [C_TAGS] = {"tags", {"标签"}, false, "标签"},
    [C_ROLES] = {"roles", {"角色"}, false, "角色"},
    [C_LANG] = {"language", {"语言"}, false, "语言"},
    [C_PROTECTED] = {"protected", {"特殊保护"}, false, "特殊保护"},
    [C_BIRTH] = {"birth_date", {"出生日期"}, false, "出生日期"},
    [C_RETIRE] = {"retirement_base", {"退休年龄类别"}, false, "退休年龄类别"},
    [C_LEFT] = {"left_date", {"离职日期"}, false, "离职日期"},
    [C_ID_NO] = {"id_no", {"身份证号码", "身份证号", "证件号码"}, false, "身份证号码"},
    [C_BRANCH] = {"branch", {"分支机构", "所属分支机构"}, false, "分支机构"},
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

// The file kind's columns in Chinese into errs (wf_errors_label): each as the header names it
// when that is one of its Chinese headers, else its usual Chinese name.
static void s_labels(const wf_csv_row_t *hdr, const s_coldef_t *defs, size_t ndefs,
                     wf_errors_t *errs)
{
    errs->nlabels = 0;
    for (size_t c = 0; c < ndefs && c < WF_COLS_MAX; c++) {
        const char *zh = defs[c].zh;
        for (size_t f = 0; hdr && f < hdr->nfields; f++) {
            const char *h = hdr->fields[f];
            while (*h == ' ')
                h++;
            if (s_names(&defs[c], h) && strcmp(h, defs[c].name)) {
                zh = h; // the roster's own Chinese header (an arena field of the file)
                break;
            }
        }
        errs->labels[errs->nlabels++] = (wf_col_label_t){defs[c].name, zh};
    }
}

// Maps header cells to columns; unknown headers are errors (a typo would drop data silently).
static bool s_header(const wf_csv_row_t *hdr, const s_coldef_t *defs, size_t ndefs, int *map,
                     hr_arena_t *arena, wf_errors_t *errs)
{
    s_labels(hdr, defs, ndefs, errs);
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
                    wf_errors_zh(errs, arena, "一列出现了两次（表头第%d列和第%zu列是同一列）",
                                 map[c] + 1, f + 1);
                    ok = false;
                }
                map[c] = (int)f;
                found = true;
            }
        if (!found && *h) {
            wf_errors_add(errs, arena, hdr->line, "header", "unknown column '%.64s'", h);
            wf_errors_zh(errs, arena,
                         "中的列名“%.64s”无法识别：请按使用说明填写列名（拼错的列会让该列数据"
                         "被悄悄丢弃，所以整个文件不予导入）",
                         h);
            ok = false;
        }
    }
    for (size_t c = 0; c < ndefs; c++)
        if (defs[c].required && map[c] < 0) {
            wf_errors_add(errs, arena, hdr->line, defs[c].name, "required column is missing");
            wf_errors_zh(errs, arena, "是必填列，表头中没有这一列");
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

// What kind of hr_utf8_is_unsafe character cp is, in Chinese.
static const char *s_unsafe_kind_zh(uint32_t cp)
{
    if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069))
        return "双向文本控制符";
    if (cp == 0x2028)
        return "行分隔符";
    if (cp == 0x2029)
        return "段落分隔符";
    return "控制字符";
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
        uint32_t cp = 0;
        size_t at = hr_utf8_find_unsafe(v, len, 0, &cp);
        wf_errors_zh(errs, arena,
                     "含有%s U+%04X（第%zu字节）：不接受控制字符和双向文本控制符（它们会操控显示它"
                     "的终端，或打乱打印文件中文字的顺序），请删除后重新导入",
                     s_unsafe_kind_zh(cp), (unsigned)cp, at);
        *bad = true;
        v[hr_utf8_defang(v, len, 0)] = '\0';
    }
}

static bool s_text(wf_person_row_t *pr, const char *col, const char *v, size_t max,
                   hr_arena_t *arena, wf_errors_t *errs)
{
    if (strlen(v) > max) {
        wf_errors_add(errs, arena, pr->line, col, "longer than %zu bytes", max);
        wf_errors_zh(errs, arena, "超过%zu字节的长度上限", max);
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
        wf_errors_zh(errs, arena, "“%.32s”不是有效日期（应为YYYY-MM-DD格式，如2025-03-01）", v);
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
        wf_errors_zh(errs, arena, "不是有效的证件号码（应为%d至%d位字母或数字）", WF_ID_NO_MIN,
                     WF_ID_NO_MAX);
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
            wf_errors_zh(errs, arena,
                         "校验码不符：按居民身份证号码校验（GB 11643-1999），最后一位与前17位"
                         "不符，应有数字录入错误");
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
        wf_errors_zh(errs, arena, "“%.32s”不是以元为单位的金额（如13500.00）", v);
        pr->bad = true;
    } else if (*v && fen == 0) {
        wf_errors_add(errs, arena, pr->line, col,
                      "'%.32s': a monthly wage of 0 is not a wage (leave the cell empty when it is "
                      "not known)",
                      v);
        wf_errors_zh(errs, arena, "“%.32s”：工资不能为0（不清楚时请留空）", v);
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

// The keys a protected status takes between its kind and its source (README "Directory import"),
// each in English and as a Chinese roster writes it.
static const char *const s_prot_keys[][2] = {
    {"from", "起"},
    {"until", "止"},
    {"evidence", "证据"},
};

static bool s_hex64(const char *v)
{
    size_t n = 0;
    for (; v[n]; n++)
        if (!((v[n] >= '0' && v[n] <= '9') || (v[n] >= 'a' && v[n] <= 'f')))
            return false;
    return n == 64;
}

// One item of the protected cell: `KIND[ from=DATE][ until=DATE][ evidence=SHA256][:SOURCE]`
// (today's `kind:source` is the short form). The source is free text after the first colon, so
// the keys go before it. NULL, with the problem in errs and the row bad, for an unknown kind,
// an unknown or repeated key, a date that is not one, an end before the start, or an evidence
// id that is no SHA-256.
static Hr__Workflow__ProtectedStatus *s_protection(wf_person_row_t *pr, char *item,
                                                   hr_arena_t *arena, wf_errors_t *errs)
{
    char *colon = strchr(item, ':');
    if (colon)
        *colon = '\0';
    Hr__Workflow__ProtectedStatus *ps = hr_arena_alloc(arena, sizeof *ps);
    hr__workflow__protected_status__init(ps);
    ps->source = colon ? colon + 1 : "";
    char *head = item;
    size_t klen = strcspn(head, " ");
    char *rest = head + klen;
    if (*rest)
        *rest++ = '\0';
    if (!law_status_find(head)) {
        wf_errors_add(errs, arena, pr->line, "protected", "unknown status '%.64s'", head);
        wf_errors_zh(errs, arena,
                     "中的状态“%.64s”无法识别（应为hr_law的状态代码，如pregnant、"
                     "medical_treatment_period，可写作 状态:来源）",
                     head);
        pr->bad = true;
        return NULL;
    }
    ps->status = head;
    char **slots[] = {&ps->since, &ps->until, &ps->evidence_id};
    bool seen[HR_ARRAY_LEN(s_prot_keys)] = {false};
    while (*rest) {
        while (*rest == ' ')
            rest++;
        if (!*rest)
            break;
        size_t len = strcspn(rest, " ");
        char *tok = rest;
        rest += len;
        if (*rest)
            *rest++ = '\0';
        char *eq = strchr(tok, '=');
        size_t k = HR_ARRAY_LEN(s_prot_keys);
        if (eq) {
            *eq = '\0';
            for (k = 0; k < HR_ARRAY_LEN(s_prot_keys); k++)
                if (!strcmp(tok, s_prot_keys[k][0]) || !strcmp(tok, s_prot_keys[k][1]))
                    break;
        }
        if (!eq || k == HR_ARRAY_LEN(s_prot_keys) || seen[k]) {
            bool again = eq && k < HR_ARRAY_LEN(s_prot_keys);
            wf_errors_add(errs, arena, pr->line, "protected",
                          "%s '%.32s' in status %s: write KIND from=YYYY-MM-DD until=YYYY-MM-DD "
                          "evidence=SHA256:SOURCE (each at most once, all optional)",
                          again ? "repeated" : "unknown part", tok, head);
            wf_errors_zh(errs, arena,
                         "中状态 %s 的“%.32s”%s（格式：状态 起=YYYY-MM-DD 止=YYYY-MM-DD "
                         "证据=SHA256:来源，各项至多一次，均可省略；也可写 from、until、"
                         "evidence）",
                         head, tok, again ? "重复出现" : "无法识别");
            pr->bad = true;
            return NULL;
        }
        seen[k] = true;
        const char *v = eq + 1;
        int32_t day;
        bool date = k < 2;
        if (date ? !hr_date_parse(v, &day) : !s_hex64(v)) {
            wf_errors_add(errs, arena, pr->line, "protected",
                          date ? "%s of status %s: '%.32s' is not a date YYYY-MM-DD"
                               : "%s of status %s: '%.32s' is not an hr-evidence id (the "
                                 "certificate's SHA-256: 64 lower-case hex digits)",
                          s_prot_keys[k][0], head, v);
            wf_errors_zh(errs, arena,
                         date ? "中状态 %s 的%s“%.32s”不是有效日期（应为YYYY-MM-DD格式）"
                              : "中状态 %s 的%s“%.32s”不是证据编号（应为证明文件在证据库中的"
                                "SHA-256：64位小写十六进制）",
                         head, s_prot_keys[k][1], v);
            pr->bad = true;
            return NULL;
        }
        *slots[k] = hr_arena_strdup(arena, v);
    }
    if (*ps->since && *ps->until && strcmp(ps->until, ps->since) < 0) {
        wf_errors_add(errs, arena, pr->line, "protected", "status %s: until %s is before from %s",
                      head, ps->until, ps->since);
        wf_errors_zh(errs, arena, "中状态 %s 的止日期%s早于起日期%s", head, ps->until, ps->since);
        pr->bad = true;
        return NULL;
    }
    return ps;
}

static const char *const s_roles[] = {"hr",       "hr_head", "legal",  "manager",
                                      "employee", "union",   "payroll"};
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
        wf_errors_zh(errs, arena, "不能为空");
        pr->bad = true;
    } else if (s_text(pr, "employee_no", no, WF_KEY_MAX, arena, errs)) {
        for (const char *c = no; *c; c++)
            if (*c == ' ' || *c == ';' || *c == '|' || (unsigned char)*c < 0x20) {
                wf_errors_add(errs, arena, pr->line, "employee_no",
                              "'%.64s' holds a space or separator", no);
                wf_errors_zh(errs, arena, "“%.64s”含有空格或分隔符（; 或 |）", no);
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
            wf_errors_zh(errs, arena,
                         "“%.64s”是系统保留的编号：操作员和各服务以此身份操作（operator、workflow、"
                         "evidence、analytics、notify、assistant、gateway），请给此人另编工号",
                         no);
            pr->bad = true;
        }
    }
    p->employee_no = hr_arena_strndup(arena, no, WF_KEY_MAX);
    const char *name = s_cell(r, map, C_NAME);
    if (!*name) {
        wf_errors_add(errs, arena, pr->line, "name", "is empty");
        wf_errors_zh(errs, arena, "不能为空");
        pr->bad = true;
    }
    s_text(pr, "name", name, WF_SHORT_MAX, arena, errs);
    p->name = hr_arena_strndup(arena, name, WF_SHORT_MAX);
    const char *dept = s_cell(r, map, C_DEPT);
    if (!*dept) {
        wf_errors_add(errs, arena, pr->line, "department_id", "is empty");
        wf_errors_zh(errs, arena, "不能为空");
        pr->bad = true;
    }
    p->department_id = hr_arena_strndup(arena, dept, WF_KEY_MAX);
    p->manager_no = hr_arena_strndup(arena, s_cell(r, map, C_MANAGER), WF_KEY_MAX);
    if (*p->manager_no && !strcmp(p->manager_no, p->employee_no)) {
        wf_errors_add(errs, arena, pr->line, "manager_no", "a person cannot report to themselves");
        wf_errors_zh(errs, arena, "不能是本人（员工不能向自己汇报）");
        pr->bad = true;
    }
    // Contact details follow the rule notify applies (hr_contact), so that a person imported
    // here is a person notify can reach; the number is stored in its normal form.
    const char *email = s_cell(r, map, C_EMAIL);
    if (*email && !hr_email_is_valid(email)) {
        wf_errors_add(errs, arena, pr->line, "email", "'%.64s' is not an email address", email);
        wf_errors_zh(errs, arena, "“%.64s”不是有效的电子邮箱地址（如zhang.san@example.com）",
                     email);
        pr->bad = true;
    }
    p->email = hr_arena_strndup(arena, email, WF_SHORT_MAX);
    const char *mobile = s_cell(r, map, C_MOBILE);
    char normal[HR_MOBILE_LEN] = "";
    if (*mobile && !hr_mobile_normalize(mobile, normal)) {
        wf_errors_add(errs, arena, pr->line, "mobile", "'%.32s' is not a mobile number", mobile);
        wf_errors_zh(errs, arena,
                     "“%.32s”格式不正确（应为11位手机号码，如13800000000；境外号码以+和国家代码"
                     "开头，共7至15位数字）",
                     mobile);
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
        wf_errors_zh(errs, arena,
                     "“%.32s”无法识别（应为固定期限、无固定期限、以完成一定工作任务为期限或非全"
                     "日制；也可写fixed、open_ended、task_based、part_time）",
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
        wf_errors_zh(errs, arena,
                     "“%.32s”无法识别（应为male60、female55或female50，即原法定退休年龄类别："
                     "男职工60岁、女干部55岁、女工人50岁）",
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
    // Whether it names a branch workflow.cfg declares is the import's check (the config is not
    // the file's): here only the cell, as departments.csv's.
    p->branch = hr_arena_strndup(arena, s_cell(r, map, C_BRANCH), WF_KEY_MAX);
    pr->has_branch = map[C_BRANCH] >= 0;
    p->monthly_wage_fen = s_money(pr, "monthly_wage", s_cell(r, map, C_WAGE), arena, errs);
    p->average_wage_fen = s_money(pr, "average_wage", s_cell(r, map, C_AVG_WAGE), arena, errs);
    p->tags = s_list(s_cell(r, map, C_TAGS), &p->n_tags, arena);
    p->roles = s_list(s_cell(r, map, C_ROLES), &p->n_roles, arena);
    for (size_t i = 0; i < p->n_roles; i++)
        if (!s_in(p->roles[i], s_roles, HR_ARRAY_LEN(s_roles))) {
            wf_errors_add(errs, arena, pr->line, "roles",
                          "unknown role '%.32s' (hr, hr_head, legal, manager, employee, union, "
                          "payroll)",
                          p->roles[i]);
            wf_errors_zh(errs, arena,
                         "中的“%.32s”不是有效角色（可用：hr、hr_head、legal、manager、employee、"
                         "union、payroll）",
                         p->roles[i]);
            pr->bad = true;
        }
    const char *lang = s_cell(r, map, C_LANG);
    if (*lang && strcmp(lang, "zh") && strcmp(lang, "en")) {
        wf_errors_add(errs, arena, pr->line, "language", "'%.16s' is not zh or en", lang);
        wf_errors_zh(errs, arena, "“%.16s”无法识别（应为zh或en）", lang);
        pr->bad = true;
    }
    p->language = hr_arena_strdup(arena, *lang ? lang : "zh");
    size_t nprot = 0;
    char **prot = s_list(s_cell(r, map, C_PROTECTED), &nprot, arena);
    p->protected_statuses = hr_arena_alloc(arena, (nprot + 1) * sizeof *p->protected_statuses);
    for (size_t i = 0; i < nprot; i++) {
        Hr__Workflow__ProtectedStatus *ps = s_protection(pr, prot[i], arena, errs);
        if (ps)
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
        wf_errors_zh(errs, arena, "为空：第一行须为表头");
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

typedef enum { D_ID, D_NAME, D_HEAD, D_PARENT, D_BRANCH, D_COUNT } s_dcol_t;

static const s_coldef_t s_dept_cols[D_COUNT] = {
    [D_ID] = {"id", {"部门编号", "部门代码", "部门ID"}, true, "部门编号"},
    [D_NAME] = {"name", {"部门名称", "部门"}, true, "部门名称"},
    [D_HEAD] = {"head_no", {"负责人", "负责人工号", "部门负责人"}, false, "负责人工号"},
    [D_PARENT] = {"parent_id", {"上级部门", "上级部门编号"}, false, "上级部门"},
    [D_BRANCH] = {"branch", {"分支机构", "所属分支机构"}, false, "分支机构"},
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
        wf_errors_zh(errs, arena, "不能为空，且不超过%d字节", WF_KEY_MAX);
        dr->bad = true;
    }
    if (!*name || strlen(name) > WF_SHORT_MAX) {
        wf_errors_add(errs, arena, dr->line, "name", "must be 1..%d bytes", WF_SHORT_MAX);
        wf_errors_zh(errs, arena, "不能为空，且不超过%d字节", WF_SHORT_MAX);
        dr->bad = true;
    }
    d->id = hr_arena_strndup(arena, id, WF_KEY_MAX);
    d->name = hr_arena_strndup(arena, name, WF_SHORT_MAX);
    d->head_no = hr_arena_strndup(arena, s_cell(r, map, D_HEAD), WF_KEY_MAX);
    d->parent_id = hr_arena_strndup(arena, s_cell(r, map, D_PARENT), WF_KEY_MAX);
    d->branch = hr_arena_strndup(arena, s_cell(r, map, D_BRANCH), WF_KEY_MAX);
    if (*d->parent_id && !strcmp(d->parent_id, d->id)) {
        wf_errors_add(errs, arena, dr->line, "parent_id", "a department cannot be its own parent");
        wf_errors_zh(errs, arena, "不能是本部门（部门不能以自己为上级）");
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
