/*  ev_blob - blob files: written once through a temp file, encrypted, never edited.
 *
 *  A writer hashes (OpenSSL SHA-256) and encrypts (libsodium secretstream, a fresh key per blob)
 *  in one pass straight into an aligned staging buffer, and writes it to a temp file created
 *  O_EXCL 0600 with O_DIRECT in 4 MiB pieces: no copy into the page cache (on this class of VM
 *  that copy cost as much as hashing and encrypting together) and little left for the closing
 *  fsync. The pieces are written by an I/O actor while the loop encrypts the next one into a
 *  second stage (double buffering), so disk time hides behind CPU time. File systems without
 *  O_DIRECT (tmpfs) get buffered writes with early write-back. The last piece is padded to the
 *  alignment and the file truncated to its size; then fsync, rename to the final path, fsync
 *  the directory. Only after that does the caller commit the metadata: a crash leaves at worst
 *  a temp file or an unreferenced blob, both removed at start-up.
 *
 *  A reader refuses anything but the exact stream the writer made: every chunk authenticated,
 *  the final chunk tagged TAG_FINAL and followed by end of file. Truncation, appended bytes,
 *  swapped or altered chunks all fail, and callers serve nothing before a whole blob checked
 *  out. It reads in aligned 4 MiB pieces into an aligned buffer, with O_DIRECT for large blobs.
 */
#define _GNU_SOURCE // sync_file_range
#include "ev.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#define EV_SYNC_EVERY (8 * 1024 * 1024)  // buffered fallback: start write-back this often
#define EV_ALIGN 4096                    // O_DIRECT: buffer, offset and length alignment
#define EV_STAGE_FLUSH (4 * 1024 * 1024) // ciphertext goes to disk in pieces of this size
#define EV_STAGE_CAP                                                                               \
    ((EV_STAGE_FLUSH + EV_BLOB_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES +              \
      2 * EV_ALIGN) /                                                                              \
     EV_ALIGN * EV_ALIGN)
#define EV_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

struct ev_writer {
    int fd;                                         // the temp file
    char *tmp_path;                                 // owned
    unsigned char key[EV_KEY_BYTES];                // the blob key, wiped on destroy
    crypto_secretstream_xchacha20poly1305_state st; // encryption state
    EVP_MD_CTX *sha;                                // owned: SHA-256 of the plaintext
    unsigned char *buf;                             // owned: EV_BLOB_CHUNK plaintext
    size_t buffered;                                // bytes waiting in buf
    unsigned char *stage;                           // owned: ciphertext, EV_ALIGN-aligned
    size_t staged;                                  // bytes waiting in stage
    unsigned char *spare;                           // owned: the other stage, being written
    zactor_t *io;                                   // owned: writes full stages; NULL until used
    bool busy;                                      // io is writing spare
    bool direct;                                    // the file is open with O_DIRECT
    uint64_t size;                                  // plaintext bytes taken
    uint64_t file_bytes;                            // bytes written to the file
    uint64_t synced;                                // write-back started up to here
    unsigned char head[EV_SNIFF_BYTES];             // first bytes, for sniffing
    size_t head_len;                                // bytes in head
    bool finished;                                  // final chunk written and fsynced
    bool committed;                                 // renamed into place
};

struct ev_reader {
    int fd;                                         // the blob file (O_DIRECT when possible)
    uint32_t chunk;                                 // plaintext bytes per chunk
    crypto_secretstream_xchacha20poly1305_state st; // decryption state
    unsigned char *io;                              // owned: EV_ALIGN-aligned read buffer
    size_t io_cap;                                  // its size, a multiple of EV_ALIGN
    size_t io_pos;                                  // first unread byte in io
    size_t io_end;                                  // end of the bytes read into io
    bool eof;                                       // the file has no more bytes
    unsigned char *out;                             // owned: one chunk's plaintext
    bool done;                                      // final chunk seen
};

static hr_rc_t s_write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == ENOSPC || errno == EDQUOT ? HR_EFULL : HR_EIO;
        p += n;
        len -= (size_t)n;
    }
    return HR_OK;
}

