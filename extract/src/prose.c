/* Prose stage: the tasks a plan assigns in paragraphs instead of a table.
 *
 * Under a numbered heading, a run of paragraphs or bullets that open with
 * a label and a colon (grammars/prose_labels.tsv: "Cơ quan chủ trì:",
 * "Thời gian thực hiện:", "Sản phẩm:" ...) is one task: the heading is the
 * task, each label fills the cell of its role, as a table row would. The
 * records go into tables of kind "prose", one for each run of such blocks
 * that no table row interrupts, placed among the other tables in document
 * order; the interpretation stage then reads their agencies and dates as
 * for any table row. Table rows are never read here: a cell that holds
 * labels belongs to its table. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define LABEL_MAX_BYTES 80         /* a label is a few words before its colon */
#define FIELDS_MAX 16              /* labelled fields of one paragraph */
#define LOOKBACK_PARAS 40          /* how far above its labels a block's heading may stand */
#define BOLD_HEADING_MAX_BYTES 600 /* a bold paragraph longer than this is text */
#define STYLES (STYLE_LETTER + 1)
#define NONE ((size_t)-1)

/* ---- labels ---------------------------------------------------------------- */

/* The bytes of a bullet ("-", "+", "•", "–"...) and the spaces after it at
 * the start of s, or 0. */
static size_t bullet_len(const char *s, size_t n)
{
    static const char *const marks[] = {"-", "+", "*", "\xE2\x80\xA2", "\xE2\x80\x93",
                                        "\xE2\x80\x94", "\xC2\xB7"};
    unsigned char c = n ? (unsigned char)s[0] : 0;
    if (c != '-' && c != '+' && c != '*' && c != 0xE2 && c != 0xC2)
        return 0; /* the first byte of no mark: most texts */
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t w = strlen(marks[k]);
        if (n > w && memcmp(s, marks[k], w) == 0 && s[w] != marks[k][0]) {
            while (w < n && s[w] == ' ')
                w++;
            return w;
        }
    }
    return 0;
}

static vnp_cell_role role_named(const char *v)
{
    size_t n = strcspn(v, "\t");
    for (int k = 0; k < VNP_CELL_ROLES; k++) {
        const char *name = vnp_cell_role_string((vnp_cell_role)k);
        if (strlen(name) == n && strncmp(name, v, n) == 0)
            return (vnp_cell_role)k;
    }
    return VNP_CELL_OTHER;
}

static void trim(const char **s, size_t *n)
{
    while (*n && **s == ' ') {
        (*s)++;
        (*n)--;
    }
    while (*n && (*s)[*n - 1] == ' ')
        (*n)--;
}

/* Is s[at..) a label followed by its colon? Sets the role, the label and
 * the position of the colon. */
static bool label_at(struct vnp_internal *in, const char *s, size_t n, size_t at,
                     prose_field *f, size_t *colon)
{
    size_t span = n - at < LABEL_MAX_BYTES ? n - at : LABEL_MAX_BYTES;
    const char *c = memchr(s + at, ':', span);
    if (!c)
        return false;
    const char *label = s + at;
    size_t len = (size_t)(c - label);
    trim(&label, &len);
    const char *v = prose_label_role(in, label, len);
    if (!v)
        return false;
    f->role = role_named(v);
    f->label = label;
    f->label_len = len;
    *colon = (size_t)(c - s);
    return true;
}

/* A value of dots or ellipses only ("........", "…………") is a blank. */
static bool has_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t w;
        int32_t cp = utf8_decode(s + i, n - i, &w);
        if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
            (cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x206F)))
            return true;
        i += w ? w : 1;
    }
    return false;
}

static void set_value(prose_field *f, const char *s, size_t from, size_t to)
{
    const char *v = s + from;
    size_t len = to > from ? to - from : 0;
    trim(&v, &len);
    f->value = v;
    f->value_len = has_text(v, len) ? len : 0;
}

