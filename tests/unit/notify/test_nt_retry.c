/*  test_nt_retry - Postfix-style back-off, lifetime, and what counts as transient or
 *  permanent for SMTP and for each HTTP vendor.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt.h"
#include "hr_test.h"

static const nt_retry_policy_t s_postfix = {300 * HR_SECOND_MS, 4000 * HR_SECOND_MS, 5 * HR_DAY_MS};

static void test_back_off_doubles_from_min_and_stops_at_max(void **state)
{
    HR_UNUSED(state);
    const int64_t want_s[] = {300, 600, 1200, 2400, 4000, 4000, 4000};
    for (uint32_t a = 1; a <= HR_ARRAY_LEN(want_s); a++) {
        int64_t next = nt_retry_next_ms(&s_postfix, "01JN00000000000000000000AA.000", a, 1000);
        assert_true(next <= 1000 + want_s[a - 1] * 1000);          // never later than the back-off
        assert_true(next >= 1000 + want_s[a - 1] * 1000 * 9 / 10); // at most 10% earlier
        assert_int_equal(nt_retry_next_ms(&s_postfix, "01JN00000000000000000000AA.000", a, 1000),
                         next); // the same delivery and attempt: the same time
    }
    // Each attempt draws anew: one delivery's amounts over its attempts are not all alike.
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (uint32_t a = 5; a <= 24; a++) { // at the cap: 4000 s, so up to 400 s earlier
        int64_t early = 4000 * HR_SECOND_MS - nt_retry_next_ms(&s_postfix, "01JN0A.000", a, 0);
        lo = early < lo ? early : lo;
        hi = early > hi ? early : hi;
    }
    assert_true(hi - lo >= 150 * HR_SECOND_MS);
    int64_t far = nt_retry_next_ms(&s_postfix, "x", 1000000, 0);
    assert_true(far <= 4000 * HR_SECOND_MS && far >= 3600 * HR_SECOND_MS);
}

// A hundred deliveries that failed in the same second come back spread over the last tenth of
// the back-off, not together.
static void test_deliveries_that_failed_together_come_back_spread_out(void **state)
{
    HR_UNUSED(state);
    int64_t lo = INT64_MAX, hi = 0;
    size_t distinct = 0;
    int64_t seen[100];
    for (int i = 0; i < 100; i++) {
        char id[64];
        snprintf(id, sizeof id, "01JN00000000000000000000%02d.000", i);
        int64_t next = nt_retry_next_ms(&s_postfix, id, 1, 0);
        lo = next < lo ? next : lo;
        hi = next > hi ? next : hi;
        bool dup = false;
        for (size_t k = 0; k < distinct && !dup; k++)
            dup = seen[k] == next;
        if (!dup)
            seen[distinct++] = next;
    }
    assert_true(distinct >= 90);
    assert_true(hi - lo >= 20 * HR_SECOND_MS); // of the 30 s a 300 s back-off may give up
}

static void test_lifetime_turns_a_late_retry_into_a_failure(void **state)
{
    HR_UNUSED(state);
    int64_t created = HR_TEST_T0_MS;
    assert_false(nt_retry_expired(&s_postfix, created, created + 5 * HR_DAY_MS));
    assert_true(nt_retry_expired(&s_postfix, created, created + 5 * HR_DAY_MS + 1));
}

static void test_smtp_4xx_and_connection_failures_are_transient_5xx_permanent(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(nt_classify_smtp(CURLE_OK, 250), NT_OUTCOME_SENT);
    const long transient[] = {421, 450, 451, 452};
    for (size_t i = 0; i < HR_ARRAY_LEN(transient); i++)
        assert_int_equal(nt_classify_smtp(CURLE_SEND_ERROR, transient[i]), NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_smtp(CURLE_SEND_ERROR, 550), NT_OUTCOME_PERMANENT);
    assert_int_equal(nt_classify_smtp(CURLE_SEND_ERROR, 552), NT_OUTCOME_PERMANENT);
    assert_int_equal(nt_classify_smtp(CURLE_COULDNT_CONNECT, 0), NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_smtp(CURLE_OPERATION_TIMEDOUT, 0), NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_smtp(CURLE_USE_SSL_FAILED, 0), NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_smtp(CURLE_UNSUPPORTED_PROTOCOL, 0), NT_OUTCOME_PERMANENT);
}

static nt_outcome_t s_http(const char *vendor, long status, const char *body)
{
    char why[128];
    return nt_classify_http(vendor, CURLE_OK, false, status, body, why, sizeof why);
}

static void test_http_status_and_vendor_bodies_are_classified(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(s_http("webhook", 200, ""), NT_OUTCOME_SENT);
    assert_int_equal(s_http("webhook", 429, ""), NT_OUTCOME_TRANSIENT);
    assert_int_equal(s_http("webhook", 503, ""), NT_OUTCOME_TRANSIENT);
    assert_int_equal(s_http("webhook", 400, ""), NT_OUTCOME_PERMANENT);
    assert_int_equal(s_http("aliyun", 200, "{\"Code\":\"OK\",\"BizId\":\"1\"}"), NT_OUTCOME_SENT);
    assert_int_equal(s_http("aliyun", 200, "{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\"}"),
                     NT_OUTCOME_TRANSIENT);
    assert_int_equal(s_http("aliyun", 200, "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\"}"),
                     NT_OUTCOME_PERMANENT);
    assert_int_equal(s_http("aliyun", 200, "not json"), NT_OUTCOME_TRANSIENT);
    assert_int_equal(
        s_http("tencent", 200, "{\"Response\":{\"SendStatusSet\":[{\"Code\":\"Ok\"}]}}"),
        NT_OUTCOME_SENT);
    assert_int_equal(s_http("tencent", 200,
                            "{\"Response\":{\"SendStatusSet\":[{\"Code\":\"FailedOperation."
                            "PhoneNumberInBlacklist\"}]}}"),
                     NT_OUTCOME_PERMANENT);
    assert_int_equal(
        s_http("tencent", 200, "{\"Response\":{\"Error\":{\"Code\":\"LimitExceeded.Phone\"}}}"),
        NT_OUTCOME_TRANSIENT);
    assert_int_equal(s_http("wecom", 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"), NT_OUTCOME_SENT);
    assert_int_equal(s_http("wecom", 200, "{\"errcode\":93000}"), NT_OUTCOME_PERMANENT);
    assert_int_equal(s_http("dingtalk", 200, "{\"errcode\":130101}"), NT_OUTCOME_TRANSIENT);
    assert_int_equal(s_http("feishu", 200, "{\"code\":0,\"msg\":\"success\"}"), NT_OUTCOME_SENT);
    assert_int_equal(s_http("feishu", 200, "{\"StatusCode\":0}"), NT_OUTCOME_SENT);
    assert_int_equal(s_http("feishu", 200, "{\"code\":19021}"), NT_OUTCOME_PERMANENT);
    char why[128];
    assert_int_equal(
        nt_classify_http("wecom", CURLE_COULDNT_CONNECT, false, 0, "", why, sizeof why),
        NT_OUTCOME_TRANSIENT);
    assert_non_null(strstr(why, "wecom"));
}

// integration-formats.md 2a: Aliyun's error codes. Only rate limits and Aliyun's own trouble
// clear by waiting; a RAM permission refusal, a bad signature or no balance never do, and
// retrying them for the five-day lifetime would keep HR from hearing of it.
static void test_aliyun_codes_that_need_a_person_fail_at_once(void **state)
{
    HR_UNUSED(state);
    const char *transient[] = {
        "isv.BUSINESS_LIMIT_CONTROL", "Throttling",      "Throttling.User", "Throttling.Api",
        "ServiceUnavailable",         "isp.SYSTEM_ERROR"};
    const char *permanent[] = {
        "isp.RAM_PERMISSION_DENY",  "isp.OUT_OF_SERVICE",        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.SMS_TEMPLATE_ILLEGAL", "isv.MOBILE_NUMBER_ILLEGAL", "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.INVALID_JSON_PARAM",   "isv.AMOUNT_NOT_ENOUGH",     "ThrottlingX",
        "isp.SYSTEM_ERRORS"};
    for (size_t i = 0; i < HR_ARRAY_LEN(transient) + HR_ARRAY_LEN(permanent); i++) {
        bool t = i < HR_ARRAY_LEN(transient);
        const char *code = t ? transient[i] : permanent[i - HR_ARRAY_LEN(transient)];
        char body[128], why[128];
        snprintf(body, sizeof body, "{\"Code\":\"%s\",\"Message\":\"m\"}", code);
        nt_outcome_t o = nt_classify_http("aliyun", CURLE_OK, false, 200, body, why, sizeof why);
        if (o != (t ? NT_OUTCOME_TRANSIENT : NT_OUTCOME_PERMANENT))
            fail_msg("aliyun %s is %s", code, nt_outcome_name(o));
        assert_non_null(strstr(why, code)); // the reason names the code
    }
}

// Aliyun answers a throttled or refused SendSms with its JSON error body and a 4xx or 5xx status
// (Throttling.User with 400), Tencent with Response.Error. The body is read whatever the status
// and its code decides as it does in a 2xx reply; the reason names the code and the status.
static void test_sms_error_bodies_are_read_whatever_the_status(void **state)
{
    HR_UNUSED(state);
    const char *transient[] = {"Throttling.User", "Throttling", "isv.BUSINESS_LIMIT_CONTROL",
                               "ServiceUnavailable", "isp.SYSTEM_ERROR"};
    const char *permanent[] = {"isv.SMS_SIGNATURE_ILLEGAL", "isv.AMOUNT_NOT_ENOUGH",
                               "isp.RAM_PERMISSION_DENY", "isv.MOBILE_NUMBER_ILLEGAL",
                               "SignatureDoesNotMatch"};
    const long statuses[] = {400, 403, 404};
    for (size_t k = 0; k < HR_ARRAY_LEN(statuses); k++)
        for (size_t i = 0; i < HR_ARRAY_LEN(transient) + HR_ARRAY_LEN(permanent); i++) {
            bool t = i < HR_ARRAY_LEN(transient);
            const char *code = t ? transient[i] : permanent[i - HR_ARRAY_LEN(transient)];
            char body[160], why[128], why_2xx[128];
            snprintf(body, sizeof body,
                     "{\"RequestId\":\"A1\",\"HostId\":\"dysmsapi.aliyuncs.com\",\"Code\":"
                     "\"%s\",\"Message\":\"m\"}",
                     code);
            nt_outcome_t o =
                nt_classify_http("aliyun", CURLE_OK, false, statuses[k], body, why, sizeof why);
            if (o != (t ? NT_OUTCOME_TRANSIENT : NT_OUTCOME_PERMANENT))
                fail_msg("aliyun HTTP %ld %s is %s", statuses[k], code, nt_outcome_name(o));
            // ... as a 2xx reply with the same code is
            assert_int_equal(
                o, nt_classify_http("aliyun", CURLE_OK, false, 200, body, why_2xx, sizeof why_2xx));
            assert_non_null(strstr(why, code));
            char status[16];
            snprintf(status, sizeof status, "HTTP %ld", statuses[k]);
            assert_non_null(strstr(why, status));
        }
    char why[128];
    // A 5xx is Aliyun's own trouble whatever code it carries (InternalError comes as a 500).
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, false, 500,
                                      "{\"Code\":\"InternalError\"}", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_non_null(strstr(why, "InternalError"));
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, false, 503,
                                      "{\"Code\":\"ServiceUnavailable\"}", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    // No code to read: a 5xx (or 429) is retried, another 4xx fails with its status named.
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, false, 502, "<html>Bad Gateway</html>",
                                      why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, false, 504, "", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, false, 400, "<html>Bad Request</html>",
                                      why, sizeof why),
                     NT_OUTCOME_PERMANENT);
    assert_string_equal(why, "aliyun: HTTP 400");
    assert_int_equal(
        nt_classify_http("tencent", CURLE_OK, false, 429, "{\"error\":\"x\"}", why, sizeof why),
        NT_OUTCOME_TRANSIENT);
    // A non-2xx reply is never a success, whatever its body says.
    assert_int_equal(
        nt_classify_http("aliyun", CURLE_OK, false, 400, "{\"Code\":\"OK\"}", why, sizeof why),
        NT_OUTCOME_PERMANENT);
    assert_string_equal(why, "aliyun: HTTP 400");
    // Tencent: Response.Error on a non-2xx reply.
    assert_int_equal(nt_classify_http("tencent", CURLE_OK, false, 400,
                                      "{\"Response\":{\"Error\":{\"Code\":\"RequestLimitExceeded\","
                                      "\"Message\":\"m\"},\"RequestId\":\"r\"}}",
                                      why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_non_null(strstr(why, "RequestLimitExceeded"));
    assert_int_equal(nt_classify_http("tencent", CURLE_OK, false, 403,
                                      "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure."
                                      "SignatureFailure\"}}}",
                                      why, sizeof why),
                     NT_OUTCOME_PERMANENT);
    assert_non_null(strstr(why, "AuthFailure.SignatureFailure"));
    assert_non_null(strstr(why, "HTTP 403"));
    // The generic webhook has no documented error body: its status alone decides.
    assert_int_equal(nt_classify_http("webhook", CURLE_OK, false, 400, "{\"Code\":\"Throttling\"}",
                                      why, sizeof why),
                     NT_OUTCOME_PERMANENT);
}

// An SMS request that went out whole and got no whole answer may have been sent: unknown, never
// retried (no vendor deduplicates a second request). Nothing of it out (no connection, a
// connect or TLS timeout): retried as before. An answer that came is read as ever.
static void test_a_transport_failure_after_the_request_went_is_unknown(void **state)
{
    HR_UNUSED(state);
    char why[160];
    const int after[] = {CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_GOT_NOTHING,
                         CURLE_PARTIAL_FILE};
    for (size_t i = 0; i < HR_ARRAY_LEN(after); i++) {
        assert_int_equal(nt_classify_http("aliyun", after[i], true, 0, "", why, sizeof why),
                         NT_OUTCOME_UNKNOWN);
        assert_non_null(strstr(why, "may have been sent"));
        assert_int_equal(nt_classify_http("aliyun", after[i], false, 0, "", why, sizeof why),
                         NT_OUTCOME_TRANSIENT);
    }
    assert_int_equal(
        nt_classify_http("tencent", CURLE_OPERATION_TIMEDOUT, true, 200, "", why, sizeof why),
        NT_OUTCOME_UNKNOWN); // a status line and then nothing: still unknown
    assert_int_equal(
        nt_classify_http("tencent", CURLE_COULDNT_CONNECT, false, 0, "", why, sizeof why),
        NT_OUTCOME_TRANSIENT);
    assert_int_equal(
        nt_classify_http("aliyun", CURLE_OK, true, 200, "{\"Code\":\"OK\"}", why, sizeof why),
        NT_OUTCOME_SENT);
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, true, 400,
                                      "{\"Code\":\"Throttling.User\"}", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_string_equal(nt_outcome_name(NT_OUTCOME_UNKNOWN), "unknown");
}

// An answer as ambiguous as a timeout to an SMS request that went out (request_out): a gateway's
// 502 or 504 (the vendor's answer did not come through), a 2xx that is no vendor verdict (not
// JSON, no code), Tencent's InternalError.Timeout and its kin - unknown, never retried. 503, 429
// and throttling codes still say "not now": retried. Without request_out (not an SMS, or
// nothing went) they stay as they were.
static void test_ambiguous_answers_to_an_sms_that_went_are_unknown(void **state)
{
    HR_UNUSED(state);
    char why[200];
    const char *const vendors[] = {"aliyun", "tencent", "webhook"};
    for (size_t i = 0; i < HR_ARRAY_LEN(vendors); i++) {
        const long unknown[] = {502, 504};
        for (size_t k = 0; k < HR_ARRAY_LEN(unknown); k++) {
            nt_outcome_t o = nt_classify_http(vendors[i], CURLE_OK, true, unknown[k],
                                              "<html>Bad Gateway</html>", why, sizeof why);
            if (o != NT_OUTCOME_UNKNOWN)
                fail_msg("%s HTTP %ld is %s", vendors[i], unknown[k], nt_outcome_name(o));
            assert_non_null(strstr(why, "may have been sent"));
            assert_int_equal(
                nt_classify_http(vendors[i], CURLE_OK, false, unknown[k], "", why, sizeof why),
                NT_OUTCOME_TRANSIENT);
        }
        const long later[] = {503, 429, 500};
        for (size_t k = 0; k < HR_ARRAY_LEN(later); k++)
            assert_int_equal(
                nt_classify_http(vendors[i], CURLE_OK, true, later[k], "", why, sizeof why),
                NT_OUTCOME_TRANSIENT);
    }
    // A 2xx without a verdict.
    const char *const no_verdict[] = {"<html>ok</html>", "", "{\"Message\":\"OK\"}", "[1]"};
    for (size_t k = 0; k < HR_ARRAY_LEN(no_verdict); k++) {
        assert_int_equal(
            nt_classify_http("aliyun", CURLE_OK, true, 200, no_verdict[k], why, sizeof why),
            NT_OUTCOME_UNKNOWN);
        assert_non_null(strstr(why, "may have been sent"));
        assert_int_equal(
            nt_classify_http("tencent", CURLE_OK, true, 200, no_verdict[k], why, sizeof why),
            NT_OUTCOME_UNKNOWN);
    }
    assert_int_equal(nt_classify_http("tencent", CURLE_OK, true, 200,
                                      "{\"Response\":{\"RequestId\":\"r\"}}", why, sizeof why),
                     NT_OUTCOME_UNKNOWN);
    // Throttling in a 2xx or a 503 body is still a retry.
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, true, 503,
                                      "{\"Code\":\"ServiceUnavailable\"}", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, true, 200,
                                      "{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\"}", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
    assert_int_equal(nt_classify_http("aliyun", CURLE_OK, true, 502,
                                      "{\"Code\":\"Throttling.User\"}", why, sizeof why),
                     NT_OUTCOME_TRANSIENT);
}

// Tencent's InternalError.* one by one (the SDK's SmsErrorCode list for sms 2021-01-11): the
// ones that say the message may have gone are unknown, the envelope's bare InternalError is
// retried, and the ones that need a person (a signature field missing, the clock) fail at once -
// the old "InternalError*" prefix retried SigFieldMissing for the whole five-day lifetime.
static void test_tencent_internal_errors_are_told_apart(void **state)
{
    HR_UNUSED(state);
    const struct {
        const char *code;
        nt_outcome_t want;
    } cases[] = {
        {"InternalError.Timeout", NT_OUTCOME_UNKNOWN},
        {"InternalError.SendAndRecvFail", NT_OUTCOME_UNKNOWN},
        {"InternalError.ParseBackendResponseFail", NT_OUTCOME_UNKNOWN},
        {"InternalError.UnknownError", NT_OUTCOME_UNKNOWN},
        {"InternalError", NT_OUTCOME_TRANSIENT},
        {"LimitExceeded.PhoneNumberThirtySecondLimit", NT_OUTCOME_TRANSIENT},
        {"RequestLimitExceeded", NT_OUTCOME_TRANSIENT},
        {"InternalError.SigFieldMissing", NT_OUTCOME_PERMANENT},
        {"InternalError.SigVerificationFail", NT_OUTCOME_PERMANENT},
        {"InternalError.JsonParseFail", NT_OUTCOME_PERMANENT},
        {"InternalError.RequestTimeException", NT_OUTCOME_PERMANENT},
        {"InternalError.RestApiInterfaceNotExist", NT_OUTCOME_PERMANENT},
        {"InternalError.OtherError", NT_OUTCOME_PERMANENT},
        {"InternalErrorX", NT_OUTCOME_PERMANENT},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        char status_body[200], error_body[200], why[200];
        snprintf(status_body, sizeof status_body,
                 "{\"Response\":{\"SendStatusSet\":[{\"Code\":\"%s\"}]}}", cases[i].code);
        snprintf(error_body, sizeof error_body, "{\"Response\":{\"Error\":{\"Code\":\"%s\"}}}",
                 cases[i].code);
        const char *const bodies[] = {status_body, error_body};
        for (size_t b = 0; b < HR_ARRAY_LEN(bodies); b++) {
            nt_outcome_t o =
                nt_classify_http("tencent", CURLE_OK, true, 200, bodies[b], why, sizeof why);
            if (o != cases[i].want)
                fail_msg("tencent %s is %s", cases[i].code, nt_outcome_name(o));
            assert_non_null(strstr(why, cases[i].code));
        }
        // Nothing went (never so for an answered SMS): "maybe" is a retry, not a failure.
        nt_outcome_t o =
            nt_classify_http("tencent", CURLE_OK, false, 200, status_body, why, sizeof why);
        assert_int_equal(o, cases[i].want == NT_OUTCOME_UNKNOWN ? NT_OUTCOME_TRANSIENT
                                                                : cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deliveries_that_failed_together_come_back_spread_out),
        cmocka_unit_test(test_back_off_doubles_from_min_and_stops_at_max),
        cmocka_unit_test(test_lifetime_turns_a_late_retry_into_a_failure),
        cmocka_unit_test(test_smtp_4xx_and_connection_failures_are_transient_5xx_permanent),
        cmocka_unit_test(test_http_status_and_vendor_bodies_are_classified),
        cmocka_unit_test(test_aliyun_codes_that_need_a_person_fail_at_once),
        cmocka_unit_test(test_sms_error_bodies_are_read_whatever_the_status),
        cmocka_unit_test(test_a_transport_failure_after_the_request_went_is_unknown),
        cmocka_unit_test(test_ambiguous_answers_to_an_sms_that_went_are_unknown),
        cmocka_unit_test(test_tencent_internal_errors_are_told_apart),
    };
    return cmocka_run_group_tests_name("unit.notify.retry", tests, NULL, NULL);
}
