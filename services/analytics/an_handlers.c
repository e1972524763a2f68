/*  an_handlers - one function per route, thin: check the request, call an_import / an_query,
 *  fill the reply. hr_server owns the transaction, the dedupe and the reply.
 */
#include "an.h"

#include <sodium.h>

#define S_WHY 512

// What a route is, for who may call it: a write (hr), a read of anyone's records that is HR's
// (warnings about everyone, quarantined rows, an import's text), a read legal may make too
// (metrics, the list of imports), or a read about one person legal may make when that person
// is the employee of a case (facts): hr-workflow's rule for legal (README "Who may call").
typedef enum { S_WRITE, S_READ_HR, S_READ, S_READ_CASE } s_route_t;

static hr_rc_t s_permit_check(an_server_t *self, hr_call_t *call, s_route_t kind, const char *what,
                              bool *reads_all);

// An id as it may go into a log line (ids only, never names or values: reliability P21): one
// without blanks, quotes, '=' or control characters, else "?"; none is "-".
static const char *s_log_id(const char *s)
{
    if (!s || !*s)
        return "-";
    if (!an_id_is_clean(s) || strpbrk(s, " \"=\\"))
        return "?";
    return s;
}

typedef struct {
    const char *employee_no;
    bool found;
} s_case_of_t;

static hr_rc_t s_case_of(void *arg, const Hr__Analytics__CaseStat *c)
{
    s_case_of_t *w = arg;
    if (!strcmp(c->employee_no, w->employee_no)) {
        w->found = true;
        return HR_ECONFLICT; // one is enough
    }
    return HR_OK;
}

// Legal reads about the employee of a case, open or closed, and nobody else (hr-workflow's
// GetPerson: "legal prepares the hearing of a case, it has no business with the rest of the
// directory"). The cases are the ones this service learnt from the workflow's CaseOpened
// events. emp "" or a PIN ("pin:..."): nobody's case. HR_OK or the call failed.
static hr_rc_t s_case_employee_check(hr_call_t *call, const char *emp)
{
    s_case_of_t w = {emp, false};
    if (*emp && strncmp(emp, "pin:", 4)) {
        hr_rc_t rc = an_store_cases_each(hr_call_txn(call), hr_call_arena(call), s_case_of, &w);
        if (rc && rc != HR_ECONFLICT)
            return hr_call_fail(call, rc, "store: the cases: %s", hr_rc_name(rc));
    }
    if (w.found)
        return HR_OK;
    if (!*emp || !strncmp(emp, "pin:", 4))
        return hr_call_fail(call, HR_EDENIED,
                            "pin: legal reads the facts of a case's employee only, by employee "
                            "number; a PIN that matches no person is nobody's case");
    return hr_call_fail(call, HR_EDENIED,
                        "employee_no: %s is the employee of no case: legal reads the facts of a "
                        "case's employee only, as hr-workflow lets legal read the directory",
                        s_log_id(emp));
}

// Who may call (an_auth_check): the operator; hr and hr_head as the workflow's people directory
// gives them (db roles), and legal for the reads kind lets it make: S_READ, and S_READ_CASE
// only when emp is the employee of a case this service has learnt from the workflow's events
// (a PIN, pin:..., is nobody's case). what names the route in a refusal ("imports", "facts").
// HR_OK, or the call failed with HR_EDENIED (or the store's code when the directory or the cases
// do not read: nobody is let in on what cannot be read). Every read let in and every refusal is
// logged at info (analytics.read, analytics.denied) with the actor's id, the route and the
// employee number asked about (emp: "" when the route names nobody): reliability P19, P21 - who
// read whose personal data, and who was refused.
static hr_rc_t s_permit(an_server_t *self, hr_call_t *call, s_route_t kind, const char *what,
                        const char *route, const char *emp, bool *reads_all_out)
{
    bool reads_all = false;
    hr_rc_t rc = s_permit_check(self, call, kind, what, &reads_all);
    if (reads_all_out)
        *reads_all_out = reads_all;
    if (!rc && kind == S_READ_CASE && !reads_all)
        rc = s_case_employee_check(call, emp);
    const Hr__Actor *a = hr_call_actor(call);
    const char *actor = s_log_id(a ? a->user_id : NULL);
    if (rc == HR_EDENIED)
        hr_info("analytics.denied", "actor=%s route=%s employee_no=%s", actor, route,
                s_log_id(emp));
    else if (!rc && kind != S_WRITE)
        hr_info("analytics.read", "actor=%s route=%s employee_no=%s", actor, route, s_log_id(emp));
    return rc;
}

