/*  wf.h - the one header hr-workflow's files include.
 *
 *  Layers (STYLE.md 2): wf_server (loop, routes, tick) -> wf_handlers (one function per route)
 *  -> wf_store (the only file that knows db names and key layouts) and the pure domain files:
 *  wf_steps (case state machine), wf_deadline (due dates, escalation decisions), wf_template
 *  (template text), wf_csv and wf_directory (imports and directory checks), wf_review (the
 *  bridge to hr_law), wf_auth (who may see and do what), wf_document (the closing documents).
 *  Domain files never read a clock, do I/O or touch LMDB; they take now_ms and the calendar as
 *  arguments.
 */
#ifndef WF_H
#define WF_H

#include "hr.h"
#include "hr_calendar.h"
#include "analytics.pb-c.h"
#include "law.h"
#include "notify.pb-c.h"
#include "sys.pb-c.h"
#include "workflow.pb-c.h"

// ---------------------------------------------------------------------------------------------
// Limits (every buffer that grows from input has a cap)

#define WF_CSV_MAX_BYTES (16 * 1024 * 1024) // an imported file, after decoding
#define WF_CSV_MAX_ROWS 100000              // data rows in one import
#define WF_CSV_MAX_FIELDS 64                // columns in a row
#define WF_CSV_MAX_FIELD 4096               // bytes in one field
#define WF_IMPORT_MAX_ERRORS 500            // row errors reported (the rest are counted)
#define WF_IMPORT_MAX_NOTICES 100           // cases an import concerns, listed
#define WF_IMPORT_MAX_STATUS_NOTICES 200    // protected-status changes an import lists
// An import's notices: the cases it concerns, its status changes, the cases a new protection
// concerns, each with a line saying how many more.
// And one line naming the people the file leaves out (at most WF_IMPORT_MAX_MISSING of them).
#define WF_IMPORT_NOTICES_CAP (2 * WF_IMPORT_MAX_NOTICES + WF_IMPORT_MAX_STATUS_NOTICES + 4)
#define WF_IMPORT_MAX_MISSING 20 // people named in the notice of those a file leaves out
#define WF_KEY_MAX 64            // employee_no, department id, template id, step key
#define WF_SHORT_MAX 256         // names, emails, places, titles
#define WF_ID_NO_MIN 6           // an identity document number (people.csv id_no): shortest
#define WF_ID_NO_MAX 32          // and longest
#define WF_TEXT_MAX 4000         // reason, notes
#define WF_LIST_MAX 64           // tags, roles, statuses per person
#define WF_RECONCILE_EVERY_MS (60 * 60 * 1000) // the due index checked against the cases
#define WF_CHAIN_MAX 32                        // levels followed up a reporting line
#define WF_PEOPLE_MAX 200000                   // people held by one directory
#define WF_ROLES_EVENT_MAX 1000                // people in one workflow.RolesChanged event
#define WF_TEMPLATE_TEXT_MAX 65536             // a template file
#define WF_TEMPLATE_MAX_STEPS 32               // steps (stages and duties) in a template
#define WF_TEMPLATE_MAX_RULES 32               // company evidence rules in a template
#define WF_PERIOD_MAX_HOURS 8760               // a step's due period: at most a year
#define WF_PERIOD_MAX_DAYS 750                 // working days (retention spans two years)
#define WF_CASE_MAX_EVIDENCE 200               // evidence items attached to one case
#define WF_CASE_MAX_HISTORY 2000               // history entries kept in one case
#define WF_CASE_MAX_FACTS 64                   // fact confirmations in one review
#define WF_LIST_DEFAULT 100                    // ListCases default page
#define WF_LIST_LIMIT 1000                     // ListCases / ListOutbox largest page
#define WF_PEOPLE_LIST_DEFAULT 500
#define WF_PEOPLE_LIST_LIMIT 5000
#define WF_TICK_BATCH 64    // due rows collected per scan
#define WF_TICK_BUDGET_MS 5 // time the tick may spend before the loop polls again
#define WF_DEFAULT_TEMPLATE "default"
#define WF_CASE_MAX_FAILED 200  // failed reminders kept on one case (oldest dropped)
#define WF_REASON_MAX 512       // bytes of notify's reason kept and forwarded
#define WF_NOTICE_DAYS 30       // planned effective date when HR gives none (Art. 40 notice)
#define WF_CASE_MAX_READS 10000 // reads kept in one case's read log (the oldest dropped)
#define WF_LISTS_MAX 100000     // case lists kept in the lists' log (the oldest dropped)
#define WF_READS_DEFAULT 100    // ListCaseReads default page
#define WF_READS_LIMIT 1000     // ListCaseReads largest page

// Step keys the service knows by name (a template may add duties, never other stages).
#define WF_STEP_REQUEST "request"
#define WF_STEP_HR_REVIEW "hr_review"
#define WF_STEP_SUPERIOR "superior_approval"
#define WF_STEP_PREPARE "prepare"
#define WF_STEP_INTERVIEW "interview"
#define WF_STEP_OUTCOME "outcome"
#define WF_STEP_CLOSE "close"
#define WF_DUTY_CERTIFICATE "certificate"
#define WF_DUTY_TRANSFER "transfer"
#define WF_DUTY_RETENTION "retention"
// A company's duty the template may add (duty = yes) for the work handover: the day it is done
// is the day the severance falls due (LCL Art. 50 para 2), which the pay statement states.
#define WF_DUTY_HANDOVER "handover"
// Dispute.result for an award or judgment ordering the contract to continue (LCL Art. 48).
#define WF_REINSTATED "reinstated"

// hr.notify.Channel and Priority values (proto/hr/notify.proto on branch notify).
#define WF_CHANNEL_EMAIL 1
#define WF_CHANNEL_SMS 2
#define WF_PRIORITY_HIGH 3

// Notification templates (notify.Send template_id).
#define WF_TPL_STEP_ASSIGNED "step_assigned"
#define WF_TPL_DUE_SOON "due_soon"
#define WF_TPL_OVERDUE_1 "overdue_1" // notify's name (the brief said overdue_level1)
#define WF_TPL_OVERDUE_2 "overdue_2" // notify's name (the brief said overdue_level2)
#define WF_TPL_CASE_RETURNED "case_returned"
#define WF_TPL_INTERVIEW "interview_scheduled"
#define WF_TPL_OUTCOME "outcome_ready"
#define WF_TPL_DELIVERY_FAILED "delivery_failed"   // to the HR head: a reminder did not arrive
#define WF_TPL_DELIVERY_UNKNOWN "delivery_unknown" // to the HR head: it may or may not have
// A rescission told to the employee, the manager and HR, with `documents` saying what follows.
#define WF_TPL_RESCINDED "case_rescinded"
#define WF_TPL_CONTINUES "employment_continues" // to the employee: the rescission, privately
// A reinstatement (an award ordering the contract to continue, LCL Art. 48) told to the manager
// and HR, with `documents` saying what is each one's to do; to the employee privately.
#define WF_TPL_REINSTATED "case_reinstated"
#define WF_TPL_REINSTATED_EMPLOYEE "employment_reinstated"
// That reinstatement set aside by a later judgment (LDML Art. 50): the same three told, the
// judgment's day and reference and that the termination stands; to the employee privately.
#define WF_TPL_SET_ASIDE "case_reinstatement_set_aside"
#define WF_TPL_SET_ASIDE_EMPLOYEE "employment_reinstatement_set_aside"
// A withdrawal told to HR, the approving superior and whoever was invited to the interview.
#define WF_TPL_WITHDRAWN "case_withdrawn"
// A return for a statutory protection no evidence can cure: to the manager and HR, once.
#define WF_TPL_BLOCKED "case_blocked"
// The same for a protection that lasts until the retirement age (LCL 42(5)): withdraw, not wait.
#define WF_TPL_BLOCKED_LASTING "case_blocked_lasting"
#define WF_TPL_PROTECTION "protection_recorded" // to HR: an Art. 42 status since the review
// To HR: the system handed on what someone who left held (wf_handover_leaver).
#define WF_TPL_HANDED_ON "case_handed_on"
#define WF_TPL_UNION_NOTICE "union_notice" // to the union's people: a rescission's reasons (LCL 43)
#define WF_TPL_PAYMENT_DUE "payment_due"   // to the payroll office: an outcome fixes money to pay
// To the payroll office: what a case owes changed since payment_due (rescinded, reinstated, the
// reinstatement set aside), the amounts before and after.
#define WF_TPL_PAYMENT_CHANGED "payment_changed"
// To the employee concerned, about the meeting only (never the case, its ground or the word
// dismissal): invited to it, told it moved, told it is off (wf_effects_interview_told).
#define WF_TPL_INVITE "interview_invite"
#define WF_TPL_INVITE_MOVED "interview_moved"
#define WF_TPL_INVITE_CANCELLED "interview_cancelled"
// To the employee concerned, once the case ends (wf_effects_employee_ended): the ending, the
// contract's last day, the notice served, the money and when, the certificate; each payment to
// them recorded (wf_effects_employee_paid); the transfer of their file and social insurance
// recorded done (wf_effects_employee_transferred); a payment to them reversed (a correction:
// wf_effects_employee_paid); the certificate of the ending recorded issued
// (wf_effects_employee_certified).
#define WF_TPL_EMPLOYMENT_ENDED "employment_ended"
#define WF_TPL_PAYMENT_MADE "payment_made"
#define WF_TPL_PAYMENT_REVERSED "payment_reversed"
#define WF_TPL_TRANSFER_DONE "transfer_done"
#define WF_TPL_CERTIFICATE_ISSUED "certificate_issued"

// ---------------------------------------------------------------------------------------------
// wf_template: templates as data (pure)

// Parses a template file's text into *out (arena memory). Returns HR_OK, or HR_EINVAL with one
// line per problem appended to errors ("line 12: owner: unknown role 'boss'"; arena strings,
// at most max_errors kept, *nerrors counts them all).
hr_rc_t wf_template_parse(const char *text, size_t len, hr_arena_t *arena,
                          Hr__Workflow__Template **out, char **errors, size_t max_errors,
                          size_t *nerrors);
// Which version of a stored template this is, as a case records it (Case.template_version):
// "put by E0002 2026-11-29T04:00:00.000Z" (HR's PutTemplate), "file sha256 1a2b3c4d5e6f" (seeded
// from the configured file), "" when neither is known (stored before they were). Arena.
char *wf_template_version(const Hr__Workflow__Template *tpl, hr_arena_t *arena);
// True when the template step is left out of a case on ground (its skip_grounds names it).
bool wf_step_def_skips(const Hr__Workflow__StepDef *st, const char *ground);
// Index of the step with this key in the template, or -1.
int wf_template_step_index(const Hr__Workflow__Template *tpl, const char *key);
// Role name for an owner ("manager") and back; NULL / false when unknown.
const char *wf_owner_name(Hr__Workflow__Owner owner);
bool wf_owner_parse(const char *name, Hr__Workflow__Owner *out);

// ---------------------------------------------------------------------------------------------
// wf_deadline: due dates and escalation decisions (pure)

typedef struct {
    const hr_calendar_t *cal; // borrowed: the company calendar
    int tz_offset_min;        // display and working-day zone (Asia/Shanghai = 480)
} wf_time_t;

// The deadline of a period started at start_ms: hours are wall-clock hours; working days end
// at local midnight after the nth working day following the start day. 0 for an empty period.
int64_t wf_deadline_after(const wf_time_t *t, int64_t start_ms, const Hr__Workflow__Period *p);
// When level 2 fires for a step due at due_ms: the level-2 period counted from the deadline
// (working days from the day the deadline fell in). 0 when the period is empty.
int64_t wf_deadline_level2(const wf_time_t *t, int64_t due_ms, const Hr__Workflow__Period *p);
// UTC ms of local midnight ending the civil day `day` (the deadline of a dated duty).
int64_t wf_deadline_end_of_day(const wf_time_t *t, int32_t day);
// Whether day (written `date`) is no working day in the company calendar - a Saturday or Sunday
// it does not make a working day, or a holiday - and, when so, the warning for an interview set
// on it, in Chinese and English (arena memory) in *zh and *en. A warning, never a refusal: an
// interview may have to be held then.
bool wf_deadline_rest_day(const wf_time_t *t, int32_t day, const char *date, hr_arena_t *arena,
                          const char **zh, const char **en);
// Whether day (written `date`) lies in a year the company calendar does not declare (no `year`
// line: the State Council's notice for it is not in the file) while the calendar has it as a
// working day, and, when so, the warning for an interview set on it (INTERVIEW_YEAR_NOT_DECLARED,
// Chinese and English in *zh and *en, arena memory): the notice's bridge days off and adjusted
// working days are unknown, so the day may yet be a day off. A day already off is warned of by
// wf_deadline_rest_day instead.
bool wf_deadline_year_unknown(const wf_time_t *t, int32_t day, const char *date, hr_arena_t *arena,
                              const char **zh, const char **en);

// What is known of a day as the last day of a period (Civil Code Art. 203). In a year the
// calendar declares, what it says. In a year it does not: a statutory holiday is off; a day more
// than WF_NOTICE_REACH_DAYS from every statutory holiday the calendar lists follows the week
// (the yearly notice moves days only around its holidays); any other day - where a notice puts
// its bridge days off and its adjusted working days - is unsure, and so is every day of a year
// whose statutory holidays are not listed. NULL cal: the week alone, sure.
typedef enum {
    WF_DAY_SURE_WORKING,
    WF_DAY_SURE_OFF,
    WF_DAY_UNSURE,
} wf_day_sure_t;
// 2025 and 2026's notices: a bridge day off at most 4 days from a statutory holiday, an adjusted
// working day at most 9 (2026-02-28, nine days after 正月初三); one day's margin.
#define WF_NOTICE_REACH_DAYS 10
// The longest run of days off a notice has given (2026's 春节, 2月15日至23日): a filing more days
// than this after the limit's last day is late whatever an unpublished notice says.
#define WF_DAYS_OFF_RUN_MAX 9
wf_day_sure_t wf_deadline_day_sure(const hr_calendar_t *cal, int32_t day);
// The first year of the days from `from` to `to` (both included) that cal does not declare, 0
// when it declares them all (or cal is NULL, or to < from): a date counted over those days may
// move once the year's notice is added.
int wf_deadline_undeclared_year(const hr_calendar_t *cal, int32_t from, int32_t to);
// Sets st's reply-only due_year_undeclared (wf_deadline_undeclared_year over the days from its
// start to its deadline's last day) and due_year_statutory_known, for an active step counted in
// working days or the interview stage (not a duty dated by statute, not an hours period);
// clears them otherwise.
void wf_deadline_mark_undeclared(const wf_time_t *t, Hr__Workflow__CaseStep *st);
// When the owner is told a step is due soon: WF_REMIND_LEAD_MS before due_ms, or half-way when
// the period is shorter than twice that, moved out of the night (22:00-08:00 local) and off
// rest days to the next working 08:00. When that is at or after the deadline (a deadline on a
// rest day, or before 08:00): the last working 08:00 before the deadline, or, when the step
// started after that, at once (at 08:00 if it started in the night). 0 without a deadline, or
// when even that would be at or after it.
int64_t wf_deadline_remind(const wf_time_t *t, int64_t started_ms, int64_t due_ms);
// at_ms moved into working hours: a time from 22:00 to 08:00 local, or on a day the calendar
// says is not a working day, becomes 08:00 of the next working day (of that day when it is one
// and the time is before 08:00); 0 stays 0. Nobody is texted at night or on a holiday: a
// working-day deadline ends at midnight, so its level 1 goes at 08:00 that morning - or on
// Monday for Friday's (the step is overdue from midnight all the same).
int64_t wf_deadline_daytime(const wf_time_t *t, int64_t at_ms);
// When the level after `level` fires, for a step due at due_ms with the template's period p
// (level2_after) and `level` firing at level_ms (its time out of the night): the next level's
// calendar time - one period after the level's own calendar time, level 1's being the deadline -
// or one period after level_ms, whichever is later, moved out of the night. 0 without p.
int64_t wf_deadline_next_level(const wf_time_t *t, int64_t due_ms, const Hr__Workflow__Period *p,
                               unsigned level, int64_t level_ms);
#define WF_REMIND_LEAD_MS (24 * HR_HOUR_MS)
#define WF_REMIND_FROM_MS (8 * HR_HOUR_MS)   // local time of day reminders start
#define WF_REMIND_UNTIL_MS (22 * HR_HOUR_MS) // ... and stop
// What must fire for this step at now_ms: 0 nothing, WF_DUE_SOON the reminder, 1, 2, 3 ... the
// escalation levels. Each fires only when the step is active, its time has come, and it has
// not fired before; each level only after the one below; the reminder only before the deadline.
#define WF_DUE_SOON 100u
// The reminder's time passed with the deadline (downtime, a clock jump) while level 1 waits for
// the morning: the reminder is marked skipped, so the due index moves on to level 1.
#define WF_REMIND_PASSED 101u
unsigned wf_escalation_due(const Hr__Workflow__CaseStep *step, int64_t now_ms);
// When the step's next reminder or escalation fires (what the due index holds), 0 when
// nothing is left.
int64_t wf_escalation_next_ms(const Hr__Workflow__CaseStep *step);

// Recipients of an escalation, as employee_nos: level 1 goes to the owner with the owner's
// manager in copy; level 2 to the owner's manager's manager and the HR head, with the owner
// and the owner's manager in copy; each level n above goes one step further up, to the n-th
// manager of the line, with the owner, everyone below them on the line and the HR head in copy.
// chain[0] is the owner's manager, chain[1] theirs, and so on (nchain entries). Empty and
// repeated numbers are left out; nobody in to when the line has no one that high. Every level
// above 1 addresses someone above the owner, never the owner: on a line one long level 2 goes to
// its top (the superior); an owner at the top has the HR head in copy at level 1 and in to at
// level 2; an HR head who owns the step is not their own escalation (they climb their line).
#define WF_ESCALATION_MAX WF_CHAIN_MAX // the highest level: the top of the longest line
typedef struct {
    const char *to[2];                // borrowed employee numbers
    size_t nto;                       // entries used in to
    const char *cc[WF_CHAIN_MAX + 2]; // borrowed employee numbers
    size_t ncc;                       // entries used in cc
} wf_recipients_t;
void wf_escalation_recipients(unsigned level, const char *owner_no, const char *const *chain,
                              size_t nchain, const char *hr_head_no, wf_recipients_t *out);
// The same, with the escalation contact (config escalation/contact, "" or NULL: none) at the end
// of the ladder: the first level above 1 that addresses nobody - the owner's line and the HR head
// run out - goes to the contact, with the owner, the whole line and the HR head in copy, unless
// the contact is the owner or was addressed by the level below (never twice in a row); later
// levels address nobody again. True when the contact was put in to this way.
bool wf_escalation_recipients_end(unsigned level, const char *owner_no, const char *const *chain,
                                  size_t nchain, const char *hr_head_no, const char *contact_no,
                                  wf_recipients_t *out);

// ---------------------------------------------------------------------------------------------
// wf_owner: who owns a case's steps and hears of them, to whom a case is handed (pure)

// Drops employee_no from list[0..n) in place (the case's employee is passed over: the next one
// up a line takes their place); the entries left. Nothing when employee_no is "" or NULL.
size_t wf_owner_pass_over(const char **list, size_t n, const char *employee_no);
// Whether the directory gives p hr or hr_head (false for NULL).
bool wf_owner_is_hr(const Hr__Workflow__Person *p);
// Why `to` may not become the manager of employee_no's case, or NULL when they may: never the
// employee, never the employee of an open case (open_case: its id, "" when none), and a superior
// of the employee - in line[0..nline), the employee's reporting line as the directory stands -
// or, when the employee has nobody above them, an HR person. Arena text starting "manager_no: ";
// *zh (may be NULL) the same in Chinese, NULL when the English is.
const char *wf_owner_reassign_why(const char *employee_no, const Hr__Workflow__Person *to,
                                  const char *const *line, size_t nline, const char *open_case,
                                  hr_arena_t *arena, const char **zh);
// A step that changed owner starts its ladder again from now_ms: level 0, a new reminder, and -
// unless the law dates it (due_date set: the deadline stays) - a fresh period from now_ms, never
// earlier than the deadline it had; the interview stage not before the working day after
// *interview_day (NULL: none scheduled). Level 1 of a deadline already past fires at once (out of
// the night), the next a full period later. A step without a deadline, or not active, is left.
// The case's manager changed from previous_no to c->manager_no: an interview confirmation the
// replaced manager gave lapses (the one attending is the new manager, who confirms for
// themselves). Whether one did.
bool wf_owner_manager_replaced(Hr__Workflow__Case *c, const char *previous_no);
void wf_owner_handed_on(Hr__Workflow__CaseStep *st, const int32_t *interview_day,
                        const wf_time_t *t, int64_t now_ms);
// s without leading and trailing white space (ASCII, U+00A0, U+3000), in arena; "" for NULL. A
// required text that trims to "" was not given.
char *wf_text_trim(hr_arena_t *arena, const char *s);

// ---------------------------------------------------------------------------------------------
// wf_failed: what a notify.DeliveryFailed means for the workflow (pure)

#define WF_ALERT_SKIP_LOOP "alert_failed"     // the failed message was itself an alert
#define WF_ALERT_SKIP_NO_HR_HEAD "no_hr_head" // nobody holds hr_head (or hr)
#define WF_ALERT_SKIP_DROPPED "dropped"       // the operator dropped it: deliberate, not news

typedef struct {
    bool record;                 // it belongs to case_id: record it there
    char case_id[HR_ID_LEN + 1]; // "" when the failure belongs to no case
    char step[WF_KEY_MAX + 1];   // the step it was about, "" when unknown
    bool alert;                  // tell the HR head
    int alert_channel;           // WF_CHANNEL_SMS when email failed, else WF_CHANNEL_EMAIL
    const char *skip;            // static: why there is no alert (WF_ALERT_SKIP_*), or NULL
} wf_failure_t;

// Decides from the event's fields: the case is case_id when it is a case id, else the first
// field of correlation_id (ours: case:step:template:level:version); the step comes from the
// correlation id when it names that case. No alert for a failed delivery_failed message (never
// loops) or when hr_head_no is empty; otherwise the alert goes on another channel than
// `channel` (hr.notify.Channel).
void wf_failure_decide(const char *case_id, const char *correlation_id, const char *template_id,
                       int channel, const char *hr_head_no, wf_failure_t *out);
// "email", "sms", ... for an hr.notify.Channel value; "unknown" out of range.
const char *wf_channel_name(int channel);

// ---------------------------------------------------------------------------------------------
// wf_steps: the case state machine (pure)