int ev_dir_sync(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int ev_dir_make(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0; // there already, and made durable when it was made
    if (hr_mkdirs(dir, 0700))
        return -1;
    char *copy = hr_strdup(dir);
    int rc = ev_dir_sync(dirname(copy));
    hr_free(copy);
    return rc;
}

ev_writer_t *ev_writer_new(const char *tmp_path, hr_rc_t *rc_out)
{
    bool direct = true;
    int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_DIRECT, 0600);
    if (fd < 0 && errno == EINVAL) {
        direct = false; // the file system has no O_DIRECT
        fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    }
    if (fd < 0) {
        *rc_out = hr_rc_from_errno(errno);
        return NULL;
    }
    ev_writer_t *w = hr_alloc(sizeof *w);
    w->fd = fd;
    w->direct = direct;
    // O_DIRECT needs an aligned buffer, which hr_alloc does not promise.
    w->stage = aligned_alloc(EV_ALIGN, EV_STAGE_CAP);
    w->spare = aligned_alloc(EV_ALIGN, EV_STAGE_CAP);
    if (!w->stage || !w->spare)
        abort(); // out of memory: the project aborts (STYLE.md 6.9)
    w->tmp_path = hr_strdup(tmp_path);
    w->sha = EVP_MD_CTX_new();
    assert(w->sha);
    EVP_DigestInit_ex(w->sha, EVP_sha256(), NULL);
    w->buf = hr_alloc(EV_BLOB_CHUNK);
    crypto_secretstream_xchacha20poly1305_keygen(w->key);
    unsigned char *header = w->stage;
    memcpy(header, EV_BLOB_MAGIC, EV_BLOB_MAGIC_LEN);
    hr_be32_put(header + EV_BLOB_MAGIC_LEN, EV_BLOB_CHUNK);
    crypto_secretstream_xchacha20poly1305_init_push(&w->st, header + EV_BLOB_MAGIC_LEN + 4, w->key);
    w->staged = EV_BLOB_HEADER_LEN;
    w->file_bytes = EV_BLOB_HEADER_LEN;
    *rc_out = HR_OK;
    return w;
}

// The I/O actor: ["WRITE", buffer, length] -> [rc]. The buffer stays the writer's; the writer
// does not touch it until the reply came (STYLE.md 7.9: hand-off, then hands off).
static void s_io_actor(zsock_t *pipe, void *arg)
{
    int fd = (int)(intptr_t)arg;
    zsock_signal(pipe, 0);
    for (;;) {
        char *cmd = NULL;
        void *buf = NULL;
        uint64_t len = 0;
        if (zsock_recv(pipe, "sp8", &cmd, &buf, &len) < 0)
            break;
        bool term = !cmd || streq(cmd, "$TERM");
        if (!term)
            zsock_send(pipe, "i", (int)s_write_all(fd, buf, (size_t)len));
        zstr_free(&cmd);
        if (term)
            break;
    }
}

// Waits until the stage the actor is writing is written; its result.
static hr_rc_t s_io_wait(ev_writer_t *w)
{
    if (!w->busy)
        return HR_OK;
    int rc = HR_EIO;
    if (zsock_recv(w->io, "i", &rc) < 0)
        rc = HR_EIO;
    w->busy = false;
    return (hr_rc_t)rc;
}

// Writes the aligned part of the stage (everything, padded, when final) and keeps the rest.
// Full stages go to the I/O actor; the final one is written here, after the actor is done.
static hr_rc_t s_flush(ev_writer_t *w, bool final)
{
    hr_rc_t rc = s_io_wait(w);
    if (rc)
        return rc;
    size_t n =
        final ? (w->staged + EV_ALIGN - 1) / EV_ALIGN * EV_ALIGN : w->staged / EV_ALIGN * EV_ALIGN;
    if (final) {
        memset(w->stage + w->staged, 0, n - w->staged);
        rc = n ? s_write_all(w->fd, w->stage, n) : HR_OK;
        if (rc)
            return rc;
        w->staged = 0;
        return ftruncate(w->fd, (off_t)w->file_bytes) ? HR_EIO : HR_OK; // drop the padding
    }
    if (!w->io)
        w->io = zactor_new(s_io_actor, (void *)(intptr_t)w->fd);
    memcpy(w->spare, w->stage + n, w->staged - n); // the unaligned tail starts the next stage
    zsock_send(w->io, "sp8", "WRITE", w->stage, (uint64_t)n);
    w->busy = true;
    unsigned char *full = w->stage;
    w->stage = w->spare;
    w->spare = full;
    w->staged -= n;
    uint64_t written = w->file_bytes - w->staged;
    if (!w->direct && written - w->synced >= EV_SYNC_EVERY) {
        // Start write-back now so the fsync at the end finds little to do; never waits here.
        sync_file_range(w->fd, (off64_t)w->synced, (off64_t)(written - w->synced),
                        SYNC_FILE_RANGE_WRITE);
        w->synced = written;
    }
    return HR_OK;
}

