/*  an_feeds - one parser per feed and format, all producing the same records: punches for
 *  attendance, keyed rows for everything else (README "feeds" lists the columns).
 *
 *  Pure: text in, callbacks out. A record that cannot be used goes to sink->bad with its line
 *  and a reason, never silently dropped; a file that cannot be read at all (no header, unknown
 *  format, JSON that does not parse) is refused as a whole. CSV headers are matched by name,
 *  case-insensitively, in any order, with the Chinese names HR exports use.
 */
#include "an.h"

#include <ctype.h>
#include <jansson.h>
#include <strings.h>

#define S_COLS_MAX 12
#define S_WHY_MAX 320
#define S_TRAILER_MAX 64 // bytes of a device serial or checksum line

typedef struct {
    const char *name;    // canonical column name (README)
    const char *aliases; // '|'-separated, compared case-insensitively
    bool required;
    bool any_of; // one of the any_of columns is required (attendance: pin or employee_no)
} s_col_t;

typedef struct {
    const s_col_t *cols; // borrowed
    size_t ncols;
    int ix[S_COLS_MAX]; // field index of each column, -1 absent
    size_t width;       // fields in the header
} s_header_t;

const char *an_kind_name(Hr__Analytics__FeedKind kind)
{
    switch (kind) {
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE:
        return "attendance";
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES:
        return "schedules";
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE:
        return "performance";
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING:
        return "training";
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS:
        return "surveys";
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE:
        return "people";
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE:
        return "leave";
    default:
        return "unspecified";
    }
}

const char *an_format_name(const char *format)
{
    if (!format || !*format || !strcmp(format, "csv"))
        return "generic";
    if (!strcmp(format, "attlog"))
        return "zkteco";
    return format;
}

bool an_format_is_lines(Hr__Analytics__FeedKind kind, const char *format)
{
    const char *f = an_format_name(format);
    return kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE ||
           (strcmp(f, "dingtalk") && strcmp(f, "wecom"));
}

bool an_record_id(const char *json, size_t len, char *out)
{
    static const char *const keys[] = {"id", "recordId"};
    *out = '\0';
    json_t *o = json_loadb(json, len, JSON_DECODE_ANY, NULL);
    for (size_t i = 0; json_is_object(o) && !*out && i < HR_ARRAY_LEN(keys); i++) {
        json_t *v = json_object_get(o, keys[i]);
        if (json_is_integer(v))
            snprintf(out, AN_ID_MAX + 1, "%lld", (long long)json_integer_value(v));
        else if (json_is_string(v) && json_string_length(v) <= AN_ID_MAX &&
                 an_id_is_clean(json_string_value(v)))
            snprintf(out, AN_ID_MAX + 1, "%s", json_string_value(v));
    }
    json_decref(o);
    return *out != '\0';
}

static const char *s_why_value(char *why, const char *col, const char *f, size_t l,
                               const char *what);

// Where the record at rec_off (rec_len bytes, starting on line rec_line) holds bytes that are not
// UTF-8, when the text has any (opts->bad_utf8): the line and byte offset in the file and the
// bytes, into buf; NULL when it holds none.
static const char *s_not_utf8(const an_parse_opts_t *opts, const char *text, size_t rec_off,
                              size_t rec_len, uint32_t rec_line, char *buf, size_t buf_len)
{
    size_t off = 0;
    char hex[16];
    if (!opts->bad_utf8 || !an_utf8_first_bad(text + rec_off, rec_len, &off, hex, sizeof hex))
        return NULL;
    uint32_t line = rec_line; // a quoted field may hold line ends
    for (size_t i = rec_off; i < rec_off + off; i++)
        line += text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n');
    size_t at = opts->text_at + rec_off + off;
    snprintf(
        buf, buf_len,
        "第%u行（字节偏移%zu）：字节 %s 不是有效的 UTF-8 字符，此行未导入，请改正该处字符后重新"
        "导入 / line %u, byte offset %zu: bytes %s are not UTF-8; this row was not imported: "
        "correct the character there and import the file again",
        line, at, hex, line, at, hex);
    return buf;
}

static bool s_alias_match(const char *aliases, const char *f, size_t flen)
{
    const char *a = aliases;
    while (*a) {
        const char *bar = strchr(a, '|');
        size_t al = bar ? (size_t)(bar - a) : strlen(a);
        if (al == flen && !strncasecmp(a, f, al))
            return true;
        if (!bar)
            break;
        a = bar + 1;
    }
    return false;
}

// "line N: header: no column '<name>' (<every name it goes by>" into why: the caller closes
// the bracket (and may say more).
static void s_no_column(char *why, size_t why_len, uint32_t line, const s_col_t *col)
{
    int n = snprintf(why, why_len, "line %u: header: no column '%s' (", line, col->name);
    if (n < 0)
        n = 0;
    if ((size_t)n >= why_len)
        n = (int)why_len - 1;
    for (const char *a = col->aliases; *a && (size_t)n + 3 < why_len; a++) { // '|' as ", "
        if (*a == '|') {
            why[n++] = ',';
            why[n++] = ' ';
        } else {
            why[n++] = *a;
        }
    }
    why[n < (int)why_len ? n : (int)why_len - 1] = '\0';
}

// The same in Chinese, into zh (zh_len bytes, NULL: nothing): "第N行表头：缺少“<name>”列（可写作：
// <every name it goes by>）", then more (alt: the column that would do instead, or NULL).
static void s_no_column_zh(char *zh, size_t zh_len, uint32_t line, const s_col_t *col,
                           const char *alt, const char *more)
{
    char names[256];
    size_t n = 0;
    for (const char *a = col->aliases; *a && n + 3 < sizeof names; a++) {
        if (*a == '|') {
            names[n++] = '\xe3'; // 、
            names[n++] = '\x80';
            names[n++] = '\x81';
        } else {
            names[n++] = *a;
        }
    }
    names[hr_utf8_cut(names, n)] = '\0';
    an_zh(zh, zh_len, "第%u行表头：缺少“%s”列（可写作：%s）%s%s%s%s", line, col->name, names,
          alt ? "，也没有“" : "", alt ? alt : "", alt ? "”列" : "", more);
}

// The columns of one record read as a header: h->ix of each, *found the columns found. NULL or
// why the record cannot be the header (a required column missing, one named twice); zh (NULL:
// not wanted) the same in Chinese.
static const char *s_header_try(const an_csv_t *csv, s_header_t *h, size_t *found, char *why,
                                size_t why_len, char *zh, size_t zh_len)
{
    *found = 0;
    for (size_t c = 0; c < h->ncols; c++)
        h->ix[c] = -1;
    h->width = csv->nf;
    while (h->width && csv->flen[h->width - 1] == 0) // trailing delimiter
        h->width--;
    const char *dup = NULL;
    for (size_t i = 0; i < csv->nf; i++) {
        const char *f = csv->f[i];
        size_t fl = csv->flen[i];
        while (fl && (*f == ' ')) {
            f++;
            fl--;
        }
        while (fl && f[fl - 1] == ' ')
            fl--;
        for (size_t c = 0; c < h->ncols; c++) {
            if (!s_alias_match(h->cols[c].aliases, f, fl))
                continue;
            if (h->ix[c] >= 0 && !dup) {
                int j = h->ix[c];
                snprintf(why, why_len,
                         "line %u: header: columns %d ('%.*s') and %zu ('%.*s') are both '%s': "
                         "keep one",
                         csv->rec_line, j + 1, (int)(csv->flen[j] > 40 ? 40 : csv->flen[j]),
                         csv->f[j], i + 1, (int)(fl > 40 ? 40 : fl), f, h->cols[c].name);
                an_zh(zh, zh_len,
                      "第%u行表头：第 %d 列（“%.*s”）和第 %zu 列（“%.*s”）都是“%s”列：请删去其中一"
                      "列后重新导入",
                      csv->rec_line, j + 1, (int)(csv->flen[j] > 40 ? 40 : csv->flen[j]), csv->f[j],
                      i + 1, (int)(fl > 40 ? 40 : fl), f, h->cols[c].name);
                dup = why;
            }
            if (h->ix[c] < 0) {
                h->ix[c] = (int)i;
                (*found)++;
            }
        }
    }
    if (dup)
        return dup;
    bool any = false, any_found = false;
    for (size_t c = 0; c < h->ncols; c++) {
        any |= h->cols[c].any_of;
        any_found |= h->cols[c].any_of && h->ix[c] >= 0;
    }
    for (size_t c = 0; c < h->ncols; c++)
        if ((h->cols[c].required && h->ix[c] < 0) || (h->cols[c].any_of && any && !any_found)) {
            s_no_column(why, why_len, csv->rec_line, &h->cols[c]);
            const char *alt = NULL;
            for (size_t d = 0; d < h->ncols && h->cols[c].any_of; d++)
                if (d != c && h->cols[d].any_of)
                    alt = h->cols[d].name;
            snprintf(why + strlen(why), why_len - strlen(why), ")%s%s%s", alt ? " nor '" : "",
                     alt ? alt : "", alt ? "'" : "");
            s_no_column_zh(zh, zh_len, csv->rec_line, &h->cols[c], alt, "");
            return why;
        }
    return NULL;
}

