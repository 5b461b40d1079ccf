/* XML writer. The same information as the JSON, described by
 * schema/vnplan.xsd; absent values are omitted.
 *
 * The elements are written through the small writer of xml_out.c.
 * libxml2 still reads and validates what this writes (tests/validate_xml.c
 * against schema/vnplan.xsd). */
#include "xml_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void text_element(xw w, const char *name, const char *text, size_t line)
{
    if (!text)
        return;
    xml_start(w, name);
    xml_attr_int(w, "line", (long long)line);
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
        xml_attr(w, "scope", is->scope);
        xml_attr(w, "source", is->source);
        text_element(w, "parent", is->parent, is->parent_line);
        text_element(w, "name", is->name, is->name_line);
        xml_end(w);
    }
    const vnp_province *p = &d->province;
    if (p->name) {
        xml_start(w, "province");
        xml_attr(w, "name", p->name);
        xml_attr(w, "kind", p->kind);
        xml_attr(w, "former", p->former);
        xml_attr(w, "source", p->source);
        xml_attr_int(w, "line", (long long)p->line);
        xml_text(w, p->written);
        xml_end(w);
    }
}

static void write_header(xw w, const vnp_document *d)
{
    write_issuer(w, d);
    if (d->type) {
        xml_start(w, "type");
        xml_attr(w, "code", d->type_code);
        xml_attr_int(w, "line", (long long)d->type_line);
        xml_text(w, d->type);
        xml_end(w);
    }
    if (d->number_line) {
        xml_start(w, "number");
        xml_attr_int(w, "line", (long long)d->number_line);
        xml_attr(w, "value", d->number);
        xml_attr(w, "symbol", d->symbol);
        xml_attr_int(w, "year", d->number_year);
        xml_end(w);
    }
    text_element(w, "place", d->place, 0);
    if (d->date.line) {
        xml_start(w, "date");
        xml_attr_int(w, "line", (long long)d->date.line);
        xml_attr_int(w, "year", d->date.year);
        xml_attr_int(w, "month", d->date.month);
        xml_attr_int(w, "day", d->date.day);
        xml_text(w, d->date.text);
        xml_end(w);
    }
    text_element(w, "title", d->title, d->title_line);
    if (d->period_from) {
        xml_start(w, "period");
        xml_attr_int(w, "from", d->period_from);
        xml_attr_int(w, "to", d->period_to);
        xml_end(w);
    }
}

static void write_closing(xw w, const vnp_document *d)
{
    const vnp_signer *s = &d->signer;
    if (s->line) {
        xml_start(w, "signer");
        xml_attr_int(w, "line", (long long)s->line);
        xml_attr(w, "authority", s->authority);
        xml_attr(w, "on_behalf_of", s->on_behalf_of);
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
    xml_attr_int(w, "line", (long long)h->line);
    xml_attr_int(w, "level", h->level);
    xml_attr(w, "style", h->style);
    xml_attr(w, "number", h->number);
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
        xml_attr_int(w, "line", (long long)d->preamble[i].line);
        xml_attr_int(w, "end_line", (long long)d->preamble[i].end_line);
        xml_text(w, d->preamble[i].text);
        xml_end(w);
    }
    xml_end(w);
    xml_start(w, "footnotes");
    for (size_t i = 0; i < d->footnote_count; i++) {
        const vnp_footnote *f = &d->footnotes[i];
        xml_start(w, "footnote");
        xml_attr_int(w, "line", (long long)f->line);
        xml_attr(w, "marker", f->marker);
        xml_attr_int(w, "ref_line", (long long)f->ref_line);
        xml_text(w, f->text);
        xml_end(w);
    }
    xml_end(w);
    xml_start(w, "annexes");
    for (size_t i = 0; i < d->annex_count; i++) {
        const vnp_annex *a = &d->annexes[i];
        xml_start(w, "annex");
        xml_attr_int(w, "line", (long long)a->line);
        xml_attr_int(w, "end_line", (long long)a->end_line);
        xml_attr(w, "label", a->label);
        text_element(w, "caption", a->caption, 0);
        xml_end(w);
    }
    xml_end(w);
}

/* An ISO date attribute, left out when the day is not known. */
static void attr_date(xw w, const char *name, int y, int m, int d)
{
    char buf[16];
    xml_attr(w, name, iso_date(y, m, d, buf));
}

