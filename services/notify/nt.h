/*  nt.h - the one header hr-notify's files include.
 *
 *  Layers (STYLE.md 2): nt_server (loop, workers, dispatch) -> nt_handlers (routes) ->
 *  nt_store (the only file that knows db names and keys) and the pure domain files:
 *  nt_retry (back-off, classification), nt_mail (RFC 5322 / 2047), nt_template (texts),
 *  nt_sign (vendor signatures), nt_channels (HTTP requests per vendor), nt_jobs (a delivery
 *  turned into a job for a worker). nt_worker is the czmq actor that does the blocking I/O.
 */
#ifndef NT_H
#define NT_H

#include "hr.h"
#include "notify.pb-c.h"

#include <curl/curl.h>

// Limits on notify.Send (every buffer growing from input has a cap).
#define NT_MAX_RECIPIENTS 50 // in to, and again in cc
#define NT_KEEP_DAYS 1095    // retention/days: sends kept three years after acceptance
#define NT_PRUNE_EVERY_MS (60 * HR_SECOND_MS) // how often retention looks
#define NT_PRUNE_BATCH 256                    // sends deleted per transaction at most
#define NT_PRUNE_SCAN 1024                    // sends looked at per transaction at most
#define NT_SEND_ID_MAX 64                     // longest send id the store handles
#define NT_MAX_VARIABLES 32                   // variables per send
#define NT_MAX_VALUE_BYTES 4096               // one variable's value
#define NT_MAX_NAME_BYTES 256                 // a recipient's display name
#define NT_MAX_ADDR_BYTES 254                 // an email address (RFC 5321 path limit)
#define NT_MAX_ID_BYTES 128                   // IM ids, case and correlation ids, mobile numbers
#define NT_MAX_DELIVERIES 512                 // delivery records one send may create
#define NT_LOG_DEFAULT 50                     // notify.Log rows by default
#define NT_LOG_MAX 500                        // and at most
#define NT_ERROR_MAX 300                      // bytes of a peer's answer kept in last_error
#define NT_RESPONSE_MAX (64 * 1024)           // bytes of an HTTP response body a worker keeps
#define NT_WORKERS_MAX 8   // sender threads at most (each is a reader in the daemon loop)
#define NT_WORKER_DEPTH 64 // notify/pipeline at most: jobs on one worker's pipe
#define NT_DISPATCH_MAX (NT_WORKERS_MAX * NT_WORKER_DEPTH) // jobs handed out per pass at most
#define NT_APPLY_BATCH 64   // results recorded at once when this many are waiting
#define NT_APPLY_DELAY_MS 5 // ... else this long after the first of them arrived
#define NT_HELD_LOG_EVERY_MS (10 * HR_MINUTE_MS) // notify.held said again this often while held
#define NT_HOLD_REASON_MAX 256                   // bytes of a hold's reason
#define NT_DROP_REASON_MAX 256                   // bytes of a drop's reason (required)

// ---------------------------------------------------------------------------------------------
// nt_buf: a growing byte buffer (capped by the caller's input limits).
typedef struct {
    char *data; // owned, NUL-terminated
    size_t len; // bytes used, without the NUL
    size_t cap; // bytes allocated
} nt_buf_t;

