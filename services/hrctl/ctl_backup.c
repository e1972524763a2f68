/*  ctl_backup - `hrctl backup DIR [--config-dir DIR] [--timeout-ms N]`: a backup of the running
 *  system.
 *
 *  DIR (new, or an empty directory) gets one subdirectory per daemon holding data.mdb, a
 *  compacted copy of its LMDB environment in one committed state taken by the daemon itself
 *  (sys.Backup: the environment has one owner, no other process opens it), evidence/blobs/
 *  with the encrypted blob files, and MANIFEST.txt (what was taken, when, and how to restore);
 *  hrctl restore (ctl_restore.c) puts such a backup back where the MANIFEST says each store was.
 *
 *  Order: where one store names what another holds, the one named is copied after the one
 *  naming it, so everything a copy refers to is in the later copy. Workflow first: its cases
 *  list evidence ids hr-evidence gave out (the record commits before the id can be attached), so
 *  evidence's copy, taken after, holds every record a case in the workflow's copy lists; its blob
 *  files are copied after evidence's store (a blob is durable before its record commits and
 *  never changes; one the retention sweep shreds in between is reported missing). Notify right
 *  after the workflow: a command the workflow enqueued before its copy and notify took before
 *  its own is in both, sent again after a restore and recognised by notify's dedupe table (by
 *  msg_id); one enqueued after the workflow's copy is not in the restored workflow, though
 *  notify's copy may hold it (an email the restored workflow does not know it caused), and
 *  workflow's cursor on notify's events is never ahead of notify's copy. Evidence and analytics
 *  follow workflow's events, and may have applied some that came after the workflow's copy:
 *  their cursors are then ahead of the workflow's log, and hrctl restore (or else hr_consumer)
 *  sets them back to its head (events.cursor_rewound) - what they took from those
 *  few events (a case's people, a close's retention start) stays. hrctl verify checks that every
 *  evidence id a case lists is at hr-evidence, and hrctl restore checks the copies before it
 *  puts them in. Each daemon copies its store in the background and keeps answering.
 *
 *  The evidence master key is not copied: it belongs apart from the data it protects.
 *  MANIFEST.txt says "INCOMPLETE: this backup did not finish" from the start, and its whole text
 *  (MISSING and INCOMPLETE lines for what failed) replaces that at the end; when the disk cannot
 *  take even that, the failure is said once and hrctl restore refuses the backup. A copy that
 *  hits a full target (ENOSPC, EDQUOT, EFBIG, EROFS) stops there with one line, not one per file.
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

// What names comes before what is named (see above).
static const char *const s_order[] = {"workflow",  "notify",  "evidence", "analytics",
                                      "assistant", "gateway", NULL};

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

int ctl_copy_file(const char *from, const char *to, unsigned char *buf)
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

#define CTL_COPY_FULL (-2) // s_copy_dir stopped: the target takes no more

// Whether a write failed because the target takes no more (every later file would fail too).
static bool s_target_full(int e)
{
    return e == ENOSPC || e == EDQUOT || e == EFBIG || e == EROFS;
}

// Copies the regular files of from into to (made 0700), counting them; one that cannot be read
// is reported and the rest go on (one unreadable, or just shredded, blob must not cost the
// others): -1 then, as when to cannot be made or from read. On a full target it stops at the
// first file (said once, not once per file): CTL_COPY_FULL.
static int s_copy_dir(const char *from, const char *to, unsigned char *buf, uint64_t *files,
                      uint64_t *bytes)
{
    size_t failed = 0;
    bool full = false;
    int rc = hr_mkdirs(to, 0700);
    if (rc && s_target_full(errno)) {
        fprintf(stderr, "hrctl: making %s: %s; nothing more is copied there\n", to,
                strerror(errno));
        return CTL_COPY_FULL;
    }
    DIR *d = rc ? NULL : opendir(from);
    if (!rc && !d)
        rc = -1;
    for (struct dirent *e = d ? readdir(d) : NULL; e && !rc && !full; e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        char *a = hr_strfmt("%s/%s", from, e->d_name);
        char *b = hr_strfmt("%s/%s", to, e->d_name);
        struct stat st;
        if (stat(a, &st) == 0 && S_ISREG(st.st_mode)) {
            if (ctl_copy_file(a, b, buf) == 0) {
                (*files)++;
                *bytes += (uint64_t)st.st_size;
            } else {
                int why = errno;
                unlink(b);
                failed++;
                full = s_target_full(why);
                fprintf(stderr, "hrctl: copying %s: %s%s\n", a, strerror(why),
                        full ? "; nothing more is copied there" : "");
            }
        }
        hr_free(a);
        hr_free(b);
    }
    if (d)
        closedir(d);
    if (full)
        return CTL_COPY_FULL;
    return rc || failed ? -1 : 0;
}

int ctl_copy_files(const char *dir, const char *to, uint64_t *files, uint64_t *bytes)
{
    struct stat st;
    if (stat(dir, &st) && errno == ENOENT)
        return hr_mkdirs(to, 0700); // nothing imported yet: nothing to copy
    unsigned char *buf = hr_alloc(CTL_BACKUP_COPY_BUF);
    int rc = s_copy_dir(dir, to, buf, files, bytes);
    hr_free(buf);
    return rc;
}

int ctl_copy_blobs(const char *blob_dir, const char *to, uint64_t *files, uint64_t *bytes)
{
    unsigned char *buf = hr_alloc(CTL_BACKUP_COPY_BUF);
    int failed = 0;
    bool full = false;
    int rc = hr_mkdirs(to, 0700);
    DIR *top = rc ? NULL : opendir(blob_dir);
    if (!rc && !top)
        rc = -1;
    for (struct dirent *sub = top ? readdir(top) : NULL; sub && !rc && !full; sub = readdir(top)) {
        char *from_sub = hr_strfmt("%s/%s", blob_dir, sub->d_name);
        struct stat st;
        if (sub->d_name[0] != '.' && stat(from_sub, &st) == 0 && S_ISDIR(st.st_mode)) {
            char *to_sub = hr_strfmt("%s/%s", to, sub->d_name);
            int one = s_copy_dir(from_sub, to_sub, buf, files, bytes);
            failed |= one != 0;
            full = one == CTL_COPY_FULL;
            hr_free(to_sub);
        }
        hr_free(from_sub);
    }
    if (top)
        closedir(top);
    hr_free(buf);
    return rc || failed ? -1 : 0;
}

// True, said, when root lies inside a daemon's store directory (config store/dir): a backup
// there would be copied into the next backup, moved aside by a restore, and lost with the store.
static bool s_inside_a_store(const char *root, const char *config_arg)
{
    char *config_dir = ctl_config_dir(config_arg);
    bool inside = false;
    for (size_t i = 0; ctl_services[i] && !inside; i++) {
        char *store = ctl_config_file_path(config_dir, ctl_services[i], "store/dir");
        char *real = store ? realpath(store, NULL) : NULL;
        size_t n = real ? strlen(real) : 0;
        if (real && !strncmp(root, real, n) && (root[n] == '/' || !root[n])) {
            fprintf(stderr,
                    "hrctl backup: %s lies inside hr-%s's store %s; choose a directory "
                    "outside every store\n",
                    root, ctl_services[i], real);
            inside = true;
        }
        free(real); // from realpath
        hr_free(store);
    }
    hr_free(config_dir);
    return inside;
}

// Writes len bytes of text to path (a new file, 0600) and syncs it; 0, or -1 with errno set.
static int s_write_synced(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int rc = 0;
    for (size_t done = 0; done < len && !rc;) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            rc = -1;
        else
            done += (size_t)w;
    }
    if (!rc && fsync(fd))
        rc = -1;
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
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
    bool existed = access(dir_arg, F_OK) == 0;
    char *root = s_target(dir_arg);
    if (!root)
        return CTL_EXIT_USAGE;
    if (s_inside_a_store(root, config_dir)) {
        if (!existed)
            rmdir(root); // made just now
        hr_free(root);
        return CTL_EXIT_USAGE;
    }
    hr_arena_t *arena = hr_arena_new(0);
    // MANIFEST.txt says "not finished" until the whole text replaces it at the end: a backup cut
    // short (a full disk, hrctl stopped) is never taken for a whole one.
    char *manifest = hr_strfmt("%s/MANIFEST.txt", root);
    static const char unfinished[] =
        "hr-dismissal backup\n\nINCOMPLETE: this backup did not finish (hrctl backup was "
        "stopped, or the disk filled); hrctl restore refuses it\n";
    char *mtext = NULL; // the manifest's text, as it grows (open_memstream)
    size_t mlen = 0;
    FILE *mf = NULL;
    if (s_write_synced(manifest, unfinished, sizeof unfinished - 1) ||
        !(mf = open_memstream(&mtext, &mlen))) {
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
    char *targets = hr_arena_strdup(arena, ""); // where each store lives: a restore's targets
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
        targets = hr_arena_fmt(arena, "%sstore %s %s\n", targets, svc, rep->store_dir);
        for (size_t k = 0; k < rep->n_extra; k++)
            if (!strncmp(rep->extra[k], "key_file=", 9))
                targets = hr_arena_fmt(arena, "%skey %s\n", targets, rep->extra[k] + 9);
        fprintf(mf, "%-10s %s/data.mdb  %llu bytes  events>=%llu\n", svc, svc,
                (unsigned long long)rep->bytes, (unsigned long long)rep->last_event_seq);
        for (size_t k = 0; k < rep->n_extra; k++) {
            // blob_dir: evidence's encrypted blobs (two levels); files_dir: analytics' imported
            // file texts (one level). Both are written once, before the records naming them.
            bool blobs = !strncmp(rep->extra[k], "blob_dir=", 9);
            if (!blobs && strncmp(rep->extra[k], "files_dir=", 10))
                continue;
            const char *what = blobs ? "blobs" : "files";
            char *to = hr_strfmt("%s/%s", sub, what);
            uint64_t files = 0, bytes = 0;
            if (blobs ? ctl_copy_blobs(rep->extra[k] + 9, to, &files, &bytes)
                      : ctl_copy_files(rep->extra[k] + 10, to, &files, &bytes)) {
                failed++;
                printf("%-10s %s FAILED\n", svc, what);
                fprintf(mf, "%-10s %s INCOMPLETE\n", svc, what);
            } else {
                printf("%-10s %s  %llu %s, %llu bytes%s\n", svc, to, (unsigned long long)files,
                       blobs ? "blob files" : "imported files", (unsigned long long)bytes,
                       blobs ? " (encrypted)" : "");
                fprintf(mf, "%-10s %s/%s/  %llu files  %llu bytes\n", svc, svc, what,
                        (unsigned long long)files, (unsigned long long)bytes);
            }
            hr_free(to);
        }
        hr_free(sub);
    }
    fprintf(mf,
            "\nThe workflow store holds names, contacts and wages in plaintext (only the "
            "evidence blobs are encrypted): keep this backup as protected as the machine.\n"
            "Not in this backup: the evidence master key (keys/master_file, by default "
            "var/keys/evidence.key), the configs, calendar.txt, the templates, the secret files "
            "and the CURVE keys.\nKeep a copy of the key apart from the backup: without it no "
            "evidence blob can be read.\n\n"
            "Restore (every daemon stopped: deploy/run.sh --stop, or systemctl stop hr.target):\n"
            "  (the kept key where the key line below says, mode 0600)\n"
            "  hrctl restore BACKUP   # each store moved aside, this backup put in\n"
            "  start the daemons (systemctl start hr.target, or deploy/run.sh: it does not "
            "load the demo company again where var/demo-loaded says it is in; a company's own "
            "data on a new machine: deploy/run.sh --no-demo), then hrctl verify\n"
            "Queued email and SMS of the backup's time do not go out by themselves: hrctl "
            "restore holds sending (--no-hold: they go when hr-notify starts). Check them with "
            "`hrctl notify outbox` (`hrctl notify drop ID --reason TEXT` for one that must not "
            "go), then `hrctl notify release`: they go by the email relay and SMS provider "
            "configured then (without smtp/url, email is written to file/dir).\n"
            "\nWhere the stores were (hrctl restore puts them back there unless told otherwise):\n"
            "%s",
            targets);
    fclose(mf); // mtext holds it all
    int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool synced = dfd >= 0 && syncfs(dfd) == 0; // every copied file, at once
    char *tmp = hr_strfmt("%s.tmp", manifest);
    // The whole text in place of the "not finished" one - also when a part failed: its lines
    // name each MISSING and INCOMPLETE part.
    bool written = s_write_synced(tmp, mtext, mlen) == 0 && rename(tmp, manifest) == 0 &&
                   dfd >= 0 && fsync(dfd) == 0;
    if (!written) {
        fprintf(stderr,
                "hrctl backup: %s could not be written (%s): it says this backup did not "
                "finish, and hrctl restore refuses it\n",
                manifest, strerror(errno));
        unlink(tmp);
        failed++;
    } else if (!synced) {
        fprintf(stderr, "hrctl backup: could not sync %s\n", root);
        failed++;
    }
    if (dfd >= 0)
        close(dfd);
    hr_free(tmp);
    free(mtext); // from open_memstream
    printf("%s: %s\nthe evidence master key is not in it: keep a copy apart\n", root,
           failed ? "INCOMPLETE (see above)" : "complete");
    hr_free(manifest);
    hr_free(root);
    hr_arena_destroy(&arena);
    return failed ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}
