/*  law_json - strict scenario parser (jansson) and the assessment / catalogue writers.
 *
 *  The parser walks the document in a fixed order (employee, employer, termination, evidence,
 *  then cross-field checks) and stops at the first problem, so an input with several problems
 *  always names the same one. In each object the unknown-field check runs before the fields
 *  are read; jansson keeps insertion order, so the first unknown key in the text is the one
 *  named. Duplicate keys are rejected (JSON_REJECT_DUPLICATES): a scenario that says two
 *  things about one fact is not a scenario; the error names the key's field path, found by
 *  walking the text up to where jansson stopped.
 *
 *  Money arrives as a JSON number, which jansson hands over as a double (or an integer). The
 *  number as written must have at most two decimals (trailing zeros and the exponent counted:
 *  9000.10 and 1.5e3 are fine, 100.000000000000001 is not, though its double is 100's), and
 *  printing the double with 0, 1 or 2 decimals must read back as the very same double: the
 *  printed digits are then the exact amount, converted to fen without floating-point
 *  arithmetic.
 *
 *  The writers print text themselves instead of going through json_real(): jansson would print
 *  13500.1 as 13500.1000000000004, and the contract wants exact decimals.
 */
#include "law_json.h"

#include <jansson.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_PATH_MAX 128     // longest field path we build ("employee.status.xxx")
#define S_ECHO_MAX 48      // longest input text echoed back in an error
#define S_NUM_TEXT_MAX 40  // room for a number printed with %.17g
#define S_DOUBLE_DIGITS 17 // significant digits that always round-trip a double
#define S_MONEY_DECIMALS 2 // fen
#define S_ASCII_SPACE 0x20 // first printable character

typedef struct {
    char *err;        // borrowed: where the one-line message goes
    size_t errlen;    // size of err
    const char *text; // borrowed: the input, for the numbers written with more than 2 decimals
    size_t len;
} s_ctx_t;