void nt_buf_add(nt_buf_t *b, const void *data, size_t len);
void nt_buf_adds(nt_buf_t *b, const char *s);
void nt_buf_addf(nt_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// Returns the data (owned by the caller) and empties the buffer. Never NULL.
char *nt_buf_take(nt_buf_t *b, size_t *len_out);
void nt_buf_free(nt_buf_t *b);

// ---------------------------------------------------------------------------------------------
// nt_retry: Postfix-style back-off and the classification of peers' answers. Pure.
typedef struct {
    int64_t min_backoff_ms; // first retry after this
    int64_t max_backoff_ms; // doubling stops here
    int64_t lifetime_ms;    // from acceptance; past it a transient failure becomes final
} nt_retry_policy_t;

typedef enum {
    NT_OUTCOME_SENT = 0,  // the peer took responsibility
    NT_OUTCOME_TRANSIENT, // try again later (4xx, 429, connection failures, timeouts)
    NT_OUTCOME_PERMANENT, // never again (5xx from SMTP, most 4xx from HTTP APIs, config errors)
    NT_OUTCOME_UNKNOWN,   // an SMS that may have been sent (the request went out, no answer came):
                          // never again either, since no vendor deduplicates a second request;
                          // it fails with the reason so that HR can check with the person
} nt_outcome_t;

const char *nt_outcome_name(nt_outcome_t o);
// When the next attempt is due after `attempts` (>= 1) attempts, the last at now_ms:
// now + min * 2^(attempts-1), capped at max, less up to 10% drawn from key (the delivery id) and
// attempts, so deliveries that failed together do not all come back at once.
int64_t nt_retry_next_ms(const nt_retry_policy_t *p, const char *key, uint32_t attempts,
                         int64_t now_ms);
// True when an attempt at next_ms would fall past the lifetime of a delivery created at
// created_ms.
// A delivery held while sending was on hold passes created_ms + its held_ms (the hold does not
// count against its lifetime).
bool nt_retry_expired(const nt_retry_policy_t *p, int64_t created_ms, int64_t next_ms);
// How long a delivery created at created_ms waited under a hold set at since_ms and released at
// now_ms: from the later of the two to now_ms, 0 when that is not after.
int64_t nt_retry_held_ms(int64_t created_ms, int64_t since_ms, int64_t now_ms);
// SMTP: curl's result and the last SMTP reply code.
nt_outcome_t nt_classify_smtp(int curl_code, long smtp_code);
// SMTP: true when a RCPT TO was answered and not with 2xx (0: not asked).
bool nt_rcpt_is_refused(long rcpt_code);
// HTTP: curl's result, the status and the body's vendor verdict (vendor = transport name).
// Aliyun's and Tencent's error bodies are read whatever the status (a 400 may carry
// Throttling.User). request_out: the whole request was handed to the connection, and a second
// request would be a second message nobody deduplicates (SMS; false for the other channels):
// a transport failure after it is NT_OUTCOME_UNKNOWN, not a retry, and so is an answer as
// ambiguous (a 502 or 504, a 2xx with no vendor verdict, Tencent's InternalError.Timeout and
// kin). Writes a short reason into why.
nt_outcome_t nt_classify_http(const char *vendor, int curl_code, bool request_out, long status,
                              const char *body, char *why, size_t why_len);

// ---------------------------------------------------------------------------------------------
// nt_mail: RFC 5322 messages, RFC 2047 headers, address checks. Pure (date is an argument).
typedef struct {
    const char *name;  // display name, UTF-8, may be NULL or ""
    const char *email; // addr-spec, validated with hr_email_is_valid
} nt_addr_t;

typedef struct {
    nt_addr_t from;         // sender
    const nt_addr_t *to;    // borrowed array
    size_t n_to;            // entries in to (>= 1)
    const nt_addr_t *cc;    // borrowed array
    size_t n_cc;            // entries in cc
    const char *subject;    // UTF-8
    const char *text;       // UTF-8 plain text part
    const char *html;       // UTF-8 HTML part (NULL: text only)
    const char *message_id; // without angle brackets: "id@domain"
    int64_t date_ms;        // Date header
    bool high_priority;     // Importance: high
} nt_mail_t;

// Appends the header-safe form of a phrase: plain when it is short printable ASCII, else
// RFC 2047 B encoded-words of at most 75 characters, never cutting a UTF-8 sequence, each sized
// to the room left on its header line and folded with CRLF SPACE, so no line holding one is over
// 76 characters. CR, LF and other control characters become spaces first.
void nt_mail_add_phrase(nt_buf_t *b, const char *text);
// The RFC 5322 date of ms: "Fri, 27 Nov 2026 03:41:22 +0000".
void nt_mail_date(int64_t ms, char out[40]);
// The whole message (CRLF line ends, base64 bodies, multipart/alternative when html is set).
// Owned; *len_out gets its length.
char *nt_mail_build(const nt_mail_t *m, size_t *len_out);

// ---------------------------------------------------------------------------------------------
// nt_template: the texts, in zh-CN and en. Pure.
typedef struct {
    const char *key;   // variable name
    const char *value; // its value (UTF-8)
} nt_var_t;

typedef struct {
    char *subject;    // one line (no CR/LF), owned
    char *text;       // plain text body, owned
    char *html;       // HTML body, every variable escaped, owned
    char *short_text; // one line for SMS and IM robots, owned
} nt_rendered_t;

// True when template id exists (in every language).
bool nt_template_exists(const char *id);
// True for "zh-CN" and "en".
bool nt_template_lang_is_valid(const char *lang);
// The ids, NULL-terminated (for docs and tests).
extern const char *const nt_template_ids[];
// Renders template id in lang with vars. A variable the template uses but vars lacks renders
// as "-". HR_EINVAL for an unknown id or language (out untouched).
hr_rc_t nt_template_render(const char *id, const char *lang, const nt_var_t *vars, size_t n,
                           nt_rendered_t *out);
void nt_rendered_free(nt_rendered_t *r);
// Appends s HTML-escaped (& < > " ').
void nt_html_escape(nt_buf_t *b, const char *s);

// ---------------------------------------------------------------------------------------------
// nt_sign: HMAC-SHA256 signatures of the vendors (libsodium). Pure.
typedef struct {
    const char *key;   // name
    const char *value; // value
} nt_kv_t;

void nt_sha256_hex(const void *data, size_t len, char out[65]);
void nt_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, uint8_t out[32]);
// RFC 3986 percent-encoding (unreserved A-Z a-z 0-9 - _ . ~ stay). Appends to b.
void nt_pct_encode(nt_buf_t *b, const char *s);
// Base64 (standard alphabet, padded) of n bytes. Owned.
char *nt_base64(const void *data, size_t n);
// ACS3: the sorted, RFC 3986-encoded query string of params. Owned.
char *nt_acs3_query(const nt_kv_t *params, size_t n);
// ACS3-HMAC-SHA256 Authorization header value. headers: lower-case names with values, any
// order (host, x-acs-*, content-type); all are signed. canonical_out (may be NULL) gets the
// owned canonical request.
char *nt_acs3_authorization(const char *key_id, const char *secret, const char *method,
                            const char *query, const nt_kv_t *headers, size_t n,
                            const char *payload_sha256_hex, char **canonical_out);
