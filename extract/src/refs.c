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
#include "ref_window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

/* Bounds against run-on text, far above any real issuer or name: where
 * they end is read from the words (stops, punctuation, lexicons). */
#define ISSUER_MAX_WORDS 30
#define TITLE_MAX_BYTES 400
#define LAW_NAME_MAX_WORDS 40

/* The words that name a law (grammars/law_words.tsv), as written. */
#define LAW_WORDS_MAX 32
#define LAW_FIRST_BYTES 8 /* distinct first bytes the 16-byte scan tests */
_Static_assert(LAW_WORDS_MAX <= 32, "law_words.rows_of holds a bit for each row");
typedef struct law_words {
    size_t count;
    const char *word[LAW_WORDS_MAX];
    size_t len[LAW_WORDS_MAX];
    bool constitution[LAW_WORDS_MAX];
    bool first[256];  /* the bytes a law word starts with */
    uint32_t rows_of[256]; /* by first byte: bit k for row k */
    unsigned char firsts[LAW_FIRST_BYTES][16]; /* each 16 times; the slots past them repeat one */
    size_t first_count; /* distinct first bytes; more than LAW_FIRST_BYTES: a byte at a time */
    /* by first byte, the second bytes its rows go on with, as bits (all
     * 256 for a row of one byte): most capitals the scans meet ("Ban",
     * "Long", "Phòng", "Hội") go on with none, and are passed over
     * without the rows compared */
    uint8_t second_set[256];             /* first byte -> its set's index + 1, 0: none */
    uint64_t seconds[LAW_WORDS_MAX][4];
} law_words;

/* The connective words the reader compares a text with
 * (grammars/ref_connectives.tsv, whose head says what each role is), by
 * role, each role with its test. */
enum connective {
    CW_AND,
    CW_PLURAL,
    CW_NUMBER,
    CW_OF,
    CW_DATE,
    CW_YEAR,
    CW_LAW,
    CW_LAW_LOWER,
    CW_AMEND,
    CW_DRAFT,
    CW_DRAFT_KIND,
    CW_REVISED,
    CW_REVISED_CLOSED,
    CW_SUPPLEMENT,
    CW_SUBJECT,
    CW_ASSEMBLY, /* asked by citations.c, read here with the rest of the file */
    CW_COUNT
};
static const role_spec connective_roles[CW_COUNT] = {
    [CW_AND] = {"and", WORD_FIRST},
    [CW_PLURAL] = {"plural", WORD_FIRST},
    [CW_NUMBER] = {"number", WORD_FIRST},
    [CW_OF] = {"of", WORD_FIRST},
    [CW_DATE] = {"date", WORD_FIRST},
    [CW_YEAR] = {"year", WORD_FIRST},
    [CW_LAW] = {"law", WORD_FIRST},
    [CW_LAW_LOWER] = {"law_lower", WORD_THEN_SPACE},
    [CW_AMEND] = {"amend", WORD_FIRST},
    [CW_DRAFT] = {"draft", WORD_FIRST},
    [CW_DRAFT_KIND] = {"draft_kind", WORD_FIRST},
    [CW_REVISED] = {"revised", WORD_OPENS},
    [CW_REVISED_CLOSED] = {"revised_closed", WORD_OPENS},
    [CW_SUPPLEMENT] = {"supplement", WORD_OPENS},
    [CW_SUBJECT] = {"subject", WORD_OPENS},
    [CW_ASSEMBLY] = {"assembly", WORD_OPENS},
};
#define CONNECTIVES_FILE "ref_connectives.tsv"

/* The letters a role's rows open with, as the word lists compare them
 * (key_first_base): a text whose first letter is told and is none of them
 * meets no row of the role, under any of the three tests, so most texts
 * are answered without a row compared. Not told (told false) when a row's
 * first letter is not told, or a row is shorter than two bytes (a row of
 * one byte compares fewer bytes of the text than its first letter takes). */
typedef struct role_openings {
    bool told;
    size_t count;
    int32_t base[ROLE_WORDS_MAX];
} role_openings;

typedef struct connectives {
    role_words role[CW_COUNT];
    role_openings opens[CW_COUNT];
} connectives;

static void tell_openings(const role_words *r, role_openings *o)
{
    memset(o, 0, sizeof *o);
    o->told = r->count > 0;
    for (size_t k = 0; k < r->count && o->told; k++) {
        int32_t base = r->len[k] >= 2 ? key_first_base(r->word[k], r->len[k]) : 0;
        o->told = base != 0;
        bool known = false;
        for (size_t j = 0; j < o->count; j++)
            known = known || o->base[j] == base;
        if (!known)
            o->base[o->count++] = base;
    }
}

static void tell_all_openings(connectives *cw)
{
    for (size_t c = 0; c < CW_COUNT; c++)
        tell_openings(&cw->role[c], &cw->opens[c]);
}

const role_spec *refs_connective_roles(size_t *count)
{
    *count = CW_COUNT;
    return connective_roles;
}

/* Readings kept by the text they were read from, for one document: its
 * mentions give the same few type words and symbols again and again, and
 * what each reads as depends on its bytes and the document's lexicons
 * alone. */
#define MEMO_RECENT 16 /* a power of two */
typedef struct text_memo {
    hashmap at; /* the text (a copy in the document's arena) -> index + 1 in vals */
    vec vals;   /* each reading, then the pointer to its text's copy */
    size_t reading; /* bytes of a reading */
    /* the readings found last, by a hash of their text that costs a few
     * instructions (memo_slot), asked before the map: a document's
     * mentions repeat a few texts */
    struct memo_recent {
        const char *key; /* the text's copy; NULL: none */
        size_t len, index;
    } recent[MEMO_RECENT];
} text_memo;

static size_t memo_slot(const char *text, size_t n)
{
    unsigned char first = n ? (unsigned char)text[0] : 0, last = n ? (unsigned char)text[n - 1] : 0;
    return (n * 7 + first + last * 3) & (MEMO_RECENT - 1);
}

typedef struct type_reading {
    const char *type, *code;
} type_reading;

typedef struct symbol_reading {
    const char *symbol, *raw; /* raw: NULL when the symbol is as written */
} symbol_reading;

/* The numbers of the named groups the reader takes from the grammars. */
typedef struct group_numbers {
    uint32_t head_type;                                            /* list_head.pcre */
    uint32_t type, htype, num, year, sym, sym2, year2, psym, bare; /* reference.pcre */
    uint32_t d, m, y, m2, y2;                                      /* date.pcre */
    uint32_t lnum, lyear, lsym;                                    /* law_number.pcre */
} group_numbers;

/* The ovector of a match data, as PCRE2 gives it: where it is and how
 * many pairs it holds, which never change for a match data; asked once. */
typedef struct ovector {
    const PCRE2_SIZE *at;
    uint32_t pairs;
} ovector;

static ovector ovector_of(pcre2_match_data *md)
{
    ovector v = {NULL, 0};
    if (md) {
        v.at = pcre2_get_ovector_pointer(md);
        v.pairs = pcre2_get_ovector_count(md);
    }
    return v;
}

typedef struct grammar {
    law_words laws;
    text_memo types, symbols; /* of type_reading, symbol_reading */
    const connectives *cw; /* the built-in copy's, or one in the document's arena */
    pcre2_code *ref, *date, *law;
    bool shared;       /* the built-in codes, compiled once per process */
    pcre2_match_data *md, *date_md, *law_md;
    ovector ref_ov, date_ov, law_ov, head_ov; /* of md, date_md, law_md, head_md */
    /* The built-in grammar is searched in windows (see match_from): its
     * list heads by a pattern of their own, the rest only in the words
     * before each "/". 0 words: a caller's grammar, searched plainly. */
    pcre2_code *head;
    pcre2_match_data *head_md;
    size_t window_words;
    const uint8_t *window_class;         /* window_start()'s byte classes, with window_words */
    const ref_window_words *window_test; /* NULL: every window is searched */
    size_t type_words;                   /* the most words of a type word */
    struct vnp_internal *in; /* whose match context and limit count serve */
    group_numbers gn;
} grammar;

typedef struct scan_unit {
    const char *text;
    size_t len;
    const line_piece *pieces; /* where each source line starts in text */
    size_t piece_count;
    size_t line;              /* the line when there are no pieces */
    vnp_role role;
    bool header;              /* in the header: the document's own number is no citation */
    /* where the last mention was placed: mentions come in text order, so
     * columns are counted from there, not from the line start each time */
    size_t mark_offset, mark_column, mark_piece;
    const size_t *notes; /* where footnote markers stood in text, rising */
    size_t note_count;
} scan_unit;

/* ---- grammar building ------------------------------------------------- */

/* A byte of a lexicon word as a literal of the extended pattern: a space
 * matches any white space, ASCII punctuation is escaped, so that a "(",
 * "#" or "." in a row is a character of the word, never pattern syntax
 * (cmake/grammar_check.c builds the pattern the same way). */
