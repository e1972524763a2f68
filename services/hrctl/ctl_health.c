/*  ctl_health - `hrctl health [--json] [--config-dir DIR] [--timeout-ms N]`.
 *
 *  Asks every daemon for sys.Status at once (one DEALER each, one poll), so six daemons that
 *  are down cost one timeout, not six. Exit 0 only when all six answered.
 */
#include "ctl.h"
#include "hr.h"

#include <jansson.h>
#include <string.h>

#define CTL_HEALTH_TIMEOUT_MS 1500
#define CTL_MAX_SERVICES 8
#define CTL_HEALTH_YEARS_MAX 8 // missing years a daemon reports (workflow: 60 days, at most 2)

typedef struct {
    const char *name;             // borrowed: from ctl_services
    char *endpoint;               // owned, NULL when the config could not be read
    char *problem;                // owned: why it is down, NULL when up
    hr_client_t *client;          // owned
    char msg_id[HR_ID_LEN + 1];   // of the Status request sent
    Hr__Sys__StatusReply *status; // arena: the reply, NULL until answered
} s_row_t;

static void s_send_all(s_row_t *rows, size_t n, hr_clock_t *clock, hr_arena_t *arena,
                       int timeout_ms)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].endpoint)
            continue;
        char *err = NULL;
        rows[i].client = hr_client_new(rows[i].endpoint, clock, &err);
        if (!rows[i].client) {
            rows[i].problem = err;
            continue;
        }
        int64_t now_ms = hr_clock_now_ms(clock);
        hr_id_make(now_ms, rows[i].msg_id);
        Hr__Envelope env = HR__ENVELOPE__INIT;
        Hr__Actor actor = HR__ACTOR__INIT;
        char *roles[] = {"operator"};
        actor.user_id = "operator";
        actor.n_roles = 1;
        actor.roles = roles;
        env.msg_id = rows[i].msg_id;
        env.type = "sys.Status";
        env.attempt = 1;
        env.sent_at_ms = now_ms;
        env.deadline_ms = now_ms + timeout_ms;
        env.actor = &actor;
        env.body = hr_envelope_pack_body(arena, &req.base);
        if (hr_client_send(rows[i].client, &env, NULL))
            rows[i].problem = hr_strdup("cannot send");
    }
}

static void s_collect(s_row_t *rows, size_t n, hr_clock_t *clock, hr_arena_t *arena, int timeout_ms)
{
    zpoller_t *poller = zpoller_new(NULL);
    size_t waiting = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].client && !rows[i].problem) {
            zpoller_add(poller, hr_client_socket(rows[i].client));
            waiting++;
        }
    int64_t until = hr_clock_mono_ms(clock) + timeout_ms;
    while (waiting) {
        int64_t left = until - hr_clock_mono_ms(clock);
        if (left <= 0)
            break;
        void *which = zpoller_wait(poller, (int)left);
        if (!which)
            break;
        for (size_t i = 0; i < n; i++) {
            if (!rows[i].client || hr_client_socket(rows[i].client) != which)
                continue;
            Hr__Envelope *env = NULL;
            zmsg_t *frames = NULL;
            if (hr_client_recv(rows[i].client, arena, &env, &frames) == HR_OK &&
                !strcmp(env->correlation_id, rows[i].msg_id) && !rows[i].status) {
                if (env->status && env->status->code)
                    rows[i].problem = hr_strfmt("status %s: %s", hr_rc_name(env->status->code),
                                                env->status->message);
                else
                    rows[i].status = (Hr__Sys__StatusReply *)protobuf_c_message_unpack(
                        &hr__sys__status_reply__descriptor, hr_arena_pb_allocator(arena),
                        env->body.len, env->body.data);
                if (!rows[i].status && !rows[i].problem)
                    rows[i].problem = hr_strdup("reply does not decode");
                waiting--;
            }
            zmsg_destroy(&frames);
        }
    }
    zpoller_destroy(&poller);
    for (size_t i = 0; i < n; i++)
        if (!rows[i].status && !rows[i].problem)
            rows[i].problem = hr_strfmt("no reply within %d ms", timeout_ms);
}

