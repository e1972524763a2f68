/*  nt_peers - the SMTP sink and HTTP receiver processes notify's e2e tests talk to.
 *
 *  Each peer runs in its own process group so that nt_peer_stop() takes any child it made with
 *  it; a "READY <port>" line on its stdout says it is listening.
 */
#include "nt_peers.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define NT_PEER_PYTHON "/usr/bin/python3"
#define NT_PEER_MAX_ARGS 24
#define NT_PEER_MAX_LIVE 16

// Peers still running when the test process exits (a failed assert skips the clean-up) are
// killed by an atexit hook, so none outlives its test holding ctest's pipes.
static pid_t s_live[NT_PEER_MAX_LIVE];

static void s_kill_live(void)
{
    for (size_t i = 0; i < NT_PEER_MAX_LIVE; i++)
        if (s_live[i] > 0) {
            kill(-s_live[i], SIGKILL);
            waitpid(s_live[i], NULL, 0);
            s_live[i] = 0;
        }
}

static void s_track(pid_t pid, pid_t replace)
{
    static bool registered = false;
    if (!registered) {
        atexit(s_kill_live);
        registered = true;
    }
    for (size_t i = 0; i < NT_PEER_MAX_LIVE; i++)
        if (s_live[i] == replace) {
            s_live[i] = pid;
            return;
        }
}

int nt_peer_start(nt_peer_t *p, const char *script, const char *dir, int port,
                  const char *const *extra)
{
    if (!p->dir)
        p->dir = hr_strdup(dir);
    hr_mkdirs(dir, 0700);
    char *path = hr_strfmt("%s/tests/support/%s", HR_SOURCE_DIR, script);
    char portbuf[16];
    snprintf(portbuf, sizeof portbuf, "%d", port);
    const char *argv[NT_PEER_MAX_ARGS] = {NT_PEER_PYTHON, path, dir};
    size_t n = 3;
    if (port) {
        argv[n++] = "--port";
        argv[n++] = portbuf;
    }
    for (size_t i = 0; extra && extra[i] && n < NT_PEER_MAX_ARGS - 1; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    int fds[2];
    if (pipe(fds)) {
        hr_free(path);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        char *log = hr_strfmt("%s/peer.log", dir);
        int logfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (logfd >= 0)
            dup2(logfd, STDERR_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    hr_free(path);
    if (pid < 0) {
        close(fds[0]);
        return -1;
    }
    setpgid(pid, pid);
    p->pid = pid;
    s_track(pid, 0);
    char line[64] = "";
    size_t got = 0;
    struct pollfd pfd = {fds[0], POLLIN, 0};
    while (got < sizeof line - 1 && !strchr(line, '\n')) {
        if (poll(&pfd, 1, NT_PEER_READY_MS) <= 0)
            break;
        ssize_t k = read(fds[0], line + got, sizeof line - 1 - got);
        if (k <= 0)
            break;
        got += (size_t)k;
        line[got] = '\0';
    }
    close(fds[0]);
    int64_t ready_port = 0;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = '\0';
    if (strncmp(line, "READY ", 6) || !hr_parse_i64(line + 6, 1, 65535, &ready_port)) {
        fprintf(stderr, "nt_peer: %s did not get ready: '%s'\n", script, line);
        nt_peer_stop(p);
        return -1;
    }
    p->port = (int)ready_port;
    return 0;
}

void nt_peer_stop(nt_peer_t *p)
{
    if (p->pid <= 0)
        return;
    s_track(0, p->pid);
    kill(-p->pid, SIGTERM);
    for (int i = 0; i < 100; i++) {
        if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
            p->pid = 0;
            return;
        }
        zclock_sleep(50);
    }
    kill(-p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
    p->pid = 0;
}

void nt_peer_free(nt_peer_t *p)
{
    nt_peer_stop(p);
    hr_free(p->dir);
}

int nt_peer_control(const nt_peer_t *p, const char *text)
{
    char *tmp = hr_strfmt("%s/control.tmp", p->dir);
    char *path = hr_strfmt("%s/control", p->dir);
    FILE *f = fopen(tmp, "w");
    int rc = -1;
    if (f) {
        fputs(text, f);
        rc = fclose(f) ? -1 : rename(tmp, path);
    }
    hr_free(tmp);
    hr_free(path);
    return rc;
}

static int s_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

// Sorted names of *.json files. Owned array of owned strings.
static char **s_list(const nt_peer_t *p, size_t *n_out)
{
    char **names = NULL;
    size_t n = 0;
    DIR *d = opendir(p->dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
            names = hr_realloc(names, (n + 1) * sizeof *names);
            names[n++] = hr_strdup(e->d_name);
        }
    }
    if (d)
        closedir(d);
    if (n)
        qsort(names, n, sizeof *names, s_name_cmp);
    *n_out = n;
    return names;
}

size_t nt_peer_count(const nt_peer_t *p)
{
    size_t n = 0;
    char **names = s_list(p, &n);
    for (size_t i = 0; i < n; i++)
        hr_free(names[i]);
    hr_free(names);
    return n;
}

json_t *nt_peer_messages(const nt_peer_t *p)
{
    size_t n = 0;
    char **names = s_list(p, &n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        char *path = hr_strfmt("%s/%s", p->dir, names[i]);
        json_error_t err;
        json_t *o = json_load_file(path, 0, &err);
        if (o)
            json_array_append_new(arr, o);
        else
            fprintf(stderr, "nt_peer: %s: %s\n", path, err.text);
        hr_free(path);
        hr_free(names[i]);
    }
    hr_free(names);
    return arr;
}

size_t nt_peer_wait(const nt_peer_t *p, size_t n, int timeout_ms)
{
    size_t got = 0;
    for (int waited = 0; waited <= timeout_ms; waited += 50) {
        got = nt_peer_count(p);
        if (got >= n)
            break;
        zclock_sleep(50);
    }
    return got;
}

const char *nt_peer_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

bool nt_peer_went_to(json_t *m, bool sms, const char *to)
{
    if (sms)
        return !strcmp(nt_peer_str(json_object_get(m, "json"), "to"), to);
    json_t *rcpts = json_object_get(m, "rcpt_tos");
    for (size_t i = 0; i < json_array_size(rcpts); i++)
        if (json_string_value(json_array_get(rcpts, i)) &&
            !strcmp(json_string_value(json_array_get(rcpts, i)), to))
            return true;
    return false;
}

json_t *nt_peer_wait_for(const nt_peer_t *p, bool sms, const char *to, const char *what,
                         size_t want, int timeout_ms)
{
    json_t *found = json_array();
    for (int waited = 0; waited <= timeout_ms; waited += 200) {
        json_array_clear(found);
        json_t *msgs = nt_peer_messages(p);
        for (size_t i = 0; i < json_array_size(msgs); i++) {
            json_t *m = json_array_get(msgs, i);
            const char *field = sms ? nt_peer_str(json_object_get(m, "json"), "template")
                                    : nt_peer_str(m, "subject");
            if (nt_peer_went_to(m, sms, to) && strstr(field, what))
                json_array_append(found, m);
        }
        json_decref(msgs);
        if (json_array_size(found) >= want)
            break;
        zclock_sleep(200);
    }
    return found;
}
