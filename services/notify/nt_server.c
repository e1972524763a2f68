/*  nt_server - hr-notify's service: routes, sender threads, and the dispatch of due deliveries.
 *
 *  The loop owns LMDB. A due delivery (a row in `due` at or before now) is built into a job and
 *  handed to an idle worker thread; the worker's answer comes back over its pipe and is applied
 *  in one write transaction per batch: sent, retry at the next back-off, or failed with a
 *  DeliveryFailed event. Nothing about a delivery's progress lives only in memory except which
 *  jobs are in flight: after a crash an unfinished email or robot message is still due and is
 *  sent again, with the same Message-ID (at-least-once; reliability.md P8). An SMS is not: no
 *  vendor deduplicates a second request, so its delivery gets an "in flight since" mark
 *  (Delivery.inflight_ms), committed before the job goes to a worker and cleared with its
 *  result; a delivery found due with the mark after a crash fails as unknown (maybe_sent).
 *  Stopping, the results the workers finished are recorded, those of jobs cut short too.
 *
 *  Sending can be held (notify.HoldSending, or hrctl restore in the store it puts back): every
 *  Send is still accepted and queued, and the dispatch hands nothing out until the release.
 *  The operator may drop one waiting delivery (notify.DropDelivery), held or not: one the loop
 *  has in flight is refused, so a drop and a sender never meet.
 */
#include "nt.h"

static const hr_route_t s_routes[] = {
    {"notify.Send", &hr__notify__send_request__descriptor, &hr__notify__send_reply__descriptor,
     HR_ROUTE_WRITE, nt_handle_send},
    {"notify.Log", &hr__notify__log_request__descriptor, &hr__notify__log_reply__descriptor,
     HR_ROUTE_READ, nt_handle_log},
    {"notify.HoldSending", &hr__notify__hold_sending_request__descriptor,
     &hr__notify__hold_sending_reply__descriptor, HR_ROUTE_WRITE, nt_handle_hold},
    {"notify.ReleaseSending", &hr__notify__release_sending_request__descriptor,
     &hr__notify__release_sending_reply__descriptor, HR_ROUTE_WRITE, nt_handle_release},
    {"notify.DropDelivery", &hr__notify__drop_delivery_request__descriptor,
     &hr__notify__drop_delivery_reply__descriptor, HR_ROUTE_WRITE, nt_handle_drop},
    {NULL, NULL, NULL, HR_ROUTE_READ, NULL},
};

const nt_config_t *nt_server_config(const nt_server_t *self)
{
    return &self->cfg;
}

typedef struct {
    nt_server_t *self; // borrowed
    char (*ids)[65];   // owned: due deliveries not in flight
    size_t n;          // entries used in ids
    size_t want;       // how many to collect at most
} s_due_t;

static hr_rc_t s_collect_due(void *arg, const char *id, int64_t due_ms)
{
    HR_UNUSED(due_ms);
    s_due_t *due = arg;
    if (due->n < due->want && !zhashx_lookup(due->self->inflight, id))
        snprintf(due->ids[due->n++], sizeof due->ids[0], "%s", id);
    return HR_OK;
}

// d's last attempt is being recorded (sent, or failed for good): each cc the SMTP server refused
// in it gets its own DeliveryFailed, in the same transaction, so it is told once however often
// the message went out. Not while d is retried: the retry asks for every cc again.
static hr_rc_t s_cc_refused(uint64_t *told, hr_txn_t *txn, const Hr__Notify__Delivery *d,
                            const nt_job_t *job, const Hr__Notify__SendRecord *s, int64_t now_ms,
                            hr_arena_t *arena)
{
    for (size_t i = 1; i < job->n_rcpts; i++) {
        if (!nt_rcpt_is_refused(job->rcpt_codes[i]))
            continue;
        const Hr__Notify__Recipient *who = nt_send_recipient(s, job->rcpt_index[i]);
        if (!who) {
            hr_error("delivery.cc_unknown", "delivery=%s recipient_index=%u", d->id,
                     job->rcpt_index[i]);
            continue;
        }
        hr_rc_t rc = nt_delivery_cc_refused(txn, d, who, job->rcpt_index[i], job->rcpt_codes[i],
                                            now_ms, arena);
        if (rc)
            return rc;
        (*told)++;
    }
    return HR_OK;
}

