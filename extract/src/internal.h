/* Shared declarations of the pipeline stages. Not installed. */
#ifndef VNPLAN_INTERNAL_H
#define VNPLAN_INTERNAL_H

#include "vnplan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- memory (util.c): the library allocates only through these. They
 * call the allocator that mem_use() made this thread's: the document's
 * (vnp_options.allocator) while a public function parses, writes or frees
 * it, or the C library's (NULL). The caches shared by every document
 * (compiled grammars, lexicons) outlive any one of them: they are built
 * under mem_use(NULL). */
const vnp_allocator *mem_use(const vnp_allocator *a); /* returns the one replaced */
void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size); /* zeroed; NULL on overflow */
void *mem_realloc(void *p, size_t old_size, size_t size); /* p NULL: mem_alloc */
void mem_free(void *p);
char *mem_strndup(const char *s, size_t n);

/* ---- arena: every string and array of a document lives in one arena, so
 * freeing a document is one call and a failed allocation never leaks. */
typedef struct arena_chunk arena_chunk;
typedef struct arena_block arena_block;
typedef struct arena {
    arena_chunk *head;
    arena_block *blocks; /* the items of large vectors (util.c) */
    unsigned chunks;     /* shared chunks made so far: they grow (util.c) */
    bool failed;         /* sticky: set by the first failed allocation */
} arena;

void *arena_alloc(arena *a, size_t size);
/* arena_alloc() without the clearing, for a caller that writes every byte
 * of it before any is read (aligned as arena_alloc aligns). */
void *arena_alloc_uncleared(arena *a, size_t size);
/* Makes a buffer from mem_alloc the arena's, freed when it is released;
 * false (the buffer still the caller's) when memory ran out. */
bool arena_adopt(arena *a, void *buffer);
extern _Thread_local bool vnp_alloc_failed; /* see util.c */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* Room for a string of n bytes and its NUL, placed as arena_strndup places
 * one (no alignment, not cleared), for a caller that writes it in pieces. */
char *arena_chars(arena *a, size_t n);
/* Gives back at once an allocation larger than a quarter chunk (it has a
 * chunk of its own); a smaller one stays until the arena is released. */
void arena_free(arena *a, void *p);
void arena_release(arena *a);

/* ---- growable byte buffer (malloc based, for writers and builders) */
typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} strbuf;

