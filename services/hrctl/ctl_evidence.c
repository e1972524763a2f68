/*  ctl_evidence - `hrctl evidence put|get|list|stat|sign|hold|release|mark-sensitive|
 *  close-case|export` and `hrctl verify`: the evidence store from the command line, as the
 *  operator.
 *
 *  `get` writes to stdout only after the whole content arrived and its SHA-256 matched the id,
 *  so a failed or tampered download never leaves partial evidence in a redirected file.
 */
#include "ctl_call.h"
#include "ctl_ev.h"
#include "ctl_wf.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#define CTL_EV_GET_MAX (UINT64_C(4) * 1024 * 1024 * 1024)
#define CTL_VERIFY_TIMEOUT_MS 600000
#define S_CLOSE_TIME_LEN 40       // "2026-12-31 24:00 UTC+08:00" and its NUL
#define S_WF_KEEP_TIMEOUT_MS 3000 // close-case asking the workflow its keeping end, per attempt

typedef ctl_ev_t s_ctx_t;

int ctl_ev_open(ctl_ev_t *c, const char *dir_arg, const char *who)
{
    zsys_handler_set(NULL);
    c->dir = ctl_config_dir(dir_arg);
    char *err = NULL;
    char *endpoint = ctl_endpoint(c->dir, "evidence", &err);
    if (!endpoint) {
        fprintf(stderr, "hrctl %s: %s\n", who, err);
        hr_free(err);
        return -1;
    }
    c->clock = hr_clock_system_new();
    c->client = hr_client_new(endpoint, c->clock, &err);
    hr_free(endpoint);
    if (!c->client) {
        fprintf(stderr, "hrctl %s: %s\n", who, err);
        hr_free(err);
        return -1;
    }
    c->arena = hr_arena_new(0);
    hr__actor__init(&c->actor);
    c->actor.user_id = "operator";
    c->roles[0] = "operator";
    c->actor.roles = c->roles;
    c->actor.n_roles = 1;
    return 0;
}

int ctl_ev_open_as(ctl_ev_t *c, const ctl_wf_opts_t *opts, const char *who, hr_arena_t *arena)
{
    if (ctl_ev_open(c, opts->config_dir, who))
        return CTL_EXIT_FAIL;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "hrctl %s", who);
    hr_rc_t rc =
        opts->as ? ctl_as_actor(prefix, opts->config_dir, opts->as, opts->roles, arena, &c->actor)
                 : HR_OK;
    return rc ? ctl_wf_exit(rc) : CTL_EXIT_OK;
}

void ctl_ev_close(ctl_ev_t *c)
{
    hr_client_destroy(&c->client);
    hr_arena_destroy(&c->arena);
    hr_clock_destroy(&c->clock);
    hr_free(c->dir);
}

static hr_rc_t s_call(s_ctx_t *c, const char *type, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *desc, int timeout_ms, hr_result_t *res)
{
    hr_call_opts_t opts = {.timeout_ms = timeout_ms ? timeout_ms : 10000,
                           .retries = timeout_ms ? -1 : 1,
                           .actor = &c->actor};
    hr_rc_t rc = hr_client_call(c->client, type, req, desc, c->arena, &opts, res);
    zmsg_destroy(&res->frames);
    return rc;
}

// The server's refusal, its Chinese first when it gave one (res of a failed s_call).
static int s_fail_res(const char *what, hr_rc_t rc, const hr_result_t *res)
{
    if (res->message_zh && *res->message_zh)
        fprintf(stderr, "hrctl evidence %s: %s\n", what, res->message_zh);
    fprintf(stderr, "hrctl evidence %s: %s (%s)\n", what,
            res->message && *res->message ? res->message : "failed", hr_rc_name(rc));
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
}

static int s_fail(const char *what, hr_rc_t rc, const char *message)
{
    fprintf(stderr, "hrctl evidence %s: %s (%s)\n", what, message && *message ? message : "failed",
            hr_rc_name(rc));
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
}

