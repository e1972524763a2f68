/*  an_store - the only file that knows hr-analytics' dbs and key layouts.
 *
 *  files        blake2b-256(bytes as sent) + kind byte + canonical format -> File (re-import
 *               detection: the same bytes as another kind or format are another import)
 *  file_nos     be32(file_no) -> the files key
 *  <store>/files/<blake2b hex>.txt   the file's UTF-8 text, whole, written (hr_file_write: temp,
 *               fsync, rename, fsync dir) before the File record commits: every record a fact cites
 *               is shown again from here (byte offset from the punch or row)
 *  days         pin + 0x00 + be32(day + 2^31) -> PunchDay: one record per person per day, so a
 *               10-million-punch file is about a million puts, written in key order (MDB_APPEND
 *               when the keys are past the end of the db) inside the import's one transaction
 *  people       employee_no -> Person; pins: pin -> employee_no; people_by_dept: dept 0 emp -> ""
 *  dept_days    employee_no 0 be32(day + bias) -> department from that day (the history),
 *               then 0 be32 file_no be32 line be64 offset: the people import's record that said
 *               so (absent in entries kept before 2026-11-29: source not known);
 *               dept_ever: dept 0 emp -> "" (everyone the history ever put in the department)
 *  rows         kind byte + type byte + who + 0 + be32(day_from + 2^31) [+ be32(day_to + 2^31)
 *               for KPI rows] + subject -> Row
 *  quarantine   be32(file_no) + be32(line) -> Bad
 *  records      be32(file_no) + be32(record) -> a JSON record's compact text (JSON files have no
 *               line per record to point at; a fact shows this text instead)
 *  pin_files    pin + 0x00 + be32(file_no) -> "": the attendance files that name the PIN (which
 *               imports cover the person's days)
 *  roles        employee_no (as the workflow writes it, not canonicalised: callers name
 *               themselves so) -> DirectoryRoles, the latest workflow.RolesChanged entry
 *  meta (platform) "roles_replay_until" -> be64(seq): the workflow's events up to it are read
 *               again for workflow.RolesChanged, CaseReassigned, SubmitRefused and
 *               CaseReturned alone (schema 7's, 8's, 12's, 13's, 14's and 15's migrations)
 *  meta (platform) "retention_after" -> "1": the retention sweep erased imports and their files
 *               beside the store may still be there, the store not yet compacted
 *
 *  Values are LMDB's memory until the transaction ends: everything returned is copied or
 *  decoded into the caller's arena.
 */
#include "an.h"

#include <fcntl.h>
#include <unistd.h>

const char *const an_store_dbs[] = {AN_DB_FILES, AN_DB_FILE_NOS,  AN_DB_DAYS,      AN_DB_PEOPLE,
                                    AN_DB_PINS,  AN_DB_DEPT,      AN_DB_ROWS,      AN_DB_QUARANTINE,
                                    AN_DB_CASES, AN_DB_RECORDS,   AN_DB_PIN_FILES, AN_DB_ROLES,
                                    AN_DB_SLOTS, AN_DB_DEPT_DAYS, AN_DB_DEPT_EVER, NULL};

size_t an_key_day(char *key, const char *pin, int32_t day)
{
    size_t pl = strlen(pin);
    memcpy(key, pin, pl);
    key[pl] = '\0';
    hr_be32_put(key + pl + 1, (uint32_t)((int64_t)day + AN_DAY_BIAS));
    return pl + 5;
}

// Whether k is one of who's an_key_day keys (wl bytes and the NUL, then 4 bytes of day); *day
// gets its day.
static bool s_day_entry(const MDB_val *k, const char *who, size_t wl, int32_t *day)
{
    if (k->mv_size != wl + 5 || memcmp(k->mv_data, who, wl) || ((const char *)k->mv_data)[wl])
        return false;
    *day = (int32_t)((int64_t)hr_be32_get((const char *)k->mv_data + wl + 1) - AN_DAY_BIAS);
    return true;
}

// Called for each of a PIN's days in a walk, with the day's value (LMDB's memory): HR_OK to go
// on, anything else stops the walk and is its result.
typedef hr_rc_t s_pin_day_fn(void *arg, int32_t day, const MDB_val *v);

// Calls fn for each of pin's an_key_day entries in db from day `from` to `to`, oldest first.
static hr_rc_t s_pin_days_each(hr_txn_t *txn, const char *db, const char *pin, int32_t from,
                               int32_t to, s_pin_day_fn *fn, void *arg)
{
    char key[AN_KEY_MAX];
    size_t pl = strlen(pin);
    if (pl > AN_ID_MAX)
        return HR_EINVAL;
    MDB_cursor *c = NULL;
    hr_rc_t rc =
        hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), db), &c));
    if (rc)
        return rc;
    MDB_val k = {an_key_day(key, pin, from), key}, v;
    int32_t day = 0;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    while (!mrc && !rc && s_day_entry(&k, pin, pl, &day) && day <= to) {
        rc = fn(arg, day, &v);
        if (!rc)
            mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(c);
    return rc;
}

// Puts c on the last key before k (the first key at or after it, then one back): 0, or
// MDB_NOTFOUND when there is none. k and v then hold that entry.
static int s_cursor_before(MDB_cursor *c, MDB_val *k, MDB_val *v)
{
    int mrc = mdb_cursor_get(c, k, v, MDB_SET_RANGE);
    return mdb_cursor_get(c, k, v, mrc == MDB_NOTFOUND ? MDB_LAST : MDB_PREV);
}

// id, kind byte, canonical format: the same bytes imported as another kind or in another format
// are another import.
static size_t s_file_key(uint8_t *key, const uint8_t id[32], Hr__Analytics__FeedKind kind,
                         const char *format)
{
    const char *canon = an_format_name(format);
    size_t fl = strlen(canon);
    if (fl > AN_FORMAT_MAX)
        fl = AN_FORMAT_MAX;
    memcpy(key, id, 32);
    key[32] = (uint8_t)kind;
    memcpy(key + 33, canon, fl);
    return 33 + fl;
}

