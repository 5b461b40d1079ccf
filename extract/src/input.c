/* Input stage: check the bytes, drop a BOM, unify line ends.
 *
 * Output is valid UTF-8 with LF line ends and no NUL. Invalid sequences are
 * an error naming line, column and byte offset, or (VNP_OPT_REPLACE_INVALID)
 * become U+FFFD with one diagnostic per line where it happened. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static inline size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

typedef struct position {
    size_t line, column;
} position;

/* The position of byte `offset`, for an error message: counted only when
 * there is an error. CR, LF and CRLF each end a line. */
static position position_of(const unsigned char *s, size_t offset)
{
    position pos = {1, 1};
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = s[i];
        if (c == '\r' || (c == '\n' && (i == 0 || s[i - 1] != '\r'))) {
            pos.line++;
            pos.column = 1;
        } else if (c != '\n' && (c & 0xC0) != 0x80) {
            pos.column++;
        }
    }
    return pos;
}

/* Where the valid text that starts at s[i] ends: the first NUL, CR or
 * invalid sequence, or n. The usual sequences of Vietnamese text (ASCII,
 * two-byte letters, three-byte letters of U+1E00-U+1EFF and punctuation)
 * are checked inline; the rest goes through utf8_valid_len(). */
static size_t clean_run_portable(const unsigned char *s, size_t i, size_t n)
{
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0 || c == '\r')
                return i;
            i++;
        } else if (c >= 0xC2 && c <= 0xDF && n - i >= 2 && (s[i + 1] & 0xC0) == 0x80) {
            i += 2;
        } else if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && n - i >= 3 &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
        } else {
            size_t w = utf8_valid_len(s + i, n - i);
            if (!w)
                return i;
            i += w;
        }
    }
    return n;
}

#if defined(__x86_64__) || defined(__i386__)
#define VNP_UTF8_SIMD 1
#include <cpuid.h>
#include <pthread.h>
#include <immintrin.h>

/* The check of Keiser and Lemire ("Validating UTF-8 in less than one
 * instruction per byte", 2021): three table look-ups by the nibbles of each
 * byte and the one before it flag every invalid pair of bytes, and the
 * bytes two and three back say where a continuation byte must stand. Bit
 * names are theirs. */
enum {
    U8_TOO_SHORT = 1 << 0, U8_TOO_LONG = 1 << 1, U8_OVERLONG_3 = 1 << 2, U8_TOO_LARGE = 1 << 3,
    U8_SURROGATE = 1 << 4, U8_OVERLONG_2 = 1 << 5, U8_TOO_LARGE_1000 = 1 << 6,
    U8_OVERLONG_4 = 1 << 6, U8_TWO_CONTS = 1 << 7,
    U8_CARRY = U8_TOO_SHORT | U8_TOO_LONG | U8_TWO_CONTS,
    U8_LARGE = U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000
};

/* Indexed by the high nibble of a byte, its low nibble, and the high
 * nibble of the byte after it. */
static const uint8_t u8_high1[16] = {
    U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG,
    U8_TOO_LONG, U8_TWO_CONTS, U8_TWO_CONTS, U8_TWO_CONTS, U8_TWO_CONTS,
    U8_TOO_SHORT | U8_OVERLONG_2, U8_TOO_SHORT, U8_TOO_SHORT | U8_OVERLONG_3 | U8_SURROGATE,
    U8_TOO_SHORT | U8_TOO_LARGE | U8_TOO_LARGE_1000 | U8_OVERLONG_4};
static const uint8_t u8_low1[16] = {
    U8_CARRY | U8_OVERLONG_3 | U8_OVERLONG_2 | U8_OVERLONG_4, U8_CARRY | U8_OVERLONG_2,
    U8_CARRY, U8_CARRY, U8_CARRY | U8_TOO_LARGE, U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE,
    U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE | U8_SURROGATE, U8_LARGE, U8_LARGE};
static const uint8_t u8_high2[16] = {
    U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,
    U8_TOO_SHORT, U8_TOO_SHORT,
    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 | U8_TOO_LARGE_1000 | U8_OVERLONG_4,
    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 | U8_TOO_LARGE,
    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE | U8_TOO_LARGE,
    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE | U8_TOO_LARGE,
    U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT};

