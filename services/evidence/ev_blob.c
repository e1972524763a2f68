/*  ev_blob - blob files: written once through a temp file, encrypted, never edited.
 *
 *  A writer encrypts (libsodium secretstream, a fresh key per blob, 256 KiB chunks) straight
 *  into an aligned staging buffer while a worker thread hashes the same plaintext (OpenSSL
 *  SHA-256) beside it. Full stages go to a temp file created O_EXCL 0600 with O_DIRECT, written
 *  by a second worker while the next stage fills (double buffering): no copy into the page
 *  cache (on this class of VM that copy cost as much as hashing and encrypting together), and
 *  disk time hides behind CPU time. The workers come from a pool the server keeps, so an
 *  upload starts no thread. File systems without O_DIRECT (tmpfs) get buffered writes with
 *  early write-back. The unaligned tail goes through the page cache; then fdatasync - both on
 *  the I/O worker too, started as soon as the last byte is in (ev_writer_end), so an upload
 *  that announced its size has its file on disk by the time the client's PutEnd arrives. Then
 *  rename to the final path, fsync the directory. Only after that does the caller commit the
 *  metadata: a crash leaves at worst a temp file or an unreferenced blob, both removed at
 *  start-up.
 *
 *  The header holds a random pad that the blob key's wrap is derived from (ev_key_wrap):
 *  ev_blob_shred overwrites it in place before unlinking, so no copy of the wrapped key - a
 *  freed LMDB page, a backup of the store alone - opens the file's blocks left on the disk.
 *
 *  A reader refuses anything but the exact stream the writer made: every chunk authenticated,
 *  the final chunk tagged TAG_FINAL and followed by end of file. Truncation, appended bytes,
 *  swapped or altered chunks all fail, and callers serve nothing before a whole blob checked
 *  out. Blobs written with 1 MiB chunks (before 256 KiB) read the same: the header says which.
 *  It reads in aligned 4 MiB pieces into an aligned buffer, with O_DIRECT for large blobs.
 */
#define _GNU_SOURCE // sync_file_range
#include "ev.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#define EV_SYNC_EVERY (8 * 1024 * 1024) // buffered fallback: start write-back this often
#define EV_ALIGN 4096                   // O_DIRECT: buffer, offset and length alignment
#define EV_STAGE_FLUSH (256 * 1024)     // ciphertext goes to disk in pieces of this size
#define EV_READ_PIECE (4 * 1024 * 1024) // readers read this much at a time
#define EV_STAGE_CAP                                                                               \
    ((EV_STAGE_FLUSH + EV_SEAL_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES +              \
      2 * EV_ALIGN) /                                                                              \
     EV_ALIGN * EV_ALIGN)
#define EV_READ_CAP                                                                                \
    ((EV_READ_PIECE + EV_BLOB_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES +               \
      2 * EV_ALIGN) /                                                                              \
     EV_ALIGN * EV_ALIGN)
#define EV_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define EV_HASH_APART (64 * 1024) // pieces at least this big are hashed by a worker

// One piece of work for a worker thread: write data to fd, or hash it into sha.
typedef struct ev_job ev_job_t;
struct ev_job {
    hr_rc_t (*fn)(ev_job_t *job); // what to do
    int fd;                       // s_write_job, s_final_job: the file
    EVP_MD_CTX *sha;              // s_hash_job: the digest (the writer's)
    const void *data;             // borrowed
    size_t len;                   // bytes
    size_t aligned;               // s_final_job: the first bytes, written as they are (O_DIRECT)
    bool direct;                  // s_final_job: the file is open with O_DIRECT
};

