/*  e2e.workflow_attach - `hrctl case attach` with the real hr-workflow and hr-evidence: the
 *  kind and SHA-256 on the case are the evidence service's, never typed. A file is put and
 *  attached in one command; an unknown id and another case's evidence are refused with a
 *  message; a request without kind or hash is refused by the workflow naming the field.
 *
 *  The manager attaches the moment the case is open: hr-evidence, which learns the case's people
 *  from the workflow's log, reads the log first when asked about a case it has not heard of, so
 *  the attach is not refused as for a record "unknown to hr-evidence" (before, it was until the
 *  consumer's next poll, up to 3 s later). The test takes hr-evidence's PUB hints away and opens
 *  the case just after a poll, so without that catch-up the first attach is refused (unless it
 *  takes longer than the 3 s to the next poll).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>

#include "hr_test.h"
#include "workflow_util.h"

#define CONTENT "Hiring conditions for E0110, signed 2019-04-01. e2e.workflow_attach\n"

static void s_sha256_hex(const char *data, size_t len, char hex[65])
{
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(sum, (const unsigned char *)data, len);
    sodium_bin2hex(hex, 65, sum, sizeof sum);
}

// Writes text to a new file name in the test's directory; the path is owned by the caller.
static char *s_file(e2e_t *c, const char *name, const char *text)
{
    char *file = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(file, text, strlen(text)), 0);
    return file;
}

// The workflow's last event seq (sys.EventsSince, as the consumer asks it).
static uint64_t s_workflow_last_seq(e2e_t *c, hr_arena_t *arena)
{
    Hr__Sys__EventsSinceRequest req = HR__SYS__EVENTS_SINCE_REQUEST__INIT;
    req.max = 1;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "workflow", "sys.EventsSince", &req.base,
                              &hr__sys__events_since_reply__descriptor, arena, &res),
                     HR_OK);
    zmsg_destroy(&res.frames);
    return ((Hr__Sys__EventsSinceReply *)res.reply)->last_seq;
}

static void test_attach_right_after_open(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_start("workflow_attach_at_open");
    assert_non_null(c);
    wfe_config_evidence(c);
    // No hints reach hr-evidence (nobody binds there): it learns of the workflow's events by
    // its poll every HR_CONSUMER_POLL_MS, or by catching up when a request needs it.
    char *nohints = hr_strfmt("ipc://%s/run/no-hints.ipc", e2e_dir(c));
    e2e_config(c, "evidence", "peers/workflow_events", nohints);
    hr_free(nohints);
    assert_int_equal(e2e_start_one(c, "evidence", NULL), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    // Another case opened, and learnt at hr-evidence's next poll: just after it, the one after is
    // HR_CONSUMER_POLL_MS away, longer than the first command below takes.
    assert_non_null(wfe_open(c, "E0101", "E0111", "A40_2", arena));
    uint64_t last = s_workflow_last_seq(c, arena);
    assert_true(wfe_evidence_wait_applied(c, last, arena) >= last);

    Hr__Workflow__Case *cs = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    assert_non_null(cs);
    // 1. The manager puts and attaches a file of their own in one command.
    char *q3 = s_file(c, "q3.txt", "考核 Q3 王磊 不合格\n");
    const char *by_file[] = {"case", "attach", cs->id, "--file", q3, "--kind", "assessment_result",
                             "--as", "E0101",  NULL};
    char *out = NULL, *err = NULL;
    if (e2e_hrctl(c, &out, &err, by_file))
        fail_msg("hrctl case attach --file right after open: %s%s", out, err);
    hr_free(out);
    hr_free(err);
    // 2. A record HR (the operator here) put under the case: the manager attaches it by id.
    char *q2 = s_file(c, "q2.txt", "考核 Q2 王磊 不合格\n");
    const char *put[] = {"evidence",          "put", q2, "--case", cs->id, "--kind",
                         "assessment_result", NULL};
    if (e2e_hrctl(c, &out, &err, put))
        fail_msg("hrctl evidence put: %s%s", out, err);
    char rec[65];
    snprintf(rec, sizeof rec, "%.64s", out);
    hr_free(out);
    hr_free(err);
    const char *by_id[] = {"case", "attach", cs->id, rec, "--as", "E0101", NULL};
    if (e2e_hrctl(c, &out, &err, by_id))
        fail_msg("hrctl case attach ID right after open: %s%s", out, err);
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *got = wfe_get(c, cs->id, arena);
    assert_non_null(got);
    assert_int_equal(got->n_evidence, 2);

    // 3. A case the workflow never opened is still refused, by the workflow, before hr-evidence
    //    is asked.
    const char *none[] = {"case",  "attach", "01JZZZZZZZZZZZZZZZZZZZZZZZ", rec, "--as",
                          "E0101", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, none), 1);
    if (!strstr(err, "nothing attached"))
        fail_msg("attach to a case nobody opened: %s", err);
    hr_free(out);
    hr_free(err);
    hr_free(q2);
    hr_free(q3);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

static void test_attach_takes_kind_and_hash_from_evidence(void **state)
{
    HR_UNUSED(state);
    assert_true(sodium_init() >= 0);
    e2e_t *c = wfe_start_with_evidence("workflow_attach");
    assert_non_null(c);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    Hr__Workflow__Case *one = wfe_open(c, "E0101", "E0110", "A40_2", arena);
    Hr__Workflow__Case *two = wfe_open(c, "E0101", "E0111", "A40_2", arena);
    assert_non_null(one);
    assert_non_null(two);

    char *file = hr_strfmt("%s/conditions.txt", e2e_dir(c));
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(CONTENT, f);
    fclose(f);
    char sha[65];
    s_sha256_hex(CONTENT, strlen(CONTENT), sha);

    // 1. Put and attach in one command; the id printed is the content's hash.
    char *out = NULL, *err = NULL;
    const char *put[] = {"case",   "attach", one->id, "--file", file, "--kind", "hiring_conditions",
                         "--note", "signed", NULL};
    int rc = e2e_hrctl(c, &out, &err, put);
    if (rc)
        fprintf(stderr, "attach --file: exit %d: %s\n", rc, err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, sha));
    hr_free(out);
    hr_free(err);
    // The same file again: the workflow refuses it as attached already, and hrctl does not say
    // it is stored but not attached (it is).
    out = err = NULL;
    assert_int_not_equal(e2e_hrctl(c, &out, &err, put), 0);
    if (!strstr(err, "该证据已附在案件") || !strstr(err, "already attached") ||
        strstr(err, "not attached") || strstr(err, "未附入"))
        fail_msg("attach --file twice: %s%s", out, err);
    hr_free(out);
    hr_free(err);

    // 2. The case lists it with the evidence service's kind and SHA-256.
    const char *show[] = {"case", "show", one->id, "--json", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, show), 0);
    json_t *doc = json_loads(out, 0, NULL);
    assert_non_null(doc);
    json_t *ev = json_object_get(json_object_get(doc, "case"), "evidence");
    assert_int_equal(json_array_size(ev), 1);
    json_t *e0 = json_array_get(ev, 0);
    assert_string_equal(json_string_value(json_object_get(e0, "id")), sha);
    assert_string_equal(json_string_value(json_object_get(e0, "kind")), "hiring_conditions");
    assert_string_equal(json_string_value(json_object_get(e0, "sha256")), sha);
    assert_string_equal(json_string_value(json_object_get(e0, "note")), "signed");
    json_decref(doc);
    hr_free(out);
    hr_free(err);

    // 3. An id hr-evidence does not know: refused, nothing attached.
    const char *unknown[] = {"case", "attach", one->id,
                             "00000000000000000000000000000000000000000000000000000000000000ff",
                             NULL};
    rc = e2e_hrctl(c, &out, &err, unknown);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "unknown to hr-evidence"));
    hr_free(out);
    hr_free(err);

    // 4. Evidence of the other case: put there (as a plain upload), attachable there by id,
    //    refused on this case with the owner named.
    char *file2 = hr_strfmt("%s/warning.txt", e2e_dir(c));
    f = fopen(file2, "w");
    assert_non_null(f);
    fputs("Performance report for E0111.\n", f);
    fclose(f);
    const char *put2[] = {"evidence",           "put", file2, "--case", two->id, "--kind",
                          "performance_report", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, put2), 0);
    char id2[65];
    assert_int_equal(strlen(out), 65); // id + newline
    memcpy(id2, out, 64);
    id2[64] = '\0';
    hr_free(out);
    hr_free(err);
    const char *other[] = {"case", "attach", one->id, id2, NULL};
    rc = e2e_hrctl(c, &out, &err, other);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(err, "belongs to case"));
    assert_non_null(strstr(err, two->id));
    hr_free(out);
    hr_free(err);
    const char *own[] = {"case", "attach", two->id, id2, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, own), 0);
    hr_free(out);
    hr_free(err);
    Hr__Workflow__Case *got = wfe_get(c, two->id, arena);
    assert_non_null(got);
    assert_int_equal(got->n_evidence, 1);
    assert_string_equal(got->evidence[0]->kind, "performance_report");
    assert_string_equal(got->evidence[0]->sha256, id2);
    got = wfe_get(c, one->id, arena);
    assert_non_null(got);
    assert_int_equal(got->n_evidence, 1); // the refusals attached nothing

    // 5. The old hand-typed form is gone: usage, exit 2.
    const char *old[] = {"case", "attach", one->id, id2, "performance_report", id2, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, old), 2);
    hr_free(out);
    hr_free(err);

    // 6. The workflow itself refuses a request without kind or hash, naming the field.
    Hr__Workflow__AttachEvidenceRequest req = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    req.case_id = two->id;
    req.evidence_id = "ev-no-kind";
    req.sha256 = sha;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "workflow", "workflow.AttachEvidence", &req.base,
                              &hr__workflow__case_reply__descriptor, arena, &res),
                     HR_EINVAL);
    assert_non_null(strstr(res.message, "kind: required"));
    zmsg_destroy(&res.frames);
    req.kind = "performance_report";
    req.sha256 = "";
    assert_int_equal(e2e_call(c, "workflow", "workflow.AttachEvidence", &req.base,
                              &hr__workflow__case_reply__descriptor, arena, &res),
                     HR_EINVAL);
    assert_non_null(strstr(res.message, "sha256: required"));
    zmsg_destroy(&res.frames);

    hr_free(file);
    hr_free(file2);
    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attach_takes_kind_and_hash_from_evidence),
        cmocka_unit_test(test_attach_right_after_open),
    };
    return cmocka_run_group_tests_name("e2e.workflow_attach", tests, NULL, NULL);
}
