/* The pipeline driver: runs the stages in order and owns the document. */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat, open, read */
#include "internal.h"
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new document, allocated under the current allocator, which the
 * caller made `allocator` (NULL: the C library's); the document keeps a
 * copy for everything allocated for it later. */
static vnp_document *document_new(const vnp_allocator *allocator)
{
    vnp_document *doc = mem_calloc(1, sizeof *doc);
    struct vnp_internal *in = mem_calloc(1, sizeof *in);
    if (!doc || !in) {
        mem_free(doc);
        mem_free(in);
        return NULL;
    }
    if (allocator) {
        in->allocator = *allocator;
        in->has_allocator = true;
    }
    in->diags.size = sizeof(vnp_diagnostic);
    doc->internal = in;
    return doc;
}

/* The allocator of what is made for doc. */
static const vnp_allocator *allocator_of(const vnp_document *doc)
{
    return doc->internal->has_allocator ? &doc->internal->allocator : NULL;
}

void vnp_document_free(vnp_document *doc)
{
    if (!doc)
        return;
    /* the allocator lives in what is freed: a copy serves to the end */
    vnp_allocator a = doc->internal->allocator;
    const vnp_allocator *before = mem_use(doc->internal->has_allocator ? &a : NULL);
    rx_release_all(doc->internal);
    arena_release(&doc->internal->mem);
    arena_release(&doc->internal->scratch);
    mem_free(doc->internal);
    mem_free(doc);
    mem_use(before);
}

/* The writers run under the document's allocator: the buffer they return
 * is allocated with it. */
typedef vnp_status (*buffer_writer)(const vnp_document *, unsigned, char **, size_t *);
typedef vnp_status (*file_writer)(const vnp_document *, unsigned, FILE *);

static vnp_status write_buffer(buffer_writer write, const vnp_document *doc, unsigned flags,
                               char **out, size_t *out_len)
{
    const vnp_allocator *before = mem_use(doc ? allocator_of(doc) : NULL);
    vnp_status st = write(doc, flags, out, out_len);
    mem_use(before);
    return st;
}

static vnp_status write_file(file_writer write, const vnp_document *doc, unsigned flags, FILE *f)
{
    const vnp_allocator *before = mem_use(doc ? allocator_of(doc) : NULL);
    vnp_status st = write(doc, flags, f);
    mem_use(before);
    return st;
}

vnp_status vnp_write_json(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    return write_buffer(json_write, doc, flags, out, out_len);
}

vnp_status vnp_write_xml(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    return write_buffer(xml_write, doc, flags, out, out_len);
}

vnp_status vnp_write_akn(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    return write_buffer(akn_write, doc, flags, out, out_len);
}

vnp_status vnp_write_json_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    return write_file(json_write_file, doc, flags, f);
}

vnp_status vnp_write_xml_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    return write_file(xml_write_file, doc, flags, f);
}

vnp_status vnp_write_akn_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    return write_file(akn_write_file, doc, flags, f);
}

/* The caller's options as this library knows them, in *opt: the fields
 * the caller's size covers, the defaults for the others (see vnp_options:
 * the struct grows at its end). */
enum { OPTIONS_SIZE_0_2 = offsetof(vnp_options, allocator) + sizeof(const vnp_allocator *) };