size_t prose_fields(struct vnp_internal *in, const char *s, size_t n, prose_field *out,
                    size_t cap)
{
    size_t colon, k = 0;
    if (!cap || !label_at(in, s, n, bullet_len(s, n), &out[0], &colon))
        return 0;
    size_t from = colon + 1;
    /* "Chủ trì: A; phối hợp: B" and "Sản phẩm: A. Thời hạn: B" hold two */
    for (size_t i = from; i < n && k + 1 < cap; i++) {
        if (s[i] != ';' && s[i] != '.' && s[i] != ',')
            continue;
        size_t at = i + 1, next_colon;
        while (at < n && s[at] == ' ')
            at++;
        if (at == i + 1 || !label_at(in, s, n, at, &out[k + 1], &next_colon))
            continue;
        set_value(&out[k++], s, from, s[i] == '.' ? i + 1 : i);
        from = next_colon + 1;
        i = next_colon;
    }
    set_value(&out[k++], s, from, n);
    return k;
}

/* ---- headings ---------------------------------------------------------------- */

typedef enum head_kind { HEAD_NONE, HEAD_NUMBERED, HEAD_BARE, HEAD_BOLD } head_kind;

/* "3.", "a)", "IV." alone: a number whose title is the next paragraph. */
static bool bare_token(const para *p, heading_token *t)
{
    char buf[24];
    if (p->len == 0 || p->len + 3 > sizeof buf)
        return false;
    memcpy(buf, p->text, p->len);
    memcpy(buf + p->len, " x", 3);
    if (!parse_heading_token(buf, p->len + 2, t) || strcmp(t->title, "x") != 0)
        return false;
    t->number = p->text + (t->number - buf); /* into the paragraph, not the copy */
    t->title = p->text + p->len;
    return true;
}

/* What p can be above a block of labels: a numbered heading or list item,
 * a lone number, or a bold line. */
static head_kind heading_kind(const para *p, heading_token *t)
{
    memset(t, 0, sizeof *t);
    if (p->kind != PARA_TEXT)
        return HEAD_NONE;
    if (bare_token(p, t))
        return HEAD_BARE;
    if (parse_heading_token(p->text, p->len, t))
        return HEAD_NUMBERED;
    if ((p->bold || p->hashes) && p->len <= BOLD_HEADING_MAX_BYTES)
        return HEAD_BOLD;
    return HEAD_NONE;
}

static bool ends_item(const para *p)
{
    return p->len && (p->text[p->len - 1] == ';' || p->text[p->len - 1] == ',');
}

/* ---- reading blocks of labels ------------------------------------------------ */

/* A field's text as written, in the order the block gives it. */
typedef struct piece {
    vnp_cell_role role;
    const char *text;
    size_t len;
} piece;

/* A block that assigns work, kept until the blocks around it are known. */
typedef struct block {
    const char *cell[VNP_CELL_ROLES];
    const char *label[VNP_CELL_ROLES]; /* the first label of each role, as written */
    size_t label_len[VNP_CELL_ROLES];
    size_t first, last; /* paragraphs of its labels */
    size_t heading;     /* the numbered or bold paragraph above it, or NONE */
    size_t title;       /* the paragraph with a lone number's title, or NONE */
    size_t text;        /* the first paragraph of text above its labels, or NONE */
    size_t owner;       /* the heading it shares with the blocks before it, or NONE */
    bool own_text;      /* a time under a bullet: the bullet is the task */
    bool after_break;   /* a table row or an annex stands between it and the block before */
} block;

