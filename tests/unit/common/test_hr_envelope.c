/*  test_hr_envelope - the bus's framing: the type validation table, every decode error with
 *  its reason, and packing round trips (envelope frame, body, the whole [tag, envelope] message).
 */
#define _GNU_SOURCE // memmem
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hr.h"
#include "hr_test.h"

#define WHY_LEN 256
#define VALID_ID "01JNGZ3V8Q7W2K5M9P4R6T8X0Y"

typedef struct {
    hr_arena_t *arena; // owned
} fixture_t;

static int s_setup(void **state)
{
    fixture_t *f = hr_alloc(sizeof *f);
    f->arena = hr_arena_new(0);
    *state = f;
    return 0;
}

static int s_teardown(void **state)
{
    fixture_t *f = *state;
    hr_arena_destroy(&f->arena);
    hr_free(f);
    return 0;
}

// Packs env into arena memory.
static ProtobufCBinaryData s_pack(fixture_t *f, const Hr__Envelope *env)
{
    return hr_envelope_pack_body(f->arena, &env->base);
}

// Decodes bytes expecting HR_EINVAL and a reason starting with want_prefix.
static void s_assert_rejected(fixture_t *f, const void *data, size_t len, const char *want_prefix)
{
    char why[WHY_LEN] = "";
    Hr__Envelope *env = (Hr__Envelope *)&env; // anything but NULL: decode must clear it
    assert_int_equal(hr_envelope_decode(data, len, f->arena, &env, why, sizeof why), HR_EINVAL);
    assert_null(env);
    if (strncmp(why, want_prefix, strlen(want_prefix)))
        fail_msg("reason '%s' does not start with '%s'", why, want_prefix);
    assert_null(strchr(why, '\n'));
}

static void s_assert_rejected_env(fixture_t *f, const Hr__Envelope *env, const char *want_prefix)
{
    ProtobufCBinaryData b = s_pack(f, env);
    s_assert_rejected(f, b.data, b.len, want_prefix);
}

static void test_type_validation_table(void **state)
{
    HR_UNUSED(state);
    static const struct {
        const char *type;
        bool valid;
    } rows[] = {
        {"sys.Ping", true},
        {"workflow.OpenCase", true},
        {"a.B", true},          // shortest: 3 bytes
        {"ev.Add2Files", true}, // digits after the first letter of the name
        {"ab.C", true},
        {"a.", false}, // 2 bytes, no name
        {"", false},
        {"sys", false},      // no dot
        {"sys.", false},     // empty name
        {".Ping", false},    // empty service
        {"Sys.Ping", false}, // upper-case service
        {"sYs.Ping", false},
        {"sy1.Ping", false},  // digit in the service
        {"sy_s.Ping", false}, // underscore in the service
        {"sys.ping", false},  // name does not start upper-case
        {"sys.2Ping", false},
        {"sys.Ping.Again", false}, // two dots
        {"sys..Ping", false},
        {"sys.Pi-ng", false},
        {"sys.Pi ng", false},
        {"sys.Ping\n", false},
        {"sys.P\xc3\xbfing", false}, // non-ASCII letter
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(rows); i++)
        if (hr_envelope_type_is_valid(rows[i].type) != rows[i].valid)
            fail_msg("'%s': want %s", rows[i].type, rows[i].valid ? "valid" : "invalid");
    assert_false(hr_envelope_type_is_valid(NULL));
}

static void test_type_length_boundary_is_64_bytes(void **state)
{
    HR_UNUSED(state);
    char type[HR_TYPE_MAX + 2];
    memset(type, 'P', sizeof type);
    type[0] = 's';
    type[1] = '.';
    type[HR_TYPE_MAX] = '\0'; // exactly 64 bytes
    assert_int_equal(strlen(type), HR_TYPE_MAX);
    assert_true(hr_envelope_type_is_valid(type));
    type[HR_TYPE_MAX] = 'P';
    type[HR_TYPE_MAX + 1] = '\0'; // 65 bytes
    assert_false(hr_envelope_type_is_valid(type));
}

static void test_valid_envelope_decodes(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.type = "sys.Ping";
    ProtobufCBinaryData b = s_pack(f, &env);
    char why[WHY_LEN] = "";
    Hr__Envelope *out = NULL;
    assert_int_equal(hr_envelope_decode(b.data, b.len, f->arena, &out, why, sizeof why), HR_OK);
    assert_non_null(out);
    assert_string_equal(out->msg_id, VALID_ID);
    assert_string_equal(out->type, "sys.Ping");
}