hr_rc_t an_store_file_get(hr_txn_t *txn, const uint8_t id[32], Hr__Analytics__FeedKind kind,
                          const char *format, hr_arena_t *arena, Hr__Analytics__File **out)
{
    uint8_t key[AN_FILE_KEY_MAX];
    size_t kl = s_file_key(key, id, kind, format);
    return hr_store_get_pb(txn, AN_DB_FILES, key, kl, &hr__analytics__file__descriptor, arena,
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
    if (v.mv_size < 33 || v.mv_size > AN_FILE_KEY_MAX)
        return HR_EIO;
    uint8_t key[AN_FILE_KEY_MAX];
    size_t kl = v.mv_size;
    memcpy(key, v.mv_data, kl);
    return hr_store_get_pb(txn, AN_DB_FILES, key, kl, &hr__analytics__file__descriptor, arena,
                           (void **)out);
}

// The files' walks: hr_store_each, each record handed on as a File.
typedef struct {
    an_file_fn *fn; // borrowed
    void *arg;      // fn's
    bool found;     // a record was handed on
} s_files_t;

static hr_rc_t s_file_one(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    s_files_t *w = arg;
    w->found = true;
    return w->fn(w->arg, (const Hr__Analytics__File *)msg);
}

hr_rc_t an_store_files_of_id(hr_txn_t *txn, const uint8_t id[32], hr_arena_t *arena, an_file_fn *fn,
                             void *arg)
{
    s_files_t w = {.fn = fn, .arg = arg};
    hr_rc_t rc = hr_store_each(txn, AN_DB_FILES, id, 32, &hr__analytics__file__descriptor, arena,
                               s_file_one, &w);
    return rc ? rc : w.found ? HR_OK : HR_ENOTFOUND;
}

hr_rc_t an_store_file_put(hr_txn_t *txn, const Hr__Analytics__File *file)
{
    if (file->file_id.len != 32)
        return HR_EINTERNAL;
    uint8_t key[AN_FILE_KEY_MAX];
    size_t kl = s_file_key(key, file->file_id.data, file->kind, file->format);
    hr_rc_t rc = hr_store_put_pb(txn, AN_DB_FILES, key, kl, &file->base, 0);
    if (rc)
        return rc;
    uint8_t k[4];
    hr_be32_put(k, file->file_no);
    return hr_store_put(txn, AN_DB_FILE_NOS, k, 4, key, kl, 0);
}

// Version 1 keyed a file by the bytes' hash alone (32 bytes); its value must name that hash.
static int s_pick_v1_file(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(arg);
    const Hr__Analytics__File *f = (const Hr__Analytics__File *)msg;
    if (klen != 32)
        return 0; // keyed by hash, kind and format already
    return f->file_id.len == 32 && !memcmp(f->file_id.data, key, 32) ? 1 : -1;
}

hr_rc_t an_store_migrate_file_keys(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    hr_record_t *old = NULL;
    size_t n = 0;
    hr_rc_t rc = hr_store_collect(txn, AN_DB_FILES, NULL, 0, &hr__analytics__file__descriptor,
                                  s_pick_v1_file, NULL, arena, &old, &n);
    for (size_t i = 0; i < n && !rc; i++) {
        rc = hr_store_del(txn, AN_DB_FILES, old[i].key, old[i].klen);
        if (!rc)
            rc = an_store_file_put(txn, old[i].msg);
    }
    if (!rc && n)
        hr_info("store.migrated_files", "files=%zu", n);
    hr_arena_destroy(&arena);
    return rc;
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

char *an_store_blob_path(hr_store_t *store, const uint8_t id[32])
{
    char hex[65];
    for (size_t i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", id[i]);
    return hr_strfmt("%s/%s/%s.txt", hr_store_dir(store), AN_BLOB_DIR, hex);
}

char *an_store_blob_orig_path(hr_store_t *store, const uint8_t id[32])
{
    char hex[65];
    for (size_t i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", id[i]);
    return hr_strfmt("%s/%s/%s.orig", hr_store_dir(store), AN_BLOB_DIR, hex);
}

hr_rc_t an_store_text_line(hr_txn_t *txn, uint32_t file_no, uint64_t offset, size_t max, char *buf,
                           size_t *len_out)
{
    *len_out = 0;
    hr_arena_t *arena = hr_arena_new(1024);
    Hr__Analytics__File *f = NULL;
    hr_rc_t rc = an_store_file_by_no(txn, file_no, arena, &f);
    if (!rc && f->file_id.len != 32)
        rc = HR_EIO;
    char *path = rc ? NULL : an_store_blob_path(hr_txn_store(txn), f->file_id.data);
    hr_arena_destroy(&arena);
    if (rc)
        return rc;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    hr_free(path);
    if (fd < 0)
        return hr_rc_from_errno(errno);
    ssize_t n = pread(fd, buf, max, (off_t)offset);
    close(fd);
    if (n < 0)
        return HR_EIO;
    // The whole record: a quoted field may hold line ends (the first line alone cut it).
    size_t k = an_record_len(buf, (size_t)n);
    *len_out = k == max ? hr_utf8_cut(buf, k) : k;
    return HR_OK;
}

// Removes every key be32(file_no) + be32(n) of db.
static hr_rc_t s_clear_file(hr_txn_t *txn, const char *db, uint32_t file_no)
{
    MDB_cursor *c = NULL;
    hr_rc_t rc =
        hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), db), &c));
    if (rc)
        return rc;
    uint8_t key[8];
    hr_be32_put(key, file_no);
    hr_be32_put(key + 4, 0);
    MDB_val k = {8, key}, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    while (!mrc && k.mv_size == 8 && hr_be32_get(k.mv_data) == file_no) {
        mrc = mdb_cursor_del(c, 0);
        if (!mrc)
            mrc = mdb_cursor_get(c, &k, &v, MDB_GET_CURRENT);
    }
    mdb_cursor_close(c);
    return mrc && mrc != MDB_NOTFOUND && mrc != EINVAL ? hr_rc_from_mdb(mrc) : HR_OK;
}

hr_rc_t an_store_bad_clear(hr_txn_t *txn, uint32_t file_no)
{
    return s_clear_file(txn, AN_DB_QUARANTINE, file_no);
}

hr_rc_t an_store_record_clear(hr_txn_t *txn, uint32_t file_no)
{
    return s_clear_file(txn, AN_DB_RECORDS, file_no);
}

hr_rc_t an_store_dedupe_forget(hr_txn_t *txn, const char *msg_id)
{
    if (strlen(msg_id) != HR_ID_LEN)
        return HR_OK;
    hr_rc_t rc = hr_store_del(txn, HR_DB_DEDUPE, msg_id, HR_ID_LEN);
    return rc == HR_ENOTFOUND ? HR_OK : rc;
}

hr_rc_t an_store_record_put(hr_txn_t *txn, uint32_t file_no, uint32_t record, const char *raw,
                            size_t raw_len)
{
    uint8_t key[8];
    hr_be32_put(key, file_no);
    hr_be32_put(key + 4, record);
    if (raw_len > AN_TEXT_MAX)
        raw_len = hr_utf8_cut(raw, AN_TEXT_MAX); // whole characters only
    return hr_store_put(txn, AN_DB_RECORDS, key, 8, raw, raw_len, 0);
}

hr_rc_t an_store_record_get(hr_txn_t *txn, uint32_t file_no, uint32_t record, char *buf, size_t max,
                            size_t *len_out)
{
    uint8_t key[8];
    hr_be32_put(key, file_no);
    hr_be32_put(key + 4, record);
    MDB_val v;
    *len_out = 0;
    hr_rc_t rc = hr_store_get(txn, AN_DB_RECORDS, key, 8, &v);
    if (rc)
        return rc;
    size_t n = v.mv_size < max ? v.mv_size : max;
    memcpy(buf, v.mv_data, n);
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
    // Protobuf strings end at a NUL, and a row cut at the limit or a byte that is not UTF-8
    // (reasons to quarantine) would make the row unprintable as JSON: those bytes are shown as
    // '?' and a character cut short is left out.
    memcpy(rawbuf, raw, raw_len);
    raw_len = hr_utf8_scrub(rawbuf, raw_len);
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

// PunchDay is written by hand: a million of them per big import, and its five packed fields
// are simple. The bytes are exactly protobuf-c's (test_an_store checks), so any protobuf
// reader decodes them.
static size_t s_varint_len(uint64_t v)
{
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

static uint8_t *s_varint(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

static uint64_t s_pd_value(const Hr__Analytics__PunchDay *r, int field, size_t i)
{
    switch (field) {
    case 1:
        return (uint64_t)(int64_t)r->sec[i]; // int32: negative values sign-extend to 64 bits
    case 2:
        return r->file_no[i];
    case 3:
        return r->line[i];
    case 4:
        return r->offset[i];
    default:
        return r->state[i];
    }
}

size_t an_punchday_pack(const Hr__Analytics__PunchDay *r, uint8_t *out)
{
    if (!r->n_sec)
        return 0;
    if (!out) {
        size_t total = 0;
        for (int f = 1; f <= 5; f++) {
            size_t payload = 0;
            for (size_t i = 0; i < r->n_sec; i++)
                payload += s_varint_len(s_pd_value(r, f, i));
            total += 1 + s_varint_len(payload) + payload;
        }
        return total;
    }
    // One pass: each payload is written after room for the longest length, then moved down.
    uint8_t *p = out;
    for (int f = 1; f <= 5; f++) {
        uint8_t *payload = p + 1 + 5, *q = payload;
        for (size_t i = 0; i < r->n_sec; i++)
            q = s_varint(q, s_pd_value(r, f, i));
        size_t plen = (size_t)(q - payload);
        uint8_t lenbuf[10];
        size_t ll = (size_t)(s_varint(lenbuf, plen) - lenbuf);
        p[0] = (uint8_t)(f << 3 | 2);
        memcpy(p + 1, lenbuf, ll);
        memmove(p + 1 + ll, payload, plen);
        p += 1 + ll + plen;
    }
    return (size_t)(p - out);
}

static bool s_get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return true;
        }
    }
    return false;
}

