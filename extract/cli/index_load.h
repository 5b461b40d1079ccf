/* One document's rows in the archive index, from its JSON (the model of
 * schema/vnplan.schema.json). */
#ifndef VNPLAN_INDEX_LOAD_H
#define VNPLAN_INDEX_LOAD_H

#include "index_db.h"

#include <stddef.h>

/* What the file was when it was read (documents.file_size, file_mtime_ns). */
typedef struct index_file {
    const char *path;
    sqlite3_int64 size;
    sqlite3_int64 mtime_ns;
} index_file;

/* In one transaction: deletes the document `replaces` (0 for none) with
 * all its rows, and inserts the document of json (len bytes) read from f.
 * Returns SQLITE_OK, or the SQLite code of the failure, after rolling back
 * (the database is then as before the call) and printing the cause. */
int index_load(const index_db *x, const index_file *f, const char *json, size_t len,
               sqlite3_int64 replaces);

#endif
