/*  hrctl - the operators' command line: dispatches the first word to a command table. */
#include "ctl.h"

#include <string.h>

static const ctl_command_t s_commands[] = {
    {"law", ctl_law_main, "law check [FILE] | law grounds [--json]: the legality engine"},
    {"health", ctl_health_main, "health [--json]: every daemon up? (exit 0 only if all are)"},
    {"notify", ctl_notify_main,
     "notify test --to ADDR [--cc ADDR] | log [--json] | outbox | hold [--reason T] | release | "
     "drop ID --reason T"},
    {"evidence", ctl_evidence_main,
     "evidence put|get|list|stat|sign|hold|release|mark-sensitive|close-case"},
    {"verify", ctl_verify_main,
     "verify [--json]: audit chain, every evidence blob, every case's evidence ids (exit 1 if "
     "bad)"},
    {"calendar", ctl_calendar_main, "calendar DATE [+N] [--json]: working days"},
    {"import", ctl_import_main,
     "import people|departments|attendance|pins|... FILE: directory, feeds; import list "
     "[FILE] [--text]; import withdraw FILE_ID_OR_NO --reason TEXT"},
    {"template", ctl_template_main, "template validate|put FILE: process templates"},
    {"case", ctl_case_main,
     "case list|show|reads|open|attach|submit|review|...: dismissal cases (hrctl help case)"},
    {"layoff", ctl_layoff_main,
     "layoff create|date|add|show|list: an economic layoff (LCL 41) as one batch of A41 cases"},
    {"person", ctl_person_main,
     "person show|export EMPLOYEE_NO [--json]: one person in the directory; export: HR's "
     "PIPL Art. 45 copy"},
    {"facts", ctl_facts_main, "facts EMPLOYEE_NO --from D --to D [--json]: facts with sources"},
    {"metrics", ctl_metrics_main, "metrics [--json]: feeds and process metrics (analytics)"},
    {"quarantine", ctl_quarantine_main, "quarantine [--file-id ID] [--json]: rows analytics kept"},
    {"pull", ctl_pull_main, "pull dingtalk|wecom --from D --to D --users IDS: fetch punches"},
    {"warnings", ctl_warnings_main, "warnings --from D --to D [--department D]: early warnings"},
    {"backup", ctl_backup_main, "backup DIR: every daemon's store and the evidence blobs, live"},
    {"restore", ctl_restore_main, "restore DIR: a backup into the stores (daemons stopped)"},
    {"keys", ctl_keys_main, "keys DIR: CURVE keys for a bus over tcp:// (keys/curve_dir)"},
    {NULL, NULL, NULL},
};

static void s_usage(FILE *out)
{
    fprintf(out, "usage: hrctl COMMAND [ARGS]\n\ncommands:\n");
    for (const ctl_command_t *c = s_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out,
            "\nThe commands that ask a daemon take --as EMPLOYEE_NO [--role r1,r2] to act as\n"
            "that person, with their roles from the people directory (--role names them\n"
            "instead: employee, manager, hr, hr_head, legal, union, payroll - the payroll\n"
            "office, which reads and pays the cases whose outcome fixes money and nothing\n"
            "else); without --as hrctl acts as the operator (IT). The case steps are\n"
            "people's: hrctl help case. --config-dir DIR: the daemons' config (default\n"
            "$HR_CONFIG_DIR, then etc/hr, then deploy/config); --json: output for programs.\n");
}

// `hrctl help COMMAND`: the case actions' synopsis for case, the summary line for the rest.
static int s_help(const char *name)
{
    if (!strcmp(name, "case")) {
        ctl_case_usage(stdout);
        return CTL_EXIT_OK;
    }
    for (const ctl_command_t *c = s_commands; c->name; c++)
        if (!strcmp(name, c->name)) {
            printf("hrctl %s\n", c->summary);
            return CTL_EXIT_OK;
        }
    fprintf(stderr, "hrctl help: unknown command '%s' (try hrctl help)\n", name);
    return CTL_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        s_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        if (argc > 2)
            return s_help(argv[2]);
        s_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("hrctl %s\n", HR_VERSION);
        return CTL_EXIT_OK;
    }
    for (const ctl_command_t *c = s_commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "hrctl: unknown command '%s' (try hrctl help)\n", argv[1]);
    return CTL_EXIT_USAGE;
}
