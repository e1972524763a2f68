/*  an_withdraw - an import taken back (README "Withdrawing an import").
 *
 *  A withdrawn file is kept - its bytes and text beside the store, its File record, quarantine
 *  rows and record texts - marked with who withdrew it, when and why, and counts for nothing
 *  from then on. Nothing derived may remember it, and what it displaced must come back: a
 *  punch it brought first keeps it as the punch's source, a KPI row it replaced hides the
 *  earlier file's value, a people row it wrote moves a person. So the derived dbs (days,
 *  people, pins, people_by_dept, dept_days, dept_ever, rows, pin_files) are emptied and every
 *  remaining file is imported again from its stored text, in import order (file numbers ascend with
 * it), inside the request's one write transaction: a crash leaves the store before or after, never
 * half. The remaining files keep what their import recorded of the days they span (File.first_at,
 *  spans, source): those come from the file alone; their counts (accepted, quarantined) are
 *  those of this reading, as if the withdrawn file had never come.
 */
#include "an.h"

#include <sodium.h>

#define S_UNCOVERED_DAYS_MAX 40000 // days of a withdrawn file looked at for "no longer covered"

// The imports of one file id (the same bytes as several kinds or formats are several).
typedef struct {
    Hr__Analytics__File *first; // the first one met (arena)
    size_t count;               // how many
    char nos[128];              // their numbers and kinds, for the refusal
    size_t len;                 // bytes used in nos
} s_of_id_t;

static hr_rc_t s_of_id(void *arg, const Hr__Analytics__File *f)
{
    s_of_id_t *o = arg;
    if (!o->count++)
        o->first = (Hr__Analytics__File *)f;
    if (o->len < sizeof o->nos - 32)
        o->len += (size_t)snprintf(o->nos + o->len, sizeof o->nos - o->len, "%s%u (%s)",
                                   o->len ? ", " : "", f->file_no, an_kind_name(f->kind));
    return HR_OK;
}

hr_rc_t an_file_find(hr_txn_t *txn, const char *ref, hr_arena_t *arena, Hr__Analytics__File **out,
                     char *why, size_t why_len, char *why_zh, size_t why_zh_len)
{
    *out = NULL;
    size_t n = strlen(ref);
    int64_t no = 0;
    if (n == 64) {
        uint8_t id[32];
        size_t bin_len = 0;
        if (sodium_hex2bin(id, sizeof id, ref, 64, NULL, &bin_len, NULL) || bin_len != 32) {
            snprintf(why, why_len, "file: '%.64s' is not a file id (64 hex digits)", ref);
            an_zh(why_zh, why_zh_len,
                  "“%.64s”不是文件编号（应为 64 位十六进制数字）：可用 hrctl import list 查看各次"
                  "导入的编号和文件编号。",
                  ref);
            return HR_EINVAL;
        }
        s_of_id_t o;
        memset(&o, 0, sizeof o);
        hr_rc_t rc = an_store_files_of_id(txn, id, arena, s_of_id, &o);
        if (rc == HR_ENOTFOUND) {
            snprintf(why, why_len, "file: no import of file id %s", ref);
            an_zh(why_zh, why_zh_len,
                  "没有文件编号为 %s 的导入：可用 hrctl import list 查看各次导入。", ref);
        }
        if (rc)
            return rc;
        if (o.count > 1) {
            snprintf(why, why_len,
                     "file: the bytes %.12s... were imported %zu times (imports %s): give the "
                     "import's number",
                     ref, o.count, o.nos);
            an_zh(why_zh, why_zh_len,
                  "文件编号 %.12s... 对应的内容导入过 %zu 次（第 %s 次导入）：请改用导入的编号"
                  "指明是哪一次。",
                  ref, o.count, o.nos);
            return HR_EINVAL;
        }
        *out = o.first;
        return HR_OK;
    }
    if (!n || n > 10 || strspn(ref, "0123456789") != n || !hr_parse_i64(ref, 1, UINT32_MAX, &no)) {
        snprintf(why, why_len,
                 "file: '%.80s' is neither a file id (64 hex digits) nor an import number "
                 "(hrctl import list shows both)",
                 ref);
        an_zh(why_zh, why_zh_len,
              "“%.80s”既不是文件编号（64 位十六进制数字），也不是导入的编号：两者都可以用 hrctl "
              "import list 查看。",
              ref);
        return HR_EINVAL;
    }
    hr_rc_t rc = an_store_file_by_no(txn, (uint32_t)no, arena, out);
    if (rc == HR_ENOTFOUND) {
        snprintf(why, why_len, "file: no import number %lld (hrctl import list shows them)",
                 (long long)no);
        an_zh(why_zh, why_zh_len, "没有第 %lld 次导入：可用 hrctl import list 查看各次导入的编号。",
              (long long)no);
    }
    return rc;
}

