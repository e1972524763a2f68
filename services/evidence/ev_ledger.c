/*  ev_ledger - the shred ledger: what was crypto-shredded, kept where a restore does not reach.
 *
 *  A backup of the store holds every record and wrapped key as they were; restoring one taken
 *  before a retention deletion brings the record back, readable, its audit entry gone. So each
 *  deletion is also written to a file beside the master key (keys/master_file + ".shredded"),
 *  outside store/dir: hrctl backup never copies it and hrctl restore never replaces it. The line
 *  is appended and fsynced inside the deletion's write, before its commit: no deletion commits
 *  that the ledger lacks. At start-up (ev_ledger_reconcile) every record the store holds that
 *  the ledger says was shredded after it was stored is shredded again and audited as a deletion
 *  (reason restored_after_shred); a deletion the store records and the ledger lacks (one made
 *  before the ledger existed) is added to it.
 *
 *  One line per deletion, append only:
 *      <blob name> <deleted_ms> <reason> <audit seq>:<audit entry hash hex>
 *  The blob name is the keyed BLAKE2b of the id (ev_blob_name), not the id: the file sits
 *  beside the key, not behind it, and an id (the content's SHA-256) would tell whoever reads it
 *  that a known file was once in evidence. A line that does not parse (a torn last write) is
 *  passed over, logged.
 */
#include "ev.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_LINE_MAX 256

char *ev_ledger_path(const char *key_path)
{
    return hr_strfmt("%s.shredded", key_path);
}

hr_rc_t ev_ledger_append(ev_server_t *self, const char *id, int64_t at_ms, const char *reason,
                         const ev_head_t *head)
{
    char name[EV_ID_HEX + 1], hex[2 * EV_HASH_BYTES + 1];
    ev_blob_name(&self->keys, id, name);
    ev_hex(head->hash, EV_HASH_BYTES, hex);
    char line[S_LINE_MAX];
    // line[0] is a line feed only when the file ends in a torn write (below).
    int len = snprintf(line, sizeof line, "\n%s %lld %s %llu:%s\n", name, (long long)at_ms, reason,
                       (unsigned long long)head->seq, hex);
    if (len <= 0 || (size_t)len >= sizeof line)
        return HR_EINVAL;
    bool fresh = access(self->ledger_path, F_OK) != 0;
    int fd = open(self->ledger_path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        hr_error("ledger.write_failed", "path=%s errno=%d", self->ledger_path, errno);
        return HR_EIO;
    }
    // A crash mid-append leaves a last line without its line feed: this line starts a new one
    // rather than joining it (the torn one is passed over when read).
    struct stat st;
    char last = '\n';
    if (!fstat(fd, &st) && st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1)
        last = '\n';
    const char *from = last == '\n' ? line + 1 : line;
    size_t n = (size_t)len - (size_t)(from - line);
    bool ok = write(fd, from, n) == (ssize_t)n && fsync(fd) == 0;
    int err = errno;
    close(fd);
    if (ok && fresh) {
        char *dir = hr_strdup(self->ledger_path);
        ok = ev_dir_sync(dirname(dir)) == 0;
        hr_free(dir);
    }
    if (!ok) {
        hr_error("ledger.write_failed", "path=%s errno=%d", self->ledger_path, err);
        return HR_EIO;
    }
    return HR_OK;
}

static void s_item_free(void **item)
{
    hr_free(*item);
    *item = NULL;
}

typedef struct {
    int64_t at_ms;   // the latest deletion of the blob name
    char reason[32]; // its reason
    char audit[96];  // "<seq>:<hash hex>" of its delete entry
} s_line_t;

