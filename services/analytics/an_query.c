/*  an_query - facts about one person over a window, with their team and their sources.
 *
 *  Reads the raw records (punch days, schedules, leave, KPI, sales, training rows) in one read
 *  transaction, hands them to the pure rules of an_facts.c, and dresses each result as a Fact:
 *  value, comparison with the team median (the person's department, the person included), the
 *  window, the rule in words, the raw records it rests on (file, line, text as stored) and the
 *  sentences for the interview sheet. Team members are evaluated with their own schedules.
 */
#include "an.h"

#include <math.h>
#include <sodium.h>
#include <jansson.h>

// Schedule and leave rows are loaded for the days a query looks at only (its window and a
// day either side: the shift windows reach into them), however many the person has: a person's
// whole leave history, or daily schedule rows for months, drop nothing of the window.
#define S_ROWS_MARGIN 2

typedef struct {
    int32_t from, to;
    an_shift_t shift;
    uint32_t weekdays; // bit 0 Monday .. bit 6 Sunday; 0 = the company calendar's
    bool irregular;    // 不定时工作制: no working day is counted
} s_sched_t;

typedef struct {
    int32_t from, to; // days
    int32_t a, b;     // the first day's start and the last day's end minute (Row.a, Row.b)
    const Hr__Analytics__Row *row; // arena: the stored row (its source, its type)
} s_leave_t;

typedef struct {
    const an_query_ctx_t *ctx; // borrowed
    s_sched_t *scope[3];       // arena: person, department, default rows, ascending from
    size_t nscope[3], capscope[3];
    s_leave_t *leave; // arena: the leave rows overlapping lo..hi
    size_t nleave, capleave;
    int32_t lo, hi;              // the days the rows were loaded for
    hr_arena_t *arena;           // borrowed: where the rows grow
    int32_t hired, left;         // the employment period (AN_DAY_OPEN_* when not given)
    const struct s_cover *cover; // borrowed: the attendance files (their formats)
    const struct s_mask *mask;   // borrowed: the days the person's imports cover (NULL = all)
} s_person_ctx_t;

struct s_mask;
static bool s_mask_has(const struct s_mask *mk, int32_t day);

typedef struct {
    s_person_ctx_t *pc;
    int scope;
} s_sched_load_t;

// Room for one more element of *n in *v (arena), doubling *cap.
static void *s_grow(hr_arena_t *arena, void *v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 16;
    void *m = hr_arena_alloc(arena, c * size);
    if (n)
        memcpy(m, v, n * size);
    *cap = c;
    return m;
}

static hr_rc_t s_sched_row(void *arg, const Hr__Analytics__Row *row)
{
    s_sched_load_t *l = arg;
    s_person_ctx_t *pc = l->pc;
    if (row->day_to < pc->lo || row->day_from > pc->hi)
        return HR_OK; // not a day of the query
    size_t *n = &pc->nscope[l->scope];
    pc->scope[l->scope] =
        s_grow(pc->arena, pc->scope[l->scope], *n, &pc->capscope[l->scope], sizeof(s_sched_t));
    s_sched_t *s = &pc->scope[l->scope][(*n)++];
    s->from = row->day_from;
    s->to = row->day_to;
    s->shift.start_min = (int32_t)row->a;
    s->shift.end_min = (int32_t)row->b;
    s->weekdays = row->weekdays;
    s->irregular = row->irregular;
    return HR_OK;
}

static hr_rc_t s_leave_row(void *arg, const Hr__Analytics__Row *row)
{
    s_person_ctx_t *pc = arg;
    if (row->day_to < pc->lo || row->day_from > pc->hi)
        return HR_OK;
    pc->leave = s_grow(pc->arena, pc->leave, pc->nleave, &pc->capleave, sizeof(s_leave_t));
    s_leave_t *l = &pc->leave[pc->nleave++];
    l->from = row->day_from;
    l->to = row->day_to;
    l->a = (int32_t)row->a;
    l->b = (int32_t)row->b;
    l->row = row;
    return HR_OK;
}

// The schedule row of a day: the person's own, else the department's, else the default row
// (among rows of one scope, the latest from); NULL: the configured default shift.
static const s_sched_t *s_sched(const s_person_ctx_t *pc, int32_t day)
{
    for (int sc = 0; sc < 3; sc++) {
        // Rows come in ascending from (the key's order): the last covering the day wins.
        for (size_t i = pc->nscope[sc]; i-- > 0;) {
            const s_sched_t *s = &pc->scope[sc][i];
            if (day >= s->from && day <= s->to)
                return s;
        }
    }
    return NULL;
}

// A working day by the company calendar, or by the schedule's weekdays when it names them
// (part-time Mon/Wed/Fri): then a public holiday is still none, and an adjusted working day
// (调休) only when its weekday is one of them.
static bool s_is_workday(const s_person_ctx_t *pc, const s_sched_t *s, int32_t day)
{
    if (s && s->weekdays) {
        if (!(s->weekdays & (1u << hr_date_weekday(day))))
            return false;
        return !pc->ctx->calendar || hr_calendar_kind(pc->ctx->calendar, day) != HR_DAY_HOLIDAY;
    }
    if (pc->ctx->calendar)
        return hr_calendar_is_working(pc->ctx->calendar, day);
    return hr_date_weekday(day) < 5;
}

static bool s_is_working(void *arg, int32_t day)
{
    const s_person_ctx_t *pc = arg;
    if (day < pc->hired || day > pc->left)
        return false; // not employed yet, or any more: no absence, no lateness
    if (pc->mask && !s_mask_has(pc->mask, day))
        return false; // no import of the person covers the day: nothing is known of it
    const s_sched_t *s = s_sched(pc, day);
    if (s && s->irregular)
        return false; // 不定时工作制: no fixed hours to be late for or absent from
    return s_is_workday(pc, s, day);
}

// A working day of the person under 不定时工作制 (counted for nothing, said so)?
static bool s_is_irregular(const s_person_ctx_t *pc, int32_t day)
{
    const s_sched_t *s = s_sched(pc, day);
    return s && s->irregular && day >= pc->hired && day <= pc->left &&
           (!pc->mask || s_mask_has(pc->mask, day)) && s_is_workday(pc, s, day);
}

static an_shift_t s_shift(void *arg, int32_t day)
{
    const s_person_ctx_t *pc = arg;
    const s_sched_t *s = s_sched(pc, day);
    return s ? s->shift : pc->ctx->default_shift;
}

// A day's shift as local seconds: its start and its end (the next day for a night shift).
static void s_shift_at(const s_person_ctx_t *pc, int32_t day, int64_t *start, int64_t *end)
{
    an_shift_t sh = s_shift((void *)pc, day);
    int32_t end_min = sh.end_min > sh.start_min ? sh.end_min : sh.end_min + 1440;
    *start = (int64_t)day * 86400 + sh.start_min * 60;
    *end = (int64_t)day * 86400 + end_min * 60;
}

// Where a leave row's time on day starts or ends, local seconds: min minutes after midnight, or
// for -1 (上午 ending, 下午 starting) the middle of the day's shift.
static int64_t s_leave_at(const s_person_ctx_t *pc, int32_t day, int32_t min)
{
    if (min >= 0)
        return (int64_t)day * 86400 + (int64_t)min * 60;
    int64_t start, end;
    s_shift_at(pc, day, &start, &end);
    return start + (end - start) / 2;
}

// What leave row l holds of day (README "Leave and schedules"): S_LEAVE_WHOLE when its days hold
// the day whole (no time on that end); S_LEAVE_PART for a half day (上午, 下午) or a timed row
// (09:00 to 12:00) reaching into the day's shift: *lo..*hi (local seconds), from its first day's
// shift start (no time given) or its time to its last day's shift end or its time; else none.
enum { S_LEAVE_NONE, S_LEAVE_WHOLE, S_LEAVE_PART };
static int s_leave_row_on(const s_person_ctx_t *pc, const s_leave_t *l, int32_t day, int64_t *lo,
                          int64_t *hi)
{
    bool head = l->a != 0, tail = l->b != 0; // a time on the first, on the last day
    if (day >= l->from && day <= l->to && (day > l->from || !head) && (day < l->to || !tail))
        return S_LEAVE_WHOLE;
    if ((!head && !tail) || day < l->from - 1 || day > l->to + 1)
        return S_LEAVE_NONE; // whole days only, or a night shift's part cannot reach
    int64_t x;
    if (head)
        *lo = s_leave_at(pc, l->from, l->a);
    else
        s_shift_at(pc, l->from, lo, &x);
    if (tail)
        *hi = s_leave_at(pc, l->to, l->b);
    else
        s_shift_at(pc, l->to, &x, hi);
    int64_t start, end;
    s_shift_at(pc, day, &start, &end);
    return *hi <= start || *lo >= end ? S_LEAVE_NONE : S_LEAVE_PART;
}

// The leave of a day: the whole day, or the parts of its shift the rows cover (s_leave_row_on).
static bool s_leave_part(void *arg, int32_t day, an_shift_t shift, an_leave_part_t *out)
{
    const s_person_ctx_t *pc = arg;
    HR_UNUSED(shift);
    memset(out, 0, sizeof *out);
    bool any = false;
    for (size_t i = 0; i < pc->nleave && !out->whole; i++) {
        const s_leave_t *l = &pc->leave[i];
        int64_t lo = 0, hi = 0;
        int on = s_leave_row_on(pc, l, day, &lo, &hi);
        if (on == S_LEAVE_WHOLE) {
            out->whole = true;
            any = true;
            break;
        }
        if (on == S_LEAVE_NONE)
            continue;
        an_leave_add(out, lo, hi);
        // A half day's other end is the lunch break, which no schedule gives: the end of the
        // shift the half day holds is not checked at all.
        out->no_early |= day == l->from && l->a < 0;
        out->no_late |= day == l->to && l->b < 0;
        any = true;
    }
    return any;
}

// The rows of a person (emp, in dept) for the days lo..hi: schedules and leave.
static hr_rc_t s_person_ctx(hr_txn_t *txn, const an_query_ctx_t *ctx, const char *emp,
                            const char *dept, int32_t lo, int32_t hi, hr_arena_t *arena,
                            s_person_ctx_t *pc)
{
    memset(pc, 0, sizeof *pc);
    pc->ctx = ctx;
    pc->arena = arena;
    pc->lo = lo - S_ROWS_MARGIN;
    pc->hi = hi + S_ROWS_MARGIN;
    const Hr__Analytics__FeedKind k = HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES;
    s_sched_load_t l = {pc, 0};
    hr_rc_t rc = an_store_rows_each(txn, k, "person", emp, arena, s_sched_row, &l);
    l.scope = 1;
    if (!rc && dept && *dept)
        rc = an_store_rows_each(txn, k, "department", dept, arena, s_sched_row, &l);
    l.scope = 2;
    if (!rc)
        rc = an_store_rows_each(txn, k, "default", "", arena, s_sched_row, &l);
    if (!rc)
        rc = an_store_rows_each(txn, HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, "leave", emp, arena,
                                s_leave_row, pc);
    return rc;
}

// The employment period of p from the people feed (open ends when not given or no person).
static void s_employment(const Hr__Analytics__Person *p, int32_t *hired, int32_t *left)
{
    const char *why = NULL;
    *hired = AN_DAY_OPEN_FROM;
    *left = AN_DAY_OPEN_TO;
    if (p && *p->hire_date && !an_date_parse(p->hire_date, strlen(p->hire_date), hired, &why))
        *hired = AN_DAY_OPEN_FROM;
    if (p && *p->leave_date && !an_date_parse(p->leave_date, strlen(p->leave_date), left, &why))
        *left = AN_DAY_OPEN_TO;
}

// ---- which days count ----

#define S_MAX_SOURCES 256 // device sources told apart; files of more count as of no known source
#define S_HOLES_LISTED 4  // uncovered stretches named in a note

// Which imports cover whose days (README "which days count"). An attendance file covers the
// days from its first punch to its last, whoever punched (a day inside without any punch, a
// holiday the calendar does not know, is covered all the same; at the edges, a day whose shift
// window reaches into the span), for the people it names: the PINs with a punch in it, or a
// record such as DingTalk's NotSigned slot. A file whose source is known (the import's source, a
// device serial in the file or its name) also covers everyone who appears in any file of that
// format and source, from their first file there on: someone absent through a whole export of
// their own device is still that device's person. A day no file covers for the person is not
// counted.
typedef struct s_cover {
    uint32_t nos;                     // entries in the arrays: file numbers 0 .. nos - 1
    int32_t *first;                   // arena: each attendance file's first day with a punch
    int32_t *last;                    // arena: ... and last (first > last: the file covers nothing)
    int64_t *at_lo;                   // arena: its earliest punch, local seconds (File.first_at)
    int64_t *at_hi;                   // arena: ... and latest
    uint16_t *src;                    // arena: the file's source index + 1, 0 = no known source
    const Hr__Analytics__File **file; // arena: each attendance file (its stretches, its name)
    const char *src_format[S_MAX_SOURCES]; // each source's format and name (arena strings)
    const char *src_name[S_MAX_SOURCES];
    uint32_t nsrc;     // sources seen
    bool any;          // some attendance file has a punch
    int32_t yesterday; // the last day that is over (AN_DAY_OPEN_TO without a clock)
} s_cover_t;

static hr_rc_t s_cover_file(void *arg, const Hr__Analytics__File *f)
{
    s_cover_t *c = arg;
    if (f->kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE || !f->last_day ||
        f->file_no >= c->nos || f->withdrawn_ms)
        return HR_OK; // no punch in it (all quarantined), or withdrawn: it covers nothing
    c->any = true;
    // A file imported before first_day was kept is dated by the migration; 0 = its last day.
    c->first[f->file_no] = f->first_day ? f->first_day : f->last_day;
    c->last[f->file_no] = f->last_day;
    c->at_lo[f->file_no] =
        f->first_at || f->last_at ? f->first_at : (int64_t)c->first[f->file_no] * 86400;
    c->at_hi[f->file_no] =
        f->first_at || f->last_at ? f->last_at : (int64_t)f->last_day * 86400 + 86399;
    c->file[f->file_no] = f;
    // With stretches, the file spans its first to its last stretch that is no outlier.
    bool any = false;
    for (size_t i = 0; i < f->n_spans; i++) {
        const Hr__Analytics__Span *s = f->spans[i];
        if (s->outlier)
            continue;
        if (!any || s->from_at < c->at_lo[f->file_no])
            c->at_lo[f->file_no] = s->from_at;
        if (!any || s->to_at > c->at_hi[f->file_no])
            c->at_hi[f->file_no] = s->to_at;
        any = true;
    }
    if (!f->source || !*f->source)
        return HR_OK;
    uint32_t i = 0;
    while (i < c->nsrc &&
           (strcmp(c->src_format[i], f->format) || strcmp(c->src_name[i], f->source)))
        i++;
    if (i == c->nsrc && c->nsrc < S_MAX_SOURCES) {
        c->src_format[i] = f->format;
        c->src_name[i] = f->source;
        c->nsrc++;
    }
    if (i < c->nsrc)
        c->src[f->file_no] = (uint16_t)(i + 1);
    return HR_OK;
}

static hr_rc_t s_cover_load(hr_txn_t *txn, const an_query_ctx_t *ctx, hr_arena_t *arena,
                            s_cover_t *c)
{
    memset(c, 0, sizeof *c);
    c->yesterday = ctx->now_ms ? hr_day_of_ms(ctx->now_ms, ctx->tz_offset_min) - 1 : AN_DAY_OPEN_TO;
    c->nos = an_store_file_next_no(txn);
    if (!c->nos)
        return HR_EIO;
    c->first = hr_arena_alloc(arena, c->nos * sizeof *c->first);
    c->last = hr_arena_alloc(arena, c->nos * sizeof *c->last);
    c->src = hr_arena_alloc(arena, c->nos * sizeof *c->src);
    c->at_lo = hr_arena_alloc(arena, c->nos * sizeof *c->at_lo);
    c->at_hi = hr_arena_alloc(arena, c->nos * sizeof *c->at_hi);
    c->file = hr_arena_alloc(arena, c->nos * sizeof *c->file);
    for (uint32_t i = 0; i < c->nos; i++) {
        c->first[i] = 1;
        c->last[i] = 0;
        c->src[i] = 0;
        c->at_lo[i] = c->at_hi[i] = 0;
        c->file[i] = NULL;
    }
    return an_store_files_each(txn, arena, s_cover_file, c);
}

// The days of lo..hi one person's imports cover.
typedef struct s_mask {
    int32_t lo, hi;       // the days the mask is for
    uint8_t *m;           // arena: 1 = covered, hi - lo + 1 entries
    int32_t first, last;  // the first and last day covered; first > last: none
    bool has_files;       // some attendance file names the PIN (whatever days it covers)
    const char *outliers; // the outlier stretches of the person's files near lo..hi ("" none)
    uint32_t noutliers;   // ... how many
    // What covers the days (an absence's sources): the files naming the PIN, and the known
    // sources that cover the person from an instant on (s_mask_build's rule).
    uint32_t *files;   // arena: the attendance files naming the PIN that cover some day
    size_t nfiles;     // entries in files
    size_t files_cap;  // room in files
    uint8_t *in_src;   // arena: 1 = the known source (index) covers the person (nsrc entries)
    int64_t *src_from; // arena: ... from this instant on (local seconds)
} s_mask_t;

typedef struct {
    const s_cover_t *c;
    s_mask_t *mask;
    s_person_ctx_t *pc;              // the person's shifts (which day a punch belongs to)
    hr_arena_t *arena;               // the outliers' note
    uint8_t in_src[S_MAX_SOURCES];   // the known sources the PIN appears in
    int64_t src_from[S_MAX_SOURCES]; // ... from the first file of the PIN there (local seconds)
    uint32_t named[S_MAX_SOURCES];   // ... the files there naming the PIN, up to the mask's end
    uint32_t named_all;              // the files naming the PIN up to the mask's end, any source
} s_mask_walk_t;

// Marks the days a file spanning the instants a..b (local seconds) covers for the person: those
// whose shift window - the punches that belong to the day, README "Which day a punch belongs
// to" - reaches into a..b. A 00:30 check-out ends Thursday's window, not Friday's: an export
// whose last punch it is does not hold Friday; a night shift's 05:30 check-out is the previous
// day's. The days strictly between the first and last punch's calendar days always are.
static void s_mask_span(s_mask_t *mk, s_person_ctx_t *pc, int64_t a, int64_t b)
{
    int32_t da = an_day_of_at(a), db = an_day_of_at(b);
    int32_t d0 = da - 1 < mk->lo ? mk->lo : da - 1, d1 = db + 1 > mk->hi ? mk->hi : db + 1;
    for (int32_t d = d0; d <= d1; d++) {
        if (d <= da || d >= db) {
            int32_t wlo, whi;
            an_shift_window(s_shift(pc, d), &wlo, &whi);
            if ((int64_t)d * 86400 + wlo > b || (int64_t)d * 86400 + whi <= a)
                continue;
        }
        mk->m[d - mk->lo] = 1;
    }
}

// Marks the days file no covers from the instant `after` on (INT64_MIN: all of them): each of its
// stretches that is no outlier (an_cover.c), or first_at..last_at for a file imported before
// stretches were kept. With arena, the outlier stretches within a day of the mask's days are
// named in mk->outliers: stored, never counted.
static void s_mask_spans(s_mask_t *mk, s_person_ctx_t *pc, const s_cover_t *c, uint32_t no,
                         int64_t after, hr_arena_t *arena)
{
    const Hr__Analytics__File *f = c->file[no];
    if (!f || !f->n_spans) {
        int64_t a = c->at_lo[no] < after ? after : c->at_lo[no];
        if (a <= c->at_hi[no])
            s_mask_span(mk, pc, a, c->at_hi[no]);
        return;
    }
    for (size_t i = 0; i < f->n_spans; i++) {
        const Hr__Analytics__Span *s = f->spans[i];
        if (s->outlier) {
            if (!arena || an_day_of_at(s->to_at) < mk->lo - 1 ||
                an_day_of_at(s->from_at) > mk->hi + 1 || mk->noutliers >= S_HOLES_LISTED)
                continue;
            char t[96];
            an_span_text(s, t, sizeof t);
            mk->outliers = hr_arena_fmt(arena, "%s%s%s: %s", mk->outliers,
                                        *mk->outliers ? "; " : "", f->name, t);
            mk->noutliers++;
            continue;
        }
        int64_t a = s->from_at < after ? after : s->from_at;
        if (a <= s->to_at)
            s_mask_span(mk, pc, a, s->to_at);
    }
}

static hr_rc_t s_mask_file(void *arg, uint32_t no)
{
    s_mask_walk_t *w = arg;
    const s_cover_t *c = w->c;
    if (no >= c->nos)
        return HR_OK;
    w->mask->has_files = true; // named, whatever the file spans
    if (c->first[no] > c->last[no])
        return HR_OK;
    s_mask_spans(w->mask, w->pc, c, no, INT64_MIN, w->arena);
    s_mask_t *mk = w->mask;
    if (mk->nfiles == mk->files_cap) {
        size_t cap = mk->files_cap ? mk->files_cap * 2 : 16;
        uint32_t *n = hr_arena_alloc(w->arena, cap * sizeof *n);
        if (mk->nfiles)
            memcpy(n, mk->files, mk->nfiles * sizeof *n);
        mk->files = n;
        mk->files_cap = cap;
    }
    mk->files[mk->nfiles++] = no;
    uint16_t s = c->src[no];
    if (s && (!w->in_src[s - 1] || c->at_lo[no] < w->src_from[s - 1])) {
        w->in_src[s - 1] = 1;
        w->src_from[s - 1] = c->at_lo[no];
    }
    if (c->first[no] <= w->mask->hi + 1) {
        w->named_all++;
        if (s)
            w->named[s - 1]++;
    }
    return HR_OK;
}

static hr_rc_t s_mask_build(hr_txn_t *txn, const s_cover_t *c, s_person_ctx_t *pc, const char *pin,
                            int32_t lo, int32_t hi, hr_arena_t *arena, s_mask_t *mk)
{
    memset(mk, 0, sizeof *mk);
    mk->lo = lo;
    mk->hi = hi;
    mk->first = hi + 1;
    mk->last = lo - 1;
    if (hi < lo || !*pin)
        return HR_OK;
    mk->m = hr_arena_alloc(arena, (size_t)(hi - lo + 1));
    memset(mk->m, 0, (size_t)(hi - lo + 1));
    s_mask_walk_t w;
    memset(&w, 0, sizeof w);
    w.c = c;
    w.mask = mk;
    w.pc = pc;
    w.arena = arena;
    mk->outliers = "";
    hr_rc_t rc = an_store_pin_files_each(txn, pin, s_mask_file, &w);
    if (rc)
        return rc;
    // A known source covers the PIN in its files that do not name them only when it is the
    // person's own (README "Which days count"): their home source - at least half of the files
    // naming them come from it - or one they are regular at - named in at least 2 of its files
    // and in more than half of them, from the PIN's first file there; both counted up to the
    // window's end. One visit to another site's device (901 punched once at SZ) makes none of
    // that device's later exports an absence of theirs.
    uint32_t *total = hr_arena_alloc(arena, (c->nsrc + 1) * sizeof *total);
    memset(total, 0, (c->nsrc + 1) * sizeof *total);
    for (uint32_t no = 1; no < c->nos; no++) {
        uint16_t s = c->src[no];
        if (s && w.in_src[s - 1] && c->first[no] <= c->last[no] && c->first[no] <= hi + 1 &&
            c->at_lo[no] >= w.src_from[s - 1])
            total[s - 1]++;
    }
    bool sourced = false;
    for (uint32_t i = 0; i < c->nsrc; i++) {
        bool home = 2 * w.named[i] >= w.named_all;
        bool regular = w.named[i] >= 2 && 2 * w.named[i] > total[i];
        w.in_src[i] = w.in_src[i] && (home || regular);
        sourced |= w.in_src[i] != 0;
    }
    // A known source covers the PIN from the PIN's first file there on, not before: a PIN given
    // to someone in November says nothing about October at that device (another person's PIN,
    // or none).
    for (uint32_t no = 1; sourced && no < c->nos; no++) {
        uint16_t s = c->src[no];
        if (!s || !w.in_src[s - 1] || c->first[no] > c->last[no])
            continue;
        s_mask_spans(mk, pc, c, no, w.src_from[s - 1], NULL);
    }
    for (int32_t d = lo; d <= hi; d++)
        if (mk->m[d - lo]) {
            if (d < mk->first)
                mk->first = d;
            mk->last = d;
        }
    mk->in_src = hr_arena_alloc(arena, c->nsrc + 1);
    mk->src_from = hr_arena_alloc(arena, (c->nsrc + 1) * sizeof *mk->src_from);
    for (uint32_t i = 0; i < c->nsrc; i++) {
        mk->in_src[i] = w.in_src[i];
        mk->src_from[i] = w.src_from[i];
    }
    return HR_OK;
}

