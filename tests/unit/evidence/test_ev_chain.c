/*  test_ev_chain - the audit entry hash: stable, covering every field, linked to the previous
 *  entry; ev_chain_check names what does not match.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ev.h"
#include "hr_test.h"

static ev_chain_fields_t s_fields(void)
{
    ev_chain_fields_t f = {.seq = 1,
                           .at_ms = HR_TEST_T0_MS,
                           .actor = "operator",
                           .action = "put",
                           .evidence_id = "abc",
                           .case_id = "01JN00000000000000000000AA",
                           .detail = "size=3"};
    return f;
}

static Hr__Evidence__AuditEntry s_entry(ev_chain_fields_t *f, unsigned char hash[EV_HASH_BYTES])
{
    ev_chain_hash(f, hash);
    Hr__Evidence__AuditEntry e = HR__EVIDENCE__AUDIT_ENTRY__INIT;
    e.seq = f->seq;
    e.at_ms = f->at_ms;
    e.actor = (char *)f->actor;
    e.action = (char *)f->action;
    e.evidence_id = (char *)f->evidence_id;
    e.case_id = (char *)f->case_id;
    e.detail = (char *)f->detail;
    e.prev_hash.data = f->prev_hash;
    e.prev_hash.len = EV_HASH_BYTES;
    e.hash.data = hash;
    e.hash.len = EV_HASH_BYTES;
    return e;
}

static void test_hash_is_stable_and_covers_every_field(void **state)
{
    HR_UNUSED(state);
    ev_chain_fields_t f = s_fields();
    unsigned char h1[EV_HASH_BYTES], h2[EV_HASH_BYTES];
    ev_chain_hash(&f, h1);
    ev_chain_hash(&f, h2);
    assert_memory_equal(h1, h2, EV_HASH_BYTES);
    ev_chain_fields_t variants[7];
    for (int i = 0; i < 7; i++)
        variants[i] = s_fields();
    variants[0].seq = 2;
    variants[1].at_ms += 1;
    variants[2].actor = "operatos";
    variants[3].action = "get";
    variants[4].evidence_id = "abd";
    variants[5].detail = "size=4";
    variants[6].prev_hash[0] = 1;
    for (int i = 0; i < 7; i++) {
        ev_chain_hash(&variants[i], h2);
        assert_memory_not_equal(h1, h2, EV_HASH_BYTES);
    }
}

static void test_length_prefixes_keep_field_boundaries(void **state)
{
    HR_UNUSED(state);
    ev_chain_fields_t a = s_fields(), b = s_fields();
    a.actor = "ab";
    a.action = "c";
    b.actor = "a";
    b.action = "bc";
    unsigned char ha[EV_HASH_BYTES], hb[EV_HASH_BYTES];
    ev_chain_hash(&a, ha);
    ev_chain_hash(&b, hb);
    assert_memory_not_equal(ha, hb, EV_HASH_BYTES);
}

static void test_check_accepts_a_good_link_and_names_each_bad_one(void **state)
{
    HR_UNUSED(state);
    unsigned char zero[EV_HASH_BYTES] = {0}, hash[EV_HASH_BYTES];
    ev_chain_fields_t f = s_fields();
    Hr__Evidence__AuditEntry e = s_entry(&f, hash);
    assert_null(ev_chain_check(&e, 1, zero));
    assert_string_equal(ev_chain_check(&e, 2, zero), "sequence number");
    unsigned char other[EV_HASH_BYTES] = {9};
    assert_string_equal(ev_chain_check(&e, 1, other), "prev_hash");
    e.detail = "size=300"; // edited after the fact
    assert_string_equal(ev_chain_check(&e, 1, zero), "hash");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_is_stable_and_covers_every_field),
        cmocka_unit_test(test_length_prefixes_keep_field_boundaries),
        cmocka_unit_test(test_check_accepts_a_good_link_and_names_each_bad_one),
    };
    return cmocka_run_group_tests_name("unit.evidence.chain", tests, NULL, NULL);
}
