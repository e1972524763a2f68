/*  an_handlers - one function per route, thin: check the request, call an_import / an_query,
 *  fill the reply. hr_server owns the transaction, the dedupe and the reply.
 */
#include "an.h"

#include <sodium.h>

#define S_WHY 512
#define S_WHY_ZH 768 // the same in Chinese: 3 bytes a character

// What a route is, for who may call it: a write (hr), a read of anyone's records that is HR's
// (warnings about everyone, quarantined rows, an import's text), a read legal may make too
// (metrics, the list of imports), or a read about one person legal may make when that person
// is the employee of a case (facts): hr-workflow's rule for legal (README "Who may call").
typedef enum { S_WRITE, S_READ_HR, S_READ, S_READ_CASE } s_route_t;

static hr_rc_t s_permit_check(an_server_t *self, hr_call_t *call, s_route_t kind, const char *what,
                              const char *what_zh, bool *reads_all);

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

// A refusal that an_facts_query, an_warnings_query, an_withdraw or an_file_find worded: why as
// it is (or the code's name when why is "" and rc_named), and why_zh, the same in Chinese when
// they said it so; else a Chinese sentence that points at the English (a refusal not worded in
// Chinese yet), or says the store failed when nothing was worded.
static hr_rc_t s_fail_why(hr_call_t *call, hr_rc_t rc, const char *why, const char *why_zh,
                          bool rc_named)
{
    const char *zh = why_zh;
    if (!*zh)
        zh = *why ? hr_arena_fmt(hr_call_arena(call),
                                 "请求未能完成（%s，原因见下方英文说明）：请按说明改正后重试。",
                                 hr_rc_name(rc))
                  : hr_arena_fmt(hr_call_arena(call),
                                 "读取 hr-analytics 的数据时出错（%s）：请稍后重试；如仍出错，"
                                 "请联系系统管理员。",
                                 hr_rc_name(rc));
    return hr_call_fail_zh(call, rc, zh, "%s", rc_named && !*why ? hr_rc_name(rc) : why);
}

// A reason the parsers give in both languages at once ("第3行...UTF-8 / line 3, ..."): its
// Chinese half (arena), or NULL when why is not one.
static const char *s_zh_half(hr_arena_t *arena, const char *why)
{
    const char *bar = strstr(why, " / ");
    if (!bar)
        return NULL;
    size_t left = 0, right = 0; // bytes beyond ASCII on each side
    for (const char *p = why; *p; p++)
        *(p < bar ? &left : &right) += (unsigned char)*p >= 0x80;
    if (left > right)
        return hr_arena_strndup(arena, why, (size_t)(bar - why));
    if (right > left)
        return hr_arena_strdup(arena, bar + 3);
    return NULL;
}

// The store failed (rc) while reading what (English, "" or "the cases: "): "store: <what><rc>",
// and in Chinese the same with what to do.
static hr_rc_t s_store_fail(hr_call_t *call, hr_rc_t rc, const char *what)
{
    return hr_call_fail_zh(call, rc,
                           hr_arena_fmt(hr_call_arena(call),
                                        "读取 hr-analytics 的数据时出错（%s%s）：请稍后重试；如仍"
                                        "出错，请联系系统管理员。",
                                        what, hr_rc_name(rc)),
                           "store: %s%s", what, hr_rc_name(rc));
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
            return s_store_fail(call, rc, "the cases: ");
    }
    if (w.found)
        return HR_OK;
    if (!*emp || !strncmp(emp, "pin:", 4))
        return hr_call_fail_zh(call, HR_EDENIED,
                               "法务只能按工号查看案件员工的数据事实；对不上任何人员的考勤 PIN "
                               "不属于任何案件：请由 HR 查询（hrctl facts --pin）。",
                               "pin: legal reads the facts of a case's employee only, by employee "
                               "number; a PIN that matches no person is nobody's case");
    return hr_call_fail_zh(call, HR_EDENIED,
                           hr_arena_fmt(hr_call_arena(call),
                                        "%s 不是任何案件的员工：法务只能查看案件员工的数据事实"
                                        "（与 hr-workflow 中法务查看人员名册的规则相同）；如需"
                                        "查看，请由 HR 查询，或待针对该员工的案件发起后再查。",
                                        s_log_id(emp)),
                           "employee_no: %s is the employee of no case: legal reads the facts of a "
                           "case's employee only, as hr-workflow lets legal read the directory",
                           s_log_id(emp));
}

