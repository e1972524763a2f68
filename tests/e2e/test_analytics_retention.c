/*  e2e.analytics_retention - hr-workflow and hr-analytics, real daemons: imports past
 *  retention/feed_days go by themselves once the service clock passes it (sys.ClockSet, no
 *  sleeping on wall time). E0117's case is open: their attendance import and the people import
 *  that names them are kept. E0125's case was withdrawn (closed) three years before, past its
 *  keeping period, and E0110 has none: their attendance imports are withdrawn and erased by the
 *  sweep - their punches gone from the facts, their tombstones listed (by "system", for
 *  "retention"), their text gone - and sys.Status and `hrctl health` say when it ran and what it
 *  erased. Killed and started again, the sweep erases nothing more.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "an_e2e.h"
#include "analytics.pb-c.h"
#include "hr_test.h"
#include "workflow_util.h"

#define S_POLL_TRIES 300 // x S_POLL_MS: the consumer pulls every 3 s, the tick runs every 1 s
#define S_POLL_MS 100

// The value of analytics' sys.Status line "<key>=...", NULL when absent (arena).
static const char *s_extra(e2e_t *c, const char *key, hr_arena_t *arena)
{
    return e2e_status_extra(c, "analytics", key, arena);
}

// Polls (real time, bounded) until the sweep ran at or after since_ms (the service clock): the
// value of its retention_last_erased.
static const char *s_wait_sweep(e2e_t *c, int64_t since_ms, hr_arena_t *arena)
{
    for (int i = 0; i < S_POLL_TRIES; i++) {
        const char *last = s_extra(c, "retention_last_ms", arena);
        if (last && strtoll(last, NULL, 10) >= since_ms)
            return s_extra(c, "retention_last_erased", arena);
        zclock_sleep(S_POLL_MS);
    }
    fail_msg("the retention sweep did not run after %lld", (long long)since_ms);
    return NULL;
}

static double s_metric(const Hr__Analytics__GetMetricsReply *r, const char *name)
{
    for (size_t i = 0; i < r->n_metrics; i++)
        if (!strcmp(r->metrics[i]->name, name))
            return r->metrics[i]->value;
    return -1;
}

// Polls until analytics has applied both cases' events (one open, one withdrawn).
static void s_wait_cases(e2e_t *c, hr_arena_t *arena)
{
    for (int i = 0; i < S_POLL_TRIES; i++) {
        Hr__Analytics__GetMetricsRequest req = HR__ANALYTICS__GET_METRICS_REQUEST__INIT;
        hr_result_t res;
        if (e2e_call(c, "analytics", "analytics.GetMetrics", &req.base,
                     &hr__analytics__get_metrics_reply__descriptor, arena, &res) == HR_OK &&
            s_metric(res.reply, "cases.open") == 1 && s_metric(res.reply, "cases.withdrawn") == 1)
            return;
        zclock_sleep(S_POLL_MS);
    }
    fail_msg("analytics never applied the two cases");
}

// Each import's entry in `hrctl import list --json`, by number (borrowed from doc).
static json_t *s_listed(json_t *doc, json_int_t no)
{
    json_t *files = json_object_get(doc, "files");
    for (size_t i = 0; i < json_array_size(files); i++)
        if (json_integer_value(json_object_get(json_array_get(files, i), "file_no")) == no)
            return json_array_get(files, i);
    fail_msg("import %lld not listed", (long long)no);
    return NULL;
}

// The number of E0110's or E0117's late arrivals over the two days (hrctl facts).
static double s_late(e2e_t *c, const char *who)
{
    json_t *doc = ane_json(c, (const char *const[]){"facts", who, "--from", "2026-11-02", "--to",
                                                    "2026-11-03", "--json", NULL});
    json_t *f = ane_fact_or_null(doc, "late_arrivals", NULL);
    double v = f ? json_number_value(json_object_get(f, "value")) : 0;
    json_decref(doc);
    return v;
}

static json_int_t s_import(e2e_t *c, const char *name, const char *text)
{
    json_t *r = ane_import_text(c, "attendance", name, text);
    json_int_t no = ane_int(r, "file_no");
    json_decref(r);
    return no;
}

static void test_imports_past_retention_go_unless_a_case_holds_them(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_new("an_retention");
    char *cal = hr_test_source_path(ANE_CALENDAR);
    e2e_config(c, "analytics", "calendar/file", cal);
    hr_free(cal);
    const char *const svcs[] = {"workflow", "analytics", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    char *people = ane_write(c, "people.csv",
                             "employee_no,pin,department\nE0117,117,SALES\nE0110,110,SALES\n"
                             "E0125,125,SALES\n");
    ane_ok(c,
           (const char *const[]){"import", "pins", "--effective-from", "2026-10-01", people, NULL});
    hr_free(people);
    json_int_t held = s_import(c, "att_117.csv",
                               "pin,time\n117,2026-11-02 09:12:00\n117,2026-11-02 18:02:00\n"
                               "117,2026-11-03 08:57:00\n117,2026-11-03 18:10:00\n");
    json_int_t nocase = s_import(c, "att_110.csv",
                                 "pin,time\n110,2026-11-02 09:20:00\n110,2026-11-02 18:00:00\n"
                                 "110,2026-11-03 08:51:00\n110,2026-11-03 18:00:00\n");
    json_int_t closed = s_import(c, "att_125.csv",
                                 "pin,time\n125,2026-11-02 08:50:00\n125,2026-11-02 18:00:00\n"
                                 "125,2026-11-03 09:30:00\n125,2026-11-03 18:00:00\n");
    assert_true(s_late(c, "E0110") == 1);
    assert_true(s_late(c, "E0117") == 1);

    // E0117's case stays open; E0125's is withdrawn (closed now).
    assert_non_null(wfe_open(c, "E0101", "E0117", "A39_1", arena));
    Hr__Workflow__Case *w = wfe_open(c, "E0102", "E0125", "A40_2", arena);
    assert_non_null(w);
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = w->id;
    wd.reason = "performance improved after coaching";
    void *rep = NULL;
    assert_int_equal(wfe_call(c, "E0102", "manager", "workflow.WithdrawCase", &wd.base,
                              &hr__workflow__case_reply__descriptor, arena, &rep),
                     HR_OK);
    s_wait_cases(c, arena);
    assert_string_equal(s_extra(c, "retention_feed_days", arena), "1095");
    assert_string_equal(s_extra(c, "retention_case_keep_days", arena), "731");
    // The sweep at start-up found nothing past retention.
    assert_string_equal(s_wait_sweep(c, 1, arena), "0");

    // Three years and a few days on: the attendance of 2026-11-03 is 1095 + 28 days old, the
    // withdrawn case closed more than 731 days ago; E0117's case is still open.
    int64_t before = wfe_now_ms(c, arena);
    assert_int_equal(e2e_clock_advance(c, INT64_C(1100) * HR_DAY_MS), 0);
    assert_string_equal(s_wait_sweep(c, before + INT64_C(1100) * HR_DAY_MS, arena), "2");
    const char *files = s_extra(c, "retention_last_files", arena);
    char *want = hr_strfmt("%lld,%lld", (long long)nocase, (long long)closed);
    assert_string_equal(files, want);
    hr_free(want);
    // Held: the open case's employee's attendance and the people import that names them.
    assert_string_equal(s_extra(c, "retention_last_held", arena), "2");

    // The facts of the erased imports are gone; the held person's stay.
    assert_true(s_late(c, "E0110") == 0);
    assert_true(s_late(c, "E0117") == 1);
    // Tombstones kept: listed as erased by the system for retention, their text gone.
    json_t *l = ane_json(c, (const char *const[]){"import", "list", "--json", NULL});
    const json_int_t gone[] = {nocase, closed};
    for (size_t i = 0; i < HR_ARRAY_LEN(gone); i++) {
        json_t *f = s_listed(l, gone[i]);
        assert_true(json_is_true(json_object_get(f, "erased")));
        assert_string_equal(ane_str(f, "erased_by"), "system");
        assert_string_equal(ane_str(f, "erased_reason"), "retention");
        assert_int_equal(strlen(ane_str(f, "sha256")), 64);
    }
    assert_false(json_is_true(json_object_get(s_listed(l, held), "erased")));
    assert_false(json_is_true(json_object_get(s_listed(l, held), "withdrawn")));
    json_decref(l);
    char *no = hr_strfmt("%lld", (long long)nocase);
    char *out = ane_run(c, 0, NULL, (const char *const[]){"import", "list", no, "--text", NULL});
    assert_non_null(strstr(out, "the text was erased"));
    assert_null(strstr(out, "110,2026-11-02"));
    hr_free(out);
    hr_free(no);
    // hrctl health (which exits 1: four of the six daemons are not running here).
    char *err = NULL;
    out = NULL;
    e2e_hrctl(c, &out, &err, (const char *const[]){"health", NULL});
    assert_non_null(out);
    assert_non_null(strstr(out, "analytics: retention sweep at"));
    assert_non_null(strstr(out, "erased 2 imports"));
    hr_free(out);
    hr_free(err);

    // Killed and started again: the next sweep finds nothing more to erase (held ones still
    // held) - nothing is erased twice.
    e2e_kill(c, "analytics", SIGKILL);
    assert_int_equal(e2e_restart(c, "analytics"), 0);
    assert_string_equal(s_wait_sweep(c, 1, arena), "0");
    assert_string_equal(s_extra(c, "retention_last_held", arena), "2");
    assert_string_equal(s_extra(c, "retention_erased_total", arena), "0");
    assert_true(s_late(c, "E0117") == 1);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_imports_past_retention_go_unless_a_case_holds_them),
    };
    return cmocka_run_group_tests_name("e2e.analytics_retention", tests, NULL, NULL);
}
