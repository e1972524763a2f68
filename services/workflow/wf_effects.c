/*  wf_effects - what a case change does besides the case record: owners resolved from the
 *  directory, notify.Send commands with resolved recipients, escalations.
 *
 *  Everything here writes inside the caller's write transaction (a handler's or the tick's), so
 *  a notification leaves the outbox only if the change that caused it committed, and is never
 *  lost if it did (DESIGN.md 5). Recipients are resolved now, from the directory as it is at
 *  the moment of the change, and travel in the command: notify needs no directory of its own.
 *  The case's employee is never resolved as an owner nor told of a step or an escalation: lines
 *  pass over them (wf_owner_pass_over) and an HR head who is the employee has a stand-in
 *  (wf_effects_case_hr_head). Someone who has left (wf_person_has_left) is passed over the same
 *  way wherever the moment is known: owners, reminders and escalations (wf_effects_pass_over_left,
 *  wf_effects_case_hr_head_at).
 *  A notify.Send has one language for all its recipients, so a notification to readers of both
 *  goes out as one send per language (s_notify), each recorded on the case.
 */
#include "wf.h"

#define S_CHANNELS 2

hr_rc_t wf_effects_chain(hr_txn_t *txn, hr_arena_t *arena, const char *employee_no,
                         const char **chain, size_t max, size_t *n)
{
    *n = 0;
    const char *cur = employee_no;
    while (*n < max) {
        Hr__Workflow__Person *p = NULL;
        hr_rc_t rc = wf_store_person_get(txn, cur, arena, &p);
        if (rc == HR_ENOTFOUND)
            return HR_OK;
        if (rc)
            return rc;
        if (!*p->manager_no)
            return HR_OK;
        for (size_t i = 0; i < *n; i++)
            if (!strcmp(chain[i], p->manager_no))
                return HR_OK; // a loop that slipped past the import: stop, never spin
        chain[(*n)++] = p->manager_no;
        cur = p->manager_no;
    }
    return HR_OK;
}

hr_rc_t wf_effects_case_line(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                             int64_t now_ms, const char **line, size_t *n)
{
    const char *above[WF_CHAIN_MAX];
    size_t nline = 0, nabove = 0;
    *n = 0;
    hr_rc_t rc = wf_effects_chain(txn, arena, c->employee_no, line, WF_CHAIN_MAX, &nline);
    if (!rc && *c->manager_no)
        rc = wf_effects_chain(txn, arena, c->manager_no, above, WF_CHAIN_MAX, &nabove);
    if (rc)
        return rc;
    for (size_t i = 0; i < nabove; i++) {
        bool seen = false;
        for (size_t j = 0; j < nline && !seen; j++)
            seen = !strcmp(line[j], above[i]);
        if (!seen)
            line[nline++] = above[i];
    }
    nline = wf_owner_pass_over(line, nline, c->employee_no);
    *n = wf_effects_pass_over_left(txn, arena, line, nline, now_ms);
    return HR_OK;
}

static char *s_setting(hr_txn_t *txn, hr_arena_t *arena, const char *name)
{
    char *v = NULL;
    if (wf_store_setting_get(txn, name, arena, &v))
        return "";
    return v;
}

// The HR person on the case: whoever reviewed it (its hr_review stage done by a person the
// directory still gives hr or hr_head), else "" - the HR head then, who hands it on.
const char *wf_effects_case_hr(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (strcmp(st->key, WF_STEP_HR_REVIEW) ||
            st->state != HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE || !st->done_by ||
            !*st->done_by || !strcmp(st->done_by, c->employee_no))
            continue;
        Hr__Workflow__Person *p = NULL;
        if (wf_store_person_get(txn, st->done_by, arena, &p))
            return "";
        for (size_t k = 0; k < p->n_roles; k++)
            if (!strcmp(p->roles[k], "hr") || !strcmp(p->roles[k], "hr_head"))
                return p->employee_no;
        return "";
    }
    return "";
}

typedef struct {
    const Hr__Workflow__Case *c; // borrowed
    bool may_review;             // also never whoever opened or manages the case
    int64_t now_ms;              // nobody who has left by then (0: leaving not asked)
} s_stand_in_t;

static bool s_stand_in_pick(void *arg, const Hr__Workflow__Person *p)
{
    const s_stand_in_t *s = arg;
    if (!wf_owner_is_hr(p) || !strcmp(p->employee_no, s->c->employee_no) ||
        wf_person_has_left(p, s->now_ms))
        return false;
    return !s->may_review ||
           (strcmp(p->employee_no, s->c->manager_no) && strcmp(p->employee_no, s->c->opened_by));
}

static bool s_left(hr_txn_t *txn, hr_arena_t *arena, const char *no, int64_t now_ms)
{
    Hr__Workflow__Person *p = NULL;
    return now_ms && no && *no && !wf_store_person_get(txn, no, arena, &p) &&
           wf_person_has_left(p, now_ms);
}

// A day "2026-12-01" as the reader's documents write it: 2026年12月1日, or ISO in English; the
// text itself when it is no day.
static const char *s_day(hr_arena_t *arena, const char *date, bool en)
{
    int32_t day;
    if (!date || !hr_date_parse(date, &day))
        return date ? date : "";
    return wf_doc_date(day, en ? WF_DOC_EN : WF_DOC_ZH, arena);
}

// The words saying a step's owner has left and nobody took it over, for due_soon and the
// overdue notices (owner_left_zh, owner_left_en - a sentence after the body's last, the English
// one led by a space: each template shows its own language's), into
// extra[*n..*n+4); nothing when the owner has not left.
static void s_owner_left_vars(hr_txn_t *txn, hr_arena_t *arena, const char *owner_no,
                              int64_t now_ms, const char **extra, size_t *n)
{
    Hr__Workflow__Person *p = NULL;
    if (!now_ms || !owner_no || !*owner_no || wf_store_person_get(txn, owner_no, arena, &p) ||
        !wf_person_has_left(p, now_ms))
        return;
    extra[(*n)++] = "owner_left_zh";
    extra[(*n)++] = hr_arena_fmt(arena,
                                 "负责人 %s 已于%s离职（人员名册 left_date），汇报线上无人可接手"
                                 "此步骤，请 HR 重新分配（hrctl case reassign）。",
                                 p->employee_no, s_day(arena, p->left_date, false));
    extra[(*n)++] = "owner_left_en";
    extra[(*n)++] = hr_arena_fmt(arena,
                                 " The owner %s left on %s (the directory's left_date) and nobody "
                                 "up the line could take the step over: HR reassigns it (hrctl "
                                 "case reassign).",
                                 p->employee_no, p->left_date);
}

size_t wf_effects_pass_over_left(hr_txn_t *txn, hr_arena_t *arena, const char **list, size_t n,
                                 int64_t now_ms)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!s_left(txn, arena, list[i], now_ms))
            list[kept++] = list[i];
    return kept;
}

const char *wf_effects_case_hr_head(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c)
{
    return wf_effects_case_hr_head_at(txn, arena, c, 0);
}

const char *wf_effects_case_hr_head_at(hr_txn_t *txn, hr_arena_t *arena,
                                       const Hr__Workflow__Case *c, int64_t now_ms)
{
    char *head = s_setting(txn, arena, WF_SETTING_HR_HEAD);
    if (!*head || (strcmp(head, c->employee_no) && !s_left(txn, arena, head, now_ms)))
        return head;
    // The HR head is the employee, or has left: their stand-in is the first other HR person by
    // employee number who has not left - one who may review the case (neither its opener nor
    // its manager) when there is one - else, with no other HR person at all, the HR head's own
    // superior (the first on their line who is neither the employee nor gone).
    s_stand_in_t pick = {c, true, now_ms};
    Hr__Workflow__Person *p = NULL;
    if (!wf_store_person_first(txn, arena, s_stand_in_pick, &pick, &p) && !p) {
        pick.may_review = false;
        if (wf_store_person_first(txn, arena, s_stand_in_pick, &pick, &p))
            p = NULL;
    }
    if (p)
        return p->employee_no;
    const char *chain[WF_CHAIN_MAX];
    size_t n = 0;
    if (wf_effects_chain(txn, arena, head, chain, WF_CHAIN_MAX, &n))
        n = 0;
    n = wf_owner_pass_over(chain, n, c->employee_no);
    n = wf_effects_pass_over_left(txn, arena, chain, n, now_ms);
    return n ? chain[0] : "";
}

hr_rc_t wf_effects_resolve_owner(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                                 int64_t now_ms)
{
    Hr__Workflow__CaseStep *st = c->steps[i];
    const char *chain[WF_CHAIN_MAX];
    size_t n = 0;
    hr_rc_t rc = HR_OK;
    switch (st->owner) {
    case HR__WORKFLOW__OWNER__OWNER_MANAGER:
        st->owner_no = c->manager_no;
        break;
    case HR__WORKFLOW__OWNER__OWNER_HR: {
        // HR's stages after the review, the Art. 50 duties among them, go to the HR person who
        // reviewed the case (their manager in copy at level 1, the HR head at level 2); before
        // it, to the HR head - or their stand-in when the case is the HR head's own. A reviewer
        // or an HR head who has left is passed over: the HR head, else the stand-in, has it.
        const char *hr = wf_effects_case_hr(txn, arena, c);
        if (s_left(txn, arena, hr, now_ms))
            hr = "";
        st->owner_no = (char *)(*hr ? hr : wf_effects_case_hr_head_at(txn, arena, c, now_ms));
        break;
    }
    case HR__WORKFLOW__OWNER__OWNER_LEGAL: {
        char *legal = s_setting(txn, arena, WF_SETTING_LEGAL);
        st->owner_no = *legal && strcmp(legal, c->employee_no) && !s_left(txn, arena, legal, now_ms)
                           ? legal
                           : (char *)wf_effects_case_hr_head_at(txn, arena, c, now_ms);
        break;
    }
    case HR__WORKFLOW__OWNER__OWNER_SUPERIOR:
        // The manager's superior, passing over the employee should the line run through them,
        // and anyone on it who has left.
        rc = wf_effects_chain(txn, arena, c->manager_no, chain, WF_CHAIN_MAX, &n);
        n = wf_owner_pass_over(chain, n, c->employee_no);
        n = wf_effects_pass_over_left(txn, arena, chain, n, now_ms);
        st->owner_no = hr_arena_strdup(arena, n ? chain[0] : "");
        break;
    case HR__WORKFLOW__OWNER__OWNER_EMPLOYEE:
        st->owner_no = c->employee_no;
        break;
    default:
        st->owner_no = "";
        break;
    }
    return rc;
}

static Hr__Workflow__Recipient *s_recipient(hr_txn_t *txn, hr_arena_t *arena, const char *no)
{
    Hr__Workflow__Person *p = NULL;
    if (!no || !*no || wf_store_person_get(txn, no, arena, &p))
        return NULL;
    Hr__Workflow__Recipient *r = hr_arena_alloc(arena, sizeof *r);
    hr__workflow__recipient__init(r);
    r->employee_no = p->employee_no;
    r->name = p->name;
    r->email = p->email;
    r->mobile = p->mobile;
    r->language = p->language;
    return r;
}

static void s_var(Hr__Workflow__WorkflowNotifySend *s, hr_arena_t *arena, const char *key,
                  const char *value)
{
    Hr__Workflow__Var *v = hr_arena_alloc(arena, sizeof *v);
    hr__workflow__var__init(v);
    v->key = hr_arena_strdup(arena, key);
    v->value = hr_arena_strdup(arena, value ? value : "");
    s->vars[s->n_vars++] = v;
}

static char **s_strs(hr_arena_t *arena, const char *const *list, size_t n)
{
    char **out = hr_arena_alloc(arena, (n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = hr_arena_strdup(arena, list[i]);
    return out;
}

#define S_VARS_MAX 32 // notify.Send takes at most 32

typedef struct {
    const int32_t *channels;  // hr.notify.Channel values
    size_t nchannels;         // entries in channels
    const char *const *extra; // key, value, key, value, ..., NULL (may be NULL)
    const char *corr_step;    // the step field of the correlation id when step is NULL
    char *msg_id_out;         // HR_ID_LEN + 1 bytes, "" when nobody was told (may be NULL)
    const char *supersede;    // notify's supersede_key (may be NULL)
} s_send_opts_t;

// The language notify renders a recipient's message in: "en" or "zh-CN" (the default).
static const char *s_notify_language(const Hr__Workflow__Recipient *r)
{
    return r->language && !strcmp(r->language, "en") ? "en" : "zh-CN";
}

// One notify.Send of the message in `send` (vars, channels, template) to the recipients in it,
// in its language, into the outbox and onto the case's notifications.
static hr_rc_t s_send_one(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                          Hr__Workflow__WorkflowNotifySend *send, const char *ref_step,
                          unsigned level, int64_t now_ms, char *msg_id_out)
{
    char msg_id[HR_ID_LEN + 1];
    hr_rc_t rc = wf_store_outbox_put(txn, "notify", "notify.Send", &send->base, now_ms, msg_id);
    if (rc)
        return rc;
    if (msg_id_out && !*msg_id_out)
        memcpy(msg_id_out, msg_id, sizeof msg_id);
    Hr__Workflow__NotificationRef *ref = hr_arena_alloc(arena, sizeof *ref);
    hr__workflow__notification_ref__init(ref);
    ref->template_id = send->template_id;
    ref->step = (char *)ref_step;
    ref->level = level;
    ref->to = hr_arena_alloc(arena, (send->n_to + 1) * sizeof *ref->to);
    for (size_t i = 0; i < send->n_to; i++)
        ref->to[ref->n_to++] = send->to[i]->employee_no;
    ref->cc = hr_arena_alloc(arena, (send->n_cc + 1) * sizeof *ref->cc);
    for (size_t i = 0; i < send->n_cc; i++)
        ref->cc[ref->n_cc++] = send->cc[i]->employee_no;
    ref->msg_id = hr_arena_strdup(arena, msg_id);
    ref->at_ms = now_ms;
    Hr__Workflow__NotificationRef **list =
        hr_arena_alloc(arena, (c->n_notifications + 1) * sizeof *list);
    if (c->n_notifications)
        memcpy(list, c->notifications, c->n_notifications * sizeof *list);
    list[c->n_notifications++] = ref;
    c->notifications = list;
    return HR_OK;
}

// The recipients of rs (n of them) who read `language`, into out (room for n); their number.
static size_t s_of_language(Hr__Workflow__Recipient **rs, size_t n, const char *language,
                            Hr__Workflow__Recipient **out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s_notify_language(rs[i]), language))
            out[k++] = rs[i];
    return k;
}

