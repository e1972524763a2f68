/*  unit.analytics.punch - what a punch is, through real imports and the facts (README "Punch
 *  types", "Which day a punch belongs to"): ZKTeco break-out/in and WeCom field trips are
 *  neither arrival nor departure; overtime past midnight closes the day before's check-in, also
 *  as DingTalk dates it (workDate). The fixtures come from an IT walkthrough review.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

static void s_people(fixture_t *f)
{
    s_import(f, PEOPLE, "generic", "pins.csv",
             "employee_no,pin,department,hire_date\nQ001,901,QA,2026-01-01\n"
             "Q002,902,QA,2026-01-01\nQ003,903,QA,2026-01-01\nQ004,904,QA,2026-01-01\n",
             HR_OK);
    f->now_ms = s_midnight("2026-12-05");
}

// brk.dat: 904 checks in at 08:55 and punches break-out 12:01, break-in 12:58, no check-out: a
// missing punch (was "departure 12:58, 302 min early"). The next day is whole.
static void test_zkteco_break_punches_are_neither_arrival_nor_departure(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, ATT, "zkteco", "brk.dat",
             "904\t2026-10-14 08:55:00\t1\t0\t1\t0\n904\t2026-10-14 12:01:00\t1\t2\t1\t0\n"
             "904\t2026-10-14 12:58:00\t1\t3\t1\t0\n904\t2026-10-15 08:55:00\t1\t0\t1\t0\n"
             "904\t2026-10-15 18:01:00\t1\t1\t1\t0\n",
             HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q004", NULL, "2026-10-14", "2026-10-15", false);
    assert_true(s_fact(r, "early_leaves")->value == 0);
    const Hr__Analytics__Fact *m = s_fact(r, "missing_punches");
    assert_true(m->value == 1);
    assert_string_equal(m->days[0], "2026-10-14");
    assert_string_equal(m->sources[0]->note,
                        "only punch 08:55 (besides 2 break or field-trip punches: neither)");
}

// WeCom: 901 checks in at 08:50, goes on a field trip at 10:30 (外出打卡), and WeCom says the
// check-out was not punched (未打卡): a missing punch, not "departure 10:30, 450 min early".
static void test_a_wecom_field_trip_is_no_departure(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    const char *json =
        "{\"errcode\":0,\"checkindata\":["
        "{\"userid\":\"901\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1794185400},"
        "{\"userid\":\"901\",\"checkin_type\":\"外出打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1794191400},"
        "{\"userid\":\"901\",\"checkin_type\":\"下班打卡\",\"exception_type\":\"未打卡\","
        "\"checkin_time\":1794218400},"
        "{\"userid\":\"901\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1794271800},"
        "{\"userid\":\"901\",\"checkin_type\":\"下班打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1794305400}]}";
    Hr__Analytics__ImportFeedReply *a = s_import(f, ATT, "wecom", "wc.json", json, HR_OK);
    assert_int_equal(a->skipped, 1);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-09", "2026-11-10", false);
    assert_true(s_fact(r, "early_leaves")->value == 0);
    assert_true(s_fact(r, "missing_punches")->value == 1);
    assert_string_equal(s_fact(r, "missing_punches")->days[0], "2026-11-09");
    assert_true(s_fact(r, "absences")->value == 0);
}

// ot.csv: 903 checks in 08:58 on 10-26 and out at 02:10 on 10-27, then arrives 09:45: 10-26 is
// whole and 10-27 is 45 minutes late (was a missing punch on 10-26 and 10-27 on time).
static void test_overtime_past_midnight_is_the_days_departure(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, ATT, "generic", "ot.csv",
             "pin,time\n903,2026-10-26 08:58:00\n903,2026-10-27 02:10:00\n"
             "903,2026-10-27 09:45:00\n903,2026-10-27 18:05:00\n903,2026-10-28 08:59:00\n"
             "903,2026-10-28 18:01:00\n",
             HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q003", NULL, "2026-10-26", "2026-10-28", false);
    assert_true(s_fact(r, "missing_punches")->value == 0);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 1);
    assert_string_equal(late->days[0], "2026-10-27");
    assert_true(s_fact(r, "late_minutes")->value == 45);
}

// dt_ot.json: DingTalk's OffDuty of workDate 10-26 at 02:15 on 10-27 is 10-26's check-out, and
// 10-27's OnDuty at 09:50 is 50 minutes late. So is 10-28's OffDuty at 07:30 on 10-29 (later
// than any rule of ours would reach), and 10-29's OnDuty at 09:10 is 10 minutes late.
static void test_dingtalk_work_date_decides_the_day(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    const char *json = "{\"errcode\":0,\"recordresult\":["
                       "{\"userId\":\"902\",\"workDate\":1792944000000,\"checkType\":\"OnDuty\","
                       "\"timeResult\":\"Normal\",\"userCheckTime\":1792976220000},"
                       "{\"userId\":\"902\",\"workDate\":1792944000000,\"checkType\":\"OffDuty\","
                       "\"timeResult\":\"Normal\",\"userCheckTime\":1793038500000},"
                       "{\"userId\":\"902\",\"workDate\":1793030400000,\"checkType\":\"OnDuty\","
                       "\"timeResult\":\"Late\",\"userCheckTime\":1793065800000},"
                       "{\"userId\":\"902\",\"workDate\":1793030400000,\"checkType\":\"OffDuty\","
                       "\"timeResult\":\"Normal\",\"userCheckTime\":1793095500000},"
                       "{\"userId\":\"902\",\"workDate\":1793116800000,\"checkType\":\"OnDuty\","
                       "\"timeResult\":\"Normal\",\"userCheckTime\":1793149200000},"
                       "{\"userId\":\"902\",\"workDate\":1793116800000,\"checkType\":\"OffDuty\","
                       "\"timeResult\":\"Normal\",\"userCheckTime\":1793230200000},"
                       "{\"userId\":\"902\",\"workDate\":1793203200000,\"checkType\":\"OnDuty\","
                       "\"timeResult\":\"Late\",\"userCheckTime\":1793236200000},"
                       "{\"userId\":\"902\",\"workDate\":1793203200000,\"checkType\":\"OffDuty\","
                       "\"timeResult\":\"Normal\",\"userCheckTime\":1793268000000}]}";
    s_import(f, ATT, "dingtalk", "dt_ot.json", json, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-10-26", "2026-10-29", false);
    assert_true(s_fact(r, "missing_punches")->value == 0);
    assert_true(s_fact(r, "late_arrivals")->value == 2);
    assert_true(s_fact(r, "late_minutes")->value == 60);
    assert_true(s_fact(r, "early_leaves")->value == 0);
}

// dt_v.json, 2026-11-09..11 (README "Vendor results"), with a grace of 5 minutes: 902's 09:03
// is Late for DingTalk and within the company's grace (not counted, both said); 17:45 against
// DingTalk's 18:00 is Normal for DingTalk (its own rule: not counted, said, the record cited);
// on 11-10 the check-in slot is NotSigned with approveId 555 (a morning's leave) and 18:05 is the
// one punch: no missing punch, the approval named. 11-11: NotSigned both, no approval: absent.
static const char *const s_dt_vendor =
    "{\"errcode\":0,\"recordresult\":["
    "{\"userId\":\"902\",\"workDate\":1794153600000,\"checkType\":\"OnDuty\",\"timeResult\":"
    "\"Late\",\"baseCheckTime\":1794186000000,\"userCheckTime\":1794186180000},"
    "{\"userId\":\"902\",\"workDate\":1794153600000,\"checkType\":\"OffDuty\",\"timeResult\":"
    "\"Normal\",\"baseCheckTime\":1794218400000,\"userCheckTime\":1794217500000},"
    "{\"userId\":\"902\",\"workDate\":1794240000000,\"checkType\":\"OnDuty\",\"timeResult\":"
    "\"NotSigned\",\"baseCheckTime\":1794272400000,\"userCheckTime\":1794272400000,"
    "\"sourceType\":\"SYSTEM\",\"approveId\":555},"
    "{\"userId\":\"902\",\"workDate\":1794240000000,\"checkType\":\"OffDuty\",\"timeResult\":"
    "\"Normal\",\"baseCheckTime\":1794304800000,\"userCheckTime\":1794305100000},"
    "{\"userId\":\"902\",\"workDate\":1794326400000,\"checkType\":\"OnDuty\",\"timeResult\":"
    "\"NotSigned\",\"baseCheckTime\":1794358800000,\"userCheckTime\":1794358800000},"
    "{\"userId\":\"902\",\"workDate\":1794326400000,\"checkType\":\"OffDuty\",\"timeResult\":"
    "\"NotSigned\",\"baseCheckTime\":1794391200000,\"userCheckTime\":1794391200000}]}";

static void s_source_note_has(const Hr__Analytics__Fact *fact, const char *day, const char *part)
{
    for (size_t i = 0; i < fact->n_sources; i++)
        if (!strcmp(fact->sources[i]->day, day) && strstr(fact->sources[i]->note, part))
            return;
    fprintf(stderr, "%s: no source of %s saying '%s'\n", fact->code, day, part);
    fail();
}

static void test_the_vendors_result_and_approvals_are_stated_not_contradicted(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    an_rules_t rules = an_rules_default();
    rules.grace_min = 5;
    f->rules = &rules;
    s_import(f, ATT, "dingtalk", "dt_v.json", s_dt_vendor, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-11-09", "2026-11-11", false);
    const Hr__Analytics__Fact *late = s_fact(r, "late_arrivals");
    assert_true(late->value == 0);
    s_source_note_has(late, "2026-11-09",
                      "not counted: DingTalk's own result for arrival 09:03 "
                      "is Late (timeResult), but by the rules (grace 5 "
                      "minutes after the scheduled 09:00) it is not late");
    assert_non_null(strstr(late->text_en, "itself marked 1 more arrival late that the company's "
                                          "rules (grace 5 minutes) do not"));
    const Hr__Analytics__Fact *early = s_fact(r, "early_leaves");
    assert_true(early->value == 0);
    s_source_note_has(early, "2026-11-09",
                      "not counted: departure 17:45 is 15 min before the scheduled end 18:00 "
                      "(baseCheckTime), but DingTalk's own result for it is Normal");
    assert_non_null(strstr(early->sources[0]->raw, "\"userCheckTime\":1794217500000"));
    const Hr__Analytics__Fact *miss = s_fact(r, "missing_punches");
    assert_true(miss->value == 0);
    s_source_note_has(miss, "2026-11-10",
                      "not a missing punch: DingTalk's check-in slot has no "
                      "punch (timeResult NotSigned) and carries approval 555");
    const Hr__Analytics__Fact *abs = s_fact(r, "absences");
    assert_true(abs->value == 1); // no approval on 11-11's slots
    assert_string_equal(abs->days[0], "2026-11-11");
    f->rules = NULL;
}

// A store of schema 9 knows no vendor slots: the upgrade to 10 reads them from the stored text of
// each DingTalk and WeCom file that counts, so an approval imported before is no absence after.
static void test_the_schema_10_upgrade_reads_the_vendor_slots_of_stored_files(void **state)
{
    fixture_t *f = *state;
    hr_store_destroy(&f->store);
    hr_test_rmdir(f->dir);
    hr_store_opts_t o = {.dir = f->dir, .mapsize_mb = 16, .dbs = an_store_dbs, .schema_version = 9};
    char *err = NULL;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    s_people(f);
    s_import(f, ATT, "dingtalk", "dt_v.json", s_dt_vendor, HR_OK);
    // What a daemon of schema 9 left: no slots.
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(hr_txn_store(txn), AN_DB_SLOTS), 0), 0);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-11-09", "2026-11-11", false);
    assert_true(s_fact(r, "missing_punches")->value == 1); // 11-10, the approval unknown
    hr_store_destroy(&f->store);
    o.schema_version = an_service.schema_version;
    o.migrations = an_service.migrations;
    f->store = hr_store_open(&o, &err);
    assert_non_null(f->store);
    assert_int_equal(hr_store_schema_version(f->store), an_service.schema_version);
    r = s_facts(f, "Q002", NULL, "2026-11-09", "2026-11-11", false);
    assert_true(s_fact(r, "missing_punches")->value == 0);
    s_source_note_has(s_fact(r, "missing_punches"), "2026-11-10", "carries approval 555");
    assert_true(s_fact(r, "early_leaves")->value == 0); // 17:45: DingTalk's Normal
}

// A ZKTeco terminal pressed twice at 18:05:10 and 18:05:12 (the check-in forgotten), and a
// DingTalk day whose OnDuty is NotSigned and whose two OffDuty punches are 85 minutes apart:
// missing punches, not "arrival 18:05, 546 min late" - the sources say why.
static void test_repeat_presses_and_a_not_signed_check_in_are_missing_punches(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    s_import(f, ATT, "zkteco", "dbl.dat",
             "901\t2026-11-11 18:05:10\t1\t0\t1\t0\n901\t2026-11-11 18:05:12\t1\t0\t1\t0\n", HR_OK);
    const char *json = "{\"errcode\":0,\"recordresult\":["
                       "{\"id\":1,\"userId\":\"903\",\"workDate\":1794240000000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"NotSigned\",\"baseCheckTime\":1794272400000,"
                       "\"userCheckTime\":1794272400000},"
                       "{\"id\":2,\"userId\":\"903\",\"workDate\":1794240000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"Normal\",\"baseCheckTime\":1794304800000,"
                       "\"userCheckTime\":1794305100000},"
                       "{\"id\":3,\"userId\":\"903\",\"workDate\":1794240000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"Normal\",\"baseCheckTime\":1794304800000,"
                       "\"userCheckTime\":1794310200000}]}";
    s_import(f, ATT, "dingtalk", "dt_ns.json", json, HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q001", NULL, "2026-11-11", "2026-11-11", false);
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "late_over_60")->value == 0);
    const Hr__Analytics__Fact *m = s_fact(r, "missing_punches");
    assert_true(m->value == 1);
    assert_string_equal(m->sources[0]->note, "only punch 18:05, pressed 1 time more within 5 min "
                                             "(the same punch: rules/repeat_punch_min)");
    r = s_facts(f, "Q003", NULL, "2026-11-10", "2026-11-10", false);
    assert_true(s_fact(r, "late_arrivals")->value == 0);
    assert_true(s_fact(r, "late_over_60")->value == 0);
    m = s_fact(r, "missing_punches");
    assert_true(m->value == 1);
    assert_int_equal(m->n_sources, 2);
    assert_string_equal(m->sources[0]->note,
                        "no check-in: DingTalk's own record for the check-in slot has no punch "
                        "(timeResult NotSigned), and the day's punches are all check-outs: the "
                        "attendance system's result is followed, a missing punch, not lateness");
    assert_string_equal(m->sources[1]->note,
                        "check-out 18:05, the first of 2 (no check-in: see DingTalk's record)");
}

// A fact's source from a JSON feed is the record (README "JSON feeds"), as its problems are: its
// number, with `record` set, and the record's own id when it has one (DingTalk's id, else its
// recordId) - before, "line 1" of a file that is one line. A WeCom record has no id of its own;
// a CSV row stays a line. The snapshot frozen into a case says the same.
static void test_a_json_source_is_cited_by_record_and_its_id(void **state)
{
    fixture_t *f = *state;
    s_people(f);
    // 2026-11-09: 902 in at 10:15 (Late) and out at 18:05; 901 (WeCom) in at 10:15; 903 (CSV)
    // in at 10:15.
    s_import(f, ATT, "dingtalk", "dt_id.json",
             "{\"errcode\":0,\"recordresult\":["
             "{\"id\":71001,\"userId\":\"902\",\"checkType\":\"OnDuty\",\"timeResult\":"
             "\"Late\",\"userCheckTime\":1794190500000},"
             "{\"recordId\":\"r-88002\",\"userId\":\"902\",\"checkType\":\"OffDuty\","
             "\"timeResult\":\"Normal\",\"userCheckTime\":1794218700000}]}",
             HR_OK);
    s_import(f, ATT, "wecom", "wc.json",
             "{\"errcode\":0,\"checkindata\":["
             "{\"userid\":\"901\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"\","
             "\"checkin_time\":1794190500},"
             "{\"userid\":\"901\",\"checkin_type\":\"下班打卡\",\"exception_type\":\"\","
             "\"checkin_time\":1794218700}]}",
             HR_OK);
    s_import(f, ATT, "generic", "att.csv",
             "pin,time\n903,2026-11-09 10:15:00\n903,2026-11-09 18:05:00\n", HR_OK);
    Hr__Analytics__GetFactsReply *r = s_facts(f, "Q002", NULL, "2026-11-09", "2026-11-09", true);
    const Hr__Analytics__Source *src = s_fact(r, "late_arrivals")->sources[0];
    assert_true(src->record);
    assert_int_equal(src->line, 1);
    assert_string_equal(src->record_id, "71001");
    assert_non_null(strstr(r->snapshot_json, "\"record\":1,\"record_id\":\"71001\""));
    // The facts' sources are records (the people file's line naming the team is a CSV's line:
    // source_files and team have it).
    const char *facts = strstr(r->snapshot_json, "\"facts\":[");
    const char *team = strstr(r->snapshot_json, "\"generated_at_ms\":");
    assert_true(facts && team && facts < team);
    char *cited = hr_arena_strndup(f->arena, facts, (size_t)(team - facts));
    assert_null(strstr(cited, "\"line\""));
    r = s_facts(f, "Q001", NULL, "2026-11-09", "2026-11-09", false);
    src = s_fact(r, "late_arrivals")->sources[0];
    assert_true(src->record);
    assert_int_equal(src->line, 1);
    assert_string_equal(src->record_id, "");
    r = s_facts(f, "Q003", NULL, "2026-11-09", "2026-11-09", true);
    src = s_fact(r, "late_arrivals")->sources[0];
    assert_false(src->record);
    assert_int_equal(src->line, 2);
    assert_non_null(strstr(r->snapshot_json, "\"line\":2"));
    assert_null(strstr(r->snapshot_json, "\"record\""));
}

// A record's own id: DingTalk's id (a number or a string), else its recordId; none for a record
// without (WeCom) or text that is no object.
static void test_a_record_s_own_id(void **state)
{
    HR_UNUSED(state);
    char id[AN_ID_MAX + 1];
    const char *a = "{\"id\":71001,\"recordId\":5}";
    assert_true(an_record_id(a, strlen(a), id));
    assert_string_equal(id, "71001");
    const char *b = "{\"recordId\":\"r-88002\"}";
    assert_true(an_record_id(b, strlen(b), id));
    assert_string_equal(id, "r-88002");
    const char *c = "{\"userid\":\"901\"}";
    assert_false(an_record_id(c, strlen(c), id));
    assert_string_equal(id, "");
    assert_false(an_record_id("[1]", 3, id));
    assert_false(an_record_id("{\"id\":", 6, id));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_json_source_is_cited_by_record_and_its_id, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_a_record_s_own_id),
        cmocka_unit_test_setup_teardown(test_zkteco_break_punches_are_neither_arrival_nor_departure,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_a_wecom_field_trip_is_no_departure, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_overtime_past_midnight_is_the_days_departure, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_vendors_result_and_approvals_are_stated_not_contradicted, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(
            test_the_schema_10_upgrade_reads_the_vendor_slots_of_stored_files, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_dingtalk_work_date_decides_the_day, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_repeat_presses_and_a_not_signed_check_in_are_missing_punches, s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.punch", tests, NULL, NULL);
}
