/* `vnplan index --search DB WORD...`: every title, task and agency name
 * that holds all the words, matched on the folded text, so a query with
 * or without tone marks finds both. Lines `file:line: kind: text`, in file
 * and line order; exit 1 when nothing matches. */
#include "index.h"

#include "fold.h"
#include "index_db.h"
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char search_sql[] =
    "SELECT d.path, s.line, s.kind, s.text FROM search"
    " JOIN search_items s ON s.id = search.rowid JOIN documents d ON d.id = s.document_id"
    " WHERE search MATCH ?1 ORDER BY d.path, s.line, s.id";

/* Appends word, folded, as an FTS5 string: "..." with quotes doubled, so
 * "76/NQ-CP" is the phrase of its tokens and no word is an operator. */
static bool append_word(char **q, size_t *len, const char *word)
{
    char *folded = fold_text(word, strlen(word));
    if (!folded)
        return false;
    size_t need = *len + 2 * strlen(folded) + 4;
    char *grown = realloc(*q, need);
    if (!grown) {
        free(folded);
        return false;
    }
    *q = grown;
    char *p = *q + *len;
    if (*len)
        *p++ = ' ';
    *p++ = '"';
    for (const char *s = folded; *s; s++) {
        if (*s == '"')
            *p++ = '"';
        *p++ = *s;
    }
    *p++ = '"';
    *p = '\0';
    *len = (size_t)(p - *q);
    free(folded);
    return true;
}

static char *fts_query(char **words, int count)
{
    char *q = NULL;
    size_t len = 0;
    for (int i = 0; i < count; i++)
        if (!append_word(&q, &len, words[i])) {
            free(q);
            return NULL;
        }
    return q;
}

int index_search(const char *db_path, char **words, int count)
{
    char *q = fts_query(words, count);
    if (!q) {
        fprintf(stderr, "vnplan index --search: the words are not UTF-8, or out of memory\n");
        return 1;
    }
    index_db x;
    if (!index_db_open(&x, db_path, false)) {
        free(q);
        return 1;
    }
    sqlite3_stmt *st = NULL;
    long found = 0;
    int rc = sqlite3_prepare_v2(x.db, search_sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (!output_printf_stdout("vnplan index", "%s:%d: %s: %s\n",
                                  (const char *)sqlite3_column_text(st, 0),
                                  sqlite3_column_int(st, 1),
                                  (const char *)sqlite3_column_text(st, 2),
                                  (const char *)sqlite3_column_text(st, 3)))
            break;
        found++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK) /* SQLITE_OK: stdout failed, said by the writer */
        index_db_error(&x, "searching");
    sqlite3_finalize(st);
    index_db_close(&x);
    free(q);
    bool written = output_flush_stdout();
    return rc == SQLITE_DONE && found && written ? 0 : 1;
}
