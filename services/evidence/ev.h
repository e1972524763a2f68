/*  ev.h - the one header hr-evidence's files include.
 *
 *  Layers (STYLE.md section 2): ev_server (service, routes, sessions, tick) -> ev_handlers
 *  (one function per route) -> ev_store (the only file that knows db names and key layouts),
 *  ev_blob (blob files: temp, fsync, rename, encrypted streams) and the pure modules ev_crypto
 *  (keys, wrapping, signatures, hashing), ev_chain (audit entry hashes) and ev_policy (kinds,
 *  names, sniffing, retention). ev_client is the caller's side (hrctl, tests, bench).
 */
#ifndef EV_H
#define EV_H

#include "hr.h"
#include "evidence.pb-c.h"

#include <openssl/evp.h>
#include <sodium.h>

// ---------------------------------------------------------------------------------------------
// Limits and defaults
#define EV_ID_HEX 64                             // hex SHA-256
#define EV_HASH_BYTES 32                         // SHA-256 and chain hashes
#define EV_KEY_BYTES 32                          // master key, subkeys, blob keys
#define EV_BLOB_CHUNK (1024 * 1024)              // largest secretstream chunk; GetChunk unit
#define EV_SEAL_CHUNK (256 * 1024)               // plaintext per secretstream chunk written
#define EV_PUT_CHUNK (256 * 1024)                // PutChunk data frame the client sends
#define EV_MAX_CHUNK_BYTES (4 * 1024 * 1024)     // largest PutChunk data frame
#define EV_DEFAULT_MAX_BYTES (100 * 1024 * 1024) // upload/max_bytes default
#define EV_DEFAULT_IDLE_MS (5 * HR_MINUTE_MS)    // upload/idle_timeout_ms default
#define EV_MAX_SESSIONS 16                       // open uploads plus downloads
#define EV_SESSIONS_PER_OWNER 4 // transfers one user opens at once (HR, legal, operators aside)
#define EV_SESSIONS_KEPT 4      // slots uploads by others leave to custodians and downloads
#define EV_NAME_MAX 255         // bytes kept of an original file name
#define EV_MEDIA_TYPE_MAX 127   // bytes of a declared media type
#define EV_STATEMENT_MAX 2000   // bytes of a signature statement
#define EV_REASON_MAX 500       // bytes of a hold reason
#define EV_SIGNER_MAX 128       // bytes of a signer's user id (an LMDB key)
#define EV_CLAIM_MAX 128        // bytes of each of a signature's entered_via, client_user/host
#define EV_KEEP_MAX (64 * 1024 * 1024)    // download/keep_max_bytes default: plaintext kept
#define EV_KEEP_TOTAL (256 * 1024 * 1024) // ... and all downloads together up to this
#define EV_GET_APART (8 * 1024 * 1024)    // downloads this large are checked apart
#define EV_FACTS_MAX (1024 * 1024)        // bytes of a facts snapshot
#define EV_LIST_MAX 1000                  // records in one List reply
#define EV_UPLOADERS_MAX 64               // later uploaders kept on one record
#define EV_EMPLOYEE_IDS_MAX 64            // Art. 50 duties' proof given to a case's employee
#define EV_PROOF_IDS_MAX 256              // records a case's review cites, given to its employee
#define EV_CASES_MAX 256                  // cases one record is linked to at most
#define EV_VERIFY_PROBLEMS_MAX 100        // bad blobs listed by Verify
#define EV_SNIFF_BYTES 512                // bytes the media type sniffer looks at
#define EV_DEFAULT_RETENTION_DAYS 731 // LCL Art. 50: two years (leap day included) after the end
// The kinds a case's employee may read and sign (access/employee_kinds): what is about them and
// served to them or acknowledged by them (the notice, the termination certificate LCL Art. 50
// owes them); not others' complaints, the union's notice, the facts snapshot (it compares them
// with colleagues) or "other" - of those they read the records their case's review cites as
// proof of its ground (CaseInfo.proof_evidence_ids), not sensitive ones, and nothing else.
#define EV_EMPLOYEE_KINDS_DEFAULT                                                                  \
    "performance_report,assessment_result,training_record,rule_document,rule_acknowledgement,"     \
    "attendance_record,feedback_talk_record,hiring_conditions,agreement,notice_letter,"            \
    "termination_certificate"
