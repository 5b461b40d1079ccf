/* What a paragraph or line opens with: a legal basis ("Căn cứ", "Thực
 * hiện": grammars/preamble_openers.tsv), an annex label ("PHỤ LỤC",
 * "Biểu số": grammars/annex_labels.tsv), the recipients ("Nơi nhận") or
 * the addressee ("Kính gửi": grammars/block_openers.tsv), the label of a task written in prose ("Cơ
 * quan chủ trì:": grammars/prose_labels.tsv). A shared test below the
 * stages: the layout stage starts a paragraph there, the header stage ends
 * the title, the issuer stage finds the preamble, the parts, table and
 * prose stages read the blocks; it calls no stage. */
#include "internal.h"

#include <pthread.h>
#include <string.h>

int32_t opening_second_letter(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    /* a first letter that can be told is ASCII or a letter of two (C3-DF)
     * or three (E1) bytes */
    size_t w = c < 0x80 ? 1 : c >= 0xC3 && c <= 0xDF ? 2 : c == 0xE1 ? 3 : n;
    return w < n ? opening_first_letter(s + w, n - w) : 0;
}

/* ---- how the rows of a lexicon start ----------------------------------------- */

/* The first two letters of the rows of a built-in lexicon, as bits: a
 * text whose opening letters are in none has a key that no row's key
 * opens (the frame stage's test, for lists of any length). Letters are
 * code points; two that share a bit only let a text through. */
enum { OPENING_BITS = 1024, OPENING_LISTS = 8, OPENING_SLOTS = 16 };
typedef struct lexicon_openings {
    const char *list;
    size_t rows;
    bool any; /* a row whose first letter cannot be told: every text may open */
    uint64_t first[OPENING_BITS / 64];      /* every row's first letter */
    uint64_t first_only[OPENING_BITS / 64]; /* of the rows whose second is not told */
    uint64_t pair[OPENING_BITS / 64];       /* first and second letters together */
} lexicon_openings;
/* per thread, as the block openers: asked at every line, never locked;
 * found again by the address of the list's name (callers pass literals) */
static _Thread_local lexicon_openings builtin_openings[OPENING_LISTS];
static _Thread_local size_t builtin_opening_count;
static _Thread_local struct {
    const char *list;
    const lexicon_openings *openings;
} opening_slots[OPENING_SLOTS];

/* The bit of a first letter (the Latin and Vietnamese letters have bits
 * of their own), or of a first letter and a second. */
static size_t first_bit(int32_t first) { return (uint32_t)first % OPENING_BITS; }
static size_t pair_bit(int32_t first, int32_t second)
{
    return ((uint32_t)first * 0x9E3779B1u ^ (uint32_t)second * 0x85EBCA77u) >> 22;
}

static void set_bit(uint64_t *bits, size_t bit) { bits[bit / 64] |= 1ull << (bit % 64); }
static bool has_bit(const uint64_t *bits, size_t bit)
{
    return bits[bit / 64] >> (bit % 64) & 1;
}

static bool add_opening(const char *word, const char *value, void *ctx)
{
    (void)value;
    lexicon_openings *o = ctx;
    o->rows++;
    size_t len = strcspn(word, "\t");
    int32_t first = opening_first_letter(word, len);
    if (!first) {
        o->any = true;
        return true;
    }
    int32_t second = opening_second_letter(word, len);
    set_bit(o->first, first_bit(first));
    if (second)
        set_bit(o->pair, pair_bit(first, second));
    else
        set_bit(o->first_only, first_bit(first));
    return false;
}

/* The openings of built-in list `list`, read on its first question in
 * this thread; NULL when there is no room for them (every text may open). */
static const lexicon_openings *read_openings(struct vnp_internal *in, const char *list)
{
    size_t k = 0; /* a literal the compiler kept twice: the same list */
    while (k < builtin_opening_count && strcmp(builtin_openings[k].list, list) != 0)
        k++;
    if (k < builtin_opening_count)
        return &builtin_openings[k];
    if (k == OPENING_LISTS)
        return NULL;
    lexicon_openings *o = &builtin_openings[k];
    *o = (lexicon_openings){.list = list};
    lexicon_each(in, list, add_opening, o);
    if (!o->rows) /* a list that failed to load: read again next time */
        return NULL;
    builtin_opening_count++;
    return o;
}

