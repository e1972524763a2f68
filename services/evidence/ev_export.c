/*  ev_export - the routes that give a case's evidence to a third party (an arbitrator, a court)
 *  with what proves its integrity, and say what was lawfully shredded.
 *
 *  evidence.Deleted      a record shredded for retention: when, why, its `delete` audit entry
 *                        (the tombstone the sweep leaves), so a cross-check (`hrctl verify`) can
 *                        tell a lawful deletion from a record that went missing.
 *  evidence.Export       the case's records untrimmed, each signature with exactly the bytes
 *                        signed; one `export` audit entry naming the case.
 *  evidence.AuditExtract the audit entries naming the case, or one of its records and no case,
 *                        paged (never an entry naming another case); with stubs, every other
 *                        entry too, as seq, prev_hash and hash alone, so the extract is one
 *                        unbroken chain (a line removed from it breaks a link). A get, stat or sign
 * names the case the reader worked on, none when that is open (ev_handlers).
 *
 *  evidence.SignExport  the service key's signature of an export's manifest digest, audited
 *                        as one `export_signed` entry (ev_service_key_start makes the key).
 *  evidence.ServiceKey   the service key's public half and fingerprint, for anyone.
 *
 *  All but ServiceKey are for the custodians (hr, legal, operator as the directory gives them);
 *  the audit extract also for a case's employee once told of it: the reads naming their case, of
 *  the records they read (s_employee_sees) - who read their records, not what else was done.
 */
#include "ev.h"

#define EV_EXTRACT_MAX 1000  // entries in one AuditExtract reply
#define EV_EXTRACT_SCAN 4096 // audit entries one AuditExtract call looks at
#define EV_MSG_CASE_MAX 64   // bytes of a caller's case id quoted back

const char *ev_sig_disposition(const Hr__Evidence__Signature *s)
{
    return EV_SIG_DECLINED(s) ? "declined" : "acknowledged";
}

const char *ev_sig_entered(const Hr__Evidence__Signature *s, hr_arena_t *arena)
{
    if (!*s->entered_via && !*s->client_user && !*s->client_host)
        return "how it was entered was not recorded (a signature older than that record, or a "
               "client that did not say); the signer's identity is not authenticated by "
               "hr-evidence";
    return hr_arena_fmt(arena,
                        "entered via %s, claimed by the client: OS user %s on host %s; the "
                        "signer's identity is not authenticated by hr-evidence",
                        *s->entered_via ? s->entered_via : "(not said)",
                        *s->client_user ? s->client_user : "(not said)",
                        *s->client_host ? s->client_host : "(not said)");
}

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

// Whether the caller is the employee of case_id (ev_case_concerns): whatever roles they hold,
// they do not export their own case (they read what their case gives them, through
// evidence.List and evidence.Get), and its audit extract shows them its reads alone.
static bool s_concerned(hr_call_t *call, const char *case_id)
{
    const char *user = hr_call_actor(call)->user_id;
    char *ids[] = {(char *)case_id};
    return ev_case_concerns(hr_call_txn(call), hr_call_arena(call), ids, 1, user);
}

static hr_rc_t s_refuse_own(hr_call_t *call, const char *what)
{
    const char *user = hr_call_actor(call)->user_id;
    hr_warn("evidence.export_denied", "user=%s", user ? user : "");
    return hr_call_fail(call, HR_EDENIED, "actor: %s of a case is not for its own employee", what);
}

