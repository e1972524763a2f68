/*  unit.analytics.feeds - every parser (generic CSV, ZKTeco attlog and ADMS, DingTalk and WeCom
 *  JSON, the keyed feeds) against good files and the bad inputs of reference/reliability.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

static size_t s_damaged; // an_text_decode's places with bad bytes

#define MAXN 64

typedef struct {
    an_punch_t p[MAXN];
    size_t np;
    an_row_t r[MAXN];
    char text[MAXN][64];
    size_t nr;
    uint32_t bad_line[MAXN];
    char bad_why[MAXN][160];
    size_t nb;
} s_got_t;

static hr_rc_t s_punch(void *arg, const an_punch_t *p)
{
    s_got_t *g = arg;
    assert_true(g->np < MAXN);
    g->p[g->np++] = *p;
    return HR_OK;
}

static hr_rc_t s_row(void *arg, const an_row_t *r)
{
    s_got_t *g = arg;
    assert_true(g->nr < MAXN);
    snprintf(g->text[g->nr], 64, "%s", r->text);
    g->r[g->nr] = *r;
    g->r[g->nr].text = g->text[g->nr];
    g->nr++;
    return HR_OK;
}

static hr_rc_t s_bad(void *arg, uint32_t line, uint64_t offset, const char *raw, size_t raw_len,
                     const char *why)
{
    HR_UNUSED(offset);
    HR_UNUSED(raw);
    HR_UNUSED(raw_len);
    s_got_t *g = arg;
    assert_true(g->nb < MAXN);
    g->bad_line[g->nb] = line;
    snprintf(g->bad_why[g->nb], 160, "%s", why);
    g->nb++;
    return HR_OK;
}

static hr_rc_t s_parse(Hr__Analytics__FeedKind kind, const char *format, const char *text,
                       size_t len, s_got_t *g, an_sink_t *sink, char *why)
{
    memset(g, 0, sizeof *g);
    memset(sink, 0, sizeof *sink);
    sink->arg = g;
    sink->punch = s_punch;
    sink->row = s_row;
    sink->bad = s_bad;
    an_parse_opts_t opts = {.tz_offset_min = 480};
    return an_feed_parse(kind, format, text, len, &opts, sink, why, 256);
}

static an_sink_t s_sink; // the sink of the last s_generic: its header_line, records

// s_parse of a whole NUL-ended text in the generic format.
static hr_rc_t s_generic(Hr__Analytics__FeedKind kind, const char *text, s_got_t *g, char *why)
{
    return s_parse(kind, "generic", text, strlen(text), g, &s_sink, why);
}

// A generic file refused as a whole (EINVAL) with part in the reason (in why, 256 bytes).
static void s_refused(Hr__Analytics__FeedKind kind, const char *text, const char *part, s_got_t *g,
                      char *why)
{
    assert_int_equal(s_generic(kind, text, g, why), HR_EINVAL);
    if (!strstr(why, part))
        fail_msg("'%s' is not in: %s", part, why);
}

#define ATT HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE

static void test_generic_csv_reordered_header_extra_columns_and_broken_rows(void **state)
{
    HR_UNUSED(state);
    const char *text = "Device,打卡时间,工号,extra\n"
                       "1,2025-03-03 09:05:00,00123,x\n"
                       "1,2025-03-03 18:00:00,123,\n"  // trailing empty extra
                       "1,2025-03-03 18:00:00\n"       // too few fields: no PIN
                       "1,2025-03-03 18:00:00,5,a,b\n" // too many fields
                       "1,05/03/2025 09:00,6,\n"       // ambiguous date
                       "1,2025-03-03 09:00,,\n"        // empty PIN
                       "1,\"2025-03-04\n09:00\",7,\n"; // newline inside quotes: not a time
    s_got_t g;
    char why[256];
    assert_int_equal(s_generic(ATT, text, &g, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_string_equal(g.p[0].pin, "123");
    assert_string_equal(g.p[1].pin, "123");
    assert_int_equal(g.p[0].sec, 9 * 3600 + 300);
    assert_int_equal(g.p[0].line, 2);
    assert_int_equal(g.nb, 5);
    assert_int_equal(g.bad_line[0], 4);
    assert_non_null(strstr(g.bad_why[0], "too few fields"));
    assert_int_equal(g.bad_line[1], 5);
    assert_non_null(strstr(g.bad_why[1], "too many fields"));
    assert_non_null(strstr(g.bad_why[2], "ambiguous"));
    assert_string_equal(g.bad_why[3], "empty employee number"); // 工号: no PIN column
    assert_true(g.p[0].by_employee_no);
    assert_int_equal(g.bad_line[4], 8);
    assert_int_equal(s_sink.records, 7);
}

static void test_generic_csv_without_header_or_with_duplicated_header_is_refused(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    an_sink_t sink;
    char why[256];
    const char *noheader = "123,2025-03-03 09:00\n";
    s_refused(ATT, noheader, "no column 'pin'", &g, why);
    const char *dup = "pin,time,pin\n1,2025-03-03 09:00,1\n";
    s_refused(ATT, dup, "columns 1 ('pin') and 3 ('pin') are both 'pin'", &g, why);
    assert_int_equal(s_parse(ATT, "pdf", dup, strlen(dup), &g, &sink, why), HR_EINVAL);
}

static void test_generic_csv_with_date_and_time_columns_and_excel_serials(void **state)
{
    HR_UNUSED(state);
    const char *text = "pin;date;time\n1;45296;09:00\n1;2024-01-05;24:00\n";
    s_got_t g;
    char why[256];
    assert_int_equal(s_generic(ATT, text, &g, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[0].day, an_days_from_civil(2024, 1, 5));
    assert_int_equal(g.p[1].day, an_days_from_civil(2024, 1, 6)); // 24:00 is next midnight
    assert_int_equal(g.p[1].sec, 0);
}

static void test_zkteco_usb_attlog_padded_pins_and_extended_variant(void **state)
{
    HR_UNUSED(state);
    const char *text = "ABCD123456789\r\n"
                       "        1\t2026-10-03 08:59:01\t1\t0\t1\t0\r\n"
                       "       12\t2026-10-03 18:01:00\t1\t1\t15\t0\r\n"
                       "       13\t2026-13-03 18:01:00\t1\t1\t15\t0\r\n"
                       "CHECKSUM\r\n";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "zkteco", text, strlen(text), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_string_equal(g.p[0].pin, "1");
    assert_int_equal(g.p[0].state, 0); // 4th column in attlog
    assert_int_equal(g.p[1].state, 1);
    assert_int_equal(g.p[1].line, 3);
    assert_int_equal(g.nb, 1);
    assert_int_equal(g.bad_line[0], 4);
    assert_int_equal(sink.skipped, 2); // serial and checksum lines
}

// A line that does not split on TAB is no punch the parser can read: it is quarantined with
// its line and the reason, never dropped. Only blank lines and a lone serial or checksum token
// on the very first or very last line (the TFT "extended" export) are passed over.
static void test_zkteco_lines_without_a_tab_are_quarantined_not_dropped(void **state)
{
    HR_UNUSED(state);
    const char *text = "1452 2025-03-03 09:05:00 1 0 1 0\n" // space-separated, first line
                       "        1\t2025-03-03 08:59:01\t1\t0\t1\t0\n"
                       "7,2025-03-03 10:30:00,1,0,1,0\n" // comma-separated
                       "\n"
                       "LONE\n" // a lone token in the middle is no trailer
                       "   \n"
                       "8 2025-03-03 18:00:00\n"; // last line, space-separated
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "zkteco", text, strlen(text), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_int_equal(g.nb, 4);
    assert_int_equal(g.bad_line[0], 1);
    assert_int_equal(g.bad_line[1], 3);
    assert_int_equal(g.bad_line[2], 5);
    assert_int_equal(g.bad_line[3], 7);
    for (size_t i = 0; i < g.nb; i++)
        assert_string_equal(g.bad_why[i], "not TAB-separated (ZKTeco attlog)");
    assert_int_equal(sink.skipped, 0);
    assert_int_equal(sink.records, 5);
    // A generic CSV sent as zkteco: every line quarantined, none lost.
    const char *csv = "pin,time\n123,2025-03-03 09:00:00\n124,2025-03-03 09:01:00\n";
    assert_int_equal(s_parse(ATT, "zkteco", csv, strlen(csv), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 0);
    assert_int_equal(g.nb, 3);
    assert_int_equal(sink.skipped, 0);
    const char *adms = "1452 2015-07-30 15:16:28 0 1 0 0 0\n";
    assert_int_equal(s_parse(ATT, "adms", adms, strlen(adms), &g, &sink, why), HR_OK);
    assert_int_equal(g.nb, 1);
    assert_string_equal(g.bad_why[0], "not TAB-separated (ADMS ATTLOG)");
}

static void test_adms_lines_take_state_from_the_third_column(void **state)
{
    HR_UNUSED(state);
    const char *text = "1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0\n"
                       "11\t2025-08-27 10:57:49\t1\t25\t0\t0\t0\t0\t0\t0\n";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "adms", text, strlen(text), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[0].state, 0);
    assert_int_equal(g.p[1].state, 1);
    assert_int_equal(g.p[1].sec, 10 * 3600 + 57 * 60 + 49);
}

// The two ZKTeco text formats put the state in different columns (integration-formats 1d: the
// USB export's 3rd column is the machine number). A file whose rows have the other format's
// layout is refused naming the --format to use; in a file of both layouts the other's lines are
// quarantined. Before, a USB export sent as adms took machine number 1 for "check-out", silently.
static void
test_zkteco_usb_export_as_adms_and_adms_as_zkteco_are_refused_by_their_shape(void **state)
{
    HR_UNUSED(state);
    const char *usb = "        1\t2026-10-03 08:59:01\t1\t0\t1\t0\r\n"
                      "        1\t2026-10-03 18:01:00\t1\t1\t1\t0\r\n";
    const char *adms = "1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0\n"
                       "11\t2025-08-27 10:57:49\t1\t25\t0\t0\t0\t0\t0\t0\n";
    s_got_t g;
    an_sink_t sink;
    char why[512];
    memset(&sink, 0, sizeof sink);
    sink.arg = &g;
    sink.punch = s_punch;
    sink.bad = s_bad;
    an_parse_opts_t opts = {.tz_offset_min = 480};
    memset(&g, 0, sizeof g);
    assert_int_equal(an_feed_parse(ATT, "adms", usb, strlen(usb), &opts, &sink, why, sizeof why),
                     HR_EINVAL);
    assert_int_equal(g.np, 0);
    assert_non_null(strstr(why, "line 1: 6 TAB-separated fields are a ZKTeco USB export"));
    assert_non_null(strstr(why, "import it with --format zkteco"));
    assert_non_null(strstr(why, "第1行有6个以TAB分隔的字段"));
    assert_true(strstr(why, "第1行") < strstr(why, "line 1")); // Chinese first
    assert_int_equal(
        an_feed_parse(ATT, "zkteco", adms, strlen(adms), &opts, &sink, why, sizeof why), HR_EINVAL);
    assert_int_equal(g.np, 0);
    assert_non_null(strstr(why, "line 1: 7 or more TAB-separated fields are ADMS ATTLOG lines"));
    assert_non_null(strstr(why, "import it with --format adms"));

    // A file of both layouts: the lines of the other format's layout are quarantined.
    const char *mixed = "1452\t2015-07-30 15:16:28\t0\t1\t0\t0\t0\n"
                        "        1\t2015-07-30 18:01:00\t1\t0\t1\t0\n"
                        "1452\t2015-07-30 18:16:28\t1\t1\t0\t0\t0\n";
    assert_int_equal(s_parse(ATT, "adms", mixed, strlen(mixed), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[1].state, 1);
    assert_int_equal(g.nb, 1);
    assert_int_equal(g.bad_line[0], 2);
    assert_non_null(strstr(g.bad_why[0], "import such lines with --format zkteco"));

    // Read the right way, the same USB lines give check-in and check-out; 2 to 5 fields say
    // neither layout and are read by the format given.
    assert_int_equal(s_parse(ATT, "zkteco", usb, strlen(usb), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[0].state, 0);
    assert_int_equal(g.p[1].state, 1);
    const char *usb_tab = "        1\t2026-10-03 08:59:01\t1\t0\t1\t0\t\n"; // a trailing TAB
    assert_int_equal(s_parse(ATT, "zkteco", usb_tab, strlen(usb_tab), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 1);
    const char *short_adms = "11\t2025-08-27 10:57:49\t1\t25\n";
    assert_int_equal(s_parse(ATT, "adms", short_adms, strlen(short_adms), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_int_equal(g.p[0].state, 1);

    // A file imported before this check (a withdrawal's replay) reads as it did.
    opts.stored = true;
    memset(&g, 0, sizeof g);
    assert_int_equal(an_feed_parse(ATT, "adms", usb, strlen(usb), &opts, &sink, why, sizeof why),
                     HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[0].state, 1); // the machine number, as that import read it
}

static void test_dingtalk_json_ms_times_and_notsigned_rows_skipped(void **state)
{
    HR_UNUSED(state);
    // 2025-03-03 01:05:00Z = 09:05 in Shanghai
    const char *text = "{\"errcode\":0,\"hasMore\":false,\"recordresult\":["
                       "{\"userId\":\"u1\",\"userCheckTime\":1740963900000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"Late\"},"
                       "{\"userId\":\"u1\",\"userCheckTime\":1740995000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"NotSigned\",\"sourceType\":\"SYSTEM\"},"
                       "{\"userId\":\"u2\",\"userCheckTime\":1740963},"
                       "{\"userCheckTime\":1740963900000}]}";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "dingtalk", text, strlen(text), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_string_equal(g.p[0].pin, "u1");
    assert_int_equal(g.p[0].day, an_days_from_civil(2025, 3, 3));
    assert_int_equal(g.p[0].sec, 9 * 3600 + 5 * 60);
    assert_int_equal(g.p[0].state, 0);
    assert_int_equal(sink.skipped, 1);
    assert_int_equal(g.nb, 2); // seconds where ms are expected; no userId
    assert_int_equal(g.bad_line[0], 3);
    const char *bad = "{\"recordresult\": [";
    assert_int_equal(s_parse(ATT, "dingtalk", bad, strlen(bad), &g, &sink, why), HR_EINVAL);
}

// A vendor's reply is one line: a bad record is cited by its place and field, not "line 1"
// (the sink's line is the record's number, from 1, across pages), and JSON that does not parse
// by its byte offset.
static void test_json_problems_cite_the_record_and_the_field(void **state)
{
    HR_UNUSED(state);
    const char *one = "{\"errcode\":0,\"recordresult\":["
                      "{\"userId\":\"u1\",\"userCheckTime\":1740963900000},"
                      "{\"userId\":\"u1\",\"userCheckTime\":\"abc\"},"
                      "{\"userId\":\"u1\",\"userCheckTime\":1740963},"
                      "{\"userCheckTime\":1740963900000},"
                      "{\"userId\":\"\",\"userCheckTime\":1740963900000},"
                      "{\"userId\":\"u3\"}]}";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "dingtalk", one, strlen(one), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_int_equal(g.nb, 5);
    assert_int_equal(g.bad_line[0], 2); // the record's number
    assert_string_equal(g.bad_why[0], "recordresult[1]: userCheckTime 'abc' is not a number");
    assert_string_equal(g.bad_why[1], "recordresult[2]: userCheckTime: not epoch milliseconds "
                                      "between 2000 and 2100");
    assert_string_equal(g.bad_why[2], "recordresult[3]: userId: missing");
    assert_string_equal(g.bad_why[3], "recordresult[4]: userId: empty PIN");
    assert_string_equal(g.bad_why[4], "recordresult[5]: userCheckTime: missing");
    assert_int_equal(g.bad_line[4], 6);

    // Pages as hrctl pull saves them: the reply and the place in it.
    const char *pages = "[{\"recordresult\":[{\"userId\":\"u1\",\"userCheckTime\":1740963900000}]},"
                        "{\"recordresult\":[{\"userId\":\"u1\"}]}]";
    assert_int_equal(s_parse(ATT, "dingtalk", pages, strlen(pages), &g, &sink, why), HR_OK);
    assert_int_equal(g.nb, 1);
    assert_int_equal(g.bad_line[0], 2);
    assert_string_equal(g.bad_why[0], "reply 2: recordresult[0]: userCheckTime: missing");
    const char *nested = "{\"result\":{\"recordresult\":[{\"userId\":\"u1\"}]}}";
    assert_int_equal(s_parse(ATT, "dingtalk", nested, strlen(nested), &g, &sink, why), HR_OK);
    assert_string_equal(g.bad_why[0], "result.recordresult[0]: userCheckTime: missing");
    const char *wx = "{\"errcode\":0,\"checkindata\":[{\"checkin_time\":1740963900}]}";
    assert_int_equal(s_parse(ATT, "wecom", wx, strlen(wx), &g, &sink, why), HR_OK);
    assert_string_equal(g.bad_why[0], "checkindata[0]: userid: missing");
    const char *bare = "[{\"userId\":\"u1\",\"userCheckTime\":1740963900000},7]";
    assert_int_equal(s_parse(ATT, "dingtalk", bare, strlen(bare), &g, &sink, why), HR_OK);
    assert_string_equal(g.bad_why[0], "[1]: not an object");

    // JSON that does not parse: where, in bytes (the file is one line).
    const char *broken = "{\"recordresult\":[{\"userId\":\"u1\",\"userCheckTime\":17409639000x}]}";
    assert_int_equal(s_parse(ATT, "dingtalk", broken, strlen(broken), &g, &sink, why), HR_EINVAL);
    assert_non_null(strstr(why, "byte offset "));
    assert_non_null(strstr(why, "(line 1, column "));
    assert_non_null(strstr(why, "JSON 无法解析"));
}

// One saved attendance/list page that says hasMore: the records of the next page would become
// missing punches. Refused, naming hasMore and `hrctl pull`; the pages saved together (as hrctl
// pull saves them) import, unless the last of them still says hasMore.
static void test_dingtalk_page_with_has_more_is_refused_alone(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    an_sink_t sink;
    char why[512];
#define S_REC(ct, ms) "{\"userId\":\"u1\",\"userCheckTime\":" ms ",\"checkType\":\"" ct "\"}"
    const char *page1 =
        "{\"errcode\":0,\"hasMore\":true,\"recordresult\":[" S_REC("OnDuty", "1740963900000") "]}";
    assert_int_equal(s_parse(ATT, "dingtalk", page1, strlen(page1), &g, &sink, why), HR_EINVAL);
    assert_int_equal(g.np, 0);
    assert_non_null(strstr(why, "hasMore"));
    assert_non_null(strstr(why, "next page"));
    assert_non_null(strstr(why, "hrctl pull dingtalk"));
    assert_non_null(strstr(why, "下一页"));
    // A page imported before such pages were refused still replays.
    an_parse_opts_t stored = {.tz_offset_min = 480, .stored = true};
    memset(&g, 0, sizeof g);
    memset(&sink, 0, sizeof sink);
    sink.arg = &g;
    sink.punch = s_punch;
    sink.bad = s_bad;
    assert_int_equal(
        an_feed_parse(ATT, "dingtalk", page1, strlen(page1), &stored, &sink, why, sizeof why),
        HR_OK);
    assert_int_equal(g.np, 1);

    const char *both = "[{\"errcode\":0,\"hasMore\":true,\"recordresult\":[" S_REC(
        "OnDuty", "1740963900000") "]},{\"errcode\":0,\"hasMore\":false,\"recordresult\":"
                                   "[" S_REC("OffDuty", "1740995000000") "]}]";
    assert_int_equal(s_parse(ATT, "dingtalk", both, strlen(both), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 2);

    const char *cut =
        "[{\"errcode\":0,\"hasMore\":false,\"recordresult\":[]},"
        "{\"errcode\":0,\"hasMore\":true,\"recordresult\":[" S_REC("OnDuty", "1740963900000") "]}]";
    assert_int_equal(s_parse(ATT, "dingtalk", cut, strlen(cut), &g, &sink, why), HR_EINVAL);
    assert_non_null(strstr(why, "reply 2: hasMore"));
#undef S_REC
}

// A saved error reply is no "missing recordresult": the vendor's errcode and errmsg are told.
static void test_dingtalk_error_reply_names_errcode_and_errmsg(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    an_sink_t sink;
    char why[512];
    const char *err =
        "{\"errcode\": 88, \"errmsg\": \"不合法的access_token\", \"request_id\": \"abc\"}";
    assert_int_equal(s_parse(ATT, "dingtalk", err, strlen(err), &g, &sink, why), HR_EINVAL);
    assert_non_null(strstr(why, "errcode 88"));
    assert_non_null(strstr(why, "不合法的access_token"));
    assert_null(strstr(why, "no 'recordresult'"));
    const char *wecom = "[{\"errcode\":301042,\"errmsg\":\"ip not allowed\"}]";
    assert_int_equal(s_parse(ATT, "wecom", wecom, strlen(wecom), &g, &sink, why), HR_EINVAL);
    assert_non_null(strstr(why, "reply 1: a WeCom error reply"));
    assert_non_null(strstr(why, "errcode 301042"));
}

// listRecord returns invalid punches too (invalidRecordType set, no checkType or timeResult):
// DingTalk does not count them, so they are passed over (counted), never taken as the arrival.
static void test_dingtalk_listrecord_invalid_records_are_not_punches(void **state)
{
    HR_UNUSED(state);
    // 2025-03-03 00:30Z = 08:30 Shanghai (invalid), 01:40Z = 09:40 (the real arrival)
    const char *text = "{\"errcode\":0,\"recordresult\":["
                       "{\"userId\":\"u1\",\"userCheckTime\":1740961800000,"
                       "\"invalidRecordType\":\"Other\",\"invalidRecordMsg\":\"需要二次确认\"},"
                       "{\"userId\":\"u1\",\"userCheckTime\":1740966000000,\"checkType\":"
                       "\"OnDuty\",\"timeResult\":\"Late\",\"invalidRecordType\":\"\"},"
                       "{\"userId\":\"u1\",\"userCheckTime\":1740996000000,\"checkType\":"
                       "\"OffDuty\",\"timeResult\":\"Normal\",\"invalidRecordType\":null}]}";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "dingtalk", text, strlen(text), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[0].sec, 9 * 3600 + 40 * 60);
    assert_int_equal(g.p[0].line, 2);
    assert_int_equal(sink.skipped, 1);
    assert_int_equal(g.nb, 0);
}

static void test_wecom_json_seconds_and_missing_punch_rows_skipped(void **state)
{
    HR_UNUSED(state);
    const char *text = "{\"errcode\":0,\"checkindata\":["
                       "{\"userid\":\"w1\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"\","
                       "\"checkin_time\":1740963900},"
                       "{\"userid\":\"w1\",\"checkin_type\":\"下班打卡\",\"exception_type\":"
                       "\"未打卡\",\"checkin_time\":1740992400}]}";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    assert_int_equal(s_parse(ATT, "wecom", text, strlen(text), &g, &sink, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_int_equal(g.p[0].sec, 9 * 3600 + 5 * 60);
    assert_int_equal(sink.skipped, 1);
}

typedef struct {
    char pin[AN_ID_MAX + 1];
    Hr__Analytics__VendorSlot s;
    char result[32], approval[48], source_type[16];
    char raw[512];
} s_slot_got_t;

static s_slot_got_t s_slots[8];
static size_t s_nslots;

static hr_rc_t s_slot(void *arg, const char *pin, const Hr__Analytics__VendorSlot *vs,
                      const char *raw, size_t raw_len)
{
    HR_UNUSED(arg);
    assert_true(s_nslots < 8);
    s_slot_got_t *g = &s_slots[s_nslots++];
    snprintf(g->pin, sizeof g->pin, "%s", pin);
    g->s = *vs;
    snprintf(g->result, sizeof g->result, "%s", vs->result);
    snprintf(g->approval, sizeof g->approval, "%s", vs->approval);
    snprintf(g->source_type, sizeof g->source_type, "%s", vs->source_type);
    snprintf(g->raw, sizeof g->raw, "%.*s", (int)raw_len, raw);
    g->s.result = g->result;
    g->s.approval = g->approval;
    g->s.source_type = g->source_type;
    return HR_OK;
}

// DingTalk's own word on each slot is kept as it wrote it (README "Vendor results"): the
// scheduled time (baseCheckTime 10:00, where the company's schedule says 09:00), the result
// (Normal), the workDate; a NotSigned slot is no punch (punch_ms 0) but keeps its approval
// (procInstId), and an approveId sent as a number is kept as its digits. Before, only
// userCheckTime was read: the schedule, the result and the approval were dropped.
static void test_dingtalk_slots_keep_the_vendors_schedule_result_and_approval(void **state)
{
    HR_UNUSED(state);
    // 2026-11-02 (Shanghai): workDate 00:00 = 1793548800000, 10:00 = 1793584800000, 09:55 =
    // 1793584500000; 11-05 09:00 = 1793840400000
    const char *text =
        "{\"errcode\":0,\"recordresult\":["
        "{\"userId\":\"dt03\",\"workDate\":1793548800000,\"checkType\":\"OnDuty\","
        "\"timeResult\":\"Normal\",\"baseCheckTime\":1793584800000,\"userCheckTime\":"
        "1793584500000,\"sourceType\":\"ATM\"},"
        "{\"userId\":\"dt01\",\"workDate\":1793808000000,\"checkType\":\"OnDuty\","
        "\"timeResult\":\"NotSigned\",\"baseCheckTime\":1793840400000,\"userCheckTime\":"
        "1793840400000,\"sourceType\":\"SYSTEM\",\"procInstId\":\"proc-annual-leave-77\"},"
        "{\"userId\":\"dt01\",\"checkType\":\"OffDuty\",\"timeResult\":\"Early\","
        "\"userCheckTime\":1793865600000,\"approveId\":4711}]}";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    s_nslots = 0;
    memset(&g, 0, sizeof g);
    memset(&sink, 0, sizeof sink);
    sink.arg = &g;
    sink.punch = s_punch;
    sink.bad = s_bad;
    sink.slot = s_slot;
    an_parse_opts_t opts = {.tz_offset_min = 480};
    assert_int_equal(an_feed_parse(ATT, "dingtalk", text, strlen(text), &opts, &sink, why, 256),
                     HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(sink.skipped, 1);
    assert_int_equal(s_nslots, 3);
    const Hr__Analytics__VendorSlot *a = &s_slots[0].s;
    assert_string_equal(s_slots[0].pin, "dt03");
    assert_int_equal(a->check, AN_STATE_IN);
    assert_true(a->sched_ms == INT64_C(1793584800000));
    assert_true(a->punch_ms == INT64_C(1793584500000));
    assert_true(a->work_date_ms == INT64_C(1793548800000));
    assert_true(a->has_result);
    assert_string_equal(a->result, "Normal");
    assert_string_equal(a->source_type, "ATM");
    assert_int_equal(a->record, 1);
    assert_int_equal(an_vendor_verdict("dingtalk", a), AN_VENDOR_NORMAL);
    const Hr__Analytics__VendorSlot *b = &s_slots[1].s;
    assert_true(b->punch_ms == 0); // NotSigned: userCheckTime is the schedule's, no punch
    assert_string_equal(b->approval, "proc-annual-leave-77");
    assert_int_equal(an_vendor_verdict("dingtalk", b), AN_VENDOR_NOT_SIGNED);
    assert_non_null(strstr(s_slots[1].raw, "proc-annual-leave-77")); // its record, to cite
    const Hr__Analytics__VendorSlot *c = &s_slots[2].s;
    assert_int_equal(c->check, AN_STATE_OUT);
    assert_true(c->sched_ms == 0); // no baseCheckTime given
    assert_string_equal(c->approval, "4711");
    assert_int_equal(an_vendor_verdict("dingtalk", c), AN_VENDOR_EARLY);
    assert_int_equal(an_slot_utc_day(a), an_days_from_civil(2026, 11, 1)); // 00:00 +08 = 16:00Z
}

// WeCom: sch_checkin_time (seconds) is the slot's schedule; exception_type "" is normal only
// with a schedule (a free check-in rule judges no time), 时间异常 is late on 上班打卡 and early
// on 下班打卡, a place exception alone says nothing of the time, 未打卡 is no punch; 外出打卡
// (a field trip) is no slot.
static void test_wecom_slots_keep_sch_checkin_time_and_exception_type(void **state)
{
    HR_UNUSED(state);
    const char *text =
        "{\"errcode\":0,\"checkindata\":["
        "{\"userid\":\"wc1\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1793584680,\"sch_checkin_time\":1793584800},"
        "{\"userid\":\"wc1\",\"checkin_type\":\"下班打卡\",\"exception_type\":\"时间异常;"
        "地点异常\",\"checkin_time\":1793610000,\"sch_checkin_time\":1793617200},"
        "{\"userid\":\"wc2\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1793584680},"
        "{\"userid\":\"wc2\",\"checkin_type\":\"下班打卡\",\"exception_type\":\"地点异常\","
        "\"checkin_time\":1793617300,\"sch_checkin_time\":1793617200},"
        "{\"userid\":\"wc3\",\"checkin_type\":\"上班打卡\",\"exception_type\":\"未打卡\","
        "\"checkin_time\":1793584800,\"sch_checkin_time\":1793584800},"
        "{\"userid\":\"wc3\",\"checkin_type\":\"外出打卡\",\"exception_type\":\"\","
        "\"checkin_time\":1793595600}]}";
    s_got_t g;
    an_sink_t sink;
    char why[256];
    s_nslots = 0;
    memset(&g, 0, sizeof g);
    memset(&sink, 0, sizeof sink);
    sink.arg = &g;
    sink.punch = s_punch;
    sink.bad = s_bad;
    sink.slot = s_slot;
    an_parse_opts_t opts = {.tz_offset_min = 480};
    assert_int_equal(an_feed_parse(ATT, "wecom", text, strlen(text), &opts, &sink, why, 256),
                     HR_OK);
    assert_int_equal(s_nslots, 5);
    assert_true(s_slots[0].s.sched_ms == INT64_C(1793584800000));
    assert_true(s_slots[0].s.punch_ms == INT64_C(1793584680000));
    assert_int_equal(an_vendor_verdict("wecom", &s_slots[0].s), AN_VENDOR_NORMAL);
    assert_int_equal(an_vendor_verdict("wecom", &s_slots[1].s), AN_VENDOR_EARLY);
    assert_int_equal(an_vendor_verdict("wecom", &s_slots[2].s), AN_VENDOR_NONE); // no schedule
    assert_int_equal(an_vendor_verdict("wecom", &s_slots[3].s), AN_VENDOR_NORMAL);
    assert_true(s_slots[4].s.punch_ms == 0);
    assert_int_equal(an_vendor_verdict("wecom", &s_slots[4].s), AN_VENDOR_NOT_SIGNED);
    assert_string_equal(s_slots[1].result, "时间异常;地点异常");
}

static void test_keyed_feeds_people_schedules_kpi_sales_training_surveys_leave(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    char why[256];
    const char *people = "工号,考勤号,部门\n00123,123,D01\n1.23457E+17,,D01\n124,,\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PEOPLE, people, &g, why), HR_OK);
    assert_int_equal(g.nr, 1);
    assert_string_equal(g.r[0].employee_no, "123");
    assert_string_equal(g.r[0].raw_id, "00123");
    assert_int_equal(g.nb, 2);
    assert_non_null(strstr(g.bad_why[0], "scientific notation"));
    assert_string_equal(g.bad_why[1], "empty department");

    const char *sched = "scope,key,start,end,from,to\ndefault,,09:00,18:00,,\n"
                        "person,7,22:00,06:00,2025-03-01,2025-03-31\nteam,x,1,2,,\n"
                        "department,D01,10:00,10:00,,\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_SCHEDULES, sched, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 2);
    assert_true(g.r[1].a == 22 * 60 && g.r[1].b == 6 * 60);
    assert_int_equal(g.r[1].day_from, an_days_from_civil(2025, 3, 1));
    assert_int_equal(g.nb, 2);

    const char *kpi = "employee_no,period,metric,target,actual,direction\n"
                      "123,2025-03,new_clients,10,4,\n123,2025-Q1,complaints,2,4,lower\n"
                      "123,2025-03,x,0,1,\n123,March,y,1,1,\n=cmd|' /C calc'!A0,2025-03,z,1,1,\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, kpi, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 3); // the formula payload is an id as written; stored verbatim
    assert_string_equal(g.r[0].subject, "new_clients");
    assert_true(g.r[1].lower_is_better);
    assert_string_equal(g.r[1].text, "2025-Q1");
    assert_int_equal(g.nb, 2);

    const char *sales = "employee_no,date,clients_followed,deals_signed\n123,2025-03-03,5,1\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, sales, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 1);
    assert_string_equal(g.r[0].type, "sales");

    const char *train = "employee_no,course,date,score,pass_mark\n123,安全培训,2025/3/5,55,60\n"
                        "123,x,2025-03-05,abc,60\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, train, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 1);
    assert_true(g.r[0].a == 55 && g.r[0].b == 60);
    assert_int_equal(g.nb, 1);

    const char *surv = "employee_no,date,reason_code,text\n"
                       "123,2025-03-05,pay,\"=HYPERLINK(\"\"http://x\"\",\"\"c\"\")\"\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS, surv, &g, why), HR_OK);
    assert_int_equal(g.nr, 1);
    assert_string_equal(g.r[0].text, "=HYPERLINK(\"http://x\",\"c\")"); // verbatim

    const char *leave = "employee_no,from,to,type\n123,2025-03-05,2025-03-06,annual\n"
                        "123,2025-03-06,2025-03-05,x\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, leave, &g, why), HR_OK);
    assert_int_equal(g.nr, 1);
    assert_int_equal(g.nb, 1);
}

static void test_a_kpi_direction_is_read_in_every_common_spelling_and_no_other(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    char why[256];
    const char *kpi = "employee_no,period,metric,target,actual,direction\n"
                      "Q001,2026-10,defect_escape,5,10,lower_is_better\n"
                      "Q002,2026-10,defect_escape,5,2,越低越好\n"
                      "Q003,2026-10,defect_escape,5,2,反向\n"
                      "Q004,2026-10,defect_escape,5,2,Down\n"
                      "Q005,2026-10,sales,5,2,higher_is_better\n"
                      "Q006,2026-10,sales,5,2,越高越好\n"
                      "Q007,2026-10,sales,5,2,\n"
                      "Q008,2026-10,sales,5,2,lo\n"
                      "Q009,2026-10,sales,5,2,smaller\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, kpi, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 7);
    for (size_t i = 0; i < 4; i++)
        assert_true(g.r[i].lower_is_better);
    for (size_t i = 4; i < 7; i++)
        assert_false(g.r[i].lower_is_better);
    assert_int_equal(g.nb, 2);
    assert_int_equal(g.bad_line[0], 9);
    assert_non_null(strstr(g.bad_why[0], "direction 'lo' is not higher or lower"));
    assert_int_equal(g.bad_line[1], 10);
    assert_non_null(strstr(g.bad_why[1], "'smaller'"));
}

// Attendance headers as exports write them: an employee-number column without a PIN column is
// read as an employee number (matched to the person's PIN at import), not as a PIN; with both
// (工号 and UserId) the device's id is read; a column named twice names both; a time column with
// a whole date-time is read when its date is the row's; a title line above the header is passed
// over (and said), a file with no header in its first lines refused naming what was expected.
static void test_attendance_headers_as_exports_write_them(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    char why[256];
    const char *emp = "工号,打卡时间\nQ001,2026-11-02 09:00\n";
    assert_int_equal(s_generic(ATT, emp, &g, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_string_equal(g.p[0].pin, "Q001");
    assert_true(g.p[0].by_employee_no);

    const char *both = "工号,UserId,打卡时间\nQ001,901,2026-11-02 09:00\n";
    assert_int_equal(s_generic(ATT, both, &g, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_string_equal(g.p[0].pin, "901");
    assert_false(g.p[0].by_employee_no);

    const char *twice = "UserId,考勤号,打卡时间\n901,901,2026-11-02 09:00\n";
    s_refused(ATT, twice, "columns 1 ('UserId') and 2 ('考勤号') are both 'pin'", &g, why);

    const char *split = "考勤号,日期,时间\n"
                        "901,2026-11-02,2026-11-02 09:05:00\n"
                        "901,2026-11-02,18:00\n"
                        "901,2026-11-02,2026-11-03 09:00:00\n";
    assert_int_equal(s_generic(ATT, split, &g, why), HR_OK);
    assert_int_equal(g.np, 2);
    assert_int_equal(g.p[0].day, an_days_from_civil(2026, 11, 2));
    assert_int_equal(g.p[0].sec, 9 * 3600 + 300);
    assert_int_equal(g.nb, 1);
    assert_int_equal(g.bad_line[0], 4);
    assert_non_null(
        strstr(g.bad_why[0], "time '2026-11-03 09:00:00' is not on the row's date 2026-11-02"));

    const char *title = "2026年11月考勤记录\n\n考勤号\t打卡时间\n901\t2026-11-02 09:00\n";
    assert_int_equal(s_generic(ATT, title, &g, why), HR_OK);
    assert_int_equal(g.np, 1);
    assert_int_equal(g.p[0].line, 4);
    assert_int_equal(s_sink.header_line, 3);
    assert_int_equal(s_sink.records, 1);

    const char *none = "考勤记录\n1\n2\n3\n4\n5\n考勤号,打卡时间\n901,2026-11-02 09:00\n";
    s_refused(ATT, none, "line 1: header: no column 'pin' (pin, user_id", &g, why);
    assert_non_null(strstr(why, "nor 'employee_no'"));
    assert_non_null(strstr(why, "no line of the first six names the columns"));
    // A header missing a column is named as it is, not passed over as a title.
    const char *half = "employee_no,course,date,score\n123,x,2025-03-05,70\n";
    s_refused(HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, half,
              "line 1: header: no column 'pass_mark'", &g, why);
}

// Values out of range are refused naming why (a score of 580 or -5 out of 100, a KPI target of
// -100); values as Chinese spreadsheets write them are read (2026年11月, 2026/11, "1,000").
static void test_values_out_of_range_are_refused_and_common_forms_read(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    char why[256];
    const char *train = "employee_no,course,date,score,pass_mark\n"
                        "Q001,safety,2026-11-05,580,60\nQ001,fire,2026-11-05,-5,60\n"
                        "Q001,first_aid,2026-11-05,100,60\nQ001,x,2026-11-05,50,160\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, train, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 1);
    assert_int_equal(g.nb, 3);
    assert_string_equal(g.bad_why[0],
                        "score 580 is outside 0..100 (another scale: add a max_score column)");
    assert_non_null(strstr(g.bad_why[1], "score -5 is outside 0..100"));
    assert_non_null(strstr(g.bad_why[2], "pass_mark 160 is outside"));
    const char *scaled = "employee_no,course,date,score,pass_mark,满分\n"
                         "Q001,safety,2026-11-05,580,450,750\nQ001,fire,2026-11-05,800,450,750\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, scaled, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 1);
    assert_true(g.r[0].a == 580);
    assert_int_equal(g.nb, 1);
    assert_string_equal(g.bad_why[0], "score 800 is outside 0..750 (max_score)");

    const char *kpi = "employee_no,period,metric,target,actual\n"
                      "Q001,2026-11,sales,-100,50\n"
                      "Q001,2026年11月,revenue,\"1,000\",\"1,250.5\"\n"
                      "Q001,2026/11,calls,\"12,000\",900\n"
                      "Q001,2026.1,visits,10,9\n"
                      "Q001,2026年第四季度,visits,10,9\n"
                      "Q001,2026年上半年,visits,10,9\n"
                      "Q001,2026-11,cost,\"¥1,200.00\",￥900\n"
                      "Q001,2026-11,x,\"1,00\",1\n"
                      "Q001,2026年13月,y,1,1\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, kpi, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 6);
    assert_true(g.r[0].a == 1000 && g.r[0].b == 1250.5);
    assert_int_equal(g.r[0].day_from, an_days_from_civil(2026, 11, 1));
    assert_int_equal(g.r[0].day_to, an_days_from_civil(2026, 11, 30));
    assert_true(g.r[1].a == 12000);
    assert_int_equal(g.r[1].day_to, an_days_from_civil(2026, 11, 30));
    assert_int_equal(g.r[2].day_from, an_days_from_civil(2026, 1, 1));
    assert_int_equal(g.r[3].day_from, an_days_from_civil(2026, 10, 1));
    assert_int_equal(g.r[3].day_to, an_days_from_civil(2026, 12, 31));
    assert_int_equal(g.r[4].day_to, an_days_from_civil(2026, 6, 30));
    assert_true(g.r[5].a == 1200 && g.r[5].b == 900);
    assert_int_equal(g.nb, 3);
    assert_string_equal(g.bad_why[0], "target -100 is not above 0: attainment (actual / target) "
                                      "needs a positive target");
    assert_string_equal(g.bad_why[1], "target is not a number");
    assert_non_null(strstr(g.bad_why[2], "period is not"));
}

// Reported on review: a KPI file as a Chinese HR system exports it (`员工编号,期间,指标,目标,实际,
// 方向`, GBK or UTF-8) had every row quarantined "period is not 2025-03, 2025年3月, ..." beside
// its `2026年12月`: the header `期间` was not read as the period. The common headers of each
// column are read; a column still missing refuses the file naming it and every name it goes by.
static void test_chinese_headers_are_read_and_a_missing_column_refuses_the_file(void **state)
{
    HR_UNUSED(state);
    s_got_t g;
    an_sink_t sink;
    char why[256];
    static const char gbk[] =
        "\xd4\xb1\xb9\xa4\xb1\xe0\xba\xc5,\xc6\xda\xbc\xe4,\xd6\xb8\xb1\xea,\xc4\xbf\xb1\xea,"
        "\xca\xb5\xbc\xca,\xb7\xbd\xcf\xf2\x0d\x0a"
        "E0110,2026\xc4\xea"
        "12\xd4\xc2,\xd0\xc2\xbf\xcd\xbb\xa7\xca\xfd,10,4,\xd5\xfd\xcf\xf2\x0d\x0a";
    const char *text = NULL;
    size_t len = 0;
    bool owned = false;
    an_enc_t enc = AN_ENC_UTF8;
    assert_int_equal(an_text_decode(gbk, sizeof gbk - 1, false, &text, &len, &owned, &enc,
                                    &s_damaged, why, sizeof why),
                     HR_OK);
    assert_int_equal(enc, AN_ENC_GB18030);
    assert_int_equal(s_parse(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, "generic", text, len,
                             &g, &sink, why),
                     HR_OK);
    char *decoded = owned ? (char *)text : NULL;
    hr_free(decoded);
    assert_int_equal(g.nb, 0);
    assert_int_equal(g.nr, 1);
    assert_string_equal(g.r[0].type, "kpi");
    assert_string_equal(g.r[0].employee_no, "E0110");
    assert_string_equal(g.r[0].subject, "新客户数");
    assert_string_equal(g.text[0], "2026年12月");
    assert_int_equal(g.r[0].day_from, an_days_from_civil(2026, 12, 1));
    assert_int_equal(g.r[0].day_to, an_days_from_civil(2026, 12, 31));
    assert_true(g.r[0].a == 10 && g.r[0].b == 4 && !g.r[0].lower_is_better);

    // Every common name of each KPI column, in UTF-8.
    static const char *const kpis[] = {
        "员工编号,月份,指标名称,目标值,实际值,指标方向\nE0110,2026年12月,投诉数,2,3,越低越好\n",
        "工号,考核期间,考核指标,计划值,完成值,方向\nE0110,2026年12月,投诉数,2,3,反向\n",
        "员工编号,考核月份,指标,目标,实际完成值,考核方向\nE0110,2026-12,投诉数,2,3,低\n",
        "员工编号,绩效周期,KPI指标,目标,实际完成,方向\nE0110,2026/12,投诉数,2,3,lower\n",
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(kpis); i++) {
        assert_int_equal(
            s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, kpis[i], &g, why), HR_OK);
        if (g.nr != 1 || g.nb != 0)
            fail_msg("header %zu: %zu rows, %zu quarantined (%s)", i, g.nr, g.nb, g.bad_why[0]);
        assert_int_equal(g.r[0].day_from, an_days_from_civil(2026, 12, 1));
        assert_true(g.r[0].a == 2 && g.r[0].b == 3 && g.r[0].lower_is_better);
    }

    // A KPI file whose period column goes by a name not read: the file is refused naming the
    // column, not each row blamed for its value.
    const char *noperiod =
        "员工编号,考核时段,指标,目标,实际,方向\nE0110,2026年12月,新客户数,10,4,\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, noperiod, &g, why),
                     HR_EINVAL);
    assert_int_equal(g.nb, 0);
    assert_int_equal(g.nr, 0);
    assert_non_null(strstr(why, "line 1: header: no column 'period' (period, 周期, 考核周期, 期间, "
                                "考核期间, 月份, 考核月份"));
    assert_null(strstr(why, "period is not"));
    const char *notarget = "title\n员工编号,期间,指标,实际\nE0110,2026年12月,新客户数,4\n";
    s_refused(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, notarget,
              "line 2: header: no column 'target' (target, 目标, 目标值", &g, why);
    const char *noactual = "员工编号,期间,指标,目标\nE0110,2026年12月,新客户数,4\n";
    s_refused(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, noactual,
              "no column 'actual' (actual, 实际, 完成值, 实际值", &g, why);
    // A metric column under a name not read: the KPI file is refused naming it.
    const char *nometric = "员工编号,期间,项目,目标,实际\nE0110,2026年12月,新客户数,10,4\n";
    s_refused(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, nometric,
              "no column 'metric' (metric, kpi, 指标, 指标名称", &g, why);
    assert_non_null(strstr(why, "): KPI rows need it"));
    const char *nodeals = "employee_no,date,clients_followed\n123,2025-03-03,5\n";
    s_refused(HR__ANALYTICS__FEED_KIND__FEED_KIND_PERFORMANCE, nodeals,
              "no column 'deals_signed' (deals_signed, 签单数): daily sales", &g, why);

    // Training and leave as Chinese exports head them.
    const char *train =
        "员工编号,课程名称,培训日期,考试成绩,及格分\nE0110,安全培训,2026年12月3日,85,60\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, train, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 1);
    assert_string_equal(g.r[0].subject, "安全培训");
    assert_true(g.r[0].a == 85 && g.r[0].b == 60);
    const char *train2 = "工号,培训课程,考试日期,得分,合格线\nE0110,消防,2026-12-04,50,60\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, train2, &g, why),
                     HR_OK);
    assert_int_equal(g.nr, 1);
    assert_int_equal(g.r[0].day_from, an_days_from_civil(2026, 12, 4));
    const char *leave =
        "员工编号,起始日期,请假结束日期,请假类型\nE0110,2026-12-01,2026-12-03,病假\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, leave, &g, why), HR_OK);
    assert_int_equal(g.nr, 1);
    assert_int_equal(g.r[0].day_to, an_days_from_civil(2026, 12, 3));
    assert_string_equal(g.r[0].subject, "病假");
    const char *leave2 =
        "员工编号,请假开始日期,截止日期,假期类型\nE0110,2026-12-01,2026-12-02,年假\n";
    assert_int_equal(s_generic(HR__ANALYTICS__FEED_KIND__FEED_KIND_LEAVE, leave2, &g, why), HR_OK);
    assert_int_equal(g.nr, 1);
    assert_string_equal(g.r[0].subject, "年假");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generic_csv_reordered_header_extra_columns_and_broken_rows),
        cmocka_unit_test(test_generic_csv_without_header_or_with_duplicated_header_is_refused),
        cmocka_unit_test(test_generic_csv_with_date_and_time_columns_and_excel_serials),
        cmocka_unit_test(test_zkteco_usb_attlog_padded_pins_and_extended_variant),
        cmocka_unit_test(
            test_zkteco_usb_export_as_adms_and_adms_as_zkteco_are_refused_by_their_shape),
        cmocka_unit_test(test_zkteco_lines_without_a_tab_are_quarantined_not_dropped),
        cmocka_unit_test(test_adms_lines_take_state_from_the_third_column),
        cmocka_unit_test(test_dingtalk_json_ms_times_and_notsigned_rows_skipped),
        cmocka_unit_test(test_json_problems_cite_the_record_and_the_field),
        cmocka_unit_test(test_dingtalk_page_with_has_more_is_refused_alone),
        cmocka_unit_test(test_dingtalk_error_reply_names_errcode_and_errmsg),
        cmocka_unit_test(test_dingtalk_listrecord_invalid_records_are_not_punches),
        cmocka_unit_test(test_wecom_json_seconds_and_missing_punch_rows_skipped),
        cmocka_unit_test(test_dingtalk_slots_keep_the_vendors_schedule_result_and_approval),
        cmocka_unit_test(test_wecom_slots_keep_sch_checkin_time_and_exception_type),
        cmocka_unit_test(test_keyed_feeds_people_schedules_kpi_sales_training_surveys_leave),
        cmocka_unit_test(test_a_kpi_direction_is_read_in_every_common_spelling_and_no_other),
        cmocka_unit_test(test_attendance_headers_as_exports_write_them),
        cmocka_unit_test(test_values_out_of_range_are_refused_and_common_forms_read),
        cmocka_unit_test(test_chinese_headers_are_read_and_a_missing_column_refuses_the_file),
    };
    return cmocka_run_group_tests_name("unit.analytics.feeds", tests, NULL, NULL);
}
