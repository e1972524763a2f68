/*  unit.workflow.auth - who may read and act beside HR (wf_auth): the legal reviewer reads every
 *  case with its money, records disputes and renders documents to read them, and decides
 *  nothing; the employee concerned never reads their case, whatever roles they hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

static Hr__Actor s_actor(const char *user, char **roles, size_t n)
{
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = (char *)user;
    a.roles = roles;
    a.n_roles = n;
    return a;
}

// Fails naming the text when part is not in it.
static void s_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("'%s' is not in '%s'", part, text);
}

static void test_legal_reads_every_case_and_sees_its_money(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E1";
    c.manager_no = "M1";
    c.opened_by = "M1";
    char *legal[] = {"legal"}, *manager[] = {"manager"}, *hr[] = {"hr"};
    Hr__Actor l = s_actor("L1", legal, 1), m = s_actor("M9", manager, 1),
              self = s_actor("E1", legal, 1), h = s_actor("H1", hr, 1);
    // No step of the case reaches L1, and no reporting line is given: legal reads it all the same.
    assert_true(wf_auth_can_read(&l, &c, NULL, 0));
    assert_true(wf_auth_reads_all(&l));
    assert_true(wf_actor_sees_money(&l));
    assert_false(wf_actor_is_hr(&l));
    assert_false(wf_auth_can_read(&m, &c, NULL, 0));
    assert_false(wf_auth_reads_all(&m));
    assert_false(wf_auth_can_read(&self, &c, NULL, 0)); // the employee concerned, as legal
    assert_true(wf_auth_can_read(&h, &c, NULL, 0));
}

static void test_legal_records_disputes_and_renders_to_read_only(void **state)
{
    HR_UNUSED(state);
    char *legal[] = {"legal"}, *manager[] = {"manager"}, *hr[] = {"hr"}, *op[] = {"operator"};
    Hr__Actor l = s_actor("L1", legal, 1), m = s_actor("M1", manager, 1), h = s_actor("H1", hr, 1),
              o = s_actor("operator", op, 1);
    assert_true(wf_auth_may_dispute(&l));
    assert_true(wf_auth_may_dispute(&h));
    assert_true(wf_auth_may_dispute(&o));
    assert_false(wf_auth_may_dispute(&m));
    assert_true(wf_auth_may_render(&l, false));
    assert_false(wf_auth_may_render(&l, true)); // storing a document as evidence is HR's act
    assert_true(wf_auth_may_render(&h, true));
    assert_true(wf_auth_may_render(&o, true));
    assert_false(wf_auth_may_render(&m, false));
}

// A manager HR replaced is outside the case: not as its opener, nor as the owner of the
// request step they did; only the reporting line (today's directory) still reads.
static void test_a_replaced_manager_reads_only_from_the_line(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__CaseStep req = HR__WORKFLOW__CASE_STEP__INIT, sup = HR__WORKFLOW__CASE_STEP__INIT;
    req.owner = HR__WORKFLOW__OWNER__OWNER_MANAGER;
    req.owner_no = "M1"; // before the reassignment
    req.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    sup.owner = HR__WORKFLOW__OWNER__OWNER_SUPERIOR;
    sup.owner_no = "S1";
    sup.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    Hr__Workflow__CaseStep *steps[] = {&req, &sup};
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E1";
    c.manager_no = "M2";
    c.opened_by = "M1";
    c.steps = steps;
    c.n_steps = 2;
    char *manager[] = {"manager"};
    Hr__Actor old = s_actor("M1", manager, 1), now = s_actor("M2", manager, 1),
              approver = s_actor("S1", manager, 1), self = s_actor("E1", manager, 1);
    const char *line_moved[] = {"M2", "S1"}, *line_kept[] = {"M1", "S1"};
    assert_false(wf_auth_can_read(&old, &c, line_moved, 2));
    assert_true(wf_auth_can_read(&old, &c, line_kept, 2)); // still above E1: as any superior
    assert_true(wf_auth_can_read(&now, &c, NULL, 0));
    assert_true(wf_auth_can_read(&approver, &c, NULL, 0)); // approved it
    assert_false(wf_auth_is_case_manager(&old, &c));
    assert_true(wf_auth_is_case_manager(&now, &c));
    c.manager_no = "E1"; // never the employee, whatever the record says
    assert_false(wf_auth_is_case_manager(&self, &c));
}

static void test_a_leaver_from_the_start_of_their_day(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    assert_false(wf_person_has_left(NULL, 1000));
    assert_false(wf_person_has_left(&p, 1000)); // no left_date
    p.left_ms = 5000;
    assert_false(wf_person_has_left(&p, 4999));
    assert_true(wf_person_has_left(&p, 5000));
    assert_true(wf_person_has_left(&p, 9000));
}

// After the outcome: the manager attaches nothing, HR only the closing steps' proof.
static void test_after_the_outcome_only_the_closing_proof(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E1";
    c.manager_no = "M1";
    char *manager[] = {"manager"}, *hr[] = {"hr"}, *op[] = {"operator"}, *legal[] = {"legal"};
    Hr__Actor m = s_actor("M1", manager, 1), h = s_actor("H1", hr, 1),
              o = s_actor("operator", op, 1), l = s_actor("L1", legal, 1);
    for (int k = 0; k < LAW_EVK_COUNT; k++) // no outcome: the handler's own checks only
        assert_null(wf_attach_refusal(&m, &c, (law_evidence_kind_t)k, arena, NULL));
    Hr__Workflow__Outcome out = HR__WORKFLOW__OUTCOME__INIT;
    out.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    out.effective_date = "2026-12-01";
    c.outcome = &out;
    struct {
        law_evidence_kind_t kind;
        bool hr_may;
    } rows[] = {
        {LAW_EVK_PERFORMANCE_REPORT, false},
        {LAW_EVK_ASSESSMENT_RESULT, false},
        {LAW_EVK_TRAINING_RECORD, false},
        {LAW_EVK_RULE_ACKNOWLEDGEMENT, false},
        {LAW_EVK_ATTENDANCE_RECORD, false},
        {LAW_EVK_UNION_NOTICE, false},
        {LAW_EVK_FACTS_SNAPSHOT, false},
        {LAW_EVK_NOTICE_LETTER, true},
        {LAW_EVK_AGREEMENT, true},
        {LAW_EVK_TERMINATION_CERTIFICATE, true},
        {LAW_EVK_OTHER, true},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        const char *why = wf_attach_refusal(&h, &c, rows[i].kind, arena, NULL);
        if (rows[i].hr_may != !why)
            fail_msg("row %zu (%s): %s", i, law_evidence_kind_name(rows[i].kind),
                     why ? why : "allowed");
        assert_true(!wf_attach_refusal(&o, &c, rows[i].kind, arena, NULL) == rows[i].hr_may);
        const char *mine = wf_attach_refusal(&m, &c, rows[i].kind, arena, NULL);
        assert_non_null(mine);
        assert_non_null(strstr(mine, "only HR attaches now"));
        // Legal: its own papers only (other, agreement), as before the outcome.
        bool legals = rows[i].kind == LAW_EVK_OTHER || rows[i].kind == LAW_EVK_AGREEMENT;
        assert_true(!wf_attach_refusal(&l, &c, rows[i].kind, arena, NULL) == legals);
    }
    assert_non_null(strstr(wf_attach_refusal(&h, &c, LAW_EVK_PERFORMANCE_REPORT, arena, NULL),
                           "no performance_report is attached after it"));
    hr_arena_destroy(&arena);
}

// Who attaches: HR and the manager now any kind; legal the kinds it uploads under a case in
// hr-evidence (other, agreement); a superior, a replaced manager and the employee nothing.
static void test_legal_attaches_its_own_papers(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E1";
    c.manager_no = "M1";
    char *manager[] = {"manager"}, *hr[] = {"hr"}, *legal[] = {"legal"};
    Hr__Actor m = s_actor("M1", manager, 1), h = s_actor("H1", hr, 1), l = s_actor("L1", legal, 1),
              sup = s_actor("S1", manager, 1), self = s_actor("E1", legal, 1);
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        law_evidence_kind_t kind = (law_evidence_kind_t)k;
        assert_true(wf_auth_may_attach(&h, &c, kind));
        assert_true(wf_auth_may_attach(&m, &c, kind));
        assert_false(wf_auth_may_attach(&sup, &c, kind));
        assert_false(wf_auth_may_attach(&self, &c, kind)); // the employee, whatever roles
        assert_true(wf_auth_may_attach(&l, &c, kind) ==
                    (kind == LAW_EVK_OTHER || kind == LAW_EVK_AGREEMENT));
    }
}

// HR's reason for a withdrawal or a rescission and legal's dispute notes (often the employee's
// protected status: PIPL Art. 28) reach the manager and the superiors withheld, with whom to
// ask; HR and legal read them, and whoever wrote one reads their own words.
static void test_reasons_are_withheld_from_managers(void **state)
{
    HR_UNUSED(state);
    static const char *pregnant = "员工怀孕（医院证明 2026-11-20）";
    Hr__Workflow__HistoryEntry wd = HR__WORKFLOW__HISTORY_ENTRY__INIT,
                               rs = HR__WORKFLOW__HISTORY_ENTRY__INIT,
                               dp = HR__WORKFLOW__HISTORY_ENTRY__INIT,
                               op = HR__WORKFLOW__HISTORY_ENTRY__INIT;
    op.actor = "M1";
    op.action = "opened";
    op.note = "两次考核不合格";
    wd.actor = "H1";
    wd.action = "withdrawn";
    wd.note = (char *)pregnant;
    rs.actor = "H1";
    rs.action = "rescinded";
    rs.note = "notice served 2026-11-02 (contract to end 2026-12-02) revoked by agreement of "
              "2026-11-20, evidence abc (agreement): 员工怀孕";
    dp.actor = "L1";
    dp.action = "dispute_recorded";
    dp.note = "arbitration filed 2026-12-01, result pending, amount 0.00 yuan; note: 员工主张怀孕";
    Hr__Workflow__HistoryEntry *history[] = {&op, &wd, &rs, &dp};
    Hr__Workflow__Rescission r = HR__WORKFLOW__RESCISSION__INIT;
    r.reason = "员工怀孕";
    r.by = "H1";
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.note = "员工主张怀孕";
    char *legal[] = {"legal"}, *manager[] = {"manager"}, *hr[] = {"hr"};
    Hr__Actor l = s_actor("L1", legal, 1), m = s_actor("M1", manager, 1), h = s_actor("H1", hr, 1),
              sup = s_actor("M0", manager, 1);
    const Hr__Actor *readers[] = {&m, &sup, &l, &h};
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t i = 0; i < HR_ARRAY_LEN(readers); i++) {
        Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
        c.employee_no = "E1";
        c.manager_no = "M1";
        c.withdraw_reason = (char *)pregnant;
        c.rescission = &r;
        c.dispute = &d;
        c.history = history;
        c.n_history = HR_ARRAY_LEN(history);
        wf_case_redact(readers[i], &c, arena);
        bool reads = wf_auth_reads_all(readers[i]);
        char *all = hr_arena_fmt(arena, "%s|%s|%s", c.withdraw_reason, c.rescission->reason,
                                 c.dispute->note);
        for (size_t k = 0; k < c.n_history; k++)
            all = hr_arena_fmt(arena, "%s|%s", all, c.history[k]->note);
        assert_true((strstr(all, "怀孕") != NULL) == reads);
        if (reads)
            continue;
        assert_string_equal(c.withdraw_reason, "已记录在案件中（仅 HR 和法务可见），如需了解请联系 "
                                               "H1 / kept in the case record (HR and legal only); "
                                               "ask H1");
        s_has(c.rescission->reason, "如需了解请联系 H1");
        s_has(c.dispute->note, "如需了解请联系 L1");
        s_has(c.history[2]->note, "evidence abc (agreement): 已记录在案件中");
        s_has(c.history[3]->note, "result pending, amount visible to HR only; note: 已记录");
        assert_string_equal(c.history[0]->note, "两次考核不合格"); // the manager's own words
    }
    // The stored record is untouched.
    assert_string_equal(wd.note, pregnant);
    assert_string_equal(r.reason, "员工怀孕");
    assert_string_equal(d.note, "员工主张怀孕");
    // A manager who withdrew the case himself reads his own reason.
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.employee_no = "E1";
    c.manager_no = "M1";
    c.withdraw_reason = "员工已辞职";
    wd.actor = "M1";
    wd.note = "员工已辞职";
    Hr__Workflow__HistoryEntry *own[] = {&wd};
    c.history = own;
    c.n_history = 1;
    wf_case_redact(&m, &c, arena);
    assert_string_equal(c.withdraw_reason, "员工已辞职");
    assert_string_equal(c.history[0]->note, "员工已辞职");
    wf_case_redact(&sup, &c, arena);
    s_has(c.withdraw_reason, "如需了解请联系 M1");
    hr_arena_destroy(&arena);
}

// A protected-status finding reaches anyone but HR as the generic one, its Chinese citing the
// article the legislature's way (劳动合同法第四十二条).
static void test_the_generic_protected_finding_cites_article_42_in_chinese(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *manager[] = {"manager"};
    Hr__Actor m = s_actor("M1", manager, 1);
    Hr__Workflow__Finding f = HR__WORKFLOW__FINDING__INIT;
    f.code = "PROTECTED_PREGNANT";
    f.fact = "employee.status.pregnant";
    f.message_zh = "（仅 HR 可见）";
    const Hr__Workflow__Finding *g = wf_finding_for(&m, &f, arena);
    assert_string_equal(g->code, "PROTECTED_STATUS");
    s_has(g->message_zh, "存在法定保护情形（劳动合同法第四十二条），详情仅 HR 可见");
    hr_arena_destroy(&arena);
}

// LCL 42(5) lasts until the retirement age: the manager reads that there is no end to wait for
// and that the case is withdrawn - still without which protection; the lasting template is
// chosen only when every protection blocking the case is that one.
static void test_a_lasting_protection_tells_the_manager_to_withdraw(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char *manager[] = {"manager"};
    Hr__Actor m = s_actor("M1", manager, 1);
    Hr__Workflow__Finding f = HR__WORKFLOW__FINDING__INIT;
    f.severity = "block";
    f.code = "PROTECTED_LONG_SERVICE";
    f.fact = "employee.status.long_service_near_retirement";
    f.message_zh = "（仅 HR 可见）";
    const Hr__Workflow__Finding *g = wf_finding_for(&m, &f, arena);
    assert_string_equal(g->code, "PROTECTED_STATUS");
    s_has(g->message_zh, "在员工达到法定退休年龄之前不会消失");
    s_has(g->message_zh, "请撤回本案");
    s_has(g->message_zh, "详情仅 HR 可见");
    assert_null(strstr(g->message_zh, "连续工作"));
    s_has(g->message_en, "withdraw the case");
    Hr__Workflow__Assessment a = HR__WORKFLOW__ASSESSMENT__INIT;
    Hr__Workflow__Finding *list[2] = {&f, NULL};
    a.findings = list;
    a.n_findings = 1;
    assert_true(wf_tell_is_lasting(&a));
    Hr__Workflow__Finding p = f;
    p.code = "PROTECTED_PREGNANT";
    p.fact = "employee.status.pregnant";
    list[1] = &p;
    a.n_findings = 2;
    assert_false(wf_tell_is_lasting(&a)); // a pregnancy ends: waiting is a way out
    a.n_findings = 0;
    assert_false(wf_tell_is_lasting(&a));
    hr_arena_destroy(&arena);
}

// The union (a directory role) reads, of a case the company must notify it of, what the notice
// tells it: never the manager's text, evidence, findings, amounts or legal's notes.
static void test_the_union_reads_only_what_the_notice_tells_it(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "C1";
    c.employee_no = "E1";
    c.manager_no = "M1";
    c.ground = "A40_3";
    c.reason = "他怀孕了，想办法让他走";
    c.reviewed_reasons = "客观情况发生重大变化，双方未能就变更劳动合同内容达成协议";
    Hr__Workflow__EvidenceRef ev = HR__WORKFLOW__EVIDENCE_REF__INIT;
    Hr__Workflow__EvidenceRef *evs[] = {&ev};
    c.evidence = evs;
    c.n_evidence = 1;
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    c.assessment = &as;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.note = "员工主张怀孕";
    c.dispute = &d;
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.effective_date = "2026-12-31";
    o.served_date = "2026-12-01";
    o.evidence_id = "abc";
    c.outcome = &o;
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    u.notice_date = "2026-11-25";
    c.union_record = &u;
    // The union opens no door by a claim: the directory must hold it (wf_auth_actor).
    char *un[] = {"union"};
    Hr__Actor claimed = s_actor("U1", un, 1);
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    hr_arena_t *arena = hr_arena_new(0);
    assert_false(wf_auth_is_union(wf_auth_actor(&claimed, &p, arena)));
    p.roles = un;
    p.n_roles = 1;
    const Hr__Actor *a = wf_auth_actor(&claimed, &p, arena);
    assert_true(wf_auth_is_union(a));
    assert_false(wf_auth_can_read(a, &c, NULL, 0)); // not as anyone else
    assert_true(wf_auth_union_concerned(&c, true));
    assert_false(wf_auth_union_concerned(&c, false)); // no union: nothing to read
    c.ground = "A36_EMPLOYER";
    assert_false(wf_auth_union_concerned(&c, true)); // an agreement: Art. 43 does not apply
    c.ground = "A44_EXPIRY";
    assert_false(wf_auth_union_concerned(&c, true));
    c.ground = "A41";
    assert_true(wf_auth_union_concerned(&c, true));
    c.ground = "A39_2";
    assert_true(wf_auth_union_concerned(&c, true));
    Hr__Workflow__Case *v = wf_case_for_union(&c, arena);
    assert_true(v->union_view);
    assert_string_equal(v->ground, "A39_2");
    assert_string_equal(v->reviewed_reasons, c.reviewed_reasons);
    assert_string_equal(v->union_record->notice_date, "2026-11-25");
    assert_string_equal(v->outcome->served_date, "2026-12-01");
    assert_string_equal(v->outcome->effective_date, "2026-12-31");
    assert_string_equal(v->outcome->evidence_id, "");
    assert_string_equal(v->reason, ""); // the manager's text
    assert_int_equal(v->n_evidence, 0);
    assert_null(v->assessment);
    assert_null(v->dispute);
    assert_int_equal(v->n_history, 0);
    hr_arena_destroy(&arena);
}

// LCL 43: the union lists the cases it was notified of, each row what its view shows: never the
// manager, the step, its owner, due time, escalation or duties.
static void test_the_union_lists_the_cases_it_was_notified_of(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "C1";
    c.employee_no = "E1";
    c.manager_no = "M1";
    c.ground = "A39_2";
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    c.opened_ms = 42;
    c.reason = "他怀孕了，想办法让他走";
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.key = "hr_review";
    st.owner_no = "E0002";
    st.due_ms = 99;
    Hr__Workflow__CaseStep *steps[] = {&st};
    c.steps = steps;
    c.n_steps = 1;
    // Concerned, but the union was not notified yet: a request under review, not listed.
    assert_false(wf_auth_union_lists(&c, true));
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    c.union_record = &u;
    u.cured_date = "2026-11-30"; // a record with no notice is not the union told
    assert_false(wf_auth_union_lists(&c, true));
    u.notice_date = "2026-11-25";
    u.notice_evidence_id = "abc";
    assert_true(wf_auth_union_lists(&c, true));
    assert_false(wf_auth_union_lists(&c, false)); // a company with no union
    c.ground = "A36_EMPLOYER";
    assert_false(wf_auth_union_lists(&c, true)); // an agreement: Art. 43 does not apply
    c.ground = "A39_2";
    Hr__Workflow__CaseSummary *s = wf_case_summary_for_union(&c, "张三", arena);
    assert_true(s->union_view);
    assert_string_equal(s->id, "C1");
    assert_string_equal(s->employee_no, "E1");
    assert_string_equal(s->employee_name, "张三");
    assert_string_equal(s->ground, "A39_2");
    assert_int_equal(s->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN);
    assert_int_equal(s->opened_ms, 42);
    assert_string_equal(s->union_record->notice_date, "2026-11-25");
    assert_string_equal(s->manager_no, "");
    assert_string_equal(s->step, "");
    assert_string_equal(s->step_owner_no, "");
    assert_int_equal(s->step_due_ms, 0);
    assert_false(s->overdue);
    assert_int_equal(s->open_duties, 0);
    assert_string_equal(wf_case_summary_for_union(&c, NULL, arena)->employee_name, "");
    // The list's log says the union listed.
    char *un[] = {"union"};
    Hr__Actor claimed = s_actor("U1", un, 1);
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.roles = un;
    p.n_roles = 1;
    assert_string_equal(wf_auth_list_as(wf_auth_actor(&claimed, &p, arena)), "union");
    hr_arena_destroy(&arena);
}

// LCL 43: a union person reads (and lists) a case of their own union's people once their union
// was notified of it; another branch's union, or a place with none, reads nothing of it.
static void test_the_union_reads_its_own_unions_notified_cases(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "C1";
    c.employee_no = "E1";
    c.ground = "A41";
    // Concerned, not notified yet: not even its own union reads it.
    assert_false(wf_auth_union_reads(&c, "BJ", "BJ"));
    Hr__Workflow__UnionRecord u = HR__WORKFLOW__UNION_RECORD__INIT;
    c.union_record = &u;
    assert_false(wf_auth_union_reads(&c, "BJ", "BJ"));
    u.notice_date = "2026-11-25";
    assert_true(wf_auth_union_reads(&c, "BJ", "BJ"));
    assert_true(wf_auth_union_reads(&c, "", ""));      // the head office's union, its own people's
    assert_false(wf_auth_union_reads(&c, "NJ", "BJ")); // another branch's union
    assert_false(wf_auth_union_reads(&c, "", "BJ"));   // the head office's: not the branch's
    assert_false(wf_auth_union_reads(&c, "BJ", ""));
    assert_false(wf_auth_union_reads(&c, NULL, "BJ")); // a union person where there is none
    assert_false(wf_auth_union_reads(&c, "BJ", NULL)); // an employee whose place has none
    assert_false(wf_auth_union_reads(&c, NULL, NULL));
    c.ground = "A36_EMPLOYER"; // an agreement: Art. 43 does not apply
    assert_false(wf_auth_union_reads(&c, "BJ", "BJ"));
}

// The payroll office (a directory role) pays and records the cases whose outcome fixes money,
// and reads of them what the pay statement prints: never the evidence, the manager's text, the
// findings, HR's reasons, the interview, legal's notes or the history.
static void test_payroll_pays_and_reads_only_the_pay_statements_part(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Case c = HR__WORKFLOW__CASE__INIT;
    c.id = "C1";
    c.employee_no = "E1";
    c.manager_no = "M1";
    c.ground = "A40_3";
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    c.reason = "他怀孕了，想办法让他走";
    c.reviewed_reasons = "客观情况发生重大变化";
    Hr__Workflow__EvidenceRef ev = HR__WORKFLOW__EVIDENCE_REF__INIT;
    Hr__Workflow__EvidenceRef *evs[] = {&ev};
    c.evidence = evs;
    c.n_evidence = 1;
    Hr__Workflow__Finding f = HR__WORKFLOW__FINDING__INIT;
    f.fact = "employee.status.pregnant";
    Hr__Workflow__Finding *fs[] = {&f};
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    as.lawful = true;
    as.findings = fs;
    as.n_findings = 1;
    as.severance_fen = 4500000;
    as.notice_pay_fen = 1000000;
    as.wage_base_fen = 1000000;
    as.effective_date = "2026-12-31";
    as.kept_hire_date = "2020-01-01";
    c.assessment = &as;
    Hr__Workflow__Interview iv = HR__WORKFLOW__INTERVIEW__INIT;
    iv.date = "2026-11-20";
    c.interview = &iv;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.note = "员工主张怀孕";
    c.dispute = &d;
    Hr__Workflow__HistoryEntry h = HR__WORKFLOW__HISTORY_ENTRY__INIT;
    h.action = "withdrawn";
    h.note = "员工怀孕（医院证明）";
    Hr__Workflow__HistoryEntry *hs[] = {&h};
    c.history = hs;
    c.n_history = 1;
    Hr__Workflow__CaseStep st = HR__WORKFLOW__CASE_STEP__INIT;
    st.key = "interview";
    Hr__Workflow__CaseStep handover = HR__WORKFLOW__CASE_STEP__INIT;
    handover.key = WF_DUTY_HANDOVER;
    handover.duty = true;
    handover.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    handover.done_date = "2026-12-30";
    handover.done_by = "H1";
    handover.evidence_id = "receipt";
    Hr__Workflow__CaseStep *sts[] = {&st, &handover};
    c.steps = sts;
    c.n_steps = 2;

    // A claim opens nothing: the directory must hold the role (wf_auth_actor).
    char *pr[] = {"payroll"}, *hr[] = {"hr"}, *opr[] = {"operator"};
    Hr__Actor claimed = s_actor("P1", pr, 1), op = s_actor("operator", opr, 1);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    assert_false(wf_auth_is_payroll(wf_auth_actor(&claimed, &p, arena)));
    p.roles = pr;
    p.n_roles = 1;
    const Hr__Actor *a = wf_auth_actor(&claimed, &p, arena);
    assert_true(wf_auth_is_payroll(a));
    assert_false(wf_actor_is_hr(a));
    assert_false(wf_auth_reads_all(a));
    assert_false(wf_auth_can_read(a, &c, NULL, 0));         // never the full case
    assert_false(wf_actor_sees_money(a));                   // nor the money of any other case
    assert_false(wf_auth_may_render(a, false));             // no notice or certificate
    assert_false(wf_auth_may_attach(a, &c, LAW_EVK_OTHER)); // no evidence
    assert_string_equal(wf_auth_list_as(a), "payroll");

    // No outcome yet: nothing is fixed, nothing to pay.
    assert_false(wf_pay_money_fixed(&c));
    assert_false(wf_auth_may_pay(a, &c));
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.effective_date = "2026-12-31";
    o.served_date = "2026-12-01";
    o.evidence_id = "abc";
    c.outcome = &o;
    assert_true(wf_pay_money_fixed(&c));
    assert_true(wf_auth_may_pay(a, &c));
    Hr__Actor h1 = s_actor("H1", hr, 1);
    assert_true(wf_auth_may_pay(&h1, &c));  // HR keeps what it had
    assert_false(wf_auth_may_pay(&op, &c)); // the operator pays nobody
    assert_int_equal(wf_pay_owed(&c), 5500000);
    assert_string_equal(wf_pay_last_day(&c), "2026-12-31");

    // An outcome that fixes no money (a lawful A39 dismissal owes none): not payroll's.
    Hr__Workflow__Assessment none = as;
    none.severance_fen = none.notice_pay_fen = 0;
    none.unlawful_compensation_fen = 3000000; // the 2N exposure of a lawful case is owed nobody
    c.assessment = &none;
    assert_false(wf_pay_money_fixed(&c));
    assert_false(wf_auth_may_pay(a, &c));
    c.assessment = &as;
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED; // the notice revoked: none owed
    assert_false(wf_auth_may_pay(a, &c));
    c.state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    // A reinstatement standing voids the end (LCL 48): nothing for it is owed; set aside, the
    // amounts are owed again.
    wf_pay_due_t due;
    wf_pay_due_of(&c, &due);
    assert_int_equal(due.severance_fen, 4500000);
    assert_int_equal(due.notice_pay_fen, 1000000);
    assert_int_equal(due.unlawful_fen, 0);
    Hr__Workflow__Reinstatement back = HR__WORKFLOW__REINSTATEMENT__INIT;
    back.award_date = "2027-01-10";
    c.reinstatement = &back;
    assert_false(wf_pay_money_fixed(&c));
    assert_int_equal(wf_pay_owed(&c), 0);
    wf_pay_due_of(&c, &due);
    assert_int_equal(due.severance_fen + due.notice_pay_fen + due.unlawful_fen, 0);
    back.set_aside_date = "2027-02-10";
    assert_true(wf_pay_money_fixed(&c));
    c.reinstatement = NULL;

    Hr__Workflow__Case *v = wf_case_for_payroll(&c, arena);
    assert_true(v->payroll_view);
    assert_string_equal(v->employee_no, "E1");
    assert_string_equal(v->ground, "A40_3");
    assert_int_equal(v->assessment->severance_fen, 4500000);
    assert_int_equal(v->assessment->notice_pay_fen, 1000000);
    assert_string_equal(v->assessment->effective_date, "2026-12-31");
    assert_int_equal(v->assessment->n_findings, 0);         // no findings (Art. 42 facts)
    assert_string_equal(v->assessment->kept_hire_date, ""); // no kept personal data
    assert_string_equal(v->outcome->served_date, "2026-12-01");
    assert_string_equal(v->outcome->evidence_id, "");           // no evidence ids
    assert_string_equal(wf_pay_handover_date(v), "2026-12-30"); // severance falls due then
    assert_int_equal(v->n_steps, 1);
    assert_string_equal(v->steps[0]->done_by, ""); // who and the proof: not payroll's
    assert_string_equal(v->steps[0]->evidence_id, "");
    assert_string_equal(v->reason, "");           // the manager's text
    assert_string_equal(v->reviewed_reasons, ""); // HR's reasons
    assert_string_equal(v->manager_no, "");
    assert_int_equal(v->n_evidence, 0);
    assert_null(v->interview);
    assert_null(v->dispute);
    assert_int_equal(v->n_history, 0);

    Hr__Workflow__CaseSummary *s = wf_case_summary_for_payroll(&c, "张三", arena);
    assert_true(s->payroll_view);
    assert_int_equal(s->owed_fen, 5500000);
    assert_string_equal(s->last_day, "2026-12-31");
    assert_string_equal(s->manager_no, "");
    assert_string_equal(s->step, "");
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legal_reads_every_case_and_sees_its_money),
        cmocka_unit_test(test_legal_records_disputes_and_renders_to_read_only),
        cmocka_unit_test(test_a_replaced_manager_reads_only_from_the_line),
        cmocka_unit_test(test_a_leaver_from_the_start_of_their_day),
        cmocka_unit_test(test_after_the_outcome_only_the_closing_proof),
        cmocka_unit_test(test_legal_attaches_its_own_papers),
        cmocka_unit_test(test_reasons_are_withheld_from_managers),
        cmocka_unit_test(test_the_generic_protected_finding_cites_article_42_in_chinese),
        cmocka_unit_test(test_a_lasting_protection_tells_the_manager_to_withdraw),
        cmocka_unit_test(test_the_union_reads_only_what_the_notice_tells_it),
        cmocka_unit_test(test_the_union_lists_the_cases_it_was_notified_of),
        cmocka_unit_test(test_the_union_reads_its_own_unions_notified_cases),
        cmocka_unit_test(test_payroll_pays_and_reads_only_the_pay_statements_part),
    };
    return cmocka_run_group_tests_name("unit.workflow.auth", tests, NULL, NULL);
}
