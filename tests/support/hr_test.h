/*  hr_test - what every test needs: temp dirs, file fixtures, a fixed test epoch.
 *
 *  Include after <cmocka.h>'s prerequisites (stdarg, stddef, stdint, setjmp).
 */
#ifndef HR_TEST_H
#define HR_TEST_H

#include "hr_base.h"
#include "hr_store.h"

// 2025-03-03T09:00:00Z, a Monday: the epoch unit tests start their fake clocks at.
#define HR_TEST_T0_MS INT64_C(1740992400000)
// The most hr_test_read_file reads: far above any fixture or log a test reads.
#define HR_TEST_FILE_MAX ((size_t)1 << 30)

// Makes a fresh directory /tmp/hr-<tag>-XXXXXX and returns its owned path; aborts on failure.
char *hr_test_tmpdir(const char *tag);
// Removes dir and everything under it (best effort).
void hr_test_rmdir(const char *dir);
// Reads a whole regular file (at most HR_TEST_FILE_MAX bytes, hr_file_read) into an owned
// NUL-terminated buffer; *len_out (may be NULL) gets its length. NULL on error.
char *hr_test_read_file(const char *path, size_t *len_out);
// Writes len bytes to path (created or truncated). Returns 0 or -1.
int hr_test_write_file(const char *path, const void *data, size_t len);
// Returns an owned path under the source tree (HR_SOURCE_DIR "/" rel).
char *hr_test_source_path(const char *rel);
// Returns an owned path of a built binary (HR_BINARY_DIR "/bin/" name).
char *hr_test_bin_path(const char *name);

// Opens a store in dir for a fixture: the named dbs (NULL-terminated, or NULL for none), schema
// version 1, a map of mapsize_mb. Returns an owned store, or NULL when it cannot be opened.
hr_store_t *hr_test_store_open(const char *dir, const char *const *dbs, size_t mapsize_mb);
// The same for a daemon's store at its schema version (a store written by the daemon).
hr_store_t *hr_test_store_open_at(const char *dir, const char *const *dbs, size_t mapsize_mb,
                                  uint32_t schema_version);

// Runs argv (argv[0] a path) with stdin from /dev/null and stdout and stderr captured into owned
// strings (either may be NULL to discard). Returns the exit status, or -1 if it did not exit.
int hr_test_run(char *const argv[], char **out, char **err);

// The first line of text that is Chinese (more CJK characters than half the ASCII letters) and
// has half-width punctuation - , : ; ( ) ? - next to a Chinese character, as an owned string; NULL
// when there is none. Lines indented five spaces or more (commands, formulas) are code and are
// not read; an English line with a Chinese gloss is English.
char *hr_test_zh_halfwidth(const char *text);

#endif