/* Room for extra more bytes and the NUL after them; false once failed. */
bool sb_reserve(strbuf *b, size_t extra);
void sb_append(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_putc(strbuf *b, char c);
/* printf-like: the compiler checks each call's arguments against fmt. */
#if defined(__GNUC__) || defined(__clang__)
#define VNP_PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define VNP_PRINTF_LIKE(fmt, args)
#endif
void sb_printf(strbuf *b, const char *fmt, ...) VNP_PRINTF_LIKE(2, 3);
void sb_free(strbuf *b);

/* ---- a writer's output: one growing buffer, or blocks handed to a FILE */
typedef struct out_sink {
    strbuf buf;
    FILE *file;     /* NULL: the whole output stays in buf */
    bool io_failed; /* file refused a write: nothing more is written */
} out_sink;

/* Hands buf to the file once it holds at least `at` bytes (whatever it
 * holds when at is 0). */
void sink_drain(out_sink *s, size_t at);
/* Ends the output: without a file, *out gets the buffer (vnp_free it);
 * with one, the rest is written and the buffer freed. */
vnp_status sink_finish(out_sink *s, char **out, size_t *out_len);

/* ---- growable array of fixed-size items inside an arena */
typedef struct vec {
    void *items;
    size_t count;
    size_t cap;
    size_t size; /* bytes per item */
} vec;

/* Zeroed new slot or NULL. Growing may move the items: a pointer into
 * them is good until the next push. A vector keeps to one arena. */
void *vec_push(arena *a, vec *v);
/* Gives back the room past the last item of a vector done growing (its
 * items may move; one that fits the arena's chunks stays as it is, and so
 * does one whose realloc failed: the slack is no failure). */
void vec_shrink(arena *a, vec *v);

/* ---- hash map from byte strings to numbers (hashmap.c). The map holds
 * the caller's key pointers: the keys must outlive it. Look-ups only: the
 * slot order is random per process and never shows in any output. */
typedef struct hashmap_slot hashmap_slot;
typedef struct hashmap {
    hashmap_slot *slots;
    size_t cap; /* slots, a power of two (0 before the first put) */
    size_t count;
} hashmap;

/* The value of key, a new one (0, *added set) when it was not there yet;
 * NULL when memory ran out (vnp_alloc_failed is then set). */
size_t *hashmap_put(hashmap *m, const char *key, size_t len, bool *added);
const size_t *hashmap_get(const hashmap *m, const char *key, size_t len);
void hashmap_free(hashmap *m);
/* The keyed hash the map uses (SipHash-1-3, a random key per process). */
uint64_t hash_bytes(const char *s, size_t n);

/* ---- one source line after input decoding and normalisation */
enum line_flag {
    LINE_BLANK = 1u << 0,      /* nothing but white space and markup */
    LINE_BOLD = 1u << 1,       /* the whole text sat inside ** or <b> */
    LINE_ITALIC = 1u << 2,     /* the whole text sat inside * or <i> */
    LINE_CELLS = 1u << 3,      /* tab-separated cells */
    LINE_PIPE = 1u << 4,       /* a lone "|": the end of a cell block */
    LINE_FOOTNOTE = 1u << 5,   /* starts with <sup>N</sup>: a footnote */
    LINE_BOLD_OPEN = 1u << 6,  /* opens ** that a later line closes */
    LINE_BOLD_CLOSE = 1u << 7, /* closes ** that an earlier line opened */
    LINE_HARD_BREAK = 1u << 8, /* ended with a markdown hard break */
    LINE_EXTRA = 1u << 9       /* has an extra part (line_extra_at) */
};

/* What few lines carry besides their text: kept apart, so that the line
 * record, of which a document holds one per line for the whole parse,
 * stays small. */
typedef struct line_extra {
    const char *footnote_marker; /* for LINE_FOOTNOTE */
    const char *inline_markers;  /* space-separated <sup> markers inside the line */
    const size_t *marker_at;     /* where each stood in the text (none: unknown) */
    size_t marker_at_count;
    const size_t *cell_nos; /* LINE_CELLS from a document reader: the source line
                             * (paragraph) of each cell, or NULL (every cell on `no`) */
    size_t cell_no_count;
} line_extra;

/* A document holds one per line for the whole parse, so the record is
 * kept at 24 bytes: lengths and line numbers take 32 bits (a document has
 * at most VNP_MAX_INPUT_BYTES, 1 GiB, so none passes UINT32_MAX), and what
 * few lines carry besides (line_extra) sits in the lines product's table,
 * found by the line's index (line_extra_at). */
typedef struct src_line {
    const char *text; /* normalised text, markup removed, NUL-terminated */
    uint32_t len;
    uint32_t no;      /* 1-based line number in the source */
    unsigned flags;   /* enum line_flag */
    uint8_t hashes;   /* markdown heading level (#...) or 0 */
} src_line;
_Static_assert(sizeof(src_line) <= 24, "a line record within 24 bytes");

/* The extra part of the line at index i, in the table of the lines it is
 * one of. Lines without one (most) hold no entry. */
typedef struct line_extra_entry {
    size_t index;
    line_extra *extra;
} line_extra_entry;

/* ---- a paragraph: consecutive lines joined (hard wraps, page breaks) */
typedef struct line_piece {
    size_t offset; /* byte offset in the paragraph text */
    size_t line;   /* source line */
} line_piece;

enum para_kind { PARA_TEXT, PARA_ROW, PARA_FOOTNOTE };

/* A document holds a paragraph per table row, so the record is kept
 * small: 56 bytes. The fields of a text (and a footnote) and those of a
 * row share their room: read a row's fields of a PARA_ROW only, and the
 * others of the other kinds only. Counts, lengths and line numbers take
 * 32 bits: a document has at most VNP_MAX_INPUT_BYTES (1 GiB), so none
 * passes UINT32_MAX. */
typedef struct para {
    const char *text;    /* joined text, white space folded; of a row, no joined
                          * text (read its cells): a tab-separated line's bytes,
                          * which hold its cells, or "" for a block's row */
    union {
        struct { /* PARA_TEXT and PARA_FOOTNOTE */
            const line_piece *pieces; /* where each source line starts in text */
            const char *markers;      /* inline footnote markers, or NULL (para_markers) */
            union {
                const size_t *marker_at;     /* PARA_TEXT: where <sup> markers stood in
                                              * text, rising (marker_at_count of them) */
                const char *footnote_marker; /* PARA_FOOTNOTE */
            };
            uint32_t piece_count;
            uint32_t marker_at_count; /* of a PARA_FOOTNOTE: 0 */
        };
        struct { /* PARA_ROW */
            const char **cells;       /* each folded */
            const size_t *cell_lines; /* the line each cell starts on; NULL when every
                                       * cell is on `line` (read para_cell_line) */
            uint32_t cell_count;
            /* of a block of cells, a row that follows another row of the
             * block (after_row): the lone "|" lines between that row's end
             * and this row's first cell (an empty cell is a lone "|" too,
             * so the table stage reads them) */
            uint32_t lone_pipes;
        };
    };
    uint32_t line, end_line;
    uint32_t len;
    unsigned kind : 2;    /* enum para_kind */
    unsigned hashes : 3;  /* markdown heading level, 0 to 6 */
    bool bold : 1;
    bool after_row : 1;   /* PARA_ROW: follows another row of its block of cells */
    bool opens_table : 1; /* a header the table stage split from the row before */
} para;
_Static_assert(sizeof(para) <= 56, "a paragraph record within 56 bytes");

/* The inline footnote markers of p: NULL for a row, which has none. */
static inline const char *para_markers(const para *p)
{
    return p->kind == PARA_ROW ? NULL : p->markers;
}

/* A line number, length or count of a document as a paragraph holds it:
 * every one fits 32 bits (see para). */
static inline uint32_t para_u32(size_t n) { return (uint32_t)n; }

/* The line cell c of row p starts on: a tab-separated line keeps no
 * cell_lines, its cells all on its line (unless a reader numbered them). */
static inline size_t para_cell_line(const para *p, size_t c)
{
    return p->cell_lines ? p->cell_lines[c] : p->line;
}

/* ---- a table cell's text as the table stage rebuilt it, with the lines
 * its fragments came from. Most cells are one fragment from one line, and
 * most rows give several such cells: an entry of 16 bytes holds the text
 * of the first and that line, and the texts of the others of the same
 * line follow, two to an entry. A cell of several fragments (a record
 * continued past a page break), or on a line past UINT32_MAX, is followed
 * by its pieces, one entry each. And the one-fragment cells that stand
 * one after the other in their row's cell array (a tab-separated row's,
 * most often) take one entry together, which points into that array
 * (CELL_TEXT_SLICE). Read them with table_text_next. */
typedef struct cell_text {
    union {
        const char *text;
        const char *const *cells; /* CELL_TEXT_SLICE: the first of the row's cells */
    };
    uint32_t line;        /* the line of a one-fragment cell; 0 when pieces follow */
    uint32_t piece_count; /* line 0: the entries after this one that are its pieces;
                           * else the one-fragment cells of the same line after it,
                           * or with CELL_TEXT_SLICE set, the number of cells */
} cell_text;
#define CELL_TEXT_SLICE (UINT32_C(1) << 31)

typedef union table_entry {
    cell_text cell;
    line_piece piece;
    const char *texts[2]; /* of the cells after a one-fragment cell, on its line */
} table_entry;

/* ---- a province named in a text (place.c): "TỈNH BẮC NINH", "TP.HCM" */
typedef struct place_match {
    bool found;
    const char *canonical; /* column 2 of provinces.tsv: "Bắc Giang" */
    const char *kind;      /* its kind: "province" or "city" */
    size_t written_start;  /* bytes of the text: the unit word (or the name) ... */
    size_t name_end;       /* ... through the name */
    bool local;            /* a unit below a province stands there (phường, xã, huyện...) */
    size_t local_name;     /* where that unit's own name starts */
} place_match;

/* ---- the products of the stages ------------------------------------------
 * Each stage makes one product and reads the products of stages before
 * it, which document.c holds and hands on (a stage that only reads a
 * product gets it const). The public results (doc->header fields, issuer,
 * province, parts, outline, tables and records, references, diagnostics)
 * are no product: they are the document itself, which every stage may
 * read and add to. Paragraph indices below are of paragraphs_product
 * (its count when absent). */

/* Made by the input stage (normalize.c, numbered by reader.c for a
 * document form); read by layout, issuer, frame and refs. Layout takes
 * the bytes of every LINE_CELLS line for its row's cells (each tab
 * becomes the end of a cell, in place, so a row costs no copy): after
 * layout, the text of such a line is its first cell, and the later
 * readers pass over LINE_CELLS lines. Layout also joins the lines of a
 * block cell in place when their texts adjoin (one byte apart, the end of
 * each: its NUL becomes a space): the later readers read a line's len
 * bytes, never up to a NUL. */
typedef struct lines_product {
    const src_line *lines;
    size_t count;
    /* the lines' extra parts by rising index (normalize.c, reader.c) */
    const line_extra_entry *extras;
    size_t extra_count;
} lines_product;
/* The extra part of lines->lines[i], NULL when it has none (normalize.c). */
const line_extra *line_extra_at(const lines_product *lines, size_t i);
/* The extra part of ln, one of lines->lines: NULL, with no search, for the
 * lines without one (LINE_EXTRA unset). */
static inline const line_extra *line_extra_of_line(const lines_product *lines,
                                                   const src_line *ln)
{
    return ln->flags & LINE_EXTRA ? line_extra_at(lines, (size_t)(ln - lines->lines)) : NULL;
}
/* The extra part of the line at index i, made (zeroed) in a and added to
 * extras (a vec of line_extra_entry) when it has none yet; NULL when memory
 * ran out. Lines come in rising order (i at least the last entry's index),
 * so that the table stays sorted for line_extra_at. */
line_extra *line_extra_of(arena *a, vec *extras, size_t i);
/* The index in lines[] of the first line numbered `no` (count when none
 * is): numbers rise but need not be consecutive (layout.c). */
size_t lines_index(const lines_product *lines, size_t no);

/* Made by layout (layout.c); read by header, issuer, parts, outline,
 * tables, prose and refs. */
typedef struct paragraphs_product {
    const para *paras; /* paragraphs and table rows, in order */
    size_t count;
    const para *footnotes; /* the footnote paragraphs, apart, in line order */
    size_t footnote_count;
} paragraphs_product;

/* Made by header (header.c); read by issuer, parts, outline and refs. */
typedef struct title_product {
    size_t title_end; /* the first paragraph after the type line and title (0: none) */
} title_product;

/* Made by issuer (issuer.c); read by province: the issuer's text as
 * searched for a province, what was found in it, and the source line of
 * the written name. */
typedef struct issuer_place_product {
    const char *text; /* NULL when the issuer stage searched none */
    place_match place;
    size_t line;
} issuer_place_product;

/* Made by parts (parts.c); read by outline, prose and refs. */
typedef struct parts_product {
    size_t body_start;    /* the first paragraph after header and preamble */
    size_t closing_start; /* recipients and signature: [closing_start, closing_end) */
    size_t closing_end;
} parts_product;

/* Made by frame (frame.c); read by refs: the lines of the document
 * itself, [first_line, end_line), end_line 0 for the end of the file;
 * outside them a website's frame. */
typedef struct frame_product {
    size_t first_line;
    size_t end_line;
} frame_product;

/* Made by tables (tables.c); read by refs: every table cell as written,
 * in document order, each followed by its pieces (in the scratch arena). */
typedef struct table_text {
    const table_entry *entries;
    size_t count;
} table_text;

/* One cell of the table text, as table_text_next reads it: its text and
 * the line each of its fragments starts on. */
typedef struct table_cell {
    const char *text;
    const line_piece *pieces; /* piece_count of them; `one` for a one-fragment cell */
    size_t piece_count;
    line_piece one;
} table_cell;
/* Where table_text_next stands: the entry that opens a run of cells, and
 * the cell of the run that comes next. Zero: at the first cell. */
typedef struct table_cursor {
    size_t head, k;
} table_cursor;
/* The next cell of t, in document order, in *out (its pieces may point
 * into out); false after the last (tables.c). */
bool table_text_next(const table_text *t, table_cursor *c, table_cell *out);

/* The products as the driver holds them while the stages run (zero before
 * each is made). */
typedef struct stage_products {
    lines_product lines;
    paragraphs_product paragraphs;
    title_product title;
    issuer_place_product issuer_place;
    parts_product parts;
    frame_product frame;
    table_text tables;
} stage_products;

/* ---- private part of a document */
struct vnp_internal {
    vnp_allocator allocator; /* vnp_options.allocator, copied */
    bool has_allocator;      /* false: the C library's */
    arena mem;
    arena scratch; /* what only the stages read (the table text): freed when parsing ends */
    /* The products of the stages, kept with the document (the table text
     * only while parsing: it lives in the scratch arena). The driver hands
     * each stage what it reads; no stage reads them here. */
    stage_products products;
    vec diags;   /* vnp_diagnostic */
    vec mention_vecs;         /* vec of size_t: the mentions of each cited document */
    vec issuer_names;         /* names of issuers.tsv, keyed on first use */
    struct lexicon *lexicons; /* keyed on first use */
    struct lexicon_slot {
        const char *name; /* the address a lexicon was last asked for by */
        struct lexicon *lexicon;
    } lexicon_slots[64];  /* of lexicons, by that address */
    const char *grammar_dir;  /* vnp_options.grammar_dir, or NULL */
    const char *grammar_error; /* "NAME:LINE: why" of a file there that did not compile */
    struct rx *patterns;      /* compiled on first use */
    size_t pattern_limit_hits; /* rx matches stopped by a PCRE2 limit */
    struct pcre2_real_match_context_8 *match_ctx;
};

/* ---- what the stages share: numbers, encodings, readers */
/* Decimal numbers alike under every locale (number.c). decimal_read reads
 * s[0..n), digits with at most one '.', exactly or not at all (false past
 * 15 significant digits); decimal_prefix reads a leading number as atof
 * does in the C locale; decimal_write writes %.15g with a '.' point. */
bool decimal_read(const char *s, size_t n, double *value);
double decimal_prefix(const char *s);
size_t decimal_write(double value, char *out, size_t cap);

/* What bytes that are not UTF-8 look like ("UTF-16 (...)", "a legacy
 * Vietnamese encoding (...)"), or NULL (encoding.c). */
const char *encoding_guess(const char *bytes, size_t len);
/* ---- legacy Vietnamese encodings (decode.c) */
typedef enum vn_encoding {
    ENC_UTF8, ENC_TCVN3, ENC_VNI, ENC_VISCII, ENC_VPS, ENC_CP1258, ENC_COUNT
} vn_encoding;
const char *encoding_name(vn_encoding e); /* "TCVN3" */
/* The encoding of a name or alias ("tcvn3", "ABC", "windows-1258"). */
bool encoding_by_name(const char *name, vn_encoding *e);
const char *encoding_names(void); /* "UTF-8, TCVN3, ..." for messages */
enum { CODEC_MAX_PAIRS = 256 };
typedef struct codec_pair {
    uint16_t bytes; /* first byte << 8 | second */
    int32_t cp;
} codec_pair;
/* How the bytes of one legacy encoding read: one byte (single, -1 when the
 * encoding does not define it) or, where pair_lead says so, two. */
typedef struct legacy_codec {
    vn_encoding encoding;
    int32_t single[256];
    bool pair_lead[256];
    codec_pair pairs[CODEC_MAX_PAIRS]; /* sorted by bytes */
    size_t pair_count;
    bool capitals_font; /* TCVN3: words typed in its capitals font are capitals */
} legacy_codec;
/* Fills c for encoding e (not UTF-8); false with the reason in why. */
bool codec_load(struct vnp_internal *in, vn_encoding e, legacy_codec *c, char *why, size_t cap);
/* The character at s[0..n) (n >= 1) in *cp (-1: undefined); returns the
 * bytes it takes. */
size_t codec_step(const legacy_codec *c, const unsigned char *s, size_t n, int32_t *cp);
/* A byte that is punctuation at the edge of a word (TCVN3's Windows quotes). */
bool codec_edge_punctuation(const legacy_codec *c, unsigned char b);
/* The text as UTF-8 (CR and CRLF as LF), in the document's arena; an
 * undefined byte is an error naming its place, or U+FFFD with a warning. */
vnp_status legacy_decode(vnp_document *doc, const legacy_codec *c, const char *bytes, size_t len,
                         bool replace, char **text, size_t *text_len, vnp_error *err);

/* ---- PDF with a text layer (pdf.c, pdf_layout.c) */
/* "%PDF-" in the first KiB: the bytes are a PDF. */
bool pdf_signature(const char *bytes, size_t len);
/* The PDF's words through pdftotext (poppler-utils), as text in the
 * layout the layout stage reads, in the document's arena. VNP_ERR_FORMAT
 * with the reason for a PDF without text (a scan), one pdftotext cannot
 * read, and a missing pdftotext. */
vnp_status pdf_read(vnp_document *doc, const char *bytes, size_t len, char **text,
                    size_t *text_len, vnp_error *err);
typedef struct pdf_text {
    char *text;   /* in the document's arena */
    size_t len;
    size_t words; /* of the text layer: 0 for a scan */
} pdf_text;
/* pdftotext -tsv output into text (pdf_layout.c). */
vnp_status pdf_layout(vnp_document *doc, const char *tsv, size_t len, pdf_text *out);

/* ---- syllables (syllable.c): is a word a Vietnamese syllable? */
typedef struct syllable_rules syllable_rules;
/* The rhymes of grammars/syllable_rhymes.tsv, in the document's scratch
 * arena; NULL when out of memory or the file is bad (why says where). */
const syllable_rules *syllable_rules_load(struct vnp_internal *in, char *why, size_t cap);
typedef enum syllable_verdict { SYL_NOT_WORD, SYL_VALID, SYL_INVALID } syllable_verdict;
/* cps[0..n): a word's code points (NFC or not). SYL_NOT_WORD for a word
 * without a vowel (an acronym such as HĐND) or without letters. */
syllable_verdict syllable_check(const syllable_rules *r, const int32_t *cps, size_t n);

/* ---- the encoding of a text that is not UTF-8 (encoding.c) */
typedef struct encoding_reading {
    vn_encoding encoding;
    double share;       /* of its words that are syllables, 0..1 */
    size_t words;       /* words scored */
} encoding_reading;
typedef struct encoding_verdict {
    encoding_reading best, second;
    size_t mixed_lines;  /* lines another encoding reads better */
    size_t first_mixed;  /* the first of them, 0 when none */
    size_t scored_lines; /* lines with a word scored */
} encoding_verdict;
/* Scores every legacy encoding on the text (codecs[ENC_TCVN3..ENC_CP1258]
 * loaded) and says which reads best. */
void encoding_detect(const syllable_rules *r, const legacy_codec *codecs, const char *bytes,
                     size_t len, encoding_verdict *v);
/* How one encoding reads the text (the share of syllables). */
encoding_reading encoding_score(const syllable_rules *r, const legacy_codec *c,
                                const char *bytes, size_t len);
/* An encoding's confidence as the writers give it: to three decimals. */
double confidence_rounded(double share);
/* The share of syllables among the words of UTF-8 text. */
encoding_reading utf8_score(const syllable_rules *r, const char *text, size_t len);

/* The input as UTF-8 text: UTF-8, or the legacy encoding named (NULL or
 * "auto": detected), which doc->source_encoding then names. */
/* The end of the valid, NUL- and CR-free UTF-8 from s[i] (input.c): in
 * blocks of up to simd bytes (32: AVX2, 16: SSSE3, 0: none) as far as the
 * processor has them; the same answer either way. out: NULL, or where
 * those bytes are copied, each at its offset in s (bytes past the end
 * returned may be written too, as s has them). */
size_t utf8_clean_run(const unsigned char *s, size_t i, size_t n, unsigned simd,
                      unsigned char *out);
/* owned: NULL, or the caller's buffer from mem_alloc that holds bytes
 * (with a byte to spare after them unless they hold a NUL); a clean text
 * stays in it, and then it is the document's (*owned is set to NULL). */
vnp_status input_decode(vnp_document *doc, const char *bytes, size_t len, unsigned flags,
                        const char *encoding, char **owned, char **text, size_t *text_len,
                        vnp_error *err);
/* The input stage's product: the text's lines, normalised. */
vnp_status normalize_lines(vnp_document *doc, char *text, size_t len, lines_product *out);
/* Lines normalisation would not change keep their text in place (true,
 * the default); the tests turn it off to compare with the full path. */
extern bool normalize_keeps_clean_lines;
/* The triage of normalize.c: a bit per byte of text (bits and newlines
 * hold len / 64 + 1 words each), set in bits where a line's text may need
 * more than keeping and at each tab, in newlines at each '\n' (their
 * number returned), in one pass, in blocks of up to simd bytes (32: AVX2,
 * 16: SSE2, 0: a byte at a time) as far as the processor has them (the
 * same bits either way). */
extern unsigned normalize_uses_simd;
/* The JSON writer finds the bytes a string can take as they are 16 at a
 * time with SSE2 (true, the default, where the processor has it) or 8 at
 * a time; the tests compare the two. */
extern bool json_uses_simd;
size_t triage_marks(const char *text, size_t len, uint64_t *bits, uint64_t *newlines,
                    unsigned simd);
/* The layout stage tests whether a cell's text is folded 16 bytes at a
 * time with SSE2 (true, the default, where the processor has it) or 8 at
 * a time; the tests compare the two. */
extern bool layout_uses_simd;
/* The reference stage's scans for law words and for the end of a title,
 * SSE2 where the processor has it (true, the default; the same places
 * either way). */
extern bool refs_uses_simd;
/* Within those, the law word scan 32 bytes at a time with AVX2 where the
 * processor has it (true, the default; the same places either way). */
extern bool refs_uses_avx2;
/* The reference stage tells from a text's first letter that it opens with
 * no connective word of a role before comparing the role's rows (true,
 * the default; the same answers either way). */
extern bool refs_uses_openings;
/* The reference stage rules out the built-in date and law number grammars
 * after a mention from the byte that must open them before PCRE2 runs
 * (true, the default; the same readings either way). */
extern bool refs_uses_opening_bytes;

/* ---- the text stages, in pipeline order ---------------------------------
 * document.c runs them in this order, once each, and the README's Layout
 * section names them so. Before them the input stage (input.c with
 * decode.c, pdf.c, or a reader: docx.c, doc.c, html.c) gives UTF-8 text
 * and normalize.c its lines (lines_product). Each stage takes the
 * products of stages before it (const) and makes its own (the products
 * above), besides adding to the document's public results:
 *   layout      lines                                  -> paragraphs
 *   header      paragraphs                             -> title
 *   issuer      lines, paragraphs, title               -> issuer_place
 *   province    issuer_place                           -> (doc->province)
 *   parts       paragraphs, title                      -> parts
 *   frame       lines                                  -> frame
 *   outline     paragraphs, title, parts               -> (doc->outline)
 *   tables      paragraphs                             -> table_text
 *   prose       paragraphs, parts                      -> (doc->tables)
 *   interpret                                          -> (the records' readings)
 *   refs        lines, paragraphs, title, parts, frame, table_text
 *                                                      -> (doc->references)
 *   citations                                          -> (doc->cited_documents)
 * None calls another stage (the tests they share are below them:
 * numbering.c, heading.c, due.c, the lexicons and patterns). Each returns
 * its status: VNP_OK, VNP_ERR_NOMEM when an allocation failed on the way, or
 * VNP_ERR_ARGUMENT when it refuses the input (the reference stage, when a
 * caller's grammar does not compile); the driver stops at the first stage
 * that does not return VNP_OK. */

/* The status of a stage when it is done: VNP_ERR_NOMEM when an allocation
 * of the parse failed (the arena's failed flag, vnp_alloc_failed),
 * VNP_ERR_ARGUMENT when a pattern of a caller's grammar folder did not
 * compile (in->grammar_error: rx.c), else VNP_OK. */
static inline vnp_status stage_status(const vnp_document *doc)
{
    const struct vnp_internal *in = doc->internal;
    if (in->mem.failed || vnp_alloc_failed)
        return VNP_ERR_NOMEM;
    return in->grammar_error ? VNP_ERR_ARGUMENT : VNP_OK;
}

/* layout: lines -> paragraphs (paragraphs and rows, the footnotes apart) */
vnp_status layout_paragraphs(vnp_document *doc, const lines_product *lines,
                             paragraphs_product *out);
/* header: paragraphs -> number, symbol, place, date, type, title, period;
 * the title's end */
vnp_status header_extract(vnp_document *doc, const paragraphs_product *paras,
                          title_product *out);
/* issuer: the header's lines and paragraphs -> doc->issuer; the issuer's
 * place, for the province stage */
vnp_status issuer_extract(vnp_document *doc, const lines_product *lines,
                          const paragraphs_product *paras, const title_product *title,
                          issuer_place_product *out);
/* province: the issuer's place, the header's place and date -> doc->province */
vnp_status province_resolve(vnp_document *doc, const issuer_place_product *issuer_place);
/* parts: paragraphs, the title's end -> preamble, signature, recipients,
 * annexes, footnotes; where the body and the closing are */
vnp_status parts_extract(vnp_document *doc, const paragraphs_product *paras,
                         const title_product *title, parts_product *out);
/* frame: the lines and the header -> where a page saved from a website
 * holds the document */
vnp_status frame_extract(vnp_document *doc, const lines_product *lines, frame_product *out);
/* Is the source line part of the document, not of a website's frame? */
bool within_document(const frame_product *frame, size_t line);
/* outline: paragraphs, the title's end, the parts -> doc->outline */
vnp_status outline_extract(vnp_document *doc, const paragraphs_product *paras,
                           const title_product *title, const parts_product *parts);
/* tables: the rows -> doc->tables and their records; every cell as
 * written, for the reference stage */
vnp_status tables_extract(vnp_document *doc, const paragraphs_product *paras, table_text *out);
/* prose: paragraphs, the parts, doc->outline -> task records of tables of
 * kind prose, appended to doc->tables */
vnp_status prose_extract(vnp_document *doc, const paragraphs_product *paras,
                         const parts_product *parts);
/* due.c: the time grammar (grammars/time.pcre) read for the table stage's
 * test of a cell, and for a record's deadline (vnp_due_parse with the
 * document's grammars; `in` NULL: the built-in ones). */
#define TIME_CELL_MAX_BYTES 100
bool time_cell(struct vnp_internal *in, const char *s, size_t n);
/* The name of the grammar's group that reads s[0..n) ("calendar",
 * "duration"...), NULL when it reads no time. */
const char *time_reading_name(struct vnp_internal *in, const char *s, size_t n);
/* The name of the grammar's group `number` as due.c reads it, NULL past
 * the last (the grammar test holds the two to each other). */
const char *time_group_name(size_t number);
vnp_status due_parse(struct vnp_internal *in, const char *text, int period_from, int period_to,
                     vnp_due *out);

/* Gives record the cells of by_role that are not NULL, packed in role
 * order in a; false when memory ran out (the record
 * then has none). The two stages that make records use it (access.c). */
bool record_set_cells(arena *a, vnp_record *record, const char *const by_role[VNP_CELL_ROLES]);
/* record_set_cells() of a record read from one row whose cells (row[0..n),
 * which last as long as the document) hold the record's, one after the
 * other in role order: the record's cells are that part of the row's, no
 * copy (else as record_set_cells). */
bool record_share_cells(arena *a, vnp_record *record, const char *const by_role[VNP_CELL_ROLES],
                        const char **row, size_t n);
/* interpret: the records and the period -> agencies, due, quantity */
vnp_status records_interpret(vnp_document *doc);
/* refs: lines, paragraphs and footnotes, the title's end, the parts, the
 * frame and the tables' text -> doc->references */
vnp_status refs_extract(vnp_document *doc, const lines_product *lines,
                        const paragraphs_product *paras, const title_product *title,
                        const parts_product *parts, const frame_product *frame,
                        const table_text *tables);
/* Compiles the built-in reference grammars; false with "file:line: why"
 * in why when one does not compile (the unit tests stop on it). */
bool refs_grammar_check(char *why, size_t cap);
/* citations: the references -> doc->cited_documents and the checks */
vnp_status citations_resolve(vnp_document *doc);

/* Looks for a province named after a unit word in s[0..n) (place.c). */
void place_find(struct vnp_internal *in, const char *s, size_t n, place_match *m);
/* Does the place line s (NUL-terminated) name a province, all of it? */
bool place_line_find(struct vnp_internal *in, const char *s, place_match *m);

/* The source line of byte `offset` of a paragraph's text, and (optional)
 * its 1-based column in characters. */
size_t para_line_at(const para *p, size_t offset, size_t *column);

/* ---- numbering tokens (numbering.c) and headings (heading.c): shared
 * tests below the stages */
enum heading_style {
    STYLE_NONE, STYLE_PART, STYLE_CHAPTER, STYLE_SECTION, STYLE_ARTICLE,
    STYLE_ROMAN, STYLE_ARABIC, STYLE_DECIMAL2, STYLE_DECIMAL3, STYLE_LETTER
};
typedef struct heading_token {
    enum heading_style style;
    const char *number; /* without its closing "." or ")" */
    size_t number_len;
    const char *title;  /* text after the token */
} heading_token;
/* The numbering token that opens s[0..n), and the text after it. */
bool parse_heading_token(const char *s, size_t n, heading_token *t);
/* The position the token names in its list: 4 for "IV", 2 for "1.2", 5 for "đ)". */
int numbering_ordinal(const heading_token *t);
/* The value of a Roman numeral of I, V, X, L and C; 0 when s[0..n) holds
 * another character. */
int roman_value(const char *s, size_t n);
/* How a table cell that holds a number alone numbers its row. */
typedef enum cell_numbering {
    NS_NONE, NS_ARABIC, NS_ROMAN, NS_CAPITAL, NS_ROMAN_DOTTED, NS_LETTER, NS_STEP, NS_BULLET
} cell_numbering;
/* The style of a number token s[0..n) ("1", "1.2.", "III", "III.1", "A",
 * "a)", "Bước 2", "B2", "-"); *depth gets the count of its dotted parts. */
cell_numbering cell_number_style(const char *s, size_t n, size_t *depth);
/* Does the word s[0..n) number an entry of a PDF table's first column
 * ("1", "12.", "4.1", "IV.", "1)", "a)", "-", "+")? */
bool is_entry_number(const char *s, size_t n);
/* Does the paragraph read as a numbered heading? */
bool para_is_heading(const para *p);
/* para_is_heading(), and the paragraph's token in *t when it does. */
bool para_heading_token(const para *p, heading_token *t);
/* "5. Cải cách tài chính công: Tiếp tục ...": the length of a short title
 * run into its text with a colon, or 0. */
size_t heading_run_in_len(const heading_token *t, const para *p);

/* ---- what a paragraph or line opens with (openers.c): a shared test
 * below the stages */
/* The letters, without tone, that the match key of s[0..n) starts with,
 * told from its first characters without keying it (0 where they do not
 * tell it; the second only where the first is told). A key is made left to
 * right and a tone moves only onto a letter of its own syllable, so two
 * texts whose first letters, or whose second letters, differ so have keys
 * that differ there (as keys_differ_at_once, one letter further). */
int32_t key_first_base(const char *text, size_t n);
/* key_first_base, without the call where the first character is ASCII
 * and the next one cannot join it: ASCII too, or a letter of U+00C0-U+02FF
 * or of U+1E00-U+1EFF (the combining marks a key composes with the letter
 * before them are none of these), so that the first is the key's first
 * letter. Inline: the frame stage asks at every line. */
static inline int32_t opening_first_letter(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = n ? u[0] : 0, d = n > 1 ? u[1] : 0;
    bool alone = d < 0x80 || (d >= 0xC3 && d <= 0xCB) ||
                 (d == 0xE1 && n > 2 && u[2] >= 0xB8 && u[2] <= 0xBB);
    if (c > ' ' && c < 0x80 && alone)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    return key_first_base(s, n);
}
int32_t opening_second_letter(const char *s, size_t n);
/* How the rows of one role of a word list (words.c) start, for a stage
 * that asks for the role at many texts, most of which open with none of
 * its words: the first byte and the first two letters of each row. */
#define OPENER_ROWS_MAX 8
typedef struct role_openers {
    const char *role;
    bool any; /* a row that cannot be told so (or none read): every text may open */
    size_t count;
    unsigned char byte[OPENER_ROWS_MAX];
    int32_t first[OPENER_ROWS_MAX]; /* 0: not told */
    int32_t second[OPENER_ROWS_MAX];
} role_openers;
/* The rows of `role` in the document's copy of list `name`. */
void role_openers_read(struct vnp_internal *in, const char *name, const char *role,
                       role_openers *o);
/* May s[0..n) open with a row of o? False only when listed_word_opens
 * surely says no for every row: an exact row needs the same first byte,
 * and a folded one (starts_with_ci) first bytes that are not both ASCII
 * and different in case, and a key that agrees in its first two letters. */
bool role_openers_may_open(const role_openers *o, const char *s, size_t n);
/* May s[0..n) open with a row of lexicon `list` (lexicon_prefix)? False
 * only when its first two letters (opening_first_letter,
 * opening_second_letter) tell it apart from every row's, which most texts
 * are, without a key; true for every text with a grammar folder. */
bool lexicon_may_open(struct vnp_internal *in, const char *list, const char *s, size_t n);
/* A legal basis ("Căn cứ", "Thực hiện": preamble_openers.tsv). */
bool opens_basis(struct vnp_internal *in, const char *s, size_t n);
/* The kind of the annex label s opens with (annex_labels.tsv), or NULL;
 * *matched (optional) gets the bytes it covers. */
const char *opens_annex(struct vnp_internal *in, const char *s, size_t n, size_t *matched);
/* The recipients ("Nơi nhận") and the addressee ("Kính gửi"):
 * block_openers.tsv. */
bool opens_recipients(struct vnp_internal *in, const char *s, size_t n);
bool opens_addressee(struct vnp_internal *in, const char *s, size_t n);
/* The role (column 2 of prose_labels.tsv: "lead", "deadline"...) of the
 * label of a task written in prose, label[0..n) without its colon; NULL
 * when it is no label. */
const char *prose_label_role(struct vnp_internal *in, const char *label, size_t n);
/* Any of the first four: a line that opens a block and never continues
 * another. */
bool opens_block(struct vnp_internal *in, const char *s, size_t n);
/* opens_block, with *basis set to opens_basis of the same text: its first
 * words keyed once for both. */
bool opens_block_basis(struct vnp_internal *in, const char *s, size_t n, bool *basis);

/* ---- tasks written in prose (prose.c) */
/* One labelled field of a paragraph ("Cơ quan chủ trì: Sở Tài chính"):
 * the label and its value as written (value_len 0 when the value is
 * empty or only dots, as in a blank form). */
typedef struct prose_field {
    vnp_cell_role role;
    const char *label, *value;
    size_t label_len, value_len;
} prose_field;
/* The fields of paragraph text s[0..n), at most cap of them, after an
 * optional bullet; 0 when the paragraph does not open with a label of
 * grammars/prose_labels.tsv. */
size_t prose_fields(struct vnp_internal *in, const char *s, size_t n, prose_field *out,
                    size_t cap);

/* ---- the writers (json_writer.c, xml_writer.c): vnp_write_json() and the
 * others, which document.c calls under the document's allocator */
vnp_status json_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len);
vnp_status json_write_file(const vnp_document *doc, unsigned flags, FILE *f);
vnp_status xml_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len);
vnp_status xml_write_file(const vnp_document *doc, unsigned flags, FILE *f);
vnp_status akn_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len);
vnp_status akn_write_file(const vnp_document *doc, unsigned flags, FILE *f);

