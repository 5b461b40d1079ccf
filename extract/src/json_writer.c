/* JSON writer: fixed key order, pretty (two spaces) or compact. The shape
 * is described by schema/vnplan.schema.json; keep the two in step. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JW_MAX_DEPTH 64

/* Writing to a FILE, the buffer is handed over before it would hold more
 * than this. */
#define JW_FLUSH_BYTES (64u * 1024u)

/* Room every value asks for beyond what it keeps: keys and indentation go
 * in as fixed 32-byte copies and strings a word or 16 bytes at a time, so
 * a value may write past its end (the next value writes over it). */
#define JW_SLACK 64u

/* A key name of at most this many bytes goes in as one 32-byte copy of
 * its text ("name": and the space: 4 bytes more). */
#define JW_KEY_FIXED 28u

#define JW_PAD32 "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"

/* A key as the writer puts it: the whole text `"name": ` with the space,
 * readable for 32 bytes (for len + 4 when longer) so that it goes in as
 * one fixed copy; our literal names are followed by 32 NULs. */
typedef struct jw_key {
    const char *text; /* NULL: no key (an array item, the top value) */
    size_t len;       /* of the name alone */
} jw_key;

#define KEY(name) ((jw_key){"\"" name "\": " JW_PAD32, sizeof(name) - 1})
#define NO_KEY ((jw_key){NULL, 0})

typedef struct jw {
    out_sink sink;
    size_t limit; /* sink.buf.len may grow to this with no check of room or flush */
    int depth;
    bool pretty;
    bool comma; /* the open container holds an item: the next one follows a comma */
} jw;

/* A new line and the indentation of any depth up to JW_MAX_DEPTH, with
 * 32 bytes more to read. */
#define JW_SPACES16 "                "
static const char jw_newline_text[] =
    "\n" JW_SPACES16 JW_SPACES16 JW_SPACES16 JW_SPACES16 JW_SPACES16 JW_SPACES16 JW_SPACES16
        JW_SPACES16 JW_PAD32;

#if defined(__GNUC__)
#define JW_COLD __attribute__((cold, noinline))
#define JW_INLINE inline __attribute__((always_inline))
#define JW_NOINLINE __attribute__((noinline))
#else
#define JW_COLD
#define JW_INLINE inline
#define JW_NOINLINE
#endif

/* ---- finding the bytes that need no escape ------------------------------ */

/* Whether any byte of a word needs an escape: below 0x20, '"' or '\\'.
 * Each test flags a word exactly when one of its bytes is such (a flag
 * can be wrong only in a byte after one that is rightly flagged). */
static bool word64_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    return (((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
            ((backslash - ones) & ~backslash)) &
           highs;
}

static bool byte_needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

/* The first byte of s[0..n) that needs an escape, n when none does. */
static size_t first_escape(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !byte_needs_escape((unsigned char)s[i]))
        i++;
    return i;
}

/* copy_unescaped() below eight bytes: two overlapping words of four from
 * four bytes up, tested together as one of eight; under that the first,
 * middle and last byte, which between them are every byte of one to
 * three. */
static JW_INLINE size_t copy_unescaped_short(char *o, const char *s, size_t n)
{
    if (n >= 4) {
        uint32_t head, tail;
        memcpy(&head, s, 4);
        memcpy(&tail, s + n - 4, 4);
        memcpy(o, &head, 4);
        memcpy(o + n - 4, &tail, 4);
        return word64_needs_escape(head | (uint64_t)tail << 32) ? first_escape(s, n) : n;
    }
    if (n == 0)
        return 0;
    unsigned char first = (unsigned char)s[0], middle = (unsigned char)s[n / 2],
                  last = (unsigned char)s[n - 1];
    o[0] = (char)first;
    o[n / 2] = (char)middle;
    o[n - 1] = (char)last;
    return byte_needs_escape(first) || byte_needs_escape(middle) || byte_needs_escape(last)
               ? first_escape(s, n)
               : n;
}

/* copy_unescaped() from eight bytes to sixteen: the first word and the
 * last, overlapping, tested with no loop (most strings are this short). */
static JW_INLINE size_t copy_unescaped_two_words(char *o, const char *s, size_t n)
{
    uint64_t head, tail;
    memcpy(&head, s, 8);
    memcpy(&tail, s + n - 8, 8);
    memcpy(o, &head, 8);
    memcpy(o + n - 8, &tail, 8);
    return word64_needs_escape(head) || word64_needs_escape(tail) ? first_escape(s, n) : n;
}

