/* The word lists' look-up (words.c) against the plain reading of their
 * rows: for every built-in list and role, on the rows' own words in other
 * cases and spacings, on texts that open with every byte, and on every
 * line of the seeds, listed_word_opens() says what the rows of that role
 * say one by one, in file order (exact: the bytes; folded:
 * starts_with_ci). The look-up refuses by a text's first byte before it
 * reads a row: this shows it never refuses a text a row matches. And
 * the roles of ref_connectives.tsv, split once (role_word_at), against
 * their rows compared one by one under each role's test. */
#include "internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char *const lists[] = {"block_openers.tsv", "annex_parent.tsv", "state_mottos.tsv",
                                    "function_words.tsv", "numbering_words.tsv",
                                    "akn_act_types.tsv", "local_body_codes.tsv"};

/* The rows of one list as the file gives them: word, role, exact. */
typedef struct {
    char word[128], role[64];
    bool exact;
} plain_row;

static size_t read_rows(const char *name, plain_row *rows, size_t cap)
{
    size_t len = 0, count = 0;
    const char *text = lexicon_text(name, &len);
    assert_non_null(text);
    for (const char *line = text, *end = text + len; line < end && count < cap;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
        const char *t1 = memchr(line, '\t', n);
        if (line[0] != '#' && t1) {
            const char *t2 = memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - line));
            size_t wl = (size_t)(t1 - line);
            size_t rl = t2 ? (size_t)(t2 - t1 - 1) : n - wl - 1;
            plain_row *r = &rows[count++];
            snprintf(r->word, sizeof r->word, "%.*s", (int)wl, line);
            snprintf(r->role, sizeof r->role, "%.*s", (int)rl, t1 + 1);
            r->exact = t2 && strncmp(t2 + 1, "exact", 5) == 0;
        }
        line = nl ? nl + 1 : end;
    }
    return count;
}

static bool plain_opens(const plain_row *rows, size_t count, const char *role, const char *s,
                        size_t n)
{
    for (size_t i = 0; i < count; i++) {
        if (role && strcmp(rows[i].role, role) != 0)
            continue;
        size_t wl = strlen(rows[i].word);
        if (rows[i].exact ? n >= wl && memcmp(s, rows[i].word, wl) == 0
                          : starts_with_ci(s, n, rows[i].word))
            return true;
    }
    return false;
}

/* Every role of the list, and no role, on one text. */
static void agree_on(const char *name, const plain_row *rows, size_t count, const char *s,
                     size_t n)
{
    if (listed_word_opens(NULL, name, NULL, s, n, NULL) != plain_opens(rows, count, NULL, s, n))
        fail_msg("%s, any role, on '%.*s'", name, (int)n, s);
    for (size_t i = 0; i < count; i++)
        if (listed_word_opens(NULL, name, rows[i].role, s, n, NULL) !=
            plain_opens(rows, count, rows[i].role, s, n))
            fail_msg("%s, role %s, on '%.*s'", name, rows[i].role, (int)n, s);
}

static void agree_on_text(const char *name, const plain_row *rows, size_t count, const char *s)
{
    agree_on(name, rows, count, s, strlen(s));
}

static void test_lists_agree_with_their_rows(void **state)
{
    (void)state;
    static const char *const spacings[] = {"", " ", "  ", "\t", "\xc2\xa0", "(", "-"};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        plain_row rows[128];
        size_t count = read_rows(lists[l], rows, 128);
        assert_true(count > 0);
        for (size_t i = 0; i < count; i++)
            for (size_t k = 0; k < sizeof spacings / sizeof spacings[0]; k++) {
                char buf[256];
                char *key = vnp_match_key(rows[i].word, strlen(rows[i].word)); /* lower case */
                assert_non_null(key);
                snprintf(buf, sizeof buf, "%s%s 12/KH", spacings[k], rows[i].word);
                agree_on_text(lists[l], rows, count, buf);
                snprintf(buf, sizeof buf, "%s%s tiếp", spacings[k], key);
                agree_on_text(lists[l], rows, count, buf);
                mem_free(key);
            }
        for (unsigned c = 0; c < 256; c++) {
            char buf[8] = {(char)c, 'o', 'x', 0};
            agree_on(lists[l], rows, count, buf, c ? 3 : 0);
            agree_on(lists[l], rows, count, buf, 1);
        }
    }
}

