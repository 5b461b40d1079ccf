/* Layout stage: source lines -> paragraphs and table rows.
 *
 * Two converter layouts reach us. One gives each paragraph on one line,
 * blank lines between, and tables as tab-separated lines; a page break
 * cuts a paragraph with a blank line. The other hard-wraps paragraphs at
 * about 80 columns with no blank lines, and gives tables as blocks of cells:
 * each cell's lines end with a lone "|" line, and a second "|" ends the row.
 * Both become the same paragraphs (joined text with line span) and rows
 * (cells with their source lines), so later stages see one model. */
#include "internal.h"

#include <stdint.h>
#include <string.h>

/* How far ahead a "|" may close the text that follows a cell for that text
 * to count as the next cell: any cell, and a cell past the widest row. */
#define CELL_MAX_LINES 60
#define CELL_PAST_WIDEST_LINES 8
#define CELL_SHORT_LINES 3
/* next_cell_starts asks the short window first: each window holds the
 * shorter ones */
_Static_assert(CELL_SHORT_LINES <= CELL_PAST_WIDEST_LINES &&
                   CELL_PAST_WIDEST_LINES <= CELL_MAX_LINES,
               "the cell windows nest");

/* The pieces of paragraphs of one line allocated at once (16 bytes each:
 * at most a kilobyte unused at the end of a document). */
#define PIECE_POOL 64
/* The cells of block rows allocated at once: a kilobyte, 64 cells; a row
 * wider than 16 cells takes its own (so at most 16 cells' room is left
 * unused when a block is full). */
#define ROW_POOL_BYTES 1024
#define ROW_POOL_WIDE 16

/* Footnote markers written "[N]" that the layout stage tells apart, 1 to
 * NOTE_MARKERS - 1. */
#define NOTE_MARKERS 1000

typedef struct builder {
    vnp_document *doc;
    const lines_product *src; /* the lines read, for their extra parts */
    unsigned char note_seen[NOTE_MARKERS / 8]; /* "[N]" markers met inside text */
    arena tmp;     /* pieces and cell starts being gathered: freed at the end */
    vec paras;     /* para */
    vec footnotes; /* para of kind PARA_FOOTNOTE */
    vec lines;     /* const src_line *: the lines of the paragraph being built */
    size_t len;    /* bytes of its text: its lines joined with one space */
    strbuf markers;
    vec marker_at; /* size_t: where the paragraph's <sup> markers stood in text */
    vec pieces;    /* line_piece of the paragraph being built */
    const src_line *first; /* its first line */
    /* The cell pointers of every tab-separated row, in one array sized
     * at the first such row from it and the lines after it (an array of
     * its own for each row, aligned and rounded up, cost a fifth more;
     * sized up front, every document paid a pass over its lines), handed
     * out row by row. */
    const char **cell_slots;
    size_t cell_slots_left;
    bool cell_slots_sized;
    line_piece *piece_pool; /* one_piece() */
    size_t piece_pool_left;
    char *row_pool; /* row_slots() */
    size_t row_pool_left;
    size_t line, end_line;
    bool open;
    bool bold;
    bool upper_heading; /* a numbered heading in capitals so far */
    int hashes;
    /* starts_numbered of the last two lines asked about: a line is asked
     * as the line to place and again as the previous line */
    struct {
        const src_line *line;
        bool numbered;
    } numbered_memo[2];
    unsigned numbered_next;
} builder;

/* vec_push for an item the caller writes whole: while the vector has
 * room (the paragraph's pieces and lines keep theirs from one paragraph
 * to the next), no call and no clearing. */
static inline void *push_item(arena *a, vec *v)
{
    if (v->count < v->cap)
        return (char *)v->items + v->count++ * v->size;
    return vec_push(a, v);
}

/* ---- line shape tests ---------------------------------------------- */

static bool is_bullet(const src_line *ln)
{
    const char *s = ln->text;
    if (ln->len >= 2 && (s[0] == '-' || s[0] == '+') && s[1] == ' ')
        return true;
    return ln->len >= 4 && (strncmp(s, "•", 3) == 0 || strncmp(s, "–", 3) == 0) && s[3] == ' ';
}

/* "1. ...", "2.1 ...", "II. ...", "a) ...", "Điều 3", "Chương II": the
 * line opens with a numbering token (numbering.c), and text follows a
 * number ("12." alone ends a wrapped line: "Bãi bỏ Điều" then "12.").
 * Words that only begin like a named part ("Chương trình", "Phần mềm",
 * "Điều kiện") are no token. Used only to decide where a paragraph
 * starts. */
static bool opens_with_number(const src_line *ln)
{
    heading_token t;
    if (!parse_heading_token(ln->text, ln->len, &t))
        return false;
    bool named = t.style == STYLE_PART || t.style == STYLE_CHAPTER ||
                 t.style == STYLE_SECTION || t.style == STYLE_ARTICLE;
    return named || t.title < ln->text + ln->len;
}

/* opens_with_number, remembered for the last two lines. */
static bool starts_numbered(builder *b, const src_line *ln)
{
    for (size_t k = 0; k < 2; k++)
        if (b->numbered_memo[k].line == ln)
            return b->numbered_memo[k].numbered;
    bool numbered = opens_with_number(ln);
    size_t slot = b->numbered_next++ & 1;
    b->numbered_memo[slot].line = ln;
    b->numbered_memo[slot].numbered = numbered;
    return numbered;
}