// Encrypts one chunk straight into the stage; writes the stage out once it holds 4 MiB.
static hr_rc_t s_push(ev_writer_t *w, const unsigned char *m, size_t len, unsigned char tag)
{
    assert(w->staged + len + EV_ABYTES <= EV_STAGE_CAP);
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&w->st, w->stage + w->staged, &clen, m, len, NULL, 0,
                                               tag);
    w->staged += (size_t)clen;
    w->file_bytes += clen;
    return w->staged >= EV_STAGE_FLUSH ? s_flush(w, false) : HR_OK;
}

hr_rc_t ev_writer_write(ev_writer_t *w, const void *data, size_t len)
{
    assert(!w->finished);
    const unsigned char *p = data;
    if (w->head_len < EV_SNIFF_BYTES) {
        size_t n = EV_SNIFF_BYTES - w->head_len < len ? EV_SNIFF_BYTES - w->head_len : len;
        memcpy(w->head + w->head_len, p, n);
        w->head_len += n;
    }
    EVP_DigestUpdate(w->sha, p, len);
    w->size += len;
    while (len) {
        if (w->buffered == 0 && len >= EV_BLOB_CHUNK) {
            hr_rc_t rc =
                s_push(w, p, EV_BLOB_CHUNK, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
            if (rc)
                return rc;
            p += EV_BLOB_CHUNK;
            len -= EV_BLOB_CHUNK;
            continue;
        }
        size_t n = EV_BLOB_CHUNK - w->buffered < len ? EV_BLOB_CHUNK - w->buffered : len;
        memcpy(w->buf + w->buffered, p, n);
        w->buffered += n;
        p += n;
        len -= n;
        if (w->buffered == EV_BLOB_CHUNK) {
            hr_rc_t rc =
                s_push(w, w->buf, EV_BLOB_CHUNK, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
            if (rc)
                return rc;
            w->buffered = 0;
        }
    }
    return HR_OK;
}

hr_rc_t ev_writer_finish(ev_writer_t *w, char id_out[EV_ID_HEX + 1])
{
    assert(!w->finished);
    hr_rc_t rc = s_push(w, w->buf, w->buffered, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    if (!rc)
        rc = s_flush(w, true);
    if (rc)
        return rc;
    w->buffered = 0;
    if (fsync(w->fd))
        return hr_rc_from_errno(errno) == HR_EFULL ? HR_EFULL : HR_EIO;
    unsigned char h[EV_HASH_BYTES];
    unsigned int hlen = 0;
    EVP_DigestFinal_ex(w->sha, h, &hlen);
    ev_hex(h, sizeof h, id_out);
    w->finished = true;
    return HR_OK;
}

hr_rc_t ev_writer_commit(ev_writer_t *w, const char *path)
{
    assert(w->finished);
    if (rename(w->tmp_path, path))
        return HR_EIO;
    w->committed = true;
    char *copy = hr_strdup(path);
    int rc = ev_dir_sync(dirname(copy));
    hr_free(copy);
    return rc ? HR_EIO : HR_OK;
}

bool ev_writer_is_committed(const ev_writer_t *w)
{
    return w->committed;
}

uint64_t ev_writer_size(const ev_writer_t *w)
{
    return w->size;
}

const unsigned char *ev_writer_key(const ev_writer_t *w)
{
    return w->key;
}

const unsigned char *ev_writer_head(const ev_writer_t *w, size_t *len_out)
{
    *len_out = w->head_len;
    return w->head;
}

void ev_writer_destroy(ev_writer_t **w_p)
{
    ev_writer_t *w = *w_p;
    if (!w)
        return;
    s_io_wait(w);
    zactor_destroy(&w->io); // before the file it writes to is closed
    if (w->fd >= 0)
        close(w->fd);
    if (!w->committed && w->tmp_path)
        unlink(w->tmp_path);
    sodium_memzero(w->key, sizeof w->key);
    sodium_memzero(&w->st, sizeof w->st);
    if (w->buf)
        sodium_memzero(w->buf, EV_BLOB_CHUNK);
    EVP_MD_CTX_free(w->sha);
    hr_free(w->buf);
    free(w->stage); // from aligned_alloc
    free(w->spare);
    hr_free(w->tmp_path);
    hr_free(w);
    *w_p = NULL;
}

// Makes at least need unread bytes available in r->io, unless the file ends first. Reads go
// to aligned addresses in aligned lengths (O_DIRECT): the unread tail is first moved so that
// it ends on an alignment boundary. 0, or -1 when the file cannot be read.
static int s_fill(ev_reader_t *r, size_t need)
{
    while (r->io_end - r->io_pos < need && !r->eof) {
        size_t tail = r->io_end - r->io_pos;
        size_t dest = (EV_ALIGN - tail % EV_ALIGN) % EV_ALIGN;
        memmove(r->io + dest, r->io + r->io_pos, tail);
        r->io_pos = dest;
        r->io_end = dest + tail;
        size_t want = r->io_cap - r->io_end;
        if (want > EV_STAGE_FLUSH)
            want = EV_STAGE_FLUSH;
        ssize_t n = read(r->fd, r->io + r->io_end, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        r->io_end += (size_t)n;
        if ((size_t)n < want)
            r->eof = true; // a regular file reads short only at its end
    }
    return 0;
}

ev_reader_t *ev_reader_open(const char *path, const unsigned char key[EV_KEY_BYTES], char *why,
                            size_t whylen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whylen, "blob file missing");
        return NULL;
    }
    // A large blob is read around the page cache (O_DIRECT): it is read once or twice and not
    // again soon, and skipping the copy (and, on this class of VM, the cost of fresh page-cache
    // pages) is worth more than read-ahead. Small ones keep the page cache. Reads are aligned
    // either way, so a file system without O_DIRECT just refuses the flag.
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size >= EV_STAGE_FLUSH) {
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            fcntl(fd, F_SETFL, flags | O_DIRECT);
    }
    ev_reader_t *r = hr_alloc(sizeof *r);
    r->fd = fd;
    r->io_cap = EV_STAGE_CAP;
    r->io = aligned_alloc(EV_ALIGN, r->io_cap);
    if (!r->io)
        abort(); // out of memory: the project aborts (STYLE.md 6.9)
    if (s_fill(r, EV_BLOB_HEADER_LEN) || r->io_end - r->io_pos < EV_BLOB_HEADER_LEN ||
        memcmp(r->io + r->io_pos, EV_BLOB_MAGIC, EV_BLOB_MAGIC_LEN)) {
        snprintf(why, whylen, "blob header truncated or not a blob");
        ev_reader_destroy(&r);
        return NULL;
    }
    const unsigned char *header = r->io + r->io_pos;
    r->chunk = hr_be32_get(header + EV_BLOB_MAGIC_LEN);
    if (r->chunk == 0 || r->chunk > EV_BLOB_CHUNK) {
        snprintf(why, whylen, "blob header has a bad chunk size");
        ev_reader_destroy(&r);
        return NULL;
    }
    if (crypto_secretstream_xchacha20poly1305_init_pull(&r->st, header + EV_BLOB_MAGIC_LEN + 4,
                                                        key)) {
        snprintf(why, whylen, "blob header altered");
        ev_reader_destroy(&r);
        return NULL;
    }
    r->io_pos += EV_BLOB_HEADER_LEN;
    r->out = hr_alloc(r->chunk);
    return r;
}

hr_rc_t ev_reader_next(ev_reader_t *r, const unsigned char **data, size_t *len, bool *last,
                       char *why, size_t whylen)
{
    *last = false;
    if (r->done) {
        snprintf(why, whylen, "read past the final chunk");
        return HR_EIO;
    }
    size_t full = (size_t)r->chunk + EV_ABYTES;
    if (s_fill(r, full)) {
        snprintf(why, whylen, "blob unreadable");
        return HR_EIO;
    }
    size_t n = r->io_end - r->io_pos < full ? r->io_end - r->io_pos : full;
    if (n < EV_ABYTES) {
        snprintf(why, whylen, "blob truncated (ends before its final chunk)");
        return HR_EIO;
    }
    unsigned long long mlen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&r->st, r->out, &mlen, &tag, r->io + r->io_pos,
                                                   (unsigned long long)n, NULL, 0)) {
        snprintf(why, whylen,
                 "blob altered, truncated or reordered (a chunk fails authentication)");
        return HR_EIO;
    }
    r->io_pos += n;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        if (mlen >= r->chunk || s_fill(r, 1) || r->io_end != r->io_pos) {
            snprintf(why, whylen, "blob has bytes after its final chunk");
            return HR_EIO;
        }
        r->done = true;
        *last = true;
    } else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE || mlen != r->chunk) {
        snprintf(why, whylen, "blob truncated (a chunk is short)");
        return HR_EIO;
    }
    *data = r->out;
    *len = (size_t)mlen;
    return HR_OK;
}

