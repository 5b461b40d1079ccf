/* The page of `vnplan report`. Everything it needs is inside it: the style
 * and the script (extract/cli/report_page.css, report_page.js and the
 * static body report_page.html, embedded at build time), and the data as
 * JSON in a <script type="application/json"> element that the script reads
 * and draws as tables. A Content-Security-Policy forbids every fetch, so
 * the page works, and stays the same, without a network. Text from the
 * documents reaches the HTML only through html_text here and through the
 * script's textContent there. */
#include "report_page.h"

#include "report_escape.h"

#include <string.h>

extern const char *const vnplan_report_css;
extern const char *const vnplan_report_body;
extern const char *const vnplan_report_js;

static void head(FILE *f, const report_head *h)
{
    fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
          "<meta name=\"generator\" content=\"vnplan " VNPLAN_VERSION "\">\n<title>",
          f);
    if (h->only && h->only->title) {
        html_text(f, h->only->title);
        fputs(" · ", f);
    }
    fputs("vnplan report</title>\n<style>\n", f);
    fputs(vnplan_report_css, f);
    fputs("</style>\n</head>\n", f);
}

static void date_text(FILE *f, const vnp_date *d)
{
    if (d->year && d->month && d->day)
        fprintf(f, "%02d/%02d/%04d", d->day, d->month, d->year);
    else if (d->text)
        html_text(f, d->text);
}

/* "Số 12/KH-UBND · Bắc Ninh, 05/01/2026 · 2026–2030 · plan.txt" */
static void document_line(FILE *f, const vnp_document *d)
{
    fputs("<p class=\"sub\">", f);
    if (d->number || d->symbol) {
        fputs(d->number ? "Số " : "", f);
        html_text(f, d->number);
        fputs(d->number && d->symbol ? "/" : "", f);
        html_text(f, d->symbol);
        fputs(" · ", f);
    }
    if (d->place || d->date.year || d->date.text) {
        html_text(f, d->place);
        fputs(d->place && (d->date.year || d->date.text) ? ", " : "", f);
        date_text(f, &d->date);
        fputs(" · ", f);
    }
    if (d->issuer.name) {
        html_text(f, d->issuer.name);
        fputs(" · ", f);
    }
    if (d->period_from || d->period_to)
        fprintf(f, "%d–%d · ", d->period_from, d->period_to);
    fputs("<code>", f);
    html_text(f, d->source_name);
    fputs("</code></p>\n", f);
}

static void heading(FILE *f, const report_head *h)
{
    const report_totals *t = h->totals;
    fputs("<header class=\"top\"><div class=\"wrap\">\n<p class=\"kicker\">vnplan report", f);
    if (h->only && h->only->type) {
        fputs(" · ", f);
        html_text(f, h->only->type);
    }
    fputs("</p>\n<h1>", f);
    if (h->only)
        html_text(f, h->only->title ? h->only->title : h->only->source_name);
    else
        fprintf(f, "%zu document%s", t->documents, t->documents == 1 ? "" : "s");
    fputs("</h1>\n", f);
    size_t inputs = t->documents + t->failed;
    if (h->only)
        document_line(f, h->only);
    else if (t->failed)
        fprintf(f, "<p class=\"sub\">%zu input%s, %zu of them not read</p>\n", inputs,
                inputs == 1 ? "" : "s", t->failed);
    fputs("<nav><a href=\"#timeline\">Timeline</a><a href=\"#tasks-section\">Tasks</a>"
          "<a href=\"#cited-section\">Cited documents</a>"
          "<a href=\"#diagnostics-section\">Diagnostics</a>"
          "<a href=\"#documents-section\">Documents</a></nav>\n</div></header>\n",
          f);
}

/* label is the plural; one of a thing drops its last word's "s". */
static void card(FILE *f, const char *id, size_t value, const char *label, const char *note)
{
    int len = (int)strlen(label) - (value == 1);
    fprintf(f, "<div class=\"card\" id=\"card-%s\"><b>%zu</b><span>%.*s</span>", id, value,
            len, label);
    if (note)
        fprintf(f, "<small>%s</small>", note);
    fputs("</div>\n", f);
}

static void cards(FILE *f, const report_totals *t)
{
    char dated[64], diags[96];
    snprintf(dated, sizeof dated, "%zu with a deadline", t->dated_tasks);
    snprintf(diags, sizeof diags, "%zu error%s, %zu warning%s, %zu note%s",
             t->by_severity[VNP_SEV_ERROR], t->by_severity[VNP_SEV_ERROR] == 1 ? "" : "s",
             t->by_severity[VNP_SEV_WARNING], t->by_severity[VNP_SEV_WARNING] == 1 ? "" : "s",
             t->by_severity[VNP_SEV_NOTE], t->by_severity[VNP_SEV_NOTE] == 1 ? "" : "s");
    fputs("<section class=\"cards\">\n", f);
    card(f, "documents", t->documents, "documents", NULL);
    card(f, "tasks", t->tasks, "tasks", dated);
    card(f, "cited", t->cited, "cited documents", NULL);
    card(f, "findings", t->findings, "check findings", NULL);
    card(f, "diagnostics",
         t->by_severity[0] + t->by_severity[1] + t->by_severity[2], "diagnostics", diags);
    if (t->failed)
        card(f, "failed", t->failed, "unread inputs", NULL);
    fputs("</section>\n", f);
}

/* The inputs that could not be read, in the page itself: the reader of the
 * page sees them even where the script does not run. */
static void failures(FILE *f, const report_head *h)
{
    if (!h->failure_count)
        return;
    fputs("<section class=\"failed\" id=\"failed\">\n<h2>Inputs that could not be read</h2>\n"
          "<ul>\n",
          f);
    for (size_t i = 0; i < h->failure_count; i++) {
        const report_failure *e = &h->failures[i];
        fputs("<li><code>", f);
        html_text(f, e->path);
        if (e->line)
            fprintf(f, ":%zu:%zu", e->line, e->column);
        fputs("</code> ", f);
        html_text(f, e->message ? e->message : "(out of memory)");
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</section>\n", f);
}

void report_page_write(FILE *f, const report_head *h, const char *data, size_t n)
{
    head(f, h);
    fputs("<body>\n", f);
    heading(f, h);
    fputs("<main class=\"wrap\">\n", f);
    cards(f, h->totals);
    failures(f, h);
    fputs(vnplan_report_body, f);
    fputs("</main>\n<script type=\"application/json\" id=\"vnplan-data\">[", f);
    fwrite(data, 1, n, f);
    fputs("]</script>\n<script>\n", f);
    fputs(vnplan_report_js, f);
    fputs("</script>\n</body>\n</html>\n", f);
}
