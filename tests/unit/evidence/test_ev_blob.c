/*  test_ev_blob - blob files on a real disk: a multi-chunk round trip, an empty blob, and every
 *  kind of damage (flipped byte, truncation, appended bytes, swapped chunks, another key) is
 *  refused; an unfinished writer leaves no temp file behind.
 */
#define _GNU_SOURCE // memmem
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev.h"
#include "hr_test.h"

#define BIG (2 * EV_SEAL_CHUNK + 12345) // three chunks, the last one short
#define CHUNK_ON_DISK (EV_SEAL_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)

typedef struct {
    char *dir;                            // owned
    char *tmp;                            // owned: temp path
    char *path;                           // owned: final path
    unsigned char *data;                  // owned: BIG random bytes
    char id[EV_ID_HEX + 1];               // SHA-256 of data
    unsigned char key[EV_KEY_BYTES];      // the blob key
    unsigned char pad[EV_BLOB_PAD_BYTES]; // its pad, in the file's header
    ev_pool_t *pool;                      // owned: worker threads the writers borrow
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("ev_blob");
    f->tmp = hr_strfmt("%s/x.part", f->dir);
    f->path = hr_strfmt("%s/blob", f->dir);
    f->data = hr_alloc(BIG);
    randombytes_buf(f->data, BIG);
    f->pool = ev_pool_new();
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(f->tmp, f->pool, &rc); // big pieces hashed by a worker
    assert_non_null(w);
    // Uneven pieces: the writer re-blocks them into fixed chunks.
    size_t off = 0, piece = 1000;
    while (off < BIG) {
        size_t n = BIG - off < piece ? BIG - off : piece;
        assert_int_equal(ev_writer_write(w, f->data + off, n), HR_OK);
        off += n;
        piece = piece * 3 + 7;
    }
    assert_int_equal(ev_writer_finish(w, f->id), HR_OK);
    assert_int_equal(ev_writer_commit(w, f->path), HR_OK);
    memcpy(f->key, ev_writer_key(w), EV_KEY_BYTES);
    memcpy(f->pad, ev_writer_pad(w), EV_BLOB_PAD_BYTES);
    assert_int_equal(ev_writer_size(w), BIG);
    ev_writer_destroy(&w);
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f->tmp);
    hr_free(f->path);
    hr_free(f->data);
    ev_pool_destroy(&f->pool);
    hr_free(f);
    return 0;
}

static void test_round_trip_of_a_multi_chunk_blob(void **state)
{
    fixture_t *f = *state;
    char sha[EV_ID_HEX + 1];
    ev_sha256_hex(f->data, BIG, sha);
    assert_string_equal(f->id, sha);
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0); // the alignment padding was truncated away
    assert_int_equal(st.st_size, EV_BLOB_HEADER_LEN + 2 * CHUNK_ON_DISK + 12345 +
                                     crypto_secretstream_xchacha20poly1305_ABYTES);
    char why[160];
    assert_int_equal(ev_blob_check(f->path, f->key, f->id, BIG, why, sizeof why), HR_OK);
    ev_reader_t *r = ev_reader_open(f->path, f->key, why, sizeof why);
    assert_non_null(r);
    size_t got = 0, chunks = 0;
    bool last = false;
    while (!last) {
        const unsigned char *d = NULL;
        size_t len = 0;
        assert_int_equal(ev_reader_next(r, &d, &len, &last, why, sizeof why), HR_OK);
        assert_memory_equal(d, f->data + got, len);
        got += len;
        chunks++;
    }
    assert_int_equal(got, BIG);
    assert_int_equal(chunks, BIG / EV_SEAL_CHUNK + 1);
    ev_reader_destroy(&r);
}

static void test_the_blob_on_disk_holds_no_plaintext(void **state)
{
    fixture_t *f = *state;
    size_t len = 0;
    char *disk = hr_test_read_file(f->path, &len);
    assert_non_null(disk);
    assert_null(memmem(disk, len, f->data + 5000, 32));
    hr_free(disk);
}

