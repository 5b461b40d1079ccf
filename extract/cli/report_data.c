/* The JSON data of `vnplan report`, one object per input:
 *
 *   {"file", "type", "number", "symbol", "date", "place", "title", "issuer",
 *    "province", "period", "tasks": [...], "cited": [...], "diagnostics": [...]}
 *
 * or {"file", "error": {"message", "line", "column"}} for an input that
 * could not be read. Every string goes through json_script_string, which
 * keeps it inside the page's <script> element. */
#include "report_data.h"

#include "report.h"
#include "report_escape.h"

#include <stdlib.h>
#include <string.h>

static void key(FILE *f, const char *name, bool first)
{
    fprintf(f, "%s\"%s\":", first ? "" : ",", name);
}

static void str_field(FILE *f, const char *name, const char *value)
{
    key(f, name, false);
    json_script_string(f, value);
}

/* A day as ISO text, or null when the year is unknown. */
static void ymd_field(FILE *f, const char *name, int y, int m, int d)
{
    key(f, name, false);
    if (y && m && d)
        fprintf(f, "\"%04d-%02d-%02d\"", y, m, d);
    else
        fputs("null", f);
}

static void agencies_field(FILE *f, const char *name, const vnp_agency *a, size_t n)
{
    key(f, name, false);
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",[" : "[", f);
        json_script_string(f, a[i].name);
        fputc(',', f);
        json_script_string(f, a[i].key);
        fputc(']', f);
    }
    fputc(']', f);
}

static void task_object(FILE *f, const vnp_record *r, bool first)
{
    fputs(first ? "{" : ",{", f);
    key(f, "line", true);
    fprintf(f, "%zu", (size_t)r->line);
    str_field(f, "section", r->section);
    str_field(f, "number", r->number);
    str_field(f, "task", report_task_text(r));
    str_field(f, "lead", vnp_record_cell(r, VNP_CELL_LEAD));
    str_field(f, "support", vnp_record_cell(r, VNP_CELL_SUPPORT));
    agencies_field(f, "lead_agencies", r->lead, r->lead_count);
    agencies_field(f, "support_agencies", r->support, r->support_count);
    str_field(f, "time", report_task_time(r));
    static const vnp_due undated = {.kind = VNP_DUE_NONE};
    const vnp_due *d = r->due ? r->due : &undated;
    bool dated = d->end.year != 0;
    ymd_field(f, "start", dated ? d->start.year : 0, d->start.month, d->start.day);
    ymd_field(f, "end", dated ? d->end.year : 0, d->end.month, d->end.day);
    str_field(f, "recurrence", d->recurrence);
    str_field(f, "output", vnp_record_cell(r, VNP_CELL_OUTPUT));
    fputc('}', f);
}

/* The task records of every table, in document order; returns how many,
 * and in *dated how many have a last day. */
static size_t tasks_array(FILE *f, const vnp_document *doc, size_t *dated)
{
    size_t n = 0;
    key(f, "tasks", false);
    fputc('[', f);
    for (size_t t = 0; t < doc->table_count; t++)
        for (size_t i = 0; i < doc->tables[t].record_count; i++) {
            const vnp_record *r = &doc->tables[t].records[i];
            if (r->kind != VNP_RECORD_TASK)
                continue;
            task_object(f, r, n == 0);
            *dated += r->due && r->due->end.year;
            n++;
        }
    fputc(']', f);
    return n;
}

/* ---- the checks' findings of each cited document ------------------------- */

/* A reference by its line, to find the ones on a diagnostic's line. */
typedef struct line_ref {
    size_t line, index; /* index into doc->references */
} line_ref;