static void append_literal(strbuf *out, char c)
{
    unsigned char u = (unsigned char)c;
    bool alnum = (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    if (c == ' ') {
        sb_puts(out, "\\s+");
        return;
    }
    if (u < 0x80 && !alnum)
        sb_putc(out, '\\');
    sb_putc(out, c);
}

static bool ascii_letter(char c) { return ((unsigned char)c | 0x20) >= 'a' && ((unsigned char)c | 0x20) <= 'z'; }

static void append_word(strbuf *out, const char *w, size_t len)
{
    for (size_t c = 0; c < len; c++)
        append_literal(out, w[c]);
}

/* The type words of doctypes.tsv as one alternation, longest first, so
 * "Thông tư liên tịch" wins over "Thông tư". The words of one ASCII first
 * letter share it ("q(?:uyết định|uy chế|...)"), so a place where no type
 * word starts fails at one test of its first letter, not at each word's;
 * words of different first letters never match at one place, so the
 * grouping changes neither what matches nor the order words are tried. */
static void append_type_words(struct vnp_internal *in, strbuf *out)
{
    size_t len;
    const char *t = grammar_text(in, "doctypes.tsv", &len);
    const char *words[128];
    size_t lens[128], n = 0, order[128];
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
    bool taken[128] = {false};
    for (size_t emitted = 0; emitted < n; emitted++) {
        size_t best = n;
        for (size_t k = 0; k < n; k++)
            if (!taken[k] && (best == n || lens[k] > lens[best]))
                best = k;
        taken[best] = true;
        order[emitted] = best;
    }
    sb_puts(out, "(?i:");
    bool grouped[128] = {false};
    for (size_t e = 0, alternatives = 0; e < n; e++) {
        size_t k = order[e];
        if (grouped[k])
            continue;
        if (alternatives++)
            sb_putc(out, '|');
        if (lens[k] == 0 || !ascii_letter(words[k][0])) {
            append_word(out, words[k], lens[k]);
            continue;
        }
        char first = (char)(words[k][0] | 0x20);
        sb_putc(out, first);
        sb_puts(out, "(?:");
        for (size_t f = e, in_group = 0; f < n; f++) {
            size_t j = order[f];
            if (grouped[j] || lens[j] == 0 || (char)(words[j][0] | 0x20) != first)
                continue;
            grouped[j] = true;
            if (in_group++)
                sb_putc(out, '|');
            append_word(out, words[j] + 1, lens[j] - 1);
        }
        sb_puts(out, ")");
    }
    sb_puts(out, ")");
}

/* The source line of byte `at` of the built pattern: the pattern is the
 * source with @TYPES@ replaced, so offsets past a replacement shift by
 * what it added. */
static size_t source_line(const char *src, size_t len, const size_t *shift, size_t shifts,
                          size_t at)
{
    size_t pos = at;
    for (size_t k = shifts; k-- > 0;)
        if (at >= shift[2 * k]) {
            pos = at - shift[2 * k + 1];
            break;
        }
    size_t line = 1;
    for (size_t i = 0; i < pos && i < len; i++)
        line += src[i] == '\n';
    return line;
}

/* Why the pattern does not compile, as "reference.pcre:LINE: message". */
static void explain_failure(const char *name, const char *src, size_t len, const strbuf *pat,
                            const size_t *shift, size_t shifts, char *why, size_t cap)
{
    int err;
    PCRE2_SIZE off = 0;
    pcre2_code *c = rx_compile_plain(pat->data, pat->len, PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP,
                                     &err, &off);
    if (c || err == PCRE2_ERROR_HEAP_FAILED) { /* it compiles: memory ran out */
        pcre2_code_free(c);
        why[0] = '\0';
        return;
    }
    PCRE2_UCHAR msg[160];
    if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", err);
    snprintf(why, cap, "%s:%zu: %s", name, source_line(src, len, shift, shifts, off),
             (const char *)msg);
}

/* Compiles the grammar text src, of file `name` (@TYPES@ put in when
 * with_types); on failure *why says where and why, or is empty when memory
 * ran out. */
static pcre2_code *compile_source(struct vnp_internal *in, const char *name, const char *src,
                                  size_t len, bool with_types, uint32_t options, char *why,
                                  size_t cap)
{
    strbuf pat = {0};
    size_t shift[8], shifts = 0; /* (pattern offset after a replacement, bytes it added) */
    for (const char *s = src, *end = src + len; s < end;) {
        const char *at = with_types ? strstr(s, "@TYPES@") : NULL;
        if (!at || at >= end) {
            sb_append(&pat, s, (size_t)(end - s));
            break;
        }
        sb_append(&pat, s, (size_t)(at - s));
        size_t before = pat.len;
        append_type_words(in, &pat);
        if (shifts < 4) {
            size_t added = (pat.len - before) - 7 + (shifts ? shift[2 * shifts - 1] : 0);
            shift[2 * shifts] = pat.len;
            shift[2 * shifts + 1] = added;
            shifts++;
        }
        s = at + 7;
    }
    int err;
    pcre2_code *code = pat.failed ? NULL
                                  : rx_compile_code(pat.data, pat.len,
                                                    PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP |
                                                        PCRE2_NO_UTF_CHECK | options,
                                                    &err);
    if (!code && !pat.failed && err != PCRE2_ERROR_NOMEMORY && err != PCRE2_ERROR_HEAP_FAILED)
        explain_failure(name, src, len, &pat, shift, shifts, why, cap);
    sb_free(&pat);
    return code;
}

/* compile_source() of grammar file `name`. */
static pcre2_code *compile_grammar(struct vnp_internal *in, const char *name, bool with_types,
                                   uint32_t options, char *why, size_t cap)
{
    size_t len;
    const char *src = grammar_text(in, name, &len);
    why[0] = '\0';
    if (!src) {
        snprintf(why, cap, "%s: missing", name);
        return NULL;
    }
    return compile_source(in, name, src, len, with_types, options, why, cap);
}

/* How many words can stand before the "/" in a match of the built-in
 * reference.pcre, counted as the places where a word starts after white
 * space: the type's words, four words of a compound type ("hành động"),
 * "số", "hiệu", ":", the number, and a Party symbol's "-" and letters
 * ("57 - NQ /"); two more to spare. */
static size_t window_words(size_t type_words)
{
    return type_words + 4 + 3 + 1 + 2 + 2;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* An ASCII character that no match of the built-in grammar holds before
 * its first "/": the type words (letters and spaces), "số", "hiệu", the
 * number, the Party symbol's letters and the white space, commas, colons,
 * dots and dashes between them are all it holds. */
static inline bool window_stop(char c)
{
    unsigned char u = (unsigned char)c;
    return u < 0x80 && !blank(c) && !((u | 0x20) >= 'a' && (u | 0x20) <= 'z') &&
           !(u >= '0' && u <= '9') && c != ',' && c != ':' && c != '.' && c != '-' &&
           c != '\0';
}

/* A byte as window_start() reads it: one no match holds before its
 * first "/" (window_stop), white space (blank), or another. */
enum { WINDOW_OTHER, WINDOW_STOP, WINDOW_BLANK };

static void window_classes(uint8_t *cls)
{
    for (int b = 0; b < 256; b++)
        cls[b] = window_stop((char)b) ? WINDOW_STOP : blank((char)b) ? WINDOW_BLANK : WINDOW_OTHER;
}

/* The most words of a type word of doctypes.tsv; 0 when a type word holds
 * a character that window_start takes for the end of a window. */
static size_t type_words_max(struct vnp_internal *in)
{
    size_t len, most = 0;
    const char *t = grammar_text(in, "doctypes.tsv", &len);
    for (size_t pos = 0; t && pos < len;) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len, words = 1;
        bool comment = t[pos] == '#';
        for (size_t i = pos; i < end && t[i] != '\t'; i++) {
            words += t[i] == ' ';
            if (!comment && window_stop(t[i]))
                return 0;
        }
        if (!comment && words > most)
            most = words;
        pos = end + 1;
    }
    return most;
}

static uint32_t group(pcre2_code *c, const char *name)
{
    int n = pcre2_substring_number_from_name(c, (PCRE2_SPTR)name);
    return n > 0 ? (uint32_t)n : 0;
}

static void read_group_numbers(group_numbers *gn, pcre2_code *ref, pcre2_code *date,
                               pcre2_code *law, pcre2_code *head)
{
    gn->head_type = head ? group(head, "htype") : 0;
    gn->lnum = group(law, "num");
    gn->lyear = group(law, "year");
    gn->lsym = group(law, "sym");
    gn->type = group(ref, "type");
    gn->htype = group(ref, "htype");
    gn->num = group(ref, "num");
    gn->year = group(ref, "year");
    gn->sym = group(ref, "sym");
    gn->sym2 = group(ref, "sym2");
    gn->year2 = group(ref, "year2");
    gn->psym = group(ref, "psym");
    gn->bare = group(ref, "bare");
    gn->d = group(date, "d");
    gn->m = group(date, "m");
    gn->y = group(date, "y");
    gn->m2 = group(date, "m2");
    gn->y2 = group(date, "y2");
}

static void grammar_free(grammar *g)
{
    hashmap_free(&g->types.at);
    hashmap_free(&g->symbols.at);
    pcre2_match_data_free(g->head_md);
    pcre2_match_data_free(g->md);
    pcre2_match_data_free(g->date_md);
    pcre2_match_data_free(g->law_md);
    if (!g->shared) {
        pcre2_code_free(g->ref);
        pcre2_code_free(g->date);
        pcre2_code_free(g->law);
    }
}

/* Compiles the three grammars; on failure none is kept and *why says
 * which one failed where (empty when memory ran out). */
static bool compile_all(struct vnp_internal *in, pcre2_code **r, pcre2_code **d, pcre2_code **l,
                        char *why, size_t cap)
{
    *r = compile_grammar(in, "reference.pcre", true, PCRE2_USE_OFFSET_LIMIT, why, cap);
    /* a date or a law's number is read where it must start: anchored when
     * compiled, since PCRE2_ANCHORED given at match time leaves the JIT code
     * unused and runs the interpreter */
    *d = *r ? compile_grammar(in, "date.pcre", false, PCRE2_ANCHORED, why, cap) : NULL;
    *l = *d ? compile_grammar(in, "law_number.pcre", false, PCRE2_ANCHORED, why, cap) : NULL;
    if (*l)
        return true;
    pcre2_code_free(*r);
    pcre2_code_free(*d);
    *r = *d = NULL;
    return false;
}

/* The built-in grammar compiles (with JIT) once per process, into the
 * process's cache (cache.c); documents share the read-only codes and keep
 * their own match data. A grammar folder of the caller's
 * (vnp_options.grammar_dir) compiles per document. */
typedef struct builtin_codes {
    pcre2_code *ref, *date, *law, *head;
    size_t window_words;   /* how many words before a '/' the window spans */
    uint8_t window_class[256]; /* window_start()'s classes of the bytes */
    bool tested;           /* the windows are tested first (ref_window.c) */
    size_t type_words;     /* the most words of a type word */
    ref_window_words words;
    connectives cw;
    group_numbers gn; /* read once, as the codes are compiled once */
    law_words laws;   /* the built-in law_words.tsv, read once */
    size_t laws_past; /* law_words_load()'s answer */
} builtin_codes;

static size_t law_words_load(struct vnp_internal *in, law_words *lw);

typedef struct builtin_make {
    char *why;
    size_t cap;
} builtin_make;

static void *compile_builtin_codes(void *ctx)
{
    builtin_make *m = ctx;
    struct vnp_internal none;
    memset(&none, 0, sizeof none);
    builtin_codes *c = malloc(sizeof *c);
    if (!c) {
        vnp_alloc_failed = true;
        return NULL;
    }
    c->head = NULL;
    if (!role_words_load(NULL, CONNECTIVES_FILE, connective_roles, CW_COUNT, c->cw.role, m->why,
                         m->cap)) {
        free(c);
        arena_release(&none.mem);
        return NULL;
    }
    tell_all_openings(&c->cw);
    if (compile_all(&none, &c->ref, &c->date, &c->law, m->why, m->cap) &&
        !(c->head = compile_grammar(&none, "list_head.pcre", true, PCRE2_USE_OFFSET_LIMIT, m->why,
                                    m->cap))) {
        pcre2_code_free(c->ref);
        pcre2_code_free(c->date);
        pcre2_code_free(c->law);
    }
    if (c->head) {
        read_group_numbers(&c->gn, c->ref, c->date, c->law, c->head);
        size_t type_words = type_words_max(&none);
        c->window_words = type_words ? window_words(type_words) : 0;
        window_classes(c->window_class);
        c->type_words = type_words;
        size_t len;
        const char *types = grammar_text(&none, "doctypes.tsv", &len);
        c->tested = c->window_words && ref_window_prepare(&c->words, types, len);
        c->laws_past = law_words_load(&none, &c->laws); /* its words are the embedded text's */
    } else {
        free(c);
        c = NULL;
    }
    arena_release(&none.mem);
    return c;
}

static void free_builtin_codes(void *p)
{
    builtin_codes *c = p;
    pcre2_code_free(c->ref);
    pcre2_code_free(c->date);
    pcre2_code_free(c->law);
    pcre2_code_free(c->head);
    free(c);
}

/* The key of the built-in codes in the cache: an address of our own. */
static const char builtin_key;

/* The built-in codes, compiled unless done; NULL when they do not compile
 * (why says where; empty when memory ran out), which is not remembered, so
 * a later document tries again. */
static const builtin_codes *compile_builtin(char *why, size_t cap)
{
    builtin_make m = {why, cap};
    why[0] = '\0';
    return cache_get(&builtin_key, compile_builtin_codes, free_builtin_codes, &m);
}

bool refs_grammar_check(char *why, size_t cap)
{
    return compile_builtin(why, cap) != NULL;
}

const struct pcre2_real_code_8 *refs_builtin_reference(const ref_window_words **words,
                                                       size_t *type_words)
{
    char why[256];
    const builtin_codes *c = compile_builtin(why, sizeof why);
    *words = c && c->tested ? &c->words : NULL;
    *type_words = c ? c->type_words : 0;
    return c ? c->ref : NULL;
}

/* A row of first byte `first` goes on with byte `second` (-1: any). */
static void note_second_byte(law_words *lw, unsigned char first, int second)
{
    if (!lw->second_set[first])
        lw->second_set[first] = (uint8_t)(lw->count + 1); /* a set per row at the most */
    uint64_t *bits = lw->seconds[lw->second_set[first] - 1];
    if (second < 0) {
        memset(bits, 0xFF, 4 * sizeof *bits);
        return;
    }
    unsigned char b = (unsigned char)second;
    bits[b >> 6] |= 1ull << (b & 63);
}

/* The rows of law_words.tsv; returns 0, or the line of the first row past
 * those the table holds. */
static size_t law_words_load(struct vnp_internal *in, law_words *lw)
{
    size_t len, line = 0;
    const char *t = grammar_text(in, "law_words.tsv", &len);
    memset(lw, 0, sizeof *lw);
    for (size_t pos = 0; t && pos < len;) {
        line++;
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *tab = memchr(t + pos, '\t', end - pos);
        if (t[pos] != '#' && tab && tab > t + pos) {
            if (lw->count == LAW_WORDS_MAX)
                return line;
            unsigned char first = (unsigned char)t[pos];
            if (!lw->first[first] && lw->first_count++ < LAW_FIRST_BYTES)
                memset(lw->firsts[lw->first_count - 1], first, 16);
            lw->first[first] = true;
            lw->rows_of[first] |= 1u << lw->count;
            note_second_byte(lw, first, (size_t)(tab - (t + pos)) >= 2 ? t[pos + 1] : -1);
            lw->word[lw->count] = t + pos;
            lw->len[lw->count] = (size_t)(tab - (t + pos));
            lw->constitution[lw->count++] =
                (size_t)(t + end - tab - 1) >= 12 && memcmp(tab + 1, "constitution", 12) == 0;
        }
        pos = end + 1;
    }
    for (size_t k = lw->first_count; k < LAW_FIRST_BYTES; k++)
        memcpy(lw->firsts[k], lw->firsts[0], 16);
    return 0;
}

/* The connective words of a caller's grammar folder (its copy of the
 * file, else the built-in one), into the document's arena. */
static bool load_connectives(vnp_document *doc, grammar *g)
{
    struct vnp_internal *in = doc->internal;
    char why[256];
    connectives *cw = arena_alloc(&in->mem, sizeof *cw);
    if (!cw) {
        vnp_alloc_failed = true;
        return false;
    }
    if (!role_words_load(in, CONNECTIVES_FILE, connective_roles, CW_COUNT, cw->role, why,
                         sizeof why)) {
        diag_add(doc, VNP_SEV_ERROR, VNP_DIAG_GRAMMAR, 0, "%s", why);
        return false;
    }
    tell_all_openings(cw);
    g->cw = cw;
    return true;
}

static bool grammar_load(vnp_document *doc, grammar *g)
{
    struct vnp_internal *in = doc->internal;
    char why[256];
    memset(g, 0, sizeof *g);
    g->types.reading = sizeof(type_reading);
    g->symbols.reading = sizeof(symbol_reading);
    g->types.vals.size = sizeof(type_reading) + sizeof(const char *);
    g->symbols.vals.size = sizeof(symbol_reading) + sizeof(const char *);
    const builtin_codes *builtin = in->grammar_dir ? NULL : compile_builtin(why, sizeof why);
    bool ok = in->grammar_dir ? compile_all(in, &g->ref, &g->date, &g->law, why, sizeof why)
                              : builtin != NULL;
    if (builtin) {
        g->ref = builtin->ref;
        g->date = builtin->date;
        g->law = builtin->law;
        g->head = builtin->head;
        g->window_words = builtin->window_words;
        g->window_class = builtin->window_class;
        g->window_test = builtin->tested ? &builtin->words : NULL;
        g->type_words = builtin->type_words;
        g->shared = true;
    }
    if (!ok) {
        if (why[0])
            diag_add(doc, VNP_SEV_ERROR, VNP_DIAG_GRAMMAR, 0, "%s", why);
        else
            vnp_alloc_failed = true;
        return false;
    }
    g->in = in;
    if (!g->ref || !g->date || !g->law)
        return false;
    if (builtin)
        g->cw = &builtin->cw;
    else if (!load_connectives(doc, g))
        return false;
    size_t past = builtin ? builtin->laws_past : law_words_load(in, &g->laws);
    if (builtin)
        g->laws = builtin->laws;
    if (past) {
        diag_add(doc, VNP_SEV_ERROR, VNP_DIAG_GRAMMAR, 0, "law_words.tsv:%zu: more than %d words",
                 past, LAW_WORDS_MAX);
        return false;
    }
    g->md = pcre2_match_data_create_from_pattern(g->ref, NULL);
    g->date_md = pcre2_match_data_create_from_pattern(g->date, NULL);
    g->law_md = pcre2_match_data_create_from_pattern(g->law, NULL);
    if (g->head && !(g->head_md = pcre2_match_data_create_from_pattern(g->head, NULL))) {
        vnp_alloc_failed = true;
        return false;
    }
    if (builtin)
        g->gn = builtin->gn;
    else
        read_group_numbers(&g->gn, g->ref, g->date, g->law, g->head);
    if (!g->md || !g->date_md || !g->law_md) {
        vnp_alloc_failed = true;
        return false;
    }
    g->ref_ov = ovector_of(g->md);
    g->date_ov = ovector_of(g->date_md);
    g->law_ov = ovector_of(g->law_md);
    g->head_ov = ovector_of(g->head_md);
    if (!g->gn.type || !g->gn.num || !g->gn.d || !g->gn.lnum) {
        diag_add(doc, VNP_SEV_ERROR, VNP_DIAG_GRAMMAR, 0,
                 "the reference grammars lack a group the extractor reads (type, num, d, num)");
        return false;
    }
    return true;
}

/* ---- small text helpers ------------------------------------------------ */

/* The scans for law words and for the end of a title look at every byte,
 * 16 at a time with SSE2 where the processor has it (the same places
 * either way). */
bool refs_uses_simd = true;
/* Within those, the law word scan 32 bytes at a time with AVX2 where the
 * processor has it. */
bool refs_uses_avx2 = true;

typedef struct span {
    const char *s;
    size_t n;
} span;

static span get_group(const ovector *v, const char *subject, uint32_t k)
{
    span out = {NULL, 0};
    if (k == 0 || k >= v->pairs)
        return out;
    const PCRE2_SIZE *ov = v->at;
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

/* The connective words are asked for at most words of a reference's
 * text; the first letter rules most out before the rows are compared
 * (role_openings; true, the default; the same answers either way). */
bool refs_uses_openings = true;

/* Can s open with a row of role c, told from its first letter? */
/* may_open() when the text's first letter is known (opening_first_letter). */
static bool may_open_with(const connectives *cw, enum connective c, int32_t first)
{
    const role_openings *o = &cw->opens[c];
    if (!refs_uses_openings || !o->told || !first)
        return true;
    for (size_t k = 0; k < o->count; k++)
        if (o->base[k] == first)
            return true;
    return false;
}

static bool may_open(const connectives *cw, enum connective c, const char *s, size_t n)
{
    const role_openings *o = &cw->opens[c];
    if (!refs_uses_openings || !o->told)
        return true;
    /* key_first_base, inline for ASCII */
    return may_open_with(cw, c, opening_first_letter(s, n));
}

/* role_word_at() of role c, *hit (optional) its row. */
static bool connective_hit(const connectives *cw, enum connective c, const char *s, size_t n,
                           word_hit *hit)
{
    return may_open(cw, c, s, n) && role_word_at(&cw->role[c], s, n, hit);
}

/* Does s meet a connective word of role c ("CỦA" is "của"; for most
 * roles the first word of s is one)? */
static bool connective_at(const connectives *cw, enum connective c, const char *s, size_t n)
{
    return connective_hit(cw, c, s, n, NULL);
}

static bool is_digit_at(const char *s, size_t n, size_t i) { return i < n && s[i] >= '0' && s[i] <= '9'; }

/* The first letter in capitals ("nghị quyết" is written "Nghị quyết"). */
static const char *capitalised(arena *a, const char *s, size_t n)
{
    size_t w;
    int32_t cp = n ? utf8_decode(s, n, &w) : -1;
    int32_t up = cp >= 0 ? utf8proc_toupper(cp) : cp;
    if (up == cp)
        return arena_strndup(a, s, n);
    char head[4];
    size_t hw = utf8_encode(up, head);
    char *out = arena_alloc(a, hw + n - w + 1);
    if (!out)
        return NULL;
    memcpy(out, head, hw);
    memcpy(out + hw, s + w, n - w);
    out[hw + n - w] = '\0';
    return out;
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

/* Each part of a symbol that is an issuer code written in other capitals
 * ("TTG" in a title set in capitals) takes the code's spelling, so that
 * QĐ-TTG and QĐ-TTg are one document. */
static void respell_codes(struct vnp_internal *in, char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '-' && s[e] != '/')
            e++;
        const char *code = e > i ? lexicon_word(in, "issuers.tsv", s + i, e - i) : NULL;
        if (code && strlen(code) == e - i && memcmp(code, s + i, e - i) != 0)
            memcpy(s + i, code, e - i);
        i = e + 1;
    }
}

/* Canonical symbol: no spaces around separators, every dash a hyphen, a
 * missing hyphen between type and issuer code put back (NQCP -> NQ-CP),
 * issuer codes in their own capitals. */
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
    respell_codes(in, s, n);
}

