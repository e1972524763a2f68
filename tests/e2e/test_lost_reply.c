/*  e2e.lost_reply - reliability P3: "committed, but the reply was lost" is safe.
 *
 *  hr-workflow runs with the test hook test/exit_after_commit = workflow.OpenCase: it ends right
 *  after committing the case and before the reply leaves (Temporal's ExecuteAndTimeout case).
 *  The caller, hearing nothing, sends the same request again (same msg_id) to the restarted
 *  daemon: it gets the stored reply - the same case - and once more the very same bytes; the case
 *  exists once, with one history entry for its opening and one assignment notification queued.
 *
 *  Then reliability P5 on the same daemon: its deadline index is wiped while it is stopped; at
 *  the next start the reconciler puts the case's row back, logs it and counts it in sys.Status
 *  (due_diverged=1), never silently.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define WAIT_MS 5000

// Sends the OpenCase envelope (msg_id, attempt) on a fresh DEALER; the reply's envelope when one
// comes within wait_ms (arena), else NULL.
static Hr__Envelope *s_open(e2e_t *c, const char *msg_id, uint32_t attempt, int wait_ms,
                            hr_arena_t *arena)
{
    zsock_t *dealer = zsock_new(ZMQ_DEALER);
    zsock_set_linger(dealer, 0);
    assert_int_equal(zsock_connect(dealer, "%s", e2e_endpoint(c, "workflow")), 0);
    Hr__Workflow__OpenCaseRequest req = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    req.employee_no = "E0110";
    req.ground = "A40_2";
    req.reason = "e2e.lost_reply";
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"manager"};
    actor.user_id = "E0101";
    actor.roles = roles;
    actor.n_roles = 1;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = (char *)msg_id;
    env.type = "workflow.OpenCase";
    env.attempt = attempt;
    env.actor = &actor;
    env.body = hr_envelope_pack_body(arena, &req.base);
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&env);
    zmsg_append(msg, &frame);
    assert_int_equal(zmsg_send(&msg, dealer), 0);
    Hr__Envelope *reply = NULL;
    zpoller_t *p = zpoller_new(dealer, NULL);
    if (zpoller_wait(p, wait_ms)) {
        zmsg_t *in = zmsg_recv(dealer);
        zframe_t *tag = zmsg_first(in);
        zframe_t *body = zmsg_next(in);
        assert_true(tag && zframe_streq(tag, HR_PROTO_TAG) && body);
        reply = hr__envelope__unpack(hr_arena_pb_allocator(arena), zframe_size(body),
                                     zframe_data(body));
        zmsg_destroy(&in);
    }
    zpoller_destroy(&p);
    zsock_destroy(&dealer);
    return reply;
}

static Hr__Workflow__Case *s_case(Hr__Envelope *env, hr_arena_t *arena)
{
    assert_non_null(env);
    assert_true(!env->status || env->status->code == HR_OK);
    Hr__Workflow__CaseReply *rep = hr__workflow__case_reply__unpack(hr_arena_pb_allocator(arena),
                                                                    env->body.len, env->body.data);
    assert_non_null(rep);
    return rep->case_;
}

static void test_a_lost_reply_is_answered_again_and_applied_once(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = wfe_new("lost_reply");
    assert_non_null(c);
    e2e_config(c, "workflow", "test/exit_after_commit", "workflow.OpenCase");
    const char *const svcs[] = {"workflow", NULL};
    assert_int_equal(e2e_start(c, svcs), 0);
    hr_arena_t *arena = hr_arena_new(0);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // 1. Committed, then the daemon is gone: no answer.
    char msg_id[HR_ID_LEN + 1];
    hr_id_make((int64_t)zclock_time(), msg_id);
    assert_null(s_open(c, msg_id, 1, 1500, arena));
    // 2. Restarted (without the hook firing again: the retry is a replay, not a new commit).
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    Hr__Envelope *second = s_open(c, msg_id, 2, WAIT_MS, arena);
    Hr__Workflow__Case *kase = s_case(second, arena);
    assert_string_equal(kase->employee_no, "E0110");
    Hr__Envelope *third = s_open(c, msg_id, 3, WAIT_MS, arena);
    assert_non_null(third);
    assert_int_equal(third->body.len, second->body.len);
    assert_memory_equal(third->body.data, second->body.data, second->body.len);

    // 3. Once: one case for E0110, opened once, one assignment queued.
    Hr__Workflow__ListCasesRequest lr = HR__WORKFLOW__LIST_CASES_REQUEST__INIT;
    Hr__Workflow__ListCasesReply *list = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.ListCases", &lr.base,
                              &hr__workflow__list_cases_reply__descriptor, arena, (void **)&list),
                     HR_OK);
    size_t cases = 0;
    for (size_t i = 0; i < list->n_cases; i++)
        cases += !strcmp(list->cases[i]->employee_no, "E0110");
    assert_int_equal(cases, 1);
    Hr__Workflow__Case *got = wfe_get(c, kase->id, arena);
    assert_non_null(got);
    size_t opened = 0;
    for (size_t i = 0; i < got->n_history; i++)
        opened += !strcmp(got->history[i]->action, "opened");
    assert_int_equal(opened, 1);
    assert_int_equal(wfe_outbox_count(c, kase->id, "step_assigned", arena, NULL), 1);
    assert_int_equal(wfe_event_count(c, "workflow.CaseOpened", arena), 1);

    // 4. P5: the due index lost while the daemon is down comes back, said aloud.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    char *dir = hr_strfmt("%s/data/workflow", e2e_dir(c));
    static const char *const dbs[] = {"due", NULL};
    hr_store_t *store = hr_test_store_open_at(dir, dbs, 64, 8); // hr-workflow's schema
    assert_non_null(store);
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
    assert_int_equal(hr_store_count(txn, "due"), 1);
    assert_int_equal(hr_rc_from_mdb(mdb_drop(hr_txn_mdb(txn), hr_store_dbi(store, "due"), 0)),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    hr_store_destroy(&store);
    hr_free(dir);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    Hr__Sys__StatusRequest sr = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "workflow", "sys.Status", &sr.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    Hr__Sys__StatusReply *st = res.reply;
    bool said = false;
    for (size_t i = 0; i < st->n_extra; i++)
        said |= strstr(st->extra[i], "due_rebuilt=1 due_diverged=1") != NULL;
    assert_true(said);

    // 5. hrctl, hearing nothing after a change was asked for, says it may have been made: a
    //    rerun is a new request (a new msg_id), so the operator looks first.
    char *out = NULL, *err = NULL;
    const char *open[] = {"case", "open", "E0111", "A40_2", "--reason",
                          "e2e",  "--as", "E0101", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, open), 1);
    wfe_has("hrctl case open, no reply", err, "etimeout");
    wfe_has("hrctl case open, no reply", err,
            "the change may have been made before the reply was lost: look before you run it "
            "again");
    hr_free(out);
    hr_free(err);
    assert_int_equal(e2e_restart(c, "workflow"), 0);
    const char *ls[] = {"case", "list", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, ls), 0);
    wfe_has("hrctl case list", out, "E0111"); // it was
    hr_free(out);
    hr_free(err);
    // A read that times out is only a read: nothing to look for.
    assert_int_equal(e2e_stop_one(c, "workflow"), 0);
    assert_int_equal(e2e_hrctl(c, &out, &err, ls), 1);
    if (strstr(err, "may have been made"))
        fail_msg("hrctl case list, workflow stopped:\n%s", err);
    hr_free(out);
    hr_free(err);

    hr_arena_destroy(&arena);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_lost_reply_is_answered_again_and_applied_once),
    };
    return cmocka_run_group_tests_name("e2e.lost_reply", tests, NULL, NULL);
}
