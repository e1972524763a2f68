/*  e2e.workflow_probation - what the law engine is given from the directory at HR review, through
 *  the real daemon and hrctl.
 *  LCL Art. 19: a one-year contract from 2026-09-01 with a probation agreed to 2027-02-28 (the
 *  import warns: two months at most) - an Art. 39(1) dismissal reviewed on 2026-11-30 with every
 *  fact proven is returned unlawful (PROBATION_OVER): the lawful probation ended 2026-10-31, and
 *  the case (and `hrctl case show`) says the agreed probation exceeded Art. 19 and which end was
 *  used. Reg. Art. 27: a wage of 1,500 below the local minimum - without the minimum configured
 *  the start log, sys.Status, `hrctl health` and the assessment (MINIMUM_WAGE_NOT_CONFIGURED)
 *  say so; with Shanghai's 2,740 configured the import names the person and the severance is
 *  5 x 2,740, the assessment naming the figure's source.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"
#include "sys.pb-c.h"

static const char *const S_SHA[4] = {
    "1111111111111111111111111111111111111111111111111111111111111111",
    "2222222222222222222222222222222222222222222222222222222222222222",
    "3333333333333333333333333333333333333333333333333333333333333333",
    "4444444444444444444444444444444444444444444444444444444444444444"};

#define S_PROBATIONER                                                                              \
    "employee_no,name,department_id,manager_no,hire_date,contract_type,contract_start,"            \
    "contract_end,probation_end,monthly_wage,average_wage\n"                                       \
    "E0400,试用员工,SALES,E0101,2026-09-01,fixed,2026-09-01,2027-08-31,2027-02-28,9000.00,"    \
    "9000.00\n"

#define S_LOW_WAGE                                                                                 \
    "employee_no,name,department_id,manager_no,hire_date,contract_type,monthly_wage,"              \
    "average_wage\n"                                                                               \
    "E0410,低薪员工,SALES,E0101,2022-01-01,open_ended,1500.00,1500.00\n"

static Hr__Workflow__ImportReply *s_import(e2e_t *c, const char *csv, hr_arena_t *arena)
{
    Hr__Workflow__ImportReply *ir = wfe_import_people(c, csv, arena);
    assert_int_equal(ir->imported, 1);
    return ir;
}

static const Hr__Workflow__RowError *s_warning(const Hr__Workflow__ImportReply *ir,
                                               const char *column)
{
    for (size_t i = 0; i < ir->n_warnings; i++)
        if (!strcmp(ir->warnings[i]->column, column))
            return ir->warnings[i];
    return NULL;
}

// Opens a case on ground for employee as E0101, attaches the items of the kinds given (S_SHA in
// order) and submits it. The case's id.
static char *s_submitted(e2e_t *c, const char *employee, const char *ground,
                         const char *const *kinds, size_t n, hr_arena_t *arena)
{
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", employee, ground, arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    for (size_t i = 0; i < n; i++)
        wfe_attach(c, "E0101", "manager", id, kinds[i], S_SHA[i], arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena);
    if (!rep->accepted)
        fail_msg("submit %s: %s", employee, rep->n_problems ? rep->problems[0]->message_en : "");
    return id;
}

// HR (E0002) reviews case id with the facts names[i] each proven by S_SHA[i].
static Hr__Workflow__CaseReply *s_review(e2e_t *c, Hr__Workflow__ReviewCaseRequest *rv,
                                         const char *const *names, size_t n, hr_arena_t *arena)
{
    Hr__Workflow__FactConfirmation *facts[4];
    char *ev[4][1];
    for (size_t i = 0; i < n; i++) {
        facts[i] = hr_arena_alloc(arena, sizeof *facts[i]);
        hr__workflow__fact_confirmation__init(facts[i]);
        facts[i]->fact = (char *)names[i];
        ev[i][0] = (char *)S_SHA[i];
        facts[i]->evidence_ids = ev[i];
        facts[i]->n_evidence_ids = 1;
    }
    rv->facts = facts;
    rv->n_facts = n;
    rv->reasons = "e2e: the facts and reasons HR states for the notice";
    return wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv->base, arena);
}

static char *s_show(e2e_t *c, const char *id)
{
    const char *show[] = {"case", "show", id, NULL};
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, show);
    if (rc)
        fail_msg("hrctl case show %s: exit %d: %s", id, rc, err ? err : "");
    hr_free(err);
    return out;
}

static void test_a39_1_after_the_lawful_probation_is_unlawful(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_probation");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-11-30", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ImportReply *ir = s_import(c, S_PROBATIONER, arena);
    const Hr__Workflow__RowError *w = s_warning(ir, "probation_end");
    assert_non_null(w);
    wfe_has("the import's warning", w->message, "LCL Art. 19 allows at most 2 months");
    wfe_has("the import's warning", w->message,
            "a review judges a dismissal with the probation ending 2026-10-31");

    static const char *const kinds[4] = {"hiring_conditions", "rule_acknowledgement",
                                         "assessment_result", "union_notice"};
    char *id = s_submitted(c, "E0400", "A39_1", kinds, 4, arena);
    static const char *const facts[3] = {"hiring_conditions_defined",
                                         "hiring_conditions_made_known", "failure_proven"};
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    rv.notice_date = "2026-11-30";
    rv.union_notified = true;
    rv.union_notice_evidence_id = (char *)S_SHA[3];
    Hr__Workflow__CaseReply *rep = s_review(c, &rv, facts, 3, arena);

    // Two months at most for a one-year contract: probation ended 2026-10-31.
    assert_false(rep->accepted);
    const Hr__Workflow__Assessment *as = rep->case_->assessment;
    assert_false(as->lawful);
    assert_int_equal(as->severance_fen, 0);
    assert_non_null(wfe_finding(as, "PROBATION_OVER"));
    const Hr__Workflow__Finding *f =
        wfe_warning(as, "PROBATION_BEYOND_ART19", "LCL Art. 19 allows at most 2 months");
    wfe_has("the finding", f->message_en, "used 2026-10-31 as the end of probation");
    wfe_has("the finding", f->message_zh, "2026-10-31");
    bool over = false;
    for (size_t i = 0; i < rep->n_problems; i++)
        over |= !strcmp(rep->problems[i]->code, "PROBATION_OVER");
    assert_true(over);

    // The case as HR and the lawyer read it says the same.
    char *out = s_show(c, id);
    wfe_has("hrctl case show", out, "PROBATION_BEYOND_ART19");
    wfe_has("hrctl case show", out, "used 2026-10-31 as the end of probation");
    wfe_has("hrctl case show", out, "PROBATION_OVER");
    hr_free(out);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static const char *const S_A40_3_KINDS[3] = {"other", "other", "feedback_talk_record"};
static const char *const S_A40_3_FACTS[3] = {
    "objective_change_major", "contract_cannot_be_performed", "variation_consultation_failed"};

// E0410 (1,500 a month since 2022-01-01) imported and an Art. 40(3) case reviewed with pay in
// lieu of notice on 2026-12-01: 4 years 11 months, 5 units. The import's reply through *ir.
static Hr__Workflow__Assessment *s_low_wage_reviewed(e2e_t *c, Hr__Workflow__ImportReply **ir,
                                                     hr_arena_t *arena)
{
    wfe_clock_to(c, "2026-12-01", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    *ir = s_import(c, S_LOW_WAGE, arena);
    char *id = s_submitted(c, "E0410", "A40_3", S_A40_3_KINDS, 3, arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = id;
    rv.notice_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = s_review(c, &rv, S_A40_3_FACTS, 3, arena);
    if (!rep->accepted)
        fail_msg("review: %s", rep->n_problems ? rep->problems[0]->message_en : "");
    assert_true(rep->case_->assessment->lawful);
    return rep->case_->assessment;
}

static Hr__Sys__StatusReply *s_status(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t sres;
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, &sres),
                     HR_OK);
    return sres.reply;
}

static bool s_extra(const Hr__Sys__StatusReply *st, const char *prefix)
{
    for (size_t i = 0; i < st->n_extra; i++)
        if (!strncmp(st->extra[i], prefix, strlen(prefix)))
            return true;
    return false;
}

static void test_the_minimum_wage_is_missing_loudly(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_minimum_missing");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__ImportReply *ir = NULL;
    Hr__Workflow__Assessment *as = s_low_wage_reviewed(c, &ir, arena);
    assert_null(s_warning(ir, "monthly_wage")); // nothing to hold the wage against
    // Without the floor the amounts rest on 1,500: said on the assessment.
    assert_int_equal(as->wage_base_fen, 150000);
    assert_int_equal(as->severance_fen, 5 * 150000);
    wfe_warning(as, "MINIMUM_WAGE_NOT_CONFIGURED", "law/local_minimum_monthly_wage");
    assert_null(wfe_finding(as, "MINIMUM_WAGE_APPLIED"));
    // ... and in the start log, sys.Status and hrctl health.
    char *path = hr_strfmt("%s/log/workflow.log", e2e_dir(c));
    char *log = hr_test_read_file(path, NULL);
    assert_non_null(log);
    wfe_has("the workflow log", log, "law.minimum_wage_missing");
    // law/has_union unset is a declaration of no union, said like the minimum (LCL 43).
    wfe_has("the workflow log", log, "law.no_union");
    hr_free(log);
    hr_free(path);
    assert_true(s_extra(s_status(c, arena), "minimum_wage_missing="));
    assert_true(s_extra(s_status(c, arena), "no_union=law/has_union"));
    const char *health[] = {"health", NULL};
    char *out = NULL, *err = NULL;
    e2e_hrctl(c, &out, &err, health); // exit 1: the other daemons are not running
    wfe_has("hrctl health", out, "workflow: no local minimum monthly wage");
    wfe_has("hrctl health", out, " / 未配置当地最低月工资标准（");
    wfe_has("hrctl health", out, "workflow: the company declares no union");
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_the_configured_minimum_is_the_floor(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("workflow_minimum");
    e2e_config(c, "workflow", "law/local_minimum_monthly_wage", "2740");
    e2e_config(c, "workflow", "law/local_minimum_wage_source", "上海 2025-07-01");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__ImportReply *ir = NULL;
    Hr__Workflow__Assessment *as = s_low_wage_reviewed(c, &ir, arena);
    const Hr__Workflow__RowError *w = s_warning(ir, "monthly_wage");
    assert_non_null(w);
    wfe_has("the import's warning", w->message,
            "E0410: monthly_wage 1500.00 is below the local minimum monthly wage 2740.00");
    // Reg. Art. 27: 5 x 2,740; notice pay stays the last month's wage (Reg. Art. 20).
    assert_int_equal(as->wage_base_fen, 274000);
    assert_int_equal(as->severance_fen, 5 * 274000);
    assert_int_equal(as->notice_pay_fen, 150000);
    assert_null(wfe_finding(as, "MINIMUM_WAGE_NOT_CONFIGURED"));
    const Hr__Workflow__Finding *f = wfe_finding(as, "MINIMUM_WAGE_APPLIED");
    assert_non_null(f);
    wfe_has("the finding", f->message_en, "2740.00");
    wfe_has("the finding", f->message_en, "上海 2025-07-01");
    assert_false(s_extra(s_status(c, arena), "minimum_wage_missing="));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a39_1_after_the_lawful_probation_is_unlawful),
        cmocka_unit_test(test_the_minimum_wage_is_missing_loudly),
        cmocka_unit_test(test_the_configured_minimum_is_the_floor),
    };
    return cmocka_run_group_tests_name("e2e.workflow_probation", tests, NULL, NULL);
}
