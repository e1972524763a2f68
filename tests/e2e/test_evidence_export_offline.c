/*  e2e.evidence_export_offline - the real hr-workflow, hr-evidence and hrctl: an export an
 *  arbitrator checks on their own, without the system (the audit of a case file exported for a
 *  hearing).
 *
 *  E0117's A39_1 case taken to its close, a feedback talk record put and signed by E0117, and a
 *  record of another case put between them. `hrctl evidence export` writes SHA256SUMS over every
 *  file, which `sha256sum -c SHA256SUMS` and the export's verify.py pass; then, as the auditor
 *  did: a document deleted from files/ is reported missing by both; the employee's `sign` entry
 *  removed from audit.jsonl (SHA256SUMS made anew to match) breaks the audit chain verify.py
 *  follows through the other case's entry, shown as a stub of seq and hashes alone; the readable
 *  case versions sit outside the hashed journal, in case-versions.json, whose edit is caught.
 *  The times people read are in the company's zone beside UTC, the evidence service's close is
 *  said to be the retention start, and the Chinese evidence index and timeline are there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <unistd.h>

#include "evidence.pb-c.h"
#include "hr_test.h"
#include "workflow_util.h"

#define PYTHON_BIN "/usr/bin/python3"
#define SHA256SUM_BIN "/usr/bin/sha256sum"
#define OTHER_CASE "01JN0000000000000000000XYZ"
#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define TALK "Feedback talk with E0117 on 2026-11-20: the conditions of hiring not met.\n"
#define OTHER "A record of another employee's case, none of the arbitrator's business.\n"

#define OPENSSL_BIN "/usr/bin/openssl"
// README.txt's check of export.sig, the digest kept outside the export's directory.
#define OPENSSL_VERIFY                                                                             \
    OPENSSL_BIN " dgst -sha256 -binary manifest.json > ../manifest.sha256 && " OPENSSL_BIN         \
                " pkeyutl -verify -pubin -inkey service-key.pub -rawin -in ../manifest.sha256 "    \
                "-sigfile export.sig"
#define ANCHOR_ZH "本文书生成时本案记录摘要值（SHA-256）："
// What a forger with the server's disk does to case-journal.jsonl: the first entry's note
// changed, its hash and every later linked one recomputed as the workflow would.
#define REWRITE_PY                                                                                 \
    "import hashlib, json, struct\n"                                                               \
    "s = lambda t: struct.pack('>I', len(t.encode())) + t.encode()\n"                              \
    "lines = [json.loads(l) for l in open('case-journal.jsonl') if l.strip()]\n"                   \
    "lines[0]['note'] = 'rewritten'\n"                                                             \
    "moved = {}\n"                                                                                 \
    "for e in lines[:-1]:\n"                                                                       \
    "    e['prev_hash'] = moved.get(e['prev_hash'], e['prev_hash'])\n"                             \
    "    b = s('hr.workflow.case_journal.v1') + struct.pack('>Qq', e['seq'], e['at_ms'])\n"        \
    "    for k in ('case_id', 'actor', 'msg_id', 'request', 'note'):\n"                            \
    "        b += s(e[k])\n"                                                                       \
    "    b += bytes.fromhex(e['case_sha256']) + bytes.fromhex(e['prev_hash'])\n"                   \
    "    h = hashlib.sha256(b).hexdigest()\n"                                                      \
    "    moved[e['hash']] = h\n"                                                                   \
    "    e['hash'] = h\n"                                                                          \
    "jh = lines[-1]['journal_head']\n"                                                             \
    "jh['hash'] = moved.get(jh['hash'], jh['hash'])\n"                                             \
    "open('case-journal.jsonl', 'w').write(''.join(json.dumps(l) + '\\n' for l in lines))\n"

// Runs cmd with /bin/sh in dir: its exit code, its stdout and stderr into *out (owned).
static int s_sh(const char *dir, const char *cmd, char **out)
{
    char *line = hr_strfmt("cd '%s' && %s 2>&1", dir, cmd);
    char *const argv[] = {"/bin/sh", "-c", line, NULL};
    char *err = NULL;
    int rc = hr_test_run(argv, out, &err);
    fprintf(stderr, "%s: exit %d\n%s%s", cmd, rc, *out ? *out : "", err ? err : "");
    hr_free(err);
    hr_free(line);
    return rc;
}

static char *s_read(const char *dir, const char *name)
{
    char *path = hr_strfmt("%s/%s", dir, name);
    char *text = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_non_null(text);
    return text;
}

static void s_write(const char *dir, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", dir, name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    hr_free(path);
}

// SHA256SUMS made anew for the files as they stand: what a forger would do after an edit.
static void s_resum(const char *dir)
{
    char *out = NULL;
    assert_int_equal(s_sh(dir,
                          "cut -c67- SHA256SUMS > ../names && xargs -d '\\n' " SHA256SUM_BIN
                          " < ../names > SHA256SUMS.new && mv SHA256SUMS.new SHA256SUMS",
                          &out),
                     0);
    hr_free(out);
}

static void test_an_export_checks_out_offline_and_a_cut_is_caught(void **state)
{
    HR_UNUSED(state);
    if (access(PYTHON_BIN, X_OK) || access(SHA256SUM_BIN, X_OK) || access(OPENSSL_BIN, X_OK)) {
        fprintf(stderr, "skipped: %s, %s or %s not found\n", PYTHON_BIN, SHA256SUM_BIN,
                OPENSSL_BIN);
        return;
    }
    // The closing documents' templates and the company: the certificate is stored in full.
    e2e_t *c = wfe_new("ev-export-offline");
    wfe_config_documents(c);
    e2e_config(c, "workflow", "company/name", "示例科技有限公司");
    e2e_config(c, "workflow", "company/address", "上海市浦东新区示例路 100 号");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    wfe_config_evidence(c);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    static const char *const sha[4] = {SHA1, SHA2, SHA3, SHA4};
    char *id = wfe_a39_1_at_close(c, sha, "2026-12-31", arena);
    char *rec = wfe_put_talk(c, id, TALK, arena);
    // Another case's entry between the record's put and its signature.
    char *other = hr_strfmt("%s/other.txt", e2e_dir(c));
    assert_int_equal(hr_test_write_file(other, OTHER, strlen(OTHER)), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err,
                               (const char *[]){"evidence", "put", other, "--case", OTHER_CASE,
                                                "--kind", "other", NULL}),
                     0);
    hr_free(out);
    hr_free(err);
    wfe_sign(c, "E0117", rec, arena);
    // HR stores the certificate it gives the employee: it closes with the case's record digest.
    out = err = NULL;
    assert_int_equal(
        e2e_hrctl(c, &out, &err,
                  (const char *[]){"case", "document", id, "certificate", "--store", NULL}),
        0);
    const char *said = strstr(err, "evidence ");
    assert_non_null(said);
    char *cert = hr_arena_fmt(arena, "%.64s", said + 9);
    const char *label = strstr(out, ANCHOR_ZH);
    assert_non_null(label);
    char *anchor = hr_arena_fmt(arena, "%.32s", label + strlen(ANCHOR_ZH));
    hr_free(out);
    hr_free(err);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_expect(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena, HR_OK);
    // hr-evidence learns the close from the workflow's event log: the record's retention is
    // dated once it has (as e2e.evidence_keep waits for it).
    Hr__Evidence__StatRequest st = HR__EVIDENCE__STAT_REQUEST__INIT;
    st.id = rec;
    Hr__Evidence__StatReply *sr = NULL;
    for (int i = 0; i < 200 && (!sr || !sr->evidence->due_ms); i++) {
        if (sr)
            zclock_sleep(50);
        assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.Stat", &st.base,
                                     &hr__evidence__stat_reply__descriptor, arena, (void **)&sr),
                         HR_OK);
    }
    assert_true(sr->evidence->due_ms > 0);

    char *dir = hr_strfmt("%s/export", e2e_dir(c));
    out = err = NULL;
    int rc =
        e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "export", "--case", id, dir, NULL});
    if (rc)
        fprintf(stderr, "export: %s%s\n", out, err);
    assert_int_equal(rc, 0);
    hr_free(out);
    hr_free(err);

    // 1. SHA256SUMS lists every file; sha256sum and verify.py pass; README.txt says so first.
    char *sums = s_read(dir, "SHA256SUMS");
    const char *const listed[] = {
        "  manifest.json\n",         "  audit.jsonl\n",         "  case-journal.jsonl\n",
        "  case-versions.json\n",    "  README.txt\n",          "  verify.py\n",
        "  evidence-index.zh.txt\n", "  case-timeline.zh.txt\n"};
    for (size_t i = 0; i < HR_ARRAY_LEN(listed); i++)
        wfe_has("SHA256SUMS", sums, listed[i]);
    wfe_has("SHA256SUMS", sums, hr_arena_fmt(arena, "  files/%s\n", rec));
    wfe_has("SHA256SUMS", sums, hr_arena_fmt(arena, "  signatures/%s-1/sig.bin\n", rec));
    assert_int_equal(s_sh(dir, SHA256SUM_BIN " -c SHA256SUMS", &out), 0);
    hr_free(out);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 0);
    wfe_has("verify.py", out, "OK: ");
    // The certificate's printed digest is a journal entry's hash, and verify.py says which.
    wfe_has("verify.py", out,
            hr_arena_fmt(arena, "OK: files/%s states case record digest %s: case journal entry ",
                         cert, anchor));
    hr_free(out);
    char *readme = s_read(dir, "README.txt");
    const char *check = strstr(readme, "     sha256sum -c SHA256SUMS\n     python3 verify.py\n");
    assert_non_null(check);
    assert_true(check < strstr(readme, "2. ")); // the first thing said
    wfe_has("README.txt", readme, "case-versions.json");

    // A document deleted from files/: both report it missing.
    char *doc = s_read(dir, hr_arena_fmt(arena, "files/%s", rec));
    assert_int_equal(unlink(hr_arena_fmt(arena, "%s/files/%s", dir, rec)), 0);
    assert_int_not_equal(s_sh(dir, SHA256SUM_BIN " -c SHA256SUMS", &out), 0);
    wfe_has("sha256sum -c", out, hr_arena_fmt(arena, "files/%s: FAILED open or read", rec));
    hr_free(out);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 1);
    wfe_has("verify.py", out, hr_arena_fmt(arena, "文件缺失: files/%s", rec));
    wfe_has("verify.py", out, hr_arena_fmt(arena, "missing file: files/%s", rec));
    hr_free(out);
    s_write(dir, hr_arena_fmt(arena, "files/%s", rec), doc);
    hr_free(doc);

    // 2. The audit extract runs without a gap; the other case's entry is a stub of seq and
    // hashes alone, nothing of it leaks.
    char *audit = s_read(dir, "audit.jsonl");
    assert_null(strstr(audit, OTHER_CASE));
    size_t stubs = 0, lines = 0;
    json_int_t prev = 0, sign_seq = 0;
    for (char *p = audit; *p;) {
        char *nl = strchr(p, '\n');
        assert_non_null(nl);
        json_t *o = json_loadb(p, (size_t)(nl - p), 0, NULL);
        assert_non_null(o);
        if (!json_object_get(o, "chain_head")) {
            json_int_t seq = json_integer_value(json_object_get(o, "seq"));
            if (prev)
                assert_int_equal(seq, prev + 1);
            prev = seq;
            if (!json_object_get(o, "action")) {
                assert_int_equal(json_object_size(o), 3); // seq, prev_hash, hash
                assert_non_null(json_object_get(o, "prev_hash"));
                assert_non_null(json_object_get(o, "hash"));
                stubs++;
            } else if (!strcmp(json_string_value(json_object_get(o, "action")), "sign")) {
                sign_seq = seq;
                wfe_has("the sign entry's local time",
                        json_string_value(json_object_get(o, "time_local")), " UTC+08:00");
            }
        }
        lines++;
        json_decref(o);
        p = nl + 1;
    }
    assert_true(stubs >= 1);
    assert_true(sign_seq > 0);
    // The employee's sign entry cut out, SHA256SUMS made to match: the chain breaks there.
    char *cut = hr_strdup(audit);
    char *line = strstr(cut, hr_arena_fmt(arena, "{\"seq\":%lld,", (long long)sign_seq));
    assert_non_null(line);
    char *end = strchr(line, '\n') + 1;
    memmove(line, end, strlen(end) + 1);
    s_write(dir, "audit.jsonl", cut);
    s_resum(dir);
    assert_int_equal(s_sh(dir, SHA256SUM_BIN " -c SHA256SUMS", &out), 0); // sha256sum alone: fine
    hr_free(out);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 1);
    wfe_has("verify.py", out,
            hr_arena_fmt(arena, "audit entries missing: %lld is followed by %lld",
                         (long long)sign_seq - 1, (long long)sign_seq + 1));
    wfe_has("verify.py", out, "审计记录缺失");
    hr_free(out);
    s_write(dir, "audit.jsonl", audit);
    s_resum(dir);
    hr_free(cut);
    hr_free(audit);

    // 3. The journal's lines hold the hashed bytes, not a readable copy; the readable versions
    // are in case-versions.json, which an edit does not pass.
    char *journal = s_read(dir, "case-journal.jsonl");
    assert_null(strstr(journal, "\"case\":"));
    hr_free(journal);
    char *versions = s_read(dir, "case-versions.json");
    wfe_has("case-versions.json", versions, "\"interview\"");
    wfe_has("case-versions.json", versions, "authoritative");
    char *edited = hr_strdup(versions);
    char *t = strstr(edited, "\"time\": \"10:00\"");
    assert_non_null(t);
    memcpy(t + 9, "15", 2);
    s_write(dir, "case-versions.json", edited);
    assert_int_not_equal(s_sh(dir, SHA256SUM_BIN " -c SHA256SUMS", &out), 0);
    wfe_has("sha256sum -c", out, "case-versions.json: FAILED");
    hr_free(out);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 1);
    wfe_has("verify.py", out, "file does not match SHA256SUMS: case-versions.json");
    hr_free(out);
    s_write(dir, "case-versions.json", versions);
    hr_free(edited);
    hr_free(versions);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 0);
    hr_free(out);

    // A journal rewritten from its first entry on, every hash made anew and SHA256SUMS to
    // match: each entry recomputes, but the certificate the employee holds names an entry that
    // is no longer there.
    char *journal_kept = s_read(dir, "case-journal.jsonl");
    s_write(e2e_dir(c), "rewrite.py", REWRITE_PY);
    assert_int_equal(s_sh(dir, PYTHON_BIN " ../rewrite.py", &out), 0);
    hr_free(out);
    s_resum(dir);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 1);
    wfe_has("verify.py", out,
            hr_arena_fmt(arena,
                         "files/%s states case record digest %s, the hash of no case journal "
                         "entry (journal rewritten?)",
                         cert, anchor));
    wfe_has("verify.py", out, "不是案件日志中任何一条的 hash");
    hr_free(out);
    s_write(dir, "case-journal.jsonl", journal_kept);
    s_resum(dir);
    hr_free(journal_kept);
    assert_int_equal(s_sh(dir, PYTHON_BIN " verify.py", &out), 0);
    hr_free(out);

    // The export is signed by hr-evidence's service key: openssl checks it as README.txt says,
    // and a manifest with one byte changed fails; the key's fingerprint is the one hrctl gives.
    wfe_has("SHA256SUMS", sums, "  export.sig\n");
    wfe_has("SHA256SUMS", sums, "  service-key.pub\n");
    wfe_has("README.txt", readme, "openssl pkeyutl -verify -pubin -inkey service-key.pub -rawin");
    assert_int_equal(s_sh(dir, OPENSSL_VERIFY, &out), 0);
    wfe_has("openssl pkeyutl -verify", out, "Signature Verified Successfully");
    hr_free(out);
    char *manifest = s_read(dir, "manifest.json");
    char *flipped = hr_strdup(manifest);
    char *at = strstr(flipped, "\"exporter\"");
    assert_non_null(at);
    at[1] = 'E'; // one byte
    s_write(dir, "manifest.json", flipped);
    assert_int_not_equal(s_sh(dir, OPENSSL_VERIFY, &out), 0);
    assert_null(strstr(out, "Signature Verified Successfully"));
    hr_free(out);
    s_write(dir, "manifest.json", manifest);
    hr_free(flipped);
    hr_free(manifest);
    out = err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "service-key", NULL}),
                     0);
    const char *fp_at = strstr(out, "(SHA-256): ");
    assert_non_null(fp_at);
    char *fp = hr_arena_fmt(arena, "%.64s", fp_at + strlen("(SHA-256): "));
    hr_free(out);
    hr_free(err);
    wfe_has("README.txt", readme, fp);
    assert_int_equal(s_sh(dir,
                          OPENSSL_BIN " pkey -pubin -in service-key.pub -outform DER | " OPENSSL_BIN
                                      " dgst -sha256",
                          &out),
                     0);
    wfe_has("openssl dgst of the key", out, fp);
    hr_free(out);

    // 4. The evidence service's close is the retention start, said so, in local time too.
    json_t *m = json_load_file(hr_arena_fmt(arena, "%s/manifest.json", dir), 0, NULL);
    assert_non_null(m);
    const json_t *holds = json_object_get(m, "case_holds");
    wfe_has("closed_means", json_string_value(json_object_get(holds, "closed_means")),
            "retention start");
    // The contract's last day 2026-12-31 ends at 2027-01-01 00:00 in Shanghai.
    assert_string_equal(json_string_value(json_object_get(holds, "closed_at")),
                        "2026-12-31T16:00:00.000Z");
    assert_string_equal(json_string_value(json_object_get(holds, "closed_at_local")),
                        "2027-01-01 00:00:00 UTC+08:00");
    wfe_has("exported_at_local", json_string_value(json_object_get(m, "exported_at_local")),
            " UTC+08:00");
    json_decref(m);
    wfe_has("README.txt", readme, "case_holds.closed_ms");

    // 5. The Chinese evidence index and timeline.
    char *index = s_read(dir, "evidence-index.zh.txt");
    wfe_has("证据目录", index, "证据名称：绩效反馈面谈记录");
    wfe_has("证据目录", index, hr_arena_fmt(arena, "SHA-256：%s", rec));
    wfe_has("证据目录", index, "提交时间：2026-");
    wfe_has("证据目录", index, "E0117 签字确认");
    assert_null(strstr(index, OTHER_CASE));
    char *timeline = s_read(dir, "case-timeline.zh.txt");
    wfe_has("案件经过", timeline, "人事审核");
    wfe_has("案件经过", timeline, "面谈（地点：");
    wfe_has("案件经过", timeline, "劳动合同解除生效");
    wfe_has("案件经过", timeline, "结案");
    hr_free(timeline);
    hr_free(index);

    hr_free(readme);
    hr_free(sums);
    hr_free(dir);
    hr_free(other);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_export_checks_out_offline_and_a_cut_is_caught),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