typedef enum {
    WF_ACT_ATTACH,            // attach an evidence reference
    WF_ACT_SUBMIT,            // the manager submits the request
    WF_ACT_REVIEW_PASS,       // HR review: lawful
    WF_ACT_REVIEW_RETURN,     // HR review: block findings, back to the manager
    WF_ACT_APPROVE,           // superior approves
    WF_ACT_REJECT,            // superior sends it back
    WF_ACT_PREPARE,           // HR fixes (or, at the interview, moves) its date and place
    WF_ACT_INTERVIEW_CONFIRM, // one side confirms attendance (stays until both have)
    WF_ACT_INTERVIEW_DONE,    // both confirmed: the interview step completes
    WF_ACT_OUTCOME,           // agreement signed or notice served
    WF_ACT_CLOSE,             // close: Art. 50 duties start
    WF_ACT_WITHDRAW,          // the initiator withdraws
    WF_ACT_DUTY_DONE,         // an Art. 50 duty done
    WF_ACT_DISPUTE,           // dispute follow-up recorded
    WF_ACT_REASSIGN,          // HR hands the case or its open steps to someone else
    WF_ACT_RESCIND,    // the notice revoked with the employee's agreement (after the outcome)
    WF_ACT_RETEMPLATE, // HR changes the case's template (at HR review only)
    WF_ACT_COUNT
} wf_action_t;

typedef enum {
    WF_MOVE_STAY,     // the case stays where it is
    WF_MOVE_NEXT,     // the current stage is done; the next one starts
    WF_MOVE_RETURN,   // back to the request stage
    WF_MOVE_CLOSE,    // the case closes; duties start
    WF_MOVE_WITHDRAW, // the case ends without an outcome
    WF_MOVE_RESCIND,  // the case ends as rescinded: every open stage and duty is cancelled
} wf_move_t;

// Stable names ("submit", "next") for history and messages.
const char *wf_action_name(wf_action_t act);
const char *wf_move_name(wf_move_t move);
// What act does, in words for a message ("record the HR review's result"): never the id.
const char *wf_action_words(wf_action_t act);
// The same in Chinese ("记录 HR 审核结果"), for the Chinese line of a refusal.
const char *wf_action_words_zh(wf_action_t act);
// What moves case c on from where it stands, for a refusal to end with: who does it (the
// stage's owner when the case knows them) and the hrctl command, in English (*en) and Chinese
// (*zh), arena strings. A case no longer open: what is left of it (closed), or a new case
// (withdrawn, rescinded).
void wf_steps_next(const Hr__Workflow__Case *c, hr_arena_t *arena, char **en, char **zh);
// Whether act is allowed with the case in state at the stage `step` (its key). HR_OK with
// *move set, or HR_ECONFLICT when the table has no row for it.
hr_rc_t wf_steps_decide(Hr__Workflow__CaseState state, const char *step, wf_action_t act,
                        wf_move_t *move);
// Instantiates the template's steps in c (arena memory) and activates the first stage at
// now_ms: every step but those whose skip_grounds name c->ground (set it first). Owners are not
// resolved (owner_no stays "").
void wf_steps_init(Hr__Workflow__Case *c, const Hr__Workflow__Template *tpl, hr_arena_t *arena,
                   const wf_time_t *t, int64_t now_ms);
// Case c, at its hr_review stage, follows tpl from now_ms on (SetCaseTemplate): its steps become
// tpl's (less those whose skip_grounds name c->ground); a stage before hr_review keeps what the
// case recorded for the same key (done), one the case never had is skipped; hr_review keeps
// its owner and what the case recorded, takes tpl's titles and periods and starts its deadline,
// reminder and escalation ladder again from now_ms; every stage after it and every duty is
// tpl's, pending. Arena memory. false, c untouched, when c is not open at hr_review or tpl
// has no hr_review stage for c->ground.
bool wf_steps_retemplate(Hr__Workflow__Case *c, const Hr__Workflow__Template *tpl,
                         hr_arena_t *arena, const wf_time_t *t, int64_t now_ms);
// The active stage, or NULL when the case is not open.
Hr__Workflow__CaseStep *wf_steps_current(const Hr__Workflow__Case *c);
// Applies a move decided by wf_steps_decide: completes the current stage (by, now_ms), and
// activates the next stage (skipping optional ones the case did not ask for), or the request
// stage again (RETURN), or closes (CLOSE: duties activate) or withdraws, or rescinds (RESCIND:
// every active or pending step, duties included, is cancelled - not done). Returns the index of
// the newly active step, or -1 when none became active. done (may be NULL) gets a copy of the
// stage this move completed as it was completed - started_ms, due_ms, done_ms, done_by - taken
// before a RETURN resets it to pending with the other stages (its StepCompleted and its lateness
// come from this copy, never from the reset step); key "" when the move completed none (STAY,
// WITHDRAW, RESCIND).
// Cancels every Art. 50 duty of c not done yet (active or pending: no reminder, no due row after
// the case is stored; a duty done stays done), by `by` at now_ms; returns their keys
// ("certificate, transfer"; "" = none), arena. For a termination an award set aside.
char *wf_steps_cancel_duties(Hr__Workflow__Case *c, const char *by, hr_arena_t *arena,
                             int64_t now_ms);
// The duties wf_steps_cancel_duties cancelled at cancelled_ms (a reinstatement, since set aside
// by a judgment of from_day) owed again: active, the statutory ones dated from from_day as at a
// close (certificate that day, transfer within 15 days, records kept two years: never earlier than
// the original end would give), a company duty its own period from now_ms; the escalation
// ladder anew. A duty done or cancelled otherwise stays as it is. Returns "certificate (due
// 2027-03-02), transfer (due ...)" ("" = none), arena.
char *wf_steps_rearm_duties(Hr__Workflow__Case *c, int64_t cancelled_ms, int32_t from_day,
                            hr_arena_t *arena, const wf_time_t *t, int64_t now_ms);
int wf_steps_apply(Hr__Workflow__Case *c, wf_move_t move, const char *by, hr_arena_t *arena,
                   const wf_time_t *t, int64_t now_ms, Hr__Workflow__CaseStep *done);
// Dates the Art. 50 duties: certificate on the effective day, transfer within 15 days, records
// kept until the retention date (LCL Art. 50); the last two as Civil Code Art. 203 counts a
// period on t's calendar - the transfer's end never later than it may be
// (wf_doc_period_end_earliest), the records' never earlier (wf_doc_period_end_latest).
void wf_steps_date_duties(Hr__Workflow__Case *c, int32_t effective_day, hr_arena_t *arena,
                          const wf_time_t *t);
// Dates the interview stage by its interview, on every prepare: due at the later of the stage's
// own period (from when it started) and the end of the working day after the interview's day -
// an interview set weeks ahead is not overdue before it is held, one brought forward is due
// by it again. A deadline still ahead starts the escalation ladder anew. Only an active stage.
void wf_steps_date_interview(Hr__Workflow__CaseStep *st, int32_t interview_day, const wf_time_t *t,
                             int64_t now_ms);
// An active step with a deadline that cannot be met before from_ms (a request returned because
// the ground is barred in probation, LCL 21: nothing can be done before it ends): its own period
// counted from from_ms instead (later only), the ladder anew. No deadline, none made up.
void wf_steps_defer(Hr__Workflow__CaseStep *st, const wf_time_t *t, int64_t from_ms,
                    int64_t now_ms);
// A step whose deadline a legal protection held (Case.protection_held_ms: wf_tell_block_step)
// dated again when it ends: its own period from now_ms, the ladder from its start (no level sent
// while held counts). A step with no period stays without one. Only an active step.
void wf_steps_resume(Hr__Workflow__CaseStep *st, const wf_time_t *t, int64_t now_ms);
// Dates an active step again on the calendar of t, later only (at start-up, wf_server: a calendar
// that gained a year's notice, or a holiday, since the step was dated): a step counted in working
// days (its own period from its start; not a duty dated by statute, due_date) and the interview
// stage (interview_day >= 0: wf_steps_date_interview's rule). When that gives a later deadline
// than the step has, the step takes it as wf_steps_date_interview does (a deadline still ahead
// starts the ladder anew); when only level 2 comes later (its level2_after in working days, level
// 2 not sent), level 2 moves. Never earlier. True when the step changed.
bool wf_steps_redate(Hr__Workflow__CaseStep *st, int32_t interview_day, const wf_time_t *t,
                     int64_t now_ms);
// Dates an active duty dated by statute (transfer, retention; wf_steps_date_duties' rule, from
// effective_day) again on the calendar of t, later only, at start-up (wf_server): a transfer
// dated on the earliest end a year's unpublished notice could give moves to the day the notice,
// once in the calendar, makes it (Civil Code Art. 203). A deadline still ahead starts the ladder
// anew, as wf_steps_redate. Never earlier: the records are never kept less. due_date in arena.
// True when the step changed.
bool wf_steps_redate_duty(Hr__Workflow__CaseStep *st, int32_t effective_day, const wf_time_t *t,
                          int64_t now_ms, hr_arena_t *arena);
// True for the retention duty (contract text kept two years, LCL Art. 50): fulfilled by its day
// passing, never done by hand before it, never reminded of or escalated.
bool wf_steps_is_retention(const Hr__Workflow__CaseStep *st);
// The end of the day c's records must be kept until: its retention duty's due time, dated by
// statute from the contract's end (wf_steps_date_duties: two years as Civil Code Arts. 201-203
// count them, past rest days and holidays) - whether still active or fulfilled. 0 when the case
// has no such dated duty (no outcome yet, a company template without it) or it was cancelled or
// skipped. hr-evidence shreds none of the case's records before it (CaseClosed.keep_until_ms).
int64_t wf_steps_keep_until_ms(const Hr__Workflow__Case *c);
// Whether a done step was done after its deadline (due_ms; never without one). A step with a
// done_date (a duty, dated by HR: the day it was done, not the day it was recorded) was done by
// the end of that day and by done_ms, whichever is earlier: a certificate issued on its due day
// and recorded two days later is not late. A date that does not parse, or none: done_ms alone.
bool wf_steps_is_late(const Hr__Workflow__CaseStep *st, const wf_time_t *t);
// Appends a history entry (arena strings copied by the caller). Keeps at most
// WF_CASE_MAX_HISTORY entries (the oldest after the first are dropped).
void wf_case_history(Hr__Workflow__Case *c, hr_arena_t *arena, int64_t now_ms, const char *actor,
                     const char *action, const char *step, const char *note, const char *msg_id);
// Why an earlier case c of the employee keeps a new case from opening on local day today, as
// "employee_no: ..." naming c (arena), or NULL: c still open (at any stage, close included);
// closed with an outcome whose contract end has passed (ended through this system) or is still
// to come (a notice served or an agreement signed, pending effect). A withdrawn or rescinded case
// keeps nothing out, nor one reinstated by an award (Case.reinstatement: the contract goes on),
// nor one whose end came before the hire date p has now (a re-hire). *zh (zh may be NULL) gets
// the same in Chinese, with what to do instead.
char *wf_case_blocks_open(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p, int32_t today,
                          hr_arena_t *arena, char **zh);
// True when the interview's slot (its date at its HH:MM, local) is still to come at now_ms
// (*start_ms, when not NULL, its UTC ms): on its day, it is not held before its hour. False
// without a date or a time that parses.
bool wf_interview_starts_after(const Hr__Workflow__Interview *iv, int64_t now_ms, int tz_offset_min,
                               int64_t *start_ms);
// True when both HR and the manager confirmed the interview.
bool wf_interview_is_complete(const Hr__Workflow__Interview *iv);
// How far ahead of today an interview may be set (config interview/horizon_days): a slot beyond
// it is refused, not left without reminders for years.
#define WF_INTERVIEW_HORIZON_DAYS 60
#define WF_INTERVIEW_HORIZON_MAX 366
#define WF_INTERVIEW_NOTICE_HOURS 24 // interview/min_notice_hours: less is warned of
#define WF_INTERVIEW_NOTICE_MAX 168
// A slot today is taken up to this long after it began (entered as the meeting starts).
#define WF_INTERVIEW_LATE_MS (15 * HR_MINUTE_MS)
// An interview starting no later than this after it is entered is not one the employee can be
// invited to (nor told it moved): they are sent nothing, HR tells them in person.
#define WF_INVITE_LEAD_MS (5 * HR_MINUTE_MS)
// True when the interview is scheduled for a day after `day` (*iv_day, when not NULL, set to
// that day): nothing the interview leads to - its confirmation as held, the outcome and the
// outcome's effective date - may be dated before it. False when no interview date is known
// (none scheduled, or a date that does not parse).
bool wf_interview_is_after(const Hr__Workflow__Interview *iv, int32_t day, int32_t *iv_day);

// ---------------------------------------------------------------------------------------------
// wf_csv and wf_directory: imports (pure)

typedef enum { WF_ENC_UTF8, WF_ENC_UTF8_BOM, WF_ENC_GB18030 } wf_encoding_t;
const char *wf_encoding_name(wf_encoding_t enc);
// Decodes an imported file to UTF-8: a BOM is removed, valid UTF-8 is kept, anything else is
// read as GB18030 (iconv). Returns HR_OK with *out (arena, NUL-terminated) and *out_len, or
// HR_EINVAL with a message in err and, when err_zh is not NULL, the same in Chinese in err_zh
// (errlen bytes too).
hr_rc_t wf_csv_decode(const uint8_t *data, size_t len, hr_arena_t *arena, char **out,
                      size_t *out_len, wf_encoding_t *enc, char *err, char *err_zh, size_t errlen);

typedef struct {
    uint32_t line;                   // line number where the row starts (1-based)
    size_t nfields;                  // fields used
    char *fields[WF_CSV_MAX_FIELDS]; // arena strings
} wf_csv_row_t;

// Splits RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, newlines inside quotes). Rows are
// arena memory. HR_EINVAL with err naming the line for an unterminated quote, a field over
// WF_CSV_MAX_FIELD, a row over WF_CSV_MAX_FIELDS or more than max_rows rows (err_zh, when not
// NULL, the same in Chinese). Blank lines are skipped.
hr_rc_t wf_csv_parse(const char *text, size_t len, hr_arena_t *arena, size_t max_rows,
                     wf_csv_row_t **rows_out, size_t *nrows_out, char *err, char *err_zh,
                     size_t errlen);

// What a column is called in Chinese in one file: the roster's own header when it used a Chinese
// one (手机号码), else the column's usual Chinese name (手机号).
typedef struct {
    const char *key; // the documented header, as wf_row_error_t.column gives it (static)
    const char *zh;  // static, or the file's header cell (arena)
} wf_col_label_t;

// One problem found in an import (line 0: about the file as a whole). The product is Chinese
// first: message_zh is the whole sentence as a Chinese HR system writes it, line and column
// included ("第12行：手机号码“12”格式不正确（...）"), beside the English message (which names
// neither: line and column are their own fields).
typedef struct {
    uint32_t line;          // 1-based line in the file, 0 for the file as a whole
    const char *column;     // static or arena
    const char *message;    // arena
    const char *column_zh;  // the column as the file named it in Chinese (wf_col_label_t)
    const char *message_zh; // arena: "" until wf_errors_zh gives it
} wf_row_error_t;

#define WF_COLS_MAX 32 // columns one import kind knows (people: 23)

typedef struct {
    wf_row_error_t *items;              // arena array of cap entries
    size_t n;                           // entries used
    size_t cap;                         // WF_IMPORT_MAX_ERRORS
    size_t total;                       // all problems found, including those not kept
    bool last_kept;                     // the last wf_errors_add was kept (wf_errors_zh)
    wf_col_label_t labels[WF_COLS_MAX]; // the file's columns in Chinese (wf_*_from_csv)
    size_t nlabels;                     // entries used in labels
} wf_errors_t;

