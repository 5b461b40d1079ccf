/* Match keys for lexicon look-ups.
 *
 * Vietnamese writes a tone mark on one vowel of a syllable, and two
 * conventions place it differently ("hoá"/"hóa", "thuỷ"/"thủy"); NFC keeps
 * them apart. The key lower-cases the text, takes the tone mark off its
 * vowel and writes it after the syllable, so both placements give one key.
 * Vowel-quality marks (â ă ê ô ơ ư) and đ stay: "HĐ" never becomes "hd".
 * Runs of white space become one space. Output text is never keyed. */
#include "internal.h"

#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include <pthread.h>
#include <stdatomic.h>

#include <utf8proc.h>

static bool is_word_char(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    switch (p->category) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

static char *make_key(const char *text, size_t len, bool keep_tones);

char *vnp_match_key(const char *text, size_t len)
{
    if (!text && len)
        return NULL; /* nothing to read: a caller's mistake, not a crash */
    return make_key(text ? text : "", len, true);
}

/* The key without tone marks at all: "Chuyển" and "Chuyên" (a common slip)
 * agree. For grouping names, never for telling words apart. */
char *toneless_key(const char *text, size_t len) { return make_key(text, len, false); }

/* Plain ASCII needs no Unicode tables: lower case and folded spaces. The
 * key is never longer than the text; out has cap >= len + 1 bytes. */
static void ascii_key_into(const char *text, size_t len, char *out)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[o] = '\0';
}

static bool is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* ---- letter tables ----------------------------------------------------------
 * Per code point of the Latin and Vietnamese range: the lower-case letter
 * without its tone mark, precomposed ("Ệ" -> "ê"), and the tone mark; and
 * each such letter with each tone composed again. Built once per process
 * from utf8proc, they spare a Unicode decomposition per character. */
#define LETTER_FIRST 0xC0
#define LETTER_LAST 0x1EFF
#define TONED_LAST 0x1B1 /* every Vietnamese base letter is below U+01B1 */

typedef struct letter {
    int32_t base; /* 0: not in the table's reach, use the slow path */
    int32_t tone;
    bool plain;   /* a letter that add_cp() reads as base and tone alone */
    unsigned char base_len;
    char base_utf8[4];
} letter;

static letter letters[LETTER_LAST - LETTER_FIRST + 1];
static int32_t toned[TONED_LAST][5];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
/* set once the tables are built: every key asks, and a load is cheaper
 * than a call of pthread_once */
static atomic_bool tables_built;

static int tone_index(int32_t t)
{
    switch (t) {
    case 0x300: return 0;
    case 0x301: return 1;
    case 0x303: return 2;
    case 0x309: return 3;
    case 0x323: return 4;
    default: return -1;
    }
}

static const int32_t tones[5] = {0x300, 0x301, 0x303, 0x309, 0x323};

