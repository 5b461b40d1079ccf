/* Reference stage: find every mention of a legal or administrative
 * document in the paragraphs, table cells and footnotes.
 *
 * The grammar is data (grammars/reference.pcre, date.pcre), compiled once
 * per document with the type words of doctypes.tsv put in. For each
 * mention the stage reads the number, the year in the symbol, the symbol
 * (repaired to its canonical form, keeping what was written), the date and
 * the issuer named by "của ..." right after it, and the title that follows.
 * Laws cited by name ("Luật Tổ chức chính quyền địa phương") are found by
 * a word rule. Resolution and checks are the next stage (citations.c). */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define ISSUER_MAX_WORDS 30
#define TITLE_MAX_BYTES 400
#define LAW_NAME_MAX_WORDS 14

typedef struct grammar {
    pcre2_code *ref, *date, *law;
    bool shared;       /* the built-in codes, compiled once per process */
    pcre2_match_data *md, *date_md, *law_md;
    struct vnp_internal *in; /* whose match context and limit count serve */
    uint32_t g_type, g_num, g_year, g_sym, g_sym2, g_year2, g_psym;
    uint32_t g_d, g_m, g_y, g_m2, g_y2;
    uint32_t g_lnum, g_lyear, g_lsym;
} grammar;

typedef struct scan_unit {
    const char *text;
    size_t len;
    const line_piece *pieces; /* where each source line starts in text */
    size_t piece_count;
    size_t line;              /* the line when there are no pieces */
    vnp_role role;
    /* where the last mention was placed: mentions come in text order, so
     * columns are counted from there, not from the line start each time */
    size_t mark_offset, mark_column, mark_piece;
} scan_unit;

/* ---- grammar building ------------------------------------------------- */

/* The type words of doctypes.tsv as one alternation, longest first, so
 * "Thông tư liên tịch" wins over "Thông tư". */
static void append_type_words(struct vnp_internal *in, strbuf *out)
{
    size_t len;
    const char *t = grammar_text(in, "doctypes.tsv", &len);
    const char *words[128];
    size_t lens[128], n = 0;
    for (size_t pos = 0; t && pos < len && n < 128;) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *tab = memchr(t + pos, '\t', end - pos);
        if (t[pos] != '#' && tab) {
            words[n] = t + pos;
            lens[n++] = (size_t)(tab - (t + pos));
        }
        pos = end + 1;
    }
    sb_puts(out, "(?i:");
    for (size_t emitted = 0; emitted < n; emitted++) {
        size_t best = 0;
        for (size_t k = 1; k < n; k++)
            if (lens[k] > lens[best])
                best = k;
        if (emitted)
            sb_putc(out, '|');
        for (size_t c = 0; c < lens[best]; c++)
            sb_puts(out, words[best][c] == ' ' ? "\\s+" : (char[]){words[best][c], 0});
        lens[best] = 0;
    }
    sb_puts(out, ")");
}

static pcre2_code *compile_grammar(struct vnp_internal *in, const char *name, bool with_types)
{
    size_t len;
    const char *src = grammar_text(in, name, &len);
    if (!src)
        return NULL;
    strbuf pat = {0};
    for (const char *s = src, *end = src + len; s < end;) {
        const char *at = with_types ? strstr(s, "@TYPES@") : NULL;
        if (!at || at >= end) {
            sb_append(&pat, s, (size_t)(end - s));
            break;
        }
        sb_append(&pat, s, (size_t)(at - s));
        append_type_words(in, &pat);
        s = at + 7;
    }
    int err;
    pcre2_code *code = pat.failed ? NULL
                                  : rx_compile_code(pat.data, pat.len,
                                                    PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP |
                                                        PCRE2_NO_UTF_CHECK,
                                                    &err);
    sb_free(&pat);
    return code;
}

static uint32_t group(pcre2_code *c, const char *name)
{
    int n = pcre2_substring_number_from_name(c, (PCRE2_SPTR)name);
    return n > 0 ? (uint32_t)n : 0;
}

static void grammar_free(grammar *g)
{
    pcre2_match_data_free(g->md);
    pcre2_match_data_free(g->date_md);
    pcre2_match_data_free(g->law_md);
    if (!g->shared) {
        pcre2_code_free(g->ref);
        pcre2_code_free(g->date);
        pcre2_code_free(g->law);
    }
}

