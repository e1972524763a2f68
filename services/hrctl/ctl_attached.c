/*  ctl_attached - every evidence id a case lists is at hr-evidence: the cross-check behind
 *  `hrctl verify` (and the advice at the end of `hrctl restore`).
 *
 *  A case holds evidence ids that hr-evidence gave out (workflow's EvidenceRef). Each store is
 *  whole by itself, but two stores taken or put back at different moments (a backup that copied
 *  evidence before the workflow, one store restored alone) can disagree: the case lists a record
 *  the evidence store never had. Nothing else notices - the case shows it, evidence.Verify checks
 *  only what evidence holds - so this walks every case (workflow.ListCases, then GetCase, as the
 *  operator) and asks evidence.Stat for each id.
 *
 *  An id hr-evidence no longer holds because it shredded the record for retention (its
 *  tombstone, evidence.Deleted: when, and the `delete` audit entry) is a lawful deletion, said
 *  as such and not counted missing; an id with no record and no recorded deletion is MISSING.
 */
#include "ctl_call.h"
#include "evidence.pb-c.h"
#include "workflow.pb-c.h"

#include <string.h>

#define CTL_ATTACHED_TIMEOUT_MS 10000
#define CTL_ATTACHED_PAGE 1000 // workflow.ListCases' largest page

// Asks hr-evidence whether id was shredded for retention: the tombstone (arena), or NULL.
static const Hr__Evidence__Tombstone *s_shredded(const char *config_dir, const char *id,
                                                 hr_arena_t *arena)
{
    Hr__Evidence__DeletedRequest req = HR__EVIDENCE__DELETED_REQUEST__INIT;
    req.id = (char *)id;
    Hr__Evidence__DeletedReply *rep = NULL;
    hr_rc_t rc =
        ctl_service_call("hrctl verify", "evidence", "evidence.Deleted", config_dir, NULL,
                         "evidence.Deleted", &req.base, &hr__evidence__deleted_reply__descriptor,
                         CTL_ATTACHED_TIMEOUT_MS, NULL, arena, (void **)&rep);
    return rc || !rep->tombstone ? NULL : rep->tombstone;
}

// Asks hr-evidence for id: 1 missing, 2 shredded for retention (*tomb_out), 0 there, -1 could
// not tell (said on stderr).
static int s_missing(const char *config_dir, const char *id, hr_arena_t *arena,
                     const Hr__Evidence__Tombstone **tomb_out)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    void *rep = NULL;
    hr_rc_t rc = ctl_service_call("hrctl verify", "evidence", "evidence.Stat", config_dir, NULL,
                                  "evidence.Stat", &req.base, &hr__evidence__stat_reply__descriptor,
                                  CTL_ATTACHED_TIMEOUT_MS, NULL, arena, &rep);
    if (rc == HR_ENOTFOUND) {
        *tomb_out = s_shredded(config_dir, id, arena);
        return *tomb_out ? 2 : 1;
    }
    return rc ? -1 : 0;
}

int ctl_attachments_check(const char *config_dir, FILE *out, json_t *missing_out)
{
    char *err = NULL;
    char *endpoint = ctl_endpoint(config_dir, "workflow", &err);
    if (!endpoint) {
        if (out)
            fprintf(out, "case attachments: not checked (workflow: %s)\n", err ? err : "?");
        hr_free(err);
        return CTL_ATTACHED_UNCHECKED;
    }
    hr_free(endpoint);
    hr_arena_t *arena = hr_arena_new(0);
    char *after = hr_strdup("");
    size_t cases = 0, ids = 0, shredded = 0;
    int missing = 0;
    bool failed = false;
    for (bool more = true; more && !failed;) {
        hr_arena_reset(arena);
        Hr__Workflow__ListCasesRequest req = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
        req.max = CTL_ATTACHED_PAGE;
        req.after = after;
        Hr__Workflow__ListCasesReply *list = NULL;
        if (ctl_service_call("hrctl verify", "workflow", "workflow.ListCases", config_dir, NULL,
                             "workflow.ListCases", &req.base,
                             &hr__workflow__list_cases_reply__descriptor, CTL_ATTACHED_TIMEOUT_MS,
                             NULL, arena, (void **)&list)) {
            failed = true;
            break;
        }
        more = list->n_cases == CTL_ATTACHED_PAGE;
        for (size_t i = 0; i < list->n_cases && !failed; i++) {
            const char *case_id = list->cases[i]->id;
            Hr__Workflow__GetCaseRequest get = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
            get.case_id = (char *)case_id;
            Hr__Workflow__CaseReply *one = NULL;
            if (ctl_service_call("hrctl verify", "workflow", "workflow.GetCase", config_dir, NULL,
                                 "workflow.GetCase", &get.base,
                                 &hr__workflow__case_reply__descriptor, CTL_ATTACHED_TIMEOUT_MS,
                                 NULL, arena, (void **)&one) ||
                !one->case_) {
                failed = true;
                break;
            }
            cases++;
            for (size_t k = 0; k < one->case_->n_evidence && !failed; k++) {
                const char *id = one->case_->evidence[k]->id;
                const Hr__Evidence__Tombstone *tomb = NULL;
                int m = s_missing(config_dir, id, arena, &tomb);
                ids++;
                if (m < 0)
                    failed = true;
                if (m == 2) {
                    shredded++;
                    char iso[HR_TIME_ISO_LEN];
                    if (out)
                        fprintf(out,
                                "case %s: evidence %s: shredded for retention on %.10s (audit "
                                "entry %llu)\n",
                                case_id, id, hr_time_iso(tomb->deleted_ms, iso),
                                (unsigned long long)tomb->audit_seq);
                }
                if (m == 1) {
                    missing++;
                    if (out)
                        fprintf(out, "case %s: evidence %s: MISSING at hr-evidence\n", case_id, id);
                    if (missing_out) {
                        json_t *o = json_object();
                        json_object_set_new(o, "case_id", ctl_json_str(case_id));
                        json_object_set_new(o, "evidence_id", ctl_json_str(id));
                        json_array_append_new(missing_out, o);
                    }
                }
            }
            hr_free(after);
            after = hr_strdup(case_id);
        }
    }
    if (out && failed)
        fprintf(out, "case attachments: the check did not finish (see above)\n");
    else if (out)
        fprintf(out, "case attachments: %zu on %zu cases, %d missing at hr-evidence%s\n", ids,
                cases, missing,
                shredded ? hr_arena_fmt(arena, ", %zu shredded for retention", shredded) : "");
    hr_free(after);
    hr_arena_destroy(&arena);
    return failed ? CTL_ATTACHED_FAILED : missing;
}