/* Copies s[0..n) to o, n >= 8, as far as it needs no escape and returns
 * how far that is, words of eight at a time, the last one overlapping the
 * one before; it may write up to the whole of o[0..n). */
JW_NOINLINE static size_t copy_unescaped_words(char *o, const char *s, size_t n)
{
    if (n <= 16)
        return copy_unescaped_two_words(o, s, n);
    size_t i = 0;
    uint64_t w;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        memcpy(o + i, &w, 8);
        if (word64_needs_escape(w))
            return i + first_escape(s + i, 8);
    }
    if (i == n)
        return n;
    i = n - 8; /* the bytes before n - 8 + 8 - (n % 8) are known not to need one */
    memcpy(&w, s + i, 8);
    memcpy(o + i, &w, 8);
    return word64_needs_escape(w) ? i + first_escape(s + i, 8) : n;
}

bool json_uses_simd = true;

#if defined(__SSE2__)
#include <emmintrin.h>

/* The bytes of v that need an escape, a bit each: '"', '\\' or at most
 * 0x1F (min(v, 0x1F) == v, unsigned). */
static unsigned escape_mask16(__m128i v)
{
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1F);
    __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                               _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
    return (unsigned)_mm_movemask_epi8(bad);
}

/* copy_unescaped_words() with SSE2 from eight bytes to sixteen: the
 * first eight and the last eight, overlapping, tested as one block (the
 * low half of the mask is the first eight bytes'). */
static size_t copy_unescaped_8to16_sse2(char *o, const char *s, size_t n)
{
    __m128i head = _mm_loadl_epi64((const __m128i *)s);
    __m128i tail = _mm_loadl_epi64((const __m128i *)(s + n - 8));
    _mm_storel_epi64((__m128i *)o, head);
    _mm_storel_epi64((__m128i *)(o + n - 8), tail);
    unsigned mask = escape_mask16(_mm_unpacklo_epi64(head, tail));
    if (!mask)
        return n;
    if (mask & 0xFFu)
        return (size_t)__builtin_ctz(mask);
    return n - 8 + (size_t)__builtin_ctz(mask >> 8); /* none before n - 8 + 8 */
}

/* copy_unescaped_sse2() up to 32 bytes: the first block and the last,
 * overlapping, tested with no loop. */
static size_t copy_unescaped_two_blocks(char *o, const char *s, size_t n)
{
    __m128i head = _mm_loadu_si128((const __m128i *)s);
    __m128i tail = _mm_loadu_si128((const __m128i *)(s + n - 16));
    _mm_storeu_si128((__m128i *)o, head);
    _mm_storeu_si128((__m128i *)(o + n - 16), tail);
    unsigned head_mask = escape_mask16(head);
    if (head_mask)
        return (size_t)__builtin_ctz(head_mask);
    unsigned tail_mask = escape_mask16(tail);
    return tail_mask ? n - 16 + (size_t)__builtin_ctz(tail_mask) : n;
}

/* copy_unescaped_words() 32 bytes at a time, n >= 16, the last two
 * blocks overlapping the ones before. */
static size_t copy_unescaped_sse2(char *o, const char *s, size_t n)
{
    if (n <= 32)
        return copy_unescaped_two_blocks(o, s, n);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m128i low = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i high = _mm_loadu_si128((const __m128i *)(s + i + 16));
        _mm_storeu_si128((__m128i *)(o + i), low);
        _mm_storeu_si128((__m128i *)(o + i + 16), high);
        unsigned mask = escape_mask16(low) | escape_mask16(high) << 16;
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
    if (i == n)
        return n;
    /* the last 32 bytes, over some already let through: none of them
     * needs an escape, so the first found is past i */
    return n - 32 + copy_unescaped_two_blocks(o + n - 32, s + n - 32, 32);
}
#endif

/* copy_unescaped() from eight bytes on, out of line: the strings'
 * writer, inline at each value, keeps the short strings' way only. */
static size_t copy_unescaped_long(char *o, const char *s, size_t n)
{
#if defined(__SSE2__)
    if (json_uses_simd)
        return n <= 16 ? copy_unescaped_8to16_sse2(o, s, n) : copy_unescaped_sse2(o, s, n);
#endif
    return copy_unescaped_words(o, s, n);
}

/* Copies the bytes at the start of s[0..n) that need no escape to o and
 * returns how many: from 8 bytes on with SSE2 where the processor has it
 * (every x86-64 one) and json_uses_simd, else by words; the same answer
 * and bytes either way (the tests hold them to it). o must have room for
 * n bytes. */
