/*  wf_directory - the checks an import must pass before it touches the directory.
 *
 *  The directory after the import is the existing people overlaid with the file's rows; every
 *  check runs on that view, so a file may name a manager who is already in the directory, and a
 *  fix to one person's manager can break a loop. A missing or looping reporting line is a data
 *  error found here, not at 3 a.m. when an escalation has nobody to go to (DESIGN.md 3).
 *  Sorting plus binary search keeps it O(n log n) for the largest directory allowed. Two people
 *  with one email or mobile are warned (refused when either is the employee of an open case):
 *  whatever is sent to one reaches the other.
 */
#include "wf.h"

typedef struct {
    const char *no;                // employee_no (borrowed)
    const Hr__Workflow__Person *p; // borrowed: the effective record
    wf_person_row_t *row;          // borrowed: the file's row, NULL for existing people
    int state;                     // loop walk: 0 new, 1 on the path, 2 done
    bool on_chain;                 // someone reports to them, or HR
} s_node_t;

static int s_cmp(const void *a, const void *b)
{
    const s_node_t *x = a, *y = b;
    int c = strcmp(x->no, y->no);
    if (c)
        return c;
    // Existing before file rows, then file order: the last one wins.
    uint32_t lx = x->row ? x->row->line : 0, ly = y->row ? y->row->line : 0;
    return (lx > ly) - (lx < ly);
}

static s_node_t *s_find(s_node_t *nodes, size_t n, const char *no)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(nodes[mid].no, no);
        if (!c)
            return &nodes[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool s_has_role(const Hr__Workflow__Person *p, const char *role)
{
    for (size_t i = 0; i < p->n_roles; i++)
        if (!strcmp(p->roles[i], role))
            return true;
    return false;
}

static void s_bad(wf_person_row_t *row)
{
    if (row)
        row->bad = true;
}

void wf_directory_check(wf_person_row_t *rows, size_t nrows, Hr__Workflow__Person *const *existing,
                        size_t nexisting, bool (*dept_known)(void *arg, const char *id), void *arg,
                        hr_arena_t *arena, wf_errors_t *errs)
{
    size_t total = nrows + nexisting, n = 0;
    s_node_t *all = hr_arena_alloc(arena, (total + 1) * sizeof *all);
    for (size_t i = 0; i < nexisting; i++)
        all[n++] = (s_node_t){existing[i]->employee_no, existing[i], NULL, 0, false};
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].person && *rows[i].person->employee_no)
            all[n++] = (s_node_t){rows[i].person->employee_no, rows[i].person, &rows[i], 0, false};
    qsort(all, n, sizeof *all, s_cmp);

    // Duplicates in the file; then keep one node per number (the file's last row wins).
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && !strcmp(all[m - 1].no, all[i].no)) {
            if (all[m - 1].row && all[i].row) {
                wf_errors_add(errs, arena, all[i].row->line, "employee_no",
                              "duplicate employee number '%.64s' (also on line %u)", all[i].no,
                              all[m - 1].row->line);
                wf_errors_zh(errs, arena, "“%.64s”重复（第%u行已有此工号）", all[i].no,
                             all[m - 1].row->line);
                s_bad(all[i].row);
                s_bad(all[m - 1].row);
            }
            all[m - 1] = all[i];
            continue;
        }
        all[m++] = all[i];
    }
    n = m;

    for (size_t i = 0; i < nrows; i++) {
        wf_person_row_t *r = &rows[i];
        if (!r->person)
            continue;
        const Hr__Workflow__Person *p = r->person;
        if (*p->department_id && dept_known && !dept_known(arg, p->department_id)) {
            wf_errors_add(errs, arena, r->line, "department_id", "unknown department '%.64s'",
                          p->department_id);
            wf_errors_zh(errs, arena,
                         "“%.64s”不存在（既不是已导入部门的编号，也不是唯一一个部门的名称）："
                         "请先导入部门，或更正此格",
                         p->department_id);
            r->bad = true;
        }
        if (*p->manager_no && !s_find(all, n, p->manager_no)) {
            wf_errors_add(errs, arena, r->line, "manager_no", "unknown manager '%.64s'",
                          p->manager_no);
            wf_errors_zh(errs, arena, "“%.64s”不存在（本文件和现有名册中都没有这个工号）",
                         p->manager_no);
            r->bad = true;
        }
    }

    // Reporting loops and depth: walk up from everyone once (colouring).
    s_node_t **path = hr_arena_alloc(arena, (WF_CHAIN_MAX + 2) * sizeof *path);
    for (size_t i = 0; i < n; i++) {
        size_t depth = 0;
        s_node_t *cur = &all[i];
        while (cur && cur->state == 0 && depth <= WF_CHAIN_MAX) {
            cur->state = 1;
            path[depth++] = cur;
            cur = *cur->p->manager_no ? s_find(all, n, cur->p->manager_no) : NULL;
        }
        if (cur && cur->state == 1) {
            // cur is on the path: everyone from it to the end of the path is in the loop.
            size_t start = 0;
            while (path[start] != cur)
                start++;
            char text[WF_SHORT_MAX * 2] = "";
            size_t off = 0;
            for (size_t k = start; k < depth && off < sizeof text - WF_KEY_MAX - 8; k++)
                off += (size_t)snprintf(text + off, sizeof text - off, "%s -> ", path[k]->no);
            snprintf(text + off, sizeof text - off, "%s", cur->no);
            for (size_t k = start; k < depth; k++)
                if (path[k]->row) {
                    wf_errors_add(errs, arena, path[k]->row->line, "manager_no",
                                  "reporting loop: %s", text);
                    wf_errors_zh(errs, arena, "形成汇报循环：%s（汇报关系不能绕回自己）", text);
                    path[k]->row->bad = true;
                }
        } else if (depth > WF_CHAIN_MAX) {
            if (all[i].row) {
                wf_errors_add(errs, arena, all[i].row->line, "manager_no",
                              "reporting line deeper than %d levels", WF_CHAIN_MAX);
                wf_errors_zh(errs, arena, "所在的汇报链超过%d级", WF_CHAIN_MAX);
                all[i].row->bad = true;
            }
        }
        for (size_t k = 0; k < depth; k++)
            path[k]->state = 2;
    }

    // Contacts for everyone an escalation can reach.
    for (size_t i = 0; i < n; i++) {
        if (s_has_role(all[i].p, "hr") || s_has_role(all[i].p, "hr_head"))
            all[i].on_chain = true;
        if (*all[i].p->manager_no) {
            s_node_t *mgr = s_find(all, n, all[i].p->manager_no);
            if (mgr)
                mgr->on_chain = true;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const Hr__Workflow__Person *p = all[i].p;
        if (!all[i].on_chain || (*p->email && *p->mobile))
            continue;
        const char *what = !*p->email && !*p->mobile ? "email and mobile"
                           : !*p->email              ? "email"
                                                     : "mobile";
        if (all[i].row) {
            wf_errors_add(errs, arena, all[i].row->line, !*p->email ? "email" : "mobile",
                          "%s missing: %.64s is on an escalation chain", what, p->employee_no);
            wf_errors_zh(errs, arena,
                         "%s%s未填写：%.64s在催办升级链上（有下属，或担任HR），须能通过邮件和短信"
                         "联系到",
                         !*p->email && !*p->mobile ? "和" : "",
                         !*p->email && !*p->mobile ? wf_errors_label(errs, "mobile") : "",
                         p->employee_no);
            all[i].row->bad = true;
            continue;
        }
        // Already in the directory: name the file's first row that reports to them.
        for (size_t k = 0; k < nrows; k++)
            if (rows[k].person && !strcmp(rows[k].person->manager_no, p->employee_no)) {
                wf_errors_add(errs, arena, rows[k].line, "manager_no",
                              "manager %.64s has no %s in the directory (escalations reach them)",
                              p->employee_no, what);
                wf_errors_zh(errs, arena,
                             "%.64s在现有名册中没有%s%s%s（催办升级会发给此人）：请在文件中补上此"
                             "人的联系方式",
                             p->employee_no,
                             !*p->email ? wf_errors_label(errs, "email")
                                        : wf_errors_label(errs, "mobile"),
                             !*p->email && !*p->mobile ? "和" : "",
                             !*p->email && !*p->mobile ? wf_errors_label(errs, "mobile") : "");
                rows[k].bad = true;
                break;
            }
    }
}

