/*  unit.workflow.effects - each recipient of a notification reads it in their own language, on a
 *  real LMDB: an escalation whose owner reads English and whose superior reads Chinese goes out
 *  as one notify.Send per language, each keeping its to and cc (a language only the copied read
 *  gets its own send with them as `to`), with distinct correlation ids, each recorded on the
 *  case; one language stays one send with the correlation id as before. A withdrawal names the
 *  stage by its title in each reader's language, never by its key. A reinstatement tells the
 *  employee privately and the manager and HR what is each one's to do, and so does a judgment
 *  setting it aside. The union told of a notice is never told a notice day on or before the
 *  interview.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define CASE_A "01JN00000000000000000000AA"
#define HR_HEAD "E0002"

typedef struct {
    char *dir;          // owned: temp dir holding the LMDB env
    hr_store_t *store;  // owned
    hr_arena_t *arena;  // owned
    hr_calendar_t *cal; // owned
    wf_time_t t;        // calendar + zone
    hr_txn_t *txn;      // owned: each test's write transaction, aborted after it (a failed
                        // assertion must not leave it holding the writer lock)
} fixture_t;

static void s_person(hr_txn_t *txn, const char *no, const char *manager, const char *language)
{
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = (char *)no;
    p.name = (char *)no;
    p.manager_no = (char *)manager;
    p.email = hr_strfmt("%s@example.com", no);
    p.mobile = "13800000000";
    p.language = (char *)language;
    assert_int_equal(wf_store_person_put(txn, &p), HR_OK);
    hr_free(p.email);
}

// The directory: E0201 reads English and reports to E0200 (Chinese), who reports to E0199
// (English); the HR head E0002 reads Chinese; the employee E0300.
static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("wf_effects");
    f->store = hr_test_store_open(f->dir, wf_store_dbs, 64);
    f->arena = hr_arena_new(0);
    f->cal = wf_fixture_calendar();
    f->t = (wf_time_t){f->cal, HR_TZ_SHANGHAI_MIN};
    *state = f;
    if (!f->store || !f->cal)
        return -1;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    s_person(txn, HR_HEAD, "", "zh");
    s_person(txn, "E0199", "", "en");
    s_person(txn, "E0200", "E0199", "zh");
    s_person(txn, "E0201", "E0200", "en");
    s_person(txn, "E0300", "E0201", "zh");
    assert_int_equal(wf_store_setting_put(txn, WF_SETTING_HR_HEAD, HR_HEAD), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_calendar_destroy(&f->cal);
    hr_arena_destroy(&f->arena);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static int s_begin(void **state)
{
    fixture_t *f = *state;
    return hr_txn_begin_write(f->store, &f->txn) ? -1 : 0;
}

static int s_end(void **state)
{
    fixture_t *f = *state;
    hr_txn_abort(&f->txn);
    return 0;
}

static Hr__Workflow__Case *s_case(fixture_t *f)
{
    Hr__Workflow__Template *tpl = wf_fixture_template(f->arena);
    assert_non_null(tpl);
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = CASE_A;
    c->employee_no = "E0300";
    c->manager_no = "E0201";
    c->opened_by = "E0201";
    c->ground = "A39_1";
    c->version = 1;
    wf_steps_init(c, tpl, f->arena, &f->t, HR_TEST_T0_MS);
    return c;
}

static Hr__Workflow__ListOutboxReply *s_outbox(fixture_t *f, hr_txn_t *txn)
{
    Hr__Workflow__ListOutboxReply *ob = hr_arena_alloc(f->arena, sizeof *ob);
    hr__workflow__list_outbox_reply__init(ob);
    assert_int_equal(wf_store_outbox_list(txn, 100, f->arena, ob), HR_OK);
    return ob;
}

// The send of tpl in language, NULL when none.
static const Hr__Workflow__WorkflowNotifySend *s_send(const Hr__Workflow__ListOutboxReply *ob,
                                                      const char *tpl, const char *language)
{
    const Hr__Workflow__WorkflowNotifySend *found = NULL;
    for (size_t i = 0; i < ob->n_rows; i++) {
        const Hr__Workflow__WorkflowNotifySend *s = ob->rows[i]->send;
        if (s && !strcmp(s->template_id, tpl) && !strcmp(s->language, language)) {
            assert_null(found); // one per language
            found = s;
        }
    }
    return found;
}

// The last send of tpl in language (a second of the same, told again).
static const Hr__Workflow__WorkflowNotifySend *s_send_last(const Hr__Workflow__ListOutboxReply *ob,
                                                           const char *tpl, const char *language)
{
    const Hr__Workflow__WorkflowNotifySend *found = NULL;
    for (size_t i = 0; i < ob->n_rows; i++) {
        const Hr__Workflow__WorkflowNotifySend *s = ob->rows[i]->send;
        if (s && !strcmp(s->template_id, tpl) && !strcmp(s->language, language))
            found = s;
    }
    return found;
}

static void s_people(Hr__Workflow__Recipient *const *rs, size_t n, const char *want)
{
    char got[128] = "";
    size_t off = 0;
    for (size_t i = 0; i < n; i++)
        off +=
            (size_t)snprintf(got + off, sizeof got - off, "%s%s", i ? " " : "", rs[i]->employee_no);
    assert_string_equal(got, want);
}

static const char *s_var(const Hr__Workflow__WorkflowNotifySend *s, const char *key)
{
    for (size_t i = 0; i < s->n_vars; i++)
        if (!strcmp(s->vars[i]->key, key))
            return s->vars[i]->value;
    return NULL;
}

// E0201's step overdue: level 1 to E0201 (English) with E0200 (Chinese) in copy; level 2 to
// E0199 (English) and the HR head (Chinese), both below in copy. Each language its own send.
static void test_an_escalation_goes_out_in_each_readers_language(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    int i = 0; // request, the manager's
    c->steps[i]->owner_no = "E0201";
    c->steps[i]->due_ms = HR_TEST_T0_MS;
    hr_txn_t *txn = f->txn;
    bool sent = false;
    assert_int_equal(wf_effects_escalate(txn, f->arena, c, i, 1, &f->t, HR_TEST_T0_MS, &sent),
                     HR_OK);
    assert_true(sent);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 2);
    const Hr__Workflow__WorkflowNotifySend *en = s_send(ob, WF_TPL_OVERDUE_1, "en");
    const Hr__Workflow__WorkflowNotifySend *zh = s_send(ob, WF_TPL_OVERDUE_1, "zh-CN");
    assert_non_null(en);
    assert_non_null(zh);
    s_people(en->to, en->n_to, "E0201");
    s_people(en->cc, en->n_cc, "");
    s_people(zh->to, zh->n_to, "E0200"); // only copied: told as `to`
    s_people(zh->cc, zh->n_cc, "");
    assert_string_equal(s_var(zh, "owner_no"), "E0201"); // the text names whose step it is
    // The deadline as the Chinese texts write a day (one send serves both languages): the same
    // moment as due_at, 2026年12月1日 18:00; and the next level's time in the actions likewise.
    int y = 0, m = 0, d = 0;
    char hm[8] = "";
    assert_int_equal(sscanf(s_var(zh, "due_at"), "%d-%d-%d %7s", &y, &m, &d, hm), 4);
    char want[64];
    snprintf(want, sizeof want, "%d年%d月%d日 %s", y, m, d, hm);
    assert_string_equal(s_var(zh, "due_at_zh"), want);
    assert_string_equal(s_var(en, "due_at_zh"), want); // en texts read due_at
    snprintf(want, sizeof want, "%d年%d月%d日", y, m, d);
    assert_string_equal(s_var(zh, "due_date_zh"), want);
    const char *actions = s_var(zh, "actions_zh");
    if (strstr(actions, "将于") && !strstr(actions, "将于2"))
        fail_msg("the next level's time is not written as a Chinese day: %s", actions);
    assert_string_equal(en->correlation_id, CASE_A ":request:overdue_1:1:1:en");
    assert_string_equal(zh->correlation_id, CASE_A ":request:overdue_1:1:1:zh-CN");
    assert_int_equal(c->n_notifications, 2);
    assert_string_equal(c->notifications[0]->to[0], "E0201");
    assert_string_equal(c->notifications[1]->to[0], "E0200");
    assert_string_not_equal(c->notifications[0]->msg_id, c->notifications[1]->msg_id);

    assert_int_equal(wf_effects_escalate(txn, f->arena, c, i, 2, &f->t, HR_TEST_T0_MS, &sent),
                     HR_OK);
    ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 4);
    en = s_send(ob, WF_TPL_OVERDUE_2, "en");
    zh = s_send(ob, WF_TPL_OVERDUE_2, "zh-CN");
    assert_non_null(en);
    assert_non_null(zh);
    s_people(en->to, en->n_to, "E0199");
    s_people(en->cc, en->n_cc, "E0201");
    s_people(zh->to, zh->n_to, HR_HEAD);
    s_people(zh->cc, zh->n_cc, "E0200");
    assert_int_equal(c->n_notifications, 4);
}

// The HR head E0002 is at the top and owns hr_review: level 2 has nobody above them and waits -
// until escalation/contact names someone (here E0199, English), whom level 2 then reaches, with
// the HR head in copy, saying so in the history; level 3 reaches nobody (once, never twice in a
// row).
static void test_past_the_top_the_ladder_reaches_the_escalation_contact(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    int i = 1; // hr_review
    assert_string_equal(c->steps[i]->key, WF_STEP_HR_REVIEW);
    c->steps[i]->owner_no = HR_HEAD;
    c->steps[i]->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    c->steps[i]->due_ms = HR_TEST_T0_MS;
    hr_txn_t *txn = f->txn;
    bool sent = false;
    assert_int_equal(wf_effects_escalate(txn, f->arena, c, i, 1, &f->t, HR_TEST_T0_MS, &sent),
                     HR_OK);
    assert_true(sent);
    // Without the contact: as before, nobody above - nothing sent, nothing recorded.
    size_t nhistory = c->n_history;
    assert_int_equal(wf_effects_escalate(txn, f->arena, c, i, 2, &f->t, HR_TEST_T0_MS, &sent),
                     HR_OK);
    assert_false(sent);
    assert_int_equal(c->n_history, nhistory);
    assert_int_equal(s_outbox(f, txn)->n_rows, 1);

    assert_int_equal(wf_store_setting_put(txn, WF_SETTING_ESCALATION, "E0199"), HR_OK);
    assert_int_equal(wf_effects_escalate(txn, f->arena, c, i, 2, &f->t, HR_TEST_T0_MS, &sent),
                     HR_OK);
    assert_true(sent);
    assert_int_equal(c->steps[i]->escalation_level, 2);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 3);
    const Hr__Workflow__WorkflowNotifySend *en = s_send(ob, WF_TPL_OVERDUE_2, "en");
    const Hr__Workflow__WorkflowNotifySend *zh = s_send(ob, WF_TPL_OVERDUE_2, "zh-CN");
    assert_non_null(en);
    assert_non_null(zh);
    s_people(en->to, en->n_to, "E0199");
    s_people(zh->to, zh->n_to, HR_HEAD); // the late owner, only copied: told in their language
    assert_string_equal(s_var(en, "owner_no"), HR_HEAD);
    assert_int_equal(c->n_history, nhistory + 1);
    assert_non_null(strstr(c->history[nhistory]->note, "escalation contact E0199"));

    // Level 3: the contact was the level below - nobody, and nothing recorded.
    assert_int_equal(wf_effects_escalate(txn, f->arena, c, i, 3, &f->t, HR_TEST_T0_MS, &sent),
                     HR_OK);
    assert_false(sent);
    assert_int_equal(c->steps[i]->escalation_level, 2);
    assert_int_equal(s_outbox(f, txn)->n_rows, 3);
}

// Everyone reading one language: one send, the correlation id as it always was.
static void test_one_language_is_one_send(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    hr_txn_t *txn = f->txn;
    const char *to[2] = {"E0200", HR_HEAD}, *cc[1] = {"E0300"};
    assert_int_equal(wf_effects_notify(txn, f->arena, c, WF_TPL_INTERVIEW, c->steps[0], 0, to, 2,
                                       cc, 1, &f->t, HR_TEST_T0_MS, NULL, NULL),
                     HR_OK);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 1);
    const Hr__Workflow__WorkflowNotifySend *zh = s_send(ob, WF_TPL_INTERVIEW, "zh-CN");
    assert_non_null(zh);
    s_people(zh->to, zh->n_to, "E0200 E0002");
    s_people(zh->cc, zh->n_cc, "E0300");
    assert_string_equal(zh->correlation_id, CASE_A ":request:interview_scheduled:0:1");
    assert_int_equal(c->n_notifications, 1);
}

// The operator withdraws E0201's case at hr_review: the HR head reads the stage's Chinese title,
// E0201 (who opened it) its English one; neither reads the key.
static void test_a_withdrawal_names_the_stage_by_its_title(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    c->withdraw_reason = "moved";
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2026-12-03";
    iv.time = "10:00";
    iv.place = "Room 301";
    c->interview = &iv;
    hr_txn_t *txn = f->txn;
    assert_int_equal(
        wf_effects_withdrawn(txn, f->arena, c, "operator", WF_STEP_HR_REVIEW, &f->t, HR_TEST_T0_MS),
        HR_OK);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 2);
    const Hr__Workflow__WorkflowNotifySend *zh = s_send(ob, WF_TPL_WITHDRAWN, "zh-CN");
    const Hr__Workflow__WorkflowNotifySend *en = s_send(ob, WF_TPL_WITHDRAWN, "en");
    assert_non_null(zh);
    assert_non_null(en);
    s_people(zh->to, zh->n_to, HR_HEAD);
    s_people(en->to, en->n_to, "E0201");
    assert_string_equal(s_var(zh, "stage"), "HR 审核：逐项确认法律事实，合法性检查");
    assert_string_equal(s_var(en, "stage"), "HR review: confirm each legal fact, legality check");
    // The meeting called off, in Chinese as the employee's cancellation says it, no spaces.
    assert_string_equal(s_var(zh, "interview"), "原定于2026年12月3日 10:00在Room 301的面谈取消。");
    assert_string_equal(s_var(en, "interview"),
                        "The interview of 2026-12-03 10:00 Room 301 is cancelled.");
}

// An award orders E0300's contract to continue (LCL Art. 48): E0300 hears it privately in their
// language, the HR head (the case has no HR reviewer) named to ask about coming back, none of the
// staff's text; the manager E0201 (English) reads the award and the employee's return to work,
// HR (Chinese) the directory row and the certificate issued already, now void - each once.
static void test_a_reinstatement_tells_the_employee_the_manager_and_hr(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_DUTY_CERTIFICATE)) {
            c->steps[i]->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
            c->steps[i]->done_date = "2026-12-01";
        }
    Hr__Workflow__Reinstatement r = HR__WORKFLOW__REINSTATEMENT__INIT;
    r.award_date = "2026-12-10";
    r.award_ref = "沪劳人仲(2026)字第1234号";
    r.effective_date = "2026-12-01";
    c->reinstatement = &r;
    hr_txn_t *txn = f->txn;
    assert_int_equal(
        wf_effects_reinstated(txn, f->arena, c, "示例科技有限公司", &f->t, HR_TEST_T0_MS), HR_OK);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 3);
    const Hr__Workflow__WorkflowNotifySend *mine = s_send(ob, WF_TPL_REINSTATED_EMPLOYEE, "zh-CN");
    assert_non_null(mine);
    s_people(mine->to, mine->n_to, "E0300");
    assert_string_equal(s_var(mine, "inviter"), "示例科技有限公司人力资源部");
    assert_string_equal(s_var(mine, "award_ref"), "沪劳人仲(2026)字第1234号");
    assert_string_equal(s_var(mine, "award_date"), "2026年12月10日"); // as documents write it
    assert_string_equal(s_var(mine, "contact_name"), HR_HEAD);
    assert_null(s_var(mine, "documents")); // never the staff's instructions
    assert_int_equal(mine->n_channels, 2); // the directory has an email and a mobile

    const Hr__Workflow__WorkflowNotifySend *mgr = s_send(ob, WF_TPL_REINSTATED, "en");
    const Hr__Workflow__WorkflowNotifySend *hr = s_send(ob, WF_TPL_REINSTATED, "zh-CN");
    assert_non_null(mgr);
    assert_non_null(hr);
    s_people(mgr->to, mgr->n_to, "E0201");
    s_people(hr->to, hr->n_to, HR_HEAD);
    assert_string_equal(s_var(mgr, "award_ref"), "沪劳人仲(2026)字第1234号");
    // The staff's too, each in their language: Chinese as the documents write it, ISO in English.
    assert_string_equal(s_var(hr, "award_date"), "2026年12月10日");
    assert_string_equal(s_var(mgr, "award_date"), "2026-12-10");
    assert_non_null(strstr(s_var(mgr, "documents"), "The employee returns to work"));
    assert_null(strstr(s_var(mgr, "documents"), "left_date"));
    assert_non_null(strstr(s_var(hr, "documents"), "离职日期（left_date）留空"));
    assert_non_null(strstr(s_var(hr, "documents"), "已于2026-12-01出具的解除劳动合同的证明作废"));
    assert_null(strstr(s_var(hr, "documents"), "返回工作岗位"));
    assert_int_equal(c->n_notifications, 3);
}

// E0300's case ends: they are told, in their language and with the dates as their documents
// write them, the ending and the last day, how the notice reached them, the severance and the
// notice pay to the fen and when each is paid, the certificate and where to collect it, the
// transfer by its fifteenth day; a payment names what it is for, to the fen, and the day; the
// transfer recorded done its day. In English the days are ISO. With neither an email nor a
// mobile nobody is told and nothing is queued.
static void test_the_employee_is_told_the_end_the_payment_and_the_transfer(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = f->txn;
    Hr__Workflow__Case *c = s_case(f);
    c->ground = "A40_3";
    Hr__Workflow__Assessment a = HR__WORKFLOW__ASSESSMENT__INIT;
    a.lawful = true;
    a.severance_fen = 12345678;
    a.notice_pay_fen = 1600000;
    a.effective_date = "2026-12-31";
    a.arbitration_limit_date = "2027-12-01";
    c->assessment = &a;
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    o.effective_date = "2026-12-31";
    o.served_date = "2026-12-01";
    o.evidence_id = "e1";
    o.service_signed_date = "2026-12-02";
    c->outcome = &o;
    int32_t day;
    assert_true(hr_date_parse("2026-12-31", &day));
    wf_steps_date_duties(c, day, f->arena, &f->t);
    bool told = false;
    assert_int_equal(wf_effects_employee_ended(txn, f->arena, c, "示例科技有限公司",
                                               "上海市浦东新区示例路 100 号", &f->t, HR_TEST_T0_MS,
                                               &told),
                     HR_OK);
    assert_true(told);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    const Hr__Workflow__WorkflowNotifySend *s = s_send(ob, WF_TPL_EMPLOYMENT_ENDED, "zh-CN");
    assert_non_null(s);
    s_people(s->to, s->n_to, "E0300");
    assert_int_equal(s->n_channels, 2);
    assert_string_equal(s_var(s, "inviter"), "示例科技有限公司人力资源部");
    assert_string_equal(s_var(s, "ending_word"), "解除");
    assert_string_equal(s_var(s, "last_day"), "2026年12月31日");
    assert_string_equal(s_var(s, "served"),
                        "《解除劳动合同通知书》已于2026年12月1日送达您，您于2026年12月2日签收。");
    const char *money = s_var(s, "money");
    assert_non_null(strstr(money, "· 经济补偿：人民币123,456.78元，于您办结工作交接时支付"));
    assert_non_null(strstr(money, "· 代通知金（额外支付的一个月工资）：人民币16,000.00元，不迟于"
                                  "劳动合同最后一日（2026年12月31日）支付"));
    assert_non_null(strstr(money, "· 工资：结算至劳动合同最后一日（2026年12月31日）"));
    // 不迟于, not 于...前 (which may read as excluding the day); no 人民币, for length.
    assert_string_equal(s_var(s, "money_sms"), "经济补偿123,456.78元于交接时支付，"
                                               "代通知金16,000.00元不迟于2026年12月31日支付。");
    // With an email too, the SMS points to it.
    assert_string_equal(s_var(s, "more"), "详见邮件。");
    assert_non_null(strstr(s_var(s, "arbitration"), "不迟于2027年12月1日向劳动争议仲裁委员会申请"
                                                    "仲裁（《中华人民共和国劳动争议调解仲裁法》"
                                                    "第二十七条）"));
    assert_non_null(strstr(s_var(s, "transfer"), "十五日内（不迟于2027年1月"));
    assert_non_null(strstr(s_var(s, "certificate"), "公司在解除劳动合同时（2026年12月31日）为您"
                                                    "出具《解除劳动合同的证明》"));
    assert_non_null(
        strstr(s_var(s, "certificate"), "请到上海市浦东新区示例路 100 号向" HR_HEAD "领取"));
    assert_string_equal(s_var(s, "contact_name"), HR_HEAD);
    for (size_t i = 0; i < s->n_vars; i++)
        if (strcmp(s->vars[i]->key, "contact_mobile") && strstr(s->vars[i]->value, "2026-"))
            fail_msg("%s has an ISO day: %s", s->vars[i]->key, s->vars[i]->value);

    // A payment of severance, to the fen.
    Hr__Workflow__Payment p = HR__WORKFLOW__PAYMENT__INIT;
    p.item = "severance";
    p.amount_fen = 123456;
    p.paid_date = "2026-12-03";
    p.method = "bank";
    p.reference = "ICBC-7";
    Hr__Workflow__Payment *rows[] = {&p};
    c->payments = rows;
    c->n_payments = 1;
    assert_int_equal(wf_effects_employee_paid(txn, f->arena, c, &p, "示例科技有限公司", &f->t,
                                              HR_TEST_T0_MS, &told),
                     HR_OK);
    ob = s_outbox(f, txn);
    s = s_send(ob, WF_TPL_PAYMENT_MADE, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "item"), "经济补偿");
    assert_string_equal(s_var(s, "amount"), "人民币1,234.56元");
    assert_string_equal(s_var(s, "paid_date"), "2026年12月3日");
    assert_string_equal(s_var(s, "method"), "银行转账");
    assert_string_equal(s_var(s, "reference"), "，凭证号 ICBC-7");
    assert_string_equal(s_var(s, "owed"), "尚待支付给您的款项合计：人民币138,222.22元。");
    assert_string_equal(s_var(s, "owed_sms"), "尚待支付您138,222.22元。");
    assert_string_equal(s_var(s, "more"), "详见邮件。");

    // A mobile and no email (a factory worker reading SMS only): the SMS is all they read, so it
    // carries the certificate, the transfer's day and the arbitration limit, and no 详见邮件.
    Hr__Workflow__Person mo = HR__WORKFLOW__PERSON__INIT;
    mo.employee_no = "E0300";
    mo.name = "E0300";
    mo.email = "";
    mo.mobile = "13800000300";
    mo.language = "zh";
    assert_int_equal(wf_store_person_put(txn, &mo), HR_OK);
    assert_int_equal(wf_effects_employee_ended(txn, f->arena, c, "示例科技有限公司",
                                               "上海市浦东新区示例路 100 号", &f->t, HR_TEST_T0_MS,
                                               &told),
                     HR_OK);
    s = s_send_last(s_outbox(f, txn), WF_TPL_EMPLOYMENT_ENDED, "zh-CN");
    assert_non_null(s);
    assert_int_equal(s->n_channels, 1);
    const char *more = s_var(s, "more");
    assert_null(strstr(more, "邮件"));
    assert_non_null(strstr(more, "《解除劳动合同的证明》于2026年12月31日起到上海市浦东新区示例路 "
                                 "100 号向" HR_HEAD "领取。"));
    assert_non_null(strstr(more, "档案和社保关系不迟于2027年1月"));
    assert_non_null(strstr(more, "如有异议，可不迟于2027年12月1日申请劳动仲裁。"));
    assert_int_equal(wf_effects_employee_paid(txn, f->arena, c, &p, "示例科技有限公司", &f->t,
                                              HR_TEST_T0_MS, &told),
                     HR_OK);
    s = s_send_last(s_outbox(f, txn), WF_TPL_PAYMENT_MADE, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "owed_sms"), "尚待支付您138,222.22元。");
    assert_string_equal(s_var(s, "more"), "凭证号 ICBC-7。");
    mo.email = "E0300@example.com";
    assert_int_equal(wf_store_person_put(txn, &mo), HR_OK);

    // The transfer done.
    const Hr__Workflow__CaseStep *st = NULL;
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_DUTY_TRANSFER)) {
            c->steps[i]->done_date = "2027-01-08";
            st = c->steps[i];
        }
    assert_non_null(st);
    assert_int_equal(wf_effects_employee_transferred(txn, f->arena, c, st, "示例科技有限公司",
                                                     &f->t, HR_TEST_T0_MS, &told),
                     HR_OK);
    s = s_send(s_outbox(f, txn), WF_TPL_TRANSFER_DONE, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "done_date"), "2027年1月8日");

    // The payment reversed (a correction): what was said paid, its amount and day, the
    // correction's day, and what is owed again.
    Hr__Workflow__Payment rv = p;
    rv.id = "p2";
    rv.reverses = "p1";
    rv.paid_date = "2026-12-05";
    rv.reference = "";
    p.id = "p1";
    Hr__Workflow__Payment *both[] = {&p, &rv};
    c->payments = both;
    c->n_payments = 2;
    assert_int_equal(wf_effects_employee_paid(txn, f->arena, c, &rv, "示例科技有限公司", &f->t,
                                              HR_TEST_T0_MS, &told),
                     HR_OK);
    assert_true(told);
    s = s_send(s_outbox(f, txn), WF_TPL_PAYMENT_REVERSED, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "item"), "经济补偿");
    assert_string_equal(s_var(s, "amount"), "人民币1,234.56元");
    assert_string_equal(s_var(s, "paid_date"), "2026年12月3日");
    assert_string_equal(s_var(s, "corrected_date"), "2026年12月5日");
    assert_string_equal(s_var(s, "owed"), "尚待支付给您的款项合计：人民币139,456.78元。");
    c->payments = rows;
    c->n_payments = 1;

    // The certificate issued: its day and where to collect it.
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_DUTY_CERTIFICATE)) {
            c->steps[i]->done_date = "2026-12-31";
            st = c->steps[i];
        }
    assert_string_equal(st->key, WF_DUTY_CERTIFICATE);
    assert_int_equal(wf_effects_employee_certified(txn, f->arena, c, st, "示例科技有限公司",
                                                   "上海市浦东新区示例路 100 号", &f->t,
                                                   HR_TEST_T0_MS, &told),
                     HR_OK);
    s = s_send(s_outbox(f, txn), WF_TPL_CERTIFICATE_ISSUED, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "done_date"), "2026年12月31日");
    assert_string_equal(s_var(s, "certificate_title"), "解除劳动合同的证明");
    assert_string_equal(s_var(s, "collect"),
                        "如尚未交给您，请到上海市浦东新区示例路 100 号向" HR_HEAD
                        "领取，或告知联系人邮寄地址。");

    // In English: ISO days and English amounts.
    Hr__Workflow__Person en = HR__WORKFLOW__PERSON__INIT;
    en.employee_no = "E0300";
    en.name = "E0300";
    en.email = "E0300@example.com";
    en.mobile = "";
    en.language = "en";
    assert_int_equal(wf_store_person_put(txn, &en), HR_OK);
    assert_int_equal(
        wf_effects_employee_paid(txn, f->arena, c, &p, "Example Tech", &f->t, HR_TEST_T0_MS, &told),
        HR_OK);
    s = s_send(s_outbox(f, txn), WF_TPL_PAYMENT_MADE, "en");
    assert_non_null(s);
    assert_int_equal(s->n_channels, 1); // the email alone: no mobile
    assert_string_equal(s_var(s, "amount"), "CNY 1,234.56");
    assert_string_equal(s_var(s, "paid_date"), "2026-12-03");
    assert_string_equal(s_var(s, "item"), "severance");

    // The interview's invitation, the move and a rescission: the days as their documents write
    // them in Chinese (E0300 reads Chinese again), ISO in English.
    en.language = "zh";
    assert_int_equal(wf_store_person_put(txn, &en), HR_OK);
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT, was = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2026-12-03";
    iv.time = "10:00";
    iv.place = "Room 301";
    was.date = "2026-12-02";
    was.time = "09:30";
    c->interview = &iv;
    assert_int_equal(wf_effects_interview_told(txn, f->arena, c, WF_TPL_INVITE_MOVED, HR_HEAD, &was,
                                               false, "示例科技有限公司", &f->t, HR_TEST_T0_MS,
                                               &told),
                     HR_OK);
    s = s_send(s_outbox(f, txn), WF_TPL_INVITE_MOVED, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "date"), "2026年12月3日");
    assert_string_equal(s_var(s, "at"), "2026年12月3日 10:00");
    assert_string_equal(s_var(s, "was"), "2026年12月2日 09:30");
    Hr__Workflow__Rescission r = HR__WORKFLOW__RESCISSION__INIT;
    r.agreement_date = "2026-12-09";
    c->rescission = &r;
    assert_int_equal(
        wf_effects_rescinded(txn, f->arena, c, "示例科技有限公司", &f->t, HR_TEST_T0_MS), HR_OK);
    s = s_send(s_outbox(f, txn), WF_TPL_CONTINUES, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "agreement_date"), "2026年12月9日");
    c->rescission = NULL;
    c->interview = NULL;
    en.language = "en";
    assert_int_equal(wf_store_person_put(txn, &en), HR_OK);

    // Neither an email nor a mobile: nothing queued, and the caller warns.
    en.email = "";
    assert_int_equal(wf_store_person_put(txn, &en), HR_OK);
    size_t before = s_outbox(f, txn)->n_rows;
    assert_int_equal(wf_effects_employee_ended(txn, f->arena, c, "示例科技有限公司", "", &f->t,
                                               HR_TEST_T0_MS, &told),
                     HR_OK);
    assert_false(told);
    assert_int_equal(s_outbox(f, txn)->n_rows, before);
    assert_false(wf_effects_employee_reachable(&en));
}

// A served notice taken back with the employee's agreement: every message names it as it was
// served - 终止 for E0300's contract ending on expiry (Art. 44), 解除 for a dismissal (Art. 39) -
// through ending_word, and so do the sentences on the certificate not issued.
static void test_a_rescission_names_the_notice_as_it_was_served(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    c->ground = "A44_EXPIRY";
    Hr__Workflow__Rescission r = HR__WORKFLOW__RESCISSION__INIT;
    r.agreement_date = "2026-12-09";
    r.effective_date = "2026-12-17";
    c->rescission = &r;
    hr_txn_t *txn = f->txn;
    assert_int_equal(
        wf_effects_rescinded(txn, f->arena, c, "示例科技有限公司", &f->t, HR_TEST_T0_MS), HR_OK);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    const Hr__Workflow__WorkflowNotifySend *mine = s_send(ob, WF_TPL_CONTINUES, "zh-CN");
    assert_non_null(mine);
    s_people(mine->to, mine->n_to, "E0300");
    assert_string_equal(s_var(mine, "ending_word"), "终止");
    assert_string_equal(s_var(mine, "documents"),
                        "不再出具终止劳动合同的证明，不办理档案和社保转移。");
    const Hr__Workflow__WorkflowNotifySend *mgr = s_send(ob, WF_TPL_RESCINDED, "en");
    assert_non_null(mgr);
    assert_string_equal(s_var(mgr, "ending_word_en"), "termination");
    assert_non_null(strstr(s_var(mgr, "documents"), "No certificate of termination"));
    const Hr__Workflow__WorkflowNotifySend *hr = s_send(ob, WF_TPL_RESCINDED, "zh-CN");
    assert_non_null(hr);
    assert_string_equal(s_var(hr, "ending_word"), "终止");
    assert_null(strstr(s_var(hr, "documents"), "解除"));

    // The same for a dismissal says 解除; a ground hr_law does not know, the statute's both.
    Hr__Workflow__Case *d = s_case(f);
    d->rescission = &r;
    assert_string_equal(wf_doc_ending_word(d, WF_DOC_ZH, false), "解除");
    assert_string_equal(wf_doc_case_kind_zh(d, WF_DOC_CERTIFICATE), "解除劳动合同的证明");
    assert_string_equal(wf_doc_case_kind_zh(c, WF_DOC_CERTIFICATE), "终止劳动合同的证明");
    assert_string_equal(wf_doc_case_kind_zh(c, WF_DOC_NOTICE), "终止劳动合同通知书");
    d->ground = "NO_SUCH_GROUND";
    assert_string_equal(wf_doc_ending_word(d, WF_DOC_ZH, false), "解除或终止");
    assert_string_equal(wf_doc_case_kind_zh(d, WF_DOC_CERTIFICATE), "解除（终止）劳动合同的证明");
}

// A judgment sets E0300's reinstatement aside (LDML Art. 50): E0300 hears privately, in their
// language, the judgment's reference and day, the award it set aside, the end that stands again
// and whom in HR to ask - none of the staff's text; the manager E0201 (English) reads the
// judgment and the employee's leaving, HR (Chinese) the directory's left_date again and the
// duties owed again - each once.
static void test_a_set_aside_tells_the_employee_the_manager_and_hr(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f);
    Hr__Workflow__Reinstatement r = HR__WORKFLOW__REINSTATEMENT__INIT;
    r.award_date = "2026-12-10";
    r.award_ref = "沪劳人仲(2026)字第1234号";
    r.effective_date = "2026-12-01";
    r.set_aside_date = "2027-01-20";
    r.set_aside_ref = "(2027)沪0101民初100号";
    c->reinstatement = &r;
    hr_txn_t *txn = f->txn;
    assert_int_equal(wf_effects_set_aside(txn, f->arena, c, "certificate (due 2027-01-20)",
                                          "示例科技有限公司", &f->t, HR_TEST_T0_MS),
                     HR_OK);
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 3);
    const Hr__Workflow__WorkflowNotifySend *mine = s_send(ob, WF_TPL_SET_ASIDE_EMPLOYEE, "zh-CN");
    assert_non_null(mine);
    s_people(mine->to, mine->n_to, "E0300");
    assert_string_equal(s_var(mine, "inviter"), "示例科技有限公司人力资源部");
    assert_string_equal(s_var(mine, "judgment_ref"), "(2027)沪0101民初100号");
    assert_string_equal(s_var(mine, "judgment_date"), "2027年1月20日"); // as documents write it
    assert_string_equal(s_var(mine, "award_ref"), "沪劳人仲(2026)字第1234号");
    assert_string_equal(s_var(mine, "effective_date"), "2026年12月1日");
    assert_string_equal(s_var(mine, "contact_name"), HR_HEAD);
    assert_null(s_var(mine, "documents")); // never the staff's instructions
    assert_int_equal(mine->n_channels, 2);

    const Hr__Workflow__WorkflowNotifySend *mgr = s_send(ob, WF_TPL_SET_ASIDE, "en");
    const Hr__Workflow__WorkflowNotifySend *hr = s_send(ob, WF_TPL_SET_ASIDE, "zh-CN");
    assert_non_null(mgr);
    assert_non_null(hr);
    s_people(mgr->to, mgr->n_to, "E0201");
    s_people(hr->to, hr->n_to, HR_HEAD);
    assert_string_equal(s_var(mgr, "judgment_ref"), "(2027)沪0101民初100号");
    assert_string_equal(s_var(hr, "award_ref"), "沪劳人仲(2026)字第1234号");
    assert_string_equal(s_var(hr, "effective_date"), "2026年12月1日");
    assert_string_equal(s_var(mgr, "effective_date"), "2026-12-01");
    assert_non_null(strstr(s_var(mgr, "documents"), "the day they leave"));
    assert_null(strstr(s_var(mgr, "documents"), "left_date"));
    assert_non_null(strstr(s_var(hr, "documents"), "离职日期（left_date）记为 2026-12-01"));
    assert_non_null(strstr(s_var(hr, "documents"), "certificate (due 2027-01-20)"));
    assert_null(strstr(s_var(hr, "documents"), "离岗日期"));
    assert_int_equal(c->n_notifications, 3);
}

// The line of a case (wf_effects_case_line): the superiors of its employee and of its manager
// now - the employee moved to another team (E0400 under E0401) since E0201 opened it, and the
// escalations still climb E0201's line. A superior who left (E0200) is none any more, the line
// goes on above them; a loop (E0199 reporting to E0201) stops where it closes; a line deeper than
// WF_CHAIN_MAX is followed that far and no further. Before, only the
// employee's line read the case: E0199 lost it when E0300 moved.
static void test_the_case_line_is_the_employees_and_the_managers_superiors(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = "E0200";
    p.name = "E0200";
    p.manager_no = "E0199";
    p.email = "e0200@example.com";
    p.mobile = "13800000000";
    p.language = "zh";
    p.left_ms = HR_TEST_T0_MS - 1; // gone before the read
    assert_int_equal(wf_store_person_put(f->txn, &p), HR_OK);
    s_person(f->txn, "E0199", "E0201", "en"); // a loop back to the case's manager
    s_person(f->txn, "E0300", "E0400", "zh"); // the employee moved to another team
    s_person(f->txn, "E0400", "E0401", "zh");
    s_person(f->txn, "E0401", "", "zh");
    Hr__Workflow__Case *c = s_case(f);
    const char *line[WF_LINE_MAX];
    size_t n = 99;
    assert_int_equal(wf_effects_case_line(f->txn, f->arena, c, HR_TEST_T0_MS, line, &n), HR_OK);
    char got[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), " %s", line[i]);
    // E0201's chain: E0200 (left: passed over), E0199, then E0201 again - the loop closes there;
    // E0201 is the manager (wf_auth_read_as reads them as that first).
    assert_string_equal(got, " E0400 E0401 E0199 E0201");
    // Before E0200 left, they are on it.
    assert_int_equal(wf_effects_case_line(f->txn, f->arena, c, HR_TEST_T0_MS - 2, line, &n), HR_OK);
    got[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), " %s", line[i]);
    assert_string_equal(got, " E0400 E0401 E0200 E0199 E0201");
    // A superior of the manager reads the case; a peer (E0402, under E0401's peer) does not.
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = "E0199";
    assert_string_equal(wf_auth_read_as(&a, c, line, n), "superior");
    a.user_id = "E0402";
    assert_null(wf_auth_read_as(&a, c, line, n));

    // Depth: the manager D00 under D01 under ... D40: WF_CHAIN_MAX levels are followed, D32 and
    // not D33.
    char no[WF_CHAIN_MAX + 10][8];
    for (int i = 0; i <= WF_CHAIN_MAX + 8; i++)
        snprintf(no[i], sizeof no[i], "D%02d", i);
    for (int i = 0; i <= WF_CHAIN_MAX + 8; i++)
        s_person(f->txn, no[i], i < WF_CHAIN_MAX + 8 ? no[i + 1] : "", "zh");
    c->manager_no = no[0];
    assert_int_equal(wf_effects_case_line(f->txn, f->arena, c, HR_TEST_T0_MS, line, &n), HR_OK);
    assert_int_equal(n, WF_CHAIN_MAX + 2); // E0400 E0401, then D01..D32
    bool d32 = false, d33 = false, d01 = false;
    for (size_t i = 0; i < n; i++) {
        d32 |= !strcmp(line[i], no[WF_CHAIN_MAX]);
        d33 |= !strcmp(line[i], no[WF_CHAIN_MAX + 1]);
        d01 |= !strcmp(line[i], no[1]);
        assert_string_not_equal(line[i], "E0300");
    }
    assert_true(d32 && d01);
    assert_false(d33);
}

static bool s_any_member(void *arg, const Hr__Workflow__Person *p)
{
    HR_UNUSED(arg);
    HR_UNUSED(p);
    return true;
}

// When HR records the union's notice, the union's people are told the notice day the letter
// proposes (wf_doc_union_day): the review's while it falls after the interview; once the
// interview is set on or after it, no day that would precede hearing the employee - the letter
// HR serves gives it.
static void test_the_union_is_told_no_notice_day_before_the_interview(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = f->txn;
    Hr__Workflow__Person u = HR__WORKFLOW__PERSON__INIT;
    char *roles[] = {"union"};
    u.employee_no = "E0400";
    u.name = "E0400";
    u.email = "E0400@example.com";
    u.language = "zh";
    u.roles = roles;
    u.n_roles = 1;
    assert_int_equal(wf_store_person_put(txn, &u), HR_OK);
    Hr__Workflow__Case *c = s_case(f);
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    as.lawful = true;
    as.notice_date = "2025-03-10"; // HR_TEST_T0_MS is 2025-03-03 in Shanghai
    as.effective_date = "2025-03-10";
    c->assessment = &as;
    const char *told = NULL;
    assert_int_equal(wf_effects_union_told(txn, f->arena, c, "示例科技有限公司", &f->t,
                                           HR_TEST_T0_MS, s_any_member, NULL, &told),
                     HR_OK);
    assert_string_equal(told, "E0400");
    const Hr__Workflow__WorkflowNotifySend *s =
        s_send(s_outbox(f, txn), WF_TPL_UNION_NOTICE, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "notice_date"), "2025年3月10日");
    assert_string_equal(s_var(s, "opinion_by"), "2025年3月9日（含当日）"); // the letter's words
    // The interview set for 03-12, after the review's day: no day told.
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2025-03-12";
    c->interview = &iv;
    hr_txn_abort(&f->txn);
    assert_int_equal(hr_txn_begin_write(f->store, &f->txn), HR_OK);
    txn = f->txn;
    assert_int_equal(wf_store_person_put(txn, &u), HR_OK);
    assert_int_equal(wf_effects_union_told(txn, f->arena, c, "示例科技有限公司", &f->t,
                                           HR_TEST_T0_MS, s_any_member, NULL, &told),
                     HR_OK);
    s = s_send(s_outbox(f, txn), WF_TPL_UNION_NOTICE, "zh-CN");
    assert_non_null(s);
    assert_string_equal(s_var(s, "notice_date"), "（见通知工会函）");
    assert_string_equal(s_var(s, "opinion_by"), "（见通知工会函）");
}

// The payroll office told again when what a case owes changes (a reinstatement here): each
// payroll person who can be reached, in their language, both amounts of each item to the fen;
// never the employee of the case, someone without an address, or anyone when nothing changed.
static void test_the_payroll_office_is_told_what_changed(void **state)
{
    fixture_t *f = *state;
    hr_txn_t *txn = f->txn;
    s_person(txn, "E0400", "", "en");
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT; // payroll, but no email or mobile
    p.employee_no = "E0401";
    p.name = "E0401";
    char *pr[] = {"payroll"};
    p.roles = pr;
    p.n_roles = 1;
    assert_int_equal(wf_store_person_put(txn, &p), HR_OK);
    Hr__Workflow__Person *e0400 = NULL;
    assert_int_equal(wf_store_person_get(txn, "E0400", f->arena, &e0400), HR_OK);
    e0400->roles = pr;
    e0400->n_roles = 1;
    assert_int_equal(wf_store_person_put(txn, e0400), HR_OK);
    Hr__Workflow__Case *c = s_case(f);
    c->ground = "A40_3";
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    as.lawful = true;
    as.severance_fen = 4500001;
    as.notice_pay_fen = 1000000;
    c->assessment = &as;
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.effective_date = "2026-12-31";
    c->outcome = &o;
    wf_pay_due_t was;
    wf_pay_due_of(c, &was);
    const char *told = "x";
    assert_int_equal(wf_effects_payroll_changed(txn, f->arena, c, &was, "same", "相同", &f->t,
                                                HR_TEST_T0_MS, &told),
                     HR_OK);
    assert_string_equal(told, ""); // nothing changed: nobody is told
    assert_int_equal(s_outbox(f, txn)->n_rows, 0);

    Hr__Workflow__Reinstatement r = HR__WORKFLOW__REINSTATEMENT__INIT;
    r.award_date = "2027-01-10";
    c->reinstatement = &r;
    assert_int_equal(wf_effects_payroll_changed(txn, f->arena, c, &was, "reinstated", "恢复", &f->t,
                                                HR_TEST_T0_MS, &told),
                     HR_OK);
    assert_string_equal(told, "E0400");
    Hr__Workflow__ListOutboxReply *ob = s_outbox(f, txn);
    assert_int_equal(ob->n_rows, 1);
    const Hr__Workflow__WorkflowNotifySend *s = s_send(ob, WF_TPL_PAYMENT_CHANGED, "en");
    assert_non_null(s);
    s_people(s->to, s->n_to, "E0400");
    assert_string_equal(s_var(s, "why"), "reinstated");
    assert_string_equal(s_var(s, "severance_was"), "CNY 45,000.01");
    assert_string_equal(s_var(s, "severance"), "none");
    assert_string_equal(s_var(s, "notice_pay_was"), "CNY 10,000.00");
    assert_string_equal(s_var(s, "notice_pay"), "none");
    assert_string_equal(s_var(s, "owed"), "none");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_an_escalation_goes_out_in_each_readers_language,
                                        s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_one_language_is_one_send, s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_the_union_is_told_no_notice_day_before_the_interview,
                                        s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_past_the_top_the_ladder_reaches_the_escalation_contact,
                                        s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_a_withdrawal_names_the_stage_by_its_title, s_begin,
                                        s_end),
        cmocka_unit_test_setup_teardown(
            test_the_employee_is_told_the_end_the_payment_and_the_transfer, s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_a_rescission_names_the_notice_as_it_was_served,
                                        s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_a_reinstatement_tells_the_employee_the_manager_and_hr,
                                        s_begin, s_end),
        cmocka_unit_test_setup_teardown(
            test_the_case_line_is_the_employees_and_the_managers_superiors, s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_a_set_aside_tells_the_employee_the_manager_and_hr,
                                        s_begin, s_end),
        cmocka_unit_test_setup_teardown(test_the_payroll_office_is_told_what_changed, s_begin,
                                        s_end),
    };
    return cmocka_run_group_tests_name("unit.workflow.effects", tests, s_setup, s_teardown);
}
