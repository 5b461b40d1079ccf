/* The .docx reader: the zip (libzip) and its parts (libxml2), document.xml
 * read as a stream (xmlTextReader) so a large body is never held as a
 * tree. Paragraphs are numbered in body order, those of table cells
 * included; the footnotes (footnotes.xml) follow the body, in the order of
 * their marks, numbered after its last paragraph.
 *
 * Merged cells: a cell spanning columns (w:gridSpan) is written once and
 * the columns it covers left empty; the cells a vertical merge continues
 * (w:vMerge without a value, or "continue") are empty too. That is how the
 * text converters write them, and the table stage fills such an empty cell
 * from the row above down its hierarchy of text columns (objective > task
 * > activity), never in the columns of agencies and times. */
#define _POSIX_C_SOURCE 200809L
#include "docx.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <zip.h>

/* document.xml may inflate to the input limit; the other parts are small
 * in any real document. A part that inflates to more than RATIO times its
 * compressed size, past BOMB_FLOOR bytes, is a zip bomb: refused before it
 * is read when its header says so, and as it is read when the header
 * declares less than the part inflates to (libzip does not hold a part to
 * its declared size, so a bomb that lies would run to the limit). */
#define DOCX_PART_MAX ((size_t)64 << 20)
#define DOCX_BOMB_RATIO 200
#define DOCX_BOMB_FLOOR ((size_t)16 << 20)

static const char w_ns[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char w_strict_ns[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }
void reader_xml_init(void);
void reader_xml_init(void) { pthread_once(&xml_once, xml_init); }

/* ---- the zip ------------------------------------------------------------ */

typedef struct part_stream {
    zip_file_t *f;
    const char *name;
    size_t read, limit, compressed;
    size_t declared; /* the size the header gives, or SIZE_MAX */
    bool bomb, failed;
} part_stream;

/* Whether a part of size bytes, compressed into compressed, is past the
 * bounds: over limit, or over RATIO times its compressed size past FLOOR. */
static bool past_bounds(size_t size, size_t compressed, size_t limit)
{
    return size > limit || (size > DOCX_BOMB_FLOOR && size / DOCX_BOMB_RATIO > compressed);
}

static bool part_open(zip_t *za, const char *name, size_t limit, part_stream *ps)
{
    memset(ps, 0, sizeof *ps);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(za, name, 0, &st) != 0)
        return false;
    ps->f = zip_fopen(za, name, 0);
    ps->name = name;
    ps->limit = limit;
    ps->compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
    ps->declared = (st.valid & ZIP_STAT_SIZE) && st.size < SIZE_MAX ? (size_t)st.size : SIZE_MAX;
    if (ps->declared != SIZE_MAX && past_bounds(ps->declared, ps->compressed, limit)) {
        ps->read = ps->declared; /* what the message names */
        ps->bomb = true;
    }
    return ps->f != NULL;
}

static int part_read(void *ctx, char *buf, int len)
{
    part_stream *ps = ctx;
    if (ps->bomb || ps->failed)
        return -1;
    zip_int64_t got = zip_fread(ps->f, buf, (zip_uint64_t)len);
    if (got < 0) {
        ps->failed = true;
        return -1;
    }
    ps->read += (size_t)got;
    if (past_bounds(ps->read, ps->compressed, ps->limit) || ps->read > ps->declared) {
        ps->bomb = true;
        return -1;
    }
    return (int)got;
}

static int part_close(void *ctx)
{
    part_stream *ps = ctx;
    if (ps->f)
        zip_fclose(ps->f);
    ps->f = NULL;
    return 0;
}

static vnp_status part_error(const part_stream *ps, const char *xml_msg, int line,
                             vnp_error *err)
{
    if (ps->bomb)
        return reader_fail(err, VNP_ERR_FORMAT,
                           "%s inflates past %zu MiB (%zu bytes compressed%s): a zip bomb, "
                           "not a document", ps->name, ps->read >> 20, ps->compressed,
                           ps->read > ps->declared ? ", more than its header declares" : "");
    if (ps->failed)
        return reader_fail(err, VNP_ERR_FORMAT,
                           "%s cannot be inflated: the .docx is truncated or damaged", ps->name);
    return reader_fail(err, VNP_ERR_FORMAT, "%s is not well-formed XML (line %d: %s)", ps->name,
                       line, xml_msg && *xml_msg ? xml_msg : "parse error");
}

