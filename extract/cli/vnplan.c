/* vnplan command line: calls only the public API of libvnplan. */
#define _XOPEN_SOURCE 700 /* stat, mkdir */
#include "args.h"
#include "batch.h"
#include "guard.h"
#include "output.h"
#include "index.h"
#include "report.h"
#include "report_cmd.h"
#include "vnplan.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static void usage(FILE *f)
{
    fputs("usage: vnplan extract [options] [FILE...]   (stdin when no FILE)\n"
          "       vnplan refs [--bases] [--format table|csv|json] FILE...\n"
          "       vnplan check FILE...   (exit 1 when a check finds an error)\n"
          "       vnplan check [-q] --index DB [FILE...]   FILE (else the whole archive DB)\n"
          "                              against what the archive says of the documents cited\n"
          "       vnplan tasks [--format table|csv|tsv|json] FILE...\n"
          "       vnplan index [-q] [--prune] DB PATH...   index files and folders into DB\n"
          "                              (SQLite); --prune drops what is no longer under PATH\n"
          "       vnplan index --search DB WORD...   titles, tasks and agencies with every word\n"
          "       vnplan report [-o report.html] FILE|FOLDER...   (one HTML page)\n"
          "options:\n"
          "  --format json|xml|both|jsonl|akn  output format (default json); jsonl\n"
          "                          writes one compact document per line, in input\n"
          "                          order; akn is Akoma Ntoso 3.0 XML\n"
          "  --jobs N                N worker threads (with jsonl); FILE may be a folder\n"
          "  --files-from -          read input paths from stdin, one per line (jsonl)\n"
          "  -o FILE                 write the output to FILE (one input)\n"
          "  -d DIR                  write DIR/<name>.json and/or .xml (.akn.xml) per input,\n"
          "                          and print a one-line summary per document\n"
          "  --compact               no indentation\n"
          "  --replace-invalid       invalid UTF-8 becomes U+FFFD (with a warning)\n"
          "  --encoding NAME         read text as NAME: UTF-8, TCVN3, VNI, VISCII, VPS,\n"
          "                          CP1258 (default auto: detected)\n"
          "  --input-format F        auto (default: told by the bytes), text, docx, doc,\n"
          "                          html or pdf\n"
          "  --grammars DIR          read grammar and lexicon files from DIR first\n"
          "  -q                      do not print diagnostics\n"
          "  --version               print the version\n",
          f);
}

static void print_diagnostics(FILE *f, const vnp_document *doc, const char *name)
{
    for (size_t i = 0; i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = vnp_document_diagnostic(doc, i);
        fprintf(f, "%s:%zu: %s: %s [%s]\n", name, d->line, vnp_severity_string(d->severity),
                d->message, d->code);
    }
}

static void print_summary(const vnp_document *doc, const char *name)
{
    printf("%s: %s%s%s, %zu lines, %zu headings, %zu bases, %zu annexes, signer %s, "
           "%zu diagnostics\n",
           path_base_name(name), doc->type ? doc->type : "(no type)",
           doc->title ? " - " : "", doc->title ? doc->title : "", doc->line_count,
           doc->outline_count, doc->preamble_count, doc->annex_count,
           doc->signer.name ? doc->signer.name : "(none)", doc->diagnostic_count);
}

/* The formats a run can write, and the extension of each under -d. */
typedef enum output_format { OUT_JSON, OUT_XML, OUT_AKN, OUT_FORMATS } output_format;

static const char *const format_extension[OUT_FORMATS] = {"json", "xml", "akn.xml"};

static bool writes_format(const extract_args *c, output_format f)
{
    return f == OUT_JSON ? c->json : f == OUT_XML ? c->xml : c->akn;
}

/* Where one format of doc goes: "-" for stdout, or a file (malloc'd in
 * *owned when it is made from -d). */
static const char *destination(const extract_args *c, const char *name, output_format f,
                               char **owned)
{
    *owned = NULL;
    if (!c->out_dir)
        return c->output ? c->output : "-";
    size_t n = strlen(c->out_dir) + strlen(path_base_name(name)) + 12;
    *owned = malloc(n);
    if (*owned)
        snprintf(*owned, n, "%s/%s.%s", c->out_dir, path_base_name(name), format_extension[f]);
    return *owned;
}

