/*  unit.analytics.erase - a withdrawn import erased from a real LMDB store (an_erase): refused
 *  before the withdrawal (and for a bad reason), then its quarantined rows, record texts and
 *  stored import reply deleted, its files beside the store gone, its File record kept as a
 *  tombstone (SHA-256 of the bytes, who, when, why); the store compacted holds the text nowhere;
 *  a second erasure changes nothing and says so; the other imports still count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <unistd.h>

#include "an.h"
#include "hr_test.h"

#include "an_test.h"

#define SURVEY HR__ANALYTICS__FEED_KIND__FEED_KIND_SURVEYS

// The marker: a diagnosis no other byte of the store holds.
#define S_MARKER "抑郁症复发XQZ"
static const char *s_survey = "employee_no,date,reason_code,text\n"
                              "E0125,2024-06-28,health,离职原因：" S_MARKER "，正在服药治疗\n"
                              "E0126,2024-06-29,health,bad date " S_MARKER ",x,y\n";
static const char *s_people = "employee_no,pin,department\nE0125,125,D01\nE0126,126,D01\n";

static hr_rc_t s_erase_want(fixture_t *f, const char *ref, const char *reason, hr_rc_t want,
                            Hr__Analytics__EraseImportReply **rep_out)
{
    Hr__Analytics__EraseImportReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__erase_import_reply__init(rep);
    char zh[512] = "";
    an_withdraw_ctx_t ctx = {.tz_offset_min = 480,
                             .now_ms = HR_TEST_T0_MS + 1000,
                             .msg_id = "e",
                             .actor = "E0003",
                             .why_zh = zh,
                             .why_zh_len = sizeof zh};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    f->why[0] = '\0';
    hr_rc_t rc = an_erase(txn, &ctx, ref, reason, f->arena, rep, f->why, sizeof f->why);
    if (rc != want)
        fprintf(stderr, "erase %s: %s %s\n", ref, hr_rc_name(rc), f->why);
    assert_int_equal(rc, want);
    if (rc) {
        assert_true(*zh); // said in Chinese too
        hr_txn_abort(&txn);
    } else {
        assert_int_equal(hr_txn_commit(&txn), HR_OK);
    }
    if (rep_out)
        *rep_out = rep;
    return rc;
}

static void s_withdraw(fixture_t *f, const char *ref)
{
    Hr__Analytics__WithdrawImportReply *rep = hr_arena_alloc(f->arena, sizeof *rep);
    hr__analytics__withdraw_import_reply__init(rep);
    an_withdraw_ctx_t ctx = {
        .tz_offset_min = 480, .now_ms = HR_TEST_T0_MS, .msg_id = "w", .actor = "E0003"};
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(an_withdraw(txn, &ctx, ref, "PIPL Art.47 deletion request", f->arena, rep,
                                 f->why, sizeof f->why),
                     HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
}

static Hr__Analytics__File *s_file(fixture_t *f, uint32_t no)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    Hr__Analytics__File *file = NULL;
    assert_int_equal(an_store_file_by_no(txn, no, f->arena, &file), HR_OK);
    hr_txn_abort(&txn);
    return file;
}

static uint64_t s_count(fixture_t *f, const char *db)
{
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    uint64_t n = hr_store_count(txn, db);
    hr_txn_abort(&txn);
    return n;
}

// True when the n bytes of needle are somewhere in the len bytes of data (memmem is GNU's).
static bool s_holds(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (!memcmp(data + i, needle, n))
            return true;
    return false;
}

// True when the bytes of S_MARKER are somewhere in the file at path.
static bool s_file_holds_marker(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (hr_file_read(path, 1u << 30, &data, &len))
        return false;
    bool found = s_holds(data, len, S_MARKER);
    hr_free(data);
    return found;
}

static void test_erase_is_refused_before_the_withdrawal(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    Hr__Analytics__ImportFeedReply *s =
        s_import(f, SURVEY, "generic", "survey.csv", s_survey, HR_OK);
    const char *no = hr_arena_fmt(f->arena, "%u", s->file_no);
    s_erase_want(f, no, "PIPL Art.47", HR_ECONFLICT, NULL);
    assert_non_null(strstr(f->why, "withdraw it first"));
    s_erase_want(f, no, "  ", HR_EINVAL, NULL); // the reason is checked first
    s_erase_want(f, "99", "x", HR_ENOTFOUND, NULL);
    Hr__Analytics__File *file = s_file(f, s->file_no);
    assert_int_equal(file->erased_ms, 0);
    char *txt = an_store_blob_path(f->store, file->file_id.data);
    assert_int_equal(access(txt, F_OK), 0); // nothing deleted
    hr_free(txt);
}

static void test_erase_deletes_rows_and_files_and_keeps_a_tombstone(void **state)
{
    fixture_t *f = *state;
    s_import(f, PEOPLE, "generic", "people.csv", s_people, HR_OK);
    an_import_ctx_t ictx = {
        .tz_offset_min = 480, .now_ms = HR_TEST_T0_MS, .msg_id = "01JIMPORTSURVEY00000000000"};
    Hr__Analytics__ImportFeedReply *s =
        s_import_ctx(f, &ictx, SURVEY, "generic", "survey.csv", s_survey, HR_OK);
    assert_int_equal(s->quarantined, 1); // the row with too many fields, kept aside with its text
    // The import's reply as hr_server keeps it for retries: it lists the bad row, raw.
    hr_txn_t *txn = NULL;
    assert_int_equal(hr_txn_begin_write(f->store, &txn), HR_OK);
    assert_int_equal(
        hr_store_put(txn, HR_DB_DEDUPE, ictx.msg_id, HR_ID_LEN, S_MARKER, strlen(S_MARKER), 0),
        HR_OK);
    assert_int_equal(hr_txn_commit(&txn), HR_OK);
    const char *no = hr_arena_fmt(f->arena, "%u", s->file_no);
    Hr__Analytics__File *file = s_file(f, s->file_no);
    char *txt = an_store_blob_path(f->store, file->file_id.data);
    char sha[65];
    {
        uint8_t h[32];
        crypto_hash_sha256(h, (const unsigned char *)s_survey, strlen(s_survey));
        for (size_t i = 0; i < 32; i++)
            snprintf(sha + 2 * i, 3, "%02x", h[i]);
    }
    s_withdraw(f, no);
    uint64_t rows_after_withdrawal = s_count(f, AN_DB_ROWS);
    assert_int_equal(rows_after_withdrawal, 0);        // the withdrawal took its row out already
    assert_int_equal(s_count(f, AN_DB_QUARANTINE), 1); // kept, for audit, until the erasure

    Hr__Analytics__EraseImportReply *rep = NULL;
    s_erase_want(f, no, "PIPL Art.47 deletion request", HR_OK, &rep);
    assert_int_equal(rep->file_no, s->file_no);
    assert_false(rep->already_erased);
    assert_string_equal(rep->sha256, sha);
    assert_string_equal(rep->erased_by, "E0003");
    assert_int_equal(rep->quarantine_removed, 1);
    assert_int_equal(s_count(f, AN_DB_QUARANTINE), 0);
    assert_int_equal(s_count(f, AN_DB_ROWS), 0);
    txn = NULL;
    MDB_val v;
    assert_int_equal(hr_txn_begin_read(f->store, &txn), HR_OK);
    assert_int_equal(hr_store_get(txn, HR_DB_DEDUPE, ictx.msg_id, HR_ID_LEN, &v), HR_ENOTFOUND);
    hr_txn_abort(&txn);
    // The tombstone.
    Hr__Analytics__File *t = s_file(f, s->file_no);
    assert_int_equal(t->erased_ms, HR_TEST_T0_MS + 1000);
    assert_string_equal(t->erased_by, "E0003");
    assert_string_equal(t->erased_reason, "PIPL Art.47 deletion request");
    assert_string_equal(t->sha256, sha);
    assert_string_equal(t->name, "survey.csv");
    assert_int_equal(t->lines, file->lines);
    // After the commit: the files, then the free pages.
    assert_int_equal(access(txt, F_OK), 0);
    assert_int_equal(an_erase_files(f->store, file->file_id.data), 1);
    assert_int_equal(access(txt, F_OK), -1);
    assert_int_equal(hr_store_compact(f->store, NULL), HR_OK);
    char *data = hr_strfmt("%s/data.mdb", f->dir);
    assert_false(s_file_holds_marker(data));
    hr_free(data);
    // The people import still counts, and the store still reads after the compaction.
    assert_int_equal(s_count(f, AN_DB_PEOPLE), 2);
    assert_int_equal(s_file(f, 1)->erased_ms, 0);

    // A second erasure: the same tombstone, nothing changed, no file left to remove.
    Hr__Analytics__EraseImportReply *again = NULL;
    s_erase_want(f, no, "again", HR_OK, &again);
    assert_true(again->already_erased);
    assert_int_equal(again->erased_ms, HR_TEST_T0_MS + 1000);
    assert_string_equal(again->erased_reason, "PIPL Art.47 deletion request");
    assert_int_equal(an_erase_files(f->store, file->file_id.data), 0);
    // The same bytes again stay refused (withdrawn), and bring nothing back.
    s_import(f, SURVEY, "generic", "survey.csv", s_survey, HR_ECONFLICT);
    assert_int_equal(s_count(f, AN_DB_ROWS), 0);
    hr_free(txt);
}

// The same bytes imported as two kinds share their text: erased together, and only once both
// were withdrawn.
static void test_the_same_bytes_as_two_kinds_are_erased_together(void **state)
{
    fixture_t *f = *state;
    // Columns of both feeds: a survey file and a training file at once.
    const char *both = "employee_no,date,reason_code,course,score,pass_mark\n"
                       "E0125,2025-03-01,pay,safety,50,60\n";
    Hr__Analytics__ImportFeedReply *a = s_import(f, SURVEY, "generic", "k.csv", both, HR_OK);
    Hr__Analytics__ImportFeedReply *b =
        s_import(f, HR__ANALYTICS__FEED_KIND__FEED_KIND_TRAINING, "generic", "k.csv", both, HR_OK);
    assert_int_not_equal(a->file_no, b->file_no);
    const char *na = hr_arena_fmt(f->arena, "%u", a->file_no);
    const char *nb = hr_arena_fmt(f->arena, "%u", b->file_no);
    s_withdraw(f, na);
    s_erase_want(f, na, "x", HR_ECONFLICT, NULL); // b still counts and needs the text
    assert_non_null(strstr(f->why, "same bytes"));
    s_withdraw(f, nb);
    Hr__Analytics__EraseImportReply *rep = NULL;
    s_erase_want(f, na, "x", HR_OK, &rep);
    assert_int_equal(rep->n_also_erased, 1);
    assert_int_equal(rep->also_erased[0], b->file_no);
    assert_int_not_equal(s_file(f, b->file_no)->erased_ms, 0);
    Hr__Analytics__EraseImportReply *again = NULL;
    s_erase_want(f, nb, "x", HR_OK, &again);
    assert_true(again->already_erased);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_erase_is_refused_before_the_withdrawal, s_setup,
                                        s_teardown),
        cmocka_unit_test_setup_teardown(test_erase_deletes_rows_and_files_and_keeps_a_tombstone,
                                        s_setup, s_teardown),
        cmocka_unit_test_setup_teardown(test_the_same_bytes_as_two_kinds_are_erased_together,
                                        s_setup, s_teardown),
    };
    return cmocka_run_group_tests_name("unit.analytics.erase", tests, NULL, NULL);
}
