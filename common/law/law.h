/*  law.h - the legality engine: PRC Labour Contract Law rules for ending a labour contract.
 *
 *  A pure library: no I/O, no clock, no mutable globals. A scenario struct goes in, an
 *  assessment struct comes out. Money is int64 fen (0.01 CNY) everywhere; dates are day numbers
 *  (days since 1970-01-01, proleptic Gregorian calendar), computed by our own civil-date code.
 *
 *  The contract this engine implements is shared/contracts/law-check.md; the legal background
 *  is shared/reference/prc-termination-rules.md. common/law/README.md is the manual.
 *
 *  Everything a function returns as `const T *` or `const char *` points into constant tables
 *  and lives for the whole program; nothing here needs freeing unless a comment says "owned".
 */
#ifndef LAW_H
#define LAW_H

#include "hr_base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// ---------------------------------------------------------------------------------------------
// Dates

typedef int32_t law_day_t; // days since 1970-01-01; 0 is 1970-01-01

#define LAW_DATE_LEN 10   // "YYYY-MM-DD"
#define LAW_YEAR_MIN 1900 // earliest year accepted in a date
#define LAW_YEAR_MAX 2200 // latest year accepted in a date
#define LAW_MONTHS_PER_YEAR 12

// Day number of year-month-day; false if the date does not exist (2023-02-30) or the year is
// outside [LAW_YEAR_MIN, LAW_YEAR_MAX].
bool law_date_from_ymd(int year, int month, int day, law_day_t *out);
// Splits a day number into year, month (1-12) and day (1-31).
void law_date_to_ymd(law_day_t day, int *year, int *month, int *mday);
// Parses exactly "YYYY-MM-DD" (ten characters, zero-padded). False on anything else, including
// dates that do not exist and years outside the accepted range.
bool law_date_parse(const char *text, law_day_t *out);
// Why law_date_parse refuses text, as the words that follow it in a message (hr_date_why's, and
// "is not a date from 1900 to 2200" for a year outside the accepted range). Into buf (size
// bytes; HR_DATE_WHY_LEN is enough); returns buf.
char *law_date_why(const char *text, char *buf, size_t size);
// Writes "YYYY-MM-DD" and a NUL into buf (at least LAW_DATE_LEN + 1 bytes).
void law_date_format(law_day_t day, char *buf);
// Number of days in the given month (1-12) of year.
int law_date_month_days(int year, int month);
// The same day `months` calendar months later (or earlier when negative); where that day does
// not exist the month's last day is used (2024-01-31 + 1 month = 2024-02-29). Always counted
// from `day`, never step by step, so 01-31 + 2 months is 03-31.
law_day_t law_date_add_months(law_day_t day, int months);

// Length of service from `first` to `last`, both days counted (LCL Art. 47 as the contract
// fixes it): whole calendar months from `first` up to the day after `last`, then leftover days.
typedef struct {
    int years;        // whole years
    int months;       // whole months beyond the years, 0-11
    int days;         // leftover days beyond the months
    int total_months; // years * 12 + months
} law_service_t;

// Computes the service between first and last inclusive. last < first gives all zeros.
law_service_t law_service_between(law_day_t first, law_day_t last);
// Art. 47 units in half months: 2 per whole year, plus 2 for a remainder of 6 months or more,
// plus 1 for a remainder above zero and under 6 months.
int law_service_half_units(const law_service_t *service);

// ---------------------------------------------------------------------------------------------
// Money

#define LAW_FEN_PER_YUAN 100
#define LAW_MONEY_MAX_FEN INT64_C(100000000000) // 1,000,000,000 yuan: the largest amount accepted
#define LAW_MONEY_TEXT_MAX 32                   // enough for any amount this engine prints

