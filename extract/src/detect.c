/* Which form an input is in, told by its bytes: a zip is read as a .docx
 * (whose word/document.xml the reader asks for), the OLE2 compound-file signature a .doc,
 * "%PDF-" a PDF, an HTML document (a doctype, an <html> element, or a text
 * whose markup is mostly table tags) HTML; anything else is text. */
#include "reader.h"

#include <string.h>

enum { SNIFF_BYTES = 1 << 16 };

static const char zip_magic[] = "PK\x03\x04";
static const char ole2_magic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

bool detect_binary(const char *bytes, size_t len)
{
    return (len >= 4 && memcmp(bytes, zip_magic, 4) == 0) ||
           (len >= 8 && memcmp(bytes, ole2_magic, 8) == 0) ||
           pdf_signature(bytes, len);
}

/* Case-insensitive count of `tag` ("<td") followed by '>' or white space. */
static size_t count_tag(const char *s, size_t n, const char *tag)
{
    size_t w = strlen(tag), count = 0;
    for (size_t i = 0; i + w < n; i++) {
        const char *lt = memchr(s + i, '<', n - w - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        size_t k = 1;
        while (k < w && (s[i + k] | 0x20) == tag[k])
            k++;
        char after = s[i + w];
        count += k == w && (after == '>' || after == ' ' || after == '\t' || after == '\n' ||
                            after == '\r');
    }
    return count;
}

/* Does the text open (after a byte-order mark, white space, an XML
 * declaration or comments) with a doctype or an <html> element? */
static bool opens_html(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (int round = 0; round < 16 && i < n; round++) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        if (i >= n || s[i] != '<')
            return false;
        if (starts_with_ci(s + i, n - i, "<!doctype html") || starts_with_ci(s + i, n - i, "<html"))
            return true;
        const char *close = s[i + 1] == '?' ? "?>" : s[i + 1] == '!' && i + 3 < n &&
                                                              s[i + 2] == '-' ? "-->" : NULL;
        if (!close)
            return false;
        size_t k = i + 2;
        while (k + strlen(close) <= n && memcmp(s + k, close, strlen(close)) != 0)
            k++;
        i = k + strlen(close);
    }
    return false;
}

vnp_form detect_form(const char *bytes, size_t len)
{
    if (len >= 4 && memcmp(bytes, zip_magic, 4) == 0)
        return VNP_FORM_DOCX; /* docx_read names what a zip without its parts lacks */
    if (len >= 8 && memcmp(bytes, ole2_magic, 8) == 0)
        return VNP_FORM_DOC;
    if (pdf_signature(bytes, len))
        return VNP_FORM_PDF;
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    if (opens_html(bytes, n))
        return VNP_FORM_HTML;
    /* a fragment of a page: a table laid out in markup, row after row */
    if (count_tag(bytes, n, "<table") && count_tag(bytes, n, "<tr") >= 2 &&
        count_tag(bytes, n, "<td") + count_tag(bytes, n, "<th") >= 4)
        return VNP_FORM_HTML;
    return VNP_FORM_TEXT;
}

const char *vnp_form_string(vnp_form form)
{
    switch (form) {
    case VNP_FORM_TEXT: return "text";
    case VNP_FORM_DOCX: return "docx";
    case VNP_FORM_DOC: return "doc";
    case VNP_FORM_HTML: return "html";
    case VNP_FORM_PDF: return "pdf";
    case VNP_FORM_AUTO: break;
    }
    return "auto";
}
