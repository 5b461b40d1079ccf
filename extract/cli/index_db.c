/* Opening the archive index. Every write happens in a transaction, so a
 * process killed at any point leaves the database as its last commit
 * left it (SQLite's write-ahead log drops the rest at the next open). */
#include "index_db.h"

#include "fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char *const vnplan_index_schema; /* schema/vnplan.sql, embedded at build time */

void index_db_error(const index_db *x, const char *doing)
{
    fprintf(stderr, "%s: error: %s (%s)\n", x->path,
            x->db ? sqlite3_errmsg(x->db) : "out of memory", doing);
}

bool index_db_exec(const index_db *x, const char *sql, const char *doing)
{
    if (sqlite3_exec(x->db, sql, NULL, NULL, NULL) == SQLITE_OK)
        return true;
    index_db_error(x, doing);
    return false;
}

bool index_db_fatal(int sqlite_code)
{
    switch (sqlite_code & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_ERROR: /* a JSON function refusing the document's text */
        return false;
    default:
        return true;
    }
}

/* vnplan_fold(text): the search folding, for the index's own statements
 * and for queries made through the command. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    char *folded = text ? fold_text(text, (size_t)len) : NULL;
    if (!folded) {
        sqlite3_result_error(ctx, "vnplan_fold: text is not UTF-8, or out of memory", -1);
        return;
    }
    sqlite3_result_text(ctx, folded, -1, free);
}

/* The schema version, or -1 (message printed) when the file cannot be
 * read as SQLite. */
static int user_version(const index_db *x, int *objects)
{
    sqlite3_stmt *st = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(x->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (version >= 0 &&
        sqlite3_prepare_v2(x->db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        *objects = sqlite3_column_int(st, 0);
    else
        version = -1;
    sqlite3_finalize(st);
    if (version < 0)
        index_db_error(x, "reading the schema version");
    return version;
}

/* A new database gets the schema; two processes creating one at once
 * are serialised by the immediate transaction. */
static bool create_schema(const index_db *x)
{
    if (!index_db_exec(x, "BEGIN IMMEDIATE", "creating the schema"))
        return false;
    int objects = 0;
    int version = user_version(x, &objects);
    bool ok = version >= 0 && (objects > 0 || index_db_exec(x, vnplan_index_schema, "creating the schema"));
    return ok ? index_db_exec(x, "COMMIT", "creating the schema")
              : (sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL), false);
}

static bool check_schema(index_db *x, bool writable)
{
    int objects = 0;
    int version = user_version(x, &objects);
    if (version < 0)
        return false;
    if (version == 0 && objects == 0 && writable) {
        if (!create_schema(x))
            return false;
        version = user_version(x, &objects);
    }
    if (version == INDEX_SCHEMA_VERSION)
        return true;
    if (version == 0)
        fprintf(stderr, "%s: error: %s\n", x->path,
                objects ? "not a vnplan index (an SQLite database without its schema version)"
                        : "an empty database, not a vnplan index");
    else if (version > 0)
        fprintf(stderr, "%s: error: index schema version %d; this vnplan reads version %d\n",
                x->path, version, INDEX_SCHEMA_VERSION);
    return false;
}

static bool open_with(index_db *x, const char *path, int flags, bool writable)
{
    int rc = sqlite3_open_v2(path, &x->db, flags, NULL);
    if (rc != SQLITE_OK) {
        index_db_error(x, "opening");
        index_db_close(x);
        return false;
    }
    if (writable && sqlite3_db_readonly(x->db, "main") == 1) {
        fprintf(stderr, "%s: error: the database is read-only\n", x->path);
        index_db_close(x);
        return false;
    }
    sqlite3_extended_result_codes(x->db, 1);
    sqlite3_busy_timeout(x->db, 30000); /* another vnplan index writing: wait for it */
    if (sqlite3_create_function(x->db, "vnplan_fold", 1,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                sql_fold, NULL, NULL) != SQLITE_OK ||
        !index_db_exec(x, "PRAGMA foreign_keys = ON", "opening") ||
        (!writable && !index_db_exec(x, "PRAGMA query_only = ON", "opening")) ||
        !check_schema(x, writable)) {
        index_db_close(x);
        return false;
    }
    /* A write-ahead log commits with one sync instead of a journal's
     * several; a killed process loses nothing committed, and a power cut
     * at most the last commits, never the database's consistency. */
    if (writable && (!index_db_exec(x, "PRAGMA journal_mode = WAL", "opening") ||
                     !index_db_exec(x, "PRAGMA synchronous = NORMAL", "opening"))) {
        index_db_close(x);
        return false;
    }
    return true;
}

/* May the user create files beside PATH (SQLite's -wal and -shm)? */
static bool dir_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    size_t n = (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (!dir)
        return false;
    memcpy(dir, path, n);
    dir[n] = '\0';
    bool ok = access(dir, W_OK) == 0;
    free(dir);
    return ok;
}

/* Reading opens the file for writing when it may, with every statement
 * refused a write (query_only): as the last connection to close, it can
 * then checkpoint and remove the write-ahead log and its index (-wal,
 * -shm), which a read-only connection leaves behind. A file or folder the
 * user may not write is opened read-only. */
static bool open_for_reading(index_db *x, const char *path)
{
    x->path = path;
    if (access(path, W_OK) == 0 && dir_writable(path))
        return open_with(x, path, SQLITE_OPEN_READWRITE, false);
    return open_with(x, path, SQLITE_OPEN_READONLY, false);
}

bool index_db_open(index_db *x, const char *path, bool writable)
{
    x->path = path;
    if (!writable)
        return open_for_reading(x, path);
    return open_with(x, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, true);
}

bool index_db_open_scratch(index_db *x, const char *name)
{
    x->path = name;
    return open_with(x, ":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                     true);
}

void index_db_close(index_db *x)
{
    sqlite3_close(x->db);
    x->db = NULL;
}

void index_db_release_log(const char *path)
{
    index_db x = {0};
    if (open_for_reading(&x, path))
        index_db_close(&x);
}
