/*  ctl_ev.h - a connection to hr-evidence from hrctl, shared by `hrctl evidence` (ctl_evidence.c)
 *  and `hrctl case attach|facts` (ctl_case.c), which put a file or a facts snapshot and ask for
 *  a record.
 */
#ifndef CTL_EV_H
#define CTL_EV_H

#include "ctl.h"
#include "ctl_wf.h"
#include "ev.h"

typedef struct {
    char *dir;           // owned: config dir
    hr_clock_t *clock;   // owned
    hr_client_t *client; // owned
    hr_arena_t *arena;   // owned
    Hr__Actor actor;     // the operator unless the caller changes user_id / roles[0]
    char *roles[1];      // actor.roles
    bool sensitive;      // ctl_ev_put marks the record sensitive (health: --sensitive)
} ctl_ev_t;

// Connects to hr-evidence (endpoint from dir_arg's evidence.cfg). 0, or -1 with a message on
// stderr prefixed "hrctl <who>: "; call ctl_ev_close() either way.
int ctl_ev_open(ctl_ev_t *c, const char *dir_arg, const char *who);
void ctl_ev_close(ctl_ev_t *c);
// Connects to hr-evidence acting as the operator, or as --as (ctl_as_actor: --role or the
// directory's roles); who names the command in messages ("case attach"). CTL_EXIT_OK, or the
// exit code (a message on stderr); call ctl_ev_close() either way.
int ctl_ev_open_as(ctl_ev_t *c, const ctl_wf_opts_t *opts, const char *who, hr_arena_t *arena);
// Uploads file ("-" = stdin) for case_id as kind (sensitive when c->sensitive); name defaults
// to the file's base name. Returns
// an exit code (problems printed on stderr); id_out is the record's id on CTL_EXIT_OK.
int ctl_ev_put(ctl_ev_t *c, const char *file, const char *case_id, const char *kind,
               const char *name, const char *type, char id_out[EV_ID_HEX + 1]);
// evidence.PutFacts: stores json as a facts_snapshot of case_id under name. The record in c's
// arena, or the server's code with *message_out set.
hr_rc_t ctl_ev_put_facts(ctl_ev_t *c, const char *case_id, const char *json, const char *name,
                         const Hr__Evidence__Evidence **out, const char **message_out);
// evidence.Stat: the record in c's arena, or the server's code with *message_out set.
hr_rc_t ctl_ev_stat(ctl_ev_t *c, const char *id, const Hr__Evidence__Evidence **out,
                    const char **message_out);
// evidence.List: the records of case_id c->actor may read (c's arena), or the server's code with
// *message_out set; timeout_ms 0 is the usual 10 s with a retry.
hr_rc_t ctl_ev_list(ctl_ev_t *c, const char *case_id, int timeout_ms,
                    const Hr__Evidence__ListReply **out, const char **message_out);
// `hrctl evidence export --case ID DIR` (ctl_export.c): the case's records, signatures, audit
// extract, manifest and README into DIR (made; refused when it holds an export). An exit code.
int ctl_ev_export(ctl_ev_t *c, const char *case_id, const char *dir);

// Writes dir/case-journal.jsonl from workflow.CaseJournal (as c->actor) after checking every
// entry recomputes, adds "case_journal" to manifest and the journal head ("<seq>:<hex>") into
// head_out. The entries written, CTL_JOURNAL_SKIPPED when workflow has no endpoint that listens
// or no such case (said on stdout), -1 on failure (said on stderr). ctl_journal.c.
#define CTL_JOURNAL_SKIPPED (-2)
#define CTL_JOURNAL_HEAD_MAX 100
int ctl_journal_export(ctl_ev_t *c, const char *case_id, const char *dir, json_t *manifest,
                       char head_out[CTL_JOURNAL_HEAD_MAX]);

// ctl_export_docs.c. ms in the company's zone as people read it beside the UTC the hashes
// cover: "2026-11-30 11:05:51 UTC+08:00" (arena).
char *ctl_export_local(int64_t ms, const ctl_zone_t *z, hr_arena_t *arena);
// Writes dir/verify.py, dir/evidence-index.zh.txt (证据目录) and dir/case-timeline.zh.txt
// (案件经过) from manifest (its records) and dir/case-versions.json, and adds the last two's
// SHA-256 to manifest. 0, or -1 said on stderr.
int ctl_export_docs(const char *dir, json_t *manifest, const ctl_zone_t *z);
// Writes dir/SHA256SUMS: every regular file under dir but itself, sorted, as `sha256sum -c`
// reads it. The export's last file. 0, or -1 said on stderr.
int ctl_export_sums(const char *dir);

#endif
