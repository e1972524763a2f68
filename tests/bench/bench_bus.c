/*  bench_bus - the bus's round trips beside their floors, measured in one run (issue 2, Measure).
 *
 *  For each CPU placement - split (client CPU 0, server CPU 1) and same (both on CPU 0), see
 *  shared/reference/performance-floors.md - it times N round trips of 100-byte payloads over
 *  ipc:// after a warm-up:
 *
 *      bare    raw libzmq DEALER -> ROUTER echo, zmq_send/zmq_recv, no protobuf (the floor)
 *      ping    sys.Ping through hr_client to a real hr-analytics daemon (build/bin)
 *      write   a WRITE route through hr_client: dedupe + a 100-byte record + one synced LMDB
 *              commit, served by a real daemon: this program re-executed as hr_daemon_main()
 *              with a bench service whose one route is bench.PutRecord (--serve-write)
 *      commit  one synced LMDB commit of a 100-byte record in this process (storage floor)
 *      commit3 the same commit also holding the rows the write route adds (stored reply and
 *              time index, each in its own db): the disk cost of the dedupe design alone
 *
 *  and prints p50/p99 in microseconds and the ratios issue 2 targets: ping p50 within 1.5x of
 *  bare; write p50 within 1.2x of (bare + commit). Figures are printed, never asserted.
 *
 *      build/bench/bench_bus [--n N] [--warmup W] [--rounds R] [--dir DIR]
 *                            [--placement split|same|both] [--only bare|ping|write|commit|commit3]
 *
 *  Every server runs for the whole placement and the figures are taken in R interleaved rounds
 *  (n/R round trips of each in turn), so a drift of the disk or the host affects them alike.
 *
 *  Servers are child processes pinned with sched_setaffinity before exec (their ZeroMQ I/O
 *  threads inherit the mask); this process pins itself to CPU 0 before it makes any socket.
 */
#define _GNU_SOURCE
#include "hr.h"
#include "hr_test.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define BENCH_PAYLOAD 100
#define BENCH_N_DEFAULT 20000
#define BENCH_WARMUP_DEFAULT 2000
#define BENCH_ROUNDS_DEFAULT 10
#define BENCH_CALL_TIMEOUT_MS 5000
#define BENCH_READY_TIMEOUT_MS 10000
#define BENCH_TMPFS_MAGIC 0x01021994
#define BENCH_WRITE_DB "records"
#define BENCH_REPLY_BYTES 160 // about what the write route stores as its reply

// One round trip; on failure returns -1 with a reason in why.
typedef int(s_op_fn)(void *arg, char *why, size_t why_len);

static int64_t s_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int s_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int s_pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set)) {
        fprintf(stderr, "bench_bus: sched_setaffinity(cpu %d): %s\n", cpu, strerror(errno));
        return -1;
    }
    return 0;
}

// Writes "READY\n" to fd and closes it.
static void s_ready(int fd)
{
    if (write(fd, "READY\n", 6) != 6)
        fprintf(stderr, "bench_bus: cannot write READY\n");
    close(fd);
}

// ---------------------------------------------------------------------------------------------
// Servers (this program re-executed)

// --serve-bare ENDPOINT FD: a ROUTER echoing [identity, payload] with raw libzmq.
static int s_serve_bare(const char *endpoint, int ready_fd)
{
    void *ctx = zmq_ctx_new();
    void *router = zmq_socket(ctx, ZMQ_ROUTER);
    int linger = 0;
    zmq_setsockopt(router, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind(router, endpoint)) {
        fprintf(stderr, "bench_bus: bind %s: %s\n", endpoint, zmq_strerror(zmq_errno()));
        return 1;
    }
    s_ready(ready_fd);
    unsigned char id[256], body[4096];
    for (;;) {
        int idn = zmq_recv(router, id, sizeof id, 0);
        if (idn < 0)
            break;
        int n = zmq_recv(router, body, sizeof body, 0);
        if (n < 0)
            break;
        if (idn > (int)sizeof id || n > (int)sizeof body)
            continue;
        zmq_send(router, id, (size_t)idn, ZMQ_SNDMORE);
        zmq_send(router, body, (size_t)n, 0);
    }
    zmq_close(router);
    zmq_ctx_term(ctx);
    return 0;
}

