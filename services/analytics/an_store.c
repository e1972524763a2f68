/*  an_store - the only file that knows hr-analytics' dbs and key layouts.
 *
 *  files        blake2b-256(bytes as sent) -> File               (re-import detection)
 *  file_nos     be32(file_no) -> blake2b-256
 *  file_chunks  be32(file_no) + be32(chunk) -> 1 MiB of the file's UTF-8 text, whole: every
 *               record a fact cites is shown again from here (offset from the punch or row)
 *  days         pin + 0x00 + be32(day + 2^31) -> PunchDay: one record per person per day, so a
 *               10-million-punch file is about a million puts, written in key order (MDB_APPEND
 *               when the keys are past the end of the db) inside the import's one transaction
 *  people       employee_no -> Person; pins: pin -> employee_no; people_by_dept: dept 0 emp -> ""
 *  rows         kind byte + natural key -> Row (README "keys")
 *  quarantine   be32(file_no) + be32(line) -> Bad
 *
 *  Values are LMDB's memory until the transaction ends: everything returned is copied or
 *  decoded into the caller's arena.
 */
#include "an.h"

const char *const an_store_dbs[] = {
    AN_DB_FILES, AN_DB_FILE_NOS, AN_DB_CHUNKS, AN_DB_DAYS,       AN_DB_PEOPLE,
    AN_DB_PINS,  AN_DB_DEPT,     AN_DB_ROWS,   AN_DB_QUARANTINE, NULL};

size_t an_key_day(char *key, const char *pin, int32_t day)
{
    size_t pl = strlen(pin);
    memcpy(key, pin, pl);
    key[pl] = '\0';
    hr_be32_put(key + pl + 1, (uint32_t)((int64_t)day + AN_DAY_BIAS));
    return pl + 5;
}

hr_rc_t an_store_file_get(hr_txn_t *txn, const uint8_t id[32], hr_arena_t *arena,
                          Hr__Analytics__File **out)
{
    return hr_store_get_pb(txn, AN_DB_FILES, id, 32, &hr__analytics__file__descriptor, arena,
                           (void **)out);
}

hr_rc_t an_store_file_by_no(hr_txn_t *txn, uint32_t file_no, hr_arena_t *arena,
                            Hr__Analytics__File **out)
{
    uint8_t k[4];
    hr_be32_put(k, file_no);
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, AN_DB_FILE_NOS, k, 4, &v);
    if (rc)
        return rc;
    if (v.mv_size != 32)
        return HR_EIO;
    uint8_t id[32];
    memcpy(id, v.mv_data, 32);
    return an_store_file_get(txn, id, arena, out);
}

hr_rc_t an_store_file_put(hr_txn_t *txn, const Hr__Analytics__File *file)
{
    if (file->file_id.len != 32)
        return HR_EINTERNAL;
    hr_rc_t rc = hr_store_put_pb(txn, AN_DB_FILES, file->file_id.data, 32, &file->base, 0);
    if (rc)
        return rc;
    uint8_t k[4];
    hr_be32_put(k, file->file_no);
    return hr_store_put(txn, AN_DB_FILE_NOS, k, 4, file->file_id.data, 32, 0);
}

uint32_t an_store_file_next_no(hr_txn_t *txn)
{
    MDB_cursor *c = NULL;
    if (mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_FILE_NOS), &c))
        return 0;
    MDB_val k, v;
    uint32_t next = 1;
    if (!mdb_cursor_get(c, &k, &v, MDB_LAST) && k.mv_size == 4)
        next = hr_be32_get(k.mv_data) + 1;
    mdb_cursor_close(c);
    return next;
}

