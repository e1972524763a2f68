/*  ctl_feed - `hrctl import KIND [--format F] [--source S] [--config-dir DIR] [--json]
 *  [--as EMPLOYEE_NO [--role R1,R2]] FILE` for the analytics feeds (KIND attendance,
 *  schedules, performance, training, surveys, leave, pins; `import people|departments` is the
 *  workflow's directory, ctl_import.c).
 *
 *  Sends the file's bytes to hr-analytics as extra frames after the envelope (4 MiB each), so
 *  hrctl can run on any host that reaches the bus. The daemon caps the size (import/max_bytes).
 *  Exit 0 when the file was stored (even with quarantined rows, which are listed), 1 when the
 *  daemon refused it or could not be reached, or every record of the file was quarantined
 *  (nothing imported), 2 for bad usage.
 */
#include "ctl_an.h"

#include <jansson.h>
#include <string.h>

#define CTL_IMPORT_CHUNK (4 * 1024 * 1024)
#define CTL_IMPORT_TIMEOUT_MS 600000
#define CTL_IMPORT_FILE_MAX (INT64_C(1) << 30)

// In FeedKind order; "pins" is the analytics people feed (employee number, PIN, department).
static const char *const s_kinds[] = {"attendance", "schedules", "performance", "training",
                                      "surveys",    "pins",      "leave",       NULL};

bool ctl_feed_handles(const char *kind)
{
    for (int k = 0; s_kinds[k]; k++)
        if (!strcmp(kind, s_kinds[k]))
            return true;
    return false;
}

const char *ctl_feed_kind(int kind)
{
    return kind >= 1 && kind < (int)HR_ARRAY_LEN(s_kinds) ? s_kinds[kind - 1] : "?";
}

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl import attendance|schedules|performance|training|surveys|pins|"
                    "leave [--format generic|zkteco|adms|dingtalk|wecom] [--source NAME] "
                    "[--effective-from YYYY-MM-DD] [--json] [--config-dir DIR] "
                    "[--as EMPLOYEE_NO [--role R1,R2]] FILE\n"
                    "  --source: attendance only, the device or site the file comes from (a\n"
                    "  serial, a site name); its files cover the days of everyone it saw\n"
                    "  --effective-from: pins only, the day the departments it gives held from\n"
                    "  (a company's first people import: the start of its attendance history);\n"
                    "  without it they are dated from the day of the import\n");
    return CTL_EXIT_USAGE;
}

static void s_print_json(const Hr__Analytics__ImportFeedReply *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "file_id", ctl_json_str(r->file_id));
    json_object_set_new(o, "file_no", json_integer(r->file_no));
    json_object_set_new(o, "already_imported", json_boolean(r->already_imported));
    json_object_set_new(o, "encoding", ctl_json_str(r->encoding));
    json_object_set_new(o, "lines", json_integer(r->lines));
    json_object_set_new(o, "accepted", json_integer(r->accepted));
    json_object_set_new(o, "duplicates", json_integer(r->duplicates));
    json_object_set_new(o, "updated", json_integer(r->updated));
    json_object_set_new(o, "quarantined", json_integer(r->quarantined));
    json_object_set_new(o, "skipped", json_integer(r->skipped));
    json_object_set_new(o, "days_written", json_integer(r->days_written));
    json_object_set_new(o, "unmatched_pins", json_integer(r->unmatched_pins));
    json_t *bad = json_array();
    for (size_t i = 0; i < r->n_bad_rows; i++)
        json_array_append_new(bad,
                              json_pack("{s:i,s:o}", r->bad_rows[i]->record ? "record" : "line",
                                        (int)r->bad_rows[i]->line, "reason",
                                        ctl_json_str(r->bad_rows[i]->reason)));
    json_object_set_new(o, "bad_rows", bad);
    json_t *un = json_array();
    for (size_t i = 0; i < r->n_unmatched_sample; i++)
        json_array_append_new(un, ctl_json_str(r->unmatched_sample[i]));
    json_object_set_new(o, "unmatched_sample", un);
    json_object_set_new(o, "unmatched_employees", json_integer(r->unmatched_employees));
    json_t *ue = json_array();
    for (size_t i = 0; i < r->n_unmatched_employee_sample; i++)
        json_array_append_new(ue, ctl_json_str(r->unmatched_employee_sample[i]));
    json_object_set_new(o, "unmatched_employee_sample", ue);
    json_t *notes = json_array();
    for (size_t i = 0; i < r->n_notes; i++)
        json_array_append_new(notes, ctl_json_str(r->notes[i]));
    json_object_set_new(o, "notes", notes);
    json_t *out = json_array();
    for (size_t i = 0; i < r->n_outliers; i++)
        json_array_append_new(out, ctl_json_str(r->outliers[i]));
    json_object_set_new(o, "outliers", out);
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    printf("%s\n", text);
    free(text);
    json_decref(o);
}