/* A numbered line, or a capital letter numbering a part ("B. QUY TRÌNH"). */
static bool opens_heading(builder *b, const src_line *ln)
{
    const char *s = ln->text;
    return starts_numbered(b, ln) ||
           (ln->len > 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '.' && s[2] == ' ');
}

/* Does c end a sentence (".;:!?"), or a clause before a bracket (".;:")? */
static bool ends_sentence_mark(char c)
{
    return c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

static bool ends_bracketed_clause(char c) { return c == '.' || c == ';' || c == ':'; }

/* The line ends a sentence or a clause that a new paragraph may follow. */
static bool ends_clause(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '*' || s[n - 1] == '"'))
        n--;
    if (n == 0)
        return true;
    char c = s[n - 1];
    if (ends_sentence_mark(c))
        return true;
    if (n >= 3 && strncmp(s + n - 3, "…", 3) == 0)
        return true;
    if (n >= 3 && strncmp(s + n - 3, "”", 3) == 0)
        return n >= 4 && ends_sentence_mark(s[n - 4]);
    return c == ')' && n >= 2 && ends_bracketed_clause(s[n - 2]);
}

/* "... tại Tờ trình số:" at the end of a line: the number of the document
 * named comes on the next line, so the colon ends no clause. Only after a
 * type word of doctypes.tsv ("phát triển kinh tế số:" opens a list). */
static bool awaits_number(struct vnp_internal *in, const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '*'))
        n--;
    if (n < 5 || s[n - 1] != ':')
        return false;
    size_t w = n - 1;
    while (w > 0 && s[w - 1] == ' ')
        w--;
    size_t start = w;
    while (start > 0 && s[start - 1] != ' ')
        start--;
    if (!listed_word_is(in, "function_words.tsv", "number", s + start, w - start, NULL))
        return false;
    size_t end = start;
    while (end > 0 && s[end - 1] == ' ')
        end--;
    for (size_t k = end, words = 0; k > 0 && words < 4; words++) {
        k--;
        while (k > 0 && s[k - 1] != ' ')
            k--;
        if (lexicon_lookup(in, "doctypes.tsv", s + k, end - k))
            return true;
        while (k > 0 && s[k - 1] == ' ')
            k--;
    }
    return false;
}

/* ---- paragraph building -------------------------------------------- */

/* The text of lines[0..count) joined with one space into out, which has
 * room for len bytes (their sum) and the NUL; returns the bytes written. */
