/*  bench_analytics - 10 million punches (20,000 people x 60 working days) into the store, the
 *  per-person-day aggregation, and the facts query for one person over 90 days.
 *
 *  usage: bench_analytics [--csv PATH] [--people N] [--days N] [--queries N] [--keep]
 *
 *  Generates the CSV (pin,time,state,device; ~8.3 punches per person-day, about 16.6 % of the
 *  days late and 2.2 % more than 60 minutes late, the proportions of performance-floors.md),
 *  then, in this process with the daemon's own code (an_import into a fresh LMDB store, one
 *  durable commit), measures:
 *    import      read the file, hash, decode, parse, store text + person-days, commit
 *    aggregate   scan every person-day: first punch, late days, > 60 min late (the GROUP BY)
 *    facts       an_facts_query for random people over 90 days, team of 20 compared (p50, p99)
 *    withdraw    a small mistaken export (one day of 100 people) imported on top, then withdrawn:
 *                an_withdraw rebuilds the derived dbs by reading the people feed and the whole
 *                punches file again, in one durable commit
 *  tests/bench/bench_analytics.sh runs it beside PostgreSQL 15 on the same file. Figures only:
 *  never a test.
 */
#include "an.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t s_rng = 0x9e3779b97f4a7c15ull;
static uint32_t s_rand(void)
{
    s_rng ^= s_rng << 13;
    s_rng ^= s_rng >> 7;
    s_rng ^= s_rng << 17;
    return (uint32_t)(s_rng >> 11);
}

// Writes the punches file in time order (day by day, everyone), as a device export would be.
static int s_generate(const char *path, int people, int days, int32_t first_day, uint64_t *n_out)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    fprintf(f, "pin,time,state,device\n");
    uint64_t n = 0;
    int32_t day = first_day;
    for (int d = 0; d < days; d++) {
        while (hr_date_weekday(day) >= 5)
            day++;
        char date[HR_DATE_LEN];
        hr_date_format(day, date);
        for (int p = 0; p < people; p++) {
            // 8 punches, a 9th on one day in three: 8.33 per person-day.
            int k = 8 + ((p + d) % 3 == 0);
            uint32_t r = s_rand() % 1000;
            int first;
            if (r < 22)
                first = 9 * 3600 + 3601 + (int)(s_rand() % 7200); // > 60 min late
            else if (r < 166)
                first = 9 * 3600 + 1 + (int)(s_rand() % 3599); // late
            else
                first = 8 * 3600 + (int)(s_rand() % 3600); // on time
            int t = first;
            for (int i = 0; i < k; i++) {
                fprintf(f, "%d,%s %02d:%02d:%02d,%d,1\n", 100000 + p, date, t / 3600, t / 60 % 60,
                        t % 60,
                        i == 0       ? 0
                        : i == k - 1 ? 1
                                     : 2);
                n++;
                t += 1800 + (int)(s_rand() % 3600);
                if (t > 86399)
                    t = 86399 - (k - i);
            }
        }
        day++;
    }
    fflush(f);
    fsync(fileno(f)); // no writeback of the generated file during the measurements
    fclose(f);
    *n_out = n;
    return 0;
}

// The file as the daemon gets it: bytes in memory (mapped and faulted in here, as the frames
// of an ImportFeed request would be).
static char *s_map(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    fstat(fd, &st);
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return NULL;
    volatile uint8_t sum = 0;
    for (size_t i = 0; i < (size_t)st.st_size; i += 4096)
        sum += ((const uint8_t *)p)[i];
    *len = (size_t)st.st_size;
    return p;
}

#define S_RUNS 3

