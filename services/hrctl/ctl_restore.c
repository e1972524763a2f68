/*  ctl_restore - `hrctl restore BACKUP_DIR [--store SERVICE=DIR]... [--key FILE] [--config-dir
 *  DIR]`: a backup hrctl backup made, put back. Every daemon must be stopped.
 *
 *  Where each store goes: --store when given, else where the backup's MANIFEST.txt says the
 *  daemon had it (each daemon reported its own store directory when the copy was taken, so
 *  systemd's HR_STORE_DIR and deploy/run.sh's var/ both come back right), else - for a
 *  manifest without those lines - store/dir from the daemon's config. The evidence master key:
 *  --key, else the MANIFEST's key line, else keys/master_file from evidence's config. The plan
 *  is printed before anything is done.
 *
 *  A backup whose MANIFEST says a store is MISSING or its files INCOMPLETE (hrctl backup failed
 *  for it) is refused naming them, unless --partial: then a MISSING store stays as it is and an
 *  INCOMPLETE one is restored with what it has.
 *
 *  All or nothing, in this order:
 *    1. Check: the backup whole (MANIFEST.txt, every daemon's data.mdb), not inside a store it
 *       replaces, the evidence master key where hr-evidence reads it (a backup never holds it;
 *       without it nothing restored would open) and mode 0600 (hr-evidence refuses a key others
 *       may read), and no daemon running: each existing store's daemon.lock is taken (a running
 *       daemon holds it) and kept until the end.
 *    2. Stage: each copy goes to a new directory beside its store (<store>.restore-XXXXXX),
 *       locked the same way, then everything is synced. The key must be the one the staged
 *       evidence store was made with (its key-check value, as hr-evidence checks at start: a
 *       new key made where none was would restore a store nobody can open), and every
 *       evidence id a case in the staged workflow store lists must be in the staged evidence
 *       store (else refused naming each, unless --partial). A staged copy's event cursor
 *       beyond the staged producer's log (a consumer copied after its producer) is set back to
 *       that log's last seq (hr_consumer_cursor_rewind), said. The staged notify store gets a
 *       hold on sending ("restored from backup DIR"; not with --no-hold): what was queued at
 *       backup time waits until an operator has looked (hrctl notify outbox) and released it,
 *       instead of reaching the people a second time when hr-notify starts. Any failure
 *       removes the staged copies: nothing was changed.
 *    3. Swap: each store is renamed aside to <store>.before-restore-<UTC>-XXXXXX (never
 *       deleted: a restore over the wrong place can be undone) and its staged copy renamed in.
 *       A rename that fails puts back every store swapped so far.
 *  Exit 0 when restored, 1 when it failed (and nothing changed), 2 for usage or a check that
 *  failed.
 */
#define _GNU_SOURCE // syncfs, mkdtemp
#include "ctl.h"
#include "ev.h"
#include "hr.h"
#include "nt.h"
#include "wf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CTL_RESTORE_MAX 8          // stores (the six daemons)
#define CTL_MANIFEST_MAX (1 << 20) // bytes of MANIFEST.txt at most

typedef struct {
    const char *service; // borrowed: ctl_services
    char *target;        // owned: the store directory to fill (its realpath when it exists)
    const char *whence;  // borrowed: where target came from ("--store", "MANIFEST.txt", ...)
    char *from;          // owned: BACKUP/<service>/data.mdb
    char *staging;       // owned: the staged copy; NULL until made
    char *aside;         // owned: where the store as it was went; NULL while it is in place
    int lock_fd;         // the store's daemon.lock, held; -1 when there was no store
    int staging_lock_fd; // the staged copy's daemon.lock, held (it becomes the store's)
    bool swapped;        // the staged copy is the store now
} s_store_t;

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl restore BACKUP_DIR [--store SERVICE=DIR]... [--key FILE] "
                    "[--use-config] [--partial] [--no-hold] [--config-dir DIR]\n"
                    "  every daemon stopped first (deploy/run.sh --stop); stores are moved\n"
                    "  aside, never deleted; the evidence key must be in place first\n");
    return CTL_EXIT_USAGE;
}

static int s_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    HR_UNUSED(sb);
    HR_UNUSED(flag);
    HR_UNUSED(ftw);
    return remove(path);
}

