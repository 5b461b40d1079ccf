/* Memory, buffers and small UTF-8 helpers shared by all stages. It calls
 * nothing of the library above it (matchkey.c builds on it, not the other
 * way round). */
#include "internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

struct arena_chunk {
    arena_chunk *next;
    size_t used, cap;
    bool own;     /* holds one allocation only */
    bool adopted; /* that allocation is a pointer to a buffer the arena was given */
    max_align_t data[];
};

/* The items of a vector past VEC_BLOCK_BYTES: a block of their own that
 * grows with realloc, so a growing vector leaves no old copies behind. */
struct arena_block {
    arena_block *prev, *next;
    max_align_t data[];
};

/* An arena's shared chunks double from the first size to the largest:
 * a document holds a dozen arenas at once, most with little in them, and
 * the small first chunks keep a short document's peak memory near what
 * it holds. */
enum {
    ARENA_FIRST_CHUNK_BYTES = 4 * 1024,
    ARENA_CHUNK_BYTES = 32 * 1024,
    VEC_BLOCK_BYTES = 4 * 1024
};

static size_t next_chunk_bytes(const arena *a)
{
    size_t cap = ARENA_FIRST_CHUNK_BYTES;
    for (unsigned k = a->chunks; k > 0 && cap < ARENA_CHUNK_BYTES; k--)
        cap *= 2;
    return cap;
}

/* Set by any allocation of this thread that failed; vnp_parse turns it
 * into VNP_ERR_NOMEM, so no failure can leave a quietly shorter result. */
_Thread_local bool vnp_alloc_failed;

/* ---- the allocator of the call in progress ----------------------------
 * Each public function that works on a document (parse, write, free) makes
 * the document's allocator this thread's for its duration, so the stages
 * and helpers below it allocate through it without carrying it: a stage's
 * change from malloc to mem_alloc is mechanical. NULL: the C library's. */
static _Thread_local const vnp_allocator *current_allocator;

const vnp_allocator *mem_use(const vnp_allocator *a)
{
    const vnp_allocator *before = current_allocator;
    current_allocator = a;
    return before;
}

void *mem_alloc(size_t size)
{
    const vnp_allocator *a = current_allocator;
    return a ? a->malloc(a->ctx, size ? size : 1) : malloc(size ? size : 1);
}

void *mem_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = mem_alloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *mem_realloc(void *p, size_t old_size, size_t size)
{
    const vnp_allocator *a = current_allocator;
    if (!p)
        return mem_alloc(size);
    size = size ? size : 1;
    return a ? a->realloc(a->ctx, p, old_size, size) : realloc(p, size);
}

void mem_free(void *p)
{
    const vnp_allocator *a = current_allocator;
    if (!p)
        return;
    if (a)
        a->free(a->ctx, p);
    else
        free(p);
}

