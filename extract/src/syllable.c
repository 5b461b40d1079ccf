/* Is a word one Vietnamese syllable? An onset, a rhyme of
 * grammars/syllable_rhymes.tsv and at most one tone mark, in small letters,
 * in capitals or with a capital first: what a text decoded with the right
 * encoding is made of, and one decoded with a wrong one is not ("kÕ",
 * "ho¹ch"). The encoding detection counts them (encoding.c). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

enum { RHYME_MAX = 16 }; /* bytes of the longest rhyme, with room */

struct syllable_rules {
    const char **rhymes; /* sorted */
    size_t count;
};

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const syllable_rules *syllable_rules_load(struct vnp_internal *in, char *why, size_t cap)
{
    size_t len;
    const char *text = grammar_text(in, "syllable_rhymes.tsv", &len);
    syllable_rules *r = arena_alloc(&in->scratch, sizeof *r);
    size_t rows = 0;
    for (size_t i = 0; text && i < len; i++)
        rows += text[i] == '\n';
    const char **list = arena_alloc(&in->scratch, (rows + 1) * sizeof *list);
    if (!text || !r || !list) {
        snprintf(why, cap, "syllable_rhymes.tsv: %s", text ? "out of memory" : "missing");
        return NULL;
    }
    size_t n = 0, line = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        if (end > i && text[i] != '#') {
            const char *tab = memchr(text + i, '\t', end - i);
            size_t w = tab ? (size_t)(tab - text) - i : end - i;
            if (w == 0 || w >= RHYME_MAX) {
                snprintf(why, cap, "syllable_rhymes.tsv:%zu: not a rhyme", line);
                return NULL;
            }
            list[n++] = arena_strndup(&in->scratch, text + i, w);
            if (!list[n - 1])
                return NULL;
        }
        i = end + 1;
    }
    qsort(list, n, sizeof *list, compare_strings);
    r->rhymes = list;
    r->count = n;
    return r;
}

static bool known_rhyme(const syllable_rules *r, const char *rhyme)
{
    return bsearch(&rhyme, r->rhymes, r->count, sizeof *r->rhymes, compare_strings) != NULL;
}

static bool is_tone_mark(int32_t cp)
{
    return cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323;
}

static bool is_mark(int32_t cp)
{
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_MN;
}

static bool is_letter_or_mark(int32_t cp)
{
    utf8proc_category_t k = utf8proc_category(cp);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           k == UTF8PROC_CATEGORY_MN;
}

/* A small letter with its vowel mark (ă â ê ô ơ ư) composed, or 0 when
 * the mark does not go with it. */
static int32_t with_vowel_mark(int32_t base, int32_t mark)
{
    switch (mark) {
    case 0x302:
        return base == 'a' ? 0xE2 : base == 'e' ? 0xEA : base == 'o' ? 0xF4 : 0;
    case 0x306:
        return base == 'a' ? 0x103 : 0;
    case 0x31B:
        return base == 'o' ? 0x1A1 : base == 'u' ? 0x1B0 : 0;
    default:
        return 0;
    }
}

static bool vowel(int32_t cp)
{
    return cp == 'a' || cp == 'e' || cp == 'i' || cp == 'o' || cp == 'u' || cp == 'y' ||
           cp == 0xE2 || cp == 0xEA || cp == 0xF4 || cp == 0x103 || cp == 0x1A1 || cp == 0x1B0;
}

static bool vietnamese_letter(int32_t cp)
{
    return (cp >= 'a' && cp <= 'z' && !strchr("fjwz", (char)cp)) || cp == 0x111 || vowel(cp);
}

/* The word in small letters, without its tone mark: letters[0..*n), and
 * the tone (0 for none). False when it holds something else than the
 * letters and marks of Vietnamese, or two tones. */
typedef struct plain_word {
    int32_t letters[24];
    size_t n;
    int32_t tone;
} plain_word;

static bool add_cp(plain_word *p, int32_t cp)
{
    if (is_tone_mark(cp)) {
        if (p->tone || p->n == 0)
            return false;
        p->tone = cp;
        return true;
    }
    if (is_mark(cp)) {
        int32_t m = p->n ? with_vowel_mark(p->letters[p->n - 1], cp) : 0;
        if (!m)
            return false;
        p->letters[p->n - 1] = m;
        return true;
    }
    if (p->n == sizeof p->letters / sizeof p->letters[0])
        return false;
    p->letters[p->n++] = cp;
    return true;
}