// Average of n amounts rounded half-up to the fen; n must be > 0.
int64_t law_fen_average(const int64_t *amounts_fen, size_t n);
// amount_fen * half_units / 2, rounded half-up to the fen (amounts are never negative).
int64_t law_fen_times_half_units(int64_t amount_fen, int half_units);
// Writes an amount as an exact decimal number of yuan with no trailing zeros: 1350000 gives
// "13500", 1350050 "13500.5", 1350005 "13500.05". buf holds LAW_MONEY_TEXT_MAX bytes.
void law_fen_format(int64_t amount_fen, char *buf);
// Parses a plain decimal number of yuan ("13500", "13500.5", "0.05") with at most two decimals
// into fen. False on a sign, an exponent, more than two decimals or more than LAW_MONEY_MAX_FEN.
bool law_fen_parse(const char *text, int64_t *out_fen);

// ---------------------------------------------------------------------------------------------
// Evidence kinds (DESIGN.md section 3): what an uploaded evidence item is.

typedef enum {
    LAW_EVK_PERFORMANCE_REPORT,
    LAW_EVK_ASSESSMENT_RESULT,
    LAW_EVK_TRAINING_RECORD,
    LAW_EVK_RULE_DOCUMENT,
    LAW_EVK_RULE_ACKNOWLEDGEMENT,
    LAW_EVK_ATTENDANCE_RECORD,
    LAW_EVK_COMPLAINT_RECORD,
    LAW_EVK_FEEDBACK_TALK_RECORD,
    LAW_EVK_HIRING_CONDITIONS,
    LAW_EVK_AGREEMENT,
    LAW_EVK_NOTICE_LETTER,
    LAW_EVK_UNION_NOTICE,
    LAW_EVK_FACTS_SNAPSHOT,
    LAW_EVK_TERMINATION_CERTIFICATE, // LCL Art. 50: what the employer owes at the end; proves
                                     // no ground's fact
    LAW_EVK_OTHER,
    LAW_EVK_COUNT // number of kinds; not a kind
} law_evidence_kind_t;

#define LAW_EVK_BIT(k) (1u << (k))

// Stable name of an evidence kind ("performance_report"); NULL for an invalid value.
const char *law_evidence_kind_name(law_evidence_kind_t kind);
// Looks a kind up by its name. Returns HR_OK, or HR_ENOTFOUND for an unknown name.
hr_rc_t law_evidence_kind_find(const char *name, law_evidence_kind_t *out);
// The kind's Chinese name ("规章制度文本" for rule_document), what the Chinese half of a message
// says; NULL for an invalid value. law_evidence_kind_zh_of: the same by the kind's name; a name
// that is no kind is returned as it is ("" for NULL).
const char *law_evidence_kind_zh(law_evidence_kind_t kind);
const char *law_evidence_kind_zh_of(const char *name);

// ---------------------------------------------------------------------------------------------
// Legal facts: what the employer must prove (Interp. I Art. 44 puts the burden on it).

