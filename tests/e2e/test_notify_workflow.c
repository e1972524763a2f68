/*  e2e.notify_workflow - across services: a manager sits on a request past its deadline in
 *  hr-workflow; the workflow's outbox carries the level-1 notify.Send to hr-notify, and a real
 *  SMTP server (aiosmtpd) receives the email addressed to the manager with their superior in
 *  copy, in the envelope and in the Cc header; its text gives the level, who was addressed and
 *  who is in copy, and what each is to do. The outbox row is gone once notify acked it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "nt_e2e.h"
#include "nt_peers.h"
#include "workflow_util.h"

#define WAIT_MS 20000
#define MARGIN_MS 60000

static const char *s_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

// The first message received whose subject starts with one of the overdue prefixes, or NULL.
static json_t *s_find_overdue(json_t *msgs)
{
    for (size_t i = 0; i < json_array_size(msgs); i++) {
        json_t *m = json_array_get(msgs, i);
        const char *subject = s_str(m, "subject");
        if (!strncmp(subject, "[已逾期]", strlen("[已逾期]")) ||
            !strncmp(subject, "[Overdue]", strlen("[Overdue]")))
            return m;
    }
    return NULL;
}

static void test_overdue_manager_gets_an_email_with_the_superior_in_cc(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("nt-wf");
    hr_arena_t *arena = hr_arena_new(0);
    nt_peer_t sink = {0};
    char *dir = hr_strfmt("%s/smtp", e2e_dir(c));
    assert_int_equal(nt_peer_start(&sink, "smtp_sink.py", dir, 0, NULL), 0);
    hr_free(dir);
    char url[64];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink.port);
    e2e_config(c, "notify", "smtp/url", url);
    e2e_config(c, "notify", "smtp/from", "hr@example.com");
    // notify first: the workflow finds it through <config dir>/notify.cfg.
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *tpl = hr_test_source_path("deploy/config/template-default.txt");
    e2e_config(c, "workflow", "calendar/file", cal);
    e2e_config(c, "workflow", "template/file", tpl);
    hr_free(cal);
    hr_free(tpl);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);

    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *case_id = hr_arena_strdup(arena, cs->id);
    int64_t overdue_ms = cs->steps[0]->overdue_ms; // level 1: the morning after the deadline
    assert_true(overdue_ms > 0);
    int64_t now = wfe_now_ms(c, arena);
    assert_int_equal(e2e_clock_advance(c, overdue_ms + MARGIN_MS - now), 0);

    json_t *found = NULL;
    json_t *msgs = NULL;
    for (int waited = 0; waited < WAIT_MS && !found; waited += 200) {
        json_decref(msgs);
        msgs = nt_peer_messages(&sink);
        found = s_find_overdue(msgs);
        if (!found)
            zclock_sleep(200);
    }
    assert_non_null(found);
    printf("received: %s\n%s\n", s_str(found, "subject"), s_str(found, "text"));
    json_t *rcpts = json_object_get(found, "rcpt_tos");
    assert_int_equal(json_array_size(rcpts), 2);
    assert_string_equal(json_string_value(json_array_get(rcpts, 0)), "liu.qiang@example.com");
    assert_string_equal(json_string_value(json_array_get(rcpts, 1)), "zhang.wei@example.com");
    json_t *to = json_array_get(json_object_get(found, "to"), 0);
    assert_string_equal(s_str(to, "addr"), "liu.qiang@example.com");
    assert_string_equal(s_str(to, "name"), "刘强");
    json_t *cc = json_array_get(json_object_get(found, "cc"), 0);
    assert_string_equal(s_str(cc, "addr"), "zhang.wei@example.com");
    assert_string_equal(s_str(cc, "name"), "张伟");
    assert_non_null(strstr(s_str(found, "subject"), case_id));
    assert_non_null(strstr(s_str(found, "text"), case_id));
    // The text as the manager and the superior in copy read it: the level, who was addressed and
    // who is in copy with their roles, and each one's part - the manager the command, the
    // superior to talk to them or have HR reassign the step (not submit it themselves).
    const char *text = s_str(found, "text");
    const char *parts[] = {"逾期提醒第 1 级",
                           "本级发送给：刘强（负责人）；抄送：张伟（负责人的直属上级）",
                           hr_arena_fmt(arena, "hrctl case submit %s", case_id),
                           "张伟：请与负责人刘强沟通",
                           "hrctl case reassign，仅 HR 可执行",
                           "升级至第 2 级",
                           NULL};
    for (size_t i = 0; parts[i]; i++)
        if (!strstr(text, parts[i]))
            fail_msg("the overdue_1 email lacks \"%s\":\n%s", parts[i], text);
    assert_null(strstr(text, "本邮件已抄送其上级"));
    json_decref(msgs);

    // notify acked the command: the workflow's outbox row for it is gone.
    size_t left = 1;
    for (int waited = 0; waited < WAIT_MS && left; waited += 200) {
        left = wfe_outbox_count(c, case_id, "overdue_1", arena, NULL);
        if (left)
            zclock_sleep(200);
    }
    assert_int_equal(left, 0);
    // notify's log shows the delivery; SMS is not configured here, so that channel failed
    // visibly instead of vanishing.
    Hr__Notify__LogReply *log = nt_e2e_log(c, arena, NULL, 100);
    assert_non_null(log);
    assert_true(log->sent >= 1);
    bool sms_failed = false;
    for (size_t i = 0; i < log->n_deliveries; i++)
        sms_failed |=
            log->deliveries[i]->channel == HR__NOTIFY__CHANNEL__CHANNEL_SMS &&
            log->deliveries[i]->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED;
    assert_true(sms_failed);

    nt_peer_free(&sink);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overdue_manager_gets_an_email_with_the_superior_in_cc),
    };
    return cmocka_run_group_tests_name("e2e.notify_workflow", tests, NULL, NULL);
}