static hr_rc_t s_fail(s_ctx_t *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static hr_rc_t s_fail(s_ctx_t *c, const char *path, const char *fmt, ...)
{
    if (!c->err || c->errlen == 0)
        return HR_EINVAL;
    int n = snprintf(c->err, c->errlen, "%s: ", path);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return HR_EINVAL;
}

#define S_DEPTH_MAX 16      // nesting a field path is given for (a scenario has 3 levels)
#define S_EXPONENT_MAX 1000 // beyond it a number's decimals are counted as "many"

typedef struct {
    bool object;     // else an array
    bool want_key;   // object: the next string is a key
    const char *key; // object: the last key read (borrowed from the text), its length keylen
    size_t keylen;
    size_t index; // array: the element being read
} s_frame_t;

// A walk over JSON text - valid so far - that knows at each byte the keys and indexes leading
// there: jansson says only where a problem is, never its field path.
typedef struct {
    const char *text; // borrowed
    size_t len;
    s_frame_t st[S_DEPTH_MAX];
    int depth;
    bool too_deep; // nested deeper than S_DEPTH_MAX: no path is given
} s_walk_t;

// Takes the byte at i (a string whole, from its opening quote) and returns the index of the
// last byte taken.
static size_t s_walk_step(s_walk_t *w, size_t i)
{
    const char *text = w->text;
    s_frame_t *top = w->depth > 0 ? &w->st[w->depth - 1] : NULL;
    switch (text[i]) {
    case '{':
    case '[':
        if (w->depth == S_DEPTH_MAX)
            w->too_deep = true;
        else
            w->st[w->depth++] = (s_frame_t){.object = text[i] == '{', .want_key = text[i] == '{'};
        break;
    case '}':
    case ']':
        if (w->depth > 0)
            w->depth--;
        break;
    case ',':
        if (top && top->object)
            top->want_key = true;
        else if (top)
            top->index++;
        break;
    case ':':
        if (top)
            top->want_key = false;
        break;
    case '"': {
        size_t from = ++i; // the string runs to its closing quote
        while (i < w->len && text[i] != '"')
            i += text[i] == '\\' ? 2 : 1;
        if (top && top->object && top->want_key) {
            top->key = text + from;
            top->keylen = (i < w->len ? i : w->len) - from;
        }
        break;
    }
    default:
        break;
    }
    return i;
}

// The field path where the walk stands: of the key just read, or of a value (in_array: also an
// array's element). Writes it into path and returns true, or false when there is none.
static bool s_walk_path(const s_walk_t *w, bool in_array, char *path, size_t cap)
{
    int depth = w->depth;
    if (w->too_deep || depth == 0 || (w->st[depth - 1].object ? !w->st[depth - 1].key : !in_array))
        return false;
    size_t n = 0;
    path[0] = '\0';
    for (int d = 0; d < depth && n < cap; d++) {
        const s_frame_t *f = &w->st[d];
        int k = f->object ? snprintf(path + n, cap - n, "%s%.*s", n ? "." : "",
                                     (int)(f->keylen > S_PATH_MAX ? S_PATH_MAX : f->keylen),
                                     f->key ? f->key : "")
                          : snprintf(path + n, cap - n, "[%zu]", f->index);
        if (k < 0)
            return false;
        n += (size_t)k;
    }
    return true;
}

// The field path of the key jansson found a duplicate of (at: the byte after the key).
static bool s_duplicate_path(const char *text, size_t len, size_t at, char *path, size_t cap)
{
    s_walk_t w = {.text = text, .len = len};
    for (size_t i = 0; i < len && i < at; i++)
        i = s_walk_step(&w, i);
    return s_walk_path(&w, false, path, cap);
}

// The decimals a JSON number token at t (of at most n bytes) has as written, trailing zeros not
// counted: 9000.10 has 1, 1.0000000000000001e2 has 14, 12345e-3 has 3. *end is its length.
static long s_written_decimals(const char *t, size_t n, size_t *end)
{
    size_t i = t[0] == '-' ? 1 : 0;
    long after_point = 0, trailing_zeros = 0, exponent = 0;
    bool point = false;
    for (; i < n && ((t[i] >= '0' && t[i] <= '9') || (t[i] == '.' && !point)); i++) {
        if (t[i] == '.') {
            point = true;
            continue;
        }
        trailing_zeros = t[i] == '0' ? trailing_zeros + 1 : 0;
        after_point += point;
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        bool minus = ++i < n && t[i] == '-';
        if (i < n && (t[i] == '-' || t[i] == '+'))
            i++;
        for (; i < n && t[i] >= '0' && t[i] <= '9'; i++)
            if (exponent < S_EXPONENT_MAX)
                exponent = exponent * 10 + (t[i] - '0');
        exponent = minus ? -exponent : exponent;
    }
    *end = i;
    long decimals = after_point - trailing_zeros - exponent;
    return decimals > 0 ? decimals : 0;
}

// True when the money value at path p is written with more than 2 decimals in the input: the
// double jansson hands over cannot tell 100.000000000000001 from 100, the text can. One walk.
static bool s_written_too_precise(const s_ctx_t *c, const char *p)
{
    s_walk_t w = {.text = c->text, .len = c->len};
    for (size_t i = 0; c->text && i < c->len; i++) {
        if (c->text[i] != '-' && !(c->text[i] >= '0' && c->text[i] <= '9')) {
            i = s_walk_step(&w, i);
            continue;
        }
        size_t end = 0;
        char path[2 * S_PATH_MAX];
        if (s_written_decimals(c->text + i, c->len - i, &end) > S_MONEY_DECIMALS &&
            s_walk_path(&w, true, path, sizeof path) && !strcmp(path, p))
            return true;
        i += end - 1; // a number is at least one byte
    }
    return false;
}

// Keeps the error on one printable line whatever the input contained.
static void s_one_line(char *err)
{
    for (unsigned char *p = (unsigned char *)err; p && *p; p++)
        if (*p < S_ASCII_SPACE)
            *p = '?';
}

static const char *s_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "something else";
}

