/*  wf_template - process templates as data: the text format a company edits, parsed and checked.
 *
 *  The format (services/workflow/README.md) is INI-like: a [template] section, one [step KEY]
 *  section per step in order (stages first, then the Art. 50 duties), and [rule] sections for
 *  company evidence rules. Lines are `key = value`; `#` starts a comment line. Pure: the text
 *  comes in, a Template record in arena memory comes out, or one message per problem with its
 *  line number. The stages the service acts on by name (request, hr_review, prepare, interview,
 *  outcome, close) must all be present and in that order; superior_approval may come too; no
 *  other stage may (nothing could complete it), each stage has its one owner (s_stages), and
 *  no step is the employee's. Stages are per ground by exclusion: `skip_grounds` on prepare and
 *  interview (both, with the same grounds) leaves them out of a case on those grounds - only
 *  grounds that end the contract by termination (终止, A44_EXPIRY), never a rescission, whose
 *  interview is where the employee hears the reasons.
 */
#include "wf.h"

#include <ctype.h>

static const char *const s_owner_names[] = {
    [HR__WORKFLOW__OWNER__OWNER_UNSPECIFIED] = NULL,
    [HR__WORKFLOW__OWNER__OWNER_MANAGER] = "manager",
    [HR__WORKFLOW__OWNER__OWNER_HR] = "hr",
    [HR__WORKFLOW__OWNER__OWNER_SUPERIOR] = "superior",
    [HR__WORKFLOW__OWNER__OWNER_LEGAL] = "legal",
    [HR__WORKFLOW__OWNER__OWNER_EMPLOYEE] = "employee",
};

// The stages the handlers know by name, in the order a template must list them.
static const char *const s_required[] = {WF_STEP_REQUEST,   WF_STEP_HR_REVIEW, WF_STEP_PREPARE,
                                         WF_STEP_INTERVIEW, WF_STEP_OUTCOME,   WF_STEP_CLOSE};

// Every stage a template may have, and who owns it: the handlers act on these stages by name
// and check their actors against these owners (wf_steps.c's table has a row for each), so a
// template cannot give a stage to someone else - the manager approving their own request - nor
// add a stage no request could complete. Company steps may only be duties.
static const struct {
    const char *key;           // stage key
    Hr__Workflow__Owner owner; // its only owner
} s_stages[] = {
    {WF_STEP_REQUEST, HR__WORKFLOW__OWNER__OWNER_MANAGER},
    {WF_STEP_HR_REVIEW, HR__WORKFLOW__OWNER__OWNER_HR},
    {WF_STEP_SUPERIOR, HR__WORKFLOW__OWNER__OWNER_SUPERIOR},
    {WF_STEP_PREPARE, HR__WORKFLOW__OWNER__OWNER_HR},
    {WF_STEP_INTERVIEW, HR__WORKFLOW__OWNER__OWNER_MANAGER},
    {WF_STEP_OUTCOME, HR__WORKFLOW__OWNER__OWNER_HR},
    {WF_STEP_CLOSE, HR__WORKFLOW__OWNER__OWNER_HR},
};

static int s_stage(const char *key)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_stages); i++)
        if (!strcmp(key, s_stages[i].key))
            return (int)i;
    return -1;
}

const char *wf_owner_name(Hr__Workflow__Owner owner)
{
    if ((size_t)owner >= HR_ARRAY_LEN(s_owner_names))
        return NULL;
    return s_owner_names[owner];
}

bool wf_owner_parse(const char *name, Hr__Workflow__Owner *out)
{
    for (size_t i = 1; i < HR_ARRAY_LEN(s_owner_names); i++)
        if (!strcmp(name, s_owner_names[i])) {
            *out = (Hr__Workflow__Owner)i;
            return true;
        }
    return false;
}

bool wf_step_def_skips(const Hr__Workflow__StepDef *st, const char *ground)
{
    for (size_t i = 0; ground && i < st->n_skip_grounds; i++)
        if (!strcmp(st->skip_grounds[i], ground))
            return true;
    return false;
}

int wf_template_step_index(const Hr__Workflow__Template *tpl, const char *key)
{
    for (size_t i = 0; i < tpl->n_steps; i++)
        if (!strcmp(tpl->steps[i]->key, key))
            return (int)i;
    return -1;
}

