/*  bench_backup - a live backup of a store while it is written (reliability.md P15): how long
 *  hr_store_backup takes (a compacted copy in one committed state, the copy behind sys.Backup),
 *  how durable writes fare meanwhile (each a synced commit, as a daemon makes them), and how much
 *  the data file grows because the copy's read transaction keeps old pages alive. Figures only.
 *
 *      build/bench/bench_backup [STORE_MB [RECORD_BYTES]]
 *
 *  Fills a store with STORE_MB (default 200) of records of RECORD_BYTES (default 1024), then
 *  times 2,000 durable writes (one new record and one updated record each) without a backup,
 *  then copies the store on another thread while the same writes go on, until the copy ends.
 */
#include "hr.h"
#include "hr_test.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>

static const char *const s_dbs[] = {"records", NULL};

static double s_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int s_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static uint64_t s_file_bytes(const char *dir)
{
    char *path = hr_strfmt("%s/data.mdb", dir);
    struct stat st;
    uint64_t n = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
    hr_free(path);
    return n;
}

// One durable write: a new record and an update of an old one, committed (synced).
static void s_write(hr_store_t *store, uint64_t *next, uint64_t total, const void *value,
                    size_t len)
{
    hr_txn_t *txn = NULL;
    unsigned char key[8];
    if (hr_txn_begin_write(store, &txn))
        abort();
    hr_be64_put(key, (*next)++);
    hr_rc_t rc = hr_store_put(txn, "records", key, sizeof key, value, len, 0);
    hr_be64_put(key, *next * 7919 % total);
    if (!rc)
        rc = hr_store_put(txn, "records", key, sizeof key, value, len, 0);
    if (rc || hr_txn_commit(&txn)) {
        fprintf(stderr, "bench_backup: a write failed\n");
        exit(1);
    }
}

typedef struct {
    hr_store_t *store; // borrowed
    const char *dir;   // borrowed: where the copy goes
    hr_rc_t rc;        // the copy's result
    uint64_t bytes;    // its size
    double ms;         // its time
    atomic_bool done;  // the copy ended
} s_copy_t;

static void *s_copy(void *arg)
{
    s_copy_t *c = arg;
    double t0 = s_now_ms();
    c->rc = hr_store_backup(c->store, c->dir, &c->bytes, NULL);
    c->ms = s_now_ms() - t0;
    atomic_store(&c->done, true);
    return NULL;
}

static void s_print(const char *what, double *lat, size_t n, double wall_ms)
{
    qsort(lat, n, sizeof *lat, s_cmp);
    printf("%-26s %6zu writes in %7.0f ms: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", what, n,
           wall_ms, lat[n / 2], lat[n * 99 / 100], lat[n - 1]);
}

int main(int argc, char **argv)
{
    int64_t store_mb = 200, len = 1024;
    if ((argc > 1 && !hr_parse_i64(argv[1], 1, 100000, &store_mb)) ||
        (argc > 2 && !hr_parse_i64(argv[2], 16, 65536, &len))) {
        fprintf(stderr, "usage: bench_backup [STORE_MB [RECORD_BYTES]]\n");
        return 2;
    }
    char *dir = hr_test_tmpdir("bench-backup");
    char *copy_dir = hr_strfmt("%s/copy", dir);
    char *store_dir = hr_strfmt("%s/store", dir);
    if (hr_mkdirs(copy_dir, 0700) || hr_mkdirs(store_dir, 0700))
        return 1;
    // A map big enough that nothing grows during the run (growth waits for the copy).
    hr_store_t *store = hr_test_store_open(store_dir, s_dbs, (size_t)(4 * store_mb + 1024));
    unsigned char *value = hr_alloc((size_t)len);
    randombytes_buf(value, (size_t)len);
    uint64_t total = (uint64_t)store_mb * 1024 * 1024 / (uint64_t)len, next = 0;
    double t0 = s_now_ms();
    while (next < total) { // filled in batches of 1,000 per transaction
        hr_txn_t *txn = NULL;
        if (hr_txn_begin_write(store, &txn))
            return 1;
        for (int i = 0; i < 1000 && next < total; i++) {
            unsigned char key[8];
            hr_be64_put(key, next++);
            if (hr_store_put(txn, "records", key, sizeof key, value, (size_t)len, 0))
                return 1;
        }
        if (hr_txn_commit(&txn))
            return 1;
    }
    printf("bench_backup: %llu records of %lld bytes, data.mdb %.1f MB, filled in %.1f s; dir %s\n",
           (unsigned long long)total, (long long)len, (double)s_file_bytes(store_dir) / 1e6,
           (s_now_ms() - t0) / 1e3, dir);

    enum { WRITES = 2000 };
    double *lat = hr_alloc(64 * WRITES * sizeof *lat);
    t0 = s_now_ms();
    for (size_t i = 0; i < WRITES; i++) {
        double t = s_now_ms();
        s_write(store, &next, total, value, (size_t)len);
        lat[i] = s_now_ms() - t;
    }
    s_print("no backup", lat, WRITES, s_now_ms() - t0);

    uint64_t before = s_file_bytes(store_dir);
    s_copy_t c = {.store = store, .dir = copy_dir};
    pthread_t thread;
    if (pthread_create(&thread, NULL, s_copy, &c))
        return 1;
    size_t n = 0;
    t0 = s_now_ms();
    while (!atomic_load(&c.done) && n < 64 * WRITES) {
        double t = s_now_ms();
        s_write(store, &next, total, value, (size_t)len);
        lat[n++] = s_now_ms() - t;
    }
    pthread_join(thread, NULL);
    if (c.rc) {
        fprintf(stderr, "bench_backup: the copy failed: %s\n", hr_rc_name(c.rc));
        return 1;
    }
    if (n)
        s_print("during the backup", lat, n, s_now_ms() - t0);
    uint64_t after = s_file_bytes(store_dir);
    printf("backup: %.1f MB copied in %.0f ms (%.0f MB/s); data.mdb grew %.1f MB during it "
           "(%.1f -> %.1f MB)\n",
           (double)c.bytes / 1e6, c.ms, (double)c.bytes / 1e3 / c.ms,
           (double)(after - before) / 1e6, (double)before / 1e6, (double)after / 1e6);
    hr_store_destroy(&store);
    hr_test_rmdir(dir);
    hr_free(lat);
    hr_free(value);
    hr_free(copy_dir);
    hr_free(store_dir);
    hr_free(dir);
    return 0;
}
