/*  ctl_config - where hrctl finds the daemons' config files, and their endpoints.
 *
 *  Order: --config-dir DIR, then $HR_CONFIG_DIR, then ./deploy/config, then deploy/config
 *  next to the binary (build/bin/../../deploy/config), so `build/bin/hrctl health` works from
 *  the repository root and from anywhere else in a development tree.
 */
#include "ctl.h"
#include "hr.h"

#include <ctype.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

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
    if (s_is_dir("deploy/config"))
        return hr_strdup("deploy/config");
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *path = hr_strfmt("%s/../../deploy/config", dirname(exe));
        if (s_is_dir(path))
            return path;
        hr_free(path);
    }
    return hr_strdup("deploy/config");
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
    if (given && *given)
        return hr_strdup(given);
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
    return endpoint;
}
