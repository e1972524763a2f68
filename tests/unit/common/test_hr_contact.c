/*  test_hr_contact - the project's one rule for email addresses and mobile numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr_contact.h"
#include "hr_test.h"

static void test_addresses_are_validated_strictly(void **state)
{
    HR_UNUSED(state);
    const char *good[] = {"a@example.com", "first.last+tag@sub.example.co", "x_y-z@a-b.cn"};
    const char *bad[] = {"",
                         "a",
                         "@example.com",
                         "a@",
                         "a@example",
                         "a@@example.com",
                         "a b@example.com",
                         "a@example.com\r\nBcc: x@evil.com",
                         "a@example.com>",
                         "<a@example.com",
                         "a,b@example.com",
                         "a@exa mple.com",
                         "a@-example.com",
                         "a@example-.com",
                         ".a@example.com",
                         "a.@example.com",
                         "a..b@example.com",
                         "a(b)@example.com",
                         "张三@example.com",
                         "a@例子.com",
                         "a@example..com",
                         "a@example.com."};
    for (size_t i = 0; i < HR_ARRAY_LEN(good); i++)
        assert_true(hr_email_is_valid(good[i]));
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        if (hr_email_is_valid(bad[i]))
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_false(hr_email_is_valid(NULL));
    char longaddr[300];
    memset(longaddr, 'a', sizeof longaddr);
    memcpy(longaddr + 250, "@b.cn", 6);
    assert_false(hr_email_is_valid(longaddr));
    char local65[80];
    memset(local65, 'a', 65);
    memcpy(local65 + 65, "@b.cn", 6);
    assert_false(hr_email_is_valid(local65));
    memcpy(local65 + 64, "@b.cn", 6);
    assert_true(hr_email_is_valid(local65));
}

static void test_mobiles_as_people_write_them_become_one_form(void **state)
{
    HR_UNUSED(state);
    static const struct {
        const char *in;
        const char *out;
    } rows[] = {
        {"13800000100", "13800000100"},
        {"138-0000-0100", "13800000100"},
        {"138 0000 0100", "13800000100"},
        {"+86 138 0000 0100", "13800000100"},
        {"+8613800000100", "13800000100"},
        {"+86-138-0000-0100", "13800000100"},
        {"0086 138 0000 0100", "13800000100"},
        {"008613800000100", "13800000100"},
        {"8613800000100", "13800000100"},
        {"86 138 0000 0100", "13800000100"},
        {" 13800000100", "13800000100"},
        {"+852 6123 4567", "+85261234567"},
        {"00852 6123 4567", "+85261234567"},
        {"+1 212 555 0100", "+12125550100"},
        {"+44 20 7946 0018", "+442079460018"},
        {"61234567", "61234567"},
        {"123456789012345", NULL}, // starts with 1 but is not 11 digits
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        char out[HR_MOBILE_LEN];
        bool ok = hr_mobile_normalize(rows[i].in, out);
        if (!rows[i].out) {
            if (ok)
                fail_msg("accepted '%s' as '%s'", rows[i].in, out);
            continue;
        }
        if (!ok)
            fail_msg("refused '%s'", rows[i].in);
        assert_string_equal(out, rows[i].out);
    }
}

static void test_what_is_not_a_mobile_is_refused(void **state)
{
    HR_UNUSED(state);
    const char *bad[] = {"",
                         " ",
                         "-13800000100",
                         "+",
                         "++8613800000100",
                         "138+00000100",
                         "1380000010",   // mainland, one digit short
                         "138000001000", // mainland, one digit over
                         "+86 138 0000 010",
                         "0086138000001000",
                         "123456",            // fewer than 7 digits
                         "+1234567890123456", // more than 15
                         "9876543210987654",
                         "138.0000.0100",
                         "(138) 0000 0100",
                         "138\n00000100",
                         "１３８０００００１００",
                         "tel:13800000100",
                         "13800000100 x"};
    for (size_t i = 0; i < HR_ARRAY_LEN(bad); i++) {
        char out[HR_MOBILE_LEN] = "junk";
        if (hr_mobile_normalize(bad[i], out))
            fail_msg("accepted '%s' as '%s'", bad[i], out);
        assert_string_equal(out, "");
    }
    char out[HR_MOBILE_LEN] = "junk";
    assert_false(hr_mobile_normalize(NULL, out));
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addresses_are_validated_strictly),
        cmocka_unit_test(test_mobiles_as_people_write_them_become_one_form),
        cmocka_unit_test(test_what_is_not_a_mobile_is_refused),
    };
    return cmocka_run_group_tests_name("unit.common.contact", tests, NULL, NULL);
}
