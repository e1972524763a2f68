/*  hr_daemon - one main loop for every service.
 *
 *  Start-up order: arguments, config (every key validated), log,
 *  single-instance lock in store/dir (before the bind: a second process binding the same ipc://
 *  path would silently steal the socket file), store, ROUTER, the service's start(), READY on
 *  --ready-fd. Then one thread polls the ROUTER and any sockets the service added, runs the
 *  timers, and stops on SIGTERM/SIGINT (czmq sets zsys_interrupted). SIGHUP, which operators
 *  send for a reload (and a closing terminal sends too), reloads nothing - the config and the
 *  calendar are read at start-up only - and does not stop the daemon either (a clean exit is
 *  one systemd's Restart=on-failure would not undo): it is logged as daemon.sighup, saying to
 *  restart, and the daemon carries on. Once start() has read its keys, a key in the file that
 *  nobody asked for (nor allowed: peers/<daemon>) stops the start, named with its line and the
 *  closest known key - a typo is never a silent default.
 *
 *  sys.ClockSet exists only with --test-hooks; without it the route answers EDENIED so a
 *  production daemon's clock cannot be moved by anyone on the bus. With --test-hooks the config
 *  may also set test/clock_offset_ms, the offset the clock starts with (a test's clock from the
 *  first instant: start-up work runs on it too).
 */
#define _XOPEN_SOURCE 700 // realpath
#include "hr_daemon.h"
#include "hr_curve.h"
#include "hr_envelope.h"
#include "hr_events.h"
#include "hr_id.h"
#include "hr_log.h"
#include "hr_outbox.h"

#include <assert.h>
#include <czmq.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define HR_LOCK_FILE "daemon.lock"
#define HR_DAEMON_CLOCK_OFFSET_MAX_MS (200LL * 366 * HR_DAY_MS) // test/clock_offset_ms
#define HR_MAPSIZE_MAX_MB (1024 * 1024)

// Set by the SIGHUP handler, taken back by the loop, which logs it: a handler may not log.
static volatile sig_atomic_t s_sighup;

typedef struct {
    zsock_t *sock;    // borrowed
    hr_reader_fn *fn; // called when readable
    void *arg;        // passed to fn
} s_reader_t;

// A store copy running in the background for a sys.Backup request.
typedef struct {
    hr_job_t job;      // first: in d->backups under the request's msg_id
    char *dir;         // owned: where the copy goes
    hr_store_t *store; // borrowed: what is copied
    hr_rc_t rc;        // the copy's result
    char *why;         // owned: hr_store_backup's reason when rc is not HR_OK
    uint64_t bytes;    // size of the copy
    uint64_t last_seq; // the event log's last seq before the copy began
} s_backup_t;

struct hr_daemon {
    const hr_service_t *service; // borrowed: static description
    void *self;                  // borrowed: the service's state
    char *config_path;           // owned
    char *config_abs;    // owned: config_path made absolute at start (sys.Status config_file=)
    hr_config_t *config; // owned
    hr_clock_t *clock;   // owned: system clock (+ offset with test hooks)
    hr_store_t *store;   // owned
    hr_server_t *server; // owned
    hr_timers_t *timers; // owned
    s_reader_t readers[HR_DAEMON_MAX_READERS]; // extra sockets in the loop
    size_t nreaders;                           // entries used in readers
    int ready_fd;                              // -1 when not asked for
    bool test_hooks;                           // --test-hooks given
    int lock_fd;                               // holds the flock while running
    int64_t started_ms;                        // wall clock at start
    int64_t started_mono_ms;                   // monotonic clock at start
    hr_job_t *backups;                         // owned: s_backup_t, running or not yet answered
};

static hr_rc_t s_handle_ping(void *arg, hr_call_t *call);
static hr_rc_t s_handle_status(void *arg, hr_call_t *call);
static hr_rc_t s_handle_clock_set(void *arg, hr_call_t *call);
static hr_rc_t s_handle_backup(void *arg, hr_call_t *call);