// Shortest %.Ng text that reads back as the same double.
static void s_real_text(double x, char *buf)
{
    for (int prec = 1; prec <= S_DOUBLE_DIGITS; prec++) {
        snprintf(buf, S_NUM_TEXT_MAX, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

// Input text echoed in a message: a JSON string literal, ASCII only, cut to S_ECHO_MAX.
static void s_echo(const char *s, char *buf, size_t len)
{
    json_t *str = json_string(s);
    char *quoted = str ? json_dumps(str, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    if (quoted && strlen(quoted) <= S_ECHO_MAX)
        snprintf(buf, len, "%s", quoted);
    else if (quoted)
        snprintf(buf, len, "%.*s...\"", S_ECHO_MAX, quoted);
    else
        snprintf(buf, len, "(text)");
    free(quoted);
    json_decref(str);
}

static void s_path(char *buf, const char *parent, const char *key)
{
    snprintf(buf, S_PATH_MAX, "%s.%s", parent, key);
}

typedef bool(s_known_fn)(const char *key);

static hr_rc_t s_check_keys(s_ctx_t *c, json_t *obj, const char *path, s_known_fn *known)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        (void)value;
        if (!known(key)) {
            char p[S_PATH_MAX];
            if (path)
                s_path(p, path, key);
            else
                snprintf(p, sizeof p, "%s", key);
            return s_fail(c, p, "unknown field");
        }
    }
    return HR_OK;
}

static bool s_in_list(const char *key, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(key, *names))
            return true;
    return false;
}

static const char *const s_root_keys[] = {"employee", "employer", "termination", "evidence", NULL};
static const char *const s_employee_keys[] = {"hire_date",
                                              "contract_type",
                                              "contract_start",
                                              "contract_end",
                                              "probation_end",
                                              "average_monthly_wage",
                                              "wages_last_12_months",
                                              "previous_month_wage",
                                              "status",
                                              NULL};
static const char *const s_employer_keys[] = {"city", "local_average_monthly_wage",
                                              "local_minimum_monthly_wage", "has_union", NULL};
static const char *const s_termination_keys[] = {"ground",
                                                 "notice_date",
                                                 "effective_date",
                                                 "written_notice",
                                                 "reasons_given",
                                                 "pay_in_lieu_of_notice",
                                                 "union_notified",
                                                 "union_notice_cured_before_suit",
                                                 NULL};

static bool s_root_known(const char *key)
{
    return s_in_list(key, s_root_keys);
}
static bool s_employee_known(const char *key)
{
    return s_in_list(key, s_employee_keys);
}
static bool s_employer_known(const char *key)
{
    return s_in_list(key, s_employer_keys);
}
static bool s_termination_known(const char *key)
{
    return s_in_list(key, s_termination_keys);
}
static bool s_status_known(const char *key)
{
    return law_status_find(key) != NULL;
}
static bool s_evidence_known(const char *key)
{
    return law_fact_find(key) != NULL;
}

// Fetches obj[key] as an object. *out is NULL when absent and not required.
static hr_rc_t s_get_object(s_ctx_t *c, json_t *obj, const char *parent, const char *key,
                            bool required, json_t **out)
{
    char p[S_PATH_MAX];
    if (parent)
        s_path(p, parent, key);
    else
        snprintf(p, sizeof p, "%s", key);
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v)
        return required ? s_fail(c, p, "is required") : HR_OK;
    if (!json_is_object(v))
        return s_fail(c, p, "expected an object, got %s", s_type_name(v));
    *out = v;
    return HR_OK;
}

static hr_rc_t s_get_string(s_ctx_t *c, json_t *obj, const char *parent, const char *key,
                            bool required, const char **out)
{
    char p[S_PATH_MAX];
    s_path(p, parent, key);
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v)
        return required ? s_fail(c, p, "is required") : HR_OK;
    if (!json_is_string(v))
        return s_fail(c, p, "expected a string, got %s", s_type_name(v));
    *out = json_string_value(v);
    return HR_OK;
}

static hr_rc_t s_get_date(s_ctx_t *c, json_t *obj, const char *parent, const char *key,
                          bool required, bool *present, law_day_t *out)
{
    char p[S_PATH_MAX];
    s_path(p, parent, key);
    json_t *v = json_object_get(obj, key);
    if (present)
        *present = v != NULL;
    if (!v)
        return required ? s_fail(c, p, "is required") : HR_OK;
    if (!json_is_string(v))
        return s_fail(c, p, "expected a date string \"YYYY-MM-DD\", got %s", s_type_name(v));
    const char *text = json_string_value(v);
    if (strlen(text) == json_string_length(v) && law_date_parse(text, out))
        return HR_OK;
    char echo[S_ECHO_MAX + 8];
    s_echo(text, echo, sizeof echo);
    int year, month, mday;
    if (sscanf(text, "%4d-%2d-%2d", &year, &month, &mday) == 3 &&
        (year < LAW_YEAR_MIN || year > LAW_YEAR_MAX))
        return s_fail(c, p, "%s is out of range (years %d-%d)", echo, LAW_YEAR_MIN, LAW_YEAR_MAX);
    return s_fail(c, p, "%s is not a date", echo);
}

static hr_rc_t s_get_bool(s_ctx_t *c, json_t *obj, const char *parent, const char *key, bool *out)
{
    char p[S_PATH_MAX];
    s_path(p, parent, key);
    json_t *v = json_object_get(obj, key);
    *out = false; // absent is false: a fact with no evidence is a fact not proven
    if (!v)
        return HR_OK;
    if (!json_is_boolean(v))
        return s_fail(c, p, "expected true or false, got %s", s_type_name(v));
    *out = json_is_true(v);
    return HR_OK;
}

