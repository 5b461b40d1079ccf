/* Legacy Vietnamese encodings: their tables, and text decoded to UTF-8.
 *
 * TCVN3 (TCVN 5712:1993; the ABC fonts), VISCII and Windows-1258 are read
 * with glibc's tables: each byte is put through iconv(3) once per process
 * (TCVN5712-1, VISCII, CP1258), which gives the characters glibc's
 * converters give. VNI and VPS, which glibc lacks and GNU recode has wrong
 * in places, come from grammars/encoding_vni.tsv and encoding_vps.tsv. A
 * VNI letter is two bytes (an ASCII vowel and a mark byte); every other
 * character of these encodings is one byte. Windows-1258's combining tone
 * marks stay combining here: the normalisation stage composes them (NFC).
 *
 * TCVN3 had no capitals with tone marks in its ABC fonts: a capital was the
 * byte of the small letter, drawn by a capitals font (.VnTimeH). Such a
 * word in a plain text file reads as "HOạCH"; a word whose ASCII letters
 * are all capitals (two at least) and whose other letters are small is
 * such a word, and its letters are made capitals.
 *
 * TCVN3 files saved from Word keep Windows-1252's quotation marks and
 * dashes (0x91-0x94, 0x96, 0x97) and ellipsis (0x85), where TCVN 5712's
 * full set has capitals (Ị Ò Ỏ Õ Ọ Ộ Ặ): the place of such a byte tells
 * which it is (tcvn_at_edge). */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static const struct {
    const char *name;
    const char *aliases; /* space-separated, compared without regard to case */
} encodings[ENC_COUNT] = {
    [ENC_UTF8] = {"UTF-8", "UTF8"},
    [ENC_TCVN3] = {"TCVN3", "TCVN ABC TCVN5712-1 TCVN-5712 VSCII"},
    [ENC_VNI] = {"VNI", "VNI-WINDOWS VNI-WIN"},
    [ENC_VISCII] = {"VISCII", ""},
    [ENC_VPS] = {"VPS", ""},
    [ENC_CP1258] = {"CP1258", "WINDOWS-1258"},
};

const char *encoding_name(vn_encoding e)
{
    return e < ENC_COUNT ? encodings[e].name : "UTF-8";
}

static bool same_name(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 32);
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 32);
        if (x != y)
            return false;
    }
    return true;
}

static bool name_in(const char *name, const char *list)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && same_name(name, p, n))
            return true;
        p += w;
        p += *p == ' ';
    }
    return false;
}

bool encoding_by_name(const char *name, vn_encoding *e)
{
    for (int k = 0; k < ENC_COUNT; k++)
        if (name_in(name, encodings[k].name) || name_in(name, encodings[k].aliases)) {
            *e = (vn_encoding)k;
            return true;
        }
    return false;
}

const char *vnp_encoding_name(const char *name)
{
    vn_encoding e;
    return name && encoding_by_name(name, &e) ? encoding_name(e) : NULL;
}

const char *encoding_names(void) { return "UTF-8, TCVN3, VNI, VISCII, VPS, CP1258"; }

/* ---- glibc's tables, read once ------------------------------------------ */

enum { GLIBC_TCVN, GLIBC_VISCII, GLIBC_CP1258, GLIBC_CP1252, GLIBC_TABLES };
static const char *const glibc_names[GLIBC_TABLES] = {"TCVN5712-1", "VISCII", "CP1258",
                                                      "CP1252"};
static int32_t glibc_table[GLIBC_TABLES][256];
static bool glibc_present[GLIBC_TABLES];
static pthread_once_t glibc_once = PTHREAD_ONCE_INIT;

/* The one character byte b stands for through cd, or -1 (undefined, or
 * more than one character). The state is flushed: TCVN5712-1 and CP1258
 * hold a base letter back to compose it with a following mark. */
static int32_t iconv_byte(iconv_t cd, unsigned char b)
{
    char in = (char)b, *inp = &in;
    uint32_t out[4];
    char *outp = (char *)out;
    size_t inleft = 1, outleft = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1 ||
        iconv(cd, NULL, NULL, &outp, &outleft) == (size_t)-1)
        return -1;
    size_t chars = (sizeof out - outleft) / 4;
    return chars == 1 ? (int32_t)out[0] : -1;
}