// Reads the header record: the first line, or one of the AN_TITLE_LINES_MAX lines after it when
// those before it name none of the columns the header needs (a title above the table, counted
// in sink->header_line). HR_EINVAL with why when none is the header (the first line's reason,
// or that of the line naming the most columns) or a column is named twice.
static hr_rc_t s_header(an_csv_t *csv, const s_col_t *cols, size_t ncols, s_header_t *h,
                        const an_parse_opts_t *opts, an_sink_t *sink, char *why, size_t why_len)
{
    h->cols = cols;
    h->ncols = ncols;
    char best[S_WHY_MAX] = "", best_zh[S_WHY_MAX] = "";
    size_t best_found = 0;
    for (uint32_t attempt = 0; attempt <= AN_TITLE_LINES_MAX; attempt++) {
        if (!an_csv_next(csv))
            break;
        if (csv->bad) {
            if (!attempt) {
                snprintf(best, sizeof best, "line %u: header: %s", csv->rec_line, csv->bad);
                an_zh(best_zh, sizeof best_zh, "第%u行表头无法读取（%s）", csv->rec_line, csv->bad);
            }
        } else {
            size_t found = 0;
            char w[S_WHY_MAX], wzh[S_WHY_MAX] = "";
            const char *bad = s_header_try(csv, h, &found, w, sizeof w, wzh, sizeof wzh);
            if (!bad) {
                sink->header_line = csv->rec_line;
                // Bad bytes in the header or above it: which column is which cannot be trusted.
                size_t off = 0;
                char hex[16];
                if (opts->bad_utf8 && an_utf8_first_bad(csv->text, csv->rec_off + csv->rec_len,
                                                        &off, hex, sizeof hex)) {
                    uint32_t line = 1;
                    for (size_t i = 0; i < off; i++)
                        line += csv->text[i] == '\n' ||
                                (csv->text[i] == '\r' && csv->text[i + 1] != '\n');
                    snprintf(why, why_len,
                             "第%u行（字节偏移%zu）：表头（或其上方）的字节 %s 不是有效的 UTF-8 "
                             "字符；未导入任何数据，请改正该处字符后重新保存为 UTF-8 / line %u, "
                             "byte offset %zu: bytes %s in the header (or above it) are not "
                             "UTF-8; nothing was imported: correct the character there and save "
                             "the file as UTF-8 again",
                             line, opts->text_at + off, hex, line, opts->text_at + off, hex);
                    return HR_EINVAL;
                }
                return HR_OK;
            }
            if (strstr(bad, "are both")) { // a header, with a column twice
                snprintf(why, why_len, "%s", bad);
                an_zh(opts->why_zh, opts->why_zh_len, "%s。", wzh);
                return HR_EINVAL;
            }
            if (!attempt || found > best_found) {
                snprintf(best, sizeof best, "%s", bad);
                snprintf(best_zh, sizeof best_zh, "%s", wzh);
                best_found = found;
            }
        }
        // The next line may be the header: guess its delimiter from it.
        an_csv_rewind(csv, csv->pos, csv->line, 0);
    }
    if (!best[0]) {
        snprintf(best, sizeof best,
                 "line 1: no header (the first line must name the columns: %s, ...)", cols[0].name);
        an_zh(best_zh, sizeof best_zh, "第1行没有表头（第一行要写明各列的名称：%s 等）",
              cols[0].name);
    }
    snprintf(why, why_len, "%s%s", best,
             best_found ? "" : "; no line of the first six names the columns (README lists them)");
    an_zh(opts->why_zh, opts->why_zh_len, "%s%s。未导入任何数据：请改正表头后重新导入。", best_zh,
          best_found ? "" : "；前六行都没有写明列名（各列名称见 README）");
    return HR_EINVAL;
}

// Field of column c in the current record, trimmed; NULL length 0 when absent.
static const char *s_field(const an_csv_t *csv, const s_header_t *h, size_t c, size_t *len)
{
    int i = h->ix[c];
    if (i < 0 || (size_t)i >= csv->nf) {
        *len = 0;
        return "";
    }
    const char *f = csv->f[i];
    size_t fl = csv->flen[i];
    while (fl && (*f == ' ' || *f == '\t')) {
        f++;
        fl--;
    }
    while (fl && (f[fl - 1] == ' ' || f[fl - 1] == '\t'))
        fl--;
    *len = fl;
    return f;
}

static hr_rc_t s_bad(an_sink_t *sink, const an_csv_t *csv, const char *why)
{
    if (!sink->bad)
        return HR_OK;
    return sink->bad(sink->arg, csv->rec_line, csv->rec_off, csv->text + csv->rec_off, csv->rec_len,
                     why);
}

// The record's shape against the header: too few fields, too many non-empty ones.
static const char *s_shape(const an_csv_t *csv, const s_header_t *h, char *buf, size_t len)
{
    if (csv->bad)
        return csv->bad;
    size_t nf = csv->nf;
    while (nf > h->width && csv->flen[nf - 1] == 0)
        nf--;
    if (nf > h->width) {
        snprintf(buf, len, "too many fields (%zu, the header has %zu)", nf, h->width);
        return buf;
    }
    // Too few: every required column must be inside the record.
    for (size_t c = 0; c < h->ncols; c++)
        if ((h->cols[c].required || h->cols[c].any_of) && h->ix[c] >= 0 &&
            (size_t)h->ix[c] >= csv->nf) {
            snprintf(buf, len, "too few fields (%zu, the header has %zu)", csv->nf, h->width);
            return buf;
        }
    return NULL;
}

// Canonical employee number of a field into out; NULL or the reason it is unusable.
static const char *s_id(const char *f, size_t fl, char *out, bool *lossy, const char *what)
{
    *lossy = false;
    switch (an_id_canon(f, fl, out)) {
    case AN_ID_OK:
    case AN_ID_SCI_EXACT:
        return NULL;
    case AN_ID_SCI_LOSSY:
        *lossy = true;
        return NULL;
    case AN_ID_EMPTY:
        return what[0] == 'p' ? "empty PIN" : "empty employee number";
    case AN_ID_BAD:
    default:
        return what[0] == 'p' ? "PIN is not an id (bad characters or longer than 64 bytes)"
                              : "employee number is not an id (bad characters or longer than 64 "
                                "bytes)";
    }
}

