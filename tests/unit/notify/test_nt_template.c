/*  test_nt_template - every template in both languages, variables escaped per output:
 *  HTML in the HTML part, no CR/LF in subjects and short texts, missing variables shown as "-".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nt.h"
#include "hr_test.h"

static void test_every_template_renders_in_both_languages(void **state)
{
    HR_UNUSED(state);
    const char *langs[] = {"zh-CN", "en"};
    const char *const *ids = nt_template_ids; // every template the table has
    size_t n = 0;
    for (size_t i = 0; ids[i]; i++) {
        n++;
        assert_true(nt_template_exists(ids[i]));
        for (size_t l = 0; l < 2; l++) {
            nt_var_t vars[] = {{"case_id", "CASE-9"}, {"recipient", "Zhang"}};
            nt_rendered_t r = {0};
            assert_int_equal(nt_template_render(ids[i], langs[l], vars, 2, &r), HR_OK);
            assert_true(strlen(r.subject) > 0 && strlen(r.text) > 0 && strlen(r.short_text) > 0);
            assert_null(strstr(r.text, "{{"));
            assert_non_null(strstr(r.html, "<html>"));
            // What the employee concerned gets names a meeting or their employment, never the
            // case (below).
            if (strcmp(ids[i], "test") && strncmp(ids[i], "interview_", 10) &&
                strncmp(ids[i], "employment_", 11) && strcmp(ids[i], "payment_made") &&
                strcmp(ids[i], "transfer_done") && strcmp(ids[i], "payment_reversed") &&
                strcmp(ids[i], "certificate_issued"))
                assert_non_null(strstr(r.subject, "CASE-9"));
            nt_rendered_free(&r);
        }
    }
    assert_int_equal(n, 32);
    assert_false(nt_template_exists("nope"));
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("test", "fr", NULL, 0, &r), HR_EINVAL);
    assert_int_equal(nt_template_render("nope", "en", NULL, 0, &r), HR_EINVAL);
}

// A notice revoked by agreement: the employee, the manager and HR read the date and that the
// employment continues, in their language.
static void test_case_rescinded_says_the_employment_continues(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C7"},
                       {"recipient", "吴昊"},
                       {"employee_name", "吴昊"},
                       {"agreement_date", "2026年12月9日"},
                       {"documents", "不再出具解除劳动合同的证明"},
                       {"ending_word", "解除"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_rescinded", "zh-CN", vars, 6, &r), HR_OK);
    assert_non_null(
        strstr(r.text, "解除劳动合同通知已于2026年12月9日经员工同意撤销，劳动关系继续"));
    assert_non_null(strstr(r.text, "不再出具解除劳动合同的证明"));
    assert_non_null(strstr(r.short_text, "劳动关系继续"));
    nt_rendered_free(&r);
    vars[3].value = "2026-12-09"; // the English reader's: ISO
    assert_int_equal(nt_template_render("case_rescinded", "en", vars, 4, &r), HR_OK);
    assert_non_null(strstr(r.subject, "the employment continues"));
    assert_non_null(strstr(r.text, "agreement of 2026-12-09"));
    nt_rendered_free(&r);
}

// The texts about a served notice name it as the notice itself did: 终止 for an ending (Art. 44),
// 解除 for a rescission - the workflow's ending_word, never a 解除 of their own - and take it
// back by 撤销 (撤回 is the case's). The employee, the staff and the protected-status alert alike.
static void test_notice_texts_follow_the_ending_word(void **state)
{
    HR_UNUSED(state);
    static const char *const ids[] = {"case_rescinded",
                                      "employment_continues",
                                      "case_reinstated",
                                      "case_reinstatement_set_aside",
                                      "employment_reinstatement_set_aside",
                                      "protection_recorded"};
    nt_var_t vars[] = {{"case_id", "C9"},
                       {"recipient", "周敏"},
                       {"employee_name", "周敏"},
                       {"agreement_date", "2026-12-09"},
                       {"effective_date", "2026-12-17"},
                       {"ending_word", "终止"},
                       {"ending_word_en", "termination"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++) {
        nt_rendered_t r = {0};
        assert_int_equal(nt_template_render(ids[i], "zh-CN", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
        // protection_recorded cites Art. 40 and 41 (解除) for what the protection bars.
        if (strcmp(ids[i], "protection_recorded")) {
            assert_null(strstr(r.text, "解除"));
            assert_null(strstr(r.short_text, "解除"));
            assert_null(strstr(r.subject, "解除"));
        }
        assert_non_null(strstr(r.text, "终止"));
        assert_null(strstr(r.text, "撤回通知"));
        assert_null(strstr(r.text, "撤销通知"));
        nt_rendered_free(&r);
        assert_int_equal(nt_template_render(ids[i], "en", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
        assert_null(strstr(r.text, "rescission"));
        assert_null(strstr(r.text, "revoke"));
        nt_rendered_free(&r);
    }
    nt_rendered_t r = {0};
    assert_int_equal(
        nt_template_render("employment_continues", "zh-CN", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
    assert_non_null(strstr(r.text, "此前向您送达的终止劳动合同通知已撤销"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_rescinded", "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
                     HR_OK);
    assert_string_equal(r.subject, "[通知撤销] 案件 C9：劳动关系继续");
    assert_string_equal(r.short_text,
                        "HR提醒：案件C9的终止劳动合同通知已于2026-12-09经员工同意撤销，"
                        "劳动关系继续。");
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_rescinded", "en", vars, HR_ARRAY_LEN(vars), &r),
                     HR_OK);
    assert_non_null(strstr(r.text, "The notice of termination of case C9"));
    assert_non_null(strstr(r.text, "was rescinded with the employee's agreement"));
    nt_rendered_free(&r);
    assert_int_equal(
        nt_template_render("case_reinstatement_set_aside", "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
        HR_OK);
    assert_non_null(strstr(r.text, "终止重新成立，劳动合同于2026-12-17终止。"));
    nt_rendered_free(&r);
    assert_int_equal(
        nt_template_render("protection_recorded", "zh-CN", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
    assert_non_null(
        strstr(r.text, "决定：撤回案件、暂缓，或经员工同意撤销已送达的终止劳动合同通知"));
    nt_rendered_free(&r);
    // A rescission reads 解除 in the same places.
    vars[5].value = "解除";
    assert_int_equal(
        nt_template_render("case_reinstatement_set_aside", "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
        HR_OK);
    assert_non_null(strstr(r.text, "解除重新成立，劳动合同于2026-12-17解除。"));
    nt_rendered_free(&r);
}

// A case the system handed on from someone who left: HR reads who left, when, what moved to whom
// and how to hand it elsewhere, in their language.
static void test_case_handed_on_says_who_left_and_what_moved(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C9"},
                       {"recipient", "李静"},
                       {"left_no", "E0101"},
                       {"left_date", "2026-11-30"},
                       {"moved", "request E0101 -> E0100 (due 2026-12-03, escalation restarted)"},
                       {"manager_no", "E0100"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_handed_on", "zh-CN", vars, 6, &r), HR_OK);
    assert_non_null(strstr(r.text, "已于2026-11-30离职")); // an older workflow's ISO day
    assert_non_null(strstr(r.text, "request E0101 -> E0100"));
    assert_non_null(strstr(r.short_text, "案件经理现为E0100"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_handed_on", "en", vars, 6, &r), HR_OK);
    assert_non_null(strstr(r.subject, "E0101 has left"));
    assert_non_null(strstr(r.text, "E0101 left on 2026-11-30"));
    assert_non_null(strstr(r.text, "hrctl case reassign"));
    nt_rendered_free(&r);
    // This workflow's left_date_zh: the day as the documents write it, no spaces; English ISO.
    nt_var_t zh[] = {
        {"left_no", "E0101"}, {"left_date", "2026-11-30"}, {"left_date_zh", "2026年11月30日"}};
    assert_int_equal(nt_template_render("case_handed_on", "zh-CN", zh, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "E0101 负责的事项，因其已于2026年11月30日离职"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_handed_on", "en", zh, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "E0101 left on 2026-11-30"));
    nt_rendered_free(&r);
}

// The union is told the reasons (LCL 43): the mail states the employee, the ground, HR's reasons,
// the notice day and the day its opinion is asked by; the SMS names no one and no ground.
static void test_union_notice_mail_states_the_reasons_and_the_sms_names_no_one(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C7"},
                       {"recipient", "工会主席"},
                       {"employee_no", "E0117"},
                       {"employee_name", "吴昊"},
                       {"ground", "A39_2"},
                       {"ground_article", "《中华人民共和国劳动合同法》第三十九条第二项"},
                       {"ground_text", "严重违反用人单位的规章制度的"},
                       {"reasons", "2026年11月连续旷工五日"},
                       {"notice_date", "2026年12月8日"},
                       {"opinion_by", "2026年12月7日"},
                       {"inviter", "示例科技有限公司人力资源部"}};
    size_t n = HR_ARRAY_LEN(vars);
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("union_notice", "zh-CN", vars, n, &r), HR_OK);
    assert_non_null(strstr(r.text, "第四十三条"));
    assert_non_null(strstr(r.text, "吴昊"));
    assert_non_null(strstr(r.text, "第三十九条第二项“严重违反用人单位的规章制度的”"));
    assert_non_null(strstr(r.text, "事实和理由：2026年11月连续旷工五日"));
    assert_non_null(strstr(r.text, "请工会研究后于2026年12月7日前提出书面意见"));
    for (size_t i = 3; i < 8; i++)
        if (strstr(r.short_text, vars[i].value) || strstr(r.subject, vars[i].value))
            fail_msg("the SMS or subject names '%s': %s / %s", vars[i].value, r.short_text,
                     r.subject);
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("union_notice", "en", vars, n, &r), HR_OK);
    assert_non_null(strstr(r.text, "Article 43 of the Labour Contract Law"));
    assert_non_null(strstr(r.text, "Facts and reasons: 2026年11月连续旷工五日"));
    for (size_t i = 3; i < 8; i++)
        if (strstr(r.short_text, vars[i].value) || strstr(r.subject, vars[i].value))
            fail_msg("the SMS or subject names '%s': %s / %s", vars[i].value, r.short_text,
                     r.subject);
    nt_rendered_free(&r);
}

// What the SMS may hold: two parts of 67 characters (a Chinese SMS over 70 is cut in parts of 67),
// less the vendor's sign name in 【】 (示例科技: six characters).
#define S_SMS_TWO_PARTS (2 * 67 - 6)

// The employee, once the case ends, reads the ending, the last day, the notice and how it
// reached them, each amount and when it is paid, the certificate and where to collect it - the
// dates as their documents write them - and the SMS says the ending, the day and the money in two
// parts at most; neither the subject nor the SMS carries the case id.
static void
test_employment_ended_tells_the_employee_the_end_the_money_and_the_certificate(void **state)
{
    HR_UNUSED(state);
    nt_var_t zh[] = {
        {"case_id", "01JCASE"},
        {"recipient", "王磊"},
        {"inviter", "示例科技有限公司人力资源部"},
        {"ending_word", "解除"},
        {"ending_word_en", "rescission"},
        {"last_day", "2026年12月31日"},
        {"served", "《解除劳动合同通知书》已于2026年12月1日送达您，您签收的通知书已存档。"},
        {"money", "· 经济补偿：人民币123,456.78元，于您办结工作交接时支付\n"
                  "· 代通知金（额外支付的一个月工资）：人民币16,000.00元，不迟于劳动合同最后一日"
                  "（2026年12月31日）支付"},
        {"money_sms", "经济补偿123,456.78元于交接时支付，代通知金16,000.00元"
                      "不迟于2026年12月31日支付。"},
        {"certificate", "公司在解除劳动合同时（2026年12月31日）为您出具《解除劳动合同的证明》。"},
        {"transfer",
         "公司在劳动合同解除后十五日内（不迟于2027年1月15日）为您办理档案和社会保险关系转移手续。"},
        {"arbitration", "如对劳动合同解除有异议，您可以在一年内、不迟于2027年12月1日向劳动争议仲裁"
                        "委员会申请仲裁。"},
        {"more", "详见邮件。"},
        {"contact_name", "李静"},
        {"contact_email", "li.jing@example.com"},
        {"contact_mobile", "13800000002"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("employment_ended", "zh-CN", zh, HR_ARRAY_LEN(zh), &r),
                     HR_OK);
    assert_non_null(strstr(r.subject, "解除"));
    assert_non_null(strstr(r.text,
                           "示例科技有限公司人力资源部通知您：您与公司的劳动合同于2026年12月31日"
                           "解除，2026年12月31日是劳动合同的最后一日。"));
    assert_non_null(strstr(r.text, "您签收的通知书已存档"));
    assert_non_null(strstr(r.text, "应支付给您的款项：\n· 经济补偿：人民币123,456.78元"));
    assert_non_null(strstr(r.text, "出具《解除劳动合同的证明》"));
    assert_non_null(strstr(r.text, "不迟于2027年1月15日"));
    assert_non_null(strstr(r.text, "不迟于2027年12月1日向劳动争议仲裁委员会申请仲裁"));
    assert_non_null(strstr(r.text, "如有疑问，请联系李静 li.jing@example.com 13800000002。"));
    assert_non_null(strstr(r.text, "参考编号：01JCASE"));
    assert_string_equal(r.short_text,
                        "示例科技有限公司人力资源部：您的劳动合同于2026年12月31日解除。"
                        "经济补偿123,456.78元于交接时支付，代通知金16,000.00元"
                        "不迟于2026年12月31日支付。详见邮件。咨询李静 13800000002。");
    if (nt_sms_chars(r.short_text) > S_SMS_TWO_PARTS)
        fail_msg("SMS of %zu characters, more than two parts: %s", nt_sms_chars(r.short_text),
                 r.short_text);
    assert_null(strstr(r.subject, "01JCASE"));
    assert_null(strstr(r.short_text, "01JCASE"));
    assert_null(strstr(r.text, "2026-12")); // no ISO day in Chinese
    nt_rendered_free(&r);
    // No email: the workflow's more is what the email says in short, in the SMS.
    zh[12].value = "《解除劳动合同的证明》于2026年12月31日起到公司向李静领取。";
    assert_int_equal(nt_template_render("employment_ended", "zh-CN", zh, HR_ARRAY_LEN(zh), &r),
                     HR_OK);
    assert_non_null(strstr(r.short_text, "不迟于2026年12月31日支付。《解除劳动合同的证明》于"
                                         "2026年12月31日起到公司向李静领取。咨询"));
    assert_null(strstr(r.short_text, "详见邮件"));
    nt_rendered_free(&r);
    zh[12].value = "详见邮件。";
    // Nothing owed but the wages: the SMS says the ending and the day alone.
    zh[8].value = "";
    assert_int_equal(nt_template_render("employment_ended", "zh-CN", zh, HR_ARRAY_LEN(zh), &r),
                     HR_OK);
    assert_non_null(strstr(r.short_text, "您的劳动合同于2026年12月31日解除。详见邮件。"));
    nt_rendered_free(&r);
    nt_var_t en[] = {{"case_id", "01JCASE"},
                     {"inviter", "The HR department of Example Tech"},
                     {"ending_word_en", "rescission"},
                     {"last_day", "2026-12-31"},
                     {"money", "- Severance: CNY 123,456.78, paid when you complete the handover"},
                     {"money_sms", "To be paid: severance CNY 123,456.78 at the handover. "},
                     {"contact_name", "Li Jing"},
                     {"contact_mobile", "13800000002"}};
    assert_int_equal(nt_template_render("employment_ended", "en", en, HR_ARRAY_LEN(en), &r), HR_OK);
    assert_non_null(strstr(r.text, "ends (rescission) on 2026-12-31, the contract's last day"));
    assert_non_null(strstr(r.text, "What the company pays you:\n- Severance: CNY 123,456.78"));
    assert_non_null(
        strstr(r.short_text, "ends on 2026-12-31. To be paid: severance CNY 123,456.78"));
    assert_null(strstr(r.short_text, "01JCASE"));
    nt_rendered_free(&r);
}

// The parts a long SMS goes in: one up to 70 characters, else parts of 67 (the vendors' rule,
// services/notify/README.md "SMS length").
static size_t s_sms_parts(const char *sign, const char *text)
{
    size_t n = nt_sms_chars(sign) + nt_sms_chars(text);
    return n <= 70 ? 1 : (n + 66) / 67;
}

// Every SMS to the employee, with a realistic long company name, the vendor's sign name, long
// amounts, days, a place and an address: within two parts when an email goes too ("详见邮件"),
// within four when the SMS stands alone (the workflow's `more`: what the email says, in short),
// and then never "详见邮件" (services/notify/README.md).
static void test_every_employee_sms_fits_with_a_long_company_name(void **state)
{
    HR_UNUSED(state);
    static const char sign[] = "【华强精密】";
    enum { MORE = 0 };
    nt_var_t vars[] = {
        {"more", ""}, // MORE: set per case below
        {"inviter", "东莞市长安镇华强精密五金塑胶制品有限公司人力资源部"},
        {"date", "2026年12月31日"},
        {"time", "14:30"},
        {"was", "2026年12月30日 09:30"},
        {"place", "三号厂房二楼人力资源部会议室"},
        {"contact_name", "欧阳晓明"},
        {"contact_mobile", "13800000002"},
        {"contact_email", "ouyang.xiaoming@example.com"},
        {"agreement_date", "2026年12月31日"},
        {"ending_word", "解除"},
        {"last_day", "2026年12月31日"},
        {"money_sms", "经济补偿1,234,567.89元于交接时支付，代通知金16,000.00元"
                      "不迟于2026年12月31日支付。"},
        {"paid_date", "2026年12月31日"},
        {"item", "违法解除或终止劳动合同的赔偿金"},
        {"item_sms", "赔偿金"},
        {"amount", "人民币1,234,567.89元"},
        {"amount_sms", "1,234,567.89元"},
        {"method", "银行转账"},
        {"owed_sms", "尚待支付您1,234,567.89元。"},
        {"done_date", "2027年1月15日"},
        {"case_id", "01JCASE"},
    };
    // The longest `more` the workflow gives each when the SMS stands alone (wf_effects.c).
    static const struct {
        const char *id, *alone;
    } ids[] = {
        {"interview_invite", NULL},
        {"interview_moved", NULL},
        {"interview_cancelled", NULL},
        {"employment_ended",
         "《解除劳动合同的证明》于2026年12月31日起到广东省东莞市长安镇振安中路168号向欧阳晓明领取。"
         "档案和社保关系不迟于2027年1月15日转移。如有异议，可不迟于2027年12月31日申请劳动仲裁。"},
        {"payment_made", "凭证号 ICBC-20261231-0001。"},
        {"transfer_done", ""},
        {"employment_continues",
         "该通知不再有效，劳动合同照常履行，工龄连续计算。已于2026年12月31日出具的解除劳动合同的"
         "证明作废，由HR收回。已于2027年1月15日转出的档案和社保关系由HR办理转回。"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++) {
        nt_rendered_t r = {0};
        vars[MORE].value = "详见邮件。";
        assert_int_equal(nt_template_render(ids[i].id, "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
                         HR_OK);
        printf("%s (%zu parts): %s%s\n", ids[i].id, s_sms_parts(sign, r.short_text), sign,
               r.short_text);
        if (s_sms_parts(sign, r.short_text) > 2)
            fail_msg("%s: %zu parts with the email: %s", ids[i].id, s_sms_parts(sign, r.short_text),
                     r.short_text);
        assert_null(strstr(r.short_text, "-")); // no placeholder left unfilled
        nt_rendered_free(&r);
        if (!ids[i].alone)
            continue;
        vars[MORE].value = ids[i].alone;
        assert_int_equal(nt_template_render(ids[i].id, "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
                         HR_OK);
        printf("%s alone (%zu parts): %s%s\n", ids[i].id, s_sms_parts(sign, r.short_text), sign,
               r.short_text);
        if (s_sms_parts(sign, r.short_text) > 4)
            fail_msg("%s: %zu parts alone: %s", ids[i].id, s_sms_parts(sign, r.short_text),
                     r.short_text);
        if (strstr(r.short_text, "邮件"))
            fail_msg("%s alone points to an email: %s", ids[i].id, r.short_text);
        assert_non_null(strstr(r.short_text, ids[i].alone));
        nt_rendered_free(&r);
    }
}

// A payment recorded tells the employee what it is for, the amount to the fen, the day and how;
// the SMS in one or two parts.
static void test_payment_made_tells_the_employee_what_was_paid_to_the_fen(void **state)
{
    HR_UNUSED(state);
    nt_var_t zh[] = {{"case_id", "01JCASE"},
                     {"inviter", "示例科技有限公司人力资源部"},
                     {"item", "违法解除或终止劳动合同的赔偿金"},
                     {"amount", "人民币1,234,567.89元"},
                     {"paid_date", "2026年12月3日"},
                     {"method", "银行转账"},
                     {"reference", "，凭证号 ICBC-2"},
                     {"owed", "尚待支付给您的款项合计：人民币16,000.00元。"},
                     {"item_sms", "赔偿金"},
                     {"amount_sms", "1,234,567.89元"},
                     {"owed_sms", "尚待支付您16,000.00元。"},
                     {"more", "详见邮件。"},
                     {"contact_name", "李静"},
                     {"contact_mobile", "13800000002"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("payment_made", "zh-CN", zh, HR_ARRAY_LEN(zh), &r), HR_OK);
    assert_non_null(strstr(r.text, "公司已于2026年12月3日向您支付违法解除或终止劳动合同的赔偿金"
                                   "人民币1,234,567.89元（银行转账，凭证号 ICBC-2）。"));
    assert_non_null(strstr(r.text, "尚待支付给您的款项合计：人民币16,000.00元。"));
    // The balance in the SMS too: a part payment read as "paid" hid what was still due.
    assert_string_equal(r.short_text, "示例科技有限公司人力资源部通知：公司已于2026年12月3日向您"
                                      "支付赔偿金1,234,567.89元（银行转账）。尚待支付您16,000.00"
                                      "元。详见邮件。如有疑问请联系李静 13800000002。");
    if (nt_sms_chars(r.short_text) > S_SMS_TWO_PARTS)
        fail_msg("SMS of %zu characters: %s", nt_sms_chars(r.short_text), r.short_text);
    assert_null(strstr(r.subject, "01JCASE"));
    assert_null(strstr(r.short_text, "01JCASE"));
    nt_rendered_free(&r);
    nt_var_t en[] = {{"item", "severance"},
                     {"amount", "CNY 45,000.05"},
                     {"paid_date", "2026-12-03"},
                     {"method", "bank transfer"},
                     {"reference", ", reference ICBC-2"},
                     {"owed_sms", "Still to be paid to you: CNY 16,000.00. "}};
    assert_int_equal(nt_template_render("payment_made", "en", en, HR_ARRAY_LEN(en), &r), HR_OK);
    assert_non_null(
        strstr(r.short_text, "(bank transfer). Still to be paid to you: CNY 16,000.00."));
    assert_non_null(strstr(r.text, "paid you severance, CNY 45,000.05, on 2026-12-03 (bank "
                                   "transfer, reference ICBC-2)."));
    assert_non_null(strstr(r.short_text, "severance, CNY 45,000.05, on 2026-12-03"));
    nt_rendered_free(&r);
}

// The transfer of the file and social insurance recorded done: the day, as the documents write it.
static void test_transfer_done_tells_the_employee_the_day(void **state)
{
    HR_UNUSED(state);
    nt_var_t zh[] = {{"inviter", "示例科技有限公司人力资源部"},
                     {"done_date", "2027年1月8日"},
                     {"contact_name", "李静"},
                     {"contact_mobile", "13800000002"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("transfer_done", "zh-CN", zh, HR_ARRAY_LEN(zh), &r), HR_OK);
    assert_non_null(strstr(r.text, "档案和社会保险关系转移手续已于2027年1月8日办理完成"));
    assert_non_null(strstr(r.text, "第五十条"));
    assert_non_null(strstr(r.short_text, "已于2027年1月8日办理完成"));
    if (nt_sms_chars(r.short_text) > S_SMS_TWO_PARTS)
        fail_msg("SMS of %zu characters: %s", nt_sms_chars(r.short_text), r.short_text);
    nt_rendered_free(&r);
    zh[1].value = "2027-01-08";
    assert_int_equal(nt_template_render("transfer_done", "en", zh, HR_ARRAY_LEN(zh), &r), HR_OK);
    assert_non_null(strstr(r.text, "was completed on 2027-01-08 (LCL Art. 50)"));
    nt_rendered_free(&r);
}

// The staff's notices write a deadline and an interview in Chinese as the documents write days
// (the workflow's due_at_zh, interview_zh), no spaces around them; English keeps ISO.
static void test_staff_texts_write_chinese_days_without_spaces(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C1"},
                       {"step_title_zh", "HR 审核"},
                       {"step_title_en", "HR review"},
                       {"due_at", "2026-12-01 18:00"},
                       {"due_at_zh", "2026年12月1日 18:00"},
                       {"command", "hrctl case review C1"},
                       {"owner", "E0002"},
                       {"level", "1"},
                       {"interview", "2026-12-03 10:00 Room 301"},
                       {"interview_zh", "2026年12月3日 10:00 Room 301"}};
    const struct {
        const char *id, *zh, *zh_sms, *en;
    } want[] = {
        {"step_assigned", "请在2026年12月1日 18:00前完成", "请于2026年12月1日 18:00前完成",
         "by 2026-12-01 18:00"},
        {"due_soon", "将于2026年12月1日 18:00到期", "将于2026年12月1日 18:00到期",
         "due on 2026-12-01 18:00"},
        {"overdue_1", "已超过截止时间（2026年12月1日 18:00）", "截止2026年12月1日 18:00",
         "was due on 2026-12-01 18:00"},
        {"overdue_2", "已超过截止时间（2026年12月1日 18:00）", "截止2026年12月1日 18:00",
         "overdue since 2026-12-01 18:00"},
        {"interview_scheduled", "的面谈已安排：2026年12月3日 10:00 Room 301",
         "面谈已安排：2026年12月3日 10:00 Room 301", "scheduled: 2026-12-03 10:00 Room 301"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(want); i++) {
        nt_rendered_t r = {0};
        assert_int_equal(nt_template_render(want[i].id, "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
                         HR_OK);
        if (!strstr(r.text, want[i].zh) || !strstr(r.short_text, want[i].zh_sms) ||
            strstr(r.text, "2026-12-"))
            fail_msg("%s zh-CN: %s | %s", want[i].id, r.text, r.short_text);
        nt_rendered_free(&r);
        assert_int_equal(nt_template_render(want[i].id, "en", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
        if (!strstr(r.text, want[i].en))
            fail_msg("%s en: %s", want[i].id, r.text);
        nt_rendered_free(&r);
    }
}

// A payment to the employee reversed: what was said paid, the amount, its day, the correction's
// day and what is still owed, Chinese days as the documents write them; the SMS within two parts,
// no case id.
static void test_payment_reversed_says_what_was_reversed_and_what_is_owed(void **state)
{
    HR_UNUSED(state);
    nt_var_t zh[] = {{"inviter", "示例科技有限公司人力资源部"},
                     {"item", "代通知金"},
                     {"amount", "人民币12,345.67元"},
                     {"paid_date", "2026年12月3日"},
                     {"method", "银行转账"},
                     {"corrected_date", "2026年12月5日"},
                     {"owed", "尚待支付给您的款项合计：人民币12,345.67元。"},
                     {"case_id", "01JCASE"},
                     {"contact_name", "李静"},
                     {"contact_mobile", "13800000002"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("payment_reversed", "zh-CN", zh, HR_ARRAY_LEN(zh), &r),
                     HR_OK);
    assert_non_null(strstr(r.text,
                           "公司已于2026年12月3日向您支付代通知金人民币12,345.67元（银行转账）"
                           "，该付款记录已于2026年12月5日更正撤销"));
    assert_non_null(strstr(r.text, "尚待支付给您的款项合计：人民币12,345.67元。"));
    assert_non_null(
        strstr(r.short_text, "2026年12月3日向您支付代通知金人民币12,345.67元的记录已更正撤销"));
    if (nt_sms_chars(r.short_text) > S_SMS_TWO_PARTS)
        fail_msg("SMS of %zu characters: %s", nt_sms_chars(r.short_text), r.short_text);
    nt_rendered_free(&r);
    // Read without an email (the workflow gives `more` nothing to point to): the SMS says what
    // is still owed itself and never sends the worker to a mail they do not get.
    nt_var_t alone[] = {{"inviter", "示例科技有限公司人力资源部"},
                        {"item", "代通知金"},
                        {"item_sms", "代通知金"},
                        {"amount", "人民币12,345.67元"},
                        {"amount_sms", "12,345.67元"},
                        {"paid_date", "2026年12月3日"},
                        {"owed_sms", "尚待支付您12,345.67元。"},
                        {"more", ""},
                        {"contact_name", "李静"},
                        {"contact_mobile", "13800000002"}};
    assert_int_equal(
        nt_template_render("payment_reversed", "zh-CN", alone, HR_ARRAY_LEN(alone), &r), HR_OK);
    assert_non_null(strstr(r.short_text, "的记录已更正撤销。尚待支付您12,345.67元。咨询李静"));
    assert_null(strstr(r.short_text, "邮件"));
    assert_null(strstr(r.subject, "01JCASE"));
    assert_null(strstr(r.short_text, "01JCASE"));
    nt_rendered_free(&r);
    nt_var_t en[] = {{"item", "pay in lieu of notice"},
                     {"amount", "CNY 12,345.67"},
                     {"paid_date", "2026-12-03"},
                     {"method", "bank transfer"},
                     {"corrected_date", "2026-12-05"}};
    assert_int_equal(nt_template_render("payment_reversed", "en", en, HR_ARRAY_LEN(en), &r), HR_OK);
    assert_non_null(strstr(r.text, "pay in lieu of notice, CNY 12,345.67, on 2026-12-03 (bank "
                                   "transfer), of which you were told, was reversed in the records "
                                   "on 2026-12-05"));
    nt_rendered_free(&r);
}

// The certificate of the ending recorded issued: its title, the day as the documents write it
// and where to collect it; the SMS within two parts says whom to ask.
static void test_certificate_issued_says_the_day_and_where_to_collect_it(void **state)
{
    HR_UNUSED(state);
    nt_var_t zh[] = {
        {"inviter", "示例科技有限公司人力资源部"},
        {"done_date", "2026年12月31日"},
        {"certificate_title", "解除劳动合同证明书"},
        {"collect", "如尚未交给您，请到上海市浦东新区示例路1号向李静领取，或告知联系人邮寄地址。"},
        {"case_id", "01JCASE"},
        {"contact_name", "李静"},
        {"contact_mobile", "13800000002"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("certificate_issued", "zh-CN", zh, HR_ARRAY_LEN(zh), &r),
                     HR_OK);
    assert_string_equal(r.subject, "《解除劳动合同证明书》已出具");
    assert_non_null(strstr(r.text,
                           "公司已于2026年12月31日为您出具《解除劳动合同证明书》（《中华人民"
                           "共和国劳动合同法》第五十条）。如尚未交给您，请到上海市浦东新区"
                           "示例路1号向李静领取"));
    assert_non_null(strstr(r.short_text, "已于2026年12月31日为您出具《解除劳动合同证明书》"));
    assert_non_null(strstr(r.short_text, "13800000002领取"));
    if (nt_sms_chars(r.short_text) > S_SMS_TWO_PARTS)
        fail_msg("SMS of %zu characters: %s", nt_sms_chars(r.short_text), r.short_text);
    assert_null(strstr(r.short_text, "01JCASE"));
    nt_rendered_free(&r);
    nt_var_t en[] = {{"done_date", "2026-12-31"},
                     {"certificate_title", "certificate of rescission"},
                     {"collect", "If it has not been handed to you, collect it from Li Jing."}};
    assert_int_equal(nt_template_render("certificate_issued", "en", en, HR_ARRAY_LEN(en), &r),
                     HR_OK);
    assert_non_null(strstr(r.text, "issued your certificate of rescission on 2026-12-31 (LCL Art. "
                                   "50). If it has not been handed to you"));
    nt_rendered_free(&r);
}

// The payroll office is told what to pay and by when (LCL 50; Reg. 20); the SMS names no one
// and no amount (a phone's lock screen shows it), and no bank details are asked or given.
static void test_payment_due_says_what_and_by_when_and_the_sms_names_no_one(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C7"},
                       {"recipient", "薪资专员"},
                       {"employee_no", "E0110"},
                       {"employee_name", "周婷"},
                       {"severance", "人民币45,000.00元"},
                       {"notice_pay", "人民币16,000.00元"},
                       {"unlawful_compensation", "无"},
                       {"last_day", "2026-12-01"},
                       {"severance_due", "劳动者办结工作交接时（交接尚未记录完成，请向 HR 确认）"},
                       {"owed", "人民币61,000.00元"},
                       {"ending_word", "终止"}};
    size_t n = HR_ARRAY_LEN(vars);
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("payment_due", "zh-CN", vars, n, &r), HR_OK);
    // A fixed-term contract's end (LCL 44) is 终止, as its notice said: never 解除 here.
    assert_non_null(strstr(r.text, "案件 C7 已记录终止结果"));
    assert_non_null(strstr(r.text, "在终止劳动合同时一次付清"));
    assert_null(strstr(r.text, "解除结果"));
    assert_non_null(strstr(r.text, "周婷（工号 E0110）"));
    assert_non_null(strstr(r.text, "经济补偿：人民币45,000.00元，劳动者办结工作交接时"));
    assert_non_null(
        strstr(r.text, "代通知金：人民币16,000.00元，不迟于劳动合同最后一日（2026-12-01）"));
    assert_non_null(strstr(r.text, "第五十条第二款"));
    assert_non_null(strstr(r.text, "hrctl case pay C7"));
    for (size_t i = 2; i < n; i++)
        if (strstr(r.short_text, vars[i].value) || strstr(r.subject, vars[i].value))
            fail_msg("the SMS or subject names '%s': %s / %s", vars[i].value, r.short_text,
                     r.subject);
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("payment_due", "en", vars, n, &r), HR_OK);
    assert_non_null(strstr(r.text, "no later than the contract's last day (2026-12-01"));
    assert_non_null(strstr(r.text, "LCL Art. 50 para 2"));
    nt_rendered_free(&r);
}

// The payroll office told again when what a case owes changed: why, each amount before and now,
// what was paid and what is still owed; the SMS names no one and no amount.
static void test_payment_changed_says_before_and_now_and_the_sms_names_no_one(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C7"},
                       {"recipient", "薪资专员"},
                       {"employee_no", "E0110"},
                       {"employee_name", "周婷"},
                       {"why", "通知已经双方协商撤销"},
                       {"severance_was", "人民币45,000.01元"},
                       {"severance", "无"},
                       {"notice_pay_was", "人民币16,000.00元"},
                       {"notice_pay", "无"},
                       {"unlawful_compensation_was", "无"},
                       {"unlawful_compensation", "无"},
                       {"paid", "人民币16,000.00元"},
                       {"owed", "无"}};
    size_t n = HR_ARRAY_LEN(vars);
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("payment_changed", "zh-CN", vars, n, &r), HR_OK);
    assert_non_null(
        strstr(r.text, "案件 C7（员工 周婷，工号 E0110）的应付款项有变化：通知已经双方协商撤销。"));
    assert_non_null(strstr(r.text, "经济补偿：原为 人民币45,000.01元，现为 无"));
    assert_non_null(strstr(r.text, "代通知金：原为 人民币16,000.00元，现为 无"));
    assert_non_null(strstr(r.text, "已支付（扣除冲销）：人民币16,000.00元"));
    for (size_t i = 2; i < n; i++)
        if (strcmp(vars[i].value, "无") &&
            (strstr(r.short_text, vars[i].value) || strstr(r.subject, vars[i].value)))
            fail_msg("the SMS or subject names '%s': %s / %s", vars[i].value, r.short_text,
                     r.subject);
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("payment_changed", "en", vars, n, &r), HR_OK);
    assert_non_null(strstr(r.text, "Severance: was 人民币45,000.01元, now 无"));
    assert_non_null(strstr(r.text, "Still owed in all: 无"));
    nt_rendered_free(&r);
}

// A return carries the findings whole in the email; the SMS says how many and where to read
// them (the findings are far longer than an SMS).
static void test_case_returned_mail_carries_the_findings_and_the_sms_a_count(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C8"},
                       {"recipient", "刘强"},
                       {"findings", "1. [LCL 39(1)] 未证明：该岗位有具体、明确的录用条件\n2. [LCL "
                                    "39(1)] 未证明：录用条件已告知"},
                       {"count", "2"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_returned", "zh-CN", vars, 4, &r), HR_OK);
    assert_non_null(strstr(r.text, "原因如下：\n\n1. [LCL 39(1)] 未证明"));
    assert_non_null(strstr(r.text, "\n2. [LCL 39(1)]"));
    assert_string_equal(r.short_text, "HR提醒：案件C8已退回：2项待补充，详见邮件或系统。");
    // Not every point is cured by materials (a probation that ended: withdraw and reopen): the
    // closing sends the reader to each point's own instruction.
    assert_non_null(strstr(r.text, "请逐项按上述说明处理：需补充材料的，补充后在系统中重新提交；"
                                   "说明只能撤回的，请撤回后重新发起。"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_returned", "en", vars, 4, &r), HR_OK);
    assert_non_null(strstr(r.text, "where it says the request can only be withdrawn, withdraw it "
                                   "and open a new one."));
    assert_non_null(strstr(r.short_text, "2 point(s) to complete; see the email or the system"));
    nt_rendered_free(&r);
}

// The employee hears of a rescission as of their interview: the sender named, nothing in the SMS
// a shared phone should not show (no case id, no 解除), the case id in the email's reference only.
static void test_employment_continues_is_private_and_names_its_sender(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "01KCASE"},
                       {"recipient", "杨洁"},
                       {"inviter", "示例科技有限公司人力资源部"},
                       {"agreement_date", "2026年12月9日"},
                       {"documents", "不再出具解除劳动合同的证明，不办理档案和社保转移。"},
                       {"contact_name", "李静"},
                       {"contact_mobile", "13800000002"},
                       {"more", "详见邮件。"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("employment_continues", "zh-CN", vars, 8, &r), HR_OK);
    assert_string_equal(r.short_text, "示例科技有限公司人力资源部通知：经您于2026年12月9日同意，"
                                      "此前送达您的通知已撤销，您与公司的劳动关系继续。详见邮件。"
                                      "如有疑问请联系李静 13800000002。");
    assert_null(strstr(r.subject, "01KCASE"));
    assert_null(strstr(r.subject, "解除"));
    assert_null(strstr(r.text, "（员工："));
    assert_non_null(strstr(r.text, "经您于2026年12月9日同意")); // no spaces around the day
    assert_non_null(strstr(r.text, "参考编号：01KCASE"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("employment_continues", "en", vars, 7, &r), HR_OK);
    assert_null(strstr(r.short_text, "01KCASE"));
    assert_null(strstr(r.short_text, "termination"));
    assert_non_null(strstr(r.text, "your employment with the company continues"));
    nt_rendered_free(&r);
}

// An award ordering the contract to continue: the manager and HR read the case, the award and
// what is theirs to do; the employee reads, privately, that the employment goes on, that their
// service is continuous and whom to ask about coming back - never the staff's instructions.
static void test_a_reinstatement_tells_staff_the_award_and_the_employee_to_come_back(void **state)
{
    HR_UNUSED(state);
    nt_var_t staff[] = {{"case_id", "C7"},
                        {"recipient", "李静"},
                        {"employee_name", "周敏"},
                        {"award_ref", "沪劳人仲(2026)字第1234号"},
                        {"award_date", "2026年12月10日"},
                        {"documents", "请导入人员名册，将离职日期留空。"},
                        {"ending_word", "解除"},
                        {"ending_word_en", "rescission"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_reinstated", "zh-CN", staff, 8, &r), HR_OK);
    assert_non_null(strstr(r.subject, "沪劳人仲(2026)字第1234号"));
    assert_non_null(strstr(r.text, "：2026年12月10日的裁决/判决（沪劳人仲(2026)字第1234号）"));
    assert_non_null(strstr(r.text, "第四十八条"));
    assert_non_null(strstr(r.text, "请导入人员名册，将离职日期留空。"));
    nt_rendered_free(&r);
    staff[4].value = "2026-12-10"; // the English reader's: ISO
    assert_int_equal(nt_template_render("case_reinstated", "en", staff, 8, &r), HR_OK);
    assert_non_null(strstr(r.text, "of 2026-12-10 holds the rescission void"));
    nt_rendered_free(&r);

    nt_var_t mine[] = {{"case_id", "01KCASE"},
                       {"recipient", "周敏"},
                       {"inviter", "示例科技有限公司人力资源部"},
                       {"award_ref", "沪劳人仲(2026)字第1234号"},
                       {"award_date", "2026年12月10日"}, // as the employee's documents write it
                       {"contact_name", "李静"},
                       {"contact_mobile", "13800000002"}};
    assert_int_equal(nt_template_render("employment_reinstated", "zh-CN", mine, 7, &r), HR_OK);
    assert_string_equal(r.short_text,
                        "示例科技有限公司人力资源部通知：您好，您与公司的劳动关系继续，"
                        "工龄连续计算，详见邮件。请联系李静 13800000002确认返岗安排。");
    assert_null(strstr(r.subject, "01KCASE"));
    assert_null(strstr(r.text, "（员工："));
    assert_null(strstr(r.text, "人员名册"));
    assert_non_null(strstr(r.text, "根据2026年12月10日的裁决/判决（沪劳人仲(2026)字第1234号）"));
    assert_non_null(strstr(r.text, "劳动关系没有中断，工龄连续计算"));
    assert_non_null(strstr(r.text, "请联系 李静"));
    assert_non_null(strstr(r.text, "确认返回工作岗位的时间、地点和工作安排"));
    assert_non_null(strstr(r.text, "参考编号：01KCASE"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("employment_reinstated", "en", mine, 7, &r), HR_OK);
    assert_null(strstr(r.short_text, "01KCASE"));
    assert_null(strstr(r.short_text, "award"));
    assert_non_null(strstr(r.text, "your service is continuous"));
    assert_non_null(strstr(r.text, "when and where you return to work"));
    nt_rendered_free(&r);
}

// A judgment setting the reinstatement aside: the manager and HR read the case, the judgment, the
// award it set aside, the end that stands and what is theirs to do; the employee reads,
// privately, the judgment's reference and day, that the dismissal stands as it decided, the end,
// the leaving formalities and whom in HR to ask - never the staff's instructions, and an SMS
// that says neither the judgment nor the termination.
static void
test_a_set_aside_tells_staff_the_judgment_and_the_employee_the_dismissal_stands(void **state)
{
    HR_UNUSED(state);
    nt_var_t staff[] = {{"case_id", "C7"},
                        {"recipient", "李静"},
                        {"employee_name", "周敏"},
                        {"award_ref", "沪劳人仲(2026)字第1234号"},
                        {"award_date", "2026年12月10日"},
                        {"judgment_ref", "(2027)沪0101民初100号"},
                        {"judgment_date", "2027年1月20日"},
                        {"effective_date", "2026年12月1日"},
                        {"documents", "请导入人员名册，将离职日期记为 2026-12-01。"},
                        {"ending_word", "解除"},
                        {"ending_word_en", "rescission"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_reinstatement_set_aside", "zh-CN", staff, 11, &r),
                     HR_OK);
    assert_non_null(strstr(r.subject, "(2027)沪0101民初100号"));
    assert_non_null(strstr(r.subject, "C7"));
    assert_non_null(strstr(r.text,
                           "：2027年1月20日的判决（(2027)沪0101民初100号）撤销了恢复劳动关系的"
                           "裁决/判决 沪劳人仲(2026)字第1234号（2026年12月10日）"));
    assert_non_null(strstr(r.text, "解除重新成立，劳动合同于2026年12月1日解除"));
    assert_non_null(strstr(r.text, "请导入人员名册，将离职日期记为 2026-12-01。"));
    nt_rendered_free(&r);
    staff[4].value = "2026-12-10"; // the English reader's: ISO
    staff[6].value = "2027-01-20";
    staff[7].value = "2026-12-01";
    assert_int_equal(nt_template_render("case_reinstatement_set_aside", "en", staff, 11, &r),
                     HR_OK);
    assert_non_null(strstr(r.text, "judgment (2027)沪0101民初100号 of 2027-01-20 sets aside"));
    assert_non_null(strstr(r.text, "the contract ended on 2026-12-01"));
    nt_rendered_free(&r);

    nt_var_t mine[] = {{"case_id", "01KCASE"},
                       {"recipient", "周敏"},
                       {"inviter", "示例科技有限公司人力资源部"},
                       {"award_ref", "沪劳人仲(2026)字第1234号"},
                       {"award_date", "2026年12月10日"}, // the days as the documents write them
                       {"judgment_ref", "(2027)沪0101民初100号"},
                       {"judgment_date", "2027年1月20日"},
                       {"effective_date", "2026年12月1日"},
                       {"contact_name", "李静"},
                       {"contact_mobile", "13800000002"},
                       {"ending_word", "解除"},
                       {"ending_word_en", "rescission"}};
    assert_int_equal(
        nt_template_render("employment_reinstatement_set_aside", "zh-CN", mine, 12, &r), HR_OK);
    assert_string_equal(r.short_text, "示例科技有限公司人力资源部通知：您好，关于您劳动关系的判决已"
                                      "作出，详见邮件。如有疑问请联系李静 13800000002。");
    assert_null(strstr(r.subject, "01KCASE"));
    assert_null(strstr(r.text, "（员工："));
    assert_null(strstr(r.text, "人员名册"));
    assert_non_null(strstr(r.text,
                           "2027年1月20日的判决（(2027)沪0101民初100号）撤销了2026年12月10日"
                           "的裁决/判决（沪劳人仲(2026)字第1234号）"));
    assert_non_null(strstr(r.text, "公司解除劳动合同的决定成立"));
    assert_non_null(strstr(r.text, "劳动合同于2026年12月1日解除"));
    assert_non_null(strstr(r.text, "（解除劳动合同的证明，"));
    assert_non_null(strstr(r.text, "如有疑问，请联系 李静"));
    assert_non_null(strstr(r.text, "参考编号：01KCASE"));
    nt_rendered_free(&r);
    mine[4].value = "2026-12-10"; // ISO in English
    mine[6].value = "2027-01-20";
    mine[7].value = "2026-12-01";
    assert_int_equal(nt_template_render("employment_reinstatement_set_aside", "en", mine, 12, &r),
                     HR_OK);
    assert_null(strstr(r.subject, "01KCASE"));
    assert_null(strstr(r.short_text, "01KCASE"));
    assert_null(strstr(r.short_text, "termination"));
    assert_non_null(strstr(r.text, "judgment (2027)沪0101民初100号 of 2027-01-20"));
    assert_non_null(strstr(r.text, "rescission of your employment contract stands"));
    assert_non_null(strstr(r.text, "please contact 李静"));
    nt_rendered_free(&r);
}

// A protection that lasts until the retirement age (LCL 42(5)): the manager reads that there is
// nothing to wait for and the case is withdrawn - never that it may be submitted again.
static void test_case_blocked_lasting_says_withdraw_not_wait(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C9"}, {"recipient", "Liu"}, {"findings", "1. [LCL 42] ..."}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_blocked_lasting", "zh-CN", vars, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "《中华人民共和国劳动合同法》第四十二条"));
    assert_non_null(strstr(r.text, "法定退休年龄之前不会消失"));
    assert_non_null(strstr(r.text, "请撤回此案件"));
    assert_null(strstr(r.text, "重新提交"));
    assert_non_null(strstr(r.short_text, "请撤回"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_blocked_lasting", "en", vars, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "nothing to wait for"));
    assert_non_null(strstr(r.text, "Please withdraw the case"));
    assert_null(strstr(r.text, "submitted again"));
    assert_non_null(strstr(r.text, "1. [LCL 42] ..."));
    nt_rendered_free(&r);
}

// A protection no evidence cures: the manager reads that only a withdrawal or the end of the
// protection moves the case, and that nobody will chase them meanwhile.
static void test_case_blocked_says_withdraw_or_wait_not_supply(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C9"}, {"recipient", "Liu"}, {"findings", "1. [LCL 42] ..."}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_blocked", "zh-CN", vars, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "《中华人民共和国劳动合同法》第四十二条"));
    assert_non_null(strstr(r.text, "只能撤回，或待保护情形结束后重新提交"));
    assert_non_null(strstr(r.text, "不会发送逾期提醒"));
    assert_null(strstr(r.text, "请补充"));
    assert_non_null(strstr(r.short_text, "补充材料无法解决"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_blocked", "en", vars, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "no evidence can change that"));
    assert_non_null(strstr(r.text, "can only be withdrawn"));
    assert_non_null(strstr(r.text, "1. [LCL 42] ..."));
    nt_rendered_free(&r);
}

// A withdrawal tells who withdrew it, why, and that a scheduled interview is off.
static void test_case_withdrawn_names_who_why_and_the_interview(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C10"},
                       {"recipient", "李静"},
                       {"employee_name", "吴昊"},
                       {"withdrawn_by", "刘强 (E0101)"},
                       {"stage", "interview"},
                       {"reason", "转岗"},
                       {"interview", "原定于 2026-12-03 10:00 Room 301 的面谈取消。"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_withdrawn", "zh-CN", vars, 7, &r), HR_OK);
    assert_string_equal(r.subject, "[已撤回] 案件 C10");
    assert_non_null(strstr(r.text, "已由 刘强 (E0101) 撤回（撤回时处于「interview」阶段）"));
    assert_non_null(strstr(r.text, "撤回原因：转岗"));
    assert_non_null(strstr(r.text, "2026-12-03 10:00 Room 301 的面谈取消"));
    assert_non_null(strstr(r.short_text, "面谈取消"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_withdrawn", "en", vars, 5, &r), HR_OK);
    assert_non_null(strstr(r.text, "withdrawn by 刘强 (E0101) (at the \"interview\" stage)"));
    assert_null(strstr(r.text, " - ")); // no interview: nothing said of one
    nt_rendered_free(&r);
}

// Every email about a case names its employee; its subject and SMS never do. The interview's
// says when attendance can be confirmed, the outcome's asks the manager to sign nothing, and the
// second level does not tell the HR head it was escalated to "you and the HR head".
static void test_emails_name_the_employee_and_ask_only_what_can_be_done(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C-2"},
                       {"employee_name", "吴昊"},
                       {"step_title_zh", "面谈"},
                       {"step_title_en", "Interview"},
                       {"due_date", "2026-12-04"},
                       {"owner", "刘强"},
                       {"interview", "2026-12-04 10:00 Room 301"},
                       {"outcome", "通知已送达 (生效日期 2026-12-31)"}};
    const char *ids[] = {"due_soon", "overdue_1", "overdue_2", "interview_scheduled",
                         "outcome_ready"};
    nt_rendered_t r = {0};
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++) {
        assert_int_equal(nt_template_render(ids[i], "zh-CN", vars, 8, &r), HR_OK);
        if (!strstr(r.text, "（员工：吴昊）") || strstr(r.subject, "吴昊") ||
            strstr(r.short_text, "吴昊"))
            fail_msg("%s zh:\n%s\n%s\n%s", ids[i], r.subject, r.text, r.short_text);
        nt_rendered_free(&r);
        assert_int_equal(nt_template_render(ids[i], "en", vars, 8, &r), HR_OK);
        if (!strstr(r.text, "(employee: 吴昊)") || strstr(r.short_text, "吴昊"))
            fail_msg("%s en:\n%s", ids[i], r.text);
        nt_rendered_free(&r);
    }
    assert_int_equal(nt_template_render("interview_scheduled", "zh-CN", vars, 8, &r), HR_OK);
    assert_non_null(strstr(r.text, "请于面谈当天在系统中确认出席"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("outcome_ready", "zh-CN", vars, 8, &r), HR_OK);
    assert_non_null(strstr(r.text, "结果已记录：通知已送达 (生效日期 2026-12-31)"));
    assert_null(strstr(r.text, "签署"));
    assert_null(strstr(r.short_text, "签署"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("outcome_ready", "en", vars, 8, &r), HR_OK);
    assert_null(strstr(r.text, "sign"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("overdue_2", "zh-CN", vars, 8, &r), HR_OK);
    assert_null(strstr(r.text, "升级给您"));
    // Whom a level reached is the workflow's to say (to_names, cc_names): never a fixed phrase
    // that is wrong at level 3 or at the top of the line, nor an empty superior.
    assert_null(strstr(r.text, "升级至负责人上级的上级"));
    assert_null(strstr(r.text, "上级："));
    nt_rendered_free(&r);
}

// The escalation texts state the level, whom it addressed and who is in copy, as the workflow
// names them with their roles, and each reader's part (actions); the SMS the level and whom.
// step_assigned and due_soon name the step's command.
static void test_escalation_texts_say_the_level_who_and_what(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {
        {"case_id", "C-3"},
        {"employee_name", "孙涛"},
        {"step_title_zh", "上级审批"},
        {"step_title_en", "Superior approval"},
        {"due_at", "2026-12-04 24:00"},
        {"owner", "王磊"},
        {"level", "3"},
        {"command", "hrctl case approve C-3 [--reject --note TEXT]"},
        {"to_names_zh", "周明（负责人的第三级上级）"},
        {"to_names_en", "周明 (the owner's third-line superior)"},
        {"cc_names_zh", "王磊（负责人）、李静（HR 负责人）"},
        {"cc_names_en", "王磊 (the owner); 李静 (the HR head)"},
        {"actions_zh", "· 王磊（负责人）：请立即完成此步骤：hrctl case approve C-3"},
        {"actions_en", "- 王磊 (the owner): complete the step now with hrctl case approve C-3"},
        {"superior", ""},
    };
    const char *ids[] = {"overdue_1", "overdue_2"};
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++) {
        nt_rendered_t r = {0};
        assert_int_equal(nt_template_render(ids[i], "zh-CN", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
        if (!strstr(r.text,
                    "第 3 级。本级发送给：周明（负责人的第三级上级）；抄送：王磊（负责人）、"
                    "李静（HR 负责人）。") ||
            !strstr(r.text, "· 王磊（负责人）：请立即完成此步骤：hrctl case approve C-3") ||
            strstr(r.text, "上级：") || strstr(r.text, "抄送其上级") ||
            !strstr(r.short_text, "第3级") || !strstr(r.short_text, "本级发送给周明"))
            fail_msg("%s zh:\n%s\n%s", ids[i], r.text, r.short_text);
        nt_rendered_free(&r);
        assert_int_equal(nt_template_render(ids[i], "en", vars, HR_ARRAY_LEN(vars), &r), HR_OK);
        if (!strstr(r.text, "level 3. Addressed at this level: 周明 (the owner's third-line "
                            "superior); in copy: 王磊 (the owner); 李静 (the HR head).") ||
            !strstr(r.text, "complete the step now with hrctl case approve C-3") ||
            strstr(r.text, "Their superior is in copy") || strstr(r.text, "superior: ") ||
            !strstr(r.short_text, "level 3"))
            fail_msg("%s en:\n%s\n%s", ids[i], r.text, r.short_text);
        nt_rendered_free(&r);
    }
    const char *told[] = {"step_assigned", "due_soon"};
    for (size_t i = 0; i < HR_ARRAY_LEN(told); i++)
        for (size_t l = 0; l < 2; l++) {
            nt_rendered_t r = {0};
            assert_int_equal(
                nt_template_render(told[i], l ? "en" : "zh-CN", vars, HR_ARRAY_LEN(vars), &r),
                HR_OK);
            if (!strstr(r.text, "hrctl case approve C-3 [--reject --note TEXT]"))
                fail_msg("%s %s:\n%s", told[i], l ? "en" : "zh-CN", r.text);
            nt_rendered_free(&r);
        }
}

// The employee's meeting texts: the time, the place and whom to ask; neutral and private - no
// case, ground or dismissal in the subject, the text or the SMS (a phone others may see).
static void test_the_employee_reads_of_a_meeting_only(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "01JCASE"},
                       {"recipient", "吴昊"},
                       {"employee_name", "吴昊"},
                       {"ground", "A39_1"},
                       {"date", "2026-12-03"},
                       {"time", "10:00"},
                       {"place", "Room 301"},
                       {"attendees", "刘强、陈晓"},
                       {"contact_name", "陈晓"},
                       {"contact_email", "chen.xiao@example.com"},
                       {"contact_mobile", "13800000003"},
                       {"accompany", "按公司惯例，您可以请一名本公司同事陪同出席。"},
                       {"was", "2026-12-02 09:00"},
                       {"inviter", "示例科技有限公司人力资源部"}};
    const char *ids[] = {"interview_invite", "interview_moved", "interview_cancelled"};
    const char *langs[] = {"zh-CN", "en"};
    const char *never[] = {"解除",    "辞退",    "开除",     "案件", "A39",
                           "dismiss", "Dismiss", "terminat", "case", "Case"};
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++)
        for (size_t l = 0; l < 2; l++) {
            nt_rendered_t r = {0};
            assert_int_equal(nt_template_render(ids[i], langs[l], vars, HR_ARRAY_LEN(vars), &r),
                             HR_OK);
            const char *parts[] = {r.subject, r.text, r.short_text};
            for (size_t p = 0; p < 3; p++) {
                for (size_t k = 0; k < HR_ARRAY_LEN(never); k++)
                    if (strstr(parts[p], never[k]))
                        fail_msg("%s %s says '%s':\n%s", ids[i], langs[l], never[k], parts[p]);
                assert_non_null(strstr(parts[p], "2026-12-03 10:00"));
            }
            assert_non_null(strstr(r.text, "Room 301"));
            assert_non_null(strstr(r.short_text, "Room 301"));
            assert_non_null(strstr(r.text, "陈晓"));
            assert_non_null(strstr(r.text, "chen.xiao@example.com"));
            assert_null(strstr(r.subject, "01JCASE"));
            assert_null(strstr(r.short_text, "01JCASE"));
            assert_non_null(strstr(r.text, "01JCASE")); // the reference to look it up
            bool cancelled = !strcmp(ids[i], "interview_cancelled");
            assert_true(!strstr(r.text, "刘强、陈晓") == cancelled);
            assert_true(!strstr(r.text, "按公司惯例") == cancelled);
            // whom to ask, by SMS too (the cancellation as well)
            assert_non_null(strstr(r.short_text, "13800000003"));
            if (!strcmp(ids[i], "interview_invite")) { // a colleague, documents, their side
                assert_non_null(strstr(r.short_text, l ? "bring a colleague" : "可请一名同事陪同"));
                assert_non_null(
                    strstr(r.short_text, l ? "documents and give your side" : "可带材料并说明"));
                assert_non_null(strstr(r.short_text, l ? "To move the time" : "如需改期"));
            }
            if (l == 0) { // who sends it: an SMS naming no sender reads like a fraud
                assert_non_null(strstr(r.short_text, "示例科技有限公司人力资源部"));
                if (!strcmp(ids[i], "interview_invite"))
                    assert_non_null(strstr(r.text, "示例科技有限公司人力资源部邀请您"));
            }
            if (!strcmp(ids[i], "interview_moved"))
                assert_non_null(strstr(r.short_text, "2026-12-02 09:00"));
            nt_rendered_free(&r);
        }
}

// The SMS vendor puts the company's sign name in 【】 before our text; a 【】 of our own inside it
// is refused or flagged by vendors and carriers (nt_channels.c), so no short text has one.
static void test_no_short_text_carries_brackets_of_its_own(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {{"case_id", "C-1"}, {"due_at", "2026-12-01 24:00"}, {"count", "2"}};
    for (size_t i = 0; nt_template_ids[i]; i++)
        for (size_t l = 0; l < 2; l++) {
            nt_rendered_t r = {0};
            if (nt_template_render(nt_template_ids[i], l ? "en" : "zh-CN", vars, 3, &r))
                continue;
            if (strstr(r.short_text, "\xe3\x80\x90") || strstr(r.short_text, "\xe3\x80\x91"))
                fail_msg("%s: %s", nt_template_ids[i], r.short_text);
            nt_rendered_free(&r);
        }
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("overdue_2", "zh-CN", vars, 3, &r), HR_OK);
    assert_non_null(strstr(r.text, "已超过截止时间（2026-12-01 24:00）"));
    assert_non_null(strstr(r.short_text, "截止2026-12-01 24:00"));
    nt_rendered_free(&r);
}

static void test_variables_are_escaped_for_each_output(void **state)
{
    HR_UNUSED(state);
    nt_var_t vars[] = {
        {"case_id", "C1\r\nBcc: x@evil.com"},
        {"reasons", "1. <script>alert('x')</script> & \"more\"\n2. second"},
        {"recipient", "张三"},
    };
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("case_returned", "en", vars, 3, &r), HR_OK);
    assert_null(strchr(r.subject, '\r'));
    assert_null(strchr(r.subject, '\n'));
    assert_null(strchr(r.short_text, '\n'));
    assert_non_null(strstr(r.text, "<script>alert('x')</script>")); // plain text stays as typed
    assert_non_null(strstr(r.text, "\n2. second"));
    assert_null(strstr(r.html, "<script>"));
    assert_non_null(strstr(r.html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                                   "&quot;more&quot;<br>"));
    assert_non_null(strstr(r.text, "Hello 张三"));
    nt_rendered_free(&r);
}

static void test_missing_variables_render_as_a_dash(void **state)
{
    HR_UNUSED(state);
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("due_soon", "zh-CN", NULL, 0, &r), HR_OK);
    assert_non_null(strstr(r.subject, "案件 -"));
    nt_rendered_free(&r);
}

static void test_workflow_variable_names_fill_the_templates(void **state)
{
    HR_UNUSED(state);
    // What the workflow's outbox sends (services/workflow/wf_effects.c on main).
    nt_var_t vars[] = {{"case_id", "C-1"},
                       {"employee_name", "王五"},
                       {"step", "hr_review"},
                       {"step_title_zh", "HR 审核"},
                       {"step_title_en", "HR review"},
                       {"due_date", "2025-03-05"},
                       {"findings", "A39_2: rule_document missing"},
                       {"interview", "2025-03-06 10:00 Room 3"}};
    nt_rendered_t r = {0};
    assert_int_equal(nt_template_render("overdue_1", "zh-CN", vars, 6, &r), HR_OK);
    assert_string_equal(r.subject, "[已逾期] 案件 C-1：HR 审核");
    assert_non_null(strstr(r.text, "已超过截止时间（2025-03-05）"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("step_assigned", "en", vars, 6, &r), HR_OK);
    assert_string_equal(r.subject, "[To do] Case C-1: HR review");
    assert_non_null(strstr(r.text, "(employee: 王五)"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("case_returned", "en", vars, 7, &r), HR_OK);
    assert_non_null(strstr(r.text, "A39_2: rule_document missing"));
    nt_rendered_free(&r);
    assert_int_equal(nt_template_render("interview_scheduled", "en", vars, 8, &r), HR_OK);
    assert_non_null(strstr(r.text, "scheduled: 2025-03-06 10:00 Room 3 ."));
    assert_null(strstr(r.text, " - ")); // optional variables leave no dash behind
    nt_rendered_free(&r);
}

static void test_mask_keeps_a_recipient_recognisable_not_readable(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *a = hr_arena_new(0);
    assert_string_equal(nt_mask_text(a, "manager@corp.example.com"), "m***@corp.example.com");
    assert_string_equal(nt_mask_text(a, "13800000101"), "138****0101");
    assert_string_equal(nt_mask_text(a, "+8613800000101"), "+861****0101");
    assert_string_equal(nt_mask_text(a, "550 5.1.1 <li.jing@example.com>: Recipient address "
                                        "rejected; call 021-5555666 or 13912345678"),
                        "550 5.1.1 <l***@example.com>: Recipient address rejected; call "
                        "021-555****5666 or 139****5678");
    assert_string_equal(nt_mask_text(a, "group"), "group");
    assert_string_equal(nt_mask_text(a, ""), "");
    assert_string_equal(nt_mask_text(a, NULL), "");
    assert_string_equal(nt_mask_text(a, "a@b"), "a***@b");
    hr_arena_destroy(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_template_renders_in_both_languages),
        cmocka_unit_test(test_case_rescinded_says_the_employment_continues),
        cmocka_unit_test(test_notice_texts_follow_the_ending_word),
        cmocka_unit_test(test_case_handed_on_says_who_left_and_what_moved),
        cmocka_unit_test(test_union_notice_mail_states_the_reasons_and_the_sms_names_no_one),
        cmocka_unit_test(test_payment_due_says_what_and_by_when_and_the_sms_names_no_one),
        cmocka_unit_test(
            test_employment_ended_tells_the_employee_the_end_the_money_and_the_certificate),
        cmocka_unit_test(test_payment_made_tells_the_employee_what_was_paid_to_the_fen),
        cmocka_unit_test(test_every_employee_sms_fits_with_a_long_company_name),
        cmocka_unit_test(test_transfer_done_tells_the_employee_the_day),
        cmocka_unit_test(test_payment_changed_says_before_and_now_and_the_sms_names_no_one),
        cmocka_unit_test(test_payment_reversed_says_what_was_reversed_and_what_is_owed),
        cmocka_unit_test(test_staff_texts_write_chinese_days_without_spaces),
        cmocka_unit_test(test_certificate_issued_says_the_day_and_where_to_collect_it),
        cmocka_unit_test(test_case_returned_mail_carries_the_findings_and_the_sms_a_count),
        cmocka_unit_test(test_case_blocked_says_withdraw_or_wait_not_supply),
        cmocka_unit_test(test_case_blocked_lasting_says_withdraw_not_wait),
        cmocka_unit_test(test_employment_continues_is_private_and_names_its_sender),
        cmocka_unit_test(
            test_a_set_aside_tells_staff_the_judgment_and_the_employee_the_dismissal_stands),
        cmocka_unit_test(test_a_reinstatement_tells_staff_the_award_and_the_employee_to_come_back),
        cmocka_unit_test(test_case_withdrawn_names_who_why_and_the_interview),
        cmocka_unit_test(test_emails_name_the_employee_and_ask_only_what_can_be_done),
        cmocka_unit_test(test_escalation_texts_say_the_level_who_and_what),
        cmocka_unit_test(test_the_employee_reads_of_a_meeting_only),
        cmocka_unit_test(test_no_short_text_carries_brackets_of_its_own),
        cmocka_unit_test(test_variables_are_escaped_for_each_output),
        cmocka_unit_test(test_missing_variables_render_as_a_dash),
        cmocka_unit_test(test_workflow_variable_names_fill_the_templates),
        cmocka_unit_test(test_mask_keeps_a_recipient_recognisable_not_readable),
    };
    return cmocka_run_group_tests_name("unit.notify.template", tests, NULL, NULL);
}
