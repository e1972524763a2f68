/*  test_hr_log - logfmt line shape, levels, one-line guarantee, the length cap, streams.
 *
 *  Includes the umbrella header hr.h, so this test also proves it compiles cleanly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "hr.h"
#include "hr_test.h"

// "ts=" + ISO time + " ": the prefix every line starts with.
#define TS_PREFIX_LEN (3 + HR_TIME_ISO_LEN - 1 + 1)

typedef struct {
    FILE *stream; // owned: tmpfile the log writes to
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->stream = tmpfile();
    hr_log_init("hr", HR_LOG_INFO);
    hr_log_set_stream(f->stream);
    *state = f;
    return f->stream ? 0 : -1;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_log_set_stream(NULL);
    hr_log_init("hr", HR_LOG_INFO);
    fclose(f->stream);
    hr_free(f);
    return 0;
}

// Returns an owned copy of everything written to the stream so far.
static char *s_output(FILE *stream)
{
    fflush(stream);
    long len = ftell(stream);
    assert_true(len >= 0);
    char *buf = hr_alloc((size_t)len + 1);
    rewind(stream);
    assert_int_equal(fread(buf, 1, (size_t)len, stream), (size_t)len);
    fseek(stream, 0, SEEK_END);
    return buf;
}

static size_t s_count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_line_has_time_level_service_event_and_fields(void **state)
{
    fixture_t *f = *state;
    hr_log_init("workflow", HR_LOG_INFO);
    hr_info("case.opened", "case=%s ms=%d", "01JN0000000000000000000000", 3);
    char *out = s_output(f->stream);
    assert_memory_equal(out, "ts=", 3);
    assert_int_equal(out[3 + 4], '-');
    assert_int_equal(out[3 + 10], 'T');
    assert_int_equal(out[TS_PREFIX_LEN - 2], 'Z');
    assert_string_equal(out + TS_PREFIX_LEN,
                        "lvl=info svc=workflow ev=case.opened case=01JN0000000000000000000000 "
                        "ms=3\n");
    hr_free(out);
}

static void test_empty_fields_leave_no_trailing_space(void **state)
{
    fixture_t *f = *state;
    hr_warn("daemon.started", "");
    char *out = s_output(f->stream);
    assert_string_equal(out + TS_PREFIX_LEN, "lvl=warn svc=hr ev=daemon.started\n");
    hr_free(out);
}

static void test_lines_below_the_level_are_dropped(void **state)
{
    fixture_t *f = *state;
    hr_log_init("notify", HR_LOG_WARN);
    hr_debug("x.debug", "n=%d", 1);
    hr_info("x.info", "n=%d", 2);
    hr_warn("x.warn", "n=%d", 3);
    hr_error("x.error", "n=%d", 4);
    char *out = s_output(f->stream);
    assert_int_equal(s_count_lines(out), 2);
    assert_null(strstr(out, "ev=x.info"));
    assert_non_null(strstr(out, "lvl=warn svc=notify ev=x.warn n=3\n"));
    assert_non_null(strstr(out, "lvl=error svc=notify ev=x.error n=4\n"));
    hr_free(out);
}

static void test_debug_lines_appear_at_debug_level(void **state)
{
    fixture_t *f = *state;
    hr_log_init("gateway", HR_LOG_DEBUG);
    hr_debug("frame.dropped", "reason=%s", "tag");
    char *out = s_output(f->stream);
    assert_non_null(strstr(out, "lvl=debug svc=gateway ev=frame.dropped reason=tag\n"));
    hr_free(out);
}

static void test_newlines_in_fields_become_spaces(void **state)
{
    fixture_t *f = *state;
    hr_error("store.failed", "err=%s", "line one\nline two\r\nthree");
    char *out = s_output(f->stream);
    assert_int_equal(s_count_lines(out), 1);
    assert_non_null(strstr(out, "err=line one line two  three\n"));
    hr_free(out);
}

static void test_long_lines_are_capped_with_a_marker(void **state)
{
    fixture_t *f = *state;
    char *big = hr_alloc(3 * HR_LOG_LINE_MAX);
    memset(big, 'a', 3 * HR_LOG_LINE_MAX - 1);
    hr_info("big.line", "data=%s", big);
    hr_free(big);
    char *out = s_output(f->stream);
    size_t len = strlen(out);
    assert_int_equal(len, HR_LOG_LINE_MAX);
    assert_string_equal(out + len - 4, "...\n");
    assert_int_equal(s_count_lines(out), 1);
    hr_free(out);
}

static void test_long_event_name_is_capped_too(void **state)
{
    fixture_t *f = *state;
    char *ev = hr_alloc(2 * HR_LOG_LINE_MAX);
    memset(ev, 'e', 2 * HR_LOG_LINE_MAX - 1);
    hr_info(ev, "k=%d", 1);
    hr_free(ev);
    char *out = s_output(f->stream);
    assert_int_equal(strlen(out), HR_LOG_LINE_MAX);
    assert_string_equal(out + HR_LOG_LINE_MAX - 4, "...\n");
    hr_free(out);
}

static void test_service_name_is_cut_to_its_maximum(void **state)
{
    fixture_t *f = *state;
    hr_log_init("a-service-name-that-is-far-too-long-to-keep", HR_LOG_INFO);
    hr_info("svc.named", "");
    char *out = s_output(f->stream);
    assert_non_null(strstr(out, " svc=a-service-name-that-is-far-too- ev=svc.named\n"));
    hr_free(out);
}

static void test_level_names_parse_and_junk_is_rejected(void **state)
{
    HR_UNUSED(state);
    hr_log_level_t level = HR_LOG_ERROR;
    assert_true(hr_log_level_parse("debug", &level));
    assert_int_equal(level, HR_LOG_DEBUG);
    assert_true(hr_log_level_parse("info", &level));
    assert_int_equal(level, HR_LOG_INFO);
    assert_true(hr_log_level_parse("warn", &level));
    assert_int_equal(level, HR_LOG_WARN);
    assert_true(hr_log_level_parse("error", &level));
    assert_int_equal(level, HR_LOG_ERROR);
    assert_false(hr_log_level_parse("INFO", &level));
    assert_false(hr_log_level_parse("warning", &level));
    assert_false(hr_log_level_parse("", &level));
    assert_false(hr_log_level_parse(NULL, &level));
    assert_int_equal(level, HR_LOG_ERROR);
    assert_string_equal(hr_log_level_name(HR_LOG_WARN), "warn");
    assert_string_equal(hr_log_level_name((hr_log_level_t)42), "unknown");
}

static void test_stream_without_descriptor_gets_whole_lines(void **state)
{
    HR_UNUSED(state);
    char mem[256] = {0};
    FILE *stream = fmemopen(mem, sizeof mem, "w");
    assert_non_null(stream);
    hr_log_set_stream(stream);
    hr_info("mem.line", "k=%s", "v");
    fclose(stream);
    assert_non_null(strstr(mem, "lvl=info svc=hr ev=mem.line k=v\n"));
}

static void test_null_stream_restores_stderr(void **state)
{
    HR_UNUSED(state);
    FILE *capture = tmpfile();
    assert_non_null(capture);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(capture), STDERR_FILENO) >= 0);
    hr_log_set_stream(NULL);
    hr_info("to.stderr", "k=%d", 7);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    char *out = s_output(capture);
    fclose(capture);
    assert_non_null(strstr(out, "ev=to.stderr k=7\n"));
    hr_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_line_has_time_level_service_event_and_fields, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_empty_fields_leave_no_trailing_space, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_lines_below_the_level_are_dropped, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_debug_lines_appear_at_debug_level, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_newlines_in_fields_become_spaces, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_long_lines_are_capped_with_a_marker, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_long_event_name_is_capped_too, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_service_name_is_cut_to_its_maximum, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_level_names_parse_and_junk_is_rejected),
        cmocka_unit_test_setup_teardown(test_stream_without_descriptor_gets_whole_lines, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_null_stream_restores_stderr, s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.common.log", tests, NULL, NULL);
}