// Removes a staged copy we made (never a store).
static void s_rmtree(const char *dir)
{
    nftw(dir, s_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

// MANIFEST.txt as an owned string, NULL when it cannot be read whole (a manifest cut short
// could hide a MISSING or INCOMPLETE line).
static char *s_manifest(const char *backup)
{
    char *path = hr_strfmt("%s/MANIFEST.txt", backup);
    char *text = NULL;
    size_t len = 0;
    hr_rc_t rc = hr_file_read(path, CTL_MANIFEST_MAX, &text, &len);
    hr_free(path);
    return rc ? NULL : text;
}

// The value of the MANIFEST line "<word> <service> <value>" (service NULL: "<word> <value>"),
// owned, or NULL.
static char *s_manifest_value(const char *text, const char *word, const char *service)
{
    char *prefix = service ? hr_strfmt("%s %s ", word, service) : hr_strfmt("%s ", word);
    size_t plen = strlen(prefix);
    char *out = NULL;
    for (const char *line = text; line && *line && !out;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > plen && !strncmp(line, prefix, plen))
            out = hr_strndup(line + plen, len - plen);
        line = end ? end + 1 : NULL;
    }
    hr_free(prefix);
    return out;
}

// What MANIFEST.txt says did not make it into the backup for service: "MISSING" (no copy of
// its store), "INCOMPLETE" (its store, but blob or imported files that did not copy), or NULL.
static const char *s_manifest_gap(const char *text, const char *service)
{
    size_t slen = strlen(service);
    const char *gap = NULL;
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > slen && !strncmp(line, service, slen) && line[slen] == ' ') {
            char *copy = hr_strndup(line, len);
            if (strstr(copy, " MISSING"))
                gap = "MISSING";
            else if (strstr(copy, " INCOMPLETE") && !gap)
                gap = "INCOMPLETE";
            hr_free(copy);
        }
        line = end ? end + 1 : NULL;
    }
    return gap;
}

// Takes <dir>/daemon.lock as a daemon would; -1 with a message when a daemon holds it.
static int s_lock(const char *dir, const char *service, int *fd)
{
    char *path = hr_strfmt("%s/daemon.lock", dir);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    int rc = 0;
    if (*fd < 0) {
        fprintf(stderr, "hrctl restore: %s: %s\n", path, strerror(errno));
        rc = -1;
    } else if (flock(*fd, LOCK_EX | LOCK_NB)) {
        fprintf(stderr,
                "hrctl restore: hr-%s is running on %s; stop every daemon first "
                "(deploy/run.sh --stop, or systemctl stop hr.target)\n",
                service, dir);
        close(*fd);
        *fd = -1;
        rc = -1;
    }
    hr_free(path);
    return rc;
}

static bool s_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