static void s_human_bytes(uint64_t bytes, char *buf, size_t len)
{
    if (bytes >= 1024 * 1024)
        snprintf(buf, len, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
    else
        snprintf(buf, len, "%llu KiB", (unsigned long long)(bytes / 1024));
}

static void s_human_uptime(int64_t ms, char *buf, size_t len)
{
    int64_t s = ms / 1000;
    if (s >= 86400)
        snprintf(buf, len, "%lldd%02lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
    else if (s >= 3600)
        snprintf(buf, len, "%lldh%02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else
        snprintf(buf, len, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
}

// The value of the first `key=value` extra line whose key is key (with its '='), else NULL.
static const char *s_extra(char *const *extra, size_t n_extra, const char *key)
{
    size_t len = strlen(key);
    for (size_t k = 0; k < n_extra; k++)
        if (!strncmp(extra[k], key, len))
            return extra[k] + len;
    return NULL;
}

// years[0..n) joined as words, "A", "A and B", "A, B and C", each as "2027" or, as_lines, as
// "`year 2027`"; zh: joined by 、 ("2027、2028"); into buf (size bytes); returns buf.
static char *s_year_words(const int *years, size_t n, bool as_lines, bool zh, char *buf,
                          size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : zh ? "、" : i + 1 == n ? " and " : ", ";
        int w = snprintf(buf + used, size - used, "%s%s%d%s", sep, as_lines ? "`year " : "",
                         years[i], as_lines ? "`" : "");
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

// The calendar's line of a daemon that reads it at start-up (workflow, analytics): from
// calendar_file= (the file read, "" when none) and calendar_missing_years= (2027 or
// 2027,2028), which file lacks which years, what a year's notice brings to it, and that the
// daemon must be restarted to read it. Nothing when no year is missing.
static void s_calendar_line(const char *name, char *const *extra, size_t n_extra)
{
    const char *list = s_extra(extra, n_extra, "calendar_missing_years=");
    if (!list)
        return;
    const char *file = s_extra(extra, n_extra, "calendar_file=");
    int years[CTL_HEALTH_YEARS_MAX];
    size_t ny = 0;
    for (const char *p = list; *p && ny < CTL_HEALTH_YEARS_MAX;) {
        char year[8];
        size_t len = strcspn(p, ",");
        int64_t y = 0;
        snprintf(year, sizeof year, "%.*s", (int)(len < sizeof year ? len : sizeof year - 1), p);
        if (hr_parse_i64(year, 0, INT32_MAX, &y))
            years[ny++] = (int)y;
        p += len + (p[len] == ',');
    }
    if (!ny)
        return;
    char words[CTL_HEALTH_YEARS_MAX * 16], lines[CTL_HEALTH_YEARS_MAX * 24];
    char words_zh[CTL_HEALTH_YEARS_MAX * 16], lines_zh[CTL_HEALTH_YEARS_MAX * 24];
    s_year_words(years, ny, false, false, words, sizeof words);
    s_year_words(years, ny, true, false, lines, sizeof lines);
    s_year_words(years, ny, false, true, words_zh, sizeof words_zh);
    s_year_words(years, ny, true, true, lines_zh, sizeof lines_zh);
    bool analytics = !strcmp(name, "analytics");
    if (!file || !*file) {
        // The settings in use (the daemon's --config, etc/hr/ or /etc/hr), never the shipped
        // deploy/config a company's start copied them from; a daemon before config_file= says
        // no path, and the hint names its config file in words.
        const char *cfg = s_extra(extra, n_extra, "config_file=");
        char *dir = cfg && *cfg ? hr_strdup(cfg) : NULL;
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash)
            *slash = '\0';
        const char *where = cfg && *cfg ? cfg : "its config file";
        const char *where_zh = cfg && *cfg ? cfg : "其配置文件";
        char *cal = hr_strfmt("%s/calendar.txt", slash ? dir : ".");
        printf("%s: no company calendar file (calendar/file): %s counts weekends alone and "
               "every public holiday as a working day; set calendar/file to the company calendar "
               "in %s (%s: each year's State Council notice, its holiday and workday lines, then "
               "`year YYYY`) and restart hr-%s: it reads the calendar only at start-up / "
               "未配置公司日历（calendar/file）：%s只把周末当作休息日，法定节假日按工作日"
               "计算；请在 %s 中设置公司日历（如 %s）并重启 hr-%s\n",
               name, analytics ? "attendance" : "a deadline", where, cal, name,
               analytics ? "考勤" : "期限计算", where_zh, cal, name);
        hr_free(cal);
        hr_free(dir);
        return;
    }
    printf(
        "%s: the calendar %s does not cover %s (no `year` line: the State Council's holiday "
        "notice is not in the file): %s there takes weekends and the statutory holidays it "
        "lists as the only days off, not the notice's bridge days off or adjusted working "
        "days. When the notice is out, add its holiday and workday lines (YYYY-MM-DD "
        "holiday|workday), then %s, to that file, and restart hr-%s: it reads the calendar "
        "only at start-up / 日历 %s 未涵盖 %s 年（缺少 year 行：尚未录入国务院当年的放假安排）：%s"
        "只按周末和其中所列的法定节假日计算，不含调休放假和调休上班。通知发布后，请把放假和"
        "调休上班各行（YYYY-MM-DD holiday|workday）及 %s 加入该文件，并重启 "
        "hr-%s：日历只在启动时读取\n",
        name, file, words, analytics ? "attendance" : "a deadline", lines, name, file, words_zh,
        analytics ? "考勤" : "期限", lines_zh, name);
}

// The value of st's extra line "PREFIXvalue" (prefix ends in '='), or NULL: st NULL or none.
static const char *s_extra_value(const Hr__Sys__StatusReply *st, const char *prefix)
{
    size_t len = strlen(prefix);
    for (size_t k = 0; st && k < st->n_extra; k++)
        if (!strncmp(st->extra[k], prefix, len))
            return st->extra[k] + len;
    return NULL;
}

// One branch_missing= line of hr-workflow's status (services/workflow/README.md, "Branches in
// other cities"): "CD local_average_monthly_wage_2025=none local_minimum_monthly_wage=none
// has_union=unset union_name=unset", split into the code and up to CTL_BRANCH_LACKS_MAX
// key=value items (arena).
#define CTL_BRANCH_LACKS_MAX 8
typedef struct {
    const char *code;                        // the branch code
    const char *key[CTL_BRANCH_LACKS_MAX];   // under branch/CODE/
    const char *value[CTL_BRANCH_LACKS_MAX]; // the newest year, none, unset
    size_t n;                                // items used
} s_branch_lacks_t;

static void s_branch_lacks(const char *line, hr_arena_t *arena, s_branch_lacks_t *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strcspn(line, " ");
    out->code = hr_arena_strndup(arena, line, len);
    for (const char *p = line + len; *p && out->n < CTL_BRANCH_LACKS_MAX;) {
        p += strspn(p, " ");
        size_t item = strcspn(p, " ");
        if (!item)
            break;
        char *kv = hr_arena_strndup(arena, p, item);
        char *eq = strchr(kv, '=');
        if (eq)
            *eq = '\0';
        out->key[out->n] = kv;
        out->value[out->n++] = eq ? eq + 1 : "";
        p += item;
    }
}

// What hrctl health says of a branch's missing key (the key under branch/CODE/, the status's
// value for it): what its absence does to its people's reviews (static or arena).
static const char *s_branch_lack_words(const char *key, const char *value, hr_arena_t *arena)
{
    if (!strncmp(key, "local_average_monthly_wage_", 27) && strcmp(value, "none"))
        return hr_arena_fmt(arena,
                            "the newest it has is %s's: a capped assessment of a contract ending "
                            "this year takes that and says LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED",
                            value);
    if (!strncmp(key, "local_average_monthly_wage_", 27))
        return "none at all: the Art. 47 cap is not applied to its people and their assessments "
               "say LOCAL_AVERAGE_WAGE_NOT_CONFIGURED";
    if (!strcmp(key, "local_minimum_monthly_wage"))
        return "Reg. Art. 27's floor is not applied to its people: their assessments say "
               "MINIMUM_WAGE_NOT_CONFIGURED";
    if (!strcmp(key, "has_union"))
        return "unset, and the head office declares no union (law/has_union false): its people "
               "count as having none; say whether the branch has a union of its own (LCL 43)";
    if (!strcmp(key, "union_name"))
        return "its own union has no name (nor the branch): the union's letter goes to the "
               "company's union";
    return value;
}

// Each branch hr-workflow says lacks a figure or a union setting its people's reviews need,
// named with each key and what its absence does: the head office's is never used in its place.
static void s_branch_lines(const char *name, const Hr__Sys__StatusReply *st, hr_arena_t *arena)
{
    for (size_t k = 0; st && k < st->n_extra; k++) {
        if (strncmp(st->extra[k], "branch_missing=", 15))
            continue;
        s_branch_lacks_t b;
        s_branch_lacks(st->extra[k] + 15, arena, &b);
        char *keys = hr_arena_strdup(arena, "");
        char *words = hr_arena_strdup(arena, "");
        for (size_t i = 0; i < b.n; i++) {
            keys = hr_arena_fmt(arena, "%s%sbranch/%s/%s", keys, i ? "、" : "", b.code, b.key[i]);
            words = hr_arena_fmt(arena, "%s%sbranch/%s/%s (%s)", words, i ? "; " : "", b.code,
                                 b.key[i], s_branch_lack_words(b.key[i], b.value[i], arena));
        }
        // The file the daemon was started with (etc/hr/workflow.cfg, /etc/hr/...); a daemon
        // before config_file= is named by the file's name alone.
        const char *cfg = s_extra_value(st, "config_file=");
        if (!cfg || !*cfg)
            cfg = "workflow.cfg";
        printf("%s: 分支机构 %s 缺少审查所需的配置：%s（不会以总部的数据代替；请在 %s 的 "
               "branch/%s 中补充后重启 hr-workflow） / branch %s lacks what its people's reviews "
               "need: %s; the head office's figures are never used in their place: set them in "
               "the branch/%s section of %s and restart hr-workflow (it reads its config only "
               "at start-up)\n",
               name, b.code, keys, cfg, b.code, b.code, words, b.code, cfg);
    }
}

// One union_nobody= line of hr-workflow's status (services/workflow/README.md, "The union is
// told"): "law/has_union branches=CD,WH" (the head office's union, with the declared branches
// that leave has_union unset and so share it) or "branch/BJ/has_union" (a branch's own union),
// split (arena).
typedef struct {
    const char *key;    // the has_union key that declares the union
    const char *branch; // the branch whose own union it is, NULL for the head office's
    const char *shared; // "CD,WH": the branches sharing the head office's union, "" none
} s_union_nobody_t;

static void s_union_nobody(const char *line, hr_arena_t *arena, s_union_nobody_t *out)
{
    size_t len = strcspn(line, " ");
    out->key = hr_arena_strndup(arena, line, len);
    out->branch = NULL;
    out->shared = "";
    const char *tail = "/has_union";
    size_t klen = strlen(out->key), tlen = strlen(tail);
    if (!strncmp(out->key, "branch/", 7) && klen > 7 + tlen &&
        !strcmp(out->key + klen - tlen, tail))
        out->branch = hr_arena_strndup(arena, out->key + 7, klen - 7 - tlen);
    const char *shared = strstr(line + len, " branches=");
    if (shared)
        out->shared = hr_arena_strndup(arena, shared + 10, strcspn(shared + 10, " "));
}

// Each union hr-workflow says has nobody to receive its notices (LCL 43), named by its key and
// the branches it stands for: a rescission's reasons reach nobody there.
static void s_union_nobody_lines(const char *name, const Hr__Sys__StatusReply *st,
                                 hr_arena_t *arena)
{
    for (size_t k = 0; st && k < st->n_extra; k++) {
        if (strncmp(st->extra[k], "union_nobody=", 13))
            continue;
        s_union_nobody_t u;
        s_union_nobody(st->extra[k] + 13, arena, &u);
        if (u.branch) {
            printf("%s: branch %s's own union (%s) has nobody active with role union and an "
                   "email or a mobile in the directory: a rescission's reasons reach no union for "
                   "its people (LCL 43); import that union's chair or contact with role union, in "
                   "a department of branch %s or with branch %s in people.csv / 分支机构 %s 的工会"
                   "（%s）在人员名册中没有工会人员（角色 union），系统无法通知该工会，请导入该分支"
                   "机构的工会主席或工会联系人\n",
                   name, u.branch, u.key, u.branch, u.branch, u.branch, u.key);
            continue;
        }
        char *shared_zh = hr_arena_strdup(arena, ""), *shared_en = hr_arena_strdup(arena, "");
        for (const char *p = u.shared; *p;) {
            size_t len = strcspn(p, ",");
            shared_zh =
                hr_arena_fmt(arena, "%s%s%.*s", shared_zh, *shared_zh ? "、" : "", (int)len, p);
            shared_en =
                hr_arena_fmt(arena, "%s%s%.*s", shared_en, *shared_en ? ", " : "", (int)len, p);
            p += len + (p[len] == ',');
        }
        printf("%s: the head office's union (%s) has nobody active with role union and an email "
               "or a mobile in the directory: a rescission's reasons reach no union for the head "
               "office's people%s%s%s (LCL 43); import the union chair or the union committee's "
               "contact with role union, in a head office department / 总部工会（%s%s%s）在人员"
               "名册中没有工会人员（角色 union），系统无法通知工会，请在总部的部门导入工会主席或"
               "工会联系人\n",
               name, u.key, *u.shared ? " nor for branches " : "", shared_en,
               *u.shared ? " (has_union unset: the head office's union stands for them)" : "",
               u.key, *u.shared ? "，也代表分支机构 " : "", shared_zh);
    }
}

static void s_print_table(const s_row_t *rows, size_t n, const char *config_dir, hr_arena_t *arena)
{
    printf("%-10s %-34s %-5s %-8s %-9s %-10s %-7s %s\n", "DAEMON", "ENDPOINT", "STATE", "VERSION",
           "UPTIME", "STORE", "OUTBOX", "LAST EVENT");
    for (size_t i = 0; i < n; i++) {
        const s_row_t *r = &rows[i];
        const char *ep = r->endpoint ? r->endpoint : "-";
        if (!r->status) {
            printf("%-10s %-34s %-5s %s\n", r->name, ep, "down", r->problem ? r->problem : "");
            continue;
        }
        char up[32], size[32], age[32] = "", outbox[64];
        s_human_uptime(r->status->uptime_ms, up, sizeof up);
        s_human_bytes(r->status->store_size_bytes, size, sizeof size);
        // A backlog says more with its age: commands waiting long mean a receiver is away.
        if (r->status->outbox_depth && r->status->outbox_oldest_ms)
            s_human_uptime(r->status->now_ms - r->status->outbox_oldest_ms, age, sizeof age);
        snprintf(outbox, sizeof outbox, "%llu%s%s%s", (unsigned long long)r->status->outbox_depth,
                 *age ? " (" : "", age, *age ? ")" : "");
        printf("%-10s %-34s %-5s %-8s %-9s %-10s %-7s %llu\n", r->name, ep, "up",
               r->status->version, up, size, outbox, (unsigned long long)r->status->last_event_seq);
    }
    // Requests answered when their work in the background ends (a backup, a verify), and how
    // far a verify got: an operator waiting for one sees it move.
    for (size_t i = 0; i < n; i++) {
        const Hr__Sys__StatusReply *st = rows[i].status;
        if (!st || !st->waiting)
            continue;
        printf(
            "%s: %llu request%s waiting for work in the background / %llu 个请求等待后台工作完成\n",
            rows[i].name, (unsigned long long)st->waiting, st->waiting == 1 ? "" : "s",
            (unsigned long long)st->waiting);
        for (size_t k = 0; k < st->n_extra; k++)
            if (!strncmp(st->extra[k], "verify_running=", 15))
                printf("  %s\n", st->extra[k]);
    }
    // Sending held (hrctl notify hold, or a restore): what waits, and what to do.
    for (size_t i = 0; i < n; i++)
        if (rows[i].status && !strcmp(rows[i].name, "notify"))
            ctl_notify_held_line(stdout, rows[i].status->extra, rows[i].status->n_extra,
                                 config_dir);
    // Years the company calendar lacks: deadlines (workflow) or attendance (analytics) there
    // know only weekends and the statutory holidays, not the notice's days.
    for (size_t i = 0; i < n; i++)
        if (rows[i].status)
            s_calendar_line(rows[i].name, rows[i].status->extra, rows[i].status->n_extra);
    // The HR head, the legal reviewer or the escalation contact config names that the directory
    // cannot give (roles_warning: hr-workflow's choice in doubt, services/workflow/README.md).
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "roles_warning=");
        if (v)
            printf("%s: roles in doubt: %s / 角色配置存疑（人员名册无法确认）\n", rows[i].name, v);
    }
    // Employees' own reports of a protected status that wait for HR (hr-workflow's README,
    // "Reporting a protected status"): LCL 42 may bar a dismissal HR is preparing.
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "status_reports_pending=");
        if (v)
            printf("%s: 员工报告的特殊保护状态%s项待 HR 处理：hrctl person reports --pending\n"
                   "%s: %s protected-status reports by employees wait for HR: hrctl person "
                   "reports --pending\n",
                   rows[i].name, v, rows[i].name, v);
    }
    // The analytics retention sweep (services/analytics/README.md "Retention"): when it last
    // ran, what it erased and kept for a case, or that it failed - said when there is any.
    for (size_t i = 0; i < n; i++) {
        const Hr__Sys__StatusReply *st = rows[i].status;
        const char *last = s_extra_value(st, "retention_last_ms=");
        const char *erased = s_extra_value(st, "retention_last_erased=");
        const char *files = s_extra_value(st, "retention_last_files=");
        const char *held = s_extra_value(st, "retention_last_held=");
        const char *rc = s_extra_value(st, "retention_last_rc=");
        const char *why = s_extra_value(st, "retention_last_why=");
        if (!last || !erased || !held || !rc)
            continue;
        bool failed = strcmp(rc, "ok") != 0;
        if (!strcmp(erased, "0") && !strcmp(held, "0") && !failed)
            continue;
        int64_t ms = 0;
        char iso[HR_TIME_ISO_LEN] = "?";
        if (hr_parse_i64(last, 0, INT64_MAX, &ms))
            hr_time_iso(ms, iso);
        if (failed)
            printf("%s: retention sweep at %s failed (%s%s%s): nothing erased, it tries again "
                   "within an hour / 保留期清理失败：未删除任何数据，一小时内重试\n",
                   rows[i].name, iso, rc, why ? ": " : "", why ? why : "");
        else
            printf("%s: retention sweep at %s erased %s import%s%s%s%s, kept %s past retention "
                   "for a case (retention/feed_days %s) / 保留期清理已删除过期导入数据，案件所需的"
                   "予以保留\n",
                   rows[i].name, iso, erased, strcmp(erased, "1") ? "s" : "",
                   files && *files ? " (" : "", files && *files ? files : "",
                   files && *files ? ")" : "", held,
                   s_extra_value(st, "retention_feed_days=")
                       ? s_extra_value(st, "retention_feed_days=")
                       : "?");
    }
    // No local minimum wage: Reg. Art. 27's floor of the wage base is not applied.
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "minimum_wage_missing=");
        if (v)
            printf("%s: no local minimum monthly wage (%s): severance, notice pay and "
                   "compensation are not raised to it (Reg. Art. 27) and every assessment "
                   "says MINIMUM_WAGE_NOT_CONFIGURED; set the figure your city publishes / "
                   "未配置当地最低月工资标准（%s）：经济补偿、代通知金和赔偿金不按其提高（实施条例"
                   "第二十七条），请填写本市公布的数额\n",
                   rows[i].name, v, v);
    }
    // No union declared (law/has_union false or unset): LCL 43's notice goes nowhere but to the
    // local federation, and no letter names a union - right only if the company has none.
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "no_union=");
        if (v)
            printf("%s: the company declares no union (%s false or unset): rescissions are "
                   "reviewed without a union's notice (LCL 43; the review advises the local "
                   "federation of trade unions) and letters say 本单位未建立工会; set it true "
                   "if the company has a union / 公司未声明设有工会，如有工会请设为 true\n",
                   rows[i].name, v);
    }
    // Each union (the head office's, a branch's own) with nobody in the directory to tell.
    for (size_t i = 0; i < n; i++)
        s_union_nobody_lines(rows[i].name, rows[i].status, arena);
    // Cases awaiting payment (an outcome fixing money, not all paid) and nobody active with role
    // payroll or hr to record it (LCL 50, 85: severance unpaid costs up to 100% more).
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "payment_nobody=");
        if (v)
            printf("%s: %s case(s) await payment (severance or notice pay fixed by the outcome, "
                   "not all paid) and the directory holds nobody active with role payroll or hr "
                   "to pay and record it; import the payroll office with role payroll / %s "
                   "个案件待付款，但人员名册中没有在职的薪资人员（角色 payroll）或 HR，无人登记"
                   "付款，请导入薪资人员\n",
                   rows[i].name, v, v);
    }
    // Employees whose case ended and whom the system cannot tell (no email, no mobile) of the
    // ending, their payments or their transfer.
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "employee_nobody=");
        if (v)
            printf(
                "%s: nobody can tell %s: the directory holds neither an email nor a mobile, "
                "and their case still has the ending, a payment or the transfer to tell them; "
                "HR tells them in writing, or imports their mobile or email / 以下员工在人员名册"
                "中没有邮箱和手机号，系统无法告知其劳动合同的结束、款项支付或档案和社保转移：%s；"
                "请 HR 书面告知本人，或导入其手机号或邮箱\n",
                rows[i].name, v, v);
    }
    // Cases awaiting payment and the payroll office the directory names reaches nobody: each
    // person with role payroll left or has neither email nor mobile, so payment_due and
    // payment_changed (what is owed changed) are sent to no one.
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "payroll_unreached=");
        if (v)
            printf("%s: %s case(s) await payment and nobody with role payroll can be told of it "
                   "(each left, or has neither email nor mobile): payment due and payment changed "
                   "notices reach no one; import the payroll office with an email or mobile / %s "
                   "个案件待付款，但没有可接收通知的薪资人员（角色 payroll "
                   "均已离职或没有邮箱和手机），"
                   "付款及付款变更通知无人接收，请在人员名册中为薪资人员填写邮箱或手机\n",
                   rows[i].name, v, v);
    }
    // The local average monthly wage behind the times: Art. 47's cap for a contract ending this
    // year takes last year's figure (newest/wanted: a year, "undated" or "none"; wanted a year).
    for (size_t i = 0; i < n; i++) {
        const char *newest = s_extra_value(rows[i].status, "local_average_wage_outdated=");
        if (newest) {
            const char *slash = strchr(newest, '/');
            const char *wanted = slash ? slash + 1 : "?";
            int len = slash ? (int)(slash - newest) : (int)strlen(newest);
            if (!strncmp(newest, "none", 4))
                printf("%s: no local average monthly wage configured: the Art. 47 cap is not "
                       "applied and every assessment says LOCAL_AVERAGE_WAGE_NOT_CONFIGURED; set "
                       "law/local_average_monthly_wage_%s, the figure your city published for %s "
                       "(until it does: the latest published year's, under that year's key) / "
                       "未配置当地职工月平均工资：不适用第四十七条的封顶；请设置 "
                       "law/local_average_monthly_wage_%s（本市公布的 %s 年度数额；公布前用最近"
                       "公布年度的数额，以该年度为键名）\n",
                       rows[i].name, wanted, wanted, wanted, wanted);
            else if (!strncmp(newest, "undated", 7))
                printf(
                    "%s: the local average monthly wage (law/local_average_monthly_wage) names "
                    "no year: give it in law/local_average_wage_year or rename the key "
                    "law/local_average_monthly_wage_YEAR; a contract ending this year takes "
                    "%s's figure (LCL Art. 47), and a capped assessment says "
                    "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED / 当地职工月平均工资未注明年度：请在 "
                    "law/local_average_wage_year 中注明，或将键名改为 "
                    "law/local_average_monthly_wage_YEAR；本年终止的合同应取 %s 年度的数额"
                    "（第四十七条）\n",
                    rows[i].name, wanted, wanted);
            else
                printf(
                    "%s: the newest local average monthly wage configured is %.*s's; a "
                    "contract ending this year takes %s's (LCL Art. 47): set "
                    "law/local_average_monthly_wage_%s once the city publishes it (usually "
                    "mid-year; until then the latest published); meanwhile a capped "
                    "assessment says LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED / 已配置的当地职工月"
                    "平均工资最新为 %.*s 年度；本年终止的合同应取 %s 年度的数额（第四十七条）：本市"
                    "公布后请设置 law/local_average_monthly_wage_%s（通常在年中公布，公布前按最近"
                    "公布的数额）\n",
                    rows[i].name, len, newest, wanted, wanted, len, newest, wanted, wanted);
        }
    }
    // law/local_average_monthly_wage (the key of before, no year) taken as the year that
    // law/local_average_wage_year or its source's text names: the key and the year, said.
    for (size_t i = 0; i < n; i++) {
        const char *v = s_extra_value(rows[i].status, "local_average_wage_undated_key=");
        const char *colon = v ? strrchr(v, ':') : NULL;
        if (!colon)
            continue;
        printf("%s: %.*s (the key of before: no year in its name) is read as %s's figure, the "
               "year law/local_average_wage_year or the text of law/local_average_wage_source "
               "names; if that is not the year the figure is for, fix it. To say it plainly, "
               "rename the key law/local_average_monthly_wage_%s (and the source "
               "law/local_average_wage_source_%s) / 旧键名无年度，已按说明文字视为 %s 年的数额\n",
               rows[i].name, (int)(colon - v), v, colon + 1, colon + 1, colon + 1, colon + 1);
    }
    // A branch's figures and union settings its people's reviews lack (workflow.cfg branch/CODE).
    for (size_t i = 0; i < n; i++)
        s_branch_lines(rows[i].name, rows[i].status, arena);
}

