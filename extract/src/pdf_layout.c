/* The words of a PDF (pdftotext -tsv: each word with its box) made into the
 * text layout the layout stage reads: paragraphs separated by blank lines,
 * and a table's rows as tab-separated lines.
 *
 * Words at one height are a visual row; wide gaps split a row into chunks
 * (the text of one table cell). Rows of two chunks and more, with the
 * single-chunk rows between them that stay inside the columns (a cell that
 * wraps), are a table: its columns are the gaps in the union of its chunks'
 * extents, a chunk goes to the column it stands in, and a visual row starts
 * a table row when it stands further below the one before than the lines of
 * a cell do, or when the table's narrow first column (the number) has text.
 * Rows in the top and bottom margins that repeat at one place on two pages
 * (a running header) and page numbers there are dropped. A paragraph ends
 * at a line gap wider than the page's line spacing, or before a line that
 * opens with a list marker; across a page break it goes on when the next
 * page starts in lower case. The headers a table repeats on each page stay:
 * the table stage skips them. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static double distance(double d) { return d < 0 ? -d : d; } /* no libm */

/* The most columns a table has: a table writes every column of every row,
 * so beyond this the writing would grow with the square of the words. */
enum { PDF_MAX_COLUMNS = 64 };

typedef struct pdf_word {
    size_t page;
    double x0, y0, x1, y1;
    const char *text;
    size_t len;
    bool raised; /* a footnote's marker, set small above the line */
} pdf_word;

typedef struct chunk {
    double x0, x1;
    size_t first, count; /* words, in x order: indices into the row's words */
} chunk;

typedef struct vrow {
    size_t page;
    double y0, y1, x0, x1, height;
    size_t *words; /* indices into the word array, in x order */
    size_t word_count;
    chunk *chunks;
    size_t chunk_count;
    bool dropped;
    bool repeated; /* dropped as a running header (not a page number) */
    bool footnote; /* a line of the footnotes at the page's foot (dropped too) */
    bool opens_footnote; /* its first word is the footnote's number */
    int column0; /* a table row: whether the first column has text */
} vrow;

typedef struct page_info {
    double height;
    double left, right; /* the body's margins: where most rows start and end */
    double step;        /* the distance of two lines of a paragraph (median) */
} page_info;

typedef struct layout_ctx {
    struct vnp_internal *in;
    arena *a;
    pdf_word *words;
    size_t word_count;
    vrow *rows;
    size_t row_count;
    page_info *pages;
    size_t page_count;
    strbuf out;
} layout_ctx;

/* ---- reading the TSV -------------------------------------------------- */

static size_t split_tabs(const char *s, size_t n, const char **f, size_t *w, size_t most)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n && k < most; i++)
        if (i == n || s[i] == '\t') {
            f[k] = s + start;
            w[k++] = i - start;
            start = i + 1;
        }
    return k;
}

static double field_number(const char *s, size_t n)
{
    char buf[32];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return decimal_prefix(buf);
}

/* A count field (level, page) as a whole number: negative, huge or not a
 * number gives 0, so that no converted value is out of its type's range. */
static size_t field_count(const char *s, size_t n)
{
    double v = field_number(s, n);
    return v >= 1 && v < 1e9 ? (size_t)v : 0;
}

static vnp_status read_tsv(layout_ctx *c, const char *tsv, size_t len)
{
    vec words = {.size = sizeof(pdf_word)}, pages = {.size = sizeof(page_info)};
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(tsv + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - tsv) : len;
        const char *f[12];
        size_t w[12];
        size_t k = split_tabs(tsv + i, end - i, f, w, 12);
        i = end + 1;
        if (k < 12 || !w[0] || f[0][0] < '0' || f[0][0] > '9')
            continue; /* the header line */
        size_t level = field_count(f[0], w[0]);
        size_t page = field_count(f[1], w[1]);
        if (level == 1) {
            page_info *p = vec_push(c->a, &pages);
            if (!p)
                return VNP_ERR_NOMEM;
            p->height = field_number(f[9], w[9]);
            continue;
        }
        if (level != 5 || !w[11])
            continue;
        pdf_word *word = vec_push(c->a, &words);
        if (!word)
            return VNP_ERR_NOMEM;
        double x = field_number(f[6], w[6]), y = field_number(f[7], w[7]);
        *word = (pdf_word){page, x, y, x + field_number(f[8], w[8]), y + field_number(f[9], w[9]),
                           f[11], w[11], false};
    }
    c->words = words.items;
    c->word_count = words.count;
    c->pages = pages.items;
    c->page_count = pages.count;
    return VNP_OK;
}

/* ---- visual rows and chunks -------------------------------------------- */

/* qsort has no context argument: the words being sorted, per thread */
static _Thread_local const pdf_word *sort_words;

static int by_center(const void *a, const void *b)
{
    const pdf_word *x = &sort_words[*(const size_t *)a], *y = &sort_words[*(const size_t *)b];
    double cx = (x->y0 + x->y1) / 2, cy = (y->y0 + y->y1) / 2;
    return (cx > cy) - (cx < cy);
}

