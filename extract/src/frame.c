/* Frame stage: where the document itself starts and ends in the file. A
 * page saved from a website carries the site's text around the document:
 * a banner and a block of metadata before the header block, and after the
 * signature the site's own title of the document, a list of related
 * documents and notices to its readers, which cite documents too. Nothing
 * of a document comes before its header block, so the document starts at
 * the first line the header and issuer stages found; it ends before the
 * first line of grammars/site_frames.tsv (less the lines before it that
 * the site writes too). The reference stage reads nothing outside. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Site lines are short: a longer line is never looked up. */
#define FRAME_LINE_MAX 200

static size_t earliest(size_t a, size_t b)
{
    return !a ? b : !b ? a : a < b ? a : b;
}

/* The first line of the header block, or 0 when the header stages found
 * none of it. */
static size_t header_first_line(const vnp_document *doc)
{
    size_t first = earliest(doc->type_line, doc->number_line);
    first = earliest(first, doc->date.line);
    if (doc->issuer.name && doc->issuer.source && strcmp(doc->issuer.source, "header") == 0) {
        first = earliest(first, doc->issuer.name_line);
        first = earliest(first, doc->issuer.parent_line);
    }
    return first;
}

/* How a text's key starts: its first two letters (opening_first_letter,
 * opening_second_letter). */
typedef struct key_opening {
    int32_t first, second;
} key_opening;

static key_opening opening_of(const char *s, size_t n)
{
    key_opening o = {opening_first_letter(s, n), 0};
    if (o.first)
        o.second = opening_second_letter(s, n);
    return o;
}

/* How the rows of site_frames.tsv start: a line that starts as none of
 * them has another key and needs no look-up. Nearly every line is told
 * so. */
#define FRAME_ROWS_MAX 8
typedef struct frame_openings {
    size_t count;
    bool any; /* a row whose first letter cannot be told: every line is looked up */
    key_opening row[FRAME_ROWS_MAX];
    /* c: some row opens with the letter an ASCII byte c stands for when the
     * byte after it is ASCII too (opening_first_letter: c, in lower case) */
    bool ascii_first[128];
} frame_openings;

/* The first letter opening_first_letter() tells for an ASCII byte above
 * the space, followed by an ASCII byte. */