// The ledger read into name -> s_line_t (owned by the hash); NULL when it cannot be read. A
// missing file is an empty ledger.
static zhashx_t *s_read(const char *path, size_t *bad_out)
{
    zhashx_t *lines = zhashx_new();
    zhashx_set_destructor(lines, s_item_free);
    *bad_out = 0;
    FILE *f = fopen(path, "re");
    if (!f) {
        if (errno == ENOENT)
            return lines;
        hr_error("ledger.read_failed", "path=%s errno=%d", path, errno);
        zhashx_destroy(&lines);
        return NULL;
    }
    char buf[S_LINE_MAX + 2];
    while (fgets(buf, sizeof buf, f)) {
        char name[EV_ID_HEX + 1], reason[32], audit[96];
        long long at = 0;
        if (!strchr(buf, '\n') ||
            sscanf(buf, "%64s %lld %31s %95s", name, &at, reason, audit) != 4 ||
            strlen(name) != EV_ID_HEX || at <= 0) {
            (*bad_out)++;
            continue;
        }
        s_line_t *old = zhashx_lookup(lines, name);
        if (old && old->at_ms >= at)
            continue;
        s_line_t *l = hr_alloc(sizeof *l);
        l->at_ms = at;
        snprintf(l->reason, sizeof l->reason, "%s", reason);
        snprintf(l->audit, sizeof l->audit, "%s", audit);
        zhashx_update(lines, name, l);
    }
    fclose(f);
    return lines;
}

typedef struct {
    const ev_keys_t *keys; // borrowed: the blob names' key
    hr_txn_t *txn;         // borrowed
    hr_arena_t *arena;     // borrowed: scratch
    zhashx_t *lines;       // borrowed: the ledger
    zlistx_t *again;       // borrowed: ids to shred again (owned strings)
    zlistx_t *missing;     // borrowed: ids of tombstones the ledger lacks (owned strings)
} s_scan_t;

// A record the ledger says was shredded after it was stored: back from a restore.
static hr_rc_t s_check_record(void *arg, const char *id)
{
    s_scan_t *s = arg;
    char name[EV_ID_HEX + 1];
    ev_blob_name(s->keys, id, name);
    s_line_t *l = zhashx_lookup(s->lines, name);
    if (!l)
        return HR_OK;
    Hr__Evidence__Evidence *e = NULL;
    hr_arena_reset(s->arena);
    if (ev_store_evidence_get(s->txn, id, s->arena, &e))
        return HR_OK;
    // The same bytes uploaded again after the deletion are a new record: it stays.
    if (e->uploaded_ms <= l->at_ms)
        zlistx_add_end(s->again, hr_strdup(id));
    return HR_OK;
}

static hr_rc_t s_check_tombstone(void *arg, const void *key, size_t klen, ProtobufCMessage *msg)
{
    HR_UNUSED(key);
    HR_UNUSED(klen);
    s_scan_t *s = arg;
    const Hr__Evidence__Tombstone *t = (const Hr__Evidence__Tombstone *)msg;
    char name[EV_ID_HEX + 1];
    ev_blob_name(s->keys, t->id, name);
    s_line_t *l = zhashx_lookup(s->lines, name);
    if (!l || l->at_ms < t->deleted_ms)
        zlistx_add_end(s->missing, hr_strdup(t->id));
    return HR_OK;
}

typedef struct {
    ev_server_t *self;    // borrowed
    const char *id;       // borrowed
    const s_line_t *line; // borrowed: the ledger's deletion of it
    int64_t now_ms;       // this start's clock reading
    hr_arena_t *arena;    // borrowed: scratch
    const char *path;     // out: its blob file (arena), NULL when none
    ev_head_t head;       // out: the chain head after the delete entry
} s_again_t;

// Shreds a record the ledger says was shredded: the key row, the record and its index rows go,
// a delete entry and a tombstone are written and the ledger gets its line, as the sweep does,
// whatever hold or due date the restored record carries (the deletion happened; the restore
// brought back a copy of what it destroyed).
static hr_rc_t s_again_write(hr_txn_t *txn, void *arg)
{
    s_again_t *w = arg;
    hr_arena_t *arena = w->arena;
    hr_arena_reset(arena);
    w->path = NULL;
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(txn, w->id, arena, &e);
    if (rc)
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    char iso[HR_TIME_ISO_LEN];
    return ev_shred_record(w->self, txn, e, w->now_ms, "restored_after_shred",
                           hr_arena_fmt(arena,
                                        "restored_after_shred: deleted for %s on %s (audit "
                                        "entry %s, shred ledger), the store read at start "
                                        "held it again (restored from an older backup); key "
                                        "destroyed again",
                                        w->line->reason, hr_time_iso(w->line->at_ms, iso),
                                        w->line->audit),
                           arena, &w->path, &w->head);
}