// TC3-HMAC-SHA256 Authorization header value for a JSON POST to host. action, when not NULL,
// is signed as x-tc-action. canonical_out (may be NULL) gets the owned canonical request.
char *nt_tc3_authorization(const char *secret_id, const char *secret_key, const char *service,
                           const char *host, const char *content_type, const char *action,
                           const void *payload, size_t len, int64_t timestamp_s,
                           char **canonical_out);
// DingTalk: urlencode(base64(HMAC-SHA256(secret, ts_ms "\n" secret))). Owned.
char *nt_dingtalk_sign(const char *secret, int64_t timestamp_ms);
// Feishu: base64(HMAC-SHA256(key = ts_s "\n" secret, msg = "")). Owned.
char *nt_feishu_sign(const char *secret, int64_t timestamp_s);

// ---------------------------------------------------------------------------------------------
// Channel settings (read once at start-up; secrets from files).
typedef struct {
    // smtp
    char *smtp_url;         // owned: "" = email goes to the file channel
    char *smtp_from;        // owned: envelope sender and From address
    char *smtp_from_name;   // owned: From display name
    char *smtp_username;    // owned
    char *smtp_password;    // owned secret
    char *smtp_tls;         // owned: "auto" (smtps implicit, else none), "starttls", "none"
    char *smtp_cainfo;      // owned: CA file, "" = system
    char *mail_domain;      // owned: right-hand side of Message-IDs
    int64_t smtp_timeout_s; // whole transfer
    // file
    char *file_dir; // owned: where .eml files go
    // http
    int64_t http_timeout_s; // whole transfer
    char *sms_provider;     // owned: aliyun | tencent | webhook | file | ""
    int64_t sms_max_chars;  // sms/max_chars: our text in one SMS at most (characters)
    char *aliyun_endpoint, *aliyun_key_id, *aliyun_secret, *aliyun_sign_name,
        *aliyun_template_code; // owned
    char *tencent_endpoint, *tencent_region, *tencent_secret_id, *tencent_secret_key,
        *tencent_app_id, *tencent_sign_name, *tencent_template_id; // owned
    char *webhook_url, *webhook_secret;                            // owned: generic SMS webhook
    char *wecom_url;                                               // owned: full URL with key
    char *dingtalk_url, *dingtalk_secret;                          // owned
    char *feishu_url, *feishu_secret;                              // owned
    // behaviour
    nt_retry_policy_t retry; // back-off bounds and lifetime
    int64_t workers;         // sender threads
    int64_t pipeline;        // jobs handed to one worker before its results are back
    char *default_channels;  // owned: comma list used when a Send names none
    int64_t keep_ms; // retention/days: finished sends older than this are deleted; 0 = never
} nt_config_t;