void wf_errors_init(wf_errors_t *e, hr_arena_t *arena);
void wf_errors_add(wf_errors_t *e, hr_arena_t *arena, uint32_t line, const char *column,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
// Gives the problem wf_errors_add just added its Chinese text: "第N行：" (not for line 0), the
// column's Chinese name (wf_errors_label), then fmt's text, written to follow the name
// ("“12”格式不正确"). Nothing when that problem was not kept (past the cap).
void wf_errors_zh(wf_errors_t *e, hr_arena_t *arena, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
// The Chinese name of column in this import: the file's label for it, else the usual name of a
// column or part of the file the import speaks of (file 文件, header 表头, head_no 部门负责人,
// ...), else column itself. Static or arena; never NULL.
const char *wf_errors_label(const wf_errors_t *e, const char *column);
// Copies the column labels of `from` (the file's errors) to `to` (its warnings).
void wf_errors_labels_copy(wf_errors_t *to, const wf_errors_t *from);

// People rows read from a CSV: the person and the line it came from.
typedef struct {
    Hr__Workflow__Person *person; // arena
    uint32_t line;                // 0 for people already in the directory
    bool bad;                     // a problem was found on this row
    bool has_protected;           // the file has the protected column (else: kept as it is)
    bool has_birth_date;          // the file has the birth_date column (else: kept)
    bool has_retirement_base;     // the file has the retirement_base column (else: kept)
    bool has_left_date;           // the file has the left_date column (else: kept)
    bool has_id_no;               // the file has the id_no column (else: kept)
    bool has_branch;              // the file has the branch column (else: kept)
} wf_person_row_t;

// Reads a people CSV (header row first; columns in services/workflow/README.md) into rows.
// Problems go to errs with line numbers; a row with a problem is marked bad.
void wf_people_from_csv(const wf_csv_row_t *rows, size_t nrows, hr_arena_t *arena,
                        wf_person_row_t **out, size_t *nout, wf_errors_t *errs);
// Reads a departments CSV (id, name, head_no, parent_id).
typedef struct {
    Hr__Workflow__Department *dept; // arena
    uint32_t line;                  // where the row starts in the file
    bool bad;                       // a problem was found on this row
} wf_dept_row_t;
void wf_departments_from_csv(const wf_csv_row_t *rows, size_t nrows, hr_arena_t *arena,
                             wf_dept_row_t **out, size_t *nout, wf_errors_t *errs);

// Checks the directory as it would be after the import: `rows` (new, line > 0) over `existing`
// (the directory now): duplicate employee numbers in the file, unknown departments, unknown
// managers, reporting loops, and missing email or mobile for anyone on an escalation chain
// (anyone who manages someone, heads a department, or holds the hr / hr_head role).
// dept_known(arg, id) says whether a department exists after the import.
void wf_directory_check(wf_person_row_t *rows, size_t nrows, Hr__Workflow__Person *const *existing,
                        size_t nexisting, bool (*dept_known)(void *arg, const char *id), void *arg,
                        hr_arena_t *arena, wf_errors_t *errs);
// One email or mobile, one person, in the directory as it would be after the import (rows over
// existing): each address two people would share - email compared case-insensitively, mobile by
// its digits - is a warning on the file's row naming both employee numbers and where each is
// (line N, or in the directory); an error on each file row of the pair (row->bad) when either is
// the employee of an open case (open_case(arg, no) gives its id, NULL or "" when none): that
// case's messages would reach the other person. Pairs of people the file does not name are left
// alone. A family sharing a phone is imported, with the warning HR reads.
void wf_directory_contacts(wf_person_row_t *rows, size_t nrows,
                           Hr__Workflow__Person *const *existing, size_t nexisting,
                           const char *(*open_case)(void *arg, const char *employee_no), void *arg,
                           hr_arena_t *arena, wf_errors_t *errs, wf_errors_t *warns);
// The contract data of each row against the law and the calendar, on the company's day `today`.
// Refused (errs, the row bad) what cannot be: a contract ending before it starts, a probation
// ending before the contract (or the hire) starts or after the contract ends, a birth date after
// the hire date, a hire date more than WF_HIRE_AHEAD_MAX_DAYS ahead (a typo, not an onboarding).
// Kept and warned (warns, the row imported) what is unlawful or incomplete but may be real: a
// probation longer than LCL Art. 19 allows (the employer's own breach, Art. 83), a birth date
// without its retirement group or the reverse, no wage at all (one line for all of them), a
// monthly or average wage below minimum_fen, the configured local minimum monthly wage (0: not
// configured, not checked; part-time work has an hourly minimum and is not checked).
#define WF_HIRE_AHEAD_MAX_DAYS 366
#define WF_WARN_IDS_MAX 20 // employee numbers named in one summary warning
void wf_people_check(wf_person_row_t *rows, size_t nrows, int32_t today, int64_t minimum_fen,
                     hr_arena_t *arena, wf_errors_t *errs, wf_errors_t *warns);
// The minimum wage check of wf_people_check, each row against its own place's minimum: for a
// company with branches (wf_branch), where each person's minimum is their branch's.
// minimum(arg, p, &key) gives p's minimum (0: not configured, not checked) and the config key
// it comes from (law/local_minimum_monthly_wage, branch/BJ/local_minimum_monthly_wage).
void wf_people_minimum(wf_person_row_t *rows, size_t nrows,
                       int64_t (*minimum)(void *arg, const Hr__Workflow__Person *p,
                                          const char **key),
                       void *arg, hr_arena_t *arena, wf_errors_t *warns);
// What LCL Art. 19 (and Art. 70 for part-time work) says of p's probation: NULL when it is
// lawful or there is none, else one sentence naming the most allowed (arena).
const char *wf_person_probation_problem(const Hr__Workflow__Person *p, hr_arena_t *arena);
// p's probation as the law lets it run (LCL Art. 19; Art. 70 for part-time work): the engine's
// probation_end is `end` when `lawful`, none otherwise - never the agreed end past Art. 19.
typedef struct {
    bool agreed;     // the directory gives a probation_end
    bool lawful;     // some probation stands: the engine's has_probation
    bool capped;     // the agreed end is past what Art. 19 allows for the contract
    int32_t end;     // the last day of the probation that stands, if lawful
    int max_months;  // the most Art. 19 allows, if capped
    const char *why; // the contract that allows it (static), if capped
} wf_probation_t;
void wf_person_probation(const Hr__Workflow__Person *p, wf_probation_t *out);
// Copies into p what the file's row did not give (a column the file lacks) from `before`, the
// person as the directory holds them (NULL for someone new): protected statuses, birth date,
// retirement group, the day they left, the identity number, the branch. A file without those
// columns changes none of them.
void wf_person_keep(Hr__Workflow__Person *p, const wf_person_row_t *row,
                    const Hr__Workflow__Person *before);
// The protected-status changes from `before` (NULL: nobody) to `after`, one line each into
// lines (at most max; the count of all is returned): "E0114: protected status pregnant removed
// (was: SOURCE)", "... added (SOURCE)", "... changed (SOURCE -> SOURCE)". open_case, when not
// empty, is the employee's open case: a removal names it and says the review must be run again.
// lines_zh (NULL for none) gets the same line in Chinese at the same index ("E0114：已移除特殊
// 保护状态 pregnant（原依据：SOURCE）"); lines and lines_zh are arena strings.
size_t wf_person_status_changes(const Hr__Workflow__Person *before,
                                const Hr__Workflow__Person *after, const char *open_case,
                                hr_arena_t *arena, char **lines, char **lines_zh, size_t max);
// Dates each of p's protected statuses: recorded_ms stays what `before` (the directory's entry,
// NULL for someone new) holds for the same status kind, else it is now_ms (this import records
// it). Run after wf_person_keep.
void wf_person_statuses_dated(Hr__Workflow__Person *p, const Hr__Workflow__Person *before,
                              int64_t now_ms);
// Why removing `was` needs a reason (README "Directory import"), as a clause in English or
// Chinese (static): its stated period (until) has not ended by today, or the person has an
// open case (open_case). NULL when it needs none.
const char *wf_status_removal_why(const Hr__Workflow__ProtectedStatus *was, int32_t today,
                                  bool open_case, bool zh);

// LCL Art. 42(5) for p on `on` (pure): known when the directory has the hire date, the birth date
// and the retirement group; set_by_hr when its statuses hold long_service_near_retirement.
typedef struct {
    bool known;                // birth date, retirement group and hire date all known
    bool set_by_hr;            // the status was typed into the directory
    law_retire_position_t pos; // valid when known
    law_service_t service;     // hire to on (valid when the hire date is known)
    bool has_hire;             // the hire date is known
} wf_retire_t;
void wf_person_retirement(const Hr__Workflow__Person *p, int32_t on, wf_retire_t *out);
// The same as the reply's message (arena), for GetPerson.
Hr__Workflow__RetirementPosition *wf_retirement_message(const Hr__Workflow__Person *p, int32_t on,
                                                        hr_arena_t *arena);

// Checks departments: duplicate ids, unknown parents (in the file or existing), parent loops.
void wf_departments_check(wf_dept_row_t *rows, size_t nrows,
                          Hr__Workflow__Department *const *existing, size_t nexisting,
                          hr_arena_t *arena, wf_errors_t *errs);
// A warning for each row whose head_no names nobody: person_known(arg, no) says whether the
// directory has them. A warning, not an error: departments are imported before the people
// (whose department_id must exist), so a new company's heads are not in the directory yet.
void wf_departments_heads(const wf_dept_row_t *rows, size_t nrows,
                          bool (*person_known)(void *arg, const char *no), void *arg,
                          hr_arena_t *arena, wf_errors_t *warns);

// ---------------------------------------------------------------------------------------------
// wf_review: evidence checks and the hr_law bridge (pure)

typedef struct {
    const char *code;       // MISSING_EVIDENCE, COMPANY_RULE, ...
    const char *fact;       // fact key or evidence kind
    const char *article;    // the article it rests on ("" for company rules)
    const char *message_zh; // arena
    const char *message_en; // arena
} wf_problem_t;
// wf_deadline.c: whether an interview on `day` (its date `date`) comes on or after the notice day
// HR's review planned for case c (Assessment.notice_date) while no outcome is recorded: the notice
// would be served before the employee was heard. When so, the warning (INTERVIEW_NOT_BEFORE_NOTICE,
// zh first, arena memory) in *p. A warning, never a refusal: the plan is HR's to change - the
// outcome refuses a notice served before the interview (s_outcome_date), and an Art. 40 notice
// served later owes its thirty days or the month's wage from the day it is served. A case
// ending by agreement serves no notice and gets none.
bool wf_deadline_interview_after_notice(const Hr__Workflow__Case *c, int32_t day, const char *date,
                                        hr_arena_t *arena, wf_problem_t *p);

// "a" or "an", whichever goes before word in English (an evidence kind's name: "an agreement",
// "a union_notice").
const char *wf_a(const char *word);

#define WF_PROBLEMS_MAX (LAW_GROUND_FACTS_MAX + WF_TEMPLATE_MAX_RULES + LAW_FINDINGS_MAX)

// The parties whose signature a company rule may ask of a record (template key signed_by).
#define WF_PARTY_EMPLOYEE 1u // the case's employee
#define WF_PARTY_MANAGER 2u  // the case's manager
#define WF_PARTY_HR 4u       // a person the directory gives hr or hr_head

// The party signed_by names ("employee", "manager", "hr"): its WF_PARTY_* bit; 0 for "" and
// for any other word.
unsigned wf_party_parse(const char *name);

// Who signed one attached record, as the case's parties: hr-evidence's valid signatures. A
// valid signature whose disposition is "declined" (the signer refused to confirm the record,
// evidence.Sign's decline) is never in parties: it is said in declined, with the first such
// refusal's signer, day and statement for the submission's problem.
typedef struct {
    const char *evidence_id;       // borrowed
    unsigned parties;              // WF_PARTY_* bits: those who acknowledged the record
    unsigned declined;             // WF_PARTY_* bits: those who refused to confirm it
    const char *declined_by;       // the first refusal by a party of the case: who ("" none)
    const char *declined_date;     // the day, in the company's zone ("YYYY-MM-DD")
    const char *decline_statement; // what they said
    const char *employee_date;     // the day the case's employee acknowledged it ("" none)
    const char *other_signer;      // the first valid acknowledgement by another ("" none)
} wf_signed_t;

// The ids of the attached records whose signatures a company rule of tpl for the case's ground
// counts (a rule with signed_by, and the record of its kind), each once, at most max, into ids
// (borrowed from c). Returns how many; 0 when no such rule applies or nothing is attached.
size_t wf_review_signed_ids(const Hr__Workflow__Case *c, const law_ground_t *ground,
                            const Hr__Workflow__Template *tpl, const char **ids, size_t max);

// What is missing before a case may be submitted: for each required fact of the ground that no
// attached evidence can prove, one problem naming the evidence kinds that would; then each
// company rule of the template that is not met. A rule with signed_by counts only the records
// whose entry in sigs (nsigs of them, borrowed; a record without one is signed by nobody) holds
// its party, and its problem says how many are attached, how many that party signed and how
// many it needs, and each record of the kind that party refused to confirm (who, when, their
// statement) with what HR can do instead. Returns how many problems were written.
size_t wf_review_submit_problems(const Hr__Workflow__Case *c, const law_ground_t *ground,
                                 const Hr__Workflow__Template *tpl, const wf_signed_t *sigs,
                                 size_t nsigs, hr_arena_t *arena, wf_problem_t *out, size_t max);
// Checks HR's fact confirmations against the case's evidence: each fact must be known, each
// evidence id attached to the case, and its kind able to prove the fact. Returns HR_OK with
// *proven (LAW_FACT_BIT set) and numbers, or HR_EINVAL with err naming the problem. Facts that
// are distinct events (wf_review_distinct) must rest on distinct records.
// The fact named `name`, bare ("hiring_conditions_defined") or as hrctl law grounds prints it
// ("evidence.hiring_conditions_defined"); NULL when unknown.
const law_fact_t *wf_review_fact_find(const char *name);
// An unknown fact is refused naming the facts the case's ground needs (all of them when the
// ground is unknown); a known one is written back to facts[i]->fact by its bare name. zh (zhlen
// bytes; NULL, 0: none) gets the refusal in Chinese, as wf_review_distinct's does.
hr_rc_t wf_review_facts(const Hr__Workflow__Case *c, Hr__Workflow__FactConfirmation *const *facts,
                        size_t nfacts, uint64_t *proven, int64_t *layoff_count,
                        int64_t *total_headcount, char *err, size_t errlen, char *zh, size_t zhlen);
// The facts a case's review confirmed (c->facts), as that review checked them: *proven and the
// numbers, without checking them again - a rule added since (distinct records, the kinds that
// prove a fact) does not undo a review HR completed under the rules of its day.
void wf_review_facts_stored(const Hr__Workflow__Case *c, uint64_t *proven, int64_t *layoff_count,
                            int64_t *total_headcount);
// HR_EINVAL with err naming both facts and the shared id when two confirmations of facts that
// are distinct events (the first and second failed assessments and the training between them,
// LCL 40(2); the like for 40(1), 39(1), 39(2), 39(4), 41) rest on the same evidence record.
hr_rc_t wf_review_distinct(Hr__Workflow__FactConfirmation *const *facts, size_t nfacts, char *err,
                           size_t errlen, char *zh, size_t zhlen);
// ---------------------------------------------------------------------------------------------
// wf_union: the union's and the staff's part, dated and counted before the engine (pure)

// A41 only (none otherwise): takes explained_to_union_or_staff_30_days out of s->proven unless
// explained (YYYY-MM-DD) is 30 days or more before s->notice_day, reported_to_labour_bureau_
// before unless reported is before it, and a block for each with the earliest lawful notice
// date (NULL: not checked - an outcome of a review made before the dates were recorded); a
// block when the proven total_headcount differs from directory_headcount (> 0), naming both.
// Writes at most max findings to out (texts in arena) and returns how many.
size_t wf_union_a41(law_scenario_t *s, const char *explained, const char *reported,
                    int64_t directory_headcount, hr_arena_t *arena, law_finding_t *out, size_t max);
// LCL 43: whether the notice u records (its notice_date) told the union other reasons than the
// case states now - ground and HR's reasons - so it no longer stands for them. A notice
// recorded before its ground and reasons were kept with it (notice_ground "") is not stale.
bool wf_union_notice_is_stale(const Hr__Workflow__UnionRecord *u, const char *ground,
                              const char *reasons);
// LCL 43 and Interp. I Art. 47, the union's part as HR recorded it (u, may be NULL) against the
// case's ground and the reasons the review states: s->union_notice_cured_before_suit set when a
// cure is recorded and the notice is not stale; the union notified (s->union_notified) by a
// notice that is stale (UNION_NOTICE_STALE), or dated after s->notice_day and not cured
// (UNION_NOTICE_LATE), is no notice beforehand: union_notified cleared and one block written to
// out (at most max; a late one cured clears it and writes none); returns how many.
size_t wf_union_notice(law_scenario_t *s, const Hr__Workflow__UnionRecord *u, const char *ground,
                       const char *reasons, hr_arena_t *arena, law_finding_t *out, size_t max);
// true when a has block findings and each is HR's own to clear (UNION_NOT_NOTIFIED,
// UNION_NOTICE_LATE, UNION_NOTICE_STALE, the A41
// date and headcount blocks, the EVIDENCE_MISSING of a fact those took away): the review stays
// with HR instead of returning the case to the manager.
bool wf_union_hr_only(const law_assessment_t *a);
// HR's A41 dates at review (explained_date, reported_date): "" or YYYY-MM-DD not after today,
// A41 only; HR_OK, or the refusal naming the field on the call.
hr_rc_t wf_union_review_dates(hr_call_t *call, const Hr__Workflow__Case *c,
                              const Hr__Workflow__ReviewCaseRequest *in, int32_t today);
// LCL 43: HR's record of one item of the union's part (RecordUnionRequest), proven by e, an
// attached record: checked (what, date not after today and in order, a notice of kind
// union_notice, a reply only to an objection, a cure only after the union's opinion and the
// written reply to an objection, not dated before them) and stored on c->union_record (call's
// arena; a notice keeps c's ground and reviewed reasons as what it told the union);
// *said the history's words. HR_OK, or the refusal on the call.
hr_rc_t wf_union_record(hr_call_t *call, Hr__Workflow__Case *c,
                        const Hr__Workflow__RecordUnionRequest *req,
                        const Hr__Workflow__EvidenceRef *e, int32_t today, const char **said);
// Interp. I Art. 47: why HR's cure of case c dated date (YYYY-MM-DD) is refused, English, *zh
// Chinese (arena), *rc the code: a cure is LCL 43's procedure done before the suit, so no
// opinion of the union recorded, or an objection with no written reply, is HR_ECONFLICT, and a
// cure dated before the opinion (an objection: before the reply) HR_EINVAL. NULL when it stands.
const char *wf_union_cure_why(const Hr__Workflow__Case *c, const char *date, hr_arena_t *arena,
                              const char **zh, hr_rc_t *rc);
// Why the notice may not be served yet (the union objected and no written reply is recorded),
// English, *zh Chinese (arena); NULL when nothing stands in the way.
const char *wf_union_outcome_why(const Hr__Workflow__Case *c, hr_arena_t *arena, const char **zh);
hr_rc_t wf_handle_record_union(void *self, hr_call_t *call);
// The blocks of a that are HR's own tasks alone (the union's notice, the layoff's batch, days
// and headcount), as problems: said on every reply that stops a review, whatever else stops it.
size_t wf_union_hr_problems(const law_assessment_t *a, wf_problem_t *out, size_t max);
// The block findings of a, EVIDENCE_MISSING left out, as problems for HR's refusal.
size_t wf_union_problems(const law_assessment_t *a, wf_problem_t *out, size_t max);

// The A41 para 1 trigger names HR may record at review, in the statute's order; NULL past the
// end. wf_a41_trigger_text gives the statute's words (zh) or a gloss (en), NULL if unknown.
const char *wf_a41_trigger_at(size_t i);
const char *wf_a41_trigger_text(const char *name, bool en);

// ---------------------------------------------------------------------------------------------
// wf_layoff: the economic layoff as one decision (LCL 41, pure)

#define WF_LAYOFF_REASONS 4        // the items of LCL 41 para 1
#define WF_LAYOFFS_MAX 10000       // batches a list reads at most
#define WF_LAYOFF_CASES_MAX 100000 // member cases of one batch at most

// The trigger name (wf_a41_trigger_at) of Layoff.reason 1..4, NULL for another number; and back
// (0 for a name that is none).
const char *wf_layoff_reason_name(int32_t reason);
int32_t wf_layoff_reason_of(const char *trigger);
// Whether member case c counts in its batch's layoff_count, and why not: a case counts while it
// can still lead to a layoff - not withdrawn or rescinded, not sent back by a review for an
// Art. 42 protection (RETURNED), its employee p (NULL: not in the directory) with no Art. 42
// status on record on local day today (PROTECTED: a status typed in, or 15 years' service and
// less than 5 to retirement from the birth date). A served member (outcome recorded) counts
// whatever is learned since. *status the status key for RETURNED and PROTECTED, else "".
typedef enum {
    WF_LAYOFF_COUNTED = 0,
    WF_LAYOFF_WITHDRAWN,
    WF_LAYOFF_RESCINDED,
    WF_LAYOFF_RETURNED,
    WF_LAYOFF_PROTECTED,
} wf_layoff_standing_t;
wf_layoff_standing_t wf_layoff_standing(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p,
                                        int32_t today, const char **status);
// LayoffMember.not_counted of a standing: "counted", "withdrawn", "rescinded",
// "returned_protected", "protected".
const char *wf_layoff_standing_name(wf_layoff_standing_t s);
// LCL 41 para 1's threshold: 20 people or more, or 10% of headcount or more (以上 includes it).
bool wf_layoff_meets(int64_t counted, int64_t headcount);
// The refusal of a change (what_zh/what_en: "撤回案件 X" / "withdrawing case X") that leaves batch
// l, with `served` notices out, `counted` people of `headcount`, below the threshold: the
// numbers and the threshold, and how to go on (English; *zh Chinese; arena).
char *wf_layoff_below_why(const Hr__Workflow__Layoff *l, const char *what_zh, const char *what_en,
                          int64_t counted, int64_t headcount, int64_t served, hr_arena_t *arena,
                          char **zh);
// The warning each served member's case gets when HR let the batch fall below the threshold
// anyway, stating HR's reason (A41_BELOW_THRESHOLD_AFTER_SERVICE; arena).
law_finding_t wf_layoff_fell_below(const Hr__Workflow__Layoff *l, int64_t counted,
                                   int64_t headcount, const char *reason, hr_arena_t *arena);
// Whether member c's notice rests on its batch's days: its outcome is recorded (served), so the
// days may no longer change (DateLayoff refuses; a rescission later does not undo the service).
bool wf_layoff_days_fixed(const Hr__Workflow__Case *c);
// One of the batch's days (what = "explained" | "reported"): date YYYY-MM-DD not after today and
// evidence_id an evidence record's id (64 lower-case hex), both or neither. NULL when fine, else
// the refusal naming the field, English, *zh Chinese (arena).
char *wf_layoff_date_why(const char *what, const char *date, const char *evidence_id, int32_t today,
                         hr_arena_t *arena, char **zh);
// CreateLayoffRequest checked: reason 1..4, each day as wf_layoff_date_why. NULL or the refusal.
char *wf_layoff_create_why(const Hr__Workflow__CreateLayoffRequest *req, int32_t today,
                           hr_arena_t *arena, char **zh);
// Whether case c may join batch l: A41 (else *code HR_EINVAL), open, in no batch, and any trigger
// its review recorded l's (else HR_ECONFLICT). NULL or the refusal (English, *zh Chinese).
char *wf_layoff_join_why(const Hr__Workflow__Layoff *l, const Hr__Workflow__Case *c,
                         hr_arena_t *arena, char **zh, hr_rc_t *code);
// A member's review against its batch l of `members` counted cases: a layoff_count HR confirmed
// (typed) must be members; the explanation and report dates and the A41 trigger given must be
// l's, and those not given are set from l in in. NULL or the refusal naming the field.
char *wf_layoff_review_why(const Hr__Workflow__Layoff *l, int64_t members, bool typed,
                           int64_t typed_count, Hr__Workflow__ReviewCaseRequest *in,
                           hr_arena_t *arena, char **zh);
// The A41 date findings of a member of batch l (A41_EXPLANATION_UNDATED, A41_REPORT_UNDATED
// among f[0..n)) advise recording the day on the batch (hrctl layoff date), not at review, where
// a day of the case's own is refused. Texts in arena.
void wf_layoff_undated(const Hr__Workflow__Layoff *l, law_finding_t *f, size_t n,
                       hr_arena_t *arena);
// The block finding of an A41 case in no batch (A41_NO_BATCH): HR's count alone is no ground;
// HR clears it (wf_union_hr_only) by putting the case in a batch.
law_finding_t wf_layoff_alone(void);
hr_rc_t wf_handle_create_layoff(void *self, hr_call_t *call);
hr_rc_t wf_handle_date_layoff(void *self, hr_call_t *call);
hr_rc_t wf_handle_add_layoff_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_get_layoff(void *self, hr_call_t *call);
hr_rc_t wf_handle_list_layoffs(void *self, hr_call_t *call);

// The years a local average monthly wage may be configured for (law/local_average_monthly_wage_
// YYYY), and the room for a config key's name.
#define WF_LOCAL_WAGE_YEAR_MIN 2000
#define WF_LOCAL_WAGE_YEAR_MAX 2099
#define WF_LOCAL_WAGE_YEARS (WF_LOCAL_WAGE_YEAR_MAX - WF_LOCAL_WAGE_YEAR_MIN + 1)
#define WF_LOCAL_WAGE_KEY_LEN 96 // branch/<code>/local_average_wage_source_YYYY fits

// One year's local average monthly wage (上年度职工月平均工资, LCL Art. 47 para 2) as the config
// gives it: the city publishes year Y's figure in Y+1, usually mid-year.
typedef struct {
    int32_t year;                           // the year whose average it is
    int64_t fen;                            // the figure, > 0
    char key[WF_LOCAL_WAGE_KEY_LEN];        // the config key it was read from
    char source_key[WF_LOCAL_WAGE_KEY_LEN]; // the config key of its source
    const char *source; // borrowed: where it comes from (city, year, publication), "" not given
} wf_local_wage_t;

typedef struct {
    // config law/local_average_monthly_wage when neither law/local_average_wage_year nor its
    // source names its year: a figure of no known year, used only when no dated figure fits
    // (0: none)
    int64_t local_average_wage_fen;
    int64_t local_minimum_wage_fen;     // config law/local_minimum_monthly_wage (0 = not given)
    bool has_union;                     // config law/has_union
    const wf_local_wage_t *local_wages; // borrowed: the dated figures, oldest first (NULL: none)
    size_t n_local_wages;               // entries in local_wages
    // Where these figures are set, for the findings that name a key to set: NULL or "" the law
    // section (law/...), else a branch's section (branch/BJ); place: how a finding names that
    // branch for HR, "" (or NULL) for the head office.
    const char *key_prefix;
    const char *place_zh;
    const char *place_en;
} wf_law_config_t;

// ---------------------------------------------------------------------------------------------
// wf_branch: branches in other cities (分支机构), declared in workflow.cfg as branch/CODE/...
//
// A department's branch column names one (inherited down the department tree; the top is the
// head office, whose figures are the law section's). A person's contract is performed at their
// department's branch: the local average monthly wage (LCL Art. 47, Reg. Art. 14) and minimum
// wage (Reg. Art. 27) are that city's, never the head office's; a branch that is itself the
// contracting employer (Reg. Art. 4) has its own name, address and union.

#define WF_WAGE_MAX_YUAN 1000000 // the largest wage figure a config key may give, in yuan
#define WF_BRANCH_MAX 64         // branches a config declares
#define WF_BRANCH_CODE_MAX 32    // bytes of a branch code: letters, digits, '_' and '-'

typedef struct {
    const char *code;        // borrowed: branch/CODE's CODE
    const char *name;        // branch/CODE/name: the entity's name, "" none (company/name)
    const char *address;     // branch/CODE/address, "" none (company/address)
    const char *city;        // branch/CODE/city: where its contracts are performed, "" not given
    const char *template_id; // branch/CODE/template: its cases' default template, "" none
    const char *union_name;  // branch/CODE/union_name, "" default (<name>工会)
    bool own_union;          // branch/CODE/has_union is set (else the head office's applies)
    wf_law_config_t law;     // its own figures only (has_union: its own, else head office's)
    const char *min_source;  // branch/CODE/local_minimum_wage_source, "" none
    wf_local_wage_t *local_wages;        // owned: law.local_wages points here
    char prefix[WF_BRANCH_CODE_MAX + 8]; // "branch/CODE"
} wf_branch_t;

// Whether path is set, in the environment or the file, without asking for it (so the
// effective config lists only the keys a company gave).
bool wf_config_has(const hr_config_t *cfg, const char *path);
// The dated local average monthly wages under prefix ("law", "branch/BJ"):
// PREFIX/local_average_monthly_wage_YYYY with PREFIX/local_average_wage_source_YYYY, oldest
// first into out (WF_LOCAL_WAGE_YEARS entries). Returns how many; a bad figure is recorded in
// cfg (hr_config_error).
size_t wf_local_wages_load(hr_config_t *cfg, const char *prefix, wf_local_wage_t *out);
// The branches cfg declares (branch/CODE sections, file order) into *out (owned, free with
// wf_branches_free), with head_has_union the head office's law/has_union. A code that is not
// 1..WF_BRANCH_CODE_MAX letters, digits, '_' or '-', or too many branches, is recorded in cfg
// (the daemon refuses to start, naming it). Each branch's keys are read (so a misspelt one is
// an unknown key).
void wf_branches_load(hr_config_t *cfg, bool head_has_union, wf_branch_t **out, size_t *nout);
void wf_branches_free(wf_branch_t **branches_p, size_t n);
// The branch code of department dept_id: its own branch, else its nearest ancestor's; "" for the
// head office (no ancestor names one, or the department is unknown). depts: the directory's.
const char *wf_branch_of_department(Hr__Workflow__Department *const *depts, size_t n,
                                    const char *dept_id);
// The declared branch with this code, NULL for "" (head office) or an undeclared code.
const wf_branch_t *wf_branch_find(const wf_branch_t *branches, size_t n, const char *code);
// Where person p's contract is performed: their own branch (Person.branch, people.csv's branch
// column: a department's sales rep based in another city) when set, else their department's
// (wf_branch_of_department, "" the head office). *from_person says which (false for p NULL).
// The code is borrowed from p or depts.
const char *wf_branch_of_person(Hr__Workflow__Department *const *depts, size_t n,
                                const Hr__Workflow__Person *p, bool *from_person);
// Assessment.branch_source: where the branch came from ("" in older records: department).
#define WF_BRANCH_FROM_PERSON "person"
#define WF_BRANCH_FROM_DEPARTMENT "department"
// What a declared branch lacks for a review of a contract ending in wanted_year + 1 (LCL 47
// para 2 takes the previous year's local average): sys.Status's branch_missing= lines (hrctl
// health) and the start log. Pure.
typedef struct {
    bool average_missing;    // no branch/CODE/local_average_monthly_wage_<wanted_year>
    int32_t average_newest;  // the newest year it has a figure for, 0 none
    bool minimum_missing;    // no branch/CODE/local_minimum_monthly_wage
    bool union_unset;        // no branch/CODE/has_union, and law/has_union false: no union
    bool union_name_missing; // its own union, named by neither union_name nor name
} wf_branch_lacks_t;
// Fills *out; true when the branch lacks anything.
bool wf_branch_lacks(const wf_branch_t *b, int32_t wanted_year, wf_branch_lacks_t *out);
// The union (LCL 43) of the people whose contracts are performed at branch code ("" the head
// office), as has_union falls back (wf_branches_load): a declared branch that sets
// branch/CODE/has_union has its own union - code when true, none (NULL) when false; the head
// office, a declared branch that does not set it and an undeclared code share the head office's
// union - "" when head_has_union (law/has_union), NULL none. Two people are of the same union
// when both are non-NULL and equal. Borrowed (code or "").
const char *wf_branch_union(const wf_branch_t *branches, size_t n, bool head_has_union,
                            const char *code);

// The directory's departments read once for a request (one read of the table, however many
// people are placed): sorted by id, so a branch is a few lookups.
typedef struct {
    Hr__Workflow__Department **depts; // arena: the departments (borrowed), sorted by id
    size_t n;                         // entries in depts
} wf_dept_map_t;

// Fills *m from depts (n of them): the array is copied into arena and sorted, the departments
// stay borrowed.
void wf_dept_map_init(wf_dept_map_t *m, Hr__Workflow__Department *const *depts, size_t n,
                      hr_arena_t *arena);
// wf_branch_of_department, looked up in m: the same answer for every dept_id.
const char *wf_dept_map_branch(const wf_dept_map_t *m, const char *dept_id);
// wf_branch_of_person, the department looked up in m.
const char *wf_dept_map_branch_of_person(const wf_dept_map_t *m, const Hr__Workflow__Person *p,
                                         bool *from_person);
// The union (LCL 43) person p belongs to, as a union person and as an employee: that of their
// place (wf_dept_map_branch_of_person: their own branch, else their department's), as
// wf_branch_union gives it (NULL none, "" the head office's, else a branch's own). Borrowed.
const char *wf_union_of_person(const wf_branch_t *branches, size_t n, bool head_has_union,
                               const wf_dept_map_t *depts, const Hr__Workflow__Person *p);
// The unions whose notices (LCL 43, wf_effects_union_told) would reach nobody: each union that
// stands for a place - the head office's ("", when head_has_union; it stands for every branch
// that leaves has_union unset too) and each branch's own (its code) - of which no person in
// people (borrowed) is active at now_ms, holds role union, has an email or a mobile and belongs
// to it (wf_union_of_person). At most max into out (borrowed codes: "" first, then branches in
// config order); returns how many. Pure.
size_t wf_unions_unreached(const wf_branch_t *branches, size_t n, bool head_has_union,
                           const wf_dept_map_t *depts, Hr__Workflow__Person *const *people,
                           size_t npeople, int64_t now_ms, const char **out, size_t max);
// The codes of the declared branches whose people belong to union_of (wf_branch_union) and
// that are not its own place: for "" the branches sharing the head office's union, joined by
// sep ("" when none; arena). A branch's own union is its own branch's alone: "".
char *wf_union_branches(const wf_branch_t *branches, size_t n, bool head_has_union,
                        const char *union_of, const char *sep, hr_arena_t *arena);
// The warning that the directory has nobody active with role union of union union_of ("" the
// head office's, else a branch's own: wf_branch_union, wf_unions_unreached) and an address
// (code UNION_NOBODY, field people.roles, zh and en, in arena), naming that union by its
// has_union key and, for the head office's, the branches that share it: when HR records the
// union's notice of a case of that union, at a people import and at start-up. HR imports them
// and serves the letter on paper; a notice recorded stands.
wf_problem_t wf_union_nobody(const wf_branch_t *branches, size_t n, bool head_has_union,
                             const char *union_of, hr_arena_t *arena);

// The local average monthly wage an assessment takes (LCL Art. 47 para 2: the previous year's).
typedef struct {
    int32_t wanted;         // the year the law names: the one before the effective day's year
    int32_t year;           // the year of the figure used: wanted, or the latest earlier year
                            // configured; 0 with fen: the undated figure; 0 without: none
    int64_t fen;            // the figure used; 0: none configured for wanted or any year before
    const char *key;        // borrowed: the config key of the figure used ("" none)
    const char *source;     // borrowed: its source as configured ("" none or not given)
    const char *source_key; // borrowed: the config key of that source ("" none)
} wf_local_wage_use_t;

// The figure cfg gives for a contract ending on effective_day (a day number): the year before
// that day's year when configured; else the latest configured year before it; else the
// undated figure (cfg->local_average_wage_fen, whose source undated_source names: "" or NULL
// none); else none (fen 0). A figure of the effective year or later is never taken.
wf_local_wage_use_t wf_local_wage_for(const wf_law_config_t *cfg, int32_t effective_day,
                                      const char *undated_source);
// The year a source text names as its figure's (law/local_average_wage_source of the single key):
// a year written before 年度 ("上海市 2023 年度 ... 2024 年公布" -> 2023), else the only year it
// names; 0 when it names none, or several and none before 年度 (then the figure's year is not
// guessed). Years are WF_LOCAL_WAGE_YEAR_MIN..MAX, four digits standing alone.
int32_t wf_local_wage_year_named(const char *source);

// Fills a law scenario from the employee's directory record, the case and HR's review inputs.
// The local average monthly wage is the one cfg gives for the effective day (wf_local_wage_for);
// with none, the cap is not applied (the engine is given the wage base itself as the average,
// so three times it is never reached; wf_review_local_average says so).
// HR_EINVAL with err naming the field when the directory lacks what the law needs. The zh
// arguments of these checks (NULL, 0: none) get the same in Chinese - "" when the engine's own
// check (law_scenario_check, English only) refused.
hr_rc_t wf_review_scenario(const Hr__Workflow__Person *p, const law_ground_t *ground,
                           const Hr__Workflow__ReviewCaseRequest *req, const wf_law_config_t *cfg,
                           int32_t today, uint64_t proven, int64_t layoff_count,
                           int64_t total_headcount, law_scenario_t *s, char *err, size_t errlen,
                           char *zh, size_t zhlen);
// The Art. 47 wage base when the directory gives no 12-month average for p: the monthly wage
// stood in for it (wf_review_scenario). A warn finding AVERAGE_WAGE_MISSING (LCL 47; Reg. 27)
// appended to as, in both languages, saying so and what the base must be; nothing when the
// average was given. A warning: it does not make the assessment unlawful. Strings in arena.
void wf_review_wage_base(const Hr__Workflow__Person *p, Hr__Workflow__Assessment *as,
                         hr_arena_t *arena);
// LCL Art. 19 in the assessment: when p's agreed probation is longer than the contract allows,
// a warn finding PROBATION_BEYOND_ART19 (both languages) saying so and which end the engine was
// given (the lawful one, or none); nothing otherwise. Strings in arena.
void wf_review_probation(const Hr__Workflow__Person *p, Hr__Workflow__Assessment *as,
                         hr_arena_t *arena);
// Reg. Art. 27's floor in the assessment: a warn finding MINIMUM_WAGE_NOT_CONFIGURED when cfg
// has no local minimum monthly wage (the floor was not applied: the amounts may be too low); an
// info finding MINIMUM_WAGE_APPLIED, with the figure's source, when p's wage base was below it
// and the minimum was used; source: where the minimum comes from beyond its config key ("" or
// NULL: none). Strings in arena.
void wf_review_minimum_wage(const Hr__Workflow__Person *p, const wf_law_config_t *cfg,
                            const char *source, Hr__Workflow__Assessment *as, hr_arena_t *arena);
// Records in as the inputs its amounts rest on (Assessment fields 22-26, 32): the wage base's
// source, p's monthly wage, the local average wage cfg gives for s's effective day
// (wf_local_wage_for), its year, config key and source, the service before the 12-year cap from
// s's hire day to its effective day. source: where cfg's undated figure comes from beyond its
// config key ("" none); a dated figure carries its own. When the wage was capped (Art. 47 para
// 2) and the figure used has no source, a warn finding LOCAL_AVERAGE_WAGE_SOURCE_MISSING (LCL
// 47; Reg. 14) appended to as: the cap rests on a figure nobody can trace. And (fields 36-46)
// the average wage before the cap and floor, the local minimum configured, and p's directory
// facts the documents state (kept_*, kept_facts true; kept_department, the name, the caller's).
// Strings in arena.
void wf_review_inputs(const Hr__Workflow__Person *p, const law_scenario_t *s,
                      const wf_law_config_t *cfg, const char *source, Hr__Workflow__Assessment *as,
                      hr_arena_t *arena);
// Which year's local average monthly wage the Art. 47 cap of as rests on (wf_local_wage_for on
// s's effective day; undated_source as there), told HR in both languages: a warn finding
// LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED (LCL 47; Reg. 14) when the wage was capped with a
// figure other than the year the law names (an earlier year's, or one of no known year), naming
// the year used and the key to set; a warn finding LOCAL_AVERAGE_WAGE_NOT_CONFIGURED when there
// was no figure at all (the cap was not applied: the amounts may be too high), naming the key to
// set, except for part-time work (no severance, LCL Art. 71). Nothing when the figure is the
// year the law names. Strings in arena.
void wf_review_local_average(const Hr__Workflow__Person *p, const law_scenario_t *s,
                             const wf_law_config_t *cfg, const char *undated_source,
                             Hr__Workflow__Assessment *as, hr_arena_t *arena);
// Art. 42(5) in the assessment, after law_assess ran on a scenario wf_review_scenario filled
// (which sets long_service_near_retirement itself when the directory gives the birth date and
// retirement group and they put the employee within it on the effective day): an info finding
// saying so with the retirement day; and, for grounds Art. 42 bars (Art. 40, 41, 44) when the
// birth date or group is missing and the service reaches 15 years, a review finding asking HR
// to confirm Art. 42(5) (needs_review), so it never passes unseen. Strings in arena.
void wf_review_retirement(const Hr__Workflow__Person *p, const law_scenario_t *s,
                          law_assessment_t *a, hr_arena_t *arena);
// Copies an assessment into the case's record (arena strings).
Hr__Workflow__Assessment *wf_review_assessment(const law_assessment_t *a, hr_arena_t *arena,
                                               int64_t now_ms, int32_t effective_day);
Hr__Workflow__Finding *wf_problem_finding(const wf_problem_t *p, hr_arena_t *arena);

// HR's omission, not its finding: a review that confirms none of the ground's required facts
// (no --fact at all, or only others) and says nothing (no note). Then the first problem says so
// and one more per required fact gives its hrctl option (--fact NAME=[NUMBER,]ID with an
// attached item that can prove it, else the kinds that could); nothing is decided. 0 when HR
// confirmed at least one - the facts it left out are its finding that they are not proven - or
// wrote a note (it found none proven, and says why). max at least 2.
size_t wf_review_unconfirmed(const Hr__Workflow__Case *c, const law_ground_t *ground,
                             Hr__Workflow__FactConfirmation *const *facts, size_t nfacts,
                             const char *note, hr_arena_t *arena, wf_problem_t *out, size_t max);

// Attached evidence HR did not accept. A fact the review leaves unconfirmed (hr_law's
// EVIDENCE_MISSING finding, fact "evidence.<name>") while the case has items of a kind that can
// prove it: the manager's return says so, item by item, and HR must say why (its note).
#define WF_SHORT_ID_LEN 8     // an evidence id as a text to a manager shows (its first 8 hex)
#define WF_NOT_ACCEPTED_MAX 8 // items named on one finding's line
// The line for finding f of case c: "attached: rule_acknowledgement 3f2a9c1b - not accepted by
// HR as proof of rule_made_known" (en), in Chinese "已附：... - HR 未认可其为“<the fact>”
// （rule_made_known）的证明"; NULL when f is not an unproven fact or nothing attached could
// prove it. Arena string.
char *wf_review_not_accepted(const Hr__Workflow__Case *c, const Hr__Workflow__Finding *f, bool en,
                             hr_arena_t *arena);
// A review that returns the case leaving such facts unconfirmed and says nothing (no note):
// out[0] says the review decided nothing and needs a note, then one EVIDENCE_LEFT_OUT per fact
// naming the attached items (kind and full id) HR left out. 0 when there is a note or no such
// fact. max at least 2.
size_t wf_review_left_out(const Hr__Workflow__Case *c, Hr__Workflow__Finding *const *findings,
                          size_t nfindings, const char *note, hr_arena_t *arena, wf_problem_t *out,
                          size_t max);

// Art. 42 against the directory as it is now, not as the review saw it.
#define WF_STATUS_PATH_PREFIX "employee.status." // hr_law's fact path of a protected status
typedef enum {
    WF_PROTECT_BEFORE_NOTICE, // reviewed lawful, the notice not served yet
    WF_PROTECT_OUTCOME,       // the outcome refused for it
    WF_PROTECT_WINDOW,        // recorded after the notice was served, before the contract ended
} wf_protect_when_t;
// hr_law's block findings for an Art. 42 status the directory records for p today, with the
// case's ground, fact confirmations and procedure and the notice and effective dates given
// (YYYY-MM-DD; "" = the review's defaults). At most max into out; *exposure_fen the 2N the
// engine computes. 0 when the scenario cannot be built (no hire date, no wage).
size_t wf_review_protected_blocks(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p,
                                  const wf_law_config_t *cfg, int32_t today,
                                  const char *notice_date, const char *effective_date,
                                  hr_arena_t *arena, wf_problem_t *out, size_t max,
                                  int64_t *exposure_fen);
// What HR does about such findings (withdraw, wait, revoke the notice), with the 2N and the
// hrctl command: one problem, its fact WF_STATUS_PATH_PREFIX "*" (shown to HR only).
wf_problem_t wf_review_protection_advice(const Hr__Workflow__Case *c, wf_protect_when_t when,
                                         int64_t exposure_fen, hr_arena_t *arena);
// The warnings of a case as it stands on local day today: reviewed lawful and past the review
// (not yet served), or served by notice and not ended yet (the revocation window), while p's
// statuses now bar the ground (Art. 39 and agreements are not barred: hr_law decides). The
// findings, then the advice; 0 when nothing applies. max at least 2.
size_t wf_review_protection(const Hr__Workflow__Case *c, const Hr__Workflow__Person *p,
                            const wf_law_config_t *cfg, int32_t today, hr_arena_t *arena,
                            wf_problem_t *out, size_t max);

// ---------------------------------------------------------------------------------------------
// wf_expiry: a fixed-term contract ending on its end date, LCL Art. 44(1) and 45 (pure)

// True for a ground that ends a contract on expiry (A44_EXPIRY).
bool wf_ground_is_expiry(const law_ground_t *g);
// Why a case on ground g cannot be about p, as "ground: ..." (arena), or NULL: g is not an expiry,
// or p's contract is `fixed` with a contract_end. Names p's contract type and what ends it
// instead (open-ended: never expires, an Art. 36/39-41 ground; task-based: Reg. Art. 22;
// part-time: Art. 71), or asks for the missing type or end date. With local day today >= 0 (at
// open), an end already past is refused too (the employee worked on: Interp. I Art. 34); -1
// leaves the day alone (review and outcome, which judge the effective date instead).
// *zh (may be NULL) gets the same in Chinese (arena), NULL when the English is.
char *wf_expiry_open_why(const Hr__Workflow__Person *p, const law_ground_t *g, int32_t today,
                         hr_arena_t *arena, char **zh);
// Why local day `day`, given as `field` (effective_date), is not the day p's fixed-term contract
// ends on expiry, as "<field>: ..." (arena; *zh, may be NULL, in Chinese), or NULL when it is
// that day (or p has no end date:
// wf_expiry_open_why says so). Earlier: a unilateral rescission needing an Art. 39-41 ground;
// later: only an Art. 45 extension or Interp. I Art. 34, recorded as the new contract_end.
char *wf_expiry_date_why(const Hr__Workflow__Person *p, const char *field, int32_t day,
                         hr_arena_t *arena, char **zh);
// The problem that tells HR (and the manager: no status is named) that an Art. 42 protection at
// the end extends c's contract (LCL Art. 45): code CONTRACT_EXTENDED, with the end date (the
// effective date of c's assessment) and what to do (withdraw, or record the extended end once
// the protection has ended).
wf_problem_t wf_expiry_extended(const Hr__Workflow__Case *c, hr_arena_t *arena);
// LCL Art. 14 para 2 on an expiry: when c's assessment carries hr_law's review finding
// OPEN_ENDED_CONTRACT_DUE (ten consecutive years) or OPEN_ENDED_AFTER_TWO_TERMS (a second
// consecutive fixed term) and the case's confirmed facts do not prove employee_refused_renewal
// (the employee's written answer that answers it), *out says, in both languages, that the notice
// ending the contract on expiry may be an unlawful termination (Arts. 48, 87) until that answer
// is on the case, and true is returned; false otherwise (out untouched). RenderDocument gives it
// beside a notice as a review warning: such a notice is never shown as plainly lawful.
bool wf_expiry_open_ended(const Hr__Workflow__Case *c, wf_problem_t *out, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// wf_proposal: the workflow's own facts on top of hr_law's - who made the first written
// proposal of an Art. 36 agreement (pure)

// The first id past hr_law's facts: the workflow's own, never in the engine's scenario
// (law-check.md is unchanged), so never in a `proven` set it reads.
#define WF_FACT_EMPLOYEE_PROPOSED_FIRST ((law_fact_id_t)LAW_FACT_COUNT)
// True for a fact of the workflow's own (f from wf_fact_find or wf_fact_required).
bool wf_fact_is_own(const law_fact_t *f);
// A fact by its bare name: hr_law's, else the workflow's own; NULL when neither has it.
const law_fact_t *wf_fact_find(const char *name);
// The i-th fact ground g requires: hr_law's required facts in its order, then the workflow's own
// (A36_EMPLOYEE: employee_proposed_first); NULL past the end or for a NULL g.
const law_fact_t *wf_fact_required(const law_ground_t *g, size_t i);
// The i-th fact g lists, required or not (hr_law's, then the workflow's own); NULL past the end.
const law_fact_t *wf_fact_listed(const law_ground_t *g, size_t i);
// After law_assess ran on s: for each of the workflow's own facts s's ground requires that no
// confirmation in facts names (with its evidence), a block finding EVIDENCE_MISSING with fact
// "evidence.<name>" in a (as hr_law's own for a fact not proven), a unlawful, severance 0.
// Nothing for a part-time contract (Art. 71: no severance whoever proposed, hr_law's rule 1).
void wf_proposal_assess(const law_scenario_t *s, Hr__Workflow__FactConfirmation *const *facts,
                        size_t nfacts, law_assessment_t *a);
// True when as has a block finding for one of the workflow's own facts.
bool wf_proposal_missing(const Hr__Workflow__Assessment *as);
// The outcome of case c refused for it: the review that would confirm it is past (a review
// before the workflow asked for the fact), so the case is withdrawn and opened again - on
// A36_EMPLOYEE with the proposal confirmed, or on A36_EMPLOYER. Code PROPOSAL_NOT_REVIEWED.
wf_problem_t wf_proposal_outcome_advice(const Hr__Workflow__Case *c, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// wf_dispute: what a dispute record after the close may say (pure)

// Checks dispute d for case c on local day today: a known result; a filing (arbitration_filed or
// filed_date) has a filed_date that is not after today nor before the case's notice (the
// outcome's effective date without one); a result other than pending needs a filing;
// amount_fen is 0..LAW_MONEY_MAX_FEN, and above 0 only for employee_won, reinstated or settled;
// award_date (not future, not before the filing) and award_ref, required with reinstated, which
// only a closed case with an outcome and no reinstatement standing takes (after one set aside: a
// decision of its own, not before the judgment that set it aside - a retrial). HR_OK with
// *after_limit (filed after the arbitration limit the notice states: a year, its last day moved
// off the days off of cal - Civil Code Art. 203, wf_doc_period_end; NULL: Saturdays and Sundays
// - accepted, to be flagged; not when a year's unpublished notice may make the days between
// days off: wf_dispute_limit_unsure), or HR_EINVAL with err naming the field and zh (zhlen
// bytes; NULL, 0: none) the same in Chinese.
hr_rc_t wf_dispute_check(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d, int32_t today,
                         const hr_calendar_t *cal, bool *after_limit, char *err, size_t errlen,
                         char *zh, size_t zhlen);
// The arbitration limit's last day as the closing documents state it (LDMAL Art. 27: a year
// from the notice, from the contract's end for 终止; moved off cal's days off), YYYY-MM-DD in
// arena, "" when the case has none: what the employee is told in their view of the case.
const char *wf_dispute_limit_date(const Hr__Workflow__Case *c, const hr_calendar_t *cal,
                                  hr_arena_t *arena);
// Whether c's contract goes on by an award (LCL Art. 48): Case.reinstatement, not set aside.
bool wf_case_is_reinstated(const Hr__Workflow__Case *c);
// Checks dispute d (passed by wf_dispute_check) as a judgment setting c's reinstatement aside
// (LDML Art. 50: an award appealed to court is not final): with d->sets_aside, the case has a
// reinstatement not set aside yet, sets_aside is its award_ref, the result is employer_won or
// employee_won, and award_date and award_ref name the judgment itself (not before the award, not
// its reference). Without sets_aside, an employer_won on a case reinstated is refused (it would
// leave the reinstatement standing unnoticed); anything else passes. HR_OK, or HR_EINVAL with err
// (English, naming the field) and zh (Chinese) for hr_call_fail_zh.
hr_rc_t wf_dispute_set_aside_check(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                                   char *err, size_t errlen, char *zh, size_t zhlen);
// The history note for dispute record d (arbitration_filed and filed_after_limit as stored):
// "arbitration filed 2027-01-15, result employee_won, amount 208000.00 yuan", the time bar when
// filed after the limit, then the note, cut to fit WF_TEXT_MAX. Arena string.
char *wf_dispute_summary(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                         const hr_calendar_t *cal, hr_arena_t *arena);
// The warning a filing after the arbitration limit is accepted with (LDMAL Art. 27) into *out;
// arena strings. The caller marks its finding "warn": the record was accepted.
void wf_dispute_limit_problem(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                              const hr_calendar_t *cal, hr_arena_t *arena, wf_problem_t *out);
// Whether a filing of d is in time depends on a year's holiday notice cal does not have (days
// between the limit's last day and the filing that the notice may make days off, or that may be
// working days: wf_deadline_day_sure): that year, 0 when it does not (wf_dispute_check then
// decides after_limit alone). The filing is neither flagged nor cleared: a person checks.
int wf_dispute_limit_unsure(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                            const hr_calendar_t *cal);
// The review item for such a filing (ARBITRATION_LIMIT_UNSURE: check that year's notice) into
// *out; arena strings. The caller marks its finding "review".
void wf_dispute_unsure_problem(const Hr__Workflow__Case *c, const Hr__Workflow__Dispute *d,
                               const hr_calendar_t *cal, hr_arena_t *arena, wf_problem_t *out);

// ---------------------------------------------------------------------------------------------
// wf_pay: what was paid to the employee after the outcome, against what the law computed (pure)

#define WF_PAY_MAX 200          // payments (rows, reversals included) one case keeps
#define WF_PAY_REFERENCE_MAX 64 // Payment.reference, bytes
#define WF_PAY_NOTE_MAX 500     // Payment.note, bytes
#define WF_PAY_DECIMALS 2       // yuan to the fen

// Payment.item values, in the order the statement lists them. The first three are the engine's
// amounts (Assessment severance_fen, notice_pay_fen, unlawful_compensation_fen); wages owed and
// the rest payroll computes.
typedef enum {
    WF_PAY_SEVERANCE,
    WF_PAY_NOTICE,
    WF_PAY_UNLAWFUL,
    WF_PAY_WAGES,
    WF_PAY_OTHER,
    WF_PAY_ITEM_COUNT
} wf_pay_item_t;

// The item's name in Payment.item ("severance", ...) and in Chinese (经济补偿, ...); "?" when out
// of range. Static strings.
const char *wf_pay_item_name(wf_pay_item_t item);
const char *wf_pay_item_zh(wf_pay_item_t item);
// The item of name, -1 when it is none.
int wf_pay_item_find(const char *name);
// Whether method is bank, cash, cheque or other.
bool wf_pay_method_is_known(const char *method);

// Why an amount typed in yuan was refused (wf_pay_amount_parse).
typedef enum {
    WF_PAY_AMOUNT_OK,
    WF_PAY_AMOUNT_EMPTY,
    WF_PAY_AMOUNT_NEGATIVE,
    WF_PAY_AMOUNT_NOT_NUMBER, // a sign, an exponent, a comma, ".5", "5.", a unit
    WF_PAY_AMOUNT_DECIMALS,   // more than WF_PAY_DECIMALS
    WF_PAY_AMOUNT_TOO_LARGE,  // above LAW_MONEY_MAX_FEN (checked digit by digit: no overflow)
    WF_PAY_AMOUNT_ZERO,       // a payment is more than nothing
} wf_pay_amount_why_t;

// Parses an amount of yuan as people type it ("12345.67", "12345.6", "12345") into exact
// integer fen, digit by digit, never through floating point. WF_PAY_AMOUNT_OK with *out_fen
// (1..LAW_MONEY_MAX_FEN), else the reason and *out_fen 0.
wf_pay_amount_why_t wf_pay_amount_parse(const char *text, int64_t *out_fen);
// The reason's words after the field's name ("--amount: '1.234' has more than two decimals"), in
// Chinese when zh. Static strings; "" for WF_PAY_AMOUNT_OK.
const char *wf_pay_amount_why(wf_pay_amount_why_t why, bool zh);

// One item's money on a case.
typedef struct {
    bool computed;       // the engine computes the item: due_fen and balance_fen mean something
    int64_t due_fen;     // the outcome's assessment's amount (0: none owed)
    int64_t paid_fen;    // the payments minus their reversals
    int64_t balance_fen; // due_fen - paid_fen: > 0 still owed, < 0 overpaid
    size_t rows;         // payment rows of the item, reversals included
} wf_pay_line_t;

typedef struct {
    wf_pay_line_t lines[WF_PAY_ITEM_COUNT]; // indexed by wf_pay_item_t
    int64_t total_paid_fen;                 // every item, net of reversals
} wf_pay_balance_t;

// What case c owes and paid, item by item, from its assessment (the outcome's) and payments.
void wf_pay_balance(const Hr__Workflow__Case *c, wf_pay_balance_t *out);
// The day the work handover was done when the case has a duty WF_DUTY_HANDOVER recorded done
// (borrowed from c), else "".
const char *wf_pay_handover_date(const Hr__Workflow__Case *c);
// Whether case c's outcome fixes money to pay: an outcome is recorded (not rescinded, nor void
// by a reinstatement standing: the contract goes on, LCL Art. 48) and its assessment computes an
// amount above 0 of an item the engine computes (severance, notice pay, the 2N when found
// unlawful). The payroll office pays and records those (wf_auth_may_pay).
bool wf_pay_money_fixed(const Hr__Workflow__Case *c);
// What case c still owes of the items the engine computes (the positive balances, in fen); 0
// when its outcome fixes no money (wf_pay_money_fixed) or all of it was paid. A case that owes
// more than 0 awaits payment (the payroll office's list).
int64_t wf_pay_owed(const Hr__Workflow__Case *c);
// The amounts case c owes the employee, as the payroll office is told them (all 0 when its
// outcome fixes no money, wf_pay_money_fixed).
typedef struct {
    int64_t severance_fen;  // LCL 46, 47
    int64_t notice_pay_fen; // LCL 40, Reg. 20
    int64_t unlawful_fen;   // the 2N, owed only when found unlawful (LCL 48, 87)
} wf_pay_due_t;
void wf_pay_due_of(const Hr__Workflow__Case *c, wf_pay_due_t *out);
// The contract's last day (the outcome's effective date, else the assessment's; borrowed, "" when
// neither): notice pay is due by it (Reg. Art. 20), wages too (Wage Payment Provisions Art. 9).
const char *wf_pay_last_day(const Hr__Workflow__Case *c);
// The payment row of id on c, NULL when none (borrowed).
const Hr__Workflow__Payment *wf_pay_find(const Hr__Workflow__Case *c, const char *id);
// The row that reverses payment id, NULL when none (borrowed).
const Hr__Workflow__Payment *wf_pay_reversal_of(const Hr__Workflow__Case *c, const char *id);
// Checks payment request req on case c on local day today, in this order: an outcome is recorded
// (ECONFLICT), fewer than WF_PAY_MAX rows (ECONFLICT); a reversal names a payment of c that is
// not a reversal (EINVAL) and not reversed already (ECONFLICT), with item and amount empty or
// the same, and a note; else item is known and amount_fen 1..LAW_MONEY_MAX_FEN; paid_date
// ("" today) a date, not after today, not before the notice was served or the agreement signed;
// method known (a reversal may leave it "": the reversed row's); reference one line of at most
// WF_PAY_REFERENCE_MAX bytes with no control or bidi character, required but for cash and for a
// reversal; note one such line of WF_PAY_NOTE_MAX bytes (all EINVAL).
// HR_OK with *paid_day and *reversed (the row reversed, borrowed; NULL for a payment), else the
// code with err naming the field and zh (zhlen bytes) the same in Chinese.
hr_rc_t wf_pay_check(const Hr__Workflow__Case *c, const Hr__Workflow__RecordPaymentRequest *req,
                     int32_t today, const Hr__Workflow__Payment **reversed, int32_t *paid_day,
                     char *err, size_t errlen, char *zh, size_t zhlen);
// The history note of payment p: "payment ID: severance paid 2026-12-05 (bank)" or "payment ID
// reverses ID2 (severance), 2026-12-06" - no amount and no reference: the history reaches readers
// who do not see money. Arena string.
char *wf_pay_note(const Hr__Workflow__Payment *p, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// wf_rescind: a termination notice revoked with the employee's agreement (pure)

typedef struct {
    const Hr__Actor *actor; // borrowed: the actor as the workflow trusts it (wf_auth_actor)
    const char *case_hr;    // borrowed: the HR person who reviewed the case and still holds hr or
                            // hr_head in the directory, "" when none
    const char *hr_head;    // borrowed: the directory's HR head (setting hr_head), "" when none
    int32_t today;          // the company's calendar day now
} wf_rescind_ctx_t;

// Whether req may rescind case c, checked in this order: who (EDENIED: only an HR person -
// hr or hr_head in the directory - who is the case's HR person or an HR head, never whoever
// opened or manages the case, never the operator); where the case stands (ECONFLICT: an
// outcome that ends the employment must be recorded - before it the case is withdrawn; a case
// withdrawn or rescinded already; an agreement outcome or an Art. 36 ground, which the parties'
// own agreement ended); the fields (EINVAL naming them: agreement_date YYYY-MM-DD, not in the
// future, not before the notice was served, not after the contract's last day - a re-hire then;
// a reason; evidence_id attached to the case and of kind agreement). HR_OK with *agreed (the
// agreement's day) and *evidence (borrowed from c), else the code with err naming the reason
// and zh (zhlen bytes; NULL, 0: none) the same in Chinese.
hr_rc_t wf_rescind_check(const Hr__Workflow__Case *c, const Hr__Workflow__RescindCaseRequest *req,
                         const wf_rescind_ctx_t *x, int32_t *agreed,
                         const Hr__Workflow__EvidenceRef **evidence, char *err, size_t errlen,
                         char *zh, size_t zhlen);
// The history note of a rescission: "notice_served 2026-12-01 (contract to end 2026-12-31)
// revoked by agreement of 2026-12-09, evidence ID (agreement): REASON", cut to WF_TEXT_MAX.
// Arena string.
char *wf_rescind_note(const Hr__Workflow__Case *c, const Hr__Workflow__Rescission *r,
                      const Hr__Workflow__EvidenceRef *e, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// wf_auth: who may see and do what (pure; DESIGN.md 7)

// The actor as the workflow trusts it (arena): the claimed roles, except that for a person in
// the directory (p, their entry) hr, hr_head and legal count only when p holds them too;
// operator only for the operator itself (hr_actor_is_operator); an actor the directory does not
// know (p NULL) keeps nothing but that.
Hr__Actor *wf_auth_actor(const Hr__Actor *claimed, const Hr__Workflow__Person *p,
                         hr_arena_t *arena);
// operator or hr: sees and may do everything HR does.
bool wf_actor_is_hr(const Hr__Actor *a);
// legal (as wf_auth_actor trusts it): the company's legal reviewer.
bool wf_actor_is_legal(const Hr__Actor *a);
// HR (wf_actor_is_hr) or legal: reads every case (but the employee concerned never reads theirs).
bool wf_auth_reads_all(const Hr__Actor *a);
// Whether the actor may record or update a case's dispute (workflow.RecordDispute): HR and legal.
bool wf_auth_may_dispute(const Hr__Actor *a);
// Whether the actor may have a closing document rendered (workflow.RenderDocument): HR always;
// legal to read it, not to store it as evidence (store: the request says it is to be stored).
bool wf_auth_may_render(const Hr__Actor *a, bool store);
// Whether a and b hold the same roles (in any order): an import that changes no one's roles
// tells the services that follow them (workflow.RolesChanged) nothing.
bool wf_auth_roles_equal(const Hr__Workflow__Person *a, const Hr__Workflow__Person *b);
// Whether the actor may read the case: the employee concerned never (whatever their roles); HR,
// legal and operator always;
// the case's manager now (not whoever opened it or managed it before a reassignment) and anyone
// on the case's reporting line (chain, nchain: wf_effects_case_line, the superiors of its
// employee and of its manager); the owner of a step that has reached them
// (an approval, a template's own review step), but not of a manager's step: those follow the
// case's manager.
bool wf_auth_can_read(const Hr__Actor *a, const Hr__Workflow__Case *c, const char *const *chain,
                      size_t nchain);
// What a reads case c as, for the case's read log (wf_auth_can_read decides): "hr_head", "hr",
// "legal" or "operator" (the first of them a holds), "manager" (its manager now),
// "superior" (on the case's reporting line), "step_owner" (a step has reached them); NULL
// when a may not read it. Static strings.
const char *wf_auth_read_as(const Hr__Actor *a, const Hr__Workflow__Case *c,
                            const char *const *chain, size_t nchain);
// Whether a read by this actor goes into the case's read log: a person's. Not the operator's
// (hrctl's own identity: hrctl verify's walk over every case is the system checking itself) nor
// a service's (an actor the directory does not know - p NULL - claiming the role "service": a
// daemon's own call). claimed is the actor as it came, p its directory entry or NULL.
bool wf_auth_read_is_recorded(const Hr__Actor *claimed, const Hr__Workflow__Person *p);
// True once case c has reached its employee: an interview scheduled (they are invited to it), an
// outcome recorded, or the case closed or rescinded. Before, the case is HR's and the manager's,
// and its read log would tell the employee that it exists.
bool wf_auth_employee_told(const Hr__Workflow__Case *c);
// Whether a may read c's read log (workflow.ListCaseReads), and as what: the employee concerned as
// "employee" once c has reached them (wf_auth_employee_told; PIPL Art. 45: their own data's
// processing), whatever other roles they hold; HR, legal and the operator as
// wf_auth_read_as names them; NULL for anyone else - a manager, a superior or an approver reads
// the case, not who else read it. Static strings.
const char *wf_auth_reads_log_as(const Hr__Actor *a, const Hr__Workflow__Case *c);
// What a lists cases as, for the case lists' log: "hr_head", "hr", "legal" or "operator" (every
// case), else "union" for the union's people (the cases it was notified of, and their own),
// else "payroll" for the payroll office (the cases awaiting payment, and their own), else "own"
// (the cases open to them: a manager's, a superior's, an approver's). Static.
const char *wf_auth_list_as(const Hr__Actor *a);
// Whether the actor is the case's manager now (c->manager_no; never the employee): who submits,
// attaches as the manager, confirms the interview as the manager and withdraws besides HR. A
// manager HR replaced (ReassignCase) is not, whoever opened the case.
bool wf_auth_is_case_manager(const Hr__Actor *a, const Hr__Workflow__Case *c);
// Whether a attaches a record of `kind` to c: HR and the case's manager now any kind, legal
// the kinds hr-evidence lets legal upload under a case (other: their memos; agreement).
bool wf_auth_may_attach(const Hr__Actor *a, const Hr__Workflow__Case *c, law_evidence_kind_t kind);
// Why evidence of `kind` may not be attached to c by a now (arena text), or NULL when it may:
// once the outcome is recorded only HR (and legal, its kinds) attaches, and only the closing
// steps' proof (notice_letter, agreement, termination_certificate, other) - never evidence for
// the ground, decided at review. *zh (may be NULL): the same in Chinese.
const char *wf_attach_refusal(const Hr__Actor *a, const Hr__Workflow__Case *c,
                              law_evidence_kind_t kind, hr_arena_t *arena, const char **zh);
// Whether the directory records p as having left by now_ms (left_ms set and passed): from that
// moment they read and do nothing, whatever roles they held (their history stays) - but for
// their own case's read log as its employee (wf_auth_leaver).
bool wf_person_has_left(const Hr__Workflow__Person *p, int64_t now_ms);
// Someone who has left (wf_person_has_left) as the reader of their own case's read log: their
// id and no role - a leaver who was HR, legal or a manager holds none of it now; as the employee
// concerned wf_auth_reads_log_as still answers "employee". In arena.
Hr__Actor *wf_auth_leaver(const Hr__Workflow__Person *p, hr_arena_t *arena);

// Protected-status facts are HR-only (DESIGN.md 7): a finding about one (its fact is an
// employee.status.* path) is shown to anyone else as a generic PROTECTED_STATUS finding.
bool wf_finding_is_protected(const Hr__Workflow__Finding *f);
// hr_law's LCL 42(5) finding: it lasts until the retirement age.
#define WF_CODE_LONG_SERVICE "PROTECTED_LONG_SERVICE"
// The finding as actor a may see it: f itself, or the generic one (arena).
Hr__Workflow__Finding *wf_finding_for(const Hr__Actor *a, Hr__Workflow__Finding *f,
                                      hr_arena_t *arena);
// True when a may see wages and the amounts computed from them: HR (hr, hr_head, the operator)
// and legal, as wf_auth_actor trusts them.
bool wf_actor_sees_money(const Hr__Actor *a);
// Redacts what actor a may not see of a case, for a reply: protected-status findings (anyone but
// HR) and, for anyone but HR and legal, the wage-derived amounts (assessment money, a dispute's
// amount, also in the dispute history notes), with money_hidden set, and why the case was
// withdrawn or rescinded and legal's dispute notes (often a protected status: PIPL Art. 28),
// withheld with whom to ask - not from whoever wrote them. Replaced parts are arena copies: the
// case's own sub-messages are left as they were.
void wf_case_redact(const Hr__Actor *a, Hr__Workflow__Case *c, hr_arena_t *arena);
// Whether the actor is the employee the case is about (whatever roles they hold).
bool wf_auth_is_employee(const Hr__Actor *a, const Hr__Workflow__Case *c);
// Whether the case reached its employee: its outcome is recorded (the notice served, the
// agreement signed) - from then they read what it decided of them, interview or none.
bool wf_auth_employee_reached(const Hr__Workflow__Case *c);
// What the employee concerned reads of their own case (arena): NULL until an interview was set
// (they were invited to it) or the case reached them (wf_auth_employee_reached); then a case with
// only its id, employee number, state and the interview's date, time and place, employee_view
// set, and the interview cancelled when the case was withdrawn before it was held; with their own
// wage from c's assessment (employee_wage) when it has one. Once it reached them also the ground,
// the outcome's kind and days, the assessment's amounts and arbitration limit, the certificate
// and transfer duties (state, due, done day) and the payments (no recorder, request or note).
// c must be the case unredacted.
Hr__Workflow__Case *wf_case_for_employee(const Hr__Workflow__Case *c, hr_arena_t *arena);
// Whether the actor holds the union role (the union chair or the union committee's contact: a
// directory role, wf_auth_actor, like hr and legal).
bool wf_auth_is_union(const Hr__Actor *a);
// Whether the company must notify its union of case c's reasons (LCL 43): a company with a union
// (has_union, config law/has_union) and a ground the employer uses alone (A39_*, A40_*, A41).
bool wf_auth_union_concerned(const Hr__Workflow__Case *c, bool has_union);
// What the union reads of a case it must be notified of (arena): its id, employee number and
// state, the ground (its articles follow from it), HR's reviewed reasons and Art. 41 trigger,
// the dates (the outcome's effective and served dates) and the union record, union_view set -
// never the manager's text, evidence, findings (health data, Art. 42 status details), amounts,
// legal's notes, steps or history.
Hr__Workflow__Case *wf_case_for_union(const Hr__Workflow__Case *c, hr_arena_t *arena);
// Whether the union lists case c (ListCases, LCL 43): one it must be notified of
// (wf_auth_union_concerned) whose notice HR recorded - the employer's notice is what gives the
// union the case; before it the case is a request under review that may never go on.
bool wf_auth_union_lists(const Hr__Workflow__Case *c, bool has_union);
// Whether a person of union `mine` reads case c as the union (GetCase, ListCases, LCL 43), c's
// employee being of union `theirs` (wf_branch_union of each one's department's branch: NULL
// none, "" the head office's, else a branch's own): the same union, and c one it lists
// (wf_auth_union_lists: concerned, its notice recorded) - the union reads what it was notified
// of, and the union of one branch nothing of another's.
bool wf_auth_union_reads(const Hr__Workflow__Case *c, const char *mine, const char *theirs);
// The union's row of case c in a list (arena): id, employee number, the employee's name (may be
// NULL: "" then; the union's letter names them), ground, state, opened and the union record,
// union_view set - never the manager, a step, its owner, due time, escalation or duties.
Hr__Workflow__CaseSummary *wf_case_summary_for_union(const Hr__Workflow__Case *c, const char *name,
                                                     hr_arena_t *arena);
// Whether the actor holds the payroll role (the payroll or finance staff who pay the employee:
// a directory role, wf_auth_actor, like hr and legal).
bool wf_auth_is_payroll(const Hr__Actor *a);
// Whether the actor records a payment (or its reversal) on case c (workflow.RecordPayment): an
// HR person in their own name (not the operator), or a person with role payroll when c's outcome
// fixes money (wf_pay_money_fixed).
bool wf_auth_may_pay(const Hr__Actor *a, const Hr__Workflow__Case *c);
// What the payroll office reads of a case whose outcome fixes money (arena): id, employee number,
// department, state, ground, opened and closed, the outcome's kind and dates (no evidence ids),
// the assessment's amounts with their basis (units, wage base, cap, pre-2008 part, the dates;
// no findings, facts or kept personal data), the handover duty's day (the one step kept: severance
// falls due at it, LCL 50) and the payments, payroll_view set - never evidence, findings,
// reasons, notes, the interview, history, the manager or the other steps. What the pay statement
// (hrctl case document ID pay_statement) prints, and nothing more.
Hr__Workflow__Case *wf_case_for_payroll(const Hr__Workflow__Case *c, hr_arena_t *arena);
// The employee's own row of case c (ListCases, a case that reached them:
// wf_auth_employee_reached): id, employee and name, ground, state, opened and the contract's last
// day (wf_pay_last_day), employee_view set.
Hr__Workflow__CaseSummary *wf_case_summary_for_employee(const Hr__Workflow__Case *c,
                                                        const char *name, hr_arena_t *arena);
// The payroll office's row of case c in a list (arena): id, employee number and name (may be
// NULL), ground, state, opened, owed_fen (wf_pay_owed) and last_day, payroll_view set.
Hr__Workflow__CaseSummary *wf_case_summary_for_payroll(const Hr__Workflow__Case *c,
                                                       const char *name, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// wf_store: the only file that knows db names and key layouts

#define WF_DB_PEOPLE "people"                        // employee_no -> Person
#define WF_DB_DEPARTMENTS "departments"              // id -> Department
#define WF_DB_TEMPLATES "templates"                  // id -> Template
#define WF_DB_CASES "cases"                          // case id -> Case
#define WF_DB_CASES_BY_EMPLOYEE "cases_by_employee"  // employee_no \0 case id -> ""
#define WF_DB_DUE "due"                              // be64 ms + case id + be32 step -> ""
#define WF_DB_SETTINGS "settings"                    // name -> value (hr_head)
#define WF_DB_CASE_READS "case_reads"                // case id + be64 seq -> CaseRead
#define WF_DB_CASE_LISTS "case_lists"                // be64 seq -> CaseListRead
#define WF_SETTING_HR_HEAD "hr_head"                 // employee_no of the HR head
#define WF_SETTING_LEGAL "legal_head"                // employee_no of the legal reviewer
#define WF_SETTING_ROLES_NOTE "roles_note"           // why the choice of those two is in doubt
#define WF_SETTING_ESCALATION "escalation_contact"   // employee_no past the ladder's top, ""
#define WF_EVIDENCE_ID_MAX 128                       // evidence ids (content hashes)
#define WF_HASH_BYTES 32                             // SHA-256 (the case journal)
#define WF_DB_CASE_JOURNAL "case_journal"            // be64 seq -> CaseJournalEntry
#define WF_DB_JOURNAL_BY_CASE "case_journal_by_case" // case id + be64 seq -> ""
#define WF_SETTING_JOURNAL_HEAD "case_journal_head"  // "<seq>:<hex hash>" of the newest entry
#define WF_DB_LAYOFFS "layoffs"                      // layoff id -> Layoff
#define WF_DB_STATUS_REPORTS "status_reports"        // report id -> StatusReport

extern const char *const wf_store_dbs[];

hr_rc_t wf_store_status_report_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                                   Hr__Workflow__StatusReport **out);
hr_rc_t wf_store_status_report_put(hr_txn_t *txn, const Hr__Workflow__StatusReport *r);
// Every report (at most max), oldest first, into an arena array.
hr_rc_t wf_store_status_reports_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                                    Hr__Workflow__StatusReport ***out, size_t *n);

hr_rc_t wf_store_person_get(hr_txn_t *txn, const char *no, hr_arena_t *arena,
                            Hr__Workflow__Person **out);
hr_rc_t wf_store_person_put(hr_txn_t *txn, const Hr__Workflow__Person *p);
// Loads every person (at most max) into an arena array.
hr_rc_t wf_store_people_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                            Hr__Workflow__Person ***out, size_t *n);
// The first person, in employee number order, whom pick accepts: *out (arena), NULL when none.
// Stops at it (the people before it are decoded into arena too).
typedef bool(wf_person_pick_fn)(void *arg, const Hr__Workflow__Person *p);
hr_rc_t wf_store_person_first(hr_txn_t *txn, hr_arena_t *arena, wf_person_pick_fn *pick, void *arg,
                              Hr__Workflow__Person **out);
hr_rc_t wf_store_department_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                                Hr__Workflow__Department **out);
hr_rc_t wf_store_department_put(hr_txn_t *txn, const Hr__Workflow__Department *d);
hr_rc_t wf_store_departments_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                                 Hr__Workflow__Department ***out, size_t *n);
hr_rc_t wf_store_template_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                              Hr__Workflow__Template **out);
hr_rc_t wf_store_template_put(hr_txn_t *txn, const Hr__Workflow__Template *tpl);
// Settings: small strings (hr_head). get: HR_ENOTFOUND when unset; *out in arena.
hr_rc_t wf_store_setting_get(hr_txn_t *txn, const char *name, hr_arena_t *arena, char **out);
hr_rc_t wf_store_setting_put(hr_txn_t *txn, const char *name, const char *value);

// Layoff batches (LCL 41) by id; every batch (HR_EFULL above max).
hr_rc_t wf_store_layoff_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                            Hr__Workflow__Layoff **out);
hr_rc_t wf_store_layoff_put(hr_txn_t *txn, const Hr__Workflow__Layoff *l);
hr_rc_t wf_store_layoffs_all(hr_txn_t *txn, hr_arena_t *arena, size_t max,
                             Hr__Workflow__Layoff ***out, size_t *n);
