/*  ev_server - the evidence daemon: route table, start-up, sessions, the tick.
 *
 *  Start-up: read the config, load the master key from keys/master_file (outside store/dir; on
 *  a store with no evidence yet a missing key file is created 0600, on a store with evidence a
 *  missing or different key stops the daemon), check it against the key-check value in the
 *  store, make blobs/ and tmp/, remove every temp file (an upload that was running when the
 *  daemon died) and every blob file no record references (a crash between rename and commit).
 *
 *  Uploads and downloads are sessions held in memory: a restart drops them, and the temp files
 *  they wrote are removed at the next start. The tick expires idle sessions, marks and audits
 *  blobs a read found corrupt, and runs the retention sweep.
 */
#define _XOPEN_SOURCE 700 // realpath
#include "ev.h"

#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define EV_KEY_FILE_MAX 4096
#define EV_MAX_BYTES_LIMIT (INT64_C(4) * 1024 * 1024 * 1024)
#define EV_RETENTION_DAYS_LIMIT 36500 // retention/<kind>_days: at most a hundred years

static const hr_route_t s_routes[] = {
    {"evidence.PutBegin", &hr__evidence__put_begin_request__descriptor,
     &hr__evidence__put_begin_reply__descriptor, HR_ROUTE_READ, ev_handle_put_begin},
    {"evidence.PutChunk", &hr__evidence__put_chunk_request__descriptor,
     &hr__evidence__put_chunk_reply__descriptor, HR_ROUTE_READ, ev_handle_put_chunk},
    {"evidence.PutEnd", &hr__evidence__put_end_request__descriptor,
     &hr__evidence__put_end_reply__descriptor, HR_ROUTE_WRITE, ev_handle_put_end},
    {"evidence.PutAbort", &hr__evidence__put_abort_request__descriptor,
     &hr__evidence__put_abort_reply__descriptor, HR_ROUTE_READ, ev_handle_put_abort},
    {"evidence.PutFacts", &hr__evidence__put_facts_request__descriptor,
     &hr__evidence__put_facts_reply__descriptor, HR_ROUTE_WRITE, ev_handle_put_facts},
    {"evidence.GetBegin", &hr__evidence__get_begin_request__descriptor,
     &hr__evidence__get_begin_reply__descriptor, HR_ROUTE_WRITE, ev_handle_get_begin},
    {"evidence.GetChunk", &hr__evidence__get_chunk_request__descriptor,
     &hr__evidence__get_chunk_reply__descriptor, HR_ROUTE_READ, ev_handle_get_chunk},
    {"evidence.Stat", &hr__evidence__stat_request__descriptor,
     &hr__evidence__stat_reply__descriptor, HR_ROUTE_WRITE, ev_handle_stat},
    {"evidence.List", &hr__evidence__list_request__descriptor,
     &hr__evidence__list_reply__descriptor, HR_ROUTE_WRITE, ev_handle_list},
    {"evidence.Verify", &hr__evidence__verify_request__descriptor,
     &hr__evidence__verify_reply__descriptor, HR_ROUTE_READ, ev_handle_verify},
    {"evidence.Sign", &hr__evidence__sign_request__descriptor,
     &hr__evidence__sign_reply__descriptor, HR_ROUTE_WRITE, ev_handle_sign},
    {"evidence.Hold", &hr__evidence__hold_request__descriptor,
     &hr__evidence__hold_reply__descriptor, HR_ROUTE_WRITE, ev_handle_hold},
    {"evidence.Release", &hr__evidence__hold_request__descriptor,
     &hr__evidence__hold_reply__descriptor, HR_ROUTE_WRITE, ev_handle_release},
    {"evidence.MarkSensitive", &hr__evidence__mark_sensitive_request__descriptor,
     &hr__evidence__mark_sensitive_reply__descriptor, HR_ROUTE_WRITE, ev_handle_mark_sensitive},
    {"evidence.CloseCase", &hr__evidence__close_case_request__descriptor,
     &hr__evidence__close_case_reply__descriptor, HR_ROUTE_WRITE, ev_handle_close_case},
    {"evidence.Deleted", &hr__evidence__deleted_request__descriptor,
     &hr__evidence__deleted_reply__descriptor, HR_ROUTE_READ, ev_handle_deleted},
    {"evidence.Export", &hr__evidence__export_request__descriptor,
     &hr__evidence__export_reply__descriptor, HR_ROUTE_WRITE, ev_handle_export},
    {"evidence.AuditExtract", &hr__evidence__audit_extract_request__descriptor,
     &hr__evidence__audit_extract_reply__descriptor, HR_ROUTE_READ, ev_handle_audit_extract},
    {"evidence.ServiceKey", &hr__evidence__service_key_request__descriptor,
     &hr__evidence__service_key_reply__descriptor, HR_ROUTE_READ, ev_handle_service_key},
    {"evidence.SignExport", &hr__evidence__sign_export_request__descriptor,
     &hr__evidence__sign_export_reply__descriptor, HR_ROUTE_WRITE, ev_handle_sign_export},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

static hr_rc_t s_start(void *self, hr_daemon_t *daemon)
{
    return ev_server_start(self, daemon);
}

static void s_stop(void *self)
{
    ev_server_stop(self);
}

static void s_tick(void *self)
{
    ev_server_tick(self);
}

static void s_status(void *arg, Hr__Sys__StatusReply *reply, hr_arena_t *arena)
{
    ev_server_t *self = arg;
    char hex[2 * EV_HASH_BYTES + 1];
    ev_hex(self->head.hash, EV_HASH_BYTES, hex);
    size_t open = 0;
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++)
        open += self->sessions[i] != NULL;
    reply->extra = hr_arena_alloc(arena, (7 + HR_SERVER_MAX_PARKED) * sizeof(char *));
    reply->extra[0] =
        hr_arena_fmt(arena, "chain_head=%llu:%s", (unsigned long long)self->head.seq, hex);
    reply->extra[1] = hr_arena_fmt(arena, "sessions_open=%zu", open);
    // Whose word hr and legal rest on: the workflow's directory, or (no peer) the caller's.
    reply->extra[2] =
        hr_arena_strdup(arena, self->workflow ? "roles=directory" : "roles=as_claimed");
    reply->n_extra = 3;
    // Records a restore brought back that the shred ledger said were deleted: shredded again.
    reply->extra[reply->n_extra++] =
        hr_arena_fmt(arena, "reshredded_at_start=%zu", self->reshredded);
    if (self->workflow) {
        hr_consumer_stats_t st;
        hr_consumer_stats(self->workflow, &st);
        reply->extra[reply->n_extra++] =
            hr_arena_fmt(arena, "workflow_events_applied=%llu", (unsigned long long)st.applied);
        reply->extra[reply->n_extra++] =
            hr_arena_fmt(arena, "workflow_events_skipped=%llu",
                         (unsigned long long)(self->events_skipped + st.poisoned));
    }
    // What an export's signature is checked against, and a letter prints (ev_export.c).
    reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "service_key_sha256=%s", self->service_fp);
    reply->n_extra +=
        ev_verify_progress(self, arena, reply->extra + reply->n_extra, HR_SERVER_MAX_PARKED);
}