hr_rc_t an_store_text_put(hr_txn_t *txn, uint32_t file_no, const char *text, size_t len)
{
    MDB_txn *t = hr_txn_mdb(txn);
    MDB_dbi dbi = hr_store_dbi(hr_txn_store(txn), AN_DB_CHUNKS);
    uint32_t chunk = 0;
    for (size_t off = 0; off < len || (off == 0 && len == 0); off += AN_CHUNK_BYTES, chunk++) {
        uint8_t key[8];
        hr_be32_put(key, file_no);
        hr_be32_put(key + 4, chunk);
        size_t n = len - off < AN_CHUNK_BYTES ? len - off : AN_CHUNK_BYTES;
        MDB_val k = {8, key}, v = {n, NULL};
        int mrc = mdb_put(t, dbi, &k, &v, MDB_RESERVE | MDB_APPEND);
        if (mrc == MDB_KEYEXIST)
            mrc = mdb_put(t, dbi, &k, &v, MDB_RESERVE);
        if (mrc)
            return hr_rc_from_mdb(mrc);
        if (n)
            memcpy(v.mv_data, text + off, n);
        if (len == 0)
            break;
    }
    return HR_OK;
}

hr_rc_t an_store_text_line(hr_txn_t *txn, uint32_t file_no, uint64_t offset, size_t max, char *buf,
                           size_t *len_out)
{
    size_t n = 0;
    *len_out = 0;
    while (n < max) {
        uint8_t key[8];
        hr_be32_put(key, file_no);
        hr_be32_put(key + 4, (uint32_t)(offset / AN_CHUNK_BYTES));
        MDB_val v;
        hr_rc_t rc = hr_store_get(txn, AN_DB_CHUNKS, key, 8, &v);
        if (rc == HR_ENOTFOUND)
            break;
        if (rc)
            return rc;
        size_t at = (size_t)(offset % AN_CHUNK_BYTES);
        if (at >= v.mv_size)
            break;
        const char *p = (const char *)v.mv_data + at;
        size_t avail = v.mv_size - at;
        bool done = false;
        while (avail && n < max) {
            if (*p == '\n' || *p == '\r') {
                done = true;
                break;
            }
            buf[n++] = *p++;
            avail--;
            offset++;
        }
        if (done || avail)
            break;
    }
    *len_out = n;
    return HR_OK;
}

hr_rc_t an_store_bad_put(hr_txn_t *txn, uint32_t file_no, uint32_t line, const char *reason,
                         const char *raw, size_t raw_len)
{
    uint8_t key[8];
    hr_be32_put(key, file_no);
    hr_be32_put(key + 4, line);
    Hr__Analytics__Bad bad = HR__ANALYTICS__BAD__INIT;
    char rawbuf[AN_TEXT_MAX + 1];
    if (raw_len > AN_TEXT_MAX)
        raw_len = AN_TEXT_MAX;
    // Protobuf strings end at a NUL: NUL bytes (a reason to quarantine) are shown as '?'.
    for (size_t i = 0; i < raw_len; i++)
        rawbuf[i] = raw[i] ? raw[i] : '?';
    rawbuf[raw_len] = '\0';
    bad.reason = (char *)reason;
    bad.raw = rawbuf;
    return hr_store_put_pb(txn, AN_DB_QUARANTINE, key, 8, &bad.base, 0);
}

// ---- days ----

struct an_days_writer {
    hr_txn_t *txn;         // borrowed
    MDB_cursor *cursor;    // owned
    MDB_dbi dbi;           // days
    bool appending;        // every key from here on is past the db's last key
    char last[AN_KEY_MAX]; // the db's last key when the writer started
    size_t last_len;       // 0 when the db was empty
    uint8_t *buf;          // owned: packing buffer for merges
    size_t buf_cap;        // bytes in buf
};

an_days_writer_t *an_days_writer_new(hr_txn_t *txn)
{
    an_days_writer_t *w = hr_alloc(sizeof *w);
    w->txn = txn;
    w->dbi = hr_store_dbi(hr_txn_store(txn), AN_DB_DAYS);
    if (mdb_cursor_open(hr_txn_mdb(txn), w->dbi, &w->cursor)) {
        hr_free(w);
        return NULL;
    }
    MDB_val k, v;
    if (!mdb_cursor_get(w->cursor, &k, &v, MDB_LAST) && k.mv_size <= AN_KEY_MAX) {
        memcpy(w->last, k.mv_data, k.mv_size);
        w->last_len = k.mv_size;
    } else {
        w->appending = true;
    }
    return w;
}