hr_rc_t wf_store_case_get(hr_txn_t *txn, const char *id, hr_arena_t *arena,
                          Hr__Workflow__Case **out);
// Writes the case and keeps its indexes in the same txn: the employee index, and one due row
// per step with an escalation still to come (rows of `old`, the stored version or NULL, are
// removed first) - and appends the row's case journal entry (wf_store_journal_append): every
// case row written goes through here.
hr_rc_t wf_store_case_put(hr_txn_t *txn, const Hr__Workflow__Case *old,
                          const Hr__Workflow__Case *c);
// The same, with a note in the journal entry (a service write saying what it did: deadline
// re-dating); NULL none.
hr_rc_t wf_store_case_put_noted(hr_txn_t *txn, const Hr__Workflow__Case *old,
                                const Hr__Workflow__Case *c, const char *note);
// True when the employee has a case that is still open.
hr_rc_t wf_store_case_open_for(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                               bool *open);
// The id of the employee's open case into *case_id (arena), "" when none.
hr_rc_t wf_store_case_open_id(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                              char **case_id);
typedef hr_rc_t(wf_case_fn)(void *arg, Hr__Workflow__Case *c);
// Calls fn for each case of the employee, oldest first (the employee index); stops like
// wf_store_case_each.
hr_rc_t wf_store_cases_of(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena, wf_case_fn *fn,
                          void *arg);
