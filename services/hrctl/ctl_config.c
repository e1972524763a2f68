/*  ctl_config - where hrctl finds the daemons' config files, and their endpoints.
 *
 *  Order: --config-dir DIR, then $HR_CONFIG_DIR, then ./etc/hr (the company's configs that
 *  deploy/run.sh starts the daemons with), then ./deploy/config, then the same two next to the
 *  binary (build/bin/../../etc/hr, build/bin/../../deploy/config), so `build/bin/hrctl health`
 *  works from the repository root and from anywhere else in a development tree.
 */
#include "ctl.h"
#include "hr.h"

#include <ctype.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define CTL_IPC_PREFIX "ipc://"
#define CTL_PATH_SEGMENTS_MAX 64

const char *const ctl_services[] = {"workflow",  "evidence", "analytics", "notify",
                                    "assistant", "gateway",  NULL};

static bool s_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *ctl_config_dir(const char *given)
{
    if (given)
        return hr_strdup(given);
    const char *env = getenv("HR_CONFIG_DIR");
    if (env && *env)
        return hr_strdup(env);
    static const char *const dirs[] = {"etc/hr", "deploy/config"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (s_is_dir(dirs[i]))
            return hr_strdup(dirs[i]);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        const char *bin = dirname(exe);
        for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
            char *path = hr_strfmt("%s/../../%s", bin, dirs[i]);
            if (s_is_dir(path))
                return path;
            hr_free(path);
        }
    }
    return hr_strdup("deploy/config");
}

// Removes "." and "name/.." segments from path in place (lexically: no symlinks followed), so
// "/a/build/bin/../../deploy/config/../../var" reads "/a/var".
static void s_path_clean(char *path)
{
    bool absolute = path[0] == '/';
    char *segs[CTL_PATH_SEGMENTS_MAX];
    size_t n = 0;
    char *save = NULL;
    for (char *seg = strtok_r(path, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!strcmp(seg, "."))
            continue;
        if (!strcmp(seg, "..") && n > 0 && strcmp(segs[n - 1], ".."))
            n--;
        else if (n < CTL_PATH_SEGMENTS_MAX)
            segs[n++] = seg;
    }
    char *out = hr_strdup(absolute ? "/" : "");
    for (size_t i = 0; i < n; i++) {
        char *next = hr_strfmt("%s%s%s", out, i ? "/" : "", segs[i]);
        hr_free(out);
        out = next;
    }
    memmove(path, out, strlen(out) + 1); // never longer than the original
    hr_free(out);
}

// A relative ipc:// path is relative to the directory the daemons were started in (the
// repository root for deploy/run.sh), which is the config directory's grandparent. hrctl run from
// anywhere else still finds the socket; a socket that exists nowhere is reported at once instead
// of waiting out a timeout on a path nobody listens on. Takes endpoint; returns it or a new one.
// A socket file nobody listens on (left by a daemon that was killed) is as good as none: a call
// would only wait for its deadline. Refused here, once, for every command.
static char *s_ipc_listening(char *endpoint, const char *service, char **err_out)
{
    if (hr_ipc_in_use(endpoint))
        return endpoint;
    *err_out = hr_strfmt("%s: nobody listens there (a socket left by a daemon that stopped); is "
                         "hr-%s running? (deploy/run.sh starts it)",
                         endpoint, service);
    hr_free(endpoint);
    return NULL;
}

static char *s_ipc_resolve(const char *config_dir, const char *service, char *endpoint,
                           char **err_out)
{
    const char *path = endpoint + strlen(CTL_IPC_PREFIX);
    struct stat st;
    if (stat(path, &st) == 0)
        return s_ipc_listening(endpoint, service, err_out);
    if (*path != '/') {
        char *candidate = hr_strfmt("%s/../../%s", config_dir, path);
        s_path_clean(candidate);
        if (stat(candidate, &st) == 0) {
            char *resolved = hr_strfmt("%s%s", CTL_IPC_PREFIX, candidate);
            hr_free(candidate);
            hr_free(endpoint);
            return s_ipc_listening(resolved, service, err_out);
        }
        hr_free(candidate);
    }
    *err_out = hr_strfmt("%s: no socket there; is hr-%s running? (deploy/run.sh starts it)",
                         endpoint, service);
    hr_free(endpoint);
    return NULL;
}

