/*  nt_store - the only file that knows notify's db names and key layouts.
 *
 *  sendq       send_id (26)                         -> hr.notify.SendRecord
 *  deliveries  delivery id "<send_id>.<nnn>" (30)   -> hr.notify.Delivery
 *  due         be64(next_at_ms) + delivery id       -> "" (queued deliveries, oldest first)
 *  counters    name                                 -> be64 (sent, failed, dropped, superseded
 *                                                      since creation)
 *  meta        (the platform's) "notify.hold"       -> hr.notify.SendingHold, while held
 *  events      (the platform's hr_events) be64(seq) -> hr.sys.Event (notify.DeliveryFailed)
 *
 *  A delivery is queued exactly when it has one due row (a dropped or superseded one keeps its
 *  record and loses the row); nt_store_delivery_put() keeps the two in step given the row's
 *  previous due time (the caller deletes the old row first). A send's supersede_key is copied
 *  into its deliveries, so nt_store_supersede() finds the earlier ones by walking the queue.
 */
#include "nt.h"

const char *const nt_dbs[] = {"sendq", "deliveries", "due", "counters", NULL};

#define NT_DUE_KEY_MAX (8 + 64)
#define NT_HOLD_KEY "notify.hold" // in the platform's meta db: a singleton

static size_t s_due_key(uint8_t *key, int64_t due_ms, const char *id)
{
    size_t n = strlen(id);
    assert(n <= 64);
    hr_be64_put(key, (uint64_t)due_ms);
    memcpy(key + 8, id, n);
    return 8 + n;
}

hr_rc_t nt_store_send_put(hr_txn_t *txn, const Hr__Notify__SendRecord *rec)
{
    return hr_store_put_pb(txn, "sendq", rec->send_id, strlen(rec->send_id), &rec->base,
                           MDB_NOOVERWRITE);
}

hr_rc_t nt_store_send_get(hr_txn_t *txn, const char *send_id, hr_arena_t *arena,
                          Hr__Notify__SendRecord **out)
{
    return hr_store_get_pb(txn, "sendq", send_id, strlen(send_id),
                           &hr__notify__send_record__descriptor, arena, (void **)out);
}

hr_rc_t nt_store_delivery_put(hr_txn_t *txn, const Hr__Notify__Delivery *d)
{
    hr_rc_t rc = hr_store_put_pb(txn, "deliveries", d->id, strlen(d->id), &d->base, 0);
    if (rc || d->state != HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED)
        return rc;
    uint8_t key[NT_DUE_KEY_MAX];
    size_t klen = s_due_key(key, d->next_at_ms, d->id);
    return hr_store_put(txn, "due", key, klen, "", 0, 0);
}

hr_rc_t nt_store_delivery_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                              Hr__Notify__Delivery **out)
{
    return hr_store_get_pb(txn, "deliveries", id, strlen(id), &hr__notify__delivery__descriptor,
                           arena, (void **)out);
}

hr_rc_t nt_store_due_del(hr_txn_t *txn, int64_t due_ms, const char *id)
{
    uint8_t key[NT_DUE_KEY_MAX];
    size_t klen = s_due_key(key, due_ms, id);
    hr_rc_t rc = hr_store_del(txn, "due", key, klen);
    return rc == HR_ENOTFOUND ? HR_OK : rc;
}

