/*  ctl_reads - `hrctl case reads ID|--lists [--max N] [--before SEQ] [--json]`: who read a case.
 *
 *  Asks hr-workflow for the case's read log (workflow.ListCaseReads): each read of the case by a
 *  person - the case with its history, a closing document made, the read log itself - with when,
 *  who, what they read it as (hr, legal, manager, superior, step_owner, employee) and what. Newest
 *  first, a page at a time (--max, default 100); the last line says how to ask for older ones.
 *  HR, legal and the operator may ask, and the employee concerned (--as them) once the case has
 *  reached them; anyone else is refused by the service. Times are in the company's zone
 *  (calendar/tz_offset_min of workflow.cfg, default UTC+08:00), --json keeps UTC milliseconds.
 *  --lists instead of an id: who listed cases (one entry per list: the filter, how many it
 *  showed and the first and last case id), for HR and legal.
 *  The first page of a case's reads is followed by its evidence reads: the get, stat, list and
 *  export entries of hr-evidence's audit chain that name the case or its records, with what
 *  each reader is to the case (AS: hr, legal, manager, superior, employee, ...) - for HR, legal
 *  and the operator (evidence.AuditExtract), and for the case's employee once told of it the
 *  reads naming their case of the records they read themselves: anyone else is told they are
 *  not shown - newest first, at most --max; --json adds them as `evidence_reads`.
 */
#include "ctl_ev.h"

#include <string.h>

#define S_WHO "hrctl case reads"
#define S_PAGE_MAX 1000 // the largest page hr-workflow serves (its WF_READS_LIMIT)

static int s_usage(const char *why)
{
    fprintf(stderr,
            S_WHO ": %s\n"
                  "usage: hrctl case reads CASE_ID|--lists [--max N] [--before SEQ] [--json]\n",
            why);
    return CTL_EXIT_USAGE;
}

static int s_print_lists(const Hr__Workflow__ListCaseReadsReply *rep, const ctl_zone_t *z,
                         hr_arena_t *arena)
{
    printf("case lists: %llu recorded", (unsigned long long)rep->total);
    if (rep->dropped)
        printf(" (the oldest %llu dropped)", (unsigned long long)rep->dropped);
    printf(", newest first\n");
    printf("%-6s %-16s %-10s %-8s %-9s %-5s %s\n", "SEQ", hr_arena_fmt(arena, "WHEN (%s)", z->name),
           "READER", "AS", "STATE", "SHOWN", "FIRST .. LAST");
    for (size_t i = 0; i < rep->n_lists; i++) {
        const Hr__Workflow__CaseListRead *l = rep->lists[i];
        char t[HR_TIME_ISO_LEN];
        ctl_when(l->at_ms, z, t);
        printf("%-6llu %-16s %-10s %-8s %-9s %-5u %s .. %s\n", (unsigned long long)l->seq, t,
               ctl_text_safe(arena, l->reader), l->role, *l->state ? l->state : "all", l->shown,
               *l->first_id ? l->first_id : "-", *l->last_id ? l->last_id : "-");
    }
    if (rep->next_before)
        printf("older: hrctl case reads --lists --before %llu\n",
               (unsigned long long)rep->next_before);
    return CTL_EXIT_OK;
}

#define S_EV_PAGES_MAX 100000 // AuditExtract pages at most (a runaway guard)

// Whether an audit action is a read of evidence (what `case reads` shows beside the workflow's).
static bool s_ev_read(const char *action)
{
    return !strcmp(action, "get") || !strcmp(action, "stat") || !strcmp(action, "list") ||
           !strcmp(action, "export");
}