static bool s_mask_has(const struct s_mask *mk, int32_t day)
{
    return day >= mk->lo && day <= mk->hi && mk->m && mk->m[day - mk->lo];
}

// The days of from..to whose attendance can be counted for pin: those that are over and that
// the person's imports cover. from..to of the result are the first and last such day.
typedef struct {
    int32_t from, to;   // the days counted; to < from: none
    int32_t end;        // the window's end cut at yesterday
    s_mask_t mask;      // the covered days of the window (up to end)
    s_person_ctx_t *pc; // arena: the person's shifts, leave and employment
    bool cut_today;     // the window reaches days that are not over
    bool cut_start;     // no import of the person covers the working days before from
    bool cut_end;       // ... nor those after to (up to end)
} s_span_t;

// Some working day of the person in a..b?
static bool s_any_working(s_person_ctx_t *pc, int32_t a, int32_t b)
{
    const struct s_mask *mask = pc->mask;
    pc->mask = NULL;
    bool any = false;
    for (int32_t d = a; d <= b && !any; d++)
        any = s_is_working(pc, d);
    pc->mask = mask;
    return any;
}

// The person's context (emp, dept, p as for s_attendance) is loaded into sp->pc.
static hr_rc_t s_counted(hr_txn_t *txn, const an_query_ctx_t *ctx, const s_cover_t *c,
                         const char *emp, const char *dept, const Hr__Analytics__Person *p,
                         const char *pin, int32_t from, int32_t to, hr_arena_t *arena, s_span_t *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->end = to;
    if (c->yesterday < sp->end) {
        sp->end = c->yesterday;
        sp->cut_today = true;
    }
    sp->pc = hr_arena_alloc(arena, sizeof *sp->pc);
    hr_rc_t rc = s_person_ctx(txn, ctx, emp, dept, from, sp->end, arena, sp->pc);
    if (rc)
        return rc;
    s_employment(p, &sp->pc->hired, &sp->pc->left);
    sp->pc->cover = c;
    rc = s_mask_build(txn, c, sp->pc, pin, from, sp->end, arena, &sp->mask);
    if (rc)
        return rc;
    sp->from = sp->mask.first;
    sp->to = sp->mask.last;
    if (sp->to < sp->from) {
        sp->from = from;
        sp->to = from - 1;
        return HR_OK;
    }
    // Only a working day left out is a cut: a Monday-to-Sunday window whose imports end on
    // Friday misses nothing.
    sp->cut_start = sp->from > from && s_any_working(sp->pc, from, sp->from - 1);
    sp->cut_end = sp->to < sp->end && s_any_working(sp->pc, sp->to + 1, sp->end);
    return HR_OK;
}

// ---- the vendors' own word on each slot (README "Vendor results") ----

typedef struct {
    const an_query_ctx_t *ctx; // borrowed: the time zone
    const s_cover_t *cover;    // borrowed: the files (their formats; withdrawn ones are not there)
    int32_t from, to;          // the local days wanted
    an_vslot_t *v;             // arena: the slots
    size_t n, cap;             // used, allocated
    hr_arena_t *arena;         // borrowed
} s_slots_t;

static hr_rc_t s_slot_add(void *arg, const Hr__Analytics__VendorSlot *s)
{
    s_slots_t *l = arg;
    const Hr__Analytics__File *f =
        l->cover && s->file_no < l->cover->nos ? l->cover->file[s->file_no] : NULL;
    if (!f || (s->check != AN_STATE_IN && s->check != AN_STATE_OUT))
        return HR_OK;
    int tz = l->ctx->tz_offset_min;
    int32_t day, sec;
    an_local_of_ms(s->work_date_ms ? s->work_date_ms
                   : s->sched_ms   ? s->sched_ms
                                   : s->punch_ms,
                   tz, &day, &sec);
    if (day < l->from || day > l->to)
        return HR_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        an_vslot_t *v = hr_arena_alloc(l->arena, cap * sizeof *v);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    an_vslot_t *v = &l->v[l->n++];
    memset(v, 0, sizeof *v);
    v->day = day;
    v->check = (uint8_t)s->check;
    int32_t d2, s2;
    if (s->sched_ms) {
        an_local_of_ms(s->sched_ms, tz, &d2, &s2);
        v->has_sched = true;
        v->sched_at = (int64_t)d2 * 86400 + s2;
    }
    if (s->punch_ms) {
        an_local_of_ms(s->punch_ms, tz, &d2, &s2);
        v->punched = true;
        v->punch_at = (int64_t)d2 * 86400 + s2;
    }
    v->verdict = an_vendor_verdict(f->format, s);
    v->approval = s->approval;
    v->result = s->result;
    v->format = f->format;
    v->file_no = s->file_no;
    v->record = s->record;
    return HR_OK;
}

static int s_vslot_cmp(const void *a, const void *b)
{
    const an_vslot_t *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

// The vendors' slots of pin from day `from` to `to` (local days), sorted by day, in arena.
static hr_rc_t s_slots_load(hr_txn_t *txn, const an_query_ctx_t *ctx, const s_cover_t *cover,
                            const char *pin, int32_t from, int32_t to, hr_arena_t *arena,
                            an_vslot_t **out, size_t *n)
{
    s_slots_t l = {.ctx = ctx, .cover = cover, .from = from, .to = to, .arena = arena};
    // Keyed by UTC day: a local day lies within a day of it either way.
    hr_rc_t rc = an_store_slots_each(txn, pin, from - 2, to + 2, arena, s_slot_add, &l);
    if (!rc && l.n > 1)
        qsort(l.v, l.n, sizeof *l.v, s_vslot_cmp);
    *out = l.v;
    *n = l.n;
    return rc;
}

// Evaluates one person's attendance (pc: their shifts, leave and employment, from s_counted)
// over the days of from..to that mask covers; *uncovered (may be NULL) counts the working days it
// does not, and *holes (may be NULL) names their first stretches. *punches is reused between
// calls.
static hr_rc_t s_attendance(hr_txn_t *txn, const an_query_ctx_t *ctx, s_person_ctx_t *pc,
                            const char *pin, int32_t from, int32_t to, const s_mask_t *mask,
                            hr_arena_t *arena, an_fpunch_t **punches, size_t *np, size_t *cap,
                            an_day_result_t *days, an_att_totals_t *tot, uint32_t *uncovered,
                            char **holes)
{
    hr_rc_t rc = HR_OK;
    pc->mask = NULL;
    if (uncovered)
        *uncovered = 0;
    if (holes)
        *holes = "";
    // Each stretch of days the mask leaves out, named by its first and last working day.
    uint32_t listed = 0;
    for (int32_t d = from; d <= to && (uncovered || holes); d++) {
        if (s_mask_has(mask, d))
            continue;
        int32_t e = d, fw = 0, lw = 0;
        while (e < to && !s_mask_has(mask, e + 1))
            e++;
        uint32_t n = 0;
        for (int32_t x = d; x <= e; x++)
            if (s_is_working(pc, x)) {
                fw = n++ ? fw : x;
                lw = x;
            }
        d = e;
        if (!n)
            continue;
        if (uncovered)
            *uncovered += n;
        if (!holes || listed > S_HOLES_LISTED)
            continue;
        if (listed++ == S_HOLES_LISTED) {
            *holes = hr_arena_fmt(arena, "%s, ...", *holes);
            continue;
        }
        char a[HR_DATE_LEN], b[HR_DATE_LEN];
        hr_date_format(fw, a);
        hr_date_format(lw, b);
        *holes = hr_arena_fmt(arena, "%s%s%s%s%s", *holes, **holes ? ", " : "", a,
                              lw > fw ? ".." : "", lw > fw ? b : "");
    }
    pc->mask = mask;
    *np = 0;
    if (!rc)
        rc = an_store_days_read(txn, pin, from - 1, to + 1, punches, np, cap);
    if (rc)
        return rc;
    // What each punch is to the rules: its state read as its file's format says (README "Punch
    // types"): breaks and field trips are neither arrival nor departure.
    for (size_t i = 0; i < *np; i++) {
        an_fpunch_t *p = &(*punches)[i];
        const Hr__Analytics__File *file =
            pc->cover && p->file_no < pc->cover->nos ? pc->cover->file[p->file_no] : NULL;
        p->flags = file ? an_punch_flags(file->format, p->state) : 0;
    }
    an_vslot_t *slots = NULL;
    size_t nslots = 0;
    rc = s_slots_load(txn, ctx, pc->cover, pin, from, to, arena, &slots, &nslots);
    if (rc)
        return rc;
    an_att_input_t in = {.from = from,
                         .to = to,
                         .is_working = s_is_working,
                         .shift = s_shift,
                         .leave_part = s_leave_part,
                         .arg = pc,
                         .punches = *punches,
                         .npunches = *np,
                         .slots = slots,
                         .nslots = nslots};
    an_att_evaluate(&in, &ctx->rules, days, tot);
    return HR_OK;
}

// ---- years the company calendar does not declare yet ----
// A year without `year YYYY` in the calendar (hr_calendar_covers) has no State Council notice in
// it: its days are counted by the week (Monday to Friday, the `statutory` holidays off), and its
// bridge days and adjusted working days (调休) are not known. A working day counted there may
// turn out to be a day off once the notice is in the calendar, and an absence on it none: the
// facts and warnings counting such days say so (README "Which days count"). Local on purpose:
// only hr_calendar_covers and hr_calendar_knows_statutory are needed. Without a calendar
// (calendar/file "") nothing is said here: the daemon warns calendar.missing at start.

#define S_CAL_YEARS 8 // a facts window (366 days) touches 2 years, a warning and its before 2

typedef struct {
    int years[S_CAL_YEARS]; // the undeclared years with a working day counted, ascending
    size_t n;
    uint32_t days; // the working days counted in them
} s_calnote_t;

// Adds working day day when it lies in a year the calendar does not declare.
static void s_calnote_day(const an_query_ctx_t *ctx, s_calnote_t *cn, int32_t day)
{
    int y, m, d;
    hr_date_to_ymd(day, &y, &m, &d);
    if (!ctx->calendar || hr_calendar_covers(ctx->calendar, y))
        return;
    cn->days++;
    size_t k = 0;
    while (k < cn->n && cn->years[k] < y)
        k++;
    if ((k < cn->n && cn->years[k] == y) || cn->n == S_CAL_YEARS)
        return;
    memmove(&cn->years[k + 1], &cn->years[k], (cn->n - k) * sizeof cn->years[0]);
    cn->years[k] = y;
    cn->n++;
}

// Adds the working days of days[0..nd) (an_att_evaluate's results) that lie in a year the
// calendar does not declare.
static void s_calnote_add(const an_query_ctx_t *ctx, s_calnote_t *cn, const an_day_result_t *days,
                          size_t nd)
{
    if (!ctx->calendar)
        return;
    for (size_t i = 0; i < nd; i++)
        if (days[i].kind != AN_DAY_REST)
            s_calnote_day(ctx, cn, days[i].day);
}

// The years as the sentences name them: "2027" or "2027、2028" (sep "、"), "2027, 2028" (", ").
// Only those whose statutory holidays the calendar lists (statutory 1), does not list (0), or
// all (-1); "" when none.
static char *s_calnote_years(hr_arena_t *arena, const an_query_ctx_t *ctx, const s_calnote_t *cn,
                             const char *sep, int statutory)
{
    char *s = "";
    for (size_t i = 0; i < cn->n; i++) {
        if (statutory >= 0 &&
            hr_calendar_knows_statutory(ctx->calendar, cn->years[i]) != (statutory == 1))
            continue;
        s = hr_arena_fmt(arena, "%s%s%d", s, *s ? sep : "", cn->years[i]);
    }
    return s;
}

// The reply's note (both languages) and the sentence each attendance fact carries.
static void s_calnote_words(hr_arena_t *arena, const an_query_ctx_t *ctx, const s_calnote_t *cn,
                            char **note_zh, char **note_en, char **fact_zh, char **fact_en)
{
    const char *yz = s_calnote_years(arena, ctx, cn, "年、", -1);
    const char *ye = s_calnote_years(arena, ctx, cn, ", ", -1);
    const char *nz = s_calnote_years(arena, ctx, cn, "年、", 0); // no statutory day listed
    const char *ne = s_calnote_years(arena, ctx, cn, ", ", 0);
    const char *sz = *nz ? hr_arena_fmt(arena, "%s年的法定节假日也未列入日历，同样按工作日计", nz)
                         : "法定节假日已按休息日计";
    const char *se =
        *ne ? hr_arena_fmt(arena,
                           "the statutory holidays of %s are not in the calendar either and count "
                           "as working days too",
                           ne)
            : "the statutory holidays are already days off";
    bool one = cn->n == 1;
    *note_zh = hr_arena_fmt(arena,
                            "所计考勤有%u个工作日在%s年：公司日历尚未列入%s国务院节假日安排通知，"
                            "这些日子按周一至周五计为工作日（%s）。通知列入日历前，这些日子的缺勤"
                            "（及迟到、早退、缺卡）均为暂定：通知中的调休、补班可能使其中某日成为"
                            "休息日。",
                            cn->days, yz, one ? "该年" : "这些年份", sz);
    *note_en = hr_arena_fmt(
        arena,
        "%u working day%s counted %s in %s, whose State Council holiday notice %s not in the "
        "company calendar yet: they are counted by the week rules (Monday to Friday; %s), so "
        "absences on them (and late arrivals, early leaves and missing punches) are provisional "
        "until the notice is in the calendar - its bridge days and adjusted working days (调休) "
        "may make some of them days off.",
        cn->days, cn->days == 1 ? "" : "s", cn->days == 1 ? "is" : "are", ye, one ? "is" : "are",
        se);
    *fact_zh = hr_arena_fmt(arena,
                            "其间有%u个工作日在%s年，%s节假日安排尚未列入公司日历，按周一至周五"
                            "计，这些日子的考勤结果为暂定。",
                            cn->days, yz, one ? "该年" : "这些年份");
    *fact_en = hr_arena_fmt(arena,
                            " %u of the working days counted %s in %s, whose holiday notice %s not "
                            "in the company calendar yet: counted by the week, provisional until "
                            "it is.",
                            cn->days, cn->days == 1 ? "is" : "are", ye, one ? "is" : "are");
}

// Why attendance counts fewer days than the window asked for (from..to), in English (the
// reply's attendance_note) and the sentence added to each attendance fact, in Chinese and
// English. uncovered / holes: the working days inside the counted days that no import covers.
static void s_cut_words(hr_arena_t *arena, const s_cover_t *c, const s_span_t *sp, int32_t from,
                        int32_t to, uint32_t uncovered, const char *holes, char **note, char **zh,
                        char **en)
{
    char f[HR_DATE_LEN], t[HR_DATE_LEN], s[HR_DATE_LEN], e[HR_DATE_LEN], y[HR_DATE_LEN] = "";
    hr_date_format(from, f);
    hr_date_format(to, t);
    hr_date_format(sp->from, s);
    hr_date_format(sp->to, e);
    if (sp->end >= from)
        hr_date_format(sp->end, y);
    *note = *zh = *en = "";
    if (sp->to < sp->from) {
        // Whether some import names the PIN decides, not whether some file has a punch: a pull
        // of NotSigned slots only names its people.
        *note = sp->end < from ? "nothing is counted: the window has not passed yet"
                : !sp->mask.has_files && !c->any
                    ? "no attendance has been imported: nothing is counted"
                : !sp->mask.has_files
                    ? "nothing is counted: no attendance import names this person's PIN"
                    : hr_arena_fmt(arena,
                                   "nothing is counted: no attendance import of this person "
                                   "covers %s to %s (not imported)",
                                   f, y);
        if (sp->mask.noutliers)
            *note = hr_arena_fmt(arena,
                                 "%s; punches far from the rest of their file are not counted "
                                 "(%s)",
                                 *note, sp->mask.outliers);
        return;
    }
    const char *sep = "";
    if (sp->cut_start) {
        *note = hr_arena_fmt(arena,
                             "counted from %s: no attendance import of this person covers the "
                             "days before it",
                             s);
        *zh = hr_arena_fmt(arena, "考勤数据自%s起才有，所问期间（自%s）此前的日子未计。", s, f);
        *en = hr_arena_fmt(arena,
                           " Attendance data starts on %s: the days of the window asked for "
                           "(from %s) before it are not counted.",
                           s, f);
        sep = "; ";
    }
    if (sp->cut_end) {
        *note = hr_arena_fmt(arena,
                             "%s%scounted up to %s: no attendance import of this person covers "
                             "the days after it (not imported yet)",
                             *note, sep, e);
        *zh = hr_arena_fmt(arena, "%s考勤数据只导入至%s，所问期间（至%s）其后的日子未计。", *zh, e,
                           t);
        *en = hr_arena_fmt(arena,
                           "%s Attendance is imported up to %s only: the rest of the window "
                           "asked for (to %s) is not counted.",
                           *en, e, t);
        sep = "; ";
    } else if (sp->cut_today) {
        *note = hr_arena_fmt(arena, "%s%scounted up to %s: the days after it are not over", *note,
                             sep, e);
        *zh = hr_arena_fmt(arena, "%s只计至%s：所问期间（至%s）其后的日子尚未过去。", *zh, e, t);
        *en = hr_arena_fmt(arena,
                           "%s Counted up to %s: the rest of the window asked for (to %s) "
                           "has not passed yet.",
                           *en, e, t);
        sep = "; ";
    }
    if (uncovered) {
        *note = hr_arena_fmt(arena,
                             "%s%s%u working day%s inside not covered by any attendance import "
                             "of this person (%s): not counted",
                             *note, sep, uncovered, uncovered == 1 ? "" : "s", holes);
        *zh = hr_arena_fmt(arena, "%s其间有%u个工作日（%s）没有导入的考勤数据，未计。", *zh,
                           uncovered, holes);
        *en = hr_arena_fmt(arena,
                           "%s %u working day%s inside it (%s) %s no attendance imported and "
                           "%s not counted.",
                           *en, uncovered, uncovered == 1 ? "" : "s", holes,
                           uncovered == 1 ? "has" : "have", uncovered == 1 ? "is" : "are");
        sep = "; ";
    }
    if (sp->mask.noutliers) { // a device reset, a wrong year: stored, never counted
        *note =
            hr_arena_fmt(arena, "%s%spunches far from the rest of their file are not counted (%s)",
                         *note, sep, sp->mask.outliers);
        *zh = hr_arena_fmt(arena, "%s导入文件中远离其余打卡的孤立打卡（%s）未计。", *zh,
                           sp->mask.outliers);
        *en =
            hr_arena_fmt(arena, "%s Punches far from the rest of their file (%s) are not counted.",
                         *en, sp->mask.outliers);
    }
}

// ---- team ----

// A set of import numbers (the files a team's figures came from), at most cap.
#define S_TEAM_FILES_MAX 64
typedef struct {
    uint32_t no[S_TEAM_FILES_MAX];
    size_t n;
} s_fileset_t;

static void s_fileset_add(s_fileset_t *set, uint32_t file_no)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->no[i] == file_no)
            return;
    if (set->n < S_TEAM_FILES_MAX)
        set->no[set->n++] = file_no;
}

typedef struct {
    char (*members)[AN_ID_MAX + 1]; // arena: employee numbers of the colleagues (the person's
                                    // department, the person left out)
    size_t n;                       // members listed
    const char *self;               // borrowed: the person
    s_fileset_t gone; // the people imports whose hire or leave dates left members out (not
                      // employed any day of the window: s_team_employed)
} s_team_t;

static hr_rc_t s_team_add(void *arg, const char *emp)
{
    s_team_t *t = arg;
    if (strcmp(emp, t->self) && t->n < AN_TEAM_MAX)
        snprintf(t->members[t->n++], AN_ID_MAX + 1, "%s", emp);
    return HR_OK;
}

// Leaves the colleagues employed no day of from..to out of team (hired after it, left before
// it: README "Team"): the department history keeps everyone it ever put in the department, and
// a colleague who left in October is no 0 in November's sales median (the audit of 2026-11-29).
// The import of each one left out (their people record's, which holds the dates) goes into
// team->gone, so team_people_file_ids names what decided it.
static hr_rc_t s_team_employed(hr_txn_t *txn, hr_arena_t *arena, s_team_t *team, int32_t from,
                               int32_t to)
{
    size_t kept = 0;
    for (size_t m = 0; m < team->n; m++) {
        Hr__Analytics__Person *p = NULL;
        hr_rc_t rc = an_store_person_get(txn, team->members[m], arena, &p);
        if (rc && rc != HR_ENOTFOUND)
            return rc;
        int32_t hired, left;
        s_employment(rc ? NULL : p, &hired, &left);
        if (hired > to || left < from) {
            s_fileset_add(&team->gone, p->file_no);
            continue;
        }
        if (kept != m)
            memcpy(team->members[kept], team->members[m], sizeof team->members[m]);
        kept++;
    }
    team->n = kept;
    return HR_OK;
}

// ---- the directory's protected statuses ----

// The protected statuses the workflow's directory records for a person (db roles: its
// workflow.RolesChanged, README "Leave and protected statuses"). The directory gives no dates:
// a person with one is treated as on protected leave for every day asked about.
typedef struct {
    size_t n;        // statuses recorded; 0 = none
    const char *say; // arena: each named, "孕期 pregnant, 医疗期 medical_treatment_period"
    const char *law; // the articles of the first ("LCL 42(4); 妇女权益保障法 Art. 48")
} s_status_t;