static vnp_status write_format(const vnp_document *doc, output_format f, unsigned flags,
                               FILE *out)
{
    return f == OUT_XML   ? vnp_write_xml_file(doc, flags, out)
           : f == OUT_AKN ? vnp_write_akn_file(doc, flags, out)
                          : vnp_write_json_file(doc, flags, out);
}

/* Writes one format of doc as it is made, so a large output is never held
 * whole. */
static int emit(const extract_args *c, const vnp_document *doc, const char *name,
                output_format f)
{
    char *owned;
    const char *dest = destination(c, name, f, &owned);
    if (!dest) {
        fprintf(stderr, "%s: error: out of memory\n", name);
        return EXIT_INPUT;
    }
    output out;
    int e = output_open(&out, dest);
    if (!e) {
        errno = 0;
        vnp_status st = write_format(doc, f, c->write_flags, out.f);
        int write_errno = st == VNP_ERR_NOMEM ? ENOMEM : errno;
        e = output_close(&out, st == VNP_OK, write_errno);
    }
    if (e)
        fprintf(stderr, "%s: error: cannot write: %s (writing %s)\n", name, strerror(e),
                strcmp(dest, "-") == 0 ? "stdout" : dest);
    free(owned);
    return e ? EXIT_INPUT : EXIT_OK;
}

static void print_parse_error(const char *name, vnp_status st, const vnp_error *err)
{
    if (err->line)
        fprintf(stderr, "%s:%zu:%zu: error: %s\n", name, err->line, err->column, err->message);
    else
        fprintf(stderr, "%s: error: %s\n", name,
                err->message[0] ? err->message : vnp_status_string(st));
}

static int extract_one(const extract_args *c, const char *path)
{
    const char *name = path ? path : "-";
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse_file(path, &c->options, &doc, &err);
    if (st != VNP_OK) {
        print_parse_error(name, st, &err);
        return EXIT_INPUT;
    }
    if (!c->quiet)
        print_diagnostics(stderr, doc, name);
    int rc = EXIT_OK;
    for (int f = OUT_JSON; f < OUT_FORMATS; f++)
        if (writes_format(c, (output_format)f))
            rc |= emit(c, doc, name, (output_format)f);
    if (c->out_dir)
        print_summary(doc, name);
    vnp_document_free(doc);
    return rc;
}

/* Every output of the run against every input: an output that would
 * overwrite an input (the same file, by any name) is refused, as are two
 * inputs whose -d outputs would have one name. */
static bool outputs_spare_inputs(const extract_args *c, char **inputs, int n)
{
    /* the inputs are looked up only once an output is a file already: a
     * batch written to a pipe or /dev/null, or into a new folder, spares
     * a stat(2) of every input */
    file_ids ids = {0};
    bool have_ids = false;
    const char *hit = NULL, *dest = NULL;
    char *owned = NULL;
    for (int i = 0; i < n && !hit; i++)
        for (int f = OUT_JSON; f < OUT_FORMATS && !hit; f++) {
            if (!writes_format(c, (output_format)f))
                continue;
            free(owned);
            dest = destination(c, inputs[i], (output_format)f, &owned);
            dev_t dev;
            ino_t ino;
            if (!dest || !output_identity(dest, &dev, &ino))
                continue;
            if (!have_ids && !file_ids_of(&ids, inputs, (size_t)n)) {
                free(owned);
                return true; /* out of memory: the run fails soon enough on its own */
            }
            have_ids = true;
            hit = file_ids_find(&ids, dev, ino);
        }
    if (hit)
        fprintf(stderr, "vnplan: the output %s is the input %s; nothing was written\n",
                strcmp(dest, "-") == 0 ? "(stdout)" : dest,
                strcmp(hit, "-") == 0 ? "(stdin)" : hit);
    free(owned);
    file_ids_free(&ids);
    size_t a, b;
    if (!hit && c->out_dir && same_base_names(inputs, (size_t)n, &a, &b)) {
        fprintf(stderr, "vnplan: %s and %s would both be written to %s/%s.*; give them "
                        "different names, or one -d each\n",
                inputs[a], inputs[b], c->out_dir, path_base_name(inputs[a]));
        return false;
    }
    return !hit;
}

