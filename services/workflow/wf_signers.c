/*  wf_signers - who signed a case's records: the submission's one question to hr-evidence.
 *
 *  A company rule may count only the records a party signed (template key signed_by: the case's
 *  employee, its manager, HR). Signatures are hr-evidence's (Ed25519 per person, `valid`
 *  recomputed on every read), so the submission asks it: evidence.Stat for each record such a
 *  rule counts, as the operator - the system checking itself, which hr-evidence does not audit
 *  as a person's read. The question goes out on a thread of its own with a DEALER of its own
 *  while the call waits parked (hr_call_park): the daemon's one thread never waits for another
 *  service, and the request, run again, finds the answer in its record here.
 *
 *  Nothing is assumed when hr-evidence cannot say: not configured, not answering within
 *  WF_SIGNERS_TIMEOUT_MS, or refusing, the submission fails EUNAVAIL "could not check
 *  signatures" and the case is unchanged - a rule that wants signatures is never passed unseen.
 *  A record hr-evidence does not hold (ENOTFOUND) is signed by nobody. A valid signature's
 *  signer is a party of the case by employee number (its employee, its manager) or, for HR, by
 *  the roles the directory gives the signer when the submission runs (never the case's own
 *  employee).
 *
 *  A valid signature whose disposition is declined (`hrctl evidence sign ID --decline TEXT`:
 *  the signer refuses to confirm the record) never counts: it is kept apart, with its day and
 *  statement, for the refusal to tell HR. The statement's words are never read for a refusal:
 *  only the structured act is one.
 */
#include "wf.h"
#include "evidence.pb-c.h"

#define WF_SIGNERS_PROBLEM_MAX 256

struct wf_signers {
    hr_job_t job;                         // first: in self->signer_jobs under the msg_id
    hr_arena_t *arena;                    // owned: everything below
    char *endpoint;                       // arena: hr-evidence's ROUTER
    int64_t offset_ms;                    // the daemon's clock offset, for the envelopes' times
    size_t nids;                          // records asked about
    char **ids;                           // arena: their ids
    char ***signers;                      // arena: per record, the signers of valid signatures
    size_t *nsigners;                     // arena: how many each
    bool **declined;                      // arena: per record and signer, a valid refusal
    int64_t **signed_ms;                  // arena: per record and signer, when
    char ***statements;                   // arena: per record and signer, the statement
    hr_rc_t rc;                           // HR_OK, or why hr-evidence could not say
    char problem[WF_SIGNERS_PROBLEM_MAX]; // what went wrong, for the refusal
};

static void s_free(struct wf_signers **q_p)
{
    struct wf_signers *q = *q_p;
    if (!q)
        return;
    hr_arena_destroy(&q->arena);
    hr_free(*q_p);
}

static void s_free_hook(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    struct wf_signers *q = arg;
    s_free(&q);
}

// The record's valid signatures, into q's slot i: each signer, whether they declined, when and
// their statement.
static void s_keep(struct wf_signers *q, size_t i, const Hr__Evidence__Evidence *e)
{
    size_t cap = e->n_signatures + 1;
    q->signers[i] = hr_arena_alloc(q->arena, cap * sizeof *q->signers[i]);
    q->declined[i] = hr_arena_alloc(q->arena, cap * sizeof *q->declined[i]);
    q->signed_ms[i] = hr_arena_alloc(q->arena, cap * sizeof *q->signed_ms[i]);
    q->statements[i] = hr_arena_alloc(q->arena, cap * sizeof *q->statements[i]);
    for (size_t k = 0; k < e->n_signatures; k++) {
        const Hr__Evidence__Signature *g = e->signatures[k];
        if (!g->valid || !g->signer)
            continue;
        size_t n = q->nsigners[i]++;
        q->signers[i][n] = hr_arena_strndup(q->arena, g->signer, WF_KEY_MAX);
        q->declined[i][n] = g->disposition == HR__EVIDENCE__DISPOSITION__DISPOSITION_DECLINED;
        q->signed_ms[i][n] = g->signed_ms;
        q->statements[i][n] = hr_arena_strdup(q->arena, g->statement ? g->statement : "");
    }
}

hr_rc_t wf_peer_open(wf_peer_t *p, const char *peer, const char *endpoint, int64_t offset_ms,
                     char *problem, size_t len)
{
    memset(p, 0, sizeof *p);
    p->clock = hr_clock_system_new();
    hr_clock_set_offset(p->clock, offset_ms);
    char *err = NULL;
    p->client = hr_client_new(endpoint, p->clock, &err);
    if (!p->client) {
        snprintf(problem, len, "hr-%s cannot be reached (%s)", peer, err ? err : "no socket");
        hr_free(err);
        hr_clock_destroy(&p->clock);
        return HR_EUNAVAIL;
    }
    p->roles[0] = "operator";
    hr__actor__init(&p->actor);
    p->actor.user_id = HR_OPERATOR_ID;
    p->actor.roles = p->roles;
    p->actor.n_roles = 1;
    return HR_OK;
}