// Reads every notify key from config (see README.md). Errors are recorded in config.
void nt_config_read(nt_config_t *c, hr_config_t *config);
void nt_config_free(nt_config_t *c);
// What in c stops hr-notify from starting (owned sentence naming the key, the value and what
// is accepted), or NULL: an SMTP URL that is not smtp:// or smtps://, an HTTP endpoint that is
// not http(s)://host, smtp/tls, the SMS provider and every key it needs (all those missing
// named), a robot's secret without its URL, notify/default_channels naming what is not set up.
char *nt_config_problem(const nt_config_t *c);
// "email" -> CHANNEL_EMAIL ... ; 0 for unknown names.
Hr__Notify__Channel nt_channel_parse(const char *name);
const char *nt_channel_name(Hr__Notify__Channel ch);
// The transport a delivery on ch goes by under c, decided at each attempt (never when the send
// is accepted: an email queued before smtp/url was set goes by SMTP once it is): email "smtp"
// when smtp/url is set, else "file"; the file channel "file"; sms the sms/provider ("sms" when
// none is set: it fails); a robot its channel's name.
const char *nt_transport_now(const nt_config_t *c, Hr__Notify__Channel ch);

// ---------------------------------------------------------------------------------------------
// nt_jobs: one delivery turned into the work a sender thread does.
typedef enum { NT_JOB_NONE = 0, NT_JOB_SMTP, NT_JOB_FILE, NT_JOB_HTTP } nt_job_kind_t;

typedef struct {
    char delivery_id[64]; // which delivery
    nt_job_kind_t kind;   // what to do; NONE = result already set (could not build)
    char *vendor;         // owned: transport name, for nt_classify_http
    char *url;            // owned: SMTP or HTTP URL
    char *mail_from;      // owned: SMTP envelope sender
    char **rcpts;         // owned: SMTP envelope recipients, the delivery's own first
    long *rcpt_codes;     // owned: each rcpts entry's reply to RCPT TO (worker; 0: not asked)
    uint32_t *rcpt_index; // owned: each rcpts entry's index in the send (to, then cc continue)
    size_t n_rcpts;       // entries in rcpts, rcpt_codes and rcpt_index
    char *username;       // owned
    char *password;       // owned
    char *cainfo;         // owned, may be NULL
    bool require_tls;     // STARTTLS required (CURLUSESSL_ALL)
    long timeout_s;       // CURLOPT_TIMEOUT
    char **headers;       // owned: HTTP header lines
    size_t n_headers;     // entries in headers
    char *data;           // owned: message or body
    size_t len;           // bytes in data
    char *path;           // owned: file channel target
    bool once;            // HTTP: sent at most once when it may have arrived (SMS: no vendor
                          // deduplicates a second request), see nt_classify_http
    bool marked;          // loop: the delivery's inflight_ms was committed for this job
    bool collected;       // loop: its result is back (DONE read, or it never went to a worker)
    bool started;         // worker: it began the job (set before any I/O; read by the loop
                          // only after the worker's DONE or once the worker has ended)
    // results, set by the worker
    nt_outcome_t outcome;     // sent, transient, permanent or unknown
    long code;                // SMTP or HTTP code, 0 when none
    char error[NT_ERROR_MAX]; // the reason; when sent, "" or the cc the server refused
    size_t cc_refused;        // SMTP: cc recipients the server refused at RCPT TO this attempt
} nt_job_t;

void nt_job_destroy(nt_job_t **job_p);
// Builds the job for delivery d of send s at now_ms. On a problem that no retry can fix
// (channel not configured, template gone) the job has kind NONE and a permanent outcome.
nt_job_t *nt_job_build(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                       const Hr__Notify__Delivery *d, int64_t now_ms);
// A job whose result is already known and sent to no worker: kind NONE, outcome, why.
nt_job_t *nt_job_done(const char *delivery_id, nt_outcome_t outcome, const char *why);
// The Message-ID of delivery number idx of send_id (no brackets). Owned.
char *nt_message_id(const nt_config_t *cfg, const char *delivery_id);

// Retention of the file channel: removes from dir what it wrote for delivery_id (<id>.eml,
// <id>.sms.txt, and their .tmp left by a crash). How many files were removed.
size_t nt_files_remove(const char *dir, const char *delivery_id);