// hidden: which statuses is not said (a reader other than HR: "LCL 42", details for HR only).
static hr_rc_t s_status_load(hr_txn_t *txn, hr_arena_t *arena, const char *emp, bool hidden,
                             s_status_t *st)
{
    memset(st, 0, sizeof *st);
    st->say = "";
    Hr__Analytics__DirectoryRoles *d = NULL;
    hr_rc_t rc = an_store_roles_get(txn, emp, arena, &d);
    if (rc)
        return rc == HR_ENOTFOUND ? HR_OK : rc; // not in the directory (yet): nothing recorded
    for (size_t i = 0; i < d->n_protected_statuses; i++) {
        const char *zh = "";
        const char *law = an_status_protection(d->protected_statuses[i], &zh);
        st->law = st->law ? st->law : law;
        st->say = hr_arena_fmt(arena, "%s%s%s%s%s", st->say, st->n ? ", " : "", zh, *zh ? " " : "",
                               d->protected_statuses[i]);
        st->n++;
    }
    if (st->n && hidden) {
        st->say = "详情仅人事可见 details for HR only";
        st->law = "LCL 42";
    }
    return HR_OK;
}

// What a figure of someone with protected statuses st gets added: its sentences, and why it is
// not compared.
static void s_status_sentences(hr_arena_t *arena, const s_status_t *st, char **zh, char **en,
                               const char **why)
{
    *zh = hr_arena_fmt(arena,
                       "%s人事名册记录本人处于法律保护的状态（%s；%s）：不得据此作出对本人不利的评"
                       "价，不与同事比较，不作预警。",
                       *zh, st->say, st->law);
    *en = hr_arena_fmt(arena,
                       "%s The people directory records a status the law protects (%s; %s): the "
                       "figure must not be held against the person; it is not compared with "
                       "colleagues and gives no warning.",
                       *en, st->say, st->law);
    *why = hr_arena_fmt(arena,
                        "not compared: the people directory records a status the law protects "
                        "(%s; %s)",
                        st->say, st->law);
}

// Leaves the colleagues the directory protects out of team (README "Leave and protected
// statuses"): their figures are in nobody's median.
static hr_rc_t s_team_unprotected(hr_txn_t *txn, hr_arena_t *arena, s_team_t *team)
{
    size_t kept = 0;
    for (size_t m = 0; m < team->n; m++) {
        s_status_t st;
        hr_rc_t rc = s_status_load(txn, arena, team->members[m], true, &st);
        if (rc)
            return rc;
        if (st.n)
            continue;
        if (kept != m)
            memcpy(team->members[kept], team->members[m], sizeof team->members[m]);
        kept++;
    }
    team->n = kept;
    return HR_OK;
}

// ---- facts ----

typedef struct {
    hr_txn_t *txn;
    hr_arena_t *arena;
    const an_query_ctx_t *ctx;
    Hr__Analytics__GetFactsReply *rep;
    Hr__Analytics__Fact **facts;
    size_t nfacts, facts_cap;
    char from_s[HR_DATE_LEN], to_s[HR_DATE_LEN];
    const char *dept;
    const an_team_t *team; // the department compared with (an_team_of); NULL without a person
    const Hr__Analytics__Person *person; // NULL for a PIN that matches no person
    const s_cover_t *cover;              // borrowed: how far attendance is imported
    s_status_t status; // the person's protected statuses in the directory: compared with nobody
    double per_days;   // the attendance team median is of rates scaled to these working days
    bool per_leave;    // ... not on leave (someone compared had leave)
    uint32_t training_retaken; // training_failed: failed courses passed on a retake later
    uint32_t absent_part_days; // the absences fact: days without a punch on leave part of it
    double absent_part;        // ... the days absent of them (the fact's sentences say so)
    const int32_t *asked;      // GetFactsRequest.days, parsed: the days to describe one by one
    size_t nasked;             // ... how many
    // file records by number, for sources
    Hr__Analytics__File *files[64];
    uint32_t file_nos[64];
    size_t nfiles;
} s_q_t;

static Hr__Analytics__Fact *s_fact(s_q_t *q, const char *code, double value, const char *unit,
                                   const char *rule)
{
    if (q->nfacts == q->facts_cap) {
        size_t cap = q->facts_cap ? q->facts_cap * 2 : 16;
        Hr__Analytics__Fact **n = hr_arena_alloc(q->arena, cap * sizeof *n);
        if (q->nfacts)
            memcpy(n, q->facts, q->nfacts * sizeof *n);
        q->facts = n;
        q->facts_cap = cap;
    }
    Hr__Analytics__Fact *f = hr_arena_alloc(q->arena, sizeof *f);
    hr__analytics__fact__init(f);
    f->code = (char *)code;
    f->value = value;
    f->unit = (char *)unit;
    f->rule = (char *)rule;
    f->window_from = hr_arena_strdup(q->arena, q->from_s); // q lives on the caller's stack
    f->window_to = hr_arena_strdup(q->arena, q->to_s);
    q->facts[q->nfacts++] = f;
    return f;
}

static const Hr__Analytics__File *s_file_of(hr_txn_t *txn, hr_arena_t *arena, uint32_t file_no)
{
    Hr__Analytics__File *f = NULL;
    return an_store_file_by_no(txn, file_no, arena, &f) ? NULL : f;
}

static const Hr__Analytics__File *s_file(s_q_t *q, uint32_t file_no)
{
    for (size_t i = 0; i < q->nfiles; i++)
        if (q->file_nos[i] == file_no)
            return q->files[i];
    Hr__Analytics__File *f = NULL;
    if (an_store_file_by_no(q->txn, file_no, q->arena, &f))
        return NULL;
    if (q->nfiles < HR_ARRAY_LEN(q->files)) {
        q->files[q->nfiles] = f;
        q->file_nos[q->nfiles++] = file_no;
    }
    return f;
}

static void s_hex(const uint8_t *b, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * n] = '\0';
}

// One raw record as a source (arena): its file, line, text, the day it counts for and a note.
static Hr__Analytics__Source *s_source_new(s_q_t *q, uint32_t file_no, uint32_t line,
                                           uint64_t offset, int32_t day, const char *note)
{
    Hr__Analytics__Source *s = hr_arena_alloc(q->arena, sizeof *s);
    hr__analytics__source__init(s);
    const Hr__Analytics__File *file = s_file(q, file_no);
    char hex[65] = "";
    if (file && file->file_id.len == 32)
        s_hex(file->file_id.data, 32, hex);
    s->file_id = hr_arena_strdup(q->arena, hex);
    s->file_name = file ? file->name : "";
    s->line = line;
    bool json = file && (!strcmp(file->format, "dingtalk") || !strcmp(file->format, "wecom"));
    char raw[AN_RAW_MAX + 1];
    size_t rl = 0;
    // A JSON record's text was kept at import (compact); files imported before that have only
    // the record's number to show.
    hr_rc_t rrc = json ? an_store_record_get(q->txn, file_no, line, raw, AN_RAW_MAX, &rl)
                       : an_store_text_line(q->txn, file_no, offset, AN_RAW_MAX, raw, &rl);
    if (rrc)
        rl = 0;
    // The first AN_RAW_MAX bytes: whole characters only, anything not UTF-8 as '?' - a source
    // that JSON cannot carry would drop out of the facts snapshot frozen into the case.
    rl = hr_utf8_scrub(raw, rl);
    raw[rl] = '\0';
    s->raw = json && rrc ? hr_arena_fmt(q->arena, "record %u of the JSON file", line)
                         : hr_arena_strdup(q->arena, raw);
    // A JSON feed's source is its record (README "JSON feeds"), as its problems are: the number
    // and the record's own id, read from its whole text (raw holds the first AN_RAW_MAX bytes).
    s->record = json;
    if (json && !rrc) {
        char *rec = hr_alloc(AN_TEXT_MAX);
        size_t n = 0;
        char id[AN_ID_MAX + 1];
        if (!an_store_record_get(q->txn, file_no, line, rec, AN_TEXT_MAX, &n) &&
            an_record_id(rec, n, id))
            s->record_id = hr_arena_strdup(q->arena, id);
        hr_free(rec);
    }
    char d[HR_DATE_LEN];
    hr_date_format(day, d);
    s->day = hr_arena_strdup(q->arena, d);
    s->note = hr_arena_strdup(q->arena, note);
    return s;
}

static void s_add_source(s_q_t *q, Hr__Analytics__Fact *f, uint32_t file_no, uint32_t line,
                         uint64_t offset, int32_t day, const char *note)
{
    if (f->n_sources >= AN_FACT_SOURCES_MAX)
        return;
    if (!f->sources)
        f->sources = hr_arena_alloc(q->arena, AN_FACT_SOURCES_MAX * sizeof *f->sources);
    f->sources[f->n_sources++] = s_source_new(q, file_no, line, offset, day, note);
}

static void s_add_day(s_q_t *q, Hr__Analytics__Fact *f, int32_t day, size_t cap)
{
    if (!f->days)
        f->days = hr_arena_alloc(q->arena, cap * sizeof *f->days);
    char d[HR_DATE_LEN];
    hr_date_format(day, d);
    f->days[f->n_days++] = hr_arena_strdup(q->arena, d);
}

static void s_words(s_q_t *q, Hr__Analytics__Fact *f, const char *period, const char *e1,
                    const char *e2, bool below)
{
    an_fact_words_t w = {.code = f->code,
                         .value = f->value,
                         .from = q->from_s,
                         .to = q->to_s,
                         .subject = f->subject ? f->subject : "",
                         .period = period ? period : "",
                         .extra1 = e1 ? e1 : "",
                         .extra2 = e2 ? e2 : "",
                         .below = below,
                         .has_comparison = f->has_comparison,
                         .team_median = f->team_median,
                         .team_size = f->team_size,
                         .team = q->dept ? q->dept : "",
                         .per_days = q->per_days,
                         .per_leave = q->per_leave,
                         .rules = &q->ctx->rules};
    if (!strcmp(f->code, "absences")) {
        w.part_days = q->absent_part_days;
        w.part_value = q->absent_part;
    }
    if (!strcmp(f->code, "training_failed"))
        w.retaken = q->training_retaken;
    an_fact_sentences(&w, q->arena, &f->text_zh, &f->text_en);
    if (f->has_comparison)
        f->comparison = hr_arena_fmt(q->arena,
                                     "team median %g (department %s, %u colleagues, the person "
                                     "not included)",
                                     f->team_median, q->dept, f->team_size);
    else if (f->team_size || (f->comparison && *f->comparison)) { // s_compare: too few
        f->comparison =
            hr_arena_fmt(q->arena,
                         "team too small to compare (department %s: %u colleague%s "
                         "with this figure, at least %d needed)",
                         q->dept, f->team_size, f->team_size == 1 ? "" : "s", AN_TEAM_MIN);
        f->text_zh = hr_arena_fmt(q->arena, "%s（同部门有此项数据的同事不足%d人，不作比较。）",
                                  f->text_zh, AN_TEAM_MIN);
        f->text_en = hr_arena_fmt(q->arena,
                                  "%s (Team too small to compare: fewer than %d colleagues "
                                  "with this figure.)",
                                  f->text_en, AN_TEAM_MIN);
        f->team_size = 0;
    }
    // Compared with today's department: the history does not reach the window's last day.
    if (q->team && q->team->today && (f->has_comparison || (f->comparison && *f->comparison))) {
        char day[HR_DATE_LEN], first[HR_DATE_LEN] = "";
        hr_date_format(q->team->day, day);
        if (q->team->first != INT32_MAX)
            hr_date_format(q->team->first, first);
        const char *since_en =
            *first ? hr_arena_fmt(q->arena, " (it starts %s)", first) : " (none kept)";
        const char *since_zh = *first ? hr_arena_fmt(q->arena, "（记录自%s起）", first) : "";
        f->comparison = hr_arena_fmt(q->arena,
                                     "%s; department %s is today's: the department history does "
                                     "not reach %s%s",
                                     f->comparison, q->dept, day, since_en);
        f->text_zh =
            hr_arena_fmt(q->arena, "%s（比较所用部门%s为今日部门：%s时所在部门无记录%s。）",
                         f->text_zh, q->dept, day, since_zh);
        f->text_en = hr_arena_fmt(q->arena,
                                  "%s (Compared with today's department %s: the department on %s "
                                  "is not known%s.)",
                                  f->text_en, q->dept, day, since_en);
    }
}

// A fact of someone the directory protects (q->status) says so and is compared with nobody.
static void s_status_words(s_q_t *q, Hr__Analytics__Fact *f)
{
    f->has_comparison = false;
    f->team_median = 0;
    f->team_size = 0;
    f->n_team_values = 0;
    f->n_team_file_ids = 0;
    const char *why = "";
    s_status_sentences(q->arena, &q->status, &f->text_zh, &f->text_en, &why);
    f->comparison = (char *)why;
}

// The team median of n colleagues' values (the person is never among them): only from
// AN_TEAM_MIN colleagues on - the median of one or two is one person's figure, not a team's.
// Fewer: no comparison, and s_words says the team is too small.
// The figures it was taken from are kept with the fact, ascending and unnamed (team_values):
// a lawyer recomputes the median without learning who is who (README "Team").
static void s_compare(hr_arena_t *arena, Hr__Analytics__Fact *f, double *vals, size_t n)
{
    if (n < AN_TEAM_MIN) {
        f->comparison = "too small";
        f->team_size = (uint32_t)n;
        return;
    }
    f->has_comparison = true;
    f->team_size = (uint32_t)n;
    f->team_median = an_median(vals, n); // sorts vals
    f->team_values = hr_arena_alloc(arena, n * sizeof *f->team_values);
    memcpy(f->team_values, vals, n * sizeof *vals);
    f->n_team_values = n;
}

static void s_hex(const uint8_t *b, size_t n, char *out);
static const Hr__Analytics__File *s_file_of(hr_txn_t *txn, hr_arena_t *arena, uint32_t file_no);

// The imports set's figures came from, as hex ids, on a fact compared with the team.
static void s_team_files(hr_txn_t *txn, hr_arena_t *arena, Hr__Analytics__Fact *f,
                         const s_fileset_t *set)
{
    if (!f->has_comparison || !set->n)
        return;
    f->team_file_ids = hr_arena_alloc(arena, set->n * sizeof *f->team_file_ids);
    for (size_t i = 0; i < set->n; i++) {
        const Hr__Analytics__File *file = s_file_of(txn, arena, set->no[i]);
        if (!file || file->file_id.len != 32)
            continue;
        char hex[65];
        s_hex(file->file_id.data, 32, hex);
        f->team_file_ids[f->n_team_file_ids++] = hr_arena_strdup(arena, hex);
    }
}

static int s_line_cmp(const void *a, const void *b);

// Where the team comes from (README "Team"): the people import's record that put the person in
// the department (q->rep->department_source), and, with a team, how many colleagues it holds
// and the people imports that put them there (unnamed: file ids only).
static hr_rc_t s_team_sources(s_q_t *q, const an_team_t *tm, const s_team_t *team)
{
    Hr__Analytics__GetFactsReply *rep = q->rep;
    char day[HR_DATE_LEN];
    rep->team_day = hr_arena_strdup(q->arena, hr_date_format(tm->day, day));
    rep->team_today = tm->today;
    const an_dept_src_t *ps = &tm->src;
    const char *note;
    if (!ps->file_no)
        note = hr_arena_fmt(q->arena,
                            "department %s on %s: the department history's entry was kept "
                            "before its people import was (the store's upgrade): import the "
                            "people feed again to name it",
                            tm->department, day);
    else if (tm->today)
        note = hr_arena_fmt(q->arena,
                            "department %s today, from the person's row of this people import: "
                            "the department history does not reach %s",
                            tm->department, day);
    else
        note = hr_arena_fmt(q->arena,
                            "this people import puts the person in department %s "
                            "from %s on; still so on %s",
                            tm->department, hr_date_format(ps->since, (char[HR_DATE_LEN]){0}), day);
    Hr__Analytics__Source *src;
    if (ps->file_no) {
        src = s_source_new(q, ps->file_no, ps->line, ps->offset, tm->day, note);
        if (!ps->offset)
            src->raw = ""; // the row's text was not kept with it (offset 0 is the header)
        src->day = tm->today ? "" : hr_arena_strdup(q->arena, hr_date_format(ps->since, day));
    } else {
        src = hr_arena_alloc(q->arena, sizeof *src);
        hr__analytics__source__init(src);
        src->note = (char *)note;
    }
    rep->department_source = src;
    if (!team)
        return HR_OK;
    rep->team_people = (uint32_t)team->n;
    s_fileset_t set = {0};
    for (size_t m = 0; m < team->n; m++) {
        an_dept_src_t cs;
        hr_rc_t rc = an_team_src(q->txn, tm, team->members[m], q->arena, &cs);
        if (rc)
            return rc;
        if (cs.file_no)
            s_fileset_add(&set, cs.file_no);
    }
    for (size_t k = 0; k < team->gone.n; k++) // the dates that left colleagues out
        s_fileset_add(&set, team->gone.no[k]);
    qsort(set.no, set.n, sizeof set.no[0], s_line_cmp);
    rep->team_people_file_ids = hr_arena_alloc(q->arena, (set.n + 1) * sizeof(char *));
    for (size_t i = 0; i < set.n; i++) {
        const Hr__Analytics__File *file = s_file(q, set.no[i]);
        if (!file || file->file_id.len != 32)
            continue;
        char hex[65];
        s_hex(file->file_id.data, 32, hex);
        rep->team_people_file_ids[rep->n_team_people_file_ids++] = hr_arena_strdup(q->arena, hex);
    }
    return HR_OK;
}

// The rule of each attendance fact in words, with the thresholds applied (rules/*): frozen
// into a case's facts snapshot, so it must say what was counted. In arena memory.
static const char *s_att_rule(hr_arena_t *arena, const an_rules_t *r, int i)
{
    switch (i) {
    case 0:
        return hr_arena_fmt(arena,
                            "arrival (first punch of a working day with two or more distinct "
                            "punches, breaks and field trips apart) more than %d minute%s after "
                            "the scheduled start (grace %d minutes: rules/grace_min); the "
                            "scheduled start is the vendor's own where its record gives one "
                            "(DingTalk baseCheckTime, WeCom sch_checkin_time), and an arrival "
                            "the vendor's own result calls normal, or whose slot carries an "
                            "approval, is not counted (stated in the sources)",
                            r->grace_min, r->grace_min == 1 ? "" : "s", r->grace_min);
    case 1:
        return "sum of the minutes late (rounded up, from the scheduled start) over the late "
               "arrivals";
    case 2:
        return hr_arena_fmt(arena,
                            "arrival more than %d minutes after the scheduled start "
                            "(rules/very_late_min)",
                            r->very_late_min);
    case 3:
        return hr_arena_fmt(arena,
                            "departure (last punch) more than %d minute%s before the scheduled "
                            "end (grace %d minutes: rules/early_grace_min), on days with at least "
                            "two distinct punches; the vendor's own scheduled end where its record "
                            "gives one, and a departure its own result calls normal, or whose "
                            "slot carries an approval, is not counted (stated in the sources)",
                            r->early_grace_min, r->early_grace_min == 1 ? "" : "s",
                            r->early_grace_min);
    case 4:
        return hr_arena_fmt(
            arena,
            "working day with exactly one distinct punch, or only break or "
            "field-trip punches (neither late nor early: it may be the "
            "check-out); a punch within %d minute%s of the one before is the same "
            "punch pressed again (rules/repeat_punch_min), and a day whose check-in "
            "(check-out) slot the vendor's own record leaves unpunched (DingTalk "
            "NotSigned, WeCom 未打卡) and whose punches are all check-outs "
            "(check-ins) is a missing punch too",
            r->repeat_punch_min, r->repeat_punch_min == 1 ? "" : "s");
    default:
        return "working day with no punch and no approved leave (the leave feed, or an approval "
               "the attendance vendor records on a slot of the day: DingTalk procInstId / "
               "approveId); a working day with no punch and approved leave for part of its shift "
               "(a half day, timed leave) counts only the share of the shift not on leave (a "
               "morning off: 0.5), the leave row cited; in days, rounded down to a tenth";
    }
}

static const char *const s_att_codes[] = {"late_arrivals", "late_minutes",    "late_over_60",
                                          "early_leaves",  "missing_punches", "absences"};

static double s_att_value(const an_att_totals_t *t, int i)
{
    switch (i) {
    case 0:
        return t->late_arrivals;
    case 1:
        return t->late_minutes;
    case 2:
        return t->late_over_60;
    case 3:
        return t->early_leaves;
    case 4:
        return t->missing_punches;
    default:
        return an_att_absences(t); // whole days and the parts not on leave
    }
}

static void s_hhmm(int32_t sec, char *buf, size_t len)
{
    snprintf(buf, len, "%02d:%02d", sec / 3600 % 24, sec / 60 % 60);
}

// The leave_days fact (README "Leave and schedules"): the working days counted that were on
// approved leave, a half day as 0.5 and timed leave as its share of the shift, with the leave rows
// as sources and the days; never compared with the team. cut_zh / cut_en: what the attendance
// facts' note adds.
static void s_leave_fact(s_q_t *q, const s_person_ctx_t *pc, const an_day_result_t *days, size_t nd,
                         double value, const char *cut_zh, const char *cut_en)
{
    Hr__Analytics__Fact *f =
        s_fact(q, "leave_days", round(value * 10) / 10, "days",
               "working days on approved leave (the leave feed): a whole day 1, a half day (上午 / "
               "下午) 0.5, timed leave its share of the shift; no lateness, early leave or absence "
               "is counted in it");
    int32_t from = days[0].day, to = days[nd - 1].day;
    char *types = "";
    for (size_t i = 0; i < pc->nleave; i++) {
        const s_leave_t *l = &pc->leave[i];
        if (l->to < from || l->from > to)
            continue;
        bool part = false; // a day of it in the window was counted as leave
        for (int32_t d = l->from < from ? from : l->from; d <= l->to && d <= to && !part; d++)
            part = days[d - from].leave_share > 0;
        if (!part)
            continue;
        const char *type = *l->row->subject ? l->row->subject : "leave";
        if (!strstr(types, type))
            types = hr_arena_fmt(q->arena, "%s%s%s", types, *types ? "、" : "", type);
        char a[HR_DATE_LEN], b[HR_DATE_LEN];
        hr_date_format(l->from, a);
        hr_date_format(l->to, b);
        char *note = hr_arena_fmt(q->arena, "%s %s..%s%s", type, a, b,
                                  l->a || l->b ? " (part of a day)" : "");
        s_add_source(q, f, l->row->file_no, l->row->line, l->row->offset,
                     l->from < from ? from : l->from, note);
    }
    for (size_t d = 0; d < nd; d++)
        if (days[d].leave_share > 0)
            s_add_day(q, f, days[d].day, nd);
    s_words(q, f, NULL, types, NULL, false);
    if (*cut_zh) {
        f->text_zh = hr_arena_fmt(q->arena, "%s%s", f->text_zh, cut_zh);
        f->text_en = hr_arena_fmt(q->arena, "%s%s", f->text_en, cut_en);
    }
}

// A share of a day rounded down to a hundredth, without trailing zeros: "0.5", "0.66" (2/3).
static void s_share_text(double v, char *buf, size_t len)
{
    snprintf(buf, len, "%.2f", floor(v * 100 + 1e-6) / 100);
    size_t n = strlen(buf);
    while (n && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n && buf[n - 1] == '.')
        buf[--n] = '\0';
}

// "4 h 30 min", "6 h", "45 min" (seconds left out: never more than it was).
static char *s_duration_text(hr_arena_t *arena, int64_t s)
{
    int64_t h = s / 3600, m = s % 3600 / 60;
    if (!h)
        return hr_arena_fmt(arena, "%lld min", (long long)m);
    if (!m)
        return hr_arena_fmt(arena, "%lld h", (long long)h);
    return hr_arena_fmt(arena, "%lld h %lld min", (long long)h, (long long)m);
}