char *mem_strndup(const char *s, size_t n)
{
    char *p = mem_alloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void *arena_fail(arena *a)
{
    a->failed = true;
    vnp_alloc_failed = true;
    return NULL;
}

static size_t align_up(size_t n, size_t align) { return (n + align - 1) / align * align; }

/* A chunk for an allocation too large to share one: it goes behind the
 * head, so the head's free space still serves the small ones. */
static void *own_chunk(arena *a, size_t size)
{
    /* 64 bytes more, given a value: PCRE2's JIT may read that far past a
     * subject's end (see arena_take) */
    arena_chunk *c = mem_alloc(sizeof *c + size + 64);
    if (!c)
        return arena_fail(a);
    memset((char *)c->data + size, 0, 64);
    c->used = c->cap = size;
    c->own = true;
    c->adopted = false;
    c->next = a->head ? a->head->next : NULL;
    if (a->head)
        a->head->next = c;
    else
        a->head = c;
    return c->data;
}

/* size bytes at a multiple of align (a power of two up to
 * sizeof(max_align_t)); strings take 1, so they pack without padding. */
static void *arena_take(arena *a, size_t size, size_t align)
{
    if (a->failed)
        return NULL;
    if (size > ARENA_CHUNK_BYTES / 4)
        return own_chunk(a, size);
    arena_chunk *c = a->head;
    size_t at = c ? align_up(c->used, align) : 0;
    if (!c || at > c->cap || c->cap - at < size) {
        size_t cap = next_chunk_bytes(a);
        if (size > cap / 4)
            return own_chunk(a, size);
        c = mem_alloc(sizeof *c + cap);
        if (!c)
            return arena_fail(a);
        a->chunks++;
        c->cap = cap;
        c->own = false;
        c->adopted = false;
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    c->used = at + size;
    /* PCRE2's JIT reads subject strings in aligned blocks that can pass
     * their end, inside the chunk: the bytes up to the next 64-byte
     * boundary are given a value, so what it reads is defined (valgrind
     * checks the corpus), without zeroing whole chunks */
    size_t pad = align_up(c->used, 64);
    memset((char *)c->data + c->used, 0, (pad < c->cap ? pad : c->cap) - c->used);
    return (char *)c->data + at;
}

void *arena_alloc(arena *a, size_t size)
{
    size = size ? size : 1;
    void *p = arena_take(a, size, sizeof(max_align_t));
    if (p)
        memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1, 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *arena_chars(arena *a, size_t n) { return arena_take(a, n + 1, 1); }

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void arena_free(arena *a, void *p)
{
    for (arena_chunk **c = &a->head; *c; c = &(*c)->next)
        if ((*c)->own && (void *)(*c)->data == p) {
            arena_chunk *dead = *c;
            *c = dead->next;
            mem_free(dead);
            return;
        }
}

void arena_release(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        if (c->adopted) {
            void *buffer;
            memcpy(&buffer, c->data, sizeof buffer);
            mem_free(buffer);
        }
        mem_free(c);
        c = next;
    }
    arena_block *b = a->blocks;
    while (b) {
        arena_block *next = b->next;
        mem_free(b);
        b = next;
    }
    a->head = NULL;
    a->blocks = NULL;
}

void *arena_alloc_uncleared(arena *a, size_t size)
{
    return arena_take(a, size ? size : 1, sizeof(max_align_t));
}

bool arena_adopt(arena *a, void *buffer)
{
    char *slot = own_chunk(a, sizeof buffer);
    if (!slot)
        return false;
    memcpy(slot, &buffer, sizeof buffer);
    ((arena_chunk *)(slot - offsetof(arena_chunk, data)))->adopted = true;
    return true;
}

int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m < 1 || m > 12 ? 0 : m == 2 && leap ? 29 : days[m - 1];
}

bool valid_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 2200 && d >= 1 && d <= days_in_month(y, m);
}

const char *iso_date(int y, int m, int d, char buf[16])
{
    if (!y || !m || !d)
        return NULL;
    if (y < 0 || m < 0 || d < 0) {
        snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
        return buf;
    }
    /* what that snprintf writes for positive numbers, without its cost */
    int v[3] = {y % 10000, m % 100, d % 100}, width[3] = {4, 2, 2};
    char *o = buf;
    for (int k = 0; k < 3; k++) {
        if (k)
            *o++ = '-';
        for (int w = width[k] - 1, x = v[k]; w >= 0; w--, x /= 10)
            o[w] = (char)('0' + x % 10);
        o += width[k];
    }
    *o = '\0';
    return buf;
}

/* A block that realloc moved: its neighbours point at the old place. */
static void block_moved(arena *a, arena_block *b)
{
    *(b->prev ? &b->prev->next : &a->blocks) = b;
    if (b->next)
        b->next->prev = b;
}

/* Resizes the block holding items (NULL for a new block) to bytes; on
 * failure the old block stays linked, so arena_release still frees it. */
static void *block_resize(arena *a, void *items, size_t old_bytes, size_t bytes)
{
    arena_block *old = items ? (arena_block *)((char *)items - offsetof(arena_block, data)) : NULL;
    arena_block *b = mem_realloc(old, old ? sizeof *b + old_bytes : 0, sizeof *b + bytes);
    if (!b)
        return arena_fail(a);
    if (!old) {
        b->prev = NULL;
        b->next = a->blocks;
        if (b->next)
            b->next->prev = b;
        a->blocks = b;
    } else if (b != old) {
        block_moved(a, b);
    }
    return b->data;
}

