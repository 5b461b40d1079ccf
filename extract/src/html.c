/* The HTML reader: libxml2's HTML parser, fed in blocks and read through
 * its SAX events, so a page of any size is read in one pass with little
 * memory. Each block element (<p>, <div>, <h1>..., <li>) is a paragraph
 * and <br> a line break inside it; each table cell is a paragraph of its
 * own. Paragraphs are numbered in document order.
 *
 * Merged cells: a cell with colspan is written once and the columns it
 * covers left empty; the rows a rowspan reaches down get an empty cell in
 * its columns, as the .docx reader writes vertical merges (docx.c).
 * Word's HTML export: its footnote anchors (<a href="#_ftn1">[1]</a>, and
 * "#_ftnref1" before the note itself) become footnote marks, its <o:p>
 * and conditional comments add nothing. */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

void reader_xml_init(void); /* docx.c */

enum { HTML_CHUNK = 1 << 16, HTML_MAX_DEPTH = 4096, HTML_MAX_SPAN = 1000 };

/* What an open element contributes, popped at its end. */
enum { EL_BOLD = 1, EL_SKIP = 2, EL_SUP = 4, EL_NOTE = 8, EL_CELL = 16, EL_ROW = 32,
       EL_TABLE = 64, EL_HEADING = 128 };

typedef struct hcell {
    para_text text;
    size_t no;
} hcell;

typedef struct html_walker {
    reader_out *out;
    size_t para_no;
    para_text para;
    int level;             /* heading level of the paragraph being read */
    unsigned char stack[HTML_MAX_DEPTH];
    size_t depth, overflow;
    int bold, skip, tables;
    strbuf mark;           /* the text of a <sup> or a footnote anchor */
    int marking;
    /* the row being read in the outermost table */
    hcell *cells;
    size_t count, cap;
    bool in_cell;
    long colspan;
    long *span_left;       /* rows a rowspan still covers, per grid column */
    size_t *span_no;
    size_t span_cap;
    size_t col;
    size_t row_no;         /* the paragraph before the row's first own cell */
    bool failed;
} html_walker;

static bool tag_is(const xmlChar *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp((const char *)name, *list) == 0)
            return true;
    return false;
}

static const char *const block_tags[] = {
    "p", "div", "li", "dt", "dd", "blockquote", "pre", "address", "center", "section",
    "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "form",
    "fieldset", "legend", "caption", "ul", "ol", "dl", "hr", "body", "h1", "h2", "h3", "h4",
    "h5", "h6", NULL};
static const char *const skip_tags[] = {"head", "script", "style", "title", "noscript",
                                        "template", "object", "iframe", "svg", "xml", "select",
                                        NULL};

static const char *attr(const xmlChar **atts, const char *name)
{
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

static long attr_long(const xmlChar **atts, const char *name, long fallback)
{
    const char *v = attr(atts, name);
    if (!v)
        return fallback;
    long n = strtol(v, NULL, 10);
    return n >= 1 && n <= HTML_MAX_SPAN ? n : fallback;
}

/* style="font-weight: bold" (or 600..900) */
static bool style_bold(const char *style)
{
    const char *p = style ? strstr(style, "font-weight") : NULL;
    if (!p)
        return false;
    p += strlen("font-weight");
    while (*p == ' ' || *p == ':')
        p++;
    return strncmp(p, "bold", 4) == 0 || (p[0] >= '6' && p[0] <= '9' && p[1] == '0' && p[2] == '0');
}

static para_text *target(html_walker *w)
{
    return w->tables && w->in_cell && w->count ? &w->cells[w->count - 1].text : &w->para;
}

static void flush(html_walker *w)
{
    if (w->tables && w->in_cell) {
        pt_add(target(w), " ", 1, false);
        return;
    }
    if (w->para.chars)
        reader_para(w->out, ++w->para_no, &w->para, w->level, NULL);
    pt_clear(&w->para);
    w->level = 0;
}

static bool add_cell(html_walker *w, size_t no)
{
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        hcell *c = cap <= ((size_t)1 << 20) ? mem_realloc(w->cells, w->cap * sizeof *c, cap * sizeof *c) : NULL;
        if (!c) {
            w->failed = true;
            return false;
        }
        memset(c + w->cap, 0, (cap - w->cap) * sizeof *c);
        w->cells = c;
        w->cap = cap;
    }
    hcell *c = &w->cells[w->count++];
    pt_clear(&c->text);
    c->no = no;
    return true;
}

