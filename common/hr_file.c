/*  hr_file - bounded whole-file reads (see hr_file.h for what is refused and why).
 *
 *  The size from fstat sizes the buffer, with one byte more than the file had and one for the
 *  NUL: a read that fills the extra byte means the file grew, and the buffer then doubles up to
 *  max + 2, so a file growing without end costs at most max + 2 bytes before it is refused. A
 *  file that reports size 0 but has content (most of /proc) grows the same way from two bytes.
 *  O_NONBLOCK is there for the FIFO, which open() would otherwise wait on; on a regular file it
 *  changes nothing.
 */
#include "hr_file.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
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