// The reply as lines; what the file holds (PINs, numbers, reasons quoting a cell) goes through
// ctl_text_safe: a feed's row must not drive the operator's terminal.
static void s_print_text(const char *path, const Hr__Analytics__ImportFeedReply *r,
                         hr_arena_t *arena)
{
    if (r->already_imported) {
        printf("%s: already imported as file %u (%s): nothing changed\n", path, r->file_no,
               r->file_id);
        return;
    }
    printf("%s: file %u (%s), %s\n", path, r->file_no, r->file_id, r->encoding);
    printf("  records %u, accepted %u, duplicates %u, updated %u, quarantined %u\n", r->lines,
           r->accepted, r->duplicates, r->updated, r->quarantined);
    if (r->skipped)
        printf("  passed over %u (device serial/checksum lines, slots nobody punched, invalid "
               "records: no punches)\n",
               r->skipped);
    if (r->days_written || r->unmatched_pins)
        printf("  person-days written %u, PINs matching no person %u\n", r->days_written,
               r->unmatched_pins);
    for (size_t i = 0; i < r->n_unmatched_sample; i++)
        printf("  unmatched PIN %s\n", ctl_text_safe(arena, r->unmatched_sample[i]));
    if (r->unmatched_employees)
        printf("  employee numbers matching no person %u (rows kept; import the people feed, "
               "hrctl import pins, or correct them)\n",
               r->unmatched_employees);
    for (size_t i = 0; i < r->n_unmatched_employee_sample; i++)
        printf("  unmatched employee number %s\n",
               ctl_text_safe(arena, r->unmatched_employee_sample[i]));
    for (size_t i = 0; i < r->n_notes; i++)
        printf("  note: %s\n", ctl_text_safe(arena, r->notes[i]));
    for (size_t i = 0; i < r->n_outliers; i++)
        printf("  outlier %s: far from the file's other punches, stored and not counted\n",
               ctl_text_safe(arena, r->outliers[i]));
    for (size_t i = 0; i < r->n_bad_rows; i++)
        printf("  %s %u: %s\n", r->bad_rows[i]->record ? "record" : "line", r->bad_rows[i]->line,
               ctl_text_safe(arena, r->bad_rows[i]->reason));
    if (r->quarantined > r->n_bad_rows)
        printf("  ... %u more in quarantine\n", r->quarantined - (uint32_t)r->n_bad_rows);
}

int ctl_feed_main(int argc, char **argv)
{
    const char *kind_s = NULL, *format = "generic", *path = NULL, *dir_arg = NULL;
    const char *source = "", *effective_from = "";
    bool json = false;
    ctl_an_as_t as = {0};
    argc = ctl_an_as_options("hrctl import", argc, argv, &as);
    if (argc < 0)
        return s_usage();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = argv[++i];
        else if (!strcmp(argv[i], "--source") && i + 1 < argc)
            source = argv[++i];
        else if (!strcmp(argv[i], "--effective-from") && i + 1 < argc)
            effective_from = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return s_usage();
        else if (!kind_s)
            kind_s = argv[i];
        else if (!path)
            path = argv[i];
        else
            return s_usage();
    }
    if (!kind_s || !path)
        return s_usage();
    int kind = 0;
    for (int k = 0; s_kinds[k]; k++)
        if (!strcmp(kind_s, s_kinds[k]))
            kind = k + 1;
    if (!kind) {
        fprintf(stderr, "hrctl import: '%s' is not a feed\n", kind_s);
        return s_usage();
    }
    size_t len = 0;
    char *data = NULL;
    hr_rc_t read_rc = hr_file_read(path, (size_t)CTL_IMPORT_FILE_MAX, &data, &len);
    if (read_rc) {
        fprintf(stderr, "hrctl import: %s: %s\n", path,
                read_rc == HR_EINVAL ? "not a regular file" : strerror(errno));
        return CTL_EXIT_USAGE;
    }
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    zmsg_t *frames = zmsg_new();
    for (size_t at = 0; at < len; at += CTL_IMPORT_CHUNK)
        zmsg_addmem(frames, data + at, len - at < CTL_IMPORT_CHUNK ? len - at : CTL_IMPORT_CHUNK);
    const char *base = strrchr(path, '/');
    Hr__Analytics__ImportFeedRequest req = HR__ANALYTICS__IMPORT_FEED_REQUEST__INIT;
    req.kind = (Hr__Analytics__FeedKind)kind;
    req.format = (char *)format;
    req.source = (char *)source;
    req.effective_from = (char *)effective_from;
    req.file_name = (char *)(base ? base + 1 : path);
    req.size = len;
    void *reply = NULL;
    hr_rc_t rc = ctl_an_call("hrctl import", path, dir_arg, &as, "analytics.ImportFeed", &req.base,
                             &hr__analytics__import_feed_reply__descriptor, CTL_IMPORT_TIMEOUT_MS,
                             frames, arena, &reply);
    zmsg_destroy(&frames);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    if (json)
        s_print_json(reply);
    else
        s_print_text(path, reply, arena);
    exit_code = CTL_EXIT_OK;
    const Hr__Analytics__ImportFeedReply *r = reply;
    if (!r->already_imported && r->quarantined && !r->accepted && !r->duplicates) {
        // Every record of the file was quarantined: nothing was imported.
        fprintf(stderr, "hrctl import: %s: every record was quarantined (%u): nothing imported\n",
                path, r->quarantined);
        exit_code = CTL_EXIT_FAIL;
    }
out:
    hr_arena_destroy(&arena);
    hr_free(data);
    return exit_code;
}