uint32_t ev_reader_chunk_bytes(const ev_reader_t *r)
{
    return r->chunk;
}

void ev_reader_destroy(ev_reader_t **r_p)
{
    ev_reader_t *r = *r_p;
    if (!r)
        return;
    close(r->fd);
    sodium_memzero(&r->st, sizeof r->st);
    if (r->out)
        sodium_memzero(r->out, r->chunk);
    free(r->io); // from aligned_alloc
    hr_free(r->out);
    hr_free(r);
    *r_p = NULL;
}

hr_rc_t ev_blob_check(const char *path, const unsigned char key[EV_KEY_BYTES], const char *id,
                      uint64_t size, char *why, size_t whylen)
{
    return ev_blob_read_all(path, key, id, size, NULL, why, whylen);
}

hr_rc_t ev_blob_read_all(const char *path, const unsigned char key[EV_KEY_BYTES], const char *id,
                         uint64_t size, unsigned char *out, char *why, size_t whylen)
{
    ev_reader_t *r = ev_reader_open(path, key, why, whylen);
    if (!r)
        return HR_EIO;
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    assert(sha);
    EVP_DigestInit_ex(sha, EVP_sha256(), NULL);
    uint64_t total = 0;
    bool last = false;
    hr_rc_t rc = HR_OK;
    while (!last) {
        const unsigned char *data = NULL;
        size_t len = 0;
        rc = ev_reader_next(r, &data, &len, &last, why, whylen);
        if (rc)
            break;
        if (total + len > size) {
            snprintf(why, whylen, "blob holds more bytes than the record says (%llu)",
                     (unsigned long long)size);
            rc = HR_EIO;
            break;
        }
        EVP_DigestUpdate(sha, data, len);
        if (out)
            memcpy(out + total, data, len);
        total += len;
    }
    if (!rc) {
        unsigned char h[EV_HASH_BYTES];
        unsigned int hlen = 0;
        char hex[EV_ID_HEX + 1];
        EVP_DigestFinal_ex(sha, h, &hlen);
        ev_hex(h, sizeof h, hex);
        if (total != size) {
            snprintf(why, whylen, "blob holds %llu bytes, the record says %llu",
                     (unsigned long long)total, (unsigned long long)size);
            rc = HR_EIO;
        } else if (strcmp(hex, id)) {
            snprintf(why, whylen, "content hash does not match the id");
            rc = HR_EIO;
        }
    }
    EVP_MD_CTX_free(sha);
    ev_reader_destroy(&r);
    return rc;
}
