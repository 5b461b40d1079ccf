/* Hash map from byte strings to numbers, for the stages that would
 * otherwise search a list once per item (footnote markers, cited
 * documents): one look-up costs the same however many entries there are.
 *
 * The hash is SipHash-1-3 under a key drawn at random once per process,
 * so that no input can be written to make its strings collide and the
 * look-ups slow (the keys are words of the document). Nothing ever walks
 * the map in slot order, so the random key cannot change any output. */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

struct hashmap_slot {
    const char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    size_t value;
};

enum { HASHMAP_MIN_SLOTS = 16 };

static uint64_t sip_key[2];
static pthread_once_t sip_once = PTHREAD_ONCE_INIT;

static void draw_key(void)
{
    if (getrandom(sip_key, sizeof sip_key, GRND_NONBLOCK) == (ssize_t)sizeof sip_key)
        return;
    /* no entropy yet (early boot): the clock and an address still differ
     * from run to run, which is all a fixed-input attack has to face */
    struct timespec t;
    timespec_get(&t, TIME_UTC);
    sip_key[0] = (uint64_t)t.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)(uintptr_t)&t;
    sip_key[1] = (uint64_t)t.tv_sec * 0xC2B2AE3D27D4EB4Fu ^ (uint64_t)(uintptr_t)sip_key;
}

static inline uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

#define SIP_ROUND(v0, v1, v2, v3)                                                                  \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = rotl(v1, 13) ^ v0;                                                                    \
        v0 = rotl(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = rotl(v3, 16) ^ v2;                                                                    \
        v0 += v3;                                                                                  \
        v3 = rotl(v3, 21) ^ v0;                                                                    \
        v2 += v1;                                                                                  \
        v1 = rotl(v1, 17) ^ v2;                                                                    \
        v2 = rotl(v2, 32);                                                                         \
    } while (0)

uint64_t hash_bytes(const char *s, size_t n)
{
    pthread_once(&sip_once, draw_key);
    uint64_t v0 = sip_key[0] ^ 0x736f6d6570736575u, v1 = sip_key[1] ^ 0x646f72616e646f6du;
    uint64_t v2 = sip_key[0] ^ 0x6c7967656e657261u, v3 = sip_key[1] ^ 0x7465646279746573u;
    size_t i = 0;
    /* words read in the machine's byte order: another order gives other
     * hashes, as another key does, and so never another output */
    for (; i + 8 <= n; i += 8) {
        uint64_t m;
        memcpy(&m, s + i, 8);
        v3 ^= m;
        SIP_ROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    uint64_t tail = 0;
    memcpy(&tail, s + i, n - i);
    uint64_t last = (uint64_t)n << 56 ^ tail;
    v3 ^= last;
    SIP_ROUND(v0, v1, v2, v3);
    v0 ^= last;
    v2 ^= 0xff;
    SIP_ROUND(v0, v1, v2, v3);
    SIP_ROUND(v0, v1, v2, v3);
    SIP_ROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

/* The slot holding key, or the empty slot where it would go. */
static hashmap_slot *find_slot(hashmap_slot *slots, size_t cap, const char *key, size_t len,
                               uint64_t h)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        hashmap_slot *s = &slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

/* Doubles the table (half full at most, so probe runs stay short). */
static bool grow(hashmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : HASHMAP_MIN_SLOTS;
    hashmap_slot *slots = mem_calloc(cap, sizeof *slots);
    if (!slots) {
        vnp_alloc_failed = true;
        return false;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find_slot(slots, cap, m->slots[i].key, m->slots[i].len, m->slots[i].hash) =
                m->slots[i];
    mem_free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

size_t *hashmap_put(hashmap *m, const char *key, size_t len, bool *added)
{
    if ((m->count + 1) * 2 > m->cap && !grow(m))
        return NULL;
    uint64_t h = hash_bytes(key, len);
    hashmap_slot *s = find_slot(m->slots, m->cap, key, len, h);
    *added = !s->key;
    if (!s->key) {
        /* an empty key must still mark its slot as taken */
        *s = (hashmap_slot){.key = len ? key : "", .len = len, .hash = h};
        m->count++;
    }
    return &s->value;
}

const size_t *hashmap_get(const hashmap *m, const char *key, size_t len)
{
    if (!m->count)
        return NULL;
    hashmap_slot *s = find_slot(m->slots, m->cap, key, len, hash_bytes(key, len));
    return s->key ? &s->value : NULL;
}

void hashmap_free(hashmap *m)
{
    mem_free(m->slots);
    *m = (hashmap){0};
}
