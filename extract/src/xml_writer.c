/* XML writer (libxml2 xmlTextWriter). The same information as the JSON,
 * described by schema/vnplan.xsd; absent values are omitted. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

typedef xmlTextWriterPtr xw;

static const xmlChar *X(const char *s) { return (const xmlChar *)s; }

static void attr(xw w, const char *name, const char *value)
{
    if (value)
        xmlTextWriterWriteAttribute(w, X(name), X(value));
}

static void attr_int(xw w, const char *name, long long value)
{
    if (value) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", value);
        xmlTextWriterWriteAttribute(w, X(name), X(buf));
    }
}

static void text_element(xw w, const char *name, const char *text, size_t line)
{
    if (!text)
        return;
    xmlTextWriterStartElement(w, X(name));
    attr_int(w, "line", (long long)line);
    xmlTextWriterWriteString(w, X(text));
    xmlTextWriterEndElement(w);
}

static void write_header(xw w, const vnp_document *d)
{
    if (d->type) {
        xmlTextWriterStartElement(w, X("type"));
        attr(w, "code", d->type_code);
        attr_int(w, "line", (long long)d->type_line);
        xmlTextWriterWriteString(w, X(d->type));
        xmlTextWriterEndElement(w);
    }
    if (d->number_line) {
        xmlTextWriterStartElement(w, X("number"));
        attr_int(w, "line", (long long)d->number_line);
        attr(w, "value", d->number);
        attr(w, "symbol", d->symbol);
        attr_int(w, "year", d->number_year);
        xmlTextWriterEndElement(w);
    }
    text_element(w, "place", d->place, 0);
    if (d->date.line) {
        xmlTextWriterStartElement(w, X("date"));
        attr_int(w, "line", (long long)d->date.line);
        attr_int(w, "year", d->date.year);
        attr_int(w, "month", d->date.month);
        attr_int(w, "day", d->date.day);
        xmlTextWriterWriteString(w, X(d->date.text));
        xmlTextWriterEndElement(w);
    }
    text_element(w, "title", d->title, d->title_line);
    if (d->period_from) {
        xmlTextWriterStartElement(w, X("period"));
        attr_int(w, "from", d->period_from);
        attr_int(w, "to", d->period_to);
        xmlTextWriterEndElement(w);
    }
}

static void write_closing(xw w, const vnp_document *d)
{
    const vnp_signer *s = &d->signer;
    if (s->line) {
        xmlTextWriterStartElement(w, X("signer"));
        attr_int(w, "line", (long long)s->line);
        attr(w, "authority", s->authority);
        attr(w, "on_behalf_of", s->on_behalf_of);
        text_element(w, "title", s->title, 0);
        text_element(w, "name", s->name, 0);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterStartElement(w, X("recipients"));
    for (size_t i = 0; i < d->recipient_count; i++)
        text_element(w, "recipient", d->recipients[i].text, d->recipients[i].line);
    xmlTextWriterEndElement(w);
}

static size_t write_heading(xw w, const vnp_document *d, size_t i)
{
    const vnp_heading *h = &d->outline[i];
    xmlTextWriterStartElement(w, X("heading"));
    attr_int(w, "line", (long long)h->line);
    attr_int(w, "level", h->level);
    attr(w, "style", h->style);
    attr(w, "number", h->number);
    text_element(w, "title", h->title, 0);
    size_t k = i + 1;
    while (k < d->outline_count && d->outline[k].parent == i + 1)
        k = write_heading(w, d, k);
    xmlTextWriterEndElement(w);
    return k;
}

static void write_parts(xw w, const vnp_document *d)
{
    xmlTextWriterStartElement(w, X("outline"));
    for (size_t i = 0; i < d->outline_count;)
        i = write_heading(w, d, i);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, X("preamble"));
    for (size_t i = 0; i < d->preamble_count; i++) {
        xmlTextWriterStartElement(w, X("basis"));
        attr_int(w, "line", (long long)d->preamble[i].line);
        attr_int(w, "end_line", (long long)d->preamble[i].end_line);
        xmlTextWriterWriteString(w, X(d->preamble[i].text));
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, X("footnotes"));
    for (size_t i = 0; i < d->footnote_count; i++) {
        const vnp_footnote *f = &d->footnotes[i];
        xmlTextWriterStartElement(w, X("footnote"));
        attr_int(w, "line", (long long)f->line);
        attr(w, "marker", f->marker);
        attr_int(w, "ref_line", (long long)f->ref_line);
        xmlTextWriterWriteString(w, X(f->text));
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, X("annexes"));
    for (size_t i = 0; i < d->annex_count; i++) {
        const vnp_annex *a = &d->annexes[i];
        xmlTextWriterStartElement(w, X("annex"));
        attr_int(w, "line", (long long)a->line);
        attr_int(w, "end_line", (long long)a->end_line);
        attr(w, "label", a->label);
        text_element(w, "caption", a->caption, 0);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

/* An ISO date attribute, left out when the day is not known. */
static void attr_date(xw w, const char *name, int y, int m, int d)
{
    char buf[16];
    attr(w, name, iso_date(y, m, d, buf));
}

