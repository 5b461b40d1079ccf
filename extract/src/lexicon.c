/* Lexicons: two-column tables from grammars/, embedded at build time.
 *
 * Rows are compared through match keys (vnp_match_key), so case and tone
 * placement never decide a look-up. The built-in lexicons are keyed once
 * per process, on first use, and shared read-only by every document; a
 * lexicon file of the caller's (vnp_options.grammar_dir) is keyed per
 * document, into its arena. */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct embedded_file {
    const char *name;
    const char *data;
    size_t len;
};
extern const struct embedded_file vnp_embedded_grammars[];

typedef struct lex_row {
    const char *word;  /* column 1 as written */
    const char *key;   /* match key of column 1 */
    size_t first_len;  /* bytes of the key's first word */
    size_t first_hash; /* row_hash() of the key's first word */
    size_t key_len;
    size_t words;      /* words in column 1 */
    const char *value; /* column 2 as written */
} lex_row;

/* Rows chained by the hash of one of their fields, each chain in row
 * order, so that a look-up visits only the rows that can match, and meets
 * them in the order a walk of all rows would. */
typedef struct row_index {
    uint32_t *heads; /* mask + 1 chains: the first row of each, or NO_ROW */
    uint32_t *next;  /* per row: the next row of its chain, or NO_ROW */
    size_t mask;
} row_index;
#define NO_ROW UINT32_MAX

struct lexicon {
    const char *name;
    lex_row *rows;
    size_t count;
    uint8_t first_bytes[32]; /* bit set: the first bytes of the rows' keys */
    uint8_t first_bases[32]; /* bit set: the low byte of each row key's first
                              * letter without its tone (key_letter_base) */
    size_t longest_key;      /* bytes of the longest row key */
    row_index by_first;      /* the key's first word (lexicon_prefix) */
    row_index by_key;        /* the whole key (lexicon_lookup, lexicon_word) */
    row_index by_word;       /* column 1 as written (lexicon_has_word) */
    row_index by_value;      /* column 2 as written (lexicon_has_value) */
    struct lexicon *next;
    arena mem;               /* a shared lexicon's own memory (rows, keys) */
};

/* The field a row_index hashes. */
typedef const char *(*row_field)(const lex_row *r, size_t *len);

static const char *first_word_of(const lex_row *r, size_t *len)
{
    *len = r->first_len;
    return r->key;
}

static const char *key_of(const lex_row *r, size_t *len)
{
    *len = r->key_len;
    return r->key;
}

static const char *word_of(const lex_row *r, size_t *len)
{
    *len = strcspn(r->word, "\t");
    return r->word;
}

static const char *value_of(const lex_row *r, size_t *len)
{
    *len = strcspn(r->value, "\t");
    return r->value;
}

/* FNV-1a: a chain holds rows of the lexicon only, so whatever text is
 * looked up, a look-up walks at most all the rows; no keyed hash needed. */
static size_t row_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return (size_t)(h ^ h >> 29);
}

static bool index_rows(arena *a, row_index *ix, const lex_row *rows, size_t count, row_field f)
{
    size_t slots = 16;
    while (slots < 2 * count)
        slots *= 2;
    ix->heads = arena_alloc(a, slots * sizeof *ix->heads);
    ix->next = arena_alloc(a, (count ? count : 1) * sizeof *ix->next);
    if (!ix->heads || !ix->next)
        return false;
    ix->mask = slots - 1;
    memset(ix->heads, 0xFF, slots * sizeof *ix->heads);
    for (size_t i = count; i-- > 0;) { /* pushed from the last: chains in row order */
        size_t len;
        const char *s = f(&rows[i], &len);
        size_t h = row_hash(s, len) & ix->mask;
        ix->next[i] = ix->heads[h];
        ix->heads[h] = (uint32_t)i;
    }
    return true;
}

/* The first row of the chain that s[0..n) hashes to. */
static uint32_t chain(const row_index *ix, const char *s, size_t n)
{
    return ix->heads[row_hash(s, n) & ix->mask];
}

static bool has_first_byte(const struct lexicon *lx, unsigned char c)
{
    return lx->first_bytes[c >> 3] & (1u << (c & 7));
}

