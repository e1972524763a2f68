/*  hr_log - logfmt lines, one write(2) each.
 *
 *  The service name, the minimum level and the output stream are the only process-wide mutable
 *  state in hr_common besides czmq's signal flag (STYLE.md 7.8 allows nothing else). They are
 *  global on purpose: logging is called from every layer, including pure helpers and error paths
 *  that have no self to carry a logger, and threading a logger through every signature would
 *  buy nothing - a process is one service with one log. They are set once in main() before any
 *  actor thread starts and only read afterwards, so no locking is needed.
 *
 *  Each line is built in a fixed stack buffer (HR_LOG_LINE_MAX, truncated with "...") and
 *  written with one write(2): with O_APPEND or a pipe that keeps lines from several daemons
 *  whole. Streams without a descriptor (fmemopen in tests) fall back to fwrite + fflush.
 */
#include "hr_log.h"
#include "hr_clock.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HR_LOG_NS_PER_MS 1000000
#define HR_LOG_TRUNC_MARK "..."
#define HR_LOG_TRUNC_MARK_LEN (sizeof(HR_LOG_TRUNC_MARK) - 1)

static char s_service[HR_LOG_SERVICE_MAX + 1] = "hr";
static hr_log_level_t s_level = HR_LOG_INFO;
static FILE *s_stream = NULL; // borrowed; NULL means stderr

static const char *const s_level_names[] = {"debug", "info", "warn", "error"};

void hr_log_init(const char *service, hr_log_level_t level)
{
    assert(level >= HR_LOG_DEBUG && level <= HR_LOG_ERROR);
    if (service)
        snprintf(s_service, sizeof s_service, "%s", service);
    s_level = level;
}

bool hr_log_level_parse(const char *s, hr_log_level_t *out)
{
    assert(out);
    if (!s)
        return false;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_level_names); i++) {
        if (!strcmp(s, s_level_names[i])) {
            *out = (hr_log_level_t)i;
            return true;
        }
    }
    return false;
}

const char *hr_log_level_name(hr_log_level_t level)
{
    if ((int)level < 0 || (size_t)level >= HR_ARRAY_LEN(s_level_names))
        return "unknown";
    return s_level_names[level];
}

void hr_log_set_stream(FILE *f)
{
    s_stream = f;
}

static void s_write_all(FILE *f, const char *buf, size_t len)
{
    int fd = fileno(f);
    if (fd < 0) {
        fwrite(buf, 1, len, f);
        fflush(f);
        return;
    }
    fflush(f); // anything the process wrote with stdio goes first
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // nowhere to report a failing log; drop the line
        buf += n;
        len -= (size_t)n;
    }
}

void hr_log(hr_log_level_t level, const char *event, const char *fmt, ...)
{
    assert(fmt);
    if (level < s_level)
        return;

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char iso[HR_TIME_ISO_LEN];
    hr_time_iso((int64_t)ts.tv_sec * HR_SECOND_MS + ts.tv_nsec / HR_LOG_NS_PER_MS, iso);

    char line[HR_LOG_LINE_MAX];
    size_t cap = sizeof line - 1; // room for the newline
    int n = snprintf(line, cap + 1, "ts=%s lvl=%s svc=%s ev=%s", iso, hr_log_level_name(level),
                     s_service, event ? event : "-");
    size_t len = n < 0 ? 0 : (size_t)n;
    bool truncated = len > cap;
    if (truncated)
        len = cap;

    if (*fmt && len + 1 >= cap) {
        truncated = true; // no room for the tail at all
    } else if (*fmt) {
        line[len++] = ' ';
        size_t tail_start = len;
        va_list ap;
        va_start(ap, fmt);
        n = vsnprintf(line + len, cap + 1 - len, fmt, ap);
        va_end(ap);
        if (n > 0) {
            truncated = (size_t)n > cap - len;
            len = truncated ? cap : len + (size_t)n;
        }
        for (size_t i = tail_start; i < len; i++) {
            if (line[i] == '\n' || line[i] == '\r')
                line[i] = ' ';
        }
    }
    if (truncated)
        memcpy(line + cap - HR_LOG_TRUNC_MARK_LEN, HR_LOG_TRUNC_MARK, HR_LOG_TRUNC_MARK_LEN);
    line[len++] = '\n';
    s_write_all(s_stream ? s_stream : stderr, line, len);
}
