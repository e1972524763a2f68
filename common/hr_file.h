/*  hr_file - a whole file read into memory, bounded: the one reader of configs, secrets,
 *  calendars, templates, keys and the files hrctl sends.
 *
 *  A reader that trusts what it finds at a path reads a directory as an empty file (a calendar
 *  with no holidays), waits for ever on a FIFO, reads /dev/zero until memory runs out, or takes
 *  a file cut short by a read error for the whole one. This one takes regular files only, up to
 *  a limit the caller names, and says which of those it met.
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

#endif
