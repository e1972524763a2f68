/*  wf_journal - the case journal: one canonical encoding, one SHA-256, and its two requests.
 *
 *  Every write of a case row appends an entry (wf_store_case_put -> wf_store_journal_append)
 *  holding the row's bytes as stored and their SHA-256, chained to the entry before it as
 *  hr-evidence chains its audit log (services/evidence/ev_chain.c): each hash covers the entry's
 *  own fields and the previous hash, so editing, removing or reordering any entry breaks every
 *  link after it, and a row edited behind the service no longer matches its latest entry. The
 *  encoding is ours (length-prefixed fields), never protobuf's, so a third party recomputes it
 *  with a few lines of python3 (README).
 *
 *  The hash is not shared with ev_chain.c: the field lists differ, the loop is ten lines, and a
 *  helper in common/ would make every daemon link libcrypto for two callers.
 */
#include "wf.h"

#include <openssl/evp.h>

static void s_put_str(EVP_MD_CTX *ctx, const char *s)
{
    unsigned char len[4];
    size_t n = s ? strlen(s) : 0;
    hr_be32_put(len, (uint32_t)n);
    EVP_DigestUpdate(ctx, len, sizeof len);
    if (n)
        EVP_DigestUpdate(ctx, s, n);
}

void wf_journal_sha256(const void *data, size_t len, unsigned char out[WF_HASH_BYTES])
{
    unsigned int n = 0;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void wf_journal_hash(const wf_journal_fields_t *f, unsigned char out[WF_HASH_BYTES])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    assert(ctx);
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    s_put_str(ctx, WF_JOURNAL_DOMAIN);
    unsigned char num[8];
    hr_be64_put(num, f->seq);
    EVP_DigestUpdate(ctx, num, sizeof num);
    hr_be64_put(num, (uint64_t)f->at_ms);
    EVP_DigestUpdate(ctx, num, sizeof num);
    s_put_str(ctx, f->case_id);
    s_put_str(ctx, f->actor);
    s_put_str(ctx, f->msg_id);
    s_put_str(ctx, f->request);
    s_put_str(ctx, f->note);
    EVP_DigestUpdate(ctx, f->case_sha256, WF_HASH_BYTES);
    EVP_DigestUpdate(ctx, f->prev_hash, WF_HASH_BYTES);
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out, &len);
    EVP_MD_CTX_free(ctx);
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
        return hr_call_fail(call, HR_EINVAL, "case_id: not an id");
    if (!wf_auth_reads_all(wf_call_actor(call)))
        return hr_call_fail(call, HR_EDENIED,
                            "a case's journal is shown to HR, legal and the operator only");
    Hr__Workflow__CaseJournalReply *rep = hr_call_reply(call);
    hr_rc_t rc = wf_store_journal_of(hr_call_txn(call), req->case_id, hr_call_arena(call), rep);
    if (rc)
        return hr_call_fail(call, rc, "could not read the case journal");
    if (!rep->n_entries) {
        Hr__Workflow__Case *c = NULL;
        rc = wf_store_case_get(hr_call_txn(call), req->case_id, hr_call_arena(call), &c);
        if (rc == HR_ENOTFOUND)
            return hr_call_fail(call, rc, "case_id: no case %s", req->case_id);
    }
    return HR_OK;
}

// The journal's chain and every case row against it: HR, legal and the operator.
hr_rc_t wf_handle_verify(void *self, hr_call_t *call)
{
    HR_UNUSED(self);
    if (!wf_auth_reads_all(wf_call_actor(call)))
        return hr_call_fail(call, HR_EDENIED, "workflow.Verify: HR, legal and the operator only");
    Hr__Workflow__WorkflowVerifyReply *rep = hr_call_reply(call);
    hr_rc_t rc = wf_store_journal_verify(hr_call_txn(call), hr_call_arena(call), rep);
    if (rc)
        return hr_call_fail(call, rc, "could not read the case journal");
    if (!rep->ok)
        hr_error("journal.bad", "bad_seq=%llu problem=\"%s\" bad_cases=%zu",
                 (unsigned long long)rep->bad_seq, rep->chain_problem, rep->n_bad_cases);
    return HR_OK;
}
