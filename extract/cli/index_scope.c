/* The scope of the corpus checks. The files checked are indexed into a
 * database in memory, the archive is attached to it read-only (so a
 * check never writes the archive, and works on one the user may only
 * read), and views join the two. */
#include "index_scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char scope_sql[] =
    "CREATE TEMP TABLE scope_replaced(id INTEGER PRIMARY KEY);"
    "INSERT INTO scope_replaced"
    " SELECT id FROM archive.documents WHERE path IN (SELECT path FROM main.documents)"
    " UNION SELECT id FROM archive.documents WHERE sha256 IN (SELECT sha256 FROM main.documents);"
    "CREATE TEMP VIEW scope_documents AS"
    " SELECT id, path, key, date, province, place FROM archive.documents"
    "  WHERE id NOT IN temp.scope_replaced"
    " UNION ALL SELECT -id, path, key, date, province, place FROM main.documents;"
    "CREATE TEMP VIEW scope_cited AS"
    " SELECT id, document_id, key, symbol, date, first_line FROM archive.cited_documents"
    "  WHERE document_id NOT IN temp.scope_replaced"
    " UNION ALL SELECT -id, -document_id, key, symbol, date, first_line FROM main.cited_documents;"
    "CREATE TEMP VIEW scope_mentions AS"
    " SELECT cited_id, line, date, issuer, type FROM archive.mentions"
    "  WHERE document_id NOT IN temp.scope_replaced"
    " UNION ALL SELECT -cited_id, line, date, issuer, type FROM main.mentions;"
    "CREATE TEMP VIEW scope_links AS"
    " SELECT c.id AS cited_id, c.document_id AS citing_id, d.id AS target_id, c.key AS key"
    " FROM scope_cited c JOIN scope_documents citing ON citing.id = c.document_id"
    " JOIN scope_documents d ON d.key = c.key AND d.id <> c.document_id"
    " WHERE d.date = c.date OR (c.date IS NULL"
    "  AND coalesce(d.province, d.place) = coalesce(citing.province, citing.place));";

/* path as a read-only SQLite URI: every byte but the unreserved ones
 * percent-encoded, an absolute path after an empty authority. */
static char *read_only_uri(const char *path)
{
    size_t n = strlen(path);
    char *uri = malloc(3 * n + 32);
    if (!uri)
        return NULL;
    char *p = uri + sprintf(uri, path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            strchr("/-._~", *s))
            *p++ = (char)*s;
        else
            p += sprintf(p, "%%%02X", *s);
    }
    strcpy(p, "?mode=ro");
    return uri;
}

static bool attach_archive(const index_db *x, const char *archive_path)
{
    char *uri = read_only_uri(archive_path);
    sqlite3_stmt *st = NULL;
    int rc = uri ? sqlite3_prepare_v2(x->db, "ATTACH ?1 AS archive", -1, &st, NULL) : SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(x->db);
    }
    sqlite3_finalize(st);
    free(uri);
    if (rc != SQLITE_OK)
        index_db_error(x, "opening");
    return rc == SQLITE_OK;
}

bool index_scope_open(index_db *x, const char *archive_path, char **paths, int count,
                      index_counts *c)
{
    /* the archive's own checks first: not SQLite, not an index, another version */
    if (!index_db_open(x, archive_path, false))
        return false;
    index_db_close(x);
    if (!index_db_open_scratch(x, archive_path))
        return false;
    index_paths(x, paths, count, c);
    if (!c->fatal && attach_archive(x, archive_path) &&
        index_db_exec(x, scope_sql, "reading the archive"))
        return true;
    index_db_close(x);
    return false;
}
