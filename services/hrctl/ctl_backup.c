/*  ctl_backup - `hrctl backup DIR [--config-dir DIR] [--timeout-ms N]`: a backup of the running
 *  system.
 *
 *  DIR (new, or an empty directory) gets one subdirectory per daemon holding data.mdb, a
 *  compacted copy of its LMDB environment in one committed state taken by the daemon itself
 *  (sys.Backup: the environment has one owner, no other process opens it), evidence/blobs/
 *  with the encrypted blob files, and MANIFEST.txt (what was taken, when, and how to restore);
 *  hrctl restore (below) puts such a backup back.
 *
 *  Order: consumers before producers (analytics and evidence read workflow's events, workflow
 *  reads notify's), so in the backup no event cursor is ahead of the log it follows. A command the
 *  workflow enqueued and notify took between the two copies is in notify's copy only (an
 *  email the restored workflow does not know it caused); one enqueued before the workflow's
 *  copy and taken after it is in both, sent again after a restore and recognised by notify's
 *  dedupe table. Blob files are copied after evidence's store: a blob is durable before its
 *  record commits, and never changes (one the retention sweep shreds in between is reported
 *  missing). Each daemon serves nothing while it copies its store: seconds for the stores a
 *  company of thousands has; take backups outside office hours.
 *
 *  The evidence master key is not copied: it belongs apart from the data it protects.
 *  Exit 0 when every daemon's copy was taken, 1 when one failed (the rest is kept and the
 *  manifest says what is missing), 2 for usage or an unusable DIR.
 */
#define _GNU_SOURCE // syncfs
#include "ctl_call.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CTL_BACKUP_TIMEOUT_MS (10 * 60 * 1000) // a large store takes a while to copy
#define CTL_BACKUP_COPY_BUF (1024 * 1024)

// Consumers before producers (see above).
static const char *const s_order[] = {"analytics", "evidence", "workflow", "notify",
                                      "assistant", "gateway",  NULL};

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl backup DIR [--config-dir DIR] [--timeout-ms N]\n"
                    "  DIR: a new or empty directory; the evidence key is not copied\n");
    return CTL_EXIT_USAGE;
}

// DIR as an absolute path, made (0700) when missing; NULL with a message when it exists and is
// not an empty directory.
static char *s_target(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0) {
        DIR *d = S_ISDIR(st.st_mode) ? opendir(arg) : NULL;
        bool empty = d != NULL;
        for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                empty = false;
        if (d)
            closedir(d);
        if (!empty) {
            fprintf(stderr,
                    "hrctl backup: %s exists and is not an empty directory; a backup "
                    "never overwrites\n",
                    arg);
            return NULL;
        }
    } else if (hr_mkdirs(arg, 0700)) {
        fprintf(stderr, "hrctl backup: cannot make %s: %s\n", arg, strerror(errno));
        return NULL;
    }
    char *abs = realpath(arg, NULL);
    if (!abs)
        fprintf(stderr, "hrctl backup: %s: %s\n", arg, strerror(errno));
    char *out = abs ? hr_strdup(abs) : NULL;
    free(abs); // from realpath
    return out;
}

// Copies one file; 0 or -1 (errno set).
static int s_copy_file(const char *from, const char *to, unsigned char *buf)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return -1;
    }
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, buf, CTL_BACKUP_COPY_BUF);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -1 : 0;
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                rc = -1;
                break;
            }
            done += w;
        }
        if (rc)
            break;
    }
    close(in);
    if (close(out))
        rc = -1;
    return rc;
}

