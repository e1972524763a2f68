/*  ev_store - the only file that knows hr-evidence's dbs and key layouts.
 *
 *  db                 key                          value
 *  evidence           id (64 hex)                  hr.evidence.Evidence
 *  evidence_by_case   case_id (26) + id (64)       ""
 *  blobs              id                           hr.evidence.Blob (holds the wrapped key)
 *  cases              case_id                      hr.evidence.CaseInfo
 *  signing_keys       user_id                      hr.evidence.SigningKey
 *  audit              be64(seq)                    hr.evidence.AuditEntry (hash-chained)
 *  retention_due      be64(due_ms) + id            ""
 *  people             employee_no                  hr.evidence.Person (the directory's roles)
 *  deleted            id                           hr.evidence.Tombstone (shredded: when, why)
 *  ev_meta            "audit_head"                 be64(seq) + hash (32)
 *                     "key_check"                  32 bytes: the master key's check value
 *                     "roles_replay_until"         be64(seq): the workflow's events up to here
 *                                                  are read again for RolesChanged alone
 *                     "told_replay_until"          be64(seq): ... for the events that tell a
 *                                                  case's employee alone (schema 5)
 *                     "proof_replay_until"         be64(seq): ... for what the case's review
 *                                                  cites as proof alone (schema 7)
 *
 *  Schema 6 changed no db: it marks the store as one whose shredded records the shred ledger
 *  beside the master key holds too (ev_ledger.c), so a binary that knows no ledger (schema 5)
 *  refuses it instead of serving a restored backup's shredded records.
 *
 *  The audit head in ev_meta moves in the same transaction as every appended entry, so an entry
 *  removed from the end of the log is caught as well as one removed from the middle.
 */
#include "ev.h"

#define DB_EVIDENCE "evidence"
#define DB_BY_CASE "evidence_by_case"
#define DB_BLOBS "blobs"
#define DB_CASES "cases"
#define DB_SIGNING_KEYS "signing_keys"
#define DB_AUDIT "audit"
#define DB_DUE "retention_due"
#define DB_META "ev_meta"
#define DB_PEOPLE "people"
#define DB_DELETED "deleted"
#define META_HEAD "audit_head"
#define META_KEY_CHECK "key_check"
#define META_ROLES_REPLAY "roles_replay_until"
#define META_TOLD_REPLAY "told_replay_until"
#define META_PROOF_REPLAY "proof_replay_until"
#define BY_CASE_KEY_LEN (HR_ID_LEN + EV_ID_HEX)
#define DUE_KEY_LEN (8 + EV_ID_HEX)

const char *const ev_store_dbs[] = {DB_EVIDENCE,     DB_BY_CASE, DB_BLOBS, DB_CASES,
                                    DB_SIGNING_KEYS, DB_AUDIT,   DB_DUE,   DB_META,
                                    DB_PEOPLE,       DB_DELETED, NULL};

static MDB_dbi s_dbi(hr_txn_t *txn, const char *db)
{
    return hr_store_dbi(hr_txn_store(txn), db);
}

hr_rc_t ev_store_head(hr_txn_t *txn, ev_head_t *head)
{
    memset(head, 0, sizeof *head);
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, DB_META, META_HEAD, strlen(META_HEAD), &v);
    if (rc == HR_ENOTFOUND)
        return HR_OK;
    if (rc)
        return rc;
    if (v.mv_size != 8 + EV_HASH_BYTES) {
        hr_error("store.corrupt", "db=ev_meta key=audit_head len=%zu", v.mv_size);
        return HR_EIO;
    }
    head->seq = hr_be64_get(v.mv_data);
    memcpy(head->hash, (const unsigned char *)v.mv_data + 8, EV_HASH_BYTES);
    return HR_OK;
}

