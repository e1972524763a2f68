/*  ctl.h - the one header hrctl's files include.
 *
 *  Every command is a function with main()'s signature: argv[0] is the command's own name
 *  ("law", "health"), it returns the process exit code. Exit codes: 0 success, 1 the thing
 *  asked about is not well (a daemon down, a verification failure), 2 invalid usage or input.
 */
#ifndef CTL_H
#define CTL_H

#include "hr_arena.h"
#include "hr_base.h"

#include <jansson.h>
#include <stdio.h>

#define CTL_EXIT_OK 0
#define CTL_EXIT_FAIL 1
#define CTL_EXIT_USAGE 2

typedef int(ctl_command_fn)(int argc, char **argv);

typedef struct {
    const char *name;    // first word after hrctl
    ctl_command_fn *run; // the command
    const char *summary; // one line for `hrctl help`
} ctl_command_t;

// Commands, one per ctl_<name>.c.
int ctl_law_main(int argc, char **argv);
int ctl_health_main(int argc, char **argv);
int ctl_notify_main(int argc, char **argv);
int ctl_evidence_main(int argc, char **argv);
int ctl_verify_main(int argc, char **argv);
int ctl_calendar_main(int argc, char **argv);
int ctl_import_main(int argc, char **argv);
int ctl_template_main(int argc, char **argv);
int ctl_case_main(int argc, char **argv);
// `hrctl layoff ...` (ctl_layoff.c): an economic layoff's batch of A41 cases (LCL 41).
int ctl_layoff_main(int argc, char **argv);
// Prints the synopsis of every `hrctl case` action on out (`hrctl help case`, usage errors).
void ctl_case_usage(FILE *out);
int ctl_feed_main(int argc, char **argv);
// True when `hrctl import KIND` is an analytics feed (ctl_feed.c), not the workflow's directory.
bool ctl_feed_handles(const char *kind);
// The hrctl name of a FeedKind ("attendance", "pins", ...; "?" for none).
const char *ctl_feed_kind(int kind);
// `hrctl import withdraw FILE_ID_OR_NO --reason TEXT` and `hrctl import list [FILE] [--text]`:
// hr-analytics' imports (ctl_imports.c).
int ctl_import_withdraw_main(int argc, char **argv);
int ctl_import_erase_main(int argc, char **argv);
int ctl_import_list_main(int argc, char **argv);
int ctl_facts_main(int argc, char **argv);
int ctl_metrics_main(int argc, char **argv);
int ctl_warnings_main(int argc, char **argv);
int ctl_pull_main(int argc, char **argv);
int ctl_quarantine_main(int argc, char **argv);
int ctl_backup_main(int argc, char **argv);
int ctl_restore_main(int argc, char **argv);
int ctl_keys_main(int argc, char **argv);
int ctl_person_main(int argc, char **argv);
// The line `hrctl health` prints for notify's sys.Status extra when sending is held (nothing
// when it is not). ctl_notify.c.
void ctl_notify_held_line(FILE *out, char *const *extra, size_t n_extra, const char *config_dir);

// Copying for backup and restore (ctl_backup.c): buffers of CTL_BACKUP_COPY_BUF bytes.
#define CTL_BACKUP_COPY_BUF (1024 * 1024)
// Copies one file to a new file (0600, never over one); 0 or -1 (errno set). Not synced.
int ctl_copy_file(const char *from, const char *to, unsigned char *buf);
// Copies blob_dir/<2 hex>/<file> to to/<2 hex>/<file>, counting files and bytes; a file that
// does not copy is reported and the rest go on. 0, or -1 when anything failed. Not synced.
int ctl_copy_blobs(const char *blob_dir, const char *to, uint64_t *files, uint64_t *bytes);
// The regular files of dir (one level: analytics' imported texts) into to, counted the same way.
int ctl_copy_files(const char *dir, const char *to, uint64_t *files, uint64_t *bytes);

// Every evidence id attached to a case (workflow.ListCases/GetCase as the operator) is at
// hr-evidence (evidence.Stat): each missing one printed on out (may be NULL) and added to
// missing_out (a JSON array, may be NULL). The number missing, CTL_ATTACHED_UNCHECKED when
// workflow has no endpoint that listens (said on out), CTL_ATTACHED_FAILED when a call failed.
// ctl_attached.c.
#define CTL_ATTACHED_UNCHECKED (-1)
#define CTL_ATTACHED_FAILED (-2)
int ctl_attachments_check(const char *config_dir, FILE *out, json_t *missing_out);
// workflow.Verify as the operator: the case journal's chain and every case row against it, said
// on out (may be NULL) and set in json_out (an object, may be NULL). The number of findings (0:
// clean), CTL_ATTACHED_UNCHECKED when workflow has no endpoint that listens, CTL_ATTACHED_FAILED
// when the call failed. ctl_journal.c.
int ctl_journal_verify(const char *config_dir, FILE *out, json_t *json_out);

// Columns s takes on a terminal (UTF-8; Chinese characters count two). ctl_text.c.
int ctl_text_width(const char *s);
// Prints s, then spaces up to width columns (none when s is wider): a table cell that lines up
// whatever script it holds.
void ctl_cell(FILE *out, const char *s, int width);
// s made safe to print on a terminal (control characters but tab, and bidi controls, as '?' -
// hr_utf8_is_unsafe; bytes that are not UTF-8 as U+FFFD): s itself when it is, else a copy in
// arena.
const char *ctl_text_safe(hr_arena_t *arena, const char *s);
// The same for a text of several lines (a document): line feeds kept.
const char *ctl_text_safe_lines(hr_arena_t *arena, const char *s);
// A JSON string of s (NULL: ""), never NULL: bytes that are not UTF-8 become U+FFFD, since a
// field left out of --json output would look as if it had no value.
json_t *ctl_json_str(const char *s);

// The six daemons, in the order health lists them; NULL-terminated.
extern const char *const ctl_services[];
// The directory holding <service>.cfg files: given, else $HR_CONFIG_DIR, else ./etc/hr (the
// company's, deploy/run.sh's), else ./deploy/config, else those two beside the binary's build
// tree. Owned.
char *ctl_config_dir(const char *given);
// ms (UTC) as "2026-11-27 21:40 UTC+08:00": in the company's zone (calendar/tz_offset_min of
// workflow.cfg in config_dir, NULL the default; ctl_zone), as every time hrctl prints. "-" for 0.
void ctl_when_company(int64_t ms, const char *config_dir, char *buf, size_t len);
// A path from a daemon's config as the daemon sees it: absolute as it is; relative to the
// directory the daemons start in, the config directory's grandparent (the repository root for
// deploy/run.sh). Owned.
char *ctl_config_path(const char *config_dir, const char *path);
// A path key ("store/dir") of <config_dir>/<service>.cfg as the file says it (environment
// overrides belong to the daemon's own environment), resolved by ctl_config_path. Owned, or NULL
// when the file or the key is missing.
char *ctl_config_file_path(const char *config_dir, const char *service, const char *key);
// bus/endpoint from <config_dir>/<service>.cfg (environment overrides apply). Owned, or NULL
// with an owned *err_out.
char *ctl_endpoint(const char *config_dir, const char *service, char **err_out);

#endif