// Who may call (an_auth_check): the operator; hr and hr_head as the workflow's people directory
// gives them (db roles), and legal for the reads kind lets it make: S_READ, and S_READ_CASE
// only when emp is the employee of a case this service has learnt from the workflow's events
// (a PIN, pin:..., is nobody's case). what names the route in a refusal ("imports", "facts"),
// what_zh the same in Chinese ("导入数据").
// HR_OK, or the call failed with HR_EDENIED (or the store's code when the directory or the cases
// do not read: nobody is let in on what cannot be read). Every read let in and every refusal is
// logged at info (analytics.read, analytics.denied) with the actor's id, the route and the
// employee number asked about (emp: "" when the route names nobody): reliability P19, P21 - who
// read whose personal data, and who was refused.
static hr_rc_t s_permit(an_server_t *self, hr_call_t *call, s_route_t kind, const char *what,
                        const char *what_zh, const char *route, const char *emp,
                        bool *reads_all_out)
{
    bool reads_all = false;
    hr_rc_t rc = s_permit_check(self, call, kind, what, what_zh, &reads_all);
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
                              const char *what_zh, bool *reads_all)
{
    const Hr__Actor *a = hr_call_actor(call);
    const char *user = a && a->user_id && *a->user_id ? a->user_id : "an unnamed caller";
    const char *user_zh = a && a->user_id && *a->user_id ? a->user_id : "未署名的调用者";
    bool directory = self->workflow != NULL;
    bool legal_reads = kind == S_READ || kind == S_READ_CASE;
    Hr__Analytics__DirectoryRoles *p = NULL;
    if (directory && !hr_actor_is_operator(a)) {
        hr_rc_t rc =
            an_store_roles_get(hr_call_txn(call), a ? a->user_id : NULL, hr_call_arena(call), &p);
        if (rc && rc != HR_ENOTFOUND)
            return hr_call_fail_zh(call, rc,
                                   hr_arena_fmt(hr_call_arena(call),
                                                "读取人员名册中 %s 的条目时出错（%s）：请稍后重试；"
                                                "如仍出错，请联系系统管理员。",
                                                user_zh, hr_rc_name(rc)),
                                   "actor: the people directory's entry of %s: %s", user,
                                   hr_rc_name(rc));
    }
    const char *role = "";
    const char *who = legal_reads ? "the operator, or hr or legal" : "the operator, or hr";
    const char *who_zh =
        legal_reads ? "操作员，或人员名册中的 HR 或法务" : "操作员，或人员名册中的 HR";
    hr_arena_t *arena = hr_call_arena(call);
    switch (an_auth_check(a, p, directory, legal_reads, hr_call_now_ms(call), &role)) {
    case AN_AUTH_OK:
        *reads_all = an_auth_reads_all(a, p, directory, hr_call_now_ms(call));
        return HR_OK;
    case AN_AUTH_LEFT:
        return hr_call_fail_zh(call, HR_EDENIED,
                               hr_arena_fmt(arena,
                                            "%s 已离职（人员名册的 left_date）：自离职之日起，其在 "
                                            "hr-analytics 不再拥有任何角色。如名册有误，请 HR "
                                            "更正后重新导入（hrctl import people FILE）。",
                                            user_zh),
                               "actor: %s has left (the people directory's left_date): no role "
                               "counts for them at hr-analytics from that day",
                               user);
    case AN_AUTH_NO_DIRECTORY:
        return hr_call_fail_zh(call, HR_EDENIED,
                               hr_arena_fmt(arena,
                                            "%s：hr-analytics 没有配置 workflow 对端"
                                            "（peers/workflow），无从得知任何人的角色，只有操作员"
                                            "（hrctl）可以使用。请由系统管理员配置 peers/workflow，"
                                            "或由操作员执行。",
                                            user_zh),
                               "actor: %s: without a workflow peer (peers/workflow) hr-analytics "
                               "knows nobody's roles, and only the operator (hrctl) may use it",
                               user);
    case AN_AUTH_NOT_OPERATOR:
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena, "%s 不是操作员（只有 hrctl 自身的身份才是）；%s需要%s。", user_zh,
                         what_zh, who_zh),
            "actor: %s is not the operator (only hrctl's own identity is); %s "
            "need %s as the people directory gives them",
            user, what, who);
    case AN_AUTH_NOT_IN_DIRECTORY:
        return hr_call_fail_zh(
            call, HR_EDENIED,
            hr_arena_fmt(arena,
                         "人员名册中 %s 不是 %s（hr-analytics 只认可 hr-workflow 人员名册给出的 "
                         "hr、hr_head 和 legal 角色%s）。如角色有误，请 HR 更正名册后重新导入"
                         "（hrctl import people FILE）。",
                         user_zh, role, p ? "" : "；名册中没有此用户：不在名册中，或尚未同步过来"),
            "actor: %s is not %s in the people directory (hr-analytics counts "
            "hr, hr_head and legal only as hr-workflow's directory gives them%s)",
            user, role, p ? "" : "; none for this user: not in it, or not learnt yet");
    case AN_AUTH_NO_ROLE:
        break;
    }
    // Legal, on a read that is HR's: say what legal reads instead.
    bool legal = kind == S_READ_HR && hr_actor_has_role(a, "legal");
    return hr_call_fail_zh(call, HR_EDENIED,
                           hr_arena_fmt(arena, "%s需要%s%s。", what_zh, who_zh,
                                        legal ? "（法务只能查看案件员工的数据事实，与 hr-workflow "
                                                "中法务查看人员名册的规则相同：不能查看所有人）"
                                              : ""),
                           "actor: %s need %s as the people directory gives them%s", what, who,
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
    hr_rc_t prc =
        s_permit(self, call, S_WRITE, "imports", "导入数据", "analytics.ImportFeed", "", NULL);
    if (prc)
        return prc;
    if (req->kind < HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE ||
        req->kind > HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE)
        return hr_call_fail_zh(call, HR_EINVAL,
                               "数据类型不对：应为 attendance、schedules、performance、training、"
                               "surveys、pins 或 leave 之一（hrctl import KIND FILE）。",
                               "kind: not a feed kind");
    if (strlen(req->format) > 16)
        return hr_call_fail_zh(call, HR_EINVAL,
                               "格式名（--format）超过 16 个字节：考勤可用 generic、zkteco、adms、"
                               "dingtalk 或 wecom，其他数据不用写格式。",
                               "format: longer than 16 bytes");
    if (strlen(req->file_name) > 255)
        return hr_call_fail_zh(call, HR_EINVAL,
                               "文件名超过 255 个字节：请把文件改成短一些的名字后重新导入。",
                               "file_name: longer than 255 bytes");
    if (!an_id_is_clean(req->source))
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "来源（--source）应为考勤机或地点的编号：最多 %d 个"
                                            "字节的 UTF-8 文本，不能含控制字符。",
                                            AN_ID_MAX),
                               "source: not an id (at most %d bytes of UTF-8 text without control "
                               "characters)",
                               AN_ID_MAX);
    // A people file's departments dated from a stated day (a company's first people import
    // dated from its attendance history's start: README "Team"), never a day to come.
    if (*req->effective_from) {
        if (req->kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE)
            return hr_call_fail_zh(
                call, HR_EINVAL,
                hr_arena_fmt(arena,
                             "生效日期（--effective-from）只能用于人员文件（hrctl import pins "
                             "FILE）：这是一份 %s 文件。",
                             an_kind_name(req->kind)),
                "effective_from: only a people file (pins) dates departments; this is a %s file",
                an_kind_name(req->kind));
        int32_t eday = 0;
        char dwhy[HR_DATE_WHY_LEN];
        if (!hr_date_parse(req->effective_from, &eday))
            return hr_call_fail_zh(
                call, HR_EINVAL,
                hr_arena_fmt(arena,
                             "生效日期（--effective-from）“%s”不是有效日期：请用 YYYY-MM-DD。",
                             req->effective_from),
                "effective_from: '%s' %s", req->effective_from,
                hr_date_why(req->effective_from, dwhy, sizeof dwhy));
        int32_t today = hr_day_of_ms(hr_call_now_ms(call), self->qctx.tz_offset_min);
        if (eday > today) {
            char t[HR_DATE_LEN];
            hr_date_format(today, t);
            return hr_call_fail_zh(
                call, HR_EINVAL,
                hr_arena_fmt(
                    arena,
                    "生效日期（--effective-from）%s 晚于今天 %s：部门只能从已经到来的日子起算。",
                    req->effective_from, t),
                "effective_from: %s is after today, %s: a department is dated from a day that has "
                "come",
                req->effective_from, t);
        }
    }
    if (req->size > (uint64_t)self->import_max_bytes)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "文件有 %llu 字节，超过了允许导入的上限 %lld 字节"
                                            "（配置项 import/max_bytes）：请把文件按日期拆成几份"
                                            "分别导入，或请系统管理员调高上限。",
                                            (unsigned long long)req->size,
                                            (long long)self->import_max_bytes),
                               "size: %llu bytes, import/max_bytes is %lld",
                               (unsigned long long)req->size, (long long)self->import_max_bytes);
    zmsg_t *frames = hr_call_frames_in(call);
    uint64_t total = 0;
    for (zframe_t *f = frames ? zmsg_first(frames) : NULL; f; f = zmsg_next(frames))
        total += zframe_size(f);
    if (total != req->size)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "文件传输不完整：声明 %llu 字节，实际收到 %llu 字节。"
                                            "未导入任何数据，请重新导入。",
                                            (unsigned long long)req->size,
                                            (unsigned long long)total),
                               "size: %llu bytes announced, %llu received",
                               (unsigned long long)req->size, (unsigned long long)total);
    if (!total)
        return hr_call_fail_zh(call, HR_EINVAL, "文件是空的：请确认导出的文件有内容后重新导入。",
                               "file: empty");
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
    char why[S_WHY] = "", why_zh[S_WHY_ZH] = "";
    an_import_ctx_t ctx = {.tz_offset_min = self->qctx.tz_offset_min,
                           .now_ms = hr_call_now_ms(call),
                           .msg_id = hr_call_msg_id(call),
                           .source = req->source,
                           .effective_from = req->effective_from,
                           .why_zh = why_zh,
                           .why_zh_len = sizeof why_zh};
    hr_rc_t rc = an_import(hr_call_txn(call), &ctx, req->kind, req->format, req->file_name, data,
                           (size_t)total, arena, rep, why, sizeof why);
    hr_free(joined);
    if (rc) {
        const char *both = *why_zh ? NULL : s_zh_half(arena, why);
        return hr_call_fail_zh(
            call, rc,
            *why_zh ? why_zh
            : both  ? both
                    : hr_arena_fmt(arena,
                                   "文件 %s 未能导入，未导入任何数据（原因见下方英文说明）：请按"
                                    "说明改正文件后重新导入（hrctl import %s FILE）。",
                                   req->file_name, an_kind_name(req->kind)),
            "%s", *why ? why : hr_rc_name(rc));
    }
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
    hr_rc_t prc = s_permit(self, call, S_READ_CASE, "facts", "查看数据事实", "analytics.GetFacts",
                           who, &reads_all);
    if (prc)
        return prc;
    char why[S_WHY] = "", why_zh[S_WHY_ZH] = "";
    an_query_ctx_t qctx = self->qctx;
    qctx.now_ms = hr_call_now_ms(call); // the service clock: sys.ClockSet moves it in tests
    qctx.statuses_hidden = !reads_all;  // legal: which protected status is HR's alone
    qctx.why_zh = why_zh;
    qctx.why_zh_len = sizeof why_zh;
    hr_rc_t rc =
        an_facts_query(hr_call_txn(call), &qctx, req, hr_call_arena(call), rep, why, sizeof why);
    if (rc)
        return s_fail_why(call, rc, why, why_zh, false);
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
    hr_rc_t prc = s_permit(self, call, S_READ_HR, "quarantined rows", "查看隔离的问题行",
                           "analytics.ListQuarantine", "", NULL);
    if (prc)
        return prc;
    size_t max = req->max ? req->max : 100;
    if (max > 1000)
        return hr_call_fail_zh(call, HR_EINVAL, "--max 最多为 1000：请改小后重试。",
                               "max: at most 1000");
    hr_arena_t *arena = hr_call_arena(call);
    rep->rows = hr_arena_alloc(arena, max * sizeof *rep->rows);
    s_quar_t q = {call, rep, max, 0};
    hr_rc_t rc = HR_OK;
    if (*req->file_id) {
        uint8_t id[32];
        size_t bin_len = 0;
        if (strlen(req->file_id) != 64 ||
            sodium_hex2bin(id, sizeof id, req->file_id, 64, NULL, &bin_len, NULL) || bin_len != 32)
            return hr_call_fail_zh(call, HR_EINVAL,
                                   "文件编号（--file-id）应为 64 位十六进制数字：可用 hrctl "
                                   "import list 查看各次导入的文件编号。",
                                   "file_id: not 64 hex digits");
        // The same bytes may have been imported as several kinds or formats: list every one.
        rc = an_store_files_of_id(hr_call_txn(call), id, arena, s_quar_file, &q);
        if (rc == HR_ENOTFOUND)
            return hr_call_fail_zh(
                call, rc,
                hr_arena_fmt(arena,
                             "没有文件编号为 %s 的导入：可用 hrctl import list 查看各次导入。",
                             req->file_id),
                "file_id: no such import");
    } else {
        rc = an_store_bad_each(hr_call_txn(call), 0, arena, s_quar_row, &q, &q.total);
    }
    if (rc)
        return s_store_fail(call, rc, "");
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
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(hr_call_arena(call),
                                            "部门（--department）应为部门编号：最多 %d 个字节的 "
                                            "UTF-8 文本，不能含控制字符。",
                                            AN_ID_MAX),
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
        return s_store_fail(call, rc, "");
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
    return hr_call_fail_zh(call, HR_ENOTFOUND,
                           hr_arena_fmt(hr_call_arena(call),
                                        "人员数据和 workflow 的案件中都没有部门“%s”：请填写部门"
                                        "编号而不是部门名称（已知的部门编号：%s%s）。",
                                        dept, known, d.more ? "、……" : ""),
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

// A superior's reporting line over db roles (an_line_reaches), for the case filter: each case
// manager's verdict is worked out once per request and kept (a few managers hold many cases).
typedef struct {
    hr_txn_t *txn;         // borrowed: the call's
    hr_arena_t *scratch;   // owned: the entries read walking one chain, reset after it
    hr_arena_t *arena;     // borrowed: the call's, for the verdicts kept
    const char *me;        // borrowed: the superior
    int64_t now_ms;        // who has left by then
    const char **managers; // arena: the case managers decided so far
    bool *reaches;         // arena: their verdicts
    size_t n, cap;         // of managers and reaches
    hr_rc_t rc;            // the first store failure (HR_OK: none)
} s_line_t;

static bool s_link(void *arg, const char *employee_no, an_link_t *out)
{
    s_line_t *l = arg;
    Hr__Analytics__DirectoryRoles *p = NULL;
    hr_rc_t rc = an_store_roles_get(l->txn, employee_no, l->scratch, &p);
    if (rc && rc != HR_ENOTFOUND && !l->rc)
        l->rc = rc;
    if (rc)
        return false;
    out->manager_no = p->manager_no;
    out->left_ms = p->left_ms;
    return true;
}

static bool s_in_line(void *arg, const char *case_manager_no)
{
    s_line_t *l = arg;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->managers[i], case_manager_no))
            return l->reaches[i];
    bool reaches = an_line_reaches(case_manager_no, l->me, l->now_ms, s_link, l);
    hr_arena_reset(l->scratch);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        const char **m = hr_arena_alloc(l->arena, cap * sizeof *m);
        bool *r = hr_arena_alloc(l->arena, cap * sizeof *r);
        if (l->n) {
            memcpy(m, l->managers, l->n * sizeof *m);
            memcpy(r, l->reaches, l->n * sizeof *r);
        }
        l->managers = m;
        l->reaches = r;
        l->cap = cap;
    }
    l->managers[l->n] = hr_arena_strdup(l->arena, case_manager_no);
    l->reaches[l->n++] = reaches;
    return reaches;
}

