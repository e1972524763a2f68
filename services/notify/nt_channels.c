/*  nt_channels - the HTTP request of each SMS vendor and IM robot, built and signed.
 *
 *  SMS goes to one number per delivery; a vendor template is expected to carry one variable
 *  that receives our rendered short text (Aliyun TemplateParam {"content": ...}, Tencent
 *  TemplateParamSet [...]). Robots post one message per send to their group and mention the
 *  recipients (to and cc) by their IM ids or mobile numbers. JSON is built with jansson, which
 *  does the escaping. We set the Host header ourselves so that the host we sign is the host
 *  sent. Pure: time and nonce come from the caller.
 */
#include "nt.h"

#include <jansson.h>
#include <time.h>

#define NT_WECOM_TEXT_MAX 2048         // bytes WeCom accepts in text.content
#define NT_ROBOT_TEXT_MAX 4000         // our cap for the other robots
#define NT_FEISHU_BODY_MAX (20 * 1024) // Feishu refuses a request body over 20 KB (code 9499)
// The longest SMS Aliyun and Tencent send, in characters, counting the sign name with the 【】
// the vendor adds and the template's own words: a longer one is sent as a long SMS in parts of
// 67 characters (one of 70 when it fits), up to this. Characters are counted as the vendors
// bill them: a Chinese character, a letter, a digit, a punctuation mark or a space is one, an
// emoji (outside the BMP: a UTF-16 surrogate pair) two. From Aliyun's "短信内容长度计算规则"
// (SMS length rules: sign + content at most 500 characters) as copied by third-party pages;
// integration-formats.md says nothing of lengths, and reliability.md names text over 70
// Chinese characters (segmentation) only as a case to test. Tencent's own limit on the whole
// SMS was not found; its template text is capped at 500 characters the same way, and a
// verified company account has no limit on one variable's value (a personal account, which
// cannot send SMS inside mainland China at all, 12). Aliyun caps a notification template's
// variable by the property approved for it, so the operator sets sms/max_chars to what the
// approved template allows.
#define NT_SMS_MAX_CHARS 500
#define NT_SMS_SIGN_BRACKETS 2 // 【 and 】 around the sign name
#define NT_SMS_ELLIPSIS "..."  // ends a cut text (ASCII: carriers and templates take it)
#define NT_SMS_ELLIPSIS_CHARS 3
#define NT_ALIYUN_VERSION "2017-05-25"
#define NT_TENCENT_VERSION "2021-01-11"

static void s_header(nt_job_t *job, const char *name, const char *value)
{
    job->headers = hr_realloc(job->headers, (job->n_headers + 1) * sizeof *job->headers);
    job->headers[job->n_headers++] = hr_strfmt("%s: %s", name, value);
}

// "host[:port]" of an http(s) URL. Owned, "" when there is none.
static char *s_url_host(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    return hr_strndup(p, n);
}

// Copy of s cut to at most max bytes on a UTF-8 boundary. Owned.
static char *s_cut_utf8(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return hr_strdup(s);
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return hr_strndup(s, max);
}

// Characters of the UTF-8 sequence starting with lead byte c as the vendors count them: a
// 4-byte sequence (outside the BMP) is two, anything else one.
static size_t s_sms_chars(unsigned char c)
{
    return c >= 0xF0 ? 2 : 1;
}

size_t nt_sms_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n += s_sms_chars(*p);
    return n;
}

char *nt_sms_cut(const char *s, size_t max_chars)
{
    if (nt_sms_chars(s) <= max_chars)
        return hr_strdup(s);
    // No room for "..." and some text: the start of the text that fits, without it (never "").
    size_t room = max_chars > NT_SMS_ELLIPSIS_CHARS ? max_chars - NT_SMS_ELLIPSIS_CHARS : max_chars;
    size_t chars = 0, end = 0;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue; // inside a character: a cut never falls here
        if (chars + s_sms_chars(c) > room)
            break;
        chars += s_sms_chars(c);
        end = i + 1;
        while (((unsigned char)s[end] & 0xC0) == 0x80)
            end++;
    }
    end = hr_utf8_cut(s, end);
    if (max_chars <= NT_SMS_ELLIPSIS_CHARS)
        return hr_strndup(s, end);
    return hr_strfmt("%.*s%s", (int)end, s, NT_SMS_ELLIPSIS);
}

