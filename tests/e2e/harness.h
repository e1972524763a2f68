/*  harness - end-to-end tests against the real daemon binaries over real sockets.
 *
 *  e2e_new() makes /tmp/hr-e2e-XXXXXX (short: ipc:// paths must stay under ~100 bytes) with
 *  config/, run/, data/ and log/ inside. e2e_start() writes each daemon's config with an ipc://
 *  endpoint in run/, starts it in its own process group with --ready-fd and --test-hooks and
 *  waits for its READY line. e2e_stop() sends SIGTERM, waits, and fails the test on a non-zero
 *  exit or a sanitizer report in a log; every daemon's log is printed when a test failed. An
 *  atexit hook kills process groups left behind by a test that aborted.
 */
#ifndef E2E_HARNESS_H
#define E2E_HARNESS_H

#include "hr.h"

#include <sys/types.h>

#define E2E_MAX_DAEMONS 8
#define E2E_READY_TIMEOUT_MS 20000
#define E2E_STOP_TIMEOUT_MS 10000
#define E2E_MAX_KEYS 64

typedef struct e2e e2e_t;

// The six daemons of the system, NULL-terminated.
extern const char *const e2e_all_services[];

// A fresh test directory. name tags the directory and the log lines.
e2e_t *e2e_new(const char *name);
// Sets a config key ("section/key") for a daemon before it starts (or restarts).
void e2e_config(e2e_t *c, const char *service, const char *path, const char *value);
// Takes back a key e2e_config set (a default a helper gave), before the daemon starts or
// restarts; nothing when it was not set.
void e2e_config_unset(e2e_t *c, const char *service, const char *path);
// Writes the config and starts one daemon (binary hr-<service>, or `binary` when not NULL,
// resolved in build/bin or build/tests); waits for READY. Returns 0, or -1 with the log printed.
int e2e_start_one(e2e_t *c, const char *service, const char *binary);
// Starts every name in services (NULL-terminated). 0 or -1.
int e2e_start(e2e_t *c, const char *const *services);
// Sends sig to a daemon's process group; for SIGKILL also reaps it.
void e2e_kill(e2e_t *c, const char *service, int sig);
// Stops one daemon with SIGTERM and waits for it: 0 after a clean exit, else -1.
int e2e_stop_one(e2e_t *c, const char *service);
// Starts a daemon again after e2e_kill or e2e_stop_one, with the same config. 0 or -1.
int e2e_restart(e2e_t *c, const char *service);
// Moves every running daemon's clock by ms (sys.ClockSet; offsets accumulate and are re-applied
// on restart).
int e2e_clock_advance(e2e_t *c, int64_t ms);
// Before the daemons start: their clocks will read at_ms now (and run on from it), whatever
// the real date - for tests written against dates on the company calendar.
void e2e_clock_pin(e2e_t *c, int64_t at_ms);
// Calls type on a daemon (2 s per attempt, 2 retries) as the operator; see hr_client_call.
hr_rc_t e2e_call(e2e_t *c, const char *service, const char *type, const ProtobufCMessage *req,
                 const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena, hr_result_t *res);
// The value of service's sys.Status line "<key>=VALUE" (arena), NULL when it has none; fails the
// test when the daemon does not answer.
const char *e2e_status_extra(e2e_t *c, const char *service, const char *key, hr_arena_t *arena);
// The test directory, its config directory, and one daemon's endpoint (borrowed).
const char *e2e_dir(const e2e_t *c);
const char *e2e_config_dir(const e2e_t *c);
const char *e2e_endpoint(e2e_t *c, const char *service);
// Binds a daemon at endpoint (tcp://...) instead of its ipc:// path; before it starts.
void e2e_set_endpoint(e2e_t *c, const char *service, const char *endpoint);
pid_t e2e_pid(e2e_t *c, const char *service);
// Runs argv (argv[0] a path) with stdout and stderr captured into owned strings; returns the
// exit status (or -1). Used for hrctl and for a second daemon instance.
int e2e_run(char *const argv[], char **out, char **err);
// Runs build/bin/hrctl with args (NULL-terminated, at most 20) and this test's --config-dir;
// stdout and stderr into owned strings. The exit status.
int e2e_hrctl(e2e_t *c, char **out, char **err, const char *const *args);
// Marks the test failed (logs are printed at stop).
void e2e_fail(e2e_t *c);
// Stops every daemon with SIGTERM and checks clean exits and clean logs. Returns 0, or -1 when
// a daemon exited badly or a log holds a sanitizer report. Frees *c_p.
int e2e_stop(e2e_t **c_p);

#endif
