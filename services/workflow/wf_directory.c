/*  wf_directory - the checks an import must pass before it touches the directory.
 *
 *  The directory after the import is the existing people overlaid with the file's rows; every
 *  check runs on that view, so a file may name a manager who is already in the directory, and a
 *  fix to one person's manager can break a loop. A missing or looping reporting line is a data
 *  error found here, not at 3 a.m. when an escalation has nobody to go to (DESIGN.md 3).
 *  Sorting plus binary search keeps it O(n log n) for the largest directory allowed.
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
            r->bad = true;
        }
        if (*p->manager_no && !s_find(all, n, p->manager_no)) {
            wf_errors_add(errs, arena, r->line, "manager_no", "unknown manager '%.64s'",
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
                    path[k]->row->bad = true;
                }
        } else if (depth > WF_CHAIN_MAX) {
            if (all[i].row) {
                wf_errors_add(errs, arena, all[i].row->line, "manager_no",
                              "reporting line deeper than %d levels", WF_CHAIN_MAX);
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
            all[i].row->bad = true;
            continue;
        }
        // Already in the directory: name the file's first row that reports to them.
        for (size_t k = 0; k < nrows; k++)
            if (rows[k].person && !strcmp(rows[k].person->manager_no, p->employee_no)) {
                wf_errors_add(errs, arena, rows[k].line, "manager_no",
                              "manager %.64s has no %s in the directory (escalations reach them)",
                              p->employee_no, what);
                rows[k].bad = true;
                break;
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
            rows[i].bad = true;
            continue;
        }
        const Hr__Workflow__Department *cur = d;
        for (size_t depth = 0; cur && *cur->parent_id; depth++) {
            cur = s_dfind(all, n, cur->parent_id);
            if (cur == d || depth > WF_CHAIN_MAX) {
                wf_errors_add(errs, arena, rows[i].line, "parent_id",
                              "department loop through '%.64s'", d->id);
                rows[i].bad = true;
                break;
            }
        }
    }
}