static void s_copy(char *dst, size_t cap, const char *s, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

// ---- attendance: generic CSV ----

// The PIN is the device's user id. A file without a PIN column but with an employee-number
// column is matched by employee number (the import finds the person's PIN); with both, the
// PIN column is read and the employee number is not (README "attendance, generic").
enum { A_PIN, A_EMP, A_TIME, A_DATE, A_STATE };
static const s_col_t s_att_cols[] = {
    {"pin", "pin|user_id|userid|考勤号|考勤号码|人员编号|ac_no|badgenumber", false, true},
    {"employee_no", "employee_no|employee|工号|员工编号", false, true},
    {"time", "time|datetime|punch_time|check_time|打卡时间|时间", true, false},
    {"date", "date|日期|打卡日期", false, false},
    {"state", "state|status|状态", false, false},
};

static hr_rc_t s_att_generic(const char *text, size_t len, const an_parse_opts_t *opts,
                             an_sink_t *sink, char *why, size_t why_len)
{
    an_csv_t csv;
    an_csv_init(&csv, text, len, 0);
    s_header_t h;
    hr_rc_t rc = s_header(&csv, s_att_cols, HR_ARRAY_LEN(s_att_cols), &h, opts, sink, why, why_len);
    char wbuf[S_WHY_MAX];
    while (!rc && an_csv_next(&csv)) {
        sink->records++;
        const char *bad =
            s_not_utf8(opts, text, csv.rec_off, csv.rec_len, csv.rec_line, wbuf, sizeof wbuf);
        if (!bad)
            bad = s_shape(&csv, &h, wbuf, sizeof wbuf);
        an_punch_t p;
        memset(&p, 0, sizeof p);
        p.line = csv.rec_line;
        p.offset = csv.rec_off;
        p.state = AN_STATE_NONE;
        p.raw = NULL;
        p.raw_len = 0;
        size_t fl, tl;
        const char *f = NULL, *t = NULL;
        if (!bad && h.ix[A_PIN] >= 0) {
            f = s_field(&csv, &h, A_PIN, &fl);
            bad = s_id(f, fl, p.pin, &p.pin_sci_lossy, "pin");
        } else if (!bad) {
            f = s_field(&csv, &h, A_EMP, &fl);
            bad = s_id(f, fl, p.pin, &p.pin_sci_lossy, "employee");
            p.by_employee_no = true;
        }
        if (!bad) {
            t = s_field(&csv, &h, A_TIME, &tl);
            if (h.ix[A_DATE] >= 0) {
                size_t dl;
                const char *d = s_field(&csv, &h, A_DATE, &dl);
                int32_t tday = 0;
                if (!an_date_parse(d, dl, &p.day, &bad)) {
                    // bad says why
                } else if (an_tod_parse(t, tl, &p.sec, &bad)) {
                    bad = NULL;
                    if (p.sec == 86400) {
                        p.sec = 0;
                        p.day++;
                    }
                } else if (an_datetime_parse(t, tl, opts->tz_offset_min, &tday, &p.sec, &bad)) {
                    // The time column holds a whole date and time: it must be the date's.
                    bad = NULL;
                    if (tday != p.day) {
                        char dd[HR_DATE_LEN];
                        hr_date_format(p.day, dd);
                        bad = s_why_value(wbuf, "time", t, tl, "is not on the row's date");
                        size_t wl = strlen(wbuf);
                        snprintf(wbuf + wl, sizeof wbuf - wl, " %s", dd);
                    }
                }
            } else if (an_datetime_parse(t, tl, opts->tz_offset_min, &p.day, &p.sec, &bad)) {
                bad = NULL;
            }
        }
        if (!bad && h.ix[A_STATE] >= 0) {
            size_t sl;
            const char *s = s_field(&csv, &h, A_STATE, &sl);
            int64_t v = 0;
            char sb[16];
            if (sl && sl < sizeof sb) {
                memcpy(sb, s, sl);
                sb[sl] = '\0';
                if (hr_parse_i64(sb, 0, 255, &v))
                    p.state = (uint32_t)v;
            }
        }
        rc = bad ? s_bad(sink, &csv, bad) : sink->punch(sink->arg, &p);
    }
    an_csv_free(&csv);
    return rc;
}

// ---- attendance: ZKTeco (USB attlog and ADMS ATTLOG lines) ----

// Splits a TAB-separated line into at most max fields. Returns the count.
static size_t s_split_tabs(const char *s, size_t len, const char **f, size_t *fl, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < max; i++) {
        if (i == len || s[i] == '\t') {
            f[n] = s + start;
            fl[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

// True when a line is one token a device writes around its records (a serial number, a
// checksum): letters, digits and a few marks, no blank, no delimiter.
static bool s_is_trailer_token(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    if (!len || len > S_TRAILER_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) && c != '-' && c != '_' && c != '=' && c != ':' && c != '.')
            return false;
    }
    return true;
}

// Offset of the last line holding anything but blanks (len when there is none).
static size_t s_last_line_start(const char *text, size_t len)
{
    size_t end = len;
    while (end && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' ||
                   text[end - 1] == '\t'))
        end--;
    if (!end)
        return len;
    while (end && text[end - 1] != '\n' && text[end - 1] != '\r')
        end--;
    return end;
}

void an_att_serial(const char *format, const char *file_name, const char *text, size_t len,
                   char *out)
{
    out[0] = '\0';
    if (strcmp(an_format_name(format), "zkteco"))
        return;
    size_t s = 0;
    while (s < len && (text[s] == '\n' || text[s] == '\r' || text[s] == ' '))
        s++;
    size_t e = s;
    while (e < len && text[e] != '\n' && text[e] != '\r')
        e++;
    while (e > s && text[e - 1] == ' ')
        e--;
    if (e > s && e - s <= AN_ID_MAX && !memchr(text + s, '\t', e - s) &&
        s_is_trailer_token(text + s, e - s)) {
        memcpy(out, text + s, e - s);
        out[e - s] = '\0';
        return;
    }
    // <SN>_attlog.dat: a serial has letters (1_attlog.dat is machine number 1, on every site).
    const char *base = file_name ? strrchr(file_name, '/') : NULL;
    base = base ? base + 1 : file_name ? file_name : "";
    const char *us = strstr(base, "_attlog.");
    size_t n = us ? (size_t)(us - base) : 0;
    bool letter = false;
    for (size_t i = 0; i < n; i++)
        letter |= isalpha((unsigned char)base[i]) != 0;
    if (n && n <= AN_ID_MAX && letter && s_is_trailer_token(base, n)) {
        memcpy(out, base, n);
        out[n] = '\0';
    }
}

// The column layouts of ZKTeco's two text formats (integration-formats 1d): a USB export
// (attlog.dat) has exactly S_USB_FIELDS TAB-separated fields - PIN, time, machine number, state,
// verify, work code -, an ADMS ATTLOG line the spec's 7 (two reserved at the end) or more (newer
// firmware sends 10): PIN, time, state, verify, work code, ... The state is the 3rd column of
// one and the 4th of the other, so a file read with the other format's parser takes the machine
// number for the state (or the verify mode): never read silently. 2 to 5 fields say neither and
// are read by the format given.
#define S_USB_FIELDS 6
#define S_ADMS_FIELDS_MIN 7

typedef struct {
    uint32_t usb, adms;           // lines of each layout
    uint32_t usb_line, adms_line; // the first line of each (0 none)
} s_zk_shape_t;

// Fields of a line, empty ones at its end not counted (a trailing TAB adds no column).
static size_t s_zk_fields(const char *ln, size_t l)
{
    while (l && (ln[l - 1] == '\t' || ln[l - 1] == ' '))
        l--;
    size_t n = 1;
    for (size_t i = 0; i < l; i++)
        n += ln[i] == '\t';
    return n;
}

static void s_zk_shape(const char *text, size_t len, s_zk_shape_t *sh)
{
    memset(sh, 0, sizeof *sh);
    size_t pos = 0;
    uint32_t line = 0;
    while (pos < len) {
        size_t s = pos;
        while (pos < len && text[pos] != '\n' && text[pos] != '\r')
            pos++;
        size_t l = pos - s;
        line++;
        if (pos < len && text[pos] == '\r')
            pos++;
        if (pos < len && text[pos] == '\n')
            pos++;
        while (l && text[s + l - 1] == ' ')
            l--;
        size_t nf = s_zk_fields(text + s, l);
        if (nf == S_USB_FIELDS && !sh->usb++)
            sh->usb_line = line;
        if (nf >= S_ADMS_FIELDS_MIN && !sh->adms++)
            sh->adms_line = line;
    }
}

// Refuses a file whose records all have the other format's layout, naming the format to use.
static hr_rc_t s_zk_wrong_format(bool adms, const s_zk_shape_t *sh, char *why, size_t why_len)
{
    if (adms)
        snprintf(why, why_len,
                 "第%u行有6个以TAB分隔的字段：这是中控考勤机U盘导出文件（attlog.dat）的格式，第3列"
                 "是机器号而不是打卡状态；未导入任何数据，请用 --format zkteco 导入 / line %u: 6 "
                 "TAB-separated fields are a ZKTeco USB export (attlog.dat: PIN, time, machine "
                 "number, state, ...), not ADMS ATTLOG lines (PIN, time, state, ...: 7 or more); "
                 "nothing was imported: import it with --format zkteco",
                 sh->usb_line, sh->usb_line);
    else
        snprintf(why, why_len,
                 "第%u行有7个或更多以TAB分隔的字段：这是ADMS推送的ATTLOG行的格式，第3列是打卡状"
                 "态；U盘导出文件只有6个字段；未导入任何数据，请用 --format adms 导入 / line %u: 7 "
                 "or more TAB-separated fields are ADMS ATTLOG lines (PIN, time, state, ...), not "
                 "a ZKTeco USB export (attlog.dat: PIN, time, machine number, state, verify, work "
                 "code); nothing was imported: import it with --format adms",
                 sh->adms_line, sh->adms_line);
    return HR_EINVAL;
}

static hr_rc_t s_att_zkteco(const char *text, size_t len, bool adms, const an_parse_opts_t *opts,
                            an_sink_t *sink, char *why, size_t why_len)
{
    size_t pos = 0;
    uint32_t line = 0;
    bool seen = false; // a non-blank line came before this one
    size_t last = s_last_line_start(text, len);
    const char *no_tab =
        adms ? "not TAB-separated (ADMS ATTLOG)" : "not TAB-separated (ZKTeco attlog)";
    // A file imported before this check (a replay) reads as it did.
    s_zk_shape_t sh;
    s_zk_shape(text, len, &sh);
    uint32_t own = adms ? sh.adms : sh.usb, other = adms ? sh.usb : sh.adms;
    if (other && !own && !opts->stored)
        return s_zk_wrong_format(adms, &sh, why, why_len);
    bool check_shape = other && !opts->stored; // both layouts: the other's lines are quarantined
    const char *other_shape =
        adms ? "6 fields: the layout of a ZKTeco USB export (3rd column the machine number), not "
               "of ADMS ATTLOG (3rd column the state): import such lines with --format zkteco"
             : "7 or more fields: the layout of ADMS ATTLOG (3rd column the state), not of a "
               "ZKTeco USB export (3rd column the machine number): import such lines with "
               "--format adms";
    hr_rc_t rc = HR_OK;
    while (!rc && pos < len) {
        size_t s = pos;
        while (pos < len && text[pos] != '\n' && text[pos] != '\r')
            pos++;
        size_t l = pos - s;
        line++;
        if (pos < len && text[pos] == '\r')
            pos++;
        if (pos < len && text[pos] == '\n')
            pos++;
        const char *ln = text + s;
        while (l && (ln[l - 1] == ' '))
            l--;
        if (!l)
            continue;
        bool edge = !seen || s == last;
        seen = true;
        const char *f[12];
        size_t fl[12];
        size_t nf = s_split_tabs(ln, l, f, fl, HR_ARRAY_LEN(f));
        // TFT "extended" exports: the first line is the device serial, the last a checksum.
        // Any other line without a TAB (space- or comma-separated, a CSV sent as attlog) is
        // data we cannot read: quarantined, never dropped.
        if (nf == 1 && edge && s_is_trailer_token(ln, l)) {
            sink->skipped++;
            continue;
        }
        sink->records++;
        an_punch_t p;
        memset(&p, 0, sizeof p);
        p.line = line;
        p.offset = s;
        p.state = AN_STATE_NONE;
        p.raw = NULL;
        p.raw_len = 0;
        const char *bad = NULL;
        char ubuf[S_WHY_MAX];
        if (memchr(ln, '\0', l))
            bad = "NUL byte";
        else if (opts->bad_utf8 && s_not_utf8(opts, text, s, l, line, ubuf, sizeof ubuf))
            bad = ubuf;
        else if (nf < 2)
            bad = no_tab;
        else if (check_shape && (adms ? s_zk_fields(ln, l) == S_USB_FIELDS
                                      : s_zk_fields(ln, l) >= S_ADMS_FIELDS_MIN))
            bad = other_shape;
        if (!bad)
            bad = s_id(f[0], fl[0], p.pin, &p.pin_sci_lossy, "pin");
        if (!bad) {
            const char *twhy = NULL;
            if (!an_datetime_parse(f[1], fl[1], opts->tz_offset_min, &p.day, &p.sec, &twhy))
                bad = twhy;
        }
        // USB attlog: PIN, time, device, state, verify, workcode. ADMS: PIN, time, state, ...
        size_t si = adms ? 2 : 3;
        if (!bad && nf > si && fl[si] && fl[si] < 8) {
            char sb[8];
            int64_t v = 0;
            memcpy(sb, f[si], fl[si]);
            sb[fl[si]] = '\0';
            if (hr_parse_i64(sb, 0, 255, &v))
                p.state = (uint32_t)v;
        }
        if (bad)
            rc = sink->bad ? sink->bad(sink->arg, line, s, ln, l, bad) : HR_OK;
        else
            rc = sink->punch(sink->arg, &p);
    }
    return rc;
}

// ---- attendance: DingTalk and WeCom JSON ----

// A vendor's error reply ({"errcode": 88, "errmsg": "..."}) saved as the file: its code and
// message in why. False when root is no error reply.
static bool s_json_vendor_error(const json_t *root, bool wecom, size_t page, char *why,
                                size_t why_len)
{
    const json_t *ec = json_object_get(root, "errcode");
    if (!json_is_integer(ec) || !json_integer_value(ec))
        return false;
    const char *msg = json_string_value(json_object_get(root, "errmsg"));
    char where[32] = "file";
    if (page)
        snprintf(where, sizeof where, "reply %zu", page);
    snprintf(why, why_len,
             "%s: a %s error reply, not punches: errcode %lld, errmsg '%s'; fetch the records "
             "again / %s返回的是错误而不是打卡记录：errcode %lld，errmsg“%s”，请重新获取记录",
             where, wecom ? "WeCom" : "DingTalk", (long long)json_integer_value(ec), msg ? msg : "",
             wecom ? "企业微信" : "钉钉", (long long)json_integer_value(ec), msg ? msg : "");
    return true;
}

// True when a DingTalk attendance/list reply says more records follow on the next page.
static bool s_json_has_more(const json_t *reply)
{
    const json_t *res = json_object_get(reply, "result");
    return json_is_true(json_object_get(reply, "hasMore")) ||
           json_is_true(json_object_get(res, "hasMore")) ||
           json_is_true(json_object_get(res, "has_more"));
}

// The records array of a vendor reply: {"recordresult": [...]} / {"checkindata": [...]}, a bare
// array, or an array of replies (pages, as `hrctl pull` saves them). A reply that says more
// records follow (hasMore) must be followed by the next page: a page alone would make the
// records on the next one missing punches. page: the reply's place in an array (from 1), 0 for
// the file itself; next_page: the next page follows, or the file was imported before (stored).
// records and paths: each record, and where it is in the file ("recordresult[17]", "reply 2:
// result.recordresult[3]", "[4]"), which a problem with it cites - a vendor's reply is often one
// line, so its line numbers say nothing.
static hr_rc_t s_json_records(json_t *root, const char *key, bool wecom, size_t page,
                              bool next_page, json_t *out, json_t *paths, char *why, size_t why_len)
{
    if (json_is_array(root)) {
        size_t i, n = json_array_size(root);
        json_t *v;
        json_array_foreach(root, i, v)
        {
            if (json_is_object(v) && s_json_vendor_error(v, wecom, i + 1, why, why_len))
                return HR_EINVAL;
            if (json_is_object(v) && json_object_get(v, key)) {
                const json_t *nx = i + 1 < n ? json_array_get(root, i + 1) : NULL;
                bool more = json_is_object(nx) && json_object_get(nx, key);
                hr_rc_t rc = s_json_records(v, key, wecom, i + 1, more || next_page, out, paths,
                                            why, why_len);
                if (rc)
                    return rc;
            } else {
                json_array_append(out, v);
                json_array_append_new(paths, json_sprintf("[%zu]", i));
            }
        }
        return HR_OK;
    }
    if (json_is_object(root)) {
        if (s_json_vendor_error(root, wecom, page, why, why_len))
            return HR_EINVAL;
        json_t *arr = json_object_get(root, key);
        const char *under = "";
        if (!arr) {
            json_t *res = json_object_get(root, "result");
            if (res)
                arr = json_object_get(res, key);
            under = "result.";
        }
        if (json_is_array(arr) && !next_page && s_json_has_more(root)) {
            char where[32] = "file", zwhere[48] = "文件";
            if (page) {
                snprintf(where, sizeof where, "reply %zu", page);
                snprintf(zwhere, sizeof zwhere, "第%zu个回复", page);
            }
            snprintf(
                why, why_len,
                "%s: hasMore is true, more records follow on the next page (alone they would be "
                "missing punches); not imported: import all pages as one array of replies, "
                "or use `hrctl pull dingtalk` / %s：hasMore 为 true，下一页还有记录（单独导入"
                "会成为缺卡）；未导入：请把各页回复合成一个数组一起导入，或用 "
                "`hrctl pull dingtalk`",
                where, zwhere);
            return HR_EINVAL;
        }
        if (json_is_array(arr)) {
            json_array_extend(out, arr);
            char where[32] = "";
            if (page)
                snprintf(where, sizeof where, "reply %zu: ", page);
            for (size_t i = 0; i < json_array_size(arr); i++)
                json_array_append_new(paths, json_sprintf("%s%s%s[%zu]", where, under, key, i));
            return HR_OK;
        }
    }
    snprintf(why, why_len, "file: no '%s' array (a %s reply or an array of records)", key,
             wecom ? "WeCom getcheckindata" : "DingTalk attendance/list or listRecord");
    return HR_EINVAL;
}

// A whole number the vendor sent as a JSON integer or a string of digits. False otherwise.
static bool s_json_i64(const json_t *v, int64_t *out)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return true;
    }
    return json_is_string(v) && hr_parse_i64(json_string_value(v), INT64_MIN, INT64_MAX, out);
}

