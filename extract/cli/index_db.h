/* The archive index's database: opening it (creating the schema of
 * schema/vnplan.sql in a new one), its version, and its errors. */
#ifndef VNPLAN_INDEX_DB_H
#define VNPLAN_INDEX_DB_H

#include <sqlite3.h>
#include <stdbool.h>

/* The PRAGMA user_version that schema/vnplan.sql sets. */
#define INDEX_SCHEMA_VERSION 1

typedef struct index_db {
    sqlite3 *db;
    const char *path;
} index_db;

/* Opens the index at path: writable (created, with its schema, when it
 * does not exist or is empty) or read-only (it must exist). Prints the
 * cause and returns false when the file is not SQLite, is another
 * program's database, has another schema version, or cannot be opened. */
bool index_db_open(index_db *x, const char *path, bool writable);
/* An empty index in memory, with the schema, whose errors name `name`.
 * Its connection reads URI file names (file:...?mode=ro) in ATTACH, for
 * index_scope.c; no name the user gives is opened through it. */
bool index_db_open_scratch(index_db *x, const char *name);
void index_db_close(index_db *x);

/* The archive at path attached read-only (by the checks of index_scope.c)
 * leaves SQLite's write-ahead log and its index beside it; opening it once
 * more for reading and closing removes them, as the last connection to
 * close does (nothing is written to the database). Errors are left to the
 * open that matters: this one is tidying only. */
void index_db_release_log(const char *path);

/* Prints "DB: error: <SQLite's message> (doing)" on stderr. */
void index_db_error(const index_db *x, const char *doing);

/* Runs SQL statements that return no rows; false (message printed) on error. */
bool index_db_exec(const index_db *x, const char *sql, const char *doing);

/* An error that concerns the database and ends the run (a full disk, a
 * read-only file, I/O, corruption), as opposed to one document's rows. */
bool index_db_fatal(int sqlite_code);

#endif