// Copies blob_dir/<2 hex>/<file> to to/<2 hex>/<file>; counts files and bytes. 0 or -1.
static int s_copy_blobs(const char *blob_dir, const char *to, uint64_t *files, uint64_t *bytes)
{
    unsigned char *buf = hr_alloc(CTL_BACKUP_COPY_BUF);
    size_t failed = 0;
    int rc = hr_mkdirs(to, 0700);
    DIR *top = rc ? NULL : opendir(blob_dir);
    if (!rc && !top)
        rc = -1;
    for (struct dirent *sub = top ? readdir(top) : NULL; sub && !rc; sub = readdir(top)) {
        if (sub->d_name[0] == '.')
            continue;
        char *from_sub = hr_strfmt("%s/%s", blob_dir, sub->d_name);
        char *to_sub = hr_strfmt("%s/%s", to, sub->d_name);
        DIR *d = opendir(from_sub);
        if (d && hr_mkdirs(to_sub, 0700))
            rc = -1;
        for (struct dirent *e = d ? readdir(d) : NULL; e && !rc; e = readdir(d)) {
            if (e->d_name[0] == '.')
                continue;
            char *a = hr_strfmt("%s/%s", from_sub, e->d_name);
            char *b = hr_strfmt("%s/%s", to_sub, e->d_name);
            struct stat st;
            if (stat(a, &st) == 0 && S_ISREG(st.st_mode)) {
                if (s_copy_file(a, b, buf) == 0) {
                    (*files)++;
                    *bytes += (uint64_t)st.st_size;
                } else {
                    // Go on with the others: one unreadable (or just shredded) blob must not
                    // cost the rest. The run is reported incomplete.
                    fprintf(stderr, "hrctl backup: copying %s: %s\n", a, strerror(errno));
                    unlink(b);
                    failed++;
                }
            }
            hr_free(a);
            hr_free(b);
        }
        if (d)
            closedir(d);
        hr_free(from_sub);
        hr_free(to_sub);
    }
    if (top)
        closedir(top);
    hr_free(buf);
    return rc || failed ? -1 : 0;
}