static size_t join_lines(char *out, const src_line *const *lines, size_t count)
{
    char *o = out;
    for (size_t k = 0; k < count; k++) {
        if (k)
            *o++ = ' ';
        memcpy(o, lines[k]->text, lines[k]->len);
        o += lines[k]->len;
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* The piece of a paragraph of one line, handed out of a block of them
 * (one arena call for PIECE_POOL paragraphs, not one each); NULL when
 * memory ran out. */
static line_piece *one_piece(builder *b, arena *a)
{
    if (!b->piece_pool_left) {
        b->piece_pool = arena_alloc_uncleared(a, PIECE_POOL * sizeof(line_piece));
        if (!b->piece_pool)
            return NULL;
        b->piece_pool_left = PIECE_POOL;
    }
    b->piece_pool_left--;
    return b->piece_pool++;
}

/* The paragraph's line pieces and, for a paragraph of several lines, its
 * joined text, in one allocation (the pieces first, aligned; the text
 * last, so that the arena's padding follows it): one arena call, not
 * two; the piece of a paragraph of one line comes from one_piece().
 * *text gets the text (a paragraph of one line is its line's text), *len
 * its bytes; the pieces are NULL, the text NULL and 0 when memory ran
 * out. */
static line_piece *pieces_and_text(builder *b, arena *a, const char **text, size_t *len)
{
    size_t count = b->pieces.count, piece_bytes = count * sizeof(line_piece);
    bool one = b->lines.count == 1;
    if (one && count == 1) { /* most paragraphs: their line's text, one piece */
        line_piece *piece = one_piece(b, a);
        if (piece)
            *piece = *(const line_piece *)b->pieces.items;
        *text = b->first->text;
        *len = b->first->len;
        return piece;
    }
    /* lines arrive trimmed and folded and are joined with one space, so
     * the text needs no folding and the line pieces stay exact */
    line_piece *pieces = arena_alloc_uncleared(a, piece_bytes + (one ? 0 : b->len + 1));
    if (!pieces) {
        *text = one ? b->first->text : NULL;
        *len = one ? b->first->len : 0;
        return NULL;
    }
    if (count) /* no pieces: items may be NULL */
        memcpy(pieces, b->pieces.items, piece_bytes);
    if (one) {
        *text = b->first->text;
        *len = b->first->len;
    } else {
        char *out = (char *)pieces + piece_bytes;
        *len = join_lines(out, b->lines.items, b->lines.count);
        *text = out;
    }
    return pieces;
}

/* The paragraph being built, written whole into its record. */
static void flush(builder *b)
{
    if (!b->open)
        return;
    arena *a = &b->doc->internal->mem;
    para *p = push_item(a, &b->paras);
    if (p) {
        const char *text;
        size_t len;
        line_piece *pieces = pieces_and_text(b, a, &text, &len);
        size_t markers = b->marker_at.count;
        size_t *at = markers ? arena_alloc_uncleared(a, markers * sizeof *at) : NULL;
        if (at)
            memcpy(at, b->marker_at.items, markers * sizeof *at);
        *p = (para){
            .kind = PARA_TEXT,
            .line = para_u32(b->line),
            .end_line = para_u32(b->end_line),
            .text = text,
            .pieces = pieces,
            .piece_count = para_u32(b->pieces.count),
            .len = para_u32(len),
            .bold = b->bold,
            .hashes = (unsigned)b->hashes & 7u, /* 0 to 6 */
            .markers = b->markers.len ? arena_strndup(a, b->markers.data, b->markers.len) : NULL,
            .marker_at = at,
            .marker_at_count = at ? para_u32(markers) : 0,
        };
    }
    b->lines.count = 0;
    b->len = 0;
    b->markers.len = 0;
    b->marker_at.count = 0;
    b->pieces.count = 0;
    b->open = false;
}

/* "[N]" at s[i], N of 1 to 3 digits: its length, N in *num; else 0. */
static size_t bracket_marker(const char *s, size_t n, size_t i, unsigned *num)
{
    size_t k = i + 1, v = 0;
    while (k < n && k - i <= 3 && s[k] >= '0' && s[k] <= '9')
        v = v * 10 + (size_t)(s[k++] - '0');
    if (i >= n || s[i] != '[' || k == i + 1 || k - i > 4 || k >= n || s[k] != ']' || v == 0)
        return 0;
    *num = (unsigned)v;
    return k + 1 - i;
}

/* The "[N]" markers glued to a word of the line ("kịp thời[1].", as the
 * converters of crawled pages write a footnote's marker) are the
 * paragraph's markers, and a later line opening with "[N]" is their note. */
static void see_bracket_markers(builder *b, const src_line *ln)
{
    const char *s = ln->text;
    for (const char *at = memchr(s, '[', ln->len); at; at = memchr(at + 1, '[', ln->len - (size_t)(at + 1 - s))) {
        size_t i = (size_t)(at - s);
        unsigned num = 0;
        if (i == 0 || s[i - 1] == ' ' || !bracket_marker(s, ln->len, i, &num))
            continue;
        b->note_seen[num / 8] |= (unsigned char)(1u << (num % 8));
        if (b->markers.len)
            sb_putc(&b->markers, ' ');
        sb_printf(&b->markers, "%u", num);
    }
}

/* Does the line open with "[N] " for a marker met before? */
static bool bracket_note(const builder *b, const src_line *ln)
{
    if (!ln->len || ln->text[0] != '[') /* most lines: told by their first byte */
        return false;
    unsigned num = 0;
    size_t m = ln->flags & (LINE_PIPE | LINE_CELLS) ? 0 : bracket_marker(ln->text, ln->len, 0, &num);
    return m && m < ln->len && ln->text[m] == ' ' && (b->note_seen[num / 8] & (1u << (num % 8)));
}

static void append_line(builder *b, const src_line *ln)
{
    if (!b->open) {
        b->open = true;
        b->first = ln;
        b->line = ln->no;
        b->bold = (ln->flags & LINE_BOLD) != 0;
        b->hashes = ln->hashes;
        b->upper_heading = opens_heading(b, ln);
    } else {
        b->len++; /* the space that joins it */
        b->bold = b->bold && (ln->flags & LINE_BOLD);
    }
    b->upper_heading = b->upper_heading && is_vn_upper_text(ln->text, ln->len);
    line_piece *piece = push_item(&b->tmp, &b->pieces);
    if (piece) {
        piece->offset = b->len;
        piece->line = ln->no;
    }
    const src_line **kept = push_item(&b->tmp, &b->lines);
    if (kept)
        *kept = ln;
    b->len += ln->len;
    const line_extra *x = line_extra_of_line(b->src, ln);
    if (x && x->inline_markers) {
        if (b->markers.len)
            sb_putc(&b->markers, ' ');
        sb_puts(&b->markers, x->inline_markers);
    }
    for (size_t k = 0; x && k < x->marker_at_count; k++) {
        size_t *at = push_item(&b->tmp, &b->marker_at);
        if (at)
            *at = piece ? piece->offset + x->marker_at[k] : 0;
    }
    if (memchr(ln->text, '[', ln->len))
        see_bracket_markers(b, ln);
    b->end_line = ln->no;
}

static void add_footnote(builder *b, const src_line *ln)
{
    arena *a = &b->doc->internal->mem;
    para *p = vec_push(a, &b->footnotes);
    if (!p)
        return;
    p->kind = PARA_FOOTNOTE;
    p->line = p->end_line = para_u32(ln->no);
    char *t = arena_strndup(a, ln->text, ln->len);
    if (!t)
        return;
    p->len = para_u32(fold_spaces(t, ln->len));
    p->text = t;
    const line_extra *x = line_extra_of_line(b->src, ln);
    p->footnote_marker = x ? x->footnote_marker : NULL;
}

/* The note of a "[N]" marker (bracket_note): lines[i], and the lines
 * after it up to a blank line, a table or the next note, which the
 * converters hard-wrap. Its text keeps the marker, so that columns count
 * from the line's start (the parts stage gives the note without it).
 * Returns the index of the line after it. */
static size_t add_bracket_note(builder *b, const src_line *lines, size_t count, size_t i)
{
    arena *a = &b->doc->internal->mem;
    para *p = vec_push(a, &b->footnotes);
    if (!p)
        return count;
    unsigned num = 0;
    bracket_marker(lines[i].text, lines[i].len, 0, &num);
    strbuf t = {0};
    vec pieces = {.size = sizeof(line_piece)};
    size_t j = i;
    for (; j < count; j++) {
        const src_line *ln = &lines[j];
        if (j > i && ((ln->flags & (LINE_BLANK | LINE_FOOTNOTE | LINE_PIPE | LINE_CELLS)) ||
                      bracket_note(b, ln)))
            break;
        if (t.len)
            sb_putc(&t, ' ');
        line_piece *piece = vec_push(a, &pieces);
        if (piece) {
            piece->offset = t.len;
            piece->line = ln->no;
        }
        sb_append(&t, ln->text, ln->len);
    }
    char marker[8];
    snprintf(marker, sizeof marker, "%u", num);
    p->kind = PARA_FOOTNOTE;
    p->line = para_u32(lines[i].no);
    p->end_line = para_u32(lines[j - 1].no);
    p->text = arena_strndup(a, t.failed || !t.data ? "" : t.data, t.failed ? 0 : t.len);
    p->len = para_u32(p->text && !t.failed ? t.len : 0);
    p->pieces = pieces.items;
    p->piece_count = para_u32(pieces.count);
    p->footnote_marker = arena_strdup(a, marker);
    sb_free(&t);
    return j;
}

/* The line opens a block of its own kind (openers.c): a legal basis, an
 * annex label, the recipients or the addressee. Such a line never
 * continues another. */
static bool starts_block(const builder *b, const src_line *ln)
{
    return opens_block(b->doc->internal, ln->text, ln->len);
}

/* A heading in capitals ("I. NHIỆM VỤ", "B. QUY TRÌNH") and a line that
 * opens with a word in sentence case ("Theo Luật ...", "Các xã ..."): the
 * heading has ended; a heading wrapped in capitals goes on in capitals. */
static bool heading_before_sentence(const builder *b, const src_line *ln)
{
    if (!b->upper_heading)
        return false;
    size_t e = 0;
    while (e < ln->len && ln->text[e] != ' ')
        e++;
    return !is_vn_upper_text(ln->text, e);
}

/* The line opens with a label of a task written in prose and its colon
 * ("Cơ quan phối hợp: ...", "Thời gian hoàn thành: ..."): a line of the
 * block of its own, never the rest of a paragraph cut by a page break. */
static bool starts_prose_label(const builder *b, const src_line *ln)
{
    enum { LABEL_BYTES = 96 };
    size_t span = ln->len < LABEL_BYTES ? ln->len : LABEL_BYTES;
    const char *colon = memchr(ln->text, ':', span);
    size_t len = colon ? (size_t)(colon - ln->text) : 0;
    while (len && ln->text[len - 1] == ' ')
        len--;
    return prose_label_role(b->doc->internal, ln->text, len) != NULL;
}

/* Would line `ln` continue the open paragraph whose last line is `prev`,
 * told from the shapes of the two lines (`lower`: ln opens in lower case),
 * before asking whether ln opens a block of its own? */
static bool continues_by_shape(builder *b, const src_line *prev, const src_line *ln, bool gap,
                               bool lower)
{
    bool mid_sentence = !ends_clause(prev->text, prev->len) ||
                        awaits_number(b->doc->internal, prev->text, prev->len);
    /* a numbered line ("2.", "a)") opens a paragraph, unless a hard wrap put
     * the number at the start of a line in mid-sentence */
    if (starts_numbered(b, ln))
        return !gap && mid_sentence && !starts_numbered(b, prev) && !(prev->flags & LINE_BOLD);
    if (prev->flags & LINE_BOLD_OPEN)
        return !gap || lower;                 /* bold text wrapped: "**I. MỤC" / "ĐÍCH**" */
    if ((prev->flags & LINE_HARD_BREAK) && !lower)
        return false;
    if (gap)                                  /* a page break cut the paragraph */
        return lower || (mid_sentence && prev->len >= 60 && !starts_numbered(b, ln) &&
                         !(prev->flags & LINE_BOLD) && !starts_prose_label(b, ln) &&
                         !(b->first == prev && starts_numbered(b, prev)));
    if (lower)
        return true;
    if (heading_before_sentence(b, ln))
        return false;
    /* a line that opens a bold span of its own starts a block ("**BỘ TRƯỞNG") */
    if ((ln->flags & LINE_BOLD) && !(prev->flags & (LINE_BOLD | LINE_BOLD_OPEN)))
        return false;
    /* a change of emphasis marks a new block in the wrapped layout */
    if (((prev->flags ^ ln->flags) & (LINE_BOLD | LINE_ITALIC)) && !mid_sentence)
        return false;
    return mid_sentence && !(prev->flags & LINE_BOLD && !(ln->flags & LINE_BOLD));
}

/* is_vn_lower_start of the line, told by its first byte where that is an
 * ASCII letter or digit (a letter in lower or upper case, a digit: the
 * first such character decides), else asked. */
static bool opens_lower(const src_line *ln)
{
    unsigned char c = ln->len ? (unsigned char)ln->text[0] : 0;
    if (c >= 'a' && c <= 'z')
        return true;
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return false;
    return is_vn_lower_start(ln->text, ln->len);
}

/* Does line `ln` continue the open paragraph whose last line is `prev`?
 * `gap` says blank lines or footnotes stood between them. A line in lower
 * case never opens a block; the block test, which keys the line's first
 * words, is asked last, for the lines the shapes would join. */
static bool continues(builder *b, const src_line *prev, const src_line *ln, bool gap)
{
    if (!b->open || !prev)
        return false;
    if (ln->hashes || (prev->hashes && !(prev->flags & LINE_BOLD_OPEN)))
        return false;
    if (is_bullet(ln))
        return false;
    bool lower = opens_lower(ln);
    return continues_by_shape(b, prev, ln, gap, lower) && (lower || !starts_block(b, ln));
}

/* ---- table rows ----------------------------------------------------- */

/* The bytes of x that are spaces: 0x80 in each, nothing else (exact for
 * every byte, no carry crosses from one to the next). */
static uint64_t space_bytes(uint64_t x)
{
    const uint64_t lows = 0x7F7F7F7F7F7F7F7Fu, spaces = 0x2020202020202020u;
    uint64_t y = x ^ spaces;
    return ~(((y & lows) + lows) | y | lows);
}

/* Can the eight bytes at s be passed over by is_folded: none below ' '
 * (a byte of 0x80 or above never counts) and no space followed by a space
 * (s[8] must be readable)? */
static bool folded_eight(const char *s)
{
    uint64_t x, next;
    memcpy(&x, s, sizeof x);
    memcpy(&next, s + 1, sizeof next);
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    bool below_space = ((x - ones * ' ') & ~x & highs) != 0;
    return !below_space && !(space_bytes(x) & space_bytes(next));
}

bool layout_uses_simd = true;

#if defined(__SSE2__)
#include <emmintrin.h>

/* Are the sixteen bytes at s free of white space but single spaces: no
 * byte of '\t' to '\r', no space followed by a space (s[16] must be
 * readable)? Exact, as the byte loop of is_folded. */
static bool folded_sixteen(const char *s)
{
    const __m128i space = _mm_set1_epi8(' ');
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i next = _mm_loadu_si128((const __m128i *)(s + 1));
    __m128i doubled = _mm_and_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(next, space));
    /* '\t' to '\r' are 0 to 4 once '\t' is taken off, every other byte more */
    __m128i from_tab = _mm_sub_epi8(v, _mm_set1_epi8('\t'));
    __m128i control =
        _mm_cmpeq_epi8(_mm_subs_epu8(from_tab, _mm_set1_epi8(4)), _mm_setzero_si128());
    return _mm_movemask_epi8(_mm_or_si128(doubled, control)) == 0;
}

/* is_folded() for n >= 16, sixteen bytes at a time, the last block
 * overlapping the one before (its first bytes are known folded: testing
 * them again changes no answer). */
static bool is_folded_sse2(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        if (!folded_sixteen(s + i))
            return false;
    return i == n || folded_sixteen(s + n - 16);
}
#endif

/* A byte that is_folded() must look at: one of '\t' to ' ' (a space,
 * which only a space after it unfolds, or a control character, of which
 * '\t' to '\r' unfold). */
static bool folds_at(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    return c <= ' ' && (c == ' ' ? s[i + 1] == ' ' : c >= '\t' && c <= '\r');
}

/* is_folded() past its first tests, for n >= 8. */
static bool is_folded_long(const char *s, size_t n)
{
#if defined(__SSE2__)
    if (n >= 16 && layout_uses_simd)
        return is_folded_sse2(s, n);
#endif
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8 && folded_eight(s + i)) {
            i += 8;
            continue;
        }
        size_t end = n - i >= 8 ? i + 8 : n;
        for (; i < end; i++)
            if (folds_at(s, i))
                return false;
    }
    return true;
}