typedef enum {
    LAW_FACT_AGREEMENT_SIGNED,
    LAW_FACT_HIRING_CONDITIONS_DEFINED,
    LAW_FACT_HIRING_CONDITIONS_MADE_KNOWN,
    LAW_FACT_FAILURE_PROVEN,
    LAW_FACT_RULE_EXISTS,
    LAW_FACT_RULE_ADOPTED_DEMOCRATICALLY,
    LAW_FACT_RULE_MADE_KNOWN,
    LAW_FACT_CONDUCT_COVERED_AS_SERIOUS,
    LAW_FACT_FACTS_PROVEN,
    LAW_FACT_ENFORCED_CONSISTENTLY,
    LAW_FACT_DERELICTION_OR_GRAFT_PROVEN,
    LAW_FACT_MAJOR_DAMAGE_PROVEN,
    LAW_FACT_CONCURRENT_EMPLOYMENT_PROVEN,
    LAW_FACT_SERIOUS_IMPACT_OR_REFUSED_TO_CORRECT,
    LAW_FACT_CONTRACT_INVALID_BY_EMPLOYEE_FRAUD,
    LAW_FACT_CRIMINAL_LIABILITY_ESTABLISHED,
    LAW_FACT_MEDICAL_PERIOD_EXPIRED,
    LAW_FACT_CANNOT_DO_ORIGINAL_WORK,
    LAW_FACT_ALTERNATIVE_WORK_OFFERED,
    LAW_FACT_CANNOT_DO_ALTERNATIVE_WORK,
    LAW_FACT_JOB_STANDARD_MADE_KNOWN,
    LAW_FACT_FIRST_ASSESSMENT_FAILED,
    LAW_FACT_TRAINING_OR_ADJUSTMENT_DONE,
    LAW_FACT_SECOND_ASSESSMENT_FAILED,
    LAW_FACT_OBJECTIVE_CHANGE_MAJOR,
    LAW_FACT_CONTRACT_CANNOT_BE_PERFORMED,
    LAW_FACT_VARIATION_CONSULTATION_FAILED,
    LAW_FACT_LAYOFF_COUNT,
    LAW_FACT_TOTAL_HEADCOUNT,
    LAW_FACT_EXPLAINED_TO_UNION_OR_STAFF_30_DAYS,
    LAW_FACT_OPINIONS_HEARD,
    LAW_FACT_REPORTED_TO_LABOUR_BUREAU_BEFORE,
    LAW_FACT_PRIORITY_RETENTION_CONSIDERED,
    LAW_FACT_RENEWAL_OFFERED_SAME_OR_BETTER_TERMS,
    LAW_FACT_EMPLOYEE_REFUSED_RENEWAL,
    LAW_FACT_COUNT // number of facts; not a fact
} law_fact_id_t;

#define LAW_FACT_BIT(f) (UINT64_C(1) << (f))

typedef struct {
    law_fact_id_t id;           // index in the fact table
    const char *name;           // input key under "evidence" ("job_standard_made_known")
    bool numeric;               // true: a whole number (layoff counts); false: a boolean
    const char *article;        // the article that requires it ("LCL 40(2)")
    const char *description_zh; // what must be true, in Chinese
    const char *description_en; // what must be true, in English
    const char *document_zh;    // the document HR produces to prove it, in Chinese
    const char *document_en;    // the document HR produces to prove it, in English
    unsigned kinds;             // LAW_EVK_BIT set of evidence kinds that can prove it
    const char *missing_zh;     // full sentence for a finding when it is not proven
    const char *missing_en;     // full sentence for a finding when it is not proven
} law_fact_t;

// The fact with this id; NULL for an invalid id.
const law_fact_t *law_fact_get(law_fact_id_t id);
// Looks a fact up by its input key. NULL when unknown.
const law_fact_t *law_fact_find(const char *name);
// Input path of the fact ("evidence.job_standard_made_known"); NULL for an invalid id.
const char *law_fact_path(law_fact_id_t id);
// True if evidence of this kind can prove the fact.
bool law_fact_is_proven_by(const law_fact_t *fact, law_evidence_kind_t kind);

// ---------------------------------------------------------------------------------------------
// Grounds

typedef enum {
    LAW_GROUND_A36_EMPLOYER,
    LAW_GROUND_A36_EMPLOYEE,
    LAW_GROUND_A39_1,
    LAW_GROUND_A39_2,
    LAW_GROUND_A39_3,
    LAW_GROUND_A39_4,
    LAW_GROUND_A39_5,
    LAW_GROUND_A39_6,
    LAW_GROUND_A40_1,
    LAW_GROUND_A40_2,
    LAW_GROUND_A40_3,
    LAW_GROUND_A41,
    LAW_GROUND_A44_EXPIRY,
    LAW_GROUND_COUNT // number of grounds; not a ground
} law_ground_id_t;

