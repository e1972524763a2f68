/*  unit.analytics.text - encodings, CSV records, spreadsheet-damaged ids, dates and periods:
 *  the "CSV imports" bad inputs of reference/reliability.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

static size_t s_damaged; // an_text_decode's places with bad bytes

static void s_field_is(const an_csv_t *csv, size_t i, const char *want)
{
    assert_true(i < csv->nf);
    assert_int_equal(csv->flen[i], strlen(want));
    assert_memory_equal(csv->f[i], want, strlen(want));
}

static void test_utf8_plain_bom_gb18030_and_utf16_all_decode_to_utf8(void **state)
{
    HR_UNUSED(state);
    const char *t;
    size_t n;
    bool owned;
    an_enc_t enc;
    char why[128];
    const char plain[] = "工号,time\n";
    assert_int_equal(an_text_decode(plain, strlen(plain), false, &t, &n, &owned, &enc, &s_damaged,
                                    why, sizeof why),
                     HR_OK);
    assert_int_equal(enc, AN_ENC_UTF8);
    assert_false(owned);
    assert_ptr_equal(t, plain);

    const char bom[] = "\xef\xbb\xbfpin,time\n";
    assert_int_equal(
        an_text_decode(bom, strlen(bom), false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why),
        HR_OK);
    assert_int_equal(enc, AN_ENC_UTF8_BOM);
    assert_int_equal(n, strlen("pin,time\n")); // the BOM is not glued to the first header
    assert_memory_equal(t, "pin,time\n", n);

    const char gbk[] = "\xb9\xa4\xba\xc5,time\n"; // 工号 in GBK
    assert_int_equal(
        an_text_decode(gbk, strlen(gbk), false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why),
        HR_OK);
    assert_int_equal(enc, AN_ENC_GB18030);
    assert_true(owned);
    assert_int_equal(n, strlen("工号,time\n"));
    assert_memory_equal(t, "工号,time\n", n);
    char *o = (char *)t;
    hr_free(o);

    const char u16[] = "\xff\xfe"
                       "p\0i\0n\0\n\0";
    assert_int_equal(
        an_text_decode(u16, 10, false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why), HR_OK);
    assert_int_equal(enc, AN_ENC_UTF16LE);
    assert_int_equal(n, 4);
    assert_memory_equal(t, "pin\n", 4);
    o = (char *)t;
    hr_free(o);

    const char broken[] = "\xef\xbb\xbf\xff\xfe";
    assert_int_equal(
        an_text_decode(broken, 5, false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why),
        HR_EINVAL);
}

// A UTF-8 file with one cut character is not GB18030: refused (nothing decoded to mojibake),
// naming the line and byte offset of the bad bytes. So is a file that is neither encoding.
static void test_utf8_file_with_a_bad_byte_is_refused_naming_line_and_offset(void **state)
{
    HR_UNUSED(state);
    const char *t = NULL;
    size_t n;
    bool owned = false;
    an_enc_t enc;
    char why[512];
    // 安全培训 / 消防演练 rows; the second row's 安 (E5 AE 89) lost its first byte to FF.
    const char cut[] = "employee_no,course\nE1,\xe6\xb6\x88\xe9\x98\xb2\xe6\xbc\x94\xe7\xbb\x83\n"
                       "E2,\xe5\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\xe8\xae\xad\n"
                       "E3,\xff\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\xe8\xae\xad\n";
    assert_int_equal(
        an_text_decode(cut, strlen(cut), false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why),
        HR_EINVAL);
    assert_false(owned);
    size_t off = (size_t)(strchr(cut, '\xff') - cut);
    char want[64];
    snprintf(want, sizeof want, "line 4, byte offset %zu: bytes FF AE 89", off);
    assert_non_null(strstr(why, want));
    assert_non_null(strstr(why, "第4行"));

    // The same after a UTF-8 BOM: the offset counts the BOM's 3 bytes.
    char bom[sizeof cut + 3] = "\xef\xbb\xbf";
    memcpy(bom + 3, cut, sizeof cut);
    assert_int_equal(
        an_text_decode(bom, strlen(bom), false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why),
        HR_EINVAL);
    snprintf(want, sizeof want, "line 4, byte offset %zu:", off + 3);
    assert_non_null(strstr(why, want));

    // Neither encoding, no multi-byte UTF-8 at all: where each stops.
    const char neither[] = "pin,time\nA\xff,1\n";
    assert_int_equal(an_text_decode(neither, strlen(neither), false, &t, &n, &owned, &enc,
                                    &s_damaged, why, sizeof why),
                     HR_EINVAL);
    assert_non_null(strstr(why, "not at line 2, byte offset 10"));

    // GBK text is still GBK: its bytes are mostly not UTF-8.
    const char gbk[] = "\xb9\xa4\xba\xc5,\xd0\xd5\xc3\xfb\n"; // 工号,姓名
    assert_int_equal(
        an_text_decode(gbk, strlen(gbk), false, &t, &n, &owned, &enc, &s_damaged, why, sizeof why),
        HR_OK);
    assert_int_equal(enc, AN_ENC_GB18030);
    char *o = (char *)t;
    hr_free(o);
}

// Damaged UTF-8 for a format read line by line (an_format_is_lines): the bytes are returned as
// they are and the places counted, so the parser sets aside the lines holding them - unless the
// file reads as GB18030 throughout, when which encoding it is cannot be told (refused, never
// mojibake), or nothing says it is UTF-8 (most of its lines bad).
static void
test_damaged_utf8_is_kept_for_line_formats_unless_its_encoding_is_undecidable(void **state)
{
    HR_UNUSED(state);
    const char *t = NULL;
    size_t n = 0, damaged = 0;
    bool owned = false;
    an_enc_t enc;
    char why[512];
    const char cut[] = "employee_no,course\nE1,\xe6\xb6\x88\xe9\x98\xb2\xe6\xbc\x94\xe7\xbb\x83\n"
                       "E2,\xe5\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\xe8\xae\xad\n"
                       "E3,\xff\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\xe8\xae\xad\n";
    assert_int_equal(
        an_text_decode(cut, strlen(cut), true, &t, &n, &owned, &enc, &damaged, why, sizeof why),
        HR_OK);
    assert_ptr_equal(t, cut); // the bytes as they are: the text kept is the file
    assert_int_equal(n, strlen(cut));
    assert_false(owned);
    assert_int_equal(enc, AN_ENC_UTF8);
    assert_int_equal(damaged, 1);
    size_t off = 0;
    char hex[16];
    assert_true(an_utf8_first_bad(t, n, &off, hex, sizeof hex));
    assert_int_equal(off, (size_t)(strchr(cut, '\xff') - cut));
    assert_string_equal(hex, "FF AE 89");

    // After a BOM: the BOM says UTF-8.
    char bom[sizeof cut + 3] = "\xef\xbb\xbf";
    memcpy(bom + 3, cut, sizeof cut);
    assert_int_equal(
        an_text_decode(bom, strlen(bom), true, &t, &n, &owned, &enc, &damaged, why, sizeof why),
        HR_OK);
    assert_ptr_equal(t, bom + 3);
    assert_int_equal(enc, AN_ENC_UTF8_BOM);
    assert_int_equal(damaged, 1);

    // An ASCII export with a byte damaged in one line of three: its other lines are ASCII.
    const char att[] = "        1\t2026-10-03 08:59:01\t1\t0\t1\t0\n"
                       "        2\t2026-10-03 0\xff:00:01\t1\t0\t1\t0\n"
                       "        3\t2026-10-03 09:01:01\t1\t0\t1\t0\n";
    assert_int_equal(
        an_text_decode(att, strlen(att), true, &t, &n, &owned, &enc, &damaged, why, sizeof why),
        HR_OK);
    assert_int_equal(damaged, 1);
    assert_int_equal(
        an_text_decode(att, strlen(att), false, &t, &n, &owned, &enc, &damaged, why, sizeof why),
        HR_EINVAL); // JSON has no line to set aside
    // Half its lines bad: nothing says UTF-8.
    const char neither[] = "pin,time\nA\xff,1\n";
    assert_int_equal(an_text_decode(neither, strlen(neither), true, &t, &n, &owned, &enc, &damaged,
                                    why, sizeof why),
                     HR_EINVAL);
    assert_non_null(strstr(why, "neither UTF-8"));

    // UTF-8 with a character cut short (安 E5 AE 89 lost its 89) that reads as GB18030 too:
    // undecidable, refused whole as before.
    const char both[] = "\xe5\xb7\xa5\xe5\x8f\xb7,\xe8\xaf\xbe\xe7\xa8\x8b\n" // 工号,课程
                        "E1,\xe5\xae\x89\xe5\x85\xa8\xe5\xae\n";              // E1,安全 + E5 AE
    assert_int_equal(
        an_text_decode(both, strlen(both), true, &t, &n, &owned, &enc, &damaged, why, sizeof why),
        HR_EINVAL);
    assert_false(owned);
    assert_non_null(strstr(why, "are not UTF-8 in a UTF-8 file"));
}

static void test_csv_quotes_newlines_in_quotes_and_mixed_line_ends(void **state)
{
    HR_UNUSED(state);
    const char *text = "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\"two\nlines\",z\n\n\nlast,1";
    an_csv_t csv;
    an_csv_init(&csv, text, strlen(text), 0);
    assert_int_equal(csv.delim, ',');
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 1);
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 2);
    assert_null(csv.bad);
    s_field_is(&csv, 0, "x,1");
    s_field_is(&csv, 1, "say \"hi\"");
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 3); // after a lone CR
    s_field_is(&csv, 0, "two\nlines");
    s_field_is(&csv, 1, "z");
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 7); // the record spanned two lines; two empty lines skipped
    s_field_is(&csv, 0, "last");
    assert_false(an_csv_next(&csv));
    an_csv_free(&csv);
}

static void test_csv_unterminated_quote_nul_and_stray_quote(void **state)
{
    HR_UNUSED(state);
    const char text[] = "a,b\nok,1\nst\"ray,2\nnul\0x,3\n\"open,4\nmore";
    an_csv_t csv;
    an_csv_init(&csv, text, sizeof text - 1, 0);
    assert_true(an_csv_next(&csv));
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad);
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad); // a stray quote inside an unquoted field is kept as text
    s_field_is(&csv, 0, "st\"ray");
    assert_true(an_csv_next(&csv));
    assert_string_equal(csv.bad, "NUL byte");
    assert_int_equal(csv.rec_line, 4);
    assert_true(an_csv_next(&csv));
    assert_string_equal(csv.bad, "unterminated quote: the quote opened at line 5, column 1 does "
                                 "not close before the end of the file");
    assert_int_equal(csv.rec_line, 5);
    // The reader resynchronised on the next line.
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 6);
    s_field_is(&csv, 0, "more");
    assert_false(an_csv_next(&csv));
    an_csv_free(&csv);
}

// A quote that does not close on its line is reported where it opened (line and column), not
// where the reader ran out: at the end of the file, or at the next line's opening quote, which
// it would otherwise take for its end - swallowing the lines between into one field. The reader
// goes on at the next line, so those lines are read.
static void test_csv_unterminated_quote_reported_where_it_opened(void **state)
{
    HR_UNUSED(state);
    const char text[] = "pin,time,note\n"
                        "1,2025-03-03 09:00,\"ok\"\n"
                        "2,2025-03-03 09:01,\"早班\n" // opens at column 20 (早 is one column)
                        "3,2025-03-03 09:02,\"fine\"\n"
                        "4,2025-03-03 09:03,\"a\nb\",x\n" // a legal field over two lines
                        "5,2025-03-03 09:04,\"open\n"
                        "6,2025-03-03 09:05,ok\n";
    an_csv_t csv;
    an_csv_init(&csv, text, sizeof text - 1, 0);
    assert_true(an_csv_next(&csv)); // header
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad);
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 3);
    assert_string_equal(csv.bad, "unterminated quote: the quote opened at line 3, column 20 does "
                                 "not close on its line; the next quote, on line 4, is followed "
                                 "by text, not a delimiter");
    assert_true(an_csv_next(&csv)); // line 4 is read, not swallowed
    assert_null(csv.bad);
    assert_int_equal(csv.rec_line, 4);
    s_field_is(&csv, 0, "3");
    s_field_is(&csv, 2, "fine");
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad);
    assert_int_equal(csv.rec_line, 5);
    s_field_is(&csv, 2, "a\nb");
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.rec_line, 7);
    assert_string_equal(csv.bad, "unterminated quote: the quote opened at line 7, column 20 does "
                                 "not close before the end of the file");
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad);
    assert_int_equal(csv.rec_line, 8);
    s_field_is(&csv, 0, "6");
    assert_false(an_csv_next(&csv));
    an_csv_free(&csv);
}

static void test_csv_empty_quoted_fields_before_any_buffer(void **state)
{
    HR_UNUSED(state);
    const char *text = " \"\",,\"\",o\"\n\"\"\n"; // found by fuzz_an_feeds
    an_csv_t csv;
    an_csv_init(&csv, text, strlen(text), ',');
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad);
    assert_int_equal(csv.nf, 4);
    s_field_is(&csv, 0, " \"\""); // a quote not at the field's start is text
    s_field_is(&csv, 1, "");
    s_field_is(&csv, 2, "");
    s_field_is(&csv, 3, "o\"");
    assert_true(an_csv_next(&csv));
    assert_int_equal(csv.nf, 1);
    s_field_is(&csv, 0, "");
    assert_false(an_csv_next(&csv));
    an_csv_free(&csv);
}

static void test_csv_semicolon_tab_and_a_10_mb_line(void **state)
{
    HR_UNUSED(state);
    an_csv_t csv;
    an_csv_init(&csv, "a;b;c\n1;2;3\n", 12, 0);
    assert_int_equal(csv.delim, ';');
    an_csv_free(&csv);
    an_csv_init(&csv, "a\tb\n", 4, 0);
    assert_int_equal(csv.delim, '\t');
    an_csv_free(&csv);
    size_t big = 10 * 1024 * 1024;
    char *text = hr_alloc(big + 16);
    memset(text, 'x', big);
    memcpy(text + big, "\nok,1\n", 6);
    an_csv_init(&csv, text, big + 6, ',');
    assert_true(an_csv_next(&csv));
    assert_string_equal(csv.bad, "record longer than 65536 bytes");
    assert_true(an_csv_next(&csv));
    assert_null(csv.bad);
    s_field_is(&csv, 0, "ok");
    an_csv_free(&csv);
    hr_free(text);
}

static void test_ids_lose_leading_zeros_and_survive_excel(void **state)
{
    HR_UNUSED(state);
    char out[AN_ID_MAX + 1];
    assert_int_equal(an_id_canon("00123", 5, out), AN_ID_OK);
    assert_string_equal(out, "123");
    assert_int_equal(an_id_canon(" 123 ", 5, out), AN_ID_OK);
    assert_string_equal(out, "123"); // "0123" and 123 are the same person
    assert_int_equal(an_id_canon("'0123", 5, out), AN_ID_OK);
    assert_string_equal(out, "123");
    assert_int_equal(an_id_canon("123.0", 5, out), AN_ID_OK);
    assert_string_equal(out, "123");
    assert_int_equal(an_id_canon("E0012", 5, out), AN_ID_OK);
    assert_string_equal(out, "E0012"); // letters: kept as written
    assert_int_equal(an_id_canon("1.2345E+05", 10, out), AN_ID_SCI_LOSSY);
    assert_string_equal(out, "123450");
    assert_int_equal(an_id_canon("1.23456E+05", 11, out), AN_ID_SCI_EXACT);
    assert_string_equal(out, "123456");
    assert_int_equal(an_id_canon("1.23457E+17", 11, out), AN_ID_SCI_LOSSY);
    assert_true(an_id_sci_matches("1.23457E+17", 11, "123456789012345678"));
    assert_false(an_id_sci_matches("1.23457E+17", 11, "123446789012345678"));
    assert_true(an_id_sci_matches("1.2345E+05", 10, "123450"));
    assert_true(an_id_sci_matches("1.2345E+05", 10, "123449"));
    assert_false(an_id_sci_matches("1.2345E+05", 10, "123460"));
    assert_int_equal(an_id_canon("", 0, out), AN_ID_EMPTY);
    assert_int_equal(an_id_canon("a,b", 3, out), AN_ID_BAD);
}

static void test_an_id_named_in_a_request_is_clean_text(void **state)
{
    HR_UNUSED(state);
    assert_true(an_id_is_clean(""));
    assert_true(an_id_is_clean("SALES"));
    assert_true(an_id_is_clean("销售部"));
    assert_false(an_id_is_clean("\xff\xfe"));      // not UTF-8
    assert_false(an_id_is_clean("SALES\n"));       // a line end
    assert_false(an_id_is_clean("SA\x1b[31mLES")); // an escape
    assert_false(an_id_is_clean("A\x7f"));
    char long_id[AN_ID_MAX + 2];
    memset(long_id, 'D', sizeof long_id - 1);
    long_id[AN_ID_MAX + 1] = '\0';
    assert_false(an_id_is_clean(long_id));
    long_id[AN_ID_MAX] = '\0';
    assert_true(an_id_is_clean(long_id));
}

static void test_dates_in_every_shape_and_the_ambiguous_one_refused(void **state)
{
    HR_UNUSED(state);
    int32_t want = an_days_from_civil(2024, 1, 5), d = 0;
    const char *why = NULL;
    const char *ok[] = {"2024-01-05", "2024/1/5", "2024.1.5", "20240105", "45296", "2024年1月5日"};
    for (size_t i = 0; i < HR_ARRAY_LEN(ok); i++) {
        assert_true(an_date_parse(ok[i], strlen(ok[i]), &d, &why));
        assert_int_equal(d, want);
    }
    assert_false(an_date_parse("05/01/2024", 10, &d, &why));
    assert_non_null(strstr(why, "ambiguous"));
    assert_false(an_date_parse("2024-02-30", 10, &d, &why));
    // Excel's serial 60 is its fictional 1900-02-29; 59 and 61 are real days.
    assert_true(an_date_parse("61", 2, &d, &why));
    assert_int_equal(d, an_days_from_civil(1900, 3, 1));
    assert_true(an_date_parse("59", 2, &d, &why));
    assert_int_equal(d, an_days_from_civil(1900, 2, 28));
    assert_false(an_date_parse("60", 2, &d, &why));
}

static void test_datetimes_with_24h_zones_and_excel_fractions(void **state)
{
    HR_UNUSED(state);
    int32_t d, s;
    const char *why = NULL;
    assert_true(an_datetime_parse("2025-03-03 24:00", 16, 480, &d, &s, &why));
    assert_int_equal(d, an_days_from_civil(2025, 3, 4));
    assert_int_equal(s, 0);
    assert_true(an_datetime_parse("2025-03-03T01:30:00Z", 20, 480, &d, &s, &why));
    assert_int_equal(d, an_days_from_civil(2025, 3, 3));
    assert_int_equal(s, 9 * 3600 + 30 * 60);
    assert_true(an_datetime_parse("2025-03-03 09:00:00+08:00", 25, 480, &d, &s, &why));
    assert_int_equal(s, 9 * 3600);
    assert_true(an_datetime_parse("45296.375", 9, 480, &d, &s, &why));
    assert_int_equal(d, an_days_from_civil(2024, 1, 5));
    assert_int_equal(s, 9 * 3600);
    assert_false(an_datetime_parse("2025-03-03 25:00", 16, 480, &d, &s, &why));
    assert_false(an_datetime_parse("2025-03-03", 10, 480, &d, &s, &why));
}

static void test_periods_and_numbers(void **state)
{
    HR_UNUSED(state);
    int32_t f, t;
    assert_true(an_period_parse("2025-03", 7, &f, &t));
    assert_int_equal(f, an_days_from_civil(2025, 3, 1));
    assert_int_equal(t, an_days_from_civil(2025, 3, 31));
    assert_true(an_period_parse("2025-Q4", 7, &f, &t));
    assert_int_equal(t, an_days_from_civil(2025, 12, 31));
    assert_true(an_period_parse("2025-H1", 7, &f, &t));
    assert_int_equal(t, an_days_from_civil(2025, 6, 30));
    assert_true(an_period_parse("2025-01-01~2025-01-15", 21, &f, &t));
    assert_false(an_period_parse("March", 5, &f, &t));
    double v;
    assert_true(an_number_parse("85%", 3, &v));
    assert_true(v == 85);
    assert_false(an_number_parse("=1+1", 4, &v));
    assert_false(an_number_parse("nan", 3, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain_bom_gb18030_and_utf16_all_decode_to_utf8),
        cmocka_unit_test(test_utf8_file_with_a_bad_byte_is_refused_naming_line_and_offset),
        cmocka_unit_test(test_csv_quotes_newlines_in_quotes_and_mixed_line_ends),
        cmocka_unit_test(
            test_damaged_utf8_is_kept_for_line_formats_unless_its_encoding_is_undecidable),
        cmocka_unit_test(test_csv_unterminated_quote_nul_and_stray_quote),
        cmocka_unit_test(test_csv_unterminated_quote_reported_where_it_opened),
        cmocka_unit_test(test_csv_empty_quoted_fields_before_any_buffer),
        cmocka_unit_test(test_csv_semicolon_tab_and_a_10_mb_line),
        cmocka_unit_test(test_ids_lose_leading_zeros_and_survive_excel),
        cmocka_unit_test(test_an_id_named_in_a_request_is_clean_text),
        cmocka_unit_test(test_dates_in_every_shape_and_the_ambiguous_one_refused),
        cmocka_unit_test(test_datetimes_with_24h_zones_and_excel_fractions),
        cmocka_unit_test(test_periods_and_numbers),
    };
    return cmocka_run_group_tests_name("unit.analytics.text", tests, NULL, NULL);
}
