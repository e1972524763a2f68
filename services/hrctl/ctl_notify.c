/*  ctl_notify - `hrctl notify test|log|outbox|hold|release|drop ...`.
 *
 *  test queues a message through notify.Send, the same route the workflow's outbox uses, so
 *  what it proves (config, SMTP server, addresses) holds for real reminders. log prints the
 *  newest deliveries with their state and the peer's last answer; failures are never hidden.
 *  outbox lists what waits to be sent (oldest due first). hold stops sending - notify keeps
 *  accepting and queueing - until release (notify.HoldSending / notify.ReleaseSending); hrctl
 *  restore sets the same hold in the notify store it puts back. drop takes one waiting message
 *  out of the queue for good (notify.DropDelivery): it is kept as dropped, with the reason.
 */
#include "ctl.h"
#include "hr.h"
#include "notify.pb-c.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#define CTL_NOTIFY_TIMEOUT_MS 3000
#define CTL_NOTIFY_MAX_ADDR 16

static const char *const s_channel_names[] = {"-",        "email",  "sms", "wecom",
                                              "dingtalk", "feishu", "file"};
static const char *const s_state_names[] = {"-",      "queued",  "sent",
                                            "failed", "dropped", "superseded"};

static const char *s_channel(int ch)
{
    return ch >= 0 && (size_t)ch < HR_ARRAY_LEN(s_channel_names) ? s_channel_names[ch] : "?";
}

static const char *s_state(int st)
{
    return st >= 0 && (size_t)st < HR_ARRAY_LEN(s_state_names) ? s_state_names[st] : "?";
}

// The config directory of the command running (--config-dir, NULL the default): its zone.
static const char *s_dir;

static int s_usage(void)
{
    fprintf(stderr,
            "usage: hrctl notify test --to ADDRESS [--to ADDRESS] [--cc ADDRESS] "
            "[--channel email|file|sms|wecom|dingtalk|feishu] [--lang zh-CN (default)|en] "
            "[--config-dir DIR]\n"
            "       hrctl notify log [--json] [--failed] [--limit N] [--send ID] "
            "[--config-dir DIR]\n"
            "       hrctl notify outbox [--json] [--limit N] [--send ID] [--config-dir DIR]\n"
            "       hrctl notify hold [--reason TEXT] [--config-dir DIR]\n"
            "       hrctl notify release [--config-dir DIR]\n"
            "       hrctl notify drop DELIVERY_ID --reason TEXT [--config-dir DIR]\n");
    return CTL_EXIT_USAGE;
}

// Calls type on notify as the operator. HR_OK with res->reply, or prints why.
static hr_rc_t s_call(const char *dir, const char *type, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena,
                      hr_result_t *res)
{
    char *err = NULL;
    char *endpoint = ctl_endpoint(dir, "notify", &err);
    if (!endpoint) {
        fprintf(stderr, "hrctl notify: %s\n", err);
        hr_free(err);
        return HR_EUNAVAIL;
    }
    hr_clock_t *clock = hr_clock_system_new();
    hr_client_t *client = hr_client_new(endpoint, clock, &err);
    hr_rc_t rc = HR_EUNAVAIL;
    if (!client) {
        fprintf(stderr, "hrctl notify: %s\n", err);
        hr_free(err);
    } else {
        Hr__Actor actor = HR__ACTOR__INIT;
        char *roles[] = {"operator"};
        actor.user_id = "operator";
        actor.n_roles = 1;
        actor.roles = roles;
        hr_call_opts_t opts = {.timeout_ms = CTL_NOTIFY_TIMEOUT_MS, .actor = &actor};
        rc = hr_client_call(client, type, req, reply_desc, arena, &opts, res);
        if (rc)
            fprintf(stderr, "hrctl notify: %s: %s %s\n", type, hr_rc_name(rc),
                    res->message ? res->message : "");
        zmsg_destroy(&res->frames);
    }
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    hr_free(endpoint);
    return rc;
}

