/*  ctl_export - `hrctl evidence export --case ID DIR`: a case's evidence for a hearing, with what
 *  a third party needs to check it with standard tools (sha256sum, openssl, b2sum).
 *
 *  DIR/files/<sha256>       each record's bytes (downloaded as `get` does: SHA-256 checked)
 *  DIR/signatures/<id>-<n>/ signer.pem, msg.bin, sig.bin, signed.bin for each signature
 *  DIR/manifest.json        the case, the export, every record with its signatures
 *  DIR/audit.jsonl          the audit entries naming the case or its records, from the first to
 *                           the head without a gap (any other entry a stub: seq and hashes)
 *  DIR/case-journal.jsonl   the workflow's journal of the case; case-versions.json its versions
 *                           made readable (ctl_journal.c)
 *  DIR/README.txt           how to check it (zh and en), and what it does not prove
 *  DIR/verify.py, DIR/evidence-index.zh.txt, DIR/case-timeline.zh.txt  (ctl_export_docs.c)
 *  DIR/export.sig, DIR/service-key.pub  hr-evidence's service key's signature of the SHA-256 of
 *                           manifest.json, and that key as PEM (evidence.SignExport)
 *  DIR/SHA256SUMS           every other file's SHA-256, written last
 *  DIR/analytics_erasures.json  the import files a facts snapshot cites that hr-analytics has
 *                           erased since (file id -> when, by whom, why), when there are any
 *
 *  hr-evidence decides who may export (evidence.Export and evidence.AuditExtract: hr, legal and
 *  the operator) and audits the export as one `export` entry naming the case.
 */
#include "ctl_ev.h"
#include "ctl_an.h"
#include "wf.h"

#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CTL_EXPORT_GET_MAX (UINT64_C(4) * 1024 * 1024 * 1024)
#define CTL_EXPORT_PAGES_MAX 100000 // AuditExtract pages at most (a runaway guard)

// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the 32 key bytes follow.
static const unsigned char s_ed25519_spki[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

static int s_write(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, (const char *)data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    int rc = off == len && fsync(fd) == 0 ? 0 : -1;
    if (close(fd) || rc) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int s_write_json(const char *path, json_t *o)
{
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    int rc = s_write(path, text, strlen(text));
    free(text);
    return rc;
}

static int s_mkdir(const char *path)
{
    if (mkdir(path, 0700) && errno != EEXIST) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static char *s_hex(hr_arena_t *arena, const ProtobufCBinaryData *b)
{
    char *out = hr_arena_alloc(arena, 2 * b->len + 1);
    ev_hex(b->data, b->len, out);
    return out;
}

static json_t *s_time(int64_t ms)
{
    char iso[HR_TIME_ISO_LEN];
    return json_string(hr_time_iso(ms, iso));
}

// The company's wall clock (calendar/tz_offset_min of workflow.cfg, UTC+08:00 by default)
// beside the UTC the hashes cover.
static json_t *s_local(int64_t ms, const ctl_zone_t *z)
{
    hr_arena_t *a = hr_arena_new(0);
    json_t *o = json_string(ctl_export_local(ms, z, a));
    hr_arena_destroy(&a);
    return o;
}

// The public key as a PEM file openssl reads (SubjectPublicKeyInfo, RFC 8410).
static char *s_pem(hr_arena_t *arena, const ProtobufCBinaryData *pk)
{
    unsigned char der[sizeof s_ed25519_spki + crypto_sign_PUBLICKEYBYTES];
    memcpy(der, s_ed25519_spki, sizeof s_ed25519_spki);
    memcpy(der + sizeof s_ed25519_spki, pk->data, crypto_sign_PUBLICKEYBYTES);
    size_t cap = sodium_base64_ENCODED_LEN(sizeof der, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = hr_arena_alloc(arena, cap);
    sodium_bin2base64(b64, cap, der, sizeof der, sodium_base64_VARIANT_ORIGINAL);
    return hr_arena_fmt(arena, "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n", b64);
}

// Writes one signature's files under DIR/signatures/<id>-<n>/ and returns its manifest entry
// (NULL after an error, said on stderr).
static json_t *s_signature(const char *dir, const char *id, size_t n,
                           const Hr__Evidence__Signature *s, const ctl_zone_t *z, hr_arena_t *arena)
{
    if (s->public_key.len != crypto_sign_PUBLICKEYBYTES || s->signature.len != crypto_sign_BYTES ||
        s->signed_message.len != EV_HASH_BYTES || !s->signed_encoding.len) {
        fprintf(stderr, "hrctl evidence export: %s: signature %zu is incomplete in the reply\n", id,
                n + 1);
        return NULL;
    }
    char *rel = hr_arena_fmt(arena, "signatures/%s-%zu", id, n + 1);
    char *sdir = hr_arena_fmt(arena, "%s/%s", dir, rel);
    char *pem = s_pem(arena, &s->public_key);
    if (s_mkdir(sdir) || s_write(hr_arena_fmt(arena, "%s/signer.pem", sdir), pem, strlen(pem)) ||
        s_write(hr_arena_fmt(arena, "%s/msg.bin", sdir), s->signed_message.data,
                s->signed_message.len) ||
        s_write(hr_arena_fmt(arena, "%s/sig.bin", sdir), s->signature.data, s->signature.len) ||
        s_write(hr_arena_fmt(arena, "%s/signed.bin", sdir), s->signed_encoding.data,
                s->signed_encoding.len))
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "signer", ctl_json_str(s->signer));
    json_object_set_new(o, "signed_ms", json_integer(s->signed_ms));
    json_object_set_new(o, "signed_at", s_time(s->signed_ms));
    json_object_set_new(o, "signed_at_local", s_local(s->signed_ms, z));
    json_object_set_new(o, "statement", ctl_json_str(s->statement));
    // What the signer said of the record - a refusal (员工拒绝签字) is kept as evidence of
    // itself - and how the signature was entered, as the client claimed it (README.txt 3).
    json_object_set_new(o, "disposition", json_string(ev_sig_disposition(s)));
    json_object_set_new(o, "entered_via", ctl_json_str(s->entered_via));
    json_object_set_new(o, "client_user", ctl_json_str(s->client_user));
    json_object_set_new(o, "client_host", ctl_json_str(s->client_host));
    json_object_set_new(o, "entry", json_string(ev_sig_entered(s, arena)));
    json_object_set_new(o, "signer_authenticated", json_false());
    json_object_set_new(o, "valid_at_export", json_boolean(s->valid));
    json_object_set_new(o, "algorithm", json_string("Ed25519"));
    json_object_set_new(o, "public_key_hex", json_string(s_hex(arena, &s->public_key)));
    json_object_set_new(o, "signature_hex", json_string(s_hex(arena, &s->signature)));
    json_object_set_new(o, "signed_message_hex", json_string(s_hex(arena, &s->signed_message)));
    json_object_set_new(o, "signed_encoding_hex", json_string(s_hex(arena, &s->signed_encoding)));
    json_object_set_new(o, "files", json_string(rel));
    return o;
}

static json_t *s_record(const char *dir, const Hr__Evidence__Evidence *e, const ctl_zone_t *z,
                        hr_arena_t *arena)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", ctl_json_str(e->id));
    json_object_set_new(o, "file", json_string(hr_arena_fmt(arena, "files/%s", e->id)));
    json_object_set_new(o, "kind", ctl_json_str(e->kind));
    json_object_set_new(o, "original_name", ctl_json_str(e->file_name));
    json_object_set_new(o, "media_type", ctl_json_str(e->media_type));
    json_object_set_new(o, "declared_media_type", ctl_json_str(e->declared_media_type));
    json_object_set_new(o, "size", json_integer((json_int_t)e->size));
    json_object_set_new(o, "uploader", ctl_json_str(e->uploader));
    json_object_set_new(o, "uploaded_ms", json_integer(e->uploaded_ms));
    json_object_set_new(o, "uploaded_at", s_time(e->uploaded_ms));
    json_object_set_new(o, "uploaded_at_local", s_local(e->uploaded_ms, z));
    json_t *also = json_array();
    for (size_t i = 0; i < e->n_also_uploaded_by; i++)
        json_array_append_new(also, ctl_json_str(e->also_uploaded_by[i]));
    json_object_set_new(o, "also_uploaded_by", also);
    json_t *cases = json_array();
    for (size_t i = 0; i < e->n_case_ids; i++)
        json_array_append_new(cases, ctl_json_str(e->case_ids[i]));
    json_object_set_new(o, "case_ids", cases);
    json_t *hold = json_object();
    json_object_set_new(hold, "record_held", json_boolean(e->held));
    json_object_set_new(hold, "record_hold_reason", ctl_json_str(e->hold_reason));
    json_object_set_new(hold, "a_case_held", json_boolean(e->case_held));
    json_object_set_new(o, "holds", hold);
    if (e->void_ms) { // the case's notice revoked, or the termination set aside by an award
        json_t *v = json_object();
        bool reinstated = e->void_cause && !strcmp(e->void_cause, "reinstated");
        json_object_set_new(v, "cause", json_string(reinstated ? "reinstated" : "rescinded"));
        json_object_set_new(v, reinstated ? "case_reinstated_ms" : "case_rescinded_ms",
                            json_integer(e->void_ms));
        json_object_set_new(v, reinstated ? "case_reinstated_at" : "case_rescinded_at",
                            s_time(e->void_ms));
        json_object_set_new(v, "reason",
                            json_string(reinstated
                                            ? "case reinstated: an award or judgment ordered the "
                                              "contract to continue (LCL Art. 48)"
                                            : "case rescinded: the notice revoked, the "
                                              "contract not ended"));
        json_object_set_new(o, "void", v);
    }
    json_object_set_new(o, "supersedes", ctl_json_str(e->supersedes));
    json_object_set_new(o, "superseded_by", ctl_json_str(e->superseded_by));
    json_object_set_new(o, "retention_due_ms", json_integer(e->due_ms));
    json_t *sigs = json_array();
    for (size_t i = 0; i < e->n_signatures; i++) {
        json_t *s = s_signature(dir, e->id, i, e->signatures[i], z, arena);
        if (!s) {
            json_decref(sigs);
            json_decref(o);
            return NULL;
        }
        json_array_append_new(sigs, s);
    }
    json_object_set_new(o, "signatures", sigs);
    return o;
}

// An entry of another case or of none (evidence.AuditExtract's stub, no action): its seq and
// hashes alone, the link the README's check follows through it.
static bool s_stub(const Hr__Evidence__AuditEntry *a)
{
    return !a->action || !*a->action;
}

static json_t *s_entry(const Hr__Evidence__AuditEntry *a, const ctl_zone_t *z, hr_arena_t *arena)
{
    json_t *o = json_object();
    json_object_set_new(o, "seq", json_integer((json_int_t)a->seq));
    if (s_stub(a)) {
        json_object_set_new(o, "prev_hash", json_string(s_hex(arena, &a->prev_hash)));
        json_object_set_new(o, "hash", json_string(s_hex(arena, &a->hash)));
        return o;
    }
    json_object_set_new(o, "at_ms", json_integer(a->at_ms));
    json_object_set_new(o, "time", s_time(a->at_ms));
    json_object_set_new(o, "time_local", s_local(a->at_ms, z));
    json_object_set_new(o, "actor", ctl_json_str(a->actor));
    json_object_set_new(o, "action", ctl_json_str(a->action));
    json_object_set_new(o, "evidence_id", ctl_json_str(a->evidence_id));
    json_object_set_new(o, "case_id", ctl_json_str(a->case_id));
    json_object_set_new(o, "detail", ctl_json_str(a->detail));
    json_object_set_new(o, "prev_hash", json_string(s_hex(arena, &a->prev_hash)));
    json_object_set_new(o, "hash", json_string(s_hex(arena, &a->hash)));
    return o;
}

// The audit extract: every page of evidence.AuditExtract into DIR/audit.jsonl, one entry a
// line, then the chain head. *entries_out and the head for the manifest. 0 or -1.
static int s_audit(ctl_ev_t *c, const char *dir, const char *case_id, const ctl_zone_t *z,
                   json_t *manifest)
{
    hr_arena_t *arena = hr_arena_new(0);
    size_t cap = 4096, len = 0;
    char *buf = hr_alloc(cap);
    uint64_t after = 0, entries = 0, stubs = 0, head_seq = 0;
    char head_hex[2 * EV_HASH_BYTES + 1] = "";
    int rc = -1;
    for (int page = 0; page < CTL_EXPORT_PAGES_MAX; page++) {
        hr_arena_reset(arena);
        Hr__Evidence__AuditExtractRequest req = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
        req.case_id = (char *)case_id;
        req.after_seq = after;
        req.stubs = true;
        hr_call_opts_t opts = {.timeout_ms = 30000, .retries = 1, .actor = &c->actor};
        hr_result_t res;
        hr_rc_t hrc =
            hr_client_call(c->client, "evidence.AuditExtract", &req.base,
                           &hr__evidence__audit_extract_reply__descriptor, arena, &opts, &res);
        zmsg_destroy(&res.frames);
        if (hrc) {
            fprintf(stderr, "hrctl evidence export: the audit extract: %s (%s)\n",
                    res.message ? res.message : "failed", hr_rc_name(hrc));
            goto out;
        }
        Hr__Evidence__AuditExtractReply *rep = res.reply;
        for (size_t i = 0; i < rep->n_entries; i++) {
            // From the case's first entry on, every entry to the head: stubs before it link
            // nothing of the case.
            if (!entries && s_stub(rep->entries[i]))
                continue;
            if (s_stub(rep->entries[i]))
                stubs++;
            json_t *o = s_entry(rep->entries[i], z, arena);
            char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
            json_decref(o);
            size_t n = strlen(line);
            while (len + n + 2 > cap)
                buf = hr_realloc(buf, cap *= 2);
            memcpy(buf + len, line, n);
            buf[len + n] = '\n';
            len += n + 1;
            free(line);
            entries++;
        }
        head_seq = rep->head_seq;
        if (rep->head_hash.len == EV_HASH_BYTES)
            ev_hex(rep->head_hash.data, EV_HASH_BYTES, head_hex);
        if (rep->done) {
            rc = 0;
            break;
        }
        if (rep->next_after <= after) {
            fprintf(stderr, "hrctl evidence export: the audit extract does not move on\n");
            goto out;
        }
        after = rep->next_after;
    }
    if (rc) {
        fprintf(stderr, "hrctl evidence export: the audit extract has too many pages\n");
        goto out;
    }
    char *last = hr_arena_fmt(arena, "{\"chain_head\": {\"seq\": %llu, \"hash\": \"%s\"}}\n",
                              (unsigned long long)head_seq, head_hex);
    size_t n = strlen(last);
    while (len + n + 1 > cap)
        buf = hr_realloc(buf, cap *= 2);
    memcpy(buf + len, last, n);
    len += n;
    rc = s_write(hr_arena_fmt(arena, "%s/audit.jsonl", dir), buf, len);
    json_t *audit = json_object();
    json_object_set_new(audit, "file", json_string("audit.jsonl"));
    json_object_set_new(audit, "entries", json_integer((json_int_t)entries));
    json_object_set_new(audit, "stubs", json_integer((json_int_t)stubs));
    json_object_set_new(audit, "chain_head_seq", json_integer((json_int_t)head_seq));
    json_object_set_new(audit, "chain_head_hash", json_string(head_hex));
    json_object_set_new(manifest, "audit", audit);
out:
    hr_free(buf);
    hr_arena_destroy(&arena);
    return rc;
}

// README.txt: how a third party checks the export, in Chinese and English.
#define S_README                                                                                                                  \
    "案件证据导出 / Case evidence export\n"                                                                                 \
    "===================================\n"                                                                                       \
    "\n"                                                                                                                          \
    "案件 / Case: %s\n"                                                                                                         \
    "导出时间 / Exported at: %s (UTC) by %s\n"                                                                                \
    "  （证据服务记录的时间，即 audit.jsonl 中第 %llu 条 export 审计记录的 at_ms）\n"                        \
    "  (as hr-evidence recorded it: the at_ms of the export audit entry, seq %llu in "                                            \
    "audit.jsonl)\n"                                                                                                              \
    "审计链头 / Audit chain head at export: %llu:%s\n"                                                                        \
    "\n"                                                                                                                          \
    "中文说明\n"                                                                                                              \
    "--------\n"                                                                                                                  \
    "1. 文件完整性：先在本目录运行\n"                                                                                \
    "     sha256sum -c SHA256SUMS\n"                                                                                              \
    "     python3 verify.py\n"                                                                                                    \
    "   sha256sum 每行应为 OK（缺失的文件报 FAILED open or read）；\n"                                               \
    "   verify.py 应输出 OK（见第 6 节）。\n"                                                                            \
    "   files/ 下每个文件名就是其内容的 SHA-256。\n"                                                                 \
    "   manifest.json 列出每份证据的种类、原文件名、类型、大小、上传人、\n"                              \
    "   上传时间、保全（hold）状态和签名。\n"                                                                      \
    "2. 审计记录：audit.jsonl 每行一条审计记录（最后一行为导出时的链头）。每条记录的 hash\n"      \
    "   为下列字节依次相接后的 SHA-256：\n"                                                                           \
    "     be32(20) || \"hr.evidence.audit.v1\"\n"                                                                                 \
    "     be64(seq) || be64(at_ms)            （at_ms 为 UTC 毫秒，按二进制补码）\n"                                  \
    "     be32(len) || actor, be32(len) || action, be32(len) || evidence_id,\n"                                                   \
    "     be32(len) || case_id, be32(len) || detail   （UTF-8 字节，len 为字节数）\n"                                    \
    "     prev_hash（32 字节原值，即十六进制解码后）\n"                                                            \
    "   be32/be64 为大端 32/64 位无符号整数。第 1 条的 prev_hash 为 32 个零字节。\n"                           \
    "   seq 相邻的两条记录中，后一条的 prev_hash 必须等于前一条的 hash。\n"                                 \
    "   摘录从本案第一条记录起逐条连续直到链头，seq 之间没有空缺：\n"                                  \
    "   与本案无关的记录只以存根出现，仅含 seq、prev_hash\n"                                                    \
    "   和 hash（不含时间、操作人、证据、案件或说明），其 hash 无法复算，但链接照样可核。\n"   \
    "3. 签名（Ed25519）：signatures/<证据id>-<n>/ 下有 signer.pem（签名人公钥）、\n"                             \
    "   sig.bin（签名）、msg.bin（被签名的 32 字节）、signed.bin（规范编码）。在该目录运行\n"          \
    "     openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in msg.bin -sigfile sig.bin\n"                                 \
    "   应输出 \"Signature Verified Successfully\"。msg.bin = BLAKE2b-256(signed.bin)：\n"                                   \
    "     b2sum -l 256 signed.bin   与   od -An -tx1 msg.bin | tr -d ' \\n'   应相同。\n"                                    \
    "   signed.bin = be32(24) || \"hr.evidence.signature.v1\" || 证据 SHA-256（32 字节原值）\n"                           \
    "     || be32(len) || 签名人 || be64(签名时间 ms) || be32(len) || 声明文字。\n"                                   \
    "   拒绝签字（manifest.json 中 disposition 为 declined）的域名为 be32(23) ||\n"                                   \
    "   \"hr.evidence.declined.v1\"，其余相同：拒签与确认不能互相冒充。拒签记录证明的是\n"              \
    "   签名人拒绝确认该记录（员工拒绝签字），从不计为其确认。\n"                                      \
    "   该签名的 sign 审计记录（audit.jsonl）的 detail 写明 key <公钥> 与 signature <签名>，\n"                \
    "   签名人首次签名时另有一条 key 记录：公钥与签名在签名当时即进入审计链。\n"                  \
    "\n"                                                                                                                          \
    "本导出不能证明的事项：签名密钥由本系统为每个人保管（在服务器上以主密钥加密保存）,\n" \
    "不在本人的设备上。本版本中签名只证明：系统为该人保管的 Ed25519 密钥在该时间对该\n"        \
    "证据 hash 签署了该声明。签名由操作员在服务器命令行（hrctl）录入，签名人身份未经\n"         \
    "系统认证：任何能在服务器上运行 hrctl 的人都可以以任何人的名义录入。每条 sign 审计\n"       \
    "记录与 manifest.json 的签名条目写明录入方式（entered_via）及 hrctl 运行时的操作\n"                    \
    "系统用户与主机（client_user、client_host）——这些是客户端自报，系统未核实。签名人\n"          \
    "是否本人确认，须以其他证据（如书面签字、见证人）证明。\n"                                         \
    "审计摘录中与本案无关的记录为存根：存根是否确与本案无关，只能用完整\n"                       \
    "审计日志核对（链头见上）。\n"                                                                                   \
    "导出本身记为一条 export 审计记录，每份文件的下载记为 get 记录。\n"                                  \
    "\n"                                                                                                                          \
    "English\n"                                                                                                                   \
    "-------\n"                                                                                                                   \
    "1. Files: first, in this directory:\n"                                                                                       \
    "     sha256sum -c SHA256SUMS\n"                                                                                              \
    "     python3 verify.py\n"                                                                                                    \
    "   Every sha256sum line must say OK (a missing file: FAILED open or read);\n"                                                \
    "   verify.py must print OK (section 6).\n"                                                                                   \
    "   Each file under files/ is named by the SHA-256 of its bytes.\n"                                                           \
    "   manifest.json lists each record's kind, original name, media\n"                                                           \
    "   type, size, uploader, upload time, holds and signatures.\n"                                                               \
    "2. Audit entries: audit.jsonl holds one entry a line (the last line is the chain head at\n"                                  \
    "   export). Each entry's hash = SHA-256 of these bytes, in order:\n"                                                         \
    "     be32(20) || \"hr.evidence.audit.v1\"\n"                                                                                 \
    "     be64(seq) || be64(at_ms)            (at_ms: UTC milliseconds, two's complement)\n"                                      \
    "     be32(len) || actor, be32(len) || action, be32(len) || evidence_id,\n"                                                   \
    "     be32(len) || case_id, be32(len) || detail   (UTF-8 bytes; len counts bytes)\n"                                          \
    "     prev_hash (the 32 raw bytes, i.e. hex-decoded)\n"                                                                       \
    "   be32/be64 are big-endian unsigned 32/64-bit integers. Entry 1's prev_hash is 32 zero\n"                                   \
    "   bytes. Of two entries with consecutive seq, the later one's prev_hash must equal the\n"                                   \
    "   earlier one's hash. The extract runs without a gap from the case's first entry to the\n"                                  \
    "   chain head: an entry not about this case appears as a stub holding only seq, prev_hash\n"                                 \
    "   and hash (no time, actor, record, case or detail); its hash cannot be recomputed, its\n"                                  \
    "   links can, so a line removed from the extract breaks the chain.\n"                                                        \
    "3. Signatures (Ed25519): signatures/<record id>-<n>/ holds signer.pem (the signer's public\n"                                \
    "   key), sig.bin (the signature), msg.bin (the 32 bytes signed) and signed.bin (the\n"                                       \
    "   canonical encoding). In that directory:\n"                                                                                \
    "     openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in msg.bin -sigfile sig.bin\n"                                 \
    "   must print \"Signature Verified Successfully\". msg.bin = BLAKE2b-256(signed.bin):\n"                                     \
    "     b2sum -l 256 signed.bin   and   od -An -tx1 msg.bin | tr -d ' \\n'   must agree.\n"                                     \
    "   signed.bin = be32(24) || \"hr.evidence.signature.v1\" || the record's SHA-256 (32 raw\n"                                  \
    "     bytes) || be32(len) || signer || be64(signed ms) || be32(len) || statement.\n"                                          \
    "   A refusal to confirm (disposition \"declined\" in manifest.json) has the domain\n"                                        \
    "   be32(23) || \"hr.evidence.declined.v1\" instead, the rest the same: a refusal and an\n"                                   \
    "   acknowledgement cannot pass for one another. A refusal proves that the signer\n"                                          \
    "   refused to confirm the record (员工拒绝签字); it never counts as a confirmation.\n"                                 \
    "   The signature's `sign` entry in audit.jsonl states `key <public key>` and\n"                                              \
    "   `signature <signature>` in its detail, and the signer's first signature has a `key`\n"                                    \
    "   entry: the key and the signature entered the audit chain when they were made.\n"                                          \
    "\n"                                                                                                                          \
    "What this export does NOT prove: the signing keys are held by the service for each person\n"                                 \
    "(stored on the server, wrapped under its master key), not on the person's own device. In\n"                                  \
    "this version a signature proves only that the Ed25519 key the service holds for that\n"                                      \
    "person signed that statement over that record's hash at that time. Signatures are\n"                                         \
    "entered through the operator's command line on the server (hrctl), and the signer's\n"                                       \
    "identity is NOT authenticated by the system: whoever runs hrctl there can enter a\n"                                         \
    "signature in anyone's name. Each `sign` audit entry and each signature in\n"                                                 \
    "manifest.json say how it was entered (entered_via) and the OS user and host hrctl ran\n"                                     \
    "as (client_user, client_host), as claimed by the client and not verified. That the\n"                                        \
    "person themself confirmed must be shown by other evidence (a handwritten signature, a\n"                                     \
    "witness). The audit extract shows entries not about this case as stubs: that a stub was\n"                                   \
    "indeed not about this case can be checked only against the full audit log (whose head is\n"                                  \
    "given above). The export itself is recorded as one\n"                                                                        \
    "`export` audit entry, and each file's download as a `get` entry.\n"

// The case journal's part of README.txt (when the workflow has the case).
#define S_README_JOURNAL                                                                                                       \
    "4. Case journal / 案件日志\n"                                                                                         \
    "------------------------\n"                                                                                               \
    "Journal head at export / 导出时日志链头：%s (also in this export's `export` audit entry,\n"                       \
    "as case_journal_head=...: hr-evidence's chain holds it too).\n"                                                           \
    "case-journal.jsonl holds every version of the case record as the workflow stored it, one\n"                               \
    "entry a line, oldest first; the last line is the journal head. Each entry: seq, time,\n"                                  \
    "actor, request (msg_id and type), note, case_sha256, prev_hash, hash and case_bytes_base64\n"                             \
    "(the stored bytes, a protobuf hr.workflow.Case): those bytes are the record. The same\n"                                  \
    "versions made readable are in case-versions.json (section 6), which no hash here covers.\n"                               \
    "   case_sha256 = SHA-256(base64-decoded case_bytes_base64)\n"                                                             \
    "   hash = SHA-256 of, in order:\n"                                                                                        \
    "     be32(27) || \"hr.workflow.case_journal.v1\" || be64(seq) || be64(at_ms)\n"                                           \
    "     || be32(len) || case_id || be32(len) || actor || be32(len) || msg_id\n"                                              \
    "     || be32(len) || request || be32(len) || note   (UTF-8 bytes; len counts bytes)\n"                                    \
    "     || case_sha256 (32 raw bytes) || prev_hash (32 raw bytes)\n"                                                         \
    "   The journal is one chain for all cases: an entry's prev_hash is the hash of the entry\n"                               \
    "   before it in the whole journal (usually another case's), so consecutive seqs here link\n"                              \
    "   only when no other case was written in between; the whole chain is checked by\n"                                       \
    "   `hrctl verify`. Recompute every entry with python3:\n"                                                                 \
    "     python3 - <<'PY'\n"                                                                                                  \
    "     import json, hashlib, base64, struct\n"                                                                              \
    "     s = lambda b: struct.pack('>I', len(b)) + b\n"                                                                       \
    "     for line in open('case-journal.jsonl'):\n"                                                                           \
    "         e = json.loads(line)\n"                                                                                          \
    "         if 'seq' not in e: continue\n"                                                                                   \
    "         row = base64.b64decode(e['case_bytes_base64'])\n"                                                                \
    "         assert hashlib.sha256(row).hexdigest() == e['case_sha256']\n"                                                    \
    "         m = s(b'hr.workflow.case_journal.v1') + struct.pack('>Qq', e['seq'], e['at_ms'])\n"                              \
    "         for f in ('case_id', 'actor', 'msg_id', 'request', 'note'):\n"                                                   \
    "             m += s(e[f].encode())\n"                                                                                     \
    "         m += bytes.fromhex(e['case_sha256']) + bytes.fromhex(e['prev_hash'])\n"                                          \
    "         print(e['seq'], 'OK' if hashlib.sha256(m).hexdigest() == e['hash'] else 'BAD')\n"                                \
    "     PY\n"                                                                                                                \
    "   Every line must say OK.\n"                                                                                             \
    "What the journal does NOT prove: an entry whose note says \"journal started at upgrade\"\n"                               \
    "is the first the journal holds for that case - what happened before it rests on the case\n"                               \
    "record alone. Someone with the server's disk could rewrite the whole journal consistently;\n"                             \
    "the journal head recorded in hr-evidence's audit chain at each export (and printed above)\n"                              \
    "is what such a rewrite would also have to match.\n"                                                                       \
    "中文：case-journal.jsonl 保存案件记录的每一个版本（存储时的原始字节及其 SHA-256)，各条以\n" \
    "hash/prev_hash 连成一条链；按上面的规则（python3 脚本）可逐条复算，每行应为 OK。注明\n"      \
    "\"journal started at upgrade\" 的条目之前的历史无法由本日志证明。导出时的日志链头同时写入\n" \
    "证据服务的审计链（export 审计记录）。\n"

// What the value printed on the notice and certificate proves (after the journal's part): the
// one check of this export that rests on something outside the company's server.
#define S_README_ANCHOR                                                                                                                            \
    "4a. The record digest on the notice and certificate / 文书所载本案记录摘要值\n"                                                    \
    "--------------------------------------------------------------------------\n"                                                                 \
    "The notice and the certificate close with the line\n"                                                                                         \
    "   " WF_DOC_ANCHOR_ZH "<32 hex digits>\n"                                                                                                     \
    "   (English: " WF_DOC_ANCHOR_EN "<32 hex digits>)\n"                                                                                          \
    "the first 32 hex digits of the hash of this case's latest journal entry when the document\n"                                                  \
    "was made. verify.py checks that each one in files/ is the hash of an entry of\n"                                                              \
    "case-journal.jsonl and prints which. The employee keeps their copy of the letter: compare\n"                                                  \
    "the value on it with the one here. What it proves: the case's history up to that entry\n"                                                     \
    "is the one the employee was given - rewriting any entry up to it changes that entry's\n"                                                      \
    "hash (each hash covers the one before), however consistently the rest of the export is\n"                                                     \
    "made anew. What it does not prove: anything after the letter was made; and a copy of the\n"                                                   \
    "letter in this export carries the export's value, so it is the employee's own copy that\n"                                                    \
    "counts.\n"                                                                                                                                    \
    "中文：解除（终止）劳动合同通知书和证明书末行载明“本文书生成时本案记录摘要值”，即生成时本案\n" \
    "最后一条案件日志的 hash 的前 32 位。verify.py 核对本导出 files/ 中每份文书所载的值均为\n"                        \
    "case-journal.jsonl 中某一条的 hash，并写明是哪一条。员工持有的文书上的值应与之一致：\n"                         \
    "该条及其之前的案件记录一经改写，hash 即不同，无论导出的其余部分如何重新生成。该值不能证明\n"        \
    "文书生成之后的记录；应以员工本人所持的文书为准。\n"

// What the export's signature proves and does not (s_sign). %s, %s: the key's fingerprint.
#define S_README_SIGNED                                                                                                                      \
    "7. The export's signature / 导出签名\n"                                                                                             \
    "----------------------------------\n"                                                                                                   \
    "export.sig is hr-evidence's Ed25519 signature of the SHA-256 of manifest.json, with its\n"                                              \
    "service key service-key.pub, whose fingerprint (the SHA-256 of the key's DER form) is\n"                                                \
    "   %s\n"                                                                                                                                \
    "manifest.json states the audit chain head, the case journal's head and the SHA-256 of\n"                                                \
    "every record and of the readable files, so the signature covers them. Check it with\n"                                                  \
    "openssl (1.1.1 or later):\n"                                                                                                            \
    "     openssl dgst -sha256 -binary manifest.json > manifest.sha256\n"                                                                    \
    "     openssl pkeyutl -verify -pubin -inkey service-key.pub -rawin -in manifest.sha256 \\\n"                                             \
    "         -sigfile export.sig\n"                                                                                                         \
    "     openssl pkey -pubin -in service-key.pub -outform DER | openssl dgst -sha256\n"                                                     \
    "The first two must say \"Signature Verified Successfully\"; the last prints the\n"                                                      \
    "fingerprint above. hr-evidence records each signature as an `export_signed` entry of its\n"                                             \
    "audit chain (after this export's extract ends), naming the manifest's SHA-256.\n"                                                       \
    "What it proves: this export came, unchanged since, from the service holding that key.\n"                                                \
    "What it does not prove: the company runs the service and holds its key, so a signature\n"                                               \
    "alone does not show the records are true. What binds the key is a fingerprint given out\n"                                              \
    "before the dispute - the notice letter prints it beside the case record digest (4a), and\n"                                             \
    "`hrctl evidence service-key` shows it - and the digest the employee holds on their letter.\n"                                           \
    "中文：export.sig 是证据服务以其服务密钥（service-key.pub，指纹 %s）\n"                                               \
    "对 manifest.json 的 SHA-256 所作的 Ed25519 签名；manifest.json 载明审计链头、案件日志链头\n"                       \
    "及各文件的 SHA-256，均在签名范围内。可用上述 openssl 命令核验。签名证明本导出出自持有该\n"           \
    "密钥的服务且导出后未被改动；但该服务与密钥由公司控制，签名本身不证明记录真实。应与争议前\n" \
    "已交给员工的指纹（解除通知书上与本案记录摘要值并列印出）及员工所持文书上的摘要值核对。\n"

// The facts snapshots' part of README.txt (when the case holds one): what a snapshot is, its
// sources and how a cited line is checked against the original import file (services/analytics
// README "Snapshot"). %s: the snapshots' files.
#define S_README_FACTS                                                                                                                    \
    "5. Facts snapshot / 事实快照\n"                                                                                                  \
    "--------------------------\n"                                                                                                        \
    "Facts snapshot(s) in this export / 本导出中的事实快照：%s\n"                                                               \
    "A facts_snapshot record (manifest.json kind \"facts_snapshot\") is hr-analytics' facts "                                             \
    "about\n"                                                                                                                             \
    "the case's employee over a window, frozen when HR asked for them (`hrctl case facts`): one\n"                                        \
    "JSON document, its file name its SHA-256 like every file here. Each fact has its rule, its\n"                                        \
    "value, its sentences and `sources`: the import file (file_id, file_name) and the line (or,\n"                                        \
    "for a DingTalk/WeCom JSON feed, the record number) of each record it rests on, with that\n"                                          \
    "record's text (`raw`). The snapshot's `source_files` holds, for every import file cited\n"                                           \
    "(keyed by file_id, the BLAKE2b-256 of the file's bytes), the file's `sha256`, its name,\n"                                           \
    "encoding and size, and the cited lines of this employee as they stand in it (`lines`; a\n"                                           \
    "CSV's first line, its header, as `header`) - an excerpt, not the file: the file also holds\n"                                        \
    "other employees' records, which this export does not carry.\n"                                                                       \
    "To check a cited line against the original: obtain the import file from the company (the\n"                                          \
    "file its attendance, KPI or training system exported; hr-analytics keeps it too: `hrctl\n"                                           \
    "import list FILE_ID --text`), then\n"                                                                                                \
    "   sha256sum ORIGINAL          must print the snapshot's source_files[FILE_ID].sha256\n"                                             \
    "   sed -n 'Np' ORIGINAL        must print the text given for line N (first convert a file\n"                                         \
    "                               whose encoding is gb18030 or utf-16le: iconv -f GB18030 -t "                                          \
    "UTF-8)\n"                                                                                                                            \
    "A team comparison (`comparison`) lists the colleagues' figures it was taken from, unnamed\n"                                         \
    "and in ascending order (`colleagues`: colleague 1..n, value; colleague 1 is the lowest, "                                            \
    "not\n"                                                                                                                               \
    "anyone in particular) and the import files they came from (`file_ids`, hashed in\n"                                                  \
    "source_files without their lines): the median of the values is `team_median`. With "                                                 \
    "python3,\n"                                                                                                                          \
    "in this directory (ORIGINALS: a directory holding the original import files under their\n"                                           \
    "names; leave it out to list the excerpt only):\n"                                                                                    \
    "     python3 - files/SNAPSHOT_ID [ORIGINALS] <<'PY'\n"                                                                               \
    "     import json, sys, os, hashlib, statistics\n"                                                                                    \
    "     snap = json.load(open(sys.argv[1]))\n"                                                                                          \
    "     orig = sys.argv[2] if len(sys.argv) > 2 else None\n"                                                                            \
    "     ep = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), '..', "                                                        \
    "'analytics_erasures.json')\n"                                                                                                        \
    "     erased = json.load(open(ep)) if os.path.exists(ep) else {}\n"                                                                   \
    "     for fid, f in sorted(snap.get('source_files', {}).items()):\n"                                                                  \
    "         print(f['file_name'], 'sha256', f['sha256'], 'file_id', fid)\n"                                                             \
    "         p = orig and os.path.join(orig, f['file_name'])\n"                                                                          \
    "         have = p and os.path.exists(p)\n"                                                                                           \
    "         if have:\n"                                                                                                                 \
    "             b = open(p, 'rb').read()\n"                                                                                             \
    "             print('  sha256', 'OK' if hashlib.sha256(b).hexdigest() == f['sha256'] else "                                           \
    "'BAD')\n"                                                                                                                            \
    "             enc = {'gb18030': 'gb18030', 'utf-16le': 'utf-16'}.get(f.get('encoding'), "                                             \
    "'utf-8-sig')\n"                                                                                                                      \
    "             lines = b.decode(enc).replace('\\r\\n', '\\n').replace('\\r', "                                                         \
    "'\\n').split('\\n')\n"                                                                                                               \
    "         e = erased.get(fid)\n"                                                                                                      \
    "         if e and not have:\n"                                                                                                       \
    "             print('  erased on', e['erased_on'], 'by', e['erased_by'] + ':', "                                                      \
    "e['erased_reason'],\n"                                                                                                               \
    "                   '- hr-analytics deleted the file; its lines can be checked only against "                                         \
    "a copy '\n"                                                                                                                          \
    "                   'the company kept, whose sha256 must be the one above')\n"                                                        \
    "         for l in f['lines']:\n"                                                                                                     \
    "             if 'line' not in l or not have:\n"                                                                                      \
    "                 print('  ', 'line' if 'line' in l else 'record', l.get('line', "                                                    \
    "l.get('record')), l['text'])\n"                                                                                                      \
    "                 continue\n"                                                                                                         \
    "             t = lines[l['line'] - 1] if l['line'] <= len(lines) else None\n"                                                        \
    "             ok = t == l['text'] or (l.get('text_cut') and t is not None and "                                                       \
    "t.startswith(l['text']))\n"                                                                                                          \
    "             print('  line', l['line'], 'OK' if ok else 'BAD')\n"                                                                    \
    "     for x in snap['facts']:\n"                                                                                                      \
    "         c = x.get('comparison') or {}\n"                                                                                            \
    "         if c.get('colleagues'):\n"                                                                                                  \
    "             m = statistics.median(v['value'] for v in c['colleagues'])\n"                                                           \
    "             print(x['code'], x.get('subject', ''), 'team_median', c['team_median'], "                                               \
    "'recomputed', m)\n"                                                                                                                  \
    "     PY\n"                                                                                                                           \
    "An import file hr-analytics erased since the snapshot was frozen (PIPL Art. 47:\n"                                                   \
    "analytics_erasures.json, written at export) is said as \"erased on DATE by WHO: WHY\": its\n"                                        \
    "lines are listed, not checked - nothing was tampered with, the file is gone by decision.\n"                                          \
    "Every sha256 and line must say OK, and each recomputed median must equal team_median (KPI\n"                                         \
    "attainment medians are rounded to one decimal). What the snapshot does NOT prove: that the\n"                                        \
    "import file was what the company's system really recorded - only that these lines stood in\n"                                        \
    "the file of that SHA-256 when hr-analytics imported it; and the department the team was\n"                                           \
    "taken from is the one the people imports dated (the comparison says when it is today's\n"                                            \
    "instead of the window's). The snapshot's `team` names the people import's line that put\n"                                           \
    "the employee in that department (department_source; the line is in source_files, checked\n"                                          \
    "like any other) and the people imports that put the colleagues there (people_file_ids).\n"                                           \
    "中文：事实快照（manifest.json 中 kind 为 facts_snapshot）是人力分析服务在 HR "                                    \
    "审核时冻结的本案\n"                                                                                                          \
    "员工事实，每项事实的 sources 指向导入文件（file_id、file_name）的行号（钉钉/企业微信 JSON "             \
    "为记录号）"                                                                                                                     \
    "及该行\n"                                                                                                                         \
    "原文。快照的 source_files 按 file_id 列出每个被引用的导入文件的 SHA-256、文件名、编码和\n"               \
    "本员工被引用的各行原文（节选，不含其他员工的记录）。核对方法：向公司取得原始导入文件，\n" \
    "sha256sum 原文件 应等于 sha256；sed -n 'Np' 原文件（GB18030/UTF-16 文件先用 iconv 转为\n"                           \
    "UTF-8）应等于快照中第 N 行的原文。团队比较（comparison）列出计算中位数所用的同事数值\n"             \
    "（colleagues：同事 1..n 按数值升序，不具名）及其来源导入文件（file_ids）；其中位数应等于\n"          \
    "team_median。快照的 team 指明把该员工列入比较部门的人员导入文件及其行（department_source，\n"            \
    "该行亦列于 source_files，同样核对），以及同事所在部门的人员导入文件（people_file_ids）。\n"            \
    "上面的 python3 脚本逐项核对，每行应为 OK。快照冻结后被人力分析服务依法删除的导入文件\n"          \
    "（《个人信息保护法》第四十七条；见 analytics_erasures.json）显示为“erased on 日期 by 操作人”"          \
    "及删除原因：\n"                                                                                                                \
    "其各行只列出不核对，并非篡改；如公司另存有原文件，其 SHA-256 应等于快照所记。\n"

// The offline checks' part of README.txt: SHA256SUMS, verify.py, which file is authoritative,
// the times (%s twice: the company's zone) and what is not in the export.
#define S_README_OFFLINE                                                                                                            \
    "6. 离线核对与阅读 / Checking offline, and what to read\n"                                                               \
    "----------------------------------------------------\n"                                                                        \
    "中文：\n"                                                                                                                   \
    "SHA256SUMS 列出本导出的每个文件（证据、签名、manifest.json、audit.jsonl、案件日志、\n"                 \
    "README.txt、verify.py 等）及其 SHA-256；sha256sum -c SHA256SUMS 报告缺失或改动的文件。\n"                     \
    "verify.py（python3，只用标准库）核对：SHA256SUMS 所列每个文件，且目录中没有未列出的\n"             \
    "文件；manifest.json 所列每份证据及其签名文件；审计摘录从第一条到链头逐条连续，每条的\n"     \
    "链接及每条完整记录的 hash，以及本次导出的 export 记录；案件日志每条的 hash，其链头与\n"       \
    "export 记录所载一致；case-versions.json 每一版都对应日志中的一条。全部通过时输出 OK，\n"           \
    "否则输出第一个不通过的项目（中文与英文）并以状态 1 退出。\n"                                        \
    "以何为准：案件记录以 case-journal.jsonl 的 case_bytes_base64（经哈希链覆盖）为准；\n"                    \
    "case-versions.json（各版本的可读 JSON）、evidence-index.zh.txt（证据目录）和\n"                                \
    "case-timeline.zh.txt（案件经过）均由导出内容生成，仅便于阅读；其 SHA-256 记于\n"                       \
    "SHA256SUMS 与 manifest.json，可证明导出后未被改动，但不能证明转写忠实。\n"                              \
    "时间：哈希所覆盖的时间都是 UTC（at_ms，以 Z 结尾的时间）；带 _local 的字段、证据目录和\n"     \
    "案件经过为公司所在时区（%s）的当地时间，通知书等文书亦用当地时间。manifest.json 中的\n"      \
    "case_holds.closed_ms 不是结案操作的时间，而是证据保存期限的起算点：结案时间与劳动合同\n"       \
    "最后一日当地 24:00 两者中较晚者（如 UTC+08:00 下最后一日为 2026-11-30，则为\n"                          \
    "2026-11-30T16:00:00Z，即当地 2026-12-01 00:00）；结案操作的时间见 case-journal.jsonl\n"                          \
    "中的 workflow.CloseCase 条目。\n"                                                                                         \
    "通知：案件记录只载有每条通知的模板与收件人（如 interview_invite 发给 E0117）；通知正文\n"       \
    "与送达记录（hr-notify）不在本导出中，须另向公司调取。\n"                                                 \
    "不能证明的事项：能改写整个导出的人也能重新生成 SHA256SUMS、manifest.json 和 verify.py，\n"           \
    "它们只证明导出后没有被部分改动或删减。导出是否与公司系统一致，须把上面的审计链头与\n" \
    "公司系统核对（hrctl verify）。\n"                                                                                     \
    "\n"                                                                                                                            \
    "English:\n"                                                                                                                    \
    "SHA256SUMS lists every file of this export (records, signatures, manifest.json,\n"                                             \
    "audit.jsonl, the case journal, README.txt, verify.py ...) with its SHA-256;\n"                                                 \
    "sha256sum -c SHA256SUMS reports a file missing or changed. verify.py (python3, standard\n"                                     \
    "library only) checks: every file SHA256SUMS lists, and no file it does not list; every\n"                                      \
    "record manifest.json lists and its signature files; the audit extract without a gap from\n"                                    \
    "its first entry to the chain head - every link, every full entry's hash - and this\n"                                          \
    "export's `export` entry; every case journal entry's hash, and that the journal head is the\n"                                  \
    "one the export entry records; that every version in case-versions.json is a journal entry.\n"                                  \
    "It prints OK when all pass, else the first bad item in Chinese and English, and exits 1.\n"                                    \
    "What is authoritative: the case record is case_bytes_base64 in case-journal.jsonl (covered\n"                                  \
    "by the journal's hashes). case-versions.json (each version as JSON), evidence-index.zh.txt\n"                                  \
    "(证据目录, the evidence index) and case-timeline.zh.txt (案件经过, the timeline) are made\n"                           \
    "from the export for reading; their SHA-256 in SHA256SUMS and manifest.json shows they were\n"                                  \
    "not changed after the export, not that the rendering is faithful.\n"                                                           \
    "Times: the times the hashes cover are UTC (at_ms; times ending in Z). Fields ending in\n"                                      \
    "_local, the index and the timeline give the company's local time (%s), as the letters\n"                                       \
    "do. case_holds.closed_ms in manifest.json is not when the case was closed but what the\n"                                      \
    "keeping of the records counts from: the later of the close and the end (24:00 local) of\n"                                     \
    "the contract's last day (at UTC+08:00, a last day of 2026-11-30 gives\n"                                                       \
    "2026-11-30T16:00:00Z, i.e. 2026-12-01 00:00 local). When the case was closed is the\n"                                         \
    "workflow.CloseCase entry of case-journal.jsonl.\n"                                                                             \
    "Notifications: the case record holds each notification's template and recipients only\n"                                       \
    "(such as interview_invite to E0117); their text and delivery record (hr-notify) are not\n"                                     \
    "in this export and must be asked of the company.\n"                                                                            \
    "What this does NOT prove: whoever can rewrite the whole export can also make SHA256SUMS,\n"                                    \
    "manifest.json and verify.py anew: they show the export was not partly changed or cut\n"                                        \
    "after it was made. That it matches the company's system is checked by comparing the\n"                                         \
    "chain head above with the company's own audit log (hrctl verify).\n"

// The import files the exported facts snapshots cite that hr-analytics has erased since
// (services/analytics README "Erasing an import"): written to DIR/analytics_erasures.json (file
// id -> file_no, file_name, sha256, erased_on, erased_at, erased_by, erased_reason) for the
// README's recipe, which then says the file was erased rather than leave the lines unchecked
// without a word. Not reaching hr-analytics is said and is no failure (the export holds no
// erasure then); 0, or -1 when the file cannot be written.
// The export's signature (after manifest.json is written, before README.txt and SHA256SUMS):
// hr-evidence's service key signs the SHA-256 of manifest.json, which states the audit chain
// head and the journal head and every other file's SHA-256. DIR/export.sig (64 raw bytes) and
// DIR/service-key.pub (PEM); the key's fingerprint into fp_out (arena). 0 or -1.
static int s_sign(ctl_ev_t *c, const char *case_id, const char *dir, const char *m_path,
                  const char **fp_out)
{
    char *text = NULL;
    size_t len = 0;
    if (hr_file_read(m_path, 64u << 20, &text, &len)) {
        fprintf(stderr, "hrctl evidence export: %s: cannot read it back to sign\n", m_path);
        return -1;
    }
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)text, len);
    hr_free(text);
    Hr__Evidence__SignExportRequest req = HR__EVIDENCE__SIGN_EXPORT_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.manifest_sha256.data = d;
    req.manifest_sha256.len = sizeof d;
    hr_call_opts_t opts = {.timeout_ms = 30000, .retries = 1, .actor = &c->actor};
    hr_result_t res;
    hr_rc_t hrc =
        hr_client_call(c->client, "evidence.SignExport", &req.base,
                       &hr__evidence__sign_export_reply__descriptor, c->arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (hrc) {
        fprintf(stderr,
                "hrctl evidence export: the export could not be signed: %s (%s); the export is "
                "not finished (an hr-evidence without a service key is an older one: update it)\n",
                res.message ? res.message : "failed", hr_rc_name(hrc));
        return -1;
    }
    const Hr__Evidence__SignExportReply *rep = res.reply;
    if (rep->signature.len != crypto_sign_BYTES ||
        rep->public_key.len != crypto_sign_PUBLICKEYBYTES ||
        crypto_sign_verify_detached(rep->signature.data, d, sizeof d, rep->public_key.data)) {
        fprintf(stderr, "hrctl evidence export: hr-evidence's signature does not verify\n");
        return -1;
    }
    char *pem = s_pem(c->arena, &rep->public_key);
    if (s_write(hr_arena_fmt(c->arena, "%s/export.sig", dir), rep->signature.data,
                rep->signature.len) ||
        s_write(hr_arena_fmt(c->arena, "%s/service-key.pub", dir), pem, strlen(pem)))
        return -1;
    *fp_out = hr_arena_strdup(c->arena, rep->fingerprint);
    return 0;
}

static int s_erasures(ctl_ev_t *c, const char *dir, const Hr__Evidence__ExportReply *rep)
{
    json_t *cited = json_object();
    for (size_t i = 0; i < rep->n_evidence; i++) {
        if (strcmp(rep->evidence[i]->kind, "facts_snapshot"))
            continue;
        char *path = hr_arena_fmt(c->arena, "%s/files/%s", dir, rep->evidence[i]->id);
        json_t *snap = json_load_file(path, 0, NULL);
        const char *fid;
        json_t *v;
        json_object_foreach(json_object_get(snap, "source_files"), fid, v)
            json_object_set_new(cited, fid, json_true());
        json_decref(snap);
    }
    if (!json_object_size(cited)) {
        json_decref(cited);
        return 0;
    }
    Hr__Analytics__ListImportsRequest req = HR__ANALYTICS__LIST_IMPORTS_REQUEST__INIT;
    req.max = 1000;
    ctl_an_as_t as = {0};
    if (strcmp(c->actor.user_id, "operator"))
        as.as = c->actor.user_id;
    void *reply = NULL;
    hr_rc_t rc = ctl_an_call(
        "hrctl evidence export", "erased import files", c->dir, &as, "analytics.ListImports",
        &req.base, &hr__analytics__list_imports_reply__descriptor, 30000, NULL, c->arena, &reply);
    if (rc) {
        fprintf(stderr, "hrctl evidence export: hr-analytics not asked which cited import files "
                        "it erased: the export says none\n");
        json_decref(cited);
        return 0;
    }
    const Hr__Analytics__ListImportsReply *r = reply;
    json_t *out = json_object();
    for (size_t i = 0; i < r->n_files; i++) {
        const Hr__Analytics__ImportedFile *f = r->files[i];
        if (!f->erased || !json_object_get(cited, f->file_id))
            continue;
        char iso[HR_TIME_ISO_LEN], day[HR_DATE_LEN];
        hr_date_format(hr_day_of_ms(f->erased_ms, 0), day);
        json_object_set_new(
            out, f->file_id,
            json_pack("{s:i,s:o,s:o,s:s,s:s,s:o,s:o}", "file_no", (int)f->file_no, "file_name",
                      ctl_json_str(f->name), "sha256", ctl_json_str(f->sha256), "erased_on", day,
                      "erased_at", hr_time_iso(f->erased_ms, iso), "erased_by",
                      ctl_json_str(f->erased_by), "erased_reason", ctl_json_str(f->erased_reason)));
    }
    json_decref(cited);
    int wrc = json_object_size(out)
                  ? s_write_json(hr_arena_fmt(c->arena, "%s/analytics_erasures.json", dir), out)
                  : 0;
    json_decref(out);
    return wrc;
}

int ctl_ev_export(ctl_ev_t *c, const char *case_id, const char *dir)
{
    if (mkdir(dir, 0700) && errno != EEXIST) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", dir, strerror(errno));
        return CTL_EXIT_FAIL;
    }
    char *files = hr_strfmt("%s/files", dir), *sigs = hr_strfmt("%s/signatures", dir);
    int code = CTL_EXIT_FAIL;
    ctl_wf_opts_t zo = {.config_dir = c->dir};
    ctl_zone_t zone = ctl_zone(&zo);
    json_t *manifest = NULL;
    // A directory that holds anything is refused: an export is never mixed with other files.
    struct stat st;
    char *m_path = hr_strfmt("%s/manifest.json", dir);
    if (stat(files, &st) == 0 || stat(m_path, &st) == 0) {
        fprintf(stderr, "hrctl evidence export: %s holds an export already; name a new directory\n",
                dir);
        goto out;
    }
    // The case's journal first: its head goes into the export's audit entry, so the workflow's
    // history as exported is anchored in hr-evidence's chain too.
    manifest = json_object();
    char journal_head[CTL_JOURNAL_HEAD_MAX] = "";
    int journal = ctl_journal_export(c, case_id, dir, manifest, journal_head);
    if (journal == -1)
        goto out;
    Hr__Evidence__ExportRequest req = HR__EVIDENCE__EXPORT_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.case_journal_head = journal_head;
    hr_call_opts_t opts = {.timeout_ms = 30000, .retries = 1, .actor = &c->actor};
    hr_result_t res;
    hr_rc_t hrc = hr_client_call(c->client, "evidence.Export", &req.base,
                                 &hr__evidence__export_reply__descriptor, c->arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (hrc) {
        fprintf(stderr, "hrctl evidence export: %s (%s)\n", res.message ? res.message : "failed",
                hr_rc_name(hrc));
        code = hrc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    Hr__Evidence__ExportReply *rep = res.reply;
    if (s_mkdir(files) || s_mkdir(sigs))
        goto out;
    // The export's time is the one its audit entry holds (hr-evidence's clock): this machine's
    // clock may say anything, and the export must not contradict its own audit.
    if (!rep->export_ms) {
        fprintf(stderr, "hrctl evidence export: hr-evidence does not say when it recorded the "
                        "export (an older hr-evidence?); the export is not finished\n");
        goto out;
    }
    char iso[HR_TIME_ISO_LEN];
    json_object_set_new(manifest, "format", json_string("hr.evidence.export.v1"));
    json_object_set_new(manifest, "case_id", ctl_json_str(case_id));
    json_object_set_new(manifest, "exported_ms", json_integer(rep->export_ms));
    json_object_set_new(manifest, "exported_at", json_string(hr_time_iso(rep->export_ms, iso)));
    json_object_set_new(manifest, "exported_at_local", s_local(rep->export_ms, &zone));
    json_object_set_new(manifest, "time_zone", json_string(zone.name));
    json_object_set_new(manifest, "exporter", ctl_json_str(c->actor.user_id));
    json_object_set_new(manifest, "export_audit_seq", json_integer((json_int_t)rep->export_seq));
    json_object_set_new(manifest, "truncated", json_boolean(rep->truncated));
    if (rep->case_info) {
        const Hr__Evidence__CaseInfo *ci = rep->case_info;
        json_t *k = json_object();
        json_object_set_new(k, "closed_ms", json_integer(ci->closed_ms));
        if (ci->closed_ms) {
            // Often not when anyone closed the case (the journal says that): the later of that
            // close and the end of the contract's last day, 24:00 in the company's zone - what
            // the keeping of these records counts from (ev_events.c, workflow.CaseClosed).
            json_object_set_new(k, "closed_at", s_time(ci->closed_ms));
            json_object_set_new(k, "closed_at_local", s_local(ci->closed_ms, &zone));
            json_object_set_new(
                k, "closed_means",
                json_string("retention start: the later of the case's close and the end (24:00 "
                            "local) of the contract's last day; not necessarily when the case "
                            "was closed (case-journal.jsonl, CloseCase) / 证据保存期限起算点："
                            "结案时间与劳动合同最后一日当地 24:00 两者中较晚者，不一定是结案操作"
                            "时间"));
        }
        json_object_set_new(k, "held", json_boolean(ci->held));
        json_object_set_new(k, "hold_reason", ctl_json_str(ci->hold_reason));
        json_object_set_new(k, "held_by", ctl_json_str(ci->held_by));
        json_object_set_new(k, "held_ms", json_integer(ci->held_ms));
        json_object_set_new(k, "dispute_held", json_boolean(ci->dispute_held));
        json_object_set_new(manifest, "case_holds", k);
    }
    json_t *records = json_array();
    json_object_set_new(manifest, "records", records);
    for (size_t i = 0; i < rep->n_evidence; i++) {
        const Hr__Evidence__Evidence *e = rep->evidence[i];
        if (!ev_id_is_valid(e->id)) { // it names a file: never a path
            fprintf(stderr, "hrctl evidence export: the reply holds a record with a bad id\n");
            goto out;
        }
        unsigned char *data = NULL;
        size_t len = 0;
        const char *message = NULL;
        // ev_client_get hands out nothing whose SHA-256 is not the id.
        // For this case: the get's audit entry names it, and so is in the extract.
        hrc = ev_client_get_for(c->client, e->id, case_id, &c->actor, CTL_EXPORT_GET_MAX, c->arena,
                                &data, &len, &message);
        if (hrc) {
            fprintf(stderr, "hrctl evidence export: %s: %s (%s); nothing more exported\n", e->id,
                    message ? message : "failed", hr_rc_name(hrc));
            goto out;
        }
        char *path = hr_arena_fmt(c->arena, "%s/%s", files, e->id);
        int wrc = s_write(path, data, len);
        hr_free(data);
        if (wrc)
            goto out;
        json_t *r = s_record(dir, e, &zone, c->arena);
        if (!r)
            goto out;
        json_array_append_new(records, r);
    }
    if (s_audit(c, dir, case_id, &zone, manifest))
        goto out;
    const json_t *audit = json_object_get(manifest, "audit");
    char *readme = hr_arena_fmt(
        c->arena, S_README, case_id, iso, c->actor.user_id, (unsigned long long)rep->export_seq,
        (unsigned long long)rep->export_seq,
        (unsigned long long)json_integer_value(json_object_get(audit, "chain_head_seq")),
        json_string_value(json_object_get(audit, "chain_head_hash")));
    if (journal >= 0)
        readme = hr_arena_fmt(c->arena, "%s\n" S_README_JOURNAL, readme, journal_head);
    if (journal >= 0)
        readme = hr_arena_fmt(c->arena, "%s\n" S_README_ANCHOR, readme);
    // The facts snapshots: what they are, their sources and how a cited line is checked.
    const char *snaps = "";
    for (size_t i = 0; i < rep->n_evidence; i++)
        if (!strcmp(rep->evidence[i]->kind, "facts_snapshot"))
            snaps = hr_arena_fmt(c->arena, "%s%sfiles/%s", snaps, *snaps ? ", " : "",
                                 rep->evidence[i]->id);
    if (*snaps)
        readme = hr_arena_fmt(c->arena, "%s\n" S_README_FACTS, readme, snaps);
    if (*snaps && s_erasures(c, dir, rep))
        goto out;
    readme = hr_arena_fmt(c->arena, "%s\n" S_README_OFFLINE, readme, zone.name, zone.name);
    // SHA256SUMS last: it covers every other file, the manifest and README.txt too.
    const char *fp = NULL;
    if (ctl_export_docs(dir, manifest, &zone) || s_write_json(m_path, manifest) ||
        s_sign(c, case_id, dir, m_path, &fp))
        goto out;
    readme = hr_arena_fmt(c->arena, "%s\n" S_README_SIGNED, readme, fp, fp);
    if (s_write(hr_arena_fmt(c->arena, "%s/README.txt", dir), readme, strlen(readme)) ||
        ctl_export_sums(dir))
        goto out;
    printf("exported case %s: %zu record(s), %lld audit entries, to %s\n", case_id, rep->n_evidence,
           (long long)json_integer_value(json_object_get(audit, "entries")), dir);
    printf("signed by hr-evidence's service key sha256:%s (export.sig, service-key.pub)\n", fp);
    if (journal >= 0)
        printf("case journal: %d entries, head %s\n", journal, journal_head);
    if (rep->truncated)
        printf("warning: the case has more records than one export holds (%d)\n", EV_LIST_MAX);
    code = CTL_EXIT_OK;
out:
    json_decref(manifest);
    hr_free(m_path);
    hr_free(files);
    hr_free(sigs);
    return code;
}
