/*  an_test.h - what the analytics unit tests that run imports and facts against a real LMDB
 *  store share: the fixture (a store in a temp dir, the shipped calendar), an import through
 *  an_import, facts through an_facts_query, a fact by its code, early warnings through
 *  an_warnings_query, the fixtures' text, local midnight of a date, the feed kinds. Included by
 * test_an_*.c only.
 */
#ifndef AN_TEST_H
#define AN_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

typedef struct {
    char *dir;
    hr_store_t *store;
    hr_arena_t *arena;
    hr_calendar_t *cal;
    char why[256];           // the last facts query's reason
    int64_t now_ms;          // the service clock of the queries (0 = no cut at today)
    const an_rules_t *rules; // borrowed: the rules of the queries; NULL: an_rules_default()
    bool statuses_hidden;    // the facts are read as legal (an_query_ctx_t.statuses_hidden)
} fixture_t;

static inline int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->dir = hr_test_tmpdir("an_import");
    hr_store_opts_t o = {.dir = f->dir,
                         .mapsize_mb = 64,
                         .dbs = an_store_dbs,
                         .schema_version = an_service.schema_version};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    f->arena = hr_arena_new(0);
    char *path = hr_test_source_path("deploy/config/calendar.txt");
    f->cal = hr_calendar_load(path, &err);
    hr_free(path);
    *state = f;
    return f->store && f->cal ? 0 : -1;
}

static inline int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_arena_destroy(&f->arena);
    hr_calendar_destroy(&f->cal);
    hr_test_rmdir(f->dir);
    hr_free(f->dir);
    hr_free(f);
    return 0;
}

// An import with the context given (when, under which msg_id, from which source); asserts it
// returns want (the reason is printed otherwise). The reply (arena).
static inline Hr__Analytics__ImportFeedReply *s_import_ctx(fixture_t *f, const an_import_ctx_t *ctx,
                                                           Hr__Analytics__FeedKind kind,
                                                           const char *format, const char *name,
                                                           const char *text, hr_rc_t want)
{
    Hr__Analytics__ImportFeedReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__import_feed_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    char why[256] = "";
    hr_rc_t rc =
        an_import(txn, ctx, kind, format, name, text, strlen(text), f->arena, rep, why, sizeof why);
    if (rc != want)
        fprintf(stderr, "import %s: %s %s\n", name, hr_rc_name(rc), why);
    assert_int_equal(rc, want);
    if (rc)
        hr_txn_abort(&txn);
    else
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    return rep;
}

// An import at HR_TEST_T0_MS; asserts it returns want.
static inline Hr__Analytics__ImportFeedReply *s_import(fixture_t *f, Hr__Analytics__FeedKind kind,
                                                       const char *format, const char *name,
                                                       const char *text, hr_rc_t want)
{
    an_import_ctx_t ctx = {.tz_offset_min = 480, .now_ms = HR_TEST_T0_MS, .msg_id = "m"};
    return s_import_ctx(f, &ctx, kind, format, name, text, want);
}

// GetFacts through the query function; asserts it returns want (the reason is printed
// otherwise, and kept in f->why).
static inline Hr__Analytics__GetFactsReply *s_facts_want(fixture_t *f, const char *emp,
                                                         const char *pin, const char *from,
                                                         const char *to, bool snapshot,
                                                         hr_rc_t want)
{
    an_query_ctx_t ctx = {.tz_offset_min = 480,
                          .default_shift = {9 * 60, 18 * 60},
                          .rules = f->rules ? *f->rules : an_rules_default(),
                          .calendar = f->cal,
                          .now_ms = f->now_ms,
                          .statuses_hidden = f->statuses_hidden};
    Hr__Analytics__GetFactsRequest req = HR__ANALYTICS__GET_FACTS_REQUEST__INIT;
    req.employee_no = (char *)emp;
    req.pin = (char *)pin;
    req.from = (char *)from;
    req.to = (char *)to;
    req.with_snapshot = snapshot; // as the handler asks it
    Hr__Analytics__GetFactsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__get_facts_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    f->why[0] = '\0';
    hr_rc_t rc = an_facts_query(txn, &ctx, &req, f->arena, rep, f->why, sizeof f->why);
    if (rc != want)
        fprintf(stderr, "facts: %s\n", f->why);
    assert_int_equal(rc, want);
    if (snapshot && !rc)
        an_facts_snapshot(txn, rep, HR_TEST_T0_MS, f->arena);
    hr_txn_abort(&txn);
    return rep;
}