void an_days_writer_destroy(an_days_writer_t **w_p)
{
    an_days_writer_t *w = *w_p;
    if (!w)
        return;
    mdb_cursor_close(w->cursor);
    hr_free(w->buf);
    hr_free(*w_p);
}

static int s_keycmp(const void *a, size_t al, const void *b, size_t bl)
{
    size_t n = al < bl ? al : bl;
    int c = memcmp(a, b, n);
    return c ? c : (al > bl) - (al < bl);
}

static hr_rc_t s_put_packed(an_days_writer_t *w, MDB_val *k, const Hr__Analytics__PunchDay *rec,
                            unsigned flags)
{
    MDB_val v = {protobuf_c_message_get_packed_size(&rec->base), NULL};
    int mrc = mdb_cursor_put(w->cursor, k, &v, flags | MDB_RESERVE);
    if (mrc)
        return hr_rc_from_mdb(mrc);
    protobuf_c_message_pack(&rec->base, v.mv_data);
    return HR_OK;
}

hr_rc_t an_days_writer_put(an_days_writer_t *w, const char *pin, int32_t day,
                           const Hr__Analytics__PunchDay *rec, bool *changed, uint32_t *dups)
{
    char key[AN_KEY_MAX];
    if (strlen(pin) > AN_ID_MAX)
        return HR_EINVAL;
    size_t kl = an_key_day(key, pin, day);
    MDB_val k = {kl, key};
    *changed = false;
    if (!w->appending && s_keycmp(key, kl, w->last, w->last_len) > 0)
        w->appending = true;
    if (w->appending) {
        *changed = true;
        return s_put_packed(w, &k, rec, MDB_APPEND);
    }
    MDB_val v;
    int mrc = mdb_cursor_get(w->cursor, &k, &v, MDB_SET_KEY);
    if (mrc == MDB_NOTFOUND) {
        *changed = true;
        return s_put_packed(w, &k, rec, 0);
    }
    if (mrc)
        return hr_rc_from_mdb(mrc);
    Hr__Analytics__PunchDay *old =
        hr__analytics__punch_day__unpack(NULL, v.mv_size, (const uint8_t *)v.mv_data);
    if (!old || old->n_sec != old->n_file_no || old->n_sec != old->n_line ||
        old->n_sec != old->n_offset || old->n_sec != old->n_state) {
        if (old)
            hr__analytics__punch_day__free_unpacked(old, NULL);
        hr_error("store.corrupt", "db=days");
        return HR_EIO;
    }
    // Merge two sorted lists; an instant already stored keeps its first source.
    size_t cap = old->n_sec + rec->n_sec;
    int32_t *sec = hr_alloc(cap * sizeof *sec);
    uint32_t *fno = hr_alloc(cap * sizeof *fno), *line = hr_alloc(cap * sizeof *line);
    uint64_t *off = hr_alloc(cap * sizeof *off);
    uint32_t *st = hr_alloc(cap * sizeof *st);
    size_t i = 0, j = 0, n = 0;
    while (i < old->n_sec || j < rec->n_sec) {
        bool take_old = j >= rec->n_sec || (i < old->n_sec && old->sec[i] <= rec->sec[j]);
        if (take_old) {
            if (j < rec->n_sec && old->sec[i] == rec->sec[j]) {
                (*dups)++;
                j++;
            }
            sec[n] = old->sec[i];
            fno[n] = old->file_no[i];
            line[n] = old->line[i];
            off[n] = old->offset[i];
            st[n] = old->state[i];
            i++;
        } else {
            sec[n] = rec->sec[j];
            fno[n] = rec->file_no[j];
            line[n] = rec->line[j];
            off[n] = rec->offset[j];
            st[n] = rec->state[j];
            j++;
        }
        n++;
    }
    hr_rc_t rc = HR_OK;
    if (n != old->n_sec) {
        Hr__Analytics__PunchDay m = HR__ANALYTICS__PUNCH_DAY__INIT;
        m.n_sec = m.n_file_no = m.n_line = m.n_offset = m.n_state = n;
        m.sec = sec;
        m.file_no = fno;
        m.line = line;
        m.offset = off;
        m.state = st;
        *changed = true;
        rc = s_put_packed(w, &k, &m, 0);
    }
    hr__analytics__punch_day__free_unpacked(old, NULL);
    hr_free(sec);
    hr_free(fno);
    hr_free(line);
    hr_free(off);
    hr_free(st);
    return rc;
}

