/* Shared helpers: SHA-256, white-space folding, arena, vec, strbuf and the
 * small UTF-8 predicates the stages rely on. */
#include "unit_helpers.h"

#include <utf8proc.h>

#include <stdalign.h>

/* ---- SHA-256 (FIPS 180-2 test vectors and padding boundaries) ---------- */

/* Both ways of hashing: the portable code, and the processor's SHA
 * instructions where it has them (the portable code again where not). */
static void check_sha(const char *data, size_t len, const char *hex)
{
    for (int cpu = 0; cpu <= 1; cpu++) {
        char out[65];
        memset(out, 'x', sizeof out);
        sha256_hex_with((const unsigned char *)data, len, out, cpu);
        assert_int_equal(out[64], '\0');
        assert_string_equal(out, hex);
    }
    char out[65];
    sha256_hex((const unsigned char *)data, len, out);
    assert_string_equal(out, hex);
}

/* The two ways agree on every length up to five blocks, on bytes that are
 * not all alike (a generator with a fixed seed: the same bytes each run). */
static void test_sha256_both_ways_agree(void **state)
{
    (void)state;
    unsigned char data[320];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof data; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        data[i] = (unsigned char)x;
    }
    for (size_t len = 0; len <= sizeof data; len++) {
        char portable[65], cpu[65];
        sha256_hex_with(data, len, portable, false);
        sha256_hex_with(data, len, cpu, true);
        assert_string_equal(portable, cpu);
    }
}