static bool has_first_base(const struct lexicon *lx, int32_t base)
{
    unsigned char c = (unsigned char)(base & 0xFF);
    return lx->first_bases[c >> 3] & (1u << (c & 7));
}

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether a text can match a row at all, told from its first byte without
 * making its key: the key of a text that starts with an ASCII character
 * starts with that character lower-cased; one that starts with a letter
 * of the key tables ("Ủy", "Đảng") starts with that letter's base, with
 * or without a tone. Other texts are keyed. */
static bool may_match(const struct lexicon *lx, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
        i++;
    unsigned char c = i < len ? (unsigned char)text[i] : 0;
    if (c >= 0x80) {
        int32_t base = key_first_base(text + i, len - i);
        return !base || has_first_base(lx, base);
    }
    if (has_first_byte(lx, (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c)))
        return true;
    /* a combining mark before the next letter or digit could join the
     * first character ("a \u0301" keys as "á"); a letter of the key
     * tables right after it ("Tình") joins nothing (key_first_base tells
     * it), and the key opens with that character */
    for (size_t j = i + 1; j < len && !ascii_alnum(text[j]); j++)
        if ((unsigned char)text[j] >= 0x80)
            return j > i + 1 || !key_first_base(text + i, len - i);
    return false;
}

const char *lexicon_text(const char *name, size_t *len)
{
    for (const struct embedded_file *f = vnp_embedded_grammars; f->name; f++)
        if (strcmp(f->name, name) == 0) {
            *len = f->len;
            return f->data;
        }
    *len = 0;
    return NULL;
}