static vnp_status options_read(const vnp_options *given, vnp_options *opt, vnp_error *err)
{
    const vnp_options defaults = VNP_OPTIONS_INIT;
    *opt = defaults;
    if (!given)
        return VNP_OK;
    if (given->size < OPTIONS_SIZE_0_2)
        return reader_fail(err, VNP_ERR_ARGUMENT,
                           "vnp_options.size is %zu: set it to sizeof(vnp_options) "
                           "(VNP_OPTIONS_INIT does)",
                           given->size);
    const unsigned char *tail = (const unsigned char *)given + sizeof *opt;
    for (size_t i = 0; given->size > sizeof *opt && i < given->size - sizeof *opt; i++)
        if (tail[i])
            return reader_fail(err, VNP_ERR_ARGUMENT,
                               "vnp_options sets options that vnplan %s does not have "
                               "(a size of %zu, %zu known)",
                               VNPLAN_VERSION, given->size, sizeof *opt);
    memcpy(opt, given, given->size < sizeof *opt ? given->size : sizeof *opt);
    opt->size = sizeof *opt;
    const vnp_allocator *a = opt->allocator;
    if (a && (!a->malloc || !a->realloc || !a->free))
        return reader_fail(err, VNP_ERR_ARGUMENT,
                           "vnp_options.allocator lacks its malloc, realloc or free");
    return VNP_OK;
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
    size_t n = strlen(name), i = 0;
    /* printable ASCII is kept as it is, in one copy (most names are all
     * of it): a character at a time from the first other byte on */
    while (i < n && (unsigned char)name[i] >= 0x20 && (unsigned char)name[i] < 0x7F)
        i++;
    if (i == n)
        return arena_strndup(a, name, n);
    strbuf b = {0};
    sb_append(&b, name, i);
    while (i < n) {
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

/* The text of a document form: its reader's lines, normalised, with the
 * paragraph numbers put in place of the line numbers. The text is copied
 * into the document's arena: normalisation keeps clean lines in place. */
static vnp_status read_form(vnp_document *doc, vnp_form form, const char *bytes, size_t len,
                            vnp_error *err, lines_product *lines)
{
    struct vnp_internal *in = doc->internal;
    reader_out o;
    reader_init(&o, &in->mem);
    vnp_status st = form == VNP_FORM_DOCX ? docx_read(doc, bytes, len, &o, err)
                    : form == VNP_FORM_HTML ? html_read(doc, bytes, len, &o, err)
                    : form == VNP_FORM_DOC ? doc_read(doc, bytes, len, &o, err)
                    : reader_fail(err, VNP_ERR_FORMAT, "%s input is not read by this build",
                                  vnp_form_string(form));
    if (st == VNP_OK && o.text.failed)
        st = VNP_ERR_NOMEM;
    char *text = NULL;
    if (st == VNP_OK) {
        text = arena_strndup(&in->mem, o.text.data ? o.text.data : "", o.text.len);
        st = text ? normalize_lines(doc, text, o.text.len, lines) : VNP_ERR_NOMEM;
    }
    if (st == VNP_OK)
        reader_apply(doc, &o, lines);
    reader_free(&o);
    doc->source_encoding = "UTF-8"; /* what the XML and HTML parsers give */
    doc->source_encoding_confidence = -1.0;
    return st;
}

/* Text (UTF-8 or a legacy encoding), or a PDF through pdftotext. owned:
 * as run_stages() has it; a clean text stays in it (the input stage then
 * takes it). */
static vnp_status read_text(vnp_document *doc, const char *bytes, size_t len, bool pdf,
                            const vnp_options *opt, vnp_error *err, char **owned,
                            lines_product *lines)
{
    char *text = NULL;
    size_t text_len = 0;
    unsigned flags = opt ? opt->flags : 0;
    vnp_status st;
    if (pdf) {
        st = pdf_read(doc, bytes, len, &text, &text_len, err);
        doc->source_encoding = "UTF-8"; /* what pdftotext gives */
        doc->source_encoding_confidence = -1.0;
    } else {
        st = input_decode(doc, bytes, len, flags, opt ? opt->encoding : NULL, owned, &text,
                          &text_len, err);
    }
    if (st == VNP_OK)
        st = normalize_lines(doc, text, text_len, lines);
    /* text stays: most lines are kept in it (normalize.c keep_line) */
    return st;
}

/* Said once the stages are done: how often a pattern gave up. */
static vnp_status note_pattern_limits(vnp_document *doc)
{
    size_t hits = doc->internal->pattern_limit_hits;
    if (hits)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_MATCH_LIMIT, 0,
                 "a pattern reached a PCRE2 limit (match, depth, heap or JIT stack) %zu "
                 "time(s); that text was not searched further (for references, dates "
                 "or times)",
                 hits);
    return stage_status(doc);
}

/* The text stages in pipeline order, each given the products it reads
 * (const) and the one it makes, which the next ones read; the first that
 * fails stops the pipeline and gives its status. */
static vnp_status run_text_stages(vnp_document *doc, stage_products *p)
{
    vnp_status st = layout_paragraphs(doc, &p->lines, &p->paragraphs);
    if (st == VNP_OK)
        st = header_extract(doc, &p->paragraphs, &p->title);
    if (st == VNP_OK)
        st = issuer_extract(doc, &p->lines, &p->paragraphs, &p->title, &p->issuer_place);
    if (st == VNP_OK)
        st = province_resolve(doc, &p->issuer_place);
    if (st == VNP_OK)
        st = parts_extract(doc, &p->paragraphs, &p->title, &p->parts);
    if (st == VNP_OK)
        st = frame_extract(doc, &p->lines, &p->frame);
    if (st == VNP_OK)
        st = outline_extract(doc, &p->paragraphs, &p->title, &p->parts);
    if (st == VNP_OK)
        st = tables_extract(doc, &p->paragraphs, &p->tables);
    if (st == VNP_OK)
        st = prose_extract(doc, &p->paragraphs, &p->parts);
    if (st == VNP_OK)
        st = records_interpret(doc);
    if (st == VNP_OK)
        st = refs_extract(doc, &p->lines, &p->paragraphs, &p->title, &p->parts, &p->frame,
                          &p->tables);
    if (st == VNP_OK)
        st = citations_resolve(doc);
    if (st == VNP_OK)
        st = note_pattern_limits(doc);
    return st;
}

/* An encoding forced on a form that declares its own (a .docx, an HTML page
 * or .doc read as the parsers decode them, a PDF's text as pdftotext gives
 * it) changes nothing: said, so that the caller does not believe it did. */
static void note_encoding_ignored(vnp_document *doc, vnp_form form, const vnp_options *options)
{
    const char *forced = options ? options->encoding : NULL;
    if (!forced || strcmp(forced, "auto") == 0 || form == VNP_FORM_TEXT)
        return;
    diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_ENCODING_IGNORED, 0,
             "the encoding %s applies to text input only; this %s input was read as the "
             "form itself declares",
             forced, vnp_form_string(form));
}