// A money value (JSON number, yuan, at most two decimals, not negative) into fen.
static hr_rc_t s_money_value(s_ctx_t *c, json_t *v, const char *p, int64_t *out)
{
    char text[S_NUM_TEXT_MAX];
    const int64_t max_yuan = LAW_MONEY_MAX_FEN / LAW_FEN_PER_YUAN;
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (n < 0)
            return s_fail(c, p, "%lld is negative", (long long)n);
        if (n > max_yuan)
            return s_fail(c, p, "%lld is out of range (at most %lld)", (long long)n,
                          (long long)max_yuan);
        *out = (int64_t)n * LAW_FEN_PER_YUAN;
        return HR_OK;
    }
    if (!json_is_real(v))
        return s_fail(c, p, "expected a number, got %s", s_type_name(v));
    double x = json_real_value(v);
    s_real_text(x, text);
    if (x < 0)
        return s_fail(c, p, "%s is negative", text);
    if (!(x <= (double)max_yuan))
        return s_fail(c, p, "%s is out of range (at most %lld)", text, (long long)max_yuan);
    if (s_written_too_precise(c, p))
        return s_fail(c, p, "is written with more than 2 decimals");
    for (int decimals = 0; decimals <= S_MONEY_DECIMALS; decimals++) {
        char fixed[S_NUM_TEXT_MAX];
        snprintf(fixed, sizeof fixed, "%.*f", decimals, x);
        if (strtod(fixed, NULL) == x && law_fen_parse(fixed, out))
            return HR_OK;
    }
    return s_fail(c, p, "%s is out of range (more than 2 decimals)", text);
}

static hr_rc_t s_get_money(s_ctx_t *c, json_t *obj, const char *parent, const char *key,
                           bool required, bool *present, int64_t *out)
{
    char p[S_PATH_MAX];
    s_path(p, parent, key);
    json_t *v = json_object_get(obj, key);
    *present = v != NULL;
    if (!v)
        return required ? s_fail(c, p, "is required") : HR_OK;
    return s_money_value(c, v, p, out);
}

// A whole number of people (layoff_count, total_headcount).
static hr_rc_t s_count_value(s_ctx_t *c, json_t *v, const char *p, int64_t *out)
{
    if (!json_is_integer(v))
        return s_fail(c, p, "expected a whole number, got %s", s_type_name(v));
    json_int_t n = json_integer_value(v);
    if (n < 0)
        return s_fail(c, p, "%lld is negative", (long long)n);
    if (n > LAW_HEADCOUNT_MAX)
        return s_fail(c, p, "%lld is out of range (at most %d)", (long long)n, LAW_HEADCOUNT_MAX);
    *out = (int64_t)n;
    return HR_OK;
}

static hr_rc_t s_parse_wages(s_ctx_t *c, json_t *employee, law_scenario_t *s)
{
    const char *p = "employee.wages_last_12_months";
    json_t *v = json_object_get(employee, "wages_last_12_months");
    if (!v)
        return HR_OK;
    if (!json_is_array(v))
        return s_fail(c, p, "expected an array of numbers, got %s", s_type_name(v));
    size_t n = json_array_size(v);
    if (n == 0)
        return s_fail(c, p, "is empty (give at least one month, or leave it out)");
    if (n > LAW_WAGES_MAX)
        return s_fail(c, p, "has %zu entries (at most %d)", n, LAW_WAGES_MAX);
    for (size_t i = 0; i < n; i++) {
        char ep[S_PATH_MAX];
        snprintf(ep, sizeof ep, "%s[%zu]", p, i);
        hr_rc_t rc = s_money_value(c, json_array_get(v, i), ep, &s->wages_fen[i]);
        if (rc)
            return rc;
    }
    s->nwages = n;
    return HR_OK;
}

static hr_rc_t s_parse_status(s_ctx_t *c, json_t *employee, law_scenario_t *s)
{
    json_t *status;
    hr_rc_t rc = s_get_object(c, employee, "employee", "status", false, &status);
    if (rc || !status)
        return rc;
    rc = s_check_keys(c, status, "employee.status", s_status_known);
    if (rc)
        return rc;
    for (int i = 0; i < LAW_STATUS_COUNT; i++) {
        bool on;
        rc =
            s_get_bool(c, status, "employee.status", law_status_get((law_status_id_t)i)->name, &on);
        if (rc)
            return rc;
        if (on)
            s->status |= LAW_STATUS_BIT(i);
    }
    return HR_OK;
}

