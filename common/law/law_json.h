/*  law_json.h - the JSON face of the legality engine (contracts/law-check.md).
 *
 *  One parser and one writer, shared by `hrctl law check`, the fuzz target and the tests, so
 *  the schema is enforced in exactly one place. The header exposes no jansson types: callers
 *  pass text in and get text out.
 */
#ifndef LAW_JSON_H
#define LAW_JSON_H

#include "law.h"

#define LAW_INPUT_MAX (1024 * 1024) // largest scenario text accepted, in bytes

// Parses one JSON scenario of len bytes (need not be NUL-terminated) into *out, validating it
// strictly: bad JSON, an unknown field at any level, a wrong type, an impossible date, a
// missing required field, an unknown ground, a value out of range, and the cross-field checks
// of law_scenario_check(). Returns HR_OK, or HR_EINVAL with one line "field.path: problem"
// (no newline) written into err (errlen bytes; LAW_ERROR_MAX is enough). *out is unspecified
// after an error. Nothing is allocated that outlives the call.
hr_rc_t law_scenario_from_json(const char *text, size_t len, law_scenario_t *out, char *err,
                               size_t errlen);

// Returns the assessment as JSON text in the contract's shape, ending in a newline. Owned by
// the caller (free with hr_free). Money is printed as exact decimal yuan from fen.
char *law_assessment_to_json(const law_assessment_t *assessment);

// Returns the ground catalogue as a JSON array (one object per ground with its facts and the
// evidence kinds that prove each), ending in a newline. Owned by the caller.
char *law_catalogue_to_json(void);

#endif