static size_t count_words(const char *s, size_t n)
{
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < n; i++) {
        bool space = s[i] == ' ' || s[i] == '\t';
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

/* Reads DIR/name into the arena; NULL when there is no such file. */
static const char *read_override(struct vnp_internal *in, const char *name, size_t *len)
{
    size_t n = strlen(in->grammar_dir) + strlen(name) + 2;
    char *path = arena_alloc(&in->mem, n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/%s", in->grammar_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf b = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append(&b, chunk, got);
    fclose(f);
    const char *text = b.failed ? NULL : arena_strndup(&in->mem, b.data ? b.data : "", b.len);
    *len = text ? b.len : 0;
    sb_free(&b);
    return text;
}

const char *grammar_text(struct vnp_internal *in, const char *name, size_t *len)
{
    if (in->grammar_dir) {
        const char *text = read_override(in, name, len);
        if (text)
            return text;
    }
    return lexicon_text(name, len);
}

static bool add_row(arena *a, vec *rows, const char *line, size_t n)
{
    const char *tab = memchr(line, '\t', n);
    if (!tab)
        return true; /* a one-column row: nothing to map */
    lex_row *r = vec_push(a, rows);
    char *key = vnp_match_key(line, (size_t)(tab - line));
    if (!r || !key) {
        mem_free(key);
        return false;
    }
    r->key = arena_strdup(a, key);
    r->first_len = strcspn(key, " ");
    r->first_hash = row_hash(key, r->first_len);
    r->word = arena_strndup(a, line, (size_t)(tab - line));
    r->key_len = strlen(key);
    r->words = count_words(line, (size_t)(tab - line));
    mem_free(key);
    /* the value is the rest of the row: a third column stays after a tab */
    const char *v = tab + 1;
    r->value = arena_strndup(a, v, n - (size_t)(v - line));
    return r->key && r->value;
}

/* Keys the rows of a lexicon's text into arena a; NULL when memory ran out. */
static struct lexicon *lexicon_load(arena *a, const char *name, const char *text, size_t len)
{
    struct lexicon *lx = arena_alloc(a, sizeof *lx);
    if (!lx)
        return NULL;
    vec rows = {.size = sizeof(lex_row)};
    for (size_t pos = 0; text && pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end > pos && text[pos] != '#' && !add_row(a, &rows, text + pos, end - pos))
            return NULL;
        pos = end + 1;
    }
    lx->name = name;
    lx->rows = rows.items;
    lx->count = rows.count;
    if (lx->count >= NO_ROW || !index_rows(a, &lx->by_first, lx->rows, lx->count, first_word_of) ||
        !index_rows(a, &lx->by_key, lx->rows, lx->count, key_of) ||
        !index_rows(a, &lx->by_word, lx->rows, lx->count, word_of) ||
        !index_rows(a, &lx->by_value, lx->rows, lx->count, value_of))
        return NULL;
    for (size_t i = 0; i < lx->count; i++) {
        unsigned char c = (unsigned char)lx->rows[i].key[0];
        lx->first_bytes[c >> 3] |= (uint8_t)(1u << (c & 7));
        size_t width;
        const lex_row *r = &lx->rows[i];
        int32_t cp = r->key_len ? utf8_decode(r->key, r->key_len, &width) : 0;
        unsigned char b = (unsigned char)(cp > 0 ? key_letter_base(cp) & 0xFF : 0);
        lx->first_bases[b >> 3] |= (uint8_t)(1u << (b & 7));
        if (r->key_len > lx->longest_key)
            lx->longest_key = r->key_len;
    }
    return lx;
}

/* The built-in lexicons are keyed once per process, in the process's
 * cache (cache.c), and then only read: every document shares them. */
typedef struct lexicon_source {
    const char *name, *text;
    size_t len;
} lexicon_source;

static void *load_shared(void *ctx)
{
    const lexicon_source *src = ctx;
    /* each in an arena of its own: a load that ran out of memory gives all
     * it took back, and a later document tries again */
    arena own = {0};
    struct lexicon *loaded = lexicon_load(&own, src->name, src->text, src->len);
    /* the kept header is a block of its own, so that the cache reaches the
     * arena through its start (memory checkers see it held) */
    struct lexicon *lx = loaded && !own.failed ? malloc(sizeof *lx) : NULL;
    if (!lx) {
        if (loaded)
            vnp_alloc_failed = true; /* the parse reports it as out of memory */
        arena_release(&own);
        return NULL;
    }
    *lx = *loaded;
    lx->mem = own;
    lx->next = NULL;
    return lx;
}

static void free_shared(void *p)
{
    struct lexicon *lx = p;
    arena_release(&lx->mem);
    free(lx);
}

static const struct lexicon *shared_lexicon(const char *name, const char *text, size_t len)
{
    lexicon_source src = {name, text, len};
    /* a lexicon the build does not hold (no text) is keyed by its name */
    const void *key = text ? (const void *)text : (const void *)name;
    return cache_get(key, load_shared, free_shared, &src);
}

/* The shared lexicons this thread was given, by the address of the name
 * they were asked for by (a literal), while the cache holds them: a
 * document finds each again without reading the names of the built-in
 * files or taking the cache's lock. */
enum { SHARED_SEEN = 32 };
static _Thread_local struct {
    const char *name;
    const struct lexicon *lexicon;
} shared_seen_by[SHARED_SEEN];
static _Thread_local unsigned shared_seen_generation;

static const struct lexicon *shared_seen(const char *name)
{
    unsigned generation = cache_generation();
    if (generation != shared_seen_generation) {
        memset(shared_seen_by, 0, sizeof shared_seen_by); /* the cache was emptied */
        shared_seen_generation = generation;
    }
    for (size_t i = 0; i < SHARED_SEEN && shared_seen_by[i].name; i++)
        if (shared_seen_by[i].name == name)
            return shared_seen_by[i].lexicon;
    return NULL;
}

static void remember_shared(const char *name, const struct lexicon *lx)
{
    size_t i = 0;
    while (i < SHARED_SEEN && shared_seen_by[i].name && shared_seen_by[i].name != name)
        i++;
    if (i < SHARED_SEEN) {
        shared_seen_by[i].name = name;
        shared_seen_by[i].lexicon = lx;
    }
}

/* The slot of in->lexicon_slots for the address of a name: by
 * multiplication, whose top bits depend on every bit of the address, so
 * that literals laid out near each other take slots apart. */
static size_t lexicon_slot_of(const char *name)
{
    enum { SLOT_BITS = 6 };
    _Static_assert(sizeof((struct vnp_internal *)0)->lexicon_slots /
                           sizeof *((struct vnp_internal *)0)->lexicon_slots ==
                       1u << SLOT_BITS,
                   "lexicon_slots holds 2^SLOT_BITS slots");
    return (size_t)(((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15u) >> (64 - SLOT_BITS));
}

/* lexicon_get() when the slot of the name holds another: by the name's
 * content, or loaded. Out of line: the look-ups that find their slot
 * (nearly all) pay for no more than the slot. */
static __attribute__((noinline)) struct lexicon *lexicon_find(struct vnp_internal *in,
                                                               const char *name,
                                                               struct lexicon_slot *known)
{
    for (struct lexicon *lx = in->lexicons; lx; lx = lx->next)
        if (lx->name == name || strcmp(lx->name, name) == 0) {
            *known = (struct lexicon_slot){name, lx};
            return lx;
        }
    size_t len = 0, builtin_len;
    const struct lexicon *seen = in->grammar_dir ? NULL : shared_seen(name);
    const char *text = seen ? NULL : grammar_text(in, name, &len);
    struct lexicon *lx;
    if (seen || text == lexicon_text(name, &builtin_len)) {
        const struct lexicon *shared = seen ? seen : shared_lexicon(name, text, len);
        if (shared && !in->grammar_dir)
            remember_shared(name, shared);
        lx = shared ? arena_alloc(&in->mem, sizeof *lx) : NULL;
        if (lx)
            *lx = *shared;
    } else {
        lx = lexicon_load(&in->mem, name, text, len);
    }
    if (lx) {
        lx->next = in->lexicons;
        in->lexicons = lx;
        *known = (struct lexicon_slot){name, lx};
    }
    return lx;
}

/* The document's lexicon `name`: the shared one, or its own when the
 * caller's grammar folder overrides the file. */
static inline struct lexicon *lexicon_get(struct vnp_internal *in, const char *name)
{
    /* callers pass literals: a lexicon is found again by the address of
     * the name it was last asked for, with no byte compared; by content
     * when that slot holds another, or a literal the compiler kept twice */
    struct lexicon_slot *known = &in->lexicon_slots[lexicon_slot_of(name)];
    if (known->lexicon && known->name == name)
        return known->lexicon;
    return lexicon_find(in, name, known);
}

static size_t words_prefix_len(const char *s, size_t n, size_t words);

/* Whether a row can have the key of text, told from the key of its first
 * word alone (the text up to a space or tab): a key is made left to right,
 * so the whole key starts with that word's key, unless what follows the
 * word starts with a combining mark, which could join its last letter
 * ("a \u0301"). False only when no row starts with that word. */
static bool first_word_may_match(const struct lexicon *lx, const char *text, size_t len)
{
    size_t end = words_prefix_len(text, len, 1), next = end;
    while (next < len && (text[next] == ' ' || text[next] == '\t'))
        next++;
    char buf[PREFIX_KEY_BYTES];
    if (!end || (next < len && (unsigned char)text[next] >= 0x80) ||
        !match_key_into(text, end, buf, sizeof buf))
        return true;
    size_t n = strcspn(buf, " ");
    if (!n)
        return true;
    for (uint32_t i = chain(&lx->by_first, buf, n); i != NO_ROW; i = lx->by_first.next[i])
        if (lx->rows[i].first_len == n && memcmp(lx->rows[i].key, buf, n) == 0)
            return true;
    return false;
}

/* The row whose first column has the same match key as text, or NULL. */
static const lex_row *find_row(struct vnp_internal *in, const char *name, const char *text,
                               size_t len)
{
    struct lexicon *lx = lexicon_get(in, name);
    if (!lx || !may_match(lx, text, len) || !first_word_may_match(lx, text, len))
        return NULL;
    char buf[PREFIX_KEY_BYTES], *allocated = NULL;
    /* a key longer than every row's is told without being made whole */
    const char *key = lx->longest_key + 2 <= sizeof buf
                          ? (match_key_within(text, len, buf, lx->longest_key + 2) ? buf : NULL)
                          : match_key_in(text, len, buf, sizeof buf, &allocated);
    const lex_row *found = NULL;
    size_t n = key ? strlen(key) : 0;
    for (uint32_t i = key ? chain(&lx->by_key, key, n) : NO_ROW; i != NO_ROW && !found;
         i = lx->by_key.next[i])
        if (lx->rows[i].key_len == n && memcmp(lx->rows[i].key, key, n) == 0)
            found = &lx->rows[i];
    mem_free(allocated);
    return found;
}

const char *lexicon_lookup(struct vnp_internal *in, const char *name, const char *text,
                           size_t len)
{
    const lex_row *r = find_row(in, name, text, len);
    return r ? r->value : NULL;
}

const char *lexicon_word(struct vnp_internal *in, const char *name, const char *text,
                         size_t len)
{
    const lex_row *r = find_row(in, name, text, len);
    return r ? r->word : NULL;
}

void lexicon_each(struct vnp_internal *in, const char *name, lexicon_row_fn fn, void *ctx)
{
    struct lexicon *lx = lexicon_get(in, name);
    for (size_t i = 0; lx && i < lx->count; i++)
        if (fn(lx->rows[i].word, lx->rows[i].value, ctx))
            return;
}

/* Is there a row whose field (as row_index ix hashes it) is s[0..n)? */
static bool has_field(struct vnp_internal *in, const char *name, bool value, const char *s,
                      size_t n)
{
    struct lexicon *lx = lexicon_get(in, name);
    if (!lx)
        return false;
    const row_index *ix = value ? &lx->by_value : &lx->by_word;
    for (uint32_t i = chain(ix, s, n); i != NO_ROW; i = ix->next[i]) {
        size_t len;
        const char *f = (value ? value_of : word_of)(&lx->rows[i], &len);
        if (len == n && memcmp(f, s, n) == 0)
            return true;
    }
    return false;
}

bool lexicon_has_word(struct vnp_internal *in, const char *name, const char *s, size_t n)
{
    return has_field(in, name, false, s, n);
}

bool lexicon_has_value(struct vnp_internal *in, const char *name, const char *s, size_t n)
{
    return has_field(in, name, true, s, n);
}

/* Byte length of the first `words` words of s (0 if s has fewer). */
static size_t words_prefix_from(const char *s, size_t n, size_t i, size_t words);

static size_t words_prefix_len(const char *s, size_t n, size_t words)
{
    return words_prefix_from(s, n, 0, words);
}

/* words_prefix_len() of s read from i, the end of a word or 0: the end of
 * the `words` words after it (0 if s has fewer). */
static size_t words_prefix_from(const char *s, size_t n, size_t i, size_t words)
{
    size_t seen = 0;
    while (i < n && seen < words) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == n)
            break;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
        seen++;
    }
    return seen == words ? i : 0;
}