// A deadline as the texts say it, in the company's zone: "2026-12-01 24:00" for one at midnight
// ("请在 2026-12-01 前完成" reads as by the end of 11-30, so midnight is the end of the day before
// it, as hrctl case show prints it), else "2026-12-01 18:00".
static const char *s_due_at(hr_arena_t *arena, int64_t due_ms, const wf_time_t *t)
{
    char date[HR_DATE_LEN];
    int64_t minute = (due_ms / 60000 + t->tz_offset_min) % (24 * 60);
    if (!minute)
        return hr_arena_fmt(arena, "%s 24:00",
                            hr_date_format(hr_day_of_ms(due_ms - 1, t->tz_offset_min), date));
    return hr_arena_fmt(arena, "%s %02d:%02d",
                        hr_date_format(hr_day_of_ms(due_ms, t->tz_offset_min), date),
                        (int)(minute / 60), (int)(minute % 60));
}

// The same deadline as the Chinese texts write a day, as the documents do: 2026年12月1日 18:00
// (midnight: 24:00 of the day before, as above), no spaces around it in the sentence.
static const char *s_due_at_zh(hr_arena_t *arena, int64_t due_ms, const wf_time_t *t)
{
    int64_t minute = (due_ms / 60000 + t->tz_offset_min) % (24 * 60);
    if (!minute)
        return hr_arena_fmt(
            arena, "%s 24:00",
            wf_doc_date(hr_day_of_ms(due_ms - 1, t->tz_offset_min), WF_DOC_ZH, arena));
    return hr_arena_fmt(arena, "%s %02d:%02d",
                        wf_doc_date(hr_day_of_ms(due_ms, t->tz_offset_min), WF_DOC_ZH, arena),
                        (int)(minute / 60), (int)(minute % 60));
}

// The hrctl command that completes step st of case case_id, as its usage reads (language-neutral:
// the texts around it are the template's), "" for a step no command completes. Every stage has
// its command; a company step is always a duty (wf_template.c).
static const char *s_step_command(hr_arena_t *arena, const Hr__Workflow__CaseStep *st,
                                  const char *case_id)
{
    static const struct {
        const char *key;  // stage key
        const char *verb; // hrctl case VERB ID, then the arguments
        const char *args; // the arguments after the id, as hrctl's usage writes them
    } commands[] = {
        {WF_STEP_REQUEST, "submit", ""},
        {WF_STEP_HR_REVIEW, "review", ""},
        {WF_STEP_SUPERIOR, "approve", " [--reject --note TEXT]"},
        {WF_STEP_PREPARE, "prepare", " DATE HH:MM PLACE"},
        {WF_STEP_INTERVIEW, "confirm", " --employee-attended yes|no"},
        {WF_STEP_OUTCOME, "outcome", " agreement_signed|notice_served DATE"},
        {WF_STEP_CLOSE, "close", ""},
    };
    if (st->duty)
        return hr_arena_fmt(arena, "hrctl case duty %s %s", case_id, st->key);
    for (size_t i = 0; i < HR_ARRAY_LEN(commands); i++)
        if (!strcmp(st->key, commands[i].key))
            return hr_arena_fmt(arena, "hrctl case %s %s%s", commands[i].verb, case_id,
                                commands[i].args);
    return "";
}

static hr_rc_t s_notify(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, const char *tpl,
                        const Hr__Workflow__CaseStep *step, unsigned level, const char *const *to,
                        size_t nto, const char *const *cc, size_t ncc, const wf_time_t *t,
                        int64_t now_ms, const s_send_opts_t *o)
{
    if (o->msg_id_out)
        o->msg_id_out[0] = '\0';
    Hr__Workflow__WorkflowNotifySend send = HR__WORKFLOW__WORKFLOW_NOTIFY_SEND__INIT;
    send.template_id = hr_arena_strdup(arena, tpl);
    send.case_id = c->id;
    send.to = hr_arena_alloc(arena, (nto + 1) * sizeof *send.to);
    send.cc = hr_arena_alloc(arena, (ncc + 1) * sizeof *send.cc);
    for (size_t i = 0; i < nto; i++) {
        Hr__Workflow__Recipient *r = s_recipient(txn, arena, to[i]);
        if (r)
            send.to[send.n_to++] = r;
    }
    for (size_t i = 0; i < ncc; i++) {
        Hr__Workflow__Recipient *r = s_recipient(txn, arena, cc[i]);
        if (r)
            send.cc[send.n_cc++] = r;
    }
    if (!send.n_to) {
        hr_warn("notify.no_recipient", "case=%s template=%s", c->id, tpl);
        return HR_OK; // nobody to tell: the import checks make this rare; the case shows it
    }
    send.channels = hr_arena_alloc(arena, (o->nchannels + 1) * sizeof *send.channels);
    for (size_t i = 0; i < o->nchannels; i++)
        send.channels[send.n_channels++] = o->channels[i];
    send.priority = level ? WF_PRIORITY_HIGH : 0;
    send.vars = hr_arena_alloc(arena, S_VARS_MAX * sizeof *send.vars);
    Hr__Workflow__Person *emp = NULL;
    wf_store_person_get(txn, c->employee_no, arena, &emp);
    s_var(&send, arena, "case_id", c->id);
    s_var(&send, arena, "employee_no", c->employee_no);
    s_var(&send, arena, "employee_name", emp ? emp->name : "");
    s_var(&send, arena, "ground", c->ground);
    // How the case ends the contract, as its documents word it (wf_doc_ending_word): a text
    // naming the notice served, the certificate or the ending says 解除 or 终止 from here.
    s_var(&send, arena, "ending_word", wf_doc_ending_word(c, WF_DOC_ZH, false));
    s_var(&send, arena, "ending_word_en", wf_doc_ending_word(c, WF_DOC_EN, false));
    if (step) {
        s_var(&send, arena, "step", step->key);
        s_var(&send, arena, "step_title_zh", step->title_zh);
        s_var(&send, arena, "step_title_en", step->title_en);
        s_var(&send, arena, "command", s_step_command(arena, step, c->id)); // what completes it
        if (step->due_ms) {
            char date[HR_DATE_LEN];
            char iso[HR_TIME_ISO_LEN];
            hr_time_iso(step->due_ms, iso);
            s_var(&send, arena, "due_utc", iso);
            hr_date_format(hr_day_of_ms(step->due_ms - 1, t->tz_offset_min), date);
            s_var(&send, arena, "due_date", date);
            // The moment itself, in the company's zone (s_due_at).
            s_var(&send, arena, "due_at", s_due_at(arena, step->due_ms, t));
            // The Chinese texts write the day as the documents do (one send, both languages).
            s_var(&send, arena, "due_date_zh", s_day(arena, date, false));
            s_var(&send, arena, "due_at_zh", s_due_at_zh(arena, step->due_ms, t));
        }
    }
    // The interview as the Chinese texts say it, to whoever attends (interview_scheduled).
    if (!strcmp(tpl, WF_TPL_INTERVIEW) && c->interview && *c->interview->date)
        s_var(&send, arena, "interview_zh",
              hr_arena_fmt(arena, "%s %s %s", s_day(arena, c->interview->date, false),
                           c->interview->time, c->interview->place));
    if (level)
        s_var(&send, arena, "level", hr_arena_fmt(arena, "%u", level));
    for (size_t i = 0; o->extra && o->extra[i] && send.n_vars < S_VARS_MAX; i += 2)
        s_var(&send, arena, o->extra[i], o->extra[i + 1]);
    const char *corr_step = step ? step->key : (o->corr_step && *o->corr_step ? o->corr_step : "-");
    const char *corr =
        hr_arena_fmt(arena, "%s:%s:%s:%u:%u", c->id, corr_step, tpl, level, c->version);
    // Every notice of a case's interview, the staff's included, is about the meeting as it is
    // now: a newer one to the same person supersedes one still waiting in notify (a stale time).
    const char *supersede = o->supersede ? o->supersede
                            : !strcmp(tpl, WF_TPL_INTERVIEW)
                                ? hr_arena_fmt(arena, "interview:%s", c->id)
                                : "";
    send.supersede_key = hr_arena_strdup(arena, supersede);
    const char *ref_step =
        step ? step->key : hr_arena_strdup(arena, o->corr_step ? o->corr_step : "");

    // Each recipient reads their own language: one send per language, in the order the
    // languages first appear (the first `to` first), each keeping its to and cc. A language only
    // cc recipients read gets its own send with them as `to` (the texts name the step's owner),
    // so a superior in copy is not left with a message in a language they do not read. Each send
    // has its own correlation id (the language appended) when there is more than one.
    const char *langs[2] = {s_notify_language(send.to[0]), ""};
    size_t nlangs = 1;
    for (size_t i = 0; i < send.n_to + send.n_cc && nlangs < HR_ARRAY_LEN(langs); i++) {
        const char *l = s_notify_language(i < send.n_to ? send.to[i] : send.cc[i - send.n_to]);
        if (strcmp(l, langs[0]))
            langs[nlangs++] = l;
    }
    hr_rc_t rc = HR_OK;
    for (size_t g = 0; g < nlangs && !rc; g++) {
        Hr__Workflow__WorkflowNotifySend one = send;
        one.language = (char *)langs[g];
        one.to = hr_arena_alloc(arena, (send.n_to + send.n_cc + 1) * sizeof *one.to);
        one.cc = hr_arena_alloc(arena, (send.n_cc + 1) * sizeof *one.cc);
        one.n_to = s_of_language(send.to, send.n_to, langs[g], one.to);
        one.n_cc = s_of_language(send.cc, send.n_cc, langs[g], one.cc);
        if (!one.n_to) { // only copied: told as `to`, with nobody in copy
            Hr__Workflow__Recipient **swap = one.to;
            one.to = one.cc;
            one.n_to = one.n_cc;
            one.cc = swap;
            one.n_cc = 0;
        }
        one.correlation_id =
            nlangs > 1 ? hr_arena_fmt(arena, "%s:%s", corr, langs[g]) : (char *)corr;
        rc = s_send_one(txn, arena, c, &one, ref_step, level, now_ms, o->msg_id_out);
    }
    return rc;
}

hr_rc_t wf_effects_notify(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, const char *tpl,
                          const Hr__Workflow__CaseStep *step, unsigned level, const char *const *to,
                          size_t nto, const char *const *cc, size_t ncc, const wf_time_t *t,
                          int64_t now_ms, const char *extra_key, const char *extra_value)
{
    static const int32_t channels[S_CHANNELS] = {WF_CHANNEL_EMAIL, WF_CHANNEL_SMS};
    const char *extra[3] = {extra_key, extra_value, NULL};
    s_send_opts_t o = {.channels = channels, .nchannels = S_CHANNELS, .extra = extra};
    return s_notify(txn, arena, c, tpl, step, level, to, nto, cc, ncc, t, now_ms, &o);
}

// The day a duty was recorded done ("" when it was not): a certificate already issued or a
// transfer already made is undone by hand, and the rescission says so.
static const char *s_duty_done(const Hr__Workflow__Case *c, const char *key)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (!strcmp(st->key, key) && st->state == HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE)
            return *st->done_date ? st->done_date : "-";
    }
    return "";
}

// What follows a rescission, for the template's `documents`, in the reader's language: nothing
// more to issue, or what was issued already and must be undone, a sentence each.
static const char *s_rescinded_text(hr_arena_t *arena, const Hr__Workflow__Case *c,
                                    const char *language)
{
    const char *cert = s_duty_done(c, WF_DUTY_CERTIFICATE);
    const char *moved = s_duty_done(c, WF_DUTY_TRANSFER);
    bool en = language && !strcmp(language, "en");
    const char *ending = wf_doc_ending_word(c, en ? WF_DOC_EN : WF_DOC_ZH, false);
    if (!*cert && !*moved)
        return en ? hr_arena_fmt(arena,
                                 "No certificate of %s, file or social insurance transfer follows.",
                                 ending)
                  : hr_arena_fmt(arena, "不再出具%s劳动合同的证明，不办理档案和社保转移。", ending);
    const char *text = "";
    if (*cert)
        text =
            en ? hr_arena_fmt(arena,
                              "The certificate of %s issued on %s is void: HR takes it "
                              "back. ",
                              ending, cert)
               : hr_arena_fmt(arena, "已于%s出具的%s劳动合同的证明作废，由HR收回。", cert, ending);
    if (*moved)
        text = en ? hr_arena_fmt(arena,
                                 "%sThe file and social insurance transferred on %s are moved "
                                 "back by HR.",
                                 text, moved)
                  : hr_arena_fmt(arena, "%s已于%s转出的档案和社保关系由HR办理转回。", text, moved);
    return text;
}

static bool s_en(const char *language)
{
    return language && !strcmp(language, "en");
}

// The HR department of company as the sender a message to the employee names, in their language.
static const char *s_sender(hr_arena_t *arena, const char *company, bool en)
{
    if (en)
        return company && *company ? hr_arena_fmt(arena, "The HR department of %s", company)
                                   : "The HR department";
    return hr_arena_fmt(arena, "%s人力资源部", company ? company : "");
}

// The channels the directory has an address for, of person p, into channels (S_CHANNELS): a
// channel without one would fail in notify and alert the HR head about what the reply already
// says. Their number.
static size_t s_channels_of(const Hr__Workflow__Person *p, int32_t channels[S_CHANNELS])
{
    size_t n = 0;
    if (*p->email)
        channels[n++] = WF_CHANNEL_EMAIL;
    if (*p->mobile)
        channels[n++] = WF_CHANNEL_SMS;
    return n;
}

// The employee's SMS ends with {{more}}: with an email too, a pointer to it; without one the SMS
// is all they read (a worker with a mobile only), so alone: what the email says in short, and
// never "详见邮件".
static const char *s_more(const Hr__Workflow__Person *emp, const char *alone)
{
    if (*emp->email)
        return s_en(emp->language) ? "See the email. " : "详见邮件。";
    return alone;
}