#if defined(__GNUC__)
#define OPENERS_NOINLINE __attribute__((noinline))
#else
#define OPENERS_NOINLINE
#endif

static const lexicon_openings *openings_of(struct vnp_internal *in, const char *list)
{
    size_t slot = ((uintptr_t)list >> 3) % OPENING_SLOTS;
    if (opening_slots[slot].list == list)
        return opening_slots[slot].openings;
    const lexicon_openings *o = read_openings(in, list);
    if (o) {
        opening_slots[slot].list = list;
        opening_slots[slot].openings = o;
    }
    return o;
}

/* The test of lexicon_may_open() once the text's first letter is told
 * (not 0). */
static bool first_may_open(const lexicon_openings *o, int32_t first)
{
    return has_bit(o->first, first_bit(first));
}

/* The rest of the test, past the first letter: out of line, as every
 * step below that calls, so that the texts told by their first letter
 * alone (most) pay no frame. */
static OPENERS_NOINLINE bool pair_may_open(const lexicon_openings *o, int32_t first,
                                           const char *s, size_t n)
{
    if (has_bit(o->first_only, first_bit(first)))
        return true;
    int32_t second = opening_second_letter(s, n);
    return !second || has_bit(o->pair, pair_bit(first, second));
}

/* lexicon_may_open() of a text whose first letter needs the key tables. */
static OPENERS_NOINLINE bool keyed_may_open(const lexicon_openings *o, const char *s, size_t n)
{
    int32_t first = opening_first_letter(s, n);
    if (!first)
        return true;
    return first_may_open(o, first) && pair_may_open(o, first, s, n);
}

/* lexicon_may_open() of a list whose openings this thread has not kept
 * in a slot yet. */
static OPENERS_NOINLINE bool unslotted_may_open(struct vnp_internal *in, const char *list,
                                                const char *s, size_t n)
{
    const lexicon_openings *o = openings_of(in, list);
    return !o || o->any || keyed_may_open(o, s, n);
}

/* opening_first_letter() where it needs no call (an ASCII letter that
 * the next byte cannot join, its test as written there), else -1. */
static int32_t first_letter_at_once(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = n ? u[0] : 0, d = n > 1 ? u[1] : 0;
    bool alone = d < 0x80 || (d >= 0xC3 && d <= 0xCB) ||
                 (d == 0xE1 && n > 2 && u[2] >= 0xB8 && u[2] <= 0xBB);
    if (c > ' ' && c < 0x80 && alone)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    return -1;
}

bool lexicon_may_open(struct vnp_internal *in, const char *list, const char *s, size_t n)
{
    if (in->grammar_dir)
        return true; /* the folder may hold a copy of its own: the list decides */
    size_t slot = ((uintptr_t)list >> 3) % OPENING_SLOTS;
    if (opening_slots[slot].list != list)
        return unslotted_may_open(in, list, s, n);
    const lexicon_openings *o = opening_slots[slot].openings;
    if (o->any)
        return true;
    int32_t first = first_letter_at_once(s, n);
    if (first < 0)
        return keyed_may_open(o, s, n);
    return first_may_open(o, first) && pair_may_open(o, first, s, n);
}

bool opens_basis(struct vnp_internal *in, const char *s, size_t n)
{
    return lexicon_may_open(in, "preamble_openers.tsv", s, n) &&
           lexicon_prefix(in, "preamble_openers.tsv", s, n, NULL) != NULL;
}

const char *opens_annex(struct vnp_internal *in, const char *s, size_t n, size_t *matched)
{
    size_t len = 0;
    const char *kind = lexicon_may_open(in, "annex_labels.tsv", s, n)
                           ? lexicon_prefix(in, "annex_labels.tsv", s, n, &len)
                           : NULL;
    if (matched)
        *matched = len;
    return kind;
}

/* The openers of the built-in block_openers.tsv, read once per thread
 * (their rows never change): the layout stage asks at every line. */
typedef struct block_openers {
    bool read;
    role_openers recipients, addressee;
} block_openers;
static _Thread_local block_openers builtin_blocks;