static hr_rc_t s_permit_check(an_server_t *self, hr_call_t *call, s_route_t kind, const char *what,
                              bool *reads_all)
{
    const Hr__Actor *a = hr_call_actor(call);
    const char *user = a && a->user_id && *a->user_id ? a->user_id : "an unnamed caller";
    bool directory = self->workflow != NULL;
    bool legal_reads = kind == S_READ || kind == S_READ_CASE;
    Hr__Analytics__DirectoryRoles *p = NULL;
    if (directory && !hr_actor_is_operator(a)) {
        hr_rc_t rc =
            an_store_roles_get(hr_call_txn(call), a ? a->user_id : NULL, hr_call_arena(call), &p);
        if (rc && rc != HR_ENOTFOUND)
            return hr_call_fail(call, rc, "actor: the people directory's entry of %s: %s", user,
                                hr_rc_name(rc));
    }
    const char *role = "";
    const char *who = legal_reads ? "the operator, or hr or legal" : "the operator, or hr";
    switch (an_auth_check(a, p, directory, legal_reads, hr_call_now_ms(call), &role)) {
    case AN_AUTH_OK:
        *reads_all = an_auth_reads_all(a, p, directory, hr_call_now_ms(call));
        return HR_OK;
    case AN_AUTH_LEFT:
        return hr_call_fail(call, HR_EDENIED,
                            "actor: %s has left (the people directory's left_date): no role "
                            "counts for them at hr-analytics from that day",
                            user);
    case AN_AUTH_NO_DIRECTORY:
        return hr_call_fail(call, HR_EDENIED,
                            "actor: %s: without a workflow peer (peers/workflow) hr-analytics "
                            "knows nobody's roles, and only the operator (hrctl) may use it",
                            user);
    case AN_AUTH_NOT_OPERATOR:
        return hr_call_fail(call, HR_EDENIED,
                            "actor: %s is not the operator (only hrctl's own identity is); %s "
                            "need %s as the people directory gives them",
                            user, what, who);
    case AN_AUTH_NOT_IN_DIRECTORY:
        return hr_call_fail(call, HR_EDENIED,
                            "actor: %s is not %s in the people directory (hr-analytics counts "
                            "hr, hr_head and legal only as hr-workflow's directory gives them%s)",
                            user, role,
                            p ? "" : "; none for this user: not in it, or not learnt yet");
    case AN_AUTH_NO_ROLE:
        break;
    }
    // Legal, on a read that is HR's: say what legal reads instead.
    bool legal = kind == S_READ_HR && hr_actor_has_role(a, "legal");
    return hr_call_fail(call, HR_EDENIED, "actor: %s need %s as the people directory gives them%s",
                        what, who,
                        legal ? " (legal reads the facts of a case's employee, as hr-workflow "
                                "lets legal read the directory: not about everyone)"
                              : "");
}

