/*  nt_handlers - notify's routes: notify.Send (write), notify.Log (read), the hold on sending:
 *  notify.HoldSending and notify.ReleaseSending, and notify.DropDelivery (write, the operator
 *  only).
 *
 *  Who may call: notify.Send the daemons that send (hr-workflow's outbox relay, as the service
 *  "workflow") and the operator (hrctl notify test); notify.Log the operator alone - the log
 *  names every recipient with their address and every case, and hr-notify has no directory to
 *  check a claim of hr against, so a person's request is refused whatever roles it claims. A
 *  refusal is logged with the route and the user id, nothing of the request.
 *
 *  notify.Send validates everything a message will later be built from (addresses, names,
 *  variables: lengths, UTF-8, no header-breaking characters), then writes the send and one
 *  delivery per recipient and channel in the request's transaction; hr_server commits, stores
 *  the reply under msg_id (so the relay's retries are answered without a second send) and only
 *  then replies: that reply is the ack. Sending happens later, in nt_server.
 */
#include "nt.h"

typedef struct {
    Hr__Notify__LogReply *rep; // the reply being filled
    size_t cap;                // room in rep->deliveries
    hr_txn_t *txn;             // queued_only: the request's, to read each delivery
    hr_arena_t *arena;         // queued_only: the call's
    const char *send_id;       // queued_only: only this send's, NULL for all
} s_log_t;

// The daemons that send through notify.Send, each as itself (hr_actor_is_service).
static const char *const s_senders[] = {"workflow"};

// HR_OK when the caller may send: a daemon of s_senders or the operator. Else the call fails
// with HR_EDENIED and the refusal is logged.
static hr_rc_t s_may_send(hr_call_t *call)
{
    const Hr__Actor *a = hr_call_actor(call);
    if (hr_actor_is_operator(a))
        return HR_OK;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_senders); i++)
        if (hr_actor_is_service(a, s_senders[i]))
            return HR_OK;
    hr_warn("notify.denied", "route=notify.Send user=%s", hr_actor_log_id(a));
    return hr_call_fail(call, HR_EDENIED,
                        "notify.Send: only hr-workflow and the operator (hrctl notify test) send "
                        "messages; a person's message goes through a case");
}

static bool s_is_id_text(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("_-.:@", c);
        if (!ok)
            return false;
    }
    return true;
}

// A recipient's name and ids; for a "to", also the email and mobile. An invalid cc address
// or number is not a reason to refuse the send: s_recipients leaves it out.
static hr_rc_t s_check_recipient(hr_call_t *call, const char *list, size_t i,
                                 const Hr__Notify__Recipient *r, bool is_to)
{
    size_t nlen = strlen(r->name);
    if (nlen > NT_MAX_NAME_BYTES || !hr_utf8_is_valid(r->name, nlen))
        return hr_call_fail(call, HR_EINVAL, "%s[%zu].name: not UTF-8 or over %d bytes", list, i,
                            NT_MAX_NAME_BYTES);
    char mobile[HR_MOBILE_LEN];
    if (is_to && *r->email && !hr_email_is_valid(r->email))
        return hr_call_fail(call, HR_EINVAL, "%s[%zu].email: not a valid address", list, i);
    if (is_to && *r->mobile && !hr_mobile_normalize(r->mobile, mobile))
        return hr_call_fail(call, HR_EINVAL,
                            "%s[%zu].mobile: 7..15 digits, spaces or hyphens between them, "
                            "an optional leading +",
                            list, i);
    const char *ids[] = {r->wecom_id, r->dingtalk_id, r->feishu_id, r->person_id};
    for (size_t k = 0; k < HR_ARRAY_LEN(ids); k++)
        if (!s_is_id_text(ids[k], NT_MAX_ID_BYTES))
            return hr_call_fail(call, HR_EINVAL,
                                "%s[%zu]: an IM or person id has characters "
                                "other than A-Z a-z 0-9 _ - . : @",
                                list, i);
    return HR_OK;
}

