/* Lexicon look-ups by the opening words of a text (lexicon_prefix): the
 * longest row whose words open the text, found whatever spaces and tabs
 * part its words, whatever the case and tone placement, and told how
 * many bytes of the text it covers; the keys of a text's first words are
 * made once and shared by look-ups in several lexicons (prefix_keys), in
 * whatever order those ask for them. */
#include "unit_helpers.h"

typedef struct opening {
    const char *text;
    const char *kind; /* NULL: no row opens the text */
    size_t matched;   /* bytes of text the row covers */
} opening;

static const opening openings[] = {
    {"Theo \xC4\x91\xE1\xBB\x81 ngh\xE1\xBB\x8B c\xE1\xBB\xA7""a S\xE1\xBB\x9F", "proposal", 17},
    {"Theo \xC4\x91\xE1\xBB\x81 ngh\xE1\xBB\x8B", "proposal", 17},  /* the text ends with the row */
    {"Theo  \xC4\x91\xE1\xBB\x81\tngh\xE1\xBB\x8B:", "proposal", 19}, /* spaces, a tab, a colon */
    {"  Theo \xC4\x91\xE1\xBB\x81 ngh\xE1\xBB\x8B ", "proposal", 19},   /* spaces before and after */
    {"THEO \xC4\x90\xE1\xBB\x80 NGH\xE1\xBB\x8A x", "proposal", 17},
    {"Theo \xC4\x91\xE1\xBB\x81", NULL, 0},                              /* fewer words than the row */
    {"Theo", NULL, 0},
    {"", NULL, 0},
    {"C\xC4\x83n c\xE1\xBB\xA9 Lu\xE1\xBA\xADt", "basis", 9},
    {"C\xC4\x83n", NULL, 0},
    {"Theo ch\xE1\xBB\x89 \xC4\x91\xE1\xBA\xA1o c\xE1\xBB\xA7""a", "basis", 17},
};

static void test_openings_found(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("");
    struct vnp_internal *in = doc->internal;
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++) {
        const opening *o = &openings[i];
        size_t n = strlen(o->text), matched = 0;
        const char *kind = lexicon_prefix(in, "preamble_openers.tsv", o->text, n, &matched);
        if (!o->kind) {
            assert_null(kind);
            continue;
        }
        assert_non_null(kind);
        assert_string_equal(kind, o->kind);
        assert_int_equal(matched, o->matched);
    }
    vnp_document_free(doc);
}

/* One prefix_keys for two lexicons, asked in both orders, and after its
 * keys of more words were made first: the same answers as alone. */
static void test_keys_shared_in_any_order(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("");
    struct vnp_internal *in = doc->internal;
    const char *lists[] = {"annex_labels.tsv", "preamble_openers.tsv"};
    for (size_t i = 0; i < sizeof openings / sizeof *openings; i++) {
        const char *t = openings[i].text;
        size_t n = strlen(t);
        for (int order = 0; order < 2; order++) {
            prefix_keys pk;
            prefix_keys_init(&pk, t, n);
            for (int k = 0; k < 2; k++) {
                const char *list = lists[(k + order) % 2];
                size_t alone_len = 0, shared_len = 0;
                const char *alone = lexicon_prefix(in, list, t, n, &alone_len);
                const char *shared = lexicon_prefix_keyed(in, list, &pk, &shared_len);
                assert_true(alone == shared);
                assert_int_equal(alone_len, shared_len);
            }
            prefix_keys_release(&pk);
        }
    }
    vnp_document_free(doc);
}

/* ---- lexicon_prefix against a walk of every row ------------------------- */

/* The end of the first `words` words of s, parted by spaces and tabs (0
 * when s has fewer). */
