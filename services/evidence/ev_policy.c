/*  ev_policy - what the store accepts and keeps: kinds, file names, media types, retention;
 *  who counts as a custodian, what legal uploads; when a case's employee is told of it.
 *
 *  Pure functions: no I/O, no clock. An original file name is metadata only - it is never used
 *  to build a path - and is cleaned so that a console, a log or a Content-Disposition header
 *  showing it later cannot be tricked (control characters, bidi overrides, path separators).
 */
#include "ev.h"

#include <jansson.h>
#include <strings.h>

const char *const ev_kinds[] = {
    "performance_report",
    "assessment_result",
    "training_record",
    "rule_document",
    "rule_acknowledgement",
    "attendance_record",
    "complaint_record",
    "feedback_talk_record",
    "hiring_conditions",
    "agreement",
    "notice_letter",
    "union_notice",
    "facts_snapshot",
    "termination_certificate",
    "other", // last: a record of a kind no longer known keeps its retention (ev_handlers)
    NULL,
};

int ev_kind_index(const char *kind)
{
    if (!kind)
        return -1;
    for (int i = 0; ev_kinds[i]; i++)
        if (!strcmp(ev_kinds[i], kind))
            return i;
    return -1;
}

const char *ev_kind_upload_refusal(const char *kind)
{
    if (kind && !strcmp(kind, EV_KIND_FACTS))
        return "kind: a facts_snapshot is made by the system, not uploaded: `hrctl case facts "
               "CASE_ID --from YYYY-MM-DD --to YYYY-MM-DD` freezes hr-analytics' facts about the "
               "case's employee; upload this file as another kind (a staff roster, a headcount "
               "or a layoff list: other)";
    return NULL;
}

// What legal uploads: its own work product. The employer's records of the employment and of
// its procedure (performance, attendance, rules, talks, complaints, notices, the union notice,
// the certificate) are collected by the manager and HR, and legal reviews them.
static const char *const s_legal_kinds[] = {"other", "agreement"};

bool ev_kind_is_legal_upload(const char *kind)
{
    for (size_t i = 0; kind && i < HR_ARRAY_LEN(s_legal_kinds); i++)
        if (!strcmp(s_legal_kinds[i], kind))
            return true;
    return false;
}

const char *ev_kind_legal_refusal(const char *kind)
{
    if (ev_kind_is_legal_upload(kind))
        return NULL;
    return "legal uploads only other (legal memos, arbitration and court papers) and agreement "
           "(a settlement legal drafted); the employer's records are uploaded by HR or the "
           "case's manager, and legal reviews them";
}

bool ev_facts_is_snapshot(const char *json, size_t len)
{
    json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
    const char *kind = json_string_value(json_object_get(doc, "kind"));
    bool is = kind && !strcmp(kind, EV_FACTS_DOC_KIND);
    json_decref(doc);
    return is;
}

// The roles that make a custodian.
static const char *const s_custodian_roles[] = {"hr", "legal", "operator"};

static bool s_person_has_role(const Hr__Evidence__Person *p, const char *role)
{
    for (size_t i = 0; i < p->n_roles; i++)
        if (p->roles[i] && !strcmp(p->roles[i], role))
            return true;
    return false;
}

// Whether a's custodian role counts: as claimed without a directory; with one, hr and legal only
// when the person's entry holds them too, operator only for the operator itself.
static bool s_role_counts(const Hr__Actor *a, const Hr__Evidence__Person *p, bool directory,
                          const char *role)
{
    if (!hr_actor_has_role(a, role))
        return false;
    if (!directory)
        return true;
    if (!strcmp(role, "operator"))
        return hr_actor_is_operator(a); // hrctl's identity: no person, in no directory
    return p && s_person_has_role(p, role);
}

bool ev_auth_is_custodian(const Hr__Actor *a, const Hr__Evidence__Person *p, bool directory)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_custodian_roles); i++)
        if (s_role_counts(a, p, directory, s_custodian_roles[i]))
            return true;
    return false;
}

bool ev_auth_is_legal_only(const Hr__Actor *a, const Hr__Evidence__Person *p, bool directory)
{
    return s_role_counts(a, p, directory, "legal") && !s_role_counts(a, p, directory, "hr") &&
           !s_role_counts(a, p, directory, "operator");
}