/* The pipeline: the input stage (the form told by the bytes; text and PDF,
 * or a document reader) and normalisation, which make the lines, then the
 * text stages.
 * owned: the caller's buffer holding bytes (with a byte to spare after
 * them unless they hold a NUL, as read_all leaves), NULL when the caller
 * keeps it. A clean text
 * stays in it; else it is freed once the input stage has its own copy, so
 * that a document read from a file is not held twice for the whole parse. */
static vnp_status run_stages(vnp_document *doc, const char *bytes, size_t len,
                             const vnp_options *options, vnp_error *err, char *owned)
{
    struct vnp_internal *in = doc->internal;
    vnp_form form = options && options->form != VNP_FORM_AUTO ? options->form
                                                              : detect_form(bytes, len);
    doc->source_form = vnp_form_string(form);
    stage_products *products = &in->products; /* their contents live in the document's arenas */
    vnp_status st =
        form == VNP_FORM_TEXT || form == VNP_FORM_PDF
            ? read_text(doc, bytes, len, form == VNP_FORM_PDF, options, err, &owned,
                        &products->lines)
            : read_form(doc, form, bytes, len, err, &products->lines);
    mem_free(owned);
    if (st == VNP_OK)
        note_encoding_ignored(doc, form, options);
    if (st == VNP_OK)
        st = run_text_stages(doc, products);
    arena_release(&in->scratch); /* the table text and the stages' work space */
    products->tables = (table_text){0};
    doc->diagnostics = in->diags.items;
    doc->diagnostic_count = in->diags.count;
    return st;
}

/* A grammar folder that is not there is the caller's mistake, not a
 * reason to use the built-in grammar quietly. */
static bool grammar_dir_usable(const char *dir, vnp_error *err)
{
    struct stat st;
    int e = stat(dir, &st) != 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
    if (e && err) {
        err->status = VNP_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message, "grammar folder: %s", strerror(e));
    }
    return !e;
}

/* A caller's grammar folder whose patterns do not compile would give a
 * document without references (or numbers, dates, times) that looks
 * complete: it is the caller's error, with the file and line the
 * reference stage or rx.c named (the built-in grammars are checked when
 * the library is built). */
static vnp_status grammar_usable(const vnp_document *doc, vnp_error *err)
{
    const char *why = doc->internal->grammar_error; /* a pattern of rx.c */
    for (size_t i = 0; !why && i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = &doc->diagnostics[i];
        if (d->severity == VNP_SEV_ERROR && d->id == VNP_DIAG_GRAMMAR)
            why = d->message; /* the reference grammars */
    }
    if (!why)
        return VNP_OK;
    if (err) {
        err->status = VNP_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message, "grammar folder: %s", why);
    }
    return VNP_ERR_ARGUMENT;
}

/* The status of a parse whose stages gave st (VNP_OK, or VNP_ERR_ARGUMENT
 * from the input or a text stage): a grammar that does not compile is
 * refused with its file and line; a refusal that named no reason of its
 * own (err's message empty) says so. */