// Rewrites the blob after fn changed its bytes, then expects the check to fail.
static void s_damage(fixture_t *f, void (*fn)(char **buf, size_t *len), const char *want)
{
    size_t len = 0;
    char *buf = hr_test_read_file(f->path, &len);
    fn(&buf, &len);
    char *bad = hr_strfmt("%s/bad", f->dir);
    assert_int_equal(hr_test_write_file(bad, buf, len), 0);
    char why[160] = "";
    assert_int_equal(ev_blob_check(bad, f->key, f->id, BIG, why, sizeof why), HR_EIO);
    hr_free(buf);
    hr_free(bad);
    if (!strstr(why, want))
        fail_msg("reason '%s' does not say '%s'", why, want);
}

static void s_flip(char **buf, size_t *len)
{
    (*buf)[*len / 2] ^= 0x01;
}
static void s_truncate_mid_chunk(char **buf, size_t *len)
{
    HR_UNUSED(buf);
    *len -= 100;
}
static void s_truncate_at_chunk_boundary(char **buf, size_t *len)
{
    HR_UNUSED(buf);
    *len = EV_BLOB_HEADER_LEN + 2 * CHUNK_ON_DISK; // the final chunk is gone
}
static void s_append(char **buf, size_t *len)
{
    *buf = hr_realloc(*buf, *len + 1);
    (*buf)[(*len)++] = 'x';
}
static void s_swap_chunks(char **buf, size_t *len)
{
    HR_UNUSED(len);
    char *a = *buf + EV_BLOB_HEADER_LEN, *b = a + CHUNK_ON_DISK;
    char *tmp = hr_alloc(CHUNK_ON_DISK);
    memcpy(tmp, a, CHUNK_ON_DISK);
    memcpy(a, b, CHUNK_ON_DISK);
    memcpy(b, tmp, CHUNK_ON_DISK);
    hr_free(tmp);
}
static void s_header(char **buf, size_t *len)
{
    HR_UNUSED(len);
    (*buf)[EV_BLOB_HEADER_LEN - 6] ^= 0x40; // the secretstream header
}

static void test_damage_of_every_kind_is_refused(void **state)
{
    fixture_t *f = *state;
    s_damage(f, s_flip, "fails authentication");
    s_damage(f, s_truncate_mid_chunk, "");
    s_damage(f, s_truncate_at_chunk_boundary, "truncated");
    s_damage(f, s_append, "fails authentication"); // the final chunk reads long
    s_damage(f, s_swap_chunks, "fails authentication");
    s_damage(f, s_header, "");
}

static void test_another_key_or_a_wrong_id_is_refused(void **state)
{
    fixture_t *f = *state;
    unsigned char other[EV_KEY_BYTES];
    randombytes_buf(other, sizeof other);
    char why[160];
    assert_int_equal(ev_blob_check(f->path, other, f->id, BIG, why, sizeof why), HR_EIO);
    char wrong[EV_ID_HEX + 1];
    snprintf(wrong, sizeof wrong, "%s", f->id);
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    assert_int_equal(ev_blob_check(f->path, f->key, wrong, BIG, why, sizeof why), HR_EIO);
    assert_non_null(strstr(why, "hash"));
    assert_int_equal(ev_blob_check(f->path, f->key, f->id, BIG + 1, why, sizeof why), HR_EIO);
    char *missing = hr_strfmt("%s/none", f->dir);
    assert_int_equal(ev_blob_check(missing, f->key, f->id, BIG, why, sizeof why), HR_EIO);
    assert_non_null(strstr(why, "missing"));
    hr_free(missing);
}

static void test_an_unfinished_writer_leaves_no_temp_file(void **state)
{
    fixture_t *f = *state;
    char *tmp = hr_strfmt("%s/y.part", f->dir);
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(tmp, NULL, &rc);
    assert_non_null(w);
    assert_int_equal(ev_writer_write(w, "abc", 3), HR_OK);
    assert_int_equal(access(tmp, F_OK), 0);
    assert_null(ev_writer_new(tmp, NULL, &rc)); // O_EXCL: never two writers on one temp file
    assert_int_equal(rc, HR_ECONFLICT);
    ev_writer_destroy(&w);
    assert_int_not_equal(access(tmp, F_OK), 0);
    hr_free(tmp);
}

