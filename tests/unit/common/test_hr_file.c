/*  test_hr_file - hr_file_read: what it hands over (every byte, NUL-terminated, at most max) and
 *  what it refuses (nothing there, too large, not a regular file), each with its own result.
 *  Permission is not tested: the tests run as root, whom mode bits do not stop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hr_file.h"
#include "hr_test.h"

// One temp dir for the group (*state, owned); every test names its files apart.
static int s_setup(void **state)
{
    *state = hr_test_tmpdir("file");
    return 0;
}

static int s_teardown(void **state)
{
    char *dir = *state;
    hr_test_rmdir(dir);
    hr_free(dir);
    return 0;
}

// Writes len bytes to dir/name; returns the owned path.
static char *s_file(const char *dir, const char *name, const void *data, size_t len)
{
    char *path = hr_strfmt("%s/%s", dir, name);
    assert_int_equal(hr_test_write_file(path, data, len), 0);
    return path;
}

// hr_file_read that must fail with want and errno want_errno, leaving nothing behind.
static void s_refused(const char *path, size_t max, hr_rc_t want, int want_errno)
{
    char *data = (char *)"untouched";
    size_t len = 99;
    errno = 0;
    hr_rc_t rc = hr_file_read(path, max, &data, &len);
    int err = errno;
    if (rc != want)
        fail_msg("%s: got %s, want %s", path, hr_rc_name(rc), hr_rc_name(want));
    assert_int_equal(err, want_errno);
    assert_null(data);
    assert_int_equal(len, 0);
}

static void test_a_missing_file_is_not_found(void **state)
{
    const char *dir = *state;
    char *missing = hr_strfmt("%s/nothing.txt", dir);
    s_refused(missing, 100, HR_ENOTFOUND, ENOENT);
    // A path through a regular file is a path to nothing, too.
    char *file = s_file(dir, "plain", "x", 1);
    char *through = hr_strfmt("%s/inside", file);
    s_refused(through, 100, HR_ENOTFOUND, ENOTDIR);
    // A link to nothing.
    char *link = hr_strfmt("%s/dangling", dir);
    assert_int_equal(symlink(missing, link), 0);
    s_refused(link, 100, HR_ENOTFOUND, ENOENT);
    hr_free(link);
    hr_free(through);
    hr_free(file);
    hr_free(missing);
}

static void test_an_empty_file_is_an_empty_string(void **state)
{
    const char *dir = *state;
    char *path = s_file(dir, "empty", "", 0);
    char *data = NULL;
    size_t len = 99;
    assert_int_equal(hr_file_read(path, 100, &data, &len), HR_OK);
    assert_non_null(data);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    hr_free(data);
    // Even with no room at all.
    assert_int_equal(hr_file_read(path, 0, &data, &len), HR_OK);
    assert_int_equal(len, 0);
    hr_free(data);
    hr_free(path);
}

static void test_max_bytes_are_read_and_one_more_is_too_large(void **state)
{
    const char *dir = *state;
    enum { MAX = 5000 };
    char text[MAX + 1];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + i % 26);
    char *exact = s_file(dir, "exact", text, MAX);
    char *over = s_file(dir, "over", text, MAX + 1);

    char *data = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(exact, MAX, &data, &len), HR_OK);
    assert_int_equal(len, MAX);
    assert_memory_equal(data, text, MAX);
    assert_int_equal(data[MAX], '\0');
    hr_free(data);

    s_refused(over, MAX, HR_EFULL, EFBIG);
    assert_int_equal(hr_file_read(over, MAX + 1, &data, &len), HR_OK);
    assert_int_equal(len, MAX + 1);
    hr_free(data);

    char *one = s_file(dir, "one", "x", 1);
    s_refused(one, 0, HR_EFULL, EFBIG);
    hr_free(one);
    hr_free(over);
    hr_free(exact);
}

// Binary content comes back byte for byte, NULs and all, with a NUL after it.
static void test_binary_content_is_kept_whole(void **state)
{
    const char *dir = *state;
    unsigned char bytes[300];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(i * 7);
    bytes[0] = 0;
    bytes[sizeof bytes - 1] = 0;
    char *path = s_file(dir, "binary", bytes, sizeof bytes);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(path, sizeof bytes, &data, &len), HR_OK);
    assert_int_equal(len, sizeof bytes);
    assert_memory_equal(data, bytes, sizeof bytes);
    assert_int_equal(data[len], '\0');
    hr_free(data);
    hr_free(path);
}

// A directory is not an empty file (a calendar with no holidays), a FIFO with no writer does
// not hang the reader, and a device is not read until memory runs out.
static void test_what_is_not_a_regular_file_is_refused_unread(void **state)
{
    const char *dir = *state;
    s_refused(dir, 1 << 20, HR_EINVAL, EISDIR);
    char *fifo = hr_strfmt("%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    s_refused(fifo, 1 << 20, HR_EINVAL, EINVAL);
    s_refused("/dev/zero", 1 << 20, HR_EINVAL, EINVAL);
    s_refused("/dev/null", 1 << 20, HR_EINVAL, EINVAL);
    // A link to a regular file is followed.
    char *target = s_file(dir, "target", "through a link", 14);
    char *link = hr_strfmt("%s/link", dir);
    assert_int_equal(symlink(target, link), 0);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(link, 100, &data, &len), HR_OK);
    assert_string_equal(data, "through a link");
    hr_free(data);
    hr_free(link);
    hr_free(target);
    hr_free(fifo);
}

// A file whose size says 0 but which has content (as /proc's do) is read as it grows, and
// refused once it passes max: the same path as a file that grows while it is read.
static void test_a_file_larger_than_its_stat_size_is_read_to_its_end(void **state)
{
    HR_UNUSED(state);
    struct stat st;
    assert_int_equal(stat("/proc/self/status", &st), 0);
    assert_int_equal(st.st_size, 0);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read("/proc/self/status", 1 << 20, &data, &len), HR_OK);
    assert_true(len > 100);
    assert_int_equal(strlen(data), len);
    assert_non_null(strstr(data, "Name:"));
    hr_free(data);
    s_refused("/proc/self/status", 64, HR_EFULL, EFBIG);
}

// A read that fails part of the way is not a shorter file: /proc/self/mem is a regular file
// whose first read fails (offset 0 of our address space is unmapped), even for root.
static void test_a_read_error_is_an_error_not_a_short_file(void **state)
{
    HR_UNUSED(state);
    s_refused("/proc/self/mem", 1 << 20, HR_EIO, EIO);
}

// hr_file_write: the content whole under its name (0600, missing directories made), an older
// file replaced, no temp file left; where no file can be made, an error and nothing left.
static void test_a_written_file_replaces_the_old_one_whole(void **state)
{
    const char *dir = *state;
    char *path = hr_strfmt("%s/made/here/out.txt", dir);
    char *tmp = hr_strfmt("%s.tmp", path);
    assert_int_equal(hr_file_write(path, "first version", 13), HR_OK);
    assert_int_equal(hr_file_write(path, "second\0!", 8), HR_OK);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(path, 100, &data, &len), HR_OK);
    assert_int_equal(len, 8);
    assert_memory_equal(data, "second\0!", 8);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(access(tmp, F_OK), -1);
    hr_free(data);

    assert_int_equal(hr_file_write(path, "", 0), HR_OK); // empty is a file too
    assert_int_equal(hr_file_read(path, 100, &data, &len), HR_OK);
    assert_int_equal(len, 0);
    hr_free(data);

    // A directory where the file's parent should be: refused, nothing written.
    char *blocked = hr_strfmt("%s/made/here/out.txt/inner.txt", dir);
    errno = 0;
    assert_int_not_equal(hr_file_write(blocked, "x", 1), HR_OK);
    assert_int_not_equal(errno, 0);
    // A name that is a directory: the rename fails, the temp file goes.
    char *is_dir = hr_strfmt("%s/made", dir);
    char *is_dir_tmp = hr_strfmt("%s.tmp", is_dir);
    assert_int_not_equal(hr_file_write(is_dir, "x", 1), HR_OK);
    assert_int_equal(access(is_dir_tmp, F_OK), -1);
    hr_free(is_dir_tmp);
    hr_free(is_dir);
    hr_free(blocked);
    hr_free(tmp);
    hr_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_missing_file_is_not_found),
        cmocka_unit_test(test_an_empty_file_is_an_empty_string),
        cmocka_unit_test(test_max_bytes_are_read_and_one_more_is_too_large),
        cmocka_unit_test(test_binary_content_is_kept_whole),
        cmocka_unit_test(test_what_is_not_a_regular_file_is_refused_unread),
        cmocka_unit_test(test_a_file_larger_than_its_stat_size_is_read_to_its_end),
        cmocka_unit_test(test_a_read_error_is_an_error_not_a_short_file),
        cmocka_unit_test(test_a_written_file_replaces_the_old_one_whole),
    };
    return cmocka_run_group_tests_name("unit.common.file", tests, s_setup, s_teardown);
}