// Which family a ground belongs to; the engine's rules are written per family.
typedef enum {
    LAW_FAMILY_MUTUAL, // Art. 36
    LAW_FAMILY_CAUSE,  // Art. 39: summary dismissal
    LAW_FAMILY_NOTICE, // Art. 40: dismissal with notice
    LAW_FAMILY_LAYOFF, // Art. 41
    LAW_FAMILY_EXPIRY, // Art. 44(1)
} law_family_t;

// How a ground ends the contract in the statute's words: Arts. 36-41 rescind it (解除: by
// agreement or by one party), Art. 44 ends it of itself (终止: expiry, pension, death, the
// employer's dissolution...). The certificate (Art. 50, Reg. Art. 24) and the notice must name
// the right one.
typedef enum {
    LAW_ENDING_RESCISSION,  // 解除, "rescission"
    LAW_ENDING_TERMINATION, // 终止, "termination"
} law_ending_t;

// How the pre-2008 part of lawful severance is paid (LCL Art. 97 para 3, 1994 Measures).
typedef enum {
    LAW_PRE2008_NONE,     // no severance at all for this ground
    LAW_PRE2008_ZERO,     // severance, but nothing for service before 2008 (expiry)
    LAW_PRE2008_CAPPED,   // one month per started year, at most LAW_PRE2008_CAP_MONTHS
    LAW_PRE2008_UNCAPPED, // one month per started year
} law_pre2008_t;

#define LAW_PRE2008_CAP_MONTHS 12 // 1994 Measures Arts. 5 and 7
#define LAW_GROUND_FACTS_MAX 8    // most facts any ground lists

typedef struct {
    law_fact_id_t fact; // the fact
    bool required;      // false: it only decides money or a review point
    // For a fact that is not required: what it decides when not proven ("decides money only",
    // or a review finding that can make the dismissal unlawful); NULL for a required fact.
    const char *effect_zh;
    const char *effect_en;
} law_ground_fact_t;

typedef struct {
    law_ground_id_t id;                            // index in the ground table
    const char *code;                              // "A40_2"
    const char *article;                           // "LCL 40(2)"
    const char *title_zh;                          // Chinese title
    const char *title_en;                          // English title
    law_family_t family;                           // which rules apply
    law_ending_t ending;                           // 解除 (Arts. 36-41) or 终止 (Art. 44)
    bool severance;                                // N owed when lawful (Art. 46)
    law_pre2008_t pre2008;                         // the 1994 Measures treatment
    size_t nfacts;                                 // entries used in facts
    law_ground_fact_t facts[LAW_GROUND_FACTS_MAX]; // what it needs, in the order HR proves it
    // The statute's own words for the ground (the article's item, its closing 的 kept, no
    // semicolon): what a notice quotes (Guiding Case 180). title_zh/title_en are short names;
    // the English is a rendering, the Chinese is the law.
    const char *statute_zh;
    const char *statute_en;
} law_ground_t;

// Number of grounds (LAW_GROUND_COUNT).
size_t law_ground_count(void);
// The ground at index i (0 <= i < law_ground_count()); NULL past the end.
const law_ground_t *law_ground_at(size_t i);
// Looks a ground up by its code ("A40_2", exact case). NULL when unknown.
const law_ground_t *law_ground_find(const char *code);
// True for grounds the employer uses alone (Art. 39, 40, 41): Art. 43 union notice applies.
bool law_ground_is_unilateral(const law_ground_t *ground);
// Set of LAW_EVK_BIT evidence kinds that can prove at least one required fact of the ground:
// what the workflow asks the manager to attach before a request can be submitted.
unsigned law_ground_kinds(const law_ground_t *ground);

// ---------------------------------------------------------------------------------------------
// Citations in Chinese: the legislature's way, Chinese numerals and no brackets
// (《中华人民共和国劳动合同法》第四十二条第四项, 第二十六条第一款第一项), never 第42条.

#define LAW_ZH_NUMBER_MAX 32   // bytes enough for any number law_zh_number writes, with the NUL
#define LAW_ZH_NUMBER_TOP 9999 // the largest it writes in Chinese (Civil Code: 1260 articles)