static int32_t ascii_letter(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool add_row_opening(const char *word, const char *value, void *ctx)
{
    (void)value;
    frame_openings *f = ctx;
    key_opening o = opening_of(word, strcspn(word, "\t"));
    for (size_t k = 0; k < f->count; k++)
        if (f->row[k].first == o.first && f->row[k].second == o.second)
            return false; /* rows that open alike are tested once */
    if (!o.first || f->count == FRAME_ROWS_MAX) {
        f->any = true;
        return true;
    }
    f->row[f->count++] = o;
    /* the bytes ascii_letter() gives the row's first letter for: itself,
     * and a lower-case letter's capital */
    if (o.first > ' ' && o.first < 0x80 && !(o.first >= 'A' && o.first <= 'Z'))
        f->ascii_first[o.first] = true;
    if (o.first >= 'a' && o.first <= 'z')
        f->ascii_first[o.first - 32] = true;
    return false;
}

/* May the line's key, whose first letter is `first` (0: not told), be a
 * row's? False only when its opening tells it apart from every row's. */
static bool may_be_site_row(const frame_openings *f, int32_t first, const char *s, size_t n)
{
    int32_t second = -1; /* -1: not told yet */
    if (!first)
        return true;
    for (size_t k = 0; k < f->count; k++) {
        if (f->row[k].first != first)
            continue;
        if (second < 0)
            second = opening_second_letter(s, n);
        if (!f->row[k].second || !second || f->row[k].second == second)
            return true;
    }
    return false;
}

/* May the line's key be a row's? may_be_site_row() with the line's first
 * letter, as opening_first_letter() tells it. */
static bool may_be_site_line(const frame_openings *f, const char *s, size_t n)
{
    if (f->any)
        return true;
    /* most lines open with an ASCII letter before another ASCII byte, whose
     * first letter is told by a table (a byte no row opens with is
     * told apart at once) */
    unsigned char c = n ? (unsigned char)s[0] : 0, d = n > 1 ? (unsigned char)s[1] : 0;
    if (c > ' ' && c < 0x80 && d < 0x80)
        return f->ascii_first[c] && may_be_site_row(f, ascii_letter(c), s, n);
    return may_be_site_row(f, opening_first_letter(s, n), s, n);
}

/* The openings of the built-in site_frames.tsv, read once per thread
 * (its rows never change), not at every document. */
static _Thread_local frame_openings builtin_frame_rows;
static _Thread_local bool builtin_frame_rows_read;

/* The openings of the rows of the document's site_frames.tsv: the
 * built-in copy's as read once, or those of the grammar folder's copy,
 * read into *own. */
static const frame_openings *frame_rows(vnp_document *doc, frame_openings *own)
{
    if (doc->internal->grammar_dir || !builtin_frame_rows_read) {
        *own = (frame_openings){0};
        lexicon_each(doc->internal, "site_frames.tsv", add_row_opening, own);
        /* a list that gave no row (failed to load) is read again next time */
        if (doc->internal->grammar_dir || (!own->count && !own->any))
            return own;
        builtin_frame_rows = *own;
        builtin_frame_rows_read = true;
    }
    return &builtin_frame_rows;
}

/* The first line of the site's text after the document, or 0. */
static size_t trailing_frame_line(vnp_document *doc, const lines_product *lines,
                                  size_t first_line)
{
    frame_openings own;
    const frame_openings *rows = frame_rows(doc, &own);
    for (size_t i = 0; i < lines->count; i++) {
        const src_line *ln = &lines->lines[i];
        /* a line at or before the header's first would leave no document */
        /* a table row's bytes are its cells since layout, and a site's
         * text after the document is never a row */
        if (!ln->len || ln->len > FRAME_LINE_MAX || ln->no <= first_line ||
            (ln->flags & LINE_CELLS) || !may_be_site_line(rows, ln->text, ln->len))
            continue;
        const char *row = lexicon_lookup(doc->internal, "site_frames.tsv", ln->text, ln->len);
        if (!row)
            continue;
        char *end = NULL;
        unsigned long before = strtoul(row, &end, 10);
        const char *where = end && *end == '\t' ? end + 1 : "any";
        if (strncmp(where, "heading", 7) == 0 && !ln->hashes)
            continue;
        size_t at = i >= before ? i - before : 0;
        if (lines->lines[at].no > first_line)
            return lines->lines[at].no; /* one before the header would leave no document */
    }
    return 0;
}

/* Does any line before `line` hold text (not only markup or a "|")? */
static bool text_before(const lines_product *lines, size_t line)
{
    for (size_t i = 0; i < lines->count && lines->lines[i].no < line; i++)
        if (!(lines->lines[i].flags & (LINE_BLANK | LINE_PIPE)))
            return true;
    return false;
}

vnp_status frame_extract(vnp_document *doc, const lines_product *lines, frame_product *out)
{
    out->first_line = header_first_line(doc);
    out->end_line = trailing_frame_line(doc, lines, out->first_line);
    if (text_before(lines, out->first_line))
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_SITE_FRAME, 1,
                 "lines 1-%zu come before the header block (a website's banner); no "
                 "references are read there",
                 out->first_line - 1);
    if (out->end_line)
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_SITE_FRAME, out->end_line,
                 "lines %zu-%zu are a website's text after the document "
                 "(grammars/site_frames.tsv); no references are read there",
                 out->end_line, lines->count ? (size_t)lines->lines[lines->count - 1].no : 0);
    return stage_status(doc);
}

bool within_document(const frame_product *frame, size_t line)
{
    return line >= frame->first_line && (!frame->end_line || line < frame->end_line);
}
