/* Word lists: the words a stage compares a text with ("Nơi nhận", "số",
 * "V/v", "Điều"), from grammars/, never written in C. A row is
 *   word <TAB> role <TAB> comparison
 * and the comparison is the row's own: "folded" compares as match keys
 * (starts_with_ci: case and tone placement never decide), "exact" byte for
 * byte. A stage asks for the words of one role and keeps its own test of
 * what stands around the word (a space, a number after it).
 *
 * With a document the list is its lexicon (a --grammars folder's copy
 * first, else the built-in one, keyed once per process: lexicon.c). A
 * caller below the documents (the numbering parser) passes no document
 * and reads the built-in copy, read once into the process cache. A shared
 * test below the stages; it calls no stage. */
#include "internal.h"

#include <string.h>

typedef struct word_query {
    const char *role; /* NULL: any role */
    const char *s;
    size_t n;
    bool whole; /* the text is the word, not only opens with it */
    word_hit *hit;
    bool found;
} word_query;

/* The row's role and whether it compares byte for byte, from its value
 * ("recipients\tfolded"). */
static bool row_role(const char *value, const char *role, bool *exact)
{
    const char *tab = strchr(value, '\t');
    size_t len = tab ? (size_t)(tab - value) : strlen(value);
    *exact = tab && strncmp(tab + 1, "exact", 5) == 0;
    return !role || (strlen(role) == len && strncmp(value, role, len) == 0);
}

static bool row_matches(const char *word, bool exact, const word_query *q)
{
    size_t len = strlen(word);
    if (q->whole && q->n != len)
        return false;
    if (exact)
        return q->n >= len && memcmp(q->s, word, len) == 0;
    return starts_with_ci(q->s, q->n, word);
}

/* Stops at the first row, in file order, that the text matches. */
static bool try_row(const char *word, const char *value, void *ctx)
{
    word_query *q = ctx;
    bool exact;
    if (!row_role(value, q->role, &exact) || !row_matches(word, exact, q))
        return false;
    if (q->hit) {
        const char *tab = strchr(value, '\t');
        q->hit->word = word;
        q->hit->role = value;
        q->hit->role_len = tab ? (size_t)(tab - value) : strlen(value);
        q->hit->len = strlen(word);
    }
    q->found = true;
    return true;
}

/* ---- the built-in copy, for callers without a document ------------------- */

typedef struct builtin_row {
    char *word;
    char *value;
} builtin_row;

typedef struct builtin_list {
    builtin_row *rows;
    size_t count;
} builtin_list;

typedef struct builtin_source {
    const char *text;
    size_t len;
} builtin_source;

static void release_list(void *p)
{
    builtin_list *l = p;
    for (size_t i = 0; l && i < l->count; i++) {
        mem_free(l->rows[i].word);
        mem_free(l->rows[i].value);
    }
    if (l)
        mem_free(l->rows);
    mem_free(l);
}

/* Rows are the lines with a tab that are no comment, as lexicon.c reads
 * them. Made under the C library's allocator (cache.c), released by the
 * cache. */
static void *make_list(void *ctx)
{
    const builtin_source *src = ctx;
    builtin_list *l = mem_calloc(1, sizeof *l);
    size_t lines = 1;
    for (size_t i = 0; i < src->len; i++)
        lines += src->text[i] == '\n';
    if (l)
        l->rows = mem_calloc(lines, sizeof *l->rows);
    for (size_t pos = 0; l && l->rows && pos < src->len;) {
        const char *line = src->text + pos;
        const char *nl = memchr(line, '\n', src->len - pos);
        size_t n = nl ? (size_t)(nl - line) : src->len - pos;
        const char *tab = memchr(line, '\t', n);
        if (n && line[0] != '#' && tab) {
            builtin_row *r = &l->rows[l->count++];
            r->word = mem_strndup(line, (size_t)(tab - line));
            r->value = mem_strndup(tab + 1, n - (size_t)(tab + 1 - line));
            if (!r->word || !r->value)
                break;
        }
        pos += n + 1;
    }
    bool whole = l && l->rows && (!l->count || (l->rows[l->count - 1].word &&
                                                 l->rows[l->count - 1].value));
    if (!whole) {
        release_list(l);
        vnp_alloc_failed = true;
        return NULL;
    }
    return l;
}

static void each_builtin(const char *name, lexicon_row_fn fn, void *ctx)
{
    builtin_source src;
    src.text = lexicon_text(name, &src.len);
    const builtin_list *l = src.text ? cache_get(src.text, make_list, release_list, &src) : NULL;
    for (size_t i = 0; l && i < l->count; i++)
        if (fn(l->rows[i].word, l->rows[i].value, ctx))
            return;
}

static bool find_word(struct vnp_internal *in, const char *name, word_query *q)
{
    if (q->hit)
        memset(q->hit, 0, sizeof *q->hit);
    if (in)
        lexicon_each(in, name, try_row, q);
    else
        each_builtin(name, try_row, q);
    return q->found;
}

bool listed_word_opens(struct vnp_internal *in, const char *name, const char *role, const char *s,
                size_t n, word_hit *hit)
{
    word_query q = {role, s, n, false, hit, false};
    return find_word(in, name, &q);
}

bool listed_word_is(struct vnp_internal *in, const char *name, const char *role, const char *s,
             size_t n, word_hit *hit)
{
    word_query q = {role, s, n, true, hit, false};
    return find_word(in, name, &q);
}