hr_rc_t an_store_days_read(hr_txn_t *txn, const char *pin, int32_t from, int32_t to,
                           an_fpunch_t **out, size_t *n, size_t *cap)
{
    char key[AN_KEY_MAX];
    if (strlen(pin) > AN_ID_MAX)
        return HR_EINVAL;
    size_t kl = an_key_day(key, pin, from);
    size_t pl = strlen(pin) + 1;
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_DAYS), &c));
    if (rc)
        return rc;
    MDB_val k = {kl, key}, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    while (!mrc) {
        if (k.mv_size != pl + 4 || memcmp(k.mv_data, key, pl))
            break;
        int32_t day = (int32_t)((int64_t)hr_be32_get((const char *)k.mv_data + pl) - AN_DAY_BIAS);
        if (day > to)
            break;
        Hr__Analytics__PunchDay *d =
            hr__analytics__punch_day__unpack(NULL, v.mv_size, (const uint8_t *)v.mv_data);
        if (!d || d->n_sec != d->n_line || d->n_sec != d->n_file_no || d->n_sec != d->n_offset) {
            if (d)
                hr__analytics__punch_day__free_unpacked(d, NULL);
            rc = HR_EIO;
            break;
        }
        for (size_t i = 0; i < d->n_sec; i++) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 256;
                *out = hr_realloc(*out, *cap * sizeof **out);
            }
            an_fpunch_t *p = &(*out)[(*n)++];
            p->day = day;
            p->sec = d->sec[i];
            p->file_no = d->file_no[i];
            p->line = d->line[i];
            p->offset = d->offset[i];
        }
        hr__analytics__punch_day__free_unpacked(d, NULL);
        mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    if (mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(c);
    return rc;
}

// ---- people ----

hr_rc_t an_store_person_get(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                            Hr__Analytics__Person **out)
{
    return hr_store_get_pb(txn, AN_DB_PEOPLE, employee_no, strlen(employee_no),
                           &hr__analytics__person__descriptor, arena, (void **)out);
}

hr_rc_t an_store_pin_get(hr_txn_t *txn, const char *pin, char *out)
{
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, AN_DB_PINS, pin, strlen(pin), &v);
    if (rc)
        return rc;
    if (v.mv_size > AN_ID_MAX)
        return HR_EIO;
    memcpy(out, v.mv_data, v.mv_size);
    out[v.mv_size] = '\0';
    return HR_OK;
}

static size_t s_dept_key(char *key, const char *dept, const char *emp)
{
    size_t dl = strlen(dept), el = strlen(emp);
    memcpy(key, dept, dl);
    key[dl] = '\0';
    memcpy(key + dl + 1, emp, el);
    return dl + 1 + el;
}