/* ---- dates, issuers, titles ------------------------------------------- */

/* The year of five digits that a slip made of a four-digit one
 * ("20205"), when the symbol's year is the only evident reading: one
 * digit taken out gives it ("118/2025/NĐ-CP ngày 09/6/20205": 2025, not
 * the 2020 its first four digits say). 0 when no symbol year tells. */
static int evident_year(span y, int symbol_year)
{
    if (y.n != 5 || symbol_year < 1000)
        return 0;
    for (size_t skip = 0; skip < y.n; skip++) {
        int v = 0;
        for (size_t i = 0; i < y.n; i++)
            if (i != skip)
                v = v * 10 + (y.s[i] - '0');
        if (v == symbol_year)
            return v;
    }
    return 0;
}

bool refs_uses_opening_bytes = true;

/* Can a built-in anchored grammar (date.pcre, law_number.pcre) match at
 * s[i]? Past its white space and comma, each opens with a word whose first
 * letter is one of `letters` (lower case, ASCII): "ban" or "ngày", "số".
 * Any other ASCII byte there (most mentions are followed by "của", "về",
 * a ";") rules it out without PCRE2; a byte past ASCII (a no-break space,
 * or the "ſ" that (?i) takes for "s") says yes; so does a second comma
 * skipped here, which only makes the test looser. */
static bool builtin_may_open(const char *s, size_t n, size_t i, const char *letters)
{
    while (i < n && (s[i] == ' ' || s[i] == ',' || (s[i] >= '\t' && s[i] <= '\r')))
        i++;
    if (i == n)
        return false;
    unsigned char c = (unsigned char)s[i];
    return c >= 0x80 || (ascii_letter((char)c) && strchr(letters, c | 0x20));
}

/* Reads a date at s[i]; returns the index after it, or i. A caller's
 * date grammar is always matched. */
static size_t read_date(vnp_document *doc, grammar *g, const scan_unit *u, size_t i,
                        vnp_reference *r)
{
    if (g->shared && refs_uses_opening_bytes && !builtin_may_open(u->text, u->len, i, "bn"))
        return i;
    int rc = rx_pcre2_match(g->in, g->date, u->text, u->len, i, 0, g->date_md);
    if (rc <= 0)
        return i;
    span d = get_group(&g->date_ov, u->text, g->gn.d);
    span m = get_group(&g->date_ov, u->text, g->gn.m);
    span y = get_group(&g->date_ov, u->text, g->gn.y);
    if (!m.s) {
        m = get_group(&g->date_ov, u->text, g->gn.m2);
        y = get_group(&g->date_ov, u->text, g->gn.y2);
    }
    const PCRE2_SIZE *ov = g->date_ov.at;
    int yy = span_int(y), mm = span_int(m), dd = span_int(d);
    size_t start = skip_spaces(u->text, u->len, i);
    if (u->text[start] == ',')
        start = skip_spaces(u->text, u->len, start + 1);
    r->date.text = arena_strndup(&doc->internal->mem, u->text + start, ov[1] - start);
    r->date.line = r->line;
    int evident = evident_year(y, r->year);
    if (evident) {
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_MALFORMED_YEAR, r->line,
                 "the year of the date '%s' has five digits: read as %d, the year in the symbol",
                 r->date.text ? r->date.text : "", evident);
        yy = evident;
    }
    if (valid_ymd(yy, mm, dd)) {
        r->date.year = yy;
        r->date.month = mm;
        r->date.day = dd;
    } else {
        diag_add(doc, VNP_SEV_ERROR, VNP_DIAG_IMPOSSIBLE_DATE, r->line,
                 "impossible date '%s' after %s", r->date.text, r->text ? r->text : "reference");
    }
    return ov[1];
}

static bool is_type_word_at(struct vnp_internal *in, const char *s, size_t n)
{
    return !is_vn_lower_start(s, n) && lexicon_prefix(in, "doctypes.tsv", s, n, NULL);
}

/* "và" joins two bodies ("Bộ Chính trị và Ban Bí thư") or two words of one
 * name ("sắp xếp ... và xây dựng"), but before a type word, "các" or "số"
 * it starts the next item of a list: the issuer ended before it. */
static bool list_after_and(struct vnp_internal *in, const connectives *cw, const char *s,
                           size_t n)
{
    size_t k = skip_spaces(s, n, word_end_at(s, n, 0));
    return k >= n || strchr(",;:().", s[k]) || is_type_word_at(in, s + k, n - k) ||
           connective_at(cw, CW_PLURAL, s + k, n - k) ||
           (connective_at(cw, CW_NUMBER, s + k, n - k) &&
            is_digit_at(s, n, skip_spaces(s, n, word_end_at(s, n, k))));
}

static bool list_conjunction(struct vnp_internal *in, const connectives *cw, const char *s,
                             size_t n)
{
    return connective_at(cw, CW_AND, s, n) && list_after_and(in, cw, s, n);
}