typedef struct {
    hr_arena_t *arena;                          // borrowed
    char **errors;                              // borrowed: caller's array
    size_t max_errors;                          // its capacity
    size_t nerrors;                             // problems found
    unsigned line;                              // current line
    unsigned step_lines[WF_TEMPLATE_MAX_STEPS]; // the line of each step's section
} s_parser_t;

static void s_err(s_parser_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_err(s_parser_t *p, const char *fmt, ...)
{
    char msg[WF_SHORT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->nerrors < p->max_errors)
        p->errors[p->nerrors] = p->line ? hr_arena_fmt(p->arena, "line %u: %s", p->line, msg)
                                        : hr_arena_strdup(p->arena, msg);
    p->nerrors++;
}

static char *s_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static bool s_is_key(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > WF_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

// "2 working_days", "2 wd", "48 hours", "48 h".
static bool s_period(const char *v, Hr__Workflow__Period *out)
{
    char num[16], unit[24];
    if (sscanf(v, "%15s %23s", num, unit) != 2)
        return false;
    int64_t n = 0;
    if (!strcmp(unit, "working_days") || !strcmp(unit, "wd")) {
        if (!hr_parse_i64(num, 1, WF_PERIOD_MAX_DAYS, &n))
            return false;
        out->working_days = (uint32_t)n;
        return true;
    }
    if (!strcmp(unit, "hours") || !strcmp(unit, "h")) {
        if (!hr_parse_i64(num, 1, WF_PERIOD_MAX_HOURS, &n))
            return false;
        out->hours = (uint32_t)n;
        return true;
    }
    return false;
}

static bool s_bool(const char *v, bool *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "no") || !strcmp(v, "false")) {
        *out = false;
        return true;
    }
    return false;
}

static Hr__Workflow__Period *s_new_period(hr_arena_t *a)
{
    Hr__Workflow__Period *p = hr_arena_alloc(a, sizeof *p);
    hr__workflow__period__init(p);
    return p;
}

// "A44_EXPIRY" or "A44_EXPIRY, ...": grounds whose cases leave the stage out. Only prepare and
// interview, and only for a ground that terminates (终止): a rescission's interview stays.
static void s_skip_grounds(s_parser_t *p, Hr__Workflow__StepDef *st, const char *v)
{
    if (strcmp(st->key, WF_STEP_PREPARE) && strcmp(st->key, WF_STEP_INTERVIEW)) {
        s_err(p,
              "skip_grounds: only the prepare and interview stages can be left out for a "
              "ground, not '%s'",
              st->key);
        return;
    }
    char *copy = hr_arena_strndup(p->arena, v, WF_SHORT_MAX);
    st->skip_grounds = hr_arena_alloc(p->arena, LAW_GROUND_COUNT * sizeof *st->skip_grounds);
    st->n_skip_grounds = 0;
    char *next = copy;
    while (next) {
        char *item = next;
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        next = comma ? comma + 1 : NULL;
        item = s_trim(item);
        if (!*item)
            continue;
        const law_ground_t *g = law_ground_find(item);
        if (!g) {
            s_err(p, "skip_grounds: unknown ground '%.64s'", item);
            continue;
        }
        if (g->ending != LAW_ENDING_TERMINATION) {
            s_err(p,
                  "skip_grounds: %s rescinds the contract (解除, %s): the interview where the "
                  "employee hears the reasons stays; only a ground that ends it by termination "
                  "(终止, A44_EXPIRY) can leave the %s stage out",
                  g->code, g->article, st->key);
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < st->n_skip_grounds; i++)
            dup |= !strcmp(st->skip_grounds[i], g->code);
        if (!dup && st->n_skip_grounds < LAW_GROUND_COUNT)
            st->skip_grounds[st->n_skip_grounds++] = (char *)g->code;
    }
    if (!st->n_skip_grounds)
        s_err(p, "skip_grounds: no ground given");
}