// One message of tpl to emp, the employee of c, queued on channels (nch of them): the sender
// named, the template's own pairs (n strings, key and value), `more` - the email's pointer, or
// alone, what an SMS read without an email must say itself (s_more) - and the HR person hr to
// ask (their name, email and mobile; NULL: none named).
static hr_rc_t s_employee_queue(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                const Hr__Workflow__Person *emp, const Hr__Workflow__Person *hr,
                                const char *tpl, const char *company, const char *const *pairs,
                                size_t n, const char *alone, const int32_t *channels, size_t nch,
                                const char *corr_step, const wf_time_t *t, int64_t now_ms)
{
    const char **extra = hr_arena_alloc(arena, (n + 11) * sizeof *extra);
    size_t k = 0;
    extra[k++] = "inviter";
    extra[k++] = s_sender(arena, company, s_en(emp->language));
    for (size_t i = 0; i < n; i++)
        extra[k++] = pairs[i];
    extra[k++] = "more";
    extra[k++] = s_more(emp, alone);
    extra[k++] = "contact_name";
    extra[k++] = hr ? hr->name : "";
    extra[k++] = "contact_email";
    extra[k++] = hr ? hr->email : "";
    extra[k++] = "contact_mobile";
    extra[k++] = hr ? hr->mobile : "";
    extra[k] = NULL;
    s_send_opts_t o = {
        .channels = channels, .nchannels = nch, .extra = extra, .corr_step = corr_step};
    const char *to = c->employee_no;
    return s_notify(txn, arena, c, tpl, NULL, 0, &to, 1, NULL, 0, t, now_ms, &o);
}

// The employee told privately (a rescission, a reinstatement): the sender named, the HR person
// hr_no to ask (their name, email and mobile), the template's own pairs in pairs (NULL-ended),
// on the channels the directory has an address for - none: nobody is told, and that is no
// failure. pairs_of makes the pairs in the employee's language.
typedef const char **s_pairs_fn(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                const char *language);

static hr_rc_t s_tell_employee(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                               const char *tpl, const char *hr_no, const char *company,
                               s_pairs_fn *pairs_of, const wf_time_t *t, int64_t now_ms)
{
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = wf_store_person_get(txn, c->employee_no, arena, &emp);
    if (rc)
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    int32_t channels[S_CHANNELS];
    size_t nch = s_channels_of(emp, channels);
    if (!nch)
        return HR_OK;
    Hr__Workflow__Person *hr = NULL;
    if (!*hr_no || wf_store_person_get(txn, hr_no, arena, &hr))
        hr = NULL;
    const char **pairs = pairs_of(txn, arena, c, emp->language);
    size_t n = 0;
    const char *alone = "";
    while (pairs[n]) {
        if (!strcmp(pairs[n], "sms_alone"))
            alone = pairs[n + 1];
        n += 2;
    }
    return s_employee_queue(txn, arena, c, emp, hr, tpl, company, pairs, n, alone, channels, nch,
                            WF_STEP_CLOSE, t, now_ms);
}

// Whether people[i] is nobody or one of people[0..i-1]: told once, whatever their parts.
static bool s_told_before(const char *const *people, size_t i)
{
    bool told = !*people[i];
    for (size_t k = 0; k < i && !told; k++)
        told = !strcmp(people[k], people[i]);
    return told;
}

// The employee's pairs of a rescission (employment_continues).
static const char **s_rescinded_pairs(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                      const char *language)
{
    HR_UNUSED(txn);
    const char **pairs = hr_arena_alloc(arena, 7 * sizeof *pairs);
    bool en = s_en(language);
    pairs[0] = "agreement_date"; // as their documents write the day
    pairs[1] = s_day(arena, c->rescission ? c->rescission->agreement_date : "", en);
    pairs[2] = "documents";
    pairs[3] = s_rescinded_text(arena, c, language);
    // What the withdrawn notice means, for an SMS read without the email.
    pairs[4] = "sms_alone";
    pairs[5] =
        en ? hr_arena_fmt(arena,
                          "The notice has no effect: your contract goes on as before, your "
                          "service unbroken. %s ",
                          pairs[3])
           : hr_arena_fmt(arena, "该通知不再有效，劳动合同照常履行，工龄连续计算。%s", pairs[3]);
    pairs[6] = NULL;
    return pairs;
}

hr_rc_t wf_effects_rescinded(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *company, const wf_time_t *t, int64_t now_ms)
{
    static const int32_t channels[S_CHANNELS] = {WF_CHANNEL_EMAIL, WF_CHANNEL_SMS};
    const char *hr = wf_effects_case_hr(txn, arena, c);
    const char *people[3] = {c->employee_no, c->manager_no,
                             *hr ? hr : wf_effects_case_hr_head(txn, arena, c)};
    const char *agreed = c->rescission ? c->rescission->agreement_date : "";
    hr_rc_t rc = s_tell_employee(txn, arena, c, WF_TPL_CONTINUES, people[2], company,
                                 s_rescinded_pairs, t, now_ms);
    for (size_t i = 1; i < HR_ARRAY_LEN(people) && !rc; i++) {
        if (s_told_before(people, i))
            continue;
        // One message each, so each reads it in their own language.
        Hr__Workflow__Person *p = NULL;
        const char *language = wf_store_person_get(txn, people[i], arena, &p) ? "" : p->language;
        const char *extra[] = {"outcome",
                               "rescinded",
                               "agreement_date",
                               s_day(arena, agreed, s_en(language)),
                               "documents",
                               s_rescinded_text(arena, c, language),
                               NULL};
        s_send_opts_t o = {.channels = channels,
                           .nchannels = S_CHANNELS,
                           .extra = extra,
                           .corr_step = WF_STEP_CLOSE};
        rc = s_notify(txn, arena, c, WF_TPL_RESCINDED, NULL, 0, &people[i], 1, NULL, 0, t, now_ms,
                      &o);
    }
    return rc;
}

// The language a person reads ("en" or "zh"), "" when the directory does not hold them.
static const char *s_language(hr_txn_t *txn, hr_arena_t *arena, const char *no)
{
    Hr__Workflow__Person *p = NULL;
    if (!no || !*no || wf_store_person_get(txn, no, arena, &p))
        return "";
    return p->language;
}

// One message of tpl to one person, no step, with extra vars; the correlation id's step is
// corr_step.
static hr_rc_t s_tell_one(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, const char *tpl,
                          const char *no, const char *const *extra, const char *corr_step,
                          const wf_time_t *t, int64_t now_ms)
{
    static const int32_t channels[S_CHANNELS] = {WF_CHANNEL_EMAIL, WF_CHANNEL_SMS};
    s_send_opts_t o = {
        .channels = channels, .nchannels = S_CHANNELS, .extra = extra, .corr_step = corr_step};
    return s_notify(txn, arena, c, tpl, NULL, 0, &no, 1, NULL, 0, t, now_ms, &o);
}

// What a reinstatement asks of its reader, for case_reinstated's `documents`, in their language:
// HR (hr) the directory row - left_date empty, hire_date kept: the service is continuous - and
// what was issued already, now void; the manager (manager) the employee's return to work. One
// person both reads both.
static const char *s_reinstated_text(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                     bool hr, bool manager, const char *language)
{
    bool en = s_en(language);
    const char *text = "";
    if (manager)
        text = en ? "The employee returns to work: agree the day with HR and arrange their work "
                    "in their former position (or one agreed with them). "
                  : "员工将返回工作岗位：请与 HR 确认返岗日期，并安排其原岗位（或与员工协商一致的"
                    "岗位）的工作。";
    if (!hr)
        return text;
    Hr__Workflow__Person *p = NULL;
    if (wf_store_person_get(txn, c->employee_no, arena, &p))
        p = NULL;
    const char *hired = p && *p->hire_date ? p->hire_date : "-";
    text = en ? hr_arena_fmt(arena,
                             "%sImport the people file with %s's left_date empty and the "
                             "hire_date kept at %s (service continues; this is not a re-hire). "
                             "The closing duties not done are cancelled. ",
                             text, c->employee_no, hired)
              : hr_arena_fmt(arena,
                             "%s请导入人员名册：%s 的离职日期（left_date）留空，入职日期（hire_"
                             "date）保持 %s 不变（工龄连续计算，不是重新入职）。尚未办理的离职手续"
                             "已取消。",
                             text, c->employee_no, hired);
    const char *cert = s_duty_done(c, WF_DUTY_CERTIFICATE);
    const char *moved = s_duty_done(c, WF_DUTY_TRANSFER);
    const char *ending = wf_doc_ending_word(c, en ? WF_DOC_EN : WF_DOC_ZH, false);
    if (*cert)
        text = en ? hr_arena_fmt(arena,
                                 "%sThe certificate of %s issued on %s is void: HR takes it "
                                 "back. ",
                                 text, ending, cert)
                  : hr_arena_fmt(arena, "%s已于%s出具的%s劳动合同的证明作废，由HR收回。", text,
                                 cert, ending);
    if (*moved)
        text = en ? hr_arena_fmt(arena,
                                 "%sThe file and social insurance transferred on %s are moved "
                                 "back by HR.",
                                 text, moved)
                  : hr_arena_fmt(arena, "%s已于%s转出的档案和社保关系由HR办理转回。", text, moved);
    return text;
}

// The employee's pairs of a reinstatement (employment_reinstated).
static const char **s_reinstated_pairs(hr_txn_t *txn, hr_arena_t *arena,
                                       const Hr__Workflow__Case *c, const char *language)
{
    HR_UNUSED(txn);
    const char **pairs = hr_arena_alloc(arena, 5 * sizeof *pairs);
    pairs[0] = "award_date"; // as their documents write the day
    pairs[1] = s_day(arena, c->reinstatement->award_date, s_en(language));
    pairs[2] = "award_ref";
    pairs[3] = c->reinstatement->award_ref;
    pairs[4] = NULL;
    return pairs;
}

// The staff's pairs of a reinstatement (case_reinstated): the award and what is theirs to do.
static const char **s_reinstated_staff(hr_txn_t *txn, hr_arena_t *arena,
                                       const Hr__Workflow__Case *c, const char *owed, bool hr,
                                       bool manager, const char *language)
{
    HR_UNUSED(owed);
    const Hr__Workflow__Reinstatement *r = c->reinstatement;
    const char *kv[] = {"outcome",    WF_REINSTATED,
                        "award_date", s_day(arena, r->award_date, s_en(language)),
                        "award_ref",  r->award_ref,
                        "documents",  s_reinstated_text(txn, arena, c, hr, manager, language),
                        NULL};
    const char **pairs = hr_arena_alloc(arena, sizeof kv);
    memcpy(pairs, kv, sizeof kv);
    return pairs;
}

// The staff's pairs of one reader (is hr, is the manager, their language), owed: the duties.
typedef const char **s_staff_fn(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                const char *owed, bool hr, bool manager, const char *language);

// A judged end told: the employee privately (employee_tpl, employee_pairs), then the manager and
// the case's HR - or the HR head when it has none or they left - one message each in their own
// language with what is theirs to do (staff_tpl, staff_pairs), nobody twice.
static hr_rc_t s_tell_judged(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *company, const wf_time_t *t, int64_t now_ms,
                             const char *employee_tpl, s_pairs_fn *employee_pairs,
                             const char *staff_tpl, s_staff_fn *staff_pairs, const char *owed)
{
    const char *hr = wf_effects_case_hr(txn, arena, c);
    if (!*hr || s_left(txn, arena, hr, now_ms))
        hr = wf_effects_case_hr_head_at(txn, arena, c, now_ms);
    const char *people[3] = {c->employee_no, c->manager_no, hr};
    hr_rc_t rc =
        s_tell_employee(txn, arena, c, employee_tpl, hr, company, employee_pairs, t, now_ms);
    for (size_t i = 1; i < HR_ARRAY_LEN(people) && !rc; i++) {
        if (s_told_before(people, i))
            continue;
        const char **extra =
            staff_pairs(txn, arena, c, owed, !strcmp(people[i], hr),
                        !strcmp(people[i], c->manager_no), s_language(txn, arena, people[i]));
        rc = s_tell_one(txn, arena, c, staff_tpl, people[i], extra, WF_STEP_CLOSE, t, now_ms);
    }
    return rc;
}

hr_rc_t wf_effects_reinstated(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                              const char *company, const wf_time_t *t, int64_t now_ms)
{
    assert(c->reinstatement);
    return s_tell_judged(txn, arena, c, company, t, now_ms, WF_TPL_REINSTATED_EMPLOYEE,
                         s_reinstated_pairs, WF_TPL_REINSTATED, s_reinstated_staff, "");
}

// What a reinstatement set aside asks of its reader, for case_reinstatement_set_aside's
// `documents`, in their language: HR (hr) the directory's left_date again and the duties owed
// again (owed); the manager (manager) the employee's leaving, if they came back under the award.
static const char *s_set_aside_text(hr_arena_t *arena, const Hr__Workflow__Case *c,
                                    const char *owed, bool hr, bool manager, const char *language)
{
    const Hr__Workflow__Reinstatement *r = c->reinstatement;
    bool en = s_en(language);
    const char *text = "";
    if (manager)
        text = en ? "If the employee came back to work under the award, agree with HR the day they "
                    "leave and the handover of their work. "
                  : "如员工已依裁决返回工作岗位，请与 HR 确认其离岗日期和工作交接。";
    if (!hr)
        return text;
    return en ? hr_arena_fmt(arena,
                             "%sImport the people file with %s's left_date at %s. The closing "
                             "duties are owed again: %s. If the employee went back to work under "
                             "the award, legal handles the time since.",
                             text, c->employee_no, r->effective_date, *owed ? owed : "none")
              : hr_arena_fmt(arena,
                             "%s请导入人员名册，将 %s 的离职日期（left_date）记为 %s；离职手续重新"
                             "办理：%s。如员工已依裁决返岗，返岗后的用工请与法务另行处理。",
                             text, c->employee_no, r->effective_date, *owed ? owed : "无");
}

// The employee's pairs of a reinstatement set aside (employment_reinstatement_set_aside).
static const char **s_set_aside_pairs(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                      const char *language)
{
    HR_UNUSED(txn);
    const Hr__Workflow__Reinstatement *r = c->reinstatement;
    bool en = s_en(language); // the days as their documents write them
    const char **pairs = hr_arena_alloc(arena, 11 * sizeof *pairs);
    const char *kv[] = {"judgment_date",
                        s_day(arena, r->set_aside_date, en),
                        "judgment_ref",
                        r->set_aside_ref,
                        "award_date",
                        s_day(arena, r->award_date, en),
                        "award_ref",
                        r->award_ref,
                        "effective_date",
                        s_day(arena, r->effective_date, en),
                        NULL};
    memcpy(pairs, kv, sizeof kv);
    return pairs;
}

