/* The small XML writer shared by xml_writer.c and akn_writer.c (see
 * xml_out.h). */
#include "xml_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writing to a FILE, the buffer is handed over whenever it holds this much. */
#define XML_FLUSH_BYTES (64u * 1024u)

bool xml_uses_simd = true;

/* Whether c is written as an entity: the markup characters and the CR in
 * any value; in attribute values also the new line and the tab, which a
 * parser would otherwise normalise to spaces. All are below 64: a bit
 * each of a word. */
static bool needs_entity(unsigned char c, bool attribute)
{
    const uint64_t text = 1ull << '&' | 1ull << '<' | 1ull << '>' | 1ull << '"' | 1ull << '\r';
    const uint64_t in_attribute = text | 1ull << '\n' | 1ull << '\t';
    return c < 64 && ((attribute ? in_attribute : text) >> c & 1);
}

/* The bytes of w equal to c flagged in their high bit (a flag can be
 * wrong only in a byte after one that is rightly flagged, so a word is
 * flagged exactly when it holds c). */
static uint64_t bytes_equal(uint64_t w, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t x = w ^ (ones * c);
    return (x - ones) & ~x & highs;
}

/* The first byte of s[0..n) that needs an entity, n when none does. */
static size_t first_entity(const char *s, size_t n, bool attribute)
{
    size_t i = 0;
    while (i < n && !needs_entity((unsigned char)s[i], attribute))
        i++;
    return i;
}

static bool word_needs_entity(uint64_t w, bool attribute)
{
    uint64_t flagged = bytes_equal(w, '&') | bytes_equal(w, '<') | bytes_equal(w, '>') |
                       bytes_equal(w, '"') | bytes_equal(w, '\r');
    if (attribute)
        flagged |= bytes_equal(w, '\n') | bytes_equal(w, '\t');
    return flagged != 0;
}

/* The bytes at the start of s[0..n) that are written as they are, eight
 * at a time, the last word overlapping the one before (its bytes before
 * that word's end are known to be plain); the byte loop finds which byte
 * of a flagged word stops, and does strings under eight bytes. */
static size_t plain_run_words(const char *s, size_t n, bool attribute)
{
    if (n < 8)
        return first_entity(s, n, attribute);
    uint64_t w;
    for (size_t i = 0;; i += 8) {
        if (i + 8 > n)
            i = n - 8;
        memcpy(&w, s + i, 8);
        if (word_needs_entity(w, attribute))
            return i + first_entity(s + i, 8, attribute);
        if (i + 8 == n)
            return n;
    }
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* The bytes of v that need an entity, a bit each. */
static unsigned entity_mask16(__m128i v, bool attribute)
{
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
    const __m128i quot = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, cr));
    if (attribute)
        hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
    return (unsigned)_mm_movemask_epi8(hit);
}

/* plain_run_words() sixteen bytes at a time, the last block overlapping
 * the one before (its bytes before that block's end are known to be
 * plain); from eight bytes to 15 the two overlapping words of eight as one
 * block; fewer than eight a byte at a time. */
static size_t plain_run_sse2(const char *s, size_t n, bool attribute)
{
    if (n < 8)
        return first_entity(s, n, attribute);
    if (n < 16) {
        __m128i head = _mm_loadl_epi64((const __m128i *)s);
        __m128i tail = _mm_loadl_epi64((const __m128i *)(s + n - 8));
        unsigned mask = entity_mask16(_mm_unpacklo_epi64(head, tail), attribute);
        if (!mask)
            return n;
        return mask & 0xFF ? (size_t)__builtin_ctz(mask) : n - 8 + (size_t)__builtin_ctz(mask >> 8);
    }
    for (size_t i = 0;; i += 16) {
        if (i + 16 > n)
            i = n - 16;
        unsigned mask = entity_mask16(_mm_loadu_si128((const __m128i *)(s + i)), attribute);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        if (i + 16 == n)
            return n;
    }
}
#endif

/* The bytes at the start of s[0..n) that are written as they are: SSE2
 * where the processor has it and xml_uses_simd, words of eight elsewhere;
 * the same answer either way (the tests hold them to it). */
static size_t plain_run(const char *s, size_t n, bool attribute)
{
#if defined(__SSE2__)
    if (xml_uses_simd)
        return plain_run_sse2(s, n, attribute);
#endif
    return plain_run_words(s, n, attribute);
}

/* The entity of c, one of the bytes needs_entity() names, and its length. */
static const char *entity_of(unsigned char c, size_t *len)
{
    const char *rep;
    switch (c) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\r': rep = "&#13;"; break;
    case '\n': rep = "&#10;"; break;
    default: rep = "&#9;"; break;
    }
    *len = strlen(rep);
    return rep;
}

/* Room for `need` more bytes and the NUL after them: where they go, or
 * NULL once memory ran out or a write failed. */
static char *room(xw w, size_t need)
{
    strbuf *b = &w->sink.buf;
    if ((b->failed || b->len + need + 1 > b->cap) && !sb_reserve(b, need))
        return NULL;
    return b->data + b->len;
}

/* Ends what was written at o, from room(). */
static void commit(xw w, char *o)
{
    *o = '\0';
    w->sink.buf.len = (size_t)(o - w->sink.buf.data);
}

/* Text and attribute values: each run of bytes that need no entity goes
 * in at once, with the entity after it in the same room. */
static void xml_escape(xw w, const char *s, size_t n, bool attribute)
{
    for (size_t i = 0;;) {
        size_t run = plain_run(s + i, n - i, attribute);
        char *o = room(w, run + 6); /* and the longest entity, "&quot;" */
        if (!o)
            return;
        memcpy(o, s + i, run);
        o += run;
        i += run;
        if (i < n) {
            size_t len;
            const char *rep = entity_of((unsigned char)s[i++], &len);
            memcpy(o, rep, len);
            o += len;
        }
        commit(w, o);
        if (i == n)
            return;
    }
}

