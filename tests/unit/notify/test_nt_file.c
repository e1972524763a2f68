/*  test_nt_file - the file channel's write (nt_worker_run on a FILE job: email without SMTP, the
 *  `file` SMS provider) on a disk whose fsync fails, and on one that works.
 *
 *  fsync is wrapped at link time (-Wl,--wrap=fsync, tests/unit/notify/CMakeLists.txt): the
 *  wrapper notes which directory was synced and, when a test asks, fails a regular file's sync
 *  as a full or failing disk does. A failed write is transient and retried, so it must not leak
 *  its descriptor: twenty failed attempts leave the process with the descriptors it had. A write
 *  recorded as sent must survive a power cut: the directory that holds its new name is synced.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nt.h"
#include "hr_test.h"

#define RETRIES 20

int __real_fsync(int fd);
int __wrap_fsync(int fd);

static int s_fail_errno;   // non-zero: a regular file's fsync fails with it
static ino_t s_synced_dir; // inode of the last directory fsynced, 0 none

int __wrap_fsync(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        s_synced_dir = st.st_ino;
    else if (s_fail_errno) {
        errno = s_fail_errno;
        return -1;
    }
    return __real_fsync(fd);
}

// Descriptors this process holds (the count includes the one that reads the list, always).
static size_t s_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static nt_job_t *s_job(const char *path, const char *text)
{
    nt_job_t *job = hr_alloc(sizeof *job);
    job->kind = NT_JOB_FILE;
    job->path = hr_strdup(path);
    job->data = hr_strdup(text);
    job->len = strlen(text);
    return job;
}

static int s_setup(void **state)
{
    *state = hr_test_tmpdir("nt-file");
    s_fail_errno = 0;
    s_synced_dir = 0;
    return 0;
}

static int s_teardown(void **state)
{
    char *dir = *state;
    s_fail_errno = 0;
    hr_test_rmdir(dir);
    hr_free(dir);
    return 0;
}

static void test_a_failing_fsync_is_retried_without_leaking_a_descriptor(void **state)
{
    const char *dir = *state;
    char *path = hr_strfmt("%s/outbox/d1.eml", dir);
    char *tmp = hr_strfmt("%s.tmp", path);
    nt_job_t *job = s_job(path, "Subject: x\r\n\r\nbody\r\n");
    s_fail_errno = EIO;
    size_t before = s_open_fds();
    for (int i = 0; i < RETRIES; i++) {
        nt_worker_run(NULL, job);
        assert_int_equal(job->outcome, NT_OUTCOME_TRANSIENT);
        assert_non_null(strstr(job->error, "file: "));
    }
    assert_int_equal(s_open_fds(), before);
    assert_int_equal(access(path, F_OK), -1); // nothing under the name
    assert_int_equal(access(tmp, F_OK), -1);  // and no temp file left

    // The disk recovers: the retry writes it.
    s_fail_errno = 0;
    nt_worker_run(NULL, job);
    assert_int_equal(job->outcome, NT_OUTCOME_SENT);
    assert_string_equal(job->error, "");
    assert_int_equal(s_open_fds(), before);
    nt_job_destroy(&job);
    hr_free(tmp);
    hr_free(path);
}

static void test_a_sent_file_and_its_name_are_synced(void **state)
{
    const char *dir = *state;
    char *sub = hr_strfmt("%s/outbox", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    char *path = hr_strfmt("%s/d2.sms.txt", sub);
    char *tmp = hr_strfmt("%s.tmp", path);
    const char *text = "to: 13800000101\n\nreminder\n";
    nt_job_t *job = s_job(path, text);
    nt_worker_run(NULL, job);
    assert_int_equal(job->outcome, NT_OUTCOME_SENT);
    size_t len = 0;
    char *got = hr_test_read_file(path, &len);
    assert_non_null(got);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(got, text, len);
    assert_int_equal(access(tmp, F_OK), -1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(sub, &st), 0);
    assert_true(s_synced_dir == st.st_ino); // the directory holding the new name
    hr_free(got);
    nt_job_destroy(&job);
    hr_free(tmp);
    hr_free(path);
    hr_free(sub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_a_failing_fsync_is_retried_without_leaking_a_descriptor, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_sent_file_and_its_name_are_synced, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.notify.file", tests, NULL, NULL);
}
