/* What the document readers share: paragraphs and rows written as the text
 * layout of one paragraph per line (reader.h), and the paragraph numbers
 * put in place of the line numbers after normalisation. */
#include "reader.h"

#include <stdarg.h>
#include <string.h>

void reader_init(reader_out *o, arena *mem)
{
    memset(o, 0, sizeof *o);
    o->mem = mem;
    o->lines.size = sizeof(reader_line);
    o->cell_nos.size = sizeof(size_t);
    o->limit = VNP_MAX_INPUT_BYTES;
}

void reader_free(reader_out *o) { sb_free(&o->text); }

vnp_status reader_fail(vnp_error *err, vnp_status st, const char *fmt, ...)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->status = st;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* ---- a paragraph's text ------------------------------------------------ */

static void pt_close_bold(para_text *p)
{
    if (p->bold_open) {
        sb_append(&p->buf, "**", 2);
        p->bold_open = false;
    }
}

static bool is_space_byte(unsigned char c) { return c == ' ' || (c < 0x20 && c != 0); }

/* The escape of one byte that the normalisation would read as markup. */
static const char *escape_of(unsigned char c)
{
    switch (c) {
    case '*': return "\\*";
    case '\\': return "\\\\";
    case '#': return "\\#";
    case '|': return "\\|";
    case '<': return "&lt;";
    case '&': return "&amp;";
    default: return NULL;
    }
}

void pt_add(para_text *p, const char *s, size_t n, bool bold)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space_byte(c)) {
            p->space = p->buf.len > 0;
            continue;
        }
        if (bold != p->bold_open) {
            if (p->bold_open) {
                pt_close_bold(p);
            } else {
                if (p->space)
                    sb_putc(&p->buf, ' ');
                p->space = false;
                sb_append(&p->buf, "**", 2);
                p->bold_open = true;
            }
        }
        if (p->space)
            sb_putc(&p->buf, ' ');
        p->space = false;
        const char *esc = escape_of(c);
        if (esc)
            sb_puts(&p->buf, esc);
        else
            sb_putc(&p->buf, (char)c);
        if ((c & 0xC0) != 0x80) {
            p->chars++;
            p->bold_chars += bold;
        }
    }
}

void pt_break(para_text *p)
{
    if (!p->chars)
        return;
    pt_close_bold(p);
    sb_append(&p->buf, "  \n", 3);
    p->space = false;
}

void pt_marker(para_text *p, const char *marker, size_t n)
{
    char m[17];
    size_t k = 0;
    for (size_t i = 0; i < n && i < 16; i++) {
        char c = marker[i];
        if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '*')
            m[k++] = c;
    }
    if (!k)
        return;
    m[k] = '\0';
    pt_close_bold(p);
    sb_printf(&p->buf, "<sup>%s</sup>", m);
    p->space = false;
    p->chars++;
}

void pt_clear(para_text *p)
{
    p->buf.len = 0;
    p->bold_open = false;
    p->chars = p->bold_chars = 0;
    p->space = false;
}

/* ---- lines ----------------------------------------------------------- */

static void add_line(reader_out *o, size_t no, size_t cell_at, size_t cells)
{
    reader_line *l = vec_push(o->mem, &o->lines);
    if (l) {
        l->no = no;
        l->cell_at = cell_at;
        l->cells = cells;
    }
    if (no > o->paragraphs)
        o->paragraphs = no;
}

static bool room(reader_out *o, size_t more)
{
    if (o->text.len + more > o->limit)
        o->too_large = true;
    return !o->too_large;
}

void reader_para(reader_out *o, size_t no, para_text *p, int level, const char *footnote)
{
    pt_close_bold(p);
    if (!room(o, p->buf.len + 64))
        return;
    if (p->chars) {
        for (int h = 0; h < level && h < 6; h++)
            sb_putc(&o->text, '#');
        if (level > 0)
            sb_putc(&o->text, ' ');
        if (footnote)
            sb_printf(&o->text, "<sup>%s</sup> ", footnote);
        const char *s = p->buf.data;
        size_t n = p->buf.len;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '\n')
                add_line(o, no, 0, 0);
        sb_append(&o->text, s, n);
        sb_putc(&o->text, '\n');
        add_line(o, no, 0, 0);
    }
    sb_putc(&o->text, '\n');
    add_line(o, no, 0, 0);
}

void reader_row(reader_out *o, para_text *const *cells, const size_t *nos, size_t count,
                size_t row_no)
{
    size_t at = o->cell_nos.count;
    for (size_t c = 0; c < count; c++) {
        para_text *p = cells[c];
        if (p)
            pt_close_bold(p);
        if (!room(o, (p ? p->buf.len : 0) + 2))
            return;
        if (c)
            sb_putc(&o->text, '\t');
        if (p && p->chars)
            for (size_t i = 0; i < p->buf.len; i++) /* a cell is one line */
                sb_putc(&o->text, p->buf.data[i] == '\n' ? ' ' : p->buf.data[i]);
        size_t *slot = vec_push(o->mem, &o->cell_nos);
        if (slot)
            *slot = nos[c];
    }
    sb_putc(&o->text, '\n');
    add_line(o, row_no, at, count);
}

void reader_apply(vnp_document *doc, const reader_out *o, lines_product *lines)
{
    struct vnp_internal *in = doc->internal;
    if (lines->count != o->lines.count)
        return; /* cannot happen: every line of the text has its record */
    const reader_line *rec = o->lines.items;
    const size_t *nos = o->cell_nos.items;
    /* the input stage numbers its own lines before any stage reads them:
     * normalize_lines allocated them writable in the document's arena */
    src_line *own = (src_line *)(uintptr_t)lines->lines;
    /* the extra parts normalisation made, merged in index order with the
     * ones made here */
    vec extras = {.size = sizeof(line_extra_entry)};
    size_t old = 0;
    for (size_t i = 0; i < lines->count; i++) {
        for (; old < lines->extra_count && lines->extras[old].index <= i; old++) {
            line_extra_entry *e = vec_push(&in->mem, &extras);
            if (e)
                *e = lines->extras[old];
        }
        src_line *ln = &own[i];
        ln->no = (uint32_t)rec[i].no; /* a paragraph's number: at most one a byte */
        if (!rec[i].cells || !(ln->flags & LINE_CELLS))
            continue;
        size_t cells = 1;
        for (size_t k = 0; k < ln->len; k++)
            cells += ln->text[k] == '\t';
        line_extra *x = cells == rec[i].cells ? line_extra_of(&in->mem, &extras, i) : NULL;
        if (x) {
            x->cell_nos = nos + rec[i].cell_at;
            x->cell_no_count = cells;
            ln->flags |= LINE_EXTRA;
        }
    }
    lines->extras = extras.items;
    lines->extra_count = extras.count;
    doc->line_count = o->paragraphs;
}
