/*  ctl_import - `hrctl import people|departments FILE [--skip-bad] [--dry-run] [--reason TEXT]
 *  [--json]`. --reason says why the file removes protected statuses (people only: required for
 *  one whose stated period has not ended or of someone with an open case).
 *
 *  Sends the file as it is (UTF-8 with or without BOM, or GB18030: the service decodes it) to
 *  workflow.ImportPeople / ImportDepartments and prints the per-row report. A file with errors
 *  imports nothing unless --skip-bad. Exit 0 when the file imported cleanly, 1 when there were
 *  errors, 2 for bad usage.
 *
 *  Chinese first, English too, as hrctl prints the law's findings: each problem as the daemon
 *  words it in Chinese (RowError.message_zh, line and the roster's own column header included),
 *  then the English line `FILE:LINE: COLUMN: MESSAGE` scripts grep; each notice (通知：, then
 *  notice:) and the summary the same.
 */
#include "ctl_wf.h"

#include <string.h>

#define CTL_IMPORT_INLINE_MAX (2 * 1024 * 1024) // larger files travel as extra frames
#define CTL_IMPORT_FRAME (1024 * 1024)
#define CTL_IMPORT_MAX_BYTES (16 * 1024 * 1024) // the most hr-workflow takes (its WF_CSV_MAX_BYTES)

static void s_usage(void)
{
    fprintf(stderr, "usage: hrctl import people|departments FILE [--skip-bad] [--dry-run] "
                    "[--reason TEXT] [--json] [--config-dir DIR]\n"
                    "  (--reason: why the file removes protected statuses; required for one whose "
                    "stated period has not ended or of someone with an open case)\n"
                    "       hrctl import attendance|schedules|performance|training|surveys|pins|"
                    "leave ... FILE\n"
                    "       hrctl import list [FILE_ID_OR_NO] [--text] [--max N] [--json]\n"
                    "       hrctl import withdraw FILE_ID_OR_NO --reason TEXT [--json]\n"
                    "       hrctl import erase FILE_ID_OR_NO --reason TEXT [--json]\n");
}

// One problem of the reply: its Chinese line when the daemon gave one, then the English line.
// `prefix` leads both ("" for an error, "warning: " and "警告：" for a warning).
static void s_print_problem(hr_arena_t *arena, const char *path, const Hr__Workflow__RowError *e,
                            const char *prefix, const char *prefix_zh)
{
    if (e->message_zh && *e->message_zh)
        printf("%s%s: %s\n", prefix_zh, path, ctl_text_safe(arena, e->message_zh)); // may quote
    if (e->line)
        printf("%s%s:%u: %s: %s\n", prefix, path, e->line, e->column,
               ctl_text_safe(arena, e->message)); // it may quote the cell
    else
        printf("%s%s: %s%s%s\n", prefix, path, *e->column ? e->column : "", *e->column ? ": " : "",
               ctl_text_safe(arena, e->message));
}

