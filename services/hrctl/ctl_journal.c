/*  ctl_journal - the workflow's case journal from the command line: the check behind `hrctl
 *  verify` (workflow.Verify) and the case-journal.jsonl of `hrctl evidence export`
 *  (workflow.CaseJournal).
 *
 *  case-journal.jsonl holds one entry a line, oldest first - seq, time, actor, request, note,
 *  case_sha256, prev_hash, hash and the case row's bytes in base64 - then a last line with the
 *  journal's head when read. Those bytes, which the hashes cover, are the record; the same
 *  versions made readable (JSON) go to case-versions.json, a convenience rendering no hash of
 *  the journal covers (an edit there would pass every recomputation of the journal, so it is
 *  kept apart and hashed as a file in SHA256SUMS and manifest.json). Before writing, every entry is
 *  checked here as a third party would check it (wf_journal_check): an export never carries an
 *  entry that does not recompute.
 */
#include "ctl_call.h"
#include "ctl_ev.h"
#include "ctl_wf.h"
#include "wf.h"

#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#define CTL_JOURNAL_TIMEOUT_MS 300000 // a verify walks every entry and every case

int ctl_journal_verify(const char *config_dir, FILE *out, json_t *json_out)
{
    char *err = NULL;
    char *endpoint = ctl_endpoint(config_dir, "workflow", &err);
    if (!endpoint) {
        if (out)
            fprintf(out, "case journal: not checked (workflow: %s)\n", err ? err : "?");
        hr_free(err);
        return CTL_ATTACHED_UNCHECKED;
    }
    hr_free(endpoint);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Workflow__WorkflowVerifyRequest req = HR__WORKFLOW__WORKFLOW_VERIFY_REQUEST__INIT;
    Hr__Workflow__WorkflowVerifyReply *v = NULL;
    hr_rc_t rc = ctl_service_call("hrctl verify", "workflow", "workflow.Verify", config_dir, NULL,
                                  "workflow.Verify", &req.base,
                                  &hr__workflow__workflow_verify_reply__descriptor,
                                  CTL_JOURNAL_TIMEOUT_MS, NULL, arena, (void **)&v);
    if (rc) {
        if (out)
            fprintf(out, "case journal: the check did not finish (see above)\n");
        hr_arena_destroy(&arena);
        return CTL_ATTACHED_FAILED;
    }
    if (out) {
        if (v->bad_seq)
            fprintf(out, "case journal: BAD at entry %llu: %s\n", (unsigned long long)v->bad_seq,
                    v->chain_problem);
        else
            fprintf(out, "case journal: ok, %llu entries, head %s\n",
                    (unsigned long long)v->entries, v->chain_head);
        for (size_t i = 0; i < v->n_bad_cases; i++)
            fprintf(out, "case %s: BAD: %s\n", v->bad_cases[i]->case_id, v->bad_cases[i]->problem);
        fprintf(out, "case rows: %llu checked, %zu bad\n", (unsigned long long)v->cases,
                v->n_bad_cases);
    }
    if (json_out) {
        json_object_set_new(json_out, "ok", json_boolean(v->ok));
        json_object_set_new(json_out, "entries", json_integer((json_int_t)v->entries));
        json_object_set_new(json_out, "cases", json_integer((json_int_t)v->cases));
        json_object_set_new(json_out, "bad_seq", json_integer((json_int_t)v->bad_seq));
        json_object_set_new(json_out, "chain_problem", ctl_json_str(v->chain_problem));
        json_object_set_new(json_out, "chain_head", ctl_json_str(v->chain_head));
        json_t *bad = json_array();
        for (size_t i = 0; i < v->n_bad_cases; i++) {
            json_t *b = json_object();
            json_object_set_new(b, "case_id", ctl_json_str(v->bad_cases[i]->case_id));
            json_object_set_new(b, "problem", ctl_json_str(v->bad_cases[i]->problem));
            json_array_append_new(bad, b);
        }
        json_object_set_new(json_out, "bad_cases", bad);
    }
    int findings = v->ok ? 0 : (int)(v->n_bad_cases + (v->bad_seq != 0));
    hr_arena_destroy(&arena);
    return findings;
}

