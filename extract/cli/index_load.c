/* Loading one document into the index. The rows are made by SQL from
 * the document's JSON with SQLite's JSON functions, so the index follows
 * the output model: a field the model gains (document.issuer,
 * document.province) fills its column where the model has it, and
 * leaves NULL where it has not. */
#include "index_load.h"

#include <stdio.h>
#include <string.h>

/* An ISO date from a {year, month, day} object at `p` of document D. */
#define ISO_DATE(p)                                                                        \
    "CASE WHEN json_extract(D, '" p ".year') IS NULL THEN NULL ELSE"                        \
    " printf('%04d', json_extract(D, '" p ".year'))"                                        \
    " || CASE WHEN json_extract(D, '" p ".month') IS NULL THEN '' ELSE"                     \
    "  printf('-%02d', json_extract(D, '" p ".month'))"                                     \
    "  || CASE WHEN json_extract(D, '" p ".day') IS NULL THEN '' ELSE"                      \
    "   printf('-%02d', json_extract(D, '" p ".day')) END END END"

/* A member that is an object with a name, or a plain string. */
#define NAME_OF(p)                                                                         \
    "CASE json_type(D, '" p "') WHEN 'object' THEN json_extract(D, '" p ".name')"          \
    " WHEN 'text' THEN json_extract(D, '" p "') END"

static const char insert_document[] =
    "INSERT INTO documents(path, sha256, bytes, lines, file_size, file_mtime_ns, type,"
    " type_code, number, symbol, number_year, issuer, issuer_parent, issuer_scope, province,"
    " province_former, place, date, year, title, title_line, period_from, period_to, signer,"
    " signer_title)"
    " SELECT :path, json_extract(:j, '$.source.sha256'), json_extract(:j, '$.source.bytes'),"
    " json_extract(:j, '$.source.lines'), :size, :mtime,"
    " json_extract(D, '$.type'), json_extract(D, '$.type_code'), json_extract(D, '$.number'),"
    " json_extract(D, '$.symbol'), json_extract(D, '$.number_year'), " NAME_OF("$.issuer") ","
    " CASE json_type(D, '$.issuer') WHEN 'object' THEN json_extract(D, '$.issuer.parent') END,"
    " CASE json_type(D, '$.issuer') WHEN 'object' THEN json_extract(D, '$.issuer.scope') END, "
    NAME_OF("$.province") ","
    " CASE json_type(D, '$.province') WHEN 'object' THEN json_extract(D, '$.province.former') END,"
    " json_extract(D, '$.place'), " ISO_DATE("$.date") ", json_extract(D, '$.date.year'),"
    " json_extract(D, '$.title'), json_extract(D, '$.title_line'),"
    " json_extract(D, '$.period.from'), json_extract(D, '$.period.to'),"
    " json_extract(D, '$.signer.name'), json_extract(D, '$.signer.title')"
    " FROM (SELECT json_extract(:j, '$.document') AS D)";

/* The key others cite the document by, built as the library builds
 * cited_documents.key: "76/NQ-CP", "55/2025/NQ-HĐND", "57-NQ/TW". */
static const char set_key[] =
    "UPDATE documents SET key = CASE"
    " WHEN number IS NULL OR symbol IS NULL THEN NULL"
    " WHEN number_year IS NOT NULL THEN number || '/' || number_year || '/' || symbol"
    " WHEN instr(symbol, '/') > 0 THEN number || '-' || symbol"
    " ELSE number || '/' || symbol END WHERE id = :doc";

static const char insert_cited[] =
    "INSERT INTO cited_documents(document_id, key, type, type_code, number, year, symbol, date,"
    " issuer, title, roles, basis, first_line)"
    " SELECT :doc, json_extract(c.value, '$.key'), json_extract(c.value, '$.type'),"
    " json_extract(c.value, '$.type_code'), json_extract(c.value, '$.number'),"
    " json_extract(c.value, '$.year'), json_extract(c.value, '$.symbol'),"
    " json_extract(c.value, '$.date'), json_extract(c.value, '$.issuer'),"
    " json_extract(c.value, '$.title'),"
    " coalesce((SELECT group_concat(r.value, ',') FROM json_each(c.value, '$.roles') r), ''),"
    " EXISTS (SELECT 1 FROM json_each(c.value, '$.roles') r WHERE r.value = 'basis'),"
    " json_extract(c.value, '$.mentions[0]')"
    " FROM json_each(:j, '$.cited_documents') c ORDER BY c.key";

