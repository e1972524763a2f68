/*  hr_config - ZPL file + environment + defaults, validated once at start-up.
 *
 *  The file is read with hr_file_read (a regular file of at most HR_CONFIG_FILE_MAX bytes) and
 *  parsed with czmq's zconfig_str_load() into a tree; zconfig_load() is not used
 *  because in czmq 4.2.1 it leaks its zfile when the file is not valid ZPL. An empty config is an
 *  empty tree, so hr_config_set() works on both. In the tree a node with children is a section
 *  and a leaf is a key; zconfig reports "" as the value of a bare name, so a leaf's value may be
 *  "" but a section never counts as a value. Every getter records the path it was asked for in
 * `keys` together with the effective value as text: that list drives the unknown-key check (a file
 * key nobody asked for is a typo) and the effective-config dump. Secret values are never stored,
 *  only the mask.
 *
 *  hr_config_str() hands out borrowed strings valid while the config lives. Asking for the same
 *  path again with a different result (another default, a changed environment) must not free a
 *  string a caller still holds, so replaced values move to `retired` and are freed at destroy.
 *
 *  Only the first error is kept: it is the one the operator fixes first, and later errors are
 *  often consequences of it.
 */
#include "hr_config.h"
#include "hr_file.h"

#include <assert.h>
#include <ctype.h>
#include <czmq.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HR_CONFIG_ENV_PREFIX "HR_"
#define HR_CONFIG_ENV_EDITS 2 // hr_config_unknown_env: a variable this close to a key is its typo
#define HR_CONFIG_SECRET_SUFFIX "_file"
#define HR_CONFIG_INITIAL_CAP 16
#define HR_CONFIG_NOT_FROM_FILE "config" // source name of values set on an empty config

typedef struct {
    char *path;  // owned: "section/key"
    char *value; // owned: effective value as text, NULL when unset
    bool secret; // value is the mask, never the secret
    bool url;    // a URL that may carry a credential: the dump shows it redacted
    bool quiet;  // allowed only (hr_config_allow): known, never read, not in the dump
} hr_config_key_t;

struct hr_config {
    zconfig_t *root;       // owned: the file's tree (empty for hr_config_new_empty)
    char *path;            // owned: file path, "" when there is no file
    char *text;            // owned: the file as read (for line numbers), "" without a file
    hr_config_key_t *keys; // owned: every path asked for, in first-asked order
    size_t nkeys;          // entries used in keys
    size_t keys_cap;       // entries allocated in keys
    char **retired;        // owned: replaced values callers may still hold
    size_t nretired;       // entries used in retired
    size_t retired_cap;    // entries allocated in retired
    char *error;           // owned: first error recorded, NULL if none
};

static const char *const s_true_words[] = {"true", "yes", "1", "on"};
static const char *const s_false_words[] = {"false", "no", "0", "off"};

static hr_config_t *s_new(zconfig_t **root_p, const char *path, char **text_p)
{
    hr_config_t *self = hr_alloc(sizeof *self);
    self->root = *root_p;
    *root_p = NULL;
    self->path = hr_strdup(path);
    self->text = *text_p ? *text_p : hr_strdup("");
    *text_p = NULL;
    return self;
}

hr_config_t *hr_config_load(const char *path, char **err_out)
{
    assert(path);
    char *err = NULL;
    char *text = NULL;
    hr_config_t *self = NULL;
    size_t len = 0;
    hr_rc_t rc = hr_file_read(path, HR_CONFIG_FILE_MAX, &text, &len);
    if (rc == HR_EINVAL) {
        err = hr_strfmt("config '%s': not a regular file", path);
        goto out;
    }
    if (rc == HR_EFULL) {
        err = hr_strfmt("config '%s': larger than %d bytes", path, HR_CONFIG_FILE_MAX);
        goto out;
    }
    if (rc) {
        err = hr_strfmt("config '%s': %s", path, strerror(errno));
        goto out;
    }
    zconfig_t *root = zconfig_str_load(text);
    if (!root) {
        err = hr_strfmt("config '%s': not valid ZPL", path);
        goto out;
    }
    self = s_new(&root, path, &text);
out:
    hr_free(text);
    if (err_out)
        *err_out = err;
    else
        hr_free(err);
    return self;
}

