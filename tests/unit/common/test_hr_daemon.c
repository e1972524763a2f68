/*  test_hr_daemon - hr_daemon_main() itself: argument and config errors with their exit codes,
 *  and a whole life in a child process (READY on --ready-fd, peers resolved from the config
 *  directory, a second instance refused, SIGTERM gives exit 0).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hr.h"
#include "hr_test.h"

#define READY_WAIT_MS 10000
#define STOP_WAIT_MS 10000

typedef struct {
    char *dir; // owned: temp dir holding configs, store and result files
} fixture_t;

static hr_rc_t s_start(void *self, hr_daemon_t *daemon);

static const hr_service_t s_service = {
    .name = "testd",
    .schema_version = 1,
    .start = s_start,
};

// Writes what the daemon resolved for its peer into <store/dir>/peer.txt, so the parent can see.
static hr_rc_t s_start(void *self, hr_daemon_t *daemon)
{
    HR_UNUSED(self);
    char *err = NULL;
    char *ep = hr_daemon_peer_endpoint(daemon, "other", &err);
    const char *dir = hr_config_str(hr_daemon_config(daemon), "store/dir", "");
    char *path = hr_strfmt("%s/peer.txt", dir);
    const char *text = ep ? ep : (err ? err : "?");
    hr_test_write_file(path, text, strlen(text));
    hr_free(path);
    hr_free(ep);
    hr_free(err);
    return HR_OK;
}

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("daemon");
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

static char *s_config(fixture_t *f, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s.cfg", f->dir, name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    return path;
}

static char *s_good_config(fixture_t *f)
{
    char *text = hr_strfmt("bus\n    endpoint = \"ipc://%s/testd.ipc\"\nstore\n"
                           "    dir = \"%s/store\"\n    mapsize_mb = 8\n",
                           f->dir, f->dir);
    char *path = s_config(f, "testd", text);
    hr_free(text);
    return path;
}

static int s_main(int argc, char **argv)
{
    return hr_daemon_main(&s_service, NULL, argc, argv);
}

static void test_bad_arguments_exit_2(void **state)
{
    HR_UNUSED(state);
    char *no_config[] = {"hr-testd", NULL};
    assert_int_equal(s_main(1, no_config), 2);
    char *unknown[] = {"hr-testd", "--frobnicate", NULL};
    assert_int_equal(s_main(2, unknown), 2);
    char *bad_fd[] = {"hr-testd", "--config", "x.cfg", "--ready-fd", "three", NULL};
    assert_int_equal(s_main(5, bad_fd), 2);
    char *version[] = {"hr-testd", "--version", NULL};
    assert_int_equal(s_main(2, version), 0);
}

static void test_config_problems_exit_1(void **state)
{
    fixture_t *f = *state;
    char *missing = hr_strfmt("%s/nope.cfg", f->dir);
    char *argv1[] = {"hr-testd", "--config", missing, NULL};
    assert_int_equal(s_main(3, argv1), 1);

    char *no_endpoint = s_config(f, "a", "store\n    dir = \"/tmp/x\"\n");
    char *argv2[] = {"hr-testd", "--config", no_endpoint, NULL};
    assert_int_equal(s_main(3, argv2), 1);

    char *bad_level = s_config(f, "b",
                               "bus\n    endpoint = \"ipc:///tmp/x\"\nstore\n"
                               "    dir = \"/tmp/x\"\nlog\n    level = \"loud\"\n");
    char *argv3[] = {"hr-testd", "--config", bad_level, NULL};
    assert_int_equal(s_main(3, argv3), 1);

    char *bad_map = s_config(f, "c",
                             "bus\n    endpoint = \"ipc:///tmp/x\"\nstore\n"
                             "    dir = \"/tmp/x\"\n    mapsize_mb = -5\n");
    char *argv4[] = {"hr-testd", "--config", bad_map, NULL};
    assert_int_equal(s_main(3, argv4), 1);
    hr_free(missing);
    hr_free(no_endpoint);
    hr_free(bad_level);
    hr_free(bad_map);
}

// Reads one line from fd within READY_WAIT_MS into buf.
static bool s_read_line(int fd, char *buf, size_t len)
{
    size_t n = 0;
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    while (n < len - 1 && poll(&pfd, 1, READY_WAIT_MS) > 0) {
        ssize_t r = read(fd, buf + n, len - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        buf[n] = '\0';
        if (strchr(buf, '\n'))
            return true;
    }
    buf[n] = '\0';
    return false;
}

static int s_wait_exit(pid_t pid)
{
    for (int waited = 0; waited < STOP_WAIT_MS; waited += 10) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

static void test_a_whole_life_ready_peer_lock_and_clean_stop(void **state)
{
    fixture_t *f = *state;
    char *cfg = s_good_config(f);
    char *peer_text = hr_strfmt("bus\n    endpoint = \"ipc://%s/other.ipc\"\n", f->dir);
    char *peer = s_config(f, "other", peer_text);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        // The environment moves this daemon's own endpoint; it must not leak into the peer's.
        char *own = hr_strfmt("ipc://%s/moved.ipc", f->dir);
        setenv("HR_BUS_ENDPOINT", own, 1);
        char fdbuf[16];
        snprintf(fdbuf, sizeof fdbuf, "%d", fds[1]);
        char *argv[] = {"hr-testd", "--config", cfg, "--ready-fd", fdbuf, NULL};
        _exit(s_main(5, argv));
    }
    close(fds[1]);
    char line[256];
    assert_true(s_read_line(fds[0], line, sizeof line));
    close(fds[0]);
    char *want = hr_strfmt("READY testd ipc://%s/moved.ipc\n", f->dir);
    assert_string_equal(line, want);

    char *peer_file = hr_strfmt("%s/store/peer.txt", f->dir);
    char *resolved = hr_test_read_file(peer_file, NULL);
    char *want_peer = hr_strfmt("ipc://%s/other.ipc", f->dir);
    assert_non_null(resolved);
    assert_string_equal(resolved, want_peer);

    // A second instance on the same store is refused (exit 1) while the first runs.
    char *argv2[] = {"hr-testd", "--config", cfg, NULL};
    assert_int_equal(s_main(3, argv2), 1);

    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_int_equal(s_wait_exit(pid), 0);
    hr_free(want);
    hr_free(want_peer);
    hr_free(resolved);
    hr_free(peer_file);
    hr_free(peer);
    hr_free(peer_text);
    hr_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        // First: the child must fork before this process has a ZeroMQ context (not fork-safe).
        cmocka_unit_test_setup_teardown(test_a_whole_life_ready_peer_lock_and_clean_stop, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments_exit_2, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_config_problems_exit_1, s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.common.daemon", tests, NULL, NULL);
}
