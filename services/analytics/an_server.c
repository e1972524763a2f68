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
    hr_info("analytics.started", "import_max_bytes=%lld tz_offset_min=%d calendar=%s",
            (long long)self->import_max_bytes, self->qctx.tz_offset_min,
            *cal ? "file" : "weekdays");
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

// sys.Status: how the process metrics follow the workflow (events applied, and passed over), the
// calendar file read at start-up, and today's year when the calendar lacks it (attendance on
// the notice's days off would read as absences, on its adjusted working days as rest).
static void s_status(void *self_, Hr__Sys__StatusReply *reply, hr_arena_t *arena)
{
    an_server_t *self = self_;
    if (self->workflow)
        hr_consumer_status(self->workflow, arena, reply);
    char **extra = hr_arena_alloc(arena, (reply->n_extra + 4) * sizeof *extra);
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
    an_store_migrate_dept_history, an_store_migrate_statuses,   an_store_migrate_managers};

const hr_service_t an_service = {
    .name = "analytics",
    .routes = s_routes,
    .dbs = an_store_dbs,
    .schema_version = 13,
    .migrations = s_migrations,
    .start = s_start,
    .stop = s_stop,
    .status = s_status,
    .backup = s_backup,
};
