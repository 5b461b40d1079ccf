/* Batch extraction: many files (or folders, or a list on stdin) over N
 * worker threads. Outputs come out in input order whatever the threads'
 * timing, so a batch is as deterministic as a single run. */
#define _POSIX_C_SOURCE 200809L /* strdup, opendir, getline, pthreads */
#include "batch.h"

#include "output.h"

#include <dirent.h>
#include <malloc.h>
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
    bool emitted;     /* written by its worker (it was the document's turn) */
} result;

typedef struct totals {
    size_t files, records, refs, errors;
} totals;

typedef struct batch {
    const batch_options *o;
    bool stdout_is_file; /* stdout is a regular file: an input must not be it */
    struct stat stdout_st;
    char **files;
    size_t count;
    result *results;
    size_t next;      /* next file to take */
    /* The next document to write: its results may be written only by the
     * one thread that sees its turn come (its worker, as it finishes, or
     * the writer of the buffered lines), so lines and totals go in order. */
    size_t turn;
    totals t;
    pthread_mutex_t lock;
    pthread_cond_t done; /* a result is done; only write_in_order waits for it */
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

/* A folder's regular files, sorted so a batch is deterministic. A folder
 * that cannot be read is an error (errno), not an empty folder. */
static bool add_folder(file_list *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    file_list here = {0};
    for (struct dirent *e; (errno = 0, e = readdir(d)) != NULL;) {
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
    int read_errno = errno;
    closedir(d);
    qsort(here.items, here.count, sizeof *here.items, by_name);
    bool ok = read_errno == 0;
    for (size_t i = 0; i < here.count; i++) {
        ok = ok && list_add(l, here.items[i]);
        free(here.items[i]);
    }
    free(here.items);
    errno = read_errno ? read_errno : errno;
    return ok;
}

/* Paths from a stream, one per line (what `find` or a job system gives),
 * of any length. false when the stream could not be read. */
static bool add_stream(file_list *l, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0])
            list_add(l, line);
    }
    free(line);
    return !ferror(f);
}

/* The files to do; returns how many arguments (or the list on stdin) could
 * not be read, each reported. */
static size_t gather(file_list *l, char **args, int n, bool from_stdin)
{
    size_t errors = 0;
    if (from_stdin && !add_stream(l, stdin)) {
        fprintf(stderr, "vnplan: error: cannot read the file list on stdin: %s\n",
                strerror(errno));
        errors++;
    }
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            list_add(l, args[i]);
        } else if (!add_folder(l, args[i])) {
            fprintf(stderr, "%s: error: cannot read the folder: %s\n", args[i], strerror(errno));
            errors++;
        }
    }
    return errors;
}

/* ---- one file ------------------------------------------------------------------ */

static char *format_diagnostics(const vnp_document *doc, const char *name)
{
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    for (size_t i = 0; s && i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = vnp_document_diagnostic(doc, i);
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
        n += vnp_document_table(doc, t)->record_count;
    return n;
}

static char *format_error(const char *name, const char *message)
{
    size_t n = strlen(name) + strlen(message) + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s: error: %s\n", name, message);
    return s;
}

/* The output file as an input would be read while it is being written. */
static bool is_stdout(const batch *b, const char *name)
{
    struct stat st;
    return b->stdout_is_file && stat(name, &st) == 0 && st.st_dev == b->stdout_st.st_dev &&
           st.st_ino == b->stdout_st.st_ino;
}

/* Parses file i; the document is left in *out for its line to be written. */
static void extract_file(const batch *b, size_t i, result *r, vnp_document **out)
{
    const char *name = b->files[i];
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_options opt = b->o->parse;
    if (is_stdout(b, name)) {
        r->diag = format_error(name, "this file is the output (stdout); left out");
        r->failed = true;
        return;
    }
    if (vnp_parse_file(name, &opt, &doc, &err) != VNP_OK) {
        size_t n = strlen(name) + sizeof err.message + 64;
        r->diag = malloc(n);
        if (r->diag && err.line)
            snprintf(r->diag, n, "%s:%zu:%zu: error: %s\n", name, err.line, err.column,
                     err.message);
        else if (r->diag)
            snprintf(r->diag, n, "%s: error: %s\n", name, err.message);
        r->failed = true;
        return;
    }
    r->records = count_records(doc);
    r->refs = doc->reference_count;
    if (!b->o->quiet)
        r->diag = format_diagnostics(doc, name);
    *out = doc;
}

static void emit(batch *b, size_t i, result *r, const vnp_document *doc);

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
        vnp_document *doc = NULL;
        extract_file(b, i, &r, &doc);
        pthread_mutex_lock(&b->lock);
        bool turn = b->turn == i;
        pthread_mutex_unlock(&b->lock);
        if (turn) { /* the line goes out as it is made: the document's JSON is never held */
            emit(b, i, &r, doc);
            r.emitted = true;
        } else if (doc && vnp_write_json(doc, VNP_WRITE_COMPACT, &r.out, &r.out_len) != VNP_OK) {
            r.failed = true;
        }
        vnp_document_free(doc);
        r.done = true;
        pthread_mutex_lock(&b->lock);
        b->results[i] = r;
        if (r.emitted)
            b->turn = i + 1;
        /* the writer of the buffered lines is the one thread that waits */
        pthread_cond_signal(&b->done);
        pthread_mutex_unlock(&b->lock);
    }
}

