/*  harness - real daemons in a temp directory, for the end-to-end tests.
 *
 *  Each daemon runs in its own process group, so a kill reaches anything it started. Output
 *  goes to log/<service>.log; the READY line arrives on a pipe (--ready-fd). Nothing here sleeps
 *  to wait for something: readiness is the pipe, liveness is waitpid.
 */
#include "harness.h"
#include "hr_test.h"
#include "sys.pb-c.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *const e2e_all_services[] = {"workflow",  "evidence", "analytics", "notify",
                                        "assistant", "gateway",  NULL};

typedef struct {
    char *path;  // owned: "section/key"
    char *value; // owned
} s_key_t;

typedef struct {
    char *name;                 // owned
    char *binary;               // owned: path of the executable
    char *endpoint;             // owned
    pid_t pid;                  // 0 when not running
    s_key_t keys[E2E_MAX_KEYS]; // extra config keys
    size_t nkeys;               // entries used in keys
    hr_client_t *client;        // owned, made on first call
} s_daemon_t;

struct e2e {
    char *dir;                           // owned
    char *config_dir;                    // owned
    s_daemon_t daemons[E2E_MAX_DAEMONS]; // started or configured daemons
    size_t ndaemons;                     // entries used in daemons
    int64_t clock_offset_ms;             // re-applied on restart
    hr_clock_t *clock;                   // owned: for the clients
    bool failed;                         // print logs at stop
};

// Process groups to kill if the test process exits without e2e_stop (an assert failed).
static pid_t s_leftover[64];
static size_t s_nleftover;

static void s_kill_leftovers(void)
{
    for (size_t i = 0; i < s_nleftover; i++)
        if (s_leftover[i] > 0)
            kill(-s_leftover[i], SIGKILL);
}

static void s_track(pid_t pid)
{
    static bool registered;
    if (!registered) {
        atexit(s_kill_leftovers);
        registered = true;
    }
    for (size_t i = 0; i < s_nleftover; i++)
        if (s_leftover[i] == 0) {
            s_leftover[i] = pid;
            return;
        }
    if (s_nleftover < HR_ARRAY_LEN(s_leftover))
        s_leftover[s_nleftover++] = pid;
}

static void s_untrack(pid_t pid)
{
    for (size_t i = 0; i < s_nleftover; i++)
        if (s_leftover[i] == pid)
            s_leftover[i] = 0;
}

e2e_t *e2e_new(const char *name)
{
    e2e_t *c = hr_alloc(sizeof *c);
    char *tag = hr_strfmt("e2e-%s", name);
    c->dir = hr_test_tmpdir(tag);
    hr_free(tag);
    c->config_dir = hr_strfmt("%s/config", c->dir);
    const char *subdirs[] = {"config", "run", "data", "log"};
    for (size_t i = 0; i < HR_ARRAY_LEN(subdirs); i++) {
        char *p = hr_strfmt("%s/%s", c->dir, subdirs[i]);
        mkdir(p, 0700);
        hr_free(p);
    }
    c->clock = hr_clock_system_new();
    zsys_init();
    zsys_set_logstream(NULL);
    zsys_handler_set(NULL);
    return c;
}

static s_daemon_t *s_daemon(e2e_t *c, const char *service)
{
    for (size_t i = 0; i < c->ndaemons; i++)
        if (!strcmp(c->daemons[i].name, service))
            return &c->daemons[i];
    if (c->ndaemons >= E2E_MAX_DAEMONS) {
        fprintf(stderr, "e2e: too many daemons\n");
        abort();
    }
    s_daemon_t *d = &c->daemons[c->ndaemons++];
    memset(d, 0, sizeof *d);
    d->name = hr_strdup(service);
    d->endpoint = hr_strfmt("ipc://%s/run/%s.ipc", c->dir, service);
    return d;
}

void e2e_config(e2e_t *c, const char *service, const char *path, const char *value)
{
    s_daemon_t *d = s_daemon(c, service);
    for (size_t i = 0; i < d->nkeys; i++)
        if (!strcmp(d->keys[i].path, path)) {
            hr_free(d->keys[i].value);
            d->keys[i].value = hr_strdup(value);
            return;
        }
    if (d->nkeys >= E2E_MAX_KEYS) {
        fprintf(stderr, "e2e: too many config keys for %s\n", service);
        abort();
    }
    d->keys[d->nkeys].path = hr_strdup(path);
    d->keys[d->nkeys].value = hr_strdup(value);
    d->nkeys++;
}