// The staff's pairs of a reinstatement set aside (case_reinstatement_set_aside).
static const char **s_set_aside_staff(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                      const char *owed, bool hr, bool manager, const char *language)
{
    HR_UNUSED(txn);
    const Hr__Workflow__Reinstatement *r = c->reinstatement;
    bool en = s_en(language);
    const char *kv[] = {"outcome",
                        "reinstatement_set_aside",
                        "award_date",
                        s_day(arena, r->award_date, en),
                        "award_ref",
                        r->award_ref,
                        "judgment_date",
                        s_day(arena, r->set_aside_date, en),
                        "judgment_ref",
                        r->set_aside_ref,
                        "effective_date",
                        s_day(arena, r->effective_date, en),
                        "documents",
                        s_set_aside_text(arena, c, owed, hr, manager, language),
                        NULL};
    const char **pairs = hr_arena_alloc(arena, sizeof kv);
    memcpy(pairs, kv, sizeof kv);
    return pairs;
}

hr_rc_t wf_effects_set_aside(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *owed, const char *company, const wf_time_t *t,
                             int64_t now_ms)
{
    assert(c->reinstatement && *c->reinstatement->set_aside_date);
    return s_tell_judged(txn, arena, c, company, t, now_ms, WF_TPL_SET_ASIDE_EMPLOYEE,
                         s_set_aside_pairs, WF_TPL_SET_ASIDE, s_set_aside_staff, owed);
}

// Whether p holds role.
static bool s_holds_role(const Hr__Workflow__Person *p, const char *role)
{
    for (size_t i = 0; i < p->n_roles; i++)
        if (!strcmp(p->roles[i], role))
            return true;
    return false;
}

hr_rc_t wf_effects_union_told(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                              const char *company, const wf_time_t *t, int64_t now_ms,
                              wf_union_member_fn *member, void *arg, const char **told)
{
    *told = "";
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    hr_rc_t rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n);
    if (rc)
        return rc;
    Hr__Workflow__Person *emp = NULL;
    if (wf_store_person_get(txn, c->employee_no, arena, &emp)) {
        emp = hr_arena_alloc(arena, sizeof *emp);
        hr__workflow__person__init(emp);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Workflow__Person *p = all[i];
        int32_t channels[S_CHANNELS];
        size_t nch = s_channels_of(p, channels);
        if (!s_holds_role(p, "union") || wf_person_has_left(p, now_ms) || !nch || !member(arg, p))
            continue;
        // What the union's letter states, in the reader's language (wf_doc_values).
        bool en = s_en(p->language);
        wf_doc_lang_t lang = en ? WF_DOC_EN : WF_DOC_ZH;
        wf_doc_input_t in = {.kind = WF_DOC_UNION_NOTICE,
                             .c = c,
                             .p = emp,
                             .department = "",
                             .company_name = company ? company : "",
                             .company_address = "",
                             .has_union = true,
                             .now_ms = now_ms,
                             .tz_offset_min = t->tz_offset_min,
                             .served_date = "",
                             .effective_date = "",
                             .cal = t->cal};
        // The notice day the letter proposes (wf_doc_union_day): the review's, never one on or
        // before the interview nor past - HR's letter gives the day then, the mail none.
        int32_t day = 0;
        char why[256], why_zh[512], buf[HR_DATE_LEN];
        bool dated = !wf_doc_union_day(c, "", hr_day_of_ms(now_ms, t->tz_offset_min), &day, why,
                                       sizeof why, why_zh, sizeof why_zh) &&
                     day;
        if (dated)
            in.served_date = hr_arena_strdup(arena, hr_date_format(day, buf));
        const char *v[WF_DOC_FIELD_COUNT];
        wf_doc_values(&in, lang, arena, v);
        if (!dated)
            v[WF_DOC_F_NOTICE_DATE] = v[WF_DOC_F_OPINION_BY] = NULL;
        const char *later = en ? "(see the letter to the union)" : "（见通知工会函）";
        const char *extra[] = {"ground_article",
                               v[WF_DOC_F_GROUND_ARTICLE] ? v[WF_DOC_F_GROUND_ARTICLE] : "",
                               "ground_text",
                               v[WF_DOC_F_GROUND_TEXT] ? v[WF_DOC_F_GROUND_TEXT] : "",
                               "reasons",
                               v[WF_DOC_F_REASON] ? v[WF_DOC_F_REASON] : later,
                               "notice_date",
                               v[WF_DOC_F_NOTICE_DATE] ? v[WF_DOC_F_NOTICE_DATE] : later,
                               "opinion_by",
                               v[WF_DOC_F_OPINION_BY] ? v[WF_DOC_F_OPINION_BY] : later,
                               "inviter",
                               s_sender(arena, company, en),
                               NULL};
        s_send_opts_t o = {
            .channels = channels, .nchannels = nch, .extra = extra, .corr_step = "union"};
        const char *to = p->employee_no;
        rc = s_notify(txn, arena, c, WF_TPL_UNION_NOTICE, NULL, 0, &to, 1, NULL, 0, t, now_ms, &o);
        *told = hr_arena_fmt(arena, "%s%s%s", *told, **told ? ", " : "", p->employee_no);
    }
    return rc;
}

// An amount of case c's assessment as the payroll mail says it: the figure in the reader's
// language, or that the case owes none of it.
static const char *s_pay_amount(int64_t fen, bool en, hr_arena_t *arena)
{
    if (fen <= 0)
        return en ? "none" : "无";
    return wf_doc_money(fen, en ? WF_DOC_EN : WF_DOC_ZH, arena);
}

// The channels payroll person p is told about case c on (their number in *channels), 0 when
// they are not told: not holding payroll, left by now_ms, neither email nor mobile, or the
// employee of c (never told of their own pay as the payroll office).
static size_t s_payroll_channels(const Hr__Workflow__Person *p, const Hr__Workflow__Case *c,
                                 int64_t now_ms, int32_t *channels)
{
    size_t nch = s_channels_of(p, channels);
    if (!s_holds_role(p, "payroll") || wf_person_has_left(p, now_ms) ||
        !strcmp(p->employee_no, c->employee_no))
        return 0;
    return nch;
}

hr_rc_t wf_effects_payroll_told(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                const wf_time_t *t, int64_t now_ms, const char **told)
{
    *told = "";
    if (!wf_pay_money_fixed(c))
        return HR_OK;
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    hr_rc_t rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n);
    if (rc)
        return rc;
    const Hr__Workflow__Assessment *a = c->assessment;
    const char *last = wf_pay_last_day(c);
    const char *handover = wf_pay_handover_date(c);
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Workflow__Person *p = all[i];
        int32_t channels[S_CHANNELS];
        size_t nch = s_payroll_channels(p, c, now_ms, channels);
        if (!nch)
            continue;
        bool en = s_en(p->language);
        const char *severance_due =
            *handover ? hr_arena_fmt(arena,
                                     en ? "at the work handover (done on %s)"
                                        : "劳动者办结工作交接时（交接完成日：%s）",
                                     s_day(arena, handover, en))
            : en      ? "at the work handover (not recorded as done yet: ask HR)"
                 : "劳动者办结工作交接时（交接尚未记录完成，请向 HR 确认）";
        const char *extra[] = {
            "severance",
            s_pay_amount(a->severance_fen, en, arena),
            "notice_pay",
            s_pay_amount(a->notice_pay_fen, en, arena),
            "unlawful_compensation",
            s_pay_amount(a->lawful ? 0 : a->unlawful_compensation_fen, en, arena),
            "last_day",
            *last ? s_day(arena, last, en) : "-",
            "severance_due",
            severance_due,
            "owed",
            s_pay_amount(wf_pay_owed(c), en, arena),
            NULL};
        s_send_opts_t o = {
            .channels = channels, .nchannels = nch, .extra = extra, .corr_step = "payroll"};
        const char *to = p->employee_no;
        rc = s_notify(txn, arena, c, WF_TPL_PAYMENT_DUE, NULL, 0, &to, 1, NULL, 0, t, now_ms, &o);
        *told = hr_arena_fmt(arena, "%s%s%s", *told, **told ? ", " : "", p->employee_no);
    }
    return rc;
}

// ---------------------------------------------------------------------------------------------
// The employee told what happens to them once the case ends: the ending, each payment, the
// transfer. Each in their language, on the channels the directory has an address for.

// The HR person the employee asks: the case's (the reviewer), else the HR head or their
// stand-in; nobody who has left by now_ms.
static Hr__Workflow__Person *s_employee_contact(hr_txn_t *txn, hr_arena_t *arena,
                                                const Hr__Workflow__Case *c, int64_t now_ms)
{
    const char *hr = wf_effects_case_hr(txn, arena, c);
    if (!*hr || s_left(txn, arena, hr, now_ms))
        hr = wf_effects_case_hr_head_at(txn, arena, c, now_ms);
    Hr__Workflow__Person *p = NULL;
    if (!*hr || wf_store_person_get(txn, hr, arena, &p))
        return NULL;
    return p;
}

// One message of tpl to the employee of c: the sender, the contact and the pairs (NULL-ended),
// on the channels the directory has an address for. *told false, and nothing queued, when it
// has neither an email nor a mobile for them (or not them at all).
static hr_rc_t s_employee_send(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                               const Hr__Workflow__Person *emp, const char *tpl,
                               const char *company, const char *const *pairs, const char *alone,
                               const char *corr_step, const wf_time_t *t, int64_t now_ms,
                               bool *told)
{
    int32_t channels[S_CHANNELS];
    size_t nch = s_channels_of(emp, channels);
    if (!nch)
        return HR_OK;
    Hr__Workflow__Person *hr = s_employee_contact(txn, arena, c, now_ms);
    size_t n = 0;
    while (pairs[n])
        n++;
    hr_rc_t rc = s_employee_queue(txn, arena, c, emp, hr, tpl, company, pairs, n, alone, channels,
                                  nch, corr_step, t, now_ms);
    *told = !rc;
    return rc;
}

// The employee of c from the directory, NULL when it no longer holds them.
static hr_rc_t s_employee_of(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                             Hr__Workflow__Person **emp)
{
    hr_rc_t rc = wf_store_person_get(txn, c->employee_no, arena, emp);
    if (rc == HR_ENOTFOUND) {
        *emp = NULL;
        return HR_OK;
    }
    return rc;
}

// How the notice reached the employee, or that the agreement was signed, a sentence in their
// language: signed for by them (hr-evidence's signature, or the signed copy attached), or a
// record of service (a courier's receipt, the witnesses' statement).
static const char *s_served_text(hr_arena_t *arena, const Hr__Workflow__Case *c, bool en)
{
    const Hr__Workflow__Outcome *o = c->outcome;
    const char *served = s_day(arena, o->served_date, en);
    if (o->kind == HR__WORKFLOW__OUTCOME_KIND__OUTCOME_KIND_AGREEMENT_SIGNED)
        return en ? hr_arena_fmt(arena, "You and the company signed the agreement on %s.", served)
                  : hr_arena_fmt(arena, "您与公司已于%s签署协议。", served);
    const char *title = wf_doc_case_kind_zh(c, WF_DOC_NOTICE);
    const char *ending = wf_doc_ending_word(c, WF_DOC_EN, false);
    if (*o->service_signed_date) {
        const char *signed_on = s_day(arena, o->service_signed_date, en);
        return en ? hr_arena_fmt(arena,
                                 "The notice of %s was served on you on %s; you signed for it "
                                 "on %s.",
                                 ending, served, signed_on)
                  : hr_arena_fmt(arena, "《%s》已于%s送达您，您于%s签收。", title, served,
                                 signed_on);
    }
    // The proof of service: the record named, else the notice itself (a copy they signed).
    const char *proof = *o->service_evidence_id ? o->service_evidence_id : o->evidence_id;
    const char *kind = "";
    for (size_t i = 0; i < c->n_evidence; i++)
        if (!strcmp(c->evidence[i]->id, proof))
            kind = c->evidence[i]->kind;
    if (!strcmp(kind, "other"))
        return en ? hr_arena_fmt(arena,
                                 "The notice of %s was served on you on %s; the record of its "
                                 "service (a courier's receipt or the witnesses' statement) is "
                                 "kept on file.",
                                 ending, served)
                  : hr_arena_fmt(arena,
                                 "《%s》已于%s送达您，送达记录（快递回执或见证人证明）已存档。",
                                 title, served);
    return en ? hr_arena_fmt(arena,
                             "The notice of %s was served on you on %s; the copy you signed for "
                             "is kept on file.",
                             ending, served)
              : hr_arena_fmt(arena, "《%s》已于%s送达您，您签收的通知书已存档。", title, served);
}

// An amount as an SMS says it: 123,456.78元 (the 人民币 of the documents left out for length),
// CNY 123,456.78 in English.
static const char *s_sms_money(int64_t fen, bool en, hr_arena_t *arena)
{
    const char *m = wf_doc_money(fen, en ? WF_DOC_EN : WF_DOC_ZH, arena);
    static const char prefix[] = "人民币";
    return !en && !strncmp(m, prefix, sizeof prefix - 1) ? m + sizeof prefix - 1 : m;
}

