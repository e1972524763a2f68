/*  wf_journal - the case journal: one canonical encoding, one SHA-256, and its two requests.
 *
 *  Every write of a case row appends an entry (wf_store_case_put -> wf_store_journal_append)
 *  holding the row's bytes as stored and their SHA-256, chained to the entry before it as
 *  hr-evidence chains its audit log (services/evidence/ev_chain.c): each hash covers the entry's
 *  own fields and the previous hash, so editing, removing or reordering any entry breaks every
 *  link after it, and a row edited behind the service no longer matches its latest entry. The
 *  encoding is ours (length-prefixed fields), never protobuf's, so a third party recomputes it
 *  with a few lines of python3 (README).
 *  The encoding is hr_chain's (common/chain), shared with hr-evidence's audit chain.
 */
#include "wf.h"
#include "hr_chain.h"

#include <openssl/evp.h>

void wf_journal_sha256(const void *data, size_t len, unsigned char out[WF_HASH_BYTES])
{
    unsigned int n = 0;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void wf_journal_hash(const wf_journal_fields_t *f, unsigned char out[WF_HASH_BYTES])
{
    hr_chain_hash_t h;
    hr_chain_begin(&h, WF_JOURNAL_DOMAIN, f->seq, f->at_ms);
    hr_chain_text(&h, f->case_id);
    hr_chain_text(&h, f->actor);
    hr_chain_text(&h, f->msg_id);
    hr_chain_text(&h, f->request);
    hr_chain_text(&h, f->note);
    hr_chain_raw(&h, f->case_sha256, WF_HASH_BYTES);
    hr_chain_raw(&h, f->prev_hash, WF_HASH_BYTES);
    hr_chain_end(&h, out);
}

const char *wf_journal_check(const Hr__Workflow__CaseJournalEntry *e, uint64_t expect_seq,
                             const unsigned char prev_hash[WF_HASH_BYTES])
{
    if (e->seq != expect_seq)
        return "sequence number";
    unsigned char sha[WF_HASH_BYTES];
    wf_journal_sha256(e->case_bytes.data, e->case_bytes.len, sha);
    if (e->case_sha256.len != WF_HASH_BYTES || memcmp(e->case_sha256.data, sha, WF_HASH_BYTES))
        return "case_sha256";
    if (e->prev_hash.len != WF_HASH_BYTES || memcmp(e->prev_hash.data, prev_hash, WF_HASH_BYTES))
        return "prev_hash";
    wf_journal_fields_t f = {.seq = e->seq,
                             .at_ms = e->at_ms,
                             .case_id = e->case_id,
                             .actor = e->actor,
                             .msg_id = e->msg_id,
                             .request = e->request,
                             .note = e->note};
    memcpy(f.case_sha256, sha, WF_HASH_BYTES);
    memcpy(f.prev_hash, prev_hash, WF_HASH_BYTES);
    unsigned char h[WF_HASH_BYTES];
    wf_journal_hash(&f, h);
    if (e->hash.len != WF_HASH_BYTES || memcmp(e->hash.data, h, WF_HASH_BYTES))
        return "hash";
    return NULL;
}

void wf_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

// A case's entries, every version of its row: HR, legal and the operator (wf_auth_reads_all).
hr_rc_t wf_handle_case_journal(void *self, hr_call_t *call)
{
    HR_UNUSED(self);
    const Hr__Workflow__CaseJournalRequest *req = hr_call_request(call);
    if (!hr_id_is_valid(req->case_id))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "案件编号不对：应为 26 位的案件编号，可用 hrctl case list 查看。",
                               "case_id: not an id");
    if (!wf_auth_reads_all(wf_call_actor(call)))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            "案件的变更日志只向 HR、法务和运维人员（operator）公开：如需了解，请联系 HR。",
            "a case's journal is shown to HR, legal and the operator only");
    Hr__Workflow__CaseJournalReply *rep = hr_call_reply(call);
    hr_rc_t rc = wf_store_journal_of(hr_call_txn(call), req->case_id, req->after_seq,
                                     WF_JOURNAL_PAGE_BYTES, hr_call_arena(call), rep);
    if (rc)
        return wf_fail_store(call, rc, "could not read the case journal");
    if (!rep->n_entries && !req->after_seq) {
        Hr__Workflow__Case *c = NULL;
        rc = wf_store_case_get(hr_call_txn(call), req->case_id, hr_call_arena(call), &c);
        if (rc == HR_ENOTFOUND)
            return hr_call_fail_zh(
                call, rc,
                wf_zh(call, "没有编号为 %s 的案件：请用 hrctl case list 查看你能看到的案件。",
                      req->case_id),
                "case_id: no case %s", req->case_id);
    }
    return HR_OK;
}

