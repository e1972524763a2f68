/*  e2e.workflow_protectrecord - recording an LCL Art. 42 protection, through the real daemon.
 *
 *  The employee reads their own recorded statuses (`hrctl person show E0115 --as E0115`, Chinese
 *  first) and nobody else new does; the people import's `protected` cell carries a status's
 *  start, expected end and certificate (`pregnant from=... until=... evidence=SHA:source`) next
 *  to today's `kind:source`, and a malformed cell is refused naming its line and column;
 *  removing a status whose stated period has not ended, or any status of someone with an open
 *  case, needs `--reason`, which the notices and the case's history keep; adding one names the
 *  person's open case whatever its step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define CERT "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"

#define S_PEOPLE_HEADER                                                                            \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"        \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"     \
    "protected\n"
// E0115's and E0110's rows of deploy/demo/people.csv up to their protected cell.
#define S_E0115                                                                                        \
    "E0115,杨洁,SALES,E0101,yang.jie@example.com,13800000115,大客户经理,2023-01-03,open_ended," \
    "2023-01-03,,,16000.00,16000.00,,,zh,"
#define S_E0110                                                                                        \
    "E0110,王磊,SALES,E0101,wang.lei@example.com,13800000110,大客户经理,2019-04-01,open_ended," \
    "2019-04-01,,,16000.00,16000.00,,,zh,"

// One people row (header added) imported as the operator with this reason ("" none): the reply,
// errors or not.
static Hr__Workflow__ImportReply *s_import(e2e_t *c, const char *row, const char *reason,
                                           hr_arena_t *arena)
{
    char *csv = hr_strfmt(S_PEOPLE_HEADER "%s\n", row);
    Hr__Workflow__ImportPeopleRequest req = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    req.csv.data = (uint8_t *)csv;
    req.csv.len = strlen(csv);
    req.reason = (char *)reason;
    Hr__Workflow__ImportReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ImportPeople", &req.base,
                              &hr__workflow__import_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    hr_free(csv);
    return rep;
}

static bool s_noticed(const Hr__Workflow__ImportReply *rep, const char *says)
{
    for (size_t i = 0; i < rep->n_notices; i++)
        if (strstr(rep->notices[i], says) || strstr(rep->notices_zh[i], says))
            return true;
    return false;
}

static Hr__Workflow__Person *s_person(e2e_t *c, const char *user, const char *roles, const char *no,
                                      hr_arena_t *arena)
{
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = (char *)no;
    Hr__Workflow__GetPersonReply *rep = NULL;
    assert_int_equal(wfe_call(c, user, roles, "workflow.GetPerson", &req.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep->person;
}

// hrctl with these arguments (the test's config dir added): its exit code, stdout (owned).
static int s_hrctl(e2e_t *c, const char *const *args, char **out)
{
    char *argv[16];
    size_t n = 0;
    argv[n++] = hr_test_bin_path("hrctl");
    for (size_t i = 0; args[i] && n < 13; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--config-dir";
    argv[n++] = (char *)e2e_config_dir(c);
    argv[n] = NULL;
    char *err = NULL;
    int rc = e2e_run(argv, out, &err);
    hr_free(err);
    hr_free(argv[0]);
    return rc;
}

// A pregnancy recorded with its dates and certificate: E0115 reads it in `person show` (Chinese
// line first), her manager and legal do not, and the directory keeps when it was recorded.
static void test_the_employee_sees_her_own_recorded_protection(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("wf_protectrecord_self");
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__ImportReply *rep = s_import(
        c, S_E0115 "pregnant from=2026-11-20 until=2027-08-30 evidence=" CERT ":医院妊娠诊断证明",
        "", arena);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(rep->imported, 1);

    Hr__Workflow__Person *self = s_person(c, "E0115", "employee", "E0115", arena);
    assert_int_equal(self->n_protected_statuses, 1);
    const Hr__Workflow__ProtectedStatus *ps = self->protected_statuses[0];
    assert_string_equal(ps->status, "pregnant");
    assert_string_equal(ps->source, "医院妊娠诊断证明");
    assert_string_equal(ps->since, "2026-11-20");
    assert_string_equal(ps->until, "2027-08-30");
    assert_string_equal(ps->evidence_id, CERT);
    assert_true(ps->recorded_ms > 0);
    // Her wages and identity stay HR's.
    assert_int_equal(self->monthly_wage_fen, 0);
    assert_int_equal(s_person(c, "E0101", "manager", "E0115", arena)->n_protected_statuses, 0);

    char *out = NULL;
    const char *const as_self[] = {"person", "show", "E0115", "--as", "E0115", NULL};
    assert_int_equal(s_hrctl(c, as_self, &out), 0);
    const char *zh = strstr(out, "孕期（pregnant）：自2026-11-20起，预计至2027-08-30，依据：医院妊"
                                 "娠诊断证明，证据 " CERT);
    const char *en = strstr(out, "pregnant: since 2026-11-20, until 2027-08-30, source: "
                                 "医院妊娠诊断证明, evidence " CERT);
    if (!zh || !en)
        fprintf(stderr, "%s", out);
    assert_non_null(zh);
    assert_non_null(en);
    assert_true(zh < en);
    hr_free(out);

    const char *const as_manager[] = {"person", "show", "E0115", "--as", "E0101", NULL};
    assert_int_equal(s_hrctl(c, as_manager, &out), 0);
    assert_null(strstr(out, "医院妊娠诊断证明"));
    assert_null(strstr(out, "pregnant"));
    assert_non_null(strstr(out, "protected statuses"));
    hr_free(out);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Each malformed cell is refused on its line and column, in Chinese first; nothing is imported.
static void test_a_malformed_protected_cell_is_refused_on_its_line(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("wf_protectrecord_cell");
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const cells[][2] = {
        {"pregnant from=2026-13-01:医院证明",
         "第2行：特殊保护中状态 pregnant 的起“2026-13-01”不是有效日期"},
        {"pregnant since=2026-11-01:医院证明", "第2行：特殊保护中状态 pregnant 的“since”无法识别"},
        {"pregnant evidence=1234:医院证明",
         "第2行：特殊保护中状态 pregnant 的证据“1234”不是证据编号"},
        {"medical_treatment_period from=2026-11-01 until=2026-10-01",
         "第2行：特殊保护中状态 medical_treatment_period 的止日期2026-10-01早于起日期2026-11-01"},
        {"pregnant until=2027-01-01 止=2027-02-01",
         "第2行：特殊保护中状态 pregnant 的“止”重复出现"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cells); i++) {
        char *row = hr_strfmt(S_E0115 "%s", cells[i][0]);
        Hr__Workflow__ImportReply *rep = s_import(c, row, "", arena);
        hr_free(row);
        assert_int_equal(rep->imported, 0);
        assert_int_equal(rep->n_errors, 1);
        assert_int_equal(rep->errors[0]->line, 2);
        assert_string_equal(rep->errors[0]->column, "protected");
        if (!strstr(rep->errors[0]->message_zh, cells[i][1]))
            fprintf(stderr, "%s\n", rep->errors[0]->message_zh);
        assert_non_null(strstr(rep->errors[0]->message_zh, cells[i][1]));
    }
    assert_int_equal(s_person(c, NULL, NULL, "E0115", arena)->n_protected_statuses, 0);
    // Today's `kind:source` and the Chinese keys still go in.
    Hr__Workflow__ImportReply *rep =
        s_import(c, S_E0115 "nursing_infant:出生证明;pregnant 起=2026-11-20:医院证明", "", arena);
    assert_int_equal(rep->n_errors, 0);
    Hr__Workflow__Person *p = s_person(c, NULL, NULL, "E0115", arena);
    assert_int_equal(p->n_protected_statuses, 2);
    assert_string_equal(p->protected_statuses[0]->source, "出生证明");
    assert_string_equal(p->protected_statuses[0]->since, "");
    assert_string_equal(p->protected_statuses[1]->since, "2026-11-20");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The HR head's finding: a three-month medical period removed the day it was recorded. Now
// that needs a reason, as does removing any status of someone whose case is open; adding one
// names the open case even at its request step. The reason is in the notices and the history.
static void test_removing_a_protection_needs_a_reason(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("wf_protectrecord_remove");
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // A period that has not ended: removed without a reason, refused; with one, imported.
    Hr__Workflow__ImportReply *rep = s_import(
        c, S_E0115 "medical_treatment_period from=2026-11-01 until=2099-01-31:病假证明", "", arena);
    assert_int_equal(rep->n_errors, 0);
    rep = s_import(c, S_E0115, "", arena);
    assert_int_equal(rep->imported, 0);
    assert_int_equal(rep->n_errors, 1);
    assert_int_equal(rep->errors[0]->line, 2);
    assert_string_equal(rep->errors[0]->column, "protected");
    assert_non_null(strstr(rep->errors[0]->message_zh, "第2行：特殊保护移除了特殊保护状态 "
                                                       "medical_treatment_period（其载明的期间尚"
                                                       "未届满）：请用 hrctl import people"));
    assert_int_equal(s_person(c, NULL, NULL, "E0115", arena)->n_protected_statuses, 1);
    rep = s_import(c, S_E0115, "医院复工证明：提前痊愈", arena);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(rep->imported, 1);
    assert_true(s_noticed(rep, "理由：医院复工证明：提前痊愈"));
    assert_int_equal(s_person(c, NULL, NULL, "E0115", arena)->n_protected_statuses, 0);

    // A status that ended, of someone with no case: no reason needed, as before.
    rep = s_import(c, S_E0115 "medical_treatment_period until=2020-01-31:病假证明", "", arena);
    assert_int_equal(rep->n_errors, 0);
    rep = s_import(c, S_E0115, "", arena);
    assert_int_equal(rep->n_errors, 0);
    assert_int_equal(rep->imported, 1);

    // An open case at its first step: the addition names it; the removal needs a reason, which
    // its history keeps.
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    rep = s_import(c, S_E0110 "pregnant:医院证明", "", arena);
    assert_int_equal(rep->n_errors, 0);
    char *named =
        hr_strfmt("E0110: protected status pregnant added (医院证明); case %s is open", id);
    assert_true(s_noticed(rep, named));
    hr_free(named);
    rep = s_import(c, S_E0110, "", arena);
    assert_int_equal(rep->imported, 0);
    assert_int_equal(rep->n_errors, 1);
    assert_non_null(strstr(rep->errors[0]->message_zh, id));
    rep = s_import(c, S_E0110, "孕检结果有误，医院更正证明", arena);
    assert_int_equal(rep->imported, 1);
    char *cases = hr_strfmt("cases concerned: %s", id);
    assert_true(s_noticed(rep, cases));
    hr_free(cases);
    Hr__Workflow__Case *after = wfe_get(c, id, arena);
    assert_int_equal(wfe_history_count(after, "protection_removed"), 1);
    bool kept = false;
    for (size_t i = 0; i < after->n_history; i++)
        kept |= !strcmp(after->history[i]->action, "protection_removed") &&
                strstr(after->history[i]->note, "孕检结果有误，医院更正证明");
    assert_true(kept);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static Hr__Workflow__StatusReportReply *s_report_call(e2e_t *c, const char *user, const char *roles,
                                                      const char *type, const ProtobufCMessage *req,
                                                      hr_rc_t want, hr_arena_t *arena)
{
    Hr__Workflow__StatusReportReply *rep = NULL;
    assert_int_equal(wfe_call(c, user, roles, type, req,
                              &hr__workflow__status_report_reply__descriptor, arena, (void **)&rep),
                     want);
    return rep;
}

// E0115 reports her pregnancy herself: the directory does not change, HR sees it pending (hrctl
// health, person reports), her manager does not; HR rejects one with a reason she reads, and
// confirms another, getting the protected cell to import. Nobody else answers.
static void test_the_employee_reports_a_status_and_hr_answers(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("wf_protectrecord_report");
    assert_int_equal(wfe_import_demo(c, arena), 0);

    char *out = NULL;
    const char *const report[] = {"person",  "report-status", "pregnant", "--since", "2026-11-20",
                                  "--until", "2027-08-30",    "--as",     "E0115",   NULL};
    assert_int_equal(s_hrctl(c, report, &out), 0);
    assert_non_null(strstr(out, "孕期（pregnant） 自2026-11-20起，预计至2027-08-30  待 HR 处理"));
    hr_free(out);
    assert_int_equal(s_person(c, NULL, NULL, "E0115", arena)->n_protected_statuses, 0);

    const char *const health[] = {"health", NULL};
    s_hrctl(c, health, &out); // the other daemons are not running: only its lines matter
    assert_non_null(strstr(out, "员工报告的特殊保护状态1项待 HR 处理：hrctl person reports"));
    hr_free(out);

    Hr__Workflow__ListStatusReportsRequest lr = HR__WORKFLOW__LIST_STATUS_REPORTS_REQUEST__INIT;
    lr.pending_only = true;
    Hr__Workflow__ListStatusReportsReply *list = NULL;
    assert_int_equal(wfe_call(c, "E0101", "manager", "workflow.ListStatusReports", &lr.base,
                              &hr__workflow__list_status_reports_reply__descriptor, arena,
                              (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_reports, 0); // not her manager's
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.ListStatusReports", &lr.base,
                              &hr__workflow__list_status_reports_reply__descriptor, arena,
                              (void **)&list),
                     HR_OK);
    assert_int_equal(list->n_reports, 1);
    char *id = hr_arena_strdup(arena, list->reports[0]->id);

    Hr__Workflow__AnswerStatusReportRequest ar = HR__WORKFLOW__ANSWER_STATUS_REPORT_REQUEST__INIT;
    ar.report_id = id;
    s_report_call(c, "E0115", "employee", "workflow.AnswerStatusReport", &ar.base, HR_EDENIED,
                  arena);
    s_report_call(c, "E0003", "hr", "workflow.AnswerStatusReport", &ar.base, HR_EINVAL, arena);
    char *reject[] = {"person", "answer-report", id,
                      "reject", "--reason",      "请上传医院妊娠诊断证明后再报告",
                      "--as",   "E0003",         NULL};
    assert_int_equal(s_hrctl(c, (const char *const *)reject, &out), 0);
    hr_free(out);
    const char *const mine[] = {"person", "reports", "--as", "E0115", NULL};
    assert_int_equal(s_hrctl(c, mine, &out), 0);
    assert_non_null(
        strstr(out, "HR 已驳回（rejected）  理由 / reason: 请上传医院妊娠诊断证明后再报告"));
    hr_free(out);
    ar.reason = "再次驳回";
    s_report_call(c, "E0003", "hr", "workflow.AnswerStatusReport", &ar.base, HR_ECONFLICT, arena);
    ar.reason = "";

    Hr__Workflow__ReportStatusRequest rs = HR__WORKFLOW__REPORT_STATUS_REQUEST__INIT;
    rs.status = "pregnant";
    rs.since = "2026-11-20";
    rs.evidence_id = CERT;
    Hr__Workflow__StatusReportReply *r =
        s_report_call(c, "E0115", "employee", "workflow.ReportStatus", &rs.base, HR_OK, arena);
    ar.report_id = r->report->id;
    ar.confirm = true;
    r = s_report_call(c, "E0003", "hr", "workflow.AnswerStatusReport", &ar.base, HR_OK, arena);
    assert_string_equal(r->report->state, "confirmed");
    assert_string_equal(r->protected_cell,
                        "pregnant from=2026-11-20 evidence=" CERT ":员工本人报告，HR 已确认");
    rs.since = "2026-13-01";
    s_report_call(c, "E0115", "employee", "workflow.ReportStatus", &rs.base, HR_EINVAL, arena);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_employee_sees_her_own_recorded_protection),
        cmocka_unit_test(test_a_malformed_protected_cell_is_refused_on_its_line),
        cmocka_unit_test(test_removing_a_protection_needs_a_reason),
        cmocka_unit_test(test_the_employee_reports_a_status_and_hr_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
