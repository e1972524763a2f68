/*  e2e.authz - who the daemons take a request from, with forged actors over the real sockets
 *  (as the security review sent them with the Python client):
 *  - notify.Send only from hr-workflow's relay (user "workflow", role service) and the
 *    operator; notify.Log only from the operator (hrctl notify log keeps working). An employee,
 *    an employee claiming hr or operator, the operator's id without the role, "workflow" without
 *    the service role, another daemon, an unnamed caller: EDENIED, nothing queued, the refusal
 *    logged without the recipients.
 *  - sys.Backup on every daemon only for the operator (user "operator" with the role), never
 *    for someone claiming the role; store.backup names who asked.
 *  - the people import refuses the ids the system acts as (operator, the daemons' names), per
 *    row; a record hrctl put as the operator is not readable by a caller who claims the
 *    operator's id without being the operator.
 *  - every daemon runs not dumpable, with RLIMIT_CORE 0, unless debug/core_dumps asks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "evidence.pb-c.h"
#include "hr_test.h"
#include "notify.pb-c.h"
#include "workflow_util.h"

#define VICTIM_EMAIL "victim@corp.example.com"

// A user id and roles ("r1,r2"; "" none) a request claims.
typedef struct {
    const char *user;
    const char *roles;
} s_who_t;

// Forged actors none of the guarded routes takes.
static const s_who_t s_forged[] = {
    {"E0110", "employee"},    {"E0110", "hr"},  {"E0110", "operator"},    {"E0002", "hr,hr_head"},
    {"operator", "employee"}, {"operator", ""}, {"workflow", "employee"}, {"E0110", "service"},
    {"evidence", "service"},  {"", ""},
};

static char *s_log(e2e_t *c, const char *service)
{
    char *path = hr_strfmt("%s/log/%s.log", e2e_dir(c), service);
    char *text = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_non_null(text);
    return text;
}

static void s_send_req(Hr__Notify__SendRequest *req, Hr__Notify__Recipient *to,
                       Hr__Notify__Recipient **to_p, Hr__Notify__Variable *var,
                       Hr__Notify__Variable **var_p)
{
    hr__notify__recipient__init(to);
    to->name = "Victim";
    to->email = VICTIM_EMAIL;
    to->mobile = "13800000110";
    to_p[0] = to;
    hr__notify__variable__init(var);
    var->key = "note";
    var->value = "your interview is cancelled";
    var_p[0] = var;
    hr__notify__send_request__init(req);
    req->to = to_p;
    req->n_to = 1;
    req->template_ = "test";
    req->language = "en";
    req->variables = var_p;
    req->n_variables = 1;
    req->supersede_key = "interview:C1";
}

static hr_rc_t s_log_as(e2e_t *c, const char *user, const char *roles, hr_arena_t *arena,
                        Hr__Notify__LogReply **rep)
{
    Hr__Notify__LogRequest req = HR__NOTIFY__LOG_REQUEST__INIT;
    return wfe_call_to(c, "notify", user, roles, "notify.Log", &req.base,
                       &hr__notify__log_reply__descriptor, arena, (void **)rep);
}

static void
test_notify_sends_for_the_workflow_and_the_operator_and_logs_for_the_operator(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("authz-notify");
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Notify__SendRequest req;
    Hr__Notify__Recipient to, *to_p[1];
    Hr__Notify__Variable var, *var_p[1];
    s_send_req(&req, &to, to_p, &var, var_p);

    for (size_t i = 0; i < HR_ARRAY_LEN(s_forged); i++) {
        hr_result_t res;
        hr_clock_t *clock = hr_clock_system_new();
        char *err = NULL;
        hr_client_t *client = hr_client_new(e2e_endpoint(c, "notify"), clock, &err);
        assert_non_null(client);
        Hr__Actor actor = HR__ACTOR__INIT;
        char roles_buf[64];
        snprintf(roles_buf, sizeof roles_buf, "%s", s_forged[i].roles);
        char *list[4];
        char *save = NULL;
        for (char *r = strtok_r(roles_buf, ",", &save); r && actor.n_roles < 4;
             r = strtok_r(NULL, ",", &save))
            list[actor.n_roles++] = r;
        actor.roles = list;
        actor.user_id = (char *)s_forged[i].user;
        hr_call_opts_t opts = {.timeout_ms = 5000, .actor = &actor};
        hr_rc_t rc = hr_client_call(client, "notify.Send", &req.base,
                                    &hr__notify__send_reply__descriptor, arena, &opts, &res);
        if (rc != HR_EDENIED)
            fail_msg("notify.Send as %s (%s): %s, not EDENIED", s_forged[i].user, s_forged[i].roles,
                     hr_rc_name(rc));
        assert_non_null(strstr(res.message, "only hr-workflow and the operator"));
        zmsg_destroy(&res.frames);
        hr_client_destroy(&client);
        hr_clock_destroy(&clock);
        Hr__Notify__LogReply *log = NULL;
        if (s_log_as(c, s_forged[i].user, s_forged[i].roles, arena, &log) != HR_EDENIED)
            fail_msg("notify.Log as %s (%s) was not refused", s_forged[i].user, s_forged[i].roles);
    }
    assert_int_equal(s_log_as(c, "workflow", HR_SERVICE_ROLE, arena, NULL), HR_EDENIED);

    // Nothing of the refused sends was stored: the operator's log is empty.
    Hr__Notify__LogReply *log = NULL;
    assert_int_equal(s_log_as(c, NULL, NULL, arena, &log), HR_OK);
    assert_int_equal(log->n_deliveries, 0);
    assert_int_equal(log->queued + log->sent + log->failed, 0);

    // hr-workflow's relay and the operator send.
    Hr__Notify__SendReply *rep = NULL;
    req.supersede_key = "";
    assert_int_equal(wfe_call_to(c, "notify", "workflow", HR_SERVICE_ROLE, "notify.Send", &req.base,
                                 &hr__notify__send_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_true(rep->deliveries >= 1);
    assert_int_equal(wfe_call_to(c, "notify", NULL, NULL, "notify.Send", &req.base,
                                 &hr__notify__send_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(s_log_as(c, NULL, NULL, arena, &log), HR_OK);
    assert_true(log->n_deliveries >= 2);

    // hrctl notify log is the operator's.
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"notify", "log", NULL}), 0);
    assert_non_null(strstr(out, rep->send_id));
    hr_free(out);
    hr_free(err);

    // Each refusal is logged with the route and the user id; no recipient.
    char *text = s_log(c, "notify");
    assert_non_null(strstr(text, "ev=notify.denied route=notify.Send user=E0110"));
    assert_non_null(strstr(text, "ev=notify.denied route=notify.Log user=E0110"));
    assert_non_null(strstr(text, "ev=notify.denied route=notify.Send user=-"));
    assert_null(strstr(text, VICTIM_EMAIL));
    hr_free(text);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The hard RLIMIT_CORE of pid as /proc shows it ("0", "unlimited", ...), owned.
static char *s_core_limit(pid_t pid)
{
    char *path = hr_strfmt("/proc/%d/limits", (int)pid);
    char *text = hr_test_read_file(path, NULL);
    hr_free(path);
    assert_non_null(text);
    const char *line = strstr(text, "Max core file size");
    assert_non_null(line);
    char soft[32] = "", hard[32] = "";
    assert_int_equal(sscanf(line + strlen("Max core file size"), "%31s %31s", soft, hard), 2);
    hr_free(text);
    return hr_strfmt("%s/%s", soft, hard);
}

static Hr__Sys__StatusReply *s_status(e2e_t *c, const char *service, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    Hr__Sys__StatusReply *rep = NULL;
    assert_int_equal(wfe_call_to(c, service, NULL, NULL, "sys.Status", &req.base,
                                 &hr__sys__status_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    return rep;
}

// Every daemon: sys.Backup for the operator alone, and no core file.
static void test_every_daemon_backs_up_for_the_operator_only_and_dumps_no_core(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("authz-backup");
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t i = 0; e2e_all_services[i]; i++) {
        const char *svc = e2e_all_services[i];
        char *dir = hr_strfmt("%s/bk-%s", e2e_dir(c), svc);
        assert_int_equal(hr_mkdirs(dir, 0700), 0);
        char *copy = hr_strfmt("%s/data.mdb", dir);
        Hr__Sys__BackupRequest req = HR__SYS__BACKUP_REQUEST__INIT;
        req.dir = dir;
        const s_who_t claims[] = {{"E0110", "operator"}, {"ops", "operator"}, {"operator", "hr"}};
        for (size_t k = 0; k < HR_ARRAY_LEN(claims); k++) {
            if (wfe_call_to(c, svc, claims[k].user, claims[k].roles, "sys.Backup", &req.base,
                            &hr__sys__backup_reply__descriptor, arena, NULL) != HR_EDENIED)
                fail_msg("sys.Backup on %s as %s (%s) was not refused", svc, claims[k].user,
                         claims[k].roles);
            assert_int_not_equal(access(copy, F_OK), 0);
        }
        Hr__Sys__BackupReply *rep = NULL;
        assert_int_equal(wfe_call_to(c, svc, NULL, NULL, "sys.Backup", &req.base,
                                     &hr__sys__backup_reply__descriptor, arena, (void **)&rep),
                         HR_OK);
        assert_int_equal(access(copy, F_OK), 0);
        char *text = s_log(c, svc);
        assert_non_null(strstr(text, "ev=store.backup_denied user=E0110"));
        char *done = hr_strfmt("ev=store.backup dir=%s bytes=%llu by=operator", dir,
                               (unsigned long long)rep->bytes);
        if (!strstr(text, done))
            fail_msg("%s: no '%s' in its log", svc, done);
        hr_free(done);
        hr_free(text);

        // No core file: not dumpable, RLIMIT_CORE 0 (the hard limit too, for good).
        assert_false(s_status(c, svc, arena)->dumpable);
        char *limit = s_core_limit(e2e_pid(c, svc));
        if (strcmp(limit, "0/0"))
            fail_msg("%s: core file size %s, not 0/0", svc, limit);
        hr_free(limit);
        hr_free(copy);
        hr_free(dir);
    }
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// debug/core_dumps keeps the inherited limit and the process dumpable.
static void test_core_dumps_only_when_the_config_asks(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("authz-core");
    e2e_config(c, "notify", "debug/core_dumps", "1");
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_true(s_status(c, "notify", arena)->dumpable);
    char *limit = s_core_limit(e2e_pid(c, "notify"));
    char *mine = s_core_limit(getpid());
    assert_string_equal(limit, mine);
    hr_free(limit);
    hr_free(mine);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The demo's E0110 row with employee_no replaced by no: a people file's header and one row.
static char *s_people_row(const char *no)
{
    char *src = hr_test_source_path("deploy/demo/people.csv");
    char *demo = hr_test_read_file(src, NULL);
    hr_free(src);
    assert_non_null(demo);
    char *header_end = strchr(demo, '\n');
    char *row = strstr(demo, "\nE0110,");
    assert_non_null(header_end);
    assert_non_null(row);
    row += strlen("\nE0110");
    char *out = hr_strfmt("%s%.*s", no, (int)strcspn(row, "\n"), row);
    hr_free(demo);
    return out;
}

static char *s_people_header(void)
{
    char *src = hr_test_source_path("deploy/demo/people.csv");
    char *demo = hr_test_read_file(src, NULL);
    hr_free(src);
    assert_non_null(demo);
    char *header = hr_strfmt("%.*s", (int)strcspn(demo, "\n"), demo);
    hr_free(demo);
    return header;
}

// The directory refuses the system's own ids, row by row; the operator's id claimed by anyone
// but the operator reads nothing hrctl put as the operator.
static void test_reserved_ids_are_nobody_s(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start_with_evidence("authz-ids");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    char *header = s_people_header();
    char *rows[] = {s_people_row("operator"), s_people_row("Workflow"), s_people_row("evidence"),
                    s_people_row("E0190")};
    char *csv = hr_strfmt("%s\n%s\n%s\n%s\n%s\n", header, rows[0], rows[1], rows[2], rows[3]);
    Hr__Workflow__ImportPeopleRequest req = HR__WORKFLOW__IMPORT_PEOPLE_REQUEST__INIT;
    req.csv.data = (uint8_t *)csv;
    req.csv.len = strlen(csv);
    req.skip_bad = true;
    Hr__Workflow__ImportReply *rep = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ImportPeople", &req.base,
                              &hr__workflow__import_reply__descriptor, arena, (void **)&rep),
                     HR_OK);
    assert_int_equal(rep->rows, 4);
    assert_int_equal(rep->skipped, 3);
    assert_int_equal(rep->n_errors, 3);
    const char *ids[] = {"operator", "Workflow", "evidence"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rep->errors[i]->line, i + 2);
        assert_string_equal(rep->errors[i]->column, "employee_no");
        char *want =
            hr_strfmt("'%s' is reserved: the operator and the daemons act under it", ids[i]);
        if (!strstr(rep->errors[i]->message, want))
            fail_msg("line %u: %s", rep->errors[i]->line, rep->errors[i]->message);
        hr_free(want);
    }
    hr_free(csv);
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        hr_free(rows[i]);
    hr_free(header);

    // A record hrctl put as the operator (uploader "operator").
    Hr__Workflow__Case *kase = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(kase);
    char *id = wfe_put_talk(c, kase->id, "the talk, as the operator put it", arena);
    Hr__Evidence__StatRequest sreq = HR__EVIDENCE__STAT_REQUEST__INIT;
    sreq.id = id;
    Hr__Evidence__StatReply *srep = NULL;
    assert_int_equal(wfe_call_to(c, "evidence", NULL, NULL, "evidence.Stat", &sreq.base,
                                 &hr__evidence__stat_reply__descriptor, arena, (void **)&srep),
                     HR_OK);
    assert_string_equal(srep->evidence->uploader, HR_OPERATOR_ID);
    const s_who_t impostors[] = {{"operator", ""}, {"operator", "employee"}, {"operator", "hr"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(impostors); i++) {
        hr_rc_t rc =
            wfe_call_to(c, "evidence", impostors[i].user, impostors[i].roles, "evidence.Stat",
                        &sreq.base, &hr__evidence__stat_reply__descriptor, arena, NULL);
        if (rc != HR_ENOTFOUND && rc != HR_EDENIED)
            fail_msg("evidence.Stat as operator (%s): %s", impostors[i].roles, hr_rc_name(rc));
        Hr__Evidence__GetBeginRequest greq = HR__EVIDENCE__GET_BEGIN_REQUEST__INIT;
        greq.id = id;
        rc = wfe_call_to(c, "evidence", impostors[i].user, impostors[i].roles, "evidence.GetBegin",
                         &greq.base, &hr__evidence__get_begin_reply__descriptor, arena, NULL);
        if (rc != HR_ENOTFOUND && rc != HR_EDENIED)
            fail_msg("evidence.GetBegin as operator (%s): %s", impostors[i].roles, hr_rc_name(rc));
    }
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_notify_sends_for_the_workflow_and_the_operator_and_logs_for_the_operator),
        cmocka_unit_test(test_every_daemon_backs_up_for_the_operator_only_and_dumps_no_core),
        cmocka_unit_test(test_core_dumps_only_when_the_config_asks),
        cmocka_unit_test(test_reserved_ids_are_nobody_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