// The kinds stored sensitive at every put (access/sensitive_kinds; Evidence.sensitive): those
// health by nature. None of the kinds is (DESIGN.md section 3: a medical certificate or a sick
// note is put as `other`, marked --sensitive or by HR); a deployment that adds one names it.
#define EV_SENSITIVE_KINDS_DEFAULT ""
#define EV_CLOSE_AHEAD_MS HR_DAY_MS // a case's close time may be at most this after now
// No case here closed before 2000-01-01T00:00Z (the Labour Contract Law dates from 2008): a
// smaller close time is a typo - seconds for milliseconds, a bare number - never a close.
#define EV_CLOSE_MIN_MS INT64_C(946684800000)
#define EV_WORKFLOW_SOURCE "workflow" // the event source followed (hr_consumer cursor name)
// A request naming a case this service has not learnt of waits for the workflow's log to be read
// (ev_handlers: s_catch_up) this long at most, looking every EV_CATCH_UP_STEP_MS.
#define EV_CATCH_UP_MS (2 * HR_SECOND_MS)
#define EV_CATCH_UP_STEP_MS 5
// A workflow close names the end of the contract, which may come after the close; further than
// this after it is taken as this (ten years).
#define EV_ENDED_AFTER_CLOSE_MAX_MS (3653 * HR_DAY_MS)
// The workflow's keeping end (CaseClosed.keep_until_ms) is two years and a few days off after
// the contract's end; further than this after it is taken as this (ten years).
#define EV_KEEP_AFTER_END_MAX_MS (3653 * HR_DAY_MS)
// The retention sweep runs only while the workflow's log was last read to its end at most this
// long ago (ev_server: a poll, its reply's wait and a second of slack).
#define EV_SWEEP_FRESH_MS (HR_CONSUMER_POLL_MS + HR_CONSUMER_TIMEOUT_MS + HR_SECOND_MS)
#define EV_SWEEP_BATCH 16   // deletions per tick at most
#define EV_SWEEP_SCAN 256   // due-index rows looked at per tick at most
#define EV_CORRUPT_QUEUE 64 // corrupt findings waiting for the tick
#define EV_WRAPPED_KEY_BYTES                                                                       \
    (crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + EV_KEY_BYTES +                                 \
     crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define EV_WRAPPED_SK_BYTES                                                                        \
    (crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_sign_SECRETKEYBYTES +                   \
     crypto_aead_xchacha20poly1305_ietf_ABYTES)

// ---------------------------------------------------------------------------------------------
// ev_crypto: keys, wrapping, signatures, SHA-256 (pure: no I/O, no clock)

// Subkeys derived from the master key with crypto_kdf (the master itself is not kept).
typedef struct {
    unsigned char wrap[EV_KEY_BYTES];  // wraps per-blob keys
    unsigned char name[EV_KEY_BYTES];  // names blob files (keyed hash of the id)
    unsigned char sign[EV_KEY_BYTES];  // wraps Ed25519 secret keys
    unsigned char check[EV_KEY_BYTES]; // proves at start-up that the key matches the store
} ev_keys_t;

// Derives the subkeys from a 32-byte master key.
void ev_keys_derive(const unsigned char master[EV_KEY_BYTES], ev_keys_t *keys);
// Wipes the subkeys.
void ev_keys_wipe(ev_keys_t *keys);
// Parses a key file's contents: 64 hex characters (surrounding white space allowed) or exactly
// 32 raw bytes. false when it is neither.
bool ev_key_parse(const unsigned char *data, size_t len, unsigned char master[EV_KEY_BYTES]);
// The key-check value stored in the store (a keyed hash of a constant).
void ev_key_check_value(const ev_keys_t *keys, unsigned char out[EV_HASH_BYTES]);

// What ev_key_load found at a master key file.
typedef enum {
    EV_KEY_LOADED,  // keys derived
    EV_KEY_MISSING, // no regular file there
    EV_KEY_EXPOSED, // group or others may read it (*mode_out says how)
    EV_KEY_INVALID, // not 64 hex characters or 32 raw bytes
} ev_key_status_t;
// Reads the master key file at path (ev_server.c): a regular file that only its owner may
// read, holding 64 hex characters or 32 raw bytes; derives keys from it. The one loader for
// hr-evidence's start and `hrctl restore`'s check; the bytes read are wiped.
ev_key_status_t ev_key_load(const char *path, ev_keys_t *keys, unsigned *mode_out);
// Wraps a blob key for evidence id (AEAD, random nonce, AD = id) into out, under a key derived
// from the blob's pad (EV_BLOB_PAD_BYTES from its file's header; NULL: a format-1 blob, which
// has none).
void ev_key_wrap(const ev_keys_t *keys, const char *id, const unsigned char *pad,
                 const unsigned char key[EV_KEY_BYTES], unsigned char out[EV_WRAPPED_KEY_BYTES]);
// Unwraps; false when the wrapped key was altered, belongs to another id, another master key or
// another pad (one overwritten by shredding).
bool ev_key_unwrap(const ev_keys_t *keys, const char *id, const unsigned char *pad,
                   const unsigned char *wrapped, size_t len, unsigned char key[EV_KEY_BYTES]);
// The blob file name of an id: hex of a keyed BLAKE2b, so a disk listing does not reveal which
// known files are stored. out gets 64 hex chars and a NUL.
void ev_blob_name(const ev_keys_t *keys, const char *id, char out[EV_ID_HEX + 1]);
// A new Ed25519 key pair for user_id; the secret key leaves only wrapped.
void ev_sign_keypair(const ev_keys_t *keys, const char *user_id,
                     unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                     unsigned char wrapped_sk[EV_WRAPPED_SK_BYTES]);
// Signs the canonical message for (id, signer, signed_ms, statement, declined) with the wrapped
// secret key of signer. false when the wrapped key does not unwrap (altered, or another master
// key). declined: a refusal to confirm the record (Signature.disposition), signed under a
// domain of its own so that it can never pass for an acknowledgement, nor one for a refusal.
bool ev_sign(const ev_keys_t *keys, const unsigned char *wrapped_sk, size_t wrapped_len,
             const char *id, const char *signer, int64_t signed_ms, const char *statement,
             bool declined, unsigned char sig[crypto_sign_BYTES]);
// The service's own key (ev_export.c) lives in signing_keys under this id: a daemon's
// name, which no person can take (hr_user_id_is_reserved), and evidence.Sign refuses it.
#define EV_SERVICE_KEY_ID "evidence"
// Signs the n bytes of msg with the wrapped secret key stored for key_id (wrapped with key_id
// as associated data, as ev_sign_keypair makes it). false when it does not unwrap.
bool ev_sign_raw(const ev_keys_t *keys, const char *key_id, const unsigned char *wrapped_sk,
                 size_t wrapped_len, const unsigned char *msg, size_t n,
                 unsigned char sig[crypto_sign_BYTES]);
// Checks a signature against the canonical message. Lengths are checked (input from storage).
bool ev_sign_verify(const unsigned char *pk, size_t pk_len, const unsigned char *sig,
                    size_t sig_len, const char *id, const char *signer, int64_t signed_ms,
                    const char *statement, bool declined);
// The canonical encoding a signature's message is the BLAKE2b-256 of (what a third party
// recomputes): be32 length + "hr.evidence.signature.v1" ("hr.evidence.declined.v1" for a
// refusal), the raw 32-byte evidence hash, be32 length + signer, be64 signed_ms, be32 length +
// statement. Its length, the bytes in arena memory in *out; 0 when id is not a hex SHA-256.
size_t ev_sign_encoding(const char *id, const char *signer, int64_t signed_ms,
                        const char *statement, bool declined, hr_arena_t *arena,
                        unsigned char **out);
// How a signature was entered, in the words of its sign audit entry and the export: "entered
// via hrctl, claimed by the client: OS user root on host srv1; the signer's identity is not
// authenticated by hr-evidence" (arena). What the client did not say is said as not said.
const char *ev_sig_entered(const Hr__Evidence__Signature *s, hr_arena_t *arena);
// "declined" for a refusal, "acknowledged" for any other signature (older ones included).
const char *ev_sig_disposition(const Hr__Evidence__Signature *s);
// Whether a stored signature is a refusal (DISPOSITION_DECLINED); anything else acknowledges.
#define EV_SIG_DECLINED(s) ((s)->disposition == HR__EVIDENCE__DISPOSITION__DISPOSITION_DECLINED)
// Hex helpers: lower-case hex of n bytes into out (2n+1); parse exactly 2n hex chars.
void ev_hex(const unsigned char *bytes, size_t n, char *out);
bool ev_unhex(const char *hex, unsigned char *out, size_t n);
// True if s is exactly 64 lower-case hex characters.
bool ev_id_is_valid(const char *s);
// Hex SHA-256 of a buffer (OpenSSL).
void ev_sha256_hex(const void *data, size_t len, char out[EV_ID_HEX + 1]);

// ---------------------------------------------------------------------------------------------
// ev_chain: the audit chain (pure)

// The fields hashed, in order; strings borrowed, and may be NULL (hashed as "").
typedef struct {
    uint64_t seq;                           // 1, 2, ...
    int64_t at_ms;                          // when
    const char *actor;                      // who
    const char *action;                     // what
    const char *evidence_id;                // which record ("" when none)
    const char *case_id;                    // which case ("" when none)
    const char *detail;                     // free text, ids only
    unsigned char prev_hash[EV_HASH_BYTES]; // the previous entry's hash; zeros for seq 1
} ev_chain_fields_t;

// SHA-256 over the canonical encoding: "hr.evidence.audit.v1", be64 seq, be64 at_ms, then each
// string as be32 length + bytes, then prev_hash.
void ev_chain_hash(const ev_chain_fields_t *f, unsigned char out[EV_HASH_BYTES]);
// Checks one stored entry against the previous hash. Returns NULL when good, else a static
// reason ("prev_hash", "hash"). expect_seq is the sequence the entry must have.
const char *ev_chain_check(const Hr__Evidence__AuditEntry *e, uint64_t expect_seq,
                           const unsigned char prev_hash[EV_HASH_BYTES]);

// ---------------------------------------------------------------------------------------------
// ev_policy: kinds, names, media types, retention (pure)

// The evidence kinds of DESIGN.md section 3, NULL-terminated.
extern const char *const ev_kinds[];
#define EV_KIND_COUNT 15
// A facts snapshot: made by evidence.PutFacts from hr-analytics' JSON (an object whose "kind" is
// EV_FACTS_DOC_KIND, as an_facts_snapshot writes it), never uploaded.
#define EV_KIND_FACTS "facts_snapshot"
#define EV_FACTS_DOC_KIND "hr.analytics.facts_snapshot"
// Index of kind in ev_kinds, or -1.
int ev_kind_index(const char *kind);
// Why a file may not be uploaded (evidence.PutBegin) as kind, as a static sentence, or NULL when
// it may. A facts_snapshot is made only by evidence.PutFacts from hr-analytics' snapshot
// (`hrctl case facts`): a file a person uploads under that kind would pass at HR review for the
// company's own data.
const char *ev_kind_upload_refusal(const char *kind);
// Whether legal uploads kind (evidence.PutBegin, and a record legal replaces or adds to a case):
// "other" (legal memos, arbitration and court papers) and "agreement" (a settlement legal
// drafted). The employer's records of the employment and its procedure are collected by the
// manager and HR; legal reviews them, and a record legal uploaded would leave an arbitrator
// asking who produced it.
bool ev_kind_is_legal_upload(const char *kind);
// Why legal does not upload kind, as a static sentence naming the kinds legal uploads; NULL when
// it does (ev_kind_is_legal_upload).
const char *ev_kind_legal_refusal(const char *kind);
// Whether the JSON text (len bytes, parsed already) is hr-analytics' facts snapshot: an object
// whose "kind" is EV_FACTS_DOC_KIND (an_facts_snapshot writes it). false for anything else.
bool ev_facts_is_snapshot(const char *json, size_t len);
// A harmless copy of an original file name in arena memory: control characters (C0, DEL, C1),
// bidirectional overrides, '/' and '\\' become '_'; invalid UTF-8 bytes become '_'; leading and
// trailing spaces and dots go; at most EV_NAME_MAX bytes, cut on a character boundary; "" or
// NULL gives "unnamed".
char *ev_name_sanitize(hr_arena_t *arena, const char *name);
// A declared media type is kept only if it looks like "type/subtype" (token characters, at most
// EV_MEDIA_TYPE_MAX bytes); otherwise "" in arena memory.
char *ev_media_type_clean(hr_arena_t *arena, const char *declared);
// The media type the first bytes show (static string): application/pdf, image/png, ... ,
// text/plain for clean UTF-8 text, else application/octet-stream.
const char *ev_sniff(const unsigned char *data, size_t len);
// Whether actor a is a custodian (hr, legal or operator: reads every record, holds, verifies,
// closes cases). directory false (no workflow peer: nobody tells this service the roles) takes
// the roles a claims. directory true: a person the workflow's directory knows (p, their entry
// as its workflow.RolesChanged events told it) counts hr or legal only when p holds it too and
// is never the operator; "operator" counts only for the operator itself (hr_actor_is_operator:
// hrctl's own identity, user id "operator") - as hr-workflow's wf_auth_actor decides.
bool ev_auth_is_custodian(const Hr__Actor *a, const Hr__Evidence__Person *p, bool directory);
// Whether actor a is a custodian by the legal role alone (legal counts as ev_auth_is_custodian
// decides; hr and operator do not): such a caller uploads only what ev_kind_is_legal_upload
// allows, unless one of the case's people (ev_handlers decides that part).
bool ev_auth_is_legal_only(const Hr__Actor *a, const Hr__Evidence__Person *p, bool directory);
// Whether user is the employee (the person concerned) of one of the cases case_ids, as the
// workflow named them (CaseOpened rows; a case with no row has no employee here). That employee
// is never a custodian for those cases, whatever roles they hold: they read only the kinds in
// access/employee_kinds and never export, extract the audit of, hold or release their own case.
// A store error counts as concerned (nobody gains the custodian view for want of a read).
bool ev_case_concerns(hr_txn_t *txn, hr_arena_t *arena, char *const *case_ids, size_t n,
                      const char *user);
// Whether a workflow event is the point the company tells the case's employee of the case,
// from which they read its records of the kinds in access/employee_kinds: what it says for the
// audit ("the interview held", ...), NULL when it is not. type is the event's type, what the
// StepCompleted's step or the CaseClosed's outcome. The interview held, or - on a path without
// one (a fixed-term contract not renewed) - the outcome recorded; a close with an outcome as
// well. Never a withdrawal: the employee is told of nothing of a case withdrawn before.
const char *ev_told_by(const char *type, const char *what);
// Whether the case's employee reads a record of this kind before the company told them of the
// case, as it is shown to them to sign: the record of a feedback talk held with them. (A record
// they signed they read as well; ev_handlers.)
bool ev_kind_employee_signs(const char *kind);
// What a reader known to the record (they may stat or list it) is given of it. A record marked
// sensitive (Evidence.sensitive: health above all, PIPL Art. 28) gives its content (get, sign)
// only to custodians (HR, legal, operators, not of their own case) and the employee it concerns
// (concerned: the employee of one of its cases, as they read the case's records); whoever else
// uploaded it keeps the metadata they gave; anyone else (the case's manager, the managers up
// the line) learns that it exists - id, kind, date, state, its cases - and no more.
typedef enum {
    EV_READS_CONTENT,   // everything, as any record
    EV_READS_METADATA,  // the record as stored, but not its content
    EV_READS_EXISTENCE, // id, kind, dates, state, cases: not its content, name, size or signatures
} ev_reads_t;
ev_reads_t ev_sensitive_reads(bool sensitive, bool custodian, bool concerned, bool uploaded);
// Trims reply record e to what `reads` gives (content_withheld set for all but
// EV_READS_CONTENT); the reason HR gave stays for custodians only (the caller clears it).
void ev_sensitive_trim(Hr__Evidence__Evidence *e, ev_reads_t reads);
// Retention: the deletion time of a record whose n cases closed at closed_ms[i] (0 = still
// open): for each case the later of days after its close (the retention policy for the record's
// kind) and keep_until_ms[i], the workflow's date for keeping the case's records (LCL Art. 50
// as Civil Code Arts. 201-203 count it; 0 = none said; keep_until_ms may be NULL: none for any),
// and of those the latest. 0 when any case is open (nothing is due while a case runs).
// Saturates at INT64_MAX (never overflows).
int64_t ev_retention_due(const int64_t *closed_ms, const int64_t *keep_until_ms, size_t n,
                         int64_t days);
// The workflow's keeping end for a case whose contract ended (or which closed) at from_ms, as
// this service takes it: keep_until_ms, or 0 when it is none (not after from_ms: the policy's
// days count from from_ms anyway); one further than EV_KEEP_AFTER_END_MAX_MS after from_ms (a
// bad value from outside) is taken as that, so that a record is kept longer, never for ever.
int64_t ev_keep_until_take(int64_t keep_until_ms, int64_t from_ms);
// Why closed_ms cannot be a hand close of a case (evidence.CloseCase) at now_ms: the words after
// "closed_ms: " in the error, naming the value and what was expected, into buf (size bytes;
// EV_CLOSE_WHY_LEN is enough); NULL when it can be. Refused: a negative value, one more than
// EV_CLOSE_AHEAD_MS after now, one before EV_CLOSE_MIN_MS (said to be seconds when it reads
// as a time in seconds from 2000 to ten years on), one before began_ms (when it began, 0 = not
// known; began says how: "opened", "had its first record stored").
const char *ev_close_why(int64_t closed_ms, int64_t now_ms, int64_t began_ms, const char *began,
                         char *buf, size_t size);
#define EV_CLOSE_WHY_LEN 320

// ---------------------------------------------------------------------------------------------
// ev_blob: blob files (I/O). Format 2: "HREVBLB2", be32 chunk_bytes, a random pad of
// EV_BLOB_PAD_BYTES (mixed into the blob key's wrap: ev_key_wrap), secretstream header, then
// chunks of chunk_bytes plaintext (TAG_MESSAGE) and one final chunk of 0..chunk_bytes-1 bytes
// (TAG_FINAL), then end of file. Format 1 ("HREVBLB1", written before the pad) is the same
// without the pad; both are read.

#define EV_BLOB_MAGIC "HREVBLB2"
#define EV_BLOB_MAGIC_V1 "HREVBLB1"
#define EV_BLOB_MAGIC_LEN 8
#define EV_BLOB_PAD_BYTES 32
#define EV_BLOB_PAD_AT (EV_BLOB_MAGIC_LEN + 4) // the pad's offset in the file
#define EV_BLOB_HEADER_V1_LEN                                                                      \
    (EV_BLOB_MAGIC_LEN + 4 + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
#define EV_BLOB_HEADER_LEN (EV_BLOB_HEADER_V1_LEN + EV_BLOB_PAD_BYTES)

typedef struct ev_writer ev_writer_t;
typedef struct ev_reader ev_reader_t;
typedef struct ev_pool ev_pool_t;

// Worker threads that writers borrow to write to disk and hash beside their encryption, kept
// between uploads. One owner thread uses a pool; destroy it after every writer that used it.
ev_pool_t *ev_pool_new(void);
void ev_pool_destroy(ev_pool_t **pool_p);

// Creates tmp_path (O_EXCL, 0600) with a fresh random key and writes the header. pool (borrowed,
// may be NULL: everything then happens on the caller's thread) lends the workers. NULL with
// *rc_out (HR_EIO, HR_EFULL, HR_ECONFLICT) when the file cannot be made.
ev_writer_t *ev_writer_new(const char *tmp_path, ev_pool_t *pool, hr_rc_t *rc_out);
// Hashes and encrypts len bytes. HR_EIO / HR_EFULL when the disk refuses.
hr_rc_t ev_writer_write(ev_writer_t *w, const void *data, size_t len);
// Seals the final chunk and hands its write and the file's fsync to the I/O worker (without
// one, does them here); id_out gets the hex SHA-256 at once. Nothing more may be written. An
// error here (HR_EIO / HR_EFULL) is also what ev_writer_wait() reports.
hr_rc_t ev_writer_end(ev_writer_t *w, char id_out[EV_ID_HEX + 1]);
// After ev_writer_end(): waits until the file is written and fsynced; its result (again on
// every call). HR_EIO / HR_EFULL.
hr_rc_t ev_writer_wait(ev_writer_t *w);
// ev_writer_end() and ev_writer_wait() in one, the final write done on the caller's thread.
hr_rc_t ev_writer_finish(ev_writer_t *w, char id_out[EV_ID_HEX + 1]);
// Renames the finished temp file to path and fsyncs path's directory. HR_EIO.
hr_rc_t ev_writer_commit(ev_writer_t *w, const char *path);
// True once ev_writer_commit() renamed the file into place.
bool ev_writer_is_committed(const ev_writer_t *w);
// True when the file at path is the one this writer renamed there (same inode): nothing has
// replaced it since.
bool ev_writer_in_place(const ev_writer_t *w, const char *path);
// Plaintext bytes taken so far.
uint64_t ev_writer_size(const ev_writer_t *w);
const unsigned char *ev_writer_key(const ev_writer_t *w); // the blob key (borrowed)
const unsigned char *ev_writer_pad(const ev_writer_t *w); // its pad (EV_BLOB_PAD_BYTES, borrowed)
// The first bytes written (up to EV_SNIFF_BYTES), for sniffing.
const unsigned char *ev_writer_head(const ev_writer_t *w, size_t *len_out);
// Closes; removes the temp file unless committed; wipes the key. Accepts NULL.
void ev_writer_destroy(ev_writer_t **w_p);

// Opens a blob for reading with its key. NULL with a reason in why when the file is missing or
// its header is bad.
ev_reader_t *ev_reader_open(const char *path, const unsigned char key[EV_KEY_BYTES], char *why,
                            size_t whylen);
// Decrypts the next chunk into the reader's buffer: *data/*len borrowed until the next call;
// *last set on the final chunk (TAG_FINAL and end of file both checked). HR_EIO with a reason
// for anything altered, truncated or appended.
hr_rc_t ev_reader_next(ev_reader_t *r, const unsigned char **data, size_t *len, bool *last,
                       char *why, size_t whylen);
// Plaintext bytes per chunk, from the blob's header.
uint32_t ev_reader_chunk_bytes(const ev_reader_t *r);
// Closes the file and wipes the state. Accepts NULL.
void ev_reader_destroy(ev_reader_t **r_p);
// Decrypts the whole blob and checks its SHA-256 and size against id and size. HR_OK, or HR_EIO
// with the reason in why ("missing", "truncated", "altered", "hash mismatch" ...).
hr_rc_t ev_blob_check(const char *path, const unsigned char key[EV_KEY_BYTES], const char *id,
                      uint64_t size, char *why, size_t whylen);
// The same check, copying the plaintext into out (size bytes, may be NULL) on the way. out holds
// verified content only when HR_OK is returned; on failure the caller must wipe and drop it.
hr_rc_t ev_blob_read_all(const char *path, const unsigned char key[EV_KEY_BYTES], const char *id,
                         uint64_t size, unsigned char *out, char *why, size_t whylen);
// The key of the blob at path: its wrapped key (the blob row's) opened with the pad in the
// file's header (a format-1 file: with none). false with the reason in why: the file missing,
// its header bad, or "the wrapped key does not open" (the row or the pad altered, or the pad
// shredded).
bool ev_blob_key(const ev_keys_t *keys, const char *id, const char *path,
                 const unsigned char *wrapped, size_t len, unsigned char key[EV_KEY_BYTES],
                 char *why, size_t whylen);
// Crypto-shreds the blob file at path: overwrites its pad in place (the same blocks) and
// fdatasyncs, so no copy of its wrapped key opens again, then unlinks it and fsyncs the
// directory. A format-1 file is only unlinked. 0, or -1 when it could not be removed (the pad
// may then be gone already: the file is unreadable either way).
int ev_blob_shred(const char *path);
// Creates dir (and parents) 0700 and fsyncs its parent. 0 or -1.
int ev_dir_make(const char *dir);
// fsyncs a directory. 0 or -1.
int ev_dir_sync(const char *dir);

// ---------------------------------------------------------------------------------------------
// ev_store: dbs and key layouts

extern const char *const ev_store_dbs[]; // the service's dbs, NULL-terminated

// The chain head as the store records it.
typedef struct {
    uint64_t seq;                      // last entry, 0 for an empty chain
    unsigned char hash[EV_HASH_BYTES]; // its hash; zeros for an empty chain
} ev_head_t;

// An action to audit (strings borrowed).
typedef struct {
    const char *actor;       // user id
    const char *action;      // put, get, sign, hold, release, case_closed, delete, corrupt
    const char *evidence_id; // may be NULL
    const char *case_id;     // may be NULL
    const char *detail;      // may be NULL
} ev_audit_t;

// Appends an audit entry in txn (the action's own transaction) and moves the head.
// *head_out (may be NULL) gets the new head. HR_EIO / HR_EFULL.
hr_rc_t ev_store_audit(hr_txn_t *txn, int64_t at_ms, const ev_audit_t *a, ev_head_t *head_out);
// The recorded chain head (zeros for an empty chain). HR_EIO when the row is malformed.
hr_rc_t ev_store_head(hr_txn_t *txn, ev_head_t *head);
// Recomputes the chain. HR_OK when every entry links and matches the head; otherwise
// HR_ECONFLICT with *bad_seq and a reason in why. *entries gets the count checked.
hr_rc_t ev_store_chain_verify(hr_txn_t *txn, uint64_t *entries, uint64_t *bad_seq, char *why,
                              size_t whylen);
// Called with each evidence id the audit chain says is stored (a put or repair with no delete
// after it) and the seq of its last put, in seq order; a non-zero result stops the walk.
typedef hr_rc_t(ev_live_fn)(void *arg, const char *id, uint64_t seq);
hr_rc_t ev_store_audit_live_each(hr_txn_t *txn, ev_live_fn *fn, void *arg);
// Compares the chain with the records: every id the chain says is stored must have its record
// and its key row. HR_OK, or HR_ECONFLICT with *bad_seq (the put of the first one missing) and
// a reason in why naming the id.
hr_rc_t ev_store_records_verify(hr_txn_t *txn, uint64_t *bad_seq, char *why, size_t whylen);
// The store's key-check value: HR_ENOTFOUND on a fresh store.
hr_rc_t ev_store_key_check_get(hr_txn_t *txn, unsigned char out[EV_HASH_BYTES]);
// Stamps a fresh store with the key-check value.
hr_rc_t ev_store_key_check_put(hr_txn_t *txn, const unsigned char v[EV_HASH_BYTES]);

// Records. get unpacks into arena. HR_ENOTFOUND, HR_EIO.
hr_rc_t ev_store_evidence_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                              Hr__Evidence__Evidence **out);
// Writes the record and its case index rows and due-index row (old_due_ms: the due row to
// replace, 0 = none).
hr_rc_t ev_store_evidence_put(hr_txn_t *txn, const Hr__Evidence__Evidence *e, int64_t old_due_ms);
// Deletes the record, its index rows and its blob row (the wrapped key).
hr_rc_t ev_store_evidence_delete(hr_txn_t *txn, const Hr__Evidence__Evidence *e);
// Number of evidence records.
uint64_t ev_store_evidence_count(hr_txn_t *txn);
// Called with each id (a stack copy); a non-zero result stops the walk and is returned.
typedef hr_rc_t(ev_each_fn)(void *arg, const char *id);
// Calls fn for each evidence id of case_id (at most max; *more set if there were more).
hr_rc_t ev_store_case_each(hr_txn_t *txn, const char *case_id, size_t max, ev_each_fn *fn,
                           void *arg, bool *more);
// Calls fn for every evidence id.
hr_rc_t ev_store_evidence_each(hr_txn_t *txn, ev_each_fn *fn, void *arg);
// Calls fn for the evidence ids after `after` ("" = from the first), at most max of them.
hr_rc_t ev_store_evidence_each_after(hr_txn_t *txn, const char *after, size_t max, ev_each_fn *fn,
                                     void *arg);
// Blob rows (the wrapped key), cases, signing keys: get unpacks into arena (HR_ENOTFOUND,
// HR_EIO); put overwrites, except a signing key, which is never replaced (HR_ECONFLICT).
hr_rc_t ev_store_blob_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                          Hr__Evidence__Blob **out);
hr_rc_t ev_store_blob_put(hr_txn_t *txn, const char *id, const Hr__Evidence__Blob *b);
hr_rc_t ev_store_case_get(hr_txn_t *txn, const char *case_id, hr_arena_t *arena,
                          Hr__Evidence__CaseInfo **out);