// A line manager reads the process metrics of their reporting line's cases only (README "Who
// may call"): their own and those of every manager whose chain reaches them (an_line_reaches).
// Someone claiming `manager` whom the people directory gives it (an_auth_is_manager) and who is
// not let in on the route otherwise (hr, hr_head and legal read every case). *mine gets their
// user id (borrowed from the call), else stays NULL and s_permit decides. HR_OK, or the call
// failed: someone claiming manager, and no role the route takes, whom the directory does not
// give it.
static hr_rc_t s_manager_scope(an_server_t *self, hr_call_t *call, const char **mine)
{
    const Hr__Actor *a = hr_call_actor(call);
    *mine = NULL;
    if (!a || hr_actor_is_operator(a) || !hr_actor_has_role(a, "manager") || !self->workflow)
        return HR_OK; // s_permit: the operator, or the refusal without a workflow peer
    Hr__Analytics__DirectoryRoles *p = NULL;
    hr_rc_t rc = an_store_roles_get(hr_call_txn(call), a->user_id, hr_call_arena(call), &p);
    if (rc && rc != HR_ENOTFOUND)
        return HR_OK; // s_permit reads the entry again and words the store's failure
    int64_t now_ms = hr_call_now_ms(call);
    an_auth_t verdict = an_auth_check(a, p, true, true, now_ms, NULL);
    if (verdict == AN_AUTH_OK || verdict == AN_AUTH_LEFT || verdict == AN_AUTH_NOT_IN_DIRECTORY)
        return HR_OK; // every case; or s_permit's refusal (left, a route role not given)
    if (an_auth_is_manager(a, p, true, now_ms)) {
        *mine = a->user_id;
        hr_info("analytics.read", "actor=%s route=analytics.GetMetrics employee_no=- scope=line",
                s_log_id(a->user_id));
        return HR_OK;
    }
    hr_info("analytics.denied", "actor=%s route=analytics.GetMetrics employee_no=-",
            s_log_id(a->user_id));
    return hr_call_fail_zh(
        call, HR_EDENIED,
        hr_arena_fmt(hr_call_arena(call),
                     "人员名册中 %s 不是经理（manager）：经理只能查看本人及其汇报线下属经理案件的"
                     "统计指标，且该角色须由 hr-workflow 的人员名册给出%s。如角色有误，请 HR 更正"
                     "名册后重新导入（hrctl import people FILE）。",
                     s_log_id(a->user_id),
                     p ? "" : "（名册中没有此用户：不在名册中，或尚未同步过来）"),
        "actor: %s is not manager in the people directory (a line manager reads the metrics of "
        "their own and their reporting line's cases only, as hr-workflow's directory gives the "
        "role%s)",
        s_log_id(a->user_id), p ? "" : "; none for this user: not in it, or not learnt yet");
}

