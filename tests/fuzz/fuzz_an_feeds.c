/*  fuzz_an_feeds - hr-analytics' feed parsers on arbitrary bytes: encoding detection, the CSV
 *  reader, every feed kind and attendance format (the first byte chooses), ids and dates.
 *
 *  Whatever the input: a clean refusal with a reason, or records whose punches lie inside a day
 *  and whose every reported line lies inside the text; nothing crashes, leaks or reads past the
 *  input.
 */
#include "fuzz.h"
#include "an.h"

#include <assert.h>
#include <string.h>

typedef struct {
    uint32_t lines; // physical lines in the text (+1)
    size_t len;     // bytes in the text
    uint32_t punches, rows, bad;
} s_ctx_t;

static hr_rc_t s_punch(void *arg, const an_punch_t *p)
{
    s_ctx_t *c = arg;
    assert(p->sec >= 0 && p->sec < 86400);
    assert(p->pin[0] && strlen(p->pin) <= AN_ID_MAX);
    assert(p->offset <= c->len);
    c->punches++;
    return HR_OK;
}

static hr_rc_t s_row(void *arg, const an_row_t *r)
{
    s_ctx_t *c = arg;
    assert(r->line >= 1 && r->line <= c->lines);
    assert(r->offset <= c->len);
    assert(strlen(r->employee_no) <= AN_ID_MAX);
    c->rows++;
    return HR_OK;
}

static hr_rc_t s_bad(void *arg, uint32_t line, uint64_t offset, const char *raw, size_t raw_len,
                     const char *why)
{
    s_ctx_t *c = arg;
    HR_UNUSED(offset);
    assert(why && *why);
    assert(raw || !raw_len);
    if (raw_len)
        assert(raw[raw_len - 1] || !raw[raw_len - 1]); // readable: ASan checks the bounds
    c->bad++;
    (void)line;
    return HR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {"generic", "zkteco", "adms", "dingtalk", "wecom"};
    if (!size)
        return 0;
    uint8_t sel = data[0];
    data++;
    size--;
    Hr__Analytics__FeedKind kind = (Hr__Analytics__FeedKind)(1 + sel % 7);
    const char *format = kind == HR__ANALYTICS__FEED_KIND__FEED_KIND_ATTENDANCE
                             ? formats[(sel / 7) % HR_ARRAY_LEN(formats)]
                             : "generic";
    const char *text = NULL;
    size_t len = 0;
    bool owned = false;
    an_enc_t enc;
    char why[256] = "";
    size_t damaged = 0;
    if (an_text_decode((const char *)data, size, an_format_is_lines(kind, format), &text, &len,
                       &owned, &enc, &damaged, why, sizeof why)) {
        assert(why[0]);
        return 0;
    }
    s_ctx_t c = {.lines = 1, .len = len};
    for (size_t i = 0; i < len; i++)
        c.lines += text[i] == '\n' || text[i] == '\r';
    an_sink_t sink = {.arg = &c, .punch = s_punch, .row = s_row, .bad = s_bad};
    an_parse_opts_t opts = {.tz_offset_min = 480,
                            .bad_utf8 = damaged > 0,
                            .text_at = owned ? 0 : (size_t)(text - (const char *)data)};
    hr_rc_t rc = an_feed_parse(kind, format, text, len, &opts, &sink, why, sizeof why);
    if (rc)
        assert(why[0]);
    else
        assert(c.punches + c.rows + c.bad <= sink.records + 1);
    if (owned) {
        char *t = (char *)text;
        hr_free(t);
    }
    return 0;
}
