/*  wf_branch - branches in other cities (分支机构): workflow.cfg's branch/CODE sections and the
 *  department tree that says whose contract is performed where.
 *
 *  LCL Art. 47 para 2 and Implementing Regulations Art. 14 take the local average monthly wage
 *  of the place where the contract is performed, Reg. Art. 27 its minimum wage; a licensed
 *  branch may itself be the contracting employer (Reg. Art. 4), with its own union (LCL 43).
 *  A branch carries only its own figures: one it lacks is missing (the review says so, naming
 *  the branch's key), never the head office's taken in silence.
 */
#include "wf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool wf_config_has(const hr_config_t *cfg, const char *path)
{
    char *env = hr_config_env_name(path);
    bool set = getenv(env) != NULL;
    hr_free(env);
    return set || hr_config_file_str(cfg, path);
}

size_t wf_local_wages_load(hr_config_t *cfg, const char *prefix, wf_local_wage_t *out)
{
    size_t n = 0;
    for (int32_t y = WF_LOCAL_WAGE_YEAR_MIN; y <= WF_LOCAL_WAGE_YEAR_MAX; y++) {
        wf_local_wage_t *w = &out[n];
        snprintf(w->key, sizeof w->key, "%s/local_average_monthly_wage_%d", prefix, y);
        if (!wf_config_has(cfg, w->key))
            continue;
        snprintf(w->source_key, sizeof w->source_key, "%s/local_average_wage_source_%d", prefix, y);
        w->year = y;
        w->fen = hr_config_int(cfg, w->key, 0, 1, WF_WAGE_MAX_YUAN) * LAW_FEN_PER_YUAN;
        w->source = hr_config_str(cfg, w->source_key, "");
        n += w->fen > 0;
    }
    return n;
}

// Whether code may name a branch: 1..WF_BRANCH_CODE_MAX letters, digits, '_' or '-' (it is a
// config section's name and a departments.csv cell).
static bool s_code_ok(const char *code)
{
    size_t len = strlen(code);
    if (!len || len > WF_BRANCH_CODE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)code[i];
        if (!isalnum(ch) && ch != '_' && ch != '-')
            return false;
    }
    return true;
}

static void s_branch_load(hr_config_t *cfg, bool head_has_union, wf_branch_t *b)
{
    const char *p = b->prefix;
    char key[WF_LOCAL_WAGE_KEY_LEN];
#define S_KEY(name) (snprintf(key, sizeof key, "%s/" name, p), key)
    b->name = hr_config_str(cfg, S_KEY("name"), "");
    b->address = hr_config_str(cfg, S_KEY("address"), "");
    b->city = hr_config_str(cfg, S_KEY("city"), "");
    b->template_id = hr_config_str(cfg, S_KEY("template"), "");
    b->union_name = hr_config_str(cfg, S_KEY("union_name"), "");
    b->own_union = wf_config_has(cfg, S_KEY("has_union"));
    b->law.has_union = hr_config_bool(cfg, S_KEY("has_union"), head_has_union);
    b->law.local_minimum_wage_fen =
        hr_config_int(cfg, S_KEY("local_minimum_monthly_wage"), 0, 0, WF_WAGE_MAX_YUAN) *
        LAW_FEN_PER_YUAN;
    b->min_source = hr_config_str(cfg, S_KEY("local_minimum_wage_source"), "");
#undef S_KEY
    b->local_wages = hr_alloc(WF_LOCAL_WAGE_YEARS * sizeof *b->local_wages);
    b->law.n_local_wages = wf_local_wages_load(cfg, p, b->local_wages);
    b->law.local_wages = b->local_wages;
    b->law.key_prefix = b->prefix;
    const char *city = *b->city ? b->city : "?";
    // The branch's own words for the findings: its code, name and city.
    b->law.place_zh = hr_strfmt("分支机构 %s（%s，合同履行地 %s）", b->code,
                                *b->name ? b->name : "未配置名称", city);
    b->law.place_en = hr_strfmt("branch %s (%s, contracts performed in %s)", b->code,
                                *b->name ? b->name : "no name configured", city);
}

