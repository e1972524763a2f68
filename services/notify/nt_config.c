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

    c->smtp_url = s_str(config, "smtp/url", "");
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
    c->webhook_url = s_str(config, "webhook/url", "");
    c->webhook_secret = s_secret(config, "webhook/secret");
    c->wecom_url = s_str(config, "wecom/url", "");
    c->dingtalk_url = s_str(config, "dingtalk/url", "");
    c->dingtalk_secret = s_secret(config, "dingtalk/secret");
    c->feishu_url = s_str(config, "feishu/url", "");
    c->feishu_secret = s_secret(config, "feishu/secret");
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
