/*  wf_store - the only file that knows hr-workflow's db names and key layouts.
 *
 *      people             employee_no                     -> hr.workflow.Person
 *      departments        id                              -> hr.workflow.Department
 *      templates          id                              -> hr.workflow.Template
 *      cases              case id (ULID)                  -> hr.workflow.Case
 *      cases_by_employee  employee_no \0 case id          -> ""
 *      due                be64 fire ms, case id, be32 step -> ""   (the deadline index)
 *      settings           name                            -> value (hr_head)
 *      case_reads         case id, be64 seq               -> hr.workflow.CaseRead
 *      case_lists         be64 seq                        -> hr.workflow.CaseListRead
 *      case_journal       be64 seq                        -> hr.workflow.CaseJournalEntry
 *      case_journal_by_case  case id, be64 seq            -> ""   (a case's entries)
 *      layoffs            layoff id (ULID)                -> hr.workflow.Layoff
 *
 *  The case journal: every write of a case row goes through wf_store_case_put, which appends in
 *  the same transaction one entry with the row's bytes as stored, their SHA-256 and the hash
 *  chaining it to the entry before (wf_journal.c); the head ("<seq>:<hex>") moves in settings
 *  (case_journal_head) with it, so an entry removed from the end is caught too. Verify walks
 *  the chain itself, never the by-case index, to find each case's latest entry: an index edited
 *  to point at an older version cannot make an old row pass.
 *
 *  The due index holds, for each active step, the time its next escalation level fires; it is
 *  written in the same transaction as the case (wf_store_case_put), and rebuilt from the cases
 *  at start-up (wf_store_due_rebuild), so it can never disagree with them for long.
 *
 *  Outgoing commands and domain events go to the platform's `outbox` and `events` dbs through
 *  hr_outbox_put and hr_events_append, wrapped here so the handlers name neither.
 *
 *  The read logs are runs of keys, prefix + be64 seq - a case's reads one run per case (prefix:
 *  the case id), the case lists one run (no prefix) - their seqs contiguous: an entry goes in
 *  at the newest seq + 1 and entries leave only from the oldest (the cap), so the newest seq is
 *  the number ever recorded and the oldest kept seq - 1 the number dropped.
 */
#include "wf.h"

#define S_DUE_KEY_LEN (8 + HR_ID_LEN + 4)
#define S_BY_EMPLOYEE_MAX (WF_KEY_MAX + 1 + HR_ID_LEN)

const char *const wf_store_dbs[] = {
    WF_DB_PEOPLE,
    WF_DB_DEPARTMENTS,
    WF_DB_TEMPLATES,
    WF_DB_CASES,
    WF_DB_CASES_BY_EMPLOYEE,
    WF_DB_DUE,
    WF_DB_SETTINGS,
    WF_DB_CASE_READS, // who read each case
    WF_DB_CASE_LISTS, // who listed cases
    WF_DB_CASE_JOURNAL,
    WF_DB_JOURNAL_BY_CASE,
    WF_DB_LAYOFFS,        // LCL 41 batches
    WF_DB_STATUS_REPORTS, // an employee's own reports of a protected status
    NULL,
};

static hr_rc_t s_cursor(hr_txn_t *txn, const char *db, MDB_cursor **cur)
{
    MDB_dbi dbi = hr_store_dbi(hr_txn_store(txn), db);
    return hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), dbi, cur));
}

static hr_rc_t s_get(hr_txn_t *txn, const char *db, const char *key,
                     const ProtobufCMessageDescriptor *desc, hr_arena_t *arena, void **out)
{
    size_t klen = strlen(key);
    if (!klen || klen > WF_KEY_MAX)
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, db, key, klen, desc, arena, out);
}

hr_rc_t wf_store_person_get(hr_txn_t *txn, const char *no, hr_arena_t *arena,
                            Hr__Workflow__Person **out)
{
    return s_get(txn, WF_DB_PEOPLE, no, &hr__workflow__person__descriptor, arena, (void **)out);
}

hr_rc_t wf_store_person_put(hr_txn_t *txn, const Hr__Workflow__Person *p)
{
    return hr_store_put_pb(txn, WF_DB_PEOPLE, p->employee_no, strlen(p->employee_no), &p->base, 0);
}

static hr_rc_t s_all(hr_txn_t *txn, const char *db, const ProtobufCMessageDescriptor *desc,
                     hr_arena_t *arena, size_t max, void ***out, size_t *n)
{
    *n = 0;
    uint64_t count = hr_store_count(txn, db);
    if (count > max)
        return HR_EFULL;
    void **list = hr_arena_alloc(arena, (count + 1) * sizeof *list);
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, db, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (mrc == 0 && *n < count) {
        void *msg =
            protobuf_c_message_unpack(desc, hr_arena_pb_allocator(arena), v.mv_size, v.mv_data);
        if (!msg) {
            hr_error("store.corrupt", "db=%s len=%zu", db, v.mv_size);
            rc = HR_EIO;
            goto out;
        }
        list[(*n)++] = msg;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    *out = list;
out:
    mdb_cursor_close(cur);
    return rc;
}

hr_rc_t wf_store_people_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                            Hr__Workflow__Person ***out, size_t *n)
{
    return s_all(txn, WF_DB_PEOPLE, &hr__workflow__person__descriptor, arena, max, (void ***)out,
                 n);
}

typedef struct {
    wf_person_pick_fn *pick;     // borrowed
    void *arg;                   // borrowed: pick's
    Hr__Workflow__Person *found; // arena: the person picked, or NULL
} s_first_t;

static hr_rc_t s_first_one(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    s_first_t *f = arg;
    Hr__Workflow__Person *p = (Hr__Workflow__Person *)msg;
    if (!f->pick(f->arg, p))
        return HR_OK;
    f->found = p;
    return HR_ECONFLICT; // enough: stops the walk
}

hr_rc_t wf_store_person_first(hr_txn_t *txn, hr_arena_t *arena, wf_person_pick_fn *pick, void *arg,
                              Hr__Workflow__Person **out)
{
    s_first_t f = {pick, arg, NULL};
    hr_rc_t rc = hr_store_each(txn, WF_DB_PEOPLE, NULL, 0, &hr__workflow__person__descriptor, arena,
                               s_first_one, &f);
    *out = f.found;
    return rc == HR_ECONFLICT && f.found ? HR_OK : rc;
}

hr_rc_t wf_store_department_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                                Hr__Workflow__Department **out)
{
    return s_get(txn, WF_DB_DEPARTMENTS, id, &hr__workflow__department__descriptor, arena,
                 (void **)out);
}

hr_rc_t wf_store_department_put(hr_txn_t *txn, const Hr__Workflow__Department *d)
{
    return hr_store_put_pb(txn, WF_DB_DEPARTMENTS, d->id, strlen(d->id), &d->base, 0);
}

hr_rc_t wf_store_departments_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                                 Hr__Workflow__Department ***out, size_t *n)
{
    return s_all(txn, WF_DB_DEPARTMENTS, &hr__workflow__department__descriptor, arena, max,
                 (void ***)out, n);
}

hr_rc_t wf_store_template_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                              Hr__Workflow__Template **out)
{
    return s_get(txn, WF_DB_TEMPLATES, id, &hr__workflow__template__descriptor, arena,
                 (void **)out);
}

hr_rc_t wf_store_template_put(hr_txn_t *txn, const Hr__Workflow__Template *tpl)
{
    return hr_store_put_pb(txn, WF_DB_TEMPLATES, tpl->id, strlen(tpl->id), &tpl->base, 0);
}

hr_rc_t wf_store_setting_get(hr_txn_t *txn, const char *name, hr_arena_t *arena, char **out)
{
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, WF_DB_SETTINGS, name, strlen(name), &v);
    if (rc)
        return rc;
    *out = hr_arena_strndup(arena, v.mv_data, v.mv_size);
    return HR_OK;
}

hr_rc_t wf_store_setting_put(hr_txn_t *txn, const char *name, const char *value)
{
    if (!*value) {
        hr_rc_t rc = hr_store_del(txn, WF_DB_SETTINGS, name, strlen(name));
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    }
    return hr_store_put(txn, WF_DB_SETTINGS, name, strlen(name), value, strlen(value), 0);
}