hr_config_t *hr_config_new_empty(void)
{
    zconfig_t *root = zconfig_new("root", NULL);
    char *text = NULL;
    return s_new(&root, "", &text);
}

void hr_config_destroy(hr_config_t **self_p)
{
    assert(self_p);
    hr_config_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->nkeys; i++) {
        hr_free(self->keys[i].path);
        hr_free(self->keys[i].value);
    }
    hr_free(self->keys);
    for (size_t i = 0; i < self->nretired; i++)
        hr_free(self->retired[i]);
    hr_free(self->retired);
    zconfig_destroy(&self->root);
    hr_free(self->path);
    hr_free(self->text);
    hr_free(self->error);
    hr_free(self);
    *self_p = NULL;
}

const char *hr_config_path(const hr_config_t *self)
{
    assert(self);
    return self->path;
}

void hr_config_set(hr_config_t *self, const char *path, const char *value)
{
    assert(self);
    assert(path);
    assert(value);
    zconfig_put(self->root, path, value);
}

const char *hr_config_error(const hr_config_t *self)
{
    assert(self);
    return self->error;
}

static void s_vfail(hr_config_t *self, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void s_vfail(hr_config_t *self, const char *fmt, va_list ap)
{
    if (self->error)
        return;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        self->error = hr_strdup(fmt);
        return;
    }
    self->error = hr_alloc((size_t)n + 1);
    vsnprintf(self->error, (size_t)n + 1, fmt, ap);
}