// sys.Backup: the blob files are the other half of a backup. They are written once and never
// changed, and a blob is durable before its record commits, so every blob the store copy names
// is in blob_dir when the caller copies it after this reply. The master key is not named: it
// belongs apart from the backup.
static void s_backup(void *arg, Hr__Sys__BackupReply *reply, hr_arena_t *arena)
{
    ev_server_t *self = arg;
    char *abs = realpath(self->blob_dir, NULL);
    char *key = realpath(self->key_path, NULL);
    reply->n_extra = 2;
    reply->extra = hr_arena_alloc(arena, 2 * sizeof(char *));
    reply->extra[0] = hr_arena_fmt(arena, "blob_dir=%s", abs ? abs : self->blob_dir);
    reply->extra[1] = hr_arena_fmt(arena, "key_file=%s", key ? key : self->key_path);
    free(abs); // from realpath
    free(key);
}

// migrations[i] upgrades schema i+1 to i+2.
static hr_migration_fn *const s_migrations[] = {
    ev_store_migrate_dispute_holds, ev_store_migrate_people, ev_store_migrate_tombstones,
    ev_store_migrate_told,          ev_store_migrate_ledger, ev_store_migrate_proof};

const hr_service_t ev_service = {
    .name = "evidence",
    .routes = s_routes,
    .dbs = ev_store_dbs,
    .schema_version = 7,
    .migrations = s_migrations,
    .start = s_start,
    .stop = s_stop,
    .tick = s_tick,
    .status = s_status,
    .backup = s_backup,
};

char *ev_server_blob_path(ev_server_t *self, const char *id)
{
    char name[EV_ID_HEX + 1];
    ev_blob_name(&self->keys, id, name);
    return hr_strfmt("%s/%.2s/%s", self->blob_dir, name, name);
}

// Makes the 256 blob subdirectories (00 .. ff) up front, so that storing a blob never has to
// make and sync a directory on the way. -1 (errno set) when one cannot be made.
static int s_make_fanout(ev_server_t *self)
{
    for (int i = 0; i < 256; i++) {
        char *dir = hr_strfmt("%s/%02x", self->blob_dir, i);
        int rc = ev_dir_make(dir);
        hr_free(dir);
        if (rc)
            return -1;
    }
    return 0;
}

// The default key file: <parent of store/dir>/keys/evidence.key, beside the store, not in it.
static char *s_default_key_path(const char *store_dir)
{
    char *copy = hr_strdup(store_dir);
    char *path = hr_strfmt("%s/keys/evidence.key", dirname(copy));
    hr_free(copy);
    return path;
}

