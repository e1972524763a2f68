/*  unit.analytics.import - files into a real LMDB store and facts back out: provenance, the
 *  same file twice, overlapping files, quarantine, unmatched PINs, Excel-damaged ids, team
 *  medians, KPI and training facts, the snapshot hash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <unistd.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

static const char *s_people = "employee_no,pin,department\n"
                              "00123,123,D01\n200,200,D01\n300,300,D01\n"
                              "123456789012345678,,D02\n";

// Week of 2025-03-03 (Mon) .. 03-07 (Fri).
static const char *s_att = "pin,time\n"
                           "123,2025-03-03 10:15:00\n"  // line 2: 75 min late
                           "123,2025-03-03 18:00:00\n"  // line 3
                           "0123,2025-03-04 09:00:00\n" // line 4: zeros lost or not, same PIN
                           "123,2025-03-04 17:30:00\n"  // line 5: 30 min early
                           "123,2025-03-05 09:10:00\n"  // line 6: only punch: missing, not late
                           "999,2025-03-05 09:00:00\n"  // line 7: unmatched PIN
                           "200,2025-03-03 09:00:00\n200,2025-03-03 18:00:00\n"
                           "300,2025-03-03 09:20:00\n300,2025-03-03 18:00:00\n"
                           "123,not a time\n"; // line 12: quarantined

static void test_import_stores_raw_records_and_the_same_file_twice_changes_nothing(void **state)
{
    fixture_t *f = *state;
    Hr__Analytics__ImportFeedReply *p =
        s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    assert_int_equal(p->accepted, 4);
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    assert_false(a->already_imported);
    assert_int_equal(a->lines, 11);
    assert_int_equal(a->accepted, 10);
    assert_int_equal(a->quarantined, 1);
    assert_int_equal(a->n_bad_rows, 1);
    assert_int_equal(a->bad_rows[0]->line, 12);
    assert_int_equal(a->unmatched_pins, 1);
    assert_string_equal(a->unmatched_sample[0], "999");
    Hr__Analytics__ImportFeedReply *again = s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    assert_true(again->already_imported);
    assert_string_equal(again->file_id, a->file_id);
    // A different file repeating two punches: duplicates, nothing new stored.
    const char *overlap = "pin,time,state\n123,2025-03-03 10:15:00,0\n123,2025-03-07 09:00:00,0\n"
                          "123,2025-03-07 18:00:00,1\n";
    Hr__Analytics__ImportFeedReply *o = s_import(f, ATT, "generic", "b.csv", overlap, HR_OK);
    assert_int_equal(o->duplicates, 1);
    assert_int_equal(o->accepted, 2);

    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-07", true);
    assert_string_equal(r->department, "D01");
    assert_int_equal(r->working_days, 5);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 1); // 03-05's only punch is no arrival: a missing punch
    assert_int_equal(late->n_sources, 1);
    // The source of the 75-minute arrival is the first file's line 2, text as stored.
    assert_int_equal(late->sources[0]->line, 2);
    assert_string_equal(late->sources[0]->file_name, "att.csv");
    assert_string_equal(late->sources[0]->file_id, a->file_id);
    assert_string_equal(late->sources[0]->raw, "123,2025-03-03 10:15:00");
    assert_string_equal(late->sources[0]->day, "2025-03-03");
    assert_true(s_fact(r, "late_minutes")->value == 75);
    assert_true(s_fact(r, "late_over_60")->value == 1);
    const Hr__Analytics__Fact *early = s_fact(r, "early_leaves");
    assert_true(early->value == 1);
    assert_int_equal(early->sources[0]->line, 5);
    const Hr__Analytics__Fact *missing = s_fact(r, "missing_punches");
    assert_true(missing->value == 1);
    assert_int_equal(missing->sources[0]->line, 6);
    assert_string_equal(missing->sources[0]->note, "only punch 09:10");
    assert_true(s_fact(r, "absences")->value == 1); // 03-06
    // Team D01 without 123: 200 (0) and 300 (1), two colleagues - too few for a median (it was
    // 1 with 123 in it).
    assert_false(late->has_comparison);
    assert_non_null(
        strstr(late->comparison, "team too small to compare (department D01: 2 colleagues"));
    assert_non_null(strstr(late->text_zh, "迟到1次"));
    assert_non_null(strstr(late->text_en, "arrived late 1 time (after"));
    // The snapshot is canonical JSON with its SHA-256.
    assert_int_equal(strlen(r->snapshot_sha256), 64);
    uint8_t h[32];
    crypto_hash_sha256(h, (const uint8_t *)r->snapshot_json, strlen(r->snapshot_json));
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, 32);
    assert_string_equal(hex, r->snapshot_sha256);
    assert_non_null(strstr(r->snapshot_json, "\"file_id\":\""));
}

static void test_unmatched_pins_can_still_be_asked_for(void **state)
{
    fixture_t *f = *state;
    s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, NULL, "999", "2025-03-03", "2025-03-07", false);
    assert_string_equal(r->employee_no, "");
    assert_true(s_fact(r, "missing_punches")->value == 1);
    // The file's last punch is on Wednesday: Thursday and Friday are nobody's absences yet.
    assert_true(s_fact(r, "absences")->value == 2);
    assert_string_equal(r->attendance_to, "2025-03-05");
}

// A window that cannot be asked for says what is wrong with it: reversed dates, a day that is
// not in the calendar, a window too long.
static void test_a_bad_window_says_what_is_wrong(void **state)
{
    fixture_t *f = *state;
    s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    s_facts_want(f, NULL, "999", "2025-03-07", "2025-03-03", false, HR_EINVAL);
    assert_string_equal(f->why, "to: 2025-03-03 is before from 2025-03-07: the dates are reversed");
    s_facts_want(f, NULL, "999", "2025-02-30", "2025-03-03", false, HR_EINVAL);
    assert_string_equal(f->why, "from: '2025-02-30' is not a date (February 2025 has 28 days)");
    s_facts_want(f, NULL, "999", "2025-03-03", "2025/03/07", false, HR_EINVAL);
    assert_string_equal(f->why, "to: '2025/03/07' is not YYYY-MM-DD");
    s_facts_want(f, NULL, "999", "2024-03-03", "2025-03-07", false, HR_EINVAL);
    assert_string_equal(f->why, "to: 2024-03-03 to 2025-03-07 is 370 days; a window is at most "
                                "366 days");
}

static void test_quarantine_keeps_bad_rows_with_their_reason(void **state)
{
    fixture_t *f = *state;
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "att.csv", s_att, HR_OK);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t total = 0;
    assert_int_equal(an_store_bad_each(txn, a->file_no, f->arena, NULL, NULL, &total), HR_OK);
    assert_int_equal(total, 1);
    char line[64];
    size_t n = 0;
    // The stored text still holds the file whole: line 12 can be shown again.
    assert_int_equal(an_store_text_line(txn, a->file_no, strlen(s_att) - 15, 63, line, &n), HR_OK);
    line[n] = '\0';
    assert_string_equal(line, "123,not a time");
    hr_txn_abort(&txn);
}

static void test_excel_damaged_ids_resolve_to_the_one_person_they_stand_for(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    const char *att = "pin,time\n1.23457E+17,2025-03-03 09:30:00\n9.9E+17,2025-03-03 09:30:00\n";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "x.csv", att, HR_OK);
    assert_int_equal(a->accepted, 1);
    assert_int_equal(a->quarantined, 1);
    assert_int_equal(a->bad_rows[0]->line, 3);
    Hr__Analytics__GetFactsReply *r =
        s_facts(f, "123456789012345678", NULL, "2025-03-03", "2025-03-03", false);
    assert_true(s_fact(r, "missing_punches")->value == 1); // the one punch found its person
    // In the people feed itself, "0123" after "123" in the same file is the same person twice.
    const char *people = "employee_no,department\n123,D1\n0123,D1\n";
    Hr__Analytics__ImportFeedReply *p = s_import(f, PEOPLE, "generic", "p2.csv", people, HR_OK);
    assert_int_equal(p->quarantined, 1);
    assert_non_null(strstr(p->bad_rows[0]->reason, "leading zeros"));
}

static void test_kpi_sales_and_training_facts_with_team_and_sources(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    const char *kpi = "employee_no,period,metric,target,actual\n"
                      "123,2025-03,new_clients,10,4\n200,2025-03,new_clients,10,9\n"
                      "300,2025-03,new_clients,10,11\n";
    Hr__Analytics__ImportFeedReply *k = s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE,
                                                 "generic", "kpi.csv", kpi, HR_OK);
    assert_int_equal(k->accepted, 3);
    // Same rows again in another file: duplicates; a changed value: updated.
    const char *kpi2 = "employee_no,period,metric,target,actual\n"
                       "123,2025-03,new_clients,10,4\n200,2025-03,new_clients,10,8\n";
    Hr__Analytics__ImportFeedReply *k2 = s_import(
        f, HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, "generic", "kpi2.csv", kpi2, HR_OK);
    assert_int_equal(k2->duplicates, 1);
    assert_int_equal(k2->updated, 1);
    const char *tr = "employee_no,course,date,score,pass_mark\n123,Product,2025-03-10,55,60\n"
                     "123,Safety,2025-03-11,90,60\n";
    s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, "generic", "tr.csv", tr, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-01", "2025-03-31", false);
    const Hr__Analytics__Fact *kf = s_fact(r, "kpi_attainment");
    assert_true(kf->value == 40);
    assert_string_equal(kf->subject, "new_clients");
    assert_false(kf->has_comparison); // colleagues 80 and 110: too few (was 80 of 40, 80, 110)
    assert_int_equal(kf->sources[0]->line, 2);
    assert_string_equal(kf->sources[0]->raw, "123,2025-03,new_clients,10,4");
    const Hr__Analytics__Fact *tf = s_fact(r, "training_failed");
    assert_true(tf->value == 1);
    assert_int_equal(tf->n_sources, 1);
    assert_non_null(strstr(s_fact(r, "training_score")->text_en, "below the pass mark"));
}

// The employment period in the people feed: no absence before the hire date or after the
// leave date, for the person and for the team they are compared with; a window reaching
// outside it is cut to it (and the facts say so), one wholly outside is refused.
static void test_facts_count_only_the_days_a_person_was_employed(void **state)
{
    fixture_t *f = *state;
    const char *people = "employee_no,pin,department,hire_date,leave_date\n"
                         "500,500,D05,2025-03-05,\n" // hired on the Wednesday
                         "600,600,D05,,2025-03-04\n" // left on the Tuesday
                         "700,700,D05,,\n";
    Hr__Analytics__ImportFeedReply *p = s_import(f, PEOPLE, "generic", "p.csv", people, HR_OK);
    assert_int_equal(p->accepted, 3);
    const char *att = "pin,time\n"
                      "500,2025-03-05 09:00:00\n500,2025-03-05 18:00:00\n"
                      "500,2025-03-06 09:00:00\n500,2025-03-06 18:00:00\n"
                      "600,2025-03-03 09:00:00\n600,2025-03-03 18:00:00\n"
                      "600,2025-03-04 09:00:00\n600,2025-03-04 18:00:00\n"
                      "700,2025-03-03 09:00:00\n700,2025-03-03 18:00:00\n"
                      "700,2025-03-07 09:00:00\n"; // the feed covers the whole week
    s_import(f, ATT, "generic", "a.csv", att, HR_OK);
    // 500 over the whole week: counted from Wednesday, absent only on Friday.
    Hr__Analytics__GetFactsReply *r = s_facts(f, "500", NULL, "2025-03-03", "2025-03-07", false);
    assert_int_equal(r->working_days, 3);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 1);
    assert_string_equal(abs->window_from, "2025-03-05");
    assert_string_equal(abs->window_to, "2025-03-07");
    // The team is compared over the same days: 600 left before 500's window began and is no
    // colleague to compare with (not a colleague who was never absent). Over the whole week,
    // 700's team has all three, each counted only while employed.
    assert_non_null(strstr(abs->comparison, "1 colleague with this figure"));
    r = s_facts(f, "700", NULL, "2025-03-03", "2025-03-07", false);
    assert_non_null(strstr(s_fact(r, "absences")->comparison, "2 colleagues with this figure"));
    // 600 after leaving, and 500 before being hired: refused, with the dates.
    s_facts_want(f, "600", NULL, "2025-03-05", "2025-03-07", false, HR_EINVAL);
    assert_non_null(strstr(f->why, "left 2025-03-04"));
    s_facts_want(f, "500", NULL, "2025-03-03", "2025-03-04", false, HR_EINVAL);
    assert_non_null(strstr(f->why, "hired 2025-03-05"));
    r = s_facts(f, "600", NULL, "2025-03-03", "2025-03-07", false);
    assert_int_equal(r->working_days, 2);
    assert_true(s_fact(r, "absences")->value == 0);
    // The same people file again changes nothing; a corrected hire date is an update.
    p = s_import(f, PEOPLE, "generic", "p.csv", people, HR_OK);
    assert_true(p->already_imported);
    const char *fixed = "employee_no,pin,department,hire_date\n500,500,D05,2025-03-03\n";
    p = s_import(f, PEOPLE, "generic", "p2.csv", fixed, HR_OK);
    assert_int_equal(p->accepted, 1);
    r = s_facts(f, "500", NULL, "2025-03-03", "2025-03-07", false);
    assert_int_equal(r->working_days, 5);
    assert_true(s_fact(r, "absences")->value == 3);
    // Bad dates are quarantined with the reason.
    const char *bad = "employee_no,pin,department,hire_date,leave_date\n"
                      "800,800,D05,2025-13-01,\n900,900,D05,2025-03-05,2025-03-01\n";
    p = s_import(f, PEOPLE, "generic", "p3.csv", bad, HR_OK);
    assert_int_equal(p->quarantined, 2);
    assert_non_null(strstr(p->bad_rows[0]->reason, "hire_date"));
    assert_non_null(strstr(p->bad_rows[1]->reason, "before hire_date"));
}

static const char *s_two_days = "pin,time\n" // 123 on Monday, 200 Monday and Friday (the end)
                                "123,2025-03-03 09:00:00\n123,2025-03-03 18:00:00\n"
                                "200,2025-03-03 09:00:00\n200,2025-03-03 18:00:00\n"
                                "200,2025-03-07 09:00:00\n200,2025-03-07 18:00:00\n";

// Absences are counted over the days that are over and that the person's attendance feed
// covers: a day after the last imported punch of anyone in that feed is nobody's absence yet,
// while a covered working day without a punch of the person still is one. The facts' window and
// sentences say over which days they were counted.
static void test_absences_count_only_the_days_imported_and_over(void **state)
{
    fixture_t *f = *state;
    const char *people = "employee_no,pin,department\n123,123,D01\n200,200,D01\n"
                         "300,300,D02\n400,400,D02\n";
    s_import(f, PEOPLE, "generic", "people.csv", people, HR_OK);
    s_import(f, ATT, "generic", "week.csv", s_two_days, HR_OK);
    // Another source, a device export that ends on Tuesday: its people's days after it are
    // not covered, whatever the other feed holds.
    const char *dev = "      300\t2025-03-03 09:00:00\t0\t1\t0\t0\n"
                      "      300\t2025-03-04 09:00:00\t0\t1\t0\t0\n";
    s_import(f, ATT, "zkteco", "1_attlog.dat", dev, HR_OK);
    f->now_ms = s_midnight("2025-03-20") + 10 * HR_HOUR_MS; // a Thursday morning

    // 123 over three weeks: the feed ends Friday 03-07, so Tuesday to Friday are the absences
    // (4), not the 13 working days after Monday.
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-21", true);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 4);
    assert_int_equal(abs->n_days, 4);
    assert_string_equal(abs->window_from, "2025-03-03");
    assert_string_equal(abs->window_to, "2025-03-07");
    assert_int_equal(r->working_days, 5);
    assert_string_equal(r->attendance_to, "2025-03-07");
    assert_non_null(strstr(r->attendance_note, "counted up to 2025-03-07"));
    assert_non_null(strstr(abs->text_zh, "2025-03-03至2025-03-07期间，有4个工作日"));
    assert_non_null(strstr(abs->text_zh, "考勤数据只导入至2025-03-07"));
    assert_non_null(strstr(abs->text_en, "imported up to 2025-03-07 only"));
    assert_non_null(strstr(r->snapshot_json, "\"attendance\":{\"from\":\"2025-03-03\""));
    // Team comparisons count the same days: 200 (3: Monday and Friday only) is 123's one
    // colleague with days covered - too few for a median (it was 3.5 of 123 and 200).
    assert_false(abs->has_comparison);
    assert_non_null(strstr(abs->comparison, "1 colleague with this figure"));

    // 300's device feed ends Tuesday: counted to 03-04, no absence.
    r = s_facts(f, "300", NULL, "2025-03-03", "2025-03-07", false);
    assert_string_equal(s_fact(r, "absences")->window_to, "2025-03-04");
    assert_true(s_fact(r, "absences")->value == 0);
    // 400 never punched: no import names the PIN, so none tells whether 400 was there (which
    // device 400 punches on is not known): nothing is counted, and the note says why.
    r = s_facts(f, "400", NULL, "2025-03-03", "2025-03-21", false);
    assert_int_equal(r->working_days, 0);
    for (size_t i = 0; i < r->n_facts; i++)
        assert_string_not_equal(r->facts[i]->code, "absences");
    assert_non_null(strstr(r->attendance_note, "no attendance import names this person"));

    // A window after the feed's end: no attendance fact at all, and the reply says why.
    r = s_facts(f, "123", NULL, "2025-03-10", "2025-03-21", false);
    assert_int_equal(r->working_days, 0);
    for (size_t i = 0; i < r->n_facts; i++)
        assert_string_not_equal(r->facts[i]->code, "absences");
    assert_non_null(strstr(r->attendance_note, "nothing is counted"));

    // An export from 03-17 reaches past today: the days from today on are not over, so not
    // counted (123 is in it with a punch on the 24th).
    const char *later = "pin,time\n200,2025-03-17 09:00:00\n200,2025-03-24 09:00:00\n"
                        "200,2025-03-24 18:00:00\n123,2025-03-24 09:00:00\n";
    s_import(f, ATT, "generic", "later.csv", later, HR_OK);
    r = s_facts(f, "123", NULL, "2025-03-17", "2025-03-28", false);
    abs = s_fact(r, "absences");
    assert_string_equal(abs->window_to, "2025-03-19"); // yesterday
    assert_true(abs->value == 3);
    assert_non_null(strstr(r->attendance_note, "not over"));
    assert_non_null(strstr(abs->text_en, "has not passed yet"));
}

// Warnings count absences like the facts: over the days imported and over, compared with as
// many days before. A window reaching past the feed's end warned about everyone (every day
// without a punch an absence); a KPI warning names the metric's previous period.
static void test_warnings_count_only_the_days_imported_and_over(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    const char *att = "pin,time\n"
                      "123,2025-02-24 09:00:00\n123,2025-02-24 18:00:00\n" // the week before:
                      "123,2025-02-25 09:00:00\n123,2025-02-25 18:00:00\n" // present
                      "123,2025-02-26 09:00:00\n123,2025-02-26 18:00:00\n"
                      "123,2025-02-27 09:00:00\n123,2025-02-27 18:00:00\n"
                      "123,2025-02-28 09:00:00\n123,2025-02-28 18:00:00\n"
                      "123,2025-03-03 09:00:00\n123,2025-03-03 18:00:00\n" // then Monday to
                      "123,2025-03-04 09:00:00\n123,2025-03-04 18:00:00\n" // Wednesday only
                      "123,2025-03-05 09:00:00\n123,2025-03-05 18:00:00\n";
    s_import(f, ATT, "generic", "a.csv", att, HR_OK);
    // b.csv: the same device's export, 200 every day and 123's Monday again: it covers 123's
    // days up to 03-07 too.
    char *full = hr_strdup("pin,time\n123,2025-02-24 09:00:00\n");
    const char *days[] = {"02-24", "02-25", "02-26", "02-27", "02-28",
                          "03-03", "03-04", "03-05", "03-06", "03-07"};
    for (size_t i = 0; i < HR_ARRAY_LEN(days); i++) {
        char *more =
            hr_strfmt("%s200,2025-%s 09:00:00\n200,2025-%s 18:00:00\n", full, days[i], days[i]);
        hr_free(full);
        full = more;
    }
    s_import(f, ATT, "generic", "b.csv", full, HR_OK); // the export ends 03-07
    hr_free(full);
    const char *kpi = "employee_no,period,metric,target,actual\n"
                      "123,2025-02,calls,100,90\n123,2025-03,calls,100,50\n";
    s_import(f, PERF, "generic", "kpi.csv", kpi, HR_OK);
    // Asked once March is over: a KPI period not over is no warning (unit.analytics.protect).
    f->now_ms = s_midnight("2025-04-01");

    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2025-03-03", "2025-03-21", NULL);
    assert_int_equal(w->people, 2);
    assert_int_equal(w->n_warnings, 2); // 123's absences and KPI; 200 was never absent
    const Hr__Analytics__Warning *abs = w->warnings[0];
    assert_string_equal(abs->employee_no, "123");
    assert_string_equal(abs->code, "absences");
    assert_true(abs->value == 2); // Thursday and Friday, not the 12 days after Wednesday
    assert_true(abs->previous == 0);
    assert_string_equal(abs->window_from, "2025-03-03");
    assert_string_equal(abs->window_to, "2025-03-07");
    assert_non_null(strstr(abs->text_zh, "2025-03-03至2025-03-07期间"));
    const Hr__Analytics__Warning *k = w->warnings[1];
    assert_string_equal(k->code, "kpi_attainment");
    assert_false(k->no_previous);
    assert_true(k->previous == 90);
    assert_non_null(strstr(k->text_en, "90% in the period before"));
}

// A new hire's days before the hire are nothing to compare with: the warning says n/a ("before
// 0" read as a clean record that got worse).
static void test_a_new_hire_has_nothing_before_to_compare_with(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department,hire_date\n123,123,D01,2025-03-03\n"
             "200,200,D01,2020-01-01\n",
             HR_OK);
    char *att = hr_strdup("pin,time\n");
    const char *days[] = {"02-24", "02-25", "02-26", "02-27", "02-28",
                          "03-03", "03-04", "03-05", "03-06", "03-07"};
    for (size_t i = 0; i < HR_ARRAY_LEN(days); i++) {
        char *more =
            hr_strfmt("%s200,2025-%s 09:00:00\n200,2025-%s 18:00:00\n", att, days[i], days[i]);
        hr_free(att);
        att = more;
    }
    char *more = hr_strfmt("%s123,2025-03-03 09:00:00\n123,2025-03-03 18:00:00\n"
                           "123,2025-03-04 09:00:00\n123,2025-03-04 18:00:00\n"
                           "123,2025-03-05 09:00:00\n123,2025-03-05 18:00:00\n",
                           att);
    hr_free(att);
    s_import(f, ATT, "generic", "a.csv", more, HR_OK); // 123 away Thursday and Friday
    hr_free(more);
    f->now_ms = s_midnight("2025-03-28");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2025-03-03", "2025-03-07", NULL);
    assert_int_equal(w->n_warnings, 1);
    const Hr__Analytics__Warning *abs = w->warnings[0];
    assert_string_equal(abs->employee_no, "123");
    assert_string_equal(abs->code, "absences");
    assert_true(abs->value == 2);
    assert_true(abs->no_previous);
    assert_non_null(strstr(abs->text_en, "nothing to compare with"));
}

// A ZKTeco export's serial and checksum lines are passed over and counted in the reply; a
// line without a TAB is quarantined with its line, so nothing is lost silently.
static void
test_zkteco_reply_counts_passed_over_lines_and_quarantines_lines_without_a_tab(void **state)
{
    fixture_t *f = *state;
    const char *att = "ABCD123456789\r\n"
                      "      123\t2025-03-03 09:30:00\t1\t0\t1\t0\r\n"
                      "123 2025-03-03 18:00:00 1 1 1 0\r\n"
                      "CHECKSUM\r\n";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "zkteco", "1_attlog.dat", att, HR_OK);
    assert_int_equal(a->lines, 2);
    assert_int_equal(a->accepted, 1);
    assert_int_equal(a->skipped, 2);
    assert_int_equal(a->quarantined, 1);
    assert_int_equal(a->bad_rows[0]->line, 3);
    assert_string_equal(a->bad_rows[0]->reason, "not TAB-separated (ZKTeco attlog)");
    a = s_import(f, ATT, "zkteco", "1_attlog.dat", att, HR_OK);
    assert_true(a->already_imported);
    assert_int_equal(a->skipped, 2);
}

static const char *s_training = "employee_no,course,date,score,pass_mark\n"
                                "123,Product,2025-03-10,55,60\n123,Safety,2025-03-11,90,60\n";

static uint64_t s_files_of_id_n;
static hr_rc_t s_count_file(void *arg, const Hr__Analytics__File *file)
{
    HR_UNUSED(arg);
    HR_UNUSED(file);
    s_files_of_id_n++;
    return HR_OK;
}

// A file's identity is its bytes, its kind and its format: the same bytes sent as the wrong
// kind or format first do not make the right import "already imported" afterwards.
static void test_the_same_bytes_as_another_kind_or_format_are_another_import(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *wrong =
        s_import(f, PERF, "generic", "training.csv", s_training, HR_OK);
    assert_false(wrong->already_imported);
    assert_int_equal(wrong->accepted, 0);
    assert_int_equal(wrong->quarantined, 2);
    Hr__Analytics__ImportFeedReply *right =
        s_import(f, TRAINING, "generic", "training.csv", s_training, HR_OK);
    assert_false(right->already_imported);
    assert_int_equal(right->accepted, 2);
    assert_string_equal(right->file_id, wrong->file_id); // the bytes' hash, as before
    assert_int_not_equal(right->file_no, wrong->file_no);
    Hr__Analytics__ImportFeedReply *again =
        s_import(f, TRAINING, "csv", "training.csv", s_training, HR_OK); // csv = generic
    assert_true(again->already_imported);
    assert_int_equal(again->file_no, right->file_no);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-01", "2025-03-31", false);
    assert_true(s_fact(r, "training_failed")->value == 1);
    // Attendance in the wrong format, then the right one.
    const char *att = "pin,time\n123,2025-03-03 09:30:00\n123,2025-03-03 18:00:00\n";
    wrong = s_import(f, ATT, "zkteco", "att.csv", att, HR_OK);
    assert_int_equal(wrong->accepted, 0);
    assert_int_equal(wrong->quarantined, 3);
    right = s_import(f, ATT, "generic", "att.csv", att, HR_OK);
    assert_false(right->already_imported);
    assert_int_equal(right->accepted, 2);
    // Both imports of the training bytes are found by their file id.
    uint8_t id[32];
    size_t bl = 0;
    assert_int_equal(sodium_hex2bin(id, 32, right->file_id, 64, NULL, &bl, NULL), 0);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    s_files_of_id_n = 0;
    assert_int_equal(an_store_files_of_id(txn, id, f->arena, s_count_file, NULL), HR_OK);
    assert_int_equal(s_files_of_id_n, 2);
    hr_txn_abort(&txn);
}

// A course failed (52 against a pass mark of 60) and passed on a retake (71): training_failed
// counts 0, and its sentence says the course was failed and then passed - before it said "0
// training courses were below the pass mark", false with a 52 on record.
static void test_a_course_passed_on_a_retake_is_said_failed_then_passed(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    s_import(f, TRAINING, "generic", "retake.csv",
             "employee_no,course,date,score,pass_mark\n123,Product,2025-03-05,52,60\n"
             "123,Product,2025-03-19,71,60\n",
             HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-01", "2025-03-31", false);
    const Hr__Analytics__Fact *x = s_fact(r, "training_failed");
    assert_true(x->value == 0);
    assert_non_null(strstr(x->text_en, "1 more was below the pass mark first and then passed on "
                                       "a retake"));
    assert_non_null(strstr(x->text_zh, "另有1门培训曾未达到及格线，后经补考及格"));
    // The window before the retake still counts the failure, in the plain sentence.
    r = s_facts(f, "123", NULL, "2025-03-01", "2025-03-10", false);
    x = s_fact(r, "training_failed");
    assert_true(x->value == 1);
    assert_null(strstr(x->text_en, "retake"));
}

// A store of schema 1 keyed files by the bytes' hash alone: the migration rekeys them, so the
// same import again is still "already imported" and the same bytes as another kind are not.
static void test_the_migration_rekeys_files_by_hash_kind_and_format(void **state)
{
    fixture_t *f = *state;
    assert_true(an_service.schema_version >= 2);
    assert_ptr_equal(an_service.migrations[0], an_store_migrate_file_keys);
    uint8_t id[32];
    crypto_generichash(id, 32, (const uint8_t *)s_training, strlen(s_training), NULL, 0);
    Hr__Analytics__File old = HR__ANALYTICS__FILE__INIT;
    old.file_no = 1;
    old.kind = TRAINING;
    old.format = "csv";
    old.name = "training.csv";
    old.accepted = 2;
    old.file_id.data = id;
    old.file_id.len = 32;
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint8_t no[4];
    hr_be32_put(no, 1);
    assert_int_equal(hr_store_put_pb(txn, AN_DB_FILES, id, 32, &old.base, 0), HR_OK);
    assert_int_equal(hr_store_put(txn, AN_DB_FILE_NOS, no, 4, id, 32, 0), HR_OK);
    assert_int_equal(an_store_migrate_file_keys(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__File *got = NULL;
    assert_int_equal(an_store_file_by_no(txn, 1, f->arena, &got), HR_OK);
    assert_string_equal(got->name, "training.csv");
    assert_int_equal(an_store_file_get(txn, id, TRAINING, "generic", f->arena, &got), HR_OK);
    assert_int_equal(hr_store_count(txn, AN_DB_FILES), 1);
    hr_txn_abort(&txn);
    Hr__Analytics__ImportFeedReply *again =
        s_import(f, TRAINING, "generic", "training.csv", s_training, HR_OK);
    assert_true(again->already_imported);
    assert_int_equal(again->file_no, 1);
    Hr__Analytics__ImportFeedReply *other =
        s_import(f, PERF, "generic", "training.csv", s_training, HR_OK);
    assert_false(other->already_imported);
    assert_int_equal(other->file_no, 2);
}

// A month, its quarter, its half and its year start on the same day: four KPI rows, none
// overwriting another, each compared only with the team's rows of the same period.
static void test_kpi_rows_of_periods_starting_on_the_same_day_are_kept_apart(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    const char *kpi = "employee_no,period,metric,target,actual\n"
                      "123,2025-01,sales,10,4\n123,2025-Q1,sales,30,27\n"
                      "123,2025-H1,sales,60,30\n123,2025,sales,120,90\n"
                      "200,2025-Q1,sales,30,30\n";
    Hr__Analytics__ImportFeedReply *k = s_import(f, PERF, "generic", "kpi.csv", kpi, HR_OK);
    assert_int_equal(k->accepted, 5);
    assert_int_equal(k->updated, 0);
    assert_int_equal(k->duplicates, 0);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-01-01", "2025-01-31", false);
    double seen[4] = {0};
    size_t n = 0;
    for (size_t i = 0; i < r->n_facts; i++) {
        const Hr__Analytics__Fact *x = r->facts[i];
        if (strcmp(x->code, "kpi_attainment"))
            continue;
        assert_true(n < 4);
        seen[n++] = x->value;
        // January's row is compared with nobody (200 has only a Q1 row); Q1 with 200's Q1.
        if (!strcmp(x->sources[0]->note, "2025-01"))
            assert_false(x->has_comparison);
        if (!strcmp(x->sources[0]->note, "2025-Q1")) // 200's Q1 only: too few (was 95)
            assert_non_null(strstr(x->comparison, "1 colleague with this figure"));
    }
    assert_int_equal(n, 4);
    assert_true(seen[0] == 40 && seen[1] == 90 && seen[2] == 50 && seen[3] == 75);
    // The same rows in another file (one more blank line): duplicates, nothing replaced.
    char again[512];
    snprintf(again, sizeof again, "%s\n", kpi);
    k = s_import(f, PERF, "generic", "kpi-again.csv", again, HR_OK);
    assert_int_equal(k->duplicates, 5);
    assert_int_equal(k->updated, 0);
}

// A store of schema 2 keyed KPI rows without the end of the period: the migration rekeys them,
// so importing the same row again is a duplicate, not a second row.
static void test_the_migration_rekeys_kpi_rows_with_the_end_of_their_period(void **state)
{
    fixture_t *f = *state;
    assert_true(an_service.schema_version >= 3);
    assert_ptr_equal(an_service.migrations[1], an_store_migrate_kpi_keys);
    int32_t from = an_days_from_civil(2025, 1, 1), to = an_days_from_civil(2025, 3, 31);
    Hr__Analytics__Row row = HR__ANALYTICS__ROW__INIT;
    row.kind = PERF;
    row.type = "kpi";
    row.employee_no = "123";
    row.day_from = from;
    row.day_to = to;
    row.subject = "sales";
    row.a = 30;
    row.b = 27;
    row.text = "2025-Q1";
    row.file_no = 1;
    row.line = 2;
    // Schema 2's key: kind, 'k', who, 0, be32(day_from + 2^31), subject.
    char key[64];
    key[0] = (char)PERF;
    key[1] = 'k';
    memcpy(key + 2, "123", 4);
    hr_be32_put(key + 6, (uint32_t)((int64_t)from + AN_DAY_BIAS));
    memcpy(key + 10, "sales", 5);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_put_pb(txn, AN_DB_ROWS, key, 15, &row.base, 0), HR_OK);
    assert_int_equal(an_store_migrate_kpi_keys(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    const char *kpi = "employee_no,period,metric,target,actual\n123,2025-Q1,sales,30,27\n";
    Hr__Analytics__ImportFeedReply *k = s_import(f, PERF, "generic", "kpi.csv", kpi, HR_OK);
    assert_int_equal(k->duplicates, 1);
    assert_int_equal(k->accepted, 0);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, AN_DB_ROWS), 1);
    hr_txn_abort(&txn);
}

// Attendance imported before schema 4 has no File.last_day: the migration dates each file from
// the punch days stored (its latest day), so the facts cut at the feed's end on old stores too.
static void test_the_migration_dates_attendance_files_by_their_last_punch(void **state)
{
    fixture_t *f = *state;
    assert_true(an_service.schema_version >= 4);
    assert_ptr_equal(an_service.migrations[2], an_store_migrate_file_days);
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "two.csv", s_two_days, HR_OK);
    Hr__Analytics__ImportFeedReply *t =
        s_import(f, TRAINING, "generic", "training.csv", s_training, HR_OK);
    // Make both Files as schema 3 wrote them.
    hr_txn_t *txn = NULL;
    uint32_t nos[] = {a->file_no, t->file_no};
    for (size_t i = 0; i < HR_ARRAY_LEN(nos); i++) {
        Hr__Analytics__File *file = NULL;
        assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
        assert_int_equal(an_store_file_by_no(txn, nos[i], f->arena, &file), HR_OK);
        assert_int_equal(file->last_day, i ? 0 : an_days_from_civil(2025, 3, 7));
        file->last_day = 0;
        assert_int_equal(an_store_file_put(txn, file), HR_OK);
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    }
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_migrate_file_days(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    Hr__Analytics__File *file = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_file_by_no(txn, a->file_no, f->arena, &file), HR_OK);
    assert_int_equal(file->last_day, an_days_from_civil(2025, 3, 7));
    assert_int_equal(an_store_file_by_no(txn, t->file_no, f->arena, &file), HR_OK);
    assert_int_equal(file->last_day, 0); // no attendance: no days
    hr_txn_abort(&txn);
}

// Attendance lines for pin on the days listed (MM-DD of 2026), 09:00 and 18:00, in the format
// given ("generic" CSV rows or ZKTeco attlog lines); owned.
static char *s_att_lines(const char *format, const char *pin, const char *const *days, size_t n)
{
    char *out = hr_strdup("");
    bool csv = !strcmp(format, "generic");
    for (size_t i = 0; i < n; i++) {
        char *more = csv ? hr_strfmt("%s%s,2026-%s 09:00:00\n%s,2026-%s 18:00:00\n", out, pin,
                                     days[i], pin, days[i])
                         : hr_strfmt("%s%9s\t2026-%s 09:00:00\t1\t0\t1\t0\n"
                                     "%9s\t2026-%s 18:00:00\t1\t1\t1\t0\n",
                                     out, pin, days[i], pin, days[i]);
        hr_free(out);
        out = more;
    }
    return out;
}

static Hr__Analytics__ImportFeedReply *s_import_src(fixture_t *f, const char *format,
                                                    const char *name, const char *source,
                                                    const char *text)
{
    an_import_ctx_t ctx = {
        .tz_offset_min = 480, .now_ms = HR_TEST_T0_MS, .msg_id = "m", .source = source};
    return s_import_ctx(f, &ctx, ATT, format, name, text, HR_OK);
}

// A company that starts importing a device's exports on 2026-11-02: the days before the first
// punch are not covered - nothing was imported for them - so October is nobody's absence (it
// was every working day of it), and the facts say from when they count.
static void test_days_before_a_feeds_first_punch_are_no_absences(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    const char *week[] = {"11-02", "11-03", "11-04", "11-05", "11-06"};
    const char *week_123[] = {"11-02", "11-03", "11-04", "11-06"}; // absent on Thursday
    char *a = s_att_lines("zkteco", "200", week, 5), *b = s_att_lines("zkteco", "123", week_123, 4);
    char *att = hr_strfmt("%s%s", a, b);
    s_import(f, ATT, "zkteco", "1_attlog.dat", att, HR_OK);
    hr_free(a);
    hr_free(b);
    hr_free(att);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-10-01", "2026-11-06", true);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 1);
    assert_int_equal(abs->n_days, 1);
    assert_string_equal(abs->days[0], "2026-11-05");
    assert_string_equal(abs->window_from, "2026-11-02");
    assert_string_equal(abs->window_to, "2026-11-06");
    assert_int_equal(r->working_days, 5);
    assert_string_equal(r->attendance_from, "2026-11-02");
    assert_string_equal(r->attendance_to, "2026-11-06");
    assert_int_equal(r->attendance_uncovered, 0);
    assert_non_null(strstr(r->attendance_note, "counted from 2026-11-02"));
    assert_non_null(strstr(abs->text_zh, "考勤数据自2026-11-02起才有，所问期间（自2026-10-01）"));
    assert_non_null(strstr(abs->text_en, "Attendance data starts on 2026-11-02"));
    assert_non_null(strstr(r->snapshot_json, "\"attendance\":{\"from\":\"2026-11-02\""));
    // The team over the same days: 200 was never absent - one colleague, too few (was 0.5).
    assert_false(abs->has_comparison);
    // The other facts keep the window asked for.
    assert_string_equal(s_fact(r, "late_arrivals")->window_from, "2026-11-02");
    // A window wholly before the first punch: nothing is counted, and the note says so.
    r = s_facts(f, "123", NULL, "2026-10-08", "2026-10-30", false);
    assert_null(s_fact_or_null(r, "absences"));
    assert_non_null(strstr(r->attendance_note, "nothing is counted"));
    // Warnings too: October before the feed is no clean record to compare November with.
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-10-01", "2026-11-06", NULL);
    assert_int_equal(w->n_warnings, 0); // one absence, under the threshold of 2
}

// A feed with a hole: exports for 11-02..11-06 and 11-16..11-20 imported, 11-09..11-13 never.
// The hole is nobody's absence; the facts count the covered days and say how many working days
// inside were not covered. A day inside an export's span that nobody punched (a company holiday
// the calendar does not know) is covered: the export spans it.
static void test_a_gap_between_exports_is_no_absence(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    const char *w1[] = {"11-02", "11-03", "11-04", "11-05", "11-06"};
    const char *w1_123[] = {"11-02", "11-03", "11-04", "11-06"};
    const char *w3[] = {"11-16", "11-17", "11-19", "11-20"}; // nobody on Wednesday 11-18
    char *a = s_att_lines("generic", "200", w1, 5), *b = s_att_lines("generic", "123", w1_123, 4);
    char *att = hr_strfmt("pin,time\n%s%s", a, b);
    s_import(f, ATT, "generic", "w45.csv", att, HR_OK);
    hr_free(a);
    hr_free(b);
    hr_free(att);
    a = s_att_lines("generic", "200", w3, 4);
    b = s_att_lines("generic", "123", w3, 4);
    att = hr_strfmt("pin,time\n%s%s", a, b);
    s_import(f, ATT, "generic", "w47.csv", att, HR_OK);
    hr_free(a);
    hr_free(b);
    hr_free(att);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-20", true);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 2); // 11-05 and the unlisted holiday 11-18, not the hole's five
    assert_string_equal(abs->days[0], "2026-11-05");
    assert_string_equal(abs->days[1], "2026-11-18");
    assert_int_equal(r->working_days, 10);
    assert_int_equal(r->attendance_uncovered, 5);
    assert_string_equal(abs->window_from, "2026-11-02");
    assert_string_equal(abs->window_to, "2026-11-20");
    assert_non_null(strstr(r->attendance_note, "5 working days inside not covered"));
    assert_non_null(strstr(r->attendance_note, "(2026-11-09..2026-11-13)"));
    assert_non_null(strstr(abs->text_zh,
                           "其间有5个工作日（2026-11-09..2026-11-13）没有导入的考勤数据，未计。"));
    assert_non_null(strstr(abs->text_en, "5 working days inside it (2026-11-09..2026-11-13) have "
                                         "no attendance imported and are not counted."));
    assert_non_null(strstr(r->snapshot_json, "5 working days inside not covered"));
    // The team over the same covered days: 200 (absent on the 18th only) - one colleague, too
    // few (was 1.5 of 123 and 200).
    assert_false(abs->has_comparison);
    // Warnings over the hole's weeks: two absences, but the week before (the hole) is not all
    // imported - nothing to compare with, not a clean week that got worse.
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-11-16", "2026-11-20", NULL);
    assert_int_equal(w->n_warnings, 0); // one absence (11-18) each: under the threshold
    w = s_warnings(f, "2026-11-02", "2026-11-20", NULL);
    assert_int_equal(w->n_warnings, 1);
    assert_string_equal(w->warnings[0]->employee_no, "123");
    assert_true(w->warnings[0]->no_previous);
    assert_non_null(strstr(w->warnings[0]->text_en, "not all imported"));
}

// Two sites with devices of the same format: site A's export for November does not make site
// B's people (whose export was not imported) absent. Coverage is per person: the files that
// name their PIN, and, for a device known by its serial (the TFT export's first line, a
// <SN>_attlog.dat name, the import's source), every export of that device.
static void test_another_sites_export_covers_nobody_at_this_site(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n300,300,D03\n400,400,D03\n500,500,D05\n600,600,D05\n"
             "700,700,D07\n800,800,D07\n",
             HR_OK);
    const char *oct[] = {"10-26", "10-27", "10-28", "10-29", "10-30"};
    const char *nov[] = {"11-02", "11-03", "11-04", "11-05", "11-06"};
    char *a = s_att_lines("zkteco", "300", oct, 5), *b = s_att_lines("zkteco", "300", nov, 5);
    char *site_a = hr_strfmt("%s%s", a, b);
    hr_free(a);
    hr_free(b);
    char *site_b = s_att_lines("zkteco", "400", oct, 5);
    s_import(f, ATT, "zkteco", "1_attlog.dat", site_a, HR_OK);
    s_import(f, ATT, "zkteco", "1_attlog.dat", site_b, HR_OK); // machine number 1 there too
    hr_free(site_a);
    hr_free(site_b);
    f->now_ms = s_midnight("2026-12-05");
    // 400's November is not imported: nothing is counted (it was five absences).
    Hr__Analytics__GetFactsReply *r = s_facts(f, "400", NULL, "2026-11-02", "2026-11-06", false);
    assert_null(s_fact_or_null(r, "absences"));
    assert_non_null(strstr(r->attendance_note, "no attendance import of this person covers "
                                               "2026-11-02 to 2026-11-06"));
    r = s_facts(f, "400", NULL, "2026-10-26", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_string_equal(r->attendance_to, "2026-10-30");
    assert_non_null(strstr(r->attendance_note, "counted up to 2026-10-30"));
    // 300, compared with 400 over the same days: 400 has none of them covered, so no team.
    r = s_facts(f, "300", NULL, "2026-11-02", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_false(s_fact(r, "absences")->has_comparison);

    // A device known by its serial (TFT export, first line): 500 is absent through the whole
    // second export - no punch in it - and those days are still 500's absences: the same device.
    a = s_att_lines("zkteco", "500", nov, 5);
    b = s_att_lines("zkteco", "600", nov, 5);
    char *c1 = hr_strfmt("CDQ9201160023\r\n%s%s", a, b);
    hr_free(a);
    hr_free(b);
    const char *nov2[] = {"11-09", "11-10", "11-11", "11-12", "11-13"};
    a = s_att_lines("zkteco", "600", nov2, 5);
    char *c2 = hr_strfmt("CDQ9201160023\r\n%s", a);
    hr_free(a);
    Hr__Analytics__ImportFeedReply *i1 = s_import(f, ATT, "zkteco", "attlog.dat", c1, HR_OK);
    s_import(f, ATT, "zkteco", "attlog.dat", c2, HR_OK);
    hr_free(c1);
    hr_free(c2);
    hr_txn_t *txn = NULL;
    Hr__Analytics__File *file = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_file_by_no(txn, i1->file_no, f->arena, &file), HR_OK);
    assert_string_equal(file->source, "CDQ9201160023");
    assert_int_equal(file->first_day, an_days_from_civil(2026, 11, 2));
    assert_int_equal(file->last_day, an_days_from_civil(2026, 11, 6));
    hr_txn_abort(&txn);
    r = s_facts(f, "500", NULL, "2026-11-02", "2026-11-13", false);
    assert_true(s_fact(r, "absences")->value == 5);
    assert_string_equal(r->attendance_to, "2026-11-13");

    // The same by the file's name (<SN>_attlog.dat) and by the import's source: 700's second
    // export has only 800 in it.
    a = s_att_lines("zkteco", "700", nov, 5);
    b = s_att_lines("zkteco", "800", nov, 5);
    char *d1 = hr_strfmt("%s%s", a, b);
    hr_free(a);
    hr_free(b);
    char *d2 = s_att_lines("zkteco", "800", nov2, 5);
    s_import(f, ATT, "zkteco", "BOCK194960123_attlog.dat", d1, HR_OK);
    s_import(f, ATT, "zkteco", "BOCK194960123_attlog.dat", d2, HR_OK);
    hr_free(d1);
    hr_free(d2);
    r = s_facts(f, "700", NULL, "2026-11-02", "2026-11-13", false);
    assert_true(s_fact(r, "absences")->value == 5);
    a = s_att_lines("generic", "700", oct, 5);
    b = s_att_lines("generic", "800", oct, 5);
    char *e1 = hr_strfmt("pin,time\n%s%s", a, b);
    hr_free(a);
    hr_free(b);
    a = s_att_lines("generic", "800", (const char *[]){"11-16", "11-20"}, 2);
    char *e2 = hr_strfmt("pin,time\n%s", a);
    hr_free(a);
    Hr__Analytics__ImportFeedReply *s1 = s_import_src(f, "generic", "site7.csv", "site-7", e1);
    s_import_src(f, "generic", "site7-b.csv", "site-7", e2);
    hr_free(e1);
    hr_free(e2);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_file_by_no(txn, s1->file_no, f->arena, &file), HR_OK);
    assert_string_equal(file->source, "site-7");
    hr_txn_abort(&txn);
    r = s_facts(f, "700", NULL, "2026-11-02", "2026-11-20", false);
    assert_true(s_fact(r, "absences")->value == 10); // 11-09..11-13 and 11-16..11-20
    assert_int_equal(r->attendance_uncovered, 0);
}

// DingTalk's NotSigned slots name a person who did not punch: the pull covers them, so a day
// with nothing but NotSigned slots is an absence (the person is in the file, not punching).
static void test_a_dingtalk_notsigned_slot_puts_the_person_in_the_pull(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    const char *json = "{\"errcode\":0,\"recordresult\":["
                       "{\"userId\":\"200\",\"userCheckTime\":1793581200000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"Normal\"},"
                       "{\"userId\":\"200\",\"userCheckTime\":1793700000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"Normal\"},"
                       "{\"userId\":\"123\",\"userCheckTime\":1793581200000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"NotSigned\"},"
                       "{\"userId\":\"123\",\"userCheckTime\":1793700000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"NotSigned\"}]}";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "dingtalk", "pull.json", json, HR_OK);
    assert_int_equal(a->skipped, 2);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-03", false);
    assert_true(s_fact(r, "absences")->value == 2);
}

// Attendance imported before schema 5 has no first day, no source and no pin_files: the
// migration fills them from the stored punch days and texts, so coverage works on old stores.
static void test_the_migration_finds_each_files_people_first_day_and_serial(void **state)
{
    fixture_t *f = *state;
    assert_true(an_service.schema_version >= 5);
    assert_ptr_equal(an_service.migrations[3], an_store_migrate_pin_files);
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n500,500,D05\n600,600,D05\n", HR_OK);
    const char *nov[] = {"11-02", "11-03", "11-04", "11-05", "11-06"};
    const char *nov2[] = {"11-09", "11-10", "11-11", "11-12", "11-13"};
    char *a = s_att_lines("zkteco", "500", nov, 5), *b = s_att_lines("zkteco", "600", nov, 5);
    char *c1 = hr_strfmt("CDQ9201160023\n%s%s", a, b);
    hr_free(a);
    hr_free(b);
    a = s_att_lines("zkteco", "600", nov2, 5);
    char *c2 = hr_strfmt("CDQ9201160023\n%s", a);
    hr_free(a);
    Hr__Analytics__ImportFeedReply *i1 = s_import(f, ATT, "zkteco", "attlog.dat", c1, HR_OK);
    Hr__Analytics__ImportFeedReply *i2 = s_import(f, ATT, "zkteco", "attlog.dat", c2, HR_OK);
    hr_free(c1);
    hr_free(c2);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "500", NULL, "2026-10-26", "2026-11-13", false);
    assert_true(s_fact(r, "absences")->value == 5);
    // Make the store as schema 4 wrote it: no first_day, no source, no pin_files.
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    uint32_t nos[] = {i1->file_no, i2->file_no};
    for (size_t i = 0; i < HR_ARRAY_LEN(nos); i++) {
        Hr__Analytics__File *file = NULL;
        assert_int_equal(an_store_file_by_no(txn, nos[i], f->arena, &file), HR_OK);
        file->first_day = 0;
        file->source = "";
        assert_int_equal(an_store_file_put(txn, file), HR_OK);
    }
    assert_int_equal(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(f->store, AN_DB_PIN_FILES), 0), 0);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    r = s_facts(f, "500", NULL, "2026-10-26", "2026-11-13", false);
    assert_null(s_fact_or_null(r, "absences")); // no file names 500 any more
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_migrate_pin_files(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    Hr__Analytics__File *file = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_file_by_no(txn, i2->file_no, f->arena, &file), HR_OK);
    assert_int_equal(file->first_day, an_days_from_civil(2026, 11, 9));
    assert_string_equal(file->source, "CDQ9201160023");
    hr_txn_abort(&txn);
    r = s_facts(f, "500", NULL, "2026-10-26", "2026-11-13", false);
    assert_true(s_fact(r, "absences")->value == 5);
    assert_string_equal(r->attendance_from, "2026-11-02");
}

// An invalid listRecord punch before the real arrival must not hide the lateness.
static void test_dingtalk_invalid_records_do_not_hide_a_late_arrival(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    const char *json = "{\"errcode\":0,\"recordresult\":["
                       "{\"userId\":\"123\",\"userCheckTime\":1740961800000,"
                       "\"invalidRecordType\":\"Other\"},"
                       "{\"userId\":\"123\",\"userCheckTime\":1740966000000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"Late\"},"
                       "{\"userId\":\"123\",\"userCheckTime\":1740996000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"Normal\"}]}";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "dingtalk", "list.json", json, HR_OK);
    assert_int_equal(a->accepted, 2);
    assert_int_equal(a->skipped, 1);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-03", false);
    assert_true(s_fact(r, "late_arrivals")->value == 1);
    assert_true(s_fact(r, "late_minutes")->value == 40);
}

// A source line longer than what a fact shows (AN_RAW_MAX) is cut on a character boundary: cut
// inside a Chinese character it was not UTF-8, and the source fell out of the JSON reply and of
// the snapshot frozen into the case.
static void test_a_long_source_line_is_cut_between_characters(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    char att[2048];
    size_t n = (size_t)snprintf(att, sizeof att, "pin,time,device\n123,2025-03-03 10:15:00,");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(att + n, sizeof att - n, "设"); // 3 bytes: byte 512 is inside one
    snprintf(att + n, sizeof att - n, "\n123,2025-03-03 18:00:00,gate\n");
    s_import(f, ATT, "generic", "long.csv", att, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-03", true);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->n_sources >= 1);
    const char *raw = late->sources[0]->raw;
    assert_true(strlen(raw) <= AN_RAW_MAX && strlen(raw) > AN_RAW_MAX - 3);
    assert_true(hr_utf8_is_valid(raw, strlen(raw)));
    assert_non_null(strstr(r->snapshot_json, "\"line\":2"));
}

static char s_bad_raw[256];
static hr_rc_t s_keep_bad_raw(void *arg, uint32_t file_no, uint32_t line,
                              const Hr__Analytics__Bad *bad)
{
    HR_UNUSED(arg);
    HR_UNUSED(file_no);
    HR_UNUSED(line);
    snprintf(s_bad_raw, sizeof s_bad_raw, "%s", bad->raw);
    return HR_OK;
}

// A JSON record has no line of its own in the file: its compact text is its source, shown in
// the facts and kept in quarantine (not the file's first line, nor only "record 2").
static void test_json_records_keep_their_own_text_as_their_source(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    const char *json = "{\n"
                       "  \"errcode\": 0,\n"
                       "  \"recordresult\": [\n"
                       "    {\"userId\": \"9.9E+17\", \"userCheckTime\": 1740963600000},\n"
                       "    {\"userId\": \"123\", \"userCheckTime\": 1740968100000,\n"
                       "     \"checkType\": \"OnDuty\"},\n"
                       "    {\"userId\": \"123\", \"userCheckTime\": 1740996000000,\n"
                       "     \"checkType\": \"OffDuty\"}\n"
                       "  ]\n"
                       "}\n";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "dingtalk", "list.json", json, HR_OK);
    assert_int_equal(a->accepted, 2);
    assert_int_equal(a->quarantined, 1);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t total = 0;
    s_bad_raw[0] = '\0';
    assert_int_equal(an_store_bad_each(txn, a->file_no, f->arena, s_keep_bad_raw, NULL, &total),
                     HR_OK);
    hr_txn_abort(&txn);
    assert_int_equal(total, 1);
    assert_string_equal(s_bad_raw, "{\"userCheckTime\":1740963600000,\"userId\":\"9.9E+17\"}");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2025-03-03", "2025-03-03", false);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 1);
    assert_int_equal(late->sources[0]->line, 2);
    assert_string_equal(
        late->sources[0]->raw,
        "{\"checkType\":\"OnDuty\",\"userCheckTime\":1740968100000,\"userId\":\"123\"}");
    // The same file again keeps nothing twice.
    a = s_import(f, ATT, "dingtalk", "list.json", json, HR_OK);
    assert_true(a->already_imported);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, AN_DB_RECORDS), 2);
    hr_txn_abort(&txn);
}

// KPI, training and leave rows of employee numbers nobody knows (X9999, Q0O1 with a letter O)
// are kept, like unmatched PINs, and listed in the reply: never accepted silently.
static void test_rows_of_unknown_employee_numbers_are_listed_as_unmatched(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *r =
        s_import(f, PERF, "generic", "kpi.csv",
                 "employee_no,period,metric,target,actual\n"
                 "123,2026-10,calls,10,8\nX9999,2026-10,calls,10,8\nQ0O1,2026-10,calls,10,8\n"
                 "X9999,2026-11,calls,10,8\n",
                 HR_OK);
    assert_int_equal(r->accepted, 4);
    assert_int_equal(r->unmatched_employees, 2);
    assert_int_equal(r->n_unmatched_employee_sample, 2);
    assert_string_equal(r->unmatched_employee_sample[0], "X9999");
    assert_string_equal(r->unmatched_employee_sample[1], "Q0O1");
    r = s_import(f, TRAINING, "generic", "tr.csv",
                 "employee_no,course,date,score,pass_mark\n200,safety,2026-11-05,70,60\n"
                 "Q0O1,safety,2026-11-05,70,60\n",
                 HR_OK);
    assert_int_equal(r->unmatched_employees, 1);
    assert_string_equal(r->unmatched_employee_sample[0], "Q0O1");
    r = s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, "generic", "leave.csv",
                 "employee_no,from\nX9999,2026-11-05\n300,2026-11-05\n", HR_OK);
    assert_int_equal(r->unmatched_employees, 1);
    assert_string_equal(r->unmatched_employee_sample[0], "X9999");
    // A department schedule names no person.
    r = s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES, "generic", "s.csv",
                 "scope,key,start,end\ndepartment,D01,09:00,18:00\n", HR_OK);
    assert_int_equal(r->unmatched_employees, 0);
}

// Two rows of one file with the same key do not overwrite each other: the first is kept, the
// others are quarantined as a conflict naming both lines (the same values twice are a duplicate).
static void test_two_rows_of_one_file_with_the_same_key_are_a_conflict(void **state)
{
    fixture_t *f = *state;
    Hr__Analytics__ImportFeedReply *r =
        s_import(f, PERF, "generic", "sales.csv",
                 "employee_no,date,clients_followed,deals_signed\n"
                 "Q005,2026-11-10,5,1\nQ005,2026-11-10,7,2\nQ005,2026-11-10,5,1\n"
                 "Q005,2026-11-10,9,3\n",
                 HR_OK);
    assert_int_equal(r->accepted, 1);
    assert_int_equal(r->duplicates, 1);
    assert_int_equal(r->updated, 0);
    assert_int_equal(r->quarantined, 2);
    assert_int_equal(r->bad_rows[0]->line, 3);
    assert_non_null(strstr(r->bad_rows[0]->reason, "conflict: line 2 has the same key"));
    assert_non_null(strstr(r->bad_rows[0]->reason, "Q005, 2026-11-10"));
    assert_int_equal(r->bad_rows[1]->line, 5);
    // A later file with new values updates the kept row as before.
    r = s_import(f, PERF, "generic", "sales2.csv",
                 "employee_no,date,clients_followed,deals_signed\nQ005,2026-11-10,7,2\n", HR_OK);
    assert_int_equal(r->updated, 1);
    assert_int_equal(r->quarantined, 0);
    // The people feed: the same employee number twice with other departments.
    r = s_import(f, PEOPLE, "generic", "p.csv",
                 "employee_no,pin,department\nQ005,905,QA2\nQ006,906,QA2\nQ005,905,QA3\n", HR_OK);
    assert_int_equal(r->accepted, 2);
    assert_int_equal(r->quarantined, 1);
    assert_int_equal(r->bad_rows[0]->line, 4);
    assert_non_null(strstr(r->bad_rows[0]->reason, "conflict: line 2"));
}

// A people file without a leave_date (or pin, hire_date) column leaves the stored values alone:
// re-importing the list reinstates no leaver; `updated` counts the people whose values changed.
static void test_a_column_absent_from_the_people_feed_leaves_the_stored_value_alone(void **state)
{
    fixture_t *f = *state;
    Hr__Analytics__ImportFeedReply *r =
        s_import(f, PEOPLE, "generic", "p1.csv",
                 "employee_no,pin,department,hire_date,leave_date\n"
                 "Q005,905,QA2,2026-01-01,2026-10-31\nQ006,906,QA2,2026-01-01,\n",
                 HR_OK);
    assert_int_equal(r->accepted, 2);
    assert_int_equal(r->updated, 0);
    r = s_import(f, PEOPLE, "generic", "p2.csv", "employee_no,department\nQ005,QA2\nQ006,QA3\n",
                 HR_OK);
    assert_int_equal(r->duplicates, 1); // Q005: nothing in the file changes it
    assert_int_equal(r->updated, 1);    // Q006 moved to QA3
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__Person *p = NULL;
    assert_int_equal(an_store_person_get(txn, "Q005", f->arena, &p), HR_OK);
    assert_string_equal(p->leave_date, "2026-10-31");
    assert_string_equal(p->hire_date, "2026-01-01");
    assert_string_equal(p->pin, "905");
    assert_int_equal(an_store_person_get(txn, "Q006", f->arena, &p), HR_OK);
    assert_string_equal(p->department, "QA3");
    assert_string_equal(p->pin, "906");
    hr_txn_abort(&txn);
    // An empty cell of a column the file has clears it: Q005 is reinstated on purpose.
    r = s_import(f, PEOPLE, "generic", "p3.csv",
                 "employee_no,department,leave_date\nQ005,QA2,\nQ006,QA3,2025-12-01\n", HR_OK);
    assert_int_equal(r->updated, 1);
    assert_int_equal(r->quarantined, 1); // before the stored hire date
    assert_non_null(strstr(r->bad_rows[0]->reason, "before the hire_date 2026-01-01 stored"));
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_person_get(txn, "Q005", f->arena, &p), HR_OK);
    assert_string_equal(p->leave_date, "");
    hr_txn_abort(&txn);
}

// An attendance file naming people by employee number (工号, no PIN column) is matched through
// the people feed: Q005's punches are PIN 905's, not an unmatched PIN "Q005". A number the feed
// does not know stays as it is (the default PIN) and is listed. A title line is said.
static void test_attendance_by_employee_number_finds_the_persons_pin(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "p.csv",
             "employee_no,pin,department,hire_date\nQ005,905,QA2,2026-01-01\n", HR_OK);
    Hr__Analytics__ImportFeedReply *r =
        s_import(f, ATT, "generic", "a.csv",
                 "11月打卡记录\n工号,日期,时间\nQ005,2026-11-02,09:00\nQ005,2026-11-02,18:00\n"
                 "X9999,2026-11-02,09:00\n",
                 HR_OK);
    assert_int_equal(r->accepted, 3);
    assert_int_equal(r->unmatched_pins, 1);
    assert_string_equal(r->unmatched_sample[0], "X9999");
    assert_int_equal(r->n_notes, 1);
    assert_string_equal(r->notes[0], "the header is line 2: line 1 above it named no columns (a "
                                     "title?) and was passed over");
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    an_fpunch_t *ps = NULL;
    size_t n = 0, cap = 0;
    int32_t day = an_days_from_civil(2026, 11, 2);
    assert_int_equal(an_store_days_read(txn, "905", day, day, &ps, &n, &cap), HR_OK);
    assert_int_equal(n, 2);
    hr_free(ps);
    hr_txn_abort(&txn);
}

// A file that was decoded (GB18030, a BOM) keeps its bytes as received beside the text, so the
// file id can be checked against them (b2sum -l 256); plain UTF-8 is kept once. A quoted field
// holding a line end is shown whole as the record's source text.
static void test_decoded_files_keep_their_bytes_and_records_their_whole_text(void **state)
{
    fixture_t *f = *state;
    // GB18030: "部门" is B2 BF C3 C5.
    const char *gbk = "employee_no,department\nQ005,\xb2\xbf\xc3\xc5\n";
    Hr__Analytics__ImportFeedReply *r = s_import(f, PEOPLE, "generic", "gbk.csv", gbk, HR_OK);
    assert_string_equal(r->encoding, "gb18030");
    char *orig = hr_strfmt("%s/files/%s.orig", f->dir, r->file_id);
    char *txt = hr_strfmt("%s/files/%s.txt", f->dir, r->file_id);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(hr_file_read(orig, 1 << 20, &data, &len), HR_OK);
    assert_int_equal(len, strlen(gbk));
    assert_memory_equal(data, gbk, len);
    uint8_t id[32];
    char hex[65];
    crypto_generichash(id, sizeof id, (const unsigned char *)data, len, NULL, 0);
    for (size_t i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", id[i]);
    assert_string_equal(hex, r->file_id);
    hr_free(data);
    assert_int_equal(hr_file_read(txt, 1 << 20, &data, &len), HR_OK);
    assert_non_null(strstr(data, "Q005,部门"));
    hr_free(data);
    hr_free(orig);
    hr_free(txt);
    // Plain UTF-8: the text is the bytes, kept once.
    const char *plain = "employee_no,department\nQ006,QA\n";
    r = s_import(f, PEOPLE, "generic", "plain.csv", plain, HR_OK);
    orig = hr_strfmt("%s/files/%s.orig", f->dir, r->file_id);
    assert_int_not_equal(access(orig, F_OK), 0);
    hr_free(orig);

    // A survey text with a line end inside quotes: its source text is the whole record.
    const char *surv = "employee_no,date,reason_code,text\n"
                       "Q005,2026-11-05,pay,\"first line\nsecond line\"\nQ005,2026-11-05,pay,x\n";
    r = s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS, "generic", "s.csv", surv, HR_OK);
    assert_int_equal(r->quarantined, 1); // the same key again with another text: a conflict
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    char line[256];
    size_t n = 0;
    size_t off = strlen("employee_no,date,reason_code,text\n");
    assert_int_equal(an_store_text_line(txn, r->file_no, off, sizeof line - 1, line, &n), HR_OK);
    line[n] = '\0';
    assert_string_equal(line, "Q005,2026-11-05,pay,\"first line\nsecond line\"");
    hr_txn_abort(&txn);
}

static hr_rc_t s_quarantined_raw(void *arg, uint32_t file_no, uint32_t line,
                                 const Hr__Analytics__Bad *bad)
{
    HR_UNUSED(file_no);
    HR_UNUSED(line);
    snprintf(arg, 256, "%s", bad->raw);
    return HR_OK;
}

// A UTF-8 file with a damaged character in one row (line 4): that row is quarantined naming its
// line and byte offset, the rest imported; the text kept is the bytes (its BLAKE2b is the file
// id), and a withdrawal's replay sets aside the same row. Bad bytes in the header, or in a JSON
// feed, still refuse the file whole. Before, the whole file was refused.
static void test_a_damaged_utf8_row_is_quarantined_and_the_rest_imported(void **state)
{
    fixture_t *f = *state;
    // 消防演练, 安全培训, and 安全培训 whose 安 (E5 AE 89) lost its first byte to FF.
    const char *train = "employee_no,course,date,score,pass_mark\n"
                        "Q001,\xe6\xb6\x88\xe9\x98\xb2\xe6\xbc\x94\xe7\xbb\x83,2026-11-05,90,60\n"
                        "Q002,\xe5\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\xe8\xae\xad,2026-11-05,80,60\n"
                        "Q003,\xff\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\xe8\xae\xad,2026-11-05,70,60\n";
    Hr__Analytics__ImportFeedReply *r =
        s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, "generic", "t.csv", train, HR_OK);
    assert_int_equal(r->accepted, 2);
    assert_int_equal(r->quarantined, 1);
    assert_int_equal(r->n_bad_rows, 1);
    assert_int_equal(r->bad_rows[0]->line, 4);
    size_t off = (size_t)(strchr(train, '\xff') - train);
    char want[96];
    snprintf(want, sizeof want, "line 4, byte offset %zu: bytes FF AE 89 are not UTF-8", off);
    assert_non_null(strstr(r->bad_rows[0]->reason, want));
    snprintf(want, sizeof want, "第4行（字节偏移%zu）", off);
    assert_true(strstr(r->bad_rows[0]->reason, want) == r->bad_rows[0]->reason); // Chinese first
    assert_int_equal(r->n_notes, 1);
    assert_non_null(strstr(r->notes[0], "1 place with bytes that are not UTF-8"));
    // The text kept is the bytes: no .orig.
    char *orig = hr_strfmt("%s/files/%s.orig", f->dir, r->file_id);
    assert_int_not_equal(access(orig, F_OK), 0);
    hr_free(orig);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    char raw[256] = "";
    uint64_t total = 0;
    assert_int_equal(an_store_bad_each(txn, r->file_no, f->arena, s_quarantined_raw, raw, &total),
                     HR_OK);
    assert_int_equal(total, 1);
    assert_int_equal(strncmp(raw, "Q003,???", 8), 0); // shown, the bytes as '?'
    hr_txn_abort(&txn);

    // A withdrawal's replay reads the stored text again: the same row is set aside.
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    Hr__Analytics__File *file = NULL;
    assert_int_equal(an_store_file_by_no(txn, r->file_no, f->arena, &file), HR_OK);
    char *path = an_store_blob_path(hr_txn_store(txn), file->file_id.data);
    char *text = NULL;
    size_t tlen = 0;
    assert_int_equal(hr_file_read(path, 1 << 20, &text, &tlen), HR_OK);
    assert_int_equal(an_store_bad_clear(txn, r->file_no), HR_OK);
    uint32_t accepted = 0, quarantined = 0;
    char why[256] = "";
    assert_int_equal(an_import_replay(txn, 480, file, text, tlen, f->arena, &accepted, &quarantined,
                                      why, sizeof why),
                     HR_OK);
    assert_int_equal(quarantined, 1);
    hr_txn_abort(&txn);
    hr_free(text);
    hr_free(path);

    // ZKTeco's ASCII export with a byte damaged: that line only.
    const char *att = "        1\t2026-10-05 08:59:01\t1\t0\t1\t0\n"
                      "        2\t2026-10-05 0\xff:00:01\t1\t0\t1\t0\n"
                      "        3\t2026-10-05 09:01:01\t1\t0\t1\t0\n";
    r = s_import(f, ATT, "zkteco", "1_attlog.dat", att, HR_OK);
    assert_int_equal(r->accepted, 2);
    assert_int_equal(r->quarantined, 1);
    assert_int_equal(r->bad_rows[0]->line, 2);
    snprintf(want, sizeof want, "line 2, byte offset %zu: bytes FF are not UTF-8",
             (size_t)(strchr(att, '\xff') - att));
    assert_non_null(strstr(r->bad_rows[0]->reason, want));

    // The header damaged: which column is which cannot be trusted.
    const char *head = "employee_no,co\xffrse,date,score,pass_mark\n"
                       "Q001,\xe6\xb6\x88\xe9\x98\xb2,2026-11-06,90,60\n"
                       "Q002,\xe5\xae\x89\xe5\x85\xa8,2026-11-06,80,60\n";
    s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, "generic", "h.csv", head, HR_EINVAL);
    // A JSON feed has no line to set aside: refused whole.
    const char *dt = "{\"recordresult\":[{\"userId\":\"\xe5\xae\x89\xe5\x85\xa8\xe5\x9f\xb9\","
                     "\"userCheckTime\":1740963900000},{\"userId\":\"\xff\xae\x89\","
                     "\"userCheckTime\":1740963900000}]}";
    s_import(f, ATT, "dingtalk", "dt.json", dt, HR_EINVAL);
}

// A JSON feed's bad record: the reply's row says its line is the record's number (record),
// and the reason names its place and field; a CSV's row is a line.
static void test_a_json_feeds_bad_row_is_a_record_not_a_line(void **state)
{
    fixture_t *f = *state;
    const char *dt = "{\"recordresult\":[{\"userId\":\"u1\",\"userCheckTime\":1740963900000},"
                     "{\"userId\":\"u1\"}]}";
    Hr__Analytics__ImportFeedReply *r = s_import(f, ATT, "dingtalk", "dt.json", dt, HR_OK);
    assert_int_equal(r->n_bad_rows, 1);
    assert_true(r->bad_rows[0]->record);
    assert_int_equal(r->bad_rows[0]->line, 2);
    assert_string_equal(r->bad_rows[0]->reason, "recordresult[1]: userCheckTime: missing");
    r = s_import(f, ATT, "generic", "att.csv", "pin,time\n1,x\n", HR_OK);
    assert_int_equal(r->n_bad_rows, 1);
    assert_false(r->bad_rows[0]->record);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_import_stores_raw_records_and_the_same_file_twice_changes_nothing, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_unmatched_pins_can_still_be_asked_for, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_bad_window_says_what_is_wrong, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_quarantine_keeps_bad_rows_with_their_reason, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_excel_damaged_ids_resolve_to_the_one_person_they_stand_for, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_facts_count_only_the_days_a_person_was_employed,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_sales_and_training_facts_with_team_and_sources,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_zkteco_reply_counts_passed_over_lines_and_quarantines_lines_without_a_tab, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_same_bytes_as_another_kind_or_format_are_another_import, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_course_passed_on_a_retake_is_said_failed_then_passed,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_absences_count_only_the_days_imported_and_over,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_new_hire_has_nothing_before_to_compare_with, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_warnings_count_only_the_days_imported_and_over,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_migration_rekeys_files_by_hash_kind_and_format,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_kpi_rows_of_periods_starting_on_the_same_day_are_kept_apart, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_migration_rekeys_kpi_rows_with_the_end_of_their_period, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_migration_dates_attendance_files_by_their_last_punch, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_days_before_a_feeds_first_punch_are_no_absences,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_gap_between_exports_is_no_absence, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_another_sites_export_covers_nobody_at_this_site,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_dingtalk_notsigned_slot_puts_the_person_in_the_pull,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_migration_finds_each_files_people_first_day_and_serial, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_dingtalk_invalid_records_do_not_hide_a_late_arrival,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_long_source_line_is_cut_between_characters, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_rows_of_unknown_employee_numbers_are_listed_as_unmatched, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_two_rows_of_one_file_with_the_same_key_are_a_conflict,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_column_absent_from_the_people_feed_leaves_the_stored_value_alone, s_setup,
            s_teardown),
        cmocka_unit_test_setup_teardown(test_attendance_by_employee_number_finds_the_persons_pin,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_decoded_files_keep_their_bytes_and_records_their_whole_text, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_damaged_utf8_row_is_quarantined_and_the_rest_imported, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_json_feeds_bad_row_is_a_record_not_a_line, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_json_records_keep_their_own_text_as_their_source,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.import", tests, NULL, NULL);
}