// Writes n (1..LAW_ZH_NUMBER_TOP) in Chinese numerals as an article, paragraph or item number is
// cited: 4 "四", 10 "十", 42 "四十二", 105 "一百零五", 110 "一百一十", 1259 "一千二百五十九".
// Anything outside that range is written in digits (not a citation anyone makes). buf holds len
// bytes (LAW_ZH_NUMBER_MAX is always enough) and is returned, NUL-terminated.
const char *law_zh_number(int n, char *buf, size_t len);

#define LAW_ARTICLE_ZH_MAX 512 // bytes enough for any article reference of the tables, in Chinese

// An article reference as hr_law writes it (a fact's or ground's `article`: "LCL 39(2)",
// "LCL 14(2)(1); Reg. 9", "LCL 97; 1994 Measures 6, 11") cited the legislature's way:
// 《劳动合同法》第三十九条第二项, 《劳动合同法》第十四条第二款第一项、《劳动合同法实施条例》第九条,
// the law named once for a run of its articles. The Chinese half of a message cites with it; the
// English keeps the reference. A reference written any other way is copied as it is. buf holds
// len bytes (LAW_ARTICLE_ZH_MAX is enough for the tables') and is returned.
const char *law_article_zh(const char *article, char *buf, size_t len);

// ---------------------------------------------------------------------------------------------
// Art. 42 protected statuses

typedef enum {
    LAW_STATUS_HAZARD_EXPOSURE_WITHOUT_EXIT_EXAM,
    LAW_STATUS_OCCUPATIONAL_DISEASE_SUSPECTED,
    LAW_STATUS_WORK_INJURY_INCAPACITY,
    LAW_STATUS_MEDICAL_TREATMENT_PERIOD,
    LAW_STATUS_PREGNANT,
    LAW_STATUS_MATERNITY_LEAVE,
    LAW_STATUS_NURSING_INFANT,
    LAW_STATUS_LONG_SERVICE_NEAR_RETIREMENT,
    LAW_STATUS_COUNT // number of statuses; not a status
} law_status_id_t;

#define LAW_STATUS_BIT(s) (1u << (s))

typedef struct {
    law_status_id_t id;       // index in the status table
    const char *name;         // input key under employee.status
    const char *path;         // full input path ("employee.status.pregnant")
    const char *code;         // finding code ("PROTECTED_PREGNANT")
    const char *article;      // "LCL 42(4)"
    const char *block_zh;     // finding text: bars Art. 40/41 dismissal
    const char *block_en;     // finding text: bars Art. 40/41 dismissal
    const char *expiry_zh;    // finding text: the contract extends (Art. 45)
    const char *expiry_en;    // finding text: the contract extends (Art. 45)
    const char *not_a_bar_zh; // finding text: does not bar Art. 39
    const char *not_a_bar_en; // finding text: does not bar Art. 39
} law_status_t;

// The status with this id; NULL for an invalid id.
const law_status_t *law_status_get(law_status_id_t id);
// Looks a status up by its input key. NULL when unknown.
const law_status_t *law_status_find(const char *name);

// ---------------------------------------------------------------------------------------------
// Statutory retirement age and Art. 42(5) (law_retire.c)
//
// The NPCSC decision on gradually raising the statutory retirement age (全国人民代表大会常务委员会
// 关于实施渐进式延迟法定退休年龄的决定, adopted 2024-09-13, in force 2025-01-01) and the State
// Council measures annexed to it: men (originally 60) and women originally 55 retire one month
// later for every four months of birth date from January 1965 / January 1970, up to 63 and 58;
// women originally 50 one month later for every two months from January 1975, up to 55. Which
// original group a woman is in depends on her post (cadre posts 55, worker posts 50), not on her
// sex alone, so the group is a directory fact, never inferred.