hr_rc_t an_store_person_put(hr_txn_t *txn, const Hr__Analytics__Person *p, bool *dup)
{
    hr_arena_t *arena = hr_arena_new(1024);
    Hr__Analytics__Person *old = NULL;
    *dup = false;
    hr_rc_t rc = an_store_person_get(txn, p->employee_no, arena, &old);
    char key[AN_KEY_MAX];
    if (rc == HR_OK) {
        if (!strcmp(old->pin, p->pin) && !strcmp(old->department, p->department)) {
            *dup = true;
            hr_arena_destroy(&arena);
            return HR_OK;
        }
        hr_store_del(txn, AN_DB_PINS, old->pin, strlen(old->pin));
        hr_store_del(txn, AN_DB_DEPT, key, s_dept_key(key, old->department, old->employee_no));
    } else if (rc != HR_ENOTFOUND) {
        hr_arena_destroy(&arena);
        return rc;
    }
    hr_arena_destroy(&arena);
    rc = hr_store_put_pb(txn, AN_DB_PEOPLE, p->employee_no, strlen(p->employee_no), &p->base, 0);
    if (!rc)
        rc = hr_store_put(txn, AN_DB_PINS, p->pin, strlen(p->pin), p->employee_no,
                          strlen(p->employee_no), 0);
    if (!rc)
        rc = hr_store_put(txn, AN_DB_DEPT, key, s_dept_key(key, p->department, p->employee_no), "",
                          0, 0);
    return rc;
}

// Calls fn for the suffix of every key of db starting with prefix (plen bytes).
static hr_rc_t s_prefix_each(hr_txn_t *txn, const char *db, const char *prefix, size_t plen,
                             an_each_fn *fn, void *arg)
{
    MDB_cursor *c = NULL;
    hr_rc_t rc =
        hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), db), &c));
    if (rc)
        return rc;
    MDB_val k = {plen, (void *)prefix}, v;
    int mrc = mdb_cursor_get(c, &k, &v, plen ? MDB_SET_RANGE : MDB_FIRST);
    char buf[AN_KEY_MAX + 1];
    while (!mrc && !rc) {
        if (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) || k.mv_size - plen > AN_KEY_MAX)
            break;
        memcpy(buf, (const char *)k.mv_data + plen, k.mv_size - plen);
        buf[k.mv_size - plen] = '\0';
        rc = fn(arg, buf);
        mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    return rc;
}

hr_rc_t an_store_dept_each(hr_txn_t *txn, const char *dept, an_each_fn *fn, void *arg)
{
    char prefix[AN_ID_MAX + 2];
    size_t dl = strlen(dept);
    if (dl > AN_ID_MAX)
        return HR_EINVAL;
    memcpy(prefix, dept, dl);
    prefix[dl] = '\0';
    return s_prefix_each(txn, AN_DB_DEPT, prefix, dl + 1, fn, arg);
}

hr_rc_t an_store_people_each(hr_txn_t *txn, an_each_fn *fn, void *arg)
{
    return s_prefix_each(txn, AN_DB_PEOPLE, "", 0, fn, arg);
}

hr_rc_t an_store_pins_each(hr_txn_t *txn, an_each_fn *fn, void *arg)
{
    return s_prefix_each(txn, AN_DB_PINS, "", 0, fn, arg);
}

// ---- keyed rows ----

// One byte per row type (README "keys").
static char s_type_char(const char *type)
{
    static const char *const names[] = {"default", "department", "person", "kpi",
                                        "sales",   "course",     "exit",   "leave"};
    static const char chars[] = "0dpkscel";
    for (size_t i = 0; i < HR_ARRAY_LEN(names); i++)
        if (!strcmp(type, names[i]))
            return chars[i];
    return '?';
}

// kind byte, type byte, who, 0, then the natural key's tail.
static size_t s_row_key(char *key, Hr__Analytics__FeedKind kind, const char *type, const char *who)
{
    size_t wl = strlen(who);
    key[0] = (char)kind;
    key[1] = s_type_char(type);
    memcpy(key + 2, who, wl);
    key[2 + wl] = '\0';
    return 3 + wl;
}