static void test_an_empty_blob_round_trips(void **state)
{
    fixture_t *f = *state;
    char *tmp = hr_strfmt("%s/e.part", f->dir), *path = hr_strfmt("%s/empty", f->dir);
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(tmp, NULL, &rc);
    char id[EV_ID_HEX + 1];
    assert_int_equal(ev_writer_finish(w, id), HR_OK);
    assert_int_equal(ev_writer_commit(w, path), HR_OK);
    char why[160];
    assert_int_equal(ev_blob_check(path, ev_writer_key(w), id, 0, why, sizeof why), HR_OK);
    ev_writer_destroy(&w);
    hr_free(tmp);
    hr_free(path);
}

// A writer ended at its last byte: the id is there at once, the final write and fsync run on
// the I/O worker, and waiting gives their result (again on every call). The blob is the one
// ev_writer_finish() makes. A writer dropped after its end (an upload aborted then) waits for
// the worker and leaves no temp file. Without a pool the end does the work itself.
static void test_a_writer_ended_early_gives_the_same_blob(void **state)
{
    fixture_t *f = *state;
    for (int with_pool = 1; with_pool >= 0; with_pool--) {
        char *tmp = hr_strfmt("%s/end.part", f->dir), *path = hr_strfmt("%s/end", f->dir);
        hr_rc_t rc = HR_OK;
        ev_writer_t *w = ev_writer_new(tmp, with_pool ? f->pool : NULL, &rc);
        assert_non_null(w);
        assert_int_equal(ev_writer_write(w, f->data, BIG), HR_OK);
        char id[EV_ID_HEX + 1];
        assert_int_equal(ev_writer_end(w, id), HR_OK);
        assert_string_equal(id, f->id);
        assert_int_equal(ev_writer_wait(w), HR_OK);
        assert_int_equal(ev_writer_wait(w), HR_OK);
        assert_int_equal(ev_writer_commit(w, path), HR_OK);
        char why[160];
        assert_int_equal(ev_blob_check(path, ev_writer_key(w), id, BIG, why, sizeof why), HR_OK);
        struct stat a, b;
        assert_int_equal(stat(path, &a), 0);
        assert_int_equal(stat(f->path, &b), 0);
        assert_int_equal(a.st_size, b.st_size);
        ev_writer_destroy(&w);
        unlink(path);

        w = ev_writer_new(tmp, with_pool ? f->pool : NULL, &rc);
        assert_non_null(w);
        assert_int_equal(ev_writer_write(w, f->data, BIG), HR_OK);
        assert_int_equal(ev_writer_end(w, id), HR_OK);
        ev_writer_destroy(&w); // no wait: destroy waits for the worker itself
        assert_int_not_equal(access(tmp, F_OK), 0);
        hr_free(tmp);
        hr_free(path);
    }
}

// Writes len random bytes to dir/name in uneven pieces and checks the blob; returns its size.
static off_t s_large_round_trip(const char *dir, ev_pool_t *pool, size_t len)
{
    unsigned char *data = hr_alloc(len);
    randombytes_buf(data, len);
    char *tmp = hr_strfmt("%s/large.part", dir), *path = hr_strfmt("%s/large", dir);
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(tmp, pool, &rc);
    assert_non_null(w);
    for (size_t off = 0, piece = 333333; off < len; off += piece) {
        size_t n = len - off < piece ? len - off : piece;
        assert_int_equal(ev_writer_write(w, data + off, n), HR_OK);
    }
    char id[EV_ID_HEX + 1], sha[EV_ID_HEX + 1];
    assert_int_equal(ev_writer_finish(w, id), HR_OK);
    assert_int_equal(ev_writer_commit(w, path), HR_OK);
    ev_sha256_hex(data, len, sha);
    assert_string_equal(id, sha);
    char why[160];
    assert_int_equal(ev_blob_check(path, ev_writer_key(w), id, len, why, sizeof why), HR_OK);
    ev_writer_destroy(&w);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    unlink(path);
    hr_free(tmp);
    hr_free(path);
    hr_free(data);
    return st.st_size;
}