size_t nt_sms_max_chars(const nt_config_t *cfg)
{
    const char *sign = !strcmp(cfg->sms_provider, "aliyun")    ? cfg->aliyun_sign_name
                       : !strcmp(cfg->sms_provider, "tencent") ? cfg->tencent_sign_name
                                                               : "";
    size_t taken = *sign ? nt_sms_chars(sign) + NT_SMS_SIGN_BRACKETS : 0;
    size_t left = taken < NT_SMS_MAX_CHARS ? NT_SMS_MAX_CHARS - taken : 0;
    size_t max = (size_t)cfg->sms_max_chars;
    return max < left ? max : left;
}

const char *nt_sms_config_problem(const nt_config_t *cfg)
{
    if (nt_sms_max_chars(cfg) >= NT_SMS_TEXT_MIN)
        return NULL;
    return !strcmp(cfg->sms_provider, "aliyun")    ? "aliyun/sign_name"
           : !strcmp(cfg->sms_provider, "tencent") ? "tencent/sign_name"
                                                   : "sms/max_chars";
}

static const Hr__Notify__Recipient *s_recipient(const Hr__Notify__SendRecord *s, uint32_t idx)
{
    const Hr__Notify__SendRequest *r = s->request;
    if (idx < r->n_to)
        return r->to[idx];
    if (idx - r->n_to < r->n_cc)
        return r->cc[idx - r->n_to];
    return NULL;
}

static char *s_dump(json_t *root, size_t *len)
{
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(root);
    char *owned = hr_strdup(text);
    free(text);
    *len = strlen(owned);
    return owned;
}

static void s_iso_seconds(int64_t ms, char out[80])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 80, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static hr_rc_t s_aliyun(const nt_config_t *cfg, const Hr__Notify__Delivery *d, const char *phone,
                        const nt_rendered_t *r, int64_t now_ms, nt_job_t *job, const char **why)
{
    if (!*cfg->aliyun_key_id || !*cfg->aliyun_secret || !*cfg->aliyun_template_code ||
        !*cfg->aliyun_sign_name) {
        *why = "sms: aliyun/access_key_id, access_key_secret_file, template_code or sign_name not "
               "set";
        return HR_EINVAL;
    }
    json_t *tp = json_pack("{s:s}", "content", r->short_text);
    size_t tp_len;
    char *template_param = s_dump(tp, &tp_len);
    nt_kv_t params[] = {
        {"PhoneNumbers", phone},
        {"SignName", cfg->aliyun_sign_name},
        {"TemplateCode", cfg->aliyun_template_code},
        {"TemplateParam", template_param},
        {"OutId", d->id},
    };
    char *query = nt_acs3_query(params, HR_ARRAY_LEN(params));
    char *host = s_url_host(cfg->aliyun_endpoint);
    char date[80];
    s_iso_seconds(now_ms, date);
    char nonce[HR_ID_LEN + 1];
    hr_id_make(now_ms, nonce); // random bits: unique per request
    char empty_hash[65];
    nt_sha256_hex("", 0, empty_hash);
    nt_kv_t headers[] = {
        {"host", host},
        {"x-acs-action", "SendSms"},
        {"x-acs-version", NT_ALIYUN_VERSION},
        {"x-acs-date", date},
        {"x-acs-signature-nonce", nonce},
        {"x-acs-content-sha256", empty_hash},
        {"content-type", "application/x-www-form-urlencoded"}, // curl sends it with a POST
    };
    char *auth = nt_acs3_authorization(cfg->aliyun_key_id, cfg->aliyun_secret, "POST", query,
                                       headers, HR_ARRAY_LEN(headers), empty_hash, NULL);
    const char *base = cfg->aliyun_endpoint;
    job->url = hr_strfmt("%s%s%s", base, strchr(base, '?') ? "&" : "?", query);
    for (size_t i = 0; i < HR_ARRAY_LEN(headers); i++)
        s_header(job, headers[i].key, headers[i].value);
    s_header(job, "Authorization", auth);
    job->data = hr_strdup("");
    job->len = 0;
    hr_free(auth);
    hr_free(host);
    hr_free(query);
    hr_free(template_param);
    return HR_OK;
}

