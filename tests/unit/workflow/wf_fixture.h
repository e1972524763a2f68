/*  wf_fixture - what the workflow unit tests share: the repository's calendar and default
 *  template, loaded once per test group, UTC ms of a local (Asia/Shanghai) date and time, an
 *  arena for each test, and import files and directory records read or built in it. Include it
 *  after <cmocka.h>: its helpers fail the test with cmocka's asserts.
 */
#ifndef WF_FIXTURE_H
#define WF_FIXTURE_H

#include "hr_test.h"
#include "wf.h"

static inline hr_calendar_t *wf_fixture_calendar(void)
{
    char *path = hr_test_source_path("deploy/config/calendar.txt");
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_load(path, &err);
    if (!cal)
        fprintf(stderr, "calendar: %s\n", err ? err : "?");
    hr_free(err);
    hr_free(path);
    return cal;
}

static inline Hr__Workflow__Template *wf_fixture_template(hr_arena_t *arena)
{
    char *path = hr_test_source_path("deploy/config/template-default.txt");
    size_t len = 0;
    char *text = hr_test_read_file(path, &len);
    hr_free(path);
    if (!text)
        return NULL;
    Hr__Workflow__Template *tpl = NULL;
    char *errors[8];
    size_t nerr = 0;
    hr_rc_t rc = wf_template_parse(text, len, arena, &tpl, errors, 8, &nerr);
    hr_free(text);
    return rc ? NULL : tpl;
}

// UTC ms of "YYYY-MM-DD" at hh:mm local time (UTC+8).
static inline int64_t wf_fixture_local(const char *date, int hh, int mm)
{
    int32_t day = 0;
    if (!hr_date_parse(date, &day))
        return -1;
    return hr_ms_of_day(day, HR_TZ_SHANGHAI_MIN) + hh * HR_HOUR_MS + mm * HR_MINUTE_MS;
}

// UTC ms of local midnight ending "YYYY-MM-DD" (a working-day deadline).
static inline int64_t wf_fixture_end_of(const char *date)
{
    int32_t day = 0;
    if (!hr_date_parse(date, &day))
        return -1;
    return hr_ms_of_day(day + 1, HR_TZ_SHANGHAI_MIN);
}

// The fixture of the tests that want only an arena: a fresh one for each test (cmocka setup and
// teardown), so a test's strings live until it ends.
typedef struct {
    hr_arena_t *arena; // owned
} wf_fixture_t;

static inline int wf_fixture_setup(void **state)
{
    wf_fixture_t *f = hr_alloc(sizeof *f);
    f->arena = hr_arena_new(0);
    *state = f;
    return 0;
}

static inline int wf_fixture_teardown(void **state)
{
    wf_fixture_t *f = *state;
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

// The rows of CSV text (header first; at most max), read into arena: the test fails when the
// text does not parse. *nrows gets their count.
static inline wf_csv_row_t *wf_fixture_csv(hr_arena_t *arena, const char *text, size_t max,
                                           size_t *nrows)
{
    wf_csv_row_t *rows = NULL;
    char err[256];
    assert_int_equal(
        wf_csv_parse(text, strlen(text), arena, max, &rows, nrows, err, NULL, sizeof err), HR_OK);
    return rows;
}

// The day number of "YYYY-MM-DD": the test fails when text is not a date.
static inline int32_t wf_fixture_day(const char *text)
{
    int32_t day = 0;
    assert_true(hr_date_parse(text, &day));
    return day;
}

// A protected status (strings borrowed) in arena, as a people file's protected cell gives it.
static inline Hr__Workflow__ProtectedStatus *
wf_fixture_status(hr_arena_t *arena, const char *status, const char *source)
{
    Hr__Workflow__ProtectedStatus *ps = hr_arena_alloc(arena, sizeof *ps);
    hr__workflow__protected_status__init(ps);
    ps->status = (char *)status;
    ps->source = (char *)source;
    return ps;
}

#endif