/* NFC of a short sequence; the single code point it gives, or 0. */
static int32_t compose_one(utf8proc_int32_t *seq, utf8proc_ssize_t n)
{
    utf8proc_ssize_t r = utf8proc_normalize_utf32(seq, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return r == 1 ? seq[0] : 0;
}

static void build_tables(void)
{
    for (int32_t cp = LETTER_FIRST; cp <= LETTER_LAST; cp++) {
        utf8proc_int32_t seq[8];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(cp, seq, 8,
                                                     UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &last);
        if (n <= 0 || n > 4)
            continue;
        int32_t tone = 0;
        utf8proc_ssize_t k = 0;
        for (utf8proc_ssize_t i = 0; i < n; i++) {
            if (tone_index(seq[i]) >= 0 && !tone)
                tone = seq[i];
            else
                seq[k++] = seq[i];
        }
        /* one code point of a full decomposition is its own NFC: only
         * two or more need composing */
        int32_t base = k == 1 ? seq[0] : compose_one(seq, k);
        letter *l = &letters[cp - LETTER_FIRST];
        *l = (letter){base, base ? tone : 0, false, 0, {0}};
        /* a combining mark goes first to the composing branch of add_cp() */
        l->plain = base && tone_index(cp) < 0 &&
                   utf8proc_get_property(cp)->category != UTF8PROC_CATEGORY_MN;
        if (l->plain)
            l->base_len = (unsigned char)utf8_encode(base, l->base_utf8);
    }
    for (int32_t b = 0x61; b < TONED_LAST; b++)
        for (int t = 0; t < 5; t++) {
            utf8proc_int32_t seq[2] = {b, tones[t]};
            toned[b][t] = compose_one(seq, 2);
        }
    atomic_store_explicit(&tables_built, true, memory_order_release);
}

static inline void build_tables_once(void)
{
    if (!atomic_load_explicit(&tables_built, memory_order_acquire))
        pthread_once(&tables_once, build_tables);
}

/* ---- the key -------------------------------------------------------------------- */

typedef struct key_builder {
    char *out; /* the caller's buffer, cap bytes */
    size_t len, cap;
    bool overflow;     /* the key did not fit: out is not a key */
    int32_t tone;      /* tone of the syllable being read */
    size_t last_at;    /* where the last letter starts in out */
    int32_t last_cp;
    bool space;
    bool keep_tones;
    size_t peak; /* the longest the key was before a letter was made again */
} key_builder;

/* A letter is made again, composed with its tone or mark: the key, which
 * may have been longer before, is cut back to where the letter starts. */
static void remake_last_letter(key_builder *k)
{
    if (k->len > k->peak)
        k->peak = k->len;
    k->len = k->last_at;
}

static void put_byte(key_builder *k, char c)
{
    if (k->len + 1 < k->cap)
        k->out[k->len++] = c;
    else
        k->overflow = true;
}

static void put_cp(key_builder *k, int32_t cp)
{
    char buf[4];
    size_t n = utf8_encode(cp, buf);
    for (size_t i = 0; i < n; i++)
        put_byte(k, buf[i]);
}

/* The syllable ended with a tone: the tone goes on its last letter
 * (composed when Unicode has that letter, else as a combining mark after
 * it). */
static void place_tone(key_builder *k)
{
    int t = tone_index(k->tone);
    int32_t c = k->last_cp;
    int32_t composed = c > 0 && c < TONED_LAST && t >= 0 ? toned[c][t] : 0;
    if (composed) {
        remake_last_letter(k);
        put_cp(k, composed);
    } else {
        put_cp(k, k->tone);
    }
    k->tone = 0;
}

/* The syllable ended: most have no tone to place, told without a call. */
static inline void end_syllable(key_builder *k)
{
    if (k->tone)
        place_tone(k);
}

static void add_letter(key_builder *k, int32_t cp)
{
    if (k->space)
        put_byte(k, ' ');
    k->space = false;
    k->last_at = k->len;
    k->last_cp = cp;
    put_cp(k, cp);
}

static void add_cp(key_builder *k, int32_t cp)
{
    if (cp < 0x80) {
        bool word = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        if (!word)
            end_syllable(k);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f') {
            k->space = k->len > 0;
            return;
        }
        add_letter(k, cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return;
    }
    if (tone_index(cp) >= 0) { /* a combining tone mark (NFD text) */
        k->tone = k->keep_tones ? cp : 0;
        return;
    }
    if (utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_MN && k->last_cp) {
        utf8proc_int32_t pair[2] = {k->last_cp, cp}; /* "o" + U+0302 is "ô" */
        int32_t composed = compose_one(pair, 2);
        if (composed) {
            remake_last_letter(k);
            add_letter(k, composed);
            return;
        }
    }
    const letter *l = cp >= LETTER_FIRST && cp <= LETTER_LAST ? &letters[cp - LETTER_FIRST] : NULL;
    if (l && l->base) {
        add_letter(k, l->base);
        if (l->tone)
            k->tone = k->keep_tones ? l->tone : 0;
        return;
    }
    if (!is_word_char(cp))
        end_syllable(k);
    if (utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_ZS) {
        k->space = k->len > 0;
        return;
    }
    add_letter(k, utf8proc_tolower(cp));
}

/* add_cp() of an ASCII character. */
static void add_ascii(key_builder *k, unsigned char c)
{
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
        end_syllable(k);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            k->space = k->len > 0;
            return;
        }
    }
    if (k->len + 2 >= k->cap) {
        add_letter(k, c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    if (k->space)
        k->out[k->len++] = ' ';
    k->space = false;
    k->last_at = k->len;
    k->last_cp = c >= 'A' && c <= 'Z' ? c + 32 : c;
    k->out[k->len++] = (char)k->last_cp;
}

/* add_cp() of a letter of the table: its base, as bytes made in advance,
 * and its tone for the syllable. */
static void add_plain_letter(key_builder *k, const letter *l)
{
    if (k->len + 5 >= k->cap) { /* near the end: byte by byte, as put_byte() */
        add_letter(k, l->base);
    } else {
        if (k->space)
            k->out[k->len++] = ' ';
        k->space = false;
        k->last_at = k->len;
        k->last_cp = l->base;
        memcpy(k->out + k->len, l->base_utf8, 4);
        k->len += l->base_len;
    }
    if (l->tone)
        k->tone = k->keep_tones ? l->tone : 0;
}

/* The key read to its end: its last syllable's tone placed, and made a
 * string; false when it did not fit. */
static bool finish_key(key_builder *k)
{
    end_syllable(k);
    if (k->overflow || k->cap == 0)
        return false;
    k->out[k->len] = '\0';
    return true;
}

/* Writes the key of text into out (cap bytes, NUL included); false when
 * it does not fit. Two-byte letters and those of U+1E00-U+1EFF (the
 * letters of Vietnamese) take a table; every other character add_cp().
 * *peak: the longest the key was, which decides whether it fits: a key
 * made into any buffer longer than that is the same. */
static bool key_into_peak(const char *text, size_t len, bool keep_tones, char *out, size_t cap,
                          size_t *peak)
{
    build_tables_once();
    key_builder k = {.out = out, .cap = cap, .keep_tones = keep_tones};
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len && !k.overflow;) { /* a key that did not fit is no key */
        unsigned char c = u[i];
        int32_t cp = -1;
        if (c < 0x80) {
            add_ascii(&k, c);
            i++;
            continue;
        }
        if (c >= 0xC3 && c <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            cp = (int32_t)(c & 0x1F) << 6 | (u[i + 1] & 0x3F);
        } else if (c == 0xE1 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
                   (u[i + 2] & 0xC0) == 0x80) {
            cp = 0x1000 | (int32_t)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F);
        }
        const letter *l = cp >= LETTER_FIRST && cp <= LETTER_LAST ? &letters[cp - LETTER_FIRST]
                                                                  : NULL;
        if (l && l->plain) {
            add_plain_letter(&k, l);
            i += c == 0xE1 ? 3 : 2;
            continue;
        }
        size_t w;
        cp = utf8_decode(text + i, len - i, &w);
        i += w;
        if (cp >= 0)
            add_cp(&k, cp);
    }
    bool made = finish_key(&k);
    *peak = k.len > k.peak ? k.len : k.peak;
    return made;
}