static void s_fail(hr_config_t *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_fail(hr_config_t *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    s_vfail(self, fmt, ap);
    va_end(ap);
}

void hr_config_fail(hr_config_t *self, const char *fmt, ...)
{
    assert(self);
    assert(fmt);
    va_list ap;
    va_start(ap, fmt);
    s_vfail(self, fmt, ap);
    va_end(ap);
}

// Returns the entry for path, adding it if it was never asked for.
static hr_config_key_t *s_key(hr_config_t *self, const char *path)
{
    for (size_t i = 0; i < self->nkeys; i++) {
        if (!strcmp(self->keys[i].path, path))
            return &self->keys[i];
    }
    if (self->nkeys == self->keys_cap) {
        self->keys_cap = self->keys_cap ? self->keys_cap * 2 : HR_CONFIG_INITIAL_CAP;
        self->keys = hr_realloc(self->keys, self->keys_cap * sizeof *self->keys);
    }
    hr_config_key_t *key = &self->keys[self->nkeys++];
    key->path = hr_strdup(path);
    key->value = NULL;
    key->secret = false;
    key->url = false;
    key->quiet = true; // until a getter asks for it
    return key;
}

static bool s_key_is_known(const hr_config_t *self, const char *path)
{
    for (size_t i = 0; i < self->nkeys; i++) {
        if (!strcmp(self->keys[i].path, path))
            return true;
    }
    return false;
}

// Records value as path's effective value and returns the stored copy (NULL for NULL).
static const char *s_remember(hr_config_t *self, const char *path, const char *value)
{
    hr_config_key_t *key = s_key(self, path);
    key->quiet = false;
    if (key->value && value && !strcmp(key->value, value))
        return key->value;
    if (key->value) {
        if (self->nretired == self->retired_cap) {
            self->retired_cap = self->retired_cap ? self->retired_cap * 2 : HR_CONFIG_INITIAL_CAP;
            self->retired = hr_realloc(self->retired, self->retired_cap * sizeof *self->retired);
        }
        self->retired[self->nretired++] = key->value;
    }
    key->value = hr_strdup(value);
    return key->value;
}

// Returns the owned environment variable name for path.
char *hr_config_env_name(const char *path)
{
    char *name = hr_strfmt(HR_CONFIG_ENV_PREFIX "%s", path);
    for (char *p = name + strlen(HR_CONFIG_ENV_PREFIX); *p; p++) {
        unsigned char c = (unsigned char)*p;
        *p = isalnum(c) ? (char)toupper(c) : '_';
    }
    return name;
}

// Returns the raw value for path (borrowed, valid until the next call on self or setenv) or
// NULL; *source_out gets an owned description of where it came from, for error messages.
static const char *s_raw(const hr_config_t *self, const char *path, char **source_out)
{
    char *env = hr_config_env_name(path);
    const char *value = getenv(env);
    if (value) {
        *source_out = env;
        return value;
    }
    hr_free(env);
    zconfig_t *node = zconfig_locate(self->root, path);
    value = node && !zconfig_child(node) ? zconfig_value(node) : NULL; // a section is no value
    if (value)
        *source_out = hr_strdup(*self->path ? self->path : HR_CONFIG_NOT_FROM_FILE);
    else
        *source_out = NULL;
    return value;
}

const char *hr_config_str(hr_config_t *self, const char *path, const char *def)
{
    assert(self);
    assert(path);
    char *source = NULL;
    const char *raw = s_raw(self, path, &source);
    const char *value = s_remember(self, path, raw ? raw : def);
    hr_free(source);
    return value;
}

const char *hr_config_url(hr_config_t *self, const char *path, const char *def)
{
    const char *value = hr_config_str(self, path, def);
    s_key(self, path)->url = true;
    return value;
}

// Whether the path segment seg (len bytes) looks like a token rather than a word of an API's
// path: long, with a digit in it.
static bool s_token_like(const char *seg, size_t len)
{
    if (len < 16)
        return false;
    for (size_t i = 0; i < len; i++)
        if (isdigit((unsigned char)seg[i]))
            return true;
    return false;
}

char *hr_url_redact(const char *url)
{
    assert(url);
    zchunk_t *out = zchunk_new(NULL, strlen(url) + 16);
    const char *p = url;
    const char *scheme = strstr(url, "://");
    if (scheme && scheme < url + strcspn(url, "/?#")) {
        p = scheme + 3;
        zchunk_extend(out, url, (size_t)(p - url));
        // The authority: userinfo@ before the host.
        size_t auth = strcspn(p, "/?#");
        const char *at = NULL;
        for (size_t i = 0; i < auth; i++)
            if (p[i] == '@')
                at = p + i; // the last '@' ends the userinfo
        if (at) {
            const char *colon = memchr(p, ':', (size_t)(at - p));
            zchunk_extend(out, p, colon ? (size_t)(colon + 1 - p) : 0);
            zchunk_extend(out, HR_CONFIG_SECRET_MASK "@", strlen(HR_CONFIG_SECRET_MASK) + 1);
            p = at + 1;
            auth = strcspn(p, "/?#");
        }
        zchunk_extend(out, p, auth);
        p += auth;
    }
    // The path, segment by segment.
    while (*p == '/') {
        zchunk_extend(out, "/", 1);
        p++;
        size_t len = strcspn(p, "/?#");
        if (s_token_like(p, len))
            zchunk_extend(out, HR_CONFIG_SECRET_MASK, strlen(HR_CONFIG_SECRET_MASK));
        else
            zchunk_extend(out, p, len);
        p += len;
    }
    if (p == url) { // no scheme, no path: leave a bare word as it is, up to a query
        size_t len = strcspn(p, "?#");
        zchunk_extend(out, p, len);
        p += len;
    }
    // The query: every name kept, every value masked; a fragment masked whole.
    if (*p == '?') {
        p++;
        zchunk_extend(out, "?", 1);
        while (*p && *p != '#') {
            size_t len = strcspn(p, "&#");
            const char *eq = memchr(p, '=', len);
            zchunk_extend(out, p, eq ? (size_t)(eq + 1 - p) : len);
            if (eq)
                zchunk_extend(out, HR_CONFIG_SECRET_MASK, strlen(HR_CONFIG_SECRET_MASK));
            p += len;
            if (*p == '&') {
                zchunk_extend(out, "&", 1);
                p++;
            }
        }
    }
    if (*p == '#')
        zchunk_extend(out, "#" HR_CONFIG_SECRET_MASK, strlen(HR_CONFIG_SECRET_MASK) + 1);
    char *s = hr_strndup((const char *)zchunk_data(out), zchunk_size(out));
    zchunk_destroy(&out);
    return s;
}

const char *hr_config_file_str(const hr_config_t *self, const char *path)
{
    assert(self);
    assert(path);
    zconfig_t *node = zconfig_locate(self->root, path);
    return node && !zconfig_child(node) ? zconfig_value(node) : NULL;
}

int64_t hr_config_int(hr_config_t *self, const char *path, int64_t def, int64_t min, int64_t max)
{
    assert(self);
    assert(path);
    assert(min <= max);
    char *source = NULL;
    const char *raw = s_raw(self, path, &source);
    int64_t value = def;
    if (raw) {
        int64_t v = 0;
        if (!hr_parse_i64(raw, INT64_MIN, INT64_MAX, &v))
            s_fail(self, "%s: value '%s' is not an integer (from %s)", path, raw, source);
        else if (v < min || v > max)
            s_fail(self, "%s: value '%s' out of range %" PRId64 "..%" PRId64 " (from %s)", path,
                   raw, min, max, source);
        else
            value = v;
    }
    char *text = hr_strfmt("%" PRId64, value);
    s_remember(self, path, text);
    hr_free(text);
    hr_free(source);
    return value;
}

static bool s_word_in(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcasecmp(s, words[i]))
            return true;
    }
    return false;
}

