/* JSON writer: fixed key order, pretty (two spaces) or compact. The shape
 * is described by schema/vnplan.schema.json; keep the two in step. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JW_MAX_DEPTH 64

/* Writing to a FILE, the buffer is handed over whenever it holds this much. */
#define JW_FLUSH_BYTES (64u * 1024u)

typedef struct jw {
    out_sink sink;
    bool pretty;
    int depth;
    bool has_items[JW_MAX_DEPTH];
} jw;

/* Bytes at the start of s[0..n) that a JSON string takes as they are,
 * eight at a time: a word is let through when none of its bytes is below
 * 0x20, '"' or '\\' (the tests flag a byte under 0x80 only; the byte
 * loop then finds which). */
static size_t unescaped_run_words(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
        uint64_t flagged = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
                           ((backslash - ones) & ~backslash);
        if (flagged & highs)
            break;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\')
            break;
    }
    return i;
}

bool json_uses_simd = true;

#if defined(__SSE2__)
#include <emmintrin.h>

/* unescaped_run_words() sixteen bytes at a time: a byte needs an escape
 * when it is '"', '\\' or at most 0x1F (min(v, 0x1F) == v, unsigned). */
static size_t unescaped_run_sse2(const char *s, size_t n)
{
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1F);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                _mm_cmpeq_epi8(v, backslash)),
                                   _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
        unsigned mask = (unsigned)_mm_movemask_epi8(bad);
        if (mask) {
            while (!(mask & 1)) /* at most 15 steps, once per string that needs an escape */
                mask >>= 1, i++;
            return i;
        }
    }
    return i + unescaped_run_words(s + i, n - i);
}
#endif

/* Bytes at the start of s[0..n) that need no escape: SSE2 where the
 * processor has it (every x86-64 one) and json_uses_simd, words of eight
 * bytes elsewhere; the same answer either way (the tests hold them to
 * it). */
static size_t unescaped_run(const char *s, size_t n)
{
#if defined(__SSE2__)
    if (json_uses_simd)
        return unescaped_run_sse2(s, n);
#endif
    return unescaped_run_words(s, n);
}

/* Room for `extra` more bytes and the NUL at the end of the buffer:
 * where they go, or NULL when memory ran out or a write failed. Every
 * value asks once, for all it writes (the common case is a compare). */
static char *jw_room(jw *w, size_t extra)
{
    strbuf *b = &w->sink.buf;
    if ((b->failed || b->len + extra + 1 > b->cap) && !sb_reserve(b, extra))
        return NULL;
    return b->data + b->len;
}

/* Ends what was written at o, from jw_room(). */
static void jw_commit(jw *w, char *o)
{
    *o = '\0';
    w->sink.buf.len = (size_t)(o - w->sink.buf.data);
}

/* The bytes jw_prefix() may write for a key of klen bytes. */
static size_t jw_prefix_bound(const jw *w, size_t klen)
{
    return 2 + 2 * (size_t)w->depth + klen + 4;
}

/* Starts a value at o: comma, new line with indentation and key as
 * needed. Keys are our own names (the literals below and the role
 * names): plain ASCII that needs no escape. */
static char *jw_prefix(jw *w, char *o, const char *key, size_t klen)
{
    if (w->depth > 0) {
        if (w->has_items[w->depth])
            *o++ = ',';
        w->has_items[w->depth] = true;
        if (w->pretty) {
            *o++ = '\n';
            memset(o, ' ', 2 * (size_t)w->depth);
            o += 2 * (size_t)w->depth;
        }
    }
    if (key) {
        *o++ = '"';
        memcpy(o, key, klen);
        o += klen;
        *o++ = '"';
        *o++ = ':';
        if (w->pretty)
            *o++ = ' ';
    }
    return o;
}

/* Starts a value that writes `extra` bytes after its key; returns where
 * they go (NULL: nothing is written). The buffer goes to the file, when
 * there is one, before a value once it holds enough. */
static char *jw_begin(jw *w, const char *key, size_t klen, size_t extra)
{
    if (w->sink.buf.len >= JW_FLUSH_BYTES)
        sink_drain(&w->sink, JW_FLUSH_BYTES);
    char *o = jw_room(w, jw_prefix_bound(w, klen) + extra);
    return o ? jw_prefix(w, o, key, klen) : NULL;
}