typedef struct scan {
    vnp_document *doc;
    const para *paras;   /* the paragraphs product's */
    size_t para_count;
    const parts_product *parts;
    arena tmp;               /* marks, pieces and blocks: freed when the stage ends */
    unsigned char *in_block; /* per paragraph: read as part of a block of labels */
    size_t *parent;          /* per paragraph: the numbered paragraph it falls under, or NONE */
    size_t open[STYLES];     /* the last numbered paragraph of each style still open */
    bool reading;
    block cur;               /* the block being read */
    vec pieces;              /* piece of cur */
    vnp_cell_role cont_role; /* the field that bullets go on, or VNP_CELL_ROLES */
    const char *cont_mark;   /* the bullet of that field's own paragraph */
    size_t cont_mark_len;
    vec blocks;              /* the blocks that assign work, in document order */
    bool broken;             /* a table row or an annex since the last block kept */
    bool last_kept;
    size_t last_owner;
} scan;

static size_t deepest_open(const scan *sc, int below)
{
    for (int r = below - 1; r > 0; r--)
        if (sc->open[r] != NONE)
            return sc->open[r];
    return NONE;
}

/* Keeps the tree of numbered paragraphs: what each paragraph falls under,
 * and the list that a numbered one opens or continues. */
static void track_heading(scan *sc, size_t i)
{
    heading_token t;
    head_kind k = heading_kind(&sc->paras[i], &t);
    if (k != HEAD_NUMBERED && k != HEAD_BARE) {
        sc->parent[i] = deepest_open(sc, STYLES);
        return;
    }
    sc->parent[i] = deepest_open(sc, (int)t.style);
    sc->open[t.style] = i;
    for (int r = (int)t.style + 1; r < STYLES; r++)
        sc->open[r] = NONE;
}

static void add_piece(scan *sc, vnp_cell_role role, const char *s, size_t n)
{
    piece *pc = n ? vec_push(&sc->tmp, &sc->pieces) : NULL;
    if (pc)
        *pc = (piece){role, s, n};
}

/* The bullet itself, without the spaces after it. */
static size_t mark_len(const char *s, size_t n)
{
    size_t b = bullet_len(s, n);
    while (b && s[b - 1] == ' ')
        b--;
    return b;
}

static bool read_labels(scan *sc, size_t i)
{
    const para *p = &sc->paras[i];
    prose_field f[FIELDS_MAX];
    size_t nf = p->kind == PARA_TEXT
                    ? prose_fields(sc->doc->internal, p->text, p->len, f, FIELDS_MAX)
                    : 0;
    if (!nf)
        return false;
    if (!sc->reading) {
        memset(&sc->cur, 0, sizeof sc->cur);
        sc->cur.first = i;
        sc->reading = true;
    }
    sc->cur.last = i;
    sc->in_block[i] = 1;
    for (size_t k = 0; k < nf; k++) {
        if (!sc->cur.label[f[k].role]) {
            sc->cur.label[f[k].role] = f[k].label;
            sc->cur.label_len[f[k].role] = f[k].label_len;
        }
        add_piece(sc, f[k].role, f[k].value, f[k].value_len);
    }
    /* "- Cơ quan thực hiện:" with nothing after it: the agencies follow in
     * bullets of their own */
    const prose_field *last = &f[nf - 1];
    bool open = !last->value_len || last->value[last->value_len - 1] == ':';
    sc->cont_role = open ? last->role : VNP_CELL_ROLES;
    sc->cont_mark = p->text;
    sc->cont_mark_len = mark_len(p->text, p->len);
    return true;
}

/* A bullet under a field left open continues it, unless it is a bullet of
 * the same kind as the field's own (the next item of that list). */
static bool read_continuation(scan *sc, size_t i)
{
    const para *p = &sc->paras[i];
    if (!sc->reading || sc->cont_role == VNP_CELL_ROLES || p->kind != PARA_TEXT)
        return false;
    size_t b = bullet_len(p->text, p->len), m = mark_len(p->text, p->len);
    if (!b || (m == sc->cont_mark_len && memcmp(p->text, sc->cont_mark, m) == 0))
        return false;
    add_piece(sc, sc->cont_role, p->text + b, p->len - b);
    sc->cur.last = i;
    sc->in_block[i] = 1;
    return true;
}