static const hr_route_t s_sys_routes[] = {
    {"sys.Ping", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_READ, s_handle_ping},
    {"sys.Status", &hr__sys__status_request__descriptor, &hr__sys__status_reply__descriptor,
     HR_ROUTE_READ, s_handle_status},
    {"sys.ClockSet", &hr__sys__clock_set_request__descriptor, &hr__sys__clock_set_reply__descriptor,
     HR_ROUTE_READ, s_handle_clock_set},
    {"sys.Backup", &hr__sys__backup_request__descriptor, &hr__sys__backup_reply__descriptor,
     HR_ROUTE_READ, s_handle_backup},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

// A core file holds what the process held: hr-evidence's master key, the records being read,
// the people being written to. Unless debug/core_dumps asks for one (a developer's machine),
// none is written: RLIMIT_CORE 0 (soft and hard, for good) and not dumpable, which also keeps
// other processes of the same user from attaching to the daemon or reading its memory.
// 0, or -1 with errno set.
static int s_no_core_dumps(void)
{
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none))
        return -1;
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static hr_rc_t s_handle_ping(void *arg, hr_call_t *call)
{
    hr_daemon_t *d = arg;
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    if (req->payload.len > HR_PING_PAYLOAD_MAX)
        return hr_call_fail(call, HR_EINVAL, "payload: %zu bytes, at most %d", req->payload.len,
                            HR_PING_PAYLOAD_MAX);
    rep->payload = req->payload;
    rep->now_ms = hr_clock_now_ms(d->clock);
    return HR_OK;
}

static hr_rc_t s_handle_status(void *arg, hr_call_t *call)
{
    hr_daemon_t *d = arg;
    Hr__Sys__StatusReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_server_stats_t stats;
    hr_server_stats(d->server, &stats);

    rep->service = (char *)d->service->name;
    rep->version = HR_VERSION;
    rep->started_ms = d->started_ms;
    rep->uptime_ms = hr_clock_mono_ms(d->clock) - d->started_mono_ms;
    rep->now_ms = hr_call_now_ms(call);
    rep->clock_offset_ms = hr_clock_offset_ms(d->clock);
    rep->test_hooks = d->test_hooks;
    rep->endpoint = hr_arena_strdup(arena, hr_server_endpoint(d->server));
    rep->store_size_bytes = hr_store_file_bytes(d->store);
    rep->store_map_bytes = hr_store_map_bytes(d->store);
    rep->outbox_depth = hr_store_count(txn, HR_DB_OUTBOX);
    hr_outbox_oldest_ms(txn, &rep->outbox_oldest_ms);
    uint64_t last_seq = 0;
    hr_store_last_seq(txn, HR_DB_EVENTS, &last_seq);
    rep->last_event_seq = last_seq;
    rep->dedupe_size = hr_store_count(txn, HR_DB_DEDUPE);
    rep->requests = stats.requests;
    rep->waiting = stats.waiting;
    rep->dropped = stats.dropped;
    rep->pid = (uint32_t)getpid();
    rep->schema_version = hr_store_schema_version(d->store);
    rep->dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1;
    if (d->service->status)
        d->service->status(d->self, rep, arena);
    if (d->service->status_store)
        d->service->status_store(d->self, txn, rep, arena);
    hr_consumer_status_lines(txn, arena, rep); // after: a status hook sets extra
    // The config file this daemon was started with: hrctl health names it in its hints.
    char **extra = hr_arena_alloc(arena, (rep->n_extra + 1) * sizeof *extra);
    if (rep->n_extra)
        memcpy(extra, rep->extra, rep->n_extra * sizeof *extra);
    extra[rep->n_extra++] =
        hr_arena_fmt(arena, "config_file=%s", d->config_abs ? d->config_abs : d->config_path);
    rep->extra = extra;
    return HR_OK;
}