static hr_rc_t s_tencent(const nt_config_t *cfg, const Hr__Notify__Delivery *d, const char *phone,
                         const nt_rendered_t *r, int64_t now_ms, nt_job_t *job, const char **why)
{
    if (!*cfg->tencent_secret_id || !*cfg->tencent_secret_key || !*cfg->tencent_app_id ||
        !*cfg->tencent_template_id || !*cfg->tencent_sign_name) {
        *why = "sms: tencent/secret_id, secret_key_file, sdk_app_id, template_id or sign_name not "
               "set";
        return HR_EINVAL;
    }
    json_t *body = json_pack("{s:[s],s:s,s:s,s:s,s:[s],s:s}", "PhoneNumberSet", phone,
                             "SmsSdkAppId", cfg->tencent_app_id, "SignName", cfg->tencent_sign_name,
                             "TemplateId", cfg->tencent_template_id, "TemplateParamSet",
                             r->short_text, "SessionContext", d->id);
    job->data = s_dump(body, &job->len);
    const char *ct = "application/json; charset=utf-8";
    char *host = s_url_host(cfg->tencent_endpoint);
    int64_t ts = now_ms / 1000;
    char *auth = nt_tc3_authorization(cfg->tencent_secret_id, cfg->tencent_secret_key, "sms", host,
                                      ct, NULL, job->data, job->len, ts, NULL);
    char tsbuf[32];
    snprintf(tsbuf, sizeof tsbuf, "%lld", (long long)ts);
    job->url = hr_strdup(cfg->tencent_endpoint);
    s_header(job, "Content-Type", ct);
    s_header(job, "Host", host);
    s_header(job, "X-TC-Action", "SendSms");
    s_header(job, "X-TC-Version", NT_TENCENT_VERSION);
    s_header(job, "X-TC-Timestamp", tsbuf);
    s_header(job, "X-TC-Region", cfg->tencent_region);
    s_header(job, "Authorization", auth);
    hr_free(auth);
    hr_free(host);
    return HR_OK;
}

static hr_rc_t s_webhook(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                         const Hr__Notify__Delivery *d, const char *phone, const nt_rendered_t *r,
                         int64_t now_ms, nt_job_t *job, const char **why)
{
    if (!*cfg->webhook_url) {
        *why = "sms: webhook/url not set";
        return HR_EINVAL;
    }
    json_t *vars = json_object();
    for (size_t i = 0; i < s->request->n_variables; i++)
        json_object_set_new(vars, s->request->variables[i]->key,
                            json_string(s->request->variables[i]->value));
    json_t *body =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "id", d->id, "to", phone, "text", r->short_text,
                  "template", s->request->template_, "language", s->request->language, "case_id",
                  s->request->case_id, "variables", vars);
    job->data = s_dump(body, &job->len);
    job->url = hr_strdup(cfg->webhook_url);
    s_header(job, "Content-Type", "application/json; charset=utf-8");
    char ts[32];
    snprintf(ts, sizeof ts, "%lld", (long long)(now_ms / 1000));
    s_header(job, "X-HR-Timestamp", ts);
    if (*cfg->webhook_secret) {
        // hex(HMAC-SHA256(secret, timestamp "\n" body)): the receiver can check both.
        nt_buf_t msg = {0};
        nt_buf_addf(&msg, "%s\n", ts);
        nt_buf_add(&msg, job->data, job->len);
        uint8_t mac[32];
        nt_hmac_sha256(cfg->webhook_secret, strlen(cfg->webhook_secret), msg.data, msg.len, mac);
        char hex[65];
        static const char digits[] = "0123456789abcdef";
        for (size_t i = 0; i < 32; i++) {
            hex[2 * i] = digits[mac[i] >> 4];
            hex[2 * i + 1] = digits[mac[i] & 15];
        }
        hex[64] = '\0';
        s_header(job, "X-HR-Signature", hex);
        nt_buf_free(&msg);
    }
    return HR_OK;
}

// Everyone in to and cc, for robots' mentions.
static void s_mentions(const Hr__Notify__SendRequest *req, json_t *ids, json_t *mobiles, int which)
{
    for (size_t k = 0; k < req->n_to + req->n_cc; k++) {
        const Hr__Notify__Recipient *p = k < req->n_to ? req->to[k] : req->cc[k - req->n_to];
        const char *id = which == 0 ? p->wecom_id : which == 1 ? p->dingtalk_id : p->feishu_id;
        if (id && *id)
            json_array_append_new(ids, json_string(id));
        else if (mobiles && p->mobile && *p->mobile)
            json_array_append_new(mobiles, json_string(p->mobile));
    }
}