/* The error bits of block `in` after `prev` (the 16 bytes before it). */
__attribute__((target("ssse3"))) static __m128i utf8_block_errors(__m128i in, __m128i prev)
{
    const __m128i high1 = _mm_loadu_si128((const __m128i *)u8_high1);
    const __m128i low1 = _mm_loadu_si128((const __m128i *)u8_low1);
    const __m128i high2 = _mm_loadu_si128((const __m128i *)u8_high2);
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i prev1 = _mm_alignr_epi8(in, prev, 15);
    __m128i special = _mm_and_si128(
        _mm_and_si128(_mm_shuffle_epi8(high1, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble)),
                      _mm_shuffle_epi8(low1, _mm_and_si128(prev1, nibble))),
        _mm_shuffle_epi8(high2, _mm_and_si128(_mm_srli_epi16(in, 4), nibble)));
    /* only 111xxxxx two back and 1111xxxx three back keep bit 7 */
    __m128i third = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 14), _mm_set1_epi8(0xE0 - 0x80));
    __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 13), _mm_set1_epi8(0xF0 - 0x80));
    __m128i must_continue = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must_continue, special);
}

/* The end of the last character that starts before i and ends by it,
 * after blocks from start to i were found clean: a sequence that runs
 * past i is left to the next check. */
static size_t last_whole(const unsigned char *s, size_t start, size_t i)
{
    for (size_t back = 1; back <= 3 && back <= i - start; back++) {
        unsigned char c = s[i - back];
        if ((c & 0xC0) != 0x80) { /* the last character's first byte */
            size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            return len > back ? i - back : i;
        }
    }
    return i;
}

/* How far the text from s[i] is valid, NUL- and CR-free UTF-8, 16 bytes at
 * a time: the end of the last whole block that is, less the start of a
 * sequence that runs past it. The portable loop goes on from there. */
__attribute__((target("ssse3"))) static size_t clean_blocks(const unsigned char *s, size_t i,
                                                            size_t n)
{
    size_t start = i;
    __m128i prev = _mm_setzero_si128(); /* as if after ASCII: s[i] starts a character */
    for (; n - i >= 16; i += 16) {
        __m128i in = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i zero = _mm_setzero_si128();
        __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(in, zero), _mm_cmpeq_epi8(in, _mm_set1_epi8('\r')));
        __m128i bad = _mm_or_si128(stop, utf8_block_errors(in, prev));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(bad, zero)) != 0xFFFF)
            break;
        prev = in;
    }
    return last_whole(s, start, i);
}

#define AVX2 __attribute__((target("avx2")))

/* The table t in both lanes, for a look-up per lane. */
AVX2 static __m256i table32(const uint8_t t[16])
{
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
}

/* The 32 bytes that end `back` bytes before the end of in, with prev
 * before it: alignr across the two lanes. */
#define BEFORE32(in, prev, back)                                                              \
    _mm256_alignr_epi8((in), _mm256_permute2x128_si256((prev), (in), 0x21), 16 - (back))

/* utf8_block_errors() of 32 bytes. */
AVX2 static __m256i utf8_block_errors32(__m256i in, __m256i prev)
{
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i prev1 = BEFORE32(in, prev, 1);
    __m256i special = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_shuffle_epi8(table32(u8_high1),
                                _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble)),
            _mm256_shuffle_epi8(table32(u8_low1), _mm256_and_si256(prev1, nibble))),
        _mm256_shuffle_epi8(table32(u8_high2), _mm256_and_si256(_mm256_srli_epi16(in, 4), nibble)));
    __m256i third = _mm256_subs_epu8(BEFORE32(in, prev, 2), _mm256_set1_epi8(0xE0 - 0x80));
    __m256i fourth = _mm256_subs_epu8(BEFORE32(in, prev, 3), _mm256_set1_epi8(0xF0 - 0x80));
    __m256i must_continue =
        _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_continue, special);
}