long an_punchday_decode(const uint8_t *p, size_t len, an_fpunch_t *out, uint32_t *state, size_t cap)
{
    const uint8_t *end = p + len;
    long n = -1;
    size_t seen[6] = {0};
    while (p < end) {
        uint64_t tag, l;
        if (!s_get_varint(&p, end, &tag))
            return -1;
        unsigned field = (unsigned)(tag >> 3), wt = (unsigned)(tag & 7);
        if (wt != 2) { // not ours: skip scalars of other wire types
            uint64_t skip;
            if (wt == 0 && s_get_varint(&p, end, &skip))
                continue;
            if ((wt == 1 && end - p >= 8) || (wt == 5 && end - p >= 4)) {
                p += wt == 1 ? 8 : 4;
                continue;
            }
            return -1;
        }
        if (!s_get_varint(&p, end, &l) || l > (uint64_t)(end - p))
            return -1;
        const uint8_t *fe = p + l;
        if (field < 1 || field > 5) {
            p = fe;
            continue;
        }
        if (n < 0) { // count the entries: one varint ends at each byte below 0x80
            n = 0;
            for (const uint8_t *q = p; q < fe; q++)
                n += *q < 0x80;
            if ((size_t)n > cap)
                return n;
            for (long k = 0; k < n; k++) // a record without states: none
                out[k].state = AN_STATE_NONE;
        }
        size_t i = 0;
        while (p < fe) {
            uint64_t v;
            if (!s_get_varint(&p, fe, &v) || i >= (size_t)n)
                return -1;
            switch (field) {
            case 1:
                out[i].sec = (int32_t)v;
                break;
            case 2:
                out[i].file_no = (uint32_t)v;
                break;
            case 3:
                out[i].line = (uint32_t)v;
                break;
            case 4:
                out[i].offset = v;
                break;
            default:
                out[i].state = (uint8_t)(v > 255 ? 255 : v);
                if (state)
                    state[i] = (uint32_t)v;
            }
            i++;
        }
        seen[field] = i;
    }
    if (n < 0)
        return 0;
    for (int f = 1; f <= 5; f++)
        if (seen[f] != (size_t)n)
            return -1;
    return n;
}

static hr_rc_t s_put_packed(an_days_writer_t *w, MDB_val *k, const Hr__Analytics__PunchDay *rec,
                            unsigned flags)
{
    if (rec->n_file_no != rec->n_sec || rec->n_line != rec->n_sec || rec->n_offset != rec->n_sec ||
        rec->n_state != rec->n_sec)
        return HR_EINTERNAL;
    size_t worst = rec->n_sec * 40 + 64; // five varints of at most 10 bytes, five headers
    if (w->buf_cap < worst) {
        w->buf_cap = worst * 2;
        w->buf = hr_realloc(w->buf, w->buf_cap);
    }
    MDB_val v = {an_punchday_pack(rec, w->buf), w->buf};
    return hr_rc_from_mdb(mdb_cursor_put(w->cursor, k, &v, flags));
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
    // MDB_SET, not MDB_SET_KEY: the key stays our buffer. A key pointing into the map (what
    // MDB_SET_KEY returns) given back to mdb_cursor_put is read while the put moves that page:
    // merging into two days of one PIN lost a day's key and stored another twice.
    MDB_val v;
    int mrc = mdb_cursor_get(w->cursor, &k, &v, MDB_SET);
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

typedef struct {
    an_fpunch_t **out; // borrowed: the caller's array, grown here
    size_t *n;         // borrowed: entries used
    size_t *cap;       // borrowed: entries allocated
} s_days_read_t;

static hr_rc_t s_days_read_one(void *arg, int32_t day, const MDB_val *v)
{
    s_days_read_t *r = arg;
    an_fpunch_t **out = r->out;
    size_t *n = r->n, *cap = r->cap;
    long got = an_punchday_decode(v->mv_data, v->mv_size, *out + *n, NULL, *cap - *n);
    if (got > 0 && (size_t)got > *cap - *n) {
        while (*cap - *n < (size_t)got)
            *cap = *cap ? *cap * 2 : 256;
        *out = hr_realloc(*out, *cap * sizeof **out);
        got = an_punchday_decode(v->mv_data, v->mv_size, *out + *n, NULL, *cap - *n);
    }
    if (got < 0) {
        hr_error("store.corrupt", "db=days");
        return HR_EIO;
    }
    for (long i = 0; i < got; i++)
        (*out)[*n + (size_t)i].day = day;
    *n += (size_t)got;
    return HR_OK;
}

hr_rc_t an_store_days_read(hr_txn_t *txn, const char *pin, int32_t from, int32_t to,
                           an_fpunch_t **out, size_t *n, size_t *cap)
{
    s_days_read_t r = {out, n, cap};
    return s_pin_days_each(txn, AN_DB_DAYS, pin, from, to, s_days_read_one, &r);
}

// ---- vendor slots (README "Vendor results") ----

static int32_t s_utc_day_of_ms(int64_t ms)
{
    return (int32_t)(ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000));
}

int32_t an_slot_utc_day(const Hr__Analytics__VendorSlot *s)
{
    int64_t ms = s->work_date_ms ? s->work_date_ms : s->sched_ms ? s->sched_ms : s->punch_ms;
    return s_utc_day_of_ms(ms);
}

// The same slot of another file (a pull repeated over the same days): all but file and record.
static bool s_slot_same(const Hr__Analytics__VendorSlot *a, const Hr__Analytics__VendorSlot *b)
{
    return a->check == b->check && a->sched_ms == b->sched_ms && a->punch_ms == b->punch_ms &&
           a->work_date_ms == b->work_date_ms && a->has_result == b->has_result &&
           !strcmp(a->result, b->result) && !strcmp(a->approval, b->approval) &&
           !strcmp(a->source_type, b->source_type);
}

hr_rc_t an_store_slots_add(hr_txn_t *txn, const char *pin, int32_t utc_day,
                           Hr__Analytics__VendorSlot *const *slots, size_t n)
{
    char key[AN_KEY_MAX];
    if (strlen(pin) > AN_ID_MAX)
        return HR_EINVAL;
    size_t kl = an_key_day(key, pin, utc_day);
    hr_arena_t *arena = hr_arena_new(4096);
    Hr__Analytics__VendorDay *old = NULL;
    hr_rc_t rc = hr_store_get_pb(txn, AN_DB_SLOTS, key, kl, &hr__analytics__vendor_day__descriptor,
                                 arena, (void **)&old);
    if (rc == HR_ENOTFOUND) {
        old = NULL;
        rc = HR_OK;
    }
    if (rc) {
        hr_arena_destroy(&arena);
        return rc;
    }
    size_t had = old ? old->n_slots : 0, m = had;
    Hr__Analytics__VendorSlot **all = hr_arena_alloc(arena, (had + n) * sizeof *all);
    for (size_t i = 0; i < had; i++)
        all[i] = old->slots[i];
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < m && !dup; j++)
            dup = s_slot_same(all[j], slots[i]);
        if (!dup)
            all[m++] = slots[i];
    }
    if (m != had) {
        Hr__Analytics__VendorDay day = HR__ANALYTICS__VENDOR_DAY__INIT;
        day.slots = all;
        day.n_slots = m;
        rc = hr_store_put_pb(txn, AN_DB_SLOTS, key, kl, &day.base, 0);
    }
    hr_arena_destroy(&arena);
    return rc;
}

typedef struct {
    hr_arena_t *arena; // borrowed: the slots are decoded into it
    an_slot_fn *fn;    // the caller's, for each slot
    void *arg;         // the caller's
} s_slots_t;

static hr_rc_t s_slots_one(void *arg, int32_t day, const MDB_val *v)
{
    s_slots_t *w = arg;
    HR_UNUSED(day);
    Hr__Analytics__VendorDay *d =
        hr__analytics__vendor_day__unpack(hr_arena_pb_allocator(w->arena), v->mv_size, v->mv_data);
    if (!d) {
        hr_error("store.corrupt", "db=slots");
        return HR_EIO;
    }
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < d->n_slots && !rc; i++)
        rc = w->fn(w->arg, d->slots[i]);
    return rc;
}

hr_rc_t an_store_slots_each(hr_txn_t *txn, const char *pin, int32_t from, int32_t to,
                            hr_arena_t *arena, an_slot_fn *fn, void *arg)
{
    s_slots_t w = {arena, fn, arg};
    return s_pin_days_each(txn, AN_DB_SLOTS, pin, from, to, s_slots_one, &w);
}

