/* `vnplan refs` and `vnplan check`: the cited documents of one or many
 * plans as a readable table, CSV or JSON, and the reference checks. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Display width of UTF-8 text: one column per code point, which holds for
 * Vietnamese (precomposed letters after NFC). */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void pad(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = text_width(s); w < width; w++)
        fputc(' ', f);
}

/* A spreadsheet runs a cell that starts with one of these as a formula
 * (=HYPERLINK(...), @SUM(...), +1-1); a leading ' makes it text, as the
 * spreadsheets themselves write such a cell. */
static bool formula_start(const char *s) { return s && *s && strchr("=+-@\t\r", *s); }

static void csv_field(FILE *f, const char *s, bool last)
{
    fputc('"', f);
    if (formula_start(s))
        fputc('\'', f);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputs(last ? "\"\r\n" : "\",", f);
}

static void json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* One row of the report: the cited document as text fields. */
typedef struct ref_row {
    const char *file, *type, *symbol, *date, *issuer, *roles, *lines, *title;
} ref_row;

static void fill_row(const vnp_document *doc, const vnp_cited_document *c, ref_row *r,
                     char date[16], char roles[64], char *lines, size_t lines_cap)
{
    r->file = doc->source_name;
    r->type = c->type;
    r->symbol = c->key;
    date[0] = '\0';
    if (c->date.day)
        snprintf(date, 16, "%04d-%02d-%02d", c->date.year, c->date.month, c->date.day);
    r->date = date;
    r->issuer = c->issuer ? c->issuer : "";
    r->title = c->title ? c->title : "";
    roles[0] = '\0';
    for (int k = VNP_ROLE_BASIS; k <= VNP_ROLE_FOOTNOTE; k++)
        if (c->roles & (1u << k)) {
            if (roles[0])
                strcat(roles, ",");
            strcat(roles, vnp_role_string((vnp_role)k));
        }
    r->roles = roles;
    lines[0] = '\0';
    for (size_t m = 0; m < c->mention_count; m++) {
        size_t used = strlen(lines);
        snprintf(lines + used, lines_cap - used, "%s%zu", m ? "," : "",
                 vnp_document_reference(doc, c->mentions[m])->line);
    }
    r->lines = lines;
}

static bool wanted(const vnp_cited_document *c, const report_options *o)
{
    return !o->bases_only || (c->roles & (1u << VNP_ROLE_BASIS));
}

static void print_table_row(FILE *f, const ref_row *r, bool with_file, const size_t *w)
{
    if (with_file) {
        pad(f, r->file, w[0]);
        fputs("  ", f);
    }
    const char *cols[] = {r->type, r->symbol, r->date, r->roles, r->lines, r->issuer};
    for (size_t k = 0; k < 6; k++) {
        if (k == 5)
            fputs(cols[k], f);
        else
            pad(f, cols[k], w[k + 1]);
        fputs(k == 5 ? "\n" : "  ", f);
    }
}

static void emit_row(FILE *f, const ref_row *r, const report_options *o, bool first,
                     const size_t *w)
{
    if (o->format == REPORT_CSV) {
        const char *cols[] = {r->file, r->type, r->symbol, r->date, r->issuer, r->roles,
                              r->lines, r->title};
        for (size_t k = 0; k < 8; k++)
            csv_field(f, cols[k], k == 7);
    } else if (o->format == REPORT_JSON) {
        fputs(first ? "  {" : ",\n  {", f);
        const char *keys[] = {"file", "type", "key", "date", "issuer", "roles", "lines", "title"};
        const char *vals[] = {r->file, r->type, r->symbol, r->date, r->issuer, r->roles,
                              r->lines, r->title};
        for (size_t k = 0; k < 8; k++) {
            fprintf(f, "%s\"%s\": ", k ? ", " : "", keys[k]);
            json_string(f, vals[k][0] ? vals[k] : NULL);
        }
        fputc('}', f);
    } else {
        print_table_row(f, r, o->several, w);
    }
}

/* Calls fn with every cited document to be printed, as a row. */
typedef void (*row_fn)(const ref_row *r, void *ctx);