// What recording a batch of results counts; added to the server's counters once committed.
typedef struct {
    uint64_t attempts;   // results recorded
    uint64_t sent;       // of them, sent
    uint64_t failed;     // of them, failed for good
    uint64_t cc_refused; // copies the SMTP server refused, each told in a DeliveryFailed
} s_tally_t;

typedef struct {
    nt_server_t *self; // borrowed
    nt_job_t **jobs;   // borrowed: the finished jobs
    size_t n;          // entries in jobs
    int64_t now_ms;    // the clock reading they are recorded at
    hr_arena_t *arena; // borrowed: scratch, reset on each run
    s_tally_t tally;   // out: what the run counted
} s_apply_t;

// The recording write (hr_store_write: it runs again after the map grew, so it starts afresh
// each time; only its log lines may then show twice).
static hr_rc_t s_apply_write(hr_txn_t *txn, void *arg)
{
    s_apply_t *a = arg;
    nt_server_t *self = a->self;
    nt_job_t **jobs = a->jobs;
    size_t n = a->n;
    int64_t now_ms = a->now_ms;
    hr_arena_t *arena = a->arena;
    hr_clock_t *clock = hr_daemon_clock(self->daemon);
    s_tally_t *t = &a->tally;
    *t = (s_tally_t){0};
    hr_arena_reset(arena);
    hr_rc_t rc = HR_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        nt_job_t *job = jobs[i];
        Hr__Notify__Delivery *d = NULL;
        rc = nt_store_delivery_get(txn, job->delivery_id, arena, &d);
        if (rc == HR_ENOTFOUND) {
            rc = HR_OK;
            continue;
        }
        if (rc || d->state != HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED)
            continue;
        rc = nt_store_due_del(txn, d->next_at_ms, d->id);
        if (rc)
            break;
        d->inflight_ms = 0; // its result is recorded
        // What this attempt went by: the config in force when its job was built.
        if (job->vendor && *job->vendor)
            d->transport = hr_arena_strdup(arena, job->vendor);
        d->attempts++;
        d->last_attempt_ms = now_ms;
        t->attempts++;
        Hr__Notify__SendRecord *s = NULL;
        if (job->cc_refused || job->outcome != NT_OUTCOME_SENT)
            nt_store_send_get(txn, d->send_id, arena, &s); // NULL: told without the person
        if (job->outcome == NT_OUTCOME_SENT) {
            d->state = HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_SENT;
            d->done_ms = now_ms;
            d->next_at_ms = 0;
            d->last_error = hr_arena_strdup(arena, job->error); // "" or the cc refused
            rc = nt_store_delivery_put(txn, d);
            if (!rc)
                rc = nt_store_counter_add(txn, "sent", 1);
            t->sent++;
            hr_info("delivery.sent", "delivery=%s channel=%s transport=%s attempts=%u", d->id,
                    nt_channel_name(d->channel), d->transport, d->attempts);
            if (!rc)
                rc = s_cc_refused(&t->cc_refused, txn, d, job, s, now_ms, arena);
            continue;
        }
        if (job->outcome == NT_OUTCOME_TRANSIENT && d->superseded) {
            // A newer send superseded it while it was in flight: not retried after that one.
            rc = nt_store_superseded_put(txn, arena, d, now_ms);
            continue;
        }
        int64_t next_ms = nt_retry_next_ms(&self->cfg.retry, d->id, d->attempts, now_ms);
        // The time it waited while sending was held is no part of its lifetime.
        bool expired = nt_retry_expired(&self->cfg.retry, d->created_ms + d->held_ms, next_ms);
        // An SMS that may have been sent is not sent again: no vendor deduplicates a second
        // request (integration-formats.md 2a: "no idempotency"). It fails with the reason, and
        // the DeliveryFailed (maybe_sent) has the workflow tell HR, who can check with the person.
        bool unknown = job->outcome == NT_OUTCOME_UNKNOWN;
        if (job->outcome == NT_OUTCOME_PERMANENT || unknown || expired) {
            const Hr__Notify__Recipient *who = nt_send_recipient(s, d->recipient_index);
            bool cc = s && d->recipient_index >= s->request->n_to;
            const char *why = hr_arena_fmt(arena, "%s: %s",
                                           job->outcome == NT_OUTCOME_PERMANENT ? "permanent"
                                           : unknown                            ? "unknown"
                                                                                : "expired",
                                           job->error);
            rc = nt_delivery_fail(txn, d, who ? who->person_id : "", cc, unknown, why, now_ms,
                                  arena);
            if (!rc)
                rc = s_cc_refused(&t->cc_refused, txn, d, job, s, now_ms, arena);
            t->failed++;
            continue;
        }
        d->next_at_ms = next_ms;
        d->last_error = hr_arena_strdup(arena, job->error);
        rc = nt_store_delivery_put(txn, d);
        // With a peer down every delivery retries: log the first, then once a minute with a count.
        self->retries_unlogged++;
        int64_t mono_ms = hr_clock_mono_ms(clock);
        if (!self->retry_logged_mono_ms || mono_ms - self->retry_logged_mono_ms >= HR_MINUTE_MS) {
            hr_info("delivery.retry",
                    "delivery=%s channel=%s attempts=%u in_ms=%lld code=%ld retries=%llu", d->id,
                    nt_channel_name(d->channel), d->attempts, (long long)(next_ms - now_ms),
                    job->code, (unsigned long long)self->retries_unlogged);
            self->retry_logged_mono_ms = mono_ms ? mono_ms : 1;
            self->retries_unlogged = 0;
        }
    }
    return rc;
}