// ---------------------------------------------------------------------------------------------
// One address, one person

typedef struct {
    const char *key;      // arena: the email lower-cased, or the mobile's digits
    const s_node_t *node; // borrowed
} s_contact_t;

static int s_contact_cmp(const void *a, const void *b)
{
    const s_contact_t *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : s_cmp(x->node, y->node); // by employee number
}

// The email as compared (ASCII, as the import accepts them, case-insensitive), or the mobile's
// digits ("+86 138-0000-0001" and "13800000001" are one phone). NULL when empty.
static char *s_contact_key(const char *v, bool email, hr_arena_t *arena)
{
    if (!v || !*v)
        return NULL;
    char *k = hr_arena_alloc(arena, strlen(v) + 1);
    size_t n = 0;
    for (const char *p = v; *p; p++) {
        if (email)
            k[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        else if (*p >= '0' && *p <= '9')
            k[n++] = *p;
    }
    k[n] = '\0';
    return n ? k : NULL;
}

static char *s_where(const s_node_t *x, hr_arena_t *arena)
{
    return x->row ? hr_arena_fmt(arena, "line %u", x->row->line)
                  : hr_arena_strdup(arena, "in the directory");
}

static char *s_where_zh(const s_node_t *x, hr_arena_t *arena)
{
    return x->row ? hr_arena_fmt(arena, "第%u行", x->row->line)
                  : hr_arena_strdup(arena, "现有名册中");
}

// Two people the directory would give one address (one of them at least in the file): a warning
// on the file's row (b's when both are in it); an error on every file row of the two when either
// is the employee of an open case.
static void s_contact_shared(const s_node_t *a, const s_node_t *b, const char *what,
                             const char *value, const char *(*open_case)(void *, const char *),
                             void *arg, hr_arena_t *arena, wf_errors_t *errs, wf_errors_t *warns)
{
    const char *open = open_case ? open_case(arg, a->no) : NULL;
    const char *whose = a->no;
    if (!open || !*open) {
        open = open_case ? open_case(arg, b->no) : NULL;
        whose = b->no;
    }
    if (!open || !*open) {
        const s_node_t *x = b->row ? b : a, *y = b->row ? a : b;
        wf_errors_add(warns, arena, x->row->line, what,
                      "%s %.64s of %s (%s) is also %s's (%s): a message to either reaches both - "
                      "give each their own",
                      what, value, x->no, s_where(x, arena), y->no, s_where(y, arena));
        wf_errors_zh(warns, arena,
                     "%.64s是%s（%s）的，也是%s（%s）的：发给其中一人的消息两人都会收到，请为每人"
                     "填写各自的%s",
                     value, x->no, s_where_zh(x, arena), y->no, s_where_zh(y, arena),
                     wf_errors_label(warns, what));
        return;
    }
    const s_node_t *pair[2] = {b, a};
    for (size_t i = 0; i < 2; i++) {
        const s_node_t *x = pair[i], *y = pair[!i];
        if (!x->row)
            continue;
        wf_errors_add(errs, arena, x->row->line, what,
                      "%s %.64s of %s (%s) is also %s's (%s), and %s is the employee of open case "
                      "%s: the case's messages would reach the other person - give each their own",
                      what, value, x->no, s_where(x, arena), y->no, s_where(y, arena), whose, open);
        wf_errors_zh(errs, arena,
                     "%.64s同时属于%s（%s）和%s（%s），而%s是未结案件%s的员工：该案件的消息会"
                     "发到另一人那里，请为每人填写各自的%s",
                     value, x->no, s_where_zh(x, arena), y->no, s_where_zh(y, arena), whose, open,
                     wf_errors_label(errs, what));
        x->row->bad = true;
    }
}

void wf_directory_contacts(wf_person_row_t *rows, size_t nrows,
                           Hr__Workflow__Person *const *existing, size_t nexisting,
                           const char *(*open_case)(void *arg, const char *employee_no), void *arg,
                           hr_arena_t *arena, wf_errors_t *errs, wf_errors_t *warns)
{
    // The directory after the import, one node per number (the file's last row wins).
    size_t total = nrows + nexisting, n = 0;
    s_node_t *all = hr_arena_alloc(arena, (total + 1) * sizeof *all);
    for (size_t i = 0; i < nexisting; i++)
        all[n++] = (s_node_t){existing[i]->employee_no, existing[i], NULL, 0, false};
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].person && *rows[i].person->employee_no)
            all[n++] = (s_node_t){rows[i].person->employee_no, rows[i].person, &rows[i], 0, false};
    qsort(all, n, sizeof *all, s_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && !strcmp(all[m - 1].no, all[i].no))
            all[m - 1] = all[i];
        else
            all[m++] = all[i];
    }
    n = m;

    static const char *const what[2] = {"email", "mobile"};
    s_contact_t *list = hr_arena_alloc(arena, (n + 1) * sizeof *list);
    for (size_t w = 0; w < HR_ARRAY_LEN(what); w++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            char *key = s_contact_key(w ? all[i].p->mobile : all[i].p->email, !w, arena);
            if (key)
                list[k++] = (s_contact_t){key, &all[i]};
        }
        qsort(list, k, sizeof *list, s_contact_cmp);
        for (size_t i = 0; i < k;) {
            size_t end = i + 1;
            while (end < k && !strcmp(list[end].key, list[i].key))
                end++;
            // Each later holder against the first; a pair the import does not touch (both
            // already in the directory) is not this import's to report.
            for (size_t j = i + 1; j < end; j++)
                if (list[i].node->row || list[j].node->row)
                    s_contact_shared(list[i].node, list[j].node, what[w],
                                     w ? list[j].node->p->mobile : list[j].node->p->email,
                                     open_case, arg, arena, errs, warns);
            i = end;
        }
    }
}