hr_rc_t wf_store_layoff_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                            Hr__Workflow__Layoff **out)
{
    if (!hr_id_is_valid(id))
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, WF_DB_LAYOFFS, id, HR_ID_LEN, &hr__workflow__layoff__descriptor,
                           arena, (void **)out);
}

hr_rc_t wf_store_layoff_put(hr_txn_t *txn, const Hr__Workflow__Layoff *l)
{
    assert(hr_id_is_valid(l->id));
    return hr_store_put_pb(txn, WF_DB_LAYOFFS, l->id, HR_ID_LEN, &l->base, 0);
}

hr_rc_t wf_store_layoffs_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                             Hr__Workflow__Layoff ***out, size_t *n)
{
    return s_all(txn, WF_DB_LAYOFFS, &hr__workflow__layoff__descriptor, arena, max, (void ***)out,
                 n);
}

// ---------------------------------------------------------------------------------------------
// Cases and their indexes

hr_rc_t wf_store_case_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                          Hr__Workflow__Case **out)
{
    if (!hr_id_is_valid(id))
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, WF_DB_CASES, id, HR_ID_LEN, &hr__workflow__case__descriptor, arena,
                           (void **)out);
}

static size_t s_due_key(uint8_t *key, int64_t ms, const char *case_id, uint32_t step)
{
    hr_be64_put(key, (uint64_t)ms);
    memcpy(key + 8, case_id, HR_ID_LEN);
    hr_be32_put(key + 8 + HR_ID_LEN, step);
    return S_DUE_KEY_LEN;
}

// Puts (del = false) or removes the due rows of every step of c.
static hr_rc_t s_due_rows(hr_txn_t *txn, const Hr__Workflow__Case *c, bool del)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        int64_t next = wf_escalation_next_ms(c->steps[i]);
        if (!next)
            continue;
        uint8_t key[S_DUE_KEY_LEN];
        size_t klen = s_due_key(key, next, c->id, (uint32_t)i);
        hr_rc_t rc = del ? hr_store_del(txn, WF_DB_DUE, key, klen)
                         : hr_store_put(txn, WF_DB_DUE, key, klen, "", 0, 0);
        if (rc && !(del && rc == HR_ENOTFOUND))
            return rc;
    }
    return HR_OK;
}

static size_t s_by_employee_key(char *key, const char *employee_no, const char *case_id)
{
    size_t n = strlen(employee_no);
    memcpy(key, employee_no, n);
    key[n] = '\0';
    memcpy(key + n + 1, case_id, HR_ID_LEN);
    return n + 1 + HR_ID_LEN;
}

hr_rc_t wf_store_case_put(hr_txn_t *txn, const Hr__Workflow__Case *old, const Hr__Workflow__Case *c)
{
    return wf_store_case_put_noted(txn, old, c, NULL);
}

hr_rc_t wf_store_case_put_noted(hr_txn_t *txn, const Hr__Workflow__Case *old,
                                const Hr__Workflow__Case *c, const char *note)
{
    assert(hr_id_is_valid(c->id));
    hr_rc_t rc = old ? s_due_rows(txn, old, true) : HR_OK;
    if (!rc)
        rc = s_due_rows(txn, c, false);
    if (!rc && !old) {
        char key[S_BY_EMPLOYEE_MAX];
        size_t klen = s_by_employee_key(key, c->employee_no, c->id);
        rc = hr_store_put(txn, WF_DB_CASES_BY_EMPLOYEE, key, klen, "", 0, 0);
    }
    if (!rc)
        rc = hr_store_put_pb(txn, WF_DB_CASES, c->id, HR_ID_LEN, &c->base, 0);
    MDB_val v;
    if (!rc)
        rc = hr_store_get(txn, WF_DB_CASES, c->id, HR_ID_LEN, &v); // the bytes as stored
    if (!rc) {
        void *bytes = hr_alloc(v.mv_size ? v.mv_size : 1);
        memcpy(bytes, v.mv_data, v.mv_size);
        rc = wf_store_journal_append(txn, c->id, bytes, v.mv_size, note);
        hr_free(bytes);
    }
    return rc;
}

hr_rc_t wf_store_case_open_for(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                               bool *open)
{
    char *id = NULL;
    hr_rc_t rc = wf_store_case_open_id(txn, employee_no, arena, &id);
    *open = !rc && *id;
    return rc;
}

hr_rc_t wf_store_case_open_id(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                              char **case_id)
{
    *case_id = "";
    size_t plen = strlen(employee_no);
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_CASES_BY_EMPLOYEE, &cur);
    if (rc)
        return rc;
    char prefix[WF_KEY_MAX + 1];
    memcpy(prefix, employee_no, plen);
    prefix[plen] = '\0';
    MDB_val k = {plen + 1, prefix}, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (mrc == 0 && k.mv_size == plen + 1 + HR_ID_LEN && !memcmp(k.mv_data, prefix, plen + 1)) {
        char id[HR_ID_LEN + 1];
        memcpy(id, (const char *)k.mv_data + plen + 1, HR_ID_LEN);
        id[HR_ID_LEN] = '\0';
        Hr__Workflow__Case *c = NULL;
        rc = wf_store_case_get(txn, id, arena, &c);
        if (rc)
            break;
        if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN) {
            *case_id = c->id;
            break;
        }
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    return rc;
}

hr_rc_t wf_store_cases_of(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena, wf_case_fn *fn,
                          void *arg)
{
    size_t plen = strlen(employee_no);
    if (plen > WF_KEY_MAX)
        return HR_EINVAL;
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_CASES_BY_EMPLOYEE, &cur);
    if (rc)
        return rc;
    char prefix[WF_KEY_MAX + 1];
    memcpy(prefix, employee_no, plen);
    prefix[plen] = '\0';
    MDB_val k = {plen + 1, prefix}, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (mrc == 0 && k.mv_size == plen + 1 + HR_ID_LEN && !memcmp(k.mv_data, prefix, plen + 1)) {
        char id[HR_ID_LEN + 1];
        memcpy(id, (const char *)k.mv_data + plen + 1, HR_ID_LEN);
        id[HR_ID_LEN] = '\0';
        Hr__Workflow__Case *c = NULL;
        rc = wf_store_case_get(txn, id, arena, &c);
        if (!rc)
            rc = fn(arg, c);
        if (rc)
            break;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    return rc == HR_ECONFLICT ? HR_OK : rc;
}

hr_rc_t wf_store_case_each(hr_txn_t *txn, const char *after, hr_arena_t *arena, wf_case_fn *fn,
                           void *arg)
{
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_CASES, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc;
    if (after && hr_id_is_valid(after)) {
        k.mv_data = (void *)after;
        k.mv_size = HR_ID_LEN;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
        if (mrc == 0 && k.mv_size == HR_ID_LEN && !memcmp(k.mv_data, after, HR_ID_LEN))
            mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    } else
        mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (mrc == 0) {
        Hr__Workflow__Case *c = (Hr__Workflow__Case *)protobuf_c_message_unpack(
            &hr__workflow__case__descriptor, hr_arena_pb_allocator(arena), v.mv_size, v.mv_data);
        if (!c) {
            hr_error("store.corrupt", "db=cases len=%zu", v.mv_size);
            rc = HR_EIO;
            break;
        }
        rc = fn(arg, c);
        if (rc) {
            if (rc == HR_ECONFLICT)
                rc = HR_OK;
            break;
        }
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cur);
    return rc;
}

hr_rc_t wf_store_due_del(hr_txn_t *txn, const char *case_id, uint32_t step, int64_t due_ms)
{
    uint8_t key[S_DUE_KEY_LEN];
    size_t klen = s_due_key(key, due_ms, case_id, step);
    hr_rc_t rc = hr_store_del(txn, WF_DB_DUE, key, klen);
    return rc == HR_ENOTFOUND ? HR_OK : rc;
}