static hr_rc_t s_handle_clock_set(void *arg, hr_call_t *call)
{
    hr_daemon_t *d = arg;
    if (!d->test_hooks)
        return hr_call_fail(call, HR_EDENIED,
                            "sys.ClockSet: the daemon was not started with "
                            "--test-hooks");
    const Hr__Sys__ClockSetRequest *req = hr_call_request(call);
    Hr__Sys__ClockSetReply *rep = hr_call_reply(call);
    hr_clock_set_offset(d->clock, req->offset_ms);
    rep->now_ms = hr_clock_now_ms(d->clock);
    hr_warn("clock.set", "offset_ms=%lld", (long long)req->offset_ms);
    return HR_OK;
}

// The copy, on a thread of its own (hr_call_park). The event log's last seq is read first: the
// copy's committed state is at least that new, so a backup never holds a consumer's cursor
// ahead of what the reply says.
static void s_backup_work(const hr_server_t *server, void *arg)
{
    (void)server;
    s_backup_t *b = arg;
    hr_txn_t *txn = NULL;
    b->rc = hr_store_reader_begin(b->store, &txn);
    if (!b->rc) {
        hr_store_last_seq(txn, HR_DB_EVENTS, &b->last_seq);
        hr_txn_abort(&txn);
        b->rc = hr_store_backup(b->store, b->dir, &b->bytes, &b->why);
    }
}

static void s_backup_free(s_backup_t *b)
{
    hr_free(b->why);
    hr_free(b->dir);
    hr_free(b);
}

// sys.Backup: the store copied while the daemon serves - the copy runs in the background and
// the request is answered when it ends (hr_call_park). Only the operator may ask
// (hr_actor_is_operator: hrctl's identity, never a person claiming the role): the copy holds
// every record and is written with the daemon's rights to a path the caller names.
static hr_rc_t s_handle_backup(void *arg, hr_call_t *call)
{
    hr_daemon_t *d = arg;
    const Hr__Sys__BackupRequest *req = hr_call_request(call);
    Hr__Sys__BackupReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Actor *actor = hr_call_actor(call);
    if (!hr_actor_is_operator(actor)) {
        hr_warn("store.backup_denied", "user=%s", hr_actor_log_id(actor));
        return hr_call_fail(call, HR_EDENIED,
                            "sys.Backup: only the operator (hrctl backup) may take a backup");
    }
    if (req->dir[0] != '/' || strlen(req->dir) > HR_BACKUP_DIR_MAX)
        return hr_call_fail(call, HR_EINVAL, "dir: an absolute path of at most %d bytes",
                            HR_BACKUP_DIR_MAX);
    bool running = false;
    s_backup_t *b = (s_backup_t *)hr_call_job(call, &d->backups, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while the copy runs
    if (!b) {
        b = hr_alloc(sizeof *b);
        b->dir = hr_strdup(req->dir);
        b->store = d->store;
        hr_rc_t rc = hr_call_park_job(call, &d->backups, &b->job, s_backup_work);
        if (rc)
            s_backup_free(b);
        return rc;
    }
    // Answered now, whatever the copy's result. A directory this daemon may not write
    // (systemd's ProtectSystem=strict without ReadWritePaths=, another container's volume) is
    // named as such, with the remedy.
    hr_rc_t rc = b->rc;
    uint64_t bytes = b->bytes, last_seq = b->last_seq;
    const char *why = b->why ? b->why : "could not write the copy";
    if (rc == HR_EDENIED)
        hr_call_fail(call, rc,
                     "dir: %s (give hr-%s the directory, e.g. ReadWritePaths= in its systemd unit)",
                     why, d->service->name);
    else if (rc)
        hr_call_fail(call, rc, "dir: %s", why);
    s_backup_free(b);
    if (rc)
        return rc;
    rep->path = hr_arena_fmt(arena, "%s/data.mdb", req->dir);
    rep->bytes = bytes;
    rep->at_ms = hr_call_now_ms(call);
    rep->last_event_seq = last_seq;
    char *store_abs = realpath(hr_store_dir(d->store), NULL);
    rep->store_dir = hr_arena_strdup(arena, store_abs ? store_abs : hr_store_dir(d->store));
    free(store_abs); // from realpath
    if (d->service->backup)
        d->service->backup(d->self, rep, arena);
    hr_info("store.backup", "dir=%s bytes=%llu by=%s", req->dir, (unsigned long long)bytes,
            hr_actor_log_id(actor));
    return HR_OK;
}

static void s_usage(const char *name, FILE *out)
{
    fprintf(out, "usage: hr-%s --config FILE [--ready-fd N] [--test-hooks]\n", name);
}

// Returns 0 to go on, or an exit code.
static int s_parse_args(hr_daemon_t *d, int argc, char **argv)
{
    const char *name = d->service->name;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--config") && i + 1 < argc) {
            hr_free(d->config_path);
            d->config_path = hr_strdup(argv[++i]);
        } else if (!strcmp(a, "--ready-fd") && i + 1 < argc) {
            int64_t fd = 0;
            if (!hr_parse_i64(argv[++i], 0, 65535, &fd)) {
                fprintf(stderr, "hr-%s: --ready-fd: '%s' is not a file descriptor\n", name,
                        argv[i]);
                return 2;
            }
            d->ready_fd = (int)fd;
        } else if (!strcmp(a, "--test-hooks")) {
            d->test_hooks = true;
        } else if (!strcmp(a, "--version")) {
            printf("hr-%s %s\n", name, HR_VERSION);
            return -1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            s_usage(name, stdout);
            return -1;
        } else {
            fprintf(stderr, "hr-%s: unknown argument '%s'\n", name, a);
            s_usage(name, stderr);
            return 2;
        }
    }
    if (!d->config_path) {
        fprintf(stderr, "hr-%s: --config FILE is required\n", name);
        s_usage(name, stderr);
        return 2;
    }
    return 0;
}

