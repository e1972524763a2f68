/*  hr_contact - email addresses and mobile numbers: the one rule every service applies.
 *
 *  Addresses are checked strictly and never rewritten: notify puts them in mail headers and
 *  RCPT TO as they are, so anything that could end a header line or needs SMTPUTF8 is refused
 *  here rather than escaped later. Numbers are rewritten to one form, because people type
 *  "138-0000-0100", "+86 138 0000 0100" or "0086 13800000100" for the same phone and each
 *  vendor accepts a different subset of those; the mainland's bare 11 digits are the form all
 *  of them take.
 */
#include "hr_contact.h"

#include <stdio.h>
#include <string.h>

static bool s_is_special(int c)
{
    return strchr("()<>[]:;@\\,.\"", c) != NULL;
}

bool hr_email_is_valid(const char *addr)
{
    if (!addr)
        return false;
    size_t len = strlen(addr);
    if (len < 3 || len > HR_EMAIL_MAX)
        return false;
    const char *at = strchr(addr, '@');
    if (!at || at == addr || strchr(at + 1, '@'))
        return false;
    size_t local_len = (size_t)(at - addr);
    if (local_len > HR_EMAIL_LOCAL_MAX || addr[0] == '.' || at[-1] == '.')
        return false;
    for (const char *p = addr; p < at; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7F)
            return false;
        if (c != '.' && s_is_special(c))
            return false;
        if (c == '.' && p[1] == '.')
            return false;
    }
    size_t label = 0, labels = 0;
    for (const char *p = at + 1;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '.' || c == '\0') {
            if (label == 0 || p[-1] == '-')
                return false;
            labels++;
            label = 0;
            if (c == '\0')
                break;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  (c == '-' && label > 0);
        if (!ok || ++label > 63)
            return false;
    }
    return labels >= 2;
}

// A mainland China mobile: 1 and ten more digits.
static bool s_is_cn_mobile(const char *digits, size_t n)
{
    return n == HR_MOBILE_CN_DIGITS && digits[0] == '1';
}

bool hr_mobile_normalize(const char *s, char out[HR_MOBILE_LEN])
{
    out[0] = '\0';
    if (!s)
        return false;
    char digits[HR_MOBILE_MAX_DIGITS + 3]; // room for a "00" prefix
    size_t n = 0;
    bool plus = false, seen = false;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n == sizeof digits - 1)
                return false;
            digits[n++] = *p;
            seen = true;
        } else if (*p == '+' && !seen && !plus) {
            plus = true;
            seen = true;
        } else if ((*p == ' ' || *p == '-') && seen) {
            continue; // a separator between parts of the number
        } else if (*p == ' ' && !seen) {
            continue; // leading blanks
        } else {
            return false;
        }
    }
    digits[n] = '\0';
    const char *d = digits;
    if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {
        plus = true; // "00": the international call prefix
        d += 2;
        n -= 2;
    }
    if (!plus && n == 2 + HR_MOBILE_CN_DIGITS && d[0] == '8' && d[1] == '6' &&
        s_is_cn_mobile(d + 2, n - 2)) {
        d += 2; // "86" written before a mainland mobile without the "+"
        n -= 2;
    } else if (plus && n > 2 && d[0] == '8' && d[1] == '6' && d[2] == '1') {
        if (!s_is_cn_mobile(d + 2, n - 2))
            return false;
        d += 2; // +86 1xx: a mainland mobile, written bare
        n -= 2;
        plus = false;
    }
    if (n < HR_MOBILE_MIN_DIGITS || n > HR_MOBILE_MAX_DIGITS)
        return false;
    if (!plus && d[0] == '1' && !s_is_cn_mobile(d, n))
        return false;
    snprintf(out, HR_MOBILE_LEN, "%s%s", plus ? "+" : "", d);
    return true;
}