static JW_INLINE size_t copy_unescaped(char *o, const char *s, size_t n)
{
    if (n < 8)
        return copy_unescaped_short(o, s, n);
    return copy_unescaped_long(o, s, n);
}

/* ---- room in the buffer --------------------------------------------------- */

/* What the fast path of jw_room() may fill: all but the NUL's byte of the
 * buffer, and in front of a file no more than JW_FLUSH_BYTES; nothing once
 * a write or an allocation failed. */
static void jw_set_limit(jw *w)
{
    const strbuf *b = &w->sink.buf;
    size_t usable = b->cap ? b->cap - 1 : 0;
    if (w->sink.file && usable > JW_FLUSH_BYTES)
        usable = JW_FLUSH_BYTES;
    w->limit = b->failed ? 0 : usable;
}

/* jw_room() when the buffer must go to the file or grow first (once in
 * 64 KB): kept out of line, so that the values' own code stays small. */
JW_COLD static char *jw_room_slow(jw *w, size_t need)
{
    strbuf *b = &w->sink.buf;
    if (w->sink.file && b->len > 0 && b->len + need > JW_FLUSH_BYTES)
        sink_drain(&w->sink, 0);
    bool ok = sb_reserve(b, need);
    jw_set_limit(w);
    return ok ? b->data + b->len : NULL;
}

/* Nothing more is written: memory ran out. */
JW_COLD static void jw_fail(jw *w)
{
    w->sink.buf.failed = true;
    jw_set_limit(w);
}

/* Room for `need` more bytes: where they go, or NULL when memory ran out
 * or a write failed. Every value asks once for all it may write (the
 * common case is one compare). */
static JW_INLINE char *jw_room(jw *w, size_t need)
{
    strbuf *b = &w->sink.buf;
    if (b->len + need <= w->limit)
        return b->data + b->len;
    return jw_room_slow(w, need);
}

/* Ends what was written at o, from jw_room(). The NUL after the output
 * is written once, at its end (jw_end). */
static inline void jw_commit(jw *w, char *o) { w->sink.buf.len = (size_t)(o - w->sink.buf.data); }

/* In front of a file the buffer is taken at its full size at once (it
 * fills to that size and goes out, again and again); a buffer that is
 * the output grows as it fills, so that it stays near the output's size. */
static void jw_start(jw *w)
{
    if (w->sink.file)
        sb_reserve(&w->sink.buf, JW_FLUSH_BYTES + JW_SLACK);
    jw_set_limit(w);
}

/* The new line after the output, and the NUL after it. */
static void jw_end(jw *w)
{
    char *o = jw_room(w, 1 + JW_SLACK);
    if (o) {
        *o++ = '\n';
        *o = '\0';
        jw_commit(w, o);
    }
}

/* ---- values ------------------------------------------------------------------ */

/* A new line indented for depth. */
static inline char *jw_newline(char *o, int depth)
{
    size_t n = 1 + 2 * (size_t)depth;
    if (n <= 32)
        memcpy(o, jw_newline_text, 32);
    else
        memcpy(o, jw_newline_text, n);
    return o + n;
}

/* A key longer than JW_KEY_FIXED (none of ours is). */
JW_COLD static void jw_long_key(char *o, jw_key key) { memcpy(o, key.text, key.len + 4); }

/* Starts a value at o: comma, new line with indentation and key as
 * needed. Keys are our own names (the literals below and the role
 * names): plain ASCII that needs no escape. */
static JW_INLINE char *jw_prefix(const jw *w, char *o, jw_key key)
{
    if (w->depth > 0) {
        if (w->comma)
            *o++ = ',';
        if (w->pretty)
            o = jw_newline(o, w->depth);
    }
    if (!key.text)
        return o;
    if (key.len <= JW_KEY_FIXED)
        memcpy(o, key.text, 32);
    else
        jw_long_key(o, key);
    return o + key.len + 3 + w->pretty;
}

/* Starts a value that writes `extra` bytes after its key; returns where
 * they go (NULL: nothing is written). */
static JW_INLINE char *jw_begin(jw *w, jw_key key, size_t extra)
{
    char *o = jw_room(w, 2 + 2 * (size_t)w->depth + key.len + 4 + extra + JW_SLACK);
    if (!o)
        return NULL;
    o = jw_prefix(w, o, key);
    w->comma = true;
    return o;
}