void wf_branches_load(hr_config_t *cfg, bool head_has_union, wf_branch_t **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t n = 0;
    while (hr_config_section_at(cfg, "branch", n))
        n++;
    if (!n)
        return;
    if (n > WF_BRANCH_MAX) {
        hr_config_fail(cfg, "branch: %zu branches declared, at most %d", n, WF_BRANCH_MAX);
        return;
    }
    wf_branch_t *list = hr_alloc(n * sizeof *list);
    memset(list, 0, n * sizeof *list);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const char *code = hr_config_section_at(cfg, "branch", i);
        if (!s_code_ok(code)) {
            char *path = hr_strfmt("branch/%s", code);
            hr_config_fail(cfg,
                           "line %u: branch/%.64s: a branch code is 1..%d letters, digits, '_' or "
                           "'-' (it is written in departments.csv's branch column)",
                           hr_config_line(cfg, path), code, WF_BRANCH_CODE_MAX);
            hr_free(path);
            continue;
        }
        wf_branch_t *b = &list[kept++];
        b->code = code;
        snprintf(b->prefix, sizeof b->prefix, "branch/%s", code);
        s_branch_load(cfg, head_has_union, b);
    }
    *out = list;
    *nout = kept;
}

void wf_branches_free(wf_branch_t **branches_p, size_t n)
{
    wf_branch_t *list = *branches_p;
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        hr_free(list[i].local_wages);
        char *zh = (char *)list[i].law.place_zh, *en = (char *)list[i].law.place_en;
        hr_free(zh);
        hr_free(en);
    }
    hr_free(list);
    *branches_p = NULL;
}

// The department with this id, or NULL: how a walk up the tree finds the next one.
typedef const Hr__Workflow__Department *(*s_dept_find_fn)(const void *arg, const char *id);

// The branch of dept_id: its own, else its nearest ancestor's; "" the head office.
static const char *s_branch_walk(s_dept_find_fn find, const void *arg, const char *dept_id)
{
    const char *id = dept_id;
    // A loop in the tree is refused at import; WF_CHAIN_MAX bounds the walk all the same.
    for (int hop = 0; id && *id && hop < WF_CHAIN_MAX; hop++) {
        const Hr__Workflow__Department *d = find(arg, id);
        if (!d)
            break;
        if (d->branch && *d->branch)
            return d->branch;
        id = d->parent_id;
    }
    return "";
}

typedef struct {
    Hr__Workflow__Department *const *depts; // borrowed
    size_t n;                               // entries in depts
} s_dept_list_t;

static const Hr__Workflow__Department *s_list_find(const void *arg, const char *id)
{
    const s_dept_list_t *l = arg;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->depts[i]->id, id))
            return l->depts[i];
    return NULL;
}

const char *wf_branch_of_department(Hr__Workflow__Department *const *depts, size_t n,
                                    const char *dept_id)
{
    s_dept_list_t l = {depts, n};
    return s_branch_walk(s_list_find, &l, dept_id);
}

static int s_dept_cmp(const void *a, const void *b)
{
    const Hr__Workflow__Department *da = *(Hr__Workflow__Department *const *)a;
    const Hr__Workflow__Department *db = *(Hr__Workflow__Department *const *)b;
    return strcmp(da->id, db->id);
}

static int s_dept_key_cmp(const void *key, const void *elem)
{
    return strcmp(key, (*(Hr__Workflow__Department *const *)elem)->id);
}

static const Hr__Workflow__Department *s_map_find(const void *arg, const char *id)
{
    const wf_dept_map_t *m = arg;
    if (!m->n)
        return NULL;
    Hr__Workflow__Department *const *d =
        bsearch(id, m->depts, m->n, sizeof *m->depts, s_dept_key_cmp);
    return d ? *d : NULL;
}

void wf_dept_map_init(wf_dept_map_t *m, Hr__Workflow__Department *const *depts, size_t n,
                      hr_arena_t *arena)
{
    *m = (wf_dept_map_t){NULL, 0};
    if (!n)
        return;
    m->depts = hr_arena_alloc(arena, n * sizeof *m->depts);
    memcpy(m->depts, depts, n * sizeof *m->depts);
    // Ids are the departments db's keys, so unique: the order is total and lookups find the one
    // department a scan of the table would.
    qsort(m->depts, n, sizeof *m->depts, s_dept_cmp);
    m->n = n;
}

const char *wf_dept_map_branch(const wf_dept_map_t *m, const char *dept_id)
{
    return s_branch_walk(s_map_find, m, dept_id);
}

const char *wf_dept_map_branch_of_person(const wf_dept_map_t *m, const Hr__Workflow__Person *p,
                                         bool *from_person)
{
    *from_person = p && p->branch && *p->branch;
    if (*from_person)
        return p->branch;
    return wf_dept_map_branch(m, p ? p->department_id : "");
}