// protobuf-c hands strings over as C strings: a NUL inside one would cut the text short without
// a word, so decoding refuses it, naming the field - nested and repeated ones too. A bytes field
// (the body) holds NULs as data.
static void test_a_string_with_a_nul_byte_is_refused_naming_the_field(void **state)
{
    fixture_t *f = *state;
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"hr", "zzzz"};
    actor.user_id = "E0101";
    actor.roles = roles;
    actor.n_roles = 2;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.type = "sys.Ping";
    env.actor = &actor;
    uint8_t zeros[4] = {0};
    env.body.data = zeros;
    env.body.len = sizeof zeros;
    ProtobufCBinaryData b = s_pack(f, &env);
    char why[WHY_LEN] = "";
    Hr__Envelope *out = NULL;
    assert_int_equal(hr_envelope_decode(b.data, b.len, f->arena, &out, why, sizeof why), HR_OK);
    struct {
        const char *find;
        const char *why;
    } cases[] = {{"zzzz", "actor.roles[1]: holds a NUL byte"},
                 {"E0101", "actor.user_id: holds a NUL byte"},
                 {"sys.Ping", "type: holds a NUL byte"}};
    for (size_t i = 0; i < HR_ARRAY_LEN(cases); i++) {
        uint8_t *copy = hr_arena_alloc(f->arena, b.len);
        memcpy(copy, b.data, b.len);
        uint8_t *at = memmem(copy, b.len, cases[i].find, strlen(cases[i].find));
        assert_non_null(at);
        at[2] = '\0'; // "zz\0z": the same length, valid protobuf
        char path[64];
        assert_true(
            hr_pb_string_has_nul(&hr__envelope__descriptor, copy, b.len, path, sizeof path));
        assert_int_equal(hr_envelope_decode(copy, b.len, f->arena, &out, why, sizeof why),
                         HR_EINVAL);
        if (!strstr(why, cases[i].why))
            fail_msg("%s: %s", cases[i].find, why);
    }
    // Bytes that are not protobuf are passed over (unpacking judges them), never read past.
    char path[64];
    assert_false(hr_pb_string_has_nul(&hr__envelope__descriptor, "\x0a\xff", 2, path, sizeof path));
    assert_false(hr_pb_string_has_nul(&hr__envelope__descriptor,
                                      "\x0a\x05"
                                      "ab",
                                      4, path, sizeof path));
}

static void test_oversized_envelope_is_rejected_naming_the_limit(void **state)
{
    fixture_t *f = *state;
    // The size is checked before a byte is parsed: the content does not matter.
    size_t len = HR_ENVELOPE_MAX_BYTES + 1;
    uint8_t *big = hr_alloc(len);
    s_assert_rejected(f, big, len, "envelope:");
    char why[WHY_LEN];
    Hr__Envelope *out = NULL;
    hr_envelope_decode(big, len, f->arena, &out, why, sizeof why);
    assert_non_null(strstr(why, "limit"));
    hr_free(big);
}

static void test_bytes_that_are_not_protobuf_are_rejected(void **state)
{
    fixture_t *f = *state;
    static const uint8_t running_off[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f}; // length too long
    static const uint8_t bad_wire_type[] = {0x0e, 0x00};                       // wire type 6
    static const uint8_t field_zero[] = {0x02, 0x01, 'x'};                     // field number 0
    static const uint8_t wrong_type_for_msg_id[] = {0x08, 0x05};               // msg_id as varint
    s_assert_rejected(f, running_off, sizeof running_off, "envelope: not a valid hr.Envelope");
    s_assert_rejected(f, bad_wire_type, sizeof bad_wire_type, "envelope:");
    s_assert_rejected(f, field_zero, sizeof field_zero, "envelope:");
    s_assert_rejected(f, wrong_type_for_msg_id, sizeof wrong_type_for_msg_id, "envelope:");
}

static void test_truncated_envelope_is_rejected(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.type = "sys.Ping";
    ProtobufCBinaryData b = s_pack(f, &env);
    s_assert_rejected(f, b.data, b.len - 1, "envelope:");
}