void e2e_config_unset(e2e_t *c, const char *service, const char *path)
{
    s_daemon_t *d = s_daemon(c, service);
    for (size_t i = 0; i < d->nkeys; i++)
        if (!strcmp(d->keys[i].path, path)) {
            hr_free(d->keys[i].path);
            hr_free(d->keys[i].value);
            memmove(&d->keys[i], &d->keys[i + 1], (d->nkeys - i - 1) * sizeof d->keys[0]);
            d->nkeys--;
            return;
        }
}

// The value a test set for path, or NULL.
static const char *s_key_value(const s_daemon_t *d, const char *path)
{
    for (size_t i = 0; i < d->nkeys; i++)
        if (!strcmp(d->keys[i].path, path))
            return d->keys[i].value;
    return NULL;
}

// Writes the keys a test set in `section` (marking them done) under a section already opened.
static void s_write_section_keys(FILE *f, s_daemon_t *d, const char *section, bool *done)
{
    size_t seclen = strlen(section);
    for (size_t k = 0; k < d->nkeys; k++)
        if (!done[k] && !strncmp(d->keys[k].path, section, seclen) &&
            d->keys[k].path[seclen] == '/') {
            fprintf(f, "    %s = \"%s\"\n", d->keys[k].path + seclen + 1, d->keys[k].value);
            done[k] = true;
        }
}

// Writes config/<service>.cfg in ZPL, grouping keys by section. Keys a test set in the sections
// the harness writes itself (bus, store, log) go into those sections and win over its defaults:
// zconfig finds only the first section of a name.
static int s_write_config(e2e_t *c, s_daemon_t *d)
{
    char *path = hr_strfmt("%s/%s.cfg", c->config_dir, d->name);
    FILE *f = fopen(path, "w");
    hr_free(path);
    if (!f)
        return -1;
    bool done[E2E_MAX_KEYS] = {false};
    const char *mapsize = s_key_value(d, "store/mapsize_mb");
    const char *level = s_key_value(d, "log/level");
    fprintf(f, "#   written by the e2e harness\nbus\n    endpoint = \"%s\"\n", d->endpoint);
    s_write_section_keys(f, d, "bus", done);
    fprintf(f, "store\n    dir = \"%s/data/%s\"\n", c->dir, d->name);
    if (!mapsize)
        fprintf(f, "    mapsize_mb = 64\n");
    s_write_section_keys(f, d, "store", done);
    fprintf(f, "log\n");
    if (!level)
        fprintf(f, "    level = \"debug\"\n");
    s_write_section_keys(f, d, "log", done);
    for (size_t i = 0; i < d->nkeys; i++) {
        if (done[i])
            continue;
        const char *slash = strchr(d->keys[i].path, '/');
        size_t seclen = slash ? (size_t)(slash - d->keys[i].path) : 0;
        fprintf(f, "%.*s\n", (int)seclen, d->keys[i].path);
        for (size_t k = i; k < d->nkeys; k++) {
            const char *ks = strchr(d->keys[k].path, '/');
            if (done[k] || !ks || (size_t)(ks - d->keys[k].path) != seclen ||
                strncmp(d->keys[k].path, d->keys[i].path, seclen))
                continue;
            // A key a level deeper (branch/BJ/city): its subsection, with all of its keys.
            const char *sub = strchr(ks + 1, '/');
            if (sub) {
                size_t sublen = (size_t)(sub - d->keys[k].path) + 1; // "branch/BJ/"
                fprintf(f, "    %.*s\n", (int)(sub - ks - 1), ks + 1);
                for (size_t m = k; m < d->nkeys; m++)
                    if (!done[m] && !strncmp(d->keys[m].path, d->keys[k].path, sublen) &&
                        !strchr(d->keys[m].path + sublen, '/')) {
                        fprintf(f, "        %s = \"%s\"\n", d->keys[m].path + sublen,
                                d->keys[m].value);
                        done[m] = true;
                    }
                continue;
            }
            fprintf(f, "    %s = \"%s\"\n", ks + 1, d->keys[k].value);
            done[k] = true;
        }
    }
    return fclose(f) ? -1 : 0;
}