static bool s_ms_ok(int64_t ms)
{
    return ms >= INT64_C(946684800000) && ms <= INT64_C(4102444800000); // 2000 .. 2100
}

// The vendor's own word on the slot a record is of (README "Vendor results"): its scheduled
// time, its result and approval, as written. False when the record is of no in/out slot.
// Strings are borrowed from r; approval from buf when the vendor sent a number.
static bool s_vendor_slot(const json_t *r, bool wecom, uint32_t state, bool skip, int64_t punch_ms,
                          int64_t wd_ms, char *buf, size_t buf_len, Hr__Analytics__VendorSlot *vs)
{
    uint32_t check = state & ~(uint32_t)AN_STATE_PREV_DAY;
    if (state == AN_STATE_NONE || (check != AN_STATE_IN && check != AN_STATE_OUT))
        return false;
    vs->check = check;
    vs->punch_ms = skip ? 0 : punch_ms; // NotSigned / 未打卡: the time is the schedule's
    vs->work_date_ms = wd_ms > 0 && s_ms_ok(wd_ms) ? wd_ms : 0;
    int64_t t = 0;
    if (s_json_i64(json_object_get(r, wecom ? "sch_checkin_time" : "baseCheckTime"), &t) && t > 0) {
        int64_t ms = wecom ? t * 1000 : t;
        vs->sched_ms = s_ms_ok(ms) ? ms : 0;
    }
    const json_t *res = json_object_get(r, wecom ? "exception_type" : "timeResult");
    if (json_is_string(res)) {
        vs->result = (char *)json_string_value(res);
        vs->has_result = true;
    }
    if (!wecom) {
        const json_t *st = json_object_get(r, "sourceType");
        if (json_is_string(st))
            vs->source_type = (char *)json_string_value(st);
        const char *keys[] = {"procInstId", "approveId"};
        for (size_t k = 0; k < 2 && !*vs->approval; k++) {
            const json_t *a = json_object_get(r, keys[k]);
            int64_t n = 0;
            if (json_is_string(a) && *json_string_value(a))
                vs->approval = (char *)json_string_value(a);
            else if (json_is_integer(a) && s_json_i64(a, &n) && n) {
                snprintf(buf, buf_len, "%lld", (long long)n);
                vs->approval = buf;
            }
        }
    }
    return vs->sched_ms || vs->has_result || *vs->approval;
}

