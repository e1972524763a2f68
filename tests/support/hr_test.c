/*  hr_test - temp dirs and file fixtures shared by the unit and end-to-end tests. */
#include "hr_test.h"
#include "hr_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *hr_test_tmpdir(const char *tag)
{
    char *tmpl = hr_strfmt("/tmp/hr-%s-XXXXXX", tag);
    if (!mkdtemp(tmpl)) {
        fprintf(stderr, "hr_test_tmpdir: mkdtemp %s: %s\n", tmpl, strerror(errno));
        abort();
    }
    return tmpl;
}

void hr_test_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *path = hr_strfmt("%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
                hr_test_rmdir(path);
            else
                unlink(path);
            hr_free(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

char *hr_test_read_file(const char *path, size_t *len_out)
{
    char *data = NULL;
    size_t len = 0;
    if (hr_file_read(path, HR_TEST_FILE_MAX, &data, &len))
        return NULL;
    if (len_out)
        *len_out = len;
    return data;
}

int hr_test_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    int rc = fclose(f);
    return (n == len && rc == 0) ? 0 : -1;
}

char *hr_test_source_path(const char *rel)
{
    return hr_strfmt("%s/%s", HR_SOURCE_DIR, rel);
}

char *hr_test_bin_path(const char *name)
{
    return hr_strfmt("%s/bin/%s", HR_BINARY_DIR, name);
}

static char *s_slurp_fd(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = hr_alloc(cap);
    ssize_t n;
    while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = hr_realloc(buf, cap);
        }
    }
    buf[len] = '\0';
    return buf;
}

int hr_test_run(char *const argv[], char **out, char **err)
{
    char outpath[] = "/tmp/hr-test-out-XXXXXX";
    char errpath[] = "/tmp/hr-test-err-XXXXXX";
    int ofd = mkstemp(outpath);
    int efd = mkstemp(errpath);
    if (ofd < 0 || efd < 0)
        return -1;
    unlink(outpath);
    unlink(errpath);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, STDOUT_FILENO);
        dup2(efd, STDERR_FILENO);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = -1;
    if (pid > 0)
        waitpid(pid, &status, 0);
    lseek(ofd, 0, SEEK_SET);
    lseek(efd, 0, SEEK_SET);
    char *o = s_slurp_fd(ofd);
    char *e = s_slurp_fd(efd);
    close(ofd);
    close(efd);
    if (out)
        *out = o;
    else
        hr_free(o);
    if (err)
        *err = e;
    else
        hr_free(e);
    return (pid > 0 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
}

hr_store_t *hr_test_store_open(const char *dir, const char *const *dbs, size_t mapsize_mb)
{
    return hr_test_store_open_at(dir, dbs, mapsize_mb, 1);
}

hr_store_t *hr_test_store_open_at(const char *dir, const char *const *dbs, size_t mapsize_mb,
                                  uint32_t schema_version)
{
    hr_store_opts_t opts = {
        .dir = dir, .mapsize_mb = mapsize_mb, .dbs = dbs, .schema_version = schema_version};
    char *err = NULL;
    hr_store_t *store = hr_store_open(&opts, &err);
    hr_free(err);
    return store;
}

// A Chinese character (CJK ideograph): what a half-width mark must not stand next to.
static bool s_is_han(uint32_t cp)
{
    return cp >= 0x4e00 && cp <= 0x9fff;
}

// Decodes the UTF-8 character at p (well-formed input assumed: the texts tested are ours);
// *len gets its byte count.
static uint32_t s_cp(const unsigned char *p, size_t *len)
{
    if (p[0] < 0x80 || !p[1]) {
        *len = 1;
        return p[0];
    }
    if ((p[0] & 0xe0) == 0xc0) {
        *len = 2;
        return ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
    }
    if ((p[0] & 0xf0) == 0xe0 && p[2]) {
        *len = 3;
        return ((uint32_t)(p[0] & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
    }
    *len = 1;
    return p[0];
}

char *hr_test_zh_halfwidth(const char *text)
{
    const char *line = text;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        size_t zh = 0, ascii = 0;
        bool bad = false;
        uint32_t prev = 0; // the character before, a single space passed over
        for (size_t i = 0; i < n;) {
            size_t len;
            uint32_t cp = s_cp((const unsigned char *)line + i, &len);
            if (s_is_han(cp))
                zh++;
            else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
                ascii++;
            if (cp && cp < 0x80 && strchr(",:;()?", (int)cp)) {
                // "中," "中 (" or ",中" ", 中".
                uint32_t next = 0;
                size_t at = i + len, l2;
                if (at < n && line[at] == ' ')
                    at++;
                if (at < n)
                    next = s_cp((const unsigned char *)line + at, &l2);
                if (s_is_han(prev) || s_is_han(next))
                    bad = true;
            }
            if (cp != ' ')
                prev = cp;
            i += len;
        }
        if (bad && zh * 2 > ascii && strncmp(line, "     ", 5))
            return hr_strndup(line, n);
        line = end ? end + 1 : NULL;
    }
    return NULL;
}
