/*  e2e.workflow_agreement - an agreement the employee proposed (A36_EMPLOYEE: no severance, LCL
 *  Art. 46(2)) rests on the employee's own written proposal, through hrctl against the real
 *  hr-workflow and hr-evidence, on the pinned calendar (2026-11-27).
 *
 *  The reviewer's repro: E0212's manager E0201 opens an A36_EMPLOYEE case whose own reason says
 *  the company proposed it, attaches the signed agreement and submits. Refused: nothing proves
 *  who made the first proposal (the employer's burden, Interp. I Art. 44), and the refusal names
 *  employee_proposed_first and the kinds that prove it. His own memo attached as `other` passes
 *  the submission; HR confirming the agreement alone is asked why the memo is left out, and with
 *  its note the case goes back to the manager unlawful as it stands, severance 0, the finding
 *  saying that without the proposal the agreement is the employer's (A36_EMPLOYER, severance N).
 *  The agreement cannot prove the proposal. With E0212's dated letter attached and confirmed,
 *  the review is lawful with severance 0.00, and the case records which record proves who
 *  proposed it.
 *
 *  And the Art. 47 cap's figure by year: an agreement ending in 2027 reviewed in December 2026
 *  takes 2026's local average when configured, and says which year it used when not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

// hrctl with args: its exit status; stdout and stderr in *out and *err (owned, freed first).
static int s_ctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    hr_free(*out);
    hr_free(*err);
    *out = *err = NULL;
    return e2e_hrctl(c, out, err, args);
}

// The case id in "<what>: case <ID> ..." (arena).
static char *s_case_id(const char *out, hr_arena_t *arena)
{
    const char *at = out ? strstr(out, "case ") : NULL;
    if (!at)
        fail_msg("no case id in: %s", out ? out : "(null)");
    return hr_arena_fmt(arena, "%.26s", at + 5);
}

// Uploads text as a file of kind to the case as `as` (hrctl case attach --file): its evidence
// id, which hrctl prints ("evidence <64 hex> ...").
static char *s_upload(e2e_t *c, const char *id, const char *as, const char *name, const char *text,
                      const char *kind, hr_arena_t *arena)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    char *out = NULL, *err = NULL;
    const char *args[] = {"case", "attach", id, "--file", path, "--kind", kind, "--as", as, NULL};
    // At once: hr-evidence reads the workflow's log before it answers for a case it has not
    // learnt of (e2e.workflow_attach).
    int rc = s_ctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl case attach --file %s: exit %d: %s%s", name, rc, out, err);
    const char *at = strstr(out, "evidence ") ? strstr(out, "evidence ") : strstr(err, "evidence ");
    if (!at || strlen(at) < 9 + 64)
        fail_msg("no evidence id in: %s%s", out, err);
    char *ev = hr_arena_fmt(arena, "%.64s", at + 9);
    hr_free(out);
    hr_free(err);
    hr_free(path);
    return ev;
}

static const char *s_step(e2e_t *c, const char *id, hr_arena_t *arena)
{
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__CaseStep *cur = NULL;
    for (size_t i = 0; i < cs->n_steps && !cur; i++)
        if (cs->steps[i]->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
            cur = cs->steps[i];
    return cur ? cur->key : "-";
}

static void test_an_employee_proposal_must_be_proven_before_severance_is_dropped(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-agreement");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;

    // The repro: the manager's own reason says the company proposed it.
    const char *open[] = {"case", "open",  "E0212", "A36_EMPLOYEE", "--reason", "公司提出",
                          "--as", "E0201", NULL};
    if (s_ctl(c, &out, &err, open))
        fail_msg("hrctl case open: %s%s", out, err);
    char *id = s_case_id(out, arena);
    char *agreement = s_upload(c, id, "E0201", "agreement.txt",
                               "解除劳动合同协议书：甲乙双方协商一致，于2026年12月1日解除劳动合同。"
                               "甲方（盖章） 乙方：宋佳\n",
                               "agreement", arena);
    const char *submit[] = {"case", "submit", id, "--as", "E0201", NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, submit), 0);
    char *said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("submit", said, "not accepted (stays at request)");
    wfe_has("submit", said, "[MISSING_EVIDENCE]");
    wfe_has("submit", said,
            "the employee made the first written proposal to end the contract by "
            "agreement (LCL 46(2)). Attach one of: notice_letter, other");
    assert_string_equal(s_step(c, id, arena), "request");

    // His own memo passes the submission (a record of a kind that could prove it)...
    char *memo =
        s_upload(c, id, "E0201", "memo.txt",
                 "经理说明：公司提出与宋佳协商解除劳动合同，宋佳同意。何军\n", "other", arena);
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    assert_string_equal(s_step(c, id, arena), "hr_review");

    // ...and the agreement proves no proposal.
    char *wrong = hr_arena_fmt(arena, "employee_proposed_first=%s", agreement);
    char *agreed = hr_arena_fmt(arena, "agreement_signed=%s", agreement);
    const char *by_agreement[] = {"case", "review", id,      "--fact", agreed, "--fact",
                                  wrong,  "--as",   "E0003", "--role", "hr",   NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, by_agreement), 0);
    said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("review by the agreement", said, "cannot prove 'employee_proposed_first'");
    assert_string_equal(s_step(c, id, arena), "hr_review");

    // HR confirms the agreement alone: the memo is left out, and HR must say why.
    const char *review[] = {"case", "review", id,       "--fact", agreed,
                            "--as", "E0003",  "--role", "hr",     NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, review), 0);
    said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("review without a note", said, "NOTE_REQUIRED");
    wfe_has("review without a note", said, memo);
    assert_string_equal(s_step(c, id, arena), "hr_review");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_null(cs->assessment);

    // With the note: returned, unlawful as it stands, no severance dropped on anyone's word.
    const char *noted[] = {"case",
                           "review",
                           id,
                           "--fact",
                           agreed,
                           "--note",
                           "经理的说明不是员工的申请，且写明公司提出",
                           "--as",
                           "E0003",
                           "--role",
                           "hr",
                           NULL};
    s_ctl(c, &out, &err, noted);
    said = hr_arena_fmt(arena, "%s%s", out, err);
    wfe_has("review returned", said, "employee_proposed_first");
    wfe_has("review returned", said, "A36_EMPLOYER");
    assert_string_equal(s_step(c, id, arena), "request");
    cs = wfe_get(c, id, arena);
    assert_non_null(cs->assessment);
    assert_false(cs->assessment->lawful);
    assert_int_equal(cs->assessment->severance_fen, 0);
    bool named = false;
    for (size_t i = 0; i < cs->assessment->n_findings; i++) {
        const Hr__Workflow__Finding *f = cs->assessment->findings[i];
        if (strcmp(f->fact, "evidence.employee_proposed_first"))
            continue;
        named = true;
        assert_string_equal(f->severity, "block");
        assert_string_equal(f->code, "EVIDENCE_MISSING");
        wfe_has("finding", f->message_en, "Interp. I Art. 44");
        wfe_has("finding", f->message_zh, "劳动者首先以书面形式提出协商解除劳动合同");
    }
    assert_true(named);
    assert_int_equal(wfe_history_count(cs, "returned"), 1);
    assert_int_equal(wfe_history_count(cs, "reviewed_lawful"), 0);

    // The employee's own dated letter: lawful, severance 0.00, and the case says what proves it.
    char *letter = s_upload(c, id, "E0201", "request.txt",
                            "协商解除劳动合同申请：本人因个人发展原因，申请与公司协商解除劳动合同。"
                            "申请人：宋佳 2026年11月20日\n",
                            "notice_letter", arena);
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    char *proposed = hr_arena_fmt(arena, "employee_proposed_first=%s", letter);
    const char *lawful[] = {"case",   "review", id,      "--fact", agreed, "--fact",
                            proposed, "--as",   "E0003", "--role", "hr",   NULL};
    if (s_ctl(c, &out, &err, lawful))
        fail_msg("hrctl case review: %s%s", out, err);
    wfe_has("review", out, "severance 0.00");
    cs = wfe_get(c, id, arena);
    assert_true(cs->assessment->lawful);
    assert_int_equal(cs->assessment->severance_fen, 0);
    bool recorded = false;
    for (size_t i = 0; i < cs->n_facts; i++)
        recorded |= !strcmp(cs->facts[i]->fact, "employee_proposed_first") &&
                    cs->facts[i]->n_evidence_ids == 1 &&
                    !strcmp(cs->facts[i]->evidence_ids[0], letter);
    assert_true(recorded);
    const char *show[] = {"case", "show", id, "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_ctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "employee_proposed_first");

    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The shipped config's source text of the single key: it names 2023 as the figure's year.
#define SHIPPED_SOURCE                                                                             \
    "上海市 2023 年度全口径城镇单位就业人员月平均工资 12307 元（2024 "      \
    "年公布；示例：请按当地人社部门"                                                \
    "公布的最新数字核对）"

// Opens an A36_EMPLOYER case for employee as their manager, attaches the signed agreement,
// submits, and HR (E0003) reviews it with the contract ending 2027-01-29. hrctl review's
// output (arena); the case id in *id.
static char *s_agreed_in_2027(e2e_t *c, const char *employee, const char *manager, char **id,
                              hr_arena_t *arena)
{
    char *out = NULL, *err = NULL;
    const char *open[] = {"case", "open",  employee, "A36_EMPLOYER", "--reason", "协商一致解除",
                          "--as", manager, NULL};
    if (s_ctl(c, &out, &err, open))
        fail_msg("hrctl case open %s: %s%s", employee, out, err);
    *id = s_case_id(out, arena);
    char *agreement = s_upload(c, *id, manager, "agreement.txt",
                               "解除劳动合同协议书：双方协商一致，劳动合同于2027年1月29日解除。\n",
                               "agreement", arena);
    const char *submit[] = {"case", "submit", *id, "--as", manager, NULL};
    if (s_ctl(c, &out, &err, submit))
        fail_msg("hrctl case submit %s: %s%s", employee, out, err);
    char *agreed = hr_arena_fmt(arena, "agreement_signed=%s", agreement);
    const char *review[] = {"case",       "review", *id,     "--fact", agreed, "--effective",
                            "2027-01-29", "--as",   "E0003", "--role", "hr",   NULL};
    if (s_ctl(c, &out, &err, review))
        fail_msg("hrctl case review %s: %s%s", employee, out, err);
    char *said = hr_arena_strdup(arena, out);
    hr_free(out);
    hr_free(err);
    return said;
}

// The review's repro (LCL Art. 47 para 2: the cap is three times the local average monthly
// wage of the year before the contract ends): in late December 2026 an agreement ending on
// 2027-01-29 with a high earner, on a config that has only Shanghai's 2023 figure (the single
// key of before, its year named by its source). The cap used 2023's figure - 36921.00 x 12 =
// 443052.00 - and review, the case and hrctl say so: a warn finding naming 2023 and the year
// the law names, 2026, which is not configured; health says the figures lag. With 2026's figure
// configured (13000, made up for the test) the next case is capped at 39000.00 x 12 =
// 468000.00, records 2026, and nothing is said.
static void test_the_cap_takes_the_local_average_of_the_year_before_the_end(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-localwage");
    e2e_config_unset(c, "workflow", "law/local_average_wage_year");
    e2e_config(c, "workflow", "law/local_average_wage_source", SHIPPED_SOURCE);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_config_evidence(c);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-28", 10, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // E0100: 45000.00 a month, hired 2014-05-05: 12 years 8 months, 12 at the cap.
    char *id = NULL;
    char *out = s_agreed_in_2027(c, "E0100", "E0001", &id, arena);
    wfe_has("review", out, "severance 443052.00, notice pay 0.00, 2N exposure 886104.00 yuan");
    wfe_has("review", out,
            "  评估：合法；经济补偿 443052.00元，代通知金 "
            "0.00元，违法解除或终止劳动合同的赔偿金（2N）风险 "
            "886104.00元");
    wfe_has("review", out,
            "capped at 3 x the local average monthly wage of 2023 (config "
            "law/local_average_monthly_wage; 上海市 2023 年度");
    wfe_has("review", out, "[warn] LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED LCL 47; Reg. 14");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__Assessment *a = cs->assessment;
    assert_true(a->lawful);
    wfe_capped(a, 3692100, 44305200);
    assert_int_equal(a->local_average_year, 2023);
    assert_int_equal(a->local_average_wage_fen, 1230700);
    assert_int_equal(a->unlawful_compensation_fen, 88610400);
    const Hr__Workflow__Finding *f =
        wfe_warning(a, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED", "the previous year, 2026");
    wfe_has("finding", f->message_en, "no figure for 2026 (law/local_average_monthly_wage_2026)");
    wfe_has("finding", f->message_en, "uses 2023's figure (config law/local_average_monthly_wage)");
    wfe_has("finding", f->message_zh, "2023 年度的数额");
    assert_null(wfe_finding(a, "LOCAL_AVERAGE_WAGE_SOURCE_MISSING")); // the source is given
    char *err = NULL;
    const char *show[] = {"case", "show", id, "--as", "E0003", "--role", "hr", NULL};
    char *shown = NULL;
    assert_int_equal(s_ctl(c, &shown, &err, show), 0);
    wfe_has("case show", shown,
            "local average monthly wage 12307.00 yuan (config law/local_average_monthly_wage; "
            "上海市 2023 年度");
    wfe_has(
        "case show", shown,
        "  当地职工月平均工资取 2023 年度：第四十七条应取合同终止前一年即 2026 年度的，配置中"
        "没有\n"
        "  local average of 2023: LCL 47 takes 2026's, the year before the contract ends, which "
        "the config does not give");
    wfe_has("case show", shown, "[warn] LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED");
    const char *health[] = {"health", NULL};
    char *said = NULL;
    s_ctl(c, &said, &err, health); // exit 1: the other daemons are not running
    wfe_has("hrctl health", said,
            "workflow: the newest local average monthly wage configured is 2023's; a contract "
            "ending this year takes 2025's");
    wfe_has("hrctl health", said,
            " / 已配置的当地职工月平均工资最新为 2023 年度；本年终止的合同应取 2025 年度的数额"
            "（第四十七条）");
    // The key of before is named, with the year its source's text gave it (the upgrade review).
    wfe_has("hrctl health", said,
            "workflow: law/local_average_monthly_wage (the key of before: no year in its name) is "
            "read as 2023's figure");
    wfe_has("hrctl health", said, "rename the key law/local_average_monthly_wage_2023");

    // 2026's figure configured: the year the law names, capped at it, nothing said.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    e2e_config(c, "workflow", "law/local_average_monthly_wage_2026", "13000");
    e2e_config(c, "workflow", "law/local_average_wage_source_2026", "e2e: 2026 年度（测试用数额）");
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    // E0200: 55000.00 a month, hired 2013-10-08: 13 years 3 months, 12 at the cap.
    out = s_agreed_in_2027(c, "E0200", "E0001", &id, arena);
    wfe_has("review", out, "severance 468000.00, notice pay 0.00, 2N exposure 936000.00 yuan");
    wfe_has("review", out,
            "capped at 3 x the local average monthly wage of 2026 (config "
            "law/local_average_monthly_wage_2026; e2e: 2026 年度");
    assert_null(strstr(out, "LOCAL_AVERAGE_WAGE_"));
    cs = wfe_get(c, id, arena);
    a = cs->assessment;
    assert_int_equal(a->local_average_year, 2026);
    assert_int_equal(a->local_average_wage_fen, 1300000);
    assert_int_equal(a->wage_base_fen, 3900000);
    assert_int_equal(a->severance_fen, 46800000);
    assert_null(wfe_finding(a, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED"));
    s_ctl(c, &said, &err, health);
    assert_null(strstr(said, "local average monthly wage"));

    // No figure at all: nothing is assumed, and health says what to set.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    e2e_config_unset(c, "workflow", "law/local_average_monthly_wage");
    e2e_config_unset(c, "workflow", "law/local_average_monthly_wage_2026");
    e2e_config_unset(c, "workflow", "law/local_average_wage_source_2026"); // alone: unknown
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    s_ctl(c, &said, &err, health);
    wfe_has("hrctl health", said,
            "workflow: no local average monthly wage configured: the Art. 47 cap is not applied "
            "and every assessment says LOCAL_AVERAGE_WAGE_NOT_CONFIGURED; set "
            "law/local_average_monthly_wage_2025");
    wfe_has("hrctl health", said,
            " / 未配置当地职工月平均工资：不适用第四十七条的封顶；请设置 "
            "law/local_average_monthly_wage_2025");
    char *path = hr_strfmt("%s/log/workflow.log", e2e_dir(c));
    char *log = hr_test_read_file(path, NULL);
    assert_non_null(log);
    wfe_has("the workflow log", log, "ev=law.local_average_wage_outdated newest=none wanted=2025");
    hr_free(log);
    hr_free(path);

    hr_free(said);
    hr_free(shown);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_employee_proposal_must_be_proven_before_severance_is_dropped),
        cmocka_unit_test(test_the_cap_takes_the_local_average_of_the_year_before_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
