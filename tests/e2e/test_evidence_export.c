/*  e2e.evidence_export - the real hr-evidence and hrctl: `hrctl evidence export --case ID DIR`
 *  gives an arbitrator a case's evidence with what proves its integrity, checkable without this
 *  system's code.
 *
 *  Three records under a case, one signed, one held; the export as the operator. Then, from the
 *  exported directory alone: every file's SHA-256 is its name and the manifest's id; every audit
 *  entry's hash recomputes from the rule README.txt writes out (here in C, on OpenSSL's SHA-256,
 *  not the service's ev_chain), consecutive entries link, the last is the chain head; the
 *  export is audited as one `export` entry naming the case; the signature verifies with
 *  `openssl pkeyutl` as README.txt prints it (skipped, said so, without the openssl binary) and
 *  msg.bin is the BLAKE2b-256 of signed.bin; a flipped byte in an exported file, an audit entry
 *  or a signed message is caught by the same checks. An employee is refused the export and the
 *  audit extract, and a second export into the same directory is refused. The rules document is
 *  under another case too: the export names only its own case (manifest and audit.jsonl).
 *  A record under two cases, signed and read for the second: those entries are in the second
 *  case's export (each named the record's first case before), the chain recomputes. hr-evidence
 *  runs on a clock pinned far from hrctl's: the manifest and README state the export's audit
 *  entry's time; every file is 0600, every directory 0700.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <dirent.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev.h"
#include "harness.h"
#include "hr_test.h"

#define CASE_ID "01JN0000000000000000000EXP"
#define OTHER_CASE "01JN0000000000000000000XYZ" // the rules document is under it too
#define OPENSSL_BIN "/usr/bin/openssl"

static const char *const s_texts[3] = {
    "Feedback talk with E0110 on 2026-10-12: targets missed three months running.\n",
    "Complaint by a client about E0110, 2026-09-30 (names withheld).\n",
    "Sales team rules 2026, chapter 4: targets and reviews.\n"};
static const char *const s_kinds[3] = {"feedback_talk_record", "complaint_record", "rule_document"};

static char *s_put(e2e_t *c, int i)
{
    char *file = hr_strfmt("%s/record%d.txt", e2e_dir(c), i);
    assert_int_equal(hr_test_write_file(file, s_texts[i], strlen(s_texts[i])), 0);
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(
        c, &out, &err,
        (const char *[]){"evidence", "put", file, "--case", CASE_ID, "--kind", s_kinds[i], NULL});
    if (rc)
        fprintf(stderr, "evidence put: %s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(strlen(out), 65);
    out[64] = '\0';
    hr_free(err);
    hr_free(file);
    return out;
}

static int s_hrctl(e2e_t *c, const char *const *args)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc)
        fprintf(stderr, "hrctl %s %s: %s%s\n", args[0], args[1], out, err);
    hr_free(out);
    hr_free(err);
    return rc;
}

static unsigned char *s_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 4096, n = 0;
    unsigned char *buf = hr_alloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = hr_realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

// Hex SHA-256 with OpenSSL directly.
static void s_sha256(const void *data, size_t len, char hex[65])
{
    unsigned char h[32];
    unsigned int hl = 0;
    assert_int_equal(EVP_Digest(data, len, h, &hl, EVP_sha256(), NULL), 1);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
}

static void s_unhex(const char *hex, unsigned char *out, size_t n)
{
    assert_int_equal(strlen(hex), 2 * n);
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
}

// README.txt's rule, written out here: be32 length-prefixed domain, be64 seq, be64 at_ms, the
// five strings be32 length-prefixed, the raw prev_hash; SHA-256 of it all, in hex.
static void s_entry_hash(const json_t *e, char hex[65])
{
    unsigned char buf[16384];
    size_t n = 0;
    const char *strs[6] = {"hr.evidence.audit.v1", NULL, NULL, NULL, NULL, NULL};
    const char *keys[5] = {"actor", "action", "evidence_id", "case_id", "detail"};
    for (int i = 0; i < 5; i++)
        strs[i + 1] = json_string_value(json_object_get(e, keys[i]));
    uint64_t nums[2] = {(uint64_t)json_integer_value(json_object_get(e, "seq")),
                        (uint64_t)json_integer_value(json_object_get(e, "at_ms"))};
    for (int i = 0; i < 6; i++) {
        assert_non_null(strs[i]);
        size_t l = strlen(strs[i]);
        assert_true(n + 4 + l + 16 < sizeof buf);
        for (int b = 0; b < 4; b++)
            buf[n++] = (unsigned char)(l >> (24 - 8 * b));
        memcpy(buf + n, strs[i], l);
        n += l;
        if (i == 0)
            for (int k = 0; k < 2; k++)
                for (int b = 0; b < 8; b++)
                    buf[n++] = (unsigned char)(nums[k] >> (56 - 8 * b));
    }
    s_unhex(json_string_value(json_object_get(e, "prev_hash")), buf + n, 32);
    n += 32;
    s_sha256(buf, n, hex);
}

// Checks audit.jsonl: every entry's hash recomputes, consecutive entries link, the last line is
// the head. The number of entries whose hash did not recompute (0 when sound).
static int s_audit_bad(const char *path, json_t **entries_out, json_t **head_out)
{
    size_t len = 0;
    unsigned char *text = s_slurp(path, &len);
    json_t *entries = json_array();
    json_t *head = NULL;
    int bad = 0;
    char prev_hash[65] = "";
    uint64_t prev_seq = 0;
    for (char *line = (char *)text; line < (char *)text + len;) {
        char *nl = memchr(line, '\n', (size_t)((char *)text + len - line));
        assert_non_null(nl);
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)(nl - line), 0, &jerr);
        assert_non_null(o);
        line = nl + 1;
        if (json_object_get(o, "chain_head")) {
            assert_null(head); // one head, the last line
            head = json_incref(json_object_get(o, "chain_head"));
            json_decref(o);
            continue;
        }
        assert_null(head);
        const char *stored = json_string_value(json_object_get(o, "hash"));
        if (json_object_get(o, "action")) {
            char hex[65];
            s_entry_hash(o, hex);
            if (strcmp(hex, stored))
                bad++;
        } else { // another case's entry: its seq and hashes, nothing else
            assert_int_equal(json_object_size(o), 3);
        }
        uint64_t seq = (uint64_t)json_integer_value(json_object_get(o, "seq"));
        // No gap: an entry cut out breaks a link (the arbitrator's audit of the export).
        assert_true(prev_seq ? seq == prev_seq + 1 : seq > 0);
        if (prev_seq && seq == prev_seq + 1)
            assert_string_equal(json_string_value(json_object_get(o, "prev_hash")), prev_hash);
        if (seq == 1)
            assert_string_equal(json_string_value(json_object_get(o, "prev_hash")),
                                "0000000000000000000000000000000000000000000000000000000000000000");
        snprintf(prev_hash, sizeof prev_hash, "%s", stored);
        prev_seq = seq;
        json_array_append_new(entries, o);
    }
    hr_free(text);
    assert_non_null(head);
    *entries_out = entries;
    *head_out = head;
    return bad;
}

static size_t s_count(const json_t *entries, const char *action, const char *id,
                      const char *case_id)
{
    size_t n = 0, i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        const char *a = json_string_value(json_object_get(e, "action"));
        if (!a || strcmp(a, action))
            continue;
        if (id && strcmp(json_string_value(json_object_get(e, "evidence_id")), id))
            continue;
        if (case_id && strcmp(json_string_value(json_object_get(e, "case_id")), case_id))
            continue;
        n++;
    }
    return n;
}

static void s_flip(const char *path, size_t at)
{
    size_t len = 0;
    unsigned char *b = s_slurp(path, &len);
    assert_true(at < len);
    b[at] ^= 0x01;
    assert_int_equal(unlink(path), 0);
    assert_int_equal(hr_test_write_file(path, b, len), 0);
    hr_free(b);
}

// Every file the export wrote under dir is 0600 and every directory 0700 (the number of files).
static size_t s_private(const char *dir)
{
    size_t files = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char *p = hr_strfmt("%s/%s", dir, de->d_name);
        struct stat st;
        assert_int_equal(lstat(p, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            if ((st.st_mode & 0777) != 0700)
                fail_msg("%s: mode %o, not 0700", p, st.st_mode & 0777);
            files += s_private(p);
        } else {
            if ((st.st_mode & 0777) != 0600)
                fail_msg("%s: mode %o, not 0600", p, st.st_mode & 0777);
            files++;
        }
        hr_free(p);
    }
    closedir(d);
    return files;
}

static void test_an_export_checks_out_with_standard_tools_alone(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = e2e_new("evidence_export");
    // hr-evidence's clock far from this machine's (hrctl's): the export's time is the one
    // hr-evidence audits, not hrctl's (review: the manifest said a time two days before the
    // audit entry of the export, and before records' uploads).
    e2e_clock_pin(c, INT64_C(1804150800000)); // 2027-03-04T09:00Z
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    char *ids[3];
    for (int i = 0; i < 3; i++)
        ids[i] = s_put(c, i);
    // The same rules document under another case: one record, linked to both. The export of
    // CASE_ID names neither the other case nor its entries (review: the bundle named it).
    char *rules = hr_strfmt("%s/record2.txt", e2e_dir(c));
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "put", rules, "--case", OTHER_CASE,
                                                 "--kind", s_kinds[2], NULL}),
                     0);
    hr_free(rules);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "sign", ids[0], "--statement",
                                                 "I held this feedback talk", NULL}),
                     0);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "hold", "--id", ids[1], "--reason",
                                                 "arbitration pending", NULL}),
                     0);

    // An employee is refused both routes (no workflow here: roles as claimed).
    hr_arena_t *arena = hr_arena_new(0);
    hr_clock_t *clock = hr_clock_system_new();
    char *cerr = NULL;
    hr_client_t *client = hr_client_new(e2e_endpoint(c, "evidence"), clock, &cerr);
    assert_non_null(client);
    Hr__Actor emp = HR__ACTOR__INIT;
    char *roles[] = {"employee"};
    emp.user_id = "E0110";
    emp.roles = roles;
    emp.n_roles = 1;
    hr_call_opts_t opts = {.timeout_ms = 5000, .actor = &emp};
    hr_result_t res;
    Hr__Evidence__ExportRequest ex = HR__EVIDENCE__EXPORT_REQUEST__INIT;
    ex.case_id = CASE_ID;
    assert_int_equal(hr_client_call(client, "evidence.Export", &ex.base,
                                    &hr__evidence__export_reply__descriptor, arena, &opts, &res),
                     HR_EDENIED);
    zmsg_destroy(&res.frames);
    Hr__Evidence__AuditExtractRequest ax = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
    ax.case_id = CASE_ID;
    assert_int_equal(hr_client_call(client, "evidence.AuditExtract", &ax.base,
                                    &hr__evidence__audit_extract_reply__descriptor, arena, &opts,
                                    &res),
                     HR_EDENIED);
    zmsg_destroy(&res.frames);

    // The export, as the operator.
    char *dir = hr_strfmt("%s/export", e2e_dir(c));
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err,
                       (const char *[]){"evidence", "export", "--case", CASE_ID, dir, NULL});
    if (rc)
        fprintf(stderr, "export: %s%s\n", out, err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "3 record(s)"));
    hr_free(out);
    hr_free(err);
    // Not twice into the same directory.
    assert_int_not_equal(
        e2e_hrctl(c, &out, &err,
                  (const char *[]){"evidence", "export", "--case", CASE_ID, dir, NULL}),
        0);
    assert_non_null(strstr(err, "holds an export already"));
    hr_free(out);
    hr_free(err);
    // Every file private to the exporter: the bytes, signatures, manifest, audit, README.
    assert_true(s_private(dir) >= 3 + 4 + 3);

    // The extract paged two entries at a time gives the same entries as audit.jsonl (up to its
    // head: later reads may add entries).
    Hr__Actor op = HR__ACTOR__INIT;
    char *op_roles[] = {"operator"};
    op.user_id = "operator";
    op.roles = op_roles;
    op.n_roles = 1;
    opts.actor = &op;
    uint64_t paged[64];
    size_t npaged = 0;
    ax.max = 2;
    ax.stubs = true;
    for (int page = 0; page < 64; page++) {
        assert_int_equal(hr_client_call(client, "evidence.AuditExtract", &ax.base,
                                        &hr__evidence__audit_extract_reply__descriptor, arena,
                                        &opts, &res),
                         HR_OK);
        zmsg_destroy(&res.frames);
        Hr__Evidence__AuditExtractReply *rep = res.reply;
        assert_true(rep->n_entries <= 2);
        for (size_t i = 0; i < rep->n_entries && npaged < 64; i++)
            if (npaged || *rep->entries[i]->action) // from the case's first entry on
                paged[npaged++] = rep->entries[i]->seq;
        if (rep->done)
            break;
        assert_true(rep->next_after > ax.after_seq);
        ax.after_seq = rep->next_after;
    }
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);

    // 1. Every file: its SHA-256 is its name, the manifest's id and the bytes put.
    char *mpath = hr_strfmt("%s/manifest.json", dir);
    json_error_t jerr;
    json_t *m = json_load_file(mpath, 0, &jerr);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_object_get(m, "case_id")), CASE_ID);
    assert_string_equal(json_string_value(json_object_get(m, "exporter")), "operator");
    json_t *records = json_object_get(m, "records");
    assert_int_equal(json_array_size(records), 3);
    json_t *signature = NULL;
    for (int i = 0; i < 3; i++) {
        json_t *r = NULL;
        size_t k;
        json_t *x;
        json_array_foreach(
            records, k, x) if (!strcmp(json_string_value(json_object_get(x, "id")), ids[i])) r = x;
        assert_non_null(r);
        assert_string_equal(json_string_value(json_object_get(r, "kind")), s_kinds[i]);
        char name[32];
        snprintf(name, sizeof name, "record%d.txt", i);
        assert_string_equal(json_string_value(json_object_get(r, "original_name")), name);
        assert_string_equal(json_string_value(json_object_get(r, "uploader")), "operator");
        assert_int_equal(json_integer_value(json_object_get(r, "size")), strlen(s_texts[i]));
        assert_true(json_integer_value(json_object_get(r, "uploaded_ms")) > 0);
        json_t *rcases = json_object_get(r, "case_ids");
        assert_int_equal(json_array_size(rcases), 1);
        assert_string_equal(json_string_value(json_array_get(rcases, 0)), CASE_ID);
        assert_int_equal(json_is_true(json_object_get(json_object_get(r, "holds"), "record_held")),
                         i == 1);
        json_t *sigs = json_object_get(r, "signatures");
        assert_int_equal(json_array_size(sigs), i == 0 ? 1 : 0);
        if (i == 0)
            signature = json_array_get(sigs, 0);
        char *fpath = hr_strfmt("%s/files/%s", dir, ids[i]);
        size_t len = 0;
        unsigned char *bytes = s_slurp(fpath, &len);
        char hex[65];
        s_sha256(bytes, len, hex);
        assert_string_equal(hex, ids[i]);
        assert_memory_equal(bytes, s_texts[i], len);
        hr_free(bytes);
        hr_free(fpath);
    }

    // 2. The audit extract: each entry recomputes by the README's rule, the chain links, and
    // the head closes it; the puts, the sign, the hold, the gets and the export are there.
    char *apath = hr_strfmt("%s/audit.jsonl", dir);
    json_t *entries = NULL, *head = NULL;
    assert_int_equal(s_audit_bad(apath, &entries, &head), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(s_count(entries, "put", ids[i], CASE_ID), 1);
        assert_int_equal(s_count(entries, "get", ids[i], NULL), 1);
    }
    assert_int_equal(s_count(entries, "sign", ids[0], NULL), 1);
    assert_int_equal(s_count(entries, "hold", ids[1], NULL), 1);
    assert_int_equal(s_count(entries, "export", NULL, CASE_ID), 1);
    // The export's time is its audit entry's (hr-evidence's clock), in the manifest and the
    // README alike, and no record was uploaded after it.
    json_int_t exported_ms = json_integer_value(json_object_get(m, "exported_ms"));
    size_t kx;
    json_t *xx;
    json_array_foreach(entries, kx, xx)
    {
        const char *xa = json_string_value(json_object_get(xx, "action"));
        if (!xa || strcmp(xa, "export"))
            continue;
        assert_int_equal(json_integer_value(json_object_get(xx, "seq")),
                         json_integer_value(json_object_get(m, "export_audit_seq")));
        assert_int_equal(json_integer_value(json_object_get(xx, "at_ms")), exported_ms);
    }
    assert_true(exported_ms >= INT64_C(1804150800000));
    char iso[HR_TIME_ISO_LEN];
    assert_string_equal(json_string_value(json_object_get(m, "exported_at")),
                        hr_time_iso(exported_ms, iso));
    json_array_foreach(records, kx, xx)
        assert_true(json_integer_value(json_object_get(xx, "uploaded_ms")) <= exported_ms);
    char *readme_text = hr_test_read_file(hr_arena_fmt(arena, "%s/README.txt", dir), NULL);
    assert_non_null(readme_text);
    assert_non_null(strstr(readme_text, hr_arena_fmt(arena, "Exported at: %s (UTC)", iso)));
    hr_free(readme_text);
    size_t k1;
    json_t *x1;
    json_array_foreach(entries, k1, x1)
    {
        const char *ecase = json_string_value(json_object_get(x1, "case_id"));
        if (ecase && *ecase && strcmp(ecase, CASE_ID))
            fail_msg("audit.jsonl entry %zu names case %s", k1, ecase);
    }
    json_t *last = json_array_get(entries, json_array_size(entries) - 1);
    assert_int_equal(json_integer_value(json_object_get(head, "seq")),
                     json_integer_value(json_object_get(last, "seq")));
    assert_string_equal(json_string_value(json_object_get(head, "hash")),
                        json_string_value(json_object_get(last, "hash")));
    size_t k2;
    json_t *x2;
    json_array_foreach(entries, k2, x2)
    {
        assert_true(k2 < npaged);
        assert_int_equal(paged[k2], json_integer_value(json_object_get(x2, "seq")));
    }
    assert_true(json_array_size(entries) >= 9); // 3 puts, sign, hold, export, 3 gets
    json_t *maudit = json_object_get(m, "audit");
    assert_int_equal(json_integer_value(json_object_get(maudit, "chain_head_seq")),
                     json_integer_value(json_object_get(head, "seq")));
    // A flipped byte in an entry's detail is caught by the recomputation.
    json_t *e2 = NULL, *h2 = NULL;
    size_t alen = 0;
    unsigned char *atext = s_slurp(apath, &alen);
    char *detail = strstr((char *)atext, "\"detail\": \"");
    if (!detail)
        detail = strstr((char *)atext, "\"detail\":\"");
    assert_non_null(detail);
    size_t at = (size_t)(strchr(detail + 9, '"') - (char *)atext) + 1;
    hr_free(atext);
    s_flip(apath, at);
    assert_int_equal(s_audit_bad(apath, &e2, &h2), 1);
    json_decref(e2);
    json_decref(h2);

    // 3. The signature: the README's openssl command verifies it, msg.bin is BLAKE2b-256 of
    // signed.bin, and a flipped byte of msg.bin fails it.
    assert_non_null(signature);
    assert_string_equal(json_string_value(json_object_get(signature, "signer")), "operator");
    char *sdir = hr_strfmt("%s/%s", dir, json_string_value(json_object_get(signature, "files")));
    char *pem = hr_strfmt("%s/signer.pem", sdir), *msg = hr_strfmt("%s/msg.bin", sdir);
    char *sig = hr_strfmt("%s/sig.bin", sdir), *enc = hr_strfmt("%s/signed.bin", sdir);
    size_t elen = 0, mlen = 0;
    unsigned char *ebytes = s_slurp(enc, &elen), *mbytes = s_slurp(msg, &mlen);
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, ebytes, elen, NULL, 0);
    assert_int_equal(mlen, 32);
    assert_memory_equal(digest, mbytes, 32);
    // signed.bin holds the record's raw hash and the statement as the README lays out.
    unsigned char raw[32];
    s_unhex(ids[0], raw, 32);
    assert_memory_equal(ebytes + 4 + strlen("hr.evidence.signature.v1"), raw, 32);
    assert_true(elen > 25);
    assert_memory_equal(ebytes + elen - 25, "I held this feedback talk", 25); // it ends with it
    hr_free(ebytes);
    hr_free(mbytes);
    unsigned char pk[32], sg[64];
    s_unhex(json_string_value(json_object_get(signature, "public_key_hex")), pk, 32);
    s_unhex(json_string_value(json_object_get(signature, "signature_hex")), sg, 64);
    assert_int_equal(crypto_sign_verify_detached(sg, digest, 32, pk), 0);
    // The chain fixed the key and the signature when they were made: the signer's first
    // signature has a `key` entry, and the `sign` entry states the key and the signature bytes.
    const char *pk_hex = json_string_value(json_object_get(signature, "public_key_hex"));
    const char *sg_hex = json_string_value(json_object_get(signature, "signature_hex"));
    size_t ks = 0, keyed = 0, signed_with = 0;
    json_t *xe;
    json_array_foreach(entries, ks, xe)
    {
        const char *action = json_string_value(json_object_get(xe, "action"));
        const char *d = json_string_value(json_object_get(xe, "detail"));
        const char *eid = json_string_value(json_object_get(xe, "evidence_id"));
        if (!eid || strcmp(eid, ids[0]))
            continue;
        keyed += !strcmp(action, "key") && strstr(d, pk_hex) && strstr(d, "created for operator");
        signed_with += !strcmp(action, "sign") &&
                       strstr(d, hr_arena_fmt(arena, "key %s", pk_hex)) &&
                       strstr(d, hr_arena_fmt(arena, "signature %s", sg_hex));
    }
    assert_int_equal(keyed, 1);
    assert_int_equal(signed_with, 1);
    // hrctl evidence stat shows the same public key and signature bytes.
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"evidence", "stat", ids[0], NULL}),
                     0);
    assert_non_null(strstr(out, json_string_value(json_object_get(signature, "public_key_hex"))));
    assert_non_null(strstr(out, json_string_value(json_object_get(signature, "signature_hex"))));
    hr_free(out);
    hr_free(err);
    if (access(OPENSSL_BIN, X_OK) == 0) {
        char *argv[] = {OPENSSL_BIN, "pkeyutl", "-verify", "-pubin",   "-inkey", pem,
                        "-rawin",    "-in",     msg,       "-sigfile", sig,      NULL};
        assert_int_equal(hr_test_run(argv, &out, &err), 0);
        assert_non_null(strstr(out, "Signature Verified Successfully"));
        hr_free(out);
        hr_free(err);
        s_flip(msg, 5);
        assert_int_not_equal(hr_test_run(argv, &out, &err), 0);
        hr_free(out);
        hr_free(err);
    } else {
        fprintf(stderr,
                "SKIPPED: %s not installed (deploy/install-deps.sh installs it): the "
                "openssl pkeyutl check of the exported signature was not run\n",
                OPENSSL_BIN);
    }

    // 4. A flipped byte in an exported file: its SHA-256 is no longer its name.
    char *f0 = hr_strfmt("%s/files/%s", dir, ids[0]);
    s_flip(f0, 3);
    size_t flen = 0;
    unsigned char *fb = s_slurp(f0, &flen);
    char hex[65];
    s_sha256(fb, flen, hex);
    assert_string_not_equal(hex, ids[0]);
    hr_free(fb);

    // The README says how, in both languages, and what the export does not prove.
    char *rpath = hr_strfmt("%s/README.txt", dir);
    size_t rlen = 0;
    char *readme = (char *)s_slurp(rpath, &rlen);
    readme = hr_realloc(readme, rlen + 1);
    readme[rlen] = '\0';
    assert_non_null(strstr(readme, "sha256sum -c"));
    assert_non_null(strstr(
        readme,
        "openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in msg.bin -sigfile sig.bin"));
    assert_non_null(strstr(readme, "be64(seq) || be64(at_ms)"));
    assert_non_null(strstr(readme, "What this export does NOT prove"));
    assert_non_null(strstr(readme, "本导出不能证明的事项："));
    // Its Chinese is punctuated the Chinese way (，：；（）), half-width kept for the commands.
    assert_non_null(strstr(readme, "1. 文件完整性：先在本目录运行"));
    assert_non_null(strstr(readme, "上传时间、保全（hold）状态和签名。"));
    char *half = hr_test_zh_halfwidth(readme);
    if (half)
        fail_msg("README.txt: half-width punctuation in Chinese: %s", half);
    hr_free(readme);

    hr_free(rpath);
    hr_free(f0);
    hr_free(pem);
    hr_free(msg);
    hr_free(sig);
    hr_free(enc);
    hr_free(sdir);
    json_decref(entries);
    json_decref(head);
    hr_free(apath);
    json_decref(m);
    hr_free(mpath);
    hr_free(dir);
    hr_arena_destroy(&arena);
    for (int i = 0; i < 3; i++)
        hr_free(ids[i]);
    hr_free(key);
    assert_int_equal(e2e_stop(&c), 0);
}

// Exports case_id into DIR (under the test's directory, named name) as the operator; audit.jsonl
// checked (every hash recomputes, the links hold) and its entries returned (owned).
static json_t *s_export_audit(e2e_t *c, const char *case_id, const char *name)
{
    char *dir = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(
        s_hrctl(c, (const char *[]){"evidence", "export", "--case", case_id, dir, NULL}), 0);
    char *apath = hr_strfmt("%s/audit.jsonl", dir);
    json_t *entries = NULL, *head = NULL;
    assert_int_equal(s_audit_bad(apath, &entries, &head), 0);
    json_decref(head);
    hr_free(apath);
    hr_free(dir);
    return entries;
}

// The same bytes under two cases are one record. Its gets and signatures made while working on
// the second case are in the second case's export (review: each entry named the record's first
// case, so the second case's audit.jsonl lacked them). A read or signature for one case stays
// out of the other's extract; one that names no case, by someone who reads every case, is in
// both; a case the record is not under is refused.
static void test_a_shared_record_read_and_signed_for_its_second_case_is_in_its_export(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = e2e_new("evidence_export_shared");
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    char *id = s_put(c, 2); // the rules document, under CASE_ID first
    char *rules = hr_strfmt("%s/record2.txt", e2e_dir(c));
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "put", rules, "--case", OTHER_CASE,
                                                 "--kind", s_kinds[2], NULL}),
                     0);
    // For the second case: HR's signature and get, the operator's get and stat.
    assert_int_equal(
        s_hrctl(c, (const char *[]){"evidence", "sign", id, "--statement", "Served with the notice",
                                    "--case", OTHER_CASE, "--as", "E0003", "--role", "hr", NULL}),
        0);
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err,
                               (const char *[]){"evidence", "get", id, "--case", OTHER_CASE, "--as",
                                                "E0003", "--role", "hr", NULL}),
                     0);
    assert_string_equal(out, s_texts[2]);
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "stat", id, "--case", OTHER_CASE,
                                                 "--as", "E0003", "--role", "hr", NULL}),
                     0);
    // For the first case: legal's get. With no case named: the operator's signature.
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "get", id, "--case", CASE_ID, "--as",
                                                 "E0006", "--role", "legal", NULL}),
                     0);
    assert_int_equal(s_hrctl(c, (const char *[]){"evidence", "sign", id, "--statement",
                                                 "Checked against the register", NULL}),
                     0);
    // A case the record is not under is refused, and nothing is read.
    assert_int_not_equal(e2e_hrctl(c, &out, &err,
                                   (const char *[]){"evidence", "get", id, "--case",
                                                    "01JN0000000000000000000NNN", NULL}),
                         0);
    assert_non_null(strstr(err, "case_id: the record is under no case"));
    assert_string_equal(out, "");
    hr_free(out);
    hr_free(err);

    json_t *second = s_export_audit(c, OTHER_CASE, "export-second");
    assert_int_equal(s_count(second, "put", id, OTHER_CASE), 1);
    assert_int_equal(s_count(second, "sign", id, OTHER_CASE), 1); // HR's, for this case
    assert_int_equal(s_count(second, "sign", id, ""), 1);         // the operator's, for none
    assert_int_equal(s_count(second, "sign", id, NULL), 2);
    assert_int_equal(s_count(second, "stat", id, OTHER_CASE), 1);
    // HR's get for this case and the export's own download; not legal's for the first case.
    assert_int_equal(s_count(second, "get", id, OTHER_CASE), 2);
    assert_int_equal(s_count(second, "get", id, NULL), 2);
    size_t k;
    json_t *x;
    json_array_foreach(second, k, x)
    {
        const char *ecase = json_string_value(json_object_get(x, "case_id"));
        if (ecase && *ecase && strcmp(ecase, OTHER_CASE))
            fail_msg("the second case's audit.jsonl entry %zu names case %s", k, ecase);
        const char *actor = json_string_value(json_object_get(x, "actor"));
        if (actor && !strcmp(actor, "E0006"))
            fail_msg("the second case's audit.jsonl holds legal's get for the first case");
    }
    json_t *first = s_export_audit(c, CASE_ID, "export-first");
    assert_int_equal(s_count(first, "get", id, CASE_ID), 2); // legal's and the export's own
    assert_int_equal(s_count(first, "sign", id, NULL), 1);   // the operator's, for none
    assert_int_equal(s_count(first, "stat", id, NULL), 0);
    json_decref(first);
    json_decref(second);
    assert_int_equal(s_hrctl(c, (const char *[]){"verify", NULL}), 0);
    hr_free(rules);
    hr_free(id);
    hr_free(key);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_export_checks_out_with_standard_tools_alone),
        cmocka_unit_test(test_a_shared_record_read_and_signed_for_its_second_case_is_in_its_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
