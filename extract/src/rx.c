/* PCRE2 patterns, compiled once per document on first use, with JIT and
 * with match and depth limits so no input can make a match run away. */
#include "internal.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Named limits (documented in README): a pattern gives up, as "no match",
 * past these; the grammars never need more on real text. */
#define VNP_PCRE2_MATCH_LIMIT 1000000u
#define VNP_PCRE2_DEPTH_LIMIT 10000u

struct rx {
    const char *pattern; /* identity: the caller's static string, or a grammar file name */
    bool from_file;
    pcre2_code *code;
    pcre2_match_data *md;
    struct rx *next;
};

static struct rx *rx_compile(struct vnp_internal *in, const char *pattern, size_t len,
                             uint32_t extra)
{
    struct rx *r = arena_alloc(&in->mem, sizeof *r);
    if (!r)
        return NULL;
    int errcode;
    PCRE2_SIZE erroff;
    r->code = pcre2_compile((PCRE2_SPTR)pattern, len,
                            PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_CASELESS | extra,
                            &errcode, &erroff, NULL);
    if (!r->code) {
        /* the built-in patterns are valid (the tests compile them all):
         * failing here means memory ran out */
        if (errcode == PCRE2_ERROR_HEAPLIMIT || errcode < 100 || !in->grammar_dir)
            vnp_alloc_failed = true;
        return NULL;
    }
    pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
    if (!r->md) {
        vnp_alloc_failed = true;
        pcre2_code_free(r->code);
        return NULL;
    }
    r->pattern = pattern;
    r->next = in->patterns;
    in->patterns = r;
    return r;
}

void rx_release_all(struct vnp_internal *in)
{
    for (struct rx *r = in->patterns; r; r = r->next) {
        pcre2_match_data_free(r->md);
        pcre2_code_free(r->code);
    }
    pcre2_match_context_free(in->match_ctx);
    in->patterns = NULL;
    in->match_ctx = NULL;
}

static pcre2_match_context *match_context(struct vnp_internal *in)
{
    if (!in->match_ctx) {
        in->match_ctx = pcre2_match_context_create(NULL);
        if (!in->match_ctx)
            vnp_alloc_failed = true;
        if (in->match_ctx) {
            pcre2_set_match_limit(in->match_ctx, VNP_PCRE2_MATCH_LIMIT);
            pcre2_set_depth_limit(in->match_ctx, VNP_PCRE2_DEPTH_LIMIT);
        }
    }
    return in->match_ctx;
}

static bool run(struct vnp_internal *in, struct rx *r, const char *s, size_t n, rx_groups *g);

bool rx_match(struct vnp_internal *in, const char *pattern, const char *s, size_t n,
              rx_groups *g)
{
    struct rx *r = in->patterns;
    while (r && (r->from_file || r->pattern != pattern))
        r = r->next;
    if (!r)
        r = rx_compile(in, pattern, PCRE2_ZERO_TERMINATED, 0);
    return run(in, r, s, n, g);
}

bool rx_grammar_match(struct vnp_internal *in, const char *name, const char *s, size_t n,
                      rx_groups *g)
{
    struct rx *r = in->patterns;
    while (r && !(r->from_file && strcmp(r->pattern, name) == 0))
        r = r->next;
    if (!r) {
        size_t len;
        const char *src = grammar_text(in, name, &len);
        r = src ? rx_compile(in, src, len, PCRE2_EXTENDED) : NULL;
        if (r) {
            r->pattern = name;
            r->from_file = true;
        }
    }
    return run(in, r, s, n, g);
}

static bool run(struct vnp_internal *in, struct rx *r, const char *s, size_t n, rx_groups *g)
{
    pcre2_match_context *ctx = match_context(in);
    if (!r || !ctx)
        return false;
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, r->md, ctx);
    if (rc <= 0)
        return false;
    if (g) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        uint32_t pairs = pcre2_get_ovector_count(r->md);
        memset(g, 0, sizeof *g);
        for (uint32_t k = 0; k < pairs && k < RX_MAX_GROUPS; k++) {
            if (ov[2 * k] == PCRE2_UNSET)
                continue;
            g->start[k] = s + ov[2 * k];
            g->len[k] = ov[2 * k + 1] - ov[2 * k];
        }
    }
    return true;
}
