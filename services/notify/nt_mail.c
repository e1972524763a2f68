/*  nt_mail - RFC 5322 messages built by us: headers safe against injection, RFC 2047 UTF-8
 *  encoded-words for names and subjects, base64 bodies in multipart/alternative.
 *
 *  Header injection is our job (libcurl sends the bytes it is given): addresses are validated
 *  strictly (hr_email_is_valid) before anything is queued, and every phrase - a display
 *  name or the subject - has its control characters turned into spaces and is either plain
 *  printable ASCII or encoded-words, so no input can end a header line. Bodies are base64 with
 *  76-character lines: no line starts with ".", no bare LF, no line over the 998 limit, so
 *  libcurl's dot-stuffing and 8BITMIME never matter. Pure: the date is an argument.
 */
#include "nt.h"

#include <sodium.h>
#include <time.h>

#define NT_EW_MAX_BYTES 45     // raw bytes per encoded-word: 60 base64 chars, 72 with delimiters
#define NT_EW_MIN_BYTES 6      // a first word with less room than this starts on a folded line
#define NT_EW_DELIMS 12        // "=?UTF-8?B?" and "?="
#define NT_HEADER_LINE_MAX 76  // RFC 2047 2: a line holding encoded-words, CRLF not counted
#define NT_PLAIN_PHRASE_MAX 64 // longer phrases are encoded (keeps header lines short)
#define NT_B64_LINE 76

static bool s_is_atext_special(int c)
{
    return strchr("()<>[]:;@\\,.\"", c) != NULL;
}

// s with every control character (C0, DEL) turned into a space. Owned.
static char *s_clean(const char *text)
{
    char *s = hr_strdup(text ? text : "");
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7F)
            *p = ' ';
    return s;
}

static bool s_is_plain(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++, n++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
            return false;
    return n <= NT_PLAIN_PHRASE_MAX && !strstr(s, "=?");
}

// Characters on the header line being written: since the last CRLF.
static size_t s_col(const nt_buf_t *b)
{
    size_t i = b->len;
    while (i > 0 && b->data[i - 1] != '\n')
        i--;
    return b->len - i;
}

// Raw bytes of an encoded-word that fits in the room left on the current line.
static size_t s_ew_room(const nt_buf_t *b)
{
    size_t col = s_col(b);
    size_t room = col + NT_EW_DELIMS < NT_HEADER_LINE_MAX ? NT_HEADER_LINE_MAX - col : 0;
    size_t bytes = room > NT_EW_DELIMS ? (room - NT_EW_DELIMS) / 4 * 3 : 0;
    return bytes < NT_EW_MAX_BYTES ? bytes : NT_EW_MAX_BYTES;
}