static int by_left(const void *a, const void *b)
{
    const pdf_word *x = &sort_words[*(const size_t *)a], *y = &sort_words[*(const size_t *)b];
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Splits a row at gaps wider than most of a line's height: the space
 * between table cells, never between the words of a justified line. */
static bool make_chunks(layout_ctx *c, vrow *r)
{
    r->chunks = arena_alloc(c->a, r->word_count * sizeof *r->chunks);
    if (!r->chunks)
        return false;
    double gap_limit = 0.8 * r->height;
    for (size_t i = 0; i < r->word_count; i++) {
        const pdf_word *w = &c->words[r->words[i]];
        chunk *last = r->chunk_count ? &r->chunks[r->chunk_count - 1] : NULL;
        if (last && w->x0 - last->x1 <= gap_limit) {
            last->x1 = w->x1 > last->x1 ? w->x1 : last->x1;
            last->count++;
        } else {
            r->chunks[r->chunk_count++] = (chunk){w->x0, w->x1, i, 1};
        }
    }
    return true;
}

/* The words of one page [from, to) into visual rows. */
static bool page_rows(layout_ctx *c, size_t from, size_t to, vec *rows)
{
    size_t n = to - from;
    size_t *order = arena_alloc(c->a, n * sizeof *order);
    if (!order)
        return false;
    for (size_t i = 0; i < n; i++)
        order[i] = from + i;
    sort_words = c->words;
    qsort(order, n, sizeof *order, by_center);
    for (size_t i = 0; i < n;) {
        const pdf_word *first = &c->words[order[i]];
        double center = (first->y0 + first->y1) / 2, h = first->y1 - first->y0;
        size_t j = i + 1;
        while (j < n) {
            const pdf_word *w = &c->words[order[j]];
            if (distance((w->y0 + w->y1) / 2 - center) > 0.45 * h)
                break;
            j++;
        }
        qsort(order + i, j - i, sizeof *order, by_left);
        vrow *r = vec_push(c->a, rows);
        if (!r)
            return false;
        r->page = first->page;
        r->words = order + i;
        r->word_count = j - i;
        r->y0 = first->y0;
        r->y1 = first->y1;
        r->x0 = c->words[order[i]].x0;
        r->x1 = 0;
        double heights = 0;
        for (size_t k = i; k < j; k++) {
            const pdf_word *w = &c->words[order[k]];
            r->y0 = w->y0 < r->y0 ? w->y0 : r->y0;
            r->y1 = w->y1 > r->y1 ? w->y1 : r->y1;
            r->x1 = w->x1 > r->x1 ? w->x1 : r->x1;
            heights += w->y1 - w->y0;
        }
        r->height = heights / (double)(j - i);
        if (!make_chunks(c, r))
            return false;
        i = j;
    }
    return true;
}

/* ---- running headers, footers and page numbers ------------------------- */

static double page_height(const layout_ctx *c, const vrow *r)
{
    return r->page >= 1 && r->page <= c->page_count ? c->pages[r->page - 1].height : 842;
}

static bool in_margin(const layout_ctx *c, const vrow *r)
{
    double h = page_height(c, r);
    return r->y1 < 0.1 * h || r->y0 > 0.9 * h;
}

/* The row's text with its digits as '#': a running header's signature. */
static void row_text(const layout_ctx *c, const vrow *r, strbuf *b, bool digits_as_hash)
{
    for (size_t i = 0; i < r->word_count; i++) {
        const pdf_word *w = &c->words[r->words[i]];
        if (i)
            sb_putc(b, ' ');
        for (size_t k = 0; k < w->len; k++)
            sb_putc(b, digits_as_hash && w->text[k] >= '0' && w->text[k] <= '9' ? '#'
                                                                                : w->text[k]);
    }
}

/* "3", "- 3 -", "Trang 3", "3/12", "Page 3 of 12". */
static bool page_number(const layout_ctx *c, const char *s, size_t n)
{
    size_t digits = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        digits += ch == '#';
        letters += (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
    }
    return digits && digits <= 8 &&
           (letters == 0 || listed_word_opens(c->in, "function_words.tsv", "page", s, n, NULL));
}

/* Rows r and q (q below r) are lines of one block: q stands within a
 * line's distance of r, closer than a running header ever stands to the
 * body under it. */
static bool adjoining(const vrow *r, const vrow *q)
{
    return q->page == r->page && q->y0 - r->y0 <= 1.5 * r->height;
}

/* A table's header row repeated at the top of each page stands at one
 * height with one text on every page, as a running header does, but it
 * adjoins the table's rows (its own wrapped lines, the first record):
 * such rows stay, for the table stage to see the header (it skips the
 * repeats). The same below the body for a table that ends at the page's
 * foot. */
static void keep_table_heads(layout_ctx *c)
{
    for (size_t i = c->row_count; i-- > 1;) {
        vrow *r = &c->rows[i - 1];
        const vrow *q = &c->rows[i];
        if (r->repeated && !q->dropped && adjoining(r, q) && r->y1 < page_height(c, r) / 2)
            r->dropped = false;
    }
    for (size_t i = 1; i < c->row_count; i++) {
        vrow *r = &c->rows[i];
        const vrow *p = &c->rows[i - 1];
        if (r->repeated && !p->dropped && adjoining(p, r) && r->y0 > page_height(c, r) / 2)
            r->dropped = false;
    }
}

/* The key of a margin row: its height (y0 in steps of 4 points) and its
 * text; *text_at is where the text starts in it. */
static char *margin_key(layout_ctx *c, const vrow *r, strbuf *b, size_t *len, size_t *text_at)
{
    char head[32];
    int h = snprintf(head, sizeof head, "%ld\x1f", (long)(r->y0 / 4 + 0.5));
    b->len = 0;
    sb_append(b, head, (size_t)h);
    row_text(c, r, b, true);
    *len = b->len;
    *text_at = (size_t)h;
    return b->failed ? NULL : arena_strndup(c->a, b->data, b->len);
}

/* Page numbers in the margins go; so does a row that stands at one height
 * with one text (digits aside) on two pages or more. Two passes over a
 * hash map of the margins' rows, each (height, text) giving its first
 * page and whether it stood on another: linear. */
static bool drop_margins(layout_ctx *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->row_count; i++)
        n += in_margin(c, &c->rows[i]);
    const char **keys = arena_alloc(c->a, (n ? n : 1) * sizeof *keys);
    size_t *lens = arena_alloc(c->a, (n ? n : 1) * sizeof *lens);
    size_t *text_at = arena_alloc(c->a, (n ? n : 1) * sizeof *text_at);
    if (!keys || !lens || !text_at)
        return false;
    hashmap seen = {0}; /* key -> (first page + 1) * 2, + 1 once seen on another page */
    strbuf b = {0};
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; pass++) {
        size_t k = 0;
        for (size_t i = 0; i < c->row_count && ok; i++) {
            vrow *r = &c->rows[i];
            if (!in_margin(c, r))
                continue;
            if (pass == 0)
                keys[k] = margin_key(c, r, &b, &lens[k], &text_at[k]);
            bool added = false;
            size_t *v = keys[k] ? hashmap_put(&seen, keys[k], lens[k], &added) : NULL;
            ok = v != NULL;
            if (!ok)
                break;
            const char *text = keys[k] + text_at[k];
            size_t text_len = lens[k] - text_at[k];
            if (pass == 0 && added)
                *v = (r->page + 1) * 2;
            else if (pass == 0 && *v / 2 != r->page + 1)
                *v |= 1;
            else if (pass == 1) {
                bool repeated = *v & 1;
                r->dropped = repeated || page_number(c, text, text_len);
                r->repeated = repeated && !page_number(c, text, text_len);
            }
            k++;
        }
    }
    sb_free(&b);
    hashmap_free(&seen);
    if (ok)
        keep_table_heads(c);
    return ok;
}