// SMS length (nt_channels.c says where the limits come from). Characters as the vendors count
// them: one per character, two for one outside the BMP (an emoji).
size_t nt_sms_chars(const char *s);
// Copy of s (UTF-8) of at most max_chars characters: when it is longer, cut on a character
// boundary and ended with "..." within max_chars (max_chars 3 or less: the start of s that fits,
// without "..."). Owned.
char *nt_sms_cut(const char *s, size_t max_chars);
// The most characters our text may take in an SMS of the configured provider: sms/max_chars,
// and never more than the 500-character SMS less the sign name and its brackets.
size_t nt_sms_max_chars(const nt_config_t *cfg);
// Our text in an SMS is given this many characters at least (sms/max_chars's minimum).
#define NT_SMS_TEXT_MIN 20
// The config key that leaves an SMS less than NT_SMS_TEXT_MIN characters of our text (a sign
// name of hundreds of characters), or NULL: hr-notify refuses to start with it.
const char *nt_sms_config_problem(const nt_config_t *cfg);

// Builds the HTTP request for SMS or robot delivery; fills job->url, headers, data.
// HR_EINVAL with *why set (static text) when the channel is not configured.
hr_rc_t nt_http_build(const nt_config_t *cfg, Hr__Notify__Channel ch,
                      const Hr__Notify__SendRecord *s, const Hr__Notify__Delivery *d,
                      const nt_rendered_t *r, int64_t now_ms, nt_job_t *job, const char **why);

// ---------------------------------------------------------------------------------------------
// nt_worker: a czmq actor doing blocking libcurl and file I/O. The loop sends "JOB" + pointer
// (nt_job_t, ownership stays with the loop, which does not touch it until "DONE" + pointer
// comes back). curl_global_init must have run before the first worker starts.
zactor_t *nt_worker_new(void);
// Runs one job synchronously with the given easy handle (the actor's; also for tests).
void nt_worker_run(CURL *curl, nt_job_t *job);
// What of an SMS request went to the connection, counted from libcurl's debug callback.
typedef struct {
    bool connect;      // inside an HTTPS proxy's CONNECT request (not the vendor's)
    unsigned tail;     // bytes of "\r\n\r\n" the header written so far ends with (0..3)
    bool header_end;   // the request's header went whole (its blank line was written)
    size_t body_out;   // bytes written after it (the body)
    unsigned requests; // request headers begun (a second one: libcurl sending again)
} nt_sent_t;
// Counts one debug callback's data (HEADER_OUT and DATA_OUT; the rest is ignored).
void nt_sent_add(nt_sent_t *sent, curl_infotype type, const char *data, size_t size);
// True when the header and body_len bytes of body went: the vendor may act on the request.
bool nt_sent_whole(const nt_sent_t *sent, size_t body_len);

// ---------------------------------------------------------------------------------------------
// nt_store: dbs sendq, deliveries, due, counters (+ the platform's events).
extern const char *const nt_dbs[];

hr_rc_t nt_store_send_put(hr_txn_t *txn, const Hr__Notify__SendRecord *rec);
hr_rc_t nt_store_send_get(hr_txn_t *txn, const char *send_id, hr_arena_t *arena,
                          Hr__Notify__SendRecord **out);
// Puts d; when it is queued, also its due row at next_at_ms.
hr_rc_t nt_store_delivery_put(hr_txn_t *txn, const Hr__Notify__Delivery *d);
hr_rc_t nt_store_delivery_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                              Hr__Notify__Delivery **out);
hr_rc_t nt_store_due_del(hr_txn_t *txn, int64_t due_ms, const char *id);
typedef hr_rc_t(nt_due_fn)(void *arg, const char *id, int64_t due_ms);
// Calls fn for each due row at or before now_ms, oldest first, at most max times.
hr_rc_t nt_store_due_scan(hr_txn_t *txn, int64_t now_ms, size_t max, nt_due_fn *fn, void *arg);
uint64_t nt_store_due_count(hr_txn_t *txn);
// Deletes sends accepted before cutoff_ms whose every delivery has finished (sent or failed),
// with their deliveries and any due row left, oldest first, at most max; passes over a send
// still queued or unreadable (looking at NT_PRUNE_SCAN at most) and stops at the first newer
// one. *pruned gets how many sends went; gone (may be NULL) is called with each delivery id
// deleted (the caller acts on them only once the transaction commits).
typedef void(nt_id_fn)(void *arg, const char *id);
hr_rc_t nt_store_prune(hr_txn_t *txn, int64_t cutoff_ms, size_t max, size_t *pruned, nt_id_fn *gone,
                       void *arg);
