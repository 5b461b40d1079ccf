/* Pruning the archive index. The paths a run sees are kept in temporary
 * tables of its connection (never in the file), so that at the end one
 * transaction can tell the documents whose files are gone: a file that
 * was deleted, moved out of the given paths, or renamed. A renamed file
 * was read as a copy of an indexed content (the sha256 is the key): its
 * document keeps its rows and takes the new path instead of being
 * removed and indexed again. */
#include "index_prune.h"

#include <stdio.h>

static const char seen_tables[] =
    "CREATE TEMP TABLE seen_paths(path TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TEMP TABLE seen_copies(path TEXT PRIMARY KEY, document_id INTEGER NOT NULL,"
    " file_size INTEGER, file_mtime_ns INTEGER) WITHOUT ROWID;";

/* The documents whose paths were not seen, and the copy each may move to
 * (the first seen path holding its content). */
#define UNSEEN "(SELECT id FROM documents WHERE path NOT IN (SELECT path FROM temp.seen_paths))"

static const char move_sql[] =
    "UPDATE documents SET path = c.path, file_size = c.file_size, file_mtime_ns = c.file_mtime_ns"
    " FROM (SELECT document_id, min(path) AS path FROM temp.seen_copies GROUP BY document_id) f"
    " JOIN temp.seen_copies c ON c.path = f.path"
    " WHERE documents.id = f.document_id AND documents.id IN " UNSEEN;

static const char unseen_paths_sql[] =
    "SELECT path FROM documents WHERE id IN " UNSEEN " ORDER BY path";

static const char delete_sql[] = "DELETE FROM documents WHERE id IN " UNSEEN;

bool index_seen_begin(const index_db *x)
{
    return index_db_exec(x, seen_tables, "remembering the paths seen");
}

/* Runs sql with its text and integer parameters; an SQLite code. */
static int run_bound(const index_db *x, const char *sql, const char *text,
                     const sqlite3_int64 *ints, int nints)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(x->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        if (text)
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
        for (int i = 0; i < nints; i++)
            sqlite3_bind_int64(st, i + (text ? 2 : 1), ints[i]);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

int index_seen(const index_db *x, const char *path)
{
    int rc = run_bound(x, "INSERT OR IGNORE INTO temp.seen_paths(path) VALUES (?1)", path, NULL, 0);
    if (rc != SQLITE_OK)
        index_db_error(x, "remembering the paths seen");
    return rc;
}

int index_seen_copy(const index_db *x, const index_file *f, sqlite3_int64 id)
{
    const sqlite3_int64 ints[] = {id, f->size, f->mtime_ns};
    int rc = run_bound(x,
                       "INSERT OR REPLACE INTO temp.seen_copies(path, document_id, file_size,"
                       " file_mtime_ns) VALUES (?1, ?2, ?3, ?4)",
                       f->path, ints, 3);
    if (rc != SQLITE_OK)
        index_db_error(x, "remembering the paths seen");
    return rc;
}

int index_drop(const index_db *x, sqlite3_int64 id, const char *path)
{
    int rc = run_bound(x, "DELETE FROM documents WHERE id = ?1", NULL, &id, 1);
    if (rc != SQLITE_OK) {
        char doing[4200];
        snprintf(doing, sizeof doing, "removing the old rows of %s", path);
        index_db_error(x, doing);
    }
    return rc;
}

/* Names each document about to be removed, on stderr. */
static int name_unseen(const index_db *x)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(x->db, unseen_paths_sql, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        fprintf(stderr, "%s: note: no longer under the paths given; removed from the index\n",
                (const char *)sqlite3_column_text(st, 0));
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

bool index_prune(const index_db *x, index_counts *c)
{
    int rc = sqlite3_exec(x->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(x->db, move_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK && !c->quiet)
        rc = name_unseen(x);
    if (rc == SQLITE_OK && (rc = sqlite3_exec(x->db, delete_sql, NULL, NULL, NULL)) == SQLITE_OK)
        c->pruned = (size_t)sqlite3_changes(x->db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(x->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        index_db_error(x, "pruning");
        if (!sqlite3_get_autocommit(x->db))
            sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
        c->pruned = 0;
    }
    return rc == SQLITE_OK;
}