/* The rest of a JSON string from s[i], the first byte that needs an
 * escape, to the closing quote: runs of bytes that need none go in at
 * once, with one capacity check each. */
static void jw_string_rest(strbuf *b, const char *s, size_t n, size_t i)
{
    for (;;) {
        unsigned char c = (unsigned char)s[i++];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            sb_append(b, esc, 2);
        } else if (c == '\n') {
            sb_append(b, "\\n", 2);
        } else if (c == '\t') {
            sb_append(b, "\\t", 2);
        } else {
            sb_printf(b, "\\u%04x", c);
        }
        size_t run = unescaped_run(s + i, n - i);
        if (!sb_reserve(b, run + 1)) /* and the closing quote */
            return;
        char *o = b->data + b->len;
        memcpy(o, s + i, run);
        o += run;
        i += run;
        if (i == n)
            *o++ = '"';
        *o = '\0';
        b->len = (size_t)(o - b->data);
        if (i == n)
            return;
    }
}

/* The length of a key: a literal's is known where the call is made. */
static inline size_t key_len(const char *key) { return key ? strlen(key) : 0; }

/* key: value written as it is (a number, null, a bracket). */
static void jw_raw_k(jw *w, const char *key, size_t klen, const char *raw, size_t n)
{
    char *o = jw_begin(w, key, klen, n);
    if (!o)
        return;
    memcpy(o, raw, n);
    jw_commit(w, o + n);
}

/* key: a string, or null. One reservation for a string that needs no
 * escape (nearly all); one more per escape for the others. */
static void jw_str_k(jw *w, const char *key, size_t klen, const char *value)
{
    if (!value) {
        jw_raw_k(w, key, klen, "null", 4);
        return;
    }
    size_t n = strlen(value), run = unescaped_run(value, n);
    char *o = jw_begin(w, key, klen, run + 2);
    if (!o)
        return;
    *o++ = '"';
    memcpy(o, value, run);
    o += run;
    if (run == n)
        *o++ = '"';
    jw_commit(w, o);
    if (run < n)
        jw_string_rest(&w->sink.buf, value, n, run);
}

/* A closing bracket on a line of its own, indented, when the container
 * had items. */
static void jw_close(jw *w, char bracket)
{
    bool had = w->has_items[w->depth];
    w->depth--;
    char *o = jw_room(w, 2 + 2 * (size_t)(w->depth > 0 ? w->depth : 0));
    if (!o)
        return;
    if (had && w->pretty) {
        *o++ = '\n';
        memset(o, ' ', 2 * (size_t)w->depth);
        o += 2 * (size_t)w->depth;
    }
    *o++ = bracket;
    jw_commit(w, o);
}

static void jw_open_k(jw *w, const char *key, size_t klen, char bracket)
{
    jw_raw_k(w, key, klen, &bracket, 1);
    if (w->depth + 1 < JW_MAX_DEPTH)
        w->depth++;
    w->has_items[w->depth] = false;
}

static void jw_int_k(jw *w, const char *key, size_t klen, long long value)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (value < 0)
        *--p = '-';
    jw_raw_k(w, key, klen, p, (size_t)(buf + sizeof buf - p));
}

#define jw_str(w, key, value) jw_str_k(w, key, key_len(key), value)
#define jw_int(w, key, value) jw_int_k(w, key, key_len(key), value)
#define jw_open(w, key, bracket) jw_open_k(w, key, key_len(key), bracket)
#define jw_raw(w, key, raw, n) jw_raw_k(w, key, key_len(key), raw, n)

/* An integer field where 0 means absent. */
static void jw_opt_int(jw *w, const char *key, long long value)
{
    if (value)
        jw_int(w, key, value);
    else
        jw_str(w, key, NULL);
}

static void write_source(jw *w, const vnp_document *d)
{
    jw_open(w, "source", '{');
    jw_str(w, "name", d->source_name);
    jw_int(w, "bytes", (long long)d->source_bytes);
    jw_str(w, "sha256", d->source_sha256);
    jw_int(w, "lines", (long long)d->line_count);
    jw_str(w, "encoding", d->source_encoding);
    char number[32];
    if (d->source_encoding_confidence >= 0)
        jw_raw(w, "encoding_confidence", number,
               decimal_write(confidence_rounded(d->source_encoding_confidence), number,
                             sizeof number));
    else
        jw_str(w, "encoding_confidence", NULL);
    jw_str(w, "form", d->source_form ? d->source_form : "text");
    jw_close(w, '}');
}

