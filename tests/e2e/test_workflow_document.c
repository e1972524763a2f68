/*  e2e.workflow_document - the closing documents through the real daemons (hr-workflow and
 *  hr-evidence) and hrctl, on the pinned calendar.
 *
 *  The reference case (E0117, hired 2026-10-26 on a fixed-term contract 2026-10-26..2029-10-25,
 *  a key account manager in 销售部; manager E0101) under Art. 39(1): before the review neither
 *  document is made; after it the notice is (the letter HR serves), the certificate not yet;
 *  a manager who reads the case and the employee are refused; HR stores the notice with
 *  `hrctl case document ... --store` and records the outcome on that very evidence; then the
 *  certificate states the four items of Reg. Art. 24 in Chinese and, written with --out, in
 *  English. The documents directory lacks notice.en.txt: that document alone is refused, saying
 *  which file. A template with an unknown placeholder stops the daemon, naming file and line.
 *  A notice made after the review's planned notice day states the day it is served (never
 *  backdated, never before the interview) with the end HR gives (never reckoned anew from that
 *  day), and the outcome it proves keeps to its dates; the union's letter proposes a notice day
 *  after the interview, refused naming both days otherwise.
 *  A people import after the outcome that moves the hire date, contract and position leaves the
 *  certificate as the assessment kept them. A certificate for E0110, who has no id_no in the
 *  directory, is stored with a blank for the number, and the employee reads it in hr-evidence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#include <sys/stat.h>

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define SHA5 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
#define COMPANY "示例科技有限公司"
#define ADDRESS "上海市浦东新区示例路 100 号"

// workflow.RenderDocument as user with roles: the reply, or NULL when refused with want and a
// message holding says.
static Hr__Workflow__RenderDocumentReply *s_render(e2e_t *c, const char *user, const char *roles,
                                                   const char *id, const char *kind,
                                                   const char *lang, hr_arena_t *arena,
                                                   hr_rc_t want, const char *says)
{
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)id;
    req.kind = (char *)kind;
    req.language = (char *)lang;
    Hr__Workflow__RenderDocumentReply *rep = NULL;
    hr_rc_t rc = wfe_call(c, user, roles, "workflow.RenderDocument", &req.base,
                          &hr__workflow__render_document_reply__descriptor, arena, (void **)&rep);
    if (rc != want)
        fail_msg("RenderDocument %s %s as %s: %s, want %s", kind, lang, user ? user : "operator",
                 hr_rc_name(rc), hr_rc_name(want));
    if (want) {
        // The message: asked again through the case helper, which keeps it.
        const char *msg = "";
        wfe_call_msg(c, user, roles, "workflow.RenderDocument", &req.base, arena, &msg);
        if (!strstr(msg, says))
            fail_msg("RenderDocument %s %s as %s: '%s', want '%s'", kind, lang,
                     user ? user : "operator", msg, says);
        return NULL;
    }
    return rep;
}

#define ANCHOR_ZH "本文书生成时本案记录摘要值（SHA-256）："
#define ANCHOR_EN "Case record digest (SHA-256) when this document was made: "

// The first 32 hex digits of the hash of case id's latest journal entry (workflow.CaseJournal,
// as the operator), and in *head_out (when not NULL) those of the journal's head (arena).
static char *s_last_entry(e2e_t *c, const char *id, hr_arena_t *arena, char **head_out)
{
    Hr__Workflow__CaseJournalRequest req = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
    req.case_id = (char *)id;
    Hr__Workflow__CaseJournalReply *j = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.CaseJournal", &req.base,
                              &hr__workflow__case_journal_reply__descriptor, arena, (void **)&j),
                     HR_OK);
    assert_true(j->n_entries > 0);
    assert_int_equal(j->next_after, 0);
    const ProtobufCBinaryData *h = &j->entries[j->n_entries - 1]->hash;
    char *hex = hr_arena_alloc(arena, 2 * h->len + 1);
    for (size_t i = 0; i < h->len; i++)
        snprintf(hex + 2 * i, 3, "%02x", h->data[i]);
    hex[32] = '\0';
    if (head_out) {
        *head_out = hr_arena_alloc(arena, 2 * j->head_hash.len + 1);
        for (size_t i = 0; i < j->head_hash.len; i++)
            snprintf(*head_out + 2 * i, 3, "%02x", j->head_hash.data[i]);
        (*head_out)[32] = '\0';
    }
    return hex;
}

// Takes E0117's A39_1 case through submission and a lawful review (notice and effective date
// 2026-12-01); the case stands at prepare. Its id (arena).
static char *s_reviewed_case(e2e_t *c, hr_arena_t *arena)
{
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);

    // Not reviewed yet: neither document.
    s_render(c, "E0003", "hr", id, "notice", "zh", arena, HR_ECONFLICT,
             "once HR review has found the dismissal lawful");
    s_render(c, "E0003", "hr", id, "certificate", "zh", arena, HR_ECONFLICT,
             "the certificate follows an outcome that ends the contract");

    wfe_a39_1_reviewed(c, id, sha, "试用期内两次考核未达录用条件第3条", arena);
    return id;
}

static void test_documents_follow_the_case_to_its_outcome(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-doc");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, "notice.en.txt");
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", COMPANY);
    e2e_config(c, "workflow", "company/address", ADDRESS);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_reviewed_case(c, arena);

    // Reviewed: the notice HR is to serve, in the statute's words; no certificate yet.
    Hr__Workflow__RenderDocumentReply *doc =
        s_render(c, "E0003", "hr", id, "notice", "zh", arena, HR_OK, NULL);
    wfe_has("notice", doc->text, "解除劳动合同通知书");
    wfe_has("notice", doc->text, "吴昊（工号 E0117，销售部 大客户经理）");
    wfe_has("notice", doc->text,
            "本单位依照《中华人民共和国劳动合同法》第三十九条第一项“在试用期间被证明不符合录用条件"
            "的”之规定");
    // the probation an Art. 39(1) dismissal rests on, from the directory (people.csv)
    wfe_has("notice", doc->text, "试用期自2026年10月26日至2027年4月25日。");
    wfe_has("notice", doc->text, "（该日为劳动合同的最后一日）");
    wfe_has("notice", doc->text, "员工拒绝签收的，由送达人、见证人注明：");
    wfe_has("notice", doc->text, "劳动合同于2026年12月1日解除");
    wfe_has("notice", doc->text, "本次解除依法不支付经济补偿");
    wfe_has("notice", doc->text, "本单位未建立工会");
    // HR's reviewed statement, not the manager's opening text (Art. 21, GC 180)
    wfe_has("notice", doc->text, "事实和理由：试用期内两次考核未达录用条件第3条。\n");
    wfe_has("notice", doc->text, "最迟于2026年12月16日"); // file and social insurance: 15 days
    wfe_has("notice", doc->text, "至2027年12月1日届满");  // arbitration: a year (LDMAL Art. 27)
    wfe_has("notice", doc->text, COMPANY);
    assert_int_equal(doc->n_missing, 0);
    assert_string_equal(doc->file_name, hr_arena_fmt(arena, "notice-E0117-%s.zh.txt", id));
    s_render(c, "E0003", "hr", id, "certificate", "zh", arena, HR_ECONFLICT, "is at 'prepare'");
    // The anchor the employee keeps: the case's own latest journal entry, closing the letter;
    // made again with the case unchanged, the same value.
    char *last = s_last_entry(c, id, arena, NULL);
    wfe_has("notice", doc->text, hr_arena_fmt(arena, "\n" ANCHOR_ZH "%s\n", last));
    Hr__Workflow__RenderDocumentReply *again =
        s_render(c, "E0003", "hr", id, "notice", "zh", arena, HR_OK, NULL);
    assert_string_equal(again->text, doc->text);
    // A template file that was missing at start: that document alone, and it says which.
    s_render(c, "E0003", "hr", id, "notice", "en", arena, HR_ENOTFOUND, "notice.en.txt");
    s_render(c, "E0003", "hr", id, "notice", "fr", arena, HR_EINVAL, "language: zh or en");
    // HR only: the manager reads the case but gets no document; the employee not even that.
    s_render(c, "E0101", "manager", id, "notice", "zh", arena, HR_EDENIED, "only HR");
    s_render(c, "E0117", "hr", id, "certificate", "zh", arena, HR_EDENIED, "not visible");

    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-01";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 11, arena), 0);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);

    // HR stores the notice it serves: into hr-evidence as the notice_letter, attached.
    char *out = NULL, *err = NULL;
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    int rc = e2e_hrctl(c, &out, &err, store);
    if (rc)
        fail_msg("hrctl case document --store: exit %d: %s", rc, err);
    wfe_has("hrctl document", out, "“在试用期间被证明不符合录用条件的”之规定");
    const char *line = strstr(err, "evidence ");
    if (!line || strlen(line) < 9 + 64)
        fail_msg("hrctl case document --store said: %s", err);
    char *ev_id = hr_arena_fmt(arena, "%.64s", line + 9);
    wfe_has("hrctl document --store", err, "attached to case");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__EvidenceRef *ref = cs->evidence[cs->n_evidence - 1];
    assert_string_equal(ref->id, ev_id);
    assert_string_equal(ref->kind, "notice_letter");

    // The outcome rests on that notice: the certificate is owed from now on.
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-01";
    oc.effective_date = "2026-12-01";
    oc.evidence_id = ev_id;
    // The stored letter is what was to be given, its 签收 line blank: the outcome waits for the
    // proof of service - the copy the employee signed, attached by HR.
    assert_false(
        wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena)->accepted);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA5, arena);
    oc.service_evidence_id = SHA5;
    wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_string_equal(wfe_get(c, id, arena)->outcome->service_evidence_id, SHA5);

    // hrctl prints the certificate with the four items of Reg. Art. 24.
    const char *cert[] = {"case", "document", id, "certificate", "--as", "E0003", NULL};
    rc = e2e_hrctl(c, &out, &err, cert);
    if (rc)
        fail_msg("hrctl case document certificate: exit %d: %s", rc, err);
    wfe_has("certificate", out, "劳动合同期限：自2026年10月26日至2029年10月25日");
    wfe_has("certificate", out, "解除劳动合同证明书"); // Art. 39: 解除, not 终止
    // no salutation; the holder named by the identity number the directory holds (people.csv)
    wfe_has(
        "certificate", out,
        "兹证明吴昊（身份证号码：310115199703120513，工号：E0117）自2026年10月26日起在" COMPANY);
    assert_null(strstr(out, "吴昊（工号 E0117）："));
    wfe_has("certificate", out, "订立的劳动合同已由本单位解除。");
    wfe_has("certificate", out, "解除劳动合同的日期：2026年12月1日");
    wfe_has("certificate", out, "工作岗位：大客户经理（销售部）");
    wfe_has("certificate", out, "在本单位的工作年限：1个月6天");
    wfe_has("certificate", out, "不以办结工作交接为条件");
    wfe_has("certificate", out, ADDRESS);
    assert_null(strstr(err, "no value for"));
    assert_null(strstr(out, "终止"));
    assert_null(strstr(out, "第三十九条")); // no ground on the certificate (Reg. Art. 24)
    hr_free(out);
    hr_free(err);

    // In English, written to a file.
    char *file = hr_strfmt("%s/certificate.en.txt", e2e_dir(c));
    const char *cert_en[] = {"case", "document", id,   "certificate", "--lang",
                             "en",   "--out",    file, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, cert_en), 0);
    wfe_has("hrctl --out", out, "wrote ");
    hr_free(out);
    hr_free(err);
    size_t len = 0;
    char *text = hr_test_read_file(file, &len);
    assert_non_null(text);
    wfe_has("certificate.en", text, "Contract term: 2026-10-26 to 2029-10-25");
    wfe_has("certificate.en", text, "CERTIFICATE OF RESCISSION OF THE LABOUR CONTRACT");
    wfe_has("certificate.en", text, "Date of rescission of the contract: 2026-12-01");
    wfe_has("certificate.en", text, "Position: 大客户经理 (销售部)");
    wfe_has("certificate.en", text, "Years of service with the Company: 1 month 6 days");
    // The case moved on since the notice: the certificate's anchor is its latest entry now.
    char *after = s_last_entry(c, id, arena, NULL);
    assert_string_not_equal(after, last);
    wfe_has("certificate.en", text, hr_arena_fmt(arena, "\n" ANCHOR_EN "%s\n", after));
    hr_free(text);
    hr_free(file);

    // A people import after the outcome moves E0117's hire date, contract and position: the
    // certificate still states the facts the money was decided on (Reg. Art. 24), as kept in the
    // assessment - not today's directory.
    wfe_import_people(
        c,
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected,birth_date,retirement_base,id_no\n"
        "E0117,吴昊,SALES,E0101,wu.hao@example.com,13800000117,销售总监,2024-06-18,fixed,"
        "2024-06-18,2027-06-17,2024-09-17,18000.00,18000.00,introvert;sensitive,,zh,,,,"
        "310115199703120513\n",
        arena);
    const Hr__Workflow__Assessment *kept = wfe_get(c, id, arena)->assessment;
    assert_true(kept->kept_facts);
    assert_string_equal(kept->kept_hire_date, "2026-10-26");
    assert_string_equal(kept->kept_department, "销售部");
    rc = e2e_hrctl(c, &out, &err, cert);
    if (rc)
        fail_msg("hrctl case document certificate after the import: exit %d: %s", rc, err);
    wfe_has("certificate after the import", out, "劳动合同期限：自2026年10月26日至2029年10月25日");
    wfe_has("certificate after the import", out, "自2026年10月26日起在" COMPANY);
    wfe_has("certificate after the import", out, "工作岗位：大客户经理（销售部）");
    wfe_has("certificate after the import", out, "在本单位的工作年限：1个月6天");
    assert_null(strstr(out, "2024年6月18日"));
    assert_null(strstr(out, "销售总监"));
    hr_free(out);
    hr_free(err);
    const char *show[] = {"case", "show", id, "--as", "E0003", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out, "documents state the directory as assessed: hired 2026-10-26");
    hr_free(out);
    hr_free(err);

    // Usage errors stop before anything is asked.
    const char *bad[] = {"case", "document", id, "letter", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, bad), 2);
    hr_free(out);
    hr_free(err);
    const char *bad_lang[] = {"case", "document", id, "notice", "--lang", "de", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, bad_lang), 2);
    hr_free(out);
    hr_free(err);
    hr_free(docs);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// workflow.RenderDocument of kind as HR with the dates it is to state: the reply, or NULL when
// refused with want and a message holding says.
static Hr__Workflow__RenderDocumentReply *s_render_kind(e2e_t *c, const char *id, const char *kind,
                                                        const char *served, const char *effective,
                                                        hr_arena_t *arena, hr_rc_t want,
                                                        const char *says)
{
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)id;
    req.kind = (char *)kind;
    req.language = "zh";
    req.served_date = (char *)served;
    req.effective_date = (char *)effective;
    Hr__Workflow__RenderDocumentReply *rep = NULL;
    hr_rc_t rc = wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                          &hr__workflow__render_document_reply__descriptor, arena, (void **)&rep);
    if (rc != want)
        fail_msg("RenderDocument %s served '%s' ending '%s': %s, want %s", kind, served, effective,
                 hr_rc_name(rc), hr_rc_name(want));
    if (!want)
        return rep;
    const char *msg = "";
    wfe_call_msg(c, "E0003", "hr", "workflow.RenderDocument", &req.base, arena, &msg);
    if (!strstr(msg, says))
        fail_msg("RenderDocument %s served '%s' ending '%s': '%s', want '%s'", kind, served,
                 effective, msg, says);
    return NULL;
}

// The same of the notice.
static Hr__Workflow__RenderDocumentReply *s_render_dated(e2e_t *c, const char *id,
                                                         const char *served, const char *effective,
                                                         hr_arena_t *arena, hr_rc_t want,
                                                         const char *says)
{
    return s_render_kind(c, id, "notice", served, effective, arena, want, says);
}

// The notice made after the review's planned notice day (2026-12-01) has passed: E0117's case,
// the interview on 2026-12-03. Never dated before the day it is made nor ending before the
// interview: without dates it is refused with the command that gives them; with them it states
// them (and the arbitration limit follows the day served); stored by hrctl, the case keeps the
// dates it states, and the outcome it proves must have the same.
static void test_a_late_notice_states_the_day_it_is_served(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-doc-late");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    e2e_config(c, "workflow", "company/name", COMPANY);
    e2e_config(c, "workflow", "company/address", ADDRESS);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    wfe_a39_1_reviewed(c, id, sha, "试用期内两次考核未达录用条件第3条", arena);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-03";
    pr.time = "10:00";
    pr.place = "3F meeting room";
    wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);

    // The day after the planned notice, before the interview: no notice of the review's dates,
    // and none served before the interview or dated before today.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-02", 10, arena), 0);
    s_render(c, "E0003", "hr", id, "notice", "zh", arena, HR_ECONFLICT,
             "the review's notice day 2026-12-01 has passed (today is 2026-12-02)");
    s_render(c, "E0003", "hr", id, "notice", "zh", arena, HR_ECONFLICT,
             hr_arena_fmt(arena,
                          "hrctl case document %s notice --served 2026-12-03 --effective "
                          "2026-12-03",
                          id));
    s_render_dated(c, id, "2026-12-01", "2026-12-03", arena, HR_EINVAL,
                   "served_date: 2026-12-01 is before today (2026-12-02)");
    s_render_dated(c, id, "2026-12-02", "", arena, HR_EINVAL,
                   "served_date: 2026-12-02 is before the interview on 2026-12-03");
    s_render_dated(c, id, "2026-12-04", "2026-12-03", arena, HR_EINVAL,
                   "effective_date: 2026-12-03 is before the notice was served (2026-12-04)");
    s_render_dated(c, id, "2026-12-0x", "", arena, HR_EINVAL, "served_date: '2026-12-0x'");
    // The union's letter proposes a notice day after the interview (the employee heard first,
    // the union's opinion asked for by the day before the notice, LCL 43): neither the review's
    // passed day nor the interview's own day - refused naming both days - and HR's day after it
    // as given.
    s_render_kind(c, id, "union_notice", "", "", arena, HR_ECONFLICT,
                  "the review's notice day 2026-12-01 has passed (today is 2026-12-02)");
    s_render_kind(c, id, "union_notice", "", "", arena, HR_ECONFLICT,
                  "union_notice --served 2026-12-04");
    s_render_kind(c, id, "union_notice", "2026-12-03", "", arena, HR_EINVAL,
                  "served_date: 2026-12-03 is not after the interview on 2026-12-03");
    Hr__Workflow__RenderDocumentReply *to_union =
        s_render_kind(c, id, "union_notice", "2026-12-04", "", arena, HR_OK, NULL);
    wfe_has("union letter", to_union->text, "拟送达解除通知书的日期：2026年12月4日");
    wfe_has("union letter", to_union->text, "请工会研究后于2026年12月3日（含当日）前提出书面意见");

    // Held on 2026-12-03; on 12-04 HR makes the notice it serves that day, with its dates.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-04", 9, arena), 0);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    // Its day alone is not the review's: the end is not reckoned anew from it, but given.
    s_render_dated(c, id, "2026-12-04", "", arena, HR_ECONFLICT,
                   "the notice served on 2026-12-04 is not on the review's notice day 2026-12-01 "
                   "(the review ends the contract on 2026-12-01)");
    Hr__Workflow__RenderDocumentReply *doc =
        s_render_dated(c, id, "2026-12-04", "2026-12-04", arena, HR_OK, NULL);
    wfe_has("notice", doc->text, "劳动合同于2026年12月4日解除");
    // arbitration: a year from the service, 2027-12-04, a Saturday in the company calendar: the
    // Monday, and the letter says why (Civil Code Art. 203)
    wfe_has("notice", doc->text,
            "至2027年12月6日（期间届满日2027年12月4日为休息日，依照《中华人民共和国民法典》第二百"
            "零三条，以休假日结束的次日为期间的最后一日）届满");
    assert_null(strstr(doc->text, "2026年12月1日"));
    assert_string_equal(doc->served_date, "2026-12-04");
    assert_string_equal(doc->effective_date, "2026-12-04");

    // Dates are kept only with the notice this system makes with them: a letter that is not
    // that text (or not with those dates) is refused them.
    Hr__Workflow__AttachEvidenceRequest at = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    at.case_id = id;
    at.evidence_id = SHA4;
    at.kind = "notice_letter";
    at.sha256 = SHA4;
    at.notice_served_date = "2026-12-04";
    at.notice_effective_date = "2026-12-04";
    wfe_case_refused(c, "E0003", "hr", "workflow.AttachEvidence", &at.base, arena, HR_EINVAL,
                     "is not the notice this system makes today for");
    at.notice_effective_date = "";
    wfe_case_refused(c, "E0003", "hr", "workflow.AttachEvidence", &at.base, arena, HR_EINVAL,
                     "both, YYYY-MM-DD");

    // hrctl: without the dates it says which command gives them; with them it stores the
    // notice, and the case keeps the dates it states.
    char *out = NULL, *err = NULL;
    const char *bare[] = {"case", "document", id, "notice", "--as", "E0003", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, bare), 0);
    wfe_has("hrctl case document (no dates)", err, "--served 2026-12-04 --effective 2026-12-04");
    hr_free(out);
    hr_free(err);
    const char *store[] = {"case",       "document",    id,           "notice",  "--served",
                           "2026-12-04", "--effective", "2026-12-10", "--store", "--as",
                           "E0003",      NULL};
    int rc = e2e_hrctl(c, &out, &err, store);
    if (rc)
        fail_msg("hrctl case document --served --store: exit %d: %s", rc, err);
    wfe_has("hrctl document", out, "劳动合同于2026年12月10日解除");
    wfe_has("hrctl document", err, "(served 2026-12-04, ending 2026-12-10)");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__EvidenceRef *ref = cs->evidence[cs->n_evidence - 1];
    assert_string_equal(ref->kind, "notice_letter");
    assert_string_equal(ref->notice_served_date, "2026-12-04");
    assert_string_equal(ref->notice_effective_date, "2026-12-10");
    char *ev_id = hr_arena_strdup(arena, ref->id);

    // Four days later the outcome is recorded: with other dates than the notice states it is
    // refused, naming both; with the notice's it is taken.
    assert_int_equal(wfe_clock_to_day(c, "2026-12-08", 9, arena), 0);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-08";
    oc.effective_date = "2026-12-08";
    oc.evidence_id = ev_id;
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL,
                     "the notice states served 2026-12-04, ending 2026-12-10; this outcome says "
                     "served 2026-12-08, ending 2026-12-08");
    oc.served_date = "2026-12-04";
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL,
                     "this outcome says served 2026-12-04, ending 2026-12-08");
    oc.effective_date = "2026-12-10";
    // The dates agree, but the letter this system rendered proves no service: refused in both
    // languages, saying what proves it; another rendered letter is no proof either; the
    // witnesses' statement of a refused signature (other) is.
    Hr__Workflow__CaseReply *unserved =
        wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_false(unserved->accepted);
    assert_int_equal(unserved->n_problems, 1);
    assert_string_equal(unserved->problems[0]->code, "SERVICE_NOT_PROVEN");
    wfe_has("unserved (en)", unserved->problems[0]->message_en,
            "its 签收 (receipt) line blank and not signed by the employee");
    wfe_has("unserved (en)", unserved->problems[0]->message_en,
            "it does not prove the employee received it");
    wfe_has("unserved (en)", unserved->problems[0]->message_en, "EMS courier receipt");
    wfe_has("unserved (zh)", unserved->problems[0]->message_zh, "不能证明已送达员工");
    wfe_has("unserved (zh)", unserved->problems[0]->message_zh,
            "（用人单位负举证责任，最高法劳动争议解释一第四十四条）");
    assert_null(wfe_get(c, id, arena)->outcome);
    oc.service_evidence_id = ev_id;
    wfe_case_refused(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena, HR_EINVAL,
                     "is a notice this system rendered, not a record of service");
    // The employee signs the stored notice in hr-evidence (hrctl evidence sign, acknowledged):
    // their own signature is their receipt, and the outcome says so with its day.
    oc.service_evidence_id = "";
    assert_null(wfe_get(c, id, arena)->outcome);
    wfe_sign(c, cs->employee_no, ev_id, arena);
    const Hr__Workflow__CaseReply *signed_rep =
        wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    assert_true(signed_rep->accepted);
    // Accepted, with the warning that the system does not verify who entered that signature: a
    // hearing wants the copy signed by hand (the arbitration review).
    bool warned = false;
    for (size_t i = 0; i < signed_rep->n_problems; i++)
        if (!strcmp(signed_rep->problems[i]->code, "SERVICE_BY_E_SIGNATURE")) {
            warned = true;
            wfe_has("the warning", signed_rep->problems[i]->message_zh, "亲笔签收的通知书原件");
            wfe_has("the warning", signed_rep->problems[i]->message_zh, "2026-12-08");
        }
    assert_true(warned);
    const Hr__Workflow__Outcome *done = wfe_get(c, id, arena)->outcome;
    assert_string_equal(done->service_signed_date, "2026-12-08");
    assert_string_equal(done->service_evidence_id, "");
    const char *show[] = {"case", "show", id, "--as", "E0003", NULL};
    rc = e2e_hrctl(c, &out, &err, show);
    if (rc)
        fail_msg("hrctl case show: exit %d: %s", rc, err);
    wfe_has("case show", out,
            "receipt acknowledged by the employee's electronic signature of 2026-12-08, signer not "
            "verified (员工电子签收，系统未核验签收人身份)");
    hr_free(out);
    hr_free(err);

    // Made again after the outcome, the notice states the outcome's dates and no others.
    doc = s_render(c, "E0003", "hr", id, "notice", "zh", arena, HR_OK, NULL);
    wfe_has("notice after the outcome", doc->text, "劳动合同于2026年12月10日解除");
    assert_string_equal(doc->served_date, "2026-12-04");
    s_render_dated(c, id, "2026-12-08", "", arena, HR_EINVAL,
                   "notice was served on 2026-12-04, the contract ending 2026-12-10 (the outcome): "
                   "the notice states those dates, not 2026-12-08");
    hr_free(docs);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A template with a placeholder the service does not know stops hr-workflow at start, naming
// the file and the line (a letter with a hole in it must not reach an employee).
// A company without company/name and company/address: the notice shows the gaps to read, and
// storing it as the letter to serve is refused, naming the fields and where they are set;
// nothing reaches hr-evidence or the case.
static void test_a_document_with_gaps_is_not_stored(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-doc-gaps");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    hr_free(docs);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-11-30", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *id = s_reviewed_case(c, arena);
    size_t attached = wfe_get(c, id, arena)->n_evidence;
    char *out = NULL, *err = NULL;
    const char *read[] = {"case", "document", id, "notice", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, read), 0);
    wfe_has("notice", out, "【缺：company_name】");
    // The gaps on stderr, Chinese first (they were said in English only).
    wfe_has(
        "notice stderr", err,
        "hrctl case document: 缺少 company_name, company_address（已在文本中标出，签署前请补全）");
    wfe_has("notice stderr", err, "no value for company_name, company_address (marked in the text");
    assert_true(strstr(err, "缺少 company_name") < strstr(err, "no value for"));
    hr_free(out);
    hr_free(err);
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, store), 0);
    wfe_has("hrctl case document --store", err, "no value for company_name, company_address");
    wfe_has("hrctl case document --store", err, "通知书缺少 company_name, company_address");
    assert_true(strstr(err, "通知书缺少") < strstr(err, "no value for")); // Chinese first
    wfe_has("hrctl case document --store", err, "company/name and company/address in workflow.cfg");
    wfe_has("hrctl case document --store", err, "a document with gaps is not stored");
    assert_null(strstr(err, "evidence "));
    hr_free(out);
    hr_free(err);
    assert_int_equal(wfe_get(c, id, arena)->n_evidence, attached);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The Art. 47 cap on another year's local average (the config's figure is 2023's, the contract
// ends in 2026): the notice names the year and the figure it used, never 上年度; stored, it is
// refused (Chinese first) until HR accepts the figure with --wage-year-accepted, which the
// history records. case show keeps the 12-month average before the cap, and --json too.
static void test_a_notice_names_the_local_average_it_used(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-doc-cap-year");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    hr_free(docs);
    e2e_config(c, "workflow", "company/name", COMPANY);
    e2e_config(c, "workflow", "company/address", ADDRESS);
    e2e_config(c, "workflow", "law/local_average_wage_year", "2023");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // E0110 earning 25000 a month, a 12-month average of 40000: above 3 x 12307.
    wfe_import_people(
        c,
        "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"
        "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"
        "protected,birth_date,retirement_base,id_no\n"
        "E0110,王磊,SALES,E0101,wang.lei@example.com,13800000110,大客户经理,2019-04-01,"
        "open_ended,2019-04-01,,,25000.00,40000.00,,,zh,,,,\n",
        arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-01";
    rv.effective_date = "2026-12-01";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", "E0110", &rv, arena);
    assert_true(rep->accepted);
    char *id = hr_arena_strdup(arena, rep->case_->id);
    const Hr__Workflow__Assessment *a = wfe_get(c, id, arena)->assessment;
    wfe_capped(a, 3692100, 3692100 * 8);
    assert_int_equal(a->local_average_year, 2023);
    assert_int_equal(a->average_wage_fen, 4000000);
    assert_non_null(wfe_finding(a, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED"));

    char *out = NULL, *err = NULL;
    const char *read[] = {"case", "document", id, "notice", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, read), 0);
    wfe_has("notice", out,
            "您的月工资高于本地区2023年度职工月平均工资人民币12,307.00元的三倍，按该三倍的数额即"
            "人民币36,921.00元计算，年限最高不超过十二年");
    assert_null(strstr(out, "上年度"));
    hr_free(out);
    hr_free(err);
    const char *read_en[] = {"case", "document", id, "notice", "--lang", "en", NULL};
    if (!e2e_hrctl(c, &out, &err, read_en)) // notice.en.txt is in the documents copied
        wfe_has("notice.en", out,
                "above three times the local average monthly wage of 2023, CNY 12,307.00, that "
                "three-times figure, CNY 36,921.00, is the monthly wage");
    hr_free(out);
    hr_free(err);

    size_t attached = wfe_get(c, id, arena)->n_evidence;
    const char *store[] = {"case", "document", id, "notice", "--store", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, store), 0);
    wfe_has("--store", err, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED");
    wfe_has("--store", err, "workflow.cfg");
    wfe_has("--store", err, "--wage-year-accepted");
    assert_true(strstr(err, "请运维人员") < strstr(err, "add that year's figure")); // zh first
    assert_null(strstr(err, "evidence "));
    hr_free(out);
    hr_free(err);
    assert_int_equal(wfe_get(c, id, arena)->n_evidence, attached);

    const char *accept[] = {"case", "document", id,  "notice", "--store", "--wage-year-accepted",
                            "--as", "E0003",    NULL};
    int rc = e2e_hrctl(c, &out, &err, accept);
    if (rc)
        fail_msg("--store --wage-year-accepted: exit %d: %s", rc, err);
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_int_equal(cs->n_evidence, attached + 1);
    const char *note = NULL;
    for (size_t i = 0; i < cs->n_history; i++)
        if (!strcmp(cs->history[i]->action, "wage_year_accepted"))
            note = cs->history[i]->note;
    assert_non_null(note);
    wfe_has("wage_year_accepted", note,
            "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED; local average of 2023");

    // The 12-month average the cap cut, kept in the case.
    const char *show[] = {"case", "show", id, "--as", "E0003", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    wfe_has("case show", out,
            "average 40000.00 yuan from the directory's average_wage; capped to 36921.00 = 3 x "
            "12307.00 (2023)");
    hr_free(out);
    hr_free(err);
    const char *json[] = {"case", "show", id, "--json", "--as", "E0003", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, json), 0);
    wfe_has("case show --json", out, "\"average_wage_fen\": 4000000");
    hr_free(out);
    hr_free(err);

    // Payroll's final pay statement: each amount the case decided with its basis and articles,
    // then what payroll adds (wages to the last day, untaken annual leave at 300%) and when
    // severance is due. HR's only; never stored.
    const char *pay[] = {"case", "document", id, "pay_statement", "--as", "E0003", NULL};
    rc = e2e_hrctl(c, &out, &err, pay);
    if (rc)
        fail_msg("pay_statement: exit %d: %s", rc, err);
    wfe_has("pay_statement", out,
            "1. 经济补偿（《劳动合同法》第四十六条、第四十七条）：人民币295,368.00元");
    wfe_has("pay_statement", out, "8 个月工资");
    wfe_has("pay_statement", out, "本地区2023年度职工月平均工资 人民币12,307.00元 的三倍");
    wfe_has("pay_statement", out,
            "2. 代通知金（《劳动合同法》第四十条、《实施条例》第二十条）：人民币25,000.00元，按上"
            "一个月（2026年11月）的工资标准");
    wfe_has("pay_statement", out,
            "3. 违法解除或终止劳动合同的赔偿金（2N）：不支付（审核认定合法）");
    wfe_has("pay_statement", out, "4. 工资：截至劳动合同最后一日（2026-12-01）的工资");
    wfe_has("pay_statement", out, "按日工资收入的300%支付");
    wfe_has("pay_statement", out, "《企业职工带薪年休假实施办法》第十条、第十二条");
    wfe_has("pay_statement", out, "在劳动者办结工作交接时支付（《劳动合同法》第五十条第二款）");
    hr_free(out);
    hr_free(err);
    const char *pay_en[] = {"case", "document", id,  "pay_statement", "--lang", "en",
                            "--as", "E0003",    NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, pay_en), 0);
    wfe_has("pay_statement en", out, "1. Severance (LCL Arts. 46, 47): CNY 295,368.00");
    wfe_has("pay_statement en", out, "at the previous month's wage (2026-11)");
    wfe_has("pay_statement en", out, "paid at 300% of the daily wage");
    hr_free(out);
    hr_free(err);
    const char *pay_mgr[] = {"case", "document", id, "pay_statement", "--as", "E0101", NULL};
    assert_int_not_equal(e2e_hrctl(c, &out, &err, pay_mgr), 0);
    assert_null(strstr(out, "295,368"));
    hr_free(out);
    hr_free(err);
    const char *pay_store[] = {"case", "document", id, "pay_statement", "--store", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, pay_store), 2);
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// E0110 has no id_no in the directory (deploy/demo/people.csv): the certificate is owed all the
// same (LCL 50, 89; Reg. Art. 24 does not ask for it), so it is rendered with a blank for hand
// entry, not a gap, and stored into hr-evidence as the case's termination_certificate, which
// the employee reads there.
static void test_a_certificate_without_an_id_no_is_stored(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-doc-no-id");
    char *docs = hr_strfmt("%s/documents", e2e_dir(c));
    wfe_copy_documents(docs, NULL);
    e2e_config(c, "workflow", "documents/dir", docs);
    hr_free(docs);
    e2e_config(c, "workflow", "company/name", COMPANY);
    e2e_config(c, "workflow", "company/address", ADDRESS);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    hr_free(key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-01", 9, arena), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0110";
    Hr__Workflow__GetPersonReply *person = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&person),
                     HR_OK);
    assert_string_equal(person->person->id_no, ""); // HR reads it: there is none

    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.notice_date = "2026-12-02";
    rv.effective_date = "2026-12-02";
    rv.pay_in_lieu_of_notice = true;
    Hr__Workflow__CaseReply *rep = wfe_a40_3_review(c, "E0101", "E0110", &rv, arena);
    assert_true(rep->accepted);
    char *id = hr_arena_strdup(arena, rep->case_->id);
    wfe_interview_held(c, id, "2026-12-01", arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);
    assert_int_equal(wfe_clock_to_day(c, "2026-12-02", 9, arena), 0);
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-02";
    oc.effective_date = "2026-12-02";
    oc.evidence_id = SHA4;
    assert_true(wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena)->accepted);

    char *out = NULL, *err = NULL;
    const char *store[] = {"case", "document", id, "certificate", "--store", "--as", "E0003", NULL};
    int rc = e2e_hrctl(c, &out, &err, store);
    if (rc)
        fail_msg("hrctl case document certificate --store: exit %d: %s%s", rc, out, err);
    wfe_has("certificate", out, "兹证明王磊（身份证号码：__________________，工号：E0110）");
    assert_null(strstr(out, "【缺："));
    wfe_has("hrctl document --store", err, "attached to case");
    const char *line = strstr(err, "evidence ");
    if (!line || strlen(line) < 9 + 64)
        fail_msg("hrctl case document --store said: %s", err);
    char *ev_id = hr_arena_fmt(arena, "%.64s", line + 9);
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    const Hr__Workflow__EvidenceRef *ref = cs->evidence[cs->n_evidence - 1];
    assert_string_equal(ref->id, ev_id);
    assert_string_equal(ref->kind, "termination_certificate");
    // hr-evidence holds it, and the employee reads it there.
    const char *list[] = {"evidence", "list", "--case", id, "--as", "E0110", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, list), 0);
    wfe_has("evidence list --as E0110", out, ev_id);
    hr_free(out);
    hr_free(err);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_an_unknown_placeholder_stops_the_daemon(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("wfdoc");
    char *docs = hr_strfmt("%s/documents", dir);
    wfe_copy_documents(docs, "certificate.zh.txt");
    char *bad = hr_strfmt("%s/certificate.zh.txt", docs);
    const char *text = "解除劳动合同证明书\n工资：{salary}\n";
    assert_int_equal(hr_test_write_file(bad, text, strlen(text)), 0);
    char *cfg = hr_strfmt("%s/workflow.cfg", dir);
    char *zpl = hr_strfmt("bus\n    endpoint = \"ipc://%s/wf.ipc\"\nstore\n    dir = \"%s/store\"\n"
                          "documents\n    dir = \"%s\"\n",
                          dir, dir, docs);
    assert_int_equal(hr_test_write_file(cfg, zpl, strlen(zpl)), 0);
    char *bin = hr_test_bin_path("hr-workflow");
    char *argv[] = {bin, "--config", cfg, NULL};
    char *out = NULL, *err = NULL;
    int rc = e2e_run(argv, &out, &err);
    assert_int_not_equal(rc, 0);
    if (!strstr(err, "certificate.zh.txt") || !strstr(err, "line 2: unknown placeholder {salary}"))
        fail_msg("hr-workflow said: %s", err);
    hr_free(out);
    hr_free(err);
    hr_free(bin);
    hr_free(zpl);
    hr_free(cfg);
    hr_free(bad);
    hr_free(docs);
    hr_test_rmdir(dir);
    hr_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents_follow_the_case_to_its_outcome),
        cmocka_unit_test(test_a_late_notice_states_the_day_it_is_served),
        cmocka_unit_test(test_a_document_with_gaps_is_not_stored),
        cmocka_unit_test(test_a_notice_names_the_local_average_it_used),
        cmocka_unit_test(test_a_certificate_without_an_id_no_is_stored),
        cmocka_unit_test(test_an_unknown_placeholder_stops_the_daemon),
    };
    return cmocka_run_group_tests_name("e2e.workflow_document", tests, NULL, NULL);
}