hr_rc_t an_handle_import(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__ImportFeedRequest *req = hr_call_request(call);
    Hr__Analytics__ImportFeedReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_rc_t prc = s_permit(self, call, S_WRITE, "imports", "analytics.ImportFeed", "", NULL);
    if (prc)
        return prc;
    if (req->kind < HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE ||
        req->kind > HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE)
        return hr_call_fail(call, HR_EINVAL, "kind: not a feed kind");
    if (strlen(req->format) > 16)
        return hr_call_fail(call, HR_EINVAL, "format: longer than 16 bytes");
    if (strlen(req->file_name) > 255)
        return hr_call_fail(call, HR_EINVAL, "file_name: longer than 255 bytes");
    if (!an_id_is_clean(req->source))
        return hr_call_fail(call, HR_EINVAL,
                            "source: not an id (at most %d bytes of UTF-8 text without control "
                            "characters)",
                            AN_ID_MAX);
    // A people file's departments dated from a stated day (a company's first people import
    // dated from its attendance history's start: README "Team"), never a day to come.
    if (*req->effective_from) {
        if (req->kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE)
            return hr_call_fail(call, HR_EINVAL,
                                "effective_from: 只有人员文件（pins）的部门可以指定生效日期 / only "
                                "a people file (pins) dates departments; this is a %s file",
                                an_kind_name(req->kind));
        int32_t eday = 0;
        char dwhy[HR_DATE_WHY_LEN];
        if (!hr_date_parse(req->effective_from, &eday))
            return hr_call_fail(call, HR_EINVAL, "effective_from: '%s' %s", req->effective_from,
                                hr_date_why(req->effective_from, dwhy, sizeof dwhy));
        int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->qctx.tz_offset_min);
        if (eday > today) {
            char t[HR_DATE_LEN];
            return hr_call_fail(call, HR_EINVAL,
                                "effective_from: %s 晚于今天 %s / %s is after today, %s: a "
                                "department is dated from a day that has come",
                                req->effective_from, hr_date_format(today, t), req->effective_from,
                                t);
        }
    }
    if (req->size > (uint64_t)self->import_max_bytes)
        return hr_call_fail(call, HR_EINVAL, "size: %llu bytes, import/max_bytes is %lld",
                            (unsigned long long)req->size, (long long)self->import_max_bytes);
    zmsg_t *frames = hr_call_frames_in(call);
    uint64_t total = 0;
    for (zframe_t *f = frames ? zmsg_first(frames) : NULL; f; f = zmsg_next(frames))
        total += zframe_size(f);
    if (total != req->size)
        return hr_call_fail(call, HR_EINVAL, "size: %llu bytes announced, %llu received",
                            (unsigned long long)req->size, (unsigned long long)total);
    if (!total)
        return hr_call_fail(call, HR_EINVAL, "file: empty");
    // One frame: use it in place; several: join them.
    const char *data = NULL;
    char *joined = NULL;
    if (zmsg_size(frames) == 1) {
        data = (const char *)zframe_data(zmsg_first(frames));
    } else {
        joined = hr_alloc(total);
        size_t at = 0;
        for (zframe_t *f = zmsg_first(frames); f; f = zmsg_next(frames)) {
            memcpy(joined + at, zframe_data(f), zframe_size(f));
            at += zframe_size(f);
        }
        data = joined;
    }
    an_import_ctx_t ctx = {.tz_offset_min = self->qctx.tz_offset_min,
                           .now_ms = hr_call_now_ms(call),
                           .msg_id = hr_call_msg_id(call),
                           .source = req->source,
                           .effective_from = req->effective_from};
    char why[S_WHY] = "";
    hr_rc_t rc = an_import(hr_call_txn(call), &ctx, req->kind, req->format, req->file_name, data,
                           (size_t)total, arena, rep, why, sizeof why);
    hr_free(joined);
    if (rc)
        return hr_call_fail(call, rc, "%s", *why ? why : hr_rc_name(rc));
    hr_info("analytics.imported",
            "file_no=%u kind=%s lines=%u accepted=%u duplicates=%u quarantined=%u again=%d",
            rep->file_no, an_kind_name(req->kind), rep->lines, rep->accepted, rep->duplicates,
            rep->quarantined, rep->already_imported);
    return HR_OK;
}

