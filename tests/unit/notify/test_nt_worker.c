/*  test_nt_worker - what of an SMS request went to the connection, counted from libcurl's debug
 *  callback data (nt_sent_add): an HTTPS proxy's CONNECT and a header cut short are not a
 *  request the vendor may act on; a whole header and body are, however they were split.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt.h"
#include "hr_test.h"

#define ALIYUN_HEADER                                                                              \
    "POST /?Action=SendSms&OutId=x HTTP/1.1\r\nHost: dysmsapi.aliyuncs.com\r\n"                    \
    "Authorization: ACS3-HMAC-SHA256 Credential=k\r\nContent-Length: 0\r\n\r\n"

static void s_add(nt_sent_t *sent, curl_infotype type, const char *text)
{
    nt_sent_add(sent, type, text, strlen(text));
}

// Aliyun's request has an empty body: only the header's end tells that it went whole.
static void test_an_empty_body_request_went_only_when_its_header_ended(void **state)
{
    HR_UNUSED(state);
    nt_sent_t sent = {0};
    assert_false(nt_sent_whole(&sent, 0)); // nothing written
    const char *header = ALIYUN_HEADER;
    size_t n = strlen(header);
    // Written in pieces (a full socket buffer): whole only once the last CRLF went.
    for (size_t i = 0; i < n; i += 7) {
        assert_false(nt_sent_whole(&sent, 0));
        nt_sent_add(&sent, CURLINFO_HEADER_OUT, header + i, n - i < 7 ? n - i : 7);
    }
    assert_true(nt_sent_whole(&sent, 0));
    assert_int_equal(sent.requests, 1);

    // The header cut short just before its blank line: not whole.
    nt_sent_t cut = {0};
    nt_sent_add(&cut, CURLINFO_HEADER_OUT, header, n - 1);
    assert_false(nt_sent_whole(&cut, 0));
    nt_sent_add(&cut, CURLINFO_HEADER_IN, "\n", 1); // what came in does not count
    assert_false(nt_sent_whole(&cut, 0));
}

// An HTTPS proxy's CONNECT is written as HEADER_OUT too, and a proxy that refuses it (502) never
// passed anything on to the vendor: that is a retry, not "maybe sent".
static void test_a_proxy_connect_is_not_the_vendors_request(void **state)
{
    HR_UNUSED(state);
    nt_sent_t sent = {0};
    s_add(&sent, CURLINFO_HEADER_OUT,
          "CONNECT dysmsapi.aliyuncs.com:443 HTTP/1.1\r\nHost: dysmsapi.aliyuncs.com:443\r\n"
          "Proxy-Connection: Keep-Alive\r\n\r\n");
    s_add(&sent, CURLINFO_HEADER_IN, "HTTP/1.1 502 Bad Gateway\r\n");
    s_add(&sent, CURLINFO_HEADER_IN, "\r\n");
    assert_false(nt_sent_whole(&sent, 0));
    assert_int_equal(sent.requests, 0);
    char why[160];
    assert_int_equal(nt_classify_http("aliyun", CURLE_COULDNT_CONNECT, nt_sent_whole(&sent, 0), 0,
                                      "", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    // The tunnel up, the vendor's request through it: that one counts.
    s_add(&sent, CURLINFO_SSL_DATA_OUT, "\x16\x03\x01");
    s_add(&sent, CURLINFO_HEADER_OUT, ALIYUN_HEADER);
    assert_true(nt_sent_whole(&sent, 0));
    assert_int_equal(sent.requests, 1);
}

// Tencent's and the webhook's requests have a body: whole when all its bytes went after the
// header, wherever curl split header and body.
static void test_a_request_with_a_body_went_when_all_its_bytes_did(void **state)
{
    HR_UNUSED(state);
    const char *body = "{\"PhoneNumberSet\":[\"+8613800001111\"]}";
    size_t len = strlen(body);
    nt_sent_t sent = {0};
    s_add(&sent, CURLINFO_HEADER_OUT, "POST / HTTP/1.1\r\nContent-Length: 37\r\n\r\n");
    assert_false(nt_sent_whole(&sent, len));
    nt_sent_add(&sent, CURLINFO_DATA_OUT, body, 10);
    assert_false(nt_sent_whole(&sent, len));
    nt_sent_add(&sent, CURLINFO_DATA_OUT, body + 10, len - 10);
    assert_true(nt_sent_whole(&sent, len));

    // Body bytes never count before the header ended ...
    nt_sent_t early = {0};
    s_add(&early, CURLINFO_HEADER_OUT, "POST / HTTP/1.1\r\nContent-Length: 37\r\n");
    nt_sent_add(&early, CURLINFO_DATA_OUT, body, len);
    assert_false(nt_sent_whole(&early, len));
    // ... and the header's end with the body in one write counts both.
    nt_sent_t one = {0};
    char *both = hr_strfmt("POST / HTTP/1.1\r\nContent-Length: 37\r\n\r\n%s", body);
    s_add(&one, CURLINFO_HEADER_OUT, both);
    assert_true(nt_sent_whole(&one, len));
    hr_free(both);
    // A second request header after the first: counted, and not taken for body bytes.
    s_add(&sent, CURLINFO_HEADER_OUT, "POST / HTTP/1.1\r\n\r\n");
    assert_int_equal(sent.requests, 2);
    assert_int_equal(sent.body_out, len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_empty_body_request_went_only_when_its_header_ended),
        cmocka_unit_test(test_a_proxy_connect_is_not_the_vendors_request),
        cmocka_unit_test(test_a_request_with_a_body_went_when_all_its_bytes_did),
    };
    return cmocka_run_group_tests_name("unit.notify.worker", tests, NULL, NULL);
}