// Calls fn for each case after `after` ("" = from the start) in id order; stops when fn returns
// non-zero (HR_ECONFLICT means "enough", returned as HR_OK). Cases are in arena memory.
hr_rc_t wf_store_case_each(hr_txn_t *txn, const char *after, hr_arena_t *arena, wf_case_fn *fn,
                           void *arg);

typedef hr_rc_t(wf_due_fn)(void *arg, const char *case_id, uint32_t step, int64_t due_ms);
// Removes one due row (a stale one the tick found); absent rows are not an error.
hr_rc_t wf_store_due_del(hr_txn_t *txn, const char *case_id, uint32_t step, int64_t due_ms);
// A place in the due index: the row a scan goes on after. All zero: before the first row.
typedef struct {
    int64_t due_ms;              // the row's due time
    char case_id[HR_ID_LEN + 1]; // its case
    uint32_t step;               // its step
} wf_due_pos_t;
// Calls fn for each due row at or before now_ms after the row at `after` (from the first when
// after is NULL or all zero; the row need not exist any more), oldest first, at most max times.
hr_rc_t wf_store_due_scan(hr_txn_t *txn, int64_t now_ms, const wf_due_pos_t *after, size_t max,
                          wf_due_fn *fn, void *arg);
// The reconciler: empties the due index and rebuilds it from the cases. *rows gets the count.
typedef struct {
    size_t rows;    // due rows written from the cases
    size_t missing; // of them, rows the index did not have
    size_t stale;   // rows the index had that no case wants
} wf_rebuild_t;
hr_rc_t wf_store_due_rebuild(hr_txn_t *txn, hr_arena_t *arena, wf_rebuild_t *out);
// Schema 1 -> 2: steps the version before stop 13 left at the top of their ladder
// (escalation_level 2 or more, next_level_ms 0) get a next level at once, so its tick asks who
// is that high now: the next manager up if the line has grown, else it waits a period.
hr_rc_t wf_store_migrate_ladder(hr_txn_t *txn, void *arg);
// Schema 2 -> 3: every person's roles once, as workflow.RolesChanged events
// (wf_store_roles_append), so that the services which learn the directory's roles from the log
// (hr-evidence) learn the people imported before the event existed. An empty directory appends
// nothing.
hr_rc_t wf_store_migrate_roles(hr_txn_t *txn, void *arg);
// Schema 3 -> 4: every case row without a journal entry gets one, as it is stored, noting
// "journal started at upgrade on DATE": what the case went through before cannot be proven.
hr_rc_t wf_store_migrate_journal(hr_txn_t *txn, void *arg);
// Schema 4 -> 5: every person once more as workflow.RolesChanged, now with the keys of their
// protected statuses (PersonRoles.protected_statuses), which the events before did not carry:
// hr-analytics leaves someone the directory protects out of its warnings (LCL 42). Nothing for
// a store from before schema 3: its 2 -> 3 step of the same start published them already.
hr_rc_t wf_store_migrate_statuses(hr_txn_t *txn, void *arg);
// Schema 5 -> 6: every closed case whose retention duty is dated and whose keeping end no event
// in the log gave hr-evidence yet (its CaseClosed from before that field said 0, and no
// RetentionRedated since said as late) gets one workflow.RetentionRedated with it, in the
// upgrade's transaction: hr-evidence, reading the log through its cursor, applies it exactly
// once and shreds none of the case's records before it. Cases whose close carried it get
// nothing; run again, it finds its own events and adds nothing.
hr_rc_t wf_store_migrate_keep(hr_txn_t *txn, void *arg);
// Schema 6 -> 7: every person once more as workflow.RolesChanged, now with whom they report to
// (PersonRoles.manager_no), which the events before did not carry: hr-analytics lets a superior
// read the metrics of their reporting line's cases. Nothing for a store from before schema 5:
// its 4 -> 5 (or 2 -> 3) step of the same start published them already.
hr_rc_t wf_store_migrate_lines(hr_txn_t *txn, void *arg);
// Schema 7 -> 8: every case whose HR review completed gets one workflow.ProofCited naming the
// records its facts cite as proof of its ground (wf_case_proof_ids), which the StepCompleted of
// its review did not carry before: hr-evidence gives them to the employee once told. A case
// whose facts cite nothing gets none.
hr_rc_t wf_store_migrate_proof(hr_txn_t *txn, void *arg);
// The records c's facts cite, each once, in order (arena; *out NUL-free, n returned): what
// StepCompleted of hr_review and ProofCited say as proof_evidence_ids.
size_t wf_case_proof_ids(const Hr__Workflow__Case *c, hr_arena_t *arena, char ***out);