static void s_step_key(s_parser_t *p, Hr__Workflow__StepDef *st, const char *k, const char *v)
{
    if (!strcmp(k, "title_zh"))
        st->title_zh = hr_arena_strndup(p->arena, v, WF_SHORT_MAX);
    else if (!strcmp(k, "title_en"))
        st->title_en = hr_arena_strndup(p->arena, v, WF_SHORT_MAX);
    else if (!strcmp(k, "owner")) {
        int stage = s_stage(st->key);
        if (!wf_owner_parse(v, &st->owner))
            s_err(p, "owner: unknown role '%.64s' (manager, hr, superior, legal)", v);
        else if (st->owner == HR__WORKFLOW__OWNER__OWNER_EMPLOYEE)
            s_err(p, "owner: a step is never the employee's (the case is about them)");
        else if (stage >= 0 && st->owner != s_stages[stage].owner)
            s_err(p, "owner: stage '%s' belongs to %s, not %s", st->key,
                  wf_owner_name(s_stages[stage].owner), v);
    } else if (!strcmp(k, "due") || !strcmp(k, "level2_after")) {
        Hr__Workflow__Period *per = s_new_period(p->arena);
        if (!s_period(v, per))
            s_err(p, "%s: '%.64s' is not 'N working_days' (1..%d) or 'N hours' (1..%d)", k, v,
                  WF_PERIOD_MAX_DAYS, WF_PERIOD_MAX_HOURS);
        else if (!strcmp(k, "due"))
            st->due = per;
        else
            st->level2_after = per;
    } else if (!strcmp(k, "skip_grounds"))
        s_skip_grounds(p, st, v);
    else if (!strcmp(k, "optional") || !strcmp(k, "duty")) {
        bool b = false;
        if (!s_bool(v, &b))
            s_err(p, "%s: '%.64s' is not yes or no", k, v);
        else if (!strcmp(k, "optional"))
            st->optional = b;
        else
            st->duty = b;
    } else
        s_err(p, "unknown key '%.64s' in a step", k);
}

static void s_rule_key(s_parser_t *p, Hr__Workflow__EvidenceRule *r, const char *k, const char *v)
{
    if (!strcmp(k, "ground")) {
        if (*v && !law_ground_find(v))
            s_err(p, "ground: unknown ground '%.64s'", v);
        r->ground = hr_arena_strndup(p->arena, v, WF_KEY_MAX);
    } else if (!strcmp(k, "kind")) {
        law_evidence_kind_t kind;
        if (law_evidence_kind_find(v, &kind))
            s_err(p, "kind: unknown evidence kind '%.64s'", v);
        r->kind = hr_arena_strndup(p->arena, v, WF_KEY_MAX);
    } else if (!strcmp(k, "min")) {
        int64_t n = 0;
        if (!hr_parse_i64(v, 1, WF_CASE_MAX_EVIDENCE, &n))
            s_err(p, "min: '%.64s' is not 1..%d", v, WF_CASE_MAX_EVIDENCE);
        r->min_count = (uint32_t)n;
    } else if (!strcmp(k, "signed_by")) {
        if (!wf_party_parse(v))
            s_err(p, "signed_by: unknown party '%.64s' (employee, manager or hr)", v);
        r->signed_by = hr_arena_strndup(p->arena, v, WF_KEY_MAX);
    } else if (!strcmp(k, "message_zh"))
        r->message_zh = hr_arena_strndup(p->arena, v, WF_SHORT_MAX);
    else if (!strcmp(k, "message_en"))
        r->message_en = hr_arena_strndup(p->arena, v, WF_SHORT_MAX);
    else
        s_err(p, "unknown key '%.64s' in a rule", k);
}

