/* `vnplan check --index DB [FILE...]` (and `vnplan index --check DB`):
 * what no single document can tell. A cited document whose date, issuer
 * or type most of the archive agrees on is flagged where a document says
 * otherwise; a cited document the archive holds itself is named. With
 * files, they are checked against the archive (index_scope.c) and only
 * their findings are shown. Messages go to stdout as
 * `file:line: severity: message [code]`, in file and line order within
 * each check. */
#include "index.h"

#include "fold.h"
#include "index_scope.h"
#include "output.h"

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
    " FROM scope_cited c JOIN scope_documents d ON d.id = c.document_id)"

/* A date as Vietnamese documents write it: 15/7/2021. */
#define DATE_VN(d)                                                                         \
    "CASE length(" d ") WHEN 10 THEN CAST(substr(" d ", 9, 2) AS INTEGER) || '/' ||"       \
    " CAST(substr(" d ", 6, 2) AS INTEGER) || '/' || substr(" d ", 1, 4)"                  \
    " WHEN 7 THEN CAST(substr(" d ", 6, 2) AS INTEGER) || '/' || substr(" d ", 1, 4)"     \
    " ELSE " d " END"

/* The findings shown: of every document (:all is 1), or of the files
 * checked only, whose ids are the negative ones (index_scope.h). */
#define SHOWN_ONLY " AND (:all OR d.id < 0)"

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
    "  FROM cited ci JOIN scope_mentions m ON m.cited_id = ci.id WHERE value IS NOT NULL"
    "  GROUP BY ci.key, ci.scope, ci.doc, value),"
    " tally AS (SELECT key, scope, value, count(*) AS n, min(shown) AS shown, min(name) AS name"
    "  FROM said GROUP BY key, scope, value),"
    " best AS (SELECT key, scope, max(n) AS top, sum(n) AS total FROM tally GROUP BY key, scope),"
    " major AS (SELECT t.* FROM tally t JOIN best b USING (key, scope)"
    "  WHERE t.n = b.top AND t.n >= 3 AND t.n >= 2 * (b.total - t.n)"
    "  AND (SELECT count(*) FROM tally u WHERE u.key = t.key AND u.scope = t.scope"
    "   AND u.n = t.n) = 1)"
    " SELECT d.path, s.line, mj.name, mj.shown, mj.n, s.shown"
    " FROM said s JOIN major mj USING (key, scope) JOIN scope_documents d ON d.id = s.doc"
    " WHERE s.value <> mj.value"
    "  AND substr(s.value, 1, length(mj.value) + 1) <> mj.value || ' '"
    "  AND substr(mj.value, 1, length(s.value) + 1) <> s.value || ' '" SHOWN_ONLY
    " ORDER BY d.path, s.line, s.shown";


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
    "SELECT d.path, c.first_line, c.key, t.path FROM scope_links l"
    " JOIN scope_cited c ON c.id = l.cited_id JOIN scope_documents d ON d.id = l.citing_id"
    " JOIN scope_documents t ON t.id = l.target_id WHERE 1" SHOWN_ONLY
    " ORDER BY d.path, c.first_line, c.key, t.path";

/* A national document the archive holds, cited in the same year with
 * another date: the citation or the copy's own header is wrong. */
static const char copy_date_sql[] =
    "WITH " CITED_WITH_SCOPE
    " SELECT d.path, min(m.line), ci.key, " DATE_VN("t.date") ", t.path, " DATE_VN("m.date")
    " FROM cited ci JOIN scope_mentions m ON m.cited_id = ci.id"
    " JOIN scope_documents d ON d.id = ci.doc"
    " JOIN scope_documents t ON t.key = ci.key AND t.id <> ci.doc"
    " WHERE ci.scope = '' AND length(t.date) = 10 AND length(m.date) = 10 AND t.date <> m.date"
    "  AND substr(t.date, 1, 4) = substr(m.date, 1, 4)" SHOWN_ONLY
    " GROUP BY d.path, ci.key, t.path, m.date ORDER BY d.path, 2, ci.key, t.path";

static const char *text_at(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return s ? s : "";
}

/* What one run shows: every document's findings, or the checked files'. */
typedef struct check_run {
    const index_db *x;
    bool all; /* every document's findings, else the checked files' only */
} check_run;

