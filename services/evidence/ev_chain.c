/*  ev_chain - the audit chain's hash: one canonical encoding, one SHA-256.
 *
 *  Each entry's hash covers its own fields and the previous entry's hash, so editing, removing
 *  or reordering any entry breaks every link after it; the verifier reports the first. The
 *  encoding is ours (length-prefixed fields), not protobuf's, so the hash never depends on how a
 *  library chooses to pack a message.
 */
#include "ev.h"
#include "hr_chain.h"

#define EV_CHAIN_DOMAIN "hr.evidence.audit.v1"

void ev_chain_hash(const ev_chain_fields_t *f, unsigned char out[EV_HASH_BYTES])
{
    hr_chain_hash_t h;
    hr_chain_begin(&h, EV_CHAIN_DOMAIN, f->seq, f->at_ms);
    hr_chain_text(&h, f->actor);
    hr_chain_text(&h, f->action);
    hr_chain_text(&h, f->evidence_id);
    hr_chain_text(&h, f->case_id);
    hr_chain_text(&h, f->detail);
    hr_chain_raw(&h, f->prev_hash, EV_HASH_BYTES);
    hr_chain_end(&h, out);
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