// The recipients as stored (arena copies): each mobile in its normal form, so every channel and
// every retry sends to the same number; a cc's invalid email or mobile left out (empty), counted
// in *dropped and logged by field (no personal data). The "to" ones were validated.
static Hr__Notify__Recipient **s_recipients(hr_arena_t *arena, const char *send_id,
                                            Hr__Notify__Recipient *const *list, size_t n,
                                            bool is_cc, uint32_t *dropped)
{
    Hr__Notify__Recipient **out = hr_arena_alloc(arena, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        Hr__Notify__Recipient *r = hr_arena_memdup(arena, list[i], sizeof *list[i]);
        char mobile[HR_MOBILE_LEN] = "";
        if (*r->email && !hr_email_is_valid(r->email)) {
            assert(is_cc); // a "to" was validated: an invalid one refused the send
            hr_warn("send.cc_dropped", "send=%s cc=%zu field=email", send_id, i);
            r->email = "";
            (*dropped)++;
        }
        if (*r->mobile && !hr_mobile_normalize(r->mobile, mobile)) {
            assert(is_cc); // a "to" was validated: an invalid one refused the send
            hr_warn("send.cc_dropped", "send=%s cc=%zu field=mobile", send_id, i);
            (*dropped)++;
        }
        r->mobile = hr_arena_strdup(arena, mobile);
        out[i] = r;
    }
    return out;
}

static hr_rc_t s_validate(hr_call_t *call, const Hr__Notify__SendRequest *req)
{
    if (req->n_to < 1 || req->n_to > NT_MAX_RECIPIENTS)
        return hr_call_fail(call, HR_EINVAL, "to: 1..%d recipients", NT_MAX_RECIPIENTS);
    if (req->n_cc > NT_MAX_RECIPIENTS)
        return hr_call_fail(call, HR_EINVAL, "cc: at most %d recipients", NT_MAX_RECIPIENTS);
    for (size_t i = 0; i < req->n_to; i++)
        if (s_check_recipient(call, "to", i, req->to[i], true))
            return HR_EINVAL;
    for (size_t i = 0; i < req->n_cc; i++)
        if (s_check_recipient(call, "cc", i, req->cc[i], false))
            return HR_EINVAL;
    if (!nt_template_exists(req->template_))
        return hr_call_fail(call, HR_EINVAL, "template: unknown template '%.64s'", req->template_);
    if (*req->language && !nt_template_lang_is_valid(req->language))
        return hr_call_fail(call, HR_EINVAL, "language: 'zh-CN' or 'en'");
    if (req->n_variables > NT_MAX_VARIABLES)
        return hr_call_fail(call, HR_EINVAL, "variables: at most %d", NT_MAX_VARIABLES);
    for (size_t i = 0; i < req->n_variables; i++) {
        const Hr__Notify__Variable *v = req->variables[i];
        size_t klen = strlen(v->key), vlen = strlen(v->value);
        bool key_ok = klen >= 1 && klen <= 32;
        for (size_t k = 0; k < klen; k++)
            key_ok &= (v->key[k] >= 'a' && v->key[k] <= 'z') ||
                      (v->key[k] >= '0' && v->key[k] <= '9') || v->key[k] == '_';
        if (!key_ok)
            return hr_call_fail(call, HR_EINVAL, "variables[%zu].key: [a-z0-9_]{1,32}", i);
        if (vlen > NT_MAX_VALUE_BYTES || !hr_utf8_is_valid(v->value, vlen))
            return hr_call_fail(call, HR_EINVAL, "variables[%zu].value: not UTF-8 or over %d bytes",
                                i, NT_MAX_VALUE_BYTES);
    }
    if (!s_is_id_text(req->case_id, NT_MAX_ID_BYTES))
        return hr_call_fail(call, HR_EINVAL, "case_id: at most %d of A-Z a-z 0-9 _ - . : @",
                            NT_MAX_ID_BYTES);
    if (!s_is_id_text(req->correlation_id, NT_MAX_ID_BYTES))
        return hr_call_fail(call, HR_EINVAL, "correlation_id: at most %d of A-Z a-z 0-9 _ - . : @",
                            NT_MAX_ID_BYTES);
    if (!s_is_id_text(req->supersede_key, NT_MAX_ID_BYTES))
        return hr_call_fail(call, HR_EINVAL, "supersede_key: at most %d of A-Z a-z 0-9 _ - . : @",
                            NT_MAX_ID_BYTES);
    for (size_t i = 0; i < req->n_channels; i++)
        if (!*nt_channel_name(req->channels[i]) ||
            !strcmp(nt_channel_name(req->channels[i]), "unknown"))
            return hr_call_fail(call, HR_EINVAL, "channels[%zu]: unknown channel %d", i,
                                (int)req->channels[i]);
    return HR_OK;
}

