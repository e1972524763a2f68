/*  test_wf_tell - what the workflow tells people and shows them: wages and the amounts computed
 *  from them left out for anyone but HR, legal and the operator (wf_case_redact); the findings of
 *  a returned case as a bounded text in the reader's language; a return for a protection that
 *  no evidence cures; who hears of a withdrawal; which open duty a list shows for a closed case;
 *  the pieces of the employee's meeting texts and what the employee reads of their own case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf.h"
#include "hr_test.h"

static Hr__Actor s_actor(const char *user, char **roles, size_t n)
{
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = (char *)user;
    a.roles = roles;
    a.n_roles = n;
    return a;
}

static Hr__Workflow__Finding s_finding(const char *severity, const char *code, const char *fact,
                                       const char *article, const char *zh, const char *en)
{
    Hr__Workflow__Finding f = HR__WORKFLOW__FINDING__INIT;
    f.severity = (char *)severity;
    f.code = (char *)code;
    f.fact = (char *)fact;
    f.article = (char *)article;
    f.message_zh = (char *)zh;
    f.message_en = (char *)en;
    return f;
}

// A manager (and anyone but HR, legal and the operator) reads the verdict and the findings of a
// case, never the money: the amounts are 0 with money_hidden set, the dispute's amount too, also
// in its history note; the stored record the caller holds is left as it was.
static void test_money_is_left_out_for_everyone_but_hr_legal_and_the_operator(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *mgr_roles[] = {"manager"}, *hr_roles[] = {"hr"}, *legal_roles[] = {"legal"},
         *op_roles[] = {"operator"}, *emp_roles[] = {"employee"};
    struct {
        Hr__Actor a;
        bool sees;
    } rows[] = {
        {s_actor("E0102", mgr_roles, 1), false},
        {s_actor("E0003", hr_roles, 1), true},
        {s_actor("E0009", legal_roles, 1), true},
        {s_actor("operator", op_roles, 1), true},
        {s_actor("E0100", mgr_roles, 1), false},
        {s_actor("E0117", emp_roles, 1), false},
        {s_actor("", NULL, 0), false},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
        as.lawful = true;
        as.severance_fen = 44305200;
        as.notice_pay_fen = 6000000;
        as.unlawful_compensation_fen = 1800000;
        as.wage_base_fen = 6000000;
        as.wage_capped = true; // the cap is public: with the units it gives the severance back
        as.service_half_units = 24;
        as.severance_pre2008_fen = 1200000;
        Hr__Workflow__Finding warn =
            s_finding("warn", "NOTICE_PAY_OWED", "termination.pay_in_lieu_of_notice", "LCL 40",
                      "需支付代通知金", "pay in lieu of notice is owed");
        Hr__Workflow__Finding *fl[] = {&warn};
        as.findings = fl;
        as.n_findings = 1;
        Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
        d.result = "employee_won";
        d.amount_fen = 20800000;
        Hr__Workflow__HistoryEntry h = HR__WORKFLOW__HISTORY_ENTRY__INIT;
        h.action = "dispute_recorded";
        h.note =
            "arbitration filed 2027-01-15, result employee_won, amount 208000.00 yuan; note: x";
        Hr__Workflow__HistoryEntry *hl[] = {&h};
        Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
        c.assessment = &as;
        c.dispute = &d;
        c.history = hl;
        c.n_history = 1;
        wf_case_redact(&rows[i].a, &c, arena);
        assert_int_equal(wf_actor_sees_money(&rows[i].a), rows[i].sees);
        assert_int_equal(c.money_hidden, !rows[i].sees);
        assert_true(c.assessment->lawful); // the verdict is everyone's
        assert_string_equal(c.assessment->findings[0]->message_en, warn.message_en);
        if (rows[i].sees) {
            assert_int_equal(c.assessment->severance_fen, 44305200);
            assert_int_equal(c.dispute->amount_fen, 20800000);
            assert_ptr_equal(c.history[0], &h);
            continue;
        }
        assert_int_equal(c.assessment->severance_fen, 0);
        assert_int_equal(c.assessment->notice_pay_fen, 0);
        assert_int_equal(c.assessment->unlawful_compensation_fen, 0);
        assert_int_equal(c.assessment->wage_base_fen, 0);
        assert_false(c.assessment->wage_capped);
        assert_int_equal(c.assessment->service_half_units, 0);
        assert_int_equal(c.assessment->severance_pre2008_fen, 0);
        assert_int_equal(c.dispute->amount_fen, 0);
        // Legal's note is withheld too (a reason given about the employee: HR and legal only).
        assert_string_equal(
            c.history[0]->note,
            "arbitration filed 2027-01-15, result employee_won, amount visible to "
            "HR only; note: 已记录在案件中（仅 HR 和法务可见），如需了解请联系 HR / "
            "kept in the case record (HR and legal only); ask HR");
        // What the caller stored is untouched.
        assert_int_equal(as.severance_fen, 44305200);
        assert_int_equal(d.amount_fen, 20800000);
        assert_non_null(strstr(h.note, "208000.00"));
    }
    hr_arena_destroy(&arena);
}

// The findings of a return, one numbered line each with the article and hr_law's message (the
// fact and what to attach), in the reader's language; only the block findings.
static void test_returned_findings_are_numbered_sentences_in_the_readers_language(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Finding a =
        s_finding("block", "EVIDENCE_MISSING", "evidence.hiring_conditions_defined", "LCL 39(1)",
                  "未证明：录用条件（证据类型：录用条件）。",
                  "Not proven: hiring conditions (evidence kinds: "
                  "hiring_conditions).");
    Hr__Workflow__Finding info = s_finding("info", "X", "", "LCL 1", "信息", "info");
    Hr__Workflow__Finding b =
        s_finding("block", "EVIDENCE_MISSING", "evidence.failure_proven", "LCL 39(1)",
                  "未证明：不符合录用条件。", "Not proven: the failure.");
    Hr__Workflow__Finding *list[] = {&a, &info, &b};
    assert_int_equal(wf_tell_block_count(list, 3), 2);
    assert_string_equal(wf_tell_findings_text(list, 3, false, arena),
                        "1. 未证明：录用条件（证据类型：录用条件）。\n"
                        "2. 未证明：不符合录用条件。");
    assert_string_equal(wf_tell_findings_text(list, 3, true, arena),
                        "1. [LCL 39(1)] Not proven: hiring conditions (evidence kinds: "
                        "hiring_conditions).\n2. [LCL 39(1)] Not proven: the failure.");
    hr_arena_destroy(&arena);
}

// Many long findings: the text stops within WF_TELL_TEXT_MAX (notify takes 4096 bytes a
// variable) and says how many more there are.
static void test_returned_findings_text_is_bounded_and_counts_the_rest(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *msg = hr_arena_alloc(arena, 901);
    memset(msg, 'x', 900);
    msg[900] = '\0';
    Hr__Workflow__Finding f =
        s_finding("block", "EVIDENCE_MISSING", "evidence.x", "LCL 40(2)", msg, msg);
    Hr__Workflow__Finding *list[8];
    for (size_t i = 0; i < 8; i++)
        list[i] = &f;
    const char *text = wf_tell_findings_text(list, 8, true, arena);
    assert_true(strlen(text) <= WF_TELL_TEXT_MAX);
    assert_non_null(strstr(text, "4. [LCL 40(2)]"));
    assert_null(strstr(text, "5. [LCL 40(2)]"));
    assert_non_null(strstr(text, "\n... and 4 more: see the case in the system."));
    text = wf_tell_findings_text(list, 8, false, arena);
    assert_non_null(strstr(text, "另有 4 项，请在系统中查看该案件。"));
    hr_arena_destroy(&arena);
}

// A block on a protected status cannot be cured by evidence; an info about one (Art. 42 is no
// bar to Art. 39) or evidence missing alone can.
static void test_a_protection_block_is_blocked_evidence_missing_is_not(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Finding prot = s_finding("block", "PROTECTED_PREGNANT",
                                           "employee.status.pregnant", "LCL 42(4)", "孕期", "preg");
    Hr__Workflow__Finding info = s_finding("info", "ART42_NOT_A_BAR", "employee.status.pregnant",
                                           "LCL 42(4)", "不构成障碍", "no bar");
    Hr__Workflow__Finding miss =
        s_finding("block", "EVIDENCE_MISSING", "evidence.job_standard_made_known", "LCL 40(2)",
                  "未证明", "not proven");
    Hr__Workflow__Assessment a = HR__WORKFLOW__ASSESSMENT__INIT;
    Hr__Workflow__Finding *both[] = {&miss, &prot}, *no_bar[] = {&info, &miss};
    a.findings = both;
    a.n_findings = 2;
    assert_true(wf_tell_is_blocked(&a));
    a.findings = no_bar;
    assert_false(wf_tell_is_blocked(&a));
    assert_false(wf_tell_is_blocked(NULL));

    // Blocked at request: no deadline, so no due row (wf_escalation_next_ms 0) and no ladder.
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.key = WF_STEP_REQUEST;
    st.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    st.due_ms = st.overdue_ms = 1000;
    st.remind_ms = 500;
    st.level2_ms = 2000;
    st.escalation_level = 1;
    assert_true(wf_escalation_next_ms(&st) > 0);
    // A case at request returned for a protection is blocked, with or without the deadline an
    // older version gave it (the tick takes such a deadline away instead of escalating).
    Hr__Workflow__CaseStep *steps[] = {&st};
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    c.steps = steps;
    c.n_steps = 1;
    c.returns = 1;
    a.findings = both;
    c.assessment = &a;
    assert_true(wf_tell_case_is_blocked(&c));
    wf_tell_block_step(&st);
    assert_int_equal(wf_escalation_next_ms(&st), 0);
    assert_true(wf_tell_case_is_blocked(&c));
    // Not blocked: never returned, the evidence missing alone, or moved on to the review.
    c.returns = 0;
    assert_false(wf_tell_case_is_blocked(&c));
    c.returns = 1;
    a.findings = no_bar;
    assert_false(wf_tell_case_is_blocked(&c));
    a.findings = both;
    st.key = WF_STEP_HR_REVIEW;
    assert_false(wf_tell_case_is_blocked(&c));
}

// Who hears of a withdrawal, by where the case stood.
static void test_withdrawal_tells_hr_the_approver_and_the_invited_never_the_employee(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__CaseStep prep = HR__WORKFLOW__CASE_STEP__INIT;
    prep.key = WF_STEP_PREPARE;
    prep.owner_no = "E0003";
    Hr__Workflow__CaseStep *steps[] = {&prep};
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    // Escalations of the stage it stood at: its owner E0102, level 1 to E0100, level 2 to the
    // HR head E0002 (and E0001 above E0100).
    const char *const escalated[] = {"E0102", "E0100", "E0001", "E0002", "E0102"};
    struct {
        bool approval;
        bool interview;
        const char *by;
        const char *opened_by; // E0101 when HR handed the case from him to E0102
        size_t nescalated;
        const char *want; // space-separated
    } rows[] = {
        {false, false, "E0102", "E0102", 0, "E0003"},
        {true, false, "E0102", "E0102", 0, "E0003 E0100"},
        {false, true, "E0102", "E0102", 0, "E0003"}, // the manager withdrew: who prepared it
        {true, true, "operator", "E0102", 0, "E0003 E0100 E0102"},
        {false, false, "operator", "E0102", 0, "E0003 E0102"}, // the manager did not: told
        // HR withdrew a case handed on: the manager now, never the one replaced.
        {false, false, "E0003", "E0101", 0, "E0102"},
        {false, false, "E0003", "E0101", 1, "E0102"},
        {false, false, "operator", "E0101", 5, "E0003 E0102 E0100 E0001 E0002"},
        {false, false, "E0102", "E0101", 5, "E0003 E0100 E0001 E0002"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
        c.employee_no = "E0117";
        c.manager_no = "E0102";
        c.opened_by = (char *)rows[i].opened_by;
        c.wants_superior_approval = rows[i].approval;
        c.interview = rows[i].interview ? &iv : NULL;
        c.steps = steps;
        c.n_steps = 1;
        const char *out[8];
        size_t n = wf_tell_withdrawn_to(&c, "E0003", "E0100", rows[i].by, escalated,
                                        rows[i].nescalated, out, 8);
        char got[128] = "";
        for (size_t k = 0; k < n; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? " " : "", out[k]);
        if (strcmp(got, rows[i].want))
            fail_msg("row %zu: told '%s', want '%s'", i, got, rows[i].want);
    }
    // The employee is never told, even named where a recipient would be.
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E0117";
    c.manager_no = "E0102";
    c.opened_by = "E0102";
    const char *out[4];
    assert_int_equal(wf_tell_withdrawn_to(&c, "E0117", "", "E0102", NULL, 0, out, 4), 0);
}

// A closed case with duties owed: the list shows the most escalated, else the one due first;
// the records' retention only once overdue; nothing for an open or withdrawn case.
static void test_a_closed_case_lists_its_open_duty(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__CaseStep close = HR__WORKFLOW__CASE_STEP__INIT,
                           cert = HR__WORKFLOW__CASE_STEP__INIT,
                           transfer = HR__WORKFLOW__CASE_STEP__INIT,
                           keep = HR__WORKFLOW__CASE_STEP__INIT;
    close.key = WF_STEP_CLOSE;
    close.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    cert.key = WF_DUTY_CERTIFICATE;
    transfer.key = WF_DUTY_TRANSFER;
    keep.key = WF_DUTY_RETENTION;
    Hr__Workflow__CaseStep *duties[] = {&cert, &transfer, &keep};
    for (size_t i = 0; i < 3; i++) {
        duties[i]->duty = true;
        duties[i]->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    }
    cert.due_ms = 1000;
    transfer.due_ms = 2000;
    keep.due_ms = 9000;
    Hr__Workflow__CaseStep *steps[] = {&close, &cert, &transfer, &keep};
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    c.steps = steps;
    c.n_steps = 4;
    uint32_t n = 0;
    assert_ptr_equal(wf_tell_open_duty(&c, &n), &cert); // due first
    assert_int_equal(n, 2);                             // the retention is no task yet
    transfer.escalation_level = 2;
    assert_ptr_equal(wf_tell_open_duty(&c, &n), &transfer); // the most escalated
    cert.escalation_level = 2;
    assert_ptr_equal(wf_tell_open_duty(&c, &n), &cert); // as escalated, due first
    cert.state = transfer.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    assert_null(wf_tell_open_duty(&c, &n));
    assert_int_equal(n, 0);
    keep.escalation_level = 1; // the retention overdue: shown
    assert_ptr_equal(wf_tell_open_duty(&c, &n), &keep);
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    assert_null(wf_tell_open_duty(&c, &n));
}

// The employee's meeting texts: accompanied by a colleague as the company's practice, a union
// representative only where there is a union, never a statutory right; the attendees' names.
static void test_the_invitation_says_what_the_company_does(void **state)
{
    HR_UNUSED(state);
    const char *zh = wf_tell_accompany(false, false), *en = wf_tell_accompany(true, false);
    assert_non_null(strstr(zh, "按公司惯例"));
    assert_non_null(strstr(zh, "同事陪同"));
    assert_null(strstr(zh, "工会"));
    assert_non_null(strstr(en, "the company's practice"));
    assert_null(strstr(en, "union"));
    assert_non_null(strstr(wf_tell_accompany(false, true), "工会代表"));
    assert_non_null(strstr(wf_tell_accompany(true, true), "a union representative"));
    for (int i = 0; i < 4; i++) { // no right the law does not give, no dismissal named
        const char *t = wf_tell_accompany(i & 1, i & 2);
        assert_null(strstr(t, "权利"));
        assert_null(strstr(t, "right"));
        assert_null(strstr(t, "解除"));
        assert_null(strstr(t, "dismiss"));
    }
    hr_arena_t *a = hr_arena_new(0);
    const char *names[] = {"刘强", "", "陈晓", "刘强", NULL};
    assert_string_equal(wf_tell_names(names, 5, false, a), "刘强、陈晓");
    assert_string_equal(wf_tell_names(names, 5, true, a), "刘强, 陈晓");
    assert_string_equal(wf_tell_names(names, 0, true, a), "");
    hr_arena_destroy(&a);
}

// The employee concerned reads the meeting once invited: its date, time and place, and their own
// wage the money is computed from, nothing else of the case; cancelled when the case was
// withdrawn before it was held, not after.
static void test_the_employee_reads_the_meeting_and_nothing_else(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *a = hr_arena_new(0);
    Hr__Workflow__CaseStep iv_step = HR__WORKFLOW__CASE_STEP__INIT;
    iv_step.key = WF_STEP_INTERVIEW;
    iv_step.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    Hr__Workflow__CaseStep *steps[] = {&iv_step};
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    as.severance_fen = 900000;
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "01JCASE";
    c.employee_no = "E0117";
    c.manager_no = "E0101";
    c.opened_by = "E0101";
    c.ground = "A39_1";
    c.reason = "the manager's words";
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    c.steps = steps;
    c.n_steps = 1;
    c.assessment = &as;
    char *roles[] = {"hr", "legal", "operator"};
    Hr__Actor me = s_actor("E0117", roles, 3), other = s_actor("E0118", roles, 3);
    assert_true(wf_auth_is_employee(&me, &c));
    assert_false(wf_auth_is_employee(&other, &c));
    assert_null(wf_case_for_employee(&c, a)); // not invited yet: nothing to read
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2026-12-03";
    iv.time = "10:00";
    iv.place = "Room 301";
    iv.notes = "HR's notes";
    iv.hr_no = "E0003";
    c.interview = &iv;
    Hr__Workflow__Case *v = wf_case_for_employee(&c, a);
    assert_non_null(v);
    assert_true(v->employee_view);
    assert_string_equal(v->id, "01JCASE");
    assert_string_equal(v->interview->date, "2026-12-03");
    assert_string_equal(v->interview->time, "10:00");
    assert_string_equal(v->interview->place, "Room 301");
    assert_false(v->interview->cancelled);
    assert_string_equal(v->interview->notes, "");
    assert_string_equal(v->interview->hr_no, "");
    assert_string_equal(v->ground, "");
    assert_string_equal(v->reason, "");
    assert_string_equal(v->manager_no, "");
    assert_null(v->assessment);
    assert_int_equal(v->n_steps + v->n_history + v->n_evidence + v->n_notifications, 0);
    assert_null(v->employee_wage); // an assessment without wage figures: nothing to show
    // Their own wage, as the money is computed from it, and none of the money or the verdict.
    as.monthly_wage_fen = 1800000;
    as.average_wage_fen = 4000000;
    as.wage_base_fen = 3692100;
    as.wage_base_source = "average_wage";
    as.wage_capped = true;
    as.local_average_wage_fen = 1230700;
    as.unlawful_compensation_fen = 1800000;
    v = wf_case_for_employee(&c, a);
    assert_non_null(v->employee_wage);
    assert_int_equal(v->employee_wage->monthly_wage_fen, 1800000);
    assert_int_equal(v->employee_wage->average_wage_fen, 4000000);
    assert_int_equal(v->employee_wage->wage_base_fen, 3692100);
    assert_string_equal(v->employee_wage->wage_base_source, "average_wage");
    assert_true(v->employee_wage->wage_capped);
    assert_int_equal(v->employee_wage->local_average_wage_fen, 1230700);
    assert_null(v->assessment);
    assert_false(wf_tell_interview_held(&c));
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    iv_step.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED;
    assert_true(wf_case_for_employee(&c, a)->interview->cancelled);
    iv_step.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE; // held, then withdrawn
    assert_true(wf_tell_interview_held(&c));
    assert_false(wf_case_for_employee(&c, a)->interview->cancelled);
    hr_arena_destroy(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_is_left_out_for_everyone_but_hr_legal_and_the_operator),
        cmocka_unit_test(test_returned_findings_are_numbered_sentences_in_the_readers_language),
        cmocka_unit_test(test_returned_findings_text_is_bounded_and_counts_the_rest),
        cmocka_unit_test(test_a_protection_block_is_blocked_evidence_missing_is_not),
        cmocka_unit_test(test_withdrawal_tells_hr_the_approver_and_the_invited_never_the_employee),
        cmocka_unit_test(test_a_closed_case_lists_its_open_duty),
        cmocka_unit_test(test_the_invitation_says_what_the_company_does),
        cmocka_unit_test(test_the_employee_reads_the_meeting_and_nothing_else),
    };
    return cmocka_run_group_tests_name("unit.workflow.tell", tests, NULL, NULL);
}