typedef hr_rc_t(nt_delivery_fn)(void *arg, const Hr__Notify__Delivery *d);
// Newest deliveries first (optionally only failed ones, or only one send's).
hr_rc_t nt_store_log(hr_txn_t *txn, hr_arena_t *arena, bool failed_only, const char *send_id,
                     size_t limit, nt_delivery_fn *fn, void *arg);
hr_rc_t nt_store_counter_add(hr_txn_t *txn, const char *name, uint64_t delta);
uint64_t nt_store_counter_get(hr_txn_t *txn, const char *name);
// The hold on sending (a singleton in the platform's meta db): *out in arena, or HR_ENOTFOUND
// when sending is not held.
hr_rc_t nt_store_hold_get(hr_txn_t *txn, hr_arena_t *arena, Hr__Notify__SendingHold **out);
hr_rc_t nt_store_hold_put(hr_txn_t *txn, const Hr__Notify__SendingHold *hold);
// Ends the hold at now_ms: deletes it and adds to each queued delivery's held_ms the time it
// waited under it (nt_retry_held_ms), so its lifetime does not count the hold. *ended gets the
// hold that ended (arena), *credited the deliveries credited. HR_ENOTFOUND when not held.
hr_rc_t nt_store_hold_release(hr_txn_t *txn, hr_arena_t *arena, int64_t now_ms,
                              Hr__Notify__SendingHold **ended, size_t *credited);
// The dispatch's question, which deliveries go to a sender now: while sending is held, none
// (*hold gets the hold, in arena); else fn for each due row as nt_store_due_scan (*hold NULL).
hr_rc_t nt_store_dispatch_scan(hr_txn_t *txn, hr_arena_t *arena, int64_t now_ms, size_t max,
                               nt_due_fn *fn, void *arg, Hr__Notify__SendingHold **hold);

// Whether the loop has handed delivery id to a sender (the store cannot know).
typedef bool(nt_busy_fn)(void *arg, const char *id);
// A newer send supersedes what waits of the same message (SendRequest.supersede_key): for each
// delivery still queued of an earlier send whose supersede_key, channel and recipient are those
// of one of news (the new send's deliveries, all with its key; none: nothing happens), in txn at
// now_ms. One that waits is marked superseded (nt_store_superseded_put, its due row deleted);
// one in flight (busy, or an SMS's inflight_ms mark) is left queued with the DeliverySupersede
// noted, so that an attempt failing transiently is superseded then and not retried. Told to
// nobody: no DeliveryFailed. *superseded and *noted get the counts. Walks the whole queue.
hr_rc_t nt_store_supersede(hr_txn_t *txn, hr_arena_t *arena,
                           const Hr__Notify__Delivery *const *news, size_t n_news, int64_t now_ms,
                           nt_busy_fn *busy, void *arg, size_t *superseded, size_t *noted);
// Marks d (its superseded set, its due row already deleted) superseded at now_ms: state, done
// time, last_error "not sent: superseded by send <id> (<template>)" and the "superseded" counter.
hr_rc_t nt_store_superseded_put(hr_txn_t *txn, hr_arena_t *arena, Hr__Notify__Delivery *d,
                                int64_t now_ms);

// ---------------------------------------------------------------------------------------------
// nt_handlers: one function per route.
hr_rc_t nt_handle_send(void *server, hr_call_t *call);
hr_rc_t nt_handle_log(void *server, hr_call_t *call);
hr_rc_t nt_handle_hold(void *server, hr_call_t *call);
hr_rc_t nt_handle_release(void *server, hr_call_t *call);
hr_rc_t nt_handle_drop(void *server, hr_call_t *call);
// Recipient number k of send s (to, then cc continue the count), or NULL (s may be NULL).
const Hr__Notify__Recipient *nt_send_recipient(const Hr__Notify__SendRecord *s, uint32_t k);
// Marks d failed in txn: state, done time, reason, counter and the DeliveryFailed event (cc: its
// recipient is a cc, as a cc's SMS; maybe_sent: the message may have reached the person).
hr_rc_t nt_delivery_fail(hr_txn_t *txn, Hr__Notify__Delivery *d, const char *person_id, bool cc,
                         bool maybe_sent, const char *reason, int64_t now_ms, hr_arena_t *arena);
