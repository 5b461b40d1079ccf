/* `vnplan index --check DB`: what no single document can tell. A cited
 * document whose date, issuer or type most of the archive agrees on is
 * flagged where a document says otherwise; a cited document the archive
 * holds itself is named. Messages go to stdout as
 * `file:line: severity: message [code]`, in file and line order. */
#include "index.h"

#include "fold.h"
#include "index_db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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
    {"vnplan_issuer_key(m.issuer)", "m.issuer",
     "is issued by", "archive-issuer"},
    {"vnplan_fold(m.type)", "m.type", "is cited as",
     "archive-type"},
};

/* The disagreements on one attribute: per (key, scope), each document's
 * values; the value at least 3 documents state and at least two thirds of
 * the statements agree on, alone at the top; the documents that state
 * another, unless one of the two values only adds words to the other
 * ("UBND tỉnh Bắc Ninh" after "UBND tỉnh"). */
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
    " WHERE s.value <> mj.value AND NOT (s.value LIKE mj.value || ' %%'"
    "  OR mj.value LIKE s.value || ' %%') ORDER BY d.path, s.line, s.shown";

/* The words of an issuer that name the body: folded, the titles of its
 * head dropped ("Bộ trưởng Bộ Tài chính" and "Bộ Tài chính" agree; the
 * minister signs for the ministry), UBND and HĐND spelt out. NULL when
 * only a title is left ("Bộ trưởng"): it names no body to compare. */
static const char *const head_titles[] = {"bo truong", "chu nhiem", "thu truong", "pho chu tich",
                                          "chu tich", "giam doc", "truong ban", NULL};

static const char *skip_titles(const char *s)
{
    for (bool again = true; again;) {
        again = false;
        while (*s == ' ' || *s == ',')
            s++;
        for (size_t i = 0; head_titles[i]; i++) {
            size_t n = strlen(head_titles[i]);
            if (strncmp(s, head_titles[i], n) == 0 && (s[n] == ' ' || s[n] == ',' || !s[n])) {
                s += n;
                again = true;
                break;
            }
        }
    }
    return s;
}

static void sql_issuer_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    char *folded = text ? fold_text(text, (size_t)sqlite3_value_bytes(argv[0])) : NULL;
    const char *body = folded ? skip_titles(folded) : "";
    if (!*body) {
        sqlite3_result_null(ctx);
    } else if (strncmp(body, "ubnd", 4) == 0 || strncmp(body, "hdnd", 4) == 0) {
        char *spelt = sqlite3_mprintf("%s%s", body[0] == 'u' ? "uy ban nhan dan" : "hoi dong nhan dan",
                                      body + 4);
        sqlite3_result_text(ctx, spelt, -1, sqlite3_free);
    } else {
        sqlite3_result_text(ctx, body, -1, SQLITE_TRANSIENT);
    }
    free(folded);
}

static const char links_sql[] =
    "SELECT d.path, c.first_line, c.key, t.path FROM citation_links l"
    " JOIN cited_documents c ON c.id = l.cited_id JOIN documents d ON d.id = l.citing_id"
    " JOIN documents t ON t.id = l.target_id ORDER BY d.path, c.first_line, c.key, t.path";

/* A national document the archive holds, cited in the same year with
 * another date: the citation or the copy's own header is wrong. */
static const char copy_date_sql[] =
    "WITH " CITED_WITH_SCOPE
    " SELECT d.path, min(m.line), ci.key, " DATE_VN("t.date") ", t.path, " DATE_VN("m.date")
    " FROM cited ci JOIN mentions m ON m.cited_id = ci.id JOIN documents d ON d.id = ci.doc"
    " JOIN documents t ON t.key = ci.key AND t.id <> ci.doc"
    " WHERE ci.scope = '' AND length(t.date) = 10 AND length(m.date) = 10 AND t.date <> m.date"
    "  AND substr(t.date, 1, 4) = substr(m.date, 1, 4)"
    " GROUP BY d.path, ci.key, t.path, m.date ORDER BY d.path, 2, ci.key, t.path";

static const char *text_at(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return s ? s : "";
}

/* Runs sql and prints each row it gives with print(row, ctx); the number
 * of rows, or -1 on a database error (reported as failing `what`). */
static long print_rows(const index_db *x, const char *sql, const char *what,
                       void (*print)(sqlite3_stmt *, const void *), const void *ctx)
{
    sqlite3_stmt *st = NULL;
    long n = 0;
    int rc = sqlite3_prepare_v2(x->db, sql, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        print(st, ctx);
        n++;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        index_db_error(x, what);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

static void print_disagreement(sqlite3_stmt *st, const void *ctx)
{
    const attribute *a = ctx;
    printf("%s:%d: warning: %s %s %s in %d documents; this one says %s [%s]\n", text_at(st, 0),
           sqlite3_column_int(st, 1), text_at(st, 2), a->verb, text_at(st, 3),
           sqlite3_column_int(st, 4), text_at(st, 5), a->code);
}

/* The disagreements on a; their count, or -1 on a database error. */
static long check_attribute(const index_db *x, const attribute *a)
{
    char sql[sizeof disagreement_sql + 512];
    snprintf(sql, sizeof sql, disagreement_sql, a->value, a->shown);
    return print_rows(x, sql, "checking the archive", print_disagreement, a);
}

static void print_copy_date(sqlite3_stmt *st, const void *ctx)
{
    (void)ctx;
    printf("%s:%d: warning: %s is dated %s in the archive's copy (%s); this one says %s"
           " [archive-copy-date]\n",
           text_at(st, 0), sqlite3_column_int(st, 1), text_at(st, 2), text_at(st, 3),
           text_at(st, 4), text_at(st, 5));
}

static void print_link(sqlite3_stmt *st, const void *ctx)
{
    (void)ctx;
    printf("%s:%d: note: %s is in the archive: %s [archive-link]\n", text_at(st, 0),
           sqlite3_column_int(st, 1), text_at(st, 2), text_at(st, 3));
}

int index_check(const char *db_path)
{
    index_db x;
    if (!index_db_open(&x, db_path, false))
        return 1;
    if (sqlite3_create_function(x.db, "vnplan_issuer_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                NULL, sql_issuer_key, NULL, NULL) != SQLITE_OK) {
        index_db_error(&x, "checking the archive");
        index_db_close(&x);
        return 1;
    }
    long warnings = 0, links;
    bool failed = false;
    for (size_t i = 0; i < sizeof attributes / sizeof attributes[0]; i++) {
        long n = check_attribute(&x, &attributes[i]);
        failed = failed || n < 0;
        warnings += n > 0 ? n : 0;
    }
    long copies = print_rows(&x, copy_date_sql, "checking the archive", print_copy_date, NULL);
    failed = failed || copies < 0;
    warnings += copies > 0 ? copies : 0;
    links = print_rows(&x, links_sql, "linking cited documents", print_link, NULL);
    failed = failed || links < 0;
    index_db_close(&x);
    if (fflush(stdout) != 0 || ferror(stdout)) { /* a write that failed earlier */
        perror("vnplan index: stdout");
        return 1;
    }
    fprintf(stderr, "vnplan index --check: %ld disagreements, %ld citations of archived documents\n",
            warnings, links > 0 ? links : 0);
    return failed ? 1 : 0;
}