an_vendor_verdict_t an_vendor_verdict(const char *format, const Hr__Analytics__VendorSlot *s)
{
    if (!s->has_result)
        return AN_VENDOR_NONE;
    const char *r = s->result;
    if (!strcmp(format, "dingtalk")) {
        if (!strcmp(r, "Normal"))
            return AN_VENDOR_NORMAL;
        if (!strcmp(r, "Late") || !strcmp(r, "SeriousLate") || !strcmp(r, "Absenteeism"))
            return AN_VENDOR_LATE;
        if (!strcmp(r, "Early"))
            return AN_VENDOR_EARLY;
        if (!strcmp(r, "NotSigned"))
            return AN_VENDOR_NOT_SIGNED;
        return AN_VENDOR_NONE;
    }
    if (!strcmp(format, "wecom")) {
        if (strstr(r, "未打卡"))
            return AN_VENDOR_NOT_SIGNED;
        if (strstr(r, "时间异常"))
            return s->check == AN_STATE_OUT ? AN_VENDOR_EARLY : AN_VENDOR_LATE;
        // Place, wifi or device exceptions say nothing of the time; without a scheduled time
        // (a free check-in rule) WeCom judged no time at all.
        return s->sched_ms ? AN_VENDOR_NORMAL : AN_VENDOR_NONE;
    }
    return AN_VENDOR_NONE;
}

const char *an_vendor_name(const char *format)
{
    return !strcmp(format, "wecom") ? "WeCom" : !strcmp(format, "dingtalk") ? "DingTalk" : format;
}

const char *an_vendor_sched_field(const char *format)
{
    return !strcmp(format, "wecom") ? "sch_checkin_time" : "baseCheckTime";
}

const char *an_vendor_result_field(const char *format)
{
    return !strcmp(format, "wecom") ? "exception_type" : "timeResult";
}

static hr_rc_t s_att_json(const char *text, size_t len, bool wecom, const an_parse_opts_t *opts,
                          an_sink_t *sink, char *why, size_t why_len)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        // A vendor's reply is often one line: the byte offset says where.
        snprintf(why, why_len,
                 "第%d行第%d列（字节偏移%d）：JSON 无法解析 / byte offset %d (line %d, column %d): "
                 "JSON does not parse: %s",
                 err.line, err.column, err.position, err.position, err.line, err.column, err.text);
        return HR_EINVAL;
    }
    json_t *recs = json_array(), *paths = json_array();
    const char *key = wecom ? "checkindata" : "recordresult";
    hr_rc_t rc = s_json_records(root, key, wecom, 0, opts->stored, recs, paths, why, why_len);
    if (rc) {
        json_decref(paths);
        json_decref(recs);
        json_decref(root);
        return HR_EINVAL;
    }
    const char *uid_f = wecom ? "userid" : "userId";
    const char *time_f = wecom ? "checkin_time" : "userCheckTime";
    char wbuf[S_WHY_MAX];
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        if (rc)
            break;
        sink->records++;
        an_punch_t p;
        memset(&p, 0, sizeof p);
        p.line = (uint32_t)i + 1;
        p.offset = 0;
        p.state = AN_STATE_NONE;
        int64_t wd_ms = -1; // DingTalk's workDate, when the record has one and a checkType
        const char *bad = NULL;
        char *raw = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
        size_t raw_len = raw ? strlen(raw) : 0;
        p.raw = raw; // the record's source text: a JSON file has no line per record
        p.raw_len = raw_len;
        const char *uid = json_string_value(json_object_get(r, uid_f));
        json_t *tv = json_object_get(r, time_f);
        const char *field = NULL; // the field bad is about
        if (!json_is_object(r))
            bad = "not an object";
        else if (!uid)
            bad = json_object_get(r, uid_f) ? "not a string" : "missing";
        else if (!json_is_integer(tv) && !json_is_string(tv))
            bad = tv ? "not a number" : "missing";
        if (bad && json_is_object(r))
            field = !uid ? uid_f : time_f;
        bool skip = false, invalid = false;
        if (!bad && !wecom) {
            const char *tr = json_string_value(json_object_get(r, "timeResult"));
            if (tr && !strcmp(tr, "NotSigned"))
                skip = true; // the slot's scheduled time, not a punch (integration-formats 1a)
            // listRecord's invalid records (invalidRecordType set, no checkType or timeResult):
            // DingTalk itself does not count them, and neither do we.
            json_t *inv = json_object_get(r, "invalidRecordType");
            if (inv && !json_is_null(inv) && !json_is_false(inv) &&
                !(json_is_string(inv) && !*json_string_value(inv)))
                skip = invalid = true;
            const char *ct = json_string_value(json_object_get(r, "checkType"));
            if (ct)
                p.state = !strcmp(ct, "OnDuty") ? 0 : !strcmp(ct, "OffDuty") ? 1 : AN_STATE_NONE;
            json_t *wd = json_object_get(r, "workDate"); // the working day the slot is of
            if (p.state != AN_STATE_NONE && json_is_integer(wd))
                wd_ms = json_integer_value(wd);
        }
        if (!bad && wecom) {
            const char *ex = json_string_value(json_object_get(r, "exception_type"));
            if (ex && strstr(ex, "未打卡"))
                skip = true; // no punch: checkin_time is the scheduled time
            const char *ct = json_string_value(json_object_get(r, "checkin_type"));
            if (ct)
                p.state = !strcmp(ct, "上班打卡")   ? AN_STATE_IN
                          : !strcmp(ct, "下班打卡") ? AN_STATE_OUT
                          : !strcmp(ct, "外出打卡") ? AN_STATE_FIELD
                                                    : AN_STATE_NONE;
        }
        if (!bad) {
            bad = s_id(uid, strlen(uid), p.pin, &p.pin_sci_lossy, "pin");
            field = uid_f;
        }
        int64_t punch_ms = 0; // the punch as the vendor sent it, epoch ms
        if (!bad) {
            int64_t t = 0;
            field = time_f;
            if (json_is_integer(tv))
                t = json_integer_value(tv);
            else if (!hr_parse_i64(json_string_value(tv), 0, INT64_MAX, &t))
                bad = s_why_value(wbuf, time_f, json_string_value(tv),
                                  strlen(json_string_value(tv)), "is not a number");
            if (!bad) {
                int64_t ms = wecom ? t * 1000 : t;
                if (ms < INT64_C(946684800000) || ms > INT64_C(4102444800000))
                    bad = wecom ? "not epoch seconds between 2000 and 2100"
                                : "not epoch milliseconds between 2000 and 2100";
                else
                    an_local_of_ms(ms, opts->tz_offset_min, &p.day, &p.sec);
                punch_ms = ms;
            }
            int32_t wday = 0, wsec = 0;
            if (!bad && wd_ms >= INT64_C(946684800000) && wd_ms <= INT64_C(4102444800000))
                an_local_of_ms(wd_ms, opts->tz_offset_min, &wday, &wsec);
            if (!bad && wday && wday == p.day - 1) // a check-out after midnight: the day before's
                p.state |= AN_STATE_PREV_DAY;
        }
        Hr__Analytics__VendorSlot vs = HR__ANALYTICS__VENDOR_SLOT__INIT;
        char abuf[24];
        if (!bad && !invalid && sink->slot && !p.pin_sci_lossy &&
            s_vendor_slot(r, wecom, p.state, skip, punch_ms, wd_ms, abuf, sizeof abuf, &vs)) {
            vs.record = p.line;
            rc = sink->slot(sink->arg, p.pin, &vs, raw ? raw : "", raw_len);
        }
        if (!rc && bad) {
            // The record and the field: "recordresult[17]: userCheckTime: missing".
            char cite[S_WHY_MAX + 96];
            const char *path = json_string_value(json_array_get(paths, i));
            if (bad == wbuf) // s_why_value names the field itself
                snprintf(cite, sizeof cite, "%s: %s", path ? path : "?", bad);
            else
                snprintf(cite, sizeof cite, "%s: %s%s%s", path ? path : "?", field ? field : "",
                         field ? ": " : "", bad);
            rc = sink->bad ? sink->bad(sink->arg, p.line, 0, raw ? raw : "", raw_len, cite) : HR_OK;
        }
        if (rc || bad)
            ;
        else if (skip) {
            sink->skipped++;
            if (sink->member && !p.pin_sci_lossy) // the person is in the file all the same
                rc = sink->member(sink->arg, p.pin, p.day, p.sec);
        } else
            rc = sink->punch(sink->arg, &p);
        free(raw);
    }
    json_decref(paths);
    json_decref(recs);
    json_decref(root);
    return rc;
}

// ---- keyed feeds ----

