/*  nt_worker - a sender thread: a czmq actor doing blocking libcurl and file I/O.
 *
 *  The loop sends ["JOB", pointer] and gets ["DONE", pointer] back; the job stays the loop's
 *  (it is not touched by the loop in between, and never freed here). One easy handle per actor,
 *  reset between jobs so its connection cache survives (SMTP and HTTP keep-alive) - except for
 *  an SMS, which always goes on a connection of its own (s_http says why). Every
 *  transfer has CURLOPT_TIMEOUT and CURLOPT_NOSIGNAL, and a progress callback that aborts when
 *  the daemon is told to stop, so a stalled peer never holds up shutdown for long.
 *  curl_global_init() runs once in main before any worker starts (it is not thread-safe).
 */
#include "nt.h"

#include <unistd.h>

#define NT_CONNECT_TIMEOUT_S 10L

// Without this option one refused RCPT TO (a cc's mailbox) ends the whole transaction, and the
// delivery's own recipient gets nothing. libcurl before 8.2.0 spells it with three Ls.
#if LIBCURL_VERSION_NUM >= 0x080200
#define NT_CURLOPT_RCPT_ALLOWFAILS CURLOPT_MAIL_RCPT_ALLOWFAILS
#elif LIBCURL_VERSION_NUM >= 0x074500
#define NT_CURLOPT_RCPT_ALLOWFAILS CURLOPT_MAIL_RCPT_ALLLOWFAILS
#else
#error "libcurl 7.69.0 or later is needed (CURLOPT_MAIL_RCPT_ALLLOWFAILS)"
#endif

typedef struct {
    const char *data;    // borrowed: the message
    size_t len;          // its length
    size_t pos;          // bytes handed to curl so far
    const nt_job_t *job; // borrowed: SMTP, the recipients' RCPT TO replies; NULL otherwise
} s_reader_t;

typedef struct {
    nt_job_t *job; // borrowed: gets each recipient's RCPT TO reply in rcpt_codes
    size_t next;   // RCPT TO commands answered so far (curl sends them in rcpts order)
    bool waiting;  // a RCPT TO was sent and its reply has not ended
} s_rcpt_watch_t;

// libcurl tells nobody which recipient it refused, so the dialogue is watched: every RCPT TO
// line out, then the last line of its reply ("250 ...", not "250-...").
static int s_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
    HR_UNUSED(curl);
    s_rcpt_watch_t *w = arg;
    if (type == CURLINFO_HEADER_OUT && size >= 8 && !strncmp(data, "RCPT TO:", 8)) {
        w->waiting = true;
    } else if (type == CURLINFO_HEADER_IN && w->waiting && size >= 4 && data[3] != '-') {
        long code = 0;
        for (size_t i = 0; i < 3; i++)
            code = code * 10 + (data[i] >= '0' && data[i] <= '9' ? data[i] - '0' : 0);
        if (w->next < w->job->n_rcpts)
            w->job->rcpt_codes[w->next] = code;
        w->next++;
        w->waiting = false;
    }
    return 0;
}

static size_t s_read(char *buf, size_t size, size_t nitems, void *arg)
{
    s_reader_t *r = arg;
    // The delivery's own recipient refused for now (4xx): send to nobody, so that the retry
    // reaches everyone once. Refused for good (5xx), the cc still get the message.
    if (r->pos == 0 && r->job && r->job->n_rcpts && nt_rcpt_is_refused(r->job->rcpt_codes[0]) &&
        r->job->rcpt_codes[0] < 500)
        return CURL_READFUNC_ABORT;
    size_t room = size * nitems;
    size_t n = r->len - r->pos < room ? r->len - r->pos : room;
    memcpy(buf, r->data + r->pos, n);
    r->pos += n;
    return n;
}

void nt_sent_add(nt_sent_t *sent, curl_infotype type, const char *data, size_t size)
{
    if (type != CURLINFO_HEADER_OUT && type != CURLINFO_DATA_OUT)
        return; // what came in, TLS records, curl's own notes
    if (sent->header_end) {
        if (type == CURLINFO_HEADER_OUT)
            sent->requests++; // a second request began: counted, never the first's body
        else
            sent->body_out += size;
        return;
    }
    if (type == CURLINFO_HEADER_OUT && !sent->connect && !sent->tail && size >= 8 &&
        !memcmp(data, "CONNECT ", 8))
        sent->connect = true; // an HTTPS proxy's tunnel: nothing of it reaches the vendor
    for (size_t i = 0; i < size; i++) {
        char want = sent->tail % 2 ? '\n' : '\r'; // the next byte of "\r\n\r\n"
        sent->tail = data[i] == want ? sent->tail + 1 : data[i] == '\r' ? 1 : 0;
        if (sent->tail < 4)
            continue;
        sent->tail = 0;
        if (sent->connect) {
            sent->connect = false; // the tunnel's request ended; the vendor's comes next
            continue;
        }
        sent->header_end = true;
        sent->requests++;
        sent->body_out += size - i - 1; // what followed the header in the same write
        return;
    }
}