static bool s_store_is_empty(hr_store_t *store)
{
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_read(store, &txn))
        return false;
    ev_head_t head;
    bool empty =
        ev_store_evidence_count(txn) == 0 && ev_store_head(txn, &head) == HR_OK && head.seq == 0;
    hr_txn_abort(&txn);
    return empty;
}

static hr_rc_t s_create_key(const char *path)
{
    char *copy = hr_strdup(path);
    int mk = hr_mkdirs(dirname(copy), 0700);
    hr_free(copy);
    if (mk)
        return HR_EIO;
    unsigned char master[EV_KEY_BYTES];
    char hex[2 * EV_KEY_BYTES + 2];
    randombytes_buf(master, sizeof master);
    ev_hex(master, sizeof master, hex);
    sodium_memzero(master, sizeof master);
    size_t len = strlen(hex);
    hex[len] = '\n';
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return HR_EIO;
    bool ok = write(fd, hex, len + 1) == (ssize_t)(len + 1) && fsync(fd) == 0;
    close(fd);
    sodium_memzero(hex, sizeof hex);
    return ok ? HR_OK : HR_EIO;
}

// Loads the master key into self->keys. Returns 0, or -1 with the reason logged.
static int s_load_key(ev_server_t *self, const char *path, const char *store_dir)
{
    char real_store[PATH_MAX], real_key_dir[PATH_MAX];
    struct stat st;
    if (stat(path, &st) && errno == ENOENT) {
        if (!s_store_is_empty(self->store)) {
            hr_error("key.missing",
                     "path=%s reason=the store holds evidence; refusing to start "
                     "without its key",
                     path);
            return -1;
        }
        if (s_create_key(path)) {
            hr_error("key.create_failed", "path=%s errno=%d", path, errno);
            return -1;
        }
        hr_warn("key.created", "path=%s reason=first start with an empty store", path);
    }
    char *copy = hr_strdup(path);
    bool inside = false;
    if (realpath(store_dir, real_store) && realpath(dirname(copy), real_key_dir)) {
        size_t n = strlen(real_store);
        inside = !strncmp(real_key_dir, real_store, n) &&
                 (real_key_dir[n] == '/' || real_key_dir[n] == '\0');
    }
    hr_free(copy);
    if (inside) {
        hr_error("key.inside_store", "path=%s reason=the key must live outside store/dir", path);
        return -1;
    }
    unsigned mode = 0;
    switch (ev_key_load(path, &self->keys, &mode)) {
    case EV_KEY_LOADED:
        return 0;
    case EV_KEY_MISSING:
        hr_error("key.unreadable", "path=%s reason=not a regular file", path);
        return -1;
    case EV_KEY_EXPOSED:
        hr_error("key.exposed", "path=%s mode=%o reason=readable by others; chmod 600", path, mode);
        return -1;
    case EV_KEY_INVALID:
        break;
    }
    hr_error("key.invalid", "path=%s reason=expected 64 hex characters or 32 raw bytes", path);
    return -1;
}

ev_key_status_t ev_key_load(const char *path, ev_keys_t *keys, unsigned *mode_out)
{
    struct stat st;
    if (stat(path, &st) || !S_ISREG(st.st_mode))
        return EV_KEY_MISSING;
    *mode_out = (unsigned)(st.st_mode & 07777);
    if (st.st_mode & 077)
        return EV_KEY_EXPOSED;
    char *buf = NULL;
    size_t len = 0;
    hr_rc_t rc = hr_file_read(path, EV_KEY_FILE_MAX, &buf, &len);
    unsigned char master[EV_KEY_BYTES];
    bool ok = !rc && len > 0 && ev_key_parse((const unsigned char *)buf, len, master);
    if (buf)
        sodium_memzero(buf, len);
    hr_free(buf);
    if (!ok)
        return EV_KEY_INVALID;
    ev_keys_derive(master, keys);
    sodium_memzero(master, sizeof master);
    return EV_KEY_LOADED;
}

// Checks the key against the store's key-check value (stamping a fresh store). 0 or -1.
static int s_check_key(ev_server_t *self)
{
    unsigned char want[EV_HASH_BYTES], have[EV_HASH_BYTES];
    ev_key_check_value(&self->keys, want);
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_write(self->store, &txn))
        return -1;
    hr_rc_t rc = ev_store_key_check_get(txn, have);
    if (rc == HR_ENOTFOUND) {
        rc = ev_store_key_check_put(txn, want);
        if (!rc)
            rc = hr_txn_commit(&txn);
        hr_txn_abort(&txn);
        return rc ? -1 : 0;
    }
    hr_txn_abort(&txn);
    if (rc || sodium_memcmp(want, have, sizeof want)) {
        hr_error("key.mismatch", "reason=keys/master_file is not the key this store was made with");
        return -1;
    }
    return 0;
}

// Removes every file in dir (temp files of uploads that never finished).
static void s_clean_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = hr_strfmt("%s/%s", dir, e->d_name);
        if (!unlink(p))
            removed++;
        hr_free(p);
    }
    closedir(d);
    if (removed) {
        ev_dir_sync(dir);
        hr_info("upload.temp_removed", "files=%zu", removed);
    }
}