bool hr_config_bool(hr_config_t *self, const char *path, bool def)
{
    assert(self);
    assert(path);
    char *source = NULL;
    const char *raw = s_raw(self, path, &source);
    bool value = def;
    if (raw) {
        if (s_word_in(raw, s_true_words, HR_ARRAY_LEN(s_true_words)))
            value = true;
        else if (s_word_in(raw, s_false_words, HR_ARRAY_LEN(s_false_words)))
            value = false;
        else
            s_fail(self, "%s: value '%s' is not a boolean (true/false/yes/no/1/0/on/off) (from %s)",
                   path, raw, source);
    }
    s_remember(self, path, value ? "true" : "false");
    hr_free(source);
    return value;
}

// Returns the owned contents of the secret file at path without trailing newlines, or records
// an error naming key and returns NULL.
static char *s_read_secret(hr_config_t *self, const char *key, const char *path, const char *source)
{
    char *text = NULL;
    size_t len = 0;
    hr_rc_t rc = hr_file_read(path, HR_CONFIG_SECRET_MAX, &text, &len);
    if (rc == HR_EFULL) {
        s_fail(self, "%s: '%s' is larger than %d bytes (from %s)", key, path, HR_CONFIG_SECRET_MAX,
               source);
        return NULL;
    }
    if (rc) {
        s_fail(self, "%s: cannot read '%s': %s (from %s)", key, path,
               rc == HR_EINVAL ? "not a regular file" : strerror(errno), source);
        return NULL;
    }
    len = strlen(text); // a secret ends at its first NUL, as it always did
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    return text;
}

char *hr_config_secret(hr_config_t *self, const char *path)
{
    assert(self);
    assert(path);
    char *key = hr_strfmt("%s" HR_CONFIG_SECRET_SUFFIX, path);
    char *source = NULL;
    const char *file = s_raw(self, key, &source);
    s_remember(self, key, file);
    char *secret = NULL;
    if (file && *file)
        secret = s_read_secret(self, key, file, source);
    hr_config_key_t *entry = s_key(self, path);
    entry->secret = true;
    entry->quiet = false;
    s_remember(self, path, secret ? HR_CONFIG_SECRET_MASK : NULL);
    hr_free(source);
    hr_free(key);
    return secret;
}