// "09:00-13:30, 15:00-16:00": the stretches lo[i]..hi[i] of day (local seconds) as times.
static char *s_stretches_text(hr_arena_t *arena, int32_t day, const int64_t *lo, const int64_t *hi,
                              uint32_t n)
{
    char *out = "";
    for (uint32_t i = 0; i < n; i++) {
        char a[8], b[8];
        s_hhmm((int32_t)(lo[i] - (int64_t)day * 86400), a, sizeof a);
        s_hhmm((int32_t)(hi[i] - (int64_t)day * 86400), b, sizeof b);
        out = hr_arena_fmt(arena, "%s%s%s-%s", out, i ? ", " : "", a, b);
    }
    return out;
}

// A working day without a punch and with approved leave for part of its shift (README "Leave and
// schedules"): absent for the rest of the shift only. Each leave row holding a part of the shift
// is a source of the absences fact f that day, its note saying which part was absent and that
// the rest of the day was on approved leave.
static void s_absence_leave_sources(s_q_t *q, const s_person_ctx_t *pc, const an_day_result_t *r,
                                    Hr__Analytics__Fact *f)
{
    an_leave_part_t lp;
    s_leave_part((void *)pc, r->day, r->shift, &lp);
    int64_t start, end;
    s_shift_at(pc, r->day, &start, &end);
    // The shift cut into what was on leave and what was not (absent).
    int64_t alo[AN_LEAVE_PARTS_MAX + 1], ahi[AN_LEAVE_PARTS_MAX + 1];
    int64_t llo[AN_LEAVE_PARTS_MAX], lhi[AN_LEAVE_PARTS_MAX];
    uint32_t na = 0, nl = 0;
    int64_t at = start;
    for (uint32_t i = 0; i < lp.n && !lp.whole; i++) {
        int64_t a = lp.lo[i] > start ? lp.lo[i] : start, b = lp.hi[i] < end ? lp.hi[i] : end;
        if (b <= a)
            continue;
        if (a > at) {
            alo[na] = at;
            ahi[na++] = a;
        }
        llo[nl] = a;
        lhi[nl++] = b;
        at = b > at ? b : at;
    }
    if (at < end) {
        alo[na] = at;
        ahi[na++] = end;
    }
    int64_t absent_s = 0;
    for (uint32_t i = 0; i < na; i++)
        absent_s += ahi[i] - alo[i];
    char share[16];
    s_share_text(r->absent_share, share, sizeof share);
    const char *absent = s_stretches_text(q->arena, r->day, alo, ahi, na);
    const char *leave = s_stretches_text(q->arena, r->day, llo, lhi, nl);
    for (size_t i = 0; i < pc->nleave; i++) {
        const s_leave_t *l = &pc->leave[i];
        int64_t lo = 0, hi = 0;
        if (s_leave_row_on(pc, l, r->day, &lo, &hi) != S_LEAVE_PART)
            continue;
        lo = lo > start ? lo : start;
        hi = hi < end ? hi : end;
        // Several rows in one day: each says its own part too.
        const char *own = s_stretches_text(q->arena, r->day, &lo, &hi, 1);
        char a[HR_DATE_LEN], b[HR_DATE_LEN];
        hr_date_format(l->from, a);
        hr_date_format(l->to, b);
        char *note = hr_arena_fmt(
            q->arena,
            "absent %s only (%s of the day, %s of the %s shift): no punch, and the rest of the "
            "shift, %s, was on approved leave (%s %s..%s, part of a day%s%s)",
            absent, share, s_duration_text(q->arena, absent_s),
            s_duration_text(q->arena, end - start), leave,
            *l->row->subject ? l->row->subject : "leave", a, b,
            strcmp(own, leave) ? "; this record: " : "", strcmp(own, leave) ? own : "");
        s_add_source(q, f, l->row->file_no, l->row->line, l->row->offset, r->day, note);
    }
}

// A day and time of local seconds, "2026-11-27 18:30".
static void s_at_text(int64_t at, char *buf, size_t len)
{
    int32_t day = an_day_of_at(at);
    int32_t sec = (int32_t)(at - (int64_t)day * 86400);
    char d[HR_DATE_LEN];
    hr_date_format(day, d);
    snprintf(buf, len, "%s %02d:%02d", d, sec / 3600, sec / 60 % 60);
}

// The imports that cover each absent day for the person (README "Sources"): an absence has no
// record of its own; an import that covered the day - its punches show the device was in use,
// and none of them is the person's - is its source, one per import and day, named by its id,
// name and number. The imports are those the days counted come from (s_mask_build): the files
// naming the person's PIN, and the files of a known source that is the person's from their
// first file there on.
static void s_absence_sources(s_q_t *q, const s_span_t *sp, const an_day_result_t *days, size_t nd,
                              Hr__Analytics__Fact *f)
{
    const s_cover_t *c = q->cover;
    const s_mask_t *mk = &sp->mask;
    if (!f->value || !mk->m || !nd)
        return;
    uint32_t *cand = hr_arena_alloc(q->arena, (mk->nfiles + c->nos + 1) * sizeof *cand);
    int64_t *after = hr_arena_alloc(q->arena, (mk->nfiles + c->nos + 1) * sizeof *after);
    size_t n = 0;
    for (size_t i = 0; i < mk->nfiles; i++) {
        cand[n] = mk->files[i];
        after[n++] = INT64_MIN;
    }
    for (uint32_t no = 1; no < c->nos && mk->in_src; no++) {
        uint16_t src = c->src[no];
        if (!src || !mk->in_src[src - 1] || c->first[no] > c->last[no])
            continue;
        bool named = false;
        for (size_t i = 0; i < mk->nfiles && !named; i++)
            named = mk->files[i] == no;
        if (!named) {
            cand[n] = no;
            after[n++] = mk->src_from[src - 1];
        }
    }
    uint8_t **cov = hr_arena_alloc(q->arena, (n + 1) * sizeof *cov);
    for (size_t i = 0; i < n; i++) {
        s_mask_t tm;
        memset(&tm, 0, sizeof tm);
        tm.lo = days[0].day;
        tm.hi = days[nd - 1].day;
        tm.m = hr_arena_alloc(q->arena, nd);
        memset(tm.m, 0, nd);
        s_mask_spans(&tm, sp->pc, c, cand[i], after[i], NULL);
        cov[i] = tm.m;
    }
    for (size_t d = 0; d < nd; d++) {
        if (days[d].kind != AN_DAY_ABSENT)
            continue;
        for (size_t i = 0; i < n && f->n_sources < AN_FACT_SOURCES_MAX; i++) {
            if (!cov[i][d])
                continue;
            const Hr__Analytics__File *file = c->file[cand[i]];
            if (!f->sources)
                f->sources = hr_arena_alloc(q->arena, AN_FACT_SOURCES_MAX * sizeof *f->sources);
            Hr__Analytics__Source *x = hr_arena_alloc(q->arena, sizeof *x);
            hr__analytics__source__init(x);
            char hex[65] = "", lo[32], hi[32], day[HR_DATE_LEN];
            if (file->file_id.len == 32)
                s_hex(file->file_id.data, 32, hex);
            s_at_text(c->at_lo[cand[i]], lo, sizeof lo);
            s_at_text(c->at_hi[cand[i]], hi, sizeof hi);
            x->file_id = hr_arena_strdup(q->arena, hex);
            x->file_name = file->name;
            x->line = 0; // the whole import, no one record: the absence is what it does not hold
            x->raw =
                hr_arena_fmt(q->arena, "import %u (%s%s%s): punches from %s to %s", file->file_no,
                             file->format, *file->source ? ", source " : "", file->source, lo, hi);
            x->day = hr_arena_strdup(q->arena, hr_date_format(days[d].day, day));
            x->note = hr_arena_fmt(q->arena,
                                   "import %u covers this day for the person; no punch of theirs "
                                   "in it (nor in any import) that day",
                                   file->file_no);
            f->sources[f->n_sources++] = x;
        }
    }
}

// What the vendors' records changed in the facts, for the sentences (README "Vendor results").
typedef struct {
    char vendors[32];    // "DingTalk", "WeCom", "DingTalk, WeCom": whose results were followed
    char approvals[160]; // the approval ids of the approved days, the first ones
    uint32_t napprovals; // approval ids listed
    uint32_t approved_absent, approved_single; // approved days without a punch / with one
} s_vendor_words_t;

static void s_vendor_seen(s_vendor_words_t *vw, const char *format)
{
    const char *name = an_vendor_name(format);
    if (strstr(vw->vendors, name))
        return;
    size_t l = strlen(vw->vendors);
    snprintf(vw->vendors + l, sizeof vw->vendors - l, "%s%s", l ? ", " : "", name);
}

// One side of the day the vendor's record kept out of the counts (arrival: lateness, else the
// early leave): its record cited with a note saying why it is not counted, into f.
static void s_vendor_side(s_q_t *q, Hr__Analytics__Fact *f, const an_day_result_t *r,
                          const an_fpunch_t *p, bool arrival, s_vendor_words_t *vw)
{
    const an_vslot_t *v = arrival ? r->vin : r->vout;
    const an_excuse_t excuse = arrival ? r->late_excuse : r->early_excuse;
    const int32_t excused_min = arrival ? r->late_excused_min : r->early_excused_min;
    const char *what = arrival ? "arrival" : "departure";
    const char *sched = arrival ? "after the scheduled" : "before the scheduled end";
    char note[320], t[8], st[8];
    s_hhmm(p->sec, t, sizeof t);
    int32_t own = arrival ? r->shift.start_min * 60 : r->shift.end_min % 1440 * 60;
    s_hhmm(v->has_sched ? (int32_t)(v->sched_at % 86400) : own, st, sizeof st);
    const char *by = v->has_sched ? an_vendor_sched_field(v->format) : "the schedules";
    if (excuse == AN_EXCUSE_VENDOR_NORMAL)
        snprintf(note, sizeof note,
                 "not counted: %s %s is %d min %s %s (%s), but %s's own result for it is %s (%s): "
                 "the attendance system's result is followed",
                 what, t, excused_min, sched, st, by, an_vendor_name(v->format), v->result,
                 an_vendor_result_field(v->format));
    else if (excuse == AN_EXCUSE_APPROVAL)
        snprintf(note, sizeof note,
                 "not counted: %s %s is %d min %s %s (%s), and %s's %s slot carries approval %s",
                 what, t, excused_min, sched, st, by, an_vendor_name(v->format),
                 arrival ? "check-in" : "check-out", v->approval);
    else
        snprintf(note, sizeof note,
                 "not counted: %s's own result for %s %s is %s (%s), but by the rules (grace %d "
                 "minutes %s %s) it is not %s",
                 an_vendor_name(v->format), what, t, v->result, an_vendor_result_field(v->format),
                 arrival ? q->ctx->rules.grace_min : q->ctx->rules.early_grace_min, sched, st,
                 arrival ? "late" : "early");
    s_vendor_seen(vw, v->format);
    s_add_source(q, f, v->file_no, v->record, 0, r->day, note);
}

// The sources of what the vendors' records kept out of the counts: lateness or an early leave
// their own result calls normal or their slot approves, lateness they see and the rules do not,
// a day whose slot carries an approval. Each cites the vendor's record and says it is not counted.
static void s_vendor_sources(s_q_t *q, Hr__Analytics__Fact *const *f, const an_day_result_t *r,
                             const an_fpunch_t *punches, s_vendor_words_t *vw)
{
    if (r->late_excuse || r->vendor_late_only)
        s_vendor_side(q, f[0], r, &punches[r->arrival_ix], true, vw);
    if (r->early_excuse || r->vendor_early_only)
        s_vendor_side(q, f[3], r, &punches[r->departure_ix], false, vw);
    if (r->kind == AN_DAY_APPROVED) {
        const an_vslot_t *v = r->approval_slot;
        bool none = !r->npunch && !r->nneutral;
        char note[320];
        snprintf(note, sizeof note,
                 "not %s: %s's %s slot has no punch (%s %s) and carries approval %s",
                 none ? "an absence" : "a missing punch", an_vendor_name(v->format),
                 v->check == AN_STATE_IN ? "check-in" : "check-out",
                 an_vendor_result_field(v->format), *v->result ? v->result : "\"\"", v->approval);
        s_vendor_seen(vw, v->format);
        s_add_source(q, f[none ? 5 : 4], v->file_no, v->record, 0, r->day, note);
        if (none)
            vw->approved_absent++;
        else
            vw->approved_single++;
        if (vw->napprovals < 4 && !strstr(vw->approvals, v->approval)) {
            size_t l = strlen(vw->approvals);
            snprintf(vw->approvals + l, sizeof vw->approvals - l, "%s%s", l ? ", " : "",
                     v->approval);
            vw->napprovals++;
        }
    }
}

// The sentences of fact i (s_att_codes) say what the vendors' records kept out of its count.
static void s_vendor_words(s_q_t *q, Hr__Analytics__Fact *f, int i, const an_att_totals_t *tot,
                           const s_vendor_words_t *vw)
{
    const char *who = *vw->vendors ? vw->vendors : "DingTalk/WeCom";
    uint32_t excused = i == 0 ? tot->late_excused : i == 3 ? tot->early_excused : 0;
    uint32_t only = i == 0 ? tot->vendor_late : i == 3 ? tot->vendor_early : 0;
    uint32_t approved = i == 5 ? vw->approved_absent : i == 4 ? vw->approved_single : 0;
    bool late = i == 0;
    if (excused) {
        f->text_zh =
            hr_arena_fmt(q->arena,
                         "%s另有%u次%s，但考勤系统（%s）自身的结果为正常或有审批，"
                         "以该结果为准，未计为%s（见来源）。",
                         f->text_zh, excused, late ? "到岗晚于排班时间" : "离岗早于排班时间", who,
                         late ? "迟到" : "早退");
        f->text_en = hr_arena_fmt(
            q->arena,
            "%s %u more %s the scheduled time %s not counted: the company's attendance app (%s) "
            "itself "
            "recorded %s as normal or approved, and its result is followed (see sources).",
            f->text_en, excused,
            late ? (excused == 1 ? "arrival after" : "arrivals after")
                 : (excused == 1 ? "departure before" : "departures before"),
            excused == 1 ? "is" : "are", who, excused == 1 ? "it" : "them");
    }
    if (only) {
        f->text_zh =
            hr_arena_fmt(q->arena,
                         "%s考勤系统（%s）自身判定为%s的另有%u次，按公司考勤规则（宽限%d分钟）"
                         "不算，未计（见来源）。",
                         f->text_zh, who, late ? "迟到" : "早退", only,
                         late ? q->ctx->rules.grace_min : q->ctx->rules.early_grace_min);
        f->text_en = hr_arena_fmt(
            q->arena,
            "%s The company's attendance app (%s) itself marked %u more %s %s that "
            "the company's rules (grace %d minutes) do not: not counted "
            "(see sources).",
            f->text_en, who, only,
            late ? (only == 1 ? "arrival" : "arrivals") : (only == 1 ? "departure" : "departures"),
            late ? "late" : "early",
            late ? q->ctx->rules.grace_min : q->ctx->rules.early_grace_min);
    }
    if (approved) {
        bool absent = i == 5;
        f->text_zh = hr_arena_fmt(q->arena,
                                  "%s另有%u个工作日%s，但考勤系统（%s）记录了审批（%s），"
                                  "未计为%s。",
                                  f->text_zh, approved, absent ? "无打卡" : "只有一次打卡", who,
                                  vw->approvals, absent ? "缺勤" : "缺卡");
        f->text_en = hr_arena_fmt(
            q->arena,
            "%s %u more working day%s %s carr%s an approval in the attendance app (%s: %s): "
            "not counted as %s.",
            f->text_en, approved, approved == 1 ? "" : "s",
            absent ? "without a punch" : "with a single punch", approved == 1 ? "ies" : "y", who,
            vw->approvals,
            absent ? (approved == 1 ? "an absence" : "absences")
                   : (approved == 1 ? "a missing punch" : "missing punches"));
    }
}

// The attendance facts count the days of the window that are over and that the person's imports
// cover (s_counted): their window is the first to the last such day, and a sentence says so when
// that is less than the window asked for, and how many working days inside no import covers.
// None at all: no attendance fact, and the reply's note says why.
// ---- the days asked about one by one (GetFactsRequest.days, README "Day records") ----

#define S_DAY_SOURCES_MAX 8 // sources of one day record: its first and last punch, leave rows

static void s_day_source(s_q_t *q, Hr__Analytics__DayRecord *dr, Hr__Analytics__Source *src)
{
    if (dr->n_sources >= S_DAY_SOURCES_MAX)
        return;
    if (!dr->sources)
        dr->sources = hr_arena_alloc(q->arena, S_DAY_SOURCES_MAX * sizeof *dr->sources);
    dr->sources[dr->n_sources++] = src;
}

// The leave rows holding some of day (whole or part), as sources of dr.
static void s_day_leave_sources(s_q_t *q, const s_person_ctx_t *pc, int32_t day,
                                Hr__Analytics__DayRecord *dr)
{
    for (size_t i = 0; i < pc->nleave; i++) {
        const s_leave_t *l = &pc->leave[i];
        int64_t lo = 0, hi = 0;
        int on = s_leave_row_on(pc, l, day, &lo, &hi);
        if (on == S_LEAVE_NONE)
            continue;
        char a[HR_DATE_LEN], b[HR_DATE_LEN];
        hr_date_format(l->from, a);
        hr_date_format(l->to, b);
        char *note = hr_arena_fmt(q->arena, "approved %s %s..%s%s",
                                  *l->row->subject ? l->row->subject : "leave", a, b,
                                  on == S_LEAVE_PART ? " (part of the day)" : "");
        s_day_source(q, dr,
                     s_source_new(q, l->row->file_no, l->row->line, l->row->offset, day, note));
    }
}

// What the feed shows on one counted day r (an_att_evaluate's result).
static void s_day_counted(s_q_t *q, const s_person_ctx_t *pc, const an_day_result_t *r,
                          const an_fpunch_t *punches, Hr__Analytics__DayRecord *dr)
{
    char t[8], u[8];
    dr->absent_share = r->kind == AN_DAY_ABSENT ? r->absent_share : 0;
    dr->leave_share = r->leave_share;
    switch (r->kind) {
    case AN_DAY_REST:
        dr->status = s_is_irregular(pc, r->day) ? "irregular" : "rest";
        dr->note = s_is_irregular(pc, r->day)
                       ? "不定时工作制 (irregular working hours): no absence is counted"
                       : "not a working day (the company calendar or the person's schedule)";
        break;
    case AN_DAY_LEAVE:
        dr->status = "leave";
        dr->note = "on approved leave all the shift";
        s_day_leave_sources(q, pc, r->day, dr);
        break;
    case AN_DAY_ABSENT:
        dr->status = "absent";
        dr->note = r->leave_share > 0 ? "no punch; approved leave for part of the shift"
                                      : "no punch, no approved leave";
        if (r->leave_share > 0)
            s_day_leave_sources(q, pc, r->day, dr);
        break;
    case AN_DAY_APPROVED: {
        const an_vslot_t *v = r->approval_slot;
        dr->status = "approved";
        dr->note = hr_arena_fmt(q->arena, "%s records an approval (%s) on the day's slot",
                                v ? an_vendor_name(v->format) : "the attendance system",
                                v && *v->approval ? v->approval : "no id");
        if (v)
            s_day_source(q, dr, s_source_new(q, v->file_no, v->record, 0, r->day, dr->note));
        break;
    }
    case AN_DAY_MISSING:
    case AN_DAY_PRESENT: {
        bool two = r->kind == AN_DAY_PRESENT && r->departure_ix >= 0;
        dr->status = two ? "present" : "missing_punch";
        if (r->arrival_ix < 0)
            break;
        const an_fpunch_t *a = &punches[r->arrival_ix];
        s_hhmm(a->sec, t, sizeof t);
        s_day_source(q, dr,
                     s_source_new(q, a->file_no, a->line, a->offset, r->day,
                                  hr_arena_fmt(q->arena, "%s %s", two ? "check-in" : "punch", t)));
        if (!two) {
            dr->note = hr_arena_fmt(q->arena, "one punch: %s", t);
            break;
        }
        const an_fpunch_t *b = &punches[r->departure_ix];
        s_hhmm(b->sec, u, sizeof u);
        s_day_source(q, dr,
                     s_source_new(q, b->file_no, b->line, b->offset, r->day,
                                  hr_arena_fmt(q->arena, "check-out %s", u)));
        dr->note = hr_arena_fmt(q->arena, "%d punches: %s to %s", r->npunch, t, u);
        break;
    }
    }
}

// rep->day_records for q->asked: days[0..nd) are the results of sp's counted days (none when
// nothing was counted).
static void s_day_records(s_q_t *q, const s_span_t *sp, const an_day_result_t *days, size_t nd,
                          const an_fpunch_t *punches)
{
    if (!q->nasked)
        return;
    q->rep->day_records = hr_arena_alloc(q->arena, q->nasked * sizeof *q->rep->day_records);
    for (size_t i = 0; i < q->nasked; i++) {
        int32_t d = q->asked[i];
        Hr__Analytics__DayRecord *dr = hr_arena_alloc(q->arena, sizeof *dr);
        hr__analytics__day_record__init(dr);
        char ds[HR_DATE_LEN];
        dr->day = hr_arena_strdup(q->arena, hr_date_format(d, ds));
        q->rep->day_records[q->rep->n_day_records++] = dr;
        if (d < sp->pc->hired || d > sp->pc->left) {
            dr->status = "not_employed";
            dr->note = "not employed on the day (the people feed's hire and leave dates)";
        } else if (d > q->cover->yesterday) {
            dr->status = "not_over";
            dr->note = "the day is not over: nothing is counted for it yet";
        } else if (days && d >= days[0].day && d < days[0].day + (int32_t)nd &&
                   s_mask_has(&sp->mask, d)) {
            s_day_counted(q, sp->pc, &days[d - days[0].day], punches, dr);
        } else {
            dr->status = "uncovered";
            dr->note = sp->mask.has_files
                           ? "no attendance import of the person covers the day: nothing of it "
                             "is known"
                           : "no attendance import names the person's PIN: nothing of their "
                             "attendance is known";
        }
    }
}