static void each_row(vnp_document **docs, size_t n, const report_options *o, row_fn fn,
                     void *ctx)
{
    for (size_t d = 0; d < n; d++)
        for (size_t i = 0; i < docs[d]->cited_document_count; i++) {
            const vnp_cited_document *c = vnp_document_cited_document(docs[d], i);
            if (!wanted(c, o))
                continue;
            ref_row r;
            char date[16], roles[64], lines[512];
            fill_row(docs[d], c, &r, date, roles, lines, sizeof lines);
            fn(&r, ctx);
        }
}

static void widen(const ref_row *r, void *ctx)
{
    size_t *w = ctx;
    const char *cols[] = {r->file, r->type, r->symbol, r->date, r->roles, r->lines, r->issuer};
    for (size_t k = 0; k < 7; k++)
        if (text_width(cols[k]) > w[k])
            w[k] = text_width(cols[k]);
}

/* Column widths for the table format, over every row to be printed. */
static void measure(vnp_document **docs, size_t n, const report_options *o, size_t w[7])
{
    const char *heads[] = {"file", "type", "document", "date", "roles", "lines", "issuer"};
    for (size_t k = 0; k < 7; k++)
        w[k] = text_width(heads[k]);
    each_row(docs, n, o, widen, w);
}

static void print_header(FILE *f, const report_options *o, const size_t *w)
{
    if (o->format == REPORT_CSV) {
        fputs("\xEF\xBB\xBF", f); /* lets spreadsheet programs read the UTF-8 */
        const char *cols[] = {"file", "type", "document", "date", "issuer", "roles", "lines",
                              "title"};
        for (size_t k = 0; k < 8; k++)
            csv_field(f, cols[k], k == 7);
    } else if (o->format == REPORT_JSON) {
        fputs("[\n", f);
    } else {
        ref_row h = {"file", "type", "document", "date", "issuer", "roles", "lines", NULL};
        print_table_row(f, &h, o->several, w);
    }
}

typedef struct emit_state {
    FILE *f;
    const report_options *o;
    const size_t *w;
    bool first;
} emit_state;

static void emit_one(const ref_row *r, void *ctx)
{
    emit_state *e = ctx;
    emit_row(e->f, r, e->o, e->first, e->w);
    e->first = false;
}

void report_refs(FILE *f, vnp_document **docs, size_t n, const report_options *o)
{
    size_t w[7];
    measure(docs, n, o, w);
    print_header(f, o, w);
    emit_state e = {f, o, w, true};
    each_row(docs, n, o, emit_one, &e);
    if (o->format == REPORT_JSON)
        fputs(e.first ? "]\n" : "\n]\n", f);
}

size_t report_errors(const vnp_document *doc)
{
    size_t errors = 0;
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        errors += vnp_document_diagnostic(doc, i)->severity == VNP_SEV_ERROR;
    return errors;
}

/* ---- tasks ------------------------------------------------------------------ */

