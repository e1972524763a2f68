/*  an_import - one file into the store, inside the caller's write transaction.
 *
 *  Order of work: hash the bytes (BLAKE2b-256: the same bytes imported again as the same kind
 *  and format change nothing; as another kind or format they are another import),
 *  decode to UTF-8, parse, store every raw record with its source (file number, line, byte
 *  offset) or quarantine it with its reason, keep the text whole as a file beside the store,
 *  then write the File record. Nothing is derived here: facts are computed from these raw
 *  records on demand. A helper thread (czmq actor) hashes while this thread parses and writes
 *  the text durably while this thread writes the person-days: the 2 cores both work.
 *
 *  Attendance is aggregated in memory first (a 10-million-punch file is one pass): PINs are
 *  interned, each PIN keeps a direct array of its days, punches are appended in file order, then
 *  counting-sorted by (PIN, day) and written as one PunchDay per person per day in key order,
 *  so LMDB sees sorted appends (MDB_APPEND) instead of ten million random puts.
 */
#include "an.h"

#include <sodium.h>

#define S_DAY_SPAN_MAX 4000 // days between the first and the last punch of one PIN in a file

typedef struct {
    uint32_t name_off; // in the names buffer
    uint32_t name_len; // bytes
    int32_t base_day;  // day of slot 0 in days
    uint32_t ndays;    // slots in days
    uint32_t *days;    // owned: day index + 1, 0 = none
} s_pin_t;

typedef struct {
    // interned PINs
    char *names; // owned: NUL-separated canonical PINs
    size_t names_len, names_cap;
    s_pin_t *pins; // owned
    uint32_t npins, pins_cap;
    uint32_t *ht;    // owned: open addressing, pin index + 1
    uint32_t ht_cap; // power of two
    // days
    uint32_t *day_pin; // owned: pin of each day
    int32_t *day_day;  // owned: the day
    uint32_t *day_n;   // owned: punches of each day
    uint32_t ndays, days_cap;
    // punches in file order
    uint32_t *p_day;  // owned: day index
    int32_t *p_sec;   // owned
    uint32_t *p_line; // owned
    uint32_t *p_off;  // owned: byte offset (files are at most 1 GiB)
    uint8_t *p_state; // owned
    size_t np, p_cap;
    // last punch's PIN and day: exports are usually grouped, this skips the lookups
    uint32_t last_pin;
    int32_t last_day;
    uint32_t last_dix;
    // the instants the file spans (local seconds: day * 86400 + second), punches and slots
    int64_t at_lo, at_hi;
    bool any_at;
    an_dayhist_t hist; // punches per day: the stretches the file covers (an_cover.c)
} s_agg_t;

// A vendor's slot of the file (README "Vendor results"), kept until the file is known to be new.
typedef struct {
    char pin[AN_ID_MAX + 1];         // canonical
    int32_t utc_day;                 // its key (an_slot_utc_day)
    Hr__Analytics__VendorSlot *slot; // in the import's slot arena, with its strings
} s_slot_t;

typedef struct {
    hr_txn_t *txn;                       // borrowed
    hr_arena_t *arena;                   // borrowed: reply strings
    Hr__Analytics__ImportFeedReply *rep; // borrowed
    uint32_t file_no;
    int32_t day;                 // the import's local day: a department moved to is the person's
                                 // from then on (an_store_dept_since)
    const char *text;            // borrowed
    size_t tlen;                 // bytes in text
    bool json;                   // a JSON feed: a bad row's line is its record number
    s_agg_t agg;                 // attendance
    Hr__Analytics__BadRow **bad; // arena: reply rows
    size_t nbad;
    char (*known)[AN_ID_MAX + 1]; // owned: canonical ids, for Excel-damaged ones
    size_t nknown, known_cap;
    bool known_loaded;
    hr_rc_t store_rc; // first store failure
    s_agg_t unknown;  // keyed feeds: the distinct employee numbers that match no person
    // attendance by employee number: the last one looked up and its PIN
    char emp_last[AN_ID_MAX + 1], emp_pin[AN_ID_MAX + 1];
    // vendor slots (DingTalk, WeCom): written with the punch days
    s_slot_t *slots; // owned
    size_t nslots, slots_cap;
    hr_arena_t *slot_arena; // owned: the slots and their strings
} s_import_t;

static uint32_t s_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static void s_agg_free(s_agg_t *a)
{
    for (uint32_t i = 0; i < a->npins; i++)
        hr_free(a->pins[i].days);
    hr_free(a->names);
    hr_free(a->pins);
    hr_free(a->ht);
    hr_free(a->day_pin);
    hr_free(a->day_day);
    hr_free(a->day_n);
    hr_free(a->p_day);
    hr_free(a->p_sec);
    hr_free(a->p_line);
    hr_free(a->p_off);
    hr_free(a->p_state);
    an_dayhist_free(&a->hist);
}

static const char *s_pin_name(const s_agg_t *a, uint32_t i)
{
    return a->names + a->pins[i].name_off;
}

static void s_ht_grow(s_agg_t *a)
{
    uint32_t cap = a->ht_cap ? a->ht_cap * 2 : 1024;
    uint32_t *ht = hr_alloc(cap * sizeof *ht);
    for (uint32_t i = 0; i < a->npins; i++) {
        uint32_t h = s_hash(s_pin_name(a, i), a->pins[i].name_len) & (cap - 1);
        while (ht[h])
            h = (h + 1) & (cap - 1);
        ht[h] = i + 1;
    }
    hr_free(a->ht);
    a->ht = ht;
    a->ht_cap = cap;
}

static uint32_t s_pin_intern(s_agg_t *a, const char *pin, size_t len)
{
    if (a->npins * 2 >= a->ht_cap)
        s_ht_grow(a);
    uint32_t h = s_hash(pin, len) & (a->ht_cap - 1);
    while (a->ht[h]) {
        uint32_t i = a->ht[h] - 1;
        if (a->pins[i].name_len == len && !memcmp(s_pin_name(a, i), pin, len))
            return i;
        h = (h + 1) & (a->ht_cap - 1);
    }
    if (a->npins == a->pins_cap) {
        a->pins_cap = a->pins_cap ? a->pins_cap * 2 : 1024;
        a->pins = hr_realloc(a->pins, a->pins_cap * sizeof *a->pins);
    }
    if (a->names_len + len + 1 > a->names_cap) {
        a->names_cap = (a->names_cap + len + 1) * 2;
        a->names = hr_realloc(a->names, a->names_cap);
    }
    memcpy(a->names + a->names_len, pin, len);
    a->names[a->names_len + len] = '\0';
    s_pin_t *p = &a->pins[a->npins];
    memset(p, 0, sizeof *p);
    p->name_off = (uint32_t)a->names_len;
    p->name_len = (uint32_t)len;
    a->names_len += len + 1;
    a->ht[h] = a->npins + 1;
    return a->npins++;
}