static void test_sha256_empty(void **state)
{
    (void)state;
    check_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_sha256_abc(void **state)
{
    (void)state;
    check_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_sha256_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    check_sha(a, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* 55 bytes fit the length in the last block, 56 do not: both paths of the
 * padding, and a whole block. */
static void test_sha256_padding_boundaries(void **state)
{
    (void)state;
    char a[64];
    memset(a, 'a', sizeof a);
    check_sha(a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    check_sha(a, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    check_sha(a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    check_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* The document records the hash of the bytes it was given. */
static void test_sha256_of_document_source(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Việt Nam");
    assert_string_equal(doc->source_sha256,
                        "7831582cb944e4fd45dc7191459a05760a84a0faf3446fa732fb5b47575aa4b3");
    assert_int_equal(doc->source_bytes, 10);
    vnp_document_free(doc);
}

/* ---- fold_spaces ------------------------------------------------------- */

static void check_fold(const char *in, const char *expected)
{
    char buf[128];
    size_t n = strlen(in);
    assert_true(n < sizeof buf);
    memcpy(buf, in, n + 1);
    size_t got = fold_spaces(buf, n);
    assert_int_equal(got, strlen(expected));
    assert_string_equal(buf, expected);
}

static void test_fold_spaces(void **state)
{
    (void)state;
    check_fold("  a \t b\n\nc  ", "a b c");
    check_fold("Căn  cứ\t\tLuật", "Căn cứ Luật");
    check_fold("", "");
    check_fold(" \t\r\n\v\f ", "");
    check_fold("one", "one");
    check_fold("x\r\ny", "x y");
}

/* Every string of up to six bytes over a, space, tab, newline, form feed
 * and é's first byte folds as a byte at a time would fold it. */
static void test_fold_spaces_every_short_string(void **state)
{
    (void)state;
    static const char alphabet[] = {'a', ' ', '\t', '\n', '\f', '\xC3'};
    enum { LETTERS = sizeof alphabet, LONGEST = 6 };
    size_t total = 1;
    for (int i = 0; i < LONGEST; i++)
        total *= LETTERS;
    for (size_t len = 0; len <= LONGEST; len++)
        for (size_t code = 0; code < total; code++) {
            char in[LONGEST + 1], want[LONGEST + 1], got[LONGEST + 1];
            size_t c = code;
            for (size_t i = 0; i < len; i++, c /= LETTERS)
                in[i] = alphabet[c % LETTERS];
            size_t w = 0;
            bool pending = false;
            for (size_t i = 0; i < len; i++) {
                bool space = strchr(" \t\n\r\v\f", in[i]) != NULL;
                if (space) {
                    pending = w > 0;
                    continue;
                }
                if (pending)
                    want[w++] = ' ';
                pending = false;
                want[w++] = in[i];
            }
            want[w] = '\0';
            memcpy(got, in, len);
            assert_int_equal(fold_spaces(got, len), w);
            assert_memory_equal(got, want, w + 1);
        }
}

/* Only the first n bytes are folded; the rest of the buffer is cut off. */
static void test_fold_spaces_respects_length(void **state)
{
    (void)state;
    char buf[] = "a  b  c";
    assert_int_equal(fold_spaces(buf, 4), 3);
    assert_string_equal(buf, "a b");
}

/* ---- arena ------------------------------------------------------------- */

static void test_arena_alloc_zeroed_and_aligned(void **state)
{
    (void)state;
    arena a = {0};
    for (size_t size = 1; size < 200; size += 7) {
        unsigned char *p = arena_alloc(&a, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        for (size_t i = 0; i < size; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, size);
    }
    assert_false(a.failed);
    arena_release(&a);
    assert_null(a.head);
}

/* Uncleared room is aligned, writable to its last byte, and apart from
 * the room given before and after it, small or of a chunk of its own. */
static void test_arena_alloc_uncleared(void **state)
{
    (void)state;
    arena a = {0};
    unsigned char *before = arena_alloc(&a, 24);
    size_t sizes[] = {0, 1, 40, 16 * 1024, 16 * 1024 + 1, 300 * 1024};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        unsigned char *p = arena_alloc_uncleared(&a, sizes[k]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        memset(p, 0xCD, sizes[k] ? sizes[k] : 1);
        unsigned char *after = arena_alloc(&a, 8);
        assert_non_null(after);
        for (size_t i = 0; i < 8; i++)
            assert_int_equal(after[i], 0);
    }
    for (size_t i = 0; i < 24; i++)
        assert_int_equal(before[i], 0);
    assert_false(a.failed);
    arena_release(&a);
}

/* An allocator that counts what is live, and can refuse the next call. */
typedef struct counting {
    long live;
    bool refuse;
} counting;

static void *counting_malloc(void *ctx, size_t size)
{
    counting *c = ctx;
    if (c->refuse)
        return NULL;
    c->live++;
    return malloc(size);
}

static void *counting_realloc(void *ctx, void *p, size_t old_size, size_t size)
{
    (void)old_size;
    counting *c = ctx;
    return c->refuse ? NULL : realloc(p, size);
}

static void counting_free(void *ctx, void *p)
{
    ((counting *)ctx)->live--;
    free(p);
}

/* An adopted buffer lives as long as the arena, with what it held, and is
 * freed with it; when memory runs out it stays the caller's. */
static void test_arena_adopt(void **state)
{
    (void)state;
    counting c = {0, false};
    vnp_allocator counter = {counting_malloc, counting_realloc, counting_free, &c};
    const vnp_allocator *before = mem_use(&counter);
    arena a = {0};
    char *small = arena_strdup(&a, "trước");
    char *buffer = mem_alloc(100);
    assert_non_null(buffer);
    strcpy(buffer, "của văn bản");
    assert_true(arena_adopt(&a, buffer));
    char *after = arena_alloc(&a, 20 * 1024); /* a chunk of its own */
    assert_non_null(after);
    assert_string_equal(buffer, "của văn bản");
    assert_string_equal(small, "trước");
    arena_release(&a);
    assert_int_equal(c.live, 0);
    char *kept = mem_alloc(10);
    c.refuse = true;
    assert_false(arena_adopt(&a, kept));
    assert_true(a.failed);
    c.refuse = false;
    mem_free(kept);
    arena_release(&a);
    assert_int_equal(c.live, 0);
    mem_use(before);
}

/* Allocations that overflow one chunk, and one larger than a chunk, keep
 * the earlier contents intact. */
static void test_arena_many_chunks_keep_data(void **state)
{
    (void)state;
    arena a = {0};
    char *first = arena_strdup(&a, "đầu tiên");
    char *big = arena_alloc(&a, 200 * 1024);
    assert_non_null(big);
    memset(big, 'z', 200 * 1024);
    char *ptrs[3000];
    for (size_t i = 0; i < 3000; i++) {
        ptrs[i] = arena_alloc(&a, 40);
        assert_non_null(ptrs[i]);
        memset(ptrs[i], (int)(i % 250) + 1, 40);
    }
    assert_string_equal(first, "đầu tiên");
    assert_int_equal(big[200 * 1024 - 1], 'z');
    for (size_t i = 0; i < 3000; i++)
        assert_int_equal((unsigned char)ptrs[i][39], i % 250 + 1);
    arena_release(&a);
}

static void test_arena_strings(void **state)
{
    (void)state;
    arena a = {0};
    char *s = arena_strndup(&a, "Bắc Ninh, ngày", 10); /* "ắ" is 3 bytes */
    assert_string_equal(s, "Bắc Ninh");
    assert_null(arena_strdup(&a, NULL));
    char *e = arena_strndup(&a, "", 0);
    assert_non_null(e);
    assert_string_equal(e, "");
    arena_release(&a);
}

/* ---- vec --------------------------------------------------------------- */


static void test_vec_push_grows_and_keeps_items(void **state)
{
    (void)state;
    arena a = {0};
    vec v = {.size = sizeof(size_t)};
    for (size_t i = 0; i < 1000; i++) {
        size_t *slot = vec_push(&a, &v);
        assert_non_null(slot);
        assert_int_equal(*slot, 0); /* a new slot is zeroed */
        *slot = i * 3;
    }
    assert_int_equal(v.count, 1000);
    assert_true(v.cap >= 1000);
    const size_t *items = v.items;
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal(items[i], i * 3);
    arena_release(&a);
}

static void test_vec_items_of_struct_size(void **state)
{
    (void)state;
    arena a = {0};
    vec v = {.size = sizeof(vnp_text)};
    vnp_text *t = vec_push(&a, &v);
    assert_non_null(t);
    t->line = 7;
    t->text = "một";
    t = vec_push(&a, &v);
    t->line = 9;
    assert_int_equal(v.count, 2);
    assert_int_equal(((vnp_text *)v.items)[0].line, 7);
    assert_string_equal(((vnp_text *)v.items)[0].text, "một");
    assert_int_equal(((vnp_text *)v.items)[1].line, 9);
    assert_null(((vnp_text *)v.items)[1].text);
    arena_release(&a);
}

/* Shrinking gives back the slack and keeps every item; three vectors in
 * blocks of their own, the middle one shrunk, so that a block that moves
 * must be relinked for the release to free them all (valgrind and the
 * sanitizers see a leak or a double free otherwise). */
static void test_vec_shrink_keeps_items(void **state)
{
    (void)state;
    arena a = {0};
    vec v[3] = {{.size = sizeof(size_t)}, {.size = sizeof(size_t)}, {.size = sizeof(size_t)}};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < 1500; i++)
            *(size_t *)vec_push(&a, &v[k]) = i + k;
    assert_true(v[1].cap > v[1].count); /* doubled to 2048 */
    vec_shrink(&a, &v[1]);
    assert_int_equal(v[1].cap, 1500);
    assert_int_equal(v[1].count, 1500);
    for (size_t i = 0; i < 1500; i++)
        assert_int_equal(((size_t *)v[1].items)[i], i + 1);
    size_t *more = vec_push(&a, &v[1]); /* grows again from the shrunk block */
    assert_non_null(more);
    *more = 7;
    assert_int_equal(((size_t *)v[1].items)[1499], 1500);
    assert_int_equal(((size_t *)v[1].items)[1500], 7);
    arena_release(&a);
}

/* A vector small enough for the arena's chunks, or empty, stays as it is. */
static void test_vec_shrink_small_or_empty(void **state)
{
    (void)state;
    arena a = {0};
    vec empty = {.size = sizeof(size_t)}, small = {.size = sizeof(size_t)};
    vec_shrink(&a, &empty);
    assert_null(empty.items);
    assert_int_equal(empty.cap, 0);
    for (size_t i = 0; i < 5; i++)
        *(size_t *)vec_push(&a, &small) = i;
    void *before = small.items;
    vec_shrink(&a, &small);
    assert_ptr_equal(small.items, before);
    assert_int_equal(small.cap, 8);
    assert_int_equal(((size_t *)small.items)[4], 4);
    arena_release(&a);
}

/* ---- strbuf ------------------------------------------------------------ */

static void test_strbuf_append_and_printf(void **state)
{
    (void)state;
    strbuf b = {0};
    sb_puts(&b, "Số: ");
    sb_printf(&b, "%d/%s", 55, "NQ-HĐND");
    sb_putc(&b, '!');
    assert_string_equal(b.data, "Số: 55/NQ-HĐND!");
    assert_int_equal(b.len, strlen("Số: 55/NQ-HĐND!"));
    sb_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

/* sb_printf formats output longer than its stack buffer in a second pass. */
static void test_strbuf_long_printf(void **state)
{
    (void)state;
    char longer[600];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    strbuf b = {0};
    sb_puts(&b, "<");
    sb_printf(&b, "%s|%d", longer, 42);
    assert_int_equal(b.len, 1 + 599 + 3);
    assert_memory_equal(b.data + 1, longer, 599);
    assert_string_equal(b.data + 600, "|42");
    sb_free(&b);
}

/* iso_date writes digits itself for positive numbers: what snprintf would
 * write, for every month and day number and years of every width. */
static void test_iso_date_same_as_snprintf(void **state)
{
    (void)state;
    static const int years[] = {1, 9, 10, 99, 100, 999, 1000, 1999, 2025, 9999, 10000, 12345,
                                99999, -1, -2025, -12345};
    for (size_t k = 0; k < sizeof years / sizeof *years; k++)
        for (int m = -120; m <= 120; m++)
            for (int d = -120; d <= 120; d++) {
                char got[16], want[16];
                const char *r = iso_date(years[k], m, d, got);
                if (!m || !d) {
                    assert_null(r);
                    continue;
                }
                snprintf(want, sizeof want, "%04d-%02d-%02d", years[k] % 10000, m % 100, d % 100);
                assert_non_null(r);
                assert_string_equal(got, want);
            }
}

/* ---- UTF-8 helpers ----------------------------------------------------- */

static void test_utf8_decode_encode(void **state)
{
    (void)state;
    size_t w = 0;
    assert_int_equal(utf8_decode("Đ", 2, &w), 0x0110);
    assert_int_equal(w, 2);
    assert_int_equal(utf8_decode("ệ", 3, &w), 0x1EC7);
    assert_int_equal(w, 3);
    assert_int_equal(utf8_decode("\xFF", 1, &w), -1);
    assert_int_equal(w, 1);
    char buf[4];
    assert_int_equal(utf8_encode(0x1EA3, buf), 3);
    assert_memory_equal(buf, "ả", 3);
}

/* The decoder and encoder take the common sequences themselves and leave
 * the rest to utf8proc: both ways agree on every code point and on every
 * sequence of up to three bytes, cut short or not. */
static void test_utf8_same_as_utf8proc(void **state)
{
    (void)state;
    for (int32_t cp = -2; cp <= 0x110001; cp++) {
        char mine[4];
        utf8proc_uint8_t theirs[4];
        size_t n = utf8_encode(cp, mine);
        assert_int_equal(n, (size_t)utf8proc_encode_char(cp, theirs));
        assert_memory_equal(mine, theirs, n);
    }
    unsigned char seq[4] = {0};
    for (uint32_t v = 0; v < (1u << 24); v++) {
        seq[0] = (unsigned char)(v >> 16);
        seq[1] = (unsigned char)(v >> 8);
        seq[2] = (unsigned char)v;
        if (seq[0] < 0xC0 && (v & 0xFFFF) != 0)
            continue; /* one byte decides these: seen once */
        for (size_t len = 1; len <= 3; len++) {
            size_t w = 0;
            int32_t cp = utf8_decode((const char *)seq, len, &w);
            utf8proc_int32_t ref = -1;
            utf8proc_ssize_t rw = utf8proc_iterate(seq, (utf8proc_ssize_t)len, &ref);
            assert_int_equal(cp, rw <= 0 ? -1 : ref);
            assert_int_equal(w, rw <= 0 ? 1 : (size_t)rw);
        }
    }
}

static void test_utf8_boundary(void **state)
{
    (void)state;
    const char *s = "aệb"; /* a, then three bytes, then b */
    assert_int_equal(utf8_boundary(s, 1), 1);
    assert_int_equal(utf8_boundary(s, 2), 1);
    assert_int_equal(utf8_boundary(s, 3), 1);
    assert_int_equal(utf8_boundary(s, 4), 4);
}

static void test_case_predicates(void **state)
{
    (void)state;
    assert_true(is_vn_lower_start("đang", 5));
    assert_true(is_vn_lower_start("(ước tính)", strlen("(ước tính)")));
    assert_false(is_vn_lower_start("Đang", 5));
    assert_false(is_vn_lower_start("2026 năm", 8));
    assert_true(is_vn_upper_text("KẾ HOẠCH", strlen("KẾ HOẠCH")));
    assert_true(is_vn_upper_text("I. MỤC ĐÍCH, YÊU CẦU", strlen("I. MỤC ĐÍCH, YÊU CẦU")));
    assert_false(is_vn_upper_text("Kế hoạch", strlen("Kế hoạch")));
    assert_false(is_vn_upper_text("2026", 4));
}

/* The table of letter cases agrees with utf8proc's categories at every
 * code point. */
static void test_letter_cases_agree(void **state)
{
    (void)state;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++)
        if (letter_case_of(cp) != letter_case_by_category(cp)) {
            print_error("U+%04X: %d, not %d\n", (unsigned)cp, letter_case_of(cp),
                        letter_case_by_category(cp));
            fail();
        }
}

static void test_starts_with_ci(void **state)
{
    (void)state;
    const char *s = "NƠI NHẬN: - Bộ Nội vụ";
    assert_true(starts_with_ci(s, strlen(s), "Nơi nhận"));
    s = "Kính gửi: Bộ Nội vụ";
    assert_true(starts_with_ci(s, strlen(s), "Kính gửi"));
    assert_false(starts_with_ci(s, strlen(s), "Nơi nhận"));
    s = "Nơi";
    assert_false(starts_with_ci(s, strlen(s), "Nơi nhận"));
}

static void test_status_strings(void **state)
{
    (void)state;
    assert_string_equal(vnp_status_string(VNP_OK), "ok");
    assert_string_equal(vnp_status_string(VNP_ERR_UTF8), "invalid UTF-8");
    assert_string_equal(vnp_status_string(VNP_ERR_BINARY), "binary input");
    assert_string_equal(vnp_role_string(VNP_ROLE_FOOTNOTE), "footnote");
    assert_string_equal(vnp_severity_string(VNP_SEV_WARNING), "warning");
}

/* A diagnostic longer than its buffer is cut before a whole character:
 * "Ỷ" is three bytes, so some cut falls inside one. */
static void test_long_diagnostic_stays_utf8(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("", 0, "x", NULL, &doc, NULL), VNP_OK);
    char long_text[2000] = "";
    for (int i = 0; i < 300; i++)
        strcat(long_text, "Ỷ ");
    for (size_t shift = 0; shift < 3; shift++) {
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_NO_TYPE, 1, "%.*s%s", (int)shift, "ab", long_text);
        struct vnp_internal *in = doc->internal;
        const vnp_diagnostic *d = (const vnp_diagnostic *)in->diags.items + in->diags.count - 1;
        size_t n = strlen(d->message);
        for (size_t i = 0; i < n;) {
            size_t w;
            assert_true(utf8_decode(d->message + i, n - i, &w) >= 0);
            i += w;
        }
    }
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_empty),
        cmocka_unit_test(test_sha256_abc),
        cmocka_unit_test(test_sha256_million_a),
        cmocka_unit_test(test_sha256_padding_boundaries),
        cmocka_unit_test(test_sha256_both_ways_agree),
        cmocka_unit_test(test_sha256_of_document_source),
        cmocka_unit_test(test_fold_spaces),
        cmocka_unit_test(test_fold_spaces_every_short_string),
        cmocka_unit_test(test_fold_spaces_respects_length),
        cmocka_unit_test(test_arena_alloc_zeroed_and_aligned),
        cmocka_unit_test(test_arena_alloc_uncleared),
        cmocka_unit_test(test_arena_adopt),
        cmocka_unit_test(test_arena_many_chunks_keep_data),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_vec_push_grows_and_keeps_items),
        cmocka_unit_test(test_vec_items_of_struct_size),
        cmocka_unit_test(test_vec_shrink_keeps_items),
        cmocka_unit_test(test_vec_shrink_small_or_empty),
        cmocka_unit_test(test_strbuf_append_and_printf),
        cmocka_unit_test(test_strbuf_long_printf),
        cmocka_unit_test(test_iso_date_same_as_snprintf),
        cmocka_unit_test(test_utf8_decode_encode),
        cmocka_unit_test(test_utf8_same_as_utf8proc),
        cmocka_unit_test(test_utf8_boundary),
        cmocka_unit_test(test_case_predicates),
        cmocka_unit_test(test_letter_cases_agree),
        cmocka_unit_test(test_starts_with_ci),
        cmocka_unit_test(test_status_strings),
        cmocka_unit_test(test_long_diagnostic_stays_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
