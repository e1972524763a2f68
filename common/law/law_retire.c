/*  law_retire - the statutory retirement age under the 2024 gradual-postponement decision, and
 *  the Art. 42(5) position it gives (LCL Art. 42(5): fifteen years' continuous service at this
 *  employer and less than five years to the statutory retirement age).
 *
 *  The rule is data (s_rules), written from the decision's own text - 全国人民代表大会常务委员会
 *  关于实施渐进式延迟法定退休年龄的决定 (adopted 2024-09-13, in force 2025-01-01) and its annex,
 *  国务院关于渐进式提高职工法定退休年龄的办法, Art. 2: "从2025年1月1日起，男职工和原法定退休年龄为
 *  五十五周岁的女职工，法定退休年龄每四个月延迟一个月，分别逐步延迟至六十三周岁和五十八周岁；原法定
 *  退休年龄为五十周岁的女职工，法定退休年龄每二个月延迟一个月，逐步延迟至五十五周岁。" The
 *  reference (shared/reference/prc-termination-rules.md) marks the table UNCONFIRMED: it did not
 *  retrieve the text; the annex's comparison tables agree with the rule (a man born 1965-01..04
 *  retires at 60 years 1 month; born 1976-09 or later at 63; a woman-55 born 1981-09 or later
 *  at 58; a woman-50 born 1984-11 or later at 55).
 *
 *  A birth month before the first band keeps the original age. The band is the number of whole
 *  birth months since the first band's month divided by the band's width, plus one: the first
 *  band is one month later, each next band one more, up to the cap. The retirement day is the
 *  birth day plus the age in calendar months (a 31st born reaching a 30-day month retires on its
 *  last day, as law_date_add_months counts). The later of the notice and the effective day is
 *  the day the caller asks about: a status at either bars the dismissal.
 */
#include "law.h"

#include <assert.h>
#include <string.h>

typedef struct {
    const char *name; // directory value
    int base_months;  // the original statutory age, in months
    int first_year;   // the first birth month with a later age: year...
    int first_month;  // ...and month (1-12)
    int band_months;  // birth months per extra month of age
    int max_extra;    // the most months added
} s_rule_t;

#define S_MONTHS(years) ((years)*LAW_MONTHS_PER_YEAR)

static const s_rule_t s_rules[LAW_RETIRE_BASE_COUNT] = {
    [LAW_RETIRE_MALE60] = {"male60", S_MONTHS(60), 1965, 1, 4, S_MONTHS(3)},
    [LAW_RETIRE_FEMALE55] = {"female55", S_MONTHS(55), 1970, 1, 4, S_MONTHS(3)},
    [LAW_RETIRE_FEMALE50] = {"female50", S_MONTHS(50), 1975, 1, 2, S_MONTHS(5)},
};

const char *law_retire_base_name(law_retire_base_t base)
{
    if ((unsigned)base >= LAW_RETIRE_BASE_COUNT)
        return NULL;
    return s_rules[base].name;
}

bool law_retire_base_find(const char *name, law_retire_base_t *out)
{
    for (size_t i = 0; name && i < LAW_RETIRE_BASE_COUNT; i++)
        if (!strcmp(name, s_rules[i].name)) {
            *out = (law_retire_base_t)i;
            return true;
        }
    return false;
}

int law_retire_age_months(law_retire_base_t base, law_day_t birth)
{
    assert((unsigned)base < LAW_RETIRE_BASE_COUNT);
    const s_rule_t *r = &s_rules[base];
    int y, m, d;
    law_date_to_ymd(birth, &y, &m, &d);
    int since = (y - r->first_year) * LAW_MONTHS_PER_YEAR + (m - r->first_month);
    if (since < 0)
        return r->base_months;
    int extra = since / r->band_months + 1;
    return r->base_months + (extra < r->max_extra ? extra : r->max_extra);
}

law_day_t law_retire_day(law_retire_base_t base, law_day_t birth)
{
    return law_date_add_months(birth, law_retire_age_months(base, birth));
}

void law_retire_position(law_retire_base_t base, law_day_t birth, law_day_t hire, law_day_t on,
                         law_retire_position_t *out)
{
    memset(out, 0, sizeof *out);
    out->age_months = law_retire_age_months(base, birth);
    out->retire_day = law_date_add_months(birth, out->age_months);
    out->service = law_service_between(hire, on);
    out->long_service = out->service.years >= LAW_A42_5_SERVICE_YEARS;
    out->reached = on >= out->retire_day;
    // Less than five years to go: five years from `on` lands after the retirement day.
    out->near = law_date_add_months(on, S_MONTHS(LAW_A42_5_YEARS_LEFT)) > out->retire_day;
    out->protected_ = out->long_service && out->near;
}