static char *s_base64(const unsigned char *in, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = hr_alloc(4 * ((n + 2) / 3) + 1), *o = out;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        *o++ = tab[(v >> 18) & 63];
        *o++ = tab[(v >> 12) & 63];
        *o++ = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        *o++ = i + 2 < n ? tab[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

static json_t *s_hex(const ProtobufCBinaryData *b)
{
    char hex[2 * WF_HASH_BYTES + 1] = "";
    if (b->len == WF_HASH_BYTES)
        wf_hex(b->data, WF_HASH_BYTES, hex);
    return json_string(hex);
}

static json_t *s_entry(const Hr__Workflow__CaseJournalEntry *e)
{
    json_t *o = json_object();
    char iso[HR_TIME_ISO_LEN];
    json_object_set_new(o, "seq", json_integer((json_int_t)e->seq));
    json_object_set_new(o, "at_ms", json_integer(e->at_ms));
    json_object_set_new(o, "time", json_string(hr_time_iso(e->at_ms, iso)));
    json_object_set_new(o, "case_id", ctl_json_str(e->case_id));
    json_object_set_new(o, "actor", ctl_json_str(e->actor));
    json_object_set_new(o, "msg_id", ctl_json_str(e->msg_id));
    json_object_set_new(o, "request", ctl_json_str(e->request));
    json_object_set_new(o, "note", ctl_json_str(e->note));
    json_object_set_new(o, "case_sha256", s_hex(&e->case_sha256));
    json_object_set_new(o, "prev_hash", s_hex(&e->prev_hash));
    json_object_set_new(o, "hash", s_hex(&e->hash));
    char *b64 = s_base64(e->case_bytes.data, e->case_bytes.len);
    json_object_set_new(o, "case_bytes_base64", json_string(b64));
    hr_free(b64);
    return o;
}

// One version of the case for case-versions.json: which journal entry it renders (seq,
// case_sha256), when (UTC and the company's time) and the case as JSON.
static json_t *s_export_version(const Hr__Workflow__CaseJournalEntry *e, const ctl_zone_t *z,
                                hr_arena_t *arena)
{
    json_t *o = json_object();
    char iso[HR_TIME_ISO_LEN];
    json_object_set_new(o, "seq", json_integer((json_int_t)e->seq));
    json_object_set_new(o, "at_ms", json_integer(e->at_ms));
    json_object_set_new(o, "time", json_string(hr_time_iso(e->at_ms, iso)));
    json_object_set_new(o, "time_local", json_string(ctl_export_local(e->at_ms, z, arena)));
    json_object_set_new(o, "actor", ctl_json_str(e->actor));
    json_object_set_new(o, "request", ctl_json_str(e->request));
    json_object_set_new(o, "case_sha256", s_hex(&e->case_sha256));
    Hr__Workflow__Case *c = (Hr__Workflow__Case *)protobuf_c_message_unpack(
        &hr__workflow__case__descriptor, hr_arena_pb_allocator(arena), e->case_bytes.len,
        e->case_bytes.data);
    json_object_set_new(o, "case", c ? ctl_pb_to_json(&c->base) : json_null());
    return o;
}

// One page of the case's entries after after_seq: checked, then written to f. The entries
// written, or -1 (said on stderr).
static int s_page(const Hr__Workflow__CaseJournalReply *rep, const char *case_id, FILE *f,
                  json_t *versions, const ctl_zone_t *z, hr_arena_t *arena)
{
    for (size_t i = 0; i < rep->n_entries; i++) {
        const Hr__Workflow__CaseJournalEntry *e = rep->entries[i];
        // Each entry's own fields recompute; the link to the entry before it in the whole
        // journal (another case's, mostly) is its prev_hash, given as it stands.
        unsigned char prev[WF_HASH_BYTES] = {0};
        if (e->prev_hash.len == WF_HASH_BYTES)
            memcpy(prev, e->prev_hash.data, WF_HASH_BYTES);
        const char *why = wf_journal_check(e, e->seq, prev);
        if (why || strcmp(e->case_id, case_id)) {
            fprintf(stderr,
                    "hrctl evidence export: case journal entry %llu does not recompute (%s); "
                    "run hrctl verify\n",
                    (unsigned long long)e->seq, why ? why : "case_id");
            return -1;
        }
    }
    for (size_t i = 0; i < rep->n_entries; i++) {
        json_t *o = s_entry(rep->entries[i]);
        char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        fprintf(f, "%s\n", line);
        free(line);
        json_decref(o);
        json_array_append_new(versions, s_export_version(rep->entries[i], z, arena));
    }
    return (int)rep->n_entries;
}

// case-versions.json: the journal's versions of the case made readable, said to be a rendering
// (README.txt); its SHA-256 into the manifest. 0, or -1 said on stderr.
static int s_versions(const char *dir, const char *case_id, json_t *versions, json_t *manifest)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "case_id", ctl_json_str(case_id));
    json_object_set_new(
        doc, "note",
        json_string("A convenience rendering of case_bytes_base64 in case-journal.jsonl, which "
                    "is authoritative: no journal hash covers this file. 便于阅读的转写, 以 "
                    "case-journal.jsonl 中经哈希链覆盖的 case_bytes_base64 为准。"));
    json_object_set_new(doc, "versions", json_incref(versions));
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(doc);
    char *path = hr_strfmt("%s/case-versions.json", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    size_t len = strlen(text), off = 0;
    while (fd >= 0 && off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    int rc = fd >= 0 && off == len && !fsync(fd) ? 0 : -1;
    if (fd >= 0 && close(fd))
        rc = -1;
    if (rc) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            unlink(path); // nothing half-written is left to be mistaken for the rendering
    }
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(d, (const unsigned char *)text, len);
    ev_hex(d, sizeof d, hex);
    json_t *v = json_object();
    json_object_set_new(v, "file", json_string("case-versions.json"));
    json_object_set_new(v, "sha256", json_string(hex));
    json_object_set_new(v, "authoritative", json_false());
    json_object_set_new(v, "renders", json_string("case-journal.jsonl case_bytes_base64"));
    json_object_set_new(manifest, "case_versions", v);
    free(text);
    hr_free(path);
    return rc;
}

int ctl_journal_export(ctl_ev_t *c, const char *case_id, const char *dir, json_t *manifest,
                       char head_out[CTL_JOURNAL_HEAD_MAX])
{
    char *err = NULL;
    char *endpoint = ctl_endpoint(c->dir, "workflow", &err);
    if (!endpoint) {
        printf("case journal: not exported (workflow: %s)\n", err ? err : "?");
        hr_free(err);
        return CTL_JOURNAL_SKIPPED;
    }
    hr_free(endpoint);
    hr_arena_t *arena = hr_arena_new(0);
    char *path = hr_strfmt("%s/case-journal.jsonl", dir);
    // 0600 like every file of the export: the journal holds every version of the case. A file
    // already there is not ours to overwrite (or to remove after an error).
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int code = -1, entries = 0;
    bool created = fd >= 0;
    json_t *versions = json_array();
    if (!f) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    Hr__Workflow__CaseJournalReply *rep = NULL;
    uint64_t after = 0;
    ctl_wf_opts_t zo = {.config_dir = c->dir};
    ctl_zone_t zone = ctl_zone(&zo);
    for (int pages = 0;; pages++) {
        hr_arena_reset(arena);
        Hr__Workflow__CaseJournalRequest req = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
        req.case_id = (char *)case_id;
        req.after_seq = after;
        hr_rc_t rc = ctl_service_call("hrctl evidence export", "workflow", "workflow.CaseJournal",
                                      c->dir, &c->actor, "workflow.CaseJournal", &req.base,
                                      &hr__workflow__case_journal_reply__descriptor,
                                      CTL_JOURNAL_TIMEOUT_MS, NULL, arena, (void **)&rep);
        if (rc == HR_ENOTFOUND) {
            printf("case journal: not exported (the workflow has no case %s)\n", case_id);
            code = CTL_JOURNAL_SKIPPED;
        }
        if (rc)
            goto out;
        int n = s_page(rep, case_id, f, versions, &zone, arena);
        if (n < 0)
            goto out;
        entries += n;
        if (!rep->next_after)
            break;
        if (rep->next_after <= after || pages > 1000000) {
            fprintf(stderr, "hrctl evidence export: the case journal does not move on\n");
            goto out;
        }
        after = rep->next_after;
    }
    char hex[2 * WF_HASH_BYTES + 1] = "";
    if (rep->head_hash.len == WF_HASH_BYTES)
        wf_hex(rep->head_hash.data, WF_HASH_BYTES, hex);
    fprintf(f, "{\"journal_head\": {\"seq\": %llu, \"hash\": \"%s\"}}\n",
            (unsigned long long)rep->head_seq, hex);
    int crc = fflush(f) || fsync(fileno(f)) ? EOF : 0;
    crc |= fclose(f);
    f = NULL;
    if (crc) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        goto out;
    }
    snprintf(head_out, CTL_JOURNAL_HEAD_MAX, "%llu:%s", (unsigned long long)rep->head_seq, hex);
    json_t *j = json_object();
    json_object_set_new(j, "file", json_string("case-journal.jsonl"));
    json_object_set_new(j, "entries", json_integer(entries));
    json_object_set_new(j, "journal_head_seq", json_integer((json_int_t)rep->head_seq));
    json_object_set_new(j, "journal_head_hash", json_string(hex));
    json_object_set_new(manifest, "case_journal", j);
    if (s_versions(dir, case_id, versions, manifest))
        goto out;
    code = entries;
out:
    json_decref(versions);
    if (f)
        fclose(f);
    if (code < 0 && created)
        unlink(path); // nothing half-written is left to be mistaken for the journal
    hr_free(path);
    hr_arena_destroy(&arena);
    return code;
}

