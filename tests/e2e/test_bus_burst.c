/*  e2e.bus_burst - a real daemon answers bursts of pipelined requests far larger than one
 *  dispatch batch, from two clients at once, every one exactly once.
 *
 *  The daemon loop polls its ROUTER's ZMQ_FD, which is edge-triggered: a loop that waited after
 *  a dispatch stopped at HR_SERVER_BATCH would leave requests unanswered until the next
 *  unrelated wake-up. This is the test that catches it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"
#include "hr_test.h"

#define BURST (20 * HR_SERVER_BATCH + 7)
#define NCLIENTS 2
#define WAIT_MS 10000

static void test_pipelined_bursts_are_all_answered_once(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("burst");
    static const char *const services[] = {"analytics", NULL};
    assert_int_equal(e2e_start(c, services), 0);
    hr_clock_t *clock = hr_clock_system_new();
    hr_arena_t *arena = hr_arena_new(0);
    hr_client_t *clients[NCLIENTS];
    char *err = NULL;
    for (int k = 0; k < NCLIENTS; k++) {
        clients[k] = hr_client_new(e2e_endpoint(c, "analytics"), clock, &err);
        assert_non_null(clients[k]);
    }
    // Every request of a burst goes out before any reply is read.
    char(*ids)[HR_ID_LEN + 1] = hr_alloc((size_t)NCLIENTS * BURST * sizeof *ids);
    Hr__Sys__PingRequest ping = HR__SYS__PING_REQUEST__INIT;
    ping.payload.data = (uint8_t *)"burst";
    ping.payload.len = 5;
    ProtobufCBinaryData body = hr_envelope_pack_body(arena, &ping.base);
    for (int i = 0; i < BURST; i++)
        for (int k = 0; k < NCLIENTS; k++) {
            Hr__Envelope env = HR__ENVELOPE__INIT;
            char *id = ids[k * BURST + i];
            hr_id_make(hr_clock_now_ms(clock), id);
            env.msg_id = id;
            env.type = "sys.Ping";
            env.body = body;
            assert_int_equal(hr_client_send(clients[k], &env, NULL), HR_OK);
        }
    // Collect: each msg_id answered exactly once, with status OK.
    bool *seen = hr_alloc((size_t)NCLIENTS * BURST);
    int answered = 0;
    zpoller_t *poller =
        zpoller_new(hr_client_socket(clients[0]), hr_client_socket(clients[1]), NULL);
    while (answered < NCLIENTS * BURST) {
        void *which = zpoller_wait(poller, WAIT_MS);
        if (!which)
            break;
        int k = which == hr_client_socket(clients[0]) ? 0 : 1;
        Hr__Envelope *reply = NULL;
        zmsg_t *frames = NULL;
        while (hr_client_recv(clients[k], arena, &reply, &frames) == HR_OK) {
            assert_non_null(reply->status);
            assert_int_equal(reply->status->code, HR_OK);
            int found = -1;
            for (int i = 0; i < BURST && found < 0; i++)
                if (!strcmp(ids[k * BURST + i], reply->correlation_id))
                    found = k * BURST + i;
            assert_true(found >= 0);
            assert_false(seen[found]);
            seen[found] = true;
            answered++;
            zmsg_destroy(&frames);
        }
        hr_arena_reset(arena);
    }
    zpoller_destroy(&poller);
    assert_int_equal(answered, NCLIENTS * BURST);

    // The daemon counted them and still answers.
    Hr__Sys__StatusRequest sreq = HR__SYS__STATUS_REQUEST__INIT;
    hr_result_t res;
    assert_int_equal(e2e_call(c, "analytics", "sys.Status", &sreq.base,
                              &hr__sys__status_reply__descriptor, arena, &res),
                     HR_OK);
    Hr__Sys__StatusReply *st = res.reply;
    assert_true(st->requests >= (uint64_t)(NCLIENTS * BURST));

    hr_free(seen);
    hr_free(ids);
    for (int k = 0; k < NCLIENTS; k++)
        hr_client_destroy(&clients[k]);
    hr_arena_destroy(&arena);
    hr_clock_destroy(&clock);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    zsys_init();
    zsys_set_logstream(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipelined_bursts_are_all_answered_once),
    };
    return cmocka_run_group_tests_name("e2e.bus_burst", tests, NULL, NULL);
}