static int run_batch(const extract_args *c)
{
    batch_options o = {c->options, c->jobs, c->files_from_stdin, isatty(2) != 0, c->quiet};
    return batch_extract(c->files, c->file_count, &o) ? EXIT_INPUT : EXIT_OK;
}

/* Usage errors of a run that is not JSON Lines. */
static bool single_usage_ok(const extract_args *c)
{
    const char *why = NULL;
    if (c->output && c->out_dir)
        why = "-o and -d do not go together";
    else if (c->output && c->file_count > 1)
        why = "-o takes one input; use -d DIR for several";
    else if (c->output && c->json && c->xml)
        why = "--format both needs -d DIR";
    if (why)
        fprintf(stderr, "vnplan: %s\n", why);
    return !why;
}

static int extract_files(const extract_args *c)
{
    static char stdin_name[] = "-";
    char *only_stdin[] = {stdin_name};
    char **inputs = c->file_count ? c->files : only_stdin;
    int n = c->file_count ? c->file_count : 1;
    if (!outputs_spare_inputs(c, inputs, n))
        return EXIT_USAGE;
    if (c->out_dir && mkdir(c->out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "vnplan: %s: cannot create: %s\n", c->out_dir, strerror(errno));
        return EXIT_INPUT;
    }
    if (c->file_count == 0)
        return extract_one(c, NULL);
    if (n > 1)
        grow_heap_in_steps();
    int rc = EXIT_OK;
    for (int i = 0; i < n; i++)
        rc |= extract_one(c, inputs[i]); /* a failing file does not stop the others */
    return rc ? EXIT_INPUT : EXIT_OK;
}

static int cmd_extract(int argc, char **argv)
{
    extract_args c;
    int rc = EXIT_USAGE;
    if (!extract_args_parse(&c, argc, argv)) {
        fputs("vnplan: 'vnplan --help' lists the options\n", stderr);
    } else if (c.jsonl) {
        if (c.output || c.out_dir)
            fprintf(stderr, "vnplan: JSON Lines go to stdout; -o and -d do not apply\n");
        else
            rc = run_batch(&c);
    } else if (single_usage_ok(&c)) {
        rc = extract_files(&c);
    }
    extract_args_free(&c);
    return rc;
}

/* Parses every file; the ones that fail are reported and left out. Their
 * diagnostics go to `diag` (NULL: not printed). */
static size_t parse_all(int argc, char **argv, int first, vnp_document **docs, int *rc,
                        FILE *diag)
{
    size_t n = 0;
    vnp_options opt = VNP_OPTIONS_INIT;
    for (int i = first; i < argc; i++) {
        vnp_error err;
        vnp_status st = vnp_parse_file(argv[i], &opt, &docs[n], &err);
        if (st != VNP_OK) {
            print_parse_error(argv[i], st, &err);
            *rc = EXIT_INPUT;
            continue;
        }
        if (diag)
            print_diagnostics(diag, docs[n], argv[i]);
        n++;
    }
    return n;
}

static bool report_format_of(const char *f, report_format *out)
{
    static const struct {
        const char *name;
        report_format fmt;
    } formats[] = {{"table", REPORT_TABLE}, {"csv", REPORT_CSV}, {"tsv", REPORT_TSV},
                   {"json", REPORT_JSON}};
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
        if (strcmp(f, formats[k].name) == 0) {
            *out = formats[k].fmt;
            return true;
        }
    fprintf(stderr, "vnplan: unknown format '%s'\n", f);
    return false;
}

/* What a report command prints: the cited documents, or the tasks. */
typedef struct report_request {
    const report_options *refs; /* NULL: print tasks */
    report_format tasks;
} report_request;

/* Parses argv[first..) and prints the report over all of them; a file
 * that fails is reported and left out. */
static int report_files(int argc, char **argv, int first, const report_request *req)
{
    vnp_document **docs = calloc((size_t)(argc - first), sizeof *docs);
    if (!docs)
        return EXIT_INPUT;
    int rc = EXIT_OK;
    size_t n = parse_all(argc, argv, first, docs, &rc, NULL);
    if (req->refs)
        report_refs(stdout, docs, n, req->refs);
    else
        report_tasks(stdout, docs, n, req->tasks);
    if (!output_flush_stdout())
        rc = EXIT_INPUT;
    for (size_t k = 0; k < n; k++)
        vnp_document_free(docs[k]);
    free(docs);
    return rc;
}