/* clean_blocks() 32 bytes at a time, each block found clean copied to
 * out (at its offset in s) when out is not NULL: the text is read once
 * for the check and the copy. */
AVX2 static size_t clean_blocks32(const unsigned char *s, size_t i, size_t n, unsigned char *out)
{
    size_t start = i;
    __m256i prev = _mm256_setzero_si256();
    for (; n - i >= 32; i += 32) {
        __m256i in = _mm256_loadu_si256((const __m256i *)(s + i));
        __m256i zero = _mm256_setzero_si256();
        __m256i stop = _mm256_or_si256(_mm256_cmpeq_epi8(in, zero),
                                       _mm256_cmpeq_epi8(in, _mm256_set1_epi8('\r')));
        __m256i bad = _mm256_or_si256(stop, utf8_block_errors32(in, prev));
        if (!_mm256_testz_si256(bad, bad))
            break;
        if (out)
            _mm256_storeu_si256((__m256i *)(out + i), in);
        prev = in;
    }
    return last_whole(s, start, i);
}
#undef AVX2
#undef BEFORE32

/* What the processor has, asked once per process: SSSE3 (CPUID leaf 1
 * ECX bit 9), AVX2 (as the compiler's run-time check finds it). */
static bool ssse3, avx2;
static pthread_once_t simd_once = PTHREAD_ONCE_INIT;

static void detect_simd(void)
{
    unsigned a, b, c, d;
    ssse3 = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9));
    avx2 = __builtin_cpu_supports("avx2");
}
#endif

size_t utf8_clean_run(const unsigned char *s, size_t i, size_t n, unsigned simd,
                      unsigned char *out)
{
    size_t copied = i; /* out holds s[..copied) */
#ifdef VNP_UTF8_SIMD
    if (simd >= 16) {
        pthread_once(&simd_once, detect_simd);
        if (simd >= 32 && avx2)
            copied = i = clean_blocks32(s, i, n, out);
        if (ssse3)
            i = clean_blocks(s, i, n);
    }
#else
    (void)simd;
#endif
    i = clean_run_portable(s, i, n);
    if (out)
        memcpy(out + copied, s + copied, i - copied);
    return i;
}

static size_t clean_run(const unsigned char *s, size_t i, size_t n, unsigned char *out)
{
    return utf8_clean_run(s, i, n, 32, out);
}

/* What a first pass learns about the input. */
typedef struct input_scan {
    size_t out_len;  /* bytes after cleaning */
    bool needs_copy; /* CRs or invalid bytes: copy_clean must rewrite */
    size_t invalid;  /* bytes replaced by U+FFFD */
    vnp_status fail; /* VNP_ERR_BINARY or VNP_ERR_UTF8 at fail_at, or VNP_OK */
    size_t fail_at;  /* offset in s */
} input_scan;

/* First pass: find NUL bytes and invalid sequences, and size the output
 * (an invalid byte becomes the three of U+FFFD; CRLF shrinks, which the
 * size may overstate). copy: NULL, or room for n bytes that get the text
 * as it is read, whole when the text needs no copy_clean(). */
static void scan(const unsigned char *s, size_t n, bool replace, input_scan *res,
                 unsigned char *copy)
{
    size_t invalid = 0;
    bool cr = false;
    *res = (input_scan){0};
    for (size_t i = clean_run(s, 0, n, copy); i < n; i = clean_run(s, i, n, copy)) {
        copy = NULL; /* copy_clean() writes the text that follows */
        if (s[i] == '\r') {
            cr = true;
            i++;
            continue;
        }
        if (s[i] == 0 || !replace) {
            res->fail = s[i] == 0 ? VNP_ERR_BINARY : VNP_ERR_UTF8;
            res->fail_at = i;
            return;
        }
        invalid++;
        i++;
    }
    res->out_len = n + 2 * invalid;
    res->needs_copy = invalid || cr;
    res->invalid = invalid;
}

/* The error of a failed scan: its place, and what the text looks like when
 * it is another encoding (UTF-16 is then no binary input but text to
 * convert). */