/* ---- helpers shared by stages */
/* A finding of the document (diag.c); the codes are vnplan.h's
 * vnp_diag_code, DIAG_CODE_COUNT of them. */
#define DIAG_CODE_COUNT ((size_t)VNP_DIAG_ENCODING_IGNORED + 1)
void diag_add(vnp_document *doc, vnp_severity sev, vnp_diag_code code, size_t line,
              const char *fmt, ...) VNP_PRINTF_LIKE(5, 6);
/* The calendar: days of month m of year y (0 for no such month), and
 * whether y-m-d is a real day between 1900 and 2200. */
int days_in_month(int y, int m);
bool valid_ymd(int y, int m, int d);
/* "YYYY-MM-DD" in buf, or NULL when the day is not known. */
const char *iso_date(int y, int m, int d, char buf[16]);
void sha256_hex(const unsigned char *data, size_t len, char out[65]);
/* The same, with the processor's SHA instructions only when asked for and
 * present: lets the tests compare both ways. */
void sha256_hex_with(const unsigned char *data, size_t len, char out[65], bool cpu_instructions);
size_t fold_spaces(char *s, size_t n); /* in place; returns new length */
/* The largest length <= n that does not cut a UTF-8 sequence of s (s[n]
 * must be readable). */
size_t utf8_boundary(const char *s, size_t n);