static hr_rc_t s_parse_contract_type(s_ctx_t *c, json_t *employee, law_scenario_t *s)
{
    const char *text;
    hr_rc_t rc = s_get_string(c, employee, "employee", "contract_type", false, &text);
    if (rc || !text)
        return rc;
    for (int t = 0; t < LAW_CONTRACT_COUNT; t++) {
        if (!strcmp(text, law_contract_name((law_contract_t)t))) {
            s->contract_type = (law_contract_t)t;
            return HR_OK;
        }
    }
    char echo[S_ECHO_MAX + 8];
    s_echo(text, echo, sizeof echo);
    return s_fail(c, "employee.contract_type",
                  "%s is not one of fixed, open_ended, task_based, part_time", echo);
}

static hr_rc_t s_parse_employee(s_ctx_t *c, json_t *root, law_scenario_t *s)
{
    const char *e = "employee";
    json_t *emp;
    hr_rc_t rc = s_get_object(c, root, NULL, e, true, &emp);
    if (!rc)
        rc = s_check_keys(c, emp, e, s_employee_known);
    if (!rc)
        rc = s_get_date(c, emp, e, "hire_date", true, NULL, &s->hire_day);
    if (!rc)
        rc = s_parse_contract_type(c, emp, s);
    if (!rc)
        rc = s_get_date(c, emp, e, "contract_start", false, &s->has_contract_start,
                        &s->contract_start_day);
    if (!rc)
        rc = s_get_date(c, emp, e, "contract_end", false, &s->has_contract_end,
                        &s->contract_end_day);
    if (!rc)
        rc =
            s_get_date(c, emp, e, "probation_end", false, &s->has_probation, &s->probation_end_day);
    if (!rc)
        rc = s_get_money(c, emp, e, "average_monthly_wage", false, &s->has_average_wage,
                         &s->average_wage_fen);
    if (!rc)
        rc = s_parse_wages(c, emp, s);
    if (!rc)
        rc = s_get_money(c, emp, e, "previous_month_wage", false, &s->has_previous_month_wage,
                         &s->previous_month_wage_fen);
    if (!rc)
        rc = s_parse_status(c, emp, s);
    if (!rc && !s->has_average_wage && s->nwages == 0)
        rc = s_fail(c, "employee.average_monthly_wage",
                    "is required unless employee.wages_last_12_months is given");
    return rc;
}

static hr_rc_t s_parse_employer(s_ctx_t *c, json_t *root, law_scenario_t *s)
{
    const char *e = "employer";
    json_t *emp;
    const char *city;
    bool present;
    hr_rc_t rc = s_get_object(c, root, NULL, e, true, &emp);
    if (!rc)
        rc = s_check_keys(c, emp, e, s_employer_known);
    if (!rc)
        rc = s_get_string(c, emp, e, "city", false, &city); // informative only
    if (!rc)
        rc = s_get_money(c, emp, e, "local_average_monthly_wage", true, &present,
                         &s->local_average_wage_fen);
    if (!rc && s->local_average_wage_fen == 0)
        rc = s_fail(c, "employer.local_average_monthly_wage", "0 is out of range (must be > 0)");
    if (!rc)
        rc = s_get_money(c, emp, e, "local_minimum_monthly_wage", false, &s->has_local_minimum,
                         &s->local_minimum_wage_fen);
    if (!rc)
        rc = s_get_bool(c, emp, e, "has_union", &s->has_union);
    return rc;
}

static hr_rc_t s_parse_termination(s_ctx_t *c, json_t *root, law_scenario_t *s)
{
    const char *t = "termination";
    json_t *term;
    const char *code = NULL;
    hr_rc_t rc = s_get_object(c, root, NULL, t, true, &term);
    if (!rc)
        rc = s_check_keys(c, term, t, s_termination_known);
    if (!rc)
        rc = s_get_string(c, term, t, "ground", true, &code);
    if (!rc) {
        s->ground = law_ground_find(code);
        if (!s->ground) {
            char echo[S_ECHO_MAX + 8];
            s_echo(code, echo, sizeof echo);
            rc = s_fail(c, "termination.ground", "%s is not a known ground (see hrctl law grounds)",
                        echo);
        }
    }
    if (!rc)
        rc = s_get_date(c, term, t, "notice_date", true, NULL, &s->notice_day);
    if (!rc)
        rc = s_get_date(c, term, t, "effective_date", true, NULL, &s->effective_day);
    if (!rc)
        rc = s_get_bool(c, term, t, "written_notice", &s->written_notice);
    if (!rc)
        rc = s_get_bool(c, term, t, "reasons_given", &s->reasons_given);
    if (!rc)
        rc = s_get_bool(c, term, t, "pay_in_lieu_of_notice", &s->pay_in_lieu_of_notice);
    if (!rc)
        rc = s_get_bool(c, term, t, "union_notified", &s->union_notified);
    if (!rc)
        rc = s_get_bool(c, term, t, "union_notice_cured_before_suit",
                        &s->union_notice_cured_before_suit);
    return rc;
}

