/*  nt_config - notify's settings: channels, retry policy, sender threads.
 *
 *  Read once at start-up through hr_config (file, then HR_<SECTION>_<KEY> overrides); secrets
 *  come from files named by <key>_file and are never logged. Every key is listed in README.md.
 */
#include "nt.h"

static char *s_str(hr_config_t *config, const char *path, const char *def)
{
    return hr_strdup(hr_config_str(config, path, def));
}

// A URL that may carry a credential: the start-up log shows it redacted (hr_url_redact).
static char *s_url(hr_config_t *config, const char *path, const char *def)
{
    return hr_strdup(hr_config_url(config, path, def));
}

static char *s_secret(hr_config_t *config, const char *path)
{
    char *s = hr_config_secret(config, path);
    return s ? s : hr_strdup("");
}

void nt_config_read(nt_config_t *c, hr_config_t *config)
{
    c->workers = hr_config_int(config, "notify/workers", 2, 1, NT_WORKERS_MAX);
    c->pipeline = hr_config_int(config, "notify/pipeline", 32, 1, NT_WORKER_DEPTH);
    c->default_channels = s_str(config, "notify/default_channels", "email");

    c->retry.min_backoff_ms =
        hr_config_int(config, "retry/min_backoff_s", 300, 1, 7 * 86400) * HR_SECOND_MS;
    c->retry.max_backoff_ms =
        hr_config_int(config, "retry/max_backoff_s", 4000, 1, 7 * 86400) * HR_SECOND_MS;
    c->retry.lifetime_ms =
        hr_config_int(config, "retry/lifetime_s", 5 * 86400, 1, 30 * 86400) * HR_SECOND_MS;
    if (c->retry.max_backoff_ms < c->retry.min_backoff_ms)
        c->retry.max_backoff_ms = c->retry.min_backoff_ms;

    c->smtp_url = s_url(config, "smtp/url", "");
    c->smtp_from = s_str(config, "smtp/from", "hr-notify@localhost.localdomain");
    c->smtp_from_name = s_str(config, "smtp/from_name", "HR 通知 / HR Notifications");
    c->smtp_username = s_str(config, "smtp/username", "");
    c->smtp_password = s_secret(config, "smtp/password");
    c->smtp_tls = s_str(config, "smtp/tls", "auto");
    c->smtp_cainfo = s_str(config, "smtp/cainfo", "");
    c->smtp_timeout_s = hr_config_int(config, "smtp/timeout_s", 60, 1, 600);
    // Three years by default: processing records (PIPL Art. 56); the case keeps its own refs.
    c->keep_ms = hr_config_int(config, "retention/days", NT_KEEP_DAYS, 0, 36500) * HR_DAY_MS;
    const char *at = strchr(c->smtp_from, '@');
    c->mail_domain = s_str(config, "mail/domain", at ? at + 1 : "localhost.localdomain");
    c->file_dir = s_str(config, "file/dir", "var/mail");

    c->http_timeout_s = hr_config_int(config, "http/timeout_s", 10, 1, 300);
    c->sms_provider = s_str(config, "sms/provider", "");
    // What the approved template's variable may carry; 300 leaves the sign name and the
    // template's own words room within the 500-character SMS (nt_channels.c).
    c->sms_max_chars = hr_config_int(config, "sms/max_chars", 300, NT_SMS_TEXT_MIN, 500);
    c->aliyun_endpoint = s_str(config, "aliyun/endpoint", "https://dysmsapi.aliyuncs.com/");
    c->aliyun_key_id = s_str(config, "aliyun/access_key_id", "");
    c->aliyun_secret = s_secret(config, "aliyun/access_key_secret");
    c->aliyun_sign_name = s_str(config, "aliyun/sign_name", "");
    c->aliyun_template_code = s_str(config, "aliyun/template_code", "");
    c->tencent_endpoint = s_str(config, "tencent/endpoint", "https://sms.tencentcloudapi.com/");
    c->tencent_region = s_str(config, "tencent/region", "ap-guangzhou");
    c->tencent_secret_id = s_str(config, "tencent/secret_id", "");
    c->tencent_secret_key = s_secret(config, "tencent/secret_key");
    c->tencent_app_id = s_str(config, "tencent/sdk_app_id", "");
    c->tencent_sign_name = s_str(config, "tencent/sign_name", "");
    c->tencent_template_id = s_str(config, "tencent/template_id", "");
    c->webhook_url = s_url(config, "webhook/url", "");
    c->webhook_secret = s_secret(config, "webhook/secret");
    c->wecom_url = s_url(config, "wecom/url", "");
    c->dingtalk_url = s_url(config, "dingtalk/url", "");
    c->dingtalk_secret = s_secret(config, "dingtalk/secret");
    c->feishu_url = s_url(config, "feishu/url", "");
    c->feishu_secret = s_secret(config, "feishu/secret");
}

