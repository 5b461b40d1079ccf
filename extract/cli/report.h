/* Reports of the vnplan command: tables of cited documents and checks. */
#ifndef VNPLAN_REPORT_H
#define VNPLAN_REPORT_H

#include "vnplan.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_TSV, REPORT_JSON } report_format;

typedef struct report_options {
    report_format format;
    bool bases_only; /* only documents cited as legal bases */
    bool several;    /* more than one input: show the file column */
} report_options;

/* Prints the cited documents of docs[0..n). */
void report_refs(FILE *f, vnp_document **docs, size_t n, const report_options *o);

/* Prints the task records of docs[0..n) as one sheet; returns how many. */
size_t report_tasks(FILE *f, vnp_document **docs, size_t n, report_format fmt);

/* The text of a task record: its task cell, else its activity, else its
 * objective (NULL when none). */
const char *report_task_text(const vnp_record *r);

/* A task record's time cell as written: the deadline, else the start. */
const char *report_task_time(const vnp_record *r);

/* Number of error-severity diagnostics of doc. */
size_t report_errors(const vnp_document *doc);

#endif