// The channels to use: the request's, else notify/default_channels; each once.
static size_t s_channels(const nt_config_t *cfg, const Hr__Notify__SendRequest *req,
                         Hr__Notify__Channel *out, size_t cap)
{
    size_t n = 0;
    Hr__Notify__Channel asked[16];
    size_t n_asked = 0;
    if (req->n_channels) {
        for (size_t i = 0; i < req->n_channels && n_asked < HR_ARRAY_LEN(asked); i++)
            asked[n_asked++] = req->channels[i];
    } else {
        char *list = hr_strdup(cfg->default_channels);
        char *save = NULL;
        for (char *tok = strtok_r(list, ", ", &save); tok && n_asked < HR_ARRAY_LEN(asked);
             tok = strtok_r(NULL, ", ", &save)) {
            Hr__Notify__Channel ch = nt_channel_parse(tok);
            if (ch)
                asked[n_asked++] = ch;
        }
        hr_free(list);
    }
    for (size_t i = 0; i < n_asked; i++) {
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen |= out[k] == asked[i];
        if (!seen && n < cap)
            out[n++] = asked[i];
    }
    return n;
}

// The fields of a DeliveryFailed that come from the delivery d.
static void s_event_init(Hr__Notify__DeliveryFailed *ev, const Hr__Notify__Delivery *d,
                         int64_t now_ms)
{
    hr__notify__delivery_failed__init(ev);
    ev->delivery_id = d->id;
    ev->send_id = d->send_id;
    ev->case_id = d->case_id;
    ev->correlation_id = d->correlation_id;
    ev->channel = d->channel;
    ev->template_ = d->template_;
    ev->attempts = d->attempts;
    ev->failed_ms = now_ms;
}

hr_rc_t nt_delivery_fail(hr_txn_t *txn, Hr__Notify__Delivery *d, const char *person_id, bool cc,
                         bool maybe_sent, const char *reason, int64_t now_ms, hr_arena_t *arena)
{
    d->state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED;
    d->done_ms = now_ms;
    d->next_at_ms = 0;
    d->last_error = hr_arena_strndup(arena, reason, NT_ERROR_MAX);
    hr_rc_t rc = nt_store_delivery_put(txn, d);
    if (!rc)
        rc = nt_store_counter_add(txn, "failed", 1);
    Hr__Notify__DeliveryFailed ev;
    s_event_init(&ev, d, now_ms);
    // The event log is kept for good; the delivery record (pruned with its send) keeps the rest.
    ev.recipient = nt_mask_text(arena, d->recipient);
    ev.recipient_index = d->recipient_index;
    ev.cc = cc;
    ev.maybe_sent = maybe_sent;
    ev.person_id = (char *)(person_id ? person_id : "");
    ev.reason = nt_mask_text(arena, d->last_error);
    if (!rc)
        rc = hr_events_append(txn, "notify.DeliveryFailed", &ev.base, d->send_id, now_ms, NULL);
    if (!rc)
        hr_warn("delivery.failed", "delivery=%s send=%s channel=%s attempts=%u", d->id, d->send_id,
                nt_channel_name(d->channel), d->attempts);
    return rc;
}

hr_rc_t nt_delivery_cc_refused(hr_txn_t *txn, const Hr__Notify__Delivery *d,
                               const Hr__Notify__Recipient *who, uint32_t recipient_index,
                               long code, int64_t now_ms, hr_arena_t *arena)
{
    Hr__Notify__DeliveryFailed ev;
    s_event_init(&ev, d, now_ms);
    ev.recipient = nt_mask_text(arena, who->email);
    ev.recipient_index = recipient_index;
    ev.cc = true;
    ev.cc_refused = true;
    ev.person_id = who->person_id;
    ev.reason =
        nt_mask_text(arena, hr_arena_fmt(arena, "cc refused: smtp %ld <%s>", code, who->email));
    hr_rc_t rc = hr_events_append(txn, "notify.DeliveryFailed", &ev.base, d->send_id, now_ms, NULL);
    if (!rc)
        hr_warn("delivery.cc_refused", "delivery=%s send=%s recipient_index=%u code=%ld", d->id,
                d->send_id, recipient_index, code);
    return rc;
}

const Hr__Notify__Recipient *nt_send_recipient(const Hr__Notify__SendRecord *s, uint32_t k)
{
    const Hr__Notify__SendRequest *r = s ? s->request : NULL;
    if (!r)
        return NULL;
    if (k < r->n_to)
        return r->to[k];
    if (k - r->n_to < r->n_cc)
        return r->cc[k - r->n_to];
    return NULL;
}

