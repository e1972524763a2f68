/*  test_nt_sign - vendor signatures against the vendors' published examples: Aliyun's ACS3
 *  worked example (ECS RunInstances) and Tencent Cloud's TC3 example (CVM DescribeInstances,
 *  with its masked keys as given); DingTalk and Feishu, which publish no vector, against values
 *  computed independently with Python's hmac module.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt.h"
#include "hr_test.h"

static void test_acs3_matches_the_aliyun_published_example(void **state)
{
    HR_UNUSED(state);
    nt_kv_t params[] = {
        {"RegionId", "cn-shanghai"},
        {"ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"},
    };
    char *query = nt_acs3_query(params, 2);
    assert_string_equal(
        query, "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai");
    char empty[65];
    nt_sha256_hex("", 0, empty);
    assert_string_equal(empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    nt_kv_t headers[] = {
        {"x-acs-version", "2014-05-26"},
        {"host", "ecs.cn-shanghai.aliyuncs.com"},
        {"x-acs-action", "RunInstances"},
        {"x-acs-date", "2023-10-26T10:22:32Z"},
        {"x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"},
        {"x-acs-content-sha256", empty},
    };
    char *canonical = NULL;
    char *auth = nt_acs3_authorization("YourAccessKeyId", "YourAccessKeySecret", "POST", query,
                                       headers, HR_ARRAY_LEN(headers), empty, &canonical);
    char hash[65];
    nt_sha256_hex(canonical, strlen(canonical), hash);
    assert_string_equal(hash, "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    assert_string_equal(auth, "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;"
                              "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
                              "x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d85"
                              "3912eee15083a6f0f3283c0");
    hr_free(auth);
    hr_free(canonical);
    hr_free(query);
}

static void test_acs3_query_encodes_rfc3986_and_sorts(void **state)
{
    HR_UNUSED(state);
    nt_kv_t params[] = {
        {"TemplateParam", "{\"code\":\"12 34\"}"},
        {"PhoneNumbers", "+8613900000000,13800000000"},
        {"SignName", "测试~签名"},
    };
    char *q = nt_acs3_query(params, 3);
    assert_string_equal(q, "PhoneNumbers=%2B8613900000000%2C13800000000&SignName=%E6%B5%8B%E8%AF%95"
                           "~%E7%AD%BE%E5%90%8D&TemplateParam=%7B%22code%22%3A%2212%2034%22%7D");
    hr_free(q);
}

static void test_tc3_matches_the_tencent_published_example(void **state)
{
    HR_UNUSED(state);
    const char *payload = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], "
                          "\"Name\": \"instance-name\"}]}";
    char *canonical = NULL;
    char *auth = nt_tc3_authorization(
        "AKID********************************", "********************************", "cvm",
        "cvm.tencentcloudapi.com", "application/json; charset=utf-8", "DescribeInstances", payload,
        strlen(payload), 1551113065, &canonical);
    char hash[65];
    nt_sha256_hex(canonical, strlen(canonical), hash);
    assert_string_equal(hash, "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
    assert_string_equal(auth, "TC3-HMAC-SHA256 Credential=AKID********************************/"
                              "2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;"
                              "x-tc-action, Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff30"
                              "9d421d85b46093f6ab6c4f");
    hr_free(auth);
    hr_free(canonical);
}

static void test_tc3_without_action_signs_content_type_and_host_only(void **state)
{
    HR_UNUSED(state);
    char *auth =
        nt_tc3_authorization("id", "key", "sms", "sms.tencentcloudapi.com",
                             "application/json; charset=utf-8", NULL, "{}", 2, 1551113065, NULL);
    assert_non_null(strstr(auth, "Credential=id/2019-02-25/sms/tc3_request, "
                                 "SignedHeaders=content-type;host, Signature="));
    hr_free(auth);
}

static void test_dingtalk_sign_is_urlencoded_base64_of_hmac_keyed_by_the_secret(void **state)
{
    HR_UNUSED(state);
    char *sign = nt_dingtalk_sign("SECtestsecret0123456789", INT64_C(1700000000000));
    // python3: quote_plus(b64encode(hmac.new(secret, b"1700000000000\n" + secret, sha256)))
    assert_string_equal(sign, "zrLWzK97t62y5CpqN8Ok9UIdPvX%2BjL1PNoW8nKT5a9k%3D");
    hr_free(sign);
}

static void test_feishu_sign_keys_on_the_joined_string_with_an_empty_message(void **state)
{
    HR_UNUSED(state);
    char *sign = nt_feishu_sign("feishusecret", 1700000000);
    // python3: b64encode(hmac.new(b"1700000000\nfeishusecret", b"", sha256).digest())
    assert_string_equal(sign, "5Wc8F8b2vZlNjoVFpK6BAaovMobglP4Rm1FzmEq/rCU=");
    char *ding = nt_dingtalk_sign("feishusecret", 1700000000);
    assert_string_not_equal(ding, sign); // not the DingTalk recipe
    hr_free(ding);
    hr_free(sign);
}

static void test_hmac_sha256_matches_rfc4231_case_2(void **state)
{
    HR_UNUSED(state);
    uint8_t mac[32];
    nt_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
    static const uint8_t want[32] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e,
                                     0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
                                     0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83,
                                     0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    assert_memory_equal(mac, want, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acs3_matches_the_aliyun_published_example),
        cmocka_unit_test(test_acs3_query_encodes_rfc3986_and_sorts),
        cmocka_unit_test(test_tc3_matches_the_tencent_published_example),
        cmocka_unit_test(test_tc3_without_action_signs_content_type_and_host_only),
        cmocka_unit_test(test_dingtalk_sign_is_urlencoded_base64_of_hmac_keyed_by_the_secret),
        cmocka_unit_test(test_feishu_sign_keys_on_the_joined_string_with_an_empty_message),
        cmocka_unit_test(test_hmac_sha256_matches_rfc4231_case_2),
    };
    return cmocka_run_group_tests_name("unit.notify.sign", tests, NULL, NULL);
}