// The branches a daemon's status says lack something (branch_missing=), as JSON: [{"branch":
// "CD", "lacks": ["branch/CD/local_minimum_monthly_wage", ...], "local_average_newest": 2024}]
// (local_average_newest only with a missing year's figure and an older one there).
static json_t *s_branches_json(const Hr__Sys__StatusReply *s, hr_arena_t *arena)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < s->n_extra; k++) {
        if (strncmp(s->extra[k], "branch_missing=", 15))
            continue;
        s_branch_lacks_t b;
        s_branch_lacks(s->extra[k] + 15, arena, &b);
        json_t *o = json_object();
        json_t *lacks = json_array();
        json_object_set_new(o, "branch", ctl_json_str(b.code));
        for (size_t i = 0; i < b.n; i++) {
            json_array_append_new(
                lacks, ctl_json_str(hr_arena_fmt(arena, "branch/%s/%s", b.code, b.key[i])));
            int64_t year = 0;
            if (!strncmp(b.key[i], "local_average_monthly_wage_", 27) &&
                hr_parse_i64(b.value[i], 1, INT32_MAX, &year))
                json_object_set_new(o, "local_average_newest", json_integer(year));
        }
        json_object_set_new(o, "lacks", lacks);
        json_array_append_new(arr, o);
    }
    return arr;
}