// The day index of (pin, day), created when new. UINT32_MAX when the PIN's days span too far.
static uint32_t s_day_of(s_agg_t *a, uint32_t pin, int32_t day)
{
    s_pin_t *p = &a->pins[pin];
    if (!p->ndays) {
        p->base_day = day;
        p->ndays = 64;
        p->days = hr_alloc(p->ndays * sizeof *p->days);
    }
    if (day < p->base_day) {
        int64_t shift = (int64_t)p->base_day - day + 32;
        if (shift + p->ndays > S_DAY_SPAN_MAX)
            return UINT32_MAX;
        uint32_t n = p->ndays + (uint32_t)shift;
        uint32_t *d = hr_alloc(n * sizeof *d);
        memcpy(d + shift, p->days, p->ndays * sizeof *d);
        hr_free(p->days);
        p->days = d;
        p->ndays = n;
        p->base_day -= (int32_t)shift;
    }
    int64_t slot = (int64_t)day - p->base_day;
    if (slot >= p->ndays) {
        if (slot >= S_DAY_SPAN_MAX)
            return UINT32_MAX;
        uint32_t n = p->ndays;
        while (n <= slot)
            n *= 2;
        p->days = hr_realloc(p->days, n * sizeof *p->days);
        memset(p->days + p->ndays, 0, (n - p->ndays) * sizeof *p->days);
        p->ndays = n;
    }
    if (!p->days[slot]) {
        if (a->ndays == a->days_cap) {
            a->days_cap = a->days_cap ? a->days_cap * 2 : 4096;
            a->day_pin = hr_realloc(a->day_pin, a->days_cap * sizeof *a->day_pin);
            a->day_day = hr_realloc(a->day_day, a->days_cap * sizeof *a->day_day);
            a->day_n = hr_realloc(a->day_n, a->days_cap * sizeof *a->day_n);
        }
        a->day_pin[a->ndays] = pin;
        a->day_day[a->ndays] = day;
        a->day_n[a->ndays] = 0;
        p->days[slot] = ++a->ndays;
    }
    return p->days[slot] - 1;
}

// Bytes of the record starting at offset (at most AN_TEXT_MAX): its line, or its lines when a
// quoted field holds line ends.
static size_t s_line_len(const s_import_t *im, uint64_t offset)
{
    size_t left = im->tlen - offset;
    size_t n = an_record_len(im->text + offset, left < AN_TEXT_MAX ? left : AN_TEXT_MAX);
    return n == AN_TEXT_MAX ? hr_utf8_cut(im->text + offset, n) : n;
}

static hr_rc_t s_add_bad(s_import_t *im, uint32_t line, const char *raw, size_t raw_len,
                         const char *why)
{
    im->rep->quarantined++;
    if (im->nbad < AN_BAD_ROWS_REPLY) {
        Hr__Analytics__BadRow *b = hr_arena_alloc(im->arena, sizeof *b);
        hr__analytics__bad_row__init(b);
        b->line = line;
        b->reason = hr_arena_strdup(im->arena, why);
        b->record = im->json;
        im->bad[im->nbad++] = b;
    }
    hr_rc_t rc = an_store_bad_put(im->txn, im->file_no, line, why, raw, raw_len);
    if (rc && !im->store_rc)
        im->store_rc = rc;
    return rc;
}

static hr_rc_t s_on_bad(void *arg, uint32_t line, uint64_t offset, const char *raw, size_t raw_len,
                        const char *why)
{
    HR_UNUSED(offset);
    return s_add_bad(arg, line, raw, raw_len, why);
}

static hr_rc_t s_known_add(void *arg, const char *s)
{
    s_import_t *im = arg;
    if (im->nknown == im->known_cap) {
        im->known_cap = im->known_cap ? im->known_cap * 2 : 1024;
        im->known = hr_realloc(im->known, im->known_cap * sizeof *im->known);
    }
    snprintf(im->known[im->nknown++], AN_ID_MAX + 1, "%s", s);
    return HR_OK;
}

// Resolves an id Excel rounded (1.23457E+17) to the one known id it stands for. False when none
// or several fit.
static bool s_resolve_lossy(s_import_t *im, bool pins, const char *raw, size_t raw_len, char *out)
{
    if (!im->known_loaded) {
        im->known_loaded = true;
        if (pins)
            an_store_pins_each(im->txn, s_known_add, im);
        else
            an_store_people_each(im->txn, s_known_add, im);
    }
    size_t found = 0, at = 0;
    for (size_t i = 0; i < im->nknown && found < 2; i++)
        if (an_id_sci_matches(raw, raw_len, im->known[i])) {
            found++;
            at = i;
        }
    if (found != 1)
        return false;
    snprintf(out, AN_ID_MAX + 1, "%s", im->known[at]);
    return true;
}

// Quarantines a punch with its source text: its line, or a JSON record's own (compact) text.
static hr_rc_t s_punch_bad(s_import_t *im, const an_punch_t *p, const char *why)
{
    if (p->raw)
        return s_add_bad(im, p->line, p->raw, p->raw_len, why);
    return s_add_bad(im, p->line, im->text + p->offset, s_line_len(im, p->offset), why);
}

// The file spans this instant too.
static void s_agg_at(s_agg_t *a, int32_t day, int32_t sec)
{
    int64_t t = (int64_t)day * 86400 + sec;
    if (!a->any_at || t < a->at_lo)
        a->at_lo = t;
    if (!a->any_at || t > a->at_hi)
        a->at_hi = t;
    a->any_at = true;
    an_dayhist_add(&a->hist, day, sec);
}

