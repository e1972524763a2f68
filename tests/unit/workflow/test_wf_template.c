/*  unit.workflow.template - templates as data: the shipped default parses; problems are named
 *  with their line numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

static void test_default_template_is_valid(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = wf_fixture_template(arena);
    assert_non_null(tpl);
    assert_string_equal(tpl->id, "default");
    const char *order[] = {"request", "hr_review", "superior_approval", "prepare",  "interview",
                           "outcome", "close",     "certificate",       "transfer", "retention"};
    assert_int_equal(tpl->n_steps, HR_ARRAY_LEN(order));
    for (size_t i = 0; i < HR_ARRAY_LEN(order); i++)
        assert_string_equal(tpl->steps[i]->key, order[i]);
    assert_int_equal(tpl->steps[0]->owner, HR__WORKFLOW__OWNER__OWNER_MANAGER);
    assert_int_equal(tpl->steps[0]->due->working_days, 2);
    assert_true(tpl->steps[2]->optional);
    assert_true(tpl->steps[7]->duty);
    assert_int_equal(tpl->n_rules, 1);
    assert_string_equal(tpl->rules[0]->ground, "A40_2");
    assert_string_equal(tpl->rules[0]->kind, "feedback_talk_record");
    assert_int_equal(tpl->rules[0]->min_count, 3);
    assert_string_equal(tpl->rules[0]->signed_by, "employee");
    assert_int_equal(wf_template_step_index(tpl, "interview"), 4);
    assert_int_equal(wf_template_step_index(tpl, "nope"), -1);
    hr_arena_destroy(&arena);
}

static bool s_has(char **errors, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(errors[i], needle))
            return true;
    return false;
}

static void test_problems_are_named_with_line_numbers(void **state)
{
    HR_UNUSED(state);
    const char *text = "[template]\n"
                       "id = Bad Id\n"
                       "\n"
                       "[step request]\n"
                       "title_zh = 申请\n"
                       "title_en = Request\n"
                       "owner = boss\n"
                       "due = 2 fortnights\n"
                       "[step hr_review]\n"
                       "owner = hr\n"
                       "[rule]\n"
                       "kind = gossip\n"
                       "min = 0\n"
                       "colour = blue\n"
                       "[weird]\n"
                       "stray line\n";
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = NULL;
    char *errors[32];
    size_t n = 0;
    assert_int_equal(wf_template_parse(text, strlen(text), arena, &tpl, errors, 32, &n), HR_EINVAL);
    assert_true(n >= 8);
    assert_true(s_has(errors, n, "line 2: id"));
    assert_true(s_has(errors, n, "line 7: owner: unknown role 'boss'"));
    assert_true(s_has(errors, n, "line 8: due"));
    assert_true(s_has(errors, n, "line 12: kind: unknown evidence kind 'gossip'"));
    assert_true(s_has(errors, n, "line 13: min"));
    assert_true(s_has(errors, n, "line 14: unknown key 'colour'"));
    assert_true(s_has(errors, n, "line 15: section"));
    assert_true(s_has(errors, n, "step 'prepare' is required"));
    assert_true(s_has(errors, n, "step 'hr_review': title_zh and title_en are required"));
    // Fewer slots than problems: the count is still right.
    size_t n2 = 0;
    assert_int_equal(wf_template_parse(text, strlen(text), arena, &tpl, errors, 2, &n2), HR_EINVAL);
    assert_int_equal(n2, n);
    hr_arena_destroy(&arena);
}

// The stages every template needs, with their owners: a rule section may follow.
#define S_STAGES                                                                                   \
    "[template]\nid = t\n"                                                                         \
    "[step request]\ntitle_zh = a\ntitle_en = a\nowner = manager\ndue = 2 working_days\n"          \
    "[step hr_review]\ntitle_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"             \
    "[step prepare]\ntitle_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"               \
    "[step interview]\ntitle_zh = a\ntitle_en = a\nowner = manager\ndue = 2 working_days\n"        \
    "[step outcome]\ntitle_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"               \
    "[step close]\ntitle_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"

// A step title or a rule's text reaches people's screens and mail: a control or bidi character
// there is named with its line; CRLF line ends (a file saved on Windows) are only line ends.
static void test_control_and_bidi_characters_are_refused_by_line(void **state)
{
    HR_UNUSED(state);
    const char *lf = S_STAGES;
    size_t len = strlen(lf);
    char *crlf = hr_alloc(2 * len + 1);
    for (size_t i = 0, o = 0; i < len; i++) {
        if (lf[i] == '\n')
            crlf[o++] = '\r';
        crlf[o++] = lf[i];
    }
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = NULL;
    char *errors[8];
    size_t n = 0;
    assert_int_equal(wf_template_parse(crlf, strlen(crlf), arena, &tpl, errors, 8, &n), HR_OK);
    // S_STAGES is 32 lines: the bad one is line 33.
    const char *bad[][2] = {
        {"title_zh = \xe2\x80\xae\xe8\xa7\xa3\xe9\x99\xa4", "line 33: holds U+202E"},
        {"title_en = Re\x1b[2Jquest", "line 33: holds U+001B"},
        {"# a comment \x07", "line 33: holds U+0007"},
        {"title_en = \xff", "line 33: not UTF-8 text"},
    };
    for (size_t k = 0; k < HR_ARRAY_LEN(bad); k++) {
        char *text = hr_strfmt("%s%s\n", S_STAGES, bad[k][0]);
        n = 0;
        assert_int_equal(wf_template_parse(text, strlen(text), arena, &tpl, errors, 8, &n),
                         HR_EINVAL);
        if (!s_has(errors, n, bad[k][1]))
            fail_msg("%s: no '%s' in %zu errors (first: %s)", bad[k][0], bad[k][1], n,
                     n ? errors[0] : "-");
        hr_free(text);
    }
    hr_arena_destroy(&arena);
    hr_free(crlf);
}

// A rule's signed_by names whose signature a counted record needs: employee, manager or hr;
// left out, any record counts; any other word is refused with its line.
static void test_rule_signed_by_names_a_party(void **state)
{
    HR_UNUSED(state);
    const char *good = S_STAGES "[rule]\nground = A40_2\nkind = feedback_talk_record\nmin = 3\n"
                                "signed_by = employee\nmessage_zh = a\nmessage_en = a\n"
                                "[rule]\nkind = agreement\nmin = 1\nsigned_by = manager\n"
                                "message_zh = a\nmessage_en = a\n"
                                "[rule]\nkind = union_notice\nmin = 1\nsigned_by = hr\n"
                                "message_zh = a\nmessage_en = a\n"
                                "[rule]\nkind = rule_document\nmin = 1\n"
                                "message_zh = a\nmessage_en = a\n";
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = NULL;
    char *errors[32];
    size_t n = 0;
    hr_rc_t rc = wf_template_parse(good, strlen(good), arena, &tpl, errors, 32, &n);
    for (size_t i = 0; i < n && i < 32; i++)
        fprintf(stderr, "%s\n", errors[i]);
    assert_int_equal(rc, HR_OK);
    assert_int_equal(tpl->n_rules, 4);
    assert_string_equal(tpl->rules[0]->signed_by, "employee");
    assert_string_equal(tpl->rules[1]->signed_by, "manager");
    assert_string_equal(tpl->rules[2]->signed_by, "hr");
    assert_string_equal(tpl->rules[3]->signed_by, "");
    assert_int_equal(wf_party_parse("employee"), WF_PARTY_EMPLOYEE);
    assert_int_equal(wf_party_parse("manager"), WF_PARTY_MANAGER);
    assert_int_equal(wf_party_parse("hr"), WF_PARTY_HR);
    assert_int_equal(wf_party_parse(""), 0);
    assert_int_equal(wf_party_parse("Employee"), 0);

    // The stages take 32 lines; the rule starts on line 33, its signed_by is on line 37.
    const char *bad = S_STAGES "[rule]\nground = A40_2\nkind = feedback_talk_record\nmin = 3\n"
                               "signed_by = boss\nmessage_zh = a\nmessage_en = a\n"
                               "[rule]\nkind = agreement\nmin = 1\nsigned_by =\n"
                               "message_zh = a\nmessage_en = a\n";
    rc = wf_template_parse(bad, strlen(bad), arena, &tpl, errors, 32, &n);
    assert_int_equal(rc, HR_EINVAL);
    for (size_t i = 0; i < n && i < 32; i++)
        fprintf(stderr, "%s\n", errors[i]);
    assert_int_equal(n, 2);
    assert_true(
        s_has(errors, n, "line 37: signed_by: unknown party 'boss' (employee, manager or hr)"));
    assert_true(s_has(errors, n, "line 43: signed_by: unknown party ''"));
    hr_arena_destroy(&arena);
}

// A stage the handlers know has one owner; a stage they do not know cannot be completed; no
// step belongs to the employee.
static void test_stages_keep_their_owners_and_no_stage_is_unknown(void **state)
{
    HR_UNUSED(state);
    const char *text = "[template]\n"
                       "id = t\n"
                       "[step request]\n"
                       "title_zh = a\ntitle_en = a\nowner = manager\ndue = 2 working_days\n"
                       "[step hr_review]\n" // line 8
                       "title_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"
                       "[step superior_approval]\n" // line 13
                       "title_zh = a\ntitle_en = a\nowner = manager\ndue = 2 working_days\n"
                       "optional = yes\n"
                       "[step legal_review]\n" // line 19
                       "title_zh = a\ntitle_en = a\nowner = legal\ndue = 2 working_days\n"
                       "[step prepare]\n" // line 24
                       "title_zh = a\ntitle_en = a\nowner = employee\ndue = 2 working_days\n"
                       "[step interview]\n" // line 29
                       "title_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"
                       "[step outcome]\n"
                       "title_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"
                       "[step close]\n"
                       "title_zh = a\ntitle_en = a\nowner = hr\ndue = 2 working_days\n"
                       "[step exit_talk]\n"
                       "title_zh = a\ntitle_en = a\nowner = employee\nduty = yes\n";
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = NULL;
    char *errors[32];
    size_t n = 0;
    assert_int_equal(wf_template_parse(text, strlen(text), arena, &tpl, errors, 32, &n), HR_EINVAL);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s\n", errors[i]);
    assert_int_equal(n, 5);
    assert_true(s_has(
        errors, n, "line 16: owner: stage 'superior_approval' belongs to superior, not manager"));
    assert_true(s_has(errors, n, "line 19: step 'legal_review': unknown stage"));
    assert_true(s_has(errors, n, "line 27: owner: a step is never the employee's"));
    assert_true(s_has(errors, n, "line 32: owner: stage 'interview' belongs to manager, not hr"));
    assert_true(s_has(errors, n, "line 47: owner: a step is never the employee's"));
    hr_arena_destroy(&arena);
}

static void test_oversized_template_is_refused(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Template *tpl = NULL;
    char *errors[4];
    size_t n = 0;
    char *big = hr_arena_alloc(arena, WF_TEMPLATE_TEXT_MAX + 2);
    memset(big, '#', WF_TEMPLATE_TEXT_MAX + 1);
    assert_int_equal(wf_template_parse(big, WF_TEMPLATE_TEXT_MAX + 1, arena, &tpl, errors, 4, &n),
                     HR_EINVAL);
    assert_int_equal(n, 1);
    hr_arena_destroy(&arena);
}

static void test_owner_names_round_trip(void **state)
{
    HR_UNUSED(state);
    const char *names[] = {"manager", "hr", "superior", "legal", "employee"};
    for (size_t i = 0; i < HR_ARRAY_LEN(names); i++) {
        Hr__Workflow__Owner o;
        assert_true(wf_owner_parse(names[i], &o));
        assert_string_equal(wf_owner_name(o), names[i]);
    }
    Hr__Workflow__Owner o;
    assert_false(wf_owner_parse("boss", &o));
    assert_null(wf_owner_name(HR__WORKFLOW__OWNER__OWNER_UNSPECIFIED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_template_is_valid),
        cmocka_unit_test(test_problems_are_named_with_line_numbers),
        cmocka_unit_test(test_control_and_bidi_characters_are_refused_by_line),
        cmocka_unit_test(test_stages_keep_their_owners_and_no_stage_is_unknown),
        cmocka_unit_test(test_rule_signed_by_names_a_party),
        cmocka_unit_test(test_oversized_template_is_refused),
        cmocka_unit_test(test_owner_names_round_trip),
    };
    return cmocka_run_group_tests_name("unit.workflow.template", tests, NULL, NULL);
}