hr_rc_t wf_store_due_scan(hr_txn_t *txn, int64_t now_ms, const wf_due_pos_t *after, size_t max,
                          wf_due_fn *fn, void *arg)
{
    MDB_cursor *cur = NULL;
    size_t count = 0;
    hr_rc_t rc = s_cursor(txn, WF_DB_DUE, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    uint8_t from[S_DUE_KEY_LEN];
    int mrc;
    if (after && after->case_id[0]) {
        k = (MDB_val){s_due_key(from, after->due_ms, after->case_id, after->step), from};
        mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
        if (!mrc && k.mv_size == sizeof from && !memcmp(k.mv_data, from, sizeof from))
            mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT); // that row was looked at already
    } else {
        mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    }
    while (mrc == 0 && count < max) {
        if (k.mv_size != S_DUE_KEY_LEN) {
            hr_error("store.corrupt", "db=due key_len=%zu", k.mv_size);
            rc = HR_EIO;
            goto out;
        }
        int64_t due_ms = (int64_t)hr_be64_get(k.mv_data);
        if (due_ms > now_ms)
            break; // keys sort by due time, so nothing later is due
        char case_id[HR_ID_LEN + 1];
        memcpy(case_id, (const char *)k.mv_data + 8, HR_ID_LEN); // LMDB's memory: copy
        case_id[HR_ID_LEN] = '\0';
        uint32_t step = hr_be32_get((const char *)k.mv_data + 8 + HR_ID_LEN);
        rc = fn(arg, case_id, step, due_ms);
        if (rc)
            goto out;
        count++;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (mrc != 0 && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
out:
    mdb_cursor_close(cur);
    return rc;
}

typedef struct {
    hr_txn_t *txn;     // borrowed
    hr_arena_t *arena; // borrowed
    size_t rows;       // due rows written
} s_rebuild_t;

static hr_rc_t s_rebuild_one(void *arg, Hr__Workflow__Case *c)
{
    s_rebuild_t *r = arg;
    for (size_t i = 0; i < c->n_steps; i++)
        r->rows += wf_escalation_next_ms(c->steps[i]) != 0;
    hr_rc_t rc = s_due_rows(r->txn, c, false);
    hr_arena_reset(r->arena);
    return rc;
}

// The due index's keys in their order (owned copies, one buffer each).
typedef struct {
    MDB_val *keys; // owned array; each mv_data owned
    size_t n;      // entries used
} s_keys_t;

static void s_keys_free(s_keys_t *k)
{
    for (size_t i = 0; i < k->n; i++)
        hr_free(k->keys[i].mv_data);
    hr_free(k->keys);
    memset(k, 0, sizeof *k);
}

static hr_rc_t s_keys_read(hr_txn_t *txn, s_keys_t *k)
{
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_DUE, &cur);
    if (rc)
        return rc;
    size_t cap = 0;
    MDB_val key, val;
    int mrc = mdb_cursor_get(cur, &key, &val, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cur, &key, &val, MDB_NEXT)) {
        if (k->n == cap) {
            cap = cap ? 2 * cap : 256;
            k->keys = hr_realloc(k->keys, cap * sizeof *k->keys);
        }
        k->keys[k->n].mv_size = key.mv_size;
        k->keys[k->n].mv_data = hr_alloc(key.mv_size ? key.mv_size : 1);
        memcpy(k->keys[k->n].mv_data, key.mv_data, key.mv_size);
        k->n++;
    }
    mdb_cursor_close(cur);
    return mrc == MDB_NOTFOUND ? HR_OK : hr_rc_from_mdb(mrc);
}

// LMDB's default key order: bytes, then the shorter first.
static int s_key_cmp(const MDB_val *a, const MDB_val *b)
{
    size_t n = a->mv_size < b->mv_size ? a->mv_size : b->mv_size;
    int c = memcmp(a->mv_data, b->mv_data, n);
    return c ? c : (a->mv_size > b->mv_size) - (a->mv_size < b->mv_size);
}

hr_rc_t wf_store_due_rebuild(hr_txn_t *txn, hr_arena_t *arena, wf_rebuild_t *out)
{
    memset(out, 0, sizeof *out);
    s_keys_t before = {0}, after = {0};
    hr_rc_t rc = s_keys_read(txn, &before);
    MDB_dbi dbi = hr_store_dbi(hr_txn_store(txn), WF_DB_DUE);
    if (!rc)
        rc = hr_rc_from_mdb(mdb_drop(hr_txn_mdb(txn), dbi, 0));
    s_rebuild_t r = {txn, arena, 0};
    if (!rc)
        rc = wf_store_case_each(txn, "", arena, s_rebuild_one, &r);
    if (!rc)
        rc = s_keys_read(txn, &after);
    out->rows = r.rows;
    // Both lists are sorted: one merge counts what the index lacked and what it had wrongly.
    for (size_t i = 0, j = 0; !rc && (i < before.n || j < after.n);) {
        int c = i == before.n ? 1 : j == after.n ? -1 : s_key_cmp(&before.keys[i], &after.keys[j]);
        if (c < 0) {
            out->stale++;
            i++;
        } else if (c > 0) {
            out->missing++;
            j++;
        } else {
            i++;
            j++;
        }
    }
    s_keys_free(&before);
    s_keys_free(&after);
    return rc;
}

// ---------------------------------------------------------------------------------------------
// Outbox and events: the platform's (common/hr_outbox, common/hr_events)

hr_rc_t wf_store_outbox_put(hr_txn_t *txn, const char *dest, const char *type,
                            const ProtobufCMessage *msg, int64_t now_ms,
                            char msg_id_out[HR_ID_LEN + 1])
{
    static char *const roles[] = {HR_SERVICE_ROLE};
    Hr__Actor actor = HR__ACTOR__INIT;
    actor.user_id = "workflow";
    actor.roles = (char **)roles;
    actor.n_roles = 1;
    uint64_t seq = 0;
    hr_rc_t rc = hr_outbox_put(txn, dest, type, msg, now_ms, &actor, &seq);
    if (rc)
        return rc;
    // The row's msg_id is what the receiver dedupes on: the case records it.
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Sys__OutboxRow *row = NULL;
    rc = hr_outbox_get(txn, seq, arena, &row);
    if (!rc)
        snprintf(msg_id_out, HR_ID_LEN + 1, "%s", row->msg_id);
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t wf_store_event_append(hr_txn_t *txn, const char *type, const ProtobufCMessage *msg,
                              const char *msg_id, int64_t now_ms)
{
    return hr_events_append(txn, type, msg, msg_id && *msg_id ? msg_id : NULL, now_ms, NULL);
}

hr_rc_t wf_store_roles_append(hr_txn_t *txn, Hr__Workflow__Person *const *people, size_t n,
                              const char *msg_id, int64_t now_ms, size_t *events_out)
{
    size_t events = 0, cap = n < WF_ROLES_EVENT_MAX ? n : WF_ROLES_EVENT_MAX;
    hr_rc_t rc = HR_OK;
    Hr__Workflow__PersonRoles *roles = hr_alloc((cap + 1) * sizeof *roles);
    Hr__Workflow__PersonRoles **list = hr_alloc((cap + 1) * sizeof *list);
    hr_arena_t *keys = hr_arena_new(0); // the status keys of each person (never the source)
    for (size_t at = 0; at < n && !rc; at += WF_ROLES_EVENT_MAX) {
        Hr__Workflow__RolesChanged ev = HR__WORKFLOW__ROLES_CHANGED__INIT;
        ev.at_ms = now_ms;
        ev.people = list;
        for (size_t i = at; i < n && ev.n_people < WF_ROLES_EVENT_MAX; i++) {
            Hr__Workflow__PersonRoles *r = &roles[ev.n_people];
            hr__workflow__person_roles__init(r);
            r->employee_no = people[i]->employee_no;
            r->roles = people[i]->roles;
            r->n_roles = people[i]->n_roles;
            r->left_ms = people[i]->left_ms;
            r->manager_no = people[i]->manager_no; // the reporting line, for hr-analytics
            size_t ns = people[i]->n_protected_statuses;
            r->protected_statuses = hr_arena_alloc(keys, (ns + 1) * sizeof(char *));
            for (size_t k = 0; k < ns; k++)
                r->protected_statuses[r->n_protected_statuses++] =
                    people[i]->protected_statuses[k]->status;
            list[ev.n_people++] = r;
        }
        rc = wf_store_event_append(txn, "workflow.RolesChanged", &ev.base, msg_id, now_ms);
        events += !rc;
    }
    hr_arena_destroy(&keys);
    hr_free(roles);
    hr_free(list);
    if (events_out)
        *events_out = events;
    return rc;
}

// Schema 2 -> 3 (see wf.h). A migration runs before the daemon has a clock: the events carry
// the system's time, which only says when the upgrade happened.
hr_rc_t wf_store_migrate_roles(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Person **all = NULL;
    size_t n = 0, events = 0;
    hr_rc_t rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n);
    hr_clock_t *clock = hr_clock_system_new();
    if (!rc)
        rc = wf_store_roles_append(txn, all, n, NULL, hr_clock_now_ms(clock), &events);
    hr_clock_destroy(&clock);
    if (n)
        hr_info("store.migrated", "what=directory roles published people=%zu events=%zu rc=%s", n,
                events, hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

// Schema 4 -> 5 (see wf.h): everyone once more, now with their protected status keys. A store
// from before schema 3 had everyone published a moment ago, in this same start, by the 2 -> 3
// step (this version's events carry the keys): nothing to add. The version stamped on the store
// is still the one it started from (common/hr_store stamps the new one after the last step).
hr_rc_t wf_store_migrate_statuses(hr_txn_t *txn, void *arg)
{
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, HR_DB_META, "schema_version", 14, &v);
    if (rc == HR_OK && v.mv_size == 4 && hr_be32_get(v.mv_data) < 3)
        return HR_OK;
    if (rc && rc != HR_ENOTFOUND)
        return rc;
    return wf_store_migrate_roles(txn, arg);
}

// Schema 6 -> 7 (see wf.h): everyone once more, now with whom they report to. A store from
// before schema 5 had everyone published a moment ago, in this same start, by the 4 -> 5 step
// (or the 2 -> 3 one), whose events carry it now: nothing to add.
hr_rc_t wf_store_migrate_lines(hr_txn_t *txn, void *arg)
{
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, HR_DB_META, "schema_version", 14, &v);
    if (rc == HR_OK && v.mv_size == 4 && hr_be32_get(v.mv_data) < 5)
        return HR_OK;
    if (rc && rc != HR_ENOTFOUND)
        return rc;
    return wf_store_migrate_roles(txn, arg);
}