static void test_bad_msg_ids_are_rejected(void **state)
{
    fixture_t *f = *state;
    static const char *const ids[] = {
        "",
        "not-a-ulid",
        "01jngz3v8q7w2k5m9p4r6t8x0y",  // lower case
        "01JNGZ3V8Q7W2K5M9P4R6T8X0",   // 25 characters
        "01JNGZ3V8Q7W2K5M9P4R6T8X0Y0", // 27 characters
        "81JNGZ3V8Q7W2K5M9P4R6T8X0Y",  // first character above 7: beyond 48 bits of time
        "01JNGZ3V8Q7W2K5M9P4R6T8XIL",  // I and L are not Crockford
    };
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++) {
        Hr__Envelope env = HR__ENVELOPE__INIT;
        env.msg_id = (char *)ids[i];
        env.type = "sys.Ping";
        s_assert_rejected_env(f, &env, "msg_id: not a ULID");
    }
}

static void test_missing_or_malformed_type_is_rejected(void **state)
{
    fixture_t *f = *state;
    static const char *const types[] = {"", "sys", "Sys.Ping", "sys.ping", "a.B.C"};
    for (size_t i = 0; i < HR_ARRAY_LEN(types); i++) {
        Hr__Envelope env = HR__ENVELOPE__INIT;
        env.msg_id = VALID_ID;
        env.type = (char *)types[i];
        s_assert_rejected_env(f, &env, "type: not of the form service.VerbNoun");
    }
}

static void test_negative_times_are_rejected_naming_the_field(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.type = "sys.Ping";
    env.deadline_ms = -1;
    s_assert_rejected_env(f, &env, "deadline_ms: negative");
    env.deadline_ms = 0;
    env.sent_at_ms = -1;
    s_assert_rejected_env(f, &env, "sent_at_ms: negative");
}

static void test_reason_is_cut_to_the_buffer(void **state)
{
    fixture_t *f = *state;
    static const uint8_t junk[] = {0x0e, 0x00};
    char why[8];
    memset(why, 'x', sizeof why);
    Hr__Envelope *out = NULL;
    assert_int_equal(hr_envelope_decode(junk, sizeof junk, f->arena, &out, why, sizeof why),
                     HR_EINVAL);
    assert_int_equal(strlen(why), sizeof why - 1);
    assert_memory_equal(why, "envelop", 7);
}

static void test_unknown_fields_are_kept_out_of_the_way(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.type = "sys.Ping";
    ProtobufCBinaryData b = s_pack(f, &env);
    // A newer sender's field 15 (varint) and field 100 (bytes): additive changes must decode.
    static const uint8_t extra[] = {0x78, 0x05, 0xa2, 0x06, 0x03, 'a', 'b', 'c'};
    uint8_t *buf = hr_arena_alloc(f->arena, b.len + sizeof extra);
    memcpy(buf, b.data, b.len);
    memcpy(buf + b.len, extra, sizeof extra);
    char why[WHY_LEN];
    Hr__Envelope *out = NULL;
    assert_int_equal(hr_envelope_decode(buf, b.len + sizeof extra, f->arena, &out, why, sizeof why),
                     HR_OK);
    assert_string_equal(out->type, "sys.Ping");
}

static void test_frame_round_trip_keeps_every_field(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__PingRequest ping = HR__SYS__PING_REQUEST__INIT;
    ping.payload.data = (uint8_t *)"hello";
    ping.payload.len = 5;
    char *roles[] = {"hr", "operator"};
    Hr__Actor actor = HR__ACTOR__INIT;
    actor.user_id = "u1";
    actor.roles = roles;
    actor.n_roles = 2;
    actor.department_id = "d7";
    Hr__Status status = HR__STATUS__INIT;
    status.code = HR_ECONFLICT;
    status.message = "state: closed";
    status.details = "{\"step\":3}";
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.correlation_id = "01JNGZ3V8Q7W2K5M9P4R6T8X0Z";
    env.type = "workflow.OpenCase";
    env.attempt = 2;
    env.sent_at_ms = HR_TEST_T0_MS;
    env.deadline_ms = HR_TEST_T0_MS + 2000;
    env.actor = &actor;
    env.status = &status;
    env.body = hr_envelope_pack_body(f->arena, &ping.base);

    zframe_t *frame = hr_envelope_frame(&env);
    assert_non_null(frame);
    char why[WHY_LEN];
    Hr__Envelope *out = NULL;
    assert_int_equal(
        hr_envelope_decode(zframe_data(frame), zframe_size(frame), f->arena, &out, why, sizeof why),
        HR_OK);
    zframe_destroy(&frame);
    assert_string_equal(out->msg_id, env.msg_id);
    assert_string_equal(out->correlation_id, env.correlation_id);
    assert_string_equal(out->type, env.type);
    assert_int_equal(out->attempt, 2);
    assert_int_equal(out->sent_at_ms, HR_TEST_T0_MS);
    assert_int_equal(out->deadline_ms, HR_TEST_T0_MS + 2000);
    assert_non_null(out->actor);
    assert_string_equal(out->actor->user_id, "u1");
    assert_int_equal(out->actor->n_roles, 2);
    assert_string_equal(out->actor->roles[1], "operator");
    assert_string_equal(out->actor->department_id, "d7");
    assert_non_null(out->status);
    assert_int_equal(out->status->code, HR_ECONFLICT);
    assert_string_equal(out->status->message, "state: closed");
    assert_string_equal(out->status->details, "{\"step\":3}");
    Hr__Sys__PingRequest *body = (Hr__Sys__PingRequest *)protobuf_c_message_unpack(
        &hr__sys__ping_request__descriptor, hr_arena_pb_allocator(f->arena), out->body.len,
        out->body.data);
    assert_non_null(body);
    assert_int_equal(body->payload.len, 5);
    assert_memory_equal(body->payload.data, "hello", 5);
}

