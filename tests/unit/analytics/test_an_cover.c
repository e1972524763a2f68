/*  unit.analytics.cover - which days an attendance import covers, at its edges and over time:
 *  a check-out after midnight, a night shift's morning check-out, a PIN given anew at a known
 *  device, a pull of NotSigned slots, weekends at the edges of a window or of the window before
 *  a warning's, and the team median over colleagues imported for fewer days. README "Which days
 *  count". The fixtures come from a review of the covered days.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

static const Hr__Analytics__Warning *s_warning(const Hr__Analytics__ListWarningsReply *w,
                                               const char *emp, const char *code)
{
    for (size_t i = 0; i < w->n_warnings; i++)
        if (!strcmp(w->warnings[i]->employee_no, emp) && !strcmp(w->warnings[i]->code, code))
            return w->warnings[i];
    return NULL;
}

// Monday to Thursday of 123; 200's last punch is an overtime check-out at 00:30 on Friday 11-06
// (Thursday's departure by the shift window).
static const char *s_mon_thu = "pin,time\n"
                               "123,2026-11-02 09:00:00\n123,2026-11-02 18:00:00\n"
                               "123,2026-11-03 09:00:00\n123,2026-11-03 18:00:00\n"
                               "123,2026-11-04 09:00:00\n123,2026-11-04 18:00:00\n"
                               "123,2026-11-05 09:00:00\n123,2026-11-05 18:00:00\n"
                               "200,2026-11-05 09:00:00\n200,2026-11-06 00:30:00\n";

// An export taken just after midnight holds no Friday: its 00:30 punch is Thursday's.
static void test_a_check_out_after_midnight_covers_no_next_day(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    s_import(f, ATT, "generic", "mon-thu.csv", s_mon_thu, HR_OK);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_string_equal(r->attendance_to, "2026-11-05");
    assert_non_null(strstr(r->attendance_note, "counted up to 2026-11-05"));
    assert_non_null(strstr(s_fact(r, "absences")->text_en, "imported up to 2026-11-05 only"));
    r = s_facts(f, "200", NULL, "2026-11-02", "2026-11-06", false);
    assert_string_equal(r->attendance_to, "2026-11-05");
    assert_true(s_fact(r, "missing_punches")->value == 0); // 09:00 and 00:30: one day, two punches
}

// Night shift 22:00-06:00: the export ends with Thursday morning's 05:30 check-outs, which are
// Wednesday's; Thursday's 22:00 shift is not in it. Nor is Sunday's (Monday 22:00 is Monday's).
static void test_a_night_shift_export_covers_no_day_it_does_not_hold(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n500,500,N\n600,600,N\n", HR_OK);
    s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES, "generic", "sched.csv",
             "scope,key,start,end,from,to\ndepartment,N,22:00,06:00,,\n", HR_OK);
    const char *att = "pin,time\n"
                      "500,2026-11-02 22:00:00\n500,2026-11-03 05:30:00\n"
                      "500,2026-11-03 22:00:00\n500,2026-11-04 05:30:00\n"
                      "500,2026-11-04 22:00:00\n500,2026-11-05 05:30:00\n"
                      "600,2026-11-02 22:00:00\n600,2026-11-03 05:30:00\n"
                      "600,2026-11-03 22:00:00\n600,2026-11-04 05:30:00\n";
    s_import(f, ATT, "generic", "night.csv", att, HR_OK);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "500", NULL, "2026-11-01", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_string_equal(r->attendance_from, "2026-11-02");
    assert_string_equal(r->attendance_to, "2026-11-04");
    // 600 left on Wednesday: absent, the file holds that shift.
    r = s_facts(f, "600", NULL, "2026-11-02", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 1);
    assert_string_equal(s_fact(r, "absences")->days[0], "2026-11-04");
}

// The schema 6 migration gives each stored attendance file the instants it spans, from the
// stored punches: an old store's Mon-Thu export stops covering Friday.
static void test_the_migration_finds_each_files_first_and_last_punch(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    Hr__Analytics__ImportFeedReply *a =
        s_import(f, ATT, "generic", "mon-thu.csv", s_mon_thu, HR_OK);
    f->now_ms = s_midnight("2026-12-05");
    int64_t lo = (int64_t)an_days_from_civil(2026, 11, 2) * 86400 + 9 * 3600;
    int64_t hi = (int64_t)an_days_from_civil(2026, 11, 6) * 86400 + 1800;
    hr_txn_t *txn = NULL;
    Hr__Analytics__File *file = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_file_by_no(txn, a->file_no, f->arena, &file), HR_OK);
    assert_true(file->first_at == lo && file->last_at == hi);
    file->first_at = file->last_at = 0; // as schema 5 wrote it (no stretches either)
    file->n_spans = 0;
    assert_int_equal(an_store_file_put(txn, file), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 1); // schema 5's days: Friday was covered
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_store_migrate_file_times(txn, NULL), HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(an_store_file_by_no(txn, a->file_no, f->arena, &file), HR_OK);
    assert_true(file->first_at == lo && file->last_at == hi);
    hr_txn_abort(&txn);
    r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_string_equal(r->attendance_to, "2026-11-05");
}

// A PIN given anew at a known device: E123 punched as 123 in October at SN0001ABC, the people
// feed gives 777 from November. October's export says nothing of 777: not covered, no absence.
static void test_a_known_device_covers_a_pin_from_its_first_file_on(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,777,D01\n200,200,D01\n", HR_OK);
    char *oct = hr_strdup("SN0001ABC\n"), *nov = hr_strdup("SN0001ABC\n");
    const char *od[] = {"10-26", "10-27", "10-28", "10-29", "10-30"};
    const char *nd[] = {"11-02", "11-03", "11-04", "11-05", "11-06"};
    for (int i = 0; i < 5; i++) {
        char *m = hr_strfmt("%s      123\t2026-%s 09:00:00\t1\t0\t1\t0\n"
                            "      123\t2026-%s 18:00:00\t1\t1\t1\t0\n"
                            "      200\t2026-%s 09:00:00\t1\t0\t1\t0\n"
                            "      200\t2026-%s 18:00:00\t1\t1\t1\t0\n",
                            oct, od[i], od[i], od[i], od[i]);
        hr_free(oct);
        oct = m;
        // 777 is absent on Tuesday 11-03 of the second export: the device covers it.
        m = hr_strfmt("%s      777\t2026-%s 09:00:00\t1\t0\t1\t0\n"
                      "      777\t2026-%s 18:00:00\t1\t1\t1\t0\n"
                      "      200\t2026-%s 09:00:00\t1\t0\t1\t0\n"
                      "      200\t2026-%s 18:00:00\t1\t1\t1\t0\n",
                      nov, i == 1 ? "11-02" : nd[i], i == 1 ? "11-02" : nd[i], nd[i], nd[i]);
        hr_free(nov);
        nov = m;
    }
    s_import(f, ATT, "zkteco", "attlog-oct.dat", oct, HR_OK);
    s_import(f, ATT, "zkteco", "attlog-nov.dat", nov, HR_OK);
    hr_free(oct);
    hr_free(nov);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-10-26", "2026-11-06", false);
    assert_true(s_fact(r, "absences")->value == 1);
    assert_string_equal(s_fact(r, "absences")->days[0], "2026-11-03");
    assert_string_equal(r->attendance_from, "2026-11-02");
    assert_non_null(strstr(r->attendance_note, "counted from 2026-11-02"));
    // 200 kept their PIN: both exports count.
    r = s_facts(f, "200", NULL, "2026-10-26", "2026-11-06", false);
    assert_string_equal(r->attendance_from, "2026-10-26");
    assert_true(s_fact(r, "absences")->value == 0);
}

// 123 imported for two weeks, late once a week; 200, 300 and 400 imported for one week (their
// site's second export is not in yet), late once in it: the same rate, so the team median is 2
// over 123's 10 days, and the sentence says how it is reckoned.
static void test_the_team_median_is_of_rates_over_the_persons_covered_days(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n300,300,D01\n400,400,D01\n",
             HR_OK);
    char *att = hr_strdup("pin,time\n");
    const char *w[] = {"11-02", "11-03", "11-04", "11-05", "11-06",
                       "11-09", "11-10", "11-11", "11-12", "11-13"};
    for (int i = 0; i < 10; i++) {
        char *m = hr_strfmt("%s123,2026-%s %s\n123,2026-%s 18:00:00\n", att, w[i],
                            (i == 0 || i == 5) ? "09:30:00" : "09:00:00", w[i]);
        hr_free(att);
        att = m;
    }
    s_import(f, ATT, "generic", "site-a.csv", att, HR_OK);
    hr_free(att);
    att = hr_strdup("pin,time\n");
    for (int i = 0; i < 5; i++) {
        const char *t = i == 0 ? "09:30:00" : "09:00:00";
        char *m = hr_strfmt("%s200,2026-%s %s\n200,2026-%s 18:00:00\n300,2026-%s %s\n"
                            "300,2026-%s 18:00:00\n400,2026-%s %s\n400,2026-%s 18:00:00\n",
                            att, w[i], t, w[i], w[i], t, w[i], w[i], t, w[i]);
        hr_free(att);
        att = m;
    }
    s_import(f, ATT, "generic", "site-b.csv", att, HR_OK);
    hr_free(att);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-13", false);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 2);
    assert_true(late->team_median == 2);
    assert_int_equal(late->team_size, 3);
    assert_non_null(strstr(late->text_en, "rate per working day their imports cover, over the "
                                          "same 10 working days"));
    assert_non_null(strstr(late->text_zh, "折算为同样10个工作日"));
    assert_non_null(strstr(late->comparison, "per covered working day"));
    // 200 over the same week as the colleagues: no scaling, no such words.
    r = s_facts(f, "200", NULL, "2026-11-02", "2026-11-06", false);
    late = s_fact(r, "late_arrivals");
    assert_true(late->team_median == 1);
    assert_null(strstr(late->text_en, "rate per working day"));
}

// A DingTalk pull of someone who never punched: NotSigned slots only (Monday 09:00, Tuesday
// 18:00). The pull covers those days for the person: two absences.
static void test_a_pull_of_notsigned_slots_only_covers_its_days(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    const char *json = "{\"errcode\":0,\"recordresult\":["
                       "{\"userId\":\"123\",\"userCheckTime\":1793581200000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"NotSigned\"},"
                       "{\"userId\":\"123\",\"userCheckTime\":1793700000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"NotSigned\"}]}";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "dingtalk", "pull.json", json, HR_OK);
    assert_int_equal(a->skipped, 2);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-02", "2026-11-06", false);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 2);
    assert_string_equal(r->attendance_from, "2026-11-02");
    assert_string_equal(r->attendance_to, "2026-11-03");
    // A PIN no import names, while some import exists: said so (not "nothing imported").
    r = s_facts(f, "200", NULL, "2026-11-02", "2026-11-06", false);
    assert_null(s_fact_or_null(r, "absences"));
    assert_non_null(strstr(r->attendance_note, "no attendance import names this person's PIN"));
}

// Weekly exports, Monday to Friday. 123 is absent on Wednesday and Thursday of every week.
static void s_weekly(fixture_t *f)
{
    s_import(f, PEOPLE, "generic", "people.csv",
             "employee_no,pin,department\n123,123,D01\n200,200,D01\n", HR_OK);
    const char *weeks[4][5] = {{"10-26", "10-27", "10-28", "10-29", "10-30"},
                               {"11-02", "11-03", "11-04", "11-05", "11-06"},
                               {"11-09", "11-10", "11-11", "11-12", "11-13"},
                               {"11-16", "11-17", "11-18", "11-19", "11-20"}};
    for (int w = 0; w < 4; w++) {
        char *t = hr_strdup("pin,time\n");
        for (int d = 0; d < 5; d++) {
            char *m = hr_strfmt("%s200,2026-%s 09:00:00\n200,2026-%s 18:00:00\n", t, weeks[w][d],
                                weeks[w][d]);
            hr_free(t);
            t = m;
            if (d == 2 || d == 3)
                continue;
            m = hr_strfmt("%s123,2026-%s 09:00:00\n123,2026-%s 18:00:00\n", t, weeks[w][d],
                          weeks[w][d]);
            hr_free(t);
            t = m;
        }
        s_import(f, ATT, "generic", "week.csv", t, HR_OK);
        hr_free(t);
    }
    f->now_ms = s_midnight("2026-12-05");
}

// The week of 11-16 is no worse than the days before it: the window before (11-11..11-15)
// ends on an uncovered weekend, which no longer keeps the comparison out.
static void test_warnings_compare_across_uncovered_weekends(void **state)
{
    fixture_t *f = *state;
    s_weekly(f);
    Hr__Analytics__ListWarningsReply *w = s_warnings(f, "2026-11-16", "2026-11-20", NULL);
    assert_null(s_warning(w, "123", "absences"));
    w = s_warnings(f, "2026-11-16", "2026-11-22", NULL); // Monday to Sunday: the same
    assert_null(s_warning(w, "123", "absences"));
}

// A Monday-to-Sunday window of Monday-to-Friday exports misses no working day: no note that the
// weekend was not imported. Nor does a Saturday-to-Friday one at its start.
static void test_a_weekend_at_a_windows_edge_is_no_cut(void **state)
{
    fixture_t *f = *state;
    s_weekly(f);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "123", NULL, "2026-11-16", "2026-11-22", false);
    assert_string_equal(r->attendance_to, "2026-11-20");
    assert_string_equal(r->attendance_note, "");
    assert_null(strstr(s_fact(r, "absences")->text_en, "imported up to"));
    r = s_facts(f, "123", NULL, "2026-11-14", "2026-11-20", false);
    assert_string_equal(r->attendance_from, "2026-11-16");
    assert_string_equal(r->attendance_note, "");
    // A working day left out is still said: to 11-24 (no export of that week).
    r = s_facts(f, "123", NULL, "2026-11-16", "2026-11-24", false);
    assert_non_null(strstr(r->attendance_note, "counted up to 2026-11-20"));
}

// One stray punch (a device reset to 2026-01-01 00:00:07) before a week of 906's punches: the
// file covers the week, not eleven months - October is not covered (no absence), the import
// names the outlier, and a window reaching it says it is not counted. A gap of nine days
// without any punch (a holiday week) stays inside one stretch; one of more than ten days splits
// the file, and the days between are not covered.
static void test_a_stray_punch_stretches_no_file(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "p.csv",
             "employee_no,pin,department,hire_date\nQ006,906,QA2,2026-01-01\n"
             "Q007,907,QA2,2026-01-01\n",
             HR_OK);
    char *att = hr_strdup("pin,time\n906,2026-01-01 00:00:07\n");
    for (int d = 23; d <= 27; d++) {
        char *m = hr_strfmt("%s906,2026-11-%d 08:55:00\n906,2026-11-%d 18:05:00\n", att, d, d);
        hr_free(att);
        att = m;
    }
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "generic", "glitch.csv", att, HR_OK);
    hr_free(att);
    assert_int_equal(a->n_outliers, 1);
    assert_string_equal(a->outliers[0], "2026-01-01 00:00:07 (1 punch)");
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q006", NULL, "2026-10-01", "2026-10-31", false);
    assert_null(s_fact_or_null(r, "absences")); // was 18
    assert_non_null(strstr(r->attendance_note, "no attendance import of this person covers"));
    r = s_facts(f, "Q006", NULL, "2026-11-23", "2026-11-27", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_string_equal(r->attendance_from, "2026-11-23");
    r = s_facts(f, "Q006", NULL, "2026-01-01", "2026-01-31", false);
    assert_null(s_fact_or_null(r, "missing_punches"));
    assert_non_null(strstr(r->attendance_note, "glitch.csv: 2026-01-01 00:00:07 (1 punch)"));
    // 907 punched 10-08 and 10-19 (nine days without a punch between: one stretch), then
    // nothing until 11-02 (fourteen days: another stretch). 10-10 (an adjusted working
    // Saturday) and 10-12..10-16 are absences; 10-20..10-30 are covered by no stretch.
    s_import(f, ATT, "generic", "q907.csv",
             "pin,time\n907,2026-10-08 09:00:00\n907,2026-10-08 18:00:00\n"
             "907,2026-10-09 09:00:00\n907,2026-10-09 18:00:00\n"
             "907,2026-10-19 09:00:00\n907,2026-10-19 18:00:00\n"
             "907,2026-11-02 09:00:00\n907,2026-11-02 18:00:00\n"
             "907,2026-11-03 09:00:00\n907,2026-11-03 18:00:00\n",
             HR_OK);
    r = s_facts(f, "Q007", NULL, "2026-10-08", "2026-11-03", false);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 6);
    assert_string_equal(abs->days[0], "2026-10-10");
    assert_string_equal(abs->days[5], "2026-10-16");
    assert_int_equal(r->attendance_uncovered, 9); // 10-20..10-30
}

// Source SZ: 901, whose attendance comes from the head office's exports (hq-*.csv), punched
// there once (a visit, 11-23); 903 and 904 are its people. SZ's later exports without 901 are
// no absences of 901 (were 4 from 11-24 to 11-27); 903, named in two of SZ's three exports, is
// covered by the third too: absent on 12-01.
static void test_a_device_the_person_does_not_use_covers_them_not(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "pins.csv",
             "employee_no,pin,department,hire_date\nQ001,901,QA,2026-01-01\n"
             "Q003,903,QA,2026-01-01\nQ004,904,QA,2026-01-01\n",
             HR_OK);
    const char *w1 = "901\t2026-11-23 10:00:00\t1\t0\t1\t0\n901\t2026-11-23 17:00:00\t1\t1\t1\t0\n"
                     "903\t2026-11-23 08:50:00\t1\t0\t1\t0\n903\t2026-11-23 18:10:00\t1\t1\t1\t0\n"
                     "904\t2026-11-23 08:50:00\t1\t0\t1\t0\n904\t2026-11-23 18:10:00\t1\t1\t1\t0\n";
    const char *w2 = "903\t2026-11-24 08:50:00\t1\t0\t1\t0\n903\t2026-11-24 18:10:00\t1\t1\t1\t0\n"
                     "903\t2026-11-27 08:50:00\t1\t0\t1\t0\n903\t2026-11-27 18:10:00\t1\t1\t1\t0\n"
                     "904\t2026-11-24 08:50:00\t1\t0\t1\t0\n904\t2026-11-27 18:10:00\t1\t1\t1\t0\n";
    const char *w3 = "904\t2026-12-01 08:50:00\t1\t0\t1\t0\n904\t2026-12-01 18:10:00\t1\t1\t1\t0\n";
    an_import_ctx_t ctx = {
        .tz_offset_min = 480, .now_ms = HR_TEST_T0_MS, .msg_id = "m", .source = "SZ"};
    s_import(f, ATT, "generic", "hq-1.csv",
             "pin,time\n901,2026-11-09 09:00:00\n901,2026-11-13 18:00:00\n", HR_OK);
    s_import(f, ATT, "generic", "hq-2.csv",
             "pin,time\n901,2026-11-16 09:00:00\n901,2026-11-20 18:00:00\n", HR_OK);
    const char *files[] = {w1, w2, w3};
    for (int i = 0; i < 3; i++)
        s_import_ctx(f, &ctx, ATT, "zkteco", "attlog.dat", files[i], HR_OK);
    f->now_ms = s_midnight("2026-12-05");
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-24", "2026-11-27", false);
    assert_null(s_fact_or_null(r, "absences")); // was 4
    r = s_facts(f, "Q001", NULL, "2026-11-23", "2026-12-01", false);
    assert_true(s_fact(r, "absences")->value == 0);
    assert_string_equal(r->attendance_to, "2026-11-23");
    r = s_facts(f, "Q003", NULL, "2026-11-23", "2026-12-01", false);
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 3); // 11-25, 11-26 (inside w2) and 12-01 (w3)
    assert_string_equal(abs->days[2], "2026-12-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_check_out_after_midnight_covers_no_next_day, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_night_shift_export_covers_no_day_it_does_not_hold,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_migration_finds_each_files_first_and_last_punch,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_known_device_covers_a_pin_from_its_first_file_on,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_team_median_is_of_rates_over_the_persons_covered_days, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_pull_of_notsigned_slots_only_covers_its_days,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_warnings_compare_across_uncovered_weekends, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_weekend_at_a_windows_edge_is_no_cut, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_a_stray_punch_stretches_no_file, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_device_the_person_does_not_use_covers_them_not,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.cover", tests, NULL, NULL);
}
