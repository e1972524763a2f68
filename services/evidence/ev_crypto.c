/*  ev_crypto - keys, wrapping, signatures and SHA-256 for the evidence store.
 *
 *  One master key (a file outside the data directory) never touches a blob directly: crypto_kdf
 *  derives four subkeys from it (wrap blob keys, name blob files, wrap signing keys, key check).
 *  Every blob has its own random secretstream key, stored only wrapped (XChaCha20-Poly1305 with
 *  the evidence id as associated data, so a wrapped key moved to another record does not open).
 *  Since blob format 2 the wrap is keyed by the master key's wrap subkey and a random pad kept
 *  in the blob file's own header (ev_blob): a wrapped key left behind on a freed LMDB page opens
 *  nothing once shredding has overwritten the pad in place. Destroying the wrapped key and the
 *  pad is what "crypto-shredding" means here.
 *
 *  Content ids are plain SHA-256 (OpenSSL: it uses the CPU's SHA instructions), so anyone
 *  holding a copy of a file can check it; blob file names are a keyed hash of the id, so a
 *  listing of the disk does not confirm which known files are stored.
 */
#include "ev.h"

#define EV_KDF_CTX "hrevidnc" // crypto_kdf context: 8 bytes
#define EV_SUBKEY_WRAP 1
#define EV_SUBKEY_NAME 2
#define EV_SUBKEY_SIGN 3
#define EV_SUBKEY_CHECK 4
#define EV_KEY_CHECK_TEXT "hr-evidence key check v1"
#define EV_SIG_DOMAIN "hr.evidence.signature.v1"    // an acknowledgement (and every old one)
#define EV_DECLINE_DOMAIN "hr.evidence.declined.v1" // a refusal to confirm the record
#define EV_PAD_DOMAIN "hr.evidence.blob-pad.v1"     // a blob key's wrap, from its pad

void ev_keys_derive(const unsigned char master[EV_KEY_BYTES], ev_keys_t *keys)
{
    crypto_kdf_derive_from_key(keys->wrap, sizeof keys->wrap, EV_SUBKEY_WRAP, EV_KDF_CTX, master);
    crypto_kdf_derive_from_key(keys->name, sizeof keys->name, EV_SUBKEY_NAME, EV_KDF_CTX, master);
    crypto_kdf_derive_from_key(keys->sign, sizeof keys->sign, EV_SUBKEY_SIGN, EV_KDF_CTX, master);
    crypto_kdf_derive_from_key(keys->check, sizeof keys->check, EV_SUBKEY_CHECK, EV_KDF_CTX,
                               master);
}

void ev_keys_wipe(ev_keys_t *keys)
{
    sodium_memzero(keys, sizeof *keys);
}

static int s_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool ev_key_parse(const unsigned char *data, size_t len, unsigned char master[EV_KEY_BYTES])
{
    size_t start = 0, end = len;
    while (start < end && (data[start] == ' ' || data[start] == '\n' || data[start] == '\r' ||
                           data[start] == '\t'))
        start++;
    while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\n' || data[end - 1] == '\r' ||
                           data[end - 1] == '\t'))
        end--;
    if (end - start == 2 * EV_KEY_BYTES) {
        bool hex = true;
        for (size_t i = 0; i < EV_KEY_BYTES && hex; i++) {
            int hi = s_hexval(data[start + 2 * i]), lo = s_hexval(data[start + 2 * i + 1]);
            if (hi < 0 || lo < 0)
                hex = false;
            else
                master[i] = (unsigned char)(hi << 4 | lo);
        }
        if (hex)
            return true;
    }
    if (len == EV_KEY_BYTES) {
        memcpy(master, data, EV_KEY_BYTES);
        return true;
    }
    return false;
}

void ev_key_check_value(const ev_keys_t *keys, unsigned char out[EV_HASH_BYTES])
{
    crypto_generichash(out, EV_HASH_BYTES, (const unsigned char *)EV_KEY_CHECK_TEXT,
                       strlen(EV_KEY_CHECK_TEXT), keys->check, sizeof keys->check);
}