static vnp_status scan_error(const char *bytes, size_t len, const unsigned char *s,
                             size_t base, const input_scan *res, vnp_error *err)
{
    const char *guess = encoding_guess(bytes, len);
    bool utf16 = guess && strncmp(guess, "UTF-16", 6) == 0;
    vnp_status st = utf16 ? VNP_ERR_UTF8 : res->fail;
    if (!err)
        return st;
    position pos = position_of(s, res->fail_at);
    const char *what = res->fail == VNP_ERR_UTF8 ? "invalid UTF-8 byte"
                       : utf16                   ? "NUL byte"
                                                 : "NUL byte: binary input, not text";
    err->status = st;
    err->line = pos.line;
    err->column = pos.column;
    err->offset = base + res->fail_at;
    snprintf(err->message, sizeof err->message,
             "%s at line %zu, column %zu (byte offset %zu)%s%s%s", what, pos.line, pos.column,
             err->offset, guess ? ": looks like " : "", guess ? guess : "",
             guess ? "; convert it to UTF-8" : "");
    return st;
}

/* Second pass: copy, turning CRLF and CR into LF and bad bytes into U+FFFD. */
static size_t copy_clean(const unsigned char *s, size_t n, size_t base, char *out,
                         vnp_document *doc, size_t *bad_lines)
{
    size_t o = 0, line = 1, last_bad_line = 0;
    for (size_t i = 0; i < n;) {
        size_t w = utf8_valid_len(s + i, n - i);
        if (w == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            if (doc && last_bad_line != line) {
                diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_UTF8_REPLACED, line,
                         "invalid UTF-8 replaced by U+FFFD (byte offset %zu)", i + base);
                last_bad_line = line;
                (*bad_lines)++;
            }
            i++;
            continue;
        }
        if (s[i] == '\r') {
            out[o++] = '\n';
            line++;
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (s[i] == '\n')
            line++;
        memcpy(out + o, s + i, w);
        o += w;
        i += w;
    }
    out[o] = '\0';
    return o;
}

/* The text read as UTF-8 (the usual case): valid, or with its invalid
 * sequences replaced when asked. */
static vnp_status utf8_decode_text(vnp_document *doc, const char *bytes, size_t len,
                                   const unsigned char *s, size_t n, size_t base,
                                   const input_scan *res, char *copy, char **text,
                                   size_t *text_len)
{
    if (copy) { /* already clean, where the check left it */
        copy[n] = '\0';
        *text = copy;
        *text_len = n;
        return VNP_OK;
    }
    char *out = arena_alloc(&doc->internal->mem, res->out_len + 1);
    if (!out)
        return VNP_ERR_NOMEM;
    size_t bad_lines = 0;
    *text = out;
    *text_len = copy_clean(s, n, base, out, doc, &bad_lines);
    const char *guess = res->invalid ? encoding_guess(bytes, len) : NULL;
    if (guess)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_ENCODING, 0,
                 "the text looks like %s, not UTF-8: convert it rather than replace "
                 "its letters", guess);
    return VNP_OK;
}

static vnp_status argument_error(vnp_error *err, const char *why)
{
    if (err) {
        err->status = VNP_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message, "%s", why);
    }
    return VNP_ERR_ARGUMENT;
}

/* The legacy codecs the detection tries (ENC_TCVN3..ENC_CP1258), in the
 * scratch arena: too large for the stack of a thread. */
static legacy_codec *load_codecs(vnp_document *doc, vnp_error *err, vnp_status *st)
{
    legacy_codec *codecs = arena_alloc(&doc->internal->scratch, ENC_COUNT * sizeof *codecs);
    *st = codecs ? VNP_OK : VNP_ERR_NOMEM;
    char why[160];
    for (int e = ENC_TCVN3; codecs && e < ENC_COUNT; e++)
        if (!codec_load(doc->internal, (vn_encoding)e, &codecs[e], why, sizeof why)) {
            *st = argument_error(err, why);
            return NULL;
        }
    return codecs;
}

/* Confidence below which a detected encoding is reported as uncertain. */
#define SURE_SHARE 0.85
/* Below this, no legacy encoding reads the text: it stays an error. */
#define READABLE_SHARE 0.5

