/*  hr_chain - the hash of one entry of a hash chain: hr-evidence's audit log (ev_chain.c) and
 *  hr-workflow's case journal (wf_journal.c) hash their entries the same way.
 *
 *  SHA-256 (OpenSSL's EVP: the CPU's SHA instructions) over an encoding of our own, never
 *  protobuf's, so the hash never depends on how a library packs a message and a third party
 *  recomputes it with a few lines of python3: the domain as a text, be64 seq, be64 at_ms, then
 *  what the caller adds in its order - texts as be32 byte length + UTF-8 bytes, hashes as their
 *  32 raw bytes - and last, by the caller's convention, the previous entry's hash.
 *
 *      hr_chain_hash_t h;
 *      hr_chain_begin(&h, "hr.evidence.audit.v1", seq, at_ms);
 *      hr_chain_text(&h, actor);
 *      hr_chain_raw(&h, prev_hash, HR_CHAIN_HASH_BYTES);
 *      hr_chain_end(&h, out);
 *
 *  A library of its own (hr_chain), so only the daemons that chain link libcrypto for it.
 */
#ifndef HR_CHAIN_H
#define HR_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define HR_CHAIN_HASH_BYTES 32 // SHA-256

typedef struct {
    EVP_MD_CTX *ctx; // owned from begin to end
} hr_chain_hash_t;

// Starts an entry's hash: the domain (a text), be64 seq, be64 at_ms.
void hr_chain_begin(hr_chain_hash_t *h, const char *domain, uint64_t seq, int64_t at_ms);
// Adds a text: be32 byte length, then its bytes (NULL counts as "").
void hr_chain_text(hr_chain_hash_t *h, const char *s);
// Adds n raw bytes (a hash) as they are.
void hr_chain_raw(hr_chain_hash_t *h, const unsigned char *bytes, size_t n);
// Writes the SHA-256 into out and frees what begin took.
void hr_chain_end(hr_chain_hash_t *h, unsigned char out[HR_CHAIN_HASH_BYTES]);

#endif