// The case's row, or a new one (not stored yet) when the case has none. HR_OK or HR_EIO.
hr_rc_t ev_store_case_get_or_new(hr_txn_t *txn, const char *case_id, hr_arena_t *arena,
                                 Hr__Evidence__CaseInfo **out);
hr_rc_t ev_store_case_put(hr_txn_t *txn, const Hr__Evidence__CaseInfo *c);
// Schema 1 -> 2 (hr_migration_fn): the single hold flag a dispute set becomes its own hold.
hr_rc_t ev_store_migrate_dispute_holds(hr_txn_t *txn, void *arg);
// Schema 2 -> 3 (hr_migration_fn): the people db (the directory's roles) is new; it starts
// empty and fills from the workflow's log. Nothing to convert.
hr_rc_t ev_store_migrate_people(hr_txn_t *txn, void *arg);
// The last workflow event seq that is read again for workflow.RolesChanged alone (0: none): the
// events up to it were applied before, the roles in them perhaps not (ev_store_migrate_people).
uint64_t ev_store_roles_replay_until(hr_txn_t *txn);
// Schema 4 -> 5 (hr_migration_fn): CaseInfo.employee_told_ms is new. The workflow's log is
// read again from its start (up to the cursor) for the events that tell a case's employee
// (ev_told_by) alone, so a case whose interview was held before the upgrade is told at once.
hr_rc_t ev_store_migrate_told(hr_txn_t *txn, void *arg);
// Schema 5 -> 6 (hr_migration_fn): no db changes; a binary without the shred ledger (schema
// 5) must refuse the store from now on (ev_store.c).
hr_rc_t ev_store_migrate_ledger(hr_txn_t *txn, void *arg);
// The last workflow event seq that is read again for ev_told_by's events alone (0: none).
uint64_t ev_store_told_replay_until(hr_txn_t *txn);
// Schema 6 -> 7 (hr_migration_fn): CaseInfo.proof_evidence_ids came with this version. The
// workflow's log is read again from its start (up to the cursor) for the review's StepCompleted
// and workflow.ProofCited alone, so a case reviewed before the upgrade gives its employee the
// proof its review cites.
hr_rc_t ev_store_migrate_proof(hr_txn_t *txn, void *arg);
// The last workflow event seq that is read again for the review's proof alone (0: none).
uint64_t ev_store_proof_replay_until(hr_txn_t *txn);
// A person's roles as the workflow's directory gives them (db people). get unpacks into arena:
// HR_ENOTFOUND (someone the directory does not know), HR_EIO; put overwrites.
hr_rc_t ev_store_person_get(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                            Hr__Evidence__Person **out);
hr_rc_t ev_store_person_put(hr_txn_t *txn, const Hr__Evidence__Person *p);
hr_rc_t ev_store_signing_key_get(hr_txn_t *txn, const char *user_id, hr_arena_t *arena,
                                 Hr__Evidence__SigningKey **out);