hr_rc_t an_store_days_last(hr_txn_t *txn, const char *pin, int32_t day_max, uint32_t *file_no,
                           int32_t *day)
{
    char key[AN_KEY_MAX];
    size_t pl = strlen(pin);
    if (pl > AN_ID_MAX)
        return HR_EINVAL;
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_DAYS), &c));
    if (rc)
        return rc;
    // The first key after day_max, and back.
    MDB_val k = {an_key_day(key, pin, day_max == INT32_MAX ? day_max : day_max + 1), key}, v;
    int mrc = s_cursor_before(c, &k, &v);
    an_fpunch_t small[16], *p = small;
    long got = 0;
    if (mrc) {
        rc = mrc == MDB_NOTFOUND ? HR_ENOTFOUND : hr_rc_from_mdb(mrc);
    } else if (!s_day_entry(&k, pin, pl, day)) {
        rc = HR_ENOTFOUND; // another PIN's day: this one has none up to day_max
    } else {
        got = an_punchday_decode(v.mv_data, v.mv_size, small, NULL, HR_ARRAY_LEN(small));
        if (got > (long)HR_ARRAY_LEN(small)) {
            p = hr_alloc((size_t)got * sizeof *p);
            got = an_punchday_decode(v.mv_data, v.mv_size, p, NULL, (size_t)got);
        }
        if (got <= 0) {
            hr_error("store.corrupt", "db=days");
            rc = HR_EIO;
        } else {
            *file_no = p[got - 1].file_no;
        }
    }
    if (p != small)
        hr_free(p);
    mdb_cursor_close(c);
    return rc;
}

hr_rc_t an_store_files_each(hr_txn_t *txn, hr_arena_t *arena, an_file_fn *fn, void *arg)
{
    s_files_t w = {.fn = fn, .arg = arg};
    return hr_store_each(txn, AN_DB_FILES, NULL, 0, &hr__analytics__file__descriptor, arena,
                         s_file_one, &w);
}

// Every stored punch day, in key order (PIN, then day), decoded: fn(arg, pin, day, punches,
// n). The migrations' one walk over the days db; a row that does not decode is store.corrupt.
typedef hr_rc_t s_day_fn(void *arg, const char *pin, int32_t day, const an_fpunch_t *p, long n);

static hr_rc_t s_days_walk(hr_txn_t *txn, s_day_fn *fn, void *arg)
{
    an_fpunch_t *p = NULL;
    size_t cap = 0;
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_DAYS), &c));
    MDB_val k, v;
    int mrc = rc ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (!mrc && !rc) {
        // key: the PIN, 0x00, the biased day (be32): at least one byte of PIN
        long got = k.mv_size >= 6 && k.mv_size - 5 <= AN_ID_MAX
                       ? an_punchday_decode(v.mv_data, v.mv_size, p, NULL, cap)
                       : -1;
        if (got > 0 && (size_t)got > cap) {
            cap = (size_t)got;
            p = hr_realloc(p, cap * sizeof *p);
            got = an_punchday_decode(v.mv_data, v.mv_size, p, NULL, cap);
        }
        if (got < 0) {
            hr_error("store.corrupt", "db=days");
            rc = HR_EIO;
            break;
        }
        char pin[AN_ID_MAX + 1];
        memcpy(pin, k.mv_data, k.mv_size - 5);
        pin[k.mv_size - 5] = '\0';
        int32_t day =
            (int32_t)((int64_t)hr_be32_get((const char *)k.mv_data + k.mv_size - 4) - AN_DAY_BIAS);
        rc = fn(arg, pin, day, p, got); // writes go to other dbs: the cursor stays valid
        if (!rc)
            mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    if (c)
        mdb_cursor_close(c);
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    hr_free(p);
    return rc;
}

// After a days walk (no cursor open on what changes): each attendance File numbered below
// nfiles - only those seen[no] when seen is given - passed to fix and written back. A number
// with no File (punches of an import that left none) is passed over. *n_out: files written.
typedef void s_file_fix_fn(void *arg, hr_txn_t *txn, hr_arena_t *arena, uint32_t no,
                           Hr__Analytics__File *f);

static hr_rc_t s_files_fix(hr_txn_t *txn, uint32_t nfiles, const bool *seen, s_file_fix_fn *fix,
                           void *arg, size_t *n_out)
{
    hr_arena_t *arena = hr_arena_new(0);
    hr_rc_t rc = HR_OK;
    *n_out = 0;
    for (uint32_t no = 1; no < nfiles && !rc; no++) {
        Hr__Analytics__File *f = NULL;
        if (seen && !seen[no])
            continue;
        rc = an_store_file_by_no(txn, no, arena, &f);
        if (rc == HR_ENOTFOUND) {
            rc = HR_OK;
            continue;
        }
        if (rc || f->kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE)
            continue;
        fix(arg, txn, arena, no, f);
        rc = an_store_file_put(txn, f);
        ++*n_out;
    }
    hr_arena_destroy(&arena);
    return rc;
}

typedef struct {
    uint32_t nfiles;
    int32_t *last;
    bool *seen;
} s_last_t;

static hr_rc_t s_last_day(void *arg, const char *pin, int32_t day, const an_fpunch_t *p, long n)
{
    HR_UNUSED(pin);
    s_last_t *w = arg;
    for (long i = 0; i < n; i++) {
        uint32_t no = p[i].file_no;
        if (no < w->nfiles && (!w->seen[no] || day > w->last[no])) {
            w->seen[no] = true;
            w->last[no] = day;
        }
    }
    return HR_OK;
}

static void s_set_last_day(void *arg, hr_txn_t *txn, hr_arena_t *arena, uint32_t no,
                           Hr__Analytics__File *f)
{
    HR_UNUSED(txn);
    HR_UNUSED(arena);
    f->last_day = ((const int32_t *)arg)[no];
}

hr_rc_t an_store_migrate_file_days(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint32_t nfiles = an_store_file_next_no(txn);
    if (!nfiles)
        return HR_EIO;
    int32_t *last = hr_alloc(nfiles * sizeof *last);
    bool *seen = hr_alloc(nfiles * sizeof *seen);
    memset(seen, 0, nfiles * sizeof *seen);
    s_last_t w = {nfiles, last, seen};
    hr_rc_t rc = s_days_walk(txn, s_last_day, &w);
    size_t n = 0;
    if (!rc)
        rc = s_files_fix(txn, nfiles, seen, s_set_last_day, last, &n);
    if (!rc && n)
        hr_info("store.migrated_file_days", "files=%zu", n);
    hr_free(seen);
    hr_free(last);
    return rc;
}

typedef struct {
    uint32_t nfiles;
    int64_t *lo, *hi;
    bool *seen;
} s_times_t;

static hr_rc_t s_times(void *arg, const char *pin, int32_t day, const an_fpunch_t *p, long n)
{
    HR_UNUSED(pin);
    s_times_t *w = arg;
    for (long i = 0; i < n; i++) {
        uint32_t no = p[i].file_no;
        int64_t t = (int64_t)day * 86400 + p[i].sec;
        if (no >= w->nfiles)
            continue;
        if (!w->seen[no] || t < w->lo[no])
            w->lo[no] = t;
        if (!w->seen[no] || t > w->hi[no])
            w->hi[no] = t;
        w->seen[no] = true;
    }
    return HR_OK;
}

static void s_set_times(void *arg, hr_txn_t *txn, hr_arena_t *arena, uint32_t no,
                        Hr__Analytics__File *f)
{
    HR_UNUSED(txn);
    HR_UNUSED(arena);
    const s_times_t *w = arg;
    f->first_at = w->lo[no];
    f->last_at = w->hi[no];
}

hr_rc_t an_store_migrate_file_times(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint32_t nfiles = an_store_file_next_no(txn);
    if (!nfiles)
        return HR_EIO;
    int64_t *lo = hr_alloc(nfiles * sizeof *lo), *hi = hr_alloc(nfiles * sizeof *hi);
    bool *seen = hr_alloc(nfiles * sizeof *seen);
    memset(seen, 0, nfiles * sizeof *seen);
    s_times_t w = {nfiles, lo, hi, seen};
    hr_rc_t rc = s_days_walk(txn, s_times, &w);
    size_t n = 0;
    if (!rc)
        rc = s_files_fix(txn, nfiles, seen, s_set_times, &w, &n);
    if (!rc && n)
        hr_info("store.migrated_file_times", "files=%zu", n);
    hr_free(seen);
    hr_free(hi);
    hr_free(lo);
    return rc;
}

// ---- which files name a PIN ----

static size_t s_pin_file_key(char *key, const char *pin, uint32_t file_no)
{
    size_t pl = strlen(pin);
    memcpy(key, pin, pl);
    key[pl] = '\0';
    hr_be32_put(key + pl + 1, file_no);
    return pl + 5;
}