/* The pieces of one role joined: a piece that does not end in punctuation
 * is an item of a list ("+ Sở A" / "+ Sở B") and gets a "; ". */
static const char *join_role(scan *sc, vnp_cell_role role)
{
    const piece *pc = sc->pieces.items;
    size_t len = 0;
    for (size_t i = 0; i < sc->pieces.count; i++)
        len += pc[i].role == role ? pc[i].len + 2 : 0;
    char *out = arena_alloc(&sc->doc->internal->mem, len + 1);
    size_t at = 0;
    for (size_t i = 0; out && i < sc->pieces.count; i++) {
        if (pc[i].role != role)
            continue;
        if (at) {
            if (!strchr(".;,:", out[at - 1]))
                out[at++] = ';';
            out[at++] = ' ';
        }
        memcpy(out + at, pc[i].text, pc[i].len);
        at += pc[i].len;
    }
    if (out)
        out[at] = '\0';
    return out;
}

/* Work is assigned: a lead, or two fields of which one says who helps,
 * what is done or what comes out (a time and a budget alone are no task). */
static bool assigns_work(unsigned present)
{
    unsigned fields = 0;
    for (unsigned v = present; v; v &= v - 1)
        fields++;
    unsigned work = 1u << VNP_CELL_SUPPORT | 1u << VNP_CELL_OUTPUT | 1u << VNP_CELL_ACTIVITY;
    return (present & 1u << VNP_CELL_LEAD) || (fields >= 2 && (present & work));
}

/* A time alone is a task's when it follows the task's own bullet:
 * "- Tham mưu ban hành kế hoạch ..." then "Thời gian hoàn thành: ...". */
static bool times_a_bullet(const scan *sc, size_t first)
{
    size_t k = first;
    while (k > sc->parts->body_start && sc->paras[k - 1].kind == PARA_FOOTNOTE)
        k--;
    if (k <= sc->parts->body_start || sc->in_block[k - 1])
        return false;
    const para *p = &sc->paras[k - 1];
    return p->kind == PARA_TEXT && bullet_len(p->text, p->len) > 0;
}

/* "- Số lượng: 02 hội nghị": a bullet that gives an attribute, not a task. */
static bool opens_with_attribute(const para *p)
{
    size_t b = bullet_len(p->text, p->len);
    size_t span = p->len - b < LABEL_MAX_BYTES / 2 ? p->len - b : LABEL_MAX_BYTES / 2;
    return memchr(p->text + b, ':', span) != NULL;
}

/* Is the numbered paragraph k an item of a list ("a) ...;" then "b) ...")
 * rather than a heading? */
static bool list_item(const para *paras, size_t k, const heading_token *t)
{
    heading_token prev;
    return k > 0 && ends_item(&paras[k - 1]) &&
           heading_kind(&paras[k - 1], &prev) == HEAD_NUMBERED && prev.style == t->style;
}

/* Walks up from the block's labels to what names its task: the heading
 * (past a list of items that it introduced), or else the text after the
 * block before it. */
static void find_heading(scan *sc, block *b)
{
    size_t lo = sc->parts->body_start, g = b->first, nearest = NONE;
    bool by_block = false, limit = false;
    int list_style = STYLE_NONE;
    b->heading = b->title = b->text = NONE;
    for (size_t k = g; k > lo;) {
        if (g - --k > LOOKBACK_PARAS) {
            limit = true;
            break;
        }
        const para *p = &sc->paras[k];
        if (p->kind == PARA_FOOTNOTE)
            continue;
        if (p->kind == PARA_ROW || sc->in_block[k] ||
            (k >= sc->parts->closing_start && k < sc->parts->closing_end)) {
            by_block = sc->in_block[k] != 0;
            break;
        }
        heading_token t;
        head_kind kind = heading_kind(p, &t);
        if (kind == HEAD_NUMBERED && ((int)t.style == list_style || list_item(sc->paras, k, &t))) {
            list_style = (int)t.style;
            kind = HEAD_NONE;
        }
        if (kind != HEAD_NONE) {
            heading_token num;
            b->heading = k;
            if (kind == HEAD_BOLD && k > lo && heading_kind(&sc->paras[k - 1], &num) == HEAD_BARE)
                b->heading = k - 1; /* "**1.**" then "**Title**" */
            if (b->heading != k || kind == HEAD_BARE)
                b->title = b->heading + 1 < g ? b->heading + 1 : NONE;
            break;
        }
        b->text = k;
        if (nearest == NONE)
            nearest = k;
    }
    if (limit) /* nothing above names it: the text just above does */
        b->text = nearest;
    if (b->title != NONE && b->text == b->title) /* the title is the heading's */
        b->text = b->title + 1 < g ? b->title + 1 : NONE;
    b->owner = b->heading != NONE            ? b->heading
               : by_block && sc->last_kept ? sc->last_owner
                                           : NONE;
}