// Each amount the outcome fixes, a line each, and when it is paid (LCL 50 para 2: severance at
// the work handover; notice pay by the last day, Reg. Art. 20), then the wages to the last day;
// *sms the same in a few words for the SMS ("" when nothing is owed but the wages).
static const char *s_money_text(hr_arena_t *arena, const Hr__Workflow__Case *c, bool en,
                                const char **sms)
{
    wf_doc_lang_t lang = en ? WF_DOC_EN : WF_DOC_ZH;
    const char *last = s_day(arena, wf_pay_last_day(c), en);
    const char *handover = wf_pay_handover_date(c);
    const char *ending = wf_doc_ending_word(c, lang, false);
    wf_pay_balance_t b;
    wf_pay_balance(c, &b);
    const char *text = "", *brief = "";
    size_t items = 0;
    int64_t total = 0;
    for (int i = 0; i < WF_PAY_ITEM_COUNT; i++) {
        int64_t fen = b.lines[i].computed ? b.lines[i].due_fen : 0;
        if (fen <= 0)
            continue;
        const char *amount = wf_doc_money(fen, lang, arena);
        const char *sms_amount = s_sms_money(fen, en, arena);
        const char *when = "", *short_when = "", *name = "", *short_name = "";
        switch ((wf_pay_item_t)i) {
        case WF_PAY_SEVERANCE:
            name = en ? "Severance" : "经济补偿";
            short_name = en ? "severance" : "经济补偿";
            when = *handover
                       ? (en ? hr_arena_fmt(arena,
                                            "paid at the work handover, done on %s (LCL Art. 50 "
                                            "para 2)",
                                            s_day(arena, handover, en))
                             : hr_arena_fmt(arena,
                                            "于您办结工作交接时支付（工作交接已于%s办结；《中华人民"
                                            "共和国劳动合同法》第五十条第二款）",
                                            s_day(arena, handover, en)))
                   : en ? "paid when you complete the handover of your work (LCL Art. 50 para 2)"
                        : "于您办结工作交接时支付（《中华人民共和国劳动合同法》第五十条第二款）";
            short_when = en ? "at the handover" : "于交接时支付";
            break;
        case WF_PAY_NOTICE:
            name = en ? "Pay in lieu of notice (one extra month's wage)"
                      : "代通知金（额外支付的一个月工资）";
            short_name = en ? "notice pay" : "代通知金";
            when = en ? hr_arena_fmt(arena,
                                     "paid no later than the contract's last day, %s (Reg. Art. "
                                     "20)",
                                     last)
                      : hr_arena_fmt(arena,
                                     "不迟于劳动合同最后一日（%s）支付（《中华人民共和国劳动合同法"
                                     "实施条例》第二十条）",
                                     last);
            // 不迟于: "于...前" may read as excluding the day itself.
            short_when =
                en ? hr_arena_fmt(arena, "by %s", last) : hr_arena_fmt(arena, "不迟于%s支付", last);
            break;
        default:
            name = en ? "Compensation for an unlawful ending (LCL Art. 87)"
                      : "违法解除或终止劳动合同的赔偿金（《中华人民共和国劳动合同法》第八十七条）";
            short_name = en ? "compensation" : "赔偿金";
            when = en ? "HR tells you when it is paid" : "支付时间请向联系人确认";
            short_when = "";
            break;
        }
        text = en ? hr_arena_fmt(arena, "%s- %s: %s, %s\n", text, name, amount, when)
                  : hr_arena_fmt(arena, "%s· %s：%s，%s\n", text, name, amount, when);
        brief = en ? hr_arena_fmt(arena, "%s%s%s %s%s%s", brief, *brief ? "; " : "", short_name,
                                  sms_amount, *short_when ? " " : "", short_when)
                   : hr_arena_fmt(arena, "%s%s%s%s%s", brief, *brief ? "，" : "", short_name,
                                  sms_amount, short_when);
        items++;
        total += fen;
    }
    text =
        en ? hr_arena_fmt(arena,
                          "%s- Wages up to the contract's last day (%s): paid in full at the "
                          "%s.",
                          text, last, ending)
           : hr_arena_fmt(arena, "%s· 工资：结算至劳动合同最后一日（%s），在%s劳动合同时一次付清。",
                          text, last, ending);
    if (!items)
        text = en ? hr_arena_fmt(arena,
                                 "As the case ends, the company owes you no severance or notice "
                                 "pay.\n%s",
                                 text)
                  : hr_arena_fmt(arena, "按本案的结果，公司无需支付经济补偿或代通知金。\n%s", text);
    // The SMS stays within two parts: three amounts are said as their sum.
    if (items > 2)
        brief = en ? hr_arena_fmt(arena, "%s in all is paid to you", s_sms_money(total, en, arena))
                   : hr_arena_fmt(arena, "应付您的款项共%s", s_sms_money(total, en, arena));
    *sms = !items ? ""
           : en   ? hr_arena_fmt(arena, "To be paid: %s. ", brief)
                  : hr_arena_fmt(arena, "%s。", brief);
    return text;
}

// The certificate of the ending, issued at the ending itself (LCL 50), and where to collect it;
// then the transfer to come within fifteen days, by its day when the case has the duty.
static const char *s_certificate_text(hr_arena_t *arena, const Hr__Workflow__Case *c,
                                      const char *address, const Hr__Workflow__Person *hr, bool en)
{
    const char *last = s_day(arena, wf_pay_last_day(c), en);
    const char *who = hr ? hr->name : (en ? "HR" : "人力资源部");
    const char *where = address && *address ? address : "";
    if (en)
        return hr_arena_fmt(arena,
                            "The certificate of %s of your contract is issued at the ending, on "
                            "%s (LCL Art. 50), whether or not the handover is done: collect it "
                            "from %s%s%s, or tell them where to send it.",
                            wf_doc_ending_word(c, WF_DOC_EN, false), last, who,
                            *where ? " at " : "", where);
    return hr_arena_fmt(arena,
                        "公司在%s劳动合同时（%s）为您出具《%s》（《中华人民共和国劳动合同法》第五十"
                        "条），不以办结工作交接为条件。请到%s向%s领取，或告知联系人邮寄地址。",
                        wf_doc_ending_word(c, WF_DOC_ZH, false), last,
                        wf_doc_case_kind_zh(c, WF_DOC_CERTIFICATE), *where ? where : "公司", who);
}

// The day the transfer is due by, as the reader's documents write it ("" without the duty).
static const char *s_transfer_by(hr_arena_t *arena, const Hr__Workflow__Case *c, bool en)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (st->duty && !strcmp(st->key, WF_DUTY_TRANSFER))
            return *st->due_date ? s_day(arena, st->due_date, en) : "-";
    }
    return "";
}

static const char *s_transfer_text(hr_arena_t *arena, const Hr__Workflow__Case *c, bool en)
{
    for (size_t i = 0; i < c->n_steps; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (!st->duty || strcmp(st->key, WF_DUTY_TRANSFER))
            continue;
        const char *by = s_day(arena, st->due_date, en);
        return en ? hr_arena_fmt(arena,
                                 "The company transfers your file and social insurance within "
                                 "fifteen days of the ending, no later than %s (LCL Art. 50), and "
                                 "tells you "
                                 "when it is done.",
                                 *by ? by : "-")
                  : hr_arena_fmt(
                        arena,
                        "公司在劳动合同%s后十五日内（不迟于%s）为您办理档案和社会保险关系转移"
                        "手续（《中华人民共和国劳动合同法》第五十条），办理完成后另行通知您。",
                        wf_doc_ending_word(c, WF_DOC_ZH, false), *by ? by : "-");
    }
    return "";
}

// The right to labour arbitration within a year and the day it ends (LDMAL Art. 27), for the
// email; "" when the case states no limit.
static const char *s_arbitration_text(hr_arena_t *arena, const Hr__Workflow__Case *c,
                                      const char *limit, bool en)
{
    if (!*limit)
        return "";
    if (en)
        return hr_arena_fmt(arena,
                            "If you disagree with the %s, you may apply to the labour dispute "
                            "arbitration commission within one year, no later than %s (LDMAL Art. "
                            "27).",
                            wf_doc_ending_word(c, WF_DOC_EN, false), limit);
    return hr_arena_fmt(arena,
                        "如对劳动合同%s有异议，您可以在一年内、不迟于%s向劳动争议仲裁委员会申请"
                        "仲裁（《中华人民共和国劳动争议调解仲裁法》第二十七条）。",
                        wf_doc_ending_word(c, WF_DOC_ZH, false), limit);
}

// The ending's SMS read without the email: the certificate (when, where, from whom), the
// transfer's day and the arbitration limit, in short. Within four SMS parts with the money
// (services/notify/README.md).
static const char *s_ended_alone(hr_arena_t *arena, const Hr__Workflow__Case *c,
                                 const char *address, const Hr__Workflow__Person *hr,
                                 const char *limit, bool en)
{
    const char *last = s_day(arena, wf_pay_last_day(c), en);
    const char *who = hr ? hr->name : (en ? "HR" : "人力资源部");
    const char *where = address && *address ? address : (en ? "the company" : "公司");
    const char *by = s_transfer_by(arena, c, en);
    if (en)
        return hr_arena_fmt(arena, "Collect your certificate from %s on %s at %s. %s%s%s%s%s", who,
                            last, where, *by ? "File and social insurance transferred by " : "", by,
                            *by ? ". " : "",
                            *limit ? hr_arena_fmt(arena,
                                                  "You may apply for labour arbitration no later "
                                                  "than %s. ",
                                                  limit)
                                   : "",
                            "");
    return hr_arena_fmt(
        arena, "《%s》于%s起到%s向%s领取。%s%s%s%s", wf_doc_case_kind_zh(c, WF_DOC_CERTIFICATE),
        last, where, who, *by ? "档案和社保关系不迟于" : "", by, *by ? "转移。" : "",
        *limit ? hr_arena_fmt(arena, "如有异议，可不迟于%s申请劳动仲裁。", limit) : "");
}

hr_rc_t wf_effects_employee_ended(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                  const char *company, const char *address, const wf_time_t *t,
                                  int64_t now_ms, bool *told)
{
    *told = false;
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = s_employee_of(txn, arena, c, &emp);
    if (rc || !emp || !c->outcome)
        return rc;
    bool en = s_en(emp->language);
    const char *sms = "";
    const char *money = s_money_text(arena, c, en, &sms);
    Hr__Workflow__Person *hr = s_employee_contact(txn, arena, c, now_ms);
    const char *limit =
        s_day(arena, t && t->cal ? wf_dispute_limit_date(c, t->cal, arena) : "", en);
    const char *pairs[] = {"last_day",    s_day(arena, wf_pay_last_day(c), en),
                           "served",      s_served_text(arena, c, en),
                           "money",       money,
                           "money_sms",   sms,
                           "certificate", s_certificate_text(arena, c, address, hr, en),
                           "transfer",    s_transfer_text(arena, c, en),
                           "arbitration", s_arbitration_text(arena, c, limit, en),
                           NULL};
    return s_employee_send(txn, arena, c, emp, WF_TPL_EMPLOYMENT_ENDED, company, pairs,
                           s_ended_alone(arena, c, address, hr, limit, en), WF_STEP_OUTCOME, t,
                           now_ms, told);
}

hr_rc_t wf_effects_employee_paid(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                 const Hr__Workflow__Payment *p, const char *company,
                                 const wf_time_t *t, int64_t now_ms, bool *told)
{
    static const char *const items_en[WF_PAY_ITEM_COUNT] = {"severance", "pay in lieu of notice",
                                                            "compensation for an unlawful ending",
                                                            "wages", "another payment"};
    static const struct {
        const char *method, *zh, *en;
    } methods[] = {{"bank", "银行转账", "bank transfer"},
                   {"cash", "现金", "cash"},
                   {"cheque", "支票", "cheque"},
                   {"other", "其他方式", "another way"}};
    *told = false;
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = s_employee_of(txn, arena, c, &emp);
    int item = wf_pay_item_find(p->item);
    if (rc || !emp || item < 0)
        return rc;
    bool en = s_en(emp->language);
    wf_doc_lang_t lang = en ? WF_DOC_EN : WF_DOC_ZH;
    const char *method = p->method;
    for (size_t i = 0; i < HR_ARRAY_LEN(methods); i++)
        if (!strcmp(p->method, methods[i].method))
            method = en ? methods[i].en : methods[i].zh;
    const char *reference = !*p->reference ? ""
                            : en           ? hr_arena_fmt(arena, ", reference %s", p->reference)
                                           : hr_arena_fmt(arena, "，凭证号 %s", p->reference);
    // What the case still owes of the amounts it fixed, after this payment (or this correction).
    int64_t owed = wf_pay_owed(c);
    const char *still = !wf_pay_money_fixed(c) ? ""
                        : owed > 0 ? (en ? hr_arena_fmt(arena, "Still to be paid to you: %s.",
                                                        wf_doc_money(owed, lang, arena))
                                         : hr_arena_fmt(arena, "尚待支付给您的款项合计：%s。",
                                                        wf_doc_money(owed, lang, arena)))
                        : en ? "The severance and notice pay the case fixed are now paid in full."
                             : "本案确定的经济补偿和代通知金等款项已全部付清。";
    // A reversal tells what it cancels: the payment as it was told to them (its day and how),
    // and the day of the correction. The note stays HR's (it may name others' mistakes).
    const Hr__Workflow__Payment *was = NULL;
    for (size_t i = 0; *p->reverses && i < c->n_payments && !was; i++)
        if (!strcmp(c->payments[i]->id, p->reverses))
            was = c->payments[i];
    if (*p->reverses && !was)
        return HR_OK; // nothing to name: the check that recorded it found it, so not reached
    // The SMS says the balance too: a part payment read as "paid" hid what was still due.
    const char *still_sms =
        !wf_pay_money_fixed(c) ? ""
        : owed > 0             ? (en ? hr_arena_fmt(arena, "Still to be paid to you: %s. ",
                                                    s_sms_money(owed, en, arena))
                                     : hr_arena_fmt(arena, "尚待支付您%s。", s_sms_money(owed, en, arena)))
        : en                   ? "All the case fixed is now paid. "
                               : "本案款项已全部付清。";
    static const char *const items_sms[WF_PAY_ITEM_COUNT] = {"经济补偿", "代通知金", "赔偿金",
                                                             "工资", "其他款项"};
    const char *pairs[] = {"item",
                           en ? items_en[item] : wf_pay_item_zh((wf_pay_item_t)item),
                           "item_sms",
                           en ? items_en[item] : items_sms[item],
                           "amount",
                           wf_doc_money(p->amount_fen, lang, arena),
                           "amount_sms",
                           s_sms_money(p->amount_fen, en, arena),
                           "paid_date",
                           s_day(arena, was ? was->paid_date : p->paid_date, en),
                           "method",
                           method,
                           "reference",
                           reference,
                           "owed",
                           still,
                           "owed_sms",
                           still_sms,
                           "corrected_date",
                           was ? s_day(arena, p->paid_date, en) : "",
                           NULL};
    const char *alone = !*p->reference ? ""
                        : en           ? hr_arena_fmt(arena, "Reference %s. ", p->reference)
                                       : hr_arena_fmt(arena, "凭证号 %s。", p->reference);
    return s_employee_send(txn, arena, c, emp, was ? WF_TPL_PAYMENT_REVERSED : WF_TPL_PAYMENT_MADE,
                           company, pairs, alone, "payment", t, now_ms, told);
}

hr_rc_t wf_effects_employee_certified(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                      const Hr__Workflow__CaseStep *st, const char *company,
                                      const char *address, const wf_time_t *t, int64_t now_ms,
                                      bool *told)
{
    *told = false;
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = s_employee_of(txn, arena, c, &emp);
    if (rc || !emp)
        return rc;
    bool en = s_en(emp->language);
    // The duty says it was issued, not whether it reached them: where to collect it if not.
    Hr__Workflow__Person *hr = s_employee_contact(txn, arena, c, now_ms);
    const char *who = hr ? hr->name : (en ? "HR" : "人力资源部");
    const char *where = address && *address ? address : "";
    const char *collect =
        en ? hr_arena_fmt(arena,
                          "If it has not been handed to you, collect it from %s%s%s, or tell "
                          "them where to send it.",
                          who, *where ? " at " : "", where)
           : hr_arena_fmt(arena, "如尚未交给您，请到%s向%s领取，或告知联系人邮寄地址。",
                          *where ? where : "公司", who);
    const char *pairs[] = {
        "done_date",
        s_day(arena, st->done_date, en),
        "certificate_title",
        en ? hr_arena_fmt(arena, "certificate of %s", wf_doc_ending_word(c, WF_DOC_EN, false))
           : wf_doc_case_kind_zh(c, WF_DOC_CERTIFICATE),
        "collect",
        collect,
        NULL};
    return s_employee_send(txn, arena, c, emp, WF_TPL_CERTIFICATE_ISSUED, company, pairs, "",
                           st->key, t, now_ms, told);
}