// Takes <dir>/daemon.lock when nobody holds it: 0 with *fd, else -1 (nothing said).
static int s_lock_quiet(const char *dir, int *fd)
{
    char *path = hr_strfmt("%s/daemon.lock", dir);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    hr_free(path);
    if (*fd >= 0 && flock(*fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
    return -1;
}

// a and b name the same place: their real paths when they exist, else as written.
static bool s_same_path(const char *a, const char *b)
{
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = !strcmp(ra ? ra : a, rb ? rb : b);
    free(ra); // from realpath
    free(rb);
    return same;
}

// Step 1 for one store: where it goes, the backup's copy there, the store not in use.
static int s_check(s_store_t *st, const char *backup, const char *manifest, const char *config_dir,
                   const char *const *overrides, size_t noverrides, bool use_config)
{
    struct stat sb;
    st->from = hr_strfmt("%s/%s/data.mdb", backup, st->service);
    if (stat(st->from, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0) {
        fprintf(stderr, "hrctl restore: %s is missing; the backup is not whole\n", st->from);
        return -1;
    }
    size_t slen = strlen(st->service);
    for (size_t i = 0; i < noverrides && !st->target; i++)
        if (!strncmp(overrides[i], st->service, slen) && overrides[i][slen] == '=') {
            st->target = hr_strdup(overrides[i] + slen + 1);
            st->whence = "--store";
        }
    char *was = s_manifest_value(manifest, "store", st->service);
    char *here = ctl_config_file_path(config_dir, st->service, "store/dir");
    int rc = 0;
    if (st->target) {
        // --store
    } else if (use_config) {
        st->target = here;
        here = NULL;
        st->whence = "its config (--use-config)";
    } else if (was && here && !s_same_path(was, here)) {
        fprintf(stderr,
                "hrctl restore: the backup's %s store was at %s, but %s/%s.cfg says %s: "
                "choose with --store %s=DIR, or --use-config (every store and the key where "
                "this machine's config says); nothing was changed\n",
                st->service, was, config_dir, st->service, here, st->service);
        rc = -1;
    } else if (was) {
        st->target = was;
        was = NULL;
        st->whence = "MANIFEST.txt";
    } else if (here) {
        st->target = here;
        here = NULL;
        st->whence = "its config (the backup names no place)";
    }
    hr_free(was);
    hr_free(here);
    if (rc)
        return rc;
    if (!st->target || st->target[0] != '/') {
        fprintf(stderr, "hrctl restore: no absolute store directory for %s (--store %s=DIR)\n",
                st->service, st->service);
        return -1;
    }
    char *parent = hr_strdup(st->target);
    bool has_parent = s_is_dir(dirname(parent));
    hr_free(parent);
    if (!has_parent && !strcmp(st->whence, "MANIFEST.txt")) {
        // Another machine's layout: its directories are not made here unasked.
        fprintf(stderr,
                "hrctl restore: the backup's %s store was at %s, whose parent is not here: "
                "choose with --store %s=DIR or --use-config\n",
                st->service, st->target, st->service);
        return -1;
    }
    if (s_is_dir(st->target)) {
        char *real = realpath(st->target, NULL);
        if (real) {
            hr_free(st->target);
            st->target = hr_strdup(real);
            free(real); // from realpath
        }
        if (s_lock(st->target, st->service, &st->lock_fd))
            return -1;
    }
    return 0;
}

// Removes the staged copies an interrupted restore left beside target ("<store>.restore-XXXXXX"
// whose daemon.lock nobody holds), saying so.
static void s_remove_stale(const char *target, const char *service)
{
    char *copy = hr_strdup(target);
    char *parent = hr_strdup(dirname(copy));
    hr_free(copy);
    copy = hr_strdup(target);
    char *prefix = hr_strfmt("%s.restore-", basename(copy));
    size_t plen = strlen(prefix);
    DIR *d = opendir(parent);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
        if (strncmp(e->d_name, prefix, plen) || strlen(e->d_name) != plen + 6)
            continue;
        char *stale = hr_strfmt("%s/%s", parent, e->d_name);
        int fd = -1;
        if (s_is_dir(stale) && s_lock_quiet(stale, &fd) == 0) {
            s_rmtree(stale);
            close(fd);
            printf("%-10s removed %s, left by a restore that did not finish\n", service, stale);
        }
        hr_free(stale);
    }
    if (d)
        closedir(d);
    hr_free(prefix);
    hr_free(copy);
    hr_free(parent);
}

// Step 2 for one store: the staged copy beside it, locked, filled.
static int s_stage(s_store_t *st, const char *backup, unsigned char *buf, uint64_t *files,
                   uint64_t *bytes)
{
    char *parent = hr_strdup(st->target);
    int rc = hr_mkdirs(dirname(parent), 0700);
    hr_free(parent);
    if (!rc)
        s_remove_stale(st->target, st->service);
    char *tmpl = hr_strfmt("%s.restore-XXXXXX", st->target);
    if (rc || !mkdtemp(tmpl)) {
        fprintf(stderr, "hrctl restore: cannot make a directory beside %s: %s\n", st->target,
                strerror(errno));
        hr_free(tmpl);
        return -1;
    }
    st->staging = tmpl;
    if (s_lock(st->staging, st->service, &st->staging_lock_fd))
        return -1;
    char *to = hr_strfmt("%s/data.mdb", st->staging);
    rc = ctl_copy_file(st->from, to, buf);
    if (rc)
        fprintf(stderr, "hrctl restore: copying %s to %s: %s\n", st->from, to, strerror(errno));
    hr_free(to);
    char *blobs = hr_strfmt("%s/%s/blobs", backup, st->service);
    if (!rc && s_is_dir(blobs)) {
        char *into = hr_strfmt("%s/blobs", st->staging);
        rc = ctl_copy_blobs(blobs, into, files, bytes);
        hr_free(into);
    }
    hr_free(blobs);
    char *texts = hr_strfmt("%s/%s/files", backup, st->service); // analytics' imported files
    if (!rc && s_is_dir(texts)) {
        char *into = hr_strfmt("%s/files", st->staging);
        rc = ctl_copy_files(texts, into, files, bytes);
        hr_free(into);
    }
    hr_free(texts);
    int dfd = rc ? -1 : open(st->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!rc && (dfd < 0 || syncfs(dfd))) {
        fprintf(stderr, "hrctl restore: could not sync %s\n", st->staging);
        rc = -1;
    }
    if (dfd >= 0)
        close(dfd);
    return rc;
}

// Step 3 for one store: the store aside, the staged copy in.
static int s_swap(s_store_t *st, const char *stamp)
{
    if (s_is_dir(st->target)) {
        char *aside = hr_strfmt("%s.before-restore-%s-XXXXXX", st->target, stamp);
        if (!mkdtemp(aside) || rename(st->target, aside)) { // over the empty directory just made
            fprintf(stderr, "hrctl restore: moving %s aside: %s\n", st->target, strerror(errno));
            rmdir(aside);
            hr_free(aside);
            return -1;
        }
        st->aside = aside;
    }
    if (rename(st->staging, st->target)) {
        fprintf(stderr, "hrctl restore: putting the copy in at %s: %s\n", st->target,
                strerror(errno));
        if (st->aside && rename(st->aside, st->target) == 0) {
            hr_free(st->aside);
            st->aside = NULL;
        }
        return -1;
    }
    st->swapped = true;
    char *parent = hr_strdup(st->target);
    int dfd = open(dirname(parent), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    hr_free(parent);
    return 0;
}

// Puts back a store swapped in: the copy out to staging again, the store as it was in.
static void s_unswap(s_store_t *st)
{
    if (!st->swapped)
        return;
    if (rename(st->target, st->staging) == 0) {
        st->swapped = false;
        if (st->aside && rename(st->aside, st->target) == 0) {
            hr_free(st->aside);
            st->aside = NULL;
        }
    }
    if (st->swapped || st->aside)
        fprintf(stderr, "hrctl restore: could not put %s back as it was: see %s and %s\n",
                st->target, st->aside ? st->aside : "(nothing aside)", st->staging);
}

// The evidence master key as hr-evidence will read it at start: a regular file, mode 0600 (it
// refuses one others may read), 64 hex characters or 32 raw bytes. Fills want with its check
// value (ev_key_check_value). 0, or -1 with the reason said.
static int s_key_read(const char *key, unsigned char want[EV_HASH_BYTES])
{
    ev_keys_t keys;
    unsigned mode = 0;
    switch (ev_key_load(key, &keys, &mode)) {
    case EV_KEY_LOADED:
        break;
    case EV_KEY_MISSING:
        fprintf(stderr,
                "hrctl restore: the evidence master key is not at %s: put the copy kept apart "
                "from the backups there (mode 0600) first, or name it with --key FILE; nothing "
                "was changed\n",
                key);
        return -1;
    case EV_KEY_EXPOSED:
        fprintf(stderr,
                "hrctl restore: the evidence master key %s has mode %04o: hr-evidence refuses a "
                "key others may read (chmod 600 %s); nothing was changed\n",
                key, mode, key);
        return -1;
    case EV_KEY_INVALID:
        fprintf(stderr,
                "hrctl restore: %s is not an evidence master key (64 hex characters or 32 raw "
                "bytes); nothing was changed\n",
                key);
        return -1;
    }
    ev_key_check_value(&keys, want);
    ev_keys_wipe(&keys);
    return 0;
}

// Opens a staged copy as its daemon would (its dbs, schema and migrations: what the daemon
// would do to it at start). NULL with the reason said.
static hr_store_t *s_open_staged(const char *staging, const hr_service_t *svc)
{
    hr_store_opts_t opts = {
        .dir = staging,
        .dbs = svc->dbs,
        .schema_version = svc->schema_version,
        .migrations = svc->migrations,
    };
    char *err = NULL;
    hr_store_t *store = hr_store_open(&opts, &err);
    if (!store)
        fprintf(stderr, "hrctl restore: the backup's %s store does not open: %s\n", svc->name,
                err ? err : "?");
    hr_free(err);
    return store;
}

// The staged evidence store was made with the key whose check value is want: as hr-evidence
// checks at start (ev_store_key_check_get). A store that holds no check value yet (never
// started with a key) takes any. 0, or -1 with the reason said.
static int s_key_matches(const char *staging, const char *key, const unsigned char *want)
{
    hr_store_t *store = s_open_staged(staging, &ev_service);
    if (!store)
        return -1;
    hr_txn_t *txn = NULL;
    unsigned char have[EV_HASH_BYTES];
    hr_rc_t rc = hr_txn_begin_read(store, &txn);
    if (!rc)
        rc = ev_store_key_check_get(txn, have);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);
    if (rc == HR_ENOTFOUND)
        return 0;
    if (rc) {
        fprintf(stderr, "hrctl restore: the backup's evidence store: key check unreadable (%s)\n",
                hr_rc_name(rc));
        return -1;
    }
    if (sodium_memcmp(want, have, EV_HASH_BYTES)) {
        fprintf(stderr,
                "hrctl restore: the key at %s is not the key the backup's evidence store was "
                "made with (a new key - deploy/run.sh and hr-evidence make one where none is - "
                "or another system's): hr-evidence would refuse to start. Put the copy kept "
                "apart from the backups there; nothing was changed\n",
                key);
        return -1;
    }
    return 0;
}

// How many records the staged evidence store holds that the shred ledger beside key says were
// shredded after they were stored (a backup taken before their retention deletion): hr-evidence
// shreds them again at its next start, before it serves anything. 0, or -1 with the reason said.
static int s_ledger_back(const char *staging, const char *key, size_t *back)
{
    *back = 0;
    ev_keys_t keys;
    unsigned mode = 0;
    if (ev_key_load(key, &keys, &mode) != EV_KEY_LOADED)
        return -1; // s_key_read said why
    hr_store_t *store = s_open_staged(staging, &ev_service);
    char *ledger = ev_ledger_path(key);
    size_t shredded = 0;
    hr_txn_t *txn = NULL;
    hr_rc_t rc = store ? hr_txn_begin_read(store, &txn) : HR_EIO;
    if (!rc)
        rc = ev_ledger_count_back(&keys, ledger, txn, &shredded, back);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);
    ev_keys_wipe(&keys);
    if (rc)
        fprintf(stderr,
                "hrctl restore: the shred ledger %s could not be checked against the "
                "backup's evidence store (%s)\n",
                ledger, hr_rc_name(rc));
    hr_free(ledger);
    return rc ? -1 : 0;
}

typedef struct {
    hr_txn_t *ev_txn;  // borrowed: a read txn on the staged evidence store
    hr_arena_t *arena; // borrowed: the evidence records looked up
    size_t cases;      // cases seen
    size_t ids;        // evidence ids they list
    size_t missing;    // of them, not in the evidence store
} s_agree_t;

static hr_rc_t s_agree_case(void *arg, Hr__Workflow__Case *c)
{
    s_agree_t *a = arg;
    a->cases++;
    for (size_t k = 0; k < c->n_evidence; k++) {
        Hr__Evidence__Evidence *e = NULL;
        hr_rc_t rc = ev_store_evidence_get(a->ev_txn, c->evidence[k]->id, a->arena, &e);
        a->ids++;
        // A record shredded for retention left its tombstone: lawfully gone, nothing lacks.
        Hr__Evidence__Tombstone *t = NULL;
        if (rc == HR_ENOTFOUND &&
            ev_store_tombstone_get(a->ev_txn, c->evidence[k]->id, a->arena, &t) == HR_OK)
            rc = HR_OK;
        if (rc == HR_ENOTFOUND) {
            a->missing++;
            fprintf(stderr,
                    "hrctl restore: case %s lists evidence %s, which the backup's "
                    "evidence store does not hold\n",
                    c->id, c->evidence[k]->id);
        } else if (rc) {
            return rc;
        }
    }
    return HR_OK;
}

// Every evidence id a case in the staged workflow store lists is in the staged evidence store
// (two copies taken at different moments can disagree; hrctl verify checks the same once the
// daemons run). The number missing, or -1 when the stores could not be read (said).
static long s_stores_agree(const char *wf_staging, const char *ev_staging)
{
    hr_store_t *wf = s_open_staged(wf_staging, &wf_service);
    hr_store_t *ev = wf ? s_open_staged(ev_staging, &ev_service) : NULL;
    hr_arena_t *cases = hr_arena_new(0), *records = hr_arena_new(0);
    hr_txn_t *wtxn = NULL;
    s_agree_t a = {.arena = records};
    hr_rc_t rc = wf && ev ? HR_OK : HR_EIO;
    if (!rc)
        rc = hr_txn_begin_read(wf, &wtxn);
    if (!rc)
        rc = hr_txn_begin_read(ev, &a.ev_txn);
    if (!rc)
        rc = wf_store_case_each(wtxn, "", cases, s_agree_case, &a);
    if (rc && wf && ev)
        fprintf(stderr, "hrctl restore: reading the backup's cases and evidence: %s\n",
                hr_rc_name(rc));
    hr_txn_abort(&a.ev_txn);
    hr_txn_abort(&wtxn);
    hr_store_destroy(&ev);
    hr_store_destroy(&wf);
    hr_arena_destroy(&cases);
    hr_arena_destroy(&records);
    if (!rc)
        printf("the backup's %zu cases list %zu evidence ids; %zu not in its evidence store\n",
               a.cases, a.ids, a.missing);
    return rc ? -1 : (long)a.missing;
}

// The staged copies' event cursors against the staged producers' logs: a consumer copied after
// its producer (evidence and analytics after the workflow) may have applied events the
// producer's copy does not hold. Each such cursor is set back to the producer's last seq now,
// before any daemon starts (hr_consumer_cursor_rewind, counted as the daemon counts its own),
// so what the producer logs next is applied, not taken as seen. 0, or -1 with the reason said.
static int s_fit_cursors(s_store_t *stores, size_t n)
{
    hr_store_t *h[CTL_RESTORE_MAX] = {0};
    uint64_t last[CTL_RESTORE_MAX] = {0};
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        hr_store_opts_t opts = {.dir = stores[i].staging, .as_is = true};
        char *err = NULL;
        hr_txn_t *txn = NULL;
        h[i] = hr_store_open(&opts, &err);
        if (!h[i] || hr_txn_begin_read(h[i], &txn) ||
            hr_store_last_seq(txn, HR_DB_EVENTS, &last[i])) {
            fprintf(stderr, "hrctl restore: reading the backup's %s store: %s\n", stores[i].service,
                    err ? err : "its event log is unreadable");
            rc = -1;
        }
        hr_txn_abort(&txn);
        hr_free(err);
    }
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t j = 0; j < n && !rc; j++) {
            if (i == j)
                continue;
            hr_txn_t *txn = NULL;
            uint64_t was = 0, count = 0;
            hr_rc_t r = hr_txn_begin_write(h[i], &txn);
            if (!r)
                r = hr_consumer_cursor_rewind(txn, stores[j].service, last[j], &was, &count);
            if (!r && was)
                r = hr_txn_commit(&txn);
            hr_txn_abort(&txn);
            if (r) {
                fprintf(stderr, "hrctl restore: the backup's %s store: its cursor on %s: %s\n",
                        stores[i].service, stores[j].service, hr_rc_name(r));
                rc = -1;
            } else if (was) {
                printf("%-10s its cursor on %s's events set back from %llu to %llu: the %s copy "
                       "is older (events.cursor_rewound)\n",
                       stores[i].service, stores[j].service, (unsigned long long)was,
                       (unsigned long long)last[j], stores[j].service);
            }
        }
    for (size_t i = 0; i < n; i++)
        hr_store_destroy(&h[i]);
    return rc;
}

