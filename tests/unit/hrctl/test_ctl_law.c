/*  test_ctl_law - the sample scenario README.md points to is input `hrctl law check` takes.
 *
 *  deploy/demo/law-scenario.json is the contract's example (shared/contracts/law-check.md) with
 *  its comments removed and its "..." evidence spelled out; a README example that exits 2 would
 *  send a reader away. The engine's answers are tested in tests/unit/law.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "hr.h"
#include "hr_test.h"

static void test_the_demo_scenario_is_valid_and_lawful(void **state)
{
    HR_UNUSED(state);
    char *bin = hr_test_bin_path("hrctl");
    char *path = hr_test_source_path("deploy/demo/law-scenario.json");
    char *argv[] = {bin, "law", "check", path, NULL};
    char *out = NULL, *err = NULL;
    int rc = hr_test_run(argv, &out, &err);
    if (rc)
        fail_msg("hrctl law check %s: exit %d: %s", path, rc, err);
    json_t *a = json_loads(out, 0, NULL);
    assert_non_null(a);
    assert_string_equal(json_string_value(json_object_get(a, "verdict")), "lawful");
    json_t *ground = json_object_get(a, "ground");
    assert_string_equal(json_string_value(json_object_get(ground, "code")), "A40_2");
    // The contract's example gives two monthly wages for 2 years' service: a warning only.
    json_t *fs = json_object_get(a, "findings");
    assert_int_equal(json_array_size(fs), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fs, 0), "code")),
                        "WAGE_MONTHS_SHORT");
    assert_true(json_is_false(json_object_get(a, "needs_review")));
    json_decref(a);
    hr_free(out);
    hr_free(err);
    hr_free(path);
    hr_free(bin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_demo_scenario_is_valid_and_lawful),
    };
    return cmocka_run_group_tests_name("unit.hrctl.law", tests, NULL, NULL);
}
