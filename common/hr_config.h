/*  hr_config - a daemon's settings: a ZPL file (czmq zconfig), HR_* environment overrides,
 *  typed getters with ranges, secrets from files, and a dump of the effective config.
 *
 *  All config is read once at start-up. Getters never fail: a bad value returns the default and
 *  records an error; main() checks hr_config_error() after reading everything and refuses to
 *  start, naming the key, the value, the allowed range and where it came from (STYLE.md 12).
 *
 *  Paths are "section/key". Lookup order: the environment variable HR_<SECTION>_<KEY> (path
 *  upper-cased, '/', '-' and any other non-alphanumeric character become '_', so
 *  "store/mapsize_mb" -> HR_STORE_MAPSIZE_MB), then the file, then the default. A variable set to
 *  the empty string counts as set.
 */
#ifndef HR_CONFIG_H
#define HR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hr_base.h"

typedef struct hr_config hr_config_t;

// Largest config file hr_config_load() reads.
#define HR_CONFIG_FILE_MAX (1024 * 1024)
// Largest secret file hr_config_secret() reads.
#define HR_CONFIG_SECRET_MAX 65536
// What hr_config_each_effective() shows instead of a secret.
#define HR_CONFIG_SECRET_MASK "***"
// Section levels and name bytes hr_config_line() follows; longer paths are never found.
#define HR_CONFIG_DEPTH_MAX 8
#define HR_CONFIG_NAME_MAX 128
// From this many bytes on, a path three typos from a known key still gets it suggested (two
// below).
#define HR_CONFIG_HINT_LONG 16

// Loads the ZPL file at path (at most HR_CONFIG_FILE_MAX bytes). Returns an owned config, or NULL
// with *err_out (if err_out is not NULL) set to an owned message naming the path and the reason
// (missing, unreadable, not a regular file, too large, not valid ZPL). On success *err_out is set
// to NULL.
hr_config_t *hr_config_load(const char *path, char **err_out);

// Returns an owned config with no file: only environment overrides and defaults apply.
hr_config_t *hr_config_new_empty(void);

// Frees the config and every string its getters returned; sets *self_p to NULL; accepts NULL.
void hr_config_destroy(hr_config_t **self_p);

// Returns the file path the config was loaded from (borrowed), "" for an empty config.
const char *hr_config_path(const hr_config_t *self);

// Sets path to value (both copied) as if it were in the file. For tests and tools.
void hr_config_set(hr_config_t *self, const char *path, const char *value);

// Returns the string at path, or def (may be NULL) when it is not set. The result is borrowed
// and stays valid while self lives.
const char *hr_config_str(hr_config_t *self, const char *path, const char *def);

// Returns the integer at path, or def when it is not set. A value that is not a decimal integer
// or lies outside [min, max] records an error and returns def.
// The value written in the file for path, ignoring environment overrides and defaults; NULL
// when absent. For reading another daemon's config (its bus/endpoint), where this process's own
// HR_BUS_ENDPOINT must not apply. Borrowed, valid while self lives.
const char *hr_config_file_str(const hr_config_t *self, const char *path);
int64_t hr_config_int(hr_config_t *self, const char *path, int64_t def, int64_t min, int64_t max);

// Returns the boolean at path (true/false, yes/no, 1/0, on/off, any case), or def when it is not
// set. Anything else records an error and returns def.
bool hr_config_bool(hr_config_t *self, const char *path, bool def);

// Reads the secret for path from the file named by "<path>_file" (so "smtp/password" reads the
// key "smtp/password_file", env HR_SMTP_PASSWORD_FILE). Returns the owned file contents with
// trailing newlines stripped, or NULL when no file is configured (or it is ""). A file that
// cannot be read or is larger than HR_CONFIG_SECRET_MAX records an error and returns NULL. The
// secret itself is never kept: the dump shows HR_CONFIG_SECRET_MASK.
char *hr_config_secret(hr_config_t *self, const char *path);

