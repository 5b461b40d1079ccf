/* Pattern compilation (rx.c) and the compile-once cache (cache.c): every built-in grammar compiles with JIT
 * through the reserve that keeps the JIT compiler away from failing
 * allocations; patterns larger than the reserve still compile; wrong
 * patterns give PCRE2's error code and free what they took (the ASan run
 * checks the freeing). */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, rmdir */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static const uint32_t OPTIONS = PCRE2_UTF | PCRE2_UCP | PCRE2_EXTENDED | PCRE2_CASELESS;

static size_t jit_size(const pcre2_code *code)
{
    size_t size = 0;
    assert_int_equal(pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size), 0);
    return size;
}

static bool matches(const pcre2_code *code, const char *s)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    assert_non_null(md);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc > 0;
}

static void test_builtin_grammars_compile_with_jit(void **state)
{
    (void)state;
    const char *names[] = {"reference.pcre", "date.pcre", "law_number.pcre", "time.pcre"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len;
        const char *src = lexicon_text(names[i], &len);
        assert_non_null(src);
        int err = 0;
        pcre2_code *code = rx_compile_code(src, len, OPTIONS, &err);
        if (!code)
            fail_msg("%s does not compile: error %d", names[i], err);
        assert_true(jit_size(code) > 0);
        pcre2_code_free(code);
    }
}

/* A bounded repeat of a UCP group compiles to much machine code for its
 * size (about 140 bytes of JIT memory per byte of pattern, against the 96
 * the reserve allows): the JIT compiler then allocates for itself, and the
 * code still works. */
static void test_pattern_beyond_reserve(void **state)
{
    (void)state;
    const char *big = "^(?:\\w+\\s+\\d+[[:alpha:]]*\\s*){1,200}$";
    int err = 0;
    pcre2_code *code = rx_compile_code(big, strlen(big), OPTIONS, &err);
    assert_non_null(code);
    assert_true(jit_size(code) > 0);
    assert_true(matches(code, "Quý 4 năm 2026"));
    assert_false(matches(code, "Quý IV"));
    pcre2_code_free(code);
}

static void test_wrong_pattern_gives_its_error(void **state)
{
    (void)state;
    int err = 0;
    const char *bad = "(?<year>\\d{4}";
    assert_null(rx_compile_code(bad, strlen(bad), OPTIONS, &err));
    assert_int_equal(err, PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS);
}

/* A caller's grammar that backtracks without end reaches the match limit:
 * the match is counted as stopped (the parse reports it as a match-limit
 * warning), not taken for a plain "no match". The file is read and
 * compiled once per document, not at every match. */
static void test_match_limit_is_counted(void **state)
{
    (void)state;
    char dir[] = "/tmp/vnplan-rx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/time.pcre", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("^ (?: a+ )+ $\n", f);
    fclose(f);
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = dir;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("x", 1, "unit.txt", &opt, &doc, NULL), VNP_OK);
    const char *subject = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
    assert_false(rx_grammar_match(doc->internal, "time.pcre", subject, strlen(subject), NULL));
    assert_int_equal(doc->internal->pattern_limit_hits, 1);
    /* the file is read once per document: gone now, it still serves */
    remove(path);
    assert_true(rx_grammar_match(doc->internal, "time.pcre", "aaaa", 4, NULL));
    assert_int_equal(doc->internal->pattern_limit_hits, 1);
    vnp_document_free(doc);
    rmdir(dir);
}

/* ---- the compile-once cache (cache.c) ---------------------------------- */

static int makes, releases;

static void *make_counted(void *ctx)
{
    makes++;
    return ctx;
}

static void *make_failing(void *ctx)
{
    (void)ctx;
    makes++;
    return NULL;
}

static void release_counted(void *value)
{
    (void)value;
    releases++;
}

static void release_other(void *value)
{
    (void)value;
    releases++;
}

/* An item is made once per key and kind; a failed make is not kept (the
 * next call makes again); releasing gives everything back, once. */
