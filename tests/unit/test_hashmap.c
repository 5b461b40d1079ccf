/* The hash map and its hash: a key is found again by its bytes alone,
 * whatever its length (empty, one byte, a whole word of eight and the
 * bytes after it), whatever follows it in memory, and however many keys
 * the map holds; keys that differ in one byte, or are prefixes of one
 * another, are told apart. */
#include "unit_helpers.h"

/* hash_bytes() of s[0..n) reads those bytes only: the same bytes with
 * others after them hash alike, and a byte changed inside changes it. */
static void test_hash_reads_its_bytes_only(void **state)
{
    (void)state;
    for (size_t n = 0; n <= 40; n++) {
        char a[64], b[64];
        for (size_t i = 0; i < sizeof a; i++) {
            a[i] = (char)(0x41 + i * 7);
            b[i] = i < n ? a[i] : (char)(0xFF - i);
        }
        uint64_t h = hash_bytes(a, n);
        assert_true(h == hash_bytes(b, n));
        for (size_t i = 0; i < n; i++) {
            b[i] ^= 0x20;
            assert_true(h != hash_bytes(b, n));
            b[i] ^= 0x20;
        }
        if (n > 0)
            assert_true(h != hash_bytes(a, n - 1)); /* the length counts too */
    }
}

static void test_keys_found_again(void **state)
{
    (void)state;
    enum { KEYS = 2000 };
    static char text[KEYS][24];
    hashmap m = {0};
    for (size_t k = 0; k < KEYS; k++) {
        size_t n = k % 20; /* lengths 0..19, the empty key once */
        for (size_t i = 0; i < n; i++)
            text[k][i] = (char)(i + 1 == n ? 0x80 + k % 97 : 'a' + (k / 20 + i) % 26);
        bool added;
        size_t *v = hashmap_put(&m, text[k], n, &added);
        assert_non_null(v);
        if (added)
            *v = k + 1;
    }
    for (size_t k = 0; k < KEYS; k++) {
        size_t n = k % 20;
        const size_t *v = hashmap_get(&m, text[k], n);
        assert_non_null(v);
        assert_memory_equal(text[*v - 1], text[k], n); /* the first key of these bytes */
        char other[24];
        memcpy(other, text[k], n);
        other[n] = '\x01'; /* one byte more: another key, never put */
        assert_null(hashmap_get(&m, other, n + 1));
    }
    hashmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_reads_its_bytes_only),
        cmocka_unit_test(test_keys_found_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