static int s_test(int argc, char **argv)
{
    const char *to[CTL_NOTIFY_MAX_ADDR], *cc[CTL_NOTIFY_MAX_ADDR];
    size_t n_to = 0, n_cc = 0;
    const char *channel = NULL, *lang = "zh-CN", *dir_arg = NULL; // notify's default language
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        if (!strcmp(argv[i], "--to") && more && *argv[i + 1] && n_to < CTL_NOTIFY_MAX_ADDR)
            to[n_to++] = argv[++i];
        else if (!strcmp(argv[i], "--cc") && more && *argv[i + 1] && n_cc < CTL_NOTIFY_MAX_ADDR)
            cc[n_cc++] = argv[++i];
        else if (!strcmp(argv[i], "--channel") && more)
            channel = argv[++i];
        else if (!strcmp(argv[i], "--lang") && more)
            lang = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && more)
            dir_arg = argv[++i];
        else
            return s_usage();
    }
    if (!n_to)
        return s_usage();
    int ch = 0;
    for (size_t k = 1; channel && k < HR_ARRAY_LEN(s_channel_names); k++)
        if (!strcmp(channel, s_channel_names[k]))
            ch = (int)k;
    if (channel && !ch) {
        fprintf(stderr, "hrctl notify test: --channel: unknown channel '%s'\n", channel);
        return CTL_EXIT_USAGE;
    }
    // An address with '@' is an email; anything else is taken as a mobile number.
    Hr__Notify__Recipient rcpt[2 * CTL_NOTIFY_MAX_ADDR];
    Hr__Notify__Recipient *to_p[CTL_NOTIFY_MAX_ADDR], *cc_p[CTL_NOTIFY_MAX_ADDR];
    for (size_t i = 0; i < n_to + n_cc; i++) {
        const char *a = i < n_to ? to[i] : cc[i - n_to];
        hr__notify__recipient__init(&rcpt[i]);
        if (strchr(a, '@'))
            rcpt[i].email = (char *)a;
        else
            rcpt[i].mobile = (char *)a;
        if (i < n_to)
            to_p[i] = &rcpt[i];
        else
            cc_p[i - n_to] = &rcpt[i];
    }
    Hr__Notify__SendRequest req = HR__NOTIFY__SEND_REQUEST__INIT;
    req.n_to = n_to;
    req.to = to_p;
    req.n_cc = n_cc;
    req.cc = cc_p;
    Hr__Notify__Channel channels[1] = {(Hr__Notify__Channel)ch};
    if (ch) {
        req.n_channels = 1;
        req.channels = channels;
    }
    req.template_ = "test";
    req.language = (char *)lang;
    Hr__Notify__Variable note = HR__NOTIFY__VARIABLE__INIT;
    Hr__Notify__Variable *vars[] = {&note};
    note.key = "note";
    note.value = "hrctl notify test";
    req.n_variables = 1;
    req.variables = vars;
    req.correlation_id = "hrctl-test";

    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    s_dir = dir_arg;
    hr_arena_t *arena = hr_arena_new(0);
    hr_result_t res = {0};
    hr_rc_t rc =
        s_call(dir, "notify.Send", &req.base, &hr__notify__send_reply__descriptor, arena, &res);
    if (!rc) {
        const Hr__Notify__SendReply *rep = res.reply;
        printf("queued send %s: %u deliveries (hrctl notify log --send %s)\n", rep->send_id,
               rep->deliveries, rep->send_id);
    }
    hr_arena_destroy(&arena);
    hr_free(dir);
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : rc ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