/* The match key without tone marks (matchkey.c). */
char *toneless_key(const char *text, size_t len);
/* vnp_match_key into the caller's buffer (cap bytes with the NUL), without
 * allocating; false when the key does not fit. */
bool match_key_into(const char *text, size_t len, char *out, size_t cap);
/* match_key_into, false only when the key is cap bytes or longer (not
 * made beyond that): a text too long for every key it is compared with is
 * told so without being keyed whole. */
bool match_key_within(const char *text, size_t len, char *out, size_t cap);
/* The key of a text T, white space and word[0..n) made from T's key
 * (key, len bytes, in a buffer of cap): T's key, a space and the word's,
 * when the word's first character starts a letter that nothing before it
 * changes and that changes nothing before it. False, with key[0..len]
 * as it was, when the word does not start so or its key might not fit:
 * the caller keys the whole text. */
bool match_key_append(char *key, size_t len, size_t cap, const char *word, size_t n);
/* match_key_within with every character read through Unicode's tables,
 * none of the key's own made in advance: for the tests of those. */
bool match_key_by_code_points(const char *text, size_t len, char *out, size_t cap);
/* The match key of text in buf (cap bytes) when it fits there, else
 * allocated into *allocated, which the caller frees (NULL when it fitted);
 * NULL when memory ran out. */
