/* The pipeline driver: runs the stages in order and owns the document. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vnp_document *document_new(void)
{
    vnp_document *doc = calloc(1, sizeof *doc);
    struct vnp_internal *in = calloc(1, sizeof *in);
    if (!doc || !in) {
        free(doc);
        free(in);
        return NULL;
    }
    in->diags.size = sizeof(vnp_diagnostic);
    doc->internal = in;
    return doc;
}

void vnp_document_free(vnp_document *doc)
{
    if (!doc)
        return;
    rx_release_all(doc->internal);
    arena_release(&doc->internal->mem);
    arena_release(&doc->internal->scratch);
    free(doc->internal);
    free(doc);
}

static void set_nomem(vnp_error *err)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->status = VNP_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
}

/* The source name goes into both outputs: invalid UTF-8 becomes U+FFFD and
 * control characters (which XML cannot carry) become "?". */
static const char *clean_name(arena *a, const char *name)
{
    strbuf b = {0};
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) {
        size_t w;
        int32_t cp = utf8_decode(name + i, n - i, &w);
        if (cp < 0)
            sb_puts(&b, "\xEF\xBF\xBD");
        else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF)
            sb_putc(&b, '?');
        else
            sb_append(&b, name + i, w);
        i += w;
    }
    const char *out = b.failed ? NULL : arena_strndup(a, b.data ? b.data : "", b.len);
    sb_free(&b);
    return out;
}

/* owned: the caller's buffer holding bytes, freed once the input stage
 * has its own copy (NULL when the caller keeps it), so that a document
 * read from a file is not held twice for the whole parse. */
static vnp_status run_stages(vnp_document *doc, const char *bytes, size_t len, unsigned flags,
                             vnp_error *err, char *owned)
{
    struct vnp_internal *in = doc->internal;
    char *text = NULL;
    size_t text_len = 0;
    vnp_status st = input_decode(doc, bytes, len, flags, &text, &text_len, err);
    free(owned);
    if (st == VNP_OK)
        st = normalize_lines(doc, text, text_len);
    /* text stays: most lines are kept in it (normalize.c keep_line) */
    if (st == VNP_OK)
        st = layout_paragraphs(doc);
    if (st != VNP_OK)
        return st;
    header_extract(doc);
    parts_extract(doc);
    outline_extract(doc);
    tables_extract(doc);
    records_interpret(doc);
    refs_extract(doc);
    citations_resolve(doc);
    if (in->pattern_limit_hits)
        diag_add(doc, VNP_SEV_WARNING, "match-limit", 0,
                 "a pattern reached a PCRE2 limit (match, depth, heap or JIT stack) %zu "
                 "time(s); that text was not searched further (for references, dates "
                 "or times)",
                 in->pattern_limit_hits);
    arena_release(&in->scratch);
    in->table_cells = (vec){0};
    doc->diagnostics = in->diags.items;
    doc->diagnostic_count = in->diags.count;
    return in->mem.failed ? VNP_ERR_NOMEM : VNP_OK;
}

static vnp_status parse(const char *bytes, size_t len, const char *name,
                        const vnp_options *options, vnp_document **out, vnp_error *err,
                        char *owned)
{
    if (err) {
        memset(err, 0, sizeof *err);
        if (!out || (!bytes && len)) {
            err->status = VNP_ERR_ARGUMENT;
            snprintf(err->message, sizeof err->message, "no output pointer, or no bytes");
        }
    }
    if (out)
        *out = NULL;
    if (!out || (!bytes && len)) {
        free(owned);
        return VNP_ERR_ARGUMENT;
    }
    vnp_document *doc = document_new();
    if (!doc) {
        free(owned);
        set_nomem(err);
        return VNP_ERR_NOMEM;
    }
    vnp_alloc_failed = false;
    doc->source_name = clean_name(&doc->internal->mem, name ? name : "-");
    if (options && options->grammar_dir)
        doc->internal->grammar_dir = arena_strdup(&doc->internal->mem, options->grammar_dir);
    doc->source_bytes = len;
    sha256_hex((const unsigned char *)(bytes ? bytes : ""), len, doc->source_sha256);
    vnp_status st =
        run_stages(doc, bytes ? bytes : "", len, options ? options->flags : 0, err, owned);
    if (st == VNP_OK && vnp_alloc_failed)
        st = VNP_ERR_NOMEM; /* some allocation failed on the way: no partial results */
    if (st != VNP_OK) {
        if (st == VNP_ERR_NOMEM)
            set_nomem(err);
        vnp_document_free(doc);
        return st;
    }
    *out = doc;
    return VNP_OK;
}