hr_rc_t wf_peer_endpoint(wf_server_t *self, hr_call_t *call, const char *peer, char **cache,
                         const char *doing, const char *outcome, const char *doing_zh)
{
    if (*cache)
        return HR_OK;
    char *err = NULL;
    *cache = hr_daemon_peer_endpoint(self->daemon, peer, &err);
    if (*cache)
        return HR_OK;
    hr_rc_t rc = hr_call_fail_zh(
        call, HR_EUNAVAIL,
        wf_zh(call, "%s：找不到 hr-%s（配置 peers/%s 未设置或有误）。请系统管理员检查配置后重试。",
              doing_zh, peer, peer),
        "%s: no hr-%s to ask (peers/%s: %s); %s", doing, peer, peer, err ? err : "not set",
        outcome);
    hr_free(err);
    return rc;
}

void wf_peer_close(wf_peer_t *p)
{
    hr_client_destroy(&p->client);
    hr_clock_destroy(&p->clock);
}

hr_rc_t wf_peer_problem(const char *peer, hr_rc_t rc, const hr_result_t *res, int timeout_ms,
                        const char *what, char *problem, size_t len)
{
    if (rc == HR_ETIMEOUT || rc == HR_EUNAVAIL)
        snprintf(problem, len, "hr-%s did not answer within %d ms", peer, timeout_ms);
    else
        snprintf(problem, len, "hr-%s answered %s%s: %s", peer, hr_rc_name(rc), what,
                 res->message ? res->message : "");
    return HR_EUNAVAIL;
}

// On the work's thread: one evidence.Stat per record, stopping at the first that fails.
static void s_work(const hr_server_t *server, void *arg)
{
    struct wf_signers *q = arg;
    wf_peer_t peer;
    q->rc =
        wf_peer_open(&peer, "evidence", q->endpoint, q->offset_ms, q->problem, sizeof q->problem);
    if (q->rc)
        return;
    for (size_t i = 0; i < q->nids && !q->rc; i++) {
        if (hr_work_stopping(server)) {
            q->rc = HR_EUNAVAIL;
            snprintf(q->problem, sizeof q->problem, "hr-workflow is stopping");
            break;
        }
        Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
        req.id = q->ids[i];
        hr_call_opts_t opts = {
            .timeout_ms = WF_SIGNERS_TIMEOUT_MS, .retries = -1, .actor = &peer.actor};
        hr_result_t res = {0};
        hr_rc_t rc = hr_client_call(peer.client, "evidence.Stat", &req.base,
                                    &hr__evidence__stat_reply__descriptor, q->arena, &opts, &res);
        zmsg_destroy(&res.frames);
        const Hr__Evidence__StatReply *rep = res.reply;
        if (rc == HR_ENOTFOUND)
            continue; // not held there: signed by nobody
        if (rc)
            q->rc = wf_peer_problem("evidence", rc, &res, WF_SIGNERS_TIMEOUT_MS,
                                    hr_arena_fmt(q->arena, " for record %.64s", q->ids[i]),
                                    q->problem, sizeof q->problem);
        else if (rep && rep->evidence)
            s_keep(q, i, rep->evidence);
    }
    wf_peer_close(&peer);
}

struct wf_signers *wf_signers_taken(wf_server_t *self, hr_call_t *call, bool *running)
{
    struct wf_signers *q = (struct wf_signers *)hr_call_job(call, &self->signer_jobs, running);
    if (q) { // freed when this run ends, committed or not
        hr_call_after_commit(call, s_free_hook, q);
        hr_call_after_abort(call, s_free_hook, q);
    }
    return q;
}

// Asks hr-evidence about ids: the call parks until the answer is in.
static hr_rc_t s_ask(wf_server_t *self, hr_call_t *call, const char *const *ids, size_t nids,
                     const wf_signers_why_t *why, bool *parked)
{
    hr_rc_t erc = wf_peer_endpoint(
        self, call, "evidence", &self->evidence_endpoint, "could not check signatures",
        why->nothing_en, hr_arena_fmt(hr_call_arena(call), "无法核对签名，%s", why->nothing_zh));
    if (erc)
        return erc;
    struct wf_signers *q = hr_alloc(sizeof *q);
    q->arena = hr_arena_new(0);
    q->endpoint = hr_arena_strdup(q->arena, self->evidence_endpoint);
    q->offset_ms = hr_clock_offset_ms(self->clock);
    q->nids = nids;
    q->ids = hr_arena_alloc(q->arena, nids * sizeof *q->ids);
    q->signers = hr_arena_alloc(q->arena, nids * sizeof *q->signers);
    q->nsigners = hr_arena_alloc(q->arena, nids * sizeof *q->nsigners);
    q->declined = hr_arena_alloc(q->arena, nids * sizeof *q->declined);
    q->signed_ms = hr_arena_alloc(q->arena, nids * sizeof *q->signed_ms);
    q->statements = hr_arena_alloc(q->arena, nids * sizeof *q->statements);
    for (size_t i = 0; i < nids; i++) {
        q->ids[i] = hr_arena_strdup(q->arena, ids[i]);
        q->signers[i] = NULL;
        q->nsigners[i] = 0;
        q->declined[i] = NULL;
        q->signed_ms[i] = NULL;
        q->statements[i] = NULL;
    }
    hr_rc_t rc = hr_call_park_job(call, &self->signer_jobs, &q->job, s_work);
    if (rc) {
        s_free(&q);
        return rc;
    }
    hr_debug("signers.asked", "msg=%s records=%zu", hr_call_msg_id(call), nids);
    *parked = true;
    return HR_OK;
}