/* Writes the key of text into out (cap bytes, NUL included); false when
 * it does not fit. */
static bool key_into(const char *text, size_t len, bool keep_tones, char *out, size_t cap)
{
    size_t peak;
    return key_into_peak(text, len, keep_tones, out, cap, &peak);
}

/* key_into() with every character read by add_cp(), none by the tables
 * of ASCII and letters: what those must agree with, for the tests. */
bool match_key_by_code_points(const char *text, size_t len, char *out, size_t cap)
{
    build_tables_once();
    key_builder k = {.out = out, .cap = cap, .keep_tones = true};
    for (size_t i = 0; i < len && !k.overflow;) {
        size_t w;
        int32_t cp = utf8_decode(text + i, len - i, &w);
        i += w;
        if (cp >= 0)
            add_cp(&k, cp);
    }
    return finish_key(&k);
}

/* A code point of n >= 1 bytes gives at most a space, a letter of four
 * bytes and a tone mark of two: 4 bytes out per byte in, with room to spare. */
static size_t key_bound(size_t len) { return 4 * len + 8; }

static char *make_key(const char *text, size_t len, bool keep_tones)
{
    bool ascii = is_ascii(text, len);
    size_t cap = ascii ? len + 1 : key_bound(len);
    char *out = mem_alloc(cap);
    if (!out) {
        vnp_alloc_failed = true;
        return NULL;
    }
    if (ascii)
        ascii_key_into(text, len, out);
    else if (!key_into(text, len, keep_tones, out, cap)) {
        mem_free(out); /* cannot happen within key_bound, but never return a cut key */
        return NULL;
    }
    return out;
}