typedef enum {
    LAW_RETIRE_MALE60,    // men: originally 60, up to 63
    LAW_RETIRE_FEMALE55,  // women in cadre (管理、技术) posts: originally 55, up to 58
    LAW_RETIRE_FEMALE50,  // women in worker (生产、工人) posts: originally 50, up to 55
    LAW_RETIRE_BASE_COUNT // number of groups; not a group
} law_retire_base_t;

#define LAW_A42_5_SERVICE_YEARS 15 // Art. 42(5): fifteen years' continuous service here
#define LAW_A42_5_YEARS_LEFT 5     // Art. 42(5): and less than five years to retirement

// Stable name of a group ("male60", "female55", "female50"); NULL for an invalid value.
const char *law_retire_base_name(law_retire_base_t base);
// Looks a group up by its name. False when unknown.
bool law_retire_base_find(const char *name, law_retire_base_t *out);
// The statutory retirement age of someone born on `birth` in group `base`, in months (720 for a
// man born in 1964; 721 for one born 1965-01..1965-04; at most 756).
int law_retire_age_months(law_retire_base_t base, law_day_t birth);
// The day they reach it: `birth` plus that many calendar months (law_date_add_months).
law_day_t law_retire_day(law_retire_base_t base, law_day_t birth);

// Art. 42(5) on day `on`: continuous service from `hire` to `on`, both counted, of at least 15
// years, and `on` less than 5 years before the retirement day (or at or after it).
typedef struct {
    law_day_t retire_day;  // the statutory retirement day
    int age_months;        // the statutory retirement age in months
    law_service_t service; // hire to on, both days counted
    bool long_service;     // service of at least LAW_A42_5_SERVICE_YEARS years
    bool near;             // less than LAW_A42_5_YEARS_LEFT years to retire_day (or reached)
    bool reached;          // on is the retirement day or later
    bool protected_;       // long_service and near: Art. 42(5) applies
} law_retire_position_t;

void law_retire_position(law_retire_base_t base, law_day_t birth, law_day_t hire, law_day_t on,
                         law_retire_position_t *out);

// ---------------------------------------------------------------------------------------------
// Scenario (input)

typedef enum {
    LAW_CONTRACT_FIXED,
    LAW_CONTRACT_OPEN_ENDED,
    LAW_CONTRACT_TASK_BASED,
    LAW_CONTRACT_PART_TIME,
    LAW_CONTRACT_COUNT // number of types; not a type
} law_contract_t;

// Input name of a contract type ("open_ended"); NULL for an invalid value.
const char *law_contract_name(law_contract_t type);

#define LAW_WAGES_MAX 12            // entries in wages_last_12_months
#define LAW_HEADCOUNT_MAX 100000000 // largest layoff_count / total_headcount accepted
#define LAW_LCL_YEAR 2008           // the LCL is in force from 1 January of this year (Art. 98)

typedef struct {
    // employee
    law_day_t hire_day;               // day 1 of service
    law_contract_t contract_type;     // default LAW_CONTRACT_FIXED
    bool has_contract_start;          // contract_start given (informative)
    law_day_t contract_start_day;     // valid if has_contract_start
    bool has_contract_end;            // contract_end given (informative)
    law_day_t contract_end_day;       // valid if has_contract_end
    bool has_probation;               // probation_end given
    law_day_t probation_end_day;      // last day of probation, if has_probation
    bool has_average_wage;            // average_monthly_wage given
    int64_t average_wage_fen;         // valid if has_average_wage
    size_t nwages;                    // entries in wages_fen; 0 = not given
    int64_t wages_fen[LAW_WAGES_MAX]; // wages_last_12_months, oldest first
    bool has_previous_month_wage;     // previous_month_wage given
    int64_t previous_month_wage_fen;  // valid if has_previous_month_wage
    unsigned status;                  // LAW_STATUS_BIT set of protected statuses
    // employer
    int64_t local_average_wage_fen; // city's previous-year average monthly wage
    bool has_local_minimum;         // local_minimum_monthly_wage given
    int64_t local_minimum_wage_fen; // valid if has_local_minimum
    bool has_union;                 // the employer has a union
    // termination
    const law_ground_t *ground;          // borrowed from the ground table; never NULL
    law_day_t notice_day;                // the day the employee received notice
    law_day_t effective_day;             // last day of service
    bool written_notice;                 // notice was in writing
    bool reasons_given;                  // reasons were explained to the employee
    bool pay_in_lieu_of_notice;          // the employer pays a month's wage instead of notice
    bool union_notified;                 // union notified before the termination
    bool union_notice_cured_before_suit; // procedure cured before the employee sued
    // evidence
    uint64_t proven;         // LAW_FACT_BIT set of facts proven (numbers: present)
    int64_t layoff_count;    // valid if LAW_FACT_LAYOFF_COUNT is in proven
    int64_t total_headcount; // valid if LAW_FACT_TOTAL_HEADCOUNT is in proven
} law_scenario_t;

