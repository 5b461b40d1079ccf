/* Is this paragraph a heading? A numbering token (numbering.c) and the
 * look of a heading: bold, a markdown heading, or a short line that does
 * not end a sentence. A shared test below the stages: header, parts,
 * outline and tables call it, and it calls no stage. */
#include "internal.h"

#include <string.h>

#define HEADING_MAX_BYTES 300
#define RUN_IN_MAX_BYTES 120

/* "5. Cải cách tài chính công: Tiếp tục ...": a short title run into its
 * text with a colon. Returns the title's length, or 0. */
size_t heading_run_in_len(const heading_token *t, const para *p)
{
    size_t rest = p->len - (size_t)(t->title - p->text);
    const char *colon = memchr(t->title, ':', rest < RUN_IN_MAX_BYTES ? rest : RUN_IN_MAX_BYTES);
    return colon && colon > t->title ? (size_t)(colon - t->title) : 0;
}

bool para_heading_token(const para *p, heading_token *t)
{
    if (p->kind != PARA_TEXT || p->len > HEADING_MAX_BYTES * 3 ||
        !parse_heading_token(p->text, p->len, t))
        return false;
    if (t->style == STYLE_ROMAN || t->style == STYLE_PART || t->style == STYLE_CHAPTER ||
        t->style == STYLE_ARTICLE || p->bold || p->hashes)
        return true;
    char last = p->text[p->len - 1];
    if (p->len <= HEADING_MAX_BYTES && last != '.' && last != ';' && last != ',')
        return true;
    return heading_run_in_len(t, p) > 0;
}

bool para_is_heading(const para *p)
{
    heading_token t;
    return para_heading_token(p, &t);
}
