/*  e2e.workflow_journal - the real hr-workflow, hr-evidence and hrctl: the case record holds up
 *  as the evidence store does.
 *
 *  E0117's A39_1 case driven through submission, HR's review and the interview's preparation
 *  (its place "Room 301"), on three records hr-evidence holds. `hrctl verify` is clean and says
 *  the case journal is; `hrctl evidence export` writes case-journal.jsonl (0600), whose every entry
 *  recomputes by the python3 recipe README.txt prints (run as printed; skipped, said so, without
 *  python3), whose last version is the case as GetCase shows it, and whose head the export's
 *  audit entry records. Then, as the reviewer did with mdb_dump/mdb_load: hr-workflow stopped,
 *  the interview's place edited in the case row's bytes with the LMDB API, hr-workflow started -
 *  the case shows the edit, and `hrctl verify` exits 1 naming the case.
 *
 *  The upgrade: a store as the version before wrote it (schema 3: no journal) gets one entry per
 *  case when hr-workflow starts on it, saying the journal started there, and verifies clean.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hr_test.h"
#include "wf.h"
#include "workflow_util.h"

#define PYTHON_BIN "/usr/bin/python3"

static const char *const s_texts[3] = {
    "Hiring conditions for E0117's post, signed 2026-09-01.\n",
    "E0117 acknowledged the probation rules on 2026-09-01.\n",
    "Probation assessment of E0117, 2026-11-20: below the conditions.\n"};

static int s_hrctl(e2e_t *c, char **out, const char *const *args)
{
    char *err = NULL;
    int rc = e2e_hrctl(c, out, &err, args);
    fprintf(stderr, "hrctl %s: exit %d\n%s%s", args[0], rc, *out ? *out : "", err ? err : "");
    hr_free(err);
    return rc;
}

// The recipe README.txt gives, between its "python3 - <<'PY'" line and "PY", run in dir: its
// output (owned), or NULL when python3 is not there.
static char *s_run_recipe(const char *dir, const char *readme)
{
    if (access(PYTHON_BIN, X_OK)) {
        fprintf(stderr, "skipped: %s not found, the recipe is not run\n", PYTHON_BIN);
        return NULL;
    }
    const char *from = strstr(readme, "python3 - <<'PY'\n");
    assert_non_null(from);
    from = strchr(from, '\n') + 1;
    const char *to = strstr(from, "     PY\n");
    assert_non_null(to);
    // The recipe is indented by five spaces in README.txt: take them off each line.
    char *script = hr_alloc((size_t)(to - from) + 1), *w = script;
    for (const char *p = from; p < to;) {
        const char *eol = strchr(p, '\n');
        size_t skip = strncmp(p, "     ", 5) ? 0 : 5;
        memcpy(w, p + skip, (size_t)(eol - p) - skip + 1);
        w += (size_t)(eol - p) - skip + 1;
        p = eol + 1;
    }
    *w = '\0';
    char *path = hr_strfmt("%s/recipe.py", dir);
    assert_int_equal(hr_test_write_file(path, script, strlen(script)), 0);
    char *cmd = hr_strfmt("cd '%s' && %s recipe.py", dir, PYTHON_BIN);
    char *const argv[] = {"/bin/sh", "-c", cmd, NULL};
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc)
        fprintf(stderr, "recipe: exit %d\n%s%s", rc, out ? out : "", err ? err : "");
    assert_int_equal(rc, 0);
    hr_free(err);
    unlink(path);
    hr_free(cmd);
    hr_free(path);
    hr_free(script);
    return out;
}

static void test_the_case_record_is_tamper_evident(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("wf-journal");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char sha[3][65];
    for (int i = 0; i < 3; i++) {
        unsigned char d[32];
        unsigned int n = 0;
        EVP_Digest(s_texts[i], strlen(s_texts[i]), d, &n, EVP_sha256(), NULL);
        for (int k = 0; k < 32; k++)
            snprintf(sha[i] + 2 * k, 3, "%02x", d[k]);
    }
    const char *const shas[3] = {sha[0], sha[1], sha[2]};
    char *id = wfe_a39_1_submitted(c, shas, arena);
    for (int i = 0; i < 3; i++)
        assert_string_equal(wfe_put_talk(c, id, s_texts[i], arena), sha[i]);
    wfe_a39_1_reviewed(c, id, shas, "e2e: the facts and reasons HR states for the notice", arena);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-12-03";
    pr.time = "10:00";
    pr.place = "Room 301";
    wfe_case_do(c, "E0002", "hr,hr_head", "workflow.PrepareCase", &pr.base, arena);

    // Untouched: clean.
    char *out = NULL;
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"verify", NULL}), 0);
    wfe_has("hrctl verify", out, "case journal: ok");
    wfe_has("hrctl verify", out, "case rows: 1 checked, 0 bad");
    hr_free(out);

    // The export holds the journal; its hashes recompute as README.txt says.
    char *dir = hr_strfmt("%s/export", e2e_dir(c));
    assert_int_equal(
        s_hrctl(c, &out, (const char *[]){"evidence", "export", "--case", id, dir, NULL}), 0);
    hr_free(out);
    char *path = hr_strfmt("%s/case-journal.jsonl", dir);
    // As private as every other file of the export: it holds every version of the case (review:
    // it was 0644).
    struct stat jst;
    assert_int_equal(stat(path, &jst), 0);
    assert_int_equal(jst.st_mode & 0777, 0600);
    char *jsonl = hr_test_read_file(path, NULL);
    assert_non_null(jsonl);
    size_t entries = 0;
    for (const char *p = jsonl; (p = strstr(p, "\"seq\":")); p++)
        entries++;
    entries--;                 // the head's line
    assert_true(entries >= 4); // opened, attached x3, submitted, reviewed, prepared ...
    wfe_has("case-journal.jsonl", jsonl, "\"request\":\"workflow.PrepareCase\"");
    wfe_has("case-journal.jsonl", jsonl, "\"actor\":\"E0002\"");
    // The readable versions are beside the hashed journal, not in it (a `case` copy there was
    // covered by no hash: an edit of it passed the recipe).
    assert_null(strstr(jsonl, "\"case\":"));
    char *rendered = hr_test_read_file(hr_arena_fmt(arena, "%s/case-versions.json", dir), NULL);
    assert_non_null(rendered);
    wfe_has("case-versions.json", rendered, "\"place\": \"Room 301\"");
    hr_free(rendered);
    char *readme = hr_test_read_file(hr_arena_fmt(arena, "%s/README.txt", dir), NULL);
    assert_non_null(readme);
    wfe_has("README.txt", readme, "hr.workflow.case_journal.v1");
    // The journal's Chinese paragraph is punctuated the Chinese way, as the rest of the README.
    wfe_has("README.txt", readme, "中文：case-journal.jsonl 保存案件记录的每一个版本（");
    char *half = hr_test_zh_halfwidth(readme);
    if (half)
        fail_msg("README.txt: half-width punctuation in Chinese: %s", half);
    char *ran = s_run_recipe(dir, readme);
    if (ran) {
        size_t ok = 0;
        for (const char *p = ran; (p = strstr(p, " OK\n")); p++)
            ok++;
        assert_null(strstr(ran, "BAD"));
        assert_int_equal(ok, entries);
        hr_free(ran);
    }
    // The export's audit entry holds the journal head the export wrote.
    const char *head = strstr(jsonl, "{\"journal_head\": {\"seq\": ");
    assert_non_null(head);
    unsigned long long head_seq =
        strtoull(head + strlen("{\"journal_head\": {\"seq\": "), NULL, 10);
    const char *hx = strstr(head, "\"hash\": \"");
    assert_non_null(hx);
    char *anchor = hr_arena_fmt(arena, "case_journal_head=%llu:%.64s", head_seq, hx + 9);
    char *audit = hr_test_read_file(hr_arena_fmt(arena, "%s/audit.jsonl", dir), NULL);
    assert_non_null(audit);
    wfe_has("audit.jsonl", audit, anchor);
    // sys.Status gives the same head (anchor + 18: "case_journal_head=" itself).
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    Hr__Sys__StatusReply *st = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, (void **)&st),
                     HR_OK);
    bool shown = false;
    for (size_t i = 0; i < st->n_extra; i++)
        shown |= !strcmp(st->extra[i], anchor);
    assert_true(shown);
    hr_free(audit);
    hr_free(readme);
    hr_free(jsonl);
    hr_free(path);

    // `hrctl case journal`: every version, who wrote it by which request and what changed.
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"case", "journal", id, NULL}), 0);
    wfe_has(
        "hrctl case journal", out,
        hr_arena_fmt(arena, "case %s: %zu versions in the workflow's case journal", id, entries));
    wfe_has("hrctl case journal", out, "(first version)");
    const char *prep = strstr(out, "workflow.PrepareCase");
    assert_non_null(prep);
    const char *eol = strchr(prep, '\n');
    char *prep_line =
        hr_arena_fmt(arena, "%.*s", (int)(eol ? eol - prep : (long)strlen(prep)), prep);
    wfe_has("the PrepareCase line", prep_line, "interview");
    hr_free(out);
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"case", "journal", id, "--json", NULL}), 0);
    json_error_t jerr;
    json_t *j = json_loads(out, 0, &jerr);
    assert_non_null(j);
    json_t *versions = json_object_get(j, "versions");
    assert_int_equal(json_array_size(versions), entries);
    json_t *last = json_array_get(versions, entries - 1);
    assert_string_equal(json_string_value(json_object_get(last, "request")),
                        "workflow.PrepareCase");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(last, "case"), "interview"), "place")),
                        "Room 301");
    json_decref(j);
    hr_free(out);
    // Only HR, legal and the operator read the journal: the employee is refused.
    assert_int_equal(
        s_hrctl(c, &out, (const char *[]){"case", "journal", id, "--as", "E0117", NULL}), 1);
    hr_free(out);

    // The tamper: the interview's place edited in the row's bytes, behind the service.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    char *wdir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    static const char *const dbs[] = {"cases", NULL};
    hr_store_t *store = hr_test_store_open_at(wdir, dbs, 64, 8); // hr-workflow's schema
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    MDB_val v;
    assert_int_equal(hr_store_get(txn, "cases", id, HR_ID_LEN, &v), HR_OK);
    char *row = hr_alloc(v.mv_size);
    memcpy(row, v.mv_data, v.mv_size);
    char *at = NULL;
    for (size_t i = 0; i + 8 <= v.mv_size && !at; i++)
        if (!memcmp(row + i, "Room 301", 8))
            at = row + i;
    assert_non_null(at);
    memcpy(at, "Room 999", 8);
    assert_int_equal(hr_store_put(txn, "cases", id, HR_ID_LEN, row, v.mv_size, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_free(row);
    hr_free(wdir);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_string_equal(wfe_get(c, id, arena)->interview->place, "Room 999"); // as reported

    assert_int_equal(s_hrctl(c, &out, (const char *[]){"verify", NULL}), 1);
    wfe_has("hrctl verify", out, hr_arena_fmt(arena, "case %s: BAD: ", id));
    wfe_has("hrctl verify", out, "edited behind the service");
    wfe_has("hrctl verify", out, "verify: FAILED");
    hr_free(out);
    // And an export of the edited case says what recomputes: the journal, not the row.
    hr_free(dir);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_an_upgraded_store_starts_its_journal(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("wf-journal-up");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"};
    char *id = wfe_a39_1_submitted(c, sha, arena);

    // The store as schema 3 left it: no journal, no head.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    char *dir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    hr_store_t *store = hr_test_store_open_at(dir, wf_store_dbs, 64, 8);
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    const char *const drop[] = {WF_DB_CASE_JOURNAL, WF_DB_JOURNAL_BY_CASE};
    for (size_t i = 0; i < HR_ARRAY_LEN(drop); i++)
        assert_int_equal(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(store, drop[i]), 0), 0);
    assert_int_equal(
        hr_store_del(txn, WF_DB_SETTINGS, WF_SETTING_JOURNAL_HEAD, strlen(WF_SETTING_JOURNAL_HEAD)),
        HR_OK);
    uint8_t v3[4];
    hr_be32_put(v3, 3);
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v3, sizeof v3, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_free(dir);
    assert_int_equal(e2e_restart(c, "workflow"), 0);

    Hr__Workflow__WorkflowVerifyRequest vreq = HR__WORKFLOW__WORKFLOW_VERIFY_REQUEST__INIT;
    Hr__Workflow__WorkflowVerifyReply *v = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.Verify", &vreq.base,
                              &hr__workflow__workflow_verify_reply__descriptor, arena, (void **)&v),
                     HR_OK);
    assert_true(v->ok);
    assert_int_equal(v->entries, 1);
    assert_int_equal(v->cases, 1);
    Hr__Workflow__CaseJournalRequest jreq = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
    jreq.case_id = id;
    Hr__Workflow__CaseJournalReply *j = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.CaseJournal", &jreq.base,
                              &hr__workflow__case_journal_reply__descriptor, arena, (void **)&j),
                     HR_OK);
    assert_int_equal(j->n_entries, 1);
    assert_string_equal(j->entries[0]->request, "upgrade");
    wfe_has("the first entry's note", j->entries[0]->note, "journal started at upgrade on ");
    wfe_has("the first entry's note", j->entries[0]->note, "cannot be proven");
    // An employee is refused the journal.
    assert_int_equal(wfe_call(c, "E0117", "employee", "workflow.CaseJournal", &jreq.base,
                              &hr__workflow__case_journal_reply__descriptor, arena, NULL),
                     HR_EDENIED);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_case_record_is_tamper_evident),
        cmocka_unit_test(test_an_upgraded_store_starts_its_journal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
