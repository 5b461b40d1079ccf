/* PCRE2 patterns, with JIT and with match and depth limits so no input can
 * make a match run away. Built-in patterns (string literals of the code and
 * the embedded grammar files) compile once per process and are shared by
 * every document; a grammar file of the caller's (vnp_options.grammar_dir)
 * compiles per document. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Named limits (documented in README): a pattern gives up, as "no match",
 * past these; the grammars never need more on real text. */
#define VNP_PCRE2_MATCH_LIMIT 1000000u
#define VNP_PCRE2_DEPTH_LIMIT 10000u

/* ---- memory for the JIT compiler ------------------------------------------
 * PCRE2 10.42's JIT compiler can crash when one of its own allocations
 * fails (its failure paths were first tested in later releases). So it
 * never allocates at that moment: each code gets a reserve, allocated
 * before the JIT compiler runs (a failure there is an ordinary error), and
 * the compiler's allocations are served from it. Measured on our grammars,
 * the JIT compiler asks for 20-45 KB plus 45-70 bytes per byte of compiled
 * pattern; the reserve allows more. A larger need (a caller's grammar)
 * falls back to malloc. The reserve lives as long as the code, because
 * the JIT keeps one block from it; freeing the code frees the reserve. */
#define JIT_RESERVE_BASE (48u * 1024u)
#define JIT_RESERVE_PER_BYTE 96u

typedef struct jit_reserve {
    const void *code; /* the compiled pattern served; its free frees this */
    bool active;      /* true while the JIT compiler runs */
    size_t used, cap;
    char *data;
} jit_reserve;

static size_t align_up(size_t n)
{
    size_t a = sizeof(max_align_t);
    return (n + a - 1) / a * a;
}

static void *reserve_malloc(size_t size, void *data)
{
    jit_reserve *r = data;
    size = align_up(size ? size : 1);
    if (r->active && r->cap - r->used >= size) {
        void *p = r->data + r->used;
        r->used += size;
        return p;
    }
    return mem_alloc(size);
}

static bool in_reserve(const jit_reserve *r, const void *p)
{
    const char *c = p;
    return r->data && c >= r->data && c < r->data + r->cap;
}

/* pcre2_code_free frees the code block last: that is when the reserve goes. */
static void reserve_free(void *p, void *data)
{
    jit_reserve *r = data;
    if (in_reserve(r, p))
        return;
    bool last = p && p == r->code;
    mem_free(p);
    if (last) {
        mem_free(r->data);
        mem_free(r);
    }
}

/* JIT-compiles code from its reserve; without JIT (no memory for the
 * reserve is an error, a JIT that cannot compile is not) matching falls back
 * to the interpreter. */
static bool jit_from_reserve(pcre2_code *code, jit_reserve *r)
{
    size_t size = 0;
    pcre2_pattern_info(code, PCRE2_INFO_SIZE, &size);
    r->cap = JIT_RESERVE_BASE + JIT_RESERVE_PER_BYTE * size;
    r->data = mem_alloc(r->cap);
    if (!r->data)
        return false;
    r->active = true;
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    r->active = false;
    return true;
}

pcre2_code *rx_compile_code(const char *src, size_t len, uint32_t options, int *errcode)
{
    jit_reserve *r = mem_calloc(1, sizeof *r);
    pcre2_general_context *gc = r ? pcre2_general_context_create(reserve_malloc, reserve_free, r)
                                  : NULL;
    pcre2_compile_context *cc = gc ? pcre2_compile_context_create(gc) : NULL;
    PCRE2_SIZE erroff;
    *errcode = PCRE2_ERROR_NOMEMORY;
    pcre2_code *code = cc ? pcre2_compile((PCRE2_SPTR)src, len, options, errcode, &erroff, cc)
                          : NULL;
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(gc);
    if (!code) {
        mem_free(r);
        return NULL;
    }
    r->code = code;
    if (!jit_from_reserve(code, r)) {
        pcre2_code_free(code); /* frees r */
        *errcode = PCRE2_ERROR_NOMEMORY;
        return NULL;
    }
    return code;
}

/* ---- codes shared by the process and per-document match data ------------- */

struct rx {
    const char *source; /* identity: the pattern text (static or embedded) */
    const char *name;   /* the grammar file it came from, or NULL */
    pcre2_code *code;
    pcre2_match_data *md;
    bool own_code; /* compiled for this document alone */
    struct rx *next;
};

static const uint32_t RX_OPTIONS = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_CASELESS;

/* A failed compile of a built-in pattern means memory ran out (the tests
 * compile them all); a caller's grammar file may also be wrong, which the
 * document is not told about here. */
static pcre2_code *compile_or_note(const char *src, size_t len, uint32_t options,
                                   bool builtin)
{
    int errcode;
    pcre2_code *code = rx_compile_code(src, len, options, &errcode);
    if (!code && (builtin || errcode < 100))
        vnp_alloc_failed = true;
    return code;
}

