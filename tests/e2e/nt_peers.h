/*  nt_peers - real peers for notify's end-to-end tests: the SMTP sink and the HTTP receiver
 *  (tests/support/smtp_sink.py, http_sink.py) run with Debian's /usr/bin/python3 on loopback.
 *
 *  A peer writes what it receives as JSON files in its directory; tests read them back with
 *  nt_peer_messages(). Failures are scripted by writing its control file.
 */
#ifndef NT_PEERS_H
#define NT_PEERS_H

#include "hr.h"

#include <jansson.h>
#include <sys/types.h>

#define NT_PEER_READY_MS 15000

typedef struct {
    pid_t pid; // the python process (its own process group)
    int port;  // where it listens on 127.0.0.1
    char *dir; // owned: where it writes what it received
} nt_peer_t;

// Starts tests/support/<script> DIR [--port PORT] [extra args...] (extra NULL-terminated, may
// be NULL) and waits for its "READY <port>" line. port 0 lets the peer choose. 0 or -1.
int nt_peer_start(nt_peer_t *p, const char *script, const char *dir, int port,
                  const char *const *extra);
// SIGTERM and wait (or SIGKILL when it will not go). Keeps dir.
void nt_peer_stop(nt_peer_t *p);
// Stops and frees dir.
void nt_peer_free(nt_peer_t *p);
// Writes the control file (see the scripts) with text, atomically.
int nt_peer_control(const nt_peer_t *p, const char *text);
// Number of *.json files received so far.
size_t nt_peer_count(const nt_peer_t *p);
// Every *.json file, in the order received, as a new JSON array (caller json_decref()s).
json_t *nt_peer_messages(const nt_peer_t *p);
// Waits until at least n messages were received or timeout_ms passed. Returns the count.
size_t nt_peer_wait(const nt_peer_t *p, size_t n, int timeout_ms);
// A string member of a received message (or of its "json" body), "" when absent.
const char *nt_peer_str(json_t *o, const char *key);
// Whether message m went to `to`: for the SMTP sink an address among its envelope's recipients
// (to and cc alike), for the HTTP receiver (sms true) the number its JSON body names.
bool nt_peer_went_to(json_t *m, bool sms, const char *to);
// The messages that went to `to` (nt_peer_went_to) whose subject (email) or template (sms)
// holds `what`, as a new JSON array, once there are `want` of them or timeout_ms passed.
json_t *nt_peer_wait_for(const nt_peer_t *p, bool sms, const char *to, const char *what,
                         size_t want, int timeout_ms);

#endif
