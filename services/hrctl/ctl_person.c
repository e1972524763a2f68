/*  ctl_person - `hrctl person show EMPLOYEE_NO [--json]`: one person as the people directory holds
 *  them (workflow.GetPerson), for HR to check an import.
 *
 *  What is shown is what hr-workflow answers to the actor: HR and the operator see everything -
 *  wages, protected statuses, birth date and retirement group, the statutory retirement day and
 *  the Art. 42(5) position computed today, and what the record breaks (a probation longer than
 *  LCL Art. 19 allows); the person themselves and their superiors (`--as EMPLOYEE_NO`) see the
 *  record without those; anyone else is refused by the service. Exit 0 shown, 1 refused or not
 *  found, 2 usage.
 */
#include "ctl_wf.h"
#include "law.h"

#include <string.h>

static int s_usage(void)
{
    fprintf(stderr, "usage: hrctl person show EMPLOYEE_NO [--json] [--as EMPLOYEE_NO [--role R]] "
                    "[--config-dir DIR]\n");
    return CTL_EXIT_USAGE;
}

static const char *s_or(const char *s, const char *none)
{
    return s && *s ? s : none;
}

static void s_line(hr_arena_t *arena, const char *label, const char *value)
{
    printf("%-16s %s\n", label, ctl_text_safe(arena, value));
}

static void s_print(const Hr__Workflow__GetPersonReply *rep, hr_arena_t *arena)
{
    const Hr__Workflow__Person *p = rep->person;
    bool hr = rep->retirement != NULL; // the service computes it for HR only
    printf("%s  %s\n", ctl_text_safe(arena, p->employee_no), ctl_text_safe(arena, p->name));
    s_line(arena, "department", s_or(p->department_id, "-"));
    s_line(arena, "title", s_or(p->title, "-"));
    char *chain = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < rep->n_chain; i++)
        chain = hr_arena_fmt(arena, "%s%s%s", chain, i ? " > " : "", rep->chain[i]);
    s_line(arena, "manager",
           *p->manager_no ? hr_arena_fmt(arena, "%s (line: %s)", p->manager_no, chain)
                          : "nobody (top of the company)");
    s_line(arena, "email", s_or(p->email, "-"));
    s_line(arena, "mobile", s_or(p->mobile, "-"));
    s_line(arena, "hire date", s_or(p->hire_date, "-"));
    if (*p->left_date)
        s_line(arena, "left",
               hr_arena_fmt(arena, "%s (reads and does nothing from that day)", p->left_date));
    s_line(arena, "contract",
           hr_arena_fmt(arena, "%s, %s to %s", s_or(p->contract_type, "fixed"),
                        s_or(p->contract_start, "(start not given)"),
                        !strcmp(s_or(p->contract_type, ""), "open_ended")
                            ? "open-ended"
                            : s_or(p->contract_end, "(end not given)")));
    s_line(arena, "probation",
           *p->probation_end ? hr_arena_fmt(arena, "to %s", p->probation_end) : "none");
    char *roles = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < p->n_roles; i++)
        roles = hr_arena_fmt(arena, "%s%s%s", roles, i ? ", " : "", p->roles[i]);
    s_line(arena, "roles", s_or(roles, "-"));
    s_line(arena, "language", s_or(p->language, "zh"));
    if (!hr) {
        printf(
            "(wages, protected statuses, birth date, identity number and Art. 42(5): HR only)\n");
        return;
    }
    char monthly[LAW_MONEY_TEXT_MAX], average[LAW_MONEY_TEXT_MAX];
    law_fen_format(p->monthly_wage_fen, monthly);
    law_fen_format(p->average_wage_fen, average);
    s_line(arena, "wage",
           p->monthly_wage_fen || p->average_wage_fen
               ? hr_arena_fmt(arena, "%s yuan a month, 12-month average %s", monthly,
                              p->average_wage_fen ? average : "not given")
               : "none in the directory (HR review cannot assess a dismissal without one)");
    if (!p->n_protected_statuses)
        s_line(arena, "protected", "none");
    for (size_t i = 0; i < p->n_protected_statuses; i++)
        s_line(arena, i ? "" : "protected",
               hr_arena_fmt(arena, "%s (%s)", p->protected_statuses[i]->status,
                            s_or(p->protected_statuses[i]->source, "no source given")));
    s_line(arena, "identity no.",
           s_or(p->id_no, "not given (the termination certificate states it: people.csv id_no)"));
    const Hr__Workflow__RetirementPosition *r = rep->retirement;
    s_line(arena, "birth date",
           *p->birth_date ? hr_arena_fmt(arena, "%s, retirement group %s", p->birth_date,
                                         s_or(p->retirement_base, "not given"))
                          : hr_arena_fmt(arena, "not given (retirement group %s)",
                                         s_or(p->retirement_base, "not given")));
    if (*r->retirement_date)
        s_line(arena, "retirement",
               hr_arena_fmt(arena, "%s, at %u years %u months (statutory, 2024 decision)",
                            r->retirement_date, r->retirement_age_months / 12,
                            r->retirement_age_months % 12));
    s_line(arena, "Art. 42(5)",
           hr_arena_fmt(arena, "%s on %s: %s", r->position, r->on_date, r->reason));
    for (size_t i = 0; i < rep->n_warnings; i++)
        s_line(arena, "warning", rep->warnings[i]);
}

int ctl_person_main(int argc, char **argv)
{
    ctl_wf_opts_t opts = {0};
    argc = ctl_wf_options(argc, argv, &opts);
    if (argc != 3 || strcmp(argv[1], "show"))
        return s_usage();
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = argv[2];
    Hr__Workflow__GetPersonReply *rep = NULL;
    hr_rc_t rc =
        ctl_wf_call(&opts, "workflow.GetPerson", &req.base,
                    &hr__workflow__get_person_reply__descriptor, arena, NULL, (void **)&rep);
    int code = CTL_EXIT_OK;
    if (rc)
        code = rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
    else if (!rep->person) {
        fprintf(stderr, "hrctl: person %s: hr-workflow answered without the person\n", argv[2]);
        code = CTL_EXIT_FAIL;
    } else if (opts.json)
        ctl_json_print(ctl_pb_to_json(&rep->base));
    else
        s_print(rep, arena);
    hr_arena_destroy(&arena);
    return code;
}