/* libxml2 reports through this, never on stderr; the first error is kept. */
typedef struct xml_errors {
    char message[120];
    int line;
} xml_errors;

static void keep_error(void *ctx, xmlErrorPtr e)
{
    xml_errors *x = ctx;
    if (!x || !e || x->message[0] || e->level < XML_ERR_ERROR)
        return;
    snprintf(x->message, sizeof x->message, "%s", e->message ? e->message : "error");
    size_t n = strlen(x->message);
    while (n && (x->message[n - 1] == '\n' || x->message[n - 1] == ' '))
        x->message[--n] = '\0';
    x->line = e->line;
}

/* A small part read whole into a tree; NULL with err filled when it is
 * there but broken; NULL with *absent when the zip lacks it. */
static xmlDoc *read_tree(zip_t *za, const char *name, bool *absent, vnp_status *st,
                         vnp_error *err)
{
    part_stream ps;
    *absent = false;
    *st = VNP_OK;
    if (!part_open(za, name, DOCX_PART_MAX, &ps)) {
        *absent = true;
        return NULL;
    }
    xml_errors x = {{0}, 0};
    xmlParserCtxtPtr ctxt = xmlCreateIOParserCtxt(NULL, NULL, part_read, part_close, &ps,
                                                  XML_CHAR_ENCODING_NONE);
    if (!ctxt) {
        part_close(&ps);
        *st = VNP_ERR_NOMEM;
        return NULL;
    }
    ctxt->sax->serror = NULL; /* errors go to this thread's structured handler: x */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(&x, keep_error);
    xmlParseDocument(ctxt);
    xmlDoc *doc = ctxt->myDoc;
    bool ok = ctxt->wellFormed && doc && !ps.bomb && !ps.failed;
    if (!x.message[0] && !ok && ctxt->lastError.message)
        keep_error(&x, &ctxt->lastError);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    part_close(&ps);
    if (!ok) {
        xmlFreeDoc(doc);
        *st = part_error(&ps, x.message, x.line, err);
        return NULL;
    }
    return doc;
}

/* ---- the body --------------------------------------------------------- */

typedef struct cell {
    para_text text;
    size_t no;
} cell;

typedef struct walker {
    vnp_document *doc;
    reader_out *out;
    docx_styles *styles;
    docx_numbering *numbering;
    xmlDoc *footnotes;
    size_t para_no;
    /* the paragraph being read */
    int p_depth;           /* w:p inside w:p (a text box): one paragraph */
    para_text para;
    docx_para_props props;
    char p_style[64];
    bool own_num, own_outline;
    bool label_done;
    bool in_ppr, in_rpr, in_t;
    int run_bold;          /* -1: the paragraph's default */
    /* tables: depth, and the cells of the row being read at depth 1 */
    int tbl_depth;
    cell *cells;
    size_t cell_count, cell_cap;
    long span;             /* w:gridSpan of the cell being read */
    bool merged;           /* the cell continues a vertical merge */
    long grid_before, grid_after;
    size_t row_no;         /* the first paragraph of the row */
    /* footnote marks, in the order they stand */
    long *notes;
    size_t note_count, note_cap;
    bool failed;
} walker;

static para_text *target(walker *w)
{
    return w->tbl_depth > 0 && w->cell_count ? &w->cells[w->cell_count - 1].text : &w->para;
}

static bool name_is(xmlTextReaderPtr r, const char *name)
{
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    return ns && (strcmp(ns, w_ns) == 0 || strcmp(ns, w_strict_ns) == 0) &&
           strcmp((const char *)xmlTextReaderConstLocalName(r), name) == 0;
}

