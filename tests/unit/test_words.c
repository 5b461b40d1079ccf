/* The word lists' look-up (words.c) against the plain reading of their
 * rows: for every built-in list and role, on the rows' own words in other
 * cases and spacings, on texts that open with every byte, and on every
 * line of the seeds, listed_word_opens() says what the rows of that role
 * say one by one, in file order (exact: the bytes; folded:
 * starts_with_ci). The look-up refuses by a text's first byte before it
 * reads a row: this shows it never refuses a text a row matches. */
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

static void test_lists_agree_on_the_seeds(void **state)
{
    (void)state;
    static const char *const seeds[] = {"000_168f61acab888f69", "001_726e77e94d63ef36",
                                        "002_508eed7b1cbf6665", "003_8c1b21296dc71716",
                                        "004_a70b7e91a38d145e"};
    for (size_t f = 0; f < sizeof seeds / sizeof seeds[0]; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/corpus/seeds/%s.txt", VNPLAN_ROOT, seeds[f]);
        FILE *in = fopen(path, "rb");
        assert_non_null(in);
        char line[8192];
        while (fgets(line, sizeof line, in)) {
            size_t n = strcspn(line, "\r\n");
            for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
                plain_row rows[128];
                size_t count = read_rows(lists[l], rows, 128);
                agree_on(lists[l], rows, count, line, n);
            }
        }
        fclose(in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_agree_with_their_rows),
        cmocka_unit_test(test_lists_agree_on_the_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