typedef struct pattern_source {
    const char *src;
    size_t len;
    uint32_t options;
} pattern_source;

static void *compile_shared(void *ctx)
{
    const pattern_source *p = ctx;
    return compile_or_note(p->src, p->len, p->options, true);
}

static void free_code(void *code) { pcre2_code_free(code); }

/* The process-wide code of a built-in pattern (cache.c), compiled on
 * first use. */
static pcre2_code *shared_code(const char *src, size_t len, uint32_t options)
{
    pattern_source p = {src, len, options};
    return cache_get(src, compile_shared, free_code, &p);
}

/* A caller's grammar file that does not compile is the caller's error:
 * the first one is kept as "NAME:LINE: MESSAGE" for the parse to report
 * (document.c), never a document that quietly lacks what it would find. */
static void note_grammar_error(struct vnp_internal *in, const char *name, const char *src,
                               size_t len, uint32_t options)
{
    int err;
    size_t off = 0;
    pcre2_code *c = rx_compile_plain(src, len, options, &err, &off);
    if (c || err < 100 || in->grammar_error) { /* it compiles: memory ran out */
        pcre2_code_free(c);
        return;
    }
    size_t line = 1; /* an error at the end is on the last line, not after it */
    for (size_t i = 0; i < off && i + 1 < len; i++)
        line += src[i] == '\n';
    PCRE2_UCHAR msg[160];
    if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", err);
    char why[256];
    snprintf(why, sizeof why, "%s:%zu: %s", name, line, (const char *)msg);
    in->grammar_error = arena_strdup(&in->mem, why);
}

/* Compiles src for this document (or takes the shared code of a built-in
 * pattern). A pattern that did not compile is kept too, without a code, so
 * that it is not read and compiled again at every use. */
static struct rx *rx_add(struct vnp_internal *in, const char *src, size_t len, uint32_t options,
                         bool builtin, const char *name)
{
    struct rx *r = arena_alloc(&in->mem, sizeof *r);
    if (!r)
        return NULL;
    r->code = builtin ? shared_code(src, len, options) : compile_or_note(src, len, options, false);
    if (!r->code && !builtin && name)
        note_grammar_error(in, name, src, len, options);
    r->own_code = !builtin;
    r->md = r->code ? pcre2_match_data_create_from_pattern(r->code, NULL) : NULL;
    if (r->code && !r->md) {
        vnp_alloc_failed = true;
        if (r->own_code)
            pcre2_code_free(r->code);
        r->code = NULL;
    }
    r->source = src;
    r->next = in->patterns;
    in->patterns = r;
    return r;
}

void rx_release_all(struct vnp_internal *in)
{
    for (struct rx *r = in->patterns; r; r = r->next) {
        pcre2_match_data_free(r->md);
        if (r->own_code)
            pcre2_code_free(r->code);
    }
    pcre2_match_context_free(in->match_ctx);
    in->patterns = NULL;
    in->match_ctx = NULL;
}

static void *memory_malloc(size_t size, void *data)
{
    (void)data;
    return mem_alloc(size);
}

static void memory_free(void *p, void *data)
{
    (void)data;
    mem_free(p);
}

/* A match context whose memory comes from the document's allocator. */
static pcre2_match_context *match_context_create(void)
{
    pcre2_general_context *gc = pcre2_general_context_create(memory_malloc, memory_free, NULL);
    pcre2_match_context *mc = gc ? pcre2_match_context_create(gc) : NULL;
    pcre2_general_context_free(gc);
    return mc;
}

pcre2_code *rx_compile_plain(const char *src, size_t len, uint32_t options, int *errcode,
                             size_t *erroff)
{
    pcre2_general_context *gc = pcre2_general_context_create(memory_malloc, memory_free, NULL);
    pcre2_compile_context *cc = gc ? pcre2_compile_context_create(gc) : NULL;
    PCRE2_SIZE off = 0;
    *errcode = PCRE2_ERROR_NOMEMORY;
    pcre2_code *code = cc ? pcre2_compile((PCRE2_SPTR)src, len, options, errcode, &off, cc) : NULL;
    pcre2_compile_context_free(cc);
    pcre2_general_context_free(gc);
    *erroff = off;
    return code;
}

static pcre2_match_context *match_context(struct vnp_internal *in)
{
    if (!in->match_ctx) {
        in->match_ctx = match_context_create();
        if (!in->match_ctx)
            vnp_alloc_failed = true;
        if (in->match_ctx) {
            pcre2_set_match_limit(in->match_ctx, VNP_PCRE2_MATCH_LIMIT);
            pcre2_set_depth_limit(in->match_ctx, VNP_PCRE2_DEPTH_LIMIT);
        }
    }
    return in->match_ctx;
}