typedef struct {
    ev_server_t *self; // borrowed
    hr_txn_t *txn;     // borrowed
    hr_arena_t *arena; // borrowed
    zhashx_t *files;   // borrowed: referenced file names
} s_orphan_ctx_t;

static hr_rc_t s_collect_file(void *arg, const char *id)
{
    s_orphan_ctx_t *ctx = arg;
    Hr__Evidence__Blob *b = NULL;
    hr_arena_reset(ctx->arena);
    if (ev_store_blob_get(ctx->txn, id, ctx->arena, &b) == HR_OK && b->file)
        zhashx_insert(ctx->files, b->file, (void *)1);
    return HR_OK;
}

// A blob the audit chain says is stored is kept even when its record is gone (removed behind
// the service's back): it is evidence of what was there, and verify names the record.
static hr_rc_t s_keep_live(void *arg, const char *id, uint64_t seq)
{
    s_orphan_ctx_t *ctx = arg;
    Hr__Evidence__Evidence *e = NULL;
    hr_arena_reset(ctx->arena);
    if (ev_store_evidence_get(ctx->txn, id, ctx->arena, &e) != HR_ENOTFOUND)
        return HR_OK;
    char name[EV_ID_HEX + 1];
    ev_blob_name(&ctx->self->keys, id, name);
    zhashx_insert(ctx->files, name, (void *)1);
    hr_error("blob.kept",
             "id=%s put_seq=%llu reason=no record, no delete in the audit log; run "
             "hrctl verify",
             id, (unsigned long long)seq);
    return HR_OK;
}

// Removes blob files no record references: renamed into place, then the commit never happened.
// A blob whose id the chain says is stored stays.
static void s_clean_orphans(ev_server_t *self)
{
    zhashx_t *files = zhashx_new();
    hr_arena_t *arena = hr_arena_new(0);
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_read(self->store, &txn))
        goto out;
    s_orphan_ctx_t ctx = {self, txn, arena, files};
    hr_rc_t rc = ev_store_evidence_each(txn, s_collect_file, &ctx);
    if (!rc)
        rc = ev_store_audit_live_each(txn, s_keep_live, &ctx);
    hr_txn_abort(&txn);
    if (rc)
        goto out;
    DIR *top = opendir(self->blob_dir);
    if (!top)
        goto out;
    size_t removed = 0;
    struct dirent *sub;
    while ((sub = readdir(top)) != NULL) {
        if (sub->d_name[0] == '.')
            continue;
        char *subdir = hr_strfmt("%s/%s", self->blob_dir, sub->d_name);
        DIR *d = opendir(subdir);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' || zhashx_lookup(files, e->d_name))
                continue;
            char *p = hr_strfmt("%s/%s", subdir, e->d_name);
            if (!ev_blob_shred(p)) // a sweep's blob its crash left, or an upload's never recorded
                removed++;
            hr_free(p);
        }
        if (d)
            closedir(d);
        ev_dir_sync(subdir);
        hr_free(subdir);
    }
    closedir(top);
    if (removed)
        hr_warn("blob.orphans_removed", "files=%zu", removed);
out:
    hr_arena_destroy(&arena);
    zhashx_destroy(&files);
}