/* Calls fn with every line of the seeds (without its line end). */
static void each_seed_line(void (*fn)(const char *line, size_t n, void *ctx), void *ctx)
{
    static const char *const seeds[] = {"000_168f61acab888f69", "001_726e77e94d63ef36",
                                        "002_508eed7b1cbf6665", "003_8c1b21296dc71716",
                                        "004_a70b7e91a38d145e"};
    for (size_t f = 0; f < sizeof seeds / sizeof seeds[0]; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/corpus/seeds/%s.txt", VNPLAN_ROOT, seeds[f]);
        FILE *in = fopen(path, "rb");
        assert_non_null(in);
        char line[8192];
        while (fgets(line, sizeof line, in))
            fn(line, strcspn(line, "\r\n"), ctx);
        fclose(in);
    }
}

static void lists_agree_on_line(const char *line, size_t n, void *ctx)
{
    (void)ctx;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        plain_row rows[128];
        size_t count = read_rows(lists[l], rows, 128);
        agree_on(lists[l], rows, count, line, n);
    }
}

static void test_lists_agree_on_the_seeds(void **state)
{
    (void)state;
    each_seed_line(lists_agree_on_line, NULL);
}

/* ---- one role's rows (role_word_at) against the plain comparisons ------- */

/* The first word of s as WORD_FIRST reads it: up to a space, , ; : ( ) [ ]
 * " or NUL, less its final full stops. */
static size_t plain_first_word(const char *s, size_t n)
{
    size_t e = 0;
    while (e < n && !strchr(" ,;:()[]\"", s[e]) && s[e] != '\0')
        e++;
    while (e > 0 && s[e - 1] == '.')
        e--;
    return e;
}

/* The comparison of one row, written out: the first word with the same
 * bytes or (folded) the same match key, fitting 64 bytes; opening with the
 * bytes or by starts_with_ci; the bytes and a space. */
static bool plain_meets(const plain_row *r, word_test test, const char *s, size_t n)
{
    size_t wl = strlen(r->word);
    if (test == WORD_OPENS)
        return r->exact ? n >= wl && memcmp(s, r->word, wl) == 0 : starts_with_ci(s, n, r->word);
    if (test == WORD_THEN_SPACE)
        return n > wl && memcmp(s, r->word, wl) == 0 && s[wl] == ' ';
    size_t e = plain_first_word(s, n);
    if (e == wl && memcmp(s, r->word, wl) == 0)
        return true;
    if (r->exact || !e || e >= 64)
        return false;
    char ks[64], kw[64];
    return match_key_into(s, e, ks, sizeof ks) && match_key_into(r->word, wl, kw, sizeof kw) &&
           strcmp(ks, kw) == 0;
}

typedef struct {
    const role_spec *specs;
    size_t count;
    role_words words[32];
    plain_row rows[128];
    size_t row_count;
} connective_check;

/* Every role of ref_connectives.tsv on s[0..n): the same answer, and the
 * same first row in file order, as the rows compared one by one. */
static void roles_agree_on(const connective_check *c, const char *s, size_t n)
{
    for (size_t k = 0; k < c->count; k++) {
        const char *want = NULL;
        for (size_t i = 0; i < c->row_count && !want; i++)
            if (strcmp(c->rows[i].role, c->specs[k].role) == 0 &&
                plain_meets(&c->rows[i], c->specs[k].test, s, n))
                want = c->rows[i].word;
        word_hit h;
        bool got = role_word_at(&c->words[k], s, n, &h);
        if (got != (want != NULL) || (got && strcmp(h.word, want) != 0))
            fail_msg("ref_connectives.tsv, role %s, on '%.*s': %s, the rows say %s",
                     c->specs[k].role, (int)n, s, got ? h.word : "none", want ? want : "none");
    }
}

