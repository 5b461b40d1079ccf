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

/* The first code point of the key of text (0 for an empty key). */
static int32_t key_first_cp(const char *text, size_t len)
{
    char *k = vnp_match_key(text, len);
    assert_non_null(k);
    size_t w;
    int32_t cp = k[0] ? utf8_decode(k, strlen(k), &w) : 0;
    free(k);
    return cp;
}

/* Keys told apart by their first characters: letters of any case and
 * tone placement, with and without a following combining mark. */
static void test_first_letters_told_apart(void **state)
{
    (void)state;
    const char *differ[][2] = {
        {"Đảng bộ", "cộng hòa"}, {"CỘNG HÒA", "độc lập"}, {"Ủy ban", "ông"},
        {"ưu tiên", "Ơn"},        {"số", "ngày"},           {"Bến", "đò"},
        {"-", "a"},               {"7", "a"},
    };
    for (size_t i = 0; i < sizeof differ / sizeof *differ; i++)
        assert_true(keys_differ_at_once(differ[i][0], strlen(differ[i][0]), differ[i][1],
                                        strlen(differ[i][1])));
    const char *same[][2] = {
        {"Ở đâu", "ở"},            {"Hoá", "hóa"}, {"ĐỘC", "độc"},
        {"o\xCC\x82ng", "ông"}, /* "o" + U+0302 may join into "ô" */
        {" x", "y"},               /* white space first: not told */
        {"\xE1\xB9\x8D", "o"},     /* U+1E4D: its base "ó" has a tone */
        {"", "a"},
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        assert_false(keys_differ_at_once(same[i][0], strlen(same[i][0]), same[i][1],
                                         strlen(same[i][1])));
    assert_true(keys_differ_at_once("a", 1, "\xE1\xBA\xA4", 3)); /* "a" and "Ấ" (â) differ */
    assert_int_equal(key_letter_base(0x1EDF), 0x1A1); /* "ở" is "ơ" with a tone */
    assert_int_equal(key_letter_base('a'), 'a');
    assert_int_equal(key_first_base("\xE1\xBB\xA6y ban", 7), 'u'); /* "Ủy" */
    assert_int_equal(key_first_base(" u", 2), 0);
}

/* Every text of one first character (ASCII, U+00C0-U+024F, U+1E00-U+1EFF)
 * and a follower: two texts whose keys start with the same code point are
 * never told apart, and a text told apart from another has a key. */
static void test_first_letters_agree_with_keys(void **state)
{
    (void)state;
    const char *followers[] = {"", "a", " b", "\xCC\x82", "\xCC\x81", "ng", "\xE1\xBA\xA1"};
    enum { FOLLOWERS = sizeof followers / sizeof *followers, MAX_TEXTS = 800 * FOLLOWERS };
    static char texts[MAX_TEXTS][12];
    static int32_t first[MAX_TEXTS];
    size_t count = 0;
    for (int32_t cp = 0x21; cp <= 0x1EFF; cp++) {
        if ((cp > 0x7E && cp < 0xC0) || (cp > 0x24F && cp < 0x1E00))
            continue;
        for (size_t f = 0; f < FOLLOWERS; f++) {
            size_t n = utf8_encode(cp, texts[count]);
            strcpy(texts[count] + n, followers[f]);
            first[count] = key_first_cp(texts[count], strlen(texts[count]));
            if (keys_differ_at_once(texts[count], strlen(texts[count]), "z", 1) ||
                keys_differ_at_once("z", 1, texts[count], strlen(texts[count])))
                assert_int_not_equal(first[count], 0);
            count++;
        }
    }
    assert_true(count <= MAX_TEXTS);
    size_t told = 0;
    for (size_t a = 0; a < count; a++)
        for (size_t b = 0; b < count; b++) {
            if (first[a] != first[b])
                continue;
            bool differ = keys_differ_at_once(texts[a], strlen(texts[a]), texts[b],
                                              strlen(texts[b]));
            if (differ)
                print_error("\"%s\" and \"%s\" told apart, keys agree\n", texts[a], texts[b]);
            assert_false(differ);
        }
    for (size_t a = 0; a < count; a++)
        told += keys_differ_at_once(texts[a], strlen(texts[a]), "q", 1);
    assert_true(told > count / 2); /* most are told apart from "q" */
}

/* Keys made on the stack (match_key_in, same_match_key, arena_match_key)
 * agree with vnp_match_key on short texts and on texts too long for the
 * stack, which are allocated: Vietnamese with and without tones, capitals,
 * đ/Đ, combining marks, invalid bytes. */
static void test_keys_on_the_stack_agree(void **state)
{
    (void)state;
    const char *pieces[] = {"Quyết", "QUYẾT", "định", "hoá", "hóa", "Đảng", "đ", "o\xCC\x82ng",
                            "\xFF", "\xE1\xBA", "12/2023", "UBND", "thủy", "THUỶ", " ", "\t"};
    enum { PIECES = sizeof pieces / sizeof *pieces };
    arena a = {0};
    uint32_t seed = 99;
    size_t heap_keys = 0;
    for (int round = 0; round < 2000; round++) {
        char text[2048];
        size_t n = 0, count = 1 + (size_t)round % 200;
        for (size_t i = 0; i < count; i++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)sprintf(text + n, "%s ", pieces[(seed >> 8) % PIECES]);
        }
        char *want = vnp_match_key(text, n);
        assert_non_null(want);
        char buf[256], *heap;
        const char *got = match_key_in(text, n, buf, sizeof buf, &heap);
        assert_non_null(got);
        assert_string_equal(got, want);
        assert_true(heap ? got == heap : got == buf);
        heap_keys += heap != NULL;
        free(heap);
        const char *kept = arena_match_key(&a, text, n);
        assert_non_null(kept);
        assert_string_equal(kept, want);
        seed = seed * 1103515245u + 12345u;
        const char *other = pieces[(seed >> 8) % PIECES];
        char *other_key = vnp_match_key(other, strlen(other));
        assert_int_equal(same_match_key(text, n, other, strlen(other)), strcmp(want, other_key) == 0);
        assert_true(same_match_key(text, n, want, strlen(want))); /* a key keys to itself */
        free(other_key);
        free(want);
    }
    assert_true(heap_keys > 100 && heap_keys < 2000); /* both ways taken */
    assert_true(same_match_key("HOÁ", strlen("HOÁ"), "hóa", strlen("hóa")));
    assert_false(same_match_key("hoa", 3, "hóa", strlen("hóa")));
    arena_release(&a);
}

