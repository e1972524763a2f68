/*  an_server - hr-analytics' service description: route table, dbs, config, start and stop.
 *
 *  One thread, one loop (hr_daemon): imports run inside the request's write transaction, so a
 *  file is stored whole or not at all and the reply leaves only after the commit. Callers are
 *  the operator and the people hr-workflow's directory makes hr (or legal, for reads): without
 *  a workflow peer only the operator (an_auth_check).
 *
 *  Config keys (README "config"):
 *      import/max_bytes        largest file accepted (default 64 MiB, at most 1 GiB)
 *      time/tz_offset_min      local time of punches without a zone (default 480, Asia/Shanghai)
 *      calendar/file           company calendar (default: none = Monday to Friday)
 *      schedule/start, /end    default working hours (default 09:00 and 18:00)
 *      rules/grace_min         late only after start + grace (default 0)
 *      rules/very_late_min     "more than N minutes late" (default 60)
 *      rules/early_grace_min   early only before end - grace (default 0)
 *      rules/repeat_punch_min  punches within N minutes of the one before are one (default 5)
 *      warnings/late_arrivals, /late_over_60, /absences, /kpi_below_percent   early warning
 *                              thresholds (4, 2, 2, 60; 0 turns one off)
 *      retention/feed_days     imports whose last day is more than this before today are
 *                              erased by the tick's sweep (default 1095; 0 = never)
 *      retention/case_keep_days  ... unless a person of theirs has a case open or closed less
 *                              than this ago (default 731, as hr-evidence's retention/default_days)
 */
#define _XOPEN_SOURCE 700 // realpath
#include "an.h"

#include <stdlib.h>