struct ev_writer {
    int fd;                                         // the temp file
    char *tmp_path;                                 // owned
    unsigned char key[EV_KEY_BYTES];                // the blob key, wiped on destroy
    crypto_secretstream_xchacha20poly1305_state st; // encryption state
    EVP_MD_CTX *sha;                                // owned: SHA-256 of the plaintext
    unsigned char *buf;                             // owned: EV_SEAL_CHUNK plaintext
    size_t buffered;                                // bytes waiting in buf
    unsigned char *stage;                           // owned: ciphertext, EV_ALIGN-aligned
    size_t staged;                                  // bytes waiting in stage
    unsigned char *spare;                           // owned: the other stage, being written
    ev_pool_t *pool;                                // borrowed; NULL = no threads
    zactor_t *io;                                   // from pool: writes full stages; or NULL
    zactor_t *hasher;                               // from pool: hashes beside the encryption
    ev_job_t io_job;                                // what io is doing
    ev_job_t hash_job;                              // what hasher is doing
    bool busy;                                      // io is writing spare
    bool broken;                                    // a worker's pipe failed: do not lend it
    bool direct;                                    // the file is open with O_DIRECT
    uint64_t size;                                  // plaintext bytes taken
    uint64_t file_bytes;                            // bytes written to the file
    uint64_t synced;                                // write-back started up to here
    unsigned char pad[EV_BLOB_PAD_BYTES];           // in the header; mixed into the key's wrap
    unsigned char head[EV_SNIFF_BYTES];             // first bytes, for sniffing
    size_t head_len;                                // bytes in head
    bool ended;                                     // final chunk sealed; its write may run
    bool finished;                                  // final chunk written and fsynced
    hr_rc_t end_rc;                                 // the final write and fsync, once finished
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

ev_writer_t *ev_writer_new(const char *tmp_path, ev_pool_t *pool, hr_rc_t *rc_out)
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
    w->pool = pool;
    // O_DIRECT needs an aligned buffer, which hr_alloc does not promise.
    w->stage = aligned_alloc(EV_ALIGN, EV_STAGE_CAP);
    w->spare = aligned_alloc(EV_ALIGN, EV_STAGE_CAP);
    if (!w->stage || !w->spare)
        abort(); // out of memory: the project aborts (STYLE.md 6.9)
    w->tmp_path = hr_strdup(tmp_path);
    w->sha = EVP_MD_CTX_new();
    assert(w->sha);
    EVP_DigestInit_ex(w->sha, EVP_sha256(), NULL);
    w->buf = hr_alloc(EV_SEAL_CHUNK);
    crypto_secretstream_xchacha20poly1305_keygen(w->key);
    unsigned char *header = w->stage;
    memcpy(header, EV_BLOB_MAGIC, EV_BLOB_MAGIC_LEN);
    hr_be32_put(header + EV_BLOB_MAGIC_LEN, EV_SEAL_CHUNK);
    randombytes_buf(w->pad, sizeof w->pad);
    memcpy(header + EV_BLOB_PAD_AT, w->pad, sizeof w->pad);
    crypto_secretstream_xchacha20poly1305_init_push(&w->st, header + EV_BLOB_PAD_AT + sizeof w->pad,
                                                    w->key);
    w->staged = EV_BLOB_HEADER_LEN;
    w->file_bytes = EV_BLOB_HEADER_LEN;
    *rc_out = HR_OK;
    return w;
}

// A worker: [job] -> [rc], one job at a time. The job and everything it points to stay the
// sender's, untouched by the sender until the reply came (STYLE.md 7.9: hand-off, then hands
// off).
// Signals go to the daemon's own thread: a worker blocks them, and every receive and send on
// the pipe, on both sides, goes on after EINTR (the daemon catches SIGTERM without SA_RESTART):
// a hand-off that gave up half way would leave a job running on freed memory, or a reply
// unread for the next writer to take as its own.
static void s_worker(zsock_t *pipe, void *arg)
{
    (void)arg;
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, NULL);
    zsock_signal(pipe, 0);
    for (;;) {
        zmsg_t *msg = zmsg_recv(pipe);
        if (!msg && zmq_errno() == EINTR)
            continue;
        if (!msg)
            break; // the context is going away
        zframe_t *f = zmsg_first(msg);
        bool term = !f || zframe_streq(f, "$TERM");
        if (!term && zframe_size(f) == sizeof(ev_job_t *)) {
            ev_job_t *job = NULL;
            memcpy(&job, zframe_data(f), sizeof job);
            int rc = (int)job->fn(job);
            while (zsock_send(pipe, "i", rc) < 0 && zmq_errno() == EINTR)
                ;
        }
        zmsg_destroy(&msg);
        if (term)
            break;
    }
}

