/*  ctl_imports - hr-analytics' imported files: `hrctl import list [FILE_ID_OR_NO] [--text]
 *  [--max N] [--json]` (every import, the latest first, withdrawn ones marked; or one, with its
 *  stored text for audit) and `hrctl import withdraw FILE_ID_OR_NO --reason TEXT [--json]`
 *  (the file is kept, readable, and counts for nothing from then on: services/analytics/README.md
 *  "Withdrawing an import") and `hrctl import erase FILE_ID_OR_NO --reason TEXT [--json]` (a
 *  withdrawn import's bytes, text and rows deleted, a tombstone kept: "Erasing an import"). All
 *  take --config-dir DIR and --as EMPLOYEE_NO [--role R1,R2].
 *  Exit 0 done, 1 refused or unreachable, 2 usage or invalid input.
 */
#include "ctl_an.h"

#include <jansson.h>
#include <string.h>
#include <time.h>

#define CTL_WITHDRAW_TIMEOUT_MS 600000 // the rebuild reads every remaining file again

// The arguments withdraw and erase share: FILE_ID_OR_NO --reason TEXT [--json] [--config-dir
// DIR] and the --as options. 0 when they are whole, else -1 (the caller prints its usage).
typedef struct {
    const char *file;   // "" until given
    const char *reason; // NULL until given
    const char *dir;    // --config-dir, or NULL
    bool json;          // --json
    ctl_an_as_t as;     // --as, --role
} s_file_args_t;

static int s_file_args(const char *prog, int argc, char **argv, s_file_args_t *a)
{
    *a = (s_file_args_t){.file = ""};
    argc = ctl_an_as_options(prog, argc, argv, &a->as);
    if (argc < 0)
        return -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reason") && i + 1 < argc)
            a->reason = argv[++i];
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            a->dir = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            a->json = true;
        else if ((argv[i][0] == '-' && argv[i][1]) || *a->file)
            return -1;
        else
            a->file = argv[i];
    }
    return *a->file && a->reason ? 0 : -1;
}

static int s_withdraw_usage(void)
{
    fprintf(stderr, "usage: hrctl import withdraw FILE_ID_OR_NO --reason TEXT [--json] "
                    "[--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]\n"
                    "  the import (its file id or number: hrctl import list) is kept, readable,\n"
                    "  and counts for nothing from then on\n");
    return CTL_EXIT_USAGE;
}