/* The built-in grammar compiles (with JIT) once per process; documents
 * share the read-only codes and keep their own match data. A grammar
 * folder of the caller's (vnp_options.grammar_dir) compiles per document. */
static pcre2_code *builtin_ref, *builtin_date, *builtin_law;
static pthread_mutex_t builtin_lock = PTHREAD_MUTEX_INITIALIZER;

/* Compiles the built-in codes unless done; a failure (out of memory) is
 * not remembered, so a later document tries again. */
static bool compile_builtin(void)
{
    pthread_mutex_lock(&builtin_lock);
    if (!builtin_ref || !builtin_date || !builtin_law) {
        struct vnp_internal none;
        memset(&none, 0, sizeof none);
        pcre2_code *r = compile_grammar(&none, "reference.pcre", true);
        pcre2_code *d = compile_grammar(&none, "date.pcre", false);
        pcre2_code *l = compile_grammar(&none, "law_number.pcre", false);
        if (r && d && l) {
            builtin_ref = r;
            builtin_date = d;
            builtin_law = l;
        } else {
            pcre2_code_free(r);
            pcre2_code_free(d);
            pcre2_code_free(l);
        }
    }
    bool ok = builtin_ref != NULL;
    pthread_mutex_unlock(&builtin_lock);
    return ok;
}

static bool grammar_load(struct vnp_internal *in, grammar *g)
{
    memset(g, 0, sizeof *g);
    if (in->grammar_dir) {
        g->ref = compile_grammar(in, "reference.pcre", true);
        g->date = compile_grammar(in, "date.pcre", false);
        g->law = compile_grammar(in, "law_number.pcre", false);
    } else if (compile_builtin()) {
        g->ref = builtin_ref;
        g->date = builtin_date;
        g->law = builtin_law;
        g->shared = true;
    } else {
        vnp_alloc_failed = true; /* the built-in patterns are valid: memory ran out */
        return false;
    }
    g->in = in;
    if (!g->ref || !g->date || !g->law)
        return false;
    g->md = pcre2_match_data_create_from_pattern(g->ref, NULL);
    g->date_md = pcre2_match_data_create_from_pattern(g->date, NULL);
    g->law_md = pcre2_match_data_create_from_pattern(g->law, NULL);
    g->g_lnum = group(g->law, "num");
    g->g_lyear = group(g->law, "year");
    g->g_lsym = group(g->law, "sym");
    g->g_type = group(g->ref, "type");
    g->g_num = group(g->ref, "num");
    g->g_year = group(g->ref, "year");
    g->g_sym = group(g->ref, "sym");
    g->g_sym2 = group(g->ref, "sym2");
    g->g_year2 = group(g->ref, "year2");
    g->g_psym = group(g->ref, "psym");
    g->g_d = group(g->date, "d");
    g->g_m = group(g->date, "m");
    g->g_y = group(g->date, "y");
    g->g_m2 = group(g->date, "m2");
    g->g_y2 = group(g->date, "y2");
    if (!g->md || !g->date_md || !g->law_md)
        vnp_alloc_failed = true;
    return g->md && g->date_md && g->law_md;
}

/* ---- small text helpers ------------------------------------------------ */

typedef struct span {
    const char *s;
    size_t n;
} span;

static span get_group(const pcre2_match_data *md, const char *subject, uint32_t k)
{
    span out = {NULL, 0};
    if (k == 0 || k >= pcre2_get_ovector_count((pcre2_match_data *)md))
        return out;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer((pcre2_match_data *)md);
    if (ov[2 * k] == PCRE2_UNSET)
        return out;
    out.s = subject + ov[2 * k];
    out.n = ov[2 * k + 1] - ov[2 * k];
    return out;
}

static int span_int(span v)
{
    int x = 0;
    for (size_t i = 0; i < v.n && i < 6; i++)
        x = x * 10 + (v.s[i] - '0');
    return x;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

static size_t word_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ' ' && !strchr(",;:()", s[i]))
        i++;
    /* a full stop ends a word only at the end of a sentence */
    while (i > 0 && s[i - 1] == '.')
        i--;
    return i;
}