hr_rc_t ev_server_start(ev_server_t *self, hr_daemon_t *daemon)
{
    hr_config_t *config = hr_daemon_config(daemon);
    self->daemon = daemon;
    self->store = hr_daemon_store(daemon);
    self->clock = hr_daemon_clock(daemon);
    const char *store_dir = hr_store_dir(self->store);
    self->max_bytes = (uint64_t)hr_config_int(config, "upload/max_bytes", EV_DEFAULT_MAX_BYTES, 1,
                                              EV_MAX_BYTES_LIMIT);
    self->idle_ms =
        hr_config_int(config, "upload/idle_timeout_ms", EV_DEFAULT_IDLE_MS, 100, HR_DAY_MS);
    self->keep_max =
        (uint64_t)hr_config_int(config, "download/keep_max_bytes", EV_KEEP_MAX, 0, EV_KEEP_TOTAL);
    int64_t def_days = hr_config_int(config, "retention/default_days", EV_DEFAULT_RETENTION_DAYS, 0,
                                     EV_RETENTION_DAYS_LIMIT);
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        char *key = hr_strfmt("retention/%s_days", ev_kinds[k]);
        self->retention_days[k] = hr_config_int(config, key, def_days, 0, EV_RETENTION_DAYS_LIMIT);
        hr_free(key);
    }
    const char *kinds = hr_config_str(config, "access/employee_kinds", EV_EMPLOYEE_KINDS_DEFAULT);
    char *not_kind = NULL;
    if (ev_employee_kinds_parse(kinds, self->employee_reads, &not_kind)) {
        fprintf(stderr, "hr-evidence: access/employee_kinds: '%s' is not an evidence kind\n",
                not_kind);
        hr_free(not_kind);
        return HR_EINVAL;
    }
    kinds = hr_config_str(config, "access/sensitive_kinds", EV_SENSITIVE_KINDS_DEFAULT);
    if (ev_employee_kinds_parse(kinds, self->sensitive_kinds, &not_kind)) {
        fprintf(stderr, "hr-evidence: access/sensitive_kinds: '%s' is not an evidence kind\n",
                not_kind);
        hr_free(not_kind);
        return HR_EINVAL;
    }
    char *def_key = s_default_key_path(store_dir);
    const char *key_path = hr_config_str(config, "keys/master_file", def_key);
    if (hr_config_error(config)) {
        hr_free(def_key);
        return HR_EINVAL; // the daemon names the key and the range
    }
    int bad = s_load_key(self, key_path, store_dir);
    char *kept = hr_strdup(key_path); // key_path may be def_key
    hr_free(def_key);
    if (bad || s_check_key(self)) {
        hr_free(kept);
        return HR_EINVAL;
    }
    self->key_path = kept;
    self->blob_dir = hr_strfmt("%s/blobs", store_dir);
    self->tmp_dir = hr_strfmt("%s/tmp", store_dir);
    if (ev_dir_make(self->blob_dir) || ev_dir_make(self->tmp_dir) || s_make_fanout(self)) {
        hr_error("blob.dir_failed", "dir=%s errno=%d", store_dir, errno);
        return HR_EIO;
    }
    self->pool = ev_pool_new();
    s_clean_tmp(self->tmp_dir);
    self->ledger_path = ev_ledger_path(kept);
    if (ev_ledger_reconcile(self))
        return HR_EIO; // a deletion the restore undid must not be served again
    s_clean_orphans(self);
    // The service key: made at the first start, checked against the master key at each.
    if (ev_service_key_start(self))
        return HR_EIO;
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_read(self->store, &txn);
    if (!rc)
        rc = ev_store_head(txn, &self->head);
    hr_txn_abort(&txn);
    if (rc)
        return rc;
    // The workflow's events: who works on which case, when a case closed, and the roles its
    // directory gives people (hr and legal count only as it gives them). Without a workflow
    // peer in the config the service still runs, as it did before it learnt any of that: only
    // HR, legal, operators and uploaders read records, retention starts only with
    // evidence.CloseCase, and the roles a caller claims are taken as claimed (a bench, a test
    // of this service alone; deploy/config has the peer: workflow.cfg beside this one).
    // A peer that is configured but cannot be followed (a bad endpoint, a missing CURVE key)
    // stops the start: taking claimed roles then would hand custodian power to anyone who
    // claims it on a deployment that meant to check them.
    char *werr = NULL;
    char *wpeer = hr_daemon_peer_endpoint(daemon, EV_WORKFLOW_SOURCE, &werr);
    if (!wpeer) {
        hr_warn("evidence.no_workflow", "reason=\"%s\" roles=as_claimed", werr ? werr : "?");
        hr_free(werr);
    } else {
        hr_free(wpeer);
        hr_free(werr);
        werr = NULL;
        self->workflow =
            hr_consumer_new_daemon(daemon, EV_WORKFLOW_SOURCE, ev_events_apply, self, &werr);
        if (!self->workflow) {
            hr_error("evidence.workflow_peer",
                     "problem=\"%s\" (peers/workflow is configured: "
                     "fix it, or remove it to run without the workflow)",
                     werr ? werr : "?");
            hr_free(werr);
            return HR_EINVAL;
        }
    }
    hr_info("evidence.started", "chain_seq=%llu max_bytes=%llu reshredded=%zu",
            (unsigned long long)self->head.seq, (unsigned long long)self->max_bytes,
            self->reshredded);
    return HR_OK;
}

void ev_server_stop(ev_server_t *self)
{
    ev_verify_free_all(self); // hr_daemon joined their threads before stop
    ev_fetch_free_all(self);
    ev_catch_up_free_all(self); // before the consumer their work read
    hr_consumer_destroy(&self->workflow);
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++)
        if (self->sessions[i])
            ev_session_drop(self, self->sessions[i]);
    ev_pool_destroy(&self->pool); // after the sessions: their writers gave their workers back
    ev_keys_wipe(&self->keys);
    hr_free(self->blob_dir);
    hr_free(self->tmp_dir);
    hr_free(self->key_path);
    hr_free(self->ledger_path);
}

ev_session_t *ev_session_find(ev_server_t *self, ev_session_kind_t kind, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++) {
        ev_session_t *s = self->sessions[i];
        if (s && s->kind == kind && !strcmp(s->id, id)) {
            s->touched_mono_ms = hr_clock_mono_ms(self->clock);
            return s;
        }
    }
    return NULL;
}