// Applies finished jobs in one write transaction; frees them.
static void s_apply(nt_server_t *self, nt_job_t **jobs, size_t n)
{
    if (!n)
        return;
    s_apply_t a = {.self = self,
                   .jobs = jobs,
                   .n = n,
                   .now_ms = hr_clock_now_ms(hr_daemon_clock(self->daemon)),
                   .arena = hr_arena_new(0)};
    // A full map grows here: sending waits while results are unrecorded, and no request may
    // come to grow it.
    hr_rc_t rc = hr_store_write(hr_daemon_store(self->daemon), s_apply_write, &a);
    hr_arena_destroy(&a.arena);
    if (rc) {
        // The results stay in flight, kept with what happened: a delivery whose result could
        // not be recorded must not be handed out again (it was sent: on a full disk that would
        // send it every second). They are recorded again before anything else is sent.
        hr_error("delivery.record",
                 "rc=%s jobs=%zu (kept: recorded again each second, sending paused meanwhile)",
                 hr_rc_name(rc), n);
        if (self->n_unrecorded + n > self->cap_unrecorded) {
            self->cap_unrecorded = (self->n_unrecorded + n) * 2;
            self->unrecorded =
                hr_realloc(self->unrecorded, self->cap_unrecorded * sizeof *self->unrecorded);
        }
        memcpy(self->unrecorded + self->n_unrecorded, jobs, n * sizeof *jobs);
        self->n_unrecorded += n;
        return;
    }
    self->attempts += a.tally.attempts;
    self->sent += a.tally.sent;
    self->failed += a.tally.failed;
    self->cc_refused += a.tally.cc_refused;
    hr_events_flush(self->events);
    for (size_t i = 0; i < n; i++) {
        zhashx_delete(self->inflight, jobs[i]->delivery_id);
        nt_job_destroy(&jobs[i]);
    }
}