// The keeping end each case's events already gave hr-evidence (CaseClosed.keep_until_ms,
// RetentionRedated), the latest per case, into sent (case id -> int64_t in arena).
static hr_rc_t s_keep_sent(hr_txn_t *txn, hr_arena_t *arena, zhashx_t *sent)
{
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, HR_DB_EVENTS, &cur);
    if (rc)
        return rc;
    hr_arena_t *scratch = hr_arena_new(0);
    MDB_val k, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        hr_arena_reset(scratch);
        Hr__Sys__Event *ev = (Hr__Sys__Event *)protobuf_c_message_unpack(
            &hr__sys__event__descriptor, hr_arena_pb_allocator(scratch), v.mv_size, v.mv_data);
        if (!ev)
            continue; // not ours to judge here: an event that does not read says nothing was sent
        const char *case_id = NULL;
        int64_t keep_ms = 0;
        if (!strcmp(ev->type, "workflow.CaseClosed")) {
            Hr__Workflow__CaseClosed *c = hr__workflow__case_closed__unpack(
                hr_arena_pb_allocator(scratch), ev->body.len, ev->body.data);
            case_id = c ? c->case_id : NULL;
            keep_ms = c ? c->keep_until_ms : 0;
        } else if (!strcmp(ev->type, "workflow.RetentionRedated")) {
            Hr__Workflow__RetentionRedated *r = hr__workflow__retention_redated__unpack(
                hr_arena_pb_allocator(scratch), ev->body.len, ev->body.data);
            case_id = r ? r->case_id : NULL;
            keep_ms = r ? r->keep_until_ms : 0;
        }
        if (!case_id || keep_ms <= 0)
            continue;
        int64_t *was = zhashx_lookup(sent, case_id);
        if (!was) {
            was = hr_arena_alloc(arena, sizeof *was);
            *was = 0;
            zhashx_insert(sent, case_id, was);
        }
        if (keep_ms > *was)
            *was = keep_ms;
    }
    if (mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    hr_arena_destroy(&scratch);
    mdb_cursor_close(cur);
    return rc;
}

static int s_pick_closed(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(arg);
    const Hr__Workflow__Case *c = (const Hr__Workflow__Case *)msg;
    if (klen != HR_ID_LEN)
        return 0;
    return c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED && wf_steps_keep_until_ms(c) > 0;
}

// Schema 5 -> 6 (see wf.h). Like the 2 -> 3 step, the events carry the system's time: the
// upgrade's, not the close's.
hr_rc_t wf_store_migrate_keep(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    zhashx_t *sent = zhashx_new();
    hr_record_t *closed = NULL;
    size_t n = 0, told = 0;
    hr_rc_t rc = s_keep_sent(txn, arena, sent);
    if (!rc)
        rc = hr_store_collect(txn, WF_DB_CASES, NULL, 0, &hr__workflow__case__descriptor,
                              s_pick_closed, NULL, arena, &closed, &n);
    hr_clock_t *clock = hr_clock_system_new();
    int64_t now_ms = hr_clock_now_ms(clock);
    hr_clock_destroy(&clock);
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Workflow__Case *c = closed[i].msg;
        int64_t keep_ms = wf_steps_keep_until_ms(c);
        const int64_t *was = zhashx_lookup(sent, c->id);
        if (was && *was >= keep_ms)
            continue; // its close (or a redating) gave hr-evidence this day, or a later one
        Hr__Workflow__RetentionRedated ev = HR__WORKFLOW__RETENTION_REDATED__INIT;
        ev.case_id = c->id;
        ev.keep_until_ms = keep_ms;
        ev.at_ms = now_ms;
        rc = wf_store_event_append(txn, "workflow.RetentionRedated", &ev.base, NULL, now_ms);
        told += !rc;
        hr_info("store.keep_published", "case=%s keep_until_ms=%lld sent_ms=%lld rc=%s", c->id,
                (long long)keep_ms, (long long)(was ? *was : 0), hr_rc_name(rc));
    }
    if (n)
        hr_info("store.migrated", "what=keeping ends published closed=%zu events=%zu rc=%s", n,
                told, hr_rc_name(rc));
    zhashx_destroy(&sent);
    hr_arena_destroy(&arena);
    return rc;
}

size_t wf_case_proof_ids(const Hr__Workflow__Case *c, hr_arena_t *arena, char ***out)
{
    size_t cap = 0, n = 0;
    for (size_t i = 0; i < c->n_facts; i++)
        cap += c->facts[i]->n_evidence_ids;
    char **ids = hr_arena_alloc(arena, (cap + 1) * sizeof *ids);
    for (size_t i = 0; i < c->n_facts; i++)
        for (size_t k = 0; k < c->facts[i]->n_evidence_ids; k++) {
            char *id = c->facts[i]->evidence_ids[k];
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = !strcmp(ids[j], id);
            if (!seen)
                ids[n++] = id;
        }
    *out = ids;
    return n;
}

static int s_pick_reviewed(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(arg);
    const Hr__Workflow__Case *c = (const Hr__Workflow__Case *)msg;
    if (klen != HR_ID_LEN)
        return 0;
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_HR_REVIEW) && c->steps[i]->done_ms > 0)
            return 1;
    return 0;
}