ev_session_t *ev_session_new(ev_server_t *self, ev_session_kind_t kind, const char *id,
                             const char *owner, bool custodian, int64_t now_ms, const char **why)
{
    // One user cannot take every slot, and uploads by users leave some to HR, legal and
    // operators and to downloads, so that evidence can still be read and stored.
    size_t open = 0, owned = 0;
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++) {
        const ev_session_t *s = self->sessions[i];
        open += s != NULL;
        owned += s && s->owner && !strcmp(s->owner, owner);
    }
    *why = NULL;
    if (open >= EV_MAX_SESSIONS)
        *why = "all transfers are in use";
    else if (!custodian && owned >= EV_SESSIONS_PER_OWNER)
        *why = "you have as many transfers open as one user may";
    else if (!custodian && kind == EV_SESSION_UPLOAD && open >= EV_MAX_SESSIONS - EV_SESSIONS_KEPT)
        *why = "the transfers left are kept for HR, legal and downloads";
    if (*why)
        return NULL;
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++) {
        if (self->sessions[i])
            continue;
        ev_session_t *s = hr_alloc(sizeof *s);
        s->kind = kind;
        s->owner = hr_strdup(owner);
        if (id)
            snprintf(s->id, sizeof s->id, "%s", id);
        else
            hr_id_make(now_ms, s->id);
        s->touched_mono_ms = hr_clock_mono_ms(self->clock);
        self->sessions[i] = s;
        return s;
    }
    return NULL;
}

void ev_session_drop(ev_server_t *self, ev_session_t *s)
{
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++)
        if (self->sessions[i] == s)
            self->sessions[i] = NULL;
    ev_writer_destroy(&s->writer); // removes the temp file unless it was renamed into place
    ev_reader_destroy(&s->reader);
    if (s->plain) {
        sodium_memzero(s->plain, s->plain_len);
        assert(self->kept_bytes >= s->plain_len);
        self->kept_bytes -= s->plain_len;
    }
    hr_free(s->plain);
    if (s->last_data)
        sodium_memzero(s->last_data, s->last_len);
    hr_free(s->last_data);
    hr_free(s->tmp_path);
    hr_free(s->case_id);
    hr_free(s->kind_name);
    hr_free(s->file_name);
    hr_free(s->declared_type);
    hr_free(s->supersedes);
    hr_free(s->uploader);
    hr_free(s->owner);
    hr_free(s);
}

void ev_server_note_corrupt(ev_server_t *self, const char *id, const char *reason)
{
    for (size_t i = 0; i < self->ncorrupt; i++)
        if (!strcmp(self->corrupt[i].id, id))
            return;
    if (self->ncorrupt >= EV_CORRUPT_QUEUE)
        return; // the next read or verify finds it again
    snprintf(self->corrupt[self->ncorrupt].id, sizeof self->corrupt[0].id, "%s", id);
    snprintf(self->corrupt[self->ncorrupt].reason, sizeof self->corrupt[0].reason, "%s", reason);
    self->corrupt[self->ncorrupt].unrecorded = false;
    self->ncorrupt++;
}

typedef struct {
    const ev_corrupt_t *c; // borrowed: the queued record
    int64_t now_ms;        // the audit entry's time
    hr_arena_t *arena;     // borrowed: scratch, reset on each run
    bool marked;           // out: marked now (false: gone, or corrupt already)
    ev_head_t head;        // out: the audit chain's head after it, when marked
} s_corrupt_t;

// The marking write of one record (hr_store_write: it may run twice, so it starts afresh).
static hr_rc_t s_mark_corrupt_write(hr_txn_t *txn, void *arg)
{
    s_corrupt_t *m = arg;
    const ev_corrupt_t *c = m->c;
    hr_arena_reset(m->arena);
    m->marked = false;
    Hr__Evidence__Evidence *e = NULL;
    if (ev_store_evidence_get(txn, c->id, m->arena, &e) ||
        e->state == HR__EVIDENCE__STATE__STATE_CORRUPT)
        return HR_OK; // gone, unreadable or marked already: nothing to mark
    e->state = HR__EVIDENCE__STATE__STATE_CORRUPT;
    e->corrupt_reason = (char *)c->reason;
    ev_audit_t a = {.actor = "hr-evidence",
                    .action = "corrupt",
                    .evidence_id = c->id,
                    .case_id = e->n_case_ids ? e->case_ids[0] : NULL,
                    .detail = c->reason};
    hr_rc_t rc = ev_store_evidence_put(txn, e, e->due_ms);
    if (!rc)
        rc = ev_store_audit(txn, m->now_ms, &a, &m->head);
    m->marked = !rc;
    return rc;
}

// Marks each queued record corrupt and audits it, one write transaction each. One that cannot
// be written stays queued for the next tick; the others go on.
static void s_mark_corrupt(ev_server_t *self, int64_t now_ms)
{
    hr_arena_t *arena = hr_arena_new(0);
    size_t kept = 0;
    for (size_t i = 0; i < self->ncorrupt; i++) {
        ev_corrupt_t *c = &self->corrupt[i];
        s_corrupt_t m = {.c = c, .now_ms = now_ms, .arena = arena};
        hr_rc_t rc = hr_store_write(self->store, s_mark_corrupt_write, &m);
        if (rc) {
            if (!c->unrecorded)
                hr_warn("evidence.corrupt_unrecorded",
                        "id=%s rc=%s (kept queued: tried again each tick)", c->id, hr_rc_name(rc));
            c->unrecorded = true;
            if (kept != i)
                self->corrupt[kept] = *c;
            kept++;
            continue;
        }
        if (m.marked) {
            self->head = m.head;
            hr_error("evidence.corrupt", "id=%s", c->id);
        }
    }
    self->ncorrupt = kept;
    hr_arena_destroy(&arena);
}