// Visits every leaf (key) under node; prefix is the node's own path ("" for root).
static size_t s_walk_unknown(const hr_config_t *self, zconfig_t *node, const char *prefix,
                             void (*fn)(void *arg, const char *path), void *arg)
{
    size_t count = 0;
    for (zconfig_t *child = zconfig_child(node); child; child = zconfig_next(child)) {
        char *path = *prefix ? hr_strfmt("%s/%s", prefix, zconfig_name(child))
                             : hr_strdup(zconfig_name(child));
        if (!zconfig_child(child) && !s_key_is_known(self, path)) {
            if (fn)
                fn(arg, path);
            count++;
        }
        count += s_walk_unknown(self, child, path, fn, arg);
        hr_free(path);
    }
    return count;
}

size_t hr_config_unknown(const hr_config_t *self, void (*fn)(void *arg, const char *path),
                         void *arg)
{
    assert(self);
    return s_walk_unknown(self, self->root, "", fn, arg);
}

void hr_config_each_effective(const hr_config_t *self,
                              void (*fn)(void *arg, const char *path, const char *value), void *arg)
{
    assert(self);
    assert(fn);
    for (size_t i = 0; i < self->nkeys; i++) {
        const hr_config_key_t *key = &self->keys[i];
        if (key->quiet)
            continue;
        if (key->url && key->value && *key->value) {
            char *shown = hr_url_redact(key->value);
            fn(arg, key->path, shown);
            hr_free(shown);
        } else
            fn(arg, key->path, key->value ? key->value : "");
    }
}

void hr_config_allow(hr_config_t *self, const char *path)
{
    assert(self);
    assert(path);
    s_key(self, path); // a new entry stays quiet; one asked for already is left as it is
}

const char *hr_config_section_at(const hr_config_t *self, const char *path, size_t i)
{
    assert(self);
    assert(path);
    zconfig_t *node = zconfig_locate(self->root, path);
    for (zconfig_t *child = node ? zconfig_child(node) : NULL; child; child = zconfig_next(child)) {
        if (!zconfig_child(child))
            continue; // a key, not a section
        if (!i--)
            return zconfig_name(child);
    }
    return NULL;
}

// The next line of text after *p (its start in *line, its length in *len), or false at the end.
static bool s_next_line(const char **p, const char **line, size_t *len)
{
    if (!**p)
        return false;
    *line = *p;
    *len = strcspn(*p, "\n");
    *p += *len + ((*p)[*len] == '\n');
    return true;
}

unsigned hr_config_line(const hr_config_t *self, const char *path)
{
    assert(self);
    assert(path);
    // ZPL as zconfig reads it: a name per line, indented four spaces per level below its
    // section, then "= value" or nothing; '#' starts a comment line.
    char names[HR_CONFIG_DEPTH_MAX][HR_CONFIG_NAME_MAX];
    const char *p = self->text, *line = NULL;
    size_t len = 0;
    unsigned lineno = 0;
    while (s_next_line(&p, &line, &len)) {
        lineno++;
        size_t indent = 0;
        while (indent < len && line[indent] == ' ')
            indent++;
        size_t name_len = 0;
        while (indent + name_len < len && !strchr(" \t=#\r", line[indent + name_len]))
            name_len++;
        size_t depth = indent / 4;
        if (!name_len || depth >= HR_CONFIG_DEPTH_MAX || name_len >= HR_CONFIG_NAME_MAX)
            continue;
        memcpy(names[depth], line + indent, name_len);
        names[depth][name_len] = '\0';
        // Does path read names[0]/.../names[depth]?
        const char *q = path;
        size_t d = 0;
        for (; d <= depth; d++) {
            size_t n = strlen(names[d]);
            if (strncmp(q, names[d], n) || (q[n] != '/' && q[n] != '\0'))
                break;
            q += n;
            if (*q == '/')
                q++;
            else if (d < depth)
                break;
        }
        if (d == depth + 1 && !*q)
            return lineno;
    }
    return 0;
}

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one
// substring): "form" is one transposition from "from".
static size_t s_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b), w = m + 1;
    size_t *d = hr_alloc((n + 1) * w * sizeof *d);
    for (size_t i = 0; i <= n; i++)
        d[i * w] = i;
    for (size_t j = 0; j <= m; j++)
        d[j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[(i - 1) * w + j] + 1;
            if (d[i * w + j - 1] + 1 < best)
                best = d[i * w + j - 1] + 1;
            if (d[(i - 1) * w + j - 1] + cost < best)
                best = d[(i - 1) * w + j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[(i - 2) * w + j - 2] + 1 < best)
                best = d[(i - 2) * w + j - 2] + 1;
            d[i * w + j] = best;
        }
    }
    size_t result = d[n * w + m];
    hr_free(d);
    return result;
}