static int s_dcmp(const void *a, const void *b)
{
    const Hr__Workflow__Department *const *x = a, *const *y = b;
    return strcmp((*x)->id, (*y)->id);
}

static const Hr__Workflow__Department *s_dfind(Hr__Workflow__Department **list, size_t n,
                                               const char *id)
{
    Hr__Workflow__Department key = HR__WORKFLOW__DEPARTMENT__INIT;
    char idbuf[WF_KEY_MAX + 1];
    snprintf(idbuf, sizeof idbuf, "%s", id);
    key.id = idbuf;
    Hr__Workflow__Department *kp = &key;
    Hr__Workflow__Department **hit = bsearch(&kp, list, n, sizeof *list, s_dcmp);
    return hit ? *hit : NULL;
}

void wf_departments_check(wf_dept_row_t *rows, size_t nrows,
                          Hr__Workflow__Department *const *existing, size_t nexisting,
                          hr_arena_t *arena, wf_errors_t *errs)
{
    // Duplicates in the file.
    for (size_t i = 0; i < nrows; i++)
        for (size_t k = 0; k < i && *rows[i].dept->id; k++)
            if (!strcmp(rows[i].dept->id, rows[k].dept->id)) {
                wf_errors_add(errs, arena, rows[i].line, "id",
                              "duplicate department '%.64s' (also on line %u)", rows[i].dept->id,
                              rows[k].line);
                wf_errors_zh(errs, arena, "“%.64s”重复（第%u行已有此部门）", rows[i].dept->id,
                             rows[k].line);
                rows[i].bad = true;
                break;
            }
    // The view after import: existing overlaid with the file.
    size_t n = 0;
    Hr__Workflow__Department **all = hr_arena_alloc(arena, (nrows + nexisting + 1) * sizeof *all);
    for (size_t i = 0; i < nrows; i++)
        all[n++] = rows[i].dept;
    for (size_t i = 0; i < nexisting; i++) {
        bool overridden = false;
        for (size_t k = 0; k < nrows && !overridden; k++)
            overridden = !strcmp(rows[k].dept->id, existing[i]->id);
        if (!overridden)
            all[n++] = existing[i];
    }
    qsort(all, n, sizeof *all, s_dcmp);
    for (size_t i = 0; i < nrows; i++) {
        const Hr__Workflow__Department *d = rows[i].dept;
        if (!*d->parent_id)
            continue;
        if (!s_dfind(all, n, d->parent_id)) {
            wf_errors_add(errs, arena, rows[i].line, "parent_id", "unknown department '%.64s'",
                          d->parent_id);
            wf_errors_zh(errs, arena, "“%.64s”不存在（本文件和已导入的部门中都没有）",
                         d->parent_id);
            rows[i].bad = true;
            continue;
        }
        const Hr__Workflow__Department *cur = d;
        for (size_t depth = 0; cur && *cur->parent_id; depth++) {
            cur = s_dfind(all, n, cur->parent_id);
            if (cur == d || depth > WF_CHAIN_MAX) {
                wf_errors_add(errs, arena, rows[i].line, "parent_id",
                              "department loop through '%.64s'", d->id);
                wf_errors_zh(errs, arena, "形成循环：部门“%.64s”的上级链绕回了自己", d->id);
                rows[i].bad = true;
                break;
            }
        }
    }
}

