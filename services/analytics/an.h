/*  an.h - the one header hr-analytics' files include.
 *
 *  Layers (STYLE.md 2): an_server (loop, routes) -> an_handlers (thin) -> an_import / an_query /
 *  an_withdraw / an_retention (orchestration; a withdrawal imports the remaining files again,
 *  the retention sweep withdraws and erases old imports on the tick) -> an_store (the
 *  only file that knows dbs and keys) and the pure domain files: an_text (encodings, CSV, ids,
 *  dates), an_feeds (one parser per feed and format), an_facts (the fact rules), an_cover (the
 *  stretches an attendance file covers) and an_auth (who may call). an_events applies the
 *  workflow's events (the directory's roles; the case events through an_metrics). Domain files
 *  do no I/O and read no clock.
 */
#ifndef AN_H
#define AN_H

#include "hr.h"
#include "analytics.pb-c.h"

// ---- limits (README "limits") ----
#define AN_IMPORT_MAX_BYTES_DEFAULT (64 * 1024 * 1024) // import/max_bytes default
#define AN_IMPORT_MAX_BYTES_LIMIT (INT64_C(1) << 30)   // import/max_bytes upper bound
#define AN_RECORD_MAX 65536                            // one CSV record, bytes
#define AN_FIELDS_MAX 64                               // fields in one CSV record
#define AN_ID_MAX 64                                   // employee number, PIN, department
#define AN_DAY_OPEN_FROM (INT32_MIN / 2)               // a period open at its start (day numbers)
#define AN_DAY_OPEN_TO (INT32_MAX / 2)                 // ... and at its end
#define AN_TEXT_MAX 4096                               // survey free text, raw row kept
#define AN_SUBJECT_MAX 128                             // KPI metric, course, reason code
#define AN_BAD_ROWS_REPLY 100                          // bad rows listed in an import reply
#define AN_UNMATCHED_SAMPLE 20                         // unmatched PINs listed in a reply
#define AN_FACT_SOURCES_MAX 200                        // sources listed per fact
#define AN_RAW_MAX 512                                 // raw text of a source in a fact
#define AN_WINDOW_MAX_DAYS 366                         // facts window
#define AN_DAY_RECORDS_MAX 31  // GetFactsRequest.days: days described one by one
#define AN_LEAVE_MAX_DAYS 1096 // one leave row: 3 years (a 医疗期 of 24 months and more)
#define AN_TEAM_MAX 500        // team members compared at most
#define AN_TEAM_MIN 3          // colleagues with a figure a team median needs (fewer: "too small")
#define AN_DAY_BIAS INT64_C(2147483648) // day + bias = unsigned key order
#define AN_STATE_NONE 255               // punch without a device state
// Punch states as stored (PunchDay.state): the ZKTeco codes, which the generic CSV's state
// column uses too, and the vendors' own mapped onto them (README "Punch types").
#define AN_STATE_IN 0        // check-in: ZKTeco 0, DingTalk OnDuty, WeCom 上班打卡
#define AN_STATE_OUT 1       // check-out: ZKTeco 1, DingTalk OffDuty, WeCom 下班打卡
#define AN_STATE_BREAK_OUT 2 // ZKTeco break-out: neither arrival nor departure
#define AN_STATE_BREAK_IN 3  // ZKTeco break-in: neither
#define AN_STATE_FIELD 8     // WeCom 外出打卡 (field trip): neither
#define AN_STATE_PREV_DAY                                                                          \
    0x40 // DingTalk, with IN or OUT: workDate is the day before the punch's
         // (a check-out after midnight belongs to the day before)

// ---- dates (days since 1970-01-01, proleptic Gregorian) ----
// Day number of a civil date (any date; hr_date_from_ymd insists on a valid one).
int32_t an_days_from_civil(int y, int m, int d);

