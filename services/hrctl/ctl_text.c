/*  ctl_text - table cells that line up when they hold Chinese.
 *
 *  A terminal gives East Asian wide characters (Han, kana, Hangul, full-width forms) two
 *  columns, so printf's %-12s, which counts bytes, pads 张三 (6 bytes, 4 columns) by 6 and
 *  not 8 and every later column slides. ctl_cell pads by display columns instead. The ranges
 *  are the wide and full-width blocks of Unicode's East Asian Width (UAX #11) that HR data
 *  holds; combining marks take none; anything else, and any byte that is not UTF-8, one.
 */
#include "ctl.h"

#include <stdlib.h>
#include <string.h>

// C0 controls but tab, DEL, C1 controls: a terminal acts on them instead of showing them; bidi
// controls reorder what is shown around them (hr_utf8_is_unsafe).
static bool s_is_control(uint32_t cp)
{
    return hr_utf8_is_unsafe(cp, HR_UTF8_ALLOW_TAB);
}

// Columns a code point takes on a terminal.
static int s_columns(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || (cp >= 0x0300 && cp <= 0x036F) ||
        (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x3099 && cp <= 0x309A) ||
        (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0; // controls, soft hyphen, combining marks, zero-width space and joiners,
                  // kana voicing marks, variation selectors
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
        (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
        (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

// The code point at p and its length; false for a byte that does not start well-formed UTF-8
// (the caller then takes that one byte alone).
static bool s_decode(const unsigned char *p, uint32_t *cp_out, size_t *n_out)
{
    uint32_t cp = *p;
    size_t n = cp < 0x80           ? 1
               : (cp >> 5) == 0x6  ? 2
               : (cp >> 4) == 0xE  ? 3
               : (cp >> 3) == 0x1E ? 4
                                   : 0;
    bool ok = n > 0;
    for (size_t i = 1; ok && i < n; i++)
        ok = (p[i] & 0xC0) == 0x80;
    if (!ok || (n > 1 && !hr_utf8_is_valid((const char *)p, n)))
        return false; // cut, overlong, a surrogate or past U+10FFFF
    if (n > 1) {
        cp &= 0xFFu >> (n + 1);
        for (size_t i = 1; i < n; i++)
            cp = cp << 6 | (p[i] & 0x3F);
    }
    *cp_out = cp;
    *n_out = n;
    return true;
}

int ctl_text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int width = 0;
    while (*p) {
        uint32_t cp = 0;
        size_t n = 1;
        if (!s_decode(p, &cp, &n)) {
            width++; // not UTF-8: shown as one replacement character
            p++;
            continue;
        }
        width += s_is_control(cp) ? 1 : s_columns(cp); // a control is shown as '?'
        p += n;
    }
    return width;
}

// Writes s with each byte that is not part of well-formed UTF-8 as U+FFFD and, for a terminal
// (controls), each control character as '?'. A name holding ESC [2J must not clear the
// operator's screen, nor one holding U+202E show its tail reversed; JSON, which escapes controls
// itself, keeps them.
static void s_put_safe(FILE *out, const char *s, bool controls, unsigned allow)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = 0;
        size_t n = 1;
        if (!s_decode(p, &cp, &n))
            fputs("\xEF\xBF\xBD", out);
        else if (controls && hr_utf8_is_unsafe(cp, allow))
            fputc('?', out);
        else
            fwrite(p, 1, n, out);
        p += n;
    }
}

// s through s_put_safe, into a malloc'd string (free()).
static char *s_safe_copy(const char *s, bool controls, unsigned allow, size_t *len_out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        abort(); // out of memory (STYLE.md 6.9)
    s_put_safe(mem, s, controls, allow);
    fclose(mem);
    *len_out = len;
    return buf;
}

void ctl_cell(FILE *out, const char *s, int width)
{
    s_put_safe(out, s, true, HR_UTF8_ALLOW_TAB);
    for (int pad = width - ctl_text_width(s); pad > 0; pad--)
        fputc(' ', out);
}

// s made safe for a terminal, keeping the controls allow names.
static const char *s_text_safe(hr_arena_t *arena, const char *s, unsigned allow)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    bool clean = true;
    while (*p && clean) {
        uint32_t cp = 0;
        size_t n = 1;
        clean = s_decode(p, &cp, &n) && !hr_utf8_is_unsafe(cp, allow);
        p += n;
    }
    if (clean)
        return s ? s : "";
    size_t len = 0;
    char *buf = s_safe_copy(s, true, allow, &len);
    char *copy = hr_arena_strdup(arena, buf);
    free(buf);
    return copy;
}

const char *ctl_text_safe(hr_arena_t *arena, const char *s)
{
    return s_text_safe(arena, s, HR_UTF8_ALLOW_TAB);
}

const char *ctl_text_safe_lines(hr_arena_t *arena, const char *s)
{
    return s_text_safe(arena, s, HR_UTF8_ALLOW_TEXT);
}

json_t *ctl_json_str(const char *s)
{
    if (!s)
        return json_string("");
    size_t len = strlen(s);
    if (hr_utf8_is_valid(s, len))
        return json_stringn(s, len);
    // A JSON string cannot hold these bytes, and leaving the field out would hide that it has
    // a value: each such byte becomes U+FFFD, the rest is kept.
    char *buf = s_safe_copy(s, false, 0, &len);
    json_t *j = json_stringn(buf, len);
    free(buf);
    return j;
}