/* The escape of c, one of the bytes that need one. */
static char *put_escape(char *o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *o++ = '\\';
    if (c == '"' || c == '\\') {
        *o++ = (char)c;
    } else if (c == '\n') {
        *o++ = 'n';
    } else if (c == '\t') {
        *o++ = 't';
    } else {
        memcpy(o, "u00", 3);
        o[3] = hex[c >> 4];
        o[4] = hex[c & 15];
        o += 5;
    }
    return o;
}

/* The rest of a JSON string from s[i], the first byte that needs an
 * escape, to the closing quote: each escape, then the run of bytes after
 * it that need none. */
JW_COLD static void jw_string_rest(jw *w, const char *s, size_t n, size_t i)
{
    while (i < n) {
        char *o = jw_room(w, 6 + (n - i) + 1 + JW_SLACK);
        if (!o)
            return;
        o = put_escape(o, (unsigned char)s[i++]);
        size_t run = copy_unescaped(o, s + i, n - i);
        o += run;
        i += run;
        if (i == n)
            *o++ = '"';
        jw_commit(w, o);
    }
}

/* key: value written as it is (a number, null, a bracket). */
static void jw_raw(jw *w, jw_key key, const char *raw, size_t n)
{
    char *o = jw_begin(w, key, n);
    if (!o)
        return;
    memcpy(o, raw, n);
    jw_commit(w, o + n);
}

static JW_INLINE void jw_null(jw *w, jw_key key)
{
    char *o = jw_begin(w, key, 4);
    if (!o)
        return;
    memcpy(o, "null", 4);
    jw_commit(w, o + 4);
}

/* key: a string, or null. One reservation for the whole string; one
 * more per escape for a string that needs some (few do). Inline at each
 * value, where the key is a constant: most strings are short and need no
 * escape, and a call cost a third of their writing. */
static JW_INLINE void jw_str(jw *w, jw_key key, const char *value)
{
    if (!value) {
        jw_null(w, key);
        return;
    }
    size_t n = strlen(value);
    char *o = jw_begin(w, key, n + 2);
    if (!o)
        return;
    *o++ = '"';
    size_t run = copy_unescaped(o, value, n);
    if (run == n) {
        o[n] = '"';
        jw_commit(w, o + n + 1);
        return;
    }
    jw_commit(w, o + run);
    jw_string_rest(w, value, n, run);
}

/* jw_str() out of line, for the values written once a document. */
static void jw_str_once(jw *w, jw_key key, const char *value) { jw_str(w, key, value); }

/* The keys of the cell roles, made once a document from their names (a
 * name is known only at run time): the key text `"name": ` followed by 32
 * NULs, as KEY() makes it. */
#define JW_ROLE_KEY_BYTES (JW_KEY_FIXED + 4 + 32)
typedef struct role_keys {
    char text[VNP_CELL_ROLES][JW_ROLE_KEY_BYTES];
    size_t len[VNP_CELL_ROLES]; /* of the name; SIZE_MAX: too long to be kept here */
} role_keys;

static void role_keys_make(role_keys *k)
{
    memset(k->text, 0, sizeof k->text);
    for (int role = 0; role < VNP_CELL_ROLES; role++) {
        const char *name = vnp_cell_role_string((vnp_cell_role)role);
        size_t n = strlen(name);
        k->len[role] = n <= JW_KEY_FIXED ? n : SIZE_MAX;
        if (n > JW_KEY_FIXED)
            continue;
        k->text[role][0] = '"';
        memcpy(k->text[role] + 1, name, n);
        memcpy(k->text[role] + 1 + n, "\": ", 3);
    }
}

/* name: a string, for a role name longer than role_keys holds (none of
 * ours is): its key text is made here. */
JW_COLD static void jw_str_named(jw *w, const char *name, const char *value)
{
    size_t n = strlen(name);
    strbuf text = {0};
    if (!sb_reserve(&text, n + 4 + 32)) {
        jw_fail(w);
        return;
    }
    memset(text.data, 0, n + 4 + 32);
    text.data[0] = '"';
    memcpy(text.data + 1, name, n);
    memcpy(text.data + 1 + n, "\": ", 3);
    jw_str_once(w, (jw_key){text.data, n}, value);
    sb_free(&text);
}

/* The cells of a record, in the order of their roles (as
 * vnp_record_cell() finds them: cells[] holds one text per bit of
 * cell_roles, lowest bit first). */