static hr_rc_t s_parse_evidence(s_ctx_t *c, json_t *root, law_scenario_t *s)
{
    json_t *ev;
    hr_rc_t rc = s_get_object(c, root, NULL, "evidence", false, &ev);
    if (rc || !ev)
        return rc; // no evidence object: nothing is proven
    rc = s_check_keys(c, ev, "evidence", s_evidence_known);
    if (rc)
        return rc;
    for (int i = 0; i < LAW_FACT_COUNT; i++) {
        const law_fact_t *fact = law_fact_get((law_fact_id_t)i);
        json_t *v = json_object_get(ev, fact->name);
        if (!v)
            continue;
        const char *p = law_fact_path(fact->id);
        if (fact->numeric) {
            int64_t *dst =
                fact->id == LAW_FACT_LAYOFF_COUNT ? &s->layoff_count : &s->total_headcount;
            rc = s_count_value(c, v, p, dst);
            if (rc)
                return rc;
            s->proven |= LAW_FACT_BIT(fact->id);
        } else {
            if (!json_is_boolean(v))
                return s_fail(c, p, "expected true or false, got %s", s_type_name(v));
            if (json_is_true(v))
                s->proven |= LAW_FACT_BIT(fact->id);
        }
    }
    return HR_OK;
}

hr_rc_t law_scenario_from_json(const char *text, size_t len, law_scenario_t *out, char *err,
                               size_t errlen)
{
    s_ctx_t c = {err, errlen, text, len};
    json_error_t jerr;
    json_t *root = NULL;
    hr_rc_t rc = HR_OK;
    law_scenario_init(out);
    if (err && errlen > 0)
        err[0] = '\0';
    if (len > LAW_INPUT_MAX) {
        rc = s_fail(&c, "input", "is larger than %d bytes", LAW_INPUT_MAX);
        goto out;
    }
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    char dup[2 * S_PATH_MAX];
    if (!root && json_error_code(&jerr) == json_error_duplicate_key &&
        s_duplicate_path(text, len, (size_t)jerr.position, dup, sizeof dup)) {
        rc = s_fail(&c, dup, "duplicate key");
        goto out;
    }
    if (!root) {
        rc = s_fail(&c, "input", "not valid JSON at line %d column %d: %s", jerr.line, jerr.column,
                    jerr.text);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = s_fail(&c, "input", "expected a JSON object, got %s", s_type_name(root));
        goto out;
    }
    rc = s_check_keys(&c, root, NULL, s_root_known);
    if (!rc)
        rc = s_parse_employee(&c, root, out);
    if (!rc)
        rc = s_parse_employer(&c, root, out);
    if (!rc)
        rc = s_parse_termination(&c, root, out);
    if (!rc)
        rc = s_parse_evidence(&c, root, out);
    if (!rc)
        rc = law_scenario_check(out, err, errlen);
out:
    json_decref(root);
    if (rc && err)
        s_one_line(err);
    return rc;
}

// ---------------------------------------------------------------------------------------------
// Writers

typedef struct {
    char *buf;  // owned until handed to the caller
    size_t len; // bytes used, not counting the NUL
    size_t cap; // bytes allocated
} s_out_t;

#define S_OUT_INITIAL 4096 // one assessment with a few findings fits without growing
#define S_HEX_ESCAPE_LEN 7 // "\u00XX" and a NUL

static void s_put(s_out_t *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : S_OUT_INITIAL;
        while (o->len + n + 1 > cap)
            cap *= 2;
        o->buf = hr_realloc(o->buf, cap);
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void s_puts(s_out_t *o, const char *s)
{
    s_put(o, s, strlen(s));
}

// The inside of a JSON string literal; UTF-8 passes through, controls and quotes are escaped.
static void s_put_escaped(s_out_t *o, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"')
            s_puts(o, "\\\"");
        else if (*p == '\\')
            s_puts(o, "\\\\");
        else if (*p == '\n')
            s_puts(o, "\\n");
        else if (*p < S_ASCII_SPACE) {
            char hex[S_HEX_ESCAPE_LEN];
            snprintf(hex, sizeof hex, "\\u%04x", *p);
            s_puts(o, hex);
        } else
            s_put(o, (const char *)p, 1);
    }
}