static bool vec_grow(arena *a, vec *v)
{
    if (a->failed)
        return false;
    size_t cap = v->cap ? v->cap * 2 : 4; /* most vectors stay small (cell pieces) */
    size_t old_bytes = v->cap * v->size, bytes = cap * v->size;
    void *items;
    if (old_bytes >= VEC_BLOCK_BYTES)
        items = block_resize(a, v->items, old_bytes, bytes);
    else if (bytes >= VEC_BLOCK_BYTES)
        items = block_resize(a, NULL, 0, bytes);
    else
        items = arena_take(a, bytes, sizeof(max_align_t));
    if (!items)
        return false;
    if (items != v->items && old_bytes < VEC_BLOCK_BYTES && v->count)
        memcpy(items, v->items, v->count * v->size);
    v->items = items;
    v->cap = cap;
    return true;
}

void *vec_push(arena *a, vec *v)
{
    if (v->count == v->cap && !vec_grow(a, v))
        return NULL;
    void *slot = (char *)v->items + v->count * v->size;
    memset(slot, 0, v->size);
    v->count++;
    return slot;
}

void vec_shrink(arena *a, vec *v)
{
    size_t bytes = v->count * v->size, old_bytes = v->cap * v->size;
    if (bytes < VEC_BLOCK_BYTES || bytes == old_bytes)
        return; /* in the arena's chunks, or without slack */
    arena_block *old = (arena_block *)((char *)v->items - offsetof(arena_block, data));
    arena_block *b = mem_realloc(old, sizeof *b + old_bytes, sizeof *b + bytes);
    if (!b)
        return; /* the items stay as they were, slack and all */
    if (b != old)
        block_moved(a, b);
    v->items = b->data;
    v->cap = v->count;
}

