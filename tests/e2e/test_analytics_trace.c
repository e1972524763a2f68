/*  e2e.analytics_trace - a facts snapshot leads back to its sources (the HR director's review,
 *  2026-11-29): the real hr-analytics and hrctl, and with hr-workflow and hr-evidence a hearing
 *  export.
 *  - the snapshot's source_files carries, for each import file cited, its SHA-256 and name and
 *    the person's cited lines exactly as they stand in the file, and nothing of a colleague's
 *    rows;
 *  - a team comparison lists the colleagues' figures, unnamed, whose median is team_median, and
 *    the imports they came from;
 *  - a people import with --effective-from dates its departments from that day (the first
 *    import of a company with history), also after a withdrawal rebuilds the store; a day to
 *    come, or another feed, is refused naming effective_from;
 *  - `hrctl evidence export` of a case with a frozen snapshot explains it in README.txt;
 *  - `hrctl facts --json` carries the snapshot's team (figures, imports, the people import that
 *    placed the person), and the text names the team's size.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "an_e2e.h"
#include "hr_test.h"
#include "workflow_util.h"

// Five of SALES (PINs 1001..1005) over Mon 2026-11-02 .. Fri 11-06: P1 (1001) late on 11-03 and
// 11-05; the colleagues late 1, 2, 0 and 3 times. Each punch's seconds are the PIN's last two
// digits, so every row is its person's alone. Owned.
static char *s_attendance(void)
{
    static const char *const days[] = {"2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05",
                                       "2026-11-06"};
    static const int late[5][5] = {
        {0, 1, 0, 1, 0}, {1, 0, 0, 0, 0}, {1, 1, 0, 0, 0}, {0, 0, 0, 0, 0}, {1, 1, 1, 0, 0}};
    char *text = hr_strfmt("pin,time\n");
    for (int p = 0; p < 5; p++)
        for (int d = 0; d < 5; d++) {
            char *more = hr_strfmt("%s%d,%s %s:%02d\n%d,%s 18:05:%02d\n", text, 1001 + p, days[d],
                                   late[p][d] ? "09:20" : "08:50", p + 1, 1001 + p, days[d], p + 1);
            hr_free(text);
            text = more;
        }
    return text;
}

#define S_PEOPLE                                                                                   \
    "employee_no,pin,department\nP1,1001,SALES\nP2,1002,SALES\nP3,1003,SALES\n"                    \
    "P4,1004,SALES\nP5,1005,SALES\n"

// Line n (from 1) of text, without its line end (owned); NULL past the end.
static char *s_line(const char *text, uint32_t n)
{
    const char *at = text;
    for (uint32_t i = 1; i < n && at; i++) {
        at = strchr(at, '\n');
        at = at ? at + 1 : NULL;
    }
    if (!at || !*at)
        return NULL;
    return hr_strfmt("%.*s", (int)strcspn(at, "\n"), at);
}

static void s_sha256_hex(const char *text, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(out, 65, h, sizeof h);
}

static json_t *s_snapshot(e2e_t *c, json_t **facts)
{
    json_t *f = ane_json(c, (const char *const[]){"facts", "P1", "--from", "2026-11-02", "--to",
                                                  "2026-11-06", "--json", "--snapshot", NULL});
    json_t *snap = json_incref(json_object_get(f, "snapshot"));
    assert_non_null(snap);
    if (facts)
        *facts = f;
    else
        json_decref(f);
    return snap;
}

static e2e_t *s_analytics(const char *name)
{
    e2e_t *c = ane_new(name, ANE_CALENDAR);
    int32_t day = 0;
    assert_true(hr_date_parse("2026-11-28", &day));
    e2e_clock_pin(c, hr_ms_of_day(day, 480) + INT64_C(10) * 3600000);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    return c;
}

static void test_snapshot_sources_team_and_dated_departments(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_analytics("an_trace");
    char *att = s_attendance();
    char sha[65];
    s_sha256_hex(att, sha);

    // Departments from a day to come, or dated on another feed: refused, naming the field.
    char *path = ane_write(c, "people.csv", S_PEOPLE);
    char *err = ane_err(
        c, 2,
        (const char *const[]){"import", "pins", "--effective-from", "2026-12-01", path, NULL});
    assert_non_null(strstr(err, "effective_from: 2026-12-01"));
    hr_free(err);
    char *apath = ane_write(c, "attendance.csv", att);
    err = ane_err(c, 2,
                  (const char *const[]){"import", "attendance", "--effective-from", "2026-10-01",
                                        apath, NULL});
    assert_non_null(strstr(err, "effective_from"));
    hr_free(err);
    err = ane_err(
        c, 2,
        (const char *const[]){"import", "pins", "--effective-from", "2026-13-01", path, NULL});
    assert_non_null(strstr(err, "effective_from: '2026-13-01'"));
    hr_free(err);

    // The company's first people import, dated from the start of its history.
    ane_ok(c,
           (const char *const[]){"import", "pins", "--effective-from", "2026-10-01", path, NULL});
    json_t *att_rep = ane_import(c, "attendance", NULL, apath);
    const char *att_id = ane_str(att_rep, "file_id");
    json_t *list = ane_json(c, (const char *const[]){"import", "list", "--json", NULL});
    char *listed = json_dumps(list, JSON_COMPACT);
    assert_non_null(strstr(listed, "\"effective_from\":\"2026-10-01\""));
    hr_free(listed);
    json_decref(list);

    json_t *facts = NULL;
    json_t *snap = s_snapshot(c, &facts);
    json_t *late = ane_fact(facts, "late_arrivals", NULL);
    json_t *cmp = json_object_get(late, "comparison");
    // The department of 11-06 is known: not "today's" (it was, imported on 11-28 undated).
    assert_null(strstr(ane_str(cmp, "text"), "today's"));
    assert_null(strstr(ane_str(late, "text_en"), "is not known"));
    assert_true(json_real_value(json_object_get(cmp, "team_median")) == 1.5);

    // The team: four colleagues' figures, ascending and unnamed, whose median is team_median,
    // and the attendance import they came from.
    json_t *sf = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(snap, "facts"), i, x)
    {
        if (!strcmp(ane_str(x, "code"), "late_arrivals"))
            sf = x;
    }
    assert_non_null(sf);
    json_t *scmp = json_object_get(sf, "comparison");
    json_t *cols = json_object_get(scmp, "colleagues");
    assert_int_equal(json_array_size(cols), 4);
    const double want[4] = {0, 1, 2, 3};
    json_array_foreach(cols, i, x)
    {
        assert_int_equal(ane_int(x, "colleague"), (json_int_t)i + 1);
        assert_true(json_number_value(json_object_get(x, "value")) == want[i]);
    }
    json_t *ids = json_object_get(scmp, "file_ids");
    assert_int_equal(json_array_size(ids), 1);
    assert_string_equal(json_string_value(json_array_get(ids, 0)), att_id);

    // The cited file: its SHA-256 and name, the cited lines as they stand in it, its header.
    json_t *files = json_object_get(snap, "source_files");
    json_t *file = json_object_get(files, att_id);
    assert_non_null(file);
    assert_string_equal(ane_str(file, "sha256"), sha);
    assert_string_equal(ane_str(file, "file_name"), "attendance.csv");
    assert_string_equal(ane_str(json_object_get(file, "header"), "text"), "pin,time");
    json_t *lines = json_object_get(file, "lines");
    assert_true(json_array_size(lines) >= 2);
    json_array_foreach(lines, i, x)
    {
        char *l = s_line(att, (uint32_t)ane_int(x, "line"));
        assert_non_null(l);
        assert_string_equal(ane_str(x, "text"), l);
        assert_non_null(strstr(l, "1001,")); // P1's own rows only
        hr_free(l);
    }
    json_t *used = json_object_get(file, "used_for");
    assert_int_equal(json_array_size(used), 2);
    assert_non_null(strstr(ane_str(snap, "sources_check"), "sha256sum"));
    // No colleague's row is in the snapshot.
    char *text = json_dumps(snap, JSON_COMPACT);
    for (int p = 1002; p <= 1005; p++) {
        char row[16];
        snprintf(row, sizeof row, "\"%d,2026-", p);
        assert_null(strstr(text, row));
    }
    hr_free(text);
    json_decref(snap);
    json_decref(facts);

    // A withdrawal rebuilds the store from the remaining files: the people file keeps its date.
    json_t *tr =
        ane_import_text(c, "training", "train.csv",
                        "employee_no,course,date,score,pass_mark\nP1,x,2026-11-03,70,60\n");
    ane_ok(c, (const char *const[]){"import", "withdraw", ane_str(tr, "file_id"), "--reason",
                                    "wrong file", NULL});
    json_decref(tr);
    json_t *again = ane_json(c, (const char *const[]){"facts", "P1", "--from", "2026-11-02", "--to",
                                                      "2026-11-06", "--json", NULL});
    assert_null(strstr(
        ane_str(json_object_get(ane_fact(again, "late_arrivals", NULL), "comparison"), "text"),
        "today's"));
    json_decref(again);
    json_decref(att_rep);
    hr_free(apath);
    hr_free(path);
    hr_free(att);
    e2e_stop(&c);
}

// hrctl facts --json carries what the snapshot does of a team (the colleagues' figures, unnamed,
// and their imports; where the department comes from: the people import's line and the imports
// that put the colleagues there), so a reviewer holding the two side by side sees the same; the
// text says the team's size and the people import. Before, --json had team_median and
// team_size only, and nothing named the people import.
static void test_facts_json_and_text_carry_the_snapshots_team(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_analytics("an_trace_json");
    char *att = s_attendance();
    char *path = ane_write(c, "people.csv", S_PEOPLE);
    json_t *pins = ane_import(c, "pins", NULL, path);
    const char *pins_id = ane_str(pins, "file_id");
    hr_free(path);
    json_decref(ane_import_text(c, "attendance", "attendance.csv", att));
    json_t *facts = NULL;
    json_t *snap = s_snapshot(c, &facts);
    json_t *sf = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(snap, "facts"), i, x)
    {
        if (!strcmp(ane_str(x, "code"), "late_arrivals"))
            sf = x;
    }
    assert_non_null(sf);
    json_t *jc = json_object_get(ane_fact(facts, "late_arrivals", NULL), "comparison");
    json_t *sc = json_object_get(sf, "comparison");
    assert_int_equal(json_array_size(json_object_get(jc, "colleagues")), 4);
    assert_true(json_equal(json_object_get(jc, "colleagues"), json_object_get(sc, "colleagues")));
    assert_true(json_equal(json_object_get(jc, "file_ids"), json_object_get(sc, "file_ids")));
    assert_true(json_equal(json_object_get(jc, "team_median"), json_object_get(sc, "team_median")));
    // Where the team comes from: P1's line of people.csv, and the same file for the colleagues.
    json_t *team = json_object_get(facts, "team");
    assert_non_null(team);
    assert_true(json_equal(team, json_object_get(snap, "team")));
    json_t *src = json_object_get(team, "department_source");
    assert_string_equal(ane_str(src, "file_id"), pins_id);
    assert_string_equal(ane_str(src, "file_name"), "people.csv");
    assert_int_equal(ane_int(src, "line"), 2);
    assert_string_equal(ane_str(src, "raw"), "P1,1001,SALES");
    assert_int_equal(ane_int(team, "colleagues"), 4);
    json_t *pids = json_object_get(team, "people_file_ids");
    assert_int_equal(json_array_size(pids), 1);
    assert_string_equal(json_string_value(json_array_get(pids, 0)), pins_id);
    json_t *pf = json_object_get(json_object_get(snap, "source_files"), pins_id);
    assert_non_null(pf);
    assert_string_equal(ane_str(json_array_get(json_object_get(pf, "lines"), 0), "text"),
                        "P1,1001,SALES");
    json_decref(snap);
    json_decref(facts);

    // The text: the team's size and its people import, the figures the median was taken from.
    char *out = ane_run(
        c, 0, NULL,
        (const char *const[]){"facts", "P1", "--from", "2026-11-02", "--to", "2026-11-06", NULL});
    assert_non_null(strstr(out, "team: department SALES on 2026-11-06"));
    assert_non_null(
        strstr(out, ", 4 colleagues (the person not included); from people.csv line 2"));
    assert_non_null(strstr(out, "  team: 4 colleagues compared, figures (ascending, unnamed): 0, "
                                "1, 2, 3\n"));
    hr_free(out);
    json_decref(pins);
    hr_free(att);
    e2e_stop(&c);
}

// Without --effective-from the people import of 11-28 dates SALES from 11-28: a window before
// is compared with today's department, and says so (the demo's state before its fix).
static void test_undated_people_import_says_todays_department(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = s_analytics("an_trace_undated");
    char *att = s_attendance();
    json_decref(ane_import_text(c, "pins", "people.csv", S_PEOPLE));
    json_decref(ane_import_text(c, "attendance", "attendance.csv", att));
    json_t *f = ane_json(c, (const char *const[]){"facts", "P1", "--from", "2026-11-02", "--to",
                                                  "2026-11-06", "--json", NULL});
    assert_non_null(
        strstr(ane_str(json_object_get(ane_fact(f, "late_arrivals", NULL), "comparison"), "text"),
               "today's"));
    json_decref(f);
    hr_free(att);
    e2e_stop(&c);
}

// hr-workflow, hr-evidence and hr-analytics: E0117's case, its facts frozen (`hrctl case facts`)
// and exported; README.txt explains the snapshot and how a cited line is checked, and the
// exported snapshot carries the attendance file's SHA-256 and E0117's lines.
static void test_export_explains_the_snapshot(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("an_trace_export");
    wfe_config_evidence(c);
    char *cal = hr_test_source_path(ANE_CALENDAR);
    e2e_config(c, "analytics", "calendar/file", cal);
    hr_free(cal);
    int32_t day = 0;
    assert_true(hr_date_parse("2026-11-28", &day));
    e2e_clock_pin(c, hr_ms_of_day(day, 480) + INT64_C(10) * 3600000);
    const char *const svcs[] = {"workflow", "evidence", "analytics", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    const char *att = "pin,time\n"
                      "117,2026-11-02 09:12:40\n117,2026-11-02 18:02:00\n"
                      "110,2026-11-02 08:50:00\n110,2026-11-02 18:00:00\n"
                      "111,2026-11-02 09:05:00\n111,2026-11-02 18:00:00\n"
                      "112,2026-11-02 09:06:00\n112,2026-11-02 18:00:00\n"
                      "117,2026-11-03 08:57:00\n117,2026-11-03 18:10:00\n"
                      "110,2026-11-03 08:51:00\n110,2026-11-03 18:00:00\n"
                      "111,2026-11-03 08:52:00\n111,2026-11-03 18:00:00\n"
                      "112,2026-11-03 09:07:00\n112,2026-11-03 18:00:00\n";
    char *people = ane_write(c, "people.csv",
                             "employee_no,pin,department\nE0117,117,SALES\nE0110,110,SALES\n"
                             "E0111,111,SALES\nE0112,112,SALES\n");
    ane_ok(c,
           (const char *const[]){"import", "pins", "--effective-from", "2026-10-01", people, NULL});
    hr_free(people);
    json_t *ar = ane_import_text(c, "attendance", "attendance.csv", att);
    char sha[65];
    s_sha256_hex(att, sha);

    Hr__Workflow__OpenCaseRequest op = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    op.employee_no = "E0117";
    op.ground = "A39_1";
    op.reason = "probation";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &op.base, arena);
    const char *id = hr_arena_strdup(arena, rep->case_->id);
    ane_ok(c, (const char *const[]){"case", "facts", id, "--from", "2026-11-02", "--to",
                                    "2026-11-03", NULL});
    char *dir = hr_strfmt("%s/export", e2e_dir(c));
    ane_ok(c, (const char *const[]){"evidence", "export", "--case", id, dir, NULL});

    char *readme_path = hr_strfmt("%s/README.txt", dir);
    char *readme = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(readme_path, 1 << 20, &readme, &len), HR_OK);
    assert_non_null(strstr(readme, "5. Facts snapshot / 事实快照"));
    assert_non_null(strstr(readme, "source_files"));
    assert_non_null(strstr(readme, "sha256sum ORIGINAL"));
    assert_non_null(strstr(readme, "sed -n 'Np' ORIGINAL"));
    assert_non_null(strstr(readme, "colleagues"));

    // The snapshot named in the README: the file's hash and E0117's late arrival, line 2.
    // Its Chinese, the facts snapshot's paragraph too, is punctuated the Chinese way.
    assert_non_null(strstr(readme, "中文：事实快照（manifest.json 中 kind 为 facts_snapshot）"));
    char *half = hr_test_zh_halfwidth(readme);
    if (half)
        fail_msg("README.txt: half-width punctuation in Chinese: %s", half);
    const char *named = strstr(readme, "本导出中的事实快照：files/");
    assert_non_null(named);
    char snap_id[65];
    memcpy(snap_id, strstr(named, "files/") + 6, 64);
    snap_id[64] = '\0';
    char *snap_path = hr_strfmt("%s/files/%s", dir, snap_id);
    json_error_t je;
    json_t *snap = json_load_file(snap_path, 0, &je);
    assert_non_null(snap);
    json_t *file = json_object_get(json_object_get(snap, "source_files"), ane_str(ar, "file_id"));
    assert_non_null(file);
    assert_string_equal(ane_str(file, "sha256"), sha);
    json_t *l0 = json_array_get(json_object_get(file, "lines"), 0);
    assert_int_equal(ane_int(l0, "line"), 2);
    assert_string_equal(ane_str(l0, "text"), "117,2026-11-02 09:12:40");
    char *text = json_dumps(snap, JSON_COMPACT);
    assert_null(strstr(text, "110,2026-"));
    assert_null(strstr(text, "111,2026-"));
    assert_null(strstr(text, "112,2026-"));
    hr_free(text);

    // README's python3 recipe, as printed, against the original file: every check OK.
    const char *from = strstr(strstr(readme, "5. Facts snapshot"), "<<'PY'\n");
    const char *to = strstr(from ? from : readme, "\n     PY\n");
    assert_non_null(from);
    assert_non_null(to);
    from += strlen("<<'PY'\n");
    char *script = hr_strfmt("%s", "");
    for (const char *at = from; at < to;) {
        const char *eol = strchr(at, '\n');
        assert_true(!strncmp(at, "     ", 5));
        char *more = hr_strfmt("%s%.*s\n", script, (int)(eol - at - 5), at + 5);
        hr_free(script);
        script = more;
        at = eol + 1;
    }
    char *py = hr_strfmt("%s/check.py", e2e_dir(c));
    assert_int_equal(hr_file_write(py, script, strlen(script)), HR_OK);
    char *orig = hr_strfmt("%s/originals", e2e_dir(c));
    assert_int_equal(mkdir(orig, 0700), 0);
    char *orig_file = hr_strfmt("%s/attendance.csv", orig);
    assert_int_equal(hr_file_write(orig_file, att, strlen(att)), HR_OK);
    char *snap_arg = hr_strfmt("%s/files/%s", dir, snap_id);
    char *out = NULL, *err_out = NULL;
    char *const argv[] = {"/usr/bin/python3", py, snap_arg, orig, NULL};
    int st = e2e_run(argv, &out, &err_out);
    if (st)
        print_message("%s", err_out ? err_out : "");
    assert_int_equal(st, 0);
    print_message("%s", out);
    assert_non_null(strstr(out, "  sha256 OK"));
    assert_non_null(strstr(out, "  line 2 OK"));
    assert_null(strstr(out, "BAD"));
    // E0117 late once; the colleagues 0, 1 and 2 times: the median recomputed from the figures.
    assert_non_null(strstr(out, "late_arrivals  team_median 1.0 recomputed 1.0"));
    hr_free(out);
    hr_free(err_out);

    // The attendance import withdrawn and erased (PIPL Art. 47): exported again, the recipe of
    // that export, without the original, says the file was erased, when and by whom - no crash,
    // no BAD.
    char *no = hr_strfmt("%lld", (long long)ane_int(ar, "file_no"));
    ane_ok(c, (const char *const[]){"import", "withdraw", no, "--reason", "wrong site", NULL});
    ane_ok(c, (const char *const[]){"import", "erase", no, "--reason", "PIPL Art.47", NULL});
    char *dir2 = hr_strfmt("%s/export2", e2e_dir(c));
    ane_ok(c, (const char *const[]){"evidence", "export", "--case", id, dir2, NULL});
    char *er_path = hr_strfmt("%s/analytics_erasures.json", dir2);
    json_t *er = json_load_file(er_path, 0, &je);
    assert_non_null(er);
    json_t *e1 = json_object_get(er, ane_str(ar, "file_id"));
    assert_non_null(e1);
    assert_string_equal(ane_str(e1, "sha256"), sha); // the snapshot's hash, kept
    assert_string_equal(ane_str(e1, "erased_by"), "operator");
    json_decref(er);
    char *snap2 = hr_strfmt("%s/files/%s", dir2, snap_id);
    char *out2 = NULL, *err2 = NULL;
    char *const argv2[] = {"/usr/bin/python3", py, snap2, NULL};
    st = e2e_run(argv2, &out2, &err2);
    if (st)
        print_message("%s", err2 ? err2 : "");
    assert_int_equal(st, 0);
    print_message("%s", out2);
    assert_non_null(strstr(out2, "  erased on 2026-11-28 by operator: PIPL Art.47"));
    assert_null(strstr(out2, "BAD"));
    hr_free(out2);
    hr_free(err2);
    hr_free(snap2);
    hr_free(er_path);
    hr_free(dir2);
    hr_free(no);
    hr_free(snap_arg);
    hr_free(orig_file);
    hr_free(orig);
    hr_free(py);
    hr_free(script);
    json_decref(snap);
    json_decref(ar);
    hr_free(snap_path);
    hr_free(readme);
    hr_free(readme_path);
    hr_free(dir);
    e2e_stop(&c);
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_sources_team_and_dated_departments),
        cmocka_unit_test(test_undated_people_import_says_todays_department),
        cmocka_unit_test(test_facts_json_and_text_carry_the_snapshots_team),
        cmocka_unit_test(test_export_explains_the_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
