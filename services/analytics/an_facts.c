/*  an_facts - the fact rules: attendance day by day, KPI attainment, training against the pass
 *  mark, medians, and the sentences for the interview sheet.
 *
 *  Pure: the caller supplies the calendar, the shifts, the leave days and the punches through
 *  an_att_input_t, and gets per-day results and totals back. The definitions (issue 6, README
 *  "facts") in one place:
 *  - on each working day, the first distinct punch is the arrival and the last the departure,
 *    whatever in/out state the device recorded - except break punches (ZKTeco 2 and 3) and field
 *    trips (WeCom 外出打卡), which are neither (an_punch_flags): a day with no other punch, or
 *    with one, is a missing punch;
 *  - late (days with two or more distinct punches): arrival more than rules/grace_min (default
 *    0) minutes after the scheduled start, minutes rounded up; counted separately (late_over_60,
 *    the code kept whatever the threshold) when more than rules/very_late_min (default 60)
 *    minutes late;
 *  - early leave: departure more than rules/early_grace_min (default 0) minutes before the
 *    scheduled end on a day with at least two distinct punches;
 *  - missing punch: exactly one distinct punch, and nothing else of that day: one punch cannot
 *    say whether it was the arrival or the departure, so it is neither late nor early. A punch
 *    within rules/repeat_punch_min (default 5) minutes of the one before is that punch pressed
 *    again (a double press at 18:05:10 and 18:05:12 is one punch, not an arrival and a
 *    departure); so is a day the vendor's own record says had no check-in (DingTalk NotSigned,
 *    WeCom 未打卡, no approval) whose punches are all check-outs, or no check-out and all
 *    check-ins: the vendor's result wins over taking the first check-out for an arrival;
 *  - absence: no punch and no approved leave; with leave for part of the shift and no punch,
 *    only the rest of the shift is absent (a morning off: half a day, absent_share);
 *  - approved leave: a day on leave the whole shift counts for none of these; leave for part of
 *    it (a half day, 09:00-12:00) leaves the day counted, but late and early count only the time
 *    of the shift that was not on leave, and a morning off (上午) is never late nor an afternoon
 *    off (下午) early: where the halves meet (the lunch break) no schedule says (README "Leave and
 * schedules");
 *  - the vendors' word (README "Vendor results"): where a DingTalk or WeCom slot gives its
 *    scheduled time, lateness and early leave count from it; what the rules call late or early
 *    and the vendor's own result calls normal is not counted (nor the other way round), nor is
 *    the side of a slot nobody punched that carries an approval; a day with at most one punch
 *    and such a slot is no absence and no missing punch. The day result says which, so the
 *    fact can cite the record and state both;
 *  - rest days count for none of these; a punch imported twice is one punch (same second).
 *  Which day a punch belongs to: every shift, by day or crossing midnight, takes the punches from
 *  half the off-duty gap before its start to half the gap after its end (09:00-18:00: 01:30 to
 *  01:30 the next day; 22:00-06:00: 14:00 to 14:00). A punch already taken by the previous day
 *  is not taken again. Past that window, a day whose only punch is an open check-in takes the
 *  next punch as its departure when it comes more than three hours before the next day's start
 *  and the next day has a punch of its own after it (overtime to 02:10); a punch DingTalk dates
 *  to the day before (workDate) is that day's wherever it falls.
 */
#include "an.h"

#include <math.h>

an_rules_t an_rules_default(void)
{
    an_rules_t r = {
        .grace_min = 0, .very_late_min = 60, .early_grace_min = 0, .repeat_punch_min = 5};
    return r;
}

void an_shift_window(an_shift_t shift, int32_t *lo, int32_t *hi)
{
    // Day and night shifts alike: overtime past midnight (a 00:30 check-out after a 09:00-18:00
    // day) is the shift's departure, not the next day's arrival.
    int32_t end_min = shift.end_min > shift.start_min ? shift.end_min : shift.end_min + 1440;
    int32_t gap_min = 1440 - (end_min - shift.start_min);
    *lo = (shift.start_min - gap_min / 2) * 60;
    *hi = (end_min + (gap_min - gap_min / 2)) * 60;
}

static int64_t s_abs(int32_t day, int32_t sec)
{
    return (int64_t)day * 86400 + sec;
}