hr_rc_t nt_store_due_scan(hr_txn_t *txn, int64_t now_ms, size_t max, nt_due_fn *fn, void *arg)
{
    MDB_cursor *cursor = NULL;
    MDB_val key, val;
    size_t count = 0;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), "due"), &cursor));
    if (rc)
        goto out;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
    while (mrc == 0 && count < max) {
        if (key.mv_size <= 8 || key.mv_size > NT_DUE_KEY_MAX) {
            hr_error("store.corrupt", "db=due key_len=%zu", key.mv_size);
            rc = HR_EIO;
            goto out;
        }
        int64_t due_ms = (int64_t)hr_be64_get(key.mv_data);
        if (due_ms > now_ms)
            break;
        char id[65];
        memcpy(id, (const char *)key.mv_data + 8, key.mv_size - 8); // LMDB's memory: copy
        id[key.mv_size - 8] = '\0';
        rc = fn(arg, id, due_ms);
        if (rc)
            goto out;
        count++;
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    if (mrc != 0 && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
out:
    if (cursor)
        mdb_cursor_close(cursor);
    return rc;
}

// Whether key is a delivery of send_id: "<send_id>.<nnn>".
static bool s_of_send(const MDB_val *key, const char *send_id, size_t n)
{
    return key->mv_size > n + 1 && !memcmp(key->mv_data, send_id, n) &&
           ((const char *)key->mv_data)[n] == '.';
}

// Positions cur at the first delivery of send_id; MDB_NOTFOUND when it has none.
static int s_first_delivery(MDB_cursor *cur, const char *send_id, MDB_val *key, MDB_val *val)
{
    char seek[NT_SEND_ID_MAX + 2];
    size_t n = strlen(send_id);
    if (n > NT_SEND_ID_MAX)
        return MDB_NOTFOUND;
    memcpy(seek, send_id, n);
    seek[n] = '.';
    key->mv_data = seek;
    key->mv_size = n + 1;
    int mrc = mdb_cursor_get(cur, key, val, MDB_SET_RANGE);
    return mrc == 0 && !s_of_send(key, send_id, n) ? MDB_NOTFOUND : mrc;
}

// Whether every delivery of send_id has finished (sent or failed). HR_EIO for a delivery that
// does not read.
static hr_rc_t s_finished(hr_txn_t *txn, const char *send_id, bool *finished)
{
    *finished = true;
    MDB_cursor *cursor = NULL;
    MDB_val key, val;
    size_t n = strlen(send_id);
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), "deliveries"), &cursor));
    if (rc)
        return rc;
    int mrc = s_first_delivery(cursor, send_id, &key, &val);
    while (mrc == 0 && s_of_send(&key, send_id, n)) {
        Hr__Notify__Delivery *d =
            hr__notify__delivery__unpack(NULL, val.mv_size, (const uint8_t *)val.mv_data);
        if (!d) {
            rc = HR_EIO;
            break;
        }
        bool queued = d->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED;
        hr__notify__delivery__free_unpacked(d, NULL);
        if (queued) {
            *finished = false;
            break;
        }
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cursor);
    return rc;
}

// Deletes every delivery of send_id, and any due row one of them still had.
static hr_rc_t s_delete_deliveries(hr_txn_t *txn, const char *send_id, nt_id_fn *gone, void *arg)
{
    MDB_cursor *cursor = NULL;
    MDB_val key, val;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), "deliveries"), &cursor));
    if (rc)
        return rc;
    for (;;) {
        int mrc = s_first_delivery(cursor, send_id, &key, &val);
        if (mrc == MDB_NOTFOUND)
            break;
        if (mrc) {
            rc = hr_rc_from_mdb(mrc);
            break;
        }
        Hr__Notify__Delivery *d =
            hr__notify__delivery__unpack(NULL, val.mv_size, (const uint8_t *)val.mv_data);
        char id[NT_SEND_ID_MAX + 8] = "";
        int64_t due_ms = d ? d->next_at_ms : 0;
        if (d) {
            snprintf(id, sizeof id, "%s", d->id);
            hr__notify__delivery__free_unpacked(d, NULL);
        }
        mrc = mdb_cursor_del(cursor, 0);
        if (mrc) {
            rc = hr_rc_from_mdb(mrc);
            break;
        }
        if (*id && (rc = nt_store_due_del(txn, due_ms, id)))
            break; // a due row left behind would point at nothing
        if (*id && gone)
            gone(arg, id);
    }
    mdb_cursor_close(cursor);
    return rc;
}