hr_rc_t ev_store_audit(hr_txn_t *txn, int64_t at_ms, const ev_audit_t *a, ev_head_t *head_out)
{
    ev_head_t head;
    hr_rc_t rc = ev_store_head(txn, &head);
    if (rc)
        return rc;
    ev_chain_fields_t f = {.seq = head.seq + 1,
                           .at_ms = at_ms,
                           .actor = a->actor ? a->actor : "",
                           .action = a->action,
                           .evidence_id = a->evidence_id ? a->evidence_id : "",
                           .case_id = a->case_id ? a->case_id : "",
                           .detail = a->detail ? a->detail : ""};
    memcpy(f.prev_hash, head.hash, EV_HASH_BYTES);
    unsigned char hash[EV_HASH_BYTES];
    ev_chain_hash(&f, hash);

    Hr__Evidence__AuditEntry e = HR__EVIDENCE__AUDIT_ENTRY__INIT;
    e.seq = f.seq;
    e.at_ms = at_ms;
    e.actor = (char *)f.actor;
    e.action = (char *)f.action;
    e.evidence_id = (char *)f.evidence_id;
    e.case_id = (char *)f.case_id;
    e.detail = (char *)f.detail;
    e.prev_hash.data = f.prev_hash;
    e.prev_hash.len = EV_HASH_BYTES;
    e.hash.data = hash;
    e.hash.len = EV_HASH_BYTES;
    unsigned char key[8];
    hr_be64_put(key, f.seq);
    rc = hr_store_put_pb(txn, DB_AUDIT, key, sizeof key, &e.base, MDB_NOOVERWRITE);
    if (rc)
        return rc;
    unsigned char hv[8 + EV_HASH_BYTES];
    hr_be64_put(hv, f.seq);
    memcpy(hv + 8, hash, EV_HASH_BYTES);
    rc = hr_store_put(txn, DB_META, META_HEAD, strlen(META_HEAD), hv, sizeof hv, 0);
    if (rc)
        return rc;
    if (head_out) {
        head_out->seq = f.seq;
        memcpy(head_out->hash, hash, EV_HASH_BYTES);
    }
    return HR_OK;
}

hr_rc_t ev_store_chain_verify(hr_txn_t *txn, uint64_t *entries, uint64_t *bad_seq, char *why,
                              size_t whylen)
{
    *entries = 0;
    *bad_seq = 0;
    why[0] = '\0';
    ev_head_t head;
    hr_rc_t rc = ev_store_head(txn, &head);
    if (rc) {
        snprintf(why, whylen, "the recorded chain head is unreadable");
        *bad_seq = 1;
        return HR_ECONFLICT;
    }
    hr_arena_t *arena = hr_arena_new(0);
    MDB_cursor *cursor = NULL;
    rc = hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), s_dbi(txn, DB_AUDIT), &cursor));
    if (rc)
        goto out;
    unsigned char prev[EV_HASH_BYTES] = {0};
    uint64_t expect = 1;
    MDB_val key, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT), expect++) {
        hr_arena_reset(arena);
        uint64_t seq = key.mv_size == 8 ? hr_be64_get(key.mv_data) : 0;
        if (seq != expect) {
            *bad_seq = expect;
            snprintf(why, whylen,
                     "audit entry %llu is missing (the log jumps from %llu to %llu): removed",
                     (unsigned long long)expect, (unsigned long long)(expect - 1),
                     (unsigned long long)seq);
            rc = HR_ECONFLICT;
            goto out;
        }
        Hr__Evidence__AuditEntry *e = (Hr__Evidence__AuditEntry *)protobuf_c_message_unpack(
            &hr__evidence__audit_entry__descriptor, hr_arena_pb_allocator(arena), val.mv_size,
            val.mv_data);
        if (!e) {
            *bad_seq = seq;
            snprintf(why, whylen, "audit entry %llu does not decode: edited",
                     (unsigned long long)seq);
            rc = HR_ECONFLICT;
            goto out;
        }
        const char *bad = ev_chain_check(e, expect, prev);
        if (bad) {
            *bad_seq = seq;
            if (!strcmp(bad, "prev_hash"))
                snprintf(why, whylen,
                         "audit entry %llu does not link to entry %llu (prev_hash differs): "
                         "entry %llu was edited, replaced or removed",
                         (unsigned long long)seq, (unsigned long long)(seq - 1),
                         (unsigned long long)(seq - 1));
            else
                snprintf(why, whylen, "audit entry %llu does not match its hash (%s): edited",
                         (unsigned long long)seq, bad);
            rc = HR_ECONFLICT;
            goto out;
        }
        memcpy(prev, e->hash.data, EV_HASH_BYTES);
        (*entries)++;
    }
    if (mrc != MDB_NOTFOUND) {
        rc = hr_rc_from_mdb(mrc);
        goto out;
    }
    if (*entries != head.seq || memcmp(prev, head.hash, EV_HASH_BYTES)) {
        *bad_seq = *entries + 1;
        snprintf(why, whylen,
                 "the audit log ends at entry %llu but the recorded head is entry %llu: "
                 "entries removed from the end",
                 (unsigned long long)*entries, (unsigned long long)head.seq);
        rc = HR_ECONFLICT;
        goto out;
    }
    rc = HR_OK;
out:
    if (cursor)
        mdb_cursor_close(cursor);
    hr_arena_destroy(&arena);
    if (rc && rc != HR_ECONFLICT) {
        *bad_seq = *bad_seq ? *bad_seq : 1;
        snprintf(why, whylen, "the audit log is unreadable (%s)", hr_rc_name(rc));
        rc = HR_ECONFLICT;
    }
    return rc;
}

typedef struct {
    uint64_t seq;           // the last put of the id
    char id[EV_ID_HEX + 1]; // evidence id
} s_live_t;