/* The words that end an issuer: the start of the cited document's
 * subject (issuer_stops.tsv: "về", "quy định", "Thành lập", ... in any
 * case), a type word, the next item of a list. */
static bool stops_issuer(struct vnp_internal *in, const connectives *cw, prefix_keys *pk)
{
    const char *s = pk->text;
    size_t n = pk->len;
    return lexicon_prefix_keyed(in, "issuer_stops.tsv", pk, NULL) ||
           (!is_vn_lower_start(s, n) && lexicon_prefix_keyed(in, "doctypes.tsv", pk, NULL)) ||
           list_conjunction(in, cw, s, n);
}

/* A typographic quote opens the cited document's title: “VỀ ...”. */
static bool starts_with_quote(const char *s, size_t n)
{
    return n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
           ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x98);
}

/* "của <issuer>" right after the mention (and its date). An issuing body
 * of issuing_bodies.tsv is taken whole, commas included ("Bộ Văn hóa,
 * Thể thao và Du lịch"); otherwise a comma ends the issuer. A title is
 * followed by its body ("Bộ trưởng Bộ Y tế"), but a second body straight
 * after a first one starts other text (a heading that follows a title set
 * in capitals: "... CỦA BỘ TÀI CHÍNH ỦY BAN NHÂN DÂN ..."). */
/* A footnote marker that stood in (from, to] ("tỉnh<sup>3</sup>"): its
 * place, which ends a word; 0 when none did. */
static size_t note_within(const scan_unit *u, size_t from, size_t to)
{
    size_t lo = 0, hi = u->note_count; /* the first marker past `from` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u->notes[mid] <= from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < u->note_count && u->notes[lo] <= to ? u->notes[lo] : 0;
}

/* One step of an issuer at s[*w], the text of pk: a body of
 * issuing_bodies.tsv taken whole, or one word; moves *end past it and *w
 * to the next word. False when the issuer has ended there. */
static bool issuer_word(struct vnp_internal *in, const connectives *cw, const scan_unit *u,
                        prefix_keys *pk, size_t words, size_t *w, size_t *end, bool *after_body)
{
    const char *s = u->text;
    size_t n = u->len, at = *w, body = 0;
    const char *kind = lexicon_prefix_keyed(in, "issuing_bodies.tsv", pk, &body);
    bool is_body = kind && body && strcmp(kind, "body") == 0;
    if (is_body && *after_body && at == *end + 1)
        return false;
    *after_body = is_body;
    if (kind && body) {
        size_t e = at + body;
        while (e > at && strchr(",;:. ", s[e - 1]))
            e--;
        *end = e;
        *w = skip_spaces(s, n, e);
        return true;
    }
    if (strchr(",;:().[\"", s[at]) || starts_with_quote(s + at, n - at) ||
        (words > 0 && stops_issuer(in, cw, pk)))
        return false;
    size_t e = word_end_at(s, n, at);
    if (e == at)
        return false;
    size_t note = note_within(u, at, e);
    *end = note ? note : e;
    *w = skip_spaces(s, n, e);
    return !note; /* a footnote marker ends the issuer, as "[2]" does */
}

static size_t read_issuer(vnp_document *doc, const connectives *cw, const scan_unit *u, size_t i,
                          vnp_reference *r)
{
    struct vnp_internal *in = doc->internal;
    const char *s = u->text;
    size_t n = u->len, k = skip_spaces(s, n, i);
    if (k < n && s[k] == ',')
        k = skip_spaces(s, n, k + 1);
    if (k >= n || !connective_at(cw, CW_OF, s + k, n - k))
        return i;
    size_t start = skip_spaces(s, n, word_end_at(s, n, k)), end = start;
    bool after_body = false;
    for (size_t w = start, words = 0; w < n && words < ISSUER_MAX_WORDS; words++) {
        prefix_keys pk; /* the words at w keyed once for the three lexicons */
        prefix_keys_init(&pk, s + w, n - w);
        bool goes_on = issuer_word(in, cw, u, &pk, words, &w, &end, &after_body);
        prefix_keys_release(&pk);
        if (!goes_on)
            break;
    }
    if (end > start)
        r->issuer = arena_strndup(&in->mem, s + start, end - start);
    return end > start ? end : i;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* The first block of 16 bytes from s[e] (before limit) that holds a ';',
 * a tab or a '.': the bytes before it end no title. */
static size_t title_scan16(const char *s, size_t limit, size_t e)
{
    const __m128i semicolon = _mm_set1_epi8(';'), tab = _mm_set1_epi8('\t'),
                  dot = _mm_set1_epi8('.');
    for (; e + 16 <= limit; e += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + e));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, semicolon), _mm_cmpeq_epi8(v, tab)),
                                 _mm_cmpeq_epi8(v, dot));
        if (_mm_movemask_epi8(m))
            break;
    }
    return e;
}
#endif

/* Where a title that starts at s[k] ends: a ';', a tab or a full stop that
 * ends a sentence, TITLE_MAX_BYTES on at the most. */
static size_t title_end(const char *s, size_t n, size_t k)
{
    size_t limit = n - k > TITLE_MAX_BYTES ? k + TITLE_MAX_BYTES : n, e = k;
#if defined(__SSE2__)
    if (refs_uses_simd)
        e = title_scan16(s, limit, e);
#endif
    while (e < limit && s[e] != ';' && s[e] != '\t' &&
           !(s[e] == '.' && (e + 1 == n || s[e + 1] == ' ')))
        e++;
    return e;
}

/* The subject that follows: "về ...", "ban hành ...", up to the clause end. */
static void read_title(vnp_document *doc, const connectives *cw, const scan_unit *u, size_t i,
                       vnp_reference *r)
{
    const char *s = u->text;
    size_t n = u->len, k = skip_spaces(s, n, i);
    if (k < n && s[k] == ',')
        k = skip_spaces(s, n, k + 1);
    if (!connective_at(cw, CW_SUBJECT, s + k, n - k))
        return;
    size_t e = title_end(s, n, k);
    e = utf8_boundary(s, e);
    while (e > k && (s[e - 1] == ' ' || s[e - 1] == ','))
        e--;
    r->title = arena_strndup(&doc->internal->mem, s + k, e - k);
}

/* ---- one mention -------------------------------------------------------- */

/* The reading kept for text[0..n), or NULL. */
static const void *memo_get(text_memo *m, const char *text, size_t n)
{
    struct memo_recent *r = &m->recent[memo_slot(text, n)];
    if (r->key && r->len == n && memcmp(r->key, text, n) == 0)
        return (const char *)m->vals.items + (r->index - 1) * m->vals.size;
    const size_t *at = hashmap_get(&m->at, text, n);
    if (!at)
        return NULL;
    const char *item = (const char *)m->vals.items + (*at - 1) * m->vals.size;
    memcpy(&r->key, item + m->reading, sizeof r->key);
    r->len = n;
    r->index = *at;
    return item;
}

/* Keeps a reading of text (key: its copy in the arena, or NULL to copy
 * it); when memory runs out it is read again next time. */
static void memo_put(arena *a, text_memo *m, const char *key, const char *text, size_t n,
                     const void *reading)
{
    if (!key)
        key = arena_strndup(a, text, n);
    char *v = key ? vec_push(a, &m->vals) : NULL;
    if (!v)
        return;
    memcpy(v, reading, m->reading);
    memcpy(v + m->reading, &key, sizeof key);
    bool added;
    size_t *at = hashmap_put(&m->at, key, n, &added);
    if (at)
        *at = m->vals.count;
}

/* The type word as written, first letter in capitals, and its code (NULL
 * for types without one). A type word of doctypes.tsv is kept whole, the
 * longest one winning ("Thông tư liên tịch" is a type of its own, coded
 * TTLT); a compound phrase that is none ("Kế hoạch hành động") gives the
 * type word it opens with. */
static const char *type_word_read(vnp_document *doc, span t, const char **code)
{
    struct vnp_internal *in = doc->internal;
    const char *c = lexicon_lookup(in, "doctypes.tsv", t.s, t.n);
    *code = c && strcmp(c, "-") != 0 ? c : NULL;
    size_t head = t.n;
    for (size_t k = 1; k < t.n && !c; k++)
        if (t.s[k] == ' ' && lexicon_lookup(in, "doctypes.tsv", t.s, k)) {
            head = k;
            break;
        }
    return capitalised(&in->mem, t.s, head);
}

static const char *type_word(vnp_document *doc, grammar *g, span t, const char **code)
{
    const type_reading *known = memo_get(&g->types, t.s, t.n);
    if (known) {
        *code = known->code;
        return known->type;
    }
    type_reading read;
    read.type = type_word_read(doc, t, &read.code);
    *code = read.code;
    if (read.type)
        memo_put(&doc->internal->mem, &g->types, NULL, t.s, t.n, &read);
    return read.type;
}

static void set_symbol(vnp_document *doc, grammar *g, vnp_reference *r, span raw)
{
    struct vnp_internal *in = doc->internal;
    while (raw.n && raw.s[raw.n - 1] == ' ')
        raw.n--;
    const symbol_reading *known = memo_get(&g->symbols, raw.s, raw.n);
    if (known) {
        r->symbol = known->symbol;
        r->symbol_raw = known->raw;
        return;
    }
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
    symbol_reading read = {r->symbol, r->symbol_raw};
    if (r->symbol)
        memo_put(&in->mem, &g->symbols, r->symbol_raw, raw.s, raw.n, &read);
}

/* The code points that start in s[0..n): its bytes other than UTF-8
 * continuation bytes (10xxxxxx), eight at a time. */
static size_t code_points(const char *s, size_t n)
{
    size_t count = n, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* bit 7 of each continuation byte: bit 7 set, bit 6 clear */
        uint64_t cont = (x & ~(x << 1)) & 0x8080808080808080u;
        count -= (size_t)(((cont >> 7) * 0x0101010101010101u) >> 56);
    }
    for (; i < n; i++)
        count -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return count;
}

/* The source line of a byte of the unit's text, and its column. */
static void place_at(const scan_unit *u, size_t at, size_t *line, size_t *column)
{
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
    *line = piece ? u->pieces[piece - 1].line : u->line;
    m->mark_column += code_points(u->text + m->mark_offset, at - m->mark_offset);
    m->mark_offset = at;
    *column = m->mark_column;
}

static vnp_reference *new_reference(vnp_document *doc, vec *out, const scan_unit *u, size_t at)
{
    vnp_reference *r = vec_push(&doc->internal->mem, out);
    if (!r)
        return NULL;
    place_at(u, at, &r->line, &r->column);
    r->role = u->role;
    return r;
}

/* Reads the date after the mention, then the issuer and a date after it
 * ("... của Thủ tướng Chính phủ ngày 05/6/2023"), then the title; sets
 * the text; returns where the mention's text ends. */
static size_t finish_mention(vnp_document *doc, grammar *g, const scan_unit *u, size_t start,
                             size_t end, vnp_reference *r, bool with_issuer)
{
    size_t after = read_date(doc, g, u, end, r);
    size_t tail = after;
    if (with_issuer) {
        tail = read_issuer(doc, g->cw, u, after, r);
        if (after == end && tail != after)
            tail = read_date(doc, g, u, tail, r);
    }
    r->text = arena_strndup(&doc->internal->mem, u->text + start, after - start);
    read_title(doc, g->cw, u, tail, r);
    return after;
}

/* Number, year and symbol of a match of reference.pcre. */
static span read_number(vnp_document *doc, grammar *g, const scan_unit *u, vnp_reference *r)
{
    span num = get_group(&g->ref_ov, u->text, g->gn.num);
    r->number = arena_strndup(&doc->internal->mem, num.s, num.n);
    span year = get_group(&g->ref_ov, u->text, g->gn.year);
    if (!year.s)
        year = get_group(&g->ref_ov, u->text, g->gn.year2);
    r->year = year.s ? span_int(year) : 0;
    span sym = get_group(&g->ref_ov, u->text, g->gn.psym);
    if (!sym.s)
        sym = get_group(&g->ref_ov, u->text, g->gn.sym);
    if (!sym.s)
        sym = get_group(&g->ref_ov, u->text, g->gn.sym2);
    if (sym.s)
        set_symbol(doc, g, r, sym);
    return sym;
}

/* ---- lists ------------------------------------------------------------ */

/* What an elliptical item ("các Công điện: số 7/CĐ-UBND, số 8/CĐ-UBND")
 * takes its type from: the head of the list, or the mention before it in
 * the same sentence. */
