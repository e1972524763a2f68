/*  workflow_util - what the workflow end-to-end tests share: a started hr-workflow with the
 *  repository's calendar and template, calls as a given person, the demo directory, and
 *  readers for the outbox and the event log.
 */
#ifndef WORKFLOW_UTIL_H
#define WORKFLOW_UTIL_H

#include "harness.h"
#include "workflow.pb-c.h"

// The day every workflow test starts on (a Friday, a working day), at 10:00 local.
#define WFE_EPOCH_DAY "2026-11-27"
// date at hour:00 in Shanghai, in ms; 0 when date is not YYYY-MM-DD.
int64_t wfe_local_ms(const char *date, int hour);
// Sets hr-workflow's calendar/file and template/file to deploy/config's calendar and template.
void wfe_config_files(e2e_t *c);
// Writes deploy/config's calendar, then `extra` (lines of the calendar's format), to the test
// directory's calendar.txt: its path (owned). Set it as calendar/file before the workflow starts
// (or restarts: it reads the file at start-up only).
char *wfe_calendar(e2e_t *c, const char *extra);
// Starts hr-workflow in a fresh test directory with deploy/config's calendar and template.
// NULL when it did not start.
e2e_t *wfe_start(const char *name);
// wfe_start, then hr-evidence beside it (its master key in the test directory).
e2e_t *wfe_start_with_evidence(const char *name);
// hr-evidence's config for a test that starts it itself: its master key in the test directory.
void wfe_config_evidence(e2e_t *c);
// The same test directory and workflow config, nothing started yet.
e2e_t *wfe_new(const char *name);
// Calls type on hr-workflow as user `user` with roles "r1,r2" (NULL user: the operator).
hr_rc_t wfe_call(e2e_t *c, const char *user, const char *roles, const char *type,
                 const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                 hr_arena_t *arena, void **reply_out);
// Sends req as `type` to hr-workflow as user (one role) with the envelope's msg_id and attempt
// given, on a fresh DEALER, as a client retrying would (hr_client makes a new msg_id per call):
// the reply's status code, and the reply itself in *reply_out (arena; NULL: not wanted) unpacked
// with reply_desc. Waits at most WFE_SEND_WAIT_MS for the answer; none fails the test.
#define WFE_SEND_WAIT_MS 30000
hr_rc_t wfe_send_msg_id(e2e_t *c, const char *msg_id, uint32_t attempt, const char *type,
                        const char *user, const char *role, const ProtobufCMessage *req,
                        const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena,
                        void **reply_out);
// The same on another daemon (service "evidence", ...).
hr_rc_t wfe_call_to(e2e_t *c, const char *service, const char *user, const char *roles,
                    const char *type, const ProtobufCMessage *req,
                    const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena,
                    void **reply_out);
// A case-changing call on hr-workflow (CaseReply) for its status: *message (arena) is the
// server's text, "" when none.
hr_rc_t wfe_call_msg(e2e_t *c, const char *user, const char *roles, const char *type,
                     const ProtobufCMessage *req, hr_arena_t *arena, const char **message);
// Imports csv (a people file) through workflow.ImportPeople as the operator, which must succeed
// with no row errors (each one printed otherwise): the reply (arena).
Hr__Workflow__ImportReply *wfe_import_people(e2e_t *c, const char *csv, hr_arena_t *arena);
// The same with ImportPeopleRequest.reason: why the file removes protected statuses ("" none).
Hr__Workflow__ImportReply *wfe_import_people_reason(e2e_t *c, const char *csv, const char *reason,
                                                    hr_arena_t *arena);
// Imports csv (a departments file, its optional branch column too) through
// workflow.ImportDepartments as the operator (a dry run when dry_run), which must answer HR_OK:
// the reply (arena), its row errors for the caller to look at.
Hr__Workflow__ImportReply *wfe_import_departments(e2e_t *c, const char *csv, bool dry_run,
                                                  hr_arena_t *arena);