hr_rc_t an_handle_facts(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__GetFactsRequest *req = hr_call_request(call);
    Hr__Analytics__GetFactsReply *rep = hr_call_reply(call);
    // The person asked about, for the log: the employee number, or the PIN (pin:906).
    const char *who = *req->employee_no ? req->employee_no
                      : *req->pin       ? hr_arena_fmt(hr_call_arena(call), "pin:%s", req->pin)
                                        : "";
    bool reads_all = false;
    hr_rc_t prc = s_permit(self, call, S_READ_CASE, "facts", "analytics.GetFacts", who, &reads_all);
    if (prc)
        return prc;
    char why[S_WHY] = "";
    an_query_ctx_t qctx = self->qctx;
    qctx.now_ms = hr_call_now_ms(call); // the service clock: sys.ClockSet moves it in tests
    qctx.statuses_hidden = !reads_all;  // legal: which protected status is HR's alone
    hr_rc_t rc =
        an_facts_query(hr_call_txn(call), &qctx, req, hr_call_arena(call), rep, why, sizeof why);
    if (rc)
        return hr_call_fail(call, rc, "%s", why);
    if (req->with_snapshot)
        an_facts_snapshot(hr_call_txn(call), rep, hr_call_now_ms(call), hr_call_arena(call));
    return HR_OK;
}

typedef struct {
    hr_call_t *call;
    Hr__Analytics__ListQuarantineReply *rep;
    size_t max;
    uint64_t total; // rows of every import of one file id
} s_quar_t;

static hr_rc_t s_quar_row(void *arg, uint32_t file_no, uint32_t line, const Hr__Analytics__Bad *bad)
{
    s_quar_t *q = arg;
    if (q->rep->n_rows >= q->max)
        return HR_OK;
    hr_arena_t *arena = hr_call_arena(q->call);
    Hr__Analytics__QuarantineRow *r = hr_arena_alloc(arena, sizeof *r);
    hr__analytics__quarantine_row__init(r);
    Hr__Analytics__File *f = NULL;
    if (!an_store_file_by_no(hr_call_txn(q->call), file_no, arena, &f)) {
        char *hex = hr_arena_alloc(arena, 65);
        for (size_t i = 0; i < 32 && f->file_id.len == 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", f->file_id.data[i]);
        r->file_id = hex;
        r->file_name = f->name;
        r->withdrawn = f->withdrawn_ms != 0;
        r->record = !an_format_is_lines(f->kind, f->format);
    }
    r->line = line;
    r->reason = bad->reason;
    r->raw = bad->raw;
    q->rep->rows[q->rep->n_rows++] = r;
    return HR_OK;
}

static hr_rc_t s_quar_file(void *arg, const Hr__Analytics__File *f)
{
    s_quar_t *q = arg;
    uint64_t n = 0;
    hr_rc_t rc = an_store_bad_each(hr_call_txn(q->call), f->file_no, hr_call_arena(q->call),
                                   s_quar_row, q, &n);
    q->total += n;
    return rc;
}

hr_rc_t an_handle_quarantine(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__ListQuarantineRequest *req = hr_call_request(call);
    Hr__Analytics__ListQuarantineReply *rep = hr_call_reply(call);
    hr_rc_t prc =
        s_permit(self, call, S_READ_HR, "quarantined rows", "analytics.ListQuarantine", "", NULL);
    if (prc)
        return prc;
    size_t max = req->max ? req->max : 100;
    if (max > 1000)
        return hr_call_fail(call, HR_EINVAL, "max: at most 1000");
    hr_arena_t *arena = hr_call_arena(call);
    rep->rows = hr_arena_alloc(arena, max * sizeof *rep->rows);
    s_quar_t q = {call, rep, max, 0};
    hr_rc_t rc = HR_OK;
    if (*req->file_id) {
        uint8_t id[32];
        size_t bin_len = 0;
        if (strlen(req->file_id) != 64 ||
            sodium_hex2bin(id, sizeof id, req->file_id, 64, NULL, &bin_len, NULL) || bin_len != 32)
            return hr_call_fail(call, HR_EINVAL, "file_id: not 64 hex digits");
        // The same bytes may have been imported as several kinds or formats: list every one.
        rc = an_store_files_of_id(hr_call_txn(call), id, arena, s_quar_file, &q);
        if (rc == HR_ENOTFOUND)
            return hr_call_fail(call, rc, "file_id: no such import");
    } else {
        rc = an_store_bad_each(hr_call_txn(call), 0, arena, s_quar_row, &q, &q.total);
    }
    if (rc)
        return hr_call_fail(call, rc, "store: %s", hr_rc_name(rc));
    rep->total = q.total;
    return HR_OK;
}

static void s_metric(hr_call_t *call, Hr__Analytics__GetMetricsReply *rep, const char *name,
                     double value, const char *note)
{
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Analytics__Metric *m = hr_arena_alloc(arena, sizeof *m);
    hr__analytics__metric__init(m);
    m->name = (char *)name;
    m->value = value;
    m->note = (char *)note;
    rep->metrics[rep->n_metrics++] = m;
}

// Departments analytics knows: those of the people feed and of the workflow's cases.
#define S_DEPTS_NAMED 8 // named in the refusal of an unknown one
typedef struct {
    const char *want;                         // borrowed: the department asked for
    bool found;                               // want is one of them
    bool more;                                // more departments than names holds
    size_t n;                                 // entries used in names
    char names[S_DEPTS_NAMED][AN_ID_MAX + 1]; // the first ones, for the refusal
} s_depts_t;

static void s_dept_seen(s_depts_t *d, const char *dept)
{
    if (!*dept)
        return;
    if (!strcmp(dept, d->want))
        d->found = true;
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->names[i], dept))
            return;
    if (d->n < S_DEPTS_NAMED)
        snprintf(d->names[d->n++], sizeof d->names[0], "%s", dept);
    else
        d->more = true;
}