static void write_cells(jw *w, const role_keys *keys, const vnp_record *r)
{
    unsigned roles = r->cell_roles & ((1u << VNP_CELL_ROLES) - 1u);
    for (size_t at = 0; roles; roles &= roles - 1, at++) {
        int role = __builtin_ctz(roles);
        const char *cell = r->cells[at];
        if (!cell)
            continue;
        if (keys->len[role] != SIZE_MAX)
            jw_str(w, (jw_key){keys->text[role], keys->len[role]}, cell);
        else
            jw_str_named(w, vnp_cell_role_string((vnp_cell_role)role), cell);
    }
}

/* A closing bracket on a line of its own, indented, when the container
 * had items. */
static JW_INLINE void jw_close(jw *w, char bracket)
{
    bool had = w->comma;
    w->depth--;
    char *o = jw_room(w, 2 + 2 * (size_t)(w->depth > 0 ? w->depth : 0) + JW_SLACK);
    if (!o)
        return;
    if (had && w->pretty)
        o = jw_newline(o, w->depth > 0 ? w->depth : 0);
    *o++ = bracket;
    jw_commit(w, o);
    w->comma = true;
}

static JW_INLINE void jw_open(jw *w, jw_key key, char bracket)
{
    char *o = jw_begin(w, key, 1);
    if (o) {
        *o++ = bracket;
        jw_commit(w, o);
    }
    if (w->depth + 1 < JW_MAX_DEPTH)
        w->depth++;
    w->comma = false;
}

/* The two digits of each number below 100. */
static const char decimal_pairs[] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";

/* The decimal digits of u at o, most significant first, two at a time
 * from the end. */
static char *put_decimal(char *o, unsigned long long u)
{
    const char *pairs = decimal_pairs;
    size_t digits = 1;
    for (unsigned long long rest = u; rest >= 10; rest /= 10)
        digits++;
    char *end = o + digits;
    for (; u >= 10; u /= 100) {
        end -= 2;
        memcpy(end, pairs + 2 * (u % 100), 2);
    }
    if (end > o)
        *--end = (char)('0' + u);
    return o + digits;
}

static JW_INLINE void jw_int(jw *w, jw_key key, long long value)
{
    char *o = jw_begin(w, key, 20);
    if (!o)
        return;
    if (value < 0)
        *o++ = '-';
    unsigned long long u = value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
    jw_commit(w, put_decimal(o, u));
}

/* An integer field where 0 means absent. */
static void jw_opt_int(jw *w, jw_key key, long long value)
{
    if (value)
        jw_int(w, key, value);
    else
        jw_null(w, key);
}

static void write_source(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("source"), '{');
    jw_str_once(w, KEY("name"), d->source_name);
    jw_int(w, KEY("bytes"), (long long)d->source_bytes);
    jw_str_once(w, KEY("sha256"), d->source_sha256);
    jw_int(w, KEY("lines"), (long long)d->line_count);
    jw_str_once(w, KEY("encoding"), d->source_encoding);
    char number[32];
    if (d->source_encoding_confidence >= 0)
        jw_raw(w, KEY("encoding_confidence"), number,
               decimal_write(confidence_rounded(d->source_encoding_confidence), number,
                             sizeof number));
    else
        jw_null(w, KEY("encoding_confidence"));
    jw_str_once(w, KEY("form"), d->source_form ? d->source_form : "text");
    jw_close(w, '}');
}

static void write_date(jw *w, const vnp_date *dt)
{
    if (!dt->line) {
        jw_null(w, KEY("date"));
        return;
    }
    jw_open(w, KEY("date"), '{');
    jw_opt_int(w, KEY("year"), dt->year);
    jw_opt_int(w, KEY("month"), dt->month);
    jw_opt_int(w, KEY("day"), dt->day);
    jw_str_once(w, KEY("text"), dt->text);
    jw_int(w, KEY("line"), (long long)dt->line);
    jw_close(w, '}');
}

static void write_signer(jw *w, const vnp_signer *s)
{
    if (!s->line) {
        jw_null(w, KEY("signer"));
        return;
    }
    jw_open(w, KEY("signer"), '{');
    jw_str_once(w, KEY("authority"), s->authority);
    jw_str_once(w, KEY("on_behalf_of"), s->on_behalf_of);
    jw_str_once(w, KEY("title"), s->title);
    jw_str_once(w, KEY("name"), s->name);
    jw_int(w, KEY("line"), (long long)s->line);
    jw_close(w, '}');
}