/* ---- footnotes --------------------------------------------------------- */

/* "1", "12", "*": what a footnote's marker is. */
static bool marker_text(const char *s, size_t n)
{
    if (n == 1 && s[0] == '*')
        return true;
    if (n == 0 || n > 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static double word_height(const pdf_word *w) { return w->y1 - w->y0; }

/* Marks the footnote markers of row r: a number set in smaller type than
 * the row's tallest word, its foot raised above that word's, right after
 * a word (no space between: "Ninh¹."). Returns the tallest word's height
 * when the row has one, else 0. */
static double mark_raised(layout_ctx *c, const vrow *r)
{
    double tall = 0, foot = 0;
    for (size_t j = 0; j < r->word_count; j++) {
        const pdf_word *w = &c->words[r->words[j]];
        if (word_height(w) > tall) {
            tall = word_height(w);
            foot = w->y1;
        }
    }
    bool any = false;
    for (size_t j = 1; j < r->word_count; j++) {
        pdf_word *w = &c->words[r->words[j]];
        const pdf_word *a = &c->words[r->words[j - 1]];
        if (marker_text(w->text, w->len) && word_height(w) < 0.8 * tall &&
            w->y1 < foot - 0.2 * tall && w->x0 - a->x1 < 0.3 * tall && !a->raised) {
            w->raised = true;
            any = true;
        }
    }
    return any ? tall : 0;
}

/* The markers cited and not yet settled, by number ("*" after 999): a
 * table, so that a look-up costs the same however many there are. */
enum { MARKER_SLOTS = 1001 };
typedef struct cited_set {
    bool any;
    bool slot[MARKER_SLOTS];
} cited_set;

static size_t marker_slot(const pdf_word *w)
{
    if (w->text[0] == '*')
        return MARKER_SLOTS - 1;
    size_t n = 0;
    for (size_t i = 0; i < w->len; i++)
        n = n * 10 + (size_t)(w->text[i] - '0');
    return n;
}

/* Whether row r opens the footnote of a marker of cited: its first word
 * is that number, the text follows. */
static bool opens_cited(const layout_ctx *c, const vrow *r, const cited_set *cited)
{
    const pdf_word *w = &c->words[r->words[0]];
    return r->word_count >= 2 && !w->raised && marker_text(w->text, w->len) &&
           cited->slot[marker_slot(w)];
}

/* The footnotes of page rows [from, to): from the topmost line, among the
 * lines at the page's foot set in smaller type than the lines that cite
 * them, that opens with a marker cited on this page or an earlier one, to
 * the page's end. Those rows are set apart: dropped from the body and the
 * tables, written as footnotes. */
static void page_footnotes(layout_ctx *c, size_t from, size_t to, const cited_set *cited,
                           double cite_height)
{
    size_t start = to;
    for (size_t k = to; k-- > from;) {
        const vrow *r = &c->rows[k];
        if (r->dropped)
            continue;
        if (r->height >= 0.9 * cite_height || r->y0 < page_height(c, r) / 3)
            break;
        if (opens_cited(c, r, cited))
            start = k;
    }
    for (size_t k = start; k < to; k++) {
        vrow *r = &c->rows[k];
        if (r->dropped)
            continue;
        r->footnote = r->dropped = true;
        r->opens_footnote = opens_cited(c, r, cited);
    }
}

/* Finds the markers and the footnotes of every page. The markers cited so
 * far are kept (a footnote may stand on the page after its marker); a
 * page's footnotes settle them. Linear: each page's rows are read twice. */
static void find_footnotes(layout_ctx *c)
{
    cited_set cited;
    memset(&cited, 0, sizeof cited);
    double cite_height = 0;
    for (size_t i = 0; i < c->row_count;) {
        size_t j = i;
        while (j < c->row_count && c->rows[j].page == c->rows[i].page)
            j++;
        for (size_t k = i; k < j; k++) {
            const vrow *r = &c->rows[k];
            double tall = r->dropped ? 0 : mark_raised(c, r);
            for (size_t m = 0; tall > 0 && m < r->word_count; m++)
                if (c->words[r->words[m]].raised) {
                    cited.slot[marker_slot(&c->words[r->words[m]])] = cited.any = true;
                    cite_height = tall;
                }
        }
        if (cited.any) {
            page_footnotes(c, i, j, &cited, cite_height);
            bool settled = false;
            for (size_t k = i; k < j; k++)
                settled |= c->rows[k].opens_footnote;
            if (settled)
                memset(&cited, 0, sizeof cited);
        }
        i = j;
    }
}

/* Words that touch (a marker and the full stop after it, set in other
 * type, are words of their own to pdftotext) are written without a space
 * between them. */
static bool touching(const pdf_word *a, const pdf_word *b)
{
    return a && b->x0 - a->x1 < 0.1 * word_height(b) && b->x0 >= a->x0;
}

/* Appends word w to b: after a space, or, for a footnote's marker, right
 * after the word it stands on, as the text form writes it. */
static void put_word(strbuf *b, const pdf_word *w, bool space)
{
    if (w->raised) {
        sb_printf(b, "<sup>%.*s</sup>", (int)w->len, w->text);
        return;
    }
    if (space)
        sb_putc(b, ' ');
    sb_append(b, w->text, w->len);
}

/* Whether a line that ends text s[0, n) broke inside a symbol: after a
 * hyphen that ends a word ("42/2022/NĐ-" and "CP"), or after a slash
 * behind a digit ("150/2025/" and "NĐ-CP"). */
static bool broken_inside(const char *s, size_t n)
{
    if (n < 2)
        return false;
    char end = s[n - 1], before = s[n - 2];
    return (end == '-' && before != ' ') || (end == '/' && before >= '0' && before <= '9');
}

/* Adds a word to a cell: after a space, except after a line that broke at
 * a hyphen inside a symbol ("42/2022/NĐ-" and "CP"). */
static void cell_add(strbuf *cell, const pdf_word *w, const pdf_word *before, bool new_line)
{
    bool broken = new_line && broken_inside(cell->data, cell->len);
    put_word(cell, w, cell->len && !broken && (new_line || !touching(before, w)));
}

/* Adds footnote row r to notes: "<sup>N</sup> text" from a row that opens
 * one, the rest of its text from the others. */
static void footnote_line(const layout_ctx *c, const vrow *r, strbuf *notes)
{
    for (size_t j = 0; j < r->word_count; j++) {
        const pdf_word *w = &c->words[r->words[j]];
        if (j == 0 && r->opens_footnote) {
            if (notes->len)
                sb_puts(notes, "\n\n");
            sb_printf(notes, "<sup>%.*s</sup>", (int)w->len, w->text);
            continue;
        }
        cell_add(notes, w, j ? &c->words[r->words[j - 1]] : NULL, j == 0);
    }
}

/* Writes the footnotes gathered so far as paragraphs, and forgets them. */
static void flush_notes(layout_ctx *c, strbuf *notes)
{
    if (!notes->len)
        return;
    sb_append(&c->out, notes->data, notes->len);
    sb_puts(&c->out, "\n\n");
    if (notes->failed)
        c->out.failed = true;
    notes->len = 0;
}

/* ---- tables ------------------------------------------------------------ */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The distance between consecutive single-chunk rows of each page that a
 * quarter of them keep to: the lines of a paragraph, not the gaps after
 * the paragraphs of one line. */
static bool line_steps(layout_ctx *c)
{
    double *steps = arena_alloc(c->a, (c->row_count ? c->row_count : 1) * sizeof *steps);
    if (!steps)
        return false;
    for (size_t i = 0; i < c->row_count;) {
        size_t page = c->rows[i].page, n = 0, j = i;
        const vrow *prev = NULL;
        for (; j < c->row_count && c->rows[j].page == page; j++) {
            const vrow *r = &c->rows[j];
            if (r->dropped || r->chunk_count != 1)
                continue;
            if (prev && r->y0 - prev->y0 > 0.5 * r->height)
                steps[n++] = r->y0 - prev->y0;
            prev = r;
        }
        if (n && page >= 1 && page <= c->page_count) {
            qsort(steps, n, sizeof *steps, by_value);
            c->pages[page - 1].step = steps[n / 4]; /* paragraphs of one line are many */
        }
        i = j;
    }
    return true;
}

static void margins(layout_ctx *c)
{
    for (size_t p = 0; p < c->page_count; p++) {
        c->pages[p].left = 1e9;
        c->pages[p].right = 0;
    }
    for (size_t i = 0; i < c->row_count; i++) {
        vrow *r = &c->rows[i];
        if (r->dropped || r->page < 1 || r->page > c->page_count)
            continue;
        page_info *p = &c->pages[r->page - 1];
        p->left = r->x0 < p->left ? r->x0 : p->left;
        p->right = r->x1 > p->right ? r->x1 : p->right;
    }
}

static const page_info *page_of(const layout_ctx *c, const vrow *r)
{
    static const page_info none = {842, 0, 595, 0};
    return r->page >= 1 && r->page <= c->page_count ? &c->pages[r->page - 1] : &none;
}

/* A row of one chunk that a table's cell wraps onto: it starts inside the
 * columns (not at the body's margin) or is short, and it is set in the
 * table's type: a line in larger type than the table's first row is a
 * title or a paragraph between two tables ("Biểu mẫu 2"). */
static bool continues_table(const layout_ctx *c, const vrow *prev, const vrow *r,
                            double cell_height)
{
    const page_info *p = page_of(c, r);
    double width = p->right - p->left;
    if (r->chunk_count >= 2)
        return true;
    if (r->height > 1.12 * cell_height)
        return false;
    if (r->page == prev->page && r->y0 - prev->y1 > 2.5 * r->height)
        return false;
    return r->x0 > p->left + 15 || r->x1 - r->x0 < 0.4 * width;
}

typedef struct column {
    double x0, x1;
} column;

static int by_x0(const void *a, const void *b)
{
    const column *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* The column a word stands in: the one it overlaps, else (a word of a
 * cell's wrapped line, outside the columns the rows of several cells
 * show) the one it starts in, as the lines of a cell start at its left.
 * cols are in x order and apart: binary searches. */
static size_t last_starting_by(const column *cols, size_t n, double x)
{
    size_t lo = 0, hi = n; /* the first column starting after x is in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cols[mid].x0 <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

static size_t column_of(const column *cols, size_t n, double x0, double x1)
{
    double center = (x0 + x1) / 2;
    size_t k = last_starting_by(cols, n, center);
    if (center >= cols[k].x0 && center <= cols[k].x1)
        return k;
    return last_starting_by(cols, n, x0 + 1);
}

/* Whether row r says where the columns are: a row of two chunks or more.
 * A line of one chunk is a cell's wrapped line, inside its column, or a
 * row that spans the table (a section title set across it), which would
 * bridge the gaps between the columns. */
static bool shows_columns(const vrow *r) { return !r->dropped && r->chunk_count >= 2; }

/* Marks, for each gap between spans s and s + 1, whether a line of rows
 * [from, to) has words on both sides of it one space apart (joined[s]) or
 * further (confirmed[s]). */
static void mark_gaps(const layout_ctx *c, size_t from, size_t to, const column *spans,
                      size_t m, bool *joined, bool *confirmed)
{
    memset(joined, 0, (m ? m : 1) * sizeof *joined);
    memset(confirmed, 0, (m ? m : 1) * sizeof *confirmed);
    for (size_t i = from; i < to; i++) {
        const vrow *r = &c->rows[i];
        size_t prev_span = 0;
        for (size_t j = 0; shows_columns(r) && j < r->word_count; j++) {
            const pdf_word *w = &c->words[r->words[j]];
            size_t here = column_of(spans, m, w->x0, w->x1);
            if (j && here == prev_span + 1) {
                const pdf_word *a = &c->words[r->words[j - 1]];
                if (w->x0 - a->x1 <= 0.3 * r->height)
                    joined[prev_span] = true;
                else
                    confirmed[prev_span] = true;
            }
            prev_span = here;
        }
    }
}

/* One pass of merging the spans [0, m) in place; returns how many stay.
 * The first pass merges the spans one space apart in a line (the words
 * of a centred header, "Số TT"); the second, on the spans so joined,
 * merges neighbours no line sets side by side when they stand close
 * ("STT" centred over numbers standing left), while a wide gap stays a
 * boundary (an empty "Ghi chú" column beside the figures). */
static size_t merge_spans(layout_ctx *c, size_t from, size_t to, column *spans, size_t m,
                          bool join_pass)
{
    bool *joined = arena_alloc(c->a, (m ? m : 1) * sizeof *joined);
    bool *confirmed = arena_alloc(c->a, (m ? m : 1) * sizeof *confirmed);
    if (!joined || !confirmed)
        return m;
    mark_gaps(c, from, to, spans, m, joined, confirmed);
    double wide = 2.5 * c->rows[from].height;
    size_t out = 0;
    for (size_t s = 0; s < m; s++) {
        bool merge = out && (join_pass ? joined[s - 1]
                                       : !confirmed[s - 1] && spans[s].x0 - spans[out - 1].x1 < wide);
        if (merge)
            spans[out - 1].x1 = spans[s].x1 > spans[out - 1].x1 ? spans[s].x1 : spans[out - 1].x1;
        else
            spans[out++] = spans[s];
    }
    return out;
}

/* The columns of rows [from, to): the union of the extents of the words of
 * its rows of several chunks, in x order. Words of two columns never
 * overlap, and the lines of a cell cover each other's spaces: what stays
 * uncovered separates columns. */
static column *table_columns(layout_ctx *c, size_t from, size_t to, size_t *count)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += shows_columns(&c->rows[i]) ? c->rows[i].word_count : 0;
    column *spans = arena_alloc(c->a, (n ? n : 1) * sizeof *spans);
    if (!spans)
        return NULL;
    size_t k = 0;
    for (size_t i = from; i < to; i++)
        for (size_t j = 0; shows_columns(&c->rows[i]) && j < c->rows[i].word_count; j++) {
            const pdf_word *w = &c->words[c->rows[i].words[j]];
            spans[k++] = (column){w->x0, w->x1};
        }
    qsort(spans, k, sizeof *spans, by_x0);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && spans[i].x0 <= spans[m - 1].x1 + 1.5) {
            if (spans[i].x1 > spans[m - 1].x1)
                spans[m - 1].x1 = spans[i].x1;
        } else {
            spans[m++] = spans[i];
        }
    }
    size_t joined_count = merge_spans(c, from, to, spans, m, true);
    *count = merge_spans(c, from, to, spans, joined_count, false);
    return spans;
}

static void chunk_text(const layout_ctx *c, const vrow *r, const chunk *ch, strbuf *b)
{
    for (size_t i = 0; i < ch->count; i++) {
        const pdf_word *w = &c->words[r->words[ch->first + i]];
        const pdf_word *before = i ? &c->words[r->words[ch->first + i - 1]] : NULL;
        put_word(b, w, b->len && b->data[b->len - 1] != ' ' && !touching(before, w));
    }
}

/* The distance of two lines of one cell: the smallest step between
 * consecutive rows of the table. */
static double cell_line_step(const layout_ctx *c, size_t from, size_t to)
{
    double step = 1e9;
    const vrow *prev = NULL;
    for (size_t i = from; i < to; i++) {
        const vrow *r = &c->rows[i];
        if (r->dropped)
            continue;
        if (prev && r->page == prev->page && r->y0 - prev->y0 > 0.5 * prev->height &&
            r->y0 - prev->y0 < step)
            step = r->y0 - prev->y0;
        prev = r;
    }
    return step;
}

/* One row of a table: its cells' texts (in the arena) and where it began. */
typedef struct band {
    char **cells;
    bool *running; /* per column: has text on the row's last line */
    size_t page;
    bool first_col; /* the first column has text */
} band;

/* A document's symbol longer than its cell's width is cut where the cell
 * is full, with no hyphen ("130/2005/N" over "ĐCP;"): a line holding only
 * a word with a digit and a slash, which fills the column, goes on in the
 * next line's first word when that one opens with a capital or a digit
 * (the rest of a symbol; a lower-case syllable is a word of its own). */
static bool cut_word(const pdf_word *alone, const pdf_word *next, double left, double right)
{
    if (!alone || alone->x1 - alone->x0 < 0.6 * (right - left) ||
        alone->x1 < right - 0.5 * word_height(alone))
        return false;
    bool digit = false, slash = false;
    for (size_t i = 0; i < alone->len; i++) {
        digit |= alone->text[i] >= '0' && alone->text[i] <= '9';
        slash |= alone->text[i] == '/';
    }
    unsigned char first = (unsigned char)next->text[0];
    bool upper = (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9') ||
                 (next->len >= 2 && memcmp(next->text, "\xC4\x90", 2) == 0); /* Đ */
    return digit && slash && upper;
}

/* Where the text of each column starts and ends, over all the lines of
 * rows [from, to) (the wrapped lines included, which the columns were not
 * made of). */
static void text_edges(const layout_ctx *c, size_t from, size_t to, const column *cols,
                       size_t ncols, double *left, double *right)
{
    for (size_t k = 0; k < ncols; k++) {
        left[k] = cols[k].x0;
        right[k] = cols[k].x1;
    }
    for (size_t i = from; i < to; i++)
        for (size_t j = 0; !c->rows[i].dropped && j < c->rows[i].word_count; j++) {
            const pdf_word *w = &c->words[c->rows[i].words[j]];
            size_t k = column_of(cols, ncols, w->x0, w->x1);
            left[k] = w->x0 < left[k] ? w->x0 : left[k];
            right[k] = w->x1 > right[k] ? w->x1 : right[k];
        }
}

/* The row gathered in cells (each column's last line at last_y[k], the
 * row's last line at bottom) closed into a band. */
static bool close_band(layout_ctx *c, vec *bands, strbuf *cells, const double *last_y,
                       double bottom, size_t ncols, size_t page)
{
    band *b = vec_push(c->a, bands);
    char **texts = arena_alloc(c->a, ncols * sizeof *texts);
    bool *running = arena_alloc(c->a, ncols * sizeof *running);
    if (!b || !texts || !running)
        return false;
    for (size_t k = 0; k < ncols; k++) {
        running[k] = cells[k].len && last_y[k] >= bottom;
        texts[k] = arena_strndup(c->a, cells[k].data ? cells[k].data : "", cells[k].len);
        if (!texts[k] || cells[k].failed)
            return false;
        cells[k].len = 0;
    }
    *b = (band){texts, running, page, texts[0][0] != '\0'};
    return true;
}

/* The rows [from, to) of a table gathered into its rows: a new row starts
 * at a gap wider than a cell's lines stand apart, or, in a table whose
 * first column is narrow (the number), where that column has text; other
 * lines are wrapped lines of the cells of the row above. */
static bool gather_bands(layout_ctx *c, size_t from, size_t to, const column *cols,
                         size_t ncols, vec *bands)
{
    strbuf *cells = arena_alloc(c->a, ncols * sizeof *cells);
    double *last_y = arena_alloc(c->a, ncols * sizeof *last_y);
    const pdf_word **lone = arena_alloc(c->a, ncols * sizeof *lone);
    double *left = arena_alloc(c->a, ncols * sizeof *left);
    double *right = arena_alloc(c->a, ncols * sizeof *right);
    if (!cells || !last_y || !lone || !left || !right)
        return false;
    memset(cells, 0, ncols * sizeof *cells);
    memset(lone, 0, ncols * sizeof *lone);
    text_edges(c, from, to, cols, ncols, left, right);
    double table_width = cols[ncols - 1].x1 - cols[0].x0;
    bool narrow_first = ncols >= 3 && cols[0].x1 - cols[0].x0 < 0.15 * table_width;
    double step = cell_line_step(c, from, to);
    const vrow *prev = NULL;
    bool prev_first_col = false, any = false, ok = true;
    for (size_t i = from; i <= to && ok; i++) {
        const vrow *r = i < to ? &c->rows[i] : NULL;
        if (r && r->dropped)
            continue;
        const pdf_word *first_word = NULL;
        for (size_t j = 0; r && j < r->word_count && !first_word; j++)
            if (column_of(cols, ncols, c->words[r->words[j]].x0, c->words[r->words[j]].x1) == 0)
                first_word = &c->words[r->words[j]];
        bool first_col = first_word != NULL;
        /* a line of the first column under one that had text there too, a
         * line apart, wraps that cell ("một cửa liên / thông trong"),
         * unless it opens with an entry's number */
        bool wraps_first = first_col && prev_first_col && r->y0 - prev->y0 <= 1.2 * step &&
                           !is_entry_number(first_word->text, first_word->len);
        bool new_row = !r || !prev || r->page != prev->page || r->y0 - prev->y0 > 1.2 * step ||
                       (narrow_first && first_col && !wraps_first);
        if (new_row && any) {
            ok = close_band(c, bands, cells, last_y, prev->y0 - 0.5 * step, ncols, prev->page);
            any = false;
        }
        if (!r)
            break;
        size_t last_col = ncols;
        for (size_t j = 0; j < r->word_count; j++) {
            const pdf_word *w = &c->words[r->words[j]];
            size_t col = column_of(cols, ncols, w->x0, w->x1);
            bool new_line = col != last_col;
            if (new_line && cut_word(lone[col], w, left[col], right[col]))
                sb_append(&cells[col], w->text, w->len);
            else
                cell_add(&cells[col], w, j ? &c->words[r->words[j - 1]] : NULL, new_line);
            lone[col] = new_line ? w : NULL;
            last_y[col] = r->y0;
            last_col = col;
        }
        any = true;
        prev = r;
        prev_first_col = first_col;
    }
    for (size_t k = 0; k < ncols; k++)
        sb_free(&cells[k]);
    return ok;
}

static bool same_band(const band *a, const band *b, size_t ncols)
{
    for (size_t k = 0; k < ncols; k++)
        if (strcmp(a->cells[k], b->cells[k]) != 0)
            return false;
    return true;
}

/* A page break that cuts a row leaves its rest at the top of the next
 * page, under the header rows the table repeats there, with nothing in
 * the first column (the number stayed above): that rest goes back into
 * the row it belongs to, and the header rows follow it (the table stage
 * skips them). */
static void join_page_breaks(layout_ctx *c, band *b, size_t n, size_t ncols, bool *gone)
{
    for (size_t i = 2; i < n; i++) {
        if (b[i].page == b[i - 1].page)
            continue;
        size_t j = i;
        while (j < n && b[j].page == b[i].page &&
               (same_band(&b[j], &b[0], ncols) || (!b[1].first_col && same_band(&b[j], &b[1], ncols))))
            j++;
        if (j == n || b[j].page != b[i].page || b[j].first_col)
            continue;
        size_t last = i - 1; /* the cut row; not a header row itself */
        if (same_band(&b[last], &b[0], ncols) || (last == 1 && !b[1].first_col))
            continue;
        /* only the cells that ran to the foot of the page go on: a row
         * with text where the one above had finished is a row of its own */
        bool rest = true;
        for (size_t k = 0; k < ncols && rest; k++)
            rest = !b[j].cells[k][0] || b[last].running[k];
        if (!rest)
            continue;
        for (size_t k = 0; k < ncols; k++) {
            const char *x = b[last].cells[k], *y = b[j].cells[k];
            if (!y[0])
                continue;
            size_t nx = strlen(x), ny = strlen(y);
            char *both = arena_alloc(c->a, nx + ny + 2);
            if (!both) {
                c->out.failed = true;
                return;
            }
            memcpy(both, x, nx);
            size_t at = nx;
            if (nx && !broken_inside(x, nx))
                both[at++] = ' ';
            memcpy(both + at, y, ny + 1);
            b[last].cells[k] = both;
        }
        gone[j] = true;
    }
}

/* Writes rows [from, to) as a table (one tab-separated line per table row)
 * with the columns cols[0, ncols). */
static bool write_table(layout_ctx *c, size_t from, size_t to, const column *cols, size_t ncols)
{
    vec bands = {.size = sizeof(band)};
    if (!gather_bands(c, from, to, cols, ncols, &bands))
        return false;
    band *b = bands.items;
    bool *gone = arena_alloc(c->a, (bands.count ? bands.count : 1) * sizeof *gone);
    if (!gone)
        return false;
    memset(gone, 0, (bands.count ? bands.count : 1) * sizeof *gone);
    join_page_breaks(c, b, bands.count, ncols, gone);
    sb_puts(&c->out, "\n");
    for (size_t i = 0; i < bands.count; i++) {
        if (gone[i])
            continue;
        for (size_t k = 0; k < ncols; k++) {
            if (k)
                sb_putc(&c->out, '\t');
            sb_puts(&c->out, b[i].cells[k]);
        }
        sb_putc(&c->out, '\n');
    }
    sb_puts(&c->out, "\n");
    strbuf notes = {0};
    for (size_t i = from; i < to; i++)
        if (c->rows[i].footnote)
            footnote_line(c, &c->rows[i], &notes);
    flush_notes(c, &notes);
    sb_free(&notes);
    return !c->out.failed;
}

/* ---- paragraphs -------------------------------------------------------- */

/* "- ", "+ ", "• ", "a) ", "1. ", "2.1. ", "I. ": a line that opens an item. */
static bool opens_item(const layout_ctx *c, const vrow *r)
{
    const pdf_word *w = &c->words[r->words[0]];
    const char *s = w->text;
    size_t n = w->len;
    if ((n == 1 && (s[0] == '-' || s[0] == '+')) || (n == 3 && memcmp(s, "\xE2\x80\xA2", 3) == 0))
        return true;
    strbuf b = {0};
    row_text(c, r, &b, false);
    heading_token t;
    bool item = b.data && !b.failed && parse_heading_token(b.data, b.len, &t) &&
                t.style != STYLE_NONE;
    sb_free(&b);
    return item;
}

static bool ends_sentence(const strbuf *b)
{
    if (!b->len)
        return true;
    char ch = b->data[b->len - 1];
    return ch == '.' || ch == ':' || ch == ';' || ch == '!' || ch == '?';
}

static bool starts_lower(const layout_ctx *c, const vrow *r)
{
    const pdf_word *w = &c->words[r->words[0]];
    return is_vn_lower_start(w->text, w->len);
}

/* Writes the body rows [from, to) as paragraphs. */
static void write_body(layout_ctx *c, size_t from, size_t to, const vrow **last)
{
    strbuf text = {0}, notes = {0}; /* notes: the footnotes met inside the paragraph */
    for (size_t i = from; i < to; i++) {
        const vrow *r = &c->rows[i];
        if (r->footnote)
            footnote_line(c, r, &notes);
        if (r->dropped)
            continue;
        const vrow *p = *last;
        bool same_page = p && p->page == r->page;
        double gap = same_page ? r->y0 - p->y0 : 0;
        double step = page_of(c, r)->step > 0 ? page_of(c, r)->step : 1.2 * r->height;
        bool new_para = !p || text.len == 0 || opens_item(c, r) ||
                        (same_page && gap > 1.12 * step) ||
                        (!same_page && (ends_sentence(&text) || !starts_lower(c, r)));
        if (new_para && text.len) {
            sb_append(&c->out, text.data, text.len);
            sb_puts(&c->out, "\n\n");
            text.len = 0;
            flush_notes(c, &notes);
        }
        for (size_t j = 0; j < r->chunk_count; j++)
            chunk_text(c, r, &r->chunks[j], &text);
        *last = r;
    }
    if (text.len) {
        sb_append(&c->out, text.data, text.len);
        sb_puts(&c->out, "\n\n");
    }
    flush_notes(c, &notes);
    if (text.failed)
        c->out.failed = true;
    sb_free(&text);
    sb_free(&notes);
}

/* ---- the whole ---------------------------------------------------------- */

static bool build_rows(layout_ctx *c)
{
    vec rows = {.size = sizeof(vrow)};
    for (size_t i = 0; i < c->word_count;) {
        size_t j = i;
        while (j < c->word_count && c->words[j].page == c->words[i].page)
            j++;
        if (!page_rows(c, i, j, &rows))
            return false;
        i = j;
    }
    c->rows = rows.items;
    c->row_count = rows.count;
    return true;
}

/* Finds the tables and writes everything in reading order. */
static void write_all(layout_ctx *c)
{
    const vrow *last = NULL;
    size_t body_from = 0;
    for (size_t i = 0; i < c->row_count;) {
        if (c->rows[i].dropped || c->rows[i].chunk_count < 2) {
            i++;
            continue;
        }
        size_t j = i + 1, multi = 1;
        const vrow *prev = &c->rows[i];
        while (j < c->row_count) {
            const vrow *r = &c->rows[j];
            if (!r->dropped) {
                if (!continues_table(c, prev, r, c->rows[i].height))
                    break;
                multi += r->chunk_count >= 2;
                prev = r;
            }
            j++;
        }
        if (multi < 2) {
            i = j;
            continue;
        }
        size_t ncols;
        column *cols = table_columns(c, i, j, &ncols);
        if (!cols) {
            c->out.failed = true;
            return;
        }
        if (ncols > PDF_MAX_COLUMNS) {
            i = j; /* no table has so many: words scattered over a page, read as text */
            continue;
        }
        write_body(c, body_from, i, &last);
        if (!write_table(c, i, j, cols, ncols))
            c->out.failed = true;
        last = NULL;
        body_from = i = j;
    }
    write_body(c, body_from, c->row_count, &last);
}

vnp_status pdf_layout(vnp_document *doc, const char *tsv, size_t len, pdf_text *out)
{
    layout_ctx c = {.in = doc->internal, .a = &doc->internal->scratch};
    memset(out, 0, sizeof *out);
    vnp_status st = read_tsv(&c, tsv, len);
    if (st != VNP_OK)
        return st;
    out->words = c.word_count;
    if (!build_rows(&c))
        return VNP_ERR_NOMEM;
    if (!drop_margins(&c))
        return VNP_ERR_NOMEM;
    find_footnotes(&c);
    margins(&c);
    if (!line_steps(&c))
        return VNP_ERR_NOMEM;
    write_all(&c);
    if (c.out.failed) {
        sb_free(&c.out);
        return VNP_ERR_NOMEM;
    }
    out->text = arena_alloc(&doc->internal->mem, c.out.len + 1);
    if (!out->text) {
        sb_free(&c.out);
        return VNP_ERR_NOMEM;
    }
    if (c.out.len)
        memcpy(out->text, c.out.data, c.out.len);
    out->text[c.out.len] = '\0';
    out->len = c.out.len;
    sb_free(&c.out);
    return VNP_OK;
}
