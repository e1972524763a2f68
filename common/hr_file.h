/*  hr_file - a whole file read into memory, bounded: the one reader of configs, secrets,
 *  calendars, templates, keys and the files hrctl sends; and a whole file written so that it
 *  survives a power loss: the one writer of the files a service records as written (notify's
 *  file channel, analytics' original feed files).
 *
 *  A reader that trusts what it finds at a path reads a directory as an empty file (a calendar
 *  with no holidays), waits for ever on a FIFO, reads /dev/zero until memory runs out, or takes
 *  a file cut short by a read error for the whole one. This one takes regular files only, up to
 *  a limit the caller names, and says which of those it met.
 *
 *  A writer that stops at write() or even at fsync() of the file can lose it to a power cut: the
 *  rename that gave the file its name lives in the directory, which needs an fsync of its own.
 */
#ifndef HR_FILE_H
#define HR_FILE_H

#include "hr_base.h"

// Reads the whole regular file at path. On HR_OK *data_out is an owned buffer (hr_free) of
// *len_out bytes followed by a NUL, so a text is a string and binary content may hold NULs of
// its own; it is allocated once from the file's size and moves only if the file grows while it
// is read (a caller holding a secret wipes len bytes before freeing it). A directory, FIFO,
// device or socket is refused without a byte read (it is opened non-blocking: a FIFO with no
// writer does not stop the caller); a file of more than max bytes, or one that grows past max
// while it is read, is never read whole. On failure *data_out is NULL, *len_out 0, and errno
// names the reason: the failing call's, EFBIG for HR_EFULL, EISDIR (a directory) or EINVAL
// (anything else that is not a regular file) for HR_EINVAL.
// Returns HR_OK, or
//   HR_ENOTFOUND  nothing at path (ENOENT, or a part of it is not a directory: ENOTDIR)
//   HR_EINVAL     not a regular file
//   HR_EFULL      more than max bytes
//   HR_EDENIED    no permission to open it (EACCES, EPERM)
//   HR_EIO        any other failure to open or read it (ELOOP, EIO, ...)
hr_rc_t hr_file_read(const char *path, size_t max, char **data_out, size_t *len_out);

// Writes len bytes of data (borrowed) as the whole file at path, durably: into "<path>.tmp"
// (0600; path's missing parent directories are made 0700), fsynced and closed, renamed over
// path, then path's directory fsynced. A reader never sees half a file, and on HR_OK the file is
// on the disk under its name. The descriptor is closed whatever fails. On failure the temp file
// is removed, errno names the failing call's reason, and path holds what it held before - or,
// when only the directory's fsync failed, the new content, not yet known to be durable: writing
// it again is the remedy either way.
// Returns HR_OK, or (hr_rc_from_errno) HR_EFULL (ENOSPC), HR_EDENIED (EACCES, EPERM),
// HR_ENOTFOUND (ENOENT), HR_EINVAL, HR_EIO (EIO, EROFS, EDQUOT, anything else).
hr_rc_t hr_file_write(const char *path, const void *data, size_t len);

#endif
