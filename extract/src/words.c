/* Word lists: the words a stage compares a text with ("Nơi nhận", "số",
 * "V/v", "Điều"), from grammars/, never written in C. A row is
 *   word <TAB> role <TAB> comparison
 * and the comparison is the row's own: "folded" compares as match keys
 * (starts_with_ci: case and tone placement never decide), "exact" byte for
 * byte. A stage asks for the words of one role and keeps its own test of
 * what stands around the word (a space, a number after it).
 *
 * A document with a --grammars folder reads the list as its lexicon (the
 * folder's copy first: lexicon.c). Otherwise, and for a caller below the
 * documents (the numbering parser, with no document), the built-in copy
 * is read once into the process cache, its rows split once; each thread
 * remembers the lists it got, so that a look-up (made for every line)
 * takes no lock. A shared test below the stages; it calls no stage. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

typedef struct word_row {
    const char *word;
    size_t len;
    const char *role; /* role_len bytes */
    size_t role_len;
    bool exact;
} word_row;

typedef struct word_query {
    const char *role; /* NULL: any role */
    size_t role_len;
    const char *s;
    size_t n;
    bool whole; /* the text is the word, not only opens with it */
    word_hit *hit;
    bool found;
} word_query;

/* The row of a lexicon row: its word, and its value ("recipients\tfolded")
 * split into role and comparison. */
static word_row split_row(const char *word, const char *value)
{
    const char *tab = strchr(value, '\t');
    word_row r = {word, strlen(word), value, tab ? (size_t)(tab - value) : strlen(value),
                  tab && strncmp(tab + 1, "exact", 5) == 0};
    return r;
}

static bool same_role(const word_row *r, const char *role, size_t role_len)
{
    return r->role_len == role_len && memcmp(r->role, role, role_len) == 0;
}

/* Stops at the first row, in file order, that the text matches. */
static bool try_row(const word_row *r, word_query *q)
{
    if (q->role && !same_role(r, q->role, q->role_len))
        return false;
    if (q->whole && q->n != r->len)
        return false;
    bool match = r->exact ? q->n >= r->len &&
                                (!r->len || (q->s[0] == r->word[0] &&
                                             memcmp(q->s, r->word, r->len) == 0))
                          : starts_with_ci(q->s, q->n, r->word);
    if (!match)
        return false;
    if (q->hit)
        *q->hit = (word_hit){r->word, r->role, r->role_len, r->len};
    q->found = true;
    return true;
}

static bool try_lexicon_row(const char *word, const char *value, void *ctx)
{
    word_row r = split_row(word, value);
    return try_row(&r, ctx);
}

/* ---- the built-in copy, split once per process ----------------------------- */

/* The rows of one role, in file order: a look-up asks for one role, and
 * is made for every line, so it reads those rows only. */
typedef struct role_group {
    const char *role; /* role_len bytes */
    size_t role_len;
    size_t *rows; /* indices into word_list.rows */
    size_t count;
    bool may_open[256]; /* by a text's first byte: can a row of the role match it? */
} role_group;

typedef struct word_list {
    word_row *rows;
    size_t count;
    role_group *groups;
    size_t group_count;
    bool may_open[256]; /* the same for any role */
    char *text; /* the rows' words and values, NUL-terminated */
} word_list;

typedef struct list_source {
    const char *text;
    size_t len;
} list_source;

static void release_list(void *p)
{
    word_list *l = p;
    if (l) {
        for (size_t g = 0; l->groups && g < l->group_count; g++)
            mem_free(l->groups[g].rows);
        mem_free(l->groups);
        mem_free(l->rows);
        mem_free(l->text);
    }
    mem_free(l);
}

/* Marks the first bytes of the texts row r can match (the first byte of
 * an empty text is taken as 0): its own for an exact row; for a folded one
 * what starts_with_ci does not refuse at once (an ASCII byte equal but for
 * case to the row's ASCII first byte, or any byte of a non-ASCII letter);
 * every byte when the row's word is empty or opens with a non-ASCII
 * letter, whose keys must decide. */
static void mark_first_bytes(const word_row *r, bool may_open[256])
{
    unsigned char b = r->len ? (unsigned char)r->word[0] : 0;
    for (unsigned c = 0; c < 256; c++)
        may_open[c] = may_open[c] || !r->len || c == b ||
                      (!r->exact && (b >= 0x80 || c >= 0x80 || (c | 0x20) == (b | 0x20u)));
}

/* Groups the rows by role (a role's first row places its group); false
 * when memory ran out. */
static bool group_rows(word_list *l)
{
    l->groups = mem_calloc(l->count ? l->count : 1, sizeof *l->groups);
    if (!l->groups)
        return false;
    for (size_t i = 0; i < l->count; i++) {
        size_t g = 0;
        while (g < l->group_count && !same_role(&l->rows[i], l->groups[g].role, l->groups[g].role_len))
            g++;
        role_group *grp = &l->groups[g];
        if (g == l->group_count) {
            l->group_count++;
            grp->role = l->rows[i].role;
            grp->role_len = l->rows[i].role_len;
            grp->rows = mem_calloc(l->count, sizeof *grp->rows);
            if (!grp->rows)
                return false;
        }
        grp->rows[grp->count++] = i;
        mark_first_bytes(&l->rows[i], grp->may_open);
        mark_first_bytes(&l->rows[i], l->may_open);
    }
    return true;
}

