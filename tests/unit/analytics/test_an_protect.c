/*  unit.analytics.protect - facts and early warnings never hold leave the law protects, a part
 *  of a period or a period not over against a person (README "Leave and protected statuses"),
 *  and an absence names the imports that covered its day. The fixtures are the analytics
 *  review's QX company (2026-11-28): Q001 on 产假 from 11-16 (LCL 42(4), 妇女权益保障法 Art. 48),
 *  Q008 hired 11-16, Q009 left 11-06, a quarter not over, a complaints KPI with a target of 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"
#include "workflow.pb-c.h"

// QX: Q001..Q007 employed all along, Q008 hired 11-16, Q009 left 11-06. November's visits
// (target 40): Q001 15 (37.5%), Q002 28 (70%), Q003 40, Q005 41, Q006 39, Q007 44, Q008 18
// (45%), Q009 6 (15%); October 40 each. Q001 on 产假 from 11-16, Q002 on 年假 11-02..11-03.
static void s_qx(fixture_t *f)
{
    s_import(f, PEOPLE, "generic", "pins.csv", s_fixture(f, "qx/people.csv"), HR_OK);
    s_import(f, LEAVE, "generic", "leave.csv",
             "工号,开始日期,结束日期,请假类型\nQ001,2026-11-16,2027-04-22,产假\n"
             "Q002,2026-11-02,2026-11-03,年假\n",
             HR_OK);
    s_import(f, PERF, "generic", "kpi.csv",
             "employee_no,period,metric,target,actual\n"
             "Q001,2026-11,visits,40,15\nQ002,2026-11,visits,40,28\nQ003,2026-11,visits,40,40\n"
             "Q005,2026-11,visits,40,41\nQ006,2026-11,visits,40,39\nQ007,2026-11,visits,40,44\n"
             "Q008,2026-11,visits,40,18\nQ009,2026-11,visits,40,6\n"
             "Q001,2026-10,visits,40,40\nQ009,2026-10,visits,40,40\n",
             HR_OK);
    s_import(f, TRAINING, "generic", "train.csv",
             "employee_no,course,date,score,pass_mark\nQ001,Q4 合规 compliance,2026-11-20,0,60\n"
             "Q005,Q4 合规 compliance,2026-11-20,80,60\n",
             HR_OK);
}

// QX (s_qx) with October's calls too (target 40): Q005 15 (37.5%), Q006 and Q007 40.
static void s_qx_calls(fixture_t *f)
{
    s_qx(f);
    s_import(f, PERF, "generic", "kpi_oct.csv",
             "employee_no,period,metric,target,actual\n"
             "Q005,2026-10,calls,40,15\nQ006,2026-10,calls,40,40\nQ007,2026-10,calls,40,40\n",
             HR_OK);
}

static const Hr__Analytics__Fact *s_kpi(const Hr__Analytics__GetFactsReply *r, const char *code,
                                        const char *subject)
{
    for (size_t i = 0; i < r->n_facts; i++)
        if (!strcmp(r->facts[i]->code, code) && !strcmp(r->facts[i]->subject, subject))
            return r->facts[i];
    fail_msg("no fact %s %s", code, subject);
    return NULL;
}

static const Hr__Analytics__Warning *s_warned(const Hr__Analytics__ListWarningsReply *w,
                                              const char *emp, const char *subject)
{
    for (size_t i = 0; i < w->n_warnings; i++)
        if (!strcmp(w->warnings[i]->employee_no, emp) &&
            (!subject || !strcmp(w->warnings[i]->subject, subject)))
            return w->warnings[i];
    return NULL;
}

static const Hr__Analytics__WarningLeftOut *s_left(const Hr__Analytics__ListWarningsReply *w,
                                                   const char *emp, const char *subject)
{
    for (size_t i = 0; i < w->n_left_out; i++)
        if (!strcmp(w->left_out[i]->employee_no, emp) &&
            !strcmp(w->left_out[i]->subject, subject ? subject : ""))
            return w->left_out[i];
    return NULL;
}

// The review's item 1: Q001's November visits (37.5%) said nothing of the 11 working days of
// 产假 and were compared with the team; the course dated on a day of it read "成绩0分…未达到及格
// 线" and counted in training_failed. Now the fact names the leave and its days, rests on the
// leave row too, is compared with nobody and says it must not be held against her; the course
// could not be attended and is no failure.
static void test_protected_leave_is_stated_and_never_a_failure(void **state)
{
    fixture_t *f = *state;
    s_qx(f);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-01", "2026-11-30", false);
    const Hr__Analytics__Fact *k = s_kpi(r, "kpi_attainment", "visits");
    assert_true(k->value == 37.5);
    assert_false(k->has_comparison);
    assert_non_null(strstr(k->comparison, "not compared: 11 of the period's working days were "
                                          "leave the law protects (产假 2026-11-16..2026-11-30"));
    assert_non_null(strstr(k->text_zh, "考核周期2026-11的21个在职工作日中有11个工作日休假：产假"));
    assert_non_null(strstr(k->text_zh, "不得据此作出对本人不利的评价"));
    assert_non_null(strstr(k->text_en, "LCL 42(4); 妇女权益保障法 Art. 48"));
    assert_non_null(strstr(k->text_en, "must not be held against the person"));
    assert_int_equal(k->n_sources, 2); // the KPI row and the leave row
    assert_string_equal(k->sources[1]->file_name, "leave.csv");
    assert_string_equal(k->sources[1]->raw, "Q001,2026-11-16,2027-04-22,产假");
    const Hr__Analytics__Fact *t = s_kpi(r, "training_score", "Q4 合规 compliance");
    assert_null(strstr(t->text_zh, "未达到及格线"));
    assert_non_null(strstr(t->text_zh, "2026-11-20为本人休假日（产假），未能参加培训"));
    assert_non_null(strstr(t->text_en, "on leave (产假) and could not attend"));
    assert_string_equal(t->sources[0]->note, "on leave that day (产假): could not attend");
    assert_true(s_fact(r, "training_failed")->value == 0); // was 1
    assert_int_equal(s_fact(r, "training_failed")->n_sources, 0);

    // Q002's two days of 年假 are said, and change nothing else: compared as before.
    r = s_facts(f, "Q002", NULL, "2026-11-01", "2026-11-30", false);
    k = s_kpi(r, "kpi_attainment", "visits");
    assert_true(k->has_comparison);
    assert_non_null(strstr(k->text_en, "2 of the 21 working days of period 2026-11 the person was "
                                       "employed were leave: 年假 2026-11-02..2026-11-03"));
    assert_null(strstr(k->text_en, "protects"));
}

// The review's item 8: Q008 (hired 11-16) got 45% for all of November against colleagues' whole
// months, with no word. Now the fact says 11 of 21 working days and is compared with nobody;
// colleagues who worked part of the month or were on protected leave in it are in no median:
// Q005's median is of Q002, Q003, Q006 and Q007 (70, 100, 97.5, 110: 98.8), not 70 with Q001's
// 37.5, Q008's 45 and Q009's 15 in it.
static void test_a_part_of_a_period_is_said_and_compared_with_nobody(void **state)
{
    fixture_t *f = *state;
    s_qx(f);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q008", NULL, "2026-11-16", "2026-11-30", false);
    const Hr__Analytics__Fact *k = s_kpi(r, "kpi_attainment", "visits");
    assert_true(k->value == 45);
    assert_false(k->has_comparison);
    assert_non_null(strstr(k->text_en, "employed for 11 of the 21 working days of period 2026-11 "
                                       "(2026-11-16 to 2026-11-30)"));
    assert_non_null(strstr(k->text_zh, "仅在职11个"));
    assert_non_null(
        strstr(k->comparison, "not compared: the person was employed for 11 of the 21"));
    r = s_facts(f, "Q005", NULL, "2026-11-01", "2026-11-30", false);
    k = s_kpi(r, "kpi_attainment", "visits");
    assert_true(k->has_comparison);
    assert_int_equal(k->team_size, 4);
    assert_true(k->team_median == 98.8);
    assert_null(strstr(k->text_en, "not over"));
}

// Warnings over 11-01..11-27, asked on 11-28 and on 12-05: Q001 (产假 in the window) is left
// out whole with no figure, Q009 (left 11-06) is not warned, Q008's November is not warned while
// it is not over nor after (a part of it); each is listed in left_out with why. Before: Q001
// kpi 37.5, Q008 45 and Q009 15 were warned.
static void test_warnings_leave_out_protected_leave_leavers_and_unfinished_periods(void **state)
{
    fixture_t *f = *state;
    s_qx(f);
    f->now_ms = s_midnight("2026-11-28");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-11-01", "2026-11-27", "QX");
    assert_null(s_warned(w, "Q001", NULL));
    assert_null(s_warned(w, "Q008", NULL));
    assert_null(s_warned(w, "Q009", NULL));
    const Hr__Analytics__WarningLeftOut *x = s_left(w, "Q001", NULL);
    assert_non_null(x);
    assert_string_equal(x->reason, "protected_leave");
    assert_string_equal(x->code, "");
    assert_string_equal(x->window_from, "2026-11-16");
    assert_string_equal(x->window_to, "2026-11-27");
    assert_non_null(strstr(x->text_en, "no warning may be based on it"));
    assert_non_null(strstr(x->text_zh, "产假"));
    assert_null(strstr(x->text_en, "37")); // no figure of hers
    x = s_left(w, "Q009", NULL);
    assert_non_null(x);
    assert_string_equal(x->reason, "left");
    assert_non_null(strstr(x->text_en, "left on 2026-11-06"));
    x = s_left(w, "Q008", "visits");
    assert_non_null(x);
    assert_string_equal(x->reason, "period_in_progress");
    assert_non_null(strstr(x->text_en, "period 2026-11 runs to 2026-11-30 and is not over"));

    f->now_ms = s_midnight("2026-12-05");
    w = s_warnings(f, "2026-11-01", "2026-11-27", "QX");
    assert_null(s_warned(w, "Q008", NULL));
    x = s_left(w, "Q008", "visits");
    assert_non_null(x);
    assert_string_equal(x->reason, "partly_employed");
    assert_non_null(strstr(x->text_en, "employed for 11 of the 21 working days"));
    assert_null(s_warned(w, "Q001", NULL));
    assert_null(s_warned(w, "Q009", NULL));
    // October, asked in December: Q009 worked all of it, and has left since - nobody to warn.
    w = s_warnings(f, "2026-10-08", "2026-10-30", "QX");
    x = s_left(w, "Q009", NULL);
    assert_non_null(x);
    assert_string_equal(x->reason, "left");
    assert_null(s_left(w, "Q001", NULL)); // no leave in October
}

// A KPI warning states the attainment as the fact does (37.50%, it said 38%), and the Chinese
// reads as a reader writes it (the zh review).
static void test_a_kpi_warning_states_the_fact_s_figure(void **state)
{
    fixture_t *f = *state;
    s_qx_calls(f);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-10-08", "2026-10-30", "QX");
    const Hr__Analytics__Warning *x = s_warned(w, "Q005", "calls");
    assert_non_null(x);
    if (!strstr(x->text_zh, "完成率37.50%") || !strstr(x->text_en, "attainment was 37.50%"))
        fail_msg("%s\n%s", x->text_zh, x->text_en);
}

// A quarter not over (2026-Q4 on 11-28) is no warning, and its facts say it is in progress; a
// lower-is-better KPI with a target of 0 (complaints: 0 wanted, 3 had) is a row, its actual
// stated against the target, never an attainment, compared or warned on (it was quarantined:
// "needs a positive target"). A higher-is-better target of 0 is refused as before.
static void test_a_quarter_in_progress_and_a_target_of_zero(void **state)
{
    fixture_t *f = *state;
    s_qx(f);
    Hr__Analytics__ImportFeedReply *rep =
        s_import(f, PERF, "generic", "kpi_q4.csv",
                 "employee_no,period,metric,target,actual,direction\n"
                 "Q005,2026-Q4,revenue,120,40,\nQ006,2026-Q4,revenue,120,45,\n"
                 "Q007,2026-Q4,revenue,120,50,\nQ005,2026-11,complaints,0,3,lower\n"
                 "Q006,2026-11,complaints,0,0,lower\nQ007,2026-11,complaints,2,0,lower\n"
                 "Q003,2026-11,sales,0,3,higher\n",
                 HR_OK);
    assert_int_equal(rep->accepted, 6);
    assert_int_equal(rep->quarantined, 1);
    assert_non_null(strstr(rep->bad_rows[0]->reason, "needs a positive target"));
    f->now_ms = s_midnight("2026-11-28");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-11-01", "2026-12-31", "QX");
    assert_null(s_warned(w, "Q005", "revenue"));
    assert_null(s_warned(w, "Q006", "revenue"));
    assert_null(s_warned(w, "Q005", "complaints"));
    const Hr__Analytics__WarningLeftOut *x = s_left(w, "Q005", "revenue");
    assert_non_null(x);
    assert_string_equal(x->reason, "period_in_progress");
    assert_string_equal(x->window_to, "2026-12-31");
    assert_non_null(strstr(x->text_zh, "尚未结束"));
    assert_null(s_left(w, "Q005", "complaints"));

    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q005", NULL, "2026-11-01", "2026-11-27", false);
    const Hr__Analytics__Fact *k = s_kpi(r, "kpi_attainment", "revenue");
    assert_non_null(strstr(k->text_en, "Period 2026-Q4 runs to 2026-12-31 and is not over"));
    assert_non_null(strstr(k->text_zh, "进行中"));
    const Hr__Analytics__Fact *c = s_kpi(r, "kpi_actual", "complaints");
    assert_true(c->value == 3);
    assert_string_equal(c->unit, "value");
    assert_false(c->has_comparison);
    assert_non_null(strstr(c->text_zh, "目标为0（越低越好），实际为3"));
    assert_non_null(strstr(c->text_en, "target 0 (lower is better), actual 3; no attainment"));
    // Q007's complaints (target 2, actual 0) has an attainment; the target-0 rows of Q005 and
    // Q006 are in no median of it.
    r = s_facts(f, "Q007", NULL, "2026-11-01", "2026-11-27", false);
    k = s_kpi(r, "kpi_attainment", "complaints");
    assert_false(k->has_comparison);
    assert_int_equal(k->team_size, 0);
}

// The review's item 10: Q002's absences had sources [] - nothing said which import covered those
// days. Now each absent day names the import (id, file, number, its punches' span) that covered
// it for the person.
static void test_an_absence_names_the_imports_that_covered_its_day(void **state)
{
    fixture_t *f = *state;
    s_qx(f);
    s_import(f, ATT, "generic", "oct.csv",
             "pin,time\n902,2026-11-02 08:50:00\n902,2026-11-02 18:00:00\n"
             "905,2026-11-02 08:50:00\n905,2026-11-02 18:00:00\n",
             HR_OK);
    s_import(f, ATT, "generic", "nov.csv", s_fixture(f, "qx/week45.csv"), HR_OK);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-11-02", "2026-11-05", false);
    const Hr__Analytics__Fact *a = s_fact(r, "absences");
    assert_true(a->value == 1); // 11-04 (11-02 and 11-03 年假 are no absence either way)
    assert_int_equal(a->n_days, 1);
    assert_string_equal(a->days[0], "2026-11-04");
    assert_int_equal(a->n_sources, 1);
    const Hr__Analytics__Source *s = a->sources[0];
    assert_string_equal(s->file_name, "nov.csv");
    assert_string_equal(s->day, "2026-11-04");
    assert_int_equal(strlen(s->file_id), 64);
    assert_non_null(strstr(s->raw, "punches from 2026-11-03 08:50 to 2026-11-05 18:00"));
    assert_non_null(strstr(s->note, "covers this day for the person"));
}

// Applies a workflow.RolesChanged giving emp the employee role and the protected status keys
// (NULL: none), as hr-analytics' consumer does.
static void s_directory(fixture_t *f, uint64_t seq, const char *emp, const char *status)
{
    Hr__Workflow__PersonRoles pr = HR__WORKFLOW__PERSON_ROLES__INIT;
    char *roles[1] = {"employee"}, *keys[1] = {(char *)status};
    pr.employee_no = (char *)emp;
    pr.roles = roles;
    pr.n_roles = 1;
    pr.protected_statuses = keys;
    pr.n_protected_statuses = status ? 1 : 0;
    Hr__Workflow__PersonRoles *list[1] = {&pr};
    Hr__Workflow__RolesChanged rc = HR__WORKFLOW__ROLES_CHANGED__INIT;
    rc.people = list;
    rc.n_people = 1;
    Hr__Sys__Event ev = HR__SYS__EVENT__INIT;
    ev.seq = seq;
    ev.type = "workflow.RolesChanged";
    ev.at_ms = 1000;
    ev.body.len = protobuf_c_message_get_packed_size(&rc.base);
    ev.body.data = hr_arena_alloc(f->arena, ev.body.len + 1);
    protobuf_c_message_pack(&rc.base, ev.body.data);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_events_apply(NULL, txn, &ev), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

// The workflow's directory records Q005 as pregnant (people.csv `protected`), with no leave row:
// she was warned (October calls 37.5%, 5 late arrivals) and compared with colleagues like
// anyone, and her figures were in their medians. Now the warnings leave her out naming the
// status and the law (no figure), her facts say it and are compared with nobody, and her
// figures are in nobody's median; a later entry without the status makes her as anyone again.
static void test_a_protected_status_in_the_directory_protects_without_leave(void **state)
{
    fixture_t *f = *state;
    s_qx_calls(f);
    char *att = hr_arena_strdup(f->arena, "pin,time\n");
    const char *pins[] = {"902", "903", "905", "906", "907"};
    for (int d = 12; d <= 16; d++)
        for (size_t i = 0; i < HR_ARRAY_LEN(pins); i++)
            att =
                hr_arena_fmt(f->arena, "%s%s,2026-10-%d %s\n%s,2026-10-%d 18:05:00\n", att, pins[i],
                             d, !strcmp(pins[i], "905") ? "09:40:00" : "08:50:00", pins[i], d);
    s_import(f, ATT, "generic", "oct_att.csv", att, HR_OK);
    f->now_ms = s_midnight("2026-12-05");
    // Before the directory says anything: warned, compared, in the medians.
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-10-12", "2026-10-16", "QX");
    assert_non_null(s_warned(w, "Q005", "calls"));
    assert_non_null(s_warned(w, "Q005", NULL));
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q006", NULL, "2026-10-12", "2026-10-16", false);
    assert_int_equal(s_fact(r, "late_arrivals")->team_size, 4); // Q002, Q003, Q005, Q007
    r = s_facts(f, "Q006", NULL, "2026-11-01", "2026-11-30", false);
    assert_int_equal(s_kpi(r, "kpi_attainment", "visits")->team_size, 4);

    s_directory(f, 7, "Q005", "pregnant");
    w = s_warnings(f, "2026-10-12", "2026-10-16", "QX");
    for (size_t i = 0; i < w->n_warnings; i++)
        assert_string_not_equal(w->warnings[i]->employee_no, "Q005");
    const Hr__Analytics__WarningLeftOut *x = s_left(w, "Q005", NULL);
    assert_non_null(x);
    assert_string_equal(x->reason, "protected_status");
    assert_string_equal(x->code, "");
    assert_string_equal(x->window_from, "2026-10-12");
    assert_string_equal(x->window_to, "2026-10-16");
    assert_non_null(strstr(x->text_en, "people directory records a status the law protects "
                                       "(孕期 pregnant; LCL 42(4); 妇女权益保障法 Art. 48)"));
    assert_non_null(strstr(x->text_zh, "人事名册记录本人处于法律保护的状态（孕期 pregnant"));
    assert_null(strstr(x->text_en, "37"));   // no figure of hers
    assert_null(s_left(w, "Q005", "calls")); // left out whole, once

    r = s_facts(f, "Q005", NULL, "2026-10-12", "2026-10-16", false);
    const Hr__Analytics__Fact *k = s_kpi(r, "kpi_attainment", "calls");
    assert_true(k->value == 37.5);
    assert_false(k->has_comparison);
    assert_non_null(strstr(k->comparison, "not compared: the people directory records a status "
                                          "the law protects (孕期 pregnant;"));
    assert_non_null(strstr(k->text_zh, "不得据此作出对本人不利的评价，不与同事比较，不作预警"));
    const Hr__Analytics__Fact *l = s_fact(r, "late_arrivals");
    assert_true(l->value == 5);
    assert_false(l->has_comparison);
    assert_int_equal(l->team_size, 0);
    assert_non_null(strstr(l->comparison, "not compared: the people directory records"));
    assert_non_null(strstr(l->text_en, "must not be held against the person"));
    // Read as legal (a case's employee): that a status protects her, never which (HR only, as
    // the workflow's directory keeps it).
    f->statuses_hidden = true;
    r = s_facts(f, "Q005", NULL, "2026-10-12", "2026-10-16", false);
    k = s_kpi(r, "kpi_attainment", "calls");
    assert_false(k->has_comparison);
    assert_non_null(strstr(k->comparison, "protects (详情仅人事可见 details for HR only; LCL 42)"));
    assert_null(strstr(k->text_zh, "孕"));
    assert_null(strstr(k->text_en, "pregnant"));
    assert_null(strstr(s_fact(r, "late_arrivals")->text_en, "pregnant"));
    f->statuses_hidden = false;
    // The snapshot HR freezes into a case (hrctl case facts) is read by the manager and the
    // reporting line: read as HR, it names no status either, in its facts nor in its JSON.
    r = s_facts(f, "Q005", NULL, "2026-10-12", "2026-10-16", true);
    assert_non_null(r->snapshot_json);
    assert_null(strstr(r->snapshot_json, "pregnant"));
    assert_null(strstr(r->snapshot_json, "42(4)"));
    assert_null(strstr(r->snapshot_json, "Art. 48"));
    assert_non_null(strstr(r->snapshot_json, "details for HR only; LCL 42)"));
    k = s_kpi(r, "kpi_attainment", "calls");
    assert_non_null(strstr(k->comparison, "protects (详情仅人事可见 details for HR only; LCL 42)"));
    assert_null(strstr(k->text_zh, "孕"));
    // Her figures are in nobody's median: attendance and KPI alike.
    r = s_facts(f, "Q006", NULL, "2026-10-12", "2026-10-16", false);
    assert_int_equal(s_fact(r, "late_arrivals")->team_size, 3);
    assert_null(strstr(s_fact(r, "late_arrivals")->comparison, "not compared"));
    r = s_facts(f, "Q006", NULL, "2026-11-01", "2026-11-30", false);
    k = s_kpi(r, "kpi_attainment", "visits");
    assert_int_equal(k->team_size, 3); // Q002 70, Q003 100, Q007 110
    assert_true(k->team_median == 100);

    // The status cleared in the directory (a later import's entry without it).
    s_directory(f, 8, "Q005", NULL);
    w = s_warnings(f, "2026-10-12", "2026-10-16", "QX");
    assert_non_null(s_warned(w, "Q005", "calls"));
    assert_null(s_left(w, "Q005", NULL));
}

// What the directory's protected statuses (hr_law keys) are to the law.
static void test_directory_statuses_the_law_protects(void **state)
{
    HR_UNUSED(state);
    const char *zh = NULL;
    assert_string_equal(an_status_protection("pregnant", &zh), "LCL 42(4); 妇女权益保障法 Art. 48");
    assert_string_equal(zh, "孕期");
    assert_string_equal(an_status_protection("nursing_infant", NULL),
                        "LCL 42(4); 妇女权益保障法 Art. 48");
    assert_string_equal(an_status_protection("medical_treatment_period", &zh), "LCL 42(3)");
    assert_string_equal(zh, "医疗期");
    assert_string_equal(an_status_protection("work_injury_incapacity", NULL), "LCL 42(2)");
    assert_string_equal(an_status_protection("long_service_near_retirement", NULL), "LCL 42(5)");
    assert_string_equal(an_status_protection("a_newer_status", &zh), "LCL 42");
    assert_string_equal(zh, "");
}

// What the leave feed's types are to the law.
static void test_leave_types_the_law_protects(void **state)
{
    HR_UNUSED(state);
    assert_string_equal(an_leave_protection("产假"), "LCL 42(4); 妇女权益保障法 Art. 48");
    assert_string_equal(an_leave_protection("产检"), "LCL 42(4); 妇女权益保障法 Art. 48");
    assert_string_equal(an_leave_protection("哺乳假"), "LCL 42(4); 妇女权益保障法 Art. 48");
    assert_string_equal(an_leave_protection("Maternity leave"),
                        "LCL 42(4); 妇女权益保障法 Art. 48");
    assert_string_equal(an_leave_protection("医疗期"), "LCL 42(3)");
    assert_string_equal(an_leave_protection("病假"), "LCL 42(3)");
    assert_string_equal(an_leave_protection("Sick"), "LCL 42(3)");
    assert_string_equal(an_leave_protection("工伤"), "LCL 42(1), 42(2)");
    assert_null(an_leave_protection("陪产假"));
    assert_null(an_leave_protection("年假"));
    assert_null(an_leave_protection("事假"));
    assert_null(an_leave_protection(""));
    assert_null(an_leave_protection(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_protected_leave_is_stated_and_never_a_failure, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_part_of_a_period_is_said_and_compared_with_nobody,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_warnings_leave_out_protected_leave_leavers_and_unfinished_periods, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_a_kpi_warning_states_the_fact_s_figure, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_quarter_in_progress_and_a_target_of_zero, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_an_absence_names_the_imports_that_covered_its_day,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_protected_status_in_the_directory_protects_without_leave, s_setup, s_teardown),
        cmocka_unit_test(test_directory_statuses_the_law_protects),
        cmocka_unit_test(test_leave_types_the_law_protects),
    };
    return cmocka_run_group_tests_name("unit.analytics.protect", tests, NULL, NULL);
}
