/*  e2e.evidence - the real hr-evidence daemon and hrctl: uploads and downloads in chunks,
 *  encryption at rest (a plaintext marker is nowhere under the data directory), tampering with
 *  blobs and with the audit log caught by `hrctl verify` and never served, interrupted and
 *  concurrent uploads, hostile file names, bad uploads, signatures, legal hold and retention.
 */
#define _GNU_SOURCE // memmem
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev.h"
#include "harness.h"
#include "hr_test.h"

#define CASE_A "01JN00000000000000000000AA"
#define CASE_B "01JN00000000000000000000BB"
#define MARKER "PLAINTEXT-MARKER-7f3a9c2e-never-on-disk"
#define WAIT_MS 15000

typedef struct {
    e2e_t *c;            // owned
    hr_clock_t *clock;   // owned
    hr_client_t *client; // owned
    hr_arena_t *arena;   // owned
    Hr__Actor actor;     // operator
    char *roles[1];      // actor.roles
    char *data_dir;      // owned: <dir>/data/evidence
    char *key_path;      // owned
} t_env_t;

typedef struct {
    const unsigned char *data; // borrowed
    size_t len;                // total
    size_t off;                // read so far
} t_src_t;

static ssize_t s_src(void *arg, void *buf, size_t cap)
{
    t_src_t *s = arg;
    size_t n = s->len - s->off < cap ? s->len - s->off : cap;
    memcpy(buf, s->data + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void s_connect(t_env_t *t)
{
    char *err = NULL;
    hr_client_destroy(&t->client);
    t->client = hr_client_new(e2e_endpoint(t->c, "evidence"), t->clock, &err);
    assert_non_null(t->client);
}

// Starts hr-evidence with the key outside its store; extra is NULL-terminated key/value pairs.
static t_env_t *s_start(const char *name, const char *const *extra)
{
    t_env_t *t = hr_alloc(sizeof *t);
    t->c = e2e_new(name);
    t->key_path = hr_strfmt("%s/keys/evidence.key", e2e_dir(t->c));
    t->data_dir = hr_strfmt("%s/data/evidence", e2e_dir(t->c));
    e2e_config(t->c, "evidence", "keys/master_file", t->key_path);
    for (size_t i = 0; extra && extra[i]; i += 2)
        e2e_config(t->c, "evidence", extra[i], extra[i + 1]);
    assert_int_equal(e2e_start_one(t->c, "evidence", NULL), 0);
    t->clock = hr_clock_system_new();
    t->arena = hr_arena_new(0);
    hr__actor__init(&t->actor);
    t->actor.user_id = "operator";
    t->roles[0] = "operator";
    t->actor.roles = t->roles;
    t->actor.n_roles = 1;
    s_connect(t);
    return t;
}

static void s_stop(t_env_t **t_p)
{
    t_env_t *t = *t_p;
    hr_client_destroy(&t->client);
    hr_arena_destroy(&t->arena);
    hr_clock_destroy(&t->clock);
    assert_int_equal(e2e_stop(&t->c), 0);
    hr_free(t->data_dir);
    hr_free(t->key_path);
    hr_free(t);
    *t_p = NULL;
}

static hr_rc_t s_call(t_env_t *t, const char *type, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *desc, zmsg_t *frames, hr_result_t *res)
{
    hr_call_opts_t opts = {
        .timeout_ms = 10000, .retries = -1, .actor = &t->actor, .frames = frames};
    hr_rc_t rc = hr_client_call(t->client, type, req, desc, t->arena, &opts, res);
    return rc;
}

// Uploads len bytes of data, announcing announce bytes (0 = no size announced).
static hr_rc_t s_put_sized(t_env_t *t, const void *data, size_t len, uint64_t announce,
                           const char *case_id, const char *name, char id[EV_ID_HEX + 1],
                           const char **message)
{
    t_src_t src = {data, len, 0};
    ev_put_opts_t o = {.case_id = case_id,
                       .kind = "performance_report",
                       .file_name = name,
                       .media_type = "application/pdf",
                       .actor = &t->actor,
                       .size = announce};
    return ev_client_put(t->client, &o, s_src, &src, t->arena, id, message);
}

static hr_rc_t s_put(t_env_t *t, const void *data, size_t len, const char *case_id,
                     const char *name, char id[EV_ID_HEX + 1], const char **message)
{
    return s_put_sized(t, data, len, 0, case_id, name, id, message);
}

static unsigned char *s_random(size_t len)
{
    unsigned char *d = hr_alloc(len);
    randombytes_buf(d, len);
    return d;
}

static char *s_hrctl(t_env_t *t, int *exit_code, const char *a1, const char *a2, const char *a3,
                     const char *a4, const char *a5, const char *a6, const char *a7)
{
    char *hrctl = hr_test_bin_path("hrctl");
    char *dir = hr_strdup(e2e_config_dir(t->c));
    char *argv[12] = {hrctl, "--"};
    int n = 1;
    const char *args[] = {a1, a2, a3, a4, a5, a6, a7};
    for (size_t i = 0; i < HR_ARRAY_LEN(args) && args[i]; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--config-dir";
    argv[n++] = dir;
    argv[n] = NULL;
    char *out = NULL, *err = NULL;
    *exit_code = e2e_run(argv, &out, &err);
    if (*err)
        fprintf(stderr, "hrctl %s: %s", a1, err);
    hr_free(err);
    hr_free(hrctl);
    hr_free(dir);
    return out;
}

// hrctl with any number of args (NULL-terminated) as `as` in `role` (NULL: the operator).
static char *s_hrctl_as(t_env_t *t, int *exit_code, const char *as, const char *role,
                        const char *const *args)
{
    char *hrctl = hr_test_bin_path("hrctl");
    char *dir = hr_strdup(e2e_config_dir(t->c));
    char *argv[24] = {hrctl};
    int n = 1;
    for (size_t i = 0; args[i] && n < 16; i++)
        argv[n++] = (char *)args[i];
    if (as) {
        argv[n++] = "--as";
        argv[n++] = (char *)as;
        argv[n++] = "--role";
        argv[n++] = (char *)role;
    }
    argv[n++] = "--config-dir";
    argv[n++] = dir;
    argv[n] = NULL;
    char *out = NULL, *err = NULL;
    *exit_code = e2e_run(argv, &out, &err);
    if (*exit_code && err)
        fprintf(stderr, "hrctl %s as %s: %s", args[0], as ? as : "operator", err);
    hr_free(err);
    hr_free(hrctl);
    hr_free(dir);
    return out;
}

// Counts regular files under dir (recursively); when needle is given, counts only those that
// contain it.
static int s_files(const char *dir, const void *needle, size_t nlen)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = hr_strfmt("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            n += s_files(p, needle, nlen);
        } else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            if (!needle) {
                n++;
            } else {
                size_t len = 0;
                char *text = hr_test_read_file(p, &len);
                if (text && memmem(text, len, needle, nlen)) {
                    fprintf(stderr, "marker found in %s\n", p);
                    n++;
                }
                hr_free(text);
            }
        }
        hr_free(p);
    }
    closedir(d);
    return n;
}

static char *s_sub(t_env_t *t, const char *sub)
{
    return hr_strfmt("%s/%s", t->data_dir, sub);
}

// The blob file of id, computed from the key file as the daemon does.
static char *s_blob_path(t_env_t *t, const char *id)
{
    size_t len = 0;
    char *key = hr_test_read_file(t->key_path, &len);
    assert_non_null(key);
    unsigned char master[EV_KEY_BYTES];
    assert_true(ev_key_parse((unsigned char *)key, len, master));
    hr_free(key);
    ev_keys_t keys;
    ev_keys_derive(master, &keys);
    char name[EV_ID_HEX + 1];
    ev_blob_name(&keys, id, name);
    return hr_strfmt("%s/blobs/%.2s/%s", t->data_dir, name, name);
}

// Flips one bit in the middle of id's blob file, as damage on the disk would.
static void s_flip_middle_byte(t_env_t *t, const char *id)
{
    char *path = s_blob_path(t, id);
    size_t len = 0;
    char *b = hr_test_read_file(path, &len);
    assert_non_null(b);
    b[len / 2] ^= 0x01;
    assert_int_equal(hr_test_write_file(path, b, len), 0);
    hr_free(b);
    hr_free(path);
}

static Hr__Evidence__Evidence *s_stat(t_env_t *t, const char *id, hr_rc_t *rc_out)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    hr_result_t res;
    *rc_out =
        s_call(t, "evidence.Stat", &req.base, &hr__evidence__stat_reply__descriptor, NULL, &res);
    return *rc_out ? NULL : ((Hr__Evidence__StatReply *)res.reply)->evidence;
}

// The account an evidence.put line gives of the upload's time (line starts at the event): the
// bytes stored, and phases that are none negative and add up to took_us exactly.
static void s_assert_put_account(const char *line, unsigned long long bytes)
{
    static const char *const phases[] = {"receive_us", "trip_us", "flush_wait_us", "store_us",
                                         "commit_us"};
    const char *end = strchr(line, '\n');
    assert_non_null(end);
    char *one = hr_strndup(line, (size_t)(end - line));
    const char *b = strstr(one, " bytes=");
    assert_non_null(b);
    assert_int_equal(strtoull(b + 7, NULL, 10), bytes);
    long long sum = 0;
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
        char *key = hr_strfmt(" %s=", phases[i]);
        const char *at = strstr(one, key);
        assert_non_null(at);
        long long v = strtoll(at + strlen(key), NULL, 10);
        assert_true(v >= 0);
        sum += v;
        hr_free(key);
    }
    const char *took = strstr(one, " took_us=");
    assert_non_null(took);
    assert_int_equal(strtoll(took + 9, NULL, 10), sum);
    assert_true(sum > 0);
    hr_free(one);
}

