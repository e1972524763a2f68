/*  bench_notify - hr-notify's delivery rate (issue 5), printed, never asserted.
 *
 *  1. Emails per second to a local SMTP server (aiosmtpd, tests/support/smtp_sink.py --bench).
 *  2. Webhook posts per second to an in-process libmicrohttpd receiver, beside a bare libcurl
 *     POST loop to the same receiver in the same run (the target: notify >= 80% of it).
 *
 *  Each notify figure is the queue drain rate: N messages are queued while the peer refuses
 *  them (SMTP 451 / HTTP 503: transient), then the peer accepts and the daemon's clock moves
 *  past the back-off. Emails: from the first delivery notify.Log reports until it counts N.
 *  Webhook: timed at the receiver (first to last POST answered 200), and until notify.Log
 *  counts N sent (each result committed to LMDB too). The webhook part runs in two placements
 *  (sender and receiver on different CPUs, then on one), each beside its own bare loop, because
 *  on this class of VM the placement alone moves an HTTP round trip by 6x. Real sockets, the
 *  real daemon (started through the e2e harness). Run on a Release build without sanitizers:
 *
 *      bench_notify [EMAILS [POSTS]]      (defaults 500 and 10000)
 */
#define _GNU_SOURCE // sched_setaffinity, CPU_SET
#include "harness.h"
#include "notify.pb-c.h"
#include "nt_peers.h"

#include <curl/curl.h>
#include <microhttpd.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#define S_DEFAULT_EMAILS 500
#define S_DEFAULT_POSTS 10000
#define S_BACKOFF_S 60
#define S_DRAIN_TIMEOUT_MS (300 * 1000)
#define S_POLL_MS 20
#define S_MHD_THREADS 4

static atomic_int s_accept;    // 0: the receiver answers 503, 1: 200
static atomic_long s_posts;    // requests answered 200
static atomic_long s_first_ns; // monotonic time of the first 200 since the last reset
static atomic_long s_last_ns;  // ... and of the latest