hr_rc_t ev_store_signing_key_put(hr_txn_t *txn, const Hr__Evidence__SigningKey *k);
// One row of the due index.
typedef struct {
    char id[EV_ID_HEX + 1]; // evidence id
    int64_t due_ms;         // its due time as indexed
} ev_due_t;
// Collects up to max ids whose due time is <= now_ms, looking at most EV_SWEEP_SCAN rows. The
// scan starts after the row from (NULL or due_ms 0: at the first row) and, past the last row
// due, goes on from the first row up to where it started, so rows that stay (records on hold)
// do not fill every scan. *done is set when it came round, or found nothing more due: the next
// scan may start at the first row.
hr_rc_t ev_store_due_scan(hr_txn_t *txn, int64_t now_ms, const ev_due_t *from, ev_due_t *out,
                          size_t max, size_t *n, bool *done);
// Removes one due-index row (stale or done).
hr_rc_t ev_store_due_del(hr_txn_t *txn, int64_t due_ms, const char *id);
// The tombstone of a record shredded for retention (db deleted): get unpacks into arena
// (HR_ENOTFOUND: none), put overwrites.
hr_rc_t ev_store_tombstone_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                               Hr__Evidence__Tombstone **out);
hr_rc_t ev_store_tombstone_put(hr_txn_t *txn, const Hr__Evidence__Tombstone *t);
// Walks every tombstone (db deleted), decoded into arena.
hr_rc_t ev_store_tombstone_each(hr_txn_t *txn, hr_arena_t *arena, hr_record_fn *fn, void *arg);
// Called with each audit entry (arena memory); a non-zero result stops the walk.
typedef hr_rc_t(ev_audit_fn)(void *arg, const Hr__Evidence__AuditEntry *e);
// Calls fn for the audit entries after after_seq, in seq order, at most max of them (decoded
// into arena). *last_seq gets the last seq given to fn (after_seq when none); *end is set when
// the walk reached the last entry.
hr_rc_t ev_store_audit_each_after(hr_txn_t *txn, uint64_t after_seq, size_t max, hr_arena_t *arena,
                                  ev_audit_fn *fn, void *arg, uint64_t *last_seq, bool *end);