void wf_departments_heads(const wf_dept_row_t *rows, size_t nrows,
                          bool (*person_known)(void *arg, const char *no), void *arg,
                          hr_arena_t *arena, wf_errors_t *warns)
{
    for (size_t i = 0; i < nrows; i++) {
        const Hr__Workflow__Department *d = rows[i].dept;
        if (rows[i].bad || !d || !*d->head_no || person_known(arg, d->head_no))
            continue;
        wf_errors_add(warns, arena, rows[i].line, "head_no",
                      "no person '%.64s' in the directory: import the people with that "
                      "employee_no next, or correct the head",
                      d->head_no);
        wf_errors_zh(warns, arena,
                     "“%.64s”在名册中查无此人：请接着导入有此工号的人员，或更正负责人工号",
                     d->head_no);
    }
}

// ---------------------------------------------------------------------------------------------
// A person's contract data against the law (LCL Art. 19, Art. 42(5)), and what an import changes
// of their protected statuses.

#define S_MIN_WORKING_AGE_MONTHS (16 * LAW_MONTHS_PER_YEAR) // Labour Law Art. 15
#define S_TERM_SHORT_MONTHS 3                               // LCL Art. 19 term brackets
#define S_TERM_YEAR_MONTHS 12
#define S_TERM_LONG_MONTHS 36
#define S_PROBATION_SHORT_MAX 1 // a term of 3 months to under 1 year
#define S_PROBATION_MID_MAX 2   // 1 year to under 3 years
#define S_PROBATION_LONG_MAX 6  // 3 years or more, or open-ended
#define S_STATUS_LONG_SERVICE "long_service_near_retirement"

static bool s_day(const char *s, int32_t *day)
{
    return s && *s && hr_date_parse(s, day);
}

// The most months of probation LCL Art. 19 (Art. 70 for part-time work) allows p's contract
// starting on `first`, with the reason in *why (static).
static int s_probation_max(const Hr__Workflow__Person *p, int32_t first, const char **why)
{
    int32_t end;
    const char *type = p->contract_type ? p->contract_type : "";
    if (!strcmp(type, "part_time")) {
        *why = "part-time work (LCL Art. 70: no probation)";
        return 0;
    }
    if (!strcmp(type, "task_based")) {
        *why = "a contract for the completion of a task (no probation)";
        return 0;
    }
    if (!strcmp(type, "open_ended")) {
        *why = "an open-ended contract";
        return S_PROBATION_LONG_MAX;
    }
    if (!s_day(p->contract_end, &end)) {
        *why = "any contract (the contract's end is not in the directory)";
        return S_PROBATION_LONG_MAX;
    }
    // A term of N months or more: the day before the N-month anniversary of its start is in it.
    if (end + 1 < law_date_add_months(first, S_TERM_SHORT_MONTHS)) {
        *why = "a contract of under 3 months (no probation)";
        return 0;
    }
    if (end + 1 < law_date_add_months(first, S_TERM_YEAR_MONTHS)) {
        *why = "a contract of 3 months to under 1 year";
        return S_PROBATION_SHORT_MAX;
    }
    if (end + 1 < law_date_add_months(first, S_TERM_LONG_MONTHS)) {
        *why = "a contract of 1 to under 3 years";
        return S_PROBATION_MID_MAX;
    }
    *why = "a fixed-term contract of 3 years or more";
    return S_PROBATION_LONG_MAX;
}

// The day p's contract (else service) starts, from which Art. 19 counts the probation.
static bool s_probation_first(const Hr__Workflow__Person *p, int32_t *first)
{
    return s_day(p->contract_start, first) || s_day(p->hire_date, first);
}

void wf_person_probation(const Hr__Workflow__Person *p, wf_probation_t *out)
{
    *out = (wf_probation_t){.why = ""};
    int32_t first, prob;
    out->agreed = s_day(p->probation_end, &prob);
    if (!out->agreed)
        return;
    out->lawful = true;
    out->end = prob;
    if (!s_probation_first(p, &first) || prob < first)
        return; // nothing to measure it from, or refused at import: not a probation at all
    int max = s_probation_max(p, first, &out->why);
    int32_t past = law_date_add_months(first, max); // the first day beyond the most allowed
    if (prob < past)
        return;
    out->capped = true;
    out->max_months = max;
    out->lawful = max > 0;
    out->end = max > 0 ? past - 1 : 0;
}

const char *wf_person_probation_problem(const Hr__Workflow__Person *p, hr_arena_t *arena)
{
    wf_probation_t pr;
    wf_person_probation(p, &pr);
    int32_t first;
    if (!pr.capped || !s_probation_first(p, &first))
        return NULL;
    int32_t prob = 0;
    s_day(p->probation_end, &prob);
    law_service_t len = law_service_between(first, prob);
    int max = pr.max_months;
    char buf[HR_DATE_LEN], end[HR_DATE_LEN];
    return hr_arena_fmt(arena,
                        "probation %s to %s is %d months %d days; LCL Art. 19 allows %s%d month%s "
                        "for %s: the excess is the employer's breach (Art. 83: damages at the "
                        "post-probation wage for the time served beyond it), and a review judges "
                        "a dismissal with %s%s",
                        hr_date_format(first, buf), p->probation_end, len.total_months, len.days,
                        max ? "at most " : "", max, max == 1 ? "" : "s", pr.why,
                        pr.lawful ? "the probation ending " : "no probation",
                        pr.lawful ? hr_date_format(pr.end, end) : "");
}