// The feeds' figures and the process metrics from the workflow's events (cases, cycle times,
// overdue steps, return and dispute rates, time to close), of the cases opened in a window of
// days and a department when the request names them. A line manager gets the process metrics of
// their reporting line's cases only (s_manager_scope, s_in_line), never the feeds' figures nor a
// peer's cases.
hr_rc_t an_handle_metrics(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__GetMetricsRequest *req = hr_call_request(call);
    Hr__Analytics__GetMetricsReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    const char *mine = NULL;
    hr_rc_t prc = s_manager_scope(self, call, &mine);
    if (!prc && !mine)
        prc = s_permit(self, call, S_READ, "metrics", "查看统计指标", "analytics.GetMetrics", "",
                       NULL);
    if (prc)
        return prc;
    s_line_t line = {
        .txn = hr_call_txn(call), .arena = arena, .me = mine, .now_ms = hr_call_now_ms(call)};
    an_case_filter_t filter = {.from_day = INT32_MIN,
                               .to_day = INT32_MAX,
                               .department = req->department,
                               .tz_offset_min = self->qctx.tz_offset_min,
                               .manager_no = mine,
                               .in_line = mine ? s_in_line : NULL,
                               .line_arg = &line};
    if (*req->from && !hr_date_parse(req->from, &filter.from_day))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "开始日期（--from）“%.40s”不是日期：请写成 YYYY-MM-DD，例如 "
                         "2026-11-01。",
                         req->from),
            "from: '%.40s' is not a date (YYYY-MM-DD)", req->from);
    if (*req->to && !hr_date_parse(req->to, &filter.to_day))
        return hr_call_fail_zh(
            call, HR_EINVAL,
            hr_arena_fmt(arena,
                         "结束日期（--to）“%.40s”不是日期：请写成 YYYY-MM-DD，例如 "
                         "2026-11-30。",
                         req->to),
            "to: '%.40s' is not a date (YYYY-MM-DD)", req->to);
    if (filter.from_day > filter.to_day)
        return hr_call_fail_zh(call, HR_EINVAL,
                               hr_arena_fmt(arena,
                                            "结束日期 %s 早于开始日期 %s：请检查 --from 和 --to "
                                            "是否写反了。",
                                            req->to, req->from),
                               "to: %s is before from %s", req->to, req->from);
    bool unknowable = false;
    hr_rc_t rc = HR_OK;
    // A manager is not told the departments analytics knows (other teams'): only a malformed id
    // is refused; one that holds none of their cases counts none (process.scope says so).
    if (!mine || !an_id_is_clean(req->department))
        rc = s_department_check(call, req->department, &unknowable);
    if (rc)
        return rc;
    an_store_counts_t n;
    rc = an_store_counts(hr_call_txn(call), &n);
    s_cases_t cases = {.arena = arena, .filter = &filter};
    if (mine)
        line.scratch = hr_arena_new(0);
    if (!rc)
        rc = an_store_cases_each(hr_call_txn(call), arena, s_case, &cases);
    if (!rc)
        rc = line.rc; // a reporting line the store could not read: no partial figures
    hr_arena_destroy(&line.scratch);
    if (rc)
        return s_store_fail(call, rc, "");
    an_metrics_ctx_t mctx = {hr_call_now_ms(call), self->calendar, self->qctx.tz_offset_min};
    if (*req->detail) {
        // Who reads the metrics reads every case behind them: the operator, hr and hr_head
        // (an_auth_reads_all) and legal, whom hr-workflow lets read every case (ListCases).
        char why[S_WHY];
        rc = an_metric_detail(cases.v, cases.n, &mctx, req->detail, arena, rep, AN_DETAIL_MAX, why,
                              sizeof why);
        if (rc)
            return hr_call_fail_zh(
                call, rc,
                hr_arena_fmt(arena,
                             "没有名为“%s”的按案件统计的指标：请用 hrctl metrics "
                             "列出的行名，例如 cases.open、steps.overdue、"
                             "return_rate.manager.E0101。",
                             req->detail),
                "%s", why);
    }
    size_t cap = 40 + AN_METRIC_ROWS_PER_STEP * AN_STEPS_MAX + 4 * AN_METRIC_KEYS +
                 AN_METRIC_REFUSAL_ROWS + AN_METRIC_RETURN_ROWS;
    rep->metrics = hr_arena_alloc(arena, cap * sizeof *rep->metrics);
    if (mine) {
        s_metric(
            call, rep, "process.scope", (double)cases.n,
            hr_arena_fmt(arena,
                         "the cases of line manager %s and of the managers on their reporting "
                         "line (managed by them: manager_no, whose chain of managers in the "
                         "directory reaches %s)%s%s%s; a manager reads the metrics of their own "
                         "and their reporting line's cases",
                         mine, mine, *req->department ? ", in department " : "", req->department,
                         *req->from || *req->to ? ", opened in the window asked" : ""));
        s_metric(call, rep, "process.available", self->workflow ? 1 : 0,
                 "from the workflow's events (exactly once, cursor in this store)");
        an_process_metrics(cases.v, cases.n, &mctx, arena, rep, cap);
        an_metrics_calendar(self->qctx.calendar, cases.v, cases.n, hr_call_now_ms(call),
                            self->qctx.tz_offset_min, arena, rep);
        return HR_OK;
    }
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
    an_metrics_calendar(self->qctx.calendar, cases.v, cases.n, hr_call_now_ms(call),
                        self->qctx.tz_offset_min, arena, rep);
    return HR_OK;
}

