/* `vnplan extract` arguments: options in any order, each value checked
 * where it is read, so what runs never depends on where an option stood. */
#define _XOPEN_SOURCE 700 /* stat */
#include "args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef enum opt_id {
    OPT_FORMAT, OPT_OUTPUT, OPT_DIR, OPT_GRAMMARS, OPT_JOBS, OPT_FILES_FROM,
    OPT_COMPACT, OPT_REPLACE, OPT_QUIET, OPT_ENCODING, OPT_INPUT_FORMAT, OPT_COUNT
} opt_id;

typedef struct option_spec {
    const char *name;
    opt_id id;
    bool value; /* takes the next argument */
    bool path;  /* the value is a file or folder name */
} option_spec;

static const option_spec options[] = {
    {"--format", OPT_FORMAT, true, false},     {"-o", OPT_OUTPUT, true, true},
    {"-d", OPT_DIR, true, true},               {"--grammars", OPT_GRAMMARS, true, true},
    {"--jobs", OPT_JOBS, true, false},         {"--files-from", OPT_FILES_FROM, true, true},
    {"--compact", OPT_COMPACT, false, false},  {"--replace-invalid", OPT_REPLACE, false, false},
    {"-q", OPT_QUIET, false, false},           {"--encoding", OPT_ENCODING, true, false},
    {"--input-format", OPT_INPUT_FORMAT, true, false},
};

static const option_spec *find_option(const char *a)
{
    for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
        if (strcmp(a, options[k].name) == 0)
            return &options[k];
    return NULL;
}

/* What the parse has seen, beside the result. */
typedef struct parse_state {
    const char *format; /* --format as given, or NULL */
    bool jobs_given;
    bool seen[OPT_COUNT];
} parse_state;

/* A whole number from 1 to JOBS_MAX, digits only. */
static bool read_jobs(const char *s, size_t *jobs)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        n = n * 10 + (size_t)(*p - '0');
        if (n > JOBS_MAX)
            return false;
    }
    *jobs = n;
    return *s && n >= 1;
}

static bool is_folder(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "vnplan: --grammars %s: %s\n", path, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "vnplan: --grammars %s: not a folder\n", path);
        return false;
    }
    return true;
}

static bool known_format(const char *f)
{
    return strcmp(f, "json") == 0 || strcmp(f, "xml") == 0 || strcmp(f, "both") == 0 ||
           strcmp(f, "jsonl") == 0 || strcmp(f, "akn") == 0;
}

/* --input-format: auto (told by the bytes) or a form that is forced. */
static bool read_input_form(const char *v, vnp_form *form)
{
    for (int f = VNP_FORM_AUTO; f <= VNP_FORM_PDF; f++)
        if (strcmp(v, vnp_form_string((vnp_form)f)) == 0) {
            *form = (vnp_form)f;
            return true;
        }
    fprintf(stderr, "vnplan: --input-format takes auto, text, docx, doc, html or pdf, not '%s'\n",
            v);
    return false;
}

static bool apply_option(extract_args *a, parse_state *s, opt_id id, const char *value)
{
    switch (id) {
    case OPT_FORMAT:
        s->format = value;
        if (known_format(value))
            return true;
        fprintf(stderr, "vnplan: unknown format '%s'\n", value);
        return false;
    case OPT_OUTPUT: a->output = value; return true;
    case OPT_DIR: a->out_dir = value; return true;
    case OPT_GRAMMARS:
        a->options.grammar_dir = value;
        return is_folder(value);
    case OPT_JOBS:
        s->jobs_given = true;
        if (read_jobs(value, &a->jobs))
            return true;
        fprintf(stderr, "vnplan: --jobs takes a whole number from 1 to %d, not '%s'\n", JOBS_MAX,
                value);
        return false;
    case OPT_FILES_FROM:
        a->files_from_stdin = true;
        if (strcmp(value, "-") == 0)
            return true;
        fprintf(stderr, "vnplan: --files-from takes '-' (the list on stdin), not '%s'\n", value);
        return false;
    case OPT_COMPACT: a->write_flags |= VNP_WRITE_COMPACT; return true;
    case OPT_REPLACE: a->options.flags |= VNP_OPT_REPLACE_INVALID; return true;
    case OPT_QUIET: a->quiet = true; return true;
    case OPT_ENCODING:
        a->options.encoding = value;
        if (strcmp(value, "auto") == 0 || vnp_encoding_name(value))
            return true;
        fprintf(stderr, "vnplan: unknown encoding '%s' (auto, UTF-8, TCVN3, VNI, VISCII, VPS or "
                        "CP1258)\n", value);
        return false;
    case OPT_INPUT_FORMAT: return read_input_form(value, &a->options.form);
    case OPT_COUNT: break;
    }
    return false;
}

/* The value of option `spec` at argv[i + 1], or NULL after a usage error:
 * missing, given twice, or an option where a name was expected. */
static const char *option_value(const option_spec *spec, parse_state *s, int i, int argc,
                                char **argv)
{
    if (i + 1 >= argc) {
        fprintf(stderr, "vnplan: option '%s' needs a value\n", spec->name);
        return NULL;
    }
    const char *v = argv[i + 1];
    if (spec->path && v[0] == '-' && v[1]) {
        fprintf(stderr, "vnplan: option '%s' needs a name, not '%s' (write ./%s for a file of "
                        "that name)\n", spec->name, v, v);
        return NULL;
    }
    if (s->seen[spec->id]) {
        fprintf(stderr, "vnplan: option '%s' given twice\n", spec->name);
        return NULL;
    }
    return v;
}

/* The formats, once every option is known: --jobs and --files-from mean
 * JSON Lines, and no other format goes with them. */
static bool settle_format(extract_args *a, const parse_state *s)
{
    bool batch = s->jobs_given || a->files_from_stdin;
    const char *f = s->format ? s->format : batch ? "jsonl" : "json";
    if (batch && strcmp(f, "jsonl") != 0) {
        fprintf(stderr, "vnplan: --jobs and --files-from write JSON Lines; --format %s does "
                        "not go with them\n", f);
        return false;
    }
    a->jsonl = strcmp(f, "jsonl") == 0;
    a->json = a->jsonl || strcmp(f, "json") == 0 || strcmp(f, "both") == 0;
    a->xml = strcmp(f, "xml") == 0 || strcmp(f, "both") == 0;
    a->akn = strcmp(f, "akn") == 0;
    return true;
}

static bool parse_argument(extract_args *a, parse_state *s, int *i, int argc, char **argv)
{
    const option_spec *spec = find_option(argv[*i]);
    if (!spec) {
        fprintf(stderr, "vnplan: unknown option '%s'\n", argv[*i]);
        return false;
    }
    const char *value = NULL;
    if (spec->value && !(value = option_value(spec, s, *i, argc, argv)))
        return false;
    s->seen[spec->id] = true;
    *i += spec->value;
    return apply_option(a, s, spec->id, value);
}

bool extract_args_parse(extract_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->options = (vnp_options)VNP_OPTIONS_INIT;
    a->jobs = 1;
    a->files = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *a->files);
    if (!a->files) {
        fprintf(stderr, "vnplan: out of memory\n");
        return false;
    }
    parse_state s = {0};
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (++i < argc)
                a->files[a->file_count++] = argv[i];
            break;
        }
        if (argv[i][0] != '-' || !argv[i][1])
            a->files[a->file_count++] = argv[i]; /* "-" is stdin */
        else if (!parse_argument(a, &s, &i, argc, argv))
            return false;
    }
    return settle_format(a, &s);
}

void extract_args_free(extract_args *a)
{
    free(a->files);
    a->files = NULL;
}