// Threads kept between uploads: starting one costs more than hashing a small file.
#define EV_POOL_IDLE 8

struct ev_pool {
    zactor_t *idle[EV_POOL_IDLE]; // owned: workers not lent out
    size_t n;                     // how many
};

ev_pool_t *ev_pool_new(void)
{
    return hr_alloc(sizeof(ev_pool_t));
}

void ev_pool_destroy(ev_pool_t **pool_p)
{
    ev_pool_t *pool = *pool_p;
    if (!pool)
        return;
    while (pool->n)
        zactor_destroy(&pool->idle[--pool->n]);
    hr_free(pool);
    *pool_p = NULL;
}

static zactor_t *s_pool_take(ev_pool_t *pool)
{
    if (!pool)
        return NULL;
    return pool->n ? pool->idle[--pool->n] : zactor_new(s_worker, NULL);
}

// Gives a worker back (idle: no job running); destroys it when the pool is full.
static void s_pool_give(ev_pool_t *pool, zactor_t **actor_p)
{
    if (!*actor_p)
        return;
    if (pool->n < EV_POOL_IDLE) {
        pool->idle[pool->n++] = *actor_p;
        *actor_p = NULL;
    } else
        zactor_destroy(actor_p);
}

// Hands job to worker; false when it could not (the caller then does the job itself).
static bool s_job_start(zactor_t *worker, ev_job_t *job)
{
    for (;;) {
        if (zsock_send(worker, "b", &job, sizeof job) == 0)
            return true;
        if (zmq_errno() != EINTR)
            return false;
    }
}

// The result of the job worker runs. HR_EIO only when the pipe itself failed (the context is
// going away); *broken is then set and the worker must not be lent again.
static hr_rc_t s_job_wait(zactor_t *worker, bool *broken)
{
    int rc = HR_EIO;
    while (zsock_recv(worker, "i", &rc) < 0) {
        if (zmq_errno() != EINTR) {
            *broken = true;
            return HR_EIO;
        }
    }
    return (hr_rc_t)rc;
}

static hr_rc_t s_write_job(ev_job_t *job)
{
    return s_write_all(job->fd, job->data, job->len);
}

static hr_rc_t s_hash_job(ev_job_t *job)
{
    return EVP_DigestUpdate(job->sha, job->data, job->len) == 1 ? HR_OK : HR_EINTERNAL;
}

// Waits until the stage the actor is writing is written; its result.
static hr_rc_t s_io_wait(ev_writer_t *w)
{
    if (!w->busy)
        return HR_OK;
    w->busy = false;
    return s_job_wait(w->io, &w->broken);
}

// The last stage and the file's fsync: the aligned part as the stages before, the unaligned
// tail through the page cache (O_DIRECT cleared), which costs less than padding it and
// truncating the file afterwards; then fdatasync (data and size; the name is synced later).
static hr_rc_t s_final_job(ev_job_t *job)
{
    hr_rc_t rc = job->aligned ? s_write_all(job->fd, job->data, job->aligned) : HR_OK;
    if (!rc && job->len > job->aligned && job->direct) {
        int flags = fcntl(job->fd, F_GETFL);
        if (flags < 0 || fcntl(job->fd, F_SETFL, flags & ~O_DIRECT))
            rc = HR_EIO;
    }
    if (!rc && job->len > job->aligned)
        rc = s_write_all(job->fd, (const unsigned char *)job->data + job->aligned,
                         job->len - job->aligned);
    if (!rc && fdatasync(job->fd))
        rc = hr_rc_from_errno(errno) == HR_EFULL ? HR_EFULL : HR_EIO;
    return rc;
}

// Hands job to the I/O worker (taken from the pool on first use); without one, runs it here.
static hr_rc_t s_io_start(ev_writer_t *w, ev_job_t job)
{
    if (!w->io && w->pool)
        w->io = s_pool_take(w->pool);
    w->io_job = job;
    if (w->io && s_job_start(w->io, &w->io_job)) {
        w->busy = true;
        return HR_OK;
    }
    return w->io_job.fn(&w->io_job);
}