static void s_check(s_parser_t *p, Hr__Workflow__Template *tpl)
{
    p->line = 0;
    if (!*tpl->id)
        s_err(p, "[template]: id is required");
    int last = -1;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_required); i++) {
        int at = wf_template_step_index(tpl, s_required[i]);
        if (at < 0)
            s_err(p, "step '%s' is required", s_required[i]);
        else if (at < last)
            s_err(p, "step '%s' must come after '%s'", s_required[i], s_required[i - 1]);
        else
            last = at;
    }
    bool in_duties = false;
    for (size_t i = 0; i < tpl->n_steps; i++) {
        Hr__Workflow__StepDef *st = tpl->steps[i];
        for (size_t j = 0; j < i; j++)
            if (!strcmp(tpl->steps[j]->key, st->key))
                s_err(p, "step '%s' appears twice", st->key);
        if (!st->owner)
            s_err(p, "step '%s': owner is required", st->key);
        if (!*st->title_zh || !*st->title_en)
            s_err(p, "step '%s': title_zh and title_en are required", st->key);
        if (!st->duty && !st->due)
            s_err(p, "step '%s': due is required", st->key);
        if (!st->duty && s_stage(st->key) < 0) {
            p->line = p->step_lines[i];
            s_err(p,
                  "step '%s': unknown stage; a template's stages are request, hr_review, "
                  "superior_approval, prepare, interview, outcome and close (company steps may "
                  "only be duties)",
                  st->key);
            p->line = 0;
        }
        if (st->duty)
            in_duties = true;
        else if (in_duties)
            s_err(p, "step '%s': stages come before the duties", st->key);
        if (st->duty && st->optional)
            s_err(p, "step '%s': a duty cannot be optional", st->key);
        for (size_t k = 0; k < HR_ARRAY_LEN(s_required); k++)
            if (!strcmp(st->key, s_required[k]) && (st->optional || st->duty))
                s_err(p, "step '%s' cannot be optional or a duty", st->key);
    }
    // The interview is prepared and held as one: a case has both stages or neither.
    int prep = wf_template_step_index(tpl, WF_STEP_PREPARE);
    int iv = wf_template_step_index(tpl, WF_STEP_INTERVIEW);
    for (size_t g = 0; prep >= 0 && iv >= 0 && g < law_ground_count(); g++) {
        const char *code = law_ground_at(g)->code;
        bool a = wf_step_def_skips(tpl->steps[prep], code);
        bool b = wf_step_def_skips(tpl->steps[iv], code);
        if (a != b)
            s_err(p,
                  "skip_grounds: %s is left out of '%s' but not of '%s': prepare and interview "
                  "skip the same grounds",
                  code, a ? WF_STEP_PREPARE : WF_STEP_INTERVIEW,
                  a ? WF_STEP_INTERVIEW : WF_STEP_PREPARE);
    }
    for (size_t i = 0; i < tpl->n_rules; i++) {
        if (!*tpl->rules[i]->kind || !tpl->rules[i]->min_count)
            s_err(p, "rule %zu: kind and min are required", i + 1);
        if (!*tpl->rules[i]->message_zh || !*tpl->rules[i]->message_en)
            s_err(p, "rule %zu: message_zh and message_en are required", i + 1);
    }
}

