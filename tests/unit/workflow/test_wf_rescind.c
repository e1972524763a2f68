/*  unit.workflow.rescind - who may record that a termination notice was revoked with the
 *  employee's agreement, and when (wf_rescind_check), as a table: the case's HR person and the
 *  HR head may, nobody else (the operator, the manager who opened it, another HR person, a
 *  manager); only after an outcome served by notice, never an agreement or an Art. 36 ground;
 *  an agreement dated between the notice and the contract's last day (after it: a re-hire); a
 *  reason; the employee's signed agreement attached to the case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

#define AGREEMENT "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define NOTICE "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define ELSEWHERE "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define ASSESSMENT "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

typedef enum {
    AT_CLOSE,   // outcome recorded, not closed yet
    CLOSED,     // closed, the duties running
    AT_OUTCOME, // interview held, no outcome yet
    WITHDRAWN,  // withdrawn before its outcome
    RESCINDED,  // rescinded already
    DISPUTED,   // closed, an arbitration filed and pending
    SETTLED,    // closed, an arbitration filed and settled
} s_where_t;

typedef struct {
    const char *what;   // the row, as a sentence
    s_where_t where;    // where the case stands
    bool agreement;     // the outcome is agreement_signed (else notice_served)
    const char *ground; // the case's ground
    const char *user;   // actor user id
    const char *roles;  // actor roles as the directory confirms them, comma separated
    const char *date;   // agreement_date
    const char *reason; // reason
    const char *ev;     // evidence_id
    const char *today;  // the company's day now
    hr_rc_t want;       // result
    const char *says;   // in the message (NULL for HR_OK)
} s_row_t;

#define OK_REASON "the employee's medical certificate arrived; both agreed to continue"

static const s_row_t s_rows[] = {
    // Who.
    {"the HR person who reviewed the case", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09",
     OK_REASON, AGREEMENT, "2026-12-10", HR_OK, NULL},
    {"an HR head by role", CLOSED, false, "A40_2", "E0004", "hr,hr_head", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_OK, NULL},
    {"the directory's HR head", AT_CLOSE, false, "A40_2", "E0002", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_OK, NULL},
    {"the operator", CLOSED, false, "A40_2", "operator", "operator", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_EDENIED, "not the operator"},
    {"the case's manager", CLOSED, false, "A40_2", "E0101", "manager", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_EDENIED, "neither role"},
    {"the manager's superior", CLOSED, false, "A40_2", "E0100", "manager", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_EDENIED, "neither role"},
    {"an HR person who opened the case", CLOSED, false, "A40_2", "E0009", "hr,hr_head",
     "2026-12-09", OK_REASON, AGREEMENT, "2026-12-10", HR_EDENIED, "opened or manages"},
    {"another HR person", CLOSED, false, "A40_2", "E0007", "hr", "2026-12-09", OK_REASON, AGREEMENT,
     "2026-12-10", HR_EDENIED,
     "(E0003) or the HR head (E0002) records a revocation, "
     "not E0007"},
    {"an anonymous actor", CLOSED, false, "A40_2", "", "hr", "2026-12-09", OK_REASON, AGREEMENT,
     "2026-12-10", HR_EDENIED, "neither role"},
    // Where the case stands.
    {"before the outcome", AT_OUTCOME, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_ECONFLICT, "no outcome is recorded"},
    {"a withdrawn case", WITHDRAWN, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_ECONFLICT, "withdrawn"},
    {"a rescinded case", RESCINDED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_ECONFLICT, "rescinded already"},
    {"an agreement outcome", CLOSED, true, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_ECONFLICT, "LCL Art. 36"},
    {"an Art. 36 ground", CLOSED, false, "A36_EMPLOYER", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_ECONFLICT, "LCL Art. 36"},
    {"an Art. 39 notice", AT_CLOSE, false, "A39_1", "E0003", "hr", "2026-12-01", OK_REASON,
     AGREEMENT, "2026-12-01", HR_OK, NULL},
    // The agreement's day.
    {"no agreement date", CLOSED, false, "A40_2", "E0003", "hr", "", OK_REASON, AGREEMENT,
     "2026-12-10", HR_EINVAL, "agreement_date: required"},
    {"a malformed date", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-9", OK_REASON, AGREEMENT,
     "2026-12-10", HR_EINVAL, "agreement_date: '2026-12-9' is not YYYY-MM-DD"},
    {"a day that does not exist", CLOSED, false, "A40_2", "E0003", "hr", "2026-11-31", OK_REASON,
     AGREEMENT, "2026-12-10", HR_EINVAL,
     "agreement_date: '2026-11-31' is not a date (November 2026 has 30 days)"},
    {"a day in the future", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-11", OK_REASON,
     AGREEMENT, "2026-12-10", HR_EINVAL, "agreement_date: 2026-12-11 is in the future"},
    {"a day before the notice", CLOSED, false, "A40_2", "E0003", "hr", "2026-11-30", OK_REASON,
     AGREEMENT, "2026-12-10", HR_EINVAL, "before the notice was served (2026-12-01)"},
    {"the notice's own day", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-01", OK_REASON,
     AGREEMENT, "2026-12-10", HR_OK, NULL},
    {"the contract's last day, recorded after it", CLOSED, false, "A40_2", "E0003", "hr",
     "2026-12-31", OK_REASON, AGREEMENT, "2027-01-04", HR_OK, NULL},
    {"after the contract ended", CLOSED, false, "A40_2", "E0003", "hr", "2027-01-02", OK_REASON,
     AGREEMENT, "2027-01-04", HR_EINVAL, "re-hire"},
    // The reason and the proof.
    {"no reason", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09", "", AGREEMENT, "2026-12-10",
     HR_EINVAL, "reason: required"},
    {"a reason that is not UTF-8", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09",
     "bad \xff byte", AGREEMENT, "2026-12-10", HR_EINVAL, "reason: required"},
    {"no evidence", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON, "",
     "2026-12-10", HR_EINVAL, "evidence_id: required"},
    {"evidence not attached", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     ELSEWHERE, "2026-12-10", HR_EINVAL, "evidence_id: " ELSEWHERE " is not attached"},
    {"the notice letter as proof", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     NOTICE, "2026-12-10", HR_EINVAL, "is a notice_letter"},
    {"an assessment as proof", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     ASSESSMENT, "2026-12-10", HR_EINVAL, ASSESSMENT " is an assessment_result; a revocation"},
    // A pending arbitration ends first (else the case would read "pending" for ever).
    {"a pending arbitration", DISPUTED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_ECONFLICT, "the arbitration filed 2026-12-04 is pending"},
    {"a settled arbitration", SETTLED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
     AGREEMENT, "2026-12-10", HR_OK, NULL},
};

typedef struct {
    hr_arena_t *arena;           // owned
    hr_calendar_t *cal;          // owned
    wf_time_t t;                 // calendar + zone
    Hr__Workflow__Template *tpl; // arena
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->arena = hr_arena_new(0);
    f->cal = wf_fixture_calendar();
    f->t = (wf_time_t){f->cal, HR_TZ_SHANGHAI_MIN};
    f->tpl = wf_fixture_template(f->arena);
    *state = f;
    return f->cal && f->tpl ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_calendar_destroy(&f->cal);
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

static Hr__Workflow__EvidenceRef *s_ref(hr_arena_t *arena, const char *id, const char *kind)
{
    Hr__Workflow__EvidenceRef *e = hr_arena_alloc(arena, sizeof *e);
    hr__workflow__evidence_ref__init(e);
    e->id = (char *)id;
    e->sha256 = (char *)id;
    e->kind = (char *)kind;
    return e;
}

// E0117's case, opened by E0101 (E0009 when the row says an HR person opened it), reviewed and
// taken to where the row says: a notice served 2026-12-01, the contract's last day 2026-12-31.
static Hr__Workflow__Case *s_case(fixture_t *f, const s_row_t *r)
{
    int64_t t0 = wf_fixture_local("2026-11-27", 10, 0);
    Hr__Workflow__Case *c = hr_arena_alloc(f->arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = "01JN00000000000000000000AA";
    c->employee_no = "E0117";
    c->manager_no = "E0101";
    c->opened_by = !strcmp(r->user, "E0009") ? "E0009" : "E0101";
    c->ground = (char *)r->ground;
    wf_steps_init(c, f->tpl, f->arena, &f->t, t0);
    c->evidence = hr_arena_alloc(f->arena, 3 * sizeof *c->evidence);
    c->evidence[c->n_evidence++] = s_ref(f->arena, AGREEMENT, "agreement");
    c->evidence[c->n_evidence++] = s_ref(f->arena, NOTICE, "notice_letter");
    c->evidence[c->n_evidence++] = s_ref(f->arena, ASSESSMENT, "assessment_result");
    for (int k = 0; k < 4; k++) // request, hr_review, prepare, interview: at outcome
        wf_steps_apply(c, WF_MOVE_NEXT, "X", f->arena, &f->t, t0, NULL);
    if (r->where == WITHDRAWN)
        wf_steps_apply(c, WF_MOVE_WITHDRAW, "E0101", f->arena, &f->t, t0, NULL);
    if (r->where == AT_OUTCOME || r->where == WITHDRAWN)
        return c;
    Hr__Workflow__Outcome *o = hr_arena_alloc(f->arena, sizeof *o);
    hr__workflow__outcome__init(o);
    o->kind = r->agreement ? HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED
                           : HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    o->served_date = "2026-12-01";
    o->effective_date = !strcmp(r->ground, "A39_1") ? "2026-12-01" : "2026-12-31";
    o->evidence_id = r->agreement ? AGREEMENT : NOTICE;
    c->outcome = o;
    int32_t eff = 0;
    assert_true(hr_date_parse(o->effective_date, &eff));
    wf_steps_date_duties(c, eff, f->arena, &f->t);
    wf_steps_apply(c, WF_MOVE_NEXT, "E0003", f->arena, &f->t, t0, NULL); // outcome: at close
    if (r->where != AT_CLOSE)
        wf_steps_apply(c, WF_MOVE_CLOSE, "E0003", f->arena, &f->t, t0, NULL);
    if (r->where == DISPUTED || r->where == SETTLED) {
        c->dispute = hr_arena_alloc(f->arena, sizeof *c->dispute);
        hr__workflow__dispute__init(c->dispute);
        c->dispute->arbitration_filed = true;
        c->dispute->filed_date = "2026-12-04";
        c->dispute->result = r->where == DISPUTED ? "pending" : "settled";
    }
    if (r->where == RESCINDED) {
        wf_steps_apply(c, WF_MOVE_RESCIND, "E0003", f->arena, &f->t, t0, NULL);
        c->rescission = hr_arena_alloc(f->arena, sizeof *c->rescission);
        hr__workflow__rescission__init(c->rescission);
        c->rescission->agreement_date = "2026-12-05";
    }
    return c;
}

static Hr__Actor *s_actor(hr_arena_t *arena, const char *user, const char *roles)
{
    Hr__Actor *a = hr_arena_alloc(arena, sizeof *a);
    hr__actor__init(a);
    a->user_id = (char *)user;
    a->roles = hr_arena_alloc(arena, 4 * sizeof *a->roles);
    char *list = hr_arena_strdup(arena, roles);
    char *save = NULL;
    for (char *r = strtok_r(list, ",", &save); r && a->n_roles < 4; r = strtok_r(NULL, ",", &save))
        a->roles[a->n_roles++] = r;
    return a;
}

// The Chinese of a refusal names the stage and the evidence kinds by their Chinese names, never
// by their keys (outcome, assessment_result, agreement).
static void test_a_refusal_names_stage_and_kinds_in_chinese(void **state)
{
    fixture_t *f = *state;
    const s_row_t rows[] = {
        {"before the outcome", AT_OUTCOME, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
         AGREEMENT, "2026-12-10", HR_ECONFLICT, "目前在“记录结果”阶段，尚未记录解除结果"},
        {"an assessment as proof", CLOSED, false, "A40_2", "E0003", "hr", "2026-12-09", OK_REASON,
         ASSESSMENT, "2026-12-10", HR_EINVAL,
         "的类型是考核结果；撤销解除劳动合同通知须以员工签字的协议（协议类）为凭"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++) {
        const s_row_t *r = &rows[i];
        Hr__Workflow__Case *c = s_case(f, r);
        int32_t today = 0;
        assert_true(hr_date_parse(r->today, &today));
        wf_rescind_ctx_t x = {.actor = s_actor(f->arena, r->user, r->roles),
                              .case_hr = "E0003",
                              .hr_head = "E0002",
                              .today = today};
        Hr__Workflow__RescindCaseRequest req = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
        req.case_id = c->id;
        req.agreement_date = (char *)r->date;
        req.reason = (char *)r->reason;
        req.evidence_id = (char *)r->ev;
        char err[512] = "", zh[768] = "";
        int32_t agreed = -1;
        const Hr__Workflow__EvidenceRef *e = NULL;
        assert_int_equal(wf_rescind_check(c, &req, &x, &agreed, &e, err, sizeof err, zh, sizeof zh),
                         r->want);
        if (!strstr(zh, r->says))
            fail_msg("%s: '%s' does not say '%s'", r->what, zh, r->says);
        assert_null(strstr(zh, "outcome"));
        assert_null(strstr(zh, "assessment_result"));
    }
}

static void test_who_when_and_with_what_a_notice_is_revoked(void **state)
{
    fixture_t *f = *state;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_rows); i++) {
        const s_row_t *r = &s_rows[i];
        Hr__Workflow__Case *c = s_case(f, r);
        int32_t today = 0;
        assert_true(hr_date_parse(r->today, &today));
        wf_rescind_ctx_t x = {.actor = s_actor(f->arena, r->user, r->roles),
                              .case_hr = "E0003",
                              .hr_head = "E0002",
                              .today = today};
        Hr__Workflow__RescindCaseRequest req = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
        req.case_id = c->id;
        req.agreement_date = (char *)r->date;
        req.reason = (char *)r->reason;
        req.evidence_id = (char *)r->ev;
        char err[512] = "", zh[768] = "";
        int32_t agreed = -1;
        const Hr__Workflow__EvidenceRef *e = NULL;
        hr_rc_t rc = wf_rescind_check(c, &req, &x, &agreed, &e, err, sizeof err, zh, sizeof zh);
        if (rc != r->want)
            fail_msg("%s: %s (%s), want %s", r->what, hr_rc_name(rc), err, hr_rc_name(r->want));
        if (r->says && !strstr(err, r->says))
            fail_msg("%s: '%s' does not say '%s'", r->what, err, r->says);
        // Every refusal is said in Chinese too (RescindCase's Status.message_zh).
        if (rc && (!*zh || !hr_utf8_is_valid(zh, strlen(zh)) || (unsigned char)zh[0] < 0x80))
            fail_msg("%s: no Chinese for '%s' ('%s')", r->what, err, zh);
        if (rc) {
            assert_null(e);
            continue;
        }
        int32_t want_day = 0;
        assert_true(hr_date_parse(r->date, &want_day));
        assert_int_equal(agreed, want_day);
        assert_non_null(e);
        assert_string_equal(e->id, AGREEMENT);
        wf_move_t move;
        assert_int_equal(wf_steps_decide(c->state,
                                         wf_steps_current(c) ? wf_steps_current(c)->key : "",
                                         WF_ACT_RESCIND, &move),
                         HR_OK);
        assert_int_equal(move, WF_MOVE_RESCIND);
    }
}

// The case's HR person is gone from HR (the directory took their role): the HR head alone.
static void test_without_a_case_hr_person_the_hr_head_decides(void **state)
{
    fixture_t *f = *state;
    const s_row_t *r = &s_rows[0];
    Hr__Workflow__Case *c = s_case(f, r);
    int32_t today = 0;
    assert_true(hr_date_parse("2026-12-10", &today));
    wf_rescind_ctx_t x = {.actor = s_actor(f->arena, "E0003", "hr"),
                          .case_hr = "",
                          .hr_head = "E0002",
                          .today = today};
    Hr__Workflow__RescindCaseRequest req = HR__WORKFLOW__RESCIND_CASE_REQUEST__INIT;
    req.agreement_date = "2026-12-09";
    req.reason = OK_REASON;
    req.evidence_id = AGREEMENT;
    char err[512] = "";
    int32_t agreed;
    const Hr__Workflow__EvidenceRef *e = NULL;
    assert_int_equal(wf_rescind_check(c, &req, &x, &agreed, &e, err, sizeof err, NULL, 0),
                     HR_EDENIED);
    assert_non_null(strstr(err, "the HR person on the case (-) or the HR head (E0002)"));
    x.actor = s_actor(f->arena, "E0002", "hr");
    assert_int_equal(wf_rescind_check(c, &req, &x, &agreed, &e, err, sizeof err, NULL, 0), HR_OK);
}

// The history says what was revoked, when it was to end, the agreement and its proof, and why.
static void test_the_history_note_says_what_was_revoked(void **state)
{
    fixture_t *f = *state;
    Hr__Workflow__Case *c = s_case(f, &s_rows[0]);
    Hr__Workflow__Rescission r = HR__WORKFLOW__RESCISSION__INIT;
    r.agreement_date = "2026-12-09";
    r.reason = OK_REASON;
    r.evidence_id = AGREEMENT;
    r.effective_date = "2026-12-31";
    char *note = wf_rescind_note(c, &r, c->evidence[0], f->arena);
    assert_string_equal(note,
                        "notice served 2026-12-01 (contract to end 2026-12-31) revoked by "
                        "agreement of 2026-12-09, evidence " AGREEMENT " (agreement): " OK_REASON);
    // A reason at the limit still leaves a note within it, cut on a character.
    char *longer = hr_arena_alloc(f->arena, WF_TEXT_MAX + 1);
    for (size_t i = 0; i + 3 <= WF_TEXT_MAX; i += 3)
        memcpy(longer + i, "\xe4\xb8\xad", 3); // 中
    longer[WF_TEXT_MAX - WF_TEXT_MAX % 3] = '\0';
    r.reason = longer;
    note = wf_rescind_note(c, &r, c->evidence[0], f->arena);
    assert_true(strlen(note) <= WF_TEXT_MAX);
    assert_true(hr_utf8_is_valid(note, strlen(note)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_refusal_names_stage_and_kinds_in_chinese, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_who_when_and_with_what_a_notice_is_revoked, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_without_a_case_hr_person_the_hr_head_decides, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_the_history_note_says_what_was_revoked, s_setup,
                                        s_teardown),
    };
    return cmocka_run_group_tests_name("unit.workflow.rescind", tests, NULL, NULL);
}