/* Two spaces a level: 64 levels at a time. */
static char *put_indent(char *o, size_t depth)
{
    static const char spaces[] = "                                                                "
                                 "                                                                ";
    size_t n = depth * 2;
    for (; n > sizeof spaces - 1; n -= sizeof spaces - 1, o += sizeof spaces - 1)
        memcpy(o, spaces, sizeof spaces - 1);
    memcpy(o, spaces, n);
    return o + n;
}

/* Inside a mixed-content element nothing is indented. */
static bool in_flat(const xml_out *w)
{
    return w->flat_depth && w->depth >= w->flat_depth;
}

/* The ">" of the start tag still open, and the new line after it when
 * asked for and indenting, at o. */
static char *close_start_tag(xw w, char *o, bool newline)
{
    if (!w->tag_open)
        return o;
    *o++ = '>';
    if (newline && w->indent)
        *o++ = '\n';
    w->tag_open = false;
    return o;
}

void xml_out_init(xw w, unsigned flags, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->indent = !(flags & VNP_WRITE_COMPACT);
    w->sink.file = f;
    if (f) /* one allocation where a file takes the blocks; a buffer output grows as it fills */
        sb_reserve(&w->sink.buf, XML_FLUSH_BYTES);
}

void xml_declaration(xw w)
{
    sb_puts(&w->sink.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

/* Room on the stack of open elements for one more. */
static bool names_room(xw w)
{
    if (w->depth < w->cap)
        return true;
    size_t cap = w->cap ? w->cap * 2 : 16;
    const char **names = mem_realloc(w->names, w->cap * sizeof *names, cap * sizeof *names);
    if (!names) {
        w->sink.buf.failed = true;
        return false;
    }
    w->names = names;
    w->cap = cap;
    return true;
}

void xml_start(xw w, const char *name)
{
    if (w->sink.file && w->sink.buf.len >= XML_FLUSH_BYTES)
        sink_drain(&w->sink, XML_FLUSH_BYTES);
    if (!names_room(w))
        return;
    bool flat = in_flat(w);
    size_t n = strlen(name);
    char *o = room(w, 2 + 2 * w->depth + 1 + n);
    if (!o)
        return;
    o = close_start_tag(w, o, !flat);
    if (w->indent && !flat)
        o = put_indent(o, w->depth);
    *o++ = '<';
    memcpy(o, name, n);
    commit(w, o + n);
    w->names[w->depth++] = name;
    w->tag_open = true;
    w->end_on_line = false;
}

void xml_start_mixed(xw w, const char *name)
{
    xml_start(w, name);
    if (!w->sink.buf.failed && !w->flat_depth)
        w->flat_depth = w->depth;
}

void xml_text_n(xw w, const char *s, size_t n)
{
    char *o = room(w, 1);
    if (!o)
        return;
    commit(w, close_start_tag(w, o, false));
    xml_escape(w, s, n, false);
    w->end_on_line = true;
}

void xml_text(xw w, const char *text)
{
    xml_text_n(w, text, strlen(text));
}

void xml_end(xw w)
{
    if (w->sink.buf.failed || !w->depth)
        return;
    const char *name = w->names[--w->depth];
    bool inside_flat = in_flat(w); /* the parent holds mixed content */
    size_t n = strlen(name);
    char *o = room(w, 2 * w->depth + 3 + n + 1);
    if (!o)
        return;
    if (w->tag_open) {
        memcpy(o, "/>", 2);
        o += 2;
        w->tag_open = false;
    } else {
        if (w->indent && !w->end_on_line && !inside_flat)
            o = put_indent(o, w->depth);
        memcpy(o, "</", 2);
        memcpy(o + 2, name, n);
        o[2 + n] = '>';
        o += 3 + n;
    }
    if (w->flat_depth == w->depth + 1)
        w->flat_depth = 0; /* the mixed-content element itself is closed */
    if (inside_flat) {
        commit(w, o);
        w->end_on_line = true;
        return;
    }
    if (w->indent)
        *o++ = '\n';
    commit(w, o);
    w->end_on_line = false;
}

/* Writes ` name="` at o. */
static char *attr_start(char *o, const char *name, size_t n)
{
    *o++ = ' ';
    memcpy(o, name, n);
    memcpy(o + n, "=\"", 2);
    return o + n + 2;
}

void xml_attr(xw w, const char *name, const char *value)
{
    if (!value || !w->tag_open)
        return;
    size_t n = strlen(name), len = strlen(value), plain = plain_run(value, len, true);
    char *o = room(w, n + 4 + plain);
    if (!o)
        return;
    o = attr_start(o, name, n);
    memcpy(o, value, plain);
    o += plain;
    if (plain < len) { /* most values need no entity and are written in one go */
        commit(w, o);
        xml_escape(w, value + plain, len - plain, true);
        if (!(o = room(w, 1)))
            return;
    }
    *o++ = '"';
    commit(w, o);
}

void xml_attr_int(xw w, const char *name, long long value)
{
    if (!value || !w->tag_open)
        return;
    char digits[24], *p = digits + sizeof digits;
    unsigned long long u = value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (value < 0)
        *--p = '-';
    size_t n = strlen(name), len = (size_t)(digits + sizeof digits - p);
    char *o = room(w, n + 4 + len);
    if (!o)
        return;
    o = attr_start(o, name, n);
    memcpy(o, p, len);
    o[len] = '"';
    commit(w, o + len + 1);
}

void xml_out_close(xw w)
{
    if (!w->indent)
        sb_putc(&w->sink.buf, '\n');
    mem_free(w->names);
    w->names = NULL;
}
