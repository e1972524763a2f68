/*  e2e.workflow_layoff - an economic layoff as one decision (LCL 41), through the real daemon and
 *  hrctl, in the demo company (42 active people, a union) on 2026-11-30.
 *
 *  A lone A41 case (E0116) reviewed with HR's typed layoff_count of 5 is not lawful: it stays
 *  with HR, refused with A41_NO_BATCH (HR's count alone is no ground), and its notice is refused
 *  naming hrctl layoff. HR (E0002) creates a batch with hrctl layoff create (serious
 *  difficulties, explained 2026-10-30, reported 2026-11-20, each with its record); a manager may
 *  not, and a reason, a day or a record that is wrong is refused naming the field (Chinese
 *  first). Five A41 cases (E0110..E0114) join with hrctl layoff add; a non-A41 case and a second
 *  join are refused. hrctl layoff show counts 5, Chinese first; one withdrawn, 4 (the withdrawn
 *  one listed, not counted, and why); the lone case joining makes 5 again. hrctl layoff date
 *  records a day again (each member's history says so; an item that is no day refused). A
 *  member's review typing 6 is refused naming both numbers, one giving another explanation day
 *  is refused; with 5 and no days it is lawful on the batch's days and ground, and case show
 *  names the batch; its notice then quotes item 2 of para 1.
 *
 *  A second batch: a member with an Art. 42 status on record (E0115, pregnant) joins warned and
 *  is not counted; a member whose notice is served holds the batch: withdrawing another that
 *  would take it to 4 of 42 (below 10%) is refused with the numbers, and accepted with HR's
 *  reason (hrctl case withdraw --below-threshold-reason), recorded on the batch, each served case
 *  showing the warning A41_BELOW_THRESHOLD_AFTER_SERVICE; its pay statement says notice pay does
 *  not apply to an Art. 41 layoff. A served notice rescinded that takes the batch lower still is
 *  refused alike, and recorded with HR's reason. Its members reviewed while the batch's
 *  explanation is too late: the first reply says A41_EXPLANATION_LATE, and no fact HR confirmed
 *  is said to be left out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "hr_test.h"
#include "workflow_util.h"

// HR's review of an A41 case with every fact, layoff_count typed as count, the directory's
// headcount, the days given (NULL: none) and the union's receipt.
static Hr__Workflow__ReviewCaseRequest *s_review_req(const char *id, int64_t count,
                                                     int64_t headcount, const char *explained,
                                                     const char *reported, hr_arena_t *arena)
{
    Hr__Workflow__ReviewCaseRequest *rv = hr_arena_alloc(arena, sizeof *rv);
    hr__workflow__review_case_request__init(rv);
    rv->case_id = (char *)id;
    rv->n_facts = 6;
    rv->facts = wfe_facts(wfe_a41_facts, wfe_a41_sha, 6, arena);
    rv->facts[0]->number = count;
    rv->facts[1]->number = headcount;
    rv->explained_date = (char *)(explained ? explained : "");
    rv->reported_date = (char *)(reported ? reported : "");
    rv->notice_date = "2026-11-30";
    rv->reasons = "生产经营发生严重困难，裁减人员";
    rv->union_notified = true;
    rv->union_notice_evidence_id = (char *)wfe_a41_sha[6];
    return rv;
}

// hrctl ... as HR (E0002): its exit code, stdout and stderr (arena).
static int s_hrctl(e2e_t *c, const char *const *args, char **out, char **err, hr_arena_t *arena)
{
    const char *argv[16];
    size_t n = 0;
    for (; args[n]; n++)
        argv[n] = args[n];
    argv[n++] = "--as";
    argv[n++] = "E0002";
    argv[n] = NULL;
    char *o = NULL, *e = NULL;
    int rc = e2e_hrctl(c, &o, &e, argv);
    *out = hr_arena_strdup(arena, o ? o : "");
    *err = hr_arena_strdup(arena, e ? e : "");
    hr_free(o);
    hr_free(e);
    return rc;
}

static void s_add(e2e_t *c, const char *layoff, const char *case_id, hr_arena_t *arena)
{
    const char *add[] = {"layoff", "add", layoff, case_id, NULL};
    char *out = NULL, *err = NULL;
    if (s_hrctl(c, add, &out, &err, arena))
        fail_msg("hrctl layoff add %s %s: %s", layoff, case_id, err);
    wfe_has("layoff add", out, hr_arena_fmt(arena, "case %s joined layoff %s", case_id, layoff));
}

static char *s_show(e2e_t *c, const char *layoff, hr_arena_t *arena)
{
    const char *show[] = {"layoff", "show", layoff, NULL};
    char *out = NULL, *err = NULL;
    if (s_hrctl(c, show, &out, &err, arena))
        fail_msg("hrctl layoff show %s: %s", layoff, err);
    return out;
}

// The problem of this code in a reply; fails, listing them, when there is none.
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

static void test_a_layoff_is_counted_by_its_member_cases(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_layoff");
    e2e_config(c, "workflow", "law/has_union", "true");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-11-30", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    const int64_t directory = 42;

    // A lone A41 case: HR's typed 5 of 42 alone is no ground - refused to HR, not lawful, the
    // case still at hr_review (the manager has nothing to fix), and no notice.
    char *lone = wfe_a41_submitted(c, "E0116", arena);
    Hr__Workflow__ReviewCaseRequest *rv =
        s_review_req(lone, 5, directory, "2026-10-30", "2026-11-20", arena);
    rv->a41_trigger = "serious_difficulties";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base, arena);
    assert_false(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "hr_review");
    assert_int_equal(wfe_history_count(rep->case_, "returned"), 0);
    const Hr__Workflow__Finding *alone = s_problem(rep, "A41_NO_BATCH");
    wfe_has("lone review", alone->message_en, "cannot be reviewed lawful nor get a notice");
    wfe_has("lone review", alone->message_zh, "hrctl layoff create --reason");
    assert_string_equal(rep->case_->layoff_id, "");
    Hr__Workflow__RenderDocumentRequest doc = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    doc.case_id = lone;
    doc.kind = "notice";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &doc.base,
                   &hr__workflow__render_document_reply__descriptor, arena, HR_ECONFLICT,
                   "is an A41 layoff in no layoff batch", "不属于任何裁员批次");

    // Creating a batch: HR's; a wrong reason, day or record refused naming the field.
    Hr__Workflow__CreateLayoffRequest cr = HR__WORKFLOW__CREATE_LAYOFF_REQUEST__INIT;
    cr.reason = 2;
    wfe_refused_zh(c, "E0101", "manager", "workflow.CreateLayoff", &cr.base,
                   &hr__workflow__layoff_reply__descriptor, arena, HR_EDENIED,
                   "only HR keeps the layoff batches", "只有 HR 可以管理裁员批次");
    cr.reason = 7;
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.CreateLayoff", &cr.base,
                   &hr__workflow__layoff_reply__descriptor, arena, HR_EINVAL,
                   "reason: 7 is not an item of LCL 41 para 1", "裁员情形（reason）7");
    cr.reason = 2;
    cr.explained_date = "2026-10-30";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.CreateLayoff", &cr.base,
                   &hr__workflow__layoff_reply__descriptor, arena, HR_EINVAL,
                   "explained_evidence_id: the record that shows the explained_date is required",
                   "须有证明它的证据（explained_evidence_id）");
    cr.explained_evidence_id = (char *)wfe_a41_sha[2];
    cr.reported_date = "2026-12-01";
    cr.reported_evidence_id = (char *)wfe_a41_sha[4];
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.CreateLayoff", &cr.base,
                   &hr__workflow__layoff_reply__descriptor, arena, HR_EINVAL,
                   "reported_date: 2026-12-01 is after today", "晚于今天");
    const char *bad[] = {"layoff", "create", "--reason", "9", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(s_hrctl(c, bad, &out, &err, arena), 2);
    wfe_has("hrctl layoff create --reason 9", err, "reason (--reason): 9 is not an item");
    const char *list[] = {"layoff", "list", NULL};
    assert_int_equal(s_hrctl(c, list, &out, &err, arena), 0);
    wfe_has("nothing stored", out, "尚无裁员批次 / no layoffs\n");

    const char *create[] = {"layoff",
                            "create",
                            "--reason",
                            "serious_difficulties",
                            "--explained-on",
                            "2026-10-30",
                            "--explained-evidence",
                            wfe_a41_sha[2],
                            "--reported-on",
                            "2026-11-20",
                            "--reported-evidence",
                            wfe_a41_sha[4],
                            NULL};
    if (s_hrctl(c, create, &out, &err, arena))
        fail_msg("hrctl layoff create: %s", err);
    // Chinese first, the English line after it.
    assert_int_equal(strncmp(out, "裁员批次 ", strlen("裁员批次 ")), 0);
    char *layoff = hr_arena_strndup(arena, out + strlen("裁员批次 "), HR_ID_LEN);
    wfe_has("created", out,
            "《劳动合同法》第四十一条第一款第二项（生产经营发生严重困难），计入裁减人数 0 人");
    wfe_has("created", out, "未达到裁员人数标准");
    wfe_has("created", out, "LCL 41 para 1 item 2 (serious_difficulties), 0 people counted");
    wfe_has("created", out, "explained to the union/staff: 2026-10-30, evidence a30000000000");
    wfe_has("created", out, "创建人 / created by: E0002");

    // Five A41 cases join; another ground, or a second join, does not.
    const char *who[5] = {"E0110", "E0111", "E0112", "E0113", "E0114"};
    char *ids[5];
    for (size_t i = 0; i < 5; i++) {
        ids[i] = wfe_a41_submitted(c, who[i], arena);
        s_add(c, layoff, ids[i], arena);
    }
    Hr__Workflow__Case *other = wfe_open(c, "E0101", "E0115", "A40_3", arena);
    assert_non_null(other);
    Hr__Workflow__AddLayoffCaseRequest add = HR__WORKFLOW__ADD_LAYOFF_CASE_REQUEST__INIT;
    add.layoff_id = layoff;
    add.case_id = other->id;
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.AddLayoffCase", &add.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL,
                   "is A40_3, not an A41 layoff", "不是经济性裁员（A41）");
    add.case_id = ids[0];
    wfe_case_refused(c, "E0002", "hr,hr_head", "workflow.AddLayoffCase", &add.base, arena,
                     HR_ECONFLICT, "is already in layoff");
    add.case_id = ids[1];
    wfe_case_refused(c, "E0101", "manager", "workflow.AddLayoffCase", &add.base, arena, HR_EDENIED,
                     "only HR keeps the layoff batches");
    Hr__Workflow__Case *joined = wfe_get(c, ids[0], arena);
    assert_string_equal(joined->layoff_id, layoff);
    assert_int_equal(wfe_history_count(joined, "layoff_joined"), 1);
    char *shown = s_show(c, layoff, arena);
    wfe_has("layoff show", shown,
            "计入裁减人数 5 人，共 5 个案件；职工总数 42 人，达到裁员人数标准");
    wfe_has("layoff show", shown, "5 people counted, 5 cases; headcount 42: meets the threshold");
    wfe_has("layoff show", shown, hr_arena_fmt(arena, "%s E0110    进行中 OPEN", ids[0]));
    wfe_has("layoff show", shown, "计入 / counted\n");

    // The count follows the members: one withdrawn is not counted, the lone case joining is.
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = ids[4];
    wd.reason = "经协商调岗，不再裁减";
    wfe_case_do(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena);
    shown = s_show(c, layoff, arena);
    wfe_has("after the withdrawal", shown, "4 people counted, 5 cases");
    wfe_has("after the withdrawal", shown, "未达到裁员人数标准");
    wfe_has("after the withdrawal", shown,
            hr_arena_fmt(arena, "%s E0114    已撤回 WITHDRAWN", ids[4]));
    wfe_has("after the withdrawal", shown, "不计入：案件已撤回 / not counted: withdrawn");
    s_add(c, layoff, lone, arena);
    wfe_has("the lone case joined", s_show(c, layoff, arena), "5 people counted, 6 cases");

    // A day recorded again (corrected: the same here): each member's history says so; an item
    // that is neither day is refused naming it.
    const char *redate[] = {"layoff",     "date",       layoff,         "reported",
                            "2026-11-20", "--evidence", wfe_a41_sha[4], NULL};
    if (s_hrctl(c, redate, &out, &err, arena))
        fail_msg("hrctl layoff date: %s", err);
    wfe_has("layoff date", out, "reported to the labour bureau: 2026-11-20, evidence a50000000000");
    assert_int_equal(wfe_history_count(wfe_get(c, ids[1], arena), "layoff_dated"), 1);
    const char *told[] = {"layoff",     "date",       layoff,         "told",
                          "2026-11-20", "--evidence", wfe_a41_sha[4], NULL};
    assert_int_equal(s_hrctl(c, told, &out, &err, arena), 2);
    wfe_has("hrctl layoff date told", err, "what (explained|reported): 'told' is not");

    // A member's review: HR's own count, or another day, refused naming the field.
    rv = s_review_req(ids[0], 6, directory, NULL, NULL, arena);
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL,
                   "whose count is its members: 5, HR typed 6", "批次现有 5 人，审核填写的是 6 人");
    rv = s_review_req(ids[0], 5, directory, "2026-10-29", NULL, arena);
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base,
                   &hr__workflow__case_reply__descriptor, arena, HR_EINVAL,
                   "explained_date: the case is in layoff", "以批次记录的为准（2026-10-30）");
    // With the batch's count and no days of its own: lawful on the batch's days and ground.
    rv = s_review_req(ids[0], 5, directory, NULL, NULL, arena);
    rep = wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base, arena);
    if (!rep->accepted)
        fail_msg("member review: %s", rep->n_problems ? rep->problems[0]->message_en : "?");
    assert_string_equal(rep->case_->assessment->explained_date, "2026-10-30");
    assert_string_equal(rep->case_->assessment->reported_date, "2026-11-20");
    assert_string_equal(rep->case_->a41_trigger, "serious_difficulties");
    assert_null(wfe_finding(rep->case_->assessment, "A41_NO_BATCH"));
    const char *cs[] = {"case", "show", ids[0], NULL};
    assert_int_equal(s_hrctl(c, cs, &out, &err, arena), 0);
    wfe_has("case show", out, hr_arena_fmt(arena, "layoff batch (LCL 41): %s", layoff));
    assert_int_equal(s_hrctl(c, list, &out, &err, arena), 0);
    wfe_has("layoff list", out, hr_arena_fmt(arena, "裁员批次 %s：", layoff));
    wfe_has("layoff list", out, hr_arena_fmt(arena, "layoff %s: LCL 41 para 1 item 2", layoff));
    assert_int_equal(out[strlen(out) - 1], '\n');
    // The member's notice states the trigger the batch gives (GC180).
    doc.case_id = ids[0];
    Hr__Workflow__RenderDocumentReply *letter = NULL;
    assert_int_equal(wfe_call(c, "E0002", "hr,hr_head", "workflow.RenderDocument", &doc.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&letter),
                     HR_OK);
    wfe_has("the notice", letter->text, "第四十一条第一款第二项");

    assert_int_equal(e2e_stop(&c), 0);
    hr_arena_destroy(&arena);
}

// E0115's row of deploy/demo/people.csv, pregnant on record.
#define S_E0115_PREGNANT                                                                               \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"            \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"         \
    "protected\n"                                                                                      \
    "E0115,杨洁,SALES,E0101,yang.jie@example.com,13800000115,大客户经理,2023-01-03,open_ended," \
    "2023-01-03,,,16000.00,16000.00,,,zh,pregnant:医院证明 2026-11-20\n"

static void test_a_served_batch_is_not_taken_below_its_threshold_silently(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_layoff_served");
    e2e_config(c, "workflow", "law/has_union", "true");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-11-30", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_int_equal(wfe_import_people(c, S_E0115_PREGNANT, arena)->imported, 1);
    const int64_t directory = 42;

    // The explanation recorded too late (29 days before the notice), the report on its day.
    const char *create[] = {"layoff",
                            "create",
                            "--reason",
                            "2",
                            "--explained-on",
                            "2026-11-01",
                            "--explained-evidence",
                            wfe_a41_sha[2],
                            "--reported-on",
                            "2026-11-30",
                            "--reported-evidence",
                            wfe_a41_sha[4],
                            NULL};
    char *out = NULL, *err = NULL;
    if (s_hrctl(c, create, &out, &err, arena))
        fail_msg("hrctl layoff create: %s", err);
    char *layoff = hr_arena_strndup(arena, out + strlen("裁员批次 "), HR_ID_LEN);
    const char *who[5] = {"E0110", "E0111", "E0112", "E0113", "E0114"};
    char *ids[5];
    for (size_t i = 0; i < 5; i++) {
        ids[i] = wfe_a41_submitted(c, who[i], arena);
        s_add(c, layoff, ids[i], arena);
    }
    // LCL 42: the pregnant member joins, warned, and is not counted.
    char *protected_ = wfe_a41_submitted(c, "E0115", arena);
    const char *add[] = {"layoff", "add", layoff, protected_, NULL};
    if (s_hrctl(c, add, &out, &err, arena))
        fail_msg("hrctl layoff add: %s", err);
    wfe_has("protected add", out, "警告 / warning A41_MEMBER_PROTECTED");
    wfe_has("protected add", out, "第四十二条规定的情形（pregnant），不得裁减");
    wfe_has("protected add", out, "is not counted (5 people counted now)");
    char *shown = s_show(c, layoff, arena);
    wfe_has("show", shown, "计入裁减人数 5 人，共 6 个案件");
    wfe_has("show", shown, hr_arena_fmt(arena, "%s E0115    进行中 OPEN", protected_));
    wfe_has("show", shown,
            "不计入：人员名册记录有《劳动合同法》第四十二条的情形（pregnant），不得裁减 / not "
            "counted: an Art. 42 status on record (pregnant)");

    // The first reply names the late days, and never asks for a fact HR did confirm: HR leaves
    // opinions_heard out (its record is attached), so the reply asks for that one alone, with
    // the batch's late days beside it; the records are the case's, not "the manager's".
    Hr__Workflow__ReviewCaseRequest *rv = s_review_req(ids[0], 5, directory, NULL, NULL, arena);
    rv->facts[3] = rv->facts[5];
    rv->n_facts = 5;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base, arena);
    assert_false(rep->accepted);
    assert_string_equal(wfe_current_step(rep), "hr_review");
    wfe_has("late", s_problem(rep, "A41_EXPLANATION_LATE")->message_zh,
            "最早可于 2026-12-01 送达裁员通知");
    s_problem(rep, "A41_REPORT_LATE");
    assert_string_equal(s_problem(rep, "EVIDENCE_LEFT_OUT")->fact, "opinions_heard");
    for (size_t i = 0; i < rep->n_problems; i++)
        if (!strcmp(rep->problems[i]->code, "EVIDENCE_LEFT_OUT") &&
            strcmp(rep->problems[i]->fact, "opinions_heard"))
            fail_msg("a fact HR gave said left out: %s", rep->problems[i]->message_en);
    wfe_has("summary", s_problem(rep, "NOTE_REQUIRED")->message_zh, "审核未确认 1 项事实");
    assert_null(strstr(s_problem(rep, "NOTE_REQUIRED")->message_zh, "经理已附上"));

    // The days corrected on the batch: each member reviewed lawful, one served.
    const char *d1[] = {"layoff",     "date",       layoff,         "explained",
                        "2026-10-30", "--evidence", wfe_a41_sha[2], NULL};
    const char *d2[] = {"layoff",     "date",       layoff,         "reported",
                        "2026-11-20", "--evidence", wfe_a41_sha[4], NULL};
    if (s_hrctl(c, d1, &out, &err, arena) || s_hrctl(c, d2, &out, &err, arena))
        fail_msg("hrctl layoff date: %s", err);
    for (size_t i = 0; i < 5; i++) {
        rv = s_review_req(ids[i], 5, directory, NULL, NULL, arena);
        rep = wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base, arena);
        if (!rep->accepted)
            fail_msg("review %s: %s", who[i], rep->n_problems ? rep->problems[0]->message_en : "?");
    }
    // Two notices served (E0110, E0111).
    const char *letters[2] = {"d100000000000000000000000000000000000000000000000000000000000000",
                              "d200000000000000000000000000000000000000000000000000000000000000"};
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = ids[1];
    pr.date = "2026-11-30";
    pr.time = "10:00";
    pr.place = "2F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    wfe_interview_held(c, ids[0], "2026-11-30", arena); // both held: the clock at 11:00
    for (size_t i = 0; i < 2; i++) {
        Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
        ci.case_id = ids[i];
        ci.employee_attended = "yes";
        wfe_case_expect(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
        wfe_case_expect(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena, HR_OK);
        wfe_attach(c, "E0003", "hr", ids[i], "notice_letter", letters[i], arena);
        Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
        oc.case_id = ids[i];
        oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
        oc.served_date = "2026-11-30";
        oc.effective_date = "2026-11-30";
        oc.evidence_id = (char *)letters[i];
        wfe_case_expect(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_OK);
    }

    // Its pay statement: notice pay does not apply to an Art. 41 layoff (not "notice given").
    const char *st[] = {"case", "document", ids[0], "pay_statement", NULL};
    if (s_hrctl(c, st, &out, &err, arena))
        fail_msg("hrctl case document pay_statement: %s", err);
    wfe_has(
        "pay statement", out,
        "2. 代通知金（《劳动合同法》第四十条）：不适用（经济性裁员依照第四十一条进行，第四十一条"
        "未规定代通知金）");
    assert_null(strstr(out, "已提前三十日书面通知"));

    // Withdrawing a member would leave 4 of 42 (9.5%) with a notice out: refused, the numbers
    // named, Chinese first; the case and the batch unchanged.
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = ids[4];
    wd.reason = "经协商调岗，不再裁减";
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.WithdrawCase", &wd.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_ECONFLICT,
                   "it would count 4 people of a headcount of 42, below the threshold of LCL 41 "
                   "(20 people, or 10% of the headcount: 5)",
                   "只剩 4 人计入裁减人数（职工总数 42 人）");
    assert_int_equal(wfe_get(c, ids[4], arena)->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN);
    wfe_has("still counted", s_show(c, layoff, arena), "计入裁减人数 5 人");

    // With HR's reason: withdrawn, the reason on the batch, the served case warned.
    const char *withdraw[] = {"case",
                              "withdraw",
                              ids[4],
                              "经协商调岗，不再裁减",
                              "--below-threshold-reason",
                              "员工主动申请调岗，公司同意",
                              NULL};
    if (s_hrctl(c, withdraw, &out, &err, arena))
        fail_msg("hrctl case withdraw: %s", err);
    shown = s_show(c, layoff, arena);
    wfe_has("below", shown, "计入裁减人数 4 人，共 6 个案件；职工总数 42 人，未达到裁员人数标准");
    wfe_has("below", shown, "员工主动申请调岗，公司同意");
    Hr__Workflow__Case *served = wfe_get(c, ids[0], arena);
    wfe_warning(served->assessment, "A41_BELOW_THRESHOLD_AFTER_SERVICE",
                "fell to 4 people counted of a headcount of 42");
    assert_int_equal(wfe_history_count(served, "layoff_below_threshold"), 1);
    const char *cs[] = {"case", "show", ids[0], NULL};
    assert_int_equal(s_hrctl(c, cs, &out, &err, arena), 0);
    wfe_has("case show", out, "A41_BELOW_THRESHOLD_AFTER_SERVICE");

    // A served notice rescinded with the employee's agreement takes it lower, to 3, with E0110's
    // notice still out: refused alike, then recorded with HR's reason.
    const char *signed_ = "d300000000000000000000000000000000000000000000000000000000000000";
    wfe_attach(c, "E0002", "hr,hr_head", ids[1], "agreement", signed_, arena);
    Hr__Workflow__RescindCaseRequest rs = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
    rs.case_id = ids[1];
    rs.agreement_date = "2026-11-30";
    rs.reason = "员工同意继续履行劳动合同";
    rs.evidence_id = (char *)signed_;
    wfe_refused_zh(c, "E0002", "hr,hr_head", "workflow.RescindCase", &rs.base,
                   &hr__workflow__case_reply__descriptor, arena, HR_ECONFLICT,
                   "after rescinding the notice of case",
                   "只剩 3 人计入裁减人数（职工总数 42 人）");
    rs.below_threshold_reason = "员工本人要求留任，公司同意";
    wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.RescindCase", &rs.base, arena, HR_OK);
    served = wfe_get(c, ids[0], arena);
    assert_int_equal(wfe_history_count(served, "layoff_below_threshold"), 2);
    wfe_has("rescinded", s_show(c, layoff, arena), "员工本人要求留任，公司同意");

    assert_int_equal(e2e_stop(&c), 0);
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_layoff_is_counted_by_its_member_cases),
        cmocka_unit_test(test_a_served_batch_is_not_taken_below_its_threshold_silently),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