static void test_empty_envelope_packs_to_an_empty_frame_that_is_rejected(void **state)
{
    fixture_t *f = *state;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    zframe_t *frame = hr_envelope_frame(&env);
    assert_non_null(frame);
    assert_int_equal(zframe_size(frame), 0);
    char why[WHY_LEN];
    Hr__Envelope *out = NULL;
    assert_int_equal(
        hr_envelope_decode(zframe_data(frame), zframe_size(frame), f->arena, &out, why, sizeof why),
        HR_EINVAL);
    assert_string_equal(why, "msg_id: not a ULID");
    zframe_destroy(&frame);
}

static void test_empty_body_packs_to_a_valid_pointer(void **state)
{
    fixture_t *f = *state;
    Hr__Sys__StatusRequest req = HR__SYS__STATUS_REQUEST__INIT;
    ProtobufCBinaryData b = hr_envelope_pack_body(f->arena, &req.base);
    assert_int_equal(b.len, 0);
    assert_non_null(b.data);
    void *back = protobuf_c_message_unpack(&hr__sys__status_request__descriptor,
                                           hr_arena_pb_allocator(f->arena), b.len, b.data);
    assert_non_null(back);
}

static void test_wire_message_round_trip_over_inproc(void **state)
{
    fixture_t *f = *state;
    zsock_t *pull = zsock_new_pull("inproc://test-envelope");
    zsock_t *push = zsock_new_push(">inproc://test-envelope");
    assert_non_null(pull);
    assert_non_null(push);
    Hr__Envelope env = HR__ENVELOPE__INIT;
    env.msg_id = VALID_ID;
    env.type = "sys.Status";
    zmsg_t *msg = zmsg_new();
    zmsg_addstr(msg, HR_PROTO_TAG);
    zframe_t *frame = hr_envelope_frame(&env);
    zmsg_append(msg, &frame);
    zmsg_addstr(msg, "chunk");
    assert_int_equal(zmsg_send(&msg, push), 0);

    zmsg_t *in = zmsg_recv(pull);
    assert_non_null(in);
    assert_int_equal(zmsg_size(in), 3);
    char *tag = zmsg_popstr(in);
    assert_string_equal(tag, HR_PROTO_TAG);
    zstr_free(&tag);
    zframe_t *env_frame = zmsg_pop(in);
    char why[WHY_LEN];
    Hr__Envelope *out = NULL;
    assert_int_equal(hr_envelope_decode(zframe_data(env_frame), zframe_size(env_frame), f->arena,
                                        &out, why, sizeof why),
                     HR_OK);
    assert_string_equal(out->type, "sys.Status");
    char *chunk = zmsg_popstr(in);
    assert_string_equal(chunk, "chunk");
    zstr_free(&chunk);
    zframe_destroy(&env_frame);
    zmsg_destroy(&in);
    zsock_destroy(&push);
    zsock_destroy(&pull);
}

