/*  test_hr_base - result names, allocation helpers, big-endian keys, integer parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "hr_base.h"
#include "hr_test.h"

static void test_rc_names_are_stable_and_unknown_is_named(void **state)
{
    HR_UNUSED(state);
    assert_string_equal(hr_rc_name(HR_OK), "ok");
    assert_string_equal(hr_rc_name(HR_EINVAL), "einval");
    assert_string_equal(hr_rc_name(HR_EINTERNAL), "einternal");
    assert_string_equal(hr_rc_name(-1), "unknown");
    assert_string_equal(hr_rc_name(HR_RC_COUNT), "unknown");
}

static void test_errno_maps_to_result_codes(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(hr_rc_from_errno(0), HR_OK);
    assert_int_equal(hr_rc_from_errno(ENOENT), HR_ENOTFOUND);
    assert_int_equal(hr_rc_from_errno(EEXIST), HR_ECONFLICT);
    assert_int_equal(hr_rc_from_errno(EACCES), HR_EDENIED);
    assert_int_equal(hr_rc_from_errno(ENOSPC), HR_EFULL);
    assert_int_equal(hr_rc_from_errno(EIO), HR_EIO);
}

static void test_be64_keys_sort_in_numeric_order(void **state)
{
    HR_UNUSED(state);
    unsigned char a[8], b[8];
    hr_be64_put(a, 255);
    hr_be64_put(b, 256);
    assert_true(memcmp(a, b, 8) < 0);
    assert_int_equal(hr_be64_get(b), 256);
    hr_be64_put(a, UINT64_MAX);
    assert_true(hr_be64_get(a) == UINT64_MAX);
    unsigned char c[4];
    hr_be32_put(c, 0x01020304u);
    assert_int_equal(c[0], 1);
    assert_int_equal(hr_be32_get(c), 0x01020304u);
}

static void test_strfmt_and_free_null_the_pointer(void **state)
{
    HR_UNUSED(state);
    char *s = hr_strfmt("%s-%d", "case", 42);
    assert_string_equal(s, "case-42");
    hr_free(s);
    assert_null(s);
    hr_free(s); // freeing NULL is harmless
    char *d = hr_strndup("abcdef", 3);
    assert_string_equal(d, "abc");
    hr_free(d);
    assert_null(hr_strdup(NULL));
}

static void test_parse_i64_rejects_junk_and_range(void **state)
{
    HR_UNUSED(state);
    int64_t v = 0;
    assert_true(hr_parse_i64("42", 0, 100, &v));
    assert_int_equal(v, 42);
    assert_false(hr_parse_i64("", 0, 100, &v));
    assert_false(hr_parse_i64("4x", 0, 100, &v));
    assert_false(hr_parse_i64("101", 0, 100, &v));
    assert_false(hr_parse_i64("-1", 0, 100, &v));
    assert_false(hr_parse_i64("99999999999999999999999", 0, INT64_MAX, &v));
}

static void test_utf8_check_refuses_broken_sequences(void **state)
{
    HR_UNUSED(state);
    assert_true(hr_utf8_is_valid("张三 abc", strlen("张三 abc")));
    assert_false(hr_utf8_is_valid("\xe5\xbc", 2));     // cut
    assert_false(hr_utf8_is_valid("\xc0\xaf", 2));     // overlong
    assert_false(hr_utf8_is_valid("\xed\xa0\x80", 3)); // surrogate
    assert_false(hr_utf8_is_valid("a\0b", 3));         // NUL
    assert_false(hr_utf8_is_valid("\xff", 1));
    // A file's text: NUL passes (its reader names the line), the ASCII fast path misses nothing.
    assert_true(hr_utf8_check("a\0b", 3, true));
    char text[64];
    memset(text, 'x', sizeof text);
    assert_true(hr_utf8_check(text, sizeof text, true));
    for (size_t at = 0; at < sizeof text; at += 7) {
        text[at] = (char)0xff;
        assert_false(hr_utf8_check(text, sizeof text, true));
        text[at] = 'x';
    }
    memcpy(text + 60, "\xe5\xbc\xa0", 3); // 张, ending at the last byte but one
    assert_true(hr_utf8_check(text, sizeof text, true));
    assert_false(hr_utf8_check(text, sizeof text - 2, true)); // cut
}

// A text cut at a byte limit keeps whole characters; scrubbing leaves UTF-8 a JSON document
// can carry, marking what was not.
static void test_utf8_cut_and_scrub(void **state)
{
    HR_UNUSED(state);
    const char *zh = "张三"; // e5 bc a0 e4 b8 89
    assert_int_equal(hr_utf8_cut(zh, 6), 6);
    assert_int_equal(hr_utf8_cut(zh, 5), 3); // the second character cut short: left out
    assert_int_equal(hr_utf8_cut(zh, 4), 3);
    assert_int_equal(hr_utf8_cut(zh, 3), 3);
    assert_int_equal(hr_utf8_cut(zh, 2), 0);
    assert_int_equal(hr_utf8_cut("ab", 2), 2);
    assert_int_equal(hr_utf8_cut("", 0), 0);
    char buf[32];
    memcpy(buf, "a\xff\0\xc0\xaf\xe5\xbc\xa0\xe5\xbc", 10);
    size_t n = hr_utf8_scrub(buf, 10);
    assert_int_equal(n, 8);
    assert_memory_equal(buf, "a????\xe5\xbc\xa0", 8);
    assert_true(hr_utf8_is_valid(buf, n));
}

// Controls and bidi formatting characters are found wherever they are, named for a message,
// and made '?' for a terminal or a document; Chinese, accents and emoji are none of them.
static void test_utf8_unsafe_characters_are_found_named_and_defanged(void **state)
{
    HR_UNUSED(state);
    uint32_t cp = 0;
    const char *clean = "张三 O'Brien Zoë 😀 a\u00a0b";
    assert_int_equal(hr_utf8_find_unsafe(clean, strlen(clean), 0, &cp), strlen(clean));
    // ESC, CR, LF, TAB, DEL, a C1 CSI (U+009B) and every bidi control: found, with its offset.
    static const struct {
        const char *text;
        size_t at;
        uint32_t cp;
    } bad[] = {
        {"Cert\x1b]2;PWN\x07", 4, 0x1B},
        {"a\rb", 1, 0x0D},
        {"张\n三", 3, 0x0A},
        {"a\tb", 1, 0x09},
        {"a\x7f", 1, 0x7F},
        {"a\xc2\x9b"
         "2J",
         1, 0x9B},
        {"x\u202Etxt.exe", 1, 0x202E},
        {"\u202A", 0, 0x202A},
        {"\u202D", 0, 0x202D},
        {"ab\u2066c", 2, 0x2066},
        {"\u2069", 0, 0x2069},
        {"\u200E", 0, 0x200E},
        {"\u200F", 0, 0x200F},
        {"\u061C", 0, 0x061C},
        {"\u2028", 0, 0x2028},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        cp = 0;
        assert_int_equal(hr_utf8_find_unsafe(bad[i].text, strlen(bad[i].text), 0, &cp), bad[i].at);
        assert_int_equal(cp, bad[i].cp);
    }
    // LF and TAB only as allowed; CR never.
    assert_int_equal(hr_utf8_find_unsafe("a\nb\tc", 5, HR_UTF8_ALLOW_TEXT, NULL), 5);
    assert_int_equal(hr_utf8_find_unsafe("a\nb\tc", 5, HR_UTF8_ALLOW_LF, &cp), 3);
    assert_int_equal(cp, '\t');
    assert_int_equal(hr_utf8_find_unsafe("a\r\nb", 4, HR_UTF8_ALLOW_TEXT, &cp), 1);
    assert_int_equal(cp, '\r');
    // Neighbours of the ranges are ordinary text: U+00A0, U+2027, U+202F, U+2065, U+206A.
    const char *near = "\u00a0\u2027\u202F\u2065\u206A\u200D";
    assert_int_equal(hr_utf8_find_unsafe(near, strlen(near), 0, NULL), strlen(near));
    // Bytes that are not UTF-8 are passed over, not mistaken for C1 controls.
    assert_int_equal(hr_utf8_find_unsafe("\x9b\xc2", 2, 0, NULL), 2);

    char name[HR_UTF8_UNSAFE_NAME_LEN];
    assert_string_equal(hr_utf8_unsafe_name(0x1B, name), "U+001B (ESC, a control character)");
    assert_string_equal(hr_utf8_unsafe_name(0x202E, name),
                        "U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control)");
    assert_string_equal(hr_utf8_unsafe_name(0x9B, name), "U+009B (a control character)");
    assert_string_equal(hr_utf8_unsafe_name(0x2069, name),
                        "U+2069 (POP DIRECTIONAL ISOLATE, a bidi control)");

    char buf[64];
    const char *in = "Cert\x1b]2;X\x07\xe5\xbc\xa0\u202Eexe\n\t\xff";
    size_t n = strlen(in);
    memcpy(buf, in, n);
    n = hr_utf8_defang(buf, n, 0);
    assert_int_equal(n, strlen("Cert?]2;X?张?exe???"));
    assert_memory_equal(buf, "Cert?]2;X?张?exe???", n);
    memcpy(buf, "a\nb\tc\rd\u2067", 10);
    n = hr_utf8_defang(buf, 10, HR_UTF8_ALLOW_TEXT);
    assert_int_equal(n, 8);
    assert_memory_equal(buf, "a\nb\tc?d?", 8);
    assert_int_equal(hr_utf8_find_unsafe(buf, n, HR_UTF8_ALLOW_TEXT, NULL), n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rc_names_are_stable_and_unknown_is_named),
        cmocka_unit_test(test_errno_maps_to_result_codes),
        cmocka_unit_test(test_be64_keys_sort_in_numeric_order),
        cmocka_unit_test(test_strfmt_and_free_null_the_pointer),
        cmocka_unit_test(test_parse_i64_rejects_junk_and_range),
        cmocka_unit_test(test_utf8_check_refuses_broken_sequences),
        cmocka_unit_test(test_utf8_cut_and_scrub),
        cmocka_unit_test(test_utf8_unsafe_characters_are_found_named_and_defanged),
    };
    return cmocka_run_group_tests_name("unit.common.base", tests, NULL, NULL);
}