// Sets every field to the contract's defaults: all booleans false, fixed-term contract, no
// optional figure given, no ground. The caller then fills what it knows.
void law_scenario_init(law_scenario_t *scenario);

#define LAW_ERROR_MAX 256 // room for one "field.path: problem" line

// Checks the rules that cross fields (a ground is set, wages are given, money in range, the
// effective date not before the hire date nor the notice date, layoff_count not above
// total_headcount). Returns HR_OK, or HR_EINVAL with "field.path: problem" written to err
// (errlen bytes, may be 0).
hr_rc_t law_scenario_check(const law_scenario_t *scenario, char *err, size_t errlen);

// ---------------------------------------------------------------------------------------------
// Assessment (output)

typedef enum {
    LAW_SEVERITY_BLOCK,  // makes the verdict unlawful
    LAW_SEVERITY_WARN,   // lawful, but act on it
    LAW_SEVERITY_REVIEW, // courts differ: a person must decide
    LAW_SEVERITY_INFO,   // for the record
} law_severity_t;

// "block", "warn", "review" or "info"; NULL for an invalid value.
const char *law_severity_name(law_severity_t severity);

#define LAW_FINDINGS_MAX 40 // more than the rules can produce for one scenario

typedef struct {
    law_severity_t severity; // block | warn | review | info
    const char *code;        // stable upper-case identifier ("PROTECTED_NURSING")
    const char *article;     // the article it rests on ("LCL 42(4)")
    const char *fact;        // input path it is about ("employee.status.nursing_infant")
    const char *message_zh;  // what is wrong, which article, which document would prove it
    const char *message_en;  // the same in English
} law_finding_t;

