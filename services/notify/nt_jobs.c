/*  nt_jobs - a delivery turned into the work one sender thread does.
 *
 *  The loop builds the whole job - rendered texts, the RFC 5322 message or the signed HTTP
 *  request - so that a worker only moves bytes. The message is rebuilt for every attempt from
 *  the stored send and is the same each time: its Message-ID comes from the delivery id (the
 *  send id and an index) and its Date from the time the send was accepted. Pure apart from
 *  the random nonce of Aliyun requests.
 */
#include "nt.h"

void nt_job_destroy(nt_job_t **job_p)
{
    nt_job_t *job = *job_p;
    if (!job)
        return;
    for (size_t i = 0; i < job->n_rcpts; i++)
        hr_free(job->rcpts[i]);
    hr_free(job->rcpts);
    hr_free(job->rcpt_codes);
    hr_free(job->rcpt_index);
    for (size_t i = 0; i < job->n_headers; i++)
        hr_free(job->headers[i]);
    hr_free(job->headers);
    hr_free(job->vendor);
    hr_free(job->url);
    hr_free(job->mail_from);
    hr_free(job->username);
    if (job->password) {
        memset(job->password, 0, strlen(job->password));
        hr_free(job->password);
    }
    hr_free(job->cainfo);
    hr_free(job->data);
    hr_free(job->path);
    hr_free(job);
    *job_p = NULL;
}

char *nt_message_id(const nt_config_t *cfg, const char *delivery_id)
{
    return hr_strfmt("%s@%s", delivery_id, cfg->mail_domain);
}

static void s_fail(nt_job_t *job, const char *why)
{
    job->kind = NT_JOB_NONE;
    job->outcome = NT_OUTCOME_PERMANENT;
    snprintf(job->error, sizeof job->error, "%s", why);
}

nt_job_t *nt_job_done(const char *delivery_id, nt_outcome_t outcome, const char *why)
{
    nt_job_t *job = hr_alloc(sizeof *job);
    snprintf(job->delivery_id, sizeof job->delivery_id, "%s", delivery_id);
    job->kind = NT_JOB_NONE;
    job->outcome = outcome;
    snprintf(job->error, sizeof job->error, "%s", why);
    return job;
}

// index: the recipient's in the send (to, then cc continue), for a refused cc's event.
static void s_add_rcpt(nt_job_t *job, const char *email, uint32_t index)
{
    char *rcpt = hr_strfmt("<%s>", email);
    for (size_t i = 0; i < job->n_rcpts; i++)
        if (!strcmp(job->rcpts[i], rcpt)) {
            hr_free(rcpt); // the same address twice gets one RCPT TO
            return;
        }
    job->rcpts = hr_realloc(job->rcpts, (job->n_rcpts + 1) * sizeof *job->rcpts);
    job->rcpt_codes = hr_realloc(job->rcpt_codes, (job->n_rcpts + 1) * sizeof *job->rcpt_codes);
    job->rcpt_index = hr_realloc(job->rcpt_index, (job->n_rcpts + 1) * sizeof *job->rcpt_index);
    job->rcpt_codes[job->n_rcpts] = 0;
    job->rcpt_index[job->n_rcpts] = index;
    job->rcpts[job->n_rcpts++] = rcpt;
}