hr_rc_t an_store_pin_file_put(hr_txn_t *txn, const char *pin, uint32_t file_no)
{
    char key[AN_KEY_MAX];
    if (strlen(pin) > AN_ID_MAX)
        return HR_EINVAL;
    size_t kl = s_pin_file_key(key, pin, file_no);
    return hr_store_put(txn, AN_DB_PIN_FILES, key, kl, "", 0, 0);
}

hr_rc_t an_store_pin_files_each(hr_txn_t *txn, const char *pin, an_no_fn *fn, void *arg)
{
    char key[AN_KEY_MAX];
    if (strlen(pin) > AN_ID_MAX)
        return HR_EINVAL;
    size_t pl = s_pin_file_key(key, pin, 0) - 4; // the PIN and its 0x00
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_PIN_FILES), &c));
    if (rc)
        return rc;
    MDB_val k = {pl, key}, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    while (!mrc && !rc && k.mv_size == pl + 4 && !memcmp(k.mv_data, key, pl)) {
        rc = fn(arg, hr_be32_get((const char *)k.mv_data + pl));
        if (!rc)
            mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(c);
    return rc;
}

// Each (PIN, file) pair once, and each file's first day, from the days walk.
typedef struct {
    hr_txn_t *txn;
    uint32_t nfiles;
    int32_t *first;
    bool *seen;
    // stamp[no] == pin_seq: (this PIN, file no) is put already - days are grouped by PIN, so
    // each pair is put once, not once per punch.
    uint32_t *stamp, pin_seq;
    char last_pin[AN_ID_MAX + 1];
    size_t pairs;
} s_pins_t;

static hr_rc_t s_pin_day(void *arg, const char *pin, int32_t day, const an_fpunch_t *p, long n)
{
    s_pins_t *w = arg;
    if (!w->pin_seq || strcmp(pin, w->last_pin)) {
        w->pin_seq++;
        snprintf(w->last_pin, sizeof w->last_pin, "%s", pin);
    }
    hr_rc_t rc = HR_OK;
    for (long i = 0; i < n && !rc; i++) {
        uint32_t no = p[i].file_no;
        if (no >= w->nfiles)
            continue;
        if (!w->seen[no] || day < w->first[no]) {
            w->seen[no] = true;
            w->first[no] = day;
        }
        if (w->stamp[no] == w->pin_seq)
            continue;
        w->stamp[no] = w->pin_seq;
        rc = an_store_pin_file_put(w->txn, pin, no); // another db: the walk's cursor stays valid
        w->pairs++;
    }
    return rc;
}

// Every attendance file: its first day when the walk saw it, and the serial of a ZKTeco TFT
// export, its text's first line (kept beside the store).
static void s_set_first_and_source(void *arg, hr_txn_t *txn, hr_arena_t *arena, uint32_t no,
                                   Hr__Analytics__File *f)
{
    const s_pins_t *w = arg;
    if (w->seen[no])
        f->first_day = w->first[no];
    char line[AN_ID_MAX + 2], serial[AN_ID_MAX + 1];
    size_t ll = 0;
    if (an_store_text_line(txn, no, 0, sizeof line - 1, line, &ll) || ll > AN_ID_MAX)
        ll = 0; // no text, or a first line too long to be a serial
    an_att_serial(f->format, f->name, line, ll, serial);
    f->source = hr_arena_strdup(arena, serial);
}