static void ymd_text(vnp_ymd d, char out[16])
{
    out[0] = '\0';
    if (d.year)
        snprintf(out, 16, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static const char *or_empty(const char *s) { return s ? s : ""; }

/* The fields of one task row, in the order of the sheet's columns. */
enum { TASK_FIELDS = 10 };
static const char *const task_heads[TASK_FIELDS] = {
    "file", "section", "number", "task", "lead", "support", "deadline", "start", "end", "output"};

const char *report_task_text(const vnp_record *r)
{
    return vnp_record_cell(r, VNP_CELL_TASK)       ? vnp_record_cell(r, VNP_CELL_TASK)
           : vnp_record_cell(r, VNP_CELL_ACTIVITY) ? vnp_record_cell(r, VNP_CELL_ACTIVITY)
                                         : vnp_record_cell(r, VNP_CELL_OBJECTIVE);
}

const char *report_task_time(const vnp_record *r)
{
    return vnp_record_cell(r, VNP_CELL_DEADLINE) ? vnp_record_cell(r, VNP_CELL_DEADLINE) : vnp_record_cell(r, VNP_CELL_START);
}

static void task_fields(const vnp_document *doc, const vnp_record *r, const char **f,
                        char start[16], char end[16])
{
    const char *task = report_task_text(r);
    static const vnp_due undated = {.kind = VNP_DUE_NONE};
    const vnp_due *due = r->due ? r->due : &undated;
    ymd_text(due->start, start);
    ymd_text(due->end, end);
    f[0] = doc->source_name;
    f[1] = or_empty(r->section);
    f[2] = or_empty(r->number);
    f[3] = or_empty(task);
    f[4] = or_empty(vnp_record_cell(r, VNP_CELL_LEAD));
    f[5] = or_empty(vnp_record_cell(r, VNP_CELL_SUPPORT));
    f[6] = or_empty(report_task_time(r));
    f[7] = r->due ? start : "";
    f[8] = r->due ? end : "";
    f[9] = or_empty(vnp_record_cell(r, VNP_CELL_OUTPUT));
}

/* Tab-separated values cannot hold a tab or a line break in a field. */
static void tsv_field(FILE *f, const char *s, bool last)
{
    if (formula_start(s))
        fputc('\'', f);
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
    fputc(last ? '\n' : '\t', f);
}

static void emit_task(FILE *f, const char **fields, report_format fmt, bool first)
{
    for (size_t k = 0; k < TASK_FIELDS; k++) {
        if (fmt == REPORT_CSV) {
            csv_field(f, fields[k], k + 1 == TASK_FIELDS);
        } else if (fmt == REPORT_TSV) {
            tsv_field(f, fields[k], k + 1 == TASK_FIELDS);
        } else if (fmt == REPORT_JSON) {
            fprintf(f, "%s\"%s\": ", k ? ", " : (first ? "  {" : ",\n  {"), task_heads[k]);
            json_string(f, fields[k]);
            if (k + 1 == TASK_FIELDS)
                fputc('}', f);
        } else { /* table: one block per task, readable in a terminal */
            if (fields[k][0] && k > 0)
                fprintf(f, "%-9s %s\n", task_heads[k], fields[k]);
            if (k + 1 == TASK_FIELDS)
                fputc('\n', f);
        }
    }
}

static void tasks_header(FILE *f, report_format fmt)
{
    if (fmt == REPORT_CSV) {
        fputs("\xEF\xBB\xBF", f); /* lets spreadsheet programs read the UTF-8 */
        for (size_t k = 0; k < TASK_FIELDS; k++)
            csv_field(f, task_heads[k], k + 1 == TASK_FIELDS);
    } else if (fmt == REPORT_TSV) {
        for (size_t k = 0; k < TASK_FIELDS; k++)
            tsv_field(f, task_heads[k], k + 1 == TASK_FIELDS);
    } else if (fmt == REPORT_JSON) {
        fputs("[\n", f);
    }
}

size_t report_tasks(FILE *f, vnp_document **docs, size_t n, report_format fmt)
{
    size_t count = 0;
    tasks_header(f, fmt);
    for (size_t d = 0; d < n; d++)
        for (size_t t = 0; t < docs[d]->table_count; t++) {
            const vnp_table *tb = vnp_document_table(docs[d], t);
            bool of_tasks = strcmp(tb->kind, "tasks") == 0 || strcmp(tb->kind, "procedure") == 0 ||
                            strcmp(tb->kind, "prose") == 0;
            if (fmt == REPORT_TABLE && of_tasks)
                fprintf(f, "== %s: %s\n\n", docs[d]->source_name, or_empty(tb->title));
            for (size_t i = 0; i < tb->record_count; i++) {
                const vnp_record *r = vnp_table_record(tb, i);
                if (r->kind != VNP_RECORD_TASK)
                    continue;
                const char *fields[TASK_FIELDS];
                char start[16], end[16];
                task_fields(docs[d], r, fields, start, end);
                emit_task(f, fields, fmt, count == 0);
                count++;
            }
        }
    if (fmt == REPORT_JSON)
        fputs(count ? "\n]\n" : "]\n", f);
    return count;
}
