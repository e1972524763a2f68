/*  ctl_law - `hrctl law check [FILE]` and `hrctl law grounds [--json]` (contracts/law-check.md).
 *
 *  check reads one JSON scenario from FILE or standard input, and either prints one JSON
 *  assessment on stdout and exits 0 (whatever the verdict), or prints nothing on stdout, one
 *  line "field.path: problem" on stderr and exits 2. The parsing, the rules and the output
 *  shape all live in hr_law (law_json.h); this file only does the I/O around them.
 *
 *  grounds prints the catalogue: each ground, its article, the facts it needs and the evidence
 *  kinds that prove each fact, in Chinese and English; --json prints the same as JSON.
 */
#include "ctl.h"
#include "law.h"
#include "law_json.h"

#include <errno.h>
#include <string.h>

#define S_READ_CHUNK 4096 // bytes read per fread while the input grows

static void s_usage(FILE *out)
{
    fprintf(out,
            "usage: hrctl law check [FILE]      assess one JSON scenario (FILE or stdin)\n"
            "       hrctl law grounds [--json]  list the grounds and the evidence each needs\n");
}

// Reads the whole stream into an owned buffer, at most LAW_INPUT_MAX + 1 bytes (one more than
// allowed, so the parser can say the input is too large). Returns NULL on a read error.
static char *s_read_all(FILE *in, size_t *len_out)
{
    size_t cap = S_READ_CHUNK, len = 0;
    char *buf = hr_alloc(cap);
    while (len <= LAW_INPUT_MAX) {
        if (cap - len < S_READ_CHUNK) {
            cap *= 2;
            buf = hr_realloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, S_READ_CHUNK, in);
        len += n;
        if (n < S_READ_CHUNK)
            break;
    }
    if (ferror(in)) {
        hr_free(buf);
        return NULL;
    }
    *len_out = len;
    return buf;
}

static int s_check(const char *path)
{
    int code = CTL_EXIT_USAGE;
    FILE *in = stdin;
    char *text = NULL;
    char *json = NULL;
    size_t len = 0;
    if (path && strcmp(path, "-") != 0) {
        in = fopen(path, "rb");
        if (!in) {
            fprintf(stderr, "input: cannot open %s: %s\n", path, strerror(errno));
            goto out;
        }
    }
    text = s_read_all(in, &len);
    if (!text) {
        fprintf(stderr, "input: cannot read %s: %s\n", path ? path : "standard input",
                strerror(errno));
        goto out;
    }
    law_scenario_t scenario;
    char err[LAW_ERROR_MAX];
    if (law_scenario_from_json(text, len, &scenario, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    law_assessment_t assessment;
    if (law_assess(&scenario, &assessment)) {
        // The parser ran the same checks, so this is a bug, not bad input.
        fprintf(stderr, "input: the scenario passed parsing but not the engine's checks\n");
        code = CTL_EXIT_FAIL;
        goto out;
    }
    json = law_assessment_to_json(&assessment);
    if (fputs(json, stdout) == EOF || fflush(stdout) != 0) {
        fprintf(stderr, "output: cannot write the assessment: %s\n", strerror(errno));
        code = CTL_EXIT_FAIL;
        goto out;
    }
    code = CTL_EXIT_OK;
out:
    hr_free(json);
    hr_free(text);
    if (in && in != stdin)
        fclose(in);
    return code;
}

static void s_print_kinds(unsigned kinds)
{
    bool first = true;
    for (int k = 0; k < LAW_EVK_COUNT; k++) {
        if (!(kinds & LAW_EVK_BIT(k)))
            continue;
        // The code is what --kind takes; its Chinese name is what an HR person calls it.
        printf("%s%s（%s）", first ? "" : ", ", law_evidence_kind_name((law_evidence_kind_t)k),
               law_evidence_kind_zh((law_evidence_kind_t)k));
        first = false;
    }
}

static int s_grounds_text(void)
{
    printf("解除理由及所需事实 / Grounds and the facts each needs\n");
    for (size_t i = 0; i < law_ground_count(); i++) {
        const law_ground_t *g = law_ground_at(i);
        printf("\n%s  %s  %s / %s\n", g->code, g->article, g->title_zh, g->title_en);
        printf("  经济补偿 / severance: %s\n", g->severance ? "N (依法 / when lawful)" : "0");
        for (size_t j = 0; j < g->nfacts; j++) {
            const law_fact_t *f = law_fact_get(g->facts[j].fact);
            const law_ground_fact_t *gf = &g->facts[j];
            if (gf->required || !gf->effect_zh)
                printf("  - evidence.%s  [%s]\n", f->name, f->article);
            else
                printf("  - evidence.%s  (%s / %s)  [%s]\n", f->name, gf->effect_zh, gf->effect_en,
                       f->article);
            char art[LAW_ARTICLE_ZH_MAX];
            printf("      %s（%s）\n      %s\n", f->description_zh,
                   law_article_zh(f->article, art, sizeof art), f->description_en);
            printf("      文件 / document: %s / %s\n", f->document_zh, f->document_en);
            printf("      证据类型 / evidence kinds: ");
            s_print_kinds(f->kinds);
            printf("\n");
        }
    }
    return fflush(stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}

static int s_grounds_json(void)
{
    char *json = law_catalogue_to_json();
    int code = fputs(json, stdout) == EOF || fflush(stdout) != 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    hr_free(json);
    return code;
}

int ctl_law_main(int argc, char **argv)
{
    if (argc < 2) {
        s_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "help") || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
        s_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!strcmp(sub, "check")) {
        if (argc > 3 || (argc == 3 && argv[2][0] == '-' && argv[2][1] != '\0')) {
            fprintf(stderr, "hrctl law check: unexpected argument '%s'\n", argv[argc - 1]);
            s_usage(stderr);
            return CTL_EXIT_USAGE;
        }
        return s_check(argc == 3 ? argv[2] : NULL);
    }
    if (!strcmp(sub, "grounds")) {
        if (argc == 2)
            return s_grounds_text();
        if (argc == 3 && !strcmp(argv[2], "--json"))
            return s_grounds_json();
        fprintf(stderr, "hrctl law grounds: unexpected argument '%s'\n", argv[argc - 1]);
        s_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    fprintf(stderr, "hrctl law: unknown subcommand '%s'\n", sub);
    s_usage(stderr);
    return CTL_EXIT_USAGE;
}
