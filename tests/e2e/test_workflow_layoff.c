/*  e2e.workflow_layoff - an economic layoff as one decision (LCL 41), through the real daemon and
 *  hrctl, in the demo company (42 active people, a union) on 2026-11-30.
 *
 *  A lone A41 case (E0116) reviewed with HR's typed layoff_count of 5 is lawful as before, with
 *  a warning (A41_NO_BATCH) that its count is HR's word alone. HR (E0002) creates a batch with
 *  hrctl layoff create (serious difficulties, explained 2026-10-30, reported 2026-11-20, each
 *  with its record); a manager may not, and a reason, a day or a record that is wrong is refused
 *  naming the field (Chinese first). Five A41 cases (E0110..E0114) join with hrctl layoff add; a
 *  non-A41 case and a second join are refused. hrctl layoff show counts 5; one withdrawn, 4 (the
 *  withdrawn one listed, not counted); the lone case joining makes 5 again. hrctl layoff date
 *  records a day again (each member's history says so; an item that is no day refused). A
 *  member's review typing 6 is refused naming both numbers, one giving another explanation day
 *  is refused; with 5 and no days it is lawful on the batch's days and ground, with no
 *  A41_NO_BATCH warning, and case show names the batch.
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

static void test_a_layoff_is_counted_by_its_member_cases(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("workflow_layoff");
    e2e_config(c, "workflow", "law/has_union", "true");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_clock_to(c, "2026-11-30", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    const int64_t directory = 42;

    // A lone A41 case: lawful on HR's typed 5 of 42, warned that 5 is HR's word alone.
    char *lone = wfe_a41_submitted(c, "E0116", arena);
    Hr__Workflow__ReviewCaseRequest *rv =
        s_review_req(lone, 5, directory, "2026-10-30", "2026-11-20", arena);
    rv->a41_trigger = "serious_difficulties";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base, arena);
    if (!rep->accepted)
        fail_msg("lone review: %s", rep->n_problems ? rep->problems[0]->message_en : "?");
    wfe_warning(rep->case_->assessment, "A41_NO_BATCH", "its layoff_count is HR's word alone");
    assert_string_equal(rep->case_->layoff_id, "");

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
    wfe_has("nothing stored", out, "no layoffs");

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
    wfe_has("created", out, "LCL 41 para 1 item 2 (serious_difficulties), 0 people counted");
    assert_int_equal(strncmp(out, "layoff ", 7), 0);
    char *layoff = hr_arena_strndup(arena, out + 7, HR_ID_LEN);
    wfe_has("created", out, "explained to the union/staff: 2026-10-30, evidence a30000000000");

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
    wfe_has("layoff show", s_show(c, layoff, arena), "5 people counted, 5 cases");

    // The count follows the members: one withdrawn is not counted, the lone case joining is.
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = ids[4];
    wd.reason = "经协商调岗，不再裁减";
    wfe_case_do(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena);
    char *shown = s_show(c, layoff, arena);
    wfe_has("after the withdrawal", shown, "4 people counted, 5 cases");
    wfe_has("after the withdrawal", shown, hr_arena_fmt(arena, "%s E0114", ids[4]));
    wfe_has("after the withdrawal", shown, "(not counted)");
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
    wfe_has("layoff list", out, hr_arena_fmt(arena, "layoff %s: LCL 41 para 1 item 2", layoff));

    assert_int_equal(e2e_stop(&c), 0);
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_layoff_is_counted_by_its_member_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