// Schema 3 -> 4 (hr_migration_fn): every `delete` audit entry becomes a tombstone in the new db
// deleted (records shredded before it existed).
hr_rc_t ev_store_migrate_tombstones(hr_txn_t *txn, void *arg);
// Reads one audit entry (tests, tools).
hr_rc_t ev_store_audit_get(hr_txn_t *txn, uint64_t seq, hr_arena_t *arena,
                           Hr__Evidence__AuditEntry **out);

// ---------------------------------------------------------------------------------------------
// ev_server: the daemon

typedef struct ev_session ev_session_t;
typedef struct ev_verify ev_verify_t;
typedef struct ev_fetch ev_fetch_t;

typedef struct {
    char id[EV_ID_HEX + 1]; // evidence id found corrupt
    char reason[96];        // why
    bool unrecorded;        // a write of its mark failed already (logged once)
} ev_corrupt_t;

typedef struct ev_server {
    hr_daemon_t *daemon;                     // borrowed
    hr_store_t *store;                       // borrowed: the daemon's
    hr_clock_t *clock;                       // borrowed: the daemon's
    ev_keys_t keys;                          // subkeys of the master key
    char *blob_dir;                          // owned: <store/dir>/blobs
    char *tmp_dir;                           // owned: <store/dir>/tmp
    char *key_path;                          // owned: keys/master_file as configured
    uint64_t max_bytes;                      // upload/max_bytes
    int64_t idle_ms;                         // upload/idle_timeout_ms
    int64_t retention_days[EV_KIND_COUNT];   // retention/<kind>_days
    ev_session_t *sessions[EV_MAX_SESSIONS]; // owned: open uploads and downloads
    ev_head_t head;                          // chain head after the last commit
    uint64_t keep_max;                       // download/keep_max_bytes
    size_t kept_bytes; // plaintext kept by open downloads, at most EV_KEEP_TOTAL
    ev_corrupt_t corrupt[EV_CORRUPT_QUEUE]; // findings to mark and audit on the tick
    size_t ncorrupt;                        // entries used in corrupt
    ev_pool_t *pool;                        // owned: writers' worker threads
    bool employee_reads[EV_KIND_COUNT];     // access/employee_kinds: what a case's employee reads
    bool sensitive_kinds[EV_KIND_COUNT];    // access/sensitive_kinds: sensitive at every put
    hr_consumer_t *workflow;                // owned: the workflow's events; NULL without a peer
    bool head_stale; // audit entries committed outside a call (events): the tick re-reads head
    uint64_t events_skipped; // workflow events that could not be applied (logged, passed over)
    hr_job_t *verifies;      // owned: ev_verify_t, whole-store verifies in the background
    hr_job_t *fetches;       // owned: ev_fetch_t, large downloads being checked in the background
    hr_job_t *catch_ups;     // owned: requests waiting for the workflow's log to be read
    ev_due_t sweep_from;     // the due row the next retention scan starts after (0: the first)
    bool sweep_waiting;      // the sweep waits for the workflow's log to be read (logged)
    char *ledger_path;       // owned: the shred ledger, beside the master key (ev_ledger.c)
    size_t reshredded;       // records a restore brought back, shredded again at this start
    unsigned char service_pk[crypto_sign_PUBLICKEYBYTES]; // the service key (ev_service_key)
    char service_fp[2 * EV_HASH_BYTES + 1];               // its fingerprint, hex
} ev_server_t;

