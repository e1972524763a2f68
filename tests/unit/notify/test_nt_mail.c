/*  test_nt_mail - RFC 5322 messages: RFC 2047 phrases (75-character words, UTF-8
 *  never cut), header injection through names and subjects, base64 bodies, stable bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>

#include "nt.h"
#include "hr_test.h"

static char *s_phrase(const char *text)
{
    nt_buf_t b = {0};
    nt_mail_add_phrase(&b, text);
    return nt_buf_take(&b, NULL);
}

static void test_plain_ascii_phrase_stays_plain(void **state)
{
    HR_UNUSED(state);
    char *s = s_phrase("Case 42 is overdue");
    assert_string_equal(s, "Case 42 is overdue");
    hr_free(s);
}

static void test_cr_lf_in_a_phrase_never_ends_the_header(void **state)
{
    HR_UNUSED(state);
    const char *inputs[] = {"Hi\r\nBcc: x@evil.com", "Hi\nBcc: x@evil.com",
                            "张三\r\nBcc: x@evil.com", "tab\tand\x7f"};
    for (size_t i = 0; i < HR_ARRAY_LEN(inputs); i++) {
        char *s = s_phrase(inputs[i]);
        // Only our own folding (CRLF followed by a space) may appear.
        for (char *p = strchr(s, '\r'); p; p = strchr(p + 1, '\r'))
            assert_true(p[1] == '\n' && p[2] == ' ');
        for (char *p = strchr(s, '\n'); p; p = strchr(p + 1, '\n'))
            assert_true(p > s && p[-1] == '\r' && p[1] == ' ');
        assert_null(strstr(s, "\r\nBcc"));
        hr_free(s);
    }
}

static void test_a_forged_encoded_word_is_encoded_again(void **state)
{
    HR_UNUSED(state);
    char *s = s_phrase("=?UTF-8?B?QmNjOiB4QGV2aWwuY29t?=");
    assert_true(!strncmp(s, "=?UTF-8?B?", 10));
    assert_null(strstr(s, "QmNjOiB4QGV2aWwuY29t?=")); // the forged word is inside our base64
    hr_free(s);
}

static void test_long_utf8_subject_splits_into_75_char_words_on_char_boundaries(void **state)
{
    HR_UNUSED(state);
    nt_buf_t in = {0};
    for (int i = 0; i < 400; i++)
        nt_buf_adds(&in, "案"); // 3 bytes each: 1200 bytes, over the 998 line limit
    char *s = s_phrase(in.data);
    nt_buf_t decoded = {0};
    size_t words = 0;
    for (char *w = s; w;) {
        char *end = strstr(w, "?=");
        assert_non_null(end);
        assert_true(end + 2 - w <= 75);
        assert_true(!strncmp(w, "=?UTF-8?B?", 10));
        unsigned char raw[64];
        size_t n = 0;
        assert_int_equal(sodium_base642bin(raw, sizeof raw, w + 10, (size_t)(end - w - 10), NULL,
                                           &n, NULL, sodium_base64_VARIANT_ORIGINAL),
                         0);
        assert_true(hr_utf8_is_valid((char *)raw, n)); // whole characters in every word
        nt_buf_add(&decoded, raw, n);
        words++;
        w = strstr(end, "\r\n ");
        w = w ? w + 3 : NULL;
    }
    assert_true(words > 20);
    assert_string_equal(decoded.data, in.data);
    nt_buf_free(&decoded);
    nt_buf_free(&in);
    hr_free(s);
}

static nt_mail_t s_mail(const nt_addr_t *to, const nt_addr_t *cc, size_t n_cc)
{
    nt_mail_t m = {
        .from = {"HR 通知", "hr@corp.example.com"},
        .to = to,
        .n_to = 1,
        .cc = cc,
        .n_cc = n_cc,
        .subject = "[已逾期] 案件 CASE-1",
        .text = "第一行\n.\n.leading dot\n",
        .html = "<p>x</p>",
        .message_id = "01JN00000000000000000000AA.000@corp.example.com",
        .date_ms = HR_TEST_T0_MS,
    };
    return m;
}

static void test_message_has_headers_cc_and_base64_parts(void **state)
{
    HR_UNUSED(state);
    nt_addr_t to = {"张三", "manager@corp.example.com"};
    nt_addr_t cc[] = {{"Li \"Boss\" Si", "boss@corp.example.com"}, {NULL, "hr@corp.example.com"}};
    nt_mail_t m = s_mail(&to, cc, 2);
    size_t len = 0;
    char *msg = nt_mail_build(&m, &len);
    assert_int_equal(strlen(msg), len);
    assert_non_null(strstr(msg, "Date: Mon, 03 Mar 2025 09:00:00 +0000\r\n"));
    assert_non_null(strstr(msg, "From: =?UTF-8?B?SFIg6YCa55+l?= <hr@corp.example.com>\r\n"));
    assert_non_null(strstr(msg, "To: =?UTF-8?B?5byg5LiJ?= <manager@corp.example.com>\r\n"));
    assert_non_null(strstr(msg, "Cc: \"Li \\\"Boss\\\" Si\" <boss@corp.example.com>,\r\n "
                                "<hr@corp.example.com>\r\n"));
    assert_non_null(strstr(msg, "Message-ID: <01JN00000000000000000000AA.000@corp.example.com>"));
    assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
    assert_non_null(strstr(msg, "multipart/alternative"));
    assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"
                                "Content-Transfer-Encoding: base64\r\n"));
    assert_non_null(strstr(msg, "Content-Type: text/html; charset=UTF-8\r\n"));
    assert_null(strstr(msg, "Bcc"));
    // Every line ends in CRLF, none is longer than 998, none starts with a dot.
    const char *line = msg;
    while (*line) {
        const char *nl = strstr(line, "\r\n");
        assert_non_null(nl);
        assert_true(nl - line <= 998);
        assert_true(*line != '.');
        assert_null(memchr(line, '\n', (size_t)(nl - line)));
        line = nl + 2;
    }
    hr_free(msg);
}

// RFC 2047 section 2: "each line of a header field that contains one or more 'encoded-word's
// is limited to 76 characters" - the first word too, after "Subject: " or "From: ", and the
// <addr> after a long name.
static void test_header_lines_stay_within_76_characters(void **state)
{
    HR_UNUSED(state);
    nt_addr_t to = {"刘强（销售部华东区大客户经理，负责上海与杭州的重点客户）",
                    "liu.qiang.sales.east.key-accounts@subsidiary.corp.example.com"};
    nt_addr_t cc[] = {{"张伟", "zhang.wei@example.com"},
                      {"HR Business Partner for the East China Sales Region (Shanghai)",
                       "hrbp.east@example.com"}};
    nt_mail_t m = s_mail(&to, cc, 2);
    m.subject = "[逾期升级] 案件 01M8ENFRS7W846EP5TB4PE2VNR：直属经理提交辞退申请（理由与证据）";
    m.from = (nt_addr_t){"HR 通知 / HR Notifications", "hr-notify@localhost.localdomain"};
    size_t len = 0;
    char *msg = nt_mail_build(&m, &len);
    size_t lines = 0, words = 0;
    for (const char *line = msg;;) {
        const char *end = strstr(line, "\r\n");
        assert_non_null(end);
        size_t n = (size_t)(end - line);
        if (n == 0)
            break; // the end of the header
        if (n > 76)
            fail_msg("%zu characters: %.*s", n, (int)n, line);
        for (size_t k = 0; k + 10 <= n; k++)
            if (!strncmp(line + k, "=?UTF-8?B?", 10)) {
                words++;
                break;
            }
        lines++;
        line = end + 2;
    }
    assert_true(words >= 5); // Subject, From, To and the first cc were encoded and folded
    assert_true(lines > 12);
    // The first word follows the field name; a long name's <addr> gets a folded line.
    assert_non_null(strstr(msg, "\r\nSubject: =?UTF-8?B?"));
    assert_non_null(strstr(msg, "\r\nFrom: =?UTF-8?B?"));
    assert_non_null(strstr(msg, "?=\r\n <liu.qiang.sales.east.key-accounts@"));
    assert_non_null(strstr(msg, "(Shanghai)\"\r\n <hrbp.east@example.com>\r\n"));
    hr_free(msg);
}

static void test_the_same_delivery_builds_the_same_bytes_every_time(void **state)
{
    HR_UNUSED(state);
    nt_addr_t to = {"张三", "manager@corp.example.com"};
    nt_mail_t m = s_mail(&to, NULL, 0);
    size_t la, lb;
    char *a = nt_mail_build(&m, &la);
    char *b = nt_mail_build(&m, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    m.high_priority = true;
    char *c = nt_mail_build(&m, &lb);
    assert_non_null(strstr(c, "Importance: high\r\n"));
    hr_free(a);
    hr_free(b);
    hr_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_ascii_phrase_stays_plain),
        cmocka_unit_test(test_cr_lf_in_a_phrase_never_ends_the_header),
        cmocka_unit_test(test_a_forged_encoded_word_is_encoded_again),
        cmocka_unit_test(test_long_utf8_subject_splits_into_75_char_words_on_char_boundaries),
        cmocka_unit_test(test_message_has_headers_cc_and_base64_parts),
        cmocka_unit_test(test_header_lines_stay_within_76_characters),
        cmocka_unit_test(test_the_same_delivery_builds_the_same_bytes_every_time),
    };
    return cmocka_run_group_tests_name("unit.notify.mail", tests, NULL, NULL);
}