static hr_rc_t s_dept_of_people(void *arg, const char *dept)
{
    s_dept_seen(arg, dept);
    return HR_OK;
}

static hr_rc_t s_dept_of_case(void *arg, const Hr__Analytics__CaseStat *c)
{
    s_dept_seen(arg, c->department_id);
    return HR_OK;
}

// A department that is no id analytics knows (a display name such as 销售部, a typo) would
// answer with nothing counted, which reads like a department with a clean record: HR_ENOTFOUND
// naming the ids it knows. When it knows none (no people feed, no case with a department) it
// cannot tell: *unknowable is set (NULL: let it pass) and the caller says so.
static hr_rc_t s_department_check(hr_call_t *call, const char *dept, bool *unknowable)
{
    if (!an_id_is_clean(dept))
        return hr_call_fail(call, HR_EINVAL,
                            "department: not an id (at most %d bytes of UTF-8 text without "
                            "control characters)",
                            AN_ID_MAX);
    if (!*dept)
        return HR_OK;
    s_depts_t d = {.want = dept};
    hr_rc_t rc = an_store_depts_each(hr_call_txn(call), s_dept_of_people, &d);
    if (!rc && !d.found)
        rc = an_store_cases_each(hr_call_txn(call), hr_call_arena(call), s_dept_of_case, &d);
    if (rc)
        return hr_call_fail(call, rc, "store: %s", hr_rc_name(rc));
    if (d.found)
        return HR_OK;
    if (!d.n) {
        if (unknowable)
            *unknowable = true;
        return HR_OK;
    }
    char known[S_DEPTS_NAMED * (AN_ID_MAX + 2) + 8] = "";
    size_t len = 0;
    for (size_t i = 0; i < d.n; i++)
        len += (size_t)snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "", d.names[i]);
    return hr_call_fail(call, HR_ENOTFOUND,
                        "department: no department '%s' in the people feed or the workflow's "
                        "cases (give the id, not the name; known: %s%s)",
                        dept, known, d.more ? ", ..." : "");
}

typedef struct {
    Hr__Analytics__CaseStat **v;
    size_t n, cap;
    hr_arena_t *arena;
    const an_case_filter_t *filter; // borrowed
} s_cases_t;