/* The keys of short texts with letters beyond ASCII, kept per thread: the
 * opening words of lines ("Căn", "Điều", "Chính phủ") and the names of
 * laws are keyed again and again, by every list and lexicon they are
 * compared with, and a key costs about twenty instructions a byte where a
 * look-up here costs five. Found by content; a pair of slots holds the
 * last two texts that hashed to it, each with its key's peak
 * (key_into_peak), so that a kept key is given or refused as key_into()
 * would give or refuse it in the caller's buffer. Words (up to 23 bytes,
 * most of the texts) have slots of their own, smaller and more of them.
 *
 * A slot: the text's length (0: unused), the key's, the peak, then the
 * text and the key with its NUL. */
enum { MEMO_HEAD = 3, MEMO_WORD_TEXT = 23, MEMO_WORD_SLOT = 64, MEMO_WORD_BITS = 10,
       MEMO_NAME_TEXT = 62, MEMO_NAME_SLOT = 144, MEMO_NAME_BITS = 8 };
/* aligned to cache lines: a word's slot is one line, never two */
static _Thread_local _Alignas(64) unsigned char word_memos[1 << MEMO_WORD_BITS][MEMO_WORD_SLOT];
static _Thread_local _Alignas(64) unsigned char name_memos[1 << MEMO_NAME_BITS][MEMO_NAME_SLOT];

/* Eight bytes a step, mixed by multiplication, whose top bits depend on
 * every bit below them. */
static uint64_t memo_hash(const char *text, size_t len)
{
    uint64_t h = 0x243F6A8885A308D3u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15u;
    }
    uint64_t tail = 0;
    memcpy(&tail, text + i, len - i);
    h = (h ^ tail) * 0x9E3779B97F4A7C15u;
    h ^= h >> 32;
    return h * 0x9E3779B97F4A7C15u;
}

static bool holds(const unsigned char *slot, const char *text, size_t len)
{
    return slot[0] == len && memcmp(slot + MEMO_HEAD, text, len) == 0;
}

static bool memo_key_into(const char *text, size_t len, char *out, size_t cap)
{
    bool word = len <= MEMO_WORD_TEXT;
    size_t size = word ? MEMO_WORD_SLOT : MEMO_NAME_SLOT;
    int bits = word ? MEMO_WORD_BITS : MEMO_NAME_BITS;
    unsigned char *first = (word ? word_memos[0] : name_memos[0]) +
                           2 * size * (memo_hash(text, len) >> (64 - bits + 1));
    unsigned char *second = first + size;
    /* the first slot of the pair holds the text kept last */
    const unsigned char *m = holds(first, text, len) ? first
                             : holds(second, text, len) ? second : NULL;
    if (m) {
        if (m[2] >= cap)
            return false;
        memcpy(out, m + MEMO_HEAD + len, (size_t)m[1] + 1);
        return true;
    }
    size_t peak;
    if (!key_into_peak(text, len, true, out, cap, &peak))
        return false;
    size_t n = strlen(out); /* the whole key: a text without NUL bytes gives none */
    if (MEMO_HEAD + len + n + 1 <= size && peak <= UCHAR_MAX && !memchr(text, '\0', len)) {
        memcpy(second, first, size); /* the older of the two goes */
        first[0] = (unsigned char)len;
        first[1] = (unsigned char)n;
        first[2] = (unsigned char)peak;
        memcpy(first + MEMO_HEAD, text, len);
        memcpy(first + MEMO_HEAD + len, out, n + 1);
    }
    return true;
}

