/*  e2e.workflow_union_user - the union as a user (LCL 43), through the real daemon,
 *  in the demo company with a union (law/has_union true) on 2026-12-01.
 *
 *  The union chair (E0300, role union) is imported into the directory. E0117's A39_1 case,
 *  reviewed lawful by HR, is one the company must notify the union of: the chair reads it as the
 *  union (ground, HR's reviewed reasons, the union record) and nothing else of it - not the
 *  manager's text, the evidence, the assessment or the history -, by the API and hrctl case show
 *  --as E0300. A person who only claims the union role (the directory does not give it) reads
 *  nothing. Before the import, the notice recorded warns HR (UNION_NOBODY) and hrctl health says
 *  nobody of the union is in the directory.
 *  Then the union's letter: a review stopped by the union's notice alone keeps HR's reasons; the
 *  union_notice document states them with the notice day proposed and the opinion asked by the
 *  day before, in zh and en, by the API and hrctl (a past day and storing it refused); the notice
 *  recorded mails and texts the union chair once (history union_told). HR's reasons restated
 *  after that: the review is refused to HR with UNION_NOTICE_STALE, case show says so, and the
 *  notice recorded again tells the union once more (once). Recorded with the day the letter
 *  proposed (--served), the notice keeps it and a reprint of the letter states it, dated the
 *  day it was given, after the review's day too. The chair lists the cases the union
 *  was notified of (not a request it was not told of), each as its view shows it, by the API
 *  and hrctl case list --as E0300; the step filters (--owner, --overdue) are refused to it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define S_UNION_CSV                                                                                \
    "employee_no,name,department_id,manager_no,email,mobile,roles\n"                               \
    "E0300,工会主席,ADMIN,E0002,union@example.com,13800000300,union\n"

static const char *const S_SHA[4] = {
    "1111111111111111111111111111111111111111111111111111111111111111",
    "2222222222222222222222222222222222222222222222222222222222222222",
    "3333333333333333333333333333333333333333333333333333333333333333",
    "4444444444444444444444444444444444444444444444444444444444444444"}; // the union's receipt

// HR's union notice of case id (LCL 43) on date, proven by S_SHA[3] (a union_notice record).
static Hr__Workflow__CaseReply *s_union_notice(e2e_t *c, const char *id, const char *date,
                                               hr_arena_t *arena)
{
    Hr__Workflow__RecordUnionRequest req = HR__WORKFLOW__RECORD_UNION_REQUEST__INIT;
    req.case_id = (char *)id;
    req.what = "notice";
    req.date = (char *)date;
    req.evidence_id = (char *)S_SHA[3];
    return wfe_case_do(c, "E0002", "hr,hr_head", "workflow.RecordUnion", &req.base, arena);
}

// HR's review of E0117's A39_1 case id stating reasons, served on 2026-12-01.
static Hr__Workflow__CaseReply *s_review(e2e_t *c, const char *id, const char *reasons,
                                         hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = (char *)id;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.reasons = (char *)reasons;
    rv.facts = wfe_facts(wfe_a39_1_facts, S_SHA, 3, arena);
    rv.n_facts = 3;
    return wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena);
}

// The demo company on 2026-12-01 and E0117's A39_1 case reviewed lawful, the union notified of
// it on 2026-11-30 after HR stated the reasons (a review stopped by the union's notice alone
// keeps them): its id (arena).
static char *s_reviewed(e2e_t *c, hr_arena_t *arena)
{
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = wfe_a39_1_submitted(c, S_SHA, arena);
    assert_false(s_review(c, id, "e2e: the facts and reasons HR states", arena)->accepted);
    wfe_attach(c, "E0002", "hr,hr_head", id, "union_notice", S_SHA[3], arena);
    // Nobody in the directory holds role union yet: HR is warned, the notice stands.
    Hr__Workflow__CaseReply *rep = s_union_notice(c, id, "2026-11-30", arena);
    assert_true(rep->accepted);
    assert_int_equal(rep->n_problems, 1);
    assert_string_equal(rep->problems[0]->code, "UNION_NOBODY");
    assert_string_equal(rep->problems[0]->severity, "warn");
    wfe_has("the warning", rep->problems[0]->message_zh, "角色 union");
    // E0117's union is the head office's (the demo declares no branch): the warning names it.
    wfe_has("the warning", rep->problems[0]->message_zh, "总部的工会（law/has_union）");
    wfe_has("the warning", rep->problems[0]->message_en, "the head office's union (law/has_union)");
    assert_int_equal(wfe_outbox_count(c, id, "union_notice", arena, NULL), 0);
    wfe_a39_1_reviewed(c, id, S_SHA, "e2e: the facts and reasons HR states", arena);
    return id;
}

// hrctl health's output (owned); exit 1 as the other daemons are not running.
static char *s_health(e2e_t *c)
{
    const char *health[] = {"health", NULL};
    char *out = NULL, *err = NULL;
    e2e_hrctl(c, &out, &err, health);
    hr_free(err);
    assert_non_null(out);
    return out;
}

static void test_the_union_reads_what_the_notice_tells_it(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_union_user");
    e2e_config(c, "workflow", "law/has_union", "true");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *id = s_reviewed(c, arena);
    // hrctl health says nobody of the union is in the directory, until the chair is imported.
    char *health = s_health(c);
    wfe_has("hrctl health", health,
            "workflow: the head office's union (law/has_union) has nobody active with role union");
    hr_free(health);
    Hr__Workflow__ImportReply *imp = wfe_import_people(c, S_UNION_CSV, arena);
    assert_int_equal(imp->imported, 1);
    health = s_health(c);
    wfe_has("hrctl health", health, "workflow");
    assert_null(strstr(health, "role union"));
    hr_free(health);

    // The union chair reads the union's part of the case, nothing else of it.
    Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    get.case_id = id;
    Hr__Workflow__CaseReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0300", "union", "workflow.GetCase", &get.base,
                              &hr__workflow__case_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    const Hr__Workflow__Case *v = rep->case_;
    assert_true(v->union_view);
    assert_string_equal(v->ground, "A39_1");
    assert_string_equal(v->reviewed_reasons, "e2e: the facts and reasons HR states");
    assert_string_equal(v->reason, "");
    assert_string_equal(v->manager_no, "");
    assert_int_equal(v->n_evidence, 0);
    assert_int_equal(v->n_facts, 0);
    assert_null(v->assessment);
    assert_int_equal(v->n_history, 0);
    assert_int_equal(v->n_steps, 0);
    assert_string_equal(v->union_record->notice_date, "2026-11-30");

    // hrctl case show --as the chair prints the union's view alone.
    const char *show[] = {"case", "show", id, "--as", "E0300", NULL};
    char *out = NULL, *err = NULL;
    if (e2e_hrctl(c, &out, &err, show))
        fail_msg("hrctl case show --as E0300: %s", err ? err : "");
    wfe_has("case show as the union", out, "ground A39_1 (LCL 39(1))");
    wfe_has("case show as the union", out, "e2e: the facts and reasons HR states");
    wfe_has("case show as the union", out, "union notice (LCL 43): 2026-11-30");
    assert_null(strstr(out, "manager E0101"));
    hr_free(out);
    hr_free(err);

    // Someone claiming the union role the directory does not give them reads nothing.
    wfe_case_refused(c, "E0210", "union", "workflow.GetCase", &get.base, arena, HR_EDENIED,
                     "is not visible to you");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// LCL 43: the union chair lists the cases the union was notified of - E0117's, not E0111's
// request the union has not been told of - each row what its view shows (no manager, step or
// owner), by the API and hrctl case list --as E0300; the step filters are refused to it.
static void test_the_union_lists_the_cases_it_was_notified_of(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_union_list");
    e2e_config(c, "workflow", "law/has_union", "true");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *id = s_reviewed(c, arena);
    Hr__Workflow__Case *other = wfe_open(c, "E0101", "E0111", "A39_2", arena);
    assert_non_null(other);
    assert_int_equal(wfe_import_people(c, S_UNION_CSV, arena)->imported, 1);

    Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0300", "union", "workflow.ListCases", &req.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_cases, 1);
    const Hr__Workflow__CaseSummary *s = rep->cases[0];
    assert_string_equal(s->id, id);
    assert_true(s->union_view);
    assert_string_equal(s->employee_no, "E0117");
    assert_string_equal(s->ground, "A39_1");
    assert_string_equal(s->union_record->notice_date, "2026-11-30");
    assert_string_equal(s->manager_no, "");
    assert_string_equal(s->step, "");
    assert_string_equal(s->step_owner_no, "");
    assert_int_equal(s->step_due_ms, 0);
    // The state filter is the union's too (it reads the state); the step's filters are not.
    req.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    assert_int_equal(wfe_call(c, "E0300", "union", "workflow.ListCases", &req.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_cases, 0);
    req.state = 0;
    req.owner_no = "E0002";
    wfe_refused_zh(c, "E0300", "union", "workflow.ListCases", &req.base,
                   &hr__workflow__list_cases_reply__descriptor, arena, HR_EDENIED,
                   "owner_no: the union's list", "经办人（owner_no）");
    req.owner_no = "";
    req.overdue = true;
    wfe_refused_zh(c, "E0300", "union", "workflow.ListCases", &req.base,
                   &hr__workflow__list_cases_reply__descriptor, arena, HR_EDENIED,
                   "overdue: the union's list", "overdue");
    // Someone claiming the union role the directory does not give them lists nothing.
    req.overdue = false;
    assert_int_equal(wfe_call(c, "E0210", "union", "workflow.ListCases", &req.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->n_cases, 0);

    // hrctl case list --as the chair: the union's table.
    const char *list[] = {"case", "list", "--as", "E0300", NULL};
    char *out = NULL, *err = NULL;
    if (e2e_hrctl(c, &out, &err, list))
        fail_msg("hrctl case list --as E0300: %s", err ? err : "");
    wfe_has("case list as the union", out, id);
    wfe_has("case list as the union", out, "LCL 39(1)");
    wfe_has("case list as the union", out, "2026-11-30");
    assert_null(strstr(out, other->id));
    assert_null(strstr(out, "MANAGER"));
    assert_null(strstr(out, "E0101"));
    hr_free(out);
    hr_free(err);
    const char *owner[] = {"case", "list", "--as", "E0300", "--owner", "E0002", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, owner), 0);
    wfe_has("case list --owner as the union", err, "owner_no");
    hr_free(out);
    hr_free(err);
    // HR lists both, as before.
    const char *hr[] = {"case", "list", NULL};
    if (e2e_hrctl(c, &out, &err, hr))
        fail_msg("hrctl case list: %s", err ? err : "");
    wfe_has("case list as HR", out, other->id);
    wfe_has("case list as HR", out, "MANAGER");
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The union's letter (LCL 43) before the notice: HR's review stopped by the union's notice alone
// keeps the reasons HR stated, and the letter states them with the notice day HR proposes and
// the opinion asked for by the day before; it is never stored as the proof of the notice.
static void test_the_union_letter_states_hr_reasons(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_union_letter");
    e2e_config(c, "workflow", "law/has_union", "true");
    e2e_config(c, "workflow", "company/union_name", "示例科技有限公司工会委员会");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = wfe_a39_1_submitted(c, S_SHA, arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    rv.notice_date = "2026-12-08";
    rv.effective_date = "2026-12-08";
    rv.reasons = "2026年11月连续旷工五日，经书面催告仍未到岗";
    rv.facts = wfe_facts(wfe_a39_1_facts, S_SHA, 3, arena);
    rv.n_facts = 3;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena);
    assert_false(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "hr_review");
    assert_string_equal(wfe_get(c, id, arena)->reviewed_reasons, rv.reasons);
    assert_int_equal(wfe_import_people(c, S_UNION_CSV, arena)->imported, 1);

    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = id;
    req.kind = "union_notice";
    req.served_date = "2026-12-08";
    Hr__Workflow__RenderDocumentReply *doc = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("the union's letter", doc->text, "解除劳动合同通知工会函");
    // HR's reasons, written to the employee, quoted as what the notice to them states; the
    // union by the name company/union_name gives.
    wfe_has("the union's letter", doc->text,
            hr_arena_fmt(arena,
                         "本单位拟向该员工送达的解除劳动合同通知书所述事实和理由如下：「%s。」",
                         rv.reasons));
    wfe_has("the union's letter", doc->text, "\n示例科技有限公司工会委员会：\n");
    wfe_has("the union's letter", doc->text, "第三十九条第一项");
    wfe_has("the union's letter", doc->text, "拟送达解除通知书的日期：2026年12月8日");
    wfe_has("the union's letter", doc->text, "于2026年12月7日（含当日）前提出书面意见");
    assert_int_equal(doc->n_missing, 0);
    req.language = "en";
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("the union's letter", doc->text, "Article 43 of the Labour Contract Law");
    wfe_has("the union's letter", doc->text, "by 2026-12-07 (inclusive).");
    wfe_has("the union's letter", doc->text, "To 示例科技有限公司工会委员会:");
    // The same through hrctl.
    const char *cmd[] = {"case", "document", id, "union_notice", "--served", "2026-12-08", NULL};
    char *out = NULL, *err = NULL;
    if (e2e_hrctl(c, &out, &err, cmd))
        fail_msg("hrctl case document union_notice: %s", err ? err : "");
    wfe_has("hrctl case document", out, "请工会研究后于2026年12月7日（含当日）前提出书面意见");
    hr_free(out);
    hr_free(err);
    // The notice day tomorrow: the union would have less than one full day - no opinion day in
    // the letter, and the reply says so beside it.
    req.served_date = "2026-12-02";
    req.language = "zh";
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("the union's letter", doc->text, "请工会研究后于【缺：opinion_by】前");
    assert_int_equal(doc->n_missing, 1);
    assert_int_equal(doc->n_warnings, 1);
    assert_string_equal(doc->warnings[0]->code, "UNION_OPINION_NO_DAY");
    wfe_has("the warning", doc->warnings[0]->message_zh, "拟送达日2026-12-02距本函日期不足一整天");
    wfe_has("the warning", doc->warnings[0]->message_en, "--served");
    // A notice day already past, a contract end, or storing it as proof: refused, zh first.
    req.language = "";
    req.served_date = "2026-11-30";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                   &hr__workflow__render_document_reply__descriptor, arena, HR_EINVAL,
                   "before today", "早于今天");
    req.served_date = "";
    req.store = true;
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                   &hr__workflow__render_document_reply__descriptor, arena, HR_EINVAL,
                   "the union's receipt is the proof", "回执");

    // HR records the notice: the union's people get the reasons by email (and SMS), once.
    wfe_attach(c, "E0002", "hr,hr_head", id, "union_notice", S_SHA[3], arena);
    rep = s_union_notice(c, id, "2026-12-01", arena);
    assert_true(rep->accepted);
    if (rep->n_problems)
        fail_msg("%s: %s", rep->problems[0]->code, rep->problems[0]->message_en);
    assert_int_equal(rep->n_problems, 0);
    assert_int_equal(wfe_history_count(rep->case_, "union_told"), 1);
    Hr__Workflow__WorkflowNotifySend *sent = NULL;
    assert_int_equal(wfe_outbox_count(c, id, "union_notice", arena, &sent), 1);
    assert_true(wfe_told_to(wfe_told(c, id, "union_notice", true, arena), "E0300"));
    assert_int_equal(sent->n_channels, 2); // email and SMS: E0300 has both
    const char *reasons = NULL, *opinion = NULL;
    for (size_t i = 0; i < sent->n_vars; i++) {
        if (!strcmp(sent->vars[i]->key, "reasons"))
            reasons = sent->vars[i]->value;
        if (!strcmp(sent->vars[i]->key, "opinion_by"))
            opinion = sent->vars[i]->value;
    }
    assert_non_null(reasons);
    // As the union's letter states them: quoted from the notice to the employee.
    assert_string_equal(
        reasons,
        hr_arena_fmt(arena, "本单位拟向该员工送达的解除劳动合同通知书所述事实和理由如下：「%s。」",
                     rv.reasons));
    assert_non_null(opinion);
    // The review stopped at the union's notice planned no notice day: the letter states it.
    assert_string_equal(opinion, "（见通知工会函）");
    // Recorded again (a corrected day): no second mail.
    assert_true(s_union_notice(c, id, "2026-12-01", arena)->accepted);
    assert_int_equal(wfe_outbox_count(c, id, "union_notice", arena, NULL), 1);

    // HR's reasons change after the union was told: its notice no longer stands for them - the
    // review is refused to HR (UNION_NOTICE_STALE, HR's own), the new reasons kept.
    const char *restated = "2026年11月连续旷工六日，经两次书面催告仍未到岗";
    rv.reasons = (char *)restated;
    rep = wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena);
    assert_false(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "hr_review");
    assert_int_equal(wfe_history_count(rep->case_, "returned"), 0);
    const Hr__Workflow__Finding *stale = NULL;
    for (size_t i = 0; i < rep->n_problems && !stale; i++)
        if (!strcmp(rep->problems[i]->code, "UNION_NOTICE_STALE"))
            stale = rep->problems[i];
    if (!stale)
        fail_msg("no UNION_NOTICE_STALE among %zu problems", rep->n_problems);
    wfe_has("the stale notice", stale->message_zh, "原通知不再有效");
    wfe_has("the stale notice", stale->message_en, "the union notice of 2026-12-01");
    assert_string_equal(wfe_get(c, id, arena)->reviewed_reasons, restated);
    const char *show[] = {"case", "show", id, NULL};
    if (e2e_hrctl(c, &out, &err, show))
        fail_msg("hrctl case show: %s", err ? err : "");
    wfe_has("case show", out, "the reasons changed after this notice");
    hr_free(out);
    hr_free(err);
    // The new notice tells the union the new reasons: once, however often it is recorded.
    rep = s_union_notice(c, id, "2026-12-01", arena);
    assert_true(rep->accepted);
    assert_int_equal(wfe_history_count(rep->case_, "union_told"), 2);
    assert_int_equal(wfe_outbox_count(c, id, "union_notice", arena, NULL), 2);
    assert_true(s_union_notice(c, id, "2026-12-01", arena)->accepted);
    assert_int_equal(wfe_outbox_count(c, id, "union_notice", arena, NULL), 2);
    rep = wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "?");
    assert_true(rep->case_->assessment->union_notified);

    // The letter HR gave the union proposed 2026-12-09, not the review's 2026-12-08: recorded
    // with it (hrctl --served), the case keeps that day with the notice, and a reprint states
    // it - also once the review's day has passed, which would otherwise be refused. A day before
    // the notice's own is refused, naming the field, and nothing changes.
    const char *before[] = {"case",       "union",      id,       "notice",
                            "2026-12-01", "--evidence", S_SHA[3], "--served",
                            "2026-11-30", "--as",       "E0002",  NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, before), 2);
    wfe_has("hrctl case union --served 2026-11-30", err, "proposed_date (--served)");
    hr_free(out);
    hr_free(err);
    const char *proposed[] = {"case",       "union",      id,       "notice",
                              "2026-12-01", "--evidence", S_SHA[3], "--served",
                              "2026-12-09", "--as",       "E0002",  NULL};
    if (e2e_hrctl(c, &out, &err, proposed))
        fail_msg("hrctl case union --served: %s", err ? err : "");
    hr_free(out);
    hr_free(err);
    assert_string_equal(wfe_get(c, id, arena)->union_record->notice_proposed_date, "2026-12-09");
    wfe_clock_to(c, "2026-12-10", 9, arena);
    req.served_date = "";
    req.store = false;
    req.language = "zh";
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("the letter reprinted", doc->text, "拟送达解除通知书的日期：2026年12月9日");
    wfe_has("the letter reprinted", doc->text, "于2026年12月8日（含当日）前提出书面意见");
    wfe_has("the letter reprinted", doc->text, "2026年12月1日"); // dated the day it was given
    assert_int_equal(doc->n_missing, 0);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_union_reads_what_the_notice_tells_it),
        cmocka_unit_test(test_the_union_letter_states_hr_reasons),
        cmocka_unit_test(test_the_union_lists_the_cases_it_was_notified_of),
    };
    return cmocka_run_group_tests_name("e2e.workflow_union_user", tests, NULL, NULL);
}