static void read_glibc_tables(void)
{
    for (int t = 0; t < GLIBC_TABLES; t++) {
        iconv_t cd = iconv_open("UTF-32LE", glibc_names[t]);
        if (cd == (iconv_t)-1)
            continue;
        for (int b = 0; b < 256; b++) {
            int32_t cp = iconv_byte(cd, (unsigned char)b);
            /* UTF-32LE was asked for: the bytes are little-endian */
            const unsigned char *u = (const unsigned char *)&cp;
            glibc_table[t][b] = cp < 0 ? -1
                                       : (int32_t)(u[0] | (uint32_t)u[1] << 8 |
                                                   (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24);
        }
        glibc_present[t] = true;
        iconv_close(cd);
    }
}

/* ---- the tables of grammars/ -------------------------------------------- */

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* "61 F9" or "99": one or two bytes in hexadecimal. */
static size_t read_bytes(const char *s, size_t n, unsigned char out[2])
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        int hi = hex_digit(s[i]), lo = i + 1 < n ? hex_digit(s[i + 1]) : -1;
        if (hi < 0 || lo < 0 || count == 2)
            return 0;
        out[count++] = (unsigned char)(hi * 16 + lo);
        i += 2;
    }
    return count;
}

static int compare_pairs(const void *a, const void *b)
{
    const codec_pair *x = a, *y = b;
    return (x->bytes > y->bytes) - (x->bytes < y->bytes);
}

/* Reads one row "bytes<TAB>character" into the codec. */
static bool table_row(legacy_codec *c, const char *row, size_t n)
{
    const char *tab = memchr(row, '\t', n);
    if (!tab)
        return false;
    unsigned char b[2];
    size_t count = read_bytes(row, (size_t)(tab - row), b);
    size_t w, rest = n - (size_t)(tab + 1 - row);
    int32_t cp = rest ? utf8_decode(tab + 1, rest, &w) : -1;
    if (!count || cp < 0 || w != rest)
        return false;
    if (count == 1) {
        c->single[b[0]] = cp;
        return true;
    }
    if (c->pair_count == CODEC_MAX_PAIRS)
        return false;
    c->pairs[c->pair_count++] = (codec_pair){(uint16_t)(b[0] << 8 | b[1]), cp};
    c->pair_lead[b[0]] = true;
    return true;
}

/* Loads grammars/<file> into c; false with "file:line: why" in why. */
static bool load_table(struct vnp_internal *in, const char *file, legacy_codec *c, char *why,
                       size_t cap)
{
    size_t len;
    const char *text = grammar_text(in, file, &len);
    if (!text) {
        snprintf(why, cap, "%s: missing", file);
        return false;
    }
    size_t line = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        if (end > i && text[i] != '#' && !table_row(c, text + i, end - i)) {
            snprintf(why, cap, "%s:%zu: not a row 'bytes<TAB>character'", file, line);
            return false;
        }
        i = end + 1;
    }
    qsort(c->pairs, c->pair_count, sizeof c->pairs[0], compare_pairs);
    return true;
}

static void ascii_identity(legacy_codec *c)
{
    for (int b = 0; b < 128; b++)
        c->single[b] = b;
    for (int b = 128; b < 256; b++)
        c->single[b] = -1;
}

bool codec_load(struct vnp_internal *in, vn_encoding e, legacy_codec *c, char *why, size_t cap)
{
    memset(c, 0, sizeof *c);
    c->encoding = e;
    pthread_once(&glibc_once, read_glibc_tables);
    int glibc = e == ENC_TCVN3 ? GLIBC_TCVN : e == ENC_VISCII ? GLIBC_VISCII
              : e == ENC_CP1258 ? GLIBC_CP1258 : -1;
    if (glibc >= 0) {
        if (!glibc_present[glibc]) {
            snprintf(why, cap, "reading %s needs iconv's %s converter (glibc), which this "
                               "system lacks", encoding_name(e), glibc_names[glibc]);
            return false;
        }
        memcpy(c->single, glibc_table[glibc], sizeof c->single);
        c->capitals_font = e == ENC_TCVN3;
        return true;
    }
    if (e == ENC_VNI) {
        /* bytes the table does not name are Windows-1252's */
        if (glibc_present[GLIBC_CP1252])
            memcpy(c->single, glibc_table[GLIBC_CP1252], sizeof c->single);
        else
            ascii_identity(c);
        return load_table(in, "encoding_vni.tsv", c, why, cap);
    }
    if (e == ENC_VPS) {
        ascii_identity(c);
        return load_table(in, "encoding_vps.tsv", c, why, cap);
    }
    snprintf(why, cap, "%s is no legacy encoding", encoding_name(e));
    return false;
}