uint8_t an_punch_flags(const char *format, uint32_t state)
{
    if (state == AN_STATE_NONE)
        return 0;
    if (!strcmp(format, "dingtalk"))
        return state & AN_STATE_PREV_DAY ? AN_PUNCH_PREV_DAY : 0;
    if (!strcmp(format, "wecom"))
        return state == AN_STATE_FIELD ? AN_PUNCH_NEUTRAL : 0;
    // ZKTeco (USB attlog, ADMS) and the generic CSV's state column: the device's codes.
    return state == AN_STATE_BREAK_OUT || state == AN_STATE_BREAK_IN ? AN_PUNCH_NEUTRAL : 0;
}

static int64_t s_at(const an_fpunch_t *p)
{
    return s_abs(p->day, p->sec);
}

// An open check-in's overtime past midnight (README): day d, whose punches are taken up to whi,
// has exactly one, before its scheduled end (an arrival); the next punch that is no break lies
// after whi and more than AN_OT_REACH_BEFORE_START_S before the next day's start, and the next
// day has a punch of its own after it. That punch is the day's departure: index, or -1.
static int64_t s_overtime(const an_att_input_t *in, size_t ix, int32_t d, int64_t whi,
                          int64_t only_at)
{
    an_shift_t cur = in->shift(in->arg, d);
    int32_t end_min = cur.end_min > cur.start_min ? cur.end_min : cur.end_min + 1440;
    if (only_at >= s_abs(d, end_min * 60))
        return -1; // the one punch is no arrival: nothing is open
    an_shift_t next = in->shift(in->arg, d + 1);
    int64_t reach = s_abs(d + 1, next.start_min * 60) - AN_OT_REACH_BEFORE_START_S;
    int32_t nlo, nhi;
    an_shift_window(next, &nlo, &nhi);
    int64_t next_hi = s_abs(d + 1, nhi);
    size_t j = ix;
    while (j < in->npunches && (in->punches[j].flags & AN_PUNCH_NEUTRAL))
        j++;
    if (j >= in->npunches || s_at(&in->punches[j]) < whi || s_at(&in->punches[j]) >= reach)
        return -1;
    for (size_t k = j + 1; k < in->npunches && s_at(&in->punches[k]) < next_hi; k++)
        if (!(in->punches[k].flags & AN_PUNCH_NEUTRAL) &&
            s_at(&in->punches[k]) > s_at(&in->punches[j]))
            return (int64_t)j; // the next day has a punch of its own
    return -1;
}

int64_t an_leave_covered(const an_leave_part_t *lp, int64_t lo, int64_t hi)
{
    int64_t n = 0;
    for (uint32_t i = 0; i < lp->n; i++) {
        int64_t a = lp->lo[i] > lo ? lp->lo[i] : lo, b = lp->hi[i] < hi ? lp->hi[i] : hi;
        n += b > a ? b - a : 0;
    }
    return n;
}

void an_leave_add(an_leave_part_t *lp, int64_t lo, int64_t hi)
{
    if (lp->whole || hi <= lo)
        return;
    // Merge with every stretch it touches, then keep them ascending.
    uint32_t k = 0;
    for (uint32_t i = 0; i < lp->n; i++) {
        if (lp->hi[i] >= lo && lp->lo[i] <= hi) {
            lo = lp->lo[i] < lo ? lp->lo[i] : lo;
            hi = lp->hi[i] > hi ? lp->hi[i] : hi;
            continue;
        }
        lp->lo[k] = lp->lo[i];
        lp->hi[k++] = lp->hi[i];
    }
    lp->n = k;
    if (lp->n == AN_LEAVE_PARTS_MAX) { // never dropped: the day counts as leave
        lp->whole = true;
        return;
    }
    uint32_t at = lp->n;
    while (at > 0 && lp->lo[at - 1] > lo) {
        lp->lo[at] = lp->lo[at - 1];
        lp->hi[at] = lp->hi[at - 1];
        at--;
    }
    lp->lo[at] = lo;
    lp->hi[at] = hi;
    lp->n++;
}