const char *wf_branch_union(const wf_branch_t *branches, size_t n, bool head_has_union,
                            const char *code)
{
    const wf_branch_t *b = wf_branch_find(branches, n, code);
    if (b && b->own_union)
        return b->law.has_union ? b->code : NULL;
    return head_has_union ? "" : NULL;
}

const char *wf_union_of_person(const wf_branch_t *branches, size_t n, bool head_has_union,
                               const wf_dept_map_t *depts, const Hr__Workflow__Person *p)
{
    bool own = false;
    return wf_branch_union(branches, n, head_has_union,
                           wf_dept_map_branch_of_person(depts, p, &own));
}

// Whether p may receive union_of's notices (wf_effects_union_told): role union, not left by now_ms,
// an email or a mobile, and of that union.
static bool s_union_receiver(const wf_branch_t *branches, size_t n, bool head_has_union,
                             const wf_dept_map_t *depts, const Hr__Workflow__Person *p,
                             const char *union_of, int64_t now_ms)
{
    bool holds = false;
    for (size_t k = 0; k < p->n_roles && !holds; k++)
        holds = !strcmp(p->roles[k], "union");
    if (!holds || wf_person_has_left(p, now_ms) || (!*p->email && !*p->mobile))
        return false;
    const char *theirs = wf_union_of_person(branches, n, head_has_union, depts, p);
    return theirs && !strcmp(theirs, union_of);
}

size_t wf_unions_unreached(const wf_branch_t *branches, size_t n, bool head_has_union,
                           const wf_dept_map_t *depts, Hr__Workflow__Person *const *people,
                           size_t npeople, int64_t now_ms, const char **out, size_t max)
{
    size_t nout = 0;
    // The head office's place first (""), then each declared branch's: a place stands for a
    // union of its own when wf_branch_union gives it its own code - a branch that shares the
    // head office's union is counted with the head office, one with none not at all.
    for (size_t i = 0; i <= n && nout < max; i++) {
        const char *code = i ? branches[i - 1].code : "";
        const char *union_of = wf_branch_union(branches, n, head_has_union, code);
        if (!union_of || strcmp(union_of, code))
            continue;
        bool reached = false;
        for (size_t k = 0; k < npeople && !reached; k++)
            reached =
                s_union_receiver(branches, n, head_has_union, depts, people[k], union_of, now_ms);
        if (!reached)
            out[nout++] = union_of;
    }
    return nout;
}

char *wf_union_branches(const wf_branch_t *branches, size_t n, bool head_has_union,
                        const char *union_of, const char *sep, hr_arena_t *arena)
{
    char *list = hr_arena_strdup(arena, "");
    for (size_t i = 0; i < n; i++) {
        const char *theirs = wf_branch_union(branches, n, head_has_union, branches[i].code);
        if (theirs && !strcmp(theirs, union_of) && strcmp(branches[i].code, union_of))
            list = hr_arena_fmt(arena, "%s%s%s", list, *list ? sep : "", branches[i].code);
    }
    return list;
}

const wf_branch_t *wf_branch_find(const wf_branch_t *branches, size_t n, const char *code)
{
    for (size_t i = 0; code && *code && i < n; i++)
        if (!strcmp(branches[i].code, code))
            return &branches[i];
    return NULL;
}

const char *wf_branch_of_person(Hr__Workflow__Department *const *depts, size_t n,
                                const Hr__Workflow__Person *p, bool *from_person)
{
    *from_person = p && p->branch && *p->branch;
    if (*from_person)
        return p->branch;
    return wf_branch_of_department(depts, n, p ? p->department_id : "");
}

bool wf_branch_lacks(const wf_branch_t *b, int32_t wanted_year, wf_branch_lacks_t *out)
{
    memset(out, 0, sizeof *out);
    bool has_wanted = false;
    for (size_t k = 0; k < b->law.n_local_wages; k++) {
        has_wanted = has_wanted || b->local_wages[k].year == wanted_year;
        if (b->local_wages[k].year > out->average_newest)
            out->average_newest = b->local_wages[k].year;
    }
    out->average_missing = !has_wanted;
    out->minimum_missing = !b->law.local_minimum_wage_fen;
    // Unset with a head office union: that union stands for the branch (wf_branch_union), and
    // whether anyone receives its notices is union_nobody's to say (wf_unions_unreached).
    out->union_unset = !b->own_union && !b->law.has_union;
    // Its own union unnamed: the letter would go to the company's union (<company>工会).
    out->union_name_missing = b->own_union && b->law.has_union && !*b->union_name && !*b->name;
    return out->average_missing || out->minimum_missing || out->union_unset ||
           out->union_name_missing;
}
