/* `vnplan report`: reads every input (a folder stands for its files, all
 * the way down, in name order), writes each document's data as it is read
 * (a document is freed before the next is parsed, so an archive is never
 * held whole), and then the page around that data, through the checked
 * output writer: a page that could not be written whole is an error, and
 * the file it would have replaced stays as it was. */
#define _POSIX_C_SOURCE 200809L /* open_memstream, scandir, strdup */
#include "report_cmd.h"

#include "args.h"
#include "guard.h"
#include "output.h"
#include "report_data.h"
#include "report_page.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The files to read, and the folders that could not be read (an error each,
 * in their place among the files). */
typedef struct input_list {
    char **paths;
    int *folder_errno; /* non-zero: paths[i] is a folder that could not be read */
    size_t count, cap;
    bool nomem;
} input_list;

static void add_input(input_list *l, const char *path, int folder_errno)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **paths = realloc(l->paths, cap * sizeof *paths);
        if (paths)
            l->paths = paths;
        int *errs = paths ? realloc(l->folder_errno, cap * sizeof *errs) : NULL;
        if (errs)
            l->folder_errno = errs;
        if (!paths || !errs) {
            l->nomem = true;
            return;
        }
        l->cap = cap;
    }
    l->paths[l->count] = strdup(path);
    if (!l->paths[l->count]) {
        l->nomem = true;
        return;
    }
    l->folder_errno[l->count++] = folder_errno;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name); /* bytes, whatever the locale */
}

static int visible(const struct dirent *e) { return e->d_name[0] != '.'; }

static void add_path(input_list *l, const char *path);

static void add_folder(input_list *l, const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, visible, by_name);
    if (n < 0) {
        add_input(l, dir, errno ? errno : EIO);
        return;
    }
    for (int i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
        char *child = malloc(len);
        if (child) {
            snprintf(child, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                     names[i]->d_name);
            add_path(l, child);
        } else {
            l->nomem = true;
        }
        free(child);
        free(names[i]);
    }
    free(names);
}

/* A folder's files join the list; anything else is a file to read, whose
 * reader says what is wrong with it. */
static void add_path(input_list *l, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        add_folder(l, path);
    else
        add_input(l, path, 0);
}

static void inputs_free(input_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->paths[i]);
    free(l->paths);
    free(l->folder_errno);
}

/* What the run has read: the data, the totals and the failures. */
typedef struct run {
    FILE *data;
    report_totals totals;
    report_failure *failures; /* their messages malloc'd (NULL when out of memory) */
    vnp_document *only;       /* the one document of a run of one input */
} run;

static void fail(run *r, const char *path, const char *message, size_t line,
                 size_t column)
{
    if (line)
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", path, line, column, message);
    else
        fprintf(stderr, "%s: error: %s\n", path, message);
    bool first = r->totals.documents + r->totals.failed == 0;
    r->failures[r->totals.failed] = (report_failure){path, strdup(message), line, column};
    report_data_failure(r->data, path, message, line, column, first, &r->totals);
}

static void read_one(run *r, const input_list *l, size_t k, const vnp_options *opt)
{
    const char *path = l->paths[k];
    if (l->folder_errno[k]) {
        char why[256];
        snprintf(why, sizeof why, "cannot read the folder: %s", strerror(l->folder_errno[k]));
        fail(r, path, why, 0, 0);
        return;
    }
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse_file(strcmp(path, "-") == 0 ? NULL : path, opt, &doc, &err);
    if (st != VNP_OK) {
        fail(r, path, err.message[0] ? err.message : vnp_status_string(st), err.line,
             err.column);
        return;
    }
    bool first = r->totals.documents + r->totals.failed == 0;
    report_data_document(r->data, doc, path, first, &r->totals);
    if (l->count == 1)
        r->only = doc; /* its header heads the page */
    else
        vnp_document_free(doc);
}

/* Writes the page to dest; false (reported) when it could not be written. */
static bool write_page(const char *dest, const run *r, const char *data, size_t n)
{
    output out;
    int e = output_open(&out, dest);
    if (!e) {
        report_head h = {&r->totals, r->only, r->failures, r->totals.failed};
        errno = 0;
        report_page_write(out.f, &h, data, n);
        int write_errno = errno;
        e = output_close(&out, !ferror(out.f), write_errno);
    }
    if (e)
        fprintf(stderr, "vnplan report: error: cannot write %s: %s\n",
                strcmp(dest, "-") == 0 ? "stdout" : dest, strerror(e));
    return !e;
}

/* Reads every input into the data and writes the page. */
static int report_run(const input_list *l, const char *dest, const vnp_options *opt)
{
    run r = {0};
    char *data = NULL;
    size_t n = 0;
    r.failures = calloc(l->count + 1, sizeof *r.failures);
    r.data = r.failures ? open_memstream(&data, &n) : NULL;
    bool ok = r.data != NULL;
    for (size_t k = 0; ok && k < l->count; k++)
        read_one(&r, l, k, opt);
    if (r.data) {
        bool failed = ferror(r.data) != 0;
        ok = fclose(r.data) == 0 && !failed && ok;
    }
    if (!ok)
        fprintf(stderr, "vnplan report: error: out of memory\n");
    else
        ok = write_page(dest, &r, data, n);
    vnp_document_free(r.only);
    free(data);
    for (size_t k = 0; k < r.totals.failed; k++)
        free((char *)r.failures[k].message);
    free(r.failures);
    return !ok || r.totals.failed ? EXIT_FAIL : EXIT_OK;
}

/* The page must not replace one of the files it is made from. */
static bool spares_inputs(const input_list *l, const char *dest)
{
    file_ids ids;
    if (!file_ids_of(&ids, l->paths, l->count))
        return true; /* out of memory: the run fails soon enough on its own */
    const char *hit = file_ids_find_output(&ids, dest);
    if (hit)
        fprintf(stderr, "vnplan report: the output %s is the input %s; nothing was written\n",
                strcmp(dest, "-") == 0 ? "(stdout)" : dest, hit);
    file_ids_free(&ids);
    return !hit;
}

/* The options of extract that say how to read the inputs apply; those that
 * say what to write do not. */
static bool report_args(extract_args *a, int argc, char **argv)
{
    if (!extract_args_parse(a, argc, argv))
        return false;
    if (a->out_dir || a->jsonl || a->xml || a->write_flags || a->jobs > 1) {
        fputs("vnplan report: -d, --format, --jobs, --files-from and --compact do not apply; "
              "the page goes to -o FILE or stdout\n",
              stderr);
        return false;
    }
    if (a->file_count == 0) {
        fputs("vnplan report: no input (give files or folders, or - for stdin)\n", stderr);
        return false;
    }
    return true;
}

int report_main(int argc, char **argv)
{
    extract_args a;
    if (!report_args(&a, argc, argv)) {
        extract_args_free(&a);
        return EXIT_USAGE;
    }
    input_list l = {0};
    for (int i = 0; i < a.file_count && !l.nomem; i++)
        add_path(&l, a.files[i]);
    const char *dest = a.output ? a.output : "-";
    int rc;
    if (l.nomem) {
        fputs("vnplan report: error: out of memory\n", stderr);
        rc = EXIT_FAIL;
    } else {
        rc = spares_inputs(&l, dest) ? report_run(&l, dest, &a.options) : EXIT_USAGE;
    }
    inputs_free(&l);
    extract_args_free(&a);
    return rc;
}