hr_rc_t an_store_migrate_pin_files(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint32_t nfiles = an_store_file_next_no(txn);
    if (!nfiles)
        return HR_EIO;
    s_pins_t w = {.txn = txn, .nfiles = nfiles};
    w.first = hr_alloc(nfiles * sizeof *w.first);
    w.seen = hr_alloc(nfiles * sizeof *w.seen);
    memset(w.seen, 0, nfiles * sizeof *w.seen);
    w.stamp = hr_alloc(nfiles * sizeof *w.stamp);
    memset(w.stamp, 0, nfiles * sizeof *w.stamp);
    hr_rc_t rc = s_days_walk(txn, s_pin_day, &w);
    size_t n = 0;
    if (!rc)
        rc = s_files_fix(txn, nfiles, NULL, s_set_first_and_source, &w, &n);
    if (!rc && n)
        hr_info("store.migrated_pin_files", "files=%zu pairs=%zu", n, w.pairs);
    hr_free(w.stamp);
    hr_free(w.seen);
    hr_free(w.first);
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
        if (!strcmp(old->pin, p->pin) && !strcmp(old->department, p->department) &&
            !strcmp(old->hire_date, p->hire_date) && !strcmp(old->leave_date, p->leave_date)) {
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

// Calls fn for each employee_no of a "dept 0 emp" db (people_by_dept, dept_ever) under dept.
static hr_rc_t s_dept_people_each(hr_txn_t *txn, const char *db, const char *dept, an_each_fn *fn,
                                  void *arg)
{
    char prefix[AN_ID_MAX + 2];
    size_t dl = strlen(dept);
    if (dl > AN_ID_MAX)
        return HR_EINVAL;
    memcpy(prefix, dept, dl);
    prefix[dl] = '\0';
    return s_prefix_each(txn, db, prefix, dl + 1, fn, arg);
}

hr_rc_t an_store_dept_each(hr_txn_t *txn, const char *dept, an_each_fn *fn, void *arg)
{
    return s_dept_people_each(txn, AN_DB_DEPT, dept, fn, arg);
}

hr_rc_t an_store_people_each(hr_txn_t *txn, an_each_fn *fn, void *arg)
{
    return s_prefix_each(txn, AN_DB_PEOPLE, "", 0, fn, arg);
}

hr_rc_t an_store_pins_each(hr_txn_t *txn, an_each_fn *fn, void *arg)
{
    return s_prefix_each(txn, AN_DB_PINS, "", 0, fn, arg);
}

hr_rc_t an_store_depts_each(hr_txn_t *txn, an_each_fn *fn, void *arg)
{
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_DEPT), &c));
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    char dept[AN_ID_MAX + 2];
    while (!mrc && !rc) {
        const char *nul = memchr(k.mv_data, '\0', k.mv_size);
        size_t dl = nul ? (size_t)(nul - (const char *)k.mv_data) : 0;
        if (!nul || dl > AN_ID_MAX) {
            hr_error("store.corrupt", "db=people_by_dept");
            rc = HR_EIO;
            break;
        }
        memcpy(dept, k.mv_data, dl);
        dept[dl] = '\0';
        rc = fn(arg, dept);
        // Past this department's people: its name, then the byte after the separator.
        dept[dl + 1] = '\0';
        dept[dl] = '\1';
        MDB_val next = {dl + 1, dept};
        k = next;
        if (!rc)
            mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(c);
    return rc;
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

// The whole natural key: who, the first day, for KPI rows the last day of the period too (a
// month, its quarter, its half and its year start on the same day and are four rows), then the
// subject; for a leave row that starts at a time or in the afternoon (Row.a, not 0), 0 and that
// start: a morning and an afternoon off on one day are two rows. Schedules and leave keep their
// end out of the key: a changed end corrects the row.
static size_t s_row_key_full(char *key, Hr__Analytics__FeedKind kind, const char *type,
                             const char *who, int32_t day_from, int32_t day_to, const char *subject,
                             double start)
{
    size_t kl = s_row_key(key, kind, type, who);
    hr_be32_put(key + kl, (uint32_t)((int64_t)day_from + AN_DAY_BIAS));
    kl += 4;
    if (s_type_char(type) == 'k') {
        hr_be32_put(key + kl, (uint32_t)((int64_t)day_to + AN_DAY_BIAS));
        kl += 4;
    }
    size_t sl = strlen(subject);
    memcpy(key + kl, subject, sl);
    kl += sl;
    if (s_type_char(type) == 'l' && start != 0) { // whole-day rows keep the key they had
        key[kl] = '\0';
        hr_be32_put(key + kl + 1, (uint32_t)((int64_t)start + 1));
        kl += 5;
    }
    return kl;
}

hr_rc_t an_store_row_put(hr_txn_t *txn, const an_row_t *r, uint32_t file_no, bool *dup,
                         bool *updated, uint32_t *conflict_line)
{
    char key[AN_KEY_MAX];
    *dup = *updated = false;
    *conflict_line = 0;
    if (strlen(r->employee_no) > AN_ID_MAX || strlen(r->subject) > AN_SUBJECT_MAX)
        return HR_EINVAL;
    size_t kl = s_row_key_full(key, r->kind, r->type, r->employee_no, r->day_from, r->day_to,
                               r->subject, r->a);
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
    row.weekdays = r->weekdays;
    row.irregular = r->irregular;
    hr_arena_t *arena = hr_arena_new(4096);
    Hr__Analytics__Row *old = NULL;
    hr_rc_t rc = hr_store_get_pb(txn, AN_DB_ROWS, key, kl, &hr__analytics__row__descriptor, arena,
                                 (void **)&old);
    if (rc == HR_OK) {
        if (old->day_to == row.day_to && old->a == row.a && old->b == row.b &&
            !strcmp(old->text, row.text) && old->lower_is_better == row.lower_is_better &&
            old->weekdays == row.weekdays && old->irregular == row.irregular) {
            *dup = true;
            hr_arena_destroy(&arena);
            return HR_OK;
        }
        if (old->file_no == file_no) { // two rows of one file: which one is right?
            *conflict_line = old->line ? old->line : 1;
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

// A stored KPI row the rekeying can place (its key parts within the key's limits).
static int s_pick_kpi_row(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    HR_UNUSED(arg);
    const Hr__Analytics__Row *row = (const Hr__Analytics__Row *)msg;
    return strlen(row->employee_no) <= AN_ID_MAX && strlen(row->subject) <= AN_SUBJECT_MAX ? 1 : -1;
}

hr_rc_t an_store_migrate_kpi_keys(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    char key[AN_KEY_MAX];
    size_t kl = s_row_key(key, HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, "kpi", "");
    kl--; // the prefix is kind and type only: every person's KPI rows
    hr_record_t *rows = NULL;
    size_t n = 0;
    hr_rc_t rc = hr_store_collect(txn, AN_DB_ROWS, key, kl, &hr__analytics__row__descriptor,
                                  s_pick_kpi_row, NULL, arena, &rows, &n);
    // Every old key gone before any new one is put.
    for (size_t i = 0; i < n && !rc; i++)
        rc = hr_store_del(txn, AN_DB_ROWS, rows[i].key, rows[i].klen);
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Analytics__Row *r = rows[i].msg;
        size_t nl = s_row_key_full(key, r->kind, r->type, r->employee_no, r->day_from, r->day_to,
                                   r->subject, r->a);
        rc = hr_store_put_pb(txn, AN_DB_ROWS, key, nl, &r->base, 0);
    }
    if (!rc && n)
        hr_info("store.migrated_kpi_rows", "rows=%zu", n);
    hr_arena_destroy(&arena);
    return rc;
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

// ---- feed metrics ----

// A withdrawn file counts for nothing: neither it, nor its records, nor its quarantined rows
// (kept for audit).
static hr_rc_t s_sum_file(hr_txn_t *txn, an_store_counts_t *out, const MDB_val *v)
{
    Hr__Analytics__File *f =
        hr__analytics__file__unpack(NULL, v->mv_size, (const uint8_t *)v->mv_data);
    if (!f)
        return HR_EIO;
    hr_rc_t rc = HR_OK;
    if (f->withdrawn_ms) {
        uint64_t bad = 0;
        rc = an_store_bad_each(txn, f->file_no, NULL, NULL, NULL, &bad);
        out->files--;
        out->quarantined -= bad < out->quarantined ? bad : out->quarantined;
    } else {
        out->records += f->accepted;
    }
    hr__analytics__file__free_unpacked(f, NULL);
    return rc;
}

hr_rc_t an_store_counts(hr_txn_t *txn, an_store_counts_t *out)
{
    memset(out, 0, sizeof *out);
    out->files = hr_store_count(txn, AN_DB_FILES);
    out->quarantined = hr_store_count(txn, AN_DB_QUARANTINE);
    out->people = hr_store_count(txn, AN_DB_PEOPLE);
    out->person_days = hr_store_count(txn, AN_DB_DAYS);
    out->rows = hr_store_count(txn, AN_DB_ROWS);
    MDB_txn *t = hr_txn_mdb(txn);
    hr_store_t *store = hr_txn_store(txn);
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(t, hr_store_dbi(store, AN_DB_FILES), &c));
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (!mrc && !rc) {
        rc = s_sum_file(txn, out, &v);
        mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    if (rc)
        return rc;
    // Distinct PINs of the punches: jump from one PIN to the next (keys are pin 0 day).
    rc = hr_rc_from_mdb(mdb_cursor_open(t, hr_store_dbi(store, AN_DB_DAYS), &c));
    if (rc)
        return rc;
    mrc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    char pin[AN_KEY_MAX + 2];
    while (!mrc && !rc) {
        const char *kd = k.mv_data;
        size_t pl = strnlen(kd, k.mv_size);
        if (pl > AN_ID_MAX)
            break;
        memcpy(pin, kd, pl);
        pin[pl] = '\0';
        out->pins++;
        MDB_val pv;
        if (hr_store_get(txn, AN_DB_PINS, pin, pl, &pv) == HR_ENOTFOUND)
            out->unmatched_pins++;
        pin[pl] = '\x01'; // the first key after every day of this PIN
        MDB_val next = {pl + 1, pin};
        k = next;
        mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    }
    mdb_cursor_close(c);
    return rc;
}

// ---- cases (workflow events) ----

hr_rc_t an_store_case_get(hr_txn_t *txn, const char *case_id, hr_arena_t *arena,
                          Hr__Analytics__CaseStat **out)
{
    size_t n = strlen(case_id);
    if (!n || n > AN_KEY_MAX)
        return HR_EINVAL;
    return hr_store_get_pb(txn, AN_DB_CASES, case_id, n, &hr__analytics__case_stat__descriptor,
                           arena, (void **)out);
}

hr_rc_t an_store_case_put(hr_txn_t *txn, const Hr__Analytics__CaseStat *c)
{
    size_t n = strlen(c->case_id);
    if (!n || n > AN_KEY_MAX)
        return HR_EINVAL;
    return hr_store_put_pb(txn, AN_DB_CASES, c->case_id, n, &c->base, 0);
}

typedef struct {
    an_case_fn *fn; // borrowed
    void *arg;      // fn's
} s_cases_t;

static hr_rc_t s_case_one(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    s_cases_t *w = arg;
    return w->fn(w->arg, (const Hr__Analytics__CaseStat *)msg);
}

hr_rc_t an_store_cases_each(hr_txn_t *txn, hr_arena_t *arena, an_case_fn *fn, void *arg)
{
    s_cases_t w = {fn, arg};
    return hr_store_each(txn, AN_DB_CASES, NULL, 0, &hr__analytics__case_stat__descriptor, arena,
                         s_case_one, &w);
}

// ---- the directory's roles (workflow.RolesChanged) ----

#define S_META_ROLES_REPLAY "roles_replay_until"

hr_rc_t an_store_roles_get(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                           Hr__Analytics__DirectoryRoles **out)
{
    if (!employee_no || !*employee_no || !an_id_is_clean(employee_no))
        return HR_ENOTFOUND; // no id the directory can hold
    return hr_store_get_pb(txn, AN_DB_ROLES, employee_no, strlen(employee_no),
                           &hr__analytics__directory_roles__descriptor, arena, (void **)out);
}

hr_rc_t an_store_roles_put(hr_txn_t *txn, const Hr__Analytics__DirectoryRoles *r)
{
    if (!*r->employee_no || !an_id_is_clean(r->employee_no))
        return HR_EINVAL;
    return hr_store_put_pb(txn, AN_DB_ROLES, r->employee_no, strlen(r->employee_no), &r->base, 0);
}

// Schema 6 -> 7. A daemon of the previous version passed workflow.RolesChanged over (none of its
// business then) and moved its cursor past them: the workflow publishes its whole directory
// once, at its own upgrade, so without reading the log again those people would never be known
// here. The case events up to the old cursor were applied then and must not count twice.
hr_rc_t an_store_migrate_roles(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint64_t seq = 0;
    hr_rc_t rc = hr_consumer_cursor_get(txn, AN_WORKFLOW_SOURCE, &seq);
    if (rc || !seq)
        return rc; // never followed the workflow: everything is still to come
    uint8_t v[8];
    hr_be64_put(v, seq);
    rc = hr_store_put(txn, HR_DB_META, S_META_ROLES_REPLAY, strlen(S_META_ROLES_REPLAY), v,
                      sizeof v, 0);
    if (!rc)
        rc = hr_store_del(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE, strlen(AN_WORKFLOW_SOURCE));
    if (!rc)
        hr_info("store.migrated_roles", "what=workflow events read again for roles until_seq=%llu",
                (unsigned long long)seq);
    return rc;
}

// Schema 7 -> 8. A daemon of schema 7 kept each person's roles but not their leaving: someone
// who left kept their hr here. Reading the log again for its RolesChanged (a mark already set by
// the 6 -> 7 step of the same start reads it all) gives every row its left_ms.
hr_rc_t an_store_migrate_left(hr_txn_t *txn, void *arg)
{
    return an_store_migrate_roles(txn, arg);
}

// Schema 11 -> 12. A daemon of schema 11 kept each person's roles and leaving but not the keys
// of their protected statuses (PersonRoles.protected_statuses): reading the log again for its
// RolesChanged gives every row its statuses, as schema 8's did its left_ms.
hr_rc_t an_store_migrate_statuses(hr_txn_t *txn, void *arg)
{
    return an_store_migrate_roles(txn, arg);
}

// Schema 12 -> 13. A daemon of schema 12 passed workflow.CaseReassigned over: a case handed to
// another manager still counted under the one who opened it. Reading the log again (an_events.c
// applies each CaseReassigned up to the mark as after it) gives every case its manager now.
hr_rc_t an_store_migrate_managers(hr_txn_t *txn, void *arg)
{
    return an_store_migrate_roles(txn, arg);
}

// Schema 13 -> 14. A daemon of schema 13 passed workflow.SubmitRefused over: the log read again
// (each SubmitRefused and request StepCompleted up to the mark applied for the refusals alone,
// counted once by its seq) gives every case its refused submissions.
hr_rc_t an_store_migrate_refusals(hr_txn_t *txn, void *arg)
{
    return an_store_migrate_roles(txn, arg);
}

// Schema 14 -> 15. A daemon of schema 14 counted each workflow.CaseReturned but kept no reason:
// the log read again (each CaseReturned up to the mark kept for its stage and findings' codes
// alone, once by its seq) gives every case the reasons of its returns.
hr_rc_t an_store_migrate_returns(hr_txn_t *txn, void *arg)
{
    return an_store_migrate_roles(txn, arg);
}

hr_rc_t an_store_roles_replay_until(hr_txn_t *txn, uint64_t *until_out)
{
    *until_out = 0;
    MDB_val v;
    hr_rc_t rc =
        hr_store_get(txn, HR_DB_META, S_META_ROLES_REPLAY, strlen(S_META_ROLES_REPLAY), &v);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    if (v.mv_size != 8)
        return HR_EIO;
    *until_out = hr_be64_get(v.mv_data);
    return HR_OK;
}

hr_rc_t an_store_roles_replay_clear(hr_txn_t *txn)
{
    hr_rc_t rc = hr_store_del(txn, HR_DB_META, S_META_ROLES_REPLAY, strlen(S_META_ROLES_REPLAY));
    return rc == HR_ENOTFOUND ? HR_OK : rc;
}

// ---- withdrawal (an_withdraw.c): what a file left in the derived dbs, and their rebuild ----

// The dbs derived from the files by importing them; the files, their texts, quarantine rows and
// record texts are kept (those of the remaining files are written again by their replay).
static const char *const s_derived_dbs[] = {AN_DB_DAYS,  AN_DB_PEOPLE,    AN_DB_PINS,
                                            AN_DB_DEPT,  AN_DB_ROWS,      AN_DB_PIN_FILES,
                                            AN_DB_SLOTS, AN_DB_DEPT_DAYS, AN_DB_DEPT_EVER};

hr_rc_t an_store_derived_drop(hr_txn_t *txn)
{
    hr_store_t *store = hr_txn_store(txn);
    for (size_t i = 0; i < HR_ARRAY_LEN(s_derived_dbs); i++) {
        hr_rc_t rc =
            hr_rc_from_mdb(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(store, s_derived_dbs[i]), 0));
        if (rc)
            return rc;
    }
    return HR_OK;
}

static int s_pick_row_of(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    return ((const Hr__Analytics__Row *)msg)->file_no == *(const uint32_t *)arg;
}

static int s_pick_person_of(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    return ((const Hr__Analytics__Person *)msg)->file_no == *(const uint32_t *)arg;
}

hr_rc_t an_store_file_refs(hr_txn_t *txn, uint32_t file_no, hr_arena_t *arena, an_file_refs_t *out)
{
    memset(out, 0, sizeof *out);
    out->file_no = file_no;
    hr_rc_t rc = hr_store_collect(txn, AN_DB_ROWS, NULL, 0, &hr__analytics__row__descriptor,
                                  s_pick_row_of, &out->file_no, arena, &out->rows, &out->nrows);
    if (!rc)
        rc = hr_store_collect(txn, AN_DB_PEOPLE, NULL, 0, &hr__analytics__person__descriptor,
                              s_pick_person_of, &out->file_no, arena, &out->people, &out->npeople);
    return rc;
}

// How many of the records a file held under these keys are held again by another file.
static hr_rc_t s_refs_back(hr_txn_t *txn, const char *db, const hr_record_t *recs, size_t n,
                           uint32_t *back)
{
    *back = 0;
    for (size_t i = 0; i < n; i++) {
        MDB_val v;
        hr_rc_t rc = hr_store_get(txn, db, recs[i].key, recs[i].klen, &v);
        if (rc == HR_OK)
            (*back)++;
        else if (rc != HR_ENOTFOUND)
            return rc;
    }
    return HR_OK;
}

hr_rc_t an_store_file_refs_back(hr_txn_t *txn, const an_file_refs_t *refs, uint32_t *rows_back,
                                uint32_t *people_back)
{
    hr_rc_t rc = s_refs_back(txn, AN_DB_ROWS, refs->rows, refs->nrows, rows_back);
    if (!rc)
        rc = s_refs_back(txn, AN_DB_PEOPLE, refs->people, refs->npeople, people_back);
    return rc;
}

// an_store_file_pins_each: the rows of pin_files naming one file, through an_store_pin_files_all.
typedef struct {
    uint32_t file_no; // the file asked about
    an_each_fn *fn;   // called with each PIN naming it
    void *arg;        // fn's
} s_file_pins_t;

static hr_rc_t s_file_pin(void *arg, const char *pin, uint32_t file_no)
{
    const s_file_pins_t *f = arg;
    return file_no == f->file_no ? f->fn(f->arg, pin) : HR_OK;
}

hr_rc_t an_store_file_pins_each(hr_txn_t *txn, uint32_t file_no, an_each_fn *fn, void *arg)
{
    s_file_pins_t f = {file_no, fn, arg};
    return an_store_pin_files_all(txn, s_file_pin, &f);
}

hr_rc_t an_store_pin_files_all(hr_txn_t *txn, an_pin_file_fn *fn, void *arg)
{
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_PIN_FILES), &c));
    if (rc)
        return rc;
    MDB_val k, v;
    char pin[AN_ID_MAX + 1];
    int mrc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (!mrc && !rc) {
        // key: the PIN, 0x00, be32(file_no)
        if (k.mv_size >= 6 && k.mv_size - 5 <= AN_ID_MAX) {
            memcpy(pin, k.mv_data, k.mv_size - 5);
            pin[k.mv_size - 5] = '\0';
            rc = fn(arg, pin, hr_be32_get((const char *)k.mv_data + k.mv_size - 4));
        }
        if (!rc)
            mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    return rc;
}

// ---- the retention sweep's work left after its commit (an_retention.c) ----

#define S_META_RETENTION_AFTER "retention_after"

hr_rc_t an_store_retention_after_get(hr_txn_t *txn, bool *pending)
{
    *pending = false;
    MDB_val v;
    hr_rc_t rc =
        hr_store_get(txn, HR_DB_META, S_META_RETENTION_AFTER, strlen(S_META_RETENTION_AFTER), &v);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    *pending = !rc;
    return rc;
}

hr_rc_t an_store_retention_after_set(hr_txn_t *txn, bool pending)
{
    if (pending)
        return hr_store_put(txn, HR_DB_META, S_META_RETENTION_AFTER, strlen(S_META_RETENTION_AFTER),
                            "1", 1, 0);
    hr_rc_t rc =
        hr_store_del(txn, HR_DB_META, S_META_RETENTION_AFTER, strlen(S_META_RETENTION_AFTER));
    return rc == HR_ENOTFOUND ? HR_OK : rc;
}

hr_rc_t an_store_file_nos(hr_txn_t *txn, uint32_t **nos_out, size_t *n_out)
{
    *nos_out = NULL;
    *n_out = 0;
    MDB_cursor *c = NULL;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_FILE_NOS), &c));
    if (rc)
        return rc;
    size_t cap = 0;
    MDB_val k, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (!mrc) {
        if (k.mv_size != 4) {
            hr_error("store.corrupt", "db=file_nos key_len=%zu", k.mv_size);
            rc = HR_EIO;
            break;
        }
        if (*n_out == cap) {
            cap = cap ? cap * 2 : 64;
            *nos_out = hr_realloc(*nos_out, cap * sizeof **nos_out);
        }
        (*nos_out)[(*n_out)++] = hr_be32_get(k.mv_data);
        mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    if (!rc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    if (rc)
        hr_free(*nos_out);
    return rc;
}

// Schema 8 -> 9: File learns withdrawn_ms/_by/_reason (WithdrawImport). No file was withdrawn
// before, so nothing is rewritten; the bump keeps a daemon of schema 8 off a store whose
// withdrawn files it would count again.
hr_rc_t an_store_migrate_withdrawn(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(txn);
    HR_UNUSED(arg);
    return HR_OK;
}

// ---- department history ----

// The person's entries: employee_no, 0, be32(day + bias) -> department.
static hr_rc_t s_dept_days_cursor(hr_txn_t *txn, MDB_cursor **c)
{
    return hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_DEPT_DAYS), c));
}