// The case journal (module comment of wf_store.c). The head: seq 0 and zeros when empty.
typedef struct {
    uint64_t seq;
    unsigned char hash[WF_HASH_BYTES];
} wf_journal_head_t;
hr_rc_t wf_store_journal_head(hr_txn_t *txn, wf_journal_head_t *out);
// Appends the entry for a case row whose stored bytes are case_bytes[0..len): whom for from the
// txn's origin (hr_txn_origin; the service itself when none), note may be NULL. HR_EIO for a
// malformed head.
hr_rc_t wf_store_journal_append(hr_txn_t *txn, const char *case_id, const void *case_bytes,
                                size_t len, const char *note);
// The case's entries after seq after_seq (0: from the first), oldest first (arena), into rep with
// the head: until they hold max_bytes of case bytes (at least one entry), then next_after is the
// last seq given (0 when none is left).
#define WF_JOURNAL_PAGE_BYTES (4 * 1024 * 1024) // below the bus's 8 MB frame
hr_rc_t wf_store_journal_of(hr_txn_t *txn, const char *case_id, uint64_t after_seq,
                            size_t max_bytes, hr_arena_t *arena,
                            Hr__Workflow__CaseJournalReply *rep);
// The case's own latest journal entry: its seq and hash into *out (seq 0 and zeros when the
// journal has none for it). What a document prints as its anchor: unlike the journal's head it
// moves only when this case changes.
hr_rc_t wf_store_journal_last(hr_txn_t *txn, const char *case_id, wf_journal_head_t *out);
// Walks the whole journal and every case row: rep gets the entries and cases checked, the first
// bad link (bad_seq, chain_problem), each case whose row does not match its latest entry (at most
// WF_JOURNAL_BAD_MAX), the head, and ok. HR_OK when it could read it all (findings or not).
hr_rc_t wf_store_journal_verify(hr_txn_t *txn, hr_arena_t *arena,
                                Hr__Workflow__WorkflowVerifyReply *rep);

// Outgoing commands and events, through common/hr_outbox and common/hr_events. Both write
// inside the caller's transaction.
hr_rc_t wf_store_outbox_put(hr_txn_t *txn, const char *dest, const char *type,
                            const ProtobufCMessage *msg, int64_t now_ms,
                            char msg_id_out[HR_ID_LEN + 1]);
hr_rc_t wf_store_event_append(hr_txn_t *txn, const char *type, const ProtobufCMessage *msg,
                              const char *msg_id, int64_t now_ms);
// Appends workflow.RolesChanged for people (borrowed; each with all their roles now, their
// leaving, whom they report to and the keys of their protected statuses - never a status's
// source), at most
// WF_ROLES_EVENT_MAX people an event, in order; nothing when n is 0. *events_out (may be NULL)
// gets the number appended. HR_OK, HR_EFULL, HR_EIO.
hr_rc_t wf_store_roles_append(hr_txn_t *txn, Hr__Workflow__Person *const *people, size_t n,
                              const char *msg_id, int64_t now_ms, size_t *events_out);
hr_rc_t wf_store_outbox_list(hr_txn_t *txn, size_t max, hr_arena_t *arena,
                             Hr__Workflow__ListOutboxReply *rep);

// A case's read log (db case_reads). Appends r (borrowed) to case_id's log with the next seq
// (the newest kept + 1, from 1; set in r->seq) and, when the log then holds more than cap
// entries, drops the oldest down to cap. HR_EINVAL for a case_id that is not an id or cap 0;
// HR_EFULL, HR_EIO.
hr_rc_t wf_store_read_append(hr_txn_t *txn, const char *case_id, Hr__Workflow__CaseRead *r,
                             size_t cap);
// Fills rep with case_id's reads, newest first, below seq `before` (0 = from the newest), at most
// max (arena memory), with total (the newest seq), dropped (seqs below the oldest kept) and
// next_before (0 when no older entry is left). A case never read: an empty page. HR_EIO.
hr_rc_t wf_store_reads_list(hr_txn_t *txn, const char *case_id, uint64_t before, size_t max,
                            hr_arena_t *arena, Hr__Workflow__ListCaseReadsReply *rep);
// The case lists' log (db case_lists), one entry per ListCases call by a person: append as
// wf_store_read_append (one log for all, cap entries at most; HR_EINVAL for cap 0), and a page
// of it into rep->lists with total, dropped and next_before as wf_store_reads_list.
hr_rc_t wf_store_list_append(hr_txn_t *txn, Hr__Workflow__CaseListRead *l, size_t cap);
hr_rc_t wf_store_lists_list(hr_txn_t *txn, uint64_t before, size_t max, hr_arena_t *arena,
                            Hr__Workflow__ListCaseReadsReply *rep);

// ---------------------------------------------------------------------------------------------
// wf_server and wf_handlers

typedef struct wf_server wf_server_t;

// ---------------------------------------------------------------------------------------------
// wf_roles: the HR head and the legal reviewer (settings hr_head, legal_head), from the directory

#define WF_ROLES_NOTE_MAX 1024 // sys.Status keeps this much of the note

// The people config names for the two (roles/hr_head, roles/legal) and the escalation contact
// (escalation/contact, wf_escalation_recipients_end): "" when unset (borrowed),
// and the last choice made, for sys.Status (the status hook has no transaction to read it in).
typedef struct {
    const char *hr_head;
    const char *legal;
    const char *contact;              // escalation/contact: past the ladder's top, "" when unset
    char chosen[3 * WF_KEY_MAX + 48]; // "hr_head=NO legal=NO escalation_contact=NO"
    char warning[WF_ROLES_NOTE_MAX];  // the note, "" when nothing is in doubt
} wf_roles_config_t;

// Chooses both from the directory and stores them (with roles_note) in txn: the person cfg
// names, when in the directory, not left and holding the role (hr_head or hr; legal); else the
// only active holder of hr_head (then of hr; of legal); else the first active holder by
// employee number. People whose left_ms has come by now_ms never count. What is in doubt (a
// name not taken, several holders) goes to roles_note and, when warns is given, as one warning.
// The escalation contact is stored (setting escalation_contact) when in the directory and not
// left, else "" with a note saying why (the ladder then ends at the top of the line, as without).
// cfg (may be NULL: nobody named) gets the choice in chosen and warning.
hr_rc_t wf_roles_update(hr_txn_t *txn, hr_arena_t *arena, wf_roles_config_t *cfg, int64_t now_ms,
                        wf_errors_t *warns);
// At start-up: the choice made again (the config may name someone else now), logged.
hr_rc_t wf_roles_start(wf_server_t *self);
// Whether an escalation/contact value has the form of an employee number (1..WF_KEY_MAX bytes,
// no space, separator or control byte, not a reserved id): NULL, else why not (static text).
const char *wf_roles_contact_malformed(const char *no);
// sys.Status: "hr_head=NO legal=NO", and roles_warning="..." when the choice is in doubt.
void wf_roles_status(wf_server_t *self, Hr__Sys__StatusReply *rep, hr_arena_t *arena);
// The unions whose notices would reach nobody (LCL 43) as the directory stands in txn: every
// person and department read, wf_unions_unreached with self's branches and law/has_union. At
// most WF_BRANCH_MAX + 1 codes into out ("" the head office's union); *n how many.
hr_rc_t wf_roles_unions_unreached(const wf_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                                  int64_t now_ms, const char **out, size_t *n);
// sys.Status's line for one of them: "union_nobody=law/has_union branches=CD,WH" (the head
// office's, with the branches sharing it) or "union_nobody=branch/BJ/has_union" (arena).
const char *wf_roles_union_nobody_line(const wf_server_t *self, const char *union_of,
                                       hr_arena_t *arena);

struct wf_server {
    hr_daemon_t *daemon;          // borrowed: config, clock, store
    hr_store_t *store;            // borrowed from the daemon
    hr_clock_t *clock;            // borrowed from the daemon
    hr_calendar_t *calendar;      // owned: the company calendar
    char *calendar_path;          // owned: its file as read at start-up, NULL when none
    wf_time_t time;               // calendar + zone, for the domain
    wf_law_config_t law;          // the figures hr_law needs from config
    const char *law_source;       // borrowed: config law/local_average_wage_source, "" = not given
                                  // (the city and year of law/local_average_monthly_wage)
    wf_local_wage_t *local_wages; // owned: WF_LOCAL_WAGE_YEARS, law.local_wages points here
    const char *law_min_source;   // borrowed: config law/local_minimum_wage_source, "" = none
    wf_branch_t *branches;        // owned: the branches workflow.cfg declares (branch/CODE)
    size_t nbranches;             // entries in branches
    hr_arena_t *tick_arena;       // owned: the tick's scratch memory
    uint64_t escalations;         // escalation levels sent since start
    uint64_t tick_errors;         // due rows that failed (retried next tick)
    wf_due_pos_t due_from;        // the row the tick's next scan goes on after (zero: none)
    uint64_t fire_unlogged;       // due rows failed since due.fire was last logged
    int64_t fire_logged_ms;       // when it was (mono), 0 never
    size_t due_rebuilt;           // rows the reconciler wrote at its last run
    uint64_t due_diverged;        // rows it found missing or stale, all runs since start
    size_t steps_owner_left;      // active steps whose owner had left and nobody fit took
    int32_t hand_on_day;          // the local day of the last wf_server_hand_on
    int more_timer;               // id of the catch-up timer, 0 when none
    hr_relay_t *relay;            // owned: delivers the outbox to notify
    hr_events_t *events;          // owned: the event log's PUB hints and sys.EventsSince
    hr_consumer_t *notify_events; // owned: notify's DeliveryFailed events; NULL without notify
    uint64_t notify_batches;      // consumer batches seen by the tick (kick relay on change)
    struct wf_docs *docs;         // owned: the closing documents' templates (wf_document.c)
    hr_job_t *signer_jobs;        // owned: submissions asking hr-evidence who signed (wf_signers)
    char *evidence_endpoint;      // owned: hr-evidence's ROUTER, found at first need; NULL before
    uint64_t reads_recorded;      // reads of a case by a person written to its read log
    uint64_t reads_unrecorded;    // such reads answered but not written (a full disk): logged
    int interview_horizon_days;   // interview/horizon_days: how far ahead an interview is set
    int interview_notice_hours;   // interview/min_notice_hours: less notice is warned of (0 off)
    wf_roles_config_t roles;      // roles/hr_head, roles/legal (borrowed from the config)
    hr_job_t *verify_jobs;        // owned: workflow.Verify runs in the background (wf_journal)
    hr_job_t *absence_jobs;       // owned: reviews asking hr-analytics about claimed absence
    char *analytics_endpoint;     // owned: hr-analytics' ROUTER, found at first need; NULL before
};

// ---------------------------------------------------------------------------------------------
// wf_signers: who signed a case's records, asked of hr-evidence (evidence.Stat, as the operator)
// on a thread of its own while the submission waits parked (hr_call_park)

#define WF_SIGNERS_TIMEOUT_MS 1000 // one evidence.Stat, one attempt

// A peer asked from a work thread (wf_signers, wf_absence): a client to its ROUTER whose clock
// runs at the daemon's offset, and the operator's actor for the calls. Lives on the thread's
// stack; not moved while open (actor points into it).
typedef struct {
    hr_clock_t *clock;
    hr_client_t *client;
    char *roles[1];
    Hr__Actor actor;
} wf_peer_t;

// Opens p to endpoint for peer ("evidence"). HR_OK, or HR_EUNAVAIL with problem ("hr-evidence
// cannot be reached (...)", at most len bytes) and nothing to close.
hr_rc_t wf_peer_open(wf_peer_t *p, const char *peer, const char *endpoint, int64_t offset_ms,
                     char *problem, size_t len);
void wf_peer_close(wf_peer_t *p);
// The peer's ROUTER endpoint, found at first need and kept in *cache (owned by the server): HR_OK,
// or HR_EUNAVAIL on the call, "<doing>: no hr-<peer> to ask (peers/<peer>: why); <outcome>", and
// in Chinese "<doing_zh>：找不到 hr-<peer>……" (doing_zh says what and the outcome).
hr_rc_t wf_peer_endpoint(wf_server_t *self, hr_call_t *call, const char *peer, char **cache,
                         const char *doing, const char *outcome, const char *doing_zh);
// A peer's call that failed (rc): HR_EUNAVAIL, with problem saying it did not answer within
// timeout_ms, or what it answered (res's message; `what`, e.g. " for record ID", after the
// code).
hr_rc_t wf_peer_problem(const char *peer, hr_rc_t rc, const hr_result_t *res, int timeout_ms,
                        const char *what, char *problem, size_t len);

// The submission's record of the question, if hr-evidence has answered it: call at the start
// of the handler. NULL when there is none yet; *running true when a retry came while the
// question is out (the handler returns hr_call_park(call, NULL, NULL)). The record is freed
// when the call ends, whatever the handler does.
struct wf_signers *wf_signers_taken(wf_server_t *self, hr_call_t *call, bool *running);
// The signatures of ids (nids of them) as the case's parties. HR_OK with *out (arena, nids
// entries) from the answer taken; without one, the question is asked: the call parks and
// *parked is true (the handler returns HR_OK; it runs again once hr-evidence answered or could
// not). Fails the call with EUNAVAIL "could not check signatures ..." when hr-evidence is not
// configured, did not answer or refused, and with ECONFLICT when the case's records changed
// while it was asked. A record hr-evidence does not hold is signed by nobody.
// why words the failure for the caller: why the signatures matter and what was not done.
typedef struct {
    const char *need_zh, *need_en; // "公司规则要求签名", "the company rule needs them"
    const char *nothing_zh, *nothing_en; // "本次没有提交", "nothing was submitted"
} wf_signers_why_t;
hr_rc_t wf_signers_get(wf_server_t *self, hr_call_t *call, struct wf_signers *taken,
                       const Hr__Workflow__Case *c, const char *const *ids, size_t nids,
                       const wf_signers_why_t *why, wf_signed_t **out, bool *parked);
// Frees the records of every question (the daemon has joined their threads). At stop.
void wf_signers_free_all(wf_server_t *self);

// ---------------------------------------------------------------------------------------------
// wf_absence: the days a case claims the employee was absent (Case.absence_days), held at HR
// review against the attendance feed hr-analytics holds (analytics.GetFacts with days, as the
// operator) on a thread of its own while the review waits parked, as wf_signers does

#define WF_ABSENCE_DAYS_MAX 31     // claimed days per case (analytics' AN_DAY_RECORDS_MAX)
#define WF_ABSENCE_SPAN_MAX 366    // first to last claimed day (analytics' facts window)
#define WF_ABSENCE_TIMEOUT_MS 3000 // one analytics.GetFacts, one attempt

// NULL when days[0..n) (request field `field`) are dates YYYY-MM-DD, ascending without repeats,
// at most WF_ABSENCE_DAYS_MAX of them within WF_ABSENCE_SPAN_MAX days, each before today (a day
// not over has no attendance to show); else the refusal naming the field and the day (arena),
// *zh (may be NULL) the same in Chinese.
char *wf_absence_days_why(const char *field, char *const *days, size_t n, int32_t today,
                          hr_arena_t *arena, char **zh);