bool sb_reserve(strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = mem_realloc(b->data, b->cap, cap);
    if (!d) {
        b->failed = true;
        vnp_alloc_failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void sb_append(strbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sb_puts(strbuf *b, const char *s) { sb_append(b, s, strlen(s)); }

void sb_putc(strbuf *b, char c) { sb_append(b, &c, 1); }

void sb_printf(strbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        sb_append(b, tmp, (size_t)n);
        return;
    }
    if (!sb_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sink_drain(out_sink *s, size_t at)
{
    strbuf *b = &s->buf;
    if (!s->file || s->io_failed || b->len < at || b->len == 0)
        return;
    if (fwrite(b->data, 1, b->len, s->file) != b->len) {
        s->io_failed = true;
        b->failed = true; /* stops every later append */
    }
    b->len = 0;
}

vnp_status sink_finish(out_sink *s, char **out, size_t *out_len)
{
    if (s->file && !s->buf.failed)
        sink_drain(s, 0);
    vnp_status st = s->io_failed ? VNP_ERR_IO : s->buf.failed ? VNP_ERR_NOMEM : VNP_OK;
    if (st != VNP_OK || s->file) {
        sb_free(&s->buf);
        return st;
    }
    *out = s->buf.data;
    if (out_len)
        *out_len = s->buf.len;
    return VNP_OK;
}

void sb_free(strbuf *b)
{
    mem_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

size_t utf8_boundary(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}


static bool fold_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Folds every run of white space to one space and trims both ends; the
 * words between move as whole runs, and text already folded is not
 * written at all. */
size_t fold_spaces(char *s, size_t n)
{
    size_t i = 0, out = 0;
    while (i < n && fold_space(s[i]))
        i++;
    while (i < n) {
        size_t word = i;
        while (i < n && !fold_space(s[i]))
            i++;
        if (out != word)
            memmove(s + out, s + word, i - word);
        out += i - word;
        if (i < n && s[i] == ' ' && i + 1 < n && !fold_space(s[i + 1])) {
            s[out++] = ' '; /* the usual single space */
            i++;
            continue;
        }
        while (i < n && fold_space(s[i]))
            i++;
        if (i < n)
            s[out++] = ' ';
    }
    s[out] = '\0';
    return out;
}

int32_t utf8_decode(const char *s, size_t n, size_t *width)
{
    /* the sequences Vietnamese text is made of, decoded here; utf8proc
     * decides the others (and every invalid one) */
    const unsigned char *u = (const unsigned char *)s;
    if (n && u[0] < 0x80) {
        *width = 1;
        return u[0];
    }
    if (n >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
        *width = 2;
        return (int32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    }
    if (n >= 3 && u[0] >= 0xE1 && u[0] <= 0xEC && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        *width = 3;
        return (int32_t)(u[0] & 0x0F) << 12 | (int32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    }
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t w = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)n, &cp);
    if (w <= 0) {
        *width = 1;
        return -1;
    }
    *width = (size_t)w;
    return cp;
}

size_t utf8_encode(int32_t cp, char out[4])
{
    if (cp >= 0 && cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp >= 0x80 && cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0x800 && cp < 0xD800) { /* utf8proc decides surrogates and U+FFFE/F */
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* ---- letter case ------------------------------------------------------------- */

/* What is_vn_lower_start and is_vn_upper_text tell of a code point, from
 * its Unicode category. */
typedef enum letter_case { CASE_OTHER, CASE_LOWER, CASE_UPPER, CASE_DIGIT } letter_case;

static letter_case case_of_category(int32_t cp)
{
    switch (utf8proc_get_property(cp)->category) {
    case UTF8PROC_CATEGORY_LL: return CASE_LOWER;
    case UTF8PROC_CATEGORY_LU: return CASE_UPPER;
    case UTF8PROC_CATEGORY_ND: return CASE_DIGIT;
    default: return CASE_OTHER;
    }
}

/* The cases of the Latin letters (to U+024F) and of Latin Extended
 * Additional (U+1E00-U+1EFF, the Vietnamese letters), read from utf8proc
 * once per process: those two tests read every letter of a text. */
#define CASE_LATIN_END 0x250
#define CASE_EXTRA_FIRST 0x1E00
#define CASE_EXTRA_END 0x1F00
static unsigned char latin_cases[CASE_LATIN_END + (CASE_EXTRA_END - CASE_EXTRA_FIRST)];
static pthread_once_t cases_once = PTHREAD_ONCE_INIT;
static atomic_bool cases_built;

static void build_cases(void)
{
    for (int32_t cp = 0; cp < CASE_LATIN_END; cp++)
        latin_cases[cp] = (unsigned char)case_of_category(cp);
    for (int32_t cp = CASE_EXTRA_FIRST; cp < CASE_EXTRA_END; cp++)
        latin_cases[CASE_LATIN_END + cp - CASE_EXTRA_FIRST] = (unsigned char)case_of_category(cp);
    atomic_store_explicit(&cases_built, true, memory_order_release);
}

static letter_case case_of(int32_t cp)
{
    if (cp >= CASE_LATIN_END && (cp < CASE_EXTRA_FIRST || cp >= CASE_EXTRA_END))
        return case_of_category(cp);
    if (!atomic_load_explicit(&cases_built, memory_order_acquire))
        pthread_once(&cases_once, build_cases);
    return (letter_case)latin_cases[cp < CASE_LATIN_END ? cp : CASE_LATIN_END + cp - CASE_EXTRA_FIRST];
}

/* case_of() read through utf8proc for every code point: what the table
 * must agree with, for the tests. */
int letter_case_by_category(int32_t cp) { return (int)case_of_category(cp); }
int letter_case_of(int32_t cp) { return (int)case_of(cp); }

/* The first letter (skipping quotes and brackets) is lower case. */
bool is_vn_lower_start(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t w;
        int32_t cp = utf8_decode(s + i, n - i, &w);
        if (cp < 0)
            return false;
        letter_case c = case_of(cp);
        if (c == CASE_LOWER)
            return true;
        if (c == CASE_UPPER || c == CASE_DIGIT)
            return false;
        i += w;
    }
    return false;
}

bool is_vn_upper_text(const char *s, size_t n)
{
    size_t i = 0, letters = 0;
    while (i < n) {
        size_t w;
        int32_t cp = utf8_decode(s + i, n - i, &w);
        if (cp < 0)
            return false;
        letter_case c = case_of(cp);
        if (c == CASE_LOWER)
            return false;
        if (c == CASE_UPPER)
            letters++;
        i += w;
    }
    return letters > 0;
}