static bool grow_spans(html_walker *w, size_t cols)
{
    if (cols <= w->span_cap)
        return true;
    size_t cap = cols + 16;
    long *left = cap <= ((size_t)1 << 20) ? mem_realloc(w->span_left, w->span_cap * sizeof *left, cap * sizeof *left) : NULL;
    if (left)
        w->span_left = left;
    size_t *no = left ? mem_realloc(w->span_no, w->span_cap * sizeof *no, cap * sizeof *no) : NULL;
    if (!left || !no) {
        w->failed = true;
        return false;
    }
    w->span_no = no;
    for (size_t k = w->span_cap; k < cap; k++) {
        w->span_left[k] = 0;
        w->span_no[k] = 0;
    }
    w->span_cap = cap;
    return true;
}

/* The columns a rowspan from above covers, from w->col on. */
static void covered_cells(html_walker *w)
{
    while (w->col < w->span_cap && w->span_left[w->col] > 0 && !w->failed) {
        w->span_left[w->col]--;
        add_cell(w, w->span_no[w->col]);
        w->col++;
    }
}

static void cell_start(html_walker *w, const xmlChar **atts)
{
    covered_cells(w);
    size_t no = ++w->para_no;
    if (!add_cell(w, no))
        return;
    w->in_cell = true;
    w->colspan = attr_long(atts, "colspan", 1);
    long rowspan = attr_long(atts, "rowspan", 1);
    if (!grow_spans(w, w->col + (size_t)w->colspan))
        return;
    for (long k = 0; k < w->colspan; k++) {
        w->span_left[w->col + (size_t)k] = rowspan - 1;
        w->span_no[w->col + (size_t)k] = no;
    }
}

static void cell_end(html_walker *w)
{
    if (!w->in_cell)
        return;
    w->in_cell = false;
    size_t no = w->count ? w->cells[w->count - 1].no : w->para_no;
    for (long k = 1; k < w->colspan; k++)
        add_cell(w, no);
    w->col += (size_t)w->colspan;
}

static void row_end(html_walker *w)
{
    cell_end(w);
    /* the columns after the last cell that a rowspan still covers */
    size_t last = 0;
    for (size_t k = w->col; k < w->span_cap; k++)
        if (w->span_left[k] > 0)
            last = k + 1;
    while (w->col < last && !w->failed) {
        if (w->span_left[w->col] > 0) {
            w->span_left[w->col]--;
            add_cell(w, w->span_no[w->col]);
        } else {
            add_cell(w, w->para_no);
        }
        w->col++;
    }
    if (w->count && !w->failed) {
        para_text **cells = mem_alloc(w->count * sizeof *cells);
        size_t *nos = mem_alloc(w->count * sizeof *nos);
        if (cells && nos) {
            for (size_t i = 0; i < w->count; i++) {
                cells[i] = &w->cells[i].text;
                nos[i] = w->cells[i].no;
            }
            size_t row_no = w->row_no + 1 <= w->para_no ? w->row_no + 1 : w->para_no;
            reader_row(w->out, cells, nos, w->count, row_no);
        } else {
            w->failed = true;
        }
        mem_free(cells);
        mem_free(nos);
    }
    w->count = 0;
    w->col = 0;
    w->row_no = w->para_no;
}

static void table_end(html_walker *w)
{
    if (w->count)
        row_end(w);
    for (size_t k = 0; k < w->span_cap; k++)
        w->span_left[k] = 0;
}

/* "[1]", " 1 ", "(*)": a footnote mark's text, brackets and spaces cut. */
static bool mark_text(const strbuf *m, const char **s, size_t *n)
{
    const char *p = m->data ? m->data : "";
    size_t len = m->len;
    while (len && strchr(" []()\t\r\n", *p))
        p++, len--;
    while (len && strchr(" []()\t\r\n", p[len - 1]))
        len--;
    for (size_t i = 0; i < len; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z') ||
              p[i] == '*'))
            return false;
    *s = p;
    *n = len;
    return len > 0 && len <= 8;
}