enum { P_EMP, P_PIN, P_DEPT, P_HIRE, P_LEAVE };
static const s_col_t s_people_cols[] = {
    {"employee_no", "employee_no|employee|工号|员工编号|人员编号", true, false},
    {"pin", "pin|attendance_pin|考勤号|考勤号码", false, false},
    {"department", "department|dept|部门", true, false},
    {"hire_date", "hire_date|hired|入职日期|入职时间", false, false},
    {"leave_date", "leave_date|left|termination_date|离职日期", false, false},
};

enum { S_SCOPE, S_KEY, S_START, S_END, S_FROM, S_TO, S_DAYS, S_HOURS };
static const s_col_t s_sched_cols[] = {
    {"scope", "scope|范围", true, false},
    {"key", "key|employee_no|department|对象", false, false},
    {"start", "start|上班|上班时间", true, false},
    {"end", "end|下班|下班时间", true, false},
    {"from", "from|valid_from|生效日期", false, false},
    {"to", "to|valid_to|截止日期", false, false},
    {"days", "days|weekdays|workdays|工作日|上班日", false, false},
    {"hours", "hours|hours_system|工时制|工时制度", false, false},
};

enum { K_EMP, K_PERIOD, K_METRIC, K_TARGET, K_ACTUAL, K_DIR, K_DATE, K_CLIENTS, K_DEALS };
static const s_col_t s_perf_cols[] = {
    {"employee_no", "employee_no|employee|工号|员工编号", true, false},
    {"period", "period|周期|考核周期|期间|考核期间|月份|考核月份|绩效周期|统计周期", false, false},
    {"metric", "metric|kpi|指标|指标名称|考核指标|KPI指标", false, false},
    {"target", "target|目标|目标值|计划值", false, false},
    {"actual", "actual|实际|完成值|实际值|实际完成|实际完成值", false, false},
    {"direction", "direction|方向|指标方向|考核方向", false, false},
    {"date", "date|日期", false, false},
    {"clients_followed", "clients_followed|跟进客户数", false, false},
    {"deals_signed", "deals_signed|签单数", false, false},
};

enum { T_EMP, T_COURSE, T_DATE, T_SCORE, T_PASS, T_MAX };
static const s_col_t s_train_cols[] = {
    {"employee_no", "employee_no|employee|工号|员工编号", true, false},
    {"course", "course|课程|课程名称|培训课程|培训项目", true, false},
    {"date", "date|日期|培训日期|考试日期|考核日期", true, false},
    {"score", "score|成绩|分数|考试成绩|得分", true, false},
    {"pass_mark", "pass_mark|pass|及格线|合格分|及格分|合格线", true, false},
    {"max_score", "max_score|full_marks|scale|满分|总分", false, false},
};

enum { V_EMP, V_DATE, V_REASON, V_TEXT };
static const s_col_t s_survey_cols[] = {
    {"employee_no", "employee_no|employee|工号|员工编号", true, false},
    {"date", "date|日期", true, false},
    {"reason_code", "reason_code|reason|原因代码", true, false},
    {"text", "text|comment|free_text|说明|备注", false, false},
};

enum { L_EMP, L_FROM, L_TO, L_TYPE };
static const s_col_t s_leave_cols[] = {
    {"employee_no", "employee_no|employee|工号|员工编号", true, false},
    {"from", "from|start|开始日期|起始日期|请假开始日期", true, false},
    {"to", "to|end|结束日期|截止日期|请假结束日期", false, false},
    {"type", "type|leave_type|假别|请假类型|假期类型", false, false},
};

static bool s_num(const an_csv_t *csv, const s_header_t *h, size_t c, double *v)
{
    size_t l;
    const char *f = s_field(csv, h, c, &l);
    return an_number_parse(f, l, v);
}

static bool s_date(const an_csv_t *csv, const s_header_t *h, size_t c, int32_t *day,
                   const char **bad)
{
    size_t l;
    const char *f = s_field(csv, h, c, &l);
    return an_date_parse(f, l, day, bad);
}

// Minutes after midnight of "HH:MM".
static bool s_minutes(const an_csv_t *csv, const s_header_t *h, size_t c, double *v)
{
    size_t l;
    const char *f = s_field(csv, h, c, &l);
    int32_t sec = 0;
    const char *why = NULL;
    if (!an_tod_parse(f, l, &sec, &why))
        return false;
    *v = sec / 60;
    return true;
}

// The working weekdays of a schedule row (README "Feeds and their columns"): names or numbers
// (1 = Monday .. 7 = Sunday) apart by `,` `/` `、` `;` or blanks, and ranges `Mon-Fri`, `1-5`,
// `周一至周五`: Mon, Monday, 周一, 星期一, 一 ... Into *mask (bit 0 Monday); false: not days.
static bool s_weekdays(const char *f, size_t l, uint32_t *mask)
{
    static const char *const names[7] = {
        "mon|monday|1|周一|星期一|礼拜一|一",
        "tue|tues|tuesday|2|周二|星期二|礼拜二|二",
        "wed|wednesday|3|周三|星期三|礼拜三|三",
        "thu|thur|thurs|thursday|4|周四|星期四|礼拜四|四",
        "fri|friday|5|周五|星期五|礼拜五|五",
        "sat|saturday|6|周六|星期六|礼拜六|六",
        "sun|sunday|7|周日|周天|星期日|星期天|礼拜日|礼拜天|日|天"};
    *mask = 0;
    size_t i = 0;
    int prev = -1;      // the day before a range's dash
    bool range = false; // a dash (or 至, 到, ~) after prev
    while (i < l) {
        unsigned char c = (unsigned char)f[i];
        if (c == ',' || c == '/' || c == ';' || c == ' ') {
            i++;
            continue;
        }
        if (l - i >= 3 && (!memcmp(f + i, "、", 3) || !memcmp(f + i, "，", 3))) {
            i += 3;
            continue;
        }
        if (c == '-' || c == '~' ||
            (l - i >= 3 && (!memcmp(f + i, "至", 3) || !memcmp(f + i, "到", 3)))) {
            if (prev < 0 || range)
                return false;
            range = true;
            i += c == '-' || c == '~' ? 1 : 3;
            continue;
        }
        // The longest name of any day at i ("周一" before "一", "thurs" before "thu").
        int day = -1;
        size_t best = 0;
        for (int d = 0; d < 7; d++) {
            const char *n = names[d];
            while (*n) {
                size_t nl = strcspn(n, "|");
                if (nl > best && nl <= l - i && !strncasecmp(f + i, n, nl)) {
                    best = nl;
                    day = d;
                }
                n += nl + (n[nl] == '|');
            }
        }
        if (day < 0)
            return false;
        // 周一三五: the days after 周 / 星期 written as one-character names.
        i += best;
        if (range) {
            for (int d = prev; d != day; d = (d + 1) % 7)
                *mask |= 1u << d;
            range = false;
        }
        *mask |= 1u << day;
        prev = day;
    }
    return *mask && !range;
}

// A schedule's hours system: "" or standard (标准工时制) false, irregular (不定时工作制) true.
static bool s_hours(const char *f, size_t l, bool *irregular)
{
    *irregular = false;
    if (!l || s_alias_match("standard|标准|标准工时|标准工时制|fixed", f, l))
        return true;
    if (s_alias_match("irregular|flexible|不定时|不定时工作制|不定时工时制", f, l)) {
        *irregular = true;
        return true;
    }
    return false;
}

// One end of a leave row: a date, with a time of day (`2026-11-03 09:00`, `T09:00`) or a half
// day (`2026-11-05 上午`, `下午`, `AM`, `PM`) after it. *min: 0 = the whole day, minutes after
// midnight, or -1 for the middle of the day's shift (下午 starting, 上午 ending); an end at
// 00:00 or 24:00 is the whole day before or of it. *half: 1 上午, 2 下午, 0 neither. NULL, or
// why not.
static const char *s_leave_end(const char *f, size_t l, bool is_end, int32_t *day, int32_t *min,
                               int *half)
{
    const char *bad = NULL;
    *min = 0;
    *half = 0;
    while (l && f[l - 1] == ' ')
        l--;
    if (an_date_parse(f, l, day, &bad))
        return NULL;
    // The date is all before the last blank (or a T between digits), or before 上午 / 下午
    // written right after it.
    size_t dl = l;
    while (dl > 0 && f[dl - 1] != ' ' &&
           !(f[dl - 1] == 'T' && dl > 1 && dl < l && isdigit((unsigned char)f[dl - 2])))
        dl--;
    if (dl && f[dl - 1] == ' ') {
        while (dl && f[dl - 1] == ' ')
            dl--;
    } else if (dl) {
        dl--; // the T
    } else if (l > 6 && (!memcmp(f + l - 6, "上午", 6) || !memcmp(f + l - 6, "下午", 6))) {
        dl = l - 6;
    }
    if (!dl || !an_date_parse(f, dl, day, &bad))
        return bad ? bad : "not a date";
    const char *t = f + dl;
    size_t tl = l - dl;
    while (tl && (*t == ' ' || *t == 'T')) {
        t++;
        tl--;
    }
    if (s_alias_match("上午|am|a.m.|morning", t, tl)) {
        *half = 1;
        *min = is_end ? -1 : 0; // from the morning on: the whole day's start
        return NULL;
    }
    if (s_alias_match("下午|pm|p.m.|afternoon", t, tl)) {
        *half = 2;
        *min = is_end ? 0 : -1; // to the afternoon's end: the whole day's end
        return NULL;
    }
    int32_t sec = 0;
    const char *why = NULL;
    if (!an_tod_parse(t, tl, &sec, &why))
        return "is not a date, a date and a time (2026-11-03 09:00) nor a half day (2026-11-05 "
               "上午 / 下午)";
    *min = sec / 60;
    if (is_end && (*min == 0 || *min == 1440)) { // up to midnight: the whole day before it
        *day -= *min == 0;
        *min = 0;
    } else if (!is_end && *min == 1440) {
        (*day)++;
        *min = 0;
    }
    return NULL;
}