bool nt_sent_whole(const nt_sent_t *sent, size_t body_len)
{
    return sent->header_end && sent->body_out >= body_len;
}

// What of an HTTP request went to the connection: curl reports the bytes it wrote as HEADER_OUT
// (the request line and headers) and DATA_OUT (the body). A request whose header and whole body
// went may be with the vendor however the transfer then ended; one that did not go whole cannot
// be acted on (an HTTP server needs the whole header and body), so retrying it sends no second
// SMS. nt_sent_add counts (a proxy's CONNECT is not the vendor's request).
static int s_debug_sent(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
    HR_UNUSED(curl);
    nt_sent_add(arg, type, data, size);
    return 0;
}

#if LIBCURL_VERSION_NUM >= 0x075000
// libcurl sends a request again by itself when a reused connection closes without an answer;
// an SMS job never reuses one (CURLOPT_FRESH_CONNECT), and should libcurl still be about to send
// a second request in one transfer, this stops it: one SMS job, one request at most.
static int s_prereq_once(void *arg, char *conn_primary_ip, char *conn_local_ip,
                         int conn_primary_port, int conn_local_port)
{
    HR_UNUSED(conn_primary_ip), HR_UNUSED(conn_local_ip), HR_UNUSED(conn_primary_port),
        HR_UNUSED(conn_local_port);
    unsigned *attempts = arg;
    return ++*attempts > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}
#endif

static size_t s_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
    nt_buf_t *b = arg;
    size_t n = size * nmemb;
    if (b->len + n <= NT_RESPONSE_MAX)
        nt_buf_add(b, ptr, n);
    return n; // beyond the cap the rest is dropped, not an error
}

static int s_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    HR_UNUSED(arg), HR_UNUSED(a), HR_UNUSED(b), HR_UNUSED(c), HR_UNUSED(d);
    return zsys_interrupted ? 1 : 0;
}

static void s_common(CURL *curl, nt_job_t *job, char *errbuf)
{
    curl_easy_setopt(curl, CURLOPT_URL, job->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, job->timeout_s);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                     job->timeout_s < NT_CONNECT_TIMEOUT_S ? job->timeout_s : NT_CONNECT_TIMEOUT_S);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, s_progress);
    if (job->cainfo)
        curl_easy_setopt(curl, CURLOPT_CAINFO, job->cainfo);
}

static void s_smtp(CURL *curl, nt_job_t *job)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpts = NULL;
    for (size_t i = 0; i < job->n_rcpts; i++)
        rcpts = curl_slist_append(rcpts, job->rcpts[i]);
    s_reader_t reader = {job->data, job->len, 0, job};
    s_rcpt_watch_t watch = {job, 0, false};
    for (size_t i = 0; i < job->n_rcpts; i++)
        job->rcpt_codes[i] = 0;
    job->cc_refused = 0;
    curl_easy_reset(curl);
    s_common(curl, job, errbuf);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, job->mail_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl, NT_CURLOPT_RCPT_ALLOWFAILS, 1L);
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, s_debug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &watch);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); // the debug function sees the dialogue
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, s_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)job->len);
    if (job->require_tls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (job->username && *job->username) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, job->username);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, job->password);
    }
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    long own = job->n_rcpts ? job->rcpt_codes[0] : 0;
    if (nt_rcpt_is_refused(own)) {
        // The delivery is for rcpts[0]: it fails (5xx) or waits (4xx) whatever the cc got.
        job->code = own;
        job->outcome = nt_classify_smtp(CURLE_SEND_ERROR, own);
        snprintf(job->error, sizeof job->error, "smtp %ld: recipient refused%s", own,
                 rc == CURLE_OK ? " (the cc got the message)" : "");
    } else {
        job->code = code;
        job->outcome = nt_classify_smtp(rc, code);
        if (job->outcome != NT_OUTCOME_SENT)
            snprintf(job->error, sizeof job->error, "smtp %ld: %s", code,
                     *errbuf ? errbuf : curl_easy_strerror(rc));
    }
    // A refused cc does not stop the message, but it is kept with the delivery: "cc refused:
    // smtp 550 <a@example.com>, ...". Each one also gets its own event once the delivery is
    // finished (the loop reads rcpt_codes; nt_delivery_cc_refused).
    nt_buf_t note = {0};
    for (size_t i = 1; i < job->n_rcpts; i++) {
        if (!nt_rcpt_is_refused(job->rcpt_codes[i]))
            continue;
        if (job->outcome == NT_OUTCOME_SENT)
            nt_buf_addf(&note, "%s smtp %ld %s",
                        job->cc_refused ? "," : "cc refused:", job->rcpt_codes[i], job->rcpts[i]);
        job->cc_refused++;
    }
    if (note.data)
        snprintf(job->error, sizeof job->error, "%s", note.data);
    nt_buf_free(&note);
    curl_slist_free_all(rcpts);
}