static size_t words_end(const char *s, size_t n, size_t words)
{
    size_t i = 0, seen = 0;
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

typedef struct row_walk {
    const char *text;
    size_t len;
    const char *best; /* the value of the row found, or NULL */
    size_t best_words, matched;
} row_walk;

/* A row matches when its key is the key of as many of the text's first
 * words, up to punctuation after it, and its first word's key is the
 * text's first word's key up to punctuation; the first of the longest
 * such rows is the one found. */
static bool walk_row(const char *word, const char *value, void *ctx)
{
    row_walk *w = ctx;
    size_t len = strcspn(word, "\t"), words = 0;
    for (size_t i = words_end(word, len, 1); i; i = words_end(word, len, words + 1))
        words++;
    size_t end = words_end(w->text, w->len, words), first_end = words_end(w->text, w->len, 1);
    if (words <= w->best_words || words > PREFIX_MAX_WORDS || !end)
        return false;
    char *row = vnp_match_key(word, len), *text = vnp_match_key(w->text, end);
    char *first = vnp_match_key(w->text, first_end);
    assert_true(row && text && first);
    size_t n = strlen(row), first_len = strcspn(first, " :.,;");
    if (strcspn(row, " ") == first_len && strncmp(row, first, first_len) == 0 &&
        strncmp(text, row, n) == 0 && (text[n] == '\0' || strchr(":.,;", text[n]))) {
        w->best = value;
        w->best_words = words;
        w->matched = end;
    }
    free(row);
    free(text);
    free(first);
    return false;
}

typedef struct pieces {
    const char *list[512];
    size_t count;
    const char *rows[512]; /* whole first columns */
    size_t row_count;
    arena mem;
} pieces;

/* The words of a lexicon's first column, each a piece of the texts. */
static bool add_words(const char *word, const char *value, void *ctx)
{
    (void)value;
    pieces *p = ctx;
    size_t len = strcspn(word, "\t");
    if (p->row_count < 512)
        p->rows[p->row_count++] = arena_strndup(&p->mem, word, len);
    for (size_t i = 0; i < len && p->count < 500;) {
        size_t start = i;
        while (i < len && word[i] != ' ')
            i++;
        if (i > start)
            p->list[p->count++] = arena_strndup(&p->mem, word + start, i - start);
        while (i < len && word[i] == ' ')
            i++;
    }
    return false;
}

/* Texts made of the lexicon's own words and of words that key alike or
 * nearly ("THEO", "hoá"/"hóa"), with spaces, tabs, punctuation, marks
 * that join the letter before them, a first word too long for the memo
 * of first words; each text looked up twice (the second time through
 * what the first kept) and by a shared prefix_keys, all agreeing with a
 * walk of every row. */
static void test_prefix_agrees_with_every_row(void **state)
{
    (void)state;
    static const char *const lists[] = {"preamble_openers.tsv", "annex_labels.tsv",
                                        "doctypes.tsv", "issuer_stops.tsv",
                                        "law_name_stops.tsv", "table_headers.tsv"};
    static const char *const extra[] = {
        "THEO", "C\xC4\x82N", "ho\xC3\xA1", "h\xC3\xB3" "a", ":", ",", "  ", "\t", "x", "\xCC\x81",
        "o\xCC\x82", "Nghi\xC3\xAAnc\xE1\xBB\xA9u\xE1\xBB\xA9ngd\xE1\xBB\xA5ngkhoah\xE1\xBB\x8D" "c",
        "\xC4\x90i\xE1\xBB\x81u", "\xFF", "(", "1.", "\n", "\xE1\xBA", "\xCC\x81" "a", "\x01",
        "\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA"
        "\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA"
        "\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA"};
    vnp_document *doc = parse_text("");
    struct vnp_internal *in = doc->internal;
    pieces p = {.count = 0};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        lexicon_each(in, lists[l], add_words, &p);
    enum { EXTRA = sizeof extra / sizeof *extra };
    uint32_t seed = 11;
    size_t found = 0;
    for (int round = 0; round < 3000; round++) {
        char text[1024];
        size_t n = 0;
        for (size_t i = 0, count = 1 + (size_t)round % 10; i < count; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = i == 0 && round % 2 ? p.rows[(seed >> 8) % p.row_count]
                                : (seed >> 24) % 3 ? p.list[(seed >> 8) % p.count]
                                                   : extra[(seed >> 8) % EXTRA];
            const char *sep = (seed >> 4) % 7 == 0 ? "\t" : (seed >> 4) % 7 == 1 ? "" : " ";
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", i ? sep : "", piece);
        }
        size_t first_end = strcspn(text, " \t");
        if (round % 4 == 1 && first_end < n) { /* a NUL byte in the first word: its key ends there */
            memmove(text + first_end + 2, text + first_end, n - first_end + 1);
            memcpy(text + first_end, "\0x", 2);
            n += 2;
        }
        prefix_keys pk;
        prefix_keys_init(&pk, text, n);
        for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
            row_walk w = {.text = text, .len = n};
            lexicon_each(in, lists[l], walk_row, &w);
            for (int again = 0; again < 2; again++) {
                size_t matched = 0;
                const char *got = lexicon_prefix(in, lists[l], text, n, &matched);
                assert_true(got == w.best);
                if (got)
                    assert_int_equal(matched, w.matched);
            }
            size_t matched = 0;
            assert_true(lexicon_prefix_keyed(in, lists[l], &pk, &matched) == w.best);
            if (w.best)
                assert_int_equal(matched, w.matched);
            found += w.best != NULL;
        }
        prefix_keys_release(&pk);
    }
    assert_true(found > 1500);
    arena_release(&p.mem);
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openings_found),
        cmocka_unit_test(test_keys_shared_in_any_order),
        cmocka_unit_test(test_prefix_agrees_with_every_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
