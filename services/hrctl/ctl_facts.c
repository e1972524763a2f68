/*  ctl_facts - `hrctl facts EMPLOYEE_NO --from DATE --to DATE [--json] [--snapshot]
 *  [--pin PIN] [--no-team] [--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]`.
 *
 *  Asks hr-analytics for the facts about one person over a window. Text output is the
 *  interview sheet's view (sentence, rule, sources); --json prints an object with a `facts`
 *  array (code, value, unit, comparison - with the colleagues' figures and their imports, as
 *  the snapshot has them -, window, rule, sources, text_zh, text_en) and a `team` object (the
 *  department compared with and the people imports that put the person and the colleagues
 *  there); --snapshot prints the canonical snapshot document and its SHA-256.
 */
#include "ctl_an.h"

#include <jansson.h>
#include <string.h>

#define CTL_FACTS_TIMEOUT_MS 30000

static int s_usage(void)
{
    fprintf(stderr,
            "usage: hrctl facts EMPLOYEE_NO --from YYYY-MM-DD --to YYYY-MM-DD [--json] "
            "[--snapshot] [--no-team] [--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]\n"
            "       hrctl facts --pin PIN --from ... --to ...   (an unmatched PIN)\n");
    return CTL_EXIT_USAGE;
}

static json_t *s_fact_json(const Hr__Analytics__Fact *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", ctl_json_str(f->code));
    json_object_set_new(o, "value", json_real(f->value));
    json_object_set_new(o, "unit", ctl_json_str(f->unit));
    if (*f->subject)
        json_object_set_new(o, "subject", ctl_json_str(f->subject));
    json_object_set_new(o, "window",
                        json_pack("{s:o,s:o}", "from", ctl_json_str(f->window_from), "to",
                                  ctl_json_str(f->window_to)));
    json_object_set_new(o, "rule", ctl_json_str(f->rule));
    if (f->has_comparison || *f->comparison) {
        json_t *cmp = json_pack("{s:o,s:o,s:i}", "text", ctl_json_str(f->comparison), "team_median",
                                f->has_comparison ? json_real(f->team_median) : json_null(),
                                "team_size", (int)f->team_size);
        // As the snapshot frozen into a case has them (README "Team"): the colleagues' figures
        // the median was taken from, ascending and unnamed, and the imports they came from.
        if (f->has_comparison && f->n_team_values) {
            json_t *cs = json_array();
            for (size_t i = 0; i < f->n_team_values; i++)
                json_array_append_new(cs, json_pack("{s:i,s:f}", "colleague", (int)i + 1, "value",
                                                    f->team_values[i]));
            json_object_set_new(cmp, "colleagues", cs);
            json_t *ids = json_array();
            for (size_t i = 0; i < f->n_team_file_ids; i++)
                json_array_append_new(ids, ctl_json_str(f->team_file_ids[i]));
            json_object_set_new(cmp, "file_ids", ids);
        }
        json_object_set_new(o, "comparison", cmp);
    }
    json_t *src = json_array();
    for (size_t i = 0; i < f->n_sources; i++) {
        const Hr__Analytics__Source *s = f->sources[i];
        // A JSON feed's source is its record: `record` in place of `line` (as the bad rows and
        // quarantined rows say it), and `record_id`, the record's own id, when it has one.
        json_t *so = json_pack(
            "{s:o,s:o,s:i,s:o,s:o,s:o}", "file_id", ctl_json_str(s->file_id), "file_name",
            ctl_json_str(s->file_name), s->record ? "record" : "line", (int)s->line, "raw",
            ctl_json_str(s->raw), "day", ctl_json_str(s->day), "note", ctl_json_str(s->note));
        if (s->record && *s->record_id)
            json_object_set_new(so, "record_id", ctl_json_str(s->record_id));
        json_array_append_new(src, so);
    }
    json_object_set_new(o, "sources", src);
    json_t *days = json_array();
    for (size_t i = 0; i < f->n_days; i++)
        json_array_append_new(days, ctl_json_str(f->days[i]));
    json_object_set_new(o, "days", days);
    json_object_set_new(o, "text_zh", ctl_json_str(f->text_zh));
    json_object_set_new(o, "text_en", ctl_json_str(f->text_en));
    if (f->n_calendar_years) { // a KPI period's working days counted by the week (provisional)
        json_t *ys = json_array();
        for (size_t i = 0; i < f->n_calendar_years; i++)
            json_array_append_new(ys, json_integer(f->calendar_years[i]));
        json_object_set_new(
            o, "calendar",
            json_pack("{s:o,s:i}", "undeclared_years", ys, "working_days", (int)f->calendar_days));
    }
    return o;
}