static char *s_binary_path(const char *name)
{
    char *path = hr_strfmt("%s/bin/%s", HR_BINARY_DIR, name);
    if (access(path, X_OK) == 0)
        return path;
    hr_free(path);
    return hr_strfmt("%s/tests/%s", HR_BINARY_DIR, name);
}

static void s_print_log(e2e_t *c, const char *service)
{
    char *path = hr_strfmt("%s/log/%s.log", c->dir, service);
    char *text = hr_test_read_file(path, NULL);
    fprintf(stderr, "----- %s -----\n%s\n----- end of %s -----\n", path, text ? text : "(no log)",
            service);
    hr_free(text);
    hr_free(path);
}

static int s_spawn(e2e_t *c, s_daemon_t *d)
{
    int pipefd[2];
    if (pipe(pipefd))
        return -1;
    char *cfg = hr_strfmt("%s/%s.cfg", c->config_dir, d->name);
    char *log = hr_strfmt("%s/log/%s.log", c->dir, d->name);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        // The daemon dies with the test process however it ends: the atexit clean-up does not
        // run when a sanitizer or an assert aborts it, and leftover daemons kept the machine busy.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        setpgid(0, 0);
        close(pipefd[0]);
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
        }
        char fdbuf[16];
        snprintf(fdbuf, sizeof fdbuf, "%d", pipefd[1]);
        execl(d->binary, d->binary, "--config", cfg, "--ready-fd", fdbuf, "--test-hooks",
              (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    hr_free(cfg);
    hr_free(log);
    if (pid < 0) {
        close(pipefd[0]);
        return -1;
    }
    setpgid(pid, pid);
    s_track(pid);
    d->pid = pid;

    char line[512] = "";
    size_t len = 0;
    struct pollfd pfd = {.fd = pipefd[0], .events = POLLIN};
    int64_t until = hr_clock_mono_ms(c->clock) + E2E_READY_TIMEOUT_MS;
    while (len < sizeof line - 1 && !strchr(line, '\n')) {
        int64_t left = until - hr_clock_mono_ms(c->clock);
        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
            break;
        ssize_t n = read(pipefd[0], line + len, sizeof line - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        line[len] = '\0';
    }
    close(pipefd[0]);
    if (strncmp(line, "READY", 5)) {
        fprintf(stderr, "e2e: %s did not become ready\n", d->name);
        s_print_log(c, d->name);
        c->failed = true;
        return -1;
    }
    return 0;
}

// The clock offset the test set, in the daemon's config too (test/clock_offset_ms), so its
// start-up work already runs on the test's clock.
static void s_offset_key(e2e_t *c, s_daemon_t *d)
{
    if (!c->clock_offset_ms && !s_key_value(d, "test/clock_offset_ms"))
        return;
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)c->clock_offset_ms);
    e2e_config(c, d->name, "test/clock_offset_ms", v);
}

int e2e_start_one(e2e_t *c, const char *service, const char *binary)
{
    s_daemon_t *d = s_daemon(c, service);
    s_offset_key(c, d);
    hr_free(d->binary);
    char *name = binary ? hr_strdup(binary) : hr_strfmt("hr-%s", service);
    d->binary = s_binary_path(name);
    hr_free(name);
    if (s_write_config(c, d))
        return -1;
    if (s_spawn(c, d))
        return -1;
    if (c->clock_offset_ms) {
        Hr__Sys__ClockSetRequest req = HR__SYS__CLOCK_SET_REQUEST__INIT;
        req.offset_ms = c->clock_offset_ms;
        hr_arena_t *arena = hr_arena_new(0);
        hr_result_t res;
        hr_rc_t rc = e2e_call(c, service, "sys.ClockSet", &req.base,
                              &hr__sys__clock_set_reply__descriptor, arena, &res);
        hr_arena_destroy(&arena);
        if (rc)
            return -1;
    }
    return 0;
}

int e2e_start(e2e_t *c, const char *const *services)
{
    for (size_t i = 0; services[i]; i++)
        if (e2e_start_one(c, services[i], NULL))
            return -1;
    return 0;
}