static hr_rc_t s_attendance_facts(s_q_t *q, const char *emp, const char *pin, int32_t from,
                                  int32_t to, const s_team_t *team)
{
    s_span_t sp;
    hr_rc_t rc =
        s_counted(q->txn, q->ctx, q->cover, emp, q->dept, q->person, pin, from, to, q->arena, &sp);
    if (rc)
        return rc;
    char *cut_zh = "", *cut_en = "";
    char day_s[HR_DATE_LEN];
    q->rep->attendance_from = hr_arena_strdup(q->arena, hr_date_format(sp.from, day_s));
    q->rep->attendance_to = hr_arena_strdup(q->arena, hr_date_format(sp.to, day_s));
    q->rep->attendance_named = sp.mask.has_files;
    if (sp.to < sp.from) { // no day to count: a 0 would read as a clean record
        s_cut_words(q->arena, q->cover, &sp, from, to, 0, "", &q->rep->attendance_note, &cut_zh,
                    &cut_en);
        s_day_records(q, &sp, NULL, 0, NULL);
        return HR_OK;
    }
    char asked_from[HR_DATE_LEN], asked_to[HR_DATE_LEN];
    memcpy(asked_from, q->from_s, sizeof asked_from);
    memcpy(asked_to, q->to_s, sizeof asked_to);
    hr_date_format(sp.from, q->from_s); // the attendance facts' window: the days counted
    hr_date_format(sp.to, q->to_s);
    int32_t asked_first = from, asked_last = to;
    from = sp.from;
    to = sp.to;
    size_t nd = (size_t)(to - from + 1);
    an_day_result_t *days = hr_alloc(nd * sizeof *days);
    an_fpunch_t *punches = NULL;
    size_t np = 0, cap = 0;
    an_att_totals_t tot;
    uint32_t uncovered = 0;
    char *holes = "";
    rc = s_attendance(q->txn, q->ctx, sp.pc, pin, from, to, &sp.mask, q->arena, &punches, &np, &cap,
                      days, &tot, &uncovered, &holes);
    if (rc)
        goto out;
    s_cut_words(q->arena, q->cover, &sp, asked_first, asked_last, uncovered, holes,
                &q->rep->attendance_note, &cut_zh, &cut_en);
    q->rep->attendance_uncovered = uncovered;
    q->rep->working_days = tot.working_days;
    q->rep->leave_days = round((tot.leave_days + tot.leave_part) * 10) / 10;
    // 不定时工作制 (irregular hours): no fixed start or end to be late for or absent from. Its
    // days count for none of the attendance facts, and the note says so; all of them: no fact.
    uint32_t irregular = 0;
    for (int32_t d = from; d <= to; d++)
        irregular += s_is_irregular(sp.pc, d);
    if (irregular) {
        const char *n = *q->rep->attendance_note ? "; " : "";
        q->rep->attendance_note = hr_arena_fmt(
            q->arena,
            "%s%s%u working day%s under 不定时工作制 (irregular working hours, no fixed start or "
            "end): no lateness, early leave nor absence is counted for %s",
            q->rep->attendance_note, n, irregular, irregular == 1 ? "" : "s",
            irregular == 1 ? "it" : "them");
        cut_zh =
            hr_arena_fmt(q->arena, "%s其间有%u个工作日实行不定时工作制，不计迟到、早退或缺勤。",
                         cut_zh, irregular);
        cut_en = hr_arena_fmt(q->arena,
                              "%s %u working day%s under irregular working hours (不定时工作制): "
                              "no lateness, early leave or absence is counted for %s.",
                              cut_en, irregular, irregular == 1 ? "" : "s",
                              irregular == 1 ? "it" : "them");
    }
    // Working days counted in years the calendar does not declare: by the week, provisional
    // (the reply's calendar note, and a sentence in each attendance fact).
    s_calnote_t cn;
    memset(&cn, 0, sizeof cn);
    s_calnote_add(q->ctx, &cn, days, nd);
    if (cn.days) {
        char *cal_zh, *cal_en;
        s_calnote_words(q->arena, q->ctx, &cn, &q->rep->calendar_note_zh, &q->rep->calendar_note_en,
                        &cal_zh, &cal_en);
        q->rep->calendar_years = hr_arena_alloc(q->arena, cn.n * sizeof *q->rep->calendar_years);
        memcpy(q->rep->calendar_years, cn.years, cn.n * sizeof *q->rep->calendar_years);
        q->rep->n_calendar_years = cn.n;
        q->rep->calendar_days = cn.days;
        cut_zh = hr_arena_fmt(q->arena, "%s%s", cut_zh, cal_zh);
        cut_en = hr_arena_fmt(q->arena, "%s%s", cut_en, cal_en);
    }
    if (!tot.working_days && irregular)
        goto out; // nothing but irregular hours: no attendance fact (a 0 would read as clean)
    // The days the person was due at work: working days not on leave (a half day counts half).
    double due = tot.working_days - tot.leave_days - tot.leave_part;
    bool any_leave = tot.leave_days || tot.leave_part > 0;
    Hr__Analytics__Fact *f[6];
    for (int i = 0; i < 6; i++)
        f[i] = s_fact(q, s_att_codes[i], s_att_value(&tot, i), i == 1 ? "minutes" : "days",
                      s_att_rule(q->arena, &q->ctx->rules, i));
    s_vendor_words_t vw;
    memset(&vw, 0, sizeof vw);
    for (size_t d = 0; d < nd; d++) {
        const an_day_result_t *r = &days[d];
        char note[320], t[8];
        s_vendor_sources(q, f, r, punches, &vw);
        if (r->late_min > 0) {
            const an_fpunch_t *a = &punches[r->arrival_ix];
            s_hhmm(a->sec, t, sizeof t);
            if (r->start_vendor) { // the vendor's schedule, and the record that gives it
                char st[8];
                s_hhmm((int32_t)(r->vin->sched_at % 86400), st, sizeof st);
                snprintf(note, sizeof note,
                         "arrival %s, %d min late (scheduled %s by %s's own record: %s, import %u "
                         "record %u%s%s)",
                         t, r->late_min, st, an_vendor_name(r->vin->format),
                         an_vendor_sched_field(r->vin->format), r->vin->file_no, r->vin->record,
                         r->vin->punched && *r->vin->result ? "; its result: " : "",
                         r->vin->punched ? r->vin->result : "");
            } else {
                snprintf(note, sizeof note, "arrival %s, %d min late", t, r->late_min);
            }
            s_add_source(q, f[0], a->file_no, a->line, a->offset, r->day, note);
            s_add_source(q, f[1], a->file_no, a->line, a->offset, r->day, note);
            s_add_day(q, f[0], r->day, nd);
            s_add_day(q, f[1], r->day, nd);
            if (r->late_min > q->ctx->rules.very_late_min) {
                s_add_source(q, f[2], a->file_no, a->line, a->offset, r->day, note);
                s_add_day(q, f[2], r->day, nd);
            }
        }
        if (r->early_min > 0) {
            const an_fpunch_t *b = &punches[r->departure_ix];
            s_hhmm(b->sec, t, sizeof t);
            if (r->end_vendor) {
                char st[8];
                s_hhmm((int32_t)(r->vout->sched_at % 86400), st, sizeof st);
                snprintf(note, sizeof note,
                         "departure %s, %d min early (scheduled end %s by %s's own record: %s, "
                         "import %u record %u%s%s)",
                         t, r->early_min, st, an_vendor_name(r->vout->format),
                         an_vendor_sched_field(r->vout->format), r->vout->file_no, r->vout->record,
                         r->vout->punched && *r->vout->result ? "; its result: " : "",
                         r->vout->punched ? r->vout->result : "");
            } else {
                snprintf(note, sizeof note, "departure %s, %d min early", t, r->early_min);
            }
            s_add_source(q, f[3], b->file_no, b->line, b->offset, r->day, note);
            s_add_day(q, f[3], r->day, nd);
        }
        if (r->kind == AN_DAY_MISSING) {
            const an_fpunch_t *a = &punches[r->arrival_ix];
            s_hhmm(a->sec, t, sizeof t);
            if (r->unsigned_slot) {
                // The vendor's record, and the first of the punches all of the other side.
                const an_vslot_t *v = r->unsigned_slot;
                bool in = v->check == AN_STATE_IN;
                snprintf(note, sizeof note,
                         "no %s: %s's own record for the %s slot has no punch (%s %s), and the "
                         "day's punches are all %ss: the attendance system's result is followed, "
                         "a missing punch, not %s",
                         in ? "check-in" : "check-out", an_vendor_name(v->format),
                         in ? "check-in" : "check-out", an_vendor_result_field(v->format),
                         *v->result ? v->result : "\"\"", in ? "check-out" : "check-in",
                         in ? "lateness" : "an early leave");
                s_add_source(q, f[4], v->file_no, v->record, 0, r->day, note);
                snprintf(note, sizeof note, "%s %s, the first of %d (no %s: see %s's record)",
                         in ? "check-out" : "check-in", t, r->npunch + r->nrepeat,
                         in ? "check-in" : "check-out", an_vendor_name(v->format));
            } else if (!r->npunch) {
                snprintf(note, sizeof note,
                         "no check-in or check-out: break or field-trip punch %s", t);
            } else if (r->nrepeat) {
                snprintf(note, sizeof note,
                         "only punch %s, pressed %d time%s more within %d min (the same punch: "
                         "rules/repeat_punch_min)",
                         t, r->nrepeat, r->nrepeat == 1 ? "" : "s", q->ctx->rules.repeat_punch_min);
            } else if (r->nneutral)
                snprintf(note, sizeof note,
                         "only punch %s (besides %d break or field-trip punch%s: neither)", t,
                         r->nneutral, r->nneutral == 1 ? "" : "es");
            else
                snprintf(note, sizeof note, "only punch %s", t);
            s_add_source(q, f[4], a->file_no, a->line, a->offset, r->day, note);
            s_add_day(q, f[4], r->day, nd);
        }
        if (r->kind == AN_DAY_ABSENT) {
            s_add_day(q, f[5], r->day, nd);
            if (r->leave_share > 0) // leave for part of the shift: absent for the rest only
                s_absence_leave_sources(q, sp.pc, r, f[5]);
        }
    }
    s_absence_sources(q, &sp, days, nd, f[5]);
    // Team: every member with their own PIN and schedules.
    size_t on_leave = 0; // colleagues on leave every working day counted: nothing to compare
    if (team && due > 0) {
        double *vals[6];
        for (int i = 0; i < 6; i++)
            vals[i] = hr_arena_alloc(q->arena, team->n * sizeof(double));
        size_t nv = 0;
        an_day_result_t *tdays = hr_alloc(nd * sizeof *tdays);
        s_fileset_t tfiles = {.n = 0};
        for (size_t m = 0; m < team->n && !rc; m++) {
            Hr__Analytics__Person *p = NULL;
            if (an_store_person_get(q->txn, team->members[m], q->arena, &p))
                continue;
            // Each colleague over the same days, as far as their own imports cover them.
            s_span_t ts;
            rc = s_counted(q->txn, q->ctx, q->cover, p->employee_no, p->department, p, p->pin, from,
                           to, q->arena, &ts);
            if (rc || ts.to < ts.from)
                continue;
            an_att_totals_t tt;
            rc = s_attendance(q->txn, q->ctx, ts.pc, p->pin, ts.from, ts.to, &ts.mask, q->arena,
                              &punches, &np, &cap, tdays, &tt, NULL, NULL);
            if (rc || !tt.working_days)
                continue; // not employed in the window: no colleague to compare with
            // A colleague on leave all of those days worked none of them: no perfect record,
            // no record at all - left out, and the comparison says how many.
            double tdue = tt.working_days - tt.leave_days - tt.leave_part;
            if (tdue <= 0) {
                on_leave++;
                continue;
            }
            // Colleagues whose imports cover more or fewer working days (or who were on leave
            // some of them) are compared at their rate per working day covered and not on
            // leave, scaled to the person's: one late day in 5 covered is 2 in the person's 10,
            // not 1.
            double scale = due / tdue;
            any_leave |= tt.leave_days || tt.leave_part > 0;
            if (fabs(tdue - due) > 1e-9)
                q->per_days = due;
            for (int i = 0; i < 6; i++)
                vals[i][nv] = round(s_att_value(&tt, i) * scale * 10) / 10;
            nv++;
            for (size_t k = 0; k < np; k++) // the imports the colleague's punches came from
                if (punches[k].day >= ts.from && punches[k].day <= ts.to)
                    s_fileset_add(&tfiles, punches[k].file_no);
        }
        hr_free(tdays);
        for (int i = 0; i < 6; i++) {
            s_compare(q->arena, f[i], vals[i], nv);
            s_team_files(q->txn, q->arena, f[i], &tfiles);
        }
    }
    q->per_leave = q->per_days > 0 && any_leave;
    q->absent_part_days = tot.absent_part_days;
    q->absent_part = an_att_absences(&tot) - tot.absences;
    char pd[32];
    snprintf(pd, sizeof pd, "%g", round(q->per_days * 10) / 10);
    for (int i = 0; i < 6; i++) {
        s_words(q, f[i], NULL, NULL, NULL, false);
        s_vendor_words(q, f[i], i, &tot, &vw);
        if (q->per_days && f[i]->has_comparison)
            f[i]->comparison = hr_arena_fmt(
                q->arena,
                "%s; each colleague's rate per covered working day%s, over %s working days",
                f[i]->comparison, q->per_leave ? " not on leave" : "", pd);
        if (team && due <= 0) { // the person was on leave every working day counted
            f[i]->comparison = "not compared: on approved leave every working day counted";
            f[i]->text_zh =
                hr_arena_fmt(q->arena, "%s（所计工作日均为批准的假期，不作比较。）", f[i]->text_zh);
            f[i]->text_en = hr_arena_fmt(q->arena,
                                         "%s (On approved leave every working day counted: not "
                                         "compared.)",
                                         f[i]->text_en);
        }
        if (on_leave) {
            f[i]->comparison = hr_arena_fmt(
                q->arena,
                "%s; %zu colleague%s on approved leave every working day counted left out (no day "
                "worked)",
                f[i]->comparison, on_leave, on_leave == 1 ? "" : "s");
            f[i]->text_zh = hr_arena_fmt(q->arena,
                                         "%s（另有%zu名同事所计工作日均在休假，无出勤可比，未计入"
                                         "比较。）",
                                         f[i]->text_zh, on_leave);
            f[i]->text_en = hr_arena_fmt(q->arena,
                                         "%s (%zu colleague%s on approved leave every working day "
                                         "counted, with no day worked, %s left out of the "
                                         "comparison.)",
                                         f[i]->text_en, on_leave, on_leave == 1 ? "" : "s",
                                         on_leave == 1 ? "is" : "are");
        }
        if (*cut_zh) {
            f[i]->text_zh = hr_arena_fmt(q->arena, "%s%s", f[i]->text_zh, cut_zh);
            f[i]->text_en = hr_arena_fmt(q->arena, "%s%s", f[i]->text_en, cut_en);
        }
    }
    if (tot.leave_days || tot.leave_part > 0)
        s_leave_fact(q, sp.pc, days, nd, tot.leave_days + tot.leave_part, cut_zh, cut_en);
    q->per_leave = false;
    q->per_days = 0;
    q->absent_part_days = 0;
    q->absent_part = 0;
out:
    if (!rc)
        s_day_records(q, &sp, days, nd, punches);
    memcpy(q->from_s, asked_from, sizeof asked_from); // the other facts keep the window asked for
    memcpy(q->to_s, asked_to, sizeof asked_to);
    hr_free(days);
    hr_free(punches);
    return rc;
}

// ---- KPI, sales, training ----

typedef struct {
    Hr__Analytics__Row **rows;
    size_t n, cap;
    hr_arena_t *arena;
    int32_t from, to;
} s_rows_t;

static hr_rc_t s_collect(void *arg, const Hr__Analytics__Row *row)
{
    s_rows_t *r = arg;
    if (row->day_to < r->from || row->day_from > r->to)
        return HR_OK;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        Hr__Analytics__Row **n = hr_arena_alloc(r->arena, cap * sizeof *n);
        if (r->n)
            memcpy(n, r->rows, r->n * sizeof *n);
        r->rows = n;
        r->cap = cap;
    }
    r->rows[r->n++] = (Hr__Analytics__Row *)row;
    return HR_OK;
}

static hr_rc_t s_rows(s_q_t *q, const char *type, Hr__Analytics__FeedKind kind, const char *emp,
                      int32_t from, int32_t to, s_rows_t *out)
{
    memset(out, 0, sizeof *out);
    out->arena = q->arena;
    out->from = from;
    out->to = to;
    return an_store_rows_each(q->txn, kind, type, emp, q->arena, s_collect, out);
}

static void s_num(double v, char *buf, size_t len)
{
    if (fabs(v - llround(v)) < 1e-9)
        snprintf(buf, len, "%lld", (long long)llround(v));
    else
        snprintf(buf, len, "%.2f", v);
}

// ---- leave, the employment period and the end of a KPI or training period ----
// (README "Leave and protected statuses")

// Working days of the company calendar from a to b.
static uint32_t s_workdays(const an_query_ctx_t *ctx, int32_t a, int32_t b)
{
    uint32_t n = 0;
    for (int32_t d = a; d <= b; d++)
        n += ctx->calendar ? hr_calendar_is_working(ctx->calendar, d) : hr_date_weekday(d) < 5;
    return n;
}

// What one period (a KPI's, a warning window) holds for a person.
typedef struct {
    int32_t from, to;         // the period
    int32_t emp_from, emp_to; // the part of it the person was employed (emp_to < emp_from: none)
    uint32_t days;            // working days of the period
    uint32_t employed;        // ... the person was employed
    uint32_t leave;           // ... of those on leave (any type)
    uint32_t protected_leave; // ... on leave the law protects (an_leave_protection)
    const char *law;          // the articles of the first protected leave, NULL: none
    char *list;               // arena: each leave in it, "产假 2026-11-16..2026-11-30 (10 working
                              // days)"; "" none
    char *plist;              // arena: the protected leave only, the same way; "" none
    int32_t pfirst, plast;    // the first and last day of protected leave in it (pfirst > plast:
                              // none); the employed part of it with a protected status
    const s_status_t *status; // borrowed: the directory's protected statuses, NULL: none
    bool partial;             // the person was employed for part of the period only
    bool in_progress;         // the period is not over (ends after yesterday)
    s_calnote_t cal;          // the working days of the period in years the calendar does not
                              // declare: its counts above are by the week there (provisional)
} s_period_t;

// A leave row's type as shown ("" reads as leave of no given type).
static const char *s_leave_type(const Hr__Analytics__Row *lr)
{
    return *lr->subject ? lr->subject : "请假 leave";
}

// The leave (lv: the person's leave rows), employment (hired..left), protected statuses (st,
// NULL: none; the directory dates none, so they hold for all of it) and end of from..to;
// yesterday: the last day that is over.
static void s_period(const an_query_ctx_t *ctx, hr_arena_t *arena, int32_t yesterday, int32_t hired,
                     int32_t left, const s_rows_t *lv, const s_status_t *st, int32_t from,
                     int32_t to, s_period_t *pd)
{
    memset(pd, 0, sizeof *pd);
    pd->from = from;
    pd->to = to;
    pd->emp_from = from < hired ? hired : from;
    pd->emp_to = to > left ? left : to;
    pd->days = s_workdays(ctx, from, to);
    for (int32_t d = from; d <= to && ctx->calendar; d++)
        if (hr_calendar_is_working(ctx->calendar, d))
            s_calnote_day(ctx, &pd->cal, d);
    pd->employed = pd->emp_to < pd->emp_from ? 0 : s_workdays(ctx, pd->emp_from, pd->emp_to);
    pd->partial = pd->emp_from > from || pd->emp_to < to;
    pd->in_progress = to > yesterday;
    pd->list = pd->plist = "";
    pd->pfirst = to + 1;
    pd->plast = from - 1;
    for (int32_t d = pd->emp_from; d <= pd->emp_to; d++) {
        if (!(ctx->calendar ? hr_calendar_is_working(ctx->calendar, d) : hr_date_weekday(d) < 5))
            continue;
        bool on = false, prot = false;
        for (size_t i = 0; lv && i < lv->n; i++)
            if (d >= lv->rows[i]->day_from && d <= lv->rows[i]->day_to) {
                on = true;
                prot |= an_leave_protection(lv->rows[i]->subject) != NULL;
            }
        pd->leave += on;
        pd->protected_leave += prot;
    }
    for (size_t i = 0; lv && i < lv->n; i++) {
        const Hr__Analytics__Row *lr = lv->rows[i];
        int32_t a = lr->day_from < pd->emp_from ? pd->emp_from : lr->day_from;
        int32_t b = lr->day_to > pd->emp_to ? pd->emp_to : lr->day_to;
        if (b < a)
            continue;
        char fa[HR_DATE_LEN], fb[HR_DATE_LEN];
        hr_date_format(a, fa);
        hr_date_format(b, fb);
        uint32_t n = s_workdays(ctx, a, b);
        const char *one = hr_arena_fmt(arena, "%s %s%s%s (%u working day%s)", s_leave_type(lr), fa,
                                       b > a ? ".." : "", b > a ? fb : "", n, n == 1 ? "" : "s");
        pd->list = hr_arena_fmt(arena, "%s%s%s", pd->list, *pd->list ? ", " : "", one);
        const char *law = an_leave_protection(lr->subject);
        if (!law)
            continue;
        pd->law = pd->law ? pd->law : law;
        pd->plist = hr_arena_fmt(arena, "%s%s%s", pd->plist, *pd->plist ? ", " : "", one);
        pd->pfirst = a < pd->pfirst ? a : pd->pfirst;
        pd->plast = b > pd->plast ? b : pd->plast;
    }
    if (st && st->n && pd->emp_to >= pd->emp_from) {
        pd->status = st;
        pd->pfirst = pd->emp_from;
        pd->plast = pd->emp_to;
    }
}

// Whether a KPI fact of pd counts working days in a year the calendar does not declare: its
// sentences state the period's working days (employed part of it, leave in it) and some of them
// lie in such a year.
static bool s_period_calendar(const s_period_t *pd)
{
    return pd->cal.n && (pd->partial || pd->leave || pd->protected_leave);
}

// A KPI figure of the period is compared with colleagues only when the person was employed all
// through it, on no leave the law protects in it and with no protected status in the directory.
static bool s_period_comparable(const s_period_t *pd)
{
    return !pd->partial && !pd->protected_leave && !pd->status;
}

static void s_period_cal_words(hr_arena_t *arena, const an_query_ctx_t *ctx, const s_period_t *pd,
                               const char *per, char **zh, char **en);

// The sentences a KPI fact of period pd (as written: per) gets added, and why it is not compared
// (*why "" when it is). When they count the period's working days and some lie in a year the
// calendar does not declare, they say the counts are by the week there (s_period_calendar).
static void s_period_words(hr_arena_t *arena, const an_query_ctx_t *ctx, const s_period_t *pd,
                           const char *per, char **zh, char **en, const char **why)
{
    char a[HR_DATE_LEN], b[HR_DATE_LEN], t[HR_DATE_LEN];
    hr_date_format(pd->emp_from, a);
    hr_date_format(pd->emp_to, b);
    hr_date_format(pd->to, t);
    *why = "";
    if (pd->in_progress) {
        *zh = hr_arena_fmt(arena,
                           "%s考核周期%s至%s结束，尚未结束：完成率为进行中的数据，并非最终结果。",
                           *zh, per, t);
        *en =
            hr_arena_fmt(arena,
                         "%s Period %s runs to %s and is not over: the attainment is in progress, "
                         "not final.",
                         *en, per, t);
    }
    if (pd->partial) {
        *zh = hr_arena_fmt(arena,
                           "%s本人在考核周期%s的%u个工作日中仅在职%u个（%s至%s）：完成率只反映部分"
                           "周期，不与同事比较。",
                           *zh, per, pd->days, pd->employed, a, b);
        *en = hr_arena_fmt(arena,
                           "%s The person was employed for %u of the %u working days of period %s "
                           "(%s to %s): the attainment covers part of the period and is not "
                           "compared with colleagues.",
                           *en, pd->employed, pd->days, per, a, b);
        *why = hr_arena_fmt(arena,
                            "not compared: the person was employed for %u of the %u working days "
                            "of the period (%s to %s)",
                            pd->employed, pd->days, a, b);
    }
    if (pd->leave) {
        *zh = hr_arena_fmt(arena, "%s考核周期%s的%u个在职工作日中有%u个工作日休假：%s。", *zh, per,
                           pd->employed, pd->leave, pd->list);
        *en = hr_arena_fmt(arena,
                           "%s %u of the %u working days of period %s the person was employed were "
                           "leave: %s.",
                           *en, pd->leave, pd->employed, per, pd->list);
    }
    if (pd->protected_leave) {
        // The protected leave named again only when it is not all the leave just listed.
        bool all = !strcmp(pd->plist, pd->list);
        const char *which = all ? "" : hr_arena_fmt(arena, "%s; ", pd->plist);
        const char *which_zh = all ? "" : hr_arena_fmt(arena, "%s；", pd->plist);
        *zh = hr_arena_fmt(arena,
                           "%s其中%u个工作日为法律保护的假期（%s%s）：不得据此作出对本人不利的评价"
                           "，不与同事比较，不作预警。",
                           *zh, pd->protected_leave, which_zh, pd->law);
        *en = hr_arena_fmt(arena,
                           "%s %u of them were leave the law protects (%s%s): the figure must not "
                           "be held against the person; it is not compared with colleagues and "
                           "gives no warning.",
                           *en, pd->protected_leave, which, pd->law);
        *why = hr_arena_fmt(arena,
                            "not compared: %u of the period's working days were leave the law "
                            "protects (%s; %s)",
                            pd->protected_leave, pd->plist, pd->law);
    }
    if (pd->status)
        s_status_sentences(arena, pd->status, zh, en, why);
    if (s_period_calendar(pd))
        s_period_cal_words(arena, ctx, pd, per, zh, en);
}