hr_rc_t wf_effects_employee_transferred(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                        const Hr__Workflow__CaseStep *st, const char *company,
                                        const wf_time_t *t, int64_t now_ms, bool *told)
{
    *told = false;
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = s_employee_of(txn, arena, c, &emp);
    if (rc || !emp)
        return rc;
    const char *pairs[] = {"done_date", s_day(arena, st->done_date, s_en(emp->language)), NULL};
    // The SMS says all the email does: nothing to add when read alone.
    return s_employee_send(txn, arena, c, emp, WF_TPL_TRANSFER_DONE, company, pairs, "", st->key, t,
                           now_ms, told);
}

bool wf_effects_employee_reachable(const Hr__Workflow__Person *emp)
{
    return emp && (*emp->email || *emp->mobile);
}

hr_rc_t wf_effects_payroll_changed(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                   const wf_pay_due_t *was, const char *why_en, const char *why_zh,
                                   const wf_time_t *t, int64_t now_ms, const char **told)
{
    *told = "";
    wf_pay_due_t now;
    wf_pay_due_of(c, &now);
    if (!memcmp(&now, was, sizeof now))
        return HR_OK;
    Hr__Workflow__Person **all = NULL;
    size_t n = 0;
    hr_rc_t rc = wf_store_people_all(txn, arena, WF_PEOPLE_MAX, &all, &n);
    if (rc)
        return rc;
    wf_pay_balance_t b;
    wf_pay_balance(c, &b);
    for (size_t i = 0; i < n && !rc; i++) {
        const Hr__Workflow__Person *p = all[i];
        int32_t channels[S_CHANNELS];
        size_t nch = s_payroll_channels(p, c, now_ms, channels);
        if (!nch)
            continue;
        bool en = s_en(p->language);
        const char *extra[] = {"why",
                               en ? why_en : why_zh,
                               "severance_was",
                               s_pay_amount(was->severance_fen, en, arena),
                               "severance",
                               s_pay_amount(now.severance_fen, en, arena),
                               "notice_pay_was",
                               s_pay_amount(was->notice_pay_fen, en, arena),
                               "notice_pay",
                               s_pay_amount(now.notice_pay_fen, en, arena),
                               "unlawful_compensation_was",
                               s_pay_amount(was->unlawful_fen, en, arena),
                               "unlawful_compensation",
                               s_pay_amount(now.unlawful_fen, en, arena),
                               "paid",
                               s_pay_amount(b.total_paid_fen, en, arena),
                               "owed",
                               s_pay_amount(wf_pay_owed(c), en, arena),
                               NULL};
        s_send_opts_t o = {
            .channels = channels, .nchannels = nch, .extra = extra, .corr_step = "payroll"};
        const char *to = p->employee_no;
        rc = s_notify(txn, arena, c, WF_TPL_PAYMENT_CHANGED, NULL, 0, &to, 1, NULL, 0, t, now_ms,
                      &o);
        *told = hr_arena_fmt(arena, "%s%s%s", *told, **told ? ", " : "", p->employee_no);
    }
    return rc;
}

hr_rc_t wf_effects_handed_on(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *left_no, const char *left_date, const char *moved,
                             const wf_time_t *t, int64_t now_ms)
{
    const char *hr = wf_effects_case_hr(txn, arena, c);
    if (!*hr || s_left(txn, arena, hr, now_ms))
        hr = wf_effects_case_hr_head_at(txn, arena, c, now_ms);
    if (!*hr)
        return HR_OK; // nobody in HR: the history and the log say it
    const Hr__Workflow__CaseStep *cur = wf_steps_current(c);
    const char *extra[] = {"left_no",
                           left_no,
                           "left_date",
                           left_date,
                           "left_date_zh",
                           s_day(arena, left_date, false),
                           "moved",
                           moved,
                           "manager_no",
                           c->manager_no,
                           NULL};
    return s_tell_one(txn, arena, c, WF_TPL_HANDED_ON, hr, extra, cur ? cur->key : "", t, now_ms);
}

// Whether no is someone a withdrawal's reason may be mailed to: HR (hr, hr_head) or legal, as
// the directory has them. The reason is HR's or the manager's free text and may say what the
// system keeps from managers and superiors (a pregnancy, a medical period, LCL 42).
static bool s_reads_reasons(hr_txn_t *txn, hr_arena_t *arena, const char *no)
{
    Hr__Workflow__Person *p = NULL;
    if (wf_store_person_get(txn, no, arena, &p))
        return false;
    for (size_t k = 0; k < p->n_roles; k++)
        if (!strcmp(p->roles[k], "hr") || !strcmp(p->roles[k], "hr_head") ||
            !strcmp(p->roles[k], "legal"))
            return true;
    return false;
}

hr_rc_t wf_effects_withdrawn(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                             const char *by, const char *stage, const wf_time_t *t, int64_t now_ms)
{
    const char *hr = wf_effects_case_hr(txn, arena, c);
    if (!*hr)
        hr = wf_effects_case_hr_head(txn, arena, c);
    const char *superior = "";
    for (size_t i = 0; i < c->n_steps; i++)
        if (!strcmp(c->steps[i]->key, WF_STEP_SUPERIOR) && *c->steps[i]->owner_no)
            superior = c->steps[i]->owner_no;
    const char *chain[2] = {"", ""}; // two: the employee may be the first, and passed over
    size_t n = 0;
    hr_rc_t rc = HR_OK;
    if (!*superior && c->wants_superior_approval) // not reached yet: who would have approved
        rc = wf_effects_chain(txn, arena, c->manager_no, chain, HR_ARRAY_LEN(chain), &n);
    if (rc)
        return rc;
    n = wf_owner_pass_over(chain, n, c->employee_no);
    if (n)
        superior = chain[0];
    // The stage's owner and whoever its escalations reached, level by level up to the highest
    // it reached - on the owner's line as the directory has it today, so a manager HR replaced
    // is not told. The highest level comes from the overdue notices sent for the stage as well:
    // a reassignment restarts the ladder (escalation_level 0) but those told before were
    // reached.
    const char *escalated[2 * (WF_CHAIN_MAX + 4)];
    size_t ne = 0;
    for (size_t i = 0; i < c->n_steps && !rc; i++) {
        const Hr__Workflow__CaseStep *st = c->steps[i];
        if (strcmp(st->key, stage) || !*st->owner_no)
            continue;
        escalated[ne++] = st->owner_no;
        unsigned reached = st->escalation_level;
        for (size_t k = 0; k < c->n_notifications; k++) {
            const Hr__Workflow__NotificationRef *ref = c->notifications[k];
            if (!strcmp(ref->step, stage) && ref->level > reached &&
                (!strcmp(ref->template_id, WF_TPL_OVERDUE_1) ||
                 !strcmp(ref->template_id, WF_TPL_OVERDUE_2)))
                reached = ref->level;
        }
        const char *line[WF_CHAIN_MAX];
        size_t nline = 0;
        if (reached)
            rc = wf_effects_chain(txn, arena, st->owner_no, line, WF_CHAIN_MAX, &nline);
        nline = wf_owner_pass_over(line, nline, c->employee_no); // as the escalation did
        nline = wf_effects_pass_over_left(txn, arena, line, nline, now_ms);
        const char *hr_head = wf_effects_case_hr_head_at(txn, arena, c, now_ms);
        const char *contact = s_setting(txn, arena, WF_SETTING_ESCALATION);
        for (unsigned lv = 1; !rc && lv <= reached && lv <= WF_ESCALATION_MAX; lv++) {
            wf_recipients_t r;
            wf_escalation_recipients_end(lv, st->owner_no, line, nline, hr_head, contact, &r);
            for (size_t k = 0; k < r.nto && ne < HR_ARRAY_LEN(escalated); k++)
                escalated[ne++] = hr_arena_strdup(arena, r.to[k]);
            for (size_t k = 0; k < r.ncc && ne < HR_ARRAY_LEN(escalated); k++)
                escalated[ne++] = hr_arena_strdup(arena, r.cc[k]);
        }
        break;
    }
    if (rc)
        return rc;
    const char *all[HR_ARRAY_LEN(escalated) + 8];
    size_t na = wf_tell_withdrawn_to(c, hr, superior, by, escalated, ne, all, HR_ARRAY_LEN(all));
    // Nobody who has left is told: their mail is nobody's now.
    const char *people[HR_ARRAY_LEN(all)];
    size_t np = 0;
    for (size_t i = 0; i < na; i++) {
        Hr__Workflow__Person *p = NULL;
        if (!wf_store_person_get(txn, all[i], arena, &p) && wf_person_has_left(p, now_ms))
            continue;
        people[np++] = all[i];
    }
    // An interview already held is not cancelled by the withdrawal: nothing is said of it then.
    const char *interview = c->interview && !wf_tell_interview_held(c)
                                ? hr_arena_fmt(arena, "%s %s %s", c->interview->date,
                                               c->interview->time, c->interview->place)
                                : "";
    Hr__Workflow__Person *who = NULL;
    const char *by_text = wf_store_person_get(txn, by, arena, &who)
                              ? by
                              : hr_arena_fmt(arena, "%s (%s)", who->name, who->employee_no);
    const Hr__Workflow__CaseStep *at = NULL;
    for (size_t i = 0; i < c->n_steps && stage && !at; i++)
        if (!strcmp(c->steps[i]->key, stage))
            at = c->steps[i];
    for (size_t i = 0; i < np && !rc; i++) {
        bool en = s_en(s_language(txn, arena, people[i]));
        // The stage as the reader's texts name it, never its key inside the other language.
        const char *title = !at ? "" : en ? at->title_en : at->title_zh;
        // In Chinese as the employee's cancellation says it: 原定于2026年12月3日 10:00在...
        const char *cancelled =
            !*interview ? ""
            : en        ? hr_arena_fmt(arena, "The interview of %s is cancelled.", interview)
                        : hr_arena_fmt(arena, "原定于%s %s在%s的面谈取消。",
                                       s_day(arena, c->interview->date, false), c->interview->time,
                                       c->interview->place);
        // To a manager or a superior, whoever withdrew it is named, never the text itself.
        const char *reason =
            s_reads_reasons(txn, arena, people[i]) ? c->withdraw_reason
            : en ? hr_arena_fmt(arena, "kept in the case record; ask %s", by_text)
                 : hr_arena_fmt(arena, "已记录在案件中，如需了解请联系 %s", by_text);
        const char *extra[] = {
            "withdrawn_by", by_text,   "reason",  reason,      "stage", *title ? title : stage,
            "interview",    cancelled, "outcome", "withdrawn", NULL};
        rc = s_tell_one(txn, arena, c, WF_TPL_WITHDRAWN, people[i], extra, stage, t, now_ms);
    }
    return rc;
}

hr_rc_t wf_effects_returned(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                            Hr__Workflow__Finding *const *findings, size_t nfindings,
                            const char *note, bool blocked, const char *hr_no, const wf_time_t *t,
                            int64_t now_ms)
{
    bool en = s_en(s_language(txn, arena, c->manager_no));
    size_t count = nfindings ? wf_tell_block_count(findings, nfindings) : 1;
    // HR's note and, under each unproven fact, what is attached for it that HR did not accept:
    // otherwise the manager is asked for what they already gave. A protection is no matter of
    // evidence: its text is the findings alone.
    const char *text = !nfindings ? note
                       : blocked  ? wf_tell_findings_text(findings, nfindings, en, arena)
                                  : wf_tell_returned_text(c, findings, nfindings, note, en, arena);
    const char *blocked_tpl =
        wf_tell_is_lasting(c->assessment) ? WF_TPL_BLOCKED_LASTING : WF_TPL_BLOCKED;
    const char *tpl = blocked ? blocked_tpl : WF_TPL_CASE_RETURNED;
    const char *extra[] = {"findings", text, "count", hr_arena_fmt(arena, "%zu", count), NULL};
    hr_rc_t rc = s_tell_one(txn, arena, c, tpl, c->manager_no, extra, WF_STEP_REQUEST, t, now_ms);
    if (rc || !blocked || !c->assessment)
        return rc;
    // HR is told once, with the protection named (HR's to know): the manager's text says only
    // that one applies.
    const char *people[2] = {hr_no, wf_effects_case_hr_head(txn, arena, c)};
    for (size_t i = 0; i < HR_ARRAY_LEN(people) && !rc; i++) {
        if (!people[i] || !*people[i] || !strcmp(people[i], c->manager_no) ||
            (i && people[0] && !strcmp(people[0], people[i])))
            continue;
        bool hr_en = s_en(s_language(txn, arena, people[i]));
        const Hr__Workflow__Assessment *a = c->assessment;
        const char *hr_extra[] = {
            "findings", wf_tell_findings_text(a->findings, a->n_findings, hr_en, arena), "count",
            hr_arena_fmt(arena, "%zu", wf_tell_block_count(a->findings, a->n_findings)), NULL};
        rc =
            s_tell_one(txn, arena, c, blocked_tpl, people[i], hr_extra, WF_STEP_REQUEST, t, now_ms);
    }
    return rc;
}

// A person's name for a text, "" when unknown.
static const char *s_name(hr_txn_t *txn, hr_arena_t *arena, const char *no)
{
    Hr__Workflow__Person *p = NULL;
    if (!no || !*no || wf_store_person_get(txn, no, arena, &p))
        return "";
    return p->name;
}