// Writes the aligned part of the stage and keeps the rest. Full stages go to the I/O worker,
// which writes one while the next fills.
static hr_rc_t s_flush(ev_writer_t *w)
{
    hr_rc_t rc = s_io_wait(w);
    if (rc)
        return rc;
    size_t n = w->staged / EV_ALIGN * EV_ALIGN;
    if (!w->io && w->pool)
        w->io = s_pool_take(w->pool);
    if (!w->io) {
        // No worker: written here, and the stage stays where it is.
        rc = s_write_all(w->fd, w->stage, n);
        memmove(w->stage, w->stage + n, w->staged - n);
        w->staged -= n;
        return rc;
    }
    memcpy(w->spare, w->stage + n, w->staged - n); // the unaligned tail starts the next stage
    rc = s_io_start(w, (ev_job_t){.fn = s_write_job, .fd = w->fd, .data = w->stage, .len = n});
    if (rc)
        return rc;
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

// Encrypts one chunk straight into the stage; writes the stage out once it holds EV_STAGE_FLUSH.
static hr_rc_t s_push(ev_writer_t *w, const unsigned char *m, size_t len, unsigned char tag)
{
    assert(w->staged + len + EV_ABYTES <= EV_STAGE_CAP);
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&w->st, w->stage + w->staged, &clen, m, len, NULL, 0,
                                               tag);
    w->staged += (size_t)clen;
    w->file_bytes += clen;
    return w->staged >= EV_STAGE_FLUSH ? s_flush(w) : HR_OK;
}

