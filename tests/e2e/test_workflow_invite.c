/*  e2e.workflow_invite - the employee is told of their interview, through the real daemons.
 *
 *  hr-workflow, hr-notify, aiosmtpd and an HTTP SMS gateway, with the real hrctl. E0117's case
 *  reviewed lawful by the HR head E0002: before the interview is set the employee reads nothing
 *  of the case. HR sets it (hrctl case prepare): the employee's email names the time, the place,
 *  who attends, whom to ask and that a colleague may come along as the company's practice (no
 *  union: the demo company has none); their SMS the time, the place and the contact - neither
 *  says dismissal (解除) nor names the case or its ground. `hrctl case show --as E0117` shows the
 *  meeting and nothing else. HR moves it: the new time arrives, naming the old one. The directory
 *  then holds no email or mobile for E0117: a move is accepted with EMPLOYEE_NOT_NOTIFIED (HR
 *  invites in writing) and nothing goes to them, and so is the withdrawal. A second case, with
 *  the contacts back, withdrawn after its invitation: the cancellation arrives by email and SMS,
 *  in neutral words, never the withdrawal notice HR gets, and the employee reads it cancelled.
 *  Superseded: the mail server refuses for now while the employee's invitation (Room 9) is sent,
 *  so it waits in hr-notify for its retry; the server is back and HR moves the meeting (Room
 *  11): the move arrives, the waiting invitation is superseded (the workflow keys both
 *  "interview:<case>"), and after the retries the employee's only email is the move, while the
 *  case records no failed reminder.
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

#include <ctype.h>

#define WAIT_MS 25000
#define EMPLOYEE "E0117"
#define EMPLOYEE_MAIL "wu.hao@example.com"
#define EMPLOYEE_MOBILE "13800000117"
#define DEMO_CONTACTS EMPLOYEE_MAIL "," EMPLOYEE_MOBILE

static const char *const s_sha[3] = {
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
    "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"};

// Words a text to the employee never holds: the case, its ground, the dismissal.
static const char *const s_never[] = {"解除",    "辞退",    "开除", "案件",    "A39",
                                      "dismiss", "Dismiss", "撤回", "withdraw"};

// Whether text says word: an occurrence inside an id (a ULID such as the message's reference
// number, 26 of 0-9 and A-Z, may hold "A39" by chance) is not the word.
static bool s_says(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        bool in_id =
            (p > text && (isdigit((unsigned char)p[-1]) || isupper((unsigned char)p[-1]))) ||
            isdigit((unsigned char)p[n]) || isupper((unsigned char)p[n]);
        if (!in_id)
            return true;
    }
    return false;
}

typedef struct {
    e2e_t *c;          // owned: notify and workflow
    hr_arena_t *arena; // owned
    nt_peer_t smtp;    // aiosmtpd
    nt_peer_t http;    // the SMS gateway (generic webhook)
} fixture_t;

// The messages at the sink to `to` (an email address, or a mobile for the SMS gateway) whose
// subject (email) or template (SMS) holds `what`, once there are `want` of them (or after WAIT_MS).
static json_t *s_wait(const nt_peer_t *p, bool sms, const char *to, const char *what, size_t want)
{
    return nt_peer_wait_for(p, sms, to, what, want, WAIT_MS);
}

// The one email to the employee whose subject holds `what`: its subject and text, checked for
// the words it must never hold.
static const char *s_mail(fixture_t *fx, const char *what, const char **subject)
{
    json_t *mails = s_wait(&fx->smtp, false, EMPLOYEE_MAIL, what, 1);
    if (json_array_size(mails) != 1)
        fail_msg("emails to the employee with '%s': %zu, want 1", what, json_array_size(mails));
    json_t *m = json_array_get(mails, 0);
    const char *text = hr_arena_strdup(fx->arena, nt_peer_str(m, "text"));
    *subject = hr_arena_strdup(fx->arena, nt_peer_str(m, "subject"));
    json_decref(mails);
    printf("email to the employee: %s\n%s\n", *subject, text);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_never); i++)
        if (s_says(text, s_never[i]) || s_says(*subject, s_never[i]))
            fail_msg("the employee's email says '%s':\n%s\n%s", s_never[i], *subject, text);
    return text;
}

// The one SMS of template tpl to the employee: its text, checked like an email.
static const char *s_sms(fixture_t *fx, const char *tpl)
{
    json_t *sms = s_wait(&fx->http, true, EMPLOYEE_MOBILE, tpl, 1);
    if (json_array_size(sms) != 1)
        fail_msg("SMS %s to the employee: %zu, want 1", tpl, json_array_size(sms));
    const char *text = hr_arena_strdup(
        fx->arena, nt_peer_str(json_object_get(json_array_get(sms, 0), "json"), "text"));
    json_decref(sms);
    printf("SMS to the employee (%s): %s\n", tpl, text);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_never); i++)
        if (s_says(text, s_never[i]))
            fail_msg("the employee's SMS says '%s': %s", s_never[i], text);
    return text;
}

// hrctl with args; fails unless it exits with want. Its stdout (owned).
static char *s_hrctl(e2e_t *c, int want, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc != want)
        fail_msg("hrctl %s %s: exit %d, want %d\n%s%s", args[0], args[1], rc, want, out ? out : "",
                 err ? err : "");
    hr_free(err);
    return out;
}

// hrctl case prepare ID DATE TIME PLACE --as E0002 (the case's HR person): its output (owned).
static char *s_prepare(e2e_t *c, const char *id, const char *date, const char *time,
                       const char *place)
{
    const char *args[] = {"case", "prepare", id, date, time, place, "--as", "E0002", NULL};
    return s_hrctl(c, 0, args);
}

// How many notifications of template tpl the case records to `to`.
static size_t s_sent(const Hr__Workflow__Case *cs, const char *tpl, const char *to)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n_notifications; i++) {
        const Hr__Workflow__NotificationRef *r = cs->notifications[i];
        for (size_t k = 0; !strcmp(r->template_id, tpl) && k < r->n_to; k++)
            n += !strcmp(r->to[k], to);
    }
    return n;
}

// Everything the case told the employee, whatever the template.
static size_t s_told_employee(const Hr__Workflow__Case *cs)
{
    size_t n = 0;
    for (size_t i = 0; i < cs->n_notifications; i++)
        for (size_t k = 0; k < cs->notifications[i]->n_to; k++)
            n += !strcmp(cs->notifications[i]->to[k], EMPLOYEE);
    return n;
}

// Imports E0117's demo row again, with its email and mobile as `contacts` ("," for none).
static void s_contacts(e2e_t *c, const char *contacts, hr_arena_t *arena)
{
    char *path = hr_test_source_path("deploy/demo/people.csv");
    char *text = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_non_null(text);
    char *nl = strchr(text, '\n');
    char *row = strstr(text, "\n" EMPLOYEE ",");
    assert_non_null(nl);
    assert_non_null(row);
    char *end = strchr(row + 1, '\n');
    char *at = strstr(row, DEMO_CONTACTS);
    assert_true(end && at && at < end);
    char *csv =
        hr_strfmt("%.*s%.*s%s%.*s\n", (int)(nl - text + 1), text, (int)(at - row - 1), row + 1,
                  contacts, (int)(end - at - strlen(DEMO_CONTACTS)), at + strlen(DEMO_CONTACTS));
    hr_free(text);
    wfe_import_people(c, csv, arena);
    hr_free(csv);
}

static Hr__Workflow__CaseReply *s_withdraw(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = (char *)id;
    wd.reason = "转岗到渠道部";
    return wfe_case_do(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena);
}

static void s_start(fixture_t *fx)
{
    fx->c = e2e_new("wf-invite");
    fx->arena = hr_arena_new(0);
    e2e_t *c = fx->c;
    assert_int_equal(nt_e2e_peers(c, &fx->smtp, &fx->http), 0);
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    wfe_config_files(c);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    wfe_clock_to(c, "2026-12-01", 9, fx->arena);
    assert_int_equal(wfe_import_demo(c, fx->arena), 0);
}

static void test_the_employee_is_invited_told_of_a_move_and_of_a_cancellation(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    s_start(&fx);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    char *id = wfe_a39_1_submitted(c, s_sha, arena);
    wfe_a39_1_reviewed(c, id, s_sha, "e2e: the facts and reasons HR states", arena);

    // Not invited yet: the employee reads nothing of the case.
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    wfe_case_refused(c, EMPLOYEE, "employee", "workflow.GetCase", &get.base, arena, HR_EDENIED,
                     "not visible to you");
    const char *show_emp[] = {"case", "show", id, "--as", EMPLOYEE, NULL};
    char *out = s_hrctl(c, 1, show_emp);
    hr_free(out);

    // 1. HR sets the interview: the employee is invited by email and SMS.
    out = s_prepare(c, id, "2026-12-03", "10:00", "Room 301");
    if (strstr(out, "EMPLOYEE_NOT_NOTIFIED"))
        fail_msg("hrctl case prepare warned of a reachable employee:\n%s", out);
    hr_free(out);
    const char *subject = NULL;
    const char *text = s_mail(&fx, "面谈邀请", &subject);
    wfe_has("invitation subject", subject, "2026年12月3日 10:00");
    wfe_has("invitation", text, "吴昊，您好");
    wfe_has("invitation", text, "示例科技有限公司人力资源部邀请您参加一次面谈"); // who asks
    wfe_has("invitation", text, "时间：2026年12月3日 10:00"); // as documents write it
    wfe_has("invitation", text, "地点：Room 301");
    wfe_has("invitation", text, "出席：刘强、李静");
    wfe_has("invitation", text, "联系人：李静 li.jing@example.com 13800000002");
    wfe_has("invitation", text, "按公司惯例，您可以请一名本公司同事陪同出席");
    wfe_has("invitation", text, id);   // the reference the employee looks it up by
    assert_null(strstr(text, "工会")); // the demo company has no union (law/has_union false)
    assert_null(strstr(subject, id));
    const char *sms = s_sms(&fx, "interview_invite");
    wfe_has("invitation SMS", sms, "请于2026年12月3日 10:00到Room 301参加面谈");
    wfe_has("invitation SMS", sms, "Room 301");
    wfe_has("invitation SMS", sms, "李静 13800000002");
    wfe_has("invitation SMS", sms, "示例科技有限公司人力资源部通知：");
    assert_null(strstr(sms, id));
    // The manager and HR are told as before.
    json_t *hr_mail = s_wait(&fx.smtp, false, "li.jing@example.com", "[面谈安排]", 1);
    assert_int_equal(json_array_size(hr_mail), 1);
    json_decref(hr_mail);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(s_sent(cs, "interview_invite", EMPLOYEE), 1);
    assert_int_equal(s_sent(cs, "interview_scheduled", "E0101"), 1);

    // 2. The employee reads the meeting, and nothing else of the case.
    Hr__Workflow__CaseReply *rep = wfe_case_do(c, EMPLOYEE, "employee,hr,legal,operator",
                                               "workflow.GetCase", &get.base, arena);
    Hr__Workflow__Case *view = rep->case_;
    assert_true(view->employee_view);
    assert_string_equal(view->id, id);
    assert_non_null(view->interview);
    assert_string_equal(view->interview->date, "2026-12-03");
    assert_string_equal(view->interview->time, "10:00");
    assert_string_equal(view->interview->place, "Room 301");
    assert_false(view->interview->cancelled);
    assert_string_equal(view->ground, "");
    assert_string_equal(view->reason, "");
    assert_string_equal(view->reviewed_reasons, "");
    assert_null(view->assessment);
    assert_int_equal(view->n_steps + view->n_history + view->n_evidence + view->n_notifications, 0);
    out = s_hrctl(c, 0, show_emp);
    printf("hrctl case show --as %s:\n%s", EMPLOYEE, out);
    wfe_has("hrctl case show --as E0117", out,
            "meeting: 2026-12-03 10:00 (UTC+08:00) at Room 301\n");
    if (s_says(out, "A39") || strstr(out, "history") || strstr(out, "assessment") ||
        strstr(out, "cancelled"))
        fail_msg("hrctl case show --as %s shows more than the meeting:\n%s", EMPLOYEE, out);
    hr_free(out);
    // The employee's reads of the meeting are in the case's read log, as the employee's.
    const char *reads[] = {"case", "reads", id, NULL};
    out = s_hrctl(c, 0, reads);
    if (!strstr(out, EMPLOYEE) || !strstr(out, "employee") || !strstr(out, "the meeting"))
        fail_msg("hrctl case reads: the employee's read of the meeting is missing:\n%s", out);
    hr_free(out);
    // Reading is all: the employee still acts on nothing.
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_refused(c, EMPLOYEE, "employee,hr", "workflow.ConfirmInterview", &ci.base, arena,
                     HR_EDENIED, "not visible to you");

    // 3. HR moves it: the new time and place arrive, naming the old time.
    out = s_prepare(c, id, "2026-12-04", "14:00", "Room 502");
    hr_free(out);
    text = s_mail(&fx, "面谈时间变更", &subject);
    wfe_has("move subject", subject, "2026年12月4日 14:00");
    wfe_has("move", text, "原定于2026年12月3日 10:00的面谈改期");
    wfe_has("move", text, "时间：2026年12月4日 14:00");
    wfe_has("move", text, "地点：Room 502");
    sms = s_sms(&fx, "interview_moved");
    wfe_has("move SMS", sms, "原定2026年12月3日 10:00的面谈改为2026年12月4日 14:00，地点Room 502");

    // 4. The directory loses the employee's email and mobile: a move is accepted and warned of,
    //    and nothing is sent to them; so is the withdrawal.
    s_contacts(c, ",", arena);
    out = s_prepare(c, id, "2026-12-07", "10:00", "Room 301");
    printf("hrctl case prepare, no contact:\n%s", out);
    wfe_has("hrctl case prepare (no contact)", out, "[EMPLOYEE_NOT_NOTIFIED]");
    wfe_has("hrctl case prepare (no contact)", out, "请 HR 书面邀请本人");
    wfe_has("hrctl case prepare (no contact)", out, "HR must invite them in writing");
    wfe_has("hrctl case prepare (no contact)", out, "2026-12-07 10:00");
    hr_free(out);
    cs = wfe_get(c, id, arena);
    assert_string_equal(cs->interview->date, "2026-12-07");
    assert_int_equal(s_told_employee(cs), 2); // the invitation and the first move only
    assert_int_equal(s_sent(cs, "interview_scheduled", "E0101"), 3);
    rep = s_withdraw(c, id, arena);
    assert_true(rep->accepted);
    assert_int_equal(rep->n_problems, 1);
    assert_string_equal(rep->problems[0]->code, "EMPLOYEE_NOT_NOTIFIED");
    assert_string_equal(rep->problems[0]->severity, "warn");
    wfe_has("withdrawal warning", rep->problems[0]->message_en, "is cancelled: HR must tell them");
    cs = wfe_get(c, id, arena);
    assert_int_equal(s_told_employee(cs), 2);
    assert_int_equal(s_sent(cs, "case_withdrawn", "E0002"), 1); // HR hears as before

    // 5. A second case, the contacts back, withdrawn after the invitation: the employee hears the
    //    meeting is off, in neutral words; HR gets the withdrawal.
    s_contacts(c, DEMO_CONTACTS, arena);
    char *id2 = wfe_a39_1_submitted(c, s_sha, arena);
    wfe_a39_1_reviewed(c, id2, s_sha, "e2e: the facts and reasons HR states", arena);
    out = s_prepare(c, id2, "2026-12-08", "09:30", "Room 808");
    hr_free(out);
    json_t *invites = s_wait(&fx.smtp, false, EMPLOYEE_MAIL, "面谈邀请：2026年12月8日 09:30", 1);
    assert_int_equal(json_array_size(invites), 1);
    json_decref(invites);
    rep = s_withdraw(c, id2, arena);
    assert_true(rep->accepted);
    assert_int_equal(rep->n_problems, 0);
    text = s_mail(&fx, "面谈取消", &subject);
    wfe_has("cancellation subject", subject, "2026年12月8日 09:30");
    wfe_has("cancellation", text, "原定于2026年12月8日 09:30在Room 808的面谈取消，您无需出席");
    wfe_has("cancellation", text, "李静 li.jing@example.com 13800000002");
    sms = s_sms(&fx, "interview_cancelled");
    wfe_has("cancellation SMS", sms, "原定2026年12月8日 09:30在Room 808的面谈取消，您无需出席");
    json_t *hr_told = s_wait(&fx.smtp, false, "li.jing@example.com", "[已撤回]", 2);
    assert_int_equal(json_array_size(hr_told), 2); // both cases
    json_decref(hr_told);
    cs = wfe_get(c, id2, arena);
    assert_int_equal(s_sent(cs, "interview_cancelled", EMPLOYEE), 1);
    assert_int_equal(s_sent(cs, "case_withdrawn", EMPLOYEE), 0);
    out = s_hrctl(c, 0, (const char *const[]){"case", "show", id2, "--as", EMPLOYEE, NULL});
    wfe_has("hrctl case show --as E0117 (withdrawn)", out,
            "meeting: 2026-12-08 09:30 (UTC+08:00) at Room 808: cancelled\n");
    hr_free(out);

    // Every email and SMS the employee got, four each (two invitations, a move, a
    // cancellation): a meeting, never the case.
    json_t *all = s_wait(&fx.smtp, false, EMPLOYEE_MAIL, "", 4);
    assert_int_equal(json_array_size(all), 4);
    json_decref(all);
    all = s_wait(&fx.http, true, EMPLOYEE_MOBILE, "", 4);
    assert_int_equal(json_array_size(all), 4);
    for (size_t i = 0; i < json_array_size(all); i++) {
        const char *t = nt_peer_str(json_object_get(json_array_get(all, i), "json"), "text");
        for (size_t k = 0; k < HR_ARRAY_LEN(s_never); k++)
            if (s_says(t, s_never[k]))
                fail_msg("an SMS to the employee says '%s': %s", s_never[k], t);
    }
    json_decref(all);

    nt_peer_free(&fx.smtp);
    nt_peer_free(&fx.http);
    hr_arena_destroy(&fx.arena);
    assert_int_equal(e2e_stop(&fx.c), 0);
}

// The employee's email delivery of template tpl in notify's log (NULL: none yet).
static const Hr__Notify__Delivery *s_delivery(fixture_t *fx, const char *tpl)
{
    Hr__Notify__LogReply *log = nt_e2e_log(fx->c, fx->arena, NULL, 100);
    assert_non_null(log);
    for (size_t i = 0; i < log->n_deliveries; i++) {
        const Hr__Notify__Delivery *d = log->deliveries[i];
        if (!strcmp(d->template_, tpl) && !strcmp(d->recipient, EMPLOYEE_MAIL))
            return d;
    }
    return NULL;
}

// Waits until the employee's email of tpl is in state with at least min_attempts tried.
static const Hr__Notify__Delivery *s_wait_delivery(fixture_t *fx, const char *tpl,
                                                   Hr__Notify__DeliveryState state,
                                                   uint32_t min_attempts)
{
    for (int waited = 0; waited <= WAIT_MS; waited += 100) {
        const Hr__Notify__Delivery *d = s_delivery(fx, tpl);
        if (d && d->state == state && d->attempts >= min_attempts)
            return d;
        zclock_sleep(100);
    }
    const Hr__Notify__Delivery *d = s_delivery(fx, tpl);
    fail_msg("the employee's %s email: state %d attempts %u, want state %d", tpl,
             d ? (int)d->state : -1, d ? d->attempts : 0, (int)state);
    return NULL;
}

static void test_a_waiting_invitation_is_superseded_by_the_move(void **state)
{
    HR_UNUSED(state);
    fixture_t fx = {0};
    s_start(&fx);
    e2e_t *c = fx.c;
    hr_arena_t *arena = fx.arena;
    char *id = wfe_a39_1_submitted(c, s_sha, arena);
    wfe_a39_1_reviewed(c, id, s_sha, "e2e: the facts and reasons HR states", arena);

    assert_int_equal(nt_peer_control(&fx.smtp, "451 -1\n"), 0); // the mail server refuses
    char *out = s_prepare(c, id, "2026-12-28", "10:00", "Room 9");
    hr_free(out);
    s_wait_delivery(&fx, "interview_invite", HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED, 1);
    assert_int_equal(nt_peer_control(&fx.smtp, ""), 0); // back, before the invitation's retry
    out = s_prepare(c, id, "2026-12-30", "09:30", "Room 11");
    hr_free(out);
    const char *subject = NULL;
    const char *text = s_mail(&fx, "面谈时间变更", &subject);
    wfe_has("move", text, "地点：Room 11");
    const Hr__Notify__Delivery *d = s_wait_delivery(
        &fx, "interview_invite", HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SUPERSEDED, 1);
    assert_non_null(d->superseded);
    assert_string_equal(d->superseded->by_template, "interview_moved");
    assert_string_equal(d->supersede_key, hr_arena_fmt(arena, "interview:%s", id));

    // The retries: everything still waiting goes, never the invitation nor the staff's stale
    // times.
    assert_int_equal(e2e_clock_advance(c, 20 * HR_MINUTE_MS), 0);
    Hr__Notify__LogReply *log = NULL;
    for (int waited = 0; waited <= WAIT_MS; waited += 100) {
        log = nt_e2e_log(c, arena, NULL, 1);
        if (log && !log->queued)
            break;
        zclock_sleep(100);
    }
    assert_non_null(log);
    assert_int_equal(log->queued, 0);
    // The invitation, and the staff's first interview_scheduled emails (the manager's and the HR
    // person's), waiting behind the refusal when the move came: each to its reader, the newer
    // one sent instead.
    assert_int_equal(log->superseded, 3);
    json_t *all = nt_peer_messages(&fx.smtp);
    size_t n_employee = 0;
    const char *last = "";
    for (size_t i = 0; i < json_array_size(all); i++) {
        json_t *m = json_array_get(all, i);
        if (!nt_peer_went_to(m, false, EMPLOYEE_MAIL))
            continue;
        n_employee++;
        last = hr_arena_strdup(arena, nt_peer_str(m, "text"));
    }
    json_decref(all);
    assert_int_equal(n_employee, 1); // the move, never the invitation
    wfe_has("the employee's last email", last, "地点：Room 11");
    // The workflow heard of no failure.
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(cs->n_failed_reminders, 0);

    nt_peer_free(&fx.smtp);
    nt_peer_free(&fx.http);
    hr_arena_destroy(&fx.arena);
    assert_int_equal(e2e_stop(&fx.c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_employee_is_invited_told_of_a_move_and_of_a_cancellation),
        cmocka_unit_test(test_a_waiting_invitation_is_superseded_by_the_move),
    };
    return cmocka_run_group_tests_name("e2e.workflow_invite", tests, NULL, NULL);
}