static int s_live_cmp(const void *a, const void *b)
{
    uint64_t x = ((const s_live_t *)a)->seq, y = ((const s_live_t *)b)->seq;
    return x < y ? -1 : x > y;
}

hr_rc_t ev_store_audit_live_each(hr_txn_t *txn, ev_live_fn *fn, void *arg)
{
    zhashx_t *live = zhashx_new(); // id -> seq of its last put (as a pointer-sized number)
    hr_arena_t *arena = hr_arena_new(0);
    s_live_t *list = NULL;
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), s_dbi(txn, DB_AUDIT), &cursor));
    if (rc)
        goto out;
    MDB_val key, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
    for (; mrc == 0; mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT)) {
        hr_arena_reset(arena);
        Hr__Evidence__AuditEntry *e = (Hr__Evidence__AuditEntry *)protobuf_c_message_unpack(
            &hr__evidence__audit_entry__descriptor, hr_arena_pb_allocator(arena), val.mv_size,
            val.mv_data);
        if (!e || !ev_id_is_valid(e->evidence_id) || !e->seq)
            continue; // an entry that does not decode is the chain check's to name
        if (!strcmp(e->action, "put") || !strcmp(e->action, "repair"))
            zhashx_update(live, e->evidence_id, (void *)(uintptr_t)e->seq);
        else if (!strcmp(e->action, "delete"))
            zhashx_delete(live, e->evidence_id);
    }
    if (mrc != MDB_NOTFOUND) {
        rc = hr_rc_from_mdb(mrc);
        goto out;
    }
    size_t n = zhashx_size(live), i = 0;
    list = hr_alloc((n + 1) * sizeof *list);
    for (void *v = zhashx_first(live); v; v = zhashx_next(live), i++) {
        list[i].seq = (uint64_t)(uintptr_t)v;
        snprintf(list[i].id, sizeof list[i].id, "%s", (const char *)zhashx_cursor(live));
    }
    qsort(list, n, sizeof *list, s_live_cmp);
    for (i = 0; i < n && !rc; i++)
        rc = fn(arg, list[i].id, list[i].seq);
out:
    if (cursor)
        mdb_cursor_close(cursor);
    hr_free(list);
    hr_arena_destroy(&arena);
    zhashx_destroy(&live);
    return rc;
}

typedef struct {
    hr_txn_t *txn;     // borrowed
    hr_arena_t *arena; // borrowed: reset per id
    uint64_t bad_seq;  // the first put whose record is gone
    char bad_id[EV_ID_HEX + 1];
    const char *what; // what is gone
    uint64_t nbad;    // how many
} s_records_ctx_t;

static hr_rc_t s_record_check(void *arg, const char *id, uint64_t seq)
{
    s_records_ctx_t *ctx = arg;
    hr_arena_reset(ctx->arena);
    Hr__Evidence__Evidence *e = NULL;
    Hr__Evidence__Blob *b = NULL;
    const char *what = NULL;
    hr_rc_t rc = ev_store_evidence_get(ctx->txn, id, ctx->arena, &e);
    if (rc == HR_ENOTFOUND)
        what = "record";
    else if (rc)
        return rc;
    else if ((rc = ev_store_blob_get(ctx->txn, id, ctx->arena, &b)) == HR_ENOTFOUND)
        what = "key row";
    else if (rc)
        return rc;
    if (what && !ctx->nbad++) {
        ctx->bad_seq = seq;
        ctx->what = what;
        snprintf(ctx->bad_id, sizeof ctx->bad_id, "%s", id);
    }
    return HR_OK;
}

hr_rc_t ev_store_records_verify(hr_txn_t *txn, uint64_t *bad_seq, char *why, size_t whylen)
{
    *bad_seq = 0;
    why[0] = '\0';
    s_records_ctx_t ctx = {.txn = txn, .arena = hr_arena_new(0)};
    hr_rc_t rc = ev_store_audit_live_each(txn, s_record_check, &ctx);
    hr_arena_destroy(&ctx.arena);
    if (rc) {
        *bad_seq = 1;
        snprintf(why, whylen, "the audit log or the records are unreadable (%s)", hr_rc_name(rc));
        return HR_ECONFLICT;
    }
    if (!ctx.nbad)
        return HR_OK;
    *bad_seq = ctx.bad_seq;
    snprintf(why, whylen,
             "audit entry %llu put evidence %s and no delete follows, but its %s is gone: "
             "removed from the store behind the service (%llu such record(s))",
             (unsigned long long)ctx.bad_seq, ctx.bad_id, ctx.what, (unsigned long long)ctx.nbad);
    return HR_ECONFLICT;
}