/* The match keys of the first 1..k words of a text are made once and
 * shared by every row and every look-up given the same prefix_keys (a row
 * compares with the key of as many words as it has). They are made on the
 * stack; a key too long for it (a "word" of hundreds of letters) is
 * allocated. */
void prefix_keys_init(prefix_keys *pk, const char *text, size_t len)
{
    pk->text = text;
    pk->len = len;
    memset(pk->tried, 0, sizeof pk->tried); /* buf needs no clearing */
    memset(pk->key, 0, sizeof pk->key);
    memset(pk->allocated, 0, sizeof pk->allocated);
    pk->first_tried = pk->first_keyed = pk->any_allocated = false;
}

void prefix_keys_release(prefix_keys *pk)
{
    for (size_t k = 0; pk->any_allocated && k <= PREFIX_MAX_WORDS; k++)
        mem_free(pk->allocated[k]);
    memset(pk->allocated, 0, sizeof pk->allocated);
    pk->any_allocated = false;
}

/* The key of pk's first `words` words, from the key of one word fewer
 * and the key of the last word (match_key_append), into pk->buf[words]:
 * the opening words of most rows are short words, kept keyed per thread,
 * where the text they open is keyed anew. False when it cannot be made
 * so. */
static bool extend_key(prefix_keys *pk, size_t words)
{
    size_t before = words - 1, from = pk->bytes[before], end = pk->bytes[words];
    /* none, or allocated: too long to extend; or a NUL byte, where the
     * key as a string ends and the whole text's would end too */
    if (pk->key[before] != pk->buf[before] || memchr(pk->text, '\0', end))
        return false;
    while (from < end && (pk->text[from] == ' ' || pk->text[from] == '\t'))
        from++;
    size_t len = strlen(pk->key[before]);
    memcpy(pk->buf[words], pk->key[before], len + 1);
    return match_key_append(pk->buf[words], len, PREFIX_KEY_BYTES, pk->text + from, end - from);
}

