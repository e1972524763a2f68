/*  bench_workflow - hr-workflow under load (issue 4): open+submit throughput, then 10,000 open
 *  cases whose request deadline the clock jumps past, timing the escalation catch-up while
 *  sys.Ping keeps being measured.
 *
 *  Starts the real hr-workflow (build/bin, through the e2e harness, notify absent so every
 *  command stays in the outbox), imports a generated directory (a CEO, an HR head, 100
 *  managers, N employees), moves the daemon's clock to a Monday 09:00 Shanghai, opens and
 *  submits one case per employee (each submission is refused for missing evidence, so every
 *  case keeps its two-working-day request deadline), then moves the clock three days (to
 *  Thursday 09:00: every request step is a day overdue) and measures the time until every
 *  level-1 escalation has been written, with the sys.Ping round trip measured throughout.
 *  Between the two, one case is read S_READS times by the operator (a read transaction alone)
 *  and S_READS times by its manager (each read also writes an entry to the case's read log, in
 *  a write transaction of its own before the reply).
 *  Figures only, never asserted. Usage: bench_workflow [CASES]   (default 10000)
 *  Measure on a Release build: cmake -DCMAKE_BUILD_TYPE=Release; cmake --build --target bench.
 */
#include "harness.h"
#include "hr_calendar.h"
#include "hr_test.h"
#include "workflow.pb-c.h"

#include <stdlib.h>

#define S_DEFAULT_CASES 10000
#define S_MAX_CASES 100000
#define S_MANAGERS 100
#define S_CATCHUP_LIMIT_MS (15 * HR_MINUTE_MS)
#define S_STATUS_EVERY 20 // pings between two status polls
#define S_NS_PER_MS 1e6
#define S_READS 2000 // GetCase calls per reader in the reads phase

typedef struct {
    hr_client_t *client; // owned
    hr_clock_t *clock;   // borrowed
    hr_arena_t *arena;   // owned, reset per call
} s_conn_t;

static hr_rc_t s_call(s_conn_t *k, const char *user, const char *type, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *desc, void **reply)
{
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[1] = {user ? "manager" : "operator"};
    actor.user_id = (char *)(user ? user : "operator");
    actor.roles = roles;
    actor.n_roles = 1;
    hr_call_opts_t opts = {.timeout_ms = 30000, .retries = 1, .actor = &actor};
    hr_result_t res;
    hr_rc_t rc = hr_client_call(k->client, type, req, desc, k->arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (rc)
        fprintf(stderr, "bench: %s: %s %s\n", type, hr_rc_name(rc), res.message);
    else if (reply)
        *reply = res.reply;
    return rc;
}

static char *s_people_csv(size_t n, size_t *len)
{
    size_t cap = 256 * (n + S_MANAGERS + 4);
    char *buf = hr_alloc(cap);
    size_t off = (size_t)snprintf(buf, cap,
                                  "employee_no,name,department_id,manager_no,email,mobile,"
                                  "hire_date,monthly_wage,roles\n"
                                  "B0,CEO,B,,b0@example.com,13900000000,2010-01-04,80000,manager\n"
                                  "B1,HR Head,B,B0,b1@example.com,13900000001,2012-01-04,40000,"
                                  "hr_head\n");
    for (size_t m = 0; m < S_MANAGERS; m++)
        off += (size_t)snprintf(buf + off, cap - off,
                                "M%03zu,Manager %zu,B,B0,m%zu@example.com,1370000%04zu,2015-03-02,"
                                "30000,manager\n",
                                m, m, m, m);
    for (size_t i = 0; i < n; i++)
        off += (size_t)snprintf(buf + off, cap - off,
                                "E%05zu,Employee %zu,B,M%03zu,e%zu@example.com,1360%07zu,"
                                "2026-10-26,18000,\n",
                                i, i, i % S_MANAGERS, i, i);
    *len = off;
    return buf;
}

static int s_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double s_ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t1.tv_nsec - t0->tv_nsec) / S_NS_PER_MS;
}