static void load_connective_check(connective_check *c)
{
    char why[256];
    c->specs = refs_connective_roles(&c->count);
    assert_true(c->count <= 32);
    if (!role_words_load(NULL, "ref_connectives.tsv", c->specs, c->count, c->words, why,
                         sizeof why))
        fail_msg("%s", why);
    c->row_count = read_rows("ref_connectives.tsv", c->rows, 128);
    assert_true(c->row_count > 0);
}

/* Every word start of a line. */
static void roles_agree_on_words(const char *line, size_t n, void *ctx)
{
    for (size_t i = 0; i < n; i++)
        if (i == 0 || line[i - 1] == ' ')
            roles_agree_on(ctx, line + i, n - i);
}

/* The rows' own words in capitals, in other spellings and followed by
 * every byte; every word start of every line of the seeds. */
static void test_roles_agree_with_their_rows(void **state)
{
    (void)state;
    static connective_check c;
    load_connective_check(&c);
    static const char *const after[] = {"", " ", ".", "..", ",", ")", "x", "\xcc\x81", " 12"};
    for (size_t i = 0; i < c.row_count; i++) {
        char *key = vnp_match_key(c.rows[i].word, strlen(c.rows[i].word));
        assert_non_null(key);
        for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s%s", c.rows[i].word, after[k]);
            roles_agree_on(&c, buf, strlen(buf));
            snprintf(buf, sizeof buf, "%s%s", key, after[k]);
            roles_agree_on(&c, buf, strlen(buf));
        }
        for (unsigned b = 0; b < 256; b++) {
            char buf[256];
            int n = snprintf(buf, sizeof buf, "%s%c", c.rows[i].word, (char)b);
            roles_agree_on(&c, buf, (size_t)n);
        }
        mem_free(key);
    }
    each_seed_line(roles_agree_on_words, &c);
}

/* Where a word ends: at each mark that ends one, at a NUL byte, at the
 * end of the buffer (not of the string), less its full stops, which may
 * reach back before the start; invalid UTF-8 is read as bytes. */
static void test_word_ends(void **state)
{
    (void)state;
    assert_int_equal(word_end_at("", 0, 0), 0);
    assert_int_equal(word_end_at("a", 1, 0), 1);
    assert_int_equal(word_end_at(".", 1, 0), 0);
    assert_int_equal(word_end_at("s\xe1\xbb\x91.", 5, 0), 4); /* "số." is "số" */
    assert_int_equal(word_end_at("s\xe1\xbb\x91..", 6, 0), 4);
    assert_int_equal(word_end_at("t\xe1\xbb\x89nh[1]", 9, 0), 6);
    static const char marks[] = " ,;:()[]\"";
    for (const char *m = marks; *m; m++) {
        char t[4] = {'a', 'b', *m, 'c'};
        assert_int_equal(word_end_at(t, 4, 0), 2);
        assert_int_equal(word_end_at(t, 4, 2), 2); /* a mark ends the word at once */
    }
    assert_int_equal(word_end_at("ab\0cd", 5, 0), 2);
    assert_int_equal(word_end_at("abc def", 2, 0), 2); /* the buffer ends first */
    assert_int_equal(word_end_at("ab cd", 5, 3), 5);
    assert_int_equal(word_end_at("ab. cd", 6, 3), 2); /* the stops before i */
    assert_int_equal(word_end_at("a.b c", 5, 0), 3);   /* a stop inside stays */
    assert_int_equal(word_end_at("\xff\xfe x", 4, 0), 2);
    assert_int_equal(word_end_at("\xe1\xbb", 2, 0), 2); /* a sequence cut at the end */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_agree_with_their_rows),
        cmocka_unit_test(test_lists_agree_on_the_seeds),
        cmocka_unit_test(test_roles_agree_with_their_rows),
        cmocka_unit_test(test_word_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