/* w:val of the current element into buf ("" when absent); true when present. */
static bool attr_val(xmlTextReaderPtr r, const char *name, char *buf, size_t cap)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)w_ns);
    if (!v)
        v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)w_strict_ns);
    buf[0] = '\0';
    if (!v)
        return false;
    snprintf(buf, cap, "%s", (const char *)v);
    xmlFree(v);
    return true;
}

static long long_val(xmlTextReaderPtr r, const char *name, long fallback)
{
    char buf[32];
    if (!attr_val(r, name, buf, sizeof buf))
        return fallback;
    char *end = NULL;
    long v = strtol(buf, &end, 10);
    return end && *end == '\0' ? v : fallback;
}

/* The number label of the paragraph, once its properties are known. */
static void put_label(walker *w)
{
    if (w->label_done || w->p_depth != 1)
        return;
    w->label_done = true;
    docx_para_props style = {-1, 0, 0, 0};
    docx_style_resolve(w->styles, w->p_style, &style);
    if (!w->own_num) {
        w->props.num_id = style.num_id;
        w->props.ilvl = style.ilvl;
    }
    if (!w->own_outline)
        w->props.outline = style.outline;
    w->props.bold = style.bold;
    strbuf label = {0};
    docx_label(w->numbering, w->props.num_id, w->props.ilvl, &label);
    if (label.len)
        pt_add(target(w), label.data, label.len, w->props.bold);
    w->failed |= label.failed;
    sb_free(&label);
}

static void para_start(walker *w)
{
    if (++w->p_depth > 1) {
        pt_add(target(w), " ", 1, false);
        return;
    }
    w->para_no++;
    w->props = (docx_para_props){-1, 0, 0, 0};
    w->run_bold = -1;
    w->p_style[0] = '\0';
    w->own_num = w->own_outline = w->label_done = false;
    para_text *t = target(w);
    if (t != &w->para && t->chars)
        pt_add(t, " ", 1, false); /* the next paragraph of a cell */
    if (w->tbl_depth > 0 && w->cell_count && !w->cells[w->cell_count - 1].no)
        w->cells[w->cell_count - 1].no = w->para_no;
}

static void para_end(walker *w)
{
    if (w->p_depth-- > 1)
        return;
    put_label(w);
    if (w->tbl_depth > 0)
        return;
    int level = w->props.outline >= 0 && w->props.outline < 9 ? w->props.outline + 1 : 0;
    reader_para(w->out, w->para_no, &w->para, level, NULL);
    pt_clear(&w->para);
}

static bool add_cell(walker *w, size_t no)
{
    if (w->cell_count == w->cell_cap) {
        size_t cap = w->cell_cap ? w->cell_cap * 2 : 16;
        cell *c = mem_realloc(w->cells, w->cell_cap * sizeof *c, cap * sizeof *c);
        if (!c || cap > ((size_t)1 << 20)) {
            mem_free(c == w->cells ? NULL : c);
            w->failed = true;
            return false;
        }
        memset(c + w->cell_cap, 0, (cap - w->cell_cap) * sizeof *c);
        w->cells = c;
        w->cell_cap = cap;
    }
    cell *c = &w->cells[w->cell_count++];
    pt_clear(&c->text);
    c->no = no;
    return true;
}

static void row_start(walker *w)
{
    w->cell_count = 0;
    w->grid_before = w->grid_after = 0;
    w->row_no = w->para_no + 1;
}

static void cell_start(walker *w)
{
    for (long k = 0; k < w->grid_before && k < 64; k++)
        add_cell(w, w->para_no + 1);
    w->grid_before = 0;
    add_cell(w, 0);
    w->span = 1;
    w->merged = false;
}

static void cell_end(walker *w)
{
    if (!w->cell_count)
        return;
    cell *c = &w->cells[w->cell_count - 1];
    if (!c->no)
        c->no = w->para_no ? w->para_no : 1;
    if (w->merged)
        pt_clear(&c->text); /* the text stands in the cell the merge starts at */
    size_t no = c->no;
    for (long k = 1; k < w->span && k < 64; k++)
        if (!add_cell(w, no))
            return;
}

