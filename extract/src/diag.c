/* Diagnostics: the stable names of the codes, and the one function the
 * stages give a finding through. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

/* One name per vnp_diag_code, by value: a code added to the enum without a
 * name here, or a name without its code, fails tests/api/diagnostic_codes.py
 * and the unit test of vnp_diag_code_string. */
static const char *const diag_code_names[] = {
    [VNP_DIAG_UTF8_REPLACED] = "utf8-replaced",
    [VNP_DIAG_LINE_TOO_LONG] = "line-too-long",
    [VNP_DIAG_BAD_DATE] = "bad-date",
    [VNP_DIAG_NO_TYPE] = "no-type",
    [VNP_DIAG_NO_SIGNATURE] = "no-signature",
    [VNP_DIAG_IMPOSSIBLE_DATE] = "impossible-date",
    [VNP_DIAG_GRAMMAR] = "grammar",
    [VNP_DIAG_MATCH_LIMIT] = "match-limit",
    [VNP_DIAG_CONFLICTING_DATE] = "conflicting-date",
    [VNP_DIAG_CONFLICTING_ISSUER] = "conflicting-issuer",
    [VNP_DIAG_MALFORMED_YEAR] = "malformed-year",
    [VNP_DIAG_YEAR_MISMATCH] = "year-mismatch",
    [VNP_DIAG_SYMBOL_REPAIRED] = "symbol-repaired",
    [VNP_DIAG_TYPE_CODE_MISMATCH] = "type-code-mismatch",
    [VNP_DIAG_ISSUER_MISMATCH] = "issuer-mismatch",
    [VNP_DIAG_TERM_MISMATCH] = "term-mismatch",
    [VNP_DIAG_CITED_AFTER_DOCUMENT] = "cited-after-document",
    [VNP_DIAG_AGENCY_LIMIT] = "agency-limit",
    [VNP_DIAG_ENCODING] = "encoding",
    [VNP_DIAG_SITE_FRAME] = "site-frame",
    [VNP_DIAG_ENCODING_UNCERTAIN] = "encoding-uncertain",
    [VNP_DIAG_ENCODING_MIXED] = "encoding-mixed",
    [VNP_DIAG_PDF_DAMAGED] = "pdf-damaged",
    [VNP_DIAG_ENCODING_IGNORED] = "encoding-ignored",
};

_Static_assert(sizeof diag_code_names / sizeof *diag_code_names == DIAG_CODE_COUNT,
               "every vnp_diag_code has a name, and DIAG_CODE_COUNT counts them");

const char *vnp_diag_code_string(vnp_diag_code code)
{
    if ((unsigned)code >= DIAG_CODE_COUNT || !diag_code_names[code])
        return "unknown";
    return diag_code_names[code];
}

/* The largest length <= n whose last UTF-8 sequence is complete: a text
 * cut at n bytes (by snprintf, say) may end inside a character. */
static size_t utf8_complete(const char *s, size_t n)
{
    size_t start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return n;
    unsigned char lead = (unsigned char)s[start - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return n - (start - 1) >= need ? n : start - 1;
}

void diag_add(vnp_document *doc, vnp_severity sev, vnp_diag_code code, size_t line,
              const char *fmt, ...)
{
    struct vnp_internal *in = doc->internal;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof msg) /* cut on a character boundary, keep valid UTF-8 */
        msg[utf8_complete(msg, sizeof msg - 1)] = '\0';
    vnp_diagnostic *d = vec_push(&in->mem, &in->diags);
    if (!d)
        return;
    d->severity = sev;
    d->id = code;
    d->code = vnp_diag_code_string(code);
    d->line = line;
    d->message = arena_strdup(&in->mem, msg);
}
