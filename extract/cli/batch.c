/* Batch extraction: many files (or folders, or a list on stdin) over N
 * worker threads. Outputs come out in input order whatever the threads'
 * timing, so a batch is as deterministic as a single run. */
#define _POSIX_C_SOURCE 200809L /* strdup, opendir, pthreads */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct result {
    char *out;        /* the JSON line, or NULL */
    size_t out_len;
    char *diag;       /* diagnostics and errors, formatted */
    size_t records, refs;
    bool failed;
    bool done;
} result;

typedef struct batch {
    const batch_options *o;
    char **files;
    size_t count;
    result *results;
    size_t next;      /* next file to take */
    pthread_mutex_t lock;
    pthread_cond_t done;
} batch;

/* ---- the list of files -------------------------------------------------- */

typedef struct file_list {
    char **items;
    size_t count, cap;
} file_list;

static bool list_add(file_list *l, const char *path)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return false;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count] = strdup(path);
    return l->items[l->count++] != NULL;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's regular files, sorted so a batch is deterministic. */
static bool add_folder(file_list *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    file_list here = {0};
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(n);
        struct stat st;
        if (path) {
            snprintf(path, n, "%s/%s", dir, e->d_name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                list_add(&here, path);
            free(path);
        }
    }
    closedir(d);
    qsort(here.items, here.count, sizeof *here.items, by_name);
    bool ok = true;
    for (size_t i = 0; i < here.count; i++) {
        ok = ok && list_add(l, here.items[i]);
        free(here.items[i]);
    }
    free(here.items);
    return ok;
}

/* Paths from a stream, one per line (what `find` or a job system gives). */
static void add_stream(file_list *l, FILE *f)
{
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0])
            list_add(l, line);
    }
}

static void gather(file_list *l, char **args, int n, bool from_stdin)
{
    if (from_stdin)
        add_stream(l, stdin);
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
            add_folder(l, args[i]);
        else
            list_add(l, args[i]);
    }
}

/* ---- one file ------------------------------------------------------------------ */

static char *format_diagnostics(const vnp_document *doc, const char *name)
{
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    for (size_t i = 0; s && i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = &doc->diagnostics[i];
        size_t need = strlen(name) + strlen(d->message) + strlen(d->code) + 64;
        if (len + need > cap) {
            cap = (len + need) * 2;
            char *t = realloc(s, cap);
            if (!t)
                break;
            s = t;
        }
        len += (size_t)snprintf(s + len, cap - len, "%s:%zu: %s: %s [%s]\n", name, d->line,
                                vnp_severity_string(d->severity), d->message, d->code);
    }
    if (s)
        s[len] = '\0';
    return s;
}

static size_t count_records(const vnp_document *doc)
{
    size_t n = 0;
    for (size_t t = 0; t < doc->table_count; t++)
        n += doc->tables[t].record_count;
    return n;
}

static void extract_file(const batch *b, size_t i, result *r)
{
    const char *name = b->files[i];
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_options opt = b->o->parse;
    if (vnp_parse_file(name, &opt, &doc, &err) != VNP_OK) {
        size_t n = strlen(name) + sizeof err.message + 64;
        r->diag = malloc(n);
        if (r->diag)
            snprintf(r->diag, n, "%s:%zu:%zu: error: %s\n", name, err.line, err.column,
                     err.message);
        r->failed = true;
        return;
    }
    r->records = count_records(doc);
    r->refs = doc->reference_count;
    if (!b->o->quiet)
        r->diag = format_diagnostics(doc, name);
    if (vnp_write_json(doc, VNP_WRITE_COMPACT, &r->out, &r->out_len) != VNP_OK)
        r->failed = true;
    vnp_document_free(doc);
}

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->count)
            return NULL;
        result r = {0};
        extract_file(b, i, &r);
        r.done = true;
        pthread_mutex_lock(&b->lock);
        b->results[i] = r;
        pthread_cond_broadcast(&b->done);
        pthread_mutex_unlock(&b->lock);
    }
}

/* ---- output, in input order ---------------------------------------------------- */

typedef struct totals {
    size_t files, records, refs, errors;
} totals;

static void emit(const batch *b, result *r, totals *t)
{
    if (r->diag)
        fputs(r->diag, stderr);
    if (r->out) {
        fwrite(r->out, 1, r->out_len, stdout); /* the compact JSON ends with a newline */
    }
    t->files++;
    t->records += r->records;
    t->refs += r->refs;
    t->errors += r->failed;
    if (b->o->progress)
        fprintf(stderr, "\r%zu/%zu files, %zu records, %zu references, %zu errors", t->files,
                b->count, t->records, t->refs, t->errors);
    vnp_free(r->out);
    free(r->diag);
    r->out = r->diag = NULL;
}

static void write_in_order(batch *b, totals *t)
{
    for (size_t i = 0; i < b->count; i++) {
        pthread_mutex_lock(&b->lock);
        while (!b->results[i].done)
            pthread_cond_wait(&b->done, &b->lock);
        result r = b->results[i];
        pthread_mutex_unlock(&b->lock);
        emit(b, &r, t);
    }
}

int batch_extract(char **args, int n, const batch_options *o)
{
    file_list l = {0};
    gather(&l, args, n, o->files_from_stdin);
    batch b = {.o = o, .files = l.items, .count = l.count};
    b.results = calloc(l.count ? l.count : 1, sizeof *b.results);
    if (!b.results)
        return 1;
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.done, NULL);
    size_t jobs = o->jobs < 1 ? 1 : o->jobs > 256 ? 256 : o->jobs;
    pthread_t threads[256];
    size_t started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &b) != 0)
            break;
    if (started == 0)
        worker(&b); /* no thread could start: do the work here */
    totals t = {0};
    write_in_order(&b, &t);
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    if (o->progress)
        fputc('\n', stderr);
    fprintf(stderr, "vnplan: %zu files, %zu records, %zu references, %zu errors\n", t.files,
            t.records, t.refs, t.errors);
    for (size_t i = 0; i < l.count; i++)
        free(l.items[i]);
    free(l.items);
    free(b.results);
    pthread_mutex_destroy(&b.lock);
    pthread_cond_destroy(&b.done);
    return t.errors ? 1 : 0;
}