static void row_end(walker *w)
{
    for (long k = 0; k < w->grid_after && k < 64; k++)
        add_cell(w, w->para_no);
    if (!w->cell_count)
        return;
    para_text **cells = mem_alloc(w->cell_count * sizeof *cells);
    size_t *nos = mem_alloc(w->cell_count * sizeof *nos);
    if (cells && nos) {
        for (size_t i = 0; i < w->cell_count; i++) {
            cells[i] = &w->cells[i].text;
            nos[i] = w->cells[i].no ? w->cells[i].no : w->para_no;
        }
        reader_row(w->out, cells, nos, w->cell_count, w->row_no);
    } else {
        w->failed = true;
    }
    mem_free(cells);
    mem_free(nos);
    w->cell_count = 0;
}

static void note_mark(walker *w, long id)
{
    size_t k = 0;
    while (k < w->note_count && w->notes[k] != id)
        k++;
    if (k == w->note_count) {
        if (w->note_count == w->note_cap) {
            size_t cap = w->note_cap ? w->note_cap * 2 : 16;
            long *n = mem_realloc(w->notes, w->note_cap * sizeof *n, cap * sizeof *n);
            if (!n) {
                w->failed = true;
                return;
            }
            w->notes = n;
            w->note_cap = cap;
        }
        w->notes[w->note_count++] = id;
    }
    char marker[24];
    snprintf(marker, sizeof marker, "%zu", k + 1);
    put_label(w);
    pt_marker(target(w), marker, strlen(marker));
}

static bool run_is_bold(const walker *w)
{
    return w->run_bold >= 0 ? w->run_bold != 0 : w->props.bold != 0;
}

/* An element opens (or stands empty). */
static void element(walker *w, xmlTextReaderPtr r)
{
    char buf[64];
    bool empty = xmlTextReaderIsEmptyElement(r) == 1;
    if (name_is(r, "p")) {
        para_start(w);
        if (empty)
            para_end(w);
    } else if (name_is(r, "pPr")) {
        w->in_ppr = !empty;
    } else if (w->in_ppr && w->p_depth == 1 && name_is(r, "pStyle")) {
        attr_val(r, "val", w->p_style, sizeof w->p_style);
    } else if (w->in_ppr && w->p_depth == 1 && name_is(r, "numId")) {
        w->props.num_id = long_val(r, "val", 0);
        w->own_num = true;
    } else if (w->in_ppr && w->p_depth == 1 && name_is(r, "ilvl")) {
        w->props.ilvl = (int)long_val(r, "val", 0);
        w->own_num = true;
    } else if (w->in_ppr && w->p_depth == 1 && name_is(r, "outlineLvl")) {
        w->props.outline = (int)long_val(r, "val", -1);
        w->own_outline = true;
    } else if (name_is(r, "r")) {
        put_label(w);
        w->run_bold = -1;
    } else if (name_is(r, "rPr")) {
        w->in_rpr = !empty && !w->in_ppr;
    } else if (w->in_rpr && name_is(r, "b")) {
        w->run_bold = docx_on_off(attr_val(r, "val", buf, sizeof buf) ? buf : NULL);
    } else if (name_is(r, "t")) {
        put_label(w);
        w->in_t = !empty;
    } else if (name_is(r, "tab") && !w->in_ppr) {
        pt_add(target(w), " ", 1, false);
    } else if ((name_is(r, "br") || name_is(r, "cr")) && w->p_depth) {
        attr_val(r, "type", buf, sizeof buf);
        if (w->tbl_depth || strcmp(buf, "page") == 0 || strcmp(buf, "column") == 0)
            pt_add(target(w), " ", 1, false);
        else
            pt_break(target(w));
    } else if (name_is(r, "noBreakHyphen")) {
        pt_add(target(w), "-", 1, run_is_bold(w));
    } else if (name_is(r, "footnoteReference")) {
        note_mark(w, long_val(r, "id", -1));
    } else if (name_is(r, "tbl")) {
        if (++w->tbl_depth == 1)
            w->cell_count = 0;
    } else if (w->tbl_depth == 1 && name_is(r, "tr")) {
        row_start(w);
    } else if (w->tbl_depth == 1 && name_is(r, "gridBefore")) {
        w->grid_before = long_val(r, "val", 0);
    } else if (w->tbl_depth == 1 && name_is(r, "gridAfter")) {
        w->grid_after = long_val(r, "val", 0);
    } else if (w->tbl_depth == 1 && name_is(r, "tc")) {
        cell_start(w);
        if (empty)
            cell_end(w);
    } else if (w->tbl_depth == 1 && name_is(r, "gridSpan")) {
        w->span = long_val(r, "val", 1);
    } else if (w->tbl_depth == 1 && (name_is(r, "vMerge") || name_is(r, "hMerge"))) {
        attr_val(r, "val", buf, sizeof buf);
        w->merged = strcmp(buf, "restart") != 0;
    }
}