// The vendors' check-in and check-out slots of day d (README "Vendor results"): of each, the one
// of the latest file (the vendor's latest word: a later pull after a correction), the last
// record of it. *sx is the first slot not before d (slots are sorted by day).
static void s_day_slots(const an_att_input_t *in, size_t *sx, int32_t d, const an_vslot_t **vin,
                        const an_vslot_t **vout)
{
    *vin = *vout = NULL;
    while (*sx < in->nslots && in->slots[*sx].day < d)
        (*sx)++;
    for (size_t i = *sx; i < in->nslots && in->slots[i].day == d; i++) {
        const an_vslot_t *s = &in->slots[i];
        const an_vslot_t **best = s->check == AN_STATE_IN    ? vin
                                  : s->check == AN_STATE_OUT ? vout
                                                             : NULL;
        if (best && (!*best || s->file_no > (*best)->file_no ||
                     (s->file_no == (*best)->file_no && s->record > (*best)->record)))
            *best = s;
    }
}

// A slot nobody punched that carries an approval (leave, trip, ... : procInstId / approveId).
static bool s_approved(const an_vslot_t *s)
{
    return s && !s->punched && s->approval && *s->approval;
}

// A slot nobody punched without an approval (NotSigned, 未打卡).
static bool s_not_signed(const an_vslot_t *s)
{
    return s && !s->punched && !(s->approval && *s->approval);
}

// Are all the punches first..last (breaks and field trips apart) of the device side check
// (AN_STATE_IN, AN_STATE_OUT)? A punch without a state may be either: no.
static bool s_all_side(const an_att_input_t *in, int64_t first, int64_t last, uint8_t check)
{
    for (int64_t i = first; i <= last; i++) {
        const an_fpunch_t *p = &in->punches[i];
        if (!(p->flags & AN_PUNCH_NEUTRAL) && (p->state & ~AN_STATE_PREV_DAY) != check)
            return false;
    }
    return true;
}