/* ---- symbols ---------------------------------------------------------- */

static bool is_type_code(struct vnp_internal *in, const char *s, size_t n)
{
    return lexicon_has_value(in, "doctypes.tsv", s, n);
}

static bool is_issuer_code(struct vnp_internal *in, const char *s, size_t n)
{
    return lexicon_has_word(in, "issuers.tsv", s, n);
}

/* Party committees (TW, TU...) number their documents "57-NQ/TW". */
static bool is_party_committee(const char *s, size_t n)
{
    static const char *const committees[] = {"TW", "TU", "HU", "ĐU", "QU", "TƯ", NULL};
    for (size_t i = 0; committees[i]; i++)
        if (strlen(committees[i]) == n && memcmp(committees[i], s, n) == 0)
            return true;
    return false;
}

/* Canonical symbol: no spaces around separators, every dash a hyphen, a
 * missing hyphen between type and issuer code put back (NQCP -> NQ-CP), a
 * Party committee's document in its own pattern (NQ-TU -> NQ/TU). */
static void canonical_symbol(struct vnp_internal *in, span raw, strbuf *out)
{
    for (size_t i = 0; i < raw.n;) {
        size_t w;
        int32_t cp = utf8_decode(raw.s + i, raw.n - i, &w);
        if (cp == ' ') {
        } else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2010 || cp == 0x2212) {
            sb_putc(out, '-');
        } else {
            sb_append(out, raw.s + i, w);
        }
        i += w;
    }
    if (out->failed || !out->data)
        return;
    char *s = out->data;
    size_t n = out->len;
    if (!memchr(s, '-', n) && !memchr(s, '/', n)) {
        for (size_t k = 1; k < n; k++)
            if (is_type_code(in, s, k) && is_issuer_code(in, s + k, n - k)) {
                strbuf fixed = {0};
                sb_append(&fixed, s, k);
                sb_putc(&fixed, '-');
                sb_append(&fixed, s + k, n - k);
                sb_free(out);
                *out = fixed;
                return;
            }
        return;
    }
    char *dash = memchr(s, '-', n);
    if (dash && !memchr(s, '/', n) && !memchr(dash + 1, '-', n - (size_t)(dash + 1 - s)) &&
        is_type_code(in, s, (size_t)(dash - s)) &&
        is_party_committee(dash + 1, n - (size_t)(dash + 1 - s)))
        *dash = '/';
}

/* ---- dates, issuers, titles ------------------------------------------- */