static hr_rc_t s_on_punch(void *arg, const an_punch_t *p)
{
    s_import_t *im = arg;
    s_agg_t *a = &im->agg;
    const char *pin = p->pin;
    char resolved[AN_ID_MAX + 1];
    if (p->by_employee_no && p->pin_sci_lossy)
        return s_punch_bad(im, p,
                           "employee number in scientific notation lost digits: export the "
                           "column as text");
    if (p->by_employee_no) {
        // No PIN column: the person's PIN from the people feed; a number it does not know is
        // kept as the PIN (the feed's default PIN is the employee number) and listed unmatched.
        if (strcmp(im->emp_last, p->pin)) {
            hr_arena_t *tmp = hr_arena_new(1024);
            Hr__Analytics__Person *who = NULL;
            hr_rc_t rc = an_store_person_get(im->txn, p->pin, tmp, &who);
            if (rc && rc != HR_ENOTFOUND) {
                hr_arena_destroy(&tmp);
                return rc;
            }
            snprintf(im->emp_pin, sizeof im->emp_pin, "%s", rc ? p->pin : who->pin);
            snprintf(im->emp_last, sizeof im->emp_last, "%s", p->pin);
            hr_arena_destroy(&tmp);
        }
        pin = im->emp_pin;
    } else if (p->pin_sci_lossy) {
        // Rebuild the mantissa from the rounded digits (1.23457E+17) for the match.
        char sci[AN_ID_MAX + 8];
        size_t nd = strlen(p->pin);
        while (nd > 1 && p->pin[nd - 1] == '0')
            nd--;
        snprintf(sci, sizeof sci, "%c.%.*sE+%zu", p->pin[0], (int)(nd - 1), p->pin + 1,
                 strlen(p->pin) - 1);
        if (!s_resolve_lossy(im, true, sci, strlen(sci), resolved))
            return s_punch_bad(im, p,
                               "PIN in scientific notation lost digits and matches no single "
                               "person: export the column as text");
        pin = resolved;
    }
    size_t pl = strlen(pin);
    uint32_t pix;
    if (a->np && a->pins[a->last_pin].name_len == pl &&
        !memcmp(s_pin_name(a, a->last_pin), pin, pl))
        pix = a->last_pin;
    else
        pix = s_pin_intern(a, pin, pl);
    uint32_t dix;
    if (a->np && pix == a->last_pin && p->day == a->last_day) {
        dix = a->last_dix;
    } else {
        dix = s_day_of(a, pix, p->day);
        if (dix == UINT32_MAX)
            return s_punch_bad(im, p, "date more than ten years away from the PIN's other punches");
    }
    if (p->raw) {
        hr_rc_t rc = an_store_record_put(im->txn, im->file_no, p->line, p->raw, p->raw_len);
        if (rc)
            return rc;
    }
    a->last_pin = pix;
    a->last_day = p->day;
    a->last_dix = dix;
    if (a->np == a->p_cap) {
        a->p_cap = a->p_cap ? a->p_cap * 2 : 65536;
        a->p_day = hr_realloc(a->p_day, a->p_cap * sizeof *a->p_day);
        a->p_sec = hr_realloc(a->p_sec, a->p_cap * sizeof *a->p_sec);
        a->p_line = hr_realloc(a->p_line, a->p_cap * sizeof *a->p_line);
        a->p_off = hr_realloc(a->p_off, a->p_cap * sizeof *a->p_off);
        a->p_state = hr_realloc(a->p_state, a->p_cap * sizeof *a->p_state);
    }
    size_t i = a->np++;
    a->p_day[i] = dix;
    a->p_sec[i] = p->sec;
    a->p_line[i] = p->line;
    a->p_off[i] = (uint32_t)p->offset;
    a->p_state[i] = (uint8_t)(p->state > 255 ? 255 : p->state);
    a->day_n[dix]++;
    s_agg_at(a, p->day, p->sec);
    return HR_OK;
}

// A person named by a record that is no punch (DingTalk NotSigned): interned without a day, so
// the file is theirs (pin_files) although they have no punch in it; the slot's time widens the
// file's span (a pull of someone who never punched covers the days it asked about).
static hr_rc_t s_on_member(void *arg, const char *pin, int32_t day, int32_t sec)
{
    s_import_t *im = arg;
    s_pin_intern(&im->agg, pin, strlen(pin));
    s_agg_at(&im->agg, day, sec);
    return HR_OK;
}

// A vendor's word on a slot: kept with the file's number (written after the parse, once the file
// is known to be new). A slot nobody punched (NotSigned) with an approval keeps its record text
// too, so a fact can cite the approval; punched records keep theirs in s_on_punch.
static hr_rc_t s_on_slot(void *arg, const char *pin, const Hr__Analytics__VendorSlot *vs,
                         const char *raw, size_t raw_len)
{
    s_import_t *im = arg;
    if (!vs->punch_ms && *vs->approval) {
        hr_rc_t rc = an_store_record_put(im->txn, im->file_no, vs->record, raw, raw_len);
        if (rc)
            return rc;
    }
    if (!im->slot_arena)
        im->slot_arena = hr_arena_new(65536);
    if (im->nslots == im->slots_cap) {
        im->slots_cap = im->slots_cap ? im->slots_cap * 2 : 1024;
        im->slots = hr_realloc(im->slots, im->slots_cap * sizeof *im->slots);
    }
    s_slot_t *s = &im->slots[im->nslots++];
    snprintf(s->pin, sizeof s->pin, "%s", pin);
    Hr__Analytics__VendorSlot *c = hr_arena_alloc(im->slot_arena, sizeof *c);
    *c = *vs;
    c->file_no = im->file_no;
    c->result = hr_arena_strdup(im->slot_arena, vs->result);
    c->approval = hr_arena_strdup(im->slot_arena, vs->approval);
    c->source_type = hr_arena_strdup(im->slot_arena, vs->source_type);
    s->slot = c;
    s->utc_day = an_slot_utc_day(c);
    return HR_OK;
}

static int s_slot_cmp(const void *a, const void *b)
{
    const s_slot_t *x = a, *y = b;
    int c = strcmp(x->pin, y->pin);
    if (c)
        return c;
    if (x->utc_day != y->utc_day)
        return x->utc_day < y->utc_day ? -1 : 1;
    return x->slot->record < y->slot->record ? -1 : x->slot->record > y->slot->record;
}

// db slots: the file's vendor slots, by PIN and day, merged with those stored.
static hr_rc_t s_write_slots(s_import_t *im)
{
    if (!im->nslots)
        return HR_OK;
    qsort(im->slots, im->nslots, sizeof *im->slots, s_slot_cmp);
    Hr__Analytics__VendorSlot **group = hr_alloc(im->nslots * sizeof *group);
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < im->nslots && !rc;) {
        size_t j = i, n = 0;
        while (j < im->nslots && im->slots[j].utc_day == im->slots[i].utc_day &&
               !strcmp(im->slots[j].pin, im->slots[i].pin))
            group[n++] = im->slots[j++].slot;
        rc = an_store_slots_add(im->txn, im->slots[i].pin, im->slots[i].utc_day, group, n);
        i = j;
    }
    hr_free(group);
    return rc;
}

static void s_slots_free(s_import_t *im)
{
    hr_free(im->slots);
    hr_arena_destroy(&im->slot_arena);
    im->nslots = im->slots_cap = 0;
}

