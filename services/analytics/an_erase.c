/*  an_erase - a withdrawn import deleted for good (README "Erasing an import"; PIPL Art. 19 and
 *  47: kept no longer than needed, deleted when the purpose is met or consent withdrawn).
 *
 *  Only a withdrawn import is erased: the withdrawal already rebuilt every derived db without
 *  it (an_withdraw.c), so nothing that counts rests on it and no fact can cite it any more. What
 *  is left of it is deleted here: its quarantined rows and JSON record texts (in the request's
 *  transaction), the stored reply of its import request (which lists its first bad rows, raw),
 *  and - after the commit - its text and bytes beside the store (<id>.txt, <id>.orig); then the
 *  store is compacted (hr_store_compact), because LMDB keeps deleted records in its free pages.
 *  The File record stays as the tombstone: number, name, size, counts, the SHA-256 of the bytes
 *  as received (taken now, from the bytes about to be deleted), who erased it, when and why, so
 *  a facts snapshot frozen into a case that cites the file still finds whose hash it was and
 *  why the file can no longer be shown.
 *
 *  The same bytes imported as several kinds share their stored text: they are erased together,
 *  and only when every one of them was withdrawn. Erasing an erased import again changes
 *  nothing but removes files a crash after the commit left behind (idempotent).
 */
#include "an.h"

#include <sodium.h>

// The imports of one file id: every one must be withdrawn before the bytes go.
typedef struct {
    Hr__Analytics__File *f[AN_ERASE_SAME_MAX]; // arena
    size_t n;                                  // entries used
    size_t more;                               // beyond AN_ERASE_SAME_MAX (not erased)
} s_same_t;

static hr_rc_t s_same(void *arg, const Hr__Analytics__File *f)
{
    s_same_t *s = arg;
    if (s->n < AN_ERASE_SAME_MAX)
        s->f[s->n++] = (Hr__Analytics__File *)f;
    else
        s->more++;
    return HR_OK;
}

// SHA-256 (hex) of the file at path; false when it cannot be read whole.
static bool s_sha256(const char *path, char hex[65])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        crypto_hash_sha256_update(&st, buf, got);
    bool ok = !ferror(fp);
    fclose(fp);
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    for (size_t i = 0; i < sizeof h; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    return ok;
}

hr_rc_t an_erase_reason_check(const char *reason, const char *what_zh, char *why, size_t why_len,
                              char *why_zh, size_t why_zh_len)
{
    size_t rl = strlen(reason);
    if (!rl || strspn(reason, " \t\r\n") == rl) {
        snprintf(why, why_len, "reason: empty: say why (it is kept, for audit)");
        an_zh(why_zh, why_zh_len,
              "%s原因（--reason）不能为空：请写明原因（原因会被保存，供审计）。", what_zh);
        return HR_EINVAL;
    }
    if (rl > AN_REASON_MAX || !hr_utf8_is_valid(reason, rl)) {
        snprintf(why, why_len, "reason: at most %d bytes of UTF-8 text", AN_REASON_MAX);
        an_zh(why_zh, why_zh_len, "%s原因（--reason）最多 %d 个字节的 UTF-8 文本：请写得简短一些。",
              what_zh, AN_REASON_MAX);
        return HR_EINVAL;
    }
    char unsafe[AN_REASON_MAX];
    if (hr_utf8_has_unsafe(reason, rl, HR_UTF8_ALLOW_TEXT, unsafe, sizeof unsafe)) {
        snprintf(why, why_len, "reason: %s", unsafe);
        an_zh(why_zh, why_zh_len, "%s原因（--reason）含有不能保存的字符（%s）：请删去后重试。",
              what_zh, unsafe);
        return HR_EINVAL;
    }
    return HR_OK;
}

static void s_reply(hr_arena_t *arena, const Hr__Analytics__File *f,
                    Hr__Analytics__EraseImportReply *rep)
{
    rep->file_id = hr_arena_alloc(arena, 65);
    rep->file_id[0] = '\0';
    for (size_t i = 0; i < 32 && f->file_id.len == 32; i++)
        snprintf(rep->file_id + 2 * i, 3, "%02x", f->file_id.data[i]);
    rep->file_no = f->file_no;
    rep->kind = f->kind;
    rep->file_name = f->name;
    rep->sha256 = f->sha256;
    rep->records = f->lines;
    rep->erased_ms = f->erased_ms;
    rep->erased_by = f->erased_by;
    rep->erased_reason = f->erased_reason;
}