// The case's evidence reads from hr-evidence's audit chain, oldest first, the newest max kept,
// into *out (arena) and *n, what each reader is to the case beside them in *as; *total counts
// them all. NULL, or why they are not shown (the caller may not read the audit, or hr-evidence
// did not answer).
static const char *s_ev_reads(const ctl_wf_opts_t *opts, const char *case_id, uint32_t max,
                              hr_arena_t *arena, Hr__Evidence__AuditEntry ***out, char ***as,
                              size_t *n, uint64_t *total)
{
    *out = hr_arena_alloc(arena, max * sizeof **out);
    *as = hr_arena_alloc(arena, max * sizeof **as);
    *n = 0;
    *total = 0;
    ctl_ev_t ev = {0};
    const char *why = NULL;
    if (ctl_ev_open_as(&ev, opts, "case reads", arena)) {
        ctl_ev_close(&ev);
        return "hr-evidence could not be reached";
    }
    uint64_t after = 0;
    for (int page = 0; page < S_EV_PAGES_MAX; page++) {
        Hr__Evidence__AuditExtractRequest req = HR__EVIDENCE__AUDIT_EXTRACT_REQUEST__INIT;
        req.case_id = (char *)case_id;
        req.after_seq = after;
        // The first page answers at once from a daemon that runs: one that does not is said
        // after 2 s, not after a minute of retries.
        hr_call_opts_t copts = {
            .timeout_ms = page ? 30000 : 2000, .retries = page ? 1 : -1, .actor = &ev.actor};
        hr_result_t res;
        hr_rc_t rc =
            hr_client_call(ev.client, "evidence.AuditExtract", &req.base,
                           &hr__evidence__audit_extract_reply__descriptor, arena, &copts, &res);
        zmsg_destroy(&res.frames);
        if (rc == HR_EDENIED) {
            why = "hr-evidence shows its audit to HR, legal and the operator, and the reads of "
                  "a case's records to its employee once told of it";
            break;
        }
        if (rc) {
            why = hr_arena_fmt(arena, "hr-evidence: %s (%s)", res.message ? res.message : "failed",
                               hr_rc_name(rc));
            break;
        }
        Hr__Evidence__AuditExtractReply *rep = res.reply;
        for (size_t i = 0; i < rep->n_entries; i++) {
            if (!s_ev_read(rep->entries[i]->action))
                continue;
            (*total)++;
            if (*n == max) { // keep the newest: drop the oldest kept
                memmove(*out, *out + 1, (max - 1) * sizeof **out);
                memmove(*as, *as + 1, (max - 1) * sizeof **as);
                (*n)--;
            }
            (*as)[*n] = i < rep->n_reader_as ? rep->reader_as[i] : "";
            (*out)[(*n)++] = rep->entries[i];
        }
        if (rep->done || rep->next_after <= after)
            break;
        after = rep->next_after;
    }
    ctl_ev_close(&ev);
    return why;
}

// Prints the case's evidence reads (s_ev_reads), newest first.
static void s_print_ev_reads(const ctl_wf_opts_t *opts, const char *case_id, uint32_t max,
                             const ctl_zone_t *z, hr_arena_t *arena)
{
    Hr__Evidence__AuditEntry **e = NULL;
    char **as = NULL;
    size_t n = 0;
    uint64_t total = 0;
    const char *why = s_ev_reads(opts, case_id, max, arena, &e, &as, &n, &total);
    if (why) {
        printf("evidence reads: not shown (%s)\n", why);
        return;
    }
    printf("evidence of case %s: %llu reads in hr-evidence's audit chain%s, newest first\n",
           case_id, (unsigned long long)total,
           total > n ? hr_arena_fmt(arena, " (the newest %zu shown)", n) : "");
    printf("%-6s %-16s %-10s %-9s %-7s %-14s %s\n", "SEQ",
           hr_arena_fmt(arena, "WHEN (%s)", z->name), "READER", "AS", "ACTION", "RECORD", "DETAIL");
    for (size_t i = n; i-- > 0;) {
        char t[HR_TIME_ISO_LEN];
        ctl_when(e[i]->at_ms, z, t);
        printf("%-6llu %-16s %-10s %-9s %-7s %-14.12s %s\n", (unsigned long long)e[i]->seq, t,
               ctl_text_safe(arena, e[i]->actor), *as[i] ? as[i] : "-", e[i]->action,
               *e[i]->evidence_id ? e[i]->evidence_id : "-", ctl_text_safe(arena, e[i]->detail));
    }
}

