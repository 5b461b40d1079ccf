/* XML writer. The same information as the JSON, described by
 * schema/vnplan.xsd; absent values are omitted.
 *
 * The elements are written straight into a strbuf: every name is one of
 * ours, so all a writer must do is escape text and attribute values and
 * keep the indentation. Doing it here, rather than through libxml2's
 * xmlTextWriter, keeps the library's promise that a failed allocation is
 * returned as an error: libxml2 2.9's writer leaks blocks when its own
 * allocations fail. libxml2 still reads and validates what this writes
 * (tests/validate_xml.c against schema/vnplan.xsd). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writing to a FILE, the buffer is handed over whenever it holds this much. */
#define XML_FLUSH_BYTES (64u * 1024u)

typedef struct xml_out {
    out_sink sink;
    bool indent;
    bool tag_open;    /* "<name attr..." written, its ">" not yet */
    bool end_on_line; /* the open element holds text: its end tag follows it */
    size_t depth;
    size_t cap;
    const char **names; /* the open elements, innermost last */
} xml_out;

typedef xml_out *xw;

/* Text and attribute values: the five markup characters, and in attribute
 * values the white space a parser would otherwise normalise away. */
static void xml_escape(strbuf *b, const char *s, bool attribute)
{
    const char *run = s;
    for (const char *p = s; *p; p++) {
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
    sb_puts(b, run);
}

static void xml_indent(xw w, size_t depth)
{
    static const char spaces[] = "                                ";
    size_t n = depth * 2;
    for (; n > sizeof spaces - 1; n -= sizeof spaces - 1)
        sb_append(&w->sink.buf, spaces, sizeof spaces - 1);
    sb_append(&w->sink.buf, spaces, n);
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

static void xml_start(xw w, const char *name)
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
    close_start_tag(w, true);
    if (w->indent)
        xml_indent(w, w->depth);
    sb_putc(&w->sink.buf, '<');
    sb_puts(&w->sink.buf, name);
    w->names[w->depth++] = name;
    w->tag_open = true;
    w->end_on_line = false;
}

static void xml_text(xw w, const char *text)
{
    close_start_tag(w, false);
    xml_escape(&w->sink.buf, text, false);
    w->end_on_line = true;
}

static void xml_end(xw w)
{
    if (w->sink.buf.failed || !w->depth)
        return;
    const char *name = w->names[--w->depth];
    if (w->tag_open) {
        sb_puts(&w->sink.buf, "/>");
        w->tag_open = false;
    } else {
        if (w->indent && !w->end_on_line)
            xml_indent(w, w->depth);
        sb_puts(&w->sink.buf, "</");
        sb_puts(&w->sink.buf, name);
        sb_putc(&w->sink.buf, '>');
    }
    if (w->indent)
        sb_putc(&w->sink.buf, '\n');
    w->end_on_line = false;
}

static void attr(xw w, const char *name, const char *value)
{
    if (!value || !w->tag_open)
        return;
    sb_putc(&w->sink.buf, ' ');
    sb_puts(&w->sink.buf, name);
    sb_puts(&w->sink.buf, "=\"");
    xml_escape(&w->sink.buf, value, true);
    sb_putc(&w->sink.buf, '"');
}

static void attr_int(xw w, const char *name, long long value)
{
    if (value) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", value);
        attr(w, name, buf);
    }
}

static void text_element(xw w, const char *name, const char *text, size_t line)
{
    if (!text)
        return;
    xml_start(w, name);
    attr_int(w, "line", (long long)line);
    xml_text(w, text);
    xml_end(w);
}

/* <issuer scope source><parent line>...</parent><name line>...</name></issuer>
 * and <province name kind former source line>as written</province>. */
static void write_issuer(xw w, const vnp_document *d)
{
    const vnp_issuer *is = &d->issuer;
    if (is->name) {
        xml_start(w, "issuer");
        attr(w, "scope", is->scope);
        attr(w, "source", is->source);
        text_element(w, "parent", is->parent, is->parent_line);
        text_element(w, "name", is->name, is->name_line);
        xml_end(w);
    }
    const vnp_province *p = &d->province;
    if (p->name) {
        xml_start(w, "province");
        attr(w, "name", p->name);
        attr(w, "kind", p->kind);
        attr(w, "former", p->former);
        attr(w, "source", p->source);
        attr_int(w, "line", (long long)p->line);
        xml_text(w, p->written);
        xml_end(w);
    }
}