hr_rc_t nt_delivery_drop(hr_txn_t *txn, const char *id, bool in_flight, const char *by,
                         const char *reason, int64_t now_ms, hr_arena_t *arena,
                         Hr__Notify__Delivery **out, bool *already)
{
    *already = false;
    *out = NULL;
    hr_rc_t rc = nt_store_delivery_get(txn, id, arena, out);
    if (rc)
        return rc;
    Hr__Notify__Delivery *d = *out;
    if (d->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED) {
        *already = true;
        return HR_OK;
    }
    // A message with a sender, or an SMS a stopped run had handed out, may reach the person:
    // "not sent" would not be true of it.
    if (d->state != HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED || in_flight ||
        d->inflight_ms)
        return HR_ECONFLICT;
    rc = nt_store_due_del(txn, d->next_at_ms, d->id);
    if (rc)
        return rc;
    Hr__Notify__DeliveryDrop *drop = hr_arena_alloc(arena, sizeof *drop);
    hr__notify__delivery_drop__init(drop);
    drop->at_ms = now_ms;
    drop->by = hr_arena_strdup(arena, by);
    drop->reason = hr_arena_strdup(arena, reason);
    d->drop = drop;
    d->state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_DROPPED;
    d->done_ms = now_ms;
    d->next_at_ms = 0;
    rc = nt_store_delivery_put(txn, d); // dropped: no due row
    if (!rc)
        rc = nt_store_counter_add(txn, "dropped", 1);
    if (rc)
        return rc;
    // Told like a failure, because a dropped message may have been a legal notice or a duty
    // reminder: the workflow records it on the case (and, dropped, alerts nobody).
    Hr__Notify__SendRecord *s = NULL;
    if (nt_store_send_get(txn, d->send_id, arena, &s))
        s = NULL; // told without the person
    const Hr__Notify__Recipient *who = nt_send_recipient(s, d->recipient_index);
    Hr__Notify__DeliveryFailed ev;
    s_event_init(&ev, d, now_ms);
    ev.recipient = nt_mask_text(arena, d->recipient);
    ev.recipient_index = d->recipient_index;
    ev.cc = s && s->request && d->recipient_index >= s->request->n_to;
    ev.person_id = (char *)(who ? who->person_id : "");
    ev.dropped = true;
    ev.reason = nt_mask_text(
        arena, hr_arena_fmt(arena, "not sent: dropped by the operator (%s)", drop->reason));
    rc = hr_events_append(txn, "notify.DeliveryFailed", &ev.base, d->send_id, now_ms, NULL);
    if (!rc)
        hr_info("delivery.dropped", "delivery=%s send=%s channel=%s by=%s", d->id, d->send_id,
                nt_channel_name(d->channel), by);
    return rc;
}

static bool s_busy(void *arg, const char *id)
{
    const nt_server_t *self = arg;
    return self->inflight && zhashx_lookup(self->inflight, id);
}

static void s_after_commit(void *arg, hr_call_t *call)
{
    const Hr__Notify__SendReply *rep = hr_call_reply(call);
    nt_server_t *self = arg;
    self->cc_dropped += rep->cc_dropped;
    nt_server_kick(self);
}

