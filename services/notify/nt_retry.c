/*  nt_retry - when to try again, and whether to: Postfix's model for every channel.
 *
 *  Back-off doubles from min to max (Postfix minimal_backoff_time / maximal_backoff_time), less
 *  up to 10% drawn from the delivery id and the attempt: deliveries that failed together (a
 *  gateway down for a minute) come back spread out, not all in the same second. A delivery
 *  whose next attempt would fall past its lifetime (maximal_queue_lifetime) fails instead. A
 *  peer's answer is transient (retry) or permanent (fail now), or, for an SMS whose request went
 *  out, unknown (fail now, maybe sent: never repeated); what counts as which is decided here,
 *  per channel, and nowhere else. Pure: no clock, no I/O.
 */
#include "nt.h"

#include <jansson.h>

const char *nt_outcome_name(nt_outcome_t o)
{
    switch (o) {
    case NT_OUTCOME_SENT:
        return "sent";
    case NT_OUTCOME_TRANSIENT:
        return "transient";
    case NT_OUTCOME_PERMANENT:
        return "permanent";
    case NT_OUTCOME_UNKNOWN:
        return "unknown";
    }
    return "invalid";
}

int64_t nt_retry_next_ms(const nt_retry_policy_t *p, const char *key, uint32_t attempts,
                         int64_t now_ms)
{
    int64_t delay = p->min_backoff_ms;
    for (uint32_t i = 1; i < attempts && delay < p->max_backoff_ms; i++)
        delay *= 2;
    if (delay > p->max_backoff_ms)
        delay = p->max_backoff_ms;
    // FNV-1a over the key, the attempt mixed in and the whole spread (splitmix64's finaliser):
    // the same delivery and attempt, the same time; another attempt, another draw.
    uint64_t h = 14695981039346656037ull;
    for (const char *c = key ? key : ""; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ull;
    h ^= (uint64_t)attempts * 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
    return now_ms + delay - delay / 10 * (int64_t)(h % 1001) / 1000;
}

bool nt_retry_expired(const nt_retry_policy_t *p, int64_t created_ms, int64_t next_ms)
{
    return next_ms > created_ms + p->lifetime_ms;
}

int64_t nt_retry_held_ms(int64_t created_ms, int64_t since_ms, int64_t now_ms)
{
    int64_t from = created_ms > since_ms ? created_ms : since_ms;
    return now_ms > from ? now_ms - from : 0;
}

// Failures of the local configuration or of the URL: no retry will fix them.
static bool s_curl_is_permanent(int curl_code)
{
    switch (curl_code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
        return true;
    default:
        return false;
    }
}

nt_outcome_t nt_classify_smtp(int curl_code, long smtp_code)
{
    if (curl_code == CURLE_OK)
        return NT_OUTCOME_SENT;
    if (s_curl_is_permanent(curl_code))
        return NT_OUTCOME_PERMANENT;
    // RFC 5321 4.2.1: 5yz is a permanent negative completion reply, 4yz transient.
    if (smtp_code >= 500 && smtp_code < 600)
        return NT_OUTCOME_PERMANENT;
    return NT_OUTCOME_TRANSIENT;
}

bool nt_rcpt_is_refused(long rcpt_code)
{
    return rcpt_code && (rcpt_code < 200 || rcpt_code >= 300);
}

// Aliyun's codes that clear by waiting: rate limits (isv.BUSINESS_LIMIT_CONTROL, Throttling and
// its Throttling.User / Throttling.Api) and Aliyun's own trouble. Every other code - a
// signature, template or number refused, no balance, isp.RAM_PERMISSION_DENY - needs a person,
// so it fails now and HR hears of it rather than after five days of retries.
static const char *const s_aliyun_transient[] = {"isv.BUSINESS_LIMIT_CONTROL", "Throttling",
                                                 "ServiceUnavailable", "isp.SYSTEM_ERROR"};

// True for code itself, or code followed by "." and a detail.
static bool s_code_is(const char *code, const char *name)
{
    size_t n = strlen(name);
    return !strncmp(code, name, n) && (code[n] == '\0' || code[n] == '.');
}

// Tencent's InternalError.* codes one by one (sms 2021-01-11, the SDK's SmsErrorCode list;
// integration-formats.md 2b names none): the ones that say the message may have gone out - the
// request to the carrier timed out (Timeout, 60008), the packet exchange with it did
// (SendAndRecvFail), its answer did not parse (ParseBackendResponseFail), or nobody knows
// (UnknownError). Bare InternalError, the API 3.0 envelope's own, is retried; every other
// InternalError.* needs a person (SigFieldMissing, SigVerificationFail, JsonParseFail,
// RequestTimeException: the local clock, RestApiInterfaceNotExist, OtherError).
static const char *const s_tencent_unknown[] = {
    "InternalError.Timeout", "InternalError.SendAndRecvFail",
    "InternalError.ParseBackendResponseFail", "InternalError.UnknownError"};

// What a vendor's error code says: later (throttling, the vendor's trouble before the message
// went anywhere), unknown (the message may have gone: an SMS request that went out is not
// repeated; request_out false - never for an SMS - retries it), or never.
static nt_outcome_t s_vendor_code_outcome(const char *vendor, const char *code, bool request_out)
{
    if (!strcmp(vendor, "aliyun")) {
        for (size_t i = 0; i < HR_ARRAY_LEN(s_aliyun_transient); i++)
            if (s_code_is(code, s_aliyun_transient[i]))
                return NT_OUTCOME_TRANSIENT;
        return NT_OUTCOME_PERMANENT;
    }
    if (!strcmp(vendor, "tencent")) {
        for (size_t i = 0; i < HR_ARRAY_LEN(s_tencent_unknown); i++)
            if (!strcmp(code, s_tencent_unknown[i]))
                return request_out ? NT_OUTCOME_UNKNOWN : NT_OUTCOME_TRANSIENT;
        if (!strncmp(code, "LimitExceeded", 13) || !strcmp(code, "InternalError") ||
            !strcmp(code, "RequestLimitExceeded"))
            return NT_OUTCOME_TRANSIENT;
    }
    return NT_OUTCOME_PERMANENT;
}

// The SMS vendor's code in a parsed reply, or NULL: Aliyun's Code; Tencent's Response.Error.Code
// (a refused request), else the first SendStatusSet entry's Code (one number a request).
// Borrowed from root.
static const char *s_sms_code(const char *vendor, json_t *root)
{
    if (!strcmp(vendor, "aliyun"))
        return json_string_value(json_object_get(root, "Code"));
    json_t *resp = json_object_get(root, "Response");
    json_t *error = json_object_get(resp, "Error");
    if (error)
        return json_string_value(json_object_get(error, "Code"));
    json_t *set = json_object_get(resp, "SendStatusSet");
    return json_string_value(json_object_get(json_array_get(set, 0), "Code"));
}

static bool s_is_sms_vendor(const char *vendor)
{
    return !strcmp(vendor, "aliyun") || !strcmp(vendor, "tencent");
}

// The code that means sent (integration-formats.md 2a: Code == "OK"; 2b: Code == "Ok").
static bool s_sms_code_is_success(const char *vendor, const char *code)
{
    return code && !strcmp(code, !strcmp(vendor, "aliyun") ? "OK" : "Ok");
}

// The verdict inside a 2xx body. Returns the outcome and writes the vendor's code into why.
// An SMS request that went out (request_out) and got a 2xx without a vendor's verdict (not JSON,
// no code: a proxy's page?) may have been sent: unknown, as a timeout.
static nt_outcome_t s_body_verdict(const char *vendor, bool request_out, const char *body,
                                   char *why, size_t len)
{
    if (!strcmp(vendor, "webhook"))
        return NT_OUTCOME_SENT;
    nt_outcome_t no_verdict = request_out ? NT_OUTCOME_UNKNOWN : NT_OUTCOME_TRANSIENT;
    json_error_t err;
    json_t *root = json_loads(body ? body : "", 0, &err);
    if (!json_is_object(root)) {
        json_decref(root);
        snprintf(why, len, "%s: reply is not a JSON object%s", vendor,
                 request_out ? ": it may have been sent" : "");
        return no_verdict;
    }
    nt_outcome_t out = NT_OUTCOME_PERMANENT;
    if (s_is_sms_vendor(vendor)) {
        const char *code = s_sms_code(vendor, root);
        if (s_sms_code_is_success(vendor, code))
            out = NT_OUTCOME_SENT;
        else if (!code || !*code) {
            snprintf(why, len, "%s: %s%s", vendor,
                     !strcmp(vendor, "aliyun") ? "no Code" : "no status",
                     request_out ? ": it may have been sent" : "");
            out = request_out ? NT_OUTCOME_UNKNOWN : NT_OUTCOME_PERMANENT;
        } else {
            snprintf(why, len, "%s: %s", vendor, code);
            out = s_vendor_code_outcome(vendor, code, request_out);
        }
    } else {
        // Robots: WeCom and DingTalk answer errcode, Feishu code (legacy: StatusCode).
        json_t *code = json_object_get(root, "errcode");
        if (!code)
            code = json_object_get(root, "code");
        if (!code)
            code = json_object_get(root, "StatusCode");
        if (json_is_integer(code) && json_integer_value(code) == 0)
            out = NT_OUTCOME_SENT;
        else {
            long long c = json_is_integer(code) ? json_integer_value(code) : -1;
            snprintf(why, len, "%s: code %lld", vendor, c);
            // DingTalk 130101 (too many messages), Feishu 11232 (frequency limit),
            // WeCom 45009 (api freq out of limit): throttling, not a refusal.
            if (c == 130101 || c == 11232 || c == 45009 || c == -1)
                out = NT_OUTCOME_TRANSIENT;
        }
    }
    json_decref(root);
    return out;
}

// A refused SMS request's code whatever the HTTP status: Aliyun answers a throttled or refused
// request with its JSON error body (Code, Message, RequestId) and a 4xx or 5xx status
// (Throttling.User with 400), Tencent with Response.Error. The code decides as it would in a 2xx
// reply, except that a status that itself means "later" (408, 425, 429, 5xx) keeps the request
// transient whatever code comes with it (Aliyun's InternalError is a 500), or unknown when the
// code says the message may have gone. No code in the body: the status decides. A 502 or 504 to
// an SMS request that went out (request_out) is a gateway's word that the vendor's answer did not
// come: as ambiguous as our own timeout, so unknown; 503 and 429 say "not now" and are retried.
static nt_outcome_t s_error_verdict(const char *vendor, bool request_out, long status,
                                    const char *body, char *why, size_t len)
{
    bool later = status == 408 || status == 425 || status == 429 || status >= 500;
    json_t *root = s_is_sms_vendor(vendor) ? json_loads(body ? body : "", 0, NULL) : NULL;
    const char *code = json_is_object(root) ? s_sms_code(vendor, root) : NULL;
    nt_outcome_t out = later ? NT_OUTCOME_TRANSIENT : NT_OUTCOME_PERMANENT;
    if (code && *code && !s_sms_code_is_success(vendor, code)) {
        snprintf(why, len, "%s: %s (HTTP %ld)", vendor, code, status);
        nt_outcome_t by_code = s_vendor_code_outcome(vendor, code, request_out);
        if (by_code != NT_OUTCOME_PERMANENT)
            out = by_code;
    } else if (request_out && (status == 502 || status == 504)) {
        snprintf(why, len, "%s: HTTP %ld after the request went out: it may have been sent", vendor,
                 status);
        out = NT_OUTCOME_UNKNOWN;
    } else {
        snprintf(why, len, "%s: HTTP %ld", vendor, status);
    }
    json_decref(root);
    return out;
}

nt_outcome_t nt_classify_http(const char *vendor, int curl_code, bool request_out, long status,
                              const char *body, char *why, size_t why_len)
{
    why[0] = '\0';
    if (curl_code != CURLE_OK && request_out) {
        // The whole request went out and no whole answer came back (a timeout, the line
        // dropped): the vendor may have sent the SMS, and nothing deduplicates a second request.
        snprintf(why, why_len, "%s: %s after the request went out: it may have been sent", vendor,
                 curl_easy_strerror((CURLcode)curl_code));
        return NT_OUTCOME_UNKNOWN;
    }
    if (curl_code != CURLE_OK) {
        snprintf(why, why_len, "%s: %s", vendor, curl_easy_strerror((CURLcode)curl_code));
        return s_curl_is_permanent(curl_code) ? NT_OUTCOME_PERMANENT : NT_OUTCOME_TRANSIENT;
    }
    if (status >= 200 && status < 300)
        return s_body_verdict(vendor, request_out, body, why, why_len);
    return s_error_verdict(vendor, request_out, status, body, why, why_len);
}