/* Runs sql and prints each row it gives with print(row, ctx); the number
 * of rows, or -1 on a database error or when stdout failed (reported). */
static long print_rows(const check_run *r, const char *sql,
                       bool (*print)(sqlite3_stmt *, const void *), const void *ctx)
{
    sqlite3_stmt *st = NULL;
    long n = 0;
    int rc = sqlite3_prepare_v2(r->x->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":all"), r->all);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (!print(st, ctx))
            break; /* stdout failed: said once by the writer */
        n++;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK) /* SQLITE_OK: stdout failed */
        index_db_error(r->x, "checking the archive");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

static bool print_disagreement(sqlite3_stmt *st, const void *ctx)
{
    const attribute *a = ctx;
    return output_printf_stdout(
        "vnplan check", "%s:%d: warning: %s %s %s in %d documents; this one says %s [%s]\n",
        text_at(st, 0), sqlite3_column_int(st, 1), text_at(st, 2), a->verb, text_at(st, 3),
        sqlite3_column_int(st, 4), text_at(st, 5), a->code);
}

/* The disagreements on a; their count, or -1 on a failure. */
static long check_attribute(const check_run *r, const attribute *a)
{
    char sql[sizeof disagreement_sql + 512];
    snprintf(sql, sizeof sql, disagreement_sql, a->value, a->shown);
    return print_rows(r, sql, print_disagreement, a);
}

static bool print_copy_date(sqlite3_stmt *st, const void *ctx)
{
    (void)ctx;
    return output_printf_stdout("vnplan check",
                                "%s:%d: warning: %s is dated %s in the archive's copy (%s);"
                                " this one says %s [archive-copy-date]\n",
                                text_at(st, 0), sqlite3_column_int(st, 1), text_at(st, 2),
                                text_at(st, 3), text_at(st, 4), text_at(st, 5));
}

static bool print_link(sqlite3_stmt *st, const void *ctx)
{
    (void)ctx;
    return output_printf_stdout("vnplan check",
                                "%s:%d: note: %s is in the archive: %s [archive-link]\n",
                                text_at(st, 0), sqlite3_column_int(st, 1), text_at(st, 2),
                                text_at(st, 3));
}

static bool add_issuer_key(const index_db *x)
{
    if (sqlite3_create_function(x->db, "vnplan_issuer_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                NULL, sql_issuer_key, NULL, NULL) == SQLITE_OK)
        return true;
    index_db_error(x, "checking the archive");
    return false;
}

/* Every check in turn; false when one failed. */
static bool run_checks(const check_run *r, long *warnings, long *links)
{
    bool failed = false;
    for (size_t i = 0; i < sizeof attributes / sizeof attributes[0]; i++) {
        long n = check_attribute(r, &attributes[i]);
        failed = failed || n < 0;
        *warnings += n > 0 ? n : 0;
    }
    long copies = print_rows(r, copy_date_sql, print_copy_date, NULL);
    failed = failed || copies < 0;
    *warnings += copies > 0 ? copies : 0;
    *links = print_rows(r, links_sql, print_link, NULL);
    failed = failed || *links < 0;
    *links = *links > 0 ? *links : 0;
    return !failed;
}

/* The line on stderr after the findings (left out with -q). */
static void print_summary(const index_counts *c, int count, long warnings, long links)
{
    if (count)
        fprintf(stderr, "vnplan check --index: %zu files (%zu duplicates, %zu errors): ",
                c->files, c->duplicates, c->errors);
    else
        fprintf(stderr, "vnplan check --index: ");
    fprintf(stderr, "%ld disagreements, %ld citations of archived documents\n", warnings, links);
}

int index_check(const char *db_path, char **paths, int count, bool quiet)
{
    index_db x;
    index_counts c = {.quiet = quiet};
    if (!index_scope_open(&x, db_path, paths, count, &c))
        return 1;
    check_run r = {&x, count == 0};
    long warnings = 0, links = 0;
    bool ok = add_issuer_key(&x) && run_checks(&r, &warnings, &links);
    index_db_close(&x);
    index_db_release_log(db_path);
    ok = output_flush_stdout() && ok;
    if (!quiet)
        print_summary(&c, count, warnings, links);
    return ok && !c.errors ? 0 : 1;
}