static uint64_t s_escalations(s_conn_t *k, uint64_t *outbox)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    Hr__Sys__StatusReply *st = NULL;
    if (s_call(k, NULL, "sys.Status", &req.base, &hr__sys__status_reply__descriptor, (void **)&st))
        return 0;
    *outbox = st->outbox_depth;
    for (size_t i = 0; i < st->n_extra; i++)
        if (!strncmp(st->extra[i], "escalations=", 12))
            return strtoull(st->extra[i] + 12, NULL, 10);
    return 0;
}

int main(int argc, char **argv)
{
    int64_t ncases = S_DEFAULT_CASES;
    if (argc > 1 && !hr_parse_i64(argv[1], 1, S_MAX_CASES, &ncases)) {
        fprintf(stderr, "usage: bench_workflow [CASES 1..%d]\n", S_MAX_CASES);
        return 2;
    }
    setenv("HR_LOG_LEVEL", "warn", 1); // the harness asks for debug logs; not in a benchmark
    e2e_t *c = e2e_new("bench-wf");
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *tpl = hr_test_source_path("deploy/config/template-default.txt");
    char *notify = hr_strfmt("ipc://%s/run/notify-absent.ipc", e2e_dir(c));
    e2e_config(c, "workflow", "calendar/file", cal);
    e2e_config(c, "workflow", "template/file", tpl);
    e2e_config(c, "workflow", "peers/notify", notify);
    e2e_config(c, "workflow", "store/mapsize_mb", "4096");
    hr_free(cal);
    hr_free(tpl);
    hr_free(notify);
    const char *const svcs[] = {"workflow", NULL};
    if (e2e_start(c, svcs))
        return 1;
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    s_conn_t k = {hr_client_new(e2e_endpoint(c, "workflow"), clock, &err), clock, hr_arena_new(0)};
    s_conn_t p = {hr_client_new(e2e_endpoint(c, "workflow"), clock, &err), clock, hr_arena_new(0)};

    size_t csv_len = 0;
    char *csv = s_people_csv((size_t)ncases, &csv_len);
    Hr__Workflow__ImportDepartmentsRequest dreq = HR__WORKFLOW__IMPORT_DEPARTMENTS_REQUEST__INIT;
    const char *dcsv = "id,name,head_no,parent_id\nB,Bench,B0,\n";
    dreq.csv.data = (uint8_t *)dcsv;
    dreq.csv.len = strlen(dcsv);
    Hr__Workflow__ImportPeopleRequest preq = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    preq.csv.data = (uint8_t *)csv;
    preq.csv.len = csv_len;
    Hr__Workflow__ImportReply *irep = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (s_call(&k, NULL, "workflow.ImportDepartments", &dreq.base,
               &hr__workflow__import_reply__descriptor, NULL) ||
        s_call(&k, NULL, "workflow.ImportPeople", &preq.base,
               &hr__workflow__import_reply__descriptor, (void **)&irep) ||
        irep->imported != (uint32_t)ncases + S_MANAGERS + 2)
        return 1;
    printf("import: %lld people (%zu KiB CSV) in %.0f ms\n", (long long)irep->imported,
           csv_len / 1024, s_ms_since(&t0));
    hr_free(csv);
    hr_arena_reset(k.arena);

    // Monday 09:00 in Shanghai, after today.
    Hr__Sys__PingRequest ping = HR__SYS__PING_REQUEST__INIT;
    Hr__Sys__PingReply *pong = NULL;
    s_call(&p, NULL, "sys.Ping", &ping.base, &hr__sys__ping_reply__descriptor, (void **)&pong);
    int32_t day = hr_day_of_ms(pong->now_ms, HR_TZ_SHANGHAI_MIN) + 1;
    while (hr_date_weekday(day) != 0)
        day++;
    int64_t monday = hr_ms_of_day(day, HR_TZ_SHANGHAI_MIN) + 9 * HR_HOUR_MS;
    e2e_clock_advance(c, monday - pong->now_ms);
    hr_arena_reset(p.arena);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    char last_id[HR_ID_LEN + 1] = "", last_mgr[32] = "";
    for (int64_t i = 0; i < ncases; i++) {
        char emp[32], mgr[32];
        snprintf(emp, sizeof emp, "E%05lld", (long long)i);
        snprintf(mgr, sizeof mgr, "M%03lld", (long long)(i % S_MANAGERS));
        Hr__Workflow__OpenCaseRequest open = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
        open.employee_no = emp;
        open.ground = "A39_1";
        open.reason = "bench";
        Hr__Workflow__CaseReply *rep = NULL;
        if (s_call(&k, mgr, "workflow.OpenCase", &open.base, &hr__workflow__case_reply__descriptor,
                   (void **)&rep))
            return 1;
        Hr__Workflow__SubmitCaseRequest sub = HR__WORKFLOW__SUBMIT_CASE_REQUEST__INIT;
        sub.case_id = rep->case_->id;
        if (s_call(&k, mgr, "workflow.SubmitCase", &sub.base, &hr__workflow__case_reply__descriptor,
                   NULL))
            return 1;
        snprintf(last_id, sizeof last_id, "%s", rep->case_->id);
        snprintf(last_mgr, sizeof last_mgr, "%s", mgr);
        hr_arena_reset(k.arena);
    }
    double open_ms = s_ms_since(&t0);
    printf("open+submit: %lld cases in %.0f ms: %.0f cases/s (%.0f write requests/s, each "
           "one fsync'd LMDB txn)\n",
           (long long)ncases, open_ms, (double)ncases * 1e3 / open_ms,
           2.0 * (double)ncases * 1e3 / open_ms);

    // One case read by the operator (not recorded), then by its manager (recorded).
    for (int who = 0; who < 2; who++) {
        Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
        get.case_id = last_id;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < S_READS; i++) {
            if (s_call(&k, who ? last_mgr : NULL, "workflow.GetCase", &get.base,
                       &hr__workflow__case_reply__descriptor, NULL))
                return 1;
            hr_arena_reset(k.arena);
        }
        double ms = s_ms_since(&t0);
        printf("GetCase by %s: %d reads in %.0f ms: %.0f reads/s%s\n",
               who ? "its manager" : "the operator", S_READS, ms, S_READS * 1e3 / ms,
               who ? " (each recorded in the case's read log: one fsync'd LMDB txn)"
                   : " (not recorded)");
    }

    // Three days later (Thursday 09:00): every request step is overdue.
    uint64_t outbox = 0, before = s_escalations(&k, &outbox);
    e2e_clock_advance(c, 3 * HR_DAY_MS);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t cap = 1 << 20, n = 0;
    double *rtt = hr_alloc(cap * sizeof *rtt);
    uint64_t done = before;
    double catchup_ms = -1;
    while (s_ms_since(&t0) < S_CATCHUP_LIMIT_MS) {
        struct timespec p0;
        clock_gettime(CLOCK_MONOTONIC, &p0);
        if (s_call(&p, NULL, "sys.Ping", &ping.base, &hr__sys__ping_reply__descriptor, NULL))
            break;
        if (n < cap)
            rtt[n++] = s_ms_since(&p0);
        hr_arena_reset(p.arena);
        if (n % S_STATUS_EVERY == 0) {
            done = s_escalations(&k, &outbox);
            hr_arena_reset(k.arena);
            if (done - before >= (uint64_t)ncases) {
                catchup_ms = s_ms_since(&t0);
                break;
            }
        }
    }
    qsort(rtt, n, sizeof *rtt, s_cmp);
    printf("catch-up: %llu level-1 escalations in %.0f ms (%.0f/s); outbox depth %llu\n",
           (unsigned long long)(done - before), catchup_ms,
           catchup_ms > 0 ? (double)(done - before) * 1e3 / catchup_ms : 0.0,
           (unsigned long long)outbox);
    if (n)
        printf("sys.Ping during catch-up: %zu pings, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", n,
               rtt[n / 2], rtt[(size_t)((double)n * 0.99)], rtt[n - 1]);
    hr_free(rtt);
    hr_client_destroy(&k.client);
    hr_client_destroy(&p.client);
    hr_arena_destroy(&k.arena);
    hr_arena_destroy(&p.arena);
    hr_clock_destroy(&clock);
    return e2e_stop(&c) ? 1 : 0;
}
