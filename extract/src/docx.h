/* The .docx reader's parts (docx.c, docx_styles.c). Not installed. */
#ifndef VNPLAN_DOCX_H
#define VNPLAN_DOCX_H

#include "reader.h"

#include <libxml/tree.h>

enum { DOCX_LEVELS = 9, DOCX_MAX_STYLES = 2048, DOCX_MAX_LISTS = 1024 };

typedef struct docx_style {
    char id[64];
    char based_on[64];
    int outline;       /* heading level - 1 (w:outlineLvl, "heading N"), -1 for none */
    bool has_num;
    long num_id;
    int ilvl;
    bool has_bold;
    int bold;
} docx_style;

typedef struct docx_styles {
    docx_style items[DOCX_MAX_STYLES];
    size_t count;
} docx_styles;

/* What a paragraph's style (and its own w:pPr) says. */
typedef struct docx_para_props {
    int outline;  /* -1: body text */
    long num_id;  /* 0: not numbered */
    int ilvl;
    int bold;     /* the runs' default: 0 or 1 */
} docx_para_props;

typedef struct docx_level {
    bool defined;
    long start;
    char fmt[24];   /* w:numFmt: decimal, upperRoman, lowerLetter, bullet, none... */
    char text[48];  /* w:lvlText: "%1.", "%1.%2.", "%3)" */
    bool no_suffix; /* w:suff="nothing" */
    int restart;    /* w:lvlRestart, -1 when absent (restart after any higher level) */
    bool legal;     /* w:isLgl */
} docx_level;

typedef struct docx_abstract {
    long id;
    docx_level levels[DOCX_LEVELS];
    long counter[DOCX_LEVELS];
    bool started[DOCX_LEVELS];
} docx_abstract;

typedef struct docx_num {
    long id;
    long abstract;
    long start_override[DOCX_LEVELS]; /* -1: none */
    docx_level level_override[DOCX_LEVELS];
    bool used;
} docx_num;

typedef struct docx_numbering {
    docx_abstract abstracts[DOCX_MAX_LISTS];
    size_t abstract_count;
    docx_num nums[DOCX_MAX_LISTS];
    size_t num_count;
} docx_numbering;

bool docx_on_off(const char *val);
void docx_styles_read(docx_styles *st, const xmlDoc *xml);
void docx_style_resolve(const docx_styles *st, const char *id, docx_para_props *out);
void docx_numbering_read(docx_numbering *nb, const xmlDoc *xml);
void docx_label(docx_numbering *nb, long num_id, int ilvl, strbuf *out);

#endif