static void close_block(scan *sc)
{
    if (!sc->reading)
        return;
    sc->reading = false;
    block *b = &sc->cur;
    unsigned present = 0;
    for (size_t i = 0; i < sc->pieces.count; i++)
        present |= 1u << ((piece *)sc->pieces.items)[i].role;
    bool work = assigns_work(present);
    b->own_text = !work && present == 1u << VNP_CELL_DEADLINE && times_a_bullet(sc, b->first);
    bool keep = work || b->own_text;
    if (keep) {
        find_heading(sc, b);
        keep = b->own_text ? b->text != NONE &&
                                 !opens_with_attribute(&sc->paras[b->text])
                           : b->heading != NONE || b->text != NONE;
    }
    block *slot = keep ? vec_push(&sc->tmp, &sc->blocks) : NULL;
    if (slot) {
        for (int k = 0; k < VNP_CELL_ROLES; k++)
            if (present & 1u << k)
                b->cell[k] = join_role(sc, (vnp_cell_role)k);
        b->after_break = sc->broken;
        sc->broken = false;
        *slot = *b;
    }
    sc->last_kept = keep;
    sc->last_owner = keep ? b->owner : NONE;
    sc->pieces.count = 0;
}

/* Reads every paragraph of the body once: blocks of labels, and the
 * numbered paragraphs that their headings may be. */
static void read_blocks(scan *sc)
{
    vnp_document *doc = sc->doc;
    size_t next_annex = 0;
    for (int r = 0; r < STYLES; r++)
        sc->open[r] = NONE;
    for (size_t i = sc->parts->body_start; i < sc->para_count; i++) {
        const para *p = &sc->paras[i];
        sc->parent[i] = NONE;
        if (next_annex < doc->annex_count && p->line >= doc->annexes[next_annex].line) {
            while (next_annex < doc->annex_count && p->line >= doc->annexes[next_annex].line)
                next_annex++;
            close_block(sc); /* an annex starts an outline of its own */
            sc->broken = true;
            for (int r = 0; r < STYLES; r++)
                sc->open[r] = NONE;
        }
        if (p->kind == PARA_ROW || (i >= sc->parts->closing_start && i < sc->parts->closing_end)) {
            close_block(sc);
            sc->broken = true;
            continue;
        }
        if (p->kind == PARA_FOOTNOTE || read_labels(sc, i) || read_continuation(sc, i))
            continue;
        close_block(sc);
        track_heading(sc, i);
    }
    close_block(sc);
}

/* ---- records ------------------------------------------------------------------ */

/* The number of a numbered paragraph as a table writes it ("3.1", "a)"),
 * or NULL; with `bare`, without the closing bracket (for a parent). */
static const char *number_of(const scan *sc, size_t k, bool bare)
{
    vnp_document *doc = sc->doc;
    heading_token t;
    if (k == NONE)
        return NULL;
    head_kind kind = heading_kind(&sc->paras[k], &t);
    if (kind != HEAD_NUMBERED && kind != HEAD_BARE)
        return NULL;
    size_t n = t.number_len + (!bare && t.style == STYLE_LETTER);
    return arena_strndup(&doc->internal->mem, t.number, n);
}