hr_rc_t an_handle_warnings(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__ListWarningsRequest *req = hr_call_request(call);
    Hr__Analytics__ListWarningsReply *rep = hr_call_reply(call);
    hr_rc_t rc =
        s_permit(self, call, S_READ_HR, "warnings", "查看预警", "analytics.ListWarnings", "", NULL);
    if (rc)
        return rc;
    rc = s_department_check(call, req->department, NULL);
    if (rc)
        return rc;
    char why[S_WHY] = "", why_zh[S_WHY_ZH] = "";
    an_query_ctx_t qctx = self->qctx;
    qctx.now_ms = hr_call_now_ms(call);
    qctx.why_zh = why_zh;
    qctx.why_zh_len = sizeof why_zh;
    rc =
        an_warnings_query(hr_call_txn(call), &qctx, req, hr_call_arena(call), rep, why, sizeof why);
    if (rc)
        return s_fail_why(call, rc, why, why_zh, false);
    return HR_OK;
}

// What a withdrawal or an erasure records of the call: its time, message and actor; why_zh
// takes the refusal's Chinese.
static an_withdraw_ctx_t s_withdraw_ctx(const an_server_t *self, hr_call_t *call, char *why_zh,
                                        size_t why_zh_len)
{
    const Hr__Actor *a = hr_call_actor(call);
    return (an_withdraw_ctx_t){.tz_offset_min = self->qctx.tz_offset_min,
                               .now_ms = hr_call_now_ms(call),
                               .msg_id = hr_call_msg_id(call),
                               .actor = a && a->user_id ? a->user_id : "",
                               .why_zh = why_zh,
                               .why_zh_len = why_zh_len};
}