hr_rc_t ev_store_audit_get(hr_txn_t *txn, uint64_t seq, hr_arena_t *arena,
                           Hr__Evidence__AuditEntry **out)
{
    unsigned char key[8];
    hr_be64_put(key, seq);
    return hr_store_get_pb(txn, DB_AUDIT, key, sizeof key, &hr__evidence__audit_entry__descriptor,
                           arena, (void **)out);
}

hr_rc_t ev_store_key_check_get(hr_txn_t *txn, unsigned char out[EV_HASH_BYTES])
{
    MDB_val v;
    hr_rc_t rc = hr_store_get(txn, DB_META, META_KEY_CHECK, strlen(META_KEY_CHECK), &v);
    if (rc)
        return rc;
    if (v.mv_size != EV_HASH_BYTES)
        return HR_EIO;
    memcpy(out, v.mv_data, EV_HASH_BYTES);
    return HR_OK;
}

hr_rc_t ev_store_key_check_put(hr_txn_t *txn, const unsigned char v[EV_HASH_BYTES])
{
    return hr_store_put(txn, DB_META, META_KEY_CHECK, strlen(META_KEY_CHECK), v, EV_HASH_BYTES, 0);
}

hr_rc_t ev_store_evidence_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                              Hr__Evidence__Evidence **out)
{
    if (!ev_id_is_valid(id))
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, DB_EVIDENCE, id, EV_ID_HEX, &hr__evidence__evidence__descriptor,
                           arena, (void **)out);
}

static void s_due_key(unsigned char key[DUE_KEY_LEN], int64_t due_ms, const char *id)
{
    hr_be64_put(key, (uint64_t)due_ms);
    memcpy(key + 8, id, EV_ID_HEX);
}

hr_rc_t ev_store_evidence_put(hr_txn_t *txn, const Hr__Evidence__Evidence *e, int64_t old_due_ms)
{
    assert(ev_id_is_valid(e->id));
    hr_rc_t rc = hr_store_put_pb(txn, DB_EVIDENCE, e->id, EV_ID_HEX, &e->base, 0);
    for (size_t i = 0; !rc && i < e->n_case_ids; i++) {
        unsigned char key[BY_CASE_KEY_LEN];
        if (strlen(e->case_ids[i]) != HR_ID_LEN)
            return HR_EINTERNAL;
        memcpy(key, e->case_ids[i], HR_ID_LEN);
        memcpy(key + HR_ID_LEN, e->id, EV_ID_HEX);
        rc = hr_store_put(txn, DB_BY_CASE, key, sizeof key, "", 0, 0);
    }
    if (!rc && old_due_ms && old_due_ms != e->due_ms) {
        rc = ev_store_due_del(txn, old_due_ms, e->id);
        if (rc == HR_ENOTFOUND)
            rc = HR_OK;
    }
    if (!rc && e->due_ms) {
        unsigned char key[DUE_KEY_LEN];
        s_due_key(key, e->due_ms, e->id);
        rc = hr_store_put(txn, DB_DUE, key, sizeof key, "", 0, 0);
    }
    return rc;
}

hr_rc_t ev_store_evidence_delete(hr_txn_t *txn, const Hr__Evidence__Evidence *e)
{
    hr_rc_t rc = hr_store_del(txn, DB_BLOBS, e->id, EV_ID_HEX);
    if (rc == HR_ENOTFOUND)
        rc = HR_OK;
    if (!rc)
        rc = hr_store_del(txn, DB_EVIDENCE, e->id, EV_ID_HEX);
    for (size_t i = 0; !rc && i < e->n_case_ids; i++) {
        unsigned char key[BY_CASE_KEY_LEN];
        if (strlen(e->case_ids[i]) != HR_ID_LEN)
            continue;
        memcpy(key, e->case_ids[i], HR_ID_LEN);
        memcpy(key + HR_ID_LEN, e->id, EV_ID_HEX);
        rc = hr_store_del(txn, DB_BY_CASE, key, sizeof key);
        if (rc == HR_ENOTFOUND)
            rc = HR_OK;
    }
    if (!rc && e->due_ms) {
        rc = ev_store_due_del(txn, e->due_ms, e->id);
        if (rc == HR_ENOTFOUND)
            rc = HR_OK;
    }
    return rc;
}

uint64_t ev_store_evidence_count(hr_txn_t *txn)
{
    return hr_store_count(txn, DB_EVIDENCE);
}