hr_rc_t nt_handle_send(void *server, hr_call_t *call)
{
    nt_server_t *self = server;
    const nt_config_t *cfg = nt_server_config(self);
    const Hr__Notify__SendRequest *req = hr_call_request(call);
    Hr__Notify__SendReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    int64_t now_ms = hr_call_now_ms(call);

    hr_rc_t rc = s_may_send(call);
    if (rc)
        return rc;
    rc = s_validate(call, req);
    if (rc)
        return rc;
    Hr__Notify__Channel *channels = hr_arena_alloc(arena, 8 * sizeof *channels);
    size_t n_channels = s_channels(cfg, req, channels, 8);
    if (!n_channels)
        return hr_call_fail(call, HR_EINVAL, "channels: none given and none by default");

    Hr__Notify__SendRequest *copy = hr_arena_memdup(arena, req, sizeof *req);
    copy->channels = channels;
    copy->n_channels = n_channels;
    copy->language = *req->language ? req->language : "zh-CN";
    Hr__Notify__SendRecord rec = HR__NOTIFY__SEND_RECORD__INIT;
    rec.send_id = hr_id_new(arena, now_ms);
    uint32_t cc_dropped = 0;
    copy->to = s_recipients(arena, rec.send_id, req->to, req->n_to, false, &cc_dropped);
    copy->cc = s_recipients(arena, rec.send_id, req->cc, req->n_cc, true, &cc_dropped);
    rec.msg_id = (char *)hr_call_msg_id(call);
    rec.accepted_ms = now_ms;
    rec.request = copy;
    rc = nt_store_send_put(txn, &rec);
    if (rc)
        return hr_call_fail(call, rc, "could not store the send");

    uint32_t n = 0;
    const Hr__Notify__Delivery **queued = NULL; // with a supersede_key: the ones that wait
    size_t n_queued = 0;
    for (size_t c = 0; c < n_channels; c++) {
        Hr__Notify__Channel ch = channels[c];
        bool email =
            ch == HR__NOTIFY__CHANNEL__CHANNEL_EMAIL || ch == HR__NOTIFY__CHANNEL__CHANNEL_FILE;
        bool robot = ch == HR__NOTIFY__CHANNEL__CHANNEL_WECOM ||
                     ch == HR__NOTIFY__CHANNEL__CHANNEL_DINGTALK ||
                     ch == HR__NOTIFY__CHANNEL__CHANNEL_FEISHU;
        // email: one per "to" (cc ride along); sms: one per "to" and "cc"; robots: one per send.
        size_t count = robot ? 1 : email ? req->n_to : req->n_to + req->n_cc;
        for (size_t i = 0; i < count; i++) {
            const Hr__Notify__Recipient *who =
                i < copy->n_to ? copy->to[i] : copy->cc[i - copy->n_to];
            if (!email && !robot && i >= req->n_to && !*who->mobile)
                continue; // a cc without a mobile gets no SMS copy (nothing to send it to)
            if (n >= NT_MAX_DELIVERIES)
                return hr_call_fail(call, HR_EINVAL, "too many deliveries (at most %d)",
                                    NT_MAX_DELIVERIES);
            Hr__Notify__Delivery d = HR__NOTIFY__DELIVERY__INIT;
            d.id = hr_arena_fmt(arena, "%s.%03u", rec.send_id, n);
            d.send_id = rec.send_id;
            d.channel = ch;
            d.recipient_index = (uint32_t)i;
            d.created_ms = now_ms;
            d.next_at_ms = now_ms;
            d.template_ = req->template_;
            d.case_id = req->case_id;
            d.correlation_id = req->correlation_id;
            d.priority = req->priority;
            d.supersede_key = req->supersede_key;
            d.state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED;
            const char *missing = NULL;
            // What it would go by now; each attempt decides again (nt_transport_now) and the
            // result records the transport it went by.
            d.transport = (char *)nt_transport_now(cfg, ch);
            if (email) {
                d.recipient = who->email;
                d.message_id = nt_message_id(cfg, d.id);
                if (!*who->email)
                    missing = "email: recipient has no email address";
            } else if (robot) {
                d.recipient = "group";
            } else {
                d.recipient = who->mobile;
                if (!*who->mobile)
                    missing = "sms: recipient has no mobile number";
            }
            if (missing)
                rc = nt_delivery_fail(txn, &d, who->person_id, i >= req->n_to, false, missing,
                                      now_ms, arena);
            else
                rc = nt_store_delivery_put(txn, &d);
            if (!missing && *req->supersede_key) {
                if (!queued)
                    queued = hr_arena_alloc(arena, NT_MAX_DELIVERIES * sizeof *queued);
                Hr__Notify__Delivery *q = hr_arena_memdup(arena, &d, sizeof d);
                q->message_id = ""; // freed below; not needed to compare
                queued[n_queued++] = q;
            }
            if (email)
                hr_free(d.message_id);
            if (rc)
                return hr_call_fail(call, rc, "could not store a delivery");
            n++;
        }
    }
    size_t superseded = 0, noted = 0;
    rc =
        nt_store_supersede(txn, arena, queued, n_queued, now_ms, s_busy, self, &superseded, &noted);
    if (rc)
        return hr_call_fail(call, rc, "could not supersede the earlier messages");
    if (superseded || noted)
        hr_info("send.supersedes", "send=%s superseded=%zu in_flight=%zu", rec.send_id, superseded,
                noted);
    hr_info("send.accepted", "send=%s msg=%s deliveries=%u cc_dropped=%u template=%s", rec.send_id,
            rec.msg_id, n, cc_dropped, req->template_);
    hr_call_after_commit(call, s_after_commit, self);
    rep->send_id = rec.send_id;
    rep->deliveries = n;
    rep->cc_dropped = cc_dropped;
    return HR_OK;
}