// Accepted forms of the URLs, for the messages.
#define NT_SMTP_URL_FORMS                                                                          \
    "smtp://host[:port] (plain or STARTTLS, smtp/tls) or smtps://host[:port] (implicit TLS); "     \
    "\"\" writes email to file/dir"
#define NT_HTTP_URL_FORMS "https://host[:port]/path (or http://)"

// Whether url is scheme://host[:port][/...] with one of the schemes (lower case, as written
// in the README), a host without spaces and a port of 1..65535 when one is given.
static bool s_url_ok(const char *url, const char *const *schemes, size_t n_schemes)
{
    const char *rest = NULL;
    for (size_t i = 0; i < n_schemes && !rest; i++) {
        size_t len = strlen(schemes[i]);
        if (!strncmp(url, schemes[i], len) && !strncmp(url + len, "://", 3))
            rest = url + len + 3;
    }
    if (!rest)
        return false;
    size_t host_len = 0;
    if (*rest == '[') { // an IPv6 literal
        const char *close = strchr(rest, ']');
        host_len = close ? (size_t)(close - rest) + 1 : 0;
        if (host_len < 3)
            return false;
    } else
        host_len = strcspn(rest, ":/?#");
    if (!host_len)
        return false;
    for (size_t i = 0; i < host_len; i++)
        if ((unsigned char)rest[i] <= ' ' || rest[i] == '@')
            return false;
    if (rest[host_len] == ':') {
        const char *port = rest + host_len + 1;
        size_t digits = strspn(port, "0123456789");
        char buf[8];
        int64_t v = 0;
        if (!digits || digits >= sizeof buf || !strchr("/?#", port[digits]))
            return false;
        memcpy(buf, port, digits);
        buf[digits] = '\0';
        if (!hr_parse_i64(buf, 1, 65535, &v))
            return false;
    }
    for (const char *p = rest; *p; p++)
        if ((unsigned char)*p <= ' ')
            return false;
    return true;
}

static bool s_http_ok(const char *url)
{
    static const char *const schemes[] = {"https", "http"};
    return s_url_ok(url, schemes, HR_ARRAY_LEN(schemes));
}

// Appends "<section>/<key>" to a ", "-separated list when value is "" (owned, may be NULL).
static char *s_missing(char *list, const char *key, const char *value)
{
    if (*value)
        return list;
    char *more = hr_strfmt("%s%s%s", list ? list : "", list ? ", " : "", key);
    hr_free(list);
    return more;
}

// The HTTP endpoint at key: "" allowed when optional; otherwise an http(s) URL.
static char *s_http_problem(const char *key, const char *url, bool optional)
{
    if (optional && !*url)
        return NULL;
    if (s_http_ok(url))
        return NULL;
    char *shown = hr_url_redact(url); // a robot's URL carries its token
    char *why = hr_strfmt("%s: value '%s' is not a URL; accepted: " NT_HTTP_URL_FORMS, key, shown);
    hr_free(shown);
    return why;
}

// An IM robot: its URL when set, and a secret without a URL is a robot half configured.
static char *s_robot_problem(const char *name, const char *url, const char *secret)
{
    char key[32];
    snprintf(key, sizeof key, "%s/url", name);
    if (!*url && secret && *secret)
        return hr_strfmt("%s/secret_file is set but %s is not: set the robot's webhook URL, or "
                         "remove the secret",
                         name, key);
    return s_http_problem(key, url, true);
}