// The staged notify store holds sending (notify.HoldSending's record, reason "restored from
// backup DIR"), so the emails and SMS queued when the backup was taken wait for an operator
// instead of reaching the people again. A hold the backup already had stays as it was. 0, or -1
// with the reason said; *queued gets the deliveries waiting in it.
static int s_hold_notify(const char *staging, const char *backup, uint64_t *queued)
{
    hr_store_t *store = s_open_staged(staging, &nt_service);
    if (!store)
        return -1;
    hr_arena_t *arena = hr_arena_new(0);
    hr_txn_t *txn = NULL;
    Hr__Notify__SendingHold *had = NULL;
    hr_rc_t rc = hr_txn_begin_write(store, &txn);
    if (!rc)
        rc = nt_store_hold_get(txn, arena, &had);
    if (rc == HR_ENOTFOUND) {
        Hr__Notify__SendingHold hold = HR__NOTIFY__SENDING_HOLD__INIT;
        hold.since_ms = (int64_t)time(NULL) * 1000;
        hold.by = HR_OPERATOR_ID;
        hold.reason = hr_arena_fmt(arena, "restored from backup %s", backup);
        rc = nt_store_hold_put(txn, &hold);
    }
    if (!rc)
        *queued = nt_store_due_count(txn);
    if (!rc)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    if (rc)
        fprintf(stderr, "hrctl restore: the backup's notify store: holding sending: %s\n",
                hr_rc_name(rc));
    else if (had)
        printf("%-10s sending was held in the backup already (%s); it stays held\n", "notify",
               ctl_text_safe(arena, had->reason));
    else
        printf("%-10s sending held: %llu message%s queued when the backup was taken wait until "
               "you release them (--no-hold: they go out when hr-notify starts)\n",
               "notify", (unsigned long long)*queued, *queued == 1 ? "" : "s");
    hr_arena_destroy(&arena);
    hr_store_destroy(&store);
    return rc ? -1 : 0;
}