hr_rc_t wf_effects_interview_told(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c,
                                  const char *tpl, const char *hr_no,
                                  const Hr__Workflow__Interview *was, bool has_union,
                                  const char *company, const wf_time_t *t, int64_t now_ms,
                                  bool *told)
{
    *told = false;
    const Hr__Workflow__Interview *iv = c->interview;
    Hr__Workflow__Person *emp = NULL;
    hr_rc_t rc = wf_store_person_get(txn, c->employee_no, arena, &emp);
    if (rc == HR_ENOTFOUND || !iv)
        return HR_OK;
    if (rc)
        return rc;
    int32_t channels[S_CHANNELS];
    size_t nch = s_channels_of(emp, channels);
    if (!nch)
        return HR_OK;
    bool en = s_en(emp->language);
    Hr__Workflow__Person *hr = NULL;
    if (!hr_no || !*hr_no || wf_store_person_get(txn, hr_no, arena, &hr))
        hr = NULL;
    const char *names[2] = {s_name(txn, arena, c->manager_no), hr ? hr->name : ""};
    bool cancelled = !strcmp(tpl, WF_TPL_INVITE_CANCELLED);
    // The days as the employee's documents write them: 2026年12月3日 in Chinese, ISO in
    // English.
    const char *date = s_day(arena, iv->date, en);
    const char *extra[] = {
        "at",
        hr_arena_fmt(arena, "%s %s", date, iv->time),
        "date",
        date,
        "time",
        iv->time,
        "place",
        iv->place,
        "contact_name",
        hr ? hr->name : "",
        "contact_email",
        hr ? hr->email : "",
        "contact_mobile",
        hr ? hr->mobile : "",
        "attendees",
        cancelled ? "" : wf_tell_names(names, 2, en, arena),
        "accompany",
        cancelled ? "" : wf_tell_accompany(en, has_union),
        "was",
        was ? hr_arena_fmt(arena, "%s %s", s_day(arena, was->date, en), was->time) : "",
        "inviter",
        s_sender(arena, company, en),
        NULL};
    s_send_opts_t o = {.channels = channels,
                       .nchannels = nch,
                       .extra = extra,
                       .corr_step = WF_STEP_INTERVIEW,
                       .supersede = hr_arena_fmt(arena, "interview:%s", c->id)};
    const char *to = c->employee_no;
    rc = s_notify(txn, arena, c, tpl, NULL, 0, &to, 1, NULL, 0, t, now_ms, &o);
    *told = !rc;
    return rc;
}

// Who the people an escalation reaches are to the step, so that its texts say exactly whom each
// level addressed and who is in copy, and what each of them is asked to do (README, Deadlines
// and escalation). chain is the owner's line as the escalation reads it (passed over already).
typedef struct {
    const char *owner_no;     // borrowed: the step's owner
    const char *const *chain; // borrowed: the owner's line, nearest first
    size_t nchain;            // entries in chain
    const char *hr_head;      // borrowed: the case's HR head (or stand-in), "" none
    const char *contact;      // borrowed: escalation/contact, "" none
} s_ladder_t;

// "二" .. "十" for 2..10, else the digits: the Nth line above the owner in Chinese.
static const char *s_zh_ordinal(hr_arena_t *arena, size_t n)
{
    static const char *const words[] = {"",   "一", "二", "三", "四", "五",
                                        "六", "七", "八", "九", "十"};
    return n < HR_ARRAY_LEN(words) ? words[n] : hr_arena_fmt(arena, "%zu", n);
}

static const char *s_en_ordinal(hr_arena_t *arena, size_t n)
{
    static const char *const words[] = {"",      "first",   "second", "third", "fourth", "fifth",
                                        "sixth", "seventh", "eighth", "ninth", "tenth"};
    return n < HR_ARRAY_LEN(words) ? words[n] : hr_arena_fmt(arena, "%zuth", n);
}

// What person no is to the step, in the reader's language: the owner, the owner's Nth-line
// superior, the HR head, the escalation contact, or several of these ("" when none).
static const char *s_role(hr_arena_t *arena, const s_ladder_t *l, const char *no, bool en)
{
    const char *role = "";
    const char *sep = en ? " and " : "、";
    if (!strcmp(no, l->owner_no))
        role = en ? "the owner" : "负责人";
    for (size_t k = 0; k < l->nchain; k++) {
        if (strcmp(no, l->chain[k]))
            continue;
        const char *line =
            k == 0 ? (en ? "the owner's superior" : "负责人的直属上级")
            : en   ? hr_arena_fmt(arena, "the owner's %s-line superior", s_en_ordinal(arena, k + 1))
                   : hr_arena_fmt(arena, "负责人的第%s级上级", s_zh_ordinal(arena, k + 1));
        role = *role ? hr_arena_fmt(arena, "%s%s%s", role, sep, line) : line;
        break;
    }
    if (*l->hr_head && !strcmp(no, l->hr_head))
        role =
            hr_arena_fmt(arena, "%s%s%s", role, *role ? sep : "", en ? "the HR head" : "HR 负责人");
    if (*l->contact && !strcmp(no, l->contact))
        role = hr_arena_fmt(arena, "%s%s%s", role, *role ? sep : "",
                            en ? "the escalation contact" : "升级联系人");
    return role;
}

// The people in list, each with their role: "周明（负责人的第三级上级）、李静（HR 负责人）";
// none_text when the list is empty. Someone who reads the other language gets their own message
// (s_notify), and the text says so.
static const char *s_people_text(hr_txn_t *txn, hr_arena_t *arena, const s_ladder_t *l,
                                 const char *const *list, size_t n, bool en, const char *none_text)
{
    const char *text = "";
    for (size_t k = 0; k < n; k++) {
        const char *name = s_name(txn, arena, list[k]);
        const char *role = s_role(arena, l, list[k], en);
        bool other = s_en(s_language(txn, arena, list[k])) != en;
        const char *note = !other ? ""
                           : en   ? ", sent to them separately in Chinese"
                                  : "，另以英文发送";
        text = en ? hr_arena_fmt(arena, "%s%s%s (%s%s)", text, k ? "; " : "",
                                 *name ? name : list[k], role, note)
                  : hr_arena_fmt(arena, "%s%s%s（%s%s）", text, k ? "、" : "",
                                 *name ? name : list[k], role, note);
    }
    return n ? text : none_text;
}

// A moment in the company's zone, "2026-12-11 08:00".
static const char *s_local_minute(hr_arena_t *arena, int64_t ms, const wf_time_t *t)
{
    char date[HR_DATE_LEN];
    int64_t minute = (ms / 60000 + t->tz_offset_min) % (24 * 60);
    if (minute < 0)
        minute += 24 * 60;
    hr_date_format(hr_day_of_ms(ms, t->tz_offset_min), date);
    return hr_arena_fmt(arena, "%s %02d:%02d", date, (int)(minute / 60), (int)(minute % 60));
}

// The same as the Chinese texts write it: 2026年12月11日 08:00.
static const char *s_local_minute_zh(hr_arena_t *arena, int64_t ms, const wf_time_t *t)
{
    const char *iso = s_local_minute(arena, ms, t);
    return hr_arena_fmt(arena, "%s %s", s_day(arena, hr_arena_fmt(arena, "%.10s", iso), false),
                        iso + 11);
}

// What each reader of an escalation is asked to do, a line each, in the reader's language: the
// owner the step's own command by its deadline; the superiors (and the escalation contact) to
// talk to the owner or have HR reassign the step - they cannot act in the owner's place - and
// when the next level goes out, if the ladder has one; the HR head that they may reassign it.
// next_ms is when the next level is due (0: none), above whom it would address (nabove 0: the
// top of the line was reached).
static const char *s_actions_text(hr_txn_t *txn, hr_arena_t *arena, const Hr__Workflow__Case *c,
                                  const Hr__Workflow__CaseStep *st, const s_ladder_t *l,
                                  const wf_recipients_t *r, unsigned level, int64_t next_ms,
                                  const wf_recipients_t *above, const wf_time_t *t, bool en)
{
    const char *all[HR_ARRAY_LEN(r->to) + HR_ARRAY_LEN(r->cc)];
    size_t nall = 0;
    for (size_t k = 0; k < r->nto; k++)
        all[nall++] = r->to[k];
    for (size_t k = 0; k < r->ncc; k++)
        all[nall++] = r->cc[k];
    const char *owner = s_name(txn, arena, st->owner_no);
    if (!*owner)
        owner = st->owner_no;
    const char *command = s_step_command(arena, st, c->id);
    const char *text = "";
    const char *superiors = "";
    bool hr_told = false, owner_told = false;
    for (size_t k = 0; k < nall; k++) {
        const char *name = s_name(txn, arena, all[k]);
        if (!*name)
            name = all[k];
        if (!strcmp(all[k], st->owner_no))
            owner_told = true;
        else if (*l->hr_head && !strcmp(all[k], l->hr_head))
            hr_told = true;
        else
            superiors = hr_arena_fmt(arena, "%s%s%s", superiors,
                                     *superiors ? (en ? ", " : "、") : "", name);
    }
    const char *due = st->due_ms ? s_due_at(arena, st->due_ms, t) : "-";
    if (owner_told)
        text =
            en ? hr_arena_fmt(arena,
                              "- %s (the owner): complete the step now with %s; its deadline, "
                              "%s, has passed.\n",
                              owner, *command ? command : "the system", due)
               : hr_arena_fmt(arena, "· %s（负责人）：请立即完成此步骤：%s（截止时间 %s 已过）。\n",
                              owner, *command ? command : "在系统中处理", due);
    if (*superiors)
        text = en ? hr_arena_fmt(arena,
                                 "%s- %s: talk to %s, the owner, so that the step is done; "
                                 "if someone else must do it, ask HR to reassign it (hrctl case "
                                 "reassign: HR only). You cannot do the step in the owner's "
                                 "place.\n",
                                 text, superiors, owner)
                  : hr_arena_fmt(arena,
                                 "%s· %s：请与负责人%s沟通，督促其尽快完成；如需换人处理，请联系 "
                                 "HR 改派（hrctl case reassign，仅 HR 可执行）。上级不能代负责人"
                                 "完成此步骤。\n",
                                 text, superiors, owner);
    if (hr_told) {
        const char *hr = s_name(txn, arena, l->hr_head);
        if (!*hr)
            hr = l->hr_head;
        text = en ? hr_arena_fmt(arena,
                                 "%s- %s (the HR head): you may reassign the step: hrctl case "
                                 "reassign %s --reason TEXT [--manager EMPLOYEE_NO].\n",
                                 text, hr, c->id)
                  : hr_arena_fmt(arena,
                                 "%s· %s（HR 负责人）：如负责人无法处理，可改派：hrctl case "
                                 "reassign %s --reason 理由 [--manager 工号]。\n",
                                 text, hr, c->id);
    }
    // The next level, whoever reads it: a superior in copy learns when it goes further up.
    if (next_ms && above->nto)
        text = en ? hr_arena_fmt(arena,
                                 "%sIf the step is still not done, level %u goes out on %s, to "
                                 "%s.",
                                 text, level + 1, s_local_minute(arena, next_ms, t),
                                 s_people_text(txn, arena, l, above->to, above->nto, true, ""))
                  : hr_arena_fmt(arena, "%s如仍未完成，将于%s升级至第 %u 级，发送给%s。", text,
                                 s_local_minute_zh(arena, next_ms, t), level + 1,
                                 s_people_text(txn, arena, l, above->to, above->nto, false, ""));
    else
        text = en ? hr_arena_fmt(arena,
                                 "%sThis is the last level: nobody is above it on the owner's "
                                 "line.",
                                 text)
                  : hr_arena_fmt(arena, "%s这是最后一级：负责人的汇报线上已无更高的上级。", text);
    return text;
}

