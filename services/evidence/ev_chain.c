/*  ev_chain - the audit chain's hash: one canonical encoding, one SHA-256.
 *
 *  Each entry's hash covers its own fields and the previous entry's hash, so editing, removing
 *  or reordering any entry breaks every link after it; the verifier reports the first. The
 *  encoding is ours (length-prefixed fields), not protobuf's, so the hash never depends on how a
 *  library chooses to pack a message.
 */
#include "ev.h"

#define EV_CHAIN_DOMAIN "hr.evidence.audit.v1"

static void s_put_str(EVP_MD_CTX *ctx, const char *s)
{
    unsigned char len[4];
    size_t n = s ? strlen(s) : 0;
    hr_be32_put(len, (uint32_t)n);
    EVP_DigestUpdate(ctx, len, sizeof len);
    if (n)
        EVP_DigestUpdate(ctx, s, n);
}

void ev_chain_hash(const ev_chain_fields_t *f, unsigned char out[EV_HASH_BYTES])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    assert(ctx);
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    s_put_str(ctx, EV_CHAIN_DOMAIN);
    unsigned char num[8];
    hr_be64_put(num, f->seq);
    EVP_DigestUpdate(ctx, num, sizeof num);
    hr_be64_put(num, (uint64_t)f->at_ms);
    EVP_DigestUpdate(ctx, num, sizeof num);
    s_put_str(ctx, f->actor);
    s_put_str(ctx, f->action);
    s_put_str(ctx, f->evidence_id);
    s_put_str(ctx, f->case_id);
    s_put_str(ctx, f->detail);
    EVP_DigestUpdate(ctx, f->prev_hash, EV_HASH_BYTES);
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out, &len);
    EVP_MD_CTX_free(ctx);
}

const char *ev_chain_check(const Hr__Evidence__AuditEntry *e, uint64_t expect_seq,
                           const unsigned char prev_hash[EV_HASH_BYTES])
{
    if (e->seq != expect_seq)
        return "sequence number";
    if (e->prev_hash.len != EV_HASH_BYTES || memcmp(e->prev_hash.data, prev_hash, EV_HASH_BYTES))
        return "prev_hash";
    ev_chain_fields_t f = {.seq = e->seq,
                           .at_ms = e->at_ms,
                           .actor = e->actor,
                           .action = e->action,
                           .evidence_id = e->evidence_id,
                           .case_id = e->case_id,
                           .detail = e->detail};
    memcpy(f.prev_hash, prev_hash, EV_HASH_BYTES);
    unsigned char h[EV_HASH_BYTES];
    ev_chain_hash(&f, h);
    if (e->hash.len != EV_HASH_BYTES || memcmp(e->hash.data, h, EV_HASH_BYTES))
        return "hash";
    return NULL;
}
