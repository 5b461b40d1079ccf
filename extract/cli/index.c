/* `vnplan index DB PATH...`: every file (folders give their files, sorted,
 * recursively) parsed and stored as rows, one transaction per document.
 * A file already indexed is skipped: with the size and modification time
 * it had, without being read; else after reading, when its sha256 is the
 * indexed one. A changed file replaces its rows. With --prune, the
 * documents whose files the run did not see are removed afterwards, in
 * one transaction (index_prune.c). */
#define _POSIX_C_SOURCE 200809L /* scandir, st_mtim */
#include "index.h"

#include "index_db.h"
#include "index_load.h"
#include "index_prune.h"
#include "vnplan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef index_counts run_counts;

/* The row a path has, if any. */
typedef struct indexed_row {
    sqlite3_int64 id, size, mtime_ns;
    char sha256[65];
} indexed_row;

static bool find_by(const index_db *x, const char *sql, const char *value, indexed_row *row,
                    char *path_out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(x->db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            found = true;
            row->id = sqlite3_column_int64(st, 0);
            snprintf(row->sha256, sizeof row->sha256, "%s",
                     (const char *)sqlite3_column_text(st, 1));
            row->size = sqlite3_column_int64(st, 2);
            row->mtime_ns = sqlite3_column_int64(st, 3);
            if (path_out)
                snprintf(path_out, cap, "%s", (const char *)sqlite3_column_text(st, 4));
        }
    }
    sqlite3_finalize(st);
    return found;
}

static const char by_path[] =
    "SELECT id, sha256, file_size, file_mtime_ns, path FROM documents WHERE path = ?";
static const char by_sha[] =
    "SELECT id, sha256, file_size, file_mtime_ns, path FROM documents WHERE sha256 = ?";

/* The same content read again: the row remembers the file's new stat. */
static int touch(const index_db *x, const indexed_row *row, const index_file *f)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        x->db, "UPDATE documents SET file_size = ?, file_mtime_ns = ? WHERE id = ?", -1, &st,
        NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, f->size);
        sqlite3_bind_int64(st, 2, f->mtime_ns);
        sqlite3_bind_int64(st, 3, row->id);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(x->db);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        index_db_error(x, f->path);
    return rc;
}

static void parse_failed(const char *path, vnp_status st, const vnp_error *err)
{
    if (err->line)
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", path, err->line, err->column, err->message);
    else
        fprintf(stderr, "%s: error: %s\n", path,
                err->message[0] ? err->message : vnp_status_string(st));
}

/* Parses the file and stores it unless its content is indexed already. */
static void index_parsed(const index_db *x, const index_file *f, const indexed_row *old,
                         bool had_row, run_counts *c)
{
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse_file(f->path, NULL, &doc, &err);
    if (st != VNP_OK) {
        parse_failed(f->path, st, &err);
        c->errors++;
        return;
    }
    indexed_row same;
    char same_path[4096] = "";
    int rc = SQLITE_OK;
    if (had_row && strcmp(old->sha256, doc->source_sha256) == 0) {
        rc = touch(x, old, f);
        c->unchanged++;
    } else if (find_by(x, by_sha, doc->source_sha256, &same, same_path, sizeof same_path)) {
        if (!c->quiet)
            fprintf(stderr, "%s: note: same content as %s, indexed once\n", f->path, same_path);
        c->duplicates++;
        /* the path's old content is gone; its new content is indexed under same_path */
        if (had_row)
            rc = index_drop(x, old->id, f->path);
        if (rc == SQLITE_OK && c->prune)
            rc = index_seen_copy(x, f, same.id);
    } else {
        char *json = NULL;
        size_t len = 0;
        st = vnp_write_json(doc, VNP_WRITE_COMPACT, &json, &len);
        if (st != VNP_OK) {
            fprintf(stderr, "%s: error: %s\n", f->path, vnp_status_string(st));
            c->errors++;
        } else if ((rc = index_load(x, f, json, len, had_row ? old->id : 0)) == SQLITE_OK) {
            had_row ? c->replaced++ : c->indexed++;
        } else {
            c->errors++;
        }
        vnp_free(json);
    }
    c->fatal = c->fatal || (rc != SQLITE_OK && index_db_fatal(rc));
    vnp_document_free(doc);
}

