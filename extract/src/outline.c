/* Outline stage: numbered headings as a tree.
 *
 * A heading opens with a numbering token (I., 1., 2.1., a), Điều 3,
 * Chương II...) and reads like a heading: bold, a markdown heading, or a
 * short line that does not end a sentence. Nesting follows the order in
 * which numbering styles appear, as a reader sees it: a style met for the
 * first time nests under the current heading; a style seen before closes
 * everything opened after it. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define OUTLINE_MAX_DEPTH 16
#define HEADING_MAX_BYTES 300
#define RUN_IN_MAX_BYTES 120

static const struct {
    const char *word;
    enum heading_style style;
} named_styles[] = {
    {"Phần", STYLE_PART}, {"Chương", STYLE_CHAPTER}, {"Mục", STYLE_SECTION},
    {"Điều", STYLE_ARTICLE}, {NULL, STYLE_NONE}};

static bool is_roman(char c)
{
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* "Điều 3." / "Chương II" / "Mục 1": the word, a number, then . : or space */
static bool parse_named(const char *s, size_t n, heading_token *t)
{
    for (size_t k = 0; named_styles[k].word; k++) {
        size_t w = strlen(named_styles[k].word);
        if (n <= w + 1 || strncmp(s, named_styles[k].word, w) != 0 || s[w] != ' ')
            continue;
        size_t i = w + 1, num = i;
        while (i < n && (is_digit(s[i]) || is_roman(s[i])))
            i++;
        if (i == num || (i < n && !strchr(".: ", s[i])))
            return false;
        t->style = named_styles[k].style;
        t->number = s; /* "Điều 3", "Chương II": the word belongs to the number */
        t->number_len = i;
        while (i < n && (s[i] == '.' || s[i] == ':' || s[i] == ' '))
            i++;
        t->title = s + i;
        return true;
    }
    return false;
}

