/*  unit.workflow.review - what a case needs before it moves (evidence per legal fact, company
 *  rules), HR's fact confirmations, the scenario handed to hr_law, and who may read a case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

typedef struct {
    hr_arena_t *arena;           // owned
    Hr__Workflow__Template *tpl; // arena
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->arena = hr_arena_new(0);
    f->tpl = wf_fixture_template(f->arena);
    *state = f;
    return f->tpl ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

static Hr__Workflow__Case *s_case(fixture_t *f, const char *ground)
{
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = "01JN00000000000000000000AA";
    c->ground = (char *)ground;
    c->employee_no = "E1";
    c->manager_no = "M1";
    c->opened_by = "M1";
    c->evidence = hr_arena_alloc(f->arena, 16 * sizeof *c->evidence);
    return c;
}

static void s_attach(fixture_t *f, Hr__Workflow__Case *c, const char *id, const char *kind)
{
    Hr__Workflow__EvidenceRef *e = hr_arena_alloc(f->arena, sizeof *e);
    hr__workflow__evidence_ref__init(e);
    e->id = (char *)id;
    e->kind = (char *)kind;
    c->evidence[c->n_evidence++] = e;
}

static size_t s_problems_signed(fixture_t *f, Hr__Workflow__Case *c, const wf_signed_t *sigs,
                                size_t nsigs, wf_problem_t *out)
{
    return wf_review_submit_problems(c, law_ground_find(c->ground), f->tpl, sigs, nsigs, f->arena,
                                     out, WF_PROBLEMS_MAX);
}

static size_t s_problems(fixture_t *f, Hr__Workflow__Case *c, wf_problem_t *out)
{
    return s_problems_signed(f, c, NULL, 0, out);
}

// Attaches to c, for each legal fact of ground g, one record (f0, f1, ...) of the first kind that
// proves it.
static void s_attach_every_fact(fixture_t *f, Hr__Workflow__Case *c, const law_ground_t *g)
{
    for (size_t i = 0; i < g->nfacts; i++) {
        const law_fact_t *fact = law_fact_get(g->facts[i].fact);
        for (int k = 0; k < LAW_EVK_COUNT; k++)
            if (fact->kinds & LAW_EVK_BIT(k)) {
                s_attach(f, c, hr_arena_fmt(f->arena, "f%zu", i),
                         law_evidence_kind_name((law_evidence_kind_t)k));
                break;
            }
    }
}

// Every fact of Art. 39(1) (hiring conditions not met during probation) proven.
#define S_A39_1_FACTS                                                                              \
    (LAW_FACT_BIT(LAW_FACT_HIRING_CONDITIONS_DEFINED) |                                            \
     LAW_FACT_BIT(LAW_FACT_HIRING_CONDITIONS_MADE_KNOWN) | LAW_FACT_BIT(LAW_FACT_FAILURE_PROVEN))

// The day of a date (YYYY-MM-DD); fails the test when it does not parse.
static int32_t s_date_of(const char *text)
{
    int32_t d = 0;
    assert_true(hr_date_parse(text, &d));
    return d;
}

// The scenario wf_review_scenario makes of p on ground with req, cfg and the facts proven on day
// today (no A41 numbers), which must succeed, and hr_law's assessment of it, which must too.
static void s_assess(const Hr__Workflow__Person *p, const char *ground,
                     const Hr__Workflow__ReviewCaseRequest *req, const wf_law_config_t *cfg,
                     int32_t today, uint64_t proven, law_scenario_t *s, law_assessment_t *a)
{
    char err[256];
    hr_rc_t rc = wf_review_scenario(p, law_ground_find(ground), req, cfg, today, proven, 0, 0, s,
                                    err, sizeof err, NULL, 0);
    if (rc)
        fail_msg("scenario %s: %s %s", ground, hr_rc_name(rc), err);
    assert_int_equal(law_assess(s, a), HR_OK);
}

// Whether hr_law's assessment holds a finding of code.
static bool s_law_finding(const law_assessment_t *a, const char *code)
{
    bool found = false;
    for (size_t i = 0; i < a->nfindings; i++)
        found |= !strcmp(a->findings[i].code, code);
    return found;
}

static void test_no_evidence_names_every_fact_and_its_kinds(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    wf_problem_t p[WF_PROBLEMS_MAX];
    assert_int_equal(s_problems(f, c, p), 3);
    assert_string_equal(p[0].fact, "hiring_conditions_defined");
    assert_non_null(strstr(p[0].message_en, "Attach one of: hiring_conditions"));
    assert_non_null(strstr(p[0].message_zh, "请附上以下类型之一：录用条件（"));
    assert_null(strstr(p[0].message_zh, "hiring_conditions"));
    assert_string_equal(p[2].fact, "failure_proven");
    assert_non_null(strstr(p[2].message_en, "performance_report, assessment_result"));
}

static void test_one_item_can_cover_several_facts(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    s_attach(f, c, "e1", "hiring_conditions"); // proves defined and made known
    wf_problem_t p[WF_PROBLEMS_MAX];
    assert_int_equal(s_problems(f, c, p), 1);
    assert_string_equal(p[0].fact, "failure_proven");
    s_attach(f, c, "e2", "attendance_record");
    assert_int_equal(s_problems(f, c, p), 0);
}

static void test_company_rule_counts_feedback_talks_for_performance_ground(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    const law_ground_t *g = law_ground_find("A40_2");
    s_attach_every_fact(f, c, g); // every legal fact of the ground first
    s_attach(f, c, "t1", "feedback_talk_record");
    s_attach(f, c, "t2", "feedback_talk_record");
    wf_problem_t p[WF_PROBLEMS_MAX];
    // The demo's rule wants each talk signed by the employee: those are the ones hr-evidence is
    // asked about, each once, and nothing else the case holds.
    const char *ids[8];
    assert_int_equal(wf_review_signed_ids(c, law_ground_find("A40_2"), f->tpl, ids, 8), 2);
    assert_string_equal(ids[0], "t1");
    assert_string_equal(ids[1], "t2");
    wf_signed_t sigs[] = {{"t1", WF_PARTY_EMPLOYEE, 0, "", "", "", "", ""},
                          {"t2", WF_PARTY_EMPLOYEE | WF_PARTY_MANAGER, 0, "", "", "", "", ""},
                          {"t3", WF_PARTY_MANAGER | WF_PARTY_HR, 0, "", "", "", "", ""}};
    size_t n = s_problems_signed(f, c, sigs, 3, p);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].code, "COMPANY_RULE");
    assert_non_null(strstr(p[0].message_en, "(attached 2, signed by the employee 2, need 3: "
                                            "feedback_talk_record)"));
    assert_non_null(strstr(p[0].message_zh, "已附 2 份，其中经员工本人签字 2 份，需要 3 份"));
    // A third talk the manager and HR signed, and not the employee: still short.
    s_attach(f, c, "t3", "feedback_talk_record");
    assert_int_equal(s_problems_signed(f, c, sigs, 3, p), 1);
    assert_non_null(strstr(p[0].message_en, "(attached 3, signed by the employee 2, need 3"));
    // Three attached and nobody's signature known: nothing counts.
    assert_int_equal(s_problems(f, c, p), 1);
    assert_non_null(strstr(p[0].message_en, "(attached 3, signed by the employee 0, need 3"));
    sigs[2].parties |= WF_PARTY_EMPLOYEE;
    assert_int_equal(s_problems_signed(f, c, sigs, 3, p), 0);
    // The rule is for A40_2 only, and asks about nothing on another ground.
    Hr__Workflow__Case *other = s_case(f, "A39_1");
    s_attach(f, other, "h", "hiring_conditions");
    s_attach(f, other, "p", "performance_report");
    s_attach(f, other, "t9", "feedback_talk_record");
    assert_int_equal(s_problems(f, other, p), 0);
    assert_int_equal(wf_review_signed_ids(other, law_ground_find("A39_1"), f->tpl, ids, 8), 0);
}

// A record the employee refused to confirm (evidence.Sign's decline) does not count, and the
// problem says who refused which record, when and in what words, and what HR can do.
static void test_company_rule_tells_the_employees_refusal(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    s_attach_every_fact(f, c, law_ground_find("A40_2"));
    s_attach(f, c, "t1aaaaaaaaaaaaaaaa", "feedback_talk_record");
    s_attach(f, c, "t2", "feedback_talk_record");
    s_attach(f, c, "t3", "feedback_talk_record");
    wf_signed_t sigs[] = {
        {"t1aaaaaaaaaaaaaaaa", WF_PARTY_MANAGER, WF_PARTY_EMPLOYEE, "E1", "2026-11-20",
         "本人不同意该记录内容", "", ""},
        {"t2", WF_PARTY_EMPLOYEE, 0, "", "", "", "", ""},
        {"t3", WF_PARTY_EMPLOYEE, 0, "", "", "", "", ""},
    };
    wf_problem_t p[WF_PROBLEMS_MAX];
    assert_int_equal(s_problems_signed(f, c, sigs, 3, p), 1);
    assert_string_equal(p[0].code, "COMPANY_RULE");
    assert_non_null(strstr(p[0].message_zh, "其中经员工本人签字 2 份，需要 3 份"));
    assert_non_null(strstr(p[0].message_zh, "E1于 2026-11-20 拒绝签字确认记录 t1aaaaaaaaaa…，"
                                            "声明：“本人不同意该记录内容”"));
    assert_non_null(strstr(p[0].message_zh, "拒绝签字不计入签字份数"));
    assert_non_null(strstr(p[0].message_en, "signed by the employee 2, need 3"));
    assert_non_null(strstr(p[0].message_en, "E1 declined to confirm record t1aaaaaaaaaa... on "
                                            "2026-11-20, stating: \"本人不同意该记录内容\""));
    assert_non_null(strstr(p[0].message_en, "witnesses"));
    // The manager's refusal is not the employee's: not told under the employee's rule.
    sigs[0] =
        (wf_signed_t){"t1aaaaaaaaaaaaaaaa", 0, WF_PARTY_MANAGER, "M1", "2026-11-20", "no", "", ""};
    assert_int_equal(s_problems_signed(f, c, sigs, 3, p), 1);
    assert_null(strstr(p[0].message_en, "declined"));
}

// A rule without signed_by counts every record of its kind, as before.
static void test_company_rule_without_signed_by_counts_every_record(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    const law_ground_t *g = law_ground_find("A40_2");
    Hr__Workflow__EvidenceRule *r = NULL;
    for (size_t i = 0; i < f->tpl->n_rules; i++)
        if (!strcmp(f->tpl->rules[i]->ground, "A40_2"))
            r = f->tpl->rules[i];
    assert_non_null(r);
    assert_string_equal(r->signed_by, "employee"); // the demo's rule (restored below)
    r->signed_by = "";
    s_attach_every_fact(f, c, g);
    s_attach(f, c, "t1", "feedback_talk_record");
    s_attach(f, c, "t2", "feedback_talk_record");
    wf_problem_t p[WF_PROBLEMS_MAX];
    const char *ids[8];
    assert_int_equal(wf_review_signed_ids(c, g, f->tpl, ids, 8), 0);
    assert_int_equal(s_problems(f, c, p), 1);
    assert_non_null(strstr(p[0].message_en, "have 2 of 3"));
    s_attach(f, c, "t3", "feedback_talk_record");
    assert_int_equal(s_problems(f, c, p), 0);
    r->signed_by = "employee";
}

static void test_fact_confirmations_must_rest_on_attached_evidence_of_a_fitting_kind(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    s_attach(f, c, "offer", "hiring_conditions");
    s_attach(f, c, "review", "performance_report");
    Hr__Workflow__FactConfirmation fc = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ids[] = {"review"};
    fc.fact = "failure_proven";
    fc.evidence_ids = ids;
    fc.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *list[] = {&fc};
    uint64_t proven = 0;
    int64_t a = 0, b = 0;
    char err[256];
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0), HR_OK);
    assert_true(proven & LAW_FACT_BIT(LAW_FACT_FAILURE_PROVEN));
    ids[0] = "offer"; // a hiring-conditions document does not prove the failure
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "cannot prove"));
    ids[0] = "missing";
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "not attached"));
    fc.fact = "vibes";
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    fc.fact = "failure_proven";
    fc.n_evidence_ids = 0;
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
}

static void s_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("lacks '%s': %s", part, text);
}

// hrctl law grounds prints a fact as evidence.NAME: HR may confirm it that way, and it is stored
// by its bare name; an unknown fact is refused naming the ones the case's ground needs.
static void test_a_fact_may_be_named_as_law_grounds_prints_it(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    s_attach(f, c, "offer", "hiring_conditions");
    Hr__Workflow__FactConfirmation fc = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ids[] = {"offer"};
    fc.fact = "evidence.hiring_conditions_defined";
    fc.evidence_ids = ids;
    fc.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *list[] = {&fc};
    uint64_t proven = 0;
    int64_t a = 0, b = 0;
    char err[512];
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0), HR_OK);
    assert_true(proven & LAW_FACT_BIT(LAW_FACT_HIRING_CONDITIONS_DEFINED));
    assert_string_equal(fc.fact, "hiring_conditions_defined");
    fc.fact = "evidence.vibes";
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    s_contains(err, "unknown fact 'evidence.vibes'; A39_1 needs: hiring_conditions_defined, ");
    s_contains(err, "failure_proven");
    fc.fact = "evidence.";
    assert_int_equal(wf_review_facts(c, list, 1, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
}

// LCL 40(2): a failure, then training or adjustment, then a second failure - three events, three
// records (section 5.3, GC18). The reviewer's report: one pre-training report confirmed as both
// failures reviewed lawful. Refused, naming both facts and the shared id; the like for the
// distinct events of the other grounds; facts of one event may still share a record.
static void test_distinct_events_need_distinct_records(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    s_attach(f, c, "07c6", "rule_acknowledgement");
    s_attach(f, c, "26ff", "performance_report");
    s_attach(f, c, "be76", "training_record");
    s_attach(f, c, "9a01", "assessment_result");
    s_attach(f, c, "adj1", "notice_letter");
    static const char *const names[] = {"job_standard_made_known", "first_assessment_failed",
                                        "training_or_adjustment_done", "second_assessment_failed"};
    char *ev[4][2] = {{"07c6"}, {"26ff"}, {"be76"}, {"26ff"}};
    Hr__Workflow__FactConfirmation fc[4];
    Hr__Workflow__FactConfirmation *list[4];
    for (size_t i = 0; i < 4; i++) {
        hr__workflow__fact_confirmation__init(&fc[i]);
        fc[i].fact = (char *)names[i];
        fc[i].evidence_ids = ev[i];
        fc[i].n_evidence_ids = 1;
        list[i] = &fc[i];
    }
    uint64_t proven = 0;
    int64_t a = 0, b = 0;
    char err[256];
    assert_int_equal(wf_review_facts(c, list, 4, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    s_contains(err, "'first_assessment_failed' and 'second_assessment_failed' both rest on "
                    "evidence '26ff'");
    // A case a review confirmed that way before the rule (an upgraded store) is not stuck: its
    // later assessments (the outcome) take the stored facts as that review checked them.
    c->facts = list;
    c->n_facts = 4;
    wf_review_facts_stored(c, &proven, &a, &b);
    for (size_t i = 0; i < 4; i++)
        assert_true(proven & LAW_FACT_BIT(law_fact_find(names[i])->id));
    c->facts = NULL;
    c->n_facts = 0;
    // The shared record hidden among others of a confirmation: still refused.
    ev[3][0] = "9a01";
    ev[3][1] = "26ff";
    fc[3].n_evidence_ids = 2;
    assert_int_equal(wf_review_facts(c, list, 4, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    s_contains(err, "'26ff'");
    // A training "proven" by the failed assessment's report is no training after it either;
    // an adjustment notice and a second assessment of its own are.
    fc[3].n_evidence_ids = 1;
    ev[3][0] = "9a01";
    ev[2][0] = "adj1";
    assert_int_equal(wf_review_facts(c, list, 4, &proven, &a, &b, err, sizeof err, NULL, 0), HR_OK);
    assert_true(proven & LAW_FACT_BIT(LAW_FACT_SECOND_ASSESSMENT_FAILED));

    // LCL 40(1): unfit for the original work and for the other work offered are two findings.
    c = s_case(f, "A40_1");
    s_attach(f, c, "med", "assessment_result");
    Hr__Workflow__FactConfirmation x = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    Hr__Workflow__FactConfirmation y = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *one[] = {"med"};
    x.fact = "cannot_do_original_work";
    y.fact = "cannot_do_alternative_work";
    x.evidence_ids = y.evidence_ids = one;
    x.n_evidence_ids = y.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *pair[] = {&x, &y};
    assert_int_equal(wf_review_facts(c, pair, 2, &proven, &a, &b, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    s_contains(err, "'cannot_do_original_work' and 'cannot_do_alternative_work'");
    // LCL 39(2): the rule's text and its clause on serious conduct are one document.
    c = s_case(f, "A39_2");
    s_attach(f, c, "hb", "rule_document");
    x.fact = "rule_exists";
    y.fact = "conduct_covered_as_serious";
    one[0] = "hb";
    assert_int_equal(wf_review_facts(c, pair, 2, &proven, &a, &b, err, sizeof err, NULL, 0), HR_OK);
}

// A41's numbers are facts like the others: the kinds that show them are needed to submit, and
// HR confirms each number with evidence of such a kind.
static void test_layoff_numbers_need_their_evidence(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A41");
    s_attach(f, c, "minutes", "union_notice");
    s_attach(f, c, "snapshot", "facts_snapshot"); // one employee's facts: no company numbers
    wf_problem_t p[WF_PROBLEMS_MAX];
    size_t n = s_problems(f, c, p);
    assert_int_equal(n, 3); // the plan, the roster, the bureau's receipt: all "other"
    assert_string_equal(p[0].fact, "layoff_count");
    assert_string_equal(p[1].fact, "total_headcount");
    assert_string_equal(p[2].fact, "reported_to_labour_bureau_before");
    // The message names the kind to upload the roster as, and the document.
    assert_non_null(strstr(p[1].message_en, "Attach one of: other (the staff roster"));
    s_attach(f, c, "bureau", "other");
    s_attach(f, c, "roster", "other");
    assert_int_equal(s_problems(f, c, p), 0);

    Hr__Workflow__FactConfirmation count = HR__WORKFLOW__FACT_CONFIRMATION__INIT,
                                   total = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    count.fact = "layoff_count";
    count.number = 20;
    total.fact = "total_headcount";
    total.number = 40;
    Hr__Workflow__FactConfirmation *list[] = {&count, &total};
    uint64_t proven = 0;
    int64_t laid = 0, head = 0;
    char err[256];
    // A number on its own proves nothing.
    assert_int_equal(wf_review_facts(c, list, 2, &proven, &laid, &head, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "facts[0].evidence_ids"));
    char *plan[] = {"bureau"}, *roster[] = {"roster"}, *wrong[] = {"minutes"};
    count.evidence_ids = plan;
    count.n_evidence_ids = 1;
    total.evidence_ids = wrong; // a union notice does not show the headcount
    total.n_evidence_ids = 1;
    assert_int_equal(wf_review_facts(c, list, 2, &proven, &laid, &head, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "cannot prove 'total_headcount'"));
    assert_non_null(strstr(err, "needs one of: other"));
    char *snapshot[] = {"snapshot"}; // nor does an employee's facts snapshot
    total.evidence_ids = snapshot;
    assert_int_equal(wf_review_facts(c, list, 2, &proven, &laid, &head, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    total.evidence_ids = roster;
    assert_int_equal(wf_review_facts(c, list, 2, &proven, &laid, &head, err, sizeof err, NULL, 0),
                     HR_OK);
    assert_true(proven & LAW_FACT_BIT(LAW_FACT_LAYOFF_COUNT));
    assert_true(proven & LAW_FACT_BIT(LAW_FACT_TOTAL_HEADCOUNT));
    assert_int_equal(laid, 20);
    assert_int_equal(head, 40);
}

// Messages name a record's kind with its article: "is an assessment_result", "is a union_notice".
static void test_a_kind_takes_its_article(void **state)
{
    HR_UNUSED(state);
    static const char *const an[] = {"assessment_result", "attendance_record", "agreement",
                                     "other"};
    for (size_t i = 0; i < HR_ARRAY_LEN(an); i++)
        assert_string_equal(wf_a(an[i]), "an");
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        const char *name = law_evidence_kind_name((law_evidence_kind_t)k);
        if (!strchr("aeio", name[0]))
            assert_string_equal(wf_a(name), "a");
    }
    assert_string_equal(wf_a("union_notice"), "a");
    assert_string_equal(wf_a(""), "a");
}

static Hr__Workflow__Person s_person(void)
{
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.employee_no = "E1";
    p.hire_date = "2025-01-06";
    p.contract_type = "fixed";
    p.probation_end = "2025-07-05";
    p.monthly_wage_fen = 1800000;
    return p;
}

static void test_scenario_from_the_directory_and_review(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2025-02-10");
    law_scenario_t s;
    char err[256];
    law_assessment_t a;
    s_assess(&p, "A39_1", &req, &cfg, today, LAW_FACT_BIT(LAW_FACT_FAILURE_PROVEN), &s, &a);
    assert_true(s.has_probation);
    assert_int_equal(s.average_wage_fen, 1800000);
    assert_int_equal(s.notice_day, today);
    assert_int_equal(s.effective_day, today); // Art. 39: no notice period
    assert_false(a.lawful);                   // hiring conditions not proven
    // Art. 40 without pay in lieu: thirty days' notice.
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A40_2"), &req, &cfg, today, 0, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_OK);
    assert_int_equal(s.effective_day, today + WF_NOTICE_DAYS);
    // The directory lacks what the law needs: named.
    p.hire_date = "";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg, today, 0, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "hire_date"));
    p = s_person();
    p.monthly_wage_fen = 0;
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg, today, 0, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    // A date HR gives before the hire date (2025-01-06) is refused, not moved to it.
    p = s_person();
    req.effective_date = "2024-12-31";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg, today, 0, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "effective_date: 2024-12-31 is before the hire date 2025-01-06"));
    req.effective_date = "";
    req.notice_date = "2024-12-31";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg, today, 0, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    assert_non_null(strstr(err, "notice_date: 2024-12-31 is before the hire date"));
    req.notice_date = "";
    req.effective_date = "2025-13-01";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg, today, 0, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_EINVAL);
}

// Art. 21 and GC180: the reasons count as given only when HR states them at review; an
// agreement or an expiry is no rescission by the employer.
static void test_reasons_are_given_only_when_hr_states_them(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2025-02-10"); // within probation
    law_scenario_t s;
    law_assessment_t a;
    char err[256];
    uint64_t all = S_A39_1_FACTS;
    s_assess(&p, "A39_1", &req, &cfg, today, all, &s, &a);
    assert_false(s.reasons_given);
    assert_true(s_law_finding(&a, "PROBATION_REASONS_NOT_GIVEN")); // Art. 21's finding fires again
    req.reasons = "试用期内两次销售考核未达录用条件第3条";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg, today, all, 0, 0,
                                        &s, err, sizeof err, NULL, 0),
                     HR_OK);
    assert_true(s.reasons_given);
    req.reasons = "";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A36_EMPLOYER"), &req, &cfg, today, 0,
                                        0, 0, &s, err, sizeof err, NULL, 0),
                     HR_OK);
    assert_true(s.reasons_given);
}

// The stored assessment keeps what the notice needs to state the severance's basis (Art. 47):
// its units, whether the wage was capped, the pre-2008 part.
static void test_the_stored_assessment_keeps_the_severance_basis(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.effective_date = "2027-08-10"; // 2 years 7 months from 2025-01-06: 3 units
    wf_law_config_t cfg = {.local_average_wage_fen = 500000,
                           .local_minimum_wage_fen = 0,
                           .has_union = false}; // 3 x 5,000 = 15,000 < 18,000: capped
    int32_t today = s_date_of("2027-07-01");
    uint64_t proven = LAW_FACT_BIT(LAW_FACT_JOB_STANDARD_MADE_KNOWN) |
                      LAW_FACT_BIT(LAW_FACT_FIRST_ASSESSMENT_FAILED) |
                      LAW_FACT_BIT(LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE) |
                      LAW_FACT_BIT(LAW_FACT_SECOND_ASSESSMENT_FAILED);
    law_scenario_t s;
    law_assessment_t a;
    s_assess(&p, "A40_2", &req, &cfg, today, proven, &s, &a);
    assert_true(a.lawful);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Assessment *r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_int_equal(r->service_half_units, 6);
    assert_true(r->wage_capped);
    assert_int_equal(r->wage_base_fen, 1500000);
    assert_int_equal(r->severance_fen, 4500000);
    assert_int_equal(r->severance_pre2008_fen, 0);
    hr_arena_destroy(&arena);
}

// Service before 2008 (LCL 97 para 3): the stored assessment holds the severance's own basis -
// the Art. 47 units from 2008-01-01 (after the 12-year limit, and before it), the 1994
// Measures' started years, months and uncapped wage - beside the whole service the 2N uses, so
// that severance_fen is reproducible from the record. Not capped, then capped.
static void test_a_pre2008_severance_keeps_both_bases(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    p.hire_date = "2006-07-15";
    p.contract_type = "open_ended";
    p.probation_end = "";
    p.average_wage_fen = p.monthly_wage_fen = 800000;
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.effective_date = "2026-12-30";
    req.pay_in_lieu_of_notice = true;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2026-12-01");
    uint64_t proven = LAW_FACT_BIT(LAW_FACT_OBJECTIVE_CHANGE_MAJOR) |
                      LAW_FACT_BIT(LAW_FACT_CONTRACT_CANNOT_BE_PERFORMED) |
                      LAW_FACT_BIT(LAW_FACT_VARIATION_CONSULTATION_FAILED);
    law_scenario_t s;
    law_assessment_t a;
    s_assess(&p, "A40_3", &req, &cfg, today, proven, &s, &a);
    assert_true(a.lawful);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Assessment *r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    // From 2008-01-01 to 2026-12-30: 19 months; 2006-07-15 to 2007-12-31: 2 started years.
    assert_int_equal(r->severance_half_units, 38);
    assert_int_equal(r->severance_half_units_actual, 38);
    assert_int_equal(r->pre2008_years, 2);
    assert_int_equal(r->pre2008_months, 2);
    assert_int_equal(r->pre2008_wage_fen, 800000);
    assert_int_equal(r->severance_pre2008_fen, 1600000);
    assert_int_equal(r->service_half_units, 41); // the whole service: 2N's basis
    assert_int_equal(r->severance_fen,
                     law_fen_times_half_units(r->wage_base_fen, (int)r->severance_half_units) +
                         r->pre2008_months * r->pre2008_wage_fen);
    assert_int_equal(r->severance_fen, 16800000);
    assert_int_equal(r->unlawful_compensation_fen, r->wage_base_fen * r->service_half_units);

    // Capped: the twelve-year limit cuts the part from 2008 only; the pre-2008 part is paid at
    // the wage itself. 2005-01-10: 3 started years before 2008.
    p.hire_date = "2005-01-10";
    p.average_wage_fen = p.monthly_wage_fen = 4800000;
    s_assess(&p, "A40_3", &req, &cfg, today, proven, &s, &a);
    r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_true(r->wage_capped);
    assert_int_equal(r->wage_base_fen, 3692100);
    assert_int_equal(r->severance_half_units, 24);
    assert_int_equal(r->severance_half_units_actual, 38);
    assert_int_equal(r->pre2008_years, 3);
    assert_int_equal(r->pre2008_months, 3);
    assert_int_equal(r->pre2008_wage_fen, 4800000);
    assert_int_equal(r->severance_fen, 12 * 3692100 + 3 * 4800000); // 587,052.00
    assert_int_equal(r->service_half_units, 24);

    // Hired from 2008: the severance's units are the whole service's; no pre-2008 figures.
    p.hire_date = "2015-03-01";
    s_assess(&p, "A40_3", &req, &cfg, today, proven, &s, &a);
    r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_int_equal(r->severance_half_units, 24);
    assert_int_equal(r->severance_half_units_actual, 24); // 11 years 10 months
    assert_int_equal(r->pre2008_years, 0);
    assert_int_equal(r->pre2008_wage_fen, 0);
    assert_int_equal(r->severance_fen, 12 * 3692100);
    hr_arena_destroy(&arena);
}

// The cap applied with no source for the local average wage in the config: a warn finding in
// both languages naming the key; none with a source given, none when the wage is not capped.
static void test_a_cap_without_a_source_for_the_local_average_warns(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    p.average_wage_fen = 4800000;
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2027-07-01");
    law_scenario_t s;
    law_assessment_t a;
    s_assess(&p, "A36_EMPLOYER", &req, &cfg, today, LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED), &s,
             &a);
    assert_true(a.wage_capped);
    hr_arena_t *arena = hr_arena_new(0);
    for (int round = 0; round < 3; round++) {
        const char *source = round == 1 ? "上海市人社局 2025年度全市职工月平均工资 12307 元" : "";
        if (round == 2) { // not capped
            p.average_wage_fen = 1800000;
            s_assess(&p, "A36_EMPLOYER", &req, &cfg, today, LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED),
                     &s, &a);
            assert_false(a.wage_capped);
        }
        Hr__Workflow__Assessment *r =
            wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
        size_t before = r->n_findings;
        wf_review_inputs(&p, &s, &cfg, source, r, arena);
        const Hr__Workflow__Finding *f = NULL;
        for (size_t i = 0; i < r->n_findings; i++)
            if (!strcmp(r->findings[i]->code, "LOCAL_AVERAGE_WAGE_SOURCE_MISSING"))
                f = r->findings[i];
        if (round) {
            assert_null(f);
            assert_int_equal(r->n_findings, before);
            continue;
        }
        assert_non_null(f);
        assert_int_equal(r->n_findings, before + 1);
        assert_string_equal(f->severity, "warn");
        assert_string_equal(f->article, "LCL 47; Reg. 14");
        assert_non_null(strstr(f->message_zh, "law/local_average_wage_source"));
        assert_non_null(strstr(f->message_zh, "36921.00 元（3 × 12307.00 元）"));
        assert_non_null(strstr(f->message_en, "law/local_average_wage_source"));
        assert_non_null(strstr(f->message_en, "36921.00 yuan (3 x 12307.00)"));
    }
    hr_arena_destroy(&arena);
}

// Dated local average wages for the tests below: a config's figures by year, with keys and
// sources as wf_server.c fills them.
static wf_local_wage_t s_wage(int32_t year, int64_t fen, const char *source)
{
    wf_local_wage_t w = {.year = year, .fen = fen, .source = source};
    snprintf(w.key, sizeof w.key, "law/local_average_monthly_wage_%d", year);
    snprintf(w.source_key, sizeof w.source_key, "law/local_average_wage_source_%d", year);
    return w;
}

static int32_t s_on(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return day;
}

// LCL Art. 47 para 2: the previous year's local average, so the year before the effective
// day's; else the latest earlier year configured; else the undated figure; never a figure of
// the effective year or later; none at all says so (fen 0, the year wanted kept).
static void test_the_local_average_of_the_year_before_the_end_is_taken(void **state)
{
    HR_UNUSED(state);
    wf_local_wage_t wages[] = {s_wage(2023, 1230700, "sh 2023"), s_wage(2025, 1250000, ""),
                               s_wage(2026, 1300000, "sh 2026"), s_wage(2027, 1400000, "")};
    wf_law_config_t cfg = {.local_wages = wages, .n_local_wages = 4};
    wf_local_wage_use_t u = wf_local_wage_for(&cfg, s_on("2027-01-29"), NULL);
    assert_int_equal(u.wanted, 2026);
    assert_int_equal(u.year, 2026);
    assert_int_equal(u.fen, 1300000);
    assert_string_equal(u.key, "law/local_average_monthly_wage_2026");
    assert_string_equal(u.source, "sh 2026");
    assert_string_equal(u.source_key, "law/local_average_wage_source_2026");
    // 2026's not given: the latest before it (2025), never 2027's (the effective year's).
    cfg.n_local_wages = 2;
    wf_local_wage_t later[] = {wages[0], wages[1], wages[3]};
    cfg.local_wages = later;
    cfg.n_local_wages = 3;
    u = wf_local_wage_for(&cfg, s_on("2027-12-31"), NULL);
    assert_int_equal(u.wanted, 2026);
    assert_int_equal(u.year, 2025);
    assert_int_equal(u.fen, 1250000);
    // The last day of a year is still that year's: 2026-12-31 takes 2025's.
    u = wf_local_wage_for(&cfg, s_on("2026-12-31"), NULL);
    assert_int_equal(u.wanted, 2025);
    assert_int_equal(u.year, 2025);
    // Only 2023's: it, for any end from 2024 on.
    cfg.n_local_wages = 1;
    u = wf_local_wage_for(&cfg, s_on("2027-01-29"), NULL);
    assert_int_equal(u.year, 2023);
    assert_int_equal(u.fen, 1230700);
    // An end in 2023 wants 2022's: nothing configured for it or before.
    u = wf_local_wage_for(&cfg, s_on("2023-06-30"), NULL);
    assert_int_equal(u.wanted, 2022);
    assert_int_equal(u.year, 0);
    assert_int_equal(u.fen, 0);
    assert_string_equal(u.key, "");
    // ... unless an undated figure stands in, with its own source.
    cfg.local_average_wage_fen = 1100000;
    u = wf_local_wage_for(&cfg, s_on("2023-06-30"), "somewhere");
    assert_int_equal(u.year, 0);
    assert_int_equal(u.fen, 1100000);
    assert_string_equal(u.key, "law/local_average_monthly_wage");
    assert_string_equal(u.source, "somewhere");
    assert_string_equal(u.source_key, "law/local_average_wage_source");
    // A dated figure that fits wins over the undated one.
    u = wf_local_wage_for(&cfg, s_on("2027-01-29"), "somewhere");
    assert_int_equal(u.year, 2023);
    // Nothing at all.
    wf_law_config_t none = {.has_union = true};
    u = wf_local_wage_for(&none, s_on("2027-01-29"), NULL);
    assert_int_equal(u.wanted, 2026);
    assert_int_equal(u.fen, 0);
}

// The single key of before is read as the figure of the year its source names: before 年度, or
// the only year named; several without 年度, or none, name no year (never guessed).
static void test_the_year_a_source_names(void **state)
{
    HR_UNUSED(state);
    assert_int_equal(wf_local_wage_year_named("上海市 2023 年度全口径城镇单位就业人员月平均工资 "
                                              "12307 元（2024 年公布；示例）"),
                     2023);
    assert_int_equal(wf_local_wage_year_named("2024年公布的2023年度职工月平均工资"), 2023);
    assert_int_equal(wf_local_wage_year_named("上海市人社局 2025年度全市职工月平均工资 12307 元"),
                     2025);
    assert_int_equal(wf_local_wage_year_named("Shanghai, average of 2024"), 2024);
    assert_int_equal(wf_local_wage_year_named("Shanghai 2023 average, published 2024"), 0);
    assert_int_equal(wf_local_wage_year_named("Shanghai 2023, 2023 figure"), 2023);
    assert_int_equal(wf_local_wage_year_named("12307 元"), 0);
    assert_int_equal(wf_local_wage_year_named("code 20231 or 120235"), 0);
    assert_int_equal(wf_local_wage_year_named("1999"), 0);
    assert_int_equal(wf_local_wage_year_named(""), 0);
    assert_int_equal(wf_local_wage_year_named(NULL), 0);
}

// The review's repro at the law/review level: an agreement ending 2027-01-29 for a high earner
// (48000.00, hired 2025-01-06: 2 years 23 days, 2.5 months), reviewed 2026-12-28. Assesses it
// with cfg as the handler does; the assessment (arena).
static Hr__Workflow__Assessment *s_capped_in_2027(const wf_law_config_t *cfg, char *contract,
                                                  hr_arena_t *arena)
{
    Hr__Workflow__Person p = s_person();
    p.average_wage_fen = p.monthly_wage_fen = 4800000;
    p.contract_type = contract;
    p.probation_end = "";
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.effective_date = "2027-01-29";
    law_scenario_t s;
    char err[256];
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A36_EMPLOYER"), &req, cfg,
                                        s_on("2026-12-28"), LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED),
                                        0, 0, &s, err, sizeof err, NULL, 0),
                     HR_OK);
    law_assessment_t a;
    assert_int_equal(law_assess(&s, &a), HR_OK);
    Hr__Workflow__Assessment *r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    wf_review_inputs(&p, &s, cfg, "", r, arena);
    wf_review_local_average(&p, &s, cfg, "", r, arena);
    return r;
}

static const Hr__Workflow__Finding *s_coded(const Hr__Workflow__Assessment *r, const char *code)
{
    for (size_t i = 0; i < r->n_findings; i++)
        if (!strcmp(r->findings[i]->code, code))
            return r->findings[i];
    return NULL;
}

// A branch's people (wf_branch): the cap is three times the branch's own figure, named by its
// key; a branch with no figure applies no cap and its finding names the branch and the key of
// its own section to set - never the head office's figure in its place.
static void test_a_branch_caps_with_its_own_figure_or_says_it_has_none(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    wf_local_wage_t bj = {.year = 2026, .fen = 1193700, .source = "北京市 2026 年度（测试）"};
    snprintf(bj.key, sizeof bj.key, "branch/BJ/local_average_monthly_wage_2026");
    snprintf(bj.source_key, sizeof bj.source_key, "branch/BJ/local_average_wage_source_2026");
    wf_law_config_t cfg = {.local_wages = &bj,
                           .n_local_wages = 1,
                           .key_prefix = "branch/BJ",
                           .place_zh = "分支机构 BJ（北京分公司，合同履行地 北京）",
                           .place_en = "branch BJ (北京分公司, contracts performed in 北京)"};
    Hr__Workflow__Assessment *r = s_capped_in_2027(&cfg, "fixed", arena);
    assert_true(r->wage_capped);
    assert_int_equal(r->local_average_wage_fen, 1193700);
    assert_int_equal(r->local_average_year, 2026);
    assert_int_equal(r->wage_base_fen, 3581100); // 3 x 11937.00
    assert_string_equal(
        r->local_average_source,
        "config branch/BJ/local_average_monthly_wage_2026; 北京市 2026 年度（测试）");
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED"));

    wf_law_config_t cd = {.key_prefix = "branch/CD",
                          .place_zh = "分支机构 CD（成都分公司，合同履行地 成都）",
                          .place_en = "branch CD (成都分公司, contracts performed in 成都)"};
    r = s_capped_in_2027(&cd, "fixed", arena);
    assert_false(r->wage_capped);
    assert_int_equal(r->wage_base_fen, 4800000);
    assert_int_equal(r->local_average_wage_fen, 0);
    assert_string_equal(r->local_average_source,
                        "none configured for 2026 or before (branch/CD/local_average_monthly_wage_"
                        "2026)");
    const Hr__Workflow__Finding *f = s_coded(r, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED");
    assert_non_null(f);
    assert_true(!strncmp(f->message_en, "branch CD (成都分公司", strlen("branch CD (成都分公司")));
    assert_non_null(strstr(f->message_en, "(branch/CD/local_average_monthly_wage_2026)"));
    assert_non_null(strstr(f->message_en, "in workflow.cfg's branch/CD section"));
    assert_null(strstr(f->message_en, "law/"));
    assert_true(!strncmp(f->message_zh, "分支机构 CD", strlen("分支机构 CD")));
    // Its minimum wage: none configured, said with the branch's key.
    Hr__Workflow__Person p = s_person();
    size_t before = r->n_findings;
    wf_review_minimum_wage(&p, &cd, "", r, arena);
    assert_int_equal(r->n_findings, before + 1);
    assert_string_equal(r->findings[before]->code, "MINIMUM_WAGE_NOT_CONFIGURED");
    assert_non_null(
        strstr(r->findings[before]->message_en, "(branch/CD/local_minimum_monthly_wage)"));
    hr_arena_destroy(&arena);
}

// With 2023's figure only (the shipped example), the cap is 36921.00 and a warn finding says the
// cap used 2023's figure and that 2026's, the year the law names, is not configured; with 2026's
// configured the cap is three times it and nothing is said. Exact to the fen.
static void test_a_cap_on_an_earlier_year_says_which_year_it_used(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    wf_local_wage_t wages[] = {s_wage(2023, 1230700, "上海市 2023 年度 12307 元"),
                               s_wage(2026, 1300000, "上海市 2026 年度 13000 元（测试）")};
    wf_law_config_t cfg = {.local_wages = wages, .n_local_wages = 1};

    Hr__Workflow__Assessment *r = s_capped_in_2027(&cfg, "fixed", arena);
    assert_true(r->lawful);
    assert_true(r->wage_capped);
    assert_int_equal(r->local_average_year, 2023);
    assert_int_equal(r->local_average_wage_fen, 1230700);
    assert_int_equal(r->wage_base_fen, 3692100);
    assert_int_equal(r->severance_fen, 9230250); // 36921.00 x 2.5
    assert_int_equal(r->unlawful_compensation_fen, 18460500);
    assert_string_equal(r->local_average_source,
                        "config law/local_average_monthly_wage_2023; 上海市 2023 年度 12307 元");
    const Hr__Workflow__Finding *f = s_coded(r, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED");
    assert_non_null(f);
    assert_string_equal(f->severity, "warn");
    assert_string_equal(f->article, "LCL 47; Reg. 14");
    assert_string_equal(f->fact, "employer.local_average_monthly_wage");
    assert_non_null(strstr(f->message_en, "the contract ends on 2027-01-29"));
    assert_non_null(
        strstr(f->message_en, "no figure for 2026 (law/local_average_monthly_wage_2026)"));
    assert_non_null(strstr(f->message_en, "36921.00 yuan (3 x 12307.00), uses 2023's figure "
                                          "(config law/local_average_monthly_wage_2023)"));
    assert_non_null(strstr(f->message_zh, "上年度（2026 年度）"));
    assert_non_null(strstr(f->message_zh, "36921.00 元（3 × 12307.00 元）用的是2023 年度的数额"));
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED"));
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_SOURCE_MISSING"));

    // 2026's configured: capped at 39000.00, no finding.
    cfg.n_local_wages = 2;
    r = s_capped_in_2027(&cfg, "fixed", arena);
    assert_true(r->wage_capped);
    assert_int_equal(r->local_average_year, 2026);
    assert_int_equal(r->local_average_wage_fen, 1300000);
    assert_int_equal(r->wage_base_fen, 3900000);
    assert_int_equal(r->severance_fen, 9750000); // 39000.00 x 2.5
    assert_int_equal(r->unlawful_compensation_fen, 19500000);
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED"));
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED"));

    // An undated figure that caps says so too: its year is not known.
    wf_law_config_t undated = {.local_average_wage_fen = 1230700};
    r = s_capped_in_2027(&undated, "fixed", arena);
    assert_int_equal(r->local_average_year, 0);
    assert_int_equal(r->severance_fen, 9230250);
    f = s_coded(r, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED");
    assert_non_null(f);
    assert_non_null(strstr(f->message_en, "a figure whose year the config does not give"));

    // Not capped with the older figure (a wage under 3 x 12307): nothing to say about the year.
    Hr__Workflow__Person p = s_person();
    p.probation_end = "";
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.effective_date = "2027-01-29";
    law_scenario_t s;
    char err[256];
    cfg.n_local_wages = 1;
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A36_EMPLOYER"), &req, &cfg,
                                        s_on("2026-12-28"), LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED),
                                        0, 0, &s, err, sizeof err, NULL, 0),
                     HR_OK);
    law_assessment_t a;
    assert_int_equal(law_assess(&s, &a), HR_OK);
    r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    size_t before = r->n_findings;
    wf_review_local_average(&p, &s, &cfg, "", r, arena);
    assert_false(r->wage_capped);
    assert_int_equal(r->n_findings, before);
    hr_arena_destroy(&arena);
}

// No figure for the year the law names or any before: no built-in figure is assumed - the cap is
// not applied (the wage counts in full) and a warn finding names the key to set; part-time work
// (no severance) is left out.
static void test_no_local_average_configured_applies_no_cap_and_says_what_to_set(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    wf_local_wage_t later[] = {s_wage(2027, 1400000, "")}; // the effective year's: never taken
    wf_law_config_t cfg = {.local_wages = later, .n_local_wages = 1};
    Hr__Workflow__Assessment *r = s_capped_in_2027(&cfg, "fixed", arena);
    assert_true(r->lawful);
    assert_false(r->wage_capped);
    assert_int_equal(r->wage_base_fen, 4800000);
    assert_int_equal(r->severance_fen, 12000000); // 48000.00 x 2.5, uncapped
    assert_int_equal(r->local_average_wage_fen, 0);
    assert_int_equal(r->local_average_year, 0);
    assert_string_equal(r->local_average_source,
                        "none configured for 2026 or before (law/local_average_monthly_wage_2026)");
    const Hr__Workflow__Finding *f = s_coded(r, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED");
    assert_non_null(f);
    assert_string_equal(f->severity, "warn");
    assert_string_equal(f->article, "LCL 47; Reg. 14");
    assert_non_null(strstr(f->message_en, "no local average monthly wage is configured for 2026"));
    assert_non_null(strstr(f->message_en, "could not apply the cap: the wage base 48000.00 yuan"));
    assert_non_null(strstr(f->message_en, "workflow.cfg's law section"));
    assert_non_null(strstr(f->message_zh, "law/local_average_monthly_wage_2026"));
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED"));
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_SOURCE_MISSING"));

    r = s_capped_in_2027(&cfg, "part_time", arena);
    assert_null(s_coded(r, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED"));
    hr_arena_destroy(&arena);
}

// H3: without a 12-month average the monthly wage stands in for the Art. 47 base, and HR is
// told so at review in both languages (a warning: the assessment stays lawful); with the
// average given, nothing is said.
static void test_a_monthly_wage_standing_in_for_the_average_is_said(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    p.average_wage_fen = 0;
    p.monthly_wage_fen = 1600000;
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2027-07-01");
    law_scenario_t s;
    law_assessment_t a;
    s_assess(&p, "A36_EMPLOYER", &req, &cfg, today, LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED), &s,
             &a);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Assessment *r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    size_t before = r->n_findings;
    bool lawful = r->lawful;
    wf_review_wage_base(&p, r, arena);
    assert_int_equal(r->n_findings, before + 1);
    assert_int_equal(r->lawful, lawful);
    const Hr__Workflow__Finding *f = r->findings[before];
    assert_string_equal(f->severity, "warn");
    assert_string_equal(f->code, "AVERAGE_WAGE_MISSING");
    assert_non_null(strstr(f->article, "LCL 47"));
    assert_non_null(strstr(f->article, "Reg. 27"));
    assert_non_null(strstr(f->message_en, "16000.00"));
    assert_non_null(strstr(f->message_en, "bonuses, allowances and subsidies"));
    assert_non_null(strstr(f->message_zh, "十二个月的平均工资"));
    p.average_wage_fen = 1650000;
    wf_review_wage_base(&p, r, arena);
    assert_int_equal(r->n_findings, before + 1);
    hr_arena_destroy(&arena);
}

// LCL Art. 19: a probation agreed longer than the contract allows is not passed to the engine as
// agreed. A one-year contract from 2026-09-01 allows two months, so the probation the law lets
// stand ended 2026-10-31, and an A39_1 notice on 2026-11-30 with every fact proven is outside it
// (PROBATION_OVER); the assessment says which end was used. A task-based contract has none.
static void test_the_engine_gets_the_lawful_probation_end(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    p.hire_date = "2026-09-01";
    p.contract_start = "2026-09-01";
    p.contract_end = "2027-08-31";
    p.probation_end = "2027-02-28";
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.reasons = "failed the hiring conditions";
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 274000, .has_union = false};
    uint64_t all = S_A39_1_FACTS;
    law_scenario_t s;
    char err[256];
    law_assessment_t a;
    s_assess(&p, "A39_1", &req, &cfg, s_date_of("2026-11-30"), all, &s, &a);
    assert_true(s.has_probation);
    assert_int_equal(s.probation_end_day, s_date_of("2026-10-31"));
    assert_false(a.lawful);
    assert_true(s_law_finding(&a, "PROBATION_OVER"));
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Assessment *r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    size_t before = r->n_findings;
    wf_review_probation(&p, r, arena);
    assert_int_equal(r->n_findings, before + 1);
    const Hr__Workflow__Finding *f = r->findings[before];
    assert_string_equal(f->severity, "warn");
    assert_string_equal(f->code, "PROBATION_BEYOND_ART19");
    assert_string_equal(f->fact, "employee.probation_end");
    assert_non_null(strstr(f->message_en, "at most 2 months"));
    assert_non_null(strstr(f->message_en, "used 2026-10-31 as the end of probation"));
    assert_non_null(strstr(f->message_zh, "以 2026-10-31 为试用期结束日"));

    // Within the lawful two months the same notice is lawful.
    s_assess(&p, "A39_1", &req, &cfg, s_date_of("2026-10-30"), all, &s, &a);
    assert_true(a.lawful);

    // A probation within Art. 19 goes to the engine as agreed, and nothing is said.
    p.probation_end = "2026-10-15";
    assert_int_equal(wf_review_scenario(&p, law_ground_find("A39_1"), &req, &cfg,
                                        s_date_of("2026-10-10"), all, 0, 0, &s, err, sizeof err,
                                        NULL, 0),
                     HR_OK);
    assert_int_equal(s.probation_end_day, s_date_of("2026-10-15"));
    wf_review_probation(&p, r, arena);
    assert_int_equal(r->n_findings, before + 1);

    // A task-based contract allows none (Art. 19 para 4): no probation at all for the engine.
    p.contract_type = "task_based";
    s_assess(&p, "A39_1", &req, &cfg, s_date_of("2026-10-10"), all, &s, &a);
    assert_false(s.has_probation);
    assert_false(a.lawful);
    wf_review_probation(&p, r, arena);
    assert_int_equal(r->n_findings, before + 2);
    assert_non_null(strstr(r->findings[before + 1]->message_en, "used no probation at all"));

    // Open-ended: up to six months from the contract's start (to 2027-02-28 inclusive).
    p.contract_type = "open_ended";
    p.contract_end = "";
    p.probation_end = "2027-06-30";
    wf_probation_t pr;
    wf_person_probation(&p, &pr);
    assert_true(pr.capped);
    assert_true(pr.lawful);
    assert_int_equal(pr.end, s_date_of("2027-02-28"));
    hr_arena_destroy(&arena);
}

// Reg. Art. 27: the wage base is never below the local minimum. With none configured every
// assessment says so (a warning); with one, a wage below it is raised, and the assessment says
// so with the figure's source.
static void test_the_minimum_wage_floor_is_applied_or_said_missing(void **state)
{
    HR_UNUSED(state);
    Hr__Workflow__Person p = s_person();
    p.monthly_wage_fen = 150000;
    p.average_wage_fen = 150000;
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    req.effective_date = "2027-08-10"; // 3 units from 2025-01-06
    uint64_t proven = LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED);
    law_scenario_t s;
    law_assessment_t a;
    hr_arena_t *arena = hr_arena_new(0);

    wf_law_config_t none = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    s_assess(&p, "A36_EMPLOYER", &req, &none, s_date_of("2027-07-01"), proven, &s, &a);
    Hr__Workflow__Assessment *r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_int_equal(r->severance_fen, 3 * 150000);
    size_t before = r->n_findings;
    wf_review_minimum_wage(&p, &none, "", r, arena);
    assert_int_equal(r->n_findings, before + 1);
    assert_string_equal(r->findings[before]->severity, "warn");
    assert_string_equal(r->findings[before]->code, "MINIMUM_WAGE_NOT_CONFIGURED");
    assert_non_null(strstr(r->findings[before]->message_en, "law/local_minimum_monthly_wage"));

    wf_law_config_t sh = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 274000, .has_union = false};
    s_assess(&p, "A36_EMPLOYER", &req, &sh, s_date_of("2027-07-01"), proven, &s, &a);
    r = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_int_equal(r->wage_base_fen, 274000);
    assert_int_equal(r->severance_fen, 3 * 274000);
    before = r->n_findings;
    wf_review_minimum_wage(&p, &sh, "Shanghai 2025-07-01", r, arena);
    assert_int_equal(r->n_findings, before + 1);
    assert_string_equal(r->findings[before]->severity, "info");
    assert_string_equal(r->findings[before]->code, "MINIMUM_WAGE_APPLIED");
    assert_non_null(strstr(r->findings[before]->message_en, "1500.00"));
    assert_non_null(strstr(r->findings[before]->message_en, "2740.00"));
    assert_non_null(strstr(r->findings[before]->message_en, "Shanghai 2025-07-01"));
    // A wage at or above the minimum: nothing said.
    p.average_wage_fen = p.monthly_wage_fen = 274000;
    wf_review_minimum_wage(&p, &sh, "", r, arena);
    assert_int_equal(r->n_findings, before + 1);
    hr_arena_destroy(&arena);
}

static void test_who_may_read_a_case(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    const char *chain[] = {"M1", "S1", "CEO"};
    Hr__Workflow__CaseStep legal = HR__WORKFLOW__CASE_STEP__INIT,
                           later = HR__WORKFLOW__CASE_STEP__INIT;
    legal.owner_no = "L1";
    legal.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    later.owner_no = "L2";
    later.state = HR__WORKFLOW__STEP_STATE__STEP_STATE_PENDING;
    Hr__Workflow__CaseStep *steps[] = {&legal, &later};
    c->steps = steps;
    c->n_steps = 2;
    struct {
        const char *user;
        const char *role;
        bool want;
    } rows[] = {
        {"operator", "operator", true},
        {"H1", "hr", true},
        {"H2", "hr_head", true},
        {"M1", "manager", true},
        {"S1", "manager", true},
        {"CEO", "manager", true},
        {"X9", "manager", false},
        {"E1", "employee", false},
        {"E1", "hr", false},
        {"E1", "operator", false}, // the employee, whatever they claim
        {"", "", false},
        {"L1", "legal", true},
        {"L2", "legal", true}, // legal reads every case, reached by a step or not
        {"L2", "manager", false},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Actor a = HR__ACTOR__INIT;
        char *roles[] = {(char *)rows[i].role};
        a.user_id = (char *)rows[i].user;
        a.roles = roles;
        a.n_roles = *rows[i].role ? 1 : 0;
        if (wf_auth_can_read(&a, c, chain, 3) != rows[i].want)
            fail_msg("row %zu (%s as %s)", i, rows[i].user, rows[i].role);
    }
}

// Claimed roles against the directory: HR's and legal's doors open only for the people the
// directory gives those roles; nobody in the directory is the operator; an actor the directory
// does not know is the operator or nothing.
static void test_roles_count_only_when_the_directory_gives_them(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person hr = HR__WORKFLOW__PERSON__INIT, plain = HR__WORKFLOW__PERSON__INIT;
    char *hr_roles[] = {"hr", "manager"};
    hr.employee_no = "H1";
    hr.roles = hr_roles;
    hr.n_roles = 2;
    plain.employee_no = "P1";
    struct {
        const char *user;
        const Hr__Workflow__Person *p;
        const char *claimed;
        const char *kept;
        bool is_hr;
    } rows[] = {
        {"H1", &hr, "hr", "hr", true},
        {"H1", &hr, "hr_head,legal,manager", "manager", false},
        {"P1", &plain, "hr", "", false},
        {"P1", &plain, "hr_head", "", false},
        {"P1", &plain, "operator", "", false},
        {"P1", &plain, "legal,manager", "manager", false},
        {"operator", NULL, "operator", "operator", true},
        {"X9", NULL, "hr,operator", "", false}, // only hrctl's own identity is the operator
        {"X9", NULL, "hr,hr_head", "", false},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Actor a = HR__ACTOR__INIT;
        char buf[64], *list[4], *save = NULL;
        snprintf(buf, sizeof buf, "%s", rows[i].claimed);
        for (char *r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save))
            list[a.n_roles++] = r;
        a.user_id = (char *)rows[i].user;
        a.roles = list;
        Hr__Actor *t = wf_auth_actor(&a, rows[i].p, f->arena);
        char kept[64] = "";
        for (size_t k = 0; k < t->n_roles; k++)
            snprintf(kept + strlen(kept), sizeof kept - strlen(kept), "%s%s", k ? "," : "",
                     t->roles[k]);
        if (strcmp(kept, rows[i].kept) || wf_actor_is_hr(t) != rows[i].is_hr)
            fail_msg("row %zu (%s claims %s): kept '%s'", i, rows[i].user, rows[i].claimed, kept);
        assert_string_equal(t->user_id, rows[i].user);
    }
}

static void test_protected_status_findings_reach_hr_only(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person p = s_person();
    Hr__Workflow__ProtectedStatus ps = HR__WORKFLOW__PROTECTED_STATUS__INIT;
    ps.status = "pregnant";
    ps.source = "medical certificate";
    Hr__Workflow__ProtectedStatus *list[] = {&ps};
    p.protected_statuses = list;
    p.n_protected_statuses = 1;
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = true};
    int32_t today = s_date_of("2025-09-10");
    law_scenario_t s;
    law_assessment_t a;
    s_assess(&p, "A40_2", &req, &cfg, today, 0, &s, &a);
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    c->assessment = wf_review_assessment(&a, f->arena, HR_TEST_T0_MS, s.effective_day);
    size_t protected = 0;
    for (size_t i = 0; i < c->assessment->n_findings; i++)
    protected += wf_finding_is_protected(c->assessment->findings[i]);
    assert_true(protected > 0);

    Hr__Actor hr = HR__ACTOR__INIT, mgr = HR__ACTOR__INIT;
    char *hr_roles[] = {"hr"}, *mgr_roles[] = {"manager"};
    hr.user_id = "H1";
    hr.roles = hr_roles;
    hr.n_roles = 1;
    mgr.user_id = "M1";
    mgr.roles = mgr_roles;
    mgr.n_roles = 1;
    wf_case_redact(&hr, c, f->arena);
    for (size_t i = 0; i < c->assessment->n_findings; i++)
        if (wf_finding_is_protected(c->assessment->findings[i]))
            assert_null(strstr(c->assessment->findings[i]->code, "PROTECTED_STATUS"));
    wf_case_redact(&mgr, c, f->arena);
    for (size_t i = 0; i < c->assessment->n_findings; i++) {
        const Hr__Workflow__Finding *g = c->assessment->findings[i];
        assert_false(wf_finding_is_protected(g));
        assert_null(strstr(g->message_en, "pregnan"));
        assert_null(strstr(g->code, "PREGNAN"));
    }
}

// A review confirming none of the facts the ground needs is HR's omission: each fact comes back
// with its hrctl option and the attached item that can prove it (or the kinds that could). One
// fact confirmed, or none with a note saying why: HR decided, nothing to say here.
static void test_a_review_without_the_needed_facts_names_them(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    s_attach(f, c, "ev-hiring", "hiring_conditions");
    const law_ground_t *g = law_ground_find("A39_1");
    wf_problem_t out[WF_PROBLEMS_MAX];
    assert_int_equal(wf_review_unconfirmed(c, g, NULL, 0, "", f->arena, out, WF_PROBLEMS_MAX), 4);
    assert_string_equal(out[0].code, "FACTS_NOT_CONFIRMED");
    assert_string_equal(out[1].fact, "hiring_conditions_defined");
    assert_non_null(strstr(out[1].message_en, "--fact hiring_conditions_defined=ev-hiring"));
    assert_non_null(strstr(out[3].message_en, "--fact failure_proven=EVIDENCE_ID (no attached"));
    // Only a fact the ground does not need: still none of its own.
    Hr__Workflow__FactConfirmation other = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    other.fact = "rule_exists";
    Hr__Workflow__FactConfirmation *facts[] = {&other};
    assert_int_equal(wf_review_unconfirmed(c, g, facts, 1, NULL, f->arena, out, WF_PROBLEMS_MAX),
                     4);
    other.fact = "failure_proven";
    assert_int_equal(wf_review_unconfirmed(c, g, facts, 1, NULL, f->arena, out, WF_PROBLEMS_MAX),
                     0);
    // None confirmed, and HR says why: its finding that none is proven.
    assert_int_equal(wf_review_unconfirmed(c, g, NULL, 0, "no signed conditions: a draft only",
                                           f->arena, out, WF_PROBLEMS_MAX),
                     0);
    // A41's numbers come with the number first.
    Hr__Workflow__Case *layoff = s_case(f, "A41");
    size_t n = wf_review_unconfirmed(layoff, law_ground_find("A41"), NULL, 0, "", f->arena, out,
                                     WF_PROBLEMS_MAX);
    assert_true(n > 2);
    bool numbered = false;
    for (size_t i = 1; i < n; i++)
        numbered |= strstr(out[i].message_en, "--fact layoff_count=NUMBER,") != NULL;
    assert_true(numbered);
}

// An Art. 42 status the directory records after a lawful review: a warning before the notice,
// the revocation window after it until the contract ends, nothing once it ended, nothing for
// an Art. 39 ground, nothing without a status.
static void test_a_status_recorded_after_the_review_warns(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Person p = s_person();
    p.hire_date = "2020-01-06";
    p.probation_end = "";
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2026-12-01");
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    Hr__Workflow__CaseStep prepare = HR__WORKFLOW__CASE_STEP__INIT;
    prepare.key = "prepare";
    Hr__Workflow__CaseStep *steps[] = {&prepare};
    c->steps = steps;
    c->n_steps = 1;
    Hr__Workflow__Assessment as = HR__WORKFLOW__ASSESSMENT__INIT;
    as.lawful = true;
    as.notice_date = "2026-12-01";
    as.effective_date = "2026-12-31";
    c->assessment = &as;
    wf_problem_t out[WF_PROBLEMS_MAX];
    assert_int_equal(wf_review_protection(c, &p, &cfg, today, f->arena, out, WF_PROBLEMS_MAX), 0);

    Hr__Workflow__ProtectedStatus ps = HR__WORKFLOW__PROTECTED_STATUS__INIT;
    ps.status = "medical_treatment_period";
    ps.source = "sick note";
    Hr__Workflow__ProtectedStatus *list[] = {&ps};
    p.protected_statuses = list;
    p.n_protected_statuses = 1;
    assert_int_equal(wf_review_protection(c, &p, &cfg, today, f->arena, out, WF_PROBLEMS_MAX), 2);
    assert_string_equal(out[0].code, "PROTECTED_MEDICAL_PERIOD");
    assert_string_equal(out[0].article, "LCL 42(3)");
    assert_string_equal(out[1].code, "PROTECTED_SINCE_REVIEW");
    assert_non_null(strstr(out[1].message_en, "LCL 87"));

    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    o.served_date = "2026-12-01";
    o.effective_date = "2026-12-31";
    c->outcome = &o;
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    assert_int_equal(wf_review_protection(c, &p, &cfg, today, f->arena, out, WF_PROBLEMS_MAX), 2);
    assert_string_equal(out[1].code, "REVOCATION_WINDOW");
    assert_non_null(strstr(out[1].message_en, "Before 2026-12-31"));
    assert_int_equal(wf_review_protection(c, &p, &cfg, today + 31, f->arena, out, WF_PROBLEMS_MAX),
                     0);
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    assert_int_equal(wf_review_protection(c, &p, &cfg, today, f->arena, out, WF_PROBLEMS_MAX), 0);
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    c->ground = "A39_2"; // LCL 42 does not bar LCL 39
    assert_int_equal(wf_review_protection(c, &p, &cfg, today, f->arena, out, WF_PROBLEMS_MAX), 0);
    c->ground = "A40_2";
    as.lawful = false;
    assert_int_equal(wf_review_protection(c, &p, &cfg, today, f->arena, out, WF_PROBLEMS_MAX), 0);
}

// The advice for an Art. 42 status recorded after the review cites the articles the
// legislature's way (第四十二条, 第八十七条), before the notice, at the outcome and in the
// revocation window alike.
static void test_protection_advice_cites_articles_in_chinese_numerals(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A40_2");
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.served_date = "2026-12-01";
    o.effective_date = "2026-12-31";
    c->outcome = &o;
    const wf_protect_when_t whens[] = {WF_PROTECT_BEFORE_NOTICE, WF_PROTECT_OUTCOME,
                                       WF_PROTECT_WINDOW};
    for (size_t i = 0; i < HR_ARRAY_LEN(whens); i++) {
        wf_problem_t p = wf_review_protection_advice(c, whens[i], 2400000, f->arena);
        s_contains(p.message_zh, "《劳动合同法》第四十二条保护情形");
        s_contains(p.message_zh, "元（第八十七条）");
        assert_null(strstr(p.message_zh, "第42条"));
        assert_null(strstr(p.message_zh, "第87条"));
        if (whens[i] != WF_PROTECT_WINDOW)
            s_contains(p.message_zh, "依第四十条、第四十一条送达解除通知属违法解除");
    }
}

// A contract that expires while an Art. 42 status lasts is extended (Art. 45): the advice for
// an A44 case says that ending it is an unlawful 终止, never a 解除 under Arts. 40 and 41.
static void test_protection_advice_for_an_expiry_says_termination(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A44_EXPIRY");
    Hr__Workflow__Outcome o = HR__WORKFLOW__OUTCOME__INIT;
    o.served_date = "2026-12-01";
    o.effective_date = "2026-12-31";
    c->outcome = &o;
    const wf_protect_when_t whens[] = {WF_PROTECT_BEFORE_NOTICE, WF_PROTECT_OUTCOME,
                                       WF_PROTECT_WINDOW};
    for (size_t i = 0; i < HR_ARRAY_LEN(whens); i++) {
        wf_problem_t p = wf_review_protection_advice(c, whens[i], 2400000, f->arena);
        assert_null(strstr(p.message_zh, "解除"));
        s_contains(p.message_zh, "违法终止");
        if (whens[i] != WF_PROTECT_WINDOW)
            s_contains(p.message_zh, "续延至该情形消失时终止（第四十五条）");
    }
}

// No code in a Chinese text: true when zh names none of the evidence kinds' codes, no step key
// and no article as hr_law writes it (LCL 39(2)).
static bool s_zh_names_no_code(const char *zh)
{
    for (int k = 0; k < LAW_EVK_COUNT; k++)
        if (strstr(zh, law_evidence_kind_name((law_evidence_kind_t)k)))
            return false;
    return !strstr(zh, "LCL") && !strstr(zh, "hr_review") && !strstr(zh, WF_STEP_SUPERIOR);
}

// The review's findings in Chinese cite the article the legislature's way, name the evidence
// kinds by their Chinese names and the stage by its Chinese name: the English keeps the codes.
static void test_review_findings_chinese_names_no_code(void **state)
{
    fixture_t *f = *state;
    wf_problem_t p[WF_PROBLEMS_MAX];
    Hr__Workflow__Case *c = s_case(f, "A39_2");
    s_attach(f, c, "ev-book", "rule_document");
    size_t n = s_problems(f, c, p);
    assert_true(n > 0);
    bool cited = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(p[i].code, "MISSING_EVIDENCE"))
            continue;
        if (!s_zh_names_no_code(p[i].message_zh))
            fail_msg("%s: a code in the Chinese: %s", p[i].fact, p[i].message_zh);
        cited |= strstr(p[i].message_zh, "第三十九条第二项）。请附上以下类型之一：") != NULL &&
                 strstr(p[i].message_en, "LCL 39(2)") != NULL;
    }
    assert_true(cited);

    // The facts none of which HR confirmed: the stage and the ground by name, each fact's article
    // in numerals, the attached item by its kind's Chinese name.
    const law_ground_t *g = law_ground_find("A39_2");
    n = wf_review_unconfirmed(c, g, NULL, 0, "", f->arena, p, WF_PROBLEMS_MAX);
    assert_true(n > 1);
    s_contains(p[0].message_zh, "审核未确认依据“严重违反用人单位的规章制度”（《劳动合同法》第三十九"
                                "条第二项）所需的任何事实");
    s_contains(p[0].message_zh, "案件仍在「HR 审核」阶段");
    s_contains(p[0].message_en, "the case stays at hr_review");
    bool attached = false;
    for (size_t i = 0; i < n; i++) {
        if (!s_zh_names_no_code(p[i].message_zh))
            fail_msg("%s: a code in the Chinese: %s", p[i].code, p[i].message_zh);
        attached |= strstr(p[i].message_zh, "（附件：规章制度文本）") != NULL;
    }
    assert_true(attached);

    // A record of a kind that cannot prove the fact, refused with both kinds in Chinese.
    Hr__Workflow__FactConfirmation fc = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *ids[] = {"ev-book"};
    fc.fact = "rule_made_known";
    fc.evidence_ids = ids;
    fc.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *facts[] = {&fc};
    uint64_t proven = 0;
    int64_t count = 0, total = 0;
    char err[512], zh[1024];
    assert_int_equal(
        wf_review_facts(c, facts, 1, &proven, &count, &total, err, sizeof err, zh, sizeof zh),
        HR_EINVAL);
    s_contains(err, "(rule_document) cannot prove");
    s_contains(zh, "的类型是规章制度文本，不能证明");
    s_contains(zh, "需要以下类型之一：培训记录、规章制度签收记录");
}

// The A39_2 case the demo's reviewer returned: the handbook, a signed acknowledgement and the
// attendance records attached, HR confirming only rule_exists with the handbook and writing no
// note. hr_law's findings stay as they are; the review needs a note naming why HR left out what
// is attached, and the manager's text says, under each finding, what is attached for its fact
// and that HR did not accept it.
#define EV_BOOK "3f2a9c1b00000000000000000000000000000000000000000000000000000001"
#define EV_ACK "8d41e07a00000000000000000000000000000000000000000000000000000002"
#define EV_ATT "c0ffee1200000000000000000000000000000000000000000000000000000003"

static void test_attached_evidence_hr_left_out_is_named_and_needs_a_note(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_2");
    s_attach(f, c, EV_BOOK, "rule_document");
    s_attach(f, c, EV_ACK, "rule_acknowledgement");
    s_attach(f, c, EV_ATT, "attendance_record");
    Hr__Workflow__Person p = s_person();
    p.probation_end = "";
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2026-12-01");
    law_scenario_t sc;
    law_assessment_t a;
    s_assess(&p, "A39_2", &req, &cfg, today, LAW_FACT_BIT(LAW_FACT_RULE_EXISTS), &sc, &a);
    assert_false(a.lawful);
    Hr__Workflow__Assessment *as = wf_review_assessment(&a, f->arena, 0, today);
    char *before = hr_arena_strdup(
        f->arena, wf_tell_findings_text(as->findings, as->n_findings, false, f->arena));

    // Under each unproven fact, what is attached of a kind that proves it.
    size_t made_known = as->n_findings;
    for (size_t i = 0; i < as->n_findings; i++)
        if (!strcmp(as->findings[i]->fact, law_fact_path(LAW_FACT_RULE_MADE_KNOWN)))
            made_known = i;
    assert_true(made_known < as->n_findings);
    const Hr__Workflow__Finding *fk = as->findings[made_known];
    assert_string_equal(fk->code, "EVIDENCE_MISSING");
    assert_string_equal(wf_review_not_accepted(c, fk, true, f->arena),
                        "attached: rule_acknowledgement 8d41e07a - not accepted by HR as proof "
                        "of rule_made_known");
    // The Chinese names the kind in Chinese, not by its code.
    s_contains(wf_review_not_accepted(c, fk, false, f->arena),
               "已附：规章制度签收记录 8d41e07a - HR 未认可其为");
    for (size_t i = 0; i < as->n_findings; i++)
        if (!strcmp(as->findings[i]->fact, law_fact_path(LAW_FACT_FACTS_PROVEN)))
            s_contains(wf_review_not_accepted(c, as->findings[i], true, f->arena),
                       "attached: attendance_record c0ffee12 - not accepted by HR as proof of "
                       "facts_proven");
    // Nothing attached that could prove it: no line (a bare case has nothing).
    Hr__Workflow__Case *bare = s_case(f, "A39_2");
    assert_null(wf_review_not_accepted(bare, fk, true, f->arena));

    // The review without a note is refused with every item left out, in full.
    wf_problem_t out[WF_PROBLEMS_MAX];
    size_t n =
        wf_review_left_out(c, as->findings, as->n_findings, "", f->arena, out, WF_PROBLEMS_MAX);
    assert_true(n >= 3);
    assert_string_equal(out[0].code, "NOTE_REQUIRED");
    s_contains(out[0].message_en, "nothing was decided");
    bool ack = false, att = false;
    for (size_t i = 1; i < n; i++) {
        assert_string_equal(out[i].code, "EVIDENCE_LEFT_OUT");
        if (!strcmp(out[i].fact, "rule_made_known")) {
            ack = true;
            s_contains(out[i].message_en, "rule_acknowledgement " EV_ACK);
            s_contains(out[i].message_en, "--fact rule_made_known=EVIDENCE_ID");
        }
        att |= !strcmp(out[i].fact, "facts_proven") && strstr(out[i].message_zh, EV_ATT);
    }
    assert_true(ack && att);
    // With a note it goes ahead; a bare case has nothing left out.
    assert_int_equal(wf_review_left_out(c, as->findings, as->n_findings, "签收单无员工签字",
                                        f->arena, out, WF_PROBLEMS_MAX),
                     0);
    assert_int_equal(
        wf_review_left_out(bare, as->findings, as->n_findings, "", f->arena, out, WF_PROBLEMS_MAX),
        0);

    // The manager's text: HR's note first, the engine's findings as they were, each with its
    // line; the findings themselves unchanged.
    char *zh =
        wf_tell_returned_text(c, as->findings, as->n_findings, "签收单无员工签字", false, f->arena);
    s_contains(zh, "HR 说明：签收单无员工签字\n1. 未证明：");
    s_contains(zh, fk->message_zh);
    s_contains(zh, "\n   已附：规章制度签收记录 8d41e07a - HR 未认可其为");
    assert_null(strstr(zh, "[LCL"));
    assert_null(strstr(zh, "rule_acknowledgement"));
    char *en = wf_tell_returned_text(c, as->findings, as->n_findings, "unsigned", true, f->arena);
    s_contains(en, "HR's note: unsigned\n1. [");
    s_contains(en, "\n   attached: rule_acknowledgement 8d41e07a - not accepted by HR as proof of "
                   "rule_made_known");
    assert_true(strlen(en) <= WF_TELL_TEXT_MAX);
    assert_string_equal(before,
                        wf_tell_findings_text(as->findings, as->n_findings, false, f->arena));
}

// A finding that the ground may not be used here (no probation agreed, LCL 39(1)) is cured by
// another ground, not by more materials: the manager's return text names the way out - withdraw
// the case with its command, open a new one - under that finding and no other.
static void test_a_return_for_a_ground_that_cannot_be_used_names_the_way_out(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, "A39_1");
    Hr__Workflow__Finding none = HR__WORKFLOW__FINDING__INIT, other = HR__WORKFLOW__FINDING__INIT;
    none.severity = other.severity = "block";
    none.code = "PROBATION_NONE";
    none.article = "LCL 39(1)";
    none.message_zh = "未约定试用期：……或改用其他解除理由。";
    none.message_en = "No probation was agreed: ... or use another ground.";
    other.code = "FACT_UNPROVEN";
    other.article = "LCL 39(1)";
    other.message_zh = "未证明：录用条件";
    other.message_en = "Unproven: hiring conditions";
    Hr__Workflow__Finding *findings[] = {&other, &none};
    char *zh = wf_tell_returned_text(c, findings, 2, "", false, f->arena);
    s_contains(zh, "2. 未约定试用期：……或改用其他解除理由。\n   如确不能使用该解除理由");
    s_contains(zh, "hrctl case withdraw 01JN00000000000000000000AA 原因");
    s_contains(zh, "再以正确的解除理由新建案件（hrctl case open）");
    char *en = wf_tell_returned_text(c, findings, 2, "", true, f->arena);
    s_contains(en, "or use another ground.\n   If this ground cannot be used");
    s_contains(en, "withdraw this case (hrctl case withdraw 01JN00000000000000000000AA REASON) "
                   "and open a new case on the right ground (hrctl case open).");
    // Only under its finding: the other finding's line is bare.
    s_contains(en, "1. [LCL 39(1)] Unproven: hiring conditions\n2. [");
    // The findings as they are (HR's own text) carry no such line.
    assert_null(strstr(wf_tell_findings_text(findings, 2, true, f->arena), "withdraw"));
}

// A36_EMPLOYEE's severance of 0 rests on the employee having made the first written proposal
// (LCL 46(2); the employer's burden, Interp. I 44): a fact of the workflow's own, on top of
// hr_law's agreement_signed, asked at submission, confirmed at review with its record, and
// without it a block finding that makes the review return the case.
static void test_an_agreement_the_employee_proposed_needs_their_written_proposal(void **state)
{
    fixture_t *f = *state;
    wf_problem_t p[WF_PROBLEMS_MAX];
    // Submission: the agreement alone no longer does; the proposal's kinds are named.
    Hr__Workflow__Case *c = s_case(f, "A36_EMPLOYEE");
    s_attach(f, c, "agree", "agreement");
    assert_int_equal(s_problems(f, c, p), 1);
    assert_string_equal(p[0].code, "MISSING_EVIDENCE");
    assert_string_equal(p[0].fact, "employee_proposed_first");
    s_contains(p[0].message_en, "Attach one of: notice_letter, other");
    s_contains(p[0].message_zh, "劳动者首先以书面形式提出协商解除劳动合同");
    // The employer's proposal needs nothing of the kind.
    Hr__Workflow__Case *employer = s_case(f, "A36_EMPLOYER");
    s_attach(f, employer, "agree", "agreement");
    assert_int_equal(s_problems(f, employer, p), 0);
    s_attach(f, c, "letter", "notice_letter");
    assert_int_equal(s_problems(f, c, p), 0);

    // Review: confirmed with the employee's letter, never with the agreement itself; stored by
    // its bare name and never handed to the engine.
    Hr__Workflow__FactConfirmation agreed = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *agree_ids[] = {"agree"};
    agreed.fact = "agreement_signed";
    agreed.evidence_ids = agree_ids;
    agreed.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation proposed = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    char *proposal_ids[] = {"agree"};
    proposed.fact = "evidence.employee_proposed_first";
    proposed.evidence_ids = proposal_ids;
    proposed.n_evidence_ids = 1;
    Hr__Workflow__FactConfirmation *both[] = {&agreed, &proposed};
    uint64_t proven = 0;
    int64_t n1 = 0, n2 = 0;
    char err[512];
    assert_int_equal(wf_review_facts(c, both, 2, &proven, &n1, &n2, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    s_contains(err,
               "cannot prove 'employee_proposed_first': it needs one of: notice_letter, other");
    proposal_ids[0] = "letter";
    assert_int_equal(wf_review_facts(c, both, 2, &proven, &n1, &n2, err, sizeof err, NULL, 0),
                     HR_OK);
    assert_string_equal(proposed.fact, "employee_proposed_first");
    assert_int_equal(proven, LAW_FACT_BIT(LAW_FACT_AGREEMENT_SIGNED));
    // A name the ground does not know lists the workflow's fact beside hr_law's.
    Hr__Workflow__FactConfirmation bad = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    bad.fact = "employee_asked";
    Hr__Workflow__FactConfirmation *unknown[] = {&bad};
    uint64_t none = 0;
    assert_int_equal(wf_review_facts(c, unknown, 1, &none, &n1, &n2, err, sizeof err, NULL, 0),
                     HR_EINVAL);
    s_contains(err, "A36_EMPLOYEE needs: agreement_signed, employee_proposed_first");
    // A review confirming neither is asked for both, with the records that can prove them.
    const law_ground_t *g = law_ground_find("A36_EMPLOYEE");
    assert_int_equal(wf_review_unconfirmed(c, g, NULL, 0, "", f->arena, p, WF_PROBLEMS_MAX), 3);
    assert_string_equal(p[2].fact, "employee_proposed_first");
    s_contains(p[2].message_en, "--fact employee_proposed_first=letter");
    // Confirming the agreement alone is HR's decision (the proposal found not proven).
    Hr__Workflow__FactConfirmation *agreement_only[] = {&agreed};
    assert_int_equal(
        wf_review_unconfirmed(c, g, agreement_only, 1, "", f->arena, p, WF_PROBLEMS_MAX), 0);

    // The assessment: hr_law says lawful with severance 0 on the agreement alone; the workflow
    // adds its block, so the case goes back.
    Hr__Workflow__Person person = s_person();
    person.probation_end = "";
    Hr__Workflow__ReviewCaseRequest req = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    wf_law_config_t cfg = {
        .local_average_wage_fen = 1230700, .local_minimum_wage_fen = 0, .has_union = false};
    int32_t today = s_date_of("2026-12-01");
    law_scenario_t sc;
    law_assessment_t a;
    s_assess(&person, "A36_EMPLOYEE", &req, &cfg, today, proven, &sc, &a);
    assert_true(a.lawful);
    size_t engine = a.nfindings;
    wf_proposal_assess(&sc, agreement_only, 1, &a);
    assert_false(a.lawful);
    assert_int_equal(a.severance_fen, 0);
    assert_int_equal(a.nfindings, engine + 1);
    const law_finding_t *fd = &a.findings[engine];
    assert_int_equal(fd->severity, LAW_SEVERITY_BLOCK);
    assert_string_equal(fd->code, "EVIDENCE_MISSING");
    assert_string_equal(fd->fact, "evidence.employee_proposed_first");
    s_contains(fd->message_en, "Interp. I Art. 44");
    s_contains(fd->message_en, "open it as A36_EMPLOYER (severance N");
    s_contains(fd->message_zh, "以 A36_EMPLOYER 重新立案");
    s_contains(fd->message_zh, "负举证责任（劳动争议司法解释（一）第四十四条）");
    s_contains(fd->message_zh, "（经济补偿 N，第四十七条）");
    Hr__Workflow__Assessment *as = wf_review_assessment(&a, f->arena, 0, today);
    assert_true(wf_proposal_missing(as));
    // The letter attached and left out without a note: HR says why, as for hr_law's facts.
    size_t n =
        wf_review_left_out(c, as->findings, as->n_findings, "", f->arena, p, WF_PROBLEMS_MAX);
    assert_int_equal(n, 2);
    assert_string_equal(p[1].fact, "employee_proposed_first");
    s_contains(p[1].message_en, "notice_letter letter");
    s_contains(wf_review_not_accepted(c, as->findings[engine], true, f->arena),
               "not accepted by HR as proof of employee_proposed_first");
    s_contains(wf_proposal_outcome_advice(c, f->arena).message_en,
               "hrctl case withdraw 01JN00000000000000000000AA");

    // Confirmed: lawful, severance 0, nothing added.
    assert_int_equal(law_assess(&sc, &a), HR_OK);
    wf_proposal_assess(&sc, both, 2, &a);
    assert_true(a.lawful);
    assert_int_equal(a.severance_fen, 0);
    assert_int_equal(a.nfindings, engine);
    assert_false(wf_proposal_missing(wf_review_assessment(&a, f->arena, 0, today)));
    // Part-time work ends with no severance whoever proposed it (Art. 71): not asked.
    person.contract_type = "part_time";
    s_assess(&person, "A36_EMPLOYEE", &req, &cfg, today, proven, &sc, &a);
    engine = a.nfindings;
    wf_proposal_assess(&sc, agreement_only, 1, &a);
    assert_true(a.lawful);
    assert_int_equal(a.nfindings, engine);
    // The employer's proposal: severance N, nothing asked of who proposed.
    person.contract_type = "open_ended";
    s_assess(&person, "A36_EMPLOYER", &req, &cfg, today, proven, &sc, &a);
    engine = a.nfindings;
    wf_proposal_assess(&sc, agreement_only, 1, &a);
    assert_true(a.lawful);
    assert_true(a.severance_fen > 0);
    assert_int_equal(a.nfindings, engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_evidence_names_every_fact_and_its_kinds),
        cmocka_unit_test(test_one_item_can_cover_several_facts),
        cmocka_unit_test(test_company_rule_counts_feedback_talks_for_performance_ground),
        cmocka_unit_test(test_company_rule_tells_the_employees_refusal),
        cmocka_unit_test(test_company_rule_without_signed_by_counts_every_record),
        cmocka_unit_test(test_fact_confirmations_must_rest_on_attached_evidence_of_a_fitting_kind),
        cmocka_unit_test(test_a_fact_may_be_named_as_law_grounds_prints_it),
        cmocka_unit_test(test_layoff_numbers_need_their_evidence),
        cmocka_unit_test(test_distinct_events_need_distinct_records),
        cmocka_unit_test(test_reasons_are_given_only_when_hr_states_them),
        cmocka_unit_test(test_a_kind_takes_its_article),
        cmocka_unit_test(test_scenario_from_the_directory_and_review),
        cmocka_unit_test(test_the_stored_assessment_keeps_the_severance_basis),
        cmocka_unit_test(test_a_monthly_wage_standing_in_for_the_average_is_said),
        cmocka_unit_test(test_the_engine_gets_the_lawful_probation_end),
        cmocka_unit_test(test_the_minimum_wage_floor_is_applied_or_said_missing),
        cmocka_unit_test(test_who_may_read_a_case),
        cmocka_unit_test(test_roles_count_only_when_the_directory_gives_them),
        cmocka_unit_test(test_protected_status_findings_reach_hr_only),
        cmocka_unit_test(test_a_review_without_the_needed_facts_names_them),
        cmocka_unit_test(test_a_status_recorded_after_the_review_warns),
        cmocka_unit_test(test_protection_advice_cites_articles_in_chinese_numerals),
        cmocka_unit_test(test_protection_advice_for_an_expiry_says_termination),
        cmocka_unit_test(test_review_findings_chinese_names_no_code),
        cmocka_unit_test(test_attached_evidence_hr_left_out_is_named_and_needs_a_note),
        cmocka_unit_test(test_a_pre2008_severance_keeps_both_bases),
        cmocka_unit_test(test_a_cap_without_a_source_for_the_local_average_warns),
        cmocka_unit_test(test_the_local_average_of_the_year_before_the_end_is_taken),
        cmocka_unit_test(test_the_year_a_source_names),
        cmocka_unit_test(test_a_cap_on_an_earlier_year_says_which_year_it_used),
        cmocka_unit_test(test_no_local_average_configured_applies_no_cap_and_says_what_to_set),
        cmocka_unit_test(test_a_branch_caps_with_its_own_figure_or_says_it_has_none),
        cmocka_unit_test(test_an_agreement_the_employee_proposed_needs_their_written_proposal),
        cmocka_unit_test(test_a_return_for_a_ground_that_cannot_be_used_names_the_way_out),
    };
    return cmocka_run_group_tests_name("unit.workflow.review", tests, s_setup, s_teardown);
}