#define S_JOURNAL_WHO "hrctl case journal"

static int s_journal_usage(const char *why)
{
    fprintf(stderr, S_JOURNAL_WHO ": %s\nusage: hrctl case journal CASE_ID [--json]\n", why);
    return CTL_EXIT_USAGE;
}

// The fields of the case that differ from the version before (prev NULL: the first), as a JSON
// array of names; version and history change with every write and say nothing more than the
// request does.
static json_t *s_changed(json_t *prev, json_t *cur)
{
    json_t *names = json_array();
    if (!prev || !cur)
        return names;
    const char *key;
    json_t *v;
    json_object_foreach(cur, key, v)
    {
        if (strcmp(key, "version") && strcmp(key, "history") &&
            !json_equal(v, json_object_get(prev, key)))
            json_array_append_new(names, json_string(key));
    }
    json_object_foreach(prev, key, v)
    {
        if (!json_object_get(cur, key))
            json_array_append_new(names, json_string(key));
    }
    return names;
}

// One entry as `case journal` shows it (owned): entry cur of the case, prev the version before.
static json_t *s_version(const Hr__Workflow__CaseJournalEntry *e, json_t *prev, json_t *cur)
{
    json_t *o = json_object();
    char iso[HR_TIME_ISO_LEN];
    json_object_set_new(o, "seq", json_integer((json_int_t)e->seq));
    json_object_set_new(o, "at_ms", json_integer(e->at_ms));
    json_object_set_new(o, "time", json_string(hr_time_iso(e->at_ms, iso)));
    json_object_set_new(o, "actor", ctl_json_str(e->actor));
    json_object_set_new(o, "request", ctl_json_str(e->request));
    json_object_set_new(o, "note", ctl_json_str(e->note));
    json_t *state = cur ? json_object_get(cur, "state") : NULL;
    json_object_set_new(o, "state", state ? json_incref(state) : json_null());
    // The step the case stands at: steps[current].key ("hr_review").
    json_t *step = cur ? json_array_get(json_object_get(cur, "steps"),
                                        (size_t)json_integer_value(json_object_get(cur, "current")))
                       : NULL;
    json_t *key = step ? json_object_get(step, "key") : NULL;
    json_object_set_new(o, "step", key ? json_incref(key) : json_string(""));
    json_object_set_new(o, "changed", s_changed(prev, cur));
    json_object_set_new(o, "case_sha256", s_hex(&e->case_sha256));
    json_object_set_new(o, "hash", s_hex(&e->hash));
    json_object_set_new(o, "case", cur ? json_incref(cur) : json_null());
    return o;
}