// Records again the results a failed commit left; true when none is left waiting.
static bool s_record_again(nt_server_t *self)
{
    if (!self->n_unrecorded)
        return true;
    nt_job_t **jobs = self->unrecorded;
    size_t n = self->n_unrecorded;
    self->unrecorded = NULL;
    self->n_unrecorded = self->cap_unrecorded = 0;
    s_apply(self, jobs, n); // on failure they come back to self->unrecorded
    hr_free(jobs);
    if (!self->n_unrecorded)
        hr_info("delivery.recorded", "jobs=%zu (after a failed commit)", n);
    return !self->n_unrecorded;
}

static bool s_needs_mark(const nt_job_t *job)
{
    return job->once && job->kind == NT_JOB_HTTP; // an SMS to a vendor (not the file outbox)
}

typedef struct {
    nt_job_t **jobs;   // borrowed
    size_t n;          // entries in jobs
    int64_t now_ms;    // the mark
    hr_arena_t *arena; // borrowed: scratch
} s_mark_t;

// The marking write (hr_store_write: it may run twice; it only writes).
static hr_rc_t s_mark_write(hr_txn_t *txn, void *arg)
{
    s_mark_t *m = arg;
    hr_rc_t rc = HR_OK;
    hr_arena_reset(m->arena);
    for (size_t i = 0; i < m->n && !rc; i++) {
        Hr__Notify__Delivery *d = NULL;
        if (!s_needs_mark(m->jobs[i]))
            continue;
        rc = nt_store_delivery_get(txn, m->jobs[i]->delivery_id, m->arena, &d);
        if (!rc) {
            d->inflight_ms = m->now_ms;
            rc = nt_store_delivery_put(txn, d); // the same due row
        }
    }
    return rc;
}

// Commits the "in flight since" mark of each SMS job in jobs (one transaction for them all)
// before they go to a worker: found after a crash, the mark says the request may have gone.
// When it cannot be committed they do not go (they stay due); returns how many jobs are left
// in jobs, in order.
static size_t s_mark_inflight(nt_server_t *self, nt_job_t **jobs, size_t n, int64_t now_ms)
{
    size_t n_once = 0;
    for (size_t i = 0; i < n; i++)
        n_once += s_needs_mark(jobs[i]);
    if (!n_once)
        return n;
    s_mark_t m = {.jobs = jobs, .n = n, .now_ms = now_ms, .arena = hr_arena_new(0)};
    hr_rc_t rc = hr_store_write(hr_daemon_store(self->daemon), s_mark_write, &m);
    hr_arena_destroy(&m.arena);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (s_needs_mark(jobs[i]) && rc) {
            zhashx_delete(self->inflight, jobs[i]->delivery_id);
            nt_job_destroy(&jobs[i]);
            continue;
        }
        jobs[i]->marked = s_needs_mark(jobs[i]);
        jobs[kept++] = jobs[i];
    }
    // Refused on every dispatch while the disk is full: said once a minute, not each time.
    int64_t mono_ms = hr_clock_mono_ms(hr_daemon_clock(self->daemon));
    if (rc && (!self->mark_logged_mono_ms || mono_ms - self->mark_logged_mono_ms >= HR_MINUTE_MS)) {
        hr_error("delivery.mark", "rc=%s sms=%zu (not sent: still due)", hr_rc_name(rc), n_once);
        self->mark_logged_mono_ms = mono_ms ? mono_ms : 1;
    }
    return kept;
}

void nt_server_hold_set(nt_server_t *self, const Hr__Notify__SendingHold *hold)
{
    hr_free(self->held_by);
    hr_free(self->held_reason);
    self->held_by = self->held_reason = NULL;
    self->held_since_ms = 0;
    if (!hold)
        return;
    self->held_since_ms = hold->since_ms ? hold->since_ms : 1;
    self->held_by = hr_strdup(hold->by);
    self->held_reason = hr_strdup(hold->reason);
}