static hr_rc_t s_wecom(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                       const nt_rendered_t *r, nt_job_t *job, const char **why)
{
    if (!*cfg->wecom_url) {
        *why = "wecom: wecom/url not set";
        return HR_EINVAL;
    }
    json_t *ids = json_array(), *mobiles = json_array();
    s_mentions(s->request, ids, mobiles, 0);
    char *text = s_cut_utf8(r->short_text, NT_WECOM_TEXT_MAX);
    json_t *body = json_pack("{s:s,s:{s:s,s:o,s:o}}", "msgtype", "text", "text", "content", text,
                             "mentioned_list", ids, "mentioned_mobile_list", mobiles);
    hr_free(text);
    job->data = s_dump(body, &job->len);
    job->url = hr_strdup(cfg->wecom_url);
    s_header(job, "Content-Type", "application/json");
    return HR_OK;
}

static hr_rc_t s_dingtalk(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                          const nt_rendered_t *r, int64_t now_ms, nt_job_t *job, const char **why)
{
    if (!*cfg->dingtalk_url) {
        *why = "dingtalk: dingtalk/url not set";
        return HR_EINVAL;
    }
    json_t *ids = json_array(), *mobiles = json_array();
    s_mentions(s->request, ids, mobiles, 1);
    // A mention notifies only when the text also carries "@<mobile>".
    nt_buf_t text = {0};
    char *cut = s_cut_utf8(r->short_text, NT_ROBOT_TEXT_MAX);
    nt_buf_adds(&text, cut);
    hr_free(cut);
    for (size_t i = 0; i < json_array_size(mobiles); i++)
        nt_buf_addf(&text, " @%s", json_string_value(json_array_get(mobiles, i)));
    json_t *body = json_pack("{s:s,s:{s:s},s:{s:o,s:o,s:b}}", "msgtype", "text", "text", "content",
                             text.data, "at", "atMobiles", mobiles, "atUserIds", ids, "isAtAll", 0);
    nt_buf_free(&text);
    job->data = s_dump(body, &job->len);
    if (*cfg->dingtalk_secret) {
        char *sign = nt_dingtalk_sign(cfg->dingtalk_secret, now_ms);
        job->url = hr_strfmt("%s%stimestamp=%lld&sign=%s", cfg->dingtalk_url,
                             strchr(cfg->dingtalk_url, '?') ? "&" : "?", (long long)now_ms, sign);
        hr_free(sign);
    } else {
        job->url = hr_strdup(cfg->dingtalk_url);
    }
    s_header(job, "Content-Type", "application/json; charset=utf-8");
    return HR_OK;
}

static hr_rc_t s_feishu(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                        const nt_rendered_t *r, int64_t now_ms, nt_job_t *job, const char **why)
{
    if (!*cfg->feishu_url) {
        *why = "feishu: feishu/url not set";
        return HR_EINVAL;
    }
    json_t *ids = json_array();
    s_mentions(s->request, ids, NULL, 2);
    // The body, escaped as ASCII JSON (a Chinese character takes six bytes, an emoji twelve),
    // must stay under Feishu's 20 KB: the text is cut shorter until it does; mentions that
    // alone do not fit fail here, with the reason, rather than at Feishu.
    for (size_t text_max = NT_ROBOT_TEXT_MAX;; text_max = text_max / 4 * 3) {
        nt_buf_t text = {0};
        char *cut = s_cut_utf8(r->short_text, text_max);
        nt_buf_adds(&text, cut);
        hr_free(cut);
        for (size_t i = 0; i < json_array_size(ids); i++) {
            // ids were validated as [A-Za-z0-9_-] at Send, so they cannot break the tag
            nt_buf_addf(&text, " <at user_id=\"%s\"></at>",
                        json_string_value(json_array_get(ids, i)));
        }
        json_t *body = json_pack("{s:s,s:{s:s}}", "msg_type", "text", "content", "text", text.data);
        nt_buf_free(&text);
        if (*cfg->feishu_secret) {
            int64_t ts = now_ms / 1000;
            char tsbuf[32];
            snprintf(tsbuf, sizeof tsbuf, "%lld", (long long)ts);
            char *sign = nt_feishu_sign(cfg->feishu_secret, ts);
            json_object_set_new(body, "timestamp", json_string(tsbuf));
            json_object_set_new(body, "sign", json_string(sign));
            hr_free(sign);
        }
        hr_free(job->data);
        job->data = s_dump(body, &job->len);
        if (job->len <= NT_FEISHU_BODY_MAX)
            break;
        if (!text_max) {
            json_decref(ids);
            *why = "feishu: the mentions alone make the message longer than Feishu's 20 KB";
            return HR_EINVAL;
        }
    }
    json_decref(ids);
    job->url = hr_strdup(cfg->feishu_url);
    s_header(job, "Content-Type", "application/json; charset=utf-8");
    return HR_OK;
}