vnp_status vnp_parse(const char *bytes, size_t len, const char *name,
                     const vnp_options *options, vnp_document **out, vnp_error *err)
{
    return parse(bytes, len, name, options, out, err, NULL);
}

/* What is left to read of f when it is a file that can seek (0 for a
 * pipe), so the buffer is allocated once at the right size: a doubling
 * buffer would hold up to twice the input for the whole parse. The read
 * goes on from where f stood (stdin may have been read from before). */
static size_t size_hint(FILE *f)
{
    long at = ftell(f);
    if (at < 0 || fseek(f, 0, SEEK_END) != 0)
        return 0;
    long end = ftell(f);
    if (fseek(f, at, SEEK_SET) != 0)
        return 0;
    return end > at ? (size_t)(end - at) : 0;
}

/* Reads all of f into a malloc'd buffer. */
static vnp_status read_all(FILE *f, char **data, size_t *len)
{
    size_t hint = size_hint(f);
    if (hint > VNP_MAX_INPUT_BYTES)
        return VNP_ERR_TOO_LARGE;
    size_t cap = hint ? hint + 1 : 1 << 16, n = 0; /* +1: the read that finds the end */
    char *buf = malloc(cap);
    if (!buf)
        return VNP_ERR_NOMEM;
    for (;;) {
        if (n == cap) {
            if (cap > VNP_MAX_INPUT_BYTES) {
                free(buf);
                return VNP_ERR_TOO_LARGE;
            }
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                return VNP_ERR_NOMEM;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return VNP_ERR_IO;
    }
    *data = buf;
    *len = n;
    return VNP_OK;
}

vnp_status vnp_parse_file(const char *path, const vnp_options *options, vnp_document **out,
                          vnp_error *err)
{
    bool is_stdin = !path || strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (err)
        memset(err, 0, sizeof *err);
    if (!f) {
        if (err) {
            err->status = VNP_ERR_IO;
            snprintf(err->message, sizeof err->message, "cannot open: %s", strerror(errno));
        }
        return VNP_ERR_IO;
    }
    char *data = NULL;
    size_t len = 0;
    vnp_status st = read_all(f, &data, &len);
    if (!is_stdin)
        fclose(f);
    if (st != VNP_OK) {
        if (err) {
            err->status = st;
            snprintf(err->message, sizeof err->message, "%s", vnp_status_string(st));
        }
        return st;
    }
    return parse(data, len, is_stdin ? "-" : path, options, out, err, data);
}

void vnp_free(void *p) { free(p); }

const char *vnp_status_string(vnp_status status)
{
    switch (status) {
    case VNP_OK: return "ok";
    case VNP_ERR_NOMEM: return "out of memory";
    case VNP_ERR_UTF8: return "invalid UTF-8";
    case VNP_ERR_BINARY: return "binary input";
    case VNP_ERR_TOO_LARGE: return "input too large";
    case VNP_ERR_IO: return "input/output error";
    case VNP_ERR_ARGUMENT: return "invalid argument";
    }
    return "unknown error";
}

const char *vnp_role_string(vnp_role role)
{
    switch (role) {
    case VNP_ROLE_BASIS: return "basis";
    case VNP_ROLE_BODY: return "body";
    case VNP_ROLE_ANNEX: return "annex";
    case VNP_ROLE_FOOTNOTE: return "footnote";
    }
    return "body";
}

const char *vnp_severity_string(vnp_severity severity)
{
    switch (severity) {
    case VNP_SEV_NOTE: return "note";
    case VNP_SEV_WARNING: return "warning";
    case VNP_SEV_ERROR: return "error";
    }
    return "note";
}