static void s_email(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                    const Hr__Notify__Delivery *d, const nt_rendered_t *r, bool to_file,
                    nt_job_t *job)
{
    const Hr__Notify__SendRequest *req = s->request;
    if (d->recipient_index >= req->n_to || !*req->to[d->recipient_index]->email) {
        s_fail(job, "email: recipient has no email address");
        return;
    }
    const Hr__Notify__Recipient *p = req->to[d->recipient_index];
    nt_addr_t to = {p->name, p->email};
    nt_addr_t *cc = hr_alloc((req->n_cc ? req->n_cc : 1) * sizeof *cc);
    uint32_t *cc_index = hr_alloc((req->n_cc ? req->n_cc : 1) * sizeof *cc_index);
    size_t n_cc = 0;
    // Each cc gets one copy of a send: the cc ride on the first "to" that has an address only,
    // and a cc who is also a "to" gets their own message instead.
    size_t first = 0;
    while (first < req->n_to && !*req->to[first]->email)
        first++;
    for (size_t i = 0; d->recipient_index == first && i < req->n_cc; i++) {
        bool is_to = false;
        for (size_t k = 0; k < req->n_to && !is_to; k++)
            is_to = !strcmp(req->cc[i]->email, req->to[k]->email);
        if (*req->cc[i]->email && !is_to) {
            cc_index[n_cc] = (uint32_t)(req->n_to + i);
            cc[n_cc++] = (nt_addr_t){req->cc[i]->name, req->cc[i]->email};
        }
    }
    nt_mail_t m = {
        .from = {cfg->smtp_from_name, cfg->smtp_from},
        .to = &to,
        .n_to = 1,
        .cc = cc,
        .n_cc = n_cc,
        .subject = r->subject,
        .text = r->text,
        .html = r->html,
        .message_id = d->message_id,
        .date_ms = s->accepted_ms,
        .high_priority = req->priority == HR__NOTIFY__PRIORITY__PRIORITY_HIGH,
    };
    job->data = nt_mail_build(&m, &job->len);
    if (to_file) {
        job->kind = NT_JOB_FILE;
        job->vendor = hr_strdup("file");
        job->path = hr_strfmt("%s/%s.eml", cfg->file_dir, d->id);
    } else {
        job->kind = NT_JOB_SMTP;
        job->vendor = hr_strdup("smtp");
        job->url = hr_strdup(cfg->smtp_url);
        job->mail_from = hr_strfmt("<%s>", cfg->smtp_from);
        s_add_rcpt(job, p->email, d->recipient_index);
        for (size_t i = 0; i < n_cc; i++)
            s_add_rcpt(job, cc[i].email, cc_index[i]);
        job->username = hr_strdup(cfg->smtp_username);
        job->password = hr_strdup(cfg->smtp_password);
        job->cainfo = *cfg->smtp_cainfo ? hr_strdup(cfg->smtp_cainfo) : NULL;
        job->require_tls = !strcmp(cfg->smtp_tls, "starttls");
        job->timeout_s = (long)cfg->smtp_timeout_s;
    }
    hr_free(cc_index);
    hr_free(cc);
}

nt_job_t *nt_job_build(const nt_config_t *cfg, const Hr__Notify__SendRecord *s,
                       const Hr__Notify__Delivery *d, int64_t now_ms)
{
    nt_job_t *job = hr_alloc(sizeof *job);
    snprintf(job->delivery_id, sizeof job->delivery_id, "%s", d->id);
    const Hr__Notify__SendRequest *req = s->request;

    // Variables, plus {{recipient}}: the person this delivery is for (robots: the first "to").
    size_t n = req->n_variables;
    nt_var_t *vars = hr_alloc((n + 1) * sizeof *vars);
    for (size_t i = 0; i < n; i++)
        vars[i] = (nt_var_t){req->variables[i]->key, req->variables[i]->value};
    const Hr__Notify__Recipient *who = NULL;
    uint32_t idx = d->recipient_index;
    if (idx < req->n_to)
        who = req->to[idx];
    else if (idx - req->n_to < req->n_cc)
        who = req->cc[idx - req->n_to];
    const char *name = !who ? "" : *who->name ? who->name : *who->email ? who->email : who->mobile;
    vars[n++] = (nt_var_t){"recipient", name};

    nt_rendered_t r = {0};
    if (nt_template_render(req->template_, req->language, vars, n, &r)) {
        s_fail(job, "template: unknown template or language");
        hr_free(vars);
        return job;
    }
    hr_free(vars);
    Hr__Notify__Channel ch = d->channel;
    if (ch == HR__NOTIFY__CHANNEL__CHANNEL_EMAIL || ch == HR__NOTIFY__CHANNEL__CHANNEL_FILE) {
        // The transport is the one in force now, not the one stored when the send was accepted
        // (or by an earlier version): queued before smtp/url was set, an email goes by SMTP.
        s_email(cfg, s, d, &r, !strcmp(nt_transport_now(cfg, ch), "file"), job);
    } else {
        const char *why = NULL;
        if (nt_http_build(cfg, ch, s, d, &r, now_ms, job, &why))
            s_fail(job, why);
    }
    nt_rendered_free(&r);
    return job;
}
