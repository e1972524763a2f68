/*  hr_curve - CURVE on the bus's tcp:// sockets (see hr_curve.h). */
#include "hr_curve.h"
#include "hr_log.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *endpoint; // owned
    char *name;     // owned
} s_peer_t;

static struct {
    bool on;                            // hr_curve_init succeeded
    char *dir;                          // owned: the key directory
    char *self;                         // owned: our name
    zcert_t *cert;                      // owned: our certificate, secret key included
    zactor_t *auth;                     // owned: the ZAP handler; NULL for a client only
    s_peer_t peers[HR_CURVE_PEERS_MAX]; // endpoint -> name
    size_t npeers;                      // entries used
} s_curve;

static bool s_is_tcp(const char *endpoint)
{
    return endpoint && !strncmp(endpoint, "tcp://", 6);
}

static bool s_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > HR_CURVE_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
              name[i] == '-' || name[i] == '_'))
            return false;
    return true;
}

hr_rc_t hr_curve_init(const char *dir, const char *self, bool serve, char **err_out)
{
    *err_out = NULL;
    if (s_curve.on) {
        if (!strcmp(s_curve.dir, dir) && !strcmp(s_curve.self, self))
            return HR_OK;
        *err_out = hr_strfmt("CURVE is already on as %s with %s", s_curve.self, s_curve.dir);
        return HR_EINVAL;
    }
    if (!s_name_ok(self)) {
        *err_out = hr_strfmt("'%s' is not a party name", self ? self : "");
        return HR_EINVAL;
    }
    char *path = hr_strfmt("%s/%s.key", dir, self);
    char *shadow = hr_strfmt("%s_secret", path); // zcert_load would read this one first
    char *public_dir = hr_strfmt("%s/public", dir);
    struct stat st, pst;
    zcert_t *cert = NULL;
    hr_rc_t rc = HR_EINVAL;
    if (lstat(shadow, &st) == 0) {
        *err_out = hr_strfmt("%s: remove it: %s is the key", shadow, path);
    } else if (stat(public_dir, &pst) != 0 || (pst.st_mode & 022)) {
        *err_out = hr_strfmt("%s: %s (it must exist and be writable by its owner only: whoever "
                             "writes there enrols a key)",
                             public_dir, stat(public_dir, &pst) ? strerror(errno) : "writable");
    } else if (stat(path, &st) != 0) {
        rc = errno == ENOENT ? HR_ENOTFOUND : HR_EIO;
        *err_out =
            hr_strfmt("%s: %s (hrctl keys DIR makes the key directory)", path, strerror(errno));
    } else if (st.st_mode & 077) {
        *err_out = hr_strfmt("%s: readable by group or others (mode %03o); chmod 600 it", path,
                             (unsigned)(st.st_mode & 0777));
    } else if (!(cert = zcert_load(path)) || !strcmp(zcert_secret_txt(cert), "") ||
               !strcmp(zcert_secret_txt(cert), "0000000000000000000000000000000000000000")) {
        *err_out = hr_strfmt("%s: not a certificate with a secret key", path);
        zcert_destroy(&cert);
    }
    hr_free(path);
    hr_free(shadow);
    if (!cert) {
        hr_free(public_dir);
        return rc;
    }
    zactor_t *auth = NULL;
    if (serve) {
        auth = zactor_new(zauth, NULL);
        if (auth) {
            zstr_sendx(auth, "CURVE", public_dir, NULL);
            zsock_wait(auth);
        }
        if (!auth) {
            *err_out = hr_strdup("cannot start the ZAP handler");
            zcert_destroy(&cert);
            hr_free(public_dir);
            return HR_EINVAL;
        }
    }
    hr_free(public_dir);
    s_curve.on = true;
    s_curve.dir = hr_strdup(dir);
    s_curve.self = hr_strdup(self);
    s_curve.cert = cert;
    s_curve.auth = auth;
    hr_info("curve.on", "self=%s serve=%d key=%s", self, serve, zcert_public_txt(cert));
    return HR_OK;
}

void hr_curve_shutdown(void)
{
    zactor_destroy(&s_curve.auth);
    zcert_destroy(&s_curve.cert);
    hr_free(s_curve.dir);
    hr_free(s_curve.self);
    for (size_t i = 0; i < s_curve.npeers; i++) {
        hr_free(s_curve.peers[i].endpoint);
        hr_free(s_curve.peers[i].name);
    }
    memset(&s_curve, 0, sizeof s_curve);
}

