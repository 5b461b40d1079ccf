/* vnplan command line: calls only the public API of libvnplan. */
#define _XOPEN_SOURCE 700 /* stat, open, fdopen, fchmod, realpath, strdup */
#include "batch.h"
#include "index.h"
#include "report.h"
#include "vnplan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

typedef struct cli {
    bool json, xml;
    unsigned write_flags;
    vnp_options options;
    const char *output;  /* -o FILE */
    const char *out_dir; /* -d DIR */
    bool quiet;
    bool jsonl;          /* --format jsonl: one document per line */
    size_t jobs;         /* --jobs N */
    bool files_from_stdin; /* --files-from - */
} cli;

static void usage(FILE *f)
{
    fputs("usage: vnplan extract [options] [FILE...]   (stdin when no FILE)\n"
          "       vnplan refs [--bases] [--format table|csv|json] FILE...\n"
          "       vnplan check FILE...   (exit 1 when a check finds an error)\n"
          "       vnplan tasks [--format table|csv|tsv|json] FILE...\n"
          "options:\n"
          "  --format json|xml|both|jsonl  output format (default json); jsonl writes\n"
          "                          one compact document per line, in input order\n"
          "  --jobs N                N worker threads (with jsonl); FILE may be a folder\n"
          "  --files-from -          read input paths from stdin, one per line (jsonl)\n"
          "  -o FILE                 write the output to FILE (one input)\n"
          "  -d DIR                  write DIR/<name>.json and/or .xml per input,\n"
          "                          and print a one-line summary per document\n"
          "  --compact               no indentation\n"
          "  --replace-invalid       invalid UTF-8 becomes U+FFFD (with a warning)\n"
          "  --grammars DIR          read grammar and lexicon files from DIR first\n"
          "  -q                      do not print diagnostics\n"
          "  --version               print the version\n",
          f);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void print_diagnostics(const vnp_document *doc, const char *name)
{
    for (size_t i = 0; i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = &doc->diagnostics[i];
        fprintf(stderr, "%s:%zu: %s: %s [%s]\n", name, d->line,
                vnp_severity_string(d->severity), d->message, d->code);
    }
}

static void print_summary(const vnp_document *doc, const char *name)
{
    printf("%s: %s%s%s, %zu lines, %zu headings, %zu bases, %zu annexes, signer %s, "
           "%zu diagnostics\n",
           base_name(name), doc->type ? doc->type : "(no type)",
           doc->title ? " - " : "", doc->title ? doc->title : "", doc->line_count,
           doc->outline_count, doc->preamble_count, doc->annex_count,
           doc->signer.name ? doc->signer.name : "(none)", doc->diagnostic_count);
}

/* Where one format of doc goes: "-" for stdout, or a file (malloc'd in
 * *owned when it is made from -d). */
static const char *destination(const cli *c, const char *name, bool xml, char **owned)
{
    *owned = NULL;
    if (!c->out_dir)
        return c->output ? c->output : "-";
    size_t n = strlen(c->out_dir) + strlen(base_name(name)) + 8;
    *owned = malloc(n);
    if (*owned)
        snprintf(*owned, n, "%s/%s.%s", c->out_dir, base_name(name), xml ? "xml" : "json");
    return *owned;
}

/* A new file beside target ("target.PID.N.tmp"), with the mode of the
 * file it replaces (st, or the default one for a new file); its name goes
 * to tmp. */
static FILE *open_temporary(const char *target, const struct stat *st, char *tmp, size_t cap)
{
    for (int n = 0; n < 100; n++) {
        snprintf(tmp, cap, "%s.%ld.%d.tmp", target, (long)getpid(), n);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0)
            return NULL;
        if (st)
            fchmod(fd, st->st_mode & 07777);
        FILE *f = fdopen(fd, "wb");
        if (!f) {
            close(fd);
            unlink(tmp);
        }
        return f;
    }
    return NULL;
}

/* An output being written. stdout, devices and pipes are written in place;
 * a regular file, or a new one, is written beside the file it replaces and
 * renamed over it once complete (a symbolic link stays a link: the file it
 * names is replaced), so a failure leaves what was there before. */
typedef struct output {
    FILE *f;
    bool in_place;
    char *target; /* the file replaced (malloc'd), or NULL for stdout */
    char tmp[4096];
} output;

