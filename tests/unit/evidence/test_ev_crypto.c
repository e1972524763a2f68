/*  test_ev_crypto - master key parsing, key wrapping, blob names and Ed25519 signatures: each
 *  good path, and each way a wrapped key or a signature must refuse to open.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ev.h"
#include "hr_test.h"

#define ID_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define ID_B "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

static void s_keys(ev_keys_t *keys, unsigned char fill)
{
    unsigned char master[EV_KEY_BYTES];
    memset(master, fill, sizeof master);
    ev_keys_derive(master, keys);
}

static void test_key_file_parses_hex_with_newline_and_raw_bytes(void **state)
{
    HR_UNUSED(state);
    unsigned char m[EV_KEY_BYTES];
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
    assert_true(ev_key_parse((const unsigned char *)hex, strlen(hex), m));
    assert_int_equal(m[0], 0);
    assert_int_equal(m[31], 0x1f);
    unsigned char raw[EV_KEY_BYTES];
    memset(raw, 0xAB, sizeof raw);
    assert_true(ev_key_parse(raw, sizeof raw, m));
    assert_memory_equal(m, raw, sizeof raw);
}

static void test_key_file_rejects_short_long_and_non_hex(void **state)
{
    HR_UNUSED(state);
    unsigned char m[EV_KEY_BYTES];
    assert_false(ev_key_parse((const unsigned char *)"abcd", 4, m));
    const char *bad = "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    assert_false(ev_key_parse((const unsigned char *)bad, strlen(bad), m));
    unsigned char big[33] = {0};
    assert_false(ev_key_parse(big, sizeof big, m));
}

static void test_wrapped_key_opens_only_for_its_id_master_and_pad(void **state)
{
    HR_UNUSED(state);
    ev_keys_t k1, k2;
    s_keys(&k1, 1);
    s_keys(&k2, 2);
    unsigned char key[EV_KEY_BYTES], out[EV_KEY_BYTES], wrapped[EV_WRAPPED_KEY_BYTES];
    randombytes_buf(key, sizeof key);
    unsigned char pad[EV_BLOB_PAD_BYTES];
    randombytes_buf(pad, sizeof pad);
    ev_key_wrap(&k1, ID_A, pad, key, wrapped);
    assert_true(ev_key_unwrap(&k1, ID_A, pad, wrapped, sizeof wrapped, out));
    assert_memory_equal(key, out, sizeof key);
    assert_false(ev_key_unwrap(&k1, ID_B, pad, wrapped, sizeof wrapped, out));  // another id
    assert_false(ev_key_unwrap(&k2, ID_A, pad, wrapped, sizeof wrapped, out));  // another master
    assert_false(ev_key_unwrap(&k1, ID_A, NULL, wrapped, sizeof wrapped, out)); // no pad
    pad[31] ^= 1;
    assert_false(ev_key_unwrap(&k1, ID_A, pad, wrapped, sizeof wrapped, out)); // another pad
    pad[31] ^= 1;
    assert_false(ev_key_unwrap(&k1, ID_A, pad, wrapped, sizeof wrapped - 1, out));
    // A format-1 blob's key (no pad) opens with none, and not with a pad.
    unsigned char old[EV_WRAPPED_KEY_BYTES];
    ev_key_wrap(&k1, ID_A, NULL, key, old);
    assert_true(ev_key_unwrap(&k1, ID_A, NULL, old, sizeof old, out));
    assert_false(ev_key_unwrap(&k1, ID_A, pad, old, sizeof old, out));
    wrapped[30] ^= 1;
    assert_false(ev_key_unwrap(&k1, ID_A, pad, wrapped, sizeof wrapped, out));
}

static void test_blob_names_are_keyed_and_stable(void **state)
{
    HR_UNUSED(state);
    ev_keys_t k1, k2;
    s_keys(&k1, 1);
    s_keys(&k2, 2);
    char a1[EV_ID_HEX + 1], a1b[EV_ID_HEX + 1], a2[EV_ID_HEX + 1], b1[EV_ID_HEX + 1];
    ev_blob_name(&k1, ID_A, a1);
    ev_blob_name(&k1, ID_A, a1b);
    ev_blob_name(&k2, ID_A, a2);
    ev_blob_name(&k1, ID_B, b1);
    assert_string_equal(a1, a1b);
    assert_string_not_equal(a1, a2);
    assert_string_not_equal(a1, b1);
    assert_string_not_equal(a1, ID_A); // the disk never shows the content hash
    assert_true(ev_id_is_valid(a1));
}

static void test_key_check_value_differs_between_masters(void **state)
{
    HR_UNUSED(state);
    ev_keys_t k1, k2;
    s_keys(&k1, 1);
    s_keys(&k2, 2);
    unsigned char c1[EV_HASH_BYTES], c2[EV_HASH_BYTES];
    ev_key_check_value(&k1, c1);
    ev_key_check_value(&k2, c2);
    assert_memory_not_equal(c1, c2, EV_HASH_BYTES);
}

static void test_signature_verifies_and_any_change_breaks_it(void **state)
{
    HR_UNUSED(state);
    ev_keys_t k;
    s_keys(&k, 7);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], wsk[EV_WRAPPED_SK_BYTES], sig[crypto_sign_BYTES];
    ev_sign_keypair(&k, "emp-1", pk, wsk);
    int64_t t = HR_TEST_T0_MS;
    assert_true(ev_sign(&k, wsk, sizeof wsk, ID_A, "emp-1", t, "I received it", false, sig));
    assert_true(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-1", t, "I received it", false));
    assert_false(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_B, "emp-1", t, "I received it", false));
    assert_false(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-2", t, "I received it", false));
    assert_false(ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-1", t + 1,
                                "I received it", false));
    assert_false(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-1", t, "I agree", false));
    assert_false(ev_sign_verify(pk, sizeof pk - 1, sig, sizeof sig, ID_A, "emp-1", t, "x", false));
    // The wrapped secret key opens only for its own user.
    assert_false(ev_sign(&k, wsk, sizeof wsk, ID_A, "emp-2", t, "I received it", false, sig));
    // The disposition is signed: an acknowledgement never verifies as a refusal, nor the reverse.
    assert_true(ev_sign(&k, wsk, sizeof wsk, ID_A, "emp-1", t, "I received it", false, sig));
    assert_false(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-1", t, "I received it", true));
    assert_true(ev_sign(&k, wsk, sizeof wsk, ID_A, "emp-1", t, "I do not agree", true, sig));
    assert_true(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-1", t, "I do not agree", true));
    assert_false(
        ev_sign_verify(pk, sizeof pk, sig, sizeof sig, ID_A, "emp-1", t, "I do not agree", false));
}

// A refusal's canonical encoding names its own domain; an acknowledgement's is the one every
// older signature has (so old signatures verify as before).
static void test_signature_encoding_names_the_disposition(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    unsigned char *ack = NULL, *dec = NULL;
    size_t alen = ev_sign_encoding(ID_A, "emp-1", 1, "s", false, arena, &ack);
    size_t dlen = ev_sign_encoding(ID_A, "emp-1", 1, "s", true, arena, &dec);
    assert_int_equal(alen, 4 + 24 + 32 + 4 + 5 + 8 + 4 + 1);
    assert_memory_equal(ack + 4, "hr.evidence.signature.v1", 24);
    assert_int_equal(dlen, alen - 1);
    assert_memory_equal(dec + 4, "hr.evidence.declined.v1", 23);
    hr_arena_destroy(&arena);
}

static void test_hex_round_trip_and_id_validation(void **state)
{
    HR_UNUSED(state);
    unsigned char b[4] = {0x00, 0xff, 0x10, 0xab}, back[4];
    char hex[9];
    ev_hex(b, 4, hex);
    assert_string_equal(hex, "00ff10ab");
    assert_true(ev_unhex(hex, back, 4));
    assert_memory_equal(b, back, 4);
    assert_false(ev_unhex("00ff10a", back, 4));
    assert_true(ev_id_is_valid(ID_A));
    assert_false(
        ev_id_is_valid("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"));
    assert_false(ev_id_is_valid("../../etc/passwd"));
    assert_false(ev_id_is_valid(NULL));
    char sha[EV_ID_HEX + 1];
    ev_sha256_hex("test", 4, sha);
    assert_string_equal(sha, ID_A);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_file_parses_hex_with_newline_and_raw_bytes),
        cmocka_unit_test(test_key_file_rejects_short_long_and_non_hex),
        cmocka_unit_test(test_wrapped_key_opens_only_for_its_id_master_and_pad),
        cmocka_unit_test(test_blob_names_are_keyed_and_stable),
        cmocka_unit_test(test_key_check_value_differs_between_masters),
        cmocka_unit_test(test_signature_verifies_and_any_change_breaks_it),
        cmocka_unit_test(test_signature_encoding_names_the_disposition),
        cmocka_unit_test(test_hex_round_trip_and_id_validation),
    };
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests_name("unit.evidence.crypto", tests, NULL, NULL);
}