extern const hr_service_t ev_service;
// The service key (ev_export.c): made at the first start, read at every start
// into the server (HR_EIO when the stored one does not unwrap with this master key).
hr_rc_t ev_service_key_start(ev_server_t *self);
hr_rc_t ev_handle_service_key(void *server, hr_call_t *call);
hr_rc_t ev_handle_sign_export(void *server, hr_call_t *call);

// Frees the records of background verifies and download checks (after hr_server_stop_work
// joined their threads).
void ev_verify_free_all(ev_server_t *self);
// One "verify_running=MSG_ID checked=N of=M" line per whole-store verify in the background (into
// out, at most max; arena strings): how far it got, for sys.Status.
size_t ev_verify_progress(const ev_server_t *self, hr_arena_t *arena, char **out, size_t max);
void ev_fetch_free_all(ev_server_t *self);
// Frees the records of requests that waited for the workflow's log (after hr_server_stop_work).
void ev_catch_up_free_all(ev_server_t *self);

// Opens everything a running daemon needs, for start() and for tests: keys, directories,
// clean-up of temp files and orphan blobs. HR_OK or an error (logged).
hr_rc_t ev_server_start(ev_server_t *self, hr_daemon_t *daemon);
// Drops every session (their temp files go) and wipes the keys.
void ev_server_stop(ev_server_t *self);
// Expires idle sessions, marks and audits queued corrupt findings, runs the retention sweep.
void ev_server_tick(ev_server_t *self);
// Path of the blob file of id (owned).
char *ev_server_blob_path(ev_server_t *self, const char *id);
// Queues a corrupt finding for the tick (deduplicated; dropped when the queue is full).
void ev_server_note_corrupt(ev_server_t *self, const char *id, const char *reason);
// True when the case is on hold: HR's (or legal's) hold, or the one a live dispute placed.
bool ev_case_is_held(const Hr__Evidence__CaseInfo *c);
// True when one of e's cases is on hold (e's own hold aside).
bool ev_cases_hold(hr_txn_t *txn, const Hr__Evidence__Evidence *e, hr_arena_t *arena);
// True for the kinds a rescission voids: the notice that was revoked and the certificate of an
// end that never came (notice_letter, termination_certificate).
bool ev_kind_voided_by_rescission(const char *kind);
// Sets e->void_ms and e->void_case_id when one of e's cases (as e lists them: trim first) was
// rescinded and e's kind is one a rescission voids; clears them otherwise.
void ev_cases_void(hr_txn_t *txn, Hr__Evidence__Evidence *e, hr_arena_t *arena);
// Crypto-shreds e in txn for reason with its delete entry's detail: record, key and index rows
// go, the entry is chained (*head), a tombstone written, the shred ledger told before the commit;
// *path_out: the blob file to overwrite after the commit, or NULL (ev_server.c).
hr_rc_t ev_shred_record(ev_server_t *self, hr_txn_t *txn, Hr__Evidence__Evidence *e, int64_t now_ms,
                        const char *reason, const char *detail, hr_arena_t *arena,
                        const char **path_out, ev_head_t *head);
