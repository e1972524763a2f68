/*  unit.workflow.dispute - what a dispute record after the close may say, as a table, and the
 *  history note each record leaves; a judgment setting a reinstatement aside (LDML Art. 50),
 *  and a retrial reinstating again after it.
 *
 *  The case: notice 2026-12-01, effective 2026-12-01, arbitration limit 2027-12-01 (LDMAL Art.
 *  27: a year from the notice).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

typedef struct {
    const char *what;   // the row, as a sentence
    const char *today;  // local day the record is made
    bool filed;         // arbitration_filed
    const char *date;   // filed_date
    const char *result; // result
    int64_t amount_fen; // amount_fen
    hr_rc_t want;       // HR_OK or HR_EINVAL
    bool late;          // filed after the limit (with HR_OK)
} s_row_t;

static const s_row_t s_rows[] = {
    {"a filing between the notice and today", "2027-04-28", true, "2027-01-15", "pending", 0, HR_OK,
     false},
    {"a filing on the notice day", "2027-04-28", true, "2026-12-01", "pending", 0, HR_OK, false},
    {"a filing today", "2027-04-28", true, "2027-04-28", "", 0, HR_OK, false},
    {"a date implies the filing", "2027-04-28", false, "2027-01-15", "pending", 0, HR_OK, false},
    {"a filing in the future", "2027-04-28", true, "2027-04-29", "pending", 0, HR_EINVAL, false},
    {"a filing the day before the notice", "2027-04-28", true, "2026-11-30", "pending", 0,
     HR_EINVAL, false},
    {"a filing before the hire date", "2027-04-28", true, "2019-01-01", "pending", 0, HR_EINVAL,
     false},
    {"a filing with no date", "2027-04-28", true, "", "pending", 0, HR_EINVAL, false},
    {"a date that is not one", "2027-04-28", true, "2027-02-30", "pending", 0, HR_EINVAL, false},
    {"an unknown result", "2027-04-28", true, "2027-01-15", "won", 0, HR_EINVAL, false},
    {"pending before anything is filed", "2027-04-28", false, "", "pending", 0, HR_OK, false},
    {"no result before anything is filed", "2027-04-28", false, "", "", 0, HR_OK, false},
    {"an award without a filing", "2027-04-28", false, "", "employee_won", 20800000, HR_EINVAL,
     false},
    {"employer_won without a filing", "2027-04-28", false, "", "employer_won", 0, HR_EINVAL, false},
    {"a settlement before anything was filed", "2027-04-28", false, "", "settled", 100, HR_OK,
     false},
    {"an award without a filing", "2027-04-28", false, "", "employee_won", 100, HR_EINVAL, false},
    {"a withdrawal without a filing", "2027-04-28", false, "", "withdrawn", 0, HR_EINVAL, false},
    {"a withdrawal without a filing", "2027-04-28", false, "", "withdrawn", 0, HR_EINVAL, false},
    {"an award with its amount", "2027-04-28", true, "2027-01-15", "employee_won", 20800000, HR_OK,
     false},
    {"a settlement with its amount", "2027-04-28", true, "2027-01-15", "settled", 100, HR_OK,
     false},
    {"employer_won with no amount", "2027-04-28", true, "2027-01-15", "employer_won", 0, HR_OK,
     false},
    {"an amount while pending", "2027-04-28", true, "2027-01-15", "pending", 100, HR_EINVAL, false},
    {"an amount the employer won", "2027-04-28", true, "2027-01-15", "employer_won", 100, HR_EINVAL,
     false},
    {"a negative amount", "2027-04-28", true, "2027-01-15", "settled", -1, HR_EINVAL, false},
    {"an amount past the cap", "2027-04-28", true, "2027-01-15", "settled", LAW_MONEY_MAX_FEN + 1,
     HR_EINVAL, false},
    {"filed on the limit day: in time", "2028-09-10", true, "2027-12-01", "pending", 0, HR_OK,
     false},
    {"filed the day after the limit: flagged, not refused", "2028-09-10", true, "2027-12-02",
     "pending", 0, HR_OK, true},
    {"filed long after the limit, then an award", "2028-09-10", true, "2028-09-01", "employee_won",
     100, HR_OK, true},
};

static Hr__Workflow__Case *s_case(hr_arena_t *arena, const char *notice)
{
    Hr__Workflow__Case *c = hr_arena_alloc(arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = "01JN00000000000000000000AA";
    c->assessment = hr_arena_alloc(arena, sizeof *c->assessment);
    hr__workflow__assessment__init(c->assessment);
    c->assessment->notice_date = (char *)notice;
    c->assessment->arbitration_limit_date = "2027-12-01";
    c->outcome = hr_arena_alloc(arena, sizeof *c->outcome);
    hr__workflow__outcome__init(c->outcome);
    c->outcome->effective_date = "2026-12-01";
    return c;
}

static hr_rc_t s_check(const Hr__Workflow__Case *c, const char *today, bool filed, const char *date,
                       const char *result, int64_t amount_fen, bool *late)
{
    int32_t day = 0;
    assert_true(hr_date_parse(today, &day));
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = filed;
    d.filed_date = (char *)date;
    d.result = (char *)result;
    d.amount_fen = amount_fen;
    char err[256] = "", zh[512] = "";
    hr_rc_t rc = wf_dispute_check(c, &d, day, NULL, late, err, sizeof err, zh, sizeof zh);
    if (rc) {
        assert_non_null(strstr(err, "dispute.")); // names the field
        assert_non_null(strstr(zh, "dispute."));  // in Chinese too (Status.message_zh)
        assert_true((unsigned char)zh[0] >= 0x80);
    }
    return rc;
}

static void test_dispute_records_as_a_table(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-01");
    for (size_t i = 0; i < HR_ARRAY_LEN(s_rows); i++) {
        const s_row_t *r = &s_rows[i];
        bool late = !r->late;
        hr_rc_t rc = s_check(c, r->today, r->filed, r->date, r->result, r->amount_fen, &late);
        if (rc != r->want || (!rc && late != r->late))
            fail_msg("row %zu (%s): %s late %d, want %s late %d", i, r->what, hr_rc_name(rc), late,
                     hr_rc_name(r->want), r->late);
    }
    hr_arena_destroy(&arena);
}

// The notice day comes from the assessment; one stored before it recorded its notice date gives
// it by its limit (a year before), and a case with no assessment by the outcome's date.
static void test_the_earliest_filing_is_the_notice(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    bool late = false;
    Hr__Workflow__Case *c = s_case(arena, "");
    assert_int_equal(s_check(c, "2027-04-28", true, "2026-11-30", "", 0, &late), HR_EINVAL);
    assert_int_equal(s_check(c, "2027-04-28", true, "2026-12-01", "", 0, &late), HR_OK);
    c->assessment = NULL;
    c->outcome->effective_date = "2026-12-10";
    assert_int_equal(s_check(c, "2027-04-28", true, "2026-12-09", "", 0, &late), HR_EINVAL);
    assert_int_equal(s_check(c, "2027-04-28", true, "2026-12-10", "", 0, &late), HR_OK);
    assert_false(late); // no limit known: nothing to flag
    hr_arena_destroy(&arena);
}

// A contract that ends by law (A44_EXPIRY, 终止): the dispute arises when it ends, so the limit
// is a year from the end, as the notice letter states (wf_document.c) - not hr_law's year from
// the notice. Served 2026-12-01, ending 2026-12-17: a filing on 2027-12-10 is in time.
static void test_an_expirys_limit_runs_from_the_contracts_end(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-01");
    c->ground = "A44_EXPIRY";
    c->outcome->effective_date = "2026-12-17";
    bool late = true;
    assert_int_equal(s_check(c, "2028-09-10", true, "2027-12-10", "pending", 0, &late), HR_OK);
    assert_false(late);
    assert_int_equal(s_check(c, "2028-09-10", true, "2027-12-17", "pending", 0, &late), HR_OK);
    assert_false(late);
    assert_int_equal(s_check(c, "2028-09-10", true, "2027-12-18", "pending", 0, &late), HR_OK);
    assert_true(late);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.filed_date = "2027-12-18";
    d.result = "pending";
    d.filed_after_limit = true;
    assert_non_null(strstr(wf_dispute_summary(c, &d, NULL, arena), "arbitration limit 2027-12-17"));
    // A dismissal's stays the notice's.
    c->ground = "A40_3";
    assert_int_equal(s_check(c, "2028-09-10", true, "2027-12-10", "pending", 0, &late), HR_OK);
    assert_true(late);
    hr_arena_destroy(&arena);
}

// Each record's history note carries its date, result and amount, the time bar when filed after
// the limit, and the note cut to fit a history entry on a character boundary.
static void test_the_history_note_tells_the_record(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-01");
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "pending";
    assert_string_equal(wf_dispute_summary(c, &d, NULL, arena),
                        "not filed, result pending, amount 0.00 yuan");
    d.arbitration_filed = true;
    d.filed_date = "2028-09-01";
    d.result = "employee_won";
    d.amount_fen = 20800005;
    d.filed_after_limit = true;
    d.note = "award received";
    assert_string_equal(wf_dispute_summary(c, &d, NULL, arena),
                        "arbitration filed 2028-09-01, result employee_won, amount 208000.05 "
                        "yuan; filed after the arbitration limit 2027-12-01: the employer may "
                        "raise the time bar (LDMAL Art. 27), the committee decides; note: award "
                        "received");
    char *note = hr_arena_alloc(arena, WF_TEXT_MAX + 1);
    for (size_t i = 0; i + 3 <= WF_TEXT_MAX; i += 3)
        memcpy(note + i, "\xe4\xb8\xad", 3); // 中
    d.note = note;
    char *s = wf_dispute_summary(c, &d, NULL, arena);
    assert_true(strlen(s) < WF_TEXT_MAX);
    assert_true(hr_utf8_is_valid(s, strlen(s)));
    wf_problem_t p;
    wf_dispute_limit_problem(c, &d, NULL, arena, &p);
    assert_string_equal(p.article, "LDMAL Art. 27");
    assert_non_null(strstr(p.message_en, "2028-09-01, after the arbitration limit 2027-12-01"));
    hr_arena_destroy(&arena);
}

// The letter gave the limit moved off the days off (Civil Code Art. 203): a filing on that day is
// in time, and the record says the day the letter said.
static void test_a_limit_on_days_off_ends_the_day_after_as_the_letter_says(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-04");
    c->assessment->arbitration_limit_date = "2027-12-04"; // a Saturday
    const char *text = "year 2027\n2027-12-06 holiday company day off\n";
    char *err = NULL;
    hr_calendar_t *cal = hr_calendar_parse(text, strlen(text), "cal", &err);
    assert_non_null(cal);
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.result = "pending";
    char msg[256];
    int32_t today = 0;
    assert_true(hr_date_parse("2028-09-10", &today));
    bool late = true;
    d.filed_date = "2027-12-07"; // after Sat, Sun and the company's Monday off: in time
    assert_int_equal(wf_dispute_check(c, &d, today, cal, &late, msg, sizeof msg, NULL, 0), HR_OK);
    assert_false(late);
    d.filed_date = "2027-12-08";
    assert_int_equal(wf_dispute_check(c, &d, today, cal, &late, msg, sizeof msg, NULL, 0), HR_OK);
    assert_true(late);
    d.filed_after_limit = true;
    assert_non_null(strstr(wf_dispute_summary(c, &d, cal, arena), "arbitration limit 2027-12-07"));
    // No calendar: the weekend alone, so the Monday.
    d.filed_date = "2027-12-07";
    assert_int_equal(wf_dispute_check(c, &d, today, NULL, &late, msg, sizeof msg, NULL, 0), HR_OK);
    assert_true(late);
    hr_calendar_destroy(&cal);
    hr_arena_destroy(&arena);
}

// Against the repository's calendar (2027 and 2028 undeclared, their statutory holidays listed):
// a limit of 2027-12-28, four days before 2028's 元旦, ends where 2027's and 2028's notices say -
// a filing in the days after it is neither in time nor late but a review item naming the year; a
// run of days off longer than any notice gives is late; a limit a month from any holiday is
// late the day after, as before.
static void test_a_filing_in_days_an_unpublished_notice_may_move_is_a_review_item(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    hr_calendar_t *cal = wf_fixture_calendar();
    assert_non_null(cal);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-28");
    c->assessment->arbitration_limit_date = "2027-12-28";
    int32_t today = 0;
    assert_true(hr_date_parse("2028-09-10", &today));
    static const struct {
        const char *filed;
        bool late;
        int unsure; // the year whose notice decides; 0 sure
    } rows[] = {
        {"2027-12-28", false, 0},    // the limit's day: in time whatever the notice says
        {"2027-12-29", false, 2027}, // is 12-28 a bridge day off? 2027's notice says
        {"2028-01-05", false, 2027}, // 8 days: a long 元旦 break would cover it
        {"2028-01-07", true, 0},     // 10 days: longer than any notice's days off
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
        d.arbitration_filed = true;
        d.result = "pending";
        d.filed_date = (char *)rows[i].filed;
        bool late = !rows[i].late;
        char msg[256];
        assert_int_equal(wf_dispute_check(c, &d, today, cal, &late, msg, sizeof msg, NULL, 0),
                         HR_OK);
        int year = wf_dispute_limit_unsure(c, &d, cal);
        if (late != rows[i].late || year != rows[i].unsure)
            fail_msg("filed %s: late %d unsure %d, want %d %d", rows[i].filed, late, year,
                     rows[i].late, rows[i].unsure);
    }
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.arbitration_filed = true;
    d.result = "pending";
    d.filed_date = "2027-12-29";
    wf_problem_t p;
    wf_dispute_unsure_problem(c, &d, cal, arena, &p);
    assert_string_equal(p.code, "ARBITRATION_LIMIT_UNSURE");
    assert_non_null(strstr(p.message_en, "Filed 2027-12-29, after 2027-12-28, a year from the "
                                         "notice"));
    assert_non_null(strstr(p.message_en, "check the notice for 2027 before raising the time bar"));
    assert_non_null(strstr(p.message_zh, "请核对2027年的通知"));
    const char *note = wf_dispute_summary(c, &d, cal, arena);
    assert_non_null(strstr(note, "filed after 2027-12-28, a year from the notice, in days 2027's "
                                 "holiday notice"));
    assert_null(strstr(note, "the employer may raise the time bar"));
    // A limit a month from any holiday: the Wednesday after it is surely a working day.
    c = s_case(arena, "2026-12-01"); // limit 2027-12-01
    d.filed_date = "2027-12-02";
    bool late = false;
    char msg[256];
    assert_int_equal(wf_dispute_check(c, &d, today, cal, &late, msg, sizeof msg, NULL, 0), HR_OK);
    assert_true(late);
    assert_int_equal(wf_dispute_limit_unsure(c, &d, cal), 0);
    hr_calendar_destroy(&cal);
    hr_arena_destroy(&arena);
}

// A reinstatement (award A1 of 2027-02-10) appealed to court (LDML Art. 50: the award is not
// final): only a record naming the award in sets_aside undoes it, as a table - with the
// judgment's own day and reference, and result employer_won or employee_won. An employer_won that
// names no award is refused while the reinstatement stands (it would leave it standing unseen);
// other results pass. Each refusal names its field, in Chinese too.
static void test_a_judgment_sets_a_reinstatement_aside_only_by_naming_it(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-01");
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    Hr__Workflow__Reinstatement r = HR__WORKFLOW__REINSTATEMENT__INIT;
    r.award_date = "2027-02-10";
    r.award_ref = "A1";
    const struct {
        const char *what;
        bool reinstated;    // the case has the reinstatement
        const char *result; // the record's
        const char *aside;  // sets_aside
        const char *date;   // award_date (the judgment's)
        const char *ref;    // award_ref
        const char *says;   // NULL: accepted; else the field the refusal names
    } rows[] = {
        {"the judgment setting A1 aside", true, "employer_won", "A1", "2027-05-20", "J1", NULL},
        {"compensation instead (LCL Art. 87)", true, "employee_won", "A1", "2027-05-20", "J1",
         NULL},
        {"employer_won naming no award", true, "employer_won", "", "2027-05-20", "J1",
         "dispute.sets_aside: case"},
        {"a settlement on the back pay", true, "settled", "", "", "", NULL},
        {"employee_won on the back pay", true, "employee_won", "", "2027-05-20", "J1", NULL},
        {"employer_won on a case never reinstated", false, "employer_won", "", "", "", NULL},
        {"another award's reference", true, "employer_won", "A2", "2027-05-20", "J1",
         "dispute.sets_aside: 'A2' is not the award"},
        {"set aside by a settlement", true, "settled", "A1", "2027-05-20", "J1",
         "dispute.result: a judgment setting"},
        {"no judgment day", true, "employer_won", "A1", "", "J1", "dispute.award_date: required"},
        {"no judgment reference", true, "employer_won", "A1", "2027-05-20", "",
         "dispute.award_ref: required"},
        {"the award's own reference", true, "employer_won", "A1", "2027-05-20", "A1",
         "dispute.award_ref: the judgment's own"},
        {"a judgment before the award", true, "employer_won", "A1", "2027-02-09", "J1",
         "dispute.award_date: 2027-02-09 is before the award A1"},
        {"a case never reinstated", false, "employer_won", "A1", "2027-05-20", "J1",
         "dispute.sets_aside: case 01JN00000000000000000000AA was never reinstated"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        c->reinstatement = rows[i].reinstated ? &r : NULL;
        Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
        d.result = (char *)rows[i].result;
        d.sets_aside = (char *)rows[i].aside;
        d.award_date = (char *)rows[i].date;
        d.award_ref = (char *)rows[i].ref;
        char err[1024] = "", zh[1024] = "";
        hr_rc_t rc = wf_dispute_set_aside_check(c, &d, err, sizeof err, zh, sizeof zh);
        if (!rows[i].says != !rc || (rc && (!strstr(err, rows[i].says) || !*zh)))
            fail_msg("row %zu (%s): %s '%s', want '%s'", i, rows[i].what, hr_rc_name(rc), err,
                     rows[i].says ? rows[i].says : "(accepted)");
    }
    // Set aside once: not again.
    c->reinstatement = &r;
    r.set_aside_date = "2027-05-20";
    r.set_aside_ref = "J1";
    assert_false(wf_case_is_reinstated(c));
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "employer_won";
    d.sets_aside = "A1";
    d.award_date = "2027-05-21";
    d.award_ref = "J2";
    char err[1024] = "", zh[1024] = "";
    assert_int_equal(wf_dispute_set_aside_check(c, &d, err, sizeof err, zh, sizeof zh), HR_EINVAL);
    assert_non_null(strstr(err, "set aside already by judgment J1 of 2027-05-20"));
    assert_non_null(strstr(zh, "已于 2027-05-20 被判决 J1 撤销"));
    d.sets_aside = "";
    assert_int_equal(wf_dispute_set_aside_check(c, &d, err, sizeof err, zh, sizeof zh), HR_OK);
    // The history says which award the record sets aside.
    d.result = "employer_won";
    d.sets_aside = "A1";
    assert_non_null(strstr(wf_dispute_summary(c, &d, NULL, arena),
                           "sets aside award A1: the reinstatement does not stand"));
    hr_arena_destroy(&arena);
}

// A retrial after the set-aside (a higher court's judgment, LDML Art. 50) may reinstate the
// employee again - one reinstatement standing at a time: as a table, the case's award A1 of
// 2027-02-10 set aside by judgment J1 of 2027-05-20 (and, with `twice`, an earlier award A0
// set aside by J0 before it). A new one names a decision of its own, not before J1; the awards
// set aside are never set aside again. Each refusal names its field, in Chinese too.
static void test_a_retrial_reinstates_again_after_a_set_aside(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__Case *c = s_case(arena, "2026-12-01");
    c->state = HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    Hr__Workflow__Reinstatement r0 = HR__WORKFLOW__REINSTATEMENT__INIT;
    r0.award_date = "2027-01-10";
    r0.award_ref = "A0";
    r0.set_aside_date = "2027-01-30";
    r0.set_aside_ref = "J0";
    Hr__Workflow__Reinstatement r = HR__WORKFLOW__REINSTATEMENT__INIT;
    r.award_date = "2027-02-10";
    r.award_ref = "A1";
    r.set_aside_date = "2027-05-20";
    r.set_aside_ref = "J1";
    Hr__Workflow__Reinstatement *earlier[] = {&r0};
    c->reinstatement = &r;
    int32_t today = 0;
    assert_true(hr_date_parse("2027-09-01", &today));
    const struct {
        const char *what;
        bool twice;       // A0 set aside before A1
        const char *date; // award_date
        const char *ref;  // award_ref
        const char *says; // NULL: accepted; else the refusal's English
        const char *zh;   // and its Chinese
    } rows[] = {
        {"the higher court's judgment", false, "2027-08-15", "R1", NULL, NULL},
        {"on the set-aside's own day", false, "2027-05-20", "R1", NULL, NULL},
        {"after two set aside", true, "2027-08-15", "R1", NULL, NULL},
        {"the award set aside again", false, "2027-08-15", "A1",
         "dispute.award_ref: A1 is the award of case", "已被撤销的恢复劳动关系所依据的裁决"},
        {"the judgment that set it aside", false, "2027-08-15", "J1",
         "dispute.award_ref: J1 is the judgment setting aside", "的撤销判决"},
        {"an earlier award set aside", true, "2027-08-15", "A0",
         "dispute.award_ref: A0 is the award of case", "裁决 A0，2027-01-10"},
        {"before the judgment that set it aside", false, "2027-05-19", "R1",
         "dispute.award_date: 2027-05-19 is before judgment J1 of 2027-05-20", "早于撤销案件"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        c->earlier_reinstatements = rows[i].twice ? earlier : NULL;
        c->n_earlier_reinstatements = rows[i].twice ? 1 : 0;
        Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
        d.result = "reinstated";
        d.filed_date = "2027-01-15";
        d.arbitration_filed = true;
        d.award_date = (char *)rows[i].date;
        d.award_ref = (char *)rows[i].ref;
        char err[1024] = "", zh[1024] = "";
        bool late = false;
        hr_rc_t rc = wf_dispute_check(c, &d, today, NULL, &late, err, sizeof err, zh, sizeof zh);
        if (!rows[i].says != !rc || (rc && (!strstr(err, rows[i].says) || !strstr(zh, rows[i].zh))))
            fail_msg("row %zu (%s): %s '%s' / '%s', want '%s'", i, rows[i].what, hr_rc_name(rc),
                     err, zh, rows[i].says ? rows[i].says : "(accepted)");
    }
    // Never two standing: once the new one is on the case, another is refused.
    Hr__Workflow__Reinstatement r2 = HR__WORKFLOW__REINSTATEMENT__INIT;
    r2.award_date = "2027-08-15";
    r2.award_ref = "R1";
    Hr__Workflow__Reinstatement *before[] = {&r0, &r};
    c->earlier_reinstatements = before;
    c->n_earlier_reinstatements = 2;
    c->reinstatement = &r2;
    assert_true(wf_case_is_reinstated(c));
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    d.result = "reinstated";
    d.filed_date = "2027-01-15";
    d.award_date = "2027-08-20";
    d.award_ref = "R2";
    char err[1024] = "", zh[1024] = "";
    bool late = false;
    assert_int_equal(wf_dispute_check(c, &d, today, NULL, &late, err, sizeof err, zh, sizeof zh),
                     HR_EINVAL);
    assert_non_null(strstr(err, "was reinstated already (award R1 of 2027-08-15)"));
    // A judgment sets the new one aside; an award set aside before is not set aside again.
    d.result = "employer_won";
    d.award_date = "2027-08-30";
    d.award_ref = "J2";
    d.sets_aside = "R1";
    assert_int_equal(wf_dispute_set_aside_check(c, &d, err, sizeof err, zh, sizeof zh), HR_OK);
    d.sets_aside = "A0";
    assert_int_equal(wf_dispute_set_aside_check(c, &d, err, sizeof err, zh, sizeof zh), HR_EINVAL);
    assert_non_null(strstr(err, "award A0 was set aside already by judgment J0 of 2027-01-30"));
    assert_non_null(strstr(zh, "裁决 A0 已于 2027-01-30 被判决 J0 撤销"));
    d.sets_aside = "A1";
    assert_int_equal(wf_dispute_set_aside_check(c, &d, err, sizeof err, zh, sizeof zh), HR_EINVAL);
    assert_non_null(strstr(err, "award A1 was set aside already by judgment J1 of 2027-05-20"));
    hr_arena_destroy(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispute_records_as_a_table),
        cmocka_unit_test(test_the_earliest_filing_is_the_notice),
        cmocka_unit_test(test_an_expirys_limit_runs_from_the_contracts_end),
        cmocka_unit_test(test_the_history_note_tells_the_record),
        cmocka_unit_test(test_a_limit_on_days_off_ends_the_day_after_as_the_letter_says),
        cmocka_unit_test(test_a_filing_in_days_an_unpublished_notice_may_move_is_a_review_item),
        cmocka_unit_test(test_a_judgment_sets_a_reinstatement_aside_only_by_naming_it),
        cmocka_unit_test(test_a_retrial_reinstates_again_after_a_set_aside),
    };
    return cmocka_run_group_tests_name("unit.workflow.dispute", tests, NULL, NULL);
}
