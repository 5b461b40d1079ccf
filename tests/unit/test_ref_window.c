/* The test run back from each "/" before the built-in reference grammar
 * is searched in its window (ref_window.c) must never rule out a slash at
 * which the grammar matches. For every "/" of every text here, the grammar
 * is searched from just after the "/" before it with the offset limit at
 * this one (a match starting there holds this slash first); wherever it
 * matches, the window test must say yes. The texts: sentences written for
 * each branch of reference.pcre and for the near misses around it, the
 * examples of reference.pcre and list_head.pcre, each also in capitals,
 * with tabs, no-break spaces and decomposed letters, the seeds, and the
 * real-world documents beside the project when they are there. */
#define _DEFAULT_SOURCE
#include "unit_helpers.h"

#include <dirent.h>
#include <stdio.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

#include "ref_window.h"

typedef struct tally {
    size_t slashes, matched, tested_yes;
    size_t bytes_saved; /* before the earliest start, after the slash before */
} tally;

static const pcre2_code *code;
static const ref_window_words *words;
static size_t type_words;
static pcre2_match_data *md;
static pcre2_match_context *ctx;

static int set_up(void **state)
{
    (void)state;
    code = (const pcre2_code *)refs_builtin_reference(&words, &type_words);
    md = code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    ctx = pcre2_match_context_create(NULL);
    return code && words && md && ctx ? 0 : -1;
}

static int tear_down(void **state)
{
    (void)state;
    pcre2_match_data_free(md);
    pcre2_match_context_free(ctx);
    return 0;
}

/* Where the leftmost match of the grammar with its first "/" at t[slash]
 * starts, at `from` or after; REF_WINDOW_NONE when there is none. A match
 * that ends before the slash is a list head ("các Quyết định"), the one
 * branch without a "/": the search goes on after its start. */
static size_t grammar_match(const char *t, size_t n, size_t from, size_t slash)
{
    pcre2_set_offset_limit(ctx, slash);
    for (size_t at = from; at <= slash;) {
        int rc = pcre2_match(code, (PCRE2_SPTR)t, n, at, 0, md, ctx);
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
            fail_msg("PCRE2 error %d on: %.*s", rc, (int)(n < 200 ? n : 200), t);
        if (rc <= 0)
            return REF_WINDOW_NONE;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] > slash)
            return ov[0];
        at = ov[0] + 1;
        while (at < n && ((unsigned char)t[at] & 0xC0) == 0x80)
            at++;
    }
    return REF_WINDOW_NONE;
}

/* Checks every "/" of t: where the grammar matches, the window test must
 * let the slash through and say it starts no later than the match does
 * (the same start with the type words compared by bucket and one by one);
 * `label` names the text in a failure. */
static void check_text(const char *t, size_t n, const char *label, tally *k)
{
    size_t from = 0;
    for (const char *p = t; (p = memchr(p, '/', (size_t)(t + n - p))) != NULL; p++) {
        size_t slash = (size_t)(p - t);
        size_t match = grammar_match(t, n, from, slash);
        size_t earliest = ref_window_start(words, t, n, slash, type_words);
        /* the type words compared by their buckets or all of them: the same */
        ref_window_uses_buckets = false;
        size_t every = ref_window_start(words, t, n, slash, type_words);
        ref_window_uses_buckets = true;
        if (every != earliest)
            fail_msg("%s: at the slash at byte %zu the buckets say %zu, every word %zu", label,
                     slash, earliest, every);
        if (match != REF_WINDOW_NONE && (earliest == REF_WINDOW_NONE || earliest > match)) {
            size_t a = slash > 80 ? slash - 80 : 0;
            fail_msg("%s: the grammar matches at byte %zu, the window test says %s: "
                     "\"%.*s\"", label, match,
                     earliest == REF_WINDOW_NONE ? "none" : "later",
                     (int)(slash + 20 < n ? slash + 20 - a : n - a), t + a);
        }
        k->slashes++;
        k->matched += match != REF_WINDOW_NONE;
        k->tested_yes += earliest != REF_WINDOW_NONE;
        if (earliest != REF_WINDOW_NONE && earliest > from)
            k->bytes_saved += earliest - from;
        from = slash + 1;
    }
}

/* t with every code point mapped by fn (utf8proc's case mappings). */
static char *mapped(const char *t, utf8proc_int32_t (*fn)(utf8proc_int32_t))
{
    size_t n = strlen(t), o = 0;
    char *out = malloc(4 * n + 1);
    assert_non_null(out);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
                                                 (utf8proc_ssize_t)(n - i), &c);
        assert_true(step > 0);
        o += (size_t)utf8proc_encode_char(fn(c), (utf8proc_uint8_t *)out + o);
        i += (size_t)step;
    }
    out[o] = '\0';
    return out;
}