typedef struct list_state {
    span type;        /* the head type as written; type.s NULL: no list */
    size_t from;      /* where the last item or head ended */
} list_state;

/* Does a sentence end between from and to? */
static bool sentence_ends(const char *s, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (s[k] == '.' && (k + 1 == to || s[k + 1] == ' ') && !(k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9'))
            return true;
    return false;
}

/* An item fits the list when its symbol's type code, if it has one, is the
 * head type's code: "số 12/QĐ-TTg" is no item of a list of Nghị định. */
static bool item_fits(struct vnp_internal *in, const char *code, const vnp_reference *r)
{
    if (!r->symbol || !code)
        return true;
    size_t n = strcspn(r->symbol, "-/");
    if (!strpbrk(r->symbol, "-/") || !is_type_code(in, r->symbol, n))
        return true;
    return strlen(code) == n && strncmp(code, r->symbol, n) == 0;
}

/* ---- laws cited by name ---------------------------------------------- */

/* The bytes a law word may follow: a space, an opening bracket or quote
 * (any byte of "“"), a clause mark, and the string's end. */
static const bool law_word_after[256] = {[' '] = true, ['('] = true, ['"'] = true,
                                         [0xE2] = true, [0x80] = true, [0x9C] = true,
                                         [','] = true, [';'] = true, [':'] = true, ['\0'] = true};

/* The bytes that may follow a law word: a space, a clause mark, a full
 * stop, a closing bracket, and the string's end. */
static const bool law_word_before[256] = {[' '] = true, [','] = true, [';'] = true, ['.'] = true,
                                          [':'] = true, [')'] = true, ['\0'] = true};

/* The row of law_words.tsv at s[i] (at a word start), or -1. */
static int law_row_at(const law_words *lw, const char *s, size_t n, size_t i)
{
    if (i >= n || !lw->first[(unsigned char)s[i]] ||
        (i > 0 && !law_word_after[(unsigned char)s[i - 1]]))
        return -1;
    /* the rows of this first byte, in file order */
    for (uint32_t rows = lw->rows_of[(unsigned char)s[i]]; rows; rows &= rows - 1) {
        size_t k = (size_t)__builtin_ctz(rows), w = lw->len[k];
        /* the second byte first: most words of a law word's first letter
         * ("Ban", "Phòng") differ there; then the byte after the word and
         * its last byte ("Bộ trưởng" is no "Bộ luật"), before the rest */
        if (n - i > w && (w < 2 || lw->word[k][1] == s[i + 1]) &&
            law_word_before[(unsigned char)s[i + w]] && lw->word[k][w - 1] == s[i + w - 1] &&
            memcmp(s + i, lw->word[k], w) == 0)
            return (int)k;
    }
    return -1;
}

/* Can a law word start at s[i], a byte some row starts with? Told from
 * the bytes before and after it, as law_row_at() tells it, without its
 * rows: a row needs a byte after its first (its second, or the byte
 * after a word of one byte). The SIMD scans ask it of each byte they
 * find; the plain scan, which the tests compare them with, asks
 * law_row_at() alone. */
static inline bool law_word_may_start(const law_words *lw, const char *s, size_t n, size_t i)
{
    if ((i > 0 && !law_word_after[(unsigned char)s[i - 1]]) || i + 1 >= n)
        return false;
    unsigned char b = (unsigned char)s[i + 1];
    return (lw->seconds[lw->second_set[(unsigned char)s[i]] - 1][b >> 6] >> (b & 63)) & 1;
}

/* The law word at s[i] (at a word start), its length, or 0. */
static size_t law_word_at(const law_words *lw, const char *s, size_t n, size_t i)
{
    int k = law_row_at(lw, s, n, i);
    return k < 0 ? 0 : lw->len[k];
}

#if defined(__SSE2__)

static __m128i first_bytes(const law_words *lw, size_t k)
{
    return _mm_loadu_si128((const __m128i *)lw->firsts[k]);
}

/* The bytes of s[0..16) equal to one of the first bytes f[0..count), as
 * 16 bits. */
__attribute__((always_inline)) static inline unsigned law_first16(const __m128i *f, size_t count,
                                                                  const char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, f[0]), _mm_cmpeq_epi8(v, f[1])),
                             _mm_or_si128(_mm_cmpeq_epi8(v, f[2]), _mm_cmpeq_epi8(v, f[3])));
    for (size_t k = 4; k < count; k++)
        m = _mm_or_si128(m, _mm_cmpeq_epi8(v, f[k]));
    return (unsigned)_mm_movemask_epi8(m);
}

/* The first law word at or after s[i], 16 bytes at a time (the last
 * ones by the 16 that end the text); n when there is none, *i then where
 * the bytes left to read one at a time start. */
static size_t law_scan16(const law_words *lw, const char *s, size_t n, size_t *i)
{
    __m128i f[LAW_FIRST_BYTES];
    size_t count = lw->first_count <= 4 ? 4 : LAW_FIRST_BYTES;
    for (size_t k = 0; k < count; k++)
        f[k] = first_bytes(lw, k);
    for (; *i + 16 <= n; *i += 16)
        for (unsigned m = law_first16(f, count, s + *i); m; m &= m - 1) {
            size_t k = *i + (size_t)__builtin_ctz(m);
            if (law_word_may_start(lw, s, n, k) && law_word_at(lw, s, n, k))
                return k;
        }
    if (*i < n && n >= 16) { /* the 16 bytes that end the text, less those seen */
        size_t from = n - 16;
        unsigned m = law_first16(f, count, s + from) & (0xFFFFu << (*i - from));
        for (; m; m &= m - 1) {
            size_t k = from + (size_t)__builtin_ctz(m);
            if (law_word_may_start(lw, s, n, k) && law_word_at(lw, s, n, k))
                return k;
        }
        *i = n;
    }
    return n;
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define LAW_SCAN32 1

/* The bytes of s[0..32) equal to one of the first bytes f[0..count), as
 * 32 bits. */
__attribute__((target("avx2"), always_inline)) static inline uint32_t
law_first32(const __m256i *f, size_t count, const char *s)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)s);
    __m256i m =
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, f[0]), _mm256_cmpeq_epi8(v, f[1])),
                        _mm256_or_si256(_mm256_cmpeq_epi8(v, f[2]), _mm256_cmpeq_epi8(v, f[3])));
    for (size_t k = 4; k < count; k++)
        m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, f[k]));
    return (uint32_t)_mm256_movemask_epi8(m);
}

/* The bytes of s[0..32) equal to one of four first bytes, as 32 bits. */
__attribute__((target("avx2"), always_inline)) static inline uint32_t
law_first32_of4(__m256i f0, __m256i f1, __m256i f2, __m256i f3, const char *s)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)s);
    __m256i a = _mm256_or_si256(_mm256_cmpeq_epi8(v, f0), _mm256_cmpeq_epi8(v, f1));
    __m256i b = _mm256_or_si256(_mm256_cmpeq_epi8(v, f2), _mm256_cmpeq_epi8(v, f3));
    return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(a, b));
}

/* law_scan32() of the four first bytes or fewer that most law words
 * have (the slots past them repeat the first), 64 bytes a step, the bits
 * of both halves read in order, to the text's end: its last bytes are
 * read in the 32 that end it. */
__attribute__((target("avx2"))) static size_t law_scan32_of4(const law_words *lw, const char *s,
                                                             size_t n, size_t *i)
{
    const __m256i f0 = _mm256_set1_epi8((char)lw->firsts[0][0]),
                  f1 = _mm256_set1_epi8((char)lw->firsts[1][0]),
                  f2 = _mm256_set1_epi8((char)lw->firsts[2][0]),
                  f3 = _mm256_set1_epi8((char)lw->firsts[3][0]);
    size_t at = *i;
    for (; at + 64 <= n; at += 64) {
        uint64_t m = law_first32_of4(f0, f1, f2, f3, s + at) |
                     (uint64_t)law_first32_of4(f0, f1, f2, f3, s + at + 32) << 32;
        for (; m; m &= m - 1) {
            size_t k = at + (size_t)__builtin_ctzll(m);
            if (law_word_may_start(lw, s, n, k) && law_word_at(lw, s, n, k))
                return k;
        }
    }
    if (at + 32 <= n) {
        for (uint32_t m = law_first32_of4(f0, f1, f2, f3, s + at); m; m &= m - 1) {
            size_t k = at + (size_t)__builtin_ctz(m);
            if (law_word_may_start(lw, s, n, k) && law_word_at(lw, s, n, k))
                return k;
        }
        at += 32;
    }
    /* the 32 bytes that end the text (there are 32: *i + 32 <= n), less
     * those seen */
    size_t from = n - 32;
    uint32_t m = at < n ? law_first32_of4(f0, f1, f2, f3, s + from) & (~0u << (at - from)) : 0;
    for (; m; m &= m - 1) {
        size_t k = from + (size_t)__builtin_ctz(m);
        if (law_word_may_start(lw, s, n, k) && law_word_at(lw, s, n, k))
            return k;
    }
    *i = n;
    return n;
}

/* law_scan16() 32 bytes at a time with AVX2, up to the last 32 bytes of
 * the text, which law_scan16() then reads from *i on (with four first
 * bytes or fewer, to the end: law_scan32_of4). */
__attribute__((target("avx2"))) static size_t law_scan32(const law_words *lw, const char *s,
                                                         size_t n, size_t *i)
{
    if (lw->first_count <= 4)
        return law_scan32_of4(lw, s, n, i);
    __m256i f[LAW_FIRST_BYTES];
    size_t count = LAW_FIRST_BYTES;
    for (size_t k = 0; k < count; k++)
        f[k] = _mm256_set1_epi8((char)lw->firsts[k][0]);
    for (; *i + 32 <= n; *i += 32)
        for (uint32_t m = law_first32(f, count, s + *i); m; m &= m - 1) {
            size_t k = *i + (size_t)__builtin_ctz(m);
            if (law_word_may_start(lw, s, n, k) && law_word_at(lw, s, n, k))
                return k;
        }
    return n;
}
#endif
#endif

static size_t next_law_word(const law_words *lw, const char *s, size_t n, size_t from)
{
    size_t i = from;
#if defined(__SSE2__)
    /* a text shorter than a block (most table cells) is read a byte at a
     * time, without setting the blocks' registers up */
    if (refs_uses_simd && n >= 16 && lw->first_count && lw->first_count <= LAW_FIRST_BYTES) {
#ifdef LAW_SCAN32
        if (refs_uses_avx2 && i + 32 <= n && __builtin_cpu_supports("avx2")) {
            size_t k = law_scan32(lw, s, n, &i);
            if (k < n)
                return k;
        }
#endif
        size_t k = i < n ? law_scan16(lw, s, n, &i) : n; /* none left: no registers set up */
        if (k < n)
            return k;
    }
#endif
    for (; i < n; i++)
        if (lw->first[(unsigned char)s[i]] && law_word_at(lw, s, n, i))
            return i;
    return n;
}

/* Has a law's name ended at s? `first`: s is its first word. */
/* law_name_stop() when whether s opens with "và" is known (and_word 1 or
 * 0; -1: not asked yet). */
static bool law_name_stop_and(struct vnp_internal *in, const law_words *lw,
                              const connectives *cw, const char *s, size_t n, bool first,
                              int and_word)
{
    prefix_keys pk; /* the first words keyed once for the three lexicons */
    prefix_keys_init(&pk, s, n);
    const char *v = lexicon_prefix_keyed(in, "law_name_stops.tsv", &pk, NULL);
    bool stop = (v && (strcmp(v, "stop") == 0 || (first && strstr(v, "first")))) ||
                lexicon_prefix_keyed(in, "issuer_stops.tsv", &pk, NULL) ||
                ((and_word < 0 ? connective_at(cw, CW_AND, s, n) : and_word > 0) &&
                 list_after_and(in, cw, s, n)) ||
                (!is_vn_lower_start(s, n) && lexicon_prefix_keyed(in, "doctypes.tsv", &pk, NULL)) ||
                law_word_at(lw, s, n, 0) || is_digit_at(s, n, 0);
    prefix_keys_release(&pk);
    return stop;
}

static bool law_name_stop(struct vnp_internal *in, const law_words *lw, const connectives *cw,
                          const char *s, size_t n, bool first)
{
    return law_name_stop_and(in, lw, cw, s, n, first, -1);
}