static int cmd_tasks(int argc, char **argv)
{
    report_format fmt = REPORT_TABLE;
    int i = 2;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (!report_format_of(argv[++i], &fmt))
                return EXIT_USAGE;
        } else {
            fprintf(stderr, "vnplan: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (i == argc) {
        fprintf(stderr, "vnplan tasks: no input file\n");
        return EXIT_USAGE;
    }
    report_request req = {.tasks = fmt};
    return report_files(argc, argv, i, &req);
}

static int cmd_refs(int argc, char **argv)
{
    report_options o = {REPORT_TABLE, false, false};
    int i = 2;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--bases") == 0) {
            o.bases_only = true;
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (!report_format_of(argv[++i], &o.format))
                return EXIT_USAGE;
        } else {
            fprintf(stderr, "vnplan: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (i == argc) {
        fprintf(stderr, "vnplan refs: no input file\n");
        return EXIT_USAGE;
    }
    o.several = argc - i > 1;
    report_request req = {.refs = &o};
    return report_files(argc, argv, i, &req);
}

/* check's options, in any order before the files: -q (no summary line),
 * --index DB; "--" ends them. files points into argv. */
typedef struct {
    bool quiet;
    const char *index;
    char **files;
    int count;
} check_args;

static bool parse_check_args(int argc, char **argv, check_args *a)
{
    int i = 2;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            a->quiet = true;
        } else if (strcmp(argv[i], "--index") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '-') {
                fprintf(stderr, "vnplan check --index: no database\n");
                return false;
            }
            a->index = argv[++i];
        } else {
            fprintf(stderr, "vnplan check: unknown option %s\n", argv[i]);
            return false;
        }
    }
    a->files = argv + i;
    a->count = argc - i;
    return true;
}

/* The findings of the checks are the report: on stdout, like a linter's.
 * With --index DB, the checks against the archive (index_check.c). */
static int cmd_check(int argc, char **argv)
{
    check_args a = {0};
    if (!parse_check_args(argc, argv, &a))
        return EXIT_USAGE;
    if (a.index)
        return index_check(a.index, a.files, a.count, a.quiet);
    if (a.count == 0) {
        fprintf(stderr, "vnplan check: no input file\n");
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    size_t errors = 0;
    for (int i = 0; i < a.count; i++) {
        vnp_document *doc = NULL;
        if (parse_all(i + 1, a.files, i, &doc, &rc, stdout) == 0)
            continue;
        errors += report_errors(doc);
        vnp_document_free(doc);
    }
    if (!output_flush_stdout())
        rc = EXIT_INPUT;
    return errors ? EXIT_INPUT : rc;
}

static int run_command(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    for (int k = 1; k < argc; k++)
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
            usage(stdout); /* "vnplan extract --help" as well as "vnplan --help" */
            return EXIT_OK;
        }
    if (strcmp(argv[1], "extract") == 0)
        return cmd_extract(argc, argv);
    if (strcmp(argv[1], "refs") == 0)
        return cmd_refs(argc, argv);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(argv[1], "tasks") == 0)
        return cmd_tasks(argc, argv);
    if (strcmp(argv[1], "report") == 0)
        return report_main(argc, argv);
    if (strcmp(argv[1], "index") == 0)
        return index_main(argc, argv);
    if (strcmp(argv[1], "--version") == 0) {
        printf("vnplan %s (output format %s)\n", VNPLAN_VERSION, VNPLAN_FORMAT_VERSION);
        return EXIT_OK;
    }
    fprintf(stderr, "vnplan: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}

/* glibc raises its mmap threshold to the size of each mapped block freed,
 * so after the first large free every block a large document's stages
 * grow by realloc comes from the heap, and the blocks freed on the way
 * stay resident as holes: a fixed threshold keeps those blocks mapped,
 * each returned whole when it is freed, so that a document's peak memory
 * is what it holds, not what it held. */
static void keep_large_blocks_mapped(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
    (void)mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

int main(int argc, char **argv)
{
    keep_large_blocks_mapped();
    output_install_signals();
    int rc = run_command(argc, argv);
    if (!output_close_standard() && rc == EXIT_OK)
        rc = EXIT_INPUT; /* the output did not all arrive: never a success */
    return rc;
}