// A JSON string literal.
static void s_put_string(s_out_t *o, const char *s)
{
    s_puts(o, "\"");
    s_put_escaped(o, s);
    s_puts(o, "\"");
}

static void s_put_key(s_out_t *o, const char *key)
{
    s_put_string(o, key);
    s_puts(o, ": ");
}

static void s_put_money(s_out_t *o, int64_t fen)
{
    char text[LAW_MONEY_TEXT_MAX];
    law_fen_format(fen, text);
    s_puts(o, text);
}

static void s_put_int(s_out_t *o, long long v)
{
    char text[S_NUM_TEXT_MAX];
    snprintf(text, sizeof text, "%lld", v);
    s_puts(o, text);
}

static void s_put_date(s_out_t *o, law_day_t day)
{
    char text[LAW_DATE_LEN + 1];
    law_date_format(day, text);
    s_put_string(o, text);
}

static void s_put_bool(s_out_t *o, bool v)
{
    s_puts(o, v ? "true" : "false");
}

static void s_put_units(s_out_t *o, int half_units)
{
    s_put_int(o, half_units / 2);
    if (half_units % 2)
        s_puts(o, ".5");
}

// A message with the figures law_finding_detail gives for the finding appended.
static void s_put_message(s_out_t *o, const law_assessment_t *a, const law_finding_t *f, bool en)
{
    const char *msg = en ? f->message_en : f->message_zh;
    char detail[LAW_DETAIL_MAX];
    if (!law_finding_detail(a, f, en, detail, sizeof detail)) {
        s_put_string(o, msg);
        return;
    }
    s_puts(o, "\"");
    s_put_escaped(o, msg);
    s_put_escaped(o, detail);
    s_puts(o, "\"");
}

static void s_put_finding(s_out_t *o, const law_assessment_t *a, const law_finding_t *f)
{
    s_puts(o, "{");
    s_put_key(o, "severity");
    s_put_string(o, law_severity_name(f->severity));
    s_puts(o, ", ");
    s_put_key(o, "code");
    s_put_string(o, f->code);
    s_puts(o, ", ");
    s_put_key(o, "article");
    s_put_string(o, f->article);
    if (f->fact) {
        s_puts(o, ", ");
        s_put_key(o, "fact");
        s_put_string(o, f->fact);
    }
    s_puts(o, ",\n      ");
    s_put_key(o, "message_zh");
    s_put_message(o, a, f, false);
    s_puts(o, ",\n      ");
    s_put_key(o, "message_en");
    s_put_message(o, a, f, true);
    s_puts(o, "}");
}

