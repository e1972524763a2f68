/*  bench_law - assessments per second on one core (issue 3: target >= 200,000/s).
 *
 *  Pins itself to CPU 0, parses a handful of scenarios once (a lawful A40_2, an unlawful
 *  protected A41, a pre-2008 split, an A39_2 with review points, a capped wage), then runs
 *  law_assess() one million times over them in turn and prints the rate. A second figure
 *  covers the whole `hrctl law check` path in memory (parse + assess + print JSON) on 100,000
 *  inputs. Usage: bench_law [ASSESSMENTS]
 */
#define _GNU_SOURCE // sched_setaffinity
#include "law.h"
#include "law_json.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_DEFAULT_RUNS 1000000L
#define S_FULL_PATH_DIVISOR 10 // the parse+print path runs on a tenth as many inputs
#define S_NS_PER_S 1e9

static const char *const s_inputs[] = {
    "{\"employee\":{\"hire_date\":\"2021-05-06\",\"average_monthly_wage\":9000},"
    "\"employer\":{\"local_average_monthly_wage\":13876,\"has_union\":true},"
    "\"termination\":{\"ground\":\"A40_2\",\"notice_date\":\"2023-11-13\","
    "\"effective_date\":\"2023-12-13\",\"written_notice\":true,\"union_notified\":true},"
    "\"evidence\":{\"job_standard_made_known\":true,\"first_assessment_failed\":true,"
    "\"training_or_adjustment_done\":true,\"second_assessment_failed\":true}}",

    "{\"employee\":{\"hire_date\":\"2012-03-01\",\"wages_last_12_months\":[9000,9100,9200,"
    "9300,9400,9500,9600,9700,9800,9900,10000,10100],\"status\":{\"pregnant\":true,"
    "\"medical_treatment_period\":true}},\"employer\":{\"local_average_monthly_wage\":11000},"
    "\"termination\":{\"ground\":\"A41\",\"notice_date\":\"2023-01-10\","
    "\"effective_date\":\"2023-02-10\"},\"evidence\":{\"layoff_count\":19,"
    "\"total_headcount\":400}}",

    "{\"employee\":{\"hire_date\":\"1995-01-01\",\"average_monthly_wage\":40000},"
    "\"employer\":{\"local_average_monthly_wage\":5000,\"has_union\":true},"
    "\"termination\":{\"ground\":\"A40_3\",\"notice_date\":\"2020-12-31\","
    "\"effective_date\":\"2020-12-31\",\"union_notified\":true,\"pay_in_lieu_of_notice\":true},"
    "\"evidence\":{\"objective_change_major\":true,\"contract_cannot_be_performed\":true,"
    "\"variation_consultation_failed\":true}}",

    "{\"employee\":{\"hire_date\":\"2023-06-01\",\"probation_end\":\"2023-11-30\","
    "\"average_monthly_wage\":12000},\"employer\":{\"local_average_monthly_wage\":13876},"
    "\"termination\":{\"ground\":\"A39_2\",\"notice_date\":\"2023-11-13\","
    "\"effective_date\":\"2023-11-13\"},\"evidence\":{\"rule_exists\":true,"
    "\"rule_made_known\":true,\"facts_proven\":true}}",

    "{\"employee\":{\"hire_date\":\"2009-01-01\",\"average_monthly_wage\":40000},"
    "\"employer\":{\"local_average_monthly_wage\":5000},\"termination\":{\"ground\":"
    "\"A36_EMPLOYER\",\"notice_date\":\"2023-12-31\",\"effective_date\":\"2023-12-31\"},"
    "\"evidence\":{\"agreement_signed\":true}}",
};
#define S_NINPUTS (sizeof s_inputs / sizeof s_inputs[0])

static double s_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / S_NS_PER_S;
}

int main(int argc, char **argv)
{
    long runs = argc > 1 ? strtol(argv[1], NULL, 10) : S_DEFAULT_RUNS;
    if (runs <= 0)
        runs = S_DEFAULT_RUNS;
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    if (sched_setaffinity(0, sizeof cpus, &cpus) != 0)
        perror("sched_setaffinity (continuing unpinned)");

    law_scenario_t scenarios[S_NINPUTS];
    char err[LAW_ERROR_MAX];
    for (size_t i = 0; i < S_NINPUTS; i++) {
        if (law_scenario_from_json(s_inputs[i], strlen(s_inputs[i]), &scenarios[i], err,
                                   sizeof err)) {
            fprintf(stderr, "bench input %zu rejected: %s\n", i, err);
            return 1;
        }
    }

    law_assessment_t a;
    int64_t sink = 0; // keeps the work observable so it cannot be optimized away
    double t0 = s_now();
    for (long i = 0; i < runs; i++) {
        if (law_assess(&scenarios[(size_t)i % S_NINPUTS], &a))
            return 1;
        sink += a.unlawful_compensation_fen + (int64_t)a.nfindings;
    }
    double t1 = s_now();
    printf("law_assess: %ld assessments in %.3f s on CPU 0: %.0f assessments/s (sink %lld)\n", runs,
           t1 - t0, (double)runs / (t1 - t0), (long long)sink);

    long full = runs / S_FULL_PATH_DIVISOR;
    t0 = s_now();
    for (long i = 0; i < full; i++) {
        const char *text = s_inputs[(size_t)i % S_NINPUTS];
        law_scenario_t s;
        if (law_scenario_from_json(text, strlen(text), &s, err, sizeof err) || law_assess(&s, &a))
            return 1;
        char *json = law_assessment_to_json(&a);
        sink += (int64_t)strlen(json);
        hr_free(json);
    }
    t1 = s_now();
    printf("parse+assess+print: %ld scenarios in %.3f s: %.0f scenarios/s (sink %lld)\n", full,
           t1 - t0, (double)full / (t1 - t0), (long long)sink);
    return 0;
}
