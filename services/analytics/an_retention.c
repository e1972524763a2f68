/*  an_retention - old imports erased by the daemon itself (README "Retention"; PIPL Art. 19 and
 *  47(1): personal information is deleted once the period it was kept for ends).
 *
 *  An import is past retention when the last day it covers (File.last_day, else its import day)
 *  is more than retention/feed_days (1095: the two years LCL Art. 50 has the employer keep a
 *  terminated contract's documents, and a year for an arbitration filed late, LDMAL Art. 27)
 *  before today. It is kept while any of its people is the employee of a case that is open, in
 *  an arbitration not decided, or closed less than retention/case_keep_days (731, hr-evidence's
 *  retention/default_days) ago from its end - or before the workflow's own keeping day for the
 *  case (CaseClosed.keep_until_ms, RetentionRedated): the facts the case may need rest on it.
 *  The cases are the ones db cases knows from the workflow's events (an_metrics_apply).
 *
 *  The rules (an_retention_is_due, an_retention_case_holds) are pure; an_retention_sweep does
 *  the work in one write transaction: the imports due are marked withdrawn and every derived db
 *  rebuilt once without them (an_withdraw_rebuild), then each is erased as `hrctl import erase`
 *  erases (an_erase) with reason "retention" by "system", and meta retention_after is set. So a
 *  crash before the commit leaves everything as it was and the next sweep does it all again; a
 *  crash after it leaves the mark, and the next sweep deletes the files beside the store and
 *  compacts (an_retention_after) before anything else. Nothing is done twice: an erased import
 *  is never due again.
 *
 *  A person's imports are found through what the import gave the derived dbs: the rows and
 *  people records whose source it is, and its PINs (pin_files, mapped to employee numbers by
 *  pins; an unmatched PIN stands for the number it is, the people feed's default). An import
 *  those leave unheld is then read again from its stored text (s_text_holds): a row a later
 *  import replaced (the person's new department, a KPI given again) still names its person
 *  there, and the earlier version is what shows what was said before. A file withdrawn by hand
 *  counts for nothing: past retention it is erased whoever it names.
 */
#include "an.h"

int32_t an_retention_last_day(const Hr__Analytics__File *f, int tz_offset_min)
{
    if (f->last_day)
        return f->last_day;
    return hr_day_of_ms(f->imported_ms, tz_offset_min);
}

bool an_retention_is_due(const Hr__Analytics__File *f, int32_t today, int32_t feed_days,
                         int tz_offset_min)
{
    if (feed_days <= 0 || f->erased_ms)
        return false;
    return (int64_t)today - an_retention_last_day(f, tz_offset_min) > feed_days;
}

int64_t an_retention_case_keep_until(const Hr__Analytics__CaseStat *c, int64_t keep_ms)
{
    if (!c->closed_ms)
        return INT64_MAX;
    if (c->disputed && (!*c->dispute_result || !strcmp(c->dispute_result, "pending")))
        return INT64_MAX; // the arbitration filed is not decided: its facts may be asked for
    int64_t end = c->ended_ms > c->closed_ms ? c->ended_ms : c->closed_ms;
    int64_t until = end > INT64_MAX - keep_ms ? INT64_MAX : end + keep_ms;
    return c->keep_until_ms > until ? c->keep_until_ms : until;
}

bool an_retention_case_holds(const Hr__Analytics__CaseStat *c, int64_t now_ms, int64_t keep_ms)
{
    return c->employee_no && *c->employee_no && now_ms <= an_retention_case_keep_until(c, keep_ms);
}

// ---- the sweep ----

// One import past retention.
typedef struct {
    uint32_t no;      // its number
    uint8_t id[32];   // its file id
    int32_t last_day; // the last day it covers
    bool withdrawn;   // withdrawn before (by hand)
    bool held;        // a person of its has a case held
} s_cand_t;

typedef struct {
    const an_retention_ctx_t *ctx; // borrowed
    hr_txn_t *txn;                 // borrowed
    int32_t today;                 // local day of ctx->now_ms
    zhashx_t *held;                // owned: employee numbers with a case held (keys only)
    s_cand_t *c;                   // owned: the imports past retention
    size_t n, cap;                 // entries used and allocated
    hr_rc_t rc;                    // a failure met in a walk
} s_sweep_t;

static hr_rc_t s_held_case(void *arg, const Hr__Analytics__CaseStat *c)
{
    s_sweep_t *s = arg;
    if (an_retention_case_holds(c, s->ctx->now_ms, s->ctx->case_keep_ms))
        zhashx_update(s->held, c->employee_no, (void *)1);
    return HR_OK;
}