// The spellings of a KPI's direction (README "Feeds and their columns"); empty = higher.
#define S_DIR_HIGHER "higher|higher_is_better|higher-is-better|high|up|越高越好|正向|高"
#define S_DIR_LOWER "lower|lower_is_better|lower-is-better|low|down|越低越好|反向|低"

// "<column> '<value>' <what>" into why (the value cut to 40 bytes between characters).
static const char *s_why_value(char *why, const char *col, const char *f, size_t l,
                               const char *what)
{
    size_t n = l > 40 ? hr_utf8_cut(f, 40) : l;
    snprintf(why, S_WHY_MAX, "%s '%.*s%s' %s", col, (int)n, f, n < l ? "..." : "", what);
    return why;
}

static const char *s_row_of(Hr__Analytics__FeedKind kind, const an_csv_t *csv, const s_header_t *h,
                            an_row_t *r, char *why)
{
    const char *bad = NULL;
    size_t l;
    const char *f;
    switch (kind) {
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE:
        r->type = "person";
        f = s_field(csv, h, P_EMP, &l);
        s_copy(r->raw_id, sizeof r->raw_id, f, l);
        if ((bad = s_id(f, l, r->employee_no, &r->id_sci_lossy, "employee")))
            return bad;
        if (r->id_sci_lossy)
            return "employee number in scientific notation lost digits (1.23457E+17): export "
                   "the column as text";
        f = s_field(csv, h, P_PIN, &l);
        if (l) {
            bool lossy;
            if ((bad = s_id(f, l, r->pin, &lossy, "pin")))
                return bad;
            if (lossy)
                return "PIN in scientific notation lost digits: export the column as text";
        }
        f = s_field(csv, h, P_DEPT, &l);
        if (!l)
            return "empty department";
        if (l > AN_ID_MAX)
            return "department longer than 64 bytes";
        s_copy(r->department, sizeof r->department, f, l);
        // The employment period: attendance before the hire date or after the leave date is
        // no absence. Not given: open at that end.
        r->day_from = AN_DAY_OPEN_FROM;
        r->day_to = AN_DAY_OPEN_TO;
        r->has_pin = h->ix[P_PIN] >= 0;
        r->has_hire = h->ix[P_HIRE] >= 0;
        r->has_leave = h->ix[P_LEAVE] >= 0;
        s_field(csv, h, P_HIRE, &l);
        if (l && !s_date(csv, h, P_HIRE, &r->day_from, &bad))
            return "hire_date is not a date (YYYY-MM-DD)";
        s_field(csv, h, P_LEAVE, &l);
        if (l && !s_date(csv, h, P_LEAVE, &r->day_to, &bad))
            return "leave_date is not a date (YYYY-MM-DD)";
        if (r->day_to < r->day_from)
            return "leave_date is before hire_date";
        return NULL;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES:
        f = s_field(csv, h, S_SCOPE, &l);
        if (l == 7 && !strncasecmp(f, "default", 7))
            r->type = "default";
        else if (l == 10 && !strncasecmp(f, "department", 10))
            r->type = "department";
        else if (l == 6 && !strncasecmp(f, "person", 6))
            r->type = "person";
        else
            return "scope is not default, department or person";
        f = s_field(csv, h, S_KEY, &l);
        if (!strcmp(r->type, "person")) {
            if ((bad = s_id(f, l, r->employee_no, &r->id_sci_lossy, "employee")))
                return bad;
        } else if (!strcmp(r->type, "department")) {
            if (!l || l > AN_ID_MAX)
                return "department schedule without a department (key)";
            s_copy(r->employee_no, sizeof r->employee_no, f, l);
        }
        f = s_field(csv, h, S_HOURS, &l);
        if (!s_hours(f, l, &r->irregular))
            return s_why_value(why, "hours", f, l,
                               "is not standard or irregular (标准工时制, 不定时工作制)");
        f = s_field(csv, h, S_DAYS, &l);
        if (l && !s_weekdays(f, l, &r->weekdays))
            return s_why_value(why, "days", f, l,
                               "is not a list of weekdays (Mon,Wed,Fri; 1,3,5; Mon-Fri; "
                               "周一,周三,周五)");
        s_field(csv, h, S_START, &l);
        size_t el;
        s_field(csv, h, S_END, &el);
        if (r->irregular && !l && !el) {
            r->a = r->b = 0; // no fixed hours: only which days are working days
        } else {
            if (!s_minutes(csv, h, S_START, &r->a))
                return "start is not HH:MM";
            if (!s_minutes(csv, h, S_END, &r->b))
                return "end is not HH:MM";
            if (r->a == r->b)
                return "start and end are the same time";
        }
        r->day_from = AN_DAY_OPEN_FROM;
        r->day_to = AN_DAY_OPEN_TO;
        s_field(csv, h, S_FROM, &l);
        if (l && !s_date(csv, h, S_FROM, &r->day_from, &bad))
            return bad;
        s_field(csv, h, S_TO, &l);
        if (l && !s_date(csv, h, S_TO, &r->day_to, &bad))
            return bad;
        if (r->day_to < r->day_from)
            return "to is before from";
        return NULL;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE:
        f = s_field(csv, h, K_EMP, &l);
        s_copy(r->raw_id, sizeof r->raw_id, f, l);
        if ((bad = s_id(f, l, r->employee_no, &r->id_sci_lossy, "employee")))
            return bad;
        if (h->ix[K_METRIC] >= 0) {
            r->type = "kpi";
            f = s_field(csv, h, K_PERIOD, &l);
            if (!an_period_parse(f, l, &r->day_from, &r->day_to))
                return "period is not 2025-03, 2025年3月, 2025/3, 2025-Q1, 2025-H1, 2025 or a date";
            f = s_field(csv, h, K_METRIC, &l);
            if (!l || l > AN_SUBJECT_MAX)
                return "metric empty or longer than 128 bytes";
            s_copy(r->subject, sizeof r->subject, f, l);
            if (!s_num(csv, h, K_TARGET, &r->a))
                return "target is not a number";
            if (!s_num(csv, h, K_ACTUAL, &r->b))
                return "actual is not a number";
            f = s_field(csv, h, K_DIR, &l);
            if (l && s_alias_match(S_DIR_LOWER, f, l))
                r->lower_is_better = true;
            else if (l && !s_alias_match(S_DIR_HIGHER, f, l))
                return s_why_value(why, "direction", f, l,
                                   "is not higher or lower (higher, higher_is_better, up, "
                                   "越高越好, 正向; lower, lower_is_better, down, 越低越好, 反向)");
            // Lower is better with a target of 0 (complaints, defects: none is the goal) is a
            // row: its actual is stated against the target, no attainment (README "Facts").
            if (r->a < 0 || (r->a == 0 && !r->lower_is_better)) {
                snprintf(why, S_WHY_MAX,
                         "target %g is not above 0: attainment (actual / target) needs a "
                         "positive target",
                         r->a);
                return why;
            }
            return NULL;
        }
        r->type = "sales";
        if (h->ix[K_DATE] < 0 || h->ix[K_CLIENTS] < 0 || h->ix[K_DEALS] < 0)
            return "performance rows need metric/target/actual or date/clients_followed/"
                   "deals_signed";
        if (!s_date(csv, h, K_DATE, &r->day_from, &bad))
            return bad;
        r->day_to = r->day_from;
        if (!s_num(csv, h, K_CLIENTS, &r->a) || r->a < 0)
            return "clients_followed is not a number >= 0";
        if (!s_num(csv, h, K_DEALS, &r->b) || r->b < 0)
            return "deals_signed is not a number >= 0";
        return NULL;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING:
        r->type = "course";
        f = s_field(csv, h, T_EMP, &l);
        if ((bad = s_id(f, l, r->employee_no, &r->id_sci_lossy, "employee")))
            return bad;
        f = s_field(csv, h, T_COURSE, &l);
        if (!l || l > AN_SUBJECT_MAX)
            return "course empty or longer than 128 bytes";
        s_copy(r->subject, sizeof r->subject, f, l);
        if (!s_date(csv, h, T_DATE, &r->day_from, &bad))
            return bad;
        r->day_to = r->day_from;
        if (!s_num(csv, h, T_SCORE, &r->a))
            return "score is not a number";
        if (!s_num(csv, h, T_PASS, &r->b))
            return "pass_mark is not a number";
        // Scores are out of 100 unless the file says otherwise (a max_score column).
        double max = 100;
        s_field(csv, h, T_MAX, &l);
        if (l && (!s_num(csv, h, T_MAX, &max) || max <= 0))
            return "max_score is not a number above 0";
        if (r->a < 0 || r->a > max) {
            snprintf(why, S_WHY_MAX, "score %g is outside 0..%g%s", r->a, max,
                     h->ix[T_MAX] >= 0 ? " (max_score)"
                                       : " (another scale: add a max_score column)");
            return why;
        }
        if (r->b < 0 || r->b > max) {
            snprintf(why, S_WHY_MAX, "pass_mark %g is outside 0..%g%s", r->b, max,
                     h->ix[T_MAX] >= 0 ? " (max_score)"
                                       : " (another scale: add a max_score column)");
            return why;
        }
        return NULL;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS:
        r->type = "exit";
        f = s_field(csv, h, V_EMP, &l);
        if ((bad = s_id(f, l, r->employee_no, &r->id_sci_lossy, "employee")))
            return bad;
        if (!s_date(csv, h, V_DATE, &r->day_from, &bad))
            return bad;
        r->day_to = r->day_from;
        f = s_field(csv, h, V_REASON, &l);
        if (!l || l > AN_SUBJECT_MAX)
            return "reason_code empty or longer than 128 bytes";
        s_copy(r->subject, sizeof r->subject, f, l);
        return NULL;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE:
        r->type = "leave";
        f = s_field(csv, h, L_EMP, &l);
        if ((bad = s_id(f, l, r->employee_no, &r->id_sci_lossy, "employee")))
            return bad;
        {
            int32_t a = 0, b = 0;
            int half = 0, half_to = 0;
            f = s_field(csv, h, L_FROM, &l);
            if ((bad = s_leave_end(f, l, false, &r->day_from, &a, &half)))
                return s_why_value(why, "from", f, l, bad);
            r->day_to = r->day_from;
            f = s_field(csv, h, L_TO, &l);
            if (l && (bad = s_leave_end(f, l, true, &r->day_to, &b, &half_to)))
                return s_why_value(why, "to", f, l, bad);
            if (!l && half == 1) // `2026-11-05 上午` alone: that morning
                b = -1;
            if (l && half_to == 2 && r->day_to == r->day_from && half == 2)
                b = 0; // 下午 to 下午 of one day: that afternoon
            if (r->day_to < r->day_from ||
                (r->day_to == r->day_from && ((a < 0 && b < 0) || (a > 0 && b > 0 && b <= a))))
                return "to is before from";
            if (r->day_to - r->day_from >= AN_LEAVE_MAX_DAYS)
                return "to is more than 3 years after from (a 医疗期 is at most 24 months; one "
                       "extended with the labour bureau's approval: import the extension as a row "
                       "of its own)";
            r->a = a;
            r->b = b;
        }
        f = s_field(csv, h, L_TYPE, &l);
        s_copy(r->subject, sizeof r->subject, f, l);
        return NULL;
    default:
        return "unknown feed";
    }
}