/* Reads a date at s[i]; returns the index after it, or i. */
static size_t read_date(vnp_document *doc, grammar *g, const scan_unit *u, size_t i,
                        vnp_reference *r)
{
    int rc = rx_pcre2_match(g->in, g->date, u->text, u->len, i, PCRE2_ANCHORED, g->date_md);
    if (rc <= 0)
        return i;
    span d = get_group(g->date_md, u->text, g->g_d);
    span m = get_group(g->date_md, u->text, g->g_m);
    span y = get_group(g->date_md, u->text, g->g_y);
    if (!m.s) {
        m = get_group(g->date_md, u->text, g->g_m2);
        y = get_group(g->date_md, u->text, g->g_y2);
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(g->date_md);
    int yy = span_int(y), mm = span_int(m), dd = span_int(d);
    size_t start = skip_spaces(u->text, u->len, i);
    if (u->text[start] == ',')
        start = skip_spaces(u->text, u->len, start + 1);
    r->date.text = arena_strndup(&doc->internal->mem, u->text + start, ov[1] - start);
    r->date.line = r->line;
    if (valid_ymd(yy, mm, dd)) {
        r->date.year = yy;
        r->date.month = mm;
        r->date.day = dd;
    } else {
        diag_add(doc, VNP_SEV_ERROR, "impossible-date", r->line,
                 "impossible date '%s' after %s", r->date.text, r->text ? r->text : "reference");
    }
    return ov[1];
}

static bool is_type_word_at(struct vnp_internal *in, const char *s, size_t n)
{
    return lexicon_prefix(in, "doctypes.tsv", s, n, NULL) && !is_vn_lower_start(s, n);
}

/* "và" joins two bodies ("Bộ Chính trị và Ban Bí thư") or two words of one
 * name ("sắp xếp ... và xây dựng"), but before a type word or "các" it
 * starts the next item of a list: the issuer ended before it. */
static bool list_conjunction(struct vnp_internal *in, const char *s, size_t n)
{
    if (n < 4 || strncmp(s, "và ", 4) != 0)
        return false;
    size_t k = skip_spaces(s, n, 4);
    return k >= n || strchr(",;:().", s[k]) || is_type_word_at(in, s + k, n - k) ||
           starts_with_ci(s + k, n - k, "các ") || starts_with_ci(s + k, n - k, "những ");
}

static bool stops_issuer(struct vnp_internal *in, const char *s, size_t n)
{
    return lexicon_prefix(in, "issuer_stops.tsv", s, n, NULL) || is_type_word_at(in, s, n) ||
           list_conjunction(in, s, n);
}

/* "của <issuer>" right after the mention (and its date). */
static size_t read_issuer(vnp_document *doc, const scan_unit *u, size_t i, vnp_reference *r)
{
    struct vnp_internal *in = doc->internal;
    const char *s = u->text;
    size_t n = u->len, k = skip_spaces(s, n, i);
    if (k < n && s[k] == ',')
        k = skip_spaces(s, n, k + 1);
    if (n - k < 5 || strncmp(s + k, "của ", 5) != 0)
        return i;
    size_t start = skip_spaces(s, n, k + 5), end = start;
    for (size_t w = start, words = 0; w < n && words < ISSUER_MAX_WORDS; words++) {
        if (strchr(",;:().", s[w]) || (words > 0 && stops_issuer(in, s + w, n - w)))
            break;
        size_t e = word_end(s, n, w);
        if (e == w)
            break;
        end = e;
        w = skip_spaces(s, n, e);
    }
    if (end > start)
        r->issuer = arena_strndup(&in->mem, s + start, end - start);
    return end > start ? end : i;
}

/* The subject that follows: "về ...", "ban hành ...", up to the clause end. */
static void read_title(vnp_document *doc, const scan_unit *u, size_t i, vnp_reference *r)
{
    const char *s = u->text;
    size_t n = u->len, k = skip_spaces(s, n, i);
    if (k < n && s[k] == ',')
        k = skip_spaces(s, n, k + 1);
    if (!(starts_with_ci(s + k, n - k, "về ") || starts_with_ci(s + k, n - k, "ban hành ") ||
          starts_with_ci(s + k, n - k, "V/v ") || starts_with_ci(s + k, n - k, "quy định ") ||
          starts_with_ci(s + k, n - k, "hướng dẫn ") || starts_with_ci(s + k, n - k, "sửa đổi")))
        return;
    size_t e = k;
    while (e < n && e - k < TITLE_MAX_BYTES && s[e] != ';' && s[e] != '\t' &&
           !(s[e] == '.' && (e + 1 == n || s[e + 1] == ' ')))
        e++;
    e = utf8_boundary(s, e);
    while (e > k && (s[e - 1] == ' ' || s[e - 1] == ','))
        e--;
    r->title = arena_strndup(&doc->internal->mem, s + k, e - k);
}

/* ---- one mention -------------------------------------------------------- */

/* The type word as the lexicon spells it ("NGHỊ QUYẾT" is "Nghị quyết"),
 * and its code, NULL for types without one. */
static const char *type_word(vnp_document *doc, span t, const char **code)
{
    struct vnp_internal *in = doc->internal;
    const char *c = lexicon_lookup(in, "doctypes.tsv", t.s, t.n);
    const char *word = lexicon_word(in, "doctypes.tsv", t.s, t.n);
    *code = c && strcmp(c, "-") != 0 ? c : NULL;
    return word ? word : arena_strndup(&in->mem, t.s, t.n);
}

static void set_symbol(vnp_document *doc, vnp_reference *r, span raw)
{
    struct vnp_internal *in = doc->internal;
    while (raw.n && raw.s[raw.n - 1] == ' ')
        raw.n--;
    strbuf canon = {0};
    canonical_symbol(in, raw, &canon);
    if (canon.failed || !canon.data) {
        sb_free(&canon);
        return;
    }
    r->symbol = arena_strndup(&in->mem, canon.data, canon.len);
    if (canon.len != raw.n || memcmp(canon.data, raw.s, raw.n) != 0)
        r->symbol_raw = arena_strndup(&in->mem, raw.s, raw.n);
    sb_free(&canon);
}

static vnp_reference *new_reference(vnp_document *doc, vec *out, const scan_unit *u, size_t at)
{
    vnp_reference *r = vec_push(&doc->internal->mem, out);
    if (!r)
        return NULL;
    scan_unit *m = (scan_unit *)u; /* the position mark is scratch state */
    if (m->mark_column == 0 || at < m->mark_offset) {
        m->mark_offset = 0;
        m->mark_column = 1;
        m->mark_piece = 0;
    }
    size_t piece = m->mark_piece;
    while (piece < u->piece_count && u->pieces[piece].offset <= at) {
        if (u->pieces[piece].offset > m->mark_offset) {
            m->mark_offset = u->pieces[piece].offset;
            m->mark_column = 1;
        }
        piece++;
    }
    m->mark_piece = piece;
    r->line = piece ? u->pieces[piece - 1].line : u->line;
    for (size_t k = m->mark_offset; k < at; k++)
        m->mark_column += ((unsigned char)u->text[k] & 0xC0) != 0x80;
    m->mark_offset = at;
    r->column = m->mark_column;
    r->role = u->role;
    return r;
}

/* Reads date, issuer and title after the mention; sets the text. */
static void finish_mention(vnp_document *doc, grammar *g, const scan_unit *u, size_t start,
                           size_t end, vnp_reference *r)
{
    r->text = arena_strndup(&doc->internal->mem, u->text + start, end - start);
    size_t after = read_date(doc, g, u, end, r);
    if (after != end)
        r->text = arena_strndup(&doc->internal->mem, u->text + start, after - start);
    size_t after_issuer = read_issuer(doc, u, after, r);
    read_title(doc, u, after_issuer, r);
}

/* "190/2025/QH15 QH15 ngày ...": a symbol written twice is read once; the
 * mention's text keeps both, as written. */
static size_t skip_repeated(const scan_unit *u, size_t end, span sym)
{
    size_t k = skip_spaces(u->text, u->len, end);
    if (sym.s && k > end && u->len - k >= sym.n && memcmp(u->text + k, sym.s, sym.n) == 0 &&
        (k + sym.n == u->len || u->text[k + sym.n] == ' ' || u->text[k + sym.n] == ','))
        return k + sym.n;
    return end;
}

static size_t read_mention(vnp_document *doc, grammar *g, const scan_unit *u, vec *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(g->md);
    vnp_reference *r = new_reference(doc, out, u, ov[0]);
    if (!r)
        return u->len;
    arena *a = &doc->internal->mem;
    const char *code = NULL;
    r->type = type_word(doc, get_group(g->md, u->text, g->g_type), &code);
    r->type_code = code;
    span num = get_group(g->md, u->text, g->g_num);
    r->number = arena_strndup(a, num.s, num.n);
    span year = get_group(g->md, u->text, g->g_year);
    if (!year.s)
        year = get_group(g->md, u->text, g->g_year2);
    r->year = year.s ? span_int(year) : 0;
    span sym = get_group(g->md, u->text, g->g_psym);
    if (!sym.s)
        sym = get_group(g->md, u->text, g->g_sym);
    if (!sym.s)
        sym = get_group(g->md, u->text, g->g_sym2);
    if (sym.s)
        set_symbol(doc, r, sym);
    size_t end = skip_repeated(u, ov[1], sym);
    finish_mention(doc, g, u, ov[0], end, r);
    return end;
}

/* ---- laws cited by name ---------------------------------------------- */

static bool law_name_stop(struct vnp_internal *in, const char *s, size_t n)
{
    static const char *const stops[] = {"được", "số", "ngày", "của", "đã", "theo", "để", "thì",
                                        "có", "với", "trong", "khi", "là", "này", "các", "tại",
                                        "nhằm", "hoặc", "đến", "về", "sửa", "trên", "hiện",
                                        NULL};
    size_t e = word_end(s, n, 0);
    for (size_t k = 0; stops[k]; k++)
        if (strlen(stops[k]) == e && memcmp(stops[k], s, e) == 0)
            return true;
    return list_conjunction(in, s, n) || is_type_word_at(in, s, n);
}

/* "Luật <Name> [năm YYYY]": returns the end of the name, or 0. A name may
 * hold commas and "và" ("Luật Khoa học, công nghệ và đổi mới sáng tạo");
 * a comma before a capital, a type word or a stop word ends it. */
static size_t law_name_end(struct vnp_internal *in, const char *s, size_t n, size_t i)
{
    size_t end = 0;
    for (size_t w = i, words = 0; w < n && words < LAW_NAME_MAX_WORDS; words++) {
        if (s[w] == ',') {
            size_t k = skip_spaces(s, n, w + 1);
            if (k >= n || !is_vn_lower_start(s + k, n - k) || law_name_stop(in, s + k, n - k))
                break;
            w = k;
        }
        if (strchr(",;:()\t", s[w]) || (words > 0 && law_name_stop(in, s + w, n - w)))
            break;
        size_t e = word_end(s, n, w);
        if (e == w)
            break;
        end = e;
        w = skip_spaces(s, n, e);
    }
    return end;
}

/* "Thư viện Pháp Luật", "Pháp luật": a capital word before "Luật" makes it
 * part of another name, not the citation of a law. */
static bool inside_name(const char *s, size_t at)
{
    if (at < 2 || s[at - 1] != ' ')
        return false;
    size_t k = at - 1;
    while (k > 0 && s[k - 1] != ' ')
        k--;
    return !is_vn_lower_start(s + k, at - 1 - k) && !strchr(",;:(\"", s[at - 2]) &&
           !(s[k] >= '0' && s[k] <= '9');
}

/* "... số 72/2025/QH15" after a law's name. */
static size_t read_law_number(vnp_document *doc, grammar *g, const scan_unit *u, size_t end,
                              vnp_reference *r)
{
    int rc = rx_pcre2_match(g->in, g->law, u->text, u->len, end, PCRE2_ANCHORED, g->law_md);
    if (rc <= 0)
        return end;
    span num = get_group(g->law_md, u->text, g->g_lnum);
    r->number = arena_strndup(&doc->internal->mem, num.s, num.n);
    r->year = span_int(get_group(g->law_md, u->text, g->g_lyear));
    set_symbol(doc, r, get_group(g->law_md, u->text, g->g_lsym));
    return pcre2_get_ovector_pointer(g->law_md)[1];
}

static void scan_laws(vnp_document *doc, grammar *g, const scan_unit *u, vec *out)
{
    const char *s = u->text;
    size_t n = u->len;
    for (const char *hit = s; (hit = strstr(hit, "Luật ")) != NULL && (size_t)(hit - s) < n;
         hit += strlen("Luật ")) {
        size_t at = (size_t)(hit - s), name = at + strlen("Luật ");
        bool boundary = at == 0 || s[at - 1] == ' ' || s[at - 1] == '(' || s[at - 1] == '"';
        if (!boundary || inside_name(s, at) || name >= n || is_vn_lower_start(s + name, n - name) ||
            (s[name] >= '0' && s[name] <= '9'))
            continue;
        size_t end = law_name_end(doc->internal, s, n, name);
        if (!end)
            continue;
        vnp_reference *r = new_reference(doc, out, u, at);
        if (!r)
            return;
        r->type = "Luật";
        r->title = arena_strndup(&doc->internal->mem, s + name, end - name);
        size_t after = read_law_number(doc, g, u, end, r);
        finish_mention(doc, g, u, at, after, r);
        r->title = arena_strndup(&doc->internal->mem, s + name, end - name);
    }
}

/* ---- scanning ----------------------------------------------------------- */

static void scan_unit_text(vnp_document *doc, grammar *g, const scan_unit *u, vec *out)
{
    for (size_t at = 0; at < u->len;) {
        int rc = rx_pcre2_match(g->in, g->ref, u->text, u->len, at, 0, g->md);
        if (rc <= 0)
            break;
        at = read_mention(doc, g, u, out);
    }
    scan_laws(doc, g, u, out); /* the final sort puts them in text order */
}

/* Is there a preamble paragraph on this line? (They are in line order.) */
static bool in_preamble(const vnp_document *doc, size_t line)
{
    size_t lo = 0, hi = doc->preamble_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->preamble[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->preamble_count && doc->preamble[lo].line == line;
}

static vnp_role para_role(const vnp_document *doc, size_t i, const para *p)
{
    if (doc->annex_count && p->line >= doc->annexes[0].line)
        return VNP_ROLE_ANNEX;
    if (i < doc->internal->body_start && in_preamble(doc, p->line))
        return VNP_ROLE_BASIS;
    return VNP_ROLE_BODY;
}

static bool in_table(const vnp_document *doc, size_t line)
{
    for (size_t t = 0; t < doc->table_count; t++)
        if (doc->tables[t].line <= line && line <= doc->tables[t].end_line)
            return true;
    return false;
}

static void scan_table_cells(vnp_document *doc, grammar *g, vec *out)
{
    const struct vnp_internal *in = doc->internal;
    const cell_text *c = in->table_cells.items;
    size_t first_annex = doc->annex_count ? doc->annexes[0].line : (size_t)-1;
    for (size_t i = 0; i < in->table_cells.count; i++) {
        size_t line = c[i].piece_count ? c[i].pieces[0].line : 0;
        scan_unit u = {c[i].text, strlen(c[i].text), c[i].pieces, c[i].piece_count, line,
                       line >= first_annex ? VNP_ROLE_ANNEX : VNP_ROLE_BODY, 0, 0, 0};
        scan_unit_text(doc, g, &u, out);
    }
}

static int by_position(const void *a, const void *b)
{
    const vnp_reference *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return 0;
}

static void scan_paragraphs(vnp_document *doc, grammar *g, vec *out)
{
    struct vnp_internal *in = doc->internal;
    size_t foot = 0;
    for (size_t i = 0; i < in->para_count; i++) {
        const para *p = &in->paras[i];
        /* footnotes printed before this paragraph come first, in line order */
        for (; foot < in->footnote_para_count && in->footnote_paras[foot].line < p->line; foot++) {
            const para *f = &in->footnote_paras[foot];
            scan_unit u = {f->text, f->len, NULL, 0, f->line, VNP_ROLE_FOOTNOTE, 0, 0, 0};
            scan_unit_text(doc, g, &u, out);
        }
        if (i < in->title_end)
            continue; /* the header: the document's own number and title */
        vnp_role role = para_role(doc, i, p);
        if (p->kind == PARA_ROW) {
            if (in_table(doc, p->line))
                continue; /* read from the rebuilt table cells */
            for (size_t c = 0; c < p->cell_count; c++) {
                scan_unit u = {p->cells[c], strlen(p->cells[c]), NULL, 0, p->cell_lines[c], role, 0, 0, 0};
                scan_unit_text(doc, g, &u, out);
            }
        } else {
            scan_unit u = {p->text, p->len, p->pieces, p->piece_count, p->line, role, 0, 0, 0};
            scan_unit_text(doc, g, &u, out);
        }
    }
    for (; foot < in->footnote_para_count; foot++) {
        const para *f = &in->footnote_paras[foot];
        scan_unit u = {f->text, f->len, NULL, 0, f->line, VNP_ROLE_FOOTNOTE, 0, 0, 0};
        scan_unit_text(doc, g, &u, out);
    }
}

void refs_extract(vnp_document *doc)
{
    grammar g;
    if (!grammar_load(doc->internal, &g)) {
        grammar_free(&g);
        diag_add(doc, VNP_SEV_ERROR, "grammar", 0, "the reference grammar did not compile");
        return;
    }
    vec out = {.size = sizeof(vnp_reference)};
    scan_paragraphs(doc, &g, &out);
    scan_table_cells(doc, &g, &out);
    grammar_free(&g);
    /* document order: two mentions never start at one line and column */
    if (out.count > 1)
        qsort(out.items, out.count, sizeof(vnp_reference), by_position);
    doc->references = out.items;
    doc->reference_count = out.count;
}