/* A key made within a bound agrees with the key made whole, and is
 * refused exactly when it is as long as the bound or longer, for ASCII
 * texts too (whose spaces fold, so that their keys are shorter than they
 * are). */
static void test_keys_within_a_bound(void **state)
{
    (void)state;
    const char *texts[] = {"Văn bản liên quan", "VĂN  BẢN   LIÊN QUAN", "van  ban   lien quan",
                           "Thuỷ lợi \xC4\x90\xE1\xBB\x98I", "o\xCC\x82ng a\xCC\x81", "x\xFFy",
                           "Hoá", "", "   ", "a"};
    size_t told = 0;
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        const char *s = texts[t];
        char *whole = vnp_match_key(s, strlen(s));
        assert_non_null(whole);
        for (size_t cap = 0; cap <= strlen(whole) + 3; cap++) {
            char out[64];
            bool fits = match_key_within(s, strlen(s), out, cap);
            assert_int_equal(fits, strlen(whole) < cap);
            if (fits)
                assert_string_equal(out, whole);
            told += fits;
        }
        free(whole);
    }
    assert_true(told > 20);
}

static bool has_non_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* Short texts keep their keys per thread: a key given again agrees with
 * the key made anew (vnp_match_key), after other texts took the slots;
 * it is given or refused in every buffer size as key_into() would
 * (match_key_within), a key that was longer before a tone shortened it
 * too ("Thuỷ" and a mark); for a text with a NUL byte, and on both sides
 * of the longest word and of the longest text kept. */