static const char *prefix_key(prefix_keys *pk, size_t words)
{
    if (words > PREFIX_MAX_WORDS)
        return NULL;
    if (!pk->tried[words]) {
        pk->tried[words] = true;
        /* from the end of the most words already found, if any */
        size_t known = words ? words - 1 : 0;
        while (known > 0 && !pk->tried[known])
            known--;
        size_t from = known ? pk->bytes[known] : 0;
        size_t n = pk->bytes[words] =
            known && !from ? 0 /* fewer words than known: fewer than words */
                           : words_prefix_from(pk->text, pk->len, from, words - known);
        if (n && known == words - 1 && extend_key(pk, words))
            pk->key[words] = pk->buf[words];
        else if (n && match_key_into(pk->text, n, pk->buf[words], PREFIX_KEY_BYTES))
            pk->key[words] = pk->buf[words];
        else if (n)
            pk->key[words] = pk->allocated[words] = vnp_match_key(pk->text, n);
        pk->any_allocated = pk->any_allocated || pk->allocated[words];
    }
    return pk->key[words];
}

/* The first words of texts as lexicon_prefix_keyed reads them, kept per
 * thread by their bytes: the opening words of lines and cells ("Căn",
 * "Điều", "Tình") are looked up again and again, by several stages in
 * several lexicons, and most open no row. A text's first word told here
 * is hashed and compared with the rows' first words without being keyed;
 * only a text whose first word opens a row is keyed. A memo holds what
 * the key of the word's bytes gives, whatever the lexicon. */