// The --json form of the case's evidence reads: an array, or a string saying why not shown.
static json_t *s_json_ev_reads(const ctl_wf_opts_t *opts, const char *case_id, uint32_t max,
                               hr_arena_t *arena)
{
    Hr__Evidence__AuditEntry **e = NULL;
    char **as = NULL;
    size_t n = 0;
    uint64_t total = 0;
    const char *why = s_ev_reads(opts, case_id, max, arena, &e, &as, &n, &total);
    if (why)
        return json_string(why);
    json_t *a = json_array();
    for (size_t i = n; i-- > 0;) {
        json_t *o = json_object();
        json_object_set_new(o, "seq", json_integer((json_int_t)e[i]->seq));
        json_object_set_new(o, "at_ms", json_integer((json_int_t)e[i]->at_ms));
        json_object_set_new(o, "reader", ctl_json_str(e[i]->actor));
        json_object_set_new(o, "as", json_string(as[i]));
        json_object_set_new(o, "action", json_string(e[i]->action));
        json_object_set_new(o, "evidence_id", json_string(e[i]->evidence_id));
        json_object_set_new(o, "detail", ctl_json_str(e[i]->detail));
        json_array_append_new(a, o);
    }
    return a;
}

int ctl_case_reads(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    // argv: case reads ID [--max N] [--before SEQ]
    Hr__Workflow__ListCaseReadsRequest req = HR__WORKFLOW__LIST_CASE_READS_REQUEST__INIT;
    req.lists = argc >= 3 && !strcmp(argv[2], "--lists");
    if (argc < 3 || (argv[2][0] == '-' && !req.lists))
        return s_usage("which case? (its id, or --lists)");
    req.case_id = req.lists ? "" : argv[2];
    for (int i = 3; i < argc; i++) {
        int64_t v = 0;
        bool max = !strcmp(argv[i], "--max"), before = !strcmp(argv[i], "--before");
        if (!max && !before)
            return s_usage(
                hr_arena_fmt(arena, "unknown option or word: %s", ctl_text_safe(arena, argv[i])));
        if (i + 1 >= argc)
            return s_usage(hr_arena_fmt(arena, "%s needs a value", argv[i]));
        if (!hr_parse_i64(argv[i + 1], 1, max ? S_PAGE_MAX : INT64_MAX, &v))
            return s_usage(hr_arena_fmt(arena, "%s: a number from 1%s, not '%s'", argv[i],
                                        max ? " to 1000" : "", ctl_text_safe(arena, argv[i + 1])));
        if (max)
            req.max = (uint32_t)v;
        else
            req.before = (uint64_t)v;
        i++;
    }
    Hr__Workflow__ListCaseReadsReply *rep = NULL;
    hr_rc_t rc =
        ctl_wf_call(opts, "workflow.ListCaseReads", &req.base,
                    &hr__workflow__list_case_reads_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc)
        return ctl_wf_exit(rc);
    uint32_t ev_max = req.max ? req.max : 100;
    bool with_ev = !req.lists && !req.before; // the first page of a case's reads
    if (opts->json) {
        json_t *o = ctl_pb_to_json(&rep->base);
        if (with_ev)
            json_object_set_new(o, "evidence_reads",
                                s_json_ev_reads(opts, req.case_id, ev_max, arena));
        ctl_json_print(o);
        return CTL_EXIT_OK;
    }
    ctl_zone_t z = ctl_zone(opts);
    if (req.lists)
        return s_print_lists(rep, &z, arena);
    printf("case %s: %llu reads recorded", req.case_id, (unsigned long long)rep->total);
    if (rep->dropped)
        printf(" (the oldest %llu dropped: a case keeps its newest reads)",
               (unsigned long long)rep->dropped);
    printf(", newest first\n");
    printf("%-6s %-16s %-10s %-10s %-23s %s\n", "SEQ", hr_arena_fmt(arena, "WHEN (%s)", z.name),
           "READER", "AS", "ROUTE", "WHAT");
    for (size_t i = 0; i < rep->n_reads; i++) {
        const Hr__Workflow__CaseRead *r = rep->reads[i];
        char t[HR_TIME_ISO_LEN];
        ctl_when(r->at_ms, &z, t);
        printf("%-6llu %-16s %-10s %-10s %-23s %s\n", (unsigned long long)r->seq, t,
               ctl_text_safe(arena, r->reader), r->role, r->route, ctl_text_safe(arena, r->detail));
    }
    if (rep->next_before)
        printf("older: hrctl case reads %s --before %llu\n", req.case_id,
               (unsigned long long)rep->next_before);
    if (with_ev)
        s_print_ev_reads(opts, req.case_id, ev_max, &z, arena);
    return CTL_EXIT_OK;
}