static int s_wait(pid_t pid, int timeout_ms, int *status)
{
    for (int waited = 0; waited < timeout_ms; waited += 10) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0)
            return -1;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

void e2e_kill(e2e_t *c, const char *service, int sig)
{
    s_daemon_t *d = s_daemon(c, service);
    if (!d->pid)
        return;
    kill(-d->pid, sig);
    if (sig == SIGKILL) {
        int status;
        waitpid(d->pid, &status, 0);
        s_untrack(d->pid);
        d->pid = 0;
    }
}

int e2e_stop_one(e2e_t *c, const char *service)
{
    s_daemon_t *d = s_daemon(c, service);
    if (!d->pid)
        return 0;
    kill(d->pid, SIGTERM);
    int status = 0;
    if (s_wait(d->pid, E2E_STOP_TIMEOUT_MS, &status)) {
        fprintf(stderr, "e2e: %s did not stop on SIGTERM\n", d->name);
        kill(-d->pid, SIGKILL);
        waitpid(d->pid, &status, 0);
        status = -1;
    }
    s_untrack(d->pid);
    d->pid = 0;
    hr_client_destroy(&d->client);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int e2e_restart(e2e_t *c, const char *service)
{
    s_daemon_t *d = s_daemon(c, service);
    if (d->pid) {
        int status;
        if (s_wait(d->pid, E2E_STOP_TIMEOUT_MS, &status))
            return -1;
        s_untrack(d->pid);
        d->pid = 0;
    }
    hr_client_destroy(&d->client); // a fresh connection, as a real peer would reconnect
    if (c->clock_offset_ms) {
        s_offset_key(c, d);
        if (s_write_config(c, d))
            return -1;
    }
    if (s_spawn(c, d))
        return -1;
    if (c->clock_offset_ms) {
        Hr__Sys__ClockSetRequest req = HR__SYS__CLOCK_SET_REQUEST__INIT;
        req.offset_ms = c->clock_offset_ms;
        hr_arena_t *arena = hr_arena_new(0);
        hr_result_t res;
        hr_rc_t rc = e2e_call(c, service, "sys.ClockSet", &req.base,
                              &hr__sys__clock_set_reply__descriptor, arena, &res);
        hr_arena_destroy(&arena);
        return rc ? -1 : 0;
    }
    return 0;
}

void e2e_clock_pin(e2e_t *c, int64_t at_ms)
{
    c->clock_offset_ms = at_ms - hr_clock_now_ms(c->clock);
}

int e2e_clock_advance(e2e_t *c, int64_t ms)
{
    c->clock_offset_ms += ms;
    hr_arena_t *arena = hr_arena_new(0);
    int rc = 0;
    for (size_t i = 0; i < c->ndaemons; i++) {
        if (!c->daemons[i].pid)
            continue;
        Hr__Sys__ClockSetRequest req = HR__SYS__CLOCK_SET_REQUEST__INIT;
        req.offset_ms = c->clock_offset_ms;
        hr_result_t res;
        if (e2e_call(c, c->daemons[i].name, "sys.ClockSet", &req.base,
                     &hr__sys__clock_set_reply__descriptor, arena, &res))
            rc = -1;
    }
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t e2e_call(e2e_t *c, const char *service, const char *type, const ProtobufCMessage *req,
                 const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena, hr_result_t *res)
{
    s_daemon_t *d = s_daemon(c, service);
    if (!d->client) {
        char *err = NULL;
        d->client = hr_client_new(d->endpoint, c->clock, &err);
        if (!d->client) {
            fprintf(stderr, "e2e: %s\n", err);
            hr_free(err);
            memset(res, 0, sizeof *res);
            res->rc = HR_EUNAVAIL;
            return HR_EUNAVAIL;
        }
    }
    static char *roles[] = {"operator"};
    Hr__Actor actor = HR__ACTOR__INIT;
    actor.user_id = "operator";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.timeout_ms = 2000, .retries = 2, .actor = &actor};
    hr_rc_t rc = hr_client_call(d->client, type, req, reply_desc, arena, &opts, res);
    zmsg_destroy(&res->frames);
    return rc;
}

const char *e2e_dir(const e2e_t *c)
{
    return c->dir;
}

const char *e2e_config_dir(const e2e_t *c)
{
    return c->config_dir;
}

int e2e_hrctl(e2e_t *c, char **out, char **err, const char *const *args)
{
    char *bin = hr_test_bin_path("hrctl");
    char *argv[24];
    size_t n = 0;
    argv[n++] = bin;
    for (size_t i = 0; args[i] && n < 20; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--config-dir";
    argv[n++] = c->config_dir;
    argv[n] = NULL;
    int rc = e2e_run(argv, out, err);
    hr_free(bin);
    return rc;
}

void e2e_set_endpoint(e2e_t *c, const char *service, const char *endpoint)
{
    s_daemon_t *d = s_daemon(c, service);
    hr_free(d->endpoint);
    d->endpoint = hr_strdup(endpoint);
}

const char *e2e_endpoint(e2e_t *c, const char *service)
{
    return s_daemon(c, service)->endpoint;
}

pid_t e2e_pid(e2e_t *c, const char *service)
{
    return s_daemon(c, service)->pid;
}

int e2e_run(char *const argv[], char **out, char **err)
{
    return hr_test_run(argv, out, err);
}

void e2e_fail(e2e_t *c)
{
    c->failed = true;
}

static bool s_log_is_clean(e2e_t *c, const char *service)
{
    char *path = hr_strfmt("%s/log/%s.log", c->dir, service);
    char *text = hr_test_read_file(path, NULL);
    hr_free(path);
    bool clean = !text || (!strstr(text, "AddressSanitizer") && !strstr(text, "runtime error:") &&
                           !strstr(text, "LeakSanitizer"));
    hr_free(text);
    return clean;
}

int e2e_stop(e2e_t **c_p)
{
    e2e_t *c = *c_p;
    if (!c)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < c->ndaemons; i++) {
        hr_client_destroy(&c->daemons[i].client);
        if (c->daemons[i].pid)
            kill(c->daemons[i].pid, SIGTERM);
    }
    for (size_t i = 0; i < c->ndaemons; i++) {
        s_daemon_t *d = &c->daemons[i];
        if (d->pid) {
            int status = 0;
            if (s_wait(d->pid, E2E_STOP_TIMEOUT_MS, &status)) {
                fprintf(stderr, "e2e: %s did not stop on SIGTERM\n", d->name);
                kill(-d->pid, SIGKILL);
                waitpid(d->pid, &status, 0);
                rc = -1;
            } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "e2e: %s exited badly (status 0x%x)\n", d->name, status);
                rc = -1;
            }
            s_untrack(d->pid);
            d->pid = 0;
        }
        if (!s_log_is_clean(c, d->name)) {
            fprintf(stderr, "e2e: %s's log holds a sanitizer report\n", d->name);
            rc = -1;
        }
    }
    if (rc || c->failed)
        for (size_t i = 0; i < c->ndaemons; i++)
            s_print_log(c, c->daemons[i].name);
    else
        hr_test_rmdir(c->dir);
    for (size_t i = 0; i < c->ndaemons; i++) {
        s_daemon_t *d = &c->daemons[i];
        for (size_t k = 0; k < d->nkeys; k++) {
            hr_free(d->keys[k].path);
            hr_free(d->keys[k].value);
        }
        hr_free(d->name);
        hr_free(d->binary);
        hr_free(d->endpoint);
    }
    hr_clock_destroy(&c->clock);
    hr_free(c->config_dir);
    hr_free(c->dir);
    hr_free(c);
    *c_p = NULL;
    return rc;
}

const char *e2e_status_extra(e2e_t *c, const char *service, const char *key, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    hr_rc_t rc = e2e_call(c, service, "sys.Status", &req.base, &hr__sys__status_reply__descriptor,
                          arena, &res);
    if (rc) {
        fprintf(stderr, "e2e: sys.Status of hr-%s: %s\n", service, hr_rc_name(rc));
        abort();
    }
    const Hr__Sys__StatusReply *st = res.reply;
    size_t n = strlen(key);
    for (size_t i = 0; i < st->n_extra; i++)
        if (!strncmp(st->extra[i], key, n) && st->extra[i][n] == '=')
            return st->extra[i] + n + 1;
    return NULL;
}