static void write_header(xw w, const vnp_document *d)
{
    write_issuer(w, d);
    if (d->type) {
        xml_start(w, "type");
        attr(w, "code", d->type_code);
        attr_int(w, "line", (long long)d->type_line);
        xml_text(w, d->type);
        xml_end(w);
    }
    if (d->number_line) {
        xml_start(w, "number");
        attr_int(w, "line", (long long)d->number_line);
        attr(w, "value", d->number);
        attr(w, "symbol", d->symbol);
        attr_int(w, "year", d->number_year);
        xml_end(w);
    }
    text_element(w, "place", d->place, 0);
    if (d->date.line) {
        xml_start(w, "date");
        attr_int(w, "line", (long long)d->date.line);
        attr_int(w, "year", d->date.year);
        attr_int(w, "month", d->date.month);
        attr_int(w, "day", d->date.day);
        xml_text(w, d->date.text);
        xml_end(w);
    }
    text_element(w, "title", d->title, d->title_line);
    if (d->period_from) {
        xml_start(w, "period");
        attr_int(w, "from", d->period_from);
        attr_int(w, "to", d->period_to);
        xml_end(w);
    }
}

static void write_closing(xw w, const vnp_document *d)
{
    const vnp_signer *s = &d->signer;
    if (s->line) {
        xml_start(w, "signer");
        attr_int(w, "line", (long long)s->line);
        attr(w, "authority", s->authority);
        attr(w, "on_behalf_of", s->on_behalf_of);
        text_element(w, "title", s->title, 0);
        text_element(w, "name", s->name, 0);
        xml_end(w);
    }
    xml_start(w, "recipients");
    for (size_t i = 0; i < d->recipient_count; i++)
        text_element(w, "recipient", d->recipients[i].text, d->recipients[i].line);
    xml_end(w);
}

static size_t write_heading(xw w, const vnp_document *d, size_t i)
{
    const vnp_heading *h = &d->outline[i];
    xml_start(w, "heading");
    attr_int(w, "line", (long long)h->line);
    attr_int(w, "level", h->level);
    attr(w, "style", h->style);
    attr(w, "number", h->number);
    text_element(w, "title", h->title, 0);
    size_t k = i + 1;
    while (k < d->outline_count && d->outline[k].parent == i + 1)
        k = write_heading(w, d, k);
    xml_end(w);
    return k;
}

static void write_parts(xw w, const vnp_document *d)
{
    xml_start(w, "outline");
    for (size_t i = 0; i < d->outline_count;)
        i = write_heading(w, d, i);
    xml_end(w);
    xml_start(w, "preamble");
    for (size_t i = 0; i < d->preamble_count; i++) {
        xml_start(w, "basis");
        attr_int(w, "line", (long long)d->preamble[i].line);
        attr_int(w, "end_line", (long long)d->preamble[i].end_line);
        xml_text(w, d->preamble[i].text);
        xml_end(w);
    }
    xml_end(w);
    xml_start(w, "footnotes");
    for (size_t i = 0; i < d->footnote_count; i++) {
        const vnp_footnote *f = &d->footnotes[i];
        xml_start(w, "footnote");
        attr_int(w, "line", (long long)f->line);
        attr(w, "marker", f->marker);
        attr_int(w, "ref_line", (long long)f->ref_line);
        xml_text(w, f->text);
        xml_end(w);
    }
    xml_end(w);
    xml_start(w, "annexes");
    for (size_t i = 0; i < d->annex_count; i++) {
        const vnp_annex *a = &d->annexes[i];
        xml_start(w, "annex");
        attr_int(w, "line", (long long)a->line);
        attr_int(w, "end_line", (long long)a->end_line);
        attr(w, "label", a->label);
        text_element(w, "caption", a->caption, 0);
        xml_end(w);
    }
    xml_end(w);
}

/* An ISO date attribute, left out when the day is not known. */
static void attr_date(xw w, const char *name, int y, int m, int d)
{
    char buf[16];
    attr(w, name, iso_date(y, m, d, buf));
}

