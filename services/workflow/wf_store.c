/*  wf_store - the only file that knows hr-workflow's db names and key layouts.
 *
 *      people             employee_no                     -> hr.workflow.Person
 *      departments        id                              -> hr.workflow.Department
 *      templates          id                              -> hr.workflow.Template
 *      cases              case id (ULID)                  -> hr.workflow.Case
 *      cases_by_employee  employee_no \0 case id          -> ""
 *      due                be64 fire ms, case id, be32 step -> ""   (the deadline index)
 *      settings           name                            -> value (hr_head)
 *
 *  The due index holds, for each active step, the time its next escalation level fires; it is
 *  written in the same transaction as the case (wf_store_case_put), and rebuilt from the cases
 *  at start-up (wf_store_due_rebuild), so it can never disagree with them for long.
 *
 *  Outgoing commands and domain events go to the platform's `outbox` and `events` dbs through
 *  hr_outbox_put and hr_events_append, wrapped here so the handlers name neither.
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

hr_rc_t wf_store_due_scan(hr_txn_t *txn, int64_t now_ms, size_t max, wf_due_fn *fn, void *arg)
{
    MDB_cursor *cur = NULL;
    size_t count = 0;
    hr_rc_t rc = s_cursor(txn, WF_DB_DUE, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    int mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
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
    static char *const roles[] = {"service"};
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
            list[ev.n_people++] = r;
        }
        rc = wf_store_event_append(txn, "workflow.RolesChanged", &ev.base, msg_id, now_ms);
        events += !rc;
    }
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