static char *s_sms_problem(const nt_config_t *c)
{
    const char *p = c->sms_provider;
    char *missing = NULL;
    if (!strcmp(p, "aliyun")) {
        char *bad = s_http_problem("aliyun/endpoint", c->aliyun_endpoint, false);
        if (bad)
            return bad;
        missing = s_missing(missing, "aliyun/access_key_id", c->aliyun_key_id);
        missing = s_missing(missing, "aliyun/access_key_secret_file", c->aliyun_secret);
        missing = s_missing(missing, "aliyun/sign_name", c->aliyun_sign_name);
        missing = s_missing(missing, "aliyun/template_code", c->aliyun_template_code);
    } else if (!strcmp(p, "tencent")) {
        char *bad = s_http_problem("tencent/endpoint", c->tencent_endpoint, false);
        if (bad)
            return bad;
        missing = s_missing(missing, "tencent/region", c->tencent_region);
        missing = s_missing(missing, "tencent/secret_id", c->tencent_secret_id);
        missing = s_missing(missing, "tencent/secret_key_file", c->tencent_secret_key);
        missing = s_missing(missing, "tencent/sdk_app_id", c->tencent_app_id);
        missing = s_missing(missing, "tencent/sign_name", c->tencent_sign_name);
        missing = s_missing(missing, "tencent/template_id", c->tencent_template_id);
    } else if (!strcmp(p, "webhook")) {
        if (*c->webhook_url)
            return s_http_problem("webhook/url", c->webhook_url, false);
        missing = s_missing(missing, "webhook/url", c->webhook_url);
    } else if (!strcmp(p, "file")) {
        missing = s_missing(missing, "file/dir", c->file_dir);
    } else if (*p) {
        return hr_strfmt("sms/provider: value '%s' is not one of aliyun, tencent, webhook, file "
                         "(or \"\": no SMS)",
                         p);
    }
    if (!missing)
        return NULL;
    char *why = hr_strfmt("sms/provider = %s needs %s: not set%s", p, missing,
                          strchr(missing, ',') ? " (any of them)" : "");
    hr_free(missing);
    return why;
}

// Whether ch can be delivered with this configuration.
static bool s_channel_configured(const nt_config_t *c, Hr__Notify__Channel ch)
{
    switch (ch) {
    case HR__NOTIFY__CHANNEL__CHANNEL_SMS:
        return *c->sms_provider;
    case HR__NOTIFY__CHANNEL__CHANNEL_WECOM:
        return *c->wecom_url;
    case HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK:
        return *c->dingtalk_url;
    case HR__NOTIFY__CHANNEL__CHANNEL_FEISHU:
        return *c->feishu_url;
    default:
        return true; // email (SMTP or file/dir) and file always go somewhere
    }
}

static char *s_default_channels_problem(const nt_config_t *c)
{
    char *list = hr_strdup(c->default_channels);
    char *save = NULL, *why = NULL;
    for (char *tok = strtok_r(list, ", ", &save); tok && !why; tok = strtok_r(NULL, ", ", &save)) {
        Hr__Notify__Channel ch = nt_channel_parse(tok);
        if (!ch)
            why = hr_strfmt("notify/default_channels: '%s' is not a channel (email, sms, wecom, "
                            "dingtalk, feishu, file)",
                            tok);
        else if (!s_channel_configured(c, ch))
            why = hr_strfmt("notify/default_channels: names %s, which is not configured (%s)", tok,
                            ch == HR__NOTIFY__CHANNEL__CHANNEL_SMS ? "sms/provider is not set"
                                                                   : "its url is not set");
    }
    hr_free(list);
    return why;
}