// Many stages: a worker writes one while the next fills and another hashes; and the same
// without workers. Both give a blob of the same size that checks out.
static void test_a_large_blob_written_in_pieces_round_trips(void **state)
{
    fixture_t *f = *state;
    size_t len = 10 * EV_SEAL_CHUNK + 4321;
    assert_int_equal(s_large_round_trip(f->dir, NULL, len),
                     EV_BLOB_HEADER_LEN + 10 * CHUNK_ON_DISK + 4321 +
                         crypto_secretstream_xchacha20poly1305_ABYTES);
    assert_int_equal(s_large_round_trip(f->dir, f->pool, len),
                     EV_BLOB_HEADER_LEN + 10 * CHUNK_ON_DISK + 4321 +
                         crypto_secretstream_xchacha20poly1305_ABYTES);
}

// tmpfs has no O_DIRECT: the writer falls back to buffered writes and the blob is the same.
static void test_a_file_system_without_o_direct_gets_the_same_blob(void **state)
{
    fixture_t *f = *state;
    struct stat st;
    if (stat("/dev/shm", &st) || !S_ISDIR(st.st_mode))
        skip();
    char tmpl[] = "/dev/shm/hr-ev-blob-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char *tmp = hr_strfmt("%s/t.part", tmpl), *path = hr_strfmt("%s/blob", tmpl);
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(tmp, NULL, &rc);
    assert_non_null(w);
    assert_int_equal(ev_writer_write(w, f->data, BIG), HR_OK);
    char id[EV_ID_HEX + 1];
    assert_int_equal(ev_writer_finish(w, id), HR_OK);
    assert_int_equal(ev_writer_commit(w, path), HR_OK);
    assert_string_equal(id, f->id);
    char why[160];
    assert_int_equal(ev_blob_check(path, ev_writer_key(w), id, BIG, why, sizeof why), HR_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, EV_BLOB_HEADER_LEN + 2 * CHUNK_ON_DISK + 12345 +
                                     crypto_secretstream_xchacha20poly1305_ABYTES);
    ev_writer_destroy(&w);
    size_t len = 40 * EV_SEAL_CHUNK + 4321; // past EV_SYNC_EVERY: early write-back runs
    assert_int_equal(s_large_round_trip(tmpl, f->pool, len),
                     EV_BLOB_HEADER_LEN + 40 * CHUNK_ON_DISK + 4321 +
                         crypto_secretstream_xchacha20poly1305_ABYTES);
    hr_test_rmdir(tmpl);
    hr_free(tmp);
    hr_free(path);
}

static volatile sig_atomic_t s_signals; // SIGTERMs the main thread took during the storm
static volatile sig_atomic_t s_storm;   // the storm goes on while set

static void s_on_term(int sig)
{
    (void)sig;
    s_signals++;
}

static void *s_storm_thread(void *arg)
{
    (void)arg;
    while (s_storm) {
        kill(getpid(), SIGTERM);
        usleep(100);
    }
    return NULL;
}