// What the dispatch found: the hold in force (NULL: none) and the deliveries waiting under it.
// While held it says so in the log at once and then every NT_HELD_LOG_EVERY_MS (ids and counts:
// the reason is free text, sys.Status and hrctl show it).
static void s_hold_seen(nt_server_t *self, const Hr__Notify__SendingHold *hold, uint64_t queued)
{
    bool was = self->held_since_ms != 0;
    if (!hold) {
        if (was)
            nt_server_hold_set(self, NULL);
        return;
    }
    if (!was || hold->since_ms != self->held_since_ms)
        nt_server_hold_set(self, hold);
    self->held_queued = queued;
    int64_t mono_ms = hr_clock_mono_ms(hr_daemon_clock(self->daemon));
    if (!self->held_logged_mono_ms || mono_ms - self->held_logged_mono_ms >= NT_HELD_LOG_EVERY_MS) {
        hr_warn("notify.held",
                "since_ms=%lld by=%s queued=%llu (nothing is sent until hrctl notify release)",
                (long long)self->held_since_ms, self->held_by, (unsigned long long)queued);
        self->held_logged_mono_ms = mono_ms ? mono_ms : 1;
    }
}

// Hands due deliveries to the workers with room on their pipes, least loaded first. Jobs
// that cannot be built are recorded at once, and so is an SMS found with the mark of a run that
// ended without recording its result (a crash): it may have been sent.
static void s_dispatch(nt_server_t *self)
{
    if (!s_record_again(self))
        return; // the store takes no results: sending more would only repeat them
    size_t room = 0;
    for (size_t i = 0; i < self->n_workers; i++)
        room += (size_t)self->cfg.pipeline - self->queued[i];
    if (!room)
        return;
    int64_t now_ms = hr_clock_now_ms(hr_daemon_clock(self->daemon));
    s_due_t due = {self, hr_alloc(room * sizeof *due.ids), 0, room};
    hr_arena_t *arena = hr_arena_new(0);
    nt_job_t **done = hr_alloc(room * sizeof *done);
    nt_job_t **out = hr_alloc(room * sizeof *out);
    size_t n_done = 0, n_out = 0;
    hr_txn_t *txn = NULL;
    Hr__Notify__SendingHold *hold = NULL;
    hr_rc_t rc = hr_txn_begin_read(hr_daemon_store(self->daemon), &txn);
    // Rows in flight are skipped, so look at as many more as there are. Held: none is given.
    if (!rc)
        rc = nt_store_dispatch_scan(txn, arena, now_ms, zhashx_size(self->inflight) + room,
                                    s_collect_due, &due, &hold);
    if (!rc)
        s_hold_seen(self, hold, hold ? nt_store_due_count(txn) : 0);
    for (size_t i = 0; i < due.n && !rc; i++) {
        Hr__Notify__Delivery *d = NULL;
        Hr__Notify__SendRecord *s = NULL;
        if (nt_store_delivery_get(txn, due.ids[i], arena, &d) ||
            nt_store_send_get(txn, d->send_id, arena, &s)) {
            hr_error("delivery.unreadable", "delivery=%s", due.ids[i]);
            continue;
        }
        nt_job_t *job = d->inflight_ms
                            ? nt_job_done(d->id, NT_OUTCOME_UNKNOWN,
                                          "in flight when hr-notify stopped without recording its "
                                          "result (a crash): it may have been sent")
                            : nt_job_build(&self->cfg, s, d, now_ms);
        zhashx_insert(self->inflight, job->delivery_id, job);
        if (job->kind == NT_JOB_NONE) {
            if (d->inflight_ms)
                hr_warn("delivery.in_flight_at_start", "delivery=%s since_ms=%lld", d->id,
                        (long long)d->inflight_ms);
            job->collected = true;
            done[n_done++] = job;
            continue;
        }
        out[n_out++] = job;
    }
    hr_txn_abort(&txn);
    hr_arena_destroy(&arena);
    hr_free(due.ids);
    n_out = s_mark_inflight(self, out, n_out, now_ms);
    for (size_t i = 0; i < n_out; i++) {
        size_t w = 0;
        for (size_t k = 1; k < self->n_workers; k++)
            if (self->queued[k] < self->queued[w])
                w = k;
        self->queued[w]++;
        zsock_send(zactor_sock(self->workers[w]), "sp", "JOB", out[i]);
    }
    hr_free(out);
    s_apply(self, done, n_done);
    hr_free(done);
}