// The unions a daemon's status says have nobody to receive their notices (union_nobody=), as
// JSON: [{"has_union": "law/has_union", "branch": null, "branches": ["CD"]}, {"has_union":
// "branch/BJ/has_union", "branch": "BJ", "branches": ["BJ"]}] - branches: every declared branch
// whose people's notices reach nobody (the head office's own people besides, branch null).
static json_t *s_union_nobody_json(const Hr__Sys__StatusReply *s, hr_arena_t *arena)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < s->n_extra; k++) {
        if (strncmp(s->extra[k], "union_nobody=", 13))
            continue;
        s_union_nobody_t u;
        s_union_nobody(s->extra[k] + 13, arena, &u);
        json_t *o = json_object();
        json_t *branches = json_array();
        json_object_set_new(o, "has_union", ctl_json_str(u.key));
        json_object_set_new(o, "branch", u.branch ? ctl_json_str(u.branch) : json_null());
        if (u.branch)
            json_array_append_new(branches, ctl_json_str(u.branch));
        for (const char *p = u.shared; *p;) {
            size_t len = strcspn(p, ",");
            if (len)
                json_array_append_new(branches, ctl_json_str(hr_arena_strndup(arena, p, len)));
            p += len + (p[len] == ',');
        }
        json_object_set_new(o, "branches", branches);
        json_array_append_new(arr, o);
    }
    return arr;
}