static inline Hr__Analytics__GetFactsReply *s_facts(fixture_t *f, const char *emp, const char *pin,
                                                    const char *from, const char *to, bool snapshot)
{
    return s_facts_want(f, emp, pin, from, to, snapshot, HR_OK);
}

// The fact of this code, or NULL.
static inline const Hr__Analytics__Fact *s_fact_or_null(const Hr__Analytics__GetFactsReply *r,
                                                        const char *code)
{
    for (size_t i = 0; i < r->n_facts; i++)
        if (!strcmp(r->facts[i]->code, code))
            return r->facts[i];
    return NULL;
}

// The fact of this code; fails the test when there is none.
static inline const Hr__Analytics__Fact *s_fact(const Hr__Analytics__GetFactsReply *r,
                                                const char *code)
{
    const Hr__Analytics__Fact *x = s_fact_or_null(r, code);
    if (!x)
        fail_msg("no fact %s", code);
    return x;
}

// The early warnings from..to (in department dept when not NULL) under the thresholds given,
// as of f->now_ms; asserts the query succeeds.
static inline Hr__Analytics__ListWarningsReply *s_warnings_by(fixture_t *f, const char *from,
                                                              const char *to, const char *dept,
                                                              an_warn_rules_t warn)
{
    an_query_ctx_t ctx = {.tz_offset_min = 480,
                          .default_shift = {9 * 60, 18 * 60},
                          .rules = an_rules_default(),
                          .calendar = f->cal,
                          .warn = warn,
                          .now_ms = f->now_ms};
    Hr__Analytics__ListWarningsRequest req = HR__ANALYTICS__LIST_WARNINGS_REQUEST__INIT;
    req.from = (char *)from;
    req.to = (char *)to;
    if (dept)
        req.department = (char *)dept;
    Hr__Analytics__ListWarningsReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__list_warnings_reply__init(rep);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_warnings_query(txn, &ctx, &req, f->arena, rep, f->why, sizeof f->why),
                     HR_OK);
    hr_txn_abort(&txn);
    return rep;
}

// The same under the tests' usual thresholds: 4 late arrivals, 2 over an hour, 2 absences, a
// KPI under 60%.
static inline Hr__Analytics__ListWarningsReply *s_warnings(fixture_t *f, const char *from,
                                                           const char *to, const char *dept)
{
    an_warn_rules_t warn = {
        .late_arrivals = 4, .late_over_60 = 2, .absences = 2, .kpi_below_percent = 60};
    return s_warnings_by(f, from, to, dept, warn);
}

// The text of tests/fixtures/analytics/name (the company fixtures the end-to-end tests import
// too), in f->arena; fails the test when it cannot be read.
static inline const char *s_fixture(fixture_t *f, const char *name)
{
    char *rel = hr_strfmt("tests/fixtures/analytics/%s", name);
    char *path = hr_test_source_path(rel);
    char *text = hr_test_read_file(path, NULL);
    if (!text)
        fail_msg("cannot read %s", path);
    char *copy = hr_arena_strdup(f->arena, text);
    hr_free(text);
    hr_free(path);
    hr_free(rel);
    return copy;
}

// Local midnight of a date, Beijing time, as the service clock would read it.
static inline int64_t s_midnight(const char *date)
{
    int32_t day = 0;
    assert_true(hr_date_parse(date, &day));
    return hr_ms_of_day(day, 480);
}

#define PEOPLE HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE
#define ATT HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE
#define PERF HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE
#define TRAINING HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING
#define LEAVE HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE
#define SCHED HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES

#endif
