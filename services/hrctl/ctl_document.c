/*  ctl_document - `hrctl case document ID certificate|notice|union_notice|pay_statement
 *  [--lang zh|en] [--out FILE] [--store] [--served DATE] [--effective DATE]`
 *
 *  Asks hr-workflow for a closing document (workflow.RenderDocument: the termination
 *  certificate or notice, filled from the case into the company's template) and prints it, or
 *  writes it to FILE. --store also puts the text into hr-evidence for the case (the notice as a
 *  notice_letter, the certificate as a termination_certificate, which the employee reads) and
 *  attaches it, as `case attach --file` does; the workflow renders a document to be stored for
 *  HR only (legal renders it to read, without --store). With
 *  --out the status lines go to stdout; without it stdout is the document alone (or, with --json,
 *  the reply as JSON), so the lines go to stderr. Placeholders the case had no value for are named
 * on stderr (the text shows a marker where each stands), and the command still succeeds: HR
 * completes the letter. A notice made before the outcome states the day it is served and the
 * contract's last day: --served and --effective (default: the review's plan while its notice day
 * has not passed; --served alone only on the review's notice day - on another the end is given,
 * never reckoned anew; the workflow checks them as the outcome would). The union's letter
 * (union_notice, LCL 43) states the notice day HR proposes (--served; default the review's), after
 * the interview, and is never stored: the union's receipt proves the notice. pay_statement is
 * payroll's sheet (ctl_pay.c), never stored. Stored, the notice carries the dates it states to the
 * case (AttachEvidence), and the outcome it proves must have the same. A notice whose Art. 47 cap
 * rests on another year's local average than the law names (or on none) is not stored unless HR
 * passes --wage-year-accepted, which the case history records.
 */
#include "ctl_ev.h"
#include "ctl_wf.h"

#include <fcntl.h>
#include <unistd.h>

#define S_WHO "hrctl case document"

static int s_usage(const char *why)
{
    fprintf(stderr,
            S_WHO ": %s\n"
                  "usage: hrctl case document CASE_ID "
                  "certificate|notice|union_notice|pay_statement [--lang zh|en] [--out FILE] "
                  "[--store [--wage-year-accepted]] [--served DATE] [--effective DATE]\n",
            why);
    return CTL_EXIT_USAGE;
}