bool ev_case_is_held(const Hr__Evidence__CaseInfo *c)
{
    return c->held || c->dispute_held;
}

bool ev_cases_hold(hr_txn_t *txn, const Hr__Evidence__Evidence *e, hr_arena_t *arena)
{
    for (size_t i = 0; i < e->n_case_ids; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        if (ev_store_case_get(txn, e->case_ids[i], arena, &c) == HR_OK && ev_case_is_held(c))
            return true;
    }
    return false;
}

bool ev_kind_voided_by_rescission(const char *kind)
{
    return kind && (!strcmp(kind, "notice_letter") || !strcmp(kind, "termination_certificate"));
}

void ev_cases_void(hr_txn_t *txn, Hr__Evidence__Evidence *e, hr_arena_t *arena)
{
    e->void_ms = 0;
    e->void_case_id = (char *)"";
    e->void_cause = (char *)"";
    for (size_t i = 0; ev_kind_voided_by_rescission(e->kind) && i < e->n_case_ids; i++) {
        Hr__Evidence__CaseInfo *c = NULL;
        if (ev_store_case_get(txn, e->case_ids[i], arena, &c) != HR_OK)
            continue;
        // A reinstatement a later judgment set aside voids nothing: the termination stands.
        bool reinstated = c->reinstated_ms > 0 && !c->reinstatement_set_aside_ms;
        if (c->rescinded_ms > 0 || reinstated) {
            bool rescinded = c->rescinded_ms > 0;
            e->void_ms = rescinded ? c->rescinded_ms : c->reinstated_ms;
            e->void_case_id = e->case_ids[i];
            e->void_cause = rescinded ? (char *)"rescinded" : (char *)"reinstated";
            return;
        }
    }
}

// Crypto-shreds e in txn for reason (retention; restored_after_shred): the record, its key row
// and index rows go, a delete entry with detail is chained (*head: the head after it), a
// tombstone (no key, no content) says when and why for evidence.Deleted, and the shred ledger
// (outside the store, ev_ledger.c) holds it before the caller commits, so a restore of a backup
// taken before cannot bring it back for good. *path_out: the blob file to overwrite and remove
// after the commit (arena), NULL when none.
hr_rc_t ev_shred_record(ev_server_t *self, hr_txn_t *txn, Hr__Evidence__Evidence *e, int64_t now_ms,
                        const char *reason, const char *detail, hr_arena_t *arena,
                        const char **path_out, ev_head_t *head)
{
    Hr__Evidence__Blob *b = NULL;
    *path_out = NULL;
    if (ev_store_blob_get(txn, e->id, arena, &b) == HR_OK)
        *path_out = hr_arena_fmt(arena, "%s/%.2s/%s", self->blob_dir, b->file, b->file);
    ev_audit_t a = {.actor = "hr-evidence",
                    .action = "delete",
                    .evidence_id = e->id,
                    .case_id = e->n_case_ids ? e->case_ids[0] : NULL,
                    .detail = detail};
    hr_rc_t rc = ev_store_evidence_delete(txn, e);
    if (!rc)
        rc = ev_store_audit(txn, now_ms, &a, head);
    if (!rc) {
        Hr__Evidence__Tombstone t = HR__EVIDENCE__TOMBSTONE__INIT;
        t.id = e->id;
        t.deleted_ms = now_ms;
        t.reason = (char *)reason;
        t.audit_seq = head->seq;
        t.kind = e->kind;
        t.case_ids = e->case_ids;
        t.n_case_ids = e->n_case_ids;
        t.due_ms = e->due_ms;
        rc = ev_store_tombstone_put(txn, &t);
    }
    if (!rc)
        rc = ev_ledger_append(self, e->id, now_ms, reason, head);
    return rc;
}

typedef struct {
    ev_server_t *self; // borrowed
    const ev_due_t *d; // borrowed: the due row
    int64_t now_ms;    // the sweep's clock reading
    hr_arena_t *arena; // borrowed: scratch, reset on each run
    bool deleted;      // out: the record went (else: a stale row dropped, or kept: held)
    const char *path;  // out: its blob file (arena), NULL when none
    ev_head_t head;    // out: the audit chain's head after it, when deleted
} s_sweep_t;