static void write_issuer(jw *w, const vnp_issuer *is)
{
    if (!is->name) {
        jw_null(w, KEY("issuer"));
        return;
    }
    jw_open(w, KEY("issuer"), '{');
    jw_str_once(w, KEY("name"), is->name);
    jw_int(w, KEY("name_line"), (long long)is->name_line);
    jw_str_once(w, KEY("parent"), is->parent);
    jw_opt_int(w, KEY("parent_line"), (long long)is->parent_line);
    jw_str_once(w, KEY("scope"), is->scope);
    jw_str_once(w, KEY("source"), is->source);
    jw_close(w, '}');
}

static void write_province(jw *w, const vnp_province *p)
{
    if (!p->name) {
        jw_null(w, KEY("province"));
        return;
    }
    jw_open(w, KEY("province"), '{');
    jw_str_once(w, KEY("name"), p->name);
    jw_str_once(w, KEY("kind"), p->kind);
    jw_str_once(w, KEY("written"), p->written);
    jw_str_once(w, KEY("former"), p->former);
    jw_str_once(w, KEY("source"), p->source);
    jw_int(w, KEY("line"), (long long)p->line);
    jw_close(w, '}');
}

static void write_texts(jw *w, jw_key key, const vnp_text *t, size_t n, bool spans)
{
    jw_open(w, key, '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(w, NO_KEY, '{');
        jw_int(w, KEY("line"), (long long)t[i].line);
        if (spans)
            jw_int(w, KEY("end_line"), (long long)t[i].end_line);
        jw_str(w, KEY("text"), t[i].text);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_document(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("document"), '{');
    write_issuer(w, &d->issuer);
    write_province(w, &d->province);
    jw_str_once(w, KEY("type"), d->type);
    jw_str_once(w, KEY("type_code"), d->type_code);
    jw_opt_int(w, KEY("type_line"), (long long)d->type_line);
    jw_str_once(w, KEY("number"), d->number);
    jw_str_once(w, KEY("symbol"), d->symbol);
    jw_opt_int(w, KEY("number_year"), d->number_year);
    jw_opt_int(w, KEY("number_line"), (long long)d->number_line);
    jw_str_once(w, KEY("place"), d->place);
    write_date(w, &d->date);
    jw_str_once(w, KEY("title"), d->title);
    jw_opt_int(w, KEY("title_line"), (long long)d->title_line);
    if (d->period_from) {
        jw_open(w, KEY("period"), '{');
        jw_int(w, KEY("from"), d->period_from);
        jw_int(w, KEY("to"), d->period_to);
        jw_close(w, '}');
    } else {
        jw_null(w, KEY("period"));
    }
    write_signer(w, &d->signer);
    write_texts(w, KEY("recipients"), d->recipients, d->recipient_count, false);
    jw_close(w, '}');
}

/* Headings nest under their parents; children follow their parent. */
static size_t write_heading(jw *w, const vnp_document *d, size_t i)
{
    const vnp_heading *h = &d->outline[i];
    jw_open(w, NO_KEY, '{');
    jw_int(w, KEY("line"), (long long)h->line);
    jw_int(w, KEY("level"), h->level);
    jw_str(w, KEY("style"), h->style);
    jw_str(w, KEY("number"), h->number);
    jw_str(w, KEY("title"), h->title);
    jw_open(w, KEY("children"), '[');
    size_t k = i + 1;
    while (k < d->outline_count && d->outline[k].parent == i + 1)
        k = write_heading(w, d, k);
    jw_close(w, ']');
    jw_close(w, '}');
    return k;
}

static void write_outline(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("outline"), '[');
    for (size_t i = 0; i < d->outline_count;)
        i = write_heading(w, d, i);
    jw_close(w, ']');
}

static void write_lists(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("footnotes"), '[');
    for (size_t i = 0; i < d->footnote_count; i++) {
        const vnp_footnote *f = &d->footnotes[i];
        jw_open(w, NO_KEY, '{');
        jw_int(w, KEY("line"), (long long)f->line);
        jw_str(w, KEY("marker"), f->marker);
        jw_str(w, KEY("text"), f->text);
        jw_opt_int(w, KEY("ref_line"), (long long)f->ref_line);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_open(w, KEY("annexes"), '[');
    for (size_t i = 0; i < d->annex_count; i++) {
        const vnp_annex *a = &d->annexes[i];
        jw_open(w, NO_KEY, '{');
        jw_int(w, KEY("line"), (long long)a->line);
        jw_int(w, KEY("end_line"), (long long)a->end_line);
        jw_str(w, KEY("label"), a->label);
        jw_str(w, KEY("caption"), a->caption);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

/* An ISO date, or null when the day is not known. */
static void jw_date(jw *w, jw_key key, int y, int m, int d)
{
    if (y <= 0 || m <= 0 || d <= 0) {
        char buf[16];
        jw_str_once(w, key, iso_date(y, m, d, buf));
        return;
    }
    /* what iso_date writes for a known day, "YYYY-MM-DD" of y % 10000,
     * m % 100 and d % 100, put in two digits at a time */
    char *o = jw_begin(w, key, 12);
    if (!o)
        return;
    y %= 10000;
    o[0] = '"';
    memcpy(o + 1, decimal_pairs + 2 * (y / 100), 2);
    memcpy(o + 3, decimal_pairs + 2 * (y % 100), 2);
    o[5] = '-';
    memcpy(o + 6, decimal_pairs + 2 * (m % 100), 2);
    o[8] = '-';
    memcpy(o + 9, decimal_pairs + 2 * (d % 100), 2);
    o[11] = '"';
    jw_commit(w, o + 12);
}

static void write_references(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("references"), '[');
    for (size_t i = 0; i < d->reference_count; i++) {
        const vnp_reference *r = &d->references[i];
        jw_open(w, NO_KEY, '{');
        jw_int(w, KEY("line"), (long long)r->line);
        jw_int(w, KEY("column"), (long long)r->column);
        jw_str(w, KEY("type"), r->type);
        jw_str(w, KEY("type_code"), r->type_code);
        jw_str(w, KEY("number"), r->number);
        jw_opt_int(w, KEY("year"), r->year);
        jw_str(w, KEY("symbol"), r->symbol);
        jw_str(w, KEY("symbol_raw"), r->symbol_raw);
        jw_date(w, KEY("date"), r->date.year, r->date.month, r->date.day);
        jw_str(w, KEY("issuer"), r->issuer);
        jw_str(w, KEY("role"), vnp_role_string(r->role));
        jw_str(w, KEY("text"), r->text);
        jw_str(w, KEY("title"), r->title);
        jw_str(w, KEY("cited"), r->cited ? d->cited_documents[r->cited - 1].key : NULL);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_cited(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("cited_documents"), '[');
    for (size_t i = 0; i < d->cited_document_count; i++) {
        const vnp_cited_document *c = &d->cited_documents[i];
        jw_open(w, NO_KEY, '{');
        jw_str(w, KEY("key"), c->key);
        jw_str(w, KEY("type"), c->type);
        jw_str(w, KEY("type_code"), c->type_code);
        jw_str(w, KEY("number"), c->number);
        jw_opt_int(w, KEY("year"), c->year);
        jw_str(w, KEY("symbol"), c->symbol);
        jw_date(w, KEY("date"), c->date.year, c->date.month, c->date.day);
        jw_str(w, KEY("issuer"), c->issuer);
        jw_str(w, KEY("title"), c->title);
        jw_open(w, KEY("roles"), '[');
        for (int role = VNP_ROLE_BASIS; role <= VNP_ROLE_FOOTNOTE; role++)
            if (c->roles & (1u << role))
                jw_str(w, NO_KEY, vnp_role_string((vnp_role)role));
        jw_close(w, ']');
        jw_open(w, KEY("mentions"), '[');
        for (size_t m = 0; m < c->mention_count; m++)
            jw_int(w, NO_KEY, (long long)d->references[c->mentions[m]].line);
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_agency_list(jw *w, jw_key key, const vnp_agency *a, size_t n)
{
    jw_open(w, key, '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(w, NO_KEY, '{');
        jw_str(w, KEY("name"), a[i].name);
        jw_str(w, KEY("key"), a[i].key);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_interpretation(jw *w, const vnp_record *r)
{
    jw_open(w, KEY("agencies"), '{');
    write_agency_list(w, KEY("lead"), r->lead, r->lead_count);
    write_agency_list(w, KEY("support"), r->support, r->support_count);
    jw_close(w, '}');
    if (r->due) {
        jw_open(w, KEY("due"), '{');
        jw_str(w, KEY("kind"), vnp_due_kind_string(r->due->kind));
        jw_date(w, KEY("start"), r->due->start.year, r->due->start.month, r->due->start.day);
        jw_date(w, KEY("end"), r->due->end.year, r->due->end.month, r->due->end.day);
        jw_str(w, KEY("recurrence"), r->due->recurrence);
        jw_date(w, KEY("until"), r->due->until.year, r->due->until.month, r->due->until.day);
        jw_str(w, KEY("condition"), r->due->condition);
        jw_close(w, '}');
    } else {
        jw_null(w, KEY("due"));
    }
    if (r->quantity) {
        jw_open(w, KEY("quantity"), '{');
        char number[64];
        jw_raw(w, KEY("value"), number, decimal_write(r->quantity->value, number, sizeof number));
        jw_str(w, KEY("unit"), r->quantity->unit);
        jw_str(w, KEY("code"), r->quantity->code);
        jw_close(w, '}');
    } else {
        jw_null(w, KEY("quantity"));
    }
}

static void write_record(jw *w, const role_keys *keys, const vnp_record *r)
{
    jw_open(w, NO_KEY, '{');
    jw_int(w, KEY("seq"), (long long)r->seq);
    jw_str(w, KEY("kind"), vnp_record_kind_string(r->kind));
    jw_str(w, KEY("number"), r->number);
    jw_str(w, KEY("section"), r->section);
    jw_str(w, KEY("parent"), r->parent);
    jw_str(w, KEY("title"), r->title);
    jw_int(w, KEY("line"), (long long)r->line);
    jw_open(w, KEY("cells"), '{');
    write_cells(w, keys, r);
    jw_close(w, '}');
    jw_open(w, KEY("other"), '[');
    for (size_t i = 0; i < r->other_count; i++) {
        jw_open(w, NO_KEY, '{');
        jw_int(w, KEY("column"), (long long)r->other[i].column);
        jw_str(w, KEY("text"), r->other[i].text);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    write_interpretation(w, r);
    jw_close(w, '}');
}

static void write_tables(jw *w, const vnp_document *d)
{
    role_keys keys;
    if (d->table_count)
        role_keys_make(&keys);
    jw_open(w, KEY("tables"), '[');
    for (size_t i = 0; i < d->table_count; i++) {
        const vnp_table *t = &d->tables[i];
        jw_open(w, NO_KEY, '{');
        jw_int(w, KEY("index"), (long long)t->index);
        jw_str(w, KEY("title"), t->title);
        jw_int(w, KEY("line"), (long long)t->line);
        jw_str(w, KEY("kind"), t->kind);
        jw_open(w, KEY("columns"), '[');
        for (size_t c = 0; c < t->column_count; c++) {
            jw_open(w, NO_KEY, '{');
            jw_str(w, KEY("header"), t->columns[c].header);
            jw_str(w, KEY("role"), vnp_cell_role_string(t->columns[c].role));
            jw_close(w, '}');
        }
        jw_close(w, ']');
        jw_open(w, KEY("records"), '[');
        for (size_t r = 0; r < t->record_count; r++)
            write_record(w, &keys, &t->records[r]);
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_diagnostics(jw *w, const vnp_document *d)
{
    jw_open(w, KEY("diagnostics"), '[');
    for (size_t i = 0; i < d->diagnostic_count; i++) {
        const vnp_diagnostic *g = &d->diagnostics[i];
        jw_open(w, NO_KEY, '{');
        jw_str(w, KEY("severity"), vnp_severity_string(g->severity));
        jw_str(w, KEY("code"), g->code);
        jw_opt_int(w, KEY("line"), (long long)g->line);
        jw_str(w, KEY("message"), g->message);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_all(jw *w, const vnp_document *doc)
{
    jw_open(w, NO_KEY, '{');
    jw_open(w, KEY("format"), '{');
    jw_str_once(w, KEY("name"), "vnplan");
    jw_str_once(w, KEY("version"), VNPLAN_FORMAT_VERSION);
    jw_close(w, '}');
    write_source(w, doc);
    write_document(w, doc);
    write_outline(w, doc);
    write_texts(w, KEY("preamble"), doc->preamble, doc->preamble_count, true);
    write_lists(w, doc);
    write_references(w, doc);
    write_cited(w, doc);
    write_tables(w, doc);
    write_diagnostics(w, doc);
    jw_close(w, '}');
    jw_end(w);
}

vnp_status json_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    if (out)
        *out = NULL; /* a failure leaves nothing to free */
    if (out_len)
        *out_len = 0;
    if (!doc || !out)
        return VNP_ERR_ARGUMENT;
    jw w = {.pretty = !(flags & VNP_WRITE_COMPACT)};
    jw_start(&w);
    write_all(&w, doc);
    return sink_finish(&w.sink, out, out_len);
}

vnp_status json_write_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    if (!doc || !f)
        return VNP_ERR_ARGUMENT;
    jw w = {.pretty = !(flags & VNP_WRITE_COMPACT), .sink.file = f};
    jw_start(&w);
    write_all(&w, doc);
    return sink_finish(&w.sink, NULL, NULL);
}