hr_rc_t wf_template_parse(const char *text, size_t len, hr_arena_t *arena,
                          Hr__Workflow__Template **out, char **errors, size_t max_errors,
                          size_t *nerrors)
{
    s_parser_t p = {arena, errors, max_errors, 0, 0, {0}};
    Hr__Workflow__Template *tpl = hr_arena_alloc(arena, sizeof *tpl);
    hr__workflow__template__init(tpl);
    tpl->steps = hr_arena_alloc(arena, WF_TEMPLATE_MAX_STEPS * sizeof *tpl->steps);
    tpl->rules = hr_arena_alloc(arena, WF_TEMPLATE_MAX_RULES * sizeof *tpl->rules);
    *out = tpl;
    if (len > WF_TEMPLATE_TEXT_MAX) {
        s_err(&p, "template: %zu bytes, at most %d", len, WF_TEMPLATE_TEXT_MAX);
        *nerrors = p.nerrors;
        return HR_EINVAL;
    }
    char *copy = hr_arena_strndup(arena, text, len);
    enum { NONE, TEMPLATE, STEP, RULE, SKIP } section = NONE;
    char *next = copy;
    unsigned lineno = 0;
    while (next) {
        char *raw = next;
        char *nl = strchr(raw, '\n');
        if (nl)
            *nl = '\0';
        next = nl ? nl + 1 : NULL;
        p.line = ++lineno;
        char *line = s_trim(raw);
        // Step titles and rule texts reach people's screens and mail: a control or bidi
        // character there would rewrite or reorder what they read (comments too: no exception).
        char why[WF_SHORT_MAX];
        if (!hr_utf8_is_valid(line, strlen(line))) {
            s_err(&p, "not UTF-8 text");
            continue;
        }
        if (hr_utf8_has_unsafe(line, strlen(line), HR_UTF8_ALLOW_TAB, why, sizeof why)) {
            s_err(&p, "%s", why);
            continue;
        }
        if (!*line || *line == '#')
            continue;
        if (*line == '[') {
            char *end = strchr(line, ']');
            if (!end || end[1]) {
                s_err(&p, "section: '%.64s' has no closing ]", line);
                section = SKIP;
                continue;
            }
            *end = '\0';
            char *name = s_trim(line + 1);
            if (!strcmp(name, "template"))
                section = TEMPLATE;
            else if (!strcmp(name, "rule")) {
                if (tpl->n_rules >= WF_TEMPLATE_MAX_RULES) {
                    s_err(&p, "rule: at most %d rules", WF_TEMPLATE_MAX_RULES);
                    section = SKIP;
                    continue;
                }
                Hr__Workflow__EvidenceRule *r = hr_arena_alloc(arena, sizeof *r);
                hr__workflow__evidence_rule__init(r);
                tpl->rules[tpl->n_rules++] = r;
                section = RULE;
            } else if (!strncmp(name, "step ", 5)) {
                char *key = s_trim(name + 5);
                if (!s_is_key(key)) {
                    s_err(&p, "step: '%.64s' is not a key (a-z, 0-9, _)", key);
                    section = SKIP;
                    continue;
                }
                if (tpl->n_steps >= WF_TEMPLATE_MAX_STEPS) {
                    s_err(&p, "step: at most %d steps", WF_TEMPLATE_MAX_STEPS);
                    section = SKIP;
                    continue;
                }
                Hr__Workflow__StepDef *st = hr_arena_alloc(arena, sizeof *st);
                hr__workflow__step_def__init(st);
                st->key = hr_arena_strdup(arena, key);
                p.step_lines[tpl->n_steps] = lineno;
                tpl->steps[tpl->n_steps++] = st;
                section = STEP;
            } else {
                s_err(&p, "section: unknown section '%.64s'", name);
                section = SKIP;
            }
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) {
            s_err(&p, "expected 'key = value', got '%.64s'", line);
            continue;
        }
        *eq = '\0';
        char *k = s_trim(line), *v = s_trim(eq + 1);
        switch (section) {
        case TEMPLATE:
            if (!strcmp(k, "id")) {
                if (!s_is_key(v))
                    s_err(&p, "id: '%.64s' is not a key (a-z, 0-9, _)", v);
                tpl->id = hr_arena_strndup(arena, v, WF_KEY_MAX);
            } else if (!strcmp(k, "title_zh"))
                tpl->title_zh = hr_arena_strndup(arena, v, WF_SHORT_MAX);
            else if (!strcmp(k, "title_en"))
                tpl->title_en = hr_arena_strndup(arena, v, WF_SHORT_MAX);
            else
                s_err(&p, "unknown key '%.64s' in [template]", k);
            break;
        case STEP:
            s_step_key(&p, tpl->steps[tpl->n_steps - 1], k, v);
            break;
        case RULE:
            s_rule_key(&p, tpl->rules[tpl->n_rules - 1], k, v);
            break;
        case NONE:
            s_err(&p, "'%.64s' outside a section", k);
            break;
        case SKIP:
            break;
        }
    }
    s_check(&p, tpl);
    *nerrors = p.nerrors;
    return p.nerrors ? HR_EINVAL : HR_OK;
}

char *wf_template_version(const Hr__Workflow__Template *tpl, hr_arena_t *arena)
{
    if (tpl->put_ms && *tpl->put_by) {
        char t[HR_TIME_ISO_LEN];
        return hr_arena_fmt(arena, "put by %s %s", tpl->put_by, hr_time_iso(tpl->put_ms, t));
    }
    if (*tpl->file_sha256)
        return hr_arena_fmt(arena, "file sha256 %.12s", tpl->file_sha256);
    return hr_arena_strdup(arena, "");
}
