/*  ev_export - the routes that give a case's evidence to a third party (an arbitrator, a court)
 *  with what proves its integrity, and say what was lawfully shredded.
 *
 *  evidence.Deleted      a record shredded for retention: when, why, its `delete` audit entry
 *                        (the tombstone the sweep leaves), so a cross-check (`hrctl verify`) can
 *                        tell a lawful deletion from a record that went missing.
 *  It is for the custodians (hr, legal, operator as the directory gives them).
 */
#include "ev.h"

// Whether the caller is a custodian: as ev_handlers.c decides it (with a workflow peer, hr and
// legal only as the directory gives them; a directory that cannot be read makes nobody one).
static bool s_custodian(ev_server_t *self, hr_call_t *call)
{
    const Hr__Actor *a = hr_call_actor(call);
    bool directory = self->workflow != NULL;
    Hr__Evidence__Person *p = NULL;
    if (directory) {
        hr_rc_t rc = ev_store_person_get(hr_call_txn(call), a->user_id, hr_call_arena(call), &p);
        if (rc && rc != HR_ENOTFOUND)
            return false;
    }
    return ev_auth_is_custodian(a, p, directory);
}

static hr_rc_t s_refuse(hr_call_t *call, const char *what)
{
    return hr_call_fail(call, HR_EDENIED,
                        "actor: %s needs the hr, legal or operator role (hr and legal as the "
                        "workflow's directory gives them)",
                        what);
}

hr_rc_t ev_handle_deleted(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__DeletedRequest *req = hr_call_request(call);
    Hr__Evidence__DeletedReply *rep = hr_call_reply(call);
    if (!s_custodian(self, call))
        return s_refuse(call, "asking after a deleted record");
    if (!ev_id_is_valid(req->id))
        return hr_call_fail(call, HR_EINVAL, "id: not a SHA-256 hex id");
    hr_txn_t *txn = hr_call_txn(call);
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(txn, req->id, hr_call_arena(call), &e);
    if (rc == HR_OK) // stored (again: the same bytes uploaded after the shredding)
        return hr_call_fail(call, HR_ENOTFOUND, "id: the record is stored, not deleted");
    if (rc != HR_ENOTFOUND)
        return rc;
    rc = ev_store_tombstone_get(txn, req->id, hr_call_arena(call), &rep->tombstone);
    if (rc == HR_ENOTFOUND)
        return hr_call_fail(call, HR_ENOTFOUND, "id: no deletion of this record is recorded");
    return rc;
}