hr_rc_t ev_store_case_each(hr_txn_t *txn, const char *case_id, size_t max, ev_each_fn *fn,
                           void *arg, bool *more)
{
    *more = false;
    if (!case_id || strlen(case_id) != HR_ID_LEN)
        return HR_OK;
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), s_dbi(txn, DB_BY_CASE), &cursor));
    if (rc)
        return rc;
    MDB_val key = {.mv_size = HR_ID_LEN, .mv_data = (void *)case_id}, val;
    size_t count = 0;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
    while (mrc == 0) {
        if (key.mv_size != BY_CASE_KEY_LEN || memcmp(key.mv_data, case_id, HR_ID_LEN))
            break;
        if (count == max) {
            *more = true;
            break;
        }
        char id[EV_ID_HEX + 1];
        memcpy(id, (const char *)key.mv_data + HR_ID_LEN, EV_ID_HEX);
        id[EV_ID_HEX] = '\0';
        rc = fn(arg, id);
        if (rc)
            break;
        count++;
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cursor);
    return rc;
}

hr_rc_t ev_store_evidence_each_after(hr_txn_t *txn, const char *after, size_t max, ev_each_fn *fn,
                                     void *arg)
{
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), s_dbi(txn, DB_EVIDENCE), &cursor));
    if (rc)
        return rc;
    MDB_val key = {strlen(after), (void *)after}, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, *after ? MDB_SET_RANGE : MDB_FIRST);
    if (mrc == 0 && *after && key.mv_size == strlen(after) &&
        !memcmp(key.mv_data, after, key.mv_size))
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    size_t n = 0;
    while (mrc == 0 && (max == 0 || n < max)) {
        if (key.mv_size == EV_ID_HEX) {
            char id[EV_ID_HEX + 1];
            memcpy(id, key.mv_data, EV_ID_HEX);
            id[EV_ID_HEX] = '\0';
            rc = fn(arg, id);
            if (rc)
                break;
            n++;
        }
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    if (!rc && mrc && mrc != MDB_NOTFOUND)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cursor);
    return rc;
}

hr_rc_t ev_store_evidence_each(hr_txn_t *txn, ev_each_fn *fn, void *arg)
{
    return ev_store_evidence_each_after(txn, "", 0, fn, arg);
}

hr_rc_t ev_store_blob_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                          Hr__Evidence__Blob **out)
{
    if (!ev_id_is_valid(id))
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, DB_BLOBS, id, EV_ID_HEX, &hr__evidence__blob__descriptor, arena,
                           (void **)out);
}

hr_rc_t ev_store_blob_put(hr_txn_t *txn, const char *id, const Hr__Evidence__Blob *b)
{
    return hr_store_put_pb(txn, DB_BLOBS, id, EV_ID_HEX, &b->base, 0);
}

hr_rc_t ev_store_case_get(hr_txn_t *txn, const char *case_id, hr_arena_t *arena,
                          Hr__Evidence__CaseInfo **out)
{
    if (!case_id || !*case_id)
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, DB_CASES, case_id, strlen(case_id),
                           &hr__evidence__case_info__descriptor, arena, (void **)out);
}

hr_rc_t ev_store_case_get_or_new(hr_txn_t *txn, const char *case_id, hr_arena_t *arena,
                                 Hr__Evidence__CaseInfo **out)
{
    hr_rc_t rc = ev_store_case_get(txn, case_id, arena, out);
    if (rc != HR_ENOTFOUND)
        return rc;
    *out = hr_arena_alloc(arena, sizeof **out);
    hr__evidence__case_info__init(*out);
    (*out)->case_id = hr_arena_strdup(arena, case_id);
    return HR_OK;
}

// Schema 1 -> 2: a dispute's hold was the case's one hold flag, placed by "workflow"; it becomes
// the dispute's own hold (dispute_held), so that HR lifting a hold of theirs leaves it. The
// case stays held throughout: nothing to audit, the chain keeps the original "hold" entry.
static int s_pick_dispute_hold(const void *key, size_t klen, const ProtobufCMessage *msg, void *arg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    HR_UNUSED(arg);
    const Hr__Evidence__CaseInfo *c = (const Hr__Evidence__CaseInfo *)msg;
    return c->held && !strcmp(c->held_by, "workflow");
}

hr_rc_t ev_store_migrate_dispute_holds(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    hr_record_t *moved = NULL;
    size_t n = 0;
    hr_rc_t rc = hr_store_collect(txn, DB_CASES, NULL, 0, &hr__evidence__case_info__descriptor,
                                  s_pick_dispute_hold, NULL, arena, &moved, &n);
    for (size_t i = 0; i < n && !rc; i++) {
        Hr__Evidence__CaseInfo *c = moved[i].msg;
        c->dispute_held = true;
        c->dispute_held_ms = c->held_ms;
        c->held = false;
        c->hold_reason = "";
        c->held_by = "";
        c->held_ms = 0;
        rc = ev_store_case_put(txn, c);
    }
    if (!rc && n)
        hr_info("store.migrated", "dispute_holds=%zu", n);
    hr_arena_destroy(&arena);
    return rc;
}

