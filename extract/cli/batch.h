/* Batch extraction over many files with worker threads, JSON Lines out. */
#ifndef VNPLAN_BATCH_H
#define VNPLAN_BATCH_H

#include "vnplan.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct batch_options {
    vnp_options parse;
    size_t jobs;           /* worker threads */
    bool files_from_stdin; /* read paths, one per line, from stdin */
    bool progress;         /* a progress line on stderr */
    bool quiet;            /* no diagnostics */
} batch_options;

/* Extracts every file (folders give their files, sorted) and writes one
 * compact JSON document per line to stdout, in input order, then a
 * summary on stderr. Returns 0, or 1 when a file failed (the others are
 * still done). */
int batch_extract(char **args, int n, const batch_options *o);

/* Sets the heap to grow and shrink in steps of a megabyte, for a run of
 * two documents or more (see batch.c). */
void grow_heap_in_steps(void);

#endif
