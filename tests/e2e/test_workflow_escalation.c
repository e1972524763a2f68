/*  e2e.workflow_escalation - the manager sits on the request past two working days.
 *
 *  The deadline is the end of the second working day on the company calendar after the case
 *  opened (checked against hr_calendar). Moving the daemon's clock past it (sys.ClockSet) puts
 *  exactly one level-1 notify.Send in the outbox: to the manager, their superior in copy.
 *  After kill -9 and a restart (the reconciler rebuilds the due index) nothing fires twice;
 *  past the level-2 time exactly one level-2 command goes to the superior's superior and the
 *  HR head. A later clock jump over both levels of a fresh case fires each level once. With a
 *  longer reporting line the ladder keeps going up, one manager per level, to its top and no
 *  further; every text names the step's owner, whoever reads it. Past the top,
 *  escalation/contact is reached once.
 *
 *  The texts, rendered by notify's templates from the sends in the outbox: each states its level,
 *  whom it addressed and who is in copy, by name and role (level 3 names the third-line
 *  superior; an owner at the top of the line reads no empty superior), and what each reader is
 *  to do - the owner the step's command, a superior to talk to the owner or have HR reassign it
 *  and when the next level goes out, the HR head that they may reassign it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <time.h>

#include "hr_calendar.h"
#include "hr_test.h"
#include "nt.h"
#include "sys.pb-c.h"
#include "workflow_util.h"

#define TICKS_MS 2500 // a few 1 s ticks of real time: long enough for anything pending to fire
#define FIRE_MS 15000 // at most this long for a due escalation to appear (sanitizer builds)
#define MARGIN_MS 60000

static void s_let_ticks_run(void)
{
    struct timespec ts = {TICKS_MS / 1000, (TICKS_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static bool s_has(char **list, size_t n, const char *no)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(list[i], no))
            return true;
    return false;
}

// The value of a notify.Send's variable, NULL when it has none.
static const char *s_var(const Hr__Workflow__WorkflowNotifySend *s, const char *key)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (!strcmp(s->vars[i]->key, key))
            return s->vars[i]->value;
    return NULL;
}

// The send rendered as notify renders it for its first `to`, in its language: the email's text
// into *text and the SMS into *sms (arena copies).
static void s_render(const Hr__Workflow__WorkflowNotifySend *s, hr_arena_t *arena, char **text,
                     char **sms)
{
    nt_var_t vars[40];
    size_t n = 0;
    for (size_t i = 0; i < s->n_vars && n + 1 < HR_ARRAY_LEN(vars); i++)
        vars[n++] = (nt_var_t){s->vars[i]->key, s->vars[i]->value};
    vars[n++] = (nt_var_t){"recipient", s->n_to ? s->to[0]->name : ""};
    nt_rendered_t r = {0};
    assert_int_equal(
        nt_template_render(s->template_id, *s->language ? s->language : "zh-CN", vars, n, &r),
        HR_OK);
    *text = hr_arena_strdup(arena, r.text);
    *sms = hr_arena_strdup(arena, r.short_text);
    nt_rendered_free(&r);
    printf("%s level %s:\n%s\nSMS: %s\n", s->template_id, s_var(s, "level"), *text, *sms);
}

// Fails naming the text unless it has each of the NULL-ended parts and none of the NULL-ended
// nots.
static void s_says(const char *text, const char *const *parts, const char *const *nots)
{
    for (size_t i = 0; parts && parts[i]; i++)
        if (!strstr(text, parts[i]))
            fail_msg("the text lacks \"%s\":\n%s", parts[i], text);
    for (size_t i = 0; nots && nots[i]; i++)
        if (strstr(text, nots[i]))
            fail_msg("the text says \"%s\":\n%s", nots[i], text);
}

// A moment as the texts give it, in company time.
static const char *s_local(int64_t ms, hr_arena_t *arena)
{
    char date[HR_DATE_LEN];
    int64_t minute = (ms / 60000 + HR_TZ_SHANGHAI_MIN) % (24 * 60);
    hr_date_format(hr_day_of_ms(ms, HR_TZ_SHANGHAI_MIN), date);
    return hr_arena_fmt(arena, "%s %02d:%02d", date, (int)(minute / 60), (int)(minute % 60));
}

// The same as the Chinese texts write it: 2026年12月11日 08:00.
static const char *s_local_zh(int64_t ms, hr_arena_t *arena)
{
    int y = 0, m = 0, d = 0;
    const char *iso = s_local(ms, arena);
    assert_int_equal(sscanf(iso, "%d-%d-%d", &y, &m, &d), 3);
    return hr_arena_fmt(arena, "%d年%d月%d日 %s", y, m, d, iso + 11);
}

static void s_advance_to(e2e_t *c, int64_t target_ms, hr_arena_t *arena)
{
    int64_t now = wfe_now_ms(c, arena);
    assert_true(now > 0);
    if (target_ms > now)
        assert_int_equal(e2e_clock_advance(c, target_ms - now), 0);
}

static void test_level1_then_level2_exactly_once_across_kill_and_restart(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-esc");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    const Hr__Workflow__CaseStep *req = cs->steps[0];
    assert_string_equal(req->key, "request");
    assert_string_equal(req->owner_no, "E0101");

    // Two working days on the company calendar, ending at local midnight (Asia/Shanghai).
    char *path = hr_test_source_path("deploy/config/calendar.txt");
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_load(path, &err);
    assert_non_null(cal);
    int32_t start = hr_day_of_ms(cs->opened_ms, HR_TZ_SHANGHAI_MIN);
    int32_t last = hr_calendar_add_working_days(cal, start, 2);
    assert_int_equal(req->due_ms, hr_ms_of_day(last + 1, HR_TZ_SHANGHAI_MIN));
    int32_t l2 = hr_calendar_add_working_days(cal, last, 1);
    // Escalations go out of the night: level 1 at 08:00 the morning after the midnight deadline,
    // level 2 at 08:00 after its own midnight.
    assert_int_equal(req->overdue_ms, req->due_ms + 8 * HR_HOUR_MS);
    assert_int_equal(req->level2_ms, hr_ms_of_day(l2 + 1, HR_TZ_SHANGHAI_MIN) + 8 * HR_HOUR_MS);
    hr_calendar_destroy(&cal);
    hr_free(path);
    int64_t due_ms = req->due_ms, overdue_ms = req->overdue_ms, level2_ms = req->level2_ms;

    // On the last working day at 08:00 (24 h before the midnight deadline would be night): one
    // due-soon reminder to the manager, no copy.
    assert_int_equal(req->remind_ms, due_ms - 24 * HR_HOUR_MS + 8 * HR_HOUR_MS);
    s_advance_to(c, req->remind_ms - MARGIN_MS, arena);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, NULL), 0);
    s_advance_to(c, req->remind_ms + MARGIN_MS, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "due_soon", 1, FIRE_MS, arena), 1);
    Hr__Workflow__WorkflowNotifySend *soon = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, &soon), 1);
    assert_int_equal(soon->n_to, 1);
    assert_string_equal(soon->to[0]->employee_no, "E0101");
    assert_int_equal(soon->n_cc, 0);

    // Just before the deadline: nothing more.
    s_advance_to(c, due_ms - MARGIN_MS, arena);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 0);
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, NULL), 1);

    // Past it, in the night: the step is overdue, but nobody is texted before 08:00.
    s_advance_to(c, due_ms + MARGIN_MS, arena);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 0);

    // At 08:00: exactly one level-1 command, manager in to, their superior in copy.
    s_advance_to(c, overdue_ms + MARGIN_MS, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 1, FIRE_MS, arena), 1);
    s_let_ticks_run();
    Hr__Workflow__WorkflowNotifySend *s = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, &s), 1);
    assert_int_equal(s->n_to, 1);
    assert_string_equal(s->to[0]->employee_no, "E0101");
    assert_string_equal(s->to[0]->email, "liu.qiang@example.com");
    assert_string_equal(s->to[0]->mobile, "13800000101");
    assert_int_equal(s->n_cc, 1);
    assert_string_equal(s->cc[0]->employee_no, "E0100");
    assert_int_equal(s->n_channels, 2);
    // The superior's copy must not call its reader the owner: the owner travels by name.
    assert_string_equal(s_var(s, "owner"), "刘强");
    assert_string_equal(s_var(s, "owner_no"), "E0101");
    assert_string_equal(s_var(s, "superior"), "张伟");
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 0);
    // Its text: level 1, the owner addressed and their superior in copy, each with their role;
    // the owner's command and deadline; the superior's part (talk to the owner, or HR
    // reassigns: they cannot submit) and when level 2 goes out, to whom.
    char *text = NULL, *sms = NULL;
    s_render(s, arena, &text, &sms);
    const char *l1[] = {
        "逾期提醒第 1 级",
        "本级发送给：刘强（负责人）；抄送：张伟（负责人的直属上级）",
        hr_arena_fmt(arena, "刘强（负责人）：请立即完成此步骤：hrctl case submit %s", id),
        "张伟：请与负责人刘强沟通",
        "hrctl case reassign，仅 HR 可执行",
        hr_arena_fmt(arena,
                     "将于%s升级至第 2 级，发送给周明（负责人的第二级上级）、"
                     "李静（HR 负责人）",
                     s_local_zh(level2_ms, arena)),
        NULL};
    const char *l1_not[] = {"本邮件已抄送其上级", "请立即处理", NULL};
    s_says(text, l1, l1_not);
    const char *l1_sms[] = {"逾期第1级", "本级发送给刘强（负责人）", "抄送张伟", NULL};
    s_says(sms, l1_sms, NULL);

    // Notify is away: sys.Status (and so `hrctl health`) shows the backlog and its oldest row.
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t sres;
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, &sres),
                     HR_OK);
    Hr__Sys__StatusReply *status = sres.reply;
    assert_true(status->outbox_depth >= 3); // assigned, due soon, level 1
    assert_true(status->outbox_oldest_ms > 0 && status->outbox_oldest_ms <= cs->opened_ms);

    // kill -9 and restart: the reconciler rebuilds the index; level 1 does not fire again.
    e2e_kill(c, "workflow", SIGKILL);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 0);

    // The clock steps back nine hours, to before the deadline, and forward again (reliability
    // P24): level 1 passes its time a second time and still does not fire again.
    assert_int_equal(e2e_clock_advance(c, -9 * HR_HOUR_MS), 0);
    s_let_ticks_run();
    assert_int_equal(e2e_clock_advance(c, 9 * HR_HOUR_MS), 0);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 0);

    // A further working day: exactly one level-2 command to the superior's superior and HR.
    s_advance_to(c, level2_ms + MARGIN_MS, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_2", 1, FIRE_MS, arena), 1);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, &s), 1);
    assert_int_equal(s->n_to, 2);
    assert_string_equal(s->to[0]->employee_no, "E0001");
    assert_string_equal(s->to[1]->employee_no, "E0002");
    char *cc[2] = {s->n_cc > 0 ? s->cc[0]->employee_no : "",
                   s->n_cc > 1 ? s->cc[1]->employee_no : ""};
    assert_int_equal(s->n_cc, 2);
    assert_true(s_has(cc, 2, "E0101") && s_has(cc, 2, "E0100"));
    assert_string_equal(s_var(s, "owner"), "刘强");
    assert_string_equal(s_var(s, "superior"), "张伟");
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    // Level 2 addresses the second-line superior and the HR head; E0001 is the top, so it says
    // it is the last level. The HR head reads that they may reassign the step.
    s_render(s, arena, &text, &sms);
    const char *lv2[] = {"逾期升级第 2 级",
                         "本级发送给：周明（负责人的第二级上级）、李静（HR 负责人）；抄送：",
                         "刘强（负责人）",
                         "张伟（负责人的直属上级）",
                         "周明、张伟：请与负责人刘强沟通",
                         hr_arena_fmt(arena,
                                      "李静（HR 负责人）：如负责人无法处理，可改派：hrctl "
                                      "case reassign %s",
                                      id),
                         "这是最后一级",
                         NULL};
    const char *l2_not[] = {"上级的上级及 HR 负责人", NULL};
    s_says(text, lv2, l2_not);
    const char *l2_sms[] = {"逾期升级第2级", NULL};
    s_says(sms, l2_sms, NULL);

    // Another crash and a big jump: still exactly once per level, and one reminder.
    e2e_kill(c, "workflow", SIGKILL);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_int_equal(e2e_clock_advance(c, 10 * HR_DAY_MS), 0);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "due_soon", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 1);
    Hr__Workflow__Case *after = wfe_get(c, id, arena);
    assert_non_null(after);
    assert_int_equal(after->steps[0]->escalation_level, 2);
    assert_int_equal(wfe_event_count(c, "workflow.StepOverdue", arena), 1);
    assert_int_equal(wfe_event_count(c, "workflow.EscalationSent", arena), 2);

    // A fresh case whose both levels pass in one clock jump: each level exactly once.
    Hr__Workflow__Case *second = wfe_open(c, "E0102", "E0125", "A40_2", arena);
    assert_non_null(second);
    char *id2 = hr_arena_strdup(arena, second->id);
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    assert_int_equal(wfe_wait_outbox(c, id2, "overdue_2", 1, FIRE_MS, arena), 1);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id2, "overdue_1", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id2, "overdue_2", arena, NULL), 1);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The demo's line above the manager E0101 is E0100, E0001 (the top). A board chair above E0001
// makes it three long: level 3 goes to the chair with everyone below and the HR head in copy,
// and the ladder stops there - the chair has nobody above.
static void test_the_ladder_keeps_going_up_to_the_top_of_the_line(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-ladder");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char csv[] =
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected\n"
        "E0000,王董,ADMIN,,wang.dong@example.com,13800000000,董事长,2010-01-04,open_ended,"
        "2010-01-04,,,90000.00,90000.00,direct,manager,zh,\n"
        "E0001,周明,ADMIN,E0000,zhou.ming@example.com,13800000001,总经理,2012-03-01,open_ended,"
        "2012-03-01,,,60000.00,60000.00,direct,manager,zh,\n";
    Hr__Workflow__ImportReply *irep = wfe_import_people(c, csv, arena);
    assert_int_equal(irep->imported, 2);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);

    // A month later: levels 1, 2 and 3 have each fired once, in order (one per tick).
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_2", 2, FIRE_MS, arena), 2);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 1);
    Hr__Workflow__WorkflowNotifySend *s = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, &s), 2);
    assert_string_equal(s_var(s, "level"), "3");
    assert_int_equal(s->n_to, 1);
    assert_string_equal(s->to[0]->employee_no, "E0000");
    char *cc[4];
    for (size_t i = 0; i < 4; i++)
        cc[i] = i < s->n_cc ? s->cc[i]->employee_no : "";
    assert_int_equal(s->n_cc, 4);
    assert_true(s_has(cc, 4, "E0101") && s_has(cc, 4, "E0100") && s_has(cc, 4, "E0001") &&
                s_has(cc, 4, "E0002"));
    assert_string_equal(s_var(s, "owner"), "刘强");
    assert_string_equal(s_var(s, "superior"), "张伟");
    // Level 3's text names the chair as the third-line superior it addressed, everyone else in
    // copy with their role, and that nobody is above.
    char *text = NULL, *sms = NULL;
    s_render(s, arena, &text, &sms);
    const char *l3[] = {"逾期升级第 3 级",
                        "本级发送给：王董（负责人的第三级上级）；抄送：",
                        "刘强（负责人）",
                        "张伟（负责人的直属上级）",
                        "周明（负责人的第二级上级）",
                        "李静（HR 负责人）",
                        hr_arena_fmt(arena, "请立即完成此步骤：hrctl case submit %s", id),
                        "请与负责人刘强沟通",
                        "这是最后一级",
                        NULL};
    const char *l3_not[] = {"升级至负责人上级的上级", "上级：", NULL};
    s_says(text, l3, l3_not);
    const char *l3_sms[] = {"逾期升级第3级", "王董（负责人的第三级上级）", NULL};
    s_says(sms, l3_sms, NULL);
    Hr__Workflow__Case *after = wfe_get(c, id, arena);
    assert_non_null(after);
    assert_int_equal(after->steps[0]->escalation_level, 3);
    assert_int_equal(wfe_event_count(c, "workflow.EscalationSent", arena), 3);

    // Nobody above the chair: another month brings nothing more, across a restart too - the
    // level waits, period after period, and nothing is recorded as sent.
    e2e_kill(c, "workflow", SIGKILL);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 2);
    assert_int_equal(wfe_event_count(c, "workflow.EscalationSent", arena), 3);
    after = wfe_get(c, id, arena);
    assert_non_null(after);
    assert_int_equal(after->steps[0]->escalation_level, 3);
    assert_true(after->steps[0]->next_level_ms > 0); // still waiting for someone higher

    // The line grows (a holding company's chair above the chair): level 4 reaches them.
    static const char holding[] =
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected\n"
        "E0009,赵总,ADMIN,,zhao.zong@example.com,13800000009,集团董事长,2008-01-02,open_ended,"
        "2008-01-02,,,99000.00,99000.00,direct,manager,zh,\n"
        "E0000,王董,ADMIN,E0009,wang.dong@example.com,13800000000,董事长,2010-01-04,open_ended,"
        "2010-01-04,,,90000.00,90000.00,direct,manager,zh,\n";
    wfe_import_people(c, holding, arena);
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_2", 3, FIRE_MS, arena), 3);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, &s), 3);
    assert_string_equal(s_var(s, "level"), "4");
    assert_string_equal(s->to[0]->employee_no, "E0009");
    assert_int_equal(wfe_event_count(c, "workflow.EscalationSent", arena), 4);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The general manager E0001 is the top of the demo's chart and opens a case about E0004: the
// request is theirs. Level 1 goes to them (the HR head E0002 in copy), level 2 to the HR head -
// and then nobody is above. With escalation/contact naming E0900 (the board's office, imported
// without a manager), level 3 reaches E0900 with both in copy and the history says so; level 4
// reaches nobody (the contact once, never twice in a row). Without the contact the ladder waits
// after level 2, as the test above shows for a chair at the top.
static void test_past_the_top_the_ladder_reaches_the_escalation_contact(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-contact");
    assert_non_null(c);
    e2e_config(c, "workflow", "escalation/contact", "E0900");
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char csv[] =
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected\n"
        "E0900,董办,ADMIN,,board.office@example.com,13800000900,董事会办公室,2010-01-04,"
        "open_ended,2010-01-04,,,30000.00,30000.00,direct,,zh,\n";
    Hr__Workflow__ImportReply *irep = wfe_import_people(c, csv, arena);
    assert_int_equal(irep->imported, 1);
    Hr__Workflow__Case *cs = wfe_open(c, "E0001", "E0004", "A39_1", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);

    // A month later: levels 1, 2 and 3 have each fired once, in order.
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_2", 2, FIRE_MS, arena), 2);
    s_let_ticks_run();
    Hr__Workflow__WorkflowNotifySend *s = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, &s), 1);
    assert_string_equal(s->to[0]->employee_no, "E0001");
    // The owner is the top: level 1 has the HR head in copy, and says so; no empty superior.
    char *text = NULL, *sms = NULL;
    s_render(s, arena, &text, &sms);
    const char *l1[] = {
        "逾期提醒第 1 级",
        "本级发送给：周明（负责人）；抄送：李静（HR 负责人）",
        hr_arena_fmt(arena, "周明（负责人）：请立即完成此步骤：hrctl case submit %s", id),
        "李静（HR 负责人）：如负责人无法处理，可改派",
        "升级至第 2 级，发送给李静（HR 负责人）",
        NULL};
    const char *top_not[] = {"上级：", "上级：。", "抄送其上级", "负责人上级的上级", NULL};
    s_says(text, l1, top_not);
    // Level 2 went to the HR head alone, the owner in copy; level 3 to the contact.
    Hr__Workflow__ListOutboxRequest lreq = HR__WORKFLOW__LIST_OUTBOX_REQUEST__INIT;
    lreq.max = 1000;
    Hr__Workflow__ListOutboxReply *lrep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListOutbox", &lreq.base,
                              &hr__workflow__list_outbox_reply__descriptor, arena, (void **)&lrep),
                     HR_OK);
    const Hr__Workflow__WorkflowNotifySend *l2s = NULL;
    for (size_t i = 0; i < lrep->n_rows && !l2s; i++) {
        const Hr__Workflow__WorkflowNotifySend *o = lrep->rows[i]->send;
        if (o && !strcmp(o->case_id, id) && !strcmp(o->template_id, "overdue_2") &&
            !strcmp(s_var(o, "level"), "2"))
            l2s = o;
    }
    assert_non_null(l2s);
    s_render(l2s, arena, &text, &sms);
    const char *l2[] = {"逾期升级第 2 级", "本级发送给：李静（HR 负责人）；抄送：周明（负责人）",
                        "升级至第 3 级，发送给董办（升级联系人）", NULL};
    s_says(text, l2, top_not);
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, &s), 2);
    assert_string_equal(s_var(s, "level"), "3");
    assert_int_equal(s->n_to, 1);
    assert_string_equal(s->to[0]->employee_no, "E0900");
    char *cc[2];
    for (size_t i = 0; i < 2; i++)
        cc[i] = i < s->n_cc ? s->cc[i]->employee_no : "";
    assert_int_equal(s->n_cc, 2);
    assert_true(s_has(cc, 2, "E0001") && s_has(cc, 2, "E0002"));
    s_render(s, arena, &text, &sms);
    const char *l3[] = {"逾期升级第 3 级", "本级发送给：董办（升级联系人）",
                        "董办：请与负责人周明沟通", "这是最后一级", NULL};
    s_says(text, l3, top_not);
    Hr__Workflow__Case *after = wfe_get(c, id, arena);
    assert_non_null(after);
    assert_int_equal(after->steps[0]->escalation_level, 3);
    bool said = false;
    for (size_t i = 0; i < after->n_history; i++)
        said = said || (!strcmp(after->history[i]->action, "escalated") &&
                        strstr(after->history[i]->note, "level 3: nobody above on the owner's "
                                                        "line, the escalation contact E0900"));
    assert_true(said);

    // Another month: nothing more - the contact is not told twice in a row.
    assert_int_equal(e2e_clock_advance(c, 30 * HR_DAY_MS), 0);
    s_let_ticks_run();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_2", arena, NULL), 2);
    assert_int_equal(wfe_event_count(c, "workflow.EscalationSent", arena), 3);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level1_then_level2_exactly_once_across_kill_and_restart),
        cmocka_unit_test(test_the_ladder_keeps_going_up_to_the_top_of_the_line),
        cmocka_unit_test(test_past_the_top_the_ladder_reaches_the_escalation_contact),
    };
    return cmocka_run_group_tests_name("e2e.workflow_escalation", tests, NULL, NULL);
}