// Deletes every record due at now_ms that no hold protects; returns how many were deleted.
size_t ev_server_sweep(ev_server_t *self, int64_t now_ms);

// ev_ledger: the shred ledger, outside what a restore replaces (ev_ledger.c).
// The ledger's path for the master key file key_path (owned): key_path + ".shredded".
char *ev_ledger_path(const char *key_path);
// Appends the deletion of id (at_ms, reason, its delete entry head) to the ledger and fsyncs
// it; HR_EIO (logged) when it cannot: the caller's deletion must not commit then.
hr_rc_t ev_ledger_append(ev_server_t *self, const char *id, int64_t at_ms, const char *reason,
                         const ev_head_t *head);
// At start: shreds again every record the ledger says was shredded after it was stored (a
// restore brought it back; counted in self->reshredded, audited as a deletion, reason
// restored_after_shred), and adds to the ledger the deletions the store records that it lacks.
hr_rc_t ev_ledger_reconcile(ev_server_t *self);
// For hrctl restore: how many deletions the ledger at ledger_path holds (*shredded_out) and how
// many of those records the store read in txn holds again (*back_out: hr-evidence shreds them
// again at its next start). keys are the master key's (the blob names).
hr_rc_t ev_ledger_count_back(const ev_keys_t *keys, const char *ledger_path, hr_txn_t *txn,
                             size_t *shredded_out, size_t *back_out);

// Sessions (uploads and downloads), owned by the server.
typedef enum { EV_SESSION_UPLOAD, EV_SESSION_DOWNLOAD } ev_session_kind_t;
struct ev_session {
    ev_session_kind_t kind;  // upload or download
    char id[HR_ID_LEN + 1];  // upload_id / download_id
    int64_t touched_mono_ms; // last use, for the idle timeout
    char *owner;             // owned: the user who opened it; nobody else may continue it
    // upload
    ev_writer_t *writer;                // owned
    char *tmp_path;                     // owned
    char *case_id;                      // owned
    char *kind_name;                    // owned
    char *file_name;                    // owned: sanitized
    char *declared_type;                // owned: cleaned
    char *supersedes;                   // owned: "" when none
    char *uploader;                     // owned
    bool sensitive;                     // marked sensitive at the put (PutBeginRequest, or kind)
    uint64_t announced_size;            // 0 = unknown
    uint64_t next_seq;                  // next PutChunk seq expected
    char last_chunk_msg[HR_ID_LEN + 1]; // msg_id of the last chunk taken (retries)
    bool ended;                         // last byte in: writer ended, id known
    bool finished;                      // writer finished: file written and fsynced
    char blob_id[EV_ID_HEX + 1];        // after finish
    // where an upload's time went, for its evidence.put log line (hr_stopwatch_us readings)
    int64_t begun_us;   // PutBegin taken
    int64_t last_in_us; // the last byte taken: hashed, encrypted, its final write started
    int64_t end_in_us;  // PutEnd arrived
    int64_t synced_us;  // the file written and fdatasynced (PutEnd waited for it until then)
    int64_t stored_us;  // renamed into place, directory synced, record and audit entry written
    // download
    ev_reader_t *reader;      // owned
    bool ready;               // the get's audit entry has committed
    uint32_t next_index;      // next GetChunk index expected
    uint32_t chunks;          // total
    unsigned char *plain;     // owned: the verified content, kept (blobs up to EV_KEEP_MAX)
    size_t plain_len;         // its length
    unsigned char *last_data; // owned: the last chunk served (retries)
    size_t last_len;          // its length
    bool last_final;          // it was the final chunk
};

// The open session of that kind and id (and marks it used now), or NULL.
ev_session_t *ev_session_find(ev_server_t *self, ev_session_kind_t kind, const char *id);
// A new session in a free slot, named id (NULL: a new ULID) and opened by owner (copied), or
// NULL with *why (a static text for the caller's error) when there is no slot for it: all
// EV_MAX_SESSIONS are open; owner, unless a custodian (HR, legal, operator), has
// EV_SESSIONS_PER_OWNER open; or it is an upload by anyone but a custodian and only the
// EV_SESSIONS_KEPT slots kept for custodians and downloads are left.
ev_session_t *ev_session_new(ev_server_t *self, ev_session_kind_t kind, const char *id,
                             const char *owner, bool custodian, int64_t now_ms, const char **why);
// Frees the session and everything it owns; an unfinished upload's temp file is removed.
void ev_session_drop(ev_server_t *self, ev_session_t *s);