void an_att_evaluate(const an_att_input_t *in, const an_rules_t *rules, an_day_result_t *days_out,
                     an_att_totals_t *totals)
{
    memset(totals, 0, sizeof *totals);
    size_t sx = 0; // first vendor slot not before the day
    size_t ix = 0; // next punch not yet taken
    int64_t repeat_s = (int64_t)rules->repeat_punch_min * 60;
    int64_t taken_upto = INT64_MIN;
    for (int32_t d = in->from - 1; d <= in->to; d++) {
        an_shift_t shift = in->shift(in->arg, d);
        int32_t lo, hi;
        an_shift_window(shift, &lo, &hi);
        int64_t wlo = s_abs(d, lo), whi = s_abs(d, hi);
        if (wlo < taken_upto)
            wlo = taken_upto;
        while (ix < in->npunches && s_at(&in->punches[ix]) < wlo)
            ix++;
        int64_t first = -1, last = -1, first_neutral = -1;
        int32_t n = 0, nn = 0, nrep = 0;
        int64_t prev = INT64_MIN, prev_neutral = INT64_MIN;
        while (ix < in->npunches) {
            const an_fpunch_t *p = &in->punches[ix];
            int64_t t = s_at(p);
            // The window, and after it the punches the vendor dates to this day (DingTalk's
            // workDate: a check-out at 02:15 of a day whose OffDuty it is).
            if (t >= whi && !((p->flags & AN_PUNCH_PREV_DAY) && p->day == d + 1))
                break;
            if (p->flags & AN_PUNCH_NEUTRAL) { // a break or a field trip: neither
                if (t != prev_neutral) {
                    nn++;
                    first_neutral = first_neutral < 0 ? (int64_t)ix : first_neutral;
                    prev_neutral = t;
                }
            } else if (t != prev) { // duplicates (same second) count once
                // Within the repeat-punch interval of the one before: the same punch pressed
                // again, counted once (the first of them the arrival, the last the departure).
                if (n && t - prev <= repeat_s)
                    nrep++;
                else
                    n++;
                if (first < 0)
                    first = (int64_t)ix;
                last = (int64_t)ix;
                prev = t;
            }
            if (t >= whi)
                whi = t + 1; // taken: the next day's window starts after it
            ix++;
        }
        // One punch, an open check-in: overtime past midnight closes it (the 02:10 punch after
        // 08:58 is the departure, not the next day's arrival).
        int64_t ot = n == 1 ? s_overtime(in, ix, d, whi, s_at(&in->punches[first])) : -1;
        if (ot >= 0) {
            n++;
            last = ot;
            whi = s_at(&in->punches[ot]) + 1;
            ix = (size_t)ot + 1; // break punches before it: part of the overtime
        }
        taken_upto = whi;
        if (d < in->from)
            continue;
        an_day_result_t *r = &days_out[d - in->from];
        memset(r, 0, sizeof *r);
        r->day = d;
        r->shift = shift;
        r->npunch = n;
        r->nneutral = nn;
        r->nrepeat = nrep;
        r->arrival_ix = n ? first : first_neutral;
        r->departure_ix = n >= 2 ? last : -1;
        if (!in->is_working(in->arg, d)) {
            r->kind = AN_DAY_REST;
            continue;
        }
        totals->working_days++;
        an_leave_part_t lp;
        memset(&lp, 0, sizeof lp);
        bool leave;
        if (in->leave_part) {
            leave = in->leave_part(in->arg, d, shift, &lp);
        } else {
            lp.whole = in->on_leave && in->on_leave(in->arg, d);
            leave = lp.whole;
        }
        int64_t start = s_abs(d, shift.start_min * 60);
        int64_t end_min = shift.end_min > shift.start_min ? shift.end_min : shift.end_min + 1440;
        int64_t end = (int64_t)d * 86400 + end_min * 60;
        int64_t on_leave_s = leave && !lp.whole ? an_leave_covered(&lp, start, end) : 0;
        if (leave && (lp.whole || on_leave_s >= end - start)) {
            r->kind = AN_DAY_LEAVE;
            r->leave_share = 1;
            totals->leave_days++;
            continue;
        }
        if (on_leave_s > 0) { // part of the shift (a half day, a timed leave)
            r->leave_share = (double)on_leave_s / (double)(end - start);
            totals->leave_part += r->leave_share;
        }
        s_day_slots(in, &sx, d, &r->vin, &r->vout);
        bool ok_in = s_approved(r->vin), ok_out = s_approved(r->vout);
        if (n <= 1 && (ok_in || ok_out)) {
            // No punch, or one, and the vendor records an approval on a slot of the day: no
            // absence, no missing punch (the slot's approval is named with the day).
            r->kind = AN_DAY_APPROVED;
            r->approval_slot = ok_in ? r->vin : r->vout;
            totals->approved_days++;
            continue;
        }
        if (n == 0 && nn == 0) {
            r->kind = AN_DAY_ABSENT;
            if (on_leave_s > 0) {
                // Leave for part of the shift: absent for the rest of it only (a morning off
                // and no punch is half a day, never a whole one).
                r->absent_share = (double)(end - start - on_leave_s) / (double)(end - start);
                totals->absent_part_days++;
                totals->absent_part += r->absent_share;
            } else {
                r->absent_share = 1;
                totals->absences++;
            }
            continue;
        }
        // The vendor's record says the check-in (check-out) slot had no punch and every punch
        // of the day is a check-out (check-in): no arrival (departure) - the first check-out
        // is no 545-minute lateness. The vendor's result wins: a missing punch.
        if (n >= 2 && s_not_signed(r->vin) && s_all_side(in, first, last, AN_STATE_OUT))
            r->unsigned_slot = r->vin;
        else if (n >= 2 && s_not_signed(r->vout) && s_all_side(in, first, last, AN_STATE_IN))
            r->unsigned_slot = r->vout;
        if (n <= 1 || r->unsigned_slot) {
            // Break or field-trip punches only: there, but neither arrived nor left - a missing
            // punch, never an absence.
            // One punch cannot say whether it was the arrival or the departure (an 18:02
            // check-out is no 542-minute lateness): the day is a missing punch and nothing more.
            r->kind = AN_DAY_MISSING;
            totals->missing_punches++;
            continue;
        }
        r->kind = AN_DAY_PRESENT;
        // The schedule of the day: the vendor's own for the slot where its record gives one
        // (DingTalk baseCheckTime, WeCom sch_checkin_time), else the shift.
        if (r->vin && r->vin->has_sched) {
            start = r->vin->sched_at;
            r->start_vendor = true;
        }
        if (r->vout && r->vout->has_sched) {
            end = r->vout->sched_at;
            r->end_vendor = true;
        }
        // Late and early count the time of the shift that was not on leave: an arrival at 11:50
        // after leave from 09:00 to 12:00 is not late, one at 12:10 is 10 minutes late.
        const an_fpunch_t *a = &in->punches[first];
        // The vendor's result speaks of the arrival when its slot's punch is the arrival or
        // a later one (what was on time later was on time earlier).
        an_vendor_verdict_t vin = r->vin && r->vin->punched && r->vin->punch_at >= s_at(a)
                                      ? r->vin->verdict
                                      : AN_VENDOR_NONE;
        int64_t late_s = s_at(a) - start;
        if (on_leave_s && late_s > 0)
            late_s = lp.no_late ? 0 : late_s - an_leave_covered(&lp, start, s_at(a));
        if (late_s > (int64_t)rules->grace_min * 60) {
            int32_t late_min = (int32_t)((late_s + 59) / 60);
            if (ok_in || vin == AN_VENDOR_NORMAL) {
                // The company's own attendance system says on time (or approved): counting it
                // late would contradict the record cited. Stated, not counted.
                r->late_excuse = ok_in ? AN_EXCUSE_APPROVAL : AN_EXCUSE_VENDOR_NORMAL;
                r->late_excused_min = late_min;
                totals->late_excused++;
            } else {
                r->late_min = late_min;
                totals->late_arrivals++;
                totals->late_minutes += (uint32_t)r->late_min;
                if (late_s > (int64_t)rules->very_late_min * 60)
                    totals->late_over_60++;
            }
        } else if (vin == AN_VENDOR_LATE) {
            r->vendor_late_only = true; // within the rules (a grace): stated, not counted
            totals->vendor_late++;
        }
        const an_fpunch_t *b = &in->punches[last];
        an_vendor_verdict_t vout = r->vout && r->vout->punched && r->vout->punch_at <= s_at(b)
                                       ? r->vout->verdict
                                       : AN_VENDOR_NONE;
        int64_t early_s = end - s_at(b);
        if (on_leave_s && early_s > 0)
            early_s = lp.no_early ? 0 : early_s - an_leave_covered(&lp, s_at(b), end);
        if (early_s > (int64_t)rules->early_grace_min * 60) {
            int32_t early_min = (int32_t)((early_s + 59) / 60);
            if (ok_out || vout == AN_VENDOR_NORMAL) {
                r->early_excuse = ok_out ? AN_EXCUSE_APPROVAL : AN_EXCUSE_VENDOR_NORMAL;
                r->early_excused_min = early_min;
                totals->early_excused++;
            } else {
                r->early_min = early_min;
                totals->early_leaves++;
            }
        } else if (vout == AN_VENDOR_EARLY) {
            r->vendor_early_only = true;
            totals->vendor_early++;
        }
    }
}