static void mark_end(html_walker *w)
{
    if (--w->marking > 0)
        return;
    const char *s;
    size_t n;
    if (mark_text(&w->mark, &s, &n))
        pt_marker(target(w), s, n);
    else if (w->mark.len)
        pt_add(target(w), w->mark.data, w->mark.len, w->bold > 0);
    w->mark.len = 0;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    html_walker *w = ctx;
    unsigned char f = 0;
    if (w->skip || tag_is(name, skip_tags)) {
        f = EL_SKIP;
    } else if (strcmp((const char *)name, "br") == 0) {
        if (w->tables && w->in_cell)
            pt_add(target(w), " ", 1, false);
        else
            pt_break(&w->para);
    } else if (strcmp((const char *)name, "table") == 0) {
        flush(w);
        if (w->tables++ == 0)
            table_end(w);
        f = EL_TABLE;
    } else if (strcmp((const char *)name, "tr") == 0 && w->tables == 1) {
        if (w->count || w->in_cell)
            row_end(w);
        w->count = 0;
        w->col = 0;
        w->row_no = w->para_no;
        f = EL_ROW;
    } else if ((strcmp((const char *)name, "td") == 0 || strcmp((const char *)name, "th") == 0) &&
               w->tables == 1) {
        cell_end(w);
        cell_start(w, atts);
        f = EL_CELL;
    } else if (tag_is(name, block_tags)) {
        flush(w);
        if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) {
            w->level = name[1] - '0';
            f = EL_HEADING;
        }
    }
    if (!(f & EL_SKIP)) {
        const char *href = strcmp((const char *)name, "a") == 0 ? attr(atts, "href") : NULL;
        if (strcmp((const char *)name, "b") == 0 || strcmp((const char *)name, "strong") == 0 ||
            style_bold(attr(atts, "style")))
            f |= EL_BOLD;
        if (strcmp((const char *)name, "sup") == 0 ||
            (href && (strncmp(href, "#_ftn", 5) == 0 || strncmp(href, "#_edn", 5) == 0)))
            f |= EL_SUP;
    }
    if (w->depth == HTML_MAX_DEPTH) {
        w->overflow++;
        return;
    }
    w->stack[w->depth++] = f;
    w->skip += (f & EL_SKIP) != 0;
    w->bold += (f & EL_BOLD) != 0;
    w->marking += (f & EL_SUP) != 0;
}

static void on_end(void *ctx, const xmlChar *name)
{
    html_walker *w = ctx;
    if (w->overflow) {
        w->overflow--;
        return;
    }
    if (!w->depth)
        return;
    unsigned char f = w->stack[--w->depth];
    w->skip -= (f & EL_SKIP) != 0;
    w->bold -= (f & EL_BOLD) != 0;
    if (f & EL_SKIP)
        return;
    if (f & EL_SUP)
        mark_end(w);
    if (f & EL_CELL)
        cell_end(w);
    else if (f & EL_ROW)
        row_end(w);
    else if (f & EL_TABLE) {
        if (--w->tables == 0)
            table_end(w);
    } else if (tag_is(name, block_tags)) {
        flush(w);
    }
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
    html_walker *w = ctx;
    if (w->skip || len <= 0)
        return;
    if (w->marking > 0) {
        if (w->mark.len < 64)
            sb_append(&w->mark, (const char *)s, (size_t)len);
        return;
    }
    if (w->tables && !w->in_cell) {
        bool blank = true;
        for (int i = 0; i < len && blank; i++)
            blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        if (blank)
            return; /* white space between rows and cells */
    }
    pt_add(target(w), (const char *)s, (size_t)len, w->bold > 0);
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* Does the page name its encoding (a meta charset in its first 4 KiB, or
 * a byte-order mark)? If not it is read as UTF-8, not as Latin-1. */
static bool names_encoding(const char *bytes, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    if (n >= 2 && ((unsigned char)bytes[0] == 0xFF || (unsigned char)bytes[0] == 0xFE))
        return true;
    for (size_t i = 0; i + 8 <= n; i++)
        if (starts_with_ci(bytes + i, 8, "charset="))
            return true;
    return false;
}

vnp_status html_read(vnp_document *doc, const char *bytes, size_t len, reader_out *o,
                     vnp_error *err)
{
    (void)doc;
    reader_xml_init();
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.warning = quiet;
    sax.error = quiet;
    sax.fatalError = quiet;
    sax.serror = quiet_structured;
    sax.initialized = 1;
    html_walker w = {.out = o};
    bool utf8 = !names_encoding(bytes, len);
    htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, &w, NULL, 0, NULL,
                                                      utf8 ? XML_CHAR_ENCODING_UTF8
                                                           : XML_CHAR_ENCODING_NONE);
    if (!ctxt)
        return VNP_ERR_NOMEM;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_NOIMPLIED);
    size_t skip = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (size_t at = skip; at < len && !w.failed && !o->too_large; at += HTML_CHUNK) {
        size_t n = len - at < HTML_CHUNK ? len - at : HTML_CHUNK;
        htmlParseChunk(ctxt, bytes + at, (int)n, 0);
    }
    htmlParseChunk(ctxt, NULL, 0, 1);
    htmlFreeParserCtxt(ctxt);
    w.tables = 0;
    w.in_cell = false;
    if (w.count)
        row_end(&w);
    flush(&w);
    bool failed = w.failed || w.mark.failed || w.para.buf.failed;
    for (size_t i = 0; i < w.cap; i++)
        failed |= w.cells[i].text.buf.failed, sb_free(&w.cells[i].text.buf);
    mem_free(w.cells);
    mem_free(w.span_left);
    mem_free(w.span_no);
    sb_free(&w.para.buf);
    sb_free(&w.mark);
    if (o->too_large)
        return reader_fail(err, VNP_ERR_TOO_LARGE, "the text of the page exceeds 1 GiB");
    return failed ? VNP_ERR_NOMEM : VNP_OK;
}
