/*  e2e.backup - a live `hrctl backup` while the system works, then `hrctl restore`, with all six
 *  daemons. The copies are held back (test/work_gate) so the order of events is certain:
 *
 *  - a file attached to a case while the workflow's copy waits is in the restored evidence
 *    store too (workflow is copied before evidence: every id a case lists is in the later copy);
 *  - a workflow event evidence applied after the workflow's copy leaves evidence's cursor ahead
 *    of the restored workflow's log: restore sets it back to the log's head
 *    (events_cursor_rewound_workflow=1 in sys.Status) and evidence applies what the workflow
 *    logs next;
 *  - a backup whose evidence store is older than its workflow store is refused by restore,
 *    naming the id (--partial restores it), and hrctl verify then names it too: `verify: FAILED`;
 *  - a message notify had queued at backup time (its file channel cannot write: every message
 *    waits) is not sent again by the restored hr-notify: restore holds sending (held=1, "restored
 *    from backup DIR"; hrctl notify outbox lists it), unless --no-hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "hr_test.h"
#include "workflow_util.h"

#define POLL_MS 50
#define POLL_TRIES 400 // 20 s at most for a condition to hold (sanitizers, two shared cores)
#define CONTENT "Hiring conditions for E0110, signed 2019-04-01. e2e.backup\n"

typedef struct {
    e2e_t *c;
    const char *dir;
    int rc;
    char *out;
    char *err;
} s_backup_t;

static void *s_backup_thread(void *arg)
{
    s_backup_t *b = arg;
    b->rc = e2e_hrctl(b->c, &b->out, &b->err, (const char *[]){"backup", b->dir, NULL});
    return NULL;
}

static Hr__Sys__StatusReply *s_status(e2e_t *c, const char *service, hr_arena_t *arena)
{
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(c, service, "sys.Status", &req.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    return res.reply;
}

// The value of a sys.Status extra line "<key>=N", 0 when absent.
static uint64_t s_extra(e2e_t *c, const char *service, const char *key, hr_arena_t *arena)
{
    const char *v = e2e_status_extra(c, service, key, arena);
    return v ? strtoull(v, NULL, 10) : 0;
}

// Polls until a daemon has a parked request (a backup waiting at its gate).
static void s_wait_parked(e2e_t *c, const char *service, hr_arena_t *arena)
{
    for (int i = 0; i < POLL_TRIES && s_status(c, service, arena)->waiting == 0; i++)
        zclock_sleep(POLL_MS);
    if (s_status(c, service, arena)->waiting != 1)
        fail_msg("hr-%s never got the backup request", service);
}

// Polls until sys.Status of service shows key >= want; returns the value seen last.
static uint64_t s_wait_extra(e2e_t *c, const char *service, const char *key, uint64_t want,
                             hr_arena_t *arena)
{
    uint64_t v = 0;
    for (int i = 0; i < POLL_TRIES && (v = s_extra(c, service, key, arena)) < want; i++)
        zclock_sleep(POLL_MS);
    return v;
}

static void s_stop_all(e2e_t *c)
{
    for (size_t i = 0; e2e_all_services[i]; i++)
        assert_int_equal(e2e_stop_one(c, e2e_all_services[i]), 0);
}

static void s_restart_all(e2e_t *c)
{
    for (size_t i = 0; e2e_all_services[i]; i++)
        assert_int_equal(e2e_restart(c, e2e_all_services[i]), 0);
}

static int s_hrctl(e2e_t *c, char **out, const char *const *args)
{
    char *err = NULL;
    *out = NULL;
    int rc = e2e_hrctl(c, out, &err, args);
    if (rc)
        fprintf(stderr, "hrctl %s: exit %d\n%s%s\n", args[0], rc, *out ? *out : "", err ? err : "");
    hr_free(err);
    return rc;
}

static void s_run(char *const argv[])
{
    char *out = NULL, *err = NULL;
    int rc = e2e_run(argv, &out, &err);
    if (rc)
        fprintf(stderr, "%s: exit %d\n%s\n%s\n", argv[0], rc, out ? out : "", err ? err : "");
    assert_int_equal(rc, 0);
    hr_free(out);
    hr_free(err);
}

// No "<store>.restore-XXXXXX" is left in dir.
static void s_assert_no_restore_dirs(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        if (strstr(e->d_name, ".restore-"))
            fail_msg("left behind: %s/%s", dir, e->d_name);
    closedir(d);
}

static e2e_t *s_start(void)
{
    e2e_t *c = e2e_new("backup");
    e2e_clock_pin(c, wfe_local_ms(WFE_EPOCH_DAY, 10));
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    char *tpl = hr_test_source_path("deploy/config/template-default.txt");
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    e2e_config(c, "workflow", "calendar/file", cal);
    e2e_config(c, "workflow", "template/file", tpl);
    e2e_config(c, "analytics", "calendar/file", cal);
    e2e_config(c, "evidence", "keys/master_file", key);
    // notify's file channel under a file, not a directory: every message stays queued.
    char *blocked = hr_strfmt("%s/mail", e2e_dir(c));
    assert_int_equal(hr_test_write_file(blocked, "", 0), 0);
    char *mail = hr_strfmt("%s/out", blocked);
    e2e_config(c, "notify", "file/dir", mail);
    hr_free(mail);
    hr_free(blocked);
    hr_free(cal);
    hr_free(tpl);
    hr_free(key);
    return c;
}

static void test_a_live_backup_restores_into_stores_that_agree(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_start();
    char *gate_wf = hr_strfmt("%s/wf.gate", e2e_dir(c));
    char *gate_ev = hr_strfmt("%s/ev.gate", e2e_dir(c));
    e2e_config(c, "workflow", "test/work_gate", gate_wf);
    e2e_config(c, "evidence", "test/work_gate", gate_ev);
    assert_int_equal(e2e_start(c, e2e_all_services), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *one = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(one);
    char *case_one = hr_strdup(one->id);
    // An earlier backup, before anything was attached (for the last part).
    char *bk0 = hr_strfmt("%s/bk0", e2e_dir(c));
    char *out = NULL;
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"backup", bk0, NULL}), 0);
    hr_free(out);
    struct stat sb;
    char *copy0 = hr_strfmt("%s/workflow/data.mdb", bk0);
    assert_int_equal(stat(copy0, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600); // as private as the store it copies
    hr_free(copy0);
    // Never into a store: it would go with the store.
    char *inside = hr_strfmt("%s/data/workflow/bk", e2e_dir(c));
    char *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"backup", inside, NULL}), 2);
    assert_non_null(strstr(err, "inside hr-workflow's store"));
    assert_int_equal(access(inside, F_OK), -1);
    hr_free(out);
    hr_free(err);
    hr_free(inside);

    // A message notify holds queued when the backup is taken.
    assert_int_equal(s_hrctl(c, &out,
                             (const char *[]){"notify", "test", "--to", "it@corp.example.com",
                                              "--channel", "file", NULL}),
                     0);
    char send_id[HR_ID_LEN + 1] = "";
    assert_int_equal(sscanf(out, "queued send %26s", send_id), 1);
    hr_free(out);

    // The live backup, held at the workflow's copy: a file is put and attached meanwhile.
    assert_int_equal(hr_test_write_file(gate_wf, "wait", 4), 0);
    char *bk = hr_strfmt("%s/bk", e2e_dir(c));
    s_backup_t b = {.c = c, .dir = bk};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, s_backup_thread, &b), 0);
    s_wait_parked(c, "workflow", arena);
    char *file = hr_strfmt("%s/conditions.txt", e2e_dir(c));
    assert_int_equal(hr_test_write_file(file, CONTENT, strlen(CONTENT)), 0);
    assert_int_equal(s_hrctl(c, &out,
                             (const char *[]){"case", "attach", case_one, "--file", file, "--kind",
                                              "hiring_conditions", NULL}),
                     0);
    char id[65] = "";
    for (const char *p = out; *p && !id[0]; p++) // the 64-hex id the command printed
        if (strspn(p, "0123456789abcdef") == 64)
            snprintf(id, sizeof id, "%.64s", p);
    assert_int_equal(strlen(id), 64);
    hr_free(out);
    // The workflow's copy is taken; then, while evidence's waits, a case is opened: evidence
    // applies its CaseOpened, which the workflow's copy does not hold.
    uint64_t applied = s_extra(c, "evidence", "workflow_events_applied", arena);
    assert_int_equal(hr_test_write_file(gate_ev, "wait", 4), 0);
    unlink(gate_wf);
    s_wait_parked(c, "evidence", arena);
    assert_non_null(wfe_open(c, "E0101", "E0111", "A40_2", arena));
    assert_true(s_wait_extra(c, "evidence", "workflow_events_applied", applied + 1, arena) >
                applied);
    unlink(gate_ev);
    pthread_join(thread, NULL);
    if (b.rc)
        fprintf(stderr, "hrctl backup: exit %d\n%s%s\n", b.rc, b.out, b.err);
    assert_int_equal(b.rc, 0);
    hr_free(b.out);
    hr_free(b.err);

    s_stop_all(c);
    // A backup whose MANIFEST says files did not copy is refused, naming what.
    char *bk3 = hr_strfmt("%s/bk3", e2e_dir(c));
    s_run((char *[]){"/bin/cp", "-a", bk, bk3, NULL});
    char *mf3 = hr_strfmt("%s/MANIFEST.txt", bk3);
    FILE *f3 = fopen(mf3, "a");
    assert_non_null(f3);
    fputs("evidence   blobs INCOMPLETE\n", f3);
    fclose(f3);
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"restore", bk3, NULL}), 2);
    assert_non_null(strstr(err, "evidence is INCOMPLETE"));
    assert_non_null(strstr(err, "--partial"));
    hr_free(out);
    hr_free(err);
    hr_free(mf3);
    hr_free(bk3);
    // The key where hr-evidence reads it must be the one the backup's store was made with, and
    // private, or hr-evidence would not start: a restore checks both before it swaps anything.
    char *key = hr_strfmt("%s/keys/evidence.key", e2e_dir(c));
    char *kept = hr_strfmt("%s.kept", key);
    assert_int_equal(chmod(key, 0644), 0);
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"restore", bk, NULL}), 2);
    assert_non_null(strstr(err, "mode 0644"));
    hr_free(out);
    hr_free(err);
    assert_int_equal(chmod(key, 0600), 0);
    assert_int_equal(rename(key, kept), 0);
    const char *fresh = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";
    assert_int_equal(hr_test_write_file(key, fresh, strlen(fresh)), 0);
    assert_int_equal(chmod(key, 0600), 0);
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"restore", bk, NULL}), 2);
    assert_non_null(strstr(err, "not the key the backup's evidence store was made with"));
    hr_free(out);
    hr_free(err);
    assert_int_equal(rename(kept, key), 0);
    assert_int_equal(access(kept, F_OK), -1);
    char *data = hr_strfmt("%s/data", e2e_dir(c));
    s_assert_no_restore_dirs(data); // the staged copies of the refused restores are gone
    // A staged copy an interrupted restore left is removed by the next, which says so.
    char *stale = hr_strfmt("%s/workflow.restore-AbC123", data);
    assert_int_equal(hr_mkdirs(stale, 0700), 0);
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"restore", bk, NULL}), 0);
    assert_non_null(strstr(out, "workflow.restore-AbC123, left by a restore that did not finish"));
    // Evidence's copy applied the second case's CaseOpened, which the workflow's copy lacks: its
    // cursor is set back to the workflow copy's last seq before any daemon starts.
    assert_non_null(strstr(out, "evidence   its cursor on workflow's events set back from"));
    assert_int_equal(access(stale, F_OK), -1);
    hr_free(stale);
    assert_non_null(strstr(out, "notify     sending held: "));
    assert_non_null(strstr(out, "then `hrctl notify release`"));
    // What to start says what run.sh does: it does not load the demo again over a restore.
    assert_non_null(strstr(out, "deploy/run.sh: it does not load the demo company again where "
                                "var/demo-loaded says it is in; a company's own data on a new "
                                "machine: deploy/run.sh --no-demo"));
    assert_null(strstr(out, "loads the demo company too"));
    hr_free(out);
    // The backup's MANIFEST says the same as the restore does: sending held until released.
    char *held_mf = hr_strfmt("%s/MANIFEST.txt", bk);
    char *held_text = hr_test_read_file(held_mf, NULL);
    assert_non_null(held_text);
    assert_null(strstr(held_text, "go out again when hr-notify starts"));
    assert_null(strstr(held_text, "loads the demo company too"));
    assert_non_null(strstr(held_text, "Queued email and SMS of the backup's time do not go out by "
                                      "themselves: hrctl restore holds sending"));
    assert_non_null(strstr(held_text, "then `hrctl notify release`"));
    assert_non_null(strstr(held_text, "deploy/run.sh --no-demo"));
    hr_free(held_text);
    hr_free(held_mf);
    s_restart_all(c);
    // hr-notify starts held: the queued message waits for a person.
    char *reason = hr_strfmt("held_reason=restored from backup %s", bk);
    Hr__Sys__StatusReply *nst = s_status(c, "notify", arena);
    bool held = false;
    for (size_t i = 0; i < nst->n_extra; i++)
        held |= !strncmp(nst->extra[i], "held=1 ", 7) && strstr(nst->extra[i], reason);
    assert_true(held);
    hr_free(reason);
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"notify", "outbox", NULL}), 0);
    assert_non_null(strstr(out, send_id));
    assert_non_null(strstr(out, "sending held since"));
    hr_free(out);
    // The case lists the file, and evidence has it.
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"case", "show", case_one, NULL}), 0);
    assert_non_null(strstr(out, id));
    hr_free(out);
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"evidence", "stat", id, NULL}), 0);
    hr_free(out);
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"verify", NULL}), 0);
    assert_non_null(strstr(out, "case attachments: 1 on 1 cases, 0 missing"));
    assert_non_null(strstr(out, "verify: ok"));
    hr_free(out);
    // A backup the disk cannot take (hrctl's files capped at 512 bytes: the MANIFEST's text
    // does not fit) says so once and leaves the MANIFEST saying it did not finish, which restore
    // refuses; no stream of errors.
    char *bkf = hr_strfmt("%s/bkfull", e2e_dir(c));
    char *hrctl = hr_test_bin_path("hrctl");
    char *script = hr_strfmt("trap '' XFSZ; ulimit -f 1; exec %s backup %s --config-dir %s", hrctl,
                             bkf, e2e_config_dir(c));
    assert_int_equal(e2e_run((char *[]){"/bin/sh", "-c", script, NULL}, &out, &err), 1);
    assert_non_null(strstr(err, "MANIFEST.txt could not be written"));
    size_t lines = 0;
    for (const char *p = err; *p; p++)
        lines += *p == '\n';
    assert_true(lines <= 2);
    hr_free(out);
    hr_free(err);
    char *mff = hr_strfmt("%s/MANIFEST.txt", bkf);
    char *mtext = hr_test_read_file(mff, NULL);
    assert_non_null(mtext);
    assert_non_null(strstr(mtext, "INCOMPLETE: this backup did not finish"));
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"restore", bkf, NULL}), 2);
    assert_non_null(strstr(err, "did not finish"));
    hr_free(out);
    hr_free(err);
    hr_free(mtext);
    hr_free(mff);
    hr_free(script);
    hr_free(hrctl);
    hr_free(bkf);
    // Evidence's cursor was ahead of the restored workflow's log: set back to its head (counted
    // in its sys.Status), so the next case's CaseOpened (the seq the lost one had) is applied,
    // not taken as seen.
    assert_int_equal(s_wait_extra(c, "evidence", "events_cursor_rewound_workflow", 1, arena), 1);
    assert_non_null(wfe_open(c, "E0101", "E0112", "A40_2", arena));
    assert_true(s_wait_extra(c, "evidence", "workflow_events_applied", 1, arena) >= 1);

    // A backup whose evidence store is older than its workflow store (the earlier backup's):
    // restored, verify names the id the case lists and evidence lacks.
    char *bk2 = hr_strfmt("%s/bk2", e2e_dir(c));
    s_run((char *[]){"/bin/cp", "-a", bk, bk2, NULL});
    char *ev2 = hr_strfmt("%s/evidence", bk2);
    char *ev0 = hr_strfmt("%s/evidence", bk0);
    hr_test_rmdir(ev2);
    s_run((char *[]){"/bin/cp", "-a", ev0, ev2, NULL});
    s_stop_all(c);
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"restore", bk2, NULL}), 2);
    char *lists = hr_strfmt("case %s lists evidence %s, which the backup's evidence store does "
                            "not hold",
                            case_one, id);
    assert_non_null(strstr(err, lists));
    assert_non_null(strstr(err, "--partial"));
    hr_free(lists);
    hr_free(out);
    hr_free(err);
    assert_int_equal(s_hrctl(c, &out, (const char *[]){"restore", bk2, "--partial", NULL}), 0);
    assert_non_null(strstr(out, "1 not in its evidence store"));
    hr_free(out);
    s_restart_all(c);
    assert_int_equal(e2e_hrctl(c, &out, &err, (const char *[]){"verify", NULL}), 1);
    char *line = hr_strfmt("case %s: evidence %s: MISSING at hr-evidence", case_one, id);
    assert_non_null(strstr(out, line));
    assert_non_null(strstr(out, "verify: FAILED"));
    hr_free(line);
    hr_free(out);
    hr_free(err);

    // On a machine laid out otherwise (here: a config that keeps the workflow's store
    // elsewhere) the backup's places are not taken on trust: refused naming both, then
    // --use-config puts every store where this config says.
    s_stop_all(c);
    char *cfg2 = hr_strfmt("%s/config2", e2e_dir(c));
    s_run((char *[]){"/bin/cp", "-a", (char *)e2e_config_dir(c), cfg2, NULL});
    char *wcfg = hr_strfmt("%s/workflow.cfg", cfg2);
    char *ctext = hr_test_read_file(wcfg, NULL);
    assert_non_null(ctext);
    char *at = strstr(ctext, "/data/workflow\"");
    assert_non_null(at);
    *at = '\0';
    char *moved = hr_strfmt("%s/elsewhere/workflow\"%s", ctext, at + strlen("/data/workflow\""));
    assert_int_equal(hr_test_write_file(wcfg, moved, strlen(moved)), 0);
    char *olddir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    char *newdir = hr_strfmt("%s/elsewhere/workflow", e2e_dir(c));
    char *args[] = {
        hr_test_bin_path("hrctl"), "restore", bk, "--config-dir", cfg2, NULL, NULL, NULL};
    assert_int_equal(e2e_run(args, &out, &err), 2);
    assert_non_null(strstr(err, olddir));
    assert_non_null(strstr(err, newdir));
    assert_non_null(strstr(err, "--use-config"));
    hr_free(out);
    hr_free(err);
    args[5] = "--use-config";
    args[6] = "--no-hold";
    assert_int_equal(e2e_run(args, &out, &err), 0);
    assert_non_null(strstr(out, "(from its config (--use-config))"));
    assert_non_null(strstr(out, "notify: not held (--no-hold)"));
    char *newdb = hr_strfmt("%s/data.mdb", newdir);
    assert_int_equal(access(newdb, F_OK), 0);
    hr_free(out);
    hr_free(err);
    s_restart_all(c);
    assert_int_equal(s_extra(c, "notify", "held", arena), 0);
    hr_free(newdb);
    hr_free(args[0]);
    hr_free(olddir);
    hr_free(newdir);
    hr_free(moved);
    hr_free(ctext);
    hr_free(wcfg);
    hr_free(cfg2);
    hr_free(ev0);
    hr_free(ev2);
    hr_free(data);
    hr_free(key);
    hr_free(kept);
    hr_free(bk2);
    hr_free(file);
    hr_free(bk);
    hr_free(bk0);
    hr_free(case_one);
    hr_free(gate_wf);
    hr_free(gate_ev);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_live_backup_restores_into_stores_that_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