/* Is s[0..n) as fold_spaces leaves it: single spaces between words and no
 * other white space? (s[n] must be readable.) Normalised lines mostly are,
 * so the test passes over sixteen bytes at a time with SSE2 where the
 * processor has it (every x86-64 one) and layout_uses_simd, else eight
 * at a time, byte by byte only where those eight hold a control character
 * or two spaces; the same answer either way. A text shorter than eight
 * bytes (most cells of a block: a word or a number) is read byte by byte
 * here, without a further call. */
static bool is_folded(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[n - 1] == ' '))
        return false;
    if (n >= 8)
        return is_folded_long(s, n);
    for (size_t i = 0; i < n; i++)
        if (folds_at(s, i))
            return false;
    return true;
}

/* The filled lines of a block cell: neither a "|" line nor empty. */
static bool cell_line_filled(const src_line *ln)
{
    return !(ln->flags & LINE_PIPE) && ln->len;
}

/* The text of a block cell whose filled lines are all folded: they joined
 * with one space each are folded too, so they are copied once, straight
 * into the cell (NULL when memory ran out). */
static const char *join_folded_lines(arena *a, const src_line *lines, size_t from, size_t to,
                                     size_t total, size_t *len)
{
    char *out = arena_chars(a, total), *o = out;
    if (!out) {
        *len = 0;
        return NULL;
    }
    for (size_t i = from; i < to; i++)
        if (cell_line_filled(&lines[i])) {
            if (o != out)
                *o++ = ' ';
            memcpy(o, lines[i].text, lines[i].len);
            o += lines[i].len;
        }
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* Do the filled lines of a block cell stand one after the other in
 * memory, each one byte (its NUL) after the end of the one before? Most
 * do: normalisation keeps a clean line's text in the input. */
static bool lines_adjoin(const src_line *lines, size_t from, size_t to)
{
    const src_line *prev = NULL;
    for (size_t i = from; i < to; i++)
        if (cell_line_filled(&lines[i])) {
            if (prev && lines[i].text != prev->text + prev->len + 1)
                return false;
            prev = &lines[i];
        }
    return true;
}

/* join_folded_lines() of lines that adjoin, in their own bytes: each
 * NUL between them becomes the joining space, so the cell costs no copy
 * (the lines product's contract in internal.h allows it). */
static const char *join_in_place(const src_line *lines, size_t from, size_t to, size_t total,
                                 size_t *len)
{
    const char *first = NULL;
    const src_line *prev = NULL;
    for (size_t i = from; i < to; i++)
        if (cell_line_filled(&lines[i])) {
            if (prev)
                ((char *)(uintptr_t)prev->text)[prev->len] = ' ';
            else
                first = lines[i].text;
            prev = &lines[i];
        }
    *len = total;
    return first;
}

/* The text of a block cell: its lines joined with spaces and folded; a
 * cell of one line that needs no folding is the line's text itself. */
static const char *block_cell(arena *a, const src_line *lines, size_t from, size_t to,
                              size_t *len)
{
    const src_line *one = NULL;
    size_t filled = 0, total = 0;
    bool folded = true;
    for (size_t i = from; i < to; i++)
        if (cell_line_filled(&lines[i])) {
            one = &lines[i];
            total += (filled ? 1 : 0) + one->len;
            filled++;
            folded = folded && is_folded(one->text, one->len);
        }
    if (filled == 1 && folded) {
        *len = one->len;
        return one->text;
    }
    if (folded && filled > 1 && lines_adjoin(lines, from, to))
        return join_in_place(lines, from, to, total, len);
    if (folded)
        return join_folded_lines(a, lines, from, to, total, len);
    strbuf cell = {0};
    for (size_t i = from; i < to; i++)
        if (cell_line_filled(&lines[i])) {
            if (cell.len) /* a space at the start would only be folded away */
                sb_putc(&cell, ' ');
            sb_append(&cell, lines[i].text, lines[i].len);
        }
    sb_append(&cell, "", 0); /* makes sure data exists */
    *len = cell.failed ? 0 : fold_spaces(cell.data, cell.len);
    const char *out = arena_strndup(a, cell.failed ? "" : cell.data, *len);
    sb_free(&cell);
    *len = out ? *len : 0;
    return out;
}

/* Room for a block row's `slots` cell pointers followed by as many cell
 * lines (16 bytes a cell), handed out of a block shared by the rows (one
 * arena call for many rows); a wide row has its own. NULL when memory
 * ran out. */
static const char **row_slots(builder *b, arena *a, size_t slots)
{
    size_t bytes = slots * (sizeof(const char *) + sizeof(size_t));
    if (slots > ROW_POOL_WIDE)
        return arena_alloc_uncleared(a, bytes);
    if (bytes > b->row_pool_left) { /* what is left of the block stays unused */
        b->row_pool = arena_alloc_uncleared(a, ROW_POOL_BYTES);
        if (!b->row_pool)
            return NULL;
        b->row_pool_left = ROW_POOL_BYTES;
    }
    const char **cv = (const char **)(void *)b->row_pool;
    b->row_pool += bytes;
    b->row_pool_left -= bytes;
    return cv;
}

/* A row of a block of cells. Its text is empty: no stage reads a row's
 * text but the table stage, which joins its cells (tables.c row_written);
 * a copy of each row's cells joined would hold them twice. */
static bool add_row(builder *b, size_t first, size_t last, const src_line *lines,
                    const size_t *cell_start, size_t cells, size_t lone_pipes)
{
    arena *a = &b->doc->internal->mem;
    para *p = push_item(a, &b->paras);
    /* the cells and their lines in one allocation, each written below */
    size_t slots = cells ? cells : 1;
    const char **cv = row_slots(b, a, slots);
    if (!p || !cv) {
        if (p) /* as vec_push leaves it */
            *p = (para){.text = NULL};
        return false;
    }
    size_t *cl = (size_t *)(void *)(cv + slots);
    cv[0] = NULL;
    cl[0] = 0;
    bool whole = true;
    for (size_t c = 0; c < cells; c++) {
        size_t from = cell_start[c], to = c + 1 < cells ? cell_start[c + 1] : last + 1, len;
        cv[c] = block_cell(a, lines, from, to, &len);
        whole = whole && cv[c];
        cl[c] = lines[from].no;
    }
    bool after_row = lone_pipes != (size_t)-1;
    *p = (para){
        .kind = PARA_ROW,
        .after_row = after_row,
        .lone_pipes = para_u32(after_row ? lone_pipes : 0),
        .line = para_u32(lines[first].no),
        .end_line = para_u32(lines[last].no),
        .cell_lines = cl,
        .cells = cv,
        .cell_count = para_u32(cells),
        .text = "",
    };
    return whole;
}

/* The number of tabs in s[0..n). */
static size_t count_tabs(const char *s, size_t n)
{
    size_t tabs = 0;
    for (const char *t = memchr(s, '\t', n); t; t = memchr(t + 1, '\t', n - (size_t)(t + 1 - s)))
        tabs++;
    return tabs;
}

/* The cells of the tab-separated rows of lines[0..count). */
static size_t tab_row_cells(const src_line *lines, size_t count)
{
    size_t cells = 0;
    for (size_t i = 0; i < count; i++)
        if (lines[i].flags & LINE_CELLS)
            cells += 1 + count_tabs(lines[i].text, lines[i].len);
    return cells;
}

/* Room for the pointers of a tab-separated row's `cells` cells: the next
 * of the slots counted for every such row (NULL when memory ran out). */
static const char **row_cell_slots(builder *b, const src_line *ln, size_t cells)
{
    if (!b->cell_slots_sized) { /* the first row: no line before it holds cells */
        const src_line *end = b->src->lines + b->src->count;
        size_t all = tab_row_cells(ln, (size_t)(end - ln));
        b->cell_slots = arena_alloc_uncleared(&b->doc->internal->mem, all * sizeof *b->cell_slots);
        b->cell_slots_left = b->cell_slots ? all : 0;
        b->cell_slots_sized = true;
    }
    if (cells > b->cell_slots_left) /* no slots: memory for them ran out */
        return arena_alloc(&b->doc->internal->mem, cells * sizeof(const char *));
    const char **slots = b->cell_slots;
    b->cell_slots += cells;
    b->cell_slots_left -= cells;
    return slots;
}

/* A tab-separated line: one row, cells split on tabs. The cells are the
 * line's own bytes, its tabs ending them (a cell is folded in place only
 * when it is not folded already): a copy of every row would hold the
 * table's text twice for the whole parse. The row's text is those bytes,
 * so a stage that wants the row as written joins its cells (no stage
 * after this one reads a tab-separated line as text: the issuer and the
 * reference stage pass over LINE_CELLS lines). The lines' bytes are the
 * document's own (its arena), read-only only to the stages after the
 * input stage. */
static bool add_tab_row(builder *b, const src_line *ln)
{
    arena *a = &b->doc->internal->mem;
    size_t cells = 1 + count_tabs(ln->text, ln->len);
    para *p = push_item(a, &b->paras);
    const char **cv = row_cell_slots(b, ln, cells);
    /* lines of their own only for cells a reader numbered; the others are
     * all on the line (para_cell_line) */
    const line_extra *x = line_extra_of_line(b->src, ln);
    bool numbered = x && x->cell_no_count;
    size_t *cl = numbered ? arena_alloc(a, cells * sizeof *cl) : NULL;
    if (!p || !cv || (numbered && !cl)) {
        if (p) /* as vec_push leaves it */
            *p = (para){.text = NULL};
        return false;
    }
    char *row = (char *)(uintptr_t)ln->text;
    char *s = row, *end = row + ln->len;
    for (size_t c = 0; c < cells; c++) {
        char *tab = memchr(s, '\t', (size_t)(end - s));
        size_t n = tab ? (size_t)(tab - s) : (size_t)(end - s);
        s[n] = '\0'; /* the tab, or the line's end */
        if (!is_folded(s, n))
            fold_spaces(s, n);
        cv[c] = s;
        if (cl)
            cl[c] = c < x->cell_no_count ? x->cell_nos[c] : ln->no;
        s = tab ? tab + 1 : s + n;
    }
    *p = (para){
        .kind = PARA_ROW,
        .line = para_u32(ln->no),
        .end_line = para_u32(ln->no),
        .cells = cv,
        .cell_lines = cl,
        .cell_count = para_u32(cells),
        .text = row,
        .len = para_u32(ln->len),
    };
    return true;
}

/* Is line i the start of cell text that a "|" line closes within `window`
 * lines, before any blank line? */
static bool cell_text_follows(const src_line *lines, size_t count, size_t i, size_t window)
{
    for (size_t k = i; k < count && k < i + window; k++) {
        if (lines[k].flags & LINE_PIPE)
            return true;
        if (lines[k].flags & LINE_BLANK)
            return false;
    }
    return false;
}

/* After a "|" the converter does not mark where a table ends: the next
 * text is either one more cell of the row or the body text after the
 * table (which the next table's "|" closes, further down). Text that
 * opens like a block of its own (a capital title such as "QUYẾT ĐỊNH" or
 * "PHỤ LỤC", a legal basis, an annex label) is a cell only when a "|"
 * closes it at once, as a header cell ("Căn cứ pháp lý"); a cell past the
 * widest row seen so far must be short. */
static bool opens_like_block(builder *b, const src_line *ln, size_t cells, size_t widest)
{
    /* "Thực hiện", "Triển khai" open legal bases and cells alike: inside
     * a row narrower than the widest one seen, more cells are due */
    bool mid_row = cells > 0 && cells < widest;
    bool opener; /* keyed with the block test */
    bool opens = opens_block_basis(b->doc->internal, ln->text, ln->len, &opener);
    return ((ln->flags & LINE_BOLD) && is_vn_upper_text(ln->text, ln->len) && cells > 0) ||
           (opens && !opens_recipients(b->doc->internal, ln->text, ln->len) &&
            !(opener && mid_row));
}

static bool next_cell_starts(builder *b, const src_line *lines, size_t count, size_t i,
                             size_t cells, size_t widest)
{
    const src_line *ln = &lines[i];
    if (ln->flags & LINE_BLANK)
        return false;
    /* past the widest row, a numbered heading ("B. QUY TRÌNH", "2.1.") is
     * the text after the table */
    if (widest && cells >= widest && opens_heading(b, ln))
        return false;
    size_t window = widest && cells >= widest ? CELL_PAST_WIDEST_LINES : CELL_MAX_LINES;
    /* a "|" within the short window closes a cell whatever the text opens
     * with, and none within the longer one closes none: only in between
     * does the block test (which keys the line's first words) decide */
    if (cell_text_follows(lines, count, i, CELL_SHORT_LINES))
        return true;
    return cell_text_follows(lines, count, i, window) && !opens_like_block(b, ln, cells, widest);
}

/* Reads one block of cells starting at the "|" line lines[i]; returns the
 * index after the block. Grammar: "|" opens a table; each cell's lines end
 * with "|"; a second "|" ends a row; the last row ends with one "|". */
static size_t read_cell_block(builder *b, const src_line *lines, size_t count, size_t i)
{
    vec starts = {.size = sizeof(size_t)};
    size_t row_first = i, pipes = 0, widest = 0, lone = (size_t)-1, rows = 0;
    bool in_cell = false;
    while (i < count) {
        const src_line *ln = &lines[i];
        if (ln->flags & LINE_PIPE) {
            pipes = in_cell ? 1 : pipes + 1;
            in_cell = false;
            if (pipes == 2 && starts.count) {
                widest = starts.count > widest ? starts.count : widest;
                add_row(b, row_first, i, lines, starts.items, starts.count, lone);
                starts.count = 0;
                rows++;
            }
            i++;
            continue;
        }
        if (!in_cell) {
            if (!next_cell_starts(b, lines, count, i, starts.count, widest))
                break;
            if (starts.count == 0) {
                row_first = i;
                lone = rows && pipes >= 2 ? pipes - 2 : (size_t)-1; /* after the row end's "|" */
            }
            size_t *st = push_item(&b->tmp, &starts);
            if (!st)
                return count;
            *st = i;
            in_cell = true;
        }
        i++;
    }
    if (starts.count) /* the last row ends with a single "|" */
        add_row(b, row_first, i - 1, lines, starts.items, starts.count, lone);
    return i;
}

size_t lines_index(const lines_product *lines, size_t no)
{
    size_t i;
    if (no >= 1 && no <= lines->count && lines->lines[no - 1].no == no) {
        i = no - 1; /* a text: line k at index k - 1 */
    } else {
        size_t lo = 0, hi = lines->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (lines->lines[mid].no < no)
                lo = mid + 1;
            else
                hi = mid;
        }
        i = lo;
    }
    while (i > 0 && i < lines->count && lines->lines[i - 1].no == no)
        i--; /* a paragraph of several lines (a .docx line break) */
    return i;
}