static bool output_open(output *o, const char *dest)
{
    *o = (output){.in_place = true};
    if (strcmp(dest, "-") == 0) {
        o->f = stdout;
        return true;
    }
    o->target = realpath(dest, NULL); /* NULL for a file still to be made */
    if (!o->target && !(o->target = strdup(dest)))
        return false;
    struct stat st;
    bool exists = stat(o->target, &st) == 0;
    o->in_place = exists && !S_ISREG(st.st_mode);
    o->f = o->in_place ? fopen(o->target, "wb")
                       : open_temporary(o->target, exists ? &st : NULL, o->tmp, sizeof o->tmp);
    return o->f != NULL;
}

/* Ends the output that `status` says was written or not; nothing but our
 * own temporary file is ever removed. */
static vnp_status output_close(output *o, vnp_status status)
{
    bool closed = o->f == stdout ? fflush(o->f) == 0 : fclose(o->f) == 0;
    if (status == VNP_OK && !closed)
        status = VNP_ERR_IO;
    if (!o->in_place && (status != VNP_OK || rename(o->tmp, o->target) != 0)) {
        if (status == VNP_OK)
            status = VNP_ERR_IO;
        unlink(o->tmp);
    }
    free(o->target);
    return status;
}

/* Writes one format of doc as it is made, so a large output is never held
 * whole. */
static int emit(const cli *c, const vnp_document *doc, const char *name, bool xml)
{
    char *owned;
    const char *dest = destination(c, name, xml, &owned);
    output out = {0};
    if (!dest || !output_open(&out, dest)) {
        fprintf(stderr, "vnplan: %s: cannot write: %s\n", dest ? dest : name,
                dest ? strerror(errno) : vnp_status_string(VNP_ERR_NOMEM));
        free(out.target);
        free(owned);
        return EXIT_INPUT;
    }
    vnp_status status = xml ? vnp_write_xml_file(doc, c->write_flags, out.f)
                            : vnp_write_json_file(doc, c->write_flags, out.f);
    status = output_close(&out, status);
    if (status != VNP_OK)
        fprintf(stderr, "%s: error: %s (writing %s)\n", name, vnp_status_string(status),
                strcmp(dest, "-") == 0 ? "stdout" : dest);
    free(owned);
    return status == VNP_OK ? EXIT_OK : EXIT_INPUT;
}

static int extract_one(const cli *c, const char *path)
{
    const char *name = path ? path : "-";
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse_file(path, &c->options, &doc, &err);
    if (st != VNP_OK) {
        if (err.line)
            fprintf(stderr, "%s:%zu:%zu: error: %s\n", name, err.line, err.column, err.message);
        else
            fprintf(stderr, "%s: error: %s\n", name, err.message[0] ? err.message
                                                                   : vnp_status_string(st));
        return EXIT_INPUT;
    }
    if (!c->quiet)
        print_diagnostics(doc, name);
    int rc = EXIT_OK;
    if (c->json)
        rc |= emit(c, doc, name, false);
    if (c->xml)
        rc |= emit(c, doc, name, true);
    if (c->out_dir)
        print_summary(doc, name);
    vnp_document_free(doc);
    return rc;
}

static bool set_format(cli *c, const char *f)
{
    c->jsonl = strcmp(f, "jsonl") == 0;
    if (c->jsonl) {
        c->json = true;
        c->xml = false;
        return true;
    }
    c->json = strcmp(f, "json") == 0 || strcmp(f, "both") == 0;
    c->xml = strcmp(f, "xml") == 0 || strcmp(f, "both") == 0;
    return c->json || c->xml;
}

/* Parses options in place; returns the index of the first file argument,
 * or -1 after printing a usage error. */
/* Options may follow the files ("vnplan extract plan.txt -o out.json"):
 * moves the options (with their values) before the files, keeping order,
 * as GNU getopt does. Everything after "--" is a file. */
static int options_first(int argc, char **argv, int start)
{
    static const char *const with_value[] = {"--format", "-o", "-d", "--grammars", "--jobs",
                                             "--files-from", NULL};
    char **files = malloc((size_t)argc * sizeof *files);
    if (!files)
        return argc;
    int nopt = start, nfiles = 0;
    for (int i = start; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                files[nfiles++] = argv[i];
            break;
        }
        if (argv[i][0] != '-' || !argv[i][1]) {
            files[nfiles++] = argv[i];
            continue;
        }
        argv[nopt++] = argv[i];
        for (size_t k = 0; with_value[k]; k++)
            if (strcmp(argv[i], with_value[k]) == 0 && i + 1 < argc) {
                argv[nopt++] = argv[++i];
                break;
            }
    }
    int first_file = nopt;
    for (int k = 0; k < nfiles; k++)
        argv[nopt++] = files[k];
    free(files);
    return first_file;
}

