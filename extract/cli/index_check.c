/* `vnplan index --check DB`: what no single document can tell. A cited
 * document whose date, issuer or type most of the archive agrees on is
 * flagged where a document says otherwise; a cited document the archive
 * holds itself is named. Messages go to stdout as
 * `file:line: severity: message [code]`, in file and line order. */
#include "index.h"

#include "index_db.h"

#include <stdio.h>
#include <string.h>

/* Each cited document with the scope its key is unique in: '' for a
 * national body's symbol (and a law cited by name), else the citing
 * document's province (or place), since local bodies in every province
 * issue "01/KH-UBND". */
#define CITED_WITH_SCOPE                                                                   \
    "cited AS (SELECT c.id, c.key, c.document_id AS doc,"                                  \
    " CASE WHEN c.symbol IS NULL THEN ''"                                                  \
    "  WHEN rtrim(CASE WHEN instr(c.symbol, '/') > 0 THEN substr(c.symbol, instr(c.symbol, '/') + 1)" \
    "   WHEN instr(c.symbol, '-') > 0 THEN substr(c.symbol, instr(c.symbol, '-') + 1)"     \
    "   ELSE c.symbol END, '0123456789') IN (SELECT code FROM national_issuer_codes) THEN ''" \
    "  ELSE coalesce(d.province, d.place, '') END AS scope"                               \
    " FROM cited_documents c JOIN documents d ON d.id = c.document_id)"

/* A date as Vietnamese documents write it: 15/7/2021. */
#define DATE_VN(d)                                                                         \
    "CASE length(" d ") WHEN 10 THEN CAST(substr(" d ", 9, 2) AS INTEGER) || '/' ||"       \
    " CAST(substr(" d ", 6, 2) AS INTEGER) || '/' || substr(" d ", 1, 4)"                  \
    " WHEN 7 THEN CAST(substr(" d ", 6, 2) AS INTEGER) || '/' || substr(" d ", 1, 4)"     \
    " ELSE " d " END"

/* One attribute compared across the archive: the value compared (NULL
 * when the mention states none), how it is shown, the message. */
typedef struct attribute {
    const char *value;
    const char *shown;
    const char *verb; /* "<name> <verb> <majority> in N documents; this one says <value>" */
    const char *code;
} attribute;

static const attribute attributes[] = {
    {"m.date", DATE_VN("m.date"), "is dated",
     "archive-date"},
    {"vnplan_fold(m.issuer)", "m.issuer",
     "is issued by", "archive-issuer"},
    {"vnplan_fold(m.type)", "m.type", "is cited as",
     "archive-type"},
};

/* The disagreements on one attribute: per (key, scope), each document's
 * values; the value at least 3 documents state and at least two thirds of
 * the statements agree on, alone at the top; the documents that state
 * another. */
static const char disagreement_sql[] =
    "WITH " CITED_WITH_SCOPE ","
    " said AS (SELECT ci.key, ci.scope, ci.doc, %s AS value, min(m.line) AS line,"
    "  min(%s) AS shown, min(CASE WHEN ci.key GLOB '[0-9]*' THEN m.type || ' ' || ci.key"
    "  ELSE ci.key END) AS name"
    "  FROM cited ci JOIN mentions m ON m.cited_id = ci.id WHERE value IS NOT NULL"
    "  GROUP BY ci.key, ci.scope, ci.doc, value),"
    " tally AS (SELECT key, scope, value, count(*) AS n, min(shown) AS shown, min(name) AS name"
    "  FROM said GROUP BY key, scope, value),"
    " best AS (SELECT key, scope, max(n) AS top, sum(n) AS total FROM tally GROUP BY key, scope),"
    " major AS (SELECT t.* FROM tally t JOIN best b USING (key, scope)"
    "  WHERE t.n = b.top AND t.n >= 3 AND t.n >= 2 * (b.total - t.n)"
    "  AND (SELECT count(*) FROM tally u WHERE u.key = t.key AND u.scope = t.scope"
    "   AND u.n = t.n) = 1)"
    " SELECT d.path, s.line, mj.name, mj.shown, mj.n, s.shown"
    " FROM said s JOIN major mj USING (key, scope) JOIN documents d ON d.id = s.doc"
    " WHERE s.value <> mj.value ORDER BY d.path, s.line, s.shown";

static const char links_sql[] =
    "SELECT d.path, c.first_line, c.key, t.path FROM citation_links l"
    " JOIN cited_documents c ON c.id = l.cited_id JOIN documents d ON d.id = l.citing_id"
    " JOIN documents t ON t.id = l.target_id ORDER BY d.path, c.first_line, c.key, t.path";

static const char *text_at(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return s ? s : "";
}

/* Prints the disagreements on a; their count, or -1 on a database error. */
static long check_attribute(const index_db *x, const attribute *a)
{
    char sql[sizeof disagreement_sql + 512];
    snprintf(sql, sizeof sql, disagreement_sql, a->value, a->shown);
    sqlite3_stmt *st = NULL;
    long n = 0;
    int rc = sqlite3_prepare_v2(x->db, sql, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        printf("%s:%d: warning: ", text_at(st, 0), sqlite3_column_int(st, 1));
        printf("%s %s %s in %d documents; this one says %s", text_at(st, 2), a->verb,
               text_at(st, 3), sqlite3_column_int(st, 4), text_at(st, 5));
        printf(" [%s]\n", a->code);
        n++;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        index_db_error(x, "checking the archive");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

static long print_links(const index_db *x)
{
    sqlite3_stmt *st = NULL;
    long n = 0;
    int rc = sqlite3_prepare_v2(x->db, links_sql, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        printf("%s:%d: note: %s is in the archive: %s [archive-link]\n", text_at(st, 0),
               sqlite3_column_int(st, 1), text_at(st, 2), text_at(st, 3));
        n++;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        index_db_error(x, "linking cited documents");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

int index_check(const char *db_path)
{
    index_db x;
    if (!index_db_open(&x, db_path, false))
        return 1;
    long warnings = 0, links;
    bool failed = false;
    for (size_t i = 0; i < sizeof attributes / sizeof attributes[0]; i++) {
        long n = check_attribute(&x, &attributes[i]);
        failed = failed || n < 0;
        warnings += n > 0 ? n : 0;
    }
    links = print_links(&x);
    failed = failed || links < 0;
    index_db_close(&x);
    if (fflush(stdout) != 0) {
        perror("vnplan index: stdout");
        return 1;
    }
    fprintf(stderr, "vnplan index --check: %ld disagreements, %ld citations of archived documents\n",
            warnings, links > 0 ? links : 0);
    return failed ? 1 : 0;
}
