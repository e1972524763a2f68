/*  e2e.platform - the six real daemons: they start, answer sys.Ping and sys.Status, move their
 *  clocks with sys.ClockSet, refuse a second instance, come back after kill -9 with their data,
 *  stop cleanly on SIGTERM, log SIGHUP and keep running; hrctl health sees all of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "hr_test.h"
#include "notify.pb-c.h"

static Hr__Sys__StatusReply *s_status(e2e_t *c, const char *service, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    hr_rc_t rc = e2e_call(c, service, "sys.Status", &req.base, &hr__sys__status_reply__descriptor,
                          arena, &res);
    if (rc) {
        fprintf(stderr, "sys.Status %s: %s %s\n", service, hr_rc_name(rc), res.message);
        return NULL;
    }
    return res.reply;
}

// sys.Ping with "are you there" (13 bytes): the reply (arena); the test fails unless it came.
static Hr__Sys__PingReply *s_ping(e2e_t *c, const char *service, hr_arena_t *arena)
{
    Hr__Sys__PingRequest ping = HR__SYS__PING_REQUEST__INIT;
    ping.payload.data = (uint8_t *)"are you there";
    ping.payload.len = 13;
    hr_result_t res;
    assert_int_equal(
        e2e_call(c, service, "sys.Ping", &ping.base, &hr__sys__ping_reply__descriptor, arena, &res),
        HR_OK);
    return res.reply;
}

static void test_all_six_start_and_answer_ping_and_status(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("six");
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t i = 0; e2e_all_services[i]; i++) {
        const char *svc = e2e_all_services[i];
        Hr__Sys__PingReply *pong = s_ping(c, svc, arena);
        assert_int_equal(pong->payload.len, 13);
        assert_memory_equal(pong->payload.data, "are you there", 13);

        Hr__Sys__StatusReply *st = s_status(c, svc, arena);
        assert_non_null(st);
        assert_string_equal(st->service, svc);
        assert_string_equal(st->version, HR_VERSION);
        assert_int_equal(st->pid, e2e_pid(c, svc));
        assert_true(st->test_hooks);
        // evidence, workflow: ->3 (the directory's roles), workflow ->4 (the case journal)
        // ->5 (the directory's protected statuses published) ->6 (closed cases' keeping ends
        // published) ->7 (the reporting lines published); analytics: 1->2 (files keyed by kind and
        // format) ->3 (KPI keys) ->4 (attendance files' last day) ->5 (pin_files)
        // ->6 (attendance files' first and last punch) ->7 (the directory's roles) ->8 (the
        // roles' leaving, left_ms) ->9 (withdrawn imports) ->10 (the vendors' slots)
        // ->11 (department history) ->12 (the directory's protected statuses) ->13 (a case's
        // manager now, workflow.CaseReassigned) ->14 (submissions refused at submit,
        // workflow.SubmitRefused) ->15 (the reasons of the returns, workflow.CaseReturned);
        // evidence
        // ->4 (tombstones of records shredded for retention) ->5 (when a case's employee was
        // told of it) ->6 (the shred ledger: no db changed) ->7 (what a case's review cites as
        // proof, read again from the workflow's log); workflow ->8 (that proof published again
        // for the cases reviewed before, workflow.ProofCited)
        uint32_t schema = !strcmp(svc, "evidence")    ? 7
                          : !strcmp(svc, "workflow")  ? 8
                          : !strcmp(svc, "analytics") ? 15
                                                      : 1;
        assert_int_equal(st->schema_version, schema);
        assert_true(st->store_size_bytes > 0);
        assert_string_equal(st->endpoint, e2e_endpoint(c, svc));
    }
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_clock_set_moves_business_time_only_with_test_hooks(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("clock");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Sys__StatusReply *before = s_status(c, "workflow", arena);
    assert_non_null(before);
    assert_int_equal(e2e_clock_advance(c, 3 * HR_DAY_MS), 0);
    Hr__Sys__StatusReply *after = s_status(c, "workflow", arena);
    assert_non_null(after);
    assert_int_equal(after->clock_offset_ms, 3 * HR_DAY_MS);
    assert_true(after->now_ms - before->now_ms >= 3 * HR_DAY_MS);
    // Requests still get through: deadlines are checked against real time.
    assert_true(after->uptime_ms < HR_DAY_MS);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// A client of one daemon with its own actor, for calls e2e_call (always the operator, fixed
// deadlines) cannot make.
typedef struct {
    hr_arena_t *arena;   // owned
    hr_clock_t *clock;   // owned
    hr_client_t *client; // owned
    Hr__Actor actor;     // user and role given to s_peer_open
    char *roles[1];      // actor.roles
} s_peer_t;

static void s_peer_open(e2e_t *c, const char *service, const char *user, const char *role,
                        s_peer_t *p)
{
    p->arena = hr_arena_new(0);
    p->clock = hr_clock_system_new();
    char *err = NULL;
    p->client = hr_client_new(e2e_endpoint(c, service), p->clock, &err);
    assert_non_null(p->client);
    hr_free(err);
    hr__actor__init(&p->actor);
    p->roles[0] = (char *)role;
    p->actor.user_id = (char *)user;
    p->actor.roles = p->roles;
    p->actor.n_roles = 1;
}

static void s_peer_close(s_peer_t *p)
{
    hr_client_destroy(&p->client);
    hr_clock_destroy(&p->clock);
    hr_arena_destroy(&p->arena);
}

// sys.Backup writes with the daemon's rights where the caller says: an operator only, an
// absolute directory only, never over an earlier copy.
static void test_backup_wants_an_operator_and_an_absolute_new_directory(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("backup");
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    s_peer_t hr;
    s_peer_open(c, "workflow", "E0002", "hr", &hr);
    hr_arena_t *arena = hr.arena;
    char *dir = hr_strfmt("%s/bk", e2e_dir(c));
    assert_int_equal(hr_mkdirs(dir, 0700), 0);
    Hr__Sys__BackupRequest req = HR__SYS__BACKUP_REQUEST__INIT;
    req.dir = dir;
    hr_call_opts_t opts = {.timeout_ms = 2000, .actor = &hr.actor};
    hr_result_t res;
    assert_int_equal(hr_client_call(hr.client, "sys.Backup", &req.base,
                                    &hr__sys__backup_reply__descriptor, arena, &opts, &res),
                     HR_EDENIED);
    assert_non_null(strstr(res.message, "operator"));
    req.dir = "relative/dir";
    assert_int_equal(e2e_call(c, "workflow", "sys.Backup", &req.base,
                              &hr__sys__backup_reply__descriptor, arena, &res),
                     HR_EINVAL);
    req.dir = dir;
    assert_int_equal(e2e_call(c, "workflow", "sys.Backup", &req.base,
                              &hr__sys__backup_reply__descriptor, arena, &res),
                     HR_OK);
    assert_true(((Hr__Sys__BackupReply *)res.reply)->bytes > 0);
    assert_int_equal(e2e_call(c, "workflow", "sys.Backup", &req.base,
                              &hr__sys__backup_reply__descriptor, arena, &res),
                     HR_ECONFLICT);
    assert_non_null(strstr(res.message, "data.mdb exists; a backup is never overwritten"));
    // A directory the daemon cannot write is named with the reason and the remedy (sysfs takes
    // no new file, even from root: EACCES, or EROFS where it is mounted read-only).
    req.dir = "/sys";
    assert_int_equal(e2e_call(c, "workflow", "sys.Backup", &req.base,
                              &hr__sys__backup_reply__descriptor, arena, &res),
                     HR_EDENIED);
    if (!strstr(res.message, "dir: cannot write the backup directory /sys: Permission denied") &&
        !strstr(res.message, "dir: cannot write the backup directory /sys: Read-only file system"))
        fail_msg("message: %s", res.message);
    assert_non_null(strstr(res.message, "give hr-workflow the directory"));
    s_peer_close(&hr);
    hr_free(dir);
    assert_int_equal(e2e_stop(&c), 0);
}

// A backup asked for on a thread of this test, as an operator on a connection of its own.
typedef struct {
    e2e_t *c;         // borrowed
    const char *dir;  // borrowed: where the copy goes
    hr_rc_t rc;       // the answer
    uint64_t bytes;   // the copy's size
    atomic_bool done; // the answer is in
} s_backup_t;

static void *s_backup_thread(void *arg)
{
    s_backup_t *b = arg;
    s_peer_t op;
    s_peer_open(b->c, "workflow", HR_OPERATOR_ID, "operator", &op);
    Hr__Sys__BackupRequest req = HR__SYS__BACKUP_REQUEST__INIT;
    req.dir = (char *)b->dir;
    hr_call_opts_t opts = {.timeout_ms = 20000, .actor = &op.actor};
    hr_result_t res;
    b->rc = hr_client_call(op.client, "sys.Backup", &req.base, &hr__sys__backup_reply__descriptor,
                           op.arena, &opts, &res);
    if (!b->rc)
        b->bytes = ((Hr__Sys__BackupReply *)res.reply)->bytes;
    atomic_store(&b->done, true);
    s_peer_close(&op);
    return NULL;
}

static uint64_t s_waiting(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &req.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    return ((Hr__Sys__StatusReply *)res.reply)->waiting;
}

// The store is copied in the background: the daemon answers meanwhile, and the backup is
// answered when the copy ends. The test holds the copy back (test/work_gate: background work
// waits while a file exists) so the order is certain.
static void test_a_backup_runs_in_the_background_and_the_daemon_serves(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("backup-bg");
    char *gate = hr_strfmt("%s/work.gate", e2e_dir(c));
    assert_int_equal(hr_test_write_file(gate, "wait", 4), 0);
    e2e_config(c, "workflow", "test/work_gate", gate);
    assert_int_equal(e2e_start_one(c, "workflow", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    char *dir = hr_strfmt("%s/bk", e2e_dir(c));
    assert_int_equal(hr_mkdirs(dir, 0700), 0);
    s_backup_t b = {.c = c, .dir = dir};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, s_backup_thread, &b), 0);
    for (int i = 0; i < 500 && s_waiting(c, arena) == 0; i++)
        zclock_sleep(10);
    assert_int_equal(s_waiting(c, arena), 1);
    Hr__Sys__PingRequest ping = HR__SYS__PING_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "workflow", "sys.Ping", &ping.base,
                              &hr__sys__ping_reply__descriptor, arena, &res),
                     HR_OK);
    assert_false(atomic_load(&b.done));
    unlink(gate);
    pthread_join(thread, NULL);
    assert_int_equal(b.rc, HR_OK);
    assert_true(b.bytes > 0);
    char *copy = hr_strfmt("%s/data.mdb", dir);
    assert_int_equal(access(copy, F_OK), 0);
    assert_int_equal(s_waiting(c, arena), 0);
    hr_free(copy);
    hr_free(dir);
    hr_free(gate);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

typedef struct {
    pid_t pid;   // the stopped daemon
    int wait_ms; // how long it stays stopped
} s_cont_t;

static void *s_cont_later(void *arg)
{
    s_cont_t *c = arg;
    zclock_sleep(c->wait_ms);
    kill(c->pid, SIGCONT);
    return NULL;
}

// reliability.md P10: the receiver is stopped (SIGSTOP) for longer than the client waits, so
// the client sends the write again with the same msg_id; after SIGCONT both copies arrive.
// One effect: one send with one delivery, and the retry gets the stored reply.
static void test_a_write_retried_while_the_receiver_was_stopped_happens_once(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("sigstop");
    assert_int_equal(e2e_start_one(c, "notify", NULL), 0);
    s_peer_t op;
    s_peer_open(c, "notify", "operator", "operator", &op);
    hr_arena_t *arena = op.arena;
    Hr__Notify__Recipient to = HR__NOTIFY__RECIPIENT__INIT;
    to.name = "Test";
    to.email = "a@example.com";
    Hr__Notify__Recipient *tos[] = {&to};
    Hr__Notify__Channel chs[] = {HR__NOTIFY__CHANNEL__CHANNEL_EMAIL};
    Hr__Notify__SendRequest req = HR__NOTIFY__SEND_REQUEST__INIT;
    req.to = tos;
    req.n_to = 1;
    req.channels = chs;
    req.n_channels = 1;
    req.template_ = "step_assigned";
    req.language = "en";

    s_cont_t cont = {e2e_pid(c, "notify"), 1500};
    kill(cont.pid, SIGSTOP);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, s_cont_later, &cont), 0);
    hr_call_opts_t opts = {.timeout_ms = 400, .retries = 10, .actor = &op.actor};
    hr_result_t res;
    hr_rc_t rc = hr_client_call(op.client, "notify.Send", &req.base,
                                &hr__notify__send_reply__descriptor, arena, &opts, &res);
    pthread_join(thread, NULL);
    if (rc)
        fprintf(stderr, "notify.Send: %s %s\n", hr_rc_name(rc), res.message);
    assert_int_equal(rc, HR_OK);
    assert_true(res.attempts >= 3); // sent while stopped, then again at least twice

    Hr__Notify__LogRequest log = HR__NOTIFY__LOG_REQUEST__INIT;
    hr_result_t lres;
    assert_int_equal(e2e_call(c, "notify", "notify.Log", &log.base,
                              &hr__notify__log_reply__descriptor, arena, &lres),
                     HR_OK);
    Hr__Notify__LogReply *lr = lres.reply;
    assert_int_equal(lr->n_deliveries, 1);
    assert_int_equal(lr->queued + lr->sent + lr->failed, 1);
    s_peer_close(&op);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_second_instance_refuses_to_start_with_a_clear_message(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("twice");
    const char *const svcs[] = {"evidence", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    char *bin = hr_test_bin_path("hr-evidence");
    char *cfg = hr_strfmt("%s/evidence.cfg", e2e_config_dir(c));
    char *argv[] = {bin, "--config", cfg, NULL};
    char *err = NULL;
    int rc = e2e_run(argv, NULL, &err);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "another instance"));
    assert_non_null(strstr(err, "refusing to start"));
    hr_free(err);
    // Another store, the same endpoint: the store's lock does not see it, and a second ipc://
    // bind would take the socket from the running daemon (reliability P14). Refused too.
    char *other = hr_strfmt("%s/data/other-evidence", e2e_dir(c));
    setenv("HR_STORE_DIR", other, 1);
    err = NULL;
    rc = e2e_run(argv, NULL, &err);
    unsetenv("HR_STORE_DIR");
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "another process is listening there"));
    hr_free(err);
    hr_free(other);
    hr_free(cfg);
    hr_free(bin);
    // The first instance was not disturbed: its socket still answers.
    hr_arena_t *arena = hr_arena_new(0);
    assert_non_null(s_status(c, "evidence", arena));
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_bad_config_stops_the_daemon_naming_key_and_range(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("badcfg");
    char *cfg = hr_strfmt("%s/notify.cfg", e2e_config_dir(c));
    char *text =
        hr_strfmt("bus\n    endpoint = \"ipc://%s/run/n.ipc\"\nstore\n    dir = \"%s/data/n\"\n"
                  "    mapsize_mb = 0\n",
                  e2e_dir(c), e2e_dir(c));
    assert_int_equal(hr_test_write_file(cfg, text, strlen(text)), 0);
    char *bin = hr_test_bin_path("hr-notify");
    char *argv[] = {bin, "--config", cfg, NULL};
    char *err = NULL;
    assert_int_equal(e2e_run(argv, NULL, &err), 1);
    assert_non_null(strstr(err, "store/mapsize_mb"));
    hr_free(err);
    char *argv2[] = {bin, "--no-such-flag", NULL};
    assert_int_equal(e2e_run(argv2, NULL, &err), 2);
    assert_non_null(strstr(err, "--no-such-flag"));
    hr_free(err);
    hr_free(bin);
    hr_free(text);
    hr_free(cfg);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_kill_9_and_restart_keeps_the_store(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("kill9");
    const char *const svcs[] = {"analytics", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Sys__StatusReply *st = s_status(c, "analytics", arena);
    assert_non_null(st);
    uint32_t first_pid = st->pid;
    e2e_kill(c, "analytics", SIGKILL);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    st = s_status(c, "analytics", arena);
    assert_non_null(st);
    assert_int_not_equal(st->pid, first_pid);
    assert_int_equal(st->schema_version, 15);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

#define SIGHUP_PINGS_MAX 100 // Pings sent until the daemon.sighup line is in the log

static char *s_log_line(e2e_t *c, const char *service, const char *ev)
{
    char *path = hr_strfmt("%s/log/%s.log", e2e_dir(c), service);
    char *log = hr_test_read_file(path, NULL);
    hr_free(path);
    const char *at = log ? strstr(log, ev) : NULL;
    char *line = NULL;
    if (at) {
        const char *end = strchr(at, '\n');
        line = hr_strndup(at, end ? (size_t)(end - at) : strlen(at));
    }
    hr_free(log);
    return line;
}

// An operator's "reload" (kill -HUP): every daemon says it reloads nothing and how to apply a
// change, and keeps serving - the same process, stopped by SIGTERM with exit 0 as ever.
static void test_sighup_is_logged_and_the_daemon_keeps_running(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("sighup");
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    hr_arena_t *arena = hr_arena_new(0);
    for (size_t i = 0; e2e_all_services[i]; i++) {
        const char *svc = e2e_all_services[i];
        pid_t pid = e2e_pid(c, svc);
        e2e_kill(c, svc, SIGHUP);
        // The loop logs the signal before it answers what follows it; a signal a thread other
        // than the loop's took is seen on a later pass - each Ping makes one.
        char *ev = hr_strfmt("lvl=warn svc=%s ev=daemon.sighup ", svc);
        char *line = NULL;
        for (int n = 0; !line && n < SIGHUP_PINGS_MAX; n++) {
            assert_non_null(s_ping(c, svc, arena));
            line = s_log_line(c, svc, ev);
        }
        assert_non_null(line);
        char *restart = hr_strfmt("restart hr-%s", svc);
        assert_non_null(strstr(line, "action=ignored"));
        assert_non_null(strstr(line, "read only at start-up"));
        assert_non_null(strstr(line, restart));
        hr_free(restart);
        hr_free(line);
        hr_free(ev);
        Hr__Sys__StatusReply *st = s_status(c, svc, arena);
        assert_non_null(st);
        assert_int_equal(st->pid, pid);
    }
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_hrctl_health_reports_all_up_then_one_down(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("health");
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    char *hrctl = hr_test_bin_path("hrctl");
    char *dir = hr_strdup(e2e_config_dir(c));
    char *argv[] = {hrctl, "health", "--json", "--config-dir", dir, NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_run(argv, &out, &err), 0);
    json_error_t jerr;
    json_t *arr = json_loads(out, 0, &jerr);
    assert_non_null(arr);
    assert_int_equal(json_array_size(arr), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *o = json_array_get(arr, i);
        assert_string_equal(json_string_value(json_object_get(o, "name")), e2e_all_services[i]);
        assert_string_equal(json_string_value(json_object_get(o, "endpoint")),
                            e2e_endpoint(c, e2e_all_services[i]));
        assert_true(json_is_true(json_object_get(o, "up")));
        assert_true(json_is_integer(json_object_get(o, "outbox_oldest_ms"))); // 0: nothing waits
    }
    json_decref(arr);
    hr_free(out);
    hr_free(err);

    char *argv_table[] = {hrctl, "health", "--config-dir", dir, NULL};
    assert_int_equal(e2e_run(argv_table, &out, &err), 0);
    assert_non_null(strstr(out, "6 of 6 daemons up"));
    assert_non_null(strstr(out, "LAST EVENT"));
    hr_free(out);
    hr_free(err);

    e2e_kill(c, "notify", SIGKILL);
    char *argv_fast[] = {hrctl, "health",       "--json", "--config-dir",
                         dir,   "--timeout-ms", "500",    NULL};
    assert_int_equal(e2e_run(argv_fast, &out, &err), 1);
    arr = json_loads(out, 0, &jerr);
    assert_non_null(arr);
    json_t *notify = json_array_get(arr, 3);
    assert_string_equal(json_string_value(json_object_get(notify, "name")), "notify");
    assert_true(json_is_false(json_object_get(notify, "up")));
    assert_true(json_is_true(json_object_get(json_array_get(arr, 0), "up")));
    json_decref(arr);
    hr_free(out);
    hr_free(err);
    hr_free(dir);
    hr_free(hrctl);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_python_client_written_from_the_protos_gets_status(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("python");
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    char *script = hr_test_source_path("tests/e2e/py_status.py");
    char *protos = hr_test_source_path("proto");
    char *argv[12] = {"/usr/bin/python3", script, protos};
    size_t n = 3;
    for (size_t i = 0; e2e_all_services[i]; i++)
        argv[n++] = (char *)e2e_endpoint(c, e2e_all_services[i]);
    argv[n] = NULL;
    char *out = NULL, *err = NULL;
    int rc = e2e_run(argv, &out, &err);
    if (rc)
        fprintf(stderr, "py_status.py: %s\n%s\n", out, err);
    assert_int_equal(rc, 0);
    for (size_t i = 0; e2e_all_services[i]; i++) {
        char *want = hr_strfmt("service=%s ", e2e_all_services[i]);
        assert_non_null(strstr(out, want));
        hr_free(want);
    }
    hr_free(out);
    hr_free(err);
    hr_free(script);
    hr_free(protos);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_six_start_and_answer_ping_and_status),
        cmocka_unit_test(test_clock_set_moves_business_time_only_with_test_hooks),
        cmocka_unit_test(test_backup_wants_an_operator_and_an_absolute_new_directory),
        cmocka_unit_test(test_a_backup_runs_in_the_background_and_the_daemon_serves),
        cmocka_unit_test(test_a_write_retried_while_the_receiver_was_stopped_happens_once),
        cmocka_unit_test(test_second_instance_refuses_to_start_with_a_clear_message),
        cmocka_unit_test(test_bad_config_stops_the_daemon_naming_key_and_range),
        cmocka_unit_test(test_kill_9_and_restart_keeps_the_store),
        cmocka_unit_test(test_sighup_is_logged_and_the_daemon_keeps_running),
        cmocka_unit_test(test_hrctl_health_reports_all_up_then_one_down),
        cmocka_unit_test(test_python_client_written_from_the_protos_gets_status),
    };
    return cmocka_run_group_tests_name("e2e.platform", tests, NULL, NULL);
}