// ---- the days a withdrawn attendance file covered that nothing else covers ----

typedef struct {
    hr_txn_t *txn;     // borrowed
    hr_arena_t *arena; // borrowed: PIN copies, File records
    char **pins;       // arena: the withdrawn file's PINs
    size_t npins, cap; // entries used and allocated
    int32_t lo, hi;    // the days looked at
    uint8_t *covered;  // owned: 1 = the withdrawn file covered the day and nothing else does
    uint8_t *seen;     // owned: file numbers looked at already
    uint32_t nos;      // entries in seen
    hr_rc_t rc;        // first store failure
} s_cover_t;

static hr_rc_t s_pin_keep(void *arg, const char *pin)
{
    s_cover_t *c = arg;
    if (c->npins == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        char **v = hr_arena_alloc(c->arena, cap * sizeof *v);
        if (c->npins)
            memcpy(v, c->pins, c->npins * sizeof *v);
        c->pins = v;
        c->cap = cap;
    }
    c->pins[c->npins++] = hr_arena_strdup(c->arena, pin);
    return HR_OK;
}

// The days f covers - its stretches that are no outliers, or its first to its last day for a
// file imported before stretches were kept - set to on in c->covered; before c->covered exists,
// they widen c->lo..c->hi instead (the first pass, over the withdrawn file).
static void s_file_days(s_cover_t *c, const Hr__Analytics__File *f, bool on)
{
    if (f->kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE || !f->last_day)
        return;
    int32_t from[AN_SPANS_MAX + 1], to[AN_SPANS_MAX + 1];
    size_t n = 0;
    for (size_t i = 0; i < f->n_spans && n < AN_SPANS_MAX; i++) {
        if (f->spans[i]->outlier)
            continue;
        from[n] = an_day_of_at(f->spans[i]->from_at);
        to[n++] = an_day_of_at(f->spans[i]->to_at);
    }
    if (!f->n_spans) {
        from[n] = f->first_day ? f->first_day : f->last_day;
        to[n++] = f->last_day;
    }
    for (size_t i = 0; i < n; i++) {
        if (!c->covered) { // the first pass finds the days looked at
            if (c->hi < c->lo || from[i] < c->lo)
                c->lo = from[i];
            if (c->hi < to[i])
                c->hi = to[i];
            continue;
        }
        int32_t a = from[i] < c->lo ? c->lo : from[i], b = to[i] > c->hi ? c->hi : to[i];
        for (int32_t d = a; d <= b; d++)
            c->covered[d - c->lo] = on;
    }
}

static hr_rc_t s_other_file(void *arg, uint32_t no)
{
    s_cover_t *c = arg;
    if (no < c->nos && c->seen[no])
        return HR_OK;
    if (no < c->nos)
        c->seen[no] = 1;
    Hr__Analytics__File *f = NULL;
    hr_rc_t rc = an_store_file_by_no(c->txn, no, c->arena, &f);
    if (rc)
        return rc;
    if (!f->withdrawn_ms)
        s_file_days(c, f, false);
    return HR_OK;
}

// The days w covered (by day, whatever the shifts) that no remaining attendance file naming one
// of w's PINs covers, after the rebuild: counted, and the first AN_UNCOVERED_LISTED stretches
// listed in rep.
static hr_rc_t s_uncovered(s_cover_t *c, const Hr__Analytics__File *w,
                           Hr__Analytics__WithdrawImportReply *rep)
{
    c->lo = 1;
    c->hi = 0;
    s_file_days(c, w, true);
    if (c->hi < c->lo)
        return HR_OK;
    if (c->hi - c->lo >= S_UNCOVERED_DAYS_MAX)
        c->hi = c->lo + S_UNCOVERED_DAYS_MAX - 1;
    c->covered = hr_alloc((size_t)(c->hi - c->lo + 1));
    memset(c->covered, 0, (size_t)(c->hi - c->lo + 1));
    s_file_days(c, w, true);
    c->nos = an_store_file_next_no(c->txn);
    c->seen = hr_alloc(c->nos ? c->nos : 1);
    memset(c->seen, 0, c->nos ? c->nos : 1);
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < c->npins && !rc; i++)
        rc = an_store_pin_files_each(c->txn, c->pins[i], s_other_file, c);
    if (rc)
        return rc;
    rep->uncovered = hr_arena_alloc(c->arena, AN_UNCOVERED_LISTED * sizeof *rep->uncovered);
    for (int32_t d = c->lo; d <= c->hi; d++) {
        if (!c->covered[d - c->lo])
            continue;
        int32_t e = d;
        while (e < c->hi && c->covered[e + 1 - c->lo])
            e++;
        rep->days_uncovered += (uint32_t)(e - d + 1);
        if (rep->n_uncovered < AN_UNCOVERED_LISTED) {
            char a[HR_DATE_LEN], b[HR_DATE_LEN];
            hr_date_format(d, a);
            hr_date_format(e, b);
            rep->uncovered[rep->n_uncovered++] =
                d == e ? hr_arena_strdup(c->arena, a) : hr_arena_fmt(c->arena, "%s..%s", a, b);
        }
        d = e;
    }
    return HR_OK;
}