// Every word is sized to the room left on its line (the first one follows "Subject: " or
// "From: "), and the next one starts a folded line, so no line grows past 76 characters.
static void s_add_encoded_words(nt_buf_t *b, const char *s)
{
    size_t len = strlen(s);
    size_t pos = 0;
    do {
        if (pos > 0)
            nt_buf_adds(b, "\r\n ");
        size_t max = s_ew_room(b);
        if (max < NT_EW_MIN_BYTES) {
            nt_buf_adds(b, "\r\n ");
            max = s_ew_room(b);
        }
        size_t n = len - pos;
        if (n > max) {
            n = max;
            // Never cut a UTF-8 sequence: back up to the start of the character.
            while (n > 0 && ((unsigned char)s[pos + n] & 0xC0) == 0x80)
                n--;
            if (n == 0)
                n = max; // not UTF-8 (cannot happen for validated input)
        }
        char b64[sodium_base64_ENCODED_LEN(NT_EW_MAX_BYTES, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + pos, n,
                          sodium_base64_VARIANT_ORIGINAL);
        nt_buf_addf(b, "=?UTF-8?B?%s?=", b64);
        pos += n;
    } while (pos < len);
}

void nt_mail_add_phrase(nt_buf_t *b, const char *text)
{
    char *s = s_clean(text);
    if (s_is_plain(s))
        nt_buf_adds(b, s);
    else
        s_add_encoded_words(b, s);
    hr_free(s);
}

// A display name: plain atoms, a quoted-string, or encoded-words.
static void s_add_display_name(nt_buf_t *b, const char *name)
{
    char *s = s_clean(name);
    if (!s_is_plain(s)) {
        s_add_encoded_words(b, s);
    } else {
        bool special = false;
        for (const char *p = s; *p; p++)
            special |= s_is_atext_special((unsigned char)*p);
        if (!special) {
            nt_buf_adds(b, s);
        } else {
            nt_buf_adds(b, "\"");
            for (const char *p = s; *p; p++) {
                if (*p == '"' || *p == '\\')
                    nt_buf_adds(b, "\\");
                nt_buf_add(b, p, 1);
            }
            nt_buf_adds(b, "\"");
        }
    }
    hr_free(s);
}

static void s_add_mailbox(nt_buf_t *b, const nt_addr_t *a)
{
    if (a->name && *a->name) {
        s_add_display_name(b, a->name);
        // " <addr>" goes on a folded line of its own when it would make this one too long.
        if (s_col(b) + strlen(a->email) + 3 > NT_HEADER_LINE_MAX)
            nt_buf_adds(b, "\r\n");
        nt_buf_addf(b, " <%s>", a->email);
    } else {
        nt_buf_addf(b, "<%s>", a->email);
    }
}

static void s_add_address_header(nt_buf_t *b, const char *name, const nt_addr_t *list, size_t n)
{
    nt_buf_addf(b, "%s: ", name);
    for (size_t i = 0; i < n; i++) {
        if (i)
            nt_buf_adds(b, ",\r\n ");
        s_add_mailbox(b, &list[i]);
    }
    nt_buf_adds(b, "\r\n");
}

void nt_mail_date(int64_t ms, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void s_add_base64_body(nt_buf_t *b, const char *text)
{
    size_t n = strlen(text);
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = hr_alloc(cap);
    sodium_bin2base64(b64, cap, (const unsigned char *)text, n, sodium_base64_VARIANT_ORIGINAL);
    size_t len = strlen(b64);
    for (size_t i = 0; i < len; i += NT_B64_LINE) {
        size_t k = len - i < NT_B64_LINE ? len - i : NT_B64_LINE;
        nt_buf_add(b, b64 + i, k);
        nt_buf_adds(b, "\r\n");
    }
    hr_free(b64);
}

static void s_add_part(nt_buf_t *b, const char *type, const char *text)
{
    nt_buf_addf(b, "Content-Type: %s; charset=UTF-8\r\n", type);
    nt_buf_adds(b, "Content-Transfer-Encoding: base64\r\n\r\n");
    s_add_base64_body(b, text);
}

char *nt_mail_build(const nt_mail_t *m, size_t *len_out)
{
    nt_buf_t b = {0};
    char date[40];
    nt_mail_date(m->date_ms, date);
    nt_buf_addf(&b, "Date: %s\r\n", date);
    s_add_address_header(&b, "From", &m->from, 1);
    s_add_address_header(&b, "To", m->to, m->n_to);
    if (m->n_cc)
        s_add_address_header(&b, "Cc", m->cc, m->n_cc);
    nt_buf_addf(&b, "Message-ID: <%s>\r\n", m->message_id);
    nt_buf_adds(&b, "Subject: ");
    nt_mail_add_phrase(&b, m->subject);
    nt_buf_adds(&b, "\r\nMIME-Version: 1.0\r\n");
    if (m->high_priority)
        nt_buf_adds(&b, "Importance: high\r\n");
    if (!m->html) {
        s_add_part(&b, "text/plain", m->text);
        return nt_buf_take(&b, len_out);
    }
    // The boundary is made of the Message-ID's letters and digits: stable for every attempt,
    // and "=_" never occurs in base64 text.
    char boundary[96] = "=_hr_";
    size_t k = strlen(boundary);
    for (const char *p = m->message_id; *p && k < sizeof boundary - 1; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            boundary[k++] = *p;
    boundary[k] = '\0';
    nt_buf_addf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", boundary);
    nt_buf_addf(&b, "--%s\r\n", boundary);
    s_add_part(&b, "text/plain", m->text);
    nt_buf_addf(&b, "--%s\r\n", boundary);
    s_add_part(&b, "text/html", m->html);
    nt_buf_addf(&b, "--%s--\r\n", boundary);
    return nt_buf_take(&b, len_out);
}