hr_rc_t an_erase(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, const char *ref, const char *reason,
                 hr_arena_t *arena, Hr__Analytics__EraseImportReply *rep, char *why, size_t why_len)
{
    assert(ctx->now_ms > 0); // erased_ms 0 reads as "kept"
    hr_rc_t rc = an_erase_reason_check(reason, "删除", why, why_len, ctx->why_zh, ctx->why_zh_len);
    if (rc)
        return rc;
    Hr__Analytics__File *e = NULL;
    rc = an_file_find(txn, ref, arena, &e, why, why_len, ctx->why_zh, ctx->why_zh_len);
    if (rc)
        return rc;
    if (!e->withdrawn_ms) {
        snprintf(why, why_len,
                 "file: import %u (%s) still counts: withdraw it first (hrctl import withdraw %u "
                 "--reason ...), then erase it",
                 e->file_no, e->name, e->file_no);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入（%s）仍在计入：请先撤回（hrctl import withdraw %u --reason ...），"
              "再删除。",
              e->file_no, e->name, e->file_no);
        return HR_ECONFLICT;
    }
    if (e->erased_ms) { // erased before: the tombstone as it is; the caller removes leftovers
        s_reply(arena, e, rep);
        rep->already_erased = true;
        return HR_OK;
    }
    if (e->file_id.len != 32) {
        snprintf(why, why_len, "store: import %u has no file id", e->file_no);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入的记录缺少文件编号，无法删除：请联系系统管理员。", e->file_no);
        return HR_EIO;
    }
    s_same_t same;
    memset(&same, 0, sizeof same);
    rc = an_store_files_of_id(txn, e->file_id.data, arena, s_same, &same);
    if (rc)
        return rc;
    for (size_t i = 0; i < same.n; i++) {
        if (same.f[i]->withdrawn_ms)
            continue;
        snprintf(why, why_len,
                 "file: import %u (%s) holds the same bytes and still counts: withdraw it first "
                 "(the bytes are kept once for both)",
                 same.f[i]->file_no, same.f[i]->name);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入（%s）是同一文件内容，仍在计入：请先撤回该次导入（两者共用保存的文件）"
              "，再删除。",
              same.f[i]->file_no, same.f[i]->name);
        return HR_ECONFLICT;
    }
    if (same.more)
        return HR_EINTERNAL; // AN_ERASE_SAME_MAX kinds and formats of one file cannot happen

    // The bytes as received: the .orig when decoding changed them, else the text.
    char sha[65] = "";
    char *orig = an_store_blob_orig_path(hr_txn_store(txn), e->file_id.data);
    char *txt = an_store_blob_path(hr_txn_store(txn), e->file_id.data);
    if (!s_sha256(orig, sha) && !s_sha256(txt, sha))
        sha[0] = '\0';
    hr_free(orig);
    hr_free(txt);

    rep->also_erased = hr_arena_alloc(arena, (same.n + 1) * sizeof *rep->also_erased);
    for (size_t i = 0; i < same.n; i++) {
        Hr__Analytics__File *f = same.f[i];
        uint64_t before =
            hr_store_count(txn, AN_DB_QUARANTINE) + hr_store_count(txn, AN_DB_RECORDS);
        rc = an_store_bad_clear(txn, f->file_no);
        if (!rc)
            rc = an_store_record_clear(txn, f->file_no);
        if (!rc && f->msg_id && *f->msg_id)
            rc = an_store_dedupe_forget(txn, f->msg_id);
        if (rc)
            return rc;
        rep->quarantine_removed += (uint32_t)(before - hr_store_count(txn, AN_DB_QUARANTINE) -
                                              hr_store_count(txn, AN_DB_RECORDS));
        if (f->erased_ms)
            continue;
        f->erased_ms = ctx->now_ms;
        f->erased_by = (char *)(ctx->actor ? ctx->actor : "");
        f->erased_reason = (char *)reason;
        f->erased_msg_id = (char *)(ctx->msg_id ? ctx->msg_id : "");
        f->sha256 = hr_arena_strdup(arena, sha);
        rc = an_store_file_put(txn, f);
        if (rc)
            return rc;
        if (f->file_no == e->file_no)
            s_reply(arena, f, rep);
        else
            rep->also_erased[rep->n_also_erased++] = f->file_no;
    }
    return HR_OK;
}

uint32_t an_erase_files_count(hr_store_t *store, const uint8_t id[32])
{
    char *paths[2] = {an_store_blob_path(store, id), an_store_blob_orig_path(store, id)};
    uint32_t n = 0;
    for (size_t i = 0; i < HR_ARRAY_LEN(paths); i++) {
        n += access(paths[i], F_OK) == 0;
        hr_free(paths[i]);
    }
    return n;
}

uint32_t an_erase_files(hr_store_t *store, const uint8_t id[32])
{
    char *paths[2] = {an_store_blob_path(store, id), an_store_blob_orig_path(store, id)};
    uint32_t removed = 0;
    for (size_t i = 0; i < HR_ARRAY_LEN(paths); i++) {
        if (!unlink(paths[i]))
            removed++;
        else if (errno != ENOENT)
            hr_error("import.erase_unlink", "errno=%d", errno);
        hr_free(paths[i]);
    }
    if (removed) { // the names gone from the directory reach the disk
        char *dir = hr_strfmt("%s/%s", hr_store_dir(store), AN_BLOB_DIR);
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            fsync(fd);
            close(fd);
        }
        hr_free(dir);
    }
    return removed;
}
