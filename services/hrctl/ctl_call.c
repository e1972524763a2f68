/*  ctl_call - one call from hrctl to one daemon: resolve its endpoint from the config, make a
 *  client, call one route as an actor (the operator unless told otherwise) and say on stderr
 *  what went wrong. Every command that talks to a daemon once goes through here.
 */
#include "ctl_call.h"

#include <string.h>

void ctl_probe(hr_client_t *client, const char *who, const char *service, int wait_ms,
               hr_arena_t *arena)
{
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.timeout_ms = CTL_PROBE_MS, .retries = -1, .actor = &actor};
    hr_result_t res;
    hr_rc_t rc = hr_client_call(client, "sys.Ping", &req.base, &hr__sys__ping_reply__descriptor,
                                arena, &opts, &res);
    zmsg_destroy(&res.frames);
    // A daemon busy with a long request (an import) answers nothing meanwhile, so a silent ping
    // is not a daemon down: say so, and wait as asked.
    if (rc == HR_ETIMEOUT || rc == HR_EUNAVAIL)
        fprintf(stderr,
                "%s: hr-%s has not answered in %.1f s - busy, or not running (hrctl health); "
                "waiting up to %d s\n",
                who, service, CTL_PROBE_MS / 1000.0, wait_ms / 1000);
}

// The hrctl words that carry a request's fields, for refusals that name the field: the user
// typed --served, not served_date.
static const struct {
    const char *type, *field, *word;
} s_words[] = {
    {"workflow.RecordOutcome", "served_date", "--served"},
    {"workflow.RecordOutcome", "effective_date", "DATE"},
    {"workflow.RecordOutcome", "evidence_id", "--evidence"},
    {"workflow.CompleteDuty", "done_date", "--on"},
    {"workflow.CompleteDuty", "evidence_id", "--evidence"},
    {"workflow.CompleteDuty", "key", "KEY"},
    {"workflow.RecordDispute", "dispute.filed_date", "--filed"},
    {"workflow.RecordDispute", "dispute.result", "--result"},
    {"workflow.RecordDispute", "dispute.amount_fen", "--amount"},
    {"workflow.RecordDispute", "dispute.note", "--note"},
    {"workflow.ReviewCase", "notice_date", "--notice"},
    {"workflow.ReviewCase", "effective_date", "--effective"},
    {"workflow.ReviewCase", "explained_date", "--explained-on"},
    {"workflow.ReviewCase", "reported_date", "--reported-on"},
    {"workflow.CreateLayoff", "reason", "--reason"},
    {"workflow.CreateLayoff", "explained_date", "--explained-on"},
    {"workflow.CreateLayoff", "explained_evidence_id", "--explained-evidence"},
    {"workflow.CreateLayoff", "reported_date", "--reported-on"},
    {"workflow.CreateLayoff", "reported_evidence_id", "--reported-evidence"},
    {"workflow.DateLayoff", "what", "explained|reported"},
    {"workflow.DateLayoff", "date", "DATE"},
    {"workflow.DateLayoff", "explained_date", "DATE"},
    {"workflow.DateLayoff", "reported_date", "DATE"},
    {"workflow.DateLayoff", "evidence_id", "--evidence"},
    {"workflow.DateLayoff", "explained_evidence_id", "--evidence"},
    {"workflow.DateLayoff", "reported_evidence_id", "--evidence"},
    {"workflow.AddLayoffCase", "case_id", "CASE_ID"},
    {"workflow.AddLayoffCase", "layoff_id", "ID"},
    {"workflow.ReviewCase", "facts.layoff_count", "--fact layoff_count=N,EVID"},
    {"workflow.RecordUnion", "what", "notice|opinion|reply|cured"},
    {"workflow.RecordUnion", "date", "DATE"},
    {"workflow.RecordUnion", "evidence_id", "--evidence"},
    {"workflow.PrepareCase", "date", "DATE"},
    {"workflow.PrepareCase", "time", "HH:MM"},
    {"workflow.PrepareCase", "place", "PLACE"},
    {"workflow.WithdrawCase", "reason", "REASON"},
    {"workflow.RescindCase", "agreement_date", "--on"},
    {"workflow.RescindCase", "reason", "--reason"},
    {"workflow.RescindCase", "evidence_id", "--evidence"},
};

