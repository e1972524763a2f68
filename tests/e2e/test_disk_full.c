/*  e2e.disk_full - reliability P4 and P12 on a disk that is really full: the daemons' data
 *  directory is a small tmpfs, mounted in a mount namespace of this test's own (it goes when
 *  the test ends, whatever happens), filled to the last byte while hr-workflow and
 *  hr-evidence run.
 *
 *  Full: an upload is refused with a clear error and leaves no temp file; an import that must
 *  grow the workflow's store is refused ("the store is full") with nothing of it stored and no
 *  notification queued; both daemons keep answering. Space freed: the same import and upload
 *  go through, and the evidence store verifies clean.
 *
 *  Without the right to make a mount namespace (CAP_SYS_ADMIN) the test is skipped, saying so.
 */
#define _GNU_SOURCE // unshare, CLONE_NEWNS, fallocate
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sodium.h>
#include <unistd.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SKIP_CODE 77          // ctest SKIP_RETURN_CODE
#define TMPFS_OPTS "size=24m" // room for the stores at start, not for much more

static bool s_private_tmpfs(const char *dir)
{
    if (unshare(CLONE_NEWNS) || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
        fprintf(stderr, "e2e.disk_full: skipped: no mount namespace (%s)\n", strerror(errno));
        return false;
    }
    if (mount("tmpfs", dir, "tmpfs", 0, TMPFS_OPTS)) {
        fprintf(stderr, "e2e.disk_full: skipped: cannot mount a tmpfs (%s)\n", strerror(errno));
        return false;
    }
    return true;
}

// Fills the file system holding dir to the last byte with dir/filler.
static void s_fill(const char *dir)
{
    char *path = hr_strfmt("%s/filler", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    struct statvfs vfs;
    assert_int_equal(statvfs(dir, &vfs), 0);
    off_t free_bytes = (off_t)vfs.f_bavail * (off_t)vfs.f_frsize;
    if (free_bytes > 4096)
        assert_int_equal(fallocate(fd, 0, 0, free_bytes - 4096), 0);
    static const char page[4096];
    while (write(fd, page, sizeof page) > 0) // the rest, to ENOSPC
        ;
    assert_int_equal(errno, ENOSPC);
    close(fd);
    hr_free(path);
}

// Entries in dir other than . and ..
static size_t s_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static size_t s_people(e2e_t *c, hr_arena_t *arena)
{
    Hr__Workflow__ListPeopleRequest req = HR__WORKFLOW__LIST_PEOPLE_REQUEST__INIT;
    Hr__Workflow__ListPeopleReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListPeople", &req.base,
                              &hr__workflow__list_people_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep->n_people;
}

static void test_a_full_disk_refuses_clearly_loses_nothing_and_recovers(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("disk_full");
    assert_non_null(c);
    char *data = hr_strfmt("%s/data", e2e_dir(c));
    if (!s_private_tmpfs(data)) {
        hr_free(data);
        e2e_stop(&c);
        exit(SKIP_CODE);
    }
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "evidence", "keys/master_file", key);
    e2e_config(c, "evidence", "store/mapsize_mb", "64");
    e2e_config(c, "workflow", "store/mapsize_mb", "64");
    hr_free(key);
    const char *const svcs[] = {"workflow", "evidence", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    char *file = hr_strfmt("%s/scan.bin", e2e_dir(c)); // outside the full file system
    unsigned char *bytes = hr_alloc(256 * 1024);
    randombytes_buf(bytes, 256 * 1024);
    assert_int_equal(hr_test_write_file(file, bytes, 256 * 1024), 0);
    hr_free(bytes);
    const char *put[] = {"evidence", "put",   file, "--case", "01JN00000000000000000000AA",
                         "--kind",   "other", NULL};
    const char *list[] = {"evidence", "list", "--case", "01JN00000000000000000000AA", NULL};

    s_fill(data);
    // 1. The upload is refused, saying why; nothing of it stays.
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, put), 1);
    fprintf(stderr, "full disk, put: %s", err);
    assert_non_null(strstr(err, "efull"));
    hr_free(out);
    hr_free(err);
    char *tmp = hr_strfmt("%s/evidence/tmp", data);
    assert_int_equal(s_entries(tmp), 0);
    hr_free(tmp);
    // 2. The import that would grow the store is refused whole: no person, no notification.
    assert_int_equal(wfe_import_demo(c, arena), -1);
    assert_int_equal(s_people(c, arena), 0);
    assert_int_equal(wfe_outbox_count(c, NULL, NULL, arena, NULL), 0);
    // 3. Both still serve: they answer, and the evidence service lists the case (empty).
    for (size_t i = 0; svcs[i]; i++) {
        Hr__Sys__PingRequest ping = HR__SYS__PING_REQUEST__INIT;
        hr_result_t res;
        assert_int_equal(e2e_call(c, svcs[i], "sys.Ping", &ping.base,
                                  &hr__sys__ping_reply__descriptor, arena, &res),
                         HR_OK);
    }
    assert_int_equal(e2e_hrctl(c, &out, &err, list), 0);
    assert_non_null(strstr(out, "0 record"));
    hr_free(out);
    hr_free(err);

    // 4. Space again: the same import and upload go through; the store verifies.
    char *filler = hr_strfmt("%s/filler", data);
    assert_int_equal(unlink(filler), 0);
    hr_free(filler);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_true(s_people(c, arena) >= 40);
    assert_int_equal(e2e_hrctl(c, &out, &err, put), 0);
    hr_free(out);
    hr_free(err);
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"verify", NULL}), 0);
    assert_non_null(strstr(out, "verify: ok"));
    hr_free(out);
    hr_free(err);

    hr_free(file);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_stop_one(c, "evidence"), 0);
    umount2(data, MNT_DETACH);
    hr_free(data);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_full_disk_refuses_clearly_loses_nothing_and_recovers),
    };
    return cmocka_run_group_tests_name("e2e.disk_full", tests, NULL, NULL);
}