// The operator drops delivery id in txn at now_ms (by: the actor's user id; reason: checked by the
// caller). Only a delivery still waiting goes: it is kept, marked dropped (state, done time, the
// DeliveryDrop), its due row deleted, the "dropped" counter added to, and a DeliveryFailed with
// dropped set appended, reason "not sent: dropped by the operator (<reason>)". in_flight: the
// loop has handed it to a sender (the store cannot know). *out gets the delivery as it is now
// (arena), *already whether it was dropped before (HR_OK, nothing changed). HR_ENOTFOUND: no such
// delivery. HR_ECONFLICT: not waiting - sent, failed (*out's state), or in flight (state queued:
// in_flight, or an SMS's inflight_ms mark from a run that stopped without its result, which may
// have been sent). Else HR_OK or the store's error.
hr_rc_t nt_delivery_drop(hr_txn_t *txn, const char *id, bool in_flight, const char *by,
                         const char *reason, int64_t now_ms, hr_arena_t *arena,
                         Hr__Notify__Delivery **out, bool *already);
// Appends in txn the DeliveryFailed (cc_refused) of cc who (recipient_index in the send) whose
// RCPT TO was answered code in d's last attempt. d itself is not changed: it was sent, or failed
// with its own event. HR_OK or the store's error.
hr_rc_t nt_delivery_cc_refused(hr_txn_t *txn, const Hr__Notify__Delivery *d,
                               const Hr__Notify__Recipient *who, uint32_t recipient_index,
                               long code, int64_t now_ms, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// nt_server: the service.
typedef struct nt_server nt_server_t;
struct nt_server {
    hr_daemon_t *daemon;                // borrowed
    nt_config_t cfg;                    // owned settings
    zactor_t *workers[NT_WORKERS_MAX];  // owned sender threads
    size_t queued[NT_WORKERS_MAX];      // jobs on each worker's pipe or in its hands
    size_t n_workers;                   // entries used in workers
    zhashx_t *inflight;                 // owned: delivery id -> nt_job_t (owned), from hand-out
                                        // until its result has committed
    bool kick_pending;                  // a dispatch timer is armed
    uint64_t attempts;                  // attempts finished since start
    uint64_t sent;                      // deliveries sent since start
    uint64_t failed;                    // deliveries failed since start
    int64_t retry_logged_mono_ms;       // when delivery.retry was last logged
    int64_t mark_logged_mono_ms;        // when delivery.mark (in-flight mark refused) was
    uint64_t retries_unlogged;          // retries since then (the log line carries the count)
    hr_events_t *events;                // owned: event log hints and sys.EventsSince
    nt_job_t *results[NT_DISPATCH_MAX]; // finished jobs (in inflight) waiting to be recorded
    size_t n_results;                   // entries used in results
    bool apply_pending;                 // a timer will record them
    nt_job_t **unrecorded;              // owned array (jobs in inflight): results whose commit
                                        // failed, recorded again before anything is sent
    size_t n_unrecorded;                // entries used in unrecorded
    size_t cap_unrecorded;              // its size
    uint64_t pruned;                    // sends deleted by retention since start
    uint64_t cc_dropped;                // invalid cc addresses and numbers left out since start
    uint64_t cc_refused;                // cc addresses the SMTP server refused since start
    int64_t held_since_ms;              // sending held since (0: not held), as last read
    char *held_by;                      // owned: the hold's actor, NULL when not held
    char *held_reason;                  // owned: its reason, NULL when not held
    uint64_t held_queued;               // deliveries waiting under it at the last look
    int64_t held_logged_mono_ms;        // when notify.held was last logged
};

// A text as a long-lived record may keep it: each e-mail address's local part cut to its first
// character and "***" ("m***@corp.example.com"), each run of 7+ digits to its first 3 and last 4
// around "****" ("138****0000"). Pure; arena memory.
char *nt_mask_text(hr_arena_t *arena, const char *text);

extern const hr_service_t nt_service;
// Called after a Send commits: dispatch soon, and hint new events.
void nt_server_kick(nt_server_t *self);
// After a hold or a release committed: the hold now in force (NULL: none), for sys.Status.
void nt_server_hold_set(nt_server_t *self, const Hr__Notify__SendingHold *hold);
const nt_config_t *nt_server_config(const nt_server_t *self);

#endif