static void s_rmdir(const char *dir)
{
    char *cmd[] = {"rm", "-rf", (char *)dir, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execvp(cmd[0], cmd);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
}

static int s_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *csv = "/tmp/hr-bench-punches.csv";
    int people = 20000, days = 60, queries = 2000;
    bool keep = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--csv") && i + 1 < argc)
            csv = argv[++i];
        else if (!strcmp(argv[i], "--people") && i + 1 < argc)
            people = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--days") && i + 1 < argc)
            days = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--queries") && i + 1 < argc)
            queries = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--keep"))
            keep = true;
    }
    hr_log_init("bench", HR_LOG_WARN);
    int32_t first_day = hr_date_from_ymd(2025, 3, 3);
    uint64_t npunch = 0;
    double t0 = s_now();
    if (s_generate(csv, people, days, first_day, &npunch)) {
        fprintf(stderr, "bench_analytics: cannot write %s\n", csv);
        return 1;
    }
    struct stat st;
    stat(csv, &st);
    printf("generated %s: %llu punches, %d people x %d working days, %.0f MB in %.2f s\n", csv,
           (unsigned long long)npunch, people, days, (double)st.st_size / 1e6, s_now() - t0);

    // Three runs, each into a fresh store; the median is reported, the last store is queried.
    double imp[S_RUNS], agg[S_RUNS], tot[S_RUNS];
    hr_store_t *store = NULL;
    char *dir = NULL;
    hr_arena_t *arena = hr_arena_new(0);
    char why[256] = "";
    hr_txn_t *txn = NULL;
    hr_rc_t rc = HR_OK;
    for (int run = 0; run < S_RUNS; run++) {
        if (store) {
            hr_store_destroy(&store);
            s_rmdir(dir);
            hr_free(dir);
        }
        dir = hr_strdup("/tmp/hr-bench-analytics-XXXXXX");
        if (!mkdtemp(dir))
            return 1;
        hr_store_opts_t so = {.dir = dir,
                              .mapsize_mb = 8192,
                              .mapsize_max_mb = 65536,
                              .dbs = an_store_dbs,
                              .schema_version = an_service.schema_version};
        char *err = NULL;
        store = hr_store_open(&so, &err);
        if (!store) {
            fprintf(stderr, "bench_analytics: %s\n", err);
            return 1;
        }
        // The people feed (not timed): departments of 20.
        size_t plen = 0, pcap = (size_t)people * 32 + 64;
        char *ptext = hr_alloc(pcap);
        plen += (size_t)snprintf(ptext, pcap, "employee_no,pin,department\n");
        for (int p = 0; p < people; p++)
            plen += (size_t)snprintf(ptext + plen, pcap - plen, "%d,%d,D%04d\n", 100000 + p,
                                     100000 + p, p / 20);
        an_import_ctx_t ictx = {
            .tz_offset_min = HR_TZ_SHANGHAI_MIN, .now_ms = 0, .msg_id = "bench"};
        Hr__Analytics__ImportFeedReply rep = HR__ANALYTICS__IMPORT_FEED_REPLY__INIT;
        hr_arena_reset(arena);
        hr_txn_begin_write(store, &txn);
        if (an_import(txn, &ictx, HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE, "generic",
                      "people.csv", ptext, plen, arena, &rep, why, sizeof why) ||
            hr_txn_commit(&txn)) {
            fprintf(stderr, "people: %s\n", why);
            return 1;
        }
        hr_free(ptext);

        // Import, end to end: the file's bytes to a durable commit.
        double ti = s_now();
        size_t len = 0;
        char *data = s_map(csv, &len);
        double tr = s_now();
        hr_arena_reset(arena);
        hr__analytics__import_feed_reply__init(&rep);
        hr_txn_begin_write(store, &txn);
        rc = an_import(txn, &ictx, HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE, "generic",
                       "punches.csv", data, len, arena, &rep, why, sizeof why);
        double tp = s_now();
        if (!rc)
            rc = hr_txn_commit(&txn);
        else
            hr_txn_abort(&txn);
        double te = s_now();
        if (rc) {
            fprintf(stderr, "import: %s %s\n", hr_rc_name(rc), why);
            return 1;
        }
        munmap(data, len);
        printf("run %d import: %.3f s (map %.3f, hash+parse+store %.3f, commit %.3f): %u records, "
               "%u accepted, %u person-days, %u quarantined; LMDB %.0f MB + text %.0f MB\n",
               run + 1, te - ti, tr - ti, tp - tr, te - tp, rep.lines, rep.accepted,
               rep.days_written, rep.quarantined, (double)hr_store_file_bytes(store) / 1e6,
               (double)len / 1e6);

        // Aggregation: the GROUP BY per person-day, from the store.
        double ta = s_now();
        hr_txn_begin_read(store, &txn);
        MDB_cursor *c = NULL;
        mdb_cursor_open(hr_txn_mdb(txn), hr_store_dbi(store, AN_DB_DAYS), &c);
        MDB_val k, v;
        uint64_t pdays = 0, late = 0, late60 = 0;
        int mrc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
        while (!mrc) {
            an_fpunch_t pd[512];
            long n = an_punchday_decode(v.mv_data, v.mv_size, pd, NULL, HR_ARRAY_LEN(pd));
            if (n > 0 && n <= (long)HR_ARRAY_LEN(pd)) { // sorted: the first is the arrival
                pdays++;
                late += pd[0].sec > 9 * 3600;
                late60 += pd[0].sec > 10 * 3600;
            }
            mrc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
        }
        mdb_cursor_close(c);
        hr_txn_abort(&txn);
        double tae = s_now();
        printf("run %d aggregate: %.3f s: %llu person-days, %llu late, %llu more than 60 min "
               "late\n",
               run + 1, tae - ta, (unsigned long long)pdays, (unsigned long long)late,
               (unsigned long long)late60);
        imp[run] = te - ti;
        agg[run] = tae - ta;
        tot[run] = imp[run] + agg[run];
    }
    qsort(imp, S_RUNS, sizeof *imp, s_cmp);
    qsort(agg, S_RUNS, sizeof *agg, s_cmp);
    qsort(tot, S_RUNS, sizeof *tot, s_cmp);
    printf("median of %d: import %.3f s, aggregate %.3f s, import+aggregate %.3f s\n", S_RUNS,
           imp[S_RUNS / 2], agg[S_RUNS / 2], tot[S_RUNS / 2]);
    printf("RESULT ours_import_aggregate_s=%.3f\n", tot[S_RUNS / 2]);

    // Facts: one person over 90 days (the 60 working days inside), team of 20 compared.
    an_query_ctx_t qctx = {.tz_offset_min = HR_TZ_SHANGHAI_MIN,
                           .default_shift = {9 * 60, 18 * 60},
                           .rules = an_rules_default(),
                           .calendar = NULL};
    char *calpath = hr_strfmt("%s/deploy/config/calendar.txt", HR_SOURCE_DIR);
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_load(calpath, &err);
    hr_free(err);
    qctx.calendar = cal;
    hr_free(calpath);
    double *lat = hr_alloc((size_t)queries * sizeof *lat);
    double *lat_solo = hr_alloc((size_t)queries * sizeof *lat_solo);
    char from[HR_DATE_LEN], to[HR_DATE_LEN];
    hr_date_format(first_day, from);
    hr_date_format(first_day + 89, to);
    uint64_t facts = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int q = 0; q < queries; q++) {
            char emp[16];
            snprintf(emp, sizeof emp, "%d", 100000 + (int)(s_rand() % (uint32_t)people));
            Hr__Analytics__GetFactsRequest req = HR__ANALYTICS__GET_FACTS_REQUEST__INIT;
            req.employee_no = emp;
            req.from = from;
            req.to = to;
            req.no_team = pass == 1;
            Hr__Analytics__GetFactsReply frep = HR__ANALYTICS__GET_FACTS_REPLY__INIT;
            hr_arena_reset(arena);
            double q0 = s_now();
            hr_txn_begin_read(store, &txn);
            rc = an_facts_query(txn, &qctx, &req, arena, &frep, why, sizeof why);
            hr_txn_abort(&txn);
            double q1 = s_now();
            if (rc) {
                fprintf(stderr, "facts: %s\n", why);
                return 1;
            }
            facts += frep.n_facts;
            (pass ? lat_solo : lat)[q] = (q1 - q0) * 1e3;
            if (getenv("AN_BENCH_TRACE") && (q1 - q0) * 1e3 > 3)
                fprintf(stderr, "slow q=%d pass=%d %.3f ms facts=%zu\n", q, pass, (q1 - q0) * 1e3,
                        frep.n_facts);
        }
    }
    qsort(lat, (size_t)queries, sizeof *lat, s_cmp);
    qsort(lat_solo, (size_t)queries, sizeof *lat_solo, s_cmp);
    printf("facts (90 days, team of 20 compared): p50 %.3f ms, p99 %.3f ms (%d queries)\n",
           lat[queries / 2], lat[queries * 99 / 100], queries);
    printf("facts (90 days, person only):         p50 %.3f ms, p99 %.3f ms (%d queries)\n",
           lat_solo[queries / 2], lat_solo[queries * 99 / 100], queries);
    hr_free(lat);
    hr_free(lat_solo);

    // Withdrawal: a mistaken one-day export of 100 people on top, then taken back.
    size_t wcap = 100 * 64 + 64, wlen = 0;
    char *wtext = hr_alloc(wcap);
    wlen += (size_t)snprintf(wtext, wcap, "pin,time,state,device\n");
    for (int p = 0; p < 100; p++)
        wlen += (size_t)snprintf(wtext + wlen, wcap - wlen, "%d,2025-06-02 08:%02d:00,0,9\n",
                                 100000 + p, p % 60);
    an_import_ctx_t wctx = {.tz_offset_min = HR_TZ_SHANGHAI_MIN, .now_ms = 0, .msg_id = "bench-w"};
    Hr__Analytics__ImportFeedReply wrep = HR__ANALYTICS__IMPORT_FEED_REPLY__INIT;
    hr_arena_reset(arena);
    hr_txn_begin_write(store, &txn);
    rc = an_import(txn, &wctx, HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE, "generic",
                   "wrong.csv", wtext, wlen, arena, &wrep, why, sizeof why);
    if (!rc)
        rc = hr_txn_commit(&txn);
    else
        hr_txn_abort(&txn);
    hr_free(wtext);
    if (rc) {
        fprintf(stderr, "withdraw's import: %s %s\n", hr_rc_name(rc), why);
        return 1;
    }
    char wno[16];
    snprintf(wno, sizeof wno, "%u", wrep.file_no);
    an_withdraw_ctx_t dctx = {
        .tz_offset_min = HR_TZ_SHANGHAI_MIN, .now_ms = HR_DAY_MS, .actor = "bench"};
    Hr__Analytics__WithdrawImportReply drep = HR__ANALYTICS__WITHDRAW_IMPORT_REPLY__INIT;
    double tw = s_now();
    hr_txn_begin_write(store, &txn);
    rc = an_withdraw(txn, &dctx, wno, "bench", arena, &drep, why, sizeof why);
    double twp = s_now();
    if (!rc)
        rc = hr_txn_commit(&txn);
    else
        hr_txn_abort(&txn);
    double twe = s_now();
    if (rc) {
        fprintf(stderr, "withdraw: %s %s\n", hr_rc_name(rc), why);
        return 1;
    }
    printf("withdraw: %.3f s (rebuild %.3f, commit %.3f): %u files read again, person-days %llu "
           "-> %llu\n",
           twe - tw, twp - tw, twe - twp, drep.files_replayed,
           (unsigned long long)drep.person_days_before, (unsigned long long)drep.person_days_after);
    printf("RESULT ours_withdraw_s=%.3f\n", twe - tw);
    hr_calendar_destroy(&cal);
    hr_arena_destroy(&arena);
    hr_store_destroy(&store);
    if (!keep)
        s_rmdir(dir);
    hr_free(dir);
    return 0;
}