// The write of one due row (hr_store_write: it may run twice, so it starts afresh each time).
static hr_rc_t s_sweep_write(hr_txn_t *txn, void *arg)
{
    s_sweep_t *w = arg;
    hr_arena_t *arena = w->arena;
    hr_arena_reset(arena);
    w->deleted = false;
    w->path = NULL;
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(txn, w->d->id, arena, &e);
    if (rc == HR_ENOTFOUND || (!rc && e->due_ms != w->d->due_ms))
        return ev_store_due_del(txn, w->d->due_ms, w->d->id); // a stale index row
    if (rc || e->held || ev_cases_hold(txn, e, arena))
        return HR_OK; // unreadable or held: nothing written, the commit is empty
    char iso[HR_TIME_ISO_LEN];
    rc = ev_shred_record(
        w->self, txn, e, w->now_ms, "retention",
        hr_arena_fmt(arena, "retention: due %s, key destroyed", hr_time_iso(e->due_ms, iso)), arena,
        &w->path, &w->head);
    w->deleted = !rc;
    return rc;
}

size_t ev_server_sweep(ev_server_t *self, int64_t now_ms)
{
    ev_due_t *due = hr_alloc(EV_SWEEP_SCAN * sizeof *due);
    size_t n = 0, deleted = 0, i = 0;
    bool done = false;
    hr_txn_t *txn = NULL;
    if (hr_txn_begin_read(self->store, &txn) == HR_OK) {
        if (ev_store_due_scan(txn, now_ms, &self->sweep_from, due, EV_SWEEP_SCAN, &n, &done))
            n = 0;
        hr_txn_abort(&txn);
    }
    hr_arena_t *arena = hr_arena_new(0);
    for (; i < n && deleted < EV_SWEEP_BATCH; i++) {
        self->sweep_from = due[i]; // the next scan goes on after the last row looked at
        s_sweep_t w = {.self = self, .d = &due[i], .now_ms = now_ms, .arena = arena};
        // A full map grows here: retention runs at night too, when no request grows it.
        hr_rc_t rc = hr_store_write(self->store, s_sweep_write, &w);
        if (rc) {
            hr_warn("retention.delete_failed", "id=%s rc=%s", due[i].id, hr_rc_name(rc));
            continue;
        }
        if (!w.deleted)
            continue;
        self->head = w.head;
        deleted++;
        if (w.path)
            ev_blob_shred(w.path); // the pad overwritten: the key row's old pages open nothing
        hr_info("evidence.deleted", "id=%s reason=retention", due[i].id);
    }
    if (i == n && done)
        memset(&self->sweep_from, 0, sizeof self->sweep_from); // came round: from the first
    hr_arena_destroy(&arena);
    hr_free(due);
    return deleted;
}

// Whether the retention sweep may run: only while this service knows it has read the workflow's
// log to its end - a reply that left nothing after its cursor, within EV_SWEEP_FRESH_MS (the
// consumer pulls every HR_CONSUMER_POLL_MS). A keeping end the workflow gave while this daemon was
// down, behind or cut off from it - a close, a redating, or the ends its upgrade to schema 6
// publishes for cases closed before closes carried one (the workflow migrates before it answers)
// - so reaches the case's row before the policy's count alone can shred a record, and a
// dispute's hold before a record of its case is due. Records wait longer, never shorter. No
// workflow peer: nothing to wait for.
static bool s_sweep_may_run(ev_server_t *self)
{
    if (!self->workflow)
        return true;
    hr_consumer_stats_t st;
    hr_consumer_stats(self->workflow, &st);
    bool fresh =
        st.caught_up && hr_clock_mono_ms(self->clock) - st.caught_up_mono_ms <= EV_SWEEP_FRESH_MS;
    if (fresh && self->sweep_waiting)
        hr_info("sweep.resumed", "reason=workflow_log_read");
    else if (!fresh && !self->sweep_waiting)
        hr_info("sweep.waiting", "reason=%s",
                st.caught_up ? "workflow_log_not_read_lately" : "workflow_log_not_read_yet");
    self->sweep_waiting = !fresh;
    return fresh;
}

void ev_server_tick(ev_server_t *self)
{
    int64_t mono = hr_clock_mono_ms(self->clock);
    for (size_t i = 0; i < EV_MAX_SESSIONS; i++) {
        ev_session_t *s = self->sessions[i];
        if (s && mono - s->touched_mono_ms > self->idle_ms) {
            hr_info(s->kind == EV_SESSION_UPLOAD ? "upload.expired" : "download.expired", "id=%s",
                    s->id);
            ev_session_drop(self, s);
        }
    }
    int64_t now_ms = hr_clock_now_ms(self->clock);
    if (self->ncorrupt)
        s_mark_corrupt(self, now_ms);
    if (s_sweep_may_run(self))
        ev_server_sweep(self, now_ms);
    if (self->head_stale) {
        // The workflow's events were audited in the consumer's own commits.
        hr_txn_t *txn = NULL;
        ev_head_t head;
        if (!hr_txn_begin_read(self->store, &txn) && !ev_store_head(txn, &head)) {
            self->head = head;
            self->head_stale = false;
        }
        hr_txn_abort(&txn);
    }
}
