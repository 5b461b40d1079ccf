/* The readers of document forms (.docx, .doc, HTML) and what they hand to
 * the text stages. Not installed.
 *
 * A reader turns its form into the text the converter layout of one
 * paragraph per line reads (README.md, "Input"): each paragraph on a line
 * of its own with a blank line after it, a line break inside a paragraph
 * as a markdown hard break, bold as **, a heading level as #, footnote
 * marks as <sup>N</sup>, and each table row as one tab-separated line, a
 * merged cell written once with the cells it covers left empty. Text that
 * would read as markup is escaped. Beside the text it keeps, for every
 * line, the paragraph it came from (and for a row, the paragraph of each
 * cell), which reader_apply() puts in place of the line numbers once the
 * lines are normalised: later stages then name paragraphs. */
#ifndef VNPLAN_READER_H
#define VNPLAN_READER_H

#include "internal.h"

typedef struct reader_line {
    size_t no;      /* the paragraph (1-based) */
    size_t cell_at; /* a row: its cells' paragraphs start here in cell_nos */
    size_t cells;
} reader_line;

typedef struct reader_out {
    arena *mem;     /* where the line records live (the document's scratch arena) */
    strbuf text;    /* the lines, each ended by '\n' */
    vec lines;      /* reader_line, one per line of text */
    vec cell_nos;   /* size_t */
    size_t paragraphs; /* the highest paragraph number given */
    size_t limit;   /* text bytes allowed (VNP_MAX_INPUT_BYTES) */
    bool too_large;
} reader_out;

/* A paragraph's text as it is gathered: bold spans marked as they come. */
typedef struct para_text {
    strbuf buf;      /* escaped text with ** around bold spans */
    bool bold_open;  /* a ** is open in buf */
    size_t chars;    /* characters of text (not markup) */
    size_t bold_chars;
    bool space;      /* the last text byte was a space */
} para_text;

void reader_init(reader_out *o, arena *mem);
void reader_free(reader_out *o);
/* Appends text s[0..n) to p, bold or not; white space is folded to single
 * spaces, and what would read as markup is escaped. */
void pt_add(para_text *p, const char *s, size_t n, bool bold);
/* A break inside the paragraph (w:br, <br>): a new line of the same one. */
void pt_break(para_text *p);
void pt_clear(para_text *p);
/* Writes paragraph `no` (heading level 0 for none; footnote marker or
 * NULL) and a blank line. An empty paragraph writes the blank line only. */
void reader_para(reader_out *o, size_t no, para_text *p, int level, const char *footnote);
/* One table row of `count` cells, on paragraph `row_no` (its first own
 * cell's); cells[i] may be NULL (empty), nos[i] is the paragraph of cell i
 * (of the merged cell that covers it, for a covered one). */
void reader_row(reader_out *o, para_text *const *cells, const size_t *nos, size_t count,
                size_t row_no);
/* Puts each line's paragraph numbers in place of the line numbers of
 * the lines normalize_lines made of the reader's text. */
void reader_apply(vnp_document *doc, const reader_out *o, lines_product *lines);
/* A footnote mark as the text stages read it: <sup>marker</sup>, with the
 * marker cut to the letters, digits and '*' of its first 16 bytes. */
void pt_marker(para_text *p, const char *marker, size_t n);

/* The readers: text (NUL-terminated, in the document's arena) to feed
 * normalize_lines, and the line records in o. VNP_ERR_FORMAT with the
 * reason in err when the input cannot be read as its form. */
vnp_status docx_read(vnp_document *doc, const char *bytes, size_t len, reader_out *o,
                     vnp_error *err);
vnp_status html_read(vnp_document *doc, const char *bytes, size_t len, reader_out *o,
                     vnp_error *err);
/* A .doc converted by soffice into a .docx, then read as one. */
vnp_status doc_read(vnp_document *doc, const char *bytes, size_t len, reader_out *o,
                    vnp_error *err);

/* The form the bytes are in (detect.c); never VNP_FORM_AUTO. */
vnp_form detect_form(const char *bytes, size_t len);
/* Starts a binary form (zip, OLE2, PDF): reading must not stop at a NUL. */
bool detect_binary(const char *bytes, size_t len);
/* Fills err with status st and a message; returns st. */
vnp_status reader_fail(vnp_error *err, vnp_status st, const char *fmt, ...) VNP_PRINTF_LIKE(3, 4);

#endif