// The demo's SMS gateway: each text written as <file/dir>/<delivery id>.sms.txt, headed by
// whom it is for, so a new user sees what would have been sent (as .eml files for email).
static hr_rc_t s_sms_file(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                          const Hr__Notify__Delivery *d, const Hr__Notify__Recipient *p,
                          const nt_rendered_t *r, nt_job_t *job)
{
    char when[HR_TIME_ISO_LEN];
    hr_time_iso(s->accepted_ms, when);
    nt_buf_t b = {0};
    nt_buf_addf(&b, "To: %s", p->mobile);
    if (*p->name) {
        nt_buf_adds(&b, " (");
        for (const char *c = p->name; *c; c++) // one line whatever the name holds
            nt_buf_add(&b, (unsigned char)*c < 0x20 || *c == 0x7f ? " " : c, 1);
        nt_buf_adds(&b, ")");
    }
    nt_buf_addf(&b, "\nDate: %s\nTemplate: %s %s\n\n%s\n", when, s->request->template_,
                s->request->language, r->short_text);
    job->kind = NT_JOB_FILE;
    job->data = nt_buf_take(&b, &job->len);
    job->path = hr_strfmt("%s/%s.sms.txt", cfg->file_dir, d->id);
    return HR_OK;
}

hr_rc_t nt_http_build(const nt_config_t *cfg, Hr__Notify__Channel ch,
                      const Hr__Notify__SendRecord *s, const Hr__Notify__Delivery *d,
                      const nt_rendered_t *r, int64_t now_ms, nt_job_t *job, const char **why)
{
    job->kind = NT_JOB_HTTP;
    job->timeout_s = (long)cfg->http_timeout_s;
    switch (ch) {
    case HR__NOTIFY__CHANNEL__CHANNEL_SMS: {
        const Hr__Notify__Recipient *p = s_recipient(s, d->recipient_index);
        if (!p || !*p->mobile) {
            *why = "sms: recipient has no mobile number";
            return HR_EINVAL;
        }
        // Read the reply as the vendor the request goes to (today's sms/provider), not the
        // one the send was accepted under: a provider switched while a send waits for a retry
        // got its success read as the other vendor's failure.
        job->vendor = hr_strdup(cfg->sms_provider);
        // The text is cut to what one SMS may carry (nt_sms_max_chars): a vendor refuses a
        // longer one on every attempt. The email carries the whole text.
        nt_rendered_t sms = *r;
        sms.short_text = nt_sms_cut(r->short_text, nt_sms_max_chars(cfg));
        hr_rc_t rc = HR_EINVAL;
        // An SMS request that may have arrived is not repeated (nt_classify_http).
        job->once = true;
        if (!strcmp(cfg->sms_provider, "file"))
            rc = s_sms_file(cfg, s, d, p, &sms, job);
        else if (!strcmp(cfg->sms_provider, "aliyun"))
            rc = s_aliyun(cfg, d, p->mobile, &sms, now_ms, job, why);
        else if (!strcmp(cfg->sms_provider, "tencent"))
            rc = s_tencent(cfg, d, p->mobile, &sms, now_ms, job, why);
        else if (!strcmp(cfg->sms_provider, "webhook"))
            rc = s_webhook(cfg, s, d, p->mobile, &sms, now_ms, job, why);
        else
            *why = "sms: sms/provider not set (aliyun, tencent, webhook or file)";
        hr_free(sms.short_text);
        return rc;
    }
    case HR__NOTIFY__CHANNEL__CHANNEL_WECOM:
        job->vendor = hr_strdup("wecom");
        return s_wecom(cfg, s, r, job, why);
    case HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK:
        job->vendor = hr_strdup("dingtalk");
        return s_dingtalk(cfg, s, r, now_ms, job, why);
    case HR__NOTIFY__CHANNEL__CHANNEL_FEISHU:
        job->vendor = hr_strdup("feishu");
        return s_feishu(cfg, s, r, now_ms, job, why);
    default:
        *why = "channel: not an HTTP channel";
        return HR_EINVAL;
    }
}