/* Rows are the lines with a tab that are no comment, as lexicon.c reads
 * them. Made under the C library's allocator (cache.c), released by the
 * cache. */
static void *make_list(void *ctx)
{
    const list_source *src = ctx;
    size_t lines = 1;
    for (size_t i = 0; i < src->len; i++)
        lines += src->text[i] == '\n';
    word_list *l = mem_calloc(1, sizeof *l);
    if (l) {
        l->rows = mem_calloc(lines, sizeof *l->rows);
        l->text = mem_strndup(src->text, src->len);
    }
    if (!l || !l->rows || !l->text) {
        release_list(l);
        vnp_alloc_failed = true;
        return NULL;
    }
    for (char *line = l->text, *end = l->text + src->len; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (nl)
            *nl = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] != '#' && tab) {
            *tab = '\0';
            l->rows[l->count++] = split_row(line, tab + 1);
        }
        line = nl ? nl + 1 : end;
    }
    if (!group_rows(l)) {
        release_list(l);
        vnp_alloc_failed = true;
        return NULL;
    }
    return l;
}

enum { MEMO_LISTS = 16 };

/* The lists this thread got, by the name its callers give (a literal: one
 * name may come at two addresses, and then takes two slots). */
static _Thread_local struct {
    const char *name;
    const word_list *list;
} memo[MEMO_LISTS];
static _Thread_local unsigned memo_generation;

static const word_list *builtin_list(const char *name)
{
    unsigned generation = cache_generation();
    if (generation != memo_generation) {
        memset(memo, 0, sizeof memo); /* the cache was emptied: nothing kept stands */
        memo_generation = generation;
    }
    size_t slot = 0;
    while (slot < MEMO_LISTS && memo[slot].name && memo[slot].name != name)
        slot++;
    if (slot < MEMO_LISTS && memo[slot].name)
        return memo[slot].list;
    list_source src;
    src.text = lexicon_text(name, &src.len);
    const word_list *l = src.text ? cache_get(src.text, make_list, release_list, &src) : NULL;
    if (l && slot < MEMO_LISTS) {
        memo[slot].name = name;
        memo[slot].list = l;
    }
    return l;
}

static bool find_word(struct vnp_internal *in, const char *name, word_query *q)
{
    if (q->hit)
        memset(q->hit, 0, sizeof *q->hit);
    q->role_len = q->role ? strlen(q->role) : 0;
    if (in && in->grammar_dir) {
        lexicon_each(in, name, try_lexicon_row, q);
        return q->found;
    }
    const word_list *l = builtin_list(name);
    unsigned char first = q->n ? (unsigned char)q->s[0] : 0;
    if (!l || !l->may_open[first])
        return false;
    if (!q->role) {
        for (size_t i = 0; i < l->count && !try_row(&l->rows[i], q); i++)
            ;
        return q->found;
    }
    for (size_t g = 0; g < l->group_count; g++) {
        const role_group *grp = &l->groups[g];
        if (grp->role_len != q->role_len || memcmp(grp->role, q->role, q->role_len) != 0)
            continue;
        if (!grp->may_open[first])
            break;
        for (size_t k = 0; k < grp->count && !try_row(&l->rows[grp->rows[k]], q); k++)
            ;
        break;
    }
    return q->found;
}

bool listed_word_opens(struct vnp_internal *in, const char *name, const char *role,
                       const char *s, size_t n, word_hit *hit)
{
    word_query q = {role, 0, s, n, false, hit, false};
    return find_word(in, name, &q);
}

bool listed_word_is(struct vnp_internal *in, const char *name, const char *role, const char *s,
                    size_t n, word_hit *hit)
{
    word_query q = {role, 0, s, n, true, hit, false};
    return find_word(in, name, &q);
}

/* ---- one role's rows, split once --------------------------------------- */

/* Why row `line` of `name` cannot be read; false, for the caller to return. */
static bool refuse_row(char *why, size_t cap, const char *name, size_t line, const char *what)
{
    snprintf(why, cap, "%s:%zu: %s", name, line, what);
    return false;
}

/* The spec naming role[0..n), or NULL. */
static size_t spec_of(const role_spec *specs, size_t count, const char *role, size_t n)
{
    size_t k = 0;
    while (k < count && !(strlen(specs[k].role) == n && memcmp(specs[k].role, role, n) == 0))
        k++;
    return k;
}

/* Adds one row ("word <TAB> role <TAB> folded|exact", line[0..n)) to the
 * role it names; false with why when it cannot be read. */