// Imports deploy/demo/departments.csv and people.csv through the service; 0 or -1.
int wfe_import_demo(e2e_t *c, hr_arena_t *arena);
// A people file for a later import, written in the test directory (owned path): the header and
// employee_no's row of deploy/demo/people.csv, the row's roles emptied (a plain employee now).
// NULL when the demo has no such row or no roles column.
char *wfe_people_without_roles(e2e_t *c, const char *employee_no);
// Opens a case as `manager` (a manager's role) and returns it; NULL on failure.
Hr__Workflow__Case *wfe_open(e2e_t *c, const char *manager, const char *employee,
                             const char *ground, hr_arena_t *arena);
Hr__Workflow__Case *wfe_get(e2e_t *c, const char *case_id, hr_arena_t *arena);
// The finding of code in an assessment, or NULL.
const Hr__Workflow__Finding *wfe_finding(const Hr__Workflow__Assessment *as, const char *code);
// The finding of code, which must be there at severity warn with en_part in its English text
// (the test fails otherwise).
const Hr__Workflow__Finding *wfe_warning(const Hr__Workflow__Assessment *as, const char *code,
                                         const char *en_part);
// Fails unless the severance is capped (LCL Art. 47 para 2) at a wage base of wage_base_fen,
// giving severance_fen.
void wfe_capped(const Hr__Workflow__Assessment *as, int64_t wage_base_fen, int64_t severance_fen);
// Counts outbox notify.Send rows for case_id with this template (all cases when NULL); the
// last match goes to *last when not NULL.
size_t wfe_outbox_count(e2e_t *c, const char *case_id, const char *template_id, hr_arena_t *arena,
                        Hr__Workflow__WorkflowNotifySend **last);
// Counts events of this type ("workflow.StepOverdue") in the log.
size_t wfe_event_count(e2e_t *c, const char *type, hr_arena_t *arena);
// The last event of type among the workflow's first 1,000 (arena memory), or NULL.
const Hr__Sys__Event *wfe_event_last(e2e_t *c, const char *type, hr_arena_t *arena);
// The daemon's clock (sys.Status now_ms).
int64_t wfe_now_ms(e2e_t *c, hr_arena_t *arena);
// Moves every daemon's clock (sys.ClockSet) on to `hour`:00 company time (Asia/Shanghai) on
// date ("YYYY-MM-DD") when it is earlier; a later clock is left alone. 0, or -1 when the date
// does not parse or a clock could not be read or moved.
int wfe_clock_to_day(e2e_t *c, const char *date, int hour, hr_arena_t *arena);
// Waits (real time, at most timeout_ms, polling) until the outbox holds at least `want` rows of
// template_id for the case: the 1 s tick runs on its own. Returns the count seen last.
size_t wfe_wait_outbox(e2e_t *c, const char *case_id, const char *template_id, size_t want,
                       int timeout_ms, hr_arena_t *arena);

// A case-changing call that must succeed (a failure names the type, the user and the rc); its
// reply.
Hr__Workflow__CaseReply *wfe_case_do(e2e_t *c, const char *user, const char *roles,
                                     const char *type, const ProtobufCMessage *req,
                                     hr_arena_t *arena);
// The same call answered with want (a failure names the type, the user, the rc and want).
Hr__Workflow__CaseReply *wfe_case_expect(e2e_t *c, const char *user, const char *roles,
                                         const char *type, const ProtobufCMessage *req,
                                         hr_arena_t *arena, hr_rc_t want);
// The call is refused with want; the server's message holds `says`.
void wfe_case_refused(e2e_t *c, const char *user, const char *roles, const char *type,
                      const ProtobufCMessage *req, hr_arena_t *arena, hr_rc_t want,
                      const char *says);
// The workflow call (its reply of reply_desc) is refused with want; the English message holds
// `says` and the Chinese one (Status.message_zh) `says_zh`.
void wfe_refused_zh(e2e_t *c, const char *user, const char *roles, const char *type,
                    const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                    hr_arena_t *arena, hr_rc_t want, const char *says, const char *says_zh);
// Attaches evidence sha (its id too) of this kind to case id as user, which must succeed.
void wfe_attach(e2e_t *c, const char *user, const char *roles, const char *id, const char *kind,
                const char *sha, hr_arena_t *arena);