// The columns a performance file's rows need, known from its header: a KPI file (a metric,
// period, target or actual column) metric, period, target and actual; a daily sales file (a
// clients_followed or deals_signed column) date, clients_followed and deals_signed. A column
// missing refuses the file naming it and every name it goes by - not each row with a reason
// about its value (a `期间` column not read quarantined `2026年12月` as "period is not 2025-03,
// ..."). A file with none of these (another feed's file) has its rows quarantined, as before.
// HR_EINVAL with why; HR_OK otherwise.
static hr_rc_t s_perf_header(const s_header_t *h, uint32_t line, const an_parse_opts_t *opts,
                             char *why, size_t why_len)
{
    static const size_t kpi[] = {K_METRIC, K_PERIOD, K_TARGET, K_ACTUAL};
    static const size_t sales[] = {K_DATE, K_CLIENTS, K_DEALS};
    const size_t *need = NULL;
    size_t nneed = 0;
    const char *rows = NULL;
    for (size_t i = 0; i < HR_ARRAY_LEN(kpi) && !need; i++)
        if (h->ix[kpi[i]] >= 0) {
            need = kpi;
            nneed = HR_ARRAY_LEN(kpi);
            rows = "KPI rows";
        }
    if (!need && (h->ix[K_CLIENTS] >= 0 || h->ix[K_DEALS] >= 0)) {
        need = sales;
        nneed = HR_ARRAY_LEN(sales);
        rows = "daily sales rows";
    }
    for (size_t i = 0; i < nneed; i++)
        if (h->ix[need[i]] < 0) {
            s_no_column(why, why_len, line, &h->cols[need[i]]);
            snprintf(why + strlen(why), why_len - strlen(why), "): %s need it", rows);
            s_no_column_zh(opts->why_zh, opts->why_zh_len, line, &h->cols[need[i]], NULL,
                           need == kpi ? "：KPI 数据需要这一列。请补上这一列后重新导入。"
                                       : "：每日销售数据需要这一列。请补上这一列后重新导入。");
            return HR_EINVAL;
        }
    return HR_OK;
}

static hr_rc_t s_keyed(Hr__Analytics__FeedKind kind, const char *text, size_t len,
                       const an_parse_opts_t *opts, an_sink_t *sink, char *why, size_t why_len)
{
    const s_col_t *cols = NULL;
    size_t ncols = 0;
    switch (kind) {
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE:
        cols = s_people_cols;
        ncols = HR_ARRAY_LEN(s_people_cols);
        break;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES:
        cols = s_sched_cols;
        ncols = HR_ARRAY_LEN(s_sched_cols);
        break;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE:
        cols = s_perf_cols;
        ncols = HR_ARRAY_LEN(s_perf_cols);
        break;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING:
        cols = s_train_cols;
        ncols = HR_ARRAY_LEN(s_train_cols);
        break;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS:
        cols = s_survey_cols;
        ncols = HR_ARRAY_LEN(s_survey_cols);
        break;
    case HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE:
        cols = s_leave_cols;
        ncols = HR_ARRAY_LEN(s_leave_cols);
        break;
    default:
        snprintf(why, why_len, "kind: not a feed");
        return HR_EINVAL;
    }
    an_csv_t csv;
    an_csv_init(&csv, text, len, 0);
    s_header_t h;
    hr_rc_t rc = s_header(&csv, cols, ncols, &h, opts, sink, why, why_len);
    if (!rc && kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE)
        rc = s_perf_header(&h, sink->header_line, opts, why, why_len);
    char wbuf[S_WHY_MAX];
    char tbuf[AN_TEXT_MAX + 1];
    while (!rc && an_csv_next(&csv)) {
        sink->records++;
        an_row_t r;
        memset(&r, 0, sizeof r);
        r.kind = kind;
        r.line = csv.rec_line;
        r.offset = csv.rec_off;
        r.text = "";
        const char *bad =
            s_not_utf8(opts, text, csv.rec_off, csv.rec_len, csv.rec_line, wbuf, sizeof wbuf);
        if (!bad)
            bad = s_shape(&csv, &h, wbuf, sizeof wbuf);
        if (!bad)
            bad = s_row_of(kind, &csv, &h, &r, wbuf);
        if (!bad && kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS) {
            size_t l;
            const char *f = s_field(&csv, &h, V_TEXT, &l);
            if (l > AN_TEXT_MAX)
                bad = "text longer than 4096 bytes";
            s_copy(tbuf, sizeof tbuf, f, l);
            r.text = tbuf;
        }
        if (!bad && kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE &&
            !strcmp(r.type, "kpi")) {
            size_t l;
            const char *f = s_field(&csv, &h, K_PERIOD, &l);
            s_copy(tbuf, sizeof tbuf, f, l);
            r.text = tbuf;
        }
        rc = bad ? s_bad(sink, &csv, bad) : sink->row(sink->arg, &r);
    }
    an_csv_free(&csv);
    return rc;
}

hr_rc_t an_feed_parse(Hr__Analytics__FeedKind kind, const char *format, const char *text,
                      size_t len, const an_parse_opts_t *opts, an_sink_t *sink, char *why,
                      size_t why_len)
{
    if (!format || !*format)
        format = "generic";
    if (kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE) {
        if (!strcmp(format, "generic") || !strcmp(format, "csv"))
            return s_att_generic(text, len, opts, sink, why, why_len);
        if (!strcmp(format, "zkteco") || !strcmp(format, "attlog"))
            return s_att_zkteco(text, len, false, opts, sink, why, why_len);
        if (!strcmp(format, "adms"))
            return s_att_zkteco(text, len, true, opts, sink, why, why_len);
        if (!strcmp(format, "dingtalk"))
            return s_att_json(text, len, false, opts, sink, why, why_len);
        if (!strcmp(format, "wecom"))
            return s_att_json(text, len, true, opts, sink, why, why_len);
        snprintf(why, why_len, "format: '%s' is not generic, zkteco, adms, dingtalk or wecom",
                 format);
        return HR_EINVAL;
    }
    if (strcmp(format, "generic") && strcmp(format, "csv")) {
        snprintf(why, why_len, "format: %s files are generic CSV only", an_kind_name(kind));
        return HR_EINVAL;
    }
    return s_keyed(kind, text, len, opts, sink, why, why_len);
}