static const hr_route_t s_routes[] = {
    {"analytics.ImportFeed", &hr__analytics__import_feed_request__descriptor,
     &hr__analytics__import_feed_reply__descriptor, HR_ROUTE_WRITE, an_handle_import},
    {"analytics.GetFacts", &hr__analytics__get_facts_request__descriptor,
     &hr__analytics__get_facts_reply__descriptor, HR_ROUTE_READ, an_handle_facts},
    {"analytics.ListQuarantine", &hr__analytics__list_quarantine_request__descriptor,
     &hr__analytics__list_quarantine_reply__descriptor, HR_ROUTE_READ, an_handle_quarantine},
    {"analytics.GetMetrics", &hr__analytics__get_metrics_request__descriptor,
     &hr__analytics__get_metrics_reply__descriptor, HR_ROUTE_READ, an_handle_metrics},
    {"analytics.ListWarnings", &hr__analytics__list_warnings_request__descriptor,
     &hr__analytics__list_warnings_reply__descriptor, HR_ROUTE_READ, an_handle_warnings},
    {"analytics.WithdrawImport", &hr__analytics__withdraw_import_request__descriptor,
     &hr__analytics__withdraw_import_reply__descriptor, HR_ROUTE_WRITE, an_handle_withdraw},
    {"analytics.EraseImport", &hr__analytics__erase_import_request__descriptor,
     &hr__analytics__erase_import_reply__descriptor, HR_ROUTE_WRITE, an_handle_erase},
    {"analytics.ListImports", &hr__analytics__list_imports_request__descriptor,
     &hr__analytics__list_imports_reply__descriptor, HR_ROUTE_READ, an_handle_imports},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

// "HH:MM" -> minutes, false otherwise.
static bool s_hhmm(const char *s, int32_t *min)
{
    int32_t sec = 0;
    const char *why = NULL;
    if (!an_tod_parse(s, strlen(s), &sec, &why) || sec >= 86400)
        return false;
    *min = sec / 60;
    return true;
}

static hr_rc_t s_start(void *self_, hr_daemon_t *daemon)
{
    an_server_t *self = self_;
    hr_config_t *cfg = hr_daemon_config(daemon);
    self->daemon = daemon;
    self->import_max_bytes = hr_config_int(cfg, "import/max_bytes", AN_IMPORT_MAX_BYTES_DEFAULT, 1,
                                           AN_IMPORT_MAX_BYTES_LIMIT);
    self->qctx.tz_offset_min =
        (int)hr_config_int(cfg, "time/tz_offset_min", HR_TZ_SHANGHAI_MIN, -720, 840);
    self->qctx.rules.grace_min = (int)hr_config_int(cfg, "rules/grace_min", 0, 0, 240);
    self->qctx.rules.very_late_min = (int)hr_config_int(cfg, "rules/very_late_min", 60, 1, 1440);
    self->qctx.rules.early_grace_min = (int)hr_config_int(cfg, "rules/early_grace_min", 0, 0, 240);
    self->qctx.rules.repeat_punch_min = (int)hr_config_int(cfg, "rules/repeat_punch_min", 5, 0, 60);
    self->qctx.warn.late_arrivals = (int)hr_config_int(cfg, "warnings/late_arrivals", 4, 0, 366);
    self->qctx.warn.late_over_60 = (int)hr_config_int(cfg, "warnings/late_over_60", 2, 0, 366);
    self->qctx.warn.absences = (int)hr_config_int(cfg, "warnings/absences", 2, 0, 366);
    self->qctx.warn.kpi_below_percent =
        (int)hr_config_int(cfg, "warnings/kpi_below_percent", 60, 0, 1000);
    self->retention.tz_offset_min = self->qctx.tz_offset_min;
    self->retention.feed_days = (int32_t)hr_config_int(
        cfg, "retention/feed_days", AN_RETENTION_FEED_DAYS, 0, AN_RETENTION_DAYS_LIMIT);
    self->retention.case_keep_ms =
        hr_config_int(cfg, "retention/case_keep_days", AN_RETENTION_CASE_KEEP_DAYS, 0,
                      AN_RETENTION_DAYS_LIMIT) *
        (int64_t)HR_DAY_MS;
    const char *start = hr_config_str(cfg, "schedule/start", "09:00");
    const char *end = hr_config_str(cfg, "schedule/end", "18:00");
    if (!s_hhmm(start, &self->qctx.default_shift.start_min) ||
        !s_hhmm(end, &self->qctx.default_shift.end_min) ||
        self->qctx.default_shift.start_min == self->qctx.default_shift.end_min) {
        hr_error("config.invalid", "key=schedule/start,schedule/end start=%s end=%s", start, end);
        fprintf(stderr, "hr-analytics: schedule/start '%s', schedule/end '%s': HH:MM, different\n",
                start, end);
        return HR_EINVAL;
    }
    // The pull connectors run in hrctl (ctl_pull.c) and read these from this file; named here so
    // the daemon knows them (no unknown-key warning) and an operator sees them at start-up.
    hr_config_str(cfg, "dingtalk/base_url", "https://oapi.dingtalk.com");
    hr_config_str(cfg, "dingtalk/appkey", "");
    hr_config_str(cfg, "dingtalk/appsecret_file", "");
    hr_config_int(cfg, "dingtalk/page_size", 50, 1, 50);
    hr_config_str(cfg, "wecom/base_url", "https://qyapi.weixin.qq.com");
    hr_config_str(cfg, "wecom/corpid", "");
    hr_config_str(cfg, "wecom/corpsecret_file", "");
    const char *cal = hr_config_str(cfg, "calendar/file", "");
    if (hr_config_error(cfg))
        return HR_EINVAL; // hr_daemon names the file, the key and the range
    if (!*cal)
        hr_warn("calendar.missing", "calendar/file is not set: Monday to Friday only, public "
                                    "holidays count as working days (absences)");
    if (*cal) {
        char *err = NULL;
        self->calendar = hr_calendar_load(cal, &err);
        if (!self->calendar) {
            fprintf(stderr, "hr-analytics: calendar/file: %s\n", err ? err : cal);
            hr_free(err);
            return HR_EINVAL;
        }
        char *abs = realpath(cal, NULL);
        self->calendar_path = hr_strdup(abs ? abs : cal);
        free(abs); // from realpath
        int32_t today =
            hr_day_of_ms(hr_clock_now_ms(hr_daemon_clock(daemon)), self->qctx.tz_offset_min);
        int missing = hr_calendar_missing_year(self->calendar, today, 0);
        if (missing)
            hr_warn("calendar.year_missing",
                    "year=%d path=%s (no State Council notice in the file: its bridge days off "
                    "and adjusted working days are unknown - absences or not - until its holiday "
                    "and workday lines and `year YYYY` are added and the daemon restarted; hrctl "
                    "health says so too)",
                    missing, cal);
    }
    self->qctx.calendar = self->calendar;
    // The workflow's events, pulled with a durable cursor: the process metrics, and the roles its
    // people directory gives people (hr and legal count for a caller only as it gives them,
    // an_auth_check). Without a workflow peer in the config the daemon runs without both:
    // GetMetrics says so, and only the operator (hrctl) may call - nothing tells this service
    // who is hr, and a claim is no proof. A peer that is configured but cannot be followed
    // leaves it the same way (safe: nobody but the operator), with the reason logged.
    char *werr = NULL;
    self->workflow =
        hr_consumer_new_daemon(daemon, AN_WORKFLOW_SOURCE, an_events_apply, self, &werr);
    if (!self->workflow)
        hr_warn("metrics.no_workflow", "reason=\"%s\" roles=operator_only", werr ? werr : "?");
    hr_free(werr);
    hr_info("analytics.started",
            "import_max_bytes=%lld tz_offset_min=%d calendar=%s retention_feed_days=%d "
            "retention_case_keep_days=%lld",
            (long long)self->import_max_bytes, self->qctx.tz_offset_min, *cal ? "file" : "weekdays",
            self->retention.feed_days, (long long)(self->retention.case_keep_ms / HR_DAY_MS));
    return HR_OK;
}

static void s_stop(void *self_)
{
    an_server_t *self = self_;
    hr_consumer_destroy(&self->workflow);
    hr_calendar_t *cal = self->calendar;
    hr_calendar_destroy(&cal);
    self->calendar = NULL;
    hr_free(self->calendar_path);
}

// ---- the retention sweep (an_retention.c; README "Retention") ----

// Whether the sweep may run: only once this service has read the workflow's log to its end after
// the sweep fell due - it asks for the log then (a pull) and runs when a reply processed since
// left nothing after its cursor - so a case opened, closed or redated while this daemon was down,
// behind or cut off from the workflow, or a moment ago, is in db cases before an import of its
// employee can be erased (hr-evidence's sweep waits likewise). Without a reply within
// AN_RETENTION_FRESH_MS it says it waits and asks again. Imports wait longer, never shorter;
// without a workflow peer there is nothing to wait for.
static bool s_retention_may_run(an_server_t *self)
{
    if (!self->workflow)
        return true;
    int64_t mono = hr_clock_mono_ms(hr_daemon_clock(self->daemon));
    if (!self->retention_asked_mono_ms) {
        if (hr_consumer_is_pending(self->workflow))
            return false; // its reply may tell the log as it was before now: ask after it
        self->retention_asked_mono_ms = mono;
        hr_consumer_pull(self->workflow);
        return false;
    }
    hr_consumer_stats_t st;
    hr_consumer_stats(self->workflow, &st);
    bool read = st.caught_up && st.caught_up_mono_ms >= self->retention_asked_mono_ms;
    const char *waiting = self->retention_waiting;
    if (read)
        waiting = NULL;
    else if (mono - self->retention_asked_mono_ms > AN_RETENTION_FRESH_MS)
        waiting = st.caught_up ? "workflow_log_not_read_lately" : "workflow_log_not_read_yet";
    if (!waiting && self->retention_waiting)
        hr_info("retention.resumed", "reason=workflow_log_read");
    else if (waiting && !self->retention_waiting)
        hr_info("retention.waiting", "reason=%s", waiting);
    self->retention_waiting = waiting;
    if (!read && waiting) { // ask again: the request may have been lost with a restarted peer
        self->retention_asked_mono_ms = mono;
        hr_consumer_pull(self->workflow);
    }
    if (read)
        self->retention_asked_mono_ms = 0; // the next sweep asks afresh
    return read;
}

typedef struct {
    an_server_t *self;          // borrowed
    an_retention_result_t *res; // borrowed: set afresh on every run
    char why[400];              // the rebuild's reason when it fails
} s_retention_write_t;

static hr_rc_t s_retention_write(hr_txn_t *txn, void *arg)
{
    s_retention_write_t *w = arg;
    w->why[0] = '\0';
    return an_retention_sweep(txn, &w->self->retention, w->res, w->why, sizeof w->why);
}

// The tick: the sweep, every AN_RETENTION_EVERY_MS of the service clock (at once after a start,
// after the clock went back, and while a batch left imports due), then what its commit left to
// do - or a crash after a commit left (meta retention_after): the files beside the store and the
// compaction.
static void s_tick(void *self_)
{
    an_server_t *self = self_;
    int64_t now_ms = hr_clock_now_ms(hr_daemon_clock(self->daemon));
    if (!self->retention.feed_days)
        return;
    if (now_ms < self->retention_next_ms && now_ms >= self->retention_last_ms)
        return;
    if (!s_retention_may_run(self))
        return;
    hr_store_t *store = hr_daemon_store(self->daemon);
    self->retention.now_ms = now_ms;
    self->retention_last_ms = now_ms;
    self->retention_next_ms = now_ms + AN_RETENTION_EVERY_MS;
    an_retention_result_t *res = &self->retention_last;
    bool pending = false;
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_read(store, &txn);
    if (!rc)
        rc = an_store_retention_after_get(txn, &pending);
    hr_txn_abort(&txn);
    uint32_t removed = 0;
    uint64_t bytes = 0;
    if (!rc && pending) { // a sweep's commit whose files and compaction a crash cut short
        rc = an_retention_after(store, &removed, &bytes);
        hr_info("retention.finished", "files_removed=%u store_bytes=%llu rc=%s", removed,
                (unsigned long long)bytes, hr_rc_name(rc));
    }
    s_retention_write_t w = {.self = self, .res = res};
    if (!rc)
        rc = hr_store_write(store, s_retention_write, &w);
    self->retention_rc = rc;
    // The reason may name a file (its name is the company's, not an id): sys.Status, not the log.
    snprintf(self->retention_why, sizeof self->retention_why, "%s", rc ? w.why : "");
    if (rc) {
        memset(res, 0, sizeof *res);
        hr_warn("retention.failed", "rc=%s", hr_rc_name(rc));
        return;
    }
    for (size_t i = 0; i < res->n; i++) {
        char day[HR_DATE_LEN];
        hr_date_format(res->last_days[i], day);
        hr_info("retention.erased", "file_no=%u last_day=%s actor=%s reason=%s", res->nos[i], day,
                AN_RETENTION_ACTOR, AN_RETENTION_REASON);
    }
    if (res->n) {
        self->retention_erased += res->n;
        rc = an_retention_after(store, &removed, &bytes);
        if (rc)
            hr_error("analytics.erase_compact", "rc=%s (the next sweep tries again)",
                     hr_rc_name(rc));
        self->retention_rc = rc;
    }
    if (res->n || res->held || res->shared)
        hr_info("retention.swept",
                "erased=%zu held=%u shared=%u more=%d files_replayed=%u files_removed=%u "
                "store_bytes=%llu",
                res->n, res->held, res->shared, res->more, res->files_replayed, removed,
                (unsigned long long)bytes);
    if (res->more)
        self->retention_next_ms = now_ms; // the next tick goes on with the rest
}

// sys.Status: how the process metrics follow the workflow (events applied, and passed over), the
// calendar file read at start-up, and today's year when the calendar lacks it (attendance on
// the notice's days off would read as absences, on its adjusted working days as rest).
static void s_status(void *self_, Hr__Sys__StatusReply *reply, hr_arena_t *arena)
{
    an_server_t *self = self_;
    if (self->workflow)
        hr_consumer_status(self->workflow, arena, reply);
    char **extra = hr_arena_alloc(arena, (reply->n_extra + 17) * sizeof *extra);
    if (reply->n_extra)
        memcpy(extra, reply->extra, reply->n_extra * sizeof *extra);
    reply->extra = extra;
    // Whose roles count: the workflow's directory, or nobody's but the operator's.
    reply->extra[reply->n_extra++] =
        hr_arena_strdup(arena, self->workflow ? "roles=directory" : "roles=operator_only");
    // No calendar configured covers no year: weekends alone, every holiday a working day.
    int32_t today =
        hr_day_of_ms(hr_clock_now_ms(hr_daemon_clock(self->daemon)), self->qctx.tz_offset_min);
    int missing = 0, m, d;
    if (self->calendar)
        missing = hr_calendar_missing_year(self->calendar, today, 0);
    else
        hr_date_to_ymd(today, &missing, &m, &d);
    reply->extra[reply->n_extra++] =
        hr_arena_fmt(arena, "calendar_file=%s", self->calendar_path ? self->calendar_path : "");
    if (missing) {
        reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "calendar_missing_year=%d", missing);
        reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "calendar_missing_years=%d", missing);
    }
    // The retention sweep: its keys, when it last ran (service clock) and what it erased then.
    const an_retention_result_t *r = &self->retention_last;
    reply->extra[reply->n_extra++] =
        hr_arena_fmt(arena, "retention_feed_days=%d", self->retention.feed_days);
    reply->extra[reply->n_extra++] =
        hr_arena_fmt(arena, "retention_case_keep_days=%lld",
                     (long long)(self->retention.case_keep_ms / HR_DAY_MS));
    if (self->retention_waiting)
        reply->extra[reply->n_extra++] =
            hr_arena_fmt(arena, "retention_waiting=%s", self->retention_waiting);
    if (!self->retention_last_ms)
        return;
    char nos[AN_RETENTION_BATCH * 11 + 1] = "";
    size_t len = 0;
    for (size_t i = 0; i < r->n && len < sizeof nos - 12; i++)
        len += (size_t)snprintf(nos + len, sizeof nos - len, "%s%u", i ? "," : "", r->nos[i]);
    reply->extra[reply->n_extra++] =
        hr_arena_fmt(arena, "retention_last_ms=%lld", (long long)self->retention_last_ms);
    reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "retention_last_erased=%zu", r->n);
    reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "retention_last_files=%s", nos);
    reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "retention_last_held=%u", r->held);
    reply->extra[reply->n_extra++] =
        hr_arena_fmt(arena, "retention_last_rc=%s", hr_rc_name(self->retention_rc));
    if (*self->retention_why)
        reply->extra[reply->n_extra++] =
            hr_arena_fmt(arena, "retention_last_why=%s", self->retention_why);
    reply->extra[reply->n_extra++] = hr_arena_fmt(arena, "retention_erased_total=%llu",
                                                  (unsigned long long)self->retention_erased);
}