static double s_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long s_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static enum MHD_Result s_answer(void *cls, struct MHD_Connection *conn, const char *url,
                                const char *method, const char *version, const char *data,
                                size_t *data_size, void **con_cls)
{
    HR_UNUSED(cls), HR_UNUSED(url), HR_UNUSED(method), HR_UNUSED(version), HR_UNUSED(data);
    static int marker;
    if (!*con_cls) {
        *con_cls = &marker;
        return MHD_YES;
    }
    if (*data_size) {
        *data_size = 0; // the body is read and dropped
        return MHD_YES;
    }
    bool ok = atomic_load(&s_accept);
    static const char body_ok[] = "{\"ok\":true}";
    static const char body_busy[] = "{\"error\":\"busy\"}";
    struct MHD_Response *rep =
        MHD_create_response_from_buffer(ok ? sizeof body_ok - 1 : sizeof body_busy - 1,
                                        (void *)(ok ? body_ok : body_busy), MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(rep, "Content-Type", "application/json");
    enum MHD_Result r = MHD_queue_response(conn, ok ? 200 : 503, rep);
    MHD_destroy_response(rep);
    if (ok) {
        long now = s_now_ns();
        if (atomic_fetch_add(&s_posts, 1) == 0)
            atomic_store(&s_first_ns, now);
        atomic_store(&s_last_ns, now);
    }
    return r;
}

static Hr__Notify__SendRequest *s_request(hr_arena_t *arena, Hr__Notify__Channel ch)
{
    Hr__Notify__SendRequest *req = hr_arena_alloc(arena, sizeof *req);
    hr__notify__send_request__init(req);
    Hr__Notify__Recipient *r = hr_arena_alloc(arena, sizeof *r);
    hr__notify__recipient__init(r);
    r->name = "张三";
    r->email = "manager@corp.example.com";
    r->mobile = "+8613800001111";
    req->to = hr_arena_alloc(arena, sizeof *req->to);
    req->to[0] = r;
    req->n_to = 1;
    Hr__Notify__Channel *chs = hr_arena_alloc(arena, sizeof *chs);
    chs[0] = ch;
    req->channels = chs;
    req->n_channels = 1;
    req->template_ = "overdue_1";
    req->language = "zh-CN";
    return req;
}

static uint64_t s_sent(e2e_t *c, hr_arena_t *arena)
{
    Hr__Notify__LogRequest req = HR__NOTIFY__LOG_REQUEST__INIT;
    req.limit = 1;
    hr_result_t res;
    if (e2e_call(c, "notify", "notify.Log", &req.base, &hr__notify__log_reply__descriptor, arena,
                 &res))
        return 0;
    return ((Hr__Notify__LogReply *)res.reply)->sent;
}

// Queues n sends (the peer refusing), opens the peer, moves the clock, times the drain.
// Returns messages per second, or -1.
static double s_drain(e2e_t *c, Hr__Notify__Channel ch, long n, void (*open_peer)(void *),
                      void *arg, double *done_s)
{
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Notify__SendRequest *req = s_request(arena, ch);
    for (long i = 0; i < n; i++) {
        hr_result_t res;
        if (e2e_call(c, "notify", "notify.Send", &req->base, &hr__notify__send_reply__descriptor,
                     arena, &res)) {
            fprintf(stderr, "bench_notify: notify.Send failed: %s\n", res.message);
            hr_arena_destroy(&arena);
            return -1;
        }
        if (i % 256 == 255) {
            hr_arena_reset(arena);
            req = s_request(arena, ch);
        }
    }
    zclock_sleep(2000); // every delivery has had its refused first attempt
    uint64_t before = s_sent(c, arena);
    open_peer(arg);
    e2e_clock_advance(c, (S_BACKOFF_S + 1) * HR_SECOND_MS);
    // The clock is read on the daemon's 1 s tick: time from the first delivery recorded (its
    // count, first, is left out of the rate) to the last.
    double t0 = 0, t1 = 0;
    uint64_t first = 0;
    for (int waited = 0; waited < S_DRAIN_TIMEOUT_MS; waited += 1) {
        hr_arena_reset(arena);
        uint64_t sent = s_sent(c, arena) - before;
        if (sent && !t0) {
            t0 = s_now_s();
            first = sent;
        }
        if (sent >= (uint64_t)n) {
            t1 = s_now_s();
            break;
        }
        zclock_sleep(t0 ? S_POLL_MS : 1);
    }
    hr_arena_destroy(&arena);
    if (done_s)
        *done_s = t1;
    return t1 > t0 && t0 ? (double)(n - (long)first) / (t1 - t0) : -1;
}

static void s_open_smtp(void *arg)
{
    nt_peer_control(arg, "");
}

static void s_open_http(void *arg)
{
    HR_UNUSED(arg);
    atomic_store(&s_posts, 0);
    atomic_store(&s_first_ns, 0);
    atomic_store(&s_last_ns, 0);
    atomic_store(&s_accept, 1);
}

static e2e_t *s_notify(const char *name, const char *key, const char *url, const char *workers)
{
    e2e_t *c = e2e_new(name);
    e2e_config(c, "notify", key, url);
    e2e_config(c, "notify", "notify/workers", workers);
    e2e_config(c, "notify", "retry/min_backoff_s", "60");
    e2e_config(c, "notify", "log/level", "warn");
    if (!strcmp(key, "webhook/url"))
        e2e_config(c, "notify", "sms/provider", "webhook");
    if (e2e_start_one(c, "notify", NULL)) {
        e2e_stop(&c);
        return NULL;
    }
    return c;
}

// Moves the calling thread (and whatever it starts from now on) to one CPU. On this class of
// VM a wake-up across CPUs costs about 60 us and one on the same CPU a few: an HTTP round trip
// runs at ~12,000/s across and ~75,000/s on one CPU, so an unpinned run measures where the
// scheduler put the threads. Both placements are measured, each with its own bare loop.
static void s_pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set))
        fprintf(stderr, "bench_notify: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
}

static size_t s_discard(char *data, size_t size, size_t n, void *arg)
{
    HR_UNUSED(data), HR_UNUSED(arg);
    return size * n;
}

// The reference: one easy handle set up once (connection reused), POSTs in a loop, the answer
// read and dropped. The fastest simple libcurl client, so the ratio errs against notify.
static double s_bare_loop(const char *url, long n)
{
    CURL *curl = curl_easy_init();
    const char *body = "{\"id\":\"01JN00000000000000000000AA.000\",\"to\":\"+8613800001111\","
                       "\"text\":\"[HR] Case CASE-1: step overdue since tomorrow.\","
                       "\"template\":\"overdue_1\",\"language\":\"zh-CN\",\"case_id\":\"\","
                       "\"variables\":{}}";
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, s_discard);
    double t0 = s_now_s();
    long ok = 0;
    for (long i = 0; i < n; i++) {
        long status = 0;
        if (curl_easy_perform(curl) == CURLE_OK &&
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200)
            ok++;
    }
    double dt = s_now_s() - t0;
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
    return ok == n ? (double)n / dt : -1;
}