hr_rc_t nt_store_prune(hr_txn_t *txn, int64_t cutoff_ms, size_t max, size_t *pruned, nt_id_fn *gone,
                       void *arg)
{
    *pruned = 0;
    hr_arena_t *arena = hr_arena_new(4096);
    char *from = NULL; // resume after this send id (arena)
    size_t scanned = 0;
    hr_rc_t rc = HR_OK;
    // Oldest first (send ids are ULIDs); a send that cannot go yet (still being sent, or a record
    // that does not read) is passed, not waited on, but the walk looks at NT_PRUNE_SCAN at most.
    while (*pruned < max && scanned < NT_PRUNE_SCAN) {
        MDB_cursor *cursor = NULL;
        MDB_val key, val;
        rc = hr_rc_from_mdb(
            mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), "sendq"), &cursor));
        if (rc)
            break;
        int mrc;
        if (from) {
            key.mv_data = from;
            key.mv_size = strlen(from);
            mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
            if (mrc == 0 && key.mv_size == strlen(from) && !memcmp(key.mv_data, from, key.mv_size))
                mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
        } else {
            mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
        }
        char *send_id = mrc ? NULL : hr_arena_strndup(arena, key.mv_data, key.mv_size);
        Hr__Notify__SendRecord *rec =
            mrc ? NULL
                : (Hr__Notify__SendRecord *)protobuf_c_message_unpack(
                      &hr__notify__send_record__descriptor, hr_arena_pb_allocator(arena),
                      val.mv_size, val.mv_data);
        mdb_cursor_close(cursor);
        if (mrc == MDB_NOTFOUND)
            break;
        if (mrc) {
            rc = hr_rc_from_mdb(mrc);
            break;
        }
        scanned++;
        from = send_id;
        if (!rec) {
            hr_warn("retention.unreadable", "send=%s", send_id);
            continue;
        }
        if (rec->accepted_ms >= cutoff_ms)
            break; // the oldest left is young enough
        bool finished = false;
        hr_rc_t frc = s_finished(txn, send_id, &finished);
        if (frc || !finished) {
            if (frc)
                hr_warn("retention.unreadable", "send=%s", send_id);
            continue; // still being sent (its lifetime ends within days), or unreadable
        }
        rc = s_delete_deliveries(txn, send_id, gone, arg);
        if (!rc)
            rc = hr_store_del(txn, "sendq", send_id, strlen(send_id));
        if (rc)
            break;
        (*pruned)++;
    }
    hr_arena_destroy(&arena);
    return rc;
}

uint64_t nt_store_due_count(hr_txn_t *txn)
{
    return hr_store_count(txn, "due");
}

hr_rc_t nt_store_log(hr_txn_t *txn, hr_arena_t *arena, bool failed_only, const char *send_id,
                     size_t limit, nt_delivery_fn *fn, void *arg)
{
    MDB_cursor *cursor = NULL;
    MDB_val key, val;
    size_t count = 0;
    size_t prefix = send_id ? strlen(send_id) : 0;
    hr_rc_t rc = hr_rc_from_mdb(
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), "deliveries"), &cursor));
    if (rc)
        goto out;
    int mrc;
    if (prefix) {
        // Keys of one send start with its id: seek just past them and walk back.
        char *seek = hr_arena_fmt(arena, "%s/", send_id); // '/' sorts after '.'
        key.mv_data = seek;
        key.mv_size = strlen(seek);
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
        mrc = mrc == 0 ? mdb_cursor_get(cursor, &key, &val, MDB_PREV)
                       : mdb_cursor_get(cursor, &key, &val, MDB_LAST);
    } else {
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_LAST);
    }
    while (mrc == 0 && count < limit) {
        if (prefix && (key.mv_size < prefix || memcmp(key.mv_data, send_id, prefix)))
            break;
        Hr__Notify__Delivery *d = (Hr__Notify__Delivery *)protobuf_c_message_unpack(
            &hr__notify__delivery__descriptor, hr_arena_pb_allocator(arena), val.mv_size,
            val.mv_data);
        if (!d) {
            hr_error("store.corrupt", "db=deliveries");
            rc = HR_EIO;
            goto out;
        }
        if (!failed_only || d->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED) {
            rc = fn(arg, d);
            if (rc)
                goto out;
            count++;
        }
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_PREV);
    }
    if (mrc != 0 && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
out:
    if (cursor)
        mdb_cursor_close(cursor);
    return rc;
}