// The ledger line of a deletion the store records (its tombstone and delete entry).
static hr_rc_t s_backfill(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *id)
{
    Hr__Evidence__Tombstone *t = NULL;
    Hr__Evidence__AuditEntry *a = NULL;
    hr_arena_reset(arena);
    hr_rc_t rc = ev_store_tombstone_get(txn, id, arena, &t);
    if (rc)
        return rc;
    ev_head_t head = {.seq = t->audit_seq};
    if (!ev_store_audit_get(txn, t->audit_seq, arena, &a) && a->hash.len == EV_HASH_BYTES)
        memcpy(head.hash, a->hash.data, EV_HASH_BYTES);
    return ev_ledger_append(self, id, t->deleted_ms, t->reason[0] ? t->reason : "retention", &head);
}

hr_rc_t ev_ledger_reconcile(ev_server_t *self)
{
    size_t bad = 0;
    zhashx_t *lines = s_read(self->ledger_path, &bad);
    if (!lines)
        return HR_EIO;
    if (bad)
        hr_warn("ledger.lines_skipped", "path=%s lines=%zu reason=do not parse", self->ledger_path,
                bad);
    zlistx_t *again = zlistx_new(), *missing = zlistx_new();
    zlistx_set_destructor(again, s_item_free);
    zlistx_set_destructor(missing, s_item_free);
    hr_arena_t *arena = hr_arena_new(0), *scratch = hr_arena_new(0);
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_read(self->store, &txn);
    s_scan_t s = {&self->keys, txn, arena, lines, again, missing};
    if (!rc && zhashx_size(lines))
        rc = ev_store_evidence_each(txn, s_check_record, &s);
    if (!rc)
        rc = ev_store_tombstone_each(txn, scratch, s_check_tombstone, &s);
    // Deletions made before the ledger existed (or whose line a crash lost) join it first.
    size_t added = 0;
    for (const char *id = zlistx_first(missing); id && !rc; id = zlistx_next(missing))
        if (!(rc = s_backfill(self, txn, arena, id)))
            added++;
    hr_txn_abort(&txn);
    int64_t now_ms = hr_clock_now_ms(self->clock);
    for (const char *id = zlistx_first(again); id && !rc; id = zlistx_next(again)) {
        char name[EV_ID_HEX + 1];
        ev_blob_name(&self->keys, id, name);
        s_again_t w = {.self = self,
                       .id = id,
                       .line = zhashx_lookup(lines, name),
                       .now_ms = now_ms,
                       .arena = arena};
        rc = hr_store_write(self->store, s_again_write, &w);
        if (rc)
            break;
        self->reshredded++;
        if (w.path)
            ev_blob_shred(w.path);
        hr_warn("evidence.deleted", "id=%s reason=restored_after_shred shredded_ms=%lld audit=%s",
                id, (long long)w.line->at_ms, w.line->audit);
    }
    if (rc)
        hr_error("ledger.reconcile_failed", "path=%s rc=%s", self->ledger_path, hr_rc_name(rc));
    else
        hr_info("ledger.checked", "path=%s shredded=%zu reshredded=%zu added=%zu",
                self->ledger_path, zhashx_size(lines), self->reshredded, added);
    hr_arena_destroy(&scratch);
    hr_arena_destroy(&arena);
    zlistx_destroy(&missing);
    zlistx_destroy(&again);
    zhashx_destroy(&lines);
    return rc;
}

hr_rc_t ev_ledger_count_back(const ev_keys_t *keys, const char *ledger_path, hr_txn_t *txn,
                             size_t *shredded_out, size_t *back_out)
{
    *shredded_out = *back_out = 0;
    size_t bad = 0;
    zhashx_t *lines = s_read(ledger_path, &bad);
    if (!lines)
        return HR_EIO;
    zlistx_t *again = zlistx_new();
    zlistx_set_destructor(again, s_item_free);
    hr_arena_t *arena = hr_arena_new(0);
    s_scan_t s = {keys, txn, arena, lines, again, NULL};
    hr_rc_t rc = zhashx_size(lines) ? ev_store_evidence_each(txn, s_check_record, &s) : HR_OK;
    *shredded_out = zhashx_size(lines);
    *back_out = zlistx_size(again);
    hr_arena_destroy(&arena);
    zlistx_destroy(&again);
    zhashx_destroy(&lines);
    return rc;
}
