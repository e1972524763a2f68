/*  unit.hrctl.backup - copying blob files for hrctl backup and restore (ctl_backup.c): every
 *  file copied and counted; on a target that takes no more (here: hrctl's files capped with
 *  RLIMIT_FSIZE, EFBIG as ENOSPC on a full disk) the copy stops at the first failure and says so
 *  once, instead of a line for every file left. And config paths (ctl_config.c) come out
 *  absolute with a relative config directory: a restore writes only where it can name in full.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ctl.h"
#include "hr.h"
#include "hr_test.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILES_PER_DIR 20
#define FILE_BYTES 2048

// blobs/<00|01>/<name> with FILES_PER_DIR files of FILE_BYTES each under dir.
static char *s_blobs(const char *dir)
{
    char *blobs = hr_strfmt("%s/blobs", dir);
    char data[FILE_BYTES];
    memset(data, 'x', sizeof data);
    for (int sub = 0; sub < 2; sub++) {
        char *d = hr_strfmt("%s/%02x", blobs, sub);
        assert_int_equal(hr_mkdirs(d, 0700), 0);
        for (int i = 0; i < FILES_PER_DIR; i++) {
            char *f = hr_strfmt("%s/blob%02d", d, i);
            assert_int_equal(hr_test_write_file(f, data, sizeof data), 0);
            hr_free(f);
        }
        hr_free(d);
    }
    return blobs;
}

static void test_every_blob_file_is_copied_and_counted(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("ctl-backup");
    char *blobs = s_blobs(dir);
    char *to = hr_strfmt("%s/copy", dir);
    uint64_t files = 0, bytes = 0;
    assert_int_equal(ctl_copy_blobs(blobs, to, &files, &bytes), 0);
    assert_int_equal(files, 2 * FILES_PER_DIR);
    assert_int_equal(bytes, 2 * FILES_PER_DIR * FILE_BYTES);
    hr_test_rmdir(dir);
    hr_free(to);
    hr_free(blobs);
    hr_free(dir);
}

static void test_a_target_that_takes_no_more_stops_the_copy_with_one_line(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("ctl-backup-full");
    char *blobs = s_blobs(dir);
    char *to = hr_strfmt("%s/copy", dir);
    char *errs = hr_strfmt("%s/stderr.txt", dir);
    // stderr into a file (opened before the cap: the lines must still fit), files capped.
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(errs, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    close(fd);
    struct rlimit old, cap;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    cap = old;
    cap.rlim_cur = FILE_BYTES / 2;
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &cap), 0);
    uint64_t files = 0, bytes = 0;
    int rc = ctl_copy_blobs(blobs, to, &files, &bytes);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, was);
    fflush(stderr);
    assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
    close(saved);
    assert_int_equal(rc, -1);
    assert_int_equal(files, 0);
    size_t len = 0;
    char *text = hr_test_read_file(errs, &len);
    assert_non_null(text);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (lines != 1)
        fail_msg("%zu lines on stderr:\n%s", lines, text);
    assert_non_null(strstr(text, "nothing more is copied there"));
    hr_free(text);
    hr_test_rmdir(dir);
    hr_free(errs);
    hr_free(to);
    hr_free(blobs);
    hr_free(dir);
}

// A path in a daemon's config relative to a relative config directory comes out absolute:
// the directory the daemons start in is the config directory's grandparent, taken from here.
static void test_a_relative_config_directory_gives_absolute_paths(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("ctl-config");
    char *conf = hr_strfmt("%s/deploy/config", dir);
    assert_int_equal(hr_mkdirs(conf, 0700), 0);
    char here[4096];
    assert_non_null(getcwd(here, sizeof here));
    assert_int_equal(chdir(dir), 0);
    char *path = ctl_config_path("deploy/config", "var/workflow");
    char *want = hr_strfmt("%s/var/workflow", dir);
    assert_int_equal(chdir(here), 0);
    assert_string_equal(path, want);
    char *abs = ctl_config_path("deploy/config", "/srv/hr/workflow");
    assert_string_equal(abs, "/srv/hr/workflow");
    hr_free(abs);
    hr_free(want);
    hr_free(path);
    hr_test_rmdir(dir);
    hr_free(conf);
    hr_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_blob_file_is_copied_and_counted),
        cmocka_unit_test(test_a_target_that_takes_no_more_stops_the_copy_with_one_line),
        cmocka_unit_test(test_a_relative_config_directory_gives_absolute_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