// AEAD-wraps n secret bytes with key, AD = ad: out = nonce || ciphertext+tag.
static void s_wrap(const unsigned char *key, const char *ad, const unsigned char *secret, size_t n,
                   unsigned char *out)
{
    unsigned char *nonce = out;
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                               &clen, secret, n, (const unsigned char *)ad,
                                               strlen(ad), NULL, nonce, key);
}

static bool s_unwrap(const unsigned char *key, const char *ad, const unsigned char *wrapped,
                     size_t len, unsigned char *secret, size_t n)
{
    if (len != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + n +
                   crypto_aead_xchacha20poly1305_ietf_ABYTES)
        return false;
    unsigned long long mlen = 0;
    return crypto_aead_xchacha20poly1305_ietf_decrypt(
               secret, &mlen, NULL, wrapped + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
               len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, (const unsigned char *)ad,
               strlen(ad), wrapped, key) == 0 &&
           mlen == n;
}

// The key that wraps one blob's key: the wrap subkey alone (a blob written before the pad), or
// keyed BLAKE2b of the blob's pad under it, so the wrapped key opens only beside the pad its
// blob file holds - and no more once shredding has overwritten that pad.
static void s_blob_kek(const ev_keys_t *keys, const unsigned char *pad,
                       unsigned char kek[EV_KEY_BYTES])
{
    if (!pad) {
        memcpy(kek, keys->wrap, EV_KEY_BYTES);
        return;
    }
    crypto_generichash_state st;
    crypto_generichash_init(&st, keys->wrap, sizeof keys->wrap, EV_KEY_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)EV_PAD_DOMAIN, strlen(EV_PAD_DOMAIN));
    crypto_generichash_update(&st, pad, EV_BLOB_PAD_BYTES);
    crypto_generichash_final(&st, kek, EV_KEY_BYTES);
    sodium_memzero(&st, sizeof st);
}

void ev_key_wrap(const ev_keys_t *keys, const char *id, const unsigned char *pad,
                 const unsigned char key[EV_KEY_BYTES], unsigned char out[EV_WRAPPED_KEY_BYTES])
{
    unsigned char kek[EV_KEY_BYTES];
    s_blob_kek(keys, pad, kek);
    s_wrap(kek, id, key, EV_KEY_BYTES, out);
    sodium_memzero(kek, sizeof kek);
}

bool ev_key_unwrap(const ev_keys_t *keys, const char *id, const unsigned char *pad,
                   const unsigned char *wrapped, size_t len, unsigned char key[EV_KEY_BYTES])
{
    unsigned char kek[EV_KEY_BYTES];
    s_blob_kek(keys, pad, kek);
    bool ok = s_unwrap(kek, id, wrapped, len, key, EV_KEY_BYTES);
    sodium_memzero(kek, sizeof kek);
    return ok;
}

void ev_blob_name(const ev_keys_t *keys, const char *id, char out[EV_ID_HEX + 1])
{
    unsigned char h[EV_HASH_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)id, strlen(id), keys->name,
                       sizeof keys->name);
    ev_hex(h, sizeof h, out);
}

void ev_sign_keypair(const ev_keys_t *keys, const char *user_id,
                     unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                     unsigned char wrapped_sk[EV_WRAPPED_SK_BYTES])
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    s_wrap(keys->sign, user_id, sk, sizeof sk, wrapped_sk);
    sodium_memzero(sk, sizeof sk);
}

static void s_put_str(crypto_generichash_state *st, const char *s)
{
    unsigned char len[4];
    size_t n = s ? strlen(s) : 0;
    hr_be32_put(len, (uint32_t)n);
    crypto_generichash_update(st, len, sizeof len);
    if (n)
        crypto_generichash_update(st, (const unsigned char *)s, n);
}

// The message an Ed25519 signature covers: a BLAKE2b digest of the domain, the evidence hash
// (raw 32 bytes), the signer, the time and the statement, each length-prefixed. A refusal has a
// domain of its own: the disposition is signed, never a field beside the signature.
static bool s_sig_message(const char *id, const char *signer, int64_t signed_ms,
                          const char *statement, bool declined, unsigned char out[EV_HASH_BYTES])
{
    unsigned char hash[EV_HASH_BYTES];
    if (!id || !ev_unhex(id, hash, sizeof hash))
        return false;
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, EV_HASH_BYTES);
    s_put_str(&st, declined ? EV_DECLINE_DOMAIN : EV_SIG_DOMAIN);
    crypto_generichash_update(&st, hash, sizeof hash);
    s_put_str(&st, signer);
    unsigned char ms[8];
    hr_be64_put(ms, (uint64_t)signed_ms);
    crypto_generichash_update(&st, ms, sizeof ms);
    s_put_str(&st, statement);
    crypto_generichash_final(&st, out, EV_HASH_BYTES);
    return true;
}