/* A paragraph's text as a task: without its number or bullet and the
 * colon that introduced what follows. NULL when nothing is left. */
static const char *task_text(const scan *sc, size_t k, bool numbered)
{
    vnp_document *doc = sc->doc;
    const para *p = &sc->paras[k];
    heading_token t;
    const char *s = p->text;
    head_kind kind = heading_kind(p, &t);
    if (numbered && kind == HEAD_BARE)
        return NULL; /* a lone number: its title is elsewhere */
    if (numbered && kind == HEAD_NUMBERED)
        s = t.title;
    else
        s += bullet_len(s, p->len);
    size_t n = p->len - (size_t)(s - p->text);
    while (n && (s[n - 1] == ' ' || s[n - 1] == ':'))
        n--;
    trim(&s, &n);
    return n ? arena_strndup(&doc->internal->mem, s, n) : NULL;
}

/* The part of the plan a record stands in, as "II. NỘI DUNG": the Roman
 * heading of the outline that encloses line (the top one when there is
 * none). *at walks the outline once, the records coming in order. */
static const char *section_above(vnp_document *doc, size_t line, size_t *at)
{
    for (; *at < doc->outline_count && doc->outline[*at].line <= line; (*at)++)
        ;
    if (*at == 0)
        return NULL;
    const vnp_heading *h = &doc->outline[*at - 1];
    if (h->line == line && h->parent) /* the record's own heading: the part is above it */
        h = &doc->outline[h->parent - 1];
    while (strcmp(h->style, "roman") != 0 && h->parent)
        h = &doc->outline[h->parent - 1];
    const char *title = h->title ? h->title : "";
    size_t n = strlen(h->number) + strlen(title) + 3;
    char *s = arena_alloc(&doc->internal->mem, n);
    if (s)
        snprintf(s, n, title[0] ? "%s. %s" : "%s", h->number, title);
    return s;
}

/* How many blocks from j on share block j's heading. */
static size_t run_length(const block *b, size_t n, size_t j)
{
    size_t k = j + 1;
    while (b[j].owner != NONE && k < n && b[k].owner == b[j].owner && !b[k].after_break)
        k++;
    return k - j;
}

/* The record of block b. A heading over several blocks names their group:
 * each block's own text is its task, and the heading its parent. */
static bool make_record(scan *sc, const block *b, bool shared, vnp_record *r, size_t *outline_at)
{
    vnp_document *doc = sc->doc;
    const para *paras = sc->paras;
    bool from_heading = b->heading != NONE && !((shared || b->own_text) && b->text != NONE);
    size_t at = from_heading ? b->heading : b->text;
    memset(r, 0, sizeof *r);
    r->kind = VNP_RECORD_TASK;
    r->line = paras[at].line;
    const char *cells[VNP_CELL_ROLES];
    memcpy(cells, b->cell, sizeof cells);
    if (from_heading) {
        r->number = number_of(sc, b->heading, false);
        r->parent = number_of(sc, sc->parent[b->heading], true);
        cells[VNP_CELL_TASK] = b->title != NONE ? task_text(sc, b->title, false)
                                                : task_text(sc, b->heading, true);
    } else {
        r->parent = number_of(sc, b->owner != NONE ? b->owner : sc->parent[b->text], true);
        cells[VNP_CELL_TASK] = task_text(sc, b->text, false);
    }
    r->section = section_above(doc, r->line, outline_at);
    return cells[VNP_CELL_TASK] != NULL && record_set_cells(&doc->internal->mem, r, cells);
}

/* The columns of a prose table: the roles its records fill, each headed
 * by the first label written for it (the number and the task have none). */