// The review's record of the question, if hr-analytics has answered it (wf_signers_taken's
// contract).
struct wf_absence *wf_absence_taken(wf_server_t *self, hr_call_t *call, bool *running);
// hr-analytics' word on c's claimed days. HR_OK with *rep (the reply, NULL when analytics holds
// no facts of the employee: *none says why, arena) from the answer taken; without one the
// question is asked: the call parks, *parked true. Fails the call with EUNAVAIL "could not check
// the claimed absence ..." when hr-analytics is not configured, did not answer or refused, and
// ECONFLICT when the claimed days changed while it was asked.
hr_rc_t wf_absence_get(wf_server_t *self, hr_call_t *call, struct wf_absence *taken,
                       const Hr__Workflow__Case *c, const Hr__Analytics__GetFactsReply **rep,
                       const char **none, bool *parked);
// The findings on c's claimed absence days (pure): a block ABSENCE_CONTRADICTED for each day the
// feed shows otherwise (punches, approved leave, an approval, no working day, no import covering
// it), naming what it shows and its source records, and what the manager can do - or, when HR
// accepted attached records that explain the difference (explained[0..nexplained), evidence ids
// attached to c), a warn ABSENCE_CONTRADICTION_EXPLAINED naming them; a warn ABSENCE_NOT_CHECKED
// when rep is NULL or no attendance import names the person (none: why). At most max; the count.
size_t wf_absence_findings(const Hr__Workflow__Case *c, const Hr__Analytics__GetFactsReply *rep,
                           const char *none, char *const *explained, size_t nexplained,
                           hr_arena_t *arena, law_finding_t *out, size_t max);
// Frees the records of every question (the daemon has joined their threads). At stop.
void wf_absence_free_all(wf_server_t *self);

extern const hr_service_t wf_service;
extern const hr_route_t wf_routes[];

// Fires the escalations due at now_ms, one write txn per due row, until the time budget is
// spent. Returns the number of rows handled; *more is set when due rows remain.
size_t wf_server_fire_due(wf_server_t *self, int64_t now_ms, bool *more);
// Hands on every case someone who has left by now holds something of (wf_handover_leaver, as
// "system"), one write transaction per case: at start-up, each hour, on the first tick of each
// day and after each people import. Counts what nobody fit could take (steps_owner_left), logs
// it (case.hand_on_nobody), and kicks the relay and the event log. The cases handed on.
size_t wf_server_hand_on(wf_server_t *self);
// Writes r (borrowed; a person's read of case_id) to the case's read log in a write transaction
// of its own, for a read route after its read (no transaction may be open), the map grown once
// when full. An entry that cannot be written (a full disk) does not stop the read: it is counted
// (reads_unrecorded in sys.Status) and logged as case.read_unrecorded with the ids. HR_OK or the
// write's code.
hr_rc_t wf_server_record_read(wf_server_t *self, const char *case_id, Hr__Workflow__CaseRead *r);
// The same for a person's list of cases: l (borrowed) into the case lists' log, counted with the
// reads (reads_recorded, reads_unrecorded), a failure logged as case.list_unrecorded.
hr_rc_t wf_server_record_list(wf_server_t *self, Hr__Workflow__CaseListRead *l);

hr_rc_t wf_handle_import_people(void *self, hr_call_t *call);
hr_rc_t wf_handle_import_departments(void *self, hr_call_t *call);
// wf_report.c: an employee's own report of a protected status, and HR's answer.
hr_rc_t wf_handle_report_status(void *server, hr_call_t *call);
hr_rc_t wf_handle_answer_status_report(void *server, hr_call_t *call);
hr_rc_t wf_handle_list_status_reports(void *server, hr_call_t *call);
#define WF_STATUS_REPORTS_MAX 10000 // reports a list reads at most
// sys.Status: "status_reports_pending=N" when employees' reports wait for HR's answer (hrctl
// health says so), read in txn. Grows rep->extra itself; nothing when none or unreadable.
void wf_reports_status(hr_txn_t *txn, Hr__Sys__StatusReply *rep, hr_arena_t *arena);
hr_rc_t wf_handle_get_person(void *self, hr_call_t *call);
hr_rc_t wf_handle_list_people(void *self, hr_call_t *call);
hr_rc_t wf_handle_put_template(void *self, hr_call_t *call);
hr_rc_t wf_handle_open_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_attach_evidence(void *self, hr_call_t *call);
hr_rc_t wf_handle_submit_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_review_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_approve_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_prepare_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_confirm_interview(void *self, hr_call_t *call);
hr_rc_t wf_handle_record_outcome(void *self, hr_call_t *call);
hr_rc_t wf_handle_close_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_complete_duty(void *self, hr_call_t *call);
hr_rc_t wf_handle_withdraw_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_rescind_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_reassign_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_set_case_template(void *self, hr_call_t *call);
hr_rc_t wf_handle_record_dispute(void *self, hr_call_t *call);
hr_rc_t wf_handle_record_payment(void *self, hr_call_t *call);
hr_rc_t wf_handle_get_case(void *self, hr_call_t *call);
hr_rc_t wf_handle_list_cases(void *self, hr_call_t *call);
hr_rc_t wf_handle_list_outbox(void *self, hr_call_t *call);
hr_rc_t wf_handle_list_case_reads(void *self, hr_call_t *call);

// Case effects shared by handlers and the tick (wf_effects.c): they only write inside txn.
// Resolves the owner of step i (manager, HR head, superior, ...) into step->owner_no.
// Nobody who has left by now_ms owns it (an HR or legal step goes to the HR head, else their
// stand-in; a superior step to the next one up).
hr_rc_t wf_effects_resolve_owner(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                                 int64_t now_ms);
// list without anyone the directory records as having left by now_ms (order kept; 0: nobody
// has); the new count.
size_t wf_effects_pass_over_left(hr_txn_t *txn, hr_arena_t *arena, const char **list, size_t n,
                                 int64_t now_ms);
// The HR person on the case: whoever reviewed it while the directory still gives them hr or
// hr_head, else "" (HR's stages then go to the HR head). Arena or static string.
const char *wf_effects_case_hr(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c);
// The HR head as the case knows them: the directory's (setting hr_head), unless they are the
// case's employee - then their stand-in: the first other HR person (hr or hr_head) by employee
// number, one who neither opened nor manages the case when there is one, else the HR head's own
// superior ("" when nobody). Every HR stage, copy and alert of the case goes there instead.
const char *wf_effects_case_hr_head(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c);
// The same, and an HR head who has left by now_ms has the stand-in too (who has not left).
const char *wf_effects_case_hr_head_at(hr_txn_t *txn, hr_arena_t *arena,
                                       const Hr__Workflow__Case *c, int64_t now_ms);
// A rescission told (c->rescission set): the manager and the case's HR person (the HR head when it
// has none), each once and in their own language, by WF_TPL_RESCINDED with the outcome
// `rescinded` and the agreement's day; the employee by WF_TPL_CONTINUES, as their interview
// invitation is (sent by the HR department of `company`, the HR person as contact, the case id in
// the email's reference only, no SMS saying 解除), on the channels the directory has an address
// for. Recorded in the case like every notification.
hr_rc_t wf_effects_rescinded(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *company, const wf_time_t *t, int64_t now_ms);
// A reinstatement told (c->reinstatement set, its duties cancelled): the manager and the case's
// HR person (the HR head, or their stand-in, when it has none or they have left), each once and
// in their own language, by WF_TPL_REINSTATED with the award's day and reference and `documents`
// saying what is theirs to do (HR: the directory row - left_date empty, hire_date kept - and a
// certificate or transfer done already to undo; the manager: the employee's return to work); the
// employee by WF_TPL_REINSTATED_EMPLOYEE as a rescission's WF_TPL_CONTINUES (the sender, the HR
// person as contact, the case id in the email's reference only, none of the staff's text), on
// the channels the directory has an address for. Recorded in the case like every notification.
hr_rc_t wf_effects_reinstated(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                              const char *company, const wf_time_t *t, int64_t now_ms);
// A reinstatement set aside told (c->reinstatement marked set aside, the duties it cancelled
// owed again, listed in owed): the same people as wf_effects_reinstated, each once and in their
// own language - the manager and HR by WF_TPL_SET_ASIDE with the award, the judgment's day and
// reference, the contract's end and `documents` saying what is theirs to do (HR: the directory's
// left_date again and the duties owed again; the manager: the employee's leaving, if they came
// back to work); the employee privately by WF_TPL_SET_ASIDE_EMPLOYEE (the judgment, that the
// termination stands as it decided, the end, whom in HR to ask). Recorded in the case.
hr_rc_t wf_effects_set_aside(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *owed, const char *company, const wf_time_t *t,
                             int64_t now_ms);
// A withdrawal told (c withdrawn by `by`, c->withdraw_reason set): the case's HR person (the HR
// head when it has none), the approving superior when the case asked for one, the manager now,
// the owner of the stage it stood at (`stage`) and everyone that stage's escalations reached on
// its owner's line today, and - once an interview was scheduled - everyone invited to it; never
// `by`, the employee, nor anyone who has left (wf_tell_withdrawn_to). One WF_TPL_WITHDRAWN each,
// in their own language.
hr_rc_t wf_effects_withdrawn(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *by, const char *stage, const wf_time_t *t, int64_t now_ms);
// The employee told of their interview by tpl (WF_TPL_INVITE, WF_TPL_INVITE_MOVED with `was`
// the interview it replaces, WF_TPL_INVITE_CANCELLED): one message in their language, on the
// channels the directory has an address for, with the date (as their documents write it:
// 2026年12月3日, ISO in English), time and place of c->interview, who
// attends (the manager and hr_no), whom to ask (hr_no: name, email, mobile) and, but when
// cancelled, the company's practice on being accompanied (a union representative only when
// has_union), and who invites them: the HR department of company (config company/name; the
// HR department alone when "") - an SMS naming no sender reads like a fraud. *told false, and
// nothing queued, when the directory holds neither an email nor a mobile for them (or not them
// at all): HR must tell them in writing.
hr_rc_t wf_effects_interview_told(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                  const char *tpl, const char *hr_no,
                                  const Hr__Workflow__Interview *was, bool has_union,
                                  const char *company, const wf_time_t *t, int64_t now_ms,
                                  bool *told);
// A case returned to its manager told: findings (the block findings the manager may see, from
// wf_finding_for) become a numbered text in the manager's language with a count for the SMS
// (WF_TPL_CASE_RETURNED), headed by `note` (HR's review note) when there is one and with each
// unproven fact's attached items HR did not accept (wf_tell_returned_text); with no findings,
// `note` (a superior's rejection) is the reason. When the
// case is blocked by a statutory protection (wf_tell_is_blocked), WF_TPL_BLOCKED instead, to the
// manager and, with the protection named (the full findings of c->assessment), to hr_no and the
// HR head, once each; WF_TPL_BLOCKED_LASTING when it lasts until the retirement age
// (wf_tell_is_lasting: withdraw, nothing to wait for).
hr_rc_t wf_effects_returned(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                            Hr__Workflow__Finding *const *findings, size_t nfindings,
                            const char *note, bool blocked, const char *hr_no, const wf_time_t *t,
                            int64_t now_ms);
// Queues a notify.Send of template tpl about step (may be NULL) to `to` with `cc` (employee
// numbers, resolved to name, email and mobile from the directory), records it in the case.
hr_rc_t wf_effects_notify(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, const char *tpl,
                          const Hr__Workflow__CaseStep *step, unsigned level, const char *const *to,
                          size_t nto, const char *const *cc, size_t ncc, const wf_time_t *t,
                          int64_t now_ms, const char *extra_key, const char *extra_value);
// The reporting chain above employee_no (manager, manager's manager, ...), at most max.
hr_rc_t wf_effects_chain(hr_txn_t *txn, hr_arena_t *arena, const char *employee_no,
                         const char **chain, size_t max, size_t *n);
// The superiors who read case c (wf_auth_read_as: "superior"), as the directory has them at
// now_ms, into line[0..*n) (room for WF_LINE_MAX; arena strings): those of its employee, then
// those of its manager now not already there - a superior reads the cases of every manager whose
// chain of manager links reaches them, as the escalation mails climb the owner's line even once
// the employee has moved to another team. Each at most WF_CHAIN_MAX levels up, a loop stopped
// where it closes (wf_effects_chain), each person once; never the case's employee, nor anyone
// who has left by now_ms (no superior any more: the line goes on above them). The one place a
// manager's reading scope is computed (GetCase and the case-changing routes, ListCases).
// HR_OK, or the store's failure (*n 0).
#define WF_LINE_MAX (2 * WF_CHAIN_MAX)
hr_rc_t wf_effects_case_line(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                             int64_t now_ms, const char **line, size_t *n);
// After a handler's commit: kick the relay, flush event hints (registered by every write).
void wf_effects_after_commit(wf_server_t *self, hr_call_t *call);
// A notify.DeliveryFailed pulled from notify's event log (inside the consumer's batch txn):
// records the failed reminder on its case (once per delivery id, and once per refused cc of it:
// cc_refused + recipient_index), appends
// workflow.ReminderFailed and a history entry, and queues a delivery_failed notify.Send to the
// HR head on another channel (wf_failure_decide: never for a failed alert). Events that belong
// to no known case change nothing. *recorded says whether a case was changed.
hr_rc_t wf_effects_delivery_failed(hr_txn_t *txn, hr_arena_t *arena,
                                   const Hr__Notify__DeliveryFailed *df, const wf_time_t *t,
                                   int64_t now_ms, bool *recorded);
// The retention duty kept its records until its day: done then, by the workflow itself (history
// and a StepCompleted event; nobody is reminded or escalated to for it).
hr_rc_t wf_effects_kept(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                        int64_t now_ms);
// HR told that the system handed on what left_no (who left on left_date) held in c: moved (the
// steps, "request E0101 -> E0100 (due ...)"), the manager now. To the case's HR person, else the
// HR head or their stand-in at now_ms (nobody who has left); one WF_TPL_HANDED_ON in their
// language, recorded on the case.
hr_rc_t wf_effects_handed_on(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *left_no, const char *left_date, const char *moved,
                             const wf_time_t *t, int64_t now_ms);
// Whether person p is of the union a notice goes to (the caller's arg: which union that is).
typedef bool wf_union_member_fn(void *arg, const Hr__Workflow__Person *p);
// The union told the reasons of case c (LCL 43): each active person of the directory holding
// role union, of the employee's union (member(arg, p): the union of their own branch), who has an
// email or a mobile gets one WF_TPL_UNION_NOTICE in their language (the ground in the statute's
// words, HR's reviewed reasons, the notice day planned and the opinion asked by the day before
// it, as the union's letter states them), on the channels they have an address for; the SMS
// names no one. *told: their numbers, "E0300, E0301" ("" nobody: the caller warns HR). company:
// config company/name.
hr_rc_t wf_effects_union_told(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                              const char *company, const wf_time_t *t, int64_t now_ms,
                              wf_union_member_fn *member, void *arg, const char **told);
// The payroll office told that case c's outcome fixes money to pay (wf_pay_money_fixed): each
// active person of the directory holding role payroll with an email or a mobile gets one
// WF_TPL_PAYMENT_DUE in their language - the employee, each amount the case computed, when each
// falls due (notice pay by the contract's last day, Reg. Art. 20; severance at the work
// handover, LCL 50 para 2, its day when recorded) and the command that records a payment. No
// bank details: the payroll office has them. *told: their numbers ("" nobody: HR pays then).
hr_rc_t wf_effects_payroll_told(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                const wf_time_t *t, int64_t now_ms, const char **told);
// The employee told what happens to them now that case c's outcome is recorded: the ending
// (wf_doc_ending_word) and the contract's last day, the notice served and how they received it
// (their signature, the copy they signed, or a record of service) or the agreement signed, each
// amount the outcome fixes and when it is paid (severance at the work handover, LCL 50 para 2;
// notice pay by the last day, Reg. Art. 20; the wages to the last day), the certificate issued at
// the ending (LCL 50) and where to collect it (address: the employer's, and the HR contact), and
// the transfer within fifteen days by its day. One WF_TPL_EMPLOYMENT_ENDED in their language, the
// dates as their documents write them (2026年12月1日; ISO in English), on the channels the
// directory has an address for, sent by the HR department of company with the case's HR person
// as contact. *told false, and nothing queued, when the directory holds neither an email nor a
// mobile for them (or not them at all): HR must tell them in writing.
hr_rc_t wf_effects_employee_ended(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                  const char *company, const char *address, const wf_time_t *t,
                                  int64_t now_ms, bool *told);
// The same for payment p to them, just recorded: what it is for (经济补偿, 代通知金,
// 违法解除或终止劳动合同的赔偿金, 工资, 其他款项), the amount to the fen, the day and how, and
// what the case still owes them (WF_TPL_PAYMENT_MADE). A reversal (p->reverses) tells them the
// payment it cancels - what, how much, the day it was said paid - the correction's day and what
// is still owed now (WF_TPL_PAYMENT_REVERSED).
hr_rc_t wf_effects_employee_paid(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                 const Hr__Workflow__Payment *p, const char *company,
                                 const wf_time_t *t, int64_t now_ms, bool *told);
// The same for the transfer duty st just recorded done, on its day (WF_TPL_TRANSFER_DONE).
hr_rc_t wf_effects_employee_transferred(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                        const Hr__Workflow__CaseStep *st, const char *company,
                                        const wf_time_t *t, int64_t now_ms, bool *told);
// The same for the certificate duty st just recorded done: the certificate of the ending
// issued on its day, and where to collect it (address, else the company) from whom if it was
// not handed over - the duty does not say (WF_TPL_CERTIFICATE_ISSUED).
hr_rc_t wf_effects_employee_certified(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                      const Hr__Workflow__CaseStep *st, const char *company,
                                      const char *address, const wf_time_t *t, int64_t now_ms,
                                      bool *told);
// Whether the system can tell emp anything: an email or a mobile in the directory.
bool wf_effects_employee_reachable(const Hr__Workflow__Person *emp);
// The payroll office told again that what case c owes changed from *was (wf_pay_due_of before
// the change) to what it owes now, and why (why_en, why_zh: one sentence each): the same people
// as wf_effects_payroll_told, one WF_TPL_PAYMENT_CHANGED each in their language with both
// amounts of each item to the fen, what was paid and what is still owed. Nothing when the
// amounts are the same. *told: their numbers ("" nobody).
hr_rc_t wf_effects_payroll_changed(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                   const wf_pay_due_t *was, const char *why_en, const char *why_zh,
                                   const wf_time_t *t, int64_t now_ms, const char **told);
// Fires escalation `level` for step i of case c: notifications, events, history; *sent_out
// true. A level above 2 with nobody that high on the owner's line sends nothing and waits
// another period (*sent_out false; the step's next_level_ms moves on).
hr_rc_t wf_effects_escalate(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                            unsigned level, const wf_time_t *t, int64_t now_ms, bool *sent_out);
// Tells the owner of step i that it is due soon (due_soon, email and SMS), once: history, no
// escalation event.
hr_rc_t wf_effects_remind(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                          const wf_time_t *t, int64_t now_ms);

// ---------------------------------------------------------------------------------------------
// wf_handover: a case handed on, by HR (ReassignCase) or by the system when someone who holds
// it has left; everything writes inside h->txn

typedef struct {
    hr_txn_t *txn;         // borrowed: the write transaction
    hr_arena_t *arena;     // borrowed
    const wf_time_t *time; // borrowed: calendar and zone
    int64_t now_ms;        // the moment of the hand-over
    const char *by;        // who hands it on: HR's id, or "system"
    const char *msg_id;    // the request's msg_id, "" for the system
} wf_handover_t;

// The first up employee_no's line (their manager, then theirs, ...) who has not left by
// h->now_ms, in *no ("" when nobody) - someone the directory does not know counts as here - and
// in *passed the first passed over as having left (NULL when none).
hr_rc_t wf_handover_line(const wf_handover_t *h, const char *employee_no, const char **no,
                         const Hr__Workflow__Person **passed);
// Why p may not become c's manager (arena text starting "manager_no: "), or NULL in *why when
// they may: not someone who has left, wf_owner_reassign_why, and a superior of their own when a
// superior's approval is still to come. HR_OK, or the directory's read error. *zh (may be NULL):
// the same as *why in Chinese.
hr_rc_t wf_handover_fit(const wf_handover_t *h, const Hr__Workflow__Case *c,
                        const Hr__Workflow__Person *p, const char **why, const char **zh);
// Every active step of c (only_left: only those whose owner has left by h->now_ms) to whoever
// owes it now (wf_effects_resolve_owner), a step that changed hands with a fresh ladder
// (wf_owner_handed_on) and its new owner told (step_assigned; the interview's day too); an
// interview confirmation of the replaced manager prev lapses. *moved_out (arena) lists what
// moved ("; request E0101 -> E0100 (due ...)..."), "" when nothing did.
hr_rc_t wf_handover_steps(const wf_handover_t *h, Hr__Workflow__Case *c, const char *prev,
                          bool only_left, char **moved_out);
// The hand-over written: the history entry `reassigned` by h->by ("manager PREV -> NEW" with
// passed, moved and reason) and workflow.CaseReassigned with both lines (hr-evidence follows).
hr_rc_t wf_handover_record(const wf_handover_t *h, Hr__Workflow__Case *c, const char *prev,
                           const char *passed, const char *moved, const char *reason);
// The system's hand-over of c from whoever has left by h->now_ms: a manager who left goes to the
// one ReassignCase without a manager named would choose (wf_handover_line, when
// wf_handover_fit), every active step someone who left holds to whoever owes it now, recorded as
// a reassignment by h->by with the reason naming who left and when (version bumped; the caller
// stores c). *changed says whether anything moved; *why_not (arena or static) why a manager who
// left, or a step, stays (nobody fit), else NULL. Nothing where HR could not reassign it either,
// and nothing when nobody who has left holds anything: calling it again changes nothing.
hr_rc_t wf_handover_leaver(const wf_handover_t *h, Hr__Workflow__Case *c, bool *changed,
                           const char **why_not);

// ---------------------------------------------------------------------------------------------
// wf_document: the closing documents - termination certificate and notice (pure)

// The union's letter (WF_DOC_UNION_NOTICE, 解除劳动合同通知工会函): the reasons of a rescission by
// the employer alone notified to the union beforehand (LCL 43, GC180), its opinion asked for.
typedef enum {
    WF_DOC_CERTIFICATE,
    WF_DOC_NOTICE,
    WF_DOC_UNION_NOTICE,
    WF_DOC_KIND_COUNT
} wf_doc_kind_t;
typedef enum { WF_DOC_ZH, WF_DOC_EN, WF_DOC_LANG_COUNT } wf_doc_lang_t;

#define WF_DOC_TEXT_MAX 65536  // a document template file
#define WF_DOC_NAME_MAX 48     // a placeholder's name
#define WF_DOC_FIELDS_MAX 1000 // placeholders in one template (caps the filled text)
#define WF_DOC_HAND_BLANK "__________________" // {id_no} unknown: 18 places for hand entry
#define WF_DOC_DIR "documents"                 // default documents/dir: beside the config file

