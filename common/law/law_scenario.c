/*  law_scenario - defaults and the cross-field checks every scenario must pass.
 *
 *  The JSON parser (law_json.c) checks each field on its own; what needs two fields at once
 *  (the effective date against the hire and notice dates, the wage given one way or the other,
 *  layoff_count against total_headcount) lives here, so a scenario built in C by the workflow
 *  service gets exactly the same checks and the same messages as one read by hrctl.
 */
#include "law.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void law_scenario_init(law_scenario_t *scenario)
{
    memset(scenario, 0, sizeof *scenario);
    scenario->contract_type = LAW_CONTRACT_FIXED;
    scenario->ground = NULL;
}

// Writes "path: problem" into err when there is room; always returns HR_EINVAL.
static hr_rc_t s_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static hr_rc_t s_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return HR_EINVAL;
}

static bool s_money_ok(int64_t fen)
{
    return fen >= 0 && fen <= LAW_MONEY_MAX_FEN;
}

static bool s_day_ok(law_day_t day, law_day_t first, law_day_t last)
{
    return day >= first && day <= last;
}

hr_rc_t law_scenario_check(const law_scenario_t *s, char *err, size_t errlen)
{
    law_day_t first, last;
    bool ok = law_date_from_ymd(LAW_YEAR_MIN, 1, 1, &first) &&
              law_date_from_ymd(LAW_YEAR_MAX, LAW_MONTHS_PER_YEAR,
                                law_date_month_days(LAW_YEAR_MAX, LAW_MONTHS_PER_YEAR), &last);
    if (!ok)
        return s_fail(err, errlen, "internal: date range");
    if (!s->ground)
        return s_fail(err, errlen, "termination.ground: is required");
    if ((unsigned)s->contract_type >= LAW_CONTRACT_COUNT)
        return s_fail(err, errlen, "employee.contract_type: is not a contract type");
    if (!s_day_ok(s->hire_day, first, last))
        return s_fail(err, errlen, "employee.hire_date: is out of range");
    if (!s_day_ok(s->notice_day, first, last))
        return s_fail(err, errlen, "termination.notice_date: is out of range");
    if (!s_day_ok(s->effective_day, first, last))
        return s_fail(err, errlen, "termination.effective_date: is out of range");
    if (s->nwages > LAW_WAGES_MAX)
        return s_fail(err, errlen, "employee.wages_last_12_months: has more than %d entries",
                      LAW_WAGES_MAX);
    if (s->nwages == 0 && !s->has_average_wage)
        return s_fail(err, errlen,
                      "employee.average_monthly_wage: is required unless "
                      "employee.wages_last_12_months is given");
    for (size_t i = 0; i < s->nwages; i++)
        if (!s_money_ok(s->wages_fen[i]))
            return s_fail(err, errlen, "employee.wages_last_12_months[%zu]: is out of range", i);
    if (s->has_average_wage && !s_money_ok(s->average_wage_fen))
        return s_fail(err, errlen, "employee.average_monthly_wage: is out of range");
    if (s->has_previous_month_wage && !s_money_ok(s->previous_month_wage_fen))
        return s_fail(err, errlen, "employee.previous_month_wage: is out of range");
    if (!s_money_ok(s->local_average_wage_fen) || s->local_average_wage_fen == 0)
        return s_fail(err, errlen, "employer.local_average_monthly_wage: must be more than 0");
    if (s->has_local_minimum && !s_money_ok(s->local_minimum_wage_fen))
        return s_fail(err, errlen, "employer.local_minimum_monthly_wage: is out of range");
    bool has_layoff = (s->proven & LAW_FACT_BIT(LAW_FACT_LAYOFF_COUNT)) != 0;
    bool has_total = (s->proven & LAW_FACT_BIT(LAW_FACT_TOTAL_HEADCOUNT)) != 0;
    if (has_layoff && (s->layoff_count < 0 || s->layoff_count > LAW_HEADCOUNT_MAX))
        return s_fail(err, errlen, "evidence.layoff_count: is out of range");
    if (has_total && (s->total_headcount < 0 || s->total_headcount > LAW_HEADCOUNT_MAX))
        return s_fail(err, errlen, "evidence.total_headcount: is out of range");
    if (has_layoff && has_total && s->layoff_count > s->total_headcount)
        return s_fail(err, errlen, "evidence.layoff_count: %lld is more than total_headcount %lld",
                      (long long)s->layoff_count, (long long)s->total_headcount);

    char a[LAW_DATE_LEN + 1], b[LAW_DATE_LEN + 1];
    if (s->effective_day < s->hire_day) {
        law_date_format(s->effective_day, a);
        law_date_format(s->hire_day, b);
        return s_fail(err, errlen,
                      "termination.effective_date: \"%s\" is before employee.hire_date \"%s\"", a,
                      b);
    }
    if (s->effective_day < s->notice_day) {
        law_date_format(s->effective_day, a);
        law_date_format(s->notice_day, b);
        return s_fail(err, errlen,
                      "termination.effective_date: \"%s\" is before termination.notice_date \"%s\"",
                      a, b);
    }
    return HR_OK;
}
