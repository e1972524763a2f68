/*  ctl_wf.h - what hrctl's workflow commands (import, template, case) share: a call to
 *  hr-workflow with an actor, and protobuf messages printed as JSON from their descriptors.
 */
#ifndef CTL_WF_H
#define CTL_WF_H

#include "ctl.h"
#include "hr.h"
#include "workflow.pb-c.h"

#include <jansson.h>

#define CTL_WF_TIMEOUT_MS 10000

// Common options of the workflow commands, taken out of argv by ctl_wf_options().
typedef struct {
    const char *config_dir; // --config-dir DIR (borrowed from argv)
    const char *as;         // --as EMPLOYEE_NO: act as this user instead of the operator
    const char *roles;      // --role r1,r2 with --as (default: the directory's, ctl_as_actor)
    bool json;              // --json
} ctl_wf_opts_t;

// Removes --config-dir, --as, --role and --json from argv (in place) into opts; returns the
// new argc. -1 when an option lacks its value.
int ctl_wf_options(int argc, char **argv, ctl_wf_opts_t *opts);

// The actor for --as EMPLOYEE_NO: that user id with roles (a comma list) when given, else the
// roles the people directory gives the person (workflow.GetPerson, asked as the operator;
// "employee" when it gives none) - what the gateway gives a signed-in person; this spares an HR
// person `--role hr`. hr-workflow, hr-evidence and hr-analytics count hr, hr_head and legal
// only as the directory gives them (the latter two as its workflow.RolesChanged events say).
// Strings in arena memory. Fails with HR_EINVAL for an empty user or an unknown role name
// (--role "manager, hr" is trimmed), or with the call's code when hr-workflow does not answer
// or does not know the person; the message on stderr is prefixed who.
hr_rc_t ctl_as_actor(const char *who, const char *config_dir, const char *as, const char *roles,
                     hr_arena_t *arena, Hr__Actor *actor);

// Calls type on hr-workflow. Returns the server's code (or EUNAVAIL/ETIMEOUT); prints the
// status message to stderr on failure. The reply is in arena memory.
hr_rc_t ctl_wf_call(const ctl_wf_opts_t *opts, const char *type, const ProtobufCMessage *req,
                    const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena, zmsg_t *frames,
                    void **reply_out);

// A protobuf message as a JSON object (owned reference), field names as in the .proto;
// enums by name, 64-bit integers as numbers, bytes left out.
json_t *ctl_pb_to_json(const ProtobufCMessage *msg);
// Prints a JSON value indented on stdout and drops the reference.
void ctl_json_print(json_t *value);

// Reads a whole regular file (at most max bytes, hr_file_read) into an owned buffer, NUL after
// its *len_out bytes. NULL with a message on stderr naming the file and the reason.
uint8_t *ctl_read_file(const char *path, size_t max, size_t *len_out);

// The company's time zone as hr-workflow keeps it (calendar/tz_offset_min in workflow.cfg,
// default Asia/Shanghai, +08:00; China has no daylight saving): what text output shows times
// in, saying so. --json keeps UTC milliseconds. A file the daemon would refuse says Shanghai.
typedef struct {
    int offset_min; // minutes east of UTC
    char name[16];  // "UTC+08:00"
} ctl_zone_t;
ctl_zone_t ctl_zone(const ctl_wf_opts_t *opts);
// "2026-12-01 09:30" in zone z into t (minutes are enough on screen).
void ctl_when(int64_t at_ms, const ctl_zone_t *z, char t[HR_TIME_ISO_LEN]);

// Exit code for a failed call: usage for EINVAL, otherwise CTL_EXIT_FAIL.
int ctl_wf_exit(hr_rc_t rc);

// `hrctl case document CASE_ID certificate|notice [--lang zh|en] [--out FILE] [--store]`
// (ctl_document.c): argv as ctl_case_main has it after ctl_wf_options. Returns an exit code.
int ctl_case_document(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena);
// The final pay statement of case_id for payroll (ctl_pay.c; `hrctl case document ID
// pay_statement`), lang "zh" or "en", made from workflow.GetCase: the text (arena), or NULL with
// *code the exit code after a message on stderr (no assessment yet, or a reader who may not see
// the amounts).
char *ctl_case_pay_statement(const ctl_wf_opts_t *opts, const char *case_id, const char *lang,
                             hr_arena_t *arena, int *code);
// `hrctl case reads CASE_ID|--lists [--max N] [--before SEQ]` (ctl_reads.c): who read the case,
// or who listed cases, newest first (workflow.ListCaseReads). Arguments as for ctl_case_document.
// Returns an exit code.
int ctl_case_reads(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena);
// `hrctl case journal CASE_ID` (ctl_journal.c): every version of the case as the workflow's
// hash-chained journal holds it, each recomputed here, with who wrote it, by which request and
// what changed. Arguments as for ctl_case_document. Returns an exit code.
int ctl_case_journal(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena);

#endif