static void test_short_keys_kept_agree(void **state)
{
    (void)state;
    const char *pieces[] = {"Căn", "cứ", "ĐIỀU", "hoá", "o\xCC\x82", "\xFF", "\xE1\xBA", "a",
                            "Thuỷ", " ", "\xCC\x81", "Ủy", "12", "x"};
    enum { PIECES = sizeof pieces / sizeof *pieces };
    uint32_t seed = 7;
    size_t refused = 0;
    for (int round = 0; round < 6000; round++) {
        char text[128];
        size_t n = 0;
        for (size_t i = 0, count = 1 + (size_t)round % 14; i < count; i++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)sprintf(text + n, "%s", pieces[(seed >> 8) % PIECES]);
        }
        if (round % 7 == 0 && n > 2)
            text[n / 2] = '\0'; /* a NUL byte inside: its key holds one too */
        char *want = vnp_match_key(text, n);
        assert_non_null(want);
        for (int again = 0; again < 2; again++) {
            char out[256];
            assert_true(match_key_into(text, n, out, sizeof out));
            assert_string_equal(out, want);
            if (memchr(text, '\0', n) || !has_non_ascii(text, n))
                continue; /* a key longer than strlen() tells; a key refused by text length */
            for (size_t cap = 0; cap <= 4 * n + 12; cap++) { /* as key_into() in any buffer */
                char mine[256], made[256];
                bool fits = match_key_into(text, n, mine, cap);
                assert_int_equal(fits, match_key_within(text, n, made, cap));
                if (fits)
                    assert_string_equal(mine, made);
                refused += !fits;
            }
        }
        free(want);
    }
    assert_true(refused > 1000);
    /* "ê" repeated, and once "e" before (an odd length): a key as long as
     * its text, about the longest word and the longest name kept */
    for (size_t len = 19; len <= 68; len += len == 27 ? 29 : 1) {
        char text[96] = "";
        if (len % 2)
            strcat(text, "e");
        for (size_t i = len % 2; i + 2 <= len; i += 2)
            strcat(text, "\xC3\xAA");
        size_t n = strlen(text);
        assert_int_equal(n, len);
        char *want = vnp_match_key(text, n);
        char out[256], made[256];
        for (int again = 0; again < 2; again++) {
            assert_true(match_key_into(text, n, out, sizeof out));
            assert_string_equal(out, want);
            for (size_t cap = n - 1; cap <= n + 2; cap++) /* a key of n bytes needs n + 1 */
                assert_int_equal(match_key_into(text, n, out, cap),
                                 match_key_within(text, n, made, cap) && cap > n);
        }
        free(want);
    }
}

/* The key made through the key's own tables agrees with the key made by
 * reading each character through Unicode's (match_key_by_code_points) in
 * text t[0..n), in a buffer of cap bytes. */
static void assert_tables_agree(const char *t, size_t n)
{
    char fast[96], slow[96], kept[96];
    bool fits = match_key_by_code_points(t, n, slow, sizeof slow);
    assert_true(fits);
    assert_true(match_key_within(t, n, fast, sizeof fast));
    if (strcmp(fast, slow) != 0)
        print_error("text of %zu bytes from %02x: \"%s\" / \"%s\"\n", n, (unsigned char)t[0],
                    fast, slow);
    assert_string_equal(fast, slow);
    assert_true(match_key_into(t, n, kept, sizeof kept)); /* kept per thread, or ASCII's */
    assert_string_equal(kept, slow);
}

/* Every code point of Unicode, alone, between letters, and after "o" and a
 * space with a tone mark after it (marks join across a space); and every
 * invalid sequence of two bytes, and of three from 0xE1 (the lead byte of
 * the Vietnamese letters), alone and between letters. */
