/*  nt_e2e - notify.Send / notify.Log helpers for notify's end-to-end tests. */
#include "nt_e2e.h"

#include <unistd.h>

static Hr__Notify__Recipient *s_recipient(hr_arena_t *arena, const nt_who_t *w)
{
    Hr__Notify__Recipient *r = hr_arena_alloc(arena, sizeof *r);
    hr__notify__recipient__init(r);
    r->name = hr_arena_strdup(arena, w->name ? w->name : "");
    r->email = hr_arena_strdup(arena, w->email ? w->email : "");
    r->mobile = hr_arena_strdup(arena, w->mobile ? w->mobile : "");
    char *im = hr_arena_strdup(arena, w->im ? w->im : "");
    r->wecom_id = im;
    r->dingtalk_id = im;
    r->feishu_id = im;
    return r;
}

static char *s_send(e2e_t *c, hr_arena_t *arena, const nt_who_t *to, size_t n_to,
                    const nt_who_t *cc, size_t n_cc, const Hr__Notify__Channel *ch, size_t n_ch,
                    const char *tmpl, const char *lang, const char *const *kv, const char *key)
{
    Hr__Notify__SendRequest req = HR__NOTIFY__SEND_REQUEST__INIT;
    req.to = hr_arena_alloc(arena, (n_to + 1) * sizeof *req.to);
    for (size_t i = 0; i < n_to; i++)
        req.to[req.n_to++] = s_recipient(arena, &to[i]);
    req.cc = hr_arena_alloc(arena, (n_cc + 1) * sizeof *req.cc);
    for (size_t i = 0; i < n_cc; i++)
        req.cc[req.n_cc++] = s_recipient(arena, &cc[i]);
    req.channels = (Hr__Notify__Channel *)ch;
    req.n_channels = n_ch;
    req.template_ = (char *)tmpl;
    req.language = (char *)lang;
    size_t n_kv = 0;
    while (kv && kv[n_kv])
        n_kv++;
    req.variables = hr_arena_alloc(arena, (n_kv / 2 + 1) * sizeof *req.variables);
    for (size_t i = 0; i + 1 < n_kv; i += 2) {
        Hr__Notify__Variable *v = hr_arena_alloc(arena, sizeof *v);
        hr__notify__variable__init(v);
        v->key = (char *)kv[i];
        v->value = (char *)kv[i + 1];
        req.variables[req.n_variables++] = v;
    }
    req.case_id = "CASE-E2E";
    req.supersede_key = (char *)(key ? key : "");
    hr_result_t res;
    hr_rc_t rc = e2e_call(c, "notify", "notify.Send", &req.base,
                          &hr__notify__send_reply__descriptor, arena, &res);
    if (rc) {
        fprintf(stderr, "notify.Send: %s %s\n", hr_rc_name(rc), res.message);
        return NULL;
    }
    const Hr__Notify__SendReply *rep = res.reply;
    return rep->send_id;
}

char *nt_e2e_send(e2e_t *c, hr_arena_t *arena, const nt_who_t *to, size_t n_to, const nt_who_t *cc,
                  size_t n_cc, const Hr__Notify__Channel *ch, size_t n_ch, const char *tmpl,
                  const char *lang, const char *const *kv)
{
    return s_send(c, arena, to, n_to, cc, n_cc, ch, n_ch, tmpl, lang, kv, NULL);
}

char *nt_e2e_send_keyed(e2e_t *c, hr_arena_t *arena, const nt_who_t *to, const char *tmpl,
                        const char *key, const char *const *kv)
{
    static const Hr__Notify__Channel email = HR__NOTIFY__CHANNEL__CHANNEL_EMAIL;
    return s_send(c, arena, to, 1, NULL, 0, &email, 1, tmpl, "en", kv, key);
}

Hr__Notify__LogReply *nt_e2e_log(e2e_t *c, hr_arena_t *arena, const char *send_id, size_t limit)
{
    Hr__Notify__LogRequest req = HR__NOTIFY__LOG_REQUEST__INIT;
    req.limit = (uint32_t)limit;
    req.send_id = (char *)(send_id ? send_id : "");
    hr_result_t res;
    hr_rc_t rc = e2e_call(c, "notify", "notify.Log", &req.base, &hr__notify__log_reply__descriptor,
                          arena, &res);
    if (rc) {
        fprintf(stderr, "notify.Log: %s %s\n", hr_rc_name(rc), res.message);
        return NULL;
    }
    return res.reply;
}

Hr__Notify__LogReply *nt_e2e_wait(e2e_t *c, hr_arena_t *arena, const char *send_id,
                                  Hr__Notify__DeliveryState state, uint32_t min_attempts,
                                  int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 100) {
        Hr__Notify__LogReply *log = nt_e2e_log(c, arena, send_id, 500);
        bool all = log && log->n_deliveries > 0;
        for (size_t i = 0; all && i < log->n_deliveries; i++)
            all =
                log->deliveries[i]->state == state && log->deliveries[i]->attempts >= min_attempts;
        if (all)
            return log;
        zclock_sleep(100);
    }
    return NULL;
}

int64_t nt_e2e_last_event_seq(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    if (e2e_call(c, "notify", "sys.Status", &req.base, &hr__sys__status_reply__descriptor, arena,
                 &res))
        return -1;
    const Hr__Sys__StatusReply *st = res.reply;
    return (int64_t)st->last_event_seq;
}

int nt_e2e_peers(e2e_t *c, nt_peer_t *smtp, nt_peer_t *http)
{
    char *dir = hr_strfmt("%s/smtp", e2e_dir(c));
    int rc = nt_peer_start(smtp, "smtp_sink.py", dir, 0, NULL);
    hr_free(dir);
    if (rc)
        return -1;
    dir = hr_strfmt("%s/http", e2e_dir(c));
    rc = nt_peer_start(http, "http_sink.py", dir, 0, NULL);
    hr_free(dir);
    if (rc)
        return -1;
    char *url = hr_strfmt("smtp://127.0.0.1:%d", smtp->port);
    e2e_config(c, "notify", "smtp/url", url);
    hr_free(url);
    e2e_config(c, "notify", "smtp/from", "hr@example.com");
    e2e_config(c, "notify", "sms/provider", "webhook");
    url = hr_strfmt("http://127.0.0.1:%d/webhook/sms", http->port);
    e2e_config(c, "notify", "webhook/url", url);
    hr_free(url);
    return 0;
}
