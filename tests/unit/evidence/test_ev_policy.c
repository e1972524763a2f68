/*  test_ev_policy - kinds, hostile file names, declared media types, magic-byte sniffing, the
 *  retention date and who counts as a custodian, table-driven; the deployed config's workflow
 *  peer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ev.h"
#include "hr_test.h"

static void test_every_design_kind_is_known_and_others_are_not(void **state)
{
    HR_UNUSED(state);
    int n = 0;
    for (; ev_kinds[n]; n++)
        assert_int_equal(ev_kind_index(ev_kinds[n]), n);
    assert_int_equal(n, EV_KIND_COUNT);
    assert_int_equal(ev_kind_index("facts_snapshot"), 12);
    assert_int_equal(ev_kind_index("Other"), -1);
    assert_int_equal(ev_kind_index(""), -1);
    assert_int_equal(ev_kind_index(NULL), -1);
}

// A facts snapshot is hr-analytics' JSON frozen by PutFacts: no file is uploaded as one (it
// would pass at HR review for the company's own data), and PutFacts takes only such a snapshot.
static void test_facts_snapshots_are_made_never_uploaded(void **state)
{
    HR_UNUSED(state);
    for (int k = 0; ev_kinds[k]; k++)
        if (strcmp(ev_kinds[k], EV_KIND_FACTS))
            assert_null(ev_kind_upload_refusal(ev_kinds[k]));
    const char *why = ev_kind_upload_refusal("facts_snapshot");
    assert_non_null(why);
    assert_non_null(strstr(why, "hrctl case facts"));
    assert_non_null(strstr(why, "other")); // what a roster is uploaded as
    const char *snap = "{\"employee_no\":\"E0117\",\"facts\":[],\"kind\":"
                       "\"hr.analytics.facts_snapshot\"}";
    assert_true(ev_facts_is_snapshot(snap, strlen(snap)));
    const char *const not_snaps[] = {
        "{\"roster\":40}",
        "{\"kind\":\"facts_snapshot\"}",
        "{\"kind\":[\"hr.analytics.facts_snapshot\"]}",
        "[{\"kind\":\"hr.analytics.facts_snapshot\"}]",
        "\"hr.analytics.facts_snapshot\"",
        "{not json",
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(not_snaps); i++)
        assert_false(ev_facts_is_snapshot(not_snaps[i], strlen(not_snaps[i])));
}

static void test_employee_kinds_parse_names_and_refuse_unknown_ones(void **state)
{
    HR_UNUSED(state);
    bool reads[EV_KIND_COUNT];
    char *bad = NULL;
    assert_int_equal(ev_employee_kinds_parse(EV_EMPLOYEE_KINDS_DEFAULT, reads, &bad), 0);
    assert_true(reads[ev_kind_index("feedback_talk_record")]);
    assert_true(reads[ev_kind_index("notice_letter")]);
    assert_false(reads[ev_kind_index("complaint_record")]); // others' complaints
    assert_false(reads[ev_kind_index("facts_snapshot")]);   // compares with colleagues
    assert_false(reads[ev_kind_index("union_notice")]);
    assert_false(reads[ev_kind_index("other")]);
    // Spaces around names and empty items are tolerated; "" means none.
    assert_int_equal(ev_employee_kinds_parse(" agreement , ,notice_letter", reads, &bad), 0);
    int n = 0;
    for (int k = 0; k < EV_KIND_COUNT; k++)
        n += reads[k];
    assert_int_equal(n, 2);
    assert_int_equal(ev_employee_kinds_parse("", reads, &bad), 0);
    for (int k = 0; k < EV_KIND_COUNT; k++)
        assert_false(reads[k]);
    // A name that is not a kind is refused and named (the daemon will not start).
    assert_int_equal(ev_employee_kinds_parse("agreement,Agreement", reads, &bad), -1);
    assert_string_equal(bad, "Agreement");
    hr_free(bad);
    char longname[200];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(ev_employee_kinds_parse(longname, reads, &bad), -1);
    assert_int_equal(strlen(bad), sizeof longname - 1);
    hr_free(bad);
}

typedef struct {
    const char *in;   // as uploaded
    const char *want; // as stored
} name_case_t;

static void test_hostile_names_become_harmless_metadata(void **state)
{
    HR_UNUSED(state);
    static const name_case_t cases[] = {
        {"report.pdf", "report.pdf"},
        {"../../etc/passwd", "_.._etc_passwd"},
        {"..\\..\\x", "_.._x"},
        {"/etc/x", "_etc_x"},
        {"a\r\nBcc: x@evil", "a__Bcc: x@evil"},
        {"tab\there", "tab_here"},
        {"report\xE2\x80\xAE"
         "fdp.exe",
         "report_fdp.exe"},                                 // U+202E right-to-left override
        {"bad\xC0\xAE\xC0\xAEutf8", "bad____utf8"},         // overlong '.'
        {"\xEF\xBC\x8E\xEF\xBC\x8E\xEF\xBC\x8F", "．．／"}, // full-width: harmless text
        {"trailing. . ", "trailing"},
        {"...", "unnamed"},
        {"", "unnamed"},
        {"张三 绩效.pdf", "张三 绩效.pdf"},
        {"del\x7F"
         "c1\xC2\x85",
         "del_c1_"},
    };
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        const char *got = ev_name_sanitize(arena, cases[i].in);
        if (strcmp(got, cases[i].want))
            fail_msg("case %zu: '%s' -> '%s', want '%s'", i, cases[i].in, got, cases[i].want);
    }
    assert_string_equal(ev_name_sanitize(arena, NULL), "unnamed");
    hr_arena_destroy(&arena);
}

static void test_long_names_are_cut_at_255_bytes_on_a_character_boundary(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    char ascii[301];
    memset(ascii, 'a', 300);
    ascii[300] = '\0';
    assert_int_equal(strlen(ev_name_sanitize(arena, ascii)), EV_NAME_MAX);
    char han[100 * 3 + 1] = ""; // 100 x U+5F20, 3 bytes each
    for (int i = 0; i < 100; i++)
        memcpy(han + 3 * i, "\xE5\xBC\xA0", 3);
    han[300] = '\0';
    const char *cut = ev_name_sanitize(arena, han);
    assert_int_equal(strlen(cut), 255); // 85 characters
    assert_memory_equal(cut + 252, "\xE5\xBC\xA0", 3);
    hr_arena_destroy(&arena);
}

static void test_declared_media_types_are_kept_only_when_well_formed(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    assert_string_equal(ev_media_type_clean(arena, "Application/PDF"), "application/pdf");
    assert_string_equal(ev_media_type_clean(arena, "text/plain; charset=utf-8"), "");
    assert_string_equal(ev_media_type_clean(arena, "text/html\r\nX: y"), "");
    assert_string_equal(ev_media_type_clean(arena, "nonsense"), "");
    assert_string_equal(ev_media_type_clean(arena, "/x"), "");
    assert_string_equal(ev_media_type_clean(arena, NULL), "");
    hr_arena_destroy(&arena);
}

typedef struct {
    const char *bytes; // first bytes of a file
    size_t len;        // how many
    const char *want;  // sniffed type
} sniff_case_t;

static void test_sniffing_reads_the_magic_bytes_not_the_name(void **state)
{
    HR_UNUSED(state);
    static const sniff_case_t cases[] = {
        {"%PDF-1.7\n", 9, "application/pdf"},
        {"\x89PNG\r\n\x1a\n\0\0", 10, "image/png"},
        {"\xff\xd8\xff\xe0", 4, "image/jpeg"},
        {"GIF89a", 6, "image/gif"},
        {"PK\x03\x04\x14\0", 6, "application/zip"},
        {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "application/x-ole-storage"},
        {"RIFF\0\0\0\0WAVEfmt ", 16, "audio/wav"},
        {"\0\0\0\x18"
         "ftypmp42",
         12, "video/mp4"},
        {"{\"a\": 1}", 8, "application/json"},
        {"  [1,2]", 7, "application/json"},
        {"<!DOCTYPE html><p>", 18, "text/html"},
        {"<svg onload=x>", 14, "image/svg+xml"},
        {"<?xml version", 13, "application/xml"},
        {"plain words\n", 12, "text/plain"},
        {"\xE7\xBB\xA9\xE6\x95\x88", 6, "text/plain"},
        {"\x01\x02\x03\x04", 4, "application/octet-stream"},
        {"", 0, "application/octet-stream"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        const char *got = ev_sniff((const unsigned char *)cases[i].bytes, cases[i].len);
        if (strcmp(got, cases[i].want))
            fail_msg("case %zu: got %s, want %s", i, got, cases[i].want);
    }
}

static void test_retention_counts_from_the_last_case_to_close(void **state)
{
    HR_UNUSED(state);
    int64_t t = HR_TEST_T0_MS;
    int64_t one[] = {t};
    assert_int_equal(ev_retention_due(one, NULL, 1, 730), t + 730 * HR_DAY_MS);
    int64_t two[] = {t, t + 10 * HR_DAY_MS};
    assert_int_equal(ev_retention_due(two, NULL, 2, 730), t + 740 * HR_DAY_MS);
    int64_t open[] = {t, 0};
    assert_int_equal(ev_retention_due(open, NULL, 2, 730), 0); // a case still runs: nothing is due
    assert_int_equal(ev_retention_due(NULL, NULL, 0, 730), 0);
    assert_int_equal(ev_retention_due(one, NULL, 1, 0), t);
    // A close at the end of time never wraps round to a due time in the past: it saturates.
    int64_t late[] = {INT64_MAX - 1000, t};
    assert_int_equal(ev_retention_due(late, NULL, 2, 730), INT64_MAX);
    assert_int_equal(ev_retention_due(late, NULL, 1, 36500), INT64_MAX);
    assert_int_equal(ev_retention_due(late, NULL, 1, 0), INT64_MAX - 1000);
}

// The workflow's date for keeping a case's records (LCL Art. 50 as Civil Code Arts. 201-203 count
// two years: past a last day that is a rest day or holiday) can be later than the policy's days
// from the end: the later of the two, per case, and the latest over the cases. A contract
// ending 2026-12-31 (the end of that day in Shanghai): 731 days on is 2029-01-01 00:00, but the
// workflow keeps to the end of 2029-01-09 (元旦 2029 in a year whose holiday notice is not out:
// the latest end it could give). An earlier date, none (an older workflow) or an open case
// leave the policy's count as it was.
static void test_retention_keeps_to_the_workflows_date_when_later(void **state)
{
    HR_UNUSED(state);
    int32_t end_day = 0, keep_day = 0;
    assert_true(hr_date_parse("2026-12-31", &end_day));
    assert_true(hr_date_parse("2029-01-09", &keep_day));
    int64_t end = hr_ms_of_day(end_day + 1, HR_TZ_SHANGHAI_MIN);
    int64_t keep = hr_ms_of_day(keep_day + 1, HR_TZ_SHANGHAI_MIN);
    int64_t policy = end + 731 * HR_DAY_MS;
    int32_t policy_day = hr_day_of_ms(policy - 1, HR_TZ_SHANGHAI_MIN);
    char buf[HR_DATE_LEN];
    assert_string_equal(hr_date_format(policy_day, buf), "2028-12-31"); // the 731st day
    assert_true(keep > policy);

    int64_t closed[] = {end};
    int64_t kept[] = {keep};
    assert_int_equal(ev_retention_due(closed, kept, 1, 731), keep);
    int64_t none[] = {0};
    assert_int_equal(ev_retention_due(closed, none, 1, 731), policy); // an older workflow
    assert_int_equal(ev_retention_due(closed, NULL, 1, 731), policy);
    int64_t early[] = {policy - HR_DAY_MS};
    assert_int_equal(ev_retention_due(closed, early, 1, 731), policy); // never shorter
    // Per case: a record under two cases goes at the latest of the cases' own ends.
    int64_t two[] = {end, end + 30 * HR_DAY_MS};
    int64_t two_kept[] = {keep, 0};
    assert_int_equal(ev_retention_due(two, two_kept, 2, 731), end + 761 * HR_DAY_MS);
    two_kept[1] = keep + 40 * HR_DAY_MS;
    assert_int_equal(ev_retention_due(two, two_kept, 2, 731), keep + 40 * HR_DAY_MS);
    int64_t open[] = {end, 0};
    assert_int_equal(ev_retention_due(open, two_kept, 2, 731), 0); // a case still runs

    // As taken from the workflow: none when not after the end, at most ten years after it.
    assert_int_equal(ev_keep_until_take(keep, end), keep);
    assert_int_equal(ev_keep_until_take(0, end), 0);
    assert_int_equal(ev_keep_until_take(end, end), 0);
    assert_int_equal(ev_keep_until_take(-5, end), 0);
    assert_int_equal(ev_keep_until_take(INT64_MAX, end), end + EV_KEEP_AFTER_END_MAX_MS);
}

// What a hand close may be: from 2000 on, at most a day ahead, not before the case began; the
// refusal names the value and what was expected, and a value that reads as seconds says so with
// the milliseconds meant.
static void test_a_close_time_that_cannot_be_a_close_is_said_why(void **state)
{
    HR_UNUSED(state);
    int64_t now = HR_TEST_T0_MS, began = HR_TEST_T0_MS - 30 * HR_DAY_MS;
    char buf[EV_CLOSE_WHY_LEN];
    static const struct {
        int64_t at;
        const char *said; // NULL: a close
    } cases[] = {
        {HR_TEST_T0_MS, NULL},
        {HR_TEST_T0_MS + HR_DAY_MS, NULL},
        {HR_TEST_T0_MS - 30 * HR_DAY_MS, NULL},
        {HR_TEST_T0_MS + HR_DAY_MS + 1, "is more than a day from now"},
        {HR_TEST_T0_MS - 30 * HR_DAY_MS - 1, "is before the case opened (2025-02-01T"},
        {HR_TEST_T0_MS / 1000, "1740992400 is 1970-01-21T03:36:32.400Z in milliseconds - "
                               "seconds, it seems (2025-03-03 as seconds); a close time is in "
                               "milliseconds since 1970 (UTC): 1740992400000"},
        {EV_CLOSE_MIN_MS / 1000, "seconds, it seems (2000-01-01 as seconds)"},
        {EV_CLOSE_MIN_MS / 1000 - 1, "from 2000-01-01 on"},
        {1, "1 is 1970-01-01T00:00:00.001Z, no close time: one is in milliseconds since 1970 "
            "(UTC), from 2000-01-01 on"},
        {EV_CLOSE_MIN_MS - 1, "no close time"},
        {-5, "-5 must not be negative"},
        {INT64_MAX, "more than a day from now"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        const char *why = ev_close_why(cases[i].at, now, began, "opened", buf, sizeof buf);
        if (!cases[i].said != !why || (why && !strstr(why, cases[i].said)))
            fail_msg("closed_ms %lld: \"%s\", not \"%s\"", (long long)cases[i].at,
                     why ? why : "(a close)", cases[i].said ? cases[i].said : "(a close)");
    }
    // When the case's beginning is not known, any time from 2000 on that is not ahead closes.
    assert_null(ev_close_why(EV_CLOSE_MIN_MS, now, 0, "opened", buf, sizeof buf));
}

// hr, legal and operator as the workflow's directory gives them (ev_auth_is_custodian): without
// a workflow peer the roles claimed; with one, hr and legal only when the person's entry holds
// them, operator never for a person and only for a user the directory does not know (hrctl).
static void test_custodian_roles_count_as_the_directory_gives_them(void **state)
{
    HR_UNUSED(state);
    char *hr_roles[] = {"hr", "manager"};
    char *legal_roles[] = {"legal"};
    char *plain_roles[] = {"employee"};
    Hr__Evidence__Person hr = HR__EVIDENCE__PERSON__INIT, legal = HR__EVIDENCE__PERSON__INIT,
                         plain = HR__EVIDENCE__PERSON__INIT;
    hr.employee_no = "E0003", hr.roles = hr_roles, hr.n_roles = 2;
    legal.employee_no = "E0006", legal.roles = legal_roles, legal.n_roles = 1;
    plain.employee_no = "E0120", plain.roles = plain_roles, plain.n_roles = 1;
    static const struct {
        const char *claim;            // the one role claimed
        int who;                      // 0 hr, 1 legal, 2 plain, 3 unknown to the directory
        bool without, with_directory; // custodian without a workflow peer, with one
    } cases[] = {
        {"hr", 0, true, true},        {"legal", 0, true, false},     {"operator", 0, true, false},
        {"hr", 1, true, false},       {"legal", 1, true, true},      {"hr", 2, true, false},
        {"legal", 2, true, false},    {"operator", 2, true, false},  {"manager", 0, false, false},
        {"hr_head", 0, false, false}, {"operator", 3, true, true},   {"hr", 3, true, false},
        {"legal", 3, true, false},    {"employee", 3, false, false},
    };
    const Hr__Evidence__Person *people[] = {&hr, &legal, &plain, NULL};
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        char *roles[] = {(char *)cases[i].claim};
        Hr__Actor a = HR__ACTOR__INIT;
        a.user_id = cases[i].who < 3 ? people[cases[i].who]->employee_no : "operator";
        a.roles = roles;
        a.n_roles = 1;
        bool got = ev_auth_is_custodian(&a, NULL, false);
        if (got != cases[i].without)
            fail_msg("case %zu (%s): without a directory %d", i, cases[i].claim, got);
        got = ev_auth_is_custodian(&a, people[cases[i].who], true);
        if (got != cases[i].with_directory)
            fail_msg("case %zu (%s): with the directory %d", i, cases[i].claim, got);
    }
    // Several claimed: what the directory confirms of them counts.
    char *both[] = {"operator", "legal", "hr"};
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = "E0006", a.roles = both, a.n_roles = 3;
    assert_true(ev_auth_is_custodian(&a, &legal, true));
    assert_false(ev_auth_is_custodian(&a, &plain, true));
    a.n_roles = 0;
    assert_false(ev_auth_is_custodian(&a, &hr, true));
    assert_false(ev_auth_is_custodian(&a, NULL, false));
}

// Legal uploads its own work only (other: memos, arbitration and court papers; agreement: a
// settlement it drafted), and the refusal names those kinds; every other kind is the employer's
// record, collected by the manager and HR.
static void test_legal_uploads_only_other_and_agreement(void **state)
{
    HR_UNUSED(state);
    size_t allowed = 0;
    for (size_t i = 0; ev_kinds[i]; i++) {
        bool legal = ev_kind_is_legal_upload(ev_kinds[i]);
        const char *why = ev_kind_legal_refusal(ev_kinds[i]);
        assert_true(legal == !why);
        allowed += legal;
        if (why) {
            assert_non_null(strstr(why, "legal uploads only other"));
            assert_non_null(strstr(why, "agreement"));
        }
    }
    assert_int_equal(allowed, 2);
    assert_true(ev_kind_is_legal_upload("other"));
    assert_true(ev_kind_is_legal_upload("agreement"));
    assert_false(ev_kind_is_legal_upload("performance_report"));
    assert_false(ev_kind_is_legal_upload("notice_letter"));
    assert_false(ev_kind_is_legal_upload("Other"));
    assert_false(ev_kind_is_legal_upload(""));
    assert_false(ev_kind_is_legal_upload(NULL));
}

// Who uploads as legal (ev_auth_is_legal_only): a custodian by the legal role alone, as the
// directory gives it. HR or the operator beside it lifts the limit; a claimed legal role the
// directory does not give is no legal role (nor custodian: s_may_put decides that person).
static void test_legal_alone_is_legal_as_the_directory_gives_it(void **state)
{
    HR_UNUSED(state);
    char *legal_roles[] = {"legal"}, *both_roles[] = {"legal", "hr"}, *plain_roles[] = {"employee"};
    Hr__Evidence__Person legal = HR__EVIDENCE__PERSON__INIT, both = HR__EVIDENCE__PERSON__INIT,
                         plain = HR__EVIDENCE__PERSON__INIT;
    legal.employee_no = "E0006", legal.roles = legal_roles, legal.n_roles = 1;
    both.employee_no = "E0007", both.roles = both_roles, both.n_roles = 2;
    plain.employee_no = "E0120", plain.roles = plain_roles, plain.n_roles = 1;
    char *claim_legal[] = {"legal"}, *claim_both[] = {"legal", "hr"};
    char *claim_op[] = {"legal", "operator"}, *claim_mgr[] = {"legal", "manager"};
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = "E0006", a.roles = claim_legal, a.n_roles = 1;
    assert_true(ev_auth_is_legal_only(&a, &legal, true));
    assert_true(ev_auth_is_legal_only(&a, NULL, false));
    assert_false(ev_auth_is_legal_only(&a, &plain, true)); // not legal: an employee
    assert_false(ev_auth_is_legal_only(&a, NULL, true));   // unknown to the directory
    a.roles = claim_mgr, a.n_roles = 2;
    assert_true(ev_auth_is_legal_only(&a, &legal, true));
    a.user_id = "E0007", a.roles = claim_both, a.n_roles = 2;
    assert_false(ev_auth_is_legal_only(&a, &both, true)); // HR as well: HR's rights
    assert_false(ev_auth_is_legal_only(&a, NULL, false));
    assert_true(ev_auth_is_legal_only(&a, &legal, true)); // hr claimed, not given
    a.roles = claim_op;
    assert_true(ev_auth_is_legal_only(&a, &both, true)); // a person is never the operator
    assert_false(ev_auth_is_legal_only(&a, NULL, false));
    a.user_id = "operator";
    assert_false(ev_auth_is_legal_only(&a, NULL, true));
    a.n_roles = 0;
    assert_false(ev_auth_is_legal_only(&a, &legal, true));
}

// The configuration deployed (deploy/config, which the image copies to /etc/hr) gives
// hr-evidence its workflow peer, so roles there are the directory's, never as claimed:
// peers/workflow, or bus/endpoint of workflow.cfg beside evidence.cfg (hr_daemon_peer_endpoint).
static void test_the_deployed_config_has_the_workflow_peer(void **state)
{
    HR_UNUSED(state);
    char *path = hr_test_source_path("deploy/config/evidence.cfg");
    char *err = NULL;
    hr_config_t *ev = hr_config_load(path, &err);
    assert_non_null(ev);
    const char *peer = hr_config_file_str(ev, "peers/workflow");
    hr_config_t *wf = NULL;
    if (!peer || !*peer) {
        char *wf_path = hr_test_source_path("deploy/config/workflow.cfg");
        wf = hr_config_load(wf_path, &err);
        assert_non_null(wf);
        peer = hr_config_file_str(wf, "bus/endpoint");
        hr_free(wf_path);
    }
    assert_non_null(peer);
    assert_true(*peer);
    hr_config_destroy(&wf);
    hr_config_destroy(&ev);
    hr_free(path);
}

// The company tells a case's employee of the case at the interview held, or - on a path without
// one - when the outcome is recorded; a close with an outcome as well; a withdrawal, another
// stage or another event never. Before, the employee reads only what they are shown to sign.
static void test_the_employee_is_told_at_the_interview_or_the_outcome(void **state)
{
    HR_UNUSED(state);
    assert_string_equal(ev_told_by("workflow.StepCompleted", "interview"), "the interview held");
    assert_string_equal(ev_told_by("workflow.StepCompleted", "outcome"), "the outcome recorded");
    static const char *const before[] = {"request", "hr_review",   "superior_approval", "prepare",
                                         "close",   "certificate", "transfer",          "retention",
                                         "",        "Interview"};
    for (size_t i = 0; i < HR_ARRAY_LEN(before); i++)
        if (ev_told_by("workflow.StepCompleted", before[i]))
            fail_msg("step '%s' tells the employee", before[i]);
    assert_non_null(ev_told_by("workflow.CaseClosed", "notice_served"));
    assert_non_null(ev_told_by("workflow.CaseClosed", "agreement_signed"));
    assert_non_null(ev_told_by("workflow.CaseClosed", "rescinded"));
    assert_null(ev_told_by("workflow.CaseClosed", "withdrawn"));
    assert_null(ev_told_by("workflow.CaseClosed", ""));
    assert_null(ev_told_by("workflow.CaseOpened", "interview"));
    assert_null(ev_told_by("workflow.CaseReassigned", "outcome"));
    assert_null(ev_told_by(NULL, "interview"));
    assert_null(ev_told_by("workflow.StepCompleted", NULL));
    // What they are shown to sign before: the record of a feedback talk held with them only.
    for (int k = 0; ev_kinds[k]; k++)
        assert_int_equal(ev_kind_employee_signs(ev_kinds[k]),
                         !strcmp(ev_kinds[k], "feedback_talk_record"));
    assert_false(ev_kind_employee_signs(NULL));
    assert_false(ev_kind_employee_signs("gossip"));
}

// A sensitive record (health, PIPL Art. 28): its content to custodians and the employee it
// concerns; its uploader (a manager) keeps its metadata; the case's other people (the manager
// who did not upload it, the superiors) see that it exists - id, kind, date - and no more. A
// record not marked gives everyone who knows of it everything, as before.
static void test_a_sensitive_record_is_read_by_hr_legal_and_its_employee_alone(void **state)
{
    HR_UNUSED(state);
    static const struct {
        bool sensitive, custodian, concerned, uploaded;
        ev_reads_t want;
    } rows[] = {
        {false, false, false, false, EV_READS_CONTENT},  // a superior, a plain record
        {true, true, false, false, EV_READS_CONTENT},    // HR or legal
        {true, false, true, false, EV_READS_CONTENT},    // the employee it concerns
        {true, false, true, true, EV_READS_CONTENT},     // ... who uploaded it themselves
        {true, false, false, true, EV_READS_METADATA},   // the manager who uploaded it
        {true, false, false, false, EV_READS_EXISTENCE}, // a superior, the manager otherwise
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        assert_int_equal(ev_sensitive_reads(rows[i].sensitive, rows[i].custodian, rows[i].concerned,
                                            rows[i].uploaded),
                         rows[i].want);

    Hr__Evidence__Signature sig = HR__EVIDENCE__SIGNATURE__INIT;
    Hr__Evidence__Signature *sigs[] = {&sig};
    char *also[] = {"E0102"};
    Hr__Evidence__Evidence e = HR__EVIDENCE__EVIDENCE__INIT;
    e.id = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    e.kind = "other";
    e.uploader = "E0101";
    e.uploaded_ms = 1764288000000;
    e.file_name = "病假证明-赵敏.pdf";
    e.media_type = "application/pdf";
    e.size = 1234;
    e.signatures = sigs;
    e.n_signatures = 1;
    e.also_uploaded_by = also;
    e.n_also_uploaded_by = 1;
    e.sensitive = true;
    e.sensitive_by = "E0003";
    Hr__Evidence__Evidence m = e;
    ev_sensitive_trim(&m, EV_READS_CONTENT);
    assert_false(m.content_withheld);
    assert_string_equal(m.file_name, e.file_name);
    ev_sensitive_trim(&m, EV_READS_METADATA);
    assert_true(m.content_withheld);
    assert_string_equal(m.file_name, e.file_name);
    assert_int_equal(m.size, 1234);
    m = e;
    ev_sensitive_trim(&m, EV_READS_EXISTENCE);
    assert_true(m.content_withheld);
    assert_string_equal(m.id, e.id);
    assert_string_equal(m.kind, "other");
    assert_int_equal(m.uploaded_ms, 1764288000000);
    assert_string_equal(m.file_name, "");
    assert_string_equal(m.media_type, "");
    assert_int_equal(m.size, 0);
    assert_int_equal(m.n_signatures, 0);
    assert_string_equal(m.uploader, "");
    assert_int_equal(m.n_also_uploaded_by, 0);
    assert_string_equal(m.sensitive_by, "");

    // No kind is health by nature (DESIGN.md section 3): none is sensitive by default, and a
    // deployment names one that is in access/sensitive_kinds.
    bool kinds[EV_KIND_COUNT];
    char *bad = NULL;
    assert_int_equal(ev_employee_kinds_parse(EV_SENSITIVE_KINDS_DEFAULT, kinds, &bad), 0);
    for (int k = 0; k < EV_KIND_COUNT; k++)
        assert_false(kinds[k]);
    assert_int_equal(ev_employee_kinds_parse("medical_certificate", kinds, &bad), -1);
    assert_string_equal(bad, "medical_certificate");
    hr_free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_design_kind_is_known_and_others_are_not),
        cmocka_unit_test(test_facts_snapshots_are_made_never_uploaded),
        cmocka_unit_test(test_employee_kinds_parse_names_and_refuse_unknown_ones),
        cmocka_unit_test(test_hostile_names_become_harmless_metadata),
        cmocka_unit_test(test_long_names_are_cut_at_255_bytes_on_a_character_boundary),
        cmocka_unit_test(test_declared_media_types_are_kept_only_when_well_formed),
        cmocka_unit_test(test_sniffing_reads_the_magic_bytes_not_the_name),
        cmocka_unit_test(test_retention_counts_from_the_last_case_to_close),
        cmocka_unit_test(test_retention_keeps_to_the_workflows_date_when_later),
        cmocka_unit_test(test_a_close_time_that_cannot_be_a_close_is_said_why),
        cmocka_unit_test(test_custodian_roles_count_as_the_directory_gives_them),
        cmocka_unit_test(test_legal_uploads_only_other_and_agreement),
        cmocka_unit_test(test_legal_alone_is_legal_as_the_directory_gives_it),
        cmocka_unit_test(test_the_deployed_config_has_the_workflow_peer),
        cmocka_unit_test(test_the_employee_is_told_at_the_interview_or_the_outcome),
        cmocka_unit_test(test_a_sensitive_record_is_read_by_hr_legal_and_its_employee_alone),
    };
    return cmocka_run_group_tests_name("unit.evidence.policy", tests, NULL, NULL);
}
