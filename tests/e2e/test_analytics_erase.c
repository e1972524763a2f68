/*  e2e.analytics_erase - the real hr-analytics daemon and hrctl: an exit survey naming an
 *  illness (the privacy officer's repro, PIPL Art. 47) imported, refused erasure before its
 *  withdrawal, withdrawn, then erased (`hrctl import erase`): the diagnosis is nowhere under the
 *  store's directory any more - not in the files beside the store, not in the LMDB data file
 *  (free pages included) - while `hrctl import list` shows the import as erased, with its
 *  SHA-256, who, when and why; `--text` says the text is gone; a second erasure changes nothing.
 */
#define _XOPEN_SOURCE 700 // nftw
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <sodium.h>
#include <string.h>

#include "an_e2e.h"
#include "hr_test.h"

#define S_MARKER "抑郁症复发QX7"
static const char s_survey[] = "employee_no,date,reason_code,text\n"
                               "1001,2024-06-28,health,离职原因：" S_MARKER "，正在服药治疗\n"
                               "1002,2024-06-29,health," S_MARKER ",one field too many\n";

// True when the n bytes of needle are somewhere in the len bytes of data (memmem is GNU's).
static bool s_holds(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (!memcmp(data + i, needle, n))
            return true;
    return false;
}

static int s_hits; // files under the store holding the marker (nftw has no argument)

static int s_scan_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    HR_UNUSED(st);
    HR_UNUSED(ftw);
    if (type != FTW_F)
        return 0;
    char *data = NULL;
    size_t len = 0;
    if (hr_file_read(path, 1u << 30, &data, &len))
        return 0;
    if (s_holds(data, len, S_MARKER)) {
        fprintf(stderr, "the marker is in %s\n", path);
        s_hits++;
    }
    hr_free(data);
    return 0;
}

// How many files under the analytics store directory hold the marker.
static int s_marker_files(e2e_t *c)
{
    char *dir = hr_strfmt("%s/data/analytics", e2e_dir(c));
    s_hits = 0;
    assert_int_equal(nftw(dir, s_scan_one, 16, FTW_PHYS), 0);
    hr_free(dir);
    return s_hits;
}

static void test_an_erased_survey_is_gone_from_the_store(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = ane_start("an_erase", ANE_CALENDAR);
    json_decref(ane_import_fixture(c, "pins", NULL, "people.csv"));
    json_t *s = ane_import_text(c, "surveys", "survey.csv", s_survey);
    assert_int_equal(json_integer_value(json_object_get(s, "quarantined")), 1);
    char *no = hr_strfmt("%lld", (long long)json_integer_value(json_object_get(s, "file_no")));
    char sha[65];
    uint8_t h[32];
    crypto_hash_sha256(h, (const unsigned char *)s_survey, strlen(s_survey));
    for (size_t i = 0; i < 32; i++)
        snprintf(sha + 2 * i, 3, "%02x", h[i]);

    // Not before the withdrawal.
    char *err =
        ane_err(c, 1, (const char *const[]){"import", "erase", no, "--reason", "PIPL", NULL});
    assert_non_null(strstr(err, "withdraw it first"));
    assert_non_null(strstr(err, "请先撤回"));
    hr_free(err);
    err = ane_err(c, 2, (const char *const[]){"import", "erase", no, NULL});
    assert_non_null(strstr(err, "usage: hrctl import erase"));
    hr_free(err);
    ane_ok(c, (const char *const[]){"import", "withdraw", no, "--reason",
                                    "PIPL Art.47 deletion request", NULL});
    // Withdrawn, it is kept: the diagnosis is still served and still on the disk.
    char *out = ane_run(c, 0, NULL, (const char *const[]){"import", "list", no, "--text", NULL});
    assert_non_null(strstr(out, S_MARKER));
    hr_free(out);
    assert_true(s_marker_files(c) > 0);

    json_t *e = ane_json(c, (const char *const[]){"import", "erase", no, "--reason",
                                                  "PIPL Art.47 deletion request", "--json", NULL});
    assert_false(json_is_true(json_object_get(e, "already_erased")));
    assert_string_equal(ane_str(e, "sha256"), sha);
    assert_string_equal(ane_str(e, "erased_by"), "operator");
    assert_int_equal(ane_int(e, "files_removed"), 1);
    assert_int_equal(ane_int(e, "quarantine_removed"), 1);
    json_decref(e);
    assert_int_equal(s_marker_files(c), 0); // the text files, data.mdb, anything there

    // The tombstone.
    json_t *l = ane_json(c, (const char *const[]){"import", "list", no, "--json", NULL});
    json_t *f = json_array_get(json_object_get(l, "files"), 0);
    assert_true(json_is_true(json_object_get(f, "erased")));
    assert_string_equal(ane_str(f, "erased_by"), "operator");
    assert_string_equal(ane_str(f, "erased_reason"), "PIPL Art.47 deletion request");
    assert_string_equal(ane_str(f, "sha256"), sha);
    assert_string_equal(ane_str(f, "name"), "survey.csv");
    json_decref(l);
    out = ane_run(c, 0, NULL, (const char *const[]){"import", "list", no, "--text", NULL});
    assert_null(strstr(out, S_MARKER));
    assert_non_null(strstr(out, "ERASED"));
    assert_non_null(strstr(out, "the text was erased"));
    hr_free(out);
    out = ane_run(c, 0, NULL, (const char *const[]){"import", "list", NULL});
    assert_non_null(strstr(out, "ERASED"));
    hr_free(out);
    out = ane_run(c, 0, NULL, (const char *const[]){"quarantine", NULL});
    assert_null(strstr(out, S_MARKER));
    hr_free(out);

    // Again: nothing changes, and it says so.
    out = ane_run(c, 0, NULL,
                  (const char *const[]){"import", "erase", no, "--reason", "again", NULL});
    assert_non_null(strstr(out, "erased already"));
    assert_non_null(strstr(out, "PIPL Art.47 deletion request"));
    hr_free(out);
    // The daemon still serves, after the store was compacted under it.
    json_decref(ane_import_text(c, "surveys", "survey2.csv",
                                "employee_no,date,reason_code,text\n1003,2024-07-01,pay,工资\n"));
    assert_int_equal(s_marker_files(c), 0);
    hr_free(no);
    json_decref(s);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_erased_survey_is_gone_from_the_store),
    };
    return cmocka_run_group_tests_name("e2e.analytics_erase", tests, NULL, NULL);
}