static void write_references(xw w, const vnp_document *d)
{
    xmlTextWriterStartElement(w, X("references"));
    for (size_t i = 0; i < d->reference_count; i++) {
        const vnp_reference *r = &d->references[i];
        xmlTextWriterStartElement(w, X("reference"));
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
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

static void write_cited(xw w, const vnp_document *d)
{
    xmlTextWriterStartElement(w, X("cited_documents"));
    for (size_t i = 0; i < d->cited_document_count; i++) {
        const vnp_cited_document *c = &d->cited_documents[i];
        xmlTextWriterStartElement(w, X("cited_document"));
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
            xmlTextWriterStartElement(w, X("mention"));
            attr_int(w, "line", (long long)d->references[c->mentions[m]].line);
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

static void write_agencies(xw w, const char *role, const vnp_agency *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xmlTextWriterStartElement(w, X("agency"));
        attr(w, "role", role);
        attr(w, "key", a[i].key);
        xmlTextWriterWriteString(w, X(a[i].name));
        xmlTextWriterEndElement(w);
    }
}

static void write_interpretation(xw w, const vnp_record *r)
{
    write_agencies(w, "lead", r->lead, r->lead_count);
    write_agencies(w, "support", r->support, r->support_count);
    if (r->has_due) {
        xmlTextWriterStartElement(w, X("due"));
        attr(w, "kind", vnp_due_kind_string(r->due.kind));
        attr_date(w, "start", r->due.start.year, r->due.start.month, r->due.start.day);
        attr_date(w, "end", r->due.end.year, r->due.end.month, r->due.end.day);
        attr(w, "recurrence", r->due.recurrence);
        attr_date(w, "until", r->due.until.year, r->due.until.month, r->due.until.day);
        text_element(w, "condition", r->due.condition, 0);
        xmlTextWriterEndElement(w);
    }
    if (r->has_quantity) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", r->quantity.value);
        xmlTextWriterStartElement(w, X("quantity"));
        attr(w, "value", buf);
        attr(w, "unit", r->quantity.unit);
        attr(w, "code", r->quantity.code);
        xmlTextWriterEndElement(w);
    }
}

static void write_record(xw w, const vnp_record *r)
{
    xmlTextWriterStartElement(w, X("record"));
    attr_int(w, "seq", (long long)r->seq);
    attr(w, "kind", vnp_record_kind_string(r->kind));
    attr(w, "number", r->number);
    attr(w, "section", r->section);
    attr(w, "parent", r->parent);
    attr_int(w, "line", (long long)r->line);
    text_element(w, "title", r->title, 0);
    for (int role = 0; role < VNP_CELL_ROLES; role++)
        if (r->cells[role]) {
            xmlTextWriterStartElement(w, X("cell"));
            attr(w, "key", vnp_cell_role_string((vnp_cell_role)role));
            xmlTextWriterWriteString(w, X(r->cells[role]));
            xmlTextWriterEndElement(w);
        }
    write_interpretation(w, r);
    xmlTextWriterEndElement(w);
}

static void write_tables(xw w, const vnp_document *d)
{
    xmlTextWriterStartElement(w, X("tables"));
    for (size_t i = 0; i < d->table_count; i++) {
        const vnp_table *t = &d->tables[i];
        xmlTextWriterStartElement(w, X("table"));
        attr_int(w, "index", (long long)t->index);
        attr_int(w, "line", (long long)t->line);
        attr(w, "kind", t->kind);
        text_element(w, "title", t->title, 0);
        xmlTextWriterStartElement(w, X("columns"));
        for (size_t c = 0; c < t->column_count; c++) {
            xmlTextWriterStartElement(w, X("column"));
            attr(w, "role", vnp_cell_role_string(t->columns[c].role));
            xmlTextWriterWriteString(w, X(t->columns[c].header ? t->columns[c].header : ""));
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
        xmlTextWriterStartElement(w, X("records"));
        for (size_t r = 0; r < t->record_count; r++)
            write_record(w, &t->records[r]);
        xmlTextWriterEndElement(w);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

static void write_diagnostics(xw w, const vnp_document *d)
{
    xmlTextWriterStartElement(w, X("diagnostics"));
    for (size_t i = 0; i < d->diagnostic_count; i++) {
        const vnp_diagnostic *g = &d->diagnostics[i];
        xmlTextWriterStartElement(w, X("diagnostic"));
        attr(w, "severity", vnp_severity_string(g->severity));
        attr(w, "code", g->code);
        attr_int(w, "line", (long long)g->line);
        xmlTextWriterWriteString(w, X(g->message));
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

static void write_all(xw w, const vnp_document *d)
{
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElement(w, X("vnplan"));
    attr(w, "format", "vnplan");
    attr(w, "version", VNPLAN_FORMAT_VERSION);
    xmlTextWriterStartElement(w, X("source"));
    attr(w, "name", d->source_name);
    char bytes[32], lines[32];
    snprintf(bytes, sizeof bytes, "%zu", d->source_bytes);
    snprintf(lines, sizeof lines, "%zu", d->line_count);
    attr(w, "bytes", bytes);
    attr(w, "sha256", d->source_sha256);
    attr(w, "lines", lines);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, X("document"));
    write_header(w, d);
    write_closing(w, d);
    xmlTextWriterEndElement(w);
    write_parts(w, d);
    write_references(w, d);
    write_cited(w, d);
    write_tables(w, d);
    write_diagnostics(w, d);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
}

static vnp_status write_to_buffer(const vnp_document *doc, unsigned flags, char **out,
                                  size_t *out_len);

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

vnp_status vnp_write_xml(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    if (!doc || !out)
        return VNP_ERR_ARGUMENT;
    /* the library never prints: libxml2's messages are silenced while we
     * write (the caller's handlers come back after), and its errors are
     * read back below */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlResetLastError();
    vnp_status st = write_to_buffer(doc, flags, out, out_len);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    return st;
}

static vnp_status write_to_buffer(const vnp_document *doc, unsigned flags, char **out,
                                  size_t *out_len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xw w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        xmlBufferFree(buf);
        return VNP_ERR_NOMEM;
    }
    if (!(flags & VNP_WRITE_COMPACT)) {
        xmlTextWriterSetIndent(w, 1);
        xmlTextWriterSetIndentString(w, X("  "));
    }
    write_all(w, doc);
    xmlFreeTextWriter(w); /* flushes into buf */
    /* a failed libxml2 call leaves its error here: the XML may be cut */
    const xmlError *e = xmlGetLastError();
    if (e && e->code != XML_ERR_OK) {
        xmlBufferFree(buf);
        return VNP_ERR_NOMEM;
    }
    size_t len = (size_t)xmlBufferLength(buf);
    char *copy = malloc(len + 1);
    if (!copy) {
        xmlBufferFree(buf);
        return VNP_ERR_NOMEM;
    }
    memcpy(copy, xmlBufferContent(buf), len);
    copy[len] = '\0';
    xmlBufferFree(buf);
    *out = copy;
    if (out_len)
        *out_len = len;
    return VNP_OK;
}