bool match_key_into(const char *text, size_t len, char *out, size_t cap)
{
    if (!is_ascii(text, len)) {
        if (len > 0 && len <= MEMO_NAME_TEXT)
            return memo_key_into(text, len, out, cap);
        return key_into(text, len, true, out, cap);
    }
    if (len >= cap)
        return false;
    ascii_key_into(text, len, out);
    return true;
}

/* key_into() of any text, ASCII too: false only when the key would take
 * cap bytes or more, and then made no further than that. */
bool match_key_within(const char *text, size_t len, char *out, size_t cap)
{
    return key_into(text, len, true, out, cap);
}

/* Keys wanted for a moment (a comparison, a look-up) are made on the
 * caller's stack; only a key too long for it is allocated. */
const char *match_key_in(const char *text, size_t len, char *buf, size_t cap, char **allocated)
{
    *allocated = NULL;
    if (match_key_into(text, len, buf, cap))
        return buf;
    return *allocated = vnp_match_key(text, len);
}

bool same_match_key(const char *a, size_t na, const char *b, size_t nb)
{
    char ka[256], kb[256], *heap_a, *heap_b;
    const char *x = match_key_in(a, na, ka, sizeof ka, &heap_a);
    const char *y = match_key_in(b, nb, kb, sizeof kb, &heap_b);
    bool same = x && y && strcmp(x, y) == 0;
    mem_free(heap_a);
    mem_free(heap_b);
    return same;
}

const char *arena_match_key(arena *a, const char *text, size_t len)
{
    char buf[256], *heap;
    const char *key = match_key_in(text, len, buf, sizeof buf, &heap);
    const char *kept = key ? arena_strdup(a, key) : NULL;
    mem_free(heap);
    return kept;
}

/* ---- telling keys apart by their first letter ---------------------------------- */

static const letter *table_letter(const unsigned char *u, size_t n, size_t *width);

/* The key is made left to right, and white space ends a syllable (its
 * tone placed) before a space is due. A word that opens with ASCII other
 * than white space, or with a table letter (base and tone alone), starts
 * a letter of its own: add_ascii() and add_plain_letter() read nothing of
 * the key before, and what follows in the word composes with the word's
 * letters only. So the text's key is T's, a space and the word's; the
 * word's is made in the room left less a margin, and a word keyed there
 * is keyed no closer to the end of the buffer than in the whole text. */
bool match_key_append(char *key, size_t len, size_t cap, const char *word, size_t n)
{
    enum { MARGIN = 8 };
    const unsigned char *u = (const unsigned char *)word;
    size_t width;
    if (len == 0 || n == 0 || len + 1 + MARGIN >= cap)
        return false; /* an empty key takes no space before the word */
    build_tables_once();
    if (!(u[0] > ' ' && u[0] < 0x80) && !(u[0] >= 0x80 && table_letter(u, n, &width)))
        return false;
    if (!match_key_into(word, n, key + len + 1, cap - len - 1 - MARGIN))
        return false; /* key[len] is still its NUL */
    key[len] = ' ';
    return true;
}

/* The table letter (two bytes, or three from U+1000) that u opens with,
 * when key_into() reads it as base and tone alone; else NULL. */
static const letter *table_letter(const unsigned char *u, size_t n, size_t *width)
{
    int32_t cp;
    if (n >= 2 && u[0] >= 0xC3 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
        cp = (int32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
        *width = 2;
    } else if (n >= 3 && u[0] == 0xE1 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        cp = 0x1000 | (int32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        *width = 3;
    } else {
        return NULL;
    }
    const letter *l = cp <= LETTER_LAST ? &letters[cp - LETTER_FIRST] : NULL;
    return l && l->plain ? l : NULL;
}

/* The letter the key of text[0..n) starts with, without its tone, when
 * the first character tells it: an ASCII character other than white space
 * (lower case), or a table letter whose base carries no tone itself; and
 * the character after it is no combining mark that could join it
 * ("o" + U+0302). 0 when it cannot be told so. */
static int32_t first_base(const char *text, size_t n)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t width = 1;
    int32_t base;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r'))
            return 0;
        base = u[0] >= 'A' && u[0] <= 'Z' ? u[0] + 32 : u[0];
    } else {
        const letter *l = table_letter(u, n, &width);
        if (!l || l->base > LETTER_LAST ||
            (l->base >= LETTER_FIRST && letters[l->base - LETTER_FIRST].tone))
            return 0;
        base = l->base;
    }
    size_t next_width;
    if (width < n && u[width] >= 0x80 && !table_letter(u + width, n - width, &next_width))
        return 0;
    return base;
}