const char *match_key_in(const char *text, size_t len, char *buf, size_t cap, char **allocated);
/* Do a[0..na) and b[0..nb) have the same match key? (false when memory
 * ran out). Keyed on the stack, without allocating, unless they are long. */
bool same_match_key(const char *a, size_t na, const char *b, size_t nb);
/* The match key of text in arena a; NULL when memory ran out. */
const char *arena_match_key(arena *a, const char *text, size_t len);
/* True when the match keys of a[0..na) and b[0..nb) surely differ in
 * their first letter, told from the texts' first characters without
 * keying them (false: they may agree). */
bool keys_differ_at_once(const char *a, size_t na, const char *b, size_t nb);
/* The letter, without its tone, that the key of text[0..n) starts with
 * when its first character tells it (as keys_differ_at_once), else 0. */
int32_t key_first_base(const char *text, size_t n);
/* A letter of a key without its tone ("ở" -> "ơ"); other code points as
 * they are. */
int32_t key_letter_base(int32_t cp);
/* Does s[0..n) open with prefix, compared through match keys? */
bool starts_with_ci(const char *s, size_t n, const char *prefix);

/* UTF-8 helpers: decode one code point at s (valid UTF-8 assumed). */
int32_t utf8_decode(const char *s, size_t n, size_t *width);
size_t utf8_encode(int32_t cp, char out[4]);
bool is_vn_lower_start(const char *s, size_t n); /* first letter is lower case */
bool is_vn_upper_text(const char *s, size_t n);  /* has letters, none lower case */
/* The case those two read a code point in (0 other, 1 lower, 2 upper, 3
 * digit), from their table, and from utf8proc's categories: for the tests. */