/* t with each space replaced by `with`. */
static char *spaced(const char *t, const char *with)
{
    size_t n = strlen(t), w = strlen(with), o = 0;
    char *out = malloc(w * n + 1);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        if (t[i] == ' ') {
            memcpy(out + o, with, w);
            o += w;
        } else {
            out[o++] = t[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* The text as written and in its variants. */
static void check_variants(const char *t, tally *k)
{
    check_text(t, strlen(t), t, k);
    char *v[5] = {mapped(t, utf8proc_toupper), mapped(t, utf8proc_tolower), spaced(t, "\t"),
                  spaced(t, "\xc2\xa0"), (char *)utf8proc_NFD((const utf8proc_uint8_t *)t)};
    for (size_t i = 0; i < 5; i++) {
        assert_non_null(v[i]);
        check_text(v[i], strlen(v[i]), t, k);
        free(v[i]);
    }
}

/* Written for this test, one per branch and edge of reference.pcre, and
 * near misses (dates, fractions, quarters, codes) that the window test
 * should rule out. */
static const char *const SENTENCES[] = {
    /* typed, with "số", the year and symbol, a symbol alone, a year alone */
    "Căn cứ Thông tư số 27/2026/TT-BYT ngày 4/6/2026 của Bộ Y tế.",
    "theo Công điện số 302/CĐ-TTg về phòng chống bão",
    "thực hiện Nghị định 71/2026 và Luật 5/2026/QH16",
    /* "số hiệu", colons, no space at all */
    "Quyết định số hiệu: 91/QĐ-UBND; Chỉ thị số:4/CT-UBND; Kế hoạchsố 8/KH-UBND",
    "Tờ trình số   :   66 /   TTr-SNV",
    /* compound types of one to four words, a comma among them */
    "Kế hoạch hành động số 14/KH-UBND; Báo cáo tổng kết, đánh giá số 9/BC-SNV",
    "Chương trình công tác trọng tâm năm 2026 số 3/CTr-UBND",
    "Đề án phát triển nguồn nhân lực chất lượng 12/ĐA-UBND",
    /* Party symbols, spaced and glued */
    "Chỉ thị số 35-CT/TW, Nghị quyết số 12 - NQ / TU, Kết luận số 8-KL/ĐU",
    "Quy định 205-QĐ/TW của Bộ Chính trị",
    /* list items after a head, after a mention, after "và" */
    "các Thông báo: số 41/TB-UBND, số 42/TB-UBND và số 50/TB-UBND",
    "Giấy mời số 7/GM-SNV, 8/GM-SNV và 9/GM-SNV",
    "Nghị quyết số 3/NQ-HĐND; số 4/NQ-HĐND",
    /* decimals and long numbers */
    "Quyết định số 12.5/QĐ-UBND và Quyết định số 1234567/QĐ-UBND",
    /* type words in capitals and in lower case */
    "THÔNG TƯ LIÊN TỊCH SỐ 2/2026/TTLT-BTC-BNV; nghị quyết số 6/NQ-CP",
    /* near misses */
    "Hà Nội, ngày 03/4/2026; tháng 5/2026; năm học 2025/2026",
    "đạt 45/50 chỉ tiêu; 1/2 số hộ; Quý II/2026; tỷ lệ 98,5/100",
    "giá 12.000/kg; hotline 0222/3822; km 15/20; ô 3 / 4",
    "quy định tại điểm a/khoản 2; và/hoặc; https://vbpl.vn/tw/Pages/home.aspx",
    "số 12/ và số /QĐ-UBND; Quyết định số /2026/QĐ-UBND",
    "theo 15/NĐ-CP; , 16/NĐ-CP; Chỉ thị 1-ct/tu",
    "/ đầu dòng, cuối dòng /",
    "Quyết định ban hành ngày 15/12/2025; Luật 5/20256; Nghị định 60/2021/ 3",
    /* letters of two and three bytes read back to the text's first byte */
    "Đề án 12/ĐA-UBND",
    "ở 5/TTr-UBND",
    "Ủy ban nhân dân số 3/UBND-VX",
    "Tờ trình 4/TTr-SNV; Kế hoạch đề ra 7/KH-UBND",
};

static void test_written_sentences(void **state)
{
    (void)state;
    tally k = {0, 0, 0, 0};
    for (size_t i = 0; i < sizeof SENTENCES / sizeof *SENTENCES; i++)
        check_variants(SENTENCES[i], &k);
    /* the branches above match, and the near misses are ruled out */
    assert_true(k.matched >= 25 * 6 / 2);
    assert_true(k.tested_yes < k.slashes);
}

static tally example_tally;

static void check_example(const char *text, const char *spec)
{
    (void)spec;
    check_variants(text, &example_tally);
}

static void test_grammar_examples(void **state)
{
    (void)state;
    memset(&example_tally, 0, sizeof example_tally);
    assert_true(for_each_example("reference.pcre", check_example) > 50);
    assert_true(for_each_example("list_head.pcre", check_example) > 3);
    assert_true(example_tally.matched > 100);
}

/* The near misses are ruled out: a date, a fraction, a quarter. */
static void test_near_misses_ruled_out(void **state)
{
    (void)state;
    const char *no[] = {"Hà Nội, ngày 03/4/2026", "đạt 45/50 xã", "Quý II/2026",
                        "giá 12.000/kg", "và/hoặc", "năm học 2025/2026",
                        /* after a type word, by what follows the slash alone */
                        "Quyết định ban hành ngày 15/12/2025", "Kế hoạch 3/12345/KH",
                        "Luật 5/20256", "Luật 5/2025/", "Tờ trình 4/ 1", "Tờ trình 4/"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        const char *slash = strchr(no[i], '/');
        if (ref_window_start(words, no[i], strlen(no[i]), (size_t)(slash - no[i]), type_words) !=
            REF_WINDOW_NONE)
            fail_msg("not ruled out: %s", no[i]);
    }
    const char *yes[] = {"Luật 5/2026/QH16", "số 7/QĐ", "Kế hoạch hành động 2/KH", ", 3/TB",
                         "số 12 - NQ / TU", "Nghị định 60/2021", "Nghị định 1 / 99 / NĐ-CP",
                         "Luật 5/1999.", "Luật 5/2025"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        const char *slash = strchr(yes[i], '/');
        if (ref_window_start(words, yes[i], strlen(yes[i]), (size_t)(slash - yes[i]), type_words) ==
            REF_WINDOW_NONE)
            fail_msg("ruled out: %s", yes[i]);
    }
}

/* The earliest start is the type word's, or the item's, not the window's
 * (the farthest type word of a compound counts: "văn bản" is a type too).
 * A type word is read back by its own words: "định" ends only types of
 * two words, so the start is "Nghị", not the words before it (`exact`). */
static void test_earliest_start(void **state)
{
    (void)state;
    const struct {
        const char *text, *start;
        bool exact;
    } cases[] = {
        {"Căn cứ vào nội dung Quyết định số 5/QĐ-UBND", "Quyết", false},
        {"xem xét kỹ lưỡng Kế hoạch xây dựng văn bản 7/KH-UBND", "hoạch", false},
        {"theo Thông tư liên tịch 3/2026/TTLT-BTC", "Thông", false},
        {"gồm các văn bản: số 9/TB-UBND", "số", false},
        {"Tờ trình số 4/TTr-SNV, 5/TTr-SNV", "5/", false},
        {"căn cứ theo Nghị định 5/NĐ-CP", "Nghị", true},
        {"căn cứ theo Thông tư liên tịch 3/2026/TTLT-BTC", "Thông", true},
        {"căn cứ theo Nghị định số 2/NĐ-CP", "Nghị", true},
        /* "Văn" ends "Công văn", "quyết" "Nghị quyết": one word more */
        {"căn cứ theo Quyết định số 2/QĐ-UBND", "theo", true},
        {"căn cứ theo Văn bản hợp nhất 2/VBHN-BTC", "theo", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *t = cases[i].text;
        size_t want = (size_t)(strstr(t, cases[i].start) - t);
        const char *slash = strchr(t + want, '/');
        size_t got = ref_window_start(words, t, strlen(t), (size_t)(slash - t), type_words);
        if (got == REF_WINDOW_NONE || got > want || (cases[i].exact && got != want))
            fail_msg("%s: earliest start %zu, the match starts at %zu", t, got, want);
        if (got + 20 < want)
            fail_msg("%s: earliest start %zu, far before %zu", t, got, want);
    }
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *n = len;
    return buf;
}

/* Every file of `dir` whose name ends with `ext`; how many were read. */
static size_t check_folder(const char *dir, const char *ext, tally *k)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name), n = 0;
        if (len < strlen(ext) || strcmp(e->d_name + len - strlen(ext), ext) != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *t = read_all(path, &n);
        assert_non_null(t);
        if (utf8proc_decompose((const utf8proc_uint8_t *)t, (utf8proc_ssize_t)n, NULL, 0, 0) < 0) {
            free(t); /* not UTF-8: the stage only ever sees checked text */
            continue;
        }
        check_text(t, n, path, k);
        free(t);
        files++;
    }
    closedir(d);
    return files;
}

static void test_seeds(void **state)
{
    (void)state;
    tally k = {0, 0, 0, 0};
    assert_true(check_folder(VNPLAN_ROOT "/corpus/seeds", ".txt", &k) >= 5);
    assert_true(k.matched > 0);
    printf("seeds: %zu slashes, grammar matches at %zu, window test yes at %zu\n", k.slashes,
           k.matched, k.tested_yes);
}

static void test_realworld(void **state)
{
    (void)state;
    const char *shared = getenv("VNPLAN_SHARED");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/realworld/docs", shared ? shared : VNPLAN_ROOT "/../shared");
    tally k = {0, 0, 0, 0};
    if (!check_folder(dir, ".md", &k)) {
        printf("no real-world documents in %s\n", dir);
        skip();
    }
    printf("real-world: %zu slashes, grammar matches at %zu, window test yes at %zu, "
           "%zu bytes before the earliest starts\n", k.slashes, k.matched, k.tested_yes,
           k.bytes_saved);
    assert_true(k.matched > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_written_sentences),
        cmocka_unit_test(test_grammar_examples),
        cmocka_unit_test(test_near_misses_ruled_out),
        cmocka_unit_test(test_earliest_start),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_realworld),
    };
    return cmocka_run_group_tests(tests, set_up, tear_down);
}