static hr_rc_t s_check_case(hr_call_t *call, const char *case_id)
{
    if (!hr_id_is_valid(case_id))
        return hr_call_fail(call, HR_EINVAL, "case_id: '%.*s' is not a case id", EV_MSG_CASE_MAX,
                            case_id ? case_id : "");
    return HR_OK;
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

typedef struct {
    ev_server_t *self;              // borrowed
    hr_call_t *call;                // borrowed
    Hr__Evidence__ExportReply *rep; // borrowed: filled
    const char *case_id;            // the case exported
} s_export_ctx_t;

static hr_rc_t s_export_one(void *arg, const char *id)
{
    s_export_ctx_t *ctx = arg;
    hr_txn_t *txn = hr_call_txn(ctx->call);
    hr_arena_t *arena = hr_call_arena(ctx->call);
    Hr__Evidence__Evidence *e = NULL;
    hr_rc_t rc = ev_store_evidence_get(txn, id, arena, &e);
    if (rc == HR_ENOTFOUND)
        return HR_OK; // an index row without a record: the record is what counts
    if (rc)
        return rc;
    for (size_t i = 0; i < e->n_signatures; i++) {
        Hr__Evidence__Signature *s = e->signatures[i];
        s->valid = ev_sign_verify(s->public_key.data, s->public_key.len, s->signature.data,
                                  s->signature.len, e->id, s->signer, s->signed_ms, s->statement,
                                  EV_SIG_DECLINED(s));
        unsigned char *enc = NULL;
        size_t len = ev_sign_encoding(e->id, s->signer, s->signed_ms, s->statement,
                                      EV_SIG_DECLINED(s), arena, &enc);
        unsigned char *msg = hr_arena_alloc(arena, EV_HASH_BYTES);
        crypto_generichash(msg, EV_HASH_BYTES, enc, len, NULL, 0);
        s->signed_encoding.data = enc;
        s->signed_encoding.len = len;
        s->signed_message.data = msg;
        s->signed_message.len = EV_HASH_BYTES;
    }
    e->case_held = ev_cases_hold(txn, e, arena);
    // The bundle goes to a third party: of the cases the same content is under, it names only
    // the one exported (the store is not touched).
    e->case_ids = hr_arena_alloc(arena, sizeof *e->case_ids);
    e->case_ids[0] = (char *)ctx->case_id;
    e->n_case_ids = 1;
    ev_cases_void(txn, e, arena); // a notice or certificate of this case, rescinded: void
    ctx->rep->evidence[ctx->rep->n_evidence++] = e;
    return HR_OK;
}

// What the after-commit hook needs: the chain head moves in the server once the entry is in.
typedef struct {
    ev_server_t *self; // borrowed
    ev_head_t head;    // the head after the export's entry
} s_moved_t;

static void s_head_after_commit(void *arg, hr_call_t *call)
{
    HR_UNUSED(call);
    s_moved_t *m = arg;
    m->self->head = m->head;
}

hr_rc_t ev_handle_export(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__ExportRequest *req = hr_call_request(call);
    Hr__Evidence__ExportReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    if (!s_custodian(self, call))
        return s_refuse(call, "an export");
    if (s_check_case(call, req->case_id))
        return HR_EINVAL;
    if (s_concerned(call, req->case_id))
        return s_refuse_own(call, "an export");
    // "<seq>:<64 hex digits>" or "": it goes into the audit entry's detail as given.
    size_t hl = strlen(req->case_journal_head);
    if (hl && (hl > 21 + 64 || strspn(req->case_journal_head, "0123456789abcdef:") != hl ||
               !strchr(req->case_journal_head, ':')))
        return hr_call_fail(call, HR_EINVAL, "case_journal_head: not <seq>:<hex hash>");
    rep->evidence = hr_arena_alloc(arena, EV_LIST_MAX * sizeof(void *));
    s_export_ctx_t ctx = {self, call, rep, req->case_id};
    bool more = false;
    hr_rc_t rc = ev_store_case_each(txn, req->case_id, EV_LIST_MAX, s_export_one, &ctx, &more);
    if (rc)
        return rc;
    rep->truncated = more;
    Hr__Evidence__CaseInfo *c = NULL;
    rc = ev_store_case_get(txn, req->case_id, arena, &c);
    if (rc && rc != HR_ENOTFOUND)
        return rc;
    rep->case_info = rc ? NULL : c;
    if (!rep->n_evidence && !rep->case_info)
        return hr_call_fail(call, HR_ENOTFOUND, "case_id: no evidence under case %s", req->case_id);
    s_moved_t *moved = hr_arena_alloc(arena, sizeof *moved);
    moved->self = self;
    ev_head_t *head = &moved->head;
    const Hr__Actor *actor = hr_call_actor(call);
    ev_audit_t a = {.actor = actor->user_id ? actor->user_id : "",
                    .action = "export",
                    .case_id = req->case_id,
                    .detail = hr_arena_fmt(arena, "records=%zu%s%s%s", rep->n_evidence,
                                           more ? " (more not exported)" : "",
                                           *req->case_journal_head ? " case_journal_head=" : "",
                                           req->case_journal_head)};
    int64_t now_ms = hr_call_now_ms(call);
    rc = ev_store_audit(txn, now_ms, &a, head);
    if (rc)
        return rc;
    hr_call_after_commit(call, s_head_after_commit, moved);
    char hex[2 * EV_HASH_BYTES + 1];
    ev_hex(head->hash, EV_HASH_BYTES, hex);
    rep->export_seq = head->seq;
    rep->export_ms = now_ms;
    rep->chain_head = hr_arena_fmt(arena, "%llu:%s", (unsigned long long)head->seq, hex);
    hr_info("evidence.export", "case=%s records=%zu seq=%llu", req->case_id, rep->n_evidence,
            (unsigned long long)head->seq);
    return HR_OK;
}

typedef struct {
    char (*ids)[EV_ID_HEX + 1];           // the case's records, sorted
    size_t nids;                          // used
    const char *case_id;                  // the case
    Hr__Evidence__AuditExtractReply *rep; // borrowed: filled
    size_t max;                           // entries to return at most
    uint64_t stopped_at;                  // the entry that did not fit (0: none)
    ev_server_t *self;                    // borrowed
    hr_call_t *call;                      // borrowed
    const Hr__Evidence__CaseInfo *info;   // borrowed: the case's row, NULL when none
    bool employee;                        // the case's employee asks: their reads view
    bool stubs;                           // every other entry as a stub (seq and hashes)
    hr_arena_t *arena;                    // the call's: the stubs
} s_extract_ctx_t;

// Whether an audit action is a read of a case's evidence: what its employee is shown.
static bool s_is_read(const char *action)
{
    return !strcmp(action, "get") || !strcmp(action, "stat") || !strcmp(action, "list") ||
           !strcmp(action, "export");
}

// What the case's employee is shown of the audit (AuditExtract): the reads that name their
// case - a get or stat only of a record they read themselves (ev_caller_reads: not a sensitive
// one they may not open, not one outside what their case gives them). Not an entry naming no
// case (a read of a record shared with other cases may have been for another), not the other
// actions (puts, signatures, holds, HR's sensitive markings and their reasons, the case's
// people): who read their records, as they may ask of the company (PIPL Art. 45).
static bool s_employee_sees(const s_extract_ctx_t *ctx, const Hr__Evidence__AuditEntry *e)
{
    if (!s_is_read(e->action) || strcmp(e->case_id, ctx->case_id))
        return false;
    if (!*e->evidence_id)
        return true; // a list or an export of the case: it names no record
    Hr__Evidence__Evidence *rec = NULL;
    if (ev_store_evidence_get(hr_call_txn(ctx->call), e->evidence_id, hr_call_arena(ctx->call),
                              &rec))
        return false; // shredded since: nothing to tell it by
    return ev_caller_reads(ctx->self, ctx->call, rec);
}

// What the actor of an audit entry is to the case now (AuditExtractReply.reader_as): a role
// the directory gives them here (hr, legal), the operator, or their place on the case's row.
static const char *s_reader_as(const s_extract_ctx_t *ctx, const char *actor)
{
    const Hr__Evidence__CaseInfo *c = ctx->info;
    if (!strcmp(actor, HR_OPERATOR_ID))
        return "operator";
    if (c && !strcmp(actor, c->employee_no))
        return "employee";
    Hr__Evidence__Person *p = NULL;
    if (!ev_store_person_get(hr_call_txn(ctx->call), actor, hr_call_arena(ctx->call), &p)) {
        for (size_t i = 0; i < p->n_roles; i++)
            if (!strcmp(p->roles[i], "hr"))
                return "hr";
        for (size_t i = 0; i < p->n_roles; i++)
            if (!strcmp(p->roles[i], "legal"))
                return "legal";
    }
    if (!c)
        return "";
    if (!strcmp(actor, c->manager_no))
        return "manager";
    for (size_t i = 0; i < c->n_reporting_line; i++)
        if (!strcmp(actor, c->reporting_line[i]))
            return "superior";
    if (!strcmp(actor, c->opened_by))
        return "opener";
    return "";
}

static hr_rc_t s_collect(void *arg, const char *id)
{
    s_extract_ctx_t *ctx = arg;
    memcpy(ctx->ids[ctx->nids++], id, EV_ID_HEX + 1);
    return HR_OK;
}

static int s_cmp_id(const void *a, const void *b)
{
    return strcmp(a, b);
}

static hr_rc_t s_extract_one(void *arg, const Hr__Evidence__AuditEntry *e)
{
    s_extract_ctx_t *ctx = arg;
    // The case's entries, and those naming one of its records and no case; never an entry naming
    // another case (the same content linked to it, a read under it): the extract goes to a
    // third party, and another case is none of theirs.
    bool names = !strcmp(e->case_id, ctx->case_id) ||
                 (!*e->case_id && ev_id_is_valid(e->evidence_id) &&
                  bsearch(e->evidence_id, ctx->ids, ctx->nids, sizeof *ctx->ids, s_cmp_id));
    // The case's employee sees only the reads of what they may read themselves (their view);
    // everything else, with stubs asked for, is a stub.
    bool shown = names && !(ctx->employee && !s_employee_sees(ctx, e));
    if (!shown && !ctx->stubs)
        return HR_OK;
    if (ctx->rep->n_entries == ctx->max) {
        ctx->stopped_at = e->seq;
        return HR_ECONFLICT; // full: the next page starts here
    }
    Hr__Evidence__AuditEntry *out = (Hr__Evidence__AuditEntry *)e;
    if (!shown) {
        // A stub: the link and nothing else - no time, actor, record, case or detail - so the
        // chain stays checkable end to end and nothing of another case or person leaves.
        out = hr_arena_alloc(ctx->arena, sizeof *out);
        hr__evidence__audit_entry__init(out);
        out->seq = e->seq;
        out->prev_hash = e->prev_hash;
        out->hash = e->hash;
    }
    ctx->rep->reader_as[ctx->rep->n_reader_as++] = shown ? (char *)s_reader_as(ctx, e->actor) : "";
    ctx->rep->entries[ctx->rep->n_entries++] = out;
    return HR_OK;
}

hr_rc_t ev_handle_audit_extract(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__AuditExtractRequest *req = hr_call_request(call);
    Hr__Evidence__AuditExtractReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    if (s_check_case(call, req->case_id))
        return HR_EINVAL;
    // The case's employee (whatever roles they hold) reads who read their records, once the
    // company told them of the case; before, they are refused as anyone outside it is.
    Hr__Evidence__CaseInfo *info = NULL;
    hr_rc_t rc = ev_store_case_get(txn, req->case_id, arena, &info);
    if (rc && rc != HR_ENOTFOUND)
        return rc;
    bool employee = s_concerned(call, req->case_id);
    if (employee && !(info && info->employee_told_ms)) {
        const char *user = hr_call_actor(call)->user_id;
        hr_warn("evidence.export_denied", "user=%s why=not_told", user ? user : "");
        return s_refuse(call, "reading the audit log");
    }
    if (!employee && !s_custodian(self, call))
        return s_refuse(call, "reading the audit log");
    if (req->max > EV_EXTRACT_MAX)
        return hr_call_fail(call, HR_EINVAL, "max: at most %d entries a page", EV_EXTRACT_MAX);
    s_extract_ctx_t ctx = {.case_id = req->case_id,
                           .rep = rep,
                           .max = req->max ? req->max : EV_EXTRACT_MAX,
                           .self = self,
                           .call = call,
                           .info = info,
                           .employee = employee,
                           .stubs = req->stubs,
                           .arena = arena};
    ctx.ids = hr_arena_alloc(arena, EV_LIST_MAX * sizeof *ctx.ids);
    bool more = false;
    rc = ev_store_case_each(txn, req->case_id, EV_LIST_MAX, s_collect, &ctx, &more);
    if (rc)
        return rc;
    qsort(ctx.ids, ctx.nids, sizeof *ctx.ids, s_cmp_id);
    rep->entries = hr_arena_alloc(arena, ctx.max * sizeof(void *));
    rep->reader_as = hr_arena_alloc(arena, ctx.max * sizeof(char *));
    ev_head_t head;
    rc = ev_store_head(txn, &head);
    if (rc)
        return rc;
    uint64_t last = 0;
    bool end = false;
    rc = ev_store_audit_each_after(txn, req->after_seq, EV_EXTRACT_SCAN, arena, s_extract_one, &ctx,
                                   &last, &end);
    if (rc == HR_ECONFLICT && ctx.stopped_at) {
        rc = HR_OK;
        last = ctx.stopped_at - 1;
        end = false;
    }
    if (rc)
        return rc;
    rep->next_after = last;
    rep->done = end;
    rep->head_seq = head.seq;
    rep->head_hash.data = hr_arena_alloc(arena, EV_HASH_BYTES);
    memcpy(rep->head_hash.data, head.hash, EV_HASH_BYTES);
    rep->head_hash.len = EV_HASH_BYTES;
    return HR_OK;
}

// ---------------------------------------------------------------------------------------------
// The service key: hr-evidence's own Ed25519 key, which signs an export's manifest digest. An
// export is otherwise made on the company's server from the company's data: the signature says
// it came from this service, unchanged since; the fingerprint printed on the employee's notice
// (and handed out before any dispute) is what ties the key to this service.

// The fingerprint: hex SHA-256 of the key's DER SubjectPublicKeyInfo (RFC 8410), what
// `openssl pkey -pubin -in service-key.pub -outform DER | openssl dgst -sha256` prints.
static void s_service_fp(const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                         char out[2 * EV_HASH_BYTES + 1])
{
    static const unsigned char spki[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                           0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    unsigned char der[sizeof spki + crypto_sign_PUBLICKEYBYTES], h[EV_HASH_BYTES];
    memcpy(der, spki, sizeof spki);
    memcpy(der + sizeof spki, pk, crypto_sign_PUBLICKEYBYTES);
    crypto_hash_sha256(h, der, sizeof der);
    ev_hex(h, EV_HASH_BYTES, out);
}

hr_rc_t ev_service_key_start(ev_server_t *self)
{
    hr_arena_t *arena = hr_arena_new(0);
    hr_txn_t *txn = NULL;
    hr_rc_t rc = hr_txn_begin_write(self->store, &txn);
    Hr__Evidence__SigningKey *k = NULL;
    if (!rc)
        rc = ev_store_signing_key_get(txn, EV_SERVICE_KEY_ID, arena, &k);
    bool made = false;
    if (rc == HR_ENOTFOUND) {
        k = hr_arena_alloc(arena, sizeof *k);
        hr__evidence__signing_key__init(k);
        k->user_id = EV_SERVICE_KEY_ID;
        k->public_key.data = hr_arena_alloc(arena, crypto_sign_PUBLICKEYBYTES);
        k->public_key.len = crypto_sign_PUBLICKEYBYTES;
        k->wrapped_secret.data = hr_arena_alloc(arena, EV_WRAPPED_SK_BYTES);
        k->wrapped_secret.len = EV_WRAPPED_SK_BYTES;
        k->created_ms = hr_clock_now_ms(self->clock);
        ev_sign_keypair(&self->keys, EV_SERVICE_KEY_ID, k->public_key.data, k->wrapped_secret.data);
        rc = ev_store_signing_key_put(txn, k);
        made = true;
    }
    if (!rc && k->public_key.len != crypto_sign_PUBLICKEYBYTES)
        rc = HR_EIO;
    // A stored key this master key cannot open is no key to sign with: said at start, not at
    // the first export.
    unsigned char probe[crypto_sign_BYTES];
    if (!rc && !ev_sign_raw(&self->keys, EV_SERVICE_KEY_ID, k->wrapped_secret.data,
                            k->wrapped_secret.len, (const unsigned char *)"", 0, probe))
        rc = HR_EIO;
    if (!rc) {
        memcpy(self->service_pk, k->public_key.data, crypto_sign_PUBLICKEYBYTES);
        s_service_fp(self->service_pk, self->service_fp);
    }
    // No audit entry for the making: a fresh store's chain starts with its first record, as it
    // always has. The key enters the chain with its first use: every export_signed entry names
    // its fingerprint.
    if (!rc)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    if (rc)
        hr_error("evidence.service_key_failed",
                 "rc=%s (a stored key the master key does not "
                 "open, or the store)",
                 hr_rc_name(rc));
    else if (made)
        hr_info("evidence.service_key_made", "sha256=%s", self->service_fp);
    hr_arena_destroy(&arena);
    return rc;
}

hr_rc_t ev_handle_service_key(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    Hr__Evidence__ServiceKeyReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    Hr__Evidence__SigningKey *k = NULL;
    hr_rc_t rc = ev_store_signing_key_get(hr_call_txn(call), EV_SERVICE_KEY_ID, arena, &k);
    if (rc)
        return rc;
    rep->public_key.data = hr_arena_alloc(arena, crypto_sign_PUBLICKEYBYTES);
    memcpy(rep->public_key.data, self->service_pk, crypto_sign_PUBLICKEYBYTES);
    rep->public_key.len = crypto_sign_PUBLICKEYBYTES;
    rep->fingerprint = hr_arena_strdup(arena, self->service_fp);
    rep->created_ms = k->created_ms;
    return HR_OK;
}

hr_rc_t ev_handle_sign_export(void *server, hr_call_t *call)
{
    ev_server_t *self = server;
    const Hr__Evidence__SignExportRequest *req = hr_call_request(call);
    Hr__Evidence__SignExportReply *rep = hr_call_reply(call);
    hr_arena_t *arena = hr_call_arena(call);
    hr_txn_t *txn = hr_call_txn(call);
    if (!s_custodian(self, call))
        return s_refuse(call, "an export's signature");
    if (s_check_case(call, req->case_id))
        return HR_EINVAL;
    if (s_concerned(call, req->case_id))
        return s_refuse_own(call, "an export's signature");
    if (req->manifest_sha256.len != EV_HASH_BYTES)
        return hr_call_fail(call, HR_EINVAL, "manifest_sha256: %zu bytes, not a SHA-256 (32)",
                            req->manifest_sha256.len);
    Hr__Evidence__SigningKey *k = NULL;
    hr_rc_t rc = ev_store_signing_key_get(txn, EV_SERVICE_KEY_ID, arena, &k);
    if (rc)
        return rc;
    rep->signature.data = hr_arena_alloc(arena, crypto_sign_BYTES);
    rep->signature.len = crypto_sign_BYTES;
    if (!ev_sign_raw(&self->keys, EV_SERVICE_KEY_ID, k->wrapped_secret.data, k->wrapped_secret.len,
                     req->manifest_sha256.data, EV_HASH_BYTES, rep->signature.data))
        return hr_call_fail(call, HR_EIO, "the service key does not open with the master key");
    // What the service signed is in its own chain: an export signed and not recorded here did
    // not come from this service.
    char hex[2 * EV_HASH_BYTES + 1];
    ev_hex(req->manifest_sha256.data, EV_HASH_BYTES, hex);
    const Hr__Actor *actor = hr_call_actor(call);
    ev_audit_t a = {
        .actor = actor->user_id ? actor->user_id : "",
        .action = "export_signed",
        .case_id = req->case_id,
        .detail = hr_arena_fmt(arena, "manifest_sha256=%s key_sha256=%s", hex, self->service_fp)};
    s_moved_t *moved = hr_arena_alloc(arena, sizeof *moved);
    moved->self = self;
    rc = ev_store_audit(txn, hr_call_now_ms(call), &a, &moved->head);
    if (rc)
        return rc;
    hr_call_after_commit(call, s_head_after_commit, moved);
    rep->public_key.data = hr_arena_alloc(arena, crypto_sign_PUBLICKEYBYTES);
    memcpy(rep->public_key.data, self->service_pk, crypto_sign_PUBLICKEYBYTES);
    rep->public_key.len = crypto_sign_PUBLICKEYBYTES;
    rep->fingerprint = hr_arena_strdup(arena, self->service_fp);
    rep->audit_seq = moved->head.seq;
    hr_info("evidence.export_signed", "case=%s manifest=%s seq=%llu", req->case_id, hex,
            (unsigned long long)moved->head.seq);
    return HR_OK;
}