typedef struct {
    bool lawful;                              // no block finding
    bool needs_review;                        // some finding has severity review
    const law_ground_t *ground;               // borrowed from the ground table
    size_t nfindings;                         // entries used in findings
    law_finding_t findings[LAW_FINDINGS_MAX]; // in the order the rules ran
    law_service_t service;                    // hire date to effective date, both counted
    int service_half_units;                   // Art. 47 units x 2, after the 12-year limit
    int64_t wage_average_fen;                 // average of the wages given
    int64_t wage_base_fen;                    // after the minimum-wage floor and the 3x cap
    int64_t wage_cap_fen;                     // 3 x the local average wage
    bool wage_capped;                         // the wage was higher than the cap
    int64_t severance_fen;                    // N, lawful only (pre-2008 part included)
    int64_t severance_pre2008_fen;            // the 1994 Measures part of severance_fen
    // The basis of severance_fen, each amount reproducible from it (Art. 97 para 3): N's Art. 47
    // half-units - from 2008-01-01 when hired before, after the 12-year limit - and the same
    // before that limit (service_half_units above is the whole service, the basis of 2N); the
    // pre-2008 part's started years of service, the months of wage paid for them (after the
    // 1994 Measures' 12-month cap where it applies; 0 for a ground owing none) and the monthly
    // wage they are paid at (floored, never capped). All 0 when no severance is owed.
    int severance_half_units;        // severance_fen = wage_base x this / 2 + the pre-2008 part
    int severance_half_units_actual; // before the 12-year limit
    int pre2008_years;               // started years before 2008-01-01; 0 when hired from 2008
    int pre2008_months;              // severance_pre2008_fen = pre2008_months x pre2008_wage_fen
    int64_t pre2008_wage_fen;        // the floored, uncapped wage of the 1994 Measures
    // Service before 2008 whatever the verdict (for the PRE_2008_SERVICE finding): N as the
    // Art. 97 split computes it had the ending been lawful, its 1994 Measures part and the
    // months of wage that part pays - set for a hire before 2008-01-01 on a ground owing
    // severance, 0 otherwise. Equal to severance_fen, severance_pre2008_fen and pre2008_months
    // when the ending is lawful; an unlawful ending's 2N (Reg. Art. 25, never split) can be
    // below it, which the finding says.
    int64_t split_severance_fen;
    int64_t split_pre2008_fen;
    int split_pre2008_months;
    int64_t split_pre2008_wage_fen;    // the uncapped wage of the pre-2008 part
    int64_t notice_pay_fen;            // one month's wage in lieu of notice
    int64_t unlawful_compensation_fen; // 2N over the whole service
    law_day_t certificate_day;         // termination certificate due (Art. 50)
    law_day_t transfer_day;            // file and social insurance moved by (Art. 50)
    law_day_t keep_records_day;        // contract text kept at least until (Art. 50)
    law_day_t arbitration_limit_day;   // last day to apply for arbitration (LDMAL 27)
} law_assessment_t;

#define LAW_TRANSFER_DAYS 15      // Art. 50: file and social insurance within 15 days
#define LAW_KEEP_RECORDS_YEARS 2  // Art. 50: keep the contract text at least 2 years
#define LAW_ARBITRATION_YEARS 1   // LDMAL Art. 27: one year
#define LAW_NOTICE_DAYS 30        // Art. 40: thirty days' written notice
#define LAW_LAYOFF_MIN_PEOPLE 20  // Art. 41: twenty people or more
#define LAW_LAYOFF_MIN_PERCENT 10 // Art. 41: or ten per cent of the workforce or more
#define LAW_CAP_MULTIPLE 3        // Art. 47: three times the local average wage
#define LAW_CAP_YEARS 12          // Art. 47: at most twelve years when capped
#define LAW_UNLAWFUL_MULTIPLE 2   // Art. 87: twice the Art. 47 standard
#define LAW_OPEN_ENDED_YEARS 10   // Art. 14 para 2 (1): ten consecutive years

#define LAW_PRE2008_MEDICAL_MONTHS 6 // 1994 Measures Art. 6: a medical subsidy of at least 6 months

#define LAW_DETAIL_MAX 1024 // room for law_finding_detail's text in either language

// The figures a finding's constant message refers to, as text in Chinese (en false) or English,
// written into buf (size bytes, NUL-terminated; "" for a finding that has none): for
// PRE_2008_SERVICE the parts of the split N (Art. 97 para 3) so the total can be rebuilt - the
// part from 2008 (months x base), the part before (started years, months x the uncapped wage),
// their sum - and, on A40_1, the 1994 Measures' minimum medical subsidy (Art. 6); on an
// unlawful ending, 2N against the split N. hrctl law check appends it to the message; the
// workflow does the same. Returns the length written.
size_t law_finding_detail(const law_assessment_t *a, const law_finding_t *f, bool en, char *buf,
                          size_t size);

// Runs every rule of the contract on the scenario and fills *out (no allocation; out is
// written whole). Returns HR_OK, or HR_EINVAL when law_scenario_check() rejects the scenario
// (then *out is unspecified). Both pointers are borrowed.
hr_rc_t law_assess(const law_scenario_t *scenario, law_assessment_t *out);

#endif