// Workers answered: collect every finished job there is, hand out more work at once (the
// finished jobs stay in flight, so they are not handed out again), then record the results
// in one transaction while the workers send.
// Records the results waiting in self->results in one transaction.
static void s_apply_results(nt_server_t *self)
{
    size_t n = self->n_results;
    self->n_results = 0;
    s_apply(self, self->results, n);
}

static void s_apply_fire(void *arg)
{
    nt_server_t *self = arg;
    self->apply_pending = false;
    s_apply_results(self);
}

static void s_on_worker(void *arg, zsock_t *sock)
{
    HR_UNUSED(sock);
    nt_server_t *self = arg;
    nt_job_t **done = self->results;
    size_t n = self->n_results;
    for (size_t w = 0; w < self->n_workers; w++) {
        zsock_t *pipe = zactor_sock(self->workers[w]);
        while (n < NT_DISPATCH_MAX && (zsock_events(pipe) & ZMQ_POLLIN)) {
            char *cmd = NULL;
            void *ptr = NULL;
            if (zsock_recv(pipe, "sp", &cmd, &ptr) == -1)
                break;
            if (cmd && !strcmp(cmd, "DONE") && ptr) {
                ((nt_job_t *)ptr)->collected = true;
                done[n++] = ptr;
                assert(self->queued[w] > 0);
                self->queued[w]--;
            }
            zstr_free(&cmd);
        }
    }
    self->n_results = n;
    s_dispatch(self);
    // Results are recorded in groups: at least NT_APPLY_BATCH of them, or what came within
    // NT_APPLY_DELAY_MS. With a fast peer that turns thousands of small synced commits a
    // second into a few hundred; a crash before the commit only means those are sent again.
    if (self->n_results >= NT_APPLY_BATCH)
        s_apply_results(self);
    else if (self->n_results && !self->apply_pending) {
        self->apply_pending = true;
        hr_timers_add(hr_daemon_timers(self->daemon), NT_APPLY_DELAY_MS, false, s_apply_fire, self);
    }
}

static void s_kick_fire(void *arg)
{
    nt_server_t *self = arg;
    self->kick_pending = false;
    s_dispatch(self);
}

void nt_server_kick(nt_server_t *self)
{
    if (self->events)
        hr_events_flush(self->events); // a Send may have failed a delivery at once
    if (self->kick_pending || !self->daemon)
        return;
    self->kick_pending = true;
    hr_timers_add(hr_daemon_timers(self->daemon), 0, false, s_kick_fire, self);
}

static void s_collect_id(void *arg, const char *id)
{
    zlist_append(arg, (void *)id); // copied: the list is autofree
}

// Retention (retention/days): finished sends past it go, with their deliveries - the
// recipients' addresses and numbers with them (PIPL: kept no longer than needed) - and, once
// that has committed, what the file channel wrote for those deliveries (the demo's outbox).
static void s_prune(void *arg)
{
    nt_server_t *self = arg;
    if (!self->cfg.keep_ms)
        return;
    int64_t cutoff = hr_clock_now_ms(hr_daemon_clock(self->daemon)) - self->cfg.keep_ms;
    hr_txn_t *txn = NULL;
    size_t pruned = 0;
    zlist_t *gone = zlist_new();
    zlist_autofree(gone);
    hr_rc_t rc = hr_txn_begin_write(hr_daemon_store(self->daemon), &txn);
    if (!rc)
        rc = nt_store_prune(txn, cutoff, NT_PRUNE_BATCH, &pruned, s_collect_id, gone);
    if (!rc && pruned)
        rc = hr_txn_commit(&txn);
    hr_txn_abort(&txn);
    size_t files = 0;
    for (char *id = zlist_first(gone); id && !rc; id = zlist_next(gone))
        files += nt_files_remove(self->cfg.file_dir, id);
    zlist_destroy(&gone);
    if (rc) {
        hr_warn("retention.failed", "rc=%s", hr_rc_name(rc));
        return;
    }
    self->pruned += pruned;
    if (pruned)
        hr_info("retention.pruned", "sends=%zu files=%zu", pruned, files);
}