/* "..., cứu hộ": past a comma before a lower-case word, which goes on
 * with the name. */
static size_t past_comma_before_lower(const char *s, size_t n, size_t k)
{
    size_t next = skip_spaces(s, n, k + 1);
    return s[k] == ',' && is_vn_lower_start(s + next, n - next) ? next : k;
}

/* "Luật Khoa học, Công nghệ và Đổi mới sáng tạo số 93/2025/QH15": after a
 * comma, capitalised words that run to the law's number or date, with no
 * other document named on the way, are the rest of the name. */
static bool numbered_tail(struct vnp_internal *in, const law_words *lw, const connectives *cw,
                          const char *s, size_t n, size_t k)
{
    for (size_t words = 0; k < n && words < 12; words++) {
        k = past_comma_before_lower(s, n, k);
        if (strchr(",;:()[]\t\"", s[k]) || law_word_at(lw, s, n, k) || is_type_word_at(in, s + k, n - k))
            return false;
        if (connective_at(cw, CW_NUMBER, s + k, n - k) || connective_at(cw, CW_DATE, s + k, n - k))
            return words > 0 && is_digit_at(s, n, skip_spaces(s, n, word_end_at(s, n, k)));
        if (law_name_stop(in, lw, cw, s + k, n - k, false))
            return false;
        k = skip_spaces(s, n, word_end_at(s, n, k));
    }
    return false;
}

/* After the word at s[k], a law's number and year: "02/2020/". */
static bool law_number_after(const char *s, size_t n, size_t k)
{
    size_t d = skip_spaces(s, n, word_end_at(s, n, k)), e = d;
    while (e < n && s[e] >= '0' && s[e] <= '9')
        e++;
    return e > d && e + 5 < n && s[e] == '/' && s[e + 1] >= '1' && s[e + 1] <= '2' && s[e + 5] == '/';
}

/* The walk of runs_to_number without its look-ups, which can only end it
 * sooner: is there a number after one of its words at all? Most names
 * have none, and the look-ups of each word are then spared. */
static bool number_ahead(const char *s, size_t n, size_t k)
{
    for (size_t words = 0; k < n && words < 12; words++) {
        k = past_comma_before_lower(s, n, k);
        if (strchr(",;:()[]\t\"", s[k]))
            return false;
        if (law_number_after(s, n, k))
            return true;
        k = skip_spaces(s, n, word_end_at(s, n, k));
    }
    return false;
}

/* A word that would end a name, followed by the law's number with only
 * words between ("Pháp lệnh Ưu đãi người có công với cách mạng số
 * 02/2020/UBTVQH14"): the number shows the name runs on to it. */
static bool runs_to_number(struct vnp_internal *in, const law_words *lw, const connectives *cw,
                           const char *s, size_t n, size_t k)
{
    if (!number_ahead(s, n, k))
        return false;
    for (size_t words = 0; k < n && words < 12; words++) {
        k = past_comma_before_lower(s, n, k);
        if (strchr(",;:()[]\t\"", s[k]) || law_word_at(lw, s, n, k) || is_type_word_at(in, s + k, n - k) ||
            connective_at(cw, CW_DATE, s + k, n - k) || connective_at(cw, CW_YEAR, s + k, n - k) ||
            connective_at(cw, CW_AND, s + k, n - k))
            return false;
        if (connective_at(cw, CW_NUMBER, s + k, n - k))
            return law_number_after(s, n, k);
        k = skip_spaces(s, n, word_end_at(s, n, k));
    }
    return false;
}

/* A comma inside a name: before a lower-case word that goes on with it
 * ("Luật Phòng, chống tham nhũng"), or between two abbreviations
 * ("Luật KH, CN&ĐMST"). */
static bool comma_in_name(struct vnp_internal *in, const law_words *lw, const connectives *cw,
                          const char *s, size_t n, size_t prev, size_t comma)
{
    size_t k = skip_spaces(s, n, comma + 1);
    if (k >= n || connective_at(cw, CW_LAW, s + k, n - k))
        return false; /* ", luật kế toán": the next law of a list */
    if (is_vn_lower_start(s + k, n - k))
        return !law_name_stop(in, lw, cw, s + k, n - k, false);
    size_t e = word_end_at(s, n, k);
    if (is_vn_upper_text(s + prev, comma - prev) && comma - prev <= 6 &&
        is_vn_upper_text(s + k, e - k) && !law_word_at(lw, s, n, k))
        return true;
    return numbered_tail(in, lw, cw, s, n, k);
}

/* Does a number follow the word at s[k] ("số 71/2025/QH15", "số: 31/...")?
 * Without one, "số" is a word of the name: "Luật Công nghiệp công nghệ số
 * số 71/2025/QH15", "Luật Chuyển đổi số ngày ...". */
static bool number_follows(const char *s, size_t n, size_t k)
{
    k = skip_spaces(s, n, word_end_at(s, n, k));
    if (k < n && s[k] == ':')
        k = skip_spaces(s, n, k + 1);
    return is_digit_at(s, n, k);
}

/* The end of a law's name starting at s[i]: the name runs until evidence
 * that it has ended (a stop word such as "số", "ngày", "năm", "của", a
 * verb of the subject, punctuation, "và" before another document, a year),
 * and a name of law_names.tsv is taken whole. Returns i when there is no
 * name. */
static size_t law_name_end(struct vnp_internal *in, const law_words *lw, const connectives *cw,
                           const char *s, size_t n, size_t i)
{
    size_t known = 0;
    if (lexicon_prefix(in, "law_names.tsv", s + i, n - i, &known) && known) {
        while (known && strchr(",;:.", s[i + known - 1]))
            known--;
        i += known;
    }
    if (!known && skip_spaces(s, n, i) < n && s[skip_spaces(s, n, i)] == ',')
        return i; /* "Hiến pháp, luật pháp": no name */
    size_t end = i, prev = i, before_and = 0;
    for (size_t w = skip_spaces(s, n, i), words = 0; w < n && words < LAW_NAME_MAX_WORDS; words++) {
        if (s[w] == ',') {
            if (!comma_in_name(in, lw, cw, s, n, prev, w))
                break;
            w = skip_spaces(s, n, w + 1);
        }
        int32_t first = opening_first_letter(s + w, n - w); /* for both roles */
        bool number_word = may_open_with(cw, CW_NUMBER, first) &&
                           role_word_at(&cw->role[CW_NUMBER], s + w, n - w, NULL);
        bool digital = number_word && !number_follows(s, n, w);
        bool and_word = may_open_with(cw, CW_AND, first) &&
                        role_word_at(&cw->role[CW_AND], s + w, n - w, NULL);
        if (strchr(",;:()[]\t\"", s[w]) ||
            ((words > 0 || known) && !digital &&
             law_name_stop_and(in, lw, cw, s + w, n - w, false, and_word) &&
             (number_word || !runs_to_number(in, lw, cw, s, n, w))))
            break;
        size_t e = word_end_at(s, n, w);
        if (e == w)
            break;
        before_and = and_word ? end : 0;
        prev = w;
        end = e;
        w = skip_spaces(s, n, e);
    }
    return before_and ? before_and : end; /* a name does not end in "và" */
}

/* "Thư viện Pháp Luật", "pháp luật", "Đại học Luật": a word before "Luật"
 * that makes it part of another name. */
static bool inside_name(struct vnp_internal *in, const char *s, size_t at)
{
    if (at < 2 || s[at - 1] != ' ')
        return false;
    size_t k = at - 1;
    while (k > 0 && s[k - 1] != ' ')
        k--;
    const char *v = lexicon_prefix(in, "law_name_stops.tsv", s + k, at - 1 - k, NULL);
    if (v && strstr(v, "before")) /* "pháp luật", "kỷ luật", "Đại học Luật" */
        return true;
    /* a capital that starts a sentence ("Theo Luật ...") says nothing */
    size_t before = k;
    while (before > 0 && s[before - 1] == ' ')
        before--;
    bool sentence_start = before == 0 || strchr(".:;-+*•–)", s[before - 1]);
    return !sentence_start && !is_vn_lower_start(s + k, at - 1 - k) &&
           !is_vn_upper_text(s + k, at - 1 - k) && !strchr(",;:(\"", s[at - 2]) &&
           !(s[k] >= '0' && s[k] <= '9');
}

/* "... số 72/2025/QH15" after a law's name. */
static size_t read_law_number(vnp_document *doc, grammar *g, const scan_unit *u, size_t end,
                              vnp_reference *r)
{
    if (g->shared && refs_uses_opening_bytes && !builtin_may_open(u->text, u->len, end, "s"))
        return end;
    int rc = rx_pcre2_match(g->in, g->law, u->text, u->len, end, 0, g->law_md);
    if (rc <= 0)
        return end;
    span num = get_group(&g->law_ov, u->text, g->gn.lnum);
    r->number = arena_strndup(&doc->internal->mem, num.s, num.n);
    r->year = span_int(get_group(&g->law_ov, u->text, g->gn.lyear));
    set_symbol(doc, g, r, get_group(&g->law_ov, u->text, g->gn.lsym));
    return g->law_ov.at[1];
}

/* A bare year after a law's name ("Luật Ngân sách nhà nước 2015", "Hiến
 * pháp năm 2013") stays in the mention's text; it is no date. */
static size_t skip_law_year(const connectives *cw, const char *s, size_t n, size_t end)
{
    size_t k = skip_spaces(s, n, end);
    if (k < n && connective_at(cw, CW_YEAR, s + k, n - k))
        k = skip_spaces(s, n, word_end_at(s, n, k));
    size_t e = k;
    while (e < n && s[e] >= '0' && s[e] <= '9')
        e++;
    bool year = e - k == 4 && (s[k] == '1' || s[k] == '2') && (e == n || !strchr("/-.", s[e]) || e + 1 == n || s[e + 1] == ' ');
    return year ? e : end;
}

/* One law of a list named by an amending law; returns its end, or i.
 * After "của" the list itself says a law is named, so the law word may be
 * in lower case too ("... một số điều của luật chứng khoán, luật kế toán"). */
static size_t amended_law(vnp_document *doc, grammar *g, const scan_unit *u, size_t i,
                          vnp_reference *r, size_t *numbered)
{
    size_t w = law_word_at(&g->laws, u->text, u->len, i);
    word_hit lower;
    if (!w && connective_hit(g->cw, CW_LAW_LOWER, u->text + i, u->len - i, &lower) &&
        u->len - i > lower.len + 1)
        w = lower.len; /* "luật " and more */
    if (!w)
        return i;
    size_t name = skip_spaces(u->text, u->len, i + w);
    size_t end = law_name_end(doc->internal, &g->laws, g->cw, u->text, u->len, name);
    if (end == name)
        return i;
    size_t after = read_law_number(doc, g, u, end, r);
    *numbered += after != end;
    return after;
}

/* "Luật sửa đổi, bổ sung một số điều của Luật A số .., Luật B và Luật C":
 * one mention, the amending law. The number it carries is its own when it
 * names one law ("... của Luật Bảo hiểm y tế số 46/2014/QH13"); with
 * several, the numbers are the amended laws'. Returns the end of the name,
 * or 0 when s[name] does not start an amending law. */
static size_t amending_law(vnp_document *doc, grammar *g, const scan_unit *u, size_t name,
                           vnp_reference *r)
{
    const char *s = u->text;
    const law_words *lw = &g->laws;
    const connectives *cw = g->cw;
    size_t n = u->len;
    if (!connective_at(cw, CW_AMEND, s + name, n - name))
        return 0;
    size_t k = name, of = 0;
    for (size_t words = 0; k < n && words < 12 && !of; words++) {
        if (words > 0 && law_word_at(lw, s, n, k)) { /* "... một số điều Luật X" */
            of = k;
            break;
        }
        if (connective_at(cw, CW_OF, s + k, n - k))
            of = skip_spaces(s, n, word_end_at(s, n, k));
        k = skip_spaces(s, n, word_end_at(s, n, k));
        if (k < n && s[k] == ',')
            k = skip_spaces(s, n, k + 1);
    }
    if (!of)
        return 0;
    vnp_reference inner = {0};
    size_t laws = 0, numbered = 0, end = of;
    for (size_t at = of;;) {
        size_t e = amended_law(doc, g, u, at, &inner, &numbered);
        if (e == at)
            break;
        laws++;
        end = e;
        at = skip_spaces(s, n, e);
        if (at < n && s[at] == ',')
            at = skip_spaces(s, n, at + 1);
        else if (connective_at(cw, CW_AND, s + at, n - at))
            at = skip_spaces(s, n, word_end_at(s, n, at));
        else
            break;
    }
    if (!laws)
        return 0;
    if (laws == 1 && numbered == 1) {
        r->number = inner.number;
        r->year = inner.year;
        r->symbol = inner.symbol;
        r->symbol_raw = inner.symbol_raw;
    }
    return end;
}