static struct rx *find(struct vnp_internal *in, const char *source)
{
    struct rx *r = in->patterns;
    while (r && (r->name || r->source != source))
        r = r->next;
    return r;
}

static bool run(struct vnp_internal *in, struct rx *r, const char *s, size_t n, rx_groups *g);

bool rx_match(struct vnp_internal *in, const char *pattern, const char *s, size_t n,
              rx_groups *g)
{
    struct rx *r = find(in, pattern);
    if (!r)
        r = rx_add(in, pattern, strlen(pattern), RX_OPTIONS, true, NULL);
    return run(in, r, s, n, g);
}

/* A grammar file is found by its name: a file of the caller's folder is
 * read and compiled once per document, not at every match. */
bool rx_grammar_match(struct vnp_internal *in, const char *name, const char *s, size_t n,
                      rx_groups *g)
{
    struct rx *r = in->patterns;
    while (r && !(r->name && strcmp(r->name, name) == 0))
        r = r->next;
    if (!r) {
        size_t len, builtin_len;
        const char *src = grammar_text(in, name, &len);
        bool builtin = src && src == lexicon_text(name, &builtin_len);
        r = src ? rx_add(in, src, len, RX_OPTIONS | PCRE2_EXTENDED, builtin, name) : NULL;
        if (r)
            r->name = name;
    }
    return run(in, r, s, n, g);
}

bool rx_uses_jit_entry = true;

/* A pattern with JIT code is matched through the JIT's own entry, which
 * leaves out pcre2_match's checks of arguments known good here (valid
 * UTF-8, a start within the subject, no options) and then runs the same
 * code; a pattern without JIT code answers PCRE2_ERROR_JIT_BADOPTION
 * there, and pcre2_match runs the interpreter. */
static int match_code(const pcre2_code *code, const char *s, size_t n, size_t at, uint32_t opts,
                      pcre2_match_data *md, pcre2_match_context *ctx)
{
    if (opts == 0 && s && at <= n && rx_uses_jit_entry) {
        int rc = pcre2_jit_match(code, (PCRE2_SPTR)s, n, at, 0, md, ctx);
        if (rc != PCRE2_ERROR_JIT_BADOPTION)
            return rc;
    }
    return pcre2_match(code, (PCRE2_SPTR)s, n, at, opts | PCRE2_NO_UTF_CHECK, md, ctx);
}

int rx_pcre2_match(struct vnp_internal *in, const pcre2_code *code, const char *s, size_t n,
                   size_t at, uint32_t opts, pcre2_match_data *md)
{
    pcre2_match_context *ctx = match_context(in);
    if (!ctx)
        return PCRE2_ERROR_NOMEMORY;
    int rc = match_code(code, s, n, at, opts, md, ctx);
    if (rc == PCRE2_ERROR_NOMEMORY)
        vnp_alloc_failed = true;
    else if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
             rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        in->pattern_limit_hits++;
    return rc;
}

int rx_pcre2_match_until(struct vnp_internal *in, const pcre2_code *code, const char *s, size_t n,
                         size_t at, size_t limit, pcre2_match_data *md)
{
    pcre2_match_context *ctx = match_context(in);
    if (!ctx)
        return PCRE2_ERROR_NOMEMORY;
    pcre2_set_offset_limit(ctx, limit);
    int rc = rx_pcre2_match(in, code, s, n, at, 0, md);
    pcre2_set_offset_limit(ctx, PCRE2_UNSET); /* the context serves every pattern */
    return rc;
}

static void copy_groups(pcre2_match_data *md, const char *s, rx_groups *g)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    memset(g, 0, sizeof *g);
    for (uint32_t k = 0; k < pairs && k < RX_MAX_GROUPS; k++) {
        if (ov[2 * k] == PCRE2_UNSET)
            continue;
        g->start[k] = s + ov[2 * k];
        g->len[k] = ov[2 * k + 1] - ov[2 * k];
    }
}

static bool run(struct vnp_internal *in, struct rx *r, const char *s, size_t n, rx_groups *g)
{
    if (!r || !r->code || rx_pcre2_match(in, r->code, s, n, 0, 0, r->md) <= 0)
        return false;
    if (g)
        copy_groups(r->md, s, g);
    return true;
}

bool rx_builtin_grammar_match(const char *name, const char *s, size_t n, rx_groups *g)
{
    size_t len;
    const char *src = lexicon_text(name, &len);
    pcre2_code *code = src ? shared_code(src, len, RX_OPTIONS | PCRE2_EXTENDED) : NULL;
    pcre2_match_data *md = code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    if (!md) {
        vnp_alloc_failed |= code != NULL;
        return false;
    }
    /* the text is the caller's: checked as UTF-8 here (invalid: no match) */
    int rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    vnp_alloc_failed |= rc == PCRE2_ERROR_NOMEMORY;
    if (rc > 0 && g)
        copy_groups(md, s, g);
    pcre2_match_data_free(md);
    return rc > 0;
}
