/* What a text that is not UTF-8 looks like, so the error can say how to
 * convert it: UTF-16 (a byte-order mark, or a zero byte in every other
 * place, where the high half of ASCII and Latin letters falls), or one of
 * the 8-bit encodings Vietnamese was typed in before Unicode (TCVN3, VNI,
 * VISCII, Windows-1258), whose letters are single bytes above 0x7F inside
 * otherwise ASCII words. */
#include "internal.h"

#include <string.h>

enum { SAMPLE_BYTES = 1 << 16 };

static const char *utf16_guess(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return "UTF-16 (little-endian, with a byte-order mark)";
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return "UTF-16 (big-endian, with a byte-order mark)";
    size_t zero_even = 0, zero_odd = 0, units = n / 2;
    for (size_t i = 0; i + 1 < n; i += 2) {
        zero_even += s[i] == 0;
        zero_odd += s[i + 1] == 0;
    }
    /* a quarter of the units (and a few at least: one NUL in a short text
     * is no pattern) with a zero high byte, and the other half rarely zero
     * (binary data has zeros in both) */
    if (zero_odd >= 4 && zero_odd * 4 >= units && zero_odd >= 4 * zero_even + 1)
        return "UTF-16 (little-endian, no byte-order mark)";
    if (zero_even >= 4 && zero_even * 4 >= units && zero_even >= 4 * zero_odd + 1)
        return "UTF-16 (big-endian, no byte-order mark)";
    return NULL;
}

static bool ascii_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* A control byte that text does not hold. VISCII spends six of them on
 * letters (0x02, 0x05, 0x06, 0x14, 0x19, 0x1E), so those do not count. */
static bool stray_control(unsigned char c)
{
    return c < 0x20 && !strchr("\t\n\r\f\x02\x05\x06\x14\x19\x1E", c);
}

static const char *legacy_guess(const unsigned char *s, size_t n)
{
    size_t lone = 0, in_word = 0, sequences = 0, controls = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            controls += stray_control(s[i]);
            i++;
            continue;
        }
        size_t w;
        if (utf8_decode((const char *)s + i, n - i, &w) >= 0 && w > 1) {
            sequences++;
            i += w;
            continue;
        }
        lone++;
        in_word += (i > 0 && ascii_letter(s[i - 1])) || (i + 1 < n && ascii_letter(s[i + 1]));
        i++;
    }
    /* several bytes, mostly not UTF-8, mostly inside words, and no binary */
    bool legacy = lone >= 3 && lone > 4 * sequences && in_word * 2 >= lone &&
                  controls * 100 <= n;
    return legacy ? "a legacy Vietnamese encoding (TCVN3, VNI, VISCII or Windows-1258)" : NULL;
}

const char *encoding_guess(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
    const char *guess = utf16_guess(s, n);
    if (!guess && !memchr(s, 0, n))
        guess = legacy_guess(s, n);
    return guess;
}

/* ---- which legacy encoding a text is in ---------------------------------
 *
 * Each candidate decodes the words that hold a byte outside ASCII (or a
 * control byte, which VISCII, VPS and TCVN3 give to capitals), and the one
 * whose words are most often Vietnamese syllables wins; its share of
 * syllables is the confidence. A second pass counts the lines that another
 * candidate reads better: a text typed in two encodings. */

/* A byte that can belong to a word in one of the encodings. */
static bool word_byte(unsigned char c)
{
    if (c >= 0x80 || ascii_letter(c))
        return true;
    return c > 0 && c < 0x20 && !strchr("\t\n\v\f\r", c);
}

typedef struct word_tally {
    size_t valid, invalid;
} word_tally;

/* Decodes the word s[0..n) with c and checks it. */
static syllable_verdict legacy_word(const syllable_rules *r, const legacy_codec *c,
                                    const unsigned char *s, size_t n)
{
    int32_t cps[48];
    size_t k = 0;
    while (n && codec_edge_punctuation(c, s[n - 1]))
        n--;
    while (n && codec_edge_punctuation(c, s[0])) {
        s++;
        n--;
    }
    for (size_t i = 0; i < n;) {
        if (k == sizeof cps / sizeof cps[0])
            return SYL_NOT_WORD; /* no syllable is this long: not scored */
        i += codec_step(c, s + i, n - i, &cps[k]);
        if (cps[k] < 0)
            return SYL_INVALID;
        k++;
    }
    return syllable_check(r, cps, k);
}

static void tally(word_tally *t, syllable_verdict v)
{
    t->valid += v == SYL_VALID;
    t->invalid += v == SYL_INVALID;
}

/* Calls fn for each word of s that holds a byte outside ASCII letters,
 * with the line it stands on. */
typedef void (*word_fn)(const unsigned char *w, size_t n, size_t line, void *ctx);

static void each_legacy_word(const unsigned char *s, size_t n, word_fn fn, void *ctx)
{
    size_t line = 1;
    for (size_t i = 0; i < n;) {
        if (!word_byte(s[i])) {
            line += s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n'));
            i++;
            continue;
        }
        size_t start = i;
        bool other = false;
        while (i < n && word_byte(s[i])) {
            other |= !ascii_letter(s[i]);
            i++;
        }
        if (other)
            fn(s + start, i - start, line, ctx);
    }
}