// The caveat on the working-day counts of period pd (as written: per) when some of its working
// days lie in a year the calendar does not declare, added to *zh and *en (pd->cal.n > 0).
static void s_period_cal_words(hr_arena_t *arena, const an_query_ctx_t *ctx, const s_period_t *pd,
                               const char *per, char **zh, char **en)
{
    const char *yz = s_calnote_years(arena, ctx, &pd->cal, "年、", -1);
    const char *ye = s_calnote_years(arena, ctx, &pd->cal, ", ", -1);
    const char *nz = s_calnote_years(arena, ctx, &pd->cal, "年、", 0); // no statutory day
    const char *ne = s_calnote_years(arena, ctx, &pd->cal, ", ", 0);
    bool one = pd->cal.n == 1;
    *zh = hr_arena_fmt(
        arena,
        "%s考核周期%s有%u个工作日在%s年：%s国务院节假日安排通知尚未列入公司日历，这些日子按"
        "周一至周五计为工作日（%s），上面的工作日天数为暂定，通知列入日历后可能有变。",
        *zh, per, pd->cal.days, yz, one ? "该年" : "这些年份",
        *nz ? hr_arena_fmt(arena, "%s年的法定节假日也未列入日历，同样按工作日计", nz)
            : "法定节假日已按休息日计");
    *en = hr_arena_fmt(
        arena,
        "%s %u working day%s of period %s %s in %s, whose State Council holiday notice %s not "
        "in the company calendar yet: counted by the week (Monday to Friday; %s), so the "
        "working-day counts above are provisional until the notice is in the calendar.",
        *en, pd->cal.days, pd->cal.days == 1 ? "" : "s", per, pd->cal.days == 1 ? "is" : "are", ye,
        one ? "is" : "are",
        *ne ? hr_arena_fmt(arena,
                           "the statutory holidays of %s are not in the calendar either and "
                           "count as working days too",
                           ne)
            : "the statutory holidays are already days off");
}

// The years of pd's working days the calendar does not declare into f->calendar_years, when the
// fact's sentences count the period's working days (s_period_calendar).
static void s_period_calendar_field(hr_arena_t *arena, const s_period_t *pd, Hr__Analytics__Fact *f)
{
    if (!s_period_calendar(pd))
        return;
    f->calendar_years = hr_arena_alloc(arena, pd->cal.n * sizeof *f->calendar_years);
    memcpy(f->calendar_years, pd->cal.years, pd->cal.n * sizeof *f->calendar_years);
    f->n_calendar_years = pd->cal.n;
    f->calendar_days = pd->cal.days;
}

// Whether colleague emp's row of a KPI period from..to may be in a team median: employed all
// through the period, on no protected leave in it and with no protected status in the
// directory (s_period_comparable).
static hr_rc_t s_colleague_comparable(s_q_t *q, const char *emp, int32_t from, int32_t to, bool *ok)
{
    *ok = false;
    Hr__Analytics__Person *p = NULL;
    hr_rc_t rc = an_store_person_get(q->txn, emp, q->arena, &p);
    if (rc)
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    int32_t hired, left;
    s_employment(p, &hired, &left);
    s_rows_t lv;
    rc = s_rows(q, "leave", HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, emp, from, to, &lv);
    if (rc)
        return rc;
    s_status_t st;
    rc = s_status_load(q->txn, q->arena, emp, true, &st);
    if (rc)
        return rc;
    s_period_t pd;
    s_period(q->ctx, q->arena, AN_DAY_OPEN_TO, hired, left, &lv, &st, from, to, &pd);
    *ok = s_period_comparable(&pd);
    return HR_OK;
}

// The leave row lv holds for day (the first), NULL: none.
static const Hr__Analytics__Row *s_leave_on(const s_rows_t *lv, int32_t day)
{
    for (size_t i = 0; i < lv->n; i++)
        if (day >= lv->rows[i]->day_from && day <= lv->rows[i]->day_to)
            return lv->rows[i];
    return NULL;
}

// A failed course passed later in the window (the same course, a later date, at or above its
// pass mark) is no failure any more: the retake cleared it (README "training_failed").
static bool s_passed_later(const s_rows_t *tr, const Hr__Analytics__Row *failed)
{
    for (size_t i = 0; i < tr->n; i++) {
        const Hr__Analytics__Row *r = tr->rows[i];
        if (r->day_from > failed->day_from && r->a >= r->b && !strcmp(r->subject, failed->subject))
            return true;
    }
    return false;
}

static hr_rc_t s_perf_facts(s_q_t *q, const char *emp, int32_t from, int32_t to,
                            const s_team_t *team)
{
    const Hr__Analytics__FeedKind perf = HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE;
    // The person's leave and employment: a KPI period or a course day they touch says so
    // (README "Leave and protected statuses").
    int32_t hired, left;
    s_employment(q->person, &hired, &left);
    int32_t yesterday = q->cover ? q->cover->yesterday : AN_DAY_OPEN_TO;
    s_rows_t lv;
    hr_rc_t rc = s_rows(q, "leave", HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, emp,
                        AN_DAY_OPEN_FROM, AN_DAY_OPEN_TO, &lv);
    s_rows_t kpi;
    if (!rc)
        rc = s_rows(q, "kpi", perf, emp, from, to, &kpi);
    for (size_t i = 0; i < kpi.n && !rc; i++) {
        const Hr__Analytics__Row *r = kpi.rows[i];
        s_period_t pd;
        s_period(q->ctx, q->arena, yesterday, hired, left, &lv, &q->status, r->day_from, r->day_to,
                 &pd);
        char t1[32], t2[32];
        s_num(r->a, t1, sizeof t1);
        s_num(r->b, t2, sizeof t2);
        const char *not_compared = "";
        if (!an_kpi_has_attainment(r->a)) { // lower is better, target 0: the actual, stated
            Hr__Analytics__Fact *f =
                s_fact(q, "kpi_actual", r->b, "value",
                       "lower is better with a target of 0: no attainment (target / actual is 0 "
                       "whatever the actual); the actual is stated against the target, never "
                       "compared nor warned on");
            f->subject = r->subject;
            s_add_source(q, f, r->file_no, r->line, r->offset, r->day_from, r->text);
            s_words(q, f, r->text, t1, t2, false);
            s_period_words(q->arena, q->ctx, &pd, r->text, &f->text_zh, &f->text_en, &not_compared);
            s_period_calendar_field(q->arena, &pd, f);
            continue;
        }
        double att = an_kpi_attainment(r->a, r->b, r->lower_is_better);
        Hr__Analytics__Fact *f =
            s_fact(q, "kpi_attainment", round(att * 10) / 10, "percent",
                   r->lower_is_better ? "target / actual x 100 (lower is better)"
                                      : "actual / target x 100");
        f->subject = r->subject;
        s_add_source(q, f, r->file_no, r->line, r->offset, r->day_from, r->text);
        // Colleagues employed all through the period and on no protected leave in it; the person
        // likewise, or no comparison at all (a part of a month against whole months).
        if (team && s_period_comparable(&pd)) {
            double *vals = hr_arena_alloc(q->arena, (team->n + 1) * sizeof *vals);
            size_t nv = 0;
            s_fileset_t tfiles = {.n = 0};
            for (size_t m = 0; m < team->n && !rc; m++) {
                s_rows_t t;
                rc = s_rows(q, "kpi", perf, team->members[m], r->day_from, r->day_from, &t);
                for (size_t k = 0; k < t.n && !rc; k++) {
                    const Hr__Analytics__Row *c = t.rows[k];
                    if (c->day_from != r->day_from || c->day_to != r->day_to ||
                        strcmp(c->subject, r->subject) || !an_kpi_has_attainment(c->a))
                        continue;
                    bool ok = false;
                    rc = s_colleague_comparable(q, team->members[m], c->day_from, c->day_to, &ok);
                    if (ok) {
                        vals[nv++] = an_kpi_attainment(c->a, c->b, c->lower_is_better);
                        s_fileset_add(&tfiles, c->file_no);
                    }
                }
            }
            s_compare(q->arena, f, vals, nv);
            s_team_files(q->txn, q->arena, f, &tfiles);
            f->team_median = round(f->team_median * 10) / 10;
        }
        s_words(q, f, r->text, t1, t2, false);
        s_period_words(q->arena, q->ctx, &pd, r->text, &f->text_zh, &f->text_en, &not_compared);
        s_period_calendar_field(q->arena, &pd, f);
        if (team && *not_compared)
            f->comparison = (char *)not_compared;
        // The leave rows of the period: the records the sentence rests on.
        for (size_t k = 0; k < lv.n; k++) {
            const Hr__Analytics__Row *lr = lv.rows[k];
            if (lr->day_to < pd.emp_from || lr->day_from > pd.emp_to)
                continue;
            const char *law = an_leave_protection(lr->subject);
            s_add_source(q, f, lr->file_no, lr->line, lr->offset, lr->day_from,
                         hr_arena_fmt(q->arena, "leave in the period: %s%s%s", s_leave_type(lr),
                                      law ? ", protected: " : "", law ? law : ""));
        }
    }
    s_rows_t sales;
    if (!rc)
        rc = s_rows(q, "sales", perf, emp, from, to, &sales);
    if (!rc && sales.n) {
        const char *codes[2] = {"sales_clients_followed", "sales_deals_signed"};
        for (int c = 0; c < 2 && !rc; c++) {
            double sum = 0;
            for (size_t i = 0; i < sales.n; i++)
                sum += c ? sales.rows[i]->b : sales.rows[i]->a;
            Hr__Analytics__Fact *f =
                s_fact(q, codes[c], sum, "count", "sum of the sales activity rows in the window");
            for (size_t i = 0; i < sales.n; i++)
                s_add_source(q, f, sales.rows[i]->file_no, sales.rows[i]->line,
                             sales.rows[i]->offset, sales.rows[i]->day_from, "");
            uint32_t scaled = 0, wd = s_workdays(q->ctx, from, to);
            if (team && !q->status.n) {
                double *vals = hr_arena_alloc(q->arena, (team->n + 1) * sizeof *vals);
                size_t nv = 0;
                s_fileset_t tfiles = {.n = 0};
                // Colleagues in the sales feed only (a sales row of any day): someone who never
                // sells is no 0 in the median; one in it without a row in the window is. Over
                // the days of the window each was employed (the team holds no one employed
                // none of them: s_team_employed); one employed part of it is compared at their
                // rate per working day employed, scaled to the window's, as attendance scales
                // a colleague's rate to the person's days (README "Facts").
                for (size_t m = 0; m < team->n && !rc; m++) {
                    Hr__Analytics__Person *cp = NULL;
                    rc = an_store_person_get(q->txn, team->members[m], q->arena, &cp);
                    if (rc == HR_ENOTFOUND)
                        rc = HR_OK;
                    int32_t ch, cl;
                    s_employment(cp, &ch, &cl);
                    int32_t ca = ch > from ? ch : from, cb = cl < to ? cl : to;
                    uint32_t cwd = ca <= cb ? s_workdays(q->ctx, ca, cb) : 0;
                    s_rows_t t;
                    if (!rc)
                        rc = s_rows(q, "sales", perf, team->members[m], AN_DAY_OPEN_FROM,
                                    AN_DAY_OPEN_TO, &t);
                    if (rc || !t.n || !cwd || !wd)
                        continue; // not in the sales feed, or no working day employed
                    double s = 0;
                    bool in = false;
                    for (size_t k = 0; k < t.n; k++)
                        if (t.rows[k]->day_from >= ca && t.rows[k]->day_from <= cb) {
                            s += c ? t.rows[k]->b : t.rows[k]->a;
                            s_fileset_add(&tfiles, t.rows[k]->file_no);
                            in = true;
                        }
                    if (!in) // a 0: the file that puts them in the sales feed
                        s_fileset_add(&tfiles, t.rows[0]->file_no);
                    if (cwd != wd) {
                        s = round(s * wd / cwd * 10) / 10;
                        scaled++;
                    }
                    vals[nv++] = s;
                }
                s_compare(q->arena, f, vals, nv);
                s_team_files(q->txn, q->arena, f, &tfiles);
            }
            s_words(q, f, NULL, NULL, NULL, false);
            if (scaled && f->has_comparison) {
                f->comparison = hr_arena_fmt(q->arena,
                                             "%s; %u colleague%s employed part of the window at "
                                             "their rate per working day employed, over %u "
                                             "working days",
                                             f->comparison, scaled, scaled == 1 ? "" : "s", wd);
                f->text_zh = hr_arena_fmt(q->arena,
                                          "%s（其中%u名同事在此期间仅部分时间在职，按其在职工作日"
                                          "的比率折算为同样%u个工作日。）",
                                          f->text_zh, scaled, wd);
                f->text_en = hr_arena_fmt(q->arena,
                                          "%s (%u colleague%s employed for part of the window "
                                          "%s compared at their rate per working day employed, "
                                          "over the same %u working days.)",
                                          f->text_en, scaled, scaled == 1 ? "" : "s",
                                          scaled == 1 ? "is" : "are", wd);
            }
            if (q->status.n)
                s_status_words(q, f);
        }
    }
    s_rows_t tr;
    if (!rc)
        rc = s_rows(q, "course", HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, emp, from, to, &tr);
    if (!rc && tr.n) {
        uint32_t failed = 0;
        q->training_retaken = 0;
        for (size_t i = 0; i < tr.n; i++) {
            const Hr__Analytics__Row *r = tr.rows[i];
            // A course on a day of the person's leave could not be attended: no failure.
            const Hr__Analytics__Row *on = s_leave_on(&lv, r->day_from);
            bool below = r->a < r->b && !on;
            failed += below && !s_passed_later(&tr, r);
            q->training_retaken += below && s_passed_later(&tr, r);
            Hr__Analytics__Fact *f =
                s_fact(q, "training_score", r->a, "score", "score against the course's pass mark");
            f->subject = r->subject;
            f->has_comparison = true;
            f->team_median = 0;
            f->team_size = 0;
            char d[HR_DATE_LEN], pm[32];
            hr_date_format(r->day_from, d);
            s_num(r->b, pm, sizeof pm);
            f->comparison = hr_arena_fmt(q->arena, "pass mark %s", pm);
            s_add_source(q, f, r->file_no, r->line, r->offset, r->day_from,
                         on ? hr_arena_fmt(q->arena, "on leave that day (%s): could not attend",
                                           s_leave_type(on))
                         : below ? "below the pass mark"
                                 : "passed");
            if (on)
                s_add_source(q, f, on->file_no, on->line, on->offset, on->day_from,
                             hr_arena_fmt(q->arena, "leave: %s", s_leave_type(on)));
            an_fact_words_t w = {.code = f->code,
                                 .value = f->value,
                                 .from = q->from_s,
                                 .to = q->to_s,
                                 .subject = r->subject,
                                 .period = d,
                                 .extra1 = pm,
                                 .below = below,
                                 .leave = on ? s_leave_type(on) : NULL};
            an_fact_sentences(&w, q->arena, &f->text_zh, &f->text_en);
            f->has_comparison = false;
        }
        Hr__Analytics__Fact *f =
            s_fact(q, "training_failed", failed, "count",
                   "courses in the window scored below their pass mark, not passed later in the "
                   "window and not held on a day of the person's leave (could not attend)");
        for (size_t i = 0; i < tr.n; i++)
            if (tr.rows[i]->a < tr.rows[i]->b && !s_passed_later(&tr, tr.rows[i]) &&
                !s_leave_on(&lv, tr.rows[i]->day_from))
                s_add_source(q, f, tr.rows[i]->file_no, tr.rows[i]->line, tr.rows[i]->offset,
                             tr.rows[i]->day_from, tr.rows[i]->subject);
        s_words(q, f, NULL, NULL, NULL, false);
    }
    return rc;
}

// Fills why (and ctx's why_zh) and returns true when the window from..to (both days counted,
// parsed from from_s and to_s) is reversed or longer than max_days.
static bool s_window_bad(const an_query_ctx_t *ctx, const char *from_s, const char *to_s,
                         int32_t from, int32_t to, int max_days, char *why, size_t why_len)
{
    if (to < from) {
        snprintf(why, why_len, "to: %.32s is before from %.32s: the dates are reversed", to_s,
                 from_s);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "结束日期 %.32s 早于开始日期 %.32s：--from 和 --to 写反了，请对调后重试。", to_s,
              from_s);
    } else if (to - from >= max_days) {
        snprintf(why, why_len, "to: %.32s to %.32s is %d days; a window is at most %d days", from_s,
                 to_s, (int)(to - from + 1), max_days);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "%.32s 至 %.32s 共 %d 天，一次最多查询 %d 天：请缩短时间段，或分几段查询。", from_s,
              to_s, (int)(to - from + 1), max_days);
    } else {
        return false;
    }
    return true;
}

// Why hr_date_parse refuses s, in Chinese (hr_date_why's words): into buf, returned.
static const char *s_date_why_zh(const char *s, char *buf, size_t size)
{
    int y = 0, m = 0, d = 0;
    char en[HR_DATE_WHY_LEN];
    hr_date_why(s, en, sizeof en);
    if (!strcmp(en, "is not YYYY-MM-DD") || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        snprintf(buf, size, "不是 YYYY-MM-DD 格式的日期（例如 2026-11-01）");
    else if (strstr(en, " from "))
        snprintf(buf, size, "不是有效日期：年份应在 1900 到 2999 之间");
    else if (m < 1 || m > 12)
        snprintf(buf, size, "不是有效日期：没有 %02d 月", m);
    else if (d < 1)
        snprintf(buf, size, "不是有效日期：没有 00 日");
    else
        snprintf(buf, size, "不是有效日期：%d 年 %d 月没有 %d 日", y, m, d);
    return buf;
}

hr_rc_t an_facts_query(hr_txn_t *txn, const an_query_ctx_t *ctx,
                       const Hr__Analytics__GetFactsRequest *req, hr_arena_t *arena,
                       Hr__Analytics__GetFactsReply *rep, char *why, size_t why_len)
{
    int32_t from, to;
    char bad[HR_DATE_WHY_LEN];
    char bad_zh[128];
    if (!hr_date_parse(req->from, &from)) {
        snprintf(why, why_len, "from: '%.32s' %s", req->from,
                 hr_date_why(req->from, bad, sizeof bad));
        an_zh(ctx->why_zh, ctx->why_zh_len, "开始日期（--from）“%.32s”%s。", req->from,
              s_date_why_zh(req->from, bad_zh, sizeof bad_zh));
        return HR_EINVAL;
    }
    if (!hr_date_parse(req->to, &to)) {
        snprintf(why, why_len, "to: '%.32s' %s", req->to, hr_date_why(req->to, bad, sizeof bad));
        an_zh(ctx->why_zh, ctx->why_zh_len, "结束日期（--to）“%.32s”%s。", req->to,
              s_date_why_zh(req->to, bad_zh, sizeof bad_zh));
        return HR_EINVAL;
    }
    if (s_window_bad(ctx, req->from, req->to, from, to, AN_WINDOW_MAX_DAYS, why, why_len))
        return HR_EINVAL;
    if (req->n_days > AN_DAY_RECORDS_MAX) {
        snprintf(why, why_len, "days: %zu given, at most %d", req->n_days, AN_DAY_RECORDS_MAX);
        an_zh(ctx->why_zh, ctx->why_zh_len, "一次最多查询 %d 天的日记录，这次给了 %zu 天。",
              AN_DAY_RECORDS_MAX, req->n_days);
        return HR_EINVAL;
    }
    int32_t *asked = req->n_days ? hr_arena_alloc(arena, req->n_days * sizeof *asked) : NULL;
    for (size_t i = 0; i < req->n_days; i++) {
        if (!hr_date_parse(req->days[i], &asked[i])) {
            snprintf(why, why_len, "days[%zu]: '%.32s' %s", i, req->days[i],
                     hr_date_why(req->days[i], bad, sizeof bad));
            an_zh(ctx->why_zh, ctx->why_zh_len, "第 %zu 个日期“%.32s”%s。", i + 1, req->days[i],
                  s_date_why_zh(req->days[i], bad_zh, sizeof bad_zh));
            return HR_EINVAL;
        }
        if (asked[i] < from || asked[i] > to) {
            snprintf(why, why_len, "days[%zu]: %s is outside from..to (%s..%s)", i, req->days[i],
                     req->from, req->to);
            an_zh(ctx->why_zh, ctx->why_zh_len,
                  "日期 %s 不在查询的时间段 %s 至 %s 之内：请把它放进时间段，或调整 --from、--to。",
                  req->days[i], req->from, req->to);
            return HR_EINVAL;
        }
    }
    char emp[AN_ID_MAX + 1] = "", pin[AN_ID_MAX + 1] = "";
    Hr__Analytics__Person *person = NULL;
    if (req->employee_no && *req->employee_no) {
        an_id_rc_t irc = an_id_canon(req->employee_no, strlen(req->employee_no), emp);
        if (irc != AN_ID_OK && irc != AN_ID_SCI_EXACT) {
            snprintf(why, why_len, "employee_no: not an id");
            an_zh(ctx->why_zh, ctx->why_zh_len,
                  "工号不对：应为最多 %d 个字节、不含控制字符的文本，例如 E0117。", AN_ID_MAX);
            return HR_EINVAL;
        }
        hr_rc_t rc = an_store_person_get(txn, emp, arena, &person);
        if (rc == HR_ENOTFOUND) {
            snprintf(why, why_len, "employee_no: %s is not in the people feed", emp);
            an_zh(ctx->why_zh, ctx->why_zh_len,
                  "人员数据中没有工号 %s：请核对工号；新员工请先导入人员数据（hrctl import pins "
                  "FILE）。只知道考勤号时可用 hrctl facts --pin 查询。",
                  emp);
            return HR_ENOTFOUND;
        }
        if (rc)
            return rc;
        snprintf(pin, sizeof pin, "%s", person->pin);
    } else if (req->pin && *req->pin) {
        an_id_rc_t irc = an_id_canon(req->pin, strlen(req->pin), pin);
        if (irc != AN_ID_OK && irc != AN_ID_SCI_EXACT) {
            snprintf(why, why_len, "pin: not an id");
            an_zh(ctx->why_zh, ctx->why_zh_len,
                  "考勤号（--pin）不对：应为最多 %d 个字节、不含控制字符的文本。", AN_ID_MAX);
            return HR_EINVAL;
        }
        if (!an_store_pin_get(txn, pin, emp))
            an_store_person_get(txn, emp, arena, &person);
    } else {
        snprintf(why, why_len, "employee_no: missing (or give pin)");
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "请指明查询谁：给出工号（hrctl facts 工号 ...），或考勤号（hrctl facts --pin 考勤号 "
              "...）。");
        return HR_EINVAL;
    }
    // Facts cover the person's employment only: a window reaching before the hire date (or
    // after the leave date) is cut to it, and says so in every fact's window.
    int32_t hired, left;
    s_employment(person, &hired, &left);
    if (to < hired || from > left) {
        char h[HR_DATE_LEN] = "", l[HR_DATE_LEN] = "";
        snprintf(why, why_len, "from, to: %s was not employed then (hired %s%s%s)", emp,
                 hired == AN_DAY_OPEN_FROM ? "?" : hr_date_format(hired, h),
                 left == AN_DAY_OPEN_TO ? "" : ", left ",
                 left == AN_DAY_OPEN_TO ? "" : hr_date_format(left, l));
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "%s 在这段时间不在职（入职日期 %s%s%s）：请查询其在职期间；如日期有误，请更正人员"
              "数据后重新导入（hrctl import pins FILE）。",
              emp, hired == AN_DAY_OPEN_FROM ? "不详" : h,
              left == AN_DAY_OPEN_TO ? "" : "，离职日期 ", left == AN_DAY_OPEN_TO ? "" : l);
        return HR_EINVAL;
    }
    from = from < hired ? hired : from;
    to = to > left ? left : to;
    s_q_t q;
    memset(&q, 0, sizeof q);
    q.txn = txn;
    q.arena = arena;
    q.ctx = ctx;
    q.rep = rep;
    q.person = person;
    q.asked = asked;
    q.nasked = req->n_days;
    // The team of the window: the department on its last day (the department history), else
    // today's, said in every comparison (s_words).
    an_team_t *tm = hr_arena_alloc(arena, sizeof *tm);
    hr_rc_t trc = person ? an_team_of(txn, person, to, tm) : HR_OK;
    if (trc) {
        snprintf(why, why_len, "store: %s", hr_rc_name(trc));
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "读取 hr-analytics 的数据时出错（%s）：请稍后重试；如仍出错，请联系系统管理员。",
              hr_rc_name(trc));
        return trc;
    }
    q.team = person ? tm : NULL;
    q.dept = person ? tm->department : "";
    hr_date_format(from, q.from_s);
    hr_date_format(to, q.to_s);
    rep->employee_no = hr_arena_strdup(arena, emp);
    rep->department = (char *)q.dept;
    rep->pins = hr_arena_alloc(arena, sizeof *rep->pins);
    rep->pins[0] = hr_arena_strdup(arena, pin);
    rep->n_pins = 1;
    s_team_t team = {.self = emp};
    s_cover_t *cover = hr_arena_alloc(arena, sizeof *cover);
    hr_rc_t rc = s_cover_load(txn, ctx, arena, cover);
    q.cover = cover;
    // The directory's protected statuses: the person's facts are compared with nobody, and
    // colleagues with one are in nobody's median (README "Leave and protected statuses"). Which
    // status it is, is said to HR only: a reply with a snapshot never says it, whoever asks, as
    // the snapshot is frozen into the case and read by the manager and the reporting line
    // through hr-evidence (README "Snapshot").
    if (!rc && *emp)
        rc = s_status_load(txn, arena, emp, ctx->statuses_hidden || req->with_snapshot, &q.status);
    if (!rc && person && !req->no_team) {
        team.members = hr_arena_alloc(arena, AN_TEAM_MAX * sizeof *team.members);
        rc = an_team_each(txn, tm, s_team_add, &team);
        if (!rc)
            rc = s_team_employed(txn, arena, &team, from, to);
        if (!rc)
            rc = s_team_unprotected(txn, arena, &team);
    }
    if (!rc && person)
        rc = s_team_sources(&q, tm, req->no_team ? NULL : &team);
    size_t att_first = q.nfacts;
    if (!rc)
        rc = s_attendance_facts(&q, emp, pin, from, to, team.members && !q.status.n ? &team : NULL);
    for (size_t i = att_first; !rc && q.status.n && i < q.nfacts; i++)
        s_status_words(&q, q.facts[i]);
    if (!rc && *emp)
        rc = s_perf_facts(&q, emp, from, to, team.members ? &team : NULL);
    rep->facts = q.facts;
    rep->n_facts = q.nfacts;
    if (rc)
        snprintf(why, why_len, "store: %s", hr_rc_name(rc));
    an_zh(ctx->why_zh, ctx->why_zh_len,
          "读取 hr-analytics 的数据时出错（%s）：请稍后重试；如仍出错，请联系系统管理员。",
          hr_rc_name(rc));
    return rc;
}