// ---- the rebuild ----

// Reads one remaining file again from its stored text. Its counts follow this reading.
static hr_rc_t s_replay_one(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, Hr__Analytics__File *f,
                            char *why, size_t why_len)
{
    if (f->file_id.len != 32) {
        snprintf(why, why_len, "store: import %u has no file id", f->file_no);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入的记录缺少文件编号，无法重建：未撤回任何导入，请联系系统管理员。",
              f->file_no);
        return HR_EIO;
    }
    hr_rc_t rc = an_store_bad_clear(txn, f->file_no);
    if (!rc)
        rc = an_store_record_clear(txn, f->file_no);
    if (rc)
        return rc;
    char *path = an_store_blob_path(hr_txn_store(txn), f->file_id.data);
    char *text = NULL;
    size_t tlen = 0;
    rc = hr_file_read(path, (size_t)f->text_size + 1, &text, &tlen);
    if (!rc && tlen != f->text_size)
        rc = HR_EIO;
    if (rc) {
        hr_error("withdraw.text", "file_no=%u rc=%s", f->file_no, hr_rc_name(rc));
        snprintf(why, why_len,
                 "store: the text of import %u (%s) cannot be read (%s): nothing withdrawn "
                 "(the rebuild reads every remaining file again)",
                 f->file_no, path, hr_rc_name(rc));
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入（%s）的文件原文无法读取（%s）：撤回需要重新读取其余每个文件，因此"
              "未撤回任何导入。请联系系统管理员检查 hr-analytics 的存储目录。",
              f->file_no, path, hr_rc_name(rc));
        hr_free(path);
        return HR_EIO;
    }
    hr_free(path);
    hr_arena_t *arena = hr_arena_new(0);
    uint32_t accepted = 0, quarantined = 0;
    char pwhy[400] = "";
    rc = an_import_replay(txn, ctx->tz_offset_min, f, text, tlen, arena, &accepted, &quarantined,
                          pwhy, sizeof pwhy);
    hr_arena_destroy(&arena);
    hr_free(text);
    if (rc) {
        snprintf(why, why_len, "import %u (%s) could not be read again: %s", f->file_no, f->name,
                 *pwhy ? pwhy : hr_rc_name(rc));
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入（%s）无法按现在的规则重新读取（原因见下方英文说明）：未撤回任何导入。"
              "请联系系统管理员。",
              f->file_no, f->name);
        return rc;
    }
    if (f->accepted == accepted && f->quarantined == quarantined)
        return HR_OK;
    f->accepted = accepted;
    f->quarantined = quarantined;
    return an_store_file_put(txn, f);
}

hr_rc_t an_withdraw_rebuild(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, uint32_t *replayed,
                            char *why, size_t why_len)
{
    uint32_t *nos = NULL;
    size_t nnos = 0;
    hr_rc_t rc = an_store_file_nos(txn, &nos, &nnos);
    if (!rc)
        rc = an_store_derived_drop(txn);
    for (size_t i = 0; i < nnos && !rc; i++) {
        hr_arena_t *tmp = hr_arena_new(0);
        Hr__Analytics__File *f = NULL;
        rc = an_store_file_by_no(txn, nos[i], tmp, &f);
        if (!rc && !f->withdrawn_ms) {
            rc = s_replay_one(txn, ctx, f, why, why_len);
            (*replayed)++;
        }
        hr_arena_destroy(&tmp);
    }
    hr_free(nos);
    return rc;
}