char *ctl_config_path(const char *config_dir, const char *path)
{
    if (*path == '/')
        return hr_strdup(path);
    // A relative config directory ("deploy/config", --config-dir conf) is taken from here: the
    // path comes out absolute (a restore writes only where it can name in full).
    char cwd[PATH_MAX];
    bool rel = *config_dir != '/' && getcwd(cwd, sizeof cwd);
    char *p = rel ? hr_strfmt("%s/%s/../../%s", cwd, config_dir, path)
                  : hr_strfmt("%s/../../%s", config_dir, path);
    s_path_clean(p);
    return p;
}

char *ctl_config_file_path(const char *config_dir, const char *service, const char *key)
{
    char *path = hr_strfmt("%s/%s.cfg", config_dir, service);
    hr_config_t *cfg = hr_config_load(path, NULL);
    const char *v = cfg ? hr_config_file_str(cfg, key) : NULL;
    char *out = v && *v ? ctl_config_path(config_dir, v) : NULL;
    hr_config_destroy(&cfg);
    hr_free(path);
    return out;
}

// A tcp:// endpoint of a daemon with CURVE on: hrctl speaks CURVE as "hrctl" (its key in the
// same keys/curve_dir, or $HR_KEYS_CURVE_DIR) and checks the daemon's key. NULL, or why hrctl
// cannot (owned): then it does not talk to the daemon at all rather than in the clear.
static char *s_curve_for(const char *config_dir, const char *service, const char *endpoint)
{
    if (!endpoint || strncmp(endpoint, "tcp://", 6))
        return NULL;
    hr_curve_peer(endpoint, service);
    if (hr_curve_enabled())
        return NULL;
    char *dir = getenv("HR_KEYS_CURVE_DIR") && *getenv("HR_KEYS_CURVE_DIR")
                    ? hr_strdup(getenv("HR_KEYS_CURVE_DIR"))
                    : NULL;
    if (!dir)
        dir = ctl_config_file_path(config_dir, service, "keys/curve_dir");
    char *err = NULL;
    char *why = NULL;
    if (dir && hr_curve_init(dir, "hrctl", false, &err)) {
        why = hr_strfmt("keys/curve_dir: %s", err);
        hr_free(err);
    }
    hr_free(dir);
    return why;
}

char *ctl_endpoint(const char *config_dir, const char *service, char **err_out)
{
    *err_out = NULL;
    // HR_PEERS_<SERVICE> wins, as it does for the daemons (docker-compose sets it).
    char env[64];
    size_t n = (size_t)snprintf(env, sizeof env, "HR_PEERS_%s", service);
    for (size_t i = 0; i < n && i < sizeof env; i++)
        env[i] = (char)toupper((unsigned char)env[i]);
    const char *given = getenv(env);
    if (given && *given) {
        *err_out = s_curve_for(config_dir, service, given);
        return *err_out ? NULL : hr_strdup(given);
    }
    char *path = hr_strfmt("%s/%s.cfg", config_dir, service);
    char *err = NULL;
    hr_config_t *config = hr_config_load(path, &err);
    char *endpoint = NULL;
    if (!config)
        *err_out = err ? err : hr_strfmt("%s: cannot read", path);
    else if (!hr_config_file_str(config, "bus/endpoint") ||
             !*hr_config_file_str(config, "bus/endpoint"))
        *err_out = hr_strfmt("%s: bus/endpoint is not set", path);
    else
        endpoint = hr_strdup(hr_config_file_str(config, "bus/endpoint"));
    if (config)
        hr_free(err);
    hr_config_destroy(&config);
    hr_free(path);
    if (endpoint && !strncmp(endpoint, CTL_IPC_PREFIX, strlen(CTL_IPC_PREFIX)))
        endpoint = s_ipc_resolve(config_dir, service, endpoint, err_out);
    char *why = endpoint ? s_curve_for(config_dir, service, endpoint) : NULL;
    if (why) {
        hr_free(endpoint);
        *err_out = why;
        return NULL;
    }
    return endpoint;
}