static const char insert_mentions[] =
    "INSERT INTO mentions(document_id, cited_id, line, col, role, type, type_code, number, year,"
    " symbol, symbol_raw, date, issuer, title, text)"
    " SELECT :doc, (SELECT min(c.id) FROM cited_documents c WHERE c.document_id = :doc"
    "  AND c.key = json_extract(r.value, '$.cited')),"
    " json_extract(r.value, '$.line'), json_extract(r.value, '$.column'),"
    " json_extract(r.value, '$.role'), json_extract(r.value, '$.type'),"
    " json_extract(r.value, '$.type_code'), json_extract(r.value, '$.number'),"
    " json_extract(r.value, '$.year'), json_extract(r.value, '$.symbol'),"
    " json_extract(r.value, '$.symbol_raw'), json_extract(r.value, '$.date'),"
    " json_extract(r.value, '$.issuer'), json_extract(r.value, '$.title'),"
    " json_extract(r.value, '$.text')"
    " FROM json_each(:j, '$.references') r ORDER BY r.key";

static const char insert_tables[] =
    "INSERT INTO tables(document_id, idx, title, line, end_line, kind, columns)"
    " SELECT :doc, t.key + 1, json_extract(t.value, '$.title'), json_extract(t.value, '$.line'),"
    " json_extract(t.value, '$.end_line'), json_extract(t.value, '$.kind'),"
    " json_extract(t.value, '$.columns')"
    " FROM json_each(:j, '$.tables') t ORDER BY t.key";

/* The records of each table; `text` is what a person calls the task. */
static const char insert_tasks[] =
    "INSERT INTO tasks(document_id, table_id, seq, kind, number, section, parent, title, line,"
    " text, lead, support, deadline, cells, due_kind, due_start, due_end, due_recurrence,"
    " due_until, due_condition, quantity_value, quantity_unit, quantity_code)"
    " SELECT :doc, tb.id, r.key + 1, json_extract(r.value, '$.kind'),"
    " json_extract(r.value, '$.number'), json_extract(r.value, '$.section'),"
    " json_extract(r.value, '$.parent'), json_extract(r.value, '$.title'),"
    " json_extract(r.value, '$.line'),"
    " coalesce(json_extract(r.value, '$.cells.task'), json_extract(r.value, '$.cells.activity'),"
    "  json_extract(r.value, '$.cells.indicator'), json_extract(r.value, '$.cells.objective'),"
    "  json_extract(r.value, '$.cells.output'), json_extract(r.value, '$.title')),"
    " json_extract(r.value, '$.cells.lead'), json_extract(r.value, '$.cells.support'),"
    " json_extract(r.value, '$.cells.deadline'), coalesce(json_extract(r.value, '$.cells'), '{}'),"
    " json_extract(r.value, '$.due.kind'), json_extract(r.value, '$.due.start'),"
    " json_extract(r.value, '$.due.end'), json_extract(r.value, '$.due.recurrence'),"
    " json_extract(r.value, '$.due.until'), json_extract(r.value, '$.due.condition'),"
    " json_extract(r.value, '$.quantity.value'), json_extract(r.value, '$.quantity.unit'),"
    " json_extract(r.value, '$.quantity.code')"
    " FROM json_each(:j, '$.tables') t"
    " JOIN tables tb ON tb.document_id = :doc AND tb.idx = t.key + 1,"
    " json_each(t.value, '$.records') r ORDER BY t.key, r.key";