// sys.Backup: each imported file's text lives beside the store (<store>/files), named by its
// hash and written before the record that names it commits, so everything the store copy names
// is there when the caller copies the directory after this reply. Facts quote it as their
// sources: a backup without it restores facts whose sources read as nothing.
static void s_backup(void *self_, Hr__Sys__BackupReply *reply, hr_arena_t *arena)
{
    an_server_t *self = self_;
    char *files = hr_strfmt("%s/%s", hr_store_dir(hr_daemon_store(self->daemon)), AN_BLOB_DIR);
    char *abs = realpath(files, NULL);
    reply->extra = hr_arena_alloc(arena, sizeof *reply->extra);
    reply->extra[0] = hr_arena_fmt(arena, "files_dir=%s", abs ? abs : files);
    reply->n_extra = 1;
    free(abs); // from realpath
    hr_free(files);
}

// migrations[i] upgrades schema i+1 to i+2.
static hr_migration_fn *const s_migrations[] = {
    an_store_migrate_file_keys,    an_store_migrate_kpi_keys,   an_store_migrate_file_days,
    an_store_migrate_pin_files,    an_store_migrate_file_times, an_store_migrate_roles,
    an_store_migrate_left,         an_store_migrate_withdrawn,  an_import_migrate_slots,
    an_store_migrate_dept_history, an_store_migrate_statuses,   an_store_migrate_managers,
    an_store_migrate_refusals,     an_store_migrate_returns};

const hr_service_t an_service = {
    .name = "analytics",
    .routes = s_routes,
    .dbs = an_store_dbs,
    .schema_version = 15,
    .migrations = s_migrations,
    .start = s_start,
    .stop = s_stop,
    .tick = s_tick,
    .status = s_status,
    .backup = s_backup,
};