static ssize_t s_read_fd(void *arg, void *buf, size_t cap)
{
    int fd = *(int *)arg;
    size_t got = 0;
    while (got < cap) {
        ssize_t n = read(fd, (char *)buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static const char *s_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int ctl_ev_put(ctl_ev_t *c, const char *file, const char *case_id, const char *kind,
               const char *name, const char *type, char id_out[EV_ID_HEX + 1])
{
    int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) {
        fprintf(stderr, "hrctl evidence put: %s: %s\n", file, strerror(errno));
        return CTL_EXIT_USAGE;
    }
    // A regular file's size is announced: the server then refuses a file that grows or shrinks
    // during the upload, and finishes it as the last byte arrives.
    struct stat st;
    off_t at = lseek(fd, 0, SEEK_CUR); // stdin may be a file read part of the way
    bool sized = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && at >= 0 && st.st_size > at;
    ev_put_opts_t o = {.case_id = case_id,
                       .kind = kind,
                       .file_name = name ? name : s_basename(file),
                       .media_type = type,
                       .sensitive = c->sensitive,
                       .actor = &c->actor,
                       .size = sized ? (uint64_t)(st.st_size - at) : 0};
    const char *message = NULL;
    hr_rc_t rc = ev_client_put(c->client, &o, s_read_fd, &fd, c->arena, id_out, &message);
    if (fd != STDIN_FILENO)
        close(fd);
    return rc ? s_fail("put", rc, message) : CTL_EXIT_OK;
}

hr_rc_t ctl_ev_put_facts(ctl_ev_t *c, const char *case_id, const char *json, const char *name,
                         const Hr__Evidence__Evidence **out, const char **message_out)
{
    Hr__Evidence__PutFactsRequest req = HR__EVIDENCE__PUT_FACTS_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.json = (char *)json;
    req.name = (char *)name;
    hr_result_t res;
    hr_rc_t rc = s_call(c, "evidence.PutFacts", &req.base,
                        &hr__evidence__put_facts_reply__descriptor, 0, &res);
    *message_out = res.message;
    *out = rc ? NULL : ((Hr__Evidence__PutFactsReply *)res.reply)->evidence;
    return rc;
}

hr_rc_t ctl_ev_stat(ctl_ev_t *c, const char *id, const Hr__Evidence__Evidence **out,
                    const char **message_out)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    hr_result_t res;
    hr_rc_t rc =
        s_call(c, "evidence.Stat", &req.base, &hr__evidence__stat_reply__descriptor, 0, &res);
    *message_out = res.message;
    *out = rc ? NULL : ((Hr__Evidence__StatReply *)res.reply)->evidence;
    return rc;
}

hr_rc_t ctl_ev_list(ctl_ev_t *c, const char *case_id, int timeout_ms,
                    const Hr__Evidence__ListReply **out, const char **message_out)
{
    Hr__Evidence__ListRequest req = HR__EVIDENCE__LIST_REQUEST__INIT;
    req.case_id = (char *)case_id;
    hr_result_t res;
    hr_rc_t rc = s_call(c, "evidence.List", &req.base, &hr__evidence__list_reply__descriptor,
                        timeout_ms, &res);
    *message_out = res.message;
    *out = rc ? NULL : res.reply;
    return rc;
}

static int s_put(s_ctx_t *c, const char *file, const char *case_id, const char *kind,
                 const char *name, const char *type)
{
    char id[EV_ID_HEX + 1];
    int code = ctl_ev_put(c, file, case_id, kind, name, type, id);
    if (code)
        return code;
    // stdout stays the id alone (scripts read it); the record is only stored under the case, and
    // the case's checks count what is attached to it - said on stderr, with the command.
    printf("%s\n", id);
    fprintf(
        stderr,
        "hrctl evidence put: 已存入案件 %s 名下，但尚未附入该案件（提交与审核只认已附入的证据）；"
        "附入：hrctl case attach %s %s\n"
        "hrctl evidence put: stored under case %s but not attached to it (submit and review "
        "count attached evidence only); attach it: hrctl case attach %s %s\n",
        case_id, case_id, id, case_id, case_id, id);
    return CTL_EXIT_OK;
}

static int s_get(s_ctx_t *c, const char *id, const char *case_id)
{
    unsigned char *data = NULL;
    size_t len = 0;
    const char *message = NULL;
    hr_rc_t rc = ev_client_get_for(c->client, id, case_id, &c->actor, CTL_EV_GET_MAX, c->arena,
                                   &data, &len, &message);
    if (rc)
        return s_fail("get", rc, message);
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(STDOUT_FILENO, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    hr_free(data);
    return off == len ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}

static json_t *s_json(const Hr__Evidence__Evidence *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", ctl_json_str(e->id));
    json_object_set_new(o, "kind", ctl_json_str(e->kind));
    json_t *cases = json_array();
    for (size_t i = 0; i < e->n_case_ids; i++)
        json_array_append_new(cases, ctl_json_str(e->case_ids[i]));
    json_object_set_new(o, "case_ids", cases);
    json_object_set_new(o, "uploader", ctl_json_str(e->uploader));
    json_object_set_new(o, "uploaded_ms", json_integer(e->uploaded_ms));
    json_object_set_new(o, "file_name", ctl_json_str(e->file_name));
    json_object_set_new(o, "media_type", ctl_json_str(e->media_type));
    json_object_set_new(o, "declared_media_type", ctl_json_str(e->declared_media_type));
    json_object_set_new(o, "size", json_integer((json_int_t)e->size));
    json_object_set_new(
        o, "state",
        ctl_json_str(e->state == HR__EVIDENCE__STATE__STATE_CORRUPT ? "corrupt" : "active"));
    json_object_set_new(o, "held", json_boolean(e->held));
    json_object_set_new(o, "case_held", json_boolean(e->case_held));
    if (e->sensitive) { // health and the like: HR, legal, the operator and the employee read it
        json_t *v = json_object();
        json_object_set_new(v, "marked_ms", json_integer(e->sensitive_ms));
        json_object_set_new(v, "marked_by", ctl_json_str(e->sensitive_by));
        json_object_set_new(v, "reason", ctl_json_str(e->sensitive_reason));
        json_object_set_new(v, "content_withheld", json_boolean(e->content_withheld));
        json_object_set_new(o, "sensitive", v);
    }
    if (e->void_ms) { // a notice or certificate of a rescinded or reinstated case
        json_t *v = json_object();
        bool reinstated = e->void_cause && !strcmp(e->void_cause, "reinstated");
        json_object_set_new(v, "case_id", ctl_json_str(e->void_case_id));
        json_object_set_new(v, "cause", json_string(reinstated ? "reinstated" : "rescinded"));
        json_object_set_new(v, reinstated ? "reinstated_ms" : "rescinded_ms",
                            json_integer(e->void_ms));
        json_object_set_new(v, "reason",
                            json_string(reinstated
                                            ? "case reinstated: an award or judgment ordered the "
                                              "contract to continue (LCL Art. 48)"
                                            : "case rescinded: the notice revoked, the "
                                              "contract not ended"));
        json_object_set_new(o, "void", v);
    }
    json_object_set_new(o, "due_ms", json_integer(e->due_ms));
    json_t *sigs = json_array();
    for (size_t i = 0; i < e->n_signatures; i++) {
        json_t *s = json_object();
        json_object_set_new(s, "signer", ctl_json_str(e->signatures[i]->signer));
        json_object_set_new(s, "signed_ms", json_integer(e->signatures[i]->signed_ms));
        json_object_set_new(s, "statement", ctl_json_str(e->signatures[i]->statement));
        json_object_set_new(s, "valid", json_boolean(e->signatures[i]->valid));
        const Hr__Evidence__Signature *g = e->signatures[i];
        json_object_set_new(s, "disposition", json_string(ev_sig_disposition(g)));
        json_object_set_new(s, "entered_via", ctl_json_str(g->entered_via));
        json_object_set_new(s, "client_user", ctl_json_str(g->client_user));
        json_object_set_new(s, "client_host", ctl_json_str(g->client_host));
        char *pk = hr_alloc(2 * g->public_key.len + 1), *sig = hr_alloc(2 * g->signature.len + 1);
        ev_hex(g->public_key.data, g->public_key.len, pk);
        ev_hex(g->signature.data, g->signature.len, sig);
        json_object_set_new(s, "public_key_hex", ctl_json_str(pk));
        json_object_set_new(s, "signature_hex", ctl_json_str(sig));
        hr_free(pk);
        hr_free(sig);
        json_array_append_new(sigs, s);
    }
    json_object_set_new(o, "signatures", sigs);
    return o;
}

// SIGNED counts the valid acknowledgements of all signatures; a refusal is said below the row.
static void s_print_row(const Hr__Evidence__Evidence *e, const ctl_zone_t *zone)
{
    size_t valid = 0;
    for (size_t i = 0; i < e->n_signatures; i++)
        valid += e->signatures[i]->valid && !EV_SIG_DECLINED(e->signatures[i]);
    printf("%s %-20s %10llu %-24s %zu/%zu %s%s %s\n", e->id, e->kind, (unsigned long long)e->size,
           e->media_type, valid, e->n_signatures,
           e->state == HR__EVIDENCE__STATE__STATE_CORRUPT ? "CORRUPT" : "ok",
           e->held        ? ",held"
           : e->case_held ? ",case held"
                          : "",
           e->file_name);
    if (e->sensitive)
        printf(
            "  敏感 / sensitive: %s\n",
            e->content_withheld
                ? "内容仅 HR、法务、系统操作员和所涉员工本人可读；your role sees that it exists, "
                  "not its content (HR, legal, the operator and the employee it concerns read it)"
                : "内容仅 HR、法务、系统操作员和所涉员工本人可读 (HR, legal, the operator and the "
                  "employee it concerns read it; not the manager or superiors)");
    if (e->void_ms) {
        char when[HR_TIME_ISO_LEN];
        ctl_when(e->void_ms, zone, when);
        if (e->void_cause && !strcmp(e->void_cause, "reinstated"))
            printf("  void: case %s reinstated on %s (%s): an award or judgment ordered the "
                   "contract to continue (LCL Art. 48, 恢复劳动关系); this document no longer "
                   "applies\n",
                   e->void_case_id, when, zone->name);
        else
            printf("  void: case %s rescinded on %s (%s): the notice was revoked and the contract "
                   "was not ended; this document no longer applies\n",
                   e->void_case_id, when, zone->name);
    }
    for (size_t i = 0; i < e->n_signatures; i++) {
        const Hr__Evidence__Signature *g = e->signatures[i];
        if (!EV_SIG_DECLINED(g))
            continue;
        char when[HR_TIME_ISO_LEN];
        ctl_when(g->signed_ms, zone, when);
        hr_arena_t *arena = hr_arena_new(0);
        printf("  拒绝签字 / declined by %s on %s (%s)%s: %s\n", g->signer, when, zone->name,
               g->valid ? "" : " [signature NOT valid]", ctl_text_safe(arena, g->statement));
        hr_arena_destroy(&arena);
    }
}

static int s_list(s_ctx_t *c, const char *case_id, bool json)
{
    Hr__Evidence__ListRequest req = HR__EVIDENCE__LIST_REQUEST__INIT;
    req.case_id = (char *)case_id;
    hr_result_t res;
    hr_rc_t rc =
        s_call(c, "evidence.List", &req.base, &hr__evidence__list_reply__descriptor, 0, &res);
    if (rc)
        return s_fail_res("list", rc, &res);
    Hr__Evidence__ListReply *rep = res.reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < rep->n_evidence; i++)
            json_array_append_new(arr, s_json(rep->evidence[i]));
        char *text = json_dumps(arr, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(arr);
        return CTL_EXIT_OK;
    }
    printf("%-64s %-20s %10s %-24s %s %s\n", "ID", "KIND", "SIZE", "MEDIA TYPE", "SIGNED",
           "STATE NAME");
    ctl_wf_opts_t wo = {.config_dir = c->dir};
    ctl_zone_t zone = ctl_zone(&wo);
    for (size_t i = 0; i < rep->n_evidence; i++)
        s_print_row(rep->evidence[i], &zone);
    printf("%zu record(s)%s", rep->n_evidence, rep->truncated ? " (more not shown)" : "");
    if (rep->withheld)
        printf(", %u withheld (not yours to read: ask HR)", rep->withheld);
    printf("\n");
    return CTL_EXIT_OK;
}

static int s_stat(s_ctx_t *c, const char *id, const char *case_id)
{
    Hr__Evidence__StatRequest req = HR__EVIDENCE__STAT_REQUEST__INIT;
    req.id = (char *)id;
    req.case_id = (char *)(case_id ? case_id : "");
    hr_result_t res;
    hr_rc_t rc =
        s_call(c, "evidence.Stat", &req.base, &hr__evidence__stat_reply__descriptor, 0, &res);
    if (rc)
        return s_fail_res("stat", rc, &res);
    json_t *o = s_json(((Hr__Evidence__StatReply *)res.reply)->evidence);
    char *text = json_dumps(o, JSON_INDENT(2));
    printf("%s\n", text);
    free(text);
    json_decref(o);
    return CTL_EXIT_OK;
}

static int s_simple(s_ctx_t *c, const char *what, const char *type, const ProtobufCMessage *req,
                    const ProtobufCMessageDescriptor *desc)
{
    hr_result_t res;
    hr_rc_t rc = s_call(c, type, req, desc, 0, &res);
    if (rc)
        return s_fail_res(what, rc, &res);
    printf("ok\n");
    return CTL_EXIT_OK;
}

// mark-sensitive: HR marks a stored record sensitive (evidence.MarkSensitive).
static int s_mark_sensitive(s_ctx_t *c, const char *id, const char *reason, const char *case_id)
{
    Hr__Evidence__MarkSensitiveRequest req = HR__EVIDENCE__MARK_SENSITIVE_REQUEST__INIT;
    req.id = (char *)id;
    req.reason = (char *)reason;
    req.case_id = (char *)(case_id ? case_id : "");
    hr_result_t res;
    hr_rc_t rc = s_call(c, "evidence.MarkSensitive", &req.base,
                        &hr__evidence__mark_sensitive_reply__descriptor, 0, &res);
    if (rc)
        return s_fail_res("mark-sensitive", rc, &res);
    const Hr__Evidence__MarkSensitiveReply *rep = res.reply;
    printf("%s\n", rep->already ? "已是敏感记录 / sensitive already: nothing changed"
                                : "已标记为敏感 / marked sensitive: HR, legal, the operator and "
                                  "the employee it concerns read it");
    return CTL_EXIT_OK;
}

// sign: how it is entered, as this process can say it - hrctl, the OS user it runs as and the
// host - sent for hr-evidence to keep as the client's claim (nothing here is authenticated).
static int s_sign(s_ctx_t *c, const char *id, const char *statement, bool decline,
                  const char *case_id)
{
    Hr__Evidence__SignRequest req = HR__EVIDENCE__SIGN_REQUEST__INIT;
    req.id = (char *)id;
    req.statement = (char *)statement;
    req.decline = decline;
    req.case_id = (char *)(case_id ? case_id : "");
    req.entered_via = "hrctl";
    const struct passwd *pw = getpwuid(geteuid());
    req.client_user = pw && pw->pw_name && strlen(pw->pw_name) <= EV_CLAIM_MAX
                          ? hr_arena_strdup(c->arena, pw->pw_name)
                          : hr_arena_fmt(c->arena, "uid %u", (unsigned)geteuid());
    char host[EV_CLAIM_MAX + 1] = "";
    if (gethostname(host, sizeof host - 1))
        host[0] = '\0';
    host[EV_CLAIM_MAX] = '\0';
    req.client_host = hr_arena_strdup(c->arena, host);
    return s_simple(c, decline ? "sign --decline" : "sign", "evidence.Sign", &req.base,
                    &hr__evidence__sign_reply__descriptor);
}

// "2026-12-31 24:00 UTC+08:00" (a close at local midnight is the end of the day before, as
// --at gives it), or "2026-12-09 15:00 UTC+08:00".
static void s_close_time(int64_t ms, const ctl_zone_t *z, char buf[S_CLOSE_TIME_LEN])
{
    int64_t local = ms + (int64_t)z->offset_min * HR_MINUTE_MS;
    bool midnight = local % HR_DAY_MS == 0;
    char t[HR_TIME_ISO_LEN];
    hr_time_iso(midnight ? local - 1 : local, t);
    snprintf(buf, S_CLOSE_TIME_LEN, "%.10s %.5s %s", t, midnight ? "24:00" : t + 11, z->name);
}

// The workflow's keeping end for case_id (the end of its retention duty's day, as
// wf_steps_keep_until_ms takes it: dated, neither cancelled nor skipped), asked as the operator
// (workflow.GetCase). HR_OK with *keep_ms (0: the workflow holds the case with no such day, or
// holds no such case, or no workflow is configured - no workflow.cfg in the config directory,
// no HR_PEERS_WORKFLOW: *known false), and *open: the workflow holds the case open;
// else the call's code with *why (arena) saying what went wrong.
static hr_rc_t s_workflow_keep(s_ctx_t *c, const char *case_id, int64_t *keep_ms, bool *known,
                               bool *open, const char **why)
{
    *keep_ms = 0;
    *known = false;
    *open = false;
    *why = "";
    char *path = hr_strfmt("%s/workflow.cfg", c->dir);
    const char *peer = getenv("HR_PEERS_WORKFLOW");
    bool configured = (peer && *peer) || access(path, F_OK) == 0;
    hr_free(path);
    if (!configured)
        return HR_OK; // hr-evidence alone: retention starts only by hand (its README)
    char *err = NULL;
    char *endpoint = ctl_endpoint(c->dir, "workflow", &err);
    if (!endpoint) {
        *why = hr_arena_strdup(c->arena, err ? err : "no endpoint");
        hr_free(err);
        return HR_EUNAVAIL;
    }
    hr_client_t *client = hr_client_new(endpoint, c->clock, &err);
    hr_free(endpoint);
    if (!client) {
        *why = hr_arena_strdup(c->arena, err ? err : "no client");
        hr_free(err);
        return HR_EUNAVAIL;
    }
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.roles = roles;
    actor.n_roles = 1;
    Hr__Workflow__GetCaseRequest req = HR__WORKFLOW__GET_CASE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    hr_call_opts_t opts = {.timeout_ms = S_WF_KEEP_TIMEOUT_MS, .retries = 1, .actor = &actor};
    hr_result_t res;
    hr_rc_t rc = hr_client_call(client, "workflow.GetCase", &req.base,
                                &hr__workflow__case_reply__descriptor, c->arena, &opts, &res);
    zmsg_destroy(&res.frames);
    hr_client_destroy(&client);
    if (rc == HR_ENOTFOUND)
        return HR_OK; // a case only hr-evidence knows
    if (rc) {
        *why = hr_arena_fmt(c->arena, "%s%s%s", hr_rc_name(rc), res.message ? ": " : "",
                            res.message ? res.message : "");
        return rc;
    }
    const Hr__Workflow__CaseReply *rep = res.reply;
    *known = true;
    *open = rep->case_ && rep->case_->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    for (size_t i = 0; rep->case_ && i < rep->case_->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = rep->case_->steps[i];
        if (st->duty && !strcmp(st->key, "retention") && *st->due_date &&
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_CANCELLED &&
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_SKIPPED && st->due_ms > *keep_ms)
            *keep_ms = st->due_ms;
    }
    return HR_OK;
}

// close-case: at --at-ms MS, or --at DATE (the end of that day in the company's zone, as the
// workflow counts a contract's end), or now. The workflow's day for keeping the case's records
// is read first and sent with the close (or --keep-until DATE names it), so hr-evidence keeps
// every record to it whatever it learnt before; a workflow configured but not answering refuses
// the close (Chinese first): counted from the policy's days alone, records could be due before
// that day. Says the close that stands, and when an end recorded before is later (the
// workflow's, with the contract's end), that it stands: a hand close never moves retention back;
// then the day the records are kept to at least. A refusal names the flag the time came from.
static int s_close_case(s_ctx_t *c, const char *case_id, const char *at_ms, const char *at_day,
                        const char *keep_day)
{
    ctl_wf_opts_t wo = {.config_dir = c->dir};
    ctl_zone_t zone = ctl_zone(&wo);
    Hr__Evidence__CloseCaseRequest req = HR__EVIDENCE__CLOSE_CASE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    if (keep_day) {
        int32_t day = 0;
        if (!hr_date_parse(keep_day, &day)) {
            char why[HR_DATE_WHY_LEN];
            fprintf(stderr, "hrctl evidence close-case: --keep-until: '%s' %s\n", keep_day,
                    hr_date_why(keep_day, why, sizeof why));
            return CTL_EXIT_USAGE;
        }
        req.keep_until_ms = hr_ms_of_day(day + 1, zone.offset_min);
    }
    if (at_ms && at_day) {
        fprintf(stderr, "hrctl evidence close-case: give --at DATE or --at-ms MS, not both\n");
        return CTL_EXIT_USAGE;
    }
    if (at_ms && !hr_parse_i64(at_ms, 0, INT64_MAX, &req.closed_ms)) {
        fprintf(stderr, "hrctl evidence close-case: --at-ms: '%s' is not a time in ms\n", at_ms);
        return CTL_EXIT_USAGE;
    }
    if (at_day) {
        int32_t day = 0;
        if (!hr_date_parse(at_day, &day)) {
            char why[HR_DATE_WHY_LEN];
            fprintf(stderr, "hrctl evidence close-case: --at: '%s' %s\n", at_day,
                    hr_date_why(at_day, why, sizeof why));
            return CTL_EXIT_USAGE;
        }
        req.closed_ms = hr_ms_of_day(day + 1, zone.offset_min);
    }
    int64_t wf_keep_ms = 0;
    bool wf_known = false, wf_open = false;
    const char *wf_why = "";
    hr_rc_t wrc = s_workflow_keep(c, case_id, &wf_keep_ms, &wf_known, &wf_open, &wf_why);
    if (wrc && !keep_day) {
        fprintf(stderr,
                "hrctl evidence close-case: 无法从 hr-workflow 读取案件 %s 的记录保存期限（%s）："
                "未关闭。现在关闭只按证据保留策略的天数计算，可能早于工作流的保存期限"
                "（《劳动合同法》第五十条）：请启动 hr-workflow 后重试（hrctl health），"
                "或用 --keep-until YYYY-MM-DD 写明保存期限\n",
                case_id, wf_why);
        fprintf(stderr,
                "hrctl evidence close-case: the workflow's keeping end for case %s could not be "
                "read (%s): not closed. A close now would count retention from the policy's days "
                "alone, which can fall short of the day the workflow keeps the records to (LCL "
                "Art. 50): start hr-workflow and try again (hrctl health), or name the day with "
                "--keep-until YYYY-MM-DD\n",
                case_id, wf_why);
        return CTL_EXIT_FAIL;
    }
    // A case the workflow holds open is live: its retention clock has not started, whatever
    // time --at or --at-ms names (counted from it, its records would be shredded while the
    // dismissal runs). The workflow closes it (hrctl case close, withdraw) and tells hr-evidence.
    if (wf_open) {
        fprintf(stderr,
                "hrctl evidence close-case: 工作流中案件 %s 仍在进行（OPEN）：未关闭。进行中的案件"
                "不开始计算证据保留期限；请先在工作流中结案或撤回（hrctl case close / withdraw），"
                "hr-evidence 会从工作流得知\n",
                case_id);
        fprintf(stderr,
                "hrctl evidence close-case: case %s is still OPEN in the workflow: not closed. A "
                "live case's retention clock does not start; close or withdraw it in the workflow "
                "(hrctl case close / withdraw), which tells hr-evidence\n",
                case_id);
        return CTL_EXIT_FAIL;
    }
    if (wf_keep_ms > req.keep_until_ms)
        req.keep_until_ms = wf_keep_ms;
    hr_result_t res;
    hr_rc_t rc = s_call(c, "evidence.CloseCase", &req.base,
                        &hr__evidence__close_case_reply__descriptor, 0, &res);
    if (rc) {
        const char *msg = res.message ? res.message : "";
        const char *field = "closed_ms:";
        if (!strncmp(msg, field, strlen(field)))
            msg = hr_arena_fmt(c->arena, "closed_ms (%s %s):%s", at_day ? "--at" : "--at-ms",
                               at_day  ? at_day
                               : at_ms ? at_ms
                                       : "",
                               msg + strlen(field));
        if (res.message_zh && *res.message_zh) // people read Chinese first
            fprintf(stderr, "hrctl evidence close-case: %s\n", res.message_zh);
        return s_fail("close-case", rc, msg);
    }
    const Hr__Evidence__CloseCaseReply *rep = res.reply;
    char when[S_CLOSE_TIME_LEN];
    s_close_time(rep->closed_ms, &zone, when);
    if (rep->later_end_kept)
        printf("case %s keeps its later end, %s, recorded before (the contract's end the "
               "workflow gave, or an earlier close): a close never moves retention back; %u "
               "record(s) scheduled from it\n",
               case_id, when, rep->scheduled);
    else
        printf("case %s closed %s: retention counts from it; %u record(s) scheduled\n", case_id,
               when, rep->scheduled);
    if (rep->keep_until_ms > 0) {
        char keep[S_CLOSE_TIME_LEN];
        s_close_time(rep->keep_until_ms, &zone, keep);
        printf("case %s: its records are kept at least until %s, the day the workflow keeps "
               "them to (LCL Art. 50): none is shredded before it, whatever retention counts "
               "from the close\n",
               case_id, keep);
    } else if (wf_known) {
        printf("case %s: the workflow keeps its records to no later day (no retention duty "
               "dated): retention counts from the close alone\n",
               case_id);
    }
    return CTL_EXIT_OK;
}

// `hrctl evidence service-key`: the key exports are signed with, its fingerprint first (what
// the notice letter prints and an employee or arbitrator compares), then the PEM openssl reads.
static int s_service_key(s_ctx_t *c)
{
    Hr__Evidence__ServiceKeyRequest req = HR__EVIDENCE__SERVICE_KEY_REQUEST__INIT;
    hr_result_t res;
    hr_rc_t hrc = s_call(c, "evidence.ServiceKey", &req.base,
                         &hr__evidence__service_key_reply__descriptor, 0, &res);
    if (hrc)
        return s_fail_res("service-key", hrc, &res);
    const Hr__Evidence__ServiceKeyReply *rep = res.reply;
    if (rep->public_key.len != crypto_sign_PUBLICKEYBYTES)
        return s_fail("service-key", HR_EIO, "the reply holds no Ed25519 key");
    static const unsigned char spki[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                           0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    unsigned char der[sizeof spki + crypto_sign_PUBLICKEYBYTES];
    memcpy(der, spki, sizeof spki);
    memcpy(der + sizeof spki, rep->public_key.data, crypto_sign_PUBLICKEYBYTES);
    char b64[sodium_base64_ENCODED_LEN(sizeof der, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, der, sizeof der, sodium_base64_VARIANT_ORIGINAL);
    char iso[HR_TIME_ISO_LEN];
    printf("服务密钥指纹 / service key fingerprint (SHA-256): %s\n"
           "created: %s\n"
           "-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n",
           rep->fingerprint, hr_time_iso(rep->created_ms, iso), b64);
    return CTL_EXIT_OK;
}

static void s_usage(FILE *out)
{
    fprintf(out,
            "usage: hrctl evidence put FILE --case ID --kind KIND [--name N] [--type T]\n"
            "                 [--sensitive]\n"
            "         (--sensitive: health or other sensitive personal information, a medical\n"
            "          certificate say: HR, legal, the operator and the employee it concerns\n"
            "          read it, the manager and superiors see only that it exists)\n"
            "       hrctl evidence get ID [--case ID] > FILE\n"
            "       hrctl evidence list --case ID [--json]\n"
            "       hrctl evidence stat ID [--case ID]\n"
            "       hrctl evidence sign ID --statement TEXT [--case ID]\n"
            "       hrctl evidence sign ID --decline TEXT [--case ID]\n"
            "         (a refusal to confirm the record, 拒绝签字, with the signer's words:\n"
            "          recorded, audited and exported like a signature, never counted as\n"
            "          one. Either is entered here on the operator's command line: hrctl\n"
            "          sends its OS user and host, kept as its claim; --as is not checked)\n"
            "       hrctl evidence hold|release (--case ID | --id ID) [--reason TEXT]\n"
            "       hrctl evidence mark-sensitive ID --reason TEXT [--case ID]\n"
            "         (HR marks a stored record sensitive, as --sensitive; audited, never\n"
            "          unmarked; hr, legal, operator)\n"
            "       hrctl evidence release --case ID --dispute --reason TEXT\n"
            "         (ends the hold a recorded dispute placed: the dispute is over)\n"
            "       hrctl evidence close-case --case ID [--at YYYY-MM-DD | --at-ms MS]\n"
            "                 [--keep-until YYYY-MM-DD]\n"
            "         (retention starts: at the end of that day in the company's zone, or\n"
            "          at MS since 1970 UTC; now without either. An end recorded before\n"
            "          that is later - the contract's end the workflow gave - stands)\n"
            "       hrctl evidence export --case ID DIR\n"
            "         (a case's files, signatures, audit extract, manifest.json and a\n"
            "          README.txt on checking them, for an arbitrator; hr, legal, operator)\n"
            "       hrctl evidence service-key\n"
            "         (hr-evidence's own Ed25519 key, which signs exports: its fingerprint,\n"
            "          the one the notice letter prints, and the key as PEM)\n"
            "  (all take --config-dir DIR, and --as USER [--role R1,R2] to act as a person:\n"
            "   with the roles the people directory gives them unless --role names some;\n"
            "   HR, legal and operators read every record, anyone else those of their\n"
            "   cases and those they uploaded or signed)\n");
}

int ctl_evidence_main(int argc, char **argv)
{
    if (argc < 2) {
        s_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    const char *verb = argv[1], *pos = NULL, *case_id = NULL, *kind = NULL, *name = NULL;
    const char *type = NULL, *dir = NULL, *statement = NULL, *as = NULL, *id = NULL;
    const char *reason = NULL, *at = NULL, *at_day = NULL, *role = NULL, *declined = NULL;
    const char *keep_day = NULL;
    bool json = false, dispute = false, sensitive = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (!strcmp(a, "--case") && has)
            case_id = argv[++i];
        else if (!strcmp(a, "--kind") && has)
            kind = argv[++i];
        else if (!strcmp(a, "--name") && has)
            name = argv[++i];
        else if (!strcmp(a, "--type") && has)
            type = argv[++i];
        else if (!strcmp(a, "--config-dir") && has)
            dir = argv[++i];
        else if (!strcmp(a, "--statement") && has)
            statement = argv[++i];
        else if (!strcmp(a, "--decline") && has)
            declined = argv[++i];
        else if (!strcmp(a, "--as") && has)
            as = argv[++i];
        else if (!strcmp(a, "--role") && has)
            role = argv[++i];
        else if (!strcmp(a, "--id") && has)
            id = argv[++i];
        else if (!strcmp(a, "--reason") && has)
            reason = argv[++i];
        else if (!strcmp(a, "--at-ms") && has)
            at = argv[++i];
        else if (!strcmp(a, "--at") && has)
            at_day = argv[++i];
        else if (!strcmp(a, "--keep-until") && has)
            keep_day = argv[++i];
        else if (!strcmp(a, "--json"))
            json = true;
        else if (!strcmp(a, "--dispute"))
            dispute = true;
        else if (!strcmp(a, "--sensitive"))
            sensitive = true;
        else if (!pos && (a[0] != '-' || !strcmp(a, "-")))
            pos = a;
        else {
            s_usage(stderr);
            return CTL_EXIT_USAGE;
        }
    }
    bool ok = (!strcmp(verb, "put") && pos && case_id && kind) || (!strcmp(verb, "get") && pos) ||
              (!strcmp(verb, "list") && case_id) || (!strcmp(verb, "stat") && pos) ||
              (!strcmp(verb, "sign") && pos && !statement != !declined) ||
              ((!strcmp(verb, "hold") || !strcmp(verb, "release")) && (case_id || id)) ||
              (!strcmp(verb, "close-case") && case_id) ||
              (!strcmp(verb, "mark-sensitive") && pos && reason) ||
              (!strcmp(verb, "export") && case_id && pos) ||
              (!strcmp(verb, "service-key") && !pos && !case_id);
    ok = ok && (!dispute || (!strcmp(verb, "release") && case_id));
    ok = ok && (!declined || !strcmp(verb, "sign"));
    ok = ok && (!sensitive || !strcmp(verb, "put"));
    ok = ok && (!keep_day || !strcmp(verb, "close-case"));
    if (!ok) {
        s_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    s_ctx_t c = {0};
    if (ctl_ev_open(&c, dir, "evidence")) {
        ctl_ev_close(&c);
        return CTL_EXIT_FAIL;
    }
    hr_rc_t as_rc = as ? ctl_as_actor("hrctl evidence", dir, as, role, c.arena, &c.actor) : HR_OK;
    if (as_rc) {
        ctl_ev_close(&c);
        return as_rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
    }
    int rc = CTL_EXIT_OK;
    c.sensitive = sensitive;
    if (!strcmp(verb, "put")) {
        rc = s_put(&c, pos, case_id, kind, name, type);
    } else if (!strcmp(verb, "mark-sensitive")) {
        rc = s_mark_sensitive(&c, pos, reason, case_id);
    } else if (!strcmp(verb, "get")) {
        rc = s_get(&c, pos, case_id);
    } else if (!strcmp(verb, "list")) {
        rc = s_list(&c, case_id, json);
    } else if (!strcmp(verb, "stat")) {
        rc = s_stat(&c, pos, case_id);
    } else if (!strcmp(verb, "export")) {
        rc = ctl_ev_export(&c, case_id, pos);
    } else if (!strcmp(verb, "service-key")) {
        rc = s_service_key(&c);
    } else if (!strcmp(verb, "sign")) {
        rc = s_sign(&c, pos, declined ? declined : statement, declined != NULL, case_id);
    } else if (!strcmp(verb, "hold") || !strcmp(verb, "release")) {
        Hr__Evidence__HoldRequest req = HR__EVIDENCE__HOLD_REQUEST__INIT;
        req.case_id = (char *)(case_id ? case_id : "");
        req.id = (char *)(id ? id : "");
        req.reason = (char *)(reason ? reason : "");
        req.dispute = dispute;
        hr_result_t res;
        hr_rc_t hrc = s_call(&c, !strcmp(verb, "hold") ? "evidence.Hold" : "evidence.Release",
                             &req.base, &hr__evidence__hold_reply__descriptor, 0, &res);
        const Hr__Evidence__HoldReply *hr = res.reply;
        if (hrc)
            rc = s_fail(verb, hrc, res.message);
        else if (hr->still_held)
            printf("released; the %s stays on hold (%s)\n", case_id ? "case" : "record",
                   hr->still_held_for);
        else
            printf("ok\n");
    } else {
        rc = s_close_case(&c, case_id, at, at_day, keep_day);
    }
    ctl_ev_close(&c);
    return rc;
}

int ctl_verify_main(int argc, char **argv)
{
    const char *dir = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else {
            fprintf(stderr, "usage: hrctl verify [--json] [--config-dir DIR]\n");
            return CTL_EXIT_USAGE;
        }
    }
    s_ctx_t c = {0};
    if (ctl_ev_open(&c, dir, "verify")) {
        ctl_ev_close(&c);
        return CTL_EXIT_FAIL;
    }
    ctl_probe(c.client, "hrctl verify", "evidence", CTL_VERIFY_TIMEOUT_MS, c.arena);
    Hr__Evidence__VerifyRequest req = HR__EVIDENCE__VERIFY_REQUEST__INIT;
    hr_result_t res;
    hr_rc_t rc = s_call(&c, "evidence.Verify", &req.base, &hr__evidence__verify_reply__descriptor,
                        CTL_VERIFY_TIMEOUT_MS, &res);
    if (rc) {
        fprintf(stderr, "hrctl verify: %s (%s)\n", res.message, hr_rc_name(rc));
        ctl_ev_close(&c);
        return CTL_EXIT_FAIL;
    }
    Hr__Evidence__VerifyReply *v = res.reply;
    // Every evidence id a case lists must be here too (ctl_attached.c).
    json_t *absent = json ? json_array() : NULL;
    char *cdir = ctl_config_dir(dir);
    int missing = ctl_attachments_check(cdir, json ? NULL : stdout, absent);
    // Every case row against the workflow's case journal (ctl_journal.c).
    json_t *journal = json ? json_object() : NULL;
    int journal_bad = ctl_journal_verify(cdir, json ? NULL : stdout, journal);
    hr_free(cdir);
    bool ok = v->ok && (missing == 0 || missing == CTL_ATTACHED_UNCHECKED) &&
              (journal_bad == 0 || journal_bad == CTL_ATTACHED_UNCHECKED);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_boolean(v->ok));
        json_object_set_new(o, "entries", json_integer((json_int_t)v->entries));
        json_object_set_new(o, "blobs", json_integer((json_int_t)v->blobs));
        json_object_set_new(o, "bad_seq", json_integer((json_int_t)v->bad_seq));
        json_object_set_new(o, "chain_problem", ctl_json_str(v->chain_problem));
        json_object_set_new(o, "chain_head", ctl_json_str(v->chain_head));
        json_t *bad = json_array();
        for (size_t i = 0; i < v->n_bad_blobs; i++) {
            json_t *b = json_object();
            json_object_set_new(b, "id", ctl_json_str(v->bad_blobs[i]->id));
            json_object_set_new(b, "problem", ctl_json_str(v->bad_blobs[i]->problem));
            json_array_append_new(bad, b);
        }
        json_object_set_new(o, "bad_blobs", bad);
        json_object_set_new(o, "attachments_checked", json_boolean(missing >= 0));
        json_object_set_new(o, "attachments_missing", absent);
        json_object_set_new(o, "case_journal", journal);
        json_object_set_new(o, "ok", json_boolean(ok));
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        if (v->bad_seq)
            printf("audit chain: BAD at entry %llu: %s\n", (unsigned long long)v->bad_seq,
                   v->chain_problem);
        else
            printf("audit chain: ok, %llu entries, head %s\n", (unsigned long long)v->entries,
                   v->chain_head);
        for (size_t i = 0; i < v->n_bad_blobs; i++)
            printf("blob %s: BAD: %s\n", v->bad_blobs[i]->id, v->bad_blobs[i]->problem);
        printf("blobs: %llu checked, %zu bad\n", (unsigned long long)v->blobs, v->n_bad_blobs);
        printf("%s\n", ok ? "verify: ok" : "verify: FAILED");
    }
    int code = ok ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    ctl_ev_close(&c);
    return code;
}
