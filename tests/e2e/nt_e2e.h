/*  nt_e2e - what notify's end-to-end tests share: sending through notify.Send, reading
 *  notify.Log, waiting for delivery states.
 */
#ifndef NT_E2E_H
#define NT_E2E_H

#include "harness.h"
#include "nt_peers.h"
#include "notify.pb-c.h"

typedef struct {
    const char *name;   // display name
    const char *email;  // address
    const char *mobile; // number
    const char *im;     // IM id (used for wecom, dingtalk and feishu)
} nt_who_t;

// Sends template (lang) to to[n_to] with cc[n_cc] on the channels (n_ch, may be 0) and the
// variables kv (alternating key, value, NULL-terminated). Returns the send id (arena) or NULL.
char *nt_e2e_send(e2e_t *c, hr_arena_t *arena, const nt_who_t *to, size_t n_to, const nt_who_t *cc,
                  size_t n_cc, const Hr__Notify__Channel *ch, size_t n_ch, const char *tmpl,
                  const char *lang, const char *const *kv);
// Sends template in English by email to one person with the supersede_key key ("" or NULL: none).
char *nt_e2e_send_keyed(e2e_t *c, hr_arena_t *arena, const nt_who_t *to, const char *tmpl,
                        const char *key, const char *const *kv);
// notify.Log for one send (NULL: all), newest first. NULL on error.
Hr__Notify__LogReply *nt_e2e_log(e2e_t *c, hr_arena_t *arena, const char *send_id, size_t limit);
// Waits until every delivery of send_id is in state (and at least min_attempts tried).
// Returns the last log read, or NULL after timeout_ms.
Hr__Notify__LogReply *nt_e2e_wait(e2e_t *c, hr_arena_t *arena, const char *send_id,
                                  Hr__Notify__DeliveryState state, uint32_t min_attempts,
                                  int timeout_ms);
// sys.Status's last_event_seq, or -1.
int64_t nt_e2e_last_event_seq(e2e_t *c, hr_arena_t *arena);
// The SMTP sink and the HTTP receiver started in c's test directory (smtp/, http/), and
// hr-notify configured (not started) to send email through the one (from hr@example.com) and SMS
// through the other (a generic webhook). 0, or -1 when a peer did not start.
int nt_e2e_peers(e2e_t *c, nt_peer_t *smtp, nt_peer_t *http);

#endif
