/*  hr_file - bounded whole-file reads (see hr_file.h for what is refused and why) and durable
 *  whole-file writes.
 *
 *  The size from fstat sizes the buffer, with one byte more than the file had and one for the
 *  NUL: a read that fills the extra byte means the file grew, and the buffer then doubles up to
 *  max + 2, so a file growing without end costs at most max + 2 bytes before it is refused. A
 *  file that reports size 0 but has content (most of /proc) grows the same way from two bytes.
 *  O_NONBLOCK is there for the FIFO, which open() would otherwise wait on; on a regular file it
 *  changes nothing.
 *
 *  The writer closes its descriptor on every path, a failed fsync included: a caller that
 *  retries a write on a full or failing disk must not leak one descriptor per attempt.
 */
#include "hr_file.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// What a failed open() or read() means to the caller.
static hr_rc_t s_rc_of(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return HR_ENOTFOUND;
    case EACCES:
    case EPERM:
        return HR_EDENIED;
    default:
        return HR_EIO;
    }
}

hr_rc_t hr_file_read(const char *path, size_t max, char **data_out, size_t *len_out)
{
    assert(path);
    assert(data_out);
    assert(len_out);
    assert(max < SIZE_MAX / 2);
    *data_out = NULL;
    *len_out = 0;
    hr_rc_t rc = HR_OK;
    int err = 0;
    char *buf = NULL;
    size_t len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) {
        err = errno;
        rc = s_rc_of(err);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        rc = HR_EINVAL;
        goto out;
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > max) {
        err = EFBIG;
        rc = HR_EFULL;
        goto out;
    }
    size_t cap = (size_t)st.st_size + 2; // the size, a byte to see it grew, the NUL
    buf = hr_alloc(cap);
    for (;;) {
        if (len + 1 == cap) { // full but for the NUL: the file grew since fstat
            if (len > max) {
                err = EFBIG;
                rc = HR_EFULL;
                goto out;
            }
            cap = cap > max / 2 ? max + 2 : cap * 2;
            buf = hr_realloc(buf, cap);
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err = errno;
            rc = s_rc_of(err);
            goto out;
        }
        if (n == 0)
            break; // never a read of 0 bytes: the check above left room for one
        len += (size_t)n;
    }
    buf[len] = '\0';
    *data_out = buf;
    *len_out = len;
    buf = NULL;
out:
    hr_free(buf);
    if (fd >= 0)
        close(fd);
    errno = err;
    return rc;
}

// fsync of the directory dir; 0, or -1 with errno.
static int s_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    errno = err;
    return rc;
}

hr_rc_t hr_file_write(const char *path, const void *data, size_t len)
{
    assert(path && *path);
    assert(data || !len);
    const char *slash = strrchr(path, '/');
    char *dir = !slash          ? hr_strdup(".")
                : slash == path ? hr_strdup("/")
                                : hr_strndup(path, (size_t)(slash - path));
    char *tmp = hr_strfmt("%s.tmp", path);
    int err = 0;
    int fd = -1;
    if (hr_mkdirs(dir, 0700)) {
        err = errno;
        goto out;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        err = errno;
        goto out;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, (const char *)data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n < 0 ? errno : EIO;
            goto out;
        }
        done += (size_t)n;
    }
    if (fsync(fd))
        err = errno;
    if (close(fd) && !err)
        err = errno;
    fd = -1; // closed, whether fsync failed or not
    if (err)
        goto out;
    if (rename(tmp, path)) {
        err = errno;
        goto out;
    }
    // The new name is an entry in the directory: until that reaches the disk too, a power cut
    // can take the file away.
    if (s_sync_dir(dir))
        err = errno;
out:
    if (fd >= 0)
        close(fd);
    if (err)
        unlink(tmp); // gone after a rename: then nothing to remove
    hr_free(tmp);
    hr_free(dir);
    errno = err;
    return hr_rc_from_errno(err);
}
