/* Outline stage: numbered headings as a tree.
 *
 * A heading is a paragraph that heading.c says is one (a numbering token
 * of numbering.c, and the look of a heading). Nesting follows the order in
 * which numbering styles appear, as a reader sees it: a style met for the
 * first time nests under the current heading; a style seen before closes
 * everything opened after it. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define OUTLINE_MAX_DEPTH 16

static const char *style_name(enum heading_style s)
{
    static const char *const names[] = {"none",   "part",    "chapter",  "section", "article",
                                        "roman",  "arabic",  "decimal2", "decimal3", "letter"};
    return names[s];
}

typedef struct level_stack {
    enum heading_style style[OUTLINE_MAX_DEPTH];
    size_t heading[OUTLINE_MAX_DEPTH]; /* index + 1 in the outline */
    int last[OUTLINE_MAX_DEPTH];       /* ordinal of that level's last heading */
    size_t depth;
} level_stack;

/* Puts the heading's style on the stack; returns its level (1-based). The
 * heading continues the list whose last item it follows ("2." after "1.");
 * a list that restarts at 1 under another item of the same style is a
 * sub-list ("5." then "1."), so it nests. */
static size_t stack_place(level_stack *st, const heading_token *t)
{
    int v = numbering_ordinal(t);
    size_t innermost = st->depth;
    for (size_t k = st->depth; k-- > 0;) {
        if (st->style[k] != t->style)
            continue;
        if (innermost == st->depth)
            innermost = k;
        if (st->last[k] + 1 == v) {
            innermost = k;
            break;
        }
    }
    bool restart = innermost + 1 == st->depth && v == 1 && st->last[innermost] != 0;
    if (innermost < st->depth && !restart) {
        st->depth = innermost + 1;
        st->last[innermost] = v;
        return innermost + 1;
    }
    if (st->depth < OUTLINE_MAX_DEPTH) {
        st->last[st->depth] = v;
        st->style[st->depth++] = t->style;
    }
    return st->depth;
}

/* The heading paragraph p, whose token para_heading_token read into *tp. */
static bool add_heading(vnp_document *doc, vec *out, level_stack *st, const para *p,
                        const heading_token *tp)
{
    arena *a = &doc->internal->mem;
    heading_token t = *tp;
    size_t level = stack_place(st, &t);
    vnp_heading *h = vec_push(a, out);
    if (!h)
        return false;
    h->line = p->line;
    h->level = (int)level;
    h->style = style_name(t.style);
    h->number = arena_strndup(a, t.number, t.number_len);
    size_t run_in = p->bold || p->hashes ? 0 : heading_run_in_len(&t, p);
    size_t tlen = run_in ? run_in : p->len - (size_t)(t.title - p->text);
    while (tlen && (t.title[tlen - 1] == ':' || t.title[tlen - 1] == ' '))
        tlen--;
    h->title = tlen ? arena_strndup(a, t.title, tlen) : NULL;
    h->parent = level > 1 ? st->heading[level - 2] : 0;
    st->heading[level - 1] = out->count;
    return h->number != NULL;
}

vnp_status outline_extract(vnp_document *doc, const paragraphs_product *paras,
                           const title_product *title, const parts_product *parts)
{
    vec out = {.size = sizeof(vnp_heading)};
    level_stack st = {.depth = 0};
    size_t next_annex = 0;
    for (size_t i = title->title_end; i < paras->count; i++) {
        const para *p = &paras->paras[i];
        if (next_annex < doc->annex_count && p->line >= doc->annexes[next_annex].line) {
            st.depth = 0; /* an annex starts an outline of its own */
            next_annex++;
        }
        if (i >= parts->closing_start && i < parts->closing_end)
            continue;
        heading_token t; /* read once, for the test and the heading */
        if (para_heading_token(p, &t) && !add_heading(doc, &out, &st, p, &t))
            return VNP_ERR_NOMEM;
    }
    doc->outline = out.items;
    doc->outline_count = out.count;
    return stage_status(doc);
}