// Schema 2 -> 3: the people db is new (hr_store_open made it) and starts empty. The workflow's
// own upgrade to its schema 3 appends every person's roles once, and this service learns them
// from the log as it learns every later change. The bump is what keeps an older daemon off the
// store: it would pass those events over, move the cursor past them and leave the roles stale.
// Schema 2 -> 3 (the people table): the workflow's event log is read again from its start for
// workflow.RolesChanged alone. A daemon of the previous version still running when hr-workflow
// published its directory (its own 2 -> 3) passed those events over as none of its business and
// moved its cursor past them: without this the directory would never reach this service.
hr_rc_t ev_store_migrate_people(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint64_t seq = 0;
    hr_rc_t rc = hr_consumer_cursor_get(txn, EV_WORKFLOW_SOURCE, &seq);
    if (rc || !seq)
        return rc;
    uint8_t v[8];
    hr_be64_put(v, seq);
    rc = hr_store_put(txn, DB_META, META_ROLES_REPLAY, strlen(META_ROLES_REPLAY), v, sizeof v, 0);
    if (!rc)
        rc = hr_store_del(txn, HR_DB_CURSORS, EV_WORKFLOW_SOURCE, strlen(EV_WORKFLOW_SOURCE));
    if (!rc)
        hr_info("store.migrated", "what=workflow events read again for roles until_seq=%llu",
                (unsigned long long)seq);
    return rc;
}

static uint64_t s_meta_seq(hr_txn_t *txn, const char *key)
{
    MDB_val v;
    if (hr_store_get(txn, DB_META, key, strlen(key), &v) || v.mv_size != 8)
        return 0;
    return hr_be64_get(v.mv_data);
}

uint64_t ev_store_roles_replay_until(hr_txn_t *txn)
{
    return s_meta_seq(txn, META_ROLES_REPLAY);
}

// Schema 4 -> 5: a case's employee reads its records once the company told them of the case
// (CaseInfo.employee_told_ms), which this service learns from the workflow's log. A daemon of
// the previous version applied those events as none of its business: the log is read again
// from its start for them alone, up to where it had read (or, coming from schema 2 in the same
// upgrade, up to where the roles are read again to: that migration moved the cursor already).
hr_rc_t ev_store_migrate_told(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint64_t seq = 0;
    hr_rc_t rc = hr_consumer_cursor_get(txn, EV_WORKFLOW_SOURCE, &seq);
    if (rc)
        return rc;
    bool cursor = seq > 0;
    uint64_t roles = ev_store_roles_replay_until(txn);
    if (roles > seq)
        seq = roles;
    if (!seq)
        return HR_OK;
    uint8_t v[8];
    hr_be64_put(v, seq);
    rc = hr_store_put(txn, DB_META, META_TOLD_REPLAY, strlen(META_TOLD_REPLAY), v, sizeof v, 0);
    if (!rc && cursor)
        rc = hr_store_del(txn, HR_DB_CURSORS, EV_WORKFLOW_SOURCE, strlen(EV_WORKFLOW_SOURCE));
    if (!rc)
        hr_info("store.migrated", "what=workflow events read again for who was told until_seq=%llu",
                (unsigned long long)seq);
    return rc;
}

// Schema 5 -> 6: nothing in the store changes. The shred ledger (ev_ledger.c) came after
// schema 5, and a schema-5 binary started on this store - someone going back a version -
// would neither append to it nor re-shred from it: a backup restored then would bring back
// records shredded since. The new number makes that binary refuse the store, naming the way
// back (common/hr_store.c); the ledger itself is read at every start (ev_ledger_reconcile).
hr_rc_t ev_store_migrate_ledger(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(txn);
    HR_UNUSED(arg);
    hr_info("store.migrated", "what=records shredded are kept in the shred ledger too; binaries "
                              "before it refuse this store");
    return HR_OK;
}

uint64_t ev_store_told_replay_until(hr_txn_t *txn)
{
    return s_meta_seq(txn, META_TOLD_REPLAY);
}

// Schema 6 -> 7: the records a case's review cites as proof (CaseInfo.proof_evidence_ids) are
// learnt from the workflow's log: its review's StepCompleted, and the ProofCited its upgrade to
// schema 8 appends for the cases reviewed before StepCompleted named them. A daemon of the
// version before passed both over as none of its business (a schema-5 binary knew neither): the
// log is read again from its start for them alone, up to where it had read (or up to where an
// earlier step of the same upgrade reads again to: those moved the cursor already).
hr_rc_t ev_store_migrate_proof(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    uint64_t seq = 0;
    hr_rc_t rc = hr_consumer_cursor_get(txn, EV_WORKFLOW_SOURCE, &seq);
    if (rc)
        return rc;
    bool cursor = seq > 0;
    uint64_t earlier = ev_store_told_replay_until(txn);
    if (ev_store_roles_replay_until(txn) > earlier)
        earlier = ev_store_roles_replay_until(txn);
    if (earlier > seq)
        seq = earlier;
    if (!seq)
        return HR_OK;
    uint8_t v[8];
    hr_be64_put(v, seq);
    rc = hr_store_put(txn, DB_META, META_PROOF_REPLAY, strlen(META_PROOF_REPLAY), v, sizeof v, 0);
    if (!rc && cursor)
        rc = hr_store_del(txn, HR_DB_CURSORS, EV_WORKFLOW_SOURCE, strlen(EV_WORKFLOW_SOURCE));
    if (!rc)
        hr_info("store.migrated",
                "what=workflow events read again for the review's proof until_seq=%llu",
                (unsigned long long)seq);
    return rc;
}