// Schema 7 -> 8 (see wf.h). The StepCompleted events of the reviews done before carry no
// proof_evidence_ids, and nothing else in the log names the records the facts cite (the facts
// live in the case row alone): hr-evidence cannot learn them by reading the log again, only
// from events this upgrade appends. The ids are the case's facts' as they stand now, which
// are those its last review confirmed: only the review sets a case's facts (wf_handlers:
// ReviewCase), so they are what its StepCompleted would have said.
hr_rc_t wf_store_migrate_proof(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    hr_record_t *reviewed = NULL;
    size_t n = 0, told = 0;
    hr_rc_t rc = hr_store_collect(txn, WF_DB_CASES, NULL, 0, &hr__workflow__case__descriptor,
                                  s_pick_reviewed, NULL, arena, &reviewed, &n);
    hr_clock_t *clock = hr_clock_system_new();
    int64_t now_ms = hr_clock_now_ms(clock);
    hr_clock_destroy(&clock);
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Workflow__Case *c = reviewed[i].msg;
        Hr__Workflow__ProofCited ev = HR__WORKFLOW__PROOF_CITED__INIT;
        ev.case_id = c->id;
        ev.n_proof_evidence_ids = wf_case_proof_ids(c, arena, &ev.proof_evidence_ids);
        if (!ev.n_proof_evidence_ids)
            continue; // nothing cited: hr-evidence's row says none already
        ev.at_ms = now_ms;
        rc = wf_store_event_append(txn, "workflow.ProofCited", &ev.base, NULL, now_ms);
        told += !rc;
        hr_info("store.proof_published", "case=%s ids=%zu rc=%s", c->id, ev.n_proof_evidence_ids,
                hr_rc_name(rc));
    }
    if (n)
        hr_info("store.migrated", "what=review proof published reviewed=%zu events=%zu rc=%s", n,
                told, hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t wf_store_outbox_list(hr_txn_t *txn, size_t max, hr_arena_t *arena,
                             Hr__Workflow__ListOutboxReply *rep)
{
    rep->rows = hr_arena_alloc(arena, (max + 1) * sizeof *rep->rows);
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, HR_DB_OUTBOX, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (mrc == 0 && rep->n_rows < max) {
        Hr__Workflow__ListOutboxRow *r = hr_arena_alloc(arena, sizeof *r);
        hr__workflow__list_outbox_row__init(r);
        r->seq = k.mv_size == 8 ? hr_be64_get(k.mv_data) : 0;
        r->row = (Hr__Sys__OutboxRow *)protobuf_c_message_unpack(
            &hr__sys__outbox_row__descriptor, hr_arena_pb_allocator(arena), v.mv_size, v.mv_data);
        if (r->row && !strcmp(r->row->type, "notify.Send"))
            r->send = (Hr__Workflow__WorkflowNotifySend *)protobuf_c_message_unpack(
                &hr__workflow__workflow_notify_send__descriptor, hr_arena_pb_allocator(arena),
                r->row->body.len, r->row->body.data);
        rep->rows[rep->n_rows++] = r;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cur);
    return rc;
}

static bool s_ladder_stopped(const Hr__Workflow__CaseStep *st)
{
    return st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE && st->escalation_level >= 2 &&
           st->escalation_level < WF_ESCALATION_MAX && !st->next_level_ms && st->level2_after &&
           (st->level2_after->working_days || st->level2_after->hours);
}

static int s_pick_stopped_ladder(const void *key, size_t klen, const ProtobufCMessage *msg,
                                 void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(arg);
    const Hr__Workflow__Case *c = (const Hr__Workflow__Case *)msg;
    if (klen != HR_ID_LEN)
        return -1; // cases are keyed by their id
    for (size_t i = 0; i < c->n_steps; i++)
        if (s_ladder_stopped(c->steps[i]))
            return 1;
    return 0;
}

hr_rc_t wf_store_migrate_ladder(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    hr_record_t *stopped = NULL;
    size_t n = 0;
    hr_rc_t rc = hr_store_collect(txn, WF_DB_CASES, NULL, 0, &hr__workflow__case__descriptor,
                                  s_pick_stopped_ladder, NULL, arena, &stopped, &n);
    for (size_t k = 0; k < n && !rc; k++) {
        Hr__Workflow__Case *old = stopped[k].msg, *c = NULL;
        char id[HR_ID_LEN + 1];
        memcpy(id, stopped[k].key, HR_ID_LEN);
        id[HR_ID_LEN] = '\0';
        rc = wf_store_case_get(txn, id, arena, &c); // the copy that changes
        for (size_t i = 0; !rc && i < c->n_steps; i++)
            if (s_ladder_stopped(c->steps[i]))
                c->steps[i]->next_level_ms = c->steps[i]->level2_ms ? c->steps[i]->level2_ms : 1;
        if (!rc)
            rc = wf_store_case_put(txn, old, c);
    }
    if (n)
        hr_info("store.migrated", "what=escalation ladders resumed cases=%zu rc=%s", n,
                hr_rc_name(rc));
    hr_arena_destroy(&arena);
    return rc;
}

// ---------------------------------------------------------------------------------------------
// Read logs: a case's reads (case_reads, one run of keys per case: prefix the case id) and the
// case lists (case_lists, one run: no prefix), each keyed prefix + be64 seq

#define S_LOG_KEY_MAX (HR_ID_LEN + 8)

static size_t s_log_key(uint8_t *key, const char *prefix, size_t plen, uint64_t seq)
{
    memcpy(key, prefix, plen);
    hr_be64_put(key + plen, seq);
    return plen + 8;
}

// The seq of a key when it belongs to the run of prefix, else 0.
static uint64_t s_log_seq(const MDB_val *k, const char *prefix, size_t plen)
{
    if (k->mv_size != plen + 8 || memcmp(k->mv_data, prefix, plen))
        return 0;
    return hr_be64_get((const uint8_t *)k->mv_data + plen);
}

// Puts the cursor on the run's newest entry below seq `below` (UINT64_MAX: its newest) and gives
// its seq in *seq (0 when there is none; the cursor is then anywhere).
static hr_rc_t s_log_below(MDB_cursor *cur, const char *prefix, size_t plen, uint64_t below,
                           MDB_val *v, uint64_t *seq)
{
    uint8_t key[S_LOG_KEY_MAX];
    MDB_val k = {s_log_key(key, prefix, plen, below), key};
    *seq = 0;
    int mrc = mdb_cursor_get(cur, &k, v, MDB_SET_RANGE);
    if (mrc == MDB_NOTFOUND)
        mrc = mdb_cursor_get(cur, &k, v, MDB_LAST); // nothing at or after it: the db's last
    else if (!mrc)
        mrc = mdb_cursor_get(cur, &k, v, MDB_PREV); // the first at or after it: the one before
    if (mrc == MDB_NOTFOUND)
        return HR_OK;
    if (mrc)
        return hr_rc_from_mdb(mrc);
    *seq = s_log_seq(&k, prefix, plen);
    return HR_OK;
}

// The seqs of the run's oldest and newest entries (0 and 0 for an empty run).
static hr_rc_t s_log_bounds(MDB_cursor *cur, const char *prefix, size_t plen, uint64_t *first,
                            uint64_t *last)
{
    MDB_val v;
    *first = 0;
    hr_rc_t rc = s_log_below(cur, prefix, plen, UINT64_MAX, &v, last);
    if (rc || !*last)
        return rc;
    uint8_t key[S_LOG_KEY_MAX];
    MDB_val k = {s_log_key(key, prefix, plen, 0), key};
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    if (mrc)
        return hr_rc_from_mdb(mrc); // the newest is there, so this finds at least it
    *first = s_log_seq(&k, prefix, plen);
    return HR_OK;
}

// Appends msg under the run's next seq (*seq, set before msg is packed: it is msg's own seq
// field), then drops the run's oldest entries down to cap. The seqs stay contiguous (module
// comment).
static hr_rc_t s_log_append(hr_txn_t *txn, const char *db, const char *prefix, size_t plen,
                            const ProtobufCMessage *msg, uint64_t *seq, size_t cap)
{
    MDB_cursor *cur = NULL;
    uint64_t first = 0, last = 0;
    hr_rc_t rc = s_cursor(txn, db, &cur);
    if (rc)
        return rc;
    rc = s_log_bounds(cur, prefix, plen, &first, &last);
    mdb_cursor_close(cur);
    if (rc)
        return rc;
    *seq = last + 1;
    uint8_t key[S_LOG_KEY_MAX];
    size_t klen = s_log_key(key, prefix, plen, *seq);
    rc = hr_store_put_pb(txn, db, key, klen, msg, 0);
    if (!first)
        first = *seq;
    for (; !rc && *seq - first + 1 > cap; first++) {
        klen = s_log_key(key, prefix, plen, first);
        rc = hr_store_del(txn, db, key, klen);
        if (rc == HR_ENOTFOUND)
            rc = HR_OK;
    }
    return rc;
}

// A page of the run, newest first below `before` (0 = from the newest), at most max: the
// messages decoded with desc into *out (arena, room for max) and their seqs into seqs (arena).
typedef struct {
    void **msgs;          // arena: decoded entries, newest first
    uint64_t *seqs;       // arena: their seqs
    size_t n;             // entries used
    uint64_t total;       // the newest seq: entries ever appended
    uint64_t dropped;     // seqs below the oldest kept
    uint64_t next_before; // the next page's before, 0 when nothing older is left
} s_page_t;

static hr_rc_t s_log_page(hr_txn_t *txn, const char *db, const char *prefix, size_t plen,
                          const ProtobufCMessageDescriptor *desc, uint64_t before, size_t max,
                          hr_arena_t *arena, s_page_t *page)
{
    memset(page, 0, sizeof *page);
    page->msgs = hr_arena_alloc(arena, (max + 1) * sizeof *page->msgs);
    page->seqs = hr_arena_alloc(arena, (max + 1) * sizeof *page->seqs);
    MDB_cursor *cur = NULL;
    uint64_t first = 0, seq = 0;
    hr_rc_t rc = s_cursor(txn, db, &cur);
    if (rc)
        return rc;
    rc = s_log_bounds(cur, prefix, plen, &first, &page->total);
    page->dropped = first ? first - 1 : 0;
    MDB_val v;
    if (!rc)
        rc = s_log_below(cur, prefix, plen, before ? before : UINT64_MAX, &v, &seq);
    while (!rc && seq && page->n < max) {
        void *m =
            protobuf_c_message_unpack(desc, hr_arena_pb_allocator(arena), v.mv_size, v.mv_data);
        if (!m) {
            hr_error("store.corrupt", "db=%s seq=%llu len=%zu", db, (unsigned long long)seq,
                     v.mv_size);
            rc = HR_EIO;
            break;
        }
        page->seqs[page->n] = seq;
        page->msgs[page->n++] = m;
        MDB_val k;
        int mrc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
        if (mrc && mrc != MDB_NOTFOUND)
            rc = hr_rc_from_mdb(mrc);
        seq = mrc ? 0 : s_log_seq(&k, prefix, plen);
    }
    if (!rc && seq && page->n)
        page->next_before = page->seqs[page->n - 1]; // an older entry is left
    mdb_cursor_close(cur);
    return rc;
}

hr_rc_t wf_store_read_append(hr_txn_t *txn, const char *case_id, Hr__Workflow__CaseRead *r,
                             size_t cap)
{
    if (!hr_id_is_valid(case_id) || !cap)
        return HR_EINVAL;
    return s_log_append(txn, WF_DB_CASE_READS, case_id, HR_ID_LEN, &r->base, &r->seq, cap);
}

hr_rc_t wf_store_reads_list(hr_txn_t *txn, const char *case_id, uint64_t before, size_t max,
                            hr_arena_t *arena, Hr__Workflow__ListCaseReadsReply *rep)
{
    rep->n_reads = 0;
    if (!hr_id_is_valid(case_id)) {
        rep->reads = NULL;
        return HR_OK;
    }
    s_page_t page;
    hr_rc_t rc = s_log_page(txn, WF_DB_CASE_READS, case_id, HR_ID_LEN,
                            &hr__workflow__case_read__descriptor, before, max, arena, &page);
    rep->reads = (Hr__Workflow__CaseRead **)page.msgs;
    for (size_t i = 0; i < page.n; i++)
        rep->reads[i]->seq = page.seqs[i]; // the key's, whatever the value says
    rep->n_reads = page.n;
    rep->total = page.total;
    rep->dropped = page.dropped;
    rep->next_before = page.next_before;
    return rc;
}

hr_rc_t wf_store_list_append(hr_txn_t *txn, Hr__Workflow__CaseListRead *l, size_t cap)
{
    if (!cap)
        return HR_EINVAL;
    return s_log_append(txn, WF_DB_CASE_LISTS, "", 0, &l->base, &l->seq, cap);
}

hr_rc_t wf_store_lists_list(hr_txn_t *txn, uint64_t before, size_t max, hr_arena_t *arena,
                            Hr__Workflow__ListCaseReadsReply *rep)
{
    s_page_t page;
    hr_rc_t rc = s_log_page(txn, WF_DB_CASE_LISTS, "", 0, &hr__workflow__case_list_read__descriptor,
                            before, max, arena, &page);
    rep->lists = (Hr__Workflow__CaseListRead **)page.msgs;
    for (size_t i = 0; i < page.n; i++)
        rep->lists[i]->seq = page.seqs[i];
    rep->n_lists = page.n;
    rep->total = page.total;
    rep->dropped = page.dropped;
    rep->next_before = page.next_before;
    return rc;
}

// ---------------------------------------------------------------------------------------------
// The case journal (module comment)

#define S_JBC_KEY_LEN (HR_ID_LEN + 8)

hr_rc_t wf_store_journal_head(hr_txn_t *txn, wf_journal_head_t *out)
{
    memset(out, 0, sizeof *out);
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, WF_DB_SETTINGS, WF_SETTING_JOURNAL_HEAD,
                              strlen(WF_SETTING_JOURNAL_HEAD), &v);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    // "<seq>:<64 hex digits>"
    char text[32 + 2 * WF_HASH_BYTES];
    if (v.mv_size >= sizeof text)
        return HR_EIO;
    memcpy(text, v.mv_data, v.mv_size);
    text[v.mv_size] = '\0';
    char *colon = strchr(text, ':');
    if (!colon || strlen(colon + 1) != 2 * WF_HASH_BYTES)
        return HR_EIO;
    *colon = '\0';
    char *end = NULL;
    out->seq = strtoull(text, &end, 10);
    if (end == text || *end)
        return HR_EIO;
    for (size_t i = 0; i < WF_HASH_BYTES; i++) {
        unsigned byte = 0;
        if (sscanf(colon + 1 + 2 * i, "%2x", &byte) != 1)
            return HR_EIO;
        out->hash[i] = (unsigned char)byte;
    }
    return HR_OK;
}