hr_rc_t an_withdraw(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, const char *ref,
                    const char *reason, hr_arena_t *arena, Hr__Analytics__WithdrawImportReply *rep,
                    char *why, size_t why_len)
{
    assert(ctx->now_ms > 0); // withdrawn_ms 0 reads as "counts": a withdrawal needs a time
    size_t rl = strlen(reason);
    size_t blank = strspn(reason, " \t\r\n");
    if (!rl || blank == rl) {
        snprintf(why, why_len,
                 "reason: empty: say why the file is withdrawn (it is kept with the reason, "
                 "for audit)");
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "撤回原因（--reason）不能为空：请写明为什么撤回该文件（原因会与文件一起保存，供"
              "审计）。");
        return HR_EINVAL;
    }
    if (rl > AN_REASON_MAX || !hr_utf8_is_valid(reason, rl)) {
        snprintf(why, why_len, "reason: at most %d bytes of UTF-8 text", AN_REASON_MAX);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "撤回原因（--reason）最多 %d 个字节的 UTF-8 文本：请写得简短一些。", AN_REASON_MAX);
        return HR_EINVAL;
    }
    char unsafe[AN_REASON_MAX];
    if (hr_utf8_has_unsafe(reason, rl, HR_UTF8_ALLOW_TEXT, unsafe, sizeof unsafe)) {
        snprintf(why, why_len, "reason: %s", unsafe);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "撤回原因（--reason）含有不能保存的字符（%s）：请删去后重试。", unsafe);
        return HR_EINVAL;
    }
    Hr__Analytics__File *w = NULL;
    hr_rc_t rc = an_file_find(txn, ref, arena, &w, why, why_len, ctx->why_zh, ctx->why_zh_len);
    if (rc)
        return rc;
    if (w->withdrawn_ms) {
        char day[HR_DATE_LEN];
        hr_date_format(hr_day_of_ms(w->withdrawn_ms, 0), day);
        snprintf(why, why_len, "file: import %u (%s) was withdrawn already, on %s (UTC) by %s: %s",
                 w->file_no, w->name, day, w->withdrawn_by, w->withdrawn_reason);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "第 %u 次导入（%s）已于 %s（UTC）由 %s 撤回，原因：%s。无需再次撤回。", w->file_no,
              w->name, day, w->withdrawn_by, w->withdrawn_reason);
        return HR_ECONFLICT;
    }
    rep->file_id = hr_arena_alloc(arena, 65);
    for (size_t i = 0; i < 32 && w->file_id.len == 32; i++)
        snprintf(rep->file_id + 2 * i, 3, "%02x", w->file_id.data[i]);
    rep->file_no = w->file_no;
    rep->kind = w->kind;
    rep->file_name = w->name;
    rep->records_withdrawn = w->accepted;
    rep->withdrawn_ms = ctx->now_ms;
    rep->person_days_before = hr_store_count(txn, AN_DB_DAYS);

    // What the file holds before the rebuild: its keyed rows and people, its PINs.
    an_file_refs_t refs;
    s_cover_t cover;
    memset(&cover, 0, sizeof cover);
    cover.txn = txn;
    cover.arena = arena;
    rc = an_store_file_refs(txn, w->file_no, arena, &refs);
    if (!rc && w->kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE)
        rc = an_store_file_pins_each(txn, w->file_no, s_pin_keep, &cover);
    if (rc)
        return rc;

    w->withdrawn_ms = ctx->now_ms;
    w->withdrawn_by = (char *)(ctx->actor ? ctx->actor : "");
    w->withdrawn_reason = (char *)reason;
    w->withdrawn_msg_id = (char *)(ctx->msg_id ? ctx->msg_id : "");
    rc = an_store_file_put(txn, w);
    if (!rc)
        rc = an_withdraw_rebuild(txn, ctx, &rep->files_replayed, why, why_len);
    if (rc)
        return rc;

    uint32_t rows_back = 0, people_back = 0;
    rc = an_store_file_refs_back(txn, &refs, &rows_back, &people_back);
    if (rc)
        return rc;
    rep->rows_restored = rows_back;
    rep->rows_removed = (uint32_t)refs.nrows - rows_back;
    rep->people_restored = people_back;
    rep->people_removed = (uint32_t)refs.npeople - people_back;
    rep->person_days_after = hr_store_count(txn, AN_DB_DAYS);
    rc = s_uncovered(&cover, w, rep);
    hr_free(cover.covered);
    hr_free(cover.seen);
    return rc;
}