enum { FIRST_MEMO_BITS = 9, FIRST_MEMO_TEXT = 22, FIRST_MEMO_KEY = 30 };
typedef struct first_word_memo {
    uint64_t first_hash;     /* as prefix_keys.first_hash */
    unsigned char len;       /* of text; 0: unused */
    unsigned char first_len; /* as prefix_keys.first_len */
    unsigned char key_len;
    bool key_kept;           /* the whole key is in key, with its NUL */
    char text[FIRST_MEMO_TEXT];
    char key[FIRST_MEMO_KEY];
} first_word_memo;
/* aligned to cache lines: a memo is one line, never two */
static _Thread_local _Alignas(64) first_word_memo first_memos[1 << FIRST_MEMO_BITS];

/* Eight bytes a step (the last eight overlapping the ones before), mixed
 * by multiplication, whose top bits depend on every bit below them. */
static uint64_t text_hash(const char *s, size_t n)
{
    uint64_t h = 0x243F6A8885A308D3u ^ n, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15u;
    }
    if (i < n && n >= 8) {
        memcpy(&w, s + n - 8, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15u;
    } else if (i < n) {
        w = 0;
        for (; i < n; i++)
            w = w << 8 | (unsigned char)s[i];
        h = (h ^ w) * 0x9E3779B97F4A7C15u;
    }
    return h ^ h >> 32;
}

static const char *prefix_key(prefix_keys *pk, size_t words);

/* Tells pk's first word as the rows are compared with it: whether it has
 * a key, and the length and hash of that key up to punctuation; from the
 * memo of its bytes, else by keying it. */