// qsort has no context argument: the PIN order is computed with a small merge sort instead.
static void s_sort_pins(const s_agg_t *a, uint32_t *ix, uint32_t *tmp, uint32_t n)
{
    if (n < 2)
        return;
    uint32_t h = n / 2;
    s_sort_pins(a, ix, tmp, h);
    s_sort_pins(a, ix + h, tmp, n - h);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        const s_pin_t *x = &a->pins[ix[i]], *y = &a->pins[ix[j]];
        // Keys are pin + NUL: compare including the terminator.
        int c = memcmp(a->names + x->name_off, a->names + y->name_off,
                       (x->name_len < y->name_len ? x->name_len : y->name_len) + 1);
        tmp[k++] = c <= 0 ? ix[i++] : ix[j++];
    }
    while (i < h)
        tmp[k++] = ix[i++];
    while (j < n)
        tmp[k++] = ix[j++];
    memcpy(ix, tmp, n * sizeof *ix);
}

// Sorts small runs of punches of one day by (sec, line).
static void s_sort_day(int32_t *sec, uint32_t *line, uint32_t *off, uint8_t *st, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        int32_t s = sec[i];
        uint32_t l = line[i], o = off[i];
        uint8_t t = st[i];
        uint32_t j = i;
        while (j > 0 && (sec[j - 1] > s || (sec[j - 1] == s && line[j - 1] > l))) {
            sec[j] = sec[j - 1];
            line[j] = line[j - 1];
            off[j] = off[j - 1];
            st[j] = st[j - 1];
            j--;
        }
        sec[j] = s;
        line[j] = l;
        off[j] = o;
        st[j] = t;
    }
}

// Writes the aggregated punches as PunchDay records in key order.
static hr_rc_t s_write_days(s_import_t *im)
{
    s_agg_t *a = &im->agg;
    if (!a->np)
        return HR_OK;
    // Day order: PINs in key order, days ascending within a PIN (each PIN's slot array).
    uint32_t *pix = hr_alloc(a->npins * sizeof *pix), *tmp = hr_alloc(a->npins * sizeof *tmp);
    for (uint32_t i = 0; i < a->npins; i++)
        pix[i] = i;
    s_sort_pins(a, pix, tmp, a->npins);
    hr_free(tmp);
    uint32_t *order = hr_alloc(a->ndays * sizeof *order); // position -> day index
    uint64_t *start = hr_alloc((a->ndays + 1) * sizeof *start);
    uint32_t k = 0;
    for (uint32_t i = 0; i < a->npins; i++) {
        const s_pin_t *p = &a->pins[pix[i]];
        for (uint32_t s = 0; s < p->ndays; s++)
            if (p->days[s])
                order[k++] = p->days[s] - 1;
    }
    hr_free(pix);
    // Counting sort of the punches by day position.
    uint32_t *pos_of_day = hr_alloc(a->ndays * sizeof *pos_of_day);
    uint64_t acc = 0;
    for (uint32_t i = 0; i < a->ndays; i++) {
        start[i] = acc;
        pos_of_day[order[i]] = i;
        acc += a->day_n[order[i]];
    }
    start[a->ndays] = acc;
    uint64_t *fill = hr_alloc(a->ndays * sizeof *fill);
    memcpy(fill, start, a->ndays * sizeof *fill);
    int32_t *sec = hr_alloc(a->np * sizeof *sec);
    uint32_t *line = hr_alloc(a->np * sizeof *line);
    uint32_t *off = hr_alloc(a->np * sizeof *off);
    uint8_t *st = hr_alloc(a->np * sizeof *st);
    for (size_t i = 0; i < a->np; i++) {
        uint64_t at = fill[pos_of_day[a->p_day[i]]]++;
        sec[at] = a->p_sec[i];
        line[at] = a->p_line[i];
        off[at] = a->p_off[i];
        st[at] = a->p_state[i];
    }
    hr_free(fill);
    hr_free(pos_of_day);
    // The punch arrays in file order are not needed any more.
    hr_free(a->p_day);
    hr_free(a->p_sec);
    hr_free(a->p_line);
    hr_free(a->p_off);
    hr_free(a->p_state);
    a->p_cap = 0;

    an_days_writer_t *w = an_days_writer_new(im->txn);
    hr_rc_t rc = w ? HR_OK : HR_EIO;
    uint32_t max_n = 0;
    for (uint32_t i = 0; i < a->ndays; i++)
        if (a->day_n[i] > max_n)
            max_n = a->day_n[i];
    int32_t *dsec = hr_alloc((max_n + 1) * sizeof *dsec);
    uint32_t *dfno = hr_alloc((max_n + 1) * sizeof *dfno), *dline = hr_alloc((max_n + 1) * 4);
    uint64_t *doff = hr_alloc((max_n + 1) * sizeof *doff);
    uint32_t *dst = hr_alloc((max_n + 1) * sizeof *dst);
    for (uint32_t i = 0; i < a->ndays && !rc; i++) {
        uint32_t d = order[i];
        uint64_t s0 = start[i];
        uint32_t n = (uint32_t)(start[i + 1] - s0);
        s_sort_day(sec + s0, line + s0, off + s0, st + s0, n);
        uint32_t m = 0;
        for (uint32_t j = 0; j < n; j++) {
            if (m && dsec[m - 1] == sec[s0 + j]) {
                im->rep->duplicates++; // the same instant twice in this file
                continue;
            }
            dsec[m] = sec[s0 + j];
            dfno[m] = im->file_no;
            dline[m] = line[s0 + j];
            doff[m] = off[s0 + j];
            dst[m] = st[s0 + j];
            m++;
        }
        Hr__Analytics__PunchDay rec = HR__ANALYTICS__PUNCH_DAY__INIT;
        rec.n_sec = rec.n_file_no = rec.n_line = rec.n_offset = rec.n_state = m;
        rec.sec = dsec;
        rec.file_no = dfno;
        rec.line = dline;
        rec.offset = doff;
        rec.state = dst;
        bool changed = false;
        uint32_t dups = 0;
        rc = an_days_writer_put(w, s_pin_name(a, a->day_pin[d]), a->day_day[d], &rec, &changed,
                                &dups);
        im->rep->duplicates += dups;
        im->rep->accepted += m - dups;
        if (changed)
            im->rep->days_written++;
    }
    an_days_writer_destroy(&w);
    hr_free(dsec);
    hr_free(dfno);
    hr_free(dline);
    hr_free(doff);
    hr_free(dst);
    hr_free(sec);
    hr_free(line);
    hr_free(off);
    hr_free(st);
    hr_free(order);
    hr_free(start);
    return rc;
}

