/*  e2e.analytics_roles - the real hr-workflow and hr-analytics: analytics counts hr and legal
 *  only as the workflow's people directory gives them (its workflow.RolesChanged events), not
 *  as a caller claims them.
 *
 *  The demo directory is imported into the workflow: E0003 is hr, E0006 legal, E0120 a plain
 *  employee. Once analytics has learnt it, E0003 imports and reads facts, metrics, warnings and
 *  quarantined rows (hrctl --as E0003 and over the wire), E0006 (legal) reads the facts of a
 *  case's employee only, as the workflow lets legal read the directory - not warnings about
 *  everyone, quarantined rows or an import's text - lists the imports, and imports and
 *  withdraws nothing;
 *  E0120 claiming hr (hrctl --as E0120 --role hr sends the claim as it is), legal or operator
 *  is refused, and so is someone the directory does not know. A later people import takes
 *  E0003's hr: E0003 is refused from then on, E0007 (still hr) is not. Without a workflow peer
 *  only the operator may call. A store from before (schema 6, its cursor past the directory
 *  an older daemon passed over) learns the directory at its upgrade. A protected status the
 *  directory records (E0111 pregnant) reaches analytics by a people import and by the workflow's
 *  upgrade to schema 5: warnings leave her out, her facts are compared with nobody.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"
#include "workflow_util.h"
#include "wf.h"

#define FROM "2026-11-02"
#define TO "2026-11-20"
#define PINS "employee_no,pin,department\nE0110,110,SALES\nE0111,111,SALES\n"

// GetFacts about E0110 as user with roles "r1,r2" (NULL user: the operator): the code.
static hr_rc_t s_facts(e2e_t *c, const char *user, const char *roles, hr_arena_t *arena)
{
    Hr__Analytics__GetFactsRequest req = HR__ANALYTICS__GET_FACTS_REQUEST__INIT;
    req.employee_no = "E0110";
    req.from = FROM;
    req.to = TO;
    return wfe_call_to(c, "analytics", user, roles, "analytics.GetFacts", &req.base,
                       &hr__analytics__get_facts_reply__descriptor, arena, NULL);
}

// Waits (real time: the consumer pulls on its own) until facts as user/roles answer want.
static bool s_wait_facts(e2e_t *c, const char *user, const char *roles, hr_rc_t want,
                         hr_arena_t *arena)
{
    for (int i = 0; i < 200; i++) {
        if (s_facts(c, user, roles, arena) == want)
            return true;
        zclock_sleep(50);
    }
    return false;
}

// The other routes as user/roles: metrics, warnings, quarantine (reads), an import (a write,
// of PINS under a name of its own so each is a new file).
static hr_rc_t s_route(e2e_t *c, const char *route, const char *user, const char *roles,
                       hr_arena_t *arena)
{
    if (!strcmp(route, "metrics")) {
        Hr__Analytics__GetMetricsRequest req = HR__ANALYTICS__GET_METRICS_REQUEST__INIT;
        return wfe_call_to(c, "analytics", user, roles, "analytics.GetMetrics", &req.base,
                           &hr__analytics__get_metrics_reply__descriptor, arena, NULL);
    }
    if (!strcmp(route, "warnings")) {
        Hr__Analytics__ListWarningsRequest req = HR__ANALYTICS__LIST_WARNINGS_REQUEST__INIT;
        req.from = FROM;
        req.to = TO;
        return wfe_call_to(c, "analytics", user, roles, "analytics.ListWarnings", &req.base,
                           &hr__analytics__list_warnings_reply__descriptor, arena, NULL);
    }
    if (!strcmp(route, "quarantine")) {
        Hr__Analytics__ListQuarantineRequest req = HR__ANALYTICS__LIST_QUARANTINE_REQUEST__INIT;
        return wfe_call_to(c, "analytics", user, roles, "analytics.ListQuarantine", &req.base,
                           &hr__analytics__list_quarantine_reply__descriptor, arena, NULL);
    }
    // An import without its file frames: refused for its size when the caller may import
    // (EINVAL), before that when not (EDENIED). hrctl below imports a whole file.
    Hr__Analytics__ImportFeedRequest req = HR__ANALYTICS__IMPORT_FEED_REQUEST__INIT;
    req.kind = HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE;
    req.file_name = "pins.csv";
    req.size = strlen(PINS);
    return wfe_call_to(c, "analytics", user, roles, "analytics.ImportFeed", &req.base,
                       &hr__analytics__import_feed_reply__descriptor, arena, NULL);
}

// hrctl with args; *err_out (owned, may be NULL) gets its stderr. The exit status.
static int s_hrctl(e2e_t *c, const char *const *args, char **err_out)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (err_out)
        *err_out = err;
    else
        hr_free(err);
    hr_free(out);
    return rc;
}

// hrctl args must exit with code and say says on stderr (NULL: anything).
static void s_expect(e2e_t *c, const char *const *args, int code, const char *says)
{
    char *err = NULL;
    int rc = s_hrctl(c, args, &err);
    if (rc != code || (says && !strstr(err, says)))
        fail_msg("hrctl %s ... %s %s: exit %d (want %d, '%s'): %s", args[0], args[1], args[2], rc,
                 code, says ? says : "", err);
    hr_free(err);
}

static char *s_pins_file(e2e_t *c, const char *name)
{
    char *file = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(file, PINS, strlen(PINS)), 0);
    return file;
}

static void test_roles_count_as_the_directory_gives_them(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("anroles");
    assert_non_null(c);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *pins = s_pins_file(c, "pins.csv");

    // 1. Once analytics has learnt the directory, E0003 (hr) imports with hrctl --as (the roles
    //    the directory gives) and reads facts, metrics, warnings and the quarantine.
    assert_true(s_wait_facts(c, "E0003", "hr", HR_ENOTFOUND, arena)); // nobody in the feed yet
    s_expect(c, (const char *[]){"import", "pins", pins, "--as", "E0003", NULL}, 0, NULL);
    assert_int_equal(s_facts(c, "E0003", "hr", arena), HR_OK);
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0003", NULL},
             0, NULL);
    s_expect(c, (const char *[]){"metrics", "--as", "E0003", NULL}, 0, NULL);
    s_expect(c, (const char *[]){"warnings", "--from", FROM, "--to", TO, "--as", "E0003", NULL}, 0,
             NULL);
    s_expect(c, (const char *[]){"quarantine", "--as", "E0003", NULL}, 0, NULL);
    // The HR head (hr_head and hr) and hrctl's own identity too.
    assert_int_equal(s_facts(c, "E0002", "hr_head", arena), HR_OK);
    assert_int_equal(s_facts(c, NULL, NULL, arena), HR_OK);
    s_expect(c, (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, NULL}, 0, NULL);
    // Legal (E0006) reads as hr-workflow lets it read the directory: the facts of a case's
    // employee, no one else's - E0110's once E0101 has opened a case about them, never E0111's
    // (the workflow refuses E0006 `person show E0111` alike), nor a PIN's. Imports are HR's.
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0006", NULL},
             1, "E0110 is the employee of no case: legal reads the facts of a case's employee");
    assert_non_null(wfe_open(c, "E0101", "E0110", "A40_2", arena));
    assert_true(s_wait_facts(c, "E0006", "legal", HR_OK, arena));
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0006", NULL},
             0, NULL);
    s_expect(c,
             (const char *[]){"facts", "E0111", "--from", FROM, "--to", TO, "--as", "E0006", NULL},
             1, "E0111 is the employee of no case");
    s_expect(c,
             (const char *[]){"facts", "--pin", "111", "--from", FROM, "--to", TO, "--as", "E0006",
                              NULL},
             1, "a PIN that matches no person is nobody's case");
    s_expect(c, (const char *[]){"person", "show", "E0111", "--as", "E0006", NULL}, 1,
             "legal: nor the employee of a case");
    // Warnings look at everyone, quarantined rows and an import's text are anyone's records:
    // HR's, not legal's.
    s_expect(c, (const char *[]){"warnings", "--from", FROM, "--to", TO, "--as", "E0006", NULL}, 1,
             "warnings need the operator, or hr as the people directory gives them (legal reads "
             "the facts of a case's employee");
    s_expect(c, (const char *[]){"quarantine", "--as", "E0006", NULL}, 1,
             "quarantined rows need the operator, or hr");
    s_expect(c, (const char *[]){"import", "list", "1", "--text", "--as", "E0006", NULL}, 1,
             "imports' text need the operator, or hr");
    s_expect(c, (const char *[]){"import", "list", "1", "--text", "--as", "E0003", NULL}, 0, NULL);
    assert_int_equal(s_route(c, "warnings", "E0006", "legal", arena), HR_EDENIED);
    assert_int_equal(s_route(c, "metrics", "E0006", "legal", arena), HR_OK);
    assert_int_equal(s_route(c, "import", "E0006", "legal", arena), HR_EDENIED);
    assert_int_equal(s_route(c, "import", "E0003", "hr", arena), HR_EINVAL); // let in: no frames
    // Withdrawing an import is HR's too; legal sees the imports and may not withdraw one. HR is
    // let in (an import number there is not: ENOTFOUND).
    s_expect(c, (const char *[]){"import", "list", "--as", "E0006", NULL}, 0, NULL);
    s_expect(c, (const char *[]){"import", "withdraw", "1", "--reason", "x", "--as", "E0006", NULL},
             1, "withdrawals need the operator, or hr as the people directory gives them");
    s_expect(c,
             (const char *[]){"import", "withdraw", "999", "--reason", "x", "--as", "E0003", NULL},
             1, "no import number 999");

    // 2. A plain employee claiming hr is refused on every route, as are the other claims the
    //    directory does not back: hrctl --role sends the claim as it is.
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0120",
                              "--role", "hr", NULL},
             1, "E0120 is not hr in the people directory");
    s_expect(c, (const char *[]){"metrics", "--as", "E0120", "--role", "hr", NULL}, 1,
             "E0120 is not hr in the people directory");
    s_expect(c,
             (const char *[]){"warnings", "--from", FROM, "--to", TO, "--as", "E0120", "--role",
                              "hr", NULL},
             1, "E0120 is not hr in the people directory");
    s_expect(c, (const char *[]){"quarantine", "--as", "E0120", "--role", "hr", NULL}, 1,
             "E0120 is not hr in the people directory");
    char *pins2 = s_pins_file(c, "pins-2.csv");
    s_expect(c, (const char *[]){"import", "pins", pins2, "--as", "E0120", "--role", "hr", NULL}, 1,
             "E0120 is not hr in the people directory");
    // Without --role hrctl sends the directory's roles: an employee's, who may not.
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0120", NULL},
             1, "facts need the operator, or hr or legal as the people directory gives them");
    // Every read of personal data and every refusal is in the log at info, with the actor, the
    // route and the person asked about - ids only (reliability P19, P21).
    char *log_path = hr_strfmt("%s/log/analytics.log", e2e_dir(c));
    char *log = hr_test_read_file(log_path, NULL);
    assert_non_null(log);
    static const char *const logged[] = {
        "ev=analytics.read actor=E0003 route=analytics.GetFacts employee_no=E0110",
        "ev=analytics.read actor=E0003 route=analytics.ListQuarantine employee_no=-",
        "ev=analytics.read actor=E0003 route=analytics.GetMetrics employee_no=-",
        "ev=analytics.read actor=operator route=analytics.GetFacts employee_no=E0110",
        "ev=analytics.denied actor=E0120 route=analytics.GetFacts employee_no=E0110",
        "ev=analytics.denied actor=E0120 route=analytics.ListQuarantine employee_no=-",
        "ev=analytics.denied actor=E0120 route=analytics.ImportFeed employee_no=-",
        "ev=analytics.read actor=E0006 route=analytics.GetFacts employee_no=E0110",
        "ev=analytics.denied actor=E0006 route=analytics.GetFacts employee_no=E0111",
        "ev=analytics.denied actor=E0006 route=analytics.ListWarnings employee_no=-",
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(logged); i++)
        if (!strstr(log, logged[i]))
            fail_msg("not in %s: %s", log_path, logged[i]);
    hr_free(log);
    hr_free(log_path);
    static const struct {
        const char *user, *roles;
    } claims[] = {{"E0120", "hr"},       {"E0120", "legal"},    {"E0120", "hr_head"},
                  {"E0120", "operator"}, {"E0120", "hr,legal"}, {"E0006", "hr"},
                  {"X9999", "hr"},       {"X9999", "operator"}, {"E0003", "employee"}};
    static const char *const routes[] = {"metrics", "warnings", "quarantine", "import"};
    for (size_t i = 0; i < HR_ARRAY_LEN(claims); i++) {
        const char *user = claims[i].user, *roles = claims[i].roles;
        if (s_facts(c, user, roles, arena) != HR_EDENIED)
            fail_msg("%s claiming %s read facts", user, roles);
        for (size_t k = 0; k < HR_ARRAY_LEN(routes); k++)
            if (s_route(c, routes[k], user, roles, arena) != HR_EDENIED)
                fail_msg("%s claiming %s was let into %s", user, roles, routes[k]);
    }
    // (E0006 claiming hr reads as legal only when it claims legal: not here.)

    // 3. A people import takes E0003's hr: analytics follows, and E0003 is refused from then
    //    on; E0007, still hr, reads on.
    char *people = wfe_people_without_roles(c, "E0003");
    assert_non_null(people);
    assert_int_equal(s_hrctl(c, (const char *[]){"import", "people", people, NULL}, NULL), 0);
    assert_true(s_wait_facts(c, "E0003", "hr", HR_EDENIED, arena));
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0003",
                              "--role", "hr", NULL},
             1, "E0003 is not hr in the people directory");
    s_expect(c, (const char *[]){"import", "pins", pins2, "--as", "E0003", NULL}, 1,
             "imports need the operator, or hr as the people directory gives them");
    for (size_t k = 0; k < HR_ARRAY_LEN(routes); k++)
        assert_int_equal(s_route(c, routes[k], "E0003", "hr", arena), HR_EDENIED);
    assert_int_equal(s_facts(c, "E0007", "hr", arena), HR_OK);
    s_expect(c, (const char *[]){"import", "pins", pins2, "--as", "E0007", NULL}, 0, NULL);

    // 4. What analytics learnt stays across a restart (it is in its store, with the cursor).
    assert_int_equal(e2e_stop_one(c, "analytics"), 0);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    assert_int_equal(s_facts(c, "E0003", "hr", arena), HR_EDENIED);
    assert_int_equal(s_facts(c, "E0007", "hr", arena), HR_OK);

    hr_free(people);
    hr_free(pins2);
    hr_free(pins);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A people file (owned path, in the test directory): the header and employee_no's row of
// deploy/demo/people.csv with its `protected` cell set to cell.
static char *s_people_protected(e2e_t *c, const char *employee_no, const char *cell)
{
    char *src = hr_test_source_path("deploy/demo/people.csv");
    char *demo = hr_test_read_file(src, NULL);
    hr_free(src);
    assert_non_null(demo);
    size_t hlen = strcspn(demo, "\n"), col = 0;
    for (const char *h = demo; strncmp(h, "protected,", 10); h++) {
        assert_true(h < demo + hlen);
        col += *h == ',';
    }
    char *want = hr_strfmt("\n%s,", employee_no);
    char *row = strstr(demo, want);
    hr_free(want);
    assert_non_null(row);
    row++;
    size_t rlen = strcspn(row, "\n");
    const char *a = row;
    for (size_t i = 0; i < col; i++)
        a = strchr(a, ',') + 1;
    const char *b = a + strcspn(a, ",\n");
    char *csv = hr_strfmt("%.*s\n%.*s%s%.*s\n", (int)hlen, demo, (int)(a - row), row, cell,
                          (int)(row + rlen - b), b);
    char *file = hr_strfmt("%s/people_protected.csv", e2e_dir(c));
    assert_int_equal(hr_test_write_file(file, csv, strlen(csv)), 0);
    hr_free(csv);
    hr_free(demo);
    return file;
}

// ListWarnings over 11-16..11-20 as the operator (arena memory).
static Hr__Analytics__ListWarningsReply *s_warnings(e2e_t *c, hr_arena_t *arena)
{
    Hr__Analytics__ListWarningsRequest req = HR__ANALYTICS__LIST_WARNINGS_REQUEST__INIT;
    req.from = "2026-11-16";
    req.to = "2026-11-20";
    void *rep = NULL;
    assert_int_equal(wfe_call_to(c, "analytics", NULL, NULL, "analytics.ListWarnings", &req.base,
                                 &hr__analytics__list_warnings_reply__descriptor, arena, &rep),
                     HR_OK);
    return rep;
}

static bool s_warned(const Hr__Analytics__ListWarningsReply *w, const char *emp)
{
    for (size_t i = 0; i < w->n_warnings; i++)
        if (!strcmp(w->warnings[i]->employee_no, emp))
            return true;
    return false;
}

// The workflow's directory records E0111 as pregnant (people.csv `protected`), with no leave row
// at analytics: her November late arrivals and October KPI were warned and compared with her
// colleagues like anyone's. The import's workflow.RolesChanged carries the status key (never its
// source): analytics leaves her out of the warnings naming the status and LCL 42, her facts say
// it and are compared with nobody, and her figures are in nobody's median.
static void test_a_protected_status_in_the_directory_reaches_analytics(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("anstatus");
    assert_non_null(c);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    assert_true(s_wait_facts(c, "E0003", "hr", HR_ENOTFOUND, arena)); // the directory is learnt
    const char *feeds[][3] = {
        {"pins", "pins.csv",
         "employee_no,pin,department\nE0110,110,SALES\nE0111,111,SALES\nE0112,112,SALES\n"
         "E0113,113,SALES\nE0114,114,SALES\n"},
        {"performance", "kpi.csv",
         "employee_no,period,metric,target,actual\nE0111,2026-10,visits,40,15\n"
         "E0110,2026-10,visits,40,40\nE0112,2026-10,visits,40,38\n"},
        {"attendance", "att.csv", NULL},
    };
    char *att = hr_strfmt("pin,time\n");
    for (int d = 16; d <= 20; d++)
        for (int p = 110; p <= 114; p++) {
            char *more = hr_strfmt("%s%d,2026-11-%d %s\n%d,2026-11-%d 18:05:00\n", att, p, d,
                                   p == 111 ? "09:40:00" : "08:50:00", p, d);
            hr_free(att);
            att = more;
        }
    for (size_t i = 0; i < HR_ARRAY_LEN(feeds); i++) {
        char *file = hr_strfmt("%s/%s", e2e_dir(c), feeds[i][1]);
        const char *text = feeds[i][2] ? feeds[i][2] : att;
        assert_int_equal(hr_test_write_file(file, text, strlen(text)), 0);
        s_expect(c, (const char *[]){"import", feeds[i][0], file, NULL}, 0, NULL);
        hr_free(file);
    }
    // Before: warned, and in E0110's medians.
    Hr__Analytics__ListWarningsReply *w = s_warnings(c, arena);
    assert_true(s_warned(w, "E0111"));
    char *out = NULL;
    assert_int_equal(e2e_hrctl(c, &out, NULL,
                               (const char *[]){"facts", "E0110", "--from", "2026-11-16", "--to",
                                                "2026-11-20", "--json", NULL}),
                     0);
    assert_non_null(strstr(out, "4 colleagues")); // E0111..E0114
    hr_free(out);

    // HR records the pregnancy in the directory: analytics follows the import's event.
    char *people = s_people_protected(c, "E0111", "pregnant:medical certificate 2026-11-01");
    assert_int_equal(s_hrctl(c, (const char *[]){"import", "people", people, NULL}, NULL), 0);
    bool left = false;
    for (int i = 0; i < 200 && !left; i++) {
        w = s_warnings(c, arena);
        for (size_t k = 0; k < w->n_left_out && !left; k++)
            left = !strcmp(w->left_out[k]->employee_no, "E0111");
        if (!left)
            zclock_sleep(50);
    }
    assert_true(left);
    assert_false(s_warned(w, "E0111"));
    assert_int_equal(
        e2e_hrctl(c, &out, NULL,
                  (const char *[]){"warnings", "--from", "2026-11-16", "--to", "2026-11-20", NULL}),
        0);
    if (!strstr(out, "left out: E0111 SALES all warnings (2026-11-16..2026-11-20, "
                     "protected_status)") ||
        !strstr(out, "people directory records a status the law protects (孕期 pregnant; LCL "
                     "42(4); 妇女权益保障法 Art. 48)") ||
        strstr(out, "medical certificate") || strstr(out, "E0111 SALES late_arrivals"))
        fail_msg("%s", out);
    hr_free(out);
    assert_int_equal(e2e_hrctl(c, &out, NULL,
                               (const char *[]){"facts", "E0111", "--from", "2026-11-16", "--to",
                                                "2026-11-20", "--json", NULL}),
                     0);
    if (!strstr(out, "not compared: the people directory records a status the law protects "
                     "(孕期 pregnant;") ||
        strstr(out, "colleagues, the person not included") || strstr(out, "medical certificate"))
        fail_msg("%s", out);
    hr_free(out);
    assert_int_equal(e2e_hrctl(c, &out, NULL,
                               (const char *[]){"facts", "E0110", "--from", "2026-11-16", "--to",
                                                "2026-11-20", "--json", NULL}),
                     0);
    if (!strstr(out, "3 colleagues") || strstr(out, "4 colleagues"))
        fail_msg("%s", out);
    hr_free(out);

    hr_free(att);
    hr_free(people);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A workflow store of schema 4 (the previous version): the directory records E0111 as pregnant,
// and no event of its log carries a status key. Its upgrade to schema 5 publishes everyone once
// more with their keys, so hr-analytics leaves her out of the warnings without any new import.
static void test_the_workflow_upgrade_publishes_the_statuses(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("anstatus_upgrade");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    char *people = s_people_protected(c, "E0111", "pregnant:medical certificate 2026-11-01");
    assert_int_equal(s_hrctl(c, (const char *[]){"import", "people", people, NULL}, NULL), 0);
    // As the previous version left it: schema 4, a log whose RolesChanged carry no keys (none
    // at all here: the log is emptied).
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    char *dir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    hr_store_t *store = hr_test_store_open_at(dir, wf_store_dbs, 64, 8);
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    assert_int_equal(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(store, HR_DB_EVENTS), 0), 0);
    uint8_t v4[4];
    hr_be32_put(v4, 4);
    assert_int_equal(hr_store_put(txn, HR_DB_META, "schema_version", 14, v4, sizeof v4, 0), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    char *file = hr_strfmt("%s/pins.csv", e2e_dir(c));
    const char *pins = "employee_no,pin,department\nE0110,110,SALES\nE0111,111,SALES\n";
    assert_int_equal(hr_test_write_file(file, pins, strlen(pins)), 0);
    s_expect(c, (const char *[]){"import", "pins", file, NULL}, 0, NULL);
    hr_free(file);
    file = hr_strfmt("%s/kpi.csv", e2e_dir(c));
    const char *kpi = "employee_no,period,metric,target,actual\nE0111,2026-10,visits,40,15\n";
    assert_int_equal(hr_test_write_file(file, kpi, strlen(kpi)), 0);
    s_expect(c, (const char *[]){"import", "performance", file, NULL}, 0, NULL);
    hr_free(file);
    const Hr__Analytics__WarningLeftOut *x = NULL;
    for (int i = 0; i < 200 && !x; i++) {
        Hr__Analytics__ListWarningsReply *w = s_warnings(c, arena);
        assert_false(s_warned(w, "E0111"));
        for (size_t k = 0; k < w->n_left_out && !x; k++)
            if (!strcmp(w->left_out[k]->employee_no, "E0111"))
                x = w->left_out[k];
        if (!x)
            zclock_sleep(50);
    }
    assert_non_null(x);
    assert_string_equal(x->reason, "protected_status");
    assert_non_null(strstr(x->text_en, "孕期 pregnant"));
    hr_free(dir);
    hr_free(people);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// Without a workflow peer nothing tells analytics who is hr: only the operator may call, and
// sys.Status says so.
static void test_without_a_workflow_peer_only_the_operator_may_call(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("anroles_alone");
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    char *pins = s_pins_file(c, "pins.csv");
    s_expect(c, (const char *[]){"import", "pins", pins, NULL}, 0, NULL);
    assert_int_equal(s_facts(c, NULL, NULL, arena), HR_OK);
    assert_int_equal(s_facts(c, "E0003", "hr", arena), HR_EDENIED);
    assert_int_equal(s_facts(c, "E0006", "legal", arena), HR_EDENIED);
    assert_int_equal(s_facts(c, "E0003", "operator", arena), HR_EDENIED);
    assert_int_equal(s_route(c, "import", "E0003", "hr", arena), HR_EDENIED);
    s_expect(c,
             (const char *[]){"facts", "E0110", "--from", FROM, "--to", TO, "--as", "E0003",
                              "--role", "hr", NULL},
             1, "only the operator (hrctl) may use it");
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res = {0};
    assert_int_equal(e2e_call(c, "analytics", "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    Hr__Sys__StatusReply *st = res.reply;
    bool said = false;
    for (size_t i = 0; i < st->n_extra; i++)
        said |= !strcmp(st->extra[i], "roles=operator_only");
    assert_true(said);
    hr_free(pins);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A store from before: schema 6, its cursor past the workflow's directory (the older daemon
// passed workflow.RolesChanged over). The upgrade reads the log again for the roles alone, so
// HR is let in as soon as the events arrive, and the employee claiming hr is not.
static void test_a_store_from_before_learns_the_directory(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("anroles_upgrade");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res = {0};
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    uint64_t head = ((Hr__Sys__StatusReply *)res.reply)->last_event_seq;
    assert_true(head > 0);

    char *dir = hr_strfmt("%s/data/analytics", e2e_dir(c));
    char *err = NULL;
    hr_store_opts_t opts = {.dir = dir, .mapsize_mb = 64, .dbs = an_store_dbs, .schema_version = 6};
    hr_store_t *store = hr_store_open(&opts, &err);
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    uint8_t v[8];
    hr_be64_put(v, head);
    assert_int_equal(hr_store_put(txn, HR_DB_CURSORS, AN_WORKFLOW_SOURCE,
                                  strlen(AN_WORKFLOW_SOURCE), v, sizeof v, 0),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);

    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    char *pins = s_pins_file(c, "pins.csv");
    s_expect(c, (const char *[]){"import", "pins", pins, NULL}, 0, NULL);
    assert_true(s_wait_facts(c, "E0003", "hr", HR_OK, arena));
    assert_int_equal(s_facts(c, "E0120", "hr", arena), HR_EDENIED);
    // Legal reads a case's employee: E0110's once a case about them is opened.
    assert_int_equal(s_facts(c, "E0006", "legal", arena), HR_EDENIED);
    assert_non_null(wfe_open(c, "E0101", "E0110", "A40_2", arena));
    assert_true(s_wait_facts(c, "E0006", "legal", HR_OK, arena));
    hr_free(pins);
    hr_free(err);
    hr_free(dir);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_count_as_the_directory_gives_them),
        cmocka_unit_test(test_without_a_workflow_peer_only_the_operator_may_call),
        cmocka_unit_test(test_a_store_from_before_learns_the_directory),
        cmocka_unit_test(test_a_protected_status_in_the_directory_reaches_analytics),
        cmocka_unit_test(test_the_workflow_upgrade_publishes_the_statuses),
    };
    return cmocka_run_group_tests_name("e2e.analytics_roles", tests, NULL, NULL);
}