int ctl_backup_main(int argc, char **argv)
{
    const char *dir_arg = NULL, *config_dir = NULL;
    int64_t timeout_ms = CTL_BACKUP_TIMEOUT_MS;
    for (int i = 1; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--config-dir") && has)
            config_dir = argv[++i];
        else if (!strcmp(argv[i], "--timeout-ms") && has) {
            if (!hr_parse_i64(argv[++i], 1000, 24 * HR_HOUR_MS, &timeout_ms))
                return s_usage();
        } else if (!dir_arg && argv[i][0] != '-')
            dir_arg = argv[i];
        else
            return s_usage();
    }
    if (!dir_arg)
        return s_usage();
    char *root = s_target(dir_arg);
    if (!root)
        return CTL_EXIT_USAGE;
    hr_arena_t *arena = hr_arena_new(0);
    char *manifest = hr_strfmt("%s/MANIFEST.txt", root);
    FILE *mf = fopen(manifest, "w");
    if (!mf) {
        fprintf(stderr, "hrctl backup: %s: %s\n", manifest, strerror(errno));
        hr_free(manifest);
        hr_free(root);
        hr_arena_destroy(&arena);
        return CTL_EXIT_USAGE;
    }
    char when[HR_TIME_ISO_LEN];
    hr_clock_t *clock = hr_clock_system_new();
    hr_time_iso(hr_clock_now_ms(clock), when);
    hr_clock_destroy(&clock);
    fprintf(mf, "hr-dismissal backup, taken %s by hrctl %s\n\n", when, HR_VERSION);
    int failed = 0;
    for (size_t i = 0; s_order[i]; i++) {
        const char *svc = s_order[i];
        char *sub = hr_strfmt("%s/%s", root, svc);
        Hr__Sys__BackupRequest req = HR__SYS__BACKUP_REQUEST__INIT;
        req.dir = sub;
        Hr__Sys__BackupReply *rep = NULL;
        hr_rc_t rc =
            hr_mkdirs(sub, 0700)
                ? HR_EIO
                : ctl_service_call("hrctl backup", svc, NULL, config_dir, NULL, "sys.Backup",
                                   &req.base, &hr__sys__backup_reply__descriptor, (int)timeout_ms,
                                   NULL, arena, (void **)&rep);
        if (rc) {
            failed++;
            printf("%-10s FAILED (%s)\n", svc, hr_rc_name(rc));
            fprintf(mf, "%-10s MISSING: %s\n", svc, hr_rc_name(rc));
            hr_free(sub);
            continue;
        }
        printf("%-10s %s  %llu bytes, events up to %llu\n", svc, rep->path,
               (unsigned long long)rep->bytes, (unsigned long long)rep->last_event_seq);
        fprintf(mf, "%-10s %s/data.mdb  %llu bytes  events>=%llu\n", svc, svc,
                (unsigned long long)rep->bytes, (unsigned long long)rep->last_event_seq);
        for (size_t k = 0; k < rep->n_extra; k++) {
            if (strncmp(rep->extra[k], "blob_dir=", 9))
                continue;
            char *to = hr_strfmt("%s/blobs", sub);
            uint64_t files = 0, bytes = 0;
            if (s_copy_blobs(rep->extra[k] + 9, to, &files, &bytes)) {
                failed++;
                printf("%-10s blobs FAILED\n", svc);
                fprintf(mf, "%-10s blobs INCOMPLETE\n", svc);
            } else {
                printf("%-10s %s  %llu blob files, %llu bytes (encrypted)\n", svc, to,
                       (unsigned long long)files, (unsigned long long)bytes);
                fprintf(mf, "%-10s %s/blobs/  %llu files  %llu bytes\n", svc, svc,
                        (unsigned long long)files, (unsigned long long)bytes);
            }
            hr_free(to);
        }
        hr_free(sub);
    }
    fprintf(mf,
            "\nNot in this backup: the evidence master key (keys/master_file, by default "
            "var/keys/evidence.key).\nKeep a copy of it apart from the backup: without it no "
            "evidence blob can be read.\n\n"
            "Restore (deploy/run.sh layout):\n"
            "  deploy/run.sh --stop\n"
            "  build/bin/hrctl restore BACKUP   # each store moved aside, this backup copied in\n"
            "  (if it says the key is missing: cp <the kept key> var/keys/evidence.key; chmod 600 "
            "var/keys/evidence.key)\n"
            "  deploy/run.sh && build/bin/hrctl verify\n");
    bool synced = fflush(mf) == 0 && fsync(fileno(mf)) == 0;
    int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    synced = synced && dfd >= 0 && syncfs(dfd) == 0; // every copied file, at once
    if (dfd >= 0)
        close(dfd);
    fclose(mf);
    if (!synced) {
        fprintf(stderr, "hrctl backup: could not sync %s\n", root);
        failed++;
    }
    printf("%s: %s\nthe evidence master key is not in it: keep a copy apart\n", root,
           failed ? "INCOMPLETE (see above)" : "complete");
    hr_free(manifest);
    hr_free(root);
    hr_arena_destroy(&arena);
    return failed ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// hrctl restore BACKUP: the other half. Every daemon must be stopped: each store's
// single-instance lock is taken (a running daemon holds it: refused, nothing touched) and kept
// until the end, so none starts half way. Each store directory is moved aside whole to
// <dir>.before-restore-<UTC time> (never deleted: a restore over the wrong directory can be
// undone), made again, and gets the backup's data.mdb; evidence also gets the blob files.
// Everything is synced before the command says it is done. The evidence master key is not in a
// backup: the command checks it is where evidence.cfg says, and exits 1 when it is not, since
// hr-evidence cannot start without it. Exit 2 for usage, a backup that is not whole, or a store
// in use.

static int s_restore_usage(void)
{
    fprintf(stderr, "usage: hrctl restore BACKUP_DIR [--config-dir DIR]\n"
                    "  every daemon stopped first (deploy/run.sh --stop); the stores are moved\n"
                    "  aside, not deleted; the evidence key must be in place before the start\n");
    return CTL_EXIT_USAGE;
}

typedef struct {
    const char *service; // borrowed
    char *store;         // owned: the store directory as the daemon sees it
    char *from;          // owned: BACKUP/<service>/data.mdb
    int lock_fd;         // the store's daemon.lock, held; -1 when the store does not exist yet
} s_store_t;

// Takes <dir>/daemon.lock (as the daemon would) into *fd; -1 with a message when held.
static int s_lock_store(const char *dir, const char *service, int *fd)
{
    *fd = -1;
    struct stat st;
    if (stat(dir, &st) != 0)
        return 0; // nothing there yet: nothing running on it
    char *path = hr_strfmt("%s/daemon.lock", dir);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    int rc = 0;
    if (*fd < 0) {
        fprintf(stderr, "hrctl restore: %s: %s\n", path, strerror(errno));
        rc = -1;
    } else if (flock(*fd, LOCK_EX | LOCK_NB)) {
        fprintf(stderr,
                "hrctl restore: hr-%s is running on %s; stop every daemon first "
                "(deploy/run.sh --stop)\n",
                service, dir);
        close(*fd);
        *fd = -1;
        rc = -1;
    }
    hr_free(path);
    return rc;
}

// Copies the backup of one store into place: the old directory moved aside, a new one made
// and locked, data.mdb (and evidence's blobs) copied. 0 or -1 with a message.
static int s_restore_one(s_store_t *st, const char *backup, const char *stamp, uint64_t *files,
                         uint64_t *bytes)
{
    struct stat sb;
    if (stat(st->store, &sb) == 0) {
        char *aside = hr_strfmt("%s.before-restore-%s", st->store, stamp);
        if (rename(st->store, aside)) {
            fprintf(stderr, "hrctl restore: moving %s aside: %s\n", st->store, strerror(errno));
            hr_free(aside);
            return -1;
        }
        printf("%-10s the store before the restore is now %s\n", st->service, aside);
        hr_free(aside);
    }
    if (hr_mkdirs(st->store, 0700)) {
        fprintf(stderr, "hrctl restore: cannot make %s: %s\n", st->store, strerror(errno));
        return -1;
    }
    int fd = -1;
    if (s_lock_store(st->store, st->service, &fd))
        return -1; // a daemon started in between: it has the new, empty directory
    if (st->lock_fd >= 0)
        close(st->lock_fd); // the old lock went aside with the old directory
    st->lock_fd = fd;
    unsigned char *buf = hr_alloc(CTL_BACKUP_COPY_BUF);
    char *to = hr_strfmt("%s/data.mdb", st->store);
    int rc = s_copy_file(st->from, to, buf);
    if (rc)
        fprintf(stderr, "hrctl restore: copying %s to %s: %s\n", st->from, to, strerror(errno));
    hr_free(to);
    hr_free(buf);
    char *blobs = hr_strfmt("%s/%s/blobs", backup, st->service);
    if (!rc && stat(blobs, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        char *into = hr_strfmt("%s/blobs", st->store);
        rc = s_copy_blobs(blobs, into, files, bytes);
        if (rc)
            fprintf(stderr, "hrctl restore: the blob files of %s did not all copy\n", backup);
        hr_free(into);
    }
    hr_free(blobs);
    if (!rc)
        printf("%-10s %s restored\n", st->service, st->store);
    return rc;
}

int ctl_restore_main(int argc, char **argv)
{
    const char *backup = NULL, *config_arg = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            config_arg = argv[++i];
        else if (!backup && argv[i][0] != '-')
            backup = argv[i];
        else
            return s_restore_usage();
    }
    if (!backup)
        return s_restore_usage();
    char *config_dir = ctl_config_dir(config_arg);
    s_store_t stores[8] = {0};
    size_t n = 0;
    int code = CTL_EXIT_OK;
    char *manifest = hr_strfmt("%s/MANIFEST.txt", backup);
    struct stat sb;
    if (stat(manifest, &sb) != 0) {
        fprintf(stderr, "hrctl restore: %s: no MANIFEST.txt; not a backup hrctl backup made\n",
                backup);
        code = CTL_EXIT_USAGE;
    }
    hr_free(manifest);
    // 1. Check everything before touching anything: a whole backup, a store dir for each
    //    daemon, none of them running.
    for (size_t i = 0; code == CTL_EXIT_OK && ctl_services[i]; i++) {
        s_store_t *st = &stores[n++];
        st->service = ctl_services[i];
        st->lock_fd = -1;
        st->from = hr_strfmt("%s/%s/data.mdb", backup, st->service);
        if (stat(st->from, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0) {
            fprintf(stderr, "hrctl restore: %s is missing; the backup is not whole\n", st->from);
            code = CTL_EXIT_USAGE;
            break;
        }
        char *path = hr_strfmt("%s/%s.cfg", config_dir, st->service);
        char *err = NULL;
        hr_config_t *cfg = hr_config_load(path, &err);
        const char *dir = cfg ? hr_config_file_str(cfg, "store/dir") : NULL;
        if (dir && *dir)
            st->store = ctl_config_path(config_dir, dir);
        else
            fprintf(stderr, "hrctl restore: %s: %s\n", path,
                    cfg ? "store/dir is not set" : (err ? err : "cannot read"));
        hr_config_destroy(&cfg);
        hr_free(err);
        hr_free(path);
        if (!st->store || s_lock_store(st->store, st->service, &st->lock_fd)) {
            code = CTL_EXIT_USAGE;
            break;
        }
    }
    // 2. Restore each store; the locks are held until every one is done.
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime_r(&now, &tm));
    uint64_t files = 0, bytes = 0;
    size_t failed = 0;
    for (size_t i = 0; code == CTL_EXIT_OK && i < n; i++)
        failed += s_restore_one(&stores[i], backup, stamp, &files, &bytes) != 0;
    for (size_t i = 0; code == CTL_EXIT_OK && i < n; i++) {
        int dfd = open(stores[i].store, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || syncfs(dfd)) {
            fprintf(stderr, "hrctl restore: could not sync %s\n", stores[i].store);
            failed++;
        }
        if (dfd >= 0)
            close(dfd);
    }
    for (size_t i = 0; i < n; i++) {
        if (stores[i].lock_fd >= 0)
            close(stores[i].lock_fd);
        hr_free(stores[i].store);
        hr_free(stores[i].from);
    }
    if (code == CTL_EXIT_OK && failed) {
        fprintf(stderr,
                "hrctl restore: INCOMPLETE: %zu store(s) failed (see above); the stores "
                "as they were are kept beside them\n",
                failed);
        code = CTL_EXIT_FAIL;
    } else if (code == CTL_EXIT_OK) {
        printf("restored from %s: %zu stores, %llu blob files (%llu bytes)\n", backup, n,
               (unsigned long long)files, (unsigned long long)bytes);
        // The key is kept apart from backups: it must be back in place before hr-evidence starts.
        char *path = hr_strfmt("%s/evidence.cfg", config_dir);
        char *err = NULL;
        hr_config_t *cfg = hr_config_load(path, &err);
        const char *key = cfg ? hr_config_file_str(cfg, "keys/master_file") : NULL;
        char *key_path = key && *key ? ctl_config_path(config_dir, key) : NULL;
        if (key_path && stat(key_path, &sb) == 0) {
            printf("the evidence master key is at %s\n"
                   "next: start the daemons (deploy/run.sh) and run hrctl verify\n",
                   key_path);
        } else {
            fprintf(stderr,
                    "hrctl restore: the evidence master key is not at %s: put the copy kept "
                    "apart from the backups there (mode 0600) before starting hr-evidence\n",
                    key_path ? key_path : "(keys/master_file is not set)");
            code = CTL_EXIT_FAIL;
        }
        hr_free(key_path);
        hr_config_destroy(&cfg);
        hr_free(err);
        hr_free(path);
    }
    hr_free(config_dir);
    return code;
}