int letter_case_of(int32_t cp);
int letter_case_by_category(int32_t cp);

/* ---- lexicons from grammars/ (embedded at build time) */
const char *lexicon_text(const char *name, size_t *len); /* the embedded copy */
/* The grammar file `name`: from the folder of vnp_options.grammar_dir when
 * it holds one, else the embedded copy. */
const char *grammar_text(struct vnp_internal *in, const char *name, size_t *len);
/* The rest of the row (second column, and any further ones after a tab) of lexicon `name` whose first column has the
 * same match key as text, or NULL. */
const char *lexicon_lookup(struct vnp_internal *in, const char *name, const char *text,
                           size_t len);
/* The first column, as the lexicon writes it, of the row whose first
 * column has the same match key as text, or NULL. */
const char *lexicon_word(struct vnp_internal *in, const char *name, const char *text,
                         size_t len);
/* Calls fn with each row (first column as written, the rest) until it
 * returns true. */
typedef bool (*lexicon_row_fn)(const char *word, const char *value, void *ctx);
void lexicon_each(struct vnp_internal *in, const char *name, lexicon_row_fn fn, void *ctx);

/* ---- word lists of grammars/ (words.c): rows "word <TAB> role <TAB>
 * folded|exact", the words a stage compares a text with. */
typedef struct word_hit {
    const char *word; /* the row's word, as written */
    const char *role; /* the row's role: role_len bytes */
    size_t role_len;
    size_t len;       /* bytes of the row's word */
} word_hit;
/* Does s[0..n) open with a word of `role` (any role when NULL) of the word
 * list `name`? The first such row in file order goes to *hit (optional).
 * A NULL in reads the built-in list. */
