/* The small XML writer shared by xml_writer.c and akn_writer.c (see
 * xml_out.h). */
#include "xml_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writing to a FILE, the buffer is handed over whenever it holds this much. */
#define XML_FLUSH_BYTES (64u * 1024u)

/* Text and attribute values: the five markup characters, and in attribute
 * values the white space a parser would otherwise normalise away. */
static void xml_escape(strbuf *b, const char *s, size_t n, bool attribute)
{
    const char *run = s, *end = s + n;
    for (const char *p = s; p < end; p++) {
        const char *rep;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\r': rep = "&#13;"; break;
        case '\n': rep = attribute ? "&#10;" : NULL; break;
        case '\t': rep = attribute ? "&#9;" : NULL; break;
        default: rep = NULL;
        }
        if (!rep)
            continue;
        sb_append(b, run, (size_t)(p - run));
        sb_puts(b, rep);
        run = p + 1;
    }
    sb_append(b, run, (size_t)(end - run));
}

static void xml_indent(xw w, size_t depth)
{
    static const char spaces[] = "                                ";
    size_t n = depth * 2;
    for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
        sb_append(&w->sink.buf, spaces, sizeof spaces - 1);
    sb_append(&w->sink.buf, spaces, n);
}

/* Inside a mixed-content element nothing is indented. */
static bool in_flat(const xml_out *w)
{
    return w->flat_depth && w->depth >= w->flat_depth;
}

static void close_start_tag(xw w, bool newline)
{
    if (!w->tag_open)
        return;
    sb_putc(&w->sink.buf, '>');
    if (newline && w->indent)
        sb_putc(&w->sink.buf, '\n');
    w->tag_open = false;
}

void xml_out_init(xw w, unsigned flags, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->indent = !(flags & VNP_WRITE_COMPACT);
    w->sink.file = f;
}

void xml_declaration(xw w)
{
    sb_puts(&w->sink.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void xml_start(xw w, const char *name)
{
    sink_drain(&w->sink, XML_FLUSH_BYTES);
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        const char **names = mem_realloc(w->names, w->cap * sizeof *names, cap * sizeof *names);
        if (!names) {
            w->sink.buf.failed = true;
            return;
        }
        w->names = names;
        w->cap = cap;
    }
    bool flat = in_flat(w);
    close_start_tag(w, !flat);
    if (w->indent && !flat)
        xml_indent(w, w->depth);
    sb_putc(&w->sink.buf, '<');
    sb_puts(&w->sink.buf, name);
    w->names[w->depth++] = name;
    w->tag_open = true;
    w->end_on_line = false;
}

void xml_start_mixed(xw w, const char *name)
{
    xml_start(w, name);
    if (!w->sink.buf.failed && !w->flat_depth)
        w->flat_depth = w->depth;
}

void xml_text_n(xw w, const char *s, size_t n)
{
    close_start_tag(w, false);
    xml_escape(&w->sink.buf, s, n, false);
    w->end_on_line = true;
}

void xml_text(xw w, const char *text)
{
    xml_text_n(w, text, strlen(text));
}

void xml_end(xw w)
{
    if (w->sink.buf.failed || !w->depth)
        return;
    const char *name = w->names[--w->depth];
    bool inside_flat = in_flat(w); /* the parent holds mixed content */
    if (w->tag_open) {
        sb_puts(&w->sink.buf, "/>");
        w->tag_open = false;
    } else {
        if (w->indent && !w->end_on_line && !inside_flat)
            xml_indent(w, w->depth);
        sb_puts(&w->sink.buf, "</");
        sb_puts(&w->sink.buf, name);
        sb_putc(&w->sink.buf, '>');
    }
    if (w->flat_depth == w->depth + 1)
        w->flat_depth = 0; /* the mixed-content element itself is closed */
    if (inside_flat) {
        w->end_on_line = true;
        return;
    }
    if (w->indent)
        sb_putc(&w->sink.buf, '\n');
    w->end_on_line = false;
}

void xml_attr(xw w, const char *name, const char *value)
{
    if (!value || !w->tag_open)
        return;
    sb_putc(&w->sink.buf, ' ');
    sb_puts(&w->sink.buf, name);
    sb_puts(&w->sink.buf, "=\"");
    xml_escape(&w->sink.buf, value, strlen(value), true);
    sb_putc(&w->sink.buf, '"');
}

void xml_attr_int(xw w, const char *name, long long value)
{
    if (value) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", value);
        xml_attr(w, name, buf);
    }
}

void xml_out_close(xw w)
{
    if (!w->indent)
        sb_putc(&w->sink.buf, '\n');
    mem_free(w->names);
    w->names = NULL;
}