/* The start of the word before s[at], or at when there is none. */
static size_t previous_word(const char *s, size_t at)
{
    size_t b = at;
    while (b > 0 && s[b - 1] == ' ')
        b--;
    if (b == at && b > 0)
        return at;
    size_t k = b;
    while (k > 0 && s[k - 1] != ' ')
        k--;
    return k < b ? k : at;
}

/* "Luật Thủy lợi sửa đổi" with the words at s[k]: the revised law still to
 * be passed, unless a year or "bổ sung" follows ("... sửa đổi, bổ sung năm
 * 2020", "... sửa đổi năm 2024": the law in force as it stands). */
static bool revision_to_come(const connectives *cw, const char *s, size_t n, size_t k)
{
    word_hit revised;
    if (!connective_hit(cw, CW_REVISED, s + k, n - k, &revised))
        return false;
    k += revised.len;
    if (k < n && s[k] != ' ' && !strchr(",;:.)", s[k]))
        return false; /* a longer word */
    if (k < n && s[k] == ',')
        k++;
    k = skip_spaces(s, n, k);
    return !(connective_at(cw, CW_YEAR, s + k, n - k) ||
             connective_at(cw, CW_SUPPLEMENT, s + k, n - k) ||
             is_digit_at(s, n, k));
}

/* A law not in force yet: "dự thảo Luật ...", "dự án Luật ...", "Luật
 * Quy hoạch (sửa đổi)", "Luật Thủy lợi sửa đổi". */
static bool draft_law(const connectives *cw, const char *s, size_t n, size_t at, size_t end)
{
    size_t k = skip_spaces(s, n, end);
    if (k < n && s[k] == '(' && connective_at(cw, CW_REVISED_CLOSED, s + k + 1, n - k - 1))
        return true;
    if (k > end && revision_to_come(cw, s, n, k))
        return true;
    size_t second = previous_word(s, at), first = previous_word(s, second);
    return second < at && first < second &&
           connective_at(cw, CW_DRAFT, s + first, second - first) &&
           connective_at(cw, CW_DRAFT_KIND, s + second, at - second);
}

/* A law, code, ordinance or the constitution cited by name at s[at];
 * returns the end of its text, or 0 when there is none. */
static size_t read_law(vnp_document *doc, grammar *g, const scan_unit *u, size_t at, vec *out)
{
    const char *s = u->text;
    const law_words *lw = &g->laws;
    const connectives *cw = g->cw;
    size_t n = u->len, w = law_word_at(lw, s, n, at);
    size_t name = skip_spaces(s, n, at + w);
    int row = law_row_at(lw, s, n, at);
    bool constitution = row >= 0 && lw->constitution[row];
    if (inside_name(doc->internal, s, at))
        return 0;
    vnp_reference probe = {0};
    size_t end = amending_law(doc, g, u, name, &probe);
    /* "Luật quy định ...": the law as a subject; a name of law_names.tsv
     * is a law's name in any case ("Luật ban hành văn bản quy phạm ...") */
    if (!end && name < n && is_vn_lower_start(s + name, n - name) && !constitution &&
        law_name_stop(doc->internal, lw, cw, s + name, n - name, true) &&
        !lexicon_prefix(doc->internal, "law_names.tsv", s + name, n - name, NULL))
        return 0;
    if (!end && constitution && law_name_stop(doc->internal, lw, cw, s + name, n - name, true))
        end = name; /* "Hiến pháp năm 2013": no name */
    else if (!end)
        end = law_name_end(doc->internal, lw, cw, s, n, name);
    if ((end == name && !constitution) || draft_law(g->cw, s, n, at, end))
        return 0;
    if (end == name)
        end = at + w;
    vnp_reference *r = new_reference(doc, out, u, at);
    if (!r)
        return n;
    r->type = capitalised(&doc->internal->mem, s + at, w);
    r->number = probe.number;
    r->year = probe.year;
    r->symbol = probe.symbol;
    r->symbol_raw = probe.symbol_raw;
    if (end > name)
        r->title = arena_strndup(&doc->internal->mem, s + name, end - name);
    size_t after = r->number ? end : read_law_number(doc, g, u, end, r);
    after = skip_law_year(g->cw, s, n, after);
    const char *title = r->title;
    size_t text_end = finish_mention(doc, g, u, at, after, r, true);
    r->title = title;
    return text_end;
}
/* Only ", " or " và " between the last mention (or item) and s[at]. */
static bool follows_mention(const connectives *cw, const char *s, size_t from, size_t at)
{
    size_t k = skip_spaces(s, at, from);
    if (k < at && s[k] == ',')
        return skip_spaces(s, at, k + 1) == at;
    word_hit and;
    return connective_hit(cw, CW_AND, s + k, at - k, &and) && k + and.len < at &&
           skip_spaces(s, at, k + and.len) == at;
}

/* An item without "số" must say itself what it is: its symbol starts with
 * the type code of the list ("19/TTr-SXD" after a Tờ trình). */
static bool carries_code(const char *code, const vnp_reference *r)
{
    size_t n = code ? strlen(code) : 0;
    return n && r->symbol && strncmp(r->symbol, code, n) == 0 && r->symbol[n] != '\0' &&
           strchr("-/", r->symbol[n]);
}

/* ---- scanning ----------------------------------------------------------- */

/* The scan of one unit: mentions come in text order; one that starts
 * inside the text of the mention before it ("pháp luật số 64/2025/QH15"
 * inside "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15", the
 * laws an amending law names) is part of it, not a mention of its own. */
typedef struct unit_scan {
    vnp_document *doc;
    grammar *g;
    const scan_unit *u;
    vec *out;
    size_t covered; /* end of the text of the last mention */
    list_state list;
    size_t found;     /* where the last match starts */
    bool head_found;  /* the last match is the list-head pattern's (head_md) */
    size_t head_none; /* no list head starts before this (windowed search) */
} unit_scan;

/* The header cites other documents in its title ("... TRIỂN KHAI QUYẾT
 * ĐỊNH SỐ 06/QĐ-TTG ..."); its own number is no citation. */
static bool own_number(const vnp_document *doc, const vnp_reference *r)
{
    return doc->number && r->number && strcmp(doc->number, r->number) == 0 &&
           (!doc->symbol || !r->symbol || strcmp(doc->symbol, r->symbol) == 0);
}

static void drop_last(vec *out) { out->count--; }

/* A type word in lower case that ends another word: "luật" of "pháp
 * luật" (law_name_stops.tsv, "before"), in "... văn bản quy phạm pháp
 * luật và số 150/2025/NĐ-CP", where the item is no law. */
static bool ends_other_word(struct vnp_internal *in, const char *s, span t)
{
    size_t at = (size_t)(t.s - s);
    if (!is_vn_lower_start(t.s, t.n) || at < 2 || s[at - 1] != ' ')
        return false;
    size_t k = at - 1;
    while (k > 0 && s[k - 1] != ' ')
        k--;
    const char *v = lexicon_prefix(in, "law_name_stops.tsv", s + k, at - 1 - k, NULL);
    return v && strstr(v, "before");
}

/* A match of the typed branch of reference.pcre; returns where to go on. */
static size_t typed_mention(unit_scan *sc, PCRE2_SIZE start, PCRE2_SIZE end)
{
    grammar *g = sc->g;
    span t = get_group(&g->ref_ov, sc->u->text, g->gn.type);
    if (ends_other_word(sc->doc->internal, sc->u->text, t))
        return start + t.n; /* the item after it is read on its own */
    vnp_reference *r = new_reference(sc->doc, sc->out, sc->u, start);
    if (!r)
        return sc->u->len;
    const char *code = NULL;
    r->type = type_word(sc->doc, sc->g, t, &code);
    r->type_code = code;
    read_number(sc->doc, g, sc->u, r);
    size_t text_end = finish_mention(sc->doc, g, sc->u, start, end, r, true);
    if (sc->u->header && own_number(sc->doc, r)) {
        drop_last(sc->out);
        return end;
    }
    sc->covered = text_end;
    sc->list.type = t;
    sc->list.from = text_end;
    return text_end;
}

/* A match of the item branch ("số 8/CĐ-UBND" after a list head or a
 * mention of the same sentence): a mention of the head's type, without an
 * issuer of its own. */
static size_t list_item(unit_scan *sc, PCRE2_SIZE start, PCRE2_SIZE end)
{
    const scan_unit *u = sc->u;
    bool bare = get_group(&sc->g->ref_ov, u->text, sc->g->gn.bare).s != NULL;
    if (!sc->list.type.s || sentence_ends(u->text, sc->list.from, start) ||
        (bare && !follows_mention(sc->g->cw, u->text, sc->list.from, start)))
        return end;
    vnp_reference *r = new_reference(sc->doc, sc->out, u, start);
    if (!r)
        return u->len;
    const char *code = NULL;
    r->type = type_word(sc->doc, sc->g, sc->list.type, &code);
    r->type_code = code;
    read_number(sc->doc, sc->g, u, r);
    if (!item_fits(sc->doc->internal, code, r) || (bare && !carries_code(code, r))) {
        drop_last(sc->out);
        return end;
    }
    size_t text_end = finish_mention(sc->doc, sc->g, u, start, end, r, false);
    sc->covered = text_end;
    sc->list.from = text_end;
    return text_end;
}

static size_t grammar_match(unit_scan *sc)
{
    grammar *g = sc->g;
    const PCRE2_SIZE *ov = g->ref_ov.at;
    PCRE2_SIZE start = ov[0], end = ov[1];
    if (sc->head_found) {
        const PCRE2_SIZE *hv = g->head_ov.at;
        span head = get_group(&g->head_ov, sc->u->text, g->gn.head_type);
        sc->list.type = head;
        sc->list.from = hv[1];
        return (size_t)(head.s - sc->u->text);
    }
    span head = get_group(&g->ref_ov, sc->u->text, g->gn.htype);
    if (head.s) { /* "các Quyết định ...": the items that follow are of this type */
        sc->list.type = head;
        sc->list.from = end;
        return (size_t)(head.s - sc->u->text); /* "các Công điện số 215/...": typed too */
    }
    if (get_group(&g->ref_ov, sc->u->text, g->gn.type).s)
        return typed_mention(sc, start, end);
    return list_item(sc, start, end);
}


/* Where a match of the built-in grammar whose first "/" is at `slash` can
 * start at the earliest: after the last character back from the slash that
 * no match holds, and no earlier than the (words+1)-th place back where a
 * word starts after white space (any other white space, such as a
 * no-break space, only joins words here, which makes the window larger). */
static size_t window_start(const uint8_t *cls, const char *t, size_t lo, size_t slash,
                           size_t words)
{
    size_t seen = 0;
    for (size_t i = slash; i-- > lo;) {
        uint8_t c = cls[(unsigned char)t[i]];
        if (c == WINDOW_STOP)
            return i + 1;
        if (i > lo && c != WINDOW_BLANK && cls[(unsigned char)t[i - 1]] == WINDOW_BLANK &&
            ++seen > words)
            return i;
    }
    return lo;
}

/* The leftmost match of the built-in grammar that contains a "/" (every
 * branch but the list heads'), starting at or after `at`. A match starting
 * at q holds the first "/" after q, and no more than window_words words
 * stand between them; so each "/" is searched for in its window, from the
 * window's start with PCRE2's offset limit at the slash, and the text
 * between the windows is never tried; nor is a window whose slash
 * ref_window_start rules out (most slashes are in dates and fractions),
 * and the others start where it says a match can start at the earliest. */
static int slash_match(unit_scan *sc, size_t at)
{
    const char *t = sc->u->text;
    size_t n = sc->u->len;
    for (size_t lo = at; lo < n;) {
        const char *slash = memchr(t + lo, '/', n - lo);
        if (!slash)
            return PCRE2_ERROR_NOMATCH;
        size_t s = (size_t)(slash - t);
        size_t earliest = sc->g->window_test ? ref_window_start(sc->g->window_test, t, n, s,
                                                                sc->g->type_words)
                                             : 0;
        if (earliest == REF_WINDOW_NONE) {
            lo = s + 1;
            continue;
        }
        /* no match starts before `earliest`: the window is read back to it */
        size_t w = window_start(sc->g->window_class, t, earliest > lo ? earliest : lo, s,
                                sc->g->window_words);
        int rc = rx_pcre2_match_until(sc->g->in, sc->g->ref, t, n, w, s, sc->g->md);
        if (rc != PCRE2_ERROR_NOMATCH)
            return rc;
        lo = s + 1;
    }
    return PCRE2_ERROR_NOMATCH;
}

