/*  bench_evidence - put and get throughput of the real hr-evidence daemon over ipc://, beside
 *  the floor measured in the same run on the same bytes: OpenSSL SHA-256 plus libsodium
 *  secretstream encryption (the work a put cannot avoid). Figures only, never asserted.
 *
 *      build/bench/bench_evidence [ROUNDS_1MB [ROUNDS_50MB [free|split|same|all]]]
 *
 *  CPU placements (reference/performance-floors.md): free (bench and daemon on both CPUs, as
 *  deployed: the daemon hashes and encrypts on two threads), split (bench on CPU 0, the daemon
 *  and all its threads on CPU 1) and same (everything on CPU 0); the floor is measured in the
 *  bench process under the same placement. Default: all three.
 *
 *  Each upload has distinct content (the store deduplicates identical files). Put covers
 *  PutBegin .. PutEnd: chunks over the socket, hash, encrypt, write, fsync, rename, commit.
 *  Then 2 and 4 clients put 1 MB files at once: the service's throughput, not one upload's.
 *  Get covers GetBegin (the whole blob decrypted and hashed before anything is served) and
 *  every GetChunk, then the client's own SHA-256 check. Beside each size: the daemon's own
 *  account of where its puts' time went (medians of the _us fields of its evidence.put lines).
 */
#define _GNU_SOURCE // O_DIRECT
#include "ev.h"
#include "hr_test.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MB (1000.0 * 1000.0)
#define CASE_ID "01JN00000000000000000000AA"

typedef struct {
    const unsigned char *data; // borrowed
    size_t len;                // total
    size_t off;                // read so far
} b_src_t;

static ssize_t s_src(void *arg, void *buf, size_t cap)
{
    b_src_t *s = arg;
    size_t n = s->len - s->off < cap ? s->len - s->off : cap;
    memcpy(buf, s->data + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int s_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double s_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, s_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The floor: SHA-256 (OpenSSL EVP) and secretstream encryption of the same bytes, timed apart.
static void s_floor(const unsigned char *data, size_t len, double *sha_s, double *enc_s)
{
    unsigned char h[EV_HASH_BYTES];
    unsigned int hlen = 0;
    double t0 = s_now();
    EVP_Digest(data, len, h, &hlen, EVP_sha256(), NULL);
    *sha_s = s_now() - t0;
    unsigned char key[EV_KEY_BYTES], header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char *out = hr_alloc(EV_BLOB_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
    crypto_secretstream_xchacha20poly1305_keygen(key);
    t0 = s_now();
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
    for (size_t off = 0; off < len; off += EV_BLOB_CHUNK) {
        size_t n = len - off < EV_BLOB_CHUNK ? len - off : EV_BLOB_CHUNK;
        unsigned char tag = off + n >= len ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                           : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        crypto_secretstream_xchacha20poly1305_push(&st, out, NULL, data + off, n, NULL, 0, tag);
    }
    *enc_s = s_now() - t0;
    hr_free(out);
}

// What durability alone costs for one file of len bytes on the bench's file system, outside
// the daemon: write it (O_DIRECT, aligned), fsync, rename, fsync the directory. Seconds.
static double s_flushes(const char *dir, size_t len)
{
    char *tmp = hr_strfmt("%s/flush.part", dir), *path = hr_strfmt("%s/flush", dir);
    size_t cap = (len + 4095) / 4096 * 4096;
    unsigned char *buf = aligned_alloc(4096, cap);
    assert(buf);
    memset(buf, 0x5a, cap);
    double t0 = s_now();
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, buf, cap) == (ssize_t)cap && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    ok = ok && rename(tmp, path) == 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ok = ok && dfd >= 0 && fsync(dfd) == 0;
    if (dfd >= 0)
        close(dfd);
    double t = s_now() - t0;
    unlink(path);
    free(buf); // from aligned_alloc
    hr_free(tmp);
    hr_free(path);
    return ok ? t : 0;
}

// CPUs as a mask: 1 = CPU 0, 2 = CPU 1, 3 = both. 0, or -1 with a message.
static int s_pin(int mask)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu = 0; cpu < 2; cpu++)
        if (mask & (1 << cpu))
            CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set)) {
        fprintf(stderr, "bench_evidence: sched_setaffinity(%d): %s\n", mask, strerror(errno));
        return -1;
    }
    return 0;
}