/* Whether invalid UTF-8 is text in a legacy encoding: no UTF-16, no NUL,
 * and the bytes outside ASCII mostly not UTF-8 sequences. */
static bool maybe_legacy(const char *bytes, size_t len)
{
    const char *guess = encoding_guess(bytes, len);
    return guess && strncmp(guess, "UTF-16", 6) != 0 && !memchr(bytes, 0, len);
}

/* Warnings for a detected encoding that does not read the text well, that
 * reads it hardly better than another, or that other lines read better. */
static void report_detection(vnp_document *doc, const encoding_verdict *v)
{
    const char *best = encoding_name(v->best.encoding), *second = encoding_name(v->second.encoding);
    int best_pc = (int)(v->best.share * 100), second_pc = (int)(v->second.share * 100);
    if (v->best.share < SURE_SHARE || v->best.share - v->second.share < 0.10)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_ENCODING_UNCERTAIN, 0,
                 "the text was read as %s, of which %d%% of its words are Vietnamese "
                 "syllables (as %s: %d%%); give --encoding if that is wrong",
                 best, best_pc, second, second_pc);
    if (v->mixed_lines >= 3 && v->mixed_lines * 50 >= v->scored_lines)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_ENCODING_MIXED, v->first_mixed,
                 "%zu of %zu lines read better in another encoding than %s (the first: line "
                 "%zu): the text mixes encodings", v->mixed_lines, v->scored_lines, best,
                 v->first_mixed);
}

static void set_source_encoding(vnp_document *doc, vn_encoding e, double confidence)
{
    doc->source_encoding = encoding_name(e);
    doc->source_encoding_confidence = confidence;
}

/* A forced legacy encoding that reads the text far worse than UTF-8 or
 * another encoding would is a mistake, not a wish: an error that says so. */
static vnp_status check_forced(vnp_document *doc, const syllable_rules *rules,
                               const legacy_codec *c, const char *bytes, size_t len,
                               vnp_error *err)
{
    encoding_reading forced = encoding_score(rules, c, bytes, len);
    if (forced.words == 0 || forced.share >= READABLE_SHARE)
        return VNP_OK;
    encoding_reading other = {ENC_UTF8, 0.0, 0};
    input_scan res;
    scan((const unsigned char *)bytes, len, false, &res, NULL);
    if (res.fail == VNP_OK) {
        other = utf8_score(rules, bytes, len);
    } else {
        vnp_status st;
        legacy_codec *codecs = load_codecs(doc, err, &st);
        if (!codecs)
            return st;
        encoding_verdict v;
        encoding_detect(rules, codecs, bytes, len, &v);
        other = v.best;
    }
    if (other.share < SURE_SHARE)
        return VNP_OK;
    if (err) {
        err->status = VNP_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message,
                 "the text does not read as %s (%d%% of its words are Vietnamese syllables; as "
                 "%s: %d%%): is the encoding given right?", encoding_name(c->encoding),
                 (int)(forced.share * 100), encoding_name(other.encoding),
                 (int)(other.share * 100));
    }
    return VNP_ERR_ARGUMENT;
}

/* The text in a legacy encoding: forced (check it reads), or the one the
 * detection found. */
static vnp_status legacy_text(vnp_document *doc, const char *bytes, size_t len, unsigned flags,
                              bool forced, vn_encoding e, char **text, size_t *text_len,
                              vnp_error *err)
{
    char why[160];
    const syllable_rules *rules = syllable_rules_load(doc->internal, why, sizeof why);
    if (!rules)
        return doc->internal->scratch.failed ? VNP_ERR_NOMEM : argument_error(err, why);
    legacy_codec *c = arena_alloc(&doc->internal->scratch, sizeof *c);
    if (!c)
        return VNP_ERR_NOMEM;
    vnp_status st;
    if (forced) {
        if (!codec_load(doc->internal, e, c, why, sizeof why))
            return argument_error(err, why);
        st = check_forced(doc, rules, c, bytes, len, err);
        if (st != VNP_OK)
            return st;
        set_source_encoding(doc, e, -1.0);
    } else {
        legacy_codec *codecs = load_codecs(doc, err, &st);
        if (!codecs)
            return st;
        encoding_verdict v;
        encoding_detect(rules, codecs, bytes, len, &v);
        if (v.best.words == 0 || v.best.share < READABLE_SHARE)
            return VNP_ERR_UTF8; /* the caller gives the UTF-8 error */
        *c = codecs[v.best.encoding];
        report_detection(doc, &v);
        set_source_encoding(doc, v.best.encoding, v.best.share);
    }
    return legacy_decode(doc, c, bytes, len, flags & VNP_OPT_REPLACE_INVALID, text, text_len, err);
}