static void element_end(walker *w, xmlTextReaderPtr r)
{
    if (name_is(r, "p"))
        para_end(w);
    else if (name_is(r, "pPr"))
        w->in_ppr = false;
    else if (name_is(r, "rPr"))
        w->in_rpr = false;
    else if (name_is(r, "t"))
        w->in_t = false;
    else if (w->tbl_depth == 1 && name_is(r, "tc"))
        cell_end(w);
    else if (w->tbl_depth == 1 && name_is(r, "tr"))
        row_end(w);
    else if (name_is(r, "tbl"))
        w->tbl_depth--;
}

static void text(walker *w, xmlTextReaderPtr r)
{
    if (!w->in_t || !w->p_depth)
        return;
    const char *s = (const char *)xmlTextReaderConstValue(r);
    if (s)
        pt_add(target(w), s, strlen(s), run_is_bold(w));
}

/* Walks document.xml; VNP_OK or the error. */
static vnp_status walk_body(walker *w, zip_t *za, vnp_error *err)
{
    part_stream ps;
    if (!part_open(za, "word/document.xml", VNP_MAX_INPUT_BYTES, &ps))
        return reader_fail(err, VNP_ERR_FORMAT,
                           "a zip without word/document.xml: not a .docx document");
    xmlTextReaderPtr r = xmlReaderForIO(part_read, part_close, &ps, "word/document.xml", NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r) {
        part_close(&ps);
        return VNP_ERR_NOMEM;
    }
    xml_errors x = {{0}, 0};
    xmlTextReaderSetStructuredErrorHandler(r, keep_error, &x);
    int rc = xmlTextReaderRead(r);
    while (rc == 1 && !w->failed && !w->out->too_large) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *local = (const char *)xmlTextReaderConstLocalName(r);
            /* mc:Fallback repeats what mc:Choice says; deleted text is gone;
             * Next() lands on the node after the subtree, read as it comes */
            if (strcmp(local, "Fallback") == 0 || name_is(r, "del") || name_is(r, "delText") ||
                name_is(r, "instrText")) {
                rc = xmlTextReaderIsEmptyElement(r) == 1 ? xmlTextReaderRead(r)
                                                         : xmlTextReaderNext(r);
                continue;
            }
            element(w, r);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            element_end(w, r);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                   type == XML_READER_TYPE_WHITESPACE) {
            text(w, r);
        }
        rc = xmlTextReaderRead(r);
    }
    int line = xmlTextReaderGetParserLineNumber(r);
    xmlFreeTextReader(r);
    part_close(&ps);
    if (w->failed)
        return VNP_ERR_NOMEM;
    if (w->out->too_large)
        return reader_fail(err, VNP_ERR_TOO_LARGE, "the text of the .docx exceeds 1 GiB");
    if (rc < 0 || ps.bomb || ps.failed)
        return part_error(&ps, x.message, x.line ? x.line : line, err);
    return VNP_OK;
}

/* ---- footnotes ---------------------------------------------------------- */

static bool node_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text of a footnote's subtree, its own mark (w:footnoteRef) left out. */
static void note_text(const xmlNode *n, para_text *t)
{
    for (const xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (node_is(c, "t")) {
            xmlChar *s = xmlNodeGetContent(c);
            if (s)
                pt_add(t, (const char *)s, strlen((const char *)s), false);
            xmlFree(s);
        } else if (node_is(c, "tab") || node_is(c, "br") || node_is(c, "p")) {
            pt_add(t, " ", 1, false);
            if (node_is(c, "p"))
                note_text(c->children, t);
        } else if (!node_is(c, "delText") && !node_is(c, "instrText") &&
                   !node_is(c, "Fallback")) {
            note_text(c->children, t);
        }
    }
}

