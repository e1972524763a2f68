/*  e2e.workflow_expiry - a fixed-term contract not renewed at its end (LCL Art. 44(1)), through
 *  hrctl against the real hr-workflow and hr-evidence, on the pinned calendar (2026-11-27).
 *
 *  E0225 (demo, RND, manager E0202) is on a fixed term 2023-12-18..2026-12-17. Her manager opens
 *  an A44_EXPIRY case; it has no interview (the default template leaves prepare and interview out
 *  for the ground): request -> hr_review -> outcome -> close. The renewal offer and her refusal
 *  are uploaded and confirmed at review (no severance, Art. 46(5)); the review ends the contract
 *  on its end date by default; HR stores the 终止 notice, records it served, closes the case, and
 *  the certificate of termination follows. Refused: an open-ended contract (the reviewer's
 *  E0221), an effective date before the end (a rescission needing an Art. 39-41 ground), and an
 *  Art. 42 status at the end says the contract extends until it ends (Art. 45) - on the case HR
 *  reads, at the outcome, and when a new case's review returns it blocked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define S_EMS "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

#define E0225_ROW                                                                                       \
    "E0225,孙悦,RND,E0202,sun.yue2@example.com,13800000225,产品专员,2023-12-18,fixed,2023-12-18," \
    "2026-12-17,2024-03-17,20000.00,20000.00,,,zh,"

static e2e_t *s_start(const char *name)
{
    e2e_t *c = wfe_new(name);
    char *docs = hr_test_source_path("deploy/config/documents");
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路 100 号");
    hr_free(docs);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    return c;
}

// hrctl with args: its exit status; stdout and stderr in *out and *err (owned, freed first).
static int s_ctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    hr_free(*out);
    hr_free(*err);
    *out = *err = NULL;
    return e2e_hrctl(c, out, err, args);
}

static void s_has(const char *what, const char *text, const char *part)
{
    if (!text || !strstr(text, part))
        fail_msg("%s lacks '%s':\n%s", what, part, text ? text : "(null)");
}

// The case id in "<what>: case <ID> ..." (arena).
static char *s_case_id(const char *out, hr_arena_t *arena)
{
    const char *at = out ? strstr(out, "case ") : NULL;
    if (!at)
        fail_msg("no case id in: %s", out ? out : "(null)");
    return hr_arena_fmt(arena, "%.26s", at + 5);
}

// The evidence id hrctl printed on stderr ("evidence <64 hex> ...") (arena).
static char *s_evidence_id(const char *err, hr_arena_t *arena)
{
    const char *at = err ? strstr(err, "evidence ") : NULL;
    if (!at || strlen(at) < 9 + 64)
        fail_msg("no evidence id in: %s", err ? err : "(null)");
    return hr_arena_fmt(arena, "%.64s", at + 9);
}

static char *s_write(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    return path;
}

// Uploads a file of kind to the case as `as` (hrctl case attach --file): its evidence id.
static char *s_upload(e2e_t *c, const char *id, const char *as, const char *role, const char *name,
                      const char *text, const char *kind, hr_arena_t *arena)
{
    char *path = s_write(c, name, text);
    char *out = NULL, *err = NULL;
    // As the operator, like hrctl's own uploads (the evidence is the case's either way).
    HR_UNUSED(as);
    HR_UNUSED(role);
    const char *args[] = {"case", "attach", id, "--file", path, "--kind", kind, NULL};
    int rc = s_ctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl case attach --file %s: exit %d: %s%s", name, rc, out, err);
    const char *line = strstr(out, "evidence ") ? out : err;
    char *ev = s_evidence_id(line, arena);
    hr_free(out);
    hr_free(err);
    hr_free(path);
    return ev;
}

static void test_an_expiry_ends_with_the_termination_notice_and_certificate(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start("wf-expiry");
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;

    // The manager opens it: a fixed term with an end date.
    const char *open[] = {"case",       "open",     "E0225",
                          "A44_EXPIRY", "--reason", "劳动合同期满，本单位不再续订",
                          "--as",       "E0202",    NULL};
    if (s_ctl(c, &out, &err, open))
        fail_msg("hrctl case open: %s%s", out, err);
    s_has("open", out, "OPEN, now at request");
    char *id = s_case_id(out, arena);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    char *keys = "";
    for (size_t i = 0; i < cs->n_steps; i++)
        keys = hr_arena_fmt(arena, "%s%s%s", keys, i ? " " : "", cs->steps[i]->key);
    assert_string_equal(keys, "request hr_review superior_approval outcome close certificate "
                              "transfer retention");

    // Nothing to attach for the ground itself: submitted as it is.
    const char *submit[] = {"case", "submit", id, "--as", "E0202", NULL};
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    s_has("submit", out, "now at hr_review");
    const char *early[] = {"case", "document", id, "notice", "--as", "E0003", "--role", "hr", NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, early), 0);

    // Renewal offered on the same terms and refused in writing: no severance (Art. 46(5)).
    char *offer = s_upload(c, id, "E0003", "hr", "renewal-offer.txt",
                           "续订劳动合同通知：按原条件续订三年。\n", "notice_letter", arena);
    char *refusal = s_upload(c, id, "E0003", "hr", "refusal.txt",
                             "本人不同意续订劳动合同。孙悦 2026-11-20\n", "other", arena);
    char *fact1 = hr_arena_fmt(arena, "renewal_offered_same_or_better_terms=%s", offer);
    char *fact2 = hr_arena_fmt(arena, "employee_refused_renewal=%s", refusal);
    const char *review[] = {"case", "review", id,      "--fact", fact1, "--fact",
                            fact2,  "--as",   "E0003", "--role", "hr",  NULL};
    if (s_ctl(c, &out, &err, review))
        fail_msg("hrctl case review: %s%s", out, err);
    s_has("review", out, "now at outcome");       // no prepare, no interview
    s_has("review", out, "effective 2026-12-17"); // the contract's end, by default
    s_has("review", out, "severance 0.00");
    cs = wfe_get(c, id, arena);
    bool refused = false;
    for (size_t i = 0; i < cs->assessment->n_findings; i++)
        refused |= !strcmp(cs->assessment->findings[i]->code, "EXPIRY_RENEWAL_REFUSED");
    assert_true(refused);

    // The 终止 notice HR serves, stored as the case's notice_letter.
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    if (s_ctl(c, &out, &err, store))
        fail_msg("hrctl case document --store: %s%s", out, err);
    s_has("notice", out, "终止劳动合同通知书");
    s_has("notice", out, "2026年12月17日");
    s_has("notice", out, "第四十六条第五项");
    s_has("notice", out, "第四十三条关于事先将理由通知工会的规定不适用");
    // The arbitration limit from the contract's end (the dispute arises then), not a year from
    // the notice (review: "至2027年12月1日届满" for a contract ending 2026-12-17) ...
    s_has("notice", out, "自劳动合同终止之日起算，至2027年12月17日届满");
    assert_null(strstr(out, "自本通知书送达之日起算"));
    assert_null(strstr(out, "解除劳动合同通知书"));
    // ... while the engine's deadlines.arbitration_limit keeps its contract (from the notice).
    cs = wfe_get(c, id, arena);
    assert_true(strcmp(cs->assessment->arbitration_limit_date, "2027-12-17") < 0);
    char *notice = s_evidence_id(strstr(err, "evidence "), arena);

    // Served today, ending on any other day than the contract's end: refused, nothing recorded.
    const char *wrong[] = {
        "case",       "outcome", id,     "notice_served", "2026-12-10", "--served", "2026-11-27",
        "--evidence", notice,    "--as", "E0003",         "--role",     "hr",       NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, wrong), 0);
    s_has("outcome 12-10", err, "LCL Art. 44(1)");
    s_has("outcome 12-10", err, "is before the end of E0225's fixed-term contract (2026-12-17)");
    const char *agreed[] = {"case",       "outcome",  id,           "agreement_signed",
                            "2026-12-17", "--served", "2026-11-27", "--evidence",
                            notice,       "--as",     "E0003",      "--role",
                            "hr",         NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, agreed), 0);
    s_has("agreement", err, "is a rescission by agreement (LCL Art. 36)");
    // The refusals of an outcome name the notice this case serves: 终止, never 解除.
    const char *unserved[] = {"case",       "outcome",    id,     "notice_served",
                              "2026-12-17", "--evidence", notice, "--as",
                              "E0003",      "--role",     "hr",   NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, unserved), 0);
    s_has("outcome without --served", err, "记录送达终止劳动合同通知书需要写明送达日期");
    s_has("outcome without --served", err, "required for a notice: the day it was served");
    assert_null(strstr(err, "解除"));
    // Served by EMS: the courier's receipt proves it (the rendered letter's 签收 line is blank).
    wfe_attach(c, "E0003", "hr", id, "other", S_EMS, arena);
    const char *receipt[] = {
        "case",       "outcome", id,     "notice_served", "2026-12-17", "--served", "2026-11-27",
        "--evidence", S_EMS,     "--as", "E0003",         "--role",     "hr",       NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, receipt), 0);
    s_has("outcome on the receipt", err,
          "的类型是其他材料；记录终止劳动合同通知已送达的结果需以通知书类证据为凭（协商解除凭双方"
          "签署的协议，送达终止劳动合同通知凭终止劳动合同通知书）");
    s_has("outcome on the receipt", err, "the outcome notice_served rests on the notice_letter");
    assert_null(strstr(err, "解除通知"));
    const char *outcome[] = {"case",       "outcome",   id,           "notice_served",
                             "2026-12-17", "--served",  "2026-11-27", "--evidence",
                             notice,       "--service", S_EMS,        "--as",
                             "E0003",      "--role",    "hr",         NULL};
    if (s_ctl(c, &out, &err, outcome))
        fail_msg("hrctl case outcome: %s%s", out, err);
    s_has("outcome", out, "now at close");
    // Payroll's statement names the ground and its article in Chinese; the English its code.
    const char *pay[] = {"case",   "document", id,  "pay_statement", "--as", "E0003",
                         "--role", "hr",       NULL};
    if (s_ctl(c, &out, &err, pay))
        fail_msg("hrctl case document pay_statement: %s%s", out, err);
    s_has("pay_statement", out,
          "依据：固定期限劳动合同期满终止（《劳动合同法》第四十四条第一项）　劳动合同最后一日："
          "2026-12-17");
    assert_null(strstr(out, "A44_EXPIRY"));
    const char *pay_en[] = {"case",   "document", id,     "pay_statement",
                            "--lang", "en",       "--as", "E0003",
                            "--role", "hr",       NULL};
    if (s_ctl(c, &out, &err, pay_en))
        fail_msg("hrctl case document pay_statement --lang en: %s%s", out, err);
    s_has("pay_statement (en)", out, "Ground: A44_EXPIRY");
    const char *close[] = {"case", "close", id, "--as", "E0003", "--role", "hr", NULL};
    assert_int_equal(s_ctl(c, &out, &err, close), 0);
    s_has("close", out, "CLOSED");
    cs = wfe_get(c, id, arena);
    for (size_t i = 0; i < cs->n_steps; i++)
        if (!strcmp(cs->steps[i]->key, "certificate"))
            assert_string_equal(cs->steps[i]->due_date, "2026-12-17"); // Art. 50: on the end

    // Dates are the notice's to state, and its refusal names this case's notice.
    const char *dated[] = {"case", "document", id,       "certificate", "--served", "2026-11-27",
                           "--as", "E0003",    "--role", "hr",          NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, dated), 0);
    s_has("certificate --served", err, "只用于终止劳动合同通知书；证明书载明已记录结果中的日期");
    s_has("certificate --served", err, "for the notice only");
    const char *cert[] = {"case",  "document", id,   "certificate", "--as",
                          "E0003", "--role",   "hr", NULL};
    if (s_ctl(c, &out, &err, cert))
        fail_msg("hrctl case document certificate: %s%s", out, err);
    s_has("certificate", out, "终止劳动合同证明书");
    s_has("certificate", out, "劳动合同期限：自2023年12月18日至2026年12月17日");
    s_has("certificate", out, "终止劳动合同的日期：2026年12月17日");
    s_has("certificate", out, "工作岗位：产品专员");
    assert_null(strstr(out, "解除劳动合同"));
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The 终止 notice served on E0225, then rescinded with her agreement: every message of it -
// hers, the manager's and HR's - and the certificate's refusal name the notice she was served
// (终止劳动合同通知), never a 解除, and call taking it back 撤销 (撤回 is the case's).
static void test_an_expiry_notice_rescinded_is_named_as_served(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start("wf-expiry-rescind");
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;
    const char *open[] = {"case", "open", "E0225", "A44_EXPIRY", "--as", "E0202", NULL};
    if (s_ctl(c, &out, &err, open))
        fail_msg("hrctl case open: %s%s", out, err);
    char *id = s_case_id(out, arena);
    const char *submit[] = {"case", "submit", id, "--as", "E0202", NULL};
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    const char *review[] = {"case", "review", id, "--as", "E0003", "--role", "hr", NULL};
    if (s_ctl(c, &out, &err, review))
        fail_msg("hrctl case review: %s%s", out, err);
    s_has("review", out, "now at outcome");
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    if (s_ctl(c, &out, &err, store))
        fail_msg("hrctl case document --store: %s%s", out, err);
    s_has("notice", out, "终止劳动合同通知书");
    char *notice = s_evidence_id(strstr(err, "evidence "), arena);
    wfe_attach(c, "E0003", "hr", id, "other", S_EMS, arena);
    const char *outcome[] = {"case",       "outcome",   id,           "notice_served",
                             "2026-12-17", "--served",  "2026-11-27", "--evidence",
                             notice,       "--service", S_EMS,        "--as",
                             "E0003",      "--role",    "hr",         NULL};
    if (s_ctl(c, &out, &err, outcome))
        fail_msg("hrctl case outcome: %s%s", out, err);
    char *agreement =
        s_upload(c, id, "E0003", "hr", "agree.txt", "双方同意撤销终止通知\n", "agreement", arena);
    const char *rescind[] = {"case",     "rescind",          id,           "--on",    "2026-11-27",
                             "--reason", "双方协商继续履行", "--evidence", agreement, "--as",
                             "E0003",    "--role",           "hr",         NULL};
    if (s_ctl(c, &out, &err, rescind))
        fail_msg("hrctl case rescind: %s%s", out, err);

    // What the workflow sends notify: the ending word of the notice served, and the sentence on
    // the certificate not issued in the same word.
    const char *tpls[] = {"employment_continues", "case_rescinded"};
    for (size_t t = 0; t < HR_ARRAY_LEN(tpls); t++) {
        Hr__Workflow__WorkflowNotifySend *last = NULL;
        assert_true(wfe_outbox_count(c, id, tpls[t], arena, &last) >= 1);
        const char *ending = NULL, *documents = NULL;
        for (size_t i = 0; i < last->n_vars; i++) {
            if (!strcmp(last->vars[i]->key, "ending_word"))
                ending = last->vars[i]->value;
            if (!strcmp(last->vars[i]->key, "documents"))
                documents = last->vars[i]->value;
        }
        if (!ending || strcmp(ending, "终止"))
            fail_msg("%s: ending_word is %s, not 终止", tpls[t], ending ? ending : "(none)");
        s_has(tpls[t], documents, "不再出具终止劳动合同的证明");
        assert_null(strstr(documents, "解除"));
    }
    // The certificate refused: the 终止 notice was 撤销.
    const char *cert[] = {"case",  "document", id,   "certificate", "--as",
                          "E0003", "--role",   "hr", NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, cert), 0);
    s_has("certificate", err, "的终止劳动合同通知已于 2026-11-27 经员工同意撤销");
    s_has("certificate", err, "不出具终止劳动合同的证明");
    assert_null(strstr(err, "解除通知"));
    assert_null(strstr(err, "离职证明"));
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// LCL Art. 14 para 2 (1): the legal reviewer's d4 - E0250, hired 2014-01-06, on a fixed term
// 2023-01-06..2026-12-31: twelve years at its end. Reviewed with no answer from the employee on
// renewal, the assessment carries hr_law's review finding and the notice is given with it as a
// warning (never as plainly lawful); confirmed refusal to renew answers it.
static void test_an_expiry_after_ten_years_is_not_passed_as_plainly_lawful(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start("wf-expiry-art14");
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;
    char *people = s_write(
        c, "e0250.csv",
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected,birth_date,retirement_base,id_no\n"
        "E0250,钱磊,RND,E0202,qian.lei@example.com,13800000250,产品专员,2014-01-06,fixed,"
        "2023-01-06,2026-12-31,,20000.00,20000.00,,,zh,,1980-05-05,male60,\n");
    const char *import[] = {"import", "people", people, NULL};
    if (s_ctl(c, &out, &err, import))
        fail_msg("hrctl import people: %s%s", out, err);
    const char *open[] = {"case", "open", "E0250", "A44_EXPIRY", "--as", "E0202", NULL};
    if (s_ctl(c, &out, &err, open))
        fail_msg("hrctl case open: %s%s", out, err);
    char *id = s_case_id(out, arena);
    const char *submit[] = {"case", "submit", id, "--as", "E0202", NULL};
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    const char *review[] = {"case", "review", id,       "--note", "期满不续订",
                            "--as", "E0007",  "--role", "hr",     NULL};
    if (s_ctl(c, &out, &err, review))
        fail_msg("hrctl case review: %s%s", out, err);
    const Hr__Workflow__Assessment *as = wfe_get(c, id, arena)->assessment;
    assert_true(as->lawful);
    const Hr__Workflow__Finding *f = wfe_finding(as, "OPEN_ENDED_CONTRACT_DUE");
    assert_non_null(f);
    assert_string_equal(f->severity, "warn"); // the engine's contract sets needs_review
    s_has("finding", f->message_zh, "《中华人民共和国劳动合同法》第十四条第二款第一项");

    const char *notice[] = {"case",  "document", id,   "notice", "--as",
                            "E0007", "--role",   "hr", NULL};
    if (s_ctl(c, &out, &err, notice))
        fail_msg("hrctl case document notice: %s%s", out, err);
    s_has("notice", err, "WARNING [OPEN_ENDED_CONTRACT_DUE] LCL 14(2)(1); Reg. 9");
    s_has("notice", err, "this notice is not the letter of a lawful ending");
    s_has("notice", err, "本终止通知书不能视为合法终止的文书");
    hr_free(out);
    hr_free(err);
    hr_free(people);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_an_expiry_is_refused_where_the_contract_does_not_expire_then(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start("wf-expiry-no");
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *out = NULL, *err = NULL;

    // The reviewer's case: an open-ended contract never expires.
    const char *e0221[] = {"case", "open", "E0221", "A44_EXPIRY", "--as", "E0202", NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, e0221), 0);
    s_has("E0221", err, "A44_EXPIRY ends a fixed term on its end date (LCL Art. 44(1))");
    s_has("E0221", err, "E0221's contract is open_ended and never expires");
    s_has("E0221", err, "Art. 36 or 39-41 ground");
    assert_null(strstr(err, "is not a dismissal ground"));

    // Opened by HR; reviewed with an end before the contract's: a rescission, not an expiry.
    const char *open[] = {"case",  "open",   "E0225", "A44_EXPIRY", "--as",
                          "E0003", "--role", "hr",    NULL};
    assert_int_equal(s_ctl(c, &out, &err, open), 0);
    char *id = s_case_id(out, arena);
    const char *submit[] = {"case", "submit", id, "--as", "E0202", NULL};
    assert_int_equal(s_ctl(c, &out, &err, submit), 0);
    const char *early[] = {"case", "review", id,      "--effective", "2026-11-28", "--note",
                           "期满", "--as",   "E0007", "--role",      "hr",         NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, early), 0);
    s_has("early", err, "2026-11-28 is before the end of E0225's fixed-term contract (2026-12-17)");
    s_has("early", err, "LCL Art. 44(1)");
    s_has("early", err, "unilateral rescission needing an Art. 39-41 ground (else 2N, Art. 87)");
    assert_string_equal(wfe_get(c, id, arena)->steps[1]->key, "hr_review");
    assert_int_equal(wfe_get(c, id, arena)->current, 1);

    // Reviewed on the contract's end (the default): lawful, at outcome, its notice stored.
    const char *lawful[] = {"case", "review", id,       "--note", "期满不续订",
                            "--as", "E0007",  "--role", "hr",     NULL};
    if (s_ctl(c, &out, &err, lawful))
        fail_msg("hrctl case review: %s%s", out, err);
    s_has("review", out, "now at outcome");
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    if (s_ctl(c, &out, &err, store))
        fail_msg("hrctl case document --store: %s%s", out, err);
    char *notice = s_evidence_id(strstr(err, "evidence "), arena);

    // Pregnant at the end: the contract extends until that ends (Art. 45), said as such.
    char *header = NULL;
    {
        char *src = hr_test_source_path("deploy/demo/people.csv");
        size_t len = 0;
        char *text = hr_test_read_file(src, &len);
        assert_non_null(text);
        char *nl = strchr(text, '\n');
        assert_non_null(nl);
        header = hr_strfmt("%.*s", (int)(nl - text + 1), text);
        hr_free(text);
        hr_free(src);
    }
    char *csv = hr_strfmt("%s" E0225_ROW "pregnant:医院证明 2026-11-20,,\n", header);
    char *file = s_write(c, "e0225.csv", csv);
    const char *import[] = {"import", "people", file, NULL};
    if (s_ctl(c, &out, &err, import))
        fail_msg("hrctl import people: %s%s", out, err);
    // Before its notice: HR reading the case is warned, and the outcome is refused.
    const char *show[] = {"case", "show", id, "--as", "E0007", "--role", "hr", NULL};
    assert_int_equal(s_ctl(c, &out, &err, show), 0);
    s_has("show", out, "CONTRACT_EXTENDED");
    assert_null(strstr(out, "PROTECTED_SINCE_REVIEW")); // not the Art. 40/41 advice
    // Nor is a 终止 notice made or stored any more (it stated 经济补偿 0.00元): HR reads which
    // protection, that the contract extends (Art. 45), and what to do.
    const char *again_doc[] = {"case", "document", id, "notice", "--store", NULL};
    assert_int_not_equal(s_ctl(c, &out, &err, again_doc), 0);
    s_has("notice", err, "法定保护情形");
    s_has("notice", err, "孕期");
    s_has("notice", err, "第四十五条");
    s_has("notice", err, "hrctl case withdraw");
    assert_null(strstr(out, "0.00元"));
    const char *served[] = {
        "case",       "outcome", id,     "notice_served", "2026-12-17", "--served", "2026-11-27",
        "--evidence", notice,    "--as", "E0007",         "--role",     "hr",       NULL};
    assert_int_equal(s_ctl(c, &out, &err, served), 1);
    s_has("outcome", out, "[CONTRACT_EXTENDED]");
    s_has("outcome", out, "under LCL Art. 45 the contract extends until the protection ends");
    assert_null(strstr(out, "PROTECTED_AT_OUTCOME"));
    assert_null(wfe_get(c, id, arena)->outcome);

    // Withdrawn; opened again by the manager and reviewed: returned, blocked, saying Art. 45.
    const char *withdraw[] = {"case",  "withdraw", id,   "合同续延", "--as",
                              "E0003", "--role",   "hr", NULL};
    if (s_ctl(c, &out, &err, withdraw))
        fail_msg("hrctl case withdraw: %s%s", out, err);
    const char *again[] = {"case", "open", "E0225", "A44_EXPIRY", "--as", "E0202", NULL};
    assert_int_equal(s_ctl(c, &out, &err, again), 0);
    id = s_case_id(out, arena);
    const char *submit2[] = {"case", "submit", id, "--as", "E0202", NULL};
    assert_int_equal(s_ctl(c, &out, &err, submit2), 0);
    const char *review[] = {"case", "review", id,       "--note", "期满不续订",
                            "--as", "E0007",  "--role", "hr",     NULL};
    assert_int_equal(s_ctl(c, &out, &err, review), 1);
    s_has("blocked", out, "returned to the manager E0202");
    s_has("blocked", out, "[CONTRACT_EXTENDED]");
    s_has("blocked", out, "under LCL Art. 45 the contract extends until the protection ends");
    s_has("blocked", out, "cannot end on 2026-12-17");
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__HistoryEntry *last = cs->history[cs->n_history - 1];
    assert_string_equal(last->action, "blocked");
    s_has("history", last->note, "extends the contract until the protection ends (LCL Art. 45)");
    hr_free(file);
    hr_free(csv);
    hr_free(header);
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_expiry_ends_with_the_termination_notice_and_certificate),
        cmocka_unit_test(test_an_expiry_notice_rescinded_is_named_as_served),
        cmocka_unit_test(test_an_expiry_after_ten_years_is_not_passed_as_plainly_lawful),
        cmocka_unit_test(test_an_expiry_is_refused_where_the_contract_does_not_expire_then),
    };
    return cmocka_run_group_tests_name("e2e.workflow_expiry", tests, NULL, NULL);
}
