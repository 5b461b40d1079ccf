/* Which "/" can be the first slash of a match of the built-in reference
 * grammar (grammars/reference.pcre).
 *
 * Every branch of that grammar but the list heads' holds a "/", and what
 * stands before its first one is narrow: the number, after "số" (and
 * "hiệu", a colon), after the type word and up to four lower-case words of
 * a compound type, after ", " or " và " (an item without "số"); or a Party
 * symbol's letters after "number -". After the slash comes a digit or a
 * capital. Most slashes of a plan are in dates, fractions and quarters
 * ("03/4/2026", "45/50 xã", "Quý II/2026"), which fail this test within a
 * few bytes, so PCRE2 runs only on the windows where it may match; and the
 * words read back say where the match can start at the earliest (the
 * farthest type word among them), so PCRE2 starts there, not at the
 * window's first word.
 *
 * The test is exact in one direction: it says no only when the grammar
 * cannot match, and gives a start no later than the match's. Characters
 * are classed as PCRE2 classes them under PCRE2_UCP (\s, \d, \p{L},
 * \p{Lu}, \p{Ll}), and case-insensitive words are compared as (?i)
 * compares them; a code point outside the Latin blocks, whose class or
 * case partners are not checked here, always says yes (start 0). */
#include "ref_window.h"

#include <string.h>
#include <utf8proc.h>

typedef enum cls {
    CLS_SPACE,
    CLS_DIGIT,
    CLS_UPPER,   /* \p{Lu} */
    CLS_LOWER,   /* \p{Ll} */
    CLS_LETTER,  /* any other \p{L} */
    CLS_OTHER,   /* none of the grammar's classes */
    CLS_UNKNOWN, /* not checked: the test says yes */
} cls;

/* PCRE2's \s under PCRE2_UCP beyond ASCII: the separators (Z) and its
 * horizontal and vertical space lists (U+0085, U+180E). */
static bool unicode_space(int32_t c)
{
    return c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The Latin blocks (Latin-1 to Extended-B, the combining marks, Latin
 * Extended Additional): Vietnamese is written in them, and their general
 * categories have not changed between Unicode versions. */
static bool latin_block(int32_t c)
{
    return (c >= 0x80 && c <= 0x24F) || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}

/* The class of a code point as PCRE2 classes it, looked up slowly: the
 * table of the Latin blocks is built with it. */
static cls class_looked_up(int32_t c)
{
    if (c < 0x80) {
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            return CLS_SPACE;
        if (c >= '0' && c <= '9')
            return CLS_DIGIT;
        if (c >= 'A' && c <= 'Z')
            return CLS_UPPER;
        return c >= 'a' && c <= 'z' ? CLS_LOWER : CLS_OTHER;
    }
    if (unicode_space(c))
        return CLS_SPACE;
    if (!latin_block(c))
        return CLS_UNKNOWN;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
        return CLS_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return CLS_LOWER;
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return CLS_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return CLS_UNKNOWN;
    default:
        return CLS_OTHER;
    }
}

/* How (?i) compares a letter: upper then lower case, so that "ſ" meets "s"
 * and a title-case letter its lower case. */
static int32_t fold_looked_up(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    return utf8proc_tolower(utf8proc_toupper(c));
}

/* The place of a code point in the table of the Latin blocks, or -1. */
static int latin_index(int32_t c)
{
    if (c >= 0x80 && c < 0x370)
        return c - 0x80;
    if (c >= 0x1E00 && c < 0x1F00)
        return c - 0x1E00 + (0x370 - 0x80);
    return -1;
}

static inline cls class_of(const ref_window_words *ws, int32_t c)
{
    if (c >= 0 && c < 0x80)
        return (cls)ws->ascii_class[c];
    int k = latin_index(c);
    if (k >= 0)
        return (cls)ws->latin_class[k];
    return unicode_space(c) ? CLS_SPACE : CLS_UNKNOWN;
}

static int32_t fold(const ref_window_words *ws, int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    int k = latin_index(c);
    return k >= 0 ? (int32_t)ws->latin_fold[k] : c;
}

static bool letter(cls c) { return c == CLS_UPPER || c == CLS_LOWER || c == CLS_LETTER; }

/* The code point of the 2- or 3-byte sequence s[0..len); -1 for any other
 * (code points past U+FFFF are all outside the blocks checked). */