char *hr_config_unknown_hint(const hr_config_t *self, const char *path)
{
    assert(self);
    assert(path);
    size_t plen = strlen(path);
    size_t limit = plen >= HR_CONFIG_HINT_LONG ? 3 : 2; // more typos fit in a longer path
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < self->nkeys; i++) {
        size_t d = s_distance(path, self->keys[i].path);
        if (d < best_d) {
            best_d = d;
            best = self->keys[i].path;
        }
    }
    if (best && best_d <= limit)
        return hr_strfmt("did you mean %s?", best);
    // No key close enough: what its section holds, or that nothing is read under it.
    const char *slash = strrchr(path, '/');
    size_t sec_len = slash ? (size_t)(slash - path) + 1 : 0;
    char *known = NULL;
    for (size_t i = 0; sec_len && i < self->nkeys; i++) {
        const char *k = self->keys[i].path;
        if (strncmp(k, path, sec_len) || strchr(k + sec_len, '/'))
            continue;
        char *more = hr_strfmt("%s%s%s", known ? known : "", known ? ", " : "", k + sec_len);
        hr_free(known);
        known = more;
    }
    char *hint = known     ? hr_strfmt("the keys of %.*s are %s", (int)sec_len - 1, path, known)
                 : sec_len ? hr_strfmt("nothing under %.*s/ is read", (int)sec_len - 1, path)
                           : hr_strdup("a key belongs in a section (section/key)");
    hr_free(known);
    return hint;
}

size_t hr_config_unknown_env(const hr_config_t *self,
                             void (*fn)(void *arg, const char *name, const char *path), void *arg)
{
    assert(self);
    extern char **environ;
    size_t count = 0;
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        size_t prefix = strlen(HR_CONFIG_ENV_PREFIX);
        if (!eq || strncmp(*e, HR_CONFIG_ENV_PREFIX, prefix) || (size_t)(eq - *e) == prefix)
            continue;
        char *name = hr_strndup(*e, (size_t)(eq - *e));
        // Two edits at most, however long: DINGTALK_SECRET_FILE (notify's robot) is three from
        // DINGTALK_APPSECRET_FILE (analytics' attendance feed), and both are real.
        size_t limit = HR_CONFIG_ENV_EDITS;
        const char *best = NULL;
        size_t best_d = SIZE_MAX;
        for (size_t i = 0; i < self->nkeys && best_d; i++) {
            char *known = hr_config_env_name(self->keys[i].path);
            size_t d = s_distance(name + prefix, known + prefix);
            if (d < best_d) {
                best_d = d;
                best = self->keys[i].path;
            }
            hr_free(known);
        }
        if (best && best_d && best_d <= limit) {
            if (fn)
                fn(arg, name, best);
            count++;
        }
        hr_free(name);
    }
    return count;
}