// The parties of the case that signer is.
static unsigned s_parties(hr_call_t *call, const Hr__Workflow__Case *c, const char *signer)
{
    unsigned parties = 0;
    if (!strcmp(signer, c->employee_no))
        return WF_PARTY_EMPLOYEE; // never HR on their own case
    if (!strcmp(signer, c->manager_no))
        parties |= WF_PARTY_MANAGER;
    Hr__Workflow__Person *p = NULL;
    if (!wf_store_person_get(hr_call_txn(call), signer, hr_call_arena(call), &p) && p)
        for (size_t i = 0; i < p->n_roles; i++)
            if (!strcmp(p->roles[i], "hr") || !strcmp(p->roles[i], "hr_head"))
                parties |= WF_PARTY_HR;
    return parties;
}

hr_rc_t wf_signers_get(wf_server_t *self, hr_call_t *call, struct wf_signers *taken,
                       const Hr__Workflow__Case *c, const char *const *ids, size_t nids,
                       const wf_signers_why_t *why, wf_signed_t **out, bool *parked)
{
    *out = NULL;
    *parked = false;
    if (!taken)
        return s_ask(self, call, ids, nids, why, parked);
    if (taken->rc) {
        hr_warn("signers.unchecked", "case=%s rc=%s", c->id, hr_rc_name(taken->rc));
        return hr_call_fail_zh(call, HR_EUNAVAIL,
                               wf_zh(call,
                                     "暂时无法向 hr-evidence "
                                     "核对证据的签名（%s）；%s，因此%s：请稍后重试；如仍不行"
                                     "，请联系系统管理员（hrctl health 可查看各服务状态）。",
                                     taken->problem, why->need_zh, why->nothing_zh),
                               "could not check signatures: %s; %s, so %s: try again",
                               taken->problem, why->need_en, why->nothing_en);
    }
    hr_arena_t *arena = hr_call_arena(call);
    wf_signed_t *sigs = hr_arena_alloc(arena, (nids + 1) * sizeof *sigs);
    for (size_t i = 0; i < nids; i++) {
        size_t at = 0;
        while (at < taken->nids && strcmp(taken->ids[at], ids[i]))
            at++;
        if (at == taken->nids)
            return hr_call_fail_zh(
                call, HR_ECONFLICT,
                wf_zh(call, "向 hr-evidence 核对签名期间，案件 %s 的证据有了变化：请重新提交。",
                      c->id),
                "case %s: its evidence changed while hr-evidence was asked who "
                "signed it; submit again",
                c->id);
        sigs[i] = (wf_signed_t){ids[i], 0, 0, "", "", "", "", ""};
        for (size_t k = 0; k < taken->nsigners[at]; k++) {
            unsigned parties = s_parties(call, c, taken->signers[at][k]);
            if (!taken->declined[at][k]) {
                sigs[i].parties |= parties;
                bool own = parties == WF_PARTY_EMPLOYEE;
                if (own && !*sigs[i].employee_date) {
                    char day[HR_DATE_LEN];
                    hr_date_format(hr_day_of_ms(taken->signed_ms[at][k], self->time.tz_offset_min),
                                   day);
                    sigs[i].employee_date = hr_arena_strdup(arena, day);
                } else if (!own && !*sigs[i].other_signer) {
                    sigs[i].other_signer = hr_arena_strdup(arena, taken->signers[at][k]);
                }
                continue;
            }
            if (parties && !sigs[i].declined) { // the first refusal by a party is the one told
                char day[HR_DATE_LEN];
                hr_date_format(hr_day_of_ms(taken->signed_ms[at][k], self->time.tz_offset_min),
                               day);
                sigs[i].declined_by = hr_arena_strdup(arena, taken->signers[at][k]);
                sigs[i].declined_date = hr_arena_strdup(arena, day);
                sigs[i].decline_statement = hr_arena_strdup(arena, taken->statements[at][k]);
            }
            sigs[i].declined |= parties;
        }
    }
    *out = sigs;
    return HR_OK;
}

void wf_signers_free_all(wf_server_t *self)
{
    while (self->signer_jobs) {
        struct wf_signers *q = (struct wf_signers *)self->signer_jobs;
        self->signer_jobs = q->job.next;
        s_free(&q);
    }
}