// The placeholders a template may use (README "Closing documents" says what each holds).
typedef enum {
    WF_DOC_F_COMPANY_NAME,
    WF_DOC_F_COMPANY_ADDRESS,
    WF_DOC_F_CASE_ID,
    WF_DOC_F_DATE,
    WF_DOC_F_EMPLOYEE_NAME,
    WF_DOC_F_EMPLOYEE_NO,
    WF_DOC_F_DEPARTMENT,
    WF_DOC_F_POSITION,
    WF_DOC_F_HIRE_DATE,
    WF_DOC_F_CONTRACT_TYPE,
    WF_DOC_F_CONTRACT_START,
    WF_DOC_F_CONTRACT_END,
    WF_DOC_F_CONTRACT_TERM,
    WF_DOC_F_EFFECTIVE_DATE,
    WF_DOC_F_SERVICE_YEARS,
    WF_DOC_F_GROUND_CODE,
    WF_DOC_F_GROUND_TITLE,
    WF_DOC_F_GROUND_ARTICLE,
    WF_DOC_F_NOTICE_DATE,
    WF_DOC_F_NOTICE_TERMS,
    WF_DOC_F_NOTICE_PAY,
    WF_DOC_F_SEVERANCE,
    WF_DOC_F_SEVERANCE_TERMS,
    WF_DOC_F_UNION_TERMS,
    WF_DOC_F_CERTIFICATE_DATE,
    WF_DOC_F_TRANSFER_DATE,
    WF_DOC_F_ARBITRATION_LIMIT,
    WF_DOC_F_ARBITRATION_FROM,
    WF_DOC_F_TITLE,
    WF_DOC_F_ENDING,
    WF_DOC_F_ENDED,
    WF_DOC_F_ENDING_MANNER,
    WF_DOC_F_ISSUE_DATE,
    WF_DOC_F_REASON,
    WF_DOC_F_GROUND_TEXT,
    WF_DOC_F_PROBATION_START,
    WF_DOC_F_PROBATION_END,
    WF_DOC_F_PROBATION_TERMS,
    WF_DOC_F_ID_NO,
    WF_DOC_F_UNION_NAME,     // the union the letter goes to (the local federation with none)
    WF_DOC_F_OPINION_BY,     // the union's opinion asked for by: the day before the notice day
    WF_DOC_F_NOTICE_HEADING, // the notice's section on notice: 提前通知, or 裁员程序 (LCL 41)
    WF_DOC_FIELD_COUNT
} wf_doc_field_t;

// The templates the daemon loaded at start (wf_server.c reads the files; a NULL text is a file
// that was missing: that document is refused).
typedef struct wf_docs {
    char *dir;                                        // owned: documents/dir as resolved
    char *text[WF_DOC_KIND_COUNT][WF_DOC_LANG_COUNT]; // owned: checked templates, NULL missing
    const char *company_name;                         // borrowed from the config: company/name
    const char *company_address;                      // borrowed from the config
    const char *union_name; // borrowed: company/union_name, "" unset (<company/name>工会)
    bool has_union;         // law/has_union
} wf_docs_t;

// How the case ends the contract, as the documents word it: 解除 (rescission) under Arts. 36-41,
// 终止 (termination) under Art. 44 - hr_law's ground table (law_ground_t.ending) decides which.
typedef enum {
    WF_DOC_END_UNKNOWN,      // a ground hr_law does not know: the wording fields are missing
    WF_DOC_END_BY_EMPLOYER,  // 解除 by the employer alone (Arts. 39, 40, 41)
    WF_DOC_END_BY_AGREEMENT, // 解除 by agreement (Art. 36, or an agreement signed as the outcome)
    WF_DOC_END_TERMINATED,   // 终止 (Art. 44: the contract's expiry, ...)
} wf_doc_end_t;

// What a document is filled from; everything borrowed.
typedef struct {
    wf_doc_kind_t kind;            // which document (its title)
    const Hr__Workflow__Case *c;   // the case
    const Hr__Workflow__Person *p; // its employee, as the directory has them today
    const char *department;        // the employee's department's name ("" unknown)
    const char *company_name;      // company/name ("" unset)
    const char *company_address;   // company/address ("" unset)
    bool has_union;                // law/has_union
    // The union the letter goes to when has_union: "" or NULL for <company_name>工会, else
    // 本单位工会 (the head office's: company/union_name; a branch's own union:
    // branch/CODE/union_name, wf_branch).
    const char *union_name;
    int64_t now_ms;    // the document's date (today, company time)
    int tz_offset_min; // company time zone
    // The notice before the outcome: the day it is served and the contract's last day, checked
    // by the caller (NULL or "": the assessment's planned dates). An outcome's dates win.
    const char *served_date;
    const char *effective_date;
    // The company calendar: a period's last day on a rest day or holiday moves to the day after
    // it (Civil Code Art. 203). NULL: Saturdays and Sundays only.
    const hr_calendar_t *cal;
    // The case's latest journal entry's hash as 64 hex digits (wf_store_journal_last), "" or
    // NULL none: the notice and the certificate close with its first 32, the record the
    // employee holds of the case's history at rendering.
    const char *journal_hash;
} wf_doc_input_t;

// The closing line of a notice or certificate (wf_doc_fill): its label, then the first
// WF_DOC_ANCHOR_HEX hex digits of the case's latest journal entry's hash.
#define WF_DOC_ANCHOR_ZH "本文书生成时本案记录摘要值（SHA-256）："
#define WF_DOC_ANCHOR_EN "Case record digest (SHA-256) when this document was made: "
#define WF_DOC_ANCHOR_HEX 32

// A filled document (arena memory).
typedef struct {
    char *text;     // the document
    char **missing; // names of the placeholders that had no value, in table order
    size_t nmissing;
    // The template states the arbitration limit and a year's unpublished holiday notice may move
    // it (wf_doc_limit_unsure): that year, and the limit's raw last day; 0 otherwise.
    int limit_unsure_year;
    int32_t limit_day;
    // The same for the transfer's fifteen days (wf_doc_transfer_unsure): that year, and the
    // fifteenth day; 0 otherwise.
    int transfer_unsure_year;
    int32_t transfer_day;
} wf_doc_t;

// "certificate" / "notice" / "union_notice", "zh" / "en", a placeholder's name; NULL out of
// range. wf_doc_kind_zh: the kind's Chinese name (解除（终止）劳动合同的证明, ...).
const char *wf_doc_kind_name(wf_doc_kind_t kind);
const char *wf_doc_kind_zh(wf_doc_kind_t kind);
// The kind's Chinese name for case c: 解除劳动合同的证明 or 终止劳动合同的证明, 解除劳动合同通知书
// or 终止劳动合同通知书 as wf_doc_end decides (the 解除（终止） form for a ground hr_law does not
// know); the union's letter keeps its one name.
const char *wf_doc_case_kind_zh(const Hr__Workflow__Case *c, wf_doc_kind_t kind);
const char *wf_doc_lang_name(wf_doc_lang_t lang);
const char *wf_doc_field_name(wf_doc_field_t f);
bool wf_doc_kind_parse(const char *s, wf_doc_kind_t *out);
bool wf_doc_lang_parse(const char *s, wf_doc_lang_t *out);
// Checks a template: at most WF_DOC_TEXT_MAX bytes of UTF-8, every {name} a known placeholder
// ({{ and }} write braces). HR_OK, or HR_EINVAL with "line 12: unknown placeholder {salary}"
// in err.
hr_rc_t wf_doc_check(const char *text, size_t len, char *err, size_t errlen);
// Whether the case allows the document: the certificate once an outcome that ends the contract
// is recorded (agreement signed, notice served: LCL Art. 50, never held back for the
// handover); the notice for a dismissal by the employer (Art. 39, 40, 41) or an ending on
// expiry (Art. 44) once HR review found it lawful and the case stands at prepare, interview or
// outcome, or once the notice is served. HR_OK, or HR_ECONFLICT with the reason in err and, when
// zh is not NULL, in Chinese in zh.
hr_rc_t wf_doc_allowed(const Hr__Workflow__Case *c, wf_doc_kind_t kind, char *err, size_t errlen,
                       char *zh, size_t zhlen);
// How the case ends the contract: its ground's ending in hr_law's table (终止 for Art. 44), else
// by agreement for an Art. 36 ground or an agreement signed as the outcome, else by the employer.
wf_doc_end_t wf_doc_end(const Hr__Workflow__Case *c);
// The case's ending as one word, the one the documents use ({ending}, {ended}): 解除 or 终止
// (rescission / rescinded, termination / terminated); for a ground hr_law does not know, the
// statute's 解除或终止 (rescission or termination). Every text that names the notice served, the
// certificate or the ending takes it from here. Static strings, never NULL.
const char *wf_doc_ending_word(const Hr__Workflow__Case *c, wf_doc_lang_t lang, bool participle);
// True if a checked template words the ending from the case ({title}, {ending}, {ended} or
// {ending_manner}); one that does not can only say what its text says (解除, say).
bool wf_doc_names_ending(const char *tpl);
// Whether the template can word this case's document: a notice of 终止 (Art. 44) from a template
// that does not name the ending would say 解除. HR_OK, or HR_ECONFLICT with the reason in err.
hr_rc_t wf_doc_fits(const char *tpl, const Hr__Workflow__Case *c, wf_doc_kind_t kind, char *err,
                    size_t errlen, char *zh, size_t zhlen);
// The notice day the union's letter (LCL 43) proposes for case c in *day (0: none, the letter shows
// the gap): want_served (HR's, "" none) as given - not before today, and the outcome's served day
// once one is recorded - else the outcome's served day, else the day the letter the union received
// proposed (UnionRecord.notice_proposed_date, kept when HR recorded the notice), else the review's
// planned notice day while it has not passed. Never on or before the day of the case's interview:
// the employee is heard first, and the union's opinion is asked for by the day before the notice.
// HR_OK, or HR_EINVAL (HR's day) / HR_ECONFLICT (the plan's day) naming both days, in err and in
// Chinese in zh.
hr_rc_t wf_doc_union_day(const Hr__Workflow__Case *c, const char *want_served, int32_t today,
                         int32_t *day, char *err, size_t errlen, char *zh, size_t zhlen);
// The days a notice made before the outcome states (*served, *effective): HR's (want_*, "" none)
// as given, else the review's - its notice day (planned, NULL none; not passed) and its end. An
// end HR does not give is the review's only for the review's notice day (or the contract's end
// on expiry): a notice on another day with no end given is refused (HR_ECONFLICT naming both
// days), never an end reckoned anew. Checks only the days themselves; the caller checks them
// against the directory and the interview as the outcome would. HR_OK, or the refusal in err and
// zh (HR_EINVAL, HR_ECONFLICT).
hr_rc_t wf_doc_notice_days(const Hr__Workflow__Case *c, const char *want_served,
                           const char *want_effective, const int32_t *planned, int32_t today,
                           int32_t *served, int32_t *effective, char *err, size_t errlen, char *zh,
                           size_t zhlen);
// Every placeholder's value (v: WF_DOC_FIELD_COUNT entries; NULL = no value), arena strings.
void wf_doc_values(const wf_doc_input_t *in, wf_doc_lang_t lang, hr_arena_t *arena, const char **v);
// Fills a checked template into *out (arena). A placeholder without a value is written as a
// marker (【缺：name】 / [missing: name]) and listed in out->missing.
void wf_doc_fill(const char *tpl, const wf_doc_input_t *in, wf_doc_lang_t lang, hr_arena_t *arena,
                 wf_doc_t *out);
// Formats for documents (arena strings): a day as 2026年12月3日 (zh) or 2026-12-03 (en); fen as
// "人民币12,345.67元" or "CNY 12,345.67"; a length of service as "2年3个月5天" / "2 years 3 months
// 5 days".
char *wf_doc_date(int32_t day, wf_doc_lang_t lang, hr_arena_t *arena);
char *wf_doc_money(int64_t fen, wf_doc_lang_t lang, hr_arena_t *arena);
// An amount the company pays, as a formal letter writes it: "人民币225,000.00元（大写：人民币贰拾
// 贰万伍仟元整）" (zh), "CNY 225,000.00" (en).
char *wf_doc_amount(int64_t fen, wf_doc_lang_t lang, hr_arena_t *arena);
// fen in Chinese capital figures (大写) as the PBOC's rules for writing amounts on payment
// instruments have it: "人民币" first; 壹拾 never 拾; one 零 for a run of zeros inside the
// yuan; 元 then 整 for whole yuan; 角 then 整 when there are no fen; 零 between 元 and the fen
// when the jiao is 0 (10.05: 人民币壹拾元零伍分); 0.05: 人民币伍分; 0: 人民币零元整. A negative
// amount starts with 负 after 人民币.
char *wf_doc_cny_upper(int64_t fen, hr_arena_t *arena);
// The last day of a period ending on `day` as Civil Code Art. 203 counts it: a rest day or
// holiday in the calendar (NULL: Saturdays and Sundays) moves it to the day after the days off.
int32_t wf_doc_period_end(const hr_calendar_t *cal, int32_t day);
// The same, and whether it is sure: *unsure_year is the first year whose unpublished notice may
// make one of the days from `day` to the end a day off, or `day` itself a working day
// (wf_deadline_day_sure), 0 when nothing can move it.
int32_t wf_doc_period_end_sure(const hr_calendar_t *cal, int32_t day, int *unsure_year);
// Where a year's unpublished notice may still move it (wf_doc_period_end_sure), the bounds of
// that end, for a statutory period the workflow dates: the earliest day it can be (the end of a
// duty the company must do within the period - the transfer: never later than the law allows,
// whatever the notice says) and the latest (the end of a minimum the company must keep to - the
// records' two years: never shorter). Both are wf_doc_period_end when nothing can move it.
int32_t wf_doc_period_end_earliest(const hr_calendar_t *cal, int32_t day);
int32_t wf_doc_period_end_latest(const hr_calendar_t *cal, int32_t day);
// The arbitration limit a document for `in` states (a year from the notice; from the contract's
// end for 终止), as its raw last day in *limit, and the year whose unpublished notice may move
// its end (wf_doc_period_end_sure); 0 when the end is sure or the document states no limit.
int wf_doc_limit_unsure(const wf_doc_input_t *in, int32_t *limit);
// The same for the transfer of the file and social insurance a document for `in` states (LCL
// Art. 50: within 15 days of the contract's end): its fifteenth day in *transfer, and the year
// whose unpublished notice may move the end; 0 when the end is sure or there is no end date.
int wf_doc_transfer_unsure(const wf_doc_input_t *in, int32_t *transfer);
char *wf_doc_service(const law_service_t *s, wf_doc_lang_t lang, hr_arena_t *arena);
// The suggested file name: certificate-E0117-<case id>.zh.txt.
char *wf_doc_file_name(const Hr__Workflow__Case *c, wf_doc_kind_t kind, wf_doc_lang_t lang,
                       hr_arena_t *arena);

hr_rc_t wf_handle_render_document(void *self, hr_call_t *call);

// ---------------------------------------------------------------------------------------------
// wf_tell: what the workflow tells people and what a list shows (pure)

#define WF_TELL_TEXT_MAX 4000 // a findings text: within notify's 4096-byte variable
#define WF_TELL_MORE_MAX 120  // room kept for "... and N more" at its end
#define WF_TELL_NOTE_MAX 1500 // HR's note at the head of a returned case's text

// Block findings among findings[0..n).
size_t wf_tell_block_count(Hr__Workflow__Finding *const *findings, size_t n);
// The block findings as a text in English (en) or Chinese: one numbered line each, "1. [LCL
// 39(1)] <hr_law's message: the fact, the article, what to attach>", at most WF_TELL_TEXT_MAX
// bytes; findings that do not fit are counted at the end ("... and 2 more: see the case in the
// system"). Arena string.
char *wf_tell_findings_text(Hr__Workflow__Finding *const *findings, size_t n, bool en,
                            hr_arena_t *arena);
// A returned case's text for its manager: HR's note first when there is one ("HR's note: ..." /
// "HR 说明：...", at most WF_TELL_NOTE_MAX bytes of it), then the block findings as
// wf_tell_findings_text numbers them, each followed by wf_review_not_accepted's line for c when
// attached items could prove its fact. At most WF_TELL_TEXT_MAX bytes. Arena string.
char *wf_tell_returned_text(const Hr__Workflow__Case *c, Hr__Workflow__Finding *const *findings,
                            size_t n, const char *note, bool en, hr_arena_t *arena);
// True when a's block findings include a protected status (an employee.status.* fact): no
// evidence the manager could attach changes the verdict while the protection lasts.
bool wf_tell_is_blocked(const Hr__Workflow__Assessment *a);
// True when c stands at request, returned there for a protection (its assessment is blocked,
// wf_tell_is_blocked): no deadline is owed (wf_tell_block_step).
bool wf_tell_case_is_blocked(const Hr__Workflow__Case *c);
// True when a's protected block findings are all ones that last until the retirement age
// (LCL 42(5), PROTECTED_LONG_SERVICE): waiting for them to end is no way out, withdrawing is.
bool wf_tell_is_lasting(const Hr__Workflow__Assessment *a);
// A blocked request stage: no deadline, no reminder, no escalation (no due row follows).
void wf_tell_block_step(Hr__Workflow__CaseStep *st);
// Who is told that c was withdrawn by `by`: hr_no; superior_no when the case asked for the
// superior's approval; the case's manager now (not whoever opened it or managed it before a
// reassignment); the HR person who prepared the interview once one was scheduled; `escalated`
// (the owner of the stage it stood at and whoever that stage's escalations reached). Never `by`
// nor the employee; each once; at most max into out (borrowed strings). Returns how many.
size_t wf_tell_withdrawn_to(const Hr__Workflow__Case *c, const char *hr_no, const char *superior_no,
                            const char *by, const char *const *escalated, size_t nescalated,
                            const char **out, size_t max);
// The open duty a list shows for a closed case: the most escalated active duty, else the one
// due first (the records' retention only once overdue); NULL when none or c is not closed.
// *nopen counts the duties it chose from.
const Hr__Workflow__CaseStep *wf_tell_open_duty(const Hr__Workflow__Case *c, uint32_t *nopen);
// True when c's interview was held: its interview stage is done (both sides confirmed). An
// interview set and not held is what a withdrawal cancels.
bool wf_tell_interview_held(const Hr__Workflow__Case *c);
// The company's practice on being accompanied to the interview, one sentence in English (en) or
// Chinese: a colleague, or a union representative too when the company has a union (has_union,
// config law/has_union). A practice, not a statutory right (none exists for most grounds).
const char *wf_tell_accompany(bool en, bool has_union);
// names[0..n) as one text ("刘强、陈晓"; "Liu Qiang, Chen Xiao" in English), empty and repeated
// names left out. Arena string.
char *wf_tell_names(const char *const *names, size_t n, bool en, hr_arena_t *arena);

// ---------------------------------------------------------------------------------------------
// wf_journal: the case journal's hash (pure) and its requests

#define WF_JOURNAL_DOMAIN "hr.workflow.case_journal.v1" // first field of every entry's hash
#define WF_JOURNAL_BAD_MAX 100                          // cases a verify names at most
#define WF_JOURNAL_ACTOR_SELF "workflow"                // the actor of the service's own writes

// The fields an entry's hash covers (strings borrowed; NULL reads as "").
typedef struct {
    uint64_t seq;
    int64_t at_ms;
    const char *case_id;
    const char *actor;
    const char *msg_id;
    const char *request;
    const char *note;
    unsigned char case_sha256[WF_HASH_BYTES];
    unsigned char prev_hash[WF_HASH_BYTES];
} wf_journal_fields_t;

// SHA-256 of len bytes at data.
void wf_journal_sha256(const void *data, size_t len, unsigned char out[WF_HASH_BYTES]);
// hash = SHA-256(be32 len + WF_JOURNAL_DOMAIN, be64 seq, be64 at_ms, case_id, actor, msg_id,
// request, note each as be32 length + bytes, case_sha256, prev_hash).
void wf_journal_hash(const wf_journal_fields_t *f, unsigned char out[WF_HASH_BYTES]);
// What is wrong with entry e read as number expect_seq after an entry whose hash is prev_hash:
// NULL when nothing, else a static word - "sequence number", "case_sha256" (the bytes it holds
// are not the ones it hashed), "prev_hash", "hash".
const char *wf_journal_check(const Hr__Workflow__CaseJournalEntry *e, uint64_t expect_seq,
                             const unsigned char prev_hash[WF_HASH_BYTES]);
// Lower-case hex of n bytes into out (2n + 1 bytes).
void wf_hex(const unsigned char *bytes, size_t n, char *out);

hr_rc_t wf_handle_case_journal(void *self, hr_call_t *call);
hr_rc_t wf_handle_verify(void *self, hr_call_t *call);
// Frees the verifies still listed (hr_daemon joined their threads before stop).
void wf_journal_free_all(wf_server_t *self);
// The actor of a call as the workflow trusts it (wf_auth_actor; nobody for a person who left).
const Hr__Actor *wf_call_actor(hr_call_t *call);

// Refusals in two languages. Every refusal of this service goes through hr_call_fail_zh (.ci/
// checksrc refuses a plain hr_call_fail or hr_call_failv in services/workflow): the Chinese
// first, naming the same field and value as the English, with the next step when there is one.
// wf_zh: fmt formatted in the call's arena, for the zh argument.
char *wf_zh(hr_call_t *call, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// The checks' form of it: fmt formatted into zh (zhlen bytes), when the caller asked for the
// Chinese (zh not NULL, zhlen > 0); else nothing.
void wf_zh_put(char *zh, size_t zhlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
// The Chinese of a failure of the store, a peer's reply or the service itself (nothing the user
// can change): one text for all, WF_ZH_STORE.
#define WF_ZH_STORE                                                                                                                        \
    "系统暂时无法读取或保存数据，这次操作没有完成（没有保存任何改动）：请稍后重试；如仍不行，" \
    "请联系系统管理员（hrctl health 可查看各服务状态）。"
// hr_call_fail_zh with WF_ZH_STORE and the English as fmt gives it (rc: HR_EIO, HR_EFULL, ...).
hr_rc_t wf_fail_store(hr_call_t *call, hr_rc_t rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// The Chinese half names things, never codes (the English half keeps the codes people and
// scripts grep). wf_article_zh: hr_law's article reference ("LCL 39(2)") cited the legislature's
// way, 《劳动合同法》第三十九条第二项 (law_article_zh), in the arena. wf_kind_zh: an evidence
// kind's Chinese name (law_evidence_kind_zh_of: 规章制度文本 for rule_document). wf_step_zh: a
// stage's or duty's Chinese name (HR 审核 for hr_review): the service's own for the keys it knows,
// else the case's step title_zh when c has that step, else the key. Never NULL.
char *wf_article_zh(hr_arena_t *arena, const char *article);
// A ground by its Chinese title and citation, "固定期限劳动合同期满终止（《劳动合同法》第四十四条
// 第一项）", for the code "A44_EXPIRY"; a code hr_law does not know as it is.
char *wf_ground_zh(hr_arena_t *arena, const char *code);
const char *wf_kind_zh(const char *kind);
const char *wf_step_zh(const Hr__Workflow__Case *c, const char *key);

#endif
