/*  an_e2e - what the analytics end-to-end tests share: hr-analytics in a fresh test directory
 *  (with the repository's calendar or none), hrctl calls that must exit as expected and their
 *  JSON, files to import (the test's own text or tests/fixtures/analytics/), and readers for the
 *  facts and fields of hrctl's JSON.
 */
#ifndef AN_E2E_H
#define AN_E2E_H

#include "harness.h"

#include <jansson.h>

// The repository's company calendar, for ane_new.
#define ANE_CALENDAR "deploy/config/calendar.txt"

// A fresh test directory with hr-analytics' calendar/file set to the repository's file calendar
// (ANE_CALENDAR; NULL: none); nothing started yet.
e2e_t *ane_new(const char *name, const char *calendar);
// ane_new, then hr-analytics started; the test fails when it does not start.
e2e_t *ane_start(const char *name, const char *calendar);
// hrctl with args (NULL-terminated) and this test's --config-dir; fails the test unless it exits
// `want` (both outputs printed). Its stdout (owned); its stderr (owned) into *err when err is not
// NULL.
char *ane_run(e2e_t *c, int want, char **err, const char *const *args);
// The same, its stdout dropped: its stderr (owned).
char *ane_err(e2e_t *c, int want, const char *const *args);
// hrctl with args, which must exit 0; its output dropped.
void ane_ok(e2e_t *c, const char *const *args);
// hrctl with args that prints JSON, which must exit 0: the document (owned).
json_t *ane_json(e2e_t *c, const char *const *args);
// Writes text to name in the test directory: its path (owned).
char *ane_write(e2e_t *c, const char *name, const char *text);
// The path of tests/fixtures/analytics/name (owned).
char *ane_fixture(const char *name);
// `hrctl import kind [--format format] --json path`, which must exit 0 (format NULL: none
// given): the reply (owned).
json_t *ane_import(e2e_t *c, const char *kind, const char *format, const char *path);
// The same for tests/fixtures/analytics/fixture.
json_t *ane_import_fixture(e2e_t *c, const char *kind, const char *format, const char *fixture);
// The same for text written to name in the test directory (ane_write).
json_t *ane_import_text(e2e_t *c, const char *kind, const char *name, const char *text);
// The fact of code (and of subject, when not NULL) in a facts document (hrctl facts --json),
// borrowed from it; NULL when there is none.
json_t *ane_fact_or_null(json_t *doc, const char *code, const char *subject);
// The same; fails the test when there is none.
json_t *ane_fact(json_t *doc, const char *code, const char *subject);
// The value of the fact of code in a facts document; fails the test when there is none.
double ane_value(json_t *doc, const char *code);
// o's string at key (borrowed from o); fails the test when there is none.
const char *ane_str(json_t *o, const char *key);
// o's integer at key; fails the test when there is none.
json_int_t ane_int(json_t *o, const char *key);

#endif