static hr_rc_t s_start(void *arg, hr_daemon_t *daemon)
{
    nt_server_t *self = arg;
    self->daemon = daemon;
    nt_config_read(&self->cfg, hr_daemon_config(daemon));
    char *problem = nt_config_problem(&self->cfg);
    if (problem) {
        // hr_daemon prints it with the config file's name; the log has it too.
        hr_error("config.invalid", "problem=\"%s\"", problem);
        hr_config_fail(hr_daemon_config(daemon), "%s", problem);
        hr_free(problem);
        return HR_EINVAL;
    }
    const char *sms = self->cfg.sms_provider;
    self->inflight = zhashx_new();
    char *err = NULL;
    self->events = hr_events_new_daemon(daemon, &err);
    if (!self->events) {
        hr_error("events.start", "err=\"%s\"", err ? err : "");
        hr_free(err);
        return HR_EIO;
    }
    for (int64_t i = 0; i < self->cfg.workers; i++) {
        self->workers[i] = nt_worker_new();
        if (!self->workers[i]) {
            hr_error("worker.start", "index=%lld", (long long)i);
            return HR_EINTERNAL;
        }
        self->n_workers++;
        hr_daemon_add_reader(daemon, zactor_sock(self->workers[i]), s_on_worker, self);
    }
    hr_daemon_add_routes(daemon, s_routes, self);
    hr_timers_add(hr_daemon_timers(daemon), NT_PRUNE_EVERY_MS, true, s_prune, self);
    hr_info("notify.started", "workers=%zu email=%s sms=%s", self->n_workers,
            *self->cfg.smtp_url ? "smtp" : "file", *sms ? sms : "none");
    // Held (hrctl notify hold, or a restore): said now, before anything could have gone.
    hr_arena_t *arena = hr_arena_new(0);
    hr_txn_t *txn = NULL;
    Hr__Notify__SendingHold *hold = NULL;
    hr_rc_t rc = hr_txn_begin_read(hr_daemon_store(daemon), &txn);
    if (!rc)
        rc = nt_store_hold_get(txn, arena, &hold);
    if (!rc)
        s_hold_seen(self, hold, nt_store_due_count(txn));
    hr_txn_abort(&txn);
    hr_arena_destroy(&arena);
    if (rc && rc != HR_ENOTFOUND) {
        hr_error("hold.unreadable", "rc=%s", hr_rc_name(rc));
        return rc; // sending might be held: not started rather than sending unasked
    }
    nt_server_kick(self);
    return HR_OK;
}