// Where the department compared with comes from, as the snapshot's "team" has it.
static json_t *s_team_json(const Hr__Analytics__GetFactsReply *r)
{
    const Hr__Analytics__Source *s = r->department_source;
    json_t *src =
        json_pack("{s:o,s:o,s:i,s:o,s:o,s:o}", "file_id", ctl_json_str(s->file_id), "file_name",
                  ctl_json_str(s->file_name), "line", (int)s->line, "raw", ctl_json_str(s->raw),
                  "since", ctl_json_str(s->day), "note", ctl_json_str(s->note));
    json_t *o =
        json_pack("{s:o,s:o,s:b,s:o}", "department", ctl_json_str(r->department), "day",
                  ctl_json_str(r->team_day), "today", r->team_today, "department_source", src);
    if (r->team_people || r->n_team_people_file_ids) {
        json_t *ids = json_array();
        for (size_t i = 0; i < r->n_team_people_file_ids; i++)
            json_array_append_new(ids, ctl_json_str(r->team_people_file_ids[i]));
        json_object_set_new(o, "colleagues", json_integer(r->team_people));
        json_object_set_new(o, "people_file_ids", ids);
    }
    return o;
}

static void s_print_json(const Hr__Analytics__GetFactsReply *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "employee_no", ctl_json_str(r->employee_no));
    json_object_set_new(o, "department", ctl_json_str(r->department));
    json_object_set_new(o, "working_days", json_integer(r->working_days));
    json_object_set_new(o, "leave_days", json_real(r->leave_days));
    json_object_set_new(o, "attendance",
                        json_pack("{s:o,s:o,s:o}", "from", ctl_json_str(r->attendance_from), "to",
                                  ctl_json_str(r->attendance_to), "note",
                                  ctl_json_str(r->attendance_note)));
    if (r->calendar_days) { // days counted in years the calendar does not declare
        json_t *years = json_array();
        for (size_t i = 0; i < r->n_calendar_years; i++)
            json_array_append_new(years, json_integer(r->calendar_years[i]));
        json_object_set_new(o, "calendar",
                            json_pack("{s:o,s:i,s:o,s:o}", "undeclared_years", years,
                                      "working_days", (int)r->calendar_days, "note_zh",
                                      ctl_json_str(r->calendar_note_zh), "note_en",
                                      ctl_json_str(r->calendar_note_en)));
    }
    json_t *facts = json_array();
    for (size_t i = 0; i < r->n_facts; i++)
        json_array_append_new(facts, s_fact_json(r->facts[i]));
    json_object_set_new(o, "facts", facts);
    if (r->department_source)
        json_object_set_new(o, "team", s_team_json(r));
    if (*r->snapshot_sha256) {
        json_error_t e;
        json_object_set_new(o, "snapshot", json_loads(r->snapshot_json, 0, &e));
        json_object_set_new(o, "snapshot_sha256", ctl_json_str(r->snapshot_sha256));
    }
    char *text =
        json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(15)); // 2.6, not 2.6000000000000001
    printf("%s\n", text);
    free(text);
    json_decref(o);
}

