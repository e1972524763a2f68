/*  wf_failed - what a notify.DeliveryFailed event means for the workflow (pure).
 *
 *  notify appends notify.DeliveryFailed when a delivery fails for good (a permanent answer or
 *  its lifetime over). The workflow pulls those events (hr_consumer, source "notify") and
 *  decides here: which case the failure belongs to (the SendRequest's case_id, which notify
 *  echoes, else the first field of our correlation id), which step it was about, and whether
 *  and on which channel the HR head is told. An alert that itself failed is recorded but never
 *  alerted again, so a dead channel cannot make the two services chase each other.
 */
#include "wf.h"

static const char *const s_channels[] = {
    "unspecified", "email", "sms", "wecom", "dingtalk", "feishu", "file",
};

const char *wf_channel_name(int channel)
{
    if (channel < 0 || (size_t)channel >= HR_ARRAY_LEN(s_channels))
        return "unknown";
    return s_channels[channel];
}

// A case id as the workflow makes them: HR_ID_LEN characters of Crockford base32.
static bool s_is_case_id(const char *s, size_t len)
{
    if (len != HR_ID_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    return true;
}

// Field n (0-based) of a ':'-separated correlation id, or NULL (*len set).
static const char *s_field(const char *corr, unsigned n, size_t *len)
{
    const char *p = corr;
    for (unsigned i = 0; i < n; i++) {
        p = strchr(p, ':');
        if (!p)
            return NULL;
        p++;
    }
    const char *end = strchr(p, ':');
    *len = end ? (size_t)(end - p) : strlen(p);
    return p;
}

void wf_failure_decide(const char *case_id, const char *correlation_id, const char *template_id,
                       int channel, const char *hr_head_no, wf_failure_t *out)
{
    memset(out, 0, sizeof *out);
    const char *corr = correlation_id ? correlation_id : "";
    size_t len = 0;
    const char *first = s_field(corr, 0, &len);
    if (case_id && s_is_case_id(case_id, strlen(case_id)))
        snprintf(out->case_id, sizeof out->case_id, "%s", case_id);
    else if (first && s_is_case_id(first, len))
        snprintf(out->case_id, sizeof out->case_id, "%.*s", (int)len, first);
    if (!*out->case_id)
        return; // not ours: nothing to record, nobody to tell
    out->record = true;
    // The step, when the correlation id is ours for this case (case:step:template:level:version).
    const char *step = NULL;
    if (first && len == strlen(out->case_id) && !strncmp(first, out->case_id, len))
        step = s_field(corr, 1, &len);
    if (step && len <= WF_KEY_MAX && !(len == 1 && *step == '-'))
        snprintf(out->step, sizeof out->step, "%.*s", (int)len, step);
    const char *tpl_field = s_field(corr, 2, &len);
    static const char *const alerts[] = {WF_TPL_DELIVERY_FAILED, WF_TPL_DELIVERY_UNKNOWN};
    bool was_alert = false;
    for (size_t i = 0; i < HR_ARRAY_LEN(alerts) && !was_alert; i++)
        was_alert =
            (template_id && !strcmp(template_id, alerts[i])) ||
            (step && tpl_field && len == strlen(alerts[i]) && !strncmp(tpl_field, alerts[i], len));
    if (was_alert) {
        out->skip = WF_ALERT_SKIP_LOOP;
        return;
    }
    if (!hr_head_no || !*hr_head_no) {
        out->skip = WF_ALERT_SKIP_NO_HR_HEAD;
        return;
    }
    out->alert = true;
    // Another channel than the one that failed: a bounced email goes out as SMS, anything else
    // (SMS, a robot, the file channel's sibling) as email.
    out->alert_channel = channel == WF_CHANNEL_EMAIL ? WF_CHANNEL_SMS : WF_CHANNEL_EMAIL;
}