// Withdraws an import (an_withdraw): hr or the operator, as for imports; legal may not.
hr_rc_t an_handle_withdraw(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__WithdrawImportRequest *req = hr_call_request(call);
    Hr__Analytics__WithdrawImportReply *rep = hr_call_reply(call);
    hr_rc_t rc = s_permit(self, call, S_WRITE, "withdrawals", "撤回导入",
                          "analytics.WithdrawImport", "", NULL);
    if (rc)
        return rc;
    char why[S_WHY] = "", why_zh[S_WHY_ZH] = "";
    an_withdraw_ctx_t ctx = s_withdraw_ctx(self, call, why_zh, sizeof why_zh);
    int64_t t0 = hr_clock_mono_ms(hr_daemon_clock(self->daemon));
    rc = an_withdraw(hr_call_txn(call), &ctx, req->file, req->reason, hr_call_arena(call), rep, why,
                     sizeof why);
    if (rc)
        return s_fail_why(call, rc, why, why_zh, true);
    hr_info("analytics.withdrawn",
            "file_no=%u kind=%s actor=%s records=%u rows_removed=%u rows_restored=%u "
            "days_uncovered=%u files_replayed=%u ms=%lld",
            rep->file_no, an_kind_name(rep->kind), s_log_id(ctx.actor), rep->records_withdrawn,
            rep->rows_removed, rep->rows_restored, rep->days_uncovered, rep->files_replayed,
            (long long)(hr_clock_mono_ms(hr_daemon_clock(self->daemon)) - t0));
    return HR_OK;
}