char *nt_config_problem(const nt_config_t *c)
{
    static const char *const smtp_schemes[] = {"smtp", "smtps"};
    if (*c->smtp_url && !s_url_ok(c->smtp_url, smtp_schemes, HR_ARRAY_LEN(smtp_schemes))) {
        // Never repeat a password written into the URL (user:password@host) to stderr or the log.
        char *shown = hr_url_redact(c->smtp_url);
        const char *dslash = strstr(c->smtp_url, "://");
        bool userinfo = dslash && memchr(dslash + 3, '@', strcspn(dslash + 3, "/?#")) != NULL;
        char *why = hr_strfmt(
            "smtp/url: value '%s' is not an SMTP URL%s; accepted: " NT_SMTP_URL_FORMS, shown,
            userinfo ? " (a user name and password do not go into the URL: set "
                       "smtp/username, and the password in the file named by "
                       "smtp/password_file)"
                     : "");
        hr_free(shown);
        return why;
    }
    const char *tls = c->smtp_tls;
    if (strcmp(tls, "auto") && strcmp(tls, "starttls") && strcmp(tls, "none"))
        return hr_strfmt("smtp/tls: value '%s' is not one of auto, starttls, none", tls);
    if (!*c->file_dir)
        return hr_strdup("file/dir: not set (the file channel, and email while smtp/url is \"\")");
    char *why = s_sms_problem(c);
    if (!why && nt_sms_config_problem(c))
        why = hr_strfmt("%s: leaves %zu characters of an SMS for the text, %d at least",
                        nt_sms_config_problem(c), nt_sms_max_chars(c), NT_SMS_TEXT_MIN);
    if (!why)
        why = s_robot_problem("wecom", c->wecom_url, NULL);
    if (!why)
        why = s_robot_problem("dingtalk", c->dingtalk_url, c->dingtalk_secret);
    if (!why)
        why = s_robot_problem("feishu", c->feishu_url, c->feishu_secret);
    if (!why && *c->webhook_url)
        why = s_http_problem("webhook/url", c->webhook_url, true);
    if (!why)
        why = s_default_channels_problem(c);
    return why;
}

void nt_config_free(nt_config_t *c)
{
    char **strings[] = {
        &c->smtp_url,
        &c->smtp_from,
        &c->smtp_from_name,
        &c->smtp_username,
        &c->smtp_password,
        &c->smtp_tls,
        &c->smtp_cainfo,
        &c->mail_domain,
        &c->file_dir,
        &c->sms_provider,
        &c->aliyun_endpoint,
        &c->aliyun_key_id,
        &c->aliyun_secret,
        &c->aliyun_sign_name,
        &c->aliyun_template_code,
        &c->tencent_endpoint,
        &c->tencent_region,
        &c->tencent_secret_id,
        &c->tencent_secret_key,
        &c->tencent_app_id,
        &c->tencent_sign_name,
        &c->tencent_template_id,
        &c->webhook_url,
        &c->webhook_secret,
        &c->wecom_url,
        &c->dingtalk_url,
        &c->dingtalk_secret,
        &c->feishu_url,
        &c->feishu_secret,
        &c->default_channels,
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(strings); i++)
        hr_free(*strings[i]);
}

static const char *const s_channel_names[] = {
    [HR__NOTIFY__CHANNEL__CHANNEL_EMAIL] = "email",
    [HR__NOTIFY__CHANNEL__CHANNEL_SMS] = "sms",
    [HR__NOTIFY__CHANNEL__CHANNEL_WECOM] = "wecom",
    [HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK] = "dingtalk",
    [HR__NOTIFY__CHANNEL__CHANNEL_FEISHU] = "feishu",
    [HR__NOTIFY__CHANNEL__CHANNEL_FILE] = "file",
};

Hr__Notify__Channel nt_channel_parse(const char *name)
{
    for (size_t i = 1; i < HR_ARRAY_LEN(s_channel_names); i++)
        if (s_channel_names[i] && name && !strcmp(s_channel_names[i], name))
            return (Hr__Notify__Channel)i;
    return HR__NOTIFY__CHANNEL__CHANNEL_UNSPECIFIED;
}

const char *nt_channel_name(Hr__Notify__Channel ch)
{
    if ((size_t)ch < HR_ARRAY_LEN(s_channel_names) && s_channel_names[ch])
        return s_channel_names[ch];
    return "unknown";
}

const char *nt_transport_now(const nt_config_t *c, Hr__Notify__Channel ch)
{
    switch (ch) {
    case HR__NOTIFY__CHANNEL__CHANNEL_EMAIL:
        return *c->smtp_url ? "smtp" : "file";
    case HR__NOTIFY__CHANNEL__CHANNEL_FILE:
        return "file";
    case HR__NOTIFY__CHANNEL__CHANNEL_SMS:
        return *c->sms_provider ? c->sms_provider : "sms";
    default:
        return nt_channel_name(ch);
    }
}