// An entry's value: the department, then (entries kept since their source is) 0x00, be32 file
// number, be32 line, be64 offset of the people import's record. An entry without the tail reads
// as a source not known.
#define S_DEPT_SRC_LEN 17

static size_t s_dept_value(uint8_t *out, const char *dept, size_t dl, const an_dept_src_t *src)
{
    memcpy(out, dept, dl);
    if (!src || !src->file_no)
        return dl;
    out[dl] = 0;
    hr_be32_put(out + dl + 1, src->file_no);
    hr_be32_put(out + dl + 5, src->line);
    hr_be64_put(out + dl + 9, src->offset);
    return dl + S_DEPT_SRC_LEN;
}

hr_rc_t an_store_dept_on(hr_txn_t *txn, const char *emp, int32_t day, char *dept, int32_t *first)
{
    return an_store_dept_on_src(txn, emp, day, dept, first, NULL);
}

hr_rc_t an_store_dept_on_src(hr_txn_t *txn, const char *emp, int32_t day, char *dept,
                             int32_t *first, an_dept_src_t *src)
{
    size_t el = strlen(emp);
    if (first)
        *first = INT32_MAX;
    *dept = '\0';
    if (src)
        memset(src, 0, sizeof *src);
    if (el > AN_ID_MAX)
        return HR_EINVAL;
    MDB_cursor *c = NULL;
    hr_rc_t rc = s_dept_days_cursor(txn, &c);
    if (rc)
        return rc;
    char key[AN_ID_MAX + 6];
    int32_t d = 0;
    MDB_val k = {an_key_day(key, emp, INT32_MIN), key}, v;
    int mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    if (!mrc && first && s_day_entry(&k, emp, el, &d))
        *first = d;
    // The last entry on or before day: the first one after it, then one back.
    if (day == INT32_MAX)
        day = INT32_MAX - 1; // no entry is dated the last day there is
    MDB_val k2 = {an_key_day(key, emp, day + 1), key};
    mrc = s_cursor_before(c, &k2, &v);
    rc = HR_ENOTFOUND;
    if (!mrc && s_day_entry(&k2, emp, el, &d) && d <= day) {
        const uint8_t *at = v.mv_data;
        const uint8_t *nul = memchr(at, 0, v.mv_size);
        size_t dl = nul ? (size_t)(nul - at) : v.mv_size;
        if (dl > AN_ID_MAX || (nul && v.mv_size - dl != S_DEPT_SRC_LEN)) {
            rc = HR_EIO;
        } else {
            memcpy(dept, at, dl);
            dept[dl] = '\0';
            if (src) {
                src->since = d;
                if (nul) {
                    src->file_no = hr_be32_get(at + dl + 1);
                    src->line = hr_be32_get(at + dl + 5);
                    src->offset = hr_be64_get(at + dl + 9);
                }
            }
            rc = HR_OK;
        }
    } else if (mrc && mrc != MDB_NOTFOUND) {
        rc = hr_rc_from_mdb(mrc);
    }
    mdb_cursor_close(c);
    return rc;
}

