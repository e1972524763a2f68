/*  ctl_pull - `hrctl pull dingtalk|wecom --from DATE --to DATE --users ID,ID,...
 *  [--json] [--config-dir DIR]`: the attendance pull connectors.
 *
 *  Fetches an access token, then the punches over HTTP with libcurl (DingTalk attendance/list
 *  in 7-day windows, 50 users a call, paged with offset/limit while hasMore; WeCom
 *  getcheckindata in 30-day windows, 100 users a call), and imports every page it got as one
 *  file through analytics.ImportFeed (format dingtalk or wecom). Each page keeps its request as
 *  "cursor", so the stored file says which call each record came from (the provenance of pulled
 *  records). Credentials come from the analytics config (README "connectors"): the secret from
 *  a file, never on the command line. Runs in hrctl, not in the daemon: a slow vendor never
 *  blocks the daemon's loop.
 */
#include "ctl_an.h"

#include <curl/curl.h>
#include <jansson.h>
#include <string.h>

#define CTL_PULL_TIMEOUT_S 30
#define CTL_PULL_REPLY_MAX (16 * 1024 * 1024) // one HTTP reply
#define CTL_PULL_PAGES_MAX 10000              // calls per pull
#define CTL_PULL_USERS_MAX 1000

typedef struct {
    char *data;
    size_t len;
    bool too_big;
} s_buf_t;

static size_t s_write(char *ptr, size_t size, size_t n, void *arg)
{
    s_buf_t *b = arg;
    size_t add = size * n;
    if (b->len + add > CTL_PULL_REPLY_MAX) {
        b->too_big = true;
        return 0;
    }
    b->data = hr_realloc(b->data, b->len + add + 1);
    memcpy(b->data + b->len, ptr, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

// GET (body NULL) or POST JSON; returns the parsed reply or NULL with *why.
static json_t *s_http(CURL *curl, const char *url, const char *body, char *why, size_t why_len)
{
    s_buf_t b = {0};
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)CTL_PULL_TIMEOUT_S);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, s_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    struct curl_slist *hdr = NULL;
    if (body) {
        hdr = curl_slist_append(hdr, "Content-Type: application/json; charset=utf-8");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    }
    CURLcode cc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdr);
    json_t *j = NULL;
    if (cc)
        snprintf(why, why_len, "%s",
                 b.too_big ? "reply larger than 16 MiB" : curl_easy_strerror(cc));
    else if (status != 200)
        snprintf(why, why_len, "HTTP %ld", status);
    else {
        json_error_t je;
        j = json_loadb(b.data ? b.data : "", b.len, 0, &je);
        if (!j)
            snprintf(why, why_len, "reply is not JSON: %s", je.text);
    }
    hr_free(b.data);
    return j;
}

// errcode 0 or the vendor's message.
static bool s_ok(json_t *r, char *why, size_t why_len)
{
    json_int_t code = json_integer_value(json_object_get(r, "errcode"));
    if (!json_is_integer(json_object_get(r, "errcode")) || code == 0)
        return true;
    const char *msg = json_string_value(json_object_get(r, "errmsg"));
    snprintf(why, why_len, "errcode %lld: %s", (long long)code, msg ? msg : "");
    return false;
}

static char *s_escape(CURL *curl, const char *s)
{
    char *e = curl_easy_escape(curl, s, 0);
    char *out = hr_strdup(e ? e : "");
    curl_free(e);
    return out;
}

typedef struct {
    const char *source; // dingtalk | wecom
    const char *base;   // borrowed: base URL without a trailing slash
    char *token;        // owned
    int32_t from, to;   // days
    char **users;       // borrowed: argv-owned strings
    size_t nusers;
    json_t *pages; // owned: the array imported as the file
    int page_size; // DingTalk limit per call (1..50)
    unsigned calls;
} s_pull_t;

static int s_pull_dingtalk(CURL *curl, s_pull_t *p, char *why, size_t why_len)
{
    for (int32_t d0 = p->from; d0 <= p->to; d0 += 7) {
        int32_t d1 = d0 + 6 < p->to ? d0 + 6 : p->to; // at most 7 days a call
        char f[HR_DATE_LEN], t[HR_DATE_LEN];
        hr_date_format(d0, f);
        hr_date_format(d1, t);
        for (size_t u0 = 0; u0 < p->nusers; u0 += 50) {
            json_t *ids = json_array();
            for (size_t u = u0; u < p->nusers && u < u0 + 50; u++)
                json_array_append_new(ids, ctl_json_str(p->users[u]));
            for (json_int_t offset = 0;; offset += p->page_size) {
                if (++p->calls > CTL_PULL_PAGES_MAX) {
                    snprintf(why, why_len, "more than %d calls", CTL_PULL_PAGES_MAX);
                    json_decref(ids);
                    return -1;
                }
                json_t *req = json_pack("{s:s+,s:s+,s:O,s:I,s:i,s:b}", "workDateFrom", f,
                                        " 00:00:00", "workDateTo", t, " 00:00:00", "userIdList",
                                        ids, "offset", offset, "limit", p->page_size, "isI18n", 0);
                char *body = json_dumps(req, JSON_COMPACT);
                char *tok = s_escape(curl, p->token);
                char *url = hr_strfmt("%s/attendance/list?access_token=%s", p->base, tok);
                json_t *r = s_http(curl, url, body, why, why_len);
                hr_free(url);
                hr_free(tok);
                free(body);
                if (!r || !s_ok(r, why, why_len)) {
                    json_decref(r);
                    json_decref(req);
                    json_decref(ids);
                    return -1;
                }
                bool more = json_is_true(json_object_get(r, "hasMore"));
                json_object_set_new(r, "cursor", req); // the call this page answers
                json_array_append_new(p->pages, r);
                if (!more)
                    break;
            }
            json_decref(ids);
        }
    }
    return 0;
}