// Writes len bytes of text to path (created or truncated, 0600: a document holds personal data).
static int s_write(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, S_WHO ": %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, S_WHO ": %s: %s\n", path, strerror(errno));
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    if (close(fd)) {
        fprintf(stderr, S_WHO ": %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

// Puts file (holding the document) into hr-evidence for the case and attaches it to the case.
static int s_store(const ctl_wf_opts_t *opts, const char *case_id, const char *kind,
                   const char *file, const Hr__Workflow__RenderDocumentReply *doc,
                   bool wage_year_accepted, FILE *say, hr_arena_t *arena)
{
    ctl_ev_t ev = {0};
    int code = CTL_EXIT_FAIL;
    char id[EV_ID_HEX + 1];
    if (ctl_ev_open(&ev, opts->config_dir, "case document"))
        goto out;
    if (opts->as && ctl_as_actor(S_WHO, opts->config_dir, opts->as, opts->roles, arena, &ev.actor))
        goto out;
    const char *name = doc->file_name;
    code = ctl_ev_put(&ev, file, case_id, kind, name, "text/plain; charset=utf-8", id);
    if (code)
        goto out;
    fprintf(say, "evidence %s\n", id);
    Hr__Workflow__AttachEvidenceRequest req = HR__WORKFLOW__ATTACH_EVIDENCE_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.evidence_id = id;
    req.kind = (char *)kind;
    req.sha256 = id; // an evidence id is the SHA-256 of its content
    req.note = (char *)name;
    req.notice_served_date = doc->served_date; // the dates the notice states ("" certificate)
    req.notice_effective_date = doc->effective_date;
    req.wage_year_accepted = wage_year_accepted;
    Hr__Workflow__CaseReply *rep = NULL;
    hr_rc_t rc = ctl_wf_call(opts, "workflow.AttachEvidence", &req.base,
                             &hr__workflow__case_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc) {
        code = ctl_wf_exit(rc);
        goto out;
    }
    if (*doc->served_date)
        fprintf(say, "attached to case %s as %s (served %s, ending %s)\n", case_id, kind,
                doc->served_date, doc->effective_date);
    else
        fprintf(say, "attached to case %s as %s\n", case_id, kind);
    code = CTL_EXIT_OK;
out:
    ctl_ev_close(&ev);
    return code;
}

int ctl_case_document(const ctl_wf_opts_t *opts, int argc, char **argv, hr_arena_t *arena)
{
    if (argc < 4)
        return s_usage("CASE_ID and the kind (certificate or notice) are required");
    const char *case_id = argv[2], *kind = argv[3], *lang = "zh", *out = NULL;
    const char *served = "", *effective = "";
    bool store = false, accepted = false;
    for (int i = 4; i < argc; i++) {
        bool has = i + 1 < argc;
        if (!strcmp(argv[i], "--lang") && has)
            lang = argv[++i];
        else if (!strcmp(argv[i], "--out") && has)
            out = argv[++i];
        else if (!strcmp(argv[i], "--served") && has)
            served = argv[++i];
        else if (!strcmp(argv[i], "--effective") && has)
            effective = argv[++i];
        else if (!strcmp(argv[i], "--store"))
            store = true;
        else if (!strcmp(argv[i], "--wage-year-accepted"))
            accepted = true;
        else
            return s_usage(argv[i][0] == '-' ? "unknown option or missing value"
                                             : "one case and one kind only");
    }
    if (strcmp(kind, "certificate") && strcmp(kind, "notice") && strcmp(kind, "union_notice") &&
        strcmp(kind, "pay_statement"))
        return s_usage("the kind is certificate, notice, union_notice or pay_statement");
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        return s_usage("--lang is zh or en");
    // Payroll's working sheet, made here from the case: never stored as evidence.
    if (!strcmp(kind, "pay_statement")) {
        if (store || *served || *effective)
            return s_usage("pay_statement takes --lang and --out only (it is not stored)");
        int code = CTL_EXIT_OK;
        char *text = ctl_case_pay_statement(opts, case_id, lang, arena, &code);
        if (!text)
            return code;
        if (!out) {
            fputs(ctl_text_safe_lines(arena, text), stdout);
            return CTL_EXIT_OK;
        }
        if (s_write(out, text, strlen(text)))
            return CTL_EXIT_FAIL;
        printf("wrote %s\n", out);
        return CTL_EXIT_OK;
    }
    Hr__Workflow__RenderDocumentRequest req = HR__WORKFLOW__RENDER_DOCUMENT_REQUEST__INIT;
    req.case_id = (char *)case_id;
    req.kind = (char *)kind;
    req.language = (char *)lang;
    req.store = store; // HR's act: legal, who may read the document, is refused before any put
    req.served_date = (char *)served;
    req.effective_date = (char *)effective;
    req.wage_year_accepted = accepted;
    Hr__Workflow__RenderDocumentReply *rep = NULL;
    hr_rc_t rc =
        ctl_wf_call(opts, "workflow.RenderDocument", &req.base,
                    &hr__workflow__render_document_reply__descriptor, arena, NULL, (void **)&rep);
    if (rc)
        return ctl_wf_exit(rc);
    FILE *say = out && !opts->json ? stdout : stderr;
    size_t len = strlen(rep->text);
    if (opts->json && !out)
        ctl_json_print(ctl_pb_to_json(&rep->base));
    else if (!out)
        fputs(ctl_text_safe_lines(arena, rep->text), stdout); // never ESC to the terminal
    else if (s_write(out, rep->text, len))
        return CTL_EXIT_FAIL;
    else
        fprintf(say, "wrote %s (%zu bytes; suggested name %s)\n", out, len, rep->file_name);
    // The gaps, Chinese first: "缺少 a, b（...）" then "no value for a, b (...)".
    for (int en = 0; rep->n_missing && en < 2; en++)
        for (size_t i = 0; i < rep->n_missing; i++)
            fprintf(stderr, "%s%s%s",
                    i    ? ", "
                    : en ? "  no value for "
                         : S_WHO ": 缺少 ",
                    rep->missing[i],
                    i + 1 < rep->n_missing ? ""
                    : en                   ? " (marked in the text: complete it before signing)\n"
                                           : "（已在文本中标出，签署前请补全）\n");
    for (size_t i = 0; i < rep->n_warnings; i++)
        fprintf(stderr, S_WHO ": WARNING [%s] %s\n  %s\n  %s\n", rep->warnings[i]->code,
                rep->warnings[i]->article, rep->warnings[i]->message_zh,
                rep->warnings[i]->message_en);
    if (!store)
        return CTL_EXIT_OK;
    const char *ev_kind = !strcmp(kind, "notice") ? "notice_letter" : "termination_certificate";
    if (out)
        return s_store(opts, case_id, ev_kind, out, rep, accepted, say, arena);
    // No --out: the text goes to hr-evidence from a private temporary file.
    char tmp[] = "/tmp/hrctl-document-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, S_WHO ": temporary file: %s\n", strerror(errno));
        return CTL_EXIT_FAIL;
    }
    close(fd);
    int code = s_write(tmp, rep->text, len)
                   ? CTL_EXIT_FAIL
                   : s_store(opts, case_id, ev_kind, tmp, rep, accepted, say, arena);
    unlink(tmp);
    return code;
}
