/*  ctl_text - table cells that line up when they hold Chinese.
 *
 *  A terminal gives East Asian wide characters (Han, kana, Hangul, full-width forms) two
 *  columns, so printf's %-12s, which counts bytes, pads 张三 (6 bytes, 4 columns) by 6 and
 *  not 8 and every later column slides. ctl_cell pads by display columns instead. The ranges
 *  are the wide and full-width blocks of Unicode's East Asian Width (UAX #11) that HR data
 *  holds; combining marks take none; anything else, and any byte that is not UTF-8, one.
 */
#include "ctl.h"

#include <string.h>

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

int ctl_text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int width = 0;
    while (*p) {
        uint32_t cp = *p;
        size_t n = cp < 0x80           ? 1
                   : (cp >> 5) == 0x6  ? 2
                   : (cp >> 4) == 0xE  ? 3
                   : (cp >> 3) == 0x1E ? 4
                                       : 0;
        bool ok = n > 0;
        for (size_t i = 1; ok && i < n; i++)
            ok = (p[i] & 0xC0) == 0x80;
        if (!ok) {
            width++; // not UTF-8: the terminal shows one replacement character
            p++;
            continue;
        }
        if (n > 1) {
            cp &= 0xFFu >> (n + 1);
            for (size_t i = 1; i < n; i++)
                cp = cp << 6 | (p[i] & 0x3F);
        }
        width += s_columns(cp);
        p += n;
    }
    return width;
}

void ctl_cell(FILE *out, const char *s, int width)
{
    fputs(s, out);
    for (int pad = width - ctl_text_width(s); pad > 0; pad--)
        fputc(' ', out);
}