static hr_rc_t s_case(void *arg, const Hr__Analytics__CaseStat *c)
{
    s_cases_t *cs = arg;
    if (!an_case_matches(c, cs->filter))
        return HR_OK;
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 64;
        Hr__Analytics__CaseStat **v = hr_arena_alloc(cs->arena, cap * sizeof *v);
        if (cs->n)
            memcpy(v, cs->v, cs->n * sizeof *v);
        cs->v = v;
        cs->cap = cap;
    }
    cs->v[cs->n++] = (Hr__Analytics__CaseStat *)c;
    return HR_OK;
}

// The feeds' figures and the process metrics from the workflow's events (cases, cycle times,
// overdue steps, return and dispute rates, time to close), of the cases opened in a window of
// days and a department when the request names them.
hr_rc_t an_handle_metrics(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__GetMetricsRequest *req = hr_call_request(call);
    Hr__Analytics__GetMetricsReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_rc_t prc = s_permit(self, call, S_READ, "metrics", "analytics.GetMetrics", "", NULL);
    if (prc)
        return prc;
    an_case_filter_t filter = {INT32_MIN, INT32_MAX, req->department, self->qctx.tz_offset_min};
    if (*req->from && !hr_date_parse(req->from, &filter.from_day))
        return hr_call_fail(call, HR_EINVAL, "from: '%.40s' is not a date (YYYY-MM-DD)", req->from);
    if (*req->to && !hr_date_parse(req->to, &filter.to_day))
        return hr_call_fail(call, HR_EINVAL, "to: '%.40s' is not a date (YYYY-MM-DD)", req->to);
    if (filter.from_day > filter.to_day)
        return hr_call_fail(call, HR_EINVAL, "to: %s is before from %s", req->to, req->from);
    bool unknowable = false;
    hr_rc_t rc = s_department_check(call, req->department, &unknowable);
    if (rc)
        return rc;
    an_store_counts_t n;
    rc = an_store_counts(hr_call_txn(call), &n);
    s_cases_t cases = {.arena = arena, .filter = &filter};
    if (!rc)
        rc = an_store_cases_each(hr_call_txn(call), arena, s_case, &cases);
    if (rc)
        return hr_call_fail(call, rc, "store: %s", hr_rc_name(rc));
    an_metrics_ctx_t mctx = {hr_call_now_ms(call), self->calendar, self->qctx.tz_offset_min};
    if (*req->detail) {
        // Who reads the metrics reads every case behind them: the operator, hr and hr_head
        // (an_auth_reads_all) and legal, whom hr-workflow lets read every case (ListCases).
        char why[S_WHY];
        rc = an_metric_detail(cases.v, cases.n, &mctx, req->detail, arena, rep, AN_DETAIL_MAX, why,
                              sizeof why);
        if (rc)
            return hr_call_fail(call, rc, "%s", why);
    }
    size_t cap = 40 + AN_METRIC_ROWS_PER_STEP * AN_STEPS_MAX + 4 * AN_METRIC_KEYS;
    rep->metrics = hr_arena_alloc(arena, cap * sizeof *rep->metrics);
    s_metric(call, rep, "feed.files", (double)n.files, "files imported");
    s_metric(call, rep, "feed.records", (double)n.records, "raw records stored");
    s_metric(call, rep, "feed.quarantined", (double)n.quarantined, "bad rows kept in quarantine");
    s_metric(call, rep, "feed.people", (double)n.people, "people in the pins feed");
    s_metric(call, rep, "feed.person_days", (double)n.person_days, "person-days with punches");
    s_metric(call, rep, "feed.keyed_rows", (double)n.rows,
             "schedule, leave, KPI, sales, training and survey rows");
    s_metric(call, rep, "feed.pins", (double)n.pins, "distinct attendance PINs");
    s_metric(call, rep, "feed.unmatched_pins", (double)n.unmatched_pins,
             "PINs that match no person (kept; ask with hrctl facts --pin)");
    s_metric(call, rep, "process.available", self->workflow ? 1 : 0,
             self->workflow ? "from the workflow's events (exactly once, cursor in this store)"
                            : "no workflow peer configured: process metrics are not collected");
    if (*req->from || *req->to || *req->department) {
        const char *when =
            !*req->from && !*req->to
                ? "at any time"
                : hr_arena_fmt(arena, "from %s to %s", *req->from ? req->from : "the first",
                               *req->to ? req->to : "today");
        s_metric(call, rep, "process.filter", (double)cases.n,
                 hr_arena_fmt(arena, "cases opened %s%s%s (the rows below count only them)%s", when,
                              *req->department ? " in department " : "", req->department,
                              unknowable ? "; analytics knows no department yet (no people feed, "
                                           "no case with one): it cannot tell whether this one "
                                           "exists"
                                         : ""));
    }
    an_process_metrics(cases.v, cases.n, &mctx, arena, rep, cap);
    return HR_OK;
}

