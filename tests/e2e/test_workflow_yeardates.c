/*  e2e.workflow_yeardates - dates in a year whose State Council holiday notice is not in the
 *  company calendar, through the real daemon and hrctl.
 *
 *  The repository's calendar declares 2025 and 2026 and lists only the statutory holidays of
 *  2027-2031: their bridge days off and adjusted working days are unknown until each year's
 *  notice is out. A step counted into 2027 says so (`hrctl case show`, `case list`, --json), and
 *  is dated again - later only, in the case journal - when the daemon restarts on a calendar
 *  with the notice, so its escalation does not fire on the old day. An interview on a working day
 *  of 2027 is warned of. A notice whose arbitration limit falls near 2028's 元旦 states it with
 *  Civil Code Art. 203's rule and warns HR, and a filing in the days after the limit is a review
 *  item (check the notice), not the time bar. An Art. 50 transfer due on the earliest end such a
 *  notice could give is dated again, later, once the notice is in the calendar.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define SHA1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define SHA4 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

// hrctl with args; its stdout (arena), the exit status 0.
static char *s_hrctl(e2e_t *c, const char *const *args, hr_arena_t *arena)
{
    char *out = NULL, *err = NULL;
    int rc = e2e_hrctl(c, &out, &err, args);
    if (rc)
        fail_msg("hrctl %s %s: exit %d: %s%s", args[0], args[1], rc, out ? out : "",
                 err ? err : "");
    char *kept = hr_arena_strdup(arena, out ? out : "");
    hr_free(out);
    hr_free(err);
    return kept;
}

// The line of text holding `part` (arena), failing when none does.
static char *s_line(const char *text, const char *part, hr_arena_t *arena)
{
    const char *at = strstr(text, part);
    if (!at)
        fail_msg("no line with '%s' in:\n%s", part, text);
    const char *start = at;
    while (start > text && start[-1] != '\n')
        start--;
    const char *end = strchr(at, '\n');
    return hr_arena_fmt(arena, "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
}

// Stops hr-workflow, writes its calendar anew with `lines` and starts it again (it reads the
// calendar only at start-up); *cal becomes the new file's path.
static void s_recalendar(e2e_t *c, char **cal, const char *lines)
{
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    hr_free(*cal);
    *cal = wfe_calendar(c, lines);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
}

// The last entry of the case's journal.
static const Hr__Workflow__CaseJournalEntry *s_last_entry(e2e_t *c, const char *id,
                                                          hr_arena_t *arena)
{
    Hr__Workflow__CaseJournalRequest jreq = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
    jreq.case_id = (char *)id;
    Hr__Workflow__CaseJournalReply *j = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.CaseJournal", &jreq.base,
                              &hr__workflow__case_journal_reply__descriptor, arena, (void **)&j),
                     HR_OK);
    assert_true(j->n_entries > 0);
    return j->entries[j->n_entries - 1];
}

// The request step counted over 2027's 元旦 (Friday, statutory): marked as unsure, in the reply
// and by hrctl; restarted on a calendar with 2027's notice (declared, Monday 01-04 a bridge day
// off), the step is due a day later - in the journal, said so - and level 1 waits for it.
static void test_a_deadline_counted_before_the_years_notice_moves_when_it_is_added(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-yd-redate");
    char *cal = wfe_calendar(c, "");
    e2e_config(c, "workflow", "calendar/file", cal);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-30", 10, arena); // a Wednesday
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0117", "A39_1", arena);
    assert_non_null(cs);
    char *id = hr_arena_strdup(arena, cs->id);
    // 2 working days: Thursday 12-31, then (01-01 statutory, the weekend) Monday 01-04.
    const Hr__Workflow__CaseStep *st = wfe_step(cs, "request");
    assert_int_equal(st->due_ms, wfe_local_ms("2027-01-05", 0));
    assert_int_equal(st->due_year_undeclared, 2027);
    assert_true(st->due_year_statutory_known);
    cs = wfe_get(c, id, arena);
    assert_int_equal(wfe_step(cs, "request")->due_year_undeclared, 2027);

    const char *show[] = {"case", "show", id, NULL};
    char *line = s_line(s_hrctl(c, show, arena), " request ", arena);
    wfe_has("case show", line, "due 2027-01-04");
    wfe_has("case show", line,
            "(2027: only statutory holidays known; the year's holiday notice "
            "may move it later)");
    const char *list[] = {"case", "list", NULL};
    line = s_line(s_hrctl(c, list, arena), id, arena);
    wfe_has("case list", line, "(2027: only statutory holidays known");
    const char *json[] = {"case", "show", id, "--json", NULL};
    wfe_has("case show --json", s_hrctl(c, json, arena), "\"due_year_undeclared\": 2027");

    // 2027's notice is out: the calendar declares the year, Monday 01-04 a bridge day off.
    s_recalendar(c, &cal, "year 2027\n2027-01-01 holiday 元旦\n2027-01-04 holiday 元旦 (bridge)\n");
    cs = wfe_get(c, id, arena);
    st = wfe_step(cs, "request");
    assert_int_equal(st->due_ms, wfe_local_ms("2027-01-06", 0)); // end of Tuesday 01-05
    assert_int_equal(st->overdue_ms, wfe_local_ms("2027-01-06", 8));
    assert_int_equal(st->due_year_undeclared, 0);
    line = s_line(s_hrctl(c, show, arena), " request ", arena);
    wfe_has("case show", line, "due 2027-01-05");
    assert_null(strstr(line, "known"));

    // The journal says who moved it, from when to when.
    const Hr__Workflow__CaseJournalEntry *e = s_last_entry(c, id, arena);
    assert_string_equal(e->request, "deadline.redated");
    assert_string_equal(e->actor, "workflow");
    wfe_has("journal note", e->note, "request due 2027-01-04 -> 2027-01-05: dated again");
    // Restarted again on the same calendar: nothing more to move.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    assert_string_equal(s_last_entry(c, id, arena)->note, e->note);

    // Tuesday 09:00, past the old 08:00 of level 1: nothing; Wednesday 09:00: level 1.
    wfe_clock_to(c, "2027-01-05", 9, arena);
    wfe_let_tick();
    assert_int_equal(wfe_outbox_count(c, id, "overdue_1", arena, NULL), 0);
    wfe_clock_to(c, "2027-01-06", 9, arena);
    assert_int_equal(wfe_wait_outbox(c, id, "overdue_1", 1, 5000, arena), 1);
    hr_free(cal);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// The transfer of the file and social insurance (LCL Art. 50: fifteen days) of a contract
// ending 2026-12-17 runs to 2027-01-01, 元旦, in a year whose notice is not in the calendar: due
// on the earliest end the notice could give (Saturday 01-02, which it may make a working day).
// Restarted on a calendar with 2027's notice, where the Saturday stays off, the duty is due on
// Monday 01-04 (Civil Code Art. 203), in the journal, said so.
static void test_a_transfer_dated_before_the_years_notice_moves_when_it_is_added(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-yd-duty");
    char *cal = wfe_calendar(c, "");
    e2e_config(c, "workflow", "calendar/file", cal);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    static const char *const sha[4] = {SHA1, SHA2, SHA3, SHA4};
    char *id = wfe_a39_1_at_close(c, sha, "2026-12-17", arena);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);
    Hr__Workflow__Case *cs = wfe_get(c, id, arena);
    assert_string_equal(wfe_step(cs, "transfer")->due_date, "2027-01-02");
    assert_string_equal(wfe_step(cs, "certificate")->due_date, "2026-12-17");
    // Said unsure where the case is shown: 2027's notice may move the transfer later.
    assert_int_equal(wfe_step(cs, "transfer")->due_year_undeclared, 2027);
    assert_int_equal(wfe_step(cs, "certificate")->due_year_undeclared, 0);
    assert_int_equal(wfe_step(cs, "retention")->due_year_undeclared, 0); // the latest: it stays
    const char *show[] = {"case", "show", id, NULL};
    char *line = s_line(s_hrctl(c, show, arena), " transfer ", arena);
    wfe_has("case show", line, "(2027: only statutory holidays known");

    s_recalendar(c, &cal, "year 2027\n2027-01-01 holiday 元旦\n");
    cs = wfe_get(c, id, arena);
    const Hr__Workflow__CaseStep *st = wfe_step(cs, "transfer");
    assert_string_equal(st->due_date, "2027-01-04");
    assert_int_equal(st->due_ms, wfe_local_ms("2027-01-05", 0));
    assert_string_equal(wfe_step(cs, "certificate")->due_date, "2026-12-17"); // no period
    assert_int_equal(st->due_year_undeclared, 0);
    assert_null(strstr(s_line(s_hrctl(c, show, arena), " transfer ", arena), "known"));
    const Hr__Workflow__CaseJournalEntry *e = s_last_entry(c, id, arena);
    assert_string_equal(e->request, "deadline.redated");
    wfe_has("journal note", e->note, "transfer due 2027-01-02 -> 2027-01-04: dated again");
    hr_free(cal);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

// PrepareCase: its problems' codes, " CODE CODE".
static char *s_prepare(e2e_t *c, const char *id, const char *date, hr_arena_t *arena)
{
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = (char *)id;
    pr.date = (char *)date;
    pr.time = "10:00";
    pr.place = "3F meeting room";
    Hr__Workflow__CaseReply *rep =
        wfe_case_do(c, "E0003", "hr", "workflow.PrepareCase", &pr.base, arena);
    char *codes = "";
    for (size_t i = 0; i < rep->n_problems; i++) {
        codes = hr_arena_fmt(arena, "%s %s", codes, rep->problems[i]->code);
        if (!strcmp(rep->problems[i]->code, "INTERVIEW_YEAR_NOT_DECLARED")) {
            assert_string_equal(rep->problems[i]->severity, "warn");
            wfe_has("warning", rep->problems[i]->message_en,
                    "is in 2027, whose State Council holiday notice is not in the company "
                    "calendar (only the statutory holidays are)");
            wfe_has("warning", rep->problems[i]->message_zh, "调休放假和调休上班的日子尚不确定");
        }
    }
    return codes;
}

static Hr__Workflow__CaseReply *s_dispute(e2e_t *c, const char *id, const char *filed,
                                          hr_arena_t *arena)
{
    Hr__Workflow__RecordDisputeRequest dp = HR__WORKFLOW__RECORD_DISPUTE_REQUEST__INIT;
    Hr__Workflow__Dispute d = HR__WORKFLOW__DISPUTE__INIT;
    dp.case_id = (char *)id;
    dp.dispute = &d;
    d.arbitration_filed = true;
    d.result = "pending";
    d.filed_date = (char *)filed;
    return wfe_case_expect(c, "E0003", "hr", "workflow.RecordDispute", &dp.base, arena, HR_OK);
}

// E0117's A39_1 case, its notice served on Monday 2026-12-28: the interview is warned of on a
// working day of 2027 (not on a declared day, and on a Saturday as a rest day); the notice states
// the limit 2027-12-28 - four days before 2028's 元旦, whose bridge days 2027's and 2028's notices
// decide - with Art. 203's rule and the render warns HR; a filing the day after is a review
// item, one ten days after is late.
static void test_a_limit_an_unpublished_notice_may_move_is_stated_with_the_rule(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("wf-yd-limit");
    wfe_config_documents(c);
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    wfe_clock_to(c, "2026-12-21", 9, arena);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    static const char *const sha[3] = {SHA1, SHA2, SHA3};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    Hr__Workflow__ReviewCaseRequest rv = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    rv.reasons = "e2e: the facts and reasons HR states for the notice";
    rv.case_id = id;
    rv.notice_date = "2026-12-28";
    rv.effective_date = "2026-12-28";
    rv.facts = wfe_facts(wfe_a39_1_facts, sha, 3, arena); // each on its record
    rv.n_facts = 3;
    assert_true(
        wfe_case_expect(c, "E0002", "hr,hr_head", "workflow.ReviewCase", &rv.base, arena, HR_OK)
            ->accepted);

    // The interview: a declared working day says nothing; a Wednesday of 2027 is warned of; a
    // Saturday of 2027 is a rest day (that calendar warning alone). Both come after the notice
    // day the review planned (2026-12-28), which is said first.
    assert_string_equal(s_prepare(c, id, "2026-12-23", arena), "");
    assert_string_equal(s_prepare(c, id, "2027-01-06", arena),
                        " INTERVIEW_NOT_BEFORE_NOTICE INTERVIEW_YEAR_NOT_DECLARED");
    assert_string_equal(s_prepare(c, id, "2027-01-09", arena),
                        " INTERVIEW_NOT_BEFORE_NOTICE INTERVIEW_ON_REST_DAY");
    assert_string_equal(s_prepare(c, id, "2026-12-24", arena), "");
    wfe_clock_to(c, "2026-12-24", 11, arena);
    Hr__Workflow__ConfirmInterviewRequest ci = HR__WORKFLOW__CONFIRM_INTERVIEW_REQUEST__INIT;
    ci.case_id = id;
    ci.employee_attended = "yes";
    wfe_case_do(c, "E0003", "hr", "workflow.ConfirmInterview", &ci.base, arena);
    wfe_case_do(c, "E0101", "manager", "workflow.ConfirmInterview", &ci.base, arena);

    // The notice: the limit with the statute's rule, and HR told why.
    wfe_clock_to(c, "2026-12-28", 9, arena);
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = id;
    req.kind = "notice";
    req.language = "zh";
    Hr__Workflow__RenderDocumentReply *doc = NULL;
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("notice", doc->text,
            "至2027年12月28日（期间的最后一日是法定休假日的，依照《中华人民共和国民法典》第二百零"
            "三条，以法定休假日结束的次日为期间的最后一日；2027年的法定休假日以国务院办公厅公布的"
            "2027年部分节假日安排为准）届满");
    size_t w = 0;
    while (w < doc->n_warnings &&
           strcmp(doc->warnings[w]->code, "ARBITRATION_LIMIT_YEAR_NOT_DECLARED"))
        w++;
    if (w == doc->n_warnings)
        fail_msg("no ARBITRATION_LIMIT_YEAR_NOT_DECLARED among %zu warnings", doc->n_warnings);
    assert_string_equal(doc->warnings[w]->severity, "warn");
    wfe_has("warning", doc->warnings[w]->message_en,
            "The arbitration limit ends on 2027-12-28, in days of 2027 whose State Council holiday "
            "notice is not in the company calendar");
    req.language = "en";
    assert_int_equal(wfe_call(c, "E0003", "hr", "workflow.RenderDocument", &req.base,
                              &hr__workflow__render_document_reply__descriptor, arena,
                              (void **)&doc),
                     HR_OK);
    wfe_has("notice", doc->text,
            "2027-12-28 (where the last day of the period is a statutory rest day or holiday, the "
            "period ends on the day after the rest days and holidays end, under Article 203 of the "
            "Civil Code; which days of 2027 are rest days and holidays follows the State "
            "Council's holiday arrangements for 2027)");
    const char *const render[] = {"case", "document", id, "notice", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(e2e_hrctl(c, &out, &err, render), 0);
    wfe_has("hrctl case document", out, "2027年部分节假日安排为准");
    wfe_has("hrctl case document (stderr)", err, "WARNING [ARBITRATION_LIMIT_YEAR_NOT_DECLARED]");
    hr_free(out);
    hr_free(err);

    // Served that day, closed; the dispute a year on.
    wfe_attach(c, "E0003", "hr", id, "notice_letter", SHA4, arena);
    Hr__Workflow__RecordOutcomeRequest oc = HR__WORKFLOW__RECORD_OUTCOME_REQUEST__INIT;
    oc.case_id = id;
    oc.kind = HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    oc.served_date = "2026-12-28";
    oc.effective_date = "2026-12-28";
    oc.evidence_id = SHA4;
    wfe_case_do(c, "E0003", "hr", "workflow.RecordOutcome", &oc.base, arena);
    Hr__Workflow__CloseCaseRequest cl = HR__WORKFLOW__CLOSE_CASE_REQUEST__INIT;
    cl.case_id = id;
    wfe_case_do(c, "E0003", "hr", "workflow.CloseCase", &cl.base, arena);

    wfe_clock_to(c, "2027-12-30", 10, arena);
    Hr__Workflow__CaseReply *rep = s_dispute(c, id, "2027-12-29", arena);
    assert_true(rep->accepted);
    assert_false(rep->case_->dispute->filed_after_limit);
    assert_int_equal(rep->n_problems, 1);
    assert_string_equal(rep->problems[0]->code, "ARBITRATION_LIMIT_UNSURE");
    assert_string_equal(rep->problems[0]->severity, "review");
    wfe_has("review item", rep->problems[0]->message_en,
            "check the notice for 2027 before raising the time bar");
    const char *note = rep->case_->history[rep->case_->n_history - 1]->note;
    wfe_has("history", note, "whether it is in time depends on that notice");

    wfe_clock_to(c, "2028-01-10", 10, arena);
    rep = s_dispute(c, id, "2028-01-07", arena); // ten days on: no notice gives that many off
    assert_true(rep->case_->dispute->filed_after_limit);
    assert_int_equal(rep->n_problems, 1);
    assert_string_equal(rep->problems[0]->code, "ARBITRATION_LIMIT_PASSED");
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_deadline_counted_before_the_years_notice_moves_when_it_is_added),
        cmocka_unit_test(test_a_transfer_dated_before_the_years_notice_moves_when_it_is_added),
        cmocka_unit_test(test_a_limit_an_unpublished_notice_may_move_is_stated_with_the_rule),
    };
    return cmocka_run_group_tests_name("e2e.workflow_yeardates", tests, NULL, NULL);
}