static void s_print_json(const s_row_t *rows, size_t n, hr_arena_t *arena)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const s_row_t *r = &rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", ctl_json_str(r->name));
        json_object_set_new(o, "endpoint", r->endpoint ? ctl_json_str(r->endpoint) : json_null());
        json_object_set_new(o, "up", json_boolean(r->status != NULL));
        if (r->status) {
            const Hr__Sys__StatusReply *s = r->status;
            json_object_set_new(o, "version", ctl_json_str(s->version));
            json_object_set_new(o, "pid", json_integer(s->pid));
            json_object_set_new(o, "uptime_ms", json_integer(s->uptime_ms));
            json_object_set_new(o, "now_ms", json_integer(s->now_ms));
            json_object_set_new(o, "clock_offset_ms", json_integer(s->clock_offset_ms));
            json_object_set_new(o, "store_size_bytes",
                                json_integer((json_int_t)s->store_size_bytes));
            json_object_set_new(o, "outbox_depth", json_integer((json_int_t)s->outbox_depth));
            json_object_set_new(o, "outbox_oldest_ms", json_integer(s->outbox_oldest_ms));
            json_object_set_new(o, "last_event_seq", json_integer((json_int_t)s->last_event_seq));
            json_object_set_new(o, "dedupe_size", json_integer((json_int_t)s->dedupe_size));
            json_object_set_new(o, "requests", json_integer((json_int_t)s->requests));
            json_object_set_new(o, "waiting", json_integer((json_int_t)s->waiting));
            json_object_set_new(o, "dropped", json_integer((json_int_t)s->dropped));
            json_t *extra = json_array();
            for (size_t k = 0; k < s->n_extra; k++)
                json_array_append_new(extra, ctl_json_str(s->extra[k]));
            json_object_set_new(o, "extra", extra);
            // hr-workflow's branches that lack a figure or a union setting, each key named.
            json_t *branches = s_branches_json(s, arena);
            if (json_array_size(branches))
                json_object_set_new(o, "branches_missing", branches);
            else
                json_decref(branches);
            // hr-workflow's unions with nobody to receive their notices (LCL 43).
            json_t *unions = s_union_nobody_json(s, arena);
            if (json_array_size(unions))
                json_object_set_new(o, "union_nobody", unions);
            else
                json_decref(unions);
        } else {
            json_object_set_new(o, "error", ctl_json_str(r->problem ? r->problem : "down"));
        }
        json_array_append_new(arr, o);
    }
    char *text = json_dumps(arr, JSON_INDENT(2));
    printf("%s\n", text);
    free(text);
    json_decref(arr);
}