hr_rc_t an_handle_warnings(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__ListWarningsRequest *req = hr_call_request(call);
    Hr__Analytics__ListWarningsReply *rep = hr_call_reply(call);
    hr_rc_t rc = s_permit(self, call, S_READ_HR, "warnings", "analytics.ListWarnings", "", NULL);
    if (rc)
        return rc;
    rc = s_department_check(call, req->department, NULL);
    if (rc)
        return rc;
    char why[S_WHY] = "";
    an_query_ctx_t qctx = self->qctx;
    qctx.now_ms = hr_call_now_ms(call);
    rc =
        an_warnings_query(hr_call_txn(call), &qctx, req, hr_call_arena(call), rep, why, sizeof why);
    if (rc)
        return hr_call_fail(call, rc, "%s", why);
    return HR_OK;
}

// Withdraws an import (an_withdraw): hr or the operator, as for imports; legal may not.
hr_rc_t an_handle_withdraw(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__WithdrawImportRequest *req = hr_call_request(call);
    Hr__Analytics__WithdrawImportReply *rep = hr_call_reply(call);
    hr_rc_t rc = s_permit(self, call, S_WRITE, "withdrawals", "analytics.WithdrawImport", "", NULL);
    if (rc)
        return rc;
    const Hr__Actor *a = hr_call_actor(call);
    an_withdraw_ctx_t ctx = {.tz_offset_min = self->qctx.tz_offset_min,
                             .now_ms = hr_call_now_ms(call),
                             .msg_id = hr_call_msg_id(call),
                             .actor = a && a->user_id ? a->user_id : ""};
    char why[S_WHY] = "";
    int64_t t0 = hr_clock_mono_ms(hr_daemon_clock(self->daemon));
    rc = an_withdraw(hr_call_txn(call), &ctx, req->file, req->reason, hr_call_arena(call), rep, why,
                     sizeof why);
    if (rc)
        return hr_call_fail(call, rc, "%s", *why ? why : hr_rc_name(rc));
    hr_info("analytics.withdrawn",
            "file_no=%u kind=%s actor=%s records=%u rows_removed=%u rows_restored=%u "
            "days_uncovered=%u files_replayed=%u ms=%lld",
            rep->file_no, an_kind_name(rep->kind), s_log_id(ctx.actor), rep->records_withdrawn,
            rep->rows_removed, rep->rows_restored, rep->days_uncovered, rep->files_replayed,
            (long long)(hr_clock_mono_ms(hr_daemon_clock(self->daemon)) - t0));
    return HR_OK;
}