// pin_files: every PIN of the file (a punch or a record naming them) has this file. In key order.
static hr_rc_t s_write_members(s_import_t *im)
{
    s_agg_t *a = &im->agg;
    if (!a->npins)
        return HR_OK;
    uint32_t *pix = hr_alloc(a->npins * sizeof *pix), *tmp = hr_alloc(a->npins * sizeof *tmp);
    for (uint32_t i = 0; i < a->npins; i++)
        pix[i] = i;
    s_sort_pins(a, pix, tmp, a->npins);
    hr_rc_t rc = HR_OK;
    for (uint32_t i = 0; i < a->npins && !rc; i++)
        rc = an_store_pin_file_put(im->txn, s_pin_name(a, pix[i]), im->file_no);
    hr_free(tmp);
    hr_free(pix);
    return rc;
}

static hr_rc_t s_unmatched(s_import_t *im)
{
    s_agg_t *a = &im->agg;
    char **sample = hr_arena_alloc(im->arena, AN_UNMATCHED_SAMPLE * sizeof *sample);
    size_t ns = 0;
    for (uint32_t i = 0; i < a->npins; i++) {
        char emp[AN_ID_MAX + 1];
        hr_rc_t rc = an_store_pin_get(im->txn, s_pin_name(a, i), emp);
        if (rc == HR_ENOTFOUND) {
            im->rep->unmatched_pins++;
            if (ns < AN_UNMATCHED_SAMPLE)
                sample[ns++] = hr_arena_strdup(im->arena, s_pin_name(a, i));
        } else if (rc) {
            return rc;
        }
    }
    im->rep->unmatched_sample = sample;
    im->rep->n_unmatched_sample = ns;
    return HR_OK;
}

// A keyed row about a person (not a default or department schedule) whose employee number
// matches no person of the people feed: kept like an unmatched PIN, and listed in the reply
// (s_unmatched_employees), never silently.
static hr_rc_t s_row_person(s_import_t *im, const an_row_t *r)
{
    if (r->type && (!strcmp(r->type, "default") || !strcmp(r->type, "department")))
        return HR_OK;
    hr_arena_t *tmp = hr_arena_new(1024);
    Hr__Analytics__Person *p = NULL;
    hr_rc_t rc = an_store_person_get(im->txn, r->employee_no, tmp, &p);
    hr_arena_destroy(&tmp);
    if (rc == HR_ENOTFOUND) {
        s_pin_intern(&im->unknown, r->employee_no, strlen(r->employee_no));
        return HR_OK;
    }
    return rc;
}

static void s_unmatched_employees(s_import_t *im)
{
    s_agg_t *u = &im->unknown;
    size_t ns = u->npins < AN_UNMATCHED_SAMPLE ? u->npins : AN_UNMATCHED_SAMPLE;
    char **sample = hr_arena_alloc(im->arena, (ns ? ns : 1) * sizeof *sample);
    for (size_t i = 0; i < ns; i++)
        sample[i] = hr_arena_strdup(im->arena, s_pin_name(u, (uint32_t)i));
    im->rep->unmatched_employees = u->npins;
    im->rep->unmatched_employee_sample = sample;
    im->rep->n_unmatched_employee_sample = ns;
}

// A row of the people feed. A column the file does not have (pin, hire_date, leave_date)
// leaves the stored value alone: a list without leave dates reinstates nobody.
static hr_rc_t s_person_row(s_import_t *im, const an_row_t *r, const char *raw, size_t raw_len)
{
    Hr__Analytics__Person p = HR__ANALYTICS__PERSON__INIT;
    p.employee_no = (char *)r->employee_no;
    p.pin = (char *)(r->pin[0] ? r->pin : r->employee_no);
    p.department = (char *)r->department;
    p.raw_employee_no = (char *)r->raw_id;
    p.file_no = im->file_no;
    p.line = r->line;
    p.offset = r->offset;
    char hired[HR_DATE_LEN] = "", left[HR_DATE_LEN] = "";
    if (r->day_from != AN_DAY_OPEN_FROM)
        hr_date_format(r->day_from, hired);
    if (r->day_to != AN_DAY_OPEN_TO)
        hr_date_format(r->day_to, left);
    p.hire_date = hired;
    p.leave_date = left;
    hr_arena_t *tmp = hr_arena_new(1024);
    Hr__Analytics__Person *old = NULL;
    char why[300];
    hr_rc_t rc = an_store_person_get(im->txn, p.employee_no, tmp, &old);
    if (rc == HR_ENOTFOUND) {
        old = NULL;
    } else if (rc) {
        hr_arena_destroy(&tmp);
        return rc;
    }
    if (old && old->file_no == im->file_no && strcmp(old->raw_employee_no, r->raw_id)) {
        snprintf(why, sizeof why,
                 "employee number '%s' is the same person as '%s' on line %u once leading "
                 "zeros are ignored",
                 r->raw_id, old->raw_employee_no, old->line);
        hr_arena_destroy(&tmp);
        return s_add_bad(im, r->line, raw, raw_len, why);
    }
    if (old) {
        if (!r->has_pin)
            p.pin = old->pin;
        if (!r->has_hire)
            snprintf(hired, sizeof hired, "%s", old->hire_date);
        if (!r->has_leave)
            snprintf(left, sizeof left, "%s", old->leave_date);
        if (hired[0] && left[0] && strcmp(left, hired) < 0) {
            snprintf(why, sizeof why, "leave_date %s is before the hire_date %s%s", left, hired,
                     r->has_hire ? "" : " stored for this person");
            hr_arena_destroy(&tmp);
            return s_add_bad(im, r->line, raw, raw_len, why);
        }
    }
    if (old && old->file_no == im->file_no &&
        (strcmp(old->pin, p.pin) || strcmp(old->department, p.department) ||
         strcmp(old->hire_date, p.hire_date) || strcmp(old->leave_date, p.leave_date))) {
        snprintf(why, sizeof why,
                 "conflict: line %u has employee number '%s' too, with other values; line %u "
                 "is kept, this one is not (correct the file and import it again)",
                 old->line, r->raw_id, old->line);
        hr_arena_destroy(&tmp);
        return s_add_bad(im, r->line, raw, raw_len, why);
    }
    char other[AN_ID_MAX + 1];
    rc = an_store_pin_get(im->txn, p.pin, other);
    if (!rc && strcmp(other, p.employee_no)) {
        snprintf(why, sizeof why, "PIN '%s' already belongs to employee '%s'", p.pin, other);
        hr_arena_destroy(&tmp);
        return s_add_bad(im, r->line, raw, raw_len, why);
    }
    bool dup = false;
    bool moved = !old || strcmp(old->department, p.department);
    rc = an_store_person_put(im->txn, &p, &dup);
    hr_arena_destroy(&tmp); // old's strings may be in p until the put
    // A new person, or one in another department: theirs from the import's day on.
    if (!rc && moved)
        rc = an_store_dept_since(im->txn, p.employee_no, p.department, im->day,
                                 &(an_dept_src_t){im->file_no, r->line, r->offset, im->day});
    if (rc)
        return rc;
    if (dup) {
        im->rep->duplicates++;
    } else {
        im->rep->accepted++;
        if (old)
            im->rep->updated++; // a stored value changed
    }
    return HR_OK;
}