/* "1.", "1.2", "1.2.3.", "II.", "a)", "đ)" */
static bool parse_numeric(const char *s, size_t n, heading_token *t)
{
    size_t i = 0, dots = 0;
    if (n > 2 && is_digit(s[0])) {
        size_t part = 0; /* digits in the current part: "1.250" is an amount */
        while (i < n && (is_digit(s[i]) || (s[i] == '.' && i + 1 < n && s[i + 1] != ' '))) {
            part = s[i] == '.' ? 0 : part + 1;
            if (dots > 0 && part > 2)
                return false;
            dots += s[i++] == '.';
        }
        bool closed = i < n && (s[i] == '.' || s[i] == ')');
        if (!(closed || dots > 0) || (i < n && !closed && s[i] != ' '))
            return false;
        t->number = s;
        t->number_len = i;
        t->style = dots == 0 ? STYLE_ARABIC : dots == 1 ? STYLE_DECIMAL2 : STYLE_DECIMAL3;
        i += closed;
    } else if (n > 2 && is_roman(s[0])) {
        while (i < n && is_roman(s[i]))
            i++;
        if (i >= n || s[i] != '.')
            return false;
        t->number = s;
        t->number_len = i++;
        t->style = STYLE_ROMAN;
    } else if (n > 2 && ((s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') ||
                         (n > 3 && strncmp(s, "đ)", 3) == 0))) {
        t->number = s;
        t->number_len = s[1] == ')' ? 1 : 2; /* "đ" is two bytes */
        t->style = STYLE_LETTER;
        i = t->number_len + 1;
    } else {
        return false;
    }
    if (i < n && s[i] != ' ')
        return false;
    t->title = s + i + (i < n);
    return true;
}

bool parse_heading_token(const char *s, size_t n, heading_token *t)
{
    memset(t, 0, sizeof *t);
    return parse_named(s, n, t) || parse_numeric(s, n, t);
}

/* "5. Cải cách tài chính công: Tiếp tục ...": a short title run into its
 * text with a colon. Returns the title's length, or 0. */
static size_t run_in_title_len(const heading_token *t, const para *p)
{
    size_t rest = p->len - (size_t)(t->title - p->text);
    const char *colon = memchr(t->title, ':', rest < RUN_IN_MAX_BYTES ? rest : RUN_IN_MAX_BYTES);
    return colon && colon > t->title ? (size_t)(colon - t->title) : 0;
}

bool para_is_heading(const para *p)
{
    heading_token t;
    if (p->kind != PARA_TEXT || p->len > HEADING_MAX_BYTES * 3 ||
        !parse_heading_token(p->text, p->len, &t))
        return false;
    if (t.style == STYLE_ROMAN || t.style == STYLE_PART || t.style == STYLE_CHAPTER ||
        t.style == STYLE_ARTICLE || p->bold || p->hashes)
        return true;
    char last = p->text[p->len - 1];
    if (p->len <= HEADING_MAX_BYTES && last != '.' && last != ';' && last != ',')
        return true;
    return run_in_title_len(&t, p) > 0;
}

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

/* The position a numbering token names in its list: 5 for "5", 2 for
 * "1.2", 2 for "b)", 4 for "IV", 3 for "Điều 3". */
static int ordinal(const heading_token *t)
{
    const char *s = t->number;
    size_t n = t->number_len;
    if (t->style == STYLE_LETTER) {
        if (n == 2) /* "đ" comes after "d" */
            return 5;
        return s[0] - 'a' + 1 + (s[0] > 'd');
    }
    size_t start = n;
    while (start > 0 && s[start - 1] != '.' && s[start - 1] != ' ')
        start--;
    if (start < n && is_roman(s[start])) {
        int v = 0, prev = 0;
        for (size_t i = n; i-- > start;) {
            int d = s[i] == 'I' ? 1 : s[i] == 'V' ? 5 : s[i] == 'X' ? 10 : s[i] == 'L' ? 50 : 100;
            v += d < prev ? -d : d;
            prev = d > prev ? d : prev;
        }
        return v;
    }
    return atoi(s + start);
}

/* Puts the heading's style on the stack; returns its level (1-based). The
 * heading continues the list whose last item it follows ("2." after "1.");
 * a list that restarts at 1 under another item of the same style is a
 * sub-list ("5." then "1."), so it nests. */
static size_t stack_place(level_stack *st, const heading_token *t)
{
    int v = ordinal(t);
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

static bool add_heading(vnp_document *doc, vec *out, level_stack *st, const para *p)
{
    arena *a = &doc->internal->mem;
    heading_token t;
    parse_heading_token(p->text, p->len, &t);
    size_t level = stack_place(st, &t);
    vnp_heading *h = vec_push(a, out);
    if (!h)
        return false;
    h->line = p->line;
    h->level = (int)level;
    h->style = style_name(t.style);
    h->number = arena_strndup(a, t.number, t.number_len);
    size_t run_in = p->bold || p->hashes ? 0 : run_in_title_len(&t, p);
    size_t tlen = run_in ? run_in : p->len - (size_t)(t.title - p->text);
    while (tlen && (t.title[tlen - 1] == ':' || t.title[tlen - 1] == ' '))
        tlen--;
    h->title = tlen ? arena_strndup(a, t.title, tlen) : NULL;
    h->parent = level > 1 ? st->heading[level - 2] : 0;
    st->heading[level - 1] = out->count;
    return h->number != NULL;
}

void outline_extract(vnp_document *doc)
{
    struct vnp_internal *in = doc->internal;
    vec out = {.size = sizeof(vnp_heading)};
    level_stack st = {.depth = 0};
    size_t next_annex = 0;
    for (size_t i = in->title_end; i < in->para_count; i++) {
        const para *p = &in->paras[i];
        if (next_annex < doc->annex_count && p->line >= doc->annexes[next_annex].line) {
            st.depth = 0; /* an annex starts an outline of its own */
            next_annex++;
        }
        if (i >= in->closing_start && i < in->closing_end)
            continue;
        if (para_is_heading(p) && !add_heading(doc, &out, &st, p))
            return;
    }
    doc->outline = out.items;
    doc->outline_count = out.count;
}