size_t ev_sign_encoding(const char *id, const char *signer, int64_t signed_ms,
                        const char *statement, bool declined, hr_arena_t *arena,
                        unsigned char **out)
{
    unsigned char hash[EV_HASH_BYTES];
    if (!id || !ev_unhex(id, hash, sizeof hash))
        return 0;
    const char *parts[] = {declined ? EV_DECLINE_DOMAIN : EV_SIG_DOMAIN, signer ? signer : "",
                           statement ? statement : ""};
    size_t len =
        4 + strlen(parts[0]) + EV_HASH_BYTES + 4 + strlen(parts[1]) + 8 + 4 + strlen(parts[2]);
    unsigned char *b = hr_arena_alloc(arena, len), *p = b;
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(parts[i]);
        hr_be32_put(p, (uint32_t)n);
        memcpy(p + 4, parts[i], n);
        p += 4 + n;
        if (i == 0) {
            memcpy(p, hash, EV_HASH_BYTES);
            p += EV_HASH_BYTES;
        } else if (i == 1) {
            hr_be64_put(p, (uint64_t)signed_ms);
            p += 8;
        }
    }
    assert((size_t)(p - b) == len);
    *out = b;
    return len;
}

bool ev_sign(const ev_keys_t *keys, const unsigned char *wrapped_sk, size_t wrapped_len,
             const char *id, const char *signer, int64_t signed_ms, const char *statement,
             bool declined, unsigned char sig[crypto_sign_BYTES])
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    unsigned char msg[EV_HASH_BYTES];
    if (!s_sig_message(id, signer, signed_ms, statement, declined, msg))
        return false;
    if (!s_unwrap(keys->sign, signer, wrapped_sk, wrapped_len, sk, sizeof sk))
        return false;
    crypto_sign_detached(sig, NULL, msg, sizeof msg, sk);
    sodium_memzero(sk, sizeof sk);
    return true;
}

bool ev_sign_raw(const ev_keys_t *keys, const char *key_id, const unsigned char *wrapped_sk,
                 size_t wrapped_len, const unsigned char *msg, size_t n,
                 unsigned char sig[crypto_sign_BYTES])
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    if (!s_unwrap(keys->sign, key_id, wrapped_sk, wrapped_len, sk, sizeof sk))
        return false;
    crypto_sign_detached(sig, NULL, msg, n, sk);
    sodium_memzero(sk, sizeof sk);
    return true;
}

bool ev_sign_verify(const unsigned char *pk, size_t pk_len, const unsigned char *sig,
                    size_t sig_len, const char *id, const char *signer, int64_t signed_ms,
                    const char *statement, bool declined)
{
    unsigned char msg[EV_HASH_BYTES];
    if (pk_len != crypto_sign_PUBLICKEYBYTES || sig_len != crypto_sign_BYTES)
        return false;
    if (!s_sig_message(id, signer, signed_ms, statement, declined, msg))
        return false;
    return crypto_sign_verify_detached(sig, msg, sizeof msg, pk) == 0;
}

void ev_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

bool ev_unhex(const char *hex, unsigned char *out, size_t n)
{
    if (strlen(hex) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = s_hexval((unsigned char)hex[2 * i]), lo = s_hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

bool ev_id_is_valid(const char *s)
{
    if (!s || strlen(s) != EV_ID_HEX)
        return false;
    for (size_t i = 0; i < EV_ID_HEX; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

void ev_sha256_hex(const void *data, size_t len, char out[EV_ID_HEX + 1])
{
    unsigned char h[EV_HASH_BYTES];
    unsigned int hlen = 0;
    EVP_Digest(data, len, h, &hlen, EVP_sha256(), NULL);
    ev_hex(h, sizeof h, out);
}