int ctl_import_withdraw_main(int argc, char **argv)
{
    Hr__Analytics__WithdrawImportRequest req = HR__ANALYTICS__WITHDRAW_IMPORT_REQUEST__INIT;
    s_file_args_t a;
    if (s_file_args("hrctl import withdraw", argc, argv, &a))
        return s_withdraw_usage();
    req.file = (char *)a.file;
    req.reason = (char *)a.reason;
    const char *dir_arg = a.dir;
    bool json = a.json;
    ctl_an_as_t as = a.as;
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc =
        ctl_an_call("hrctl import withdraw", req.file, dir_arg, &as, "analytics.WithdrawImport",
                    &req.base, &hr__analytics__withdraw_import_reply__descriptor,
                    CTL_WITHDRAW_TIMEOUT_MS, NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    const Hr__Analytics__WithdrawImportReply *r = reply;
    if (json) {
        json_t *unc = json_array();
        for (size_t i = 0; i < r->n_uncovered; i++)
            json_array_append_new(unc, ctl_json_str(r->uncovered[i]));
        json_t *o = json_pack(
            "{s:o,s:i,s:s,s:o,s:i,s:i,s:i,s:i,s:i,s:I,s:I,s:i,s:o,s:i,s:I}", "file_id",
            ctl_json_str(r->file_id), "file_no", (int)r->file_no, "kind", ctl_feed_kind(r->kind),
            "file_name", ctl_json_str(r->file_name), "records_withdrawn", (int)r->records_withdrawn,
            "rows_removed", (int)r->rows_removed, "rows_restored", (int)r->rows_restored,
            "people_removed", (int)r->people_removed, "people_restored", (int)r->people_restored,
            "person_days_before", (json_int_t)r->person_days_before, "person_days_after",
            (json_int_t)r->person_days_after, "days_uncovered", (int)r->days_uncovered, "uncovered",
            unc, "files_replayed", (int)r->files_replayed, "withdrawn_ms",
            (json_int_t)r->withdrawn_ms);
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        printf("withdrew import %u (%s, %s) %s\n", r->file_no, ctl_feed_kind(r->kind),
               ctl_text_safe(arena, r->file_name), r->file_id);
        printf("records no longer counted %u\n", r->records_withdrawn);
        if (r->rows_removed || r->rows_restored)
            printf("keyed rows gone %u, back from another file %u\n", r->rows_removed,
                   r->rows_restored);
        if (r->people_removed || r->people_restored)
            printf("people gone %u, back from another file %u\n", r->people_removed,
                   r->people_restored);
        if (r->kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE) {
            printf("person-days with punches %llu -> %llu\n",
                   (unsigned long long)r->person_days_before,
                   (unsigned long long)r->person_days_after);
            printf("days no longer covered %u\n", r->days_uncovered);
            for (size_t i = 0; i < r->n_uncovered; i++)
                printf("  not covered %s\n", r->uncovered[i]);
        }
        printf("files read again %u\n", r->files_replayed);
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}

static int s_erase_usage(void)
{
    fprintf(stderr, "usage: hrctl import erase FILE_ID_OR_NO --reason TEXT [--json] "
                    "[--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]\n"
                    "  a withdrawn import (hrctl import withdraw first): its bytes, text and rows\n"
                    "  are deleted; its number, name, SHA-256, who erased it, when and why stay\n");
    return CTL_EXIT_USAGE;
}

int ctl_import_erase_main(int argc, char **argv)
{
    Hr__Analytics__EraseImportRequest req = HR__ANALYTICS__ERASE_IMPORT_REQUEST__INIT;
    s_file_args_t a;
    if (s_file_args("hrctl import erase", argc, argv, &a))
        return s_erase_usage();
    req.file = (char *)a.file;
    req.reason = (char *)a.reason;
    const char *dir_arg = a.dir;
    bool json = a.json;
    ctl_an_as_t as = a.as;
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc = ctl_an_call("hrctl import erase", req.file, dir_arg, &as, "analytics.EraseImport",
                             &req.base, &hr__analytics__erase_import_reply__descriptor,
                             CTL_WITHDRAW_TIMEOUT_MS, NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    const Hr__Analytics__EraseImportReply *r = reply;
    if (json) {
        json_t *also = json_array();
        for (size_t i = 0; i < r->n_also_erased; i++)
            json_array_append_new(also, json_integer(r->also_erased[i]));
        json_t *o =
            json_pack("{s:o,s:i,s:s,s:o,s:o,s:i,s:I,s:o,s:o,s:b,s:i,s:i,s:o}", "file_id",
                      ctl_json_str(r->file_id), "file_no", (int)r->file_no, "kind",
                      ctl_feed_kind(r->kind), "file_name", ctl_json_str(r->file_name), "sha256",
                      ctl_json_str(r->sha256), "records", (int)r->records, "erased_ms",
                      (json_int_t)r->erased_ms, "erased_by", ctl_json_str(r->erased_by),
                      "erased_reason", ctl_json_str(r->erased_reason), "already_erased",
                      (int)r->already_erased, "quarantine_removed", (int)r->quarantine_removed,
                      "files_removed", (int)r->files_removed, "also_erased", also);
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        char when[40];
        ctl_when_company(r->erased_ms, dir_arg, when, sizeof when);
        if (r->already_erased)
            printf("第 %u 次导入此前已删除 / import %u was erased already, %s by %s: %s\n",
                   r->file_no, r->file_no, when, ctl_text_safe(arena, r->erased_by),
                   ctl_text_safe(arena, r->erased_reason));
        else
            printf("已删除第 %u 次导入 / erased import %u (%s, %s) %s\n", r->file_no, r->file_no,
                   ctl_feed_kind(r->kind), ctl_text_safe(arena, r->file_name), r->file_id);
        printf("sha256 %s (kept), records %u\n", *r->sha256 ? r->sha256 : "(not known)",
               r->records);
        printf("quarantined rows and record texts deleted %u, files deleted %u\n",
               r->quarantine_removed, r->files_removed);
        for (size_t i = 0; i < r->n_also_erased; i++)
            printf("  import %u (the same bytes) erased too\n", r->also_erased[i]);
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}

static int s_list_usage(void)
{
    fprintf(stderr, "usage: hrctl import list [FILE_ID_OR_NO] [--text] [--max 1..1000] [--json] "
                    "[--config-dir DIR] [--as EMPLOYEE_NO [--role R1,R2]]\n"
                    "  --text: with one import, its stored text as well (at most 1 MiB)\n");
    return CTL_EXIT_USAGE;
}

static json_t *s_file_json(const Hr__Analytics__ImportedFile *f)
{
    json_t *o =
        json_pack("{s:o,s:i,s:s,s:o,s:o,s:I,s:o,s:I,s:i,s:i,s:i,s:o,s:b}", "file_id",
                  ctl_json_str(f->file_id), "file_no", (int)f->file_no, "kind",
                  ctl_feed_kind(f->kind), "format", ctl_json_str(f->format), "name",
                  ctl_json_str(f->name), "size", (json_int_t)f->size, "encoding",
                  ctl_json_str(f->encoding), "imported_ms", (json_int_t)f->imported_ms, "records",
                  (int)f->records, "accepted", (int)f->accepted, "quarantined", (int)f->quarantined,
                  "source", ctl_json_str(f->source), "withdrawn", (int)f->withdrawn);
    if (*f->last_day) {
        json_object_set_new(o, "first_day", ctl_json_str(f->first_day));
        json_object_set_new(o, "last_day", ctl_json_str(f->last_day));
    }
    if (*f->effective_from) // a people file's departments dated from this day, as stated
        json_object_set_new(o, "effective_from", ctl_json_str(f->effective_from));
    if (f->withdrawn) {
        json_object_set_new(o, "withdrawn_ms", json_integer(f->withdrawn_ms));
        json_object_set_new(o, "withdrawn_by", ctl_json_str(f->withdrawn_by));
        json_object_set_new(o, "withdrawn_reason", ctl_json_str(f->withdrawn_reason));
    }
    json_object_set_new(o, "erased", json_boolean(f->erased));
    if (f->erased) {
        json_object_set_new(o, "erased_ms", json_integer(f->erased_ms));
        json_object_set_new(o, "erased_by", ctl_json_str(f->erased_by));
        json_object_set_new(o, "erased_reason", ctl_json_str(f->erased_reason));
        json_object_set_new(o, "sha256", ctl_json_str(f->sha256));
    }
    return o;
}

int ctl_import_list_main(int argc, char **argv)
{
    Hr__Analytics__ListImportsRequest req = HR__ANALYTICS__LIST_IMPORTS_REQUEST__INIT;
    const char *dir_arg = NULL;
    bool json = false;
    ctl_an_as_t as = {0};
    argc = ctl_an_as_options("hrctl import list", argc, argv, &as);
    if (argc < 0)
        return s_list_usage();
    for (int i = 1; i < argc; i++) {
        int64_t max = 0;
        if (!strcmp(argv[i], "--max") && i + 1 < argc && hr_parse_i64(argv[++i], 1, 1000, &max))
            req.max = (uint32_t)max;
        else if (!strcmp(argv[i], "--config-dir") && i + 1 < argc)
            dir_arg = argv[++i];
        else if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--text"))
            req.with_text = true;
        else if (argv[i][0] != '-' && !*req.file)
            req.file = argv[i];
        else
            return s_list_usage();
    }
    if (req.with_text && !*req.file)
        return s_list_usage();
    int exit_code = CTL_EXIT_FAIL;
    hr_arena_t *arena = hr_arena_new(0);
    void *reply = NULL;
    hr_rc_t rc =
        ctl_an_call("hrctl import list", NULL, dir_arg, &as, "analytics.ListImports", &req.base,
                    &hr__analytics__list_imports_reply__descriptor, 30000, NULL, arena, &reply);
    if (rc) {
        exit_code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
        goto out;
    }
    const Hr__Analytics__ListImportsReply *r = reply;
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < r->n_files; i++)
            json_array_append_new(arr, s_file_json(r->files[i]));
        json_t *o = json_pack("{s:o,s:i}", "files", arr, "total", (int)r->total);
        if (req.with_text) {
            json_object_set_new(o, "text", ctl_json_str(r->text));
            json_object_set_new(o, "text_cut", json_boolean(r->text_cut));
        }
        char *text = json_dumps(o, JSON_INDENT(2));
        printf("%s\n", text);
        free(text);
        json_decref(o);
    } else {
        for (size_t i = 0; i < r->n_files; i++) {
            const Hr__Analytics__ImportedFile *f = r->files[i];
            char when[40];
            ctl_when_company(f->imported_ms, dir_arg, when, sizeof when);
            printf("%4u  %-11s %-8s %s  %s  records %u, accepted %u, quarantined %u%s%s%s%s\n",
                   f->file_no, ctl_feed_kind(f->kind), f->format, when,
                   ctl_text_safe(arena, f->name), f->records, f->accepted, f->quarantined,
                   *f->last_day ? ", days " : "", f->first_day, *f->last_day ? ".." : "",
                   f->last_day);
            printf("      %s\n", f->file_id);
            if (*f->effective_from)
                printf("      部门自 %s 起生效（导入时声明）/ departments dated from %s, as stated "
                       "at import\n",
                       f->effective_from, f->effective_from);
            if (f->withdrawn) {
                ctl_when_company(f->withdrawn_ms, dir_arg, when, sizeof when);
                printf("      WITHDRAWN %s by %s: %s\n", when,
                       ctl_text_safe(arena, f->withdrawn_by),
                       ctl_text_safe(arena, f->withdrawn_reason));
            }
            if (f->erased) {
                ctl_when_company(f->erased_ms, dir_arg, when, sizeof when);
                printf("      ERASED %s by %s: %s\n", when, ctl_text_safe(arena, f->erased_by),
                       ctl_text_safe(arena, f->erased_reason));
                printf(
                    "      已删除：文件内容及其数据已删除，仅保留此记录 / the bytes, text and rows "
                    "are deleted; sha256 %s\n",
                    *f->sha256 ? f->sha256 : "(not known)");
            }
        }
        if (req.with_text && r->n_files && r->files[0]->erased)
            printf("\n（文件原文已删除，无法显示）/ (the text was erased: nothing to show)\n");
        if (req.with_text) {
            // Line by line: a line end is the text's, any other control character is shown as
            // '?' (the text is what someone exported, not something to send to a terminal).
            char *line = r->text;
            while (*line) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = '\0';
                printf("%s\n", ctl_text_safe(arena, line));
                if (!nl)
                    break;
                line = nl + 1;
            }
            if (r->text_cut)
                printf("\n(the text is cut at 1 MiB)\n");
        }
        if (!*req.file)
            printf("%zu shown of %u imports\n", r->n_files, r->total);
    }
    exit_code = CTL_EXIT_OK;
out:
    hr_arena_destroy(&arena);
    return exit_code;
}