static void write_references(xw w, const vnp_document *d)
{
    xml_start(w, "references");
    for (size_t i = 0; i < d->reference_count; i++) {
        const vnp_reference *r = &d->references[i];
        xml_start(w, "reference");
        xml_attr_int(w, "line", (long long)r->line);
        xml_attr_int(w, "column", (long long)r->column);
        xml_attr(w, "type", r->type);
        xml_attr(w, "type_code", r->type_code);
        xml_attr(w, "number", r->number);
        xml_attr_int(w, "year", r->year);
        xml_attr(w, "symbol", r->symbol);
        xml_attr(w, "symbol_raw", r->symbol_raw);
        attr_date(w, "date", r->date.year, r->date.month, r->date.day);
        xml_attr(w, "role", vnp_role_string(r->role));
        xml_attr(w, "cited", r->cited ? d->cited_documents[r->cited - 1].key : NULL);
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
        xml_attr(w, "key", c->key);
        xml_attr(w, "type", c->type);
        xml_attr(w, "type_code", c->type_code);
        xml_attr(w, "number", c->number);
        xml_attr_int(w, "year", c->year);
        xml_attr(w, "symbol", c->symbol);
        attr_date(w, "date", c->date.year, c->date.month, c->date.day);
        char roles[64] = "";
        for (int role = VNP_ROLE_BASIS; role <= VNP_ROLE_FOOTNOTE; role++)
            if (c->roles & (1u << role)) {
                if (roles[0])
                    strcat(roles, " ");
                strcat(roles, vnp_role_string((vnp_role)role));
            }
        xml_attr(w, "roles", roles);
        text_element(w, "issuer", c->issuer, 0);
        text_element(w, "title", c->title, 0);
        for (size_t m = 0; m < c->mention_count; m++) {
            xml_start(w, "mention");
            xml_attr_int(w, "line", (long long)d->references[c->mentions[m]].line);
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
        xml_attr(w, "role", role);
        xml_attr(w, "key", a[i].key);
        xml_text(w, a[i].name);
        xml_end(w);
    }
}

static void write_interpretation(xw w, const vnp_record *r)
{
    write_agencies(w, "lead", r->lead, r->lead_count);
    write_agencies(w, "support", r->support, r->support_count);
    if (r->due) {
        xml_start(w, "due");
        xml_attr(w, "kind", vnp_due_kind_string(r->due->kind));
        attr_date(w, "start", r->due->start.year, r->due->start.month, r->due->start.day);
        attr_date(w, "end", r->due->end.year, r->due->end.month, r->due->end.day);
        xml_attr(w, "recurrence", r->due->recurrence);
        attr_date(w, "until", r->due->until.year, r->due->until.month, r->due->until.day);
        text_element(w, "condition", r->due->condition, 0);
        xml_end(w);
    }
    if (r->quantity) {
        char buf[64];
        decimal_write(r->quantity->value, buf, sizeof buf);
        xml_start(w, "quantity");
        xml_attr(w, "value", buf);
        xml_attr(w, "unit", r->quantity->unit);
        xml_attr(w, "code", r->quantity->code);
        xml_end(w);
    }
}

static void write_record(xw w, const vnp_record *r)
{
    xml_start(w, "record");
    xml_attr_int(w, "seq", (long long)r->seq);
    xml_attr(w, "kind", vnp_record_kind_string(r->kind));
    xml_attr(w, "number", r->number);
    xml_attr(w, "section", r->section);
    xml_attr(w, "parent", r->parent);
    xml_attr_int(w, "line", (long long)r->line);
    text_element(w, "title", r->title, 0);
    for (int role = 0; role < VNP_CELL_ROLES; role++) {
        const char *cell = vnp_record_cell(r, (vnp_cell_role)role);
        if (cell) {
            xml_start(w, "cell");
            xml_attr(w, "key", vnp_cell_role_string((vnp_cell_role)role));
            xml_text(w, cell);
            xml_end(w);
        }
    }
    for (size_t i = 0; i < r->other_count; i++) {
        xml_start(w, "other");
        xml_attr_int(w, "column", (long long)r->other[i].column);
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
        xml_attr_int(w, "index", (long long)t->index);
        xml_attr_int(w, "line", (long long)t->line);
        xml_attr(w, "kind", t->kind);
        text_element(w, "title", t->title, 0);
        xml_start(w, "columns");
        for (size_t c = 0; c < t->column_count; c++) {
            xml_start(w, "column");
            xml_attr(w, "role", vnp_cell_role_string(t->columns[c].role));
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
        xml_attr(w, "severity", vnp_severity_string(g->severity));
        xml_attr(w, "code", g->code);
        xml_attr_int(w, "line", (long long)g->line);
        xml_text(w, g->message);
        xml_end(w);
    }
    xml_end(w);
}

static void write_all(xw w, const vnp_document *d)
{
    xml_start(w, "vnplan");
    xml_attr(w, "format", "vnplan");
    xml_attr(w, "version", VNPLAN_FORMAT_VERSION);
    xml_start(w, "source");
    xml_attr(w, "name", d->source_name);
    char bytes[32], lines[32];
    snprintf(bytes, sizeof bytes, "%zu", d->source_bytes);
    snprintf(lines, sizeof lines, "%zu", d->line_count);
    xml_attr(w, "bytes", bytes);
    xml_attr(w, "sha256", d->source_sha256);
    xml_attr(w, "lines", lines);
    if (d->source_encoding)
        xml_attr(w, "encoding", d->source_encoding);
    if (d->source_encoding_confidence >= 0) {
        char confidence[32];
        confidence[decimal_write(confidence_rounded(d->source_encoding_confidence), confidence,
                                 sizeof confidence - 1)] = '\0';
        xml_attr(w, "encoding_confidence", confidence);
    }
    xml_attr(w, "form", d->source_form ? d->source_form : "text");
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
    xml_declaration(w);
    write_all(w, doc);
    xml_out_close(w);
}

vnp_status xml_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    if (out)
        *out = NULL; /* a failure leaves nothing to free */
    if (out_len)
        *out_len = 0;
    if (!doc || !out)
        return VNP_ERR_ARGUMENT;
    xml_out w;
    xml_out_init(&w, flags, NULL);
    write_document(&w, doc);
    return sink_finish(&w.sink, out, out_len);
}

vnp_status xml_write_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    if (!doc || !f)
        return VNP_ERR_ARGUMENT;
    xml_out w;
    xml_out_init(&w, flags, f);
    write_document(&w, doc);
    return sink_finish(&w.sink, NULL, NULL);
}