/* The leftmost list head ("các Quyết định") at or after `at` that starts
 * at `limit` at the latest. */
static bool head_match(unit_scan *sc, size_t at, size_t limit)
{
    if (at < sc->head_none)
        at = sc->head_none;
    if (at > limit || at >= sc->u->len)
        return false;
    int rc = rx_pcre2_match_until(sc->g->in, sc->g->head, sc->u->text, sc->u->len, at, limit,
                                  sc->g->head_md);
    if (rc > 0)
        return true;
    sc->head_none = limit + 1;
    return false;
}

/* Is the last match of the grammar a mention with its own type word, out
 * of the header? */
static bool typed_outside_header(const unit_scan *sc)
{
    return !sc->u->header && get_group(&sc->g->ref_ov, sc->u->text, sc->g->gn.type).s != NULL;
}

/* The leftmost match of the grammar at or after `at`; sc->found is where it
 * starts. The built-in grammar takes the windows of slash_match and the
 * list heads' own search, whichever starts first (the heads at a tie, as
 * the grammar's first branch); a caller's grammar is searched plainly. */
static int match_from(unit_scan *sc, size_t at)
{
    grammar *g = sc->g;
    sc->head_found = false;
    if (at >= sc->u->len)
        return 0;
    int rc = g->window_words ? slash_match(sc, at)
                             : rx_pcre2_match(g->in, g->ref, sc->u->text, sc->u->len, at, 0, g->md);
    sc->found = rc > 0 ? g->ref_ov.at[0] : sc->u->len;
    /* a list head with no match of the grammar after it changes nothing:
     * its type is only ever read by a later match; nor does one before a
     * typed mention, which sets the list's type itself (unless it is the
     * header's own number, which is dropped) */
    if (g->window_words && rc > 0 && !typed_outside_header(sc) && head_match(sc, at, sc->found)) {
        sc->head_found = true;
        sc->found = g->head_ov.at[0];
        return 1;
    }
    return rc;
}

/* The grammar's matches and the laws cited by name, merged in text order:
 * at one place the law reader wins (it reads the name). */
static void scan_unit_text(vnp_document *doc, grammar *g, const scan_unit *u, vec *out)
{
    unit_scan sc = {doc, g, u, out, 0, {{NULL, 0}, 0}, 0, false, 0};
    const char *s = u->text;
    size_t n = u->len;
    size_t law = next_law_word(&g->laws, s, n, 0);
    int rc = match_from(&sc, 0);
    for (;;) {
        size_t found = rc > 0 ? sc.found : n;
        if (law < n && law <= found) {
            if (law >= sc.covered) {
                size_t end = read_law(doc, g, u, law, out);
                sc.covered = end > sc.covered ? end : sc.covered;
            }
            law = next_law_word(&g->laws, s, n, word_end_at(s, n, law) + 1);
            if (rc > 0 && found < sc.covered)
                rc = match_from(&sc, sc.covered);
            continue;
        }
        if (rc <= 0)
            break;
        if (found < sc.covered) {
            rc = match_from(&sc, sc.covered);
            continue;
        }
        size_t next = grammar_match(&sc);
        rc = match_from(&sc, next > found ? next : found + 1);
    }
}

/* The products the reference stage reads, as its entry point got them. */
typedef struct refs_input {
    const lines_product *lines;
    const paragraphs_product *paras;
    const title_product *title;
    const parts_product *parts;
    const table_text *tables;
} refs_input;

/* ---- where the lines of a cell start --------------------------------- */

/* A block cell joins several source lines with spaces: the piece of text
 * [from, to) that starts on line `no` is walked against those lines, non-
 * space byte by byte, and each line that starts inside it gets a piece, so
 * a mention gets the line it stands on. Stops at the first difference. */
static void split_piece(const lines_product *lines, const char *text, size_t from, size_t to,
                        size_t no, vec *pieces, arena *a)
{
    line_piece *first = vec_push(a, pieces);
    if (!first)
        return;
    first->offset = from;
    first->line = no;
    size_t li = lines_index(lines, no);
    if (li >= lines->count || lines->lines[li].no != no || (lines->lines[li].flags & LINE_CELLS))
        return;
    size_t p = from;
    for (bool started = false; li < lines->count && p < to; li++) {
        const src_line *ln = &lines->lines[li];
        if (ln->flags & LINE_PIPE)
            return;
        size_t k = 0;
        while (k < ln->len && ln->text[k] == ' ')
            k++;
        if (k == ln->len)
            continue;
        while (p < to && text[p] == ' ')
            p++;
        if (started && p < to) {
            line_piece *lp = vec_push(a, pieces);
            if (!lp)
                return;
            lp->offset = p;
            lp->line = ln->no;
        }
        started = true;
        size_t rest = ln->len - k;
        if (rest <= to - p && memcmp(text + p, ln->text + k, rest) == 0) {
            p += rest; /* the line as it stands, spaces and all: the loop below would agree */
            continue;
        }
        for (; k < ln->len && p < to; k++) {
            if (ln->text[k] == ' ')
                continue;
            while (p < to && text[p] == ' ')
                p++;
            if (p >= to || text[p] != ln->text[k])
                return;
            p++;
        }
        if (k < ln->len)
            return;
    }
}

/* The pieces of a cell, each split at the source lines it spans. */
static void cell_pieces(const lines_product *lines, const char *text, size_t len,
                        const line_piece *coarse, size_t count, size_t line, vec *pieces,
                        arena *a)
{
    pieces->count = 0;
    if (!count) {
        split_piece(lines, text, 0, len, line, pieces, a);
        return;
    }
    for (size_t i = 0; i < count; i++)
        split_piece(lines, text, coarse[i].offset, i + 1 < count ? coarse[i + 1].offset : len,
                    coarse[i].line, pieces, a);
}

/* Can the search of scan_unit_text find anything in text[0..n)? The
 * built-in grammar matches only around a '/' that the window test lets
 * through (its list heads are looked for only before such a match), and a
 * law cited by name opens with a law word: a text with neither yields
 * nothing, and its lines need not be found. Most table cells are such
 * texts (names, numbers, dates as "12/2025"). A caller's grammar is
 * searched in every text. */
static bool may_hold_reference(const grammar *g, const char *text, size_t n)
{
    if (!g->window_words || !g->window_test || next_law_word(&g->laws, text, n, 0) < n)
        return true;
    for (const char *slash = memchr(text, '/', n); slash;
         slash = memchr(slash + 1, '/', n - (size_t)(slash + 1 - text)))
        if (ref_window_start(g->window_test, text, n, (size_t)(slash - text), g->type_words) !=
            REF_WINDOW_NONE)
            return true;
    return false;
}

static void scan_cell(vnp_document *doc, grammar *g, const lines_product *lines, const char *text,
                      const line_piece *coarse, size_t count, size_t line, vnp_role role,
                      vec *out)
{
    size_t len = strlen(text);
    if (!may_hold_reference(g, text, len))
        return;
    vec pieces = {.size = sizeof(line_piece)};
    arena a = {0};
    cell_pieces(lines, text, len, coarse, count, line, &pieces, &a);
    bool ok = !a.failed && pieces.count;
    scan_unit u = {text, len, ok ? pieces.items : coarse, ok ? pieces.count : count, line, role,
                   false, 0, 0, 0, NULL, 0};
    scan_unit_text(doc, g, &u, out);
    arena_release(&a);
}

/* ---- the units of a document ------------------------------------------- */

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

static vnp_role para_role(const vnp_document *doc, const refs_input *ri, size_t i, const para *p)
{
    if (doc->annex_count && p->line >= doc->annexes[0].line)
        return VNP_ROLE_ANNEX;
    if (i < ri->parts->body_start && in_preamble(doc, p->line))
        return VNP_ROLE_BASIS;
    return VNP_ROLE_BODY;
}

/* Is the line inside a rebuilt table? Lines are asked in increasing
 * order and tables come in the order they start, so one cursor walks the
 * tables once for the whole document. */
static bool in_table(const vnp_document *doc, size_t *cursor, size_t line)
{
    while (*cursor < doc->table_count && doc->tables[*cursor].end_line < line)
        ++*cursor;
    return *cursor < doc->table_count && doc->tables[*cursor].line <= line;
}

static void scan_table_cells(vnp_document *doc, grammar *g, const refs_input *ri, vec *out)
{
    size_t first_annex = doc->annex_count ? doc->annexes[0].line : (size_t)-1;
    table_cursor at = {0, 0};
    table_cell c;
    while (table_text_next(ri->tables, &at, &c)) {
        size_t line = c.pieces[0].line;
        scan_cell(doc, g, ri->lines, c.text, c.pieces, c.piece_count, line,
                  line >= first_annex ? VNP_ROLE_ANNEX : VNP_ROLE_BODY, out);
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

static void scan_footnote(vnp_document *doc, grammar *g, const para *f, vec *out)
{
    scan_unit u = {f->text, f->len, f->pieces, f->piece_count, f->line, VNP_ROLE_FOOTNOTE, false,
                   0, 0, 0, NULL, 0};
    scan_unit_text(doc, g, &u, out);
}

static void scan_paragraph(vnp_document *doc, grammar *g, const refs_input *ri, size_t i,
                           size_t *table, vec *out)
{
    const para *p = &ri->paras->paras[i];
    bool header = i < ri->title->title_end;
    vnp_role role = para_role(doc, ri, i, p);
    if (p->kind == PARA_ROW) {
        if (header || in_table(doc, table, p->line))
            return; /* the header's cells hold its own number; tables: their cells */
        for (size_t c = 0; c < p->cell_count; c++)
            scan_cell(doc, g, ri->lines, p->cells[c], NULL, 0, para_cell_line(p, c), role, out);
        return;
    }
    scan_unit u = {p->text, p->len, p->pieces, p->piece_count, p->line, role, header, 0, 0, 0,
                   p->marker_at, p->marker_at_count};
    scan_unit_text(doc, g, &u, out);
}

static void scan_paragraphs(vnp_document *doc, grammar *g, const refs_input *ri, vec *out)
{
    const paragraphs_product *ps = ri->paras;
    size_t foot = 0, table = 0;
    for (size_t i = 0; i < ps->count; i++) {
        const para *p = &ps->paras[i];
        /* footnotes printed before this paragraph come first, in line order */
        for (; foot < ps->footnote_count && ps->footnotes[foot].line < p->line; foot++)
            scan_footnote(doc, g, &ps->footnotes[foot], out);
        scan_paragraph(doc, g, ri, i, &table, out);
    }
    for (; foot < ps->footnote_count; foot++)
        scan_footnote(doc, g, &ps->footnotes[foot], out);
}

/* A website's title of the document and its notices cite documents too;
 * they are not the document's references. */
static void drop_outside_document(const frame_product *frame, vec *out)
{
    vnp_reference *r = out->items;
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++)
        if (within_document(frame, r[i].line))
            r[kept++] = r[i];
    out->count = kept;
}

vnp_status refs_extract(vnp_document *doc, const lines_product *lines,
                        const paragraphs_product *paras, const title_product *title,
                        const parts_product *parts, const frame_product *frame,
                        const table_text *tables)
{
    const refs_input ri = {lines, paras, title, parts, tables};
    grammar g;
    if (!grammar_load(doc, &g)) {
        grammar_free(&g); /* out of memory, or a caller's grammar that does not compile */
        return stage_status(doc) != VNP_OK ? VNP_ERR_NOMEM : VNP_ERR_ARGUMENT;
    }
    vec out = {.size = sizeof(vnp_reference)};
    scan_paragraphs(doc, &g, &ri, &out);
    scan_table_cells(doc, &g, &ri, &out);
    grammar_free(&g);
    drop_outside_document(frame, &out);
    /* document order: two mentions never start at one line and column */
    if (out.count > 1)
        qsort(out.items, out.count, sizeof(vnp_reference), by_position);
    doc->references = out.items;
    doc->reference_count = out.count;
    return stage_status(doc);
}