bool listed_word_opens(struct vnp_internal *in, const char *name, const char *role, const char *s,
                size_t n, word_hit *hit);
/* Is s[0..n), whole, a word of `role` of the list `name`? */
bool listed_word_is(struct vnp_internal *in, const char *name, const char *role, const char *s,
             size_t n, word_hit *hit);
/* The rows of one role, split once, for a stage that compares many texts
 * with them (the reference reader's connective words, for every word of a
 * law's name). Each role has one test, which the stage gives: */
typedef enum word_test {
    WORD_FIRST,      /* the text's first word is the row's word: a word ends
                      * at a space, one of , ; : ( ) [ ] " or the text's end,
                      * less the full stops it ends in ("số." is "số") */
    WORD_OPENS,      /* the text opens with the row's word */
    WORD_THEN_SPACE, /* the text opens with the row's word, as written, and a
                      * space: exact rows only */
} word_test;
/* A role's test and the rows asked for under it. */
typedef struct role_spec {
    const char *role;
    word_test test;
} role_spec;
#define ROLE_WORDS_MAX 8
#define ROLE_WORD_BYTES 64 /* a word and its NUL */
typedef struct role_words {
    word_test test;
    size_t count;
    const char *role;
    size_t len[ROLE_WORDS_MAX];                  /* bytes of the row's word */
    bool exact[ROLE_WORDS_MAX];
    char word[ROLE_WORDS_MAX][ROLE_WORD_BYTES];   /* as written */
    char key[ROLE_WORDS_MAX][ROLE_WORD_BYTES];    /* a folded row's match key
                                                   * (WORD_FIRST); "" when it
                                                   * does not fit */
} role_words;
/* Reads every row of the word list `name` (the grammar folder's copy
 * first) into out[k], the rows of specs[k].role, k < count. False when a
 * row cannot be read (fewer than three columns, a comparison other than
 * folded or exact, a folded row under WORD_THEN_SPACE, an empty word or one
 * of more than ROLE_WORD_BYTES - 1 bytes, a role no spec names, more than
 * ROLE_WORDS_MAX rows of a role):
 * why then says "name:LINE: what". A NULL in reads the built-in copy. */
