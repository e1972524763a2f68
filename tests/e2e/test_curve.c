/*  e2e.curve - reliability P18: only enrolled parties talk on a tcp:// bus.
 *
 *  hr-analytics listens on tcp://127.0.0.1 with keys/curve_dir from `hrctl keys`. An enrolled
 *  client (this test as "hrctl", and the real hrctl binary) is answered; a client with a key
 *  that is not enrolled, and one with the NULL mechanism, get nothing; raw garbage on the port
 *  does not disturb the good client.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "hr_test.h"

#define SILENCE_MS 1500 // how long a refused client waits for an answer that never comes

// A TCP port nobody listens on now (bound to 0, read back, closed).
static int s_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void s_ping_ok(e2e_t *c)
{
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    hr_arena_t *arena = hr_arena_new(0);
    hr_result_t res;
    assert_int_equal(e2e_call(c, "analytics", "sys.Ping", &req.base,
                              &hr__sys__ping_reply__descriptor, arena, &res),
                     HR_OK);
    hr_arena_destroy(&arena);
}

// Sends a Ping on a raw DEALER (set up by the caller) and reports whether any answer came.
static bool s_answered(zsock_t *dealer, const char *endpoint)
{
    assert_int_equal(zsock_connect(dealer, "%s", endpoint), 0);
    hr_arena_t *arena = hr_arena_new(0);
    Hr__Sys__PingRequest req = HR__SYS__PING_REQUEST__INIT;
    char id[HR_ID_LEN + 1];
    hr_id_make((int64_t)zclock_time(), id);
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = id;
    env.type = "sys.Ping";
    env.body = hr_envelope_pack_body(arena, &req.base);
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&env);
    zmsg_append(msg, &frame);
    zmsg_send(&msg, dealer); // queued until a handshake that never completes
    zmsg_destroy(&msg);
    zpoller_t *p = zpoller_new(dealer, NULL);
    bool answered = zpoller_wait(p, SILENCE_MS) != NULL;
    zpoller_destroy(&p);
    hr_arena_destroy(&arena);
    return answered;
}

static void test_only_enrolled_parties_are_answered_on_tcp(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("curve");
    char *keys = hr_strfmt("%s/keys/curve", e2e_dir(c));
    const char *names[] = {"analytics", "workflow", "hrctl", NULL};
    char *err = NULL;
    assert_int_equal(hr_curve_make_keys(keys, names, &err), HR_OK);
    int port = s_free_port();
    char *endpoint = hr_strfmt("tcp://127.0.0.1:%d", port);
    e2e_set_endpoint(c, "analytics", endpoint);
    e2e_config(c, "analytics", "keys/curve_dir", keys);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);

    // 1. Enrolled: this process as hrctl, and the hrctl binary (keys/curve_dir from the config).
    assert_int_equal(hr_curve_init(keys, "hrctl", false, &err), HR_OK);
    hr_curve_peer(endpoint, "analytics");
    s_ping_ok(c);
    const char *const metrics[] = {"metrics", "--json", NULL}; // used again in 5.
    char *out = NULL, *errs = NULL;
    int rc = e2e_hrctl(c, &out, &errs, metrics);
    if (rc)
        fprintf(stderr, "hrctl metrics: %s%s\n", out, errs);
    assert_int_equal(rc, 0);
    hr_free(out);
    hr_free(errs);

    // 2. A key that is not enrolled: the handshake fails, nothing is answered.
    char *pub_path = hr_strfmt("%s/public/analytics.pub", keys);
    zcert_t *server = zcert_load(pub_path);
    assert_non_null(server);
    zcert_t *stranger = zcert_new();
    zsock_t *bad = zsock_new(ZMQ_DEALER);
    zsock_set_linger(bad, 0);
    zcert_apply(stranger, bad);
    zsock_set_curve_serverkey(bad, zcert_public_txt(server));
    assert_false(s_answered(bad, endpoint));
    zsock_destroy(&bad);
    zcert_destroy(&stranger);
    zcert_destroy(&server);
    hr_free(pub_path);

    // 3. The NULL mechanism (no CURVE at all): nothing either.
    zsock_t *plain = zsock_new(ZMQ_DEALER);
    zsock_set_linger(plain, 0);
    assert_false(s_answered(plain, endpoint));
    zsock_destroy(&plain);

    // 4. Garbage on the port, then the enrolled client again: still answered.
    for (int i = 0; i < 3; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET,
                                .sin_port = htons((uint16_t)port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
        unsigned char junk[4096];
        randombytes_buf(junk, sizeof junk);
        ssize_t w = write(fd, junk, sizeof junk);
        HR_UNUSED(w);
        close(fd);
    }
    s_ping_ok(c);

    // 5. hrctl whose key is readable by others refuses to start talking, saying why, rather
    //    than falling back to the clear and waiting out a timeout.
    char *hrctl_key = hr_strfmt("%s/hrctl.key", keys);
    assert_int_equal(chmod(hrctl_key, 0644), 0);
    rc = e2e_hrctl(c, &out, &errs, metrics);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(errs, "chmod 600"));
    hr_free(out);
    hr_free(errs);
    hr_free(hrctl_key);

    hr_free(endpoint);
    hr_free(keys);
    assert_int_equal(e2e_stop(&c), 0);
    hr_curve_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_enrolled_parties_are_answered_on_tcp),
    };
    return cmocka_run_group_tests_name("e2e.curve", tests, NULL, NULL);
}
