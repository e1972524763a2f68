/*  unit.analytics.store - the hand-written PunchDay encoder gives protobuf-c's bytes; person-days
 *  merge on re-import (an instant already stored keeps its first source).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an.h"
#include "hr_test.h"

static void test_punchday_pack_matches_protobuf_c(void **state)
{
    HR_UNUSED(state);
    int32_t sec[] = {0, 1, 32400, 86399, -5};
    uint32_t fno[] = {1, 2, 300, 70000, 1};
    uint32_t line[] = {1, 127, 128, 16384, 4000000000u};
    uint64_t off[] = {0, 1, UINT64_C(1) << 35, 12345678901ull, 7};
    uint32_t st[] = {0, 1, 255, 2, 5};
    Hr__Analytics__PunchDay r = HR__ANALYTICS__PUNCH_DAY__INIT;
    r.n_sec = r.n_file_no = r.n_line = r.n_offset = r.n_state = 5;
    r.sec = sec;
    r.file_no = fno;
    r.line = line;
    r.offset = off;
    r.state = st;
    size_t want = protobuf_c_message_get_packed_size(&r.base);
    uint8_t a[512], b[512];
    assert_int_equal(an_punchday_pack(&r, NULL), want);
    assert_int_equal(an_punchday_pack(&r, a), want);
    protobuf_c_message_pack(&r.base, b);
    assert_memory_equal(a, b, want);
    // ... and the decoder reads them back, asking for room when there is too little.
    an_fpunch_t out[5];
    uint32_t sto[5];
    assert_int_equal(an_punchday_decode(a, want, out, sto, 2), 5);
    assert_int_equal(an_punchday_decode(a, want, out, sto, 5), 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(out[i].sec, sec[i]);
        assert_int_equal(out[i].file_no, fno[i]);
        assert_int_equal(out[i].line, line[i]);
        assert_true(out[i].offset == off[i]);
        assert_int_equal(sto[i], st[i]);
    }
    assert_int_equal(an_punchday_decode(a, want - 1, out, sto, 5), -1); // truncated
    uint8_t junk[] = {0x0a, 0x02, 0x01, 0x02, 0x12, 0x01, 0x01};        // fields of unequal length
    assert_int_equal(an_punchday_decode(junk, sizeof junk, out, sto, 5), -1);
    Hr__Analytics__PunchDay empty = HR__ANALYTICS__PUNCH_DAY__INIT;
    assert_int_equal(an_punchday_pack(&empty, a), 0);
}

static void test_days_merge_keeps_the_first_source_of_an_instant(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("an_store");
    hr_store_opts_t o = {.dir = dir,
                         .mapsize_mb = 16,
                         .dbs = an_store_dbs,
                         .schema_version = an_service.schema_version};
    char *err = NULL;
    hr_store_t *store = hr_store_open(&o, &err);
    assert_non_null(store);
    int32_t s1[] = {32400, 64800};
    uint32_t f1[] = {1, 1}, l1[] = {2, 3}, st[] = {0, 1};
    uint64_t o1[] = {10, 40};
    int32_t s2[] = {30000, 64800};
    uint32_t f2[] = {2, 2}, l2[] = {7, 8};
    uint64_t o2[] = {99, 120};
    Hr__Analytics__PunchDay a = HR__ANALYTICS__PUNCH_DAY__INIT, b = HR__ANALYTICS__PUNCH_DAY__INIT;
    a.n_sec = a.n_file_no = a.n_line = a.n_offset = a.n_state = 2;
    a.sec = s1, a.file_no = f1, a.line = l1, a.offset = o1, a.state = st;
    b.n_sec = b.n_file_no = b.n_line = b.n_offset = b.n_state = 2;
    b.sec = s2, b.file_no = f2, b.line = l2, b.offset = o2, b.state = st;
    for (int pass = 0; pass < 2; pass++) {
        hr_txn_t *txn = NULL;
        assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
        an_days_writer_t *w = an_days_writer_new(txn);
        bool changed = false;
        uint32_t dups = 0;
        assert_int_equal(an_days_writer_put(w, "123", 20150, pass ? &b : &a, &changed, &dups),
                         HR_OK);
        assert_true(changed);
        assert_int_equal(dups, pass ? 1 : 0);
        an_days_writer_destroy(&w);
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    }
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    an_fpunch_t *p = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(an_store_days_read(txn, "123", 20149, 20151, &p, &n, &cap), HR_OK);
    assert_int_equal(n, 3);
    assert_int_equal(p[0].sec, 30000);
    assert_int_equal(p[0].file_no, 2);
    assert_int_equal(p[2].sec, 64800);
    assert_int_equal(p[2].file_no, 1); // the first source stays
    assert_int_equal(p[2].line, 3);
    n = 0;
    assert_int_equal(an_store_days_read(txn, "12", 20149, 20151, &p, &n, &cap), HR_OK);
    assert_int_equal(n, 0); // "12" is not a prefix match of "123"
    hr_free(p);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);
    hr_test_rmdir(dir);
    hr_free(dir);
}

// A re-pull merging into several stored person-days of one PIN in one transaction (a weekly
// export overlapping the last one): every day keeps its punches and its key. The cursor's
// MDB_SET_KEY had pointed the put's key into the map, and the second merged day lost its key.
static void test_days_merge_into_several_days_loses_none(void **state)
{
    HR_UNUSED(state);
    char *dir = hr_test_tmpdir("an_store");
    hr_store_opts_t o = {.dir = dir,
                         .mapsize_mb = 16,
                         .dbs = an_store_dbs,
                         .schema_version = an_service.schema_version};
    char *err = NULL;
    hr_store_t *store = hr_store_open(&o, &err);
    assert_non_null(store);
    int32_t sw[] = {32100, 65100};
    uint32_t fw[] = {1, 1}, lw[] = {2, 3}, st[] = {0, 1};
    uint64_t ow[] = {10, 40};
    int32_t sl[] = {43260};
    uint32_t fl[] = {2}, ll[] = {2}, stl[] = {0};
    uint64_t ol[] = {12};
    Hr__Analytics__PunchDay week = HR__ANALYTICS__PUNCH_DAY__INIT;
    Hr__Analytics__PunchDay lunch = HR__ANALYTICS__PUNCH_DAY__INIT;
    week.n_sec = week.n_file_no = week.n_line = week.n_offset = week.n_state = 2;
    week.sec = sw, week.file_no = fw, week.line = lw, week.offset = ow, week.state = st;
    lunch.n_sec = lunch.n_file_no = lunch.n_line = lunch.n_offset = lunch.n_state = 1;
    lunch.sec = sl, lunch.file_no = fl, lunch.line = ll, lunch.offset = ol, lunch.state = stl;
    const char *pins[] = {"905", "906"};
    for (int pass = 0; pass < 2; pass++) {
        hr_txn_t *txn = NULL;
        assert_int_equal(hr_txn_begin_write(store, &txn), HR_OK);
        an_days_writer_t *w = an_days_writer_new(txn);
        bool changed = false;
        uint32_t dups = 0;
        for (int pi = 0; pi < (pass ? 1 : 2); pi++)
            for (int32_t day = pass ? 20151 : 20150; day <= (pass ? 20153 : 20154); day++) {
                assert_int_equal(
                    an_days_writer_put(w, pins[pi], day, pass ? &lunch : &week, &changed, &dups),
                    HR_OK);
                assert_true(changed);
            }
        an_days_writer_destroy(&w);
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    }
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(store, &txn), HR_OK);
    an_fpunch_t *p = NULL;
    size_t cap = 0;
    for (int32_t day = 20150; day <= 20154; day++) {
        size_t n = 0;
        assert_int_equal(an_store_days_read(txn, "905", day, day, &p, &n, &cap), HR_OK);
        assert_int_equal(n, day >= 20151 && day <= 20153 ? 3 : 2);
        n = 0;
        assert_int_equal(an_store_days_read(txn, "906", day, day, &p, &n, &cap), HR_OK);
        assert_int_equal(n, 2);
    }
    size_t n = 0;
    assert_int_equal(an_store_days_read(txn, "905", 20140, 20160, &p, &n, &cap), HR_OK);
    assert_int_equal(n, 13); // each day once: no key stored twice, none lost
    hr_free(p);
    hr_txn_abort(&txn);
    hr_store_destroy(&store);
    hr_test_rmdir(dir);
    hr_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_punchday_pack_matches_protobuf_c),
        cmocka_unit_test(test_days_merge_keeps_the_first_source_of_an_instant),
        cmocka_unit_test(test_days_merge_into_several_days_loses_none),
    };
    return cmocka_run_group_tests_name("unit.analytics.store", tests, NULL, NULL);
}
