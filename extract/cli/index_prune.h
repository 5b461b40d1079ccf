/* `vnplan index --prune`: the documents whose files a run did not see
 * leave the index, with all their rows, in one transaction. */
#ifndef VNPLAN_INDEX_PRUNE_H
#define VNPLAN_INDEX_PRUNE_H

#include "index.h"
#include "index_load.h"

/* Starts remembering the paths a run sees (temporary tables of this
 * connection; the database file is not written). False on failure
 * (reported). */
bool index_seen_begin(const index_db *x);

/* The run saw the file at path. An SQLite code (failure reported). */
int index_seen(const index_db *x, const char *path);

/* The run saw f, whose content is indexed as the document `id` under
 * another path: if that path is pruned, the document moves to f. */
int index_seen_copy(const index_db *x, const index_file *f, sqlite3_int64 id);

/* Removes the document `id` (indexed from path) with all its rows. An
 * SQLite code (failure reported). */
int index_drop(const index_db *x, sqlite3_int64 id, const char *path);

/* In one transaction: every document whose path the run did not see is
 * moved to a copy the run saw, or else removed with all its rows (its
 * full-text rows included); counts them in c->pruned. False (rolled back,
 * reported) when the database refused it. */
bool index_prune(const index_db *x, index_counts *c);

#endif