// The daemon catches SIGTERM without SA_RESTART, so a signal interrupts the hand-offs between a
// writer and its workers. A storm of them during a large write changes nothing: the blob checks
// out, and the next writer of the same pool gets no stale reply.
static void test_signals_during_a_write_change_nothing(void **state)
{
    fixture_t *f = *state;
    struct sigaction sa = {0}, old;
    sa.sa_handler = s_on_term; // no SA_RESTART, as the daemon
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGTERM, &sa, &old), 0);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, NULL); // the storm thread inherits the block
    s_signals = 0;
    s_storm = 1;
    pthread_t storm;
    assert_int_equal(pthread_create(&storm, NULL, s_storm_thread, NULL), 0);
    pthread_sigmask(SIG_UNBLOCK, &term, NULL); // the signals land on this thread

    size_t len = 32 * EV_SEAL_CHUNK + 999;
    unsigned char *data = hr_alloc(len);
    randombytes_buf(data, len);
    char *tmp = hr_strfmt("%s/storm.part", f->dir), *path = hr_strfmt("%s/storm", f->dir);
    hr_rc_t rc = HR_OK;
    char id[EV_ID_HEX + 1], sha[EV_ID_HEX + 1], why[160];
    for (int round = 0; round < 2; round++) {
        ev_writer_t *w = ev_writer_new(tmp, f->pool, &rc);
        assert_non_null(w);
        for (size_t off = 0; off < len; off += EV_SEAL_CHUNK)
            assert_int_equal(ev_writer_write(w, data + off,
                                             len - off < EV_SEAL_CHUNK ? len - off : EV_SEAL_CHUNK),
                             HR_OK);
        assert_int_equal(ev_writer_finish(w, id), HR_OK);
        assert_int_equal(ev_writer_commit(w, path), HR_OK);
        ev_sha256_hex(data, len, sha);
        assert_string_equal(id, sha);
        assert_int_equal(ev_blob_check(path, ev_writer_key(w), id, len, why, sizeof why), HR_OK);
        ev_writer_destroy(&w);
        unlink(path);
        data[0] ^= 1; // the second round is another blob
    }
    s_storm = 0;
    pthread_join(storm, NULL);
    sigaction(SIGTERM, &old, NULL);
    assert_true(s_signals > 0);
    hr_free(tmp);
    hr_free(path);
    hr_free(data);
}

// Blobs written before the seal chunk shrank to 256 KiB hold 1 MiB chunks; the header says so
// and they still read and check out. The file is made here by hand, the way the old writer did.
static void test_a_blob_with_one_mib_chunks_still_reads(void **state)
{
    fixture_t *f = *state;
    size_t len = 2 * EV_BLOB_CHUNK + 777;
    unsigned char *data = hr_alloc(len);
    randombytes_buf(data, len);
    unsigned char key[EV_KEY_BYTES];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    size_t cap =
        EV_BLOB_HEADER_V1_LEN + 3 * (EV_BLOB_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned char *file = hr_alloc(cap), *p = file;
    memcpy(p, EV_BLOB_MAGIC_V1, EV_BLOB_MAGIC_LEN); // format 1: no pad
    hr_be32_put(p + EV_BLOB_MAGIC_LEN, EV_BLOB_CHUNK);
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, p + EV_BLOB_MAGIC_LEN + 4, key);
    p += EV_BLOB_HEADER_V1_LEN;
    for (size_t off = 0; off <= len; off += EV_BLOB_CHUNK) {
        size_t n = len - off < EV_BLOB_CHUNK ? len - off : EV_BLOB_CHUNK;
        unsigned char tag = n < EV_BLOB_CHUNK ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, p, &clen, data + off, n, NULL, 0, tag);
        p += clen;
    }
    char *path = hr_strfmt("%s/old", f->dir);
    assert_int_equal(hr_test_write_file(path, file, (size_t)(p - file)), 0);
    char id[EV_ID_HEX + 1], why[160];
    ev_sha256_hex(data, len, id);
    unsigned char *back = hr_alloc(len);
    assert_int_equal(ev_blob_read_all(path, key, id, len, back, why, sizeof why), HR_OK);
    assert_memory_equal(back, data, len);
    ev_reader_t *r = ev_reader_open(path, key, why, sizeof why);
    assert_non_null(r);
    assert_int_equal(ev_reader_chunk_bytes(r), EV_BLOB_CHUNK);
    ev_reader_destroy(&r);
    // Its key was wrapped without a pad, and still opens so; shredding it just removes it.
    unsigned char master[EV_KEY_BYTES], wrapped[EV_WRAPPED_KEY_BYTES], out[EV_KEY_BYTES];
    randombytes_buf(master, sizeof master);
    ev_keys_t keys;
    ev_keys_derive(master, &keys);
    ev_key_wrap(&keys, id, NULL, key, wrapped);
    assert_true(ev_blob_key(&keys, id, path, wrapped, sizeof wrapped, out, why, sizeof why));
    assert_memory_equal(out, key, sizeof key);
    assert_int_equal(ev_blob_shred(path), 0);
    assert_int_not_equal(access(path, F_OK), 0);
    hr_free(back);
    hr_free(path);
    hr_free(file);
    hr_free(data);
}