static vnp_status grammar_refused(const vnp_document *doc, vnp_status st, vnp_error *err)
{
    if (grammar_usable(doc, err) != VNP_OK)
        return VNP_ERR_ARGUMENT;
    if (st != VNP_OK && err && !err->message[0]) {
        err->status = st;
        snprintf(err->message, sizeof err->message, "grammar folder: a grammar could not be used");
    }
    return st;
}

/* Parses under the allocator the caller made this thread's (mem_use):
 * opt is the caller's options as options_read() gave them; owned (the
 * caller's buffer holding bytes, or NULL) is freed on every path. */
static vnp_status parse(const char *bytes, size_t len, const char *name, const vnp_options *opt,
                        vnp_document **out, vnp_error *err, char *owned)
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
        mem_free(owned);
        return VNP_ERR_ARGUMENT;
    }
    if (opt->grammar_dir && !grammar_dir_usable(opt->grammar_dir, err)) {
        mem_free(owned);
        return VNP_ERR_ARGUMENT;
    }
    if (opt->form < VNP_FORM_AUTO || opt->form > VNP_FORM_PDF) {
        mem_free(owned);
        return reader_fail(err, VNP_ERR_ARGUMENT, "unknown input form %d", (int)opt->form);
    }
    vnp_document *doc = document_new(opt->allocator);
    if (!doc) {
        mem_free(owned);
        set_nomem(err);
        return VNP_ERR_NOMEM;
    }
    vnp_alloc_failed = false;
    doc->source_name = clean_name(&doc->internal->mem, name ? name : "-");
    if (opt->grammar_dir)
        doc->internal->grammar_dir = arena_strdup(&doc->internal->mem, opt->grammar_dir);
    doc->source_bytes = len;
    sha256_hex((const unsigned char *)(bytes ? bytes : ""), len, doc->source_sha256);
    vnp_status st = run_stages(doc, bytes ? bytes : "", len, opt, err, owned);
    if (st == VNP_OK && vnp_alloc_failed)
        st = VNP_ERR_NOMEM; /* some allocation failed on the way: no partial results */
    if (st == VNP_OK || st == VNP_ERR_ARGUMENT)
        st = grammar_refused(doc, st, err);
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
    vnp_options opt;
    vnp_status st = options_read(options, &opt, err);
    if (st != VNP_OK) {
        if (out)
            *out = NULL;
        return st;
    }
    /* a copy: the caller's allocator struct need not outlive the call */
    vnp_allocator a = opt.allocator ? *opt.allocator : (vnp_allocator){0};
    const vnp_allocator *before = mem_use(opt.allocator ? &a : NULL);
    st = parse(bytes, len, name, &opt, out, err, NULL);
    mem_use(before);
    return st;
}

/* What is left to read of f when it is a regular file (0 otherwise: a
 * pipe, a device, a directory, whose sizes say nothing), so the buffer is
 * allocated once at the right size: a doubling buffer would hold up to
 * twice the input for the whole parse. The read goes on from where f stood
 * (stdin may have been read from before). */
static size_t size_hint(FILE *f, const struct stat *st)
{
    if (!S_ISREG(st->st_mode))
        return 0;
    long at = f ? ftell(f) : 0; /* a file the library opened is read from its start */
    if (at < 0 || st->st_size <= at)
        return 0;
    return (size_t)(st->st_size - at);
}

/* The next capacity of a read buffer: doubled, but never past `most`. */
static size_t grown(size_t cap, size_t most) { return cap > most / 2 ? most : cap * 2; }

/* Up to `want` bytes of the input: through stdio from f, or with read(2)
 * from fd when it is not -1 (a file the library opened, of which stdio
 * holds nothing: stdio's reads went through its 4 KB buffer and took
 * three calls for a file read whole). *failed: a read failed (errno says
 * why). */
static size_t read_some(FILE *f, int fd, char *buf, size_t want, bool *failed)
{
    if (fd < 0) {
        size_t got = fread(buf, 1, want, f);
        *failed = ferror(f) != 0;
        return got;
    }
    for (;;) {
        ssize_t got = read(fd, buf, want < (size_t)SSIZE_MAX ? want : (size_t)SSIZE_MAX);
        if (got >= 0)
            return (size_t)got;
        if (errno != EINTR) {
            *failed = true;
            return 0;
        }
    }
}