hr_rc_t nt_store_counter_add(hr_txn_t *txn, const char *name, uint64_t delta)
{
    uint64_t v = nt_store_counter_get(txn, name) + delta;
    uint8_t buf[8];
    hr_be64_put(buf, v);
    return hr_store_put(txn, "counters", name, strlen(name), buf, 8, 0);
}

uint64_t nt_store_counter_get(hr_txn_t *txn, const char *name)
{
    MDB_val v;
    if (hr_store_get(txn, "counters", name, strlen(name), &v) || v.mv_size != 8)
        return 0;
    return hr_be64_get(v.mv_data);
}

hr_rc_t nt_store_hold_get(hr_txn_t *txn, hr_arena_t *arena, Hr__Notify__SendingHold **out)
{
    *out = NULL;
    return hr_store_get_pb(txn, HR_DB_META, NT_HOLD_KEY, strlen(NT_HOLD_KEY),
                           &hr__notify__sending_hold__descriptor, arena, (void **)out);
}

hr_rc_t nt_store_hold_put(hr_txn_t *txn, const Hr__Notify__SendingHold *hold)
{
    return hr_store_put_pb(txn, HR_DB_META, NT_HOLD_KEY, strlen(NT_HOLD_KEY), &hold->base, 0);
}

typedef struct {
    char (*ids)[65]; // owned: queued delivery ids
    size_t n;        // entries used
    size_t cap;      // entries allocated
} s_ids_t;

static hr_rc_t s_collect_id(void *arg, const char *id, int64_t due_ms)
{
    HR_UNUSED(due_ms);
    s_ids_t *ids = arg;
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 64;
        ids->ids = hr_realloc(ids->ids, ids->cap * sizeof *ids->ids);
    }
    snprintf(ids->ids[ids->n++], sizeof ids->ids[0], "%s", id);
    return HR_OK;
}

hr_rc_t nt_store_hold_release(hr_txn_t *txn, hr_arena_t *arena, int64_t now_ms,
                              Hr__Notify__SendingHold **ended, size_t *credited)
{
    *credited = 0;
    hr_rc_t rc = nt_store_hold_get(txn, arena, ended);
    if (rc)
        return rc;
    // Collect, then rewrite: no cursor stays open on the dbs the rewrite changes.
    s_ids_t ids = {0};
    rc = nt_store_due_scan(txn, INT64_MAX, SIZE_MAX, s_collect_id, &ids);
    for (size_t i = 0; i < ids.n && !rc; i++) {
        Hr__Notify__Delivery *d = NULL;
        rc = nt_store_delivery_get(txn, ids.ids[i], arena, &d);
        if (rc == HR_ENOTFOUND || rc == HR_EIO) {
            hr_warn("hold.unreadable", "delivery=%s", ids.ids[i]); // must not keep the hold on
            rc = HR_OK;
            continue;
        }
        if (rc)
            break;
        d->held_ms += nt_retry_held_ms(d->created_ms, (*ended)->since_ms, now_ms);
        rc = nt_store_delivery_put(txn, d); // the same due row
        (*credited)++;
    }
    hr_free(ids.ids);
    if (!rc)
        rc = hr_store_del(txn, HR_DB_META, NT_HOLD_KEY, strlen(NT_HOLD_KEY));
    return rc;
}

hr_rc_t nt_store_dispatch_scan(hr_txn_t *txn, hr_arena_t *arena, int64_t now_ms, size_t max,
                               nt_due_fn *fn, void *arg, Hr__Notify__SendingHold **hold)
{
    hr_rc_t rc = nt_store_hold_get(txn, arena, hold);
    if (rc == HR_OK)
        return HR_OK; // held: nothing is handed to a sender
    if (rc != HR_ENOTFOUND)
        return rc;
    return nt_store_due_scan(txn, now_ms, max, fn, arg);
}