int main(int argc, char **argv)
{
    long emails = argc > 1 ? strtol(argv[1], NULL, 10) : S_DEFAULT_EMAILS;
    long posts = argc > 2 ? strtol(argv[2], NULL, 10) : S_DEFAULT_POSTS;
    if (emails <= 0 || posts <= 0) {
        fprintf(stderr, "usage: bench_notify [EMAILS [POSTS]]\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);

    // 1. Emails to aiosmtpd.
    nt_peer_t sink = {0};
    char *dir = hr_strdup("/tmp/hr-bench-notify-smtp");
    const char *const bench_arg[] = {"--bench", NULL};
    if (nt_peer_start(&sink, "smtp_sink.py", dir, 0, bench_arg) == 0) {
        for (int w = 1; w <= 4; w *= 2) {
            char url[64], workers[8];
            snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink.port);
            snprintf(workers, sizeof workers, "%d", w);
            nt_peer_control(&sink, "451 -1\n");
            e2e_t *c = s_notify("bench-smtp", "smtp/url", url, workers);
            double rate =
                c ? s_drain(c, HR__NOTIFY__CHANNEL__CHANNEL_EMAIL, emails, s_open_smtp, &sink, NULL)
                  : -1;
            printf("smtp  workers=%d  emails=%ld  %.0f emails/s (aiosmtpd on loopback)\n", w,
                   emails, rate);
            fflush(stdout);
            if (c)
                e2e_stop(&c);
        }
        nt_peer_free(&sink);
    }
    hr_free(dir);

    // 2. Webhook posts vs a bare libcurl loop, same receiver, its threads on CPU 0.
    s_pin(0);
    struct MHD_Daemon *mhd = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, s_answer, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)S_MHD_THREADS, MHD_OPTION_END);
    if (!mhd) {
        fprintf(stderr, "bench_notify: cannot start the HTTP receiver\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_BIND_PORT);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/webhook", (unsigned)info->port);
    static const struct {
        const char *name; // placement
        int cpu;          // where the clients run (the bare loop, the notify daemon)
    } places[] = {{"split (receiver CPU 0, sender CPU 1)", 1}, {"same (all on CPU 0)", 0}};
    for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
        s_pin(places[p].cpu); // this thread, and the daemon it starts below
        printf("http  placement %s\n", places[p].name);
        atomic_store(&s_accept, 1);
        // The reference is the best of three bare runs, so the ratio errs against notify.
        double bare = 0;
        for (int i = 0; i < 3; i++) {
            double r = s_bare_loop(url, posts);
            printf("http    bare libcurl POST loop  posts=%ld  %.0f posts/s\n", posts, r);
            bare = r > bare ? r : bare;
        }
        for (int w = 1; w <= 4; w *= 2) {
            char workers[8];
            snprintf(workers, sizeof workers, "%d", w);
            atomic_store(&s_accept, 0);
            e2e_t *c = s_notify("bench-http", "webhook/url", url, workers);
            double done_s = 0;
            if (!c || s_drain(c, HR__NOTIFY__CHANNEL__CHANNEL_SMS, posts, s_open_http, NULL,
                              &done_s) < 0) {
                printf("http    notify workers=%d  failed\n", w);
                if (c)
                    e2e_stop(&c);
                continue;
            }
            // Timed at the receiver: from the first POST answered 200 to the last, and to the
            // moment notify.Log counted every one sent (each result committed as well).
            double first = (double)atomic_load(&s_first_ns) / 1e9;
            double last = (double)atomic_load(&s_last_ns) / 1e9;
            double rate = last > first ? (double)(posts - 1) / (last - first) : -1;
            double recorded = done_s > first ? (double)posts / (done_s - first) : -1;
            printf("http    notify workers=%d  posts=%ld  %.0f posts/s = %.0f%% of the bare loop; "
                   "until all recorded %.0f/s = %.0f%%\n",
                   w, posts, rate, bare > 0 ? 100.0 * rate / bare : 0.0, recorded,
                   bare > 0 ? 100.0 * recorded / bare : 0.0);
            fflush(stdout);
            e2e_stop(&c);
        }
    }
    MHD_stop_daemon(mhd);
    curl_global_cleanup();
    return 0;
}