static bool row_byte_passes(const role_openers *o, size_t i, unsigned char a);
static bool rows_may_open(const role_openers *o, size_t from, const char *s, size_t n);

/* listed_word_opens() of `role` of block_openers.tsv. */
static bool listed_block_role(struct vnp_internal *in, bool recipients, const char *s, size_t n)
{
    return listed_word_opens(in, "block_openers.tsv", recipients ? "recipients" : "addressee", s,
                             n, NULL);
}

/* The rows of o from `from` on, the first whose byte passes, then the
 * word list: out of line, as the reading of the openers below, so that
 * the texts no row's first byte lets through (most) pay no frame. */
static OPENERS_NOINLINE bool rows_then_list(struct vnp_internal *in, bool recipients,
                                            const role_openers *o, size_t from, const char *s,
                                            size_t n)
{
    return rows_may_open(o, from, s, n) && listed_block_role(in, recipients, s, n);
}

static bool opens_block_role(struct vnp_internal *in, bool recipients, const char *s, size_t n);

/* opens_block_role() on this thread's first question: the openers read. */
static OPENERS_NOINLINE bool read_then_open(struct vnp_internal *in, bool recipients,
                                            const char *s, size_t n)
{
    block_openers *b = &builtin_blocks;
    role_openers_read(in, "block_openers.tsv", "recipients", &b->recipients);
    role_openers_read(in, "block_openers.tsv", "addressee", &b->addressee);
    b->read = true;
    return opens_block_role(in, recipients, s, n);
}

/* Does s[0..n) open with a row of the role (the recipients, or the
 * addressee) of block_openers.tsv? Texts that no row's first byte or
 * letters can open are told without the word list. */
static bool opens_block_role(struct vnp_internal *in, bool recipients, const char *s, size_t n)
{
    if (in->grammar_dir) /* the folder may hold a copy of its own: the list decides */
        return listed_block_role(in, recipients, s, n);
    const block_openers *b = &builtin_blocks;
    if (!b->read)
        return read_then_open(in, recipients, s, n);
    const role_openers *o = recipients ? &b->recipients : &b->addressee;
    if (o->any)
        return listed_block_role(in, recipients, s, n);
    unsigned char a = n ? (unsigned char)s[0] : 0;
    for (size_t i = 0; i < o->count; i++)
        if (row_byte_passes(o, i, a))
            return rows_then_list(in, recipients, o, i, s, n);
    return false;
}

bool opens_recipients(struct vnp_internal *in, const char *s, size_t n)
{
    return opens_block_role(in, true, s, n);
}

bool opens_addressee(struct vnp_internal *in, const char *s, size_t n)
{
    return opens_block_role(in, false, s, n);
}

const char *prose_label_role(struct vnp_internal *in, const char *label, size_t n)
{
    /* most texts before a colon open with letters no label opens with:
     * told so without a key */
    return n && lexicon_may_open(in, "prose_labels.tsv", label, n)
               ? lexicon_lookup(in, "prose_labels.tsv", label, n)
               : NULL;
}

bool opens_block_basis(struct vnp_internal *in, const char *s, size_t n, bool *basis)
{
    /* most lines open with letters no row of either lexicon opens with:
     * they are told so without a key */
    bool may_basis = lexicon_may_open(in, "preamble_openers.tsv", s, n);
    bool may_annex = lexicon_may_open(in, "annex_labels.tsv", s, n);
    *basis = false;
    bool block = false;
    if (may_basis || may_annex) {
        prefix_keys pk; /* the first words keyed once for both lexicons */
        prefix_keys_init(&pk, s, n);
        *basis = may_basis && lexicon_prefix_keyed(in, "preamble_openers.tsv", &pk, NULL);
        block = *basis || (may_annex && lexicon_prefix_keyed(in, "annex_labels.tsv", &pk, NULL));
        prefix_keys_release(&pk);
    }
    return block || opens_recipients(in, s, n) || opens_addressee(in, s, n);
}

bool opens_block(struct vnp_internal *in, const char *s, size_t n)
{
    bool basis;
    return opens_block_basis(in, s, n, &basis);
}