bool role_words_load(struct vnp_internal *in, const char *name, const role_spec *specs,
                     size_t count, role_words *out, char *why, size_t cap);
/* Where the word at s[i] ends (WORD_FIRST's word): at a space, one of
 * , ; : ( ) [ ] " or a NUL byte, or at n; less the full stops before
 * that, which may reach back before i ("số." ends after "số"). */
size_t word_end_at(const char *s, size_t n, size_t i);
/* Does s[0..n) meet a row of r under r's test? The first such row in file
 * order goes to *hit (optional; its len is the row's word's). */
bool role_word_at(const role_words *r, const char *s, size_t n, word_hit *hit);
/* The roles of grammars/ref_connectives.tsv the reference reader asks for,
 * each with its test (refs.c; the file's examples run under them). */
const role_spec *refs_connective_roles(size_t *count);
/* Is there a row whose first column (word) or second column (value) is
 * exactly s[0..n)? For codes, which compare byte for byte ("CTr", "HĐ"). */
bool lexicon_has_word(struct vnp_internal *in, const char *name, const char *s, size_t n);
bool lexicon_has_value(struct vnp_internal *in, const char *name, const char *s, size_t n);
/* The row whose first column matches the first words of text (the longest
 * such row); *matched gets the bytes of text it covers. */
const char *lexicon_prefix(struct vnp_internal *in, const char *name, const char *text,
                           size_t len, size_t *matched);

/* The match keys of a text's first words, made on first need and kept for
 * several lexicon_prefix_keyed look-ups of the same text (lexicon.c). */
#define PREFIX_MAX_WORDS 8
#define PREFIX_KEY_BYTES 192
typedef struct prefix_keys {
    const char *text;
    size_t len;
    const char *key[PREFIX_MAX_WORDS + 1];  /* of the first k words, once tried */
    size_t bytes[PREFIX_MAX_WORDS + 1];     /* of text they cover */
    bool tried[PREFIX_MAX_WORDS + 1];
    bool first_tried;
    bool first_keyed; /* the first word has a key: first_len and first_hash hold */
    size_t first_len; /* of key[1], up to punctuation */
    size_t first_hash; /* of key[1]'s first first_len bytes, as lexicon.c hashes rows */
    char *allocated[PREFIX_MAX_WORDS + 1];
    bool any_allocated;
    char buf[PREFIX_MAX_WORDS + 1][PREFIX_KEY_BYTES];
} prefix_keys;
void prefix_keys_init(prefix_keys *pk, const char *text, size_t len);
void prefix_keys_release(prefix_keys *pk);
/* lexicon_prefix with the keys of pk (made by the first look-up that
 * needs them). */
const char *lexicon_prefix_keyed(struct vnp_internal *in, const char *name, prefix_keys *pk,
                                 size_t *matched);

/* ---- the process's compile-once cache (cache.c): built-in grammar codes
 * and lexicons, made on first use, shared by every document, released
 * when the library is unloaded or the process exits. */
typedef void *(*cache_make_fn)(void *ctx);
typedef void (*cache_release_fn)(void *value);
/* The value kept under key (the address of the built-in text it is made
 * from) and release (its kind), made by make(ctx) on first use; NULL when the make failed (not
 * remembered: a later call tries again). */
void *cache_get(const void *key, cache_make_fn make, cache_release_fn release, void *ctx);
/* Releases every value (the tests; the library's destructor). */
void cache_release_all(void);
/* Changes with each cache_release_all: a value kept aside from the cache
 * (a thread's memo of it) is valid while the generation it was got in
 * stands. */
unsigned cache_generation(void);
/* How many values the cache holds (the start-up test: which documents
 * reach every built-in grammar). */
size_t cache_item_count(void);

/* ---- PCRE2 patterns (rx.c) */
struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
#define RX_MAX_GROUPS 48
typedef struct rx_groups {
    const char *start[RX_MAX_GROUPS]; /* NULL for a group that did not take part */
    size_t len[RX_MAX_GROUPS];
} rx_groups;
/* Matches the (static) pattern against s; case-insensitive, UTF, UCP. */
bool rx_match(struct vnp_internal *in, const char *pattern, const char *s, size_t n,
              rx_groups *g);
/* Matches the grammar file `name` (PCRE2_EXTENDED, caseless), compiled on
 * first use. */
bool rx_grammar_match(struct vnp_internal *in, const char *name, const char *s, size_t n,
                      rx_groups *g);
/* rx_grammar_match outside a document: the built-in grammar `name`, with
 * PCRE2's own limits, for a reader the caller runs alone (vnp_due_parse). */
bool rx_builtin_grammar_match(const char *name, const char *s, size_t n, rx_groups *g);
void rx_release_all(struct vnp_internal *in);
/* pcre2_match with the document's match context (the limits of README,
 * "Limits"): memory that ran out fails the parse, and a limit that stopped
 * the match is counted in pattern_limit_hits, which the parse reports;
 * never a silent "no match". */
int rx_pcre2_match(struct vnp_internal *in, const struct pcre2_real_code_8 *code, const char *s,
                   size_t n, size_t at, uint32_t opts, struct pcre2_real_match_data_8 *md);
/* Whether rx_pcre2_match enters JIT code directly (true, the default) or
 * through pcre2_match; the tests compare the two. */
extern bool rx_uses_jit_entry;
/* rx_pcre2_match for a match that starts at `limit` at the latest (PCRE2's
 * offset limit: the code is compiled with PCRE2_USE_OFFSET_LIMIT). */
int rx_pcre2_match_until(struct vnp_internal *in, const struct pcre2_real_code_8 *code,
                         const char *s, size_t n, size_t at, size_t limit,
                         struct pcre2_real_match_data_8 *md);
/* pcre2_compile and JIT compilation whose allocations can all fail safely
 * (see rx.c); NULL with *errcode set when the pattern did not compile. */
struct pcre2_real_code_8 *rx_compile_code(const char *src, size_t len, uint32_t options,
                                          int *errcode);
/* pcre2_compile without JIT, its memory from mem_alloc: to learn why a
 * pattern does not compile (*erroff: where). */
struct pcre2_real_code_8 *rx_compile_plain(const char *src, size_t len, uint32_t options,
                                           int *errcode, size_t *erroff);

#endif
