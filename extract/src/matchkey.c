/* Match keys for lexicon look-ups.
 *
 * Vietnamese writes a tone mark on one vowel of a syllable, and two
 * conventions place it differently ("hoá"/"hóa", "thuỷ"/"thủy"); NFC keeps
 * them apart. The key lower-cases the text, takes the tone mark off its
 * vowel and writes it after the syllable, so both placements give one key.
 * Vowel-quality marks (â ă ê ô ơ ư) and đ stay: "HĐ" never becomes "hd".
 * Runs of white space become one space. Output text is never keyed. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static bool is_tone_mark(int32_t cp)
{
    return cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 || cp == 0x0323;
}

static bool is_word_char(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    switch (p->category) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

static void put_cp(strbuf *b, int32_t cp)
{
    char buf[4];
    sb_append(b, buf, utf8_encode(cp, buf));
}

/* Decomposed, case-folded code points of text (skipping invalid bytes). */
static utf8proc_int32_t *decompose(const char *text, size_t len, size_t *count)
{
    utf8proc_int32_t *buf = malloc((len * 4 + 4) * sizeof *buf);
    if (!buf)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t w;
        int32_t cp = utf8_decode(text + i, len - i, &w);
        i += w;
        if (cp < 0)
            continue;
        int last = 0;
        utf8proc_ssize_t r = utf8proc_decompose_char(
            cp, buf + n, (utf8proc_ssize_t)(len * 4 + 4 - n),
            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &last);
        if (r > 0)
            n += (size_t)r;
    }
    *count = n;
    return buf;
}

static char *make_key(const char *text, size_t len, bool keep_tones);

char *vnp_match_key(const char *text, size_t len) { return make_key(text, len, true); }

/* The key without tone marks at all: "Chuyển" and "Chuyên" (a common slip)
 * agree. For grouping names, never for telling words apart. */
char *toneless_key(const char *text, size_t len) { return make_key(text, len, false); }

/* Plain ASCII needs no Unicode tables: lower case and folded spaces. */
static char *ascii_key(const char *text, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[o] = '\0';
    return out;
}

static bool is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static char *make_key(const char *text, size_t len, bool keep_tones)
{
    if (is_ascii(text, len))
        return ascii_key(text, len);
    size_t n = 0;
    utf8proc_int32_t *cps = decompose(text, len, &n);
    if (!cps)
        return NULL;
    strbuf raw = {0};
    int32_t tone = 0;
    bool space = false;
    for (size_t i = 0; i <= n; i++) {
        int32_t cp = i < n ? cps[i] : ' ';
        if (is_tone_mark(cp)) {
            tone = keep_tones ? cp : 0;
            continue;
        }
        bool word = is_word_char(cp);
        if (!word && tone) { /* syllable ends: its tone goes after it */
            put_cp(&raw, tone);
            tone = 0;
        }
        if (i == n)
            break;
        if (utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_ZS || cp == '\t' ||
            cp == '\n') {
            space = raw.len > 0;
            continue;
        }
        if (space)
            sb_putc(&raw, ' ');
        space = false;
        put_cp(&raw, cp);
    }
    free(cps);
    if (raw.failed || !raw.data) {
        bool failed = raw.failed;
        sb_free(&raw);
        return failed ? NULL : calloc(1, 1);
    }
    /* recompose vowel-quality marks (â, ơ, ư...) so keys read naturally */
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)raw.data,
                                      (utf8proc_ssize_t)raw.len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    sb_free(&raw);
    return r < 0 ? NULL : (char *)out;
}