static hr_rc_t s_due_file(void *arg, const Hr__Analytics__File *f)
{
    s_sweep_t *s = arg;
    if (!an_retention_is_due(f, s->today, s->ctx->feed_days, s->ctx->tz_offset_min))
        return HR_OK;
    if (f->file_id.len != 32) {
        hr_error("retention.no_file_id", "file_no=%u", f->file_no);
        return HR_OK; // an_erase could not erase it either: left for an operator
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->c = hr_realloc(s->c, s->cap * sizeof *s->c);
    }
    s_cand_t *c = &s->c[s->n++];
    memset(c, 0, sizeof *c);
    c->no = f->file_no;
    memcpy(c->id, f->file_id.data, 32);
    c->last_day = an_retention_last_day(f, s->ctx->tz_offset_min);
    c->withdrawn = f->withdrawn_ms != 0;
    return HR_OK;
}

static s_cand_t *s_cand(s_sweep_t *s, uint32_t no)
{
    size_t lo = 0, hi = s->n; // sorted by number (s_by_no)
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->c[mid].no == no)
            return &s->c[mid];
        if (s->c[mid].no < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int s_by_no(const void *a, const void *b)
{
    uint32_t x = ((const s_cand_t *)a)->no, y = ((const s_cand_t *)b)->no;
    return x < y ? -1 : x > y;
}

static void s_mark(s_sweep_t *s, uint32_t file_no, const char *employee_no)
{
    s_cand_t *c = s_cand(s, file_no);
    if (c && !c->withdrawn && zhashx_lookup(s->held, employee_no))
        c->held = true;
}

static hr_rc_t s_row(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    const Hr__Analytics__Row *r = (const Hr__Analytics__Row *)msg;
    s_mark(arg, r->file_no, r->employee_no);
    return HR_OK;
}

static hr_rc_t s_person(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    const Hr__Analytics__Person *p = (const Hr__Analytics__Person *)msg;
    s_mark(arg, p->file_no, p->employee_no);
    return HR_OK;
}

static hr_rc_t s_pin(void *arg, const char *pin, uint32_t file_no)
{
    s_sweep_t *s = arg;
    if (!s_cand(s, file_no))
        return HR_OK;
    char no[AN_ID_MAX + 1];
    hr_rc_t rc = an_store_pin_get(s->txn, pin, no);
    if (rc == HR_ENOTFOUND) // unmatched: the PIN is the number (the people feed's default)
        snprintf(no, sizeof no, "%s", pin);
    else if (rc)
        return rc;
    s_mark(s, file_no, no);
    return HR_OK;
}

// ---- the people an import's own text names ----
//
// A row a later import replaced (a person's new department, a KPI figure given again) is no
// longer the old import's in the derived dbs, yet the old text still names the person and is
// what shows what was said before: it is read again, and held like the rest.
typedef struct {
    s_sweep_t *s; // borrowed
    s_cand_t *c;  // borrowed: the import read
} s_text_t;

static void s_text_name(s_text_t *t, const char *no)
{
    if (zhashx_lookup(t->s->held, no))
        t->c->held = true;
}

static hr_rc_t s_text_pin(s_text_t *t, const char *pin)
{
    char no[AN_ID_MAX + 1];
    hr_rc_t rc = an_store_pin_get(t->s->txn, pin, no);
    if (rc == HR_ENOTFOUND) // unmatched: the PIN is the number (the people feed's default)
        snprintf(no, sizeof no, "%s", pin);
    else if (rc)
        return rc;
    s_text_name(t, no);
    return HR_OK;
}

static hr_rc_t s_text_punch(void *arg, const an_punch_t *p)
{
    s_text_t *t = arg;
    if (p->by_employee_no) {
        s_text_name(t, p->pin);
        return HR_OK;
    }
    return s_text_pin(t, p->pin);
}

static hr_rc_t s_text_row(void *arg, const an_row_t *r)
{
    s_text_t *t = arg;
    if (!r->type || (strcmp(r->type, "default") && strcmp(r->type, "department")))
        s_text_name(t, r->employee_no);
    return HR_OK;
}

static hr_rc_t s_text_bad(void *arg, uint32_t line, uint64_t offset, const char *raw,
                          size_t raw_len, const char *why)
{
    HR_UNUSED(arg);
    HR_UNUSED(line);
    HR_UNUSED(offset);
    HR_UNUSED(raw);
    HR_UNUSED(raw_len);
    HR_UNUSED(why);
    return HR_OK; // a quarantined row gave no fact and names nobody for certain
}

static hr_rc_t s_text_member(void *arg, const char *pin, int32_t day, int32_t sec)
{
    HR_UNUSED(day);
    HR_UNUSED(sec);
    return s_text_pin(arg, pin);
}

static hr_rc_t s_text_slot(void *arg, const char *pin, const Hr__Analytics__VendorSlot *slot,
                           const char *raw, size_t raw_len)
{
    HR_UNUSED(slot);
    HR_UNUSED(raw);
    HR_UNUSED(raw_len);
    return s_text_pin(arg, pin);
}

// Reads c's stored text and holds it when it names a held person. A text that cannot be read
// or parsed holds it too (logged): an erasure is never decided on a guess.
static hr_rc_t s_text_holds(s_sweep_t *s, s_cand_t *c, hr_arena_t *arena)
{
    Hr__Analytics__File *f = NULL;
    hr_rc_t rc = an_store_file_by_no(s->txn, c->no, arena, &f);
    if (rc)
        return rc;
    char *path = an_store_blob_path(hr_txn_store(s->txn), f->file_id.data);
    char *text = NULL;
    size_t tlen = 0;
    rc = hr_file_read(path, (size_t)f->text_size + 1, &text, &tlen);
    hr_free(path);
    if (!rc && tlen != f->text_size)
        rc = HR_EIO;
    if (rc) {
        hr_error("retention.text", "file_no=%u rc=%s what=kept until its text reads", f->file_no,
                 hr_rc_name(rc));
        hr_free(text);
        c->held = true;
        return HR_OK;
    }
    s_text_t t = {.s = s, .c = c};
    an_sink_t sink = {.arg = &t,
                      .punch = s_text_punch,
                      .row = s_text_row,
                      .bad = s_text_bad,
                      .member = s_text_member,
                      .slot = s_text_slot};
    an_parse_opts_t opts = {.tz_offset_min = s->ctx->tz_offset_min,
                            .stored = true,
                            .bad_utf8 = !hr_utf8_check(text, tlen, true),
                            .text_at = !strcmp(f->encoding, "utf-8-bom") ? 3 : 0};
    char why[300] = "";
    rc = an_feed_parse(f->kind, f->format, text, tlen, &opts, &sink, why, sizeof why);
    hr_free(text);
    if (rc == HR_EINVAL) {
        hr_error("retention.text", "file_no=%u rc=%s what=kept until its text reads why=%s",
                 f->file_no, hr_rc_name(rc), why);
        c->held = true;
        rc = HR_OK;
    }
    return rc;
}

// Whether every other import of c's bytes is due too (and not held) or withdrawn already:
// erasing c erases their shared text as well (an_erase).
typedef struct {
    s_sweep_t *s; // borrowed
    bool ok;      // none that still counts is kept
} s_same_t;

static hr_rc_t s_same(void *arg, const Hr__Analytics__File *f)
{
    s_same_t *m = arg;
    s_cand_t *c = s_cand(m->s, f->file_no);
    if (c ? c->held : !f->withdrawn_ms)
        m->ok = false;
    return HR_OK;
}

static hr_rc_t s_walk(s_sweep_t *s, hr_arena_t *arena)
{
    hr_rc_t rc = an_store_cases_each(s->txn, arena, s_held_case, s);
    if (!rc)
        rc = an_store_files_each(s->txn, arena, s_due_file, s);
    if (rc || !s->n)
        return rc;
    qsort(s->c, s->n, sizeof *s->c, s_by_no);
    if (!zhashx_size(s->held))
        return HR_OK;
    // One pass over each derived db for every import due at once.
    hr_arena_t *tmp = hr_arena_new(0);
    rc = hr_store_each(s->txn, AN_DB_ROWS, NULL, 0, &hr__analytics__row__descriptor, tmp, s_row, s);
    hr_arena_reset(tmp);
    if (!rc)
        rc = hr_store_each(s->txn, AN_DB_PEOPLE, NULL, 0, &hr__analytics__person__descriptor, tmp,
                           s_person, s);
    hr_arena_destroy(&tmp);
    if (!rc)
        rc = an_store_pin_files_all(s->txn, s_pin, s);
    // What the derived dbs no longer give: each import not held yet is read itself.
    for (size_t i = 0; i < s->n && !rc; i++)
        if (!s->c[i].held && !s->c[i].withdrawn)
            rc = s_text_holds(s, &s->c[i], arena);
    return rc;
}

hr_rc_t an_retention_sweep(hr_txn_t *txn, const an_retention_ctx_t *ctx, an_retention_result_t *out,
                           char *why, size_t why_len)
{
    assert(ctx->now_ms > 0); // withdrawn_ms, erased_ms 0 read as "counts", "kept"
    memset(out, 0, sizeof *out);
    if (ctx->feed_days <= 0)
        return HR_OK;
    s_sweep_t s = {.ctx = ctx,
                   .txn = txn,
                   .today = hr_day_of_ms(ctx->now_ms, ctx->tz_offset_min),
                   .held = zhashx_new()};
    hr_arena_t *arena = hr_arena_new(0);
    char zh[512] = "";
    an_withdraw_ctx_t wctx = {.tz_offset_min = ctx->tz_offset_min,
                              .now_ms = ctx->now_ms,
                              .msg_id = "",
                              .actor = AN_RETENTION_ACTOR,
                              .why_zh = zh,
                              .why_zh_len = sizeof zh};
    hr_rc_t rc = s_walk(&s, arena);

    // The imports to erase now: not held, their shared bytes free, at most a batch.
    s_cand_t **take = hr_alloc((s.n ? s.n : 1) * sizeof *take);
    size_t ntake = 0;
    bool rebuild = false;
    for (size_t i = 0; i < s.n && !rc; i++) {
        s_cand_t *c = &s.c[i];
        if (c->held) {
            out->held++;
            continue;
        }
        s_same_t m = {.s = &s, .ok = true};
        rc = an_store_files_of_id(txn, c->id, arena, s_same, &m);
        if (rc)
            break;
        if (!m.ok) {
            out->shared++;
            continue;
        }
        if (ntake == AN_RETENTION_BATCH) {
            out->more = true;
            break;
        }
        take[ntake++] = c;
    }
    for (size_t i = 0; i < ntake && !rc; i++) { // withdrawn first: one rebuild for all
        if (take[i]->withdrawn)
            continue;
        Hr__Analytics__File *f = NULL;
        rc = an_store_file_by_no(txn, take[i]->no, arena, &f);
        if (rc)
            break;
        f->withdrawn_ms = ctx->now_ms;
        f->withdrawn_by = AN_RETENTION_ACTOR;
        f->withdrawn_reason = AN_RETENTION_REASON;
        f->withdrawn_msg_id = "";
        rc = an_store_file_put(txn, f);
        rebuild = true;
    }
    if (!rc && rebuild)
        rc = an_withdraw_rebuild(txn, &wctx, &out->files_replayed, why, why_len);
    for (size_t i = 0; i < ntake && !rc; i++) {
        char ref[16];
        snprintf(ref, sizeof ref, "%u", take[i]->no);
        Hr__Analytics__EraseImportReply rep = HR__ANALYTICS__ERASE_IMPORT_REPLY__INIT;
        rc = an_erase(txn, &wctx, ref, AN_RETENTION_REASON, arena, &rep, why, why_len);
        if (rc == HR_ECONFLICT) {
            // The same bytes as another kind, due too but past this batch and not withdrawn
            // yet: refused before anything was deleted. Withdrawn now, erased by the next sweep.
            rc = HR_OK;
            out->more = true;
            continue;
        }
        if (rc)
            break;
        if (rep.already_erased && rep.erased_ms != ctx->now_ms)
            continue; // erased before (cannot be: it was due, and due is not erased)
        out->nos[out->n] = take[i]->no;
        out->last_days[out->n] = take[i]->last_day;
        memcpy(out->ids[out->n], take[i]->id, 32);
        out->n++;
    }
    if (!rc && out->n)
        rc = an_store_retention_after_set(txn, true);
    hr_free(take);
    hr_free(s.c);
    zhashx_destroy(&s.held);
    hr_arena_destroy(&arena);
    return rc;
}

// ---- after the commit ----

typedef struct {
    uint8_t (*ids)[32]; // owned: file ids of erased imports
    size_t n, cap;      // entries used and allocated
} s_erased_t;

static hr_rc_t s_erased(void *arg, const Hr__Analytics__File *f)
{
    s_erased_t *e = arg;
    if (!f->erased_ms || f->file_id.len != 32)
        return HR_OK;
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 64;
        e->ids = hr_realloc(e->ids, e->cap * sizeof *e->ids);
    }
    memcpy(e->ids[e->n++], f->file_id.data, 32);
    return HR_OK;
}

static hr_rc_t s_after_clear(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    return an_store_retention_after_set(txn, false);
}

hr_rc_t an_retention_after(hr_store_t *store, uint32_t *removed, uint64_t *bytes)
{
    *removed = 0;
    *bytes = 0;
    hr_txn_t *txn = NULL;
    s_erased_t e = {0};
    hr_arena_t *arena = hr_arena_new(0);
    hr_rc_t rc = hr_txn_begin_read(store, &txn);
    if (!rc)
        rc = an_store_files_each(txn, arena, s_erased, &e);
    hr_txn_abort(&txn);
    hr_arena_destroy(&arena);
    for (size_t i = 0; i < e.n && !rc; i++)
        *removed += an_erase_files(store, e.ids[i]);
    hr_free(e.ids);
    if (!rc)
        rc = hr_store_compact(store, bytes);
    if (!rc)
        rc = hr_store_write(store, s_after_clear, NULL);
    return rc;
}