// A whole-store verify: it reads every entry and every case row, so it runs on a thread of its
// own (hr_call_park) while the daemon serves everyone else, in a read transaction of its own.
typedef struct {
    hr_job_t job;                          // first: in self->verify_jobs under its request
    wf_server_t *self;                     // borrowed
    hr_arena_t *arena;                     // owned: rep's memory
    Hr__Workflow__WorkflowVerifyReply rep; // what the work found
    hr_rc_t rc;                            // HR_OK when it read it all
} s_verify_t;

static void s_verify_free(s_verify_t *v)
{
    hr_arena_destroy(&v->arena);
    hr_free(v);
}

void wf_journal_free_all(wf_server_t *self)
{
    while (self->verify_jobs) {
        s_verify_t *v = (s_verify_t *)self->verify_jobs;
        self->verify_jobs = v->job.next;
        s_verify_free(v);
    }
}

static void s_verify_work(const hr_server_t *server, void *arg)
{
    HR_UNUSED(server);
    s_verify_t *v = arg;
    hr_txn_t *txn = NULL;
    v->rc = hr_store_reader_begin(v->self->store, &txn);
    if (!v->rc)
        v->rc = wf_store_journal_verify(txn, v->arena, &v->rep);
    hr_txn_abort(&txn);
}

// The work's findings into the call's reply (copies in the call's arena: v is freed after).
static void s_verify_answer(hr_call_t *call, const s_verify_t *v)
{
    Hr__Workflow__WorkflowVerifyReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Workflow__WorkflowVerifyReply *r = &v->rep;
    rep->ok = r->ok;
    rep->entries = r->entries;
    rep->cases = r->cases;
    rep->bad_seq = r->bad_seq;
    rep->chain_problem = hr_arena_strdup(arena, r->chain_problem ? r->chain_problem : "");
    rep->chain_head = hr_arena_strdup(arena, r->chain_head ? r->chain_head : "");
    rep->bad_cases = hr_arena_alloc(arena, (r->n_bad_cases + 1) * sizeof *rep->bad_cases);
    for (size_t i = 0; i < r->n_bad_cases; i++) {
        Hr__Workflow__CaseProblem *p = hr_arena_alloc(arena, sizeof *p);
        hr__workflow__case_problem__init(p);
        p->case_id = hr_arena_strdup(arena, r->bad_cases[i]->case_id);
        p->problem = hr_arena_strdup(arena, r->bad_cases[i]->problem);
        rep->bad_cases[rep->n_bad_cases++] = p;
    }
}

// The journal's chain and every case row against it: HR, legal and the operator.
hr_rc_t wf_handle_verify(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    if (!wf_auth_reads_all(wf_call_actor(call)))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            "只有 HR、法务和运维人员（operator）可以校验案件日志（hrctl verify）。",
            "workflow.Verify: HR, legal and the operator only");
    bool running = false;
    s_verify_t *v = (s_verify_t *)hr_call_job(call, &self->verify_jobs, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while the verify runs
    if (!v) {
        v = hr_alloc(sizeof *v);
        v->self = self;
        v->arena = hr_arena_new(0);
        hr__workflow__workflow_verify_reply__init(&v->rep);
        hr_rc_t rc = hr_call_park_job(call, &self->verify_jobs, &v->job, s_verify_work);
        if (rc)
            s_verify_free(v);
        return rc;
    }
    hr_rc_t rc = v->rc;
    if (!rc)
        s_verify_answer(call, v);
    s_verify_free(v);
    if (rc)
        return wf_fail_store(call, rc, "could not read the case journal");
    const Hr__Workflow__WorkflowVerifyReply *rep = hr_call_reply(call);
    if (!rep->ok)
        hr_error("journal.bad", "bad_seq=%llu problem=\"%s\" bad_cases=%zu",
                 (unsigned long long)rep->bad_seq, rep->chain_problem, rep->n_bad_cases);
    return HR_OK;
}