static bool add_role_row(const char *name, size_t line_no, const char *line, size_t n,
                         const role_spec *specs, size_t count, role_words *out, char *why,
                         size_t cap)
{
    const char *tab1 = memchr(line, '\t', n);
    const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', n - (size_t)(tab1 + 1 - line)) : NULL;
    if (!tab2)
        return refuse_row(why, cap, name, line_no, "a row is word <TAB> role <TAB> folded|exact");
    size_t wn = (size_t)(tab1 - line), rn = (size_t)(tab2 - tab1 - 1);
    size_t cn = n - (size_t)(tab2 + 1 - line);
    const char *cmp = tab2 + 1;
    bool exact = cn == 5 && memcmp(cmp, "exact", 5) == 0;
    if (!exact && !(cn == 6 && memcmp(cmp, "folded", 6) == 0))
        return refuse_row(why, cap, name, line_no, "the comparison is folded or exact");
    if (wn == 0 || wn > ROLE_WORD_BYTES - 1)
        return refuse_row(why, cap, name, line_no, "a word of 1 to 63 bytes");
    size_t k = spec_of(specs, count, tab1 + 1, rn);
    if (k == count)
        return refuse_row(why, cap, name, line_no, "a role the reader does not ask for");
    role_words *r = &out[k];
    /* a key drops the space at its end: "về," opens with the key of "về " */
    if (r->test == WORD_THEN_SPACE && !exact)
        return refuse_row(why, cap, name, line_no,
                          "a word followed by a space is compared as written: exact");
    if (r->count == ROLE_WORDS_MAX)
        return refuse_row(why, cap, name, line_no, "more than 8 words of one role");
    size_t i = r->count++;
    memcpy(r->word[i], line, wn);
    r->word[i][wn] = '\0';
    r->len[i] = wn;
    r->exact[i] = exact;
    if (!match_key_into(line, wn, r->key[i], sizeof r->key[i]))
        r->key[i][0] = '\0';
    return true;
}

bool role_words_load(struct vnp_internal *in, const char *name, const role_spec *specs,
                     size_t count, role_words *out, char *why, size_t cap)
{
    why[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        memset(&out[k], 0, sizeof out[k]);
        out[k].role = specs[k].role;
        out[k].test = specs[k].test;
    }
    size_t len;
    const char *t = in ? grammar_text(in, name, &len) : lexicon_text(name, &len);
    if (!t)
        return refuse_row(why, cap, name, 0, "missing");
    size_t line = 0;
    for (size_t pos = 0; pos < len;) {
        line++;
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len;
        size_t n = end - pos;
        if (n && t[pos + n - 1] == '\r')
            n--;
        if (n && t[pos] != '#' &&
            !add_role_row(name, line, t + pos, n, specs, count, out, why, cap))
            return false;
        pos = end + 1;
    }
    return true;
}

/* The bytes that end a word: a space, a clause mark, a footnote marker
 * ("tỉnh[1]"), and the string's end. */
static const bool ends_word[256] = {[' '] = true, [','] = true, [';'] = true, [':'] = true,
                                    ['('] = true, [')'] = true, ['['] = true, [']'] = true,
                                    ['"'] = true, ['\0'] = true};

size_t word_end_at(const char *s, size_t n, size_t i)
{
    while (i < n && !ends_word[(unsigned char)s[i]])
        i++;
    /* a full stop ends a word only at the end of a sentence */
    while (i > 0 && s[i - 1] == '.')
        i--;
    return i;
}

/* Row k's word is s's first word, of e bytes: byte for byte, or (a
 * folded row) by match key, the text's key made once into ks. */
static bool first_word_is(const role_words *r, size_t k, const char *s, size_t e, char *ks,
                          int *keyed)
{
    if (e == r->len[k] && memcmp(s, r->word[k], e) == 0)
        return true; /* as written: the same key */
    if (r->exact[k] || !e || e >= ROLE_WORD_BYTES || !r->key[k][0] ||
        keys_differ_at_once(s, e, r->word[k], r->len[k]))
        return false;
    if (!*keyed)
        *keyed = match_key_into(s, e, ks, ROLE_WORD_BYTES) ? 1 : -1;
    return *keyed > 0 && strcmp(ks, r->key[k]) == 0;
}

static bool row_meets(const role_words *r, size_t k, const char *s, size_t n, size_t e, char *ks,
                      int *keyed)
{
    switch (r->test) {
    case WORD_FIRST:
        return first_word_is(r, k, s, e, ks, keyed);
    case WORD_OPENS:
        return r->exact[k] ? n >= r->len[k] && memcmp(s, r->word[k], r->len[k]) == 0
                           : starts_with_ci(s, n, r->word[k]);
    case WORD_THEN_SPACE: /* exact rows only (add_role_row) */
        return n > r->len[k] && memcmp(s, r->word[k], r->len[k]) == 0 && s[r->len[k]] == ' ';
    }
    return false;
}

bool role_word_at(const role_words *r, const char *s, size_t n, word_hit *hit)
{
    size_t e = r->test == WORD_FIRST ? word_end_at(s, n, 0) : 0;
    char ks[ROLE_WORD_BYTES];
    int keyed = 0;
    for (size_t k = 0; k < r->count; k++)
        if (row_meets(r, k, s, n, e, ks, &keyed)) {
            if (hit)
                *hit = (word_hit){r->word[k], r->role, strlen(r->role), r->len[k]};
            return true;
        }
    return false;
}