static pid_t s_spawn(const char *dir, char **endpoint_out, int cpus)
{
    char *endpoint = hr_strfmt("ipc://%s/ev.ipc", dir);
    char *cfg = hr_strfmt("%s/evidence.cfg", dir);
    char *text = hr_strfmt("bus\n    endpoint = \"%s\"\nstore\n    dir = \"%s/data/evidence\"\n"
                           "    mapsize_mb = 256\nkeys\n    master_file = \"%s/keys/ev.key\"\n"
                           "log\n    level = \"info\"\n",
                           endpoint, dir, dir);
    if (hr_test_write_file(cfg, text, strlen(text)))
        return -1;
    hr_free(text);
    int fds[2];
    if (pipe(fds))
        return -1;
    char *bin = hr_test_bin_path("hr-evidence");
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (s_pin(cpus)) // before exec: every thread of the daemon inherits it
            _exit(127);
        char *log = hr_strfmt("%s/evidence.log", dir); // its evidence.put lines: s_phases()
        int lfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (lfd < 0 || dup2(lfd, STDERR_FILENO) < 0)
            _exit(127);
        char fd[16];
        snprintf(fd, sizeof fd, "%d", fds[1]);
        execl(bin, bin, "--config", cfg, "--ready-fd", fd, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[256] = "";
    struct pollfd p = {.fd = fds[0], .events = POLLIN};
    if (poll(&p, 1, 20000) <= 0 || read(fds[0], line, sizeof line - 1) <= 0 ||
        strncmp(line, "READY", 5)) {
        fprintf(stderr, "bench_evidence: %s did not become ready\n", bin);
        kill(pid, SIGKILL);
        pid = -1;
    }
    close(fds[0]);
    hr_free(bin);
    hr_free(cfg);
    *endpoint_out = endpoint;
    return pid;
}

// The daemon's own account of the puts it logged after byte offset from in dir/evidence.log
// (evidence.put: receive_us, trip_us, flush_wait_us, store_us, commit_us, took_us): their
// medians in ms, one line, so that a put's time beside the floor is explained by the daemon.
static void s_phases(const char *dir, long from)
{
    static const char *const keys[] = {"receive_us", "trip_us",   "flush_wait_us",
                                       "store_us",   "commit_us", "took_us"};
    enum { NKEYS = sizeof keys / sizeof keys[0], MAXPUTS = 10000 };
    char *path = hr_strfmt("%s/evidence.log", dir);
    FILE *f = fopen(path, "r");
    hr_free(path);
    if (!f || fseek(f, from, SEEK_SET)) {
        if (f)
            fclose(f);
        return;
    }
    double *v[NKEYS];
    for (size_t k = 0; k < NKEYS; k++)
        v[k] = hr_alloc(MAXPUTS * sizeof *v[k]);
    size_t n = 0;
    char line[1024];
    while (n < MAXPUTS && fgets(line, sizeof line, f)) {
        if (!strstr(line, " ev=evidence.put ") || !strstr(line, " created=1 "))
            continue;
        size_t found = 0;
        for (size_t k = 0; k < NKEYS; k++) {
            char key[32];
            snprintf(key, sizeof key, " %s=", keys[k]);
            const char *at = strstr(line, key);
            if (at) {
                v[k][n] = strtod(at + strlen(key), NULL) / 1000.0;
                found++;
            }
        }
        if (found == NKEYS)
            n++;
    }
    fclose(f);
    if (n)
        printf("                 the daemon's account (medians of %zu evidence.put lines, ms): "
               "receive %.2f, reply trip %.2f,\n                 flush wait %.2f, place and record "
               "%.2f, commit %.2f; PutBegin to commit %.2f\n",
               n, s_median(v[0], n), s_median(v[1], n), s_median(v[2], n), s_median(v[3], n),
               s_median(v[4], n), s_median(v[5], n));
    for (size_t k = 0; k < NKEYS; k++)
        hr_free(v[k]);
}

// Byte length of dir/evidence.log now: where the next run's lines start.
static long s_log_end(const char *dir)
{
    char *path = hr_strfmt("%s/evidence.log", dir);
    struct stat st;
    long end = stat(path, &st) == 0 ? (long)st.st_size : 0;
    hr_free(path);
    return end;
}

// Puts and gets rounds files of len bytes one after another; prints the medians. The floor's
// median in MB/s.
static double s_run(hr_client_t *client, const Hr__Actor *actor, const char *dir, size_t len,
                    int rounds, const char *placement, unsigned char salt)
{
    unsigned char *data = hr_alloc(len);
    randombytes_buf(data, len);
    double *put = hr_alloc((size_t)rounds * sizeof *put),
           *get = hr_alloc((size_t)rounds * sizeof *get);
    double *flo = hr_alloc((size_t)rounds * sizeof *flo),
           *sha = hr_alloc((size_t)rounds * sizeof *sha);
    double *enc = hr_alloc((size_t)rounds * sizeof *enc);
    double *fl = hr_alloc((size_t)rounds * sizeof *fl);
    hr_arena_t *arena = hr_arena_new(0);
    long log_from = s_log_end(dir);
    for (int r = 0; r < rounds; r++) {
        memcpy(data, &r, sizeof r); // distinct content each round and placement
        data[sizeof r] ^= (unsigned char)(len >> 20);
        data[sizeof r + 1] = salt;
        double sha_s = 0, enc_s = 0;
        s_floor(data, len, &sha_s, &enc_s);
        sha[r] = (double)len / MB / sha_s;
        enc[r] = (double)len / MB / enc_s;
        flo[r] = (double)len / MB / (sha_s + enc_s);
        fl[r] = s_flushes(dir, len) * 1000.0;

        b_src_t src = {data, len, 0};
        ev_put_opts_t o = {.case_id = CASE_ID,
                           .kind = "other",
                           .file_name = "bench.bin",
                           .actor = actor,
                           .timeout_ms = 60000,
                           .size = len};
        char id[EV_ID_HEX + 1];
        const char *msg = NULL;
        double t0 = s_now();
        hr_rc_t rc = ev_client_put(client, &o, s_src, &src, arena, id, &msg);
        put[r] = (double)len / MB / (s_now() - t0);
        if (rc) {
            fprintf(stderr, "put failed: %s\n", msg);
            exit(1);
        }
        unsigned char *back = NULL;
        size_t blen = 0;
        t0 = s_now();
        rc = ev_client_get(client, id, actor, UINT64_MAX, arena, &back, &blen, &msg);
        get[r] = (double)len / MB / (s_now() - t0);
        if (rc || blen != len) {
            fprintf(stderr, "get failed: %s\n", msg);
            exit(1);
        }
        hr_free(back);
        hr_arena_reset(arena);
    }
    double mput = s_median(put, (size_t)rounds), mget = s_median(get, (size_t)rounds);
    double mflo = s_median(flo, (size_t)rounds);
    double mfl = s_median(fl, (size_t)rounds);
    // The floor plus the flushes a durable file needs (not the metadata commit).
    double dur = (double)len / MB / ((double)len / MB / mflo + mfl / 1000.0);
    printf("%-5s %4.0f MB x %3d  floor %7.1f MB/s (sha256 %7.1f, secretstream %7.1f)  put %7.1f "
           "MB/s (%3.0f%% of floor)  get %7.1f MB/s\n"
           "                 write+fsync+rename+dir fsync alone %.2f ms; floor with them %7.1f "
           "MB/s; put = %3.0f%% of that\n",
           placement, (double)len / MB, rounds, mflo, s_median(sha, (size_t)rounds),
           s_median(enc, (size_t)rounds), mput, 100.0 * mput / mflo, mget, mfl, dur,
           100.0 * mput / dur);
    s_phases(dir, log_from);
    hr_free(fl);
    hr_arena_destroy(&arena);
    hr_free(put);
    hr_free(get);
    hr_free(flo);
    hr_free(sha);
    hr_free(enc);
    hr_free(data);
    return mflo;
}

// Several clients at once, each its own connection on a thread of this process, each putting
// rounds distinct files of len bytes: the service's put throughput (all bytes over the wall
// time), beside the floor of the same placement. Concurrent uploads share the daemon's one
// thread for commits and its workers for the disk, and the two CPUs with the clients' hashing.
typedef struct {
    const char *endpoint;   // borrowed
    const Hr__Actor *actor; // borrowed
    size_t len;
    int rounds;
    unsigned char salt[2]; // makes each client's files distinct
    int ok;                // puts that succeeded
} b_client_t;

static void *s_client_main(void *arg)
{
    b_client_t *c = arg;
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new(c->endpoint, clock, &err);
    unsigned char *data = hr_alloc(c->len);
    randombytes_buf(data, c->len);
    hr_arena_t *arena = hr_arena_new(0);
    for (int r = 0; client && r < c->rounds; r++) {
        memcpy(data, c->salt, sizeof c->salt);
        memcpy(data + sizeof c->salt, &r, sizeof r);
        b_src_t src = {data, c->len, 0};
        ev_put_opts_t o = {.case_id = CASE_ID,
                           .kind = "other",
                           .file_name = "bench.bin",
                           .actor = c->actor,
                           .timeout_ms = 60000,
                           .size = c->len};
        char id[EV_ID_HEX + 1];
        const char *msg = NULL;
        c->ok += ev_client_put(client, &o, s_src, &src, arena, id, &msg) == HR_OK;
        hr_arena_reset(arena);
    }
    hr_arena_destroy(&arena);
    hr_free(data);
    hr_free(err);
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    return NULL;
}

static void s_run_concurrent(const char *endpoint, const Hr__Actor *actor, size_t len, int clients,
                             int rounds, const char *placement, unsigned char salt,
                             double floor_mbs)
{
    pthread_t threads[8];
    b_client_t c[8];
    assert(clients <= 8);
    double t0 = s_now();
    for (int i = 0; i < clients; i++) {
        c[i] = (b_client_t){.endpoint = endpoint,
                            .actor = actor,
                            .len = len,
                            .rounds = rounds,
                            .salt = {salt, (unsigned char)(0x80 | i)}};
        if (pthread_create(&threads[i], NULL, s_client_main, &c[i]))
            abort();
    }
    int ok = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(threads[i], NULL);
        ok += c[i].ok;
    }
    double mbs = (double)len * clients * rounds / MB / (s_now() - t0);
    printf("%-5s %4.0f MB x %3d x %d clients at once  put %7.1f MB/s (%3.0f%% of the floor "
           "above)%s\n",
           placement, (double)len / MB, rounds, clients, mbs, 100.0 * mbs / floor_mbs,
           ok == clients * rounds ? "" : "  SOME PUTS FAILED");
}