// The daemons a config may name under peers/ (and their event hints, peers/<name>_events):
// every one of hr_service_names, looked up when first needed (an outbox row's destination), so
// not asked for at start.
static void s_allow_peers(hr_config_t *config)
{
    for (size_t i = 0; hr_service_names[i]; i++) {
        char *key = hr_strfmt("peers/%s", hr_service_names[i]);
        hr_config_allow(config, key);
        hr_free(key);
        key = hr_strfmt("peers/%s_events", hr_service_names[i]);
        hr_config_allow(config, key);
        hr_free(key);
    }
}

// An unknown key is most likely a typo of a known one, and a typo silently left at its
// default (a From: address, a retention) is worse than a daemon that does not start: each one
// is named on stderr with its file and line and the closest known key, and the start stops.
static void s_report_unknown(void *arg, const char *path)
{
    hr_daemon_t *d = arg;
    char *hint = hr_config_unknown_hint(d->config, path);
    if (!d->test_hooks && !strncmp(path, "test/", 5)) {
        hr_free(hint);
        hint = hr_strdup("test/ keys are read only with --test-hooks");
    }
    unsigned line = hr_config_line(d->config, path);
    char at[32] = "";
    if (line)
        snprintf(at, sizeof at, ":%u", line);
    hr_error("config.unknown_key", "file=%s line=%u key=%s hint=\"%s\"", d->config_path, line, path,
             hint);
    fprintf(stderr, "hr-%s: %s%s: %s: unknown key; %s\n", d->service->name, d->config_path, at,
            path, hint);
    hr_free(hint);
}

// The same for the environment: HR_SMTP_FORM beside smtp/from is a typo whose key stays at its
// default, named as a file's unknown key is.
static void s_report_unknown_env(void *arg, const char *name, const char *path)
{
    hr_daemon_t *d = arg;
    char *known = hr_config_env_name(path);
    hr_error("config.unknown_env", "name=%s hint=\"did you mean %s (%s)?\"", name, known, path);
    fprintf(stderr, "hr-%s: environment: %s: unknown variable; did you mean %s (%s)?\n",
            d->service->name, name, known, path);
    hr_free(known);
}