int ev_employee_kinds_parse(const char *list, bool reads[EV_KIND_COUNT], char **bad)
{
    *bad = NULL;
    memset(reads, 0, EV_KIND_COUNT * sizeof *reads);
    const char *p = list ? list : "";
    while (*p) {
        size_t n = strcspn(p, ",");
        char name[64];
        size_t lead = 0;
        while (lead < n && p[lead] == ' ')
            lead++;
        size_t len = n - lead;
        while (len && p[lead + len - 1] == ' ')
            len--;
        int k = -1;
        if (len && len < sizeof name) {
            memcpy(name, p + lead, len);
            name[len] = '\0';
            k = ev_kind_index(name);
        }
        if (len && k < 0) {
            *bad = hr_strndup(p + lead, len);
            return -1;
        }
        if (k >= 0)
            reads[k] = true;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

// The company tells the employee of the case at the interview; where there is none, when the
// outcome is recorded (the notice served, the agreement signed). Never by a withdrawal.
const char *ev_told_by(const char *type, const char *what)
{
    if (!type || !what)
        return NULL;
    if (!strcmp(type, "workflow.StepCompleted")) {
        if (!strcmp(what, "interview"))
            return "the interview held";
        if (!strcmp(what, "outcome"))
            return "the outcome recorded";
        return NULL;
    }
    if (!strcmp(type, "workflow.CaseClosed") && *what && strcmp(what, "withdrawn"))
        return "the case closed with an outcome";
    return NULL;
}

bool ev_kind_employee_signs(const char *kind)
{
    return kind && !strcmp(kind, "feedback_talk_record");
}

ev_reads_t ev_sensitive_reads(bool sensitive, bool custodian, bool concerned, bool uploaded)
{
    if (!sensitive || custodian || concerned)
        return EV_READS_CONTENT;
    return uploaded ? EV_READS_METADATA : EV_READS_EXISTENCE;
}

void ev_sensitive_trim(Hr__Evidence__Evidence *e, ev_reads_t reads)
{
    if (reads == EV_READS_CONTENT)
        return;
    e->content_withheld = true;
    if (reads == EV_READS_METADATA)
        return;
    e->file_name = "";
    e->media_type = "";
    e->declared_media_type = "";
    e->size = 0;
    e->n_signatures = 0;
    e->uploader = "";
    e->n_also_uploaded_by = 0;
    e->supersedes = "";
    e->superseded_by = "";
    e->sensitive_by = "";
    e->sensitive_reason = "";
}

// Length of the valid UTF-8 sequence at s (1..4), 0 when invalid; *cp gets the code point.
static size_t s_utf8(const unsigned char *s, size_t left, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0; // overlong or surrogate
    *cp = v;
    return n;
}

static bool s_is_unsafe(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == '/' || cp == '\\' ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C || cp == 0xFEFF;
}

char *ev_name_sanitize(hr_arena_t *arena, const char *name)
{
    if (!name)
        return hr_arena_strdup(arena, "unnamed");
    size_t len = strlen(name);
    const unsigned char *s = (const unsigned char *)name;
    char *out = hr_arena_alloc(arena, EV_NAME_MAX + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = s_utf8(s + i, len - i, &cp);
        const char *piece = (const char *)s + i;
        size_t plen = n;
        if (n == 0 || s_is_unsafe(cp)) {
            piece = "_";
            plen = 1;
            if (n == 0)
                n = 1;
        }
        if (o + plen > EV_NAME_MAX)
            break; // cut on a character boundary
        memcpy(out + o, piece, plen);
        o += plen;
        i += n;
    }
    out[o] = '\0';
    // Leading and trailing spaces and dots carry nothing and confuse some file systems.
    size_t start = 0;
    while (out[start] == ' ' || out[start] == '.')
        start++;
    while (o > start && (out[o - 1] == ' ' || out[o - 1] == '.'))
        out[--o] = '\0';
    if (o <= start)
        return hr_arena_strdup(arena, "unnamed");
    return out + start;
}

static bool s_is_token(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("!#$&-^_.+", c) != NULL;
}

char *ev_media_type_clean(hr_arena_t *arena, const char *declared)
{
    if (!declared || !*declared || strlen(declared) > EV_MEDIA_TYPE_MAX)
        return hr_arena_strdup(arena, "");
    const char *slash = strchr(declared, '/');
    if (!slash || slash == declared || !slash[1])
        return hr_arena_strdup(arena, "");
    for (const char *p = declared; *p; p++)
        if (p != slash && !s_is_token(*p))
            return hr_arena_strdup(arena, "");
    char *out = hr_arena_strdup(arena, declared);
    for (char *p = out; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return out;
}

static bool s_starts(const unsigned char *d, size_t len, const char *magic, size_t mlen)
{
    return len >= mlen && !memcmp(d, magic, mlen);
}

static bool s_is_text(const unsigned char *d, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = s_utf8(d + i, len - i, &cp);
        if (n == 0)
            return len - i < 4 && d[i] >= 0xC2; // a sequence cut by the sniff window is fine
        if (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t' && cp != '\f')
            return false;
        i += n;
    }
    return true;
}

const char *ev_sniff(const unsigned char *d, size_t len)
{
    if (len > EV_SNIFF_BYTES)
        len = EV_SNIFF_BYTES;
    if (s_starts(d, len, "%PDF-", 5))
        return "application/pdf";
    if (s_starts(d, len, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (s_starts(d, len, "\xff\xd8\xff", 3))
        return "image/jpeg";
    if (s_starts(d, len, "GIF87a", 6) || s_starts(d, len, "GIF89a", 6))
        return "image/gif";
    if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
        return "image/webp";
    if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WAVE", 4))
        return "audio/wav";
    if (s_starts(d, len, "II*\0", 4) || s_starts(d, len, "MM\0*", 4))
        return "image/tiff";
    if (s_starts(d, len, "PK\x03\x04", 4))
        return "application/zip"; // also docx, xlsx, odt: the container is what the bytes show
    if (s_starts(d, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
        return "application/x-ole-storage"; // doc, xls, msg
    if (s_starts(d, len, "\x1f\x8b", 2))
        return "application/gzip";
    if (s_starts(d, len, "ID3", 3))
        return "audio/mpeg";
    if (len >= 12 && !memcmp(d + 4, "ftyp", 4))
        return "video/mp4";
    if (s_starts(d, len, "OggS", 4))
        return "audio/ogg";
    if (len == 0)
        return "application/octet-stream";
    size_t i = 0;
    if (s_starts(d, len, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
        i++;
    if (!s_is_text(d, len))
        return "application/octet-stream";
    if (i < len && (d[i] == '{' || d[i] == '['))
        return "application/json";
    if (i < len && d[i] == '<') {
        const char *p = (const char *)d + i;
        size_t left = len - i;
        if (left >= 5 && !strncasecmp(p, "<?xml", 5))
            return "application/xml";
        if ((left >= 14 && !strncasecmp(p, "<!doctype html", 14)) ||
            (left >= 5 && !strncasecmp(p, "<html", 5)))
            return "text/html";
        if (left >= 4 && !strncasecmp(p, "<svg", 4))
            return "image/svg+xml";
    }
    return "text/plain";
}

// from_ms + days, saturating: a close near the end of time (a bad value from outside) must never
// wrap round to a due time in the past, which the sweep would take as due at once.
static int64_t s_after_days(int64_t from_ms, int64_t days)
{
    int64_t keep_ms = days > 0 ? days : 0;
    if (keep_ms > INT64_MAX / HR_DAY_MS)
        return INT64_MAX;
    keep_ms *= HR_DAY_MS;
    return from_ms > INT64_MAX - keep_ms ? INT64_MAX : from_ms + keep_ms;
}

int64_t ev_retention_due(const int64_t *closed_ms, const int64_t *keep_until_ms, size_t n,
                         int64_t days)
{
    if (n == 0)
        return 0;
    int64_t due = 0;
    for (size_t i = 0; i < n; i++) {
        if (closed_ms[i] <= 0)
            return 0;
        int64_t one = s_after_days(closed_ms[i], days);
        // The workflow's date for the case (LCL Art. 50, Civil Code Arts. 201-203) may be later
        // than the policy's count: a last day on a rest day or holiday, a contract ending after
        // the close. The later of the two: this service never shreds before the workflow says.
        if (keep_until_ms && keep_until_ms[i] > one)
            one = keep_until_ms[i];
        if (one > due)
            due = one;
    }
    return due;
}

int64_t ev_keep_until_take(int64_t keep_until_ms, int64_t from_ms)
{
    if (keep_until_ms <= from_ms)
        return 0;
    if (keep_until_ms - from_ms > EV_KEEP_AFTER_END_MAX_MS)
        return from_ms + EV_KEEP_AFTER_END_MAX_MS;
    return keep_until_ms;
}

const char *ev_close_why(int64_t closed_ms, int64_t now_ms, int64_t began_ms, const char *began,
                         char *buf, size_t size)
{
    char at[HR_TIME_ISO_LEN], other[HR_TIME_ISO_LEN];
    long long v = (long long)closed_ms;
    if (closed_ms < 0) {
        snprintf(buf, size,
                 "%lld must not be negative: a close time is in milliseconds since 1970 (UTC), "
                 "0 for now",
                 v);
    } else if (closed_ms > now_ms + EV_CLOSE_AHEAD_MS) {
        snprintf(buf, size,
                 "%lld is more than a day from now; a case closes when it has ended, not in the "
                 "future",
                 v);
    } else if (closed_ms < EV_CLOSE_MIN_MS && closed_ms * 1000 >= EV_CLOSE_MIN_MS &&
               closed_ms * 1000 <= now_ms + EV_ENDED_AFTER_CLOSE_MAX_MS) {
        snprintf(buf, size,
                 "%lld is %s in milliseconds - seconds, it seems (%.10s as seconds); a close "
                 "time is in milliseconds since 1970 (UTC): %lld000",
                 v, hr_time_iso(closed_ms, at), hr_time_iso(closed_ms * 1000, other), v);
    } else if (closed_ms < EV_CLOSE_MIN_MS) {
        snprintf(buf, size,
                 "%lld is %s, no close time: one is in milliseconds since 1970 (UTC), from "
                 "2000-01-01 on",
                 v, hr_time_iso(closed_ms, at));
    } else if (began_ms > 0 && closed_ms < began_ms) {
        snprintf(buf, size,
                 "%lld (%s) is before the case %s (%s): a case closes after it began, at a time "
                 "in milliseconds since 1970 (UTC)",
                 v, hr_time_iso(closed_ms, at), began, hr_time_iso(began_ms, other));
    } else {
        return NULL;
    }
    return buf;
}