static int s_pull_wecom(CURL *curl, s_pull_t *p, int tz_min, char *why, size_t why_len)
{
    for (int32_t d0 = p->from; d0 <= p->to; d0 += 30) {
        int32_t d1 = d0 + 29 < p->to ? d0 + 29 : p->to; // at most 30 days a call
        int64_t start = hr_ms_of_day(d0, tz_min) / 1000;
        int64_t end = hr_ms_of_day(d1 + 1, tz_min) / 1000 - 1;
        for (size_t u0 = 0; u0 < p->nusers; u0 += 100) {
            if (++p->calls > CTL_PULL_PAGES_MAX) {
                snprintf(why, why_len, "more than %d calls", CTL_PULL_PAGES_MAX);
                return -1;
            }
            json_t *ids = json_array();
            for (size_t u = u0; u < p->nusers && u < u0 + 100; u++)
                json_array_append_new(ids, ctl_json_str(p->users[u]));
            json_t *req =
                json_pack("{s:i,s:I,s:I,s:o}", "opencheckindatatype", 3, "starttime",
                          (json_int_t)start, "endtime", (json_int_t)end, "useridlist", ids);
            char *body = json_dumps(req, JSON_COMPACT);
            char *tok = s_escape(curl, p->token);
            char *url =
                hr_strfmt("%s/cgi-bin/checkin/getcheckindata?access_token=%s", p->base, tok);
            json_t *r = s_http(curl, url, body, why, why_len);
            hr_free(url);
            hr_free(tok);
            free(body);
            if (!r || !s_ok(r, why, why_len)) {
                json_decref(r);
                json_decref(req);
                return -1;
            }
            json_object_set_new(r, "cursor", req);
            json_array_append_new(p->pages, r);
        }
    }
    return 0;
}

static int s_token(CURL *curl, s_pull_t *p, hr_config_t *cfg, char *why, size_t why_len)
{
    bool ding = !strcmp(p->source, "dingtalk");
    const char *id_key = ding ? "dingtalk/appkey" : "wecom/corpid";
    const char *secret_key = ding ? "dingtalk/appsecret" : "wecom/corpsecret";
    const char *id = hr_config_str(cfg, id_key, "");
    char *secret = hr_config_secret(cfg, secret_key);
    if (!*id || !secret) {
        snprintf(why, why_len, "%s and %s_file must be set in analytics.cfg", id_key, secret_key);
        hr_free(secret);
        return -1;
    }
    char *eid = s_escape(curl, id), *esec = s_escape(curl, secret);
    char *url = ding ? hr_strfmt("%s/gettoken?appkey=%s&appsecret=%s", p->base, eid, esec)
                     : hr_strfmt("%s/cgi-bin/gettoken?corpid=%s&corpsecret=%s", p->base, eid, esec);
    json_t *r = s_http(curl, url, NULL, why, why_len);
    hr_free(url);
    hr_free(eid);
    hr_free(esec);
    hr_free(secret);
    int rc = -1;
    if (r && s_ok(r, why, why_len)) {
        const char *tok = json_string_value(json_object_get(r, "access_token"));
        if (tok && *tok) {
            p->token = hr_strdup(tok);
            rc = 0;
        } else {
            snprintf(why, why_len, "token reply without access_token");
        }
    }
    json_decref(r);
    return rc;
}

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl pull dingtalk|wecom --from YYYY-MM-DD --to YYYY-MM-DD "
                    "--users ID,ID,... [--json] [--config-dir DIR]\n");
    return CTL_EXIT_USAGE;
}