static void s_print_text(const Hr__Analytics__GetFactsReply *r)
{
    printf("employee %s, department %s, %u working day%s", r->employee_no,
           *r->department ? r->department : "-", r->working_days, r->working_days == 1 ? "" : "s");
    if (r->leave_days > 0) // of them on approved leave: not days the person was due at work
        printf(", %g of them on approved leave", r->leave_days);
    printf("\n");
    // The team compared with: its size and the people import that put the person in it.
    const Hr__Analytics__Source *ds = r->department_source;
    if (ds) {
        printf("team: department %s on %s%s", *r->department ? r->department : "-", r->team_day,
               r->team_today ? " (today's: the department history does not reach it)" : "");
        if (r->team_people || r->n_team_people_file_ids)
            printf(", %u colleague%s (the person not included)", r->team_people,
                   r->team_people == 1 ? "" : "s");
        if (*ds->file_id)
            printf("; from %s line %u [%.12s]%s%s", ds->file_name, ds->line, ds->file_id,
                   *ds->day ? " dated " : "", ds->day);
        printf("\n  %s\n", ds->note);
    }
    printf("\n");
    if (*r->attendance_note) // the attendance facts count fewer days than the window asked for
        printf("attendance: %s\n\n", r->attendance_note);
    // Working days counted in a year whose holiday notice is not in the calendar: provisional.
    if (r->calendar_days)
        printf("calendar: %s\n  %s\n\n", r->calendar_note_zh, r->calendar_note_en);
    for (size_t i = 0; i < r->n_facts; i++) {
        const Hr__Analytics__Fact *f = r->facts[i];
        // "1 days" reads wrong: a count of one in days is one day.
        const char *unit = f->value == 1 && !strcmp(f->unit, "days") ? "day" : f->unit;
        printf("%s%s%s = %g %s\n", f->code, *f->subject ? " " : "", f->subject, f->value, unit);
        printf("  %s\n  %s\n", f->text_zh, f->text_en);
        printf("  rule: %s\n", f->rule);
        if (*f->comparison)
            printf("  comparison: %s\n", f->comparison);
        // The team the median was taken from: how many, and their figures unnamed.
        if (f->has_comparison) {
            printf("  team: %u colleague%s compared, figures (ascending, unnamed):", f->team_size,
                   f->team_size == 1 ? "" : "s");
            for (size_t k = 0; k < f->n_team_values; k++)
                printf("%s %g", k ? "," : "", f->team_values[k]);
            printf("\n");
        }
        for (size_t k = 0; k < f->n_sources; k++) {
            const Hr__Analytics__Source *s = f->sources[k];
            printf("  source: %s %s %u%s%s%s [%.12s] %s | %s\n", s->file_name,
                   s->record ? "record" : "line", s->line, *s->record_id ? " (id " : "",
                   s->record_id, *s->record_id ? ")" : "", s->file_id, s->note, s->raw);
        }
        printf("\n");
    }
    if (*r->snapshot_sha256)
        printf("snapshot sha256 %s\n%s\n", r->snapshot_sha256, r->snapshot_json);
}

int ctl_facts_main(int argc, char **argv)
{
    Hr__Analytics__GetFactsRequest req = HR__ANALYTICS__GET_FACTS_REQUEST__INIT;
    const char *dir_arg = NULL;
    bool json = false;
    ctl_an_as_t as = {0};
    argc = ctl_an_as_options("hrctl facts", argc, argv, &as);
    if (argc < 0)
        return s_usage();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc)
            req.from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            req.to = argv[++i];
        else if (!strcmp(argv[i], "--pin") && i + 1 < argc)
            req.pin = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--snapshot"))
            req.with_snapshot = true;
        else if (!strcmp(argv[i], "--no-team"))
            req.no_team = true;
        else if (argv[i][0] == '-')
            return s_usage();
        else if (!*req.employee_no)
            req.employee_no = argv[i];
        else
            return s_usage();
    }
    if ((!*req.employee_no && !*req.pin) || !*req.from || !*req.to)
        return s_usage();
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc = ctl_an_call("hrctl facts", NULL, dir_arg, &as, "analytics.GetFacts", &req.base,
                             &hr__analytics__get_facts_reply__descriptor, CTL_FACTS_TIMEOUT_MS,
                             NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    if (json)
        s_print_json(reply);
    else
        s_print_text(reply);
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}