// The contract s_probation_max names in *why, in Chinese.
static const char *s_probation_why_zh(const char *why)
{
    static const char *const map[][2] = {
        {"part-time work (LCL Art. 70: no probation)", "非全日制用工（第七十条：不得约定试用期）"},
        {"a contract for the completion of a task (no probation)",
         "以完成一定工作任务为期限的劳动合同（不得约定试用期）"},
        {"an open-ended contract", "无固定期限劳动合同"},
        {"any contract (the contract's end is not in the directory)",
         "任何劳动合同（名册中没有合同结束日期）"},
        {"a contract of under 3 months (no probation)",
         "期限不满三个月的劳动合同（不得约定试用期）"},
        {"a contract of 3 months to under 1 year", "期限三个月以上不满一年的劳动合同"},
        {"a contract of 1 to under 3 years", "期限一年以上不满三年的劳动合同"},
        {"a fixed-term contract of 3 years or more", "期限三年以上的固定期限劳动合同"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(map); i++)
        if (!strcmp(why, map[i][0]))
            return map[i][1];
    return why;
}

// wf_person_probation_problem in Chinese, after the column's name; NULL when it has none.
static const char *s_probation_problem_zh(const Hr__Workflow__Person *p, hr_arena_t *arena)
{
    wf_probation_t pr;
    wf_person_probation(p, &pr);
    int32_t first;
    if (!pr.capped || !s_probation_first(p, &first))
        return NULL;
    int32_t prob = 0;
    s_day(p->probation_end, &prob);
    law_service_t len = law_service_between(first, prob);
    char buf[HR_DATE_LEN], end[HR_DATE_LEN];
    return hr_arena_fmt(
        arena,
        "：%s的试用期自%s至%s，共%d个月%d天；《劳动合同法》第十九条规定%s%s：超出部分是用人单位"
        "违法约定试用期（第八十三条：以试用期满后的月工资为标准，按已履行的超过法定试用期的期间"
        "支付赔偿金），审查解除时按%s%s判断",
        p->employee_no, hr_date_format(first, buf), p->probation_end, len.total_months, len.days,
        s_probation_why_zh(pr.why),
        pr.max_months ? hr_arena_fmt(arena, "试用期最长%d个月", pr.max_months) : "不得约定试用期",
        pr.lawful ? "试用期至" : "无试用期", pr.lawful ? hr_date_format(pr.end, end) : "");
}

static void s_check_row(wf_person_row_t *r, int32_t today, hr_arena_t *arena, wf_errors_t *errs,
                        wf_errors_t *warns)
{
    const Hr__Workflow__Person *p = r->person;
    int32_t hire = 0, start = 0, end = 0, prob = 0, birth = 0;
    bool has_hire = s_day(p->hire_date, &hire), has_start = s_day(p->contract_start, &start);
    bool has_end = s_day(p->contract_end, &end), has_prob = s_day(p->probation_end, &prob);
    bool has_birth = s_day(p->birth_date, &birth);
    char buf[HR_DATE_LEN];
    if (has_hire && hire > today + WF_HIRE_AHEAD_MAX_DAYS) {
        wf_errors_add(errs, arena, r->line, "hire_date",
                      "%s is more than a year ahead (today is %s): a typo? A future hire is "
                      "imported up to %d days ahead",
                      p->hire_date, hr_date_format(today, buf), WF_HIRE_AHEAD_MAX_DAYS);
        wf_errors_zh(errs, arena,
                     "%s比今天（%s）晚一年以上：是否录入有误？尚未入职的员工最多可提前%d天导入",
                     p->hire_date, buf, WF_HIRE_AHEAD_MAX_DAYS);
        r->bad = true;
    }
    if (has_start && has_end && end < start) {
        wf_errors_add(errs, arena, r->line, "contract_end", "%s is before contract_start %s",
                      p->contract_end, p->contract_start);
        wf_errors_zh(errs, arena, "%s早于%s%s：合同不能在开始之前结束", p->contract_end,
                     wf_errors_label(errs, "contract_start"), p->contract_start);
        r->bad = true;
    }
    int32_t first = has_start ? start : hire;
    if (has_prob && (has_start || has_hire) && prob < first) {
        wf_errors_add(errs, arena, r->line, "probation_end", "%s is before %s %s", p->probation_end,
                      has_start ? "contract_start" : "hire_date",
                      has_start ? p->contract_start : p->hire_date);
        wf_errors_zh(errs, arena, "%s早于%s%s", p->probation_end,
                     wf_errors_label(errs, has_start ? "contract_start" : "hire_date"),
                     has_start ? p->contract_start : p->hire_date);
        r->bad = true;
    }
    if (has_prob && has_end && prob > end) {
        wf_errors_add(errs, arena, r->line, "probation_end",
                      "%s is after contract_end %s: a probation is part of the contract's term "
                      "(LCL Art. 19)",
                      p->probation_end, p->contract_end);
        wf_errors_zh(errs, arena,
                     "%s晚于%s%s：试用期包含在劳动合同期限内（《劳动合同法》第十九条）",
                     p->probation_end, wf_errors_label(errs, "contract_end"), p->contract_end);
        r->bad = true;
    }
    int32_t left = 0;
    if (s_day(p->left_date, &left) && has_hire && left < hire) {
        wf_errors_add(errs, arena, r->line, "left_date", "%s is before the hire date %s",
                      p->left_date, p->hire_date);
        wf_errors_zh(errs, arena, "%s早于%s%s", p->left_date, wf_errors_label(errs, "hire_date"),
                     p->hire_date);
        r->bad = true;
    }
    if (has_birth && has_hire && birth >= hire) {
        wf_errors_add(errs, arena, r->line, "birth_date", "%s is not before the hire date %s",
                      p->birth_date, p->hire_date);
        wf_errors_zh(errs, arena, "%s不早于%s%s：出生日期须在入职之前", p->birth_date,
                     wf_errors_label(errs, "hire_date"), p->hire_date);
        r->bad = true;
    } else if (has_birth && has_hire &&
               law_date_add_months(birth, S_MIN_WORKING_AGE_MONTHS) > hire) {
        wf_errors_add(warns, arena, r->line, "birth_date",
                      "%s: %s was under 16 when hired on %s (Labour Law Art. 15); check the date",
                      p->birth_date, p->employee_no, p->hire_date);
        wf_errors_zh(warns, arena,
                     "%s：%s于%s入职时未满16周岁（《劳动法》第十五条禁止招用未满十六周岁的未成年"
                     "人），请核对日期",
                     p->birth_date, p->employee_no, p->hire_date);
    }
    if (!*p->birth_date != !*p->retirement_base) {
        const char *has = *p->birth_date ? "birth_date" : "retirement_base";
        const char *lacks = *p->birth_date ? "retirement_base" : "birth_date";
        wf_errors_add(warns, arena, r->line, lacks,
                      "%s has a %s but no %s: LCL Art. 42(5) (retirement age) cannot be computed "
                      "and HR must confirm it by hand at review",
                      p->employee_no, has, lacks);
        wf_errors_zh(warns, arena,
                     "未填写：%s有%s，但没有%s，无法计算《劳动合同法》第四十二条第五项（临近法定"
                     "退休年龄），HR审查时须人工确认",
                     p->employee_no, wf_errors_label(warns, has), wf_errors_label(warns, lacks));
    }
    if (r->bad)
        return;
    const char *probation = wf_person_probation_problem(p, arena);
    if (probation) {
        wf_errors_add(warns, arena, r->line, "probation_end", "%s: %s", p->employee_no, probation);
        wf_errors_zh(warns, arena, "%s", s_probation_problem_zh(p, arena));
    }
}

// A full-time wage below the local minimum (minimum_fen > 0): paying it is unlawful, and the
// severance base is raised to the minimum (Reg. Art. 27). One warning naming the person.
static void s_check_minimum(const wf_person_row_t *r, int64_t minimum_fen, const char *key,
                            hr_arena_t *arena, wf_errors_t *warns)
{
    const Hr__Workflow__Person *p = r->person;
    if (minimum_fen <= 0 || (p->contract_type && !strcmp(p->contract_type, "part_time")))
        return;
    bool monthly = p->monthly_wage_fen > 0 && p->monthly_wage_fen < minimum_fen;
    bool average = p->average_wage_fen > 0 && p->average_wage_fen < minimum_fen;
    if (!monthly && !average)
        return;
    int64_t w = monthly ? p->monthly_wage_fen : p->average_wage_fen;
    wf_errors_add(warns, arena, r->line, monthly ? "monthly_wage" : "average_wage",
                  "%s: %s %lld.%02lld is below the local minimum monthly wage %lld.%02lld "
                  "(%s): a full-time wage below it is unlawful "
                  "(Minimum Wage Provisions Art. 12; LCL Art. 20 in probation), and the "
                  "severance base is raised to the minimum (Reg. Art. 27); check the figure",
                  p->employee_no, monthly ? "monthly_wage" : "average_wage", (long long)(w / 100),
                  (long long)(w % 100), (long long)(minimum_fen / 100),
                  (long long)(minimum_fen % 100), key);
    wf_errors_zh(warns, arena,
                 "%lld.%02lld元（%s）低于当地最低月工资标准%lld.%02lld元"
                 "（%s）：全日制用工低于最低工资属违法（《最低工资规定》"
                 "第十二条；试用期见《劳动合同法》第二十条），经济补偿的计算基数按最低工资标准"
                 "（《劳动合同法实施条例》第二十七条）；请核对金额",
                 (long long)(w / 100), (long long)(w % 100), p->employee_no,
                 (long long)(minimum_fen / 100), (long long)(minimum_fen % 100), key);
}

void wf_people_minimum(wf_person_row_t *rows, size_t nrows,
                       int64_t (*minimum)(void *arg, const Hr__Workflow__Person *p,
                                          const char **key),
                       void *arg, hr_arena_t *arena, wf_errors_t *warns)
{
    for (size_t i = 0; i < nrows; i++) {
        if (!rows[i].person || rows[i].bad)
            continue;
        const char *key = "law/local_minimum_monthly_wage";
        int64_t fen = minimum(arg, rows[i].person, &key);
        s_check_minimum(&rows[i], fen, key, arena, warns);
    }
}

void wf_people_check(wf_person_row_t *rows, size_t nrows, int32_t today, int64_t minimum_fen,
                     hr_arena_t *arena, wf_errors_t *errs, wf_errors_t *warns)
{
    size_t nowage = 0;
    char ids[WF_WARN_IDS_MAX * (WF_KEY_MAX + 2) + 8] = "";
    size_t off = 0;
    for (size_t i = 0; i < nrows; i++) {
        wf_person_row_t *r = &rows[i];
        if (!r->person)
            continue;
        s_check_row(r, today, arena, errs, warns);
        if (!r->bad)
            s_check_minimum(r, minimum_fen, "law/local_minimum_monthly_wage", arena, warns);
        const Hr__Workflow__Person *p = r->person;
        if (r->bad || p->monthly_wage_fen || p->average_wage_fen)
            continue;
        if (nowage < WF_WARN_IDS_MAX)
            off += (size_t)snprintf(ids + off, sizeof ids - off, "%s%.64s", nowage ? ", " : "",
                                    p->employee_no);
        else if (nowage == WF_WARN_IDS_MAX)
            snprintf(ids + off, sizeof ids - off, ", ...");
        nowage++;
    }
    if (nowage)
        wf_errors_add(warns, arena, 0, "monthly_wage",
                      "%zu %s no wage (monthly_wage and average_wage empty): %s; HR review cannot "
                      "assess a dismissal for them until one is imported",
                      nowage, nowage == 1 ? "person has" : "people have", ids);
    if (nowage)
        wf_errors_zh(warns, arena,
                     "：有%zu人没有工资数据（%s和%s均为空）：%s；在导入工资之前，HR审查无法评估对"
                     "他们的解除",
                     nowage, wf_errors_label(warns, "monthly_wage"),
                     wf_errors_label(warns, "average_wage"), ids);
}

void wf_person_keep(Hr__Workflow__Person *p, const wf_person_row_t *row,
                    const Hr__Workflow__Person *before)
{
    if (!before)
        return;
    if (!row->has_protected) {
        p->protected_statuses = before->protected_statuses;
        p->n_protected_statuses = before->n_protected_statuses;
    }
    if (!row->has_birth_date)
        p->birth_date = before->birth_date;
    if (!row->has_retirement_base)
        p->retirement_base = before->retirement_base;
    if (!row->has_left_date)
        p->left_date = before->left_date;
    if (!row->has_id_no)
        p->id_no = before->id_no;
    if (!row->has_branch)
        p->branch = before->branch;
}

static const Hr__Workflow__ProtectedStatus *s_status_in(const Hr__Workflow__Person *p,
                                                        const char *status)
{
    for (size_t i = 0; p && i < p->n_protected_statuses; i++)
        if (!strcmp(p->protected_statuses[i]->status, status))
            return p->protected_statuses[i];
    return NULL;
}

// A status as a notice names it: its source, then what the cell stated of its period and
// certificate ("医院证明, from 2026-11-20 until 2027-08-30, evidence 1a2b3c4d5e6f").
static const char *s_desc(hr_arena_t *arena, const Hr__Workflow__ProtectedStatus *ps, bool zh)
{
    const char *d = ps->source && *ps->source ? ps->source : zh ? "未注明依据" : "no source given";
    if (ps->since && *ps->since)
        d = hr_arena_fmt(arena, zh ? "%s，自%s起" : "%s, from %s", d, ps->since);
    if (ps->until && *ps->until)
        d = hr_arena_fmt(arena, zh ? "%s，预计至%s" : "%s, until %s", d, ps->until);
    if (ps->evidence_id && *ps->evidence_id)
        d = hr_arena_fmt(arena, zh ? "%s，证据 %.12s" : "%s, evidence %.12s", d, ps->evidence_id);
    return d;
}

static bool s_same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static bool s_status_same(const Hr__Workflow__ProtectedStatus *a,
                          const Hr__Workflow__ProtectedStatus *b)
{
    return s_same(a->source, b->source) && s_same(a->since, b->since) &&
           s_same(a->until, b->until) && s_same(a->evidence_id, b->evidence_id);
}

size_t wf_person_status_changes(const Hr__Workflow__Person *before,
                                const Hr__Workflow__Person *after, const char *open_case,
                                hr_arena_t *arena, char **lines, char **lines_zh, size_t max)
{
    size_t n = 0;
    const char *no = after->employee_no;
    bool open = open_case && *open_case;
    for (size_t i = 0; i < after->n_protected_statuses; i++) {
        const Hr__Workflow__ProtectedStatus *now = after->protected_statuses[i];
        const Hr__Workflow__ProtectedStatus *was = s_status_in(before, now->status);
        if (s_status_in(after, now->status) != now)
            continue; // the same status twice in the cell: the first counts
        if (was && s_status_same(was, now))
            continue;
        // A status added while a case is open, at whatever step, is HR's to weigh for it now -
        // not only once the case is past its review.
        if (n < max)
            lines[n] = was ? hr_arena_fmt(arena, "%s: protected status %s changed (%s -> %s)", no,
                                          now->status, s_desc(arena, was, false),
                                          s_desc(arena, now, false))
                           : hr_arena_fmt(arena, "%s: protected status %s added (%s)%s", no,
                                          now->status, s_desc(arena, now, false),
                                          open ? hr_arena_fmt(arena,
                                                              "; case %s is open: LCL Art. 42 "
                                                              "bars dismissal under Art. 40 and "
                                                              "41 while it lasts - hrctl case "
                                                              "show %s",
                                                              open_case, open_case)
                                               : "");
        if (n < max && lines_zh)
            lines_zh[n] =
                was ? hr_arena_fmt(arena, "%s：特殊保护状态 %s 的依据已变更（%s → %s）", no,
                                   now->status, s_desc(arena, was, true), s_desc(arena, now, true))
                    : hr_arena_fmt(arena, "%s：新增特殊保护状态 %s（%s）%s", no, now->status,
                                   s_desc(arena, now, true),
                                   open ? hr_arena_fmt(arena,
                                                       "；案件 %s 尚未结案：该状态存续期间，《劳动"
                                                       "合同法》第四十二条禁止依第四十条、第四十一"
                                                       "条解除劳动合同——hrctl case show %s",
                                                       open_case, open_case)
                                        : "");
        n++;
    }
    for (size_t i = 0; before && i < before->n_protected_statuses; i++) {
        const Hr__Workflow__ProtectedStatus *was = before->protected_statuses[i];
        if (s_status_in(after, was->status) || s_status_in(before, was->status) != was)
            continue;
        if (n < max)
            lines[n] = open ? hr_arena_fmt(arena,
                                           "%s: protected status %s removed (was: %s) while case "
                                           "%s is open: LCL Art. 42 bars dismissal under Art. 40 "
                                           "and 41 while it lasts - check that it ended, and "
                                           "review the case again if it was reviewed with it",
                                           no, was->status, s_desc(arena, was, false), open_case)
                            : hr_arena_fmt(arena, "%s: protected status %s removed (was: %s)", no,
                                           was->status, s_desc(arena, was, false));
        if (n < max && lines_zh)
            lines_zh[n] =
                open ? hr_arena_fmt(arena,
                                    "%s：已移除特殊保护状态 %s（原依据：%s），而案件 %s 尚未结案："
                                    "该状态存续期间，《劳动合同法》第四十二条禁止依第四十条、"
                                    "第四十一条解除劳动合同——请核实该状态确已结束；若案件审核时"
                                    "已考虑该状态，请重新审核案件",
                                    no, was->status, s_desc(arena, was, true), open_case)
                     : hr_arena_fmt(arena, "%s：已移除特殊保护状态 %s（原依据：%s）", no,
                                    was->status, s_desc(arena, was, true));
        n++;
    }
    return n;
}

void wf_person_statuses_dated(Hr__Workflow__Person *p, const Hr__Workflow__Person *before,
                              int64_t now_ms)
{
    for (size_t i = 0; i < p->n_protected_statuses; i++) {
        const Hr__Workflow__ProtectedStatus *was =
            s_status_in(before, p->protected_statuses[i]->status);
        p->protected_statuses[i]->recorded_ms = was ? was->recorded_ms : now_ms;
    }
}

const char *wf_status_removal_why(const Hr__Workflow__ProtectedStatus *was, int32_t today,
                                  bool open_case, bool zh)
{
    int32_t until = 0;
    if (was->until && *was->until && hr_date_parse(was->until, &until) && until >= today)
        return zh ? "其载明的期间尚未届满" : "its stated period has not ended";
    if (open_case)
        return zh ? "此人有未结案件" : "the person has an open case";
    return NULL;
}

void wf_person_retirement(const Hr__Workflow__Person *p, int32_t on, wf_retire_t *out)
{
    memset(out, 0, sizeof *out);
    int32_t hire, birth;
    law_retire_base_t base;
    out->set_by_hr = s_status_in(p, S_STATUS_LONG_SERVICE) != NULL;
    out->has_hire = s_day(p->hire_date, &hire);
    if (out->has_hire)
        out->service = law_service_between(hire, on);
    out->known = out->has_hire && s_day(p->birth_date, &birth) &&
                 law_retire_base_find(p->retirement_base, &base);
    if (out->known)
        law_retire_position(base, birth, hire, on, &out->pos);
}

Hr__Workflow__RetirementPosition *wf_retirement_message(const Hr__Workflow__Person *p, int32_t on,
                                                        hr_arena_t *arena)
{
    wf_retire_t r;
    wf_person_retirement(p, on, &r);
    Hr__Workflow__RetirementPosition *m = hr_arena_alloc(arena, sizeof *m);
    hr__workflow__retirement_position__init(m);
    char buf[HR_DATE_LEN];
    m->on_date = hr_arena_strdup(arena, hr_date_format(on, buf));
    m->set_by_hr = r.set_by_hr;
    m->service_years = r.has_hire && r.service.years > 0 ? (uint32_t)r.service.years : 0;
    if (r.known) {
        m->retirement_date = hr_arena_strdup(arena, hr_date_format(r.pos.retire_day, buf));
        m->retirement_age_months = (uint32_t)r.pos.age_months;
        m->position = r.pos.protected_ || r.set_by_hr ? "protected" : "not_protected";
        m->reason = hr_arena_fmt(
            arena,
            "%d years %d months of service here (%d needed), statutory retirement on %s at %d "
            "years %d months (%s): %s%s",
            r.service.years, r.service.months, LAW_A42_5_SERVICE_YEARS, m->retirement_date,
            r.pos.age_months / LAW_MONTHS_PER_YEAR, r.pos.age_months % LAW_MONTHS_PER_YEAR,
            p->retirement_base,
            r.pos.protected_ ? "within LCL Art. 42(5): no dismissal under Art. 40 or 41"
            : r.pos.near     ? "less than 5 years to go, but under 15 years here: not Art. 42(5)"
                             : "5 years or more to go: not Art. 42(5)",
            r.set_by_hr && !r.pos.protected_
                ? "; the directory holds long_service_near_retirement, which HR set: it stands"
                : "");
        return m;
    }
    m->retirement_date = "";
    m->position = r.set_by_hr ? "protected" : "unknown";
    m->reason = hr_arena_fmt(
        arena, "%s%s%s",
        !r.has_hire ? "no hire date in the directory"
                    : "no birth_date or retirement_base in the directory: Art. 42(5) cannot be "
                      "computed",
        r.set_by_hr ? "; the directory holds long_service_near_retirement, which HR set" : "",
        !r.set_by_hr && r.has_hire && r.service.years >= LAW_A42_5_SERVICE_YEARS
            ? "; 15 years or more here: HR must confirm Art. 42(5) before any dismissal under "
              "Art. 40 or 41"
            : "");
    return m;
}