// Crypto-shredding a blob overwrites the pad in its header in place, so a copy of its wrapped
// key (the old page of a deleted LMDB row may keep one until reused) opens nothing any more,
// even beside the file's own bytes: a hard link, made before, stands in for blocks read off the
// disk afterwards. The ciphertext itself is untouched (it is noise without the key).
static void test_a_shredded_blob_leaves_no_key_that_opens(void **state)
{
    fixture_t *f = *state;
    size_t len = 0;
    char *bytes = hr_test_read_file(f->path, &len);
    assert_non_null(bytes);
    char *path = hr_strfmt("%s/to-shred", f->dir), *kept = hr_strfmt("%s/kept", f->dir);
    assert_int_equal(hr_test_write_file(path, bytes, len), 0);
    unsigned char master[EV_KEY_BYTES], wrapped[EV_WRAPPED_KEY_BYTES], out[EV_KEY_BYTES];
    randombytes_buf(master, sizeof master);
    ev_keys_t keys;
    ev_keys_derive(master, &keys);
    ev_key_wrap(&keys, f->id, f->pad, f->key, wrapped);
    char why[160] = "";
    // Before: the row and the file's pad open the key; the row alone, or another pad, do not.
    assert_true(ev_blob_key(&keys, f->id, path, wrapped, sizeof wrapped, out, why, sizeof why));
    assert_memory_equal(out, f->key, sizeof out);
    assert_false(ev_key_unwrap(&keys, f->id, NULL, wrapped, sizeof wrapped, out));
    unsigned char other[EV_BLOB_PAD_BYTES];
    memcpy(other, f->pad, sizeof other);
    other[7] ^= 1;
    assert_false(ev_key_unwrap(&keys, f->id, other, wrapped, sizeof wrapped, out));
    assert_int_equal(link(path, kept), 0);

    assert_int_equal(ev_blob_shred(path), 0);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_false(ev_blob_key(&keys, f->id, kept, wrapped, sizeof wrapped, out, why, sizeof why));
    assert_string_equal(why, "the wrapped key does not open");
    char *after = hr_test_read_file(kept, &len);
    unsigned char zero[EV_BLOB_PAD_BYTES] = {0};
    assert_memory_equal(after + EV_BLOB_PAD_AT, zero, sizeof zero);
    assert_memory_equal(after + EV_BLOB_PAD_AT + EV_BLOB_PAD_BYTES,
                        bytes + EV_BLOB_PAD_AT + EV_BLOB_PAD_BYTES, len - EV_BLOB_HEADER_LEN);
    // A file that is not there, or is no blob, says so.
    assert_false(ev_blob_key(&keys, f->id, path, wrapped, sizeof wrapped, out, why, sizeof why));
    assert_string_equal(why, "blob file missing");
    assert_int_equal(hr_test_write_file(path, "HREVBLB9 not a blob", 19), 0);
    assert_false(ev_blob_key(&keys, f->id, path, wrapped, sizeof wrapped, out, why, sizeof why));
    assert_string_equal(why, "blob header truncated or not a blob");
    assert_int_equal(unlink(path), 0);
    assert_int_equal(unlink(kept), 0);
    hr_free(after);
    hr_free(bytes);
    hr_free(path);
    hr_free(kept);
}