int ctl_pull_main(int argc, char **argv)
{
    s_pull_t p = {0};
    const char *from = NULL, *to = NULL, *users = NULL, *dir_arg = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc)
            from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = argv[++i];
        else if (!strcmp(argv[i], "--users") && i + 1 < argc)
            users = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!p.source && (!strcmp(argv[i], "dingtalk") || !strcmp(argv[i], "wecom")))
            p.source = argv[i];
        else
            return s_usage();
    }
    if (!p.source || !from || !to || !users)
        return s_usage();
    if (!hr_date_parse(from, &p.from) || !hr_date_parse(to, &p.to) || p.to < p.from ||
        p.to - p.from > 366) {
        fprintf(stderr, "hrctl pull: --from/--to: YYYY-MM-DD, at most 367 days\n");
        return CTL_EXIT_USAGE;
    }
    char *ulist = hr_strdup(users);
    char *user_v[CTL_PULL_USERS_MAX];
    for (char *s = ulist; s && *s && p.nusers < CTL_PULL_USERS_MAX;) {
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        if (*s)
            user_v[p.nusers++] = s;
        s = comma ? comma + 1 : NULL;
    }
    p.users = user_v;
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    char *cfg_path = hr_strfmt("%s/analytics.cfg", dir);
    char *err = NULL;
    int exit_code = CTL_EXIT_FAIL;
    hr_config_t *cfg = hr_config_load(cfg_path, &err);
    CURL *curl = NULL;
    hr_arena_t *arena = hr_arena_new(0);
    char *text = NULL;
    char why[512] = "";
    if (!cfg) {
        fprintf(stderr, "hrctl pull: %s\n", err ? err : cfg_path);
        goto out;
    }
    bool ding = !strcmp(p.source, "dingtalk");
    p.base = hr_config_str(cfg, ding ? "dingtalk/base_url" : "wecom/base_url",
                           ding ? "https://oapi.dingtalk.com" : "https://qyapi.weixin.qq.com");
    int tz = (int)hr_config_int(cfg, "time/tz_offset_min", HR_TZ_SHANGHAI_MIN, -720, 840);
    p.page_size = (int)hr_config_int(cfg, "dingtalk/page_size", 50, 1, 50);
    if (hr_config_error(cfg)) {
        fprintf(stderr, "hrctl pull: %s\n", hr_config_error(cfg));
        goto out;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl = curl_easy_init();
    p.pages = json_array();
    if (s_token(curl, &p, cfg, why, sizeof why) ||
        (ding ? s_pull_dingtalk(curl, &p, why, sizeof why)
              : s_pull_wecom(curl, &p, tz, why, sizeof why))) {
        fprintf(stderr, "hrctl pull %s: %s\n", p.source, why);
        goto out;
    }
    text = json_dumps(p.pages, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (!text) {
        fprintf(stderr, "hrctl pull: analytics: %s\n", err ? err : "no endpoint");
        goto out;
    }
    zmsg_t *frames = zmsg_new();
    zmsg_addmem(frames, text, strlen(text));
    Hr__Analytics__ImportFeedRequest req = HR__ANALYTICS__IMPORT_FEED_REQUEST__INIT;
    req.kind = HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE;
    req.format = (char *)p.source;
    req.file_name = hr_arena_fmt(arena, "%s-pull-%s..%s.json", p.source, from, to);
    req.size = strlen(text);
    void *reply = NULL;
    hr_rc_t rc =
        ctl_an_call("hrctl pull", "import", dir_arg, NULL, "analytics.ImportFeed", &req.base,
                    &hr__analytics__import_feed_reply__descriptor, 600000, frames, arena, &reply);
    zmsg_destroy(&frames);
    if (rc)
        goto out;
    const Hr__Analytics__ImportFeedReply *r = reply;
    if (json)
        printf("{\"calls\": %u, \"pages\": %zu, \"file_id\": \"%s\", \"already_imported\": %s, "
               "\"records\": %u, \"accepted\": %u, \"duplicates\": %u, \"quarantined\": %u, "
               "\"skipped\": %u, \"unmatched_pins\": %u}\n",
               p.calls + 1, json_array_size(p.pages), r->file_id,
               r->already_imported ? "true" : "false", r->lines, r->accepted, r->duplicates,
               r->quarantined, r->skipped, r->unmatched_pins);
    else
        printf("%s: %u calls, %zu pages -> file %u (%s): records %u, accepted %u, duplicates %u, "
               "quarantined %u, passed over %u, unmatched PINs %u\n",
               p.source, p.calls + 1, json_array_size(p.pages), r->file_no, r->file_id, r->lines,
               r->accepted, r->duplicates, r->quarantined, r->skipped, r->unmatched_pins);
    exit_code = CTL_EXIT_OK;
out:
    free(text);
    json_decref(p.pages);
    hr_free(p.token);
    if (curl) {
        curl_easy_cleanup(curl);
        curl_global_cleanup();
    }
    hr_arena_destroy(&arena);
    hr_config_destroy(&cfg);
    hr_free(err);
    hr_free(cfg_path);
    hr_free(dir);
    hr_free(ulist);
    return exit_code;
}