static int parse_options(cli *c, int argc, char **argv)
{
    int first_file = options_first(argc, argv, 2);
    int i = 2;
    for (; i < first_file; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--format") == 0 && has_value) {
            if (!set_format(c, argv[++i])) {
                fprintf(stderr, "vnplan: unknown format '%s'\n", argv[i]);
                return -1;
            }
        } else if (strcmp(a, "-o") == 0 && has_value) {
            c->output = argv[++i];
        } else if (strcmp(a, "-d") == 0 && has_value) {
            c->out_dir = argv[++i];
        } else if (strcmp(a, "--compact") == 0) {
            c->write_flags |= VNP_WRITE_COMPACT;
        } else if (strcmp(a, "--grammars") == 0 && has_value) {
            c->options.grammar_dir = argv[++i];
        } else if (strcmp(a, "--replace-invalid") == 0) {
            c->options.flags |= VNP_OPT_REPLACE_INVALID;
        } else if (strcmp(a, "-q") == 0) {
            c->quiet = true;
        } else if (strcmp(a, "--jobs") == 0 && has_value) {
            c->jobs = (size_t)strtoul(argv[++i], NULL, 10);
            c->jsonl = c->jsonl || !c->out_dir;
        } else if (strcmp(a, "--files-from") == 0 && has_value &&
                   strcmp(argv[i + 1], "-") == 0) {
            c->files_from_stdin = true;
            i++;
        } else {
            fprintf(stderr, "vnplan: unknown option '%s'\n", a);
            usage(stderr);
            return -1;
        }
    }
    return i;
}

static int run_batch(const cli *c, char **files, int n)
{
    batch_options o = {c->options, c->jobs ? c->jobs : 1, c->files_from_stdin,
                       isatty(2) != 0, c->quiet};
    return batch_extract(files, n, &o) ? EXIT_INPUT : EXIT_OK;
}

static int cmd_extract(int argc, char **argv)
{
    cli c = {.json = true};
    int first = parse_options(&c, argc, argv);
    if (first < 0)
        return EXIT_USAGE;
    int files = argc - first;
    if (c.jsonl || c.files_from_stdin) {
        if (c.output || c.out_dir) {
            fprintf(stderr, "vnplan: jsonl goes to stdout; -o and -d do not apply\n");
            return EXIT_USAGE;
        }
        return run_batch(&c, argv + first, files);
    }
    if (c.output && files > 1) {
        fprintf(stderr, "vnplan: -o takes one input; use -d DIR for several\n");
        return EXIT_USAGE;
    }
    if (c.output && c.json && c.xml) {
        fprintf(stderr, "vnplan: --format both needs -d DIR\n");
        return EXIT_USAGE;
    }
    if (c.out_dir && mkdir(c.out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "vnplan: %s: cannot create: %s\n", c.out_dir, strerror(errno));
        return EXIT_INPUT;
    }
    if (files == 0)
        return extract_one(&c, NULL);
    int rc = EXIT_OK;
    for (int i = first; i < argc; i++)
        rc |= extract_one(&c, argv[i]); /* a failing file does not stop the others */
    return rc ? EXIT_INPUT : EXIT_OK;
}

/* Parses every file; the ones that fail are reported and left out. */
static size_t parse_all(int argc, char **argv, int first, vnp_document **docs, int *rc,
                        bool quiet)
{
    size_t n = 0;
    vnp_options opt = {0};
    for (int i = first; i < argc; i++) {
        vnp_error err;
        if (vnp_parse_file(argv[i], &opt, &docs[n], &err) != VNP_OK) {
            fprintf(stderr, "%s:%zu:%zu: error: %s\n", argv[i], err.line, err.column,
                    err.message);
            *rc = EXIT_INPUT;
            continue;
        }
        if (!quiet)
            print_diagnostics(docs[n], argv[i]);
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
    size_t n = parse_all(argc, argv, first, docs, &rc, true);
    if (req->refs)
        report_refs(stdout, docs, n, req->refs);
    else
        report_tasks(stdout, docs, n, req->tasks);
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

static int cmd_check(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "vnplan check: no input file\n");
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    size_t errors = 0;
    for (int i = 2; i < argc; i++) {
        vnp_document *doc = NULL;
        if (parse_all(i + 1, argv, i, &doc, &rc, false) == 0)
            continue;
        errors += report_errors(doc);
        vnp_document_free(doc);
    }
    return errors ? EXIT_INPUT : rc;
}

int main(int argc, char **argv)
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