// The state's name without its enum prefix ("SUBMITTED"), "?" for none.
static const char *s_state_name(json_t *v)
{
    const char *s = json_string_value(v);
    if (!s)
        return "?";
    return strncmp(s, "CASE_STATE_", 11) ? s : s + 11;
}

static void s_print_versions(const char *case_id, json_t *versions, const char *head,
                             const ctl_wf_opts_t *opts, hr_arena_t *arena)
{
    ctl_zone_t z = ctl_zone(opts);
    printf("case %s: %zu versions in the workflow's case journal, each recomputed here; journal "
           "head %s\n",
           case_id, json_array_size(versions), head);
    printf("%-6s %-16s %-10s %-26s %-24s %s\n", "SEQ", hr_arena_fmt(arena, "WHEN (%s)", z.name),
           "BY", "REQUEST", "STATE/STEP", "CHANGED");
    size_t i;
    json_t *v;
    json_array_foreach(versions, i, v)
    {
        char t[HR_TIME_ISO_LEN];
        ctl_when(json_integer_value(json_object_get(v, "at_ms")), &z, t);
        const char *note = json_string_value(json_object_get(v, "note"));
        json_t *changed = json_object_get(v, "changed");
        char *what = NULL;
        if (note && *note)
            what = hr_strdup(note);
        else if (i == 0)
            what = hr_strdup("(first version)");
        else if (!json_array_size(changed))
            what = hr_strdup("-");
        size_t k;
        json_t *name;
        json_array_foreach(changed, k, name)
        {
            if (note && *note)
                break;
            char *more =
                hr_strfmt("%s%s%s", what ? what : "", what ? ", " : "", json_string_value(name));
            hr_free(what);
            what = more;
        }
        const char *step = json_string_value(json_object_get(v, "step"));
        const char *where = hr_arena_fmt(arena, "%s%s%s", s_state_name(json_object_get(v, "state")),
                                         step && *step ? "/" : "", step ? step : "");
        printf("%-6lld %-16s %-10s %-26s %-24s %s\n",
               (long long)json_integer_value(json_object_get(v, "seq")), t,
               ctl_text_safe(arena, json_string_value(json_object_get(v, "actor"))),
               ctl_text_safe(arena, json_string_value(json_object_get(v, "request"))),
               ctl_text_safe(arena, where), ctl_text_safe(arena, what));
        hr_free(what);
    }
}