static void know_first_word(prefix_keys *pk)
{
    pk->first_tried = true;
    pk->first_keyed = false;
    size_t n = words_prefix_len(pk->text, pk->len, 1);
    if (!n)
        return; /* no word: no key (prefix_key) */
    first_word_memo *m =
        n <= FIRST_MEMO_TEXT
            ? &first_memos[(text_hash(pk->text, n) * 0x9E3779B97F4A7C15u) >> (64 - FIRST_MEMO_BITS)]
            : NULL;
    if (m && m->len == n && memcmp(m->text, pk->text, n) == 0) {
        pk->first_keyed = true;
        pk->first_len = m->first_len;
        pk->first_hash = (size_t)m->first_hash;
        if (m->key_kept && !pk->tried[1]) { /* as prefix_key(pk, 1) would make it */
            memcpy(pk->buf[1], m->key, (size_t)m->key_len + 1);
            pk->tried[1] = true;
            pk->bytes[1] = n;
            pk->key[1] = pk->buf[1];
        }
        return;
    }
    const char *first = prefix_key(pk, 1);
    if (!first)
        return;
    pk->first_keyed = true;
    pk->first_len = strcspn(first, " :.,;");
    pk->first_hash = row_hash(first, pk->first_len);
    if (m && pk->first_len <= UCHAR_MAX) {
        m->len = (unsigned char)n;
        m->first_len = (unsigned char)pk->first_len;
        m->first_hash = pk->first_hash;
        memcpy(m->text, pk->text, n);
        size_t key_len = strlen(first);
        m->key_kept = key_len < FIRST_MEMO_KEY;
        m->key_len = (unsigned char)(m->key_kept ? key_len : 0);
        if (m->key_kept)
            memcpy(m->key, first, key_len + 1);
    }
}

/* Does a row of lx have pk's first word as its own (by length and hash)?
 * False only when none has. */
static bool first_word_in_rows(const struct lexicon *lx, const prefix_keys *pk)
{
    for (uint32_t i = lx->by_first.heads[pk->first_hash & lx->by_first.mask]; i != NO_ROW;
         i = lx->by_first.next[i])
        if (lx->rows[i].first_hash == pk->first_hash && lx->rows[i].first_len == pk->first_len)
            return true;
    return false;
}

const char *lexicon_prefix_keyed(struct vnp_internal *in, const char *name, prefix_keys *pk,
                                 size_t *matched)
{
    struct lexicon *lx = lexicon_get(in, name);
    if (!lx)
        return NULL;
    /* the first byte tells most texts apart before their first word is
     * read; once it is told, its hash is the cheaper test */
    if (!pk->first_tried) {
        if (!may_match(lx, pk->text, pk->len))
            return NULL;
        know_first_word(pk);
    }
    if (!pk->first_keyed || !first_word_in_rows(lx, pk))
        return NULL;
    const char *best = NULL;
    size_t best_words = 0;
    const char *two = NULL; /* the key of two words, once a row of three or more asks */
    size_t two_len = 0;
    /* only the rows whose first word is the text's first word */
    for (uint32_t i = lx->by_first.heads[pk->first_hash & lx->by_first.mask]; i != NO_ROW;
         i = lx->by_first.next[i]) {
        const lex_row *r = &lx->rows[i];
        if (r->words <= best_words || r->first_len != pk->first_len ||
            r->first_hash != pk->first_hash)
            continue;
        const char *first = prefix_key(pk, 1);
        /* both are first_len bytes without a NUL (strcspn) */
        if (!first || memcmp(first, r->key, pk->first_len) != 0)
            continue;
        /* a row of three words or more is refused by the text's first two
         * (a prefix of the key of more words: extend_key) before the key
         * of its own length is made */
        if (r->words >= 3) {
            if (!two && (two = prefix_key(pk, 2)) != NULL)
                two_len = strlen(two);
            if (two && strncmp(two, r->key, two_len < r->key_len ? two_len : r->key_len) != 0)
                continue;
        }
        const char *key = prefix_key(pk, r->words);
        /* trailing punctuation ("Căn cứ:") does not stop a match */
        if (key && strncmp(key, r->key, r->key_len) == 0 &&
            (key[r->key_len] == '\0' || strchr(":.,;", key[r->key_len]))) {
            best = r->value;
            best_words = r->words;
            if (matched)
                *matched = pk->bytes[r->words];
        }
    }
    return best;
}

const char *lexicon_prefix(struct vnp_internal *in, const char *name, const char *text,
                           size_t len, size_t *matched)
{
    prefix_keys pk;
    prefix_keys_init(&pk, text, len);
    const char *best = lexicon_prefix_keyed(in, name, &pk, matched);
    prefix_keys_release(&pk);
    return best;
}