hr_rc_t nt_store_superseded_put(hr_txn_t *txn, hr_arena_t *arena, Hr__Notify__Delivery *d,
                                int64_t now_ms)
{
    assert(d->superseded);
    d->state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SUPERSEDED;
    d->done_ms = now_ms;
    d->next_at_ms = 0;
    d->last_error = hr_arena_fmt(arena, "not sent: superseded by send %s (%s)",
                                 d->superseded->by_send_id, d->superseded->by_template);
    hr_rc_t rc = nt_store_delivery_put(txn, d); // superseded: no due row
    if (!rc)
        rc = nt_store_counter_add(txn, "superseded", 1);
    if (!rc)
        hr_info("delivery.superseded", "delivery=%s by=%s channel=%s", d->id,
                d->superseded->by_delivery_id, nt_channel_name(d->channel));
    return rc;
}

// The delivery of the new send that supersedes old, or NULL: the same key, channel and recipient.
static const Hr__Notify__Delivery *s_newer(const Hr__Notify__Delivery *old,
                                           const Hr__Notify__Delivery *const *news, size_t n_news)
{
    if (old->state != HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED || !*old->supersede_key)
        return NULL;
    for (size_t i = 0; i < n_news; i++) {
        const Hr__Notify__Delivery *n = news[i];
        if (*n->recipient && !strcmp(n->supersede_key, old->supersede_key) &&
            n->channel == old->channel && !strcmp(n->recipient, old->recipient) &&
            strcmp(n->send_id, old->send_id))
            return n;
    }
    return NULL;
}

hr_rc_t nt_store_supersede(hr_txn_t *txn, hr_arena_t *arena,
                           const Hr__Notify__Delivery *const *news, size_t n_news, int64_t now_ms,
                           nt_busy_fn *busy, void *arg, size_t *superseded, size_t *noted)
{
    *superseded = 0;
    *noted = 0;
    if (!n_news || !*news[0]->supersede_key)
        return HR_OK;
    // Collect, then rewrite: no cursor stays open on the dbs the rewrite changes. What waits is
    // exactly what has a due row, so the walk is as long as the queue.
    s_ids_t ids = {0};
    hr_rc_t rc = nt_store_due_scan(txn, INT64_MAX, SIZE_MAX, s_collect_id, &ids);
    for (size_t i = 0; i < ids.n && !rc; i++) {
        Hr__Notify__Delivery *d = NULL;
        rc = nt_store_delivery_get(txn, ids.ids[i], arena, &d);
        if (rc == HR_ENOTFOUND || rc == HR_EIO) {
            hr_warn("supersede.unreadable", "delivery=%s", ids.ids[i]);
            rc = HR_OK;
            continue;
        }
        const Hr__Notify__Delivery *n = rc ? NULL : s_newer(d, news, n_news);
        if (!n || d->superseded)
            continue; // not the same message, or noted in flight already
        Hr__Notify__DeliverySupersede *by = hr_arena_alloc(arena, sizeof *by);
        hr__notify__delivery_supersede__init(by);
        by->at_ms = now_ms;
        by->by_send_id = n->send_id;
        by->by_delivery_id = n->id;
        by->by_template = n->template_;
        d->superseded = by;
        if (d->inflight_ms || (busy && busy(arg, d->id))) {
            // With a sender (or handed out by a run that stopped): it cannot be called back and
            // may arrive; noted, so that a failed attempt is not retried after the newer one.
            rc = nt_store_delivery_put(txn, d); // still queued: the same due row
            (*noted)++;
            continue;
        }
        rc = nt_store_due_del(txn, d->next_at_ms, d->id);
        if (!rc)
            rc = nt_store_superseded_put(txn, arena, d, now_ms);
        if (!rc)
            (*superseded)++;
    }
    hr_free(ids.ids);
    return rc;
}