// Encrypts len bytes into the stage in EV_SEAL_CHUNK pieces, straight from p when a whole
// piece is there, else through w->buf.
static hr_rc_t s_seal(ev_writer_t *w, const unsigned char *p, size_t len)
{
    while (len) {
        if (w->buffered == 0 && len >= EV_SEAL_CHUNK) {
            hr_rc_t rc =
                s_push(w, p, EV_SEAL_CHUNK, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
            if (rc)
                return rc;
            p += EV_SEAL_CHUNK;
            len -= EV_SEAL_CHUNK;
            continue;
        }
        size_t n = EV_SEAL_CHUNK - w->buffered < len ? EV_SEAL_CHUNK - w->buffered : len;
        memcpy(w->buf + w->buffered, p, n);
        w->buffered += n;
        p += n;
        len -= n;
        if (w->buffered == EV_SEAL_CHUNK) {
            hr_rc_t rc =
                s_push(w, w->buf, EV_SEAL_CHUNK, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
            if (rc)
                return rc;
            w->buffered = 0;
        }
    }
    return HR_OK;
}

hr_rc_t ev_writer_write(ev_writer_t *w, const void *data, size_t len)
{
    assert(!w->ended);
    const unsigned char *p = data;
    if (w->head_len < EV_SNIFF_BYTES) {
        size_t n = EV_SNIFF_BYTES - w->head_len < len ? EV_SNIFF_BYTES - w->head_len : len;
        memcpy(w->head + w->head_len, p, n);
        w->head_len += n;
    }
    // Large pieces are hashed by a worker while this thread encrypts them: the two share only
    // the (read-only) input, which stays the caller's until this function returns.
    if (len >= EV_HASH_APART && w->pool && !w->hasher)
        w->hasher = s_pool_take(w->pool);
    bool apart = len >= EV_HASH_APART && w->hasher;
    if (apart) {
        w->hash_job = (ev_job_t){.fn = s_hash_job, .sha = w->sha, .data = data, .len = len};
        apart = s_job_start(w->hasher, &w->hash_job);
    }
    if (!apart)
        EVP_DigestUpdate(w->sha, p, len);
    w->size += len;
    hr_rc_t rc = s_seal(w, p, len);
    hr_rc_t hrc = apart ? s_job_wait(w->hasher, &w->broken) : HR_OK;
    return rc ? rc : hrc;
}

// Seals the final chunk; its write and the fsync go to the I/O worker when apart (the caller
// goes on meanwhile), else happen here: handing work over only to wait for it at once costs a
// thread hand-off for nothing.
static hr_rc_t s_end(ev_writer_t *w, char id_out[EV_ID_HEX + 1], bool apart)
{
    assert(!w->ended);
    w->ended = true;
    hr_rc_t rc = s_push(w, w->buf, w->buffered, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    w->buffered = 0;
    if (!rc)
        rc = s_io_wait(w);
    if (!rc) {
        ev_job_t job = {.fn = s_final_job,
                        .fd = w->fd,
                        .data = w->stage,
                        .len = w->staged,
                        .aligned = w->staged / EV_ALIGN * EV_ALIGN,
                        .direct = w->direct};
        rc = apart ? s_io_start(w, job) : s_final_job(&job);
    }
    if (rc) {
        w->finished = true; // nothing more will happen: ev_writer_wait() reports rc
        w->end_rc = rc;
        return rc;
    }
    unsigned char h[EV_HASH_BYTES];
    unsigned int hlen = 0;
    EVP_DigestFinal_ex(w->sha, h, &hlen);
    ev_hex(h, sizeof h, id_out);
    return HR_OK;
}

hr_rc_t ev_writer_end(ev_writer_t *w, char id_out[EV_ID_HEX + 1])
{
    return s_end(w, id_out, true);
}

hr_rc_t ev_writer_wait(ev_writer_t *w)
{
    assert(w->ended);
    if (!w->finished) {
        w->end_rc = s_io_wait(w);
        w->finished = true;
    }
    return w->end_rc;
}

hr_rc_t ev_writer_finish(ev_writer_t *w, char id_out[EV_ID_HEX + 1])
{
    hr_rc_t rc = s_end(w, id_out, false);
    return rc ? rc : ev_writer_wait(w);
}

hr_rc_t ev_writer_commit(ev_writer_t *w, const char *path)
{
    assert(w->finished && !w->end_rc);
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

bool ev_writer_in_place(const ev_writer_t *w, const char *path)
{
    struct stat mine, there;
    return w->committed && fstat(w->fd, &mine) == 0 && stat(path, &there) == 0 &&
           mine.st_dev == there.st_dev && mine.st_ino == there.st_ino;
}

uint64_t ev_writer_size(const ev_writer_t *w)
{
    return w->size;
}

const unsigned char *ev_writer_key(const ev_writer_t *w)
{
    return w->key;
}

const unsigned char *ev_writer_pad(const ev_writer_t *w)
{
    return w->pad;
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
    s_io_wait(w); // before the file it writes to is closed
    if (w->broken) {
        zactor_destroy(&w->io); // a pipe that failed is never lent again
        zactor_destroy(&w->hasher);
    } else if (w->pool) {
        s_pool_give(w->pool, &w->io);
        s_pool_give(w->pool, &w->hasher);
    }
    if (w->fd >= 0)
        close(w->fd);
    if (!w->committed && w->tmp_path)
        unlink(w->tmp_path);
    sodium_memzero(w->key, sizeof w->key);
    sodium_memzero(w->pad, sizeof w->pad);
    sodium_memzero(&w->st, sizeof w->st);
    if (w->buf)
        sodium_memzero(w->buf, EV_SEAL_CHUNK);
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
        if (want > EV_READ_PIECE)
            want = EV_READ_PIECE;
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
    if (fstat(fd, &st) == 0 && st.st_size >= EV_READ_PIECE) {
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            fcntl(fd, F_SETFL, flags | O_DIRECT);
    }
    ev_reader_t *r = hr_alloc(sizeof *r);
    r->fd = fd;
    r->io_cap = EV_READ_CAP;
    r->io = aligned_alloc(EV_ALIGN, r->io_cap);
    if (!r->io)
        abort(); // out of memory: the project aborts (STYLE.md 6.9)
    // Format 1 (no pad) or 2: the shorter header is read first, and the magic says which.
    size_t hlen = EV_BLOB_HEADER_V1_LEN;
    bool ok = !s_fill(r, EV_BLOB_HEADER_LEN) && r->io_end - r->io_pos >= hlen;
    if (ok && !memcmp(r->io + r->io_pos, EV_BLOB_MAGIC, EV_BLOB_MAGIC_LEN))
        hlen = EV_BLOB_HEADER_LEN;
    else if (ok && memcmp(r->io + r->io_pos, EV_BLOB_MAGIC_V1, EV_BLOB_MAGIC_LEN))
        ok = false;
    if (!ok || r->io_end - r->io_pos < hlen) {
        snprintf(why, whylen, "blob header truncated or not a blob");
        ev_reader_destroy(&r);
        return NULL;
    }
    const unsigned char *header = r->io + r->io_pos;
    r->chunk = hr_be32_get(header + EV_BLOB_MAGIC_LEN);
    if (r->chunk == 0 || r->chunk > EV_BLOB_CHUNK || EV_BLOB_CHUNK % r->chunk) {
        snprintf(why, whylen, "blob header has a bad chunk size");
        ev_reader_destroy(&r);
        return NULL;
    }
    if (crypto_secretstream_xchacha20poly1305_init_pull(
            &r->st, header + hlen - crypto_secretstream_xchacha20poly1305_HEADERBYTES, key)) {
        snprintf(why, whylen, "blob header altered");
        ev_reader_destroy(&r);
        return NULL;
    }
    r->io_pos += hlen;
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

// Reads the pad of the blob file at path: 1 (format 2, pad filled), 0 (format 1: none) or -1
// with why.
static int s_pad_read(const char *path, unsigned char pad[EV_BLOB_PAD_BYTES], char *why,
                      size_t whylen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, whylen, "blob file missing");
        return -1;
    }
    unsigned char h[EV_BLOB_PAD_AT + EV_BLOB_PAD_BYTES];
    ssize_t n;
    do
        n = pread(fd, h, sizeof h, 0);
    while (n < 0 && errno == EINTR);
    close(fd);
    if (n >= (ssize_t)sizeof h && !memcmp(h, EV_BLOB_MAGIC, EV_BLOB_MAGIC_LEN)) {
        memcpy(pad, h + EV_BLOB_PAD_AT, EV_BLOB_PAD_BYTES);
        sodium_memzero(h, sizeof h);
        return 1;
    }
    if (n >= EV_BLOB_MAGIC_LEN && !memcmp(h, EV_BLOB_MAGIC_V1, EV_BLOB_MAGIC_LEN))
        return 0;
    snprintf(why, whylen, "blob header truncated or not a blob");
    return -1;
}

bool ev_blob_key(const ev_keys_t *keys, const char *id, const char *path,
                 const unsigned char *wrapped, size_t len, unsigned char key[EV_KEY_BYTES],
                 char *why, size_t whylen)
{
    unsigned char pad[EV_BLOB_PAD_BYTES];
    int format = s_pad_read(path, pad, why, whylen);
    if (format < 0)
        return false;
    bool ok = ev_key_unwrap(keys, id, format ? pad : NULL, wrapped, len, key);
    sodium_memzero(pad, sizeof pad);
    if (!ok)
        snprintf(why, whylen, "the wrapped key does not open");
    return ok;
}

int ev_blob_shred(const char *path)
{
    unsigned char pad[EV_BLOB_PAD_BYTES];
    char why[64];
    if (s_pad_read(path, pad, why, sizeof why) == 1) {
        // In place: the same file, the same offset, through the page cache (the blocks the
        // pad was written to are written again; a new file and a rename would leave them).
        sodium_memzero(pad, sizeof pad);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n;
            do
                n = pwrite(fd, pad, sizeof pad, EV_BLOB_PAD_AT);
            while (n < 0 && errno == EINTR);
            if (n != (ssize_t)sizeof pad || fdatasync(fd))
                hr_warn("blob.pad_not_overwritten", "errno=%d", errno);
            close(fd);
        }
    }
    if (unlink(path))
        return -1;
    char *copy = hr_strdup(path);
    ev_dir_sync(dirname(copy));
    hr_free(copy);
    return 0;
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