size_t para_line_at(const para *p, size_t offset, size_t *column)
{
    size_t line = p->line, start = 0;
    for (size_t i = 0; i < p->piece_count && p->pieces[i].offset <= offset; i++) {
        line = p->pieces[i].line;
        start = p->pieces[i].offset;
    }
    if (column) {
        *column = 1;
        for (size_t k = start; k < offset && p->text[k]; k++)
            *column += ((unsigned char)p->text[k] & 0xC0) != 0x80;
    }
    return line;
}

vnp_status layout_paragraphs(vnp_document *doc, const lines_product *lines,
                             paragraphs_product *out)
{
    struct vnp_internal *in = doc->internal;
    builder b = {.doc = doc, .src = lines, .paras = {.size = sizeof(para)}, .footnotes = {.size = sizeof(para)},
                 .pieces = {.size = sizeof(line_piece)}, .lines = {.size = sizeof(const src_line *)},
                 .marker_at = {.size = sizeof(size_t)}};
    const src_line *prev = NULL;
    bool gap = false;
    for (size_t i = 0; i < lines->count;) {
        const src_line *ln = &lines->lines[i];
        if (ln->flags & LINE_BLANK) {
            gap = true;
            i++;
            continue;
        }
        if (ln->flags & LINE_FOOTNOTE) { /* does not break the paragraph it interrupts */
            add_footnote(&b, ln);
            gap = true;
            i++;
            continue;
        }
        if (bracket_note(&b, ln)) {
            i = add_bracket_note(&b, lines->lines, lines->count, i);
            gap = true;
            continue;
        }
        if (ln->flags & (LINE_PIPE | LINE_CELLS)) {
            flush(&b);
            prev = NULL;
            i = (ln->flags & LINE_CELLS) ? (add_tab_row(&b, ln), i + 1)
                                         : read_cell_block(&b, lines->lines, lines->count, i);
            continue;
        }
        if (!continues(&b, prev, ln, gap))
            flush(&b);
        append_line(&b, ln);
        prev = ln;
        gap = false;
        i++;
    }
    flush(&b);
    sb_free(&b.markers);
    arena_release(&b.tmp);
    if (in->mem.failed || b.tmp.failed || b.markers.failed)
        return VNP_ERR_NOMEM;
    vec_shrink(&in->mem, &b.paras); /* held to the end of the parse: a row each */
    vec_shrink(&in->mem, &b.footnotes);
    *out = (paragraphs_product){b.paras.items, b.paras.count, b.footnotes.items,
                                b.footnotes.count};
    return stage_status(doc);
}
