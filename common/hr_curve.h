/*  hr_curve - CURVE on every tcp:// socket of the bus (DESIGN.md 7, reliability P18).
 *
 *  Off until hr_curve_init(): then every socket this process binds or connects on a tcp://
 *  endpoint is encrypted and authenticated; ipc:// sockets are left as they are (a directory
 *  only the service user opens guards them). Key directory layout (hrctl keys DIR makes it):
 *
 *      DIR/<name>.key          a party's certificate with its secret key (0600): each daemon by
 *                              its service name, and "hrctl" for the operators' tool
 *      DIR/public/<name>.pub   every enrolled party's public certificate
 *
 *  A server (ROUTER, PUB) accepts a client only if the client's public key is in DIR/public
 *  (czmq's zauth, ZAP domain "hr"): an unknown key, the NULL mechanism, or garbage on the port
 *  get nothing. A client (DEALER, SUB) knows the server it connects to by name (registered with
 *  hr_curve_peer() when the endpoint is resolved) and checks that server's public key.
 *  Process-wide state, set up once on the daemon's thread before any socket is made.
 */
#ifndef HR_CURVE_H
#define HR_CURVE_H

#include "hr_base.h"

#include <czmq.h>

#define HR_CURVE_DOMAIN "hr"  // ZAP domain of the bus
#define HR_CURVE_PEERS_MAX 32 // endpoints registered with hr_curve_peer
#define HR_CURVE_NAME_MAX 32  // longest party name

// Turns CURVE on for this process as `self` (its DIR/<self>.key); serve: also starts the ZAP
// handler that admits only DIR/public. HR_OK, or HR_EINVAL / HR_ENOTFOUND with an owned
// *err_out naming the file. Calling it again with the same dir and self is a no-op.
hr_rc_t hr_curve_init(const char *dir, const char *self, bool serve, char **err_out);
// Stops the ZAP handler and forgets the keys (before the ZeroMQ context goes).
void hr_curve_shutdown(void);
bool hr_curve_enabled(void);
// Records that `name` (a daemon's service name) listens at endpoint, so a client connecting
// there checks name's key.
void hr_curve_peer(const char *endpoint, const char *name);
// Before bind: a CURVE server when CURVE is on and endpoint is tcp://. 0, or -1 with an owned
// *err_out.
int hr_curve_server(zsock_t *sock, const char *endpoint, char **err_out);
// Before connect: a CURVE client of the registered peer when CURVE is on and endpoint is
// tcp://. 0, or -1 with an owned *err_out (no peer known there, or its key missing).
int hr_curve_client(zsock_t *sock, const char *endpoint, char **err_out);
// Writes a new key directory for the names (NULL-terminated): DIR/<name>.key (0600) and
// DIR/public/<name>.pub each; refuses (HR_ECONFLICT) when any of them exists. *err_out owned.
hr_rc_t hr_curve_make_keys(const char *dir, const char *const *names, char **err_out);

#endif