static void test_put_get_round_trip_encrypted_at_rest(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-roundtrip", NULL);
    // A text file of 3.5 MiB (four chunks) with a marker in the middle and at the end.
    size_t len = 3 * 1024 * 1024 + 512 * 1024;
    char *text = hr_alloc(len + 1);
    for (size_t i = 0; i < len; i++)
        text[i] = (char)('a' + (i * 7 + i / 1000) % 26);
    memcpy(text + len / 2, MARKER, strlen(MARKER));
    memcpy(text + len - strlen(MARKER) - 1, MARKER "\n", strlen(MARKER) + 1);
    char *file = hr_strfmt("%s/report.txt", e2e_dir(t->c));
    assert_int_equal(hr_test_write_file(file, text, len), 0);
    char sha[EV_ID_HEX + 1];
    ev_sha256_hex(text, len, sha);

    int code = 0;
    char *out = s_hrctl(t, &code, "evidence", "put", file, "--case", CASE_A, "--kind",
                        "performance_report");
    assert_int_equal(code, 0);
    out[strcspn(out, "\n")] = '\0';
    assert_string_equal(out, sha); // the id is the SHA-256 anyone can recompute
    hr_free(out);
    // Its log line says where the upload's time went (an operator's first look at a slow disk).
    char *log_path = hr_strfmt("%s/log/evidence.log", e2e_dir(t->c));
    char *log = hr_test_read_file(log_path, NULL);
    assert_non_null(log);
    char *put_line = hr_strfmt("evidence.put id=%s case=%s created=1", sha, CASE_A);
    const char *at = strstr(log, put_line);
    assert_non_null(at);
    s_assert_put_account(at, len);
    assert_true(strtoll(strstr(at, " receive_us=") + 12, NULL, 10) > 0);
    hr_free(put_line);
    hr_free(log);
    hr_free(log_path);

    out = s_hrctl(t, &code, "evidence", "get", sha, NULL, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    assert_int_equal(strlen(out), len);
    assert_memory_equal(out, text, len);
    hr_free(out);

    out = s_hrctl(t, &code, "evidence", "list", "--case", CASE_A, "--json", NULL, NULL);
    assert_int_equal(code, 0);
    json_t *arr = json_loads(out, 0, NULL);
    hr_free(out);
    assert_non_null(arr);
    assert_int_equal(json_array_size(arr), 1);
    json_t *rec = json_array_get(arr, 0);
    assert_string_equal(json_string_value(json_object_get(rec, "id")), sha);
    assert_string_equal(json_string_value(json_object_get(rec, "file_name")), "report.txt");
    assert_string_equal(json_string_value(json_object_get(rec, "media_type")), "text/plain");
    assert_string_equal(json_string_value(json_object_get(rec, "uploader")), "operator");
    assert_int_equal(json_integer_value(json_object_get(rec, "size")), (json_int_t)len);
    json_decref(arr);

    // The marker is nowhere under the data directory: not in a blob, not in LMDB.
    assert_true(s_files(t->data_dir, NULL, 0) >= 3);
    assert_int_equal(s_files(t->data_dir, MARKER, strlen(MARKER)), 0);
    // The key lives outside the store, readable by its owner only.
    struct stat st;
    assert_int_equal(stat(t->key_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_null(strstr(t->key_path, t->data_dir));

    out = s_hrctl(t, &code, "verify", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    assert_non_null(strstr(out, "verify: ok"));
    hr_free(out);

    // sys.Status carries the chain head: put and get, two entries.
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(
        s_call(t, "sys.Status", &sreq.base, &hr__sys__status_reply__descriptor, NULL, &res), HR_OK);
    Hr__Sys__StatusReply *status = res.reply;
    bool seen = false;
    for (size_t i = 0; i < status->n_extra; i++)
        seen |= !strncmp(status->extra[i], "chain_head=2:", 13);
    assert_true(seen);

    hr_free(file);
    hr_free(text);
    s_stop(&t);
}

// Uploads n random blobs of different sizes.
static void s_put_many(t_env_t *t, char ids[][EV_ID_HEX + 1], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = 200000 + i * 1500000;
        unsigned char *d = s_random(len);
        const char *msg = NULL;
        assert_int_equal(s_put(t, d, len, CASE_A, "x.pdf", ids[i], &msg), HR_OK);
        hr_free(d);
    }
}

static void test_tampered_blobs_are_named_by_verify_and_never_served(void **state)
{
    HR_UNUSED(state);
    // Downloads keep no plaintext here, so the damage below meets the chunk-by-chunk reader.
    const char *extra[] = {"download/keep_max_bytes", "0", NULL};
    t_env_t *t = s_start("ev-tamper", extra);
    char ids[5][EV_ID_HEX + 1];
    s_put_many(t, ids, 5);
    // 0: one flipped byte; 1: truncated; 2 and 3: swapped; 4 untouched.
    char *p0 = s_blob_path(t, ids[0]), *p1 = s_blob_path(t, ids[1]);
    char *p2 = s_blob_path(t, ids[2]), *p3 = s_blob_path(t, ids[3]);
    size_t len = 0;
    char *b = hr_test_read_file(p0, &len);
    b[len / 3] ^= 0x20;
    assert_int_equal(hr_test_write_file(p0, b, len), 0);
    hr_free(b);
    b = hr_test_read_file(p1, &len);
    assert_int_equal(hr_test_write_file(p1, b, len - 4096), 0);
    hr_free(b);
    char *tmp = hr_strfmt("%s.swap", p2);
    assert_int_equal(rename(p2, tmp), 0);
    assert_int_equal(rename(p3, p2), 0);
    assert_int_equal(rename(tmp, p3), 0);
    hr_free(tmp);

    int code = 0;
    char *out = s_hrctl(t, &code, "verify", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(code, 1);
    for (int i = 0; i < 4; i++)
        assert_non_null(strstr(out, ids[i]));
    assert_null(strstr(out, ids[4]));
    assert_non_null(strstr(out, "audit chain: ok"));
    assert_non_null(strstr(out, "4 bad"));
    hr_free(out);

    // Never served: not through hrctl, not through the protocol.
    for (int i = 0; i < 4; i++) {
        out = s_hrctl(t, &code, "evidence", "get", ids[i], NULL, NULL, NULL, NULL);
        assert_int_equal(code, 1);
        assert_int_equal(strlen(out), 0);
        hr_free(out);
        Hr__Evidence__GetBeginRequest g = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
        g.id = ids[i];
        hr_result_t res;
        assert_int_equal(s_call(t, "evidence.GetBegin", &g.base,
                                &hr__evidence__get_begin_reply__descriptor, NULL, &res),
                         HR_EIO);
        assert_non_null(strstr(res.message, "nothing served"));
    }
    unsigned char *data = NULL;
    size_t dlen = 0;
    const char *msg = NULL;
    assert_int_equal(
        ev_client_get(t->client, ids[4], &t->actor, UINT64_MAX, t->arena, &data, &dlen, &msg),
        HR_OK);
    hr_free(data);

    // Damage during a download: the chunks before it were authenticated, the damaged one is
    // refused, and the client hands out nothing (it holds the bytes until its own hash check).
    Hr__Evidence__GetBeginRequest g4 = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
    g4.id = ids[4];
    hr_result_t r4;
    assert_int_equal(s_call(t, "evidence.GetBegin", &g4.base,
                            &hr__evidence__get_begin_reply__descriptor, NULL, &r4),
                     HR_OK);
    char *download = hr_strdup(((Hr__Evidence__GetBeginReply *)r4.reply)->download_id);
    char *p4 = s_blob_path(t, ids[4]);
    FILE *bf = fopen(p4, "r+b");
    assert_non_null(bf);
    assert_int_equal(fseek(bf, -100, SEEK_END), 0);
    int ch = fgetc(bf);
    assert_int_equal(fseek(bf, -100, SEEK_END), 0);
    fputc(ch ^ 0x55, bf);
    fclose(bf);
    hr_rc_t grc = HR_OK;
    uint32_t index = 0;
    for (; index < 10 && !grc; index++) {
        Hr__Evidence__GetChunkRequest gc = HR__EVIDENCE__GET_CHUNK_REQUEST__INIT;
        gc.download_id = download;
        gc.index = index;
        grc = s_call(t, "evidence.GetChunk", &gc.base, &hr__evidence__get_chunk_reply__descriptor,
                     NULL, &r4);
        zmsg_destroy(&r4.frames);
    }
    assert_int_equal(grc, HR_EIO);
    assert_int_equal(index, 6); // 6.2 MB: chunks 0..4 good, the final one (index 5) refused
    assert_non_null(strstr(r4.message, "discard"));
    assert_int_equal(
        ev_client_get(t->client, ids[4], &t->actor, UINT64_MAX, t->arena, &data, &dlen, &msg),
        HR_EIO);
    assert_null(data);
    hr_free(download);
    hr_free(p4);

    // The tick marks them corrupt and audits each finding.
    int64_t until = hr_clock_mono_ms(t->clock) + WAIT_MS;
    hr_rc_t rc = HR_OK;
    Hr__Evidence__Evidence *e = s_stat(t, ids[0], &rc);
    while (e && e->state != HR__EVIDENCE__STATE__STATE_CORRUPT &&
           hr_clock_mono_ms(t->clock) < until) {
        usleep(50 * 1000);
        e = s_stat(t, ids[0], &rc);
    }
    assert_non_null(e);
    assert_int_equal(e->state, HR__EVIDENCE__STATE__STATE_CORRUPT);
    hr_free(p0);
    hr_free(p1);
    hr_free(p2);
    hr_free(p3);
    s_stop(&t);
}

// Stops the daemon, applies fn to its store directly (as someone with the disk would), starts
// it again and returns hrctl verify's output.
static char *s_edit_store(t_env_t *t, void (*fn)(hr_store_t *store), int *code)
{
    hr_client_destroy(&t->client);
    e2e_kill(t->c, "evidence", SIGKILL);
    hr_store_opts_t opts = {.dir = t->data_dir,
                            .dbs = ev_store_dbs,
                            .schema_version = ev_service.schema_version,
                            .migrations = ev_service.migrations,
                            .mapsize_mb = 64};
    char *err = NULL;
    hr_store_t *store = hr_store_open(&opts, &err);
    assert_non_null(store);
    fn(store);
    hr_store_destroy(&store);
    assert_int_equal(e2e_restart(t->c, "evidence"), 0);
    s_connect(t);
    return s_hrctl(t, code, "verify", NULL, NULL, NULL, NULL, NULL, NULL);
}

static void s_edit_entry_2(hr_store_t *store)
{
    hr_txn_t *txn = NULL;
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    Hr__Evidence__AuditEntry *e = NULL;
    assert_int_equal(ev_store_audit_get(txn, 2, arena, &e), HR_OK);
    e->actor = "nobody";
    unsigned char key[8];
    hr_be64_put(key, 2);
    assert_int_equal(hr_store_put_pb(txn, "audit", key, 8, &e->base, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_arena_destroy(&arena);
}

static void s_remove_entry_2(hr_store_t *store)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    unsigned char key[8];
    hr_be64_put(key, 2);
    assert_int_equal(hr_store_del(txn, "audit", key, 8), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static void test_an_edited_audit_entry_is_named_by_verify(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-audit-edit", NULL);
    char ids[3][EV_ID_HEX + 1];
    s_put_many(t, ids, 3);
    int code = 0;
    char *out = s_edit_store(t, s_edit_entry_2, &code);
    assert_int_equal(code, 1);
    assert_non_null(strstr(out, "BAD at entry 2"));
    assert_non_null(strstr(out, "edited"));
    hr_free(out);
    s_stop(&t);
}

static void test_a_removed_audit_entry_is_named_by_verify(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-audit-rm", NULL);
    char ids[3][EV_ID_HEX + 1];
    s_put_many(t, ids, 3);
    int code = 0;
    char *out = s_edit_store(t, s_remove_entry_2, &code);
    assert_int_equal(code, 1);
    assert_non_null(strstr(out, "BAD at entry 2"));
    assert_non_null(strstr(out, "missing"));
    hr_free(out);
    s_stop(&t);
}

static char *s_begin(t_env_t *t, const char *case_id, const char *name, hr_rc_t want)
{
    Hr__Evidence__PutBeginRequest b = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    b.case_id = (char *)case_id;
    b.kind = "other";
    b.file_name = (char *)name;
    hr_result_t res;
    assert_int_equal(s_call(t, "evidence.PutBegin", &b.base,
                            &hr__evidence__put_begin_reply__descriptor, NULL, &res),
                     want);
    return want ? NULL : ((Hr__Evidence__PutBeginReply *)res.reply)->upload_id;
}

static hr_rc_t s_chunk(t_env_t *t, const char *upload_id, uint64_t seq, const void *data,
                       size_t len, const char **message)
{
    Hr__Evidence__PutChunkRequest r = HR__EVIDENCE__PUT_CHUNK_REQUEST__INIT;
    r.upload_id = (char *)upload_id;
    r.seq = seq;
    zmsg_t *frames = zmsg_new();
    zmsg_addmem(frames, data, len);
    hr_result_t res;
    hr_rc_t rc = s_call(t, "evidence.PutChunk", &r.base, &hr__evidence__put_chunk_reply__descriptor,
                        frames, &res);
    zmsg_destroy(&frames);
    *message = res.message;
    return rc;
}

static hr_rc_t s_end(t_env_t *t, const char *upload_id, uint64_t chunks,
                     Hr__Evidence__PutEndReply **reply, const char **message)
{
    Hr__Evidence__PutEndRequest r = HR__EVIDENCE__PUT_END_REQUEST__INIT;
    r.upload_id = (char *)upload_id;
    r.chunks = chunks;
    hr_result_t res;
    hr_rc_t rc =
        s_call(t, "evidence.PutEnd", &r.base, &hr__evidence__put_end_reply__descriptor, NULL, &res);
    *reply = res.reply;
    *message = res.message;
    return rc;
}

static void s_wait_empty(t_env_t *t, const char *sub)
{
    char *dir = s_sub(t, sub);
    int64_t until = hr_clock_mono_ms(t->clock) + WAIT_MS;
    while (s_files(dir, NULL, 0) && hr_clock_mono_ms(t->clock) < until)
        usleep(50 * 1000);
    assert_int_equal(s_files(dir, NULL, 0), 0);
    hr_free(dir);
}

static void test_interrupted_uploads_leave_nothing_behind(void **state)
{
    HR_UNUSED(state);
    const char *extra[] = {"upload/idle_timeout_ms", "1500", NULL};
    t_env_t *t = s_start("ev-interrupt", extra);
    unsigned char *d = s_random(EV_BLOB_CHUNK);
    const char *msg = NULL;
    char *tmp_dir = s_sub(t, "tmp"), *blob_dir = s_sub(t, "blobs");

    // 1. The daemon dies mid-upload: the restart removes the temp file.
    char *up = s_begin(t, CASE_A, "a.bin", HR_OK);
    assert_int_equal(s_chunk(t, up, 0, d, EV_BLOB_CHUNK, &msg), HR_OK);
    assert_int_equal(s_chunk(t, up, 1, d, 1000, &msg), HR_OK);
    assert_int_equal(s_files(tmp_dir, NULL, 0), 1);
    hr_client_destroy(&t->client);
    e2e_kill(t->c, "evidence", SIGKILL);
    assert_int_equal(e2e_restart(t->c, "evidence"), 0);
    s_connect(t);
    assert_int_equal(s_files(tmp_dir, NULL, 0), 0);
    assert_int_equal(s_chunk(t, up, 2, d, 10, &msg), HR_ENOTFOUND);

    // 2. The client goes away: the idle upload expires and its temp file goes.
    up = s_begin(t, CASE_A, "b.bin", HR_OK);
    assert_int_equal(s_chunk(t, up, 0, d, 5000, &msg), HR_OK);
    assert_int_equal(s_files(tmp_dir, NULL, 0), 1);
    s_wait_empty(t, "tmp");

    // 3. The client aborts.
    up = s_begin(t, CASE_A, "c.bin", HR_OK);
    assert_int_equal(s_chunk(t, up, 0, d, 5000, &msg), HR_OK);
    Hr__Evidence__PutAbortRequest ab = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
    ab.upload_id = up;
    hr_result_t res;
    assert_int_equal(s_call(t, "evidence.PutAbort", &ab.base,
                            &hr__evidence__put_abort_reply__descriptor, NULL, &res),
                     HR_OK);
    assert_int_equal(s_files(tmp_dir, NULL, 0), 0);

    // Nothing was stored: no blob, no record, no audit entry.
    assert_int_equal(s_files(blob_dir, NULL, 0), 0);
    Hr__Evidence__ListRequest lr = HR__EVIDENCE__LIST_REQUEST__INIT;
    lr.case_id = CASE_A;
    assert_int_equal(
        s_call(t, "evidence.List", &lr.base, &hr__evidence__list_reply__descriptor, NULL, &res),
        HR_OK);
    assert_int_equal(((Hr__Evidence__ListReply *)res.reply)->n_evidence, 0);
    Hr__Evidence__VerifyRequest vr = HR__EVIDENCE__VERIFY_REQUEST__INIT;
    assert_int_equal(
        s_call(t, "evidence.Verify", &vr.base, &hr__evidence__verify_reply__descriptor, NULL, &res),
        HR_OK);
    assert_true(((Hr__Evidence__VerifyReply *)res.reply)->ok);
    assert_int_equal(((Hr__Evidence__VerifyReply *)res.reply)->entries, 0);
    hr_free(tmp_dir);
    hr_free(blob_dir);
    hr_free(d);
    s_stop(&t);
}

static void test_the_same_file_uploaded_twice_at_once_is_stored_once(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-twice", NULL);
    size_t len = EV_BLOB_CHUNK + 777;
    unsigned char *d = s_random(len);
    const char *msg = NULL;
    char *a = hr_strdup(s_begin(t, CASE_A, "first.pdf", HR_OK));
    char *b = hr_strdup(s_begin(t, CASE_A, "second.pdf", HR_OK));
    assert_int_equal(s_chunk(t, a, 0, d, EV_BLOB_CHUNK, &msg), HR_OK);
    assert_int_equal(s_chunk(t, b, 0, d, EV_BLOB_CHUNK, &msg), HR_OK);
    assert_int_equal(s_chunk(t, b, 1, d + EV_BLOB_CHUNK, 777, &msg), HR_OK);
    assert_int_equal(s_chunk(t, a, 1, d + EV_BLOB_CHUNK, 777, &msg), HR_OK);
    Hr__Evidence__PutEndReply *ra = NULL, *rb = NULL;
    assert_int_equal(s_end(t, b, 2, &rb, &msg), HR_OK);
    char *id_b = hr_strdup(rb->evidence->id);
    assert_int_equal(s_end(t, a, 2, &ra, &msg), HR_OK);
    assert_string_equal(ra->evidence->id, id_b);
    assert_false(ra->created);
    char sha[EV_ID_HEX + 1];
    ev_sha256_hex(d, len, sha);
    assert_string_equal(id_b, sha);
    char *blob_dir = s_sub(t, "blobs"), *tmp_dir = s_sub(t, "tmp");
    assert_int_equal(s_files(blob_dir, NULL, 0), 1);
    assert_int_equal(s_files(tmp_dir, NULL, 0), 0);
    // The one stored copy is the one served, whole.
    unsigned char *got = NULL;
    size_t glen = 0;
    assert_int_equal(
        ev_client_get(t->client, sha, &t->actor, UINT64_MAX, t->arena, &got, &glen, &msg), HR_OK);
    assert_int_equal(glen, len);
    assert_memory_equal(got, d, len);
    hr_free(got);
    // The same content for another case links the case to the one record.
    char id[EV_ID_HEX + 1];
    assert_int_equal(s_put(t, d, len, CASE_B, "again.pdf", id, &msg), HR_OK);
    hr_rc_t rc;
    Hr__Evidence__Evidence *e = s_stat(t, sha, &rc);
    assert_int_equal(e->n_case_ids, 2);
    assert_int_equal(s_files(blob_dir, NULL, 0), 1);
    hr_free(blob_dir);
    hr_free(tmp_dir);
    hr_free(a);
    hr_free(b);
    hr_free(id_b);
    hr_free(d);
    s_stop(&t);
}

static void test_hostile_file_names_are_stored_as_harmless_metadata(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-names", NULL);
    char long_name[301];
    memset(long_name, 'n', 300);
    long_name[300] = '\0';
    const char *names[] = {"../../../../tmp/hr-escape", "a\r\nContent-Disposition: x\x01\x1b[31m",
                           long_name,
                           "report\xE2\x80\xAE"
                           "fdp.exe"};
    for (size_t i = 0; i < HR_ARRAY_LEN(names); i++) {
        unsigned char data[64];
        randombytes_buf(data, sizeof data);
        char id[EV_ID_HEX + 1];
        const char *msg = NULL;
        assert_int_equal(s_put(t, data, sizeof data, CASE_A, names[i], id, &msg), HR_OK);
        hr_rc_t rc;
        Hr__Evidence__Evidence *e = s_stat(t, id, &rc);
        assert_non_null(e);
        assert_true(strlen(e->file_name) <= EV_NAME_MAX);
        assert_null(strchr(e->file_name, '/'));
        for (const char *p = e->file_name; *p; p++)
            assert_true((unsigned char)*p >= 0x20 && *p != 0x7F);
        assert_null(strstr(e->file_name, "\xE2\x80\xAE"));
    }
    assert_int_not_equal(access("/tmp/hr-escape", F_OK), 0);
    char *blob_dir = s_sub(t, "blobs");
    assert_int_equal(s_files(blob_dir, NULL, 0), 4);
    hr_free(blob_dir);
    s_stop(&t);
}

static void test_oversized_empty_and_out_of_order_uploads_get_clear_errors(void **state)
{
    HR_UNUSED(state);
    const char *extra[] = {"upload/max_bytes", "2000000", NULL};
    t_env_t *t = s_start("ev-bad", extra);
    unsigned char *d = s_random(EV_MAX_CHUNK_BYTES + 1);
    const char *msg = NULL;
    char id[EV_ID_HEX + 1];

    // Size at the limit is fine; one byte over is refused with the limit named. This one
    // announces its size, so the server finishes the file at its last chunk; it reads back.
    assert_int_equal(s_put_sized(t, d, 2000000, 2000000, CASE_A, "limit.bin", id, &msg), HR_OK);
    unsigned char *back = NULL;
    size_t blen = 0;
    assert_int_equal(
        ev_client_get(t->client, id, &t->actor, UINT64_MAX, t->arena, &back, &blen, &msg), HR_OK);
    assert_int_equal(blen, 2000000);
    assert_memory_equal(back, d, blen);
    hr_free(back);
    assert_int_equal(s_put(t, d + 1, 2000001, CASE_A, "over.bin", id, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "limit of 2000000 bytes"));
    // An announced size is held to: more bytes or fewer abort the upload with the figures; a
    // chunk after the last announced byte too (the file was finished with that byte).
    assert_int_equal(s_put_sized(t, d, 300000, 299999, CASE_A, "more.bin", id, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "more data than the 299999 bytes announced"));
    assert_int_equal(s_put_sized(t, d, 300000, 300001, CASE_A, "fewer.bin", id, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "300001 bytes announced, 300000 received"));
    Hr__Evidence__PutBeginRequest sized = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    sized.case_id = CASE_A;
    sized.kind = "other";
    sized.size = 100;
    hr_result_t sres;
    assert_int_equal(s_call(t, "evidence.PutBegin", &sized.base,
                            &hr__evidence__put_begin_reply__descriptor, NULL, &sres),
                     HR_OK);
    const char *sup = ((Hr__Evidence__PutBeginReply *)sres.reply)->upload_id;
    assert_int_equal(s_chunk(t, sup, 0, d, 100, &msg), HR_OK);
    assert_int_equal(s_chunk(t, sup, 1, d, 0, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "no chunk may follow"));
    assert_int_equal(s_chunk(t, sup, 0, d, 100, &msg), HR_ENOTFOUND); // aborted
    // A single frame over the chunk limit.
    char *up = s_begin(t, CASE_A, "big-frame.bin", HR_OK);
    assert_int_equal(s_chunk(t, up, 0, d, EV_MAX_CHUNK_BYTES + 1, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "chunk"));
    // Empty.
    assert_int_equal(s_put(t, d, 0, CASE_A, "empty.bin", id, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "empty"));
    // Out of order: seq 1 before seq 0, and a skipped chunk later.
    up = s_begin(t, CASE_A, "ooo.bin", HR_OK);
    assert_int_equal(s_chunk(t, up, 1, d, 100, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "in order"));
    assert_int_equal(s_chunk(t, up, 0, d, 100, &msg), HR_ENOTFOUND); // the upload was aborted
    up = s_begin(t, CASE_A, "skip.bin", HR_OK);
    assert_int_equal(s_chunk(t, up, 0, d, 100, &msg), HR_OK);
    assert_int_equal(s_chunk(t, up, 2, d, 100, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "expected chunk 1"));
    // Bad metadata.
    s_begin(t, "../x", "a", HR_EINVAL);
    Hr__Evidence__PutBeginRequest b = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    b.case_id = CASE_A;
    b.kind = "gossip";
    hr_result_t res;
    assert_int_equal(s_call(t, "evidence.PutBegin", &b.base,
                            &hr__evidence__put_begin_reply__descriptor, NULL, &res),
                     HR_EINVAL);
    assert_non_null(strstr(res.message, "kind"));
    // The client may name its upload (to send chunks without waiting), but with an id, and
    // never one in use.
    b.kind = "other";
    b.upload_id = "../../etc/passwd";
    assert_int_equal(s_call(t, "evidence.PutBegin", &b.base,
                            &hr__evidence__put_begin_reply__descriptor, NULL, &res),
                     HR_EINVAL);
    assert_non_null(strstr(res.message, "upload_id"));
    up = s_begin(t, CASE_A, "named.bin", HR_OK);
    b.upload_id = up;
    assert_int_equal(s_call(t, "evidence.PutBegin", &b.base,
                            &hr__evidence__put_begin_reply__descriptor, NULL, &res),
                     HR_ECONFLICT);
    assert_non_null(strstr(res.message, "in use"));
    Hr__Evidence__PutAbortRequest ab = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
    ab.upload_id = up;
    assert_int_equal(s_call(t, "evidence.PutAbort", &ab.base,
                            &hr__evidence__put_abort_reply__descriptor, NULL, &res),
                     HR_OK);
    b.upload_id = "";

    // Without an authenticated actor nothing is read or written.
    Hr__Evidence__ListRequest lr = HR__EVIDENCE__LIST_REQUEST__INIT;
    lr.case_id = CASE_A;
    hr_call_opts_t anon = {.timeout_ms = 5000, .retries = -1};
    assert_int_equal(hr_client_call(t->client, "evidence.List", &lr.base,
                                    &hr__evidence__list_reply__descriptor, t->arena, &anon, &res),
                     HR_EDENIED);
    b.kind = "other";
    assert_int_equal(hr_client_call(t->client, "evidence.PutBegin", &b.base,
                                    &hr__evidence__put_begin_reply__descriptor, t->arena, &anon,
                                    &res),
                     HR_EDENIED);

    char *tmp_dir = s_sub(t, "tmp"), *blob_dir = s_sub(t, "blobs");
    assert_int_equal(s_files(tmp_dir, NULL, 0), 0);
    assert_int_equal(s_files(blob_dir, NULL, 0), 1);
    hr_free(tmp_dir);
    hr_free(blob_dir);
    hr_free(d);
    s_stop(&t);
}

// The source of test_a_put_end_retried_after_a_stall: at its end it stops hr-evidence (SIGSTOP)
// and has a thread let it go on (SIGCONT) after cont_ms, so PutEnd's first attempt waits past
// its deadline in a stopped server.
typedef struct {
    t_src_t src;
    pid_t pid;
    int cont_ms;
    bool stopped;
    pthread_t thread;
} t_stall_t;

static void *s_cont_later(void *arg)
{
    t_stall_t *s = arg;
    zclock_sleep(s->cont_ms);
    kill(s->pid, SIGCONT);
    return NULL;
}

static ssize_t s_stall_src(void *arg, void *buf, size_t cap)
{
    t_stall_t *s = arg;
    ssize_t n = s_src(&s->src, buf, cap);
    if (n == 0 && !s->stopped) {
        zclock_sleep(300); // the chunks are answered
        assert_int_equal(kill(s->pid, SIGSTOP), 0);
        s->stopped = true;
        assert_int_equal(pthread_create(&s->thread, NULL, s_cont_later, s), 0);
    }
    return n;
}

// PutEnd outlives its deadline in a stalled server; the client sends it again with the same
// msg_id. The server, going on, refuses the first attempt (deadline passed) and does the
// second: the client reports the upload stored, with its id, not the refusal.
static void test_a_put_end_retried_after_a_stall_reports_the_upload(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-stall", NULL);
    const char *data = "the end of this upload waits in a stopped server";
    t_stall_t s = {.src = {(const unsigned char *)data, strlen(data), 0},
                   .pid = e2e_pid(t->c, "evidence"),
                   .cont_ms = 1500};
    ev_put_opts_t o = {.case_id = CASE_A,
                       .kind = "other",
                       .file_name = "stall.txt",
                       .actor = &t->actor,
                       .timeout_ms = 1000,
                       .size = strlen(data)};
    char id[EV_ID_HEX + 1], want[EV_ID_HEX + 1];
    const char *msg = NULL;
    hr_rc_t rc = ev_client_put(t->client, &o, s_stall_src, &s, t->arena, id, &msg);
    assert_true(s.stopped);
    pthread_join(s.thread, NULL);
    if (rc)
        fail_msg("put: %s: %s", hr_rc_name(rc), msg);
    ev_sha256_hex(data, strlen(data), want);
    assert_string_equal(id, want);
    unsigned char *back = NULL;
    size_t blen = 0;
    assert_int_equal(
        ev_client_get(t->client, id, &t->actor, UINT64_MAX, t->arena, &back, &blen, &msg), HR_OK);
    assert_memory_equal(back, data, blen);
    hr_free(back);
    s_stop(&t);
}

// A connection of its own for a thread of this test (hr_client is one thread's).
typedef struct {
    hr_clock_t *clock;   // owned
    hr_client_t *client; // owned; NULL when it could not be made
    hr_arena_t *arena;   // owned
} t_conn_t;

static t_conn_t s_conn_new(t_env_t *t)
{
    t_conn_t c = {.clock = hr_clock_system_new(), .arena = hr_arena_new(0)};
    char *err = NULL;
    c.client = hr_client_new(e2e_endpoint(t->c, "evidence"), c.clock, &err);
    hr_free(err);
    return c;
}

static void s_conn_destroy(t_conn_t *c)
{
    hr_arena_destroy(&c->arena);
    hr_client_destroy(&c->client);
    hr_clock_destroy(&c->clock);
}

// A verify of the whole store in a thread of this test, on a connection of its own.
typedef struct {
    t_env_t *t;                 // borrowed
    char msg_id[HR_ID_LEN + 1]; // the request's
    pthread_t thread;           // runs s_verify_thread
    hr_rc_t rc;                 // the call's result
    bool ok;                    // the reply's verdict
    uint64_t blobs;             // blobs it checked
    atomic_bool done;           // the reply is in
} t_verify_t;

static void *s_verify_thread(void *arg)
{
    t_verify_t *v = arg;
    t_conn_t c = s_conn_new(v->t);
    Hr__Evidence__VerifyRequest req = HR__EVIDENCE__VERIFY_REQUEST__INIT;
    hr_call_opts_t opts = {
        .timeout_ms = 2000, .retries = 10, .actor = &v->t->actor, .msg_id = v->msg_id};
    hr_result_t res;
    v->rc = c.client ? hr_client_call(c.client, "evidence.Verify", &req.base,
                                      &hr__evidence__verify_reply__descriptor, c.arena, &opts, &res)
                     : HR_EUNAVAIL;
    if (!v->rc) {
        v->ok = ((Hr__Evidence__VerifyReply *)res.reply)->ok;
        v->blobs = ((Hr__Evidence__VerifyReply *)res.reply)->blobs;
    }
    atomic_store(&v->done, true);
    s_conn_destroy(&c);
    return NULL;
}

// A download in a thread of this test, on a connection of its own.
typedef struct {
    t_env_t *t;          // borrowed
    const char *id;      // borrowed: what to get
    pthread_t thread;    // runs s_get_thread
    hr_rc_t rc;          // the download's result
    unsigned char *data; // owned: what came
    size_t len;          // bytes
    char message[256];   // the error, if any
    atomic_bool done;    // the download ended
} t_get_t;

static void *s_get_thread(void *arg)
{
    t_get_t *g = arg;
    t_conn_t c = s_conn_new(g->t);
    const char *msg = "";
    g->rc = c.client ? ev_client_get(c.client, g->id, &g->t->actor, UINT64_MAX, c.arena, &g->data,
                                     &g->len, &msg)
                     : HR_EUNAVAIL;
    snprintf(g->message, sizeof g->message, "%s", msg ? msg : "");
    atomic_store(&g->done, true);
    s_conn_destroy(&c);
    return NULL;
}

// True when a sys.Status extra line starts with prefix.
static bool s_status_line(t_env_t *t, const char *prefix)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(
        s_call(t, "sys.Status", &req.base, &hr__sys__status_reply__descriptor, NULL, &res), HR_OK);
    const Hr__Sys__StatusReply *st = res.reply;
    for (size_t i = 0; i < st->n_extra; i++)
        if (!strncmp(st->extra[i], prefix, strlen(prefix)))
            return true;
    return false;
}

static uint64_t s_waiting(t_env_t *t)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(
        s_call(t, "sys.Status", &req.base, &hr__sys__status_reply__descriptor, NULL, &res), HR_OK);
    return ((Hr__Sys__StatusReply *)res.reply)->waiting;
}

// Verifying every blob reads the whole store, and a large download is decrypted and hashed
// whole before anything is served: both run in the background, and uploads, downloads and
// reads are answered meanwhile. The test holds the work back (a test hook: it waits while a
// file exists) so the order is certain, not a matter of timing. A client's retry during long
// work waits for the same work; a large blob altered on disk is still never served.
static void test_the_service_answers_while_background_work_runs(void **state)
{
    HR_UNUSED(state);
    char *gate_dir = hr_test_tmpdir("ev-gate");
    char *gate = hr_strfmt("%s/work.gate", gate_dir);
    assert_int_equal(hr_test_write_file(gate, "wait", 4), 0);
    const char *extra[] = {"test/work_gate", gate, NULL};
    t_env_t *t = s_start("ev-background", extra);
    char ids[2][EV_ID_HEX + 1];
    s_put_many(t, ids, 2);
    size_t big_len = EV_GET_APART + 123457;
    unsigned char *big = s_random(big_len);
    char big_id[EV_ID_HEX + 1];
    const char *msg = NULL;
    assert_int_equal(s_put(t, big, big_len, CASE_A, "recording.mp4", big_id, &msg), HR_OK);

    t_verify_t v = {.t = t};
    hr_id_make((int64_t)zclock_time(), v.msg_id);
    assert_int_equal(pthread_create(&v.thread, NULL, s_verify_thread, &v), 0);
    t_get_t g = {.t = t, .id = big_id};
    assert_int_equal(pthread_create(&g.thread, NULL, s_get_thread, &g), 0);
    for (int i = 0; i < 500 && s_waiting(t) < 2; i++)
        zclock_sleep(10);
    assert_int_equal(s_waiting(t), 2);
    char *line = hr_strfmt("verify_running=%s checked=0 of=0", v.msg_id); // held before its walk
    assert_true(s_status_line(t, line));
    int code = 0;
    char *health = s_hrctl(t, &code, "health", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_non_null(strstr(health, "evidence: 2 requests waiting for work in the background"));
    assert_non_null(strstr(health, line));
    hr_free(health);
    hr_free(line);

    hr_rc_t rc;
    assert_non_null(s_stat(t, ids[0], &rc));
    const char *text = "uploaded while the store is verified";
    char id[EV_ID_HEX + 1];
    assert_int_equal(s_put(t, text, strlen(text), CASE_A, "during.txt", id, &msg), HR_OK);
    unsigned char *back = NULL;
    size_t blen = 0;
    assert_int_equal(
        ev_client_get(t->client, ids[1], &t->actor, UINT64_MAX, t->arena, &back, &blen, &msg),
        HR_OK);
    hr_free(back);
    // Its msg_id waits for the verify: another request under it is refused, not answered
    // from the verify nor put in its place (a backup; the same verify by someone else).
    Hr__Sys__BackupRequest breq = HR__SYS__BACKUP_REQUEST__INIT;
    breq.dir = (char *)e2e_dir(t->c);
    hr_call_opts_t bo = {.timeout_ms = 5000, .retries = 1, .actor = &t->actor, .msg_id = v.msg_id};
    hr_result_t bres;
    assert_int_equal(hr_client_call(t->client, "sys.Backup", &breq.base,
                                    &hr__sys__backup_reply__descriptor, t->arena, &bo, &bres),
                     HR_ECONFLICT);
    Hr__Actor legal = HR__ACTOR__INIT;
    char *legal_roles[] = {"legal"};
    legal.user_id = "legal-1";
    legal.roles = legal_roles;
    legal.n_roles = 1;
    Hr__Evidence__VerifyRequest vreq = HR__EVIDENCE__VERIFY_REQUEST__INIT;
    bo.actor = &legal;
    assert_int_equal(hr_client_call(t->client, "evidence.Verify", &vreq.base,
                                    &hr__evidence__verify_reply__descriptor, t->arena, &bo, &bres),
                     HR_ECONFLICT);
    zclock_sleep(2500); // the verify's client times out and retries meanwhile
    assert_false(atomic_load(&v.done));
    assert_false(atomic_load(&g.done));
    assert_int_equal(s_waiting(t), 2); // the retry took the first attempt's place

    unlink(gate);
    pthread_join(v.thread, NULL);
    pthread_join(g.thread, NULL);
    assert_int_equal(v.rc, HR_OK);
    assert_true(v.ok);
    assert_int_equal(v.blobs, 4);
    assert_false(s_status_line(t, "verify_running="));
    if (g.rc)
        fail_msg("get: %s: %s", hr_rc_name(g.rc), g.message);
    assert_int_equal(g.len, big_len);
    assert_memory_equal(g.data, big, big_len);
    hr_free(g.data);
    assert_int_equal(s_waiting(t), 0);

    // One flipped byte in the large blob: checked in the background, refused, nothing served.
    s_flip_middle_byte(t, big_id);
    back = NULL;
    blen = 0;
    rc = ev_client_get(t->client, big_id, &t->actor, UINT64_MAX, t->arena, &back, &blen, &msg);
    assert_int_equal(rc, HR_EIO);
    assert_non_null(strstr(msg, "corrupt"));
    assert_null(back);

    hr_free(big);
    hr_test_rmdir(gate_dir);
    hr_free(gate_dir);
    hr_free(gate);
    s_stop(&t);
}

// A large blob found corrupt is repaired (the same bytes uploaded again: a new file under a new
// key) while a download's background check of the old file runs. The download is checked again
// against the blob that is there now and served; the repaired record is not marked corrupt.
static void test_a_blob_repaired_while_its_download_is_checked_is_served(void **state)
{
    HR_UNUSED(state);
    char *gate_dir = hr_test_tmpdir("ev-gate2");
    char *gate = hr_strfmt("%s/work.gate", gate_dir);
    const char *extra[] = {"test/work_gate", gate, NULL};
    t_env_t *t = s_start("ev-repair-bg", extra);
    size_t big_len = EV_GET_APART + 4242;
    unsigned char *big = s_random(big_len);
    char big_id[EV_ID_HEX + 1];
    const char *msg = NULL;
    assert_int_equal(s_put(t, big, big_len, CASE_A, "rec.mp4", big_id, &msg), HR_OK);
    s_flip_middle_byte(t, big_id);
    unsigned char *back = NULL;
    size_t blen = 0;
    assert_int_equal(
        ev_client_get(t->client, big_id, &t->actor, UINT64_MAX, t->arena, &back, &blen, &msg),
        HR_EIO);
    hr_rc_t rc = HR_OK;
    Hr__Evidence__Evidence *e = NULL;
    for (int i = 0; i < 100; i++) { // marked on the next tick
        e = s_stat(t, big_id, &rc);
        if (e && e->state == HR__EVIDENCE__STATE__STATE_CORRUPT)
            break;
        zclock_sleep(50);
    }
    assert_int_equal(e->state, HR__EVIDENCE__STATE__STATE_CORRUPT);

    assert_int_equal(hr_test_write_file(gate, "wait", 4), 0);
    t_get_t g = {.t = t, .id = big_id};
    assert_int_equal(pthread_create(&g.thread, NULL, s_get_thread, &g), 0);
    for (int i = 0; i < 500 && s_waiting(t) < 1; i++)
        zclock_sleep(10);
    assert_int_equal(s_waiting(t), 1);
    char id2[EV_ID_HEX + 1];
    assert_int_equal(s_put(t, big, big_len, CASE_A, "rec.mp4", id2, &msg), HR_OK); // the repair
    assert_string_equal(id2, big_id);
    e = s_stat(t, big_id, &rc);
    assert_int_equal(e->state, HR__EVIDENCE__STATE__STATE_ACTIVE);
    unlink(gate);
    pthread_join(g.thread, NULL);
    if (g.rc)
        fail_msg("get: %s: %s", hr_rc_name(g.rc), g.message);
    assert_int_equal(g.len, big_len);
    assert_memory_equal(g.data, big, big_len);
    hr_free(g.data);
    zclock_sleep(1500); // a tick: nothing was queued to mark it corrupt again
    e = s_stat(t, big_id, &rc);
    assert_int_equal(e->state, HR__EVIDENCE__STATE__STATE_ACTIVE);
    hr_free(big);
    hr_test_rmdir(gate_dir);
    hr_free(gate_dir);
    hr_free(gate);
    s_stop(&t);
}

// Reads (stat, list, get) are for HR, legal and operators, and otherwise for whoever uploaded
// the record (first or again): another manager learns nothing, not even that the record exists
// (their list of the case counts nothing withheld).
static void test_a_record_is_read_by_hr_and_its_uploaders_only(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-read", NULL);
    char *file = hr_strfmt("%s/talk.txt", e2e_dir(t->c));
    assert_int_equal(hr_test_write_file(file, "feedback talk 3 of 3", 20), 0);
    int code = 0;
    char *out = s_hrctl_as(t, &code, "E0101", "manager",
                           (const char *[]){"evidence", "put", file, "--case", CASE_A, "--kind",
                                            "feedback_talk_record", NULL});
    assert_int_equal(code, 0);
    char id[EV_ID_HEX + 1];
    snprintf(id, sizeof id, "%.64s", out);
    hr_free(out);

    out = s_hrctl_as(t, &code, "E0101", "manager", (const char *[]){"evidence", "get", id, NULL});
    assert_int_equal(code, 0);
    assert_string_equal(out, "feedback talk 3 of 3");
    hr_free(out);
    const char *const get[] = {"evidence", "get", id, NULL};
    const char *const stat[] = {"evidence", "stat", id, NULL};
    const char *const list[] = {"evidence", "list", "--case", CASE_A, NULL};
    out = s_hrctl_as(t, &code, "E0102", "manager", get);
    assert_int_equal(code, 1);
    assert_int_equal(strlen(out), 0); // nothing served
    hr_free(out);
    out = s_hrctl_as(t, &code, "E0102", "manager", stat);
    assert_int_equal(code, 1);
    hr_free(out);
    out = s_hrctl_as(t, &code, "E0102", "manager", list);
    assert_int_equal(code, 0);
    assert_null(strstr(out, id));
    assert_non_null(strstr(out, "0 record(s)\n"));
    assert_null(strstr(out, "withheld"));
    hr_free(out);
    out = s_hrctl_as(t, &code, "E0002", "hr", stat);
    assert_int_equal(code, 0);
    hr_free(out);
    out = s_hrctl_as(t, &code, "L0001", "legal", list);
    assert_int_equal(code, 0);
    assert_non_null(strstr(out, id));
    hr_free(out);

    // Signing needs reading: E0117, whom this service knows nothing of here (no workflow told
    // it who works on CASE_A; e2e.evidence_access has that), hears "no such evidence" and
    // signs nothing, or anyone holding an id could sign their way in.
    out = s_hrctl_as(
        t, &code, "E0117", "employee",
        (const char *[]){"evidence", "sign", id, "--statement", "I received this record", NULL});
    assert_int_equal(code, 1);
    assert_int_equal(strlen(out), 0);
    hr_free(out);
    out = s_hrctl_as(t, &code, "E0002", "hr", stat); // and the record carries no signature
    assert_int_equal(code, 0);
    assert_null(strstr(out, "E0117"));
    hr_free(out);

    // A transfer belongs to whoever opened it: HR's download id is no download for E0102.
    Hr__Evidence__GetBeginRequest gb = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
    gb.id = id;
    hr_result_t res;
    assert_int_equal(s_call(t, "evidence.GetBegin", &gb.base,
                            &hr__evidence__get_begin_reply__descriptor, NULL, &res),
                     HR_OK);
    Hr__Evidence__GetChunkRequest gc = HR__EVIDENCE__GET_CHUNK_REQUEST__INIT;
    gc.download_id = ((Hr__Evidence__GetBeginReply *)res.reply)->download_id;
    Hr__Actor other = HR__ACTOR__INIT;
    char *other_roles[] = {"manager"};
    other.user_id = "E0102";
    other.roles = other_roles;
    other.n_roles = 1;
    hr_call_opts_t as_other = {.timeout_ms = 10000, .retries = -1, .actor = &other};
    assert_int_equal(hr_client_call(t->client, "evidence.GetChunk", &gc.base,
                                    &hr__evidence__get_chunk_reply__descriptor, t->arena, &as_other,
                                    &res),
                     HR_ENOTFOUND);
    assert_int_equal(s_call(t, "evidence.GetChunk", &gc.base,
                            &hr__evidence__get_chunk_reply__descriptor, NULL, &res),
                     HR_OK);
    zmsg_destroy(&res.frames);

    // The other manager uploads the same bytes: same record, and now theirs to read too.
    out = s_hrctl_as(t, &code, "E0102", "manager",
                     (const char *[]){"evidence", "put", file, "--case", CASE_A, "--kind",
                                      "feedback_talk_record", NULL});
    assert_int_equal(code, 0);
    assert_non_null(strstr(out, id));
    hr_free(out);
    out = s_hrctl_as(t, &code, "E0102", "manager", stat);
    assert_int_equal(code, 0);
    hr_free(out);
    hr_free(file);
    s_stop(&t);
}

static void test_signatures_hold_retention_and_facts_snapshots(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-retain", NULL);
    unsigned char *d = s_random(4096);
    const char *msg = NULL;
    char id[EV_ID_HEX + 1];
    assert_int_equal(s_put(t, d, 4096, CASE_A, "talk.pdf", id, &msg), HR_OK);

    // HR signs (a case's employee signs too: e2e.evidence_access); the signature verifies
    // with the record; a signed record stays.
    int code = 0;
    // A statement is text: bytes that are not UTF-8 would be signed and then shown as nothing.
    char *out =
        s_hrctl_as(t, &code, "emp-42", "hr",
                   (const char *[]){"evidence", "sign", id, "--statement", "\x01\xff", NULL});
    assert_int_equal(code, 2);
    hr_free(out);
    out = s_hrctl_as(t, &code, "emp-42", "hr",
                     (const char *[]){"evidence", "sign", id, "--statement",
                                      "HR confirms this feedback talk took place", NULL});
    assert_int_equal(code, 0);
    hr_free(out);
    hr_rc_t rc;
    Hr__Evidence__Evidence *e = s_stat(t, id, &rc);
    assert_int_equal(e->n_signatures, 1);
    assert_string_equal(e->signatures[0]->signer, "emp-42");
    assert_true(e->signatures[0]->valid);
    t_src_t src = {d, 100, 0};
    ev_put_opts_t o = {
        .case_id = CASE_A, .kind = "feedback_talk_record", .supersedes = id, .actor = &t->actor};
    char id2[EV_ID_HEX + 1];
    assert_int_equal(ev_client_put(t->client, &o, s_src, &src, t->arena, id2, &msg), HR_ECONFLICT);
    assert_non_null(strstr(msg, "signed"));

    // Nobody uploads a file as a facts snapshot, the operator included: it would pass at HR
    // review for the company's own data. The refusal names the command that makes one.
    ev_put_opts_t fo = {.case_id = CASE_A, .kind = "facts_snapshot", .actor = &t->actor};
    t_src_t fsrc = {(const unsigned char *)"roster 40\n", 10, 0};
    assert_int_equal(ev_client_put(t->client, &fo, s_src, &fsrc, t->arena, id2, &msg), HR_EINVAL);
    assert_non_null(strstr(msg, "hrctl case facts"));
    char *roster = hr_strfmt("%s/roster.txt", e2e_dir(t->c));
    assert_int_equal(hr_test_write_file(roster, "roster 40\n", 10), 0);
    out = s_hrctl_as(t, &code, "E0102", "manager",
                     (const char *[]){"evidence", "put", roster, "--case", CASE_A, "--kind",
                                      "facts_snapshot", NULL});
    assert_int_not_equal(code, 0);
    hr_free(out);
    hr_free(roster);
    char roster_id[EV_ID_HEX + 1];
    ev_sha256_hex("roster 40\n", 10, roster_id);
    (void)s_stat(t, roster_id, &rc);
    assert_int_equal(rc, HR_ENOTFOUND); // nothing stored

    // A facts snapshot is hr-analytics' JSON (its "kind" says so), stored as evidence of kind
    // facts_snapshot, addressed by its hash; other JSON is not one.
    Hr__Evidence__PutFactsRequest pf = HR__EVIDENCE__PUT_FACTS_REQUEST__INIT;
    pf.case_id = CASE_A;
    pf.json = "{\"roster\":40}";
    hr_result_t res;
    assert_int_equal(s_call(t, "evidence.PutFacts", &pf.base,
                            &hr__evidence__put_facts_reply__descriptor, NULL, &res),
                     HR_EINVAL);
    const char *json =
        "{\"employee_no\":\"E1\",\"kind\":\"hr.analytics.facts_snapshot\",\"late_days\":3}";
    pf.json = (char *)json;
    assert_int_equal(s_call(t, "evidence.PutFacts", &pf.base,
                            &hr__evidence__put_facts_reply__descriptor, NULL, &res),
                     HR_OK);
    Hr__Evidence__Evidence *facts = ((Hr__Evidence__PutFactsReply *)res.reply)->evidence;
    char sha[EV_ID_HEX + 1];
    ev_sha256_hex(json, strlen(json), sha);
    assert_string_equal(facts->id, sha);
    assert_string_equal(facts->kind, "facts_snapshot");
    assert_string_equal(facts->media_type, "application/json");
    pf.json = "{not json";
    assert_int_equal(s_call(t, "evidence.PutFacts", &pf.base,
                            &hr__evidence__put_facts_reply__descriptor, NULL, &res),
                     HR_EINVAL);

    // The case closes and goes on legal hold; two years and a day later nothing is deleted.
    out = s_hrctl(t, &code, "evidence", "close-case", "--case", CASE_A, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    hr_free(out);
    out = s_hrctl(t, &code, "evidence", "hold", "--case", CASE_A, "--reason", "arbitration filed",
                  NULL);
    assert_int_equal(code, 0);
    hr_free(out);
    // Case B closes too, without a hold: its record going is the proof that a sweep ran.
    char idb[EV_ID_HEX + 1];
    assert_int_equal(s_put(t, d + 1, 4000, CASE_B, "other.pdf", idb, &msg), HR_OK);
    out = s_hrctl(t, &code, "evidence", "close-case", "--case", CASE_B, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    hr_free(out);
    assert_int_equal(e2e_clock_advance(t->c, 731 * HR_DAY_MS), 0);
    int64_t until = hr_clock_mono_ms(t->clock) + WAIT_MS;
    while (s_stat(t, idb, &rc) && hr_clock_mono_ms(t->clock) < until)
        usleep(100 * 1000);
    assert_int_equal(rc, HR_ENOTFOUND);
    assert_non_null(s_stat(t, id, &rc));
    assert_non_null(s_stat(t, sha, &rc));

    // A hold on the record itself comes and goes; its release says the case's hold still
    // keeps it.
    out = s_hrctl(t, &code, "evidence", "hold", "--id", id, "--reason", "exhibit 3", NULL);
    assert_int_equal(code, 0);
    hr_free(out);
    out = s_hrctl(t, &code, "evidence", "release", "--id", id, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    assert_non_null(strstr(out, "stays on hold (a hold on its case)"));
    hr_free(out);

    // Released: the next sweep shreds both and audits each deletion. A hard link to the blob
    // stands in for its blocks read off the disk afterwards: its pad is overwritten in place,
    // so the wrapped key a freed LMDB page may keep opens nothing.
    char *path = s_blob_path(t, id), *kept = s_sub(t, "kept-blob");
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(link(path, kept), 0);
    out = s_hrctl(t, &code, "evidence", "release", "--case", CASE_A, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    hr_free(out);
    until = hr_clock_mono_ms(t->clock) + WAIT_MS;
    while ((s_stat(t, id, &rc) || s_stat(t, sha, &rc)) && hr_clock_mono_ms(t->clock) < until)
        usleep(100 * 1000);
    assert_null(s_stat(t, id, &rc));
    assert_int_equal(rc, HR_ENOTFOUND);
    assert_null(s_stat(t, sha, &rc));
    assert_int_not_equal(access(path, F_OK), 0);
    size_t klen = 0;
    char *left = hr_test_read_file(kept, &klen);
    assert_true(klen > EV_BLOB_HEADER_LEN);
    assert_memory_equal(left, EV_BLOB_MAGIC, EV_BLOB_MAGIC_LEN);
    unsigned char zero[EV_BLOB_PAD_BYTES] = {0};
    assert_memory_equal(left + EV_BLOB_PAD_AT, zero, sizeof zero);
    assert_int_equal(unlink(kept), 0);
    hr_free(left);
    hr_free(kept);
    hr_free(path);
    Hr__Evidence__GetBeginRequest g = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
    g.id = id;
    assert_int_equal(s_call(t, "evidence.GetBegin", &g.base,
                            &hr__evidence__get_begin_reply__descriptor, NULL, &res),
                     HR_ENOTFOUND);
    // The chain holds every step: put, the signer's key, sign, put facts, close A, hold, put B,
    // close B, delete B, the record's hold and release, the case's release, two deletions.
    Hr__Evidence__VerifyRequest vr = HR__EVIDENCE__VERIFY_REQUEST__INIT;
    assert_int_equal(
        s_call(t, "evidence.Verify", &vr.base, &hr__evidence__verify_reply__descriptor, NULL, &res),
        HR_OK);
    Hr__Evidence__VerifyReply *v = res.reply;
    assert_true(v->ok);
    assert_int_equal(v->entries, 14);
    char *blob_dir = s_sub(t, "blobs");
    assert_int_equal(s_files(blob_dir, NULL, 0), 0);
    hr_free(blob_dir);
    hr_free(d);
    s_stop(&t);
}

// Runs hr-evidence on the test's config while the harness's instance is down; it must refuse
// to start. Returns its stderr (owned).
static char *s_refused_start(t_env_t *t)
{
    char *bin = hr_test_bin_path("hr-evidence");
    char *cfg = hr_strfmt("%s/evidence.cfg", e2e_config_dir(t->c));
    char *argv[] = {bin, "--config", cfg, NULL};
    char *err = NULL;
    assert_int_equal(e2e_run(argv, NULL, &err), 1);
    hr_free(bin);
    hr_free(cfg);
    return err;
}

static void test_start_up_cleans_up_and_refuses_a_wrong_or_exposed_key(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-start", NULL);
    char id[EV_ID_HEX + 1];
    const char *msg = NULL;
    assert_int_equal(s_put(t, "evidence", 8, CASE_A, "e.txt", id, &msg), HR_OK);
    hr_client_destroy(&t->client);
    e2e_kill(t->c, "evidence", SIGKILL);

    // A crash left a temp file and a blob the commit never referenced: both go at start-up.
    char *orphan_dir = s_sub(t, "blobs/ab"), *tmp = s_sub(t, "tmp/01JN0000000000000000000000.part");
    char *orphan = hr_strfmt("%s/ab%062d", orphan_dir, 0);
    mkdir(orphan_dir, 0700);
    assert_int_equal(hr_test_write_file(orphan, "x", 1), 0);
    assert_int_equal(hr_test_write_file(tmp, "y", 1), 0);
    assert_int_equal(e2e_restart(t->c, "evidence"), 0);
    assert_int_not_equal(access(orphan, F_OK), 0);
    assert_int_not_equal(access(tmp, F_OK), 0);
    char *blob = s_blob_path(t, id);
    assert_int_equal(access(blob, F_OK), 0); // the referenced blob stays
    e2e_kill(t->c, "evidence", SIGKILL);

    // A key others can read, another key, no key: the daemon refuses, naming why.
    assert_int_equal(chmod(t->key_path, 0644), 0);
    char *err = s_refused_start(t);
    assert_non_null(strstr(err, "key.exposed"));
    hr_free(err);
    assert_int_equal(chmod(t->key_path, 0600), 0);
    char *saved = hr_strfmt("%s.saved", t->key_path);
    assert_int_equal(rename(t->key_path, saved), 0);
    err = s_refused_start(t);
    assert_non_null(strstr(err, "key.missing"));
    hr_free(err);
    assert_int_not_equal(access(t->key_path, F_OK), 0); // and does not make a new one
    const char *other = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";
    assert_int_equal(hr_test_write_file(t->key_path, other, strlen(other)), 0);
    assert_int_equal(chmod(t->key_path, 0600), 0);
    err = s_refused_start(t);
    assert_non_null(strstr(err, "key.mismatch"));
    hr_free(err);

    assert_int_equal(rename(saved, t->key_path), 0);

    // A workflow peer that is configured but cannot be followed stops the start: taking the
    // roles callers claim would give anyone who claims hr what the directory was meant to check.
    char *cfg = hr_strfmt("%s/evidence.cfg", e2e_config_dir(t->c));
    size_t cfg_len = 0;
    char *cfg_text = hr_test_read_file(cfg, &cfg_len);
    assert_non_null(cfg_text);
    assert_null(strstr(cfg_text, "\npeers\n"));
    char *bad = hr_strfmt("%speers\n    workflow = \"tcp://workflow-without-a-port\"\n", cfg_text);
    assert_int_equal(hr_test_write_file(cfg, bad, strlen(bad)), 0);
    err = s_refused_start(t);
    assert_non_null(strstr(err, "evidence.workflow_peer"));
    hr_free(err);
    assert_int_equal(hr_test_write_file(cfg, cfg_text, cfg_len), 0);
    hr_free(bad);
    hr_free(cfg_text);
    hr_free(cfg);

    // With its own key back, everything is as it was.
    assert_int_equal(e2e_restart(t->c, "evidence"), 0);
    s_connect(t);
    int code = 0;
    char *out = s_hrctl(t, &code, "verify", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    hr_free(out);
    hr_free(saved);
    hr_free(blob);
    hr_free(orphan);
    hr_free(orphan_dir);
    hr_free(tmp);
    s_stop(&t);
}

static Hr__Actor s_actor(const char *user, char **role)
{
    Hr__Actor a = HR__ACTOR__INIT;
    a.user_id = (char *)user;
    a.roles = role;
    a.n_roles = 1;
    return a;
}

// Uploads data as actor under case_id (kind "other"), replacing supersedes (NULL: nothing).
static hr_rc_t s_put_as(t_env_t *t, const Hr__Actor *actor, const void *data, size_t len,
                        const char *case_id, const char *supersedes, char id[EV_ID_HEX + 1],
                        const char **msg)
{
    t_src_t src = {data, len, 0};
    ev_put_opts_t o = {.case_id = case_id,
                       .kind = "other",
                       .file_name = "f.txt",
                       .supersedes = supersedes,
                       .actor = actor};
    return ev_client_put(t->client, &o, s_src, &src, t->arena, id, msg);
}

// PutBegin as actor; *upload_id (may be NULL) gets the upload's id (arena) when it opened.
static hr_rc_t s_begin_as(t_env_t *t, const Hr__Actor *actor, const char *case_id,
                          const char *supersedes, const char **msg, char **upload_id)
{
    Hr__Evidence__PutBeginRequest b = HR__EVIDENCE__PUT_BEGIN_REQUEST__INIT;
    b.case_id = (char *)case_id;
    b.kind = "other";
    b.file_name = "x";
    b.supersedes = (char *)(supersedes ? supersedes : "");
    hr_result_t res;
    hr_call_opts_t opts = {.timeout_ms = 10000, .retries = -1, .actor = actor};
    hr_rc_t rc = hr_client_call(t->client, "evidence.PutBegin", &b.base,
                                &hr__evidence__put_begin_reply__descriptor, t->arena, &opts, &res);
    *msg = res.message;
    if (upload_id)
        *upload_id = rc ? NULL : ((Hr__Evidence__PutBeginReply *)res.reply)->upload_id;
    return rc;
}

static hr_rc_t s_close_case(t_env_t *t, const char *case_id, int64_t closed_ms)
{
    Hr__Evidence__CloseCaseRequest req = HR__EVIDENCE__CLOSE_CASE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.closed_ms = closed_ms;
    hr_result_t res;
    return s_call(t, "evidence.CloseCase", &req.base, &hr__evidence__close_case_reply__descriptor,
                  NULL, &res);
}

// hrctl evidence close-case --case case_id [flag value] (flag NULL: now): its exit status,
// stdout and stderr (owned).
static int s_hrctl_close(t_env_t *t, const char *case_id, const char *flag, const char *value,
                         char **out, char **err)
{
    char *hrctl = hr_test_bin_path("hrctl");
    char *dir = hr_strdup(e2e_config_dir(t->c));
    char *argv[] = {hrctl,          "evidence", "close-case", "--case",      (char *)case_id,
                    "--config-dir", dir,        (char *)flag, (char *)value, NULL};
    int code = e2e_run(argv, out, err);
    hr_free(hrctl);
    hr_free(dir);
    return code;
}

// A close time far in the future is refused: due = close + days would wrap round to a time in
// the past and the record would be shredded at the next sweep. So is one that cannot be a close
// (review: `--at-ms 1764288000`, the contract's end in seconds, set the due date to 1972 and the
// next sweep shredded the case): seconds for milliseconds, before 2000, before the case's first
// record - each refused naming the value and what was expected, the records kept. A close in
// the past (--at-ms, --at DATE in the company's zone) is taken; a later one stands after it.
static void test_a_close_in_the_future_is_refused_and_shreds_nothing(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-close-future", NULL);
    const char *msg = NULL;
    char id[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "keep me", 7, CASE_A, NULL, id, &msg), HR_OK);
    int code = 0;
    char *out = s_hrctl(t, &code, "evidence", "close-case", "--case", CASE_A, "--at-ms",
                        "9223372036854775000", NULL);
    assert_int_not_equal(code, 0);
    hr_free(out);
    assert_int_equal(s_close_case(t, CASE_A, INT64_MAX), HR_EINVAL);
    assert_int_equal(s_close_case(t, CASE_A, hr_clock_now_ms(t->clock) + 400 * 365 * HR_DAY_MS),
                     HR_EINVAL);
    char *err = NULL;
    assert_int_equal(s_hrctl_close(t, CASE_A, "--at-ms", "1764288000", &out, &err), 2);
    if (!strstr(err, "closed_ms (--at-ms 1764288000): 1764288000 is 1970-01-21T10:04:48.000Z in "
                     "milliseconds - seconds, it seems (2025-11-28 as seconds); a close time is "
                     "in milliseconds since 1970 (UTC): 1764288000000 (einval)"))
        fail_msg("hrctl evidence close-case --at-ms 1764288000: %s", err);
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_close_case(t, CASE_A, 1000), HR_EINVAL);
    assert_int_equal(s_close_case(t, CASE_A, 1), HR_EINVAL);
    // The day before the record was stored (in the company's zone, as --at takes a date).
    int64_t now = hr_clock_now_ms(t->clock);
    int32_t today = hr_day_of_ms(now, HR_TZ_SHANGHAI_MIN);
    char day[HR_DATE_LEN];
    hr_date_format(today - 1, day);
    assert_int_equal(s_hrctl_close(t, CASE_A, "--at", day, &out, &err), 2);
    if (!strstr(err, "is before the case had its first record stored"))
        fail_msg("hrctl evidence close-case --at %s: %s", day, err);
    hr_free(out);
    hr_free(err);
    sleep(2); // two ticks: nothing was scheduled, nothing goes
    hr_rc_t rc;
    Hr__Evidence__Evidence *e = s_stat(t, id, &rc);
    assert_non_null(e);
    assert_int_equal(e->due_ms, 0);
    // A close in the past, since the record was stored, is taken.
    assert_int_equal(s_close_case(t, CASE_A, e->uploaded_ms), HR_OK);
    int64_t keep = EV_DEFAULT_RETENTION_DAYS * HR_DAY_MS;
    assert_int_equal(s_stat(t, id, &rc)->due_ms, e->uploaded_ms + keep);
    // --at today: the end of today in the company's zone, later: it moves retention on.
    hr_date_format(today, day);
    assert_int_equal(s_hrctl_close(t, CASE_A, "--at", day, &out, &err), 0);
    char *said = hr_strfmt("case %s closed %s 24:00 UTC+08:00: retention counts from it; 1 "
                           "record(s) scheduled\n",
                           CASE_A, day);
    assert_string_equal(out, said);
    hr_free(said);
    hr_free(out);
    hr_free(err);
    int64_t end = hr_ms_of_day(today + 1, HR_TZ_SHANGHAI_MIN);
    assert_int_equal(s_stat(t, id, &rc)->due_ms, end + keep);
    // A close now, or at the time the record was stored, is earlier: the end of today stands.
    char ms[24];
    snprintf(ms, sizeof ms, "%lld", (long long)e->uploaded_ms);
    const char *flags[][2] = {{NULL, NULL}, {"--at-ms", ms}};
    for (size_t i = 0; i < HR_ARRAY_LEN(flags); i++) {
        assert_int_equal(s_hrctl_close(t, CASE_A, flags[i][0], flags[i][1], &out, &err), 0);
        said = hr_strfmt("case %s keeps its later end, %s 24:00 UTC+08:00, recorded before", CASE_A,
                         day);
        if (!strstr(out, said))
            fail_msg("hrctl evidence close-case %s: %s", flags[i][0] ? flags[i][0] : "", out);
        hr_free(said);
        hr_free(out);
        hr_free(err);
        assert_int_equal(s_stat(t, id, &rc)->due_ms, end + keep);
    }
    s_stop(&t);
}

static char s_removed[EV_ID_HEX + 1];

// Deletes a record with its key and index rows, as someone with the disk would; the audit
// chain is left as it is.
static void s_remove_record(hr_store_t *store)
{
    hr_txn_t *txn = NULL;
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    Hr__Evidence__Evidence *e = NULL;
    assert_int_equal(ev_store_evidence_get(txn, s_removed, arena, &e), HR_OK);
    assert_int_equal(ev_store_evidence_delete(txn, e), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_arena_destroy(&arena);
}

// A record removed from the store behind the service's back (the chain untouched) is named by
// verify with the audit entry that put it, and its blob is kept by the start-up clean-up.
static void test_a_record_removed_from_the_store_is_named_and_its_blob_kept(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-rm-record", NULL);
    const char *msg = NULL;
    char keep[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "warning letter", 14, CASE_A, NULL, keep, &msg), HR_OK);
    assert_int_equal(s_put_as(t, &t->actor, "an email that helps the employee", 32, CASE_A, NULL,
                              s_removed, &msg),
                     HR_OK);
    int code = 0;
    char *out = s_edit_store(t, s_remove_record, &code);
    char *blobs = s_sub(t, "blobs");
    assert_int_equal(s_files(blobs, NULL, 0), 2); // the restart's clean-up kept it
    hr_free(blobs);
    assert_int_equal(code, 1);
    assert_non_null(strstr(out, "BAD at entry 2"));
    assert_non_null(strstr(out, s_removed));
    hr_free(out);
    s_stop(&t);
}

// Naming a record to replace is reading it: whoever may not read it hears what a missing one
// says, learns nothing of its signatures and changes nothing in it.
static void test_supersedes_tells_a_stranger_nothing_and_changes_nothing(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-super-read", NULL);
    const char *secret = "complaint by A about B, HR only";
    const char *msg = NULL;
    char x[EV_ID_HEX + 1], absent[EV_ID_HEX + 1], n[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, secret, strlen(secret), CASE_A, NULL, x, &msg), HR_OK);
    ev_sha256_hex("nothing", 7, absent);
    char *mgr[] = {"manager"};
    Hr__Actor stranger = s_actor("E0102", mgr);
    assert_int_equal(s_begin_as(t, &stranger, CASE_B, absent, &msg, NULL), HR_ENOTFOUND);
    char *absent_msg = hr_strdup(msg);
    assert_int_equal(s_begin_as(t, &stranger, CASE_B, x, &msg, NULL), HR_ENOTFOUND);
    assert_string_equal(msg, absent_msg);
    assert_int_equal(s_put_as(t, &stranger, "junk", 4, CASE_B, x, n, &msg), HR_ENOTFOUND);
    assert_string_equal(msg, absent_msg);
    int code = 0;
    char *out = s_hrctl_as(t, &code, "E0002", "hr",
                           (const char *[]){"evidence", "sign", x, "--statement", "ok", NULL});
    assert_int_equal(code, 0);
    hr_free(out);
    assert_int_equal(s_begin_as(t, &stranger, CASE_B, x, &msg, NULL), HR_ENOTFOUND); // not "signed"
    assert_string_equal(msg, absent_msg);
    hr_rc_t rc;
    Hr__Evidence__Evidence *e = s_stat(t, x, &rc);
    assert_string_equal(e->superseded_by, "");
    hr_free(absent_msg);
    s_stop(&t);
}

// A replacement is linked whether its content is new or stored already, and only once: a
// record replaced already, or a record named to replace itself, is refused.
static void test_a_replacement_is_linked_once_or_refused(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-super-link", NULL);
    const char *msg = NULL;
    char x[EV_ID_HEX + 1], y[EV_ID_HEX + 1], again[EV_ID_HEX + 1], z[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "version 1", 9, CASE_A, NULL, x, &msg), HR_OK);
    assert_int_equal(s_put_as(t, &t->actor, "version 2", 9, CASE_A, NULL, y, &msg), HR_OK);
    // Version 2 is stored already: uploading it again to replace version 1 links the two.
    assert_int_equal(s_put_as(t, &t->actor, "version 2", 9, CASE_A, x, again, &msg), HR_OK);
    assert_string_equal(again, y);
    hr_rc_t rc;
    Hr__Evidence__Evidence *ex = s_stat(t, x, &rc), *ey = s_stat(t, y, &rc);
    assert_string_equal(ex->superseded_by, y);
    assert_string_equal(ey->supersedes, x);
    // Uploading the replacement again is refused at once, naming the record that replaces it.
    assert_int_equal(s_put_as(t, &t->actor, "version 2", 9, CASE_A, x, again, &msg), HR_ECONFLICT);
    assert_non_null(strstr(msg, y));
    // A second replacement of version 1 would leave two records claiming to replace it.
    assert_int_equal(s_put_as(t, &t->actor, "version 3", 9, CASE_A, x, z, &msg), HR_ECONFLICT);
    assert_non_null(strstr(msg, "replaced"));
    assert_int_equal(s_begin_as(t, &t->actor, CASE_A, x, &msg, NULL), HR_ECONFLICT);
    // Version 2 cannot replace itself; nor can it name a second record to replace.
    assert_int_equal(s_put_as(t, &t->actor, "version 2", 9, CASE_A, y, again, &msg), HR_ECONFLICT);
    char w[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "version 0", 9, CASE_A, NULL, w, &msg), HR_OK);
    assert_int_equal(s_put_as(t, &t->actor, "version 2", 9, CASE_A, w, again, &msg), HR_ECONFLICT);
    ex = s_stat(t, x, &rc);
    ey = s_stat(t, y, &rc);
    Hr__Evidence__Evidence *ew = s_stat(t, w, &rc);
    assert_string_equal(ex->superseded_by, y);
    assert_string_equal(ey->supersedes, x);
    assert_string_equal(ey->superseded_by, "");
    assert_string_equal(ew->superseded_by, "");
    assert_null(s_stat(t, z, &rc)); // version 3 was not stored
    s_stop(&t);
}

// An upload whose PutEnd was refused after the file was finished (here: the record it
// replaces was signed meanwhile) is dropped by PutAbort with its temp file.
static void test_a_finished_upload_whose_end_failed_is_aborted(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-abort-finished", NULL);
    const char *msg = NULL;
    char x[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "version 1", 9, CASE_A, NULL, x, &msg), HR_OK);
    char *up = NULL;
    assert_int_equal(s_begin_as(t, &t->actor, CASE_A, x, &msg, &up), HR_OK);
    up = hr_strdup(up);
    assert_int_equal(s_chunk(t, up, 0, "version 2", 9, &msg), HR_OK);
    int code = 0;
    char *out = s_hrctl_as(t, &code, "E0002", "hr",
                           (const char *[]){"evidence", "sign", x, "--statement", "ok", NULL});
    assert_int_equal(code, 0);
    hr_free(out);
    Hr__Evidence__PutEndReply *er = NULL;
    assert_int_equal(s_end(t, up, 1, &er, &msg), HR_ECONFLICT);
    char *tmp = s_sub(t, "tmp");
    assert_int_equal(s_files(tmp, NULL, 0), 1);
    Hr__Evidence__PutAbortRequest ab = HR__EVIDENCE__PUT_ABORT_REQUEST__INIT;
    ab.upload_id = up;
    hr_result_t res;
    assert_int_equal(s_call(t, "evidence.PutAbort", &ab.base,
                            &hr__evidence__put_abort_reply__descriptor, NULL, &res),
                     HR_OK);
    assert_int_equal(s_files(tmp, NULL, 0), 0);
    assert_int_equal(s_end(t, up, 1, &er, &msg), HR_ENOTFOUND);
    hr_free(tmp);
    hr_free(up);
    s_stop(&t);
}

// A PutEnd whose commit failed after its new blob was renamed into place (the disk was full)
// is stored by its retry once the disk has room: the upload stays, the blob in place is the
// one the record names (the retry failed with 'could not store the blob file' before, the
// record's look-up leaving its 'not found' as the answer), and the store verifies clean.
static void test_a_put_end_whose_commit_failed_is_stored_by_its_retry(void **state)
{
    HR_UNUSED(state);
    char *gate = hr_test_tmpdir("ev-full-gate");
    char *full = hr_strfmt("%s/full", gate);
    const char *extra[] = {"test/commit_full", full, NULL};
    t_env_t *t = s_start("ev-put-end-full", extra);
    const char *msg = NULL;
    char *up = s_begin(t, CASE_A, "retry.txt", HR_OK);
    up = hr_strdup(up);
    assert_int_equal(s_chunk(t, up, 0, "stored on the retry", 19, &msg), HR_OK);
    assert_int_equal(hr_test_write_file(full, "", 0), 0); // the disk is full from now
    Hr__Evidence__PutEndReply *er = NULL;
    assert_int_equal(s_end(t, up, 1, &er, &msg), HR_EFULL);
    char *blobs = s_sub(t, "blobs");
    assert_int_equal(s_files(blobs, NULL, 0), 1); // renamed into place before the commit
    // The log says nothing was put: the commit was refused (it said evidence.put created=1).
    char *log_path = hr_strfmt("%s/log/evidence.log", e2e_dir(t->c));
    char *log = hr_test_read_file(log_path, NULL);
    assert_non_null(log);
    assert_non_null(strstr(log, "request.commit_failed"));
    assert_null(strstr(log, "evidence.put "));
    hr_free(log);
    assert_int_equal(unlink(full), 0); // room again
    assert_int_equal(s_end(t, up, 1, &er, &msg), HR_OK);
    assert_true(er->created);
    char id[EV_ID_HEX + 1];
    snprintf(id, sizeof id, "%s", er->evidence->id);
    // Logged once, when it was stored.
    log = hr_test_read_file(log_path, NULL);
    assert_non_null(log);
    char *put_line = hr_strfmt("evidence.put id=%s case=%s created=1", id, CASE_A);
    const char *at = strstr(log, put_line);
    assert_non_null(at);
    assert_null(strstr(at + 1, "evidence.put "));
    s_assert_put_account(at, 19); // the failed attempt and the wait for room: trip_us
    hr_free(put_line);
    hr_free(log);
    hr_free(log_path);
    unsigned char *back = NULL;
    size_t blen = 0;
    assert_int_equal(
        ev_client_get(t->client, id, &t->actor, UINT64_MAX, t->arena, &back, &blen, &msg), HR_OK);
    assert_int_equal(blen, 19);
    assert_memory_equal(back, "stored on the retry", 19);
    hr_free(back);
    assert_int_equal(s_files(blobs, NULL, 0), 1);
    int code = 0;
    char *out = s_hrctl(t, &code, "verify", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(code, 0);
    assert_non_null(strstr(out, "verify: ok"));
    hr_free(out);
    hr_free(blobs);
    hr_free(up);
    s_stop(&t);
    hr_test_rmdir(gate);
    hr_free(full);
    hr_free(gate);
}

// One user opens at most EV_SESSIONS_PER_OWNER transfers, and uploads by anyone but HR, legal
// and operators leave EV_SESSIONS_KEPT slots free: custodians and downloads still get through.
static void test_one_user_cannot_take_every_transfer(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-slots", NULL);
    const char *msg = NULL;
    char x[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "evidence", 8, CASE_A, NULL, x, &msg), HR_OK);
    char *emp[] = {"employee"};
    const char *users[] = {"E0199", "E0198", "E0197"};
    int per_user = EV_SESSIONS_PER_OWNER;
    for (size_t u = 0; u < HR_ARRAY_LEN(users); u++) {
        Hr__Actor a = s_actor(users[u], emp);
        for (int i = 0; i < per_user; i++)
            assert_int_equal(s_begin_as(t, &a, CASE_B, NULL, &msg, NULL), HR_OK);
        assert_int_equal(s_begin_as(t, &a, CASE_B, NULL, &msg, NULL), HR_EUNAVAIL);
    }
    // 12 uploads open: the rest is kept.
    assert_int_equal(EV_MAX_SESSIONS - EV_SESSIONS_KEPT, 3 * per_user);
    Hr__Actor late = s_actor("E0196", emp);
    assert_int_equal(s_begin_as(t, &late, CASE_B, NULL, &msg, NULL), HR_EUNAVAIL);
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(
        ev_client_get(t->client, x, &t->actor, UINT64_MAX, t->arena, &data, &len, &msg), HR_OK);
    hr_free(data);
    char y[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, "more", 4, CASE_A, NULL, y, &msg), HR_OK);
    s_stop(&t);
}

// Stored content joins a case the workflow never named only by HR, legal or an operator:
// anyone holding the bytes could otherwise link the record to a made-up case that never
// closes and so keep it for ever.
static void test_stored_content_joins_an_unknown_case_only_by_a_custodian(void **state)
{
    HR_UNUSED(state);
    t_env_t *t = s_start("ev-link-case", NULL);
    const char *msg = NULL;
    const char *letter = "notice letter to E0110";
    char x[EV_ID_HEX + 1], x2[EV_ID_HEX + 1];
    assert_int_equal(s_put_as(t, &t->actor, letter, strlen(letter), CASE_A, NULL, x, &msg), HR_OK);
    char *emp[] = {"employee"};
    Hr__Actor e0110 = s_actor("E0110", emp);
    assert_int_equal(
        s_put_as(t, &e0110, letter, strlen(letter), "01JN000000000000000000ZZZZ", NULL, x2, &msg),
        HR_EDENIED);
    hr_rc_t rc;
    Hr__Evidence__Evidence *e = s_stat(t, x, &rc);
    assert_int_equal(e->n_case_ids, 1);
    // HR links it; and a record is linked to at most EV_CASES_MAX cases.
    for (int i = 1; i < EV_CASES_MAX; i++) {
        char case_id[HR_ID_LEN + 1];
        snprintf(case_id, sizeof case_id, "01JN00000000000000000C%04d", i);
        assert_int_equal(s_put_as(t, &t->actor, letter, strlen(letter), case_id, NULL, x2, &msg),
                         HR_OK);
        hr_arena_reset(t->arena);
    }
    e = s_stat(t, x, &rc);
    assert_int_equal(e->n_case_ids, EV_CASES_MAX);
    assert_int_equal(s_put_as(t, &t->actor, letter, strlen(letter), CASE_B, NULL, x2, &msg),
                     HR_ECONFLICT);
    assert_non_null(strstr(msg, "cases"));
    s_stop(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_round_trip_encrypted_at_rest),
        cmocka_unit_test(test_tampered_blobs_are_named_by_verify_and_never_served),
        cmocka_unit_test(test_an_edited_audit_entry_is_named_by_verify),
        cmocka_unit_test(test_a_removed_audit_entry_is_named_by_verify),
        cmocka_unit_test(test_interrupted_uploads_leave_nothing_behind),
        cmocka_unit_test(test_the_same_file_uploaded_twice_at_once_is_stored_once),
        cmocka_unit_test(test_hostile_file_names_are_stored_as_harmless_metadata),
        cmocka_unit_test(test_oversized_empty_and_out_of_order_uploads_get_clear_errors),
        cmocka_unit_test(test_a_put_end_retried_after_a_stall_reports_the_upload),
        cmocka_unit_test(test_the_service_answers_while_background_work_runs),
        cmocka_unit_test(test_a_blob_repaired_while_its_download_is_checked_is_served),
        cmocka_unit_test(test_a_record_is_read_by_hr_and_its_uploaders_only),
        cmocka_unit_test(test_signatures_hold_retention_and_facts_snapshots),
        cmocka_unit_test(test_start_up_cleans_up_and_refuses_a_wrong_or_exposed_key),
        cmocka_unit_test(test_a_close_in_the_future_is_refused_and_shreds_nothing),
        cmocka_unit_test(test_a_record_removed_from_the_store_is_named_and_its_blob_kept),
        cmocka_unit_test(test_supersedes_tells_a_stranger_nothing_and_changes_nothing),
        cmocka_unit_test(test_a_replacement_is_linked_once_or_refused),
        cmocka_unit_test(test_a_finished_upload_whose_end_failed_is_aborted),
        cmocka_unit_test(test_a_put_end_whose_commit_failed_is_stored_by_its_retry),
        cmocka_unit_test(test_one_user_cannot_take_every_transfer),
        cmocka_unit_test(test_stored_content_joins_an_unknown_case_only_by_a_custodian),
    };
    return cmocka_run_group_tests_name("e2e.evidence", tests, NULL, NULL);
}