/* ---- decoding ----------------------------------------------------------- */

static int32_t pair_lookup(const legacy_codec *c, unsigned char a, unsigned char b)
{
    uint16_t key = (uint16_t)(a << 8 | b);
    size_t lo = 0, hi = c->pair_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->pairs[mid].bytes == key)
            return c->pairs[mid].cp;
        if (c->pairs[mid].bytes < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

size_t codec_step(const legacy_codec *c, const unsigned char *s, size_t n, int32_t *cp)
{
    if (n >= 2 && c->pair_lead[s[0]]) {
        int32_t two = pair_lookup(c, s[0], s[1]);
        if (two >= 0) {
            *cp = two;
            return 2;
        }
    }
    *cp = c->single[s[0]];
    return 1;
}

/* A word of the text being decoded, held until it ends so that the
 * capitals of the TCVN3 capitals font can be told. */
typedef struct word_buf {
    int32_t cps[64];
    size_t n;
    bool overflow; /* longer than cps: written as it comes */
} word_buf;

static bool is_letter(int32_t cp)
{
    utf8proc_category_t k = utf8proc_category(cp);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           k == UTF8PROC_CATEGORY_MN;
}

/* Windows-1252's punctuation at a TCVN3 byte, or 0. */
static int32_t tcvn_punctuation(unsigned char b)
{
    switch (b) {
    case 0x85: return 0x2026;
    case 0x91: return 0x2018;
    case 0x92: return 0x2019;
    case 0x93: return 0x201C;
    case 0x94: return 0x201D;
    case 0x96: return 0x2013;
    case 0x97: return 0x2014;
    default: return 0;
    }
}

bool codec_edge_punctuation(const legacy_codec *c, unsigned char b)
{
    return c->encoding == ENC_TCVN3 && tcvn_punctuation(b) != 0;
}

/* Which quotation marks of TCVN3's Windows punctuation a line has opened. */
typedef struct quote_state {
    bool single, dbl;
} quote_state;

/* The character of TCVN3 byte s[i], a capital of the full set: the
 * punctuation Word wrote there when the place says so. An opening quote
 * (0x91, 0x93) stands before a word, a closing one (0x92, 0x94) after a
 * word and after its opening quote (the capitals Ò and Õ end words:
 * "VÕ", "TRÒ"); a dash follows no letter ("BỘ" ends in Ộ), and an
 * ellipsis stands between no two letters. */
static int32_t tcvn_at_edge(const legacy_codec *c, const unsigned char *s, size_t i, size_t n,
                            int32_t prev, int32_t cp, quote_state *q)
{
    int32_t punct = tcvn_punctuation(s[i]), next = -1;
    if (!punct)
        return cp;
    if (i + 1 < n)
        codec_step(c, s + i + 1, n - i - 1, &next);
    bool before = is_letter(prev), after = next > 0 && is_letter(next);
    switch (s[i]) {
    case 0x91: case 0x93: {
        bool *open = s[i] == 0x91 ? &q->single : &q->dbl;
        if (before)
            return cp;
        *open = true;
        return punct;
    }
    case 0x92: case 0x94: {
        bool *open = s[i] == 0x92 ? &q->single : &q->dbl;
        if (after || (before && !*open))
            return cp;
        *open = false;
        return punct;
    }
    case 0x96: case 0x97: /* dashes follow a space or a digit; BỘ, ĐỘ end in Ộ */
        return before ? cp : punct;
    default:
        return before && after ? cp : punct;
    }
}

static void put_cp(strbuf *out, int32_t cp)
{
    char u[4];
    sb_append(out, u, utf8_encode(cp, u));
}

/* Two ASCII letters at least, all capitals, beside small letters that are
 * not ASCII: a word typed in the capitals font. */
static bool capitals_font_word(const word_buf *w)
{
    size_t ascii_caps = 0;
    bool small_other = false;
    for (size_t i = 0; i < w->n; i++) {
        int32_t cp = w->cps[i];
        if (cp >= 'a' && cp <= 'z')
            return false;
        ascii_caps += cp >= 'A' && cp <= 'Z';
        small_other |= cp >= 0x80 && utf8proc_islower(cp);
    }
    return ascii_caps >= 2 && small_other;
}

static void flush_word(strbuf *out, word_buf *w, bool capitals_font)
{
    bool upper = capitals_font && capitals_font_word(w);
    for (size_t i = 0; i < w->n; i++)
        put_cp(out, upper ? utf8proc_toupper(w->cps[i]) : w->cps[i]);
    w->n = 0;
}

static void emit(strbuf *out, word_buf *w, bool capitals_font, int32_t cp)
{
    if (!is_letter(cp)) {
        flush_word(out, w, capitals_font);
        w->overflow = false;
        put_cp(out, cp);
        return;
    }
    if (w->overflow || w->n == sizeof w->cps / sizeof w->cps[0]) {
        flush_word(out, w, capitals_font);
        w->overflow = true;
    }
    if (w->overflow)
        put_cp(out, cp);
    else
        w->cps[w->n++] = cp;
}

/* The error of a byte the encoding does not define. */
static vnp_status undefined_byte(const legacy_codec *c, size_t line, size_t column,
                                 size_t offset, unsigned char b, vnp_error *err)
{
    if (err) {
        err->status = VNP_ERR_UTF8;
        err->line = line;
        err->column = column;
        err->offset = offset;
        snprintf(err->message, sizeof err->message,
                 "byte 0x%02X at line %zu, column %zu (byte offset %zu) is no character of %s; "
                 "give the right encoding with --encoding, or --replace-invalid",
                 b, line, column, offset, encoding_name(c->encoding));
    }
    return VNP_ERR_UTF8;
}

vnp_status legacy_decode(vnp_document *doc, const legacy_codec *c, const char *bytes, size_t len,
                         bool replace, char **text, size_t *text_len, vnp_error *err)
{
    const unsigned char *s = (const unsigned char *)bytes;
    strbuf out = {0};
    word_buf w = {.n = 0};
    size_t line = 1, column = 1, last_bad_line = 0;
    int32_t prev = ' ';
    quote_state quotes = {false, false};
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t used = codec_step(c, s + i, len - i, &cp);
        if (c->encoding == ENC_TCVN3 && cp > 0)
            cp = tcvn_at_edge(c, s, i, len, prev, cp, &quotes);
        if (s[i] == '\r') { /* CR and CRLF end a line as LF does */
            used = i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            cp = '\n';
        }
        if (cp <= 0) { /* undefined, or a NUL byte */
            if (!replace || cp == 0) {
                sb_free(&out);
                return undefined_byte(c, line, column, i, s[i], err);
            }
            if (doc && last_bad_line != line) {
                diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_UTF8_REPLACED, line,
                         "byte 0x%02X is no character of %s: replaced by U+FFFD (byte offset "
                         "%zu)", s[i], encoding_name(c->encoding), i);
                last_bad_line = line;
            }
            cp = 0xFFFD;
        }
        emit(&out, &w, c->capitals_font, cp);
        prev = cp;
        if (cp == '\n') {
            quotes = (quote_state){false, false};
            line++;
            column = 1;
        } else {
            column++;
        }
        i += used;
    }
    flush_word(&out, &w, c->capitals_font);
    if (out.failed) {
        sb_free(&out);
        return VNP_ERR_NOMEM;
    }
    char *copy = arena_alloc(&doc->internal->mem, out.len + 1);
    if (!copy) {
        sb_free(&out);
        return VNP_ERR_NOMEM;
    }
    if (out.len)
        memcpy(copy, out.data, out.len);
    copy[out.len] = '\0';
    *text = copy;
    *text_len = out.len;
    sb_free(&out);
    return VNP_OK;
}