bool hr_curve_enabled(void)
{
    return s_curve.on;
}

void hr_curve_peer(const char *endpoint, const char *name)
{
    if (!endpoint || !name)
        return;
    for (size_t i = 0; i < s_curve.npeers; i++)
        if (!strcmp(s_curve.peers[i].endpoint, endpoint)) {
            hr_free(s_curve.peers[i].name);
            s_curve.peers[i].name = hr_strdup(name);
            return;
        }
    if (s_curve.npeers < HR_CURVE_PEERS_MAX) {
        s_curve.peers[s_curve.npeers].endpoint = hr_strdup(endpoint);
        s_curve.peers[s_curve.npeers++].name = hr_strdup(name);
    }
}

int hr_curve_server(zsock_t *sock, const char *endpoint, char **err_out)
{
    *err_out = NULL;
    if (!s_curve.on || !s_is_tcp(endpoint))
        return 0;
    if (!s_curve.auth) {
        *err_out = hr_strfmt("%s: CURVE is on for a client only; no server may bind", endpoint);
        return -1;
    }
    zcert_apply(s_curve.cert, sock);
    zsock_set_curve_server(sock, 1);
    zsock_set_zap_domain(sock, HR_CURVE_DOMAIN);
    return 0;
}

int hr_curve_client(zsock_t *sock, const char *endpoint, char **err_out)
{
    *err_out = NULL;
    if (!s_curve.on || !s_is_tcp(endpoint))
        return 0;
    const char *name = NULL;
    for (size_t i = 0; i < s_curve.npeers && !name; i++)
        if (!strcmp(s_curve.peers[i].endpoint, endpoint))
            name = s_curve.peers[i].name;
    if (!name) {
        *err_out = hr_strfmt("%s: CURVE is on and no daemon is known to listen there", endpoint);
        return -1;
    }
    char *path = hr_strfmt("%s/public/%s.pub", s_curve.dir, name);
    zcert_t *server = zcert_load(path);
    if (!server) {
        *err_out = hr_strfmt("%s: %s's public key: cannot read", path, name);
        hr_free(path);
        return -1;
    }
    hr_free(path);
    zcert_apply(s_curve.cert, sock);
    zsock_set_curve_serverkey(sock, zcert_public_txt(server));
    zcert_destroy(&server);
    return 0;
}

hr_rc_t hr_curve_make_keys(const char *dir, const char *const *names, char **err_out)
{
    *err_out = NULL;
    char *public_dir = hr_strfmt("%s/public", dir);
    hr_rc_t rc = HR_OK;
    if (hr_mkdirs(public_dir, 0700)) {
        *err_out = hr_strfmt("%s: %s", public_dir, strerror(errno));
        rc = HR_EIO;
    }
    for (size_t i = 0; !rc && names[i]; i++) {
        char *key = hr_strfmt("%s/%s.key", dir, names[i]);
        char *pub = hr_strfmt("%s/%s.pub", public_dir, names[i]);
        struct stat st;
        if (!s_name_ok(names[i])) {
            *err_out = hr_strfmt("'%s' is not a party name", names[i]);
            rc = HR_EINVAL;
        } else if (lstat(key, &st) == 0 || lstat(pub, &st) == 0) {
            // lstat: a dangling symlink is there too, and would be written through
            *err_out = hr_strfmt("%s exists; keys are never overwritten",
                                 lstat(key, &st) == 0 ? key : pub);
            rc = HR_ECONFLICT;
        }
        hr_free(key);
        hr_free(pub);
    }
    for (size_t i = 0; !rc && names[i]; i++) {
        zcert_t *cert = zcert_new();
        zcert_set_meta(cert, "name", "%s", names[i]);
        char *key = hr_strfmt("%s/%s.key", dir, names[i]);
        char *pub = hr_strfmt("%s/%s.pub", public_dir, names[i]);
        mode_t old = umask(077);
        if (zcert_save_secret(cert, key) || zcert_save_public(cert, pub)) {
            *err_out = hr_strfmt("%s: cannot write", key);
            rc = HR_EIO;
        }
        umask(old);
        if (!rc && chmod(key, 0600)) {
            *err_out = hr_strfmt("%s: %s", key, strerror(errno));
            rc = HR_EIO;
        }
        chmod(pub, 0644);
        hr_free(key);
        hr_free(pub);
        zcert_destroy(&cert);
    }
    hr_free(public_dir);
    return rc;
}
