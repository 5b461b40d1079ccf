/* bench/startup.txt is the document the benchmark measures the start-up
 * RSS on: a process that has parsed it has compiled every built-in grammar
 * and keyed every built-in lexicon a document can need, so what a larger
 * document takes above it is the document's own. This holds only while no
 * document reaches a grammar the start-up document does not: parsing the
 * seeds and the bundled real-world and held-out documents after it must
 * add nothing to the compile-once cache. */
#include "unit_helpers.h"

#include <dirent.h>
#include <stdio.h>

static void parse_and_write(const char *path)
{
    vnp_options opt = VNP_OPTIONS_INIT;
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse_file(path, &opt, &doc, &err);
    if (st != VNP_OK)
        print_error("%s: %s\n", path, err.message);
    assert_int_equal(st, VNP_OK);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(vnp_write_json(doc, 0, &out, &len), VNP_OK);
    vnp_free(out);
    assert_int_equal(vnp_write_xml(doc, 0, &out, &len), VNP_OK);
    vnp_free(out);
    vnp_document_free(doc);
}

/* Parses every file of VNPLAN_ROOT/folder ending in suffix; returns how many. */
static size_t parse_folder(const char *folder, const char *suffix)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", VNPLAN_ROOT, folder);
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name), sl = strlen(suffix);
        if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        parse_and_write(path);
        n++;
    }
    closedir(d);
    return n;
}

static void test_startup_document_reaches_every_grammar(void **state)
{
    (void)state;
    cache_release_all();
    assert_int_equal(cache_item_count(), 0);
    parse_and_write(VNPLAN_ROOT "/bench/startup.txt");
    size_t prepared = cache_item_count();
    assert_true(prepared > 0);
    size_t docs = parse_folder("corpus/seeds", ".txt") + parse_folder("corpus/realworld", ".md") +
                  parse_folder("corpus/heldout", ".md");
    assert_true(docs >= 5);
    assert_int_equal(cache_item_count(), prepared);
    cache_release_all();
}

/* The count is a real one: an empty document compiles less than the
 * start-up document, which is why the benchmark measures both. */
static void test_an_empty_document_compiles_less(void **state)
{
    (void)state;
    cache_release_all();
    vnp_document *doc = parse_text("");
    vnp_document_free(doc);
    size_t empty = cache_item_count();
    parse_and_write(VNPLAN_ROOT "/bench/startup.txt");
    assert_true(empty < cache_item_count());
    cache_release_all();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_startup_document_reaches_every_grammar),
        cmocka_unit_test(test_an_empty_document_compiles_less),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