// The hrctl word for the field msg starts with ("served_date: ..."), or NULL; *flen its length.
static const char *s_word(const char *type, const char *msg, size_t *flen)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_words); i++) {
        size_t n = strlen(s_words[i].field);
        if (!strcmp(type, s_words[i].type) && !strncmp(msg, s_words[i].field, n) && msg[n] == ':') {
            *flen = n;
            return s_words[i].word;
        }
    }
    return NULL;
}

// Whether type asks for a change (a write route): a timeout then leaves its outcome unknown.
// Reads go by their verbs: sys.Ping, workflow.GetCase, evidence.ListRecords, notify.Log, ...
static bool s_changes(const char *type)
{
    static const char *const reads[] = {"Get",    "List",   "Stat",  "Ping",  "Status", "Log",
                                        "Verify", "Events", "Check", "Audit", "Export", NULL};
    const char *verb = strchr(type, '.');
    verb = verb ? verb + 1 : type;
    for (size_t i = 0; reads[i]; i++)
        if (!strncmp(verb, reads[i], strlen(reads[i])))
            return false;
    return true;
}

hr_rc_t ctl_service_call(const char *who, const char *service, const char *what,
                         const char *config_dir, const Hr__Actor *as, const char *type,
                         const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                         int timeout_ms, zmsg_t *frames, hr_arena_t *arena, void **reply_out)
{
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(config_dir);
    char *err = NULL;
    char *endpoint = ctl_endpoint(dir, service, &err);
    hr_rc_t rc = HR_EUNAVAIL;
    hr_clock_t *clock = hr_clock_system_new();
    hr_client_t *client = endpoint ? hr_client_new(endpoint, clock, &err) : NULL;
    if (!client) {
        fprintf(stderr, "%s: %s: %s\n", who, service, err ? err : "no endpoint");
        goto out;
    }
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.timeout_ms = timeout_ms, .actor = as ? as : &actor, .frames = frames};
    hr_result_t res;
    if (timeout_ms > CTL_PROBE_ABOVE_MS)
        ctl_probe(client, who, service, timeout_ms, arena);
    rc = hr_client_call(client, type, req, reply_desc, arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (rc) {
        // The server's message often starts with the route itself ("workflow.ReviewCase: ..."):
        // said once is enough - and a route is no word for a person: when what is the route,
        // it is not said at all.
        const char *msg = res.message ? res.message : "";
        size_t wl = what ? strlen(what) : 0;
        if (wl && !strncmp(msg, what, wl) && msg[wl] == ':')
            msg += wl + (msg[wl + 1] == ' ' ? 2 : 1);
        if (what && !strcmp(what, type))
            what = NULL;
        size_t flen = 0;
        const char *word = s_word(type, msg, &flen);
        const char *shown =
            word ? hr_arena_fmt(arena, "%.*s (%s)%s", (int)flen, msg, word, msg + flen) : msg;
        // People read Chinese first: the server's Chinese line (what to do next included), then
        // the English one, which keeps the error word (edenied, ...) for scripts.
        if (res.message_zh && *res.message_zh)
            fprintf(stderr, "%s: %s%s%s\n", who, what ? what : "", what ? ": " : "",
                    res.message_zh);
        fprintf(stderr, "%s: %s%s%s: %s%s%s%s%s\n", who, what ? what : "", what ? ": " : "",
                hr_rc_name(rc), shown, rc == HR_ETIMEOUT ? " (is hr-" : "",
                rc == HR_ETIMEOUT ? service : "",
                rc == HR_ETIMEOUT ? " running? hrctl health)" : "",
                rc == HR_ETIMEOUT && s_changes(type)
                    ? "; the change may have been made before the reply was lost: look "
                      "before you run it again"
                    : "");
    } else {
        *reply_out = res.reply;
    }
out:
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    hr_free(endpoint);
    hr_free(err);
    hr_free(dir);
    return rc;
}
