/* The small XML writer shared by the output formats that are XML
 * (xml_writer.c, akn_writer.c): elements written straight into a strbuf,
 * text and attribute values escaped, indentation kept. Every element name
 * is one of ours, so no name is ever checked or escaped.
 *
 * Doing it here, rather than through libxml2's xmlTextWriter, keeps the
 * library's promise that a failed allocation is returned as an error:
 * libxml2 2.9's writer leaks blocks when its own allocations fail. */
#ifndef VNPLAN_XML_OUT_H
#define VNPLAN_XML_OUT_H

#include "internal.h"

typedef struct xml_out {
    out_sink sink;
    bool indent;
    bool tag_open;    /* "<name attr..." written, its ">" not yet */
    bool end_on_line; /* the open element holds text: its end tag follows it */
    size_t depth;
    size_t cap;
    size_t flat_depth;  /* depth of the open mixed-content element, 0 when none */
    const char **names; /* the open elements, innermost last */
} xml_out;

typedef xml_out *xw;

/* Text and attribute values are scanned for the bytes that need an entity
 * 16 at a time with SSE2 (true, the default, where the processor has it)
 * or 8 at a time; the tests compare the two. */
extern bool xml_uses_simd;

/* A writer into a buffer (file NULL) or handed to f a block at a time. */
void xml_out_init(xw w, unsigned flags, FILE *f);
/* The XML declaration. */
void xml_declaration(xw w);
void xml_start(xw w, const char *name);
/* An element of mixed content (text with inline elements, as a paragraph
 * holding a reference): nothing inside it is indented, so its text stays
 * as written. */
void xml_start_mixed(xw w, const char *name);
void xml_text(xw w, const char *text);
/* The text s[0..n), which need not end with a NUL. */
void xml_text_n(xw w, const char *s, size_t n);
void xml_end(xw w);
/* An attribute of the element just started; NULL value: none. */
void xml_attr(xw w, const char *name, const char *value);
/* A number attribute, left out when value is 0. */
void xml_attr_int(xw w, const char *name, long long value);
/* Ends the document: the last newline, and the names freed. */
void xml_out_close(xw w);

#endif