static void s_log_effective(void *arg, const char *path, const char *value)
{
    HR_UNUSED(arg);
    hr_info("config.effective", "key=%s value=%s", path, value);
}

// Takes the flock on store/dir/daemon.lock. Returns 0, or 1 with the reason on stderr.
static int s_lock(hr_daemon_t *d, const char *dir)
{
    if (hr_mkdirs(dir, 0700)) {
        fprintf(stderr, "hr-%s: %s: cannot create: %s\n", d->service->name, dir, strerror(errno));
        return 1;
    }
    char *path = hr_strfmt("%s/%s", dir, HR_LOCK_FILE);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "hr-%s: %s: %s\n", d->service->name, path, strerror(errno));
        hr_free(path);
        return 1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        fprintf(stderr,
                "hr-%s: another instance (pid %s) is already running on %s (lock %s held); "
                "refusing to start\n",
                d->service->name, pid[0] ? pid : "?", dir, path);
        close(fd);
        hr_free(path);
        return 1;
    }
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%d\n", (int)getpid());
    if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)len, 0) != len)
        hr_warn("daemon.lock_write", "path=%s", path);
    hr_free(path);
    d->lock_fd = fd;
    return 0;
}

// Reads and validates config, takes the lock, opens the store and binds. 0 or exit code 1.
static int s_open(hr_daemon_t *d)
{
    const char *name = d->service->name;
    char *err = NULL;
    d->config = hr_config_load(d->config_path, &err);
    // The file in use, as a path that still names it from anywhere: hrctl health's hints name
    // it (etc/hr/analytics.cfg, /etc/hr/...), never the shipped deploy/config.
    char *abs = d->config ? realpath(d->config_path, NULL) : NULL;
    hr_free(d->config_abs);
    d->config_abs = hr_strdup(abs ? abs : d->config_path);
    free(abs); // from realpath
    if (!d->config) {
        fprintf(stderr, "hr-%s: %s\n", name, err ? err : d->config_path);
        hr_free(err);
        return 1;
    }
    hr_log_level_t level = HR_LOG_INFO;
    const char *level_s = hr_config_str(d->config, "log/level", "info");
    if (!hr_log_level_parse(level_s, &level)) {
        fprintf(stderr, "hr-%s: log/level: '%s' is not one of debug, info, warn, error\n", name,
                level_s);
        return 1;
    }
    hr_log_init(name, level);
    if (!hr_config_bool(d->config, "debug/core_dumps", false) && s_no_core_dumps()) {
        fprintf(stderr, "hr-%s: cannot turn core dumps off: %s\n", name, strerror(errno));
        return 1;
    }
    const char *endpoint = hr_config_str(d->config, "bus/endpoint", "");
    const char *dir = hr_config_str(d->config, "store/dir", "");
    int64_t map_mb = hr_config_int(d->config, "store/mapsize_mb", HR_STORE_DEFAULT_MAPSIZE_MB, 1,
                                   HR_MAPSIZE_MAX_MB);
    int64_t map_max_mb = hr_config_int(d->config, "store/mapsize_max_mb",
                                       HR_STORE_DEFAULT_MAPSIZE_MAX_MB, 1, HR_MAPSIZE_MAX_MB);
    if (!*endpoint || !*dir) {
        fprintf(stderr, "hr-%s: %s: %s is required\n", name, d->config_path,
                !*endpoint ? "bus/endpoint" : "store/dir");
        return 1;
    }
    if (hr_config_error(d->config)) {
        fprintf(stderr, "hr-%s: %s: %s\n", name, d->config_path, hr_config_error(d->config));
        return 1;
    }
    if (s_lock(d, dir))
        return 1;
    // CURVE on the tcp:// sockets (keys/curve_dir; "" = off: one host, ipc://).
    const char *curve_dir = hr_config_str(d->config, "keys/curve_dir", "");
    if (*curve_dir && hr_curve_init(curve_dir, name, true, &err)) {
        fprintf(stderr, "hr-%s: keys/curve_dir: %s\n", name, err);
        hr_free(err);
        return 1;
    }
    if (!*curve_dir && !strncmp(endpoint, "tcp://", 6))
        hr_warn("bus.plaintext",
                "endpoint=%s reason=\"keys/curve_dir is not set: tcp traffic is "
                "neither encrypted nor authenticated\"",
                endpoint);

    hr_store_opts_t opts = {
        .dir = dir,
        .mapsize_mb = (size_t)map_mb,
        .mapsize_max_mb = (size_t)map_max_mb,
        .dbs = d->service->dbs,
        .schema_version = d->service->schema_version ? d->service->schema_version : 1,
        .migrations = d->service->migrations,
        .migration_arg = d->self,
    };
    d->store = hr_store_open(&opts, &err);
    if (!d->store) {
        fprintf(stderr, "hr-%s: %s\n", name, err);
        hr_free(err);
        return 1;
    }
    d->server = hr_server_new(endpoint, d->store, d->clock, &err);
    if (!d->server) {
        fprintf(stderr, "hr-%s: bus/endpoint %s\n", name, err);
        hr_free(err);
        return 1;
    }
    if (d->service->routes)
        hr_server_add_routes(d->server, d->service->routes, d->self);
    // Test hooks, read (and honoured) only with --test-hooks: fault injection for reliability
    // P3, and background work held back while a file exists.
    if (d->test_hooks) {
        hr_server_set_exit_after_commit(d->server,
                                        hr_config_str(d->config, "test/exit_after_commit", ""));
        hr_server_set_work_gate(d->server, hr_config_str(d->config, "test/work_gate", ""));
        hr_store_set_full_gate(d->store, hr_config_str(d->config, "test/commit_full", ""));
        // The clock a test moved, from the first instant: start-up work (reconcilers, the first
        // tick) runs on it too, not on the real date until a sys.ClockSet arrives.
        int64_t offset =
            hr_config_int(d->config, "test/clock_offset_ms", 0, -HR_DAEMON_CLOCK_OFFSET_MAX_MS,
                          HR_DAEMON_CLOCK_OFFSET_MAX_MS);
        if (offset)
            hr_clock_set_offset(d->clock, offset);
    }
    hr_server_add_routes(d->server, s_sys_routes, d);
    return 0;
}