static const char insert_agencies[] =
    "INSERT INTO agencies(document_id, task_id, role, seq, name, key, folded)"
    " SELECT :doc, tk.id, ar.key, a.key, json_extract(a.value, '$.name'),"
    " json_extract(a.value, '$.key'), vnplan_fold(json_extract(a.value, '$.name'))"
    " FROM json_each(:j, '$.tables') t"
    " JOIN tables tb ON tb.document_id = :doc AND tb.idx = t.key + 1,"
    " json_each(t.value, '$.records') r"
    " JOIN tasks tk ON tk.table_id = tb.id AND tk.seq = r.key + 1,"
    " json_each(r.value, '$.agencies') ar, json_each(ar.value) a"
    " WHERE ar.key IN ('lead', 'support') ORDER BY t.key, r.key, ar.key, a.key";

static const char insert_diagnostics[] =
    "INSERT INTO diagnostics(document_id, severity, code, line, message)"
    " SELECT :doc, json_extract(v.value, '$.severity'), json_extract(v.value, '$.code'),"
    " json_extract(v.value, '$.line'), json_extract(v.value, '$.message')"
    " FROM json_each(:j, '$.diagnostics') v ORDER BY v.key";

/* What full-text search reads: the title, every record's text, and each
 * agency name once per document (at its first line). */
static const char insert_search[] =
    "INSERT INTO search_items(document_id, kind, item_id, line, text, folded)"
    " SELECT id, 'title', id, title_line, title, vnplan_fold(title) FROM documents"
    "  WHERE id = :doc AND title IS NOT NULL"
    " UNION ALL SELECT document_id, 'task', id, line, text, vnplan_fold(text) FROM tasks"
    "  WHERE document_id = :doc AND text IS NOT NULL"
    " UNION ALL SELECT a.document_id, 'agency', min(a.id), min(t.line), a.name, a.folded"
    "  FROM agencies a JOIN tasks t ON t.id = a.task_id WHERE a.document_id = :doc"
    "  GROUP BY a.name";

typedef struct load_params {
    const index_file *file;
    const char *json;
    size_t len;
    sqlite3_int64 doc;
} load_params;

static void bind_params(sqlite3_stmt *st, const load_params *p)
{
    int k;
    if ((k = sqlite3_bind_parameter_index(st, ":j")) > 0)
        sqlite3_bind_text64(st, k, p->json, p->len, SQLITE_STATIC, SQLITE_UTF8);
    if ((k = sqlite3_bind_parameter_index(st, ":path")) > 0)
        sqlite3_bind_text(st, k, p->file->path, -1, SQLITE_STATIC);
    if ((k = sqlite3_bind_parameter_index(st, ":size")) > 0)
        sqlite3_bind_int64(st, k, p->file->size);
    if ((k = sqlite3_bind_parameter_index(st, ":mtime")) > 0)
        sqlite3_bind_int64(st, k, p->file->mtime_ns);
    if ((k = sqlite3_bind_parameter_index(st, ":doc")) > 0)
        sqlite3_bind_int64(st, k, p->doc);
}

/* Runs one statement with the parameters it names; an SQLite code. */
static int run(const index_db *x, const char *sql, const load_params *p)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(x->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        bind_params(st, p);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

static int insert_all(const index_db *x, load_params *p, sqlite3_int64 replaces)
{
    int rc = SQLITE_OK;
    if (replaces) {
        load_params old = *p;
        old.doc = replaces;
        rc = run(x, "DELETE FROM documents WHERE id = :doc", &old);
    }
    if (rc == SQLITE_OK)
        rc = run(x, insert_document, p);
    if (rc != SQLITE_OK)
        return rc;
    p->doc = sqlite3_last_insert_rowid(x->db);
    static const char *const rows[] = {set_key, insert_cited, insert_mentions, insert_tables,
                                       insert_tasks, insert_agencies, insert_diagnostics,
                                       insert_search};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0] && rc == SQLITE_OK; i++)
        rc = run(x, rows[i], p);
    return rc;
}

int index_load(const index_db *x, const index_file *f, const char *json, size_t len,
               sqlite3_int64 replaces)
{
    load_params p = {f, json, len, 0};
    int rc = sqlite3_exec(x->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = insert_all(x, &p, replaces);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(x->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        char doing[4200];
        snprintf(doing, sizeof doing, "indexing %s", f->path);
        index_db_error(x, doing);
        if (!sqlite3_get_autocommit(x->db))
            sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return rc;
}