/* Reads all of f, or of fd when it is not -1 (f is then NULL: a file the
 * library opened; see read_some), into a malloc'd buffer of at most
 * VNP_MAX_INPUT_BYTES + 1 bytes (one past the
 * limit says the input is too large: the limit is met before the buffer
 * grows, whatever the source). Stops after the block holding a NUL byte:
 * the input is binary, and what came before is what the error needs to
 * name its place and what the text looks like. The buffer has a byte to
 * spare after the bytes read, but after a NUL. A regular file read with
 * read(2) ends at the first read that gives less than asked: one read of
 * its size and the byte past it. */
static vnp_status read_all(FILE *f, int fd, const struct stat *st, char **data, size_t *len)
{
    const size_t most = VNP_MAX_INPUT_BYTES + 1;
    size_t hint = size_hint(f, st);
    if (hint > VNP_MAX_INPUT_BYTES)
        return VNP_ERR_TOO_LARGE;
    size_t cap = hint ? hint + 1 : 1 << 16, n = 0; /* +1: the read that finds the end */
    char *buf = mem_alloc(cap);
    if (!buf)
        return VNP_ERR_NOMEM;
    for (;;) {
        if (n == cap) {
            char *bigger = cap < most ? mem_realloc(buf, cap, grown(cap, most)) : NULL;
            if (!bigger) {
                mem_free(buf);
                return cap < most ? VNP_ERR_NOMEM : VNP_ERR_TOO_LARGE;
            }
            buf = bigger;
            cap = grown(cap, most);
        }
        bool failed = false;
        size_t want = cap - n, got = read_some(f, fd, buf + n, want, &failed);
        /* a zip, OLE2 or PDF file is read whole: its NULs are no sign of
         * binary input where text was due */
        bool nul = got && !detect_binary(buf, n + got) && memchr(buf + n, 0, got);
        n += got;
        if (failed) {
            mem_free(buf);
            return VNP_ERR_IO;
        }
        if (got == 0 || nul || (fd >= 0 && S_ISREG(st->st_mode) && got < want))
            break;
    }
    if (fd < 0 && ferror(f)) {
        mem_free(buf);
        return VNP_ERR_IO;
    }
    *data = buf;
    *len = n;
    return VNP_OK;
}

static vnp_status read_failed(vnp_error *err, vnp_status st, const char *what, int e)
{
    if (err) {
        err->status = st;
        if (what)
            snprintf(err->message, sizeof err->message, "%s%s%s", what, e ? ": " : "",
                     e ? strerror(e) : "");
        else
            snprintf(err->message, sizeof err->message, "%s", vnp_status_string(st));
    }
    return st;
}

/* Opens path ("-" or NULL: stdin) and reads it whole: stdin through
 * stdio (it may have been read from before), a file with open(2) and
 * read(2), which take neither stdio's buffer nor its position query. */
static vnp_status read_input(const char *path, bool is_stdin, char **data, size_t *len,
                             vnp_error *err)
{
    int fd = is_stdin ? fileno(stdin) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return read_failed(err, VNP_ERR_IO, "cannot open", errno);
    struct stat st;
    vnp_status status = VNP_OK;
    if (fstat(fd, &st) != 0)
        status = read_failed(err, VNP_ERR_IO, "cannot read", errno);
    else if (S_ISDIR(st.st_mode))
        status = read_failed(err, VNP_ERR_IO, "is a directory", 0);
    else {
        errno = 0;
        status = is_stdin ? read_all(stdin, -1, &st, data, len) : read_all(NULL, fd, &st, data, len);
        if (status != VNP_OK)
            read_failed(err, status, status == VNP_ERR_IO ? "cannot read" : NULL, errno);
    }
    if (!is_stdin)
        close(fd);
    return status;
}

vnp_status vnp_parse_file(const char *path, const vnp_options *options, vnp_document **out,
                          vnp_error *err)
{
    bool is_stdin = !path || strcmp(path, "-") == 0;
    if (err)
        memset(err, 0, sizeof *err);
    if (out)
        *out = NULL;
    if (!out)
        return read_failed(err, VNP_ERR_ARGUMENT, "no output pointer", 0);
    vnp_options opt;
    vnp_status st = options_read(options, &opt, err);
    if (st != VNP_OK)
        return st;
    vnp_allocator a = opt.allocator ? *opt.allocator : (vnp_allocator){0};
    const vnp_allocator *before = mem_use(opt.allocator ? &a : NULL);
    char *data = NULL;
    size_t len = 0;
    st = read_input(path, is_stdin, &data, &len, err);
    if (st == VNP_OK)
        st = parse(data, len, is_stdin ? "-" : path, &opt, out, err, data);
    mem_use(before);
    return st;
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
    case VNP_ERR_FORMAT: return "unreadable document";
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