// The facts an A39_1 review confirms: hiring_conditions_defined, hiring_conditions_made_known,
// failure_proven.
extern const char *const wfe_a39_1_facts[3];
// n fact confirmations for ReviewCaseRequest.facts, names[i] resting on the record sha[i]
// (arena; the strings borrowed).
Hr__Workflow__FactConfirmation **wfe_facts(const char *const *names, const char *const *sha,
                                           size_t n, hr_arena_t *arena);
// E0117's A39_1 case (manager E0101) with the hiring conditions, the rule acknowledgement and the
// assessment result attached as sha[0..2], submitted: its id (arena). At hr_review.
char *wfe_a39_1_submitted(e2e_t *c, const char *const sha[3], hr_arena_t *arena);
// HR's (E0002's) review of that case with those three facts and `reasons`: refused with `want`
// and a message holding `says` (wfe_case_refused), or with HR_OK accepted, at `prepare`.
void wfe_a39_1_review(e2e_t *c, const char *id, const char *const sha[3], const char *reasons,
                      hr_rc_t want, const char *says, hr_arena_t *arena);
// The same refused, its Chinese holding `says_zh` too (wfe_refused_zh).
void wfe_a39_1_review_zh(e2e_t *c, const char *id, const char *const sha[3], const char *reasons,
                         hr_rc_t want, const char *says, const char *says_zh, hr_arena_t *arena);
// That case reviewed lawful by E0002 (hr head) with its three facts on sha[0..2], HR's reasons
// and notice and end 2026-12-01; asserts it then stands at prepare.
void wfe_a39_1_reviewed(e2e_t *c, const char *id, const char *const sha[3], const char *reasons,
                        hr_arena_t *arena);
// The two records of an Art. 40(3) case that wfe_a40_3_review builds: the first attached as
// "other" (objective_change_major and contract_cannot_be_performed rest on it), the second as
// "feedback_talk_record" (variation_consultation_failed).
#define WFE_A40_3_SHA_OTHER "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define WFE_A40_3_SHA_TALK "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
// employee's Art. 40(3) case opened by manager with those two records attached and submitted
// (which must be accepted), then HR's (E0002's) review with the three facts proven, on the terms
// the caller set in rv (notice and effective dates, pay in lieu; the case, reasons and facts are
// filled in here). The review's reply, accepted or not (arena).
Hr__Workflow__CaseReply *wfe_a40_3_review(e2e_t *c, const char *manager, const char *employee,
                                          Hr__Workflow__ReviewCaseRequest *rv, hr_arena_t *arena);
// HR (E0003) prepares case id's interview for date 10:00 in the 3F meeting room, and every
// daemon's clock moves to 11:00 that day: the interview has been held, to be confirmed.
void wfe_interview_held(e2e_t *c, const char *id, const char *date, hr_arena_t *arena);
// The leaver tests' start: the clock at 2026-12-01 09:00, the demo directory imported, E0117's
// A39_1 case submitted with three records (ids 1...1, 2...2, 3...3: wfe_a39_1_submitted) and
// reviewed lawful (wfe_a39_1_reviewed). Its id (arena).
char *wfe_a39_1_reviewed_demo(e2e_t *c, hr_arena_t *arena);
// The demo company imported on 2026-12-01 and E0117's A39_1 case taken to its outcome: facts on
// sha[0..2] reviewed (notice 2026-12-01, contract ending `effective`), the interview held and
// confirmed, the notice letter sha[3] served on 2026-12-01 with that effective date. The case
// stands at close (the Art. 50 duties dated from `effective`); its id (arena).
char *wfe_a39_1_at_close(e2e_t *c, const char *const sha[4], const char *effective,
                         hr_arena_t *arena);
