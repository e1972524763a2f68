/*  nt_sign - the request signatures of the SMS vendors and IM robots, on libsodium's SHA-256
 *  and HMAC-SHA256.
 *
 *  Aliyun ACS3-HMAC-SHA256, Tencent Cloud TC3-HMAC-SHA256, DingTalk's signed robot (key =
 *  secret, message = "ts\nsecret") and Feishu's (key = "ts\nsecret", message empty: not the
 *  DingTalk recipe). Each is checked in tests/unit/notify/test_nt_sign.c against the vendor's
 *  published example where there is one. Pure: timestamps and nonces are arguments.
 */
#include "nt.h"

#include <sodium.h>
#include <time.h>

void nt_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, uint8_t out[32])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, klen);
    crypto_auth_hmacsha256_update(&st, msg, mlen);
    crypto_auth_hmacsha256_final(&st, out);
}

static void s_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void nt_sha256_hex(const void *data, size_t len, char out[65])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    s_hex(h, sizeof h, out);
}

void nt_pct_encode(nt_buf_t *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            nt_buf_add(b, p, 1);
        else
            nt_buf_addf(b, "%%%02X", c);
    }
}

char *nt_base64(const void *data, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = hr_alloc(cap);
    sodium_bin2base64(out, cap, data, n, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

static int s_kv_cmp(const void *a, const void *b)
{
    const nt_kv_t *x = a, *y = b;
    return strcmp(x->key, y->key);
}

static nt_kv_t *s_sorted(const nt_kv_t *kv, size_t n)
{
    nt_kv_t *copy = hr_alloc((n ? n : 1) * sizeof *copy);
    if (n)
        memcpy(copy, kv, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, s_kv_cmp);
    return copy;
}

char *nt_acs3_query(const nt_kv_t *params, size_t n)
{
    nt_kv_t *sorted = s_sorted(params, n);
    nt_buf_t b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            nt_buf_adds(&b, "&");
        nt_pct_encode(&b, sorted[i].key);
        nt_buf_adds(&b, "=");
        nt_pct_encode(&b, sorted[i].value);
    }
    hr_free(sorted);
    return nt_buf_take(&b, NULL);
}

// value without leading and trailing spaces, appended to b
static void s_add_trimmed(nt_buf_t *b, const char *v)
{
    while (*v == ' ')
        v++;
    size_t len = strlen(v);
    while (len && v[len - 1] == ' ')
        len--;
    nt_buf_add(b, v, len);
}

char *nt_acs3_authorization(const char *key_id, const char *secret, const char *method,
                            const char *query, const nt_kv_t *headers, size_t n,
                            const char *payload_sha256_hex, char **canonical_out)
{
    nt_kv_t *sorted = s_sorted(headers, n);
    nt_buf_t canon = {0}, signed_names = {0};
    nt_buf_addf(&canon, "%s\n/\n%s\n", method, query);
    for (size_t i = 0; i < n; i++) {
        nt_buf_addf(&canon, "%s:", sorted[i].key);
        s_add_trimmed(&canon, sorted[i].value);
        nt_buf_adds(&canon, "\n");
        if (i)
            nt_buf_adds(&signed_names, ";");
        nt_buf_adds(&signed_names, sorted[i].key);
    }
    nt_buf_addf(&canon, "\n%s\n%s", signed_names.data ? signed_names.data : "", payload_sha256_hex);
    char canon_hash[65];
    nt_sha256_hex(canon.data, canon.len, canon_hash);
    char *to_sign = hr_strfmt("ACS3-HMAC-SHA256\n%s", canon_hash);
    uint8_t mac[32];
    nt_hmac_sha256(secret, strlen(secret), to_sign, strlen(to_sign), mac);
    char sig[65];
    s_hex(mac, sizeof mac, sig);
    char *auth = hr_strfmt("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=%s,Signature=%s", key_id,
                           signed_names.data ? signed_names.data : "", sig);
    hr_free(to_sign);
    hr_free(sorted);
    nt_buf_free(&signed_names);
    if (canonical_out)
        *canonical_out = nt_buf_take(&canon, NULL);
    else
        nt_buf_free(&canon);
    return auth;
}

char *nt_tc3_authorization(const char *secret_id, const char *secret_key, const char *service,
                           const char *host, const char *content_type, const char *action,
                           const void *payload, size_t len, int64_t timestamp_s,
                           char **canonical_out)
{
    char payload_hash[65];
    nt_sha256_hex(payload, len, payload_hash);
    nt_buf_t canon = {0};
    nt_buf_addf(&canon, "POST\n/\n\ncontent-type:%s\nhost:%s\n", content_type, host);
    if (action) {
        nt_buf_adds(&canon, "x-tc-action:");
        for (const char *p = action; *p; p++) {
            char c = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
            nt_buf_add(&canon, &c, 1);
        }
        nt_buf_adds(&canon, "\n");
    }
    const char *signed_names = action ? "content-type;host;x-tc-action" : "content-type;host";
    nt_buf_addf(&canon, "\n%s\n%s", signed_names, payload_hash);

    time_t t = (time_t)timestamp_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    char date[48];
    snprintf(date, sizeof date, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    char canon_hash[65];
    nt_sha256_hex(canon.data, canon.len, canon_hash);
    char *scope = hr_strfmt("%s/%s/tc3_request", date, service);
    char *to_sign =
        hr_strfmt("TC3-HMAC-SHA256\n%lld\n%s\n%s", (long long)timestamp_s, scope, canon_hash);

    char *k0 = hr_strfmt("TC3%s", secret_key);
    uint8_t k_date[32], k_service[32], k_signing[32], mac[32];
    nt_hmac_sha256(k0, strlen(k0), date, strlen(date), k_date);
    nt_hmac_sha256(k_date, 32, service, strlen(service), k_service);
    nt_hmac_sha256(k_service, 32, "tc3_request", strlen("tc3_request"), k_signing);
    nt_hmac_sha256(k_signing, 32, to_sign, strlen(to_sign), mac);
    char sig[65];
    s_hex(mac, sizeof mac, sig);
    char *auth = hr_strfmt("TC3-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                           secret_id, scope, signed_names, sig);
    sodium_memzero(k0, strlen(k0));
    hr_free(k0);
    hr_free(scope);
    hr_free(to_sign);
    if (canonical_out)
        *canonical_out = nt_buf_take(&canon, NULL);
    else
        nt_buf_free(&canon);
    return auth;
}

char *nt_dingtalk_sign(const char *secret, int64_t timestamp_ms)
{
    char *to_sign = hr_strfmt("%lld\n%s", (long long)timestamp_ms, secret);
    uint8_t mac[32];
    nt_hmac_sha256(secret, strlen(secret), to_sign, strlen(to_sign), mac);
    char *b64 = nt_base64(mac, sizeof mac);
    nt_buf_t b = {0};
    nt_pct_encode(&b, b64);
    hr_free(b64);
    hr_free(to_sign);
    return nt_buf_take(&b, NULL);
}

char *nt_feishu_sign(const char *secret, int64_t timestamp_s)
{
    char *key = hr_strfmt("%lld\n%s", (long long)timestamp_s, secret);
    uint8_t mac[32];
    nt_hmac_sha256(key, strlen(key), "", 0, mac);
    hr_free(key);
    return nt_base64(mac, sizeof mac);
}
