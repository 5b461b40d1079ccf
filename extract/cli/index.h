/* `vnplan index`: the archive as an SQLite database (schema/vnplan.sql),
 * its full-text search and its corpus checks. */
#ifndef VNPLAN_INDEX_H
#define VNPLAN_INDEX_H

#include "index_db.h"

#include <stdbool.h>
#include <stddef.h>

/* What one run of the indexer did with its paths. */
typedef struct index_counts {
    size_t files, indexed, replaced, unchanged, duplicates, errors;
    size_t unseen;  /* paths and folders that could not be read: nothing is pruned */
    size_t pruned;  /* documents removed because their files were not seen */
    bool fatal;     /* the database refused a write: the run stops */
    bool quiet;     /* no notes on stderr */
    bool prune;     /* remember the paths seen (index_prune.h) */
} index_counts;

/* argv[1] is "index". Returns the exit status. */
int index_main(int argc, char **argv);

/* Indexes every file of paths[0..count) into x (folders recursively, in
 * name order), counting in c; failures are reported on stderr. */
void index_paths(const index_db *x, char **paths, int count, index_counts *c);

/* The corpus checks (index_check.c): the files of paths[0..count)
 * (indexed or not, folders recursively) against the archive db_path, or
 * with count 0 the whole archive. Findings on stdout, exit status 0 when
 * the checks ran, 1 when the database, a file or stdout failed. */
int index_check(const char *db_path, char **paths, int count, bool quiet);

/* --search DB WORDS...: the titles, tasks and agencies that hold every
 * word, folded (index_search.c). */
int index_search(const char *db_path, char **words, int count);

#endif
