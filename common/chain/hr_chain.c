/*  hr_chain - the hash of one entry of a hash chain (hr_chain.h). */
#include "hr_chain.h"

#include "hr_base.h"

#include <assert.h>
#include <string.h>

void hr_chain_begin(hr_chain_hash_t *h, const char *domain, uint64_t seq, int64_t at_ms)
{
    h->ctx = EVP_MD_CTX_new();
    assert(h->ctx);
    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
    hr_chain_text(h, domain);
    unsigned char num[8];
    hr_be64_put(num, seq);
    EVP_DigestUpdate(h->ctx, num, sizeof num);
    hr_be64_put(num, (uint64_t)at_ms);
    EVP_DigestUpdate(h->ctx, num, sizeof num);
}

void hr_chain_text(hr_chain_hash_t *h, const char *s)
{
    unsigned char len[4];
    size_t n = s ? strlen(s) : 0;
    hr_be32_put(len, (uint32_t)n);
    EVP_DigestUpdate(h->ctx, len, sizeof len);
    if (n)
        EVP_DigestUpdate(h->ctx, s, n);
}

void hr_chain_raw(hr_chain_hash_t *h, const unsigned char *bytes, size_t n)
{
    EVP_DigestUpdate(h->ctx, bytes, n);
}

void hr_chain_end(hr_chain_hash_t *h, unsigned char out[HR_CHAIN_HASH_BYTES])
{
    unsigned int len = 0;
    EVP_DigestFinal_ex(h->ctx, out, &len);
    EVP_MD_CTX_free(h->ctx);
    h->ctx = NULL;
}