static void write_references(xw w, const vnp_document *d)
{
    xml_start(w, "references");
    for (size_t i = 0; i < d->reference_count; i++) {
        const vnp_reference *r = &d->references[i];
        xml_start(w, "reference");
        attr_int(w, "line", (long long)r->line);
        attr_int(w, "column", (long long)r->column);
        attr(w, "type", r->type);
        attr(w, "type_code", r->type_code);
        attr(w, "number", r->number);
        attr_int(w, "year", r->year);
        attr(w, "symbol", r->symbol);
        attr(w, "symbol_raw", r->symbol_raw);
        attr_date(w, "date", r->date.year, r->date.month, r->date.day);
        attr(w, "role", vnp_role_string(r->role));
        attr(w, "cited", r->cited ? d->cited_documents[r->cited - 1].key : NULL);
        text_element(w, "text", r->text, 0);
        text_element(w, "issuer", r->issuer, 0);
        text_element(w, "title", r->title, 0);
        xml_end(w);
    }
    xml_end(w);
}

static void write_cited(xw w, const vnp_document *d)
{
    xml_start(w, "cited_documents");
    for (size_t i = 0; i < d->cited_document_count; i++) {
        const vnp_cited_document *c = &d->cited_documents[i];
        xml_start(w, "cited_document");
        attr(w, "key", c->key);
        attr(w, "type", c->type);
        attr(w, "type_code", c->type_code);
        attr(w, "number", c->number);
        attr_int(w, "year", c->year);
        attr(w, "symbol", c->symbol);
        attr_date(w, "date", c->date.year, c->date.month, c->date.day);
        char roles[64] = "";
        for (int role = VNP_ROLE_BASIS; role <= VNP_ROLE_FOOTNOTE; role++)
            if (c->roles & (1u << role)) {
                if (roles[0])
                    strcat(roles, " ");
                strcat(roles, vnp_role_string((vnp_role)role));
            }
        attr(w, "roles", roles);
        text_element(w, "issuer", c->issuer, 0);
        text_element(w, "title", c->title, 0);
        for (size_t m = 0; m < c->mention_count; m++) {
            xml_start(w, "mention");
            attr_int(w, "line", (long long)d->references[c->mentions[m]].line);
            xml_end(w);
        }
        xml_end(w);
    }
    xml_end(w);
}

static void write_agencies(xw w, const char *role, const vnp_agency *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xml_start(w, "agency");
        attr(w, "role", role);
        attr(w, "key", a[i].key);
        xml_text(w, a[i].name);
        xml_end(w);
    }
}

static void write_interpretation(xw w, const vnp_record *r)
{
    write_agencies(w, "lead", r->lead, r->lead_count);
    write_agencies(w, "support", r->support, r->support_count);
    if (r->has_due) {
        xml_start(w, "due");
        attr(w, "kind", vnp_due_kind_string(r->due.kind));
        attr_date(w, "start", r->due.start.year, r->due.start.month, r->due.start.day);
        attr_date(w, "end", r->due.end.year, r->due.end.month, r->due.end.day);
        attr(w, "recurrence", r->due.recurrence);
        attr_date(w, "until", r->due.until.year, r->due.until.month, r->due.until.day);
        text_element(w, "condition", r->due.condition, 0);
        xml_end(w);
    }
    if (r->has_quantity) {
        char buf[64];
        decimal_write(r->quantity.value, buf, sizeof buf);
        xml_start(w, "quantity");
        attr(w, "value", buf);
        attr(w, "unit", r->quantity.unit);
        attr(w, "code", r->quantity.code);
        xml_end(w);
    }
}

static void write_record(xw w, const vnp_record *r)
{
    xml_start(w, "record");
    attr_int(w, "seq", (long long)r->seq);
    attr(w, "kind", vnp_record_kind_string(r->kind));
    attr(w, "number", r->number);
    attr(w, "section", r->section);
    attr(w, "parent", r->parent);
    attr_int(w, "line", (long long)r->line);
    text_element(w, "title", r->title, 0);
    for (int role = 0; role < VNP_CELL_ROLES; role++)
        if (r->cells[role]) {
            xml_start(w, "cell");
            attr(w, "key", vnp_cell_role_string((vnp_cell_role)role));
            xml_text(w, r->cells[role]);
            xml_end(w);
        }
    for (size_t i = 0; i < r->other_count; i++) {
        xml_start(w, "other");
        attr_int(w, "column", (long long)r->other[i].column);
        xml_text(w, r->other[i].text);
        xml_end(w);
    }
    write_interpretation(w, r);
    xml_end(w);
}

