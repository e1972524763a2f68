/*  unit.workflow.expiry - a fixed-term contract ending on its end date (LCL Art. 44(1)): which
 *  contracts expire (fixed with an end date; never an open-ended one), on which day only (an
 *  earlier end is a rescission needing an Art. 39-41 ground), what an Art. 42 status at the end
 *  does (Art. 45: the contract extends), and the per-ground stages of the default template (an
 *  expiry has no interview: request -> hr_review -> outcome -> close).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

// A refusal is a status message: hr_server keeps 255 bytes of it.
#define S_WHY_MAX 256

static Hr__Workflow__Person *s_person(hr_arena_t *arena, const char *type, const char *end)
{
    Hr__Workflow__Person *p = hr_arena_alloc(arena, sizeof *p);
    hr__workflow__person__init(p);
    p->employee_no = "E0225";
    p->hire_date = "2023-12-18";
    p->contract_type = (char *)type;
    p->contract_start = "2023-12-18";
    p->contract_end = (char *)end;
    return p;
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("%s lacks '%s': %s", what, part, text ? text : "(null)");
}

static void test_only_a_fixed_term_with_an_end_date_expires(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    const law_ground_t *a44 = law_ground_find("A44_EXPIRY");
    assert_true(wf_ground_is_expiry(a44));
    assert_false(wf_ground_is_expiry(law_ground_find("A40_2")));
    assert_false(wf_ground_is_expiry(NULL));

    assert_null(wf_expiry_open_why(s_person(arena, "fixed", "2026-12-17"), a44, -1, arena, NULL));

    // The reviewer's E0221: open-ended, never expires.
    char *why = wf_expiry_open_why(s_person(arena, "open_ended", ""), a44, -1, arena, NULL);
    s_has("open-ended", why,
          "ground: A44_EXPIRY ends a fixed term on its end date (LCL Art. 44(1))");
    s_has("open-ended", why, "E0225's contract is open_ended and never expires");
    s_has("open-ended", why, "Art. 36 or 39-41 ground");
    s_has("open-ended", why, "Art. 87: 2N");
    assert_true(strlen(why) < S_WHY_MAX);
    // Even with an end date someone typed in: the type decides.
    assert_non_null(
        wf_expiry_open_why(s_person(arena, "open_ended", "2027-01-01"), a44, -1, arena, NULL));

    why = wf_expiry_open_why(s_person(arena, "fixed", ""), a44, -1, arena, NULL);
    s_has("no end", why, "has no contract_end in the directory");
    why = wf_expiry_open_why(s_person(arena, "fixed", "2026-02-30"), a44, -1, arena, NULL);
    s_has("bad end", why, "has no contract_end in the directory");
    why = wf_expiry_open_why(s_person(arena, "task_based", "2027-01-01"), a44, -1, arena, NULL);
    s_has("task", why, "Reg. Art. 22");
    why = wf_expiry_open_why(s_person(arena, "part_time", "2027-01-01"), a44, -1, arena, NULL);
    s_has("part-time", why, "LCL Art. 71");
    why = wf_expiry_open_why(s_person(arena, "", "2027-01-01"), a44, -1, arena, NULL);
    s_has("no type", why, "has no contract_type in the directory");

    // At open, an end already past: the employee worked on (Interp. I Art. 34).
    int32_t today;
    assert_true(hr_date_parse("2026-12-18", &today));
    why = wf_expiry_open_why(s_person(arena, "fixed", "2026-12-17"), a44, today, arena, NULL);
    s_has("past", why, "E0225's fixed term ended on 2026-12-17, before today");
    s_has("past", why, "Interp. I Art. 34");
    assert_true(strlen(why) < S_WHY_MAX);
    assert_null(
        wf_expiry_open_why(s_person(arena, "fixed", "2026-12-17"), a44, today - 1, arena, NULL));

    // Other grounds are not this check's business.
    assert_null(wf_expiry_open_why(s_person(arena, "open_ended", ""), law_ground_find("A40_2"), -1,
                                   arena, NULL));
    hr_arena_destroy(&arena);
}

static void test_it_ends_on_its_end_date_and_no_other_day(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    // The reviewer's case: a fixed term ending 2029-04-10, ended on 2026-11-28.
    Hr__Workflow__Person *p = s_person(arena, "fixed", "2029-04-10");
    int32_t end, early, late;
    assert_true(hr_date_parse("2029-04-10", &end));
    assert_true(hr_date_parse("2026-11-28", &early));
    assert_true(hr_date_parse("2029-04-11", &late));
    assert_null(wf_expiry_date_why(p, "effective_date", end, arena, NULL));

    char *why = wf_expiry_date_why(p, "effective_date", early, arena, NULL);
    s_has("early", why,
          "effective_date: 2026-11-28 is before the end of E0225's fixed-term contract "
          "(2029-04-10)");
    s_has("early", why, "LCL Art. 44(1)");
    s_has("early", why, "unilateral rescission needing an Art. 39-41 ground");
    s_has("early", why, "2N, Art. 87");
    assert_true(strlen(why) < S_WHY_MAX);
    assert_non_null(wf_expiry_date_why(p, "effective_date", end - 1, arena, NULL));

    why = wf_expiry_date_why(p, "effective_date", late, arena, NULL);
    s_has("late", why, "2029-04-11 is after the end of E0225's fixed-term contract (2029-04-10)");
    s_has("late", why, "Art. 45 extension");
    s_has("late", why, "contract_end");
    assert_true(strlen(why) < S_WHY_MAX);
    hr_arena_destroy(&arena);
}

static void test_a_protection_at_the_end_extends_the_contract(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = hr_arena_alloc(arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = "01JN00000000000000000000AA";
    c->employee_no = "E0225";
    c->ground = "A44_EXPIRY";
    Hr__Workflow__Assessment *as = hr_arena_alloc(arena, sizeof *as);
    hr__workflow__assessment__init(as);
    as->effective_date = "2026-12-17";
    c->assessment = as;
    wf_problem_t p = wf_expiry_extended(c, arena);
    assert_string_equal(p.code, "CONTRACT_EXTENDED");
    assert_string_equal(p.article, "LCL 45");
    assert_string_equal(p.fact, "contract_end"); // not a status: the manager may read it
    s_has("en", p.message_en, "E0225's fixed-term contract expires on 2026-12-17");
    s_has("en", p.message_en, "under LCL Art. 45 the contract extends until the protection ends");
    s_has("en", p.message_en, "cannot end on 2026-12-17");
    s_has("en", p.message_en, "hrctl case withdraw 01JN00000000000000000000AA");
    s_has("zh", p.message_zh, "劳动合同应当续延至该情形消失时终止");
    s_has("zh", p.message_zh, "不能于 2026-12-17 终止");
    for (int i = 0; i < LAW_STATUS_COUNT; i++) // never which protection
        assert_null(strstr(p.message_en, law_status_get((law_status_id_t)i)->name));
    hr_arena_destroy(&arena);
}

// LCL Art. 14 para 2 (1): the legal reviewer's d4 (E0250, twelve years, a fixed term ending
// 2026-12-31). hr_law's review finding reaches the case's assessment with the review, and the
// notice is given with a review warning until the employee's refusal to renew is confirmed.
static void test_an_open_ended_contract_due_stands_beside_the_notice(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    law_scenario_t s;
    law_scenario_init(&s);
    s.ground = law_ground_find("A44_EXPIRY");
    assert_true(law_date_parse("2014-01-06", &s.hire_day));
    s.has_contract_start = law_date_parse("2023-01-06", &s.contract_start_day);
    s.has_contract_end = law_date_parse("2026-12-31", &s.contract_end_day);
    s.has_average_wage = true;
    s.average_wage_fen = 1000000;
    s.local_average_wage_fen = 500000;
    assert_true(law_date_parse("2026-12-01", &s.notice_day));
    assert_true(law_date_parse("2026-12-31", &s.effective_day));
    law_assessment_t a;
    assert_int_equal(law_assess(&s, &a), HR_OK);
    assert_true(a.lawful);
    assert_false(a.needs_review); // a warning: the contract's rules set needs_review

    Hr__Workflow__Case *c = hr_arena_alloc(arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = "01JN00000000000000000000AB";
    c->employee_no = "E0250";
    c->ground = "A44_EXPIRY";
    c->assessment = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_false(c->assessment->needs_review);
    wf_problem_t p;
    assert_true(wf_expiry_open_ended(c, &p, arena));
    assert_string_equal(p.code, "OPEN_ENDED_CONTRACT_DUE");
    assert_string_equal(p.fact, "employee.hire_date");
    s_has("en", p.message_en, "LCL Art. 14 para 2 (1)");
    s_has("en", p.message_en, "employee_refused_renewal");
    s_has("en", p.message_en, "not the letter of a lawful ending");
    s_has("zh", p.message_zh, "《中华人民共和国劳动合同法》第十四条第二款第一项");
    s_has("zh", p.message_zh, "不能视为合法终止的文书");

    // Answered: the employee's refusal to renew confirmed at review.
    Hr__Workflow__FactConfirmation fc = HR__WORKFLOW__FACT_CONFIRMATION__INIT;
    fc.fact = "employee_refused_renewal";
    Hr__Workflow__FactConfirmation *list[] = {&fc};
    c->facts = list;
    c->n_facts = 1;
    assert_false(wf_expiry_open_ended(c, &p, arena));

    // A short first term raises nothing.
    c->n_facts = 0;
    assert_true(law_date_parse("2023-01-06", &s.hire_day));
    assert_int_equal(law_assess(&s, &a), HR_OK);
    assert_false(a.needs_review);
    c->assessment = wf_review_assessment(&a, arena, HR_TEST_T0_MS, s.effective_day);
    assert_false(wf_expiry_open_ended(c, &p, arena));
    hr_arena_destroy(&arena);
}

static const char *s_walk(Hr__Workflow__Case *c, hr_arena_t *arena, const wf_time_t *t)
{
    char *path = hr_arena_strdup(arena, wf_steps_current(c)->key);
    while (wf_steps_current(c) && strcmp(wf_steps_current(c)->key, WF_STEP_CLOSE)) {
        wf_steps_apply(c, WF_MOVE_NEXT, "X", arena, t, HR_TEST_T0_MS, NULL);
        path = hr_arena_fmt(arena, "%s %s", path, wf_steps_current(c)->key);
    }
    return path;
}

static void test_an_expiry_case_has_no_interview(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    hr_calendar_t *cal = wf_fixture_calendar();
    wf_time_t t = {cal, HR_TZ_SHANGHAI_MIN};
    Hr__Workflow__Template *tpl = wf_fixture_template(arena);
    assert_non_null(tpl);
    int prep = wf_template_step_index(tpl, WF_STEP_PREPARE);
    int iv = wf_template_step_index(tpl, WF_STEP_INTERVIEW);
    assert_true(wf_step_def_skips(tpl->steps[prep], "A44_EXPIRY"));
    assert_true(wf_step_def_skips(tpl->steps[iv], "A44_EXPIRY"));
    assert_false(wf_step_def_skips(tpl->steps[iv], "A39_1"));
    assert_false(wf_step_def_skips(tpl->steps[0], "A44_EXPIRY"));

    Hr__Workflow__Case *c = hr_arena_alloc(arena, sizeof *c);
    hr__workflow__case__init(c);
    c->ground = "A44_EXPIRY";
    wf_steps_init(c, tpl, arena, &t, HR_TEST_T0_MS);
    assert_int_equal(c->n_steps, tpl->n_steps - 2);
    assert_string_equal(s_walk(c, arena, &t), "request hr_review outcome close");
    // The Art. 50 duties all follow the close.
    wf_steps_apply(c, WF_MOVE_CLOSE, "X", arena, &t, HR_TEST_T0_MS, NULL);
    size_t duties = 0;
    for (size_t i = 0; i < c->n_steps; i++)
        duties +=
            c->steps[i]->duty && c->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE;
    assert_int_equal(duties, 3);

    // A rescission keeps its interview.
    Hr__Workflow__Case *d = hr_arena_alloc(arena, sizeof *d);
    hr__workflow__case__init(d);
    d->ground = "A39_1";
    wf_steps_init(d, tpl, arena, &t, HR_TEST_T0_MS);
    assert_int_equal(d->n_steps, tpl->n_steps);
    assert_string_equal(s_walk(d, arena, &t), "request hr_review prepare interview outcome close");
    hr_calendar_destroy(&cal);
    hr_arena_destroy(&arena);
}

static const char *s_base = "[template]\n"
                            "id = t\n"
                            "title_zh = 流程\n"
                            "title_en = Process\n";

// The default template's stages with `prep` and `iv` as extra lines of prepare and interview
// and `out` of outcome; the parse's problems (arena), joined by " | ", "" when it parsed.
static const char *s_parse(hr_arena_t *arena, const char *prep, const char *iv, const char *out)
{
    const char *keys[] = {"request", "hr_review", "prepare", "interview", "outcome", "close"};
    const char *owners[] = {"manager", "hr", "hr", "manager", "hr", "hr"};
    const char *extra[] = {"", "", prep, iv, out, ""};
    char *text = hr_arena_strdup(arena, s_base);
    for (size_t i = 0; i < HR_ARRAY_LEN(keys); i++)
        text = hr_arena_fmt(arena,
                            "%s[step %s]\ntitle_zh = 步骤\ntitle_en = Step\nowner = %s\n"
                            "due = 2 working_days\n%s",
                            text, keys[i], owners[i], extra[i]);
    Hr__Workflow__Template *tpl = NULL;
    char *errors[16];
    size_t n = 0;
    if (!wf_template_parse(text, strlen(text), arena, &tpl, errors, 16, &n))
        return "";
    char *all = "";
    for (size_t i = 0; i < n && i < 16; i++)
        all = hr_arena_fmt(arena, "%s%s%s", all, i ? " | " : "", errors[i]);
    return all;
}

static void test_skip_grounds_is_checked(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    const char *skip = "skip_grounds = A44_EXPIRY\n";
    assert_string_equal(s_parse(arena, skip, skip, ""), "");
    assert_string_equal(s_parse(arena, "skip_grounds = A44_EXPIRY, A44_EXPIRY\n", skip, ""), "");
    // A rescission keeps the interview where the employee hears the reasons.
    s_has("rescission", s_parse(arena, "skip_grounds = A39_2\n", "skip_grounds = A39_2\n", ""),
          "skip_grounds: A39_2 rescinds the contract (解除, LCL 39(2))");
    s_has("unknown", s_parse(arena, "skip_grounds = A99\n", skip, ""),
          "skip_grounds: unknown ground 'A99'");
    s_has("empty", s_parse(arena, "skip_grounds = ,\n", skip, ""), "skip_grounds: no ground given");
    // Only prepare and interview; and both, for the same grounds.
    s_has("outcome", s_parse(arena, skip, skip, skip),
          "skip_grounds: only the prepare and interview stages can be left out for a ground, not "
          "'outcome'");
    s_has("pair", s_parse(arena, skip, "", ""),
          "A44_EXPIRY is left out of 'prepare' but not of 'interview'");
    s_has("pair", s_parse(arena, "", skip, ""),
          "A44_EXPIRY is left out of 'interview' but not of 'prepare'");
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_a_fixed_term_with_an_end_date_expires),
        cmocka_unit_test(test_it_ends_on_its_end_date_and_no_other_day),
        cmocka_unit_test(test_a_protection_at_the_end_extends_the_contract),
        cmocka_unit_test(test_an_open_ended_contract_due_stands_beside_the_notice),
        cmocka_unit_test(test_an_expiry_case_has_no_interview),
        cmocka_unit_test(test_skip_grounds_is_checked),
    };
    return cmocka_run_group_tests_name("unit.workflow.expiry", tests, NULL, NULL);
}