double an_att_absences(const an_att_totals_t *t)
{
    // Down to a tenth, and 1e-6 against the binary fraction (0.7 stored as 0.6999...).
    return floor(((double)t->absences + t->absent_part) * 10 + 1e-6) / 10;
}

static int s_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double an_median(double *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, s_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// ASCII case-insensitive: does hay hold needle?
static bool s_holds(const char *hay, const char *needle)
{
    for (; *hay; hay++) {
        size_t i = 0;
        while (
            needle[i] && hay[i] &&
            (hay[i] == needle[i] || (hay[i] >= 'A' && hay[i] <= 'Z' && hay[i] + 32 == needle[i])))
            i++;
        if (!needle[i])
            return true;
    }
    return false;
}

const char *an_leave_protection(const char *type)
{
    static const char *const maternity[] = {"产假",    "产检",    "孕",         "保胎",
                                            "哺乳",    "流产",    "maternity",  "prenatal",
                                            "pregnan", "nursing", "breastfeed", "antenatal"};
    static const char *const medical[] = {"医疗期", "病假", "病休", "sick", "medical"};
    static const char *const injury[] = {"工伤", "职业病", "injury", "occupational"};
    if (!type || !*type || s_holds(type, "陪产") || s_holds(type, "paternity"))
        return NULL; // a father's leave: statutory, no LCL 42 status of the employee
    for (size_t i = 0; i < HR_ARRAY_LEN(maternity); i++)
        if (s_holds(type, maternity[i]))
            return "LCL 42(4); 妇女权益保障法 Art. 48";
    for (size_t i = 0; i < HR_ARRAY_LEN(medical); i++)
        if (s_holds(type, medical[i]))
            return "LCL 42(3)";
    for (size_t i = 0; i < HR_ARRAY_LEN(injury); i++)
        if (s_holds(type, injury[i]))
            return "LCL 42(1), 42(2)";
    return NULL;
}

const char *an_status_protection(const char *key, const char **zh)
{
    // hr_law's status keys (common/law/law_catalogue.c), with the articles that protect them.
    static const struct {
        const char *key, *zh, *law;
    } statuses[] = {
        {"hazard_exposure_without_exit_exam", "从事接触职业病危害作业未进行离岗前职业健康检查",
         "LCL 42(1)"},
        {"occupational_disease_suspected", "疑似职业病病人在诊断或者医学观察期间", "LCL 42(1)"},
        {"work_injury_incapacity", "因工负伤并被确认丧失或者部分丧失劳动能力", "LCL 42(2)"},
        {"medical_treatment_period", "医疗期", "LCL 42(3)"},
        {"pregnant", "孕期", "LCL 42(4); 妇女权益保障法 Art. 48"},
        {"maternity_leave", "产期", "LCL 42(4); 妇女权益保障法 Art. 48"},
        {"nursing_infant", "哺乳期", "LCL 42(4); 妇女权益保障法 Art. 48"},
        {"long_service_near_retirement", "连续工作满十五年且距法定退休年龄不足五年", "LCL 42(5)"},
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(statuses); i++)
        if (key && !strcmp(key, statuses[i].key)) {
            if (zh)
                *zh = statuses[i].zh;
            return statuses[i].law;
        }
    if (zh)
        *zh = "";
    return "LCL 42";
}

double an_kpi_attainment(double target, double actual, bool lower_is_better)
{
    if (lower_is_better)
        return actual == 0 ? 100.0 * 2 : 100.0 * target / actual;
    return 100.0 * actual / target;
}

// ---- sentences ----

static void s_num_text(double v, char *buf, size_t len)
{
    if (fabs(v - llround(v)) < 1e-9)
        snprintf(buf, len, "%lld", (long long)llround(v));
    else
        snprintf(buf, len, "%.1f", v);
}

void an_fact_sentences(const an_fact_words_t *w, hr_arena_t *arena, char **zh, char **en)
{
    char v[32], m[32];
    s_num_text(w->value, v, sizeof v);
    s_num_text(w->team_median, m, sizeof m);
    char czh[400] = "", cen[400] = "", pd[32];
    s_num_text(w->per_days, pd, sizeof pd);
    const char *lzh = w->per_leave ? "（假期除外）" : "";
    const char *len_ = w->per_leave ? " (leave apart)" : "";
    if (w->has_comparison && w->per_days) // colleagues imported over fewer or other days
        snprintf(czh, sizeof czh,
                 "，同部门同事（%s，%u人，不含本人）中位数为%s（每人按其已导入考勤的工作日%s的比"
                 "率折算为同样%s个工作日）",
                 w->team, w->team_size, m, lzh, pd);
    else if (w->has_comparison)
        snprintf(czh, sizeof czh, "，同部门同事（%s，%u人，不含本人）中位数为%s", w->team,
                 w->team_size, m);
    if (w->has_comparison && w->per_days)
        snprintf(cen, sizeof cen,
                 "; the team median (%s, %u colleagues, the person not included) is %s (each at "
                 "their rate per working day their imports cover%s, over the same %s working "
                 "days)",
                 w->team, w->team_size, m, len_, pd);
    else if (w->has_comparison)
        snprintf(cen, sizeof cen,
                 "; the team median (%s, %u colleagues, the person not included) is %s", w->team,
                 w->team_size, m);
    const char *c = w->code;
    const char *f = w->from, *t = w->to;
    bool one = !strcmp(v, "1"); // "1 time", "1 working day had"
    an_rules_t rules = w->rules ? *w->rules : an_rules_default();
    // The rule as applied: a grace is said, none is not (the sentence reads as it always did).
    char *late_zh = rules.grace_min
                        ? hr_arena_fmt(arena, "晚于排班上班时间超过%d分钟", rules.grace_min)
                        : "晚于排班上班时间";
    char *late_en = rules.grace_min ? hr_arena_fmt(arena,
                                                   "more than %d minute%s after the scheduled "
                                                   "start",
                                                   rules.grace_min, rules.grace_min == 1 ? "" : "s")
                                    : "after the scheduled start";
    char *early_zh = rules.early_grace_min
                         ? hr_arena_fmt(arena, "早于排班下班时间超过%d分钟", rules.early_grace_min)
                         : "早于排班下班时间";
    if (!strcmp(c, "late_arrivals")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，迟到%s次（%s）%s。", f, t, v, late_zh, czh);
        *en = hr_arena_fmt(arena, "From %s to %s, arrived late %s %s (%s)%s.", f, t, v,
                           one ? "time" : "times", late_en, cen);
    } else if (!strcmp(c, "late_minutes")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，迟到合计%s分钟%s。", f, t, v, czh);
        *en = hr_arena_fmt(arena, "From %s to %s, late by %s minutes in total%s.", f, t, v, cen);
    } else if (!strcmp(c, "late_over_60")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，迟到超过%d分钟%s次%s。", f, t, rules.very_late_min,
                           v, czh);
        *en = hr_arena_fmt(arena, "From %s to %s, arrived more than %d minutes late %s %s%s.", f, t,
                           rules.very_late_min, v, one ? "time" : "times", cen);
    } else if (!strcmp(c, "early_leaves")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，早退%s次（%s）%s。", f, t, v, early_zh, czh);
        if (rules.early_grace_min)
            *en = hr_arena_fmt(arena,
                               "From %s to %s, left more than %d minute%s before the scheduled "
                               "end %s %s%s.",
                               f, t, rules.early_grace_min, rules.early_grace_min == 1 ? "" : "s",
                               v, one ? "time" : "times", cen);
        else
            *en = hr_arena_fmt(arena, "From %s to %s, left before the scheduled end %s %s%s.", f, t,
                               v, one ? "time" : "times", cen);
    } else if (!strcmp(c, "missing_punches")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，有%s个工作日只有一次打卡（缺卡）%s。", f, t, v, czh);
        *en = hr_arena_fmt(arena, "From %s to %s, %s %s a single punch (missing punch)%s.", f, t, v,
                           one ? "working day had" : "working days had", cen);
    } else if (!strcmp(c, "absences") && w->part_days) {
        // Days with leave for part of the shift and no punch: only the rest of the shift is
        // absent, and the sentence says which part of the figure that is.
        char pv[32];
        s_num_text(w->part_value, pv, sizeof pv);
        long long whole = llround(w->value - w->part_value);
        uint32_t np = w->part_days;
        char *wzh =
            whole ? hr_arena_fmt(arena, "%lld个工作日全天无打卡且无批准的假期；", whole) : "";
        char *wen = whole ? hr_arena_fmt(arena,
                                         "%lld working day%s had no punch and no approved "
                                         "leave; ",
                                         whole, whole == 1 ? "" : "s")
                          : "";
        *zh = hr_arena_fmt(arena,
                           "%s至%s期间，缺勤合计%s个工作日（无打卡且无批准假期的时间）：其中%s%u"
                           "个工作日无打卡但部分时间为批准的假期，只计未请假的部分（%s个工作日；"
                           "当日其余时间为批准的假期，见来源）%s。",
                           f, t, v, wzh, np, pv, czh);
        *en = hr_arena_fmt(arena,
                           "From %s to %s, absent %s working days in all (no punch, not on "
                           "approved leave): %s%u working day%s had no punch but approved leave "
                           "for part of the shift: only the part not on leave is counted (%s "
                           "working days; the rest of %s was on approved leave, see sources)%s.",
                           f, t, v, wen, np, np == 1 ? "" : "s", pv,
                           np == 1 ? "the day" : "each of those days", cen);
    } else if (!strcmp(c, "absences")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，有%s个工作日无打卡且无批准的假期（缺勤）%s。", f, t,
                           v, czh);
        *en =
            hr_arena_fmt(arena, "From %s to %s, %s %s no punch and no approved leave (absence)%s.",
                         f, t, v, one ? "working day had" : "working days had", cen);
    } else if (!strcmp(c, "leave_days")) {
        *zh = hr_arena_fmt(
            arena, "%s至%s期间，有%s个工作日为批准的假期（%s），假期内不计迟到、早退或缺勤。", f, t,
            v, w->extra1 ? w->extra1 : "");
        *en = hr_arena_fmt(arena,
                           "From %s to %s, %s %s on approved leave (%s): no lateness, early leave "
                           "or absence is counted in it.",
                           f, t, v, one ? "working day was" : "working days were",
                           w->extra1 ? w->extra1 : "");
    } else if (!strcmp(c, "kpi_attainment")) {
        *zh = hr_arena_fmt(arena, "考核周期%s，指标“%s”完成率为%s%%（目标%s，实际%s）%s。",
                           w->period, w->subject, v, w->extra1, w->extra2, czh);
        *en = hr_arena_fmt(arena,
                           "In period %s, KPI \"%s\" attainment was %s%% (target %s, actual %s)%s.",
                           w->period, w->subject, v, w->extra1, w->extra2, cen);
    } else if (!strcmp(c, "sales_clients_followed") || !strcmp(c, "sales_deals_signed")) {
        bool clients = !strcmp(c, "sales_clients_followed");
        *zh = hr_arena_fmt(arena, "%s至%s期间，%s合计%s%s。", f, t,
                           clients ? "跟进客户数" : "签单数", v, czh);
        *en = hr_arena_fmt(arena, "From %s to %s, %s: %s in total%s.", f, t,
                           clients ? "clients followed" : "deals signed", v, cen);
    } else if (!strcmp(c, "kpi_actual")) { // lower is better with a target of 0
        *zh =
            hr_arena_fmt(arena,
                         "考核周期%s，指标“%s”目标为%s（越低越好），实际为%s；目标为0时不计算完成率"
                         "，只列实际与目标。",
                         w->period, w->subject, w->extra1, w->extra2);
        *en = hr_arena_fmt(arena,
                           "In period %s, KPI \"%s\": target %s (lower is better), actual %s; no "
                           "attainment is computed against a target of 0, the actual is stated "
                           "against it.",
                           w->period, w->subject, w->extra1, w->extra2);
    } else if (!strcmp(c, "training_score") && w->leave && *w->leave) {
        *zh = hr_arena_fmt(arena,
                           "%s为本人休假日（%s），未能参加培训“%s”；记录的成绩%s分不作为未及格。",
                           w->period, w->leave, w->subject, v);
        *en = hr_arena_fmt(arena,
                           "On %s the person was on leave (%s) and could not attend training "
                           "\"%s\"; the recorded score %s is no failure.",
                           w->period, w->leave, w->subject, v);
    } else if (!strcmp(c, "training_score")) {
        *zh =
            hr_arena_fmt(arena, "%s参加培训“%s”，成绩%s分，及格线%s分，%s%s。", w->period,
                         w->subject, v, w->extra1, w->below ? "未达到及格线" : "已达到及格线", czh);
        *en = hr_arena_fmt(arena, "On %s, training \"%s\": score %s, pass mark %s, %s%s.",
                           w->period, w->subject, v, w->extra1,
                           w->below ? "below the pass mark" : "passed", cen);
    } else if (!strcmp(c, "training_failed") && w->retaken) {
        // A retake passed clears the failure from the count, not from the record: the sentence
        // says it was failed and then passed (a 52 against 60, then 71), never "0 below".
        *zh = hr_arena_fmt(arena,
                           "%s至%s期间，%s门培训未达到及格线且未经补考通过；另有%u门培训曾未达到"
                           "及格线，后经补考及格%s。",
                           f, t, v, w->retaken, czh);
        *en = hr_arena_fmt(arena,
                           "From %s to %s, %s %s below the pass mark and not passed on a retake; "
                           "%u more %s below the pass mark first and then passed on a retake%s.",
                           f, t, v, one ? "training course was" : "training courses were",
                           w->retaken, w->retaken == 1 ? "was" : "were", cen);
    } else if (!strcmp(c, "training_failed")) {
        *zh = hr_arena_fmt(arena, "%s至%s期间，%s门培训未达到及格线%s。", f, t, v, czh);
        *en = hr_arena_fmt(arena, "From %s to %s, %s %s below the pass mark%s.", f, t, v,
                           one ? "training course was" : "training courses were", cen);
    } else {
        *zh = hr_arena_fmt(arena, "%s：%s", c, v);
        *en = hr_arena_fmt(arena, "%s: %s", c, v);
    }
}