static void index_file_at(const index_db *x, const char *path, const struct stat *sb,
                          run_counts *c)
{
    index_file f = {path, (sqlite3_int64)sb->st_size,
                    (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec};
    indexed_row old;
    bool had_row = find_by(x, by_path, path, &old, NULL, 0);
    c->files++;
    if (c->prune && index_seen(x, path) != SQLITE_OK) {
        c->fatal = true;
        return;
    }
    if (had_row && old.size == f.size && old.mtime_ns == f.mtime_ns) {
        c->unchanged++;
        return;
    }
    index_parsed(x, &f, &old, had_row, c);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name); /* bytes, whatever the locale */
}

static int visible(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static void index_path(const index_db *x, const char *path, run_counts *c);

/* A folder's files and folders in name order, so two runs agree. */
static void index_folder(const index_db *x, const char *dir, run_counts *c)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, visible, by_name);
    if (n < 0) {
        fprintf(stderr, "%s: error: cannot read the folder: %s\n", dir, strerror(errno));
        c->errors++;
        c->unseen++;
        return;
    }
    for (int i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
        char *child = malloc(len);
        if (child && !c->fatal) {
            snprintf(child, len, "%s/%s", dir, names[i]->d_name);
            index_path(x, child, c);
        } else if (!child) {
            fprintf(stderr, "%s: error: out of memory\n", dir);
            c->errors++;
        }
        free(child);
        free(names[i]);
    }
    free(names);
}

static void index_path(const index_db *x, const char *path, run_counts *c)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        c->errors++;
        c->unseen++;
    } else if (S_ISDIR(sb.st_mode)) {
        index_folder(x, path, c);
    } else {
        index_file_at(x, path, &sb, c);
    }
}

void index_paths(const index_db *x, char **paths, int count, index_counts *c)
{
    for (int i = 0; i < count && !c->fatal; i++)
        index_path(x, paths[i], c);
}

static int build(const char *db_path, char **paths, int count, bool quiet, bool prune)
{
    index_db x;
    if (!index_db_open(&x, db_path, true))
        return EXIT_FAIL;
    run_counts c = {.quiet = quiet, .prune = prune};
    if (prune && !index_seen_begin(&x))
        c.fatal = true;
    index_paths(&x, paths, count, &c);
    const char *pruned = "";
    if (prune && !c.fatal)
        pruned = c.unseen ? "; nothing pruned: a path or folder could not be read"
                          : index_prune(&x, &c) ? "" : "; nothing pruned: the database refused it";
    index_db_close(&x);
    char removed[48] = "";
    if (prune)
        snprintf(removed, sizeof removed, ", %zu pruned", c.pruned);
    fprintf(stderr,
            "vnplan index: %zu files: %zu indexed, %zu replaced, %zu unchanged, %zu duplicates,"
            " %zu errors%s%s%s\n",
            c.files, c.indexed, c.replaced, c.unchanged, c.duplicates, c.errors, removed,
            c.fatal ? "; stopped: the database refused a write" : "", pruned);
    return c.errors || c.fatal || *pruned ? EXIT_FAIL : EXIT_OK;
}

static void usage(void)
{
    fputs("usage: vnplan index [-q] [--prune] DB PATH...  index files and folders into DB\n"
          "                                          (SQLite); --prune removes the documents\n"
          "                                          whose files are no longer under PATH\n"
          "       vnplan index --search DB WORD...   titles, tasks and agencies holding every\n"
          "                                          word, with or without tone marks\n"
          "       vnplan index --check DB            the corpus checks (vnplan check --index DB)\n",
          stderr);
}

int index_main(int argc, char **argv)
{
    int i = 2;
    bool quiet = false, prune = false;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            quiet = true;
        else if (strcmp(argv[i], "--prune") == 0)
            prune = true;
        else
            break;
    }
    if (i < argc && strcmp(argv[i], "--check") == 0 && argc == i + 2 && !prune)
        return index_check(argv[i + 1], NULL, 0, quiet);
    if (i < argc && strcmp(argv[i], "--search") == 0 && argc >= i + 3 && !prune)
        return index_search(argv[i + 1], argv + i + 2, argc - i - 2);
    if (argc - i < 2 || argv[i][0] == '-') {
        usage();
        return EXIT_USAGE;
    }
    return build(argv[i], argv + i + 1, argc - i - 1, quiet, prune);
}