// Puts text into hr-evidence as a feedback talk record of case_id (hrctl evidence put, as the
// operator), which must succeed: its id (arena).
char *wfe_put_talk(e2e_t *c, const char *case_id, const char *text, hr_arena_t *arena);
// Signs evidence id as user (an employee), waiting (real time, a few seconds at most) until
// hr-evidence has learnt the case's people from the workflow; it must succeed.
void wfe_sign(e2e_t *c, const char *user, const char *id, hr_arena_t *arena);
// The demo template's company rule for A40_2, the lawful way: n feedback talk records about the
// case put into hr-evidence, attached by its manager, the first nsigned of them signed by its
// employee. Needs hr-workflow and hr-evidence. Their ids, NULL-terminated (arena).
char **wfe_talks(e2e_t *c, const Hr__Workflow__Case *cs, size_t n, size_t nsigned,
                 hr_arena_t *arena);
// Copies the repository's document templates (deploy/config/documents) into dir, which it
// creates, but for the one named skip (none when NULL).
void wfe_copy_documents(const char *dir, const char *skip);
// Before the workflow starts, for a test that renders letters: the document templates copied to
// <test dir>/documents (documents/dir) and the demo company's name and address (company/name,
// company/address).
void wfe_config_documents(e2e_t *c);
// Fails unless text holds part; what names the text.
void wfe_has(const char *what, const char *text, const char *part);
// How many history entries of the case are of this action.
size_t wfe_history_count(const Hr__Workflow__Case *cs, const char *action);
// The case's step with this key; fails when there is none.
const Hr__Workflow__CaseStep *wfe_step(const Hr__Workflow__Case *cs, const char *key);
// The key of the case's current step, "-" when it is past the last one.
const char *wfe_current_step(const Hr__Workflow__CaseReply *rep);
// Sets every daemon's clock to date hh:00 local, wherever it was (earlier or later).
void wfe_clock_to(e2e_t *c, const char *date, int hh, hr_arena_t *arena);

// Imports the demo's rows (deploy/demo/people.csv) of the n employee numbers in who, each with
// the manager beside it in managers instead of its own: the directory moves people around.
// Fails the test on any row error.
void wfe_import_managers(e2e_t *c, const char *const *who, const char *const *managers, size_t n,
                         hr_arena_t *arena);

// Who the outbox told of template_id on case_id, " E0100 E0001 ..." in order (arena): each send's
// `to`, and its `cc` too when with_cc.
char *wfe_told(e2e_t *c, const char *case_id, const char *template_id, bool with_cc,
               hr_arena_t *arena);
// Whether `no` is one of wfe_told's numbers.
bool wfe_told_to(const char *told, const char *no);
// Imports the demo's row of employee_no (deploy/demo/people.csv) with a left_date cell `left`.
void wfe_import_left(e2e_t *c, const char *employee_no, const char *left, hr_arena_t *arena);

// Waits (real time, at most timeout_ms, polling) until case_id's manager is manager_no, the tick
// having handed it on; fails the test when it is not by then. The case as last read (arena).
// The count of workflow events hr-evidence has applied (its sys.Status
// `workflow_events_applied`); wfe_evidence_wait_applied polls (real time, at most 20 s) until it
// is at least want and returns the count seen last. hr-evidence polls the workflow's log when no
// hint reaches it: a test that needs an event applied waits for it so.
uint64_t wfe_evidence_applied(e2e_t *c, hr_arena_t *arena);
uint64_t wfe_evidence_wait_applied(e2e_t *c, uint64_t want, hr_arena_t *arena);
Hr__Workflow__Case *wfe_wait_manager(e2e_t *c, const char *case_id, const char *manager_no,
                                     int timeout_ms, hr_arena_t *arena);
// Sleeps long enough for the daemons' 1 s tick to run at least twice (after a clock move or a
// restart, for what must not happen to have had its chance).
#define WFE_SETTLE_MS 2500
void wfe_let_tick(void);

// An A41 case's records: the layoff plan, roster, the union told, opinions, the bureau's
// receipt, the priority review and the union's receipt (ids a1...0 to a7...0, NULL-ended), and
// the six facts they prove in the review (wfe_facts over the first six ids).
extern const char *const wfe_a41_sha[8];
extern const char *const wfe_a41_facts[6];
// E0101 opens an A41 case of employee, attaches the seven records (the two receipts as
// union_notice, the others as other) and submits it, which must be accepted: its id (arena).
char *wfe_a41_submitted(e2e_t *c, const char *employee, hr_arena_t *arena);

#endif