static void s_print_json(const Hr__Notify__LogReply *rep)
{
    json_t *root = json_object();
    json_object_set_new(root, "queued", json_integer((json_int_t)rep->queued));
    json_object_set_new(root, "sent", json_integer((json_int_t)rep->sent));
    json_object_set_new(root, "failed", json_integer((json_int_t)rep->failed));
    json_object_set_new(root, "dropped", json_integer((json_int_t)rep->dropped));
    json_object_set_new(root, "superseded", json_integer((json_int_t)rep->superseded));
    json_t *arr = json_array();
    for (size_t i = 0; i < rep->n_deliveries; i++) {
        const Hr__Notify__Delivery *d = rep->deliveries[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", ctl_json_str(d->id));
        json_object_set_new(o, "send_id", ctl_json_str(d->send_id));
        json_object_set_new(o, "channel", ctl_json_str(s_channel(d->channel)));
        json_object_set_new(o, "transport", ctl_json_str(d->transport));
        json_object_set_new(o, "recipient", ctl_json_str(d->recipient));
        json_object_set_new(o, "state", ctl_json_str(s_state(d->state)));
        json_object_set_new(o, "attempts", json_integer(d->attempts));
        json_object_set_new(o, "created_ms", json_integer(d->created_ms));
        json_object_set_new(o, "next_at_ms", json_integer(d->next_at_ms));
        json_object_set_new(o, "done_ms", json_integer(d->done_ms));
        json_object_set_new(o, "last_error", ctl_json_str(d->last_error));
        json_object_set_new(o, "message_id", ctl_json_str(d->message_id));
        json_object_set_new(o, "template", ctl_json_str(d->template_));
        json_object_set_new(o, "case_id", ctl_json_str(d->case_id));
        if (d->drop) {
            json_t *dr = json_object();
            json_object_set_new(dr, "at_ms", json_integer(d->drop->at_ms));
            json_object_set_new(dr, "by", ctl_json_str(d->drop->by));
            json_object_set_new(dr, "reason", ctl_json_str(d->drop->reason));
            json_object_set_new(o, "dropped", dr);
        }
        if (d->superseded) {
            json_t *sp = json_object();
            json_object_set_new(sp, "at_ms", json_integer(d->superseded->at_ms));
            json_object_set_new(sp, "by_send_id", ctl_json_str(d->superseded->by_send_id));
            json_object_set_new(sp, "by_delivery_id", ctl_json_str(d->superseded->by_delivery_id));
            json_object_set_new(o, "superseded", sp);
        }
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "deliveries", arr);
    if (rep->hold) {
        json_t *h = json_object();
        json_object_set_new(h, "since_ms", json_integer(rep->hold->since_ms));
        json_object_set_new(h, "by", ctl_json_str(rep->hold->by));
        json_object_set_new(h, "reason", ctl_json_str(rep->hold->reason));
        json_object_set_new(root, "held", h);
    }
    char *text = json_dumps(root, JSON_INDENT(2));
    printf("%s\n", text);
    free(text);
    json_decref(root);
}

// UTC ms as "2026-11-27 21:40 UTC+08:00", in the company's zone as all hrctl prints.
static void s_when(int64_t ms, char *buf, size_t len)
{
    ctl_when_company(ms, s_dir, buf, len);
}

// "sending held since ... by ...: reason" on out.
static void s_print_hold(FILE *out, const Hr__Notify__SendingHold *h)
{
    char when[40];
    s_when(h->since_ms, when, sizeof when);
    hr_arena_t *arena = hr_arena_new(0);
    fprintf(out, "sending held since %s by %s: %s\n", when, ctl_text_safe(arena, h->by),
            ctl_text_safe(arena, h->reason));
    hr_arena_destroy(&arena);
}

void ctl_notify_held_line(FILE *out, char *const *extra, size_t n_extra, const char *config_dir)
{
    s_dir = config_dir; // its time in the company's zone
    static const char reason_key[] = " held_reason=";
    for (size_t k = 0; k < n_extra; k++) {
        const char *line = extra[k];
        if (strncmp(line, "held=1 ", 7))
            continue;
        const char *since = strstr(line, "held_since_ms="), *queued = strstr(line, "held_queued=");
        const char *reason = strstr(line, reason_key);
        int64_t since_ms = since ? strtoll(since + 14, NULL, 10) : 0;
        unsigned long long n = queued ? strtoull(queued + 12, NULL, 10) : 0;
        char when[40];
        s_when(since_ms, when, sizeof when);
        hr_arena_t *arena = hr_arena_new(0);
        fprintf(out,
                "notify: holding %llu message%s since %s (%s); check them with `hrctl notify "
                "outbox` (`hrctl notify drop ID --reason TEXT` for one that must not go), then "
                "`hrctl notify release`\n",
                n, n == 1 ? "" : "s", when,
                reason ? ctl_text_safe(arena, reason + sizeof reason_key - 1) : "no reason given");
        hr_arena_destroy(&arena);
    }
}

static void s_print_table(const Hr__Notify__LogReply *rep)
{
    printf("%-30s %-8s %-8s %-7s %-3s %-26s %-28s %s\n", "DELIVERY", "CHANNEL", "VIA", "STATE",
           "TRY", "WHEN", "RECIPIENT", "LAST ERROR");
    for (size_t i = 0; i < rep->n_deliveries; i++) {
        const Hr__Notify__Delivery *d = rep->deliveries[i];
        char when[40];
        s_when(d->done_ms ? d->done_ms : d->next_at_ms, when, sizeof when);
        printf("%-30s %-8s %-8s %-7s %-3u %-26s ", d->id, s_channel(d->channel), d->transport,
               s_state(d->state), d->attempts, when);
        ctl_cell(stdout, d->recipient, 28);
        if (d->drop) {
            hr_arena_t *arena = hr_arena_new(0);
            printf(" dropped by %s: %s\n", ctl_text_safe(arena, d->drop->by),
                   ctl_text_safe(arena, d->drop->reason));
            hr_arena_destroy(&arena);
        } else {
            printf(" %s\n", d->last_error);
        }
    }
    printf("queued %llu, sent %llu, failed %llu, dropped %llu, superseded %llu\n",
           (unsigned long long)rep->queued, (unsigned long long)rep->sent,
           (unsigned long long)rep->failed, (unsigned long long)rep->dropped,
           (unsigned long long)rep->superseded);
    if (rep->hold) {
        s_print_hold(stdout, rep->hold);
        printf("nothing is sent until `hrctl notify release`; `hrctl notify drop DELIVERY_ID "
               "--reason TEXT` takes one out for good\n");
    }
}

// log, or with outbox only what waits to be sent (oldest due first).
static int s_log(int argc, char **argv, bool outbox)
{
    bool json = false, failed = false;
    int64_t limit = 50;
    const char *dir_arg = NULL, *send_id = "";
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--failed") && !outbox)
            failed = true;
        else if (!strcmp(argv[i], "--limit") && more) {
            if (!hr_parse_i64(argv[++i], 1, 500, &limit)) {
                fprintf(stderr, "hrctl notify log: --limit: '%s' is not 1..500\n", argv[i]);
                return CTL_EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--send") && more)
            send_id = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && more)
            dir_arg = argv[++i];
        else
            return s_usage();
    }
    Hr__Notify__LogRequest req = HR__NOTIFY__LOG_REQUEST__INIT;
    req.limit = (uint32_t)limit;
    req.failed_only = failed;
    req.queued_only = outbox;
    req.send_id = (char *)send_id;
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    s_dir = dir_arg;
    hr_arena_t *arena = hr_arena_new(0);
    hr_result_t res = {0};
    hr_rc_t rc =
        s_call(dir, "notify.Log", &req.base, &hr__notify__log_reply__descriptor, arena, &res);
    if (!rc && json)
        s_print_json(res.reply);
    else if (!rc)
        s_print_table(res.reply);
    hr_arena_destroy(&arena);
    hr_free(dir);
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : rc ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

// hold [--reason TEXT] and release: the answer says what changed, and "already held" or "was
// not held" is no error (exit 0): nothing waiting is lost either way.
static int s_hold(int argc, char **argv, bool hold)
{
    const char *dir_arg = NULL, *reason = "";
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        if (!strcmp(argv[i], "--reason") && more && hold)
            reason = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && more)
            dir_arg = argv[++i];
        else
            return s_usage();
    }
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    s_dir = dir_arg;
    hr_arena_t *arena = hr_arena_new(0);
    hr_result_t res = {0};
    hr_rc_t rc;
    if (hold) {
        Hr__Notify__HoldSendingRequest req = HR__NOTIFY__HOLD_SENDING_REQUEST__INIT;
        req.reason = (char *)reason;
        rc = s_call(dir, "notify.HoldSending", &req.base,
                    &hr__notify__hold_sending_reply__descriptor, arena, &res);
        const Hr__Notify__HoldSendingReply *rep = res.reply;
        if (!rc && rep->already) {
            printf("notify: already held; nothing changed\n");
            s_print_hold(stdout, rep->hold);
        } else if (!rc) {
            printf("notify: sending held; %llu message%s waiting, and every new one is queued "
                   "until `hrctl notify release`\n",
                   (unsigned long long)rep->queued, rep->queued == 1 ? "" : "s");
            if (rep->in_flight)
                printf("notify: %u already with a sender when the hold came still go out\n",
                       rep->in_flight);
        }
        if (!rc)
            printf("check them with `hrctl notify outbox`\n");
    } else {
        Hr__Notify__ReleaseSendingRequest req = HR__NOTIFY__RELEASE_SENDING_REQUEST__INIT;
        rc = s_call(dir, "notify.ReleaseSending", &req.base,
                    &hr__notify__release_sending_reply__descriptor, arena, &res);
        const Hr__Notify__ReleaseSendingReply *rep = res.reply;
        if (!rc && !rep->was_held) {
            printf("notify: sending was not held; nothing changed\n");
        } else if (!rc) {
            printf("notify: released; %llu message%s waiting go out now\n",
                   (unsigned long long)rep->queued, rep->queued == 1 ? "" : "s");
            printf("was ");
            s_print_hold(stdout, rep->hold);
        }
    }
    hr_arena_destroy(&arena);
    hr_free(dir);
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : rc ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

// drop ID --reason TEXT: an unknown id, or one sent, failed or in flight, is refused with
// notify's words (exit 1); dropped already is no error (exit 0): nothing changed.
static int s_drop(int argc, char **argv)
{
    const char *dir_arg = NULL, *reason = NULL, *id = NULL;
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        if (!strcmp(argv[i], "--reason") && more)
            reason = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && more)
            dir_arg = argv[++i];
        else if (!id && argv[i][0] != '-')
            id = argv[i];
        else
            return s_usage();
    }
    if (!id || !reason) {
        fprintf(stderr, "hrctl notify drop: %s\n",
                !id ? "which delivery? (the DELIVERY column of `hrctl notify outbox`)"
                    : "--reason: required: why this message must not go (kept on the case)");
        return s_usage();
    }
    Hr__Notify__DropDeliveryRequest req = HR__NOTIFY__DROP_DELIVERY_REQUEST__INIT;
    req.delivery_id = (char *)id;
    req.reason = (char *)reason;
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    s_dir = dir_arg;
    hr_arena_t *arena = hr_arena_new(0);
    hr_result_t res = {0};
    hr_rc_t rc = s_call(dir, "notify.DropDelivery", &req.base,
                        &hr__notify__drop_delivery_reply__descriptor, arena, &res);
    const Hr__Notify__DropDeliveryReply *rep = res.reply;
    if (!rc) {
        const Hr__Notify__Delivery *d = rep->delivery;
        const Hr__Notify__DeliveryDrop *dr = d->drop;
        char when[40];
        s_when(dr ? dr->at_ms : 0, when, sizeof when);
        if (rep->already)
            printf("notify: %s already dropped; nothing changed\n", d->id);
        else
            printf("notify: dropped %s (%s %s to %s%s%s): it will not be sent\n", d->id,
                   d->template_, s_channel(d->channel), ctl_text_safe(arena, d->recipient),
                   *d->case_id ? ", case " : "", d->case_id);
        if (dr)
            printf("dropped %s by %s: %s\n", when, ctl_text_safe(arena, dr->by),
                   ctl_text_safe(arena, dr->reason));
        if (!rep->already && *d->case_id)
            printf("the workflow records it on case %s as not sent, dropped by the operator "
                   "(hrctl case show %s)\n",
                   d->case_id, d->case_id);
        printf("%llu message%s still waiting%s\n", (unsigned long long)rep->queued,
               rep->queued == 1 ? "" : "s", rep->hold ? " (sending held)" : "");
    }
    hr_arena_destroy(&arena);
    hr_free(dir);
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : rc ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

int ctl_notify_main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "test"))
        return s_test(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "log"))
        return s_log(argc - 1, argv + 1, false);
    if (argc >= 2 && !strcmp(argv[1], "outbox"))
        return s_log(argc - 1, argv + 1, true);
    if (argc >= 2 && !strcmp(argv[1], "hold"))
        return s_hold(argc - 1, argv + 1, true);
    if (argc >= 2 && !strcmp(argv[1], "release"))
        return s_hold(argc - 1, argv + 1, false);
    if (argc >= 2 && !strcmp(argv[1], "drop"))
        return s_drop(argc - 1, argv + 1);
    return s_usage();
}