static bool plain_word_of(const int32_t *cps, size_t n, plain_word *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < n; i++) {
        utf8proc_int32_t d[4];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(utf8proc_tolower(cps[i]), d, 4,
                                                    UTF8PROC_DECOMPOSE, &last);
        if (k < 1 || k > 4)
            return false;
        for (utf8proc_ssize_t j = 0; j < k; j++)
            if (!add_cp(p, d[j]))
                return false;
    }
    return true;
}

/* Small letters, capitals, or a capital and small letters. */
static bool case_pattern_ok(const int32_t *cps, size_t n)
{
    bool any_lower = false, any_upper_after_first = false;
    for (size_t i = 0; i < n; i++) {
        if (is_mark(cps[i]))
            continue;
        any_lower |= utf8proc_islower(cps[i]) != 0;
        any_upper_after_first |= i > 0 && utf8proc_isupper(cps[i]);
    }
    return !(any_lower && any_upper_after_first);
}

static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th",
                                     "tr", "qu", "b", "c", "d", "g", "h", "k", "l", "m", "n",
                                     "p", "r", "s", "t", "v", "x"};

/* The bytes of the onset that letters start with (0: none; đ is two). */
static size_t onset_of(const char *s)
{
    if (strncmp(s, "\xC4\x91", 2) == 0)
        return 2;
    for (size_t k = 0; k < sizeof onsets / sizeof onsets[0]; k++) {
        size_t w = strlen(onsets[k]);
        if (strncmp(s, onsets[k], w) == 0)
            return w;
    }
    return 0;
}

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

/* A rhyme that ends in a stop takes only the acute or the dot below. */
static bool rhyme_ok(const syllable_rules *r, const char *rhyme, int32_t tone)
{
    if (!*rhyme || !known_rhyme(r, rhyme))
        return false;
    bool stop = ends_with(rhyme, "p") || ends_with(rhyme, "t") || ends_with(rhyme, "c") ||
                ends_with(rhyme, "ch");
    return !stop || tone == 0 || tone == 0x301 || tone == 0x323;
}

syllable_verdict syllable_check(const syllable_rules *r, const int32_t *cps, size_t n)
{
    while (n && !is_letter_or_mark(cps[n - 1]))
        n--;
    while (n && !is_letter_or_mark(cps[0])) {
        cps++;
        n--;
    }
    if (n == 0)
        return SYL_NOT_WORD;
    plain_word p;
    bool letters_only = true;
    for (size_t i = 0; i < n; i++)
        letters_only &= is_letter_or_mark(cps[i]);
    if (!letters_only || !plain_word_of(cps, n, &p))
        return SYL_INVALID;
    bool has_vowel = false, all_vietnamese = true;
    for (size_t i = 0; i < p.n; i++) {
        has_vowel |= vowel(p.letters[i]);
        all_vietnamese &= vietnamese_letter(p.letters[i]);
    }
    if (!has_vowel)
        return SYL_NOT_WORD; /* HĐND, TTĐT: acronyms, in any encoding */
    if (!all_vietnamese || !case_pattern_ok(cps, n))
        return SYL_INVALID;
    char s[64];
    size_t len = 0;
    for (size_t i = 0; i < p.n; i++) {
        if (len + 4 >= sizeof s)
            return SYL_INVALID;
        len += utf8_encode(p.letters[i], s + len);
    }
    s[len] = '\0';
    size_t on = onset_of(s);
    const char *rhyme = s + on;
    bool ok = rhyme_ok(r, rhyme, p.tone);
    if (!ok && on == 2 && strncmp(s, "gi", 2) == 0) {
        /* gì (gi + i), gìn (g + in), giếng (gi + iêng, the i written once) */
        char with_i[64];
        snprintf(with_i, sizeof with_i, "i%s", rhyme);
        ok = !*rhyme || rhyme_ok(r, with_i, p.tone);
    }
    return ok ? SYL_VALID : SYL_INVALID;
}