/* The home of a clean text: the caller's buffer, which the document then
 * keeps (its byte past the text, which the caller left, gets the NUL);
 * NULL when memory for keeping it ran out. */
static char *adopt_buffer(vnp_document *doc, char **owned, size_t base)
{
    if (!arena_adopt(&doc->internal->mem, *owned))
        return NULL;
    char *home = *owned + base;
    *owned = NULL;
    return home;
}

vnp_status input_decode(vnp_document *doc, const char *bytes, size_t len, unsigned flags,
                        const char *encoding, char **owned, char **text, size_t *text_len,
                        vnp_error *err)
{
    if (len > VNP_MAX_INPUT_BYTES) {
        if (err) {
            err->status = VNP_ERR_TOO_LARGE;
            err->offset = VNP_MAX_INPUT_BYTES;
            snprintf(err->message, sizeof err->message, "input too large (over 1 GiB)");
        }
        return VNP_ERR_TOO_LARGE;
    }
    vn_encoding forced = ENC_UTF8;
    bool is_forced = encoding && strcmp(encoding, "auto") != 0;
    if (is_forced && !encoding_by_name(encoding, &forced)) {
        if (err) {
            err->status = VNP_ERR_ARGUMENT;
            snprintf(err->message, sizeof err->message, "unknown encoding '%.60s' (known: %s)",
                     encoding, encoding_names());
        }
        return VNP_ERR_ARGUMENT;
    }
    if (is_forced && forced != ENC_UTF8)
        return legacy_text(doc, bytes, len, flags, true, forced, text, text_len, err);
    const unsigned char *s = (const unsigned char *)bytes;
    size_t base = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
        base = 3;
    }
    input_scan res;
    /* a clean text (the usual case) stays in the caller's buffer when it
     * may be kept, else in a copy the check makes as it reads */
    bool keep_owned = owned && *owned == bytes;
    char *copy = keep_owned ? NULL : arena_chars(&doc->internal->mem, len);
    if (!keep_owned && !copy)
        return VNP_ERR_NOMEM;
    scan(s, len, false, &res, (unsigned char *)copy);
    if (copy && (res.fail != VNP_OK || res.needs_copy)) {
        arena_free(&doc->internal->mem, copy);
        copy = NULL;
    }
    /* a byte-order mark says UTF-8; otherwise invalid UTF-8 may be a
     * legacy encoding, tried before any replacement */
    if (res.fail == VNP_ERR_UTF8 && !is_forced && !base && maybe_legacy(bytes, len)) {
        vnp_status st = legacy_text(doc, bytes, len, flags, false, ENC_UTF8, text, text_len, err);
        if (st != VNP_ERR_UTF8 || doc->source_encoding)
            return st;
    }
    if (res.fail == VNP_ERR_UTF8 && (flags & VNP_OPT_REPLACE_INVALID))
        scan(s, len, true, &res, NULL);
    if (res.fail != VNP_OK)
        return scan_error(bytes, len + base, s, base, &res, err);
    set_source_encoding(doc, ENC_UTF8, is_forced ? -1.0 : 1.0);
    if (keep_owned && !res.needs_copy && !(copy = adopt_buffer(doc, owned, base)))
        return VNP_ERR_NOMEM;
    return utf8_decode_text(doc, bytes, len + base, s, len, base, &res, copy, text, text_len);
}