int ctl_import_main(int argc, char **argv)
{
    if (argc > 1 && ctl_feed_handles(argv[1]))
        return ctl_feed_main(argc, argv); // attendance, schedules, ...: hr-analytics
    if (argc > 1 && !strcmp(argv[1], "withdraw"))
        return ctl_import_withdraw_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "erase"))
        return ctl_import_erase_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "list"))
        return ctl_import_list_main(argc - 1, argv + 1);
    ctl_wf_opts_t opts = {0};
    argc = ctl_wf_options(argc, argv, &opts);
    bool skip_bad = false, dry_run = false;
    const char *what = NULL, *path = NULL, *reason = "";
    for (int i = 1; argc > 0 && i < argc; i++) {
        if (!strcmp(argv[i], "--skip-bad"))
            skip_bad = true;
        else if (!strcmp(argv[i], "--reason") && i + 1 < argc)
            reason = argv[++i];
        else if (!strcmp(argv[i], "--dry-run"))
            dry_run = true;
        else if (!what)
            what = argv[i];
        else if (!path)
            path = argv[i];
        else {
            s_usage();
            return CTL_EXIT_USAGE;
        }
    }
    if (argc < 0 || !what || !path || (strcmp(what, "people") && strcmp(what, "departments"))) {
        s_usage();
        return CTL_EXIT_USAGE;
    }
    size_t len = 0;
    uint8_t *data = ctl_read_file(path, CTL_IMPORT_MAX_BYTES, &len);
    if (!data)
        return CTL_EXIT_USAGE;
    ProtobufCBinaryData csv = {0, NULL};
    zmsg_t *frames = NULL;
    if (len <= CTL_IMPORT_INLINE_MAX) {
        csv.data = data;
        csv.len = len;
    } else {
        frames = zmsg_new();
        for (size_t off = 0; off < len; off += CTL_IMPORT_FRAME)
            zmsg_addmem(frames, data + off,
                        len - off < CTL_IMPORT_FRAME ? len - off : CTL_IMPORT_FRAME);
    }
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__ImportReply *rep = NULL;
    hr_rc_t rc;
    if (!strcmp(what, "people")) {
        Hr__Workflow__ImportPeopleRequest req = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
        req.csv = csv;
        req.skip_bad = skip_bad;
        req.dry_run = dry_run;
        req.reason = (char *)reason;
        rc = ctl_wf_call(&opts, "workflow.ImportPeople", &req.base,
                         &hr__workflow__import_reply__descriptor, arena, frames, (void **)&rep);
    } else {
        Hr__Workflow__ImportDepartmentsRequest req = HR__WORKFLOW__IMPORT_DEPARTMENTS_REQUEST__INIT;
        req.csv = csv;
        req.skip_bad = skip_bad;
        req.dry_run = dry_run;
        rc = ctl_wf_call(&opts, "workflow.ImportDepartments", &req.base,
                         &hr__workflow__import_reply__descriptor, arena, frames, (void **)&rep);
    }
    zmsg_destroy(&frames);
    hr_free(data);
    int exit_code = CTL_EXIT_OK;
    if (rc) {
        exit_code = ctl_wf_exit(rc);
    } else if (opts.json) {
        ctl_json_print(ctl_pb_to_json(&rep->base));
        exit_code = rep->n_errors ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    } else {
        for (size_t i = 0; i < rep->n_errors; i++)
            s_print_problem(arena, path, rep->errors[i], "", "");
        for (size_t i = 0; i < rep->n_warnings; i++) {
            const Hr__Workflow__RowError *w = rep->warnings[i];
            if (w->line) {
                s_print_problem(arena, path, w, "warning: ", "警告：");
                continue;
            }
            // One about the file as a whole always names its column.
            if (*w->message_zh)
                printf("警告：%s: %s\n", path, ctl_text_safe(arena, w->message_zh));
            printf("warning: %s: %s: %s\n", path, w->column, ctl_text_safe(arena, w->message));
        }
        // Each notice's Chinese line first (ImportReply.notices_zh, index for index), when the
        // daemon gave them all.
        bool zh = rep->n_notices_zh == rep->n_notices;
        for (size_t i = 0; i < rep->n_notices; i++) {
            if (zh && *rep->notices_zh[i])
                printf("通知：%s\n", ctl_text_safe(arena, rep->notices_zh[i]));
            printf("notice: %s\n", ctl_text_safe(arena, rep->notices[i]));
        }
        const char *what_zh = !strcmp(what, "people") ? "人员导入" : "部门导入";
        if (rep->status_changes) {
            printf("%s：特殊保护状态变更%u项（见上方通知）%s\n", what_zh, rep->status_changes,
                   dry_run ? "；试运行，未作任何变更" : "");
            printf("%s: %u protected-status change%s (notices above)%s\n", what,
                   rep->status_changes, rep->status_changes == 1 ? "" : "s",
                   dry_run ? ", none made: dry run" : "");
        }
        printf("%s：共%u行数据（编码%s），导入%u行，跳过%u行，错误%zu处%s\n", what_zh, rep->rows,
               rep->encoding, rep->imported, rep->skipped, rep->n_errors,
               dry_run ? "（试运行：未写入任何数据）"
               : rep->n_errors && !skip_bad
                   ? "（未导入任何数据：请修正文件，或使用 --skip-bad 只导入无误的行）"
                   : "");
        printf("%s: %u rows (%s), %u imported, %u skipped, %zu errors%s\n", what, rep->rows,
               rep->encoding, rep->imported, rep->skipped, rep->n_errors,
               dry_run                      ? " (dry run: nothing written)"
               : rep->n_errors && !skip_bad ? " (nothing imported: fix the file or use --skip-bad)"
                                            : "");
        exit_code = rep->n_errors ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    hr_arena_destroy(&arena);
    return exit_code;
}