int ctl_case_journal(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    if (argc < 3 || argv[2][0] == '-')
        return s_journal_usage("which case? (its id)");
    if (argc > 3)
        return s_journal_usage(
            hr_arena_fmt(arena, "unknown option or word: %s", ctl_text_safe(arena, argv[3])));
    const char *case_id = argv[2];
    hr_arena_t *page = hr_arena_new(0);
    json_t *versions = json_array(), *prev = NULL;
    int code = CTL_EXIT_FAIL;
    char head[CTL_JOURNAL_HEAD_MAX] = "";
    uint64_t after = 0;
    for (int pages = 0;; pages++) {
        hr_arena_reset(page);
        Hr__Workflow__CaseJournalRequest req = HR__WORKFLOW__CASE_JOURNAL_REQUEST__INIT;
        req.case_id = (char *)case_id;
        req.after_seq = after;
        Hr__Workflow__CaseJournalReply *rep = NULL;
        hr_rc_t rc =
            ctl_wf_call(opts, "workflow.CaseJournal", &req.base,
                        &hr__workflow__case_journal_reply__descriptor, page, NULL, (void **)&rep);
        if (rc) {
            code = ctl_wf_exit(rc);
            goto out;
        }
        for (size_t i = 0; i < rep->n_entries; i++) {
            const Hr__Workflow__CaseJournalEntry *e = rep->entries[i];
            unsigned char prev_hash[WF_HASH_BYTES] = {0};
            if (e->prev_hash.len == WF_HASH_BYTES)
                memcpy(prev_hash, e->prev_hash.data, WF_HASH_BYTES);
            const char *why = wf_journal_check(e, e->seq, prev_hash);
            if (why || strcmp(e->case_id, case_id)) {
                fprintf(stderr,
                        S_JOURNAL_WHO ": entry %llu does not recompute (%s): run hrctl verify\n",
                        (unsigned long long)e->seq, why ? why : "another case's entry");
                goto out;
            }
            Hr__Workflow__Case *c = (Hr__Workflow__Case *)protobuf_c_message_unpack(
                &hr__workflow__case__descriptor, hr_arena_pb_allocator(page), e->case_bytes.len,
                e->case_bytes.data);
            json_t *cur = c ? ctl_pb_to_json(&c->base) : NULL;
            json_array_append_new(versions, s_version(e, prev, cur));
            json_decref(prev);
            prev = cur;
        }
        if (!rep->next_after) {
            char hex[2 * WF_HASH_BYTES + 1] = "";
            if (rep->head_hash.len == WF_HASH_BYTES)
                wf_hex(rep->head_hash.data, WF_HASH_BYTES, hex);
            snprintf(head, sizeof head, "%llu:%s", (unsigned long long)rep->head_seq, hex);
            break;
        }
        if (rep->next_after <= after || pages > 1000000) {
            fprintf(stderr, S_JOURNAL_WHO ": the case journal does not move on\n");
            goto out;
        }
        after = rep->next_after;
    }
    if (opts->json) {
        json_t *o = json_object();
        json_object_set_new(o, "case_id", json_string(case_id));
        json_object_set_new(o, "journal_head", json_string(head));
        json_object_set_new(o, "versions", json_incref(versions));
        ctl_json_print(o);
    } else {
        s_print_versions(case_id, versions, head, opts, arena);
    }
    code = CTL_EXIT_OK;
out:
    json_decref(prev);
    json_decref(versions);
    hr_arena_destroy(&page);
    return code;
}