static int32_t decode(const unsigned char *s, size_t len)
{
    if (len == 2 && (s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80)
        return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    if (len == 3 && (s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
        return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return -1;
}

/* The class of the code point that ends at t[i]; *start gets where it
 * starts and *cp the code point (-1: the text's start, or unchecked).
 * Inlined: it runs once for each letter of every word read back. */
__attribute__((always_inline)) static inline cls class_before(const ref_window_words *ws,
                                                              const char *t, size_t i,
                                                              size_t *start, int32_t *cp)
{
    if (i == 0) {
        *start = 0;
        *cp = -1;
        return CLS_OTHER; /* the text's start */
    }
    const unsigned char *u = (const unsigned char *)t;
    unsigned char b = u[i - 1];
    if (b < 0x80) {
        *start = i - 1;
        *cp = b;
        return (cls)ws->ascii_class[b];
    }
    /* the letters of Vietnamese: two or three bytes, read at once */
    if ((b & 0xC0) == 0x80 && i >= 2 && (u[i - 2] & 0xE0) == 0xC0) {
        *start = i - 2;
        *cp = ((u[i - 2] & 0x1F) << 6) | (b & 0x3F);
        return class_of(ws, *cp);
    }
    if ((b & 0xC0) == 0x80 && i >= 3 && (u[i - 2] & 0xC0) == 0x80 && (u[i - 3] & 0xF0) == 0xE0) {
        *start = i - 3;
        *cp = ((u[i - 3] & 0x0F) << 12) | ((u[i - 2] & 0x3F) << 6) | (b & 0x3F);
        return class_of(ws, *cp);
    }
    size_t k = i - 1;
    while (k > 0 && i - k < 4 && ((unsigned char)t[k] & 0xC0) == 0x80)
        k--;
    *start = k;
    *cp = decode((const unsigned char *)t + k, i - k);
    return *cp < 0 ? CLS_UNKNOWN : class_of(ws, *cp);
}

/* Back from t[i] over white space (and colons, when `colons`); returns
 * where the run starts. */
static size_t skip_back(const ref_window_words *ws, const char *t, size_t i, bool colons)
{
    for (;;) {
        size_t start;
        int32_t c;
        cls k = class_before(ws, t, i, &start, &c);
        if (k != CLS_SPACE && !(colons && c == ':'))
            return i;
        i = start;
    }
}

/* A run of letters read back from the slash, folded. */
typedef struct word {
    size_t start;                      /* where the run starts */
    uint32_t cps[REF_WINDOW_WORD_CPS]; /* its last code points, folded, last first */
    size_t len;                        /* how many code points the run holds */
    bool lower;                        /* every letter is \p{Ll} */
    bool unknown;                      /* it follows a code point not checked */
    bool upper_first;                  /* its first letter is \p{Lu} */
} word;

/* The run of letters that ends at t[i]. */
static void read_word(const ref_window_words *ws, const char *t, size_t i, word *w)
{
    w->len = 0;
    w->lower = true;
    w->unknown = false;
    cls first = CLS_OTHER;
    for (;;) {
        size_t start;
        int32_t c;
        unsigned char b = i ? (unsigned char)t[i - 1] : 0;
        if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') { /* an ASCII letter */
            if (w->len < REF_WINDOW_WORD_CPS)
                w->cps[w->len] = b | 0x20;
            w->len++;
            w->lower = w->lower && b >= 'a';
            first = b >= 'a' ? CLS_LOWER : CLS_UPPER;
            i--;
            continue;
        }
        cls k = class_before(ws, t, i, &start, &c);
        if (!letter(k)) {
            w->unknown = k == CLS_UNKNOWN;
            break;
        }
        if (w->len < REF_WINDOW_WORD_CPS)
            w->cps[w->len] = (uint32_t)fold(ws, c);
        w->len++;
        w->lower = w->lower && k == CLS_LOWER;
        first = k;
        i = start;
    }
    w->start = i;
    w->upper_first = first == CLS_UPPER;
}

/* Does the word end with (or, when `whole`, equal) the folded code points
 * s[0..n)? */
static bool word_ends(const word *w, const uint32_t *s, size_t n, bool whole)
{
    if (n > w->len || n > REF_WINDOW_WORD_CPS || (whole && n != w->len))
        return false;
    for (size_t k = 0; k < n; k++)
        if (w->cps[k] != s[n - 1 - k])
            return false;
    return true;
}

static const uint32_t SO[] = {'s', 0x1ED1};              /* số */
static const uint32_t HIEU[] = {'h', 'i', 0x1EC7, 'u'}; /* hiệu */
static const uint32_t VA[] = {'v', 0xE0};               /* và */

/* The bucket of the last words of len code points whose last is `last`. */
static size_t bucket_of(size_t len, uint32_t last) { return len * 32 + (last & 31); }

bool ref_window_uses_buckets = true;

/* The most words of a type word whose last word is w; 0 when none ends
 * in it. Only the last words of w's length and last code point are
 * compared (their bucket; every word, when the buckets are not used). */
static size_t type_last_word(const ref_window_words *ws, const word *w)
{
    if (w->len > REF_WINDOW_WORD_CPS || !((ws->last_mask[w->len] >> (w->cps[0] & 31)) & 1))
        return 0;
    size_t most = 0;
    if (!ref_window_uses_buckets) {
        for (size_t k = 0; k < ws->count; k++)
            if (ws->words[k] > most && word_ends(w, ws->cps[k], ws->lens[k], true))
                most = ws->words[k];
        return most;
    }
    for (size_t k = ws->bucket_first[bucket_of(w->len, w->cps[0])]; k; k = ws->bucket_next[k - 1])
        if (ws->words[k - 1] > most && word_ends(w, ws->cps[k - 1], ws->lens[k - 1], true))
            most = ws->words[k - 1];
    return most;
}

/* The class of the code point at t[i] (of n bytes); *len gets its length. */
static cls class_at(const ref_window_words *ws, const char *t, size_t n, size_t i, size_t *len)
{
    unsigned char b = (unsigned char)t[i];
    *len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    int32_t c = b < 0x80 ? b : i + *len <= n ? decode((const unsigned char *)t + i, *len) : -1;
    return c < 0 ? CLS_UNKNOWN : class_of(ws, c);
}

/* Past the white space from t[i]: where it ends, and the class there
 * (CLS_OTHER at the text's end). */
static cls skip_forward(const ref_window_words *ws, const char *t, size_t n, size_t *i)
{
    size_t len;
    for (; *i < n; *i += len) {
        cls k = class_at(ws, t, n, *i, &len);
        if (k != CLS_SPACE)
            return k;
    }
    return CLS_OTHER;
}

/* After the slash: a capital (the symbol), or the year: two to four
 * digits before the symbol's "/" and capital, or 19xx or 20xx alone, not
 * before a "/" (the year and year2 of reference.pcre). So a date
 * ("03/4/2026", "15/12/2025") or a fraction ("45/50") is ruled out at its
 * first slash. */
static bool after_slash(const ref_window_words *ws, const char *t, size_t n, size_t i)
{
    cls k = skip_forward(ws, t, n, &i);
    if (k != CLS_DIGIT)
        return k == CLS_UPPER || k == CLS_UNKNOWN;
    size_t d = i, len;
    while (i < n && t[i] >= '0' && t[i] <= '9')
        i++;
    size_t digits = i - d;
    if (i < n && class_at(ws, t, n, i, &len) == CLS_UNKNOWN)
        return true; /* perhaps a digit of another script */
    if (digits == 4 && (i == n || t[i] != '/') &&
        ((t[d] == '1' && t[d + 1] == '9') || (t[d] == '2' && t[d + 1] == '0')))
        return true;
    if (digits < 2 || digits > 4)
        return false;
    k = skip_forward(ws, t, n, &i);
    if (k == CLS_UNKNOWN)
        return true;
    if (i == n || t[i] != '/')
        return false;
    i++;
    k = skip_forward(ws, t, n, &i);
    return k == CLS_UPPER || k == CLS_UNKNOWN;
}

/* Where the digits and dots of the number that ends at t[i] start. */
static size_t number_start(const char *t, size_t i)
{
    while (i > 0 && ((t[i - 1] >= '0' && t[i - 1] <= '9') || t[i - 1] == '.'))
        i--;
    return i;
}

#define NO_MATCH ((size_t)-1)
#define UNCHECKED ((size_t)-2)

/* Before the slash: the number, or a Party symbol's letters after
 * "number -" ("57 - NQ /"). Returns where the number ends, NO_MATCH when
 * no match can hold this slash, UNCHECKED when a code point is not
 * checked. */
static size_t number_end(const ref_window_words *ws, const char *t, size_t slash)
{
    size_t start, i = skip_back(ws, t, slash, false);
    int32_t c;
    cls k = class_before(ws, t, i, &start, &c);
    if (k == CLS_UNKNOWN)
        return UNCHECKED;
    if (k == CLS_DIGIT)
        return i;
    if (!letter(k))
        return NO_MATCH;
    word w;
    read_word(ws, t, i, &w);
    if (w.unknown)
        return UNCHECKED;
    if (!w.upper_first)
        return NO_MATCH;
    i = skip_back(ws, t, w.start, false);
    if (i == 0 || t[i - 1] != '-')
        return NO_MATCH;
    i = skip_back(ws, t, i - 1, false);
    k = class_before(ws, t, i, &start, &c);
    if (k == CLS_UNKNOWN)
        return UNCHECKED;
    return k == CLS_DIGIT ? i : NO_MATCH;
}

/* The earliest a type word can start whose last word is `last` (the
 * type's other words stand before it, after white space). The word it
 * reads first, the one before `last`, goes to *before_last, which is
 * read (a word read back whole, with no code point it does not check)
 * when *read_end is where it ends; else *read_end is REF_WINDOW_NONE. */
static size_t type_start(const ref_window_words *ws, const char *t, const word *last,
                         size_t type_words, word *before_last, size_t *read_end)
{
    word w;
    size_t earliest = last->start;
    *read_end = REF_WINDOW_NONE;
    for (size_t k = 1; k < type_words; k++) {
        size_t gap = skip_back(ws, t, earliest, false), start;
        int32_t c;
        cls before = class_before(ws, t, gap, &start, &c);
        if (before == CLS_UNKNOWN)
            return 0;
        if (gap == earliest || !letter(before))
            break;
        read_word(ws, t, gap, &w);
        if (w.unknown)
            return 0;
        if (k == 1) {
            *before_last = w;
            *read_end = gap;
        }
        earliest = w.start;
    }
    return earliest;
}

typedef enum word_read { WORD_READ, WORD_NONE, WORD_UNCHECKED } word_read;

/* The run of letters that ends at t[i], if one does. */
static word_read word_at(const ref_window_words *ws, const char *t, size_t i, word *w)
{
    size_t start;
    int32_t c;
    cls k = class_before(ws, t, i, &start, &c);
    if (k == CLS_UNKNOWN)
        return WORD_UNCHECKED;
    if (!letter(k))
        return WORD_NONE;
    read_word(ws, t, i, w);
    return w->unknown ? WORD_UNCHECKED : WORD_READ;
}

/* The words of a typed mention before "số" or the number, from the last
 * (its run ends at t[i]): lower-case words of a compound type (", " may
 * stand after each), at most four, after the type's last word. Returns the
 * earliest a type word can start, back to the farthest type's last word
 * among them; REF_WINDOW_NONE when none is one. */
/* last_read: that run, read already (NULL: not yet). */
static size_t typed_start_read(const ref_window_words *ws, const char *t, size_t i,
                               size_t type_words, const word *last_read)
{
    size_t earliest = REF_WINDOW_NONE;
    word before_last; /* the word type_start() read before the last, which ends at read_end */
    size_t read_end = last_read ? i : REF_WINDOW_NONE;
    if (last_read)
        before_last = *last_read;
    for (size_t compound = 0;; compound++) {
        word w;
        word_read got = i == read_end ? (w = before_last, WORD_READ) : word_at(ws, t, i, &w);
        if (got != WORD_READ)
            return got == WORD_NONE ? earliest : 0;
        size_t words = type_last_word(ws, &w); /* "định": "Nghị định", two words back at most */
        read_end = REF_WINDOW_NONE;
        if (words)
            earliest = type_start(ws, t, &w, words < type_words ? words : type_words, &before_last,
                                  &read_end);
        if (compound == 4 || !w.lower)
            return earliest;
        i = skip_back(ws, t, w.start, false);
        if (i == w.start)
            return earliest; /* a compound type's words follow white space */
        if (i > 0 && t[i - 1] == ',')
            i--;
    }
}

static size_t typed_start(const ref_window_words *ws, const char *t, size_t i, size_t type_words)
{
    return typed_start_read(ws, t, i, type_words, NULL);
}

static size_t earlier(size_t a, size_t b) { return a < b ? a : b; }

/* Where a match can start whose number starts at t[b], from the word
 * before it (ending at t[i]): "số" ("Nghị định số", or an item after a
 * list's punctuation), "và" before an item without "số" (or a compound
 * type's word), else the words of a typed mention. */
static size_t mention_start(const ref_window_words *ws, const char *t, size_t b, size_t i,
                            size_t type_words)
{
    word w;
    word_read got = word_at(ws, t, i, &w);
    if (got != WORD_READ)
        return got == WORD_NONE ? REF_WINDOW_NONE : 0;
    if (word_ends(&w, SO, 2, true)) {
        size_t gap = skip_back(ws, t, w.start, false);
        return earlier(w.start, typed_start(ws, t, gap, type_words));
    }
    if (word_ends(&w, SO, 2, false) || word_ends(&w, HIEU, 4, false))
        return 0; /* "số hiệu", "Quyết địnhsố": the window as it is */
    size_t typed = typed_start_read(ws, t, i, type_words, &w);
    return word_ends(&w, VA, 2, true) ? earlier(b, typed) : typed;
}

size_t ref_window_start(const ref_window_words *ws, const char *t, size_t n, size_t slash,
                        size_t type_words)
{
    if (!after_slash(ws, t, n, slash + 1))
        return REF_WINDOW_NONE;
    size_t e = number_end(ws, t, slash);
    if (e == UNCHECKED)
        return 0;
    if (e == NO_MATCH)
        return REF_WINDOW_NONE;
    size_t b = number_start(t, e), start;
    int32_t c;
    if (t[b] == '.') /* no number starts at a dot, nor after a digit or dot */
        return class_before(ws, t, b, &start, &c) == CLS_UNKNOWN ? 0 : REF_WINDOW_NONE;
    if (b >= 2 && t[b - 1] == ' ' && t[b - 2] == ',')
        return b; /* an item without "số": ", 19/TTr-SXD" */
    return mention_start(ws, t, b, skip_back(ws, t, b, true), type_words);
}

/* ---- the type words --------------------------------------------------- */

/* The code point at s[i] (of n bytes); its length, 0 when it is not UTF-8. */
static size_t next_cp(const char *s, size_t n, size_t i, int32_t *c)
{
    utf8proc_int32_t v;
    utf8proc_ssize_t step =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &v);
    *c = v;
    return step > 0 ? (size_t)step : 0;
}

static bool keep_last_word(ref_window_words *w, const char *s, size_t n)
{
    size_t from = n;
    while (from > 0 && s[from - 1] != ' ')
        from--;
    if (from == n || w->count == REF_WINDOW_WORDS)
        return false;
    size_t len = 0;
    for (size_t i = from, step; i < n; i += step) {
        int32_t c;
        step = next_cp(s, n, i, &c);
        if (!step || len == REF_WINDOW_WORD_CPS || !letter(class_looked_up(c)))
            return false;
        w->cps[w->count][len++] = (uint32_t)fold_looked_up(c);
    }
    w->last_mask[len] |= 1u << (w->cps[w->count][len - 1] & 31);
    /* chained at the bucket's head: the order within a bucket does not
     * change which is the most */
    size_t b = bucket_of(len, w->cps[w->count][len - 1]);
    w->bucket_next[w->count] = w->bucket_first[b];
    w->bucket_first[b] = (uint8_t)(w->count + 1);
    w->words[w->count] = 1; /* the last, and each word that starts before it */
    for (size_t i = 0; i < from; i++)
        w->words[w->count] += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
    w->lens[w->count++] = len;
    return true;
}

/* Every character of a type word must be a Latin letter or a space. */
static bool type_word_readable(const char *s, size_t n)
{
    for (size_t i = 0, step; i < n; i += step) {
        int32_t c;
        step = next_cp(s, n, i, &c);
        if (!step || !(letter(class_looked_up(c)) || c == ' '))
            return false;
    }
    return n > 0 && s[0] != ' ';
}

static void build_tables(ref_window_words *w)
{
    for (int32_t c = 0; c < 0x80; c++)
        w->ascii_class[c] = (uint8_t)class_looked_up(c);
    for (int32_t c = 0x80; c < 0x1F00; c++) {
        int k = latin_index(c);
        if (k < 0)
            continue;
        w->latin_class[k] = (uint8_t)class_looked_up(c);
        w->latin_fold[k] = (uint32_t)fold_looked_up(c);
    }
}

bool ref_window_prepare(ref_window_words *w, const char *t, size_t len)
{
    memset(w, 0, sizeof *w);
    build_tables(w);
    for (size_t pos = 0; t && pos < len;) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *tab = memchr(t + pos, '\t', end - pos);
        if (t[pos] != '#' && tab) {
            size_t n = (size_t)(tab - (t + pos));
            if (!type_word_readable(t + pos, n) || !keep_last_word(w, t + pos, n))
                return false;
        }
        pos = end + 1;
    }
    return w->count > 0;
}
