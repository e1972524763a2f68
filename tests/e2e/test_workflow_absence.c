/*  e2e.workflow_absence - the real hr-workflow and hr-analytics daemons and hrctl: an Art. 39(2)
 *  case claiming days of absence (OpenCaseRequest.absence_days, `hrctl case open --absent`) is
 *  held at HR review against the attendance feed hr-analytics holds. Days the feed shows the
 *  employee at work (punches) or on approved leave send the case back with one block finding
 *  ABSENCE_CONTRADICTED per day, in Chinese and English, naming the day, what the feed shows and
 *  its source records; the day the feed agrees on is not named. The manager restates the claim
 *  (`hrctl case submit --absent`), and the uncontradicted claim is reviewed lawful. HR may accept
 *  an attached record that explains the difference (a warning then), and a person with no
 *  attendance feed at all gets a warning ABSENCE_NOT_CHECKED, not a block. README "Claimed
 *  absence".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "an_e2e.h"
#include "hr_test.h"
#include "workflow_util.h"

// The records of an A39_2 case: the handbook (the rule, adopted democratically, classing the
// conduct as serious), the employee's signed acknowledgement, the attendance record.
#define SHA_RULE "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA_ACK "2222222222222222222222222222222222222222222222222222222222222222"
#define SHA_ATT "3333333333333333333333333333333333333333333333333333333333333333"
#define SHA_EXPL "4444444444444444444444444444444444444444444444444444444444444444"

// hr-workflow and hr-analytics (the repository's calendar) with the demo directory; E0117's PIN
// 117 in analytics' people feed, punches on Mon 2026-11-02, Tue 11-03 and Thu 11-05, none on
// Wed 11-04, and approved annual leave on Fri 11-06 (covered: a punch on Mon 11-09).
static e2e_t *s_start(const char *name, hr_arena_t *arena)
{
    e2e_t *c = wfe_new(name);
    char *cal = hr_test_source_path(ANE_CALENDAR);
    e2e_config(c, "analytics", "calendar/file", cal);
    hr_free(cal);
    const char *const svcs[] = {"workflow", "analytics", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    json_decref(ane_import_text(c, "pins", "people.csv",
                                "employee_no,pin,department\nE0117,117,SALES\n"
                                "E0110,110,SALES\n"));
    json_decref(ane_import_text(c, "attendance", "attendance.csv",
                                "pin,time\n"
                                "117,2026-11-02 08:55:00\n117,2026-11-02 18:02:00\n"
                                "117,2026-11-03 08:57:00\n117,2026-11-03 18:10:00\n"
                                "117,2026-11-05 08:50:00\n117,2026-11-05 18:00:00\n"
                                "117,2026-11-09 08:52:00\n117,2026-11-09 18:01:00\n"));
    json_decref(ane_import_text(c, "leave", "leave.csv",
                                "employee_no,from,to,type\nE0117,2026-11-06,2026-11-06,annual\n"));
    return c;
}

// employee's A39_2 case opened by E0101 claiming `days` (n), its three records attached, and
// submitted: its id (arena).
static char *s_submitted(e2e_t *c, const char *employee, char **days, size_t n, hr_arena_t *arena)
{
    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = (char *)employee;
    op.ground = "A39_2";
    op.reason = "absent without leave";
    op.absence_days = days;
    op.n_absence_days = n;
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena);
    char *id = hr_arena_strdup(arena, rep->case_->id);
    assert_int_equal(rep->case_->n_absence_days, n);
    wfe_attach(c, "E0101", "manager", id, "rule_document", SHA_RULE, arena);
    wfe_attach(c, "E0101", "manager", id, "rule_acknowledgement", SHA_ACK, arena);
    wfe_attach(c, "E0101", "manager", id, "attendance_record", SHA_ATT, arena);
    Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
    sub.case_id = id;
    assert_true(
        wfe_case_do(c, "E0101", "manager", "workflow.SubmitCase", &sub.base, arena)->accepted);
    return id;
}

// E0002's review of case id with every required fact of A39_2 proven and HR's reasons; the
// records in explained (NULL: none) accepted as explaining the attendance. The reply.
static Hr__Workflow__CaseReply *s_review(e2e_t *c, const char *id, const char *explained,
                                         hr_arena_t *arena)
{
    static const char *const names[5] = {"rule_exists", "rule_adopted_democratically",
                                         "rule_made_known", "conduct_covered_as_serious",
                                         "facts_proven"};
    static const char *const sha[5] = {SHA_RULE, SHA_RULE, SHA_ACK, SHA_RULE, SHA_ATT};
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.case_id = (char *)id;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.reasons = "e2e: absent without leave on the days the case states";
    rv.facts = wfe_facts(names, sha, 5, arena);
    rv.n_facts = 5;
    char *ex[1] = {(char *)explained};
    rv.absence_explained_by = explained ? ex : NULL;
    rv.n_absence_explained_by = explained ? 1 : 0;
    return wfe_case_do(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena);
}

// The findings of code in as.
static size_t s_count(const Hr__Workflow__Assessment *as, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < as->n_findings; i++)
        n += !strcmp(as->findings[i]->code, code);
    return n;
}

// The finding of code whose English text starts with day; the test fails without one.
static const Hr__Workflow__Finding *s_day(const Hr__Workflow__Assessment *as, const char *code,
                                          const char *day)
{
    for (size_t i = 0; i < as->n_findings; i++)
        if (!strcmp(as->findings[i]->code, code) &&
            !strncmp(as->findings[i]->message_en, day, strlen(day)))
            return as->findings[i];
    fail_msg("no %s finding for %s", code, day);
    return NULL;
}

static void test_a_claim_the_feed_contradicts_goes_back_and_a_corrected_one_passes(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = s_start("wfabsence", arena);
    char *days[] = {"2026-11-02", "2026-11-03", "2026-11-04", "2026-11-06"};
    char *id = s_submitted(c, "E0117", days, 4, arena);

    Hr__Workflow__CaseReply *rep = s_review(c, id, NULL, arena);
    assert_false(rep->accepted);
    const Hr__Workflow__Case *cs = rep->case_;
    assert_string_equal(cs->steps[cs->current]->key, "request"); // back to the manager
    assert_false(cs->assessment->lawful);
    assert_int_equal(s_count(cs->assessment, "ABSENCE_CONTRADICTED"), 3);
    // Each day named with what the feed shows and the record it comes from, Chinese first.
    const Hr__Workflow__Finding *f = s_day(cs->assessment, "ABSENCE_CONTRADICTED", "2026-11-02");
    assert_string_equal(f->severity, "block");
    assert_string_equal(f->article, "Interp. I Art. 44");
    assert_non_null(strstr(f->message_zh, "2026-11-02：本案主张 E0117 当天缺勤"));
    assert_non_null(strstr(f->message_zh, "当天有上下班打卡"));
    assert_non_null(strstr(f->message_zh, "attendance.csv 第2行（check-in 08:55"));
    assert_non_null(strstr(f->message_en, "punches on the day"));
    assert_non_null(strstr(f->message_en, "attendance.csv line 2 (check-in 08:55"));
    assert_non_null(strstr(f->message_en, "attendance.csv line 3 (check-out 18:02"));
    assert_non_null(strstr(f->message_en, "hrctl case submit"));
    assert_non_null(strstr(f->message_en, "signed record that the punches were made by someone"));
    f = s_day(cs->assessment, "ABSENCE_CONTRADICTED", "2026-11-03");
    assert_non_null(strstr(f->message_en, "check-in 08:57"));
    f = s_day(cs->assessment, "ABSENCE_CONTRADICTED", "2026-11-06");
    assert_non_null(strstr(f->message_zh, "当天为批准的假期"));
    assert_non_null(strstr(f->message_en, "approved leave on the day"));
    // The leave row by its line only: its type could tell a protected status to the manager.
    assert_non_null(strstr(f->message_en, "leave.csv line 2 (import "));
    assert_null(strstr(f->message_en, "annual"));
    assert_null(strstr(f->message_zh, "annual"));
    // The day the feed agrees on is no finding.
    for (size_t i = 0; i < cs->assessment->n_findings; i++)
        assert_null(strstr(cs->assessment->findings[i]->message_en, "2026-11-04:"));
    // The reply's problems name them too (the manager reads these).
    size_t probs = 0;
    for (size_t i = 0; i < rep->n_problems; i++)
        probs += !strcmp(rep->problems[i]->code, "ABSENCE_CONTRADICTED");
    assert_int_equal(probs, 3);

    // The manager corrects the claim to the day the feed shows no punch, and HR reviews again.
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err,
                       (const char *const[]){"case", "submit", id, "--absent", "2026-11-04", "--as",
                                             "E0101", NULL});
    if (rc)
        fprintf(stderr, "%s\n%s\n", out, err);
    assert_int_equal(rc, 0);
    hr_free(out);
    hr_free(err);
    rep = s_review(c, id, NULL, arena);
    assert_true(rep->accepted);
    cs = rep->case_;
    assert_true(cs->assessment->lawful);
    assert_string_equal(cs->steps[cs->current]->key, "prepare");
    assert_int_equal(cs->n_absence_days, 1);
    assert_string_equal(cs->absence_days[0], "2026-11-04");
    assert_int_equal(s_count(cs->assessment, "ABSENCE_CONTRADICTED"), 0);
    assert_int_equal(s_count(cs->assessment, "ABSENCE_NOT_CHECKED"), 0);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_an_explained_contradiction_and_an_unchecked_claim_warn(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = s_start("wfabsence2", arena);
    // HR accepts an attached statement that someone else punched on 11-02: a warning naming it.
    char *days[] = {"2026-11-02", "2026-11-04"};
    char *id = s_submitted(c, "E0117", days, 2, arena);
    wfe_attach(c, "E0101", "manager", id, "other", SHA_EXPL, arena);
    Hr__Workflow__CaseReply *rep = s_review(c, id, SHA_EXPL, arena);
    assert_true(rep->accepted);
    assert_true(rep->case_->assessment->lawful);
    const Hr__Workflow__Finding *f =
        s_day(rep->case_->assessment, "ABSENCE_CONTRADICTION_EXPLAINED", "2026-11-02");
    assert_string_equal(f->severity, "warn");
    assert_non_null(strstr(f->message_en, SHA_EXPL));

    // E0110 is in analytics' people feed, but no attendance import names PIN 110: the claim
    // cannot be checked, and the review says so without blocking.
    char *d2[] = {"2026-11-03"};
    id = s_submitted(c, "E0110", d2, 1, arena);
    rep = s_review(c, id, NULL, arena);
    assert_true(rep->accepted);
    f = wfe_warning(rep->case_->assessment, "ABSENCE_NOT_CHECKED", "hr-analytics holds no");
    assert_non_null(strstr(f->message_zh, "无法核对缺勤主张"));
    assert_non_null(strstr(f->message_en, "2026-11-03"));

    // hrctl states the claim: ranges expanded, a bad one refused before anything is sent.
    char *err = ane_err(c, 2,
                        (const char *const[]){"case", "open", "E0111", "A39_2", "--absent",
                                              "2026-11-03..2026-11-02", "--as", "E0101", NULL});
    assert_non_null(strstr(err, "--absent: '2026-11-03..2026-11-02' is not a day or range"));
    hr_free(err);
    json_t *op = ane_json(c, (const char *const[]){"case", "open", "E0111", "A39_2", "--absent",
                                                   "2026-11-02..2026-11-03,2026-11-05", "--as",
                                                   "E0101", "--json", NULL});
    char *text = json_dumps(op, JSON_COMPACT);
    assert_non_null(strstr(text, "[\"2026-11-02\",\"2026-11-03\",\"2026-11-05\"]"));
    free(text);
    json_decref(op);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_claim_the_feed_contradicts_goes_back_and_a_corrected_one_passes),
        cmocka_unit_test(test_an_explained_contradiction_and_an_unchecked_claim_warn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