static hr_rc_t s_journal_head_put(hr_txn_t *txn, const wf_journal_head_t *h)
{
    char hex[2 * WF_HASH_BYTES + 1], text[32 + 2 * WF_HASH_BYTES];
    wf_hex(h->hash, WF_HASH_BYTES, hex);
    int n = snprintf(text, sizeof text, "%llu:%s", (unsigned long long)h->seq, hex);
    return hr_store_put(txn, WF_DB_SETTINGS, WF_SETTING_JOURNAL_HEAD,
                        strlen(WF_SETTING_JOURNAL_HEAD), text, (size_t)n, 0);
}

hr_rc_t wf_store_journal_append(hr_txn_t *txn, const char *case_id, const void *case_bytes,
                                size_t len, const char *note)
{
    wf_journal_head_t head;
    hr_rc_t rc = wf_store_journal_head(txn, &head);
    if (rc) {
        hr_error("store.corrupt", "db=settings key=%s", WF_SETTING_JOURNAL_HEAD);
        return HR_EIO;
    }
    const hr_txn_origin_t *o = hr_txn_origin(txn);
    Hr__Workflow__CaseJournalEntry e = HR__WORKFLOW__CASE_JOURNAL_ENTRY__INIT;
    unsigned char sha[WF_HASH_BYTES], hash[WF_HASH_BYTES];
    wf_journal_sha256(case_bytes, len, sha);
    e.seq = head.seq + 1;
    if (o && o->at_ms)
        e.at_ms = o->at_ms;
    else {
        hr_clock_t *clock = hr_clock_system_new();
        e.at_ms = hr_clock_now_ms(clock);
        hr_clock_destroy(&clock);
    }
    e.case_id = (char *)case_id;
    e.actor = (char *)(o && o->actor && *o->actor ? o->actor : WF_JOURNAL_ACTOR_SELF);
    e.msg_id = (char *)(o && o->msg_id ? o->msg_id : "");
    e.request = (char *)(o && o->type ? o->type : "");
    e.note = (char *)(note ? note : "");
    wf_journal_fields_t f = {.seq = e.seq,
                             .at_ms = e.at_ms,
                             .case_id = e.case_id,
                             .actor = e.actor,
                             .msg_id = e.msg_id,
                             .request = e.request,
                             .note = e.note};
    memcpy(f.case_sha256, sha, WF_HASH_BYTES);
    memcpy(f.prev_hash, head.hash, WF_HASH_BYTES);
    wf_journal_hash(&f, hash);
    e.case_sha256 = (ProtobufCBinaryData){WF_HASH_BYTES, sha};
    e.case_bytes = (ProtobufCBinaryData){len, (uint8_t *)case_bytes};
    e.prev_hash = (ProtobufCBinaryData){WF_HASH_BYTES, head.hash};
    e.hash = (ProtobufCBinaryData){WF_HASH_BYTES, hash};
    uint8_t key[S_JBC_KEY_LEN];
    hr_be64_put(key, e.seq);
    rc = hr_store_put_pb(txn, WF_DB_CASE_JOURNAL, key, 8, &e.base, MDB_APPEND);
    if (!rc) {
        memcpy(key, case_id, HR_ID_LEN);
        hr_be64_put(key + HR_ID_LEN, e.seq);
        rc = hr_store_put(txn, WF_DB_JOURNAL_BY_CASE, key, S_JBC_KEY_LEN, "", 0, 0);
    }
    wf_journal_head_t next = {.seq = e.seq};
    memcpy(next.hash, hash, WF_HASH_BYTES);
    if (!rc)
        rc = s_journal_head_put(txn, &next);
    return rc;
}

