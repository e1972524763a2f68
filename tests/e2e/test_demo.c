/*  e2e.demo - the demo company, whole: all six daemons, deploy/demo/load.sh run twice as
 *  deploy/run.sh runs it, then what the demo shows: one reference case for E0117, E0117's
 *  facts with links to the raw records they rest on (issue 6), the company rules stored once
 *  under the case, and `hrctl verify` clean (issue 7).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "harness.h"
#include "hr_test.h"

#define REFERENCE "E0117"
#define EV_HEX_LEN 64 // an evidence id: hex SHA-256

// E0117 was hired on 2026-10-26: the facts window is his time with the company up to the data's
// last day (a window reaching further back is cut at his hire date: the people feed has it).
#define FROM "2026-10-26"
#define TO "2026-11-20"

typedef struct {
    e2e_t *c;    // owned
    char *hrctl; // owned
    char *dir;   // owned: the harness config directory
} s_env_t;

// Runs hrctl with args (NULL-terminated) and --config-dir; returns the exit code, *out owned.
static int s_hrctl(s_env_t *e, char **out, const char *const *args)
{
    char *argv[16] = {e->hrctl};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < 13; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = "--config-dir";
    argv[n++] = e->dir;
    argv[n] = NULL;
    char *err = NULL;
    int rc = hr_test_run(argv, out, &err);
    if (rc)
        fprintf(stderr, "hrctl %s %s: exit %d\n%s\n", args[0], args[1] ? args[1] : "", rc,
                err ? err : "");
    hr_free(err);
    return rc;
}

static json_t *s_hrctl_json(s_env_t *e, const char *const *args)
{
    char *out = NULL;
    assert_int_equal(s_hrctl(e, &out, args), 0);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    if (!j)
        fprintf(stderr, "not JSON (%s): %s\n", je.text, out);
    assert_non_null(j);
    hr_free(out);
    return j;
}

// Runs deploy/demo/load.sh the way deploy/run.sh does; returns its stdout (owned).
static char *s_load(s_env_t *e)
{
    char *script = hr_test_source_path("deploy/demo/load.sh");
    char *argv[] = {"/bin/bash", script, e->hrctl, e->dir, NULL};
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc) {
        fprintf(stderr, "load.sh: exit %d\n%s\n%s\n", rc, out ? out : "", err ? err : "");
        e2e_fail(e->c);
    }
    assert_int_equal(rc, 0);
    hr_free(err);
    hr_free(script);
    return out;
}

static json_t *s_fact(json_t *facts, const char *code, const char *subject)
{
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f)
    {
        const char *s = json_string_value(json_object_get(f, "subject"));
        if (!strcmp(json_string_value(json_object_get(f, "code")), code) &&
            (!subject || (s && strstr(s, subject))))
            return f;
    }
    fail_msg("no fact %s %s", code, subject ? subject : "");
    return NULL;
}

static double s_value(json_t *facts, const char *code, const char *subject)
{
    return json_number_value(json_object_get(s_fact(facts, code, subject), "value"));
}

// PIPL Art. 51 (reliability.md P21): after the whole demo - imports, a case, reminders by email
// and SMS, facts, evidence, a backup and a restore - no daemon log holds a person's name, mobile
// number or email address from the demo directory (logs carry ids only).
static void s_logs_hold_no_personal_data(s_env_t *e)
{
    char *csv = hr_test_source_path("deploy/demo/people.csv");
    size_t len = 0;
    char *people = hr_test_read_file(csv, &len);
    assert_non_null(people);
    char *logs[8] = {0};
    for (size_t i = 0; e2e_all_services[i]; i++) {
        char *path = hr_strfmt("%s/log/%s.log", e2e_dir(e->c), e2e_all_services[i]);
        logs[i] = hr_test_read_file(path, &len);
        assert_non_null(logs[i]);
        hr_free(path);
    }
    size_t checked = 0;
    char *save = NULL;
    strtok_r(people, "\n", &save); // the header
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        // employee_no,name,department_id,manager_no,email,mobile,...
        char *fields[6] = {0}, *p = line;
        for (int k = 0; k < 6 && p; k++) {
            fields[k] = p;
            p = strchr(p, ',');
            if (p)
                *p++ = '\0';
        }
        const char *pii[] = {fields[1], fields[4], fields[5]};
        for (size_t k = 0; k < 3; k++) {
            if (!pii[k] || strlen(pii[k]) < 2)
                continue;
            for (size_t i = 0; logs[i]; i++)
                if (strstr(logs[i], pii[k]))
                    fail_msg("%s's log holds '%s' (personal data)", e2e_all_services[i], pii[k]);
            checked++;
        }
    }
    assert_true(checked >= 100); // 42 people: names, emails, mobiles
    for (size_t i = 0; logs[i]; i++)
        hr_free(logs[i]);
    hr_free(people);
    hr_free(csv);
}

// The demo's people.csv header and E0117's row up to its protected column, and after it.
#define DEMO_HEADER                                                                                \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"        \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"     \
    "protected,birth_date,retirement_base,id_no\n"
#define E0117_DEMO_ROW                                                                             \
    "E0117,吴昊,SALES,E0101,wu.hao@example.com,13800000117,大客户经理,2026-10-26,fixed,"    \
    "2026-10-26,2029-10-25,2027-04-25,18000.00,18000.00,introvert;sensitive,,zh,"
#define E0117_DEMO_TAIL ",,,310115199703120513\n"

// Imports E0117's demo row with this protected column ("" none), as HR edits the directory.
static void s_e0117_protected(s_env_t *e, const char *status)
{
    char *path = hr_strfmt("%s/e0117.csv", e2e_dir(e->c));
    char *text = hr_strfmt(DEMO_HEADER E0117_DEMO_ROW "%s" E0117_DEMO_TAIL, status);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    char *out = NULL;
    assert_int_equal(
        s_hrctl(e, &out,
                (const char *[]){"import", "people", path, "--reason", "e2e: 医院证明更正", NULL}),
        0);
    hr_free(out);
    hr_free(text);
    hr_free(path);
}

// The privacy officer's review of 2026-11-29: the snapshot HR froze into a case named the
// employee's protected status (孕期 pregnant; LCL 42(4); 妇女权益保障法 Art. 48) to everyone who
// reads the case's evidence - the manager and the reporting line. HR records E0117 pregnant;
// once analytics has it, the facts HR reads name it, and the snapshot frozen now says only that
// a status the law protects is recorded (details for HR only), as the manager reads it.
static void s_snapshot_names_no_status(s_env_t *e, const char *case_id)
{
    s_e0117_protected(e, "pregnant:医院证明 2026-11-25 孕12周");
    bool named = false; // analytics follows the import's workflow.RolesChanged on its own
    for (int i = 0; i < 200 && !named; i++) {
        char *out = NULL;
        assert_int_equal(s_hrctl(e, &out,
                                 (const char *[]){"facts", REFERENCE, "--from", FROM, "--to", TO,
                                                  "--json", NULL}),
                         0);
        named = strstr(out, "孕期 pregnant; LCL 42(4)") != NULL;
        hr_free(out);
        if (!named)
            zclock_sleep(50);
    }
    assert_true(named);
    char *out = NULL;
    assert_int_equal(
        s_hrctl(e, &out,
                (const char *[]){"case", "facts", case_id, "--from", FROM, "--to", TO, NULL}),
        0);
    const char *line = strstr(out, "facts snapshot ");
    assert_non_null(line);
    char snap[EV_HEX_LEN + 1];
    snprintf(snap, sizeof snap, "%.64s", line + strlen("facts snapshot "));
    hr_free(out);
    out = NULL;
    assert_int_equal(
        s_hrctl(e, &out, (const char *[]){"evidence", "get", snap, "--as", "E0101", NULL}), 0);
    if (strstr(out, "pregnant") || strstr(out, "42(4)") || strstr(out, "Art. 48") ||
        strstr(out, "\\u5B55") || strstr(out, "\\u533B\\u9662") ||
        !strstr(out, "records a status the law protects (") ||
        !strstr(out, "details for HR only; LCL 42)"))
        fail_msg("the snapshot as the manager reads it: %s", out);
    hr_free(out);
    s_e0117_protected(e, ""); // as the demo has him
}

// A live backup of the demo (hrctl backup), then hrctl restore: refused while the daemons run;
// with them stopped (and evidence's store lost), every store moved aside and refilled from the
// backup. The restored system has the case and its snapshot, verifies clean, and serves the blob.
// Runs argv (a command, no shell); asserts exit 0.
static void s_run(char *const argv[])
{
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc)
        fprintf(stderr, "%s: exit %d\n%s\n%s\n", argv[0], rc, out ? out : "", err ? err : "");
    assert_int_equal(rc, 0);
    hr_free(out);
    hr_free(err);
}

static void s_backup_and_restore(s_env_t *e, const char *case_id, const char *snap)
{
    char *bk = hr_strfmt("%s/backup", e2e_dir(e->c));
    char *out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"backup", bk, NULL}), 0);
    assert_non_null(strstr(out, "complete"));
    assert_non_null(strstr(out, "blob files"));
    hr_free(out);
    char *manifest = hr_strfmt("%s/MANIFEST.txt", bk);
    size_t len = 0;
    char *text = hr_test_read_file(manifest, &len);
    assert_non_null(text);
    assert_non_null(strstr(text, "workflow   workflow/data.mdb"));
    assert_non_null(strstr(text, "master key"));
    char *where = hr_strfmt("store workflow %s/data/workflow\n", e2e_dir(e->c));
    assert_non_null(strstr(text, where));
    hr_free(where);
    assert_non_null(strstr(text, "\nkey /"));
    hr_free(text);
    hr_free(manifest);
    out = NULL; // never over an earlier backup
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"backup", bk, NULL}), 2);
    hr_free(out);

    // hrctl restore refuses while any daemon runs, and touches nothing.
    out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"restore", bk, NULL}), 2);
    hr_free(out);
    char *marker = hr_strfmt("%s/data/workflow/kept.txt", e2e_dir(e->c));
    assert_int_equal(hr_test_write_file(marker, "before", 6), 0);
    for (size_t i = 0; e2e_all_services[i]; i++)
        assert_int_equal(e2e_stop_one(e->c, e2e_all_services[i]), 0);
    // Stores emptied by mistake (evidence's blobs and analytics' imported files gone too), then
    // the restore.
    char *ev_data = hr_strfmt("%s/data/evidence", e2e_dir(e->c));
    hr_test_rmdir(ev_data);
    hr_free(ev_data);
    char *an_data = hr_strfmt("%s/data/analytics", e2e_dir(e->c));
    hr_test_rmdir(an_data);
    hr_free(an_data);
    // The master key is not in a backup: without it where hr-evidence reads it, the restore
    // refuses before it changes anything (the workflow store still holds the marker).
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(e->c));
    char *away = hr_strfmt("%s.away", key);
    assert_int_equal(rename(key, away), 0);
    out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"restore", bk, NULL}), 2);
    hr_free(out);
    assert_int_equal(access(marker, F_OK), 0);
    assert_int_equal(rename(away, key), 0);
    hr_free(away);
    hr_free(key);
    // A backup inside a store it would replace is refused too.
    char *inside = hr_strfmt("%s/data/workflow/bk", e2e_dir(e->c));
    s_run((char *[]){"/bin/cp", "-a", bk, inside, NULL});
    out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"restore", inside, NULL}), 2);
    hr_free(out);
    hr_free(inside);
    out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"restore", bk, NULL}), 0);
    assert_non_null(strstr(out, "(from MANIFEST.txt)")); // where the daemons said they were
    assert_non_null(strstr(out, "restored from"));
    assert_non_null(strstr(out, "6 stores"));
    assert_non_null(strstr(out, "hrctl verify"));
    hr_free(out);
    // The stores as they were are moved aside, never deleted.
    char *data_dir = hr_strfmt("%s/data", e2e_dir(e->c));
    DIR *d = opendir(data_dir);
    assert_non_null(d);
    bool kept = false;
    for (struct dirent *de = readdir(d); de; de = readdir(d)) {
        if (strncmp(de->d_name, "workflow.before-restore-", 24))
            continue;
        char *p = hr_strfmt("%s/%s/kept.txt", data_dir, de->d_name);
        kept |= access(p, F_OK) == 0;
        hr_free(p);
    }
    closedir(d);
    assert_true(kept);
    assert_int_not_equal(access(marker, F_OK), 0); // not in the restored store
    hr_free(data_dir);
    hr_free(marker);
    for (size_t i = 0; e2e_all_services[i]; i++)
        assert_int_equal(e2e_restart(e->c, e2e_all_services[i]), 0);

    json_t *shown = s_hrctl_json(e, (const char *[]){"case", "show", case_id, "--json", NULL});
    bool found = false;
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(json_object_get(shown, "case"), "evidence"), i, ev)
    {
        found |= !strcmp(json_string_value(json_object_get(ev, "id")), snap);
    }
    assert_true(found);
    json_decref(shown);
    out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"verify", NULL}), 0);
    assert_non_null(strstr(out, "verify: ok"));
    hr_free(out);
    out = NULL;
    assert_int_equal(s_hrctl(e, &out, (const char *[]){"evidence", "get", snap, NULL}), 0);
    assert_non_null(strstr(out, "late_arrivals"));
    hr_free(out);
    // The imported files came back with analytics' store: a fact's source still reads as its
    // record (without them every source's text was empty after a restore).
    json_t *r = s_hrctl_json(
        e, (const char *[]){"facts", REFERENCE, "--from", FROM, "--to", TO, "--json", NULL});
    json_t *src = json_array_get(
        json_object_get(s_fact(json_object_get(r, "facts"), "late_over_60", NULL), "sources"), 0);
    assert_non_null(
        strstr(json_string_value(json_object_get(src, "raw")), "10117,2026-11-04 10:15:05"));
    json_decref(r);
    hr_free(bk);
}

static void test_demo_company_loads_twice_with_provenance(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("demo");
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *tpl = hr_test_source_path("deploy/config/template-default.txt");
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(e.c));
    e2e_config(e.c, "workflow", "calendar/file", cal);
    e2e_config(e.c, "workflow", "template/file", tpl);
    e2e_config(e.c, "analytics", "calendar/file", cal);
    e2e_config(e.c, "evidence", "keys/master_file", key);
    assert_int_equal(e2e_start(e.c, e2e_all_services), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));

    char *first = s_load(&e);
    assert_non_null(strstr(first, "(stored)"));
    char *second = s_load(&e);
    assert_non_null(strstr(second, "(already stored)"));
    assert_null(strstr(second, "(stored)"));

    // Exactly one case for E0117, open, at the manager's request step.
    json_t *cases = s_hrctl_json(&e, (const char *[]){"case", "list", "--json", NULL});
    size_t i, n = 0;
    json_t *cs;
    const char *case_id = NULL;
    json_array_foreach(json_object_get(cases, "cases"), i, cs)
    {
        if (!strcmp(json_string_value(json_object_get(cs, "employee_no")), REFERENCE)) {
            n++;
            case_id = json_string_value(json_object_get(cs, "id"));
        }
    }
    assert_int_equal(n, 1);
    assert_non_null(strstr(first, case_id));

    // The rules document, stored once under the case.
    char *out = NULL;
    assert_int_equal(
        s_hrctl(&e, &out, (const char *[]){"evidence", "list", "--case", case_id, NULL}), 0);
    assert_non_null(strstr(out, "rule_document"));
    assert_non_null(strstr(out, "1 record(s)"));
    hr_free(out);

    // E0117's facts: late five times (two over 60 minutes), one single punch, no absence, KPI
    // under target and under the team, one course under the pass mark. Every fact that counts
    // something links to the raw records it rests on.
    json_t *r = s_hrctl_json(
        &e, (const char *[]){"facts", REFERENCE, "--from", FROM, "--to", TO, "--json", NULL});
    json_t *facts = json_object_get(r, "facts");
    assert_true(json_array_size(facts) >= 10);
    assert_true(s_value(facts, "late_arrivals", NULL) == 5);
    assert_true(s_value(facts, "late_over_60", NULL) == 2);
    assert_true(s_value(facts, "missing_punches", NULL) == 1);
    assert_true(s_value(facts, "absences", NULL) == 0);
    assert_true(s_value(facts, "training_failed", NULL) == 1);
    json_t *kpi = s_fact(facts, "kpi_attainment", "new_clients");
    double team =
        json_number_value(json_object_get(json_object_get(kpi, "comparison"), "team_median"));
    assert_true(json_number_value(json_object_get(kpi, "value")) < 60);
    assert_true(json_number_value(json_object_get(kpi, "value")) < team);
    assert_true(s_value(facts, "training_score", "Product knowledge") < 60);
    // The demo's departments are dated from its history's start (load.sh: pins
    // --effective-from): no fact is compared with "today's" department for want of a history.
    size_t fi;
    json_t *fx;
    json_array_foreach(facts, fi, fx)
    {
        json_t *cmp = json_object_get(fx, "comparison");
        const char *t = json_string_value(json_object_get(cmp, "text"));
        assert_null(t ? strstr(t, "today's") : NULL);
        assert_null(strstr(json_string_value(json_object_get(fx, "text_en")), "is not known"));
    }
    // As text, a count of one is singular ("1 days", "1 working days" before).
    assert_int_equal(
        s_hrctl(&e, &out, (const char *[]){"facts", REFERENCE, "--from", FROM, "--to", TO, NULL}),
        0);
    assert_non_null(strstr(out, "missing_punches = 1 day\n"));
    assert_non_null(strstr(out, "absences = 0 days\n"));
    assert_non_null(strstr(out, "1 working day had a single punch"));
    assert_non_null(strstr(out, "1 training course was below the pass mark"));
    hr_free(out);
    // The attendance feed ends with TO: a window after it counts no absence (nine of those
    // days were still ahead when the review ran), and early warnings reaching past it count the
    // days up to it only (every employee was warned about 14 'absences' before).
    json_t *r2 = s_hrctl_json(&e, (const char *[]){"facts", "E0110", "--from", "2026-11-21", "--to",
                                                   "2026-12-10", "--json", NULL});
    json_t *f2 = json_object_get(r2, "facts");
    for (size_t k = 0; k < json_array_size(f2); k++)
        assert_string_not_equal(json_string_value(json_object_get(json_array_get(f2, k), "code")),
                                "absences");
    assert_non_null(
        strstr(json_string_value(json_object_get(json_object_get(r2, "attendance"), "note")),
               "nothing is counted"));
    json_decref(r2);
    json_t *w = s_hrctl_json(&e, (const char *[]){"warnings", "--from", "2026-11-15", "--to",
                                                  "2026-12-10", "--json", NULL});
    json_t *warns = json_object_get(w, "warnings");
    size_t absent = 0;
    for (size_t k = 0; k < json_array_size(warns); k++) {
        json_t *x = json_array_get(warns, k);
        if (strcmp(json_string_value(json_object_get(x, "code")), "kpi_attainment"))
            assert_true(strcmp(json_string_value(json_object_get(x, "to")), TO) <= 0);
        absent += !strcmp(json_string_value(json_object_get(x, "code")), "absences");
    }
    assert_true(absent < 5);
    json_decref(w);
    out = NULL;
    assert_int_equal(s_hrctl(&e, &out,
                             (const char *[]){"facts", REFERENCE, "--from", "2026-11-16", "--to",
                                              "2026-11-16", NULL}),
                     0);
    assert_non_null(strstr(out, ", 1 working day\n"));
    hr_free(out);
    json_t *f;
    size_t nsources = 0;
    json_array_foreach(facts, i, f)
    {
        json_t *sources = json_object_get(f, "sources");
        if (json_number_value(json_object_get(f, "value")) > 0) {
            if (!json_array_size(sources))
                fail_msg("fact %s has no sources", json_string_value(json_object_get(f, "code")));
        }
        size_t k;
        json_t *s;
        json_array_foreach(sources, k, s)
        {
            assert_true(json_integer_value(json_object_get(s, "line")) > 1);
            assert_true(strlen(json_string_value(json_object_get(s, "file_id"))) > 0);
            assert_true(strlen(json_string_value(json_object_get(s, "raw"))) > 0);
            nsources++;
        }
    }
    assert_true(nsources >= 5 + 5 + 2 + 1 + 2);
    json_t *src =
        json_array_get(json_object_get(s_fact(facts, "late_over_60", NULL), "sources"), 0);
    assert_non_null(
        strstr(json_string_value(json_object_get(src, "raw")), "10117,2026-11-04 10:15:05"));
    assert_string_equal(json_string_value(json_object_get(src, "file_name")), "attendance.csv");
    json_decref(r);

    // A colleague over the whole period: on time but for a rare few minutes, never absent
    // (punches only on the calendar's working days).
    r = s_hrctl_json(
        &e, (const char *[]){"facts", "E0110", "--from", "2026-08-03", "--to", TO, "--json", NULL});
    facts = json_object_get(r, "facts");
    assert_true(s_value(facts, "absences", NULL) == 0);
    assert_true(s_value(facts, "late_over_60", NULL) == 0);
    assert_true(s_value(facts, "missing_punches", NULL) == 0);
    json_decref(r);

    // Asked from the start of October, E0117's facts still begin at his hire date: the weeks
    // before it are no absences.
    r = s_hrctl_json(&e, (const char *[]){"facts", REFERENCE, "--from", "2026-10-01", "--to", TO,
                                          "--json", NULL});
    facts = json_object_get(r, "facts");
    assert_true(s_value(facts, "absences", NULL) == 0);
    assert_true(s_value(facts, "late_arrivals", NULL) == 5);
    json_t *window = json_object_get(s_fact(facts, "absences", NULL), "window");
    assert_string_equal(json_string_value(json_object_get(window, "from")), FROM);
    json_decref(r);

    // E0117's facts frozen into the case: analytics' snapshot stored in evidence under its own
    // hash and attached as facts_snapshot; the stored bytes hash to the id; a missing --to is
    // a usage error.
    out = NULL;
    assert_int_equal(s_hrctl(&e, &out,
                             (const char *[]){"case", "facts", case_id, "--from", FROM, "--to", TO,
                                              "--note", "facts for the review", NULL}),
                     0);
    const char *line = strstr(out, "facts snapshot ");
    assert_non_null(line);
    char snap[EV_HEX_LEN + 1];
    snprintf(snap, sizeof snap, "%.64s", line + strlen("facts snapshot "));
    assert_non_null(strstr(out, "facts about " REFERENCE));
    hr_free(out);
    json_t *shown = s_hrctl_json(&e, (const char *[]){"case", "show", case_id, "--json", NULL});
    json_t *ref = NULL, *ev;
    json_array_foreach(json_object_get(json_object_get(shown, "case"), "evidence"), i, ev)
    {
        if (!strcmp(json_string_value(json_object_get(ev, "id")), snap))
            ref = ev;
    }
    assert_non_null(ref);
    assert_string_equal(json_string_value(json_object_get(ref, "kind")), "facts_snapshot");
    json_decref(shown);
    out = NULL;
    assert_int_equal(s_hrctl(&e, &out, (const char *[]){"evidence", "get", snap, NULL}), 0);
    unsigned char digest[32];
    EVP_Digest(out, strlen(out), digest, NULL, EVP_sha256(), NULL);
    char hex[EV_HEX_LEN + 1];
    for (size_t k = 0; k < sizeof digest; k++)
        snprintf(hex + 2 * k, 3, "%02x", digest[k]);
    assert_string_equal(hex, snap);
    assert_non_null(strstr(out, "late_arrivals"));
    hr_free(out);
    // Taken again later: a new snapshot (it records when it was taken), attached beside the
    // first, which stays as it was.
    out = NULL;
    assert_int_equal(
        s_hrctl(&e, &out,
                (const char *[]){"case", "facts", case_id, "--from", FROM, "--to", TO, NULL}),
        0);
    assert_non_null(strstr(out, "facts snapshot "));
    assert_null(strstr(out, snap));
    hr_free(out);
    out = NULL;
    assert_int_equal(
        s_hrctl(&e, &out, (const char *[]){"case", "facts", case_id, "--from", FROM, NULL}), 2);
    hr_free(out);
    s_snapshot_names_no_status(&e, case_id);

    // The case's manager cannot pass a file off as a facts snapshot: hr-evidence refuses the
    // upload, naming the command that makes one, and nothing is attached.
    char *roster = hr_strfmt("%s/roster.txt", e.dir);
    assert_int_equal(hr_test_write_file(roster, "roster 40\n", 10), 0);
    char *attach[] = {e.hrctl,  "case",           "attach", (char *)case_id, "--file",       roster,
                      "--kind", "facts_snapshot", "--as",   "E0101",         "--config-dir", e.dir,
                      NULL};
    char *err = NULL;
    out = NULL;
    assert_int_not_equal(hr_test_run(attach, &out, &err), 0);
    assert_non_null(strstr(err, "hrctl case facts"));
    assert_null(strstr(out, "evidence "));
    hr_free(out);
    hr_free(err);
    hr_free(roster);

    // The evidence store is clean after the demo.
    out = NULL;
    assert_int_equal(s_hrctl(&e, &out, (const char *[]){"verify", NULL}), 0);
    hr_free(out);

    s_backup_and_restore(&e, case_id, snap);
    s_logs_hold_no_personal_data(&e);

    json_decref(cases);
    hr_free(first);
    hr_free(second);
    hr_free(e.hrctl);
    hr_free(e.dir);
    hr_free(cal);
    hr_free(tpl);
    hr_free(key);
    assert_int_equal(e2e_stop(&e.c), 0);
}

// Runs load.sh with --marker (and --reload) as deploy/run.sh does; returns its stdout (owned).
// SCRIPT is another copy of load.sh beside its own data, or NULL for the repository's.
static char *s_load_marked(s_env_t *e, const char *script_or_null, const char *marker, bool reload)
{
    char *script =
        script_or_null ? hr_strdup(script_or_null) : hr_test_source_path("deploy/demo/load.sh");
    char *argv[] = {"/bin/bash",
                    script,
                    e->hrctl,
                    e->dir,
                    "--marker",
                    (char *)marker,
                    reload ? "--reload" : NULL,
                    NULL};
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc)
        fprintf(stderr, "load.sh: exit %d\n%s\n%s\n", rc, out ? out : "", err ? err : "");
    assert_int_equal(rc, 0);
    hr_free(err);
    hr_free(script);
    return out;
}

// hrctl import people with the demo's columns and one row; returns hrctl's exit code, *out owned.
static int s_import_row(s_env_t *e, const char *row, char **out)
{
    char *path = hr_strfmt("%s/row.csv", e2e_dir(e->c));
    char *text = hr_strfmt("employee_no,name,department_id,manager_no,email,mobile,title,"
                           "hire_date,contract_type,contract_start,contract_end,probation_end,"
                           "monthly_wage,average_wage,tags,roles,language,protected\n%s\n",
                           row);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    *out = NULL;
    char *err = NULL;
    // With a reason: a row that removes a protected status of someone with an open case needs
    // one (hr-workflow's README, "Directory import").
    char *argv[] = {e->hrctl,           "import",       "people", path, "--reason",
                    "e2e: HR 更正名册", "--config-dir", e->dir,   NULL};
    int rc = hr_test_run(argv, out, &err);
    hr_free(err);
    hr_free(text);
    hr_free(path);
    return rc;
}

// The protected statuses `person show --json` gives for employee_no, as "a,b" (owned).
static char *s_statuses(s_env_t *e, const char *employee_no)
{
    json_t *j = s_hrctl_json(e, (const char *[]){"person", "show", employee_no, "--json", NULL});
    char *list = hr_strdup("");
    size_t i;
    json_t *ps;
    json_array_foreach(json_object_get(json_object_get(j, "person"), "protected_statuses"), i, ps)
    {
        char *more = hr_strfmt("%s%s%s", list, i ? "," : "",
                               json_string_value(json_object_get(ps, "status")));
        hr_free(list);
        list = more;
    }
    json_decref(j);
    return list;
}

#define E0114_ROW                                                                                       \
    "E0114,陈静,SALES,E0101,chen.jing@example.com,13800000114,大客户经理,2022-05-09,open_ended," \
    "2022-05-09,,,16000.00,16000.00,,,zh,"
#define E0117_ROW                                                                                  \
    "E0117,吴昊,SALES,E0101,wu.hao@example.com,13800000117,大客户经理,2026-10-26,fixed,"    \
    "2026-10-26,2029-10-25,"

// The reviewer's restart (deploy/run.sh --stop; deploy/run.sh): HR marked E0114 pregnant with
// an import of her row; the demo, loaded once, is not imported again over it - not by a restart,
// not without a marker over a store that holds it - until --reload, which lists the status it
// removes. An import says every status it changes, and names the open case of a removal. The
// contract checks of an import and `hrctl person show` as HR and as a manager.
static void test_demo_loads_once_and_keeps_hr_changes(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("demo_once");
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *tpl = hr_test_source_path("deploy/config/template-default.txt");
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(e.c));
    e2e_config(e.c, "workflow", "calendar/file", cal);
    e2e_config(e.c, "workflow", "template/file", tpl);
    e2e_config(e.c, "analytics", "calendar/file", cal);
    e2e_config(e.c, "evidence", "keys/master_file", key);
    assert_int_equal(e2e_start(e.c, e2e_all_services), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));
    char *marker = hr_strfmt("%s/demo-loaded", e2e_dir(e.c));

    // Loaded first by a version of the demo without its newest people (E0225, stop 16; the
    // payroll office E0008, stop 29).
    char *src = hr_test_source_path("deploy/demo");
    char *old = hr_strfmt("%s/old/demo", e2e_dir(e.c));
    char *copy = hr_strfmt("mkdir -p '%s' '%s/../config' && cp '%s'/* '%s'/ && cp '%s' "
                           "'%s/../config/' && grep -v -e '^E0225,' -e '^E0008,' '%s/people.csv' > "
                           "'%s/people.csv'",
                           old, old, src, old, cal, old, src, old);
    assert_int_equal(hr_test_run((char *[]){"/bin/sh", "-c", copy, NULL}, NULL, NULL), 0);
    char *old_script = hr_strfmt("%s/load.sh", old);
    char *out = s_load_marked(&e, old_script, marker, false);
    assert_non_null(strstr(out, "people: 40 rows"));
    assert_non_null(strstr(out, "(stored)"));
    hr_free(out);
    size_t len = 0;
    char *text = hr_test_read_file(marker, &len);
    assert_non_null(text);
    assert_non_null(strstr(text, "directory 20"));
    assert_non_null(strstr(text, "complete 20"));
    hr_free(text);

    // HR's edit, told back as a status change.
    assert_int_equal(s_import_row(&e, E0114_ROW "pregnant:医院证明 2026-11-20", &out), 0);
    assert_non_null(strstr(out, "notice: E0114: protected status pregnant added (医院证明 "
                                "2026-11-20)"));
    assert_non_null(strstr(out, "1 protected-status change"));
    hr_free(out);

    // The restart under this version: only the people it added are imported, and it says so.
    out = s_load_marked(&e, NULL, marker, false);
    assert_non_null(strstr(out, "demo company already loaded on 20"));
    assert_non_null(strstr(out, "not loaded again"));
    assert_non_null(strstr(out, "added 2 demo people new in this version (E0008 E0225)"));
    assert_null(strstr(out, "rows ("));
    hr_free(out);
    char *st = s_statuses(&e, "E0114");
    assert_string_equal(st, "pregnant");
    hr_free(st);
    json_t *added = s_hrctl_json(&e, (const char *[]){"person", "show", "E0225", "--json", NULL});
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(added, "person"), "manager_no")),
        "E0202");
    json_decref(added);
    // And the next restart finds no one missing.
    out = s_load_marked(&e, NULL, marker, false);
    assert_non_null(strstr(out, "not loaded again"));
    assert_null(strstr(out, "added"));
    hr_free(out);
    // A store from before the marker: the directory holds the demo, so it is not imported.
    assert_int_equal(unlink(marker), 0);
    out = s_load_marked(&e, NULL, marker, false);
    assert_non_null(strstr(out, "demo directory already imported on 20"));
    assert_null(strstr(out, "people: 42 rows"));
    hr_free(out);
    st = s_statuses(&e, "E0114");
    assert_string_equal(st, "pregnant");
    hr_free(st);

    // On purpose: --reload imports it again, and the removal is listed.
    out = s_load_marked(&e, NULL, marker, true);
    assert_non_null(strstr(out, "people: 42 rows"));
    assert_non_null(
        strstr(out, "notice: E0114: protected status pregnant removed (was: 医院证明 2026-11-20)"));
    assert_non_null(strstr(out, "(already stored)"));
    hr_free(out);
    st = s_statuses(&e, "E0114");
    assert_string_equal(st, "");
    hr_free(st);

    // A status removed from someone with an open case names the case (the reference case).
    json_t *cases = s_hrctl_json(&e, (const char *[]){"case", "list", "--json", NULL});
    const char *case_id = json_string_value(
        json_object_get(json_array_get(json_object_get(cases, "cases"), 0), "id"));
    assert_int_equal(s_import_row(&e,
                                  E0117_ROW
                                  "2027-04-25,18000.00,18000.00,,,zh,medical_treatment_period:"
                                  "sick note",
                                  &out),
                     0);
    hr_free(out);
    assert_int_equal(s_import_row(&e, E0117_ROW "2027-04-25,18000.00,18000.00,,,zh,", &out), 0);
    char *want = hr_strfmt("notice: E0117: protected status medical_treatment_period removed "
                           "(was: sick note) while case %s is open",
                           case_id);
    assert_non_null(strstr(out, want));
    hr_free(want);
    hr_free(out);
    json_decref(cases);

    // Contract data: the impossible refused, a probation over Art. 19 kept with a warning.
    assert_int_equal(s_import_row(&e, E0117_ROW "2027-04-25,18000.00,18000.00,,,zh,", &out), 0);
    assert_null(strstr(out, "warning:"));
    hr_free(out);
    assert_int_equal(
        s_import_row(&e,
                     "E0117,吴昊,SALES,E0101,wu.hao@example.com,13800000117,大客户经理,"
                     "2026-10-26,fixed,2026-10-26,2025-10-25,,18000.00,18000.00,,,zh,",
                     &out),
        1);
    assert_non_null(strstr(out, "contract_end: 2025-10-25 is before contract_start 2026-10-26"));
    hr_free(out);
    assert_int_equal(s_import_row(&e, E0117_ROW "2027-05-25,18000.00,18000.00,,,zh,", &out), 0);
    assert_non_null(strstr(out, "warning: "));
    assert_non_null(strstr(out, "probation_end: E0117: probation 2026-10-26 to 2027-05-25"));
    assert_non_null(strstr(out, "Art. 83"));
    assert_non_null(strstr(out, "1 imported"));
    hr_free(out);

    // hrctl person show: HR sees the wage, statuses and Art. 42(5) (E0001: retirement computed,
    // under 15 years here); the manager of E0114 sees her without them, as he sees himself;
    // E0200 is not on his line.
    out = NULL;
    assert_int_equal(s_hrctl(&e, &out, (const char *[]){"person", "show", "E0001", NULL}), 0);
    assert_non_null(strstr(out, "1968-07-18, retirement group male60"));
    assert_non_null(strstr(out, "2029-06-18, at 60 years 11 months"));
    assert_non_null(strstr(out, "Art. 42(5)       not_protected"));
    assert_non_null(strstr(out, "60000 yuan a month"));
    hr_free(out);
    out = NULL;
    assert_int_equal(s_hrctl(&e, &out, (const char *[]){"person", "show", "E0117", NULL}), 0);
    assert_non_null(strstr(out, "warning          probation 2026-10-26 to 2027-05-25"));
    assert_non_null(strstr(out, "unknown"));
    hr_free(out);
    out = NULL;
    assert_int_equal(
        s_hrctl(&e, &out, (const char *[]){"person", "show", "E0114", "--as", "E0101", NULL}), 0);
    assert_non_null(strstr(out, "E0114"));
    assert_non_null(strstr(out, "HR only"));
    assert_null(strstr(out, "16000"));
    hr_free(out);
    json_t *j = s_hrctl_json(
        &e, (const char *[]){"person", "show", "E0101", "--as", "E0101", "--json", NULL});
    assert_true(json_is_null(json_object_get(j, "retirement"))); // themselves: not HR's view
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(j, "person"), "monthly_wage_fen")), 0);
    json_decref(j);
    out = NULL;
    char *err = NULL;
    char *argv[] = {e.hrctl, "person",       "show", "E0200", "--as",
                    "E0101", "--config-dir", e.dir,  NULL};
    assert_int_equal(hr_test_run(argv, &out, &err), 1);
    assert_non_null(strstr(err, "not in your reporting line"));
    hr_free(err);
    hr_free(out);

    hr_free(src);
    hr_free(old);
    hr_free(copy);
    hr_free(old_script);
    hr_free(marker);
    hr_free(e.hrctl);
    hr_free(e.dir);
    hr_free(cal);
    hr_free(tpl);
    hr_free(key);
    assert_int_equal(e2e_stop(&e.c), 0);
}

// Runs the repository's load.sh with --marker and the extra arguments (NULL-terminated);
// returns its exit code, *out and *err owned.
static int s_load_rc(s_env_t *e, const char *marker, const char *const *extra, char **out,
                     char **err)
{
    char *script = hr_test_source_path("deploy/demo/load.sh");
    char *argv[12] = {"/bin/bash", script, e->hrctl, e->dir, "--marker", (char *)marker};
    size_t n = 6;
    for (size_t i = 0; extra[i] && n < 11; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    *out = NULL;
    *err = NULL;
    int rc = hr_test_run(argv, out, err);
    hr_free(script);
    return rc;
}

// Whether the directory holds employee_no (hrctl person show).
static bool s_has_person(s_env_t *e, const char *employee_no)
{
    char *out = NULL, *err = NULL;
    char *argv[] = {e->hrctl, "person", "show", (char *)employee_no, "--config-dir", e->dir, NULL};
    int rc = hr_test_run(argv, &out, &err);
    if (rc)
        assert_non_null(strstr(err, "no person"));
    hr_free(out);
    hr_free(err);
    return rc == 0;
}

// A real company's people (numbered XC..., HR head XC0002).
#define COMPANY_PEOPLE                                                                             \
    "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,contract_type,"        \
    "contract_start,contract_end,probation_end,monthly_wage,average_wage,tags,roles,language,"     \
    "protected,birth_date,retirement_base,left_date\n"                                             \
    "XC0001,张前,ADMIN,,zhang.q@corp.example,13900000001,HR总监,2015-01-05,open_ended,"        \
    "2015-01-05,,,30000.00,30000.00,,hr_head;hr;manager,zh,,,,2025-06-30\n"                        \
    "XC0002,王总,ADMIN,,wang.z@corp.example,13900000002,HR总监,2016-01-05,open_ended,"         \
    "2016-01-05,,,30000.00,30000.00,,hr_head;hr;manager,zh,,,,\n"                                  \
    "XC0003,李副,ADMIN,XC0002,li.f@corp.example,13900000003,HR副总监,2017-01-05,open_ended,"  \
    "2017-01-05,,,25000.00,25000.00,,hr_head;hr,zh,,,,\n"                                          \
    "XC0004,赵法,ADMIN,XC0002,zhao.f@corp.example,13900000004,法务,2017-01-05,open_ended,"     \
    "2017-01-05,,,20000.00,20000.00,,legal,zh,,,,2025-06-30\n"                                     \
    "XC0005,钱法,ADMIN,XC0002,qian.f@corp.example,13900000005,法务,2018-01-05,open_ended,"     \
    "2018-01-05,,,20000.00,20000.00,,legal,zh,,,,\n"

// A real company on deploy/run.sh (the adoption review's D4 and D3). The undocumented way
// out of the demo (a marker saying `complete` written before the first start) and a marker
// listing every demo person as imported both leave a directory without the demo as it is: no
// demo person is ever added because the directory lacks them. --no-demo records a data directory
// without the demo, and no later run loads or adds any of it; --reload is refused, and so is
// --no-demo where the demo is loaded.
static void test_demo_stays_out_of_a_real_company(void **state)
{
    HR_UNUSED(state);
    s_env_t e = {0};
    e.c = e2e_new("demo_none");
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *tpl = hr_test_source_path("deploy/config/template-default.txt");
    e2e_config(e.c, "workflow", "calendar/file", cal);
    e2e_config(e.c, "workflow", "template/file", tpl);
    assert_int_equal(e2e_start(e.c, (const char *const[]){"workflow", NULL}), 0);
    e.hrctl = hr_test_bin_path("hrctl");
    e.dir = hr_strdup(e2e_config_dir(e.c));
    char *marker = hr_strfmt("%s/demo-loaded", e2e_dir(e.c));
    char *out = NULL, *err = NULL;

    // The company's departments happen to be the demo's ids.
    char *depts = hr_test_source_path("deploy/demo/departments.csv");
    assert_int_equal(s_hrctl(&e, &out, (const char *[]){"import", "departments", depts, NULL}), 0);
    hr_free(out);
    hr_free(depts);

    // The reviewer's way out: `complete` without the demo's directory - nobody is added.
    assert_int_equal(hr_test_write_file(marker, "complete 2026-11-27T00:00:00Z\n", 30), 0);
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){NULL}, &out, &err), 0);
    assert_non_null(strstr(out, "nothing loaded"));
    assert_null(strstr(out, "added"));
    assert_false(s_has_person(&e, "E0001"));
    assert_false(s_has_person(&e, "E0225"));
    hr_free(out);
    hr_free(err);
    // A marker saying the demo was imported with every one of this version's people: those the
    // directory lacks (HR's business) are not added either.
    char *ids = NULL;
    char *people = hr_test_source_path("deploy/demo/people.csv");
    char *cut = hr_strfmt("tail -n +2 '%s' | cut -d, -f1 | tr '\\n' ' '", people);
    assert_int_equal(hr_test_run((char *[]){"/bin/sh", "-c", cut, NULL}, &ids, NULL), 0);
    assert_non_null(strstr(ids, "E0001 E0002 "));
    hr_free(cut);
    hr_free(people);
    char *full = hr_strfmt("directory 2026-11-20T00:00:00Z\npeople 2026-11-20T00:00:00Z %s\n"
                           "complete 2026-11-20T00:00:00Z\n",
                           ids);
    assert_int_equal(hr_test_write_file(marker, full, strlen(full)), 0);
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){NULL}, &out, &err), 0);
    assert_non_null(strstr(out, "not loaded again"));
    assert_null(strstr(out, "added"));
    assert_false(s_has_person(&e, "E0001"));
    hr_free(out);
    hr_free(err);
    // --no-demo where the marker says the demo is in: refused, the marker left as it was.
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){"--no-demo", NULL}, &out, &err), 1);
    assert_non_null(strstr(err, "--reset --no-demo"));
    hr_free(out);
    hr_free(err);
    size_t len = 0;
    char *text = hr_test_read_file(marker, &len);
    assert_string_equal(text, full);
    hr_free(text);

    // deploy/run.sh --no-demo: recorded once, and from then on nothing of the demo, ever.
    assert_int_equal(unlink(marker), 0);
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){"--no-demo", NULL}, &out, &err), 0);
    assert_non_null(strstr(out, "not loaded, now or at any later start"));
    hr_free(out);
    hr_free(err);
    text = hr_test_read_file(marker, &len);
    assert_non_null(strstr(text, "none 20"));
    hr_free(text);
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){"--no-demo", NULL}, &out, &err), 0);
    assert_non_null(strstr(out, "none in this data directory (--no-demo since 20"));
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){NULL}, &out, &err), 0);
    assert_non_null(strstr(out, "started with --no-demo on 20"));
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){"--reload", NULL}, &out, &err), 1);
    assert_non_null(strstr(err, "without the demo company"));
    hr_free(out);
    hr_free(err);
    assert_false(s_has_person(&e, "E0001"));

    // The company's own people.
    char *csv = hr_strfmt("%s/company.csv", e2e_dir(e.c));
    assert_int_equal(hr_test_write_file(csv, COMPANY_PEOPLE, strlen(COMPANY_PEOPLE)), 0);
    assert_int_equal(s_hrctl(&e, &out, (const char *[]){"import", "people", csv, NULL}), 0);
    hr_free(out);
    // Still no demo after the company's import and a restart's load.sh.
    assert_int_equal(s_load_rc(&e, marker, (const char *[]){NULL}, &out, &err), 0);
    assert_null(strstr(out, "added"));
    hr_free(out);
    hr_free(err);
    assert_false(s_has_person(&e, "E0001"));
    assert_false(s_has_person(&e, "E0225"));

    hr_free(csv);
    hr_free(full);
    hr_free(ids);
    hr_free(marker);
    hr_free(e.hrctl);
    hr_free(e.dir);
    hr_free(cal);
    hr_free(tpl);
    assert_int_equal(e2e_stop(&e.c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_company_loads_twice_with_provenance),
        cmocka_unit_test(test_demo_loads_once_and_keeps_hr_changes),
        cmocka_unit_test(test_demo_stays_out_of_a_real_company),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