// hr_config_str for a URL that may carry a credential (a robot's webhook with ?key= or
// ?access_token=, user:password@host, a token as a path segment): the value is returned as it
// is, the effective dump shows it through hr_url_redact.
const char *hr_config_url(hr_config_t *self, const char *path, const char *def);

// An owned copy of url fit for a log or a message: a password in its userinfo becomes
// HR_CONFIG_SECRET_MASK (user:***@host), every query value (?key=***&b=***) and fragment too, and
// a path segment that looks like a token (16 bytes or more, a digit among them: Feishu's
// /hook/<uuid>) as well. Scheme, host, port and the rest of the path stay, so the operator still
// sees which endpoint it is.
char *hr_url_redact(const char *url);

// Returns the first error any getter recorded (borrowed), or NULL when every value read so far
// was valid. Example: "store/mapsize_mb: value '99999999' out of range 1..1048576 (from
// HR_STORE_MAPSIZE_MB)".
const char *hr_config_error(const hr_config_t *self);

// Records an error as the getters do (only the first is kept): for a check of several keys
// together or of a value's form that a service makes after reading them. Name the key, the
// value and what is accepted.
void hr_config_fail(hr_config_t *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Marks path as a key this program knows without reading it now: one read later (a peer's
// endpoint, looked up when first needed) or by another program from the same file (hrctl).
// hr_config_unknown() does not report it and the effective dump does not list it unless a
// getter asks for it.
void hr_config_allow(hr_config_t *self, const char *path);

// The name of the i-th (from 0) section under path in the file, in file order - a subsection
// whose name the company chooses (branch/BJ, branch/CD): NULL past the end, or when path is not a
// section. Keys (leaves) are passed over: they are not sections. Borrowed, valid while self
// lives. The keys under such a section are asked for by the caller as usual, so a misspelt one
// is still an unknown key (hr_config_unknown).
const char *hr_config_section_at(const hr_config_t *self, const char *path, size_t i);

// The line (from 1) of the file where path is written, 0 when it is not in the file (set with
// hr_config_set, an empty config, or deeper than HR_CONFIG_DEPTH_MAX levels).
unsigned hr_config_line(const hr_config_t *self, const char *path);

// For an unknown key: an owned sentence for the operator - "did you mean smtp/from?" when a
// known key (asked for or allowed) is at most two edits away (three from HR_CONFIG_HINT_LONG
// bytes; a swap of two letters is one), else the keys its section has, else that nothing under
// the section is read.
char *hr_config_unknown_hint(const hr_config_t *self, const char *path);

// Calls fn(arg, path) (fn may be NULL) for each key - a leaf of the ZPL tree - in the file or set
// with hr_config_set() that no getter asked for, most likely a typo. Returns how many there were.
size_t hr_config_unknown(const hr_config_t *self, void (*fn)(void *arg, const char *path),
                         void *arg);

// The owned name of the environment variable that sets path: HR_ and the path in capitals with
// every character other than a letter or digit as '_' (smtp/from -> HR_SMTP_FROM).
char *hr_config_env_name(const char *path);

// The environment's side of hr_config_unknown(): calls fn(arg, name, path) for each HR_* variable
// that is not the variable of a known key (asked for or allowed, secret files included) but is at
// most two edits from one - HR_SMTP_FORM beside smtp/from,
// whose variable is HR_SMTP_FROM - with path that key. A variable far from every key is passed
// over: the environment is shared by the daemons and tools, and it may be another one's. Returns
// how many were reported.
size_t hr_config_unknown_env(const hr_config_t *self,
                             void (*fn)(void *arg, const char *name, const char *path), void *arg);

// Calls fn(arg, path, value) for every path asked for, in the order first asked, with its
// effective value ("" when unset; HR_CONFIG_SECRET_MASK for a secret that is set). For the
// start-up log.
void hr_config_each_effective(const hr_config_t *self,
                              void (*fn)(void *arg, const char *path, const char *value),
                              void *arg);

#endif