hr_rc_t an_store_dept_since(hr_txn_t *txn, const char *emp, const char *dept, int32_t day,
                            const an_dept_src_t *src)
{
    size_t el = strlen(emp), dl = strlen(dept);
    if (el > AN_ID_MAX || dl > AN_ID_MAX)
        return HR_EINVAL;
    MDB_cursor *c = NULL;
    hr_rc_t rc = s_dept_days_cursor(txn, &c);
    if (rc)
        return rc;
    // What the import says is where the person is now: later entries are no more.
    char key[AN_ID_MAX + 6];
    int32_t d = 0;
    int mrc = 0;
    for (;;) {
        MDB_val k = {an_key_day(key, emp, day), key}, v;
        mrc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
        if (mrc || !s_day_entry(&k, emp, el, &d))
            break;
        mrc = mdb_cursor_del(c, 0);
        if (mrc)
            break;
    }
    mdb_cursor_close(c);
    if (mrc && mrc != MDB_NOTFOUND)
        return hr_rc_from_mdb(mrc);
    char before[AN_ID_MAX + 1];
    rc = day > INT32_MIN ? an_store_dept_on(txn, emp, day - 1, before, NULL) : HR_ENOTFOUND;
    if (rc == HR_OK && !strcmp(before, dept))
        return HR_OK; // in it already
    if (rc && rc != HR_ENOTFOUND)
        return rc;
    uint8_t val[AN_ID_MAX + S_DEPT_SRC_LEN];
    size_t vl = s_dept_value(val, dept, dl, src);
    rc = hr_store_put(txn, AN_DB_DEPT_DAYS, key, an_key_day(key, emp, day), val, vl, 0);
    char ever[2 * AN_ID_MAX + 2];
    if (!rc)
        rc = hr_store_put(txn, AN_DB_DEPT_EVER, ever, s_dept_key(ever, dept, emp), "", 0, 0);
    return rc;
}

hr_rc_t an_store_dept_ever_each(hr_txn_t *txn, const char *dept, an_each_fn *fn, void *arg)
{
    return s_dept_people_each(txn, AN_DB_DEPT_EVER, dept, fn, arg);
}

typedef struct {
    hr_txn_t *txn;
    hr_arena_t *arena;
    size_t people;
} s_hist_t;

static hr_rc_t s_hist_person(void *arg, const char *emp)
{
    s_hist_t *h = arg;
    Hr__Analytics__Person *p = NULL;
    Hr__Analytics__File *f = NULL;
    hr_rc_t rc = an_store_person_get(h->txn, emp, h->arena, &p);
    if (!rc)
        rc = an_store_file_by_no(h->txn, p->file_no, h->arena, &f);
    if (rc == HR_ENOTFOUND)
        return HR_OK; // a row without its file: nothing to date it by
    if (rc)
        return rc;
    // The latest local day the import's instant is anywhere (UTC+14): never earlier than the
    // department was known.
    an_dept_src_t src = {.file_no = p->file_no, .line = p->line, .offset = p->offset};
    rc = an_store_dept_since(h->txn, emp, p->department, hr_day_of_ms(f->imported_ms, 14 * 60),
                             &src);
    h->people += !rc;
    return rc;
}

// Schema 9 -> 10: no department history was kept; each person's department is known from the
// import of the file that gave their row (Person.file_no) on, and not before.
hr_rc_t an_store_migrate_dept_history(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(4096);
    s_hist_t h = {txn, arena, 0};
    hr_rc_t rc = an_store_people_each(txn, s_hist_person, &h);
    hr_arena_destroy(&arena);
    if (!rc)
        hr_info("store.migrated_dept_history", "people=%zu", h.people);
    return rc;
}