int ctl_health_main(int argc, char **argv)
{
    bool json = false;
    const char *dir_arg = NULL;
    int64_t timeout_ms = CTL_HEALTH_TIMEOUT_MS;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--timeout-ms") && i + 1 < argc) {
            if (!hr_parse_i64(argv[++i], 1, 60000, &timeout_ms)) {
                fprintf(stderr, "hrctl health: --timeout-ms: '%s' is not 1..60000\n", argv[i]);
                return CTL_EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "usage: hrctl health [--json] [--config-dir DIR] [--timeout-ms N]\n");
            return CTL_EXIT_USAGE;
        }
    }
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(dir_arg);
    s_row_t rows[CTL_MAX_SERVICES] = {0};
    size_t n = 0;
    for (; ctl_services[n]; n++) {
        rows[n].name = ctl_services[n];
        rows[n].endpoint = ctl_endpoint(dir, ctl_services[n], &rows[n].problem);
    }
    hr_clock_t *clock = hr_clock_system_new();
    hr_arena_t *arena = hr_arena_new(0);
    s_send_all(rows, n, clock, arena, (int)timeout_ms);
    s_collect(rows, n, clock, arena, (int)timeout_ms);
    if (json)
        s_print_json(rows, n, arena);
    else
        s_print_table(rows, n, dir_arg, arena);
    int up = 0;
    for (size_t i = 0; i < n; i++) {
        up += rows[i].status != NULL;
        hr_client_destroy(&rows[i].client);
        hr_free(rows[i].endpoint);
        hr_free(rows[i].problem);
    }
    hr_arena_destroy(&arena);
    hr_clock_destroy(&clock);
    hr_free(dir);
    if (!json)
        printf("%d of %zu daemons up\n", up, n);
    return up == (int)n ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}