static hr_rc_t s_collect(void *arg, const Hr__Notify__Delivery *d)
{
    s_log_t *log = arg;
    if (log->rep->n_deliveries < log->cap)
        log->rep->deliveries[log->rep->n_deliveries++] = (Hr__Notify__Delivery *)d;
    return HR_OK;
}

// queued_only: each due row (oldest due first) read as its delivery.
static hr_rc_t s_collect_queued(void *arg, const char *id, int64_t due_ms)
{
    HR_UNUSED(due_ms);
    s_log_t *log = arg;
    size_t n = log->send_id ? strlen(log->send_id) : 0;
    if (log->rep->n_deliveries >= log->cap || (n && (strncmp(id, log->send_id, n) || id[n] != '.')))
        return HR_OK;
    Hr__Notify__Delivery *d = NULL;
    hr_rc_t rc = nt_store_delivery_get(log->txn, id, log->arena, &d);
    if (rc == HR_ENOTFOUND)
        return HR_OK; // a due row without its delivery sends nothing either
    if (!rc)
        log->rep->deliveries[log->rep->n_deliveries++] = d;
    return rc;
}

hr_rc_t nt_handle_log(void *server, hr_call_t *call)
{
    nt_server_t *self = server;
    const Hr__Notify__LogRequest *req = hr_call_request(call);
    Hr__Notify__LogReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    const Hr__Actor *actor = hr_call_actor(call);
    if (!hr_actor_is_operator(actor)) {
        hr_warn("notify.denied", "route=notify.Log user=%s", hr_actor_log_id(actor));
        return hr_call_fail(call, HR_EDENIED,
                            "notify.Log: the delivery log names every recipient and case: only "
                            "the operator reads it (hrctl notify log)");
    }
    size_t limit = req->limit ? req->limit : NT_LOG_DEFAULT;
    if (limit > NT_LOG_MAX)
        return hr_call_fail(call, HR_EINVAL, "limit: 1..%d", NT_LOG_MAX);
    if (*req->send_id && !hr_id_is_valid(req->send_id))
        return hr_call_fail(call, HR_EINVAL, "send_id: not an id");
    rep->deliveries = hr_arena_alloc(arena, limit * sizeof *rep->deliveries);
    if (req->queued_only && req->failed_only)
        return hr_call_fail(call, HR_EINVAL, "queued_only, failed_only: one of them");
    s_log_t log = {rep, limit, txn, arena, *req->send_id ? req->send_id : NULL};
    hr_rc_t rc =
        req->queued_only
            ? nt_store_due_scan(txn, INT64_MAX, SIZE_MAX, s_collect_queued, &log)
            : nt_store_log(txn, arena, req->failed_only, log.send_id, limit, s_collect, &log);
    if (rc)
        return hr_call_fail(call, rc, "could not read the delivery log");
    // One still waiting goes by what the config says now; one done keeps what it went by.
    for (size_t i = 0; i < rep->n_deliveries; i++)
        if (rep->deliveries[i]->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED)
            rep->deliveries[i]->transport =
                (char *)nt_transport_now(&self->cfg, rep->deliveries[i]->channel);
    rc = nt_store_hold_get(txn, arena, &rep->hold);
    if (rc && rc != HR_ENOTFOUND)
        return hr_call_fail(call, rc, "could not read the hold on sending");
    rep->queued = nt_store_due_count(txn);
    rep->sent = nt_store_counter_get(txn, "sent");
    rep->failed = nt_store_counter_get(txn, "failed");
    rep->dropped = nt_store_counter_get(txn, "dropped");
    rep->superseded = nt_store_counter_get(txn, "superseded");
    return HR_OK;
}

// The hold's reason is shown by sys.Status and hrctl on one line: UTF-8, capped, no control or
// bidi character (hr_utf8_is_unsafe).
static bool s_reason_is_valid(const char *s)
{
    size_t n = strlen(s);
    return n <= NT_HOLD_REASON_MAX && hr_utf8_is_valid(s, n) &&
           hr_utf8_find_unsafe(s, n, 0, NULL) == n;
}

