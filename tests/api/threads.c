/* Thread safety: the documents given (files, or the files of folders) are
 * parsed and written once in one thread; then THREADS threads at once, for
 * ROUNDS rounds, each parse every document again (each thread in its own
 * order, half of them through an allocator of their own) and write it as
 * JSON and XML, and also write the documents of the first pass, which all
 * threads share. Every output must be byte-identical to the first pass.
 * Built with ThreadSanitizer (make tsan), a data race is a report and a
 * failure too.
 * usage: threads [--threads N] [--rounds N] PATH...
 * Exit 0 when every output matched, 1 otherwise, 2 for a usage error. */
#define _DEFAULT_SOURCE /* DT_REG, DT_UNKNOWN */
#include "vnplan.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FILES = 4096 };

typedef struct expected {
    char *path;
    vnp_document *doc; /* of the first pass, shared by the threads */
    char *json, *xml;
    size_t json_len, xml_len;
} expected;

static expected files[MAX_FILES];
static size_t file_count;
static int rounds = 3;
static atomic_size_t mismatches, checked;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const expected *)a)->path, ((const expected *)b)->path);
}

static bool add_file(const char *path)
{
    if (file_count == MAX_FILES)
        return false;
    files[file_count++].path = strdup(path);
    return true;
}

/* A folder's regular files, or the path itself. */
static bool add_path(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return add_file(path);
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || (e->d_type != DT_REG && e->d_type != DT_UNKNOWN))
            continue;
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        ok = add_file(full);
    }
    closedir(d);
    return ok;
}

/* ---- a per-thread allocator ------------------------------------------------ */

typedef struct counter {
    long live;
    size_t calls;
} counter;

static void *count_malloc(void *ctx, size_t size)
{
    counter *c = ctx;
    c->calls++;
    void *p = malloc(size);
    c->live += p != NULL;
    return p;
}

static void *count_realloc(void *ctx, void *p, size_t old_size, size_t size)
{
    (void)old_size;
    ((counter *)ctx)->calls++;
    return realloc(p, size);
}

static void count_free(void *ctx, void *p)
{
    ((counter *)ctx)->live--;
    free(p);
}

/* ---- one check --------------------------------------------------------- */

static void compare(const expected *e, const char *what, const char *got, size_t got_len,
                    const char *want, size_t want_len)
{
    atomic_fetch_add(&checked, 1);
    if (got && got_len == want_len && memcmp(got, want, want_len) == 0)
        return;
    if (atomic_fetch_add(&mismatches, 1) < 10)
        fprintf(stderr, "%s: %s differs from the single-threaded output\n", e->path, what);
}

/* Writes doc both ways and compares; the buffers are freed with release. */
static void write_and_compare(const expected *e, const vnp_document *doc,
                              void (*release)(void *ctx, void *p), void *ctx)
{
    char *json = NULL, *xml = NULL;
    size_t json_len = 0, xml_len = 0;
    vnp_status a = vnp_write_json(doc, 0, &json, &json_len);
    vnp_status b = vnp_write_xml(doc, 0, &xml, &xml_len);
    compare(e, "JSON", a == VNP_OK ? json : NULL, json_len, e->json, e->json_len);
    compare(e, "XML", b == VNP_OK ? xml : NULL, xml_len, e->xml, e->xml_len);
    if (json)
        release(ctx, json);
    if (xml)
        release(ctx, xml);
}

static void plain_free(void *ctx, void *p)
{
    (void)ctx;
    vnp_free(p);
}

static void parse_and_compare(const expected *e, bool own_allocator)
{
    counter c = {0};
    vnp_allocator a = {count_malloc, count_realloc, count_free, &c};
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.allocator = own_allocator ? &a : NULL;
    vnp_document *doc = NULL;
    vnp_error err;
    if (vnp_parse_file(e->path, &opt, &doc, &err) != VNP_OK) {
        atomic_fetch_add(&mismatches, 1);
        fprintf(stderr, "%s: %s\n", e->path, err.message);
        return;
    }
    write_and_compare(e, doc, own_allocator ? count_free : plain_free, &c);
    vnp_document_free(doc);
    if (own_allocator && (c.live != 0 || c.calls == 0)) {
        atomic_fetch_add(&mismatches, 1);
        fprintf(stderr, "%s: %ld block(s) of the thread's allocator not given back\n", e->path,
                c.live);
    }
}

static void *worker(void *arg)
{
    size_t t = (size_t)arg;
    for (int r = 0; r < rounds; r++)
        for (size_t k = 0; k < file_count; k++) {
            /* each thread starts elsewhere and walks its own stride */
            size_t i = (t * 7 + k * (2 * t + 1) + (size_t)r) % file_count;
            parse_and_compare(&files[i], (t + (size_t)r) % 2 == 1);
            write_and_compare(&files[(i + t) % file_count],
                              files[(i + t) % file_count].doc, plain_free, NULL);
        }
    return NULL;
}

static bool first_pass(void)
{
    for (size_t i = 0; i < file_count; i++) {
        expected *e = &files[i];
        vnp_error err;
        if (vnp_parse_file(e->path, NULL, &e->doc, &err) != VNP_OK ||
            vnp_write_json(e->doc, 0, &e->json, &e->json_len) != VNP_OK ||
            vnp_write_xml(e->doc, 0, &e->xml, &e->xml_len) != VNP_OK) {
            fprintf(stderr, "%s: cannot be read or written alone: %s\n", e->path, err.message);
            return false;
        }
    }
    return true;
}

static int usage(void)
{
    fprintf(stderr, "usage: threads [--threads N] [--rounds N] PATH...\n");
    return 2;
}

int main(int argc, char **argv)
{
    int threads = 8;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!add_path(argv[i]))
            return usage();
    }
    if (file_count == 0 || threads < 1 || threads > 256 || rounds < 1)
        return usage();
    qsort(files, file_count, sizeof *files, by_path);
    if (!first_pass())
        return 1;
    pthread_t tid[256];
    for (int t = 0; t < threads; t++)
        if (pthread_create(&tid[t], NULL, worker, (void *)(size_t)t) != 0) {
            fprintf(stderr, "threads: cannot start thread %d\n", t);
            return 1;
        }
    for (int t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    for (size_t i = 0; i < file_count; i++) {
        vnp_document_free(files[i].doc);
        vnp_free(files[i].json);
        vnp_free(files[i].xml);
        free(files[i].path);
    }
    size_t bad = atomic_load(&mismatches);
    printf("%zu documents, %d threads, %d rounds: %zu outputs compared, %zu differ\n", file_count,
           threads, rounds, atomic_load(&checked), bad);
    return bad ? 1 : 0;
}
