/* The page of `vnplan report`: HTML, its style and script inline, and the
 * data of every input embedded once as JSON. */
#ifndef VNPLAN_REPORT_PAGE_H
#define VNPLAN_REPORT_PAGE_H

#include "report_data.h"

#include <stdio.h>

/* An input that could not be read, as the page lists it. */
typedef struct report_failure {
    const char *path, *message;
    size_t line, column;
} report_failure;

/* What the page's heading and summary say. */
typedef struct report_head {
    const report_totals *totals;
    const vnp_document *only; /* the document when there is one input, else NULL */
    const report_failure *failures;
    size_t failure_count;
} report_head;

/* Writes the whole page to f; data (n bytes) is the JSON array of the
 * inputs, written by report_data_*. The caller checks f for errors. */
void report_page_write(FILE *f, const report_head *h, const char *data, size_t n);

#endif