hr_rc_t wf_store_journal_last(hr_txn_t *txn, const char *case_id, wf_journal_head_t *out)
{
    memset(out, 0, sizeof *out);
    if (strlen(case_id) != HR_ID_LEN)
        return HR_ENOTFOUND;
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_JOURNAL_BY_CASE, &cur);
    if (rc)
        return rc;
    // The key just past the case's last: its id with seq 2^64-1, then one step back.
    uint8_t from[S_JBC_KEY_LEN];
    memcpy(from, case_id, HR_ID_LEN);
    hr_be64_put(from + HR_ID_LEN, UINT64_MAX);
    MDB_val k = {S_JBC_KEY_LEN, from}, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    if (mrc == 0 && k.mv_size == S_JBC_KEY_LEN && !memcmp(k.mv_data, from, S_JBC_KEY_LEN))
        mrc = 0; // the impossible seq itself: it is the last
    else
        mrc = mrc == MDB_NOTFOUND ? mdb_cursor_get(cur, &k, &v, MDB_LAST)
                                  : mdb_cursor_get(cur, &k, &v, MDB_PREV);
    if (mrc || k.mv_size != S_JBC_KEY_LEN || memcmp(k.mv_data, case_id, HR_ID_LEN)) {
        mdb_cursor_close(cur);
        return mrc && mrc != MDB_NOTFOUND ? hr_rc_from_mdb(mrc) : HR_OK; // none for the case
    }
    uint8_t key[8];
    memcpy(key, (const uint8_t *)k.mv_data + HR_ID_LEN, 8);
    mdb_cursor_close(cur);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__CaseJournalEntry *e = NULL;
    rc = hr_store_get_pb(txn, WF_DB_CASE_JOURNAL, key, 8,
                         &hr__workflow__case_journal_entry__descriptor, arena, (void **)&e);
    if (rc == HR_ENOTFOUND)
        rc = HR_EIO; // the index names an entry the journal lacks: verify says which
    if (!rc && e->hash.len != WF_HASH_BYTES)
        rc = HR_EIO;
    if (!rc) {
        out->seq = e->seq;
        memcpy(out->hash, e->hash.data, WF_HASH_BYTES);
    }
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t wf_store_journal_of(hr_txn_t *txn, const char *case_id, uint64_t after_seq,
                            size_t max_bytes, hr_arena_t *arena,
                            Hr__Workflow__CaseJournalReply *rep)
{
    wf_journal_head_t head;
    hr_rc_t rc = wf_store_journal_head(txn, &head);
    if (rc)
        return rc;
    rep->head_seq = head.seq;
    rep->head_hash.len = WF_HASH_BYTES;
    rep->head_hash.data = hr_arena_alloc(arena, WF_HASH_BYTES);
    memcpy(rep->head_hash.data, head.hash, WF_HASH_BYTES);
    size_t cap = 16;
    rep->entries = hr_arena_alloc(arena, cap * sizeof *rep->entries);
    rep->n_entries = 0;
    MDB_cursor *cur = NULL;
    rc = s_cursor(txn, WF_DB_JOURNAL_BY_CASE, &cur);
    if (rc)
        return rc;
    uint8_t from[S_JBC_KEY_LEN];
    memcpy(from, case_id, HR_ID_LEN);
    hr_be64_put(from + HR_ID_LEN, after_seq + 1);
    MDB_val k = {S_JBC_KEY_LEN, from}, v;
    size_t bytes = 0;
    rep->next_after = 0;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (!rc && mrc == 0 && k.mv_size == S_JBC_KEY_LEN &&
           !memcmp(k.mv_data, case_id, HR_ID_LEN)) {
        if (rep->n_entries && bytes >= max_bytes) {
            rep->next_after = rep->entries[rep->n_entries - 1]->seq; // more follow
            break;
        }
        uint8_t key[8];
        memcpy(key, (const uint8_t *)k.mv_data + HR_ID_LEN, 8);
        Hr__Workflow__CaseJournalEntry *e = NULL;
        rc = hr_store_get_pb(txn, WF_DB_CASE_JOURNAL, key, 8,
                             &hr__workflow__case_journal_entry__descriptor, arena, (void **)&e);
        if (rc == HR_ENOTFOUND)
            rc = HR_EIO; // the index names an entry the journal lacks: verify says which
        if (rc)
            break;
        if (rep->n_entries == cap) {
            Hr__Workflow__CaseJournalEntry **more = hr_arena_alloc(arena, 2 * cap * sizeof *more);
            memcpy(more, rep->entries, cap * sizeof *more);
            rep->entries = more;
            cap *= 2;
        }
        rep->entries[rep->n_entries++] = e;
        bytes += e->case_bytes.len;
        mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cur);
    return rc;
}

// What the walk knows of a case: its latest entry.
typedef struct {
    uint64_t seq;
    unsigned char sha[WF_HASH_BYTES];
    bool row_seen; // a case row was found for it
} s_latest_t;

static void s_latest_free(void **item)
{
    hr_free(*item);
    *item = NULL;
}

static void s_bad_case(Hr__Workflow__WorkflowVerifyReply *rep, hr_arena_t *arena, size_t *cap,
                       const char *case_id, char *problem)
{
    if (rep->n_bad_cases >= WF_JOURNAL_BAD_MAX)
        return;
    if (rep->n_bad_cases == *cap) {
        size_t n = *cap ? 2 * *cap : 8;
        Hr__Workflow__CaseProblem **more = hr_arena_alloc(arena, n * sizeof *more);
        if (*cap)
            memcpy(more, rep->bad_cases, *cap * sizeof *more);
        rep->bad_cases = more;
        *cap = n;
    }
    Hr__Workflow__CaseProblem *p = hr_arena_alloc(arena, sizeof *p);
    hr__workflow__case_problem__init(p);
    p->case_id = hr_arena_strdup(arena, case_id);
    p->problem = problem;
    rep->bad_cases[rep->n_bad_cases++] = p;
}

// The chain, entry by entry: the first bad link into rep; each case's latest entry into latest.
static hr_rc_t s_journal_walk(hr_txn_t *txn, hr_arena_t *arena, zhashx_t *latest,
                              const wf_journal_head_t *head, Hr__Workflow__WorkflowVerifyReply *rep)
{
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_CASE_JOURNAL, &cur);
    if (rc)
        return rc;
    hr_arena_t *scratch = hr_arena_new(0);
    unsigned char prev[WF_HASH_BYTES] = {0};
    uint64_t expect = 1;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        hr_arena_reset(scratch);
        uint64_t seq = k.mv_size == 8 ? hr_be64_get(k.mv_data) : 0;
        Hr__Workflow__CaseJournalEntry *e =
            (Hr__Workflow__CaseJournalEntry *)protobuf_c_message_unpack(
                &hr__workflow__case_journal_entry__descriptor, hr_arena_pb_allocator(scratch),
                v.mv_size, v.mv_data);
        rep->entries++;
        if (!e || !seq) {
            if (!rep->bad_seq) {
                rep->bad_seq = seq ? seq : expect;
                rep->chain_problem =
                    hr_arena_fmt(arena, "journal entry %llu cannot be read: edited",
                                 (unsigned long long)rep->bad_seq);
            }
            expect++;
            continue;
        }
        if (!rep->bad_seq) {
            const char *why = seq != expect ? "sequence number" : wf_journal_check(e, expect, prev);
            if (seq != expect)
                rep->chain_problem = hr_arena_fmt(
                    arena,
                    "journal entry %llu is missing (the journal jumps from %llu to %llu): "
                    "removed",
                    (unsigned long long)expect, (unsigned long long)(expect - 1),
                    (unsigned long long)seq);
            else if (why && !strcmp(why, "prev_hash"))
                rep->chain_problem = hr_arena_fmt(
                    arena,
                    "journal entry %llu does not link to entry %llu (prev_hash differs): "
                    "entry %llu was edited, replaced or removed",
                    (unsigned long long)seq, (unsigned long long)(seq - 1),
                    (unsigned long long)(seq - 1));
            else if (why)
                rep->chain_problem = hr_arena_fmt(
                    arena, "journal entry %llu (case %s) does not match its %s: edited",
                    (unsigned long long)seq, e->case_id, why);
            if (why)
                rep->bad_seq = seq != expect ? expect : seq;
        }
        if (e->hash.len == WF_HASH_BYTES)
            memcpy(prev, e->hash.data, WF_HASH_BYTES);
        expect = seq + 1;
        if (hr_id_is_valid(e->case_id) && e->case_sha256.len == WF_HASH_BYTES) {
            s_latest_t *l = zhashx_lookup(latest, e->case_id);
            if (!l) {
                l = hr_alloc(sizeof *l);
                zhashx_insert(latest, e->case_id, l);
            }
            l->seq = seq;
            memcpy(l->sha, e->case_sha256.data, WF_HASH_BYTES);
        }
    }
    hr_arena_destroy(&scratch);
    mdb_cursor_close(cur);
    if (mrc != MDB_NOTFOUND)
        return hr_rc_from_mdb(mrc);
    uint64_t last = expect - 1;
    if (!rep->bad_seq && (last != head->seq || memcmp(prev, head->hash, WF_HASH_BYTES))) {
        rep->bad_seq = last + 1;
        rep->chain_problem =
            last < head->seq
                ? hr_arena_fmt(arena,
                               "the journal ends at entry %llu but the recorded head is entry "
                               "%llu: entries removed from the end",
                               (unsigned long long)last, (unsigned long long)head->seq)
                : hr_arena_fmt(arena,
                               "the journal ends at entry %llu but the recorded head is entry "
                               "%llu (or another hash): the head or the end was rewritten",
                               (unsigned long long)last, (unsigned long long)head->seq);
    }
    return HR_OK;
}

