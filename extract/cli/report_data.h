/* The data of `vnplan report`: each input as one JSON object of the array
 * the page's script reads (the page embeds it once). */
#ifndef VNPLAN_REPORT_DATA_H
#define VNPLAN_REPORT_DATA_H

#include "vnplan.h"

#include <stdbool.h>
#include <stdio.h>

/* What the page says above its tables: counts over every input. */
typedef struct report_totals {
    size_t documents, failed, tasks, dated_tasks, cited, findings;
    size_t by_severity[3]; /* diagnostics by vnp_severity */
} report_totals;

/* Writes doc (read from path) as one object of the array: its header,
 * task records, cited documents (each with the diagnostics of the checks
 * that concern it) and diagnostics; adds its counts to t. */
void report_data_document(FILE *f, const vnp_document *doc, const char *path, bool first,
                          report_totals *t);

/* Writes an input that could not be read, with the error and its place
 * (line and column 0 when it has none). */
void report_data_failure(FILE *f, const char *path, const char *message, size_t line,
                         size_t column, bool first, report_totals *t);

#endif