static void s_http(CURL *curl, nt_job_t *job)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < job->n_headers; i++)
        headers = curl_slist_append(headers, job->headers[i]);
    headers = curl_slist_append(headers, "Expect:");
    nt_buf_t body = {0};
    curl_easy_reset(curl);
    s_common(curl, job, errbuf);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, job->data);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)job->len);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, s_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    nt_sent_t sent = {0};
#if LIBCURL_VERSION_NUM >= 0x075000
    unsigned prereqs = 0;
#endif
    if (job->once) {
        // An SMS: watch what of the request went, to tell a failure before it (retried) from
        // one after it (the SMS may have been sent: not repeated). On a fresh connection, closed
        // after: libcurl resends a request by itself when a reused connection drops it unanswered
        // - a second SMS nobody deduplicates, while the debug function went on counting.
        curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, s_debug_sent);
        curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &sent);
        curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); // the debug function sees the transfer
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075000
        curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, s_prereq_once);
        curl_easy_setopt(curl, CURLOPT_PREREQDATA, &prereqs);
#endif
    }
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    job->code = status;
    bool request_out = job->once && nt_sent_whole(&sent, job->len);
    job->outcome = nt_classify_http(job->vendor ? job->vendor : "webhook", rc, request_out, status,
                                    body.data ? body.data : "", job->error, sizeof job->error);
    if (job->outcome == NT_OUTCOME_SENT)
        job->error[0] = '\0';
    nt_buf_free(&body);
    curl_slist_free_all(headers);
}

// Writes the message under its name durably (hr_file_write: a reader never sees half a file,
// and once it is recorded as sent a power cut does not take it away).
static void s_file(nt_job_t *job)
{
    if (hr_file_write(job->path, job->data, job->len)) {
        job->outcome = NT_OUTCOME_TRANSIENT; // a full or read-only disk may come back
        snprintf(job->error, sizeof job->error, "file: %s", strerror(errno));
    } else {
        job->outcome = NT_OUTCOME_SENT;
    }
}

void nt_worker_run(CURL *curl, nt_job_t *job)
{
    job->error[0] = '\0';
    switch (job->kind) {
    case NT_JOB_SMTP:
        s_smtp(curl, job);
        break;
    case NT_JOB_HTTP:
        s_http(curl, job);
        break;
    case NT_JOB_FILE:
        s_file(job);
        break;
    case NT_JOB_NONE:
        break; // the result was set when the job was built
    }
}

size_t nt_files_remove(const char *dir, const char *delivery_id)
{
    static const char *const suffixes[] = {".eml", ".sms.txt", ".eml.tmp", ".sms.txt.tmp"};
    size_t removed = 0;
    for (size_t i = 0; i < HR_ARRAY_LEN(suffixes); i++) {
        char *path = hr_strfmt("%s/%s%s", dir, delivery_id, suffixes[i]);
        removed += unlink(path) == 0;
        hr_free(path);
    }
    return removed;
}

static void s_actor(zsock_t *pipe, void *args)
{
    HR_UNUSED(args);
    CURL *curl = curl_easy_init();
    assert(curl);
    zsock_signal(pipe, 0);
    while (true) {
        zmsg_t *msg = zmsg_recv(pipe);
        if (!msg && zsys_interrupted)
            break; // the daemon is stopping
        if (!msg)
            continue; // a signal for someone else
        char *cmd = zmsg_popstr(msg);
        bool stop = !cmd || !strcmp(cmd, "$TERM");
        if (cmd && !strcmp(cmd, "JOB")) {
            zframe_t *f = zmsg_pop(msg);
            nt_job_t *job = NULL;
            if (f && zframe_size(f) == sizeof job)
                memcpy(&job, zframe_data(f), sizeof job);
            zframe_destroy(&f);
            // The daemon stopping: a job not begun is left alone (no DONE: it was not tried,
            // and the loop, stopping too, leaves it due).
            if (job && !zsys_interrupted) {
                job->started = true;
                nt_worker_run(curl, job);
                zsock_send(pipe, "sp", "DONE", job);
            }
        }
        zstr_free(&cmd);
        zmsg_destroy(&msg);
        if (stop)
            break;
    }
    curl_easy_cleanup(curl);
}

zactor_t *nt_worker_new(void)
{
    return zactor_new(s_actor, NULL);
}