uint64_t ev_store_proof_replay_until(hr_txn_t *txn)
{
    return s_meta_seq(txn, META_PROOF_REPLAY);
}

hr_rc_t ev_store_person_get(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                            Hr__Evidence__Person **out)
{
    if (!employee_no || !*employee_no)
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, DB_PEOPLE, employee_no, strlen(employee_no),
                           &hr__evidence__person__descriptor, arena, (void **)out);
}

hr_rc_t ev_store_person_put(hr_txn_t *txn, const Hr__Evidence__Person *p)
{
    return hr_store_put_pb(txn, DB_PEOPLE, p->employee_no, strlen(p->employee_no), &p->base, 0);
}

hr_rc_t ev_store_case_put(hr_txn_t *txn, const Hr__Evidence__CaseInfo *c)
{
    return hr_store_put_pb(txn, DB_CASES, c->case_id, strlen(c->case_id), &c->base, 0);
}

hr_rc_t ev_store_signing_key_get(hr_txn_t *txn, const char *user_id, hr_arena_t *arena,
                                 Hr__Evidence__SigningKey **out)
{
    if (!user_id || !*user_id || strlen(user_id) > 511)
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, DB_SIGNING_KEYS, user_id, strlen(user_id),
                           &hr__evidence__signing_key__descriptor, arena, (void **)out);
}

hr_rc_t ev_store_signing_key_put(hr_txn_t *txn, const Hr__Evidence__SigningKey *k)
{
    return hr_store_put_pb(txn, DB_SIGNING_KEYS, k->user_id, strlen(k->user_id), &k->base,
                           MDB_NOOVERWRITE);
}

hr_rc_t ev_store_due_scan(hr_txn_t *txn, int64_t now_ms, const ev_due_t *from, ev_due_t *out,
                          size_t max, size_t *n, bool *done)
{
    *n = 0;
    *done = false;
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), s_dbi(txn, DB_DUE), &cursor));
    if (rc)
        return rc;
    // Rows that stay (records on hold) must not fill every scan: it goes on after the row the
    // last one stopped at and, past the last row due, round from the first up to there.
    unsigned char start[DUE_KEY_LEN];
    bool resume = from && from->due_ms && ev_id_is_valid(from->id);
    if (resume)
        s_due_key(start, from->due_ms, from->id);
    MDB_val key = {sizeof start, start}, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, resume ? MDB_SET_RANGE : MDB_FIRST);
    if (resume && mrc == 0 && key.mv_size == DUE_KEY_LEN &&
        !memcmp(key.mv_data, start, DUE_KEY_LEN))
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    bool wrapped = !resume;
    size_t scanned = 0;
    while (*n < max && scanned < EV_SWEEP_SCAN) {
        if (mrc && mrc != MDB_NOTFOUND) {
            rc = hr_rc_from_mdb(mrc);
            break;
        }
        if (!mrc && key.mv_size != DUE_KEY_LEN) {
            hr_error("store.corrupt", "db=retention_due key_len=%zu", key.mv_size);
            rc = HR_EIO;
            break;
        }
        int64_t due = mrc ? 0 : (int64_t)hr_be64_get(key.mv_data);
        if (mrc || due > now_ms) { // keys sort by due time: nothing after this is due
            if (wrapped) {
                *done = true;
                break;
            }
            wrapped = true;
            mrc = mdb_cursor_get(cursor, &key, &val, MDB_FIRST);
            continue;
        }
        if (wrapped && resume && memcmp(key.mv_data, start, DUE_KEY_LEN) >= 0) {
            *done = true; // round to where this scan began
            break;
        }
        scanned++;
        out[*n].due_ms = due;
        memcpy(out[*n].id, (const char *)key.mv_data + 8, EV_ID_HEX);
        out[*n].id[EV_ID_HEX] = '\0';
        (*n)++;
        mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT);
    }
    mdb_cursor_close(cursor);
    return rc;
}