char *law_assessment_to_json(const law_assessment_t *a)
{
    s_out_t o = {NULL, 0, 0};
    const law_ground_t *g = a->ground;
    s_puts(&o, "{\n  ");
    s_put_key(&o, "verdict");
    s_put_string(&o, a->lawful ? "lawful" : "unlawful");
    s_puts(&o, ",\n  ");
    s_put_key(&o, "needs_review");
    s_put_bool(&o, a->needs_review);
    s_puts(&o, ",\n  ");
    s_put_key(&o, "ground");
    s_puts(&o, "{");
    s_put_key(&o, "code");
    s_put_string(&o, g->code);
    s_puts(&o, ", ");
    s_put_key(&o, "article");
    s_put_string(&o, g->article);
    s_puts(&o, ", ");
    s_put_key(&o, "title_zh");
    s_put_string(&o, g->title_zh);
    s_puts(&o, ", ");
    s_put_key(&o, "title_en");
    s_put_string(&o, g->title_en);
    s_puts(&o, "},\n  ");
    s_put_key(&o, "findings");
    s_puts(&o, "[");
    for (size_t i = 0; i < a->nfindings; i++) {
        s_puts(&o, i ? ",\n    " : "\n    ");
        s_put_finding(&o, a, &a->findings[i]);
    }
    s_puts(&o, a->nfindings ? "\n  ],\n  " : "],\n  ");
    s_put_key(&o, "service");
    s_puts(&o, "{");
    s_put_key(&o, "years");
    s_put_int(&o, a->service.years);
    s_puts(&o, ", ");
    s_put_key(&o, "months");
    s_put_int(&o, a->service.months);
    s_puts(&o, ", ");
    s_put_key(&o, "days");
    s_put_int(&o, a->service.days);
    s_puts(&o, ", ");
    s_put_key(&o, "units");
    s_put_units(&o, a->service_half_units);
    s_puts(&o, "},\n  ");
    s_put_key(&o, "wage");
    s_puts(&o, "{");
    s_put_key(&o, "average");
    s_put_money(&o, a->wage_average_fen);
    s_puts(&o, ", ");
    s_put_key(&o, "base");
    s_put_money(&o, a->wage_base_fen);
    s_puts(&o, ", ");
    s_put_key(&o, "cap");
    s_put_money(&o, a->wage_cap_fen);
    s_puts(&o, ", ");
    s_put_key(&o, "capped");
    s_put_bool(&o, a->wage_capped);
    s_puts(&o, "},\n  ");
    s_put_key(&o, "money");
    s_puts(&o, "{");
    s_put_key(&o, "severance");
    s_put_money(&o, a->severance_fen);
    s_puts(&o, ", ");
    s_put_key(&o, "notice_pay");
    s_put_money(&o, a->notice_pay_fen);
    s_puts(&o, ", ");
    s_put_key(&o, "unlawful_compensation");
    s_put_money(&o, a->unlawful_compensation_fen);
    s_puts(&o, "},\n  ");
    s_put_key(&o, "deadlines");
    s_puts(&o, "{\n    ");
    s_put_key(&o, "termination_certificate");
    s_put_date(&o, a->certificate_day);
    s_puts(&o, ",\n    ");
    s_put_key(&o, "file_and_social_insurance_transfer");
    s_put_date(&o, a->transfer_day);
    s_puts(&o, ",\n    ");
    s_put_key(&o, "keep_records_until");
    s_put_date(&o, a->keep_records_day);
    s_puts(&o, ",\n    ");
    s_put_key(&o, "arbitration_limit");
    s_put_date(&o, a->arbitration_limit_day);
    s_puts(&o, "\n  }\n}\n");
    return o.buf;
}

static void s_put_kinds(s_out_t *o, unsigned kinds)
{
    bool first = true;
    s_puts(o, "[");
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        if (!(kinds & LAW_EVK_BIT(k)))
            continue;
        if (!first)
            s_puts(o, ", ");
        s_put_string(o, law_evidence_kind_name((law_evidence_kind_t)k));
        first = false;
    }
    s_puts(o, "]");
}

static void s_put_field(s_out_t *o, const char *sep, const char *key, const char *value)
{
    s_puts(o, sep);
    s_put_key(o, key);
    s_put_string(o, value);
}

char *law_catalogue_to_json(void)
{
    s_out_t o = {NULL, 0, 0};
    s_puts(&o, "[");
    for (size_t i = 0; i < law_ground_count(); i++) {
        const law_ground_t *g = law_ground_at(i);
        s_puts(&o, i ? ",\n  {" : "\n  {");
        s_put_field(&o, "", "code", g->code);
        s_put_field(&o, ", ", "article", g->article);
        s_put_field(&o, ",\n   ", "title_zh", g->title_zh);
        s_put_field(&o, ", ", "title_en", g->title_en);
        s_puts(&o, ",\n   ");
        s_put_key(&o, "severance");
        s_put_bool(&o, g->severance);
        s_puts(&o, ", ");
        s_put_key(&o, "evidence_kinds");
        s_put_kinds(&o, law_ground_kinds(g));
        s_puts(&o, ",\n   ");
        s_put_key(&o, "facts");
        s_puts(&o, "[");
        for (size_t j = 0; j < g->nfacts; j++) {
            const law_fact_t *f = law_fact_get(g->facts[j].fact);
            s_puts(&o, j ? ",\n    {" : "\n    {");
            s_put_field(&o, "", "name", f->name);
            s_puts(&o, ", ");
            s_put_key(&o, "required");
            s_put_bool(&o, g->facts[j].required);
            s_put_field(&o, ", ", "type", f->numeric ? "number" : "boolean");
            s_put_field(&o, ", ", "article", f->article);
            s_put_field(&o, ",\n     ", "description_zh", f->description_zh);
            s_put_field(&o, ",\n     ", "description_en", f->description_en);
            s_put_field(&o, ",\n     ", "document_zh", f->document_zh);
            s_put_field(&o, ",\n     ", "document_en", f->document_en);
            s_puts(&o, ",\n     ");
            s_put_key(&o, "evidence_kinds");
            s_put_kinds(&o, f->kinds);
            s_puts(&o, "}");
        }
        s_puts(&o, "]}");
    }
    s_puts(&o, "\n]\n");
    return o.buf;
}