static void write_date(jw *w, const vnp_date *dt)
{
    if (!dt->line) {
        jw_str(w, "date", NULL);
        return;
    }
    jw_open(w, "date", '{');
    jw_opt_int(w, "year", dt->year);
    jw_opt_int(w, "month", dt->month);
    jw_opt_int(w, "day", dt->day);
    jw_str(w, "text", dt->text);
    jw_int(w, "line", (long long)dt->line);
    jw_close(w, '}');
}

static void write_signer(jw *w, const vnp_signer *s)
{
    if (!s->line) {
        jw_str(w, "signer", NULL);
        return;
    }
    jw_open(w, "signer", '{');
    jw_str(w, "authority", s->authority);
    jw_str(w, "on_behalf_of", s->on_behalf_of);
    jw_str(w, "title", s->title);
    jw_str(w, "name", s->name);
    jw_int(w, "line", (long long)s->line);
    jw_close(w, '}');
}

static void write_issuer(jw *w, const vnp_issuer *is)
{
    if (!is->name) {
        jw_str(w, "issuer", NULL);
        return;
    }
    jw_open(w, "issuer", '{');
    jw_str(w, "name", is->name);
    jw_int(w, "name_line", (long long)is->name_line);
    jw_str(w, "parent", is->parent);
    jw_opt_int(w, "parent_line", (long long)is->parent_line);
    jw_str(w, "scope", is->scope);
    jw_str(w, "source", is->source);
    jw_close(w, '}');
}

static void write_province(jw *w, const vnp_province *p)
{
    if (!p->name) {
        jw_str(w, "province", NULL);
        return;
    }
    jw_open(w, "province", '{');
    jw_str(w, "name", p->name);
    jw_str(w, "kind", p->kind);
    jw_str(w, "written", p->written);
    jw_str(w, "former", p->former);
    jw_str(w, "source", p->source);
    jw_int(w, "line", (long long)p->line);
    jw_close(w, '}');
}