hr_rc_t ev_store_due_del(hr_txn_t *txn, int64_t due_ms, const char *id)
{
    unsigned char key[DUE_KEY_LEN];
    s_due_key(key, due_ms, id);
    return hr_store_del(txn, DB_DUE, key, sizeof key);
}

hr_rc_t ev_store_tombstone_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                               Hr__Evidence__Tombstone **out)
{
    if (!ev_id_is_valid(id))
        return HR_ENOTFOUND;
    return hr_store_get_pb(txn, DB_DELETED, id, EV_ID_HEX, &hr__evidence__tombstone__descriptor,
                           arena, (void **)out);
}

hr_rc_t ev_store_tombstone_put(hr_txn_t *txn, const Hr__Evidence__Tombstone *t)
{
    if (!ev_id_is_valid(t->id))
        return HR_EINVAL;
    return hr_store_put_pb(txn, DB_DELETED, t->id, EV_ID_HEX, &t->base, 0);
}

hr_rc_t ev_store_tombstone_each(hr_txn_t *txn, hr_arena_t *arena, hr_record_fn *fn, void *arg)
{
    return hr_store_each(txn, DB_DELETED, NULL, 0, &hr__evidence__tombstone__descriptor, arena, fn,
                         arg);
}

hr_rc_t ev_store_audit_each_after(hr_txn_t *txn, uint64_t after_seq, size_t max, hr_arena_t *arena,
                                  ev_audit_fn *fn, void *arg, uint64_t *last_seq, bool *end)
{
    *last_seq = after_seq;
    *end = false;
    MDB_cursor *cursor = NULL;
    hr_rc_t rc = hr_rc_from_mdb(mdb_cursor_open(hr_txn_mdb(txn), s_dbi(txn, DB_AUDIT), &cursor));
    if (rc)
        return rc;
    unsigned char kb[8];
    hr_be64_put(kb, after_seq + 1);
    MDB_val key = {sizeof kb, kb}, val;
    int mrc = mdb_cursor_get(cursor, &key, &val, MDB_SET_RANGE);
    size_t n = 0;
    for (; mrc == 0 && n < max; mrc = mdb_cursor_get(cursor, &key, &val, MDB_NEXT), n++) {
        uint64_t seq = key.mv_size == 8 ? hr_be64_get(key.mv_data) : 0;
        Hr__Evidence__AuditEntry *e = (Hr__Evidence__AuditEntry *)protobuf_c_message_unpack(
            &hr__evidence__audit_entry__descriptor, hr_arena_pb_allocator(arena), val.mv_size,
            val.mv_data);
        if (!e) {
            hr_error("store.corrupt", "db=audit seq=%llu", (unsigned long long)seq);
            rc = HR_EIO;
            break;
        }
        *last_seq = seq;
        rc = fn(arg, e);
        if (rc)
            break;
    }
    if (!rc && mrc == MDB_NOTFOUND)
        *end = true;
    else if (!rc && mrc)
        rc = hr_rc_from_mdb(mrc);
    mdb_cursor_close(cursor);
    return rc;
}

// Schema 3 -> 4: the deleted db is new. A record shredded before it existed left only its
// `delete` audit entry; each becomes a tombstone, so hr-evidence can say what was lawfully
// shredded (evidence.Deleted) where it said only "no such evidence".
typedef struct {
    hr_txn_t *txn; // the migration's
    size_t n;      // tombstones written
} s_tomb_ctx_t;

static hr_rc_t s_tombstone_from(void *arg, const Hr__Evidence__AuditEntry *e)
{
    s_tomb_ctx_t *ctx = arg;
    if (strcmp(e->action, "delete") || !ev_id_is_valid(e->evidence_id))
        return HR_OK;
    Hr__Evidence__Tombstone t = HR__EVIDENCE__TOMBSTONE__INIT;
    t.id = e->evidence_id;
    t.deleted_ms = e->at_ms;
    t.reason = "retention";
    t.audit_seq = e->seq;
    char *one[1] = {e->case_id};
    if (*e->case_id) {
        t.case_ids = one;
        t.n_case_ids = 1;
    }
    ctx->n++;
    return ev_store_tombstone_put(ctx->txn, &t);
}

hr_rc_t ev_store_migrate_tombstones(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    hr_arena_t *arena = hr_arena_new(0);
    s_tomb_ctx_t ctx = {txn, 0};
    uint64_t after = 0;
    bool end = false;
    hr_rc_t rc = HR_OK;
    while (!rc && !end) {
        hr_arena_reset(arena);
        rc = ev_store_audit_each_after(txn, after, 4096, arena, s_tombstone_from, &ctx, &after,
                                       &end);
    }
    if (!rc && ctx.n)
        hr_info("store.migrated", "tombstones=%zu", ctx.n);
    hr_arena_destroy(&arena);
    return rc;
}