/* ---- output, in input order ---------------------------------------------------- */

/* One document's line, flushed so that a failure is the failure of this
 * document (and a job runner gets whole lines); once stdout failed, no
 * later line is written, and each counts as an error. */
static bool write_line(const result *r, const char *name)
{
    return output_write_stdout(r->out, r->out_len, name);
}

/* Document i's diagnostics, line (from doc as it is written, or the line
 * buffered) and totals; only the thread whose turn it is calls this. */
static void emit(batch *b, size_t i, result *r, const vnp_document *doc)
{
    totals *t = &b->t;
    if (r->diag)
        fputs(r->diag, stderr);
    bool written = doc ? output_write_json_stdout(doc, b->files[i])
                       : r->out && write_line(r, b->files[i]); /* the line ends with a newline */
    t->files++;
    t->records += r->records;
    t->refs += r->refs;
    t->errors += r->failed || !written;
    if (b->o->progress)
        fprintf(stderr, "\r%zu/%zu files, %zu records, %zu references, %zu errors", t->files,
                b->count, t->records, t->refs, t->errors);
    vnp_free(r->out);
    free(r->diag);
    r->out = r->diag = NULL;
}

/* The lines the workers buffered (their document finished before its
 * turn), each when its turn comes. */
static void write_in_order(batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        pthread_mutex_lock(&b->lock);
        while (!b->results[i].done)
            pthread_cond_wait(&b->done, &b->lock);
        result r = b->results[i];
        pthread_mutex_unlock(&b->lock);
        if (r.emitted)
            continue;
        emit(b, i, &r, NULL);
        pthread_mutex_lock(&b->lock);
        b->turn = i + 1; /* read by the workers as they finish: none waits for it */
        pthread_mutex_unlock(&b->lock);
    }
}

/* A batch frees a document's heap and grows it again for the next: with
 * glibc's default padding each growth and each trim is a brk call, and
 * every page given back faults in anew (1,300 faults and 150 brk calls
 * for 301 documents, against 900 and 6 with a megabyte of padding). One
 * document gains nothing from it, and would keep up to the padding of
 * freed pages resident at its peak: it is set for two files or more. */
void grow_heap_in_steps(void)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD)
    (void)mallopt(M_TOP_PAD, 1024 * 1024);
#endif
}

int batch_extract(char **args, int n, const batch_options *o)
{
    file_list l = {0};
    size_t unread = gather(&l, args, n, o->files_from_stdin);
    batch b = {.o = o, .files = l.items, .count = l.count};
    if (l.count > 1)
        grow_heap_in_steps();
    b.stdout_is_file = fstat(STDOUT_FILENO, &b.stdout_st) == 0 && S_ISREG(b.stdout_st.st_mode);
    b.results = calloc(l.count ? l.count : 1, sizeof *b.results);
    if (!b.results)
        return 1;
    output_buffer_stdout_lines();
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.done, NULL);
    b.t.errors = unread; /* before any worker can write its totals */
    size_t jobs = o->jobs < 1 ? 1 : o->jobs > 256 ? 256 : o->jobs;
    pthread_t threads[256];
    size_t started = 0;
    /* One job is done here: a worker thread would hand each document's
     * turn to this one, two wake-ups of a waiting thread a document. */
    for (; jobs > 1 && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &b) != 0)
            break;
    if (started == 0)
        worker(&b); /* one job, or no thread could start: the work is done here */
    write_in_order(&b);
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    if (o->progress)
        fputc('\n', stderr);
    totals t = b.t;
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