// The one role check of every service: exact names, any of a list, no actor at all.
static void test_actor_roles_are_matched_exactly(void **state)
{
    HR_UNUSED(state);
    Hr__Actor a = HR__ACTOR__INIT;
    char *roles[] = {"manager", "hr"};
    a.roles = roles;
    a.n_roles = 2;
    assert_true(hr_actor_has_role(&a, "hr"));
    assert_false(hr_actor_has_role(&a, "hr_head"));
    assert_false(hr_actor_has_role(&a, "h"));
    assert_false(hr_actor_has_role(NULL, "hr"));
    static const char *const custodians[] = {"legal", "operator", NULL};
    assert_false(hr_actor_has_any_role(&a, custodians));
    roles[0] = "legal";
    assert_true(hr_actor_has_any_role(&a, custodians));
}

// The system's own identities: the operator and each daemon only with their role, the ids
// reserved in any case, and a user id fit for a log line.
static void test_the_system_s_identities(void **state)
{
    HR_UNUSED(state);
    Hr__Actor a = HR__ACTOR__INIT;
    char *roles[] = {HR_SERVICE_ROLE};
    a.user_id = "workflow";
    a.roles = roles;
    a.n_roles = 1;
    assert_true(hr_actor_is_service(&a, "workflow"));
    assert_false(hr_actor_is_service(&a, "evidence"));
    assert_false(hr_actor_is_operator(&a));
    a.user_id = "E0110"; // a person claiming the role is no daemon
    assert_false(hr_actor_is_service(&a, "E0110"));
    a.user_id = "workflow";
    roles[0] = "operator";
    assert_false(hr_actor_is_service(&a, "workflow"));
    assert_false(hr_actor_is_operator(&a));
    a.user_id = HR_OPERATOR_ID;
    assert_true(hr_actor_is_operator(&a));
    assert_false(hr_actor_is_service(NULL, "workflow"));

    const char *reserved[] = {"operator",  "OPERATOR", "workflow",  "Evidence",
                              "analytics", "notify",   "assistant", "gateway"};
    for (size_t i = 0; i < HR_ARRAY_LEN(reserved); i++)
        assert_true(hr_user_id_is_reserved(reserved[i]));
    const char *people[] = {"E0110", "operators", "workflow1", "", "ops"};
    for (size_t i = 0; i < HR_ARRAY_LEN(people); i++)
        assert_false(hr_user_id_is_reserved(people[i]));
    assert_false(hr_user_id_is_reserved(NULL));

    assert_string_equal(hr_actor_log_id(&a), "operator");
    assert_string_equal(hr_actor_log_id(NULL), "-");
    a.user_id = "";
    assert_string_equal(hr_actor_log_id(&a), "-");
    a.user_id = "E0110 ev=store.backup";
    assert_string_equal(hr_actor_log_id(&a), "?");
    a.user_id = "E0110\nlvl=info";
    assert_string_equal(hr_actor_log_id(&a), "?");
    char long_id[66];
    memset(long_id, 'a', 65);
    long_id[65] = '\0';
    a.user_id = long_id;
    assert_string_equal(hr_actor_log_id(&a), "?");
    long_id[64] = '\0';
    assert_string_equal(hr_actor_log_id(&a), long_id);
}

int main(void)
{
    zsys_init();
    zsys_set_logstream(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_validation_table),
        cmocka_unit_test(test_type_length_boundary_is_64_bytes),
        cmocka_unit_test_setup_teardown(test_valid_envelope_decodes, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_oversized_envelope_is_rejected_naming_the_limit,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_bytes_that_are_not_protobuf_are_rejected, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_truncated_envelope_is_rejected, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_bad_msg_ids_are_rejected, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_missing_or_malformed_type_is_rejected, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_negative_times_are_rejected_naming_the_field, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_reason_is_cut_to_the_buffer, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_unknown_fields_are_kept_out_of_the_way, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_frame_round_trip_keeps_every_field, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(
            test_empty_envelope_packs_to_an_empty_frame_that_is_rejected, s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_empty_body_packs_to_a_valid_pointer, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_wire_message_round_trip_over_inproc, s_setup,
                                        s_teardown),
        cmocka_unit_test(test_actor_roles_are_matched_exactly),
        cmocka_unit_test_setup_teardown(test_a_string_with_a_nul_byte_is_refused_naming_the_field,
                                        s_setup, s_teardown),
        cmocka_unit_test(test_the_system_s_identities),
    };
    return cmocka_run_group_tests_name("unit.common.envelope", tests, NULL, NULL);
}