static void s_hold_after_commit(void *arg, hr_call_t *call)
{
    nt_server_t *self = arg;
    const Hr__Notify__HoldSendingReply *rep = hr_call_reply(call);
    if (rep->already)
        return;
    nt_server_hold_set(self, rep->hold);
    self->held_queued = rep->queued;
    int64_t mono_ms = hr_clock_mono_ms(hr_daemon_clock(self->daemon));
    self->held_logged_mono_ms = mono_ms ? mono_ms : 1; // notify.held: in 10 minutes
    hr_warn("notify.hold",
            "by=%s queued=%llu in_flight=%u (nothing is sent until hrctl notify "
            "release)",
            rep->hold->by, (unsigned long long)rep->queued, rep->in_flight);
}

hr_rc_t nt_handle_hold(void *server, hr_call_t *call)
{
    nt_server_t *self = server;
    const Hr__Notify__HoldSendingRequest *req = hr_call_request(call);
    Hr__Notify__HoldSendingReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    const Hr__Actor *actor = hr_call_actor(call);
    if (!hr_actor_is_operator(actor)) {
        hr_warn("notify.denied", "route=notify.HoldSending user=%s", hr_actor_log_id(actor));
        return hr_call_fail(call, HR_EDENIED,
                            "notify.HoldSending: only an operator may hold sending");
    }
    if (!s_reason_is_valid(req->reason))
        return hr_call_fail(call, HR_EINVAL,
                            "reason: UTF-8, at most %d bytes, no control characters",
                            NT_HOLD_REASON_MAX);
    hr_rc_t rc = nt_store_hold_get(txn, arena, &rep->hold);
    if (rc && rc != HR_ENOTFOUND)
        return hr_call_fail(call, rc, "could not read the hold on sending");
    rep->already = rc == HR_OK;
    if (!rep->already) {
        Hr__Notify__SendingHold *hold = hr_arena_alloc(arena, sizeof *hold);
        hr__notify__sending_hold__init(hold);
        hold->since_ms = hr_call_now_ms(call);
        hold->by = hr_arena_strdup(arena, actor->user_id);
        hold->reason =
            hr_arena_strdup(arena, *req->reason ? req->reason : "held with hrctl notify hold");
        rc = nt_store_hold_put(txn, hold);
        if (rc)
            return hr_call_fail(call, rc, "could not store the hold");
        rep->hold = hold;
        hr_call_after_commit(call, s_hold_after_commit, self);
    }
    rep->queued = nt_store_due_count(txn);
    rep->in_flight = self->inflight ? (uint32_t)zhashx_size(self->inflight) : 0;
    return HR_OK;
}

static void s_release_after_commit(void *arg, hr_call_t *call)
{
    nt_server_t *self = arg;
    const Hr__Notify__ReleaseSendingReply *rep = hr_call_reply(call);
    if (!rep->was_held)
        return;
    nt_server_hold_set(self, NULL);
    hr_info("notify.released", "held_since_ms=%lld queued=%llu", (long long)rep->hold->since_ms,
            (unsigned long long)rep->queued);
    nt_server_kick(self); // what waited goes now
}

hr_rc_t nt_handle_release(void *server, hr_call_t *call)
{
    nt_server_t *self = server;
    Hr__Notify__ReleaseSendingReply *rep = hr_call_reply(call);
    hr_txn_t *txn = hr_call_txn(call);
    if (!hr_actor_is_operator(hr_call_actor(call))) {
        hr_warn("notify.denied", "route=notify.ReleaseSending user=%s",
                hr_actor_log_id(hr_call_actor(call)));
        return hr_call_fail(call, HR_EDENIED,
                            "notify.ReleaseSending: only an operator may release sending");
    }
    size_t credited = 0;
    hr_rc_t rc = nt_store_hold_release(txn, hr_call_arena(call), hr_call_now_ms(call), &rep->hold,
                                       &credited);
    if (rc && rc != HR_ENOTFOUND)
        return hr_call_fail(call, rc, "could not release the hold");
    rep->was_held = rc == HR_OK;
    rep->queued = nt_store_due_count(txn);
    if (rep->was_held)
        hr_call_after_commit(call, s_release_after_commit, self);
    return HR_OK;
}