static void s_tick(void *arg)
{
    hr_daemon_t *d = arg;
    if (d->service->tick)
        d->service->tick(d->self);
}

static void s_prune(void *arg)
{
    hr_daemon_t *d = arg;
    hr_server_prune(d->server);
}

static void s_ready(hr_daemon_t *d)
{
    hr_info("daemon.ready", "endpoint=%s pid=%d test_hooks=%d", hr_server_endpoint(d->server),
            (int)getpid(), d->test_hooks);
    if (d->ready_fd < 0)
        return;
    char line[512];
    int len = snprintf(line, sizeof line, "READY %s %s\n", d->service->name,
                       hr_server_endpoint(d->server));
    if (write(d->ready_fd, line, (size_t)len) != len)
        hr_warn("daemon.ready_fd", "fd=%d err=%d", d->ready_fd, errno);
    close(d->ready_fd);
    d->ready_fd = -1;
}

static void s_on_sighup(int sig)
{
    HR_UNUSED(sig);
    s_sighup = 1;
}

// SA_RESTART: a read or write the signal lands in goes on as if nothing happened; zmq_poll
// still returns EINTR (poll is never restarted), so the loop sees the flag at once.
static void s_catch_sighup(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = s_on_sighup;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
}

// A SIGHUP since the last pass: said once per signal (two close together may make one line).
static void s_log_sighup(const hr_daemon_t *d)
{
    if (!s_sighup)
        return;
    s_sighup = 0;
    hr_warn("daemon.sighup",
            "action=ignored reason=\"the config (and the calendar, where one is set) is read "
            "only at start-up: nothing was reloaded, and the daemon keeps running; restart "
            "hr-%s to apply a change (systemctl restart hr@%s, or deploy/run.sh again)\"",
            d->service->name, d->service->name);
}

