/*  an_e2e - helpers for the analytics end-to-end tests (see an_e2e.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "an_e2e.h"
#include "hr_test.h"

#include <string.h>

e2e_t *ane_new(const char *name, const char *calendar)
{
    e2e_t *c = e2e_new(name);
    if (calendar) {
        char *cal = hr_test_source_path(calendar);
        e2e_config(c, "analytics", "calendar/file", cal);
        hr_free(cal);
    }
    return c;
}

e2e_t *ane_start(const char *name, const char *calendar)
{
    e2e_t *c = ane_new(name, calendar);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    return c;
}

char *ane_run(e2e_t *c, int want, char **err, const char *const *args)
{
    char *out = NULL, *e = NULL;
    int rc = e2e_hrctl(c, &out, &e, args);
    if (rc != want)
        fprintf(stderr, "hrctl %s %s: exit %d, wanted %d\n%s\n%s\n", args[0],
                args[1] ? args[1] : "", rc, want, out ? out : "", e ? e : "");
    assert_int_equal(rc, want);
    if (err)
        *err = e;
    else
        hr_free(e);
    return out;
}

char *ane_err(e2e_t *c, int want, const char *const *args)
{
    char *err = NULL;
    char *out = ane_run(c, want, &err, args);
    hr_free(out);
    return err;
}

void ane_ok(e2e_t *c, const char *const *args)
{
    char *out = ane_run(c, 0, NULL, args);
    hr_free(out);
}

json_t *ane_json(e2e_t *c, const char *const *args)
{
    char *out = ane_run(c, 0, NULL, args);
    json_error_t je;
    json_t *j = json_loads(out, 0, &je);
    if (!j)
        fprintf(stderr, "not JSON: %s\n", out);
    assert_non_null(j);
    hr_free(out);
    return j;
}

char *ane_write(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_dir(c), name);
    assert_int_equal(hr_test_write_file(path, text, strlen(text)), 0);
    return path;
}

char *ane_fixture(const char *name)
{
    char *rel = hr_strfmt("tests/fixtures/analytics/%s", name);
    char *path = hr_test_source_path(rel);
    hr_free(rel);
    return path;
}

json_t *ane_import(e2e_t *c, const char *kind, const char *format, const char *path)
{
    if (format)
        return ane_json(
            c, (const char *const[]){"import", kind, "--format", format, "--json", path, NULL});
    return ane_json(c, (const char *const[]){"import", kind, "--json", path, NULL});
}

json_t *ane_import_fixture(e2e_t *c, const char *kind, const char *format, const char *fixture)
{
    char *path = ane_fixture(fixture);
    json_t *j = ane_import(c, kind, format, path);
    hr_free(path);
    return j;
}

json_t *ane_import_text(e2e_t *c, const char *kind, const char *name, const char *text)
{
    char *path = ane_write(c, name, text);
    json_t *j = ane_import(c, kind, NULL, path);
    hr_free(path);
    return j;
}

json_t *ane_fact_or_null(json_t *doc, const char *code, const char *subject)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "facts"), i, f)
    {
        const char *s = json_string_value(json_object_get(f, "subject"));
        if (!strcmp(json_string_value(json_object_get(f, "code")), code) &&
            (!subject || (s && !strcmp(s, subject))))
            return f;
    }
    return NULL;
}

json_t *ane_fact(json_t *doc, const char *code, const char *subject)
{
    json_t *f = ane_fact_or_null(doc, code, subject);
    if (!f)
        fail_msg("no fact %s%s%s", code, subject ? " " : "", subject ? subject : "");
    return f;
}

double ane_value(json_t *doc, const char *code)
{
    return json_real_value(json_object_get(ane_fact(doc, code, NULL), "value"));
}

const char *ane_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        fail_msg("no string %s", key);
    return s;
}

json_int_t ane_int(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        fail_msg("no %s", key);
    return json_integer_value(v);
}