// Erases a withdrawn import (an_erase): hr or the operator, as for withdrawals; legal may not.
// After the commit its files beside the store are deleted and the store compacted, so that the
// text is nowhere under the store's directory when the reply leaves. The reply is packed before
// the commit (it is stored for retries): files_removed counts the files there to delete.
typedef struct {
    an_server_t *self;                    // borrowed
    Hr__Analytics__EraseImportReply *rep; // borrowed (the call's arena)
    uint8_t id[32];                       // the file id
} s_erase_after_t;

static void s_erase_after(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_erase_after_t *a = arg;
    hr_store_t *store = hr_daemon_store(a->self->daemon);
    uint32_t removed = an_erase_files(store, a->id);
    uint64_t bytes = 0;
    hr_rc_t rc = hr_store_compact(store, &bytes);
    if (rc)
        hr_error("analytics.erase_compact", "file_no=%u rc=%s", a->rep->file_no, hr_rc_name(rc));
    hr_info("analytics.erased",
            "file_no=%u kind=%s actor=%s already=%d files_removed=%u quarantine_removed=%u "
            "store_bytes=%llu",
            a->rep->file_no, an_kind_name(a->rep->kind), s_log_id(a->rep->erased_by),
            a->rep->already_erased, removed, a->rep->quarantine_removed, (unsigned long long)bytes);
}

