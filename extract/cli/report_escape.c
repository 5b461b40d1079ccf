/* Escaping for the page of `vnplan report`. Both escapers walk the text by
 * UTF-8 sequence, so a byte that is not UTF-8 is replaced, never copied
 * into a page that says it is UTF-8. */
#include "report_escape.h"

#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* Calls one of the two writers with each code point of s and its bytes
 * (len 1..4), or with -1 for a byte that is not UTF-8. */
typedef void (*code_fn)(FILE *f, utf8proc_int32_t c, const char *bytes, size_t len);

static void each_code(FILE *f, const char *s, code_fn fn)
{
    size_t left = strlen(s);
    while (left) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)left,
                                              &c);
        if (n < 1) {
            fn(f, -1, s, 1);
            n = 1;
        } else {
            fn(f, c, s, (size_t)n);
        }
        s += n;
        left -= (size_t)n;
    }
}

static void html_code(FILE *f, utf8proc_int32_t c, const char *bytes, size_t len)
{
    switch (c) {
    case -1: fputs(REPLACEMENT, f); break;
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&#39;", f); break;
    default: fwrite(bytes, 1, len, f);
    }
}

void html_text(FILE *f, const char *s)
{
    if (s)
        each_code(f, s, html_code);
}

static void json_code(FILE *f, utf8proc_int32_t c, const char *bytes, size_t len)
{
    if (c == -1)
        fputs("\\ufffd", f);
    else if (c == '"' || c == '\\')
        fprintf(f, "\\%c", (char)c);
    else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029)
        fprintf(f, "\\u%04x", (unsigned)c);
    else
        fwrite(bytes, 1, len, f);
}

void json_script_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    each_code(f, s, json_code);
    fputc('"', f);
}
