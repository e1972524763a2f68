/*  wf_handlers - one function per route: validate, authorize, decide, change, record.
 *
 *  Every case-changing handler follows the same shape: load the case (twice: the stored
 *  version tells wf_store_case_put which due rows to remove), check the actor may see it and
 *  act, ask wf_steps whether the action is allowed where the case stands, apply it, then write
 *  the history entry, the events and the notifications, and the case - all in the call's one
 *  write transaction, which hr_server commits before the reply leaves. A domain rejection
 *  (submission without the evidence its ground needs, a review that finds the dismissal
 *  unlawful) is a successful reply with accepted = false and the reasons in both languages.
 */
#include "wf.h"

#include <ctype.h>
#include <sodium.h>

#define S_ERR_LEN 512
#define S_DATES_ERR_LEN 1024 // a refusal naming two days and the command with them, zh

// ---------------------------------------------------------------------------------------------
// Helpers

// A free text (reason, note, place): at most max bytes of UTF-8. Other bytes would be stored
// as they came and shown as nothing (a JSON reply cannot carry them) - refused instead.
static bool s_text_ok(const char *s, size_t max)
{
    size_t len = s ? strlen(s) : 0;
    return s && len <= max && hr_utf8_is_valid(s, len);
}

// A free text as the workflow keeps it: no control character but a line feed or a tab (allow
// says which; a place is one line), no bidi control (hr_utf8_is_unsafe). Stored, it would act on
// the terminal it is shown on, or reorder the notice or the record it is printed in. True, with
// the call failed (HR_EINVAL) naming the field and the character, when s holds one.
static bool s_text_unsafe(hr_call_t *call, const char *field, const char *s, unsigned allow)
{
    char why[S_ERR_LEN];
    if (!s || !hr_utf8_has_unsafe(s, strlen(s), allow, why, sizeof why))
        return false;
    uint32_t cp = 0;
    size_t at = hr_utf8_find_unsafe(s, strlen(s), allow, &cp);
    hr_call_fail_zh(call, HR_EINVAL,
                    wf_zh(call,
                          "%s 在第 %zu 字节处含有不能保存的字符 U+%04X（控制字符或改变文字方向的"
                          "字符，会干扰显示和打印）：请删除后重试。",
                          field, at, (unsigned)cp),
                    "%s: %s", field, why);
    return true;
}

// The reason a change must give (withdraw, reassign, template): trimmed into *out, or the call
// refused with what it is (zh) and an example of the command, as each of them explains it.
static hr_rc_t s_reason(hr_call_t *call, const char *raw, const char *what_zh, const char *example,
                        char **out)
{
    *out = wf_text_trim(hr_call_arena(call), raw);
    if (!**out || !s_text_ok(raw, WF_TEXT_MAX))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "请写明%s（reason）：不能为空或只有空格，最多 %d 字节（约 %d "
                                     "个汉字）。例如 %s。",
                                     what_zh, WF_TEXT_MAX, WF_TEXT_MAX / 3, example),
                               "reason: UTF-8 text of 1..%d bytes, not only white space",
                               WF_TEXT_MAX);
    if (s_text_unsafe(call, "reason", raw, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    return HR_OK;
}

static bool s_key_ok(const char *s)
{
    return s && *s && strlen(s) <= WF_KEY_MAX;
}

static hr_rc_t s_chain(hr_call_t *call, const char *employee_no, const char **chain, size_t *n)
{
    return wf_effects_chain(hr_call_txn(call), hr_call_arena(call), employee_no, chain,
                            WF_CHAIN_MAX, n);
}

// The superiors who read case c now (wf_effects_case_line): the one scope of a manager's reads.
static hr_rc_t s_case_line(hr_call_t *call, const Hr__Workflow__Case *c, const char **line,
                           size_t *n)
{
    return wf_effects_case_line(hr_call_txn(call), hr_call_arena(call), c, hr_call_now_ms(call),
                                line, n);
}

// The caller's directory entry, or NULL (no user id, nobody by that id, a directory that cannot
// be read).
static Hr__Workflow__Person *s_person_of(hr_call_t *call)
{
    const Hr__Actor *claimed = hr_call_actor(call);
    Hr__Workflow__Person *p = NULL;
    if (!claimed->user_id || !*claimed->user_id ||
        wf_store_person_get(hr_call_txn(call), claimed->user_id, hr_call_arena(call), &p))
        p = NULL;
    return p;
}

// The actor as this service trusts it: the roles the directory confirms (wf_auth_actor). A
// directory that cannot be read confirms nothing. A person who has left (wf_person_has_left) is
// nobody: no user id, no roles - they read and do nothing (but their own case's read log:
// s_log_reader).
static const Hr__Actor *s_actor(hr_call_t *call)
{
    Hr__Workflow__Person *p = s_person_of(call);
    if (wf_person_has_left(p, hr_call_now_ms(call))) {
        static const Hr__Actor nobody = HR__ACTOR__INIT;
        return wf_auth_actor(&nobody, NULL, hr_call_arena(call));
    }
    return wf_auth_actor(hr_call_actor(call), p, hr_call_arena(call));
}

const Hr__Actor *wf_call_actor(hr_call_t *call)
{
    return s_actor(call);
}

char *wf_zh(hr_call_t *call, const char *fmt, ...)
{
    char buf[HR_CALL_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return hr_arena_strdup(hr_call_arena(call), buf);
}

char *wf_article_zh(hr_arena_t *arena, const char *article)
{
    char buf[LAW_ARTICLE_ZH_MAX];
    return hr_arena_strdup(arena, law_article_zh(article, buf, sizeof buf));
}

char *wf_ground_zh(hr_arena_t *arena, const char *code)
{
    const law_ground_t *g = law_ground_find(code ? code : "");
    return g ? hr_arena_fmt(arena, "%s（%s）", g->title_zh, wf_article_zh(arena, g->article))
             : hr_arena_strdup(arena, code ? code : "");
}

const char *wf_kind_zh(const char *kind)
{
    return law_evidence_kind_zh_of(kind);
}

void wf_zh_put(char *zh, size_t zhlen, const char *fmt, ...)
{
    if (!zh || !zhlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(zh, zhlen, fmt, ap);
    va_end(ap);
}

// The case's employee from the directory into *emp (the call's arena); a refusal when the
// directory does not hold them (HR imports them first) or cannot be read.
static hr_rc_t s_case_employee(hr_call_t *call, const Hr__Workflow__Case *c,
                               Hr__Workflow__Person **emp)
{
    hr_rc_t rc = wf_store_person_get(hr_call_txn(call), c->employee_no, hr_call_arena(call), emp);
    if (rc)
        return hr_call_fail_zh(call, rc,
                               rc == HR_ENOTFOUND
                                   ? wf_zh(call,
                                           "人员名册中没有员工 %s：请 HR 先导入其信息（hrctl "
                                           "import people FILE）再办理。",
                                           c->employee_no)
                                   : WF_ZH_STORE,
                               "employee %s: could not read the directory", c->employee_no);
    return HR_OK;
}

hr_rc_t wf_fail_store(hr_call_t *call, hr_rc_t rc, const char *fmt, ...)
{
    char en[HR_CALL_MESSAGE_MAX]; // hr_call_failv cuts at the same length
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(en, sizeof en, fmt, ap);
    va_end(ap);
    return hr_call_fail_zh(call, rc, WF_ZH_STORE, "%s", en);
}

// A leaver's request refused with the reason (HR_EDENIED), or HR_OK for anyone else.
static hr_rc_t s_refuse_leaver(hr_call_t *call)
{
    const Hr__Workflow__Person *p = s_person_of(call);
    if (!wf_person_has_left(p, hr_call_now_ms(call)))
        return HR_OK;
    return hr_call_fail_zh(
        call, HR_EDENIED,
        hr_arena_fmt(hr_call_arena(call),
                     "%s 已于 %s 离职（人员名册的 left_date）：离职人员只能查看，不能办理。"
                     "如名册有误，请 HR 更正后重新导入（hrctl import people FILE）。",
                     p->employee_no, p->left_date),
        "actor: %s left on %s (the directory's left_date): someone who has left reads and does "
        "nothing; if the directory is wrong, HR corrects it (hrctl import people FILE)",
        p->employee_no, p->left_date);
}

// The company's name as config gives it (company/name), "" unset.
static const char *s_company(const wf_server_t *self)
{
    return self->docs && self->docs->company_name ? self->docs->company_name : "";
}

// Where a person's contract is performed (wf_branch): their own branch (people.csv's branch
// column), else their department's, else the head office. Its figures are the only ones the law
// is given for them.
typedef struct {
    const char *code;           // the branch code, "" the head office
    bool from_person;           // code is the person's own branch, not their department's
    const wf_branch_t *branch;  // declared branch; NULL the head office or an undeclared code
    const wf_law_config_t *law; // the figures the review gives the engine
    const char *undated_source; // the head office's undated figure's source ("" a branch)
    const char *min_source;     // the minimum wage's source ("" none)
} s_place_t;

// The directory's departments, read once for the request (wf_dept_map_t): a handler that places
// many people (a list, an import) reads the table once, not once per person.
static hr_rc_t s_dept_map(hr_txn_t *txn, hr_arena_t *arena, wf_dept_map_t *out)
{
    Hr__Workflow__Department **depts = NULL;
    size_t n = 0;
    *out = (wf_dept_map_t){NULL, 0};
    hr_rc_t rc = wf_store_departments_all(txn, arena, WF_PEOPLE_MAX, &depts, &n);
    if (!rc)
        wf_dept_map_init(out, depts, n, arena);
    return rc;
}

// The place of p's contract (arena memory), its branch looked up in depts. A department naming a
// code the config no longer declares (the import refuses an unknown one; the config may have
// changed since) gets a place with no figures at all: its findings say what is missing, the head
// office's never stand in.
static void s_place_in(const wf_server_t *self, const wf_dept_map_t *depts, hr_arena_t *arena,
                       const Hr__Workflow__Person *p, s_place_t *out)
{
    *out = (s_place_t){"", false, NULL, &self->law, self->law_source, self->law_min_source};
    const char *code = wf_dept_map_branch_of_person(depts, p, &out->from_person);
    if (!*code)
        return;
    out->code = code;
    out->undated_source = "";
    out->branch = wf_branch_find(self->branches, self->nbranches, code);
    if (out->branch) {
        out->law = &out->branch->law;
        out->min_source = out->branch->min_source;
        return;
    }
    wf_law_config_t *none = hr_arena_alloc(arena, sizeof *none);
    memset(none, 0, sizeof *none);
    none->has_union = self->law.has_union;
    none->key_prefix = hr_arena_fmt(arena, "branch/%s", code);
    none->place_zh = hr_arena_fmt(arena, "分支机构 %s（workflow.cfg 未声明）", code);
    none->place_en = hr_arena_fmt(arena, "branch %s (not declared in workflow.cfg)", code);
    out->law = none;
    out->min_source = "";
}

// s_place_in for one person: the departments read now.
static hr_rc_t s_place(const wf_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                       const Hr__Workflow__Person *p, s_place_t *out)
{
    wf_dept_map_t depts;
    hr_rc_t rc = s_dept_map(txn, arena, &depts);
    if (rc)
        return rc;
    s_place_in(self, &depts, arena, p, out);
    return HR_OK;
}

// The employer a person's letters name (Reg. Art. 4): their branch's entity when it declares
// one, else the company's; its union (LCL 43) is the branch's when it declares has_union, else
// the company's (wf_branch_union).
typedef struct {
    const char *name;       // branch/CODE/name, else company/name ("" unset)
    const char *address;    // branch/CODE/address, else company/address
    bool has_union;         // the branch's has_union (unset: law/has_union)
    const char *union_name; // the letter's addressee: "" for <name>工会 (company/union_name)
    const char *union_of;   // wf_branch_union: NULL none, "" the head office's, else the branch's
} s_entity_t;

// The company's entity and union (the head office's).
static s_entity_t s_company_entity(const wf_server_t *self)
{
    const char *address =
        self->docs && self->docs->company_address ? self->docs->company_address : "";
    const char *union_name = self->docs && self->docs->union_name ? self->docs->union_name : "";
    return (s_entity_t){s_company(self), address, self->law.has_union, union_name,
                        self->law.has_union ? "" : NULL};
}

static void s_entity_in(const wf_server_t *self, const wf_dept_map_t *depts, hr_arena_t *arena,
                        const Hr__Workflow__Person *p, s_entity_t *out)
{
    *out = s_company_entity(self);
    s_place_t place;
    s_place_in(self, depts, arena, p, &place);
    out->has_union = place.law->has_union;
    out->union_of =
        wf_branch_union(self->branches, self->nbranches, self->law.has_union, place.code);
    const wf_branch_t *b = place.branch;
    if (!b)
        return;
    if (*b->name)
        out->name = b->name;
    if (*b->address)
        out->address = b->address;
    // A branch's own union by name; one it shares with the head office is the company's, never
    // <branch name>工会 (the branch's name heads its letters).
    if (*b->union_name)
        out->union_name = b->union_name;
    else if (b->own_union && *b->name)
        out->union_name = hr_arena_fmt(arena, "%s工会", b->name);
    else if (!b->own_union && !*out->union_name && *b->name && *s_company(self))
        out->union_name = hr_arena_fmt(arena, "%s工会", s_company(self));
}

// s_entity_in for one person: the departments read now.
static hr_rc_t s_entity(const wf_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                        const Hr__Workflow__Person *p, s_entity_t *out)
{
    *out = s_company_entity(self);
    wf_dept_map_t depts;
    hr_rc_t rc = s_dept_map(txn, arena, &depts);
    if (rc)
        return rc;
    s_entity_in(self, &depts, arena, p, out);
    return HR_OK;
}

// The entity and union of case c's employee (s_entity_in); the company's when the directory no
// longer has them (the invitation still goes out).
static s_entity_t s_case_entity_in(const wf_server_t *self, hr_call_t *call,
                                   const wf_dept_map_t *depts, const Hr__Workflow__Case *c)
{
    s_entity_t e = s_company_entity(self);
    Hr__Workflow__Person *p = NULL;
    hr_arena_t *arena = hr_call_arena(call);
    if (!wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
        s_entity_in(self, depts, arena, p, &e);
    return e;
}

// s_case_entity_in for one case: the departments read now; the company's when they cannot be.
static s_entity_t s_case_entity(const wf_server_t *self, hr_call_t *call,
                                const Hr__Workflow__Case *c)
{
    wf_dept_map_t depts;
    if (s_dept_map(hr_call_txn(call), hr_call_arena(call), &depts))
        return s_company_entity(self);
    return s_case_entity_in(self, call, &depts, c);
}

// The caller's id as this service trusts it (s_actor: none for someone who has left).
static const char *s_me(hr_call_t *call)
{
    const Hr__Actor *a = s_actor(call);
    return a->user_id && *a->user_id ? a->user_id : "anonymous";
}

// Loads the case the request names, twice when old is not NULL (old, to edit).
static hr_rc_t s_fetch(hr_call_t *call, const char *case_id, Hr__Workflow__Case **old,
                       Hr__Workflow__Case **c)
{
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!hr_id_is_valid(case_id))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "案件编号不对：应为 26 位的案件编号，可用 hrctl case list 查看。",
                               "case_id: not an id (a case id has 26 characters: hrctl case list "
                               "shows them)");
    hr_rc_t rc = s_refuse_leaver(call);
    if (rc)
        return rc;
    rc = wf_store_case_get(txn, case_id, arena, c);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc,
            hr_arena_fmt(arena, "没有编号为 %s 的案件：请用 hrctl case list 查看你能看到的案件。",
                         case_id),
            "case_id: no case %s (hrctl case list shows the cases you may see)", case_id);
    if (!rc && old)
        rc = wf_store_case_get(txn, case_id, arena, old);
    if (rc)
        return wf_fail_store(call, rc, "case_id: could not load the case");
    return HR_OK;
}

// Checks the actor may read the case (wf_auth_read_as); the refusal is on the call, and *as
// (may be NULL) what they read it as.
static hr_rc_t s_may_read_as(hr_call_t *call, const Hr__Workflow__Case *c, const char **as)
{
    const char *line[WF_LINE_MAX];
    size_t n = 0;
    hr_rc_t rc = s_case_line(call, c, line, &n);
    if (rc)
        return wf_fail_store(call, rc, "could not read the reporting line");
    const char *read_as = wf_auth_read_as(s_actor(call), c, line, n);
    if (!read_as) {
        hr_info("case.denied", "case=%s user=%s type=%s", c->id, s_me(call),
                hr_call_envelope(call)->type);
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(
                hr_call_arena(call),
                "你无权查看案件 %s：只有员工的汇报线（案件经理及其上级）、HR 和法务可以查看。"
                "如需处理，请联系 HR。",
                c->id),
            "case_id: case %s is not visible to you (its employee's reporting line, HR and legal "
            "see it: ask HR)",
            c->id);
    }
    if (as)
        *as = read_as;
    return HR_OK;
}

// Whether the actor reads case c as anyone but the union would (wf_auth_read_as), quietly: no
// refusal, no log line.
static bool s_reads_otherwise(hr_call_t *call, const Hr__Workflow__Case *c)
{
    const char *line[WF_LINE_MAX];
    size_t n = 0;
    if (s_case_line(call, c, line, &n))
        n = 0;
    return wf_auth_read_as(s_actor(call), c, line, n) != NULL;
}

// s_fetch, then s_may_read_as; *as (may be NULL) what the actor reads the case as
// (wf_auth_read_as). A refusal is logged with the ids (case.denied), never written to the case's
// read log: anyone who guesses an id could fill it.
static hr_rc_t s_load_as(hr_call_t *call, const char *case_id, Hr__Workflow__Case **old,
                         Hr__Workflow__Case **c, const char **as)
{
    hr_rc_t rc = s_fetch(call, case_id, old, c);
    return rc ? rc : s_may_read_as(call, *c, as);
}

static hr_rc_t s_load(hr_call_t *call, const char *case_id, Hr__Workflow__Case **old,
                      Hr__Workflow__Case **c)
{
    return s_load_as(call, case_id, old, c, NULL);
}

// What act does, in Chinese, for case c: the outcome and its rescission name the ending the case
// has (终止 for an expiry), which wf_action_words_zh, knowing no case, cannot.
static const char *s_action_zh(const Hr__Workflow__Case *c, wf_action_t act, hr_arena_t *arena)
{
    if (act == WF_ACT_OUTCOME)
        return hr_arena_fmt(arena, "记录%s结果", wf_doc_ending_word(c, WF_DOC_ZH, false));
    if (act == WF_ACT_RESCIND)
        return hr_arena_fmt(arena, "记录协商撤销%s劳动合同通知",
                            wf_doc_ending_word(c, WF_DOC_ZH, false));
    return wf_action_words_zh(act);
}

static hr_rc_t s_decide(hr_call_t *call, const Hr__Workflow__Case *c, wf_action_t act,
                        wf_move_t *move)
{
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    if (!wf_steps_decide(c->state, cur ? cur->key : "", act, move))
        return HR_OK;
    const char *what = wf_action_words(act);
    hr_arena_t *arena = hr_call_arena(call);
    char *next_en = NULL, *next_zh = NULL;
    wf_steps_next(c, arena, &next_en, &next_zh);
    if (cur)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            hr_arena_fmt(arena, "案件 %s 目前在「%s」阶段，现在不能%s。下一步：%s。", c->id,
                         cur->title_zh, s_action_zh(c, act, arena), next_zh),
            "case %s: cannot %s now: the case is at '%s' (%s); next: %s", c->id, what, cur->key,
            cur->title_en, next_en);
    bool closed = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED;
    bool rescinded = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_RESCINDED;
    bool withdrawn = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_WITHDRAWN;
    return hr_call_fail_zh(
        call, HR_ECONFLICT,
        hr_arena_fmt(arena, "案件 %s %s，不能再%s。%s。", c->id,
                     closed      ? "已结案"
                     : rescinded ? hr_arena_fmt(arena, "的%s劳动合同通知已经双方协商撤销",
                                                wf_doc_ending_word(c, WF_DOC_ZH, false))
                     : withdrawn ? "已撤回"
                                 : "不在任何阶段",
                     s_action_zh(c, act, arena), next_zh),
        "case %s %s: cannot %s; %s", c->id,
        closed      ? "is closed"
        : rescinded ? "was rescinded (the notice revoked by agreement)"
        : withdrawn ? "was withdrawn"
                    : "is at no stage",
        what, next_en);
}

static bool s_is_initiator(hr_call_t *call, const Hr__Workflow__Case *c)
{
    const char *me = s_me(call);
    return !strcmp(me, c->manager_no) || !strcmp(me, c->opened_by);
}

static void s_history(hr_call_t *call, Hr__Workflow__Case *c, const char *action, const char *step,
                      const char *note)
{
    wf_case_history(c, hr_call_arena(call), hr_call_now_ms(call), s_me(call), action, step, note,
                    hr_call_msg_id(call));
}

static hr_rc_t s_event(hr_call_t *call, const char *type, const ProtobufCMessage *msg)
{
    return wf_store_event_append(hr_call_txn(call), type, msg, hr_call_msg_id(call),
                                 hr_call_now_ms(call));
}

// next: the stage this completion made active (NULL for none), as started and dated - hr-analytics
// ages the stages still open from it.
static hr_rc_t s_step_completed(hr_call_t *call, const Hr__Workflow__Case *c,
                                const Hr__Workflow__CaseStep *st, const wf_time_t *t,
                                const Hr__Workflow__CaseStep *next)
{
    Hr__Workflow__StepCompleted ev = HR__WORKFLOW__STEP_COMPLETED__INIT;
    ev.case_id = c->id;
    ev.step = st->key;
    ev.by = st->done_by;
    ev.started_ms = st->started_ms;
    ev.done_ms = st->done_ms;
    ev.late = wf_steps_is_late(st, t);
    ev.done_date = st->done_date;
    // The Art. 50 duties' proof concerns the employee: hr-evidence gives it to them whatever
    // its kind (the transfer receipt is kind other, which they read of nothing else).
    if (st->duty && st->evidence_id &&
        (!strcmp(st->key, WF_DUTY_CERTIFICATE) || !strcmp(st->key, WF_DUTY_TRANSFER)))
        ev.employee_evidence_id = st->evidence_id;
    // What the review that passed the case rests on: the records HR's confirmations cite. The
    // employee dismissed reads them in hr-evidence whatever their kind (a facts snapshot, an
    // `other` record), which the kinds they read would not give them.
    if (!strcmp(st->key, WF_STEP_HR_REVIEW))
        ev.n_proof_evidence_ids = wf_case_proof_ids(c, hr_call_arena(call), &ev.proof_evidence_ids);
    if (next) {
        ev.next_step = next->key;
        ev.next_started_ms = next->started_ms;
        ev.next_due_ms = next->due_ms;
    }
    return s_event(call, "workflow.StepCompleted", &ev.base);
}

// How events, history and notifications name an outcome; none recorded reads as a notice.
static char *s_outcome_name(Hr__Workflow__OutcomeKind kind)
{
    return kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED ? "agreement_signed"
                                                                             : "notice_served";
}

// The case left the workflow: closed with its outcome, withdrawn, or rescinded. outcome: a
// string literal. Closed with an outcome, the event says when the contract ends: evidence keeps
// the case's records two years from then (LCL Art. 50), not from the close, which may come while
// the notice runs - and at least until the retention duty's day (keep_until_ms), the two years
// as Civil Code Arts. 201-203 count them, which a count of days from the end can fall short of
// (a last day on a rest day or holiday). Withdrawn or rescinded, no contract ended: ended_ms and
// keep_until_ms stay 0, and the records are kept from this close.
static hr_rc_t s_case_closed(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                             char *outcome)
{
    Hr__Workflow__CaseClosed ev = HR__WORKFLOW__CASE_CLOSED__INIT;
    ev.case_id = c->id;
    ev.outcome = outcome;
    ev.at_ms = hr_call_now_ms(call);
    int32_t ended = 0;
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED && c->outcome &&
        hr_date_parse(c->outcome->effective_date, &ended))
        ev.ended_ms = wf_deadline_end_of_day(&self->time, ended);
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED)
        ev.keep_until_ms = wf_steps_keep_until_ms(c);
    return s_event(call, "workflow.CaseClosed", &ev.base);
}

// Queues a notification of template tpl about step to the nto people in to (no cc, no
// escalation level) in the call's transaction; key and value may add one detail.
static hr_rc_t s_notify(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c, const char *tpl,
                        const Hr__Workflow__CaseStep *step, const char *const *to, size_t nto,
                        const char *key, const char *value)
{
    return wf_effects_notify(hr_call_txn(call), hr_call_arena(call), c, tpl, step, 0, to, nto, NULL,
                             0, &self->time, hr_call_now_ms(call), key, value);
}

// A step became active: resolve who owes it and tell them.
static hr_rc_t s_activated(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c, int i)
{
    if (i < 0)
        return HR_OK;
    hr_rc_t rc = wf_effects_resolve_owner(hr_call_txn(call), hr_call_arena(call), c, i,
                                          hr_call_now_ms(call));
    if (rc)
        return rc;
    // The interview stage is due by its interview, not by its own period alone: dated before
    // the task is sent, so that the task tells the deadline the case shows.
    int32_t day = 0;
    if (!strcmp(c->steps[i]->key, WF_STEP_INTERVIEW) && c->interview &&
        hr_date_parse(c->interview->date, &day))
        wf_steps_date_interview(c->steps[i], day, &self->time, hr_call_now_ms(call));
    const char *to[1] = {c->steps[i]->owner_no};
    return s_notify(self, call, c, WF_TPL_STEP_ASSIGNED, c->steps[i], to, 1, NULL, NULL);
}

// Applies a move; the completed stage gets its event, the new one its owner and notification.
static hr_rc_t s_move(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c, wf_move_t move)
{
    // The stage as completed: a return has reset it in c (pending, no times) by the time the
    // event is written, and the event must say when it started, ended and whether late.
    Hr__Workflow__CaseStep done;
    int next = wf_steps_apply(c, move, s_me(call), hr_call_arena(call), &self->time,
                              hr_call_now_ms(call), &done);
    hr_rc_t rc = HR_OK;
    if (move == WF_MOVE_CLOSE) {
        for (size_t i = 0; i < c->n_steps && !rc; i++)
            if (c->steps[i]->duty)
                rc = s_activated(self, call, c, (int)i);
    } else if (move == WF_MOVE_RETURN) { // the case_returned notification tells the manager
        if (next >= 0)
            rc = wf_effects_resolve_owner(hr_call_txn(call), hr_call_arena(call), c, next,
                                          hr_call_now_ms(call));
    } else {
        rc = s_activated(self, call, c, next);
    }
    if (rc)
        return rc;
    // A withdrawn or rescinded case completes nothing: its open steps end undone. The event is
    // written after the next stage was activated and dated (an interview's by its date), so that
    // it says which stage is open now and until when; duties at close are no stage.
    const Hr__Workflow__CaseStep *now_open =
        move != WF_MOVE_CLOSE && next >= 0 && (size_t)next < c->n_steps ? c->steps[next] : NULL;
    if (*done.key && move != WF_MOVE_STAY && move != WF_MOVE_WITHDRAW && move != WF_MOVE_RESCIND)
        rc = s_step_completed(call, c, &done, &self->time, now_open);
    return rc;
}

static hr_rc_t s_save(void *server, hr_call_t *call, const Hr__Workflow__Case *old,
                      Hr__Workflow__Case *c)
{
    // Held for a legal protection (s_protection_record): whatever step a move made current owes
    // nothing by a date until it ends - no reminder, no escalation.
    Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    if (c->protection_held_ms && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN && cur)
        wf_tell_block_step(cur);
    c->version++;
    wf_effects_after_commit(server, call);
    hr_rc_t rc = wf_store_case_put(hr_call_txn(call), old, c);
    if (rc)
        return wf_fail_store(call, rc, "could not store the case");
    return HR_OK;
}

// The case as its reply carries it (after it was stored): each active step says when its
// deadline was counted over a year the calendar does not declare (wf_deadline_mark_undeclared).
static hr_rc_t s_reply(void *server, hr_call_t *call, Hr__Workflow__Case *c, bool accepted,
                       wf_problem_t *probs, size_t nprobs)
{
    wf_server_t *self = server;
    Hr__Workflow__CaseReply *rep = hr_call_reply(call);
    const Hr__Actor *actor = s_actor(call);
    for (size_t i = 0; i < c->n_steps; i++)
        wf_deadline_mark_undeclared(&self->time, c->steps[i]);
    // The case was stored whole; what leaves is what this actor may see.
    wf_case_redact(actor, c, hr_call_arena(call));
    rep->case_ = c;
    rep->accepted = accepted;
    if (nprobs) {
        rep->problems = hr_arena_alloc(hr_call_arena(call), nprobs * sizeof *rep->problems);
        for (size_t i = 0; i < nprobs; i++)
            rep->problems[i] = wf_finding_for(
                actor, wf_problem_finding(&probs[i], hr_call_arena(call)), hr_call_arena(call));
        rep->n_problems = nprobs;
    }
    return HR_OK;
}

// The hrctl command of a route HR alone may call, for a refusal to name; NULL when none.
static const char *s_hr_command(const char *route)
{
    static const struct {
        const char *route, *command;
    } rows[] = {
        {"workflow.ReviewCase", "hrctl case review ID"},
        {"workflow.PrepareCase", "hrctl case prepare ID DATE HH:MM PLACE"},
        {"workflow.RecordOutcome", "hrctl case outcome ID agreement_signed|notice_served DATE"},
        {"workflow.CloseCase", "hrctl case close ID"},
        {"workflow.CompleteDuty", "hrctl case duty ID KEY"},
        {"workflow.ReassignCase", "hrctl case reassign ID --reason TEXT"},
        {"workflow.SetCaseTemplate", "hrctl case template ID TEMPLATE --reason TEXT"},
        {"workflow.ImportPeople", "hrctl import people FILE"},
        {"workflow.ImportDepartments", "hrctl import departments FILE"},
        {"workflow.PutTemplate", "hrctl template put FILE"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        if (!strcmp(route, rows[i].route))
            return rows[i].command;
    return NULL;
}

static hr_rc_t s_need_hr(hr_call_t *call, const char *what)
{
    if (wf_actor_is_hr(s_actor(call)))
        return HR_OK;
    const char *cmd = s_hr_command(what);
    hr_arena_t *arena = hr_call_arena(call);
    if (!cmd)
        return hr_call_fail_zh(call, HR_EDENIED, "只有 HR 可以办理：请联系 HR。",
                               "%s: only HR may do this: ask HR", what);
    return hr_call_fail_zh(
        call, HR_EDENIED,
        hr_arena_fmt(arena, "只有 HR 可以办理这一步：请由 HR 执行 %s --as HR 的工号。", cmd),
        "%s: only HR may do this: an HR person does it (%s --as EMPLOYEE_NO)", what, cmd);
}

// The opening every case-changing handler shares, in this order: load the case (old and c) and
// check the actor may read it; when hr_only names the request, check the actor is HR; ask
// wf_steps whether act is allowed where the case stands. Any failure is already on the call.
static hr_rc_t s_begin(hr_call_t *call, const char *case_id, const char *hr_only, wf_action_t act,
                       Hr__Workflow__Case **old, Hr__Workflow__Case **c, wf_move_t *move)
{
    hr_rc_t rc = s_load(call, case_id, old, c);
    if (!rc && hr_only)
        rc = s_need_hr(call, hr_only);
    if (!rc)
        rc = s_decide(call, *c, act, move);
    return rc;
}

// The closing every case-changing handler shares: store the case, then build the reply.
static hr_rc_t s_save_reply(void *server, hr_call_t *call, const Hr__Workflow__Case *old,
                            Hr__Workflow__Case *c, bool accepted, wf_problem_t *probs,
                            size_t nprobs)
{
    hr_rc_t rc = s_save(server, call, old, c);
    return rc ? rc : s_reply(server, call, c, accepted, probs, nprobs);
}

// The Art. 42 findings that bar case c as it stands today (wf_review_protection: a status the
// directory records now that bars the reviewed dismissal, then the advice), whoever asks: the
// actions that must wait for it are refused by them (s_protect_refused). In *probs (arena);
// their count, 0 when nothing bars it. *p (may be NULL) gets the person read. A directory that
// cannot be read gives none.
static size_t s_protection_bars(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                                wf_problem_t **probs, Hr__Workflow__Person **person)
{
    hr_arena_t *arena = hr_call_arena(call);
    *probs = NULL;
    Hr__Workflow__Person *p = NULL;
    if (person)
        *person = NULL;
    if (wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
        return 0;
    s_place_t place;
    if (s_place(self, hr_call_txn(call), arena, p, &place))
        return 0;
    if (person)
        *person = p;
    *probs = hr_arena_alloc(arena, WF_PROBLEMS_MAX * sizeof **probs);
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    return wf_review_protection(c, p, place.law, today, arena, *probs, WF_PROBLEMS_MAX);
}

// An action on case c refused while the legal protection in probs (s_protection_bars, n of
// them: the findings, then the advice) lasts. Chinese first: that a protection is on record -
// which one for HR only (nobody else reads statuses, as the review's findings are hidden from
// them) - that what_zh / what_en waits for it, and what to do: before the notice, wait until it
// ends and have HR review the case again, or withdraw it (an expiry: the contract extends, LCL
// 45); once the notice is served, revoke it with the employee's agreement or wait until it ends.
static hr_rc_t s_protect_refused(hr_call_t *call, const Hr__Workflow__Case *c,
                                 const wf_problem_t *probs, size_t n, const char *what_zh,
                                 const char *what_en)
{
    hr_arena_t *arena = hr_call_arena(call);
    bool hr = wf_actor_is_hr(s_actor(call));
    const char *named_zh = "", *named_en = "";
    for (size_t i = 0; hr && i + 1 < n; i++) {
        named_zh =
            hr_arena_fmt(arena, "%s%s%s", named_zh, *named_zh ? "；" : "：", probs[i].message_zh);
        named_en = hr_arena_fmt(arena, "%s%s[%s %s] %s", named_en, *named_en ? "; " : ": ",
                                probs[i].code, probs[i].article, probs[i].message_en);
    }
    bool window = n && !strcmp(probs[n - 1].code, "REVOCATION_WINDOW");
    bool expiry = wf_ground_is_expiry(law_ground_find(c->ground));
    const char *todo_zh, *todo_en;
    if (window) {
        todo_zh = hr_arena_fmt(arena,
                               "请与员工协商撤销已送达的通知（hrctl case rescind %s --on 日期 "
                               "--reason 原因 --evidence 证据），或待保护情形结束、人员名册更新后"
                               "再办理。",
                               c->id);
        todo_en = hr_arena_fmt(arena,
                               "revoke the served notice with the employee's agreement (hrctl case "
                               "rescind %s --on DATE --reason TEXT --evidence ID), or wait until "
                               "the protection ends and the directory says so",
                               c->id);
    } else {
        todo_zh = hr_arena_fmt(
            arena,
            "%s请待保护情形结束、人员名册更新后由 HR 重新审核本案，或撤回本案（hrctl case "
            "withdraw %s 原因）。",
            expiry ? "劳动合同期满时有此情形的，依第四十五条续延至该情形消失时终止。" : "", c->id);
        todo_en = hr_arena_fmt(
            arena,
            "%swait until the protection ends and the directory says so, and "
            "have HR review the case again; or withdraw it (hrctl case "
            "withdraw %s REASON)",
            expiry ? "an expiring contract extends until it ends (LCL 45); " : "", c->id);
    }
    return hr_call_fail_zh(
        call, HR_ECONFLICT,
        hr_arena_fmt(arena,
                     "案件 %s：人员名册记载该员工处于法定保护情形（《中华人民共和国劳动合同法》"
                     "第四十二条）%s。保护期间不能%s。%s",
                     c->id, named_zh, what_zh, todo_zh),
        "case %s: the directory records a legal protection for the employee (LCL 42)%s. "
        "While it lasts, %s waits: %s",
        c->id, named_en, what_en, todo_en);
}

// s_protection_bars' refusal (s_protect_refused) of what_zh / what_en on case c; HR_OK when no
// protection bars it.
static hr_rc_t s_protect_check(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                               const char *what_zh, const char *what_en)
{
    wf_problem_t *probs = NULL;
    size_t n = s_protection_bars(self, call, c, &probs, NULL);
    return n ? s_protect_refused(call, c, probs, n, what_zh, what_en) : HR_OK;
}

// The Art. 42 warnings of the case as it stands (s_protection_bars), for HR only - nobody else
// reads statuses. In *probs (arena); their count. A directory that cannot be read gives none.
static size_t s_protection(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                           wf_problem_t **probs)
{
    hr_arena_t *arena = hr_call_arena(call);
    *probs = NULL;
    Hr__Workflow__Person *p = NULL;
    if (!wf_actor_is_hr(s_actor(call)))
        return 0;
    size_t n = s_protection_bars(self, call, c, probs, &p);
    if (!p)
        return 0;
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    // An expiry before its notice: the contract extends (Art. 45), not the Art. 40/41 advice.
    if (n && !c->outcome && wf_ground_is_expiry(law_ground_find(c->ground)))
        (*probs)[n - 1] = wf_expiry_extended(c, arena);
    // An open case of someone the directory records as leaving, before the outcome it would
    // set (or an outcome after it): the employment ends, or ended, by itself.
    int32_t left = 0, end = 0;
    if (n < WF_PROBLEMS_MAX && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        *p->left_date && hr_date_parse(p->left_date, &left) &&
        (!c->outcome || !hr_date_parse(c->outcome->effective_date, &end) || left <= end)) {
        bool past = left <= today;
        (*probs)[n++] = (wf_problem_t){
            "EMPLOYEE_LEFT", "employee.left_date", "",
            hr_arena_fmt(arena,
                         "员工 %s %s %s 离职（人员名册 left_date）：劳动关系%s结束，不再邀请面谈、"
                         "送达通知或记录结果。请撤回本案，或更正人员名册。",
                         p->employee_no, past ? "已于" : "将于", p->left_date,
                         past ? "已经" : "届时"),
            hr_arena_fmt(arena,
                         "employee %s %s on %s (the directory's left_date): the employment %s; "
                         "no interview, notice or outcome is accepted on or after that day - "
                         "withdraw this case, or correct the directory",
                         p->employee_no, past ? "left" : "leaves", p->left_date,
                         past ? "already ended" : "ends that day")};
    }
    return n;
}

// Every problem of the call's CaseReply is a warning: the action was done all the same.
static void s_warned(hr_call_t *call)
{
    Hr__Workflow__CaseReply *rep = hr_call_reply(call);
    for (size_t i = 0; i < rep->n_problems; i++)
        rep->problems[i]->severity = "warn";
}

// s_save_reply for an action done, with the case's Art. 42 warnings (s_protection) beside it.
static hr_rc_t s_save_warned(void *server, hr_call_t *call, const Hr__Workflow__Case *old,
                             Hr__Workflow__Case *c)
{
    wf_problem_t *probs = NULL;
    size_t n = s_protection(server, call, c, &probs);
    hr_rc_t rc = s_save_reply(server, call, old, c, true, probs, n);
    if (!rc)
        s_warned(call);
    return rc;
}

// ---------------------------------------------------------------------------------------------
// Directory

typedef struct {
    hr_txn_t *txn;       // borrowed
    hr_arena_t *arena;   // borrowed
    wf_dept_row_t *rows; // borrowed: departments in the file (departments import)
    size_t nrows;        // entries in rows
} s_dept_ctx_t;

static bool s_dept_known(void *arg, const char *id)
{
    s_dept_ctx_t *ctx = arg;
    Hr__Workflow__Department *d = NULL;
    return wf_store_department_get(ctx->txn, id, ctx->arena, &d) == HR_OK;
}

// A roster's 部门 column often holds the department's name (销售部), not its id (SALES): a
// name exactly one department has is read as that department, and said so in a warning.
static hr_rc_t s_dept_names_to_ids(s_dept_ctx_t *ctx, wf_person_row_t *rows, size_t nrows,
                                   wf_errors_t *warns)
{
    Hr__Workflow__Department **all = NULL;
    size_t nall = 0;
    bool loaded = false;
    for (size_t i = 0; i < nrows; i++) {
        Hr__Workflow__Person *p = rows[i].person;
        if (!p || !*p->department_id || s_dept_known(ctx, p->department_id))
            continue;
        if (!loaded) {
            hr_rc_t rc = wf_store_departments_all(ctx->txn, ctx->arena, WF_PEOPLE_MAX, &all, &nall);
            if (rc)
                return rc;
            loaded = true;
        }
        const Hr__Workflow__Department *named = NULL;
        size_t holders = 0;
        for (size_t d = 0; d < nall; d++)
            if (!strcmp(all[d]->name, p->department_id)) {
                named = all[d];
                holders++;
            }
        if (holders != 1)
            continue; // unknown, or the name of several: the check says unknown department
        wf_errors_add(warns, ctx->arena, rows[i].line, "department_id",
                      "'%.64s' read as department %s (the department of that name)",
                      p->department_id, named->id);
        wf_errors_zh(warns, ctx->arena, "“%.64s”按名称读作部门%s（名称为此的部门）",
                     p->department_id, named->id);
        p->department_id = hr_arena_strdup(ctx->arena, named->id);
    }
    return HR_OK;
}

static bool s_person_known(void *arg, const char *no)
{
    s_dept_ctx_t *ctx = arg;
    Hr__Workflow__Person *p = NULL;
    return wf_store_person_get(ctx->txn, no, ctx->arena, &p) == HR_OK;
}

// The id of the employee's open case, NULL when none (or it cannot be read: the import's own
// reads of the cases then fail it).
static const char *s_open_case(void *arg, const char *employee_no)
{
    s_dept_ctx_t *ctx = arg;
    char *open = NULL;
    if (wf_store_case_open_id(ctx->txn, employee_no, ctx->arena, &open))
        return NULL;
    return open;
}

// Joins the request's csv with any extra frames; HR_EINVAL past WF_CSV_MAX_BYTES.
static hr_rc_t s_import_bytes(hr_call_t *call, ProtobufCBinaryData csv, uint8_t **data, size_t *len)
{
    zmsg_t *frames = hr_call_frames_in(call);
    size_t total = csv.len;
    for (zframe_t *f = frames ? zmsg_first(frames) : NULL; f; f = zmsg_next(frames))
        total += zframe_size(f);
    if (total > WF_CSV_MAX_BYTES)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "导入文件太大：%zu 字节，最多 %d 字节。请拆分成几个文件分别导入。", total,
                  WF_CSV_MAX_BYTES),
            "csv: %zu bytes, at most %d", total, WF_CSV_MAX_BYTES);
    uint8_t *buf = hr_arena_alloc(hr_call_arena(call), total + 1);
    size_t off = 0;
    if (csv.len)
        memcpy(buf, csv.data, csv.len);
    off = csv.len;
    for (zframe_t *f = frames ? zmsg_first(frames) : NULL; f; f = zmsg_next(frames)) {
        memcpy(buf + off, zframe_data(f), zframe_size(f));
        off += zframe_size(f);
    }
    *data = buf;
    *len = total;
    return HR_OK;
}

static void s_reply_errors(hr_call_t *call, Hr__Workflow__ImportReply *rep, const wf_errors_t *e)
{
    hr_arena_t *arena = hr_call_arena(call);
    rep->errors = hr_arena_alloc(arena, (e->n + 2) * sizeof *rep->errors);
    for (size_t i = 0; i < e->n; i++) {
        Hr__Workflow__RowError *r = hr_arena_alloc(arena, sizeof *r);
        hr__workflow__row_error__init(r);
        r->line = e->items[i].line;
        r->column = hr_arena_strdup(arena, e->items[i].column ? e->items[i].column : "");
        r->message = hr_arena_strdup(arena, e->items[i].message);
        r->column_zh = hr_arena_strdup(arena, e->items[i].column_zh ? e->items[i].column_zh : "");
        r->message_zh =
            hr_arena_strdup(arena, e->items[i].message_zh ? e->items[i].message_zh : "");
        rep->errors[rep->n_errors++] = r;
    }
    if (e->total > e->n) {
        Hr__Workflow__RowError *r = hr_arena_alloc(arena, sizeof *r);
        hr__workflow__row_error__init(r);
        r->message = hr_arena_fmt(arena, "%zu more problems not listed", e->total - e->n);
        r->message_zh = hr_arena_fmt(arena, "另有%zu处问题未列出", e->total - e->n);
        rep->errors[rep->n_errors++] = r;
    }
}

// The rows imported as they are with a warning, like the errors.
static void s_reply_warnings(hr_call_t *call, Hr__Workflow__ImportReply *rep, const wf_errors_t *w)
{
    Hr__Workflow__ImportReply tmp = HR__WORKFLOW__IMPORT_REPLY__INIT;
    s_reply_errors(call, &tmp, w);
    rep->warnings = tmp.errors;
    rep->n_warnings = tmp.n_errors;
}

// The start both imports share: HR only, then the bytes of the import read into CSV rows. False
// when the handler is done: *rc is the call's error, or HR_OK with the problems of the file as
// a whole in the reply.
static bool s_import_rows(hr_call_t *call, const char *what, ProtobufCBinaryData csv,
                          Hr__Workflow__ImportReply *rep, wf_errors_t *errs, wf_csv_row_t **rows,
                          size_t *nrows, hr_rc_t *rc)
{
    hr_arena_t *arena = hr_call_arena(call);
    *rc = s_need_hr(call, what);
    if (*rc)
        return false;
    wf_errors_init(errs, arena);
    uint8_t *data = NULL;
    size_t len = 0;
    *rc = s_import_bytes(call, csv, &data, &len);
    if (*rc)
        return false;
    char *text = NULL;
    size_t tlen = 0;
    wf_encoding_t enc = WF_ENC_UTF8;
    char err[S_ERR_LEN], err_zh[S_ERR_LEN];
    if (wf_csv_decode(data, len, arena, &text, &tlen, &enc, err, err_zh, sizeof err) ||
        wf_csv_parse(text, tlen, arena, WF_CSV_MAX_ROWS + 1, rows, nrows, err, err_zh,
                     sizeof err)) {
        wf_errors_add(errs, arena, 0, "file", "%s", err);
        wf_errors_zh(errs, arena, "%s", err_zh);
        s_reply_errors(call, rep, errs);
        return false;
    }
    rep->encoding = hr_arena_strdup(arena, wf_encoding_name(enc));
    rep->rows = *nrows ? (uint32_t)(*nrows - 1) : 0;
    return true;
}

// Whether an import writes: not on a dry run, nor when the file has errors and bad rows are not
// to be skipped. When it does not, nothing counts as skipped.
static bool s_import_writes(Hr__Workflow__ImportReply *rep, const wf_errors_t *errs, bool skip_bad,
                            bool dry_run)
{
    if ((errs->total && !skip_bad) || dry_run) {
        rep->skipped = 0;
        return false;
    }
    return true;
}

// The import's effect on cases, for HR to act on: the employee of an open or closed case gets
// another manager in the file. The case keeps the manager it has (a case changes hands only by
// ReassignCase, which HR decides and the history records), so HR is told which cases to look at.
// People are found by binary search: the directory comes in key order, the file's good rows are
// sorted once (a 100,000-person directory with thousands of cases stays well under a second).
typedef struct {
    hr_call_t *call;                       // borrowed
    Hr__Workflow__ImportReply *rep;        // borrowed: notices go here
    const wf_errors_t *labels;             // borrowed: the file's columns in Chinese
    const Hr__Workflow__Person **now;      // arena: the file's good rows, by employee_no
    size_t nnow;                           // entries in now
    Hr__Workflow__Person *const *existing; // borrowed: the directory before, in key order
    size_t nexisting;                      // entries in existing
    size_t concerned;                      // cases concerned, listed or not
} s_notice_t;

static int s_person_cmp(const void *a, const void *b)
{
    const Hr__Workflow__Person *const *x = a, *const *y = b;
    return strcmp((*x)->employee_no, (*y)->employee_no);
}

static const Hr__Workflow__Person *s_person_find(const Hr__Workflow__Person *const *v, size_t n,
                                                 const char *employee_no)
{
    Hr__Workflow__Person key = {.employee_no = (char *)employee_no};
    const Hr__Workflow__Person *kp = &key;
    const Hr__Workflow__Person *const *hit = bsearch(&kp, v, n, sizeof *v, s_person_cmp);
    return hit ? *hit : NULL;
}

// Room for every notice an import may give (WF_IMPORT_NOTICES_CAP), in both languages.
static void s_notices_alloc(hr_arena_t *arena, Hr__Workflow__ImportReply *rep)
{
    if (rep->notices)
        return;
    rep->notices = hr_arena_alloc(arena, WF_IMPORT_NOTICES_CAP * sizeof *rep->notices);
    rep->notices_zh = hr_arena_alloc(arena, WF_IMPORT_NOTICES_CAP * sizeof *rep->notices_zh);
}

// One notice: its Chinese at the same index of notices_zh as its English in notices (arena
// strings; s_notices_alloc made the room).
static void s_notice_add(Hr__Workflow__ImportReply *rep, char *zh, char *en)
{
    assert(rep->n_notices < WF_IMPORT_NOTICES_CAP && rep->n_notices_zh == rep->n_notices);
    rep->notices_zh[rep->n_notices_zh++] = zh;
    rep->notices[rep->n_notices++] = en;
}

// A case whose manager the file records as leaving (a left_date new or changed): from that day
// they act on nothing, and the case goes to the next one up by itself (wf_server_hand_on).
static hr_rc_t s_notice_leaver(s_notice_t *n, const Hr__Workflow__Case *c)
{
    const Hr__Workflow__Person *now = s_person_find(n->now, n->nnow, c->manager_no);
    const Hr__Workflow__Person *before = s_person_find(
        (const Hr__Workflow__Person *const *)n->existing, n->nexisting, c->manager_no);
    if (!now || !*now->left_date || (before && !strcmp(before->left_date, now->left_date)))
        return HR_OK;
    n->concerned++;
    if (n->rep->n_notices >= WF_IMPORT_MAX_NOTICES)
        return HR_OK; // counted, not listed
    hr_arena_t *arena = hr_call_arena(n->call);
    s_notice_add(
        n->rep,
        hr_arena_fmt(arena,
                     "案件 %s：其直属经理 %s 的%s为 %s，自该日起不再处理任何事项；自该日起案件自动"
                     "交由 %s 汇报线上第一位未离职的上级负责（也可现在转交：hrctl case reassign "
                     "%s --manager 工号 --reason 理由）",
                     c->id, c->manager_no, wf_errors_label(n->labels, "left_date"), now->left_date,
                     c->employee_no, c->id),
        hr_arena_fmt(arena,
                     "case %s: its manager %s leaves on %s (left_date) and acts on nothing from "
                     "that day; from that day it goes by itself to the first up %s's line who has "
                     "not left (or hand it on now: hrctl case reassign %s --manager NO --reason "
                     "TEXT)",
                     c->id, c->manager_no, now->left_date, c->employee_no, c->id));
    return HR_OK;
}

// Adds field to *what (", field" each) and its Chinese, as the file names it, to *what_zh ("、名"
// each): arena strings.
static void s_changed(const s_notice_t *n, const char *field, const char **what,
                      const char **what_zh)
{
    hr_arena_t *arena = hr_call_arena(n->call);
    *what = hr_arena_fmt(arena, "%s, %s", *what, field);
    *what_zh = hr_arena_fmt(arena, "%s、%s", *what_zh, wf_errors_label(n->labels, field));
}

// A case whose employee's wage, dates or own branch the file changes: the case's assessment keeps
// what it was made with (Assessment.monthly_wage_fen, wage_base_fen, branch, ...), so the
// directory and the case now differ - said, with what changed, never silently.
static hr_rc_t s_notice_basis(s_notice_t *n, const Hr__Workflow__Case *c)
{
    const Hr__Workflow__Person *now = s_person_find(n->now, n->nnow, c->employee_no);
    const Hr__Workflow__Person *before = s_person_find(
        (const Hr__Workflow__Person *const *)n->existing, n->nexisting, c->employee_no);
    if (!now || !before)
        return HR_OK;
    hr_arena_t *arena = hr_call_arena(n->call);
    const char *what = "", *what_zh = "";
    if (now->monthly_wage_fen != before->monthly_wage_fen)
        s_changed(n, "monthly_wage", &what, &what_zh);
    if (now->average_wage_fen != before->average_wage_fen)
        s_changed(n, "average_wage", &what, &what_zh);
    // The person's own branch too: the assessment keeps the branch whose figures it used.
    const char *const fields[] = {"hire_date", "contract_start", "contract_end", "probation_end",
                                  "branch"};
    const char *const was[] = {before->hire_date, before->contract_start, before->contract_end,
                               before->probation_end, before->branch};
    const char *const is[] = {now->hire_date, now->contract_start, now->contract_end,
                              now->probation_end, now->branch};
    for (size_t i = 0; i < HR_ARRAY_LEN(fields); i++)
        if (strcmp(was[i] ? was[i] : "", is[i] ? is[i] : ""))
            s_changed(n, fields[i], &what, &what_zh);
    if (!*what)
        return HR_OK;
    n->concerned++;
    if (n->rep->n_notices >= WF_IMPORT_MAX_NOTICES)
        return HR_OK; // counted, not listed
    bool open = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    s_notice_add(
        n->rep,
        hr_arena_fmt(arena,
                     "案件 %s（%s）：本文件更改了 %s 的%s；案件的评估仍按作出时的数据"
                     "（hrctl case show %s）%s",
                     c->id, open ? "未结" : "已结", c->employee_no, what_zh + strlen("、"), c->id,
                     open && !c->outcome ? "；请按新数据重新审核" : ""),
        hr_arena_fmt(arena,
                     "case %s (%s): the file changes %s's %s; the case's assessment keeps what it "
                     "was made with (hrctl case show %s)%s",
                     c->id, open ? "open" : "closed", c->employee_no, what + 2, c->id,
                     open && !c->outcome ? "; review it again for the new figures" : ""));
    return HR_OK;
}

static hr_rc_t s_notice_case(void *arg, Hr__Workflow__Case *c)
{
    s_notice_t *n = arg;
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED)
        return HR_OK;
    hr_rc_t rc = s_notice_leaver(n, c);
    if (!rc)
        rc = s_notice_basis(n, c);
    if (rc)
        return rc;
    const Hr__Workflow__Person *now = s_person_find(n->now, n->nnow, c->employee_no);
    const Hr__Workflow__Person *before = s_person_find(
        (const Hr__Workflow__Person *const *)n->existing, n->nexisting, c->employee_no);
    if (!now || !before || !strcmp(now->manager_no, before->manager_no) ||
        !strcmp(now->manager_no, c->manager_no))
        return HR_OK;
    n->concerned++;
    if (n->rep->n_notices >= WF_IMPORT_MAX_NOTICES)
        return HR_OK; // counted, not listed
    hr_arena_t *arena = hr_call_arena(n->call);
    bool has_now = *now->manager_no, had = *before->manager_no;
    s_notice_add(
        n->rep,
        hr_arena_fmt(arena,
                     "案件 %s：%s 的直属上级现为 %s（原为 %s）；在 HR 转交之前，案件仍由 %s 负责："
                     "hrctl case reassign %s --manager %s --reason 理由",
                     c->id, c->employee_no, has_now ? now->manager_no : "无",
                     had ? before->manager_no : "无", c->manager_no, c->id,
                     has_now ? now->manager_no : "工号"),
        hr_arena_fmt(arena,
                     "case %s: %s now reports to %s (was %s); the case stays with %s until HR "
                     "reassigns it: hrctl case reassign %s --manager %s --reason TEXT",
                     c->id, c->employee_no, has_now ? now->manager_no : "nobody",
                     had ? before->manager_no : "nobody", c->manager_no, c->id,
                     has_now ? now->manager_no : "NO"));
    return HR_OK;
}

// Fills rep->notices and notices_zh (at most WF_IMPORT_MAX_NOTICES, then one line saying how
// many more). labels: the file's columns in Chinese (its errors).
static hr_rc_t s_notices(hr_call_t *call, Hr__Workflow__ImportReply *rep, const wf_errors_t *labels,
                         const wf_person_row_t *people, size_t npeople,
                         Hr__Workflow__Person *const *existing, size_t nexisting)
{
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Workflow__Person **now = hr_arena_alloc(arena, (npeople + 1) * sizeof *now);
    size_t nnow = 0;
    for (size_t i = 0; i < npeople; i++)
        if (!people[i].bad)
            now[nnow++] = people[i].person;
    qsort(now, nnow, sizeof *now, s_person_cmp);
    // Room for the status changes after the cases' lines (s_status_notices).
    s_notices_alloc(arena, rep);
    s_notice_t n = {call, rep, labels, now, nnow, existing, nexisting, 0};
    hr_rc_t rc = wf_store_case_each(hr_call_txn(call), "", arena, s_notice_case, &n);
    if (!rc && n.concerned > rep->n_notices)
        s_notice_add(rep,
                     hr_arena_fmt(arena, "另有%zu个案件受影响，未列出（上方为前%d个）",
                                  n.concerned - WF_IMPORT_MAX_NOTICES, WF_IMPORT_MAX_NOTICES),
                     hr_arena_fmt(arena,
                                  "%zu more cases concerned, not listed (the first %d are above)",
                                  n.concerned - WF_IMPORT_MAX_NOTICES, WF_IMPORT_MAX_NOTICES));
    return rc;
}

static int s_str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// One notice naming the people the directory holds (who have not left) and the file leaves out,
// when the omission may be a leaving: rows overwrite by key and nobody is deleted, so they stay
// as they are - someone who left is recorded with left_date, never by leaving their row out. A
// file holding at least half of the directory reads as the whole directory, and everyone it
// leaves out is named; a smaller file (a hire, a correction) names only those whose reports it
// moves to someone else. At most WF_IMPORT_MAX_MISSING named, the rest counted.
static void s_missing_notice(hr_call_t *call, Hr__Workflow__ImportReply *rep,
                             const wf_errors_t *labels, const wf_person_row_t *people,
                             size_t npeople, Hr__Workflow__Person *const *existing,
                             size_t nexisting)
{
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Workflow__Person **in = hr_arena_alloc(arena, (npeople + 1) * sizeof *in);
    const char **left_behind = hr_arena_alloc(arena, (npeople + 1) * sizeof *left_behind);
    size_t nin = 0, nbehind = 0, nactive = 0;
    for (size_t i = 0; i < npeople; i++) {
        const Hr__Workflow__Person *p = people[i].person;
        if (!p || !*p->employee_no)
            continue;
        in[nin++] = p;
        const Hr__Workflow__Person *before =
            s_person_find((const Hr__Workflow__Person *const *)existing, nexisting, p->employee_no);
        if (before && *before->manager_no && strcmp(before->manager_no, p->manager_no))
            left_behind[nbehind++] = before->manager_no;
    }
    qsort(in, nin, sizeof *in, s_person_cmp);
    qsort(left_behind, nbehind, sizeof *left_behind, s_str_cmp);
    for (size_t i = 0; i < nexisting; i++)
        nactive += !*existing[i]->left_date;
    bool whole = nin * 2 >= nactive;
    char *names = hr_arena_strdup(arena, "");
    size_t missing = 0;
    for (size_t i = 0; i < nexisting; i++) {
        const char *no = existing[i]->employee_no;
        if (*existing[i]->left_date || s_person_find(in, nin, no))
            continue;
        if (!whole && !bsearch(&no, left_behind, nbehind, sizeof *left_behind, s_str_cmp))
            continue;
        if (missing++ < WF_IMPORT_MAX_MISSING)
            names = hr_arena_fmt(arena, "%s%s%s", names, missing > 1 ? ", " : "", no);
    }
    if (!missing)
        return;
    bool more = missing > WF_IMPORT_MAX_MISSING;
    s_notice_add(
        rep,
        hr_arena_fmt(arena,
                     "人员名册中有%zu人不在本文件中，保持不变（不会删除任何人；离职人员请填写%s"
                     "后导入）：%s%s",
                     missing, wf_errors_label(labels, "left_date"), names,
                     more ? hr_arena_fmt(arena, "，另有%zu人", missing - WF_IMPORT_MAX_MISSING)
                          : ""),
        hr_arena_fmt(arena,
                     "%zu people in the directory are not in this file and stay as they are "
                     "(nobody is deleted; someone who left is imported with left_date): %s%s",
                     missing, names,
                     more ? hr_arena_fmt(arena, " and %zu more", missing - WF_IMPORT_MAX_MISSING)
                          : ""));
}

// The protected-status changes the import makes, person by person (wf_person_status_changes),
// after the cases' notices: at most WF_IMPORT_MAX_STATUS_NOTICES lines, then one saying how many
// more; rep->status_changes counts them all. A status removed from someone with an open case
// names the case. Imported as the file says (the directory mirrors what is: a status that ended
// must be able to end), but never silently.
static hr_rc_t s_status_notices(hr_call_t *call, Hr__Workflow__ImportReply *rep,
                                const wf_person_row_t *people, size_t npeople,
                                Hr__Workflow__Person *const *existing, size_t nexisting)
{
    hr_arena_t *arena = hr_call_arena(call);
    size_t listed = 0, total = 0;
    for (size_t i = 0; i < npeople; i++) {
        if (people[i].bad)
            continue;
        const Hr__Workflow__Person *now = people[i].person;
        const Hr__Workflow__Person *before = s_person_find(
            (const Hr__Workflow__Person *const *)existing, nexisting, now->employee_no);
        size_t n = wf_person_status_changes(before, now, "", arena, NULL, NULL, 0);
        if (!n)
            continue;
        char *open = "";
        hr_rc_t rc = wf_store_case_open_id(hr_call_txn(call), now->employee_no, arena, &open);
        if (rc)
            return rc;
        size_t room = WF_IMPORT_MAX_STATUS_NOTICES - listed;
        wf_person_status_changes(before, now, open, arena, rep->notices + rep->n_notices,
                                 rep->notices_zh + rep->n_notices_zh, room);
        size_t shown = n < room ? n : room;
        rep->n_notices += shown;
        rep->n_notices_zh += shown;
        listed += shown;
        total += n;
    }
    if (total > listed)
        s_notice_add(rep,
                     hr_arena_fmt(arena,
                                  "另有%zu项特殊保护状态变更未列出（上方为前%d项；可用 --dry-run "
                                  "试运行较小的文件查看）",
                                  total - listed, WF_IMPORT_MAX_STATUS_NOTICES),
                     hr_arena_fmt(arena,
                                  "%zu more protected-status changes, not listed (the first %d are "
                                  "above; --dry-run a smaller file to see them)",
                                  total - listed, WF_IMPORT_MAX_STATUS_NOTICES));
    rep->status_changes = (uint32_t)total;
    return HR_OK;
}

// The removals of protected statuses that need a reason (wf_status_removal_why): without
// --reason each is a problem of its row's protected cell, naming the status and why (a medical
// period removed the day it was recorded, a status of someone whose case is open); with one,
// each open case concerned is collected into cases (at most max, arena ids) for the notice and
// the cases' history. The number of such removals.
static size_t s_removals(hr_call_t *call, int32_t today, const char *reason,
                         wf_person_row_t *people, size_t npeople,
                         Hr__Workflow__Person *const *existing, size_t nexisting, wf_errors_t *errs,
                         char **cases, size_t max, size_t *ncases)
{
    hr_arena_t *arena = hr_call_arena(call);
    size_t n = 0;
    *ncases = 0;
    for (size_t i = 0; i < npeople; i++) {
        const Hr__Workflow__Person *now = people[i].person;
        if (people[i].bad || !now || !people[i].has_protected)
            continue;
        const Hr__Workflow__Person *before = s_person_find(
            (const Hr__Workflow__Person *const *)existing, nexisting, now->employee_no);
        char *open = NULL;
        for (size_t k = 0; before && k < before->n_protected_statuses; k++) {
            const Hr__Workflow__ProtectedStatus *was = before->protected_statuses[k];
            bool kept = false;
            for (size_t j = 0; j < now->n_protected_statuses && !kept; j++)
                kept = !strcmp(now->protected_statuses[j]->status, was->status);
            if (kept)
                continue;
            if (!open && wf_store_case_open_id(hr_call_txn(call), now->employee_no, arena, &open))
                open = "";
            const char *why = wf_status_removal_why(was, today, *open, false);
            if (!why)
                continue;
            n++;
            if (*reason) {
                bool listed = false;
                for (size_t c = 0; c < *ncases && !listed; c++)
                    listed = !strcmp(cases[c], open);
                if (*open && !listed && *ncases < max)
                    cases[(*ncases)++] = open;
                continue;
            }
            wf_errors_add(errs, arena, people[i].line, "protected",
                          "removes status %s (%s%s%s): say why with hrctl import people FILE "
                          "--reason TEXT (kept in the case's history and the import's notices)",
                          was->status, why, *open ? ", case " : "", open);
            wf_errors_zh(errs, arena,
                         "移除了特殊保护状态 %s（%s%s%s）：请用 hrctl import people 文件 --reason "
                         "理由 说明原因（理由记入案件历史和导入通知）",
                         was->status, wf_status_removal_why(was, today, *open, true),
                         *open ? "，案件 " : "", open);
            people[i].bad = true;
        }
    }
    return n;
}

// The reason of the removals s_removals found, as a notice naming the open cases concerned.
static void s_removal_notice(hr_call_t *call, Hr__Workflow__ImportReply *rep, const char *reason,
                             size_t n, char **cases, size_t ncases)
{
    hr_arena_t *arena = hr_call_arena(call);
    s_notices_alloc(arena, rep);
    if (!n || rep->n_notices >= WF_IMPORT_NOTICES_CAP)
        return;
    char *ids = "";
    for (size_t i = 0; i < ncases; i++)
        ids = hr_arena_fmt(arena, "%s%s%s", ids, i ? ", " : "", cases[i]);
    s_notice_add(rep,
                 hr_arena_fmt(arena, "移除%zu项需说明理由的特殊保护状态，理由：%s%s%s", n, reason,
                              ncases ? "；涉及案件 " : "", ids),
                 hr_arena_fmt(arena,
                              "%zu protected-status removals that need a reason, reason: %s%s%s", n,
                              reason, ncases ? "; cases concerned: " : "", ids));
}

// Each case of s_removals, once the import is written: the reason in its history.
static hr_rc_t s_removal_record(hr_call_t *call, const char *reason, char **cases, size_t n)
{
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        Hr__Workflow__Case *old = NULL, *c = NULL;
        rc = wf_store_case_get(txn, cases[i], arena, &old);
        if (!rc)
            rc = wf_store_case_get(txn, cases[i], arena, &c);
        if (rc)
            break;
        const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
        // No status named: the manager reads the history (DESIGN.md 7); HR has the import's
        // notices and the directory.
        s_history(call, c, "protection_removed", cur ? cur->key : "",
                  hr_arena_fmt(arena,
                               "the directory no longer records an LCL 42 protection; "
                               "reason: %s",
                               reason));
        c->version++;
        rc = wf_store_case_put(txn, old, c);
    }
    return rc;
}

// A case an import concerns through an Art. 42 status it records (wf_review_protection).
typedef struct s_protect_case {
    const char *case_id;                // arena
    const Hr__Workflow__Person *person; // borrowed: the person as imported
    const char *advice;                 // PROTECTED_SINCE_REVIEW or REVOCATION_WINDOW
    struct s_protect_case *next;        // arena list
} s_protect_case_t;

typedef struct {
    wf_server_t *self;                  // borrowed
    hr_call_t *call;                    // borrowed
    Hr__Workflow__ImportReply *rep;     // borrowed
    const Hr__Workflow__Person *person; // borrowed: the row being looked at
    s_protect_case_t *list;             // arena: every case concerned
    size_t concerned;                   // cases concerned, listed or not
    size_t start;                       // rep->n_notices before the first of them
    wf_dept_map_t depts;                // arena: the departments, read once for the import
} s_protect_t;

// Whether now records a protected status before did not (a new person has no case).
static bool s_status_gained(const Hr__Workflow__Person *before, const Hr__Workflow__Person *now)
{
    if (!before)
        return false;
    for (size_t i = 0; i < now->n_protected_statuses; i++) {
        bool had = false;
        for (size_t k = 0; k < before->n_protected_statuses && !had; k++)
            had =
                !strcmp(now->protected_statuses[i]->status, before->protected_statuses[k]->status);
        if (!had)
            return true;
    }
    return false;
}

static hr_rc_t s_protect_case(void *arg, Hr__Workflow__Case *c)
{
    s_protect_t *pr = arg;
    hr_arena_t *arena = hr_call_arena(pr->call);
    wf_problem_t *probs = hr_arena_alloc(arena, WF_PROBLEMS_MAX * sizeof *probs);
    int32_t today = hr_day_of_ms(hr_call_now_ms(pr->call), pr->self->time.tz_offset_min);
    s_place_t place;
    s_place_in(pr->self, &pr->depts, arena, pr->person, &place);
    size_t n = wf_review_protection(c, pr->person, place.law, today, arena, probs, WF_PROBLEMS_MAX);
    if (!n)
        return HR_OK;
    if (!c->outcome && wf_ground_is_expiry(law_ground_find(c->ground)))
        probs[n - 1] = wf_expiry_extended(c, arena); // Art. 45, as s_protection says it
    s_protect_case_t *e = hr_arena_alloc(arena, sizeof *e);
    *e = (s_protect_case_t){hr_arena_strdup(arena, c->id), pr->person, probs[n - 1].code, pr->list};
    pr->list = e;
    pr->concerned++;
    if (pr->rep->n_notices - pr->start >= WF_IMPORT_MAX_NOTICES)
        return HR_OK; // counted, not listed
    s_notice_add(
        pr->rep,
        hr_arena_fmt(arena,
                     "案件 %s：人员名册现记载 %s 受《劳动合同法》第四十二条保护，审核时未曾看到；"
                     "案件中载明应如何处理，并告知该案件的 HR：hrctl case show %s",
                     c->id, c->employee_no, c->id),
        hr_arena_fmt(arena,
                     "case %s: the directory now records an LCL 42 protection for %s that the "
                     "review did not see (%s); the case says what to do and its HR person is "
                     "told: hrctl case show %s",
                     c->id, c->employee_no, probs[n - 1].code, c->id));
    return HR_OK;
}

// The cases of people whose protected statuses the import adds to, which now bar a dismissal
// reviewed lawful (before its notice, or while a served notice runs): listed in rep->notices
// (a dry run too) and kept in *pr for s_protection_record.
static hr_rc_t s_protection_notices(wf_server_t *self, hr_call_t *call,
                                    Hr__Workflow__ImportReply *rep, const wf_person_row_t *people,
                                    size_t npeople, Hr__Workflow__Person *const *existing,
                                    size_t nexisting, s_protect_t *pr)
{
    *pr = (s_protect_t){self, call, rep, NULL, NULL, 0, rep->n_notices, {NULL, 0}};
    s_notices_alloc(hr_call_arena(call), rep);
    size_t listed = rep->n_notices;
    hr_rc_t rc = s_dept_map(hr_call_txn(call), hr_call_arena(call), &pr->depts);
    for (size_t i = 0; i < npeople && !rc; i++) {
        if (people[i].bad)
            continue;
        const Hr__Workflow__Person *before =
            s_person_find((const Hr__Workflow__Person *const *)existing, nexisting,
                          people[i].person->employee_no);
        if (!s_status_gained(before, people[i].person))
            continue;
        pr->person = people[i].person;
        rc = wf_store_cases_of(hr_call_txn(call), people[i].person->employee_no,
                               hr_call_arena(call), s_protect_case, pr);
    }
    size_t shown = rep->n_notices - listed;
    if (!rc && pr->concerned > shown)
        s_notice_add(
            rep,
            hr_arena_fmt(hr_call_arena(call), "另有%zu个受保护的案件未列出", pr->concerned - shown),
            hr_arena_fmt(hr_call_arena(call), "%zu more protected cases, not listed",
                         pr->concerned - shown));
    return rc;
}

// Each case of s_protection_notices, once the import is written: its current step's deadline
// held while the protection lasts (protection_held_ms; s_save keeps it held through any move,
// s_protection_release resumes it), a history entry (no status named: the manager reads the
// history) and protection_recorded to the case's HR person, the HR head and legal - a decision
// to wait, revoke or withdraw is theirs together.
static hr_rc_t s_protection_record(wf_server_t *self, hr_call_t *call, const s_protect_t *pr)
{
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_rc_t rc = HR_OK;
    for (const s_protect_case_t *e = pr->list; e && !rc; e = e->next) {
        Hr__Workflow__Case *old = NULL, *c = NULL;
        rc = wf_store_case_get(txn, e->case_id, arena, &old);
        if (!rc)
            rc = wf_store_case_get(txn, e->case_id, arena, &c);
        if (rc)
            break;
        const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
        if (cur && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN) {
            if (!c->protection_held_ms)
                c->protection_held_ms = hr_call_now_ms(call);
            c->protection_ended_ms = 0;
            wf_tell_block_step(c->steps[c->current]);
        }
        const char *to[3] = {NULL, NULL, NULL};
        size_t nto = 0;
        char *legal = NULL;
        if (wf_store_setting_get(txn, WF_SETTING_LEGAL, arena, &legal))
            legal = NULL;
        const char *who[3] = {wf_effects_case_hr(txn, arena, c),
                              wf_effects_case_hr_head(txn, arena, c), legal}; // never the employee
        for (size_t k = 0; k < 3; k++) {
            bool dup = !who[k] || !*who[k] || !strcmp(who[k], c->employee_no);
            for (size_t j = 0; j < nto && !dup; j++)
                dup = !strcmp(to[j], who[k]);
            if (!dup)
                to[nto++] = who[k];
        }
        const char *told = nto ? to[0] : "nobody (no HR person)";
        for (size_t j = 1; j < nto; j++)
            told = hr_arena_fmt(arena, "%s, %s", told, to[j]);
        s_history(call, c, "protection_recorded", cur ? cur->key : "",
                  hr_arena_fmt(arena,
                               "the directory records an LCL 42 protection since the review (%s); "
                               "the case waits for it, the step's deadline held; HR: hrctl case "
                               "show; told %s",
                               e->advice, told));
        if (nto)
            rc = s_notify(self, call, c, WF_TPL_PROTECTION, cur, to, nto, "findings", e->advice);
        if (!rc) {
            c->version++;
            rc = wf_store_case_put(txn, old, c);
        }
    }
    return rc;
}

// The open case of each person whose protected statuses the import removes one of, held for a
// protection (protection_held_ms) that no longer bars it (wf_review_protection against the
// person as imported): released - its step's deadline counts again from now (wf_steps_resume;
// the interview stage by its interview too), protection_ended_ms says HR reviews it again
// before the notice (the outcome is assessed against the directory anew), and its history
// says so, naming no status.
static hr_rc_t s_protection_release(wf_server_t *self, hr_call_t *call,
                                    const wf_person_row_t *people, size_t npeople,
                                    Hr__Workflow__Person *const *existing, size_t nexisting)
{
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    int32_t today = hr_day_of_ms(now_ms, self->time.tz_offset_min);
    wf_dept_map_t depts = {NULL, 0};
    bool read = false;
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < npeople && !rc; i++) {
        const Hr__Workflow__Person *p = people[i].person;
        if (people[i].bad)
            continue;
        const Hr__Workflow__Person *before =
            s_person_find((const Hr__Workflow__Person *const *)existing, nexisting, p->employee_no);
        if (!before || !s_status_gained(p, before))
            continue;
        char *id = NULL;
        Hr__Workflow__Case *old = NULL, *c = NULL;
        rc = wf_store_case_open_id(txn, p->employee_no, arena, &id);
        if (rc || !*id)
            continue;
        rc = wf_store_case_get(txn, id, arena, &old);
        if (!rc)
            rc = wf_store_case_get(txn, id, arena, &c);
        if (rc || !c->protection_held_ms)
            continue;
        if (!read && (rc = s_dept_map(txn, arena, &depts)))
            break;
        read = true;
        s_place_t place;
        s_place_in(self, &depts, arena, p, &place);
        wf_problem_t probs[WF_PROBLEMS_MAX];
        if (wf_review_protection(c, p, place.law, today, arena, probs, WF_PROBLEMS_MAX))
            continue; // another protection still bars it
        c->protection_held_ms = 0;
        c->protection_ended_ms = now_ms;
        Hr__Workflow__CaseStep *cur = wf_steps_current(c);
        int32_t day = 0;
        if (cur) {
            wf_steps_resume(cur, &self->time, now_ms);
            if (cur->due_ms && !strcmp(cur->key, WF_STEP_INTERVIEW) && c->interview &&
                hr_date_parse(c->interview->date, &day))
                wf_steps_date_interview(cur, day, &self->time, now_ms);
        }
        s_history(call, c, "protection_ended", cur ? cur->key : "",
                  "the directory no longer records the LCL 42 protection that held the case: "
                  "the step's deadline runs again from now; HR reviews the case again before "
                  "the notice (the outcome is assessed against the directory as it then is)");
        c->version++;
        rc = wf_store_case_put(txn, old, c);
    }
    return rc;
}

// workflow.RolesChanged for the people the import adds or whose roles, leaving, manager or
// protected statuses (their keys) it changes: the services that authorize on the directory's
// roles (hr-evidence, hr-analytics), hr-analytics' reporting lines (a superior reads their
// line's metrics) and its warnings (LCL 42) follow them from the log.
static hr_rc_t s_roles_changed(hr_call_t *call, const wf_person_row_t *people, size_t npeople,
                               Hr__Workflow__Person *const *existing, size_t nexisting)
{
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Person **changed = hr_arena_alloc(arena, (npeople + 1) * sizeof *changed);
    size_t n = 0;
    for (size_t i = 0; i < npeople; i++) {
        if (people[i].bad)
            continue;
        const Hr__Workflow__Person *before =
            s_person_find((const Hr__Workflow__Person *const *)existing, nexisting,
                          people[i].person->employee_no);
        if (!before || !wf_auth_roles_equal(before, people[i].person) ||
            before->left_ms != people[i].person->left_ms ||
            strcmp(before->manager_no, people[i].person->manager_no) ||
            s_status_gained(before, people[i].person) || s_status_gained(people[i].person, before))
            changed[n++] = people[i].person;
    }
    return wf_store_roles_append(hr_call_txn(call), changed, n, hr_call_msg_id(call),
                                 hr_call_now_ms(call), NULL);
}

// The employee's reporting line of one case as it was before a people import stored its rows
// (s_lines_before), to tell the services that follow the case whose line the import moved
// (s_lines_changed).
typedef struct s_case_line {
    struct s_case_line *next;
    const char *case_id;     // arena
    const char *employee_no; // arena
    const char **line;       // the employee's managers, nearest first
    size_t n;
} s_case_line_t;

typedef struct {
    hr_call_t *call;
    s_case_line_t *first;
} s_case_lines_t;

static hr_rc_t s_line_before(void *arg, Hr__Workflow__Case *c)
{
    s_case_lines_t *ls = arg;
    hr_arena_t *arena = hr_call_arena(ls->call);
    s_case_line_t *l = hr_arena_alloc(arena, sizeof *l);
    l->case_id = c->id;
    l->employee_no = c->employee_no;
    l->line = hr_arena_alloc(arena, WF_CHAIN_MAX * sizeof *l->line);
    hr_rc_t rc = s_chain(ls->call, c->employee_no, l->line, &l->n);
    l->next = ls->first;
    ls->first = l;
    return rc;
}

// Every case's line (open or closed: hr-evidence keeps the records of both) before the
// import's rows are stored.
static hr_rc_t s_lines_before(hr_call_t *call, s_case_lines_t *ls)
{
    ls->call = call;
    ls->first = NULL;
    return wf_store_case_each(hr_call_txn(call), "", hr_call_arena(call), s_line_before, ls);
}

// workflow.CaseLineChanged for each case whose employee's reporting line the stored import
// moved (a manager now under another superior, a person under another manager): the workflow
// reads the case by the line as it is now (wf_auth_read_as), and hr-evidence, which keeps the
// line the case's CaseOpened or CaseReassigned gave it, follows it from the log.
static hr_rc_t s_lines_changed(hr_call_t *call, const s_case_lines_t *ls, size_t *changed)
{
    hr_arena_t *arena = hr_call_arena(call);
    hr_rc_t rc = HR_OK;
    *changed = 0;
    for (const s_case_line_t *l = ls->first; l && !rc; l = l->next) {
        const char **now = hr_arena_alloc(arena, WF_CHAIN_MAX * sizeof *now);
        size_t n = 0;
        rc = s_chain(call, l->employee_no, now, &n);
        bool same = !rc && n == l->n;
        for (size_t i = 0; same && i < n; i++)
            same = !strcmp(now[i], l->line[i]);
        if (rc || same)
            continue;
        Hr__Workflow__CaseLineChanged ev = HR__WORKFLOW__CASE_LINE_CHANGED__INIT;
        ev.case_id = (char *)l->case_id;
        ev.reporting_line = (char **)now;
        ev.n_reporting_line = n;
        ev.previous_line = (char **)l->line;
        ev.n_previous_line = l->n;
        ev.at_ms = hr_call_now_ms(call);
        rc = s_event(call, "workflow.CaseLineChanged", &ev.base);
        *changed += !rc;
    }
    return rc;
}

static void s_hand_on_hook(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    wf_server_hand_on(arg);
}

// A warning for each department whose head names nobody once the people import is in (those
// the departments import could not check: nobody was in the directory yet).
static hr_rc_t s_heads_unknown(hr_call_t *call, const wf_person_row_t *people, size_t npeople,
                               Hr__Workflow__Person *const *existing, size_t nexisting,
                               wf_errors_t *warns)
{
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Department **depts = NULL;
    size_t n = 0;
    hr_rc_t rc = wf_store_departments_all(hr_call_txn(call), arena, WF_PEOPLE_MAX, &depts, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        const char *head = depts[i]->head_no;
        bool known =
            !*head || s_person_find((const Hr__Workflow__Person *const *)existing, nexisting, head);
        for (size_t k = 0; k < npeople && !known; k++)
            known =
                !people[k].bad && people[k].person && !strcmp(people[k].person->employee_no, head);
        if (known)
            continue;
        wf_errors_add(warns, arena, 0, "head_no",
                      "department %.64s: its head '%.64s' is nobody in the directory: "
                      "import them, or correct departments.csv and import it again",
                      depts[i]->id, head);
        wf_errors_zh(warns, arena,
                     "：部门%.64s的负责人“%.64s”在名册中查无此人：请导入此人，或更正"
                     "departments.csv后重新导入",
                     depts[i]->id, head);
    }
    return rc;
}

// The codes workflow.cfg declares, "BJ, CD" (arena), "" for none: an unknown code's message.
static const char *s_branch_codes(const wf_server_t *self, hr_arena_t *arena)
{
    char *known = hr_arena_strdup(arena, "");
    for (size_t b = 0; b < self->nbranches; b++)
        known = hr_arena_fmt(arena, "%s%s%s", known, b ? ", " : "", self->branches[b].code);
    return known;
}

// Whether a branch cell (a person's or a department's) names no branch workflow.cfg declares
// (branch/CODE); "" or NULL is none (empty_en / empty_zh say what applies then). Such a code is
// an error on its line and column, the row bad: the import then writes nothing (or, with
// skip_bad, leaves the row out), never anyone placed nowhere.
static bool s_branch_refused(const wf_server_t *self, const char *code, uint32_t line,
                             const char *empty_en, const char *empty_zh, hr_arena_t *arena,
                             wf_errors_t *errs)
{
    if (!code || !*code || wf_branch_find(self->branches, self->nbranches, code))
        return false;
    const char *known = s_branch_codes(self, arena);
    wf_errors_add(errs, arena, line, "branch",
                  "'%.64s' is no branch workflow.cfg declares (%s): declare it as branch/%.64s "
                  "there, correct the code, or leave the cell empty for %s",
                  code, *known ? known : "none declared", code, empty_en);
    wf_errors_zh(errs, arena,
                 "“%.64s”不是 workflow.cfg 声明的分支机构（%s）：请运维人员在 workflow.cfg 中"
                 "以 branch/%.64s 声明，或更正代码，或留空（%s）",
                 code, *known ? known : "未声明任何分支机构", code, empty_zh);
    return true;
}

// A person's branch column names a declared branch or nothing (their department's applies).
static void s_people_branches(const wf_server_t *self, wf_person_row_t *people, size_t n,
                              hr_arena_t *arena, wf_errors_t *errs)
{
    for (size_t i = 0; i < n; i++)
        if (s_branch_refused(self, people[i].person ? people[i].person->branch : "", people[i].line,
                             "the department's", "沿用所在部门的分支机构", arena, errs))
            people[i].bad = true;
}

// The people import's minimum wage check with branches: each person's branch's minimum (their
// own branch when the file gives one, else their department's).
typedef struct {
    wf_server_t *self;
    hr_txn_t *txn;
    hr_arena_t *arena;
    Hr__Workflow__Department **depts; // the departments (the import's people name them by id)
    size_t ndepts;
} s_minimum_ctx_t;

static int64_t s_minimum_of(void *arg, const Hr__Workflow__Person *p, const char **key)
{
    s_minimum_ctx_t *m = arg;
    bool own = false;
    const char *code = wf_branch_of_person(m->depts, m->ndepts, p, &own);
    if (!*code) {
        *key = "law/local_minimum_monthly_wage";
        return m->self->law.local_minimum_wage_fen;
    }
    const wf_branch_t *b = wf_branch_find(m->self->branches, m->self->nbranches, code);
    *key = hr_arena_fmt(m->arena, "branch/%s/local_minimum_monthly_wage", code);
    return b ? b->law.local_minimum_wage_fen : 0; // never the head office's in its place
}

// Each union whose notices would reach nobody once the import is written (LCL 43; txn holds
// it): one warning each, the same as hrctl health's (wf_union_nobody, field roles).
static hr_rc_t s_unions_warn(const wf_server_t *self, hr_txn_t *txn, hr_arena_t *arena,
                             int64_t now_ms, wf_errors_t *warns)
{
    const char *unreached[WF_BRANCH_MAX + 1];
    size_t n = 0;
    hr_rc_t rc = wf_roles_unions_unreached(self, txn, arena, now_ms, unreached, &n);
    for (size_t i = 0; i < n && !rc; i++) {
        wf_problem_t p = wf_union_nobody(self->branches, self->nbranches, self->law.has_union,
                                         unreached[i], arena);
        wf_errors_add(warns, arena, 0, "roles", "%s", p.message_en);
        wf_errors_zh(warns, arena, "：%s", p.message_zh);
    }
    return rc;
}

hr_rc_t wf_handle_import_people(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__ImportPeopleRequest *req = hr_call_request(call);
    Hr__Workflow__ImportReply *rep = hr_call_reply(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    wf_errors_t errs;
    wf_csv_row_t *rows = NULL;
    size_t nrows = 0;
    hr_rc_t rc = HR_OK;
    if (req->reason &&
        (strlen(req->reason) > WF_TEXT_MAX ||
         hr_utf8_find_unsafe(req->reason, strlen(req->reason), 0, NULL) < strlen(req->reason)))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "理由（--reason）至多 %d 字节，且不能含控制字符：请改短或"
                                     "改写。",
                                     WF_TEXT_MAX),
                               "reason: at most %d bytes, no control characters", WF_TEXT_MAX);
    if (!s_import_rows(call, "workflow.ImportPeople", req->csv, rep, &errs, &rows, &nrows, &rc))
        return rc;
    wf_person_row_t *people = NULL;
    size_t npeople = 0;
    wf_people_from_csv(rows, nrows, arena, &people, &npeople, &errs);
    s_people_branches(self, people, npeople, arena, &errs);
    wf_errors_t warns;
    wf_errors_init(&warns, arena);
    wf_errors_labels_copy(&warns, &errs);
    // With branches each row is held to its own branch's minimum, once its department is known.
    wf_people_check(people, npeople, hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min),
                    self->nbranches ? 0 : self->law.local_minimum_wage_fen, arena, &errs, &warns);
    Hr__Workflow__Person **existing = NULL;
    size_t nexisting = 0;
    rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &existing, &nexisting);
    if (rc)
        return wf_fail_store(call, rc, "could not read the directory");
    for (size_t i = 0; i < npeople; i++) {
        if (!people[i].person)
            continue;
        const Hr__Workflow__Person *before =
            s_person_find((const Hr__Workflow__Person *const *)existing, nexisting,
                          people[i].person->employee_no);
        wf_person_keep(people[i].person, &people[i], before);
        wf_person_statuses_dated(people[i].person, before, hr_call_now_ms(call));
        // From the start of the day they left, in the company's zone (read by s_actor and by
        // hr-evidence, which has no calendar of its own).
        int32_t left = 0;
        people[i].person->left_ms =
            *people[i].person->left_date && hr_date_parse(people[i].person->left_date, &left)
                ? hr_ms_of_day(left, self->time.tz_offset_min)
                : 0;
    }
    s_dept_ctx_t ctx = {txn, arena, NULL, 0};
    rc = s_dept_names_to_ids(&ctx, people, npeople, &warns);
    if (rc)
        return wf_fail_store(call, rc, "could not read the departments");
    if (self->nbranches) {
        s_minimum_ctx_t m = {self, txn, arena, NULL, 0};
        rc = wf_store_departments_all(txn, arena, WF_PEOPLE_MAX, &m.depts, &m.ndepts);
        if (rc)
            return wf_fail_store(call, rc, "could not read the departments");
        wf_people_minimum(people, npeople, s_minimum_of, &m, arena, &warns);
    }
    const char *reason = req->reason ? req->reason : "";
    char **rcases = hr_arena_alloc(arena, WF_IMPORT_MAX_NOTICES * sizeof *rcases);
    size_t nrcases = 0;
    size_t removals = s_removals(call, hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min),
                                 reason, people, npeople, existing, nexisting, &errs, rcases,
                                 WF_IMPORT_MAX_NOTICES, &nrcases);
    wf_directory_contacts(people, npeople, existing, nexisting, s_open_case, &ctx, arena, &errs,
                          &warns);
    wf_directory_check(people, npeople, existing, nexisting, s_dept_known, &ctx, arena, &errs);
    if (errs.total && req->skip_bad) {
        // Leaving bad rows out can orphan others (their manager was bad): check again until
        // nothing new turns bad.
        for (int pass = 0; pass < WF_CHAIN_MAX; pass++) {
            size_t before = errs.total;
            wf_person_row_t *good = hr_arena_alloc(arena, (npeople + 1) * sizeof *good);
            size_t ngood = 0;
            for (size_t i = 0; i < npeople; i++)
                if (!people[i].bad)
                    good[ngood++] = people[i];
            wf_directory_check(good, ngood, existing, nexisting, s_dept_known, &ctx, arena, &errs);
            for (size_t i = 0, g = 0; i < npeople; i++)
                if (!people[i].bad)
                    people[i].bad = good[g++].bad;
            if (errs.total == before)
                break;
        }
    }
    // A file refused for its header has no rows: its heads are not "nobody" for that.
    if (people)
        rc = s_heads_unknown(call, people, npeople, existing, nexisting, &warns);
    if (rc)
        return wf_fail_store(call, rc, "could not read the departments");
    s_reply_errors(call, rep, &errs);
    s_reply_warnings(call, rep, &warns);
    for (size_t i = 0; i < npeople; i++)
        rep->skipped += people[i].bad;
    // Nothing is imported when errors stop the import: then the file concerns no case yet.
    if (!(errs.total && !req->skip_bad) &&
        (rc = s_notices(call, rep, &errs, people, npeople, existing, nexisting)))
        return wf_fail_store(call, rc, "could not read the cases");
    if (!(errs.total && !req->skip_bad))
        s_missing_notice(call, rep, &errs, people, npeople, existing, nexisting);
    if (!(errs.total && !req->skip_bad) &&
        (rc = s_status_notices(call, rep, people, npeople, existing, nexisting)))
        return wf_fail_store(call, rc, "could not read the cases");
    if (!(errs.total && !req->skip_bad) && *reason)
        s_removal_notice(call, rep, reason, removals, rcases, nrcases);
    s_protect_t prot = {0};
    if (!(errs.total && !req->skip_bad) &&
        (rc = s_protection_notices(server, call, rep, people, npeople, existing, nexisting, &prot)))
        return wf_fail_store(call, rc, "could not read the cases");
    if (!s_import_writes(rep, &errs, req->skip_bad, req->dry_run))
        return HR_OK;
    s_case_lines_t lines;
    rc = s_lines_before(call, &lines);
    for (size_t i = 0; i < npeople && !rc; i++)
        if (!people[i].bad) {
            rc = wf_store_person_put(txn, people[i].person);
            rep->imported++;
        }
    size_t moved = 0;
    if (!rc)
        rc = s_lines_changed(call, &lines, &moved);
    if (!rc)
        rc = wf_roles_update(txn, arena, &self->roles, hr_call_now_ms(call), &warns);
    if (!rc)
        rc = s_unions_warn(self, txn, arena, hr_call_now_ms(call), &warns);
    if (!rc && warns.total)
        s_reply_warnings(call, rep, &warns); // and the roles' warning
    if (!rc)
        rc = s_roles_changed(call, people, npeople, existing, nexisting);
    if (!rc)
        rc = s_protection_record(server, call, &prot);
    if (!rc)
        rc = s_protection_release(server, call, people, npeople, existing, nexisting);
    if (!rc && *reason)
        rc = s_removal_record(call, reason, rcases, nrcases);
    if (rc)
        return wf_fail_store(call, rc, "could not store the directory");
    wf_effects_after_commit(server, call);
    // A left_date already past hands its cases on before the reply leaves (wf_server_hand_on).
    hr_call_after_commit(call, s_hand_on_hook, server);
    hr_info("directory.imported",
            "what=people rows=%u imported=%u skipped=%u notices=%zu status_changes=%u "
            "lines_changed=%zu warnings=%zu msg=%s",
            rep->rows, rep->imported, rep->skipped, rep->n_notices, rep->status_changes, moved,
            rep->n_warnings, hr_call_msg_id(call));
    return HR_OK;
}

// A department's branch column names a declared branch or nothing (its parent's applies).
static void s_dept_branches(const wf_server_t *self, wf_dept_row_t *depts, size_t n,
                            hr_arena_t *arena, wf_errors_t *errs)
{
    for (size_t i = 0; i < n; i++)
        if (s_branch_refused(self, depts[i].dept ? depts[i].dept->branch : "", depts[i].line,
                             "the parent's", "沿用上级部门的分支机构", arena, errs))
            depts[i].bad = true;
}

hr_rc_t wf_handle_import_departments(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__ImportDepartmentsRequest *req = hr_call_request(call);
    Hr__Workflow__ImportReply *rep = hr_call_reply(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    wf_errors_t errs;
    wf_csv_row_t *rows = NULL;
    size_t nrows = 0;
    hr_rc_t rc = HR_OK;
    if (!s_import_rows(call, "workflow.ImportDepartments", req->csv, rep, &errs, &rows, &nrows,
                       &rc))
        return rc;
    wf_dept_row_t *depts = NULL;
    size_t ndepts = 0;
    wf_departments_from_csv(rows, nrows, arena, &depts, &ndepts, &errs);
    Hr__Workflow__Department **existing = NULL;
    size_t nexisting = 0;
    rc = wf_store_departments_all(txn, arena, WF_PEOPLE_MAX, &existing, &nexisting);
    if (rc)
        return wf_fail_store(call, rc, "could not read the departments");
    wf_departments_check(depts, ndepts, existing, nexisting, arena, &errs);
    s_dept_branches(self, depts, ndepts, arena, &errs);
    wf_errors_t warns;
    wf_errors_init(&warns, arena);
    wf_errors_labels_copy(&warns, &errs);
    // Nobody in the directory yet (a new company: people come next): the people import says
    // which heads it leaves naming nobody (s_heads_unknown).
    Hr__Workflow__Person **anyone = NULL;
    size_t nanyone = 0;
    s_dept_ctx_t ctx = {txn, arena, NULL, 0};
    rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &anyone, &nanyone);
    if (rc)
        return wf_fail_store(call, rc, "could not read the directory");
    if (nanyone)
        wf_departments_heads(depts, ndepts, s_person_known, &ctx, arena, &warns);
    s_reply_errors(call, rep, &errs);
    s_reply_warnings(call, rep, &warns);
    for (size_t i = 0; i < ndepts; i++)
        rep->skipped += depts[i].bad;
    if (!s_import_writes(rep, &errs, req->skip_bad, req->dry_run))
        return HR_OK;
    for (size_t i = 0; i < ndepts && !rc; i++)
        if (!depts[i].bad) {
            rc = wf_store_department_put(txn, depts[i].dept);
            rep->imported++;
        }
    if (rc)
        return wf_fail_store(call, rc, "could not store the departments");
    hr_info("directory.imported", "what=departments rows=%u imported=%u skipped=%u msg=%s",
            rep->rows, rep->imported, rep->skipped, hr_call_msg_id(call));
    return HR_OK;
}

// What someone other than HR may see of a person: no protected-status facts, no wages. The
// person themselves sees their own protected statuses as recorded (kind, dates, source,
// certificate): what the company holds that bars their dismissal is theirs to check (PIPL
// Art. 45) - their superiors and legal still see none of it.
static Hr__Workflow__Person *s_redact(hr_call_t *call, Hr__Workflow__Person *p)
{
    if (wf_actor_is_hr(s_actor(call)))
        return p;
    if (strcmp(s_me(call), p->employee_no)) {
        p->n_protected_statuses = 0;
        p->protected_statuses = NULL;
    }
    // Legal sees the amounts computed from wages (wf_actor_sees_money), so the wages too.
    if (!wf_actor_sees_money(s_actor(call))) {
        p->monthly_wage_fen = 0;
        p->average_wage_fen = 0;
    }
    p->birth_date = "";
    p->retirement_base = "";
    p->id_no = "";
    return p;
}

static hr_rc_t s_found_case(void *arg, Hr__Workflow__Case *c)
{
    HR_UNUSED(c);
    *(bool *)arg = true;
    return HR_ECONFLICT; // one is enough: wf_store_cases_of stops, answering HR_OK
}

// Which of a directory entry's sensitive parts a reply carries (after s_redact), for the read's
// log line: "wage,id_no,protected,birth_date", some of them, or "-". Names, never values.
static const char *s_person_parts(hr_arena_t *arena, const Hr__Workflow__Person *p)
{
    const char *names[4];
    size_t n = 0;
    if (p->monthly_wage_fen || p->average_wage_fen)
        names[n++] = "wage";
    if (p->id_no && *p->id_no)
        names[n++] = "id_no";
    if (p->n_protected_statuses)
        names[n++] = "protected";
    if (p->birth_date && *p->birth_date)
        names[n++] = "birth_date";
    const char *parts = n ? "" : "-";
    for (size_t i = 0; i < n; i++)
        parts = hr_arena_fmt(arena, "%s%s%s", parts, i ? "," : "", names[i]);
    return parts;
}

hr_rc_t wf_handle_get_person(void *server, hr_call_t *call)
{
    const Hr__Workflow__GetPersonRequest *req = hr_call_request(call);
    Hr__Workflow__GetPersonReply *rep = hr_call_reply(call);
    if (!s_key_ok(req->employee_no))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call, "工号（employee_no）须为 1 至 %d 个字符。", WF_KEY_MAX),
                               "employee_no: 1..%d bytes", WF_KEY_MAX);
    Hr__Workflow__Person *p = NULL;
    hr_rc_t rc = wf_store_person_get(hr_call_txn(call), req->employee_no, hr_call_arena(call), &p);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc, wf_zh(call, "人员名册中没有工号为 %s 的人员：请核对工号。", req->employee_no),
            "employee_no: no person '%s'", req->employee_no);
    if (rc)
        return wf_fail_store(call, rc, "could not read the directory");
    const char **chain = hr_arena_alloc(hr_call_arena(call), WF_CHAIN_MAX * sizeof *chain);
    size_t n = 0;
    rc = s_chain(call, p->employee_no, chain, &n);
    if (rc)
        return wf_fail_store(call, rc, "could not read the reporting line");
    const char *me = s_me(call);
    const char *as = NULL; // what the reader reads the entry as (the log line); NULL: refused
    if (hr_actor_is_operator(s_actor(call)))
        as = "operator"; // hrctl's own look-up of an --as person's roles among them
    else if (wf_actor_is_hr(s_actor(call)))
        as = "hr";
    else if (!strcmp(me, p->employee_no))
        as = "self";
    for (size_t i = 0; i < n && !as; i++)
        if (!strcmp(chain[i], me))
            as = "superior";
    // Legal prepares the hearing of any case (it reads every case): the directory entry of a
    // case's employee, open or closed, is part of it - not everyone's.
    bool of_a_case = false;
    if (!as && wf_actor_is_legal(s_actor(call)) &&
        wf_store_cases_of(hr_call_txn(call), p->employee_no, hr_call_arena(call), s_found_case,
                          &of_a_case))
        return wf_fail_store(call, HR_EIO, "could not read the cases");
    if (of_a_case)
        as = "legal";
    if (!as) {
        hr_info("person.denied", "actor=%s employee_no=%s route=workflow.GetPerson msg=%s", me,
                p->employee_no, hr_call_msg_id(call));
        return hr_call_fail_zh(
            call, HR_EDENIED,
            wf_actor_is_legal(s_actor(call))
                ? "你无权查看此人的信息：该员工不在你的汇报线内，也不是任何案件的员工。如需了解，请"
                  "联系 HR。"
                : "你无权查看此人的信息：只能查看自己和你汇报线内的员工。如需了解，请联系 HR。",
            "employee_no: not in your reporting line%s",
            wf_actor_is_legal(s_actor(call)) ? " (legal: nor the employee of a case)" : "");
    }
    if (wf_actor_is_hr(s_actor(call))) {
        // HR's view: Art. 42(5) today, and what the record breaks (Art. 19).
        wf_server_t *self = server;
        int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
        rep->retirement = wf_retirement_message(p, today, hr_call_arena(call));
        const char *probation = wf_person_probation_problem(p, hr_call_arena(call));
        rep->warnings = hr_arena_alloc(hr_call_arena(call), 2 * sizeof *rep->warnings);
        if (probation)
            rep->warnings[rep->n_warnings++] = (char *)probation;
    }
    rep->person = s_redact(call, p);
    rep->chain = hr_arena_alloc(hr_call_arena(call), (n + 1) * sizeof *rep->chain);
    for (size_t i = 0; i < n; i++)
        rep->chain[i] = hr_arena_strdup(hr_call_arena(call), chain[i]);
    rep->n_chain = n;
    // PIPL Art. 51: who read whose entry, and which of its sensitive parts they were given -
    // the parts' names, never their values (README "Who read a person's entry").
    hr_info("person.read", "actor=%s as=%s employee_no=%s route=workflow.GetPerson parts=%s msg=%s",
            me, as, p->employee_no, s_person_parts(hr_call_arena(call), rep->person),
            hr_call_msg_id(call));
    return HR_OK;
}

hr_rc_t wf_handle_list_people(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__ListPeopleRequest *req = hr_call_request(call);
    Hr__Workflow__ListPeopleReply *rep = hr_call_reply(call);
    hr_rc_t rc = s_need_hr(call, "workflow.ListPeople");
    if (rc)
        return rc;
    size_t max = req->max ? req->max : WF_PEOPLE_LIST_DEFAULT;
    if (max > WF_PEOPLE_LIST_LIMIT)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call, "每次最多列出 %d 人（max）：请减小 max，或分页查看。",
                                     WF_PEOPLE_LIST_LIMIT),
                               "max: at most %d", WF_PEOPLE_LIST_LIMIT);
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    rc = wf_store_people_all(hr_call_txn(call), hr_call_arena(call), WF_PEOPLE_MAX, &all, &n);
    if (!rc)
        rc = wf_store_departments_all(hr_call_txn(call), hr_call_arena(call), WF_PEOPLE_MAX,
                                      &rep->departments, &rep->n_departments);
    if (rc)
        return wf_fail_store(call, rc, "could not read the directory");
    rep->people = hr_arena_alloc(hr_call_arena(call), (max + 1) * sizeof *rep->people);
    for (size_t i = 0; i < n && rep->n_people < max; i++) {
        if (*req->department_id && strcmp(all[i]->department_id, req->department_id))
            continue;
        if (*req->after && strcmp(all[i]->employee_no, req->after) <= 0)
            continue;
        rep->people[rep->n_people++] = all[i];
    }
    // Every entry whole, to HR: who listed how many, from which to which (README "Who read a
    // person's entry").
    hr_info("people.list", "actor=%s shown=%zu first=%s last=%s route=workflow.ListPeople msg=%s",
            s_me(call), rep->n_people, rep->n_people ? rep->people[0]->employee_no : "-",
            rep->n_people ? rep->people[rep->n_people - 1]->employee_no : "-",
            hr_call_msg_id(call));
    return HR_OK;
}

hr_rc_t wf_handle_put_template(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__PutTemplateRequest *req = hr_call_request(call);
    Hr__Workflow__PutTemplateReply *rep = hr_call_reply(call);
    hr_rc_t rc = s_need_hr(call, "workflow.PutTemplate");
    if (rc)
        return rc;
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Template *tpl = NULL;
    size_t nerr = 0;
    char **errors = hr_arena_alloc(arena, WF_IMPORT_MAX_ERRORS * sizeof *errors);
    if (wf_template_parse(req->text, strlen(req->text), arena, &tpl, errors, WF_IMPORT_MAX_ERRORS,
                          &nerr)) {
        rep->errors = errors;
        rep->n_errors = nerr < WF_IMPORT_MAX_ERRORS ? nerr : WF_IMPORT_MAX_ERRORS;
        return HR_OK; // nothing stored; the errors say why
    }
    // HR's word: a start-up never replaces it with the configured file (wf_server.c).
    tpl->put_by = hr_arena_strdup(arena, s_me(call));
    tpl->put_ms = hr_call_now_ms(call);
    rc = wf_store_template_put(hr_call_txn(call), tpl);
    if (rc)
        return wf_fail_store(call, rc, "could not store the template");
    rep->id = tpl->id;
    return HR_OK;
}

// ---------------------------------------------------------------------------------------------
// Case lifecycle

typedef struct {
    const Hr__Workflow__Person *emp; // borrowed
    int32_t today;                   // local day
    hr_arena_t *arena;               // borrowed
    char *why;                       // arena: the first case that keeps a new one out, or NULL
    char *why_zh;                    // arena: the same in Chinese
} s_open_check_t;

static hr_rc_t s_open_check(void *arg, Hr__Workflow__Case *c)
{
    s_open_check_t *chk = arg;
    chk->why = wf_case_blocks_open(c, chk->emp, chk->today, chk->arena, &chk->why_zh);
    return chk->why ? HR_ECONFLICT : HR_OK; // ECONFLICT: enough
}

// Who takes a case of employee_no: the first up their line (their manager, then theirs, ...)
// who has not left (wf_person_has_left) - someone the directory does not know counts as here.
typedef struct {
    const char *no;                     // "" when nobody up the line is still here
    const Hr__Workflow__Person *passed; // the first passed over as having left, or NULL
} s_line_t;

static hr_rc_t s_line_manager(hr_call_t *call, const char *employee_no, s_line_t *out)
{
    wf_handover_t h = {
        .txn = hr_call_txn(call), .arena = hr_call_arena(call), .now_ms = hr_call_now_ms(call)};
    return wf_handover_line(&h, employee_no, &out->no, &out->passed);
}

// The words for a leaver passed over: "manager E0101 left on DATE: the case goes to E0100, the
// first on the employee's line who has not left".
static char *s_passed_note(hr_arena_t *arena, const s_line_t *line)
{
    return hr_arena_fmt(arena,
                        "manager %s left on %s: the case goes to %s, the first on the "
                        "employee's line who has not left",
                        line->passed->employee_no, line->passed->left_date, line->no);
}

// The claimed absence days, "2026-11-02 2026-11-03" (arena), for the history.
static char *s_absence_text(const Hr__Workflow__Case *c, hr_arena_t *arena)
{
    char *t = "";
    for (size_t i = 0; i < c->n_absence_days; i++)
        t = hr_arena_fmt(arena, "%s%s%s", t, i ? " " : "", c->absence_days[i]);
    return t;
}

hr_rc_t wf_handle_open_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__OpenCaseRequest *req = hr_call_request(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);

    if (!s_key_ok(req->employee_no))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena, "工号不对：应为 1 到 %d 个字节，例如 E0117。", WF_KEY_MAX),
            "employee_no: 1..%d bytes", WF_KEY_MAX);
    const law_ground_t *ground = law_ground_find(req->ground);
    if (!ground)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "没有“%.32s”这个解除依据：可用的依据及各自需要的证据见 hrctl law "
                         "grounds，例如 A39_1（试用期不符合录用条件）。",
                         req->ground),
            "ground: unknown ground '%.32s' (hrctl law grounds lists them, e.g. A39_1)",
            req->ground);
    // Ended by the employer: a rescission (Arts. 36-41) or a fixed term's expiry (Art. 44(1),
    // checked against the contract below); the rest of Art. 44 is not the employer's act.
    if (!law_ground_is_unilateral(ground) && ground->family != LAW_FAMILY_MUTUAL &&
        !wf_ground_is_expiry(ground))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "“%s”不是用人单位解除劳动合同的依据：请从 hrctl law grounds 中选择用人"
                         "单位解除的依据。",
                         ground->code),
            "ground: '%s' is not a dismissal ground (hrctl law grounds lists the employer's)",
            ground->code);
    if (!s_text_ok(req->reason, WF_TEXT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "原因（reason）须为 UTF-8 文本，最多 %d 字节（约 %d 个汉字）：请删减后重试。",
                  WF_TEXT_MAX, WF_TEXT_MAX / 3),
            "reason: UTF-8 text of at most %d bytes", WF_TEXT_MAX);
    if (s_text_unsafe(call, "reason", req->reason, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    const char *tpl_id = *req->template_id ? req->template_id : WF_DEFAULT_TEMPLATE;
    if (!s_key_ok(tpl_id))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "模板编号（template_id）须为 1 至 %d 个字符：请核对模板编号。", WF_KEY_MAX),
            "template_id: 1..%d bytes", WF_KEY_MAX);
    // The days the manager claims the employee was absent: data HR review holds against the
    // attendance feed (wf_absence.c), never words in the reason.
    char *bad_zh = NULL;
    char *bad_days =
        wf_absence_days_why("absence_days", req->absence_days, req->n_absence_days,
                            hr_day_of_ms(now_ms, self->time.tz_offset_min), arena, &bad_zh);
    if (bad_days)
        return hr_call_fail_zh(call, HR_EINVAL, bad_zh, "%s", bad_days);

    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = wf_store_person_get(txn, req->employee_no, arena, &emp);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc,
            hr_arena_fmt(arena,
                         "人员名册中没有工号 %s：请核对工号（hrctl person show 工号）；新员工请"
                         "先由 HR 导入名册（hrctl import people FILE）。",
                         req->employee_no),
            "employee_no: no person '%s' in the directory (check the number: hrctl person show "
            "EMPLOYEE_NO; HR imports new people: hrctl import people FILE)",
            req->employee_no);
    if (rc)
        return wf_fail_store(call, rc, "could not read the directory");
    rc = s_refuse_leaver(call);
    if (rc)
        return rc;
    const Hr__Actor *actor = s_actor(call);
    const char *me = s_me(call);
    // A case names who opened it, and that person reads it (here and in the evidence service):
    // never an unnamed caller, whatever its roles.
    if (!actor->user_id || !*actor->user_id)
        return hr_call_fail_zh(call, HR_EDENIED,
                               "发起案件需要登录的用户：请以员工经理或 HR 的身份登录后再发起"
                               "（hrctl case open ... --as 工号）。",
                               "actor: opening a case needs an authenticated user (hrctl case "
                               "open ... --as EMPLOYEE_NO)");
    if (!strcmp(me, emp->employee_no) && !hr_actor_is_operator(actor))
        return hr_call_fail_zh(call, HR_EDENIED,
                               "不能为自己发起解除案件：如需离职，请与你的经理或 HR 沟通。",
                               "employee_no: you cannot open a case about yourself (to leave, "
                               "talk to your manager or HR)");
    // The manager is the first up the employee's line who has not left: a manager who left
    // is passed over, and the superior who takes the case may open it.
    s_line_t up = {"", NULL};
    if (*emp->manager_no && (rc = s_line_manager(call, emp->employee_no, &up)) != HR_OK)
        return wf_fail_store(call, rc, "could not read the reporting line");
    if (!wf_actor_is_hr(actor) && (!*up.no || strcmp(me, up.no))) {
        const char *by = *up.no ? up.no : "HR";
        const char *cmd = hr_arena_fmt(arena, "hrctl case open %s %s --as %s", emp->employee_no,
                                       ground->code, *up.no ? up.no : "EMPLOYEE_NO");
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "只有员工 %s 的直属经理%s%s%s或 HR 可以为其发起%s案件%s%s%s：请由 %s 发起"
                         "（%s）。",
                         emp->employee_no, *up.no ? "（" : "", up.no, *up.no ? "）" : "",
                         ground->ending == LAW_ENDING_TERMINATION ? "终止" : "解除",
                         up.passed ? "（原经理 " : "", up.passed ? up.passed->employee_no : "",
                         up.passed ? " 已离职，由汇报线上第一位在职的上级负责）" : "", by, cmd),
            "employee_no: only the employee's manager or HR may open a case%s%s%s; for %s that "
            "is %s: %s",
            up.passed ? " (their manager " : "", up.passed ? up.passed->employee_no : "",
            up.passed ? " has left: the first above who has not may)" : "", emp->employee_no,
            *up.no ? up.no : "HR", cmd);
    }
    // Only a fixed term with an end date expires: checked here, before the engine, which takes
    // the contract as given (contracts/law-check.md).
    char *why_zh = NULL;
    char *why = wf_expiry_open_why(emp, ground, hr_day_of_ms(now_ms, self->time.tz_offset_min),
                                   arena, &why_zh);
    if (why)
        return hr_call_fail_zh(call, HR_EINVAL, why_zh, "%s", why);
    s_open_check_t chk = {emp, hr_day_of_ms(now_ms, self->time.tz_offset_min), arena, NULL, NULL};
    rc = wf_store_cases_of(txn, emp->employee_no, arena, s_open_check, &chk);
    if (rc)
        return wf_fail_store(call, rc, "could not read the cases");
    if (chk.why)
        return hr_call_fail_zh(call, HR_ECONFLICT, chk.why_zh, "%s", chk.why);
    // A branch's people: the branch's template (branch/CODE/template) is their cases' default,
    // the one a manager's case takes when nobody names one (HR may still change it at review).
    const char *default_id = WF_DEFAULT_TEMPLATE;
    s_place_t place;
    if ((rc = s_place(self, txn, arena, emp, &place)))
        return wf_fail_store(call, rc, "could not read the departments");
    if (place.branch && *place.branch->template_id) {
        default_id = place.branch->template_id;
        if (!*req->template_id)
            tpl_id = default_id;
    }
    // Which template a case follows is HR's choice, as storing one is (PutTemplate: HR and the
    // operator): another template could leave out the company's rules (its [rule] section), so a
    // manager's case takes the default one.
    if (strcmp(tpl_id, default_id) && !wf_actor_is_hr(actor))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "只有 HR 可以为案件选择默认模板以外的流程模板（“%s”）：请去掉 --template "
                         "按默认模板发起，或请 HR 发起（hrctl case open %s %s --template %s --as "
                         "HR 的工号）。",
                         tpl_id, emp->employee_no, ground->code, tpl_id),
            "template_id: only HR (hr, hr_head) or the operator may open a case under a template "
            "other than %s ('%s'): open it without --template, or HR opens it (hrctl case open %s "
            "%s --template %s --as EMPLOYEE_NO)",
            WF_DEFAULT_TEMPLATE, tpl_id, emp->employee_no, ground->code, tpl_id);
    Hr__Workflow__Template *tpl = NULL;
    rc = wf_store_template_get(txn, tpl_id, arena, &tpl);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc,
            hr_arena_fmt(arena,
                         "没有名为“%s”的流程模板：请 HR 先保存该模板（hrctl template put FILE，"
                         "文件的 id 行写明模板名），或不加 --template 使用默认模板。",
                         tpl_id),
            "template_id: no template '%s' (hrctl template put FILE stores the template whose "
            "`id` line names it)",
            tpl_id);
    if (rc)
        return wf_fail_store(call, rc, "could not read the template");

    const char *manager_no = *up.no ? up.no : me;
    if (req->wants_superior_approval) {
        // The approval would belong to nobody: nobody could act on it.
        const char *sup[1] = {""};
        size_t nsup = 0;
        rc = wf_effects_chain(txn, arena, manager_no, sup, 1, &nsup);
        if (rc)
            return wf_fail_store(call, rc, "could not read the reporting line");
        if (!nsup)
            return hr_call_fail_zh(
                call, HR_EINVAL,
                hr_arena_fmt(arena,
                             "%s 在人员名册中没有上级，无人可以审批：请去掉 --superior-approval "
                             "后发起，或请 HR 在名册中补上其上级。",
                             manager_no),
                "superior approval: %s has no superior (open it without --superior-approval, or "
                "HR gives them one in the directory)",
                manager_no);
    }
    Hr__Workflow__Case *c = hr_arena_alloc(arena, sizeof *c);
    hr__workflow__case__init(c);
    c->id = hr_id_new(arena, now_ms);
    c->employee_no = emp->employee_no;
    c->manager_no = hr_arena_strdup(arena, manager_no);
    c->opened_by = hr_arena_strdup(arena, me);
    c->ground = hr_arena_strdup(arena, ground->code);
    c->reason = req->reason;
    c->template_id = tpl->id;
    c->template_version = wf_template_version(tpl, arena);
    c->department_id = emp->department_id;
    c->wants_superior_approval = req->wants_superior_approval;
    c->opened_ms = now_ms;
    wf_steps_init(c, tpl, arena, &self->time, now_ms);
    c->rules = tpl->rules; // the company rules it is judged by at submit, as they are now
    c->n_rules = tpl->n_rules;
    c->rules_pinned = true;
    c->absence_days = req->absence_days;
    c->n_absence_days = req->n_absence_days;
    char *passed = up.passed && *up.no ? s_passed_note(arena, &up) : NULL;
    s_history(call, c, "opened", WF_STEP_REQUEST,
              passed ? hr_arena_fmt(arena, "%s; %s", ground->code, passed) : ground->code);
    if (c->n_absence_days)
        s_history(call, c, "absence_claimed", WF_STEP_REQUEST, s_absence_text(c, arena));
    rc = s_activated(self, call, c, 0);
    Hr__Workflow__CaseOpened ev = HR__WORKFLOW__CASE_OPENED__INIT;
    ev.case_id = c->id;
    ev.employee_no = c->employee_no;
    ev.manager_no = c->manager_no;
    ev.department_id = c->department_id;
    ev.ground = c->ground;
    ev.at_ms = now_ms;
    ev.opened_by = c->opened_by;
    ev.step = c->steps[0]->key; // wf_steps_init activated it (request)
    ev.step_due_ms = c->steps[0]->due_ms;
    // Who else reads the case (wf_auth_can_read), for the services that follow the case: the
    // evidence service lets these people read and sign the case's records.
    const char **line = hr_arena_alloc(arena, WF_CHAIN_MAX * sizeof *line);
    size_t nline = 0;
    if (!rc)
        rc = s_chain(call, c->employee_no, line, &nline);
    ev.reporting_line = (char **)line;
    ev.n_reporting_line = nline;
    if (!rc)
        rc = s_event(call, "workflow.CaseOpened", &ev.base);
    if (rc)
        return wf_fail_store(call, rc, "could not record the case");
    rc = s_save(server, call, NULL, c);
    if (rc)
        return rc;
    hr_info("case.opened", "case=%s ground=%s msg=%s", c->id, c->ground, hr_call_msg_id(call));
    if (!passed)
        return s_reply(server, call, c, true, NULL, 0);
    wf_problem_t warn = {"MANAGER_LEFT", "case.manager_no", "",
                         hr_arena_fmt(arena,
                                      "直属经理 %s 已于 %s 离职：案件交由汇报线上第一位"
                                      "在职的上级 %s 负责。",
                                      up.passed->employee_no, up.passed->left_date, up.no),
                         passed};
    rc = s_reply(server, call, c, true, &warn, 1);
    s_warned(call);
    return rc;
}

#define S_SHA256_HEX 64 // hex digits of a SHA-256

static bool s_hex64(const char *s)
{
    if (!s || strlen(s) != S_SHA256_HEX)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

// Defined with RenderDocument, below.
static hr_rc_t s_doc_make(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                          wf_doc_kind_t kind, wf_doc_lang_t lang, const char *want_served,
                          const char *want_effective, wf_doc_t *doc, const char **served,
                          const char **effective);

// A notice_letter attached with the dates it states is the notice this system makes for the
// case with those dates today (hrctl case document ... notice --store makes and attaches it at
// once): its SHA-256 is that of the text s_doc_make gives, in one of the languages. Dates
// claimed for any other text are refused, so the dates a case keeps are its letter's own.
static hr_rc_t s_notice_proven(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                               const Hr__Workflow__AttachEvidenceRequest *req)
{
    if (!wf_auth_may_render(s_actor(call), true))
        return hr_call_fail_zh(call, HR_EDENIED,
                               wf_zh(call,
                                     "只有 HR 可以附上载明送达日期和终止日期的%s（由 HR "
                                     "生成并保存：hrctl case document %s notice --store）。",
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE), c->id),
                               "notice_served_date: HR's (the notice HR makes and stores)");
    for (int lang = 0; lang < WF_DOC_LANG_COUNT; lang++) {
        if (!self->docs || !self->docs->text[WF_DOC_NOTICE][lang])
            continue;
        wf_doc_t doc;
        const char *served = "", *effective = "";
        hr_rc_t rc =
            s_doc_make(self, call, c, WF_DOC_NOTICE, (wf_doc_lang_t)lang, req->notice_served_date,
                       req->notice_effective_date, &doc, &served, &effective);
        if (rc)
            return rc;
        uint8_t h[crypto_hash_sha256_BYTES];
        char hex[2 * crypto_hash_sha256_BYTES + 1];
        crypto_hash_sha256(h, (const unsigned char *)doc.text, strlen(doc.text));
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        if (!strcmp(hex, req->sha256) && !strcmp(served, req->notice_served_date) &&
            !strcmp(effective, req->notice_effective_date))
            return HR_OK;
    }
    return hr_call_fail_zh(
        call, HR_EINVAL,
        wf_zh(call,
              "通知书 %.12s… 与本系统今天按这些日期为案件 %s 生成的通知书不一致：请用 hrctl case "
              "document %s notice --served --effective --store 生成并附上。",
              req->sha256, c->id, c->id),
        "notice_served_date, notice_effective_date: %.12s... is not the notice "
        "this system makes today for %s with these dates (hrctl case document "
        "--served --effective --store makes and attaches it)",
        req->sha256, c->id);
}

// The local average wage findings a stored notice would state its Art. 47 cap (or the lack of
// one) on: LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED (capped on an earlier year's figure, or one of
// no year) and LOCAL_AVERAGE_WAGE_NOT_CONFIGURED where severance is owed (no figure, the wage
// uncapped): "CODE, CODE" (arena), "" when none.
static const char *s_wage_year_codes(const Hr__Workflow__Assessment *as, hr_arena_t *arena)
{
    const char *codes = "";
    for (size_t i = 0; as && i < as->n_findings; i++) {
        const char *code = as->findings[i]->code;
        bool year = !strcmp(code, "LOCAL_AVERAGE_WAGE_YEAR_NOT_CONFIGURED");
        bool none = !strcmp(code, "LOCAL_AVERAGE_WAGE_NOT_CONFIGURED") &&
                    (as->severance_fen > 0 || as->unlawful_compensation_fen > 0);
        if (year || none)
            codes = hr_arena_fmt(arena, "%s%s%s", codes, *codes ? ", " : "", code);
    }
    return codes;
}

hr_rc_t wf_handle_attach_evidence(void *server, hr_call_t *call)
{
    const Hr__Workflow__AttachEvidenceRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    if (!req->evidence_id[0] || strlen(req->evidence_id) > WF_EVIDENCE_ID_MAX)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "证据编号（evidence_id）须为 1 至 %d 个字符：请用 hrctl "
                                     "evidence put 上传后给出的编号。",
                                     WF_EVIDENCE_ID_MAX),
                               "evidence_id: 1..%d bytes", WF_EVIDENCE_ID_MAX);
    // Kind and hash are hr-evidence's (hrctl and the gateway ask evidence.Stat); a request
    // without them is refused, never filled in here: handlers do not call other services.
    if (!req->kind[0])
        return hr_call_fail_zh(call, HR_EINVAL,
                               "缺少证据类型（kind）：请给出证据记录的类型（hrctl case attach 会向 "
                               "hr-evidence 查询并自动填写）。",
                               "kind: required (the evidence record's kind)");
    if (!req->sha256[0])
        return hr_call_fail_zh(call, HR_EINVAL,
                               "缺少证据的 SHA-256（sha256）：请给出证据记录的 SHA-256（hrctl case "
                               "attach 会自动填写）。",
                               "sha256: required (the evidence record's SHA-256)");
    law_evidence_kind_t kind;
    if (law_evidence_kind_find(req->kind, &kind))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "未知的证据类型（kind）“%.32s”：请核对证据记录的类型（hrctl "
                                     "evidence stat EVIDENCE_ID 可查看）。",
                                     req->kind),
                               "kind: unknown evidence kind '%.32s'", req->kind);
    if (!s_hex64(req->sha256))
        return hr_call_fail_zh(call, HR_EINVAL, "SHA-256（sha256）须为 64 位小写十六进制数字。",
                               "sha256: 64 lower-case hex digits");
    // An evidence id is the SHA-256 of its content (hr-evidence): anything else names nothing.
    if (strcmp(req->evidence_id, req->sha256))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "证据编号（evidence_id）“%.64s”与证据记录的 SHA-256 不符：证据编号就是其内容的 "
                  "SHA-256。",
                  req->evidence_id),
            "evidence_id: '%.64s' is not the record's SHA-256 (an evidence id is "
            "the SHA-256 of its content)",
            req->evidence_id);
    if (!s_text_ok(req->note, WF_SHORT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "证据说明（note）须为 UTF-8 文本，最多 %d 字节（约 %d 个汉字）：请删减后重试。",
                  WF_SHORT_MAX, WF_SHORT_MAX / 3),
            "note: UTF-8 text of at most %d bytes", WF_SHORT_MAX);
    if (s_text_unsafe(call, "note", req->note, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    // The dates a rendered notice states (hrctl case document ... notice --store): both, and
    // on a notice letter only; RecordOutcome holds the outcome to them.
    int32_t d = 0;
    bool dated = *req->notice_served_date || *req->notice_effective_date;
    if (dated && kind != LAW_EVK_NOTICE_LETTER)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "送达日期和终止日期（notice_served_date、notice_effective_"
                                     "date）只适用于%s（%s类证据）。",
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE),
                                     law_evidence_kind_zh(LAW_EVK_NOTICE_LETTER)),
                               "notice_served_date, notice_effective_date: a notice_letter's only");
    if (dated && (!hr_date_parse(req->notice_served_date, &d) ||
                  !hr_date_parse(req->notice_effective_date, &d)))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "%s须同时写明送达日期和终止日期（notice_served_date、notice_"
                                     "effective_date），格式均为 YYYY-MM-DD。",
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
                               "notice_served_date, notice_effective_date: both, YYYY-MM-DD");
    if (!wf_auth_may_attach(s_actor(call), c, kind))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "只有案件 %s 现在的经理（%s）或 HR 可以补充证据（法务仅限%s或%s类）：请由 "
                         "%s 或 HR 执行 hrctl case attach %s EVIDENCE_ID --as 工号。",
                         c->id, c->manager_no, law_evidence_kind_zh(LAW_EVK_OTHER),
                         law_evidence_kind_zh(LAW_EVK_AGREEMENT), c->manager_no, c->id),
            "case %s: only its manager now (%s) or HR may attach evidence (legal: records of kind "
            "other or agreement): hrctl case attach %s EVIDENCE_ID --as EMPLOYEE_NO",
            c->id, c->manager_no, c->id);
    wf_move_t move;
    rc = s_decide(call, c, WF_ACT_ATTACH, &move);
    if (rc)
        return rc;
    const char *late_zh = NULL;
    const char *late = wf_attach_refusal(s_actor(call), c, kind, arena, &late_zh);
    if (late)
        return hr_call_fail_zh(call, HR_ECONFLICT, late_zh, "case %s: %s", c->id, late);
    if (c->n_evidence >= WF_CASE_MAX_EVIDENCE)
        return hr_call_fail_zh(
            call, HR_EFULL,
            wf_zh(call,
                  "案件 %s 的证据已达上限（%d 项）：不能再附加；请把相关材料合并为一份后再附上。",
                  c->id, WF_CASE_MAX_EVIDENCE),
            "case %s: at most %d evidence items", c->id, WF_CASE_MAX_EVIDENCE);
    for (size_t i = 0; i < c->n_evidence; i++)
        if (!strcmp(c->evidence[i]->id, req->evidence_id))
            return hr_call_fail_zh(
                call, HR_ECONFLICT,
                hr_arena_fmt(arena,
                             "该证据已附在案件 %s 上，无需重复添加（hrctl case show %s 查看）。",
                             c->id, c->id),
                "evidence_id: already attached to %s (hrctl case show %s lists it)", c->id, c->id);
    rc = dated ? s_notice_proven(server, call, c, req) : HR_OK;
    if (rc)
        return rc;
    Hr__Workflow__EvidenceRef *e = hr_arena_alloc(arena, sizeof *e);
    hr__workflow__evidence_ref__init(e);
    e->id = req->evidence_id;
    e->kind = req->kind;
    e->sha256 = req->sha256;
    e->note = req->note;
    e->notice_served_date = req->notice_served_date;
    e->notice_effective_date = req->notice_effective_date;
    e->attached_by = hr_arena_strdup(arena, s_me(call));
    e->at_ms = hr_call_now_ms(call);
    Hr__Workflow__EvidenceRef **list = hr_arena_alloc(arena, (c->n_evidence + 1) * sizeof *list);
    if (c->n_evidence)
        memcpy(list, c->evidence, c->n_evidence * sizeof *list);
    list[c->n_evidence++] = e;
    c->evidence = list;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    s_history(call, c, "evidence_attached", cur ? cur->key : "",
              hr_arena_fmt(arena, "%s %s", req->kind, req->evidence_id));
    // A notice stored over the local average wage findings: HR's acceptance, on the record.
    const char *codes = s_wage_year_codes(c->assessment, arena);
    if (req->wage_year_accepted && !strcmp(req->kind, "notice_letter") && *codes)
        s_history(call, c, "wage_year_accepted", cur ? cur->key : "",
                  hr_arena_fmt(arena, "%.12s: %s; local average of %u", req->evidence_id, codes,
                               c->assessment->local_average_year));
    return s_save_reply(server, call, old, c, true, NULL, 0);
}

// workflow.SubmitRefused: the submission's problems as codes (hr-analytics counts the refusals
// by reason), in the transaction that records the refusal; the reply is the manager's as before.
static hr_rc_t s_submit_refused(hr_call_t *call, const Hr__Workflow__Case *c,
                                const wf_problem_t *probs, size_t n)
{
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__SubmitRefused ev = HR__WORKFLOW__SUBMIT_REFUSED__INIT;
    ev.case_id = c->id;
    ev.ground = c->ground;
    ev.manager_no = c->manager_no;
    ev.at_ms = hr_call_now_ms(call);
    ev.reasons = hr_arena_alloc(arena, (n + 1) * sizeof *ev.reasons);
    for (size_t i = 0; i < n; i++) {
        // As events say findings (s_blocks): never a protected status (NULL actor = not HR).
        const Hr__Workflow__Finding *f =
            wf_finding_for(NULL, wf_problem_finding(&probs[i], arena), arena);
        Hr__Workflow__SubmitRefusalReason *r = hr_arena_alloc(arena, sizeof *r);
        hr__workflow__submit_refusal_reason__init(r);
        r->code = f->code;
        r->fact = f->fact;
        r->article = f->article;
        ev.reasons[ev.n_reasons++] = r;
    }
    return s_event(call, "workflow.SubmitRefused", &ev.base);
}

hr_rc_t wf_handle_submit_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__SubmitCaseRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    // Run again once hr-evidence said who signed the records a company rule counts (below).
    bool running = false;
    struct wf_signers *signers = wf_signers_taken(self, call, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while hr-evidence is asked
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    // The request is the manager's: HR reviews it and cannot also make it.
    if (strcmp(s_me(call), c->manager_no))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "只有案件 %s 的经理 %s 可以提交申请（HR 负责审核，不代为提交）：请由 %s "
                         "执行 hrctl case submit %s --as %s。",
                         c->id, c->manager_no, c->manager_no, c->id, c->manager_no),
            "case %s: only its manager %s may submit it: hrctl case submit %s --as %s", c->id,
            c->manager_no, c->id, c->manager_no);
    wf_move_t move;
    rc = s_decide(call, c, WF_ACT_SUBMIT, &move);
    if (rc)
        return rc;
    // The manager restates the claimed absence days (a correction after a return; none: the
    // claim taken back), checked as at opening.
    if (req->absence_days_set) {
        char *bad_zh = NULL;
        char *bad = wf_absence_days_why(
            "absence_days", req->absence_days, req->n_absence_days,
            hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min), arena, &bad_zh);
        if (bad)
            return hr_call_fail_zh(call, HR_EINVAL, bad_zh, "%s", bad);
        c->absence_days = req->absence_days;
        c->n_absence_days = req->n_absence_days;
        s_history(call, c, "absence_claimed", WF_STEP_REQUEST,
                  c->n_absence_days ? s_absence_text(c, arena) : "none");
    }
    const law_ground_t *ground = law_ground_find(c->ground);
    if (!ground)
        return hr_call_fail_zh(
            call, HR_EINTERNAL,
            wf_zh(call, "案件 %s 保存的依据“%s”系统无法识别：这是系统内部错误，请联系系统管理员。",
                  c->id, c->ground),
            "case %s: stored ground '%s' unknown", c->id, c->ground);
    // The company rules the case was opened under; a case older than that record, the
    // template's current ones.
    Hr__Workflow__Template pinned = HR__WORKFLOW__TEMPLATE__INIT, *tpl = &pinned;
    pinned.rules = c->rules;
    pinned.n_rules = c->n_rules;
    rc = c->rules_pinned ? HR_OK
                         : wf_store_template_get(hr_call_txn(call), c->template_id, arena, &tpl);
    if (rc && rc != HR_ENOTFOUND)
        return wf_fail_store(call, rc, "could not read the template");
    const Hr__Workflow__Template *rules = rc ? NULL : tpl;
    // A company rule that wants its records signed (signed_by) counts what hr-evidence says.
    const char **ids = hr_arena_alloc(arena, (c->n_evidence + 1) * sizeof *ids);
    size_t nids = wf_review_signed_ids(c, ground, rules, ids, c->n_evidence);
    wf_signed_t *sigs = NULL;
    if (nids) {
        bool parked = false;
        static const wf_signers_why_t why = {"公司规则要求签名", "the company rule needs them",
                                             "本次没有提交", "nothing was submitted"};
        rc = wf_signers_get(self, call, signers, c, ids, nids, &why, &sigs, &parked);
        if (rc || parked)
            return rc;
    }
    wf_problem_t *probs = hr_arena_alloc(arena, WF_PROBLEMS_MAX * sizeof *probs);
    size_t n = wf_review_submit_problems(c, ground, rules, sigs, sigs ? nids : 0, arena, probs,
                                         WF_PROBLEMS_MAX);
    if (n) {
        char note[WF_SHORT_MAX] = "missing:";
        size_t off = strlen(note);
        for (size_t i = 0; i < n && off < sizeof note - 2; i++)
            off += (size_t)snprintf(note + off, sizeof note - off, " %s", probs[i].fact);
        s_history(call, c, "submit_refused", WF_STEP_REQUEST, note);
        rc = s_submit_refused(call, c, probs, n);
        if (rc)
            return wf_fail_store(call, rc, "could not record the refusal");
        return s_save_reply(server, call, old, c, false, probs, n);
    }
    s_history(call, c, "submitted", WF_STEP_REQUEST, "");
    rc = s_move(self, call, c, move);
    if (rc)
        return wf_fail_store(call, rc, "could not record the submission");
    return s_save_reply(server, call, old, c, true, NULL, 0);
}

// The block findings of an assessment, three ways.
typedef struct {
    wf_problem_t *probs;              // arena: for the reply (s_reply redacts for non-HR callers)
    size_t nprobs;                    // entries in probs
    Hr__Workflow__Finding **findings; // arena: for events and notifications (never protected)
    size_t nfindings;                 // entries in findings
    char codes[WF_SHORT_MAX];         // their codes, space-separated (history, notification)
} s_blocks_t;

static void s_blocks(hr_call_t *call, const Hr__Workflow__Assessment *as, s_blocks_t *b)
{
    hr_arena_t *arena = hr_call_arena(call);
    // Room for the advice the outcome adds after them (a protection, an unproven proposal).
    b->probs = hr_arena_alloc(arena, (as->n_findings + 2) * sizeof *b->probs);
    b->findings = hr_arena_alloc(arena, (as->n_findings + 1) * sizeof *b->findings);
    b->nprobs = b->nfindings = 0;
    b->codes[0] = '\0';
    size_t off = 0;
    for (size_t i = 0; i < as->n_findings; i++) {
        // What goes to the manager (history, event, notification) never names a protected
        // status: NULL actor = not HR.
        Hr__Workflow__Finding *full = as->findings[i];
        Hr__Workflow__Finding *f = wf_finding_for(NULL, full, arena);
        if (strcmp(f->severity, "block"))
            continue;
        b->findings[b->nfindings++] = f;
        b->probs[b->nprobs++] = (wf_problem_t){full->code, full->fact, full->article,
                                               full->message_zh, full->message_en};
        if (off < sizeof b->codes - 2)
            off += (size_t)snprintf(b->codes + off, sizeof b->codes - off, "%s%s", off ? " " : "",
                                    f->code);
    }
}

// An expiry blocked by an Art. 42 status: the contract extends (LCL Art. 45), said beside the
// findings (b->probs grows by one).
static void s_blocks_extended(hr_call_t *call, const Hr__Workflow__Case *c, s_blocks_t *b)
{
    if (!wf_ground_is_expiry(law_ground_find(c->ground)) || !wf_tell_is_blocked(c->assessment))
        return;
    hr_arena_t *arena = hr_call_arena(call);
    wf_problem_t *probs = hr_arena_alloc(arena, (b->nprobs + 2) * sizeof *probs);
    if (b->nprobs)
        memcpy(probs, b->probs, b->nprobs * sizeof *probs);
    probs[b->nprobs++] = wf_expiry_extended(c, arena);
    b->probs = probs;
}

// Whether the findings return the case for a ground barred in probation (hr_law's
// PROBATION_GROUND_BARRED: Art. 40(3) or 41 within probation, LCL 21).
static bool s_probation_barred(Hr__Workflow__Finding *const *findings, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (findings[i]->code && !strcmp(findings[i]->code, "PROBATION_GROUND_BARRED") &&
            !strcmp(findings[i]->severity, "block"))
            return true;
    return false;
}

// The last day of c's employee's probation as the directory records it now (else as the review
// kept it) into *day; false when none is recorded.
static bool s_probation_end(hr_call_t *call, const Hr__Workflow__Case *c, int32_t *day)
{
    Hr__Workflow__Person *p = NULL;
    const char *end = "";
    if (!wf_store_person_get(hr_call_txn(call), c->employee_no, hr_call_arena(call), &p))
        end = p->probation_end;
    else if (c->assessment && c->assessment->kept_facts)
        end = c->assessment->kept_probation_end;
    return end && *end && hr_date_parse(end, day);
}

// The case goes back to the manager (move RETURN) from stage `from`: the move, the
// workflow.CaseReturned event with the findings, and case_returned to the manager with the
// text in `why` (the finding codes, or the note of whoever returned it).
static hr_rc_t s_returned(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c, wf_move_t move,
                          char *from, Hr__Workflow__Finding **findings, size_t nfindings,
                          const char *why)
{
    c->returns++;
    hr_rc_t rc = s_move(self, call, c, move);
    // Barred in probation (LCL 21): nothing the manager does helps before it ends, so the request
    // owes nothing by a date until then - its period counts from the day after.
    int32_t pend = 0;
    if (!rc && s_probation_barred(findings, nfindings) && s_probation_end(call, c, &pend)) {
        wf_steps_defer(c->steps[0], &self->time, hr_ms_of_day(pend + 1, self->time.tz_offset_min),
                       hr_call_now_ms(call));
        char day[HR_DATE_LEN];
        s_history(call, c, "deferred", WF_STEP_REQUEST,
                  hr_arena_fmt(hr_call_arena(call),
                               "the ground is barred in probation (LCL 21), which ends on %s: the "
                               "request's deadline counts from the day after",
                               hr_date_format(pend, day)));
    }
    Hr__Workflow__CaseReturned ev = HR__WORKFLOW__CASE_RETURNED__INIT;
    ev.case_id = c->id;
    ev.step = from;
    ev.findings = findings;
    ev.n_findings = nfindings;
    ev.at_ms = hr_call_now_ms(call);
    if (!rc)
        rc = s_event(call, "workflow.CaseReturned", &ev.base);
    // Blocked by a statutory protection: no evidence cures it, so the manager owes nothing by
    // a date - no deadline, reminder or escalation at request (wf_tell_block_step).
    bool blocked = nfindings && wf_tell_is_blocked(c->assessment);
    if (!rc && blocked) {
        wf_tell_block_step(c->steps[0]);
        if (wf_ground_is_expiry(law_ground_find(c->ground)))
            s_history(call, c, "blocked", WF_STEP_REQUEST,
                      hr_arena_fmt(hr_call_arena(call),
                                   "a statutory protection (LCL Art. 42) at the contract's end "
                                   "extends the contract until the protection ends (LCL Art. "
                                   "45): it does not end on %s; no deadline runs at request; "
                                   "withdraw the case, or record the extended end as "
                                   "contract_end once the protection has ended",
                                   c->assessment->effective_date));
        else if (wf_tell_is_lasting(c->assessment))
            s_history(call, c, "blocked", WF_STEP_REQUEST,
                      "a statutory protection (LCL Art. 42(5)) blocks this ground until the "
                      "statutory retirement age: no deadline runs at request; withdraw the case "
                      "(an LCL 39 ground stays possible)");
        else
            s_history(call, c, "blocked", WF_STEP_REQUEST,
                      "a statutory protection (LCL Art. 42) blocks this ground: no deadline runs "
                      "at request; withdraw the case, or submit it again once the protection has "
                      "ended");
    }
    if (!rc)
        rc = wf_effects_returned(hr_call_txn(call), hr_call_arena(call), c, findings, nfindings,
                                 why, blocked, s_me(call), &self->time, hr_call_now_ms(call));
    return rc;
}

// Defined with the layoff's handlers, below.
static hr_rc_t s_layoff_of(const wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                           Hr__Workflow__Layoff **l, int64_t *members);

// The active people of the directory (not left today) into *n: the total headcount an A41
// review is held against (wf_union.c); a refusal when the directory cannot be read.
static hr_rc_t s_directory_headcount(hr_call_t *call, int64_t *n)
{
    Hr__Workflow__Person **people = NULL;
    size_t np = 0;
    *n = 0;
    hr_rc_t rc =
        wf_store_people_all(hr_call_txn(call), hr_call_arena(call), WF_PEOPLE_MAX, &people, &np);
    if (rc)
        return wf_fail_store(call, rc, "could not read the directory's headcount");
    for (size_t i = 0; i < np; i++)
        *n += !wf_person_has_left(people[i], hr_call_now_ms(call));
    return HR_OK;
}

// Runs hr_law on the case the way HR review does: HR's fact confirmations (facts) against the
// case's evidence, the employee's directory record, and the dates and procedure in in. HR_OK
// with c->assessment replaced (it records the notice date and procedure it rests on, so the
// outcome can be assessed again) and *out the engine's answer (arena); otherwise the failure
// is already on the call and the case is unchanged.
static hr_rc_t s_assess(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                        Hr__Workflow__FactConfirmation *const *facts, size_t nfacts,
                        const Hr__Workflow__ReviewCaseRequest *in, const law_finding_t *extra,
                        size_t nextra, law_assessment_t **out)
{
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    char err[S_ERR_LEN], err_zh[S_ERR_LEN];
    uint64_t proven = 0;
    int64_t layoff = 0, headcount = 0;
    // The review checks HR's confirmations; later assessments (the outcome) take the stored
    // ones as that review checked them.
    if (facts == c->facts && nfacts == c->n_facts)
        wf_review_facts_stored(c, &proven, &layoff, &headcount);
    else if (wf_review_facts(c, facts, nfacts, &proven, &layoff, &headcount, err, sizeof err,
                             err_zh, sizeof err_zh))
        return hr_call_fail_zh(call, HR_EINVAL, err_zh, "%s", err);
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = s_case_employee(call, c, &emp);
    if (rc)
        return rc;
    const law_ground_t *ground = law_ground_find(c->ground);
    // An expiry ends the contract on its end date and on no other day (wf_expiry.c): the review's
    // default is that day, and any other is refused before the engine, which does not judge it.
    Hr__Workflow__ReviewCaseRequest at_end;
    if (wf_ground_is_expiry(ground)) {
        char *why_zh = NULL;
        char *why = wf_expiry_open_why(emp, ground, -1, arena, &why_zh);
        int32_t day = 0;
        if (!why && !*in->effective_date) {
            at_end = *in;
            at_end.effective_date = emp->contract_end;
            in = &at_end;
        }
        if (!why && hr_date_parse(in->effective_date, &day))
            why = wf_expiry_date_why(emp, "effective_date", day, arena, &why_zh);
        if (why)
            return hr_call_fail_zh(call, HR_EINVAL, why_zh, "%s", why);
    }
    // The figures of the place where the contract is performed (LCL 47; Reg. 14, 27): the
    // employee's branch's, never the head office's in their place.
    s_place_t place;
    if ((rc = s_place(self, hr_call_txn(call), arena, emp, &place)))
        return wf_fail_store(call, rc, "could not read the departments");
    law_scenario_t scen;
    int32_t today = hr_day_of_ms(now_ms, self->time.tz_offset_min);
    if (!ground)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "案件 %s 保存的依据“%s”系统无法识别：这是系统内部错误，请联系系统管理员。",
                  c->id, c->ground),
            "%s", "ground: unknown");
    // LCL 41: a member of a layoff batch is counted with the others of its layoff, and dated by
    // the batch (wf_layoff.c); the review checked HR's numbers and dates against it already.
    Hr__Workflow__Layoff *batch = NULL;
    int64_t members = 0;
    Hr__Workflow__ReviewCaseRequest by_batch;
    if (ground->id == LAW_GROUND_A41 && (rc = s_layoff_of(self, call, c, &batch, &members)))
        return rc;
    if (batch) {
        layoff = members;
        by_batch = *in;
        by_batch.explained_date = batch->explained_date;
        by_batch.reported_date = batch->reported_date;
        in = &by_batch;
    }
    if (wf_review_scenario(emp, ground, in, place.law, today, proven, layoff, headcount, &scen, err,
                           sizeof err, err_zh, sizeof err_zh))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            *err_zh ? err_zh
                    : wf_zh(call,
                            "法律判断所需的信息不完整或不一致（%s）：请核对人员名册（入职日期、"
                            "合同期限、工资）和审核时填写的日期后重新审核。",
                            err),
            "%s", err);
    // LCL 41: the explanation and the report dated against the notice, the headcount against
    // the directory, before the engine reads them as booleans and numbers (wf_union.c).
    // An outcome is held to the headcount its review was (people laid off since have left).
    int64_t directory = 0;
    if (facts == c->facts && nfacts == c->n_facts)
        directory = c->assessment ? c->assessment->directory_headcount : 0;
    else if (ground->id == LAW_GROUND_A41 && (rc = s_directory_headcount(call, &directory)))
        return rc;
    law_finding_t *own = hr_arena_alloc(arena, (nextra + 6) * sizeof *own);
    size_t nown =
        wf_union_a41(&scen, in->explained_date, in->reported_date, directory, arena, own, 4);
    // LCL 43: the recorded notice against the reasons this review states (else the case's),
    // and Interp. I Art. 47: a cure HR recorded is the engine's union_notice_cured_before_suit.
    nown += wf_union_notice(&scen, c->union_record, c->ground,
                            in->reasons && *in->reasons ? in->reasons : c->reviewed_reasons, arena,
                            own + nown, 1);
    if (batch)
        wf_layoff_undated(batch, own, nown, arena); // a day the batch lacks is recorded there
    else if (ground->id == LAW_GROUND_A41)
        own[nown++] = wf_layoff_alone(); // HR's count alone is no ground: HR makes the batch
    for (size_t i = 0; i < nextra; i++)
        own[nown++] = extra[i];
    extra = own;
    nextra = nown;
    law_assessment_t *a = hr_arena_alloc(arena, sizeof *a);
    if (law_assess(&scen, a))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "法律判断未能完成：案件信息不一致。请核对人员名册（入职日期、合同、"
                               "工资）和审核填写的日期后重新审核；如仍不行，请联系系统管理员。",
                               "the legality engine rejected the scenario");
    wf_review_retirement(emp, &scen, a, arena);
    // What the ground's money rests on and the engine takes as given: the employee's own
    // written proposal of an agreement (A36_EMPLOYEE), proven like hr_law's facts.
    wf_proposal_assess(&scen, facts, nfacts, a);
    // The review's own findings (the claimed absence against the attendance feed): a block one
    // makes the case unlawful as it stands, as hr_law's do.
    for (size_t i = 0; i < nextra && a->nfindings < LAW_FINDINGS_MAX; i++) {
        a->findings[a->nfindings++] = extra[i];
        if (extra[i].severity == LAW_SEVERITY_BLOCK) {
            a->lawful = false;
            a->severance_fen = 0;
            a->severance_pre2008_fen = 0;
        }
    }
    Hr__Workflow__Assessment *as = wf_review_assessment(a, arena, now_ms, scen.effective_day);
    wf_review_wage_base(emp, as, arena);
    wf_review_minimum_wage(emp, place.law, place.min_source, as, arena);
    wf_review_probation(emp, as, arena);
    wf_review_inputs(emp, &scen, place.law, place.undated_source, as, arena);
    Hr__Workflow__Department *dep = NULL;
    if (!wf_store_department_get(hr_call_txn(call), emp->department_id, arena, &dep))
        as->kept_department = dep->name;
    wf_review_local_average(emp, &scen, place.law, place.undated_source, as, arena);
    as->branch = (char *)place.code;
    as->branch_name = place.branch ? (char *)place.branch->name : "";
    as->branch_city = place.branch ? (char *)place.branch->city : "";
    as->branch_source = place.from_person ? WF_BRANCH_FROM_PERSON : WF_BRANCH_FROM_DEPARTMENT;
    char day[HR_DATE_LEN];
    as->notice_date = hr_arena_strdup(arena, hr_date_format(scen.notice_day, day));
    as->pay_in_lieu_of_notice = scen.pay_in_lieu_of_notice;
    as->union_notified = scen.union_notified;
    as->reasons_given = scen.reasons_given && law_ground_is_unilateral(ground);
    as->union_notice_evidence_id =
        in->union_notice_evidence_id ? hr_arena_strdup(arena, in->union_notice_evidence_id) : "";
    as->explained_date = hr_arena_strdup(arena, in->explained_date ? in->explained_date : "");
    as->reported_date = hr_arena_strdup(arena, in->reported_date ? in->reported_date : "");
    as->directory_headcount = directory;
    c->assessment = as;
    *out = a;
    return HR_OK;
}

// HR's review inputs beyond the facts, checked and turned into what the engine reads: the
// union notice (LCL 43) only with the attached union_notice record that proves it, like every
// other fact; the A41 trigger, A41 only, one of the four of para 1.
static hr_rc_t s_review_inputs(hr_call_t *call, const Hr__Workflow__Case *c,
                               Hr__Workflow__ReviewCaseRequest *in)
{
    const char *id = in->union_notice_evidence_id ? in->union_notice_evidence_id : "";
    // The union's notice HR recorded with its day (hrctl case union ID notice) stands for the
    // review's --union-notified when that is not given.
    if (!*id && !in->union_notified && c->union_record && *c->union_record->notice_evidence_id)
        id = in->union_notice_evidence_id = c->union_record->notice_evidence_id;
    if (in->union_notified && !*id)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            "通知工会（union_notified）也须有证据证明：请把工会的回执作为“通知工会的记录”类证据"
            "（--kind union_notice）附上，再给出其编号（hrctl case review ID --union-notified "
            "EVIDENCE_ID）。",
            "union_notified: the notice to the union must be proven like every "
            "fact: attach the union's receipt as union_notice and give its id "
            "(hrctl case review ... --union-notified EVIDENCE_ID)");
    in->union_notified = false;
    if (*id) {
        const Hr__Workflow__EvidenceRef *e = NULL;
        for (size_t i = 0; i < c->n_evidence && !e; i++)
            if (!strcmp(c->evidence[i]->id, id))
                e = c->evidence[i];
        if (!e)
            return hr_call_fail_zh(
                call, HR_EINVAL,
                wf_zh(call,
                      "工会通知证据 %.64s 没有附在案件 %s 上：请先附上工会回执（hrctl case attach "
                      "%s EVIDENCE_ID），再审核。",
                      id, c->id, c->id),
                "union_notice_evidence_id: '%.64s' is not attached to case %s", id, c->id);
        if (strcmp(e->kind, "union_notice"))
            return hr_call_fail_zh(call, HR_EINVAL,
                                   wf_zh(call,
                                         "证据 %.64s 的类型是%s，不是%s：不能证明已将解除理由事先"
                                         "通知工会（《劳动合同法》第四十三条）。请给出%s类证据的"
                                         "编号。",
                                         id, wf_kind_zh(e->kind),
                                         law_evidence_kind_zh(LAW_EVK_UNION_NOTICE),
                                         law_evidence_kind_zh(LAW_EVK_UNION_NOTICE)),
                                   "union_notice_evidence_id: '%.64s' is %s %s, not a union_notice "
                                   "record: it cannot prove that the union was notified (LCL 43)",
                                   id, wf_a(e->kind), e->kind);
        in->union_notified = true;
    }
    const char *trig = in->a41_trigger ? in->a41_trigger : "";
    if (*trig && strcmp(c->ground, "A41"))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "裁员情形（a41_trigger）只适用于经济性裁员（A41）；案件 %s "
                                     "的依据是%s：请去掉 --a41-trigger。",
                                     c->id, wf_ground_zh(hr_call_arena(call), c->ground)),
                               "a41_trigger: only an A41 layoff has one (case %s is %s)", c->id,
                               c->ground);
    if (*trig && !wf_a41_trigger_text(trig, false))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "裁员情形（a41_trigger）“%."
                  "64s”不在《劳动合同法》第四十一条第一款所列情形之内：只能是 %s、%s、%s 或 %s。",
                  trig, wf_a41_trigger_at(0), wf_a41_trigger_at(1), wf_a41_trigger_at(2),
                  wf_a41_trigger_at(3)),
            "a41_trigger: '%.64s' is not one of %s, %s, %s, %s (LCL 41 para 1)", trig,
            wf_a41_trigger_at(0), wf_a41_trigger_at(1), wf_a41_trigger_at(2), wf_a41_trigger_at(3));
    in->a41_trigger = (char *)trig;
    in->reasons = in->reasons ? in->reasons : "";
    return HR_OK;
}

// A member of a layoff batch is reviewed with the batch's count, dates and trigger: HR's own
// that disagree are refused, naming the field (wf_layoff_review_why); those left out are the
// batch's.
static hr_rc_t s_layoff_review(const wf_server_t *self, hr_call_t *call,
                               const Hr__Workflow__Case *c, Hr__Workflow__ReviewCaseRequest *in)
{
    Hr__Workflow__Layoff *l = NULL;
    int64_t members = 0;
    if (strcmp(c->ground, "A41"))
        return HR_OK;
    hr_rc_t rc = s_layoff_of(self, call, c, &l, &members);
    if (rc || !l)
        return rc;
    bool typed = false;
    int64_t count = 0;
    for (size_t i = 0; i < in->n_facts; i++) {
        const law_fact_t *f = wf_review_fact_find(in->facts[i]->fact);
        if (f && f->id == LAW_FACT_LAYOFF_COUNT) {
            typed = true;
            count = in->facts[i]->number;
        }
    }
    char *zh = NULL;
    char *why = wf_layoff_review_why(l, members, typed, count, in, hr_call_arena(call), &zh);
    return why ? hr_call_fail_zh(call, HR_EINVAL, zh, "%s", why) : HR_OK;
}

hr_rc_t wf_handle_review_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__ReviewCaseRequest *req = hr_call_request(call);
    // Run again once hr-analytics said what its feed shows on the claimed absence days.
    bool running = false;
    struct wf_absence *absence = wf_absence_taken(self, call, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while hr-analytics is asked
    // The review is HR's decision: the operator (IT, hrctl's own identity) keeps the system
    // running and may act on a stuck case, but does not decide whether a dismissal is lawful.
    if (!hr_actor_has_role(s_actor(call), "hr") && !hr_actor_has_role(s_actor(call), "hr_head")) {
        bool op = hr_actor_is_operator(hr_call_actor(call));
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(hr_call_arena(call),
                         "只有 HR（人员名册中角色为 hr 或 hr_head 的人）可以审核申请%s：请由 HR "
                         "执行 hrctl case review %s --as HR 的工号。",
                         op ? "，系统管理员（operator）不能代为审核" : "；名册中你没有这两个角色",
                         req->case_id),
            "workflow.ReviewCase: only an HR person (hr or hr_head in the people directory) "
            "reviews a request%s",
            op ? ", not the operator (hrctl ... --as EMPLOYEE_NO --role hr)"
               : "; the directory gives this user neither role: an HR person does it (hrctl case "
                 "review ID --as EMPLOYEE_NO)");
    }
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc =
        s_begin(call, req->case_id, "workflow.ReviewCase", WF_ACT_REVIEW_PASS, &old, &c, &move);
    if (rc)
        return rc;
    if (s_is_initiator(call, c))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(hr_call_arena(call),
                         "%s 是案件 %s 的发起人或经理，不能审核自己的申请：请由另一位 HR 执行 "
                         "hrctl case review %s --as 其工号。",
                         s_me(call), c->id, c->id),
            "case %s: %s opened or manages this case and cannot review their own request: "
            "another HR person must review it (hrctl case review %s --as EMPLOYEE_NO)",
            c->id, s_me(call), c->id);
    if (!s_text_ok(req->note, WF_TEXT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "审核意见（note）须为 UTF-8 文本，最多 %d 字节（约 %d 个汉字）：请删减后重试。",
                  WF_TEXT_MAX, WF_TEXT_MAX / 3),
            "note: UTF-8 text of at most %d bytes", WF_TEXT_MAX);
    if (!s_text_ok(req->reasons, WF_TEXT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "%s理由（reasons）须为 UTF-8 文本，最多 %d 字节（约 %d 个汉字）：请删减后重试。",
                  wf_doc_ending_word(c, WF_DOC_ZH, false), WF_TEXT_MAX, WF_TEXT_MAX / 3),
            "reasons: UTF-8 text of at most %d bytes", WF_TEXT_MAX);
    if (s_text_unsafe(call, "note", req->note, HR_UTF8_ALLOW_TEXT) ||
        s_text_unsafe(call, "reasons", req->reasons, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    Hr__Workflow__ReviewCaseRequest in = *req;
    in.note = wf_text_trim(hr_call_arena(call), req->note); // white space alone states nothing
    in.reasons = wf_text_trim(hr_call_arena(call), req->reasons);
    rc = s_review_inputs(call, c, &in);
    if (!rc)
        rc = s_layoff_review(self, call, c, &in);
    if (!rc)
        rc = wf_union_review_dates(call, c, &in,
                                   hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min));
    if (rc)
        return rc;
    // A planned notice is served from the request on, never dated back before it.
    int32_t submitted = hr_day_of_ms(wf_steps_current(c)->started_ms, self->time.tz_offset_min);
    int32_t notice = 0;
    char sday[HR_DATE_LEN];
    if (*req->notice_date && hr_date_parse(req->notice_date, &notice) && notice < submitted)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(hr_call_arena(call),
                         "通知日期 %s 早于申请提交日（%s）：计划的%s不能倒签；不加 --notice "
                         "即为今天，或写明实际送达的日期。",
                         req->notice_date, hr_date_format(submitted, sday),
                         wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
            "notice_date: %s is before the request was submitted (%s): a planned notice is not "
            "dated back; leave --notice out for today, or give the day it will be served",
            req->notice_date, sday);
    // Records HR accepts as explaining a contradicted absence: attached to the case.
    for (size_t i = 0; i < req->n_absence_explained_by; i++) {
        const char *id = req->absence_explained_by[i];
        bool attached = false;
        for (size_t k = 0; k < c->n_evidence && !attached; k++)
            attached = !strcmp(c->evidence[k]->id, id);
        if (!attached)
            return hr_call_fail_zh(
                call, HR_EINVAL,
                wf_zh(call,
                      "第 %zu 项缺勤说明证据（absence_explained_by）%.64s 没有附在案件 %s "
                      "上：请先附上（hrctl case attach %s EVIDENCE_ID）。",
                      i + 1, id, c->id, c->id),
                "absence_explained_by[%zu]: '%.64s' is not attached to case %s", i, id, c->id);
    }
    // The claimed absence days against the attendance feed hr-analytics holds (wf_absence.c).
    law_finding_t *extra = NULL;
    size_t nextra = 0;
    if (c->n_absence_days) {
        const Hr__Analytics__GetFactsReply *facts = NULL;
        const char *none = NULL;
        bool parked = false;
        rc = wf_absence_get(self, call, absence, c, &facts, &none, &parked);
        if (rc || parked)
            return rc;
        extra = hr_arena_alloc(hr_call_arena(call), WF_ABSENCE_DAYS_MAX * sizeof *extra);
        nextra = wf_absence_findings(c, facts, none, req->absence_explained_by,
                                     req->n_absence_explained_by, hr_call_arena(call), extra,
                                     WF_ABSENCE_DAYS_MAX);
    }
    law_assessment_t *a = NULL;
    rc = s_assess(self, call, c, req->facts, req->n_facts, &in, extra, nextra, &a);
    if (rc)
        return rc;
    // A review that confirms none of the facts the ground needs, and says nothing, decided
    // nothing: refused with the facts to confirm; the case stays at hr_review, unchanged, and
    // nobody is told. Unless something no evidence cures bars the ground as it stands (a
    // protected status, probation, ...): that return needs no fact confirmed.
    bool only_missing = true;
    for (size_t i = 0; i < a->nfindings; i++)
        only_missing &= a->findings[i].severity != LAW_SEVERITY_BLOCK ||
                        !strcmp(a->findings[i].code, "EVIDENCE_MISSING");
    const law_ground_t *ground = law_ground_find(c->ground);
    wf_problem_t *probs = hr_arena_alloc(hr_call_arena(call), WF_PROBLEMS_MAX * sizeof *probs);
    size_t nprobs = ground && only_missing
                        ? wf_review_unconfirmed(c, ground, req->facts, req->n_facts, in.note,
                                                hr_call_arena(call), probs, WF_PROBLEMS_MAX)
                        : 0;
    // What HR alone must do (a layoff's late day, the union's notice) is said on this first
    // reply too, not only once the facts are settled.
    if (nprobs)
        nprobs += wf_union_hr_problems(a, probs + nprobs, WF_PROBLEMS_MAX - nprobs);
    if (nprobs) {
        c->assessment = old->assessment; // the reply shows the case as it stays
        return s_reply(server, call, c, false, probs, nprobs);
    }
    // Stopped only by what HR itself must do (the union's notice, LCL 43; the layoff's dates
    // and headcount, LCL 41): refused to HR with what to do, the case unchanged at hr_review -
    // the manager has nothing to fix and is not sent back (wf_union.c).
    if (!a->lawful && wf_union_hr_only(a)) {
        nprobs = wf_union_problems(a, probs, WF_PROBLEMS_MAX);
        c->assessment = old->assessment;
        // The reasons HR states are kept all the same: the union is told them before the
        // notice (LCL 43: hrctl case document ID union_notice), the very ones it will rely on
        // (GC180); the review again restates them.
        if (*in.reasons && strcmp(in.reasons, c->reviewed_reasons)) {
            c->reviewed_reasons = in.reasons;
            s_history(call, c, "reasons_stated", WF_STEP_HR_REVIEW, in.reasons);
            rc = s_save(server, call, old, c);
            if (rc)
                return rc;
        }
        return s_reply(server, call, c, false, probs, nprobs);
    }
    // A return that leaves facts unconfirmed although the manager attached items that prove
    // them tells the manager HR did not accept those items: HR says why (its note), or decided
    // nothing. A protection is no matter of evidence: not asked then.
    // A fact HR confirmed in this review is no fact left out: when a check of the workflow's
    // own took it away (a layoff's day too late), that check's finding says why, not this.
    Hr__Workflow__Finding **asked =
        hr_arena_alloc(hr_call_arena(call), (c->assessment->n_findings + 1) * sizeof *asked);
    size_t nasked = 0;
    for (size_t i = 0; i < c->assessment->n_findings; i++) {
        Hr__Workflow__Finding *f = c->assessment->findings[i];
        bool given = false;
        for (size_t k = 0; k < req->n_facts && !given; k++)
            given =
                f->fact && req->facts[k]->fact &&
                (!strcmp(f->fact, req->facts[k]->fact) ||
                 (!strncmp(f->fact, "evidence.", 9) && !strcmp(f->fact + 9, req->facts[k]->fact)));
        if (!given)
            asked[nasked++] = f;
    }
    nprobs = !a->lawful && !wf_tell_is_blocked(c->assessment)
                 ? wf_review_left_out(c, asked, nasked, req->note, hr_call_arena(call), probs,
                                      WF_PROBLEMS_MAX)
                 : 0;
    if (nprobs)
        nprobs += wf_union_hr_problems(a, probs + nprobs, WF_PROBLEMS_MAX - nprobs);
    if (nprobs) {
        c->assessment = old->assessment;
        return s_reply(server, call, c, false, probs, nprobs);
    }
    // GC180: the employer is held to the facts and reasons its notice states, and HR, not the
    // manager's opening text, decides what they are. A unilateral rescission found lawful
    // without HR's statement decided nothing: refused, the case unchanged at hr_review.
    if (a->lawful && ground && law_ground_is_unilateral(ground) && !*in.reasons)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(hr_call_arena(call),
                         "案件 %s（%s）审核结论为合法，但 HR 尚未写明%s所依据的事实和理由"
                         "（公司将受其约束；试用期见《劳动合同法》第二十一条）：请加 --reasons "
                         "理由 重新审核（经理发起时写的内容见 hrctl case show %s）。",
                         c->id, wf_ground_zh(hr_call_arena(call), c->ground),
                         wf_doc_case_kind_zh(c, WF_DOC_NOTICE), c->id),
            "reasons: case %s (%s) would be reviewed lawful, but HR has not stated the facts and "
            "reasons the notice gives and the company is held to (GC180; LCL 21 in probation): "
            "review again with --reasons TEXT (what the manager wrote at opening: hrctl case "
            "show %s)",
            c->id, c->ground, c->id);
    c->facts = req->facts;
    c->n_facts = req->n_facts;
    c->reviewed_reasons = in.reasons;
    c->a41_trigger = in.a41_trigger;

    if (a->lawful) {
        if (*in.reasons)
            s_history(call, c, "reasons_stated", WF_STEP_HR_REVIEW, in.reasons);
        // The history says what the review rested on, HR's note or not: each fact confirmed
        // and the records proving it.
        char *said = *in.note ? hr_arena_fmt(hr_call_arena(call), "%s; ", in.note) : "";
        said = hr_arena_fmt(hr_call_arena(call), "%sfacts confirmed:%s", said,
                            c->n_facts ? "" : " none");
        for (size_t i = 0; i < c->n_facts; i++) {
            said =
                hr_arena_fmt(hr_call_arena(call), "%s%s %s", said, i ? ";" : "", c->facts[i]->fact);
            for (size_t j = 0; j < c->facts[i]->n_evidence_ids; j++)
                said = hr_arena_fmt(hr_call_arena(call), "%s%s%.12s", said, j ? ", " : " (",
                                    c->facts[i]->evidence_ids[j]);
            if (c->facts[i]->n_evidence_ids)
                said = hr_arena_fmt(hr_call_arena(call), "%s)", said);
        }
        // A finding the engine leaves to a person's judgment (severity review: no union to
        // notify, a retirement age it cannot compute, ...) does not stop the case: HR's lawful
        // review is that judgment, and the record says so by code, so a hearing reads who
        // decided what rather than an open question the case went past.
        for (size_t i = 0, n = 0; i < a->nfindings; i++) {
            const law_finding_t *f = &a->findings[i];
            if (f->severity == LAW_SEVERITY_REVIEW)
                said = hr_arena_fmt(hr_call_arena(call), "%s%s %s%s%s%s", said,
                                    n++ ? ";" : "; judged by HR (findings left to a person):",
                                    f->code ? f->code : "", f->article && *f->article ? " (" : "",
                                    f->article ? f->article : "",
                                    f->article && *f->article ? ")" : "");
        }
        s_history(call, c, "reviewed_lawful", WF_STEP_HR_REVIEW, said);
        rc = s_move(self, call, c, move);
        if (rc)
            return wf_fail_store(call, rc, "could not record the review");
        return s_save_reply(server, call, old, c, true, NULL, 0);
    }
    // Unlawful as it stands: back to the manager with the block findings in both languages.
    s_blocks_t b;
    s_blocks(call, c->assessment, &b);
    s_blocks_extended(call, c, &b);
    rc = s_decide(call, c, WF_ACT_REVIEW_RETURN, &move);
    if (rc)
        return rc;
    // HR's note before the return, which stays the last entry (hrctl reads the outcome there).
    if (*req->note)
        s_history(call, c, "review_note", WF_STEP_HR_REVIEW, req->note);
    s_history(call, c, "returned", WF_STEP_HR_REVIEW, b.codes);
    // The manager reads HR's note above the findings (wf_effects_returned).
    rc = s_returned(self, call, c, move, WF_STEP_HR_REVIEW, b.findings, b.nfindings, req->note);
    if (rc)
        return wf_fail_store(call, rc, "could not record the review");
    rc = s_save(server, call, old, c);
    hr_info("case.returned", "case=%s findings=%zu msg=%s", c->id, b.nfindings,
            hr_call_msg_id(call));
    return rc ? rc : s_reply(server, call, c, false, b.probs, b.nprobs);
}

hr_rc_t wf_handle_approve_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__ApproveCaseRequest *req = hr_call_request(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    if (!s_text_ok(req->note, WF_TEXT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "审批意见（note）须为 UTF-8 文本，最多 %d 字节（约 %d 个汉字）：请删减后重试。",
                  WF_TEXT_MAX, WF_TEXT_MAX / 3),
            "note: UTF-8 text of at most %d bytes", WF_TEXT_MAX);
    if (s_text_unsafe(call, "note", req->note, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    char *note = wf_text_trim(hr_call_arena(call), req->note); // blank says nothing
    wf_move_t move;
    rc = s_decide(call, c, req->approve ? WF_ACT_APPROVE : WF_ACT_REJECT, &move);
    if (rc)
        return rc;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    if (!hr_actor_is_operator(s_actor(call)) && strcmp(s_me(call), cur->owner_no))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(
                hr_call_arena(call),
                "案件 %s 的审批由上级 %s 负责：请由 %s 执行 hrctl case approve %s --as %s。", c->id,
                cur->owner_no, cur->owner_no, c->id, cur->owner_no),
            "case %s: approval belongs to %s (hrctl case approve %s --as %s)", c->id, cur->owner_no,
            c->id, cur->owner_no);
    // A rejection goes back to the manager, who must learn why: the note is its reason.
    if (!req->approve && !*note)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(
                hr_call_arena(call),
                "退回申请需要写明理由（会告知经理）：hrctl case approve %s --reject --note "
                "理由%s。",
                c->id, *req->note ? "（只有空格不算理由）" : ""),
            "note: required when rejecting (the manager is told why)%s",
            *req->note ? "; white space alone says nothing" : "");
    s_history(call, c, req->approve ? "approved" : "rejected", cur->key, note);
    if (req->approve)
        rc = s_move(self, call, c, move);
    else
        rc = s_returned(self, call, c, move, cur->key, NULL, 0, note);
    if (rc)
        return wf_fail_store(call, rc, "could not record the approval");
    if (!req->approve)
        hr_info("case.returned", "case=%s step=%s msg=%s", c->id, cur->key, hr_call_msg_id(call));
    return s_save_reply(server, call, old, c, req->approve, NULL, 0);
}

// The HR person who prepared the interview (the prepare stage's owner), "" when none.
static const char *s_prepared_by(const Hr__Workflow__Case *c)
{
    const char *hr_no = "";
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_PREPARE))
            hr_no = c->steps[i]->owner_no;
    return hr_no;
}

// The warning that the employee could not be told of their interview (cancelled: that it is
// off) by the system: the directory has no email or mobile for them. Ids only.
static wf_problem_t s_unreachable(hr_call_t *call, const Hr__Workflow__Case *c, bool cancelled)
{
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Workflow__Interview *iv = c->interview;
    if (cancelled)
        return (wf_problem_t){
            "EMPLOYEE_NOT_NOTIFIED", "employee.contact", "",
            hr_arena_fmt(arena,
                         "员工 %s 在人员名册中没有邮箱和手机号，系统无法告知其 %s %s "
                         "的面谈已取消：请 HR 书面通知本人（撤回照常生效）。",
                         c->employee_no, iv->date, iv->time),
            hr_arena_fmt(arena,
                         "employee %s has neither an email nor a mobile in the directory, so the "
                         "system could not tell them that the meeting of %s %s is cancelled: HR "
                         "must tell them in writing (the case is withdrawn all the same)",
                         c->employee_no, iv->date, iv->time)};
    return (wf_problem_t){
        "EMPLOYEE_NOT_NOTIFIED", "employee.contact", "",
        hr_arena_fmt(arena,
                     "员工 %s 在人员名册中没有邮箱和手机号，系统无法告知其面谈的时间和地点"
                     "（%s %s，%s）：请 HR 书面邀请本人（面谈照常安排）。",
                     c->employee_no, iv->date, iv->time, iv->place),
        hr_arena_fmt(arena,
                     "employee %s has neither an email nor a mobile in the directory, so the "
                     "system could not tell them the meeting's time and place (%s %s, %s): HR "
                     "must invite them in writing (the interview is set all the same)",
                     c->employee_no, iv->date, iv->time, iv->place)};
}

// The warning when the employee cannot be told that their employment ends (no email and no
// mobile in the directory, or not in it): HR tells them in writing; hrctl health names them
// while the case goes on (employee_nobody=).
static wf_problem_t s_untold(hr_call_t *call, const Hr__Workflow__Case *c)
{
    hr_arena_t *arena = hr_call_arena(call);
    return (wf_problem_t){
        "EMPLOYEE_NOT_NOTIFIED", "employee.contact", "",
        hr_arena_fmt(arena,
                     "员工 %s 在人员名册中没有邮箱和手机号，系统无法告知其劳动合同%s、最后一日、"
                     "应付款项和%s劳动合同的证明：请 HR 书面告知本人（结果照常记录）。",
                     c->employee_no, wf_doc_ending_word(c, WF_DOC_ZH, false),
                     wf_doc_ending_word(c, WF_DOC_ZH, false)),
        hr_arena_fmt(arena,
                     "employee %s has neither an email nor a mobile in the directory, so the "
                     "system could not tell them of the %s, the contract's last day, the money "
                     "due or the certificate: HR must tell them in writing (the outcome is "
                     "recorded all the same)",
                     c->employee_no, wf_doc_ending_word(c, WF_DOC_EN, false))};
}

// Why nothing more is done towards ending the employment on `day`: the directory records the
// employee as having left (left_date) on or before it - the employment already ended. NULL
// when it does not (no left_date, a later one, a directory that cannot be read).
static char *s_employee_gone(hr_call_t *call, const Hr__Workflow__Case *c, int32_t day, char **zh)
{
    Hr__Workflow__Person *emp = NULL;
    int32_t left = 0;
    if (wf_store_person_get(hr_call_txn(call), c->employee_no, hr_call_arena(call), &emp) ||
        !*emp->left_date || !hr_date_parse(emp->left_date, &left) || left > day)
        return NULL;
    *zh = hr_arena_fmt(hr_call_arena(call),
                       "员工 %s 已于 %s 离职，劳动关系已经结束：请撤回本案件（hrctl case withdraw "
                       "%s 理由），或请 HR 更正人员名册。",
                       emp->employee_no, emp->left_date, c->id);
    return hr_arena_fmt(hr_call_arena(call),
                        "%s left on %s: the employment already ended; withdraw this case, or "
                        "correct the directory",
                        emp->employee_no, emp->left_date);
}

// When HR's review completed (the case reached the interview), UTC ms; 0 when not reviewed.
static int64_t s_reviewed_ms(const Hr__Workflow__Case *c)
{
    int64_t at = 0;
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_HR_REVIEW))
            at = c->steps[i]->done_ms;
    return at;
}

// ms as "YYYY-MM-DD HH:MM", company time (arena).
static char *s_local_time(const wf_server_t *self, hr_arena_t *arena, int64_t ms)
{
    int32_t day = hr_day_of_ms(ms, self->time.tz_offset_min);
    int64_t local = ms - hr_ms_of_day(day, self->time.tz_offset_min);
    char buf[HR_DATE_LEN];
    return hr_arena_fmt(arena, "%s %02d:%02d", hr_date_format(day, buf), (int)(local / HR_HOUR_MS),
                        (int)(local % HR_HOUR_MS / HR_MINUTE_MS));
}

static bool s_hhmm(const char *s)
{
    return s && strlen(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' &&
           s[1] <= '9' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
           (s[0] < '2' || s[1] <= '3');
}

// The warning for an interview set `ahead` ms before it starts, less than interview/
// min_notice_hours: the employee is invited to prepare and to say when the time does not suit,
// which needs time to do (a warning, never a refusal: it may have to be held at once).
static wf_problem_t s_short_notice(const wf_server_t *self, hr_arena_t *arena, int64_t ahead,
                                   int64_t now)
{
    int64_t min = (ahead + HR_MINUTE_MS - 1) / HR_MINUTE_MS;
    const char *zh = min >= 120 ? hr_arena_fmt(arena, "%lld小时", (long long)(min / 60))
                                : hr_arena_fmt(arena, "%lld分钟", (long long)min);
    const char *en =
        min >= 120 ? hr_arena_fmt(arena, "%lld hours", (long long)(min / 60))
                   : hr_arena_fmt(arena, "%lld minute%s", (long long)min, min == 1 ? "" : "s");
    int h = self->interview_notice_hours;
    return (wf_problem_t){
        "INTERVIEW_SHORT_NOTICE", "", "",
        hr_arena_fmt(
            arena,
            "面谈距现在（%s）只有%s，少于%d小时：员工来不及准备、也来不及告知时间不便（邀请中"
            "已请其告知）。若员工因此未能出席，仲裁时难以说明已给予其陈述的机会；请改到给员工"
            "留出充分时间的日期（hrctl case prepare 以新时间重设）。面谈仍已按此时间安排"
            "（interview/min_notice_hours）",
            s_local_time(self, arena, now), zh, h),
        hr_arena_fmt(arena,
                     "the interview begins %s from now (%s), less than %d hours: the employee has "
                     "no time to prepare or to say the time does not suit (the invitation asks "
                     "them to). If they cannot attend because of it, the company will find it hard "
                     "to show it gave them the chance to be heard; move it to a day that leaves "
                     "them time (hrctl case prepare with the new time). The interview is set all "
                     "the same (interview/min_notice_hours)",
                     en, s_local_time(self, arena, now), h)};
}

// Another case's interview still to come within an hour of this one, with the same room, the
// same manager or the same HR person (the layoff review invited four employees to one room at
// one time with the same two attendees, and nobody was told).
typedef struct {
    const Hr__Workflow__Case *c;       // the case being prepared
    const Hr__Workflow__Interview *iv; // its new interview
    int64_t start;                     // its start, ms
    const char *hr_no;                 // who prepared it
    const wf_time_t *time;             // the company's zone
    hr_arena_t *arena;                 // the call's: the warning's text
    char *zh, *en;                     // the clashes found, or NULL
    size_t n;                          // how many
} s_clash_t;

static hr_rc_t s_clash_one(void *arg, Hr__Workflow__Case *o)
{
    s_clash_t *k = arg;
    const Hr__Workflow__CaseStep *st = wf_steps_current(o);
    int64_t start = 0;
    if (!strcmp(o->id, k->c->id) || o->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN ||
        !o->interview || !st || strcmp(st->key, WF_STEP_INTERVIEW) ||
        !wf_interview_starts_after(o->interview, INT64_MIN, k->time->tz_offset_min, &start) ||
        llabs(start - k->start) >= HR_HOUR_MS)
        return HR_OK;
    const char *o_hr = s_prepared_by(o);
    bool room = !strcmp(o->interview->place, k->iv->place);
    bool mgr = !strcmp(o->manager_no, k->c->manager_no);
    bool hr = *k->hr_no && !strcmp(o_hr, k->hr_no);
    if (!room && !mgr && !hr)
        return HR_OK;
    if (k->n++ >= 3)
        return HR_OK; // counted, not listed
    k->zh = hr_arena_fmt(k->arena, "%s%s案件 %s 的面谈 %s %s（%s%s%s）", k->zh ? k->zh : "",
                         k->zh ? "；" : "", o->id, o->interview->date, o->interview->time,
                         room ? "同一地点" : "", room && (mgr || hr) ? "、" : "",
                         mgr && hr ? "同一经理和 HR"
                         : mgr     ? "同一经理"
                         : hr      ? "同一 HR"
                                   : "");
    k->en = hr_arena_fmt(k->arena, "%s%scase %s's interview at %s %s (%s%s%s)", k->en ? k->en : "",
                         k->en ? "; " : "", o->id, o->interview->date, o->interview->time,
                         room ? "the same place" : "", room && (mgr || hr) ? ", " : "",
                         mgr && hr ? "the same manager and HR person"
                         : mgr     ? "the same manager"
                         : hr      ? "the same HR person"
                                   : "");
    return HR_OK;
}

// The INTERVIEW_CLASH warning into *p when another case's coming interview is within an hour of
// this one and shares its room, manager or HR person; false when none does (or the cases could
// not be read: a warning, never a refusal).
static bool s_interview_clash(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                              const Hr__Workflow__Interview *iv, wf_problem_t *p)
{
    s_clash_t k = {c, iv, 0, s_prepared_by(c), &self->time, hr_call_arena(call), NULL, NULL, 0};
    if (!wf_interview_starts_after(iv, INT64_MIN, self->time.tz_offset_min, &k.start))
        return false;
    hr_arena_t *scan = hr_arena_new(0); // every case read once: not kept in the call's arena
    hr_rc_t rc = wf_store_case_each(hr_call_txn(call), "", scan, s_clash_one, &k);
    hr_arena_destroy(&scan);
    if (rc || !k.n)
        return false;
    const char *more_zh = k.n > 3 ? hr_arena_fmt(k.arena, "，另有 %zu 个未列出", k.n - 3) : "";
    const char *more_en = k.n > 3 ? hr_arena_fmt(k.arena, ", and %zu more", k.n - 3) : "";
    *p = (wf_problem_t){
        "INTERVIEW_CLASH", "", "",
        hr_arena_fmt(k.arena,
                     "这次面谈（%s %s，%s）与以下面谈相隔不足一小时：%s%s。同一人无法同时出席两场"
                     "面谈，同一地点也无法同时使用：如确有冲突，请改期（hrctl case prepare %s "
                     "日期 时间 地点）。",
                     iv->date, iv->time, iv->place, k.zh, more_zh, c->id),
        hr_arena_fmt(k.arena,
                     "this interview (%s %s, %s) is within an hour of %s%s. Nobody attends two "
                     "interviews at once and a room holds one: if they clash, move one (hrctl "
                     "case prepare %s DATE TIME PLACE).",
                     iv->date, iv->time, iv->place, k.en, more_en, c->id)};
    return true;
}

hr_rc_t wf_handle_prepare_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__PrepareCaseRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc =
        s_begin(call, req->case_id, "workflow.PrepareCase", WF_ACT_PREPARE, &old, &c, &move);
    if (!rc)
        rc = s_protect_check(self, call, c, "安排面谈或邀请员工", "scheduling the interview");
    if (rc)
        return rc;
    int32_t day;
    char why[HR_DATE_WHY_LEN];
    if (!hr_date_parse(req->date, &day))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "面谈日期“%.32s”不对：请写成 YYYY-MM-DD，例如 hrctl case prepare %s "
                         "2026-12-03 10:00 会议室。",
                         req->date, c->id),
            "date: '%.32s' %s", req->date, hr_date_why(req->date, why, sizeof why));
    char *gone_zh = NULL;
    char *gone = s_employee_gone(call, c, day, &gone_zh);
    if (gone)
        return hr_call_fail_zh(call, HR_ECONFLICT, gone_zh, "case %s: %s", c->id, gone);
    if (!s_hhmm(req->time))
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "面谈时间“%.16s”不对：请写成 HH:MM（24 小时制），例如 "
                                            "10:00。",
                                            req->time),
                               "time: '%.16s' is not HH:MM", req->time);
    // Bounds: not beyond the horizon (its stage would wait that long with no reminder and no
    // escalation); today, not at an hour already past (entered as it begins, within
    // WF_INTERVIEW_LATE_MS, is taken). A past day, as below, is the record of a held interview.
    int64_t now = hr_call_now_ms(call);
    int32_t today = hr_day_of_ms(now, self->time.tz_offset_min);
    int horizon =
        self->interview_horizon_days > 0 ? self->interview_horizon_days : WF_INTERVIEW_HORIZON_DAYS;
    char tb[HR_DATE_LEN], lb[HR_DATE_LEN];
    if (day > today + horizon)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "面谈日期 %s 超出 %d 天（今天是 %s，最晚可定 %s，见配置 "
                         "interview/horizon_days）：请在能举行时再安排面谈。",
                         req->date, horizon, hr_date_format(today, tb),
                         hr_date_format(today + horizon, lb)),
            "date: %s is more than %d days ahead (today is %s; the latest is %s, config "
            "interview/horizon_days): set the interview when it can be held",
            req->date, horizon, tb, lb);
    Hr__Workflow__Interview slot = HR__WORKFLOW__INTERVIEW__INIT;
    slot.date = req->date;
    slot.time = req->time;
    int64_t local = now - hr_ms_of_day(today, self->time.tz_offset_min);
    if (day == today && !wf_interview_starts_after(&slot, now - WF_INTERVIEW_LATE_MS,
                                                   self->time.tz_offset_min, NULL))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "今天的 %s 已经过去（现在 %02d:%02d）：请安排一个尚未到来的时间；今天已"
                         "举行的面谈，请从明天起按 %s 已举行补录。",
                         req->time, (int)(local / HR_HOUR_MS),
                         (int)(local % HR_HOUR_MS / HR_MINUTE_MS), req->date),
            "time: %s today has passed (now %02d:%02d): an interview is set for an hour to come; "
            "one already held today is entered from tomorrow, as held on %s",
            req->time, (int)(local / HR_HOUR_MS), (int)(local % HR_HOUR_MS / HR_MINUTE_MS),
            req->date);
    // A past day records an interview held before it was entered, never one before the case
    // reached the interview (HR's review completed it): not an earlier day, nor an earlier hour
    // that day - nobody could have been invited to a meeting about a request not yet reviewed.
    // To the minute, as the interview is set: one in the review's own minute is taken.
    int64_t reviewed_ms = s_reviewed_ms(c);
    int64_t reviewed_min = reviewed_ms - reviewed_ms % HR_MINUTE_MS;
    if (reviewed_ms &&
        !wf_interview_starts_after(&slot, reviewed_min - 1, self->time.tz_offset_min, NULL))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "面谈时间 %s %s 早于 HR 审核本案的时间（%s）：面谈应安排在审核之后，请改期。",
                  req->date, req->time, s_local_time(self, arena, reviewed_ms)),
            "date, time: %s %s is before HR reviewed the case (%s): the interview "
            "comes after the review",
            req->date, req->time, s_local_time(self, arena, reviewed_ms));
    char *place = wf_text_trim(arena, req->place);
    if (!*place || !s_text_ok(req->place, WF_SHORT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena, "请写明面谈地点（1 到 %d 字节，不能只有空格），例如“3 楼会议室”。",
                         WF_SHORT_MAX),
            "place: UTF-8 text of 1..%d bytes, not only white space", WF_SHORT_MAX);
    if (s_text_unsafe(call, "place", place, 0))
        return HR_EINVAL;
    // At the interview stage this moves the interview (WF_MOVE_STAY): a confirmation given for
    // the old day does not count for the new one, so both sides confirm again.
    const Hr__Workflow__Interview *was = c->interview;
    bool moved = move == WF_MOVE_STAY;
    if (moved && was && !strcmp(was->date, req->date) && !strcmp(was->time, req->time) &&
        !strcmp(was->place, place))
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            hr_arena_fmt(arena, "案件 %s 的面谈已定在 %s %s，地点 %s，无需重复安排。", c->id,
                         req->date, req->time, place),
            "case %s: the interview is already on %s %s at %s", c->id, req->date, req->time, place);
    Hr__Workflow__Interview *iv = hr_arena_alloc(arena, sizeof *iv);
    hr__workflow__interview__init(iv);
    iv->date = req->date;
    iv->time = req->time;
    iv->place = place;
    c->interview = iv;
    // A past day is the record of an interview held: nobody is invited to it, nor asked to
    // confirm it on its day - the history says so, and both confirm their attendance now.
    bool held = day < today;
    // Entered as it begins (today, at an hour come or minutes away): an invitation or "moved"
    // message would reach the employee after the meeting began - they are sent nothing.
    bool come = !held && !wf_interview_starts_after(iv, now + WF_INVITE_LEAD_MS,
                                                    self->time.tz_offset_min, NULL);
    const char *as_held = held   ? " (held before it was entered: nobody invited or told)"
                          : come ? " (its time has come: the employee was sent nothing)"
                                 : "";
    if (moved)
        s_history(call, c, "interview_rescheduled", WF_STEP_INTERVIEW,
                  hr_arena_fmt(arena, "%s %s -> %s %s%s", was ? was->date : "",
                               was ? was->time : "", req->date, req->time, as_held));
    else
        s_history(call, c, "interview_scheduled", WF_STEP_PREPARE,
                  hr_arena_fmt(arena, "%s %s%s", req->date, req->time, as_held));
    // The interview stage it starts is dated by the interview before its owner is told
    // (s_activated); one moved (WF_MOVE_STAY) is dated here again.
    rc = s_move(self, call, c, move);
    if (!rc && wf_steps_current(c) && !strcmp(wf_steps_current(c)->key, WF_STEP_INTERVIEW))
        wf_steps_date_interview(wf_steps_current(c), day, &self->time, hr_call_now_ms(call));
    // Both who attend are told: the manager and the HR person who prepared it (the prepare
    // stage's owner; the interview stage is the manager's, who was named twice and HR never).
    const char *hr_no = s_prepared_by(c);
    const char *to[2] = {c->manager_no, hr_no};
    size_t nto = *hr_no && strcmp(hr_no, c->manager_no) ? 2 : 1;
    if (!rc && !held)
        rc = s_notify(self, call, c, WF_TPL_INTERVIEW, wf_steps_current(c), to, nto, "interview",
                      hr_arena_fmt(arena, "%s %s %s", req->date, req->time, place));
    // And the employee, invited in neutral words (or told the new time), when the directory has
    // an address for them; otherwise HR invites them in writing, as the reply says.
    bool told = held || come;
    s_entity_t who = s_case_entity(self, call, c); // the branch's entity and union
    if (!rc && !held && !come)
        rc = wf_effects_interview_told(
            hr_call_txn(call), arena, c, moved ? WF_TPL_INVITE_MOVED : WF_TPL_INVITE, hr_no,
            moved ? was : NULL, who.has_union, who.name, &self->time, hr_call_now_ms(call), &told);
    if (rc)
        return wf_fail_store(call, rc, "could not record the preparation");
    // A rest day, an employee the system cannot reach and an Art. 42 status since the review
    // are warned of, never refused: the reply carries them beside the accepted change.
    wf_problem_t *probs = NULL;
    size_t np = s_protection(server, call, c, &probs);
    wf_problem_t *all = hr_arena_alloc(arena, (np + 5) * sizeof *all);
    size_t n = 0;
    const char *zh = NULL, *en = NULL;
    int64_t start = 0;
    // The employee is heard before the notice: an interview on or after the planned notice day
    // is warned of (the plan is HR's to move; the outcome refuses a notice served before it).
    if (wf_deadline_interview_after_notice(c, day, req->date, arena, &all[n]))
        n++;
    if (!held && wf_interview_starts_after(iv, now, self->time.tz_offset_min, &start) &&
        start - now < (int64_t)self->interview_notice_hours * HR_HOUR_MS) {
        all[n++] = s_short_notice(self, arena, start - now, now);
        // Kept with the interview, not in this reply alone: a hearing asks whether the
        // employee had the time to come (case show; RecordOutcome repeats it if they did not).
        iv->short_notice = wf_problem_finding(&all[n - 1], arena);
        iv->short_notice->severity = "warn";
    }
    if (wf_deadline_rest_day(&self->time, day, req->date, arena, &zh, &en))
        all[n++] = (wf_problem_t){"INTERVIEW_ON_REST_DAY", "", "", zh, en};
    else if (wf_deadline_year_unknown(&self->time, day, req->date, arena, &zh, &en))
        all[n++] = (wf_problem_t){"INTERVIEW_YEAR_NOT_DECLARED", "", "", zh, en};
    if (!told)
        all[n++] = s_unreachable(call, c, false);
    if (come)
        all[n++] = (wf_problem_t){
            "EMPLOYEE_NOT_INVITED", "", "",
            hr_arena_fmt(arena,
                         "面谈 %s %s 已到时间（或几分钟内开始）：系统没有向员工 %s 发送%s，请 HR "
                         "当面告知本人时间和地点（%s）。",
                         iv->date, iv->time, c->employee_no, moved ? "改期通知" : "面谈邀请",
                         iv->place),
            hr_arena_fmt(arena,
                         "the interview of %s %s has begun or begins within minutes: employee %s "
                         "was sent no %s - HR tells them the time and place (%s) in person",
                         iv->date, iv->time, c->employee_no,
                         moved ? "notice of the move" : "invitation", iv->place)};
    if (!held && s_interview_clash(self, call, c, iv, &all[n]))
        n++;
    for (size_t i = 0; i < np; i++)
        all[n++] = probs[i];
    rc = s_save_reply(server, call, old, c, true, all, n);
    if (!rc)
        s_warned(call);
    return rc;
}

// Whether the interview has begun - its day has come and, on that day, its hour (the company's
// today in *today): HR_OK, or ECONFLICT on the call, "case ID: the interview is on DATE; <why>
// before that day (today is DATE<hint>)" or "... on DATE at HH:MM; <why> before it begins (now
// HH:MM<hint>)".
static hr_rc_t s_interview_held(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                                const char *why, const char *hint, const char *why_zh,
                                const char *hint_zh, int32_t *today)
{
    hr_arena_t *arena = hr_call_arena(call);
    *today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    int32_t iv_day;
    char a[HR_DATE_LEN], b[HR_DATE_LEN];
    if (wf_interview_is_after(c->interview, *today, &iv_day))
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            hr_arena_fmt(arena, "案件 %s 的面谈在 %s（今天是 %s）：在那天之前%s%s。", c->id,
                         hr_date_format(iv_day, a), hr_date_format(*today, b), why_zh, hint_zh),
            "case %s: the interview is on %s; %s before that day (today is %s%s)", c->id, a, why, b,
            hint);
    // On its day, not before its hour either.
    int64_t now = hr_call_now_ms(call), start = 0;
    if (!wf_interview_starts_after(c->interview, now, self->time.tz_offset_min, &start))
        return HR_OK;
    int64_t local = now - hr_ms_of_day(*today, self->time.tz_offset_min);
    int hh = (int)(local / HR_HOUR_MS), mm = (int)(local % HR_HOUR_MS / HR_MINUTE_MS);
    return hr_call_fail_zh(
        call, HR_ECONFLICT,
        hr_arena_fmt(arena, "案件 %s 的面谈在 %s %s（现在 %02d:%02d）：开始之前%s%s。", c->id,
                     c->interview->date, c->interview->time, hh, mm, why_zh, hint_zh),
        "case %s: the interview is on %s at %s; %s before it begins (now %02d:%02d%s)", c->id,
        c->interview->date, c->interview->time, why, hh, mm, hint);
}

hr_rc_t wf_handle_confirm_interview(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__ConfirmInterviewRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc = s_begin(call, req->case_id, NULL, WF_ACT_INTERVIEW_CONFIRM, &old, &c, &move);
    if (!rc)
        rc = s_protect_check(self, call, c, "进行或确认面谈", "the interview");
    if (rc)
        return rc;
    if (!s_text_ok(req->notes, WF_TEXT_MAX))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "面谈记录（notes）须为 UTF-8 文本，最多 %d 字节（约 %d 个汉字）：请删减后重试。",
                  WF_TEXT_MAX, WF_TEXT_MAX / 3),
            "notes: UTF-8 text of at most %d bytes", WF_TEXT_MAX);
    if (s_text_unsafe(call, "notes", req->notes, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    // Whether the employee came is what a hearing asks first of an interview: every
    // confirmation says it, yes or no.
    const char *attended = req->employee_attended ? req->employee_attended : "";
    if (strcmp(attended, "yes") && strcmp(attended, "no"))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "请说明员工 %s 是否出席了面谈（yes 或 no）：hrctl case confirm %s "
                         "--employee-attended yes|no。",
                         c->employee_no, c->id),
            "employee_attended: %s: say whether employee %s attended the interview, yes or no "
            "(hrctl case confirm %s --employee-attended yes|no)",
            *attended ? hr_arena_fmt(arena, "'%.8s' is not yes or no", attended) : "required",
            c->employee_no, c->id);
    if (!c->interview) {
        c->interview = hr_arena_alloc(arena, sizeof *c->interview);
        hr__workflow__interview__init(c->interview);
    }
    const char *me = s_me(call);
    const char *who;
    // The manager's confirmation counts only from the manager: HR cannot stand in for them.
    if (!strcmp(me, c->manager_no)) {
        c->interview->manager_confirmed = true;
        who = "manager";
    } else if (hr_actor_has_role(s_actor(call), "hr") ||
               hr_actor_has_role(s_actor(call), "hr_head")) {
        // An HR person who was there; the operator (IT) cannot attest anyone's attendance.
        // The first HR confirmer and notes stay where they always were; every confirmation's
        // notes are kept in confirmations below, none replaces another.
        c->interview->hr_confirmed = true;
        if (!*c->interview->hr_no)
            c->interview->hr_no = hr_arena_strdup(arena, me);
        if (*req->notes && !*c->interview->notes)
            c->interview->notes = req->notes;
        who = "hr";
    } else
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "只有参加面谈的 HR 和案件经理（%s）可以确认出席情况：请由他们各自执行 "
                         "hrctl case confirm %s --employee-attended yes|no --as 其工号。",
                         c->manager_no, c->id),
            "case %s: only an HR person and the manager confirm their attendance: each of them "
            "runs hrctl case confirm %s --employee-attended yes|no --as EMPLOYEE_NO (the manager "
            "is %s)",
            c->id, c->id, c->manager_no);
    // Attendance is confirmed once the interview was held: not before its day (HR moves an
    // interview that moved: PrepareCase again).
    int32_t today;
    rc = s_interview_held(self, call, c, "it cannot be confirmed as held",
                          "; if it moved, prepare it again", "不能确认面谈已举行",
                          hr_arena_fmt(arena,
                                       "；如面谈改期，请 HR 重新安排（hrctl case prepare %s 日期 "
                                       "HH:MM 地点）",
                                       c->id),
                          &today);
    if (rc)
        return rc;
    // One account of the employee's attendance: a confirmation that says otherwise than an
    // earlier one is refused, naming it (the record would contradict itself before a hearing).
    for (size_t i = 0; i < c->interview->n_confirmations; i++) {
        const Hr__Workflow__InterviewNote *e = c->interview->confirmations[i];
        if (*e->employee_attended && strcmp(e->employee_attended, attended))
            return hr_call_fail_zh(
                call, HR_ECONFLICT,
                hr_arena_fmt(arena,
                             "%s（%s）已确认员工 %s 的出席情况为 %s，而本次确认为 %s：请双方先"
                             "核实面谈时的实际情况，再确认。",
                             e->by, e->role, c->employee_no, e->employee_attended, attended),
                "employee_attended: %s (%s) confirmed that employee %s attended: %s; this "
                "confirmation says %s: agree on what happened first",
                e->by, e->role, c->employee_no, e->employee_attended, attended);
    }
    // Each side's notes, with who gave them, their role and when: kept beside any earlier ones
    // (a second confirmation by the same side adds its notes, it never overwrites the first),
    // and said in the history.
    char *notes = wf_text_trim(arena, req->notes);
    Hr__Workflow__InterviewNote *n = hr_arena_alloc(arena, sizeof *n);
    hr__workflow__interview_note__init(n);
    n->by = hr_arena_strdup(arena, me);
    n->role = (char *)who;
    n->at_ms = hr_call_now_ms(call);
    n->notes = notes;
    n->employee_attended = (char *)attended;
    Hr__Workflow__InterviewNote **list =
        hr_arena_alloc(arena, (c->interview->n_confirmations + 1) * sizeof *list);
    if (c->interview->n_confirmations)
        memcpy(list, c->interview->confirmations, c->interview->n_confirmations * sizeof *list);
    list[c->interview->n_confirmations++] = n;
    c->interview->confirmations = list;
    s_history(call, c, "interview_confirmed", WF_STEP_INTERVIEW,
              hr_arena_fmt(arena, "%s; employee attended: %s%s%s", who, attended,
                           *notes ? "; notes: " : "", notes));
    if (wf_interview_is_complete(c->interview)) {
        rc = s_decide(call, c, WF_ACT_INTERVIEW_DONE, &move);
        if (!rc)
            rc = s_move(self, call, c, move);
        if (rc)
            return wf_fail_store(call, rc, "could not record the interview");
    }
    return s_save_warned(server, call, old, c);
}

// The notice day the case's assessment rests on. Assessments stored before they recorded it
// give it by their arbitration limit, one year after the notice (LDMAL Art. 27).
static bool s_notice_day(const Hr__Workflow__Assessment *as, int32_t *out)
{
    law_day_t limit = 0;
    if (*as->notice_date)
        return hr_date_parse(as->notice_date, out);
    if (!law_date_parse(as->arbitration_limit_date, &limit))
        return false;
    *out = law_date_add_months(limit, -LAW_ARBITRATION_YEARS * LAW_MONTHS_PER_YEAR);
    return true;
}

// The evidence `id` attached to the case in *out: HR_OK, or EINVAL on the call naming the field.
static hr_rc_t s_attached(hr_call_t *call, const Hr__Workflow__Case *c, const char *id,
                          const Hr__Workflow__EvidenceRef **out)
{
    *out = NULL;
    for (size_t i = 0; i < c->n_evidence && !*out; i++)
        if (!strcmp(c->evidence[i]->id, id))
            *out = c->evidence[i];
    if (!*out)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "证据 %.64s 没有附在案件 %s 上：请先附上（hrctl case attach %s "
                  "EVIDENCE_ID），或改用已附证据的编号（hrctl case show %s 可查看）。",
                  id, c->id, c->id, c->id),
            "evidence_id: %.64s is not attached to %s", id, c->id);
    return HR_OK;
}

// The outcome's evidence: attached to the case and of the kind that proves it (hr_law's
// catalogue: agreement_signed by an agreement; a notice served by the notice letter).
static hr_rc_t s_outcome_evidence(hr_call_t *call, const Hr__Workflow__Case *c,
                                  const Hr__Workflow__RecordOutcomeRequest *req)
{
    const Hr__Workflow__EvidenceRef *e = NULL;
    hr_rc_t rc = s_attached(call, c, req->evidence_id, &e);
    if (rc)
        return rc;
    law_evidence_kind_t want =
        req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED
            ? LAW_EVK_AGREEMENT
            : LAW_EVK_NOTICE_LETTER;
    law_evidence_kind_t kind;
    if (law_evidence_kind_find(e->kind, &kind) || kind != want)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "证据 %.64s 的类型是%s；%s需以%s类证据为凭（协商解除凭双方签署的协议，送达%s"
                  "劳动合同通知凭%s）：请改用相应类型的证据。",
                  e->id, wf_kind_zh(e->kind),
                  want == LAW_EVK_AGREEMENT
                      ? "记录双方签署协议的结果"
                      : hr_arena_fmt(hr_call_arena(call), "记录%s劳动合同通知已送达的结果",
                                     wf_doc_ending_word(c, WF_DOC_ZH, false)),
                  law_evidence_kind_zh(want), wf_doc_ending_word(c, WF_DOC_ZH, false),
                  wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
            "evidence_id: %.64s is %s %s; the outcome %s rests on the %s", e->id, wf_a(e->kind),
            e->kind, s_outcome_name(req->kind), law_evidence_kind_name(want));
    return HR_OK;
}

// An assessment stored before stop 13 against today's Art. 42 statuses alone (its procedure is
// unknown, so nothing else is assessed again): *lawful false with c->assessment a copy holding
// the protected findings and the 2N when a status bars the ground now.
static hr_rc_t s_outcome_protected(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                                   const Hr__Workflow__Person *emp, const char *notice,
                                   const char *effective, bool *lawful)
{
    hr_arena_t *arena = hr_call_arena(call);
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    wf_problem_t probs[LAW_FINDINGS_MAX];
    int64_t exposure = 0;
    s_place_t place;
    hr_rc_t rc = s_place(self, hr_call_txn(call), arena, emp, &place);
    if (rc)
        return wf_fail_store(call, rc, "could not read the departments");
    size_t n = wf_review_protected_blocks(c, emp, place.law, today, notice, effective, arena, probs,
                                          LAW_FINDINGS_MAX, &exposure);
    if (!n)
        return HR_OK;
    Hr__Workflow__Assessment *as = hr_arena_alloc(arena, sizeof *as);
    *as = *c->assessment;
    as->lawful = false;
    as->unlawful_compensation_fen = exposure;
    as->findings = hr_arena_alloc(arena, n * sizeof *as->findings);
    as->n_findings = n;
    for (size_t i = 0; i < n; i++)
        as->findings[i] = wf_problem_finding(&probs[i], arena);
    c->assessment = as;
    *lawful = false;
    return HR_OK;
}

// The outcome's dates against the directory and what was reviewed. served: the day the notice
// was served or the agreement signed, never before the hire date or the interview's day. A
// notice's served day is the notice date from then on - it decides the notice given (Art. 40),
// probation (Art. 21) and the arbitration limit - and its effective date is never before it; an
// agreement's effective date is never before the interview's day or the review's notice date.
// The outcome is always assessed again, as HR review does, with the same facts and procedure,
// against the directory as it is now: an Art. 42 status recorded since the review (a medical
// period, a pregnancy) bars an Art. 40/41 notice served now, whatever the dates. HR_OK with
// *lawful (false: the findings are in c->assessment, which the caller must not keep), or the
// failure on the call. letter: the notice is the one this system renders (RenderDocument, or
// the stored copy an outcome rests on), whose Art. 40 terms state the month's wage in lieu of a
// notice shorter than thirty days: the assessment takes pay in lieu as the letter states it.
static hr_rc_t s_outcome_date(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                              const char *date, int32_t day, int32_t served, bool notice_served,
                              bool letter, bool *lawful)
{
    *lawful = true;
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = s_case_employee(call, c, &emp);
    if (rc)
        return rc;
    char buf[HR_DATE_LEN], buf2[HR_DATE_LEN];
    int32_t hire = 0, notice = 0;
    bool hired = *emp->hire_date && hr_date_parse(emp->hire_date, &hire);
    if (hired && served < hire)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(
                call,
                "送达日期 %s 早于员工 %s 的入职日期（%s）：请核对送达日期或人员名册中的入职日期。",
                hr_date_format(served, buf), c->employee_no, emp->hire_date),
            "served_date: %s is before %s was hired (%s)", hr_date_format(served, buf),
            c->employee_no, emp->hire_date);
    if (hired && day < hire)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "合同终止日期 %s 早于员工 %s "
                                     "的入职日期（%s）：请核对终止日期或人员名册中的入职日期。",
                                     date, c->employee_no, emp->hire_date),
                               "effective_date: %s is before %s was hired (%s)", date,
                               c->employee_no, emp->hire_date);
    int32_t iv_day;
    if (wf_interview_is_after(c->interview, served, &iv_day))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "送达日期 %s 早于面谈日期 "
                                     "%s：%s应在面谈之后送达、协议在面谈之后签订，请核对日期。",
                                     hr_date_format(served, buf), hr_date_format(iv_day, buf2),
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
                               "served_date: %s is before the interview on %s",
                               hr_date_format(served, buf), hr_date_format(iv_day, buf2));
    if (wf_interview_is_after(c->interview, day, &iv_day))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call, "合同终止日期 %s 早于面谈日期 %s：请核对日期。", date,
                                     hr_date_format(iv_day, buf)),
                               "effective_date: %s is before the interview on %s", date,
                               hr_date_format(iv_day, buf));
    // Nor before HR's review: nothing ends a contract on a request not yet reviewed.
    int64_t reviewed_ms = s_reviewed_ms(c);
    int32_t reviewed = hr_day_of_ms(reviewed_ms, self->time.tz_offset_min);
    if (reviewed_ms && served < reviewed)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "送达日期 %s 早于 HR 审核本案的时间（%s）：%s应在 HR "
                  "审核之后送达、协议在审核之后签订，请核对日期。",
                  hr_date_format(served, buf), s_local_time(self, hr_call_arena(call), reviewed_ms),
                  wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
            "served_date: %s is before HR reviewed the case (%s): a notice is "
            "served, an agreement signed, after the review",
            hr_date_format(served, buf), s_local_time(self, hr_call_arena(call), reviewed_ms));
    if (notice_served && day < served)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "合同终止日期 %s 早于%s的送达日期（%s）：在员工收到通知之前，劳动合同不能%s，"
                  "请核对日期。",
                  date, wf_doc_case_kind_zh(c, WF_DOC_NOTICE), hr_date_format(served, buf),
                  wf_doc_ending_word(c, WF_DOC_ZH, false)),
            "effective_date: %s is before the notice was served (%s): a contract "
            "does not end before the employee is told",
            date, hr_date_format(served, buf));
    const Hr__Workflow__Assessment *as = c->assessment;
    if (!as)
        return HR_OK;
    bool has_notice = s_notice_day(as, &notice);
    if (!notice_served && has_notice && day < notice)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(
                call,
                "合同终止日期 %s 早于 HR 审核时确定的通知日期 %s：请核对日期，或重新审核后再记录。",
                date, hr_date_format(notice, buf)),
            "effective_date: %s is before the notice date %s of the review", date,
            hr_date_format(notice, buf));
    if (notice_served) {
        has_notice = true;
        notice = served;
    }
    // An assessment made before stop 13 does not say how notice was given (pay in lieu, the union
    // told), and its fact confirmations followed the rules of then: assessing it again would
    // read both as absent and refuse a case that was lawful. Its outcome stands on the date
    // checks above and on today's Art. 42 statuses alone; the duties follow the outcome's date.
    if (!*as->notice_date)
        return s_outcome_protected(self, call, c, emp,
                                   has_notice ? hr_date_format(notice, buf) : "", date, lawful);
    Hr__Workflow__ReviewCaseRequest in = HR__WORKFLOW__REVIEW_CASE_REQUEST__INIT;
    in.notice_date =
        has_notice ? hr_arena_strdup(hr_call_arena(call), hr_date_format(notice, buf)) : "";
    in.effective_date = hr_arena_strdup(hr_call_arena(call), date);
    // What was done, not what was planned: a notice served with its 30 days before the end
    // (LCL Art. 40) was given in time, so no wage is paid in lieu of it, whatever the review
    // planned. A shorter one owes the month's wage: paid in lieu when the review planned it, or
    // when the notice is the letter this system renders, which promises it in those words
    // (s_art40_terms) - the record says what the served letter says.
    bool short_notice = !(notice_served && day - served >= LAW_NOTICE_DAYS);
    const law_ground_t *g = law_ground_find(c->ground);
    bool stated = letter && notice_served && g && g->family == LAW_FAMILY_NOTICE;
    in.pay_in_lieu_of_notice = short_notice && (as->pay_in_lieu_of_notice || stated);
    in.union_notified = as->union_notified;
    in.union_notice_evidence_id = as->union_notice_evidence_id;
    // An A41 review of before the dates were recorded (none on its assessment) is not held to
    // them now: NULL is "not checked" (wf_union_a41), as its facts stand as that review did.
    in.explained_date = *as->explained_date ? as->explained_date : NULL;
    in.reported_date = *as->reported_date ? as->reported_date : NULL;
    in.reasons = as->reasons_given ? c->reviewed_reasons : "";
    law_assessment_t *a = NULL;
    rc = s_assess(self, call, c, c->facts, c->n_facts, &in, NULL, 0, &a);
    if (!rc)
        *lawful = a->lawful;
    return rc;
}

// Why the rendered notice alone proves no service, by what hr-evidence holds of its signatures:
// none (its 签收 line blank), the employee's refusal, or only others' signatures.
static wf_problem_t s_unserved_problem(hr_arena_t *arena, const Hr__Workflow__Case *c,
                                       const Hr__Workflow__RecordOutcomeRequest *req,
                                       const wf_signed_t *sig)
{
    const char *why_zh, *why_en;
    if (sig->declined & WF_PARTY_EMPLOYEE) {
        why_zh = hr_arena_fmt(arena,
                              "员工 %s 于 %s 对该通知书的签名是拒绝签收（“%s”），拒签不能证明员工"
                              "收到通知书",
                              c->employee_no, sig->declined_date, sig->decline_statement);
        why_en = hr_arena_fmt(arena,
                              "the employee %s signed it on %s declining it (\"%s\"): a refusal "
                              "does not prove they received it",
                              c->employee_no, sig->declined_date, sig->decline_statement);
    } else if (*sig->other_signer) {
        why_zh = hr_arena_fmt(arena,
                              "该通知书上的签名是 %s 的，不是本案员工 %s 的：他人签名不能证明员工"
                              "收到通知书",
                              sig->other_signer, c->employee_no);
        why_en = hr_arena_fmt(arena,
                              "it is signed by %s, not by the case's employee %s: another's "
                              "signature does not prove the employee received it",
                              sig->other_signer, c->employee_no);
    } else {
        why_zh =
            hr_arena_fmt(arena, "签收栏空白，员工 %s 也未在系统中签名确认收到", c->employee_no);
        why_en = hr_arena_fmt(arena,
                              "its 签收 (receipt) line blank and not signed by the employee %s "
                              "in hr-evidence (hrctl evidence sign)",
                              c->employee_no);
    }
    return (wf_problem_t){
        "SERVICE_NOT_PROVEN", "service_evidence_id", "Interp. I Art. 44",
        hr_arena_fmt(arena,
                     "通知书 %.12s… 是本系统生成的文本，%s，不能证明已送达员工（用人单位负举证责"
                     "任，最高法劳动争议解释一第四十四条）。员工可用 hrctl evidence sign %.12s… "
                     "签名确认收到；或上传送达证明并以 --service 给出其编号：员工签收的通知书"
                     "（通知书类）；员工拒签的，见证人签字的拒签证明或邮政 EMS 回执及查询记录"
                     "（其他材料类）。",
                     req->evidence_id, why_zh, req->evidence_id),
        hr_arena_fmt(arena,
                     "notice %.12s... is the text this system rendered, %s: it does not prove the "
                     "employee received it (the employer's burden, Interp. I Art. 44). The "
                     "employee may sign it as received (hrctl evidence sign), or attach the proof "
                     "of service and give its id (hrctl case outcome ... --service ID): the copy "
                     "the employee signed (notice_letter); if they refused to sign, the witnesses' "
                     "signed statement of the refusal, or the EMS courier receipt with its "
                     "delivery record (other)",
                     req->evidence_id, why_en)};
}

// Proof that the employee received the notice (the employer's burden, Interp. I Art. 44). The
// notice this system rendered and stored (ev, its dates recorded) is the text to be given, its
// 签收 line blank: alone it proves no service. The employee's own valid signature of that record
// in hr-evidence (evidence.Sign, acknowledged - not a refusal) is their receipt: *signed_date
// says its day. Otherwise service_evidence_id must name another record attached to the case that
// proves it - the copy the employee signed (notice_letter), or, when the employee refused to sign
// or could not be reached, the witnesses' statement of the refusal or the courier's (EMS) receipt
// (notice_letter or other). A notice uploaded by HR (a scan of the signed copy) is its own proof;
// a service record beside it is checked all the same. HR_OK with *missing true and *prob filled
// (both languages, saying why the signatures do not prove it) when no proof was given; *parked
// while hr-evidence is asked; a record that cannot be one fails the call.
static hr_rc_t s_outcome_service(wf_server_t *self, hr_call_t *call, struct wf_signers *signers,
                                 const Hr__Workflow__Case *c,
                                 const Hr__Workflow__RecordOutcomeRequest *req,
                                 const Hr__Workflow__EvidenceRef *ev, const char **signed_date,
                                 bool *parked, bool *missing, wf_problem_t *prob)
{
    const char *id = req->service_evidence_id ? req->service_evidence_id : "";
    bool rendered = ev && *ev->notice_served_date;
    *signed_date = "";
    *parked = false;
    *missing = false;
    if (rendered && !*id) {
        static const wf_signers_why_t why = {"员工在通知书上的签名决定能否证明送达",
                                             "the employee's signature may prove service",
                                             "结果没有记录", "the outcome was not recorded"};
        const char *ids[1] = {ev->id};
        wf_signed_t *sigs = NULL;
        hr_rc_t rc = wf_signers_get(self, call, signers, c, ids, 1, &why, &sigs, parked);
        if (rc || *parked)
            return rc;
        if (*sigs[0].employee_date) {
            *signed_date = sigs[0].employee_date;
            return HR_OK;
        }
        *missing = true;
        *prob = s_unserved_problem(hr_call_arena(call), c, req, &sigs[0]);
        return HR_OK;
    }
    if (!*id)
        return HR_OK;
    const Hr__Workflow__EvidenceRef *e = NULL;
    hr_rc_t rc = s_attached(call, c, id, &e);
    if (rc)
        return rc;
    if (*e->notice_served_date)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "送达证明（service_evidence_id）%.12s… "
                  "是本系统生成的通知书文本，不是送达记录：请给出员工签收的通知书、见证人签字的拒签"
                  "证明或 EMS 回执的证据编号。",
                  e->id),
            "service_evidence_id: %.12s... is a notice this system rendered, not "
            "a record of service: the signed copy, the witnesses' statement or "
            "the EMS receipt",
            e->id);
    law_evidence_kind_t kind;
    if (law_evidence_kind_find(e->kind, &kind) ||
        (kind != LAW_EVK_NOTICE_LETTER && kind != LAW_EVK_OTHER))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "送达证明（service_evidence_id）%.12s… 的类型是%s；送达须以员工签收的通知书（"
                  "%s）或送达记录（%s，如见证人拒签证明、EMS 回执）证明。",
                  e->id, wf_kind_zh(e->kind), law_evidence_kind_zh(LAW_EVK_NOTICE_LETTER),
                  law_evidence_kind_zh(LAW_EVK_OTHER)),
            "service_evidence_id: %.12s... is %s %s; service is proven by the "
            "signed notice (notice_letter) or a record of service (other)",
            e->id, wf_a(e->kind), e->kind);
    return HR_OK;
}

static char *s_fen(hr_arena_t *arena, int64_t fen)
{
    return hr_arena_fmt(arena, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

// The outcome assessed the case again (s_outcome_date): when its figures differ from the ones
// HR reviewed, the reviewed assessment is kept in c->reviewed_assessment and the history says
// why and what changed - "WHY | FIGURES" (wf_case_redact drops the figures for readers who do
// not see money).
static void s_outcome_changed(hr_call_t *call, Hr__Workflow__Case *c,
                              Hr__Workflow__Assessment *reviewed)
{
    const Hr__Workflow__Assessment *a = c->assessment;
    if (!reviewed || a == reviewed)
        return;
    if (a->severance_fen == reviewed->severance_fen &&
        a->notice_pay_fen == reviewed->notice_pay_fen &&
        a->unlawful_compensation_fen == reviewed->unlawful_compensation_fen &&
        a->wage_base_fen == reviewed->wage_base_fen &&
        a->pay_in_lieu_of_notice == reviewed->pay_in_lieu_of_notice &&
        !strcmp(a->effective_date, reviewed->effective_date))
        return;
    hr_arena_t *arena = hr_call_arena(call);
    c->reviewed_assessment = reviewed;
    const char *why = "";
    if (reviewed->pay_in_lieu_of_notice && !a->pay_in_lieu_of_notice)
        why = hr_arena_fmt(arena,
                           "%sthe notice was served with 30 days' notice before the end (LCL Art. "
                           "40): no wage in lieu of notice is owed; ",
                           why);
    if (!reviewed->pay_in_lieu_of_notice && a->pay_in_lieu_of_notice)
        why = hr_arena_fmt(arena,
                           "%sthe notice served gives fewer than 30 days before the end and states "
                           "that one month's wage is paid in lieu of notice (LCL Art. 40): it is "
                           "owed as the notice says; ",
                           why);
    if (strcmp(a->effective_date, reviewed->effective_date))
        why = hr_arena_fmt(arena,
                           "%sthe contract ends %s, not %s as reviewed: service and the amounts "
                           "are counted to that day; ",
                           why, a->effective_date, reviewed->effective_date);
    if (a->wage_base_fen != reviewed->wage_base_fen)
        why = hr_arena_fmt(arena, "%sthe directory's wage changed since the review; ", why);
    if (!*why)
        why = "the notice and end dates as served; ";
    s_history(call, c, "assessment_changed", WF_STEP_OUTCOME,
              hr_arena_fmt(arena,
                           "assessed again at the outcome: %s| severance %s -> %s, notice pay %s "
                           "-> %s, pay in lieu %s -> %s, wage base %s -> %s",
                           why, s_fen(arena, reviewed->severance_fen),
                           s_fen(arena, a->severance_fen), s_fen(arena, reviewed->notice_pay_fen),
                           s_fen(arena, a->notice_pay_fen),
                           reviewed->pay_in_lieu_of_notice ? "yes" : "no",
                           a->pay_in_lieu_of_notice ? "yes" : "no",
                           s_fen(arena, reviewed->wage_base_fen), s_fen(arena, a->wage_base_fen)));
}

// A notice recorded after an interview set at short notice (Interview.short_notice) that the
// employee did not attend, as a confirmer attests: the warning again, in *p (arena), with
// what the hearing will ask; false when the interview was set in time or they came.
static bool s_short_notice_missed(const Hr__Workflow__Case *c, hr_arena_t *arena, wf_problem_t *p)
{
    const Hr__Workflow__Interview *iv = c->interview;
    bool absent = false;
    for (size_t i = 0; iv && i < iv->n_confirmations && !absent; i++)
        absent = !strcmp(iv->confirmations[i]->employee_attended, "no");
    if (!absent || !iv->short_notice)
        return false;
    *p = (wf_problem_t){
        "INTERVIEW_SHORT_NOTICE", "", "",
        hr_arena_fmt(arena,
                     "员工未出席 %s %s 的面谈，而该面谈安排时距开始不足规定时间：仲裁时难以说明"
                     "已给予其陈述的机会，请保存邀请送达的证据。安排时的提示：%s",
                     iv->date, iv->time, iv->short_notice->message_zh),
        hr_arena_fmt(arena,
                     "the employee did not attend the interview of %s %s, which was set at short "
                     "notice: a hearing will ask whether they had the chance to be heard; keep the "
                     "proof of the invitation. When it was set: %s",
                     iv->date, iv->time, iv->short_notice->message_en)};
    return true;
}

// Service recorded by the employee's acknowledgement in hr-evidence: accepted, but that
// signature is only as sure as the hrctl session it was entered in - the service holds the key
// and does not authenticate who typed it (the export says so beside it), so it is no reliable
// electronic signature (Electronic Signature Law Art. 13) and an arbitrator weighs it as a claim.
// HR is told to keep the proof a hearing accepts (the arbitration review: "service proven" in
// the record while the export disowned the signature).
static wf_problem_t s_signed_service_warning(hr_arena_t *arena, const char *signed_date)
{
    return (wf_problem_t){
        "SERVICE_BY_E_SIGNATURE", "", "",
        hr_arena_fmt(arena,
                     "送达以员工于 %s 在系统中的电子签收记录：系统不核验签收人的身份（签收由运行 "
                     "hrctl 的人录入），仲裁时未必被认定为员工本人签收。请保存员工亲笔签收的通知书"
                     "原件，并将其扫描件附入本案（hrctl case attach），或保存其他送达证据（见证人"
                     "签字、EMS 回执）。",
                     signed_date),
        hr_arena_fmt(arena,
                     "service is recorded by the employee's electronic acknowledgement of %s: the "
                     "system does not verify who entered it (whoever ran hrctl), so a hearing may "
                     "not take it as the employee's own. Keep the copy the employee signed by "
                     "hand and attach its scan to the case (hrctl case attach), or other proof "
                     "of service (witnesses, the EMS receipt).",
                     signed_date)};
}

hr_rc_t wf_handle_record_outcome(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__RecordOutcomeRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    // Run again once hr-evidence said who signed the rendered notice (s_outcome_service).
    bool running = false;
    struct wf_signers *signers = wf_signers_taken(self, call, &running);
    if (running)
        return hr_call_park(call, NULL, NULL); // a retry while hr-evidence is asked
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc =
        s_begin(call, req->case_id, "workflow.RecordOutcome", WF_ACT_OUTCOME, &old, &c, &move);
    if (rc)
        return rc;
    // The interview stage completes only on or after its day; a case whose interview was
    // confirmed ahead of it (before that was refused) still waits for the day itself.
    int32_t today;
    rc = s_interview_held(
        self, call, c, "no outcome is recorded", "",
        hr_arena_fmt(arena, "不能记录%s结果", wf_doc_ending_word(c, WF_DOC_ZH, false)),
        "；请在面谈举行并经双方确认后再记录", &today);
    if (rc)
        return rc;
    if (req->kind != HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED &&
        req->kind != HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "结果类型（kind）只能是 agreement_signed（双方签署协议）或 "
                                     "notice_served（%s已送达）。",
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
                               "kind: agreement_signed or notice_served");
    // LCL 43: a union's objection is answered in writing before the notice is served.
    const char *union_zh = NULL;
    const char *union_why = req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED
                                ? wf_union_outcome_why(c, arena, &union_zh)
                                : NULL;
    if (union_why)
        return hr_call_fail_zh(call, HR_ECONFLICT, union_zh, "%s", union_why);
    // An expiry ends by the employer's 终止 notice; an agreement to end the contract is a
    // rescission by agreement (Art. 36), a case of its own with its own ground and documents.
    if (req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED &&
        wf_ground_is_expiry(law_ground_find(c->ground)))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "案件 %s "
                  "是劳动合同期满终止（《劳动合同法》第四十四条第一项），以送达终止通知结束（notice"
                  "_served）；双方协商一致结束劳动合同属于第三十六条的协商解除：请撤回本案，另按 "
                  "A36_EMPLOYER 或 A36_EMPLOYEE 发起。",
                  c->id),
            "kind: case %s ends the contract on expiry (LCL Art. 44(1)) by the "
            "termination notice served (notice_served); an agreement to end it "
            "is a rescission by agreement (LCL Art. 36): a case on A36_EMPLOYER "
            "or A36_EMPLOYEE",
            c->id);
    // Likewise on a unilateral ground: the employer's notice ends it (notice_served); an
    // agreement to part is an Art. 36 rescission, with its own severance (Art. 46(2): owed
    // when the employer proposed it) and proof, which only an A36 case assesses.
    const law_ground_t *ground = law_ground_find(c->ground);
    if (req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED && ground &&
        ground->family != LAW_FAMILY_MUTUAL)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(
                arena,
                "案件 %s 的依据是%s，以送达解除通知结束（notice_served）；双方协商一致"
                "解除属于《劳动合同法》第三十六条的协商解除（经济补偿见第四十六条第二项）："
                "请撤回本案件，另按 A36_EMPLOYER 或 A36_EMPLOYEE 发起。",
                c->id, wf_ground_zh(arena, c->ground)),
            "kind: case %s is on %s, which ends by notice (notice_served); an agreement to part is "
            "a rescission by agreement (LCL Art. 36, severance per Art. 46(2)): withdraw it and "
            "open an A36_EMPLOYER or A36_EMPLOYEE case",
            c->id, c->ground);
    int32_t day;
    char why[HR_DATE_WHY_LEN];
    if (!hr_date_parse(req->effective_date, &day))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "合同终止日期“%.32s”不对：请写成 YYYY-MM-DD，例如 hrctl case outcome %s "
                         "notice_served 2027-01-04。",
                         req->effective_date, c->id),
            "effective_date: '%.32s' %s", req->effective_date,
            hr_date_why(req->effective_date, why, sizeof why));
    // A notice recorded as served rests on its proof: the employer bears the burden of proving
    // it (Interp. I Art. 44), and the served letter is that proof.
    if (req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED && !*req->evidence_id)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "记录送达%s需要附上已送达的%s（%s类证据）作为送达证明"
                         "（举证责任在用人单位）：先用 hrctl case document %s notice --store 生成"
                         "并附上，再加 --evidence 证据编号 记录结果。",
                         wf_doc_case_kind_zh(c, WF_DOC_NOTICE),
                         wf_doc_case_kind_zh(c, WF_DOC_NOTICE),
                         law_evidence_kind_zh(LAW_EVK_NOTICE_LETTER), c->id),
            "evidence_id: required for a notice: the served notice_letter attached to the case "
            "proves service (the employer's burden, Interp. I Art. 44); hrctl case document %s "
            "notice --store attaches it",
            c->id);
    rc = *req->evidence_id ? s_outcome_evidence(call, c, req) : HR_OK;
    if (rc)
        return rc;
    // Recorded once it happened: a notice on the day it was served, which HR says (a default
    // would date a notice recorded the day after by the day it was recorded, and move its
    // notice period and arbitration limit); an agreement on that day, or today.
    bool notice_served = req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    if (notice_served && !*req->served_date)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call, "记录送达%s需要写明送达日期：加 --served YYYY-MM-DD。",
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
                               "served_date: required for a notice: the day it was served "
                               "(YYYY-MM-DD)");
    int32_t served = today;
    if (*req->served_date && !hr_date_parse(req->served_date, &served))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(
                call,
                "送达日期（served_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD，例如 2027-01-04。",
                req->served_date),
            "served_date: '%.32s' %s", req->served_date,
            hr_date_why(req->served_date, why, sizeof why));
    if (served > today)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena, "送达日期 %s 还没到：请在通知实际送达或协议签订之后再记录结果。",
                         req->served_date),
            "served_date: %s is in the future; record the outcome once the notice is served or "
            "the agreement signed",
            req->served_date);
    // The employment must still be there to end: an employee who left by then is past it.
    char *gone_zh = NULL;
    char *gone = s_employee_gone(call, c, day > served ? day : served, &gone_zh);
    if (gone)
        return hr_call_fail_zh(call, HR_ECONFLICT, gone_zh, "case %s: %s", c->id, gone);
    const char *kind = s_outcome_name(req->kind);
    Hr__Workflow__Assessment *reviewed = c->assessment;
    bool lawful = true;
    // A notice this system rendered states its dates (AttachEvidence kept them): the outcome
    // it proves is served and ends on those, or the stored proof contradicts the record; and
    // its terms (pay in lieu of a short notice), which the outcome's assessment follows.
    const Hr__Workflow__EvidenceRef *ev = NULL;
    if (notice_served && s_attached(call, c, req->evidence_id, &ev))
        ev = NULL;
    bool letter = ev && *ev->notice_served_date;
    rc = s_outcome_date(self, call, c, req->effective_date, day, served, notice_served, letter,
                        &lawful);
    if (rc)
        return rc;
    char sd[HR_DATE_LEN];
    hr_date_format(served, sd);
    if (letter && (strcmp(ev->notice_served_date, sd) ||
                   strcmp(ev->notice_effective_date, req->effective_date)))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "所附通知书载明的送达日期为 %s、合同终止日期为 %s，而本次记录的是送达 %s、终止 "
                  "%s：请按通知书载明的日期记录，或重新生成并送达载明这些日期的通知书（hrctl case "
                  "document ID notice --served --effective --store）。",
                  ev->notice_served_date, ev->notice_effective_date, sd, req->effective_date),
            "evidence_id: the notice states served %s, ending %s; this outcome says "
            "served %s, ending %s: record the dates it states, or serve one "
            "stating these (case document --served --effective --store)",
            ev->notice_served_date, ev->notice_effective_date, sd, req->effective_date);
    if (!lawful) {
        // Refused: the case keeps the assessment it was reviewed with and stays at outcome. An
        // Art. 42 status among the reasons: HR is told what to do about it.
        s_blocks_t b;
        s_blocks(call, c->assessment, &b);
        bool protected = false;
        for (size_t i = 0; i < c->assessment->n_findings; i++)
        protected |= !strcmp(c->assessment->findings[i]->severity, "block") &&
                     wf_finding_is_protected(c->assessment->findings[i]);
        if (protected && wf_ground_is_expiry(law_ground_find(c->ground)))
            s_blocks_extended(call, c, &b); // Art. 45, not the Art. 40/41 advice
        else if (protected)
            b.probs[b.nprobs++] = wf_review_protection_advice(
                c, WF_PROTECT_OUTCOME, c->assessment->unlawful_compensation_fen, arena);
        // Reviewed before the workflow asked who proposed the agreement: no review is left to
        // confirm it in, so HR is told the way out.
        if (wf_proposal_missing(c->assessment))
            b.probs[b.nprobs++] = wf_proposal_outcome_advice(c, arena);
        c->assessment = reviewed;
        char sb[HR_DATE_LEN];
        s_history(call, c, "outcome_refused", WF_STEP_OUTCOME,
                  hr_arena_fmt(arena, "%s %s, served %s: %s", kind, req->effective_date,
                               hr_date_format(served, sb), b.codes));
        return s_save_reply(server, call, old, c, false, b.probs, b.nprobs);
    }
    // Lawful as served: recorded only with the proof that the employee received the notice.
    bool unserved = false, parked = false;
    wf_problem_t served_prob;
    const char *signed_date = "";
    rc = notice_served ? s_outcome_service(self, call, signers, c, req, ev, &signed_date, &parked,
                                           &unserved, &served_prob)
                       : HR_OK;
    if (rc || parked)
        return rc;
    if (unserved) { // refused, nothing recorded: the reply says what proves service
        c->assessment = reviewed;
        return s_reply(server, call, c, false, &served_prob, 1);
    }
    Hr__Workflow__Outcome *o = hr_arena_alloc(arena, sizeof *o);
    hr__workflow__outcome__init(o);
    o->kind = req->kind;
    o->effective_date = req->effective_date;
    o->evidence_id = req->evidence_id;
    o->service_evidence_id = notice_served ? req->service_evidence_id : "";
    o->service_signed_date = (char *)signed_date;
    char served_buf[HR_DATE_LEN];
    o->served_date = hr_arena_strdup(arena, hr_date_format(served, served_buf));
    c->outcome = o;
    wf_steps_date_duties(c, day, arena, &self->time);
    s_history(call, c, "outcome_recorded", WF_STEP_OUTCOME,
              hr_arena_fmt(arena, "%s %s, served %s%s%s", kind, req->effective_date, o->served_date,
                           *signed_date ? ", receipt acknowledged by the employee's electronic "
                                          "signature in hr-evidence (signer not verified) of "
                                        : "",
                           signed_date));
    s_outcome_changed(call, c, reviewed);
    rc = s_move(self, call, c, move);
    const char *to[1] = {c->manager_no};
    // The manager reads the outcome in their words, not the key the history keeps.
    Hr__Workflow__Person *mgr = NULL;
    bool en = !wf_store_person_get(hr_call_txn(call), c->manager_no, arena, &mgr) &&
              !strcmp(mgr->language, "en");
    bool agreed = req->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED;
    const char *said = agreed ? (en ? "agreement signed" : "双方已签署协议")
                              : (en ? "notice served" : "通知已送达");
    if (!rc)
        rc = s_notify(self, call, c, WF_TPL_OUTCOME, wf_steps_current(c), to, 1, "outcome",
                      hr_arena_fmt(arena, "%s (%s %s)", said, en ? "effective" : "生效日期",
                                   req->effective_date));
    // The outcome fixes money: the payroll office is told what to pay and by when (LCL 50; Reg.
    // 20), and the history says who was told (nobody: HR pays).
    const char *paid_by = "";
    if (!rc)
        rc = wf_effects_payroll_told(hr_call_txn(call), arena, c, &self->time, hr_call_now_ms(call),
                                     &paid_by);
    if (!rc && *paid_by)
        s_history(call, c, "payroll_told", WF_STEP_OUTCOME, paid_by);
    // The employee is told what happens to them - the ending, the last day, the money and when,
    // the certificate - by email and SMS as the directory has them (many read only SMS).
    bool told = false;
    s_entity_t who = s_case_entity(self, call, c);
    if (!rc)
        rc = wf_effects_employee_ended(hr_call_txn(call), arena, c, who.name, who.address,
                                       &self->time, hr_call_now_ms(call), &told);
    if (rc)
        return wf_fail_store(call, rc, "could not record the outcome");
    wf_problem_t warns[3];
    size_t nwarns = 0;
    if (notice_served && s_short_notice_missed(c, arena, &warns[nwarns]))
        nwarns++;
    if (*signed_date)
        warns[nwarns++] = s_signed_service_warning(arena, signed_date);
    if (!told)
        warns[nwarns++] = s_untold(call, c);
    rc = s_save_reply(server, call, old, c, true, nwarns ? warns : NULL, nwarns);
    if (!rc)
        s_warned(call);
    return rc;
}

hr_rc_t wf_handle_close_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__CloseCaseRequest *req = hr_call_request(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc = s_begin(call, req->case_id, "workflow.CloseCase", WF_ACT_CLOSE, &old, &c, &move);
    // A protection recorded while the served notice runs (the revocation window): closing would
    // keep the termination the employer now knows to be barred (LCL 42, 87).
    if (!rc)
        rc = s_protect_check(self, call, c, "结案", "closing the case");
    if (rc)
        return rc;
    s_history(call, c, "closed", WF_STEP_CLOSE, "");
    rc = s_move(self, call, c, move);
    if (!rc)
        rc = s_case_closed(self, call, c, s_outcome_name(c->outcome ? c->outcome->kind : 0));
    if (rc)
        return wf_fail_store(call, rc, "could not close the case");
    return s_save_reply(server, call, old, c, true, NULL, 0);
}

// The day a duty was done, as HR says it (date; "" = today) in *out: not after today, and not
// before the contract's end was set in motion - the day the notice was served or the agreement
// signed (the outcome's served_date; for an outcome recorded before it, the review's notice
// date). HR_OK, or EINVAL on the call naming the field.
static hr_rc_t s_duty_date(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                           const char *date, int32_t *out)
{
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    *out = today;
    char why[HR_DATE_WHY_LEN];
    if (*date && !hr_date_parse(date, out))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "完成日期（done_date）“%.32s”不是有效日期：请写成 YYYY-MM-DD。", date),
            "done_date: '%.32s' %s", date, hr_date_why(date, why, sizeof why));
    char a[HR_DATE_LEN], b[HR_DATE_LEN];
    if (*out > today)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "完成日期 %s 还没到（今天是 %s）：请在该项义务实际完成之后再记录。", date,
                  hr_date_format(today, a)),
            "done_date: %s is in the future (today is %s); record the duty once "
            "it is done",
            date, hr_date_format(today, a));
    int32_t served = 0;
    const char *what = "the notice was served or the agreement signed";
    const char *what_zh =
        wf_zh(call, "%s送达或协议签订之日", wf_doc_case_kind_zh(c, WF_DOC_NOTICE));
    bool known =
        c->outcome && *c->outcome->served_date && hr_date_parse(c->outcome->served_date, &served);
    if (!known && c->assessment) {
        known = s_notice_day(c->assessment, &served);
        what = "the notice date of the review";
        what_zh = "HR 审核确定的通知日期";
    }
    if (known && *out < served)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "完成日期 %s 早于%s（%s）：合同%s程序开始之前的事不能记为%s后的义务完成，"
                  "请核对日期。",
                  hr_date_format(*out, a), what_zh, hr_date_format(served, b),
                  wf_doc_ending_word(c, WF_DOC_ZH, false), wf_doc_ending_word(c, WF_DOC_ZH, false)),
            "done_date: %s is before %s (%s)", hr_date_format(*out, a), what,
            hr_date_format(served, b));
    return HR_OK;
}

// Records an Art. 50 duty (or a template's duty) done: on the day HR says, with the evidence
// that proves it when there is one. done_ms stays the time it was recorded; lateness goes by the
// day (wf_steps_is_late).
hr_rc_t wf_handle_complete_duty(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__CompleteDutyRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc =
        s_begin(call, req->case_id, "workflow.CompleteDuty", WF_ACT_DUTY_DONE, &old, &c, &move);
    if (rc)
        return rc;
    Hr__Workflow__CaseStep *st = NULL;
    for (size_t i = 0; i < c->n_steps; i++)
        if (c->steps[i]->duty && !strcmp(c->steps[i]->key, req->key))
            st = c->steps[i];
    if (!st)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "案件 %s 没有名为“%.32s”的%s后义务：hrctl case show %s 可查看各项义务及其代码。",
                  c->id, req->key, wf_doc_ending_word(c, WF_DOC_ZH, false), c->id),
            "key: no duty '%.32s' on case %s", req->key, c->id);
    if (st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_ACTIVE)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call, "义务“%s”已经记录为完成，无需重复记录。", wf_step_zh(c, st->key)),
            "key: duty '%s' is already done", st->key);
    if (wf_steps_is_retention(st) && hr_call_now_ms(call) < st->due_ms)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call,
                  "本案材料须保存至 "
                  "%s（《劳动合同法》第五十条）：保存义务到该日自动完成，不能提前记录为完成。",
                  st->due_date),
            "key: the case's records are kept until %s (LCL Art. 50); the "
            "retention duty is fulfilled on that day by itself, not done before it",
            st->due_date);
    int32_t day;
    rc = s_duty_date(self, call, c, req->done_date, &day);
    if (rc)
        return rc;
    // The records and social insurance move once the employment is over (LCL 50): a transfer
    // on or before the contract's last day would leave them employed and uninsured. A
    // certificate handed over early is warned of, not refused: it is dated when it is given.
    const char *last = wf_pay_last_day(c);
    int32_t last_day = 0;
    bool has_last = hr_date_parse(last, &last_day);
    char db[HR_DATE_LEN];
    if (has_last && !strcmp(st->key, WF_DUTY_TRANSFER) && day <= last_day)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call,
                  "劳动合同最后一日是 %s：档案和社会保险关系的转移须在劳动合同%s之后办理"
                  "（《劳动合同法》第五十条），%s 还不能记为完成。请在 %s 之后办理并记录。",
                  last, wf_doc_ending_word(c, WF_DOC_ZH, false), hr_date_format(day, db), last),
            "key: the contract's last day is %s; the records and social insurance are "
            "transferred after it has ended (LCL Art. 50), so the transfer is not done on %s - "
            "record it once done after %s",
            last, hr_date_format(day, db), last);
    wf_problem_t early[1];
    size_t nearly = 0;
    if (has_last && !strcmp(st->key, WF_DUTY_CERTIFICATE) && day < last_day)
        early[nearly++] = (wf_problem_t){
            "CERTIFICATE_BEFORE_LAST_DAY", "", "LCL 50",
            wf_zh(call,
                  "证明于 %s 出具，早于劳动合同最后一日 %s：证明须写明劳动合同的%s日期"
                  "（《劳动合同法》第五十条），请核对所写日期，必要时在 %s 后重新出具。",
                  hr_date_format(day, db), last, wf_doc_ending_word(c, WF_DOC_ZH, false), last),
            hr_arena_fmt(arena,
                         "the certificate was issued on %s, before the contract's last day %s: it "
                         "states the day the contract ends (LCL Art. 50) - check its dates, and "
                         "issue it again after %s if need be",
                         db, last, last)};
    const Hr__Workflow__EvidenceRef *e = NULL;
    rc = *req->evidence_id ? s_attached(call, c, req->evidence_id, &e) : HR_OK;
    if (rc)
        return rc;
    char buf[HR_DATE_LEN];
    st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    st->done_ms = hr_call_now_ms(call);
    st->done_by = hr_arena_strdup(arena, s_me(call));
    st->done_date = hr_arena_strdup(arena, hr_date_format(day, buf));
    st->evidence_id = e ? e->id : "";
    s_history(call, c, "duty_done", st->key,
              e ? hr_arena_fmt(arena, "done %s, evidence %s (%s)", st->done_date, e->id, e->kind)
                : hr_arena_fmt(arena, "done %s, no evidence", st->done_date));
    rc = s_step_completed(call, c, st, &self->time, NULL);
    // The employee is told their file and social insurance were transferred, or their
    // certificate issued and where to collect it (LCL 50).
    bool told = false;
    if (!rc && !strcmp(st->key, WF_DUTY_TRANSFER))
        rc = wf_effects_employee_transferred(hr_call_txn(call), arena, c, st,
                                             s_case_entity(self, call, c).name, &self->time,
                                             hr_call_now_ms(call), &told);
    if (!rc && !strcmp(st->key, WF_DUTY_CERTIFICATE)) {
        s_entity_t who = s_case_entity(self, call, c);
        rc = wf_effects_employee_certified(hr_call_txn(call), arena, c, st, who.name, who.address,
                                           &self->time, hr_call_now_ms(call), &told);
    }
    if (rc)
        return wf_fail_store(call, rc, "could not record the duty");
    rc = s_save_reply(server, call, old, c, true, nearly ? early : NULL, nearly);
    if (!rc && nearly)
        s_warned(call);
    return rc;
}

// Whether the union was told case c's reasons already (history union_told) and the notice
// recorded before (was: the union record as it stood) still stands for the reasons c states now:
// a notice recorded again for them tells it nothing new.
static bool s_union_told_before(const Hr__Workflow__Case *c, const Hr__Workflow__UnionRecord *was)
{
    if (wf_union_notice_is_stale(was, c->ground, c->reviewed_reasons))
        return false; // other reasons now: this notice tells the union them (LCL 43)
    for (size_t i = 0; i < c->n_history; i++)
        if (!strcmp(c->history[i]->action, "union_told"))
            return true;
    return false;
}

// Which union a notice goes to (wf_effects_union_told): the case's employee's.
typedef struct {
    const wf_server_t *self;    // borrowed: the branches
    const wf_dept_map_t *depts; // borrowed: the departments, read once
    const char *union_of;       // the employee's union (wf_branch_union), NULL none
} s_union_member_t;

// Whether p is a person of that union: their branch's union is it (their own branch, else
// their department's: wf_dept_map_branch_of_person).
static bool s_union_member(void *arg, const Hr__Workflow__Person *p)
{
    const s_union_member_t *m = arg;
    const char *theirs = wf_union_of_person(m->self->branches, m->self->nbranches,
                                            m->self->law.has_union, m->depts, p);
    return theirs && m->union_of && !strcmp(theirs, m->union_of);
}

// LCL 43, Interp. I Art. 47: HR records one item of the union's part (wf_union.c), at any
// stage: the union's opinion and the employer's reply come after the review, a cure even after
// the case is closed.
hr_rc_t wf_handle_record_union(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__RecordUnionRequest *req = hr_call_request(call);
    if (!wf_actor_is_hr(s_actor(call)))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            "只有 HR 可以记录工会事项（hrctl case union ID ... --as HR 的工号）。",
            "workflow.RecordUnion: only HR records the union's part (hrctl "
            "case union ID ... --as EMPLOYEE_NO)");
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    const Hr__Workflow__EvidenceRef *e = NULL;
    rc = s_attached(call, c, req->evidence_id ? req->evidence_id : "", &e);
    if (rc)
        return rc;
    const char *said = NULL;
    rc = wf_union_record(call, c, req, e,
                         hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min), &said);
    if (rc)
        return rc;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    s_history(call, c, "union_recorded", cur ? cur->key : "", said);
    if (strcmp(req->what, "notice"))
        return s_save_reply(server, call, old, c, true, NULL, 0);
    wf_dept_map_t depts;
    rc = s_dept_map(hr_call_txn(call), hr_call_arena(call), &depts);
    if (rc)
        return wf_fail_store(call, rc, "could not read the departments");
    s_entity_t who = s_case_entity_in(self, call, &depts, c); // the employee's branch's union
    if (!wf_auth_union_concerned(c, who.has_union) || s_union_told_before(c, old->union_record))
        return s_save_reply(server, call, old, c, true, NULL, 0);
    // The union's people are told the reasons when HR records the notice (LCL 43), once for
    // the reasons the case states: again when HR's reasons changed since the notice before;
    // nobody in the directory to tell is HR's to fix, never a failure. Only the people of the
    // employee's union are told: another branch's union reads nothing of the case.
    s_union_member_t m = {self, &depts, who.union_of};
    const char *told = "";
    rc = wf_effects_union_told(hr_call_txn(call), hr_call_arena(call), c, s_company(self),
                               &self->time, hr_call_now_ms(call), s_union_member, &m, &told);
    if (rc)
        return wf_fail_store(call, rc, "could not tell the union");
    if (*told) {
        s_history(call, c, "union_told", cur ? cur->key : "",
                  hr_arena_fmt(hr_call_arena(call), "%s to %s", WF_TPL_UNION_NOTICE, told));
        return s_save_reply(server, call, old, c, true, NULL, 0);
    }
    // Named by the employee's union: the head office's (with the branches sharing it) or
    // their branch's own.
    wf_problem_t warn = wf_union_nobody(self->branches, self->nbranches, self->law.has_union,
                                        who.union_of ? who.union_of : "", hr_call_arena(call));
    rc = s_save_reply(server, call, old, c, true, &warn, 1);
    if (!rc)
        s_warned(call);
    return rc;
}

// ---------------------------------------------------------------------------------------------
// The economic layoff as one decision (LCL 41, wf_layoff.c): HR's batches and their members.

static hr_rc_t s_layoff_denied(hr_call_t *call, const char *type, const char *cmd)
{
    return hr_call_fail_zh(call, HR_EDENIED,
                           hr_arena_fmt(hr_call_arena(call),
                                        "只有 HR 可以管理裁员批次（hrctl layoff %s ... --as HR "
                                        "的工号）。",
                                        cmd),
                           "%s: only HR keeps the layoff batches (hrctl layoff %s ... --as "
                           "EMPLOYEE_NO)",
                           type, cmd);
}

// The batch of id into *l (arena), or the refusal naming field.
static hr_rc_t s_layoff_get(hr_call_t *call, const char *field, const char *id,
                            Hr__Workflow__Layoff **l)
{
    hr_rc_t rc = wf_store_layoff_get(hr_call_txn(call), id ? id : "", hr_call_arena(call), l);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, HR_ENOTFOUND,
            wf_zh(call, "没有编号为“%.32s”的裁员批次（%s）：hrctl layoff list 可查看。",
                  id ? id : "", field),
            "%s: no layoff '%.32s' (hrctl layoff list shows them)", field, id ? id : "");
    return rc ? wf_fail_store(call, rc, "could not read the layoff") : HR_OK;
}

// What the served members of a batch rest on: how many, and the largest headcount their reviews
// were held against (0: none recorded).
typedef struct {
    int64_t served;
    int64_t headcount;
} s_served_t;

// The members of l as counted (wf_layoff_standing) into *count, and listed into rep when given
// with why each one does not count. *served (when given) its served members.
static hr_rc_t s_layoff_members(const wf_server_t *self, hr_call_t *call,
                                const Hr__Workflow__Layoff *l, Hr__Workflow__LayoffReply *rep,
                                int64_t *count, s_served_t *served)
{
    hr_arena_t *arena = hr_call_arena(call);
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    *count = 0;
    if (served)
        *served = (s_served_t){0, 0};
    if (rep) {
        rep->members = hr_arena_alloc(arena, (l->n_case_ids + 1) * sizeof *rep->members);
        rep->n_members = 0;
    }
    for (size_t i = 0; i < l->n_case_ids; i++) {
        Hr__Workflow__Case *c = NULL;
        hr_rc_t rc = wf_store_case_get(hr_call_txn(call), l->case_ids[i], arena, &c);
        if (rc)
            return wf_fail_store(call, rc, "could not read case %s of layoff %s", l->case_ids[i],
                                 l->id);
        Hr__Workflow__Person *p = NULL;
        if (wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
            p = NULL; // not in the directory: no status on record
        const char *status = "";
        wf_layoff_standing_t st = wf_layoff_standing(c, p, today, &status);
        bool counted = st == WF_LAYOFF_COUNTED;
        *count += counted;
        if (served && wf_layoff_days_fixed(c) && counted) {
            served->served++;
            int64_t h = c->assessment ? c->assessment->directory_headcount : 0;
            served->headcount = h > served->headcount ? h : served->headcount;
        }
        if (!rep)
            continue;
        Hr__Workflow__LayoffMember *m = hr_arena_alloc(arena, sizeof *m);
        hr__workflow__layoff_member__init(m);
        m->case_id = c->id;
        m->employee_no = c->employee_no;
        m->state = c->state;
        m->counted = counted;
        m->not_counted = (char *)wf_layoff_standing_name(st);
        m->status = (char *)status;
        rep->members[rep->n_members++] = m;
    }
    return HR_OK;
}

// The batch of an A41 case into *l and its count into *members; *l NULL for a case in none.
static hr_rc_t s_layoff_of(const wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                           Hr__Workflow__Layoff **l, int64_t *members)
{
    *l = NULL;
    *members = 0;
    if (!*c->layoff_id)
        return HR_OK;
    hr_rc_t rc = wf_store_layoff_get(hr_call_txn(call), c->layoff_id, hr_call_arena(call), l);
    if (rc)
        return wf_fail_store(call, rc, "could not read layoff %s of case %s", c->layoff_id, c->id);
    return s_layoff_members(self, call, *l, NULL, members, NULL);
}

// The reply's count against the directory's headcount now (s_directory_headcount).
static hr_rc_t s_layoff_filled(const wf_server_t *self, hr_call_t *call, Hr__Workflow__Layoff *l,
                               Hr__Workflow__LayoffReply *rep, bool members)
{
    rep->layoff = l;
    hr_rc_t rc = s_layoff_members(self, call, l, members ? rep : NULL, &rep->layoff_count, NULL);
    if (!rc)
        rc = s_directory_headcount(call, &rep->headcount);
    rep->meets_threshold = wf_layoff_meets(rep->layoff_count, rep->headcount);
    return rc;
}

static hr_rc_t s_layoff_reply(const wf_server_t *self, hr_call_t *call, Hr__Workflow__Layoff *l)
{
    return s_layoff_filled(self, call, l, hr_call_reply(call), true);
}

hr_rc_t wf_handle_create_layoff(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__CreateLayoffRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!wf_actor_is_hr(s_actor(call)))
        return s_layoff_denied(call, "workflow.CreateLayoff", "create");
    char *zh = NULL;
    char *why = wf_layoff_create_why(
        req, hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min), arena, &zh);
    if (why)
        return hr_call_fail_zh(call, HR_EINVAL, zh, "%s", why);
    Hr__Workflow__Layoff *l = hr_arena_alloc(arena, sizeof *l);
    hr__workflow__layoff__init(l);
    l->id = hr_id_new(arena, hr_call_now_ms(call));
    l->reason = req->reason;
    l->explained_date = req->explained_date;
    l->explained_evidence_id = req->explained_evidence_id;
    l->reported_date = req->reported_date;
    l->reported_evidence_id = req->reported_evidence_id;
    l->created_by = (char *)s_me(call);
    l->created_at_ms = hr_call_now_ms(call);
    hr_rc_t rc = wf_store_layoff_put(hr_call_txn(call), l);
    if (rc)
        return wf_fail_store(call, rc, "could not store the layoff");
    hr_info("layoff.created", "layoff=%s reason=%d by=%s", l->id, (int)l->reason, l->created_by);
    return s_layoff_reply(self, call, l);
}

// One of the batch's days recorded or corrected; each member case's history says so.
hr_rc_t wf_handle_date_layoff(void *server, hr_call_t *call)
{
    const wf_server_t *self = server;
    const Hr__Workflow__DateLayoffRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!wf_actor_is_hr(s_actor(call)))
        return s_layoff_denied(call, "workflow.DateLayoff", "date");
    const char *what = req->what ? req->what : "";
    bool explained = !strcmp(what, "explained");
    if (!explained && strcmp(what, "reported"))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "日期项（what）“%.32s”无法识别：只能是 explained（向工会"
                                     "或全体职工说明情况）或 reported（向劳动行政部门报告）。",
                                     what),
                               "what: '%.32s' is not explained or reported", what);
    if (!req->date || !*req->date || !req->evidence_id || !*req->evidence_id)
        return hr_call_fail_zh(call, HR_EINVAL, "日期（date）和证据编号（evidence_id）都须给出。",
                               "date, evidence_id: both are required");
    char *zh = NULL;
    char *why = wf_layoff_date_why(what, req->date, req->evidence_id,
                                   hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min),
                                   arena, &zh);
    if (why)
        return hr_call_fail_zh(call, HR_EINVAL, zh, "%s", why);
    Hr__Workflow__Layoff *l = NULL;
    hr_rc_t rc = s_layoff_get(call, "layoff_id", req->layoff_id, &l);
    if (rc)
        return rc;
    // A day the members' notices already rest on stays as it was: changed after an outcome, it
    // would backdate what the union or the labour bureau was told (LCL 41).
    for (size_t i = 0; i < l->n_case_ids; i++) {
        Hr__Workflow__Case *m = NULL;
        if (wf_store_case_get(hr_call_txn(call), l->case_ids[i], arena, &m))
            return wf_fail_store(call, HR_EIO, "could not read case %s", l->case_ids[i]);
        if (wf_layoff_days_fixed(m))
            return hr_call_fail_zh(
                call, HR_ECONFLICT,
                wf_zh(call,
                      "裁员批次 %s 的成员案件 %s 已记录结果（解除通知已送达），其所依据的日期"
                      "不能再更改：如日期确有错误，请另建批次并说明原因。",
                      l->id, m->id),
                "date: case %s of layoff %s has its outcome (the notice was served on these "
                "days); they cannot change now - make a new batch and say why if they were wrong",
                m->id, l->id);
    }
    if (explained) {
        l->explained_date = req->date;
        l->explained_evidence_id = req->evidence_id;
    } else {
        l->reported_date = req->date;
        l->reported_evidence_id = req->evidence_id;
    }
    rc = wf_store_layoff_put(hr_call_txn(call), l);
    if (rc)
        return wf_fail_store(call, rc, "could not store the layoff");
    for (size_t i = 0; i < l->n_case_ids; i++) {
        Hr__Workflow__Case *old = NULL, *c = NULL;
        if (wf_store_case_get(hr_call_txn(call), l->case_ids[i], arena, &old) ||
            wf_store_case_get(hr_call_txn(call), l->case_ids[i], arena, &c))
            return wf_fail_store(call, HR_EIO, "could not read case %s", l->case_ids[i]);
        const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
        s_history(call, c, "layoff_dated", cur ? cur->key : "",
                  hr_arena_fmt(arena, "layoff %s: %s %s, evidence %s", l->id, what, req->date,
                               req->evidence_id));
        c->version++; // no event nor outbox row: s_save's after-commit hooks are not needed
        rc = wf_store_case_put(hr_call_txn(call), old, c);
        if (rc)
            return wf_fail_store(call, rc, "could not store case %s", c->id);
    }
    return s_layoff_reply(self, call, l);
}

hr_rc_t wf_handle_add_layoff_case(void *server, hr_call_t *call)
{
    const Hr__Workflow__AddLayoffCaseRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    if (!wf_actor_is_hr(s_actor(call)))
        return s_layoff_denied(call, "workflow.AddLayoffCase", "add");
    Hr__Workflow__Layoff *l = NULL;
    hr_rc_t rc = s_layoff_get(call, "layoff_id", req->layoff_id, &l);
    if (rc)
        return rc;
    Hr__Workflow__Case *old = NULL, *c = NULL;
    rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    char *zh = NULL;
    char *why = wf_layoff_join_why(l, c, arena, &zh, &rc);
    if (why)
        return hr_call_fail_zh(call, rc, zh, "%s", why);
    if (l->n_case_ids >= WF_LAYOFF_CASES_MAX)
        return hr_call_fail_zh(
            call, HR_EFULL,
            wf_zh(call, "裁员批次 %s 已有 %d 个案件，不能再加入。", l->id, WF_LAYOFF_CASES_MAX),
            "layoff_id: layoff %s holds %d cases, the most", l->id, WF_LAYOFF_CASES_MAX);
    char **ids = hr_arena_alloc(arena, (l->n_case_ids + 1) * sizeof *ids);
    if (l->n_case_ids)
        memcpy(ids, l->case_ids, l->n_case_ids * sizeof *ids);
    ids[l->n_case_ids++] = c->id;
    l->case_ids = ids;
    rc = wf_store_layoff_put(hr_call_txn(call), l);
    if (rc)
        return wf_fail_store(call, rc, "could not store the layoff");
    int64_t members = 0;
    rc = s_layoff_members(server, call, l, NULL, &members, NULL);
    if (rc)
        return rc;
    c->layoff_id = l->id;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    s_history(call, c, "layoff_joined", cur ? cur->key : "",
              hr_arena_fmt(arena, "layoff %s (%s): %lld people counted", l->id,
                           wf_layoff_reason_name(l->reason), (long long)members));
    // LCL 42: a member with a protection on record cannot be laid off: it joins (HR may be
    // right that the status has ended, and correct the directory), but is not counted, and HR
    // is told now, not when the batch turns out short.
    const wf_server_t *self = server;
    Hr__Workflow__Person *p = NULL;
    const char *status = "";
    if (wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
        p = NULL;
    wf_layoff_standing_t st = wf_layoff_standing(
        c, p, hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min), &status);
    if (st != WF_LAYOFF_PROTECTED && st != WF_LAYOFF_RETURNED)
        return s_save_reply(server, call, old, c, true, NULL, 0);
    const law_status_t *ls = law_status_find(status);
    wf_problem_t warn = {
        "A41_MEMBER_PROTECTED", hr_arena_fmt(arena, "employee.status.%s", status),
        ls ? ls->article : "LCL 42",
        hr_arena_fmt(arena,
                     "员工 %s 在人员名册中记录有《劳动合同法》第四十二条规定的情形（%s），不得"
                     "裁减：案件 %s 已加入裁员批次 %s，但不计入裁减人数（批次现计 %lld 人）。"
                     "如该情形已结束，请更正人员名册；否则请撤回本案（hrctl case withdraw %s 理"
                     "由）。",
                     c->employee_no, status, c->id, l->id, (long long)members, c->id),
        hr_arena_fmt(arena,
                     "employee %s has an Art. 42 status on record (%s) and cannot be laid off "
                     "(LCL 42): case %s joined layoff %s but is not counted (%lld people counted "
                     "now); if the status has ended, correct the directory, else withdraw the "
                     "case (hrctl case withdraw %s REASON)",
                     c->employee_no, status, c->id, l->id, (long long)members, c->id)};
    rc = s_save_reply(server, call, old, c, true, &warn, 1);
    if (!rc)
        s_warned(call);
    return rc;
}

hr_rc_t wf_handle_get_layoff(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__GetLayoffRequest *req = hr_call_request(call);
    if (!wf_actor_is_hr(s_actor(call)))
        return s_layoff_denied(call, "workflow.GetLayoff", "show");
    Hr__Workflow__Layoff *l = NULL;
    hr_rc_t rc = s_layoff_get(call, "layoff_id", req->layoff_id, &l);
    return rc ? rc : s_layoff_reply(server, call, l);
}

hr_rc_t wf_handle_list_layoffs(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    hr_arena_t *arena = hr_call_arena(call);
    if (!wf_actor_is_hr(s_actor(call)))
        return s_layoff_denied(call, "workflow.ListLayoffs", "list");
    Hr__Workflow__Layoff **all = NULL;
    size_t n = 0;
    hr_rc_t rc = wf_store_layoffs_all(hr_call_txn(call), arena, WF_LAYOFFS_MAX, &all, &n);
    if (rc)
        return wf_fail_store(call, rc, "could not list the layoffs");
    Hr__Workflow__ListLayoffsReply *rep = hr_call_reply(call);
    rep->layoffs = hr_arena_alloc(arena, (n + 1) * sizeof *rep->layoffs);
    for (size_t i = 0; i < n; i++) {
        Hr__Workflow__LayoffReply *one = hr_arena_alloc(arena, sizeof *one);
        hr__workflow__layoff_reply__init(one);
        rc = s_layoff_filled(server, call, all[i], one, false);
        if (rc)
            return rc;
        rep->layoffs[rep->n_layoffs++] = one;
    }
    return HR_OK;
}

// LCL 41: a change that stops member c counting must not take a batch whose notices are served
// below the threshold silently - those layoffs would lose their ground (2N each, LCL 87). Refused
// with the numbers, unless HR states why (below_reason): then it is recorded on the batch, and
// each served member's case carries a warning saying so.
static hr_rc_t s_layoff_gate(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                             const char *below_reason, const char *what_zh, const char *what_en)
{
    hr_arena_t *arena = hr_call_arena(call);
    if (!*c->layoff_id)
        return HR_OK;
    Hr__Workflow__Layoff *l = NULL;
    hr_rc_t rc = wf_store_layoff_get(hr_call_txn(call), c->layoff_id, arena, &l);
    if (rc)
        return wf_fail_store(call, rc, "could not read layoff %s of case %s", c->layoff_id, c->id);
    int64_t count = 0;
    s_served_t served;
    if ((rc = s_layoff_members(self, call, l, NULL, &count, &served)))
        return rc;
    Hr__Workflow__Person *p = NULL;
    const char *status = "";
    if (wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
        p = NULL;
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    // The notices served on the others: c's own, if served, is what the change undoes.
    int64_t others = served.served - (wf_layoff_days_fixed(c) ? 1 : 0);
    if (others <= 0 || wf_layoff_standing(c, p, today, &status) != WF_LAYOFF_COUNTED)
        return HR_OK;
    int64_t headcount = served.headcount;
    if (!headcount && (rc = s_directory_headcount(call, &headcount)))
        return rc;
    int64_t after = count - 1;
    if (wf_layoff_meets(after, headcount))
        return HR_OK;
    char *reason = wf_text_trim(arena, below_reason ? below_reason : "");
    if (!*reason) {
        char *zh = NULL;
        char *why = wf_layoff_below_why(l, what_zh, what_en, after, headcount, others, arena, &zh);
        return hr_call_fail_zh(call, HR_ECONFLICT, zh, "%s", why);
    }
    Hr__Workflow__LayoffBelow *b = hr_arena_alloc(arena, sizeof *b);
    hr__workflow__layoff_below__init(b);
    b->reason = reason;
    b->case_id = c->id;
    b->counted = after;
    b->headcount = headcount;
    b->by = (char *)s_me(call);
    b->at_ms = hr_call_now_ms(call);
    Hr__Workflow__LayoffBelow **all =
        hr_arena_alloc(arena, (l->n_below_threshold + 1) * sizeof *all);
    if (l->n_below_threshold)
        memcpy(all, l->below_threshold, l->n_below_threshold * sizeof *all);
    all[l->n_below_threshold++] = b;
    l->below_threshold = all;
    if ((rc = wf_store_layoff_put(hr_call_txn(call), l)))
        return wf_fail_store(call, rc, "could not store the layoff");
    law_finding_t f = wf_layoff_fell_below(l, after, headcount, reason, arena);
    for (size_t i = 0; i < l->n_case_ids; i++) {
        Hr__Workflow__Case *old = NULL, *m = NULL;
        if (!strcmp(l->case_ids[i], c->id))
            continue;
        if (wf_store_case_get(hr_call_txn(call), l->case_ids[i], arena, &old) ||
            wf_store_case_get(hr_call_txn(call), l->case_ids[i], arena, &m))
            return wf_fail_store(call, HR_EIO, "could not read case %s", l->case_ids[i]);
        if (!wf_layoff_days_fixed(m) || !m->assessment)
            continue;
        Hr__Workflow__Finding *w = hr_arena_alloc(arena, sizeof *w);
        hr__workflow__finding__init(w);
        w->severity = "warn";
        w->code = (char *)f.code;
        w->article = (char *)f.article;
        w->fact = (char *)f.fact;
        w->message_zh = (char *)f.message_zh;
        w->message_en = (char *)f.message_en;
        Hr__Workflow__Finding **fs =
            hr_arena_alloc(arena, (m->assessment->n_findings + 1) * sizeof *fs);
        if (m->assessment->n_findings)
            memcpy(fs, m->assessment->findings, m->assessment->n_findings * sizeof *fs);
        fs[m->assessment->n_findings++] = w;
        m->assessment->findings = fs;
        const Hr__Workflow__CaseStep *cur = wf_steps_current(m);
        s_history(call, m, "layoff_below_threshold", cur ? cur->key : "",
                  hr_arena_fmt(arena, "layoff %s: %lld of %lld counted after case %s: %s", l->id,
                               (long long)after, (long long)headcount, c->id, reason));
        m->version++; // no event nor outbox row: s_save's after-commit hooks are not needed
        if ((rc = wf_store_case_put(hr_call_txn(call), old, m)))
            return wf_fail_store(call, rc, "could not store case %s", m->id);
    }
    hr_info("layoff.below_threshold", "layoff=%s case=%s counted=%lld headcount=%lld by=%s", l->id,
            c->id, (long long)after, (long long)headcount, s_me(call));
    return HR_OK;
}

hr_rc_t wf_handle_withdraw_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__WithdrawCaseRequest *req = hr_call_request(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    // Whoever asks: the outcome ends the contract (a served notice on its effective date), and
    // what LCL Art. 50 owes then does not depend on the case (nor does a dispute that may follow).
    bool open = c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    if (c->outcome)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            hr_arena_fmt(
                hr_call_arena(call),
                "案件 %s 已记录%s结果（%s）：劳动合同于 %s 结束，离职手续（《劳动合同法》"
                "第五十条）必须办理，因此不能撤回案件。请由 HR %s；如有争议，用 hrctl case "
                "dispute %s 记录；如双方协商撤销%s劳动合同通知，用 hrctl case rescind %s 记录。",
                c->id, wf_doc_ending_word(c, WF_DOC_ZH, false), s_outcome_name(c->outcome->kind),
                c->outcome->effective_date,
                open ? "结案并办理离职手续（hrctl case close、hrctl case duty）"
                     : "办理离职手续（hrctl case duty）",
                c->id, wf_doc_ending_word(c, WF_DOC_ZH, false), c->id),
            "case %s: outcome %s recorded: the contract ends %s and Art. 50 duties are owed, so "
            "it cannot be withdrawn; %s, and record a contest with case dispute",
            c->id, s_outcome_name(c->outcome->kind), c->outcome->effective_date,
            open ? "close it and do the duties (case close, case duty)"
                 : "do the duties (case duty)");
    // The manager now, or HR: not whoever opened it or managed it before HR reassigned it.
    if (!wf_actor_is_hr(s_actor(call)) && !wf_auth_is_case_manager(s_actor(call), c))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(hr_call_arena(call),
                         "只有案件 %s 现在的经理（%s）或 HR 可以撤回：请由 %s 或 HR 执行 hrctl "
                         "case withdraw %s 理由 --as 工号。",
                         c->id, c->manager_no, c->manager_no, c->id),
            "case %s: only its manager now (%s) or HR may withdraw it: hrctl case withdraw %s "
            "REASON --as EMPLOYEE_NO",
            c->id, c->manager_no, c->id);
    char *reason = NULL;
    rc = s_reason(call, req->reason, "撤回案件的理由",
                  hr_arena_fmt(hr_call_arena(call), "hrctl case withdraw %s 理由", c->id), &reason);
    if (rc)
        return rc;
    wf_move_t move;
    rc = s_decide(call, c, WF_ACT_WITHDRAW, &move);
    if (!rc)
        rc = s_layoff_gate(self, call, c, req->below_threshold_reason,
                           hr_arena_fmt(hr_call_arena(call), "撤回案件 %s", c->id),
                           hr_arena_fmt(hr_call_arena(call), "withdrawing case %s", c->id));
    if (rc)
        return rc;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    s_history(call, c, "withdrawn", cur ? cur->key : "", reason);
    c->withdraw_reason = reason;
    char *stage = hr_arena_strdup(hr_call_arena(call), cur ? cur->key : "");
    rc = s_move(self, call, c, move);
    if (!rc)
        rc = s_case_closed(self, call, c, "withdrawn");
    if (!rc) // HR, the approving superior and the interview's invitees must not turn up for it
        rc = wf_effects_withdrawn(hr_call_txn(call), hr_call_arena(call), c, s_me(call), stage,
                                  &self->time, hr_call_now_ms(call));
    // Nor the employee, invited to an interview not yet held: told it is off, in neutral words.
    bool invited = c->interview && !wf_tell_interview_held(c), told = false;
    s_entity_t who = s_case_entity(self, call, c); // the branch's entity and union
    if (!rc && invited)
        rc = wf_effects_interview_told(
            hr_call_txn(call), hr_call_arena(call), c, WF_TPL_INVITE_CANCELLED, s_prepared_by(c),
            NULL, who.has_union, who.name, &self->time, hr_call_now_ms(call), &told);
    if (rc)
        return wf_fail_store(call, rc, "could not withdraw the case");
    if (!invited || told)
        return s_save_reply(server, call, old, c, true, NULL, 0);
    wf_problem_t warn = s_unreachable(call, c, true);
    rc = s_save_reply(server, call, old, c, true, &warn, 1);
    if (!rc)
        s_warned(call);
    return rc;
}

// HR records that the termination notice was revoked with the employee's agreement before the
// contract ended (wf_rescind_check says who and when): the case ends as rescinded, every open
// stage and Art. 50 duty is cancelled (no reminder or escalation follows: nothing is active),
// the history says who, when, why and with which agreement, workflow.CaseClosed carries no
// contract end, and the employee, the manager and HR are told.
// What case c owes changed from what old (the case as stored before this request) owed: the
// payroll office, told the amounts once (payment_due at the outcome), is told again with both
// (wf_effects_payroll_changed) and the history says who was told. Nothing when the amounts stay.
static hr_rc_t s_payroll_retold(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *old,
                                Hr__Workflow__Case *c, const char *why_en, const char *why_zh)
{
    hr_arena_t *arena = hr_call_arena(call);
    wf_pay_due_t was;
    wf_pay_due_of(old, &was);
    const char *told = "";
    hr_rc_t rc = wf_effects_payroll_changed(hr_call_txn(call), arena, c, &was, why_en, why_zh,
                                            &self->time, hr_call_now_ms(call), &told);
    if (!rc && *told)
        s_history(call, c, "payroll_told", "",
                  hr_arena_fmt(arena, "%s: %s", WF_TPL_PAYMENT_CHANGED, told));
    return rc;
}

hr_rc_t wf_handle_rescind_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__RescindCaseRequest *req = hr_call_request(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    char *hr_head = NULL;
    if (wf_store_setting_get(txn, WF_SETTING_HR_HEAD, arena, &hr_head))
        hr_head = "";
    wf_rescind_ctx_t x = {.actor = s_actor(call),
                          .case_hr = wf_effects_case_hr(txn, arena, c),
                          .hr_head = hr_head,
                          .today = hr_day_of_ms(now_ms, self->time.tz_offset_min)};
    char err[S_ERR_LEN];
    int32_t agreed = 0;
    const Hr__Workflow__EvidenceRef *e = NULL;
    Hr__Workflow__RescindCaseRequest in = *req;
    in.reason = wf_text_trim(arena, req->reason); // white space alone is no reason
    char err_zh[S_ERR_LEN];
    rc = wf_rescind_check(c, &in, &x, &agreed, &e, err, sizeof err, err_zh, sizeof err_zh);
    if (rc)
        return hr_call_fail_zh(call, rc, err_zh, "%s", err);
    wf_move_t move;
    rc = s_decide(call, c, WF_ACT_RESCIND, &move);
    if (!rc)
        rc = s_layoff_gate(self, call, c, req->below_threshold_reason,
                           hr_arena_fmt(arena, "撤销案件 %s 的解除通知", c->id),
                           hr_arena_fmt(arena, "rescinding the notice of case %s", c->id));
    if (rc)
        return rc;
    char buf[HR_DATE_LEN];
    Hr__Workflow__Rescission *r = hr_arena_alloc(arena, sizeof *r);
    hr__workflow__rescission__init(r);
    r->agreement_date = hr_arena_strdup(arena, hr_date_format(agreed, buf));
    r->reason = in.reason;
    r->evidence_id = e->id;
    r->by = hr_arena_strdup(arena, s_me(call));
    r->at_ms = now_ms;
    r->effective_date = c->outcome->effective_date;
    c->rescission = r;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    s_history(call, c, "rescinded", cur ? cur->key : "", wf_rescind_note(c, r, e, arena));
    rc = s_move(self, call, c, move);
    if (!rc)
        rc = s_case_closed(self, call, c, "rescinded");
    if (!rc)
        rc = wf_effects_rescinded(txn, arena, c, s_company(self), &self->time, now_ms);
    if (!rc)
        rc = s_payroll_retold(
            self, call, old, c,
            "the notice was revoked with the employee's agreement (rescinded): the contract goes "
            "on and nothing for its end is owed; HR settles with the employee what was paid",
            "通知已经双方协商撤销：劳动合同继续履行，不再支付因合同结束产生的款项；已支付的款项由 "
            "HR 与员工协商处理");
    if (rc)
        return wf_fail_store(call, rc, "could not rescind the case");
    hr_info("case.rescinded", "case=%s msg=%s", c->id, hr_call_msg_id(call));
    return s_save_reply(server, call, old, c, true, NULL, 0);
}

// The hand-over context of the call (wf_handover): its transaction, arena, clock and actor.
static wf_handover_t s_handover(wf_server_t *self, hr_call_t *call)
{
    return (wf_handover_t){.txn = hr_call_txn(call),
                           .arena = hr_call_arena(call),
                           .time = &self->time,
                           .now_ms = hr_call_now_ms(call),
                           .by = s_me(call),
                           .msg_id = hr_call_msg_id(call)};
}

hr_rc_t wf_handle_reassign_case(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__ReassignCaseRequest *req = hr_call_request(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc =
        s_begin(call, req->case_id, "workflow.ReassignCase", WF_ACT_REASSIGN, &old, &c, &move);
    if (rc)
        return rc;
    char *reason = NULL;
    rc = s_reason(call, req->reason, "移交原因", "hrctl case reassign ID --reason 原经理调岗",
                  &reason);
    if (rc)
        return rc;
    wf_handover_t h = s_handover(self, call);
    const char *prev = c->manager_no;
    // Without a manager named, a manager who has left hands the case on to the first up the
    // employee's line who has not (as OpenCase chooses, and as the tick does by itself from the
    // day they left: wf_handover_leaver); anyone else keeps it.
    const char *to_no = req->manager_no, *passed = "";
    Hr__Workflow__Person *was = NULL;
    if (!*to_no && !wf_store_person_get(txn, c->manager_no, arena, &was) &&
        wf_person_has_left(was, hr_call_now_ms(call))) {
        s_line_t line;
        rc = s_line_manager(call, c->employee_no, &line);
        if (rc)
            return wf_fail_store(call, rc, "could not read the reporting line");
        if (!*line.no)
            return hr_call_fail_zh(call, HR_ECONFLICT,
                                   wf_zh(call,
                                         "案件 %s 的经理 %s 已于 %s 离职，员工 %s "
                                         "的汇报线上已没有在职的上级：请指定新的经理（hrctl case "
                                         "reassign %s --manager 工号 --reason 原因）。",
                                         c->id, was->employee_no, was->left_date, c->employee_no,
                                         c->id),
                                   "case %s: its manager %s left on %s and nobody up %s's line is "
                                   "still here: name the new manager (manager_no)",
                                   c->id, was->employee_no, was->left_date, c->employee_no);
        to_no = line.no;
        passed = hr_arena_fmt(arena,
                              " (%s left on %s: the first on the employee's line who has "
                              "not left)",
                              was->employee_no, was->left_date);
    }
    if (*to_no) {
        Hr__Workflow__Person *p = NULL;
        rc = wf_store_person_get(txn, to_no, arena, &p);
        if (rc == HR_ENOTFOUND)
            return hr_call_fail_zh(
                call, rc,
                wf_zh(call, "人员名册中没有工号为 %s 的人员：请核对新经理的工号（manager_no）。",
                      to_no),
                "manager_no: no person '%s' in the directory", to_no);
        if (rc)
            return wf_fail_store(call, rc, "could not read the directory");
        const char *why = NULL, *why_zh = NULL;
        rc = wf_handover_fit(&h, c, p, &why, &why_zh);
        if (rc)
            return wf_fail_store(call, rc, "could not read the directory");
        if (why)
            return hr_call_fail_zh(call, HR_EINVAL, why_zh, "%s", why);
        c->manager_no = p->employee_no;
    }
    // Every active step goes to whoever owes it today, and they are told.
    char *moved = NULL;
    rc = wf_handover_steps(&h, c, prev, false, &moved);
    if (rc)
        return wf_fail_store(call, rc, "could not reassign the case");
    if (!strcmp(prev, c->manager_no) && !*moved)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call, "案件 %s 无需移交：%s 仍是其经理，各进行中的步骤也都已在应办人手中。",
                  c->id, prev),
            "case %s: nothing to hand on: %s manages it and every active step "
            "is with whoever owes it",
            c->id, prev);
    rc = wf_handover_record(&h, c, prev, passed, moved, reason);
    if (rc)
        return wf_fail_store(call, rc, "could not record the reassignment");
    hr_info("case.reassigned", "case=%s manager=%s previous=%s", c->id, c->manager_no, prev);
    return s_save_reply(server, call, old, c, true, NULL, 0);
}

// HR changes the template a case at HR review follows (hrctl case template): its stages and
// deadlines from now on (wf_steps_retemplate), its company rules too (as OpenCase pins them);
// the history says who, when, from which version to which, and why. Only HR, only at HR review:
// before it the request is judged by the rules it was opened under, after it the interview is
// prepared on the stages the review passed.
hr_rc_t wf_handle_set_case_template(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__SetCaseTemplateRequest *req = hr_call_request(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc =
        s_begin(call, req->case_id, "workflow.SetCaseTemplate", WF_ACT_RETEMPLATE, &old, &c, &move);
    if (rc)
        return rc;
    char *reason = NULL;
    rc = s_reason(call, req->reason, "更换模板的原因",
                  "hrctl case template ID 模板名 --reason 适用销售部流程", &reason);
    if (rc)
        return rc;
    if (!*req->template_id)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "请写明要改用的流程模板名（template_id）：hrctl case "
                                     "template %s 模板名 --reason 原因。",
                                     c->id),
                               "template_id: required (the id of a template HR put)");
    Hr__Workflow__Template *tpl = NULL;
    rc = wf_store_template_get(txn, req->template_id, arena, &tpl);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc,
            wf_zh(call,
                  "没有名为“%s”的流程模板：请 HR 先保存该模板（hrctl template put FILE，文件的 id "
                  "行写明模板名）。",
                  req->template_id),
            "template_id: no template '%s' (hrctl template put FILE stores the template whose "
            "`id` line names it)",
            req->template_id);
    if (rc)
        return wf_fail_store(call, rc, "could not read the template");
    const char *was_id = *c->template_id ? c->template_id : WF_DEFAULT_TEMPLATE;
    const char *was_version = c->template_version;
    char *version = wf_template_version(tpl, arena);
    if (!strcmp(was_id, tpl->id) && *was_version && !strcmp(was_version, version))
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call, "案件 %s 已按模板“%s”（%s）办理，无需更换。", c->id, tpl->id, version),
            "case %s already follows template '%s' (%s): nothing to change", c->id, tpl->id,
            version);
    if (!wf_steps_retemplate(c, tpl, arena, &self->time, hr_call_now_ms(call)))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "模板“%s”对本案的依据%s没有「%s」阶段，不能改用。", tpl->id,
                  wf_ground_zh(arena, c->ground), wf_step_zh(c, WF_STEP_HR_REVIEW)),
            "template_id: template '%s' has no hr_review stage for ground %s", tpl->id, c->ground);
    c->template_id = tpl->id;
    c->template_version = version;
    c->rules = tpl->rules; // judged by these from now on, as OpenCase pins them
    c->n_rules = tpl->n_rules;
    c->rules_pinned = true;
    s_history(call, c, "template_changed", WF_STEP_HR_REVIEW,
              hr_arena_fmt(arena, "from %s (%s) to %s (%s): %s", was_id,
                           *was_version ? was_version : "version not recorded", tpl->id, version,
                           reason));
    hr_info("case.template_changed", "case=%s from=%s to=%s", c->id, was_id, tpl->id);
    return s_save_reply(server, call, old, c, true, NULL, 0);
}

// An award or judgment ordered the contract to continue (LCL Art. 48; dispute d, checked): the
// termination is void - the case keeps its outcome and stays CLOSED, Case.reinstatement says it
// did not stand (a new case for the employee is no longer kept out: wf_case_blocks_open), the
// Art. 50 duties not done are cancelled with a history line, and hr-evidence voids the notice
// and certificate on the DisputeRecorded event. The service is continuous from the original
// hire date, which the directory keeps; its left_date (when HR recorded the leaving) is HR's to
// clear: *out tells them how. The employee, the manager and HR are told (wf_effects_reinstated).
// A reinstatement set aside before (a retrial reinstating again) moves to
// Case.earlier_reinstatements: every one stays on the case, in order.
static hr_rc_t s_reinstate(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                           const Hr__Workflow__Dispute *d, wf_problem_t *out)
{
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    Hr__Workflow__Reinstatement *r = hr_arena_alloc(arena, sizeof *r);
    hr__workflow__reinstatement__init(r);
    r->award_date = d->award_date;
    r->award_ref = d->award_ref;
    r->by = hr_arena_strdup(arena, s_me(call));
    r->at_ms = now_ms;
    r->effective_date = c->outcome->effective_date;
    if (c->reinstatement) { // set aside (wf_dispute_check): kept, in order, before the new one
        Hr__Workflow__Reinstatement **earlier =
            hr_arena_alloc(arena, (c->n_earlier_reinstatements + 1) * sizeof *earlier);
        for (size_t i = 0; i < c->n_earlier_reinstatements; i++)
            earlier[i] = c->earlier_reinstatements[i];
        earlier[c->n_earlier_reinstatements++] = c->reinstatement;
        c->earlier_reinstatements = earlier;
    }
    c->reinstatement = r;
    char *cancelled = wf_steps_cancel_duties(c, s_me(call), arena, now_ms);
    s_history(call, c, "reinstated", "",
              hr_arena_fmt(arena,
                           "award %s of %s: the termination (contract to end %s) is void and the "
                           "contract continues (LCL Art. 48); Art. 50 duties cancelled: %s",
                           r->award_ref, r->award_date, r->effective_date,
                           *cancelled ? cancelled : "none open"));
    hr_info("case.reinstated", "case=%s cancelled=%s", c->id, *cancelled ? cancelled : "-");
    Hr__Workflow__Person *p = NULL;
    if (wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
        p = NULL;
    const char *left = p && *p->left_date ? p->left_date : "";
    const char *hired = p && *p->hire_date ? p->hire_date : "-";
    *out = (wf_problem_t){
        "REINSTATED_DIRECTORY",
        "employee.left_date",
        "LCL Art. 48",
        *left ? hr_arena_fmt(
                    arena,
                    "已恢复劳动关系（裁决/判决 %s，%s）：人员名册仍记录 %s 于 %s 离职。请导入"
                    "人员名册，将其离职日期（left_date）留空，入职日期（hire_date）保持 %s "
                    "不变（工龄连续计算，不是重新入职）。",
                    r->award_ref, r->award_date, c->employee_no, left, hired)
              : hr_arena_fmt(
                    arena,
                    "已恢复劳动关系（裁决/判决 %s，%s）：人员名册中 %s 的入职日期（hire_date）"
                    "保持 %s 不变（工龄连续计算，不是重新入职），不要录入离职日期。",
                    r->award_ref, r->award_date, c->employee_no, hired),
        *left ? hr_arena_fmt(arena,
                             "Reinstated (award %s of %s): the directory still has %s leave on "
                             "%s. Import the people file with their left_date empty and the "
                             "hire_date kept at %s (service continues; this is not a re-hire).",
                             r->award_ref, r->award_date, c->employee_no, left, hired)
              : hr_arena_fmt(arena,
                             "Reinstated (award %s of %s): keep %s's hire_date at %s in the "
                             "directory (service continues; this is not a re-hire) and record no "
                             "left_date.",
                             r->award_ref, r->award_date, c->employee_no, hired),
    };
    return wf_effects_reinstated(hr_call_txn(call), arena, c, s_company(self), &self->time, now_ms);
}

// A judgment set the reinstatement aside (dispute d names its award: wf_dispute_set_aside_check,
// LDML Art. 50): the termination stands again. Case.reinstatement is kept and marked set aside
// (wf_case_is_reinstated: false again - a new case is kept out as for any end), the Art. 50
// duties the reinstatement cancelled are owed again from the judgment's day
// (wf_steps_rearm_duties) with a history line, hr-evidence keeps the records until the
// retention's new day (RetentionRedated) and reads the notice letters as valid again (the
// DisputeRecorded event names the award set aside). The directory's left_date is HR's to record
// again: *out tells them how. The employee, the manager and HR are told (wf_effects_set_aside),
// once: a retry is answered from the dedupe store, a record naming the award again is refused
// (set aside already).
static hr_rc_t s_set_aside(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                           const Hr__Workflow__Dispute *d, wf_problem_t *out)
{
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    Hr__Workflow__Reinstatement *r = c->reinstatement;
    r->set_aside_date = d->award_date;
    r->set_aside_ref = d->award_ref;
    r->set_aside_by = hr_arena_strdup(arena, s_me(call));
    r->set_aside_at_ms = now_ms;
    int32_t day = 0;
    if (!hr_date_parse(d->award_date, &day)) // wf_dispute_check parsed it
        return HR_EINTERNAL;
    char *owed = wf_steps_rearm_duties(c, r->at_ms, day, arena, &self->time, now_ms);
    s_history(call, c, "reinstatement_set_aside", "",
              hr_arena_fmt(arena,
                           "judgment %s of %s sets aside award %s of %s (LDML Art. 50: the award "
                           "was not final): the termination (contract to end %s) stands again; "
                           "Art. 50 duties owed again: %s",
                           r->set_aside_ref, r->set_aside_date, r->award_ref, r->award_date,
                           r->effective_date, *owed ? owed : "none"));
    hr_info("case.reinstatement_set_aside", "case=%s owed=%s", c->id, *owed ? owed : "-");
    int64_t keep_ms = wf_steps_keep_until_ms(c);
    if (keep_ms) {
        Hr__Workflow__RetentionRedated ev = HR__WORKFLOW__RETENTION_REDATED__INIT;
        ev.case_id = c->id;
        ev.keep_until_ms = keep_ms;
        ev.at_ms = now_ms;
        hr_rc_t rc = s_event(call, "workflow.RetentionRedated", &ev.base);
        if (rc)
            return rc;
    }
    *out = (wf_problem_t){
        "REINSTATEMENT_SET_ASIDE",
        "employee.left_date",
        "LDML Art. 50; LCL Art. 50",
        hr_arena_fmt(arena,
                     "恢复劳动关系的裁决 %s（%s）已被判决 %s（%s）撤销：%s重新成立，劳动合同于 %s "
                     "终止。请导入人员名册，将 %s 的离职日期（left_date）记为 %s；离职手续重新"
                     "办理：%s。如员工已依裁决返岗，返岗后的用工请与法务另行处理。",
                     r->award_ref, r->award_date, r->set_aside_ref, r->set_aside_date,
                     wf_doc_ending_word(c, WF_DOC_ZH, false), r->effective_date, c->employee_no,
                     r->effective_date, *owed ? owed : "无"),
        hr_arena_fmt(arena,
                     "The reinstatement (award %s of %s) is set aside by judgment %s of %s: the "
                     "termination stands, the contract ended %s. Import the people file with %s's "
                     "left_date at %s; the closing duties are owed again: %s. If the employee "
                     "went back to work under the award, legal handles the time since.",
                     r->award_ref, r->award_date, r->set_aside_ref, r->set_aside_date,
                     r->effective_date, c->employee_no, r->effective_date, *owed ? owed : "none"),
    };
    return wf_effects_set_aside(hr_call_txn(call), arena, c, owed, s_company(self), &self->time,
                                now_ms);
}

hr_rc_t wf_handle_record_dispute(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__RecordDisputeRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Case *old = NULL, *c = NULL;
    wf_move_t move;
    hr_rc_t rc = s_load(call, req->case_id, &old, &c);
    if (rc)
        return rc;
    // HR and legal (who prepares the hearing) record and update a dispute; a manager does not.
    if (!wf_auth_may_dispute(s_actor(call)))
        return hr_call_fail_zh(call, HR_EDENIED,
                               "只有 HR 或法务可以记录劳动争议（仲裁、诉讼）：请联系 HR 或法务。",
                               "workflow.RecordDispute: only HR or legal may record a dispute");
    rc = s_decide(call, c, WF_ACT_DISPUTE, &move);
    if (rc)
        return rc;
    const Hr__Workflow__Dispute *d = req->dispute;
    if (!d)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            "缺少争议记录（dispute）：请写明仲裁申请、结果等信息（hrctl case dispute ID ...）。",
            "dispute: required");
    if (!s_text_ok(d->note, WF_TEXT_MAX))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "争议说明（dispute.note）须为 UTF-8 文本，最多 %d 字节（约 %d "
                                     "个汉字）：请删减后重试。",
                                     WF_TEXT_MAX, WF_TEXT_MAX / 3),
                               "dispute.note: UTF-8 text of at most %d bytes", WF_TEXT_MAX);
    if (s_text_unsafe(call, "dispute.note", d->note, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    if (d->award_ref && s_text_unsafe(call, "dispute.award_ref", d->award_ref, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    char err[S_ERR_LEN];
    bool late = false;
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    char err_zh[S_ERR_LEN];
    if (wf_dispute_check(c, d, today, self->time.cal, &late, err, sizeof err, err_zh,
                         sizeof err_zh))
        return hr_call_fail_zh(call, HR_EINVAL, err_zh, "%s", err);
    if (d->sets_aside &&
        s_text_unsafe(call, "dispute.sets_aside", d->sets_aside, HR_UTF8_ALLOW_TEXT))
        return HR_EINVAL;
    char *why = hr_arena_alloc(arena, WF_TEXT_MAX), *why_zh = hr_arena_alloc(arena, WF_TEXT_MAX);
    if (wf_dispute_set_aside_check(c, d, why, WF_TEXT_MAX, why_zh, WF_TEXT_MAX))
        return hr_call_fail_zh(call, HR_EINVAL, why_zh, "%s", why);
    // The case keeps the latest record; the history keeps each one with its details.
    Hr__Workflow__Dispute *rec = hr_arena_alloc(arena, sizeof *rec);
    *rec = *d; // strings borrowed from the request, which lives as long as the call
    rec->arbitration_filed = *d->filed_date != '\0';
    rec->filed_after_limit = late;
    c->dispute = rec;
    s_history(call, c, "dispute_recorded", "", wf_dispute_summary(c, rec, self->time.cal, arena));
    wf_problem_t probs[2];
    const char *sev[2];
    size_t n = 0;
    if (!strcmp(rec->result, WF_REINSTATED)) {
        rc = s_reinstate(self, call, c, rec, &probs[n]);
        if (!rc)
            rc = s_payroll_retold(
                self, call, old, c,
                hr_arena_fmt(arena,
                             "award %s of %s orders the contract to continue (LCL Art. 48): no "
                             "severance, notice pay or compensation for its end is owed; the wages "
                             "for the time since are payroll's to compute as the award says, and "
                             "HR and legal settle with the employee what was paid",
                             rec->award_ref, rec->award_date),
                hr_arena_fmt(arena,
                             "裁决/判决 %s（%s）恢复劳动关系、继续履行劳动合同"
                             "（《劳动合同法》第四十八条）：不再支付经济补偿、代通知金或赔偿金；"
                             "期间工资由薪资部门按裁决核算，已支付的款项由 HR 和法务与员工协商处理",
                             rec->award_ref, rec->award_date));
        if (rc)
            return wf_fail_store(call, rc, "could not record the reinstatement");
        sev[n++] = "review";
    } else if (d->sets_aside && *d->sets_aside) {
        rc = s_set_aside(self, call, c, rec, &probs[n]);
        if (!rc)
            rc = s_payroll_retold(
                self, call, old, c,
                hr_arena_fmt(arena,
                             "judgment %s of %s sets aside award %s (LDML Art. 50): the contract's "
                             "end stands again and what it owes is owed again",
                             rec->award_ref, rec->award_date, rec->sets_aside),
                hr_arena_fmt(arena,
                             "判决 %s（%s）撤销了恢复劳动关系的裁决 %s"
                             "（《劳动争议调解仲裁法》第五十条）：劳动合同的解除或终止重新成立，"
                             "相应款项重新应付",
                             rec->award_ref, rec->award_date, rec->sets_aside));
        if (rc)
            return wf_fail_store(call, rc, "could not record the judgment setting the award aside");
        sev[n++] = "review";
    }
    Hr__Workflow__DisputeRecorded ev = HR__WORKFLOW__DISPUTE_RECORDED__INIT;
    ev.case_id = c->id;
    ev.dispute = c->dispute;
    ev.at_ms = hr_call_now_ms(call);
    rc = s_event(call, "workflow.DisputeRecorded", &ev.base);
    if (rc)
        return wf_fail_store(call, rc, "could not record the dispute");
    if (late) {
        // Accepted all the same: the time bar is the employer's to raise, the committee's to
        // decide.
        hr_info("case.dispute_after_limit", "case=%s", c->id);
        wf_dispute_limit_problem(c, rec, self->time.cal, arena, &probs[n]);
        sev[n++] = "warn";
    } else if (wf_dispute_limit_unsure(c, rec, self->time.cal)) {
        // In days a year's unpublished holiday notice may make days off: a person checks it.
        hr_info("case.dispute_limit_unsure", "case=%s", c->id);
        wf_dispute_unsure_problem(c, rec, self->time.cal, arena, &probs[n]);
        sev[n++] = "review";
    }
    rc = s_save_reply(server, call, old, c, true, n ? probs : NULL, n);
    for (size_t i = 0; !rc && i < n; i++)
        ((Hr__Workflow__CaseReply *)hr_call_reply(call))->problems[i]->severity = (char *)sev[i];
    return rc;
}

// Whether the actor is refused a case as the payroll office alone would be: a person with role
// payroll whom no other role lets read every case (HR, legal) - the operator never.
static bool s_payroll_only(const Hr__Actor *a)
{
    return wf_auth_is_payroll(a) && !wf_auth_reads_all(a) && !hr_actor_is_operator(a);
}

// The payroll office's refusal of case_id, the same whether the case does not exist or its
// outcome fixes no money (none recorded yet, none owed, rescinded): it says no more than their
// list (ListCases) does.
static hr_rc_t s_payroll_refused(hr_call_t *call, const char *case_id)
{
    hr_info("case.denied", "case=%s user=%s type=%s", case_id, s_me(call),
            hr_call_envelope(call)->type);
    return hr_call_fail_zh(
        call, HR_EDENIED,
        wf_zh(call,
              "案件 %s 不在薪资人员可办理的案件中：薪资人员只能查看和登记已记录解除或终止结果、"
              "且须支付经济补偿、代通知金或违法解除或终止劳动合同的赔偿金的案件（hrctl case list "
              "列出待付款的"
              "案件）。如需了解其他案件，请联系 HR。",
              case_id),
        "case_id: case %s is not one the payroll office may see: payroll reads and records the "
        "payments of the cases whose outcome fixes money to pay (severance, notice pay, 2N; "
        "hrctl case list shows those awaiting payment); ask HR about others",
        case_id);
}

// Records a payment to the employee of a case whose outcome is recorded, or a row reversing one
// recorded by mistake (wf_pay.c): an HR person's word, as evidence of who said what was paid -
// never the operator's, who keeps the system running and pays nobody. The row goes into the
// case, so the case journal holds it; hr_server's dedupe on msg_id makes a retry add nothing.
hr_rc_t wf_handle_record_payment(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__RecordPaymentRequest *req = hr_call_request(call);
    hr_arena_t *arena = hr_call_arena(call);
    int64_t now_ms = hr_call_now_ms(call);
    const Hr__Actor *actor = s_actor(call);
    // The payroll office pays: it records on the cases whose outcome fixes money, and reads
    // nothing else of them (s_payroll_only; wf_auth_may_pay).
    bool payroll = s_payroll_only(actor);
    if (hr_actor_is_operator(actor) || (!wf_actor_is_hr(actor) && !payroll))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            "付款须由 HR（人员名册中角色为 hr 或 hr_head 的人员）或薪资人员（角色 payroll）以本人"
            "身份登记，运维账号（operator）不能代办：hrctl case pay ID ... --as 工号。",
            "workflow.RecordPayment: an HR person (hr or hr_head in the people directory) or the "
            "payroll office (role payroll) records a payment in their own name, not the operator "
            "(hrctl case pay ID ... --as EMPLOYEE_NO)");
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc =
        payroll ? s_fetch(call, req->case_id, &old, &c) : s_load(call, req->case_id, &old, &c);
    if (payroll && (rc == HR_ENOTFOUND || (!rc && !wf_auth_may_pay(actor, c))))
        return s_payroll_refused(call, req->case_id); // the same whether there is no such case
    if (rc)
        return rc;
    Hr__Workflow__RecordPaymentRequest in = *req;
    in.reference = wf_text_trim(arena, req->reference);
    in.note = wf_text_trim(arena, req->note);
    const Hr__Workflow__Payment *reversed = NULL;
    int32_t day = 0;
    char err[S_ERR_LEN], err_zh[S_ERR_LEN];
    rc = wf_pay_check(c, &in, hr_day_of_ms(now_ms, self->time.tz_offset_min), &reversed, &day, err,
                      sizeof err, err_zh, sizeof err_zh);
    if (rc)
        return hr_call_fail_zh(call, rc, err_zh, "%s", err);
    char buf[HR_DATE_LEN];
    Hr__Workflow__Payment *p = hr_arena_alloc(arena, sizeof *p);
    hr__workflow__payment__init(p);
    p->id = hr_id_new(arena, now_ms);
    p->item = reversed ? reversed->item : in.item;
    p->amount_fen = reversed ? reversed->amount_fen : in.amount_fen;
    p->paid_date = hr_arena_strdup(arena, hr_date_format(day, buf));
    p->method = reversed && !*in.method ? reversed->method : in.method;
    p->reference = in.reference;
    p->recorded_by = hr_arena_strdup(arena, s_me(call));
    p->recorded_ms = now_ms;
    p->msg_id = hr_arena_strdup(arena, hr_call_msg_id(call));
    p->reverses = reversed ? reversed->id : "";
    p->note = in.note;
    Hr__Workflow__Payment **list = hr_arena_alloc(arena, (c->n_payments + 1) * sizeof *list);
    if (c->n_payments)
        memcpy(list, c->payments, c->n_payments * sizeof *list);
    list[c->n_payments++] = p;
    c->payments = list;
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    s_history(call, c, reversed ? "payment_reversed" : "payment_recorded", cur ? cur->key : "",
              wf_pay_note(p, arena));
    hr_info("case.payment", "case=%s payment=%s msg=%s", c->id, p->id, hr_call_msg_id(call));
    // The employee is told of a payment to them, and of a reversal: they were told the row it
    // cancels was paid, and what they are owed changes with it.
    bool told = false;
    rc = wf_effects_employee_paid(hr_call_txn(call), arena, c, p, s_case_entity(self, call, c).name,
                                  &self->time, now_ms, &told);
    if (rc)
        return wf_fail_store(call, rc, "could not record the payment");
    // Recorded all the same (money paid is a fact), with a warning: while the revocation window
    // is open the notice may yet be revoked and the contract go on (LCL 42, 87).
    wf_problem_t *bars = NULL, warn[1];
    size_t nb = s_protection_bars(self, call, c, &bars, NULL), nwarn = 0;
    if (nb && !strcmp(bars[nb - 1].code, "REVOCATION_WINDOW"))
        warn[nwarn++] = (wf_problem_t){
            "PAID_IN_REVOCATION_WINDOW", "", "LCL 42",
            hr_arena_fmt(arena,
                         "案件 %s：款项已记录，但该员工在通知送达后被记载处于法定保护情形（《中华人"
                         "民共和国劳动合同法》第四十二条），通知可能经协商撤销、劳动合同继续履行"
                         "（hrctl case rescind）。请先与 HR 确认后再支付其余款项。",
                         c->id),
            hr_arena_fmt(arena,
                         "case %s: recorded, but since the notice was served the directory records "
                         "a legal protection for the employee (LCL 42): the notice may yet be "
                         "revoked and the contract go on (hrctl case rescind). Check with HR "
                         "before paying more.",
                         c->id)};
    if (!payroll) {
        rc = s_save_reply(server, call, old, c, true, warn, nwarn);
        if (!rc)
            s_warned(call);
        return rc;
    }
    rc = s_save(server, call, old, c);
    if (rc)
        return rc;
    Hr__Workflow__CaseReply *rep = hr_call_reply(call);
    rep->case_ = wf_case_for_payroll(c, arena); // what the payroll office reads, no more
    rep->accepted = true;
    if (nwarn) {
        rep->problems = hr_arena_alloc(arena, sizeof *rep->problems);
        rep->problems[0] = wf_problem_finding(&warn[0], arena);
        rep->problems[0]->severity = "warn";
        rep->n_problems = 1;
    }
    return HR_OK;
}

// ---------------------------------------------------------------------------------------------
// Reads, and the case's read log

// The caller as a reader of a case's read log: as trusted (s_actor), and someone who has left
// (wf_person_has_left) as their id alone, without a role (wf_auth_leaver): who read their own
// case stays theirs to know after their last day (PIPL Art. 45; the year to bring arbitration,
// LDMAL Art. 27, starts then), and nothing else does.
static const Hr__Actor *s_log_reader(hr_call_t *call)
{
    Hr__Workflow__Person *p = s_person_of(call);
    if (wf_person_has_left(p, hr_call_now_ms(call)))
        return wf_auth_leaver(p, hr_call_arena(call));
    return s_actor(call);
}

typedef struct {
    wf_server_t *self;            // borrowed
    char case_id[HR_ID_LEN + 1];  // the case read
    Hr__Workflow__CaseRead entry; // its read log entry (arena strings)
} s_read_t;

typedef struct {
    wf_server_t *self;                // borrowed
    Hr__Workflow__CaseListRead entry; // its entry in the case lists' log (arena strings)
} s_list_read_t;

static void s_read_hook(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_read_t *r = arg;
    wf_server_record_read(r->self, r->case_id, &r->entry); // counted and logged when it fails
}

// Whether the caller's reads are recorded: a person's (wf_auth_read_is_recorded, with the
// caller's directory entry).
static bool s_recorded(hr_call_t *call)
{
    const Hr__Actor *claimed = hr_call_actor(call);
    Hr__Workflow__Person *p = NULL;
    if (!claimed->user_id || !*claimed->user_id ||
        wf_store_person_get(hr_call_txn(call), claimed->user_id, hr_call_arena(call), &p))
        p = NULL;
    return wf_auth_read_is_recorded(claimed, p);
}

// A successful read of case c by a person (s_recorded), as `as`: its entry goes to the case's
// read log once the read's transaction has ended and before the reply leaves
// (wf_server_record_read, in a write transaction of its own: a full disk does not stop the
// read). The operator's and the services' own reads leave no entry.
static void s_read(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c, const char *as,
                   const char *detail)
{
    hr_arena_t *arena = hr_call_arena(call);
    if (!s_recorded(call))
        return;
    const Hr__Actor *a = s_log_reader(call); // s_actor, and who has left by their id
    s_read_t *r = hr_arena_alloc(arena, sizeof *r);
    r->self = self;
    snprintf(r->case_id, sizeof r->case_id, "%s", c->id);
    hr__workflow__case_read__init(&r->entry);
    r->entry.at_ms = hr_call_now_ms(call);
    r->entry.reader = a->user_id;
    r->entry.role = (char *)as;
    r->entry.roles = a->roles;
    r->entry.n_roles = a->n_roles;
    r->entry.route = hr_arena_strdup(arena, hr_call_envelope(call)->type);
    r->entry.detail = hr_arena_strdup(arena, detail);
    r->entry.msg_id = hr_arena_strdup(arena, hr_call_msg_id(call));
    hr_call_after_commit(call, s_read_hook, r);
}

// The union the caller belongs to as a union person (LCL 43): their branch's (their own, else
// their department's; wf_branch_union; NULL none), looked up in depts. Nobody the directory has:
// none.
static const char *s_union_mine(const wf_server_t *self, hr_call_t *call,
                                const wf_dept_map_t *depts)
{
    const Hr__Workflow__Person *p = s_person_of(call);
    return p ? wf_union_of_person(self->branches, self->nbranches, self->law.has_union, depts, p)
             : NULL;
}

// The union person's refusal of case_id, the same whether the case does not exist, is another
// branch's union's, concerns no union or was not notified to theirs yet: it says no more than
// their list (ListCases) does.
static hr_rc_t s_union_refused(hr_call_t *call, const char *case_id)
{
    hr_info("case.denied", "case=%s user=%s type=%s", case_id, s_me(call),
            hr_call_envelope(call)->type);
    return hr_call_fail_zh(
        call, HR_EDENIED,
        wf_zh(call,
              "案件 %s 不在你可查看的案件中：工会人员只能查看本工会已收到通知的案件（《劳动合同法》"
              "第四十三条；本工会为你所在部门所属分支机构的工会），即 hrctl case list 列出的案件。"
              "如需了解其他案件，请联系 HR。",
              case_id),
        "case_id: case %s is not one you may see: the union's people read the cases their own "
        "union (their department's branch's) was notified of (LCL 43), those hrctl case list "
        "shows; ask HR about others",
        case_id);
}

// Whether the actor is refused a case as the union alone would be: union people whom no other
// role lets read every case (a refusal then says no more than their list).
static bool s_union_only(const Hr__Actor *a)
{
    return wf_auth_is_union(a) && !wf_auth_reads_all(a);
}

// The case with its history, as the reader may see it; recorded in its read log.
// What an open case held for a legal protection (protection_held_ms) says to whoever reads it,
// the protection unnamed (s_protection names it to HR): that it waits, owes nothing by a date
// meanwhile and what may not be done; once the protection has ended (protection_ended_ms),
// before the outcome, that HR reviews it again. Appended to *probs (arena, grown); the count.
static size_t s_hold_note(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                          wf_problem_t **probs, size_t n)
{
    hr_arena_t *arena = hr_call_arena(call);
    if (c->state != HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN ||
        (!c->protection_held_ms && (!c->protection_ended_ms || c->outcome)))
        return n;
    // A revocation window that closed (the contract ended on its day): nothing waits any more.
    wf_problem_t *bars = NULL;
    if (c->protection_held_ms && !s_protection_bars(self, call, c, &bars, NULL))
        return n;
    wf_problem_t *out = hr_arena_alloc(arena, (n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = (*probs)[i];
    *probs = out;
    char day[HR_DATE_LEN];
    int64_t at = c->protection_held_ms ? c->protection_held_ms : c->protection_ended_ms;
    hr_date_format(hr_day_of_ms(at, self->time.tz_offset_min), day);
    if (!c->protection_held_ms) {
        out[n++] = (wf_problem_t){
            "REVIEW_AFTER_PROTECTION", "", "LCL 42",
            hr_arena_fmt(arena,
                         "案件 %s：等待的法定保护情形已于 %s 结束（人员名册），当前步骤的期限自该日"
                         "重新计算。送达通知前须由 HR 按人员名册现状重新审核本案（记录结果时将重新"
                         "评估合法性）。",
                         c->id, day),
            hr_arena_fmt(arena,
                         "case %s: the legal protection it waited for ended on %s (the directory); "
                         "the step's deadline counts again from then. HR reviews the case again "
                         "against the directory as it is before the notice (the outcome is "
                         "assessed anew when it is recorded).",
                         c->id, day)};
        return n;
    }
    bool window = c->outcome != NULL;
    out[n++] = (wf_problem_t){
        "WAITING_FOR_PROTECTION", "", "LCL 42",
        hr_arena_fmt(arena,
                     "案件 %s 自 %s 起暂停：人员名册记载该员工处于法定保护情形（《中华人民共和国"
                     "劳动合同法》第四十二条），保护期间%s。当前步骤不计期限，不发送提醒或升级；"
                     "保护情形结束后由 HR 重新审核本案。",
                     c->id, day,
                     window ? "不能出具解除（终止）劳动合同证明书或结案，已送达的通知可经员工同意"
                              "撤销（hrctl case rescind）"
                            : "不能安排面谈、送达解除（终止）通知或记录结果"),
        hr_arena_fmt(arena,
                     "case %s waits since %s: the directory records a legal protection for the "
                     "employee (LCL 42), and while it lasts %s. The step has no deadline "
                     "meanwhile (no reminder or escalation); once it ends HR reviews the case "
                     "again.",
                     c->id, day,
                     window ? "no certificate is issued and the case is not closed; the served "
                              "notice may be revoked with the employee's agreement (hrctl case "
                              "rescind)"
                            : "no interview, notice or outcome")};
    return n;
}

// An open case of someone in probation today (the directory's probation_end not past) carries
// until when in the reply (Case.probation_end), for whoever reads the case: grounds barred in it
// (LCL 21) wait for that day.
static void s_probation_note(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c)
{
    Hr__Workflow__Person *p = NULL;
    int32_t end = 0;
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    if (c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN &&
        !wf_store_person_get(hr_call_txn(call), c->employee_no, hr_call_arena(call), &p) &&
        hr_date_parse(p->probation_end, &end) && end >= today)
        c->probation_end = p->probation_end;
}

hr_rc_t wf_handle_get_case(void *server, hr_call_t *call)
{
    const Hr__Workflow__GetCaseRequest *req = hr_call_request(call);
    Hr__Workflow__Case *c = NULL;
    hr_rc_t rc = s_fetch(call, req->case_id, NULL, &c);
    if (rc == HR_ENOTFOUND && s_union_only(s_actor(call)))
        return s_union_refused(call, req->case_id); // not "no such case": the list says no more
    if (rc == HR_ENOTFOUND && s_payroll_only(s_actor(call)))
        return s_payroll_refused(call, req->case_id);
    if (rc)
        return rc;
    // The employee concerned reads the meeting they were invited to, nothing else of the case
    // (and before the invitation, not even that it exists: the same refusal as anyone's).
    if (wf_auth_is_employee(s_actor(call), c)) {
        Hr__Workflow__Case *view = wf_case_for_employee(c, hr_call_arena(call));
        if (!view)
            return s_may_read_as(call, c, NULL); // refused, as wf_auth_read_as refuses them
        // The arbitration limit as the notice served on them states it (from the contract's
        // end for 终止), not the review's count from the notice.
        const char *limit =
            view->assessment
                ? wf_dispute_limit_date(c, ((wf_server_t *)server)->time.cal, hr_call_arena(call))
                : "";
        if (*limit)
            view->assessment->arbitration_limit_date = (char *)limit;
        Hr__Workflow__CaseReply *rep = hr_call_reply(call);
        rep->case_ = view;
        rep->accepted = true;
        s_read(server, call, c, "employee",
               view->outcome         ? "the outcome as it reached them (ground, days, amounts and "
                                       "payments, duties, arbitration limit)"
               : view->employee_wage ? "the meeting (date, time, place), their wage"
                                     : "the meeting (date, time, place)");
        return HR_OK;
    }
    // The union reads, of a case its own union was notified of (LCL 43), what the notice tells
    // it - when nothing else (HR, the reporting line, a step) lets its holder read the case.
    // The payroll office reads, of a case whose outcome fixes money, what the pay statement
    // prints (wf_case_for_payroll) - when nothing else lets its holder read the case.
    // (The reporting line is walked only for them: HR and everyone else read on as before.)
    bool limited = s_payroll_only(s_actor(call)) || wf_auth_is_union(s_actor(call));
    bool reads_otherwise = limited && s_reads_otherwise(call, c);
    if (s_payroll_only(s_actor(call)) && !reads_otherwise &&
        (wf_pay_money_fixed(c) || !wf_auth_is_union(s_actor(call)))) {
        if (!wf_pay_money_fixed(c))
            return s_payroll_refused(call, c->id);
        Hr__Workflow__CaseReply *rep = hr_call_reply(call);
        rep->case_ = wf_case_for_payroll(c, hr_call_arena(call));
        rep->accepted = true;
        s_read(server, call, c, "payroll", "the pay statement's part (amounts, dates, payments)");
        return HR_OK;
    }
    if (wf_auth_is_union(s_actor(call)) && !reads_otherwise) {
        wf_server_t *self = server;
        wf_dept_map_t depts;
        rc = s_dept_map(hr_call_txn(call), hr_call_arena(call), &depts);
        if (rc)
            return wf_fail_store(call, rc, "could not read the departments");
        if (!wf_auth_union_reads(c, s_union_mine(self, call, &depts),
                                 s_case_entity_in(self, call, &depts, c).union_of))
            return s_union_refused(call, c->id);
        Hr__Workflow__CaseReply *rep = hr_call_reply(call);
        rep->case_ = wf_case_for_union(c, hr_call_arena(call));
        rep->accepted = true;
        s_read(server, call, c, "union", "the union's part (ground, reasons, dates, union record)");
        return HR_OK;
    }
    const char *as = NULL;
    rc = s_may_read_as(call, c, &as);
    if (rc)
        return rc;
    wf_problem_t *probs = NULL;
    size_t n = s_protection(server, call, c, &probs);
    n = s_hold_note(server, call, c, &probs, n);
    s_probation_note(server, call, c);
    rc = s_reply(server, call, c, true, probs, n);
    s_warned(call);
    if (!rc)
        s_read(server, call, c, as,
               c->money_hidden ? "case, history (amounts hidden)" : "case, history");
    return rc;
}

// The case lists' log (ListCaseReadsRequest.lists): HR, legal and the operator. Not itself
// recorded: it shows who listed cases, never a case.
static hr_rc_t s_list_lists(hr_call_t *call)
{
    const Hr__Workflow__ListCaseReadsRequest *req = hr_call_request(call);
    if (*req->case_id)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            "查看案件列表记录（谁列出过案件）时不能指定案件编号（case_id）：请去掉案件编号。",
            "case_id: none with lists (the lists' log is one)");
    if (!wf_auth_reads_all(s_actor(call)))
        return hr_call_fail_zh(call, HR_EDENIED,
                               "只有 HR 和法务可以查看谁列出过案件：如需了解，请联系 HR。",
                               "who listed cases is shown to HR and legal only");
    hr_rc_t rc =
        wf_store_lists_list(hr_call_txn(call), req->before, req->max ? req->max : WF_READS_DEFAULT,
                            hr_call_arena(call), hr_call_reply(call));
    if (rc)
        return wf_fail_store(call, rc, "could not read the case lists' log");
    return HR_OK;
}

// Who read the case, newest first (wf_store_reads_list): for HR, legal and the operator, and
// for the employee concerned once the case has reached them (wf_auth_reads_log_as), also after
// they left (s_log_reader). Reading the log is a read of the case too, and recorded after the
// page is read.
hr_rc_t wf_handle_list_case_reads(void *server, hr_call_t *call)
{
    const Hr__Workflow__ListCaseReadsRequest *req = hr_call_request(call);
    Hr__Workflow__ListCaseReadsReply *rep = hr_call_reply(call);
    size_t max = req->max ? req->max : WF_READS_DEFAULT;
    if (max > WF_READS_LIMIT)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "每次最多列出 %d 条查阅记录（max）：请减小 --max，或分页查看。",
                  WF_READS_LIMIT),
            "max: at most %d", WF_READS_LIMIT);
    if (req->lists)
        return s_list_lists(call);
    if (!hr_id_is_valid(req->case_id))
        return hr_call_fail_zh(call, HR_EINVAL,
                               "案件编号不对：应为 26 位的案件编号，可用 hrctl case list 查看。",
                               "case_id: not an id");
    Hr__Workflow__Case *c = NULL;
    hr_rc_t rc = wf_store_case_get(hr_call_txn(call), req->case_id, hr_call_arena(call), &c);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc,
            wf_zh(call, "没有编号为 %s 的案件：请用 hrctl case list 查看你能看到的案件。",
                  req->case_id),
            "case_id: no case %s", req->case_id);
    if (rc)
        return wf_fail_store(call, rc, "case_id: could not load the case");
    const Hr__Actor *a = s_log_reader(call);
    const char *as = wf_auth_reads_log_as(a, c);
    if (!as) {
        hr_info("case.denied", "case=%s user=%s type=%s", c->id, s_me(call),
                hr_call_envelope(call)->type);
        if (a->user_id && !strcmp(a->user_id, c->employee_no))
            return hr_call_fail_zh(call, HR_EDENIED,
                                   wf_zh(call,
                                         "案件 %s "
                                         "的查阅记录要等案件到达员工本人之后（已安排面谈、已记录结"
                                         "果或已结案）才向员工公开；在此之前如需了解，请联系 HR。",
                                         c->id),
                                   "case %s: its read log is shown to the employee concerned once "
                                   "the case has reached them (an interview scheduled, an outcome "
                                   "recorded, or the case closed); until then ask HR",
                                   c->id);
        rc = s_refuse_leaver(call); // their own case's log alone: say why
        if (rc)
            return rc;
        return hr_call_fail_zh(call, HR_EDENIED,
                               wf_zh(call,
                                     "案件 %s 的查阅记录（谁看过本案）只向 "
                                     "HR、法务和当事员工本人公开：如需了解，请联系 HR。",
                                     c->id),
                               "case %s: who read a case is shown to HR, legal and the employee "
                               "concerned only",
                               c->id);
    }
    rc = wf_store_reads_list(hr_call_txn(call), c->id, req->before, max, hr_call_arena(call), rep);
    if (rc)
        return wf_fail_store(call, rc, "could not read the case's read log");
    s_read(server, call, c, as,
           hr_arena_fmt(hr_call_arena(call), "read log (%zu shown)", rep->n_reads));
    return HR_OK;
}

typedef struct {
    hr_call_t *call;                           // borrowed
    const Hr__Actor *actor;                    // arena: the caller as trusted (s_actor)
    Hr__Workflow__ListCasesReply *rep;         // borrowed
    const Hr__Workflow__ListCasesRequest *req; // borrowed
    size_t max;                                // page size
    const wf_server_t *self;                   // borrowed: the calendar
    const wf_dept_map_t *depts;                // arena: read once, for a union person's list
    const char *union_mine;                    // the caller's union (s_union_mine), NULL none
} s_list_t;

// Adds summary s to the page; HR_ECONFLICT stops the scan when one more matches than it holds.
static hr_rc_t s_list_add(s_list_t *l, Hr__Workflow__CaseSummary *s)
{
    if (l->rep->n_cases >= l->max) { // one more matches than the page holds: say it was cut
        l->rep->more = true;
        return HR_ECONFLICT; // stops the scan
    }
    l->rep->cases[l->rep->n_cases++] = s;
    return HR_OK;
}

// LCL 43: a case the actor reads no other way is listed to the union's people when their own
// union was notified of it (wf_auth_union_reads), as the union reads it
// (wf_case_summary_for_union). The step filters never match it: the union sees no step, owner or
// due time.
static hr_rc_t s_list_union(s_list_t *l, const Hr__Workflow__Case *c)
{
    if (!wf_auth_is_union(l->actor) || !l->union_mine || *l->req->owner_no || l->req->overdue ||
        !wf_auth_union_reads(c, l->union_mine,
                             s_case_entity_in(l->self, l->call, l->depts, c).union_of))
        return HR_OK;
    hr_arena_t *arena = hr_call_arena(l->call);
    Hr__Workflow__Person *p = NULL;
    const char *name =
        wf_store_person_get(hr_call_txn(l->call), c->employee_no, arena, &p) ? NULL : p->name;
    return s_list_add(l, wf_case_summary_for_union(c, name, arena));
}

// A case the actor reads no other way is listed to the payroll office while it awaits payment
// (wf_pay_owed: its outcome fixes money, not all of it paid), as payroll reads it
// (wf_case_summary_for_payroll); else as the union would list it (s_list_union). The step
// filters never match it.
static hr_rc_t s_list_payroll(s_list_t *l, const Hr__Workflow__Case *c)
{
    if (!wf_auth_is_payroll(l->actor) || *l->req->owner_no || l->req->overdue ||
        wf_pay_owed(c) <= 0)
        return s_list_union(l, c);
    hr_arena_t *arena = hr_call_arena(l->call);
    Hr__Workflow__Person *p = NULL;
    const char *name =
        wf_store_person_get(hr_call_txn(l->call), c->employee_no, arena, &p) ? NULL : p->name;
    return s_list_add(l, wf_case_summary_for_payroll(c, name, arena));
}

static hr_rc_t s_list_one(void *arg, Hr__Workflow__Case *c)
{
    s_list_t *l = arg;
    hr_call_t *call = l->call;
    hr_arena_t *arena = hr_call_arena(call);
    if (l->req->state && c->state != l->req->state)
        return HR_OK;
    // The employee concerned reads their case as its employee alone, whatever roles they hold
    // (wf_auth_can_read): once it reached them (the outcome recorded), its own row.
    if (l->actor->user_id && !strcmp(l->actor->user_id, c->employee_no)) {
        if (!wf_auth_employee_reached(c))
            return HR_OK;
        Hr__Workflow__Person *p = NULL;
        const char *name =
            wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p) ? NULL : p->name;
        return s_list_add(l, wf_case_summary_for_employee(c, name, arena));
    }
    if (!wf_auth_reads_all(l->actor)) {
        const char *line[WF_LINE_MAX];
        size_t n = 0;
        hr_rc_t rc = s_case_line(call, c, line, &n);
        if (rc)
            return rc;
        if (!wf_auth_can_read(l->actor, c, line, n))
            return s_list_payroll(l, c);
    }
    Hr__Workflow__CaseSummary *s = hr_arena_alloc(arena, sizeof *s);
    hr__workflow__case_summary__init(s);
    s->id = c->id;
    s->employee_no = c->employee_no;
    Hr__Workflow__Person *p = NULL;
    if (!wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p))
        s->employee_name = p->name;
    s->manager_no = c->manager_no;
    s->ground = c->ground;
    s->state = c->state;
    s->reinstated =
        c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_CLOSED && wf_case_is_reinstated(c);
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    if (!cur) // a closed case whose duties are still owed shows the one to look at first
        cur = wf_tell_open_duty(c, &s->open_duties);
    s->step = cur ? cur->key : "";
    s->step_due_ms = cur ? cur->due_ms : 0;
    s->protection_held =
        c->protection_held_ms && c->state == HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN;
    if (cur) {
        Hr__Workflow__CaseStep marked = *cur;
        wf_deadline_mark_undeclared(&l->self->time, &marked);
        s->step_due_year_undeclared = marked.due_year_undeclared;
        s->step_due_year_statutory_known = marked.due_year_statutory_known;
    }
    s->escalation_level = cur ? cur->escalation_level : 0;
    s->opened_ms = c->opened_ms;
    // Who it waits on, and whether they are late.
    int64_t now_ms = hr_call_now_ms(call);
    s->step_owner_no = cur ? cur->owner_no : "";
    s->overdue = cur && cur->due_ms && now_ms >= cur->due_ms;
    if (*l->req->owner_no && strcmp(s->step_owner_no, l->req->owner_no))
        return HR_OK;
    if (l->req->overdue && !s->overdue)
        return HR_OK;
    // A step whose owner has left and nobody fit took over (wf_server_hand_on) waits for nobody:
    // shown, for HR to reassign (ReassignCase).
    Hr__Workflow__Person *owner = NULL;
    if (cur && *cur->owner_no &&
        !wf_store_person_get(hr_call_txn(call), cur->owner_no, arena, &owner)) {
        s->step_owner_name = owner->name;
        if (wf_person_has_left(owner, now_ms))
            s->owner_left = owner->employee_no;
    }
    return s_list_add(l, s);
}

static void s_list_hook(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_list_read_t *r = arg;
    wf_server_record_list(r->self, &r->entry); // counted and logged when it fails
}

// A person's list of cases (wf_auth_read_is_recorded) is one entry in the case lists' log -
// who, as what, the filter, how many shown and the first and last of them - not one per case:
// written like a case's read (s_read), before the reply leaves.
static void s_listed(wf_server_t *self, hr_call_t *call, const Hr__Actor *a)
{
    if (!s_recorded(call))
        return;
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Workflow__ListCasesRequest *req = hr_call_request(call);
    const Hr__Workflow__ListCasesReply *rep = hr_call_reply(call);
    s_list_read_t *r = hr_arena_alloc(arena, sizeof *r);
    r->self = self;
    hr__workflow__case_list_read__init(&r->entry);
    r->entry.at_ms = hr_call_now_ms(call);
    r->entry.reader = a->user_id;
    r->entry.role = (char *)wf_auth_list_as(a);
    r->entry.roles = a->roles;
    r->entry.n_roles = a->n_roles;
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
        &hr__workflow__case_state__descriptor, (int)req->state);
    char *state = hr_arena_strdup(arena, req->state && v ? v->name + strlen("CASE_STATE_") : "");
    for (char *p = state; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    r->entry.state = state;
    r->entry.after = hr_arena_strdup(arena, req->after);
    r->entry.shown = (uint32_t)rep->n_cases;
    r->entry.first_id = rep->n_cases ? rep->cases[0]->id : "";
    r->entry.last_id = rep->n_cases ? rep->cases[rep->n_cases - 1]->id : "";
    r->entry.msg_id = hr_arena_strdup(arena, hr_call_msg_id(call));
    hr_call_after_commit(call, s_list_hook, r);
}

hr_rc_t wf_handle_list_cases(void *server, hr_call_t *call)
{
    const Hr__Workflow__ListCasesRequest *req = hr_call_request(call);
    Hr__Workflow__ListCasesReply *rep = hr_call_reply(call);
    size_t max = req->max ? req->max : WF_LIST_DEFAULT;
    if (max > WF_LIST_LIMIT)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "每次最多列出 %d 条（max）：请减小 --max，或分页查看。", WF_LIST_LIMIT),
            "max: at most %d", WF_LIST_LIMIT);
    if (*req->after && !hr_id_is_valid(req->after))
        return hr_call_fail_zh(
            call, HR_EINVAL, "翻页位置（after）不是有效的案件编号：请用上一页最后一个案件的编号。",
            "after: not an id");
    if (*req->owner_no && !s_key_ok(req->owner_no))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call, "经办人编号（owner_no）应为 1 至 %d 字节。", WF_KEY_MAX),
                               "owner_no: 1..%d bytes", WF_KEY_MAX);
    // The union's people see no step, owner or due time of the cases they read as the union
    // (LCL 43: wf_case_summary_for_union): filtering by them is not theirs, unless they manage
    // cases too.
    const Hr__Actor *a = s_actor(call);
    if (wf_auth_is_union(a) && !wf_auth_reads_all(a) && !hr_actor_has_role(a, "manager") &&
        (*req->owner_no || req->overdue))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            wf_zh(call,
                  "工会人员查看的是已通知工会的案件（《劳动合同法》第四十三条），不含办理步骤、经办"
                  "人和期限：不能按%s筛选，请去掉 %s。",
                  *req->owner_no ? "经办人（owner_no）" : "是否逾期（overdue）",
                  *req->owner_no ? "--owner" : "--overdue"),
            "%s: the union's list (LCL 43: the cases it was notified of) shows no step, owner or "
            "due time, so it is not filtered by them: leave %s out",
            *req->owner_no ? "owner_no" : "overdue", *req->owner_no ? "--owner" : "--overdue");
    // Nor are they the payroll office's: it lists the cases awaiting payment.
    if (s_payroll_only(a) && !hr_actor_has_role(a, "manager") && (*req->owner_no || req->overdue))
        return hr_call_fail_zh(
            call, HR_EDENIED,
            wf_zh(
                call,
                "薪资人员查看的是待付款的案件（已记录解除或终止结果、尚有款项未付），不含办理步骤、"
                "经办人和期限：不能按%s筛选，请去掉 %s。",
                *req->owner_no ? "经办人（owner_no）" : "是否逾期（overdue）",
                *req->owner_no ? "--owner" : "--overdue"),
            "%s: the payroll office's list (the cases awaiting payment) shows no step, owner or "
            "due time, so it is not filtered by them: leave %s out",
            *req->owner_no ? "owner_no" : "overdue", *req->owner_no ? "--owner" : "--overdue");
    rep->cases = hr_arena_alloc(hr_call_arena(call), (max + 1) * sizeof *rep->cases);
    // A union person's list places every case's employee: the departments are read once here.
    wf_dept_map_t depts = {NULL, 0};
    const char *mine = NULL;
    if (wf_auth_is_union(a)) {
        hr_rc_t rc = s_dept_map(hr_call_txn(call), hr_call_arena(call), &depts);
        if (rc)
            return wf_fail_store(call, rc, "could not read the departments");
        mine = s_union_mine(server, call, &depts);
    }
    s_list_t l = {call, a, rep, req, max, server, &depts, mine};
    hr_rc_t rc =
        wf_store_case_each(hr_call_txn(call), req->after, hr_call_arena(call), s_list_one, &l);
    if (rc)
        return wf_fail_store(call, rc, "could not list the cases");
    s_listed(server, call, l.actor);
    return HR_OK;
}

hr_rc_t wf_handle_list_outbox(void *server, hr_call_t *call)
{
    HR_UNUSED(server);
    const Hr__Workflow__ListOutboxRequest *req = hr_call_request(call);
    if (!hr_actor_is_operator(s_actor(call)))
        return hr_call_fail_zh(call, HR_EDENIED,
                               "只有运维人员（operator）可以查看待发送消息队列（outbox）。",
                               "workflow.ListOutbox: operators only");
    size_t max = req->max ? req->max : WF_LIST_DEFAULT;
    if (max > WF_LIST_LIMIT)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "每次最多列出 %d 条（max）：请减小 --max，或分页查看。", WF_LIST_LIMIT),
            "max: at most %d", WF_LIST_LIMIT);
    hr_rc_t rc =
        wf_store_outbox_list(hr_call_txn(call), max, hr_call_arena(call), hr_call_reply(call));
    if (rc)
        return wf_fail_store(call, rc, "could not read the outbox");
    return HR_OK;
}

// ---------------------------------------------------------------------------------------------
// Closing documents

// The dates a notice made before the outcome states (wf_doc_notice_days): the request's as
// given, else the review's planned ones while its notice date has not passed - never a notice
// dated before the day it is made. An end date not given is the review's (an expiry: the
// contract's end), for the review's notice day only: served on another day, the end is HR's to
// give, never reckoned anew here (the letter would contradict the review). Checked as RecordOutcome
// checks a notice served on them (s_outcome_date: not before the hire or the interview, the end not
// before the notice, the case assessed again with them against today's directory), so c->assessment
// becomes that assessment (a read: nothing is saved) and the notice's amounts come from it. An
// assessment not lawful with them is refused; for an Art. 42 status (an expiry's too: LCL 45
// extends the contract) with s_protect_refused, as its amounts would be a lawful notice's none.
// HR_OK with *served and *effective (arena), or the failure on the call.
static hr_rc_t s_notice_dates(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                              const char *want_served, const char *want_effective,
                              const char **served, const char **effective)
{
    hr_arena_t *arena = hr_call_arena(call);
    const Hr__Workflow__Assessment *as = c->assessment;
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    int32_t planned = 0, day = 0, end = 0;
    bool has_planned = as && s_notice_day(as, &planned);
    char a[HR_DATE_LEN], b[HR_DATE_LEN], err[S_DATES_ERR_LEN], err_zh[S_DATES_ERR_LEN];
    hr_rc_t dr = wf_doc_notice_days(c, want_served, want_effective, has_planned ? &planned : NULL,
                                    today, &day, &end, err, sizeof err, err_zh, sizeof err_zh);
    if (dr)
        return hr_call_fail_zh(call, dr, err_zh, "%s", err);
    *served = hr_arena_strdup(arena, hr_date_format(day, a));
    *effective = hr_arena_strdup(arena, hr_date_format(end, b));
    bool lawful = true;
    hr_rc_t rc = s_outcome_date(self, call, c, *effective, end, day, true, true, &lawful);
    if (rc || lawful)
        return rc;
    for (size_t i = 0; i < c->assessment->n_findings; i++) {
        const Hr__Workflow__Finding *fd = c->assessment->findings[i];
        if (!strcmp(fd->severity, "block") && !wf_finding_is_protected(fd))
            return hr_call_fail_zh(
                call, HR_ECONFLICT,
                wf_zh(call, "案件 %s：若于 %s 送达、合同于 %s %s，将不合法：%s", c->id, *served,
                      *effective, wf_doc_ending_word(c, WF_DOC_ZH, false), fd->message_zh),
                "case %s: a notice served %s ending the contract %s would not be "
                "lawful: [%s] %s",
                c->id, *served, *effective, fd->code, fd->message_en);
    }
    // Only protections bar it: the letter would state a lawful notice's terms with none of its
    // money (severance 0.00), and serving it while they last is unlawful (LCL 42, 87).
    const Hr__Workflow__Assessment *dated = c->assessment;
    wf_problem_t *probs = hr_arena_alloc(arena, (dated->n_findings + 1) * sizeof *probs);
    size_t n = 0;
    for (size_t i = 0; i < dated->n_findings; i++) {
        const Hr__Workflow__Finding *fd = dated->findings[i];
        if (!strcmp(fd->severity, "block"))
            probs[n++] =
                (wf_problem_t){fd->code, fd->fact, fd->article, fd->message_zh, fd->message_en};
    }
    if (!n)
        return HR_OK;
    probs[n++] =
        (wf_problem_t){"PROTECTED_SINCE_REVIEW", WF_STATUS_PATH_PREFIX "*", "LCL 42", "", ""};
    return s_protect_refused(call, c, probs, n, "制作或存档解除（终止）通知书",
                             "making or storing the notice");
}

// The documents' input for case c (its employee and department read from the directory) into
// *in; HR_OK, or the failure on the call.
static hr_rc_t s_doc_input(wf_server_t *self, hr_call_t *call, const Hr__Workflow__Case *c,
                           wf_doc_kind_t kind, wf_doc_input_t *in)
{
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Workflow__Person *p = NULL;
    hr_rc_t rc = wf_store_person_get(hr_call_txn(call), c->employee_no, arena, &p);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail_zh(
            call, rc,
            wf_zh(
                call,
                "人员名册中没有员工 %s：请 HR 先导入其信息（hrctl import people FILE）再生成文书。",
                c->employee_no),
            "employee %s is not in the directory", c->employee_no);
    if (rc)
        return wf_fail_store(call, rc, "could not read the employee");
    // A case past review states the directory facts its assessment kept, as the money was
    // decided on them (Reg. Art. 24: a people import after the close does not rewrite the
    // certificate's term and years of service); an assessment stored before them, or none yet:
    // today's directory (hrctl case show says which).
    const Hr__Workflow__Assessment *as = c->assessment;
    const char *department = NULL;
    if (as && as->kept_facts) {
        Hr__Workflow__Person *kept = hr_arena_alloc(arena, sizeof *kept);
        *kept = *p;
        kept->hire_date = as->kept_hire_date;
        kept->contract_type = as->kept_contract_type;
        kept->contract_start = as->kept_contract_start;
        kept->contract_end = as->kept_contract_end;
        kept->probation_end = as->kept_probation_end;
        kept->title = as->kept_title;
        kept->department_id = as->kept_department_id;
        p = kept;
        if (*as->kept_department)
            department = as->kept_department;
    }
    Hr__Workflow__Department *d = NULL;
    if (!department && wf_store_department_get(hr_call_txn(call), p->department_id, arena, &d))
        d = NULL; // shown as missing in the document
    s_entity_t e;
    if ((rc = s_entity(self, hr_call_txn(call), arena, p, &e)))
        return wf_fail_store(call, rc, "could not read the departments");
    *in = (wf_doc_input_t){.kind = kind,
                           .c = c,
                           .p = p,
                           .department = department ? department
                                         : d        ? d->name
                                                    : "",
                           .company_name = e.name,
                           .company_address = e.address,
                           .has_union = e.has_union,
                           .union_name = e.union_name,
                           .now_ms = hr_call_now_ms(call),
                           .tz_offset_min = self->time.tz_offset_min,
                           .served_date = "",
                           .effective_date = "",
                           .cal = self->time.cal};
    // The anchor the notice and certificate print: this case's own latest entry, so a render
    // made again with the case unchanged prints the same value (the journal's head moves with
    // every other case).
    wf_journal_head_t last;
    if ((rc = wf_store_journal_last(hr_call_txn(call), c->id, &last)))
        return wf_fail_store(call, rc, "could not read the case journal");
    if (last.seq) {
        char *hex = hr_arena_alloc(arena, 2 * WF_HASH_BYTES + 1);
        wf_hex(last.hash, WF_HASH_BYTES, hex);
        in->journal_hash = hex;
    }
    return HR_OK;
}

// The union's letter (LCL 43) of case c into *doc: the notice day HR proposes, or the outcome's
// or the review's (wf_doc_union_day: not before today, after the interview), no contract end
// (want_effective refused).
static hr_rc_t s_union_doc_make(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                                wf_doc_lang_t lang, const char *want_served,
                                const char *want_effective, wf_doc_t *doc, const char **served,
                                const char **effective)
{
    int32_t day = 0;
    int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->time.tz_offset_min);
    if (*want_effective)
        return hr_call_fail_zh(call, HR_EINVAL,
                               "通知工会函只写拟解除通知的日期（served_date），不写合同终止日期"
                               "（effective_date）：请去掉 --effective。",
                               "effective_date: not for the union's letter (it states the notice "
                               "day HR proposes, served_date)");
    char err[S_DATES_ERR_LEN], err_zh[S_DATES_ERR_LEN], buf[HR_DATE_LEN];
    hr_rc_t dr =
        wf_doc_union_day(c, want_served, today, &day, err, sizeof err, err_zh, sizeof err_zh);
    if (dr)
        return hr_call_fail_zh(call, dr, err_zh, "%s", err);
    wf_doc_input_t in;
    hr_rc_t rc = s_doc_input(self, call, c, WF_DOC_UNION_NOTICE, &in);
    if (rc)
        return rc;
    in.served_date = day ? hr_arena_strdup(hr_call_arena(call), hr_date_format(day, buf)) : "";
    // A reprint of the letter the union received (its notice recorded with the day it proposed)
    // bears the day it was given, so it asks the union's opinion by the day it asked then.
    const Hr__Workflow__UnionRecord *u = c->union_record;
    int32_t given = 0;
    if (!*want_served && !c->outcome && u && *u->notice_proposed_date &&
        hr_date_parse(u->notice_date, &given))
        in.now_ms = hr_ms_of_day(given, self->time.tz_offset_min);
    wf_doc_fill(self->docs->text[WF_DOC_UNION_NOTICE][lang], &in, lang, hr_call_arena(call), doc);
    *served = want_served;
    *effective = "";
    return HR_OK;
}

// A closing document of case c as RenderDocument makes it (every check included) into *doc;
// the notice's dates in *served and *effective ("" for the certificate), want_*: the dates asked
// for ("" none). c->assessment is as it was on return. HR_OK, or the failure on the call.
static hr_rc_t s_doc_make(wf_server_t *self, hr_call_t *call, Hr__Workflow__Case *c,
                          wf_doc_kind_t kind, wf_doc_lang_t lang, const char *want_served,
                          const char *want_effective, wf_doc_t *doc, const char **served,
                          const char **effective)
{
    hr_arena_t *arena = hr_call_arena(call);
    char err[S_ERR_LEN], err_zh[S_ERR_LEN];
    if (wf_doc_allowed(c, kind, err, sizeof err, err_zh, sizeof err_zh))
        return hr_call_fail_zh(call, HR_ECONFLICT, err_zh, "%s", err);
    const wf_docs_t *docs = self->docs;
    const char *tpl = docs ? docs->text[kind][lang] : NULL;
    if (!tpl)
        return hr_call_fail_zh(
            call, HR_ENOTFOUND,
            wf_zh(call,
                  "没有%s的%s模板：服务启动时 %s/%s.%s.txt 不存在。请系统管理员添加该文件后重启 "
                  "hr-workflow。",
                  lang == WF_DOC_ZH ? "中文" : "英文", wf_doc_kind_zh(kind),
                  docs ? docs->dir : WF_DOC_DIR, wf_doc_kind_name(kind), wf_doc_lang_name(lang)),
            "documents: no %s template in %s: %s/%s.%s.txt was missing when the "
            "daemon started (add it and restart)",
            wf_doc_kind_name(kind), wf_doc_lang_name(lang), docs ? docs->dir : WF_DOC_DIR,
            wf_doc_kind_name(kind), wf_doc_lang_name(lang));
    if (wf_doc_fits(tpl, c, kind, err, sizeof err, err_zh, sizeof err_zh))
        return hr_call_fail_zh(call, HR_ECONFLICT, err_zh, "%s", err);
    // The notice's dates: the outcome's once it is recorded, before it the ones checked here.
    const Hr__Workflow__Outcome *o = c->outcome;
    bool done = o && o->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_NOTICE_SERVED;
    const char *served_date = done ? o->served_date : "";
    const char *effective_date = done ? o->effective_date : "";
    bool asked = *want_served || *want_effective;
    // The union's letter states the notice day HR proposes (served_date), its opinion asked for
    // by the day before; no contract end.
    if (kind == WF_DOC_UNION_NOTICE)
        return s_union_doc_make(self, call, c, lang, want_served, want_effective, doc, served,
                                effective);
    // The certificate states an end the revocation window may still undo (LCL 42, 87).
    if (kind == WF_DOC_CERTIFICATE) {
        hr_rc_t pc = s_protect_check(self, call, c, "出具解除（终止）劳动合同证明书",
                                     "issuing the certificate");
        if (pc)
            return pc;
    }
    if (asked && kind != WF_DOC_NOTICE)
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "送达日期和终止日期（served_date、effective_date）只用于%s；"
                                     "证明书载明已记录结果中的日期，无需填写。",
                                     wf_doc_case_kind_zh(c, WF_DOC_NOTICE)),
                               "served_date, effective_date: for the notice only (the certificate "
                               "states the outcome's)");
    if (asked && done &&
        ((*want_served && strcmp(want_served, o->served_date)) ||
         (*want_effective && strcmp(want_effective, o->effective_date))))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call,
                  "案件 %s 的%s劳动合同通知已于 %s 送达，合同于 %s "
                  "%s（已记录的结果）：通知书只能载明这两个日期，不能写 %s%s%s。请去掉 "
                  "--served、--effective 或改为这两个日期。",
                  c->id, wf_doc_ending_word(c, WF_DOC_ZH, false), o->served_date, o->effective_date,
                  wf_doc_ending_word(c, WF_DOC_ZH, false), want_served,
                  *want_served && *want_effective ? "、" : "", want_effective),
            "served_date, effective_date: case %s's notice was served on %s, the "
            "contract ending %s (the outcome): the notice states those dates, not %s%s%s",
            c->id, o->served_date, o->effective_date, want_served,
            *want_served && *want_effective ? ", " : "", want_effective);
    // The notice's amounts come from the assessment with its dates; c keeps the reviewed one.
    Hr__Workflow__Assessment *reviewed = c->assessment;
    hr_rc_t rc = kind == WF_DOC_NOTICE && !done
                     ? s_notice_dates(self, call, c, want_served, want_effective, &served_date,
                                      &effective_date)
                     : HR_OK;
    Hr__Workflow__Assessment *dated = c->assessment;
    c->assessment = reviewed;
    if (rc)
        return rc;
    wf_doc_input_t in;
    rc = s_doc_input(self, call, c, kind, &in);
    if (rc)
        return rc;
    in.served_date = served_date;
    in.effective_date = effective_date;
    c->assessment = dated;
    wf_doc_fill(tpl, &in, lang, arena, doc);
    c->assessment = reviewed;
    *served = kind == WF_DOC_NOTICE ? served_date : "";
    *effective = kind == WF_DOC_NOTICE ? effective_date : "";
    return HR_OK;
}

// The warning beside a document whose arbitration limit a year's unpublished holiday notice may
// move (wf_doc_t.limit_unsure_year): what the letter says instead of a day, and what HR does.
static wf_problem_t s_limit_unsure(const wf_doc_t *doc, hr_arena_t *arena)
{
    char at[HR_DATE_LEN];
    hr_date_format(doc->limit_day, at);
    int y = doc->limit_unsure_year;
    return (wf_problem_t){
        "ARBITRATION_LIMIT_YEAR_NOT_DECLARED", "arbitration_limit_date",
        "LDMAL Art. 27; Civil Code Art. 203",
        hr_arena_fmt(arena,
                     "仲裁时效一年期满日为 %s，是否顺延取决于国务院办公厅%d年部分节假日安排的"
                     "通知，公司日历尚未收入该通知（%d年的调休放假、调休上班未知）：文书写明该日"
                     "并附《民法典》第二百零三条的规则，而不写可能不准的顺延日。通知公布并收入日历"
                     "（calendar.txt 的 year %d）后，可重新生成文书写明确切日期。",
                     at, y, y, y),
        hr_arena_fmt(arena,
                     "The arbitration limit ends on %s, in days of %d whose State Council holiday "
                     "notice is not in the company calendar (its bridge days off and adjusted "
                     "working days are unknown): the document states that day with the rule of "
                     "Civil Code Art. 203 instead of a later day it cannot stand by. Once the "
                     "notice is published and added to the calendar (year %d in calendar.txt), "
                     "render it again to state the exact day.",
                     at, y, y)};
}

// The same for the transfer of the file and social insurance (wf_doc_t.transfer_unsure_year):
// the fifteenth day the letter states with Art. 203's rule.
static wf_problem_t s_transfer_unsure(const wf_doc_t *doc, hr_arena_t *arena)
{
    char at[HR_DATE_LEN];
    hr_date_format(doc->transfer_day, at);
    int y = doc->transfer_unsure_year;
    return (wf_problem_t){
        "TRANSFER_YEAR_NOT_DECLARED", "transfer_date", "LCL Art. 50; Civil Code Art. 203",
        hr_arena_fmt(
            arena,
            "档案和社会保险关系转移的十五日期满日为 %s，是否顺延取决于国务院办公厅%d年部分"
            "节假日安排的通知，公司日历尚未收入该通知（%d年的调休放假、调休上班未知）：文书"
            "写明该日并附《民法典》第二百零三条的规则，转移手续的期限按可能的最早一日计。通"
            "知公布并收入日历（calendar.txt 的 year %d）后，可重新生成文书写明确切日期。",
            at, y, y, y),
        hr_arena_fmt(arena,
                     "The fifteen days for transferring the file and social insurance end on %s, "
                     "in days of %d whose State Council holiday notice is not in the company "
                     "calendar (its bridge days off and adjusted working days are unknown): the "
                     "document states that day with the rule of Civil Code Art. 203, and the "
                     "transfer duty is due on the earliest day that rule may give. Once the notice "
                     "is published and added to the calendar (year %d in calendar.txt), render it "
                     "again to state the exact day.",
                     at, y, y)};
}

// Whether doc has a gap for the field name.
static bool s_doc_lacks(const wf_doc_t *doc, const char *name)
{
    for (size_t i = 0; i < doc->nmissing; i++)
        if (!strcmp(doc->missing[i], name))
            return true;
    return false;
}

// The warning beside a union's letter whose notice day leaves the union less than one full day
// for its opinion (opinion_by is never the letter's own day or before): what HR does.
static wf_problem_t s_opinion_no_day(const Hr__Workflow__Case *c, const char *served,
                                     hr_arena_t *arena)
{
    return (wf_problem_t){
        "UNION_OPINION_NO_DAY", "opinion_by", "LCL Art. 43",
        hr_arena_fmt(arena,
                     "案件 %s：拟送达日%s距本函日期不足一整天，工会来不及研究并提出书面意见，函中"
                     "意见期限空缺。请以 --served 给出至少两天后的日期再生成：hrctl case document "
                     "%s union_notice --served YYYY-MM-DD。",
                     c->id, served && *served ? served : "", c->id),
        hr_arena_fmt(arena,
                     "case %s: the notice day%s%s leaves the union less than one full day for its "
                     "written opinion, so the letter has no day to ask it by: propose a day at "
                     "least two days after the letter's (hrctl case document %s union_notice "
                     "--served YYYY-MM-DD)",
                     c->id, served && *served ? " " : "", served ? served : "", c->id)};
}

// The termination certificate or notice of a case, filled from the company's template
// (wf_document.c): HR only, and only where the case stands allows it (wf_doc_allowed). A read:
// the case's read log says who had which document made (the text itself is not kept); hrctl
// --store puts the text into hr-evidence and attaches it.
// Why a document with gaps is not stored, and where each gap is filled: Chinese in *zh, the
// English returned (arena).
static const char *s_doc_gaps(const Hr__Workflow__Case *c, wf_doc_kind_t kind, const wf_doc_t *doc,
                              hr_arena_t *arena, const char **zh)
{
    enum { PERSON, COMPANY, REVIEW, DATES, N_WHERE };
    static const char *const where_zh[N_WHERE] = {
        "员工信息在人员名册中补充（hrctl import people）",
        "公司名称和地址在 workflow.cfg 的 company/name、company/address 中设置",
        "事实和理由由HR在审核时填写（hrctl case review --reasons）",
        "送达日和终止日以 --served、--effective 给出"};
    static const char *const where_en[N_WHERE] = {
        "the employee's details in the directory (hrctl import people)",
        "company/name and company/address in workflow.cfg",
        "the reasons at HR's review (hrctl case review --reasons)", "--served and --effective"};
    bool need[N_WHERE] = {false};
    const char *names = "";
    for (size_t i = 0; i < doc->nmissing; i++) {
        const char *f = doc->missing[i];
        names = hr_arena_fmt(arena, "%s%s%s", names, i ? ", " : "", f);
        if (!strncmp(f, "company_", 8))
            need[COMPANY] = true;
        else if (!strcmp(f, "reason"))
            need[REVIEW] = true;
        else if (strstr(f, "date") && strcmp(f, "hire_date"))
            need[DATES] = true;
        else
            need[PERSON] = true;
    }
    const char *wz = "", *we = "";
    for (int w = 0; w < N_WHERE; w++)
        if (need[w]) {
            wz = hr_arena_fmt(arena, "%s%s；", wz, where_zh[w]);
            we = hr_arena_fmt(arena, "%s%s%s", we, *we ? "; " : "", where_en[w]);
        }
    *zh =
        hr_arena_fmt(arena,
                     "案件 %s：%s缺少 %s（文中以【缺：…】标出），有空缺的文书不作为送达或证明的文书"
                     "存档：%s补齐后重新生成；不加 --store 可先阅读",
                     c->id, wf_doc_case_kind_zh(c, kind), names, wz);
    return hr_arena_fmt(arena,
                        "case %s: the %s has no value for %s: a document with gaps is not "
                        "stored - fill them in (%s) and render it again",
                        c->id, wf_doc_kind_name(kind), names, we);
}

hr_rc_t wf_handle_render_document(void *server, hr_call_t *call)
{
    wf_server_t *self = server;
    const Hr__Workflow__RenderDocumentRequest *req = hr_call_request(call);
    Hr__Workflow__RenderDocumentReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    wf_doc_kind_t kind;
    wf_doc_lang_t lang = WF_DOC_ZH;
    if (!wf_doc_kind_parse(req->kind, &kind))
        return hr_call_fail_zh(call, HR_EINVAL,
                               wf_zh(call,
                                     "文书类型（kind）只能是 certificate（解除（终止）劳动合同的"
                                     "证明）、notice（解除（终止）劳动合同通知书）或 union_notice"
                                     "（解除劳动合同通知工会函），不能是“%.32s”。",
                                     req->kind),
                               "kind: certificate, notice or union_notice, not '%.32s'", req->kind);
    // The union's letter is no proof that the union was told: its receipt is (a union_notice
    // record, hrctl case union ID notice DATE --evidence EVID).
    if (kind == WF_DOC_UNION_NOTICE && req->store)
        return hr_call_fail_zh(
            call, HR_EINVAL,
            "通知工会函不作为证据存档：工会签收的回执才证明已通知工会。请把回执作为“通知工会的"
            "记录”类证据（--kind union_notice）上传，再执行 hrctl case union 案件编号 notice 日期 "
            "--evidence 记录编号。",
            "store: the union's letter is not stored as evidence - the union's receipt is the "
            "proof (attach it as a union_notice record, then hrctl case union ID notice DATE "
            "--evidence EVID)");
    if (*req->language && !wf_doc_lang_parse(req->language, &lang))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            wf_zh(call, "文书语言（language）只能是 zh（中文）或 en（英文），不能是“%.32s”。",
                  req->language),
            "language: zh or en, not '%.32s'", req->language);
    Hr__Workflow__Case *c = NULL;
    hr_rc_t rc = s_fetch(call, req->case_id, NULL, &c);
    if (rc)
        return rc;
    // The certificate is the employee's own (LCL 50): once the case reached them they render it
    // to read, as HR would serve it - never storing it, nor any other document.
    bool own_certificate = kind == WF_DOC_CERTIFICATE && !req->store &&
                           wf_auth_is_employee(s_actor(call), c) && wf_auth_employee_reached(c);
    const char *as = "employee";
    rc = own_certificate ? HR_OK : s_may_read_as(call, c, &as);
    if (rc)
        return rc;
    // Legal reads a document as it would be served; storing it as the case's evidence is HR's.
    if (!own_certificate && !wf_auth_may_render(s_actor(call), req->store)) {
        bool legal = req->store && wf_actor_is_legal(s_actor(call));
        return hr_call_fail_zh(
            call, HR_EDENIED,
            legal ? "把文书存为案件证据只能由 HR 办理：法务可以不加 --store 生成文书阅读"
                    "（hrctl case document ID notice|certificate）。"
                  : hr_arena_fmt(arena,
                                 "只有 HR 可以生成离职文书：请由 HR 执行 hrctl case document %s "
                                 "certificate|notice --as HR 的工号。",
                                 c->id),
            "workflow.RenderDocument: only HR may do this%s",
            legal ? " with store (storing a document as the case's evidence is HR's act; legal "
                    "renders it to read, without --store)"
                  : hr_arena_fmt(arena,
                                 ": an HR person does it (hrctl case document %s "
                                 "certificate|notice --as EMPLOYEE_NO)",
                                 c->id));
    }
    // LCL 41, GC180: a layoff notice states the layoff it is part of and its trigger; a case in
    // no batch (reviewed before batches were required) gets none until it joins one and is
    // reviewed again, which sets the batch's trigger.
    if (kind == WF_DOC_NOTICE && !strcmp(c->ground, "A41") &&
        (!*c->layoff_id || !wf_a41_trigger_text(c->a41_trigger, false)))
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call,
                  "案件 %s 是经济性裁员（A41），但%s：裁员通知须写明所依据的《劳动合同法》第四十"
                  "一条第一款的具体情形（指导案例180号：通知所载理由即为解除依据），人数也须按整"
                  "次裁员核对。请%s再审核本案（hrctl case review %s ...，情形取自批次），然后生成"
                  "通知。",
                  c->id, *c->layoff_id ? "审核时没有记录裁员情形" : "不属于任何裁员批次",
                  *c->layoff_id ? ""
                                : "建立裁员批次（hrctl layoff create --reason 情形）并加入本案"
                                  "（hrctl layoff add 批次编号 案件编号），",
                  c->id),
            "case %s is an A41 layoff %s: the notice must state the item of LCL 41 para 1 it "
            "rests on (GC180: the notice fixes the reason) and the count is the whole layoff's: "
            "%sreview the case again (hrctl case review %s ..., the trigger comes from the "
            "batch), then render the notice",
            c->id, *c->layoff_id ? "reviewed with no trigger" : "in no layoff batch",
            *c->layoff_id ? ""
                          : "create the layoff (hrctl layoff create --reason TRIGGER), add the "
                            "case (hrctl layoff add ID CASE_ID), ",
            c->id);
    wf_doc_t doc;
    const char *served = "", *effective = "";
    rc = s_doc_make(self, call, c, kind, lang, req->served_date, req->effective_date, &doc, &served,
                    &effective);
    if (rc)
        return rc;
    // A notice ends an employment still there: not one the employee left by its dates.
    int32_t sd = 0, ed = 0;
    bool has_sd = hr_date_parse(served, &sd), has_ed = hr_date_parse(effective, &ed);
    char *gone_zh = NULL;
    char *gone = kind == WF_DOC_NOTICE && (has_sd || has_ed)
                     ? s_employee_gone(call, c, has_ed && (!has_sd || ed > sd) ? ed : sd, &gone_zh)
                     : NULL;
    if (gone)
        return hr_call_fail_zh(call, HR_ECONFLICT, gone_zh, "case %s: %s", c->id, gone);
    // What is stored is the letter to serve and the proof of a duty, bound by its SHA-256: one
    // with a gap marked in it is never that. Rendered to read, it shows where the gaps are.
    if (req->store && doc.nmissing) {
        const char *zh = NULL, *en = s_doc_gaps(c, kind, &doc, arena, &zh);
        return hr_call_fail_zh(call, HR_ECONFLICT, zh, "%s", en);
    }
    // Nor a notice whose Art. 47 cap rests on another year's local average than the law names,
    // or on none (the severance uncapped), unless HR accepts that figure (recorded on attach).
    const char *codes = kind == WF_DOC_NOTICE ? s_wage_year_codes(c->assessment, arena) : "";
    if (req->store && *codes && !req->wage_year_accepted)
        return hr_call_fail_zh(
            call, HR_ECONFLICT,
            wf_zh(call,
                  "案件 %s 的评估带有 %s：经济补偿按第四十七条第二款封顶所用的本地区职工月平均"
                  "工资不是法律规定的上年度数额（或没有配置），通知书所写金额可能不对，暂不存档。"
                  "请运维人员在 workflow.cfg 的 law 段加上该年度的数额及出处（law/local_average_"
                  "monthly_wage_年度、law/local_average_wage_source_年度），HR 重新审核后再存档；"
                  "如 HR 确认按现用数额发出，可加 --wage-year-accepted（记入案件历史）。",
                  c->id, codes),
            "case %s: the assessment carries %s - the Art. 47 cap rests on another year's local "
            "average monthly wage than the law names (or none): add that year's figure and its "
            "source to workflow.cfg (law/local_average_monthly_wage_YYYY), review again, then "
            "store the notice; or accept the figure used with --wage-year-accepted (recorded in "
            "the case history)",
            c->id, codes);
    rep->text = doc.text;
    rep->file_name = wf_doc_file_name(c, kind, lang, arena);
    rep->missing = doc.missing;
    rep->n_missing = doc.nmissing;
    rep->served_date = (char *)served;
    rep->effective_date = (char *)effective;
    // A notice for someone the directory now protects (Art. 42) is made, and says so beside it.
    wf_problem_t *probs = NULL;
    size_t n = kind == WF_DOC_NOTICE ? s_protection(self, call, c, &probs) : 0;
    rep->warnings = hr_arena_alloc(arena, (n + 4) * sizeof *rep->warnings);
    for (size_t i = 0; i < n; i++) {
        rep->warnings[i] = wf_problem_finding(&probs[i], arena);
        rep->warnings[i]->severity = "warn";
    }
    // An expiry where an open-ended contract may be due (LCL Art. 14) and the employee's refusal
    // to renew is not on the case: the review's finding stands unanswered, said beside the letter.
    wf_problem_t open_ended;
    if (kind == WF_DOC_NOTICE && wf_expiry_open_ended(c, &open_ended, arena)) {
        rep->warnings[n] = wf_problem_finding(&open_ended, arena);
        rep->warnings[n++]->severity = "review";
    }
    // A limit the letter states with Art. 203's rule, a year's holiday notice not being out.
    if (doc.limit_unsure_year) {
        wf_problem_t p = s_limit_unsure(&doc, arena);
        rep->warnings[n] = wf_problem_finding(&p, arena);
        rep->warnings[n++]->severity = "warn";
    }
    if (doc.transfer_unsure_year) {
        wf_problem_t p = s_transfer_unsure(&doc, arena);
        rep->warnings[n] = wf_problem_finding(&p, arena);
        rep->warnings[n++]->severity = "warn";
    }
    // The union's letter with a notice day but no day for the opinion: too soon for the union.
    if (kind == WF_DOC_UNION_NOTICE && s_doc_lacks(&doc, "opinion_by") &&
        !s_doc_lacks(&doc, "notice_date")) {
        wf_problem_t p = s_opinion_no_day(c, served, arena);
        rep->warnings[n] = wf_problem_finding(&p, arena);
        rep->warnings[n++]->severity = "warn";
    }
    rep->n_warnings = n;
    s_read(self, call, c, as,
           hr_arena_fmt(arena, "%s %s%s", wf_doc_kind_name(kind), wf_doc_lang_name(lang),
                        req->store ? ", to store" : ""));
    return HR_OK;
}