// Polls the ROUTER through its ZMQ_FD and the readers as sockets, all in one zmq_poll. The
// ZMQ_FD is edge-triggered: it turns readable when the socket's state changes, not while
// messages wait. hr_server_dispatch() ends on a receive that found the socket empty, which
// re-arms it, unless it stopped at HR_SERVER_BATCH; then hr_server_drained() is false and the
// next pass does not wait. (Polling the ROUTER as a socket costs two more ZMQ_EVENTS queries
// and a poll per request: bench_bus.)
static void s_loop(hr_daemon_t *d)
{
    zmq_pollitem_t items[2 + HR_DAEMON_MAX_READERS];
    memset(items, 0, sizeof items);
    items[0].fd = zsock_fd(hr_server_socket(d->server));
    items[0].events = ZMQ_POLLIN;
    items[1].fd = hr_server_wake_fd(d->server); // background work of parked calls ended
    items[1].events = ZMQ_POLLIN;
    while (!zsys_interrupted) {
        for (size_t i = 0; i < d->nreaders; i++) {
            items[2 + i].socket = zsock_resolve(d->readers[i].sock);
            items[2 + i].events = ZMQ_POLLIN;
        }
        int wait_ms =
            hr_server_drained(d->server) ? hr_timers_wait_ms(d->timers, HR_DAEMON_TICK_MS) : 0;
        int rc = zmq_poll(items, (int)(2 + d->nreaders), wait_ms);
        s_log_sighup(d); // before this pass answers anything: a request sent after it sees it
        if (rc < 0) {
            if (zmq_errno() == EINTR)
                continue; // a signal: the loop condition decides
            break;        // ZeroMQ is terminating
        }
        if (items[0].revents || !hr_server_drained(d->server))
            hr_server_dispatch(d->server);
        if (items[1].revents & ZMQ_POLLIN)
            hr_server_wake(d->server);
        for (size_t i = 0; i < d->nreaders; i++)
            if (items[2 + i].revents & ZMQ_POLLIN)
                d->readers[i].fn(d->readers[i].arg, d->readers[i].sock);
        hr_timers_run_due(d->timers);
    }
}

static void s_close(hr_daemon_t *d)
{
    hr_server_destroy(&d->server); // joins the background work first
    while (d->backups) {
        s_backup_t *b = (s_backup_t *)d->backups;
        d->backups = b->job.next;
        s_backup_free(b);
    }
    hr_curve_shutdown(); // after the last socket a service made (its stop ran before)
    hr_store_destroy(&d->store);
    hr_timers_destroy(&d->timers);
    hr_config_destroy(&d->config);
    hr_clock_destroy(&d->clock);
    if (d->lock_fd >= 0)
        close(d->lock_fd);
    if (d->ready_fd >= 0)
        close(d->ready_fd);
    hr_free(d->config_path);
    hr_free(d->config_abs);
}