static hr_rc_t s_on_row(void *arg, const an_row_t *r0)
{
    s_import_t *im = arg;
    an_row_t r = *r0;
    const char *raw = im->text + r.offset;
    size_t raw_len = s_line_len(im, r.offset);
    if (r.id_sci_lossy) {
        char sci[AN_ID_MAX + 8];
        size_t nd = strlen(r.employee_no);
        while (nd > 1 && r.employee_no[nd - 1] == '0')
            nd--;
        snprintf(sci, sizeof sci, "%c.%.*sE+%zu", r.employee_no[0], (int)(nd - 1),
                 r.employee_no + 1, strlen(r.employee_no) - 1);
        if (!s_resolve_lossy(im, false, sci, strlen(sci), r.employee_no))
            return s_add_bad(im, r.line, raw, raw_len,
                             "employee number in scientific notation lost digits and matches no "
                             "single person: export the column as text");
    }
    if (r.kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE)
        return s_person_row(im, &r, raw, raw_len);
    hr_rc_t rc = s_row_person(im, &r);
    if (rc)
        return rc;
    bool dup = false, updated = false;
    uint32_t other = 0;
    rc = an_store_row_put(im->txn, &r, im->file_no, &dup, &updated, &other);
    if (rc)
        return rc;
    if (other) {
        char day[HR_DATE_LEN] = "", why[400];
        if (r.day_from != AN_DAY_OPEN_FROM)
            hr_date_format(r.day_from, day);
        snprintf(why, sizeof why,
                 "conflict: line %u has the same key (%s%s%s%s%s) with other values; line %u is "
                 "kept, this one is not (correct the file and import it again)",
                 other, r.employee_no[0] ? r.employee_no : r.type, day[0] ? ", " : "", day,
                 r.subject[0] ? ", " : "", r.subject, other);
        return s_add_bad(im, r.line, raw, raw_len, why);
    }
    if (dup)
        im->rep->duplicates++;
    else
        im->rep->accepted++;
    if (updated)
        im->rep->updated++;
    return HR_OK;
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

// The helper thread: hashes the bytes while the loop thread decodes and parses, then, when
// told to, writes the text durably while the loop thread writes the person-days.
typedef struct {
    const char *data; // borrowed: bytes as sent
    size_t len;
    uint8_t id[32];   // out: BLAKE2b-256 of data
    char *path;       // borrowed: where the text goes (set before WRITE)
    const char *text; // borrowed: the UTF-8 text (set before WRITE)
    size_t tlen;
    char *orig_path; // borrowed: where the bytes as received go, NULL when they are the text
    hr_rc_t rc;      // out: the write's result
} s_blob_job_t;

static void s_blob_actor(zsock_t *pipe, void *arg)
{
    s_blob_job_t *job = arg;
    zsock_signal(pipe, 0); // started
    crypto_generichash(job->id, sizeof job->id, (const unsigned char *)job->data, job->len, NULL,
                       0);
    zsock_signal(pipe, 0); // hash ready
    for (;;) {
        char *cmd = zstr_recv(pipe);
        if (!cmd)
            break;
        bool term = !strcmp(cmd, "$TERM");
        if (!strcmp(cmd, "WRITE")) {
            // The bytes as received first (their BLAKE2b is the file id), then the text.
            job->rc = job->orig_path ? hr_file_write(job->orig_path, job->data, job->len) : HR_OK;
            if (!job->rc)
                job->rc = hr_file_write(job->path, job->text, job->tlen);
            zsock_signal(pipe, 0);
        }
        zstr_free(&cmd);
        if (term)
            break;
    }
}

static void s_already(Hr__Analytics__ImportFeedReply *rep, const Hr__Analytics__File *old)
{
    rep->already_imported = true;
    rep->file_no = old->file_no;
    rep->encoding = old->encoding;
    rep->lines = old->lines;
    rep->skipped = old->skipped;
    rep->accepted = rep->quarantined = rep->updated = rep->days_written = 0;
    rep->unmatched_pins = 0;
    rep->n_bad_rows = rep->n_unmatched_sample = 0;
    rep->unmatched_employees = 0;
    rep->n_unmatched_employee_sample = rep->n_notes = 0;
    rep->duplicates = old->accepted;
}

// The same bytes again as the same kind and format, once withdrawn: they stay withdrawn (a
// mistaken file sent twice must not come back); nothing is imported.
static hr_rc_t s_withdrawn_again(const Hr__Analytics__File *old, const an_import_ctx_t *ctx,
                                 char *why, size_t why_len)
{
    char day[HR_DATE_LEN] = "";
    hr_date_format(hr_day_of_ms(old->withdrawn_ms, 0), day);
    snprintf(why, why_len,
             "file: these bytes were imported as import %u (%s) and withdrawn on %s (UTC) by %s: "
             "a withdrawn file is not imported again (correct the file, or import other bytes)",
             old->file_no, old->name, day, old->withdrawn_by);
    an_zh(ctx->why_zh, ctx->why_zh_len,
          "这份文件的内容已作为第 %u 次导入（%s）导入过，并已于 %s（UTC）由 %s 撤回：撤回的文件"
          "不会再次导入。请改正文件后导入改正后的文件。",
          old->file_no, old->name, day, old->withdrawn_by);
    return HR_ECONFLICT;
}

hr_rc_t an_import_replay(hr_txn_t *txn, int tz_offset_min, const Hr__Analytics__File *f,
                         const char *text, size_t tlen, hr_arena_t *arena, uint32_t *accepted,
                         uint32_t *quarantined, char *why, size_t why_len)
{
    bool attendance = f->kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE;
    Hr__Analytics__ImportFeedReply rep = HR__ANALYTICS__IMPORT_FEED_REPLY__INIT;
    s_import_t im;
    memset(&im, 0, sizeof im);
    im.txn = txn;
    im.arena = arena;
    im.rep = &rep;
    im.text = text;
    im.tlen = tlen;
    im.file_no = f->file_no;
    im.day = hr_day_of_ms(f->imported_ms, tz_offset_min); // the day it came, not the withdrawal's
    int32_t eday = 0; // or the day its departments were stated to hold from
    if (f->effective_from && hr_date_parse(f->effective_from, &eday))
        im.day = eday;
    im.bad = hr_arena_alloc(arena, AN_BAD_ROWS_REPLY * sizeof *im.bad);
    an_sink_t sink = {.arg = &im,
                      .punch = s_on_punch,
                      .row = s_on_row,
                      .bad = s_on_bad,
                      .member = s_on_member,
                      .slot = s_on_slot};
    // A damaged UTF-8 file's text is its bytes: the same rows are set aside again.
    an_parse_opts_t opts = {.tz_offset_min = tz_offset_min,
                            .stored = true,
                            .bad_utf8 = !hr_utf8_check(text, tlen, true),
                            .text_at = !strcmp(f->encoding, "utf-8-bom") ? 3 : 0};
    hr_rc_t rc = an_feed_parse(f->kind, f->format, text, tlen, &opts, &sink, why, why_len);
    if (!rc && im.store_rc)
        rc = im.store_rc;
    if (!rc && attendance)
        rc = s_write_days(&im);
    if (!rc && attendance)
        rc = s_write_members(&im);
    if (!rc && attendance)
        rc = s_write_slots(&im);
    *accepted = rep.accepted;
    *quarantined = rep.quarantined;
    s_slots_free(&im);
    s_agg_free(&im.agg);
    s_agg_free(&im.unknown);
    hr_free(im.known);
    return rc;
}

// ---- schema 9 -> 10: the vendor slots of the files imported before ----

static hr_rc_t s_no_punch(void *arg, const an_punch_t *p)
{
    HR_UNUSED(arg);
    HR_UNUSED(p);
    return HR_OK; // stored at its import: the slots alone are read again
}

typedef struct {
    hr_txn_t *txn;
    uint32_t *nos; // owned: the DingTalk and WeCom attendance imports that count
    size_t n, cap;
} s_vendor_files_t;

static hr_rc_t s_vendor_file(void *arg, const Hr__Analytics__File *f)
{
    s_vendor_files_t *v = arg;
    if (f->kind != HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE || f->withdrawn_ms ||
        (strcmp(f->format, "dingtalk") && strcmp(f->format, "wecom")))
        return HR_OK;
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->nos = hr_realloc(v->nos, v->cap * sizeof *v->nos);
    }
    v->nos[v->n++] = f->file_no;
    return HR_OK;
}