typedef struct detect_pass {
    const syllable_rules *rules;
    const legacy_codec *codecs;
    word_tally total[ENC_COUNT];
    /* second pass: the current line's tallies, and what the lines give */
    vn_encoding winner;
    size_t line;
    word_tally line_tally[ENC_COUNT];
    encoding_verdict *verdict;
} detect_pass;

static void count_word(const unsigned char *w, size_t n, size_t line, void *ctx)
{
    detect_pass *p = ctx;
    (void)line;
    for (int e = ENC_TCVN3; e < ENC_COUNT; e++)
        tally(&p->total[e], legacy_word(p->rules, &p->codecs[e], w, n));
}

/* A line another encoding reads with two syllables more, where the winner
 * misreads two words at least. */
static void close_line(detect_pass *p)
{
    const word_tally *win = &p->line_tally[p->winner];
    bool scored = false, mixed = false;
    for (int e = ENC_TCVN3; e < ENC_COUNT; e++) {
        const word_tally *t = &p->line_tally[e];
        scored |= t->valid + t->invalid > 0;
        mixed |= e != (int)p->winner && win->invalid >= 2 && t->valid >= win->valid + 2;
    }
    p->verdict->scored_lines += scored;
    if (mixed) {
        p->verdict->mixed_lines++;
        if (!p->verdict->first_mixed)
            p->verdict->first_mixed = p->line;
    }
    memset(p->line_tally, 0, sizeof p->line_tally);
}

static void line_word(const unsigned char *w, size_t n, size_t line, void *ctx)
{
    detect_pass *p = ctx;
    if (line != p->line) {
        close_line(p);
        p->line = line;
    }
    for (int e = ENC_TCVN3; e < ENC_COUNT; e++)
        tally(&p->line_tally[e], legacy_word(p->rules, &p->codecs[e], w, n));
}

static double share_of(const word_tally *t, size_t words)
{
    return words ? (double)t->valid / (double)words : 0.0;
}

void encoding_detect(const syllable_rules *r, const legacy_codec *codecs, const char *bytes,
                     size_t len, encoding_verdict *v)
{
    const unsigned char *s = (const unsigned char *)bytes;
    detect_pass p = {.rules = r, .codecs = codecs, .verdict = v};
    memset(v, 0, sizeof *v);
    each_legacy_word(s, len, count_word, &p);
    /* the share is of the words some candidate scores, so that one which
     * makes words of no letters at all gains nothing by it */
    size_t words = 0;
    for (int e = ENC_TCVN3; e < ENC_COUNT; e++)
        if (p.total[e].valid + p.total[e].invalid > words)
            words = p.total[e].valid + p.total[e].invalid;
    /* ties go to the encoding listed first: Windows-1258 last, since its
     * bytes are Windows-1252's where no Vietnamese letter is */
    v->best = (encoding_reading){ENC_CP1258, -1.0, words};
    v->second = (encoding_reading){ENC_CP1258, -1.0, words};
    for (int e = ENC_TCVN3; e < ENC_COUNT; e++) {
        double share = share_of(&p.total[e], words);
        encoding_reading here = {(vn_encoding)e, share, words};
        if (share > v->best.share) {
            v->second = v->best;
            v->best = here;
        } else if (share > v->second.share) {
            v->second = here;
        }
    }
    p.winner = v->best.encoding;
    p.line = 1;
    each_legacy_word(s, len, line_word, &p);
    close_line(&p);
}

typedef struct score_pass {
    const syllable_rules *rules;
    const legacy_codec *codec;
    word_tally tally;
} score_pass;

static void score_word(const unsigned char *w, size_t n, size_t line, void *ctx)
{
    score_pass *p = ctx;
    (void)line;
    tally(&p->tally, legacy_word(p->rules, p->codec, w, n));
}

encoding_reading encoding_score(const syllable_rules *r, const legacy_codec *c,
                                const char *bytes, size_t len)
{
    score_pass p = {r, c, {0, 0}};
    each_legacy_word((const unsigned char *)bytes, len, score_word, &p);
    size_t words = p.tally.valid + p.tally.invalid;
    return (encoding_reading){c->encoding, share_of(&p.tally, words), words};
}

encoding_reading utf8_score(const syllable_rules *r, const char *text, size_t len)
{
    word_tally t = {0};
    int32_t cps[48];
    size_t k = 0;
    bool other = false, too_long = false;
    for (size_t i = 0; i <= len;) {
        size_t w = 1;
        int32_t cp = i < len ? utf8_decode(text + i, len - i, &w) : ' ';
        bool in_word = cp > 0 && (cp >= 0x80 || ascii_letter((unsigned char)cp));
        if (in_word) {
            if (k < sizeof cps / sizeof cps[0])
                cps[k++] = cp;
            else
                too_long = true;
            other |= cp >= 0x80;
        } else {
            if (k && other && !too_long)
                tally(&t, syllable_check(r, cps, k));
            k = 0;
            other = too_long = false;
        }
        i += w ? w : 1;
    }
    size_t words = t.valid + t.invalid;
    return (encoding_reading){ENC_UTF8, share_of(&t, words), words};
}

double confidence_rounded(double share)
{
    long thousandths = (long)(share * 1000.0 + 0.5);
    return (double)thousandths / 1000.0;
}