// ---------------------------------------------------------------------------------------------
// ev_handlers: one per route (proto/hr/evidence.proto and README.md say what each does)
hr_rc_t ev_handle_put_begin(void *self, hr_call_t *call);
hr_rc_t ev_handle_put_chunk(void *self, hr_call_t *call);
hr_rc_t ev_handle_put_end(void *self, hr_call_t *call);
hr_rc_t ev_handle_put_abort(void *self, hr_call_t *call);
hr_rc_t ev_handle_put_facts(void *self, hr_call_t *call);
hr_rc_t ev_handle_get_begin(void *self, hr_call_t *call);
hr_rc_t ev_handle_get_chunk(void *self, hr_call_t *call);
hr_rc_t ev_handle_stat(void *self, hr_call_t *call);
hr_rc_t ev_handle_list(void *self, hr_call_t *call);
hr_rc_t ev_handle_verify(void *self, hr_call_t *call);
hr_rc_t ev_handle_sign(void *self, hr_call_t *call);
hr_rc_t ev_handle_hold(void *self, hr_call_t *call);
hr_rc_t ev_handle_release(void *self, hr_call_t *call);
hr_rc_t ev_handle_mark_sensitive(void *self, hr_call_t *call);
hr_rc_t ev_handle_close_case(void *self, hr_call_t *call);
// ev_export: a record shredded (Deleted), a case's evidence for a hearing (Export,
// AuditExtract)
hr_rc_t ev_handle_deleted(void *self, hr_call_t *call);
hr_rc_t ev_handle_export(void *self, hr_call_t *call);
hr_rc_t ev_handle_audit_extract(void *self, hr_call_t *call);
// Whether the call's actor reads e and its content (get, sign), as evidence.GetBegin decides it
// (ev_handlers.c): AuditExtract shows a case's employee the reads of what they read alone.
bool ev_caller_reads(ev_server_t *self, hr_call_t *call, const Hr__Evidence__Evidence *e);

// Starts the retention clock of every record of case_id in txn (CloseCase, and the workflow's
// CaseClosed): the case's closed_ms is set - kept as it is when keep_existing and the close
// recorded is later (a hand close and a workflow close keep the latest end; only a rescission,
// whose recorded end never came, replaces it) - and its keep_until_ms raised to keep_until_ms
// (the workflow's date for keeping the records, ev_keep_until_take; 0 = none said; never
// lowered, but replaced as the close is when !keep_existing), every record's due time
// recomputed, one audit entry by
// actor (saying the close asked when a later one stood, and the workflow's date when it
// decides). *scheduled gets the records that now have a due time; *head_out (may be NULL) the
// chain head after it.
hr_rc_t ev_case_close(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                      int64_t closed_ms, int64_t keep_until_ms, bool keep_existing,
                      const char *actor, int64_t now_ms, uint32_t *scheduled, ev_head_t *head_out);
// The workflow dated the keeping of case_id's records later (workflow.RetentionRedated): the
// case's keep_until_ms raised to keep_until_ms (never lowered; a case not known yet gets a row),
// and, when it rose, every record's due time recomputed and one `retention` audit entry by
// actor. *scheduled gets the records that have a due time after it (0 when nothing rose).
hr_rc_t ev_case_keep_until(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena, const char *case_id,
                           int64_t keep_until_ms, const char *actor, int64_t now_ms,
                           uint32_t *scheduled);
// A hand close (evidence.CloseCase) of case_id at closed_ms (0 = now_ms) by actor: HR_EINVAL
// and why filled (ev_close_why: the words after "closed_ms: ") when the time cannot be a close
// of this case - before it opened here, else before its first record was stored; else
// ev_case_close keeping the latest end recorded, and the case's keeping end raised to
// keep_until_ms, the workflow's day the caller read (0 = none named; ev_keep_until_take from
// the close; never lowered). rep gets scheduled, the close that stands (closed_ms), whether an
// end recorded before was later and stood (later_end_kept) and the workflow's keeping end that
// stands for the case (keep_until_ms, 0 = none known): no record of it is shredded before it.
hr_rc_t ev_case_close_by_hand(ev_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                              const char *case_id, int64_t closed_ms, int64_t keep_until_ms,
                              const char *actor, int64_t now_ms, Hr__Evidence__CloseCaseReply *rep,
                              ev_head_t *head_out, char *why, size_t size);

// ---------------------------------------------------------------------------------------------
// ev_events: what the evidence service learns from the workflow's events (hr_consumer)

// The hr_consumer apply function for source "workflow": CaseOpened records the case's people
// (who may read and sign its records), CaseClosed starts the retention clock, DisputeRecorded
// puts the case on hold, RolesChanged records people's roles (whom hr and legal count for),
// CaseLineChanged the case's reporting line as a people import moved it. Each audited (RolesChanged
// when it grants or takes hr or legal).
hr_rc_t ev_events_apply(void *server, hr_txn_t *txn, const Hr__Sys__Event *ev);
// Parses access/employee_kinds, or access/sensitive_kinds, ("kind,kind,..."; "" = none) into reads.
// -1 and *bad (the offending name, owned) when a name is not a kind.
int ev_employee_kinds_parse(const char *list, bool reads[EV_KIND_COUNT], char **bad);

// ---------------------------------------------------------------------------------------------
// ev_client: the caller's side of the chunked protocol (hrctl, tests, bench)

// What ev_client_put uploads; every pointer borrowed for the duration of the call.
typedef struct {
    const char *case_id;    // required
    const char *kind;       // required
    const char *file_name;  // may be NULL
    const char *media_type; // may be NULL
    const char *supersedes; // may be NULL
    bool sensitive;         // the record holds sensitive personal information (health)
    const Hr__Actor *actor; // who uploads
    size_t chunk_bytes;     // 0 = EV_PUT_CHUNK
    int timeout_ms;         // per call; 0 = 10 s
    uint64_t size;          // bytes source will give, when known (0 = unknown); the server then
                            // refuses more or fewer, and finishes the file as the last arrives
} ev_put_opts_t;

// Reads more data for an upload: fills buf with up to cap bytes, returns the count, 0 at the
// end, -1 on error.
typedef ssize_t(ev_source_fn)(void *arg, void *buf, size_t cap);
// Uploads everything source gives. HR_OK with id_out set; else the server's code with an arena
// message in *message_out.
hr_rc_t ev_client_put(hr_client_t *client, const ev_put_opts_t *opts, ev_source_fn *source,
                      void *arg, hr_arena_t *arena, char id_out[EV_ID_HEX + 1],
                      const char **message_out);
// Downloads id into a growing owned buffer (*data_out, *len_out), checks its SHA-256 against id
// before returning it (nothing unverified is ever handed out). max caps the size.
hr_rc_t ev_client_get(hr_client_t *client, const char *id, const Hr__Actor *actor, uint64_t max,
                      hr_arena_t *arena, unsigned char **data_out, size_t *len_out,
                      const char **message_out);
// ev_client_get for the case the reader works on (case_id, may be NULL: none named): the get's
// audit entry names it (evidence.GetBegin's case_id), so a record under several cases is read
// for one of them.
hr_rc_t ev_client_get_for(hr_client_t *client, const char *id, const char *case_id,
                          const Hr__Actor *actor, uint64_t max, hr_arena_t *arena,
                          unsigned char **data_out, size_t *len_out, const char **message_out);

#endif