static int s_no_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

// Reads each DingTalk and WeCom file that counts again from its stored text, in import order,
// for its slots alone (the punches were stored at its import). The slots keep the vendor's epoch
// values, so no time zone is needed here. A text that cannot be read fails the upgrade (EIO):
// the daemon does not start on a store it cannot bring up to date.
hr_rc_t an_import_migrate_slots(hr_txn_t *txn, void *arg)
{
    HR_UNUSED(arg);
    s_vendor_files_t v = {.txn = txn};
    hr_arena_t *arena = hr_arena_new(0);
    hr_rc_t rc = an_store_files_each(txn, arena, s_vendor_file, &v);
    if (!rc && v.n > 1)
        qsort(v.nos, v.n, sizeof *v.nos, s_no_cmp);
    size_t slots = 0;
    for (size_t i = 0; i < v.n && !rc; i++) {
        Hr__Analytics__File *f = NULL;
        rc = an_store_file_by_no(txn, v.nos[i], arena, &f);
        if (rc)
            break;
        char *path = an_store_blob_path(hr_txn_store(txn), f->file_id.data);
        char *text = NULL;
        size_t tlen = 0;
        rc = f->file_id.len == 32 ? hr_file_read(path, (size_t)f->text_size + 1, &text, &tlen)
                                  : HR_EIO;
        hr_free(path);
        if (rc) {
            hr_error("store.migrate_slots", "file_no=%u rc=%s", f->file_no, hr_rc_name(rc));
            break;
        }
        s_import_t im;
        memset(&im, 0, sizeof im);
        im.txn = txn;
        im.file_no = f->file_no;
        an_sink_t sink = {.arg = &im, .punch = s_no_punch, .slot = s_on_slot};
        an_parse_opts_t opts = {.tz_offset_min = 0, .stored = true};
        char why[256];
        rc = an_feed_parse(f->kind, f->format, text, tlen, &opts, &sink, why, sizeof why);
        if (!rc)
            rc = s_write_slots(&im);
        slots += im.nslots;
        s_slots_free(&im);
        hr_free(text);
        if (rc)
            hr_error("store.migrate_slots", "file_no=%u rc=%s", f->file_no, hr_rc_name(rc));
    }
    if (!rc)
        hr_info("store.migrated_slots", "files=%zu slots=%zu", v.n, slots);
    hr_free(v.nos);
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t an_import(hr_txn_t *txn, const an_import_ctx_t *ctx, Hr__Analytics__FeedKind kind,
                  const char *format, const char *file_name, const char *data, size_t len,
                  hr_arena_t *arena, Hr__Analytics__ImportFeedReply *rep, char *why, size_t why_len)
{
    bool attendance = kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE;
    s_blob_job_t job = {.data = data, .len = len};
    zactor_t *blob = zactor_new(s_blob_actor, &job);
    bool hashed = false, writing = false;
    const char *text = NULL;
    size_t tlen = 0;
    bool owned = false;
    an_enc_t enc;
    s_import_t im;
    memset(&im, 0, sizeof im);
    Hr__Analytics__File *old = NULL;
    char hex[65];
    an_sink_t sink = {.arg = &im,
                      .punch = s_on_punch,
                      .row = s_on_row,
                      .bad = s_on_bad,
                      .member = s_on_member,
                      .slot = s_on_slot};
    an_parse_opts_t opts = {
        .tz_offset_min = ctx->tz_offset_min, .why_zh = ctx->why_zh, .why_zh_len = ctx->why_zh_len};

    size_t damaged = 0; // places with bytes that are not UTF-8: their rows are quarantined
    hr_rc_t rc = an_text_decode(data, len, an_format_is_lines(kind, format), &text, &tlen, &owned,
                                &enc, &damaged, why, why_len);
    if (rc)
        goto out;
    opts.bad_utf8 = damaged > 0;
    opts.text_at = owned ? 0 : (size_t)(text - data);
    rep->encoding = (char *)an_enc_name(enc);
    im.txn = txn;
    im.arena = arena;
    im.rep = rep;
    im.text = text;
    im.tlen = tlen;
    im.file_no = an_store_file_next_no(txn);
    im.json = !an_format_is_lines(kind, format);
    im.day = hr_day_of_ms(ctx->now_ms, ctx->tz_offset_min);
    int32_t eday = 0; // a people file dated from an earlier day (README "Team")
    if (ctx->effective_from && hr_date_parse(ctx->effective_from, &eday) && eday < im.day)
        im.day = eday;
    im.bad = hr_arena_alloc(arena, AN_BAD_ROWS_REPLY * sizeof *im.bad);
    rep->file_no = im.file_no;
    if (!im.file_no) {
        rc = HR_EIO;
        goto out;
    }
    // Keyed feeds write rows as they parse: know first whether this is a repeat. Attendance
    // parses into memory (quarantine rows aside) while the hash runs.
    if (!attendance) {
        zsock_wait(blob);
        hashed = true;
        rc = an_store_file_get(txn, job.id, kind, format, arena, &old);
        if (rc == HR_OK && old->withdrawn_ms) {
            rc = s_withdrawn_again(old, ctx, why, why_len);
            goto out;
        }
        if (rc == HR_OK) {
            s_already(rep, old);
            goto out;
        }
        if (rc != HR_ENOTFOUND)
            goto out;
    }
    rc = an_feed_parse(kind, format, text, tlen, &opts, &sink, why, why_len);
    if (!rc && im.store_rc)
        rc = im.store_rc;
    if (rc)
        goto out;
    if (!hashed) {
        zsock_wait(blob);
        hashed = true;
        rc = an_store_file_get(txn, job.id, kind, format, arena, &old);
        if (rc == HR_OK && old->withdrawn_ms) {
            rc = s_withdrawn_again(old, ctx, why, why_len);
            goto out;
        }
        if (rc == HR_OK) {
            rc = an_store_bad_clear(txn, im.file_no);
            if (!rc)
                rc = an_store_record_clear(txn, im.file_no);
            s_already(rep, old);
            goto out;
        }
        if (rc != HR_ENOTFOUND)
            goto out;
        rc = HR_OK;
    }
    job.path = an_store_blob_path(hr_txn_store(txn), job.id);
    if (owned || tlen != len) // decoded, or a BOM removed: the text is not the bytes
        job.orig_path = an_store_blob_orig_path(hr_txn_store(txn), job.id);
    job.text = text;
    job.tlen = tlen;
    zstr_send(blob, "WRITE");
    writing = true;
    if (attendance)
        rc = s_write_days(&im);
    if (!rc && attendance)
        rc = s_write_members(&im);
    if (!rc && attendance)
        rc = s_write_slots(&im);
    if (!rc && attendance)
        rc = s_unmatched(&im);
    if (!rc && !attendance)
        s_unmatched_employees(&im);
    rep->lines = sink.records;
    rep->skipped = sink.skipped;
    rep->notes = hr_arena_alloc(arena, 2 * sizeof *rep->notes);
    if (sink.header_line == 2)
        rep->notes[rep->n_notes++] = hr_arena_fmt(arena, "the header is line 2: line 1 above it "
                                                         "named no columns (a title?) and was "
                                                         "passed over");
    else if (sink.header_line > 2)
        rep->notes[rep->n_notes++] = hr_arena_fmt(arena,
                                                  "the header is line %u: lines 1..%u above it "
                                                  "named no columns (a title?) and were passed "
                                                  "over",
                                                  sink.header_line, sink.header_line - 1);
    if (damaged)
        rep->notes[rep->n_notes++] = hr_arena_fmt(
            arena,
            "文件有%zu处字节不是有效的 UTF-8，含这些字节的行已隔离（hrctl quarantine），其余已导入"
            " / the file has %zu place%s with bytes that are not UTF-8: the rows holding them were "
            "quarantined (hrctl quarantine), the rest imported",
            damaged, damaged, damaged == 1 ? "" : "s");
    rep->bad_rows = im.bad;
    rep->n_bad_rows = im.nbad;
    if (!rc) {
        Hr__Analytics__File f = HR__ANALYTICS__FILE__INIT;
        f.file_no = im.file_no;
        f.kind = kind;
        f.format = (char *)an_format_name(format);
        char name[256];
        snprintf(name, sizeof name, "%s", file_name ? file_name : "");
        f.name = name;
        f.size = len;
        f.text_size = tlen;
        f.encoding = rep->encoding;
        f.imported_ms = ctx->now_ms;
        f.msg_id = (char *)(ctx->msg_id ? ctx->msg_id : "");
        f.lines = rep->lines;
        f.accepted = rep->accepted;
        f.quarantined = rep->quarantined;
        f.skipped = rep->skipped;
        f.effective_from = (char *)(ctx->effective_from && eday ? ctx->effective_from : "");
        f.file_id.data = job.id;
        f.file_id.len = 32;
        // The instants the file spans for its people: from its earliest punch (or NotSigned
        // slot) to its latest, duplicates of stored ones included; the days are theirs. Which
        // edge days it covers depends on each person's shift (an_query.c).
        if (im.agg.any_at) {
            f.first_at = im.agg.at_lo;
            f.last_at = im.agg.at_hi;
            f.first_day = an_day_of_at(im.agg.at_lo);
            f.last_day = an_day_of_at(im.agg.at_hi);
            // The stretches it covers; outliers (a device reset, a wrong year) are named.
            Hr__Analytics__Span *spans = hr_arena_alloc(arena, AN_SPANS_MAX * sizeof *spans);
            f.spans = hr_arena_alloc(arena, AN_SPANS_MAX * sizeof *f.spans);
            f.n_spans = an_spans_build(&im.agg.hist, spans, AN_SPANS_MAX);
            rep->outliers = hr_arena_alloc(arena, AN_SPANS_MAX * sizeof *rep->outliers);
            for (size_t i = 0; i < f.n_spans; i++) {
                f.spans[i] = &spans[i];
                char t[96];
                an_span_text(&spans[i], t, sizeof t);
                if (spans[i].outlier)
                    rep->outliers[rep->n_outliers++] = hr_arena_strdup(arena, t);
            }
        }
        char serial[AN_ID_MAX + 1] = "";
        if (attendance && ctx->source && *ctx->source)
            snprintf(serial, sizeof serial, "%s", ctx->source);
        else if (attendance)
            an_att_serial(format, file_name, text, tlen, serial);
        f.source = serial;
        rc = an_store_file_put(txn, &f);
    }
out:
    if (writing) {
        zsock_wait(blob); // the text is on disk (or job.rc says why not) before any commit
        if (!rc && job.rc) {
            rc = job.rc;
            snprintf(why, why_len, "store: cannot write the file's text: %s", hr_rc_name(rc));
            an_zh(ctx->why_zh, ctx->why_zh_len,
                  "无法保存文件原文（%s），未导入任何数据：请检查 hr-analytics 存储目录的磁盘空间"
                  "和权限后重新导入。",
                  hr_rc_name(rc));
        }
    } else if (!hashed) {
        zsock_wait(blob);
    }
    zactor_destroy(&blob);
    s_hex(job.id, 32, hex);
    rep->file_id = hr_arena_strdup(arena, hex);
    hr_free(job.path);
    hr_free(job.orig_path);
    s_slots_free(&im);
    s_agg_free(&im.agg);
    s_agg_free(&im.unknown);
    hr_free(im.known);
    if (owned) {
        char *t = (char *)text;
        hr_free(t);
    }
    return rc;
}
