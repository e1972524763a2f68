/*  e2e.workflow_union - the union's and the staff's part of a rescission at HR review, through
 *  the real daemon, in the demo company with a union (law/has_union true) on 2026-11-30.
 *
 *  An A41 layoff (E0111, manager E0101; one of a batch of five, E0110..E0114, as every A41 case
 *  must be) reviewed by HR (E0002) with every fact confirmed, the batch's explanation to the
 *  union and report to the labour bureau dated today and a total
 *  headcount of 10 typed against the directory's: refused to HR, the case still at hr_review and
 *  nobody sent back - the explanation 30 days short (the earliest lawful notice 2026-12-30), the
 *  report not before the notice, the headcount naming both numbers; a day after today is refused
 *  on the batch. The batch dated 2026-10-30 and 2026-11-20, with the directory's headcount it is
 *  lawful, the dates are on the assessment and
 *  the notice letter states them. Another A41 case (E0112) lawful but for the union's notice
 *  (LCL 43) stays with HR as well: refused with UNION_NOT_NOTIFIED, never returned to the
 *  manager. HR then records the union's part (workflow.RecordUnion): the notice dated
 *  2026-11-28 (a record of another kind refused, a reply to no objection refused), the union's
 *  objection of 2026-11-29; the recorded notice stands for --union-notified (lawful); case show
 *  and the notice letter state the days, the written reply of 2026-11-30 too (--json). A third
 *  case (E0113): a cure refused before the union's opinion, before the written reply to its
 *  objection and dated before that reply; the union told on 2026-12-01, after the notice day
 *  (UNION_NOTICE_LATE), its objection answered and the cure recorded: lawful
 *  (UNION_NOTICE_CURED).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "hr_test.h"
#include "workflow_util.h"

// HR's review of a member of the layoff batch: its days are the batch's (none typed here).
static Hr__Workflow__CaseReply *s_review(e2e_t *c, const char *id, int64_t headcount,
                                         bool union_notified, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = (char *)id;
    rv.n_facts = 6;
    rv.facts = wfe_facts(wfe_a41_facts, wfe_a41_sha, 6, arena);
    rv.facts[0]->number = 5;
    rv.facts[1]->number = headcount;
    rv.notice_date = "2026-11-30";
    rv.a41_trigger = "serious_difficulties";
    rv.reasons = "生产经营发生严重困难，裁减 5 人";
    if (union_notified) {
        rv.union_notified = true;
        rv.union_notice_evidence_id = (char *)wfe_a41_sha[6];
    }
    return wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena);
}

// HR records one of the batch's days (hrctl layoff date), which must succeed.
static void s_date(e2e_t *c, const char *layoff, const char *what, const char *date,
                   const char *sha, hr_arena_t *arena)
{
    Hr__Workflow__DateLayoffRequest req = HR__WORKFLOW__DATE_LAYOFF_REQUEST__INIT;
    req.layoff_id = (char *)layoff;
    req.what = (char *)what;
    req.date = (char *)date;
    req.evidence_id = (char *)sha;
    void *rep = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.DateLayoff", &req.base,
                              &hr__workflow__layoff_reply__descriptor, arena, &rep),
                     HR_OK);
}

static const Hr__Workflow__Finding *s_problem(const Hr__Workflow__CaseReply *rep, const char *code)
{
    for (size_t i = 0; i < rep->n_problems; i++)
        if (!strcmp(rep->problems[i]->code, code))
            return rep->problems[i];
    for (size_t i = 0; i < rep->n_problems; i++)
        fprintf(stderr, "problem %s: %s\n", rep->problems[i]->code, rep->problems[i]->message_en);
    fail_msg("no problem %s among %zu", code, rep->n_problems);
    return NULL;
}

static Hr__Workflow__CaseReply *s_union(e2e_t *c, const char *id, const char *what,
                                        const char *date, const char *sha, bool objection,
                                        hr_arena_t *arena)
{
    Hr__Workflow__RecordUnionRequest req = HR__WORKFLOW__RECORD_UNION_REQUEST__INIT;
    req.case_id = (char *)id;
    req.what = (char *)what;
    req.date = (char *)date;
    req.evidence_id = (char *)sha;
    req.objection = objection;
    return wfe_case_do(c, "E0002", "hr,hr_head", "workflow.RecordUnion", &req.base, arena);
}

static void s_union_refused(e2e_t *c, const char *id, const char *what, const char *date,
                            const char *sha, hr_rc_t want, const char *says)
{
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__RecordUnionRequest req = HR__WORKFLOW__RECORD_UNION_REQUEST__INIT;
    req.case_id = (char *)id;
    req.what = (char *)what;
    req.date = (char *)date;
    req.evidence_id = (char *)sha;
    wfe_case_refused(c, "E0002", "hr,hr_head", "workflow.RecordUnion", &req.base, arena, want,
                     says);
    hr_arena_destroy(&arena);
}

static char *s_show(e2e_t *c, const char *id, bool json)
{
    const char *show[] = {"case", "show", id, json ? "--json" : NULL, NULL};
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, show);
    if (rc)
        fail_msg("hrctl case show %s: exit %d: %s", id, rc, err ? err : "");
    hr_free(err);
    return out;
}

static const char *s_notice(e2e_t *c, const char *id, const char *lang, hr_arena_t *arena)
{
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)id;
    req.kind = "notice";
    req.language = (char *)lang;
    Hr__Workflow__RenderDocumentReply *rep = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&rep),
                     HR_OK);
    return rep->text;
}

static void test_a41_is_dated_and_counted_and_hr_own_tasks_stay_with_hr(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_union");
    e2e_config(c, "workflow", "law/has_union", "true");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-11-30", 9, arena);
    // A union declared: hrctl health does not say the company has none.
    const char *health[] = {"health", NULL};
    char *out = NULL, *err = NULL;
    e2e_hrctl(c, &out, &err, health); // exit 1: the other daemons are not running
    wfe_has("hrctl health", out, "workflow");
    assert_null(strstr(out, "declares no union"));
    hr_free(out);
    hr_free(err);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // LCL 41: the layoff is one batch of five cases (5 of the demo's 41, over 10%), whose days
    // are the batch's: told and reported today.
    Hr__Workflow__CreateLayoffRequest cr = HR__WORKFLOW__CREATE_LAYOFF_REQUEST__INIT;
    cr.reason = 2;
    cr.explained_date = "2026-11-30";
    cr.explained_evidence_id = (char *)wfe_a41_sha[2];
    cr.reported_date = "2026-11-30";
    cr.reported_evidence_id = (char *)wfe_a41_sha[4];
    Hr__Workflow__LayoffReply *batch = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.CreateLayoff", &cr.base,
                              &hr__workflow__layoff_reply__descriptor, arena, (void **)&batch),
                     HR_OK);
    const char *who[5] = {"E0110", "E0111", "E0112", "E0113", "E0114"};
    char *members[5];
    for (size_t i = 0; i < 5; i++) {
        members[i] = wfe_a41_submitted(c, who[i], arena);
        Hr__Workflow__AddLayoffCaseRequest add = HR__WORKFLOW__ADD_LAYOFF_CASE_REQUEST__INIT;
        add.layoff_id = batch->layoff->id;
        add.case_id = members[i];
        wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.AddLayoffCase", &add.base, arena,
                        HR_OK);
    }
    char *id = members[1];

    // The reviewer's review: told and reported today (the batch's days), 10 people typed.
    Hr__Workflow__CaseReply *rep = s_review(c, id, 10, true, arena);
    assert_false(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "hr_review");
    assert_int_equal(wfe_history_count(rep->case_, "returned"), 0);
    wfe_has("the explanation", s_problem(rep, "A41_EXPLANATION_LATE")->message_en,
            "the earliest lawful notice date is 2026-12-30");
    wfe_has("the explanation", s_problem(rep, "A41_EXPLANATION_LATE")->message_zh,
            "最早可于 2026-12-30 送达裁员通知");
    wfe_has("the report", s_problem(rep, "A41_REPORT_LATE")->message_en,
            "2026-11-30 is not before the notice date 2026-11-30");
    const char *hc = s_problem(rep, "A41_HEADCOUNT_MISMATCH")->message_en;
    wfe_has("the headcount", hc, "HR gave 10, the directory holds ");
    long directory = strtol(strstr(hc, "holds ") + 6, NULL, 10);
    assert_true(directory > 10);
    // A date in the future is no record of what was done.
    Hr__Workflow__DateLayoffRequest bad = HR__WORKFLOW__DATE_LAYOFF_REQUEST__INIT;
    bad.layoff_id = batch->layoff->id;
    bad.what = "explained";
    bad.date = "2026-12-01";
    bad.evidence_id = (char *)wfe_a41_sha[2];
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.DateLayoff", &bad.base,
                   &hr__workflow__layoff_reply__descriptor, arena, HR_EINVAL,
                   "explained_date: 2026-12-01 is after today", "晚于今天");

    // Told 31 days before, reported ten days before, the directory's headcount: lawful.
    s_date(c, batch->layoff->id, "explained", "2026-10-30", wfe_a41_sha[2], arena);
    s_date(c, batch->layoff->id, "reported", "2026-11-20", wfe_a41_sha[4], arena);
    rep = s_review(c, id, directory, true, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "?");
    assert_string_equal(rep->case_->assessment->explained_date, "2026-10-30");
    assert_string_equal(rep->case_->assessment->reported_date, "2026-11-20");
    assert_int_equal(rep->case_->assessment->directory_headcount, directory);
    const char *zh = s_notice(c, id, "zh", arena);
    wfe_has("the notice", zh, "一、裁员程序：本次裁减人员");
    wfe_has("the notice", zh, "本单位已于2026年10月30日（本通知三十日以前）向工会说明情况");
    wfe_has("the notice", zh, "裁减人员方案已于2026年11月20日（本通知之前）向劳动行政部门报告");
    assert_null(strstr(zh, "一、提前通知"));
    wfe_has("the notice", s_notice(c, id, "en", arena),
            "explained the situation to the union on 2026-10-30, thirty days or more before "
            "this notice");

    // Lawful but for the union's notice (LCL 43): HR's to do, not the manager's.
    char *other = members[2];
    rep = s_review(c, other, directory, false, arena);
    assert_false(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "hr_review");
    assert_int_equal(wfe_history_count(rep->case_, "returned"), 0);
    s_problem(rep, "UNION_NOT_NOTIFIED");
    assert_int_equal(wfe_get(c, other, arena)->current, rep->case_->current);

    // LCL 43 as HR records it: the notice dated, the union's objection, the written reply.
    assert_true(s_union(c, other, "notice", "2026-11-28", wfe_a41_sha[6], false, arena)->accepted);
    // A reply to no objection, and a notice proven by another kind, are refused.
    s_union_refused(c, other, "reply", "2026-11-29", wfe_a41_sha[3], HR_ECONFLICT, "no objection");
    s_union_refused(c, other, "notice", "2026-11-28", wfe_a41_sha[3], HR_EINVAL,
                    "not a union_notice record");
    assert_true(s_union(c, other, "opinion", "2026-11-29", wfe_a41_sha[3], true, arena)->accepted);
    // The recorded notice stands for --union-notified: lawful.
    rep = s_review(c, other, directory, false, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "?");
    assert_true(rep->case_->assessment->union_notified);
    char *show = s_show(c, other, false);
    wfe_has("case show", show, "union notice (LCL 43): 2026-11-28");
    // The dated notice alone: not also "date not recorded" beside it (the arbitration review).
    if (strstr(show, "date not recorded"))
        fail_msg("case show says the dated union notice has no date:\n%s", show);
    wfe_has("case show", show, "union opinion: objection 2026-11-29");
    wfe_has("case show", show, "employer's written reply: none recorded");
    hr_free(show);
    wfe_has("the notice", s_notice(c, other, "zh", arena),
            "本单位已于2026年11月28日（解除前）将解除理由通知工会");
    assert_true(s_union(c, other, "reply", "2026-11-30", wfe_a41_sha[5], false, arena)->accepted);
    show = s_show(c, other, true);
    wfe_has("case show --json", show, "\"reply_date\": \"2026-11-30\"");
    wfe_has("case show --json", show, "\"notice_date\": \"2026-11-28\"");
    hr_free(show);
    wfe_has("the notice", s_notice(c, other, "zh", arena),
            "工会于2026年11月29日提出异议，本单位已于2026年11月30日将处理结果书面通知工会");

    // Interp. I Art. 47: a notice missed before the notice day, cured before suit - the union
    // told late, its objection answered in writing -, recorded by HR, is the engine's. HR's
    // word alone cures nothing: not before the union's opinion, its objection's reply, nor
    // dated before them.
    char *cured = members[3];
    rep = s_review(c, cured, directory, false, arena);
    assert_false(rep->accepted);
    s_problem(rep, "UNION_NOT_NOTIFIED");
    s_union_refused(c, cured, "cured", "2026-11-30", wfe_a41_sha[6], HR_ECONFLICT,
                    "union_record.opinion: case");
    wfe_clock_to(c, "2026-12-03", 9, arena);
    assert_true(s_union(c, cured, "notice", "2026-12-01", wfe_a41_sha[6], false, arena)->accepted);
    s_union_refused(c, cured, "cured", "2026-12-01", wfe_a41_sha[6], HR_ECONFLICT,
                    "union_record.opinion: case");
    assert_true(s_union(c, cured, "opinion", "2026-12-02", wfe_a41_sha[3], true, arena)->accepted);
    s_union_refused(c, cured, "cured", "2026-12-02", wfe_a41_sha[6], HR_ECONFLICT,
                    "union_record.reply_date: the union objected on 2026-12-02");
    assert_true(s_union(c, cured, "reply", "2026-12-03", wfe_a41_sha[5], false, arena)->accepted);
    s_union_refused(c, cured, "cured", "2026-12-02", wfe_a41_sha[6], HR_EINVAL,
                    "date: 2026-12-02 is before the employer's written reply (2026-12-03)");
    // The late notice alone is none beforehand: the review stays with HR.
    rep = s_review(c, cured, directory, false, arena);
    assert_false(rep->accepted);
    s_problem(rep, "UNION_NOTICE_LATE");
    assert_true(s_union(c, cured, "cured", "2026-12-03", wfe_a41_sha[6], false, arena)->accepted);
    rep = s_review(c, cured, directory, false, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "?");
    assert_non_null(wfe_finding(rep->case_->assessment, "UNION_NOTICE_CURED"));

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a41_is_dated_and_counted_and_hr_own_tasks_stay_with_hr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
