/*  fuzz_law_scenario - the scenario parser, the engine and the writer on arbitrary bytes.
 *
 *  Whatever the input, law_scenario_from_json() must either reject it with one printable line
 *  naming a field, or produce a scenario that law_assess() accepts and that prints as JSON.
 *  The asserts check those invariants (a violation is an engine bug, which is what we hunt).
 */
#include "fuzz.h"
#include "law.h"
#include "law_json.h"

#include <assert.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    law_scenario_t scenario;
    char err[LAW_ERROR_MAX];
    hr_rc_t rc = law_scenario_from_json((const char *)data, size, &scenario, err, sizeof err);
    if (rc) {
        assert(rc == HR_EINVAL);
        assert(err[0] != '\0' && strchr(err, '\n') == NULL && strstr(err, ": ") != NULL);
        return 0;
    }
    law_assessment_t assessment;
    rc = law_assess(&scenario, &assessment);
    assert(rc == HR_OK);
    assert(assessment.lawful || assessment.severance_fen == 0);
    assert(assessment.unlawful_compensation_fen >= 0 && assessment.notice_pay_fen >= 0);
    char *json = law_assessment_to_json(&assessment);
    assert(json && json[0] == '{');
    hr_free(json);
    return 0;
}
