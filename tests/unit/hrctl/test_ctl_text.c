/*  unit.hrctl.text - table cells that line up with Chinese in them (ctl_text.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ctl.h"

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_count_columns_not_bytes),
        cmocka_unit_test(test_cells_pad_to_the_same_column),
    };
    return cmocka_run_group_tests_name("unit.hrctl.text", tests, NULL, NULL);
}