static const xmlNode *find_note(const xmlDoc *notes, long id)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)notes);
    char want[24];
    snprintf(want, sizeof want, "%ld", id);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!node_is(c, "footnote"))
            continue;
        xmlChar *v = xmlGetNsProp((xmlNode *)c, (const xmlChar *)"id", (const xmlChar *)w_ns);
        if (!v)
            v = xmlGetProp((xmlNode *)c, (const xmlChar *)"id");
        bool match = v && strcmp((const char *)v, want) == 0;
        xmlFree(v);
        if (match)
            return c;
    }
    return NULL;
}

static void write_footnotes(walker *w)
{
    if (!w->footnotes)
        return;
    para_text t = {0};
    for (size_t k = 0; k < w->note_count && !w->out->too_large; k++) {
        const xmlNode *n = find_note(w->footnotes, w->notes[k]);
        if (!n)
            continue;
        pt_clear(&t);
        note_text(n->children, &t);
        char marker[24];
        snprintf(marker, sizeof marker, "%zu", k + 1);
        reader_para(w->out, ++w->para_no, &t, 0, marker);
    }
    w->failed |= t.buf.failed;
    sb_free(&t.buf);
}

/* ---- the whole --------------------------------------------------------- */

static zip_t *open_zip(const char *bytes, size_t len, vnp_error *err, vnp_status *st)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!za) {
        *st = reader_fail(err, VNP_ERR_FORMAT,
                          "not a readable .docx: the zip archive is truncated or damaged (%s)",
                          zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
    }
    zip_error_fini(&ze);
    return za;
}

static vnp_status read_side_parts(walker *w, zip_t *za, vnp_error *err)
{
    bool absent;
    vnp_status st;
    xmlDoc *styles = read_tree(za, "word/styles.xml", &absent, &st, err);
    if (st != VNP_OK)
        return st;
    if (styles)
        docx_styles_read(w->styles, styles);
    xmlFreeDoc(styles);
    xmlDoc *numbering = read_tree(za, "word/numbering.xml", &absent, &st, err);
    if (st != VNP_OK)
        return st;
    if (numbering)
        docx_numbering_read(w->numbering, numbering);
    xmlFreeDoc(numbering);
    w->footnotes = read_tree(za, "word/footnotes.xml", &absent, &st, err);
    return st;
}

vnp_status docx_read(vnp_document *doc, const char *bytes, size_t len, reader_out *o,
                     vnp_error *err)
{
    reader_xml_init();
    vnp_status st = VNP_OK;
    zip_t *za = open_zip(bytes, len, err, &st);
    if (!za)
        return st;
    walker w = {.doc = doc, .out = o};
    w.styles = mem_calloc(1, sizeof *w.styles);
    w.numbering = mem_calloc(1, sizeof *w.numbering);
    if (!w.styles || !w.numbering)
        st = VNP_ERR_NOMEM;
    if (st == VNP_OK)
        st = read_side_parts(&w, za, err);
    if (st == VNP_OK)
        st = walk_body(&w, za, err);
    if (st == VNP_OK)
        write_footnotes(&w);
    if (st == VNP_OK && (w.failed || o->text.failed))
        st = VNP_ERR_NOMEM;
    if (st == VNP_OK && o->too_large)
        st = reader_fail(err, VNP_ERR_TOO_LARGE, "the text of the .docx exceeds 1 GiB");
    for (size_t i = 0; i < w.cell_cap; i++)
        sb_free(&w.cells[i].text.buf);
    mem_free(w.cells);
    mem_free(w.notes);
    sb_free(&w.para.buf);
    xmlFreeDoc(w.footnotes);
    mem_free(w.styles);
    mem_free(w.numbering);
    zip_discard(za);
    return st;
}