// Stopping: a job a worker began and whose DONE was never read (zactor_destroy drops what is
// on the pipe) still has its result - for an SMS cut short by the stop, "unknown" - so it is
// recorded; an SMS handed out and never begun gets its mark cleared (it stays due, and goes at
// the next start). Called once the workers have ended.
static void s_stop_record(nt_server_t *self)
{
    size_t n = zhashx_size(self->inflight), n_lost = 0, n_unbegun = 0;
    nt_job_t **lost = hr_alloc((n ? n : 1) * sizeof *lost);
    nt_job_t **unbegun = hr_alloc((n ? n : 1) * sizeof *unbegun);
    for (nt_job_t *job = zhashx_first(self->inflight); job; job = zhashx_next(self->inflight)) {
        if (job->collected)
            continue; // in results or unrecorded
        if (job->started)
            lost[n_lost++] = job;
        else if (job->marked)
            unbegun[n_unbegun++] = job;
    }
    s_apply(self, lost, n_lost);
    if (n_unbegun) {
        hr_arena_t *arena = hr_arena_new(0);
        hr_txn_t *txn = NULL;
        hr_rc_t rc = hr_txn_begin_write(hr_daemon_store(self->daemon), &txn);
        for (size_t i = 0; i < n_unbegun && !rc; i++) {
            Hr__Notify__Delivery *d = NULL;
            rc = nt_store_delivery_get(txn, unbegun[i]->delivery_id, arena, &d);
            if (rc == HR_ENOTFOUND) {
                rc = HR_OK;
                continue;
            }
            if (!rc && d->state == HR__NOTIFY__DELIVERY_STATE__DELIVERY_STATE_QUEUED) {
                d->inflight_ms = 0;
                rc = nt_store_delivery_put(txn, d);
            }
        }
        if (!rc)
            rc = hr_txn_commit(&txn);
        hr_txn_abort(&txn);
        hr_arena_destroy(&arena);
        // Left marked, they fail as unknown at the next start: told to HR, never sent twice.
        if (rc)
            hr_error("delivery.unmark", "rc=%s sms=%zu", hr_rc_name(rc), n_unbegun);
    }
    hr_free(unbegun);
    hr_free(lost);
}

static void s_stop(void *arg)
{
    nt_server_t *self = arg;
    for (size_t i = 0; i < self->n_workers; i++)
        zactor_destroy(&self->workers[i]); // waits for the thread to end
    self->n_workers = 0;
    if (self->inflight) {
        s_apply_results(self); // what was sent and not yet recorded
        s_stop_record(self);
        s_record_again(self);
    }
    hr_free(self->unrecorded); // the jobs are in inflight
    // Jobs never recorded are still due: an email or a robot message is sent again at the next
    // start; an SMS still marked fails there as unknown.
    for (nt_job_t *job = self->inflight ? zhashx_first(self->inflight) : NULL; job;
         job = zhashx_next(self->inflight))
        nt_job_destroy(&job);
    zhashx_destroy(&self->inflight);
    hr_events_destroy(&self->events);
    nt_server_hold_set(self, NULL);
    nt_config_free(&self->cfg);
}

static void s_tick(void *arg)
{
    s_dispatch(arg);
}

static void s_status(void *arg, Hr__Sys__StatusReply *reply, hr_arena_t *arena)
{
    nt_server_t *self = arg;
    reply->extra = hr_arena_alloc(arena, 5 * sizeof *reply->extra);
    reply->extra[0] = hr_arena_fmt(arena, "workers=%zu in_flight=%zu", self->n_workers,
                                   self->inflight ? zhashx_size(self->inflight) : 0);
    reply->extra[1] = hr_arena_fmt(
        arena, "attempts=%llu sent=%llu failed=%llu", (unsigned long long)self->attempts,
        (unsigned long long)self->sent, (unsigned long long)self->failed);
    reply->extra[2] = hr_arena_fmt(arena, "pruned=%llu", (unsigned long long)self->pruned);
    reply->extra[3] =
        hr_arena_fmt(arena, "cc_dropped=%llu cc_refused=%llu", (unsigned long long)self->cc_dropped,
                     (unsigned long long)self->cc_refused);
    // The reason last: it may hold spaces (never a control character), up to the line's end.
    reply->extra[4] = self->held_since_ms
                          ? hr_arena_fmt(arena,
                                         "held=1 held_since_ms=%lld held_by=%s held_queued=%llu "
                                         "held_reason=%s",
                                         (long long)self->held_since_ms, self->held_by,
                                         (unsigned long long)self->held_queued, self->held_reason)
                          : hr_arena_strdup(arena, "held=0");
    reply->n_extra = 5;
}

const hr_service_t nt_service = {
    .name = "notify",
    .routes = NULL, // added in start, where self is known to be ready
    .dbs = nt_dbs,
    .schema_version = 1,
    .start = s_start,
    .stop = s_stop,
    .tick = s_tick,
    .status = s_status,
};