static void test_tables_agree_everywhere(void **state)
{
    (void)state;
    size_t told = 0;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue; /* no character: UTF-8 has no form for it */
        char c[4], t[16];
        size_t w = utf8_encode(cp, c);
        assert_true(w >= 1 && w <= 4);
        assert_tables_agree(c, w);
        memcpy(t, "A", 1);
        memcpy(t + 1, c, w);
        memcpy(t + 1 + w, "b", 1);
        assert_tables_agree(t, w + 2);
        memcpy(t, "o ", 2);
        memcpy(t + 2, c, w);
        memcpy(t + 2 + w, "\xCC\x81", 2);
        assert_tables_agree(t, w + 4);
        told++;
    }
    assert_int_equal(told, 0x110000 - 0x800);
    for (unsigned a = 0x80; a <= 0xFF; a++) {
        char one = (char)a;
        assert_tables_agree(&one, 1); /* a lead byte at the end of the text */
        for (unsigned b = 0; b <= 0xFF; b++) {
            char t[5] = {'x', (char)a, (char)b, 'y'};
            assert_tables_agree(t + 1, 2);
            assert_tables_agree(t, 4);
            char e[4] = {(char)0xE1, (char)a, (char)b, 'a'};
            assert_tables_agree(e, 3);
            assert_tables_agree(e, 4);
        }
    }
}

/* A key made from the key of the words before and the key of the next
 * word (match_key_append) is the key of the whole text, in every buffer
 * size; it is refused for a word that opens with white space, a mark
 * that joins the letter before it or a byte of no character. */
static void test_keys_appended_agree(void **state)
{
    (void)state;
    const char *pieces[] = {"Căn", "cứ", "ĐIỀU", "hoá", "o\xCC\x82", "\xFF", "\xE1\xBA", "a",
                            "Thuỷ", "\xCC\x81", ("\xCC\x81" "a"), "Ủy", "12", "x", "\n", "(b)",
                            "\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA\xC3\xAA",
                            "\xE1\xBB\x87", "\x01", ":", "U\xCC\x9B\xCC\x81"};
    const char *seps[] = {" ", "\t", "  \t "};
    enum { PIECES = sizeof pieces / sizeof *pieces, SEPS = sizeof seps / sizeof *seps };
    uint32_t seed = 3;
    size_t appended = 0, refused = 0;
    for (int round = 0; round < 4000; round++) {
        char before[256], word[64], whole[512];
        size_t nb = 0;
        for (size_t i = 0, count = 1 + (size_t)round % 5; i < count; i++) {
            seed = seed * 1103515245u + 12345u;
            nb += (size_t)sprintf(before + nb, "%s%s", i ? " " : "", pieces[(seed >> 8) % PIECES]);
        }
        seed = seed * 1103515245u + 12345u;
        size_t nw = (size_t)sprintf(word, "%s%s", pieces[(seed >> 8) % PIECES],
                                    (seed >> 20) % 2 ? pieces[(seed >> 12) % PIECES] : "");
        const char *sep = seps[(seed >> 4) % SEPS];
        size_t n = (size_t)sprintf(whole, "%s%s%s", before, sep, word);
        char *want = vnp_match_key(whole, n);
        assert_non_null(want);
        for (size_t cap = 1; cap <= 200; cap += 1 + (cap > 40) * 7) {
            char key[256], made[256];
            if (!match_key_into(before, nb, key, cap))
                continue;
            size_t len = strlen(key);
            if (!match_key_append(key, len, cap, word, nw)) {
                assert_int_equal(strlen(key), len); /* as it was */
                refused++;
                continue;
            }
            assert_string_equal(key, want);
            assert_true(match_key_within(whole, n, made, cap)); /* fits as the whole does */
            assert_string_equal(made, want);
            appended++;
        }
        free(want);
    }
    assert_true(appended > 10000);
    assert_true(refused > 1000);
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
        cmocka_unit_test(test_first_letters_told_apart),
        cmocka_unit_test(test_first_letters_agree_with_keys),
        cmocka_unit_test(test_keys_on_the_stack_agree),
        cmocka_unit_test(test_keys_within_a_bound),
        cmocka_unit_test(test_short_keys_kept_agree),
        cmocka_unit_test(test_keys_appended_agree),
        cmocka_unit_test(test_tables_agree_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
