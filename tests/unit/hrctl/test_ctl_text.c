/*  unit.hrctl.text - table cells that line up with Chinese in them (ctl_text.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ctl.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_widths_count_columns_not_bytes(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(ctl_text_width(""), 0);
    assert_int_equal(ctl_text_width("E0117"), 5);
    assert_int_equal(ctl_text_width("张三"), 4);                // two Han characters, 6 bytes
    assert_int_equal(ctl_text_width("王小明 <a@b.cn>"), 6 + 9); // wide name, narrow address
    assert_int_equal(ctl_text_width("ＡＢ"), 4);                // full-width Latin
    assert_int_equal(ctl_text_width("e\xcc\x81"), 1);           // e + combining acute accent
    assert_int_equal(ctl_text_width("Zoë"), 3);                 // precomposed: one column
    assert_int_equal(ctl_text_width("\xff\xfe"), 2);            // not UTF-8: one column a byte
    assert_int_equal(ctl_text_width("\xe5\xbc"), 2);            // a cut sequence, byte by byte
    assert_int_equal(ctl_text_width("𠀀"), 2);                  // CJK extension B (4 bytes)
    assert_int_equal(ctl_text_width("a\tb"), 2);                // a control takes no column
    assert_int_equal(ctl_text_width("，。"), 4);                // full-width punctuation
}

// Prints cells into a memory stream and returns what came out (owned).
static char *s_cells(const char *a, const char *b, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    ctl_cell(out, a, width);
    fputc('|', out);
    ctl_cell(out, b, width);
    fputc('|', out);
    fclose(out);
    return buf;
}

static void test_cells_pad_to_the_same_column(void **state)
{
    HR_UNUSED(state);
    char *s = s_cells("张三", "Li Si", 8);
    assert_string_equal(s, "张三    |Li Si   |");
    free(s);                                   // from open_memstream
    s = s_cells("欧阳娜娜的名字很长", "x", 4); // wider than the cell: printed whole, no padding
    assert_string_equal(s, "欧阳娜娜的名字很长|x   |");
    free(s);
}

// What a person typed must not drive the operator's terminal: control characters show as '?',
// bytes that are not UTF-8 as U+FFFD; clean text comes back as it is.
static void test_texts_are_made_safe_for_a_terminal(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    const char *clean = "张三\tLi";
    assert_ptr_equal(ctl_text_safe(arena, clean), clean);
    assert_string_equal(ctl_text_safe(arena, "张\x01三\x1b[2J"), "张?三?[2J");
    assert_string_equal(ctl_text_safe(arena, "a\xff\xfe b\xc2\x85"),
                        "a\xEF\xBF\xBD\xEF\xBF\xBD b?");
    assert_string_equal(ctl_text_safe(arena, NULL), "");
    // Bidi controls reorder what a terminal shows: "exe.txt" must not read as "txt.exe".
    assert_string_equal(ctl_text_safe(arena, "a\u202Etxt.exe\u2066b\u200F"), "a?txt.exe?b?");
    assert_string_equal(ctl_text_safe(arena, "line 1\nline 2\r"), "line 1?line 2?");
    // A document keeps its lines, and only them.
    assert_string_equal(ctl_text_safe_lines(arena, "姓名：Cert\x1b]2;X\x07\n\t\u202Eok\r\n"),
                        "姓名：Cert?]2;X?\n\t?ok?\n");
    hr_arena_destroy(&arena);
    char *s = s_cells("\x1b[2J", "x", 6); // the cell pads what it shows: four columns
    assert_string_equal(s, "?[2J  |x     |");
    free(s);
}

// --json never drops a field whose value is not UTF-8 (jansson refuses it): the bytes that are
// not become U+FFFD and the rest stays.
static void test_json_strings_keep_what_is_not_utf8(void **state)
{
    HR_UNUSED(state);
    json_t *j = ctl_json_str("\xff\xfe reason 理由");
    assert_non_null(j);
    assert_string_equal(json_string_value(j), "\xEF\xBF\xBD\xEF\xBF\xBD reason 理由");
    json_decref(j);
    j = ctl_json_str("\xe7\x90"); // a character cut short
    assert_non_null(j);
    assert_string_equal(json_string_value(j), "\xEF\xBF\xBD\xEF\xBF\xBD");
    json_decref(j);
    j = ctl_json_str(NULL);
    assert_string_equal(json_string_value(j), "");
    json_decref(j);
}

// A backup of an install that has imported nothing yet: analytics has no files directory, and
// that is nothing to copy - not an incomplete backup.
static void test_copying_a_directory_not_made_yet_copies_nothing(void **state)
{
    HR_UNUSED(state);
    char to[] = "/tmp/hr-ctl-copy-XXXXXX";
    assert_non_null(mkdtemp(to));
    char *into = hr_strfmt("%s/files", to);
    uint64_t files = 0, bytes = 0;
    assert_int_equal(ctl_copy_files("/nonexistent/hr-analytics/files", into, &files, &bytes), 0);
    assert_int_equal(files, 0);
    assert_int_equal(bytes, 0);
    assert_int_equal(rmdir(into), 0); // made, empty, as a restore expects
    assert_int_equal(rmdir(to), 0);
    hr_free(into);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_count_columns_not_bytes),
        cmocka_unit_test(test_cells_pad_to_the_same_column),
        cmocka_unit_test(test_texts_are_made_safe_for_a_terminal),
        cmocka_unit_test(test_json_strings_keep_what_is_not_utf8),
        cmocka_unit_test(test_copying_a_directory_not_made_yet_copies_nothing),
    };
    return cmocka_run_group_tests_name("unit.hrctl.text", tests, NULL, NULL);
}