int ctl_restore_main(int argc, char **argv)
{
    const char *backup = NULL, *config_arg = NULL, *key_arg = NULL;
    bool partial = false, use_config = false, no_hold = false;
    const char *overrides[CTL_RESTORE_MAX];
    size_t noverrides = 0;
    for (int i = 1; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--config-dir") && has)
            config_arg = argv[++i];
        else if (!strcmp(argv[i], "--partial"))
            partial = true;
        else if (!strcmp(argv[i], "--use-config"))
            use_config = true;
        else if (!strcmp(argv[i], "--no-hold"))
            no_hold = true;
        else if (!strcmp(argv[i], "--key") && has)
            key_arg = argv[++i];
        else if (!strcmp(argv[i], "--store") && has && noverrides < CTL_RESTORE_MAX &&
                 strchr(argv[i + 1], '='))
            overrides[noverrides++] = argv[++i];
        else if (!backup && argv[i][0] != '-')
            backup = argv[i];
        else
            return s_usage();
    }
    if (!backup)
        return s_usage();
    char *config_dir = ctl_config_dir(config_arg);
    char *manifest = s_manifest(backup);
    char *backup_real = realpath(backup, NULL);
    s_store_t stores[CTL_RESTORE_MAX];
    size_t n = 0;
    int code = CTL_EXIT_OK;
    if (manifest && backup_real && strstr(manifest, "\nINCOMPLETE:")) {
        fprintf(stderr,
                "hrctl restore: %s/MANIFEST.txt says the backup did not finish (a full disk, or "
                "hrctl backup stopped): not restored\n",
                backup);
        code = CTL_EXIT_USAGE;
    } else if (manifest && backup_real && !*manifest) {
        fprintf(stderr,
                "hrctl restore: %s/MANIFEST.txt is empty: the backup did not finish (a full "
                "disk?)\n",
                backup);
        code = CTL_EXIT_USAGE;
    }
    if (!manifest || !backup_real) {
        fprintf(stderr, "hrctl restore: %s/MANIFEST.txt: not a backup hrctl backup made\n", backup);
        code = CTL_EXIT_USAGE;
    }
    // 1. Check everything before touching anything. What the backup says it lacks is refused
    // unless --partial: then a store it has no copy of stays as it is.
    for (size_t i = 0; code == CTL_EXIT_OK && ctl_services[i]; i++) {
        const char *gap = s_manifest_gap(manifest, ctl_services[i]);
        if (gap && !partial) {
            fprintf(stderr,
                    "hrctl restore: the backup says %s is %s (see %s/MANIFEST.txt); restore "
                    "it anyway with --partial\n",
                    ctl_services[i], gap, backup);
            code = CTL_EXIT_USAGE;
        } else if (gap) {
            printf("%-10s %s in the backup: %s\n", ctl_services[i], gap,
                   !strcmp(gap, "MISSING") ? "its store stays as it is (--partial)"
                                           : "restored as it is (--partial)");
        }
    }
    for (size_t i = 0; code == CTL_EXIT_OK && ctl_services[i] && n < CTL_RESTORE_MAX; i++) {
        const char *gap = s_manifest_gap(manifest, ctl_services[i]);
        if (gap && !strcmp(gap, "MISSING"))
            continue; // --partial: kept
        s_store_t *st = &stores[n++];
        *st = (s_store_t){.service = ctl_services[i], .lock_fd = -1, .staging_lock_fd = -1};
        if (s_check(st, backup, manifest, config_dir, overrides, noverrides, use_config))
            code = CTL_EXIT_USAGE;
        size_t tlen = st->target ? strlen(st->target) : 0;
        if (!code && !strncmp(backup_real, st->target, tlen) &&
            (backup_real[tlen] == '/' || !backup_real[tlen])) {
            fprintf(stderr,
                    "hrctl restore: the backup %s lies inside the store %s it would "
                    "replace; copy it elsewhere first\n",
                    backup_real, st->target);
            code = CTL_EXIT_USAGE;
        }
    }
    char *key = NULL;
    unsigned char key_check[EV_HASH_BYTES];
    if (code == CTL_EXIT_OK) {
        char *was = s_manifest_value(manifest, "key", NULL);
        char *here = ctl_config_file_path(config_dir, "evidence", "keys/master_file");
        if (key_arg) {
            key = hr_strdup(key_arg);
        } else if (use_config && !here) {
            fprintf(stderr, "hrctl restore: --use-config: evidence.cfg sets no keys/master_file "
                            "(--key FILE)\n");
            code = CTL_EXIT_USAGE;
        } else if (!use_config && was && here && !s_same_path(was, here)) {
            fprintf(stderr,
                    "hrctl restore: the backup's evidence key was at %s, but evidence.cfg says "
                    "%s: choose with --key FILE, or --use-config; nothing was changed\n",
                    was, here);
            code = CTL_EXIT_USAGE;
        } else {
            key = use_config || !was ? here : was;
            if (key == here)
                here = NULL;
            else
                was = NULL;
        }
        hr_free(was);
        hr_free(here);
        if (code) {
            // said above
        } else if (!key) {
            fprintf(stderr, "hrctl restore: where is the evidence master key? keys/master_file "
                            "is not set and the backup names no place (--key FILE)\n");
            code = CTL_EXIT_USAGE;
        } else if (s_key_read(key, key_check)) {
            code = CTL_EXIT_USAGE;
        }
    }
    if (code == CTL_EXIT_OK)
        for (size_t i = 0; i < n; i++)
            printf("%-10s -> %s  (from %s)\n", stores[i].service, stores[i].target,
                   stores[i].whence);
    // 2. Stage every copy; on any failure nothing has changed.
    uint64_t files = 0, bytes = 0;
    unsigned char *buf = hr_alloc(CTL_BACKUP_COPY_BUF);
    for (size_t i = 0; code == CTL_EXIT_OK && i < n; i++)
        if (s_stage(&stores[i], backup, buf, &files, &bytes))
            code = CTL_EXIT_FAIL;
    hr_free(buf);
    // The key must open what was staged, as hr-evidence checks at start: else nothing swaps.
    for (size_t i = 0; code == CTL_EXIT_OK && i < n; i++)
        if (!strcmp(stores[i].service, "evidence") &&
            s_key_matches(stores[i].staging, key, key_check))
            code = CTL_EXIT_USAGE;
    sodium_memzero(key_check, sizeof key_check);
    // Records shredded for retention after the backup was taken come back with it: the shred
    // ledger (beside the key, never restored) names them, and hr-evidence shreds them again.
    size_t back = 0;
    for (size_t i = 0; code == CTL_EXIT_OK && i < n; i++)
        if (!strcmp(stores[i].service, "evidence") && s_ledger_back(stores[i].staging, key, &back))
            code = CTL_EXIT_FAIL;
    // The cases' evidence ids are in the evidence store put back with them: else refused unless
    // --partial (then hrctl verify names them again once the daemons run).
    const char *wf_staged = NULL, *ev_staged = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(stores[i].service, "workflow"))
            wf_staged = stores[i].staging;
        if (!strcmp(stores[i].service, "evidence"))
            ev_staged = stores[i].staging;
    }
    long absent =
        code == CTL_EXIT_OK && wf_staged && ev_staged ? s_stores_agree(wf_staged, ev_staged) : 0;
    if (absent < 0) {
        code = CTL_EXIT_FAIL;
    } else if (absent > 0 && !partial) {
        fprintf(stderr,
                "hrctl restore: the backup's stores disagree (its evidence store is older than "
                "its workflow store): restore it anyway with --partial, then hrctl verify names "
                "them; nothing was changed\n");
        code = CTL_EXIT_USAGE;
    }
    if (code == CTL_EXIT_OK && s_fit_cursors(stores, n))
        code = CTL_EXIT_FAIL;
    // What notify had queued waits for a person: sent again unlooked at, an employee gets a
    // second dismissal notice by SMS, a manager a second escalation.
    bool held = false;
    uint64_t queued = 0;
    for (size_t i = 0; code == CTL_EXIT_OK && !no_hold && i < n; i++)
        if (!strcmp(stores[i].service, "notify")) {
            if (s_hold_notify(stores[i].staging, backup_real, &queued))
                code = CTL_EXIT_FAIL;
            held = true;
        }
    // 3. Swap them in; a failure puts back what was swapped.
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime_r(&now, &tm));
    for (size_t i = 0; code == CTL_EXIT_OK && i < n; i++)
        if (s_swap(&stores[i], stamp)) {
            for (size_t j = 0; j < i; j++)
                s_unswap(&stores[j]);
            code = CTL_EXIT_FAIL;
        }
    for (size_t i = 0; i < n; i++) {
        s_store_t *st = &stores[i];
        if (st->staging && !st->swapped)
            s_rmtree(st->staging); // ours, never swapped in (or put back out)
        if (code == CTL_EXIT_OK)
            printf("%-10s restored%s%s\n", st->service, st->aside ? "; as it was: " : "",
                   st->aside ? st->aside : "");
        if (st->lock_fd >= 0)
            close(st->lock_fd);
        if (st->staging_lock_fd >= 0)
            close(st->staging_lock_fd);
        hr_free(st->target);
        hr_free(st->from);
        hr_free(st->staging);
        hr_free(st->aside);
    }
    if (code == CTL_EXIT_OK)
        printf("restored from %s: %zu stores, %llu blob and imported files (%llu bytes); the "
               "evidence key "
               "is at %s\nnext: start the daemons (systemctl start hr.target, or deploy/run.sh: "
               "it does not load the demo company again where var/demo-loaded says it is in; a "
               "company's own data on a new machine: deploy/run.sh --no-demo) and run hrctl verify "
               "(it checks every case's evidence ids too)\n",
               backup, n, (unsigned long long)files, (unsigned long long)bytes, key);
    if (code == CTL_EXIT_OK && back) {
        char *ledger = ev_ledger_path(key);
        printf("evidence: %zu record%s in this backup %s shredded for retention after it was "
               "taken (the shred ledger %s says so): hr-evidence shreds %s again when it starts, "
               "before it serves anything, audited as a deletion restored_after_shred (hrctl "
               "health --json: reshredded_at_start)\n",
               back, back == 1 ? "" : "s", back == 1 ? "was" : "were", ledger,
               back == 1 ? "it" : "them");
        hr_free(ledger);
    }
    if (code == CTL_EXIT_OK && held)
        printf("notify: sending is held (%llu message%s queued at backup time): once the daemons "
               "run, check them with `hrctl notify outbox` (`hrctl notify drop ID --reason TEXT` "
               "for one that must not go), then `hrctl notify release`\n",
               (unsigned long long)queued, queued == 1 ? "" : "s");
    else if (code == CTL_EXIT_OK && no_hold)
        printf("notify: not held (--no-hold): what its copy had queued goes out when hr-notify "
               "starts\n");
    if (code == CTL_EXIT_FAIL)
        fprintf(stderr, "hrctl restore: FAILED; every store is as it was before\n");
    hr_free(key);
    free(backup_real); // from realpath
    hr_free(manifest);
    hr_free(config_dir);
    return code;
}