hr_rc_t wf_effects_escalate(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                            unsigned level, const wf_time_t *t, int64_t now_ms, bool *sent_out)
{
    Hr__Workflow__CaseStep *st = c->steps[i];
    *sent_out = false;
    const char *chain[WF_CHAIN_MAX];
    size_t n = 0;
    hr_rc_t rc = wf_effects_chain(txn, arena, st->owner_no, chain, WF_CHAIN_MAX, &n);
    if (rc)
        return rc;
    // The employee hears nothing of their own case: passed over on the line (the next one up
    // takes their level), and an HR head who is the employee has their stand-in here. Someone
    // who has left is passed over the same way: their mail is nobody's.
    n = wf_owner_pass_over(chain, n, c->employee_no);
    n = wf_effects_pass_over_left(txn, arena, chain, n, now_ms);
    const char *hr_head = wf_effects_case_hr_head_at(txn, arena, c, now_ms);
    // Past the top of the line and the HR head: the escalation contact, once (README).
    const char *contact = s_setting(txn, arena, WF_SETTING_ESCALATION);
    wf_recipients_t r;
    bool to_contact =
        wf_escalation_recipients_end(level, st->owner_no, chain, n, hr_head, contact, &r);
    // A step the employee still owns (stored before owners passed them over; HR hands it on
    // with ReassignCase), or whose owner has left: they are told nothing, whoever is in copy is
    // told instead (the case list and sys.Status show the step, for HR to reassign).
    r.nto = wf_owner_pass_over(r.to, r.nto, c->employee_no);
    r.ncc = wf_owner_pass_over(r.cc, r.ncc, c->employee_no);
    r.nto = wf_effects_pass_over_left(txn, arena, r.to, r.nto, now_ms);
    r.ncc = wf_effects_pass_over_left(txn, arena, r.cc, r.ncc, now_ms);
    // Level 1 whose owner is told nothing: the one in copy (above them) is addressed. Above
    // level 1 the copy is never promoted: it holds the owner, whom no higher level addresses.
    for (; level == 1 && !r.nto && r.ncc && r.nto < HR_ARRAY_LEN(r.to); r.ncc--)
        r.to[r.nto++] = r.cc[r.ncc - 1];
    if (level > 1 && !r.nto) {
        // Nobody that high on the owner's line as it is now (its top was told, or an import
        // shortened it): this level waits another period, so a line that grows later still
        // gets it. Nothing is recorded as sent.
        // From now, not from when it was due: after downtime it waits one period, instead of
        // catching up period by period on every tick.
        // Level 2 is timed by level2_ms (wf_escalation_next_ms), the levels above by
        // next_level_ms.
        int64_t *at = level == 2 ? &st->level2_ms : &st->next_level_ms;
        int64_t from = now_ms > *at ? now_ms : *at;
        *at = wf_deadline_next_level(t, st->due_ms, st->level2_after, level, from);
        return HR_OK;
    }
    // The next level: the same period again, counted from when this one was due. Whether anyone
    // is that high is asked when it is due (the line may change meanwhile).
    // From when this level was due: after downtime or a clock jump every level that is due by
    // then fires, once, in order (README), as levels 1 and 2 do. Level 2 is level2_ms.
    int64_t level_ms = level == 2 ? st->level2_ms : st->next_level_ms;
    int64_t next_ms = level >= 2 && level < WF_ESCALATION_MAX
                          ? wf_deadline_next_level(t, st->due_ms, st->level2_after, level, level_ms)
                          : 0;
    wf_recipients_t above; // whom the next level would address on the line as it is now
    wf_escalation_recipients_end(level + 1, st->owner_no, chain, n, hr_head, contact, &above);
    wf_recipients_t next = above; // as the texts name them: nobody who would be passed over
    next.nto = wf_owner_pass_over(next.to, next.nto, c->employee_no);
    next.nto = wf_effects_pass_over_left(txn, arena, next.to, next.nto, now_ms);
    // Every recipient reads whose step it is, the level, whom this level addressed and who is
    // in copy - each with their role, as the headers cannot say it (a reader of the other
    // language has a message of their own) - and what each of them is to do. The owner travels
    // by name: the texts must not call the reader the owner. superior stays for texts of old.
    static const int32_t channels[S_CHANNELS] = {WF_CHANNEL_EMAIL, WF_CHANNEL_SMS};
    const char *superior_no = n ? chain[0] : "";
    s_ladder_t ladder = {st->owner_no, chain, n, hr_head ? hr_head : "", contact ? contact : ""};
    int64_t told_next = level == 1 ? st->level2_ms : next_ms;
    const char *extra[26] = {
        "owner",
        s_name(txn, arena, st->owner_no),
        "owner_no",
        st->owner_no,
        "superior",
        s_name(txn, arena, superior_no),
        "superior_no",
        superior_no,
        "to_names_zh",
        s_people_text(txn, arena, &ladder, r.to, r.nto, false, "无"),
        "to_names_en",
        s_people_text(txn, arena, &ladder, r.to, r.nto, true, "nobody"),
        "cc_names_zh",
        s_people_text(txn, arena, &ladder, r.cc, r.ncc, false, "无"),
        "cc_names_en",
        s_people_text(txn, arena, &ladder, r.cc, r.ncc, true, "nobody"),
        "actions_zh",
        s_actions_text(txn, arena, c, st, &ladder, &r, level, told_next, &next, t, false),
        "actions_en",
        s_actions_text(txn, arena, c, st, &ladder, &r, level, told_next, &next, t, true),
        NULL};
    size_t nextra = 20;
    s_owner_left_vars(txn, arena, st->owner_no, now_ms, extra, &nextra); // and says so
    extra[nextra] = NULL;
    s_send_opts_t o = {.channels = channels, .nchannels = S_CHANNELS, .extra = extra};
    rc = s_notify(txn, arena, c, level == 1 ? WF_TPL_OVERDUE_1 : WF_TPL_OVERDUE_2, st, level, r.to,
                  r.nto, r.cc, r.ncc, t, now_ms, &o);
    if (rc)
        return rc;
    st->next_level_ms = next_ms;
    st->escalation_level = level;
    *sent_out = true;
    // The top of the owner's line told: no level above has anyone to address (the ladder waits,
    // above, should the line grow). Said once, at the last level sent.
    if (!above.nto || level >= WF_ESCALATION_MAX)
        hr_info("escalation.top",
                "case=%s step=%s owner=%s level=%u to=%s: the last level, nobody "
                "above on the owner's line",
                c->id, st->key, st->owner_no, level, r.nto ? r.to[0] : "");
    if (level == 1) {
        Hr__Workflow__StepOverdue ev = HR__WORKFLOW__STEP_OVERDUE__INIT;
        ev.case_id = c->id;
        ev.step = st->key;
        ev.owner_no = st->owner_no;
        ev.due_ms = st->due_ms;
        ev.at_ms = now_ms;
        rc = wf_store_event_append(txn, "workflow.StepOverdue", &ev.base, "", now_ms);
        if (rc)
            return rc;
    }
    Hr__Workflow__EscalationSent es = HR__WORKFLOW__ESCALATION_SENT__INIT;
    es.case_id = c->id;
    es.step = st->key;
    es.level = level;
    es.to = s_strs(arena, r.to, r.nto);
    es.n_to = r.nto;
    es.cc = s_strs(arena, r.cc, r.ncc);
    es.n_cc = r.ncc;
    es.at_ms = now_ms;
    rc = wf_store_event_append(txn, "workflow.EscalationSent", &es.base, "", now_ms);
    if (rc)
        return rc;
    to_contact = to_contact && r.nto == 1 && !strcmp(r.to[0], contact); // not passed over
    wf_case_history(c, arena, now_ms, "system", "escalated", st->key,
                    to_contact
                        ? hr_arena_fmt(arena,
                                       "level %u: nobody above on the owner's line, the escalation "
                                       "contact %s (escalation/contact) told",
                                       level, contact)
                        : hr_arena_fmt(arena, "level %u", level),
                    "");
    c->version++;
    return HR_OK;
}

hr_rc_t wf_effects_remind(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                          const wf_time_t *t, int64_t now_ms)
{
    Hr__Workflow__CaseStep *st = c->steps[i];
    const char *to[1] = {st->owner_no};
    // An owner who has left is passed over like the employee: the next one up their line, who
    // would be in copy of the step's first escalation, is reminded instead (else the HR head or
    // their stand-in), so the step does not run late unseen.
    const char *note = "due soon";
    if (s_left(txn, arena, st->owner_no, now_ms)) {
        const char *chain[WF_CHAIN_MAX];
        size_t n = 0;
        hr_rc_t crc = wf_effects_chain(txn, arena, st->owner_no, chain, WF_CHAIN_MAX, &n);
        if (crc)
            return crc;
        n = wf_owner_pass_over(chain, n, c->employee_no);
        n = wf_effects_pass_over_left(txn, arena, chain, n, now_ms);
        to[0] = n ? chain[0] : wf_effects_case_hr_head_at(txn, arena, c, now_ms);
        note = hr_arena_fmt(arena, "due soon; the owner %s has left, told %s", st->owner_no,
                            *to[0] ? to[0] : "nobody");
    }
    static const int32_t channels[S_CHANNELS] = {WF_CHANNEL_EMAIL, WF_CHANNEL_SMS};
    const char *extra[5] = {NULL};
    size_t nextra = 0;
    s_owner_left_vars(txn, arena, st->owner_no, now_ms, extra, &nextra); // the reminder says so
    s_send_opts_t o = {.channels = channels, .nchannels = S_CHANNELS, .extra = extra};
    hr_rc_t rc =
        *to[0] ? s_notify(txn, arena, c, WF_TPL_DUE_SOON, st, 0, to, 1, NULL, 0, t, now_ms, &o)
               : HR_OK;
    if (rc)
        return rc;
    st->reminded = true;
    wf_case_history(c, arena, now_ms, "system", "reminded", st->key, note, "");
    c->version++;
    return HR_OK;
}

hr_rc_t wf_effects_kept(hr_txn_t *txn, hr_arena_t *arena, Hr__Workflow__Case *c, int i,
                        int64_t now_ms)
{
    Hr__Workflow__CaseStep *st = c->steps[i];
    st->state = HR__WORKFLOW__STEP_STATE__STEP_STATE_DONE;
    st->done_ms = st->due_ms;
    st->done_date = st->due_date; // the day the records had been kept until
    st->done_by = "system";
    Hr__Workflow__StepCompleted ev = HR__WORKFLOW__STEP_COMPLETED__INIT;
    ev.case_id = c->id;
    ev.step = st->key;
    ev.by = st->done_by;
    ev.started_ms = st->started_ms;
    ev.done_ms = st->done_ms;
    ev.done_date = st->done_date;
    hr_rc_t rc = wf_store_event_append(txn, "workflow.StepCompleted", &ev.base, "", now_ms);
    if (rc)
        return rc;
    wf_case_history(c, arena, now_ms, "system", "duty_done", st->key,
                    hr_arena_fmt(arena, "records kept until %s (LCL Art. 50)", st->due_date), "");
    c->version++;
    return HR_OK;
}

void wf_effects_after_commit(wf_server_t *self, hr_call_t *call)
{
    if (self && self->relay)
        hr_call_after_commit(call, hr_relay_after_commit, self->relay);
    if (self && self->events)
        hr_call_after_commit(call, hr_events_after_commit, self->events);
}

// At most max bytes of s, cut on a UTF-8 character boundary (arena).
static char *s_clip(hr_arena_t *arena, const char *s, size_t max)
{
    size_t len = strlen(s ? s : "");
    if (len <= max)
        return hr_arena_strdup(arena, s ? s : "");
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return hr_arena_fmt(arena, "%.*s", (int)max, s);
}

static void s_failed_append(Hr__Workflow__Case *c, hr_arena_t *arena,
                            Hr__Workflow__FailedReminder *fr)
{
    size_t keep = c->n_failed_reminders;
    size_t from = 0;
    if (keep >= WF_CASE_MAX_FAILED) {
        from = keep - WF_CASE_MAX_FAILED + 1; // the oldest go; history and events keep them
        keep = WF_CASE_MAX_FAILED - 1;
    }
    Hr__Workflow__FailedReminder **list = hr_arena_alloc(arena, (keep + 1) * sizeof *list);
    if (keep)
        memcpy(list, c->failed_reminders + from, keep * sizeof *list);
    list[keep] = fr;
    c->failed_reminders = list;
    c->n_failed_reminders = keep + 1;
}

hr_rc_t wf_effects_delivery_failed(hr_txn_t *txn, hr_arena_t *arena,
                                   const Hr__Notify__DeliveryFailed *df, const wf_time_t *t,
                                   int64_t now_ms, bool *recorded)
{
    *recorded = false;
    const char *hr_head = s_setting(txn, arena, WF_SETTING_HR_HEAD);
    wf_failure_t d;
    wf_failure_decide(df->case_id, df->correlation_id, df->template_, (int)df->channel, hr_head,
                      &d);
    if (df->dropped) { // the operator's own decision: recorded on the case, not alerted
        d.alert = false;
        d.skip = WF_ALERT_SKIP_DROPPED;
    }
    if (!d.record) {
        hr_info("reminder.failed_no_case", "delivery=%s", df->delivery_id);
        return HR_OK;
    }
    Hr__Workflow__Case *old = NULL, *c = NULL;
    hr_rc_t rc = wf_store_case_get(txn, d.case_id, arena, &c);
    if (!rc)
        rc = wf_store_case_get(txn, d.case_id, arena, &old);
    if (rc == HR_ENOTFOUND) {
        hr_warn("reminder.failed_unknown_case", "case=%s delivery=%s", d.case_id, df->delivery_id);
        return HR_OK; // not a case of ours (any more): nothing to show it on
    }
    if (rc)
        return rc;
    // Recorded before: a second event for one delivery, or for one refused cc of it (a
    // delivery's own failure and its refused cc are each told once).
    for (size_t i = 0; i < c->n_failed_reminders; i++) {
        const Hr__Workflow__FailedReminder *seen = c->failed_reminders[i];
        if (!strcmp(seen->delivery_id, df->delivery_id) && seen->cc_refused == df->cc_refused &&
            (!df->cc_refused || seen->recipient_index == df->recipient_index))
            return HR_OK;
    }

    Hr__Workflow__FailedReminder *fr = hr_arena_alloc(arena, sizeof *fr);
    hr__workflow__failed_reminder__init(fr);
    fr->delivery_id = hr_arena_strdup(arena, df->delivery_id);
    fr->send_id = hr_arena_strdup(arena, df->send_id);
    fr->template_id = hr_arena_strdup(arena, df->template_);
    fr->step = hr_arena_strdup(arena, d.step);
    fr->person_no = hr_arena_strdup(arena, df->person_id);
    fr->channel = (char *)wf_channel_name((int)df->channel);
    fr->reason = s_clip(arena, df->reason, WF_REASON_MAX);
    fr->attempts = df->attempts;
    fr->failed_ms = df->failed_ms;
    fr->recorded_ms = now_ms;
    fr->alert_channel = "";
    fr->alert_msg_id = "";
    fr->alert_skipped = (char *)(d.skip ? d.skip : "");
    fr->cc = df->cc;
    fr->cc_refused = df->cc_refused;
    fr->recipient_index = df->recipient_index;
    fr->maybe_sent = df->maybe_sent;
    fr->dropped = df->dropped;

    if (d.alert) {
        Hr__Workflow__Person *who = NULL;
        if (*fr->person_no)
            wf_store_person_get(txn, fr->person_no, arena, &who);
        const char *extra[] = {
            "failed_template", fr->template_id, "step",        fr->step,      "channel",
            fr->channel,       "person_no",     fr->person_no, "person_name", who ? who->name : "",
            "reason",          fr->reason,      NULL,
        };
        int32_t channel = d.alert_channel;
        char *msg_id = hr_arena_alloc(arena, HR_ID_LEN + 1);
        // Never the employee, nor an HR head who has left: their stand-in then.
        const char *to[1] = {wf_effects_case_hr_head_at(txn, arena, c, now_ms)};
        s_send_opts_t o = {
            .channels = &channel,
            .nchannels = 1,
            .extra = extra,
            .corr_step = fr->step,
            .msg_id_out = msg_id,
        };
        // An SMS that may have reached the person is not "not delivered": HR checks with them.
        const char *tpl = fr->maybe_sent ? WF_TPL_DELIVERY_UNKNOWN : WF_TPL_DELIVERY_FAILED;
        rc = s_notify(txn, arena, c, tpl, NULL, 0, to, 1, NULL, 0, t, now_ms, &o);
        if (rc)
            return rc;
        if (*msg_id) {
            fr->alert_channel = (char *)wf_channel_name(channel);
            fr->alert_msg_id = msg_id;
        } else {
            fr->alert_skipped = WF_ALERT_SKIP_NO_HR_HEAD; // not in the directory any more
        }
    }
    s_failed_append(c, arena, fr);

    Hr__Workflow__ReminderFailed ev = HR__WORKFLOW__REMINDER_FAILED__INIT;
    ev.case_id = c->id;
    ev.delivery_id = fr->delivery_id;
    ev.template_id = fr->template_id;
    ev.step = fr->step;
    ev.person_no = fr->person_no;
    ev.channel = fr->channel;
    ev.alert_channel = fr->alert_channel;
    ev.at_ms = now_ms;
    rc = wf_store_event_append(txn, "workflow.ReminderFailed", &ev.base, "", now_ms);
    if (rc)
        return rc;
    const char *alert = *fr->alert_channel ? fr->alert_channel : fr->alert_skipped;
    wf_case_history(c, arena, now_ms, "system", "reminder_failed", fr->step,
                    hr_arena_fmt(arena, "%s %s %s by %s; hr head: %s", fr->template_id,
                                 fr->cc ? "cc" : "to", *fr->person_no ? fr->person_no : "-",
                                 fr->channel, *alert ? alert : "-"),
                    "");
    c->version++;
    rc = wf_store_case_put(txn, old, c);
    if (!rc)
        *recorded = true;
    return rc;
}