static void write_tables(xw w, const vnp_document *d)
{
    xml_start(w, "tables");
    for (size_t i = 0; i < d->table_count; i++) {
        const vnp_table *t = &d->tables[i];
        xml_start(w, "table");
        attr_int(w, "index", (long long)t->index);
        attr_int(w, "line", (long long)t->line);
        attr(w, "kind", t->kind);
        text_element(w, "title", t->title, 0);
        xml_start(w, "columns");
        for (size_t c = 0; c < t->column_count; c++) {
            xml_start(w, "column");
            attr(w, "role", vnp_cell_role_string(t->columns[c].role));
            xml_text(w, t->columns[c].header ? t->columns[c].header : "");
            xml_end(w);
        }
        xml_end(w);
        xml_start(w, "records");
        for (size_t r = 0; r < t->record_count; r++)
            write_record(w, &t->records[r]);
        xml_end(w);
        xml_end(w);
    }
    xml_end(w);
}

static void write_diagnostics(xw w, const vnp_document *d)
{
    xml_start(w, "diagnostics");
    for (size_t i = 0; i < d->diagnostic_count; i++) {
        const vnp_diagnostic *g = &d->diagnostics[i];
        xml_start(w, "diagnostic");
        attr(w, "severity", vnp_severity_string(g->severity));
        attr(w, "code", g->code);
        attr_int(w, "line", (long long)g->line);
        xml_text(w, g->message);
        xml_end(w);
    }
    xml_end(w);
}

static void write_all(xw w, const vnp_document *d)
{
    xml_start(w, "vnplan");
    attr(w, "format", "vnplan");
    attr(w, "version", VNPLAN_FORMAT_VERSION);
    xml_start(w, "source");
    attr(w, "name", d->source_name);
    char bytes[32], lines[32];
    snprintf(bytes, sizeof bytes, "%zu", d->source_bytes);
    snprintf(lines, sizeof lines, "%zu", d->line_count);
    attr(w, "bytes", bytes);
    attr(w, "sha256", d->source_sha256);
    attr(w, "lines", lines);
    if (d->source_encoding)
        attr(w, "encoding", d->source_encoding);
    if (d->source_encoding_confidence >= 0) {
        char confidence[32];
        confidence[decimal_write(confidence_rounded(d->source_encoding_confidence), confidence,
                                 sizeof confidence - 1)] = '\0';
        attr(w, "encoding_confidence", confidence);
    }
    attr(w, "form", d->source_form ? d->source_form : "text");
    xml_end(w);
    xml_start(w, "document");
    write_header(w, d);
    write_closing(w, d);
    xml_end(w);
    write_parts(w, d);
    write_references(w, d);
    write_cited(w, d);
    write_tables(w, d);
    write_diagnostics(w, d);
    xml_end(w);
}

static void write_document(xw w, const vnp_document *doc)
{
    sb_puts(&w->sink.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_all(w, doc);
    if (!w->indent)
        sb_putc(&w->sink.buf, '\n');
    mem_free(w->names);
}

vnp_status xml_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    if (out)
        *out = NULL; /* a failure leaves nothing to free */
    if (out_len)
        *out_len = 0;
    if (!doc || !out)
        return VNP_ERR_ARGUMENT;
    xml_out w = {.indent = !(flags & VNP_WRITE_COMPACT)};
    write_document(&w, doc);
    return sink_finish(&w.sink, out, out_len);
}

vnp_status xml_write_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    if (!doc || !f)
        return VNP_ERR_ARGUMENT;
    xml_out w = {.indent = !(flags & VNP_WRITE_COMPACT), .sink.file = f};
    write_document(&w, doc);
    return sink_finish(&w.sink, NULL, NULL);
}
