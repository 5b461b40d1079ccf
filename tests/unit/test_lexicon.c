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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openings_found),
        cmocka_unit_test(test_keys_shared_in_any_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