// A write the disk refuses part way (here the file size limit, as a full disk would) fails
// the upload, whether it came back from a stage the worker wrote or from the final write, and
// leaves no temp file.
static void test_a_refused_stage_write_fails_the_upload(void **state)
{
    fixture_t *f = *state;
    size_t len = 6 * EV_SEAL_CHUNK;
    unsigned char *data = hr_alloc(len);
    randombytes_buf(data, len);
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead
    struct rlimit small = {.rlim_cur = 3 * EV_SEAL_CHUNK, .rlim_max = old.rlim_max};
    for (int pooled = 0; pooled < 2; pooled++) {
        char *tmp = hr_strfmt("%s/refused%d.part", f->dir, pooled);
        hr_rc_t rc = HR_OK;
        ev_writer_t *w = ev_writer_new(tmp, pooled ? f->pool : NULL, &rc);
        assert_non_null(w);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
        for (size_t off = 0; off < len && !rc; off += EV_SEAL_CHUNK)
            rc = ev_writer_write(w, data + off, EV_SEAL_CHUNK);
        char id[EV_ID_HEX + 1];
        if (!rc)
            rc = ev_writer_end(w, id);
        if (!rc)
            rc = ev_writer_wait(w);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
        assert_int_equal(rc, HR_EIO);
        ev_writer_destroy(&w);
        assert_int_not_equal(access(tmp, F_OK), 0);
        hr_free(tmp);
    }
    signal(SIGXFSZ, was);
    hr_free(data);
}

// A writer knows whether the file at its path is still the one it renamed there: another
// file renamed over it (another upload of the same content) is not.
static void test_a_blob_replaced_after_its_rename_is_not_in_place(void **state)
{
    fixture_t *f = *state;
    char *tmp = hr_strfmt("%s/p.part", f->dir), *path = hr_strfmt("%s/placed", f->dir);
    char *other = hr_strfmt("%s/other.part", f->dir);
    hr_rc_t rc = HR_OK;
    ev_writer_t *w = ev_writer_new(tmp, NULL, &rc);
    assert_int_equal(ev_writer_write(w, "placed", 6), HR_OK);
    char id[EV_ID_HEX + 1];
    assert_int_equal(ev_writer_finish(w, id), HR_OK);
    assert_false(ev_writer_in_place(w, path)); // not renamed yet
    assert_int_equal(ev_writer_commit(w, path), HR_OK);
    assert_true(ev_writer_in_place(w, path));
    assert_int_equal(hr_test_write_file(other, "another blob", 12), 0);
    assert_int_equal(rename(other, path), 0);
    assert_false(ev_writer_in_place(w, path));
    assert_int_equal(unlink(path), 0);
    assert_false(ev_writer_in_place(w, path));
    ev_writer_destroy(&w);
    hr_free(other);
    hr_free(tmp);
    hr_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_of_a_multi_chunk_blob),
        cmocka_unit_test(test_the_blob_on_disk_holds_no_plaintext),
        cmocka_unit_test(test_damage_of_every_kind_is_refused),
        cmocka_unit_test(test_another_key_or_a_wrong_id_is_refused),
        cmocka_unit_test(test_an_unfinished_writer_leaves_no_temp_file),
        cmocka_unit_test(test_an_empty_blob_round_trips),
        cmocka_unit_test(test_a_writer_ended_early_gives_the_same_blob),
        cmocka_unit_test(test_a_large_blob_written_in_pieces_round_trips),
        cmocka_unit_test(test_a_file_system_without_o_direct_gets_the_same_blob),
        cmocka_unit_test(test_a_blob_with_one_mib_chunks_still_reads),
        cmocka_unit_test(test_signals_during_a_write_change_nothing),
        cmocka_unit_test(test_a_blob_replaced_after_its_rename_is_not_in_place),
        cmocka_unit_test(test_a_shredded_blob_leaves_no_key_that_opens),
        cmocka_unit_test(test_a_refused_stage_write_fails_the_upload),
    };
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests_name("unit.evidence.blob", tests, s_setup, s_teardown);
}