hr_rc_t an_store_row_put(hr_txn_t *txn, const an_row_t *r, uint32_t file_no, bool *dup,
                         bool *updated)
{
    char key[AN_KEY_MAX];
    *dup = *updated = false;
    size_t kl = s_row_key(key, r->kind, r->type, r->employee_no);
    hr_be32_put(key + kl, (uint32_t)((int64_t)r->day_from + AN_DAY_BIAS));
    kl += 4;
    size_t sl = strlen(r->subject);
    memcpy(key + kl, r->subject, sl);
    kl += sl;
    Hr__Analytics__Row row = HR__ANALYTICS__ROW__INIT;
    row.kind = r->kind;
    row.type = (char *)r->type;
    row.employee_no = (char *)r->employee_no;
    row.day_from = r->day_from;
    row.day_to = r->day_to;
    row.subject = (char *)r->subject;
    row.a = r->a;
    row.b = r->b;
    row.text = (char *)r->text;
    row.lower_is_better = r->lower_is_better;
    hr_arena_t *arena = hr_arena_new(4096);
    Hr__Analytics__Row *old = NULL;
    hr_rc_t rc = hr_store_get_pb(txn, AN_DB_ROWS, key, kl, &hr__analytics__row__descriptor, arena,
                                 (void **)&old);
    if (rc == HR_OK) {
        if (old->day_to == row.day_to && old->a == row.a && old->b == row.b &&
            !strcmp(old->text, row.text) && old->lower_is_better == row.lower_is_better) {
            *dup = true;
            hr_arena_destroy(&arena);
            return HR_OK;
        }
        *updated = true;
    } else if (rc != HR_ENOTFOUND) {
        hr_arena_destroy(&arena);
        return rc;
    }
    hr_arena_destroy(&arena);
    row.file_no = file_no;
    row.line = r->line;
    row.offset = r->offset;
    return hr_store_put_pb(txn, AN_DB_ROWS, key, kl, &row.base, 0);
}

hr_rc_t an_store_rows_each(hr_txn_t *txn, Hr__Analytics__FeedKind kind, const char *type,
                           const char *who, hr_arena_t *arena, an_row_fn *fn, void *arg)
{
    char key[AN_KEY_MAX];
    if (strlen(who) > AN_ID_MAX)
        return HR_EINVAL;
    size_t kl = s_row_key(key, kind, type, who);
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_ROWS), &c));
    if (rc)
        return rc;
    MDB_val k = {kl, key}, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    while (!mrc && !rc) {
        if (k.mv_size < kl || memcmp(k.mv_data, key, kl))
            break;
        Hr__Analytics__Row *row = (Hr__Analytics__Row *)protobuf_c_message_unpack(
            &hr__analytics__row__descriptor, hr_arena_pb_allocator(arena), v.mv_size,
            (const uint8_t *)v.mv_data);
        if (!row) {
            rc = HR_EIO;
            break;
        }
        rc = fn(arg, row);
        mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    return rc;
}

hr_rc_t an_store_bad_each(hr_txn_t *txn, uint32_t file_no, hr_arena_t *arena, an_bad_fn *fn,
                          void *arg, uint64_t *total)
{
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_QUARANTINE), &c));
    if (rc)
        return rc;
    uint8_t key[8];
    hr_be32_put(key, file_no);
    hr_be32_put(key + 4, 0);
    MDB_val k = {8, key}, v;
    int mrc = mdb_cursor_get(c, &k, &v, file_no ? MDB_SET_RANGE : MDB_FIRST);
    *total = 0;
    while (!mrc && !rc) {
        if (k.mv_size != 8)
            break;
        uint32_t fno = hr_be32_get(k.mv_data);
        if (file_no && fno != file_no)
            break;
        (*total)++;
        if (fn) {
            Hr__Analytics__Bad *bad = (Hr__Analytics__Bad *)protobuf_c_message_unpack(
                &hr__analytics__bad__descriptor, hr_arena_pb_allocator(arena), v.mv_size,
                (const uint8_t *)v.mv_data);
            if (!bad) {
                rc = HR_EIO;
                break;
            }
            rc = fn(arg, fno, hr_be32_get((const char *)k.mv_data + 4), bad);
        }
        mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    return rc;
}
