/* Match keys: case and tone placement never decide a look-up, while tone
 * itself, vowel quality and Đ always do. */
#include "unit_helpers.h"

static char *key(const char *s)
{
    char *k = vnp_match_key(s, strlen(s));
    assert_non_null(k);
    return k;
}

static void assert_same_key(const char *a, const char *b)
{
    char *ka = key(a), *kb = key(b);
    if (strcmp(ka, kb) != 0)
        print_error("keys of \"%s\" and \"%s\" differ: \"%s\" / \"%s\"\n", a, b, ka, kb);
    assert_string_equal(ka, kb);
    free(ka);
    free(kb);
}

static void assert_different_key(const char *a, const char *b)
{
    char *ka = key(a), *kb = key(b);
    assert_string_not_equal(ka, kb);
    free(ka);
    free(kb);
}

static void assert_key(const char *s, const char *expected)
{
    char *k = key(s);
    assert_string_equal(k, expected);
    free(k);
}

/* Old and new tone placement: "hoá"/"hóa", "thuỷ"/"thủy", "khoẻ"/"khỏe". */
static void test_tone_placement(void **state)
{
    (void)state;
    assert_same_key("hoá", "hóa");
    assert_same_key("thuỷ", "thủy");
    assert_same_key("khoẻ", "khỏe");
    assert_same_key("quý", "qúy");
    assert_same_key("Đơn giản hoá", "đơn giản hóa");
}

static void test_case_and_placement_together(void **state)
{
    (void)state;
    assert_same_key("HOÀ BÌNH", "hòa bình");
    assert_same_key("Uỷ ban", "Ủy ban");
    assert_same_key("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân");
    assert_same_key("QUYẾT ĐỊNH", "Quyết định");
    assert_same_key("NGƯỜI", "người");
}

/* NFD input keys like NFC input. */
static void test_decomposed_input(void **state)
{
    (void)state;
    assert_same_key("ho\xCC\x81" "a", "hóa");   /* o + combining acute */
    assert_same_key("Ho\xCC\x82\xCC\x80", "hồ"); /* o + circumflex + grave */
}

static void test_d_stroke_kept(void **state)
{
    (void)state;
    assert_different_key("HĐ", "HD");
    assert_different_key("đ", "d");
    assert_different_key("ĐU", "DU");
    assert_same_key("HĐND", "hđnd");
    assert_key("HĐ", "hđ");
}

static void test_tones_differ(void **state)
{
    (void)state;
    const char *tones[] = {"ma", "má", "mà", "mả", "mã", "mạ"};
    for (size_t i = 0; i < 6; i++)
        for (size_t j = i + 1; j < 6; j++)
            assert_different_key(tones[i], tones[j]);
}

/* Vowel quality marks are letters, not tones: a/ă/â, o/ô/ơ, u/ư differ. */
static void test_vowel_quality_kept(void **state)
{
    (void)state;
    assert_different_key("tan", "tăn");
    assert_different_key("tan", "tân");
    assert_different_key("to", "tơ");
    assert_different_key("tô", "tơ");
    assert_different_key("tu", "tư");
}

static void test_white_space_folded(void **state)
{
    (void)state;
    assert_key("a   b\tc\n d", "a b c d");
    assert_key("  Căn   cứ  ", "căn cứ");
    assert_same_key("Nơi\xC2\xA0nhận", "Nơi nhận"); /* NBSP is white space too */
    assert_key("", "");
}

/* Exact keys: lower case, punctuation kept, tone after its syllable and
 * recomposed where it lands on the last vowel. */
static void test_exact_keys(void **state)
{
    (void)state;
    assert_key("hóa", "hoá");
    assert_key("Căn cứ:", "căn cứ:");
    assert_key("HOÀ BÌNH", "hoà binh\xCC\x80"); /* grave after "binh" */
}

/* Only the first len bytes are keyed. */
static void test_length_respected(void **state)
{
    (void)state;
    char *k = vnp_match_key("Căn cứ Luật", strlen("Căn cứ"));
    assert_non_null(k);
    assert_string_equal(k, "căn cứ");
    free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tone_placement),
        cmocka_unit_test(test_case_and_placement_together),
        cmocka_unit_test(test_decomposed_input),
        cmocka_unit_test(test_d_stroke_kept),
        cmocka_unit_test(test_tones_differ),
        cmocka_unit_test(test_vowel_quality_kept),
        cmocka_unit_test(test_white_space_folded),
        cmocka_unit_test(test_exact_keys),
        cmocka_unit_test(test_length_respected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