int32_t key_first_base(const char *text, size_t n)
{
    build_tables_once();
    return first_base(text, n);
}

int32_t key_letter_base(int32_t cp)
{
    build_tables_once();
    const letter *l = cp >= LETTER_FIRST && cp <= LETTER_LAST ? &letters[cp - LETTER_FIRST] : NULL;
    return l && l->base ? l->base : cp;
}

/* A key's first letter is the base letter of the text's first character,
 * or that letter with a tone (a syllable of one letter takes its tone on
 * it); a letter with a tone is never a base, and two bases never take a
 * tone to one letter. So two texts whose first bases differ have keys
 * that differ in their first letter: neither starts with the other. */
bool keys_differ_at_once(const char *a, size_t na, const char *b, size_t nb)
{
    build_tables_once();
    int32_t x = first_base(a, na);
    if (!x)
        return false;
    int32_t y = first_base(b, nb);
    return y && x != y;
}

/* The keys of the prefixes starts_with_ci compares with (constants such
 * as "Nơi nhận" or "về "), kept per thread: a prefix is keyed once, not at
 * every call. Found by content, so any string may come as a prefix. */
enum { MEMO_PREFIXES = 16, MEMO_PREFIX_BYTES = 48 };
typedef struct prefix_memo {
    size_t len; /* 0: unused */
    char text[MEMO_PREFIX_BYTES];
    char key[4 * MEMO_PREFIX_BYTES + 8];
} prefix_memo;
static _Thread_local prefix_memo prefix_memos[MEMO_PREFIXES];
static _Thread_local size_t prefix_memo_next;

/* The key of prefix (plen bytes): a memo's, or made into kp (cap bytes). */
static const char *prefix_key_of(const char *prefix, size_t plen, char *kp, size_t cap)
{
    if (plen == 0 || plen >= MEMO_PREFIX_BYTES)
        return match_key_into(prefix, plen, kp, cap) ? kp : NULL;
    for (size_t i = 0; i < MEMO_PREFIXES; i++)
        if (prefix_memos[i].len == plen && memcmp(prefix_memos[i].text, prefix, plen) == 0)
            return prefix_memos[i].key;
    prefix_memo *m = &prefix_memos[prefix_memo_next++ % MEMO_PREFIXES];
    if (!match_key_into(prefix, plen, m->key, sizeof m->key)) {
        m->len = 0;
        return match_key_into(prefix, plen, kp, cap) ? kp : NULL;
    }
    memcpy(m->text, prefix, plen);
    m->len = plen;
    return m->key;
}

bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    /* most calls differ at once in an ASCII first letter: no keys needed */
    unsigned char a = n ? (unsigned char)s[0] : 0, b = (unsigned char)prefix[0];
    if (a < 0x80 && b < 0x80 && (a | 0x20) != (b | 0x20))
        return false;
    size_t plen = strlen(prefix);
    size_t take = n < plen * 2 ? n : plen * 2; /* case changes byte length little */
    if (keys_differ_at_once(s, take, prefix, plen)) /* the other calls, keyed no further */
        return false;
    char ks[256], kp[128]; /* the keys of short texts, without allocating */
    const char *pkey = prefix_key_of(prefix, plen, kp, sizeof kp);
    if (pkey && match_key_into(s, take, ks, sizeof ks))
        return strncmp(ks, pkey, strlen(pkey)) == 0;
    char *hs = vnp_match_key(s, take), *hp = vnp_match_key(prefix, plen);
    bool ok = hs && hp && strncmp(hs, hp, strlen(hp)) == 0;
    mem_free(hs);
    mem_free(hp);
    return ok;
}
