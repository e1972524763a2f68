/*  hr_daemon - the same main() for every service: arguments, config, logging, the store, the
 *  ROUTER, signals, the single-instance lock, readiness, the loop and the sys routes.
 *
 *  A service describes itself in an hr_service_t and calls hr_daemon_main(); its main.c stays a
 *  few lines. Command line:
 *
 *      hr-<service> --config FILE [--ready-fd N] [--test-hooks]
 *
 *  Config keys read here (env overrides HR_<SECTION>_<KEY>):
 *      bus/endpoint        ROUTER endpoint (required)
 *      store/dir           LMDB directory (required), also holds daemon.lock
 *      store/mapsize_mb    initial map size, default 1024
 *      store/mapsize_max_mb growth limit, default 65536
 *      log/level           debug | info | warn | error (default info)
 *      peers/<name>        endpoint of a peer; default: bus/endpoint of <config dir>/<name>.cfg
 */
#ifndef HR_DAEMON_H
#define HR_DAEMON_H

#include "hr_base.h"
#include "hr_clock.h"
#include "hr_config.h"
#include "hr_server.h"
#include "hr_store.h"
#include "hr_timers.h"
#include "sys.pb-c.h"

#define HR_DAEMON_TICK_MS 1000 // the service tick (deadlines, relay, sweeps)
#define HR_DAEMON_PRUNE_EVERY_MS (60 * HR_SECOND_MS)
#define HR_DAEMON_MAX_READERS 16
#define HR_PING_PAYLOAD_MAX 1024
#define HR_BACKUP_DIR_MAX 1024 // bytes of sys.Backup's dir

typedef struct hr_daemon hr_daemon_t;

// Called when a socket registered with hr_daemon_add_reader() is readable.
typedef void(hr_reader_fn)(void *arg, zsock_t *sock);

typedef struct {
    const char *name;                   // "workflow": log svc, status, binary hr-<name>
    const hr_route_t *routes;           // the service's route table, NULL-terminated (may be NULL)
    const char *const *dbs;             // the service's own LMDB dbs, NULL-terminated (may be NULL)
    uint32_t schema_version;            // >= 1
    hr_migration_fn *const *migrations; // see hr_store_opts_t
    // After the store and the ROUTER are up, before READY. Non-zero stops the daemon.
    hr_rc_t (*start)(void *self, hr_daemon_t *daemon);
    // On the way down, before the store closes.
    void (*stop)(void *self);
    // Every HR_DAEMON_TICK_MS.
    void (*tick)(void *self);
    // Adds the service's lines to sys.Status (strings in arena).
    void (*status)(void *self, Hr__Sys__StatusReply *reply, hr_arena_t *arena);
    // Optional, after status: lines read from the store in the request's read transaction.
    void (*status_store)(void *self, hr_txn_t *txn, Hr__Sys__StatusReply *reply, hr_arena_t *arena);
    // After sys.Backup copied the store: what else the backup needs (reply->extra, in arena).
    void (*backup)(void *self, Hr__Sys__BackupReply *reply, hr_arena_t *arena);
} hr_service_t;

// Runs the daemon until SIGTERM/SIGINT. SIGHUP does not stop it and reloads nothing: it is
// logged (daemon.sighup, warn) with what to do instead - restart. Returns the process exit code: 0
// after a clean stop, 1 when it could not start (the reason is on stderr), 2 for bad arguments.
int hr_daemon_main(const hr_service_t *service, void *self, int argc, char **argv);

// For a service's start(): the daemon's parts, all borrowed.
hr_config_t *hr_daemon_config(hr_daemon_t *daemon);
hr_clock_t *hr_daemon_clock(hr_daemon_t *daemon);
hr_store_t *hr_daemon_store(hr_daemon_t *daemon);
hr_server_t *hr_daemon_server(hr_daemon_t *daemon);
hr_timers_t *hr_daemon_timers(hr_daemon_t *daemon);
bool hr_daemon_test_hooks(const hr_daemon_t *daemon);
// Polls sock in the loop and calls fn when it is readable. sock is borrowed.
void hr_daemon_add_reader(hr_daemon_t *daemon, zsock_t *sock, hr_reader_fn *fn, void *arg);
// Adds another route table (e.g. hr_events' EventsSince) handled with self.
void hr_daemon_add_routes(hr_daemon_t *daemon, const hr_route_t *routes, void *self);
// The endpoint of peer `name`: peers/<name>, else bus/endpoint in <config dir>/<name>.cfg.
// Owned string, or NULL with an owned *err_out.
char *hr_daemon_peer_endpoint(hr_daemon_t *daemon, const char *name, char **err_out);

#endif