static void test_cache_makes_once(void **state)
{
    (void)state;
    static const char key_a = 'a', key_b = 'b';
    int value_a = 1, value_b = 2;
    cache_release_all();
    makes = releases = 0;
    assert_ptr_equal(cache_get(&key_a, make_counted, release_counted, &value_a), &value_a);
    assert_ptr_equal(cache_get(&key_a, make_counted, release_counted, &value_b), &value_a);
    assert_int_equal(makes, 1);
    assert_null(cache_get(&key_b, make_failing, release_counted, NULL));
    assert_ptr_equal(cache_get(&key_b, make_counted, release_counted, &value_b), &value_b);
    assert_int_equal(makes, 3);
    /* the same address as another kind of item is another item */
    assert_ptr_equal(cache_get(&key_a, make_counted, release_other, &value_b), &value_b);
    assert_int_equal(makes, 4);
    cache_release_all();
    assert_int_equal(releases, 3);
    cache_release_all();
    assert_int_equal(releases, 3);
}

/* JSON of bytes[0..len) (a document of the corpus: not NUL-terminated). */
static char *parse_bytes_to_json(const char *bytes, size_t len)
{
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(bytes, len, "unit.txt", NULL, &doc, NULL), VNP_OK);
    char *json = NULL;
    size_t out_len = 0;
    assert_int_equal(vnp_write_json(doc, 0, &json, &out_len), VNP_OK);
    vnp_document_free(doc);
    return json;
}

static char *parse_to_json(const char *text) { return parse_bytes_to_json(text, strlen(text)); }

/* After the cache is released (as at exit), a parse builds it again and
 * gives the same output. */
static void test_parse_after_cache_release(void **state)
{
    (void)state;
    const char *plan = "UBND TỈNH BẮC NINH\n\nSố: 12/KH-UBND\n\nBắc Ninh, ngày 15 tháng 01 "
                       "năm 2026\n\nKẾ HOẠCH\nThực hiện năm 2026\n\nCăn cứ Nghị quyết số "
                       "76/NQ-CP ngày 15/7/2021 của Chính phủ;\n\nI. MỤC ĐÍCH\n\n"
                       "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n"
                       "1\tRà soát\tSở Nội vụ\tQuý II/2026\n";
    char *first = parse_to_json(plan);
    cache_release_all();
    char *second = parse_to_json(plan);
    assert_string_equal(first, second);
    assert_non_null(strstr(first, "76/NQ-CP"));
    vnp_free(first);
    vnp_free(second);
}

/* Patterns with JIT code are matched through the JIT's own entry or
 * through pcre2_match: each seed gives the same output either way, and a
 * pattern without JIT code (compiled plainly) is still matched, with its
 * groups, through the interpreter. */
static void test_jit_entry_agrees_with_pcre2_match(void **state)
{
    (void)state;
    static const char *const seeds[] = {"000_168f61acab888f69.txt", "001_726e77e94d63ef36.txt",
                                        "002_508eed7b1cbf6665.txt", "003_8c1b21296dc71716.txt",
                                        "004_a70b7e91a38d145e.txt"};
    size_t read = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/corpus/seeds/%s", VNPLAN_ROOT, seeds[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        rx_uses_jit_entry = false;
        char *plain = parse_bytes_to_json(buf, n);
        rx_uses_jit_entry = true;
        char *jit = parse_bytes_to_json(buf, n);
        assert_string_equal(plain, jit);
        vnp_free(plain);
        vnp_free(jit);
        read++;
    }
    assert_int_equal(read, 5);
    int err;
    size_t off;
    const char *pattern = "(\\d+)/(\\d+)";
    pcre2_code *code = rx_compile_plain(pattern, strlen(pattern), PCRE2_UTF, &err, &off);
    assert_non_null(code);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    assert_non_null(md);
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("x", 1, "unit.txt", NULL, &doc, NULL), VNP_OK);
    const char *subject = "ngày 15/7";
    assert_int_equal(rx_pcre2_match(doc->internal, code, subject, strlen(subject), 2, 0, md), 3);
    assert_int_equal(pcre2_get_ovector_pointer(md)[2], 6); /* "ngày " is 6 bytes */
    assert_int_equal(pcre2_get_ovector_pointer(md)[5], 10);
    assert_int_equal(rx_pcre2_match(doc->internal, code, subject, strlen(subject), 8, 0, md),
                     PCRE2_ERROR_NOMATCH);
    vnp_document_free(doc);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_grammars_compile_with_jit),
        cmocka_unit_test(test_pattern_beyond_reserve),
        cmocka_unit_test(test_wrong_pattern_gives_its_error),
        cmocka_unit_test(test_match_limit_is_counted),
        cmocka_unit_test(test_cache_makes_once),
        cmocka_unit_test(test_parse_after_cache_release),
        cmocka_unit_test(test_jit_entry_agrees_with_pcre2_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