/* ---- how the rows of one role of a word list start ------------------------ */

static bool add_opener(const char *word, const char *value, void *ctx)
{
    role_openers *o = ctx;
    size_t role_len = strcspn(value, "\t");
    if (strlen(o->role) != role_len || strncmp(value, o->role, role_len) != 0)
        return false;
    size_t len = strcspn(word, "\t");
    /* starts_with_ci keys a text as far as twice a word's bytes: for a
     * word of three bytes or more, past the text's first two characters */
    if (len < 3 || o->count == OPENER_ROWS_MAX) {
        o->any = true;
        return true;
    }
    size_t i = o->count++;
    o->byte[i] = (unsigned char)word[0];
    o->first[i] = opening_first_letter(word, len);
    o->second[i] = o->first[i] ? opening_second_letter(word, len) : 0;
    return false;
}

static void read_rows(struct vnp_internal *in, const char *list, const char *role,
                      role_openers *o)
{
    *o = (role_openers){.role = role};
    lexicon_each(in, list, add_opener, o);
    if (!o->count)
        o->any = true; /* no row read (a list that failed to load): the list decides */
}

/* The built-in lists' openers, read once per process (the rows of a
 * built-in list never change). */
enum { OPENER_CACHE = 8 };
typedef struct cached_openers {
    const char *list, *role;
    role_openers openers;
} cached_openers;
static cached_openers opener_cache[OPENER_CACHE];
static size_t opener_cache_count;
static pthread_mutex_t opener_cache_lock = PTHREAD_MUTEX_INITIALIZER;

void role_openers_read(struct vnp_internal *in, const char *list, const char *role,
                       role_openers *o)
{
    if (in->grammar_dir) { /* the folder may hold a copy of its own */
        read_rows(in, list, role, o);
        return;
    }
    pthread_mutex_lock(&opener_cache_lock);
    size_t k = 0;
    while (k < opener_cache_count &&
           (strcmp(opener_cache[k].list, list) != 0 || strcmp(opener_cache[k].role, role) != 0))
        k++;
    if (k < opener_cache_count) {
        *o = opener_cache[k].openers;
    } else {
        read_rows(in, list, role, o);
        /* a list that gave no row (failed to load) is read again next time */
        if (o->count && opener_cache_count < OPENER_CACHE)
            opener_cache[opener_cache_count++] = (cached_openers){list, role, *o};
    }
    pthread_mutex_unlock(&opener_cache_lock);
}

/* Do two letters, either of them perhaps not told (0), differ? */
static bool letters_differ(int32_t a, int32_t b) { return a && b && a != b; }

/* Does row i's first byte let s[0..n) through (a the text's first byte)?
 * An exact row's byte must be the text's; a folded row's may differ in
 * case, and a byte past ASCII on either side leaves the letters to tell. */
static bool row_byte_passes(const role_openers *o, size_t i, unsigned char a)
{
    return !(a < 0x80 && o->byte[i] < 0x80 && (a | 0x20) != (o->byte[i] | 0x20));
}

/* role_openers_may_open() from row `from`, the first whose byte passes:
 * out of line, so that the texts no row's byte lets through (most) are
 * told without its frame. */
static OPENERS_NOINLINE bool rows_may_open(const role_openers *o, size_t from, const char *s,
                                           size_t n)
{
    unsigned char a = n ? (unsigned char)s[0] : 0;
    int32_t first = -1, second = -1; /* not told yet */
    for (size_t i = from; i < o->count; i++) {
        if (!row_byte_passes(o, i, a))
            continue;
        if (first < 0)
            first = opening_first_letter(s, n);
        if (letters_differ(first, o->first[i]))
            continue;
        if (second < 0)
            second = first ? opening_second_letter(s, n) : 0;
        if (!letters_differ(second, o->second[i]))
            return true;
    }
    return false;
}

bool role_openers_may_open(const role_openers *o, const char *s, size_t n)
{
    if (o->any)
        return true;
    unsigned char a = n ? (unsigned char)s[0] : 0;
    for (size_t i = 0; i < o->count; i++)
        if (row_byte_passes(o, i, a))
            return rows_may_open(o, i, s, n);
    return false;
}