// One placement: the daemon started pinned, the bench pinned, both file sizes.
static int s_placement(const char *dir, const char *name, int bench_cpus, int daemon_cpus,
                       unsigned char salt, int64_t rounds_small, int64_t rounds_big)
{
    char *endpoint = NULL;
    pid_t pid = s_spawn(dir, &endpoint, daemon_cpus);
    if (pid < 0 || s_pin(bench_cpus)) {
        hr_free(endpoint);
        return -1;
    }
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new(endpoint, clock, &err);
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.roles = roles;
    actor.n_roles = 1;
    double floor_1mb = s_run(client, &actor, dir, 1000 * 1000, (int)rounds_small, name, salt);
    s_run(client, &actor, dir, 50 * 1000 * 1000, (int)rounds_big, name, salt);
    for (int clients = 2; clients <= 4; clients *= 2)
        s_run_concurrent(endpoint, &actor, 1000 * 1000, clients, (int)rounds_small, name,
                         (unsigned char)(salt * 16 + clients), floor_1mb);
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    hr_free(endpoint);
    return 0;
}

int main(int argc, char **argv)
{
    int64_t rounds_small = 30, rounds_big = 5;
    const char *which = argc > 3 ? argv[3] : "all";
    if ((argc > 1 && !hr_parse_i64(argv[1], 1, 10000, &rounds_small)) ||
        (argc > 2 && !hr_parse_i64(argv[2], 1, 1000, &rounds_big)) ||
        (strcmp(which, "all") && strcmp(which, "free") && strcmp(which, "split") &&
         strcmp(which, "same"))) {
        fprintf(stderr, "usage: bench_evidence [ROUNDS_1MB [ROUNDS_50MB [free|split|same|all]]]\n");
        return 2;
    }
    if (sodium_init() < 0)
        return 1;
    zsys_init();
    zsys_handler_set(NULL);
    char *dir = hr_test_tmpdir("bench-ev");
    printf("bench_evidence: medians per file; MB = 10^6 bytes; data dir %s\n", dir);
    bool all = !strcmp(which, "all");
    int rc = 0;
    if (!rc && (all || !strcmp(which, "free")))
        rc = s_placement(dir, "free", 3, 3, 1, rounds_small, rounds_big);
    if (!rc && (all || !strcmp(which, "split")))
        rc = s_placement(dir, "split", 1, 2, 2, rounds_small, rounds_big);
    if (!rc && (all || !strcmp(which, "same")))
        rc = s_placement(dir, "same", 1, 1, 3, rounds_small, rounds_big);
    hr_test_rmdir(dir);
    hr_free(dir);
    return rc ? 1 : 0;
}