hr_rc_t an_handle_erase(void *self_, hr_call_t *call)
{
    an_server_t *self = self_;
    const Hr__Analytics__EraseImportRequest *req = hr_call_request(call);
    Hr__Analytics__EraseImportReply *rep = hr_call_reply(call);
    hr_rc_t rc =
        s_permit(self, call, S_WRITE, "erasures", "删除导入", "analytics.EraseImport", "", NULL);
    if (rc)
        return rc;
    char why[S_WHY] = "", why_zh[S_WHY_ZH] = "";
    an_withdraw_ctx_t ctx = s_withdraw_ctx(self, call, why_zh, sizeof why_zh);
    rc = an_erase(hr_call_txn(call), &ctx, req->file, req->reason, hr_call_arena(call), rep, why,
                  sizeof why);
    if (rc)
        return s_fail_why(call, rc, why, why_zh, true);
    s_erase_after_t *after = hr_arena_alloc(hr_call_arena(call), sizeof *after);
    after->self = self;
    after->rep = rep;
    memset(after->id, 0, sizeof after->id);
    size_t bl = 0;
    if (sodium_hex2bin(after->id, sizeof after->id, rep->file_id, strlen(rep->file_id), NULL, &bl,
                       NULL) ||
        bl != 32)
        return s_store_fail(call, HR_EIO, "the file id: ");
    rep->files_removed = an_erase_files_count(hr_daemon_store(self->daemon), after->id);
    hr_call_after_commit(call, s_erase_after, after);
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
    r->erased = f->erased_ms != 0;
    r->erased_ms = f->erased_ms;
    r->erased_by = f->erased_by;
    r->erased_reason = f->erased_reason;
    r->sha256 = f->sha256;
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
    hr_rc_t rc = s_permit(self, call, req->with_text ? S_READ_HR : S_READ,
                          req->with_text ? "imports' text" : "imports",
                          req->with_text ? "查看导入文件的原文" : "查看导入记录",
                          "analytics.ListImports", "", NULL);
    if (rc)
        return rc;
    size_t max = req->max ? req->max : 100;
    if (max > 1000)
        return hr_call_fail_zh(call, HR_EINVAL, "--max 最多为 1000：请改小后重试。",
                               "max: at most 1000");
    if (req->with_text && !*req->file)
        return hr_call_fail_zh(call, HR_EINVAL,
                               "查看原文（--text）要指明一次导入：hrctl import list 编号或文件编号 "
                               "--text。",
                               "with_text: name one file");
    char why[S_WHY] = "", why_zh[S_WHY_ZH] = "";
    if (*req->file) {
        Hr__Analytics__File *f = NULL;
        rc = an_file_find(txn, req->file, arena, &f, why, sizeof why, why_zh, sizeof why_zh);
        if (rc)
            return s_fail_why(call, rc, why, why_zh, true);
        rep->files = hr_arena_alloc(arena, sizeof *rep->files);
        rep->files[rep->n_files++] = s_imported(arena, f);
        rep->total = 1;
        if (!req->with_text ||
            f->erased_ms) // an erased import's text is gone: the tombstone says so
            return HR_OK;
        char *path = an_store_blob_path(hr_txn_store(txn), f->file_id.data);
        char *text = NULL;
        size_t len = 0;
        rc = f->file_id.len == 32 ? hr_file_read(path, (size_t)f->text_size + 1, &text, &len)
                                  : HR_EIO;
        hr_free(path);
        if (rc)
            return hr_call_fail_zh(call, HR_EIO,
                                   hr_arena_fmt(arena,
                                                "第 %u 次导入的文件原文无法读取（%s）：请联系系统"
                                                "管理员检查 hr-analytics 的存储目录。",
                                                f->file_no, hr_rc_name(rc)),
                                   "store: the text of import %u cannot be read: %s", f->file_no,
                                   hr_rc_name(rc));
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
        return s_store_fail(call, rc, "");
    rep->total = (uint32_t)n;
    return HR_OK;
}