static void write_texts(jw *w, const char *key, const vnp_text *t, size_t n, bool spans)
{
    jw_open(w, key, '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(w, NULL, '{');
        jw_int(w, "line", (long long)t[i].line);
        if (spans)
            jw_int(w, "end_line", (long long)t[i].end_line);
        jw_str(w, "text", t[i].text);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_document(jw *w, const vnp_document *d)
{
    jw_open(w, "document", '{');
    write_issuer(w, &d->issuer);
    write_province(w, &d->province);
    jw_str(w, "type", d->type);
    jw_str(w, "type_code", d->type_code);
    jw_opt_int(w, "type_line", (long long)d->type_line);
    jw_str(w, "number", d->number);
    jw_str(w, "symbol", d->symbol);
    jw_opt_int(w, "number_year", d->number_year);
    jw_opt_int(w, "number_line", (long long)d->number_line);
    jw_str(w, "place", d->place);
    write_date(w, &d->date);
    jw_str(w, "title", d->title);
    jw_opt_int(w, "title_line", (long long)d->title_line);
    if (d->period_from) {
        jw_open(w, "period", '{');
        jw_int(w, "from", d->period_from);
        jw_int(w, "to", d->period_to);
        jw_close(w, '}');
    } else {
        jw_str(w, "period", NULL);
    }
    write_signer(w, &d->signer);
    write_texts(w, "recipients", d->recipients, d->recipient_count, false);
    jw_close(w, '}');
}

/* Headings nest under their parents; children follow their parent. */
static size_t write_heading(jw *w, const vnp_document *d, size_t i)
{
    const vnp_heading *h = &d->outline[i];
    jw_open(w, NULL, '{');
    jw_int(w, "line", (long long)h->line);
    jw_int(w, "level", h->level);
    jw_str(w, "style", h->style);
    jw_str(w, "number", h->number);
    jw_str(w, "title", h->title);
    jw_open(w, "children", '[');
    size_t k = i + 1;
    while (k < d->outline_count && d->outline[k].parent == i + 1)
        k = write_heading(w, d, k);
    jw_close(w, ']');
    jw_close(w, '}');
    return k;
}

static void write_outline(jw *w, const vnp_document *d)
{
    jw_open(w, "outline", '[');
    for (size_t i = 0; i < d->outline_count;)
        i = write_heading(w, d, i);
    jw_close(w, ']');
}

static void write_lists(jw *w, const vnp_document *d)
{
    jw_open(w, "footnotes", '[');
    for (size_t i = 0; i < d->footnote_count; i++) {
        const vnp_footnote *f = &d->footnotes[i];
        jw_open(w, NULL, '{');
        jw_int(w, "line", (long long)f->line);
        jw_str(w, "marker", f->marker);
        jw_str(w, "text", f->text);
        jw_opt_int(w, "ref_line", (long long)f->ref_line);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_open(w, "annexes", '[');
    for (size_t i = 0; i < d->annex_count; i++) {
        const vnp_annex *a = &d->annexes[i];
        jw_open(w, NULL, '{');
        jw_int(w, "line", (long long)a->line);
        jw_int(w, "end_line", (long long)a->end_line);
        jw_str(w, "label", a->label);
        jw_str(w, "caption", a->caption);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

/* An ISO date, or null when the day is not known. */
static void jw_date(jw *w, const char *key, int y, int m, int d)
{
    char buf[16];
    jw_str(w, key, iso_date(y, m, d, buf));
}

static void write_references(jw *w, const vnp_document *d)
{
    jw_open(w, "references", '[');
    for (size_t i = 0; i < d->reference_count; i++) {
        const vnp_reference *r = &d->references[i];
        jw_open(w, NULL, '{');
        jw_int(w, "line", (long long)r->line);
        jw_int(w, "column", (long long)r->column);
        jw_str(w, "type", r->type);
        jw_str(w, "type_code", r->type_code);
        jw_str(w, "number", r->number);
        jw_opt_int(w, "year", r->year);
        jw_str(w, "symbol", r->symbol);
        jw_str(w, "symbol_raw", r->symbol_raw);
        jw_date(w, "date", r->date.year, r->date.month, r->date.day);
        jw_str(w, "issuer", r->issuer);
        jw_str(w, "role", vnp_role_string(r->role));
        jw_str(w, "text", r->text);
        jw_str(w, "title", r->title);
        jw_str(w, "cited", r->cited ? d->cited_documents[r->cited - 1].key : NULL);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_cited(jw *w, const vnp_document *d)
{
    jw_open(w, "cited_documents", '[');
    for (size_t i = 0; i < d->cited_document_count; i++) {
        const vnp_cited_document *c = &d->cited_documents[i];
        jw_open(w, NULL, '{');
        jw_str(w, "key", c->key);
        jw_str(w, "type", c->type);
        jw_str(w, "type_code", c->type_code);
        jw_str(w, "number", c->number);
        jw_opt_int(w, "year", c->year);
        jw_str(w, "symbol", c->symbol);
        jw_date(w, "date", c->date.year, c->date.month, c->date.day);
        jw_str(w, "issuer", c->issuer);
        jw_str(w, "title", c->title);
        jw_open(w, "roles", '[');
        for (int role = VNP_ROLE_BASIS; role <= VNP_ROLE_FOOTNOTE; role++)
            if (c->roles & (1u << role))
                jw_str(w, NULL, vnp_role_string((vnp_role)role));
        jw_close(w, ']');
        jw_open(w, "mentions", '[');
        for (size_t m = 0; m < c->mention_count; m++)
            jw_int(w, NULL, (long long)d->references[c->mentions[m]].line);
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_agency_list(jw *w, const char *key, const vnp_agency *a, size_t n)
{
    jw_open(w, key, '[');
    for (size_t i = 0; i < n; i++) {
        jw_open(w, NULL, '{');
        jw_str(w, "name", a[i].name);
        jw_str(w, "key", a[i].key);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_interpretation(jw *w, const vnp_record *r)
{
    jw_open(w, "agencies", '{');
    write_agency_list(w, "lead", r->lead, r->lead_count);
    write_agency_list(w, "support", r->support, r->support_count);
    jw_close(w, '}');
    if (r->due) {
        jw_open(w, "due", '{');
        jw_str(w, "kind", vnp_due_kind_string(r->due->kind));
        jw_date(w, "start", r->due->start.year, r->due->start.month, r->due->start.day);
        jw_date(w, "end", r->due->end.year, r->due->end.month, r->due->end.day);
        jw_str(w, "recurrence", r->due->recurrence);
        jw_date(w, "until", r->due->until.year, r->due->until.month, r->due->until.day);
        jw_str(w, "condition", r->due->condition);
        jw_close(w, '}');
    } else {
        jw_str(w, "due", NULL);
    }
    if (r->quantity) {
        jw_open(w, "quantity", '{');
        char number[64];
        jw_raw(w, "value", number, decimal_write(r->quantity->value, number, sizeof number));
        jw_str(w, "unit", r->quantity->unit);
        jw_str(w, "code", r->quantity->code);
        jw_close(w, '}');
    } else {
        jw_str(w, "quantity", NULL);
    }
}

static void write_record(jw *w, const vnp_record *r)
{
    jw_open(w, NULL, '{');
    jw_int(w, "seq", (long long)r->seq);
    jw_str(w, "kind", vnp_record_kind_string(r->kind));
    jw_str(w, "number", r->number);
    jw_str(w, "section", r->section);
    jw_str(w, "parent", r->parent);
    jw_str(w, "title", r->title);
    jw_int(w, "line", (long long)r->line);
    jw_open(w, "cells", '{');
    for (int role = 0; role < VNP_CELL_ROLES; role++) {
        const char *cell = vnp_record_cell(r, (vnp_cell_role)role);
        if (cell)
            jw_str(w, vnp_cell_role_string((vnp_cell_role)role), cell);
    }
    jw_close(w, '}');
    jw_open(w, "other", '[');
    for (size_t i = 0; i < r->other_count; i++) {
        jw_open(w, NULL, '{');
        jw_int(w, "column", (long long)r->other[i].column);
        jw_str(w, "text", r->other[i].text);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    write_interpretation(w, r);
    jw_close(w, '}');
}

static void write_tables(jw *w, const vnp_document *d)
{
    jw_open(w, "tables", '[');
    for (size_t i = 0; i < d->table_count; i++) {
        const vnp_table *t = &d->tables[i];
        jw_open(w, NULL, '{');
        jw_int(w, "index", (long long)t->index);
        jw_str(w, "title", t->title);
        jw_int(w, "line", (long long)t->line);
        jw_str(w, "kind", t->kind);
        jw_open(w, "columns", '[');
        for (size_t c = 0; c < t->column_count; c++) {
            jw_open(w, NULL, '{');
            jw_str(w, "header", t->columns[c].header);
            jw_str(w, "role", vnp_cell_role_string(t->columns[c].role));
            jw_close(w, '}');
        }
        jw_close(w, ']');
        jw_open(w, "records", '[');
        for (size_t r = 0; r < t->record_count; r++)
            write_record(w, &t->records[r]);
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_diagnostics(jw *w, const vnp_document *d)
{
    jw_open(w, "diagnostics", '[');
    for (size_t i = 0; i < d->diagnostic_count; i++) {
        const vnp_diagnostic *g = &d->diagnostics[i];
        jw_open(w, NULL, '{');
        jw_str(w, "severity", vnp_severity_string(g->severity));
        jw_str(w, "code", g->code);
        jw_opt_int(w, "line", (long long)g->line);
        jw_str(w, "message", g->message);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_all(jw *w, const vnp_document *doc)
{
    jw_open(w, NULL, '{');
    jw_open(w, "format", '{');
    jw_str(w, "name", "vnplan");
    jw_str(w, "version", VNPLAN_FORMAT_VERSION);
    jw_close(w, '}');
    write_source(w, doc);
    write_document(w, doc);
    write_outline(w, doc);
    write_texts(w, "preamble", doc->preamble, doc->preamble_count, true);
    write_lists(w, doc);
    write_references(w, doc);
    write_cited(w, doc);
    write_tables(w, doc);
    write_diagnostics(w, doc);
    jw_close(w, '}');
    sb_putc(&w->sink.buf, '\n');
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
    write_all(&w, doc);
    return sink_finish(&w.sink, out, out_len);
}

vnp_status json_write_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    if (!doc || !f)
        return VNP_ERR_ARGUMENT;
    jw w = {.pretty = !(flags & VNP_WRITE_COMPACT), .sink.file = f};
    write_all(&w, doc);
    return sink_finish(&w.sink, NULL, NULL);
}