// ---- text (an_text.c) ----
// True when s is an id a request may name (a department, a person): at most AN_ID_MAX bytes of
// UTF-8 text without control characters.
bool an_id_is_clean(const char *s);
// A refusal in Chinese beside the English why (README "Refusals in Chinese"): formats into zh,
// zh_len bytes, cut at a whole character; nothing when zh is NULL (the caller wants English only).
void an_zh(char *zh, size_t zh_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
typedef enum { AN_ENC_UTF8 = 0, AN_ENC_UTF8_BOM, AN_ENC_GB18030, AN_ENC_UTF16LE } an_enc_t;
const char *an_enc_name(an_enc_t enc);
// Decodes data into UTF-8. *text_out is data itself (plain UTF-8, nothing to do) or an owned
// buffer; *owned_out says which. A BOM is removed. Bytes that are not valid UTF-8 are read as
// GB18030 (a superset of GBK). HR_EINVAL when nothing fits (why names it).
// A UTF-8 file damaged in places - a UTF-8 BOM, or valid multi-byte UTF-8 at least twice its
// bad bytes, or ASCII with bad bytes in fewer than half its lines, and not GB18030 throughout -
// is refused naming the first place unless `lines` (the caller's format reads line by line and
// sets aside the lines holding bad bytes, an_parse_opts_t.bad_utf8): then *text_out is the
// bytes as they are (the BOM removed) and *damaged_out the number of bad runs (else 0). Damaged
// UTF-8 that also decodes as GB18030 throughout is refused either way: which encoding it is
// cannot be told, and a guess could turn it into mojibake.
hr_rc_t an_text_decode(const char *data, size_t len, bool lines, const char **text_out,
                       size_t *len_out, bool *owned_out, an_enc_t *enc_out, size_t *damaged_out,
                       char *why, size_t why_len);
// The first place in s[0..len) that is not UTF-8 (NUL bytes are): its offset from s and its
// first bytes as hex ("FF AE 89", at most 4) into hex (16 bytes). False when there is none.
bool an_utf8_first_bad(const char *s, size_t len, size_t *off, char *hex, size_t hex_len);

// A CSV reader over UTF-8 text: RFC 4180 quoting ("" inside quotes, newlines inside quotes),
// CR, LF and CRLF line ends, empty lines skipped, one delimiter per file (',' ';' or TAB,
// guessed from the first record unless given).
typedef struct {
    const char *text;             // borrowed
    size_t len;                   // bytes in text
    size_t pos;                   // next byte
    uint32_t line;                // physical line of pos (1-based)
    char delim;                   // ',' ';' '\t'
    char *buf;                    // owned: unquoted field bytes of the current record
    size_t buf_cap;               // bytes allocated in buf
    const char *f[AN_FIELDS_MAX]; // current record's fields (in buf or text; use flen)
    size_t flen[AN_FIELDS_MAX];   // their lengths
    size_t foff[AN_FIELDS_MAX];   // offsets while reading (in buf when fq, else in text)
    bool fq[AN_FIELDS_MAX];       // field was quoted
    size_t nf;                    // fields in the current record
    uint32_t rec_line;            // line where the current record starts
    size_t rec_off;               // offset of the current record in text
    size_t rec_len;               // bytes of the current record (without the line end)
    const char *bad;              // why the current record is bad (static string or bad_buf),
                                  // NULL if good
    char bad_buf[192];            // a reason naming lines (an unterminated quote)
    uint8_t stop[256];            // bytes that end an unquoted field
} an_csv_t;

// delim 0 = guess from the first record.
void an_csv_init(an_csv_t *csv, const char *text, size_t len, char delim);
void an_csv_free(an_csv_t *csv);
// Goes back (or on) to the record starting at pos on physical line `line`; delim 0 = guess again
// from that line (a title line above the header has no delimiters to guess from).
void an_csv_rewind(an_csv_t *csv, size_t pos, uint32_t line, char delim);
// Reads the next record. False at the end. A broken record (unterminated quote, too long, too
// many fields, NUL byte) comes back with csv->bad set; the reader resynchronises on the next line.
// An unterminated quote is named by the line and column where it opened: one that runs to the
// end of the file, or over a line end to a quote followed by text (the opening quote of a later
// line's field, which would otherwise swallow the lines between).
bool an_csv_next(an_csv_t *csv);

// Ids damaged by spreadsheets: surrounding blanks, a leading apostrophe, "123.0", leading zeros
// ("00123" -> "123": numeric ids compare as numbers) and scientific notation ("1.2345E+05").
typedef enum {
    AN_ID_OK = 0,    // *out holds the canonical id
    AN_ID_EMPTY,     // nothing there
    AN_ID_BAD,       // characters an id cannot hold, or too long
    AN_ID_SCI_EXACT, // scientific notation with every digit present: *out is the number
    AN_ID_SCI_LOSSY, // scientific notation that lost digits: *out is the rounded number;
                     // resolve it against known ids with an_id_sci_matches()
} an_id_rc_t;
// Canonical form into out (at least AN_ID_MAX + 1 bytes).
an_id_rc_t an_id_canon(const char *s, size_t len, char *out);
// For AN_ID_SCI_LOSSY: true when the known canonical id `known` is displayed as `sci` (the
// mantissa's digits, rounded). Use it to find the one person an Excel-damaged id stands for.
bool an_id_sci_matches(const char *sci, size_t len, const char *known);

// Date and time of day as people and spreadsheets write them. Dates: 2024-01-05, 2024/1/5,
// 2024.1.5, 20240105, 2024年1月5日, Excel serials 1..2958465 (1900 system). dd/mm/yyyy and
// mm/dd/yyyy are refused as ambiguous. Times: H:MM, HH:MM:SS, 24:00 (= next midnight), with an
// optional fraction of a second. A date-time is "DATE[ T]TIME" with an optional zone suffix
// (Z, +08:00, +0800) or an Excel serial with a fraction.
bool an_date_parse(const char *s, size_t len, int32_t *day, const char **why);
bool an_tod_parse(const char *s, size_t len, int32_t *sec, const char **why);
// Local day and seconds after local midnight. A zone suffix converts from that zone to
// tz_offset_min; without one the text is local time already.
bool an_datetime_parse(const char *s, size_t len, int tz_offset_min, int32_t *day, int32_t *sec,
                       const char **why);
// Epoch milliseconds to local day and seconds.
void an_local_of_ms(int64_t ms, int tz_offset_min, int32_t *day, int32_t *sec);
// Bytes of the record starting at s (at most n): up to its line end, or for a CSV record with a
// quoted field holding line ends (RFC 4180) up to the line end after the closing quote. A quote
// that does not close within n bytes: the first line end.
size_t an_record_len(const char *s, size_t n);
// Strict decimal number ("12", "-3.5", "85%" -> 85). False otherwise.
bool an_number_parse(const char *s, size_t len, double *out);
// KPI periods: 2025-03, 2025-Q1, 2025-H1, 2025, or a date; or "FROM~TO" with two dates.
bool an_period_parse(const char *s, size_t len, int32_t *from, int32_t *to);

// ---- feeds (an_feeds.c) ----
typedef struct {
    char pin[AN_ID_MAX + 1]; // canonical
    bool pin_sci_lossy;      // pin is a rounded Excel number: resolve before use
    int32_t day;             // local calendar day
    int32_t sec;             // seconds after local midnight, 0..86399
    uint32_t state;          // device state, AN_STATE_NONE when absent
    uint32_t line;           // physical line (JSON: record number)
    uint64_t offset;         // byte offset of the record in the text (JSON: 0)
    const char *raw;         // borrowed: the record's text when it is no line of the text (a
                             // JSON record, compact), NULL otherwise
    size_t raw_len;          // bytes in raw
    bool by_employee_no;     // pin is the canonical employee number (a file without a PIN
                             // column): the import finds the person's PIN
} an_punch_t;

// A keyed row of the other feeds, strings borrowed for the duration of the callback.
typedef struct {
    Hr__Analytics__FeedKind kind;
    const char *type;                // see Row.type in analytics.proto
    char employee_no[AN_ID_MAX + 1]; // canonical (department name for department schedules)
    bool id_sci_lossy;               // employee_no is a rounded Excel number
    char pin[AN_ID_MAX + 1];         // people: canonical PIN ("" = same as employee_no)
    char department[AN_ID_MAX + 1];  // people
    char raw_id[AN_ID_MAX + 1];      // employee number as written
    int32_t day_from, day_to;
    char subject[AN_SUBJECT_MAX + 1];
    double a, b;
    const char *text; // borrowed: survey text or KPI period, may be ""
    bool lower_is_better;
    uint32_t weekdays; // schedules: working weekdays, bit 0 Monday .. bit 6 Sunday; 0 = calendar
    bool irregular;    // schedules: 不定时工作制
    // people: the file has the column (an absent column leaves the stored value alone)
    bool has_pin, has_hire, has_leave;
    uint32_t line;
    uint64_t offset;
} an_row_t;

typedef struct {
    void *arg;
    // Each returns HR_OK to go on; any other code stops the parse with it.
    hr_rc_t (*punch)(void *arg, const an_punch_t *p);
    hr_rc_t (*row)(void *arg, const an_row_t *r);
    // A record that cannot be used: line, its text (borrowed) and why.
    hr_rc_t (*bad)(void *arg, uint32_t line, uint64_t offset, const char *raw, size_t raw_len,
                   const char *why);
    // A person named by a record that is no punch (a DingTalk NotSigned slot, a WeCom 未打卡
    // row) at the slot's local day and second: the file covers them although they did not punch,
    // and its span reaches the slot (may be NULL).
    hr_rc_t (*member)(void *arg, const char *pin, int32_t day, int32_t sec);
    // What a vendor's own record says of a scheduled slot (DingTalk, WeCom: README "Vendor
    // results"), punched or not, for the PIN (canonical); slot->file_no is 0 (the caller's file),
    // its strings and raw (the record's compact JSON text) are borrowed for the call. May be NULL.
    hr_rc_t (*slot)(void *arg, const char *pin, const Hr__Analytics__VendorSlot *slot,
                    const char *raw, size_t raw_len);
    // Records that are not punches and not errors (DingTalk NotSigned rows, device serial lines).
    uint32_t skipped;
    uint32_t records; // records seen (header excluded)
    // CSV: the line of the header (> 1: the lines above it named no columns - a title - and
    // were passed over, at most AN_TITLE_LINES_MAX)
    uint32_t header_line;
} an_sink_t;
#define AN_TITLE_LINES_MAX 5

typedef struct {
    int tz_offset_min; // local time zone of the company (+480 = Asia/Shanghai)
    bool stored;       // a file imported before (replay, migration): a lone DingTalk page that
                       // says hasMore, taken before such pages were refused, still reads; so
                       // does a ZKTeco file of the other format's column layout
    bool bad_utf8;     // the text holds bytes that are not UTF-8 (an_text_decode's damaged
                       // file): each record is checked, one holding them is quarantined naming
                       // its line and byte offset; bad bytes in the header refuse the file
    size_t text_at;    // bytes of the file before the text (a UTF-8 BOM: 3): byte offsets in
                       // reasons are the file's
    char *why_zh;      // NULL, or where a whole file's refusal is said in Chinese too (an_zh)
    size_t why_zh_len;
} an_parse_opts_t;

// Parses a whole UTF-8 text of the given kind and format ("generic", "zkteco", "adms",
// "dingtalk", "wecom"). HR_EINVAL with why for a file that cannot be read at all (unknown
// format, missing header columns, JSON that does not parse); row problems go to sink->bad.
hr_rc_t an_feed_parse(Hr__Analytics__FeedKind kind, const char *format, const char *text,
                      size_t len, const an_parse_opts_t *opts, an_sink_t *sink, char *why,
                      size_t why_len);
const char *an_kind_name(Hr__Analytics__FeedKind kind);
// The device an attendance file comes from, into out (AN_ID_MAX + 1; "" = not known): the serial
// number on the first line of a ZKTeco TFT export, else the <SN> of a file named
// <SN>_attlog.dat (not a machine number: 1_attlog.dat names no device).
void an_att_serial(const char *format, const char *file_name, const char *text, size_t len,
                   char *out);
// True when the feed of kind and format is read line by line (CSV, ZKTeco and ADMS lines),
// false for JSON (DingTalk, WeCom): an_text_decode's `lines`.
bool an_format_is_lines(Hr__Analytics__FeedKind kind, const char *format);
// The own id of a JSON feed's record (its text as stored, len bytes): DingTalk's `id`, else its
// `recordId`, a string or an integer, into out (AN_ID_MAX + 1). False, out "", when it has none
// (WeCom's records) or the text is not a JSON object.
bool an_record_id(const char *json, size_t len, char *out);
// The canonical name of a format as an import gives it: "" and "csv" are "generic", "attlog" is
// "zkteco"; any other name is returned as it is.
const char *an_format_name(const char *format);

// What a vendor's result says of a slot's time (README "Vendor results"): DingTalk's timeResult
// Normal / Late, SeriousLate, Absenteeism / Early / NotSigned; WeCom's exception_type: "" (or
// only other exceptions: place, wifi, device) is normal when the record carries its scheduled
// time (sch_checkin_time; without one WeCom judged no time), 时间异常 late on a check-in and
// early on a check-out, 未打卡 not signed.
typedef enum {
    AN_VENDOR_NONE = 0,   // no result about the time (none given, or not one we know)
    AN_VENDOR_NORMAL,     // on time by the vendor's own rule
    AN_VENDOR_LATE,       // late (any degree)
    AN_VENDOR_EARLY,      // left early
    AN_VENDOR_NOT_SIGNED, // no punch in this slot
} an_vendor_verdict_t;
an_vendor_verdict_t an_vendor_verdict(const char *format, const Hr__Analytics__VendorSlot *s);
// "DingTalk" / "WeCom" for a format, and the field names of its scheduled time and result.
const char *an_vendor_name(const char *format);
const char *an_vendor_sched_field(const char *format);
const char *an_vendor_result_field(const char *format);

// ---- facts (an_facts.c, pure) ----
typedef struct {
    int32_t start_min; // minutes after midnight
    int32_t end_min;   // <= start_min: the shift ends the next day
} an_shift_t;

typedef struct {
    int grace_min;        // late only when more than this after the start (default 0)
    int very_late_min;    // "more than very_late_min minutes late" (late_over_60) threshold
    int early_grace_min;  // early leave only when more than this before the end (default 0)
    int repeat_punch_min; // a punch within this many minutes of the one before is the same
                          // punch pressed again (default 5; 0: the same second only)
} an_rules_t;

// One punch as the rules see it: absolute local minute-second on a day.
typedef struct {
    int32_t day;      // local calendar day
    int32_t sec;      // seconds after midnight
    uint32_t file_no; // provenance
    uint32_t line;
    uint64_t offset;
    uint8_t state; // as stored (AN_STATE_*), AN_STATE_NONE when none
    uint8_t flags; // AN_PUNCH_*: what the rules make of it (an_punch_flags)
} an_fpunch_t;

#define AN_PUNCH_NEUTRAL 1  // a break or field-trip punch: neither arrival nor departure
#define AN_PUNCH_PREV_DAY 2 // the vendor dates it to the day before its calendar day
// What a punch of a file in format (canonical name) with the stored state is to the rules.
uint8_t an_punch_flags(const char *format, uint32_t state);
// How far an open check-in reaches into the next morning (README "overtime past midnight"):
// the next punch is the day's departure up to this long before the next day's scheduled start.
#define AN_OT_REACH_BEFORE_START_S (3 * 3600)

// A vendor's slot as the rules see it (from db slots, README "Vendor results"): its working day
// and times in local seconds, and what the vendor made of it.
typedef struct {
    int32_t day;                 // the local working day the vendor puts the slot on
    uint8_t check;               // AN_STATE_IN or AN_STATE_OUT
    bool has_sched;              // the record gives the scheduled time
    int64_t sched_at;            // ... as local day * 86400 + second
    bool punched;                // a punch (not NotSigned / 未打卡)
    int64_t punch_at;            // ... at local day * 86400 + second
    an_vendor_verdict_t verdict; // an_vendor_verdict
    const char *approval;        // borrowed: procInstId / approveId, "" none
    const char *result;          // borrowed: the result as written
    const char *format;          // borrowed: the file's format ("dingtalk", "wecom")
    uint32_t file_no;            // the record: its file
    uint32_t record;             // ... and number (records db)
} an_vslot_t;
// The approved leave of one day (README "Leave and schedules"): the whole day, or parts of its
// shift.
#define AN_LEAVE_PARTS_MAX 8 // separate leave stretches of one day; more: the whole day
typedef struct {
    bool whole;                     // the whole day (its shift) is on leave
    uint32_t n;                     // else: the stretches on leave, merged, ascending
    int64_t lo[AN_LEAVE_PARTS_MAX]; // local seconds (day * 86400 + second), inclusive
    int64_t hi[AN_LEAVE_PARTS_MAX]; // ... exclusive
    bool no_late;                   // a morning off (上午): the arrival is never late
    bool no_early;                  // an afternoon off (下午): the departure is never early
} an_leave_part_t;
// Seconds of lo..hi (local seconds) that the leave stretches of lp cover.
int64_t an_leave_covered(const an_leave_part_t *lp, int64_t lo, int64_t hi);
// Adds the stretch lo..hi to lp, merged with those it touches; more than AN_LEAVE_PARTS_MAX
// separate ones make the whole day leave.
void an_leave_add(an_leave_part_t *lp, int64_t lo, int64_t hi);

// Everything the rules need about one person over a window, supplied by the caller.
typedef struct {
    int32_t from, to; // window, inclusive
    // Working day of the company calendar?
    bool (*is_working)(void *arg, int32_t day);
    // The person's shift on a day.
    an_shift_t (*shift)(void *arg, int32_t day);
    // Approved leave on a day? (whole days only; leave_part, when given, is asked instead)
    bool (*on_leave)(void *arg, int32_t day);
    // The approved leave of a day whose shift is given: false when none (README "Leave and
    // schedules").
    bool (*leave_part)(void *arg, int32_t day, an_shift_t shift, an_leave_part_t *out);
    void *arg;
    const an_fpunch_t *punches; // sorted by (day, sec), from `from - 1` to `to + 1`
    size_t npunches;
    const an_vslot_t *slots; // the vendors' slots, sorted by day (may be NULL)
    size_t nslots;           // entries in slots
} an_att_input_t;

typedef enum {
    AN_DAY_REST = 0, // not a working day
    AN_DAY_LEAVE,    // working day on approved leave
    AN_DAY_ABSENT,   // working day, no punch, not on leave all its shift (absent_share)
    AN_DAY_MISSING,  // exactly one distinct punch
    AN_DAY_PRESENT,  // two or more distinct punches
    AN_DAY_APPROVED, // at most one punch, and a slot the vendor records an approval on
                     // (NotSigned with procInstId / approveId): no absence, no missing punch
} an_day_kind_t;

// Why a day's lateness or early leave by the rules is not counted.
typedef enum {
    AN_EXCUSE_NONE = 0,
    AN_EXCUSE_VENDOR_NORMAL, // the vendor's own result for the slot is Normal
    AN_EXCUSE_APPROVAL,      // the slot is NotSigned with an approval (leave, trip, ...)
} an_excuse_t;

typedef struct {
    int32_t day;
    an_day_kind_t kind;
    an_shift_t shift;
    int32_t npunch;       // distinct punches attributed to the day (arrivals and departures)
    int32_t nneutral;     // distinct break and field-trip punches (neither)
    int64_t arrival_ix;   // index in punches of the first punch, -1 if none (a day of neutral
                          // punches only: the first of them)
    int64_t departure_ix; // index of the last punch, -1 if fewer than two
    int32_t nrepeat;      // punches within rules->repeat_punch_min of the one before: counted
                          // with it, not in npunch
    const an_vslot_t *unsigned_slot; // AN_DAY_MISSING with two or more punches: the vendor's
                                     // slot without a punch (NotSigned, 未打卡) whose side none
                                     // of the day's punches is (check-outs only, or check-ins)
    int32_t late_min;                // minutes late (0 if not late), rounded up
    int32_t early_min; // minutes before the scheduled end (0 if not early), rounded up
    // The vendors' word on the day (README "Vendor results"); borrowed from the input's slots.
    const an_vslot_t *vin;    // the check-in slot (of the latest file), NULL none
    const an_vslot_t *vout;   // the check-out slot, NULL none
    bool start_vendor;        // late_min counts from vin's scheduled time, not the shift's
    bool end_vendor;          // early_min counts to vout's scheduled time
    an_excuse_t late_excuse;  // late by the rules and not counted: why (late_excused_min)
    int32_t late_excused_min; // minutes late by the rules, not counted
    an_excuse_t early_excuse; // likewise for leaving early
    int32_t early_excused_min;
    bool vendor_late_only;           // the vendor says late, the rules do not: not counted
    bool vendor_early_only;          // the vendor says early, the rules do not: not counted
    const an_vslot_t *approval_slot; // AN_DAY_APPROVED: the slot with the approval
    double leave_share;  // the part of the day on approved leave: 1 whole, 0.5 a half day, the
                         // share of the shift for timed leave, 0 none
    double absent_share; // AN_DAY_ABSENT: the part of the day absent - 1, or with leave for part
                         // of the shift the rest of it (1 - leave_share: a morning off, 0.5)
} an_day_result_t;

typedef struct {
    uint32_t working_days;
    uint32_t late_arrivals;
    uint32_t late_minutes;
    uint32_t late_over_60;
    uint32_t early_leaves;
    uint32_t missing_punches;
    uint32_t absences;         // working days absent the whole shift (no punch, no leave)
    uint32_t approved_days;    // AN_DAY_APPROVED
    uint32_t late_excused;     // late by the rules, not counted (late_excuse)
    uint32_t early_excused;    // early by the rules, not counted
    uint32_t vendor_late;      // the vendor says late, the rules do not
    uint32_t vendor_early;     // the vendor says early, the rules do not
    uint32_t leave_days;       // working days on leave the whole day
    double leave_part;         // the shares of the working days on leave part of the day
    uint32_t absent_part_days; // working days without a punch on leave part of the shift
    double absent_part;        // ... the shares of them not on leave (absent_share)
} an_att_totals_t;

// The attendance rules (README "facts"). days_out must hold to - from + 1 entries.
void an_att_evaluate(const an_att_input_t *in, const an_rules_t *rules, an_day_result_t *days_out,
                     an_att_totals_t *totals);
// The absences in days as the facts and warnings state them: the whole days and the parts of
// days without a punch not on leave (README "Leave and schedules"), rounded down to a tenth - a
// figure never states more absence than the records show (2/3 of a day is 0.6).
double an_att_absences(const an_att_totals_t *t);
// The default rules: grace 0, very late > 60, early grace 0, repeat punches within 5 minutes.
an_rules_t an_rules_default(void);
// Median of n values (sorts v in place). 0 for n == 0.
double an_median(double *v, size_t n);
// The window each day's punches are taken from (README "night shifts"): [*lo, *hi) in seconds
// relative to the day's local midnight, from half the off-duty gap before the start to half
// the gap after the end, for day and night shifts alike (09:00-18:00: [01:30, 25:30)).
void an_shift_window(an_shift_t shift, int32_t *lo, int32_t *hi);
// The local day of a local-seconds instant (day * 86400 + second, File.first_at).
static inline int32_t an_day_of_at(int64_t at)
{
    return (int32_t)(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
}

// ---- the stretches an attendance file covers (an_cover.c, pure; README "Which days count") ----
#define AN_SPAN_GAP_DAYS 10 // days without any punch that still join two stretches of a file
#define AN_OUTLIER_DAYS                                                                            \
    3                          // a stretch of at most this many days with punches, with fewer
                               // than half the punches of the file's largest: an outlier
#define AN_SPAN_DAYS_MAX 50000 // days from a file's first punch to its last that are tracked
#define AN_SPANS_MAX 64        // stretches kept per file (more: the file covers first..last)
// Punches per local day of one file, with each day's earliest and latest second.
typedef struct {
    int32_t base;    // day of slot 0
    uint32_t n;      // slots
    uint32_t *count; // owned: punches (and slots) of each day
    int32_t *lo;     // owned: the earliest second of each day
    int32_t *hi;     // owned: the latest
    bool over;       // days more than AN_SPAN_DAYS_MAX apart: no stretches
} an_dayhist_t;
void an_dayhist_add(an_dayhist_t *h, int32_t day, int32_t sec);
void an_dayhist_free(an_dayhist_t *h);
// The stretches of the file into out[0..cap): days with punches at most AN_SPAN_GAP_DAYS apart
// are one stretch; small stretches far from the rest are marked outliers. 0 when none can be
// given (no punch, days too far apart, more than cap stretches): the file covers first..last.
size_t an_spans_build(const an_dayhist_t *h, Hr__Analytics__Span *out, size_t cap);
// "2026-01-01 00:00:07 (1 punch)" / "FROM .. TO (N punches)".
void an_span_text(const Hr__Analytics__Span *s, char *buf, size_t len);

// KPI attainment in percent: actual / target, or target / actual when lower is better. A row
// lower is better with a target of 0 has none (an_kpi_has_attainment false): its actual is
// stated against the target (fact kpi_actual), never compared nor warned on.
double an_kpi_attainment(double target, double actual, bool lower_is_better);
static inline bool an_kpi_has_attainment(double target)
{
    return target > 0;
}
// The protection the law gives a person on leave of type (the leave feed's 假别 as written,
// matched by its words: 产假, 产检, 哺乳, 医疗期, 病假, 工伤, maternity, sick ...): the articles
// as a static string ("LCL 42(4); 妇女权益保障法 Art. 48", "LCL 42(3)", "LCL 42(1), 42(2)"), or
// NULL for leave the law gives no such status (annual, personal, marriage, a father's 陪产假).
// A figure of a period with such leave must not be held against the person (README "Leave and
// protected statuses").
const char *an_leave_protection(const char *type);
// What a protected status the workflow's directory records (an hr_law status key,
// DirectoryRoles.protected_statuses) is to the law: the articles, and *zh (may be NULL) its
// name in Chinese. Every status is an LCL 42 one; a key this build does not know (a newer
// workflow) is "LCL 42" and named by its key.
const char *an_status_protection(const char *key, const char **zh);

// What a sentence for the interview sheet says (all strings borrowed).
typedef struct {
    const char *code; // fact code
    double value;
    const char *from, *to; // window, YYYY-MM-DD
    const char *subject;   // KPI metric or course
    const char *period;    // KPI period as written, or the training date
    const char *extra1;    // KPI target | pass mark
    const char *extra2;    // KPI actual
    bool below;            // training: below the pass mark
    bool has_comparison;
    double team_median;
    uint32_t team_size;
    const char *team;        // department
    double per_days;         // > 0: the median is of colleagues' rates scaled to these working days
    bool per_leave;          // ... working days not on leave (someone compared had leave)
    const an_rules_t *rules; // borrowed: the lateness rules applied; NULL: an_rules_default()
    const char *leave;       // training_score: the person's leave that day (its type), "" or
                             // NULL: none; on leave the course could not be attended
    uint32_t part_days;      // absences: days without a punch on leave part of the shift
    double part_value;       // ... the days absent of them (value: these and whole days)
    uint32_t retaken;        // training_failed: courses failed in the window and passed on a
                             // retake later in it (not in value, but said: they were failed)
} an_fact_words_t;
// The Chinese and English sentences of a fact, in arena memory.
void an_fact_sentences(const an_fact_words_t *w, hr_arena_t *arena, char **zh, char **en);

// ---- store (an_store.c) ----
#define AN_DB_FILES "files"           // blake2b(32) -> hr.analytics.File
#define AN_DB_FILE_NOS "file_nos"     // be32(file_no) -> blake2b(32)
#define AN_BLOB_DIR "files"           // <store dir>/files/<file id>.txt: the text, whole
#define AN_DB_DAYS "days"             // pin + 0 + be32(day + bias) -> PunchDay
#define AN_DB_PEOPLE "people"         // employee_no -> Person
#define AN_DB_PINS "pins"             // pin -> employee_no
#define AN_DB_DEPT "people_by_dept"   // department + 0 + employee_no -> ""
#define AN_DB_ROWS "rows"             // kind + key (README) -> Row
#define AN_DB_QUARANTINE "quarantine" // be32(file_no) + be32(line) -> Bad
#define AN_DB_CASES "cases"           // case_id -> CaseStat (from the workflow's events)
#define AN_DB_RECORDS "records"       // be32(file_no) + be32(record) -> a JSON record's text
#define AN_DB_PIN_FILES "pin_files"   // pin + 0 + be32(file_no) -> "": the files with the PIN
#define AN_DB_ROLES "roles"           // employee_no -> DirectoryRoles (the workflow's directory)
#define AN_DB_SLOTS "slots"           // pin + 0 + be32(utc day + bias) -> VendorDay
#define AN_DB_DEPT_DAYS "dept_days"   // employee_no + 0 + be32(day + bias) -> department from then
#define AN_DB_DEPT_EVER "dept_ever"   // department + 0 + employee_no -> "": ever in it (dept_days)
extern const char *const an_store_dbs[];

#define AN_KEY_MAX 480
size_t an_key_day(char *key, const char *pin, int32_t day);
#define AN_FORMAT_MAX 16                     // bytes of a format name
#define AN_FILE_KEY_MAX (33 + AN_FORMAT_MAX) // files key: id, kind byte, format
// The import of the bytes with BLAKE2b-256 id as kind in format (any spelling an_format_name
// knows). A file's identity is all three: the same bytes as another kind or format are another
// import. HR_ENOTFOUND when never imported so.
hr_rc_t an_store_file_get(hr_txn_t *txn, const uint8_t id[32], Hr__Analytics__FeedKind kind,
                          const char *format, hr_arena_t *arena, Hr__Analytics__File **out);
hr_rc_t an_store_file_by_no(hr_txn_t *txn, uint32_t file_no, hr_arena_t *arena,
                            Hr__Analytics__File **out);
typedef hr_rc_t(an_file_fn)(void *arg, const Hr__Analytics__File *f);
// Calls fn for every import of the bytes with id (each kind and format), in arena memory.
// HR_ENOTFOUND when there is none.
hr_rc_t an_store_files_of_id(hr_txn_t *txn, const uint8_t id[32], hr_arena_t *arena, an_file_fn *fn,
                             void *arg);
// Calls fn for every import (every File, any kind), in arena memory.
hr_rc_t an_store_files_each(hr_txn_t *txn, hr_arena_t *arena, an_file_fn *fn, void *arg);
// Stores the File under (file_id, kind, format) and its number.
hr_rc_t an_store_file_put(hr_txn_t *txn, const Hr__Analytics__File *file);
// Schema 1 -> 2: files were keyed by the bytes' hash alone; rekeys them by (hash, kind, format).
hr_rc_t an_store_migrate_file_keys(hr_txn_t *txn, void *arg);
uint32_t an_store_file_next_no(hr_txn_t *txn);
// The path of a file's stored text (owned): <store dir>/files/<id>.txt, the UTF-8 text lines and
// offsets point into.
char *an_store_blob_path(hr_store_t *store, const uint8_t id[32]);
// The path of a file's bytes as received (owned): <store dir>/files/<id>.orig, written when they
// differ from the text (a BOM, GB18030, UTF-16); plain UTF-8 is kept once, as <id>.txt.
char *an_store_blob_orig_path(hr_store_t *store, const uint8_t id[32]);
// Removes the quarantine rows of a file number (an import that turned out to be a repeat).
hr_rc_t an_store_bad_clear(hr_txn_t *txn, uint32_t file_no);
// The stored text of one record: the bytes from offset to the end of its line (at most max).
hr_rc_t an_store_text_line(hr_txn_t *txn, uint32_t file_no, uint64_t offset, size_t max, char *buf,
                           size_t *len_out);
hr_rc_t an_store_bad_put(hr_txn_t *txn, uint32_t file_no, uint32_t line, const char *reason,
                         const char *raw, size_t raw_len);
// The text of a record that is no line of the stored text (a JSON record, compact; at most
// AN_TEXT_MAX bytes kept), so a fact can show it again. get: at most max bytes into buf;
// HR_ENOTFOUND when none was kept (JSON imported before records were kept).
hr_rc_t an_store_record_put(hr_txn_t *txn, uint32_t file_no, uint32_t record, const char *raw,
                            size_t raw_len);
hr_rc_t an_store_record_get(hr_txn_t *txn, uint32_t file_no, uint32_t record, char *buf, size_t max,
                            size_t *len_out);
// Removes the record texts of a file number (an import that turned out to be a repeat).
hr_rc_t an_store_record_clear(hr_txn_t *txn, uint32_t file_no);
// Removes the stored reply of the write request msg_id (an erased import's: it lists bad rows
// with their text), so a retry of it runs again (refused: its bytes stay withdrawn). HR_OK also
// when there was none; the store's codes.
hr_rc_t an_store_dedupe_forget(hr_txn_t *txn, const char *msg_id);
// Days: cursor-level access for the import (sorted appends) and the facts (range scans).
// Packs a PunchDay (all five arrays n_sec long) into out, protobuf wire format; with out NULL
// only returns the size. out needs n_sec * 40 + 64 bytes (room to write before moving down).
size_t an_punchday_pack(const Hr__Analytics__PunchDay *rec, uint8_t *out);
// Decodes a stored PunchDay into out[0..] (sec, file_no, line, offset; day is the caller's) and
// state (may be NULL) without allocating. Returns the number of punches; a number larger than
// cap means nothing was written and the caller should retry with that much room; -1 when the
// bytes are not a PunchDay (fields of different lengths, broken varints).
long an_punchday_decode(const uint8_t *p, size_t len, an_fpunch_t *out, uint32_t *state,
                        size_t cap);
typedef struct an_days_writer an_days_writer_t;
an_days_writer_t *an_days_writer_new(hr_txn_t *txn);
// Writes one person-day given sorted, distinct punches; merges with a stored record. *changed
// says whether anything new was stored; *dups counts punches already there.
hr_rc_t an_days_writer_put(an_days_writer_t *w, const char *pin, int32_t day,
                           const Hr__Analytics__PunchDay *rec, bool *changed, uint32_t *dups);
void an_days_writer_destroy(an_days_writer_t **w);
// Punches of pin from day `from` to `to` inclusive, appended to *out (grown with hr_realloc).
hr_rc_t an_store_days_read(hr_txn_t *txn, const char *pin, int32_t from, int32_t to,
                           an_fpunch_t **out, size_t *n, size_t *cap);
// The last day of pin with punches at or before day_max, and the file number of that day's
// last punch (which feed the person's attendance comes from). HR_ENOTFOUND when none.
hr_rc_t an_store_days_last(hr_txn_t *txn, const char *pin, int32_t day_max, uint32_t *file_no,
                           int32_t *day);
// Vendor slots (README "Vendor results"): adds n slots to pin's VendorDay of utc_day, each
// unless the same slot (all but file and record) is there already from another file. HR_OK,
// HR_EINVAL (pin too long), HR_EIO, HR_EFULL.
hr_rc_t an_store_slots_add(hr_txn_t *txn, const char *pin, int32_t utc_day,
                           Hr__Analytics__VendorSlot *const *slots, size_t n);
typedef hr_rc_t(an_slot_fn)(void *arg, const Hr__Analytics__VendorSlot *s);
// Calls fn for each slot of pin keyed from utc day from to to (inclusive), unpacked in arena.
hr_rc_t an_store_slots_each(hr_txn_t *txn, const char *pin, int32_t from, int32_t to,
                            hr_arena_t *arena, an_slot_fn *fn, void *arg);
// The UTC day a slot is keyed by: of its workDate, else its scheduled time, else its punch.
int32_t an_slot_utc_day(const Hr__Analytics__VendorSlot *s);
// Schema 9 -> 10 (an_import.c): db slots is filled from the stored text of every DingTalk and
// WeCom attendance file that still counts (with the record texts of the approval slots).
hr_rc_t an_import_migrate_slots(hr_txn_t *txn, void *arg);
// The attendance files that name pin (a punch, or a record such as DingTalk's NotSigned).
hr_rc_t an_store_pin_file_put(hr_txn_t *txn, const char *pin, uint32_t file_no);
typedef hr_rc_t(an_no_fn)(void *arg, uint32_t file_no);
hr_rc_t an_store_pin_files_each(hr_txn_t *txn, const char *pin, an_no_fn *fn, void *arg);
// Schema 5 -> 6: attendance Files learn the instants they span (File.first_at, last_at: their
// earliest and latest punch) from the stored punch days.
hr_rc_t an_store_migrate_file_times(hr_txn_t *txn, void *arg);
// Schema 4 -> 5: attendance Files learn their first day (File.first_day) and source (the device
// serial of their stored text or name), and pin_files is filled from the stored punch days (a
// punch that was a duplicate of an earlier file's is known by that file only).
hr_rc_t an_store_migrate_pin_files(hr_txn_t *txn, void *arg);
// Schema 3 -> 4: attendance Files learn the last day of their punches (File.last_day, how far
// the feed covers) from the stored punch days.
hr_rc_t an_store_migrate_file_days(hr_txn_t *txn, void *arg);
hr_rc_t an_store_person_get(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                            Hr__Analytics__Person **out);
// employee_no for a PIN into out (AN_ID_MAX + 1). HR_ENOTFOUND when unmatched.
hr_rc_t an_store_pin_get(hr_txn_t *txn, const char *pin, char *out);
// Puts a person; *conflict names another raw number already mapped to the same canonical one.
hr_rc_t an_store_person_put(hr_txn_t *txn, const Hr__Analytics__Person *p, bool *dup);
typedef hr_rc_t(an_each_fn)(void *arg, const char *s);
hr_rc_t an_store_dept_each(hr_txn_t *txn, const char *dept, an_each_fn *fn, void *arg);
// Calls fn for every known canonical employee number (for Excel-damaged ids).
hr_rc_t an_store_people_each(hr_txn_t *txn, an_each_fn *fn, void *arg);
// Calls fn for every known canonical PIN.
hr_rc_t an_store_pins_each(hr_txn_t *txn, an_each_fn *fn, void *arg);
// Calls fn once for every department of the people feed, in key order.
hr_rc_t an_store_depts_each(hr_txn_t *txn, an_each_fn *fn, void *arg);
// Keyed rows. put: *dup when the same values are stored, *updated when values changed.
// *conflict_line (non-zero) when a row of the same file (file_no) already holds the key with
// other values: nothing is written (a conflict, README "Provenance, repeats, quarantine").
hr_rc_t an_store_row_put(hr_txn_t *txn, const an_row_t *r, uint32_t file_no, bool *dup,
                         bool *updated, uint32_t *conflict_line);
// Schema 2 -> 3: KPI rows were keyed without the end of their period (a month and its quarter
// overwrote each other); rekeys them with it.
hr_rc_t an_store_migrate_kpi_keys(hr_txn_t *txn, void *arg);
typedef hr_rc_t(an_row_fn)(void *arg, const Hr__Analytics__Row *row);
// Rows of kind for one employee (or department / "" for default schedules).
hr_rc_t an_store_rows_each(hr_txn_t *txn, Hr__Analytics__FeedKind kind, const char *type,
                           const char *who, hr_arena_t *arena, an_row_fn *fn, void *arg);
typedef hr_rc_t(an_bad_fn)(void *arg, uint32_t file_no, uint32_t line,
                           const Hr__Analytics__Bad *bad);
hr_rc_t an_store_bad_each(hr_txn_t *txn, uint32_t file_no, hr_arena_t *arena, an_bad_fn *fn,
                          void *arg, uint64_t *total);

// What the store holds, for GetMetrics and sys.Status.
typedef struct {
    uint64_t files, records, quarantined, people, person_days, rows, pins, unmatched_pins;
} an_store_counts_t;
hr_rc_t an_store_counts(hr_txn_t *txn, an_store_counts_t *out);

// ---- withdrawal (an_withdraw.c; README "Withdrawing an import") ----
// Empties the dbs derived from the files by their import (days, people, pins, people_by_dept,
// rows, pin_files) for a rebuild by replaying the files that count. HR_OK, HR_EIO.
hr_rc_t an_store_derived_drop(hr_txn_t *txn);
// What one file holds in the keyed dbs: the rows and people whose stored record came from it
// (keys and values copied into the caller's arena).
typedef struct {
    uint32_t file_no;    // the file
    hr_record_t *rows;   // arena: rows db records with Row.file_no == file_no
    size_t nrows;        // entries in rows
    hr_record_t *people; // arena: people db records with Person.file_no == file_no
    size_t npeople;      // entries in people
} an_file_refs_t;
hr_rc_t an_store_file_refs(hr_txn_t *txn, uint32_t file_no, hr_arena_t *arena, an_file_refs_t *out);
// After a rebuild: how many of refs' keys are held again (by another file). HR_OK, HR_EIO.
hr_rc_t an_store_file_refs_back(hr_txn_t *txn, const an_file_refs_t *refs, uint32_t *rows_back,
                                uint32_t *people_back);
// Calls fn for each PIN the attendance file file_no names (pin_files), in key order.
hr_rc_t an_store_file_pins_each(hr_txn_t *txn, uint32_t file_no, an_each_fn *fn, void *arg);
// Every import's number, ascending (= import order), into *nos_out (owned: hr_free it).
hr_rc_t an_store_file_nos(hr_txn_t *txn, uint32_t **nos_out, size_t *n_out);
// Schema 8 -> 9: File.withdrawn_*; nothing to rewrite (no file was withdrawn before).
hr_rc_t an_store_migrate_withdrawn(hr_txn_t *txn, void *arg);
// Schema 9 -> 10: the department history (dept_days, dept_ever) starts with every person's
// department as of the day the people file that gave their row was imported (an_store_dept_since).
hr_rc_t an_store_migrate_dept_history(hr_txn_t *txn, void *arg);
// ---- the team of a window (an_team.c; README "Team") ----
// The people import's record that put someone in a department (the department history's entry,
// or the person's row for today's department): the provenance of a team.
typedef struct {
    uint32_t file_no; // the people import; 0 = not known (an entry kept before its source was)
    uint32_t line;    // the record's line in it (from 1)
    uint64_t offset;  // the record's offset in the file's stored text; 0 = not known (the header)
    int32_t since;    // the day the entry dates the department from; INT32_MIN: not dated
} an_dept_src_t;
typedef struct {
    char department[AN_ID_MAX + 1]; // the person's department on day (today's when today)
    int32_t day;                    // the window's last day
    bool today;                     // the history does not reach day: today's department
    int32_t first;                  // the first day of the person's history, INT32_MAX: none
    an_dept_src_t src;              // the people import's record that put the person there
} an_team_t;
// The department p was in on day, from the department history; where the history does not reach
// that day, p's department today (out->today).
hr_rc_t an_team_of(hr_txn_t *txn, const Hr__Analytics__Person *p, int32_t day, an_team_t *out);
// Calls fn for everyone in t's department on t's day (the person too: the caller leaves them
// out); for a team of today's department, for everyone in it today.
hr_rc_t an_team_each(hr_txn_t *txn, const an_team_t *t, an_each_fn *fn, void *arg);
// Where emp's membership of t's department on t's day comes from: the history's entry on that
// day (or, for today's department, emp's row) into *src; src->file_no 0 when not known.
hr_rc_t an_team_src(hr_txn_t *txn, const an_team_t *t, const char *emp, hr_arena_t *arena,
                    an_dept_src_t *src);
// ---- department history (README "Team") ----
// Records that emp is in dept from day on: entries of emp from day on are dropped (the import
// says where the person is now), and one is written unless the entry before already says dept.
// src (may be NULL: not known) is the people import's record that says so, kept with the entry
// (its since is day).
hr_rc_t an_store_dept_since(hr_txn_t *txn, const char *emp, const char *dept, int32_t day,
                            const an_dept_src_t *src);
// emp's department on day into dept (AN_ID_MAX + 1 bytes): HR_OK, or HR_ENOTFOUND when the
// history does not reach back to that day (nothing recorded on or before it). *first (may be
// NULL) gets the first day recorded for emp, INT32_MAX when none.
hr_rc_t an_store_dept_on(hr_txn_t *txn, const char *emp, int32_t day, char *dept, int32_t *first);
// The same, and the entry's source into *src (file_no 0: kept before sources were; since: the
// entry's day).
hr_rc_t an_store_dept_on_src(hr_txn_t *txn, const char *emp, int32_t day, char *dept,
                             int32_t *first, an_dept_src_t *src);
// Calls fn for everyone the history ever put in dept (to be checked with an_store_dept_on).
hr_rc_t an_store_dept_ever_each(hr_txn_t *txn, const char *dept, an_each_fn *fn, void *arg);

// Cases seen in the workflow's events.
hr_rc_t an_store_case_get(hr_txn_t *txn, const char *case_id, hr_arena_t *arena,
                          Hr__Analytics__CaseStat **out);
hr_rc_t an_store_case_put(hr_txn_t *txn, const Hr__Analytics__CaseStat *c);
typedef hr_rc_t(an_case_fn)(void *arg, const Hr__Analytics__CaseStat *c);
hr_rc_t an_store_cases_each(hr_txn_t *txn, hr_arena_t *arena, an_case_fn *fn, void *arg);

// The directory's roles (db roles, an_events.c keeps them from workflow.RolesChanged). get
// unpacks into arena: HR_ENOTFOUND (a user the directory has not given any entry, or an id that
// cannot be one), HR_EIO; put overwrites (HR_EINVAL for an employee_no that is no id).
hr_rc_t an_store_roles_get(hr_txn_t *txn, const char *employee_no, hr_arena_t *arena,
                           Hr__Analytics__DirectoryRoles **out);
hr_rc_t an_store_roles_put(hr_txn_t *txn, const Hr__Analytics__DirectoryRoles *r);
// Schema 6 -> 7 (hr_migration_fn): the roles db is new and starts empty. The consumer's cursor
// may be past the workflow.RolesChanged events an older daemon passed over, so the cursor is
// dropped (the log is read again from its start) and the seq it stood at is kept: events up to
// it were applied before and are read again for the roles alone (an_store_roles_replay_until).
hr_rc_t an_store_migrate_roles(hr_txn_t *txn, void *arg);
// Schema 7 -> 8: db roles keeps left_ms (DirectoryRoles), which a daemon of schema 7 dropped from
// the events it applied: the log is read again for its roles, as an_store_migrate_roles does.
hr_rc_t an_store_migrate_left(hr_txn_t *txn, void *arg);
// Schema 11 -> 12: db roles keeps the keys of the directory's protected statuses
// (DirectoryRoles.protected_statuses): the log is read again for its roles, as above.
hr_rc_t an_store_migrate_statuses(hr_txn_t *txn, void *arg);
// Schema 12 -> 13: a case counts under its manager now (workflow.CaseReassigned), which a daemon
// of schema 12 passed over: the log is read again for its roles and hand-overs, as above.
hr_rc_t an_store_migrate_managers(hr_txn_t *txn, void *arg);
// Schema 13 -> 14: the refused submissions (workflow.SubmitRefused), which a daemon of schema 13
// passed over: the log is read again, as above, for its roles, hand-overs, refusals and the
// request stage's completions (an_metrics_refused, an_metrics_submitted).
hr_rc_t an_store_migrate_refusals(hr_txn_t *txn, void *arg);
// Schema 14 -> 15: the returns' reasons (CaseStat.returns_kept), which a daemon of schema 14 did
// not keep: the log read again, each CaseReturned up to the mark kept for its reasons alone.
hr_rc_t an_store_migrate_returns(hr_txn_t *txn, void *arg);
// The last workflow event seq read again for workflow.RolesChanged and CaseReassigned alone
// (0: none); *until_out. clear drops the mark once the log has been read past it. HR_OK, HR_EIO
// (HR_EFULL for clear).
hr_rc_t an_store_roles_replay_until(hr_txn_t *txn, uint64_t *until_out);
hr_rc_t an_store_roles_replay_clear(hr_txn_t *txn);

// ---- who may call (an_auth.c, pure) ----
#define AN_WORKFLOW_SOURCE "workflow" // the consumer's source: the peer and the cursor's key
#define AN_ROLES_MAX 16               // roles kept per person (the workflow gives five at most)
#define AN_STATUSES_MAX 16            // protected status keys kept per person (hr_law has eight)
typedef enum {
    AN_AUTH_OK = 0,           // the operator, or a role the directory gives the user
    AN_AUTH_NO_DIRECTORY,     // no workflow peer: nobody tells this service who holds hr
    AN_AUTH_NOT_OPERATOR,     // claims operator, and is not hrctl's own identity
    AN_AUTH_NOT_IN_DIRECTORY, // claims a role the route takes; the directory does not give it
    AN_AUTH_NO_ROLE,          // claims none of the roles the route takes
    AN_AUTH_LEFT,             // the directory records the user as having left by now
} an_auth_t;
// Whether actor a may use a route. The operator (hr_actor_is_operator: hrctl's own identity,
// user id "operator") always may. Anyone else only with directory true (a workflow peer is
// configured) and a role they claim that p (their entry in the workflow's people directory as
// its workflow.RolesChanged events told this service; NULL: none) gives them too: hr or
// hr_head, and legal when legal_reads - and only while p records no leaving by now_ms (from
// p->left_ms on, no role counts: AN_AUTH_LEFT). *role_out (may be NULL) gets the role a refusal
// is about (static string; "" when none).
an_auth_t an_auth_check(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p, bool directory,
                        bool legal_reads, int64_t now_ms, const char **role_out);
// Whether a caller an_auth_check refused is a line manager the directory names: claims
// `manager`, p gives it, and p records no leaving by now_ms (directory true). Such a caller reads
// the process metrics of their reporting line's cases only (CaseStat.manager_no is them or
// reaches them: an_line_reaches; README "Who may call"), nothing else here.
bool an_auth_is_manager(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p, bool directory,
                        int64_t now_ms);
// One person of the people directory as a reporting line sees them (an_line_reaches).
typedef struct {
    const char *manager_no; // borrowed: whom they report to; "" = the top, or not told yet
    int64_t left_ms;        // when they left; 0 = not
} an_link_t;
// Looks employee_no up in the directory: true with *out filled when it holds them.
typedef bool an_link_fn(void *arg, const char *employee_no, an_link_t *out);
#define AN_LINE_MAX 32 // levels followed up a reporting line (hr-workflow's WF_CHAIN_MAX)
// Whether the chain of manager links from manager_no reaches `me`: manager_no is me, or me is on
// their reporting line - their manager, that manager's, ... as link (with arg) gives them, at
// most AN_LINE_MAX levels up, stopping where a loop closes. Someone who has left by now_ms is no
// superior any more: false when the directory records me as having left; the chain goes on above
// anyone else who has (their superiors are still the line's, as the escalations climb past
// them). False when either number is "" or NULL. Pure: link is the only lookup. A line manager
// reads the process metrics of the cases whose manager's chain reaches them (README "Who may
// call").
bool an_line_reaches(const char *manager_no, const char *me, int64_t now_ms, an_link_fn *link,
                     void *arg);
// Whether a caller an_auth_check let in reads everyone's records: the operator, or hr / hr_head
// as p gives them (and not left by now_ms). False for someone let in as legal alone, who reads
// as hr-workflow lets legal read the directory: the facts of a case's employee (a CaseStat's
// employee_no), nobody else's (README "Who may call").
bool an_auth_reads_all(const Hr__Actor *a, const Hr__Analytics__DirectoryRoles *p, bool directory,
                       int64_t now_ms);

// ---- workflow events (an_events.c) and process metrics (an_metrics.c) ----
#define AN_STEPS_MAX 64   // step durations kept per case
#define AN_METRIC_KEYS 64 // grounds, managers, departments with rows of their own, each
// Applies one workflow event (hr_consumer_apply_fn) in txn: workflow.RolesChanged puts each
// person's roles in db roles; workflow.CaseReassigned makes the case's manager_no the manager now
// (a case not seen opened: nothing); the other case events go to an_metrics_apply. Events a
// store's upgrade reads again (an_store_roles_replay_until) give their roles and hand-overs only.
// Unknown event types are ignored. HR_EIO when a known event's body does not decode.
hr_rc_t an_events_apply(void *arg, hr_txn_t *txn, const Hr__Sys__Event *ev);
// The case events: updates the case's CaseStat in txn; other types are ignored. HR_EIO when a
// known event's body does not decode.
hr_rc_t an_metrics_apply(hr_txn_t *txn, const Hr__Sys__Event *ev);
// workflow.SubmitRefused (a submission the automatic check at submit refused): counted on the
// case's CaseStat (submit_refusals, the latest AN_REFUSALS_MAX in refusals with their reason
// codes), once by its seq - one at or below CaseStat.refused_seq was counted before, so the log
// read again by schema 14's migration counts nothing twice. HR_EIO when the body does not decode.
#define AN_REFUSALS_MAX 32
hr_rc_t an_metrics_refused(hr_txn_t *txn, const Hr__Sys__Event *ev);
// A workflow.StepCompleted of the request stage (a submission that passed the check): the
// case's CaseStat.submitted_seq, raised to the event's seq, and nothing else - for the log read
// again (its other effects were applied before). A case not seen opened: nothing. HR_EIO when
// the body does not decode.
hr_rc_t an_metrics_submitted(hr_txn_t *txn, const Hr__Sys__Event *ev);
// A workflow.CaseReturned read again by schema 15's migration: the return's stage and findings'
// codes kept on the case (CaseStat.returns_kept, the latest AN_RETURNS_MAX), once by its seq,
// and nothing else (CaseStat.returns counted it before). A case not seen opened: nothing.
// HR_EIO when the body does not decode.
#define AN_RETURNS_MAX 32
hr_rc_t an_metrics_returned(hr_txn_t *txn, const Hr__Sys__Event *ev);
// Whether a case whose submission was refused passed a later one (the request stage completed
// after its latest refusal); false for a case never refused.
bool an_refused_then_passed(const Hr__Analytics__CaseStat *c);
// Which cases the process metrics count: opened from from_day to to_day (local days at
// tz_offset_min; INT32_MIN / INT32_MAX leave that end open) in department ("" = all).
typedef struct {
    int32_t from_day;       // first local day of opening
    int32_t to_day;         // last local day of opening
    const char *department; // borrowed; "" = every department
    int tz_offset_min;      // the local time of the days
    const char *manager_no; // borrowed; NULL or "" = every manager's: a line manager's
                            // reporting line's cases only (README "Who may call")
    // NULL: the cases of manager_no alone; else those whose manager (CaseStat.manager_no) it
    // says is on manager_no's reporting line (the handler's an_line_reaches over the directory)
    bool (*in_line)(void *arg, const char *case_manager_no);
    void *line_arg; // borrowed, for in_line
} an_case_filter_t;
// Whether a step's cycle time is known: its event carried its start and end (known), or - a
// record from before that field - its ms is not 0. A returned review's StepCompleted once carried
// started 0, done 0: unknown, left out of the cycle times, never counted as 0 ms.
bool an_step_time_known(const Hr__Analytics__StepTime *st);
// True when c passes f; a case whose opening was never seen passes no date bound.
bool an_case_matches(const Hr__Analytics__CaseStat *c, const an_case_filter_t *f);
// Process metrics of a set of cases (pure): appends Metric rows to rep (arena memory).
// Rows per ground, manager and department: at most AN_METRIC_KEYS of each. A step's cycle time
// rows count the steps whose time is known (an_step_time_known); none known: no value.
// The clock and the calendar the durations are told in (NULL: now 0, no calendar, UTC).
typedef struct {
    int64_t now_ms;       // the ages of the stages still open are counted up to it
    const void *calendar; // borrowed hr_calendar_t, NULL = Monday..Friday
    int tz_offset_min;    // the local time of the days
} an_metrics_ctx_t;
// Working days of the company calendar from from_ms to to_ms: each working day counts the part
// of it (local, 24 h) the span covers, rest days and holidays nothing (a Friday 17:00 to Monday
// 09:00 is 0.67). *year_undeclared (may be NULL) gets the first year of a working day counted
// that the calendar does not declare (hr_calendar_covers), else is left alone. At most 3660 days.
double an_working_days(const an_metrics_ctx_t *ctx, int64_t from_ms, int64_t to_ms,
                       uint32_t *year_undeclared);
// The rows an_process_metrics makes per step (cycle and open-age rows, abandoned), and besides.
#define AN_METRIC_ROWS_PER_STEP 13
// The refused submissions' rows: three totals, and by reason code, fact, ground, manager and
// department (at most AN_METRIC_KEYS of each).
#define AN_METRIC_REFUSAL_ROWS (3 + 5 * AN_METRIC_KEYS)
// The returns' rows: the total, one per reason code with a row (at most 16), and by stage.
#define AN_METRIC_RETURN_ROWS (1 + 16 + AN_METRIC_KEYS)
void an_process_metrics(Hr__Analytics__CaseStat *const *cases, size_t n,
                        const an_metrics_ctx_t *ctx, hr_arena_t *arena,
                        Hr__Analytics__GetMetricsReply *rep, size_t cap);
// The cases behind the metric named name (a row an_process_metrics makes; a rate's whole
// denominator, its numerator marked counted), at most max of them into rep->cases, and how many
// there are in rep->cases_total. HR_ENOTFOUND when name is no such metric's (*why says so).
#define AN_DETAIL_MAX 1000
hr_rc_t an_metric_detail(Hr__Analytics__CaseStat *const *cases, size_t n,
                         const an_metrics_ctx_t *ctx, const char *name, hr_arena_t *arena,
                         Hr__Analytics__GetMetricsReply *rep, size_t max, char *why,
                         size_t why_len);
// The caveat of the working-day counts among rep's process metrics (README "Metrics"): a step's
// deadline is counted in working days by the workflow, by the week in a year the company
// calendar (an hr_calendar_t; NULL: nothing said) does not declare. When cases with an overdue
// step were open (opened to closed, or to now_ms) in such years, the steps.overdue row gets
// them (calendar_years), a sentence in its note and calendar_note_zh.
void an_metrics_calendar(const void *calendar, Hr__Analytics__CaseStat *const *cases, size_t n,
                         int64_t now_ms, int tz_offset_min, hr_arena_t *arena,
                         Hr__Analytics__GetMetricsReply *rep);

// ---- import (an_import.c) ----
typedef struct {
    int tz_offset_min;
    int64_t now_ms;
    const char *msg_id;
    const char *source; // attendance: the device or site the file comes from ("" or NULL = the
                        // serial the file carries, if any)
    const char *effective_from; // people: YYYY-MM-DD the departments it gives are dated from
                                // (checked by the caller); "" or NULL = the import's day
    char *why_zh;               // NULL, or where a refusal is said in Chinese too (an_zh)
    size_t why_zh_len;
} an_import_ctx_t;
// Imports one file into the store inside txn (the caller commits). Fills rep (strings in arena).
hr_rc_t an_import(hr_txn_t *txn, const an_import_ctx_t *ctx, Hr__Analytics__FeedKind kind,
                  const char *format, const char *file_name, const char *data, size_t len,
                  hr_arena_t *arena, Hr__Analytics__ImportFeedReply *rep, char *why,
                  size_t why_len);

// Imports a stored file again (withdrawal's rebuild): parses text, the file's stored UTF-8 text,
// as file f (its number, kind, format) into the derived dbs, with its quarantine rows and record
// texts (cleared by the caller first). *accepted and *quarantined get the counts of this reading.
// HR_EINVAL with why when the text no longer parses; the store's codes.
hr_rc_t an_import_replay(hr_txn_t *txn, int tz_offset_min, const Hr__Analytics__File *f,
                         const char *text, size_t tlen, hr_arena_t *arena, uint32_t *accepted,
                         uint32_t *quarantined, char *why, size_t why_len);

// Withdrawal (an_withdraw.c). The import named by ref: a file id (64 hex digits; HR_EINVAL when
// those bytes were imported more than once, naming the numbers) or an import number. HR_OK with
// *out in arena; HR_ENOTFOUND, HR_EINVAL with why; HR_EIO.
// why_zh (NULL: not wanted) gets the refusal in Chinese.
hr_rc_t an_file_find(hr_txn_t *txn, const char *ref, hr_arena_t *arena, Hr__Analytics__File **out,
                     char *why, size_t why_len, char *why_zh, size_t why_zh_len);
#define AN_REASON_MAX 1024         // a withdrawal's reason, bytes
#define AN_UNCOVERED_LISTED 64     // stretches of days no longer covered listed in the reply
#define AN_IMPORT_TEXT_MAX 1048576 // a file's text in ListImports, bytes
typedef struct {
    int tz_offset_min;  // as the imports read the files
    int64_t now_ms;     // the request's time: withdrawn_ms (> 0)
    const char *msg_id; // the request (borrowed)
    const char *actor;  // the caller's user id (borrowed)
    char *why_zh;       // NULL, or where a refusal is said in Chinese too (an_zh)
    size_t why_zh_len;
} an_withdraw_ctx_t;
// Withdraws the import named by ref for reason, inside txn (the caller commits): marks its File
// withdrawn and rebuilds every derived db by replaying the files that still count, in their
// import order. Fills rep (arena). HR_EINVAL (reason empty or too long, ref malformed or
// ambiguous), HR_ENOTFOUND (no such import), HR_ECONFLICT (withdrawn already), HR_EIO (a
// remaining file's text cannot be read), with why.
hr_rc_t an_withdraw(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, const char *ref,
                    const char *reason, hr_arena_t *arena, Hr__Analytics__WithdrawImportReply *rep,
                    char *why, size_t why_len);
// The rebuild of a withdrawal, for files marked withdrawn in txn already (one rebuild for any
// number of them: the retention sweep): empties the derived dbs and imports every file that
// still counts again from its stored text, in import order; *replayed is raised by their number.
// HR_EIO (a file's text cannot be read), HR_EINVAL (it no longer parses), with why (and
// ctx->why_zh); the store's codes.
hr_rc_t an_withdraw_rebuild(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, uint32_t *replayed,
                            char *why, size_t why_len);

// ---- erasure (an_erase.c; README "Erasing an import") ----
#define AN_ERASE_SAME_MAX 64 // imports of one file's bytes (kinds x formats) erased together
// A reason (withdrawal, erasure): not empty nor blanks, at most AN_REASON_MAX bytes of UTF-8,
// no control or bidi character. HR_OK, or HR_EINVAL with why and why_zh (what_zh names the act
// in Chinese: "撤回", "删除").
hr_rc_t an_erase_reason_check(const char *reason, const char *what_zh, char *why, size_t why_len,
                              char *why_zh, size_t why_zh_len);
// Erases the withdrawn import named by ref (as an_withdraw's ref) for reason, inside txn (the
// caller commits, then calls an_erase_files and compacts the store): deletes the quarantine
// rows, record texts and stored import reply of it and of every other import of the same bytes,
// and marks their File records erased (ctx: when, who, the request) with the bytes' SHA-256.
// Fills rep (arena); an import erased before gives its tombstone with already_erased, changing
// nothing. HR_EINVAL (reason, ref), HR_ENOTFOUND, HR_ECONFLICT (not withdrawn: withdraw first;
// another import of the same bytes still counts), HR_EIO, with why.
hr_rc_t an_erase(hr_txn_t *txn, const an_withdraw_ctx_t *ctx, const char *ref, const char *reason,
                 hr_arena_t *arena, Hr__Analytics__EraseImportReply *rep, char *why,
                 size_t why_len);
// Deletes the stored text and bytes of file id beside the store (after the erasure committed)
// and syncs the directory. Returns how many files it removed (0 when they were gone already).
uint32_t an_erase_files(hr_store_t *store, const uint8_t id[32]);
// How many of those files there are now (0, 1 or 2).
uint32_t an_erase_files_count(hr_store_t *store, const uint8_t id[32]);

// ---- retention (an_retention.c; README "Retention") ----
#define AN_RETENTION_FEED_DAYS 1095 // retention/feed_days: LCL 50's two years + LDMAL 27's one
#define AN_RETENTION_CASE_KEEP_DAYS                                                                \
    731                                  // retention/case_keep_days: a closed case's people's
                                         // imports kept two years (leap day included) from its
                                         // end, as hr-evidence's retention/default_days (LCL 50)
#define AN_RETENTION_DAYS_LIMIT 36500    // upper bound of both keys
#define AN_RETENTION_EVERY_MS HR_HOUR_MS // the sweep looks this often (the service clock)
#define AN_RETENTION_BATCH 64            // imports erased by one sweep (the next goes on at once)
#define AN_RETENTION_FRESH_MS (HR_CONSUMER_TIMEOUT_MS + HR_SECOND_MS) // a pull's reply, at most
#define AN_RETENTION_ACTOR "system"     // erased_by, withdrawn_by of the sweep's erasures
#define AN_RETENTION_REASON "retention" // their erased_reason, withdrawn_reason
// The last local day an import covers: its last punch's (File.last_day, attendance), else the
// day it was imported (local at tz_offset_min). Pure.
int32_t an_retention_last_day(const Hr__Analytics__File *f, int tz_offset_min);
// Whether f is past retention on local day today: feed_days > 0, f not erased, and its last day
// more than feed_days before today (exactly feed_days before is kept). Pure.
bool an_retention_is_due(const Hr__Analytics__File *f, int32_t today, int32_t feed_days,
                         int tz_offset_min);
// The end of a case's keeping period: INT64_MAX while it is open (closed_ms 0) or its
// arbitration is pending (disputed, no result or "pending"); else the later of its end (the
// later of closed_ms and ended_ms) + keep_ms, and keep_until_ms (the workflow's own day). Pure.
int64_t an_retention_case_keep_until(const Hr__Analytics__CaseStat *c, int64_t keep_ms);
// Whether c holds its employee's imports at now_ms: an employee named and now_ms at or before
// an_retention_case_keep_until. Pure.
bool an_retention_case_holds(const Hr__Analytics__CaseStat *c, int64_t now_ms, int64_t keep_ms);
typedef struct {
    int tz_offset_min;    // the local days of last_day and of the import day
    int32_t feed_days;    // retention/feed_days; 0 = the sweep does nothing
    int64_t case_keep_ms; // retention/case_keep_days in ms
    int64_t now_ms;       // the service clock at the sweep: withdrawn_ms, erased_ms
} an_retention_ctx_t;
typedef struct {
    uint32_t nos[AN_RETENTION_BATCH];      // the imports erased (their numbers)
    int32_t last_days[AN_RETENTION_BATCH]; // ... and their last days
    uint8_t ids[AN_RETENTION_BATCH][32];   // ... and their file ids (files beside the store)
    size_t n;                              // entries used
    uint32_t held;           // imports past retention kept: a person of theirs has a case held
    uint32_t shared;         // ... kept: the same bytes imported as another kind still count
    bool more;               // more were due than AN_RETENTION_BATCH: the next sweep goes on
    uint32_t files_replayed; // files read again by the one rebuild
} an_retention_result_t;
// The sweep, inside txn (hr_store_write: it may run twice, *out is set afresh): every import
// past retention (an_retention_is_due) none of whose people - the employee numbers of the rows
// and people records it gave, and of its PINs (pin_files, through pins) - is the employee of a
// case that holds them (an_retention_case_holds), and whose bytes imported as another kind are
// due too or withdrawn, at most AN_RETENTION_BATCH: withdrawn (one rebuild for all), then erased
// (an_erase) with reason "retention" by "system"; meta retention_after set when any was. The
// caller commits, then deletes their files and compacts (an_retention_after). HR_OK, or the
// rebuild's and the store's codes with why.
hr_rc_t an_retention_sweep(hr_txn_t *txn, const an_retention_ctx_t *ctx, an_retention_result_t *out,
                           char *why, size_t why_len);
// After the sweep's commit, and on every sweep while meta retention_after says work is left (a
// crash after the commit): deletes the files beside the store of every erased import and
// compacts the store, then clears the mark. *removed counts the files deleted, *bytes the
// compacted store's size. No transaction may be open. HR_OK, or the compaction's or the store's
// codes (the mark stays: the next sweep tries again).
hr_rc_t an_retention_after(hr_store_t *store, uint32_t *removed, uint64_t *bytes);
// Calls fn for each (PIN, file number) of pin_files, in key order.
typedef hr_rc_t(an_pin_file_fn)(void *arg, const char *pin, uint32_t file_no);
hr_rc_t an_store_pin_files_all(hr_txn_t *txn, an_pin_file_fn *fn, void *arg);
// meta retention_after: work left after a sweep's commit (files beside the store, compaction).
hr_rc_t an_store_retention_after_get(hr_txn_t *txn, bool *pending);
hr_rc_t an_store_retention_after_set(hr_txn_t *txn, bool pending);

// ---- query (an_query.c) ----
typedef struct {
    int late_arrivals;     // warnings/late_arrivals: days late in the window
    int late_over_60;      // warnings/late_over_60
    int absences;          // warnings/absences
    int kpi_below_percent; // warnings/kpi_below_percent: attainment under this
} an_warn_rules_t;

typedef struct {
    int tz_offset_min;
    an_shift_t default_shift;
    an_rules_t rules;
    const void *calendar; // borrowed hr_calendar_t, NULL = Monday..Friday
    an_warn_rules_t warn; // early warning thresholds
    int64_t now_ms;       // the service clock at the request: attendance counts the days before
                          // today only (0 = no such cut, for tests of old windows)
    bool statuses_hidden; // the caller reads as legal: the person's protected statuses are said
                          // to be there, never which (HR only, as in hr-workflow's directory);
                          // a request with_snapshot is answered so whatever this says
    char *why_zh;         // NULL, or where a refusal is said in Chinese too (an_zh)
    size_t why_zh_len;
} an_query_ctx_t;
hr_rc_t an_facts_query(hr_txn_t *txn, const an_query_ctx_t *ctx,
                       const Hr__Analytics__GetFactsRequest *req, hr_arena_t *arena,
                       Hr__Analytics__GetFactsReply *rep, char *why, size_t why_len);
// Early warnings over a window (at most AN_WARN_MAX_DAYS), for a department or everyone.
#define AN_WARN_MAX_DAYS 92
#define AN_WARN_MAX 1000 // warnings listed at most
hr_rc_t an_warnings_query(hr_txn_t *txn, const an_query_ctx_t *ctx,
                          const Hr__Analytics__ListWarningsRequest *req, hr_arena_t *arena,
                          Hr__Analytics__ListWarningsReply *rep, char *why, size_t why_len);
// The snapshot document (canonical JSON) of a reply and its SHA-256, into arena strings.
void an_facts_snapshot(hr_txn_t *txn, Hr__Analytics__GetFactsReply *rep, int64_t now_ms,
                       hr_arena_t *arena);

// ---- server ----
typedef struct {
    hr_daemon_t *daemon;          // borrowed
    an_query_ctx_t qctx;          // from config
    int64_t import_max_bytes;     // import/max_bytes
    void *calendar;               // owned hr_calendar_t (NULL without a calendar file)
    char *calendar_path;          // owned: its file as read at start-up, NULL when none
    hr_consumer_t *workflow;      // owned: the workflow's events, NULL when not configured
    an_retention_ctx_t retention; // retention/feed_days, case_keep_days (now_ms per sweep)
    int64_t retention_next_ms;    // service clock: the sweep looks again from then (0: at once)
    int64_t retention_last_ms;    // service clock: the last sweep that ran (0: none since start)
    an_retention_result_t retention_last; // what it did
    uint64_t retention_erased;            // imports the sweep erased since start
    const char *retention_waiting;   // static: why the sweep waits (the workflow's log), NULL: not
    int64_t retention_asked_mono_ms; // mono clock: the sweep asked for the workflow's log (0: no)
    hr_rc_t retention_rc;            // the last sweep's failure, HR_OK when it did its work
    char retention_why[400];         // ... and its reason ("" when none)
} an_server_t;
extern const hr_service_t an_service;
hr_rc_t an_handle_import(void *self, hr_call_t *call);
hr_rc_t an_handle_facts(void *self, hr_call_t *call);
hr_rc_t an_handle_quarantine(void *self, hr_call_t *call);
hr_rc_t an_handle_metrics(void *self, hr_call_t *call);
hr_rc_t an_handle_warnings(void *self, hr_call_t *call);
hr_rc_t an_handle_withdraw(void *self, hr_call_t *call);
hr_rc_t an_handle_erase(void *self, hr_call_t *call);
hr_rc_t an_handle_imports(void *self, hr_call_t *call);

#endif