static void set_columns(scan *sc, vnp_table *t, const block *b, size_t n)
{
    const char *header[VNP_CELL_ROLES] = {0};
    bool used[VNP_CELL_ROLES] = {false};
    for (size_t i = 0; i < t->record_count; i++) {
        used[VNP_CELL_NUMBER] |= t->records[i].number != NULL;
        for (int k = 0; k < VNP_CELL_ROLES; k++)
            used[k] |= (t->records[i].cell_roles >> k & 1u) != 0;
    }
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < VNP_CELL_ROLES; k++)
            if (!header[k] && b[i].label[k])
                header[k] = arena_strndup(&sc->doc->internal->mem, b[i].label[k],
                                          b[i].label_len[k]);
    size_t count = 0;
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        count += used[k];
    t->columns = arena_alloc(&sc->doc->internal->mem, (count ? count : 1) * sizeof *t->columns);
    for (int k = 0; t->columns && k < VNP_CELL_ROLES; k++)
        if (used[k])
            t->columns[t->column_count++] = (vnp_column){header[k] ? header[k] : "",
                                                          (vnp_cell_role)k};
}

/* One table of the blocks b[0..n). */
static void make_table(scan *sc, const block *b, size_t n, vec *tables, size_t *outline_at)
{
    vnp_document *doc = sc->doc;
    vnp_record *recs = arena_alloc(&doc->internal->mem, n * sizeof *recs);
    if (!recs)
        return;
    size_t count = 0;
    for (size_t j = 0; j < n;) {
        size_t run = run_length(b, n, j);
        for (size_t k = j; k < j + run; k++)
            if (make_record(sc, &b[k], run > 1, &recs[count], outline_at))
                recs[count].seq = para_u32(count + 1), count++;
        j += run;
    }
    vnp_table *t = count ? vec_push(&doc->internal->mem, tables) : NULL;
    if (!t)
        return;
    t->kind = "prose";
    t->records = recs;
    t->record_count = count;
    t->line = recs[0].line;
    t->end_line = sc->paras[b[n - 1].last].end_line;
    t->title = recs[0].section;
    set_columns(sc, t, b, n);
}

/* The annex tables and the prose tables in one list, by line. */
static void merge_tables(vnp_document *doc, const vec *prose)
{
    size_t n = doc->table_count + prose->count;
    vnp_table *all = arena_alloc(&doc->internal->mem, n * sizeof *all);
    if (!all)
        return;
    const vnp_table *p = prose->items;
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        bool take_annex = b == prose->count ||
                          (a < doc->table_count && doc->tables[a].line <= p[b].line);
        all[i] = take_annex ? doc->tables[a++] : p[b++];
        all[i].index = i + 1;
    }
    doc->tables = all;
    doc->table_count = n;
}

vnp_status prose_extract(vnp_document *doc, const paragraphs_product *paras,
                         const parts_product *parts)
{
    if (parts->body_start >= paras->count)
        return stage_status(doc);
    scan sc = {.doc = doc,
               .paras = paras->paras,
               .para_count = paras->count,
               .parts = parts,
               .pieces = {.size = sizeof(piece)},
               .blocks = {.size = sizeof(block)},
               .cont_role = VNP_CELL_ROLES,
               .last_owner = NONE};
    sc.in_block = arena_alloc(&sc.tmp, paras->count);
    sc.parent = arena_alloc(&sc.tmp, paras->count * sizeof *sc.parent);
    if (sc.in_block && sc.parent) {
        memset(sc.in_block, 0, paras->count);
        read_blocks(&sc);
    }
    vec tables = {.size = sizeof(vnp_table)};
    const block *b = sc.blocks.items;
    size_t outline_at = 0;
    for (size_t j = 0, k; j < sc.blocks.count; j = k) {
        for (k = j + 1; k < sc.blocks.count && !b[k].after_break; k++)
            ;
        make_table(&sc, b + j, k - j, &tables, &outline_at);
    }
    if (tables.count)
        merge_tables(doc, &tables);
    arena_release(&sc.tmp);
    return stage_status(doc);
}