// "<send id>.<nnn>": a ULID, a dot and three digits, as notify.Send makes them.
static bool s_delivery_id_is_valid(const char *id)
{
    if (strlen(id) != HR_ID_LEN + 4 || id[HR_ID_LEN] != '.')
        return false;
    char send_id[HR_ID_LEN + 1];
    memcpy(send_id, id, HR_ID_LEN);
    send_id[HR_ID_LEN] = '\0';
    for (size_t i = HR_ID_LEN + 1; i < HR_ID_LEN + 4; i++)
        if (id[i] < '0' || id[i] > '9')
            return false;
    return hr_id_is_valid(send_id);
}

static void s_drop_after_commit(void *arg, hr_call_t *call)
{
    const Hr__Notify__DropDeliveryReply *rep = hr_call_reply(call);
    if (!rep->already)
        nt_server_kick(arg); // the event's hint goes to the workflow
}

// Why d (not dropped: the drop was refused with HR_ECONFLICT) cannot be dropped, in words.
static hr_rc_t s_drop_refused(hr_call_t *call, const Hr__Notify__Delivery *d, bool in_flight)
{
    char when[HR_TIME_ISO_LEN];
    hr_time_iso(d->done_ms, when);
    if (d->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT)
        return hr_call_fail(call, HR_ECONFLICT,
                            "delivery %s was sent at %s: there is nothing to drop", d->id, when);
    if (d->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_FAILED)
        return hr_call_fail(call, HR_ECONFLICT,
                            "delivery %s already failed at %s (%.120s): there is nothing to drop",
                            d->id, when, d->last_error);
    if (in_flight)
        return hr_call_fail(call, HR_ECONFLICT,
                            "delivery %s is with a sender now (in flight): it cannot be called "
                            "back; hrctl notify log --send %s shows how it ends",
                            d->id, d->send_id);
    if (d->inflight_ms)
        return hr_call_fail(call, HR_ECONFLICT,
                            "delivery %s was in flight when hr-notify stopped without its result: "
                            "it may have been sent, so it is not dropped; once sending goes on it "
                            "fails as unknown and HR is asked to check with the person",
                            d->id);
    return hr_call_fail(call, HR_ECONFLICT, "delivery %s is not waiting: there is nothing to drop",
                        d->id);
}

hr_rc_t nt_handle_drop(void *server, hr_call_t *call)
{
    nt_server_t *self = server;
    const Hr__Notify__DropDeliveryRequest *req = hr_call_request(call);
    Hr__Notify__DropDeliveryReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    const Hr__Actor *actor = hr_call_actor(call);
    if (!hr_actor_is_operator(actor)) {
        hr_warn("notify.denied", "route=notify.DropDelivery user=%s", hr_actor_log_id(actor));
        return hr_call_fail(call, HR_EDENIED,
                            "notify.DropDelivery: only an operator may drop a message");
    }
    if (!s_delivery_id_is_valid(req->delivery_id))
        return hr_call_fail(call, HR_EINVAL,
                            "delivery_id: '<send id>.<nnn>', as hrctl notify outbox lists it");
    size_t blank = strspn(req->reason, " ");
    if (!req->reason[blank] || strlen(req->reason) > NT_DROP_REASON_MAX ||
        !s_reason_is_valid(req->reason))
        return hr_call_fail(call, HR_EINVAL,
                            "reason: required (why this message must not go, for the case's "
                            "record): UTF-8, at most %d bytes, no control characters",
                            NT_DROP_REASON_MAX);
    bool in_flight = self->inflight && zhashx_lookup(self->inflight, req->delivery_id);
    Hr__Notify__Delivery *d = NULL;
    bool already = false;
    hr_rc_t rc = nt_delivery_drop(txn, req->delivery_id, in_flight, actor->user_id, req->reason,
                                  hr_call_now_ms(call), arena, &d, &already);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail(call, rc,
                            "delivery_id: no delivery %s (hrctl notify outbox lists those "
                            "waiting)",
                            req->delivery_id);
    if (rc == HR_ECONFLICT)
        return s_drop_refused(call, d, in_flight);
    if (rc)
        return hr_call_fail(call, rc, "could not drop the delivery");
    rc = nt_store_hold_get(txn, arena, &rep->hold);
    if (rc && rc != HR_ENOTFOUND)
        return hr_call_fail(call, rc, "could not read the hold on sending");
    rep->delivery = d;
    rep->already = already;
    rep->queued = nt_store_due_count(txn);
    hr_call_after_commit(call, s_drop_after_commit, self);
    return HR_OK;
}