// bench.PutRecord (write): stores the payload under the request's msg_id.
static hr_rc_t s_put_record(void *arg, hr_call_t *call)
{
    HR_UNUSED(arg);
    const Hr__Sys__PingRequest *req = hr_call_request(call);
    Hr__Sys__PingReply *rep = hr_call_reply(call);
    const char *id = hr_call_msg_id(call);
    hr_rc_t rc = hr_store_put(hr_call_txn(call), BENCH_WRITE_DB, id, strlen(id), req->payload.data,
                              req->payload.len, 0);
    if (rc)
        return hr_call_fail(call, rc, "record: cannot store");
    rep->now_ms = hr_call_now_ms(call);
    return HR_OK;
}

static const hr_route_t s_bench_routes[] = {
    {"bench.PutRecord", &hr__sys__ping_request__descriptor, &hr__sys__ping_reply__descriptor,
     HR_ROUTE_WRITE, s_put_record},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

static const char *const s_bench_dbs[] = {BENCH_WRITE_DB, NULL};

// --serve-write --config FILE --ready-fd N: a real daemon (hr_daemon_main: its loop, store and
// ROUTER) whose one service route is bench.PutRecord.
static const hr_service_t s_bench_service = {
    .name = "bench", .routes = s_bench_routes, .dbs = s_bench_dbs, .schema_version = 1};

// ---------------------------------------------------------------------------------------------
// Children

typedef struct {
    pid_t pid; // 0 when not running
} s_child_t;

// Starts argv[0] on cpu with stdout/stderr to log; argv holds "%FD%" where the ready fd goes.
// Waits for the READY line. Returns 0, or -1 (child killed).
static int s_spawn(s_child_t *child, int cpu, char **argv, const char *log)
{
    int pipefd[2];
    if (pipe(pipefd))
        return -1;
    char fdbuf[16];
    snprintf(fdbuf, sizeof fdbuf, "%d", pipefd[1]);
    for (char **a = argv; *a; a++)
        if (!strcmp(*a, "%FD%"))
            *a = fdbuf;
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        if (s_pin(cpu))
            _exit(126);
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    close(pipefd[1]);
    if (pid < 0) {
        close(pipefd[0]);
        return -1;
    }
    child->pid = pid;
    char line[256] = "";
    size_t len = 0;
    struct pollfd pfd = {.fd = pipefd[0], .events = POLLIN};
    while (len < sizeof line - 1 && !strchr(line, '\n')) {
        if (poll(&pfd, 1, BENCH_READY_TIMEOUT_MS) <= 0)
            break;
        ssize_t n = read(pipefd[0], line + len, sizeof line - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        line[len] = '\0';
    }
    close(pipefd[0]);
    if (strncmp(line, "READY", 5)) {
        fprintf(stderr, "bench_bus: %s did not become ready (log: %s)\n", argv[0], log);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        child->pid = 0;
        return -1;
    }
    return 0;
}

static void s_stop(s_child_t *child)
{
    if (child->pid <= 0)
        return;
    kill(child->pid, SIGTERM);
    waitpid(child->pid, NULL, 0);
    child->pid = 0;
}

// ---------------------------------------------------------------------------------------------
// Client operations

typedef struct {
    void *dealer;                           // borrowed
    unsigned char payload[BENCH_PAYLOAD];   // sent
    unsigned char reply[BENCH_PAYLOAD * 2]; // received
} s_bare_t;

static int s_bare_op(void *arg, char *why, size_t why_len)
{
    s_bare_t *b = arg;
    if (zmq_send(b->dealer, b->payload, sizeof b->payload, 0) != BENCH_PAYLOAD ||
        zmq_recv(b->dealer, b->reply, sizeof b->reply, 0) != BENCH_PAYLOAD) {
        snprintf(why, why_len, "zmq: %s", zmq_strerror(zmq_errno()));
        return -1;
    }
    return 0;
}

typedef struct {
    hr_client_t *client;                  // borrowed
    hr_arena_t *arena;                    // borrowed: reset per call
    const char *type;                     // "sys.Ping" or "bench.PutRecord"
    unsigned char payload[BENCH_PAYLOAD]; // sent
    bool echo;                            // the reply must echo the payload
} s_call_t;

static int s_call_op(void *arg, char *why, size_t why_len)
{
    s_call_t *c = arg;
    hr_arena_reset(c->arena);
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    req.payload.data = c->payload;
    req.payload.len = sizeof c->payload;
    hr_call_opts_t opts = {.timeout_ms = BENCH_CALL_TIMEOUT_MS, .retries = -1};
    hr_result_t res;
    if (hr_client_call(c->client, c->type, &req.base, &hr__sys__ping_reply__descriptor, c->arena,
                       &opts, &res)) {
        snprintf(why, why_len, "%s: %s after %u attempt(s): %s", c->type, hr_rc_name(res.rc),
                 res.attempts, res.message);
        return -1;
    }
    zmsg_destroy(&res.frames);
    const Hr__Sys__PingReply *rep = res.reply;
    if (c->echo && rep->payload.len != BENCH_PAYLOAD) {
        snprintf(why, why_len, "%s: payload of %zu bytes back", c->type, rep->payload.len);
        return -1;
    }
    return 0;
}

typedef struct {
    MDB_env *env;                           // owned
    size_t ndbs;                            // 1: the floor; 3: the write route's rows
    MDB_dbi dbi[3];                         // records, dedupe, dedupe_by_time
    int64_t seq;                            // key time part
    unsigned char value[BENCH_REPLY_BYTES]; // stored (the first BENCH_PAYLOAD as the record)
} s_commit_t;

// One synced commit: a 100-byte record; with ndbs 3 also what the write route adds in the same
// transaction (a stored reply under the msg_id and a time-index row), to show what the dedupe
// design costs the disk apart from the route.
static int s_commit_op(void *arg, char *why, size_t why_len)
{
    s_commit_t *c = arg;
    char key[HR_ID_LEN + 1];
    hr_id_make(++c->seq, key);
    unsigned char tkey[8 + HR_ID_LEN];
    hr_be64_put(tkey, (uint64_t)c->seq);
    memcpy(tkey + 8, key, HR_ID_LEN);
    MDB_val k[3] = {{HR_ID_LEN, key}, {HR_ID_LEN, key}, {sizeof tkey, tkey}};
    MDB_val v[3] = {{BENCH_PAYLOAD, c->value}, {sizeof c->value, c->value}, {0, ""}};
    MDB_txn *txn = NULL;
    int rc = mdb_txn_begin(c->env, NULL, 0, &txn);
    for (size_t i = 0; i < c->ndbs && !rc; i++)
        rc = mdb_put(txn, c->dbi[i], &k[i], &v[i], 0);
    if (!rc)
        rc = mdb_txn_commit(txn);
    else if (txn)
        mdb_txn_abort(txn);
    if (rc)
        snprintf(why, why_len, "LMDB: %s", mdb_strerror(rc));
    return rc ? -1 : 0;
}

// ---------------------------------------------------------------------------------------------
// One placement: every server up at once, the figures taken in interleaved rounds so a drift
// of the disk or the host (the commit floor moves by a third between minutes) hits them alike.

enum { FIG_BARE, FIG_PING, FIG_WRITE, FIG_COMMIT, FIG_COMMIT3, FIG_COUNT };
static const char *const s_fig_names[FIG_COUNT] = {"bare", "ping", "write", "commit", "commit3"};

typedef struct {
    bool on;                        // measured in this run
    bool ok;                        // set up, and no operation failed
    s_op_fn *op;                    // one round trip
    void *arg;                      // its state
    int64_t *ns;                    // owned: samples in ns
    size_t n;                       // samples taken
    double p50_us, p99_us, mean_us; // after s_stats
    char why[160];                  // the failure, when ok is false
} s_series_t;

typedef struct {
    const char *name;          // "split" or "same"
    int server_cpu;            // CPU of the server processes
    const char *dir;           // borrowed: the run's temp dir
    const char *self;          // borrowed: path of this program
    s_series_t fig[FIG_COUNT]; // the figures
    s_child_t bare_srv;        // --serve-bare
    s_child_t daemon;          // hr-analytics
    s_child_t write_srv;       // --serve-write
    void *zctx;                // owned: raw libzmq context for bare
    void *dealer;              // owned: raw DEALER for bare
    hr_clock_t *clock;         // owned: for the hr_clients
    hr_client_t *ping_client;  // owned
    hr_client_t *write_client; // owned
    s_bare_t bare;             // op states
    s_call_t ping;
    s_call_t write;
    s_commit_t commit;
    s_commit_t commit3;
} s_run_t;

static void s_fill(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)('a' + i % 26);
}

static hr_client_t *s_client(s_run_t *r, const char *endpoint)
{
    char *err = NULL;
    hr_client_t *client = hr_client_new(endpoint, r->clock, &err);
    if (!client) {
        fprintf(stderr, "bench_bus: %s\n", err);
        hr_free(err);
    }
    return client;
}

static bool s_setup_bare(s_run_t *r)
{
    char *endpoint = hr_strfmt("ipc://%s/bare-%s.ipc", r->dir, r->name);
    char *log = hr_strfmt("%s/bare-%s.log", r->dir, r->name);
    char *argv[] = {(char *)r->self, "--serve-bare", endpoint, "%FD%", NULL};
    bool ok = s_spawn(&r->bare_srv, r->server_cpu, argv, log) == 0;
    if (ok) {
        r->zctx = zmq_ctx_new();
        r->dealer = zmq_socket(r->zctx, ZMQ_DEALER);
        int linger = 0;
        zmq_setsockopt(r->dealer, ZMQ_LINGER, &linger, sizeof linger);
        ok = zmq_connect(r->dealer, endpoint) == 0;
        r->bare.dealer = r->dealer;
        s_fill(r->bare.payload, sizeof r->bare.payload);
    }
    hr_free(endpoint);
    hr_free(log);
    return ok;
}

static bool s_setup_ping(s_run_t *r)
{
    char *endpoint = hr_strfmt("ipc://%s/ping-%s.ipc", r->dir, r->name);
    char *cfg = hr_strfmt("%s/analytics-%s.cfg", r->dir, r->name);
    char *log = hr_strfmt("%s/analytics-%s.log", r->dir, r->name);
    char *daemon = hr_test_bin_path("hr-analytics");
    char *text = hr_strfmt("#   written by bench_bus\nbus\n    endpoint = \"%s\"\n"
                           "store\n    dir = \"%s/analytics-%s\"\n    mapsize_mb = 64\n"
                           "log\n    level = \"warn\"\n",
                           endpoint, r->dir, r->name);
    bool ok = hr_test_write_file(cfg, text, strlen(text)) == 0;
    if (ok) {
        char *argv[] = {daemon, "--config", cfg, "--ready-fd", "%FD%", NULL};
        ok = s_spawn(&r->daemon, r->server_cpu, argv, log) == 0;
    }
    if (ok)
        ok = (r->ping_client = s_client(r, endpoint)) != NULL;
    r->ping = (s_call_t){.client = r->ping_client, .type = "sys.Ping", .echo = true};
    r->ping.arena = hr_arena_new(0);
    s_fill(r->ping.payload, sizeof r->ping.payload);
    hr_free(text);
    hr_free(daemon);
    hr_free(endpoint);
    hr_free(cfg);
    hr_free(log);
    return ok;
}

static bool s_setup_write(s_run_t *r)
{
    char *endpoint = hr_strfmt("ipc://%s/write-%s.ipc", r->dir, r->name);
    char *cfg = hr_strfmt("%s/write-%s.cfg", r->dir, r->name);
    char *log = hr_strfmt("%s/write-%s.log", r->dir, r->name);
    char *text = hr_strfmt("#   written by bench_bus\nbus\n    endpoint = \"%s\"\n"
                           "store\n    dir = \"%s/write-%s\"\n    mapsize_mb = 256\n"
                           "log\n    level = \"warn\"\n",
                           endpoint, r->dir, r->name);
    bool ok = hr_test_write_file(cfg, text, strlen(text)) == 0;
    if (ok) {
        char *argv[] = {(char *)r->self, "--serve-write", "--config", cfg,
                        "--ready-fd",    "%FD%",          NULL};
        ok = s_spawn(&r->write_srv, r->server_cpu, argv, log) == 0;
    }
    if (ok)
        ok = (r->write_client = s_client(r, endpoint)) != NULL;
    r->write = (s_call_t){.client = r->write_client, .type = "bench.PutRecord"};
    r->write.arena = hr_arena_new(0);
    s_fill(r->write.payload, sizeof r->write.payload);
    hr_free(text);
    hr_free(endpoint);
    hr_free(cfg);
    hr_free(log);
    return ok;
}

static bool s_setup_env(s_run_t *r, const char *what, size_t ndbs, s_commit_t *c)
{
    static const char *const names[3] = {BENCH_WRITE_DB, HR_DB_DEDUPE, HR_DB_DEDUPE_BY_TIME};
    char *dir = hr_strfmt("%s/%s-%s", r->dir, what, r->name);
    int rc = hr_mkdirs(dir, 0700);
    if (!rc)
        rc = mdb_env_create(&c->env);
    if (!rc)
        rc = mdb_env_set_maxdbs(c->env, 4);
    if (!rc)
        rc = mdb_env_set_mapsize(c->env, (size_t)256 << 20);
    if (!rc)
        rc = mdb_env_open(c->env, dir, 0, 0600); // the flags hr_store uses: fully synced
    c->ndbs = ndbs;
    s_fill(c->value, sizeof c->value);
    MDB_txn *txn = NULL;
    if (!rc)
        rc = mdb_txn_begin(c->env, NULL, 0, &txn);
    for (size_t i = 0; i < ndbs && !rc; i++)
        rc = mdb_dbi_open(txn, names[i], MDB_CREATE, &c->dbi[i]);
    if (!rc) {
        rc = mdb_txn_commit(txn);
        txn = NULL;
    }
    if (txn)
        mdb_txn_abort(txn);
    if (rc)
        fprintf(stderr, "bench_bus: LMDB in %s: %s\n", dir, mdb_strerror(rc));
    hr_free(dir);
    return rc == 0;
}

static bool s_setup_commit(s_run_t *r)
{
    return s_setup_env(r, "commit", 1, &r->commit);
}

static bool s_setup_commit3(s_run_t *r)
{
    return s_setup_env(r, "commit3", 3, &r->commit3);
}

static void s_teardown(s_run_t *r)
{
    if (r->dealer)
        zmq_close(r->dealer);
    if (r->zctx)
        zmq_ctx_term(r->zctx);
    hr_client_destroy(&r->ping_client);
    hr_client_destroy(&r->write_client);
    hr_arena_destroy(&r->ping.arena);
    hr_arena_destroy(&r->write.arena);
    if (r->commit.env)
        mdb_env_close(r->commit.env);
    if (r->commit3.env)
        mdb_env_close(r->commit3.env);
    s_stop(&r->bare_srv);
    s_stop(&r->daemon);
    s_stop(&r->write_srv);
    hr_clock_destroy(&r->clock);
    for (int f = 0; f < FIG_COUNT; f++)
        hr_free(r->fig[f].ns);
}

// Takes count samples of one figure (untimed when warm).
static void s_take(s_series_t *s, size_t count, bool warm)
{
    for (size_t i = 0; i < count && s->ok; i++) {
        int64_t t0 = s_now_ns();
        if (s->op(s->arg, s->why, sizeof s->why)) {
            s->ok = false;
            break;
        }
        if (!warm)
            s->ns[s->n++] = s_now_ns() - t0;
    }
}

static void s_stats(s_series_t *s)
{
    if (!s->n)
        return;
    qsort(s->ns, s->n, sizeof *s->ns, s_cmp_i64);
    double sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += (double)s->ns[i];
    s->p50_us = (double)s->ns[s->n / 2] / 1000.0;
    s->p99_us = (double)s->ns[(s->n * 99) / 100] / 1000.0;
    s->mean_us = sum / (double)s->n / 1000.0;
}

static void s_run(s_run_t *r, size_t n, size_t warmup, size_t rounds)
{
    static bool (*const setup[FIG_COUNT])(s_run_t *) = {s_setup_bare, s_setup_ping, s_setup_write,
                                                        s_setup_commit, s_setup_commit3};
    void *args[FIG_COUNT] = {&r->bare, &r->ping, &r->write, &r->commit, &r->commit3};
    static s_op_fn *const ops[FIG_COUNT] = {s_bare_op, s_call_op, s_call_op, s_commit_op,
                                            s_commit_op};
    r->clock = hr_clock_system_new();
    for (int f = 0; f < FIG_COUNT; f++) {
        s_series_t *s = &r->fig[f];
        if (!s->on)
            continue;
        s->op = ops[f];
        s->arg = args[f];
        s->ns = hr_alloc(n * sizeof *s->ns);
        s->ok = setup[f](r);
        s_take(s, warmup, true);
    }
    for (size_t k = 0; k < rounds; k++) {
        size_t count = n / rounds + (k == rounds - 1 ? n % rounds : 0);
        for (int f = 0; f < FIG_COUNT; f++)
            if (r->fig[f].on)
                s_take(&r->fig[f], count, false);
    }
    for (int f = 0; f < FIG_COUNT; f++)
        s_stats(&r->fig[f]);
}

// ---------------------------------------------------------------------------------------------
// Report

static void s_print_figure(const s_run_t *r, int f)
{
    const s_series_t *s = &r->fig[f];
    if (!s->on)
        return;
    if (!s->ok || !s->n) {
        printf("| %-6s | %-7s | %6zu | %9s | %s | |\n", r->name, s_fig_names[f], s->n, "FAILED",
               s->why[0] ? s->why : "could not be set up (see stderr)");
        return;
    }
    printf("| %-6s | %-7s | %6zu | %9.1f | %9.1f | %9.1f |\n", r->name, s_fig_names[f], s->n,
           s->p50_us, s->p99_us, s->mean_us);
}

static void s_print_ratios(const s_run_t *r)
{
    const s_series_t *bare = &r->fig[FIG_BARE], *ping = &r->fig[FIG_PING];
    const s_series_t *write = &r->fig[FIG_WRITE], *commit = &r->fig[FIG_COMMIT];
    if (bare->n && ping->n) {
        double p50 = ping->p50_us / bare->p50_us, p99 = ping->p99_us / bare->p99_us;
        printf("| %-6s | ping / bare | %5.2fx | %5.2fx | <= 1.5x | %s |\n", r->name, p50, p99,
               p50 <= 1.5 ? "met" : "MISSED");
    }
    if (bare->n && write->n && commit->n) {
        double p50 = write->p50_us / (bare->p50_us + commit->p50_us);
        double p99 = write->p99_us / (bare->p99_us + commit->p99_us);
        printf("| %-6s | write / (bare + commit) | %5.2fx | %5.2fx | <= 1.2x | %s |\n", r->name,
               p50, p99, p50 <= 1.2 ? "met" : "MISSED");
    }
    const s_series_t *commit3 = &r->fig[FIG_COMMIT3];
    if (bare->n && write->n && commit3->n)
        printf("| %-6s | write / (bare + commit3) | %5.2fx | %5.2fx | (route overhead) | |\n",
               r->name, write->p50_us / (bare->p50_us + commit3->p50_us),
               write->p99_us / (bare->p99_us + commit3->p99_us));
}

static int s_usage(void)
{
    fprintf(stderr, "usage: bench_bus [--n N] [--warmup W] [--rounds R] [--dir DIR] "
                    "[--placement split|same|both] [--only bare|ping|write|commit|commit3]\n");
    return 2;
}

static int s_fig_index(const char *name)
{
    for (int f = 0; f < FIG_COUNT; f++)
        if (!strcmp(name, s_fig_names[f]))
            return f;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--serve-bare")) {
        int64_t fd = 0;
        return hr_parse_i64(argv[3], 0, 65535, &fd) ? s_serve_bare(argv[2], (int)fd) : 2;
    }
    if (argc > 1 && !strcmp(argv[1], "--serve-write"))
        return hr_daemon_main(&s_bench_service, NULL, argc - 1, argv + 1);
    int64_t n = BENCH_N_DEFAULT, warmup = BENCH_WARMUP_DEFAULT, rounds = BENCH_ROUNDS_DEFAULT;
    const char *base = NULL, *placement = "both";
    int only = -1;
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        if (!strcmp(argv[i], "--n") && more) {
            if (!hr_parse_i64(argv[++i], 1, 10000000, &n))
                return s_usage();
        } else if (!strcmp(argv[i], "--warmup") && more) {
            if (!hr_parse_i64(argv[++i], 0, 10000000, &warmup))
                return s_usage();
        } else if (!strcmp(argv[i], "--rounds") && more) {
            if (!hr_parse_i64(argv[++i], 1, 1000, &rounds))
                return s_usage();
        } else if (!strcmp(argv[i], "--dir") && more) {
            base = argv[++i];
        } else if (!strcmp(argv[i], "--placement") && more) {
            placement = argv[++i];
        } else if (!strcmp(argv[i], "--only") && more) {
            if ((only = s_fig_index(argv[++i])) < 0)
                return s_usage();
        } else {
            return s_usage();
        }
    }
    if (rounds > n)
        rounds = n;
    bool split = !strcmp(placement, "split") || !strcmp(placement, "both");
    bool same = !strcmp(placement, "same") || !strcmp(placement, "both");
    if (!split && !same)
        return s_usage();
    if (split && sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        fprintf(stderr, "bench_bus: one CPU online: split placement skipped\n");
        split = false;
    }
    // Pinned before the first socket exists, so ZeroMQ's I/O threads run on CPU 0 too.
    if (s_pin(0))
        return 1;
    signal(SIGPIPE, SIG_IGN);
    zsys_init();
    zsys_set_logstream(NULL);
    hr_log_init("bench", HR_LOG_WARN);

    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return 1;
    self[len] = '\0';
    char *dir = NULL;
    if (base) {
        dir = hr_strfmt("%s/hr-bench-XXXXXX", base);
        if (!mkdtemp(dir)) {
            fprintf(stderr, "bench_bus: mkdtemp %s: %s\n", dir, strerror(errno));
            return 1;
        }
    } else {
        dir = hr_test_tmpdir("bench");
    }
    struct statfs sfs;
    bool tmpfs = statfs(dir, &sfs) == 0 && sfs.f_type == BENCH_TMPFS_MAGIC;

    s_run_t runs[2];
    size_t nruns = 0;
    if (split)
        runs[nruns++] = (s_run_t){.name = "split", .server_cpu = 1};
    if (same)
        runs[nruns++] = (s_run_t){.name = "same", .server_cpu = 0};
    for (size_t i = 0; i < nruns; i++) {
        s_run_t *r = &runs[i];
        r->dir = dir;
        r->self = self;
        for (int f = 0; f < FIG_COUNT; f++)
            r->fig[f].on = only < 0 || only == f;
        fprintf(stderr, "bench_bus: %s...\n", r->name);
        s_run(r, (size_t)n, (size_t)warmup, (size_t)rounds);
    }

    printf("\nbench_bus: %lld round trips of %d-byte payloads over ipc:// per figure, after %lld "
           "warm-up, in %lld interleaved rounds; data in %s%s\n\n",
           (long long)n, BENCH_PAYLOAD, (long long)warmup, (long long)rounds, dir,
           tmpfs ? " (tmpfs: commits are not durable, figures meaningless)" : "");
    printf("| placement | what | n | p50 us | p99 us | mean us |\n");
    printf("|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < nruns; i++)
        for (int f = 0; f < FIG_COUNT; f++)
            s_print_figure(&runs[i], f);
    printf("\n| placement | ratio | p50 | p99 | target (p50) | |\n");
    printf("|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < nruns; i++)
        s_print_ratios(&runs[i]);
    printf("\nsplit = client CPU 0, server CPU 1; same = both on CPU 0. bare = raw libzmq "
           "DEALER/ROUTER echo; ping = sys.Ping via hr_client to hr-analytics; write = WRITE "
           "route (dedupe + synced LMDB commit) via hr_client; commit = one synced LMDB commit "
           "of a 100-byte record; commit3 = the same commit with the write route's dedupe rows.\n");
    fflush(stdout);

    int status = 0;
    for (size_t i = 0; i < nruns; i++) {
        for (int f = 0; f < FIG_COUNT; f++)
            if (runs[i].fig[f].on && !runs[i].fig[f].ok)
                status = 1;
        s_teardown(&runs[i]);
    }
    hr_test_rmdir(dir);
    hr_free(dir);
    return status;
}