// A figure for a sentence as s_num writes it (37.5 stays 37.5, not 38), in arena.
static const char *s_num_text(hr_arena_t *arena, double v)
{
    char buf[32];
    s_num(v, buf, sizeof buf);
    return hr_arena_strdup(arena, buf);
}

// A count or a figure in tenths (absences: 2.5 days) as the warnings state it: "3", "2.5".
static const char *s_tenths_text(hr_arena_t *arena, double v)
{
    if (fabs(v - llround(v)) < 1e-9)
        return hr_arena_fmt(arena, "%lld", (long long)llround(v));
    return hr_arena_fmt(arena, "%.1f", v);
}

// ---- early warnings ----

typedef struct {
    hr_txn_t *txn;
    const an_query_ctx_t *ctx;
    hr_arena_t *arena;
    Hr__Analytics__ListWarningsReply *rep;
    int32_t from, to;
    const char *dept_filter;
    an_fpunch_t *punches;
    size_t np, cap;
    an_day_result_t *days;
    const s_cover_t *cover; // borrowed: how far attendance is imported
    hr_rc_t rc;
} s_warn_t;

#define S_PREV_NOT_EMPLOYED (-1.0) // previous: not employed all through the days before
#define S_PREV_NOT_IMPORTED (-2.0) // previous: the days before are not all imported

// previous < 0: nothing earlier to compare with (a KPI metric's first period; attendance of
// someone not yet employed through the days before).
// cn: the working days the figures (the window's and the one before it compared with) counted
// in years the calendar does not declare; NULL or none: nothing to say.
static void s_warn_add(s_warn_t *w, const Hr__Analytics__Person *p, const char *code, double value,
                       double previous, double threshold, const char *subject, const char *period,
                       int32_t from, int32_t to, const s_calnote_t *cn)
{
    Hr__Analytics__ListWarningsReply *rep = w->rep;
    if (rep->n_warnings >= AN_WARN_MAX)
        return;
    Hr__Analytics__Warning *x = hr_arena_alloc(w->arena, sizeof *x);
    hr__analytics__warning__init(x);
    x->employee_no = hr_arena_strdup(w->arena, p->employee_no);
    x->department = hr_arena_strdup(w->arena, p->department);
    x->code = (char *)code;
    x->value = value;
    x->previous = previous;
    x->threshold = threshold;
    x->subject = subject ? hr_arena_strdup(w->arena, subject) : "";
    char f[HR_DATE_LEN], t[HR_DATE_LEN];
    hr_date_format(from, f);
    hr_date_format(to, t);
    x->window_from = hr_arena_strdup(w->arena, f);
    x->window_to = hr_arena_strdup(w->arena, t);
    x->no_previous = previous < 0;
    x->previous = previous < 0 ? 0 : previous;
    if (!strcmp(code, "kpi_attainment")) {
        // The KPI's own period, not the window asked for: a monthly KPI is no figure of four
        // days in it. Its days are the warning's window. Figures as the facts give them (37.5,
        // not 38).
        const char *per = period && *period ? period : hr_arena_fmt(w->arena, "%s~%s", f, t);
        // Listed only when worse than the period before (s_warn_person); without one the
        // threshold alone decided, and the sentence says so.
        const char *pzh = previous < 0 ? "，此前无可比较的考核周期"
                                       : hr_arena_fmt(w->arena, "，上一周期为%s%%",
                                                      s_num_text(w->arena, previous));
        const char *pen = previous < 0 ? "; no period before to compare with"
                                       : hr_arena_fmt(w->arena, "; %s%% in the period before",
                                                      s_num_text(w->arena, previous));
        x->text_zh = hr_arena_fmt(
            w->arena, "提示（仅供参考）：考核周期%s，指标“%s”完成率%s%%，低于阈值%s%%%s。", per,
            x->subject, s_num_text(w->arena, value), s_num_text(w->arena, threshold), pzh);
        x->text_en = hr_arena_fmt(w->arena,
                                  "Advisory: in period %s, KPI \"%s\" attainment was %s%%, "
                                  "under the threshold of %s%%%s.",
                                  per, x->subject, s_num_text(w->arena, value),
                                  s_num_text(w->arena, threshold), pen);
    } else {
        const char *label =
            !strcmp(code, "late_over_60")
                ? hr_arena_fmt(w->arena, "迟到超过%d分钟的次数", w->ctx->rules.very_late_min)
            : !strcmp(code, "late_arrivals") ? "迟到次数"
                                             : "缺勤天数";
        const char *pzh = previous == S_PREV_NOT_IMPORTED
                              ? "，此前同等长度期间的考勤数据不全，无可比较"
                          : previous < 0 ? "，此前同等长度的期间内该员工尚未入职，无可比较"
                                         : hr_arena_fmt(w->arena, "，此前同等长度期间为%s",
                                                        s_tenths_text(w->arena, previous));
        const char *pen =
            previous == S_PREV_NOT_IMPORTED
                ? "; attendance of the period of the same length before is not all imported: "
                  "nothing to compare with"
            : previous < 0
                ? "; not employed through the period of the same length before: nothing to "
                  "compare with"
                : hr_arena_fmt(w->arena, "; %s in the period of the same length before",
                               s_tenths_text(w->arena, previous));
        // Figures as counted (absences in tenths of a day: 2.5, never rounded up to 3).
        x->text_zh = hr_arena_fmt(w->arena, "提示（仅供参考）：%s至%s期间%s为%s，达到阈值%s%s。", f,
                                  t, label, s_tenths_text(w->arena, value),
                                  s_tenths_text(w->arena, threshold), pzh);
        x->text_en = hr_arena_fmt(w->arena,
                                  "Advisory: from %s to %s, %s was %s, reaching the threshold "
                                  "of %s%s.",
                                  f, t, code, s_tenths_text(w->arena, value),
                                  s_tenths_text(w->arena, threshold), pen);
    }
    if (cn && cn->days) {
        // Counted by the week in a year whose holiday notice is not in the calendar: a day
        // counted as working (an absence on it) may be a day off once the notice is in.
        const char *yz = s_calnote_years(w->arena, w->ctx, cn, "年、", -1);
        const char *ye = s_calnote_years(w->arena, w->ctx, cn, ", ", -1);
        x->text_zh = hr_arena_fmt(w->arena,
                                  "%s（所据考勤有%u个工作日在%s年，%s节假日安排尚未列入公司日历"
                                  "，按周一至周五计：通知列入日历前，此提示为暂定。）",
                                  x->text_zh, cn->days, yz, cn->n == 1 ? "该年" : "这些年份");
        x->text_en = hr_arena_fmt(w->arena,
                                  "%s (%u of the working days counted %s in %s, whose holiday "
                                  "notice %s not in the company calendar yet: counted by the "
                                  "week, so this warning is provisional until the notice is in "
                                  "the calendar.)",
                                  x->text_en, cn->days, cn->days == 1 ? "is" : "are", ye,
                                  cn->n == 1 ? "is" : "are");
        x->calendar_years = hr_arena_alloc(w->arena, cn->n * sizeof *x->calendar_years);
        memcpy(x->calendar_years, cn->years, cn->n * sizeof *x->calendar_years);
        x->n_calendar_years = cn->n;
        x->calendar_days = cn->days;
    }
    if (!rep->warnings)
        rep->warnings = hr_arena_alloc(w->arena, AN_WARN_MAX * sizeof *rep->warnings);
    rep->warnings[rep->n_warnings++] = x;
}

// Lists p (code "": all of their warnings) or one KPI row of theirs among those the warnings
// leave out (README "Leave and protected statuses"), with why.
static void s_left_out(s_warn_t *w, const Hr__Analytics__Person *p, const char *code,
                       const char *subject, int32_t from, int32_t to, const char *reason,
                       const char *zh, const char *en)
{
    Hr__Analytics__ListWarningsReply *rep = w->rep;
    if (rep->n_left_out >= AN_WARN_MAX)
        return;
    Hr__Analytics__WarningLeftOut *x = hr_arena_alloc(w->arena, sizeof *x);
    hr__analytics__warning_left_out__init(x);
    x->employee_no = hr_arena_strdup(w->arena, p->employee_no);
    x->department = hr_arena_strdup(w->arena, p->department);
    x->code = (char *)code;
    x->subject = subject ? hr_arena_strdup(w->arena, subject) : "";
    char f[HR_DATE_LEN], t[HR_DATE_LEN];
    x->window_from = hr_arena_strdup(w->arena, hr_date_format(from, f));
    x->window_to = hr_arena_strdup(w->arena, hr_date_format(to, t));
    x->reason = (char *)reason;
    x->text_zh = (char *)zh;
    x->text_en = (char *)en;
    if (!rep->left_out)
        rep->left_out = hr_arena_alloc(w->arena, AN_WARN_MAX * sizeof *rep->left_out);
    rep->left_out[rep->n_left_out++] = x;
}

// A KPI row of a period p was employed only part of (pd): left out, its working days said. When
// some of them lie in a year the calendar does not declare, the counts are by the week there and
// the row says so as a KPI fact does (README "Which days count"): calendar_years, calendar_days.
static void s_left_out_partly(s_warn_t *w, const Hr__Analytics__Person *p,
                              const Hr__Analytics__Row *r, const s_period_t *pd, const char *ef,
                              const char *et)
{
    char *zh = hr_arena_fmt(w->arena,
                            "不作预警：本人在考核周期%s中仅在职%u/%u个工作日（%s至%s），完成率只"
                            "反映部分周期。",
                            r->text, pd->employed, pd->days, ef, et);
    char *en = hr_arena_fmt(w->arena,
                            "No warning: the person was employed for %u of the %u working days "
                            "of period %s (%s to %s): the attainment covers part of it.",
                            pd->employed, pd->days, r->text, ef, et);
    if (pd->cal.n)
        s_period_cal_words(w->arena, w->ctx, pd, r->text, &zh, &en);
    size_t at = w->rep->n_left_out;
    s_left_out(w, p, "kpi_attainment", r->subject, r->day_from, r->day_to, "partly_employed", zh,
               en);
    if (!pd->cal.n || w->rep->n_left_out == at)
        return;
    Hr__Analytics__WarningLeftOut *x = w->rep->left_out[at];
    x->calendar_years = hr_arena_alloc(w->arena, pd->cal.n * sizeof *x->calendar_years);
    memcpy(x->calendar_years, pd->cal.years, pd->cal.n * sizeof *x->calendar_years);
    x->n_calendar_years = pd->cal.n;
    x->calendar_days = pd->cal.days;
}

// The attainment of the same KPI metric's latest period that ended before row's period began;
// -1 when there is none, or when that period began before the person was hired (a part of a
// period is nothing to compare with, as a new hire's attendance before: README "Early warnings").
static double s_kpi_previous(s_q_t *q, const char *emp, int32_t hired,
                             const Hr__Analytics__Row *row)
{
    s_rows_t earlier;
    if (s_rows(q, "kpi", HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, emp, AN_DAY_OPEN_FROM,
               row->day_from - 1, &earlier))
        return -1;
    const Hr__Analytics__Row *best = NULL;
    for (size_t i = 0; i < earlier.n; i++) {
        const Hr__Analytics__Row *r = earlier.rows[i];
        if (r->day_to < row->day_from && !strcmp(r->subject, row->subject) &&
            an_kpi_has_attainment(r->a) && (!best || r->day_to > best->day_to))
            best = r;
    }
    if (!best || best->day_from < hired)
        return -1;
    return round(an_kpi_attainment(best->a, best->b, best->lower_is_better) * 10) / 10;
}

// Attendance is counted over the days of the window that are over and that the person's feed
// covers (as for facts), and compared with as many days just before them.
static hr_rc_t s_warn_person(void *arg, const char *emp)
{
    s_warn_t *w = arg;
    Hr__Analytics__Person *p = NULL;
    hr_rc_t rc = an_store_person_get(w->txn, emp, w->arena, &p);
    if (rc)
        return rc == HR_ENOTFOUND ? HR_OK : rc;
    if (*w->dept_filter && strcmp(p->department, w->dept_filter))
        return HR_OK;
    int32_t hired, left;
    s_employment(p, &hired, &left);
    if (w->to < hired || w->from > left)
        return HR_OK; // not employed in the window: nobody to warn about
    char ds[HR_DATE_LEN];
    if (left != AN_DAY_OPEN_TO &&
        (left < w->to || (w->ctx->now_ms && left <= w->cover->yesterday))) {
        // Someone who has left (or leaves inside the window) is warned of nothing: there is
        // nobody to act about.
        hr_date_format(left, ds);
        s_left_out(w, p, "", NULL, w->from, left < w->to ? left : w->to, "left",
                   hr_arena_fmt(w->arena, "不作预警：本人已于%s离职。", ds),
                   hr_arena_fmt(w->arena, "No warning: the person left on %s.", ds));
        return HR_OK;
    }
    // Leave the law protects (maternity, a medical period, a work injury ...: LCL 42) in the
    // window: the person is left out whole, no figure given - a warning must not be based on
    // those days (README "Leave and protected statuses").
    s_q_t lq;
    memset(&lq, 0, sizeof lq);
    lq.txn = w->txn;
    lq.arena = w->arena;
    lq.ctx = w->ctx;
    s_rows_t lv;
    rc = s_rows(&lq, "leave", HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, p->employee_no,
                AN_DAY_OPEN_FROM, AN_DAY_OPEN_TO, &lv);
    if (rc)
        return rc;
    s_status_t st;
    rc = s_status_load(w->txn, w->arena, p->employee_no, false, &st); // HR's and the operator's
    if (rc)
        return rc;
    s_period_t wp;
    s_period(w->ctx, w->arena, w->cover->yesterday, hired, left, &lv, &st, w->from, w->to, &wp);
    if (wp.status) {
        // A protected status the directory records (pregnant, a medical period ...: LCL 42):
        // the whole window, as protected leave; the status named, nothing more of it.
        s_left_out(w, p, "", NULL, wp.pfirst, wp.plast, "protected_status",
                   hr_arena_fmt(w->arena,
                                "不作预警：人事名册记录本人处于法律保护的状态（%s；%s），不得据此"
                                "作出对本人不利的评价或预警。",
                                st.say, st.law),
                   hr_arena_fmt(w->arena,
                                "No warning: the people directory records a status the law "
                                "protects (%s; %s); no warning may be based on the window.",
                                st.say, st.law));
        return HR_OK;
    }
    if (wp.pfirst <= wp.plast) {
        s_left_out(w, p, "", NULL, wp.pfirst, wp.plast, "protected_leave",
                   hr_arena_fmt(w->arena,
                                "不作预警：本人在此期间有法律保护的假期（%s；%s），不得据此期间"
                                "作出对本人不利的评价或预警。",
                                wp.plist, wp.law),
                   hr_arena_fmt(w->arena,
                                "No warning: the person was on leave the law protects in the "
                                "window (%s; %s); no warning may be based on it.",
                                wp.plist, wp.law));
        return HR_OK;
    }
    // The days of the window the person was employed, as for the facts: a warning's
    // window_from/window_to and sentences name the days counted, never days before the hire
    // (README "Early warnings").
    int32_t efrom = w->from < hired ? hired : w->from, eto = w->to > left ? left : w->to;
    s_span_t sp;
    rc = s_counted(w->txn, w->ctx, w->cover, p->employee_no, p->department, p, p->pin, efrom, eto,
                   w->arena, &sp);
    if (rc)
        return rc;
    bool counted = sp.to >= sp.from;
    an_att_totals_t now, before;
    memset(&now, 0, sizeof now);
    s_calnote_t cn; // the days counted in years the calendar does not declare (both periods)
    memset(&cn, 0, sizeof cn);
    if (counted)
        rc = s_attendance(w->txn, w->ctx, sp.pc, p->pin, sp.from, sp.to, &sp.mask, w->arena,
                          &w->punches, &w->np, &w->cap, w->days, &now, NULL, NULL);
    if (!rc && counted)
        s_calnote_add(w->ctx, &cn, w->days, (size_t)(sp.to - sp.from + 1));
    if (!rc && counted && !now.working_days && hired > sp.to)
        return HR_OK; // hired after the days counted
    w->rep->people++;
    const an_warn_rules_t *t = &w->ctx->warn;
    if (!rc && counted) {
        int32_t len = sp.to - sp.from + 1;
        // The days before compare only when the person was employed all through them (a new
        // hire's "before" is nothing to compare with - n/a, not a clean record that got worse)
        // and their imports cover every working day of them (days nothing was imported for
        // are no clean record either).
        double none = hired <= sp.from - len ? S_PREV_NOT_IMPORTED : S_PREV_NOT_EMPLOYED;
        bool compare = hired <= sp.from - len;
        memset(&before, 0, sizeof before);
        if (compare) {
            s_span_t bs;
            uint32_t unc = 0;
            rc = s_counted(w->txn, w->ctx, w->cover, p->employee_no, p->department, p, p->pin,
                           sp.from - len, sp.from - 1, w->arena, &bs);
            // Over the whole window before, uncovered rest days (a weekend at either edge of
            // exports split at weekends) allowed: no working day of it may lack an import.
            compare = !rc && bs.to >= bs.from;
            if (compare)
                rc = s_attendance(w->txn, w->ctx, bs.pc, p->pin, sp.from - len, sp.from - 1,
                                  &bs.mask, w->arena, &w->punches, &w->np, &w->cap, w->days,
                                  &before, &unc, NULL);
            compare = compare && !rc && !unc;
            if (compare) // the figure before is compared with: the warning rests on it too
                s_calnote_add(w->ctx, &cn, w->days, (size_t)len);
        }
        if (rc)
            return rc;
        double b_late60 = compare ? (double)before.late_over_60 : none;
        double b_late = compare ? (double)before.late_arrivals : none;
        double b_abs = compare ? an_att_absences(&before) : none;
        double abs_now = an_att_absences(&now); // half a day off without a punch: 0.5
        if (t->late_over_60 && now.late_over_60 >= (uint32_t)t->late_over_60 &&
            now.late_over_60 > b_late60)
            s_warn_add(w, p, "late_over_60", now.late_over_60, b_late60, t->late_over_60, NULL,
                       NULL, sp.from, sp.to, &cn);
        else if (t->late_arrivals && now.late_arrivals >= (uint32_t)t->late_arrivals &&
                 now.late_arrivals > b_late)
            s_warn_add(w, p, "late_arrivals", now.late_arrivals, b_late, t->late_arrivals, NULL,
                       NULL, sp.from, sp.to, &cn);
        if (t->absences && abs_now >= t->absences && abs_now > b_abs)
            s_warn_add(w, p, "absences", abs_now, b_abs, t->absences, NULL, NULL, sp.from, sp.to,
                       &cn);
    }
    if (!rc && t->kpi_below_percent) {
        s_q_t q;
        memset(&q, 0, sizeof q);
        q.txn = w->txn;
        q.arena = w->arena;
        s_rows_t kpi;
        rc = s_rows(&q, "kpi", HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, p->employee_no,
                    w->from, w->to, &kpi);
        for (size_t i = 0; i < kpi.n && !rc; i++) {
            const Hr__Analytics__Row *r = kpi.rows[i];
            if (!an_kpi_has_attainment(r->a))
                continue; // lower is better with a target of 0: no attainment to warn on
            double att = an_kpi_attainment(r->a, r->b, r->lower_is_better);
            s_period_t pd;
            s_period(w->ctx, w->arena, w->cover->yesterday, hired, left, &lv, &st, r->day_from,
                     r->day_to, &pd);
            char pt[HR_DATE_LEN], ef[HR_DATE_LEN], et[HR_DATE_LEN];
            hr_date_format(pd.to, pt);
            hr_date_format(pd.emp_from, ef);
            hr_date_format(pd.emp_to, et);
            if (pd.protected_leave) // whatever the figure: none is given
                s_left_out(
                    w, p, "kpi_attainment", r->subject, r->day_from, r->day_to, "protected_leave",
                    hr_arena_fmt(w->arena, "不作预警：考核周期%s内有法律保护的假期（%s；%s）。",
                                 r->text, pd.plist, pd.law),
                    hr_arena_fmt(w->arena,
                                 "No warning on period %s: it holds leave the law "
                                 "protects (%s; %s).",
                                 r->text, pd.plist, pd.law));
            else if (att >= t->kpi_below_percent)
                continue;
            else if (pd.in_progress)
                s_left_out(w, p, "kpi_attainment", r->subject, r->day_from, r->day_to,
                           "period_in_progress",
                           hr_arena_fmt(w->arena,
                                        "不作预警：考核周期%s至%s结束，尚未结束（完成率%.0f%%为进"
                                        "行中的数据）。",
                                        r->text, pt, att),
                           hr_arena_fmt(w->arena,
                                        "No warning: period %s runs to %s and is not over (%.0f%% "
                                        "is a figure in progress).",
                                        r->text, pt, att));
            else if (pd.partial)
                s_left_out_partly(w, p, r, &pd, ef, et);
            else {
                // Under the threshold and worse than the period before, as attendance must be
                // worse than the days before: 50% after 30% improved and is no warning. Without
                // a period before (the metric's first, or one begun before the hire) the
                // threshold alone decides, as for a new hire's attendance.
                double value = round(att * 10) / 10;
                double prev = s_kpi_previous(&q, p->employee_no, hired, r);
                if (prev < 0 || value < prev)
                    s_warn_add(w, p, "kpi_attainment", value, prev, t->kpi_below_percent,
                               r->subject, r->text, r->day_from, r->day_to, NULL);
            }
        }
    }
    return rc;
}