static int by_line_order(const void *pa, const void *pb)
{
    const line_ref *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The references of a document in line order, and where each line's
 * search for the next finding resumes (see finding_owner). */
typedef struct by_line {
    const vnp_document *doc;
    line_ref *order;
    size_t *resume; /* at the first position of each line: where the last match was */
} by_line;

/* The first position in order of a reference on a line >= line. */
static size_t first_from(const by_line *b, size_t line)
{
    size_t l = 0, h = b->doc->reference_count;
    while (l < h) {
        size_t mid = l + (h - l) / 2;
        if (b->order[mid].line < line)
            l = mid + 1;
        else
            h = mid;
    }
    return l;
}

/* The positions [*lo, *hi) in order of the references on line. */
static void line_span(const by_line *b, size_t line, size_t *lo, size_t *hi)
{
    *lo = first_from(b, line);
    *hi = first_from(b, line + 1);
}

/* How well a diagnostic's message names reference r: the length of the
 * mention's text when the message quotes it (every check message does), or
 * of its symbol as written for a repaired symbol; 0 when it does not. */
static size_t naming(const vnp_reference *r, const char *message)
{
    if (r->text && r->text[0] && strstr(message, r->text))
        return strlen(r->text);
    if (r->symbol_raw && r->symbol_raw[0] && strstr(message, r->symbol_raw))
        return strlen(r->symbol_raw);
    return 0;
}

/* A line holds a few references; on one that holds more, the search takes
 * the first that the message names, going on from the last match, as the
 * checks report the mentions of a line in order: the time stays linear. */
enum { FULL_SEARCH_REFERENCES = 64 };

/* The cited document (index + 1) a diagnostic is about: the one whose
 * mention on the diagnostic's line the message names most fully; 0 when
 * the diagnostic names none (it is not a finding of the checks). */
static size_t finding_owner(const by_line *b, const vnp_diagnostic *d)
{
    size_t lo, hi;
    line_span(b, d->line, &lo, &hi);
    size_t span = hi - lo, best = 0, best_len = 0;
    bool full = span <= FULL_SEARCH_REFERENCES;
    size_t start = full ? 0 : b->resume[lo];
    for (size_t k = 0; k < span; k++) {
        size_t at = lo + (start + k) % span;
        const vnp_reference *r = &b->doc->references[b->order[at].index];
        size_t len = r->cited ? naming(r, d->message) : 0;
        if (len > best_len) {
            best = r->cited;
            best_len = len;
            b->resume[lo] = (start + k) % span;
            if (!full)
                break;
        }
    }
    return best;
}

/* owner[i]: the cited document (index + 1) of diagnostic i, or 0. false
 * when out of memory (then no finding is attached: the diagnostics are all
 * still listed). */
static bool finding_owners(const vnp_document *doc, size_t *owner)
{
    size_t n = doc->reference_count;
    by_line b = {doc, malloc((n + 1) * sizeof *b.order), calloc(n + 1, sizeof *b.resume)};
    bool ok = b.order && b.resume;
    for (size_t i = 0; ok && i < n; i++)
        b.order[i] = (line_ref){doc->references[i].line, i};
    if (ok)
        qsort(b.order, n, sizeof *b.order, by_line_order);
    for (size_t i = 0; ok && i < doc->diagnostic_count; i++)
        owner[i] = doc->diagnostics[i].line ? finding_owner(&b, &doc->diagnostics[i]) : 0;
    free(b.order);
    free(b.resume);
    return ok;
}

static void roles_field(FILE *f, unsigned roles)
{
    key(f, "roles", false);
    fputc('[', f);
    bool first = true;
    for (int k = VNP_ROLE_BASIS; k <= VNP_ROLE_FOOTNOTE; k++)
        if (roles & (1u << k)) {
            fprintf(f, "%s\"%s\"", first ? "" : ",", vnp_role_string((vnp_role)k));
            first = false;
        }
    fputc(']', f);
}

static void lines_field(FILE *f, const vnp_document *doc, const vnp_cited_document *c)
{
    key(f, "lines", false);
    fputc('[', f);
    for (size_t m = 0; m < c->mention_count; m++)
        fprintf(f, "%s%zu", m ? "," : "", doc->references[c->mentions[m]].line);
    fputc(']', f);
}

/* The cited documents; findings[first[c]..first[c + 1]) are the
 * diagnostics about cited document c. */
static void cited_array(FILE *f, const vnp_document *doc, const size_t *first,
                        const size_t *findings)
{
    key(f, "cited", false);
    fputc('[', f);
    for (size_t i = 0; i < doc->cited_document_count; i++) {
        const vnp_cited_document *c = &doc->cited_documents[i];
        fputs(i ? ",{" : "{", f);
        key(f, "type", true);
        json_script_string(f, c->type);
        str_field(f, "key", c->key);
        ymd_field(f, "date", c->date.year, c->date.month, c->date.day);
        str_field(f, "date_text", c->date.text);
        str_field(f, "issuer", c->issuer);
        str_field(f, "title", c->title);
        roles_field(f, c->roles);
        lines_field(f, doc, c);
        key(f, "findings", false);
        fputc('[', f);
        for (size_t k = first ? first[i] : 0; first && k < first[i + 1]; k++)
            fprintf(f, "%s%zu", k > first[i] ? "," : "", findings[k]);
        fputs("]}", f);
    }
    fputc(']', f);
}

/* Groups the diagnostics by the cited document they concern (a counting
 * sort, in diagnostic order within each) and writes the cited documents;
 * returns how many diagnostics were attached. */
static size_t cited_with_findings(FILE *f, const vnp_document *doc)
{
    size_t nd = doc->diagnostic_count, nc = doc->cited_document_count;
    size_t *owner = malloc((nd + 1) * sizeof *owner);
    size_t *start = calloc(nc + 1, sizeof *start); /* findings of c: start[c]..start[c + 1] */
    size_t *next = malloc((nc + 1) * sizeof *next);
    size_t *findings = malloc((nd + 1) * sizeof *findings);
    size_t attached = 0;
    if (owner && start && next && findings && finding_owners(doc, owner)) {
        for (size_t i = 0; i < nd; i++)
            if (owner[i])
                start[owner[i]]++; /* the count of c, at c + 1 */
        for (size_t c = 0; c < nc; c++) {
            start[c + 1] += start[c];
            next[c] = start[c];
        }
        for (size_t i = 0; i < nd; i++)
            if (owner[i])
                findings[next[owner[i] - 1]++] = i;
        attached = start[nc];
        cited_array(f, doc, start, findings);
    } else {
        cited_array(f, doc, NULL, NULL);
    }
    free(owner);
    free(start);
    free(next);
    free(findings);
    return attached;
}

static void diagnostics_array(FILE *f, const vnp_document *doc, report_totals *t)
{
    key(f, "diagnostics", false);
    fputc('[', f);
    for (size_t i = 0; i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = &doc->diagnostics[i];
        fputs(i ? ",{" : "{", f);
        key(f, "line", true);
        fprintf(f, "%zu", d->line);
        str_field(f, "severity", vnp_severity_string(d->severity));
        str_field(f, "code", d->code);
        str_field(f, "message", d->message);
        fputc('}', f);
        if ((unsigned)d->severity < 3)
            t->by_severity[d->severity]++;
    }
    fputc(']', f);
}

static void header_fields(FILE *f, const vnp_document *doc)
{
    str_field(f, "type", doc->type);
    str_field(f, "number", doc->number);
    str_field(f, "symbol", doc->symbol);
    ymd_field(f, "date", doc->date.year, doc->date.month, doc->date.day);
    str_field(f, "place", doc->place);
    str_field(f, "title", doc->title);
    str_field(f, "issuer", doc->issuer.name);
    str_field(f, "province", doc->province.name);
    key(f, "period", false);
    if (doc->period_from || doc->period_to)
        fprintf(f, "[%d,%d]", doc->period_from, doc->period_to);
    else
        fputs("null", f);
}

void report_data_document(FILE *f, const vnp_document *doc, const char *path, bool first,
                          report_totals *t)
{
    fputs(first ? "{" : ",\n{", f);
    key(f, "file", true);
    json_script_string(f, path);
    header_fields(f, doc);
    t->tasks += tasks_array(f, doc, &t->dated_tasks);
    t->findings += cited_with_findings(f, doc);
    t->cited += doc->cited_document_count;
    diagnostics_array(f, doc, t);
    fputc('}', f);
    t->documents++;
}

void report_data_failure(FILE *f, const char *path, const char *message, size_t line,
                         size_t column, bool first, report_totals *t)
{
    fputs(first ? "{" : ",\n{", f);
    key(f, "file", true);
    json_script_string(f, path);
    key(f, "error", false);
    fputc('{', f);
    key(f, "message", true);
    json_script_string(f, message);
    key(f, "line", false);
    fprintf(f, "%zu", line);
    key(f, "column", false);
    fprintf(f, "%zu}}", column);
    t->failed++;
}
