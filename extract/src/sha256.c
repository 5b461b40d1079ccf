/* SHA-256 (FIPS 180-4) of the source bytes, so outputs name exactly what
 * they were made from. On x86-64 processors with the SHA extensions the
 * blocks go through those instructions (chosen at run time): the portable
 * code would otherwise be one of the slowest stages of a parse. */
#include "internal.h"

#include <pthread.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define VNP_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void blocks_portable(uint32_t h[8], const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        block(h, p + 64 * i);
}

#ifdef VNP_SHA_NI
/* Four rounds: the message words plus their constants, two at a time. */
#define SHA_NI_ROUNDS(abef, cdgh, msg, i)                                                   \
    do {                                                                                   \
        __m128i wk = _mm_add_epi32(msg, _mm_loadu_si128((const __m128i *)&K[4 * (i)]));    \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                                      \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));             \
    } while (0)

/* The state is kept as ABEF and CDGH, the order sha256rnds2 works in; w[]
 * holds the last 16 message words, four to a register. */
__attribute__((target("sha,sse4.1"))) static void blocks_sha_ni(uint32_t h[8],
                                                                 const unsigned char *p,
                                                                 size_t n)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);
    __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B);
    __m128i abef = _mm_alignr_epi8(dcba, hgfe, 8);
    __m128i cdgh = _mm_blend_epi16(hgfe, dcba, 0xF0);
    for (size_t b = 0; b < n; b++, p += 64) {
        __m128i abef0 = abef, cdgh0 = cdgh, w[4];
        for (int i = 0; i < 4; i++) {
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
            SHA_NI_ROUNDS(abef, cdgh, w[i], i);
        }
        for (int i = 4; i < 16; i++) {
            __m128i prev = w[(i - 1) & 3];
            __m128i x = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
            x = _mm_add_epi32(x, _mm_alignr_epi8(prev, w[(i - 2) & 3], 4));
            w[i & 3] = _mm_sha256msg2_epu32(x, prev);
            SHA_NI_ROUNDS(abef, cdgh, w[i & 3], i);
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

/* CPUID: leaf 7 EBX bit 29 is SHA, leaf 1 ECX bit 19 is SSE4.1. Asked
 * once per process (CPUID traps in some virtual machines). */
static bool sha_instructions;
static pthread_once_t sha_once = PTHREAD_ONCE_INIT;

static void detect_sha(void)
{
#ifdef VNP_SHA_NI
    unsigned a, b, c, d;
    sha_instructions = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19)) &&
                       __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
#endif
}

static bool cpu_has_sha(void)
{
    pthread_once(&sha_once, detect_sha);
    return sha_instructions;
}

void sha256_hex(const unsigned char *data, size_t len, char out[65])
{
    sha256_hex_with(data, len, out, cpu_has_sha());
}

void sha256_hex_with(const unsigned char *data, size_t len, char out[65], bool cpu_instructions)
{
    void (*blocks)(uint32_t *, const unsigned char *, size_t) = blocks_portable;
#ifdef VNP_SHA_NI
    if (cpu_instructions && cpu_has_sha())
        blocks = blocks_sha_ni;
#else
    (void)cpu_instructions;
#endif
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t full = len / 64 * 64;
    blocks(h, data, full / 64);
    unsigned char tail[128] = {0};
    size_t rest = len - full;
    memcpy(tail, data + full, rest);
    tail[rest] = 0x80;
    size_t tail_len = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
    blocks(h, tail, tail_len / 64);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        unsigned char byte = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
        out[2 * i] = hex[byte >> 4];
        out[2 * i + 1] = hex[byte & 15];
    }
    out[64] = '\0';
}