hr_rc_t wf_store_journal_verify(hr_txn_t *txn, hr_arena_t *arena,
                                Hr__Workflow__WorkflowVerifyReply *rep)
{
    wf_journal_head_t head;
    hr_rc_t rc = wf_store_journal_head(txn, &head);
    rep->ok = false;
    rep->chain_problem = "";
    if (rc == HR_EIO) {
        rep->bad_seq = 1;
        rep->chain_problem = "the recorded journal head cannot be read: edited";
        memset(&head, 0, sizeof head);
        head.seq = UINT64_MAX;
        rc = HR_OK;
    }
    if (rc)
        return rc;
    char hex[2 * WF_HASH_BYTES + 1];
    wf_hex(head.hash, WF_HASH_BYTES, hex);
    rep->chain_head = hr_arena_fmt(arena, "%llu:%s", (unsigned long long)head.seq, hex);
    zhashx_t *latest = zhashx_new();
    zhashx_set_destructor(latest, s_latest_free);
    rc = s_journal_walk(txn, arena, latest, &head, rep);
    size_t cap = 0;
    MDB_cursor *cur = NULL;
    if (!rc)
        rc = s_cursor(txn, WF_DB_CASES, &cur);
    MDB_val k, v;
    int mrc = rc ? MDB_NOTFOUND : mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        char id[HR_ID_LEN + 1] = "";
        if (k.mv_size == HR_ID_LEN)
            memcpy(id, k.mv_data, HR_ID_LEN);
        rep->cases++;
        s_latest_t *l = zhashx_lookup(latest, id);
        if (!l) {
            s_bad_case(rep, arena, &cap, id,
                       "the case row has no journal entry: written behind the service");
            continue;
        }
        l->row_seen = true;
        unsigned char sha[WF_HASH_BYTES];
        wf_journal_sha256(v.mv_data, v.mv_size, sha);
        if (memcmp(sha, l->sha, WF_HASH_BYTES))
            s_bad_case(rep, arena, &cap, id,
                       hr_arena_fmt(arena,
                                    "the case row does not match its latest journal entry (%llu): "
                                    "edited behind the service",
                                    (unsigned long long)l->seq));
    }
    if (cur)
        mdb_cursor_close(cur);
    if (!rc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    for (s_latest_t *l = zhashx_first(latest); !rc && l; l = zhashx_next(latest))
        if (!l->row_seen)
            s_bad_case(rep, arena, &cap, zhashx_cursor(latest),
                       hr_arena_fmt(arena,
                                    "the journal's entry %llu holds the case but its row is "
                                    "gone: removed behind the service",
                                    (unsigned long long)l->seq));
    zhashx_destroy(&latest);
    rep->ok = !rc && !rep->bad_seq && !rep->n_bad_cases;
    return rc;
}

// Schema 3 -> 4 (see wf.h): one entry for each case row as it stands, saying the journal starts
// there. Before the daemon has a clock: the entries carry the system's time.
hr_rc_t wf_store_migrate_journal(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_clock_t *clock = hr_clock_system_new();
    int64_t now_ms = hr_clock_now_ms(clock);
    hr_clock_destroy(&clock);
    char iso[HR_TIME_ISO_LEN];
    hr_time_iso(now_ms, iso);
    iso[10] = '\0'; // the date
    char note[160];
    snprintf(note, sizeof note,
             "journal started at upgrade on %s: what the case went through before this entry "
             "cannot be proven from the journal",
             iso);
    hr_txn_origin_t origin = {WF_JOURNAL_ACTOR_SELF, "", "upgrade", now_ms};
    hr_txn_set_origin(txn, &origin);
    MDB_cursor *cur = NULL;
    hr_rc_t rc = s_cursor(txn, WF_DB_CASES, &cur);
    if (rc)
        return rc;
    // Copies first: the appends write while the cursor would still be reading.
    typedef struct {
        char id[HR_ID_LEN + 1];
        void *bytes;
        size_t len;
    } s_row_t;
    s_row_t *rows = NULL;
    size_t n = 0, cap = 0, started = 0;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size != HR_ID_LEN)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            rows = hr_realloc(rows, cap * sizeof *rows);
        }
        memcpy(rows[n].id, k.mv_data, HR_ID_LEN);
        rows[n].id[HR_ID_LEN] = '\0';
        rows[n].bytes = hr_alloc(v.mv_size ? v.mv_size : 1);
        memcpy(rows[n].bytes, v.mv_data, v.mv_size);
        rows[n].len = v.mv_size;
        n++;
    }
    mdb_cursor_close(cur);
    if (mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    for (size_t i = 0; i < n; i++) {
        if (!rc) {
            uint8_t key[HR_ID_LEN];
            memcpy(key, rows[i].id, HR_ID_LEN);
            MDB_cursor *jc = NULL;
            rc = s_cursor(txn, WF_DB_JOURNAL_BY_CASE, &jc);
            bool has = false;
            if (!rc) {
                MDB_val jk = {HR_ID_LEN, key}, jv;
                has = !mdb_cursor_get(jc, &jk, &jv, MDB_SET_RANGE) && jk.mv_size == S_JBC_KEY_LEN &&
                      !memcmp(jk.mv_data, key, HR_ID_LEN);
                mdb_cursor_close(jc);
            }
            if (!rc && !has) {
                rc = wf_store_journal_append(txn, rows[i].id, rows[i].bytes, rows[i].len, note);
                started++;
            }
        }
        hr_free(rows[i].bytes);
    }
    hr_free(rows);
    if (n)
        hr_info("store.migrated", "what=case journal started cases=%zu rc=%s", started,
                hr_rc_name(rc));
    return rc;
}

hr_rc_t wf_store_status_report_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                                   Hr__Workflow__StatusReport **out)
{
    return hr_store_get_pb(txn, WF_DB_STATUS_REPORTS, id, strlen(id),
                           &hr__workflow__status_report__descriptor, arena, (void **)out);
}

hr_rc_t wf_store_status_report_put(hr_txn_t *txn, const Hr__Workflow__StatusReport *r)
{
    return hr_store_put_pb(txn, WF_DB_STATUS_REPORTS, r->id, strlen(r->id), &r->base, 0);
}

hr_rc_t wf_store_status_reports_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                                    Hr__Workflow__StatusReport ***out, size_t *n)
{
    return s_all(txn, WF_DB_STATUS_REPORTS, &hr__workflow__status_report__descriptor, arena, max,
                 (void ***)out, n);
}