hr_rc_t an_warnings_query(hr_txn_t *txn, const an_query_ctx_t *ctx,
                          const Hr__Analytics__ListWarningsRequest *req, hr_arena_t *arena,
                          Hr__Analytics__ListWarningsReply *rep, char *why, size_t why_len)
{
    s_warn_t w;
    memset(&w, 0, sizeof w);
    if (!hr_date_parse(req->from, &w.from) || !hr_date_parse(req->to, &w.to)) {
        snprintf(why, why_len, "from, to: YYYY-MM-DD");
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "开始日期和结束日期（--from、--to）都要写成 YYYY-MM-DD，例如 --from 2026-11-01 "
              "--to 2026-11-30。");
        return HR_EINVAL;
    }
    if (s_window_bad(ctx, req->from, req->to, w.from, w.to, AN_WARN_MAX_DAYS, why, why_len))
        return HR_EINVAL;
    if (!an_id_is_clean(req->department)) {
        snprintf(why, why_len,
                 "department: not an id (at most %d bytes of UTF-8 text without control "
                 "characters)",
                 AN_ID_MAX);
        an_zh(ctx->why_zh, ctx->why_zh_len,
              "部门（--department）应为部门编号：最多 %d 个字节的 UTF-8 文本，不能含控制字符。",
              AN_ID_MAX);
        return HR_EINVAL;
    }
    w.txn = txn;
    w.ctx = ctx;
    w.arena = arena;
    w.rep = rep;
    w.dept_filter = req->department;
    s_cover_t *cover = hr_arena_alloc(arena, sizeof *cover);
    hr_rc_t rc = s_cover_load(txn, ctx, arena, cover);
    w.cover = cover;
    w.days = hr_alloc((size_t)(w.to - w.from + 1) * sizeof *w.days);
    if (!rc)
        rc = *req->department ? an_store_dept_each(txn, req->department, s_warn_person, &w)
                              : an_store_people_each(txn, s_warn_person, &w);
    hr_free(w.days);
    hr_free(w.punches);
    if (rc)
        snprintf(why, why_len, "store: %s", hr_rc_name(rc));
    an_zh(ctx->why_zh, ctx->why_zh_len,
          "读取 hr-analytics 的数据时出错（%s）：请稍后重试；如仍出错，请联系系统管理员。",
          hr_rc_name(rc));
    return rc;
}

// ---- snapshot ----

// A JSON string of s (NULL: ""), never NULL: jansson refuses bytes that are not UTF-8, and a
// value it refused would leave its field or its source out of the frozen snapshot. Such bytes
// (an import file's name from another system, say) are shown as '?'.
static json_t *s_jstr(hr_arena_t *arena, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (!s || hr_utf8_is_valid(s, len))
        return json_stringn(s ? s : "", len);
    char *copy = hr_arena_strdup(arena, s);
    len = hr_utf8_scrub(copy, len);
    return json_stringn(copy, len);
}

// The reply's calendar note as an object: {"undeclared_years": [2027], "working_days": N,
// "note_zh": ..., "note_en": ...}.
static json_t *s_calnote_json(hr_arena_t *arena, const Hr__Analytics__GetFactsReply *rep)
{
    json_t *years = json_array();
    for (size_t i = 0; i < rep->n_calendar_years; i++)
        json_array_append_new(years, json_integer(rep->calendar_years[i]));
    return json_pack("{s:o,s:i,s:o,s:o}", "undeclared_years", years, "working_days",
                     (int)rep->calendar_days, "note_zh", s_jstr(arena, rep->calendar_note_zh),
                     "note_en", s_jstr(arena, rep->calendar_note_en));
}

// ---- the snapshot's source files (README "Snapshot") ----

// One import file the snapshot cites: its cited lines (the person's records), whether a team's
// figures came from it.
typedef struct {
    const char *id;   // hex file id (BLAKE2b-256 of the bytes as received)
    const char *name; // as the sources name it
    uint32_t *lines;
    const char **texts;
    bool *records;
    size_t n, cap;
    bool facts, team;
    bool dept; // a people import that put the person (its line cited) or colleagues (no lines)
               // in the department compared with
} s_srcfile_t;

typedef struct {
    s_srcfile_t *f;
    size_t n, cap;
} s_srcfiles_t;

static s_srcfile_t *s_srcfile(hr_arena_t *arena, s_srcfiles_t *all, const char *id,
                              const char *name)
{
    for (size_t i = 0; i < all->n; i++)
        if (!strcmp(all->f[i].id, id))
            return &all->f[i];
    if (all->n == all->cap) {
        size_t cap = all->cap ? all->cap * 2 : 8;
        s_srcfile_t *n = hr_arena_alloc(arena, cap * sizeof *n);
        if (all->n)
            memcpy(n, all->f, all->n * sizeof *n);
        all->f = n;
        all->cap = cap;
    }
    s_srcfile_t *f = &all->f[all->n++];
    memset(f, 0, sizeof *f);
    f->id = id;
    f->name = name ? name : "";
    return f;
}

static void s_srcfile_line(hr_arena_t *arena, s_srcfile_t *f, uint32_t line, const char *text,
                           bool record)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->lines[i] == line)
            return;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        uint32_t *l = hr_arena_alloc(arena, cap * sizeof *l);
        const char **t = hr_arena_alloc(arena, cap * sizeof *t);
        bool *r = hr_arena_alloc(arena, cap * sizeof *r);
        if (f->n) {
            memcpy(l, f->lines, f->n * sizeof *l);
            memcpy(t, f->texts, f->n * sizeof *t);
            memcpy(r, f->records, f->n * sizeof *r);
        }
        f->lines = l;
        f->texts = t;
        f->records = r;
        f->cap = cap;
    }
    f->lines[f->n] = line;
    f->texts[f->n] = text;
    f->records[f->n++] = record;
}

// SHA-256 and BLAKE2b-256 of the file at path, streamed (an import may be hundreds of MB).
static bool s_file_hashes(const char *path, char sha_hex[65], uint8_t b2[32])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    crypto_hash_sha256_state sha;
    crypto_generichash_state gh;
    crypto_hash_sha256_init(&sha);
    crypto_generichash_init(&gh, NULL, 0, 32);
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
        crypto_hash_sha256_update(&sha, buf, got);
        crypto_generichash_update(&gh, buf, got);
    }
    bool ok = !ferror(fp);
    fclose(fp);
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&sha, h);
    crypto_generichash_final(&gh, b2, 32);
    s_hex(h, sizeof h, sha_hex);
    return ok;
}

// The first line of the stored text (a CSV's header: the names of its columns), at most 512
// bytes, without its line end; "" when unreadable.
static const char *s_first_line(hr_arena_t *arena, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return "";
    char buf[AN_RAW_MAX + 1];
    const char *got = fgets(buf, sizeof buf, fp);
    fclose(fp);
    if (!got)
        return "";
    size_t n = strcspn(buf, "\r\n");
    n = hr_utf8_scrub(buf, n);
    buf[n] = '\0';
    return hr_arena_strdup(arena, buf);
}

static int s_line_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static json_t *s_jstr(hr_arena_t *arena, const char *s);

// The snapshot's "source_files": every import a fact or a team's figures came from, keyed by
// file id, with the file's SHA-256 (and BLAKE2b-256, its id) as kept beside the store, its
// name, number, kind, format and encoding, and the cited lines or records of the person as
// they stand in it - an excerpt a hearing checks against the original file (README
// "Snapshot"). Colleagues' lines never: a team's import is named and hashed only.
static json_t *s_source_files(hr_txn_t *txn, hr_arena_t *arena,
                              const Hr__Analytics__GetFactsReply *rep)
{
    s_srcfiles_t all = {0};
    for (size_t i = 0; i < rep->n_facts; i++) {
        const Hr__Analytics__Fact *f = rep->facts[i];
        for (size_t k = 0; k < f->n_sources; k++) {
            const Hr__Analytics__Source *src = f->sources[k];
            if (strlen(src->file_id) != 64)
                continue;
            s_srcfile_t *sf = s_srcfile(arena, &all, src->file_id, src->file_name);
            sf->facts = true;
            if (src->line) // 0: the whole import (an absence's covering file)
                s_srcfile_line(arena, sf, src->line, src->raw, false);
        }
        for (size_t k = 0; k < f->n_team_file_ids; k++)
            s_srcfile(arena, &all, f->team_file_ids[k], NULL)->team = true;
    }
    // The team's composition: the person's people row, and the colleagues' imports unnamed.
    const Hr__Analytics__Source *ds = rep->department_source;
    if (ds && strlen(ds->file_id) == 64) {
        s_srcfile_t *sf = s_srcfile(arena, &all, ds->file_id, ds->file_name);
        sf->dept = true;
        if (ds->line && *ds->raw)
            s_srcfile_line(arena, sf, ds->line, ds->raw, false);
    }
    for (size_t k = 0; k < rep->n_team_people_file_ids; k++)
        s_srcfile(arena, &all, rep->team_people_file_ids[k], NULL)->dept = true;
    json_t *out = json_object();
    for (size_t i = 0; i < all.n; i++) {
        s_srcfile_t *sf = &all.f[i];
        json_t *o = json_object();
        Hr__Analytics__File *file = NULL;
        char why[256];
        if (an_file_find(txn, sf->id, arena, &file, why, sizeof why, NULL, 0))
            file = NULL; // the same bytes imported twice: the hashes still hold
        bool json_feed =
            file && (!strcmp(file->format, "dingtalk") || !strcmp(file->format, "wecom"));
        if (file) {
            json_object_set_new(o, "file_name", s_jstr(arena, file->name));
            json_object_set_new(o, "kind", s_jstr(arena, an_kind_name(file->kind)));
            json_object_set_new(o, "format", s_jstr(arena, file->format));
            json_object_set_new(o, "encoding", s_jstr(arena, file->encoding));
            json_object_set_new(o, "size", json_integer((json_int_t)file->size));
            if (file->withdrawn_ms)
                json_object_set_new(o, "withdrawn_ms", json_integer(file->withdrawn_ms));
        } else {
            json_object_set_new(o, "file_name", s_jstr(arena, sf->name));
        }
        uint8_t id[32];
        size_t bl = 0;
        char sha[65] = "";
        bool kept = false;
        if (!sodium_hex2bin(id, sizeof id, sf->id, 64, NULL, &bl, NULL) && bl == 32) {
            char *orig = an_store_blob_orig_path(hr_txn_store(txn), id);
            char *txt = an_store_blob_path(hr_txn_store(txn), id);
            uint8_t b2[32];
            // The bytes as received: the .orig when decoding changed them, else the text.
            kept = s_file_hashes(orig, sha, b2) || s_file_hashes(txt, sha, b2);
            kept = kept && !memcmp(b2, id, 32);
            if (file && !strcmp(file->format, "generic") && (sf->facts || sf->n))
                json_object_set_new(o, "header",
                                    json_pack("{s:i,s:o}", "line", 1, "text",
                                              s_jstr(arena, s_first_line(arena, txt))));
            hr_free(orig);
            hr_free(txt);
        }
        // Without the file as imported (removed beside the store, or changed) no hash is given
        // rather than a wrong one.
        json_object_set_new(o, "sha256", s_jstr(arena, kept ? sha : ""));
        if (!kept)
            json_object_set_new(o, "sha256_note",
                                s_jstr(arena, "the file kept beside the store is missing or is "
                                              "not the import's bytes: no hash given"));
        // The cited lines, in order of line (or record).
        uint32_t *order = hr_arena_alloc(arena, (sf->n + 1) * sizeof *order * 2);
        for (size_t k = 0; k < sf->n; k++) {
            order[2 * k] = sf->lines[k];
            order[2 * k + 1] = (uint32_t)k;
        }
        qsort(order, sf->n, 2 * sizeof *order, s_line_cmp);
        json_t *lines = json_array();
        for (size_t k = 0; k < sf->n; k++) {
            size_t at = order[2 * k + 1];
            json_t *l = json_pack("{s:i,s:o}", json_feed ? "record" : "line", (int)sf->lines[at],
                                  "text", s_jstr(arena, sf->texts[at]));
            if (strlen(sf->texts[at]) >= AN_RAW_MAX)
                json_object_set_new(l, "text_cut", json_true());
            json_array_append_new(lines, l);
        }
        json_object_set_new(o, "lines", lines);
        json_t *use = json_array();
        if (sf->facts)
            json_array_append_new(use, s_jstr(arena, "facts"));
        if (sf->team)
            json_array_append_new(use, s_jstr(arena, "team"));
        if (sf->dept)
            json_array_append_new(use, s_jstr(arena, "department"));
        json_object_set_new(o, "used_for", use);
        json_object_set_new(out, sf->id, o);
    }
    return out;
}

// How the snapshot's sources are checked, frozen into it (README "Snapshot").
#define S_SOURCES_CHECK                                                                            \
    "source_files holds, for every import file a fact cites (keyed by its file_id, the "           \
    "BLAKE2b-256 of the file's bytes), the file's SHA-256 (sha256), its name and the cited "       \
    "lines of this person as they stand in it. Check: sha256sum of the original file (as the "     \
    "company's system exported it) must print sha256; line N of it (decoded to UTF-8 first "       \
    "when encoding is not utf-8: iconv -f GB18030 or UTF-16LE) must be the text given for line "   \
    "N; a JSON feed's sources are its records, numbered from 1, in compact form. A team "          \
    "comparison lists its colleagues' figures unnamed (comparison.colleagues, ascending) and "     \
    "the imports they came from (comparison.file_ids, hashed in source_files without their "       \
    "lines): the median of the figures is team_median. team names where the department compared "  \
    "with comes from: team.department_source is the people import's line that put the person "     \
    "in it (used_for department, the line given in source_files), team.people_file_ids the "       \
    "people imports that put the colleagues there (hashed, without their lines)."

// The snapshot's "team": the department compared with, on which day, and the people imports
// that put the person (its line) and the colleagues (unnamed, their count) there.
static json_t *s_team_json(hr_arena_t *arena, const Hr__Analytics__GetFactsReply *rep)
{
    const Hr__Analytics__Source *s = rep->department_source;
    json_t *src =
        json_pack("{s:o,s:o,s:i,s:o,s:o,s:o}", "file_id", s_jstr(arena, s->file_id), "file_name",
                  s_jstr(arena, s->file_name), "line", (int)s->line, "raw", s_jstr(arena, s->raw),
                  "since", s_jstr(arena, s->day), "note", s_jstr(arena, s->note));
    json_t *o =
        json_pack("{s:o,s:o,s:b,s:o}", "department", s_jstr(arena, rep->department), "day",
                  s_jstr(arena, rep->team_day), "today", rep->team_today, "department_source", src);
    if (rep->team_people || rep->n_team_people_file_ids) {
        json_t *ids = json_array();
        for (size_t k = 0; k < rep->n_team_people_file_ids; k++)
            json_array_append_new(ids, s_jstr(arena, rep->team_people_file_ids[k]));
        json_object_set_new(o, "colleagues", json_integer(rep->team_people));
        json_object_set_new(o, "people_file_ids", ids);
    }
    return o;
}

void an_facts_snapshot(hr_txn_t *txn, Hr__Analytics__GetFactsReply *rep, int64_t now_ms,
                       hr_arena_t *arena)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "kind", s_jstr(arena, "hr.analytics.facts_snapshot"));
    json_object_set_new(doc, "employee_no", s_jstr(arena, rep->employee_no));
    json_object_set_new(doc, "department", s_jstr(arena, rep->department));
    json_object_set_new(doc, "generated_at_ms", json_integer(now_ms));
    json_object_set_new(doc, "working_days", json_integer(rep->working_days));
    if (rep->leave_days > 0) // of them on approved leave (README "Leave and schedules")
        json_object_set_new(doc, "leave_days", json_real(rep->leave_days));
    json_object_set_new(doc, "attendance",
                        json_pack("{s:o,s:o,s:o}", "from", s_jstr(arena, rep->attendance_from),
                                  "to", s_jstr(arena, rep->attendance_to), "note",
                                  s_jstr(arena, rep->attendance_note)));
    if (rep->calendar_days) // days counted in years the calendar does not declare: provisional
        json_object_set_new(doc, "calendar", s_calnote_json(arena, rep));
    json_t *facts = json_array();
    for (size_t i = 0; i < rep->n_facts; i++) {
        const Hr__Analytics__Fact *f = rep->facts[i];
        json_t *o = json_object();
        json_object_set_new(o, "code", s_jstr(arena, f->code));
        json_object_set_new(o, "value", json_real(f->value));
        json_object_set_new(o, "unit", s_jstr(arena, f->unit));
        json_object_set_new(o, "subject", s_jstr(arena, f->subject ? f->subject : ""));
        json_object_set_new(o, "window",
                            json_pack("{s:o,s:o}", "from", s_jstr(arena, f->window_from), "to",
                                      s_jstr(arena, f->window_to)));
        json_object_set_new(o, "rule", s_jstr(arena, f->rule));
        if (f->has_comparison || (f->comparison && *f->comparison)) {
            json_t *cmp =
                json_pack("{s:o,s:o,s:i}", "text", s_jstr(arena, f->comparison), "team_median",
                          f->has_comparison ? json_real(f->team_median) : json_null(), "team_size",
                          (int)f->team_size);
            // The figures the median was taken from, unnamed, and their imports.
            if (f->has_comparison && f->n_team_values) {
                json_t *cs = json_array();
                for (size_t k = 0; k < f->n_team_values; k++)
                    json_array_append_new(cs, json_pack("{s:i,s:f}", "colleague", (int)k + 1,
                                                        "value", f->team_values[k]));
                json_object_set_new(cmp, "colleagues", cs);
                json_t *ids = json_array();
                for (size_t k = 0; k < f->n_team_file_ids; k++)
                    json_array_append_new(ids, s_jstr(arena, f->team_file_ids[k]));
                json_object_set_new(cmp, "file_ids", ids);
            }
            json_object_set_new(o, "comparison", cmp);
        }
        json_t *srcs = json_array();
        for (size_t k = 0; k < f->n_sources; k++) {
            const Hr__Analytics__Source *s = f->sources[k];
            // A JSON feed's record by its number (and its own id), as hrctl shows it.
            json_t *so =
                json_pack("{s:o,s:o,s:i,s:o,s:o,s:o}", "file_id", s_jstr(arena, s->file_id),
                          "file_name", s_jstr(arena, s->file_name), s->record ? "record" : "line",
                          (int)s->line, "raw", s_jstr(arena, s->raw), "day", s_jstr(arena, s->day),
                          "note", s_jstr(arena, s->note));
            if (s->record && *s->record_id)
                json_object_set_new(so, "record_id", s_jstr(arena, s->record_id));
            json_array_append_new(srcs, so);
        }
        json_object_set_new(o, "sources", srcs);
        json_t *days = json_array();
        for (size_t k = 0; k < f->n_days; k++)
            json_array_append_new(days, s_jstr(arena, f->days[k]));
        json_object_set_new(o, "days", days);
        json_object_set_new(o, "text_zh", s_jstr(arena, f->text_zh));
        json_object_set_new(o, "text_en", s_jstr(arena, f->text_en));
        if (f->n_calendar_years) { // as hrctl facts --json shows it
            json_t *ys = json_array();
            for (size_t k = 0; k < f->n_calendar_years; k++)
                json_array_append_new(ys, json_integer(f->calendar_years[k]));
            json_object_set_new(o, "calendar",
                                json_pack("{s:o,s:i}", "undeclared_years", ys, "working_days",
                                          (int)f->calendar_days));
        }
        json_array_append_new(facts, o);
    }
    json_object_set_new(doc, "facts", facts);
    if (rep->department_source)
        json_object_set_new(doc, "team", s_team_json(arena, rep));
    if (txn) {
        json_object_set_new(doc, "source_files", s_source_files(txn, arena, rep));
        json_object_set_new(doc, "sources_check", s_jstr(arena, S_SOURCES_CHECK));
    }
    // 15 significant digits: a figure counted to the tenth reads 2.6, not 2.6000000000000001.
    char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII |
                                     JSON_REAL_PRECISION(15));
    json_decref(doc);
    if (!text)
        return;
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    s_hex(h, sizeof h, hex);
    rep->snapshot_json = hr_arena_strdup(arena, text);
    rep->snapshot_sha256 = hr_arena_strdup(arena, hex);
    free(text);
}