static Hr__Analytics__ImportedFile *s_imported(hr_arena_t *arena, const Hr__Analytics__File *f)
{
    Hr__Analytics__ImportedFile *r = hr_arena_alloc(arena, sizeof *r);
    hr__analytics__imported_file__init(r);
    char *hex = hr_arena_alloc(arena, 65);
    hex[0] = '\0';
    for (size_t i = 0; i < 32 && f->file_id.len == 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", f->file_id.data[i]);
    r->file_id = hex;
    r->file_no = f->file_no;
    r->kind = f->kind;
    r->format = f->format;
    r->name = f->name;
    r->size = f->size;
    r->encoding = f->encoding;
    r->imported_ms = f->imported_ms;
    r->records = f->lines;
    r->accepted = f->accepted;
    r->quarantined = f->quarantined;
    r->source = f->source;
    if (f->kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE && f->last_day) {
        r->first_day = hr_date_format(f->first_day ? f->first_day : f->last_day,
                                      hr_arena_alloc(arena, HR_DATE_LEN));
        r->last_day = hr_date_format(f->last_day, hr_arena_alloc(arena, HR_DATE_LEN));
    }
    r->withdrawn = f->withdrawn_ms != 0;
    r->withdrawn_ms = f->withdrawn_ms;
    r->withdrawn_by = f->withdrawn_by;
    r->withdrawn_reason = f->withdrawn_reason;
    r->effective_from = f->effective_from;
    return r;
}

// The imports, the latest first (withdrawn ones marked), or one with its stored text: what
// was imported, when, and what became of it.
hr_rc_t an_handle_imports(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__ListImportsRequest *req = hr_call_request(call);
    Hr__Analytics__ListImportsReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    hr_rc_t rc =
        s_permit(self, call, req->with_text ? S_READ_HR : S_READ,
                 req->with_text ? "imports' text" : "imports", "analytics.ListImports", "", NULL);
    if (rc)
        return rc;
    size_t max = req->max ? req->max : 100;
    if (max > 1000)
        return hr_call_fail(call, HR_EINVAL, "max: at most 1000");
    if (req->with_text && !*req->file)
        return hr_call_fail(call, HR_EINVAL, "with_text: name one file");
    char why[S_WHY] = "";
    if (*req->file) {
        Hr__Analytics__File *f = NULL;
        rc = an_file_find(txn, req->file, arena, &f, why, sizeof why);
        if (rc)
            return hr_call_fail(call, rc, "%s", *why ? why : hr_rc_name(rc));
        rep->files = hr_arena_alloc(arena, sizeof *rep->files);
        rep->files[rep->n_files++] = s_imported(arena, f);
        rep->total = 1;
        if (!req->with_text)
            return HR_OK;
        char *path = an_store_blob_path(hr_txn_store(txn), f->file_id.data);
        char *text = NULL;
        size_t len = 0;
        rc = f->file_id.len == 32 ? hr_file_read(path, (size_t)f->text_size + 1, &text, &len)
                                  : HR_EIO;
        hr_free(path);
        if (rc)
            return hr_call_fail(call, HR_EIO, "store: the text of import %u cannot be read: %s",
                                f->file_no, hr_rc_name(rc));
        size_t keep = len > AN_IMPORT_TEXT_MAX ? hr_utf8_cut(text, AN_IMPORT_TEXT_MAX) : len;
        rep->text_cut = keep < len;
        rep->text = hr_arena_alloc(arena, keep + 1);
        memcpy(rep->text, text, keep);
        // A damaged UTF-8 file's text is its bytes (README "Provenance"): shown with '?' for
        // the bad ones, as its quarantined rows are, so the reply stays UTF-8.
        if (!hr_utf8_is_valid(rep->text, keep))
            keep = hr_utf8_scrub(rep->text, keep);
        rep->text[keep] = '\0';
        hr_free(text);
        return HR_OK;
    }
    uint32_t *nos = NULL;
    size_t n = 0;
    rc = an_store_file_nos(txn, &nos, &n);
    rep->files = hr_arena_alloc(arena, max * sizeof *rep->files);
    for (size_t i = n; i > 0 && !rc && rep->n_files < max; i--) {
        Hr__Analytics__File *f = NULL;
        rc = an_store_file_by_no(txn, nos[i - 1], arena, &f);
        if (!rc)
            rep->files[rep->n_files++] = s_imported(arena, f);
    }
    hr_free(nos);
    if (rc)
        return hr_call_fail(call, rc, "store: %s", hr_rc_name(rc));
    rep->total = (uint32_t)n;
    return HR_OK;
}