int hr_daemon_main(const hr_service_t *service, void *self, int argc, char **argv)
{
    hr_daemon_t d = {0};
    d.service = service;
    d.self = self;
    d.ready_fd = -1;
    d.lock_fd = -1;
    hr_log_init(service->name, HR_LOG_INFO);

    int rc = s_parse_args(&d, argc, argv);
    if (rc) {
        s_close(&d);
        return rc < 0 ? 0 : rc;
    }
    zsys_init();
    zsys_set_logstream(NULL);
    zsys_catch_interrupts();
    s_catch_sighup();
    d.clock = hr_clock_system_new();
    d.timers = hr_timers_new(d.clock);
    d.started_ms = hr_clock_now_ms(d.clock);
    d.started_mono_ms = hr_clock_mono_ms(d.clock);

    rc = s_open(&d);
    if (rc == 0 && service->start && service->start(self, &d)) {
        // A service that found a config value wrong records it (hr_config_fail): named here.
        if (hr_config_error(d.config))
            fprintf(stderr, "hr-%s: %s: %s\n", service->name, d.config_path,
                    hr_config_error(d.config));
        else
            fprintf(stderr, "hr-%s: could not start (see the log above)\n", service->name);
        rc = 1;
    } else if (rc == 0 && hr_config_error(d.config)) {
        fprintf(stderr, "hr-%s: %s: %s\n", service->name, d.config_path, hr_config_error(d.config));
        rc = 1;
    }
    if (rc == 0) {
        s_allow_peers(d.config);
        if (hr_config_unknown(d.config, s_report_unknown, &d)) {
            fprintf(stderr, "hr-%s: %s: refusing to start: a key hr-%s does not read\n",
                    service->name, d.config_path, service->name);
            rc = 1;
        }
        if (hr_config_unknown_env(d.config, s_report_unknown_env, &d)) {
            fprintf(stderr,
                    "hr-%s: refusing to start: an environment variable hr-%s does not read\n",
                    service->name, service->name);
            rc = 1;
        }
    }
    if (rc) {
        if (service->stop && d.store)
            service->stop(self);
        s_close(&d);
        return rc;
    }
    hr_config_each_effective(d.config, s_log_effective, &d);
    hr_timers_add(d.timers, HR_DAEMON_TICK_MS, true, s_tick, &d);
    hr_timers_add(d.timers, HR_DAEMON_PRUNE_EVERY_MS, true, s_prune, &d);

    s_ready(&d);
    s_loop(&d);
    hr_info("daemon.stopping", "signal=%d", zsys_interrupted ? 1 : 0);
    hr_server_stop_work(d.server); // before the service frees what its work uses
    if (service->stop)
        service->stop(self);
    s_close(&d);
    hr_info("daemon.stopped", "");
    return 0;
}

hr_config_t *hr_daemon_config(hr_daemon_t *daemon)
{
    return daemon->config;
}

hr_clock_t *hr_daemon_clock(hr_daemon_t *daemon)
{
    return daemon->clock;
}

hr_store_t *hr_daemon_store(hr_daemon_t *daemon)
{
    return daemon->store;
}

hr_server_t *hr_daemon_server(hr_daemon_t *daemon)
{
    return daemon->server;
}

hr_timers_t *hr_daemon_timers(hr_daemon_t *daemon)
{
    return daemon->timers;
}

bool hr_daemon_test_hooks(const hr_daemon_t *daemon)
{
    return daemon->test_hooks;
}

void hr_daemon_add_reader(hr_daemon_t *daemon, zsock_t *sock, hr_reader_fn *fn, void *arg)
{
    assert(daemon->nreaders < HR_DAEMON_MAX_READERS);
    daemon->readers[daemon->nreaders++] = (s_reader_t){sock, fn, arg};
}

void hr_daemon_add_routes(hr_daemon_t *daemon, const hr_route_t *routes, void *self)
{
    hr_server_add_routes(daemon->server, routes, self);
}

char *hr_daemon_peer_endpoint(hr_daemon_t *daemon, const char *name, char **err_out)
{
    *err_out = NULL;
    char *key = hr_strfmt("peers/%s", name);
    const char *direct = hr_config_str(daemon->config, key, "");
    hr_free(key);
    if (*direct) {
        hr_curve_peer(direct, name);
        return hr_strdup(direct);
    }
    char *copy = hr_strdup(daemon->config_path);
    char *path = hr_strfmt("%s/%s.cfg", dirname(copy), name);
    hr_free(copy);
    char *err = NULL;
    hr_config_t *peer = hr_config_load(path, &err);
    char *endpoint = NULL;
    const char *in_file = peer ? hr_config_file_str(peer, "bus/endpoint") : NULL;
    if (in_file && *in_file) {
        endpoint = hr_strdup(in_file);
        hr_curve_peer(endpoint, name);
    } else
        *err_out = hr_strfmt("peers/%s is not set and %s gives no bus/endpoint%s%s", name, path,
                             err ? ": " : "", err ? err : "");
    hr_config_destroy(&peer);
    hr_free(err);
    hr_free(path);
    return endpoint;
}
